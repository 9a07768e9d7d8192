"""The admin's routing page: the active model, what it learnt from, how it scored, and what it has not learnt."""

from __future__ import annotations

import csv

from tests.helpers.routing import SAMPLE
from tests.helpers.staff import make_user, sign_in_with_cookie


def _history(path) -> None:
    names = {"供水服务": "城乡建设", "教育文体": "教育文体", "交通运输": "交通运输"}
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["content", "category"])
        for dept, texts in SAMPLE.items():
            for text in texts:
                writer.writerows([[text, names[dept]], [text + " 请尽快处理", names[dept]]])


def test_without_a_model_the_page_says_how_messages_are_routed_and_how_to_train(client, runtime):
    sign_in_with_cookie(client, make_user(runtime, "root", role="admin"))
    page = client.get("/admin/routing", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "No trained model" in page and "history import FILE --train" in page
    assert "Civil Affairs" in page  # among the departments only keywords route


def test_after_importing_history_the_page_shows_the_model_its_sources_and_its_scores(client, runtime, tmp_path):
    from app import create_app

    _history(tmp_path / "old-system.csv")
    result = (
        create_app(runtime=runtime)
        .test_cli_runner()
        .invoke(args=["history", "import", str(tmp_path / "old-system.csv"), "--train"])
    )
    assert result.exit_code == 0, result.output
    sign_in_with_cookie(client, make_user(runtime, "root", role="admin"))
    page = client.get("/admin/routing", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "archive:old-system.csv: 48" in page and "Macro-F1" in page and "held out from training" in page
    not_learnt = page.split("Departments the model has not learnt")[1].split("</section>")[0]
    assert "Civil Affairs" in not_learnt and "Transport" not in not_learnt
    assert "old-system.csv</td><td>48" in page


def test_only_admins_see_the_routing_page(client, runtime):
    sign_in_with_cookie(client, make_user(runtime, "sup", role="supervisor"))
    assert client.get("/admin/routing").status_code == 403
