"""Routing: the admin's keywords first, then the trained model when it is sure, else triage; training,
evaluating and retraining from the operator's command line."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from dataclasses import replace

import joblib
import pytest
from sqlmodel import Session, select

from core.runtime import install
from feedback.cases import events
from feedback.cases.models import Case
from router.decision import decide
from router.identity.models import Citizen
from router.model import classifier as routing_model
from router.model import published
from staff import catalogue
from staff.catalogue import DepartmentSpec
from staff.models import Department
from tests.helpers.routing import CONFIDENT_TRANSPORT, OFF_TOPIC, SAMPLE, SPECS, write_csv
from tests.helpers.staff import make_user, sign_in_with_form
from wiring import bootstrap

THRESHOLD = 0.5
_REFERENCES = itertools.count(1)


@pytest.fixture
def runtime(settings):
    """An install with a small catalogue (one keyword rule) and a threshold the small sample can reach."""
    runtime = install(bootstrap.build_runtime(settings.with_overrides(router_confidence_threshold=THRESHOLD)))
    published.forget(runtime)
    with runtime.session() as session:
        catalogue.sync(session, SPECS)
    return runtime


@pytest.fixture
def cli(runtime):
    from app import create_app

    return create_app(runtime=runtime).test_cli_runner()


@pytest.fixture(scope="session")
def sample_model_file(tmp_path_factory):
    """A model trained once on the sample, copied into each test's data directory when needed."""
    from router.model import training

    departments = [Department(code=s.code, name_zh=s.name_zh, name_en=s.name_en, is_triage=s.triage) for s in SPECS]
    examples = training.read_csv(write_csv(tmp_path_factory.mktemp("sample") / "sample.csv"), departments)
    path = tmp_path_factory.mktemp("model") / "router.joblib"
    routing_model.save(routing_model.train(examples.documents, examples.labels), path)
    return path


def _install_model(runtime, source) -> None:
    published.publish_file(runtime, source, "test")


def _route(runtime, text: str):
    with Session(runtime.engine) as session:
        routing = decide(session, text)
        return routing, session.get(Department, routing.department_id).code


def test_a_sure_model_routes_a_message_no_keyword_covers(runtime, sample_model_file):
    _install_model(runtime, sample_model_file)
    routing, code = _route(runtime, CONFIDENT_TRANSPORT)
    assert code == "transport"
    assert routing.confidence >= THRESHOLD and routing.rule.startswith("model: transport")


def test_the_admins_explicit_rule_wins_over_the_model(runtime, sample_model_file):
    _install_model(runtime, sample_model_file)
    routing, code = _route(runtime, CONFIDENT_TRANSPORT + "，还想问停水通知在哪里看")
    assert code == "water" and routing.rule.startswith("rules water: 停水通知")


def test_a_sure_model_decides_over_the_starter_keywords_of_departments_it_knows(runtime, sample_model_file):
    _install_model(runtime, sample_model_file)
    routing, code = _route(runtime, "公交车司机不按时发车，乘客在学校门口的车站等了一个小时")
    assert code == "transport" and routing.rule.startswith("model: transport")


def test_an_unsure_model_sends_the_message_to_triage_instead_of_guessing(runtime, sample_model_file):
    _install_model(runtime, sample_model_file)
    routing, code = _route(runtime, OFF_TOPIC)
    assert code == "triage"
    assert routing.rule.startswith("model unsure") and routing.confidence < THRESHOLD


def test_keywords_route_to_a_department_the_model_never_learnt(runtime, sample_model_file):
    _install_model(runtime, sample_model_file)
    with runtime.session() as session:
        catalogue.sync(session, [*SPECS, DepartmentSpec("parks", "园林绿化", "Parks", ("公园", "长椅"), False)])
    routing, code = _route(runtime, "人民公园的长椅坏了好几张，老人没地方坐")
    assert code == "parks" and "the model has not learnt parks" in routing.rule


def test_an_english_message_the_chinese_model_is_unsure_of_is_routed_by_keywords(runtime, sample_model_file):
    _install_model(runtime, sample_model_file)
    with runtime.session() as session:
        water = next(s for s in SPECS if s.code == "water")
        catalogue.sync(session, [*(s for s in SPECS if s.code != "water"), replace(water, keywords=("水表", "meter"))])
    routing, code = _route(runtime, "my meter has been spinning all night")
    assert code == "water" and "the model reads Chinese" in routing.rule


