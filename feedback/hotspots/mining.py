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
    similarity = _similarity(messages)
    spots = _spots(messages)
    groups = _groups(messages, similarity, spots)
    found = [_hot_spot(messages, members, spots, similarity) for members in groups if len(members) >= minimum]
    return sorted(found, key=lambda spot: (-spot.heat, spot.first))


def _similarity(messages: list[Message]) -> csr_matrix:
    """Return the cosine of every pair of messages' words, as a sparse matrix (only pairs with words in common)."""
    documents = [" ".join(sorted(m.mark.shingles)) or "_" for m in messages]
    vectors = TfidfVectorizer(analyzer=str.split, sublinear_tf=True).fit_transform(documents)
    return csr_matrix(vectors @ vectors.T)


def _spots(messages: list[Message]) -> list[frozenset[str]]:
    """Return each message's specific places: those not named by so many messages that they are areas."""
    named = Counter(place for m in messages for place in set(m.mark.places))
    ceiling = max(AREA_AT_LEAST, AREA_SHARE * len(messages))
    return [frozenset(p for p in m.mark.places if named[p] <= ceiling and not _DIVISION.search(p)) for m in messages]


def _groups(messages: list[Message], similarity: csr_matrix, spots: list[frozenset[str]]) -> list[list[int]]:
    """Join messages that are alike (see the module's rule) into groups, by union-find."""
    parent = list(range(len(messages)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Messages naming the same spot join when they are about the same kind of problem or share words…
    at: dict[str, list[int]] = {}
    for i, names in enumerate(spots):
        for name in names:
            at.setdefault(name, []).append(i)
    for members in at.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                alike = messages[i].mark.problems & messages[j].mark.problems
                if alike or similarity[i, j] >= AT_SAME_SPOT:
                    parent[root(i)] = root(j)
    # …and messages anywhere join when they say nearly the same thing.
    coo = similarity.tocoo()
    for i, j, cosine in zip(coo.row, coo.col, coo.data, strict=True):
        if i < j and cosine >= ANYWHERE:
            parent[root(int(i))] = root(int(j))
    grouped: dict[int, list[int]] = {}
    for i in range(len(messages)):
        grouped.setdefault(root(i), []).append(i)
    return list(grouped.values())


def _hot_spot(
    messages: list[Message], members: list[int], spots: list[frozenset[str]], similarity: csr_matrix
) -> HotSpot:
    """Describe a group: its commonest spot, its most central message's subject, its time range and heat."""
    # The message most like the others says best what the group is about.
    block = similarity[members][:, members].toarray()
    central = members[int(np.argmax(block.sum(axis=1)))]
    chosen = [messages[i] for i in members]
    places = Counter(p for i in members for p in spots[i]) or Counter(p for m in chosen for p in m.mark.places)
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
