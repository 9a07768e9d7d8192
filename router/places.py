"""Place names in a citizen's words: the village, street or estate a report is about.

Reports of one burst main come from many people who name the same place in
different sentences ("我们张家村停水了", "张家村自来水管爆了"). Official
gazetteers are not shipped, so places are read from their shape: a short run
of characters ending in a word that names a kind of place (村, 镇, 小区, 路…),
trimmed of the words people put before it ("我们", "住在"). English names are
capitalised words before Road, Street, Village and the like.
"""

from __future__ import annotations

import re
import unicodedata

# Longest first, so that 街道 wins over 街 and 社区 over 区.
_SUFFIX_WORDS = """
    村委会 居委会 街道 社区 小区 新村 花园 家园 公寓 大厦 广场 大道 大街 胡同 市场 公园 医院 小学 中学 学校 幼儿园
    车站 水库 大桥 村 镇 乡 县 区 路 街 巷 屯 庄 苑 桥"""
_SUFFIXES = sorted(_SUFFIX_WORDS.split(), key=len, reverse=True)
_SUFFIX = "|".join(_SUFFIXES)
# Up to six characters before the suffix; what the name is trimmed back to is decided below.
_CHINESE = re.compile(rf"([\u4e00-\u9fff0-9A-Za-z]{{1,6}}?)({_SUFFIX})")
# Characters that end the words in front of a name: "我们|张家村", "住在|幸福小区", "的|解放路".
_LEAD_IN = re.compile(r".*[我你他她们在的了是这那住到从于和与及向给把被对去来说个附近旁边门口里面头诉映]")
# Words that end in a place suffix but are not places ("一路上", "马路", "小区里" is fine).
_NOT_NAME_WORDS = """
    一路 马路 道路 公路 网路 思路 走路 出路 线路 电路 水路 山路 小路 大路 套路 上路 半路 这条路 那条路 这个村
    本村 全村 整个村 我村 该村 邻村 隔壁村 农村 乡村 城区 市区 县城 社区 小区 街道 地区 景区 园区 校区 片区 辖区
    郊区 山区 老区 新区 本区 全区 公园 医院 学校 市场 广场 河 湖 山 里 园 区 镇 乡 县 村 路 街 桥 整条街 一条街 这条街
    那条街 整条路 全镇 整个镇 本镇 我们镇 全乡 本乡 全县 本县 外村 外地 小街 老街 大街 后街 前街 条路 城乡 修路 乡镇
    居民区 村镇 城镇 镇村 各村 各镇 各乡 村村 每个村 全市 市区 本市 该区 该县 该镇 该小区 我们小区 本小区 新村
    临街 沿街 上小学 上中学 上学校 各学校"""
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())
_ENGLISH = re.compile(
    r"\b((?:[A-Z][a-z]+ ){1,3}(?:Road|Street|St|Lane|Avenue|Ave|Drive|Way|Close|Village|Estate|Park|Bridge|"
    r"School|Market|Square|Hill|Green|Court|Gardens|Town|Township))\b"
)


def places(text: str) -> tuple[str, ...]:
    """Return the place names a text mentions, in order, each once ("张家村", "Mill Road")."""
    folded = unicodedata.normalize("NFKC", text)
    found: list[str] = []
    for match in _CHINESE.finditer(folded):
        stem, suffix = match.group(1), match.group(2)
        stem = _LEAD_IN.sub("", stem)
        name = stem + suffix
        if len(name) >= 2 and stem and name not in _NOT_NAMES and not stem.isdigit():
            found.append(name)
    found.extend(match.group(1) for match in _ENGLISH.finditer(folded))
    return tuple(dict.fromkeys(found))


def same_place(ours: tuple[str, ...], theirs: tuple[str, ...]) -> bool | None:
    """Tell whether two lists of places name a common place (one inside the other counts); None when unknown."""
    if not ours or not theirs:
        return None
    return any(a in b or b in a for a in ours for b in theirs)