@pytest.mark.parametrize(
    "text", ["我想咨询一下", "你好，我要投诉", "有个问题想反映一下", "hello, I have a question", "在吗？", "🙏🙏"]
)
def test_a_message_that_names_no_matter_goes_to_triage_even_past_a_sure_model(runtime, sample_model_file, text):
    _install_model(runtime, sample_model_file)
    routing, code = _route(runtime, text)
    assert code == "triage" and routing.rule == "no clear matter" and not routing.clear


def test_without_a_model_rules_and_starter_keywords_route_and_the_rest_goes_to_triage(runtime):
    assert _route(runtime, "停水通知什么时候发")[0].rule.startswith("rules water")
    assert _route(runtime, "水表不走了")[0].rule.startswith("keywords water")
    routing, code = _route(runtime, CONFIDENT_TRANSPORT)
    assert code == "triage" and routing.rule == "no keyword matched"


def test_a_damaged_or_foreign_model_file_is_refused_and_the_active_model_keeps_routing(
    cli, runtime, sample_model_file, tmp_path
):
    _install_model(runtime, sample_model_file)
    damaged = tmp_path / "damaged.joblib"
    damaged.write_bytes(sample_model_file.read_bytes()[:500])
    foreign = tmp_path / "foreign.joblib"
    joblib.dump({"not": "a routing model"}, foreign)
    for path in (damaged, foreign, tmp_path / "nonsense"):
        path.exists() or path.write_bytes(b"not a model")
        result = cli.invoke(args=["router", "publish", str(path)])
        assert result.exit_code != 0 and "refused, the active model stays" in result.output
    assert [v.id for v in published.versions(runtime)] == [published.active_version(runtime).id]
    assert _route(runtime, CONFIDENT_TRANSPORT)[1] == "transport"


def test_a_model_published_on_another_host_is_picked_up_without_a_restart(settings, sample_model_file, monkeypatch):
    runtime = install(bootstrap.build_runtime(settings.with_overrides(blob_store="database")))
    published.forget(runtime)
    with runtime.session() as session:
        catalogue.sync(session, SPECS)
    _install_model(runtime, sample_model_file)
    first = published.active_model(runtime)
    assert published.active_model(runtime) is first  # loaded once, not per message
    monkeypatch.setattr(published, "CHECK_SECONDS", 0.2)  # 30 s in service
    _publish_on_another_host(runtime, sample_model_file)
    time.sleep(0.3)
    assert published.active_model(runtime) is not first
    assert "(other host)" in published.active_version(runtime).published_by


def _publish_on_another_host(runtime, model_file) -> None:
    """Publish a model from a new process with its own data directory, sharing only the database."""
    code = (
        "import sys; from pathlib import Path; from wiring import bootstrap; from router.model import published; "
        "published.publish_file(bootstrap.build_runtime(), Path(sys.argv[1]), 'other host')"
    )
    env = dict(
        os.environ,
        DATABASE_URL=runtime.settings.effective_database_url,
        REDIS_URL=runtime.settings.redis_url,
        CIVICLINE_DATA_DIR=str(runtime.settings.data_dir.parent / "other-host"),
        SECRET_KEY="other-host",
        BLOB_STORE="database",
    )
    subprocess.run([sys.executable, "-c", code, str(model_file)], env=env, check=True, timeout=120)


def test_train_from_a_csv_names_departments_by_chinese_name_or_code(cli, runtime, tmp_path):
    rows = dict(SAMPLE)
    rows["transport"] = rows.pop("交通运输")  # a code works as well as a name
    result = cli.invoke(args=["router", "train", str(write_csv(tmp_path / "history.csv", rows))])
    assert result.exit_code == 0, result.output
    assert "trained on 24 messages" in result.output and "transport" in result.output
    assert _route(runtime, CONFIDENT_TRANSPORT)[1] == "transport"


def test_unknown_departments_in_a_csv_are_named_and_no_model_is_written(cli, runtime, tmp_path):
    rows = dict(SAMPLE, 水利水务=["水库漏水"], 旅游=["景区门票太贵", "导游强迫购物"])
    result = cli.invoke(args=["router", "train", str(write_csv(tmp_path / "bad.csv", rows))])
    assert result.exit_code != 0
    assert "departments not in the catalogue" in result.output
    assert "'旅游' (2 rows)" in result.output and "'水利水务' (1 rows)" in result.output
    assert published.active_version(runtime) is None


def test_a_csv_without_a_department_column_is_refused(cli, runtime, tmp_path):
    path = write_csv(tmp_path / "unlabelled.csv", label_column="category")
    result = cli.invoke(args=["router", "train", str(path)])
    assert result.exit_code != 0 and "missing column(s) department" in result.output
    assert published.active_version(runtime) is None


