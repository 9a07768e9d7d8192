"""Hot spots: groups of messages about one matter at one place, ranked by how hot they are.

The same fingerprints that link an incident's reports (`router.likeness`) are
grouped here over a longer period: messages that name the same specific place
and are about the same kind of problem or share some words, and messages that
share most of their words wherever they are.
A place named by many messages (a district, a county) is an area, not a spot,
and does not by itself bring messages together.

The heat index says how much a group deserves attention now:

    heat = reporters + 2·ln(1 + net support) + growth + min(days, 30) / 10

reporters: distinct citizens (or messages, when senders are unknown); net
support: agreement minus disagreement where the channel collects them (a public
message board's 点赞/反对); growth: reports in the group's last seven days
beyond its usual weekly number; days: how long it has gone on.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

from router.likeness import Fingerprint

AREA_SHARE = 0.02  # a place named in more than this share of the messages is an area, not a spot
AREA_AT_LEAST = 20  # …and by more than this many
# Districts, counties and cities are areas whatever their count (estates, 小区 and 社区, are spots).
_DIVISION = re.compile(r"(?<![小社园校])区$|县$|市$")
AT_SAME_SPOT = 0.15  # cosine of the words, for two messages naming the same spot
ANYWHERE = 0.6  # cosine of the words, for two messages that do not share a spot
LARGEST = 20_000  # messages mined at once at the most (the newest are kept)
RARE_WORD = 0.005  # a word in at most this share of the messages (or RARE_WORD_AT_LEAST of them) is a rare one
RARE_WORD_AT_LEAST = 50
_CHUNK = 2000  # messages compared with all the others at once
_PAIRS = 200_000  # pairs compared at once


@dataclass(frozen=True)
class Message:
    """One message to mine: who sent it (when known), when, what it said, and any support it gathered."""

    id: str
    time: datetime
    subject: str
    mark: Fingerprint
    sender: str = ""
    support: int = 0
    against: int = 0


@dataclass
class HotSpot:
    """A group of messages about one matter at one place, with its heat and what describes it."""

    heat: float
    place: str
    description: str
    first: datetime
    last: datetime
    members: list[Message] = field(default_factory=list)

    @property
    def reporters(self) -> int:
        return len({m.sender or m.id for m in self.members})


def mine(messages: list[Message], minimum: int = 2) -> list[HotSpot]:
    """Group the messages and return the groups of at least `minimum` messages, hottest first."""
    messages = sorted(messages, key=lambda m: m.time)[-LARGEST:]
    if len(messages) < max(2, minimum):
        return []
    vectors = _vectors(messages)
    spots = _spots(messages)
    groups = [members for members in _groups(messages, vectors, spots) if len(members) >= minimum]
    centres = _centres(vectors, groups)
    found = [_hot_spot(messages, members, spots, centre) for members, centre in zip(groups, centres, strict=True)]
    return sorted(found, key=lambda spot: (-spot.heat, spot.first))


def _vectors(messages: list[Message]) -> csr_matrix:
    """Return each message's words as a TF-IDF row of unit length: the cosine of two messages is their dot product."""
    documents = [" ".join(sorted(m.mark.shingles)) or "_" for m in messages]
    return csr_matrix(TfidfVectorizer(analyzer=str.split, sublinear_tf=True).fit_transform(documents))


def _spots(messages: list[Message]) -> list[frozenset[str]]:
    """Return each message's specific places: those not named by so many messages that they are areas."""
    named = Counter(place for m in messages for place in set(m.mark.places))
    ceiling = max(AREA_AT_LEAST, AREA_SHARE * len(messages))
    return [frozenset(p for p in m.mark.places if named[p] <= ceiling and not _DIVISION.search(p)) for m in messages]


