"""Surge warnings: a burst of reports of one problem at one place, against its usual level, alerts supervisors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from scipy.stats import poisson
from sqlmodel import Session, select

from core.clock import utcnow
from feedback.cases.models import StaffNotification
from feedback.incidents import keys, linking, surges
from feedback.incidents.models import CaseFingerprint, ReportKey, SurgeAlert
from tests.helpers.cases import text_in
from tests.helpers.staff import make_user, sign_in_with_cookie


@pytest.mark.parametrize(("count", "mean"), [(1, 0.5), (5, 0.001), (8, 0.2), (30, 2.0), (3, 7.5), (0, 1.0)])
def test_the_poisson_tail_is_right_even_far_out(count, mean):
    assert surges.upper_tail(count, mean) == pytest.approx(poisson.sf(count - 1, mean), rel=1e-6, abs=1e-300)


def test_a_usual_level_is_not_a_surge_and_a_burst_is():
    # Forty reports in eight weeks at a place is about 0.2 in two hours: three now is usual enough…
    assert not surges.judge(3, 40).surge
    # …eight is not; and a place that never reports needs the floor of five before it alarms.
    assert surges.judge(8, 40).surge
    assert not surges.judge(4, 0).surge and surges.judge(5, 0).surge
    assert not surges.judge(9, 5000).surge  # a place that always reports that much


def test_five_villagers_in_two_hours_alert_the_supervisors_once(client, runtime, twilio):
    said = ["张家村停水了", "张家村没水了", "张家村自来水停了", "张家村还是没水", "张家村一直停水", "张家村停水了啊"]
    for n, text in enumerate(said[:4]):
        text_in(client, runtime, text, sender=f"+861380000001{n}")
    with Session(runtime.engine) as session:
        assert session.exec(select(SurgeAlert)).all() == []
    text_in(client, runtime, said[4], sender="+8613800000020")
    text_in(client, runtime, said[5], sender="+8613800000021")  # the same surge goes on: no second alert
    with Session(runtime.engine) as session:
        alerts = session.exec(select(SurgeAlert)).all()
        notes = session.exec(select(StaffNotification).where(StaffNotification.kind == "surge")).all()
    assert [(a.problem, a.place, a.count) for a in alerts] == [("water", "张家村", 5)]
    [note] = notes
    assert note.role == "supervisor" and note.text.startswith("Surge at 张家村: 5 reports of water in the last 2 h")
    bearer = {"Authorization": f"Bearer {runtime.settings.api_token}"}
    body = client.get("/api/alerts", headers=bearer).get_json()
    assert [(a["problem"], a["place"], a["count"]) for a in body["alerts"]] == [("water", "张家村", 5)]
    assert client.get("/api/alerts?days=0", headers=bearer).status_code == 400
    assert client.get("/api/alerts").status_code == 401
    sign_in_with_cookie(client, make_user(runtime, "boss", role="supervisor"))
    page = client.get("/incidents").get_data(as_text=True)
    assert "Surge alerts of the last 7 days" in page and "5 reports in 2 h where" in page and "no water" in page
    assert "/tasks/new?source=alert" in page


def test_reports_spread_over_the_day_raise_nothing_and_a_burst_does(runtime):
    from router.likeness import fingerprint
    from tests.helpers.cases import quick_case

    mark = fingerprint("张家村停水了")
    start = utcnow() - timedelta(days=2)

    def report(n: int, when) -> list:
        case_id = quick_case(runtime, "张家村停水了", urn=f"tel:+86138000003{n:02d}")
        with Session(runtime.engine) as session:
            places, problems, shingles = mark.stored()
            session.add(CaseFingerprint(case_id=case_id, department_id=1, opened_at=when, places=places,
                                        problems=problems, shingles=shingles))  # fmt: skip
            keys.record(session, case_id, mark, when)
            found = surges.check(session, case_id, mark, when)
            session.commit()
            return found

    # Eight reports three hours apart: never five in two hours.
    assert all(report(n, start + timedelta(hours=3 * n)) == [] for n in range(8))
    # Five within an hour, the next day: the fifth raises it.
    burst = [report(10 + n, start + timedelta(days=1, minutes=12 * n)) for n in range(5)]
    assert [len(found) for found in burst] == [0, 0, 0, 0, 1]


def _keys(runtime) -> list[tuple[str, str]]:
    with Session(runtime.engine) as session:
        return sorted((key.place, key.problem) for key in session.exec(select(ReportKey)))


def test_an_upgrade_counts_the_reports_of_the_last_eight_weeks_and_not_older_ones(client, runtime, twilio):
    import importlib.util

    from alembic.migration import MigrationContext
    from alembic.operations import Operations
    from sqlalchemy import delete

    from wiring.migrate import MIGRATIONS

    text_in(client, runtime, "张家村停水了", sender="+8613800000031")
    old = text_in(client, runtime, "李庄村路灯坏了", sender="+8613800000032")
    with Session(runtime.engine) as session:
        session.get(CaseFingerprint, old.id).opened_at = utcnow() - timedelta(days=100)
        session.commit()
    spec = importlib.util.spec_from_file_location("report_keys", MIGRATIONS / "versions" / "0257_report_keys.py")
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with runtime.engine.begin() as connection:
        connection.execute(delete(ReportKey))  # as before the upgrade: the counts searched the fingerprints' words
        with Operations.context(MigrationContext.configure(connection)):
            migration._fill(ReportKey.__table__)

    kinds = ["*", "water", "water_supply"]
    assert _keys(runtime) == [(place, kind) for place in ("张家", "张家村") for kind in kinds]  # and its shorter form


def test_erased_words_stop_counting_and_keys_past_any_count_are_pruned(client, runtime, twilio):
    first = text_in(client, runtime, "张家村停水了", sender="+8613800000041")
    text_in(client, runtime, "王庄村停水了", sender="+8613800000042")
    with Session(runtime.engine) as session:
        linking.forget(session, first.id)
        session.commit()
    assert {place for place, _ in _keys(runtime)} == {"王庄"}
    with Session(runtime.engine) as session:
        assert keys.prune(session, utcnow() + timedelta(days=30)) == 0  # still within a count's history
        assert keys.prune(session, utcnow() + timedelta(days=60)) == 3
        session.commit()
    assert _keys(runtime) == []