def test_evaluate_prints_accuracy_f1_per_department_and_precision_when_sure(cli, sample_model_file, runtime, tmp_path):
    _install_model(runtime, sample_model_file)
    held_out = {
        "交通运输": ["公交车又晚点了，乘客等了很久", "The bus was late again and passengers waited"],
        "教育文体": ["学校老师布置的作业太多", "The primary school has too few teachers"],
        "供水服务": ["自来水有异味还发黄", "The tap water smells bad"],
    }
    result = cli.invoke(args=["router", "evaluate", str(write_csv(tmp_path / "dev.csv", held_out))])
    assert result.exit_code == 0, result.output
    for label in ("accuracy:", "macro-F1:", "routed on its own:", "at threshold 0.50", "precision", "ms per message"):
        assert label in result.output
    assert "交通运输 (transport)" in result.output and "教育文体 (schools)" in result.output


def test_evaluate_without_a_model_says_how_to_train_one(cli, tmp_path):
    result = cli.invoke(args=["router", "evaluate", str(write_csv(tmp_path / "dev.csv"))])
    assert result.exit_code != 0 and "router train" in result.output


def _history(runtime, transfers: int = 8) -> None:
    """Resolved cases in their final department, and triage cases an agent transferred (their text is a label)."""
    with runtime.session() as session:
        depts = {d.code: d for d in session.exec(select(Department))}
        citizen = Citizen(language="zh")
        session.add(citizen)
        session.flush()
        codes = {"供水服务": "water", "教育文体": "schools", "交通运输": "transport"}
        for number, (name, texts) in enumerate(SAMPLE.items()):
            for index, text in enumerate(texts[:transfers]):
                transferred = index % 2 == 0
                home = depts["triage" if transferred else codes[name]]
                case = Case(
                    reference=f"9{number}{index:04d}",
                    citizen_id=citizen.id,
                    department_id=home.id,
                    channel="sms",
                    summary=text,
                    status="in_progress" if transferred else "resolved",
                )
                session.add(case)
                session.flush()
                if transferred:
                    events.record(
                        session,
                        case.id,
                        "transferred",
                        actor="agent1",
                        from_department_id=home.id,
                        to_department_id=depts[codes[name]].id,
                        reason="wrong department",
                    )


def test_retrain_learns_from_transfers_and_resolved_cases_and_saves_a_first_model(cli, runtime, tmp_path):
    _history(runtime)
    result = cli.invoke(args=["router", "retrain", "--csv", str(write_csv(tmp_path / "extra.csv"))])
    assert result.exit_code == 0, result.output
    assert "48 labelled messages (24 csv:extra.csv, 12 resolved, 12 transfer)" in result.output
    assert "there was no model before: saved" in result.output
    assert _route(runtime, CONFIDENT_TRANSPORT)[1] == "transport"


def _resolved(runtime, texts: list[str], code: str, transferred_from: str | None = None) -> None:
    """Cases an agent finished in (or transferred to) a department, labelled now."""
    with runtime.session() as session:
        depts = {d.code: d.id for d in session.exec(select(Department))}
        citizen = session.exec(select(Citizen)).first()
        for text in texts:
            home = depts[transferred_from or code]
            case = Case(
                reference=f"7{next(_REFERENCES):07d}",
                citizen_id=citizen.id,
                department_id=home,
                channel="sms",
                summary=text,
                status="in_progress" if transferred_from else "resolved",
            )
            session.add(case)
            session.flush()
            if transferred_from:
                events.record(
                    session,
                    case.id,
                    "transferred",
                    actor="agent2",
                    from_department_id=home,
                    to_department_id=depts[code],
                    reason="bus stop flooding is the water company's",
                )


def test_retrain_keeps_the_current_model_when_the_new_one_is_no_better(cli, runtime, tmp_path):
    _history(runtime)
    everything = write_csv(tmp_path / "everything.csv")
    assert cli.invoke(args=["router", "retrain", "--csv", str(everything)]).exit_code == 0
    before = published.active_version(runtime).id
    _resolved(runtime, SAMPLE["交通运输"] + SAMPLE["教育文体"][:4], "transport")  # what it already routes well...
    _resolved(runtime, SAMPLE["教育文体"][4:], "schools")
    result = cli.invoke(args=["router", "retrain"])  # ...and the CSV it was trained with is remembered
    assert result.exit_code == 0, result.output
    assert "new model on the held-out messages:" in result.output
    assert "current model on the same messages:" in result.output
    assert "kept the current model (the new one is no better)" in result.output
    assert published.active_version(runtime).id == before


