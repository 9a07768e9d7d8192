"""Hot spots: many citizens about one matter at one place, from a file of past messages or from the cases."""

from __future__ import annotations

import csv

import pytest

from tests.helpers.cases import text_in
from tests.helpers.staff import make_user, sign_in_with_cookie

BOARD = [  # a public message board's export: id, time, subject, text, likes, dislikes
    (
        "1001",
        "2019/1/5 9:00:00",
        "A5区魅力之城小区临街门面油烟扰民",
        "魅力之城小区楼下的饭店油烟直排，家里没法开窗",
        "12",
        "0",
    ),
    (
        "1002",
        "2019/1/9 20:10:00",
        "魅力之城小区油烟太大",
        "魅力之城小区一楼餐馆油烟扰民严重，请环保部门处理",
        "30",
        "1",
    ),
    ("1003", "2019/2/1 8:00:00", "投诉魅力之城小区餐饮油烟", "魅力之城小区的烧烤店油烟熏得人受不了", "5", "0"),
    ("1004", "2019/2/20 18:30:00", "魅力之城小区油烟污染", "魅力之城小区门面餐馆油烟直排，投诉多次无果", "8", "0"),
    ("2001", "2019/3/1 7:00:00", "丽发新城小区附近搅拌站噪音扰民", "丽发新城小区旁边的搅拌站晚上噪音很大", "3", "0"),
    ("2002", "2019/3/2 23:00:00", "丽发新城搅拌站半夜施工", "丽发新城小区附近的搅拌站噪音扰民，半夜还在作业", "2", "0"),
    ("3001", "2019/1/7 10:00:00", "咨询社保卡补办", "社保卡丢了怎么补办", "0", "0"),
    ("3002", "2019/2/7 10:00:00", "孩子入学问题", "外地户口孩子在A3区上小学需要什么材料", "0", "0"),
    ("3003", "2019/3/7 10:00:00", "公交线路建议", "建议增加到高铁站的公交线路", "0", "0"),
]


@pytest.fixture
def cli(runtime):
    from app import create_app

    return create_app(runtime=runtime).test_cli_runner()


def _write(path, rows, header=("留言编号", "留言时间", "留言主题", "留言详情", "点赞数", "反对数")):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_mining_a_message_board_export_ranks_the_hottest_spot_first_and_writes_its_members(cli, tmp_path):
    members = tmp_path / "members.csv"
    result = cli.invoke(
        args=["hotspots", "mine", str(_write(tmp_path / "board.csv", BOARD)), "--members", str(members)]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("9 messages, 2 hot spots")
    assert "魅力之城小区" in lines[1] and "4 messages" in lines[1] and "2019-01-05 – 2019-02-20" in lines[1]
    assert lines[3].split(": ")[1].split() == ["1001", "1002", "1003", "1004"]
    assert "丽发新城" in lines[4] and "2 messages" in lines[4]
    with members.open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert [(row["rank"], row["id"]) for row in written] == [("1", i) for i in ("1001", "1002", "1003", "1004")] + [
        ("2", "2001"),
        ("2", "2002"),
    ]


def test_a_file_with_bad_rows_is_refused_line_by_line_and_nothing_is_mined(cli, tmp_path):
    rows = [
        *BOARD[:3],
        ("1005", "not a date", "油烟", "油烟扰民", "1", "0"),
        ("1006", "2019/1/1", "x", "y", "many", "0"),
    ]
    result = cli.invoke(args=["hotspots", "mine", str(_write(tmp_path / "bad.csv", rows))])
    assert result.exit_code != 0
    assert "line 5: the time 'not a date' cannot be read" in result.output
    assert "line 6: support 'many' is not a count" in result.output
    assert "hot spots" not in result.output


def test_one_message_or_an_empty_file_gives_no_hot_spot_and_no_error(cli, tmp_path):
    assert (
        "1 messages, 0 hot spots"
        in cli.invoke(args=["hotspots", "mine", str(_write(tmp_path / "one.csv", BOARD[:1]))]).output
    )
    assert (
        "0 messages, 0 hot spots"
        in cli.invoke(args=["hotspots", "mine", str(_write(tmp_path / "none.csv", []))]).output
    )


def test_supervisors_see_the_hot_spot_of_the_period_and_the_api_lists_it(client, runtime, twilio):
    said = ["张家村停水了，一滴水都没有", "我们张家村从早上开始就没水", "张家村自来水什么时候能恢复"]
    cases = [text_in(client, runtime, text, sender=f"+861380000000{n}") for n, text in enumerate(said)]
    sign_in_with_cookie(client, make_user(runtime, "boss", role="supervisor"))
    page = client.get("/hotspots").get_data(as_text=True)
    assert "张家村" in page and "3 citizens" in page and all(case.reference in page for case in cases)
    assert "Dates are written YYYY-MM-DD" in client.get("/hotspots?start=yesterday").get_data(as_text=True)
    bearer = {"Authorization": f"Bearer {runtime.settings.api_token}"}
    body = client.get("/api/hotspots", headers=bearer).get_json()
    [spot] = body["hotspots"]
    assert (
        spot["place"] == "张家村"
        and spot["reporters"] == 3
        and sorted(spot["cases"]) == sorted(c.reference for c in cases)
    )
    assert client.get("/api/hotspots?start=2020-01-01&end=2019-01-01", headers=bearer).status_code == 400
    assert client.get("/api/hotspots?start=2000-01-01", headers=bearer).status_code == 400
    assert client.get("/api/hotspots?start=2019-01-01&end=2019-02-01", headers=bearer).get_json()["hotspots"] == []


def test_the_page_reads_the_view_a_worker_computed_and_says_when(client, runtime, twilio):
    from feedback.hotspots import snapshot
    from web.timefmt import hotline_zone

    said = ["张家村停水了，一滴水都没有", "我们张家村从早上开始就没水", "张家村自来水什么时候能恢复"]
    for n, text in enumerate(said):
        text_in(client, runtime, text, sender=f"+861380000000{n}")
    sign_in_with_cookie(client, make_user(runtime, "boss", role="supervisor"))
    assert "Computed" not in client.get("/hotspots").get_data(as_text=True)  # mined on request
    with client.application.app_context(), runtime.session() as session:
        kept = snapshot.refresh(session, runtime.redis, hotline_zone())
    assert [spot.place for spot in kept.spots] == ["张家村"]
    page = client.get("/hotspots").get_data(as_text=True)
    assert "Computed" in page and "recomputed every five minutes" in page and "张家村" in page
    other = client.get("/hotspots?start=2026-01-01&end=2026-01-31").get_data(as_text=True)
    assert "Computed" not in other  # another period is mined on request
