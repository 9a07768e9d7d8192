"""A citizen's personal information: erased on request, exported whole, and anonymised when its time is up,
while the dashboard's figures stay as they were."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel, col, select

from channels import media_store
from channels.models import Attachment, Interaction
from core.clock import utcnow
from feedback.cases import events
from feedback.cases.models import Case, CaseEvent
from feedback.cases.statuses import OPEN_STATUSES
from feedback.metrics import reports
from feedback.privacy import erasure, export
from feedback.privacy.holdings import PrivacyRefused
from feedback.privacy.models import PrivacyAction
from jobs import periodic, privacy
from router.identity.models import Citizen, Identity
from tests.helpers.cases import text_in

WORDS = "河道有死鱼，我叫王五，电话13900139000，住在李家村"
PHOTO = b"\x89PNG fake photo of the river"


def citizen_with_a_case(client, runtime, closed_days_ago: int | None = 10, sender: str = "+8613800138000") -> Case:
    """A citizen texts in with their name and number, sends a photo, gets an internal note, and (by default) the
    case was closed `closed_days_ago` days ago; return the case."""
    case = text_in(client, runtime, WORDS, sender=sender)
    assert case is not None
    with runtime.session() as session:
        citizen = session.get(Citizen, case.citizen_id)
        citizen.name, citizen.village, citizen.county = "王五", "李家村", "青山县"
        contact = session.exec(
            select(Interaction).where(Interaction.case_id == case.id, Interaction.direction == "in")
        ).first()
        path = media_store.save(runtime.blobs, PHOTO, ".png")
        session.add(Attachment(interaction_id=contact.id, path=path, content_type="image/png", size=len(PHOTO),
                               filename="王五的照片.png"))  # fmt: skip
        events.record(session, case.id, "note", actor="li.agent", text="王五说他住李家村3号")
        stored = session.get(Case, case.id)
        if closed_days_ago is not None:
            stored.status, stored.closed_at = "closed", utcnow() - timedelta(days=closed_days_ago)
            stored.resolved_at = stored.closed_at
        session.add_all([citizen, stored])
    return case


def everything_stored(runtime) -> str:
    """Every row of every table, as one text, to look for a person's words in."""
    with Session(runtime.engine) as session:
        return "\n".join(
            str(row)
            for table in SQLModel.metadata.sorted_tables
            for row in session.exec(text(f'SELECT * FROM "{table.name}"'))
        )


def dashboard(runtime) -> dict:
    """The headline figures over the last month, as the dashboard computes them."""
    today = utcnow().date()
    with Session(runtime.engine) as session:
        return reports.figures(session, reports.ReportFilter(start=today - timedelta(days=40), end=today))


def test_erasing_a_citizen_removes_their_words_files_names_and_addresses_everywhere_but_keeps_the_figures(
    client, runtime, twilio
):
    case = citizen_with_a_case(client, runtime)
    before = dashboard(runtime)
    stored = everything_stored(runtime)
    assert "王五" in stored and "13800138000" in stored and "死鱼" in stored  # the check below can see them
    photo = media_store.save(runtime.blobs, PHOTO, ".png")

    with runtime.session() as session:
        counts = erasure.erase(session, runtime.blobs, case.citizen_id, "admin.zhao", "公民申请删除（2026-12-01 来电）")

    assert counts["cases"] == 1 and counts["files"] == 1 and counts["messages"] >= 2 and counts["addresses"] == 1
    stored = everything_stored(runtime)
    for personal in ("王五", "13800138000", "13900139000", "死鱼", "李家村"):
        assert personal not in stored
    assert not runtime.blobs.exists(photo)
    assert dashboard(runtime) == before
    with Session(runtime.engine) as session:
        citizen = session.get(Citizen, case.citizen_id)
        assert citizen.erased_at is not None and citizen.county == "青山县"  # a category the dashboard counts by
        assert session.exec(select(Identity)).all() == []
        audit = session.exec(select(PrivacyAction)).one()
        assert (audit.kind, audit.actor, audit.reason, audit.forced) == (
            "erase",
            "admin.zhao",
            "公民申请删除（2026-12-01 来电）",
            False,
        )
        erased = session.exec(select(CaseEvent).where(CaseEvent.kind == "citizen_erased")).one()
        assert erased.actor == "admin.zhao"


def test_a_citizen_who_writes_again_after_erasure_starts_a_new_record(client, runtime, twilio):
    case = citizen_with_a_case(client, runtime)
    with runtime.session() as session:
        erasure.erase(session, runtime.blobs, case.citizen_id, "admin.zhao", "公民申请")
    again = text_in(client, runtime, "路灯又坏了")
    assert again is not None and again.citizen_id != case.citizen_id


def test_erasing_or_exporting_a_citizen_with_open_cases_is_refused_unless_forced_with_a_reason(client, runtime, twilio):
    case = citizen_with_a_case(client, runtime, closed_days_ago=None)
    blobs = runtime.blobs
    with runtime.session() as session, pytest.raises(PrivacyRefused, match=f"open cases \\({case.reference}\\)"):
        erasure.erase(session, blobs, case.citizen_id, "admin.zhao", "公民申请")
    with runtime.session() as session, pytest.raises(PrivacyRefused, match="open cases"):
        export.export(session, case.citizen_id, "admin.zhao")
    with runtime.session() as session, pytest.raises(PrivacyRefused, match="needs a reason"):
        export.export(session, case.citizen_id, "admin.zhao", reason=" ", force=True)
    with runtime.session() as session, pytest.raises(PrivacyRefused, match="say why"):
        erasure.erase(session, blobs, case.citizen_id, "admin.zhao", "", force=True)
    assert "王五" in everything_stored(runtime)  # nothing was touched

    with runtime.session() as session:
        erasure.erase(session, blobs, case.citizen_id, "admin.zhao", "法院裁定", force=True)
    with Session(runtime.engine) as session:
        assert session.exec(select(PrivacyAction)).one().forced
        still = session.get(Case, case.id)
        assert still.status in OPEN_STATUSES and still.summary == ""  # worked on, without the citizen's words