def test_retrain_replaces_the_model_when_agents_corrections_make_a_better_one(cli, runtime, tmp_path):
    _history(runtime)
    assert cli.invoke(args=["router", "retrain", "--csv", str(write_csv(tmp_path / "sample.csv"))]).exit_code == 0
    flooded = [f"{stop}公交车站积水很深，乘客没法候车" for stop in "东南西北中上下左右前后里"]
    assert _route(runtime, flooded[0])[1] == "transport"
    _resolved(runtime, flooded, "water", transferred_from="transport")
    result = cli.invoke(args=["router", "retrain"])
    assert result.exit_code == 0, result.output
    assert "saved the new model" in result.output
    assert _route(runtime, "南门公交车站积水很深，乘客没法候车")[1] == "water"


def test_retrain_without_new_labels_since_the_model_was_trained_keeps_it(cli, runtime, tmp_path):
    _history(runtime)
    assert cli.invoke(args=["router", "train", str(write_csv(tmp_path / "sample.csv"))]).exit_code == 0
    result = cli.invoke(args=["router", "retrain"])
    assert result.exit_code == 0, result.output
    assert "only 0 label(s) given since the current model was trained" in result.output


def test_retrain_with_too_little_history_says_so_and_changes_nothing(cli, runtime):
    _history(runtime, transfers=2)
    result = cli.invoke(args=["router", "retrain"])
    assert result.exit_code != 0 and "at least 40 labelled messages" in result.output
    assert published.active_version(runtime) is None


def test_a_site_with_only_two_departments_gets_a_working_model():
    from router.model import features

    rows = {name: SAMPLE[name] for name in ("供水服务", "交通运输")}
    documents = [features.document(t) for texts in rows.values() for t in texts]
    labels = [name for name, texts in rows.items() for _ in texts]
    model = routing_model.train(documents, labels)
    [(bus, bus_p), (tap, tap_p)] = model.predict(
        [features.document(CONFIDENT_TRANSPORT), features.document("自来水发黄")]
    )
    assert (bus, tap) == ("交通运输", "供水服务") and bus_p > 0.5 and tap_p > 0.5
    assert abs(model.probabilities([features.document("你好")]).sum() - 1) < 1e-6


def test_training_with_one_department_or_one_example_is_refused_with_a_reason():
    with pytest.raises(routing_model.ModelError, match="at least two departments"):
        routing_model.train(["a b", "c d"], ["water", "water"])
    with pytest.raises(routing_model.ModelError, match="too few for: schools"):
        routing_model.train(["a b", "c d", "e f"], ["water", "water", "schools"])
    documents, labels = ["a b", "c d", "e f", "g h"], ["water", "water", "schools", "schools"]
    for weights in ([1, 1, 0, 1], [1, 1, 1], [1, -2, 1, 1]):
        with pytest.raises(routing_model.ModelError, match="weights must be positive numbers, one per example"):
            routing_model.train(documents, labels, weights=weights)


def test_anonymised_place_codes_are_dropped_so_raw_and_segmented_text_read_alike():
    from router.model import features

    raw = features.words("A3区杜鹃文苑小区外的汽车检测站，C4市")
    segmented = features.words("A3 区 杜鹃 文苑 小区 外 汽车 检测站 C4 市")
    assert raw == segmented and "a3" not in raw and "c4" not in raw and "检测站" in raw


def test_the_confidence_reported_is_the_probability_of_the_department_chosen():
    from router.model import features

    documents = [features.document(t) for texts in SAMPLE.values() for t in texts]
    labels = [name for name, texts in SAMPLE.items() for _ in texts]
    model = routing_model.train(documents, labels)
    asked = [features.document(CONFIDENT_TRANSPORT), features.document(OFF_TOPIC)]
    for (department, confidence), row in zip(model.predict(asked), model.probabilities(asked), strict=True):
        assert confidence == pytest.approx(row[model.labels.index(department)])


