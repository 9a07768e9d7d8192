"""Places are read from the citizen's words: villages, estates, streets, in Chinese and English."""

from __future__ import annotations

import pytest

from router.places import places, same_place


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我们张家村停水三天了", ("张家村",)),
        ("住在幸福小区3栋，楼下垃圾没人清", ("幸福小区",)),
        ("解放路和人民路交叉口红绿灯坏了", ("解放路", "人民路")),
        ("A3区青山镇李家村的路塌了", ("A3区", "青山镇", "李家村")),
        ("The water main burst on Mill Road near Greenfield Village", ("Mill Road", "Greenfield Village")),
        ("我们村停电了", ()),
        ("我家门口的马路坑很大", ()),
        ("整条街都黑了", ()),
    ],
)
def test_places_named_in_a_message(text, expected):
    assert places(text) == expected


def test_one_place_inside_another_is_the_same_place_and_unknown_is_not_a_difference():
    assert same_place(("张庄村",), ("张庄",)) is True
    assert same_place(("张家村",), ("李家村",)) is False
    assert same_place((), ("李家村",)) is None