def _groups(messages: list[Message], vectors: csr_matrix, spots: list[frozenset[str]]) -> list[list[int]]:
    """Join messages that are alike (see the module's rule) into groups, by union-find."""
    parent = list(range(len(messages)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(pairs) -> None:
        for i, j in pairs:
            parent[root(int(i))] = root(int(j))

    # Messages naming the same spot join when they are about the same kind of problem or share words…
    join(_alike_at_spots(messages, vectors, spots))
    # …and messages anywhere join when they say nearly the same thing.
    join(_near_duplicates(vectors))
    grouped: dict[int, list[int]] = {}
    for i in range(len(messages)):
        grouped.setdefault(root(i), []).append(i)
    return list(grouped.values())


def _alike_at_spots(messages: list[Message], vectors: csr_matrix, spots: list[frozenset[str]]) -> list[tuple[int, int]]:
    """Pairs of messages naming a common spot that are about a common kind of problem, or share enough words."""
    naming = _membership([spots[i] for i in range(len(messages))])
    if naming.nnz == 0:
        return []
    together = (naming @ naming.T).tocoo()
    keep = together.row < together.col
    first, second = together.row[keep], together.col[keep]
    about = _membership([m.mark.problems for m in messages])
    pairs: list[tuple[int, int]] = []
    for start in range(0, len(first), _PAIRS):
        a, b = first[start : start + _PAIRS], second[start : start + _PAIRS]
        same_kind = np.asarray(about[a].multiply(about[b]).sum(axis=1)).ravel() > 0
        cosine = np.asarray(vectors[a].multiply(vectors[b]).sum(axis=1)).ravel()
        alike = same_kind | (cosine >= AT_SAME_SPOT)
        pairs.extend(zip(a[alike], b[alike], strict=True))
    return pairs


def _membership(labels: list[frozenset[str]]) -> csr_matrix:
    """Return a 0/1 matrix, one row per message and one column per label (spot, kind of problem) it carries."""
    column: dict[str, int] = {}
    rows, columns = [], []
    for row, names in enumerate(labels):
        for name in names:
            rows.append(row)
            columns.append(column.setdefault(name, len(column)))
    return csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(len(labels), max(1, len(column))))


def _centres(vectors: csr_matrix, groups: list[list[int]]) -> list[int]:
    """Return each group's most central message: the largest sum of cosines to its group.

    That sum is the message's dot product with the sum of its group's vectors, so every group is done at once.
    """
    if not groups:
        return []
    group_of = np.full(vectors.shape[0], -1)
    for number, members in enumerate(groups):
        group_of[members] = number
    inside = np.flatnonzero(group_of >= 0)
    indicator = csr_matrix((np.ones(len(inside)), (group_of[inside], inside)), shape=(len(groups), vectors.shape[0]))
    sums = csr_matrix(indicator @ vectors)
    scores = np.asarray(vectors[inside].multiply(sums[group_of[inside]]).sum(axis=1)).ravel()
    best: dict[int, tuple[float, int]] = {}
    for index, score in zip(inside, scores, strict=True):
        number = int(group_of[index])
        if number not in best or score > best[number][0] + 1e-9:
            best[number] = (float(score), int(index))
    return [best[number][1] for number in range(len(groups))]


def _near_duplicates(vectors: csr_matrix) -> list[tuple[int, int]]:
    """Pairs of messages whose cosine is at least ANYWHERE, wherever they are, without comparing every pair.

    Comparing every pair costs the square of the messages, mostly for the words half of them share. So each
    vector is split into its rare words (found in few messages, `RARE_WORD`) and its common ones. The rare
    parts' products are computed for all pairs sharing a rare word; the common part can add at most the
    product of the two common parts' lengths (Cauchy–Schwarz), so only pairs that could still reach ANYWHERE
    get their exact cosine. Messages made almost only of common words are compared with each other in full.
    """
    count = vectors.shape[0]
    frequency = np.bincount(vectors.indices, minlength=vectors.shape[1])
    is_rare = frequency <= max(RARE_WORD_AT_LEAST, RARE_WORD * count)
    rare = csr_matrix(vectors[:, np.flatnonzero(is_rare)])
    common = csr_matrix(vectors[:, np.flatnonzero(~is_rare)])
    common_length = np.sqrt(np.asarray(common.multiply(common).sum(axis=1)).ravel())
    pairs: list[tuple[int, int]] = []
    for start in range(0, count, _CHUNK):
        shared = (rare[start : start + _CHUNK] @ rare.T).tocoo()
        first, second, partial = shared.row + start, shared.col, shared.data
        keep = (first < second) & (partial + common_length[first] * common_length[second] >= ANYWHERE)
        first, second, partial = first[keep], second[keep], partial[keep]
        sure = partial >= ANYWHERE
        pairs.extend(zip(first[sure], second[sure], strict=True))
        first, second, partial = first[~sure], second[~sure], partial[~sure]
        if len(first):
            exact = partial + np.asarray(common[first].multiply(common[second]).sum(axis=1)).ravel()
            close = exact >= ANYWHERE
            pairs.extend(zip(first[close], second[close], strict=True))
    # Two messages sharing no rare word reach ANYWHERE only on common words, both mostly made of them.
    plain = np.flatnonzero(common_length >= ANYWHERE)
    for start in range(0, len(plain), _CHUNK):
        block = (vectors[plain[start : start + _CHUNK]] @ vectors[plain].T).tocoo()
        first, second = plain[block.row + start], plain[block.col]
        close = (first < second) & (block.data >= ANYWHERE)
        pairs.extend(zip(first[close], second[close], strict=True))
    return pairs


def _hot_spot(messages: list[Message], members: list[int], spots: list[frozenset[str]], central: int) -> HotSpot:
    """Describe a group: its commonest spot, its most central message's subject, its time range and heat."""
    chosen = [messages[i] for i in members]
    places = Counter(p for i in members for p in sorted(spots[i])) or Counter(p for m in chosen for p in m.mark.places)
    first, last = min(m.time for m in chosen), max(m.time for m in chosen)
    spot = HotSpot(
        heat=0.0,
        place=places.most_common(1)[0][0] if places else "",
        description=messages[central].subject,
        first=first,
        last=last,
        members=sorted(chosen, key=lambda m: m.time),
    )
    spot.heat = heat(spot)
    return spot


def heat(spot: HotSpot) -> float:
    """Return the heat index of a group (see the module's docstring)."""
    support = max(0, sum(m.support for m in spot.members) - sum(m.against for m in spot.members))
    days = max(0.0, (spot.last - spot.first).total_seconds() / 86400)
    weeks = max(1.0, days / 7)
    recent = sum(1 for m in spot.members if m.time >= spot.last - timedelta(days=7))
    growth = max(0.0, recent - len(spot.members) / weeks) if days > 7 else 0.0
    return round(spot.reporters + 2 * math.log1p(support) + growth + min(days, 30.0) / 10, 2)