def test_a_department_with_a_single_label_is_left_out_instead_of_stopping_the_retrain(cli, runtime, tmp_path):
    _history(runtime)
    with runtime.session() as session:
        parks = Department(code="parks", name_zh="园林绿化", name_en="Parks")
        session.add(parks)
        session.flush()
        citizen = session.exec(select(Citizen)).first()
        session.add(
            Case(
                reference="80000001",
                citizen_id=citizen.id,
                department_id=parks.id,
                channel="sms",
                summary="公园的长椅坏了",
                status="resolved",
            )
        )
    result = cli.invoke(args=["router", "retrain", "--csv", str(write_csv(tmp_path / "extra.csv"))])
    assert result.exit_code == 0, result.output
    assert "left out departments with fewer than 3 labelled messages: parks (1)" in result.output
    assert "there was no model before: saved" in result.output
    assert _route(runtime, CONFIDENT_TRANSPORT)[1] == "transport"
    from jobs import routing

    assert routing.retrain_nightly() is False  # nothing new to learn: kept, and the job does not fail


def test_a_few_agents_transfers_outweigh_a_file_that_files_such_messages_elsewhere(cli, runtime, tmp_path):
    """The file files lift breakdowns under commerce (equipment safety); this site's agents send them to housing."""
    from router.model import features
    from staff.catalogue import DepartmentSpec

    housing = DepartmentSpec("housing", "城乡建设", "Housing", (), False)
    commerce = DepartmentSpec("commerce", "商贸旅游", "Commerce", (), False)
    with runtime.session() as session:
        catalogue.sync(session, [*SPECS, housing, commerce])
    _history(runtime)
    places = "东南西北中上下左右前后里外"
    file_lifts = [f"{p}区{n}栋的电梯又坏了，电梯困人没人修" for p in places[:8] for n in (3, 9)]  # 16 rows
    rows = dict(SAMPLE, 商贸旅游=file_lifts)
    assert cli.invoke(args=["router", "train", str(write_csv(tmp_path / "file.csv", rows))]).exit_code == 0
    lifts = [features.document(t) for t in ("幸福小区的电梯又坏了", "我家小区电梯坏了三天", "小区电梯坏了没人管")]
    before = published.active_model(runtime)
    assert {department for department, _ in before.predict(lifts)} == {"commerce"}
    site_lifts = [f"{p}苑小区电梯坏了，老人下不了楼" for p in places[:10]]  # 10 labels, fewer than the file's 16
    _resolved(runtime, site_lifts, "housing", transferred_from="commerce")
    result = cli.invoke(args=["router", "retrain"])
    assert result.exit_code == 0, result.output
    assert "each resolved case and transfer counts 5 times a row of a file" in result.output
    assert "saved the new model" in result.output
    after = published.active_model(runtime)
    assert {department for department, _ in after.predict(lifts)} == {"housing"}


def test_rollback_makes_the_previous_version_active_and_the_admin_page_says_which(cli, client, runtime, tmp_path):
    first = published.publish_file(runtime, _sample_file(tmp_path), "test")
    rows = dict(SAMPLE)
    rows["transport"] = rows.pop("交通运输")
    assert (
        "published as version" in cli.invoke(args=["router", "train", str(write_csv(tmp_path / "b.csv", rows))]).output
    )
    second = published.active_version(runtime).id
    assert second > first
    result = cli.invoke(args=["router", "rollback"])
    assert result.exit_code == 0 and f"version {first} is active again" in result.output
    assert published.active_version(runtime).id == first
    listing = cli.invoke(args=["router", "versions"]).output.splitlines()
    assert listing[0].startswith(f"  {second:4d}") and listing[1].startswith(f"* {first:4d}")
    make_user(runtime, "root", role="admin")
    sign_in_with_form(client, "root")
    page = client.get("/admin/routing").get_data(as_text=True)
    assert f'<dd class="model-version">{first} ·' in page and "router rollback" in page
    assert cli.invoke(args=["router", "rollback"]).exit_code != 0  # nothing before the first version


def _sample_file(tmp_path):
    from router.model import training

    departments = [Department(code=s.code, name_zh=s.name_zh, name_en=s.name_en, is_triage=s.triage) for s in SPECS]
    examples = training.read_csv(write_csv(tmp_path / "sample.csv"), departments)
    path = tmp_path / "router.joblib"
    routing_model.save(routing_model.train(examples.documents, examples.labels), path)
    return path


def test_an_upgraded_install_publishes_the_model_it_kept_in_its_data_directory(settings, sample_model_file):
    old = settings.data_dir / "models" / "router.joblib"
    old.parent.mkdir(parents=True)
    old.write_bytes(sample_model_file.read_bytes())
    runtime = install(bootstrap.build_runtime(settings))
    published.forget(runtime)
    assert "adopted from the data directory" in published.active_version(runtime).published_by
    assert published.active_model(runtime) is not None
    install(bootstrap.build_runtime(settings))
    assert len(published.versions(runtime)) == 1  # adopted once