def test_an_export_holds_the_citizens_profile_addresses_cases_messages_files_and_is_audited(client, runtime, twilio):
    case = citizen_with_a_case(client, runtime)
    with runtime.session() as session:
        document = export.export(session, case.citizen_id, "admin.zhao", reason="公民申请查阅")
    assert document["citizen"]["name"] == "王五" and document["citizen"]["id"] == case.citizen_id
    assert [a["urn"] for a in document["addresses"]] == ["tel:+8613800138000"]
    assert [c["reference"] for c in document["cases"]] == [case.reference]
    assert any(e["kind"] == "note" and "李家村3号" in e["detail"]["text"] for e in document["cases"][0]["events"])
    assert WORDS in [m["text"] for m in document["messages"] if m["direction"] == "in"]
    assert any(m["direction"] == "out" for m in document["messages"])  # the acknowledgement
    assert document["attachments"][0]["filename"] == "王五的照片.png"
    assert document["exported_at"].endswith("Z")
    with Session(runtime.engine) as session:
        audit = session.exec(select(PrivacyAction)).one()
        assert (audit.kind, audit.reason) == ("export", "公民申请查阅") and audit.counts["messages"] >= 2


def test_an_export_of_a_merged_record_covers_the_whole_person(client, runtime, twilio):
    from router.identity import merge

    first = citizen_with_a_case(client, runtime)
    second = citizen_with_a_case(client, runtime, sender="+8613700137000")
    with runtime.session() as session:
        merge.merge(session, first.citizen_id, second.citizen_id, "li.agent")
    with runtime.session() as session:
        document = export.export(session, second.citizen_id, "admin.zhao")  # the id that was merged away
    assert document["citizen"]["id"] == first.citizen_id
    assert sorted(a["urn"] for a in document["addresses"]) == ["tel:+8613700137000", "tel:+8613800138000"]
    assert [r["id"] for r in document["merged_records"]] == [second.citizen_id]


def test_retention_is_off_until_an_operator_sets_periods(client, runtime, twilio):
    citizen_with_a_case(client, runtime, closed_days_ago=5000)
    _age_messages(runtime, days=5000)
    assert privacy.expire_nightly() == {"messages": 0, "files": 0, "cases": 0, "citizens": 0}
    assert "王五" in everything_stored(runtime)


def test_the_nightly_job_anonymises_what_expired_and_never_touches_a_case_still_being_worked(
    client, runtime, twilio, monkeypatch
):
    old = citizen_with_a_case(client, runtime, closed_days_ago=400, sender="+8613700137000")
    working = citizen_with_a_case(client, runtime, closed_days_ago=None)
    _age_messages(runtime, days=400)
    recent = citizen_with_a_case(client, runtime, closed_days_ago=3, sender="+8613600136000")
    before = dashboard(runtime)
    settings = runtime.settings.with_overrides(
        retention_message_days=180, retention_media_days=90, retention_closed_case_days=365
    )
    monkeypatch.setattr(runtime, "settings", settings)

    totals = privacy.expire_nightly()

    assert totals["cases"] == 1 and totals["citizens"] == 1 and totals["files"] == 1
    with Session(runtime.engine) as session:

        def words(case: Case) -> list[str]:
            return [
                m.text
                for m in session.exec(
                    select(Interaction).where(Interaction.case_id == case.id, Interaction.direction == "in")
                )
            ]

        assert words(old) == [""] and session.get(Case, old.id).summary == ""
        assert session.get(Citizen, old.citizen_id).name is None
        assert session.exec(select(Identity).where(Identity.urn == "tel:+8613700137000")).first() is None
        assert words(working) == [WORDS]  # 400 days old, but its case is still open
        assert session.get(Citizen, working.citizen_id).name == "王五"
        assert words(recent) == [WORDS]
        attachments = {a.interaction_id: a for a in session.exec(select(Attachment))}
        assert sum(a.erased_at is not None for a in attachments.values()) == 1
        audit = session.exec(select(PrivacyAction)).one()
        assert audit.kind == "retention" and audit.counts["cases"] == 1 and "closed cases 365 d" in audit.reason
    assert dashboard(runtime) == before
    assert privacy.expire_nightly() == {"messages": 0, "files": 0, "cases": 0, "citizens": 0}  # done once


def test_the_retention_job_runs_once_a_day_among_the_periodic_jobs(runtime):
    job = next(job for job in periodic.PERIODIC if job.name == "privacy.retention")
    assert job.func == "jobs.privacy.expire_nightly" and job.every_seconds == 24 * 3600
    assert "privacy.retention" in periodic.enqueue_due(runtime, [job])
    assert periodic.enqueue_due(runtime, [job]) == []


def _age_messages(runtime, days: int) -> None:
    """Make every message so far `days` old."""
    with runtime.session() as session:
        for row in session.exec(select(Interaction).where(col(Interaction.id) > 0)):
            row.created_at = utcnow() - timedelta(days=days)
            session.add(row)
