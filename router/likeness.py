"""How alike two reports are: the same problem at the same place, said in other words.

Fifty villagers texting about one burst main write fifty different sentences.
What they share is the place (`router.places`), often the kind of problem the
urgency lexicon already names (water out, a live wire), and a good part of the
characters they use for it. A fingerprint keeps those three, small enough to
store with each case and compare by set operations: no model, no segmenter,
the same in Chinese and English.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from router import places, priority, topics

_CJK = re.compile(r"[\u4e00-\u9fff]+")
_LATIN = re.compile(r"[a-z]{3,}")
# Characters that say nothing about the matter: pronouns, particles, "please", "again", numbers of days.
_FILLER = frozenset("我你他她它们的了是在有这那吗呢吧啊呀请您个一二三四五六七八九十几天都也还又就很太已经")
# Words of asking and complaining that any report may use ("什么时候", "有没有人管").
_ASKING = re.compile(r"什么时候|什么|怎么办|怎么|为什么|请问|麻烦|问题|处理|有没有|没人管|有人管|尽快|希望|能不能|一下")
_ENGLISH_FILLER_WORDS = """
    the and for with from this that there have has had was were are our your their they them please since
    been being not but all any can could would should will just about into over again still what when where
    which who why how here very been near outside inside today yesterday morning evening night"""
_ENGLISH_FILLER = frozenset(_ENGLISH_FILLER_WORDS.split())
SEPARATOR = "|"
OPENING = 300  # characters read: a report names its problem and place at the start
PLACES = 3  # places kept: the first ones named are what the report is about


@dataclass(frozen=True)
class Fingerprint:
    """What two reports are compared by: places named, kinds of problem, and character pairs / words."""

    places: tuple[str, ...]
    problems: frozenset[str]
    shingles: frozenset[str]

    def stored(self) -> tuple[str, str, str]:
        """Return the three parts as strings for a database row (see `from_stored`)."""
        return (
            SEPARATOR.join(self.places),
            SEPARATOR.join(sorted(self.problems)),
            " ".join(sorted(self.shingles)),
        )


def from_stored(place_text: str, problem_text: str, shingle_text: str) -> Fingerprint:
    """Rebuild a fingerprint from the strings `Fingerprint.stored` gave."""
    return Fingerprint(stored_places(place_text), stored_problems(problem_text), frozenset(shingle_text.split()))


def stored_places(place_text: str) -> tuple[str, ...]:
    return tuple(p for p in place_text.split(SEPARATOR) if p)


def stored_problems(problem_text: str) -> frozenset[str]:
    return frozenset(p for p in problem_text.split(SEPARATOR) if p)


def fingerprint(text: str, known_places: tuple[str, ...] = (), dangers: tuple[str, ...] | None = None) -> Fingerprint:
    """Return a report's fingerprint; `known_places` (the citizen's village) stand in when the text names none.

    `dangers` are the kinds of danger the router already found in the text, when it has looked.
    """
    text = text[:OPENING]
    named = (places.places(text) or tuple(p for p in known_places if p))[:PLACES]
    folded = unicodedata.normalize("NFKC", text).lower()
    for name in named:
        folded = folded.replace(name.lower(), " ")
    folded = _ASKING.sub(" ", folded)
    shingles: set[str] = set()
    for run in _CJK.findall(folded):
        kept = "".join(ch for ch in run if ch not in _FILLER)
        shingles.update(kept[i : i + 2] for i in range(len(kept) - 1))
        if len(kept) == 1:
            shingles.add(kept)
    shingles.update(word.rstrip("s") for word in _LATIN.findall(folded) if word not in _ENGLISH_FILLER)
    if dangers is None:
        dangers = priority.assess(text, second_opinion=False).reasons
    problems = topics.topics(text) | frozenset(dangers)
    return Fingerprint(named, problems, frozenset(shingles))


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Return the share of the smaller set found in the other (short reports are often part of a long one)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


# How much the words must overlap: with the same place named, with the same kind of problem named, with neither.
AT_SAME_PLACE = 0.34
SAME_PROBLEM_AT_SAME_PLACE = 0.0
WITHOUT_PLACE = 0.7


def same_incident(a: Fingerprint, b: Fingerprint) -> float | None:
    """Return how sure two reports are of one incident (0–1), or None when they are not.

    Two places that differ mean two incidents whatever the words. The same place
    and the same kind of problem is enough; the same place alone needs some
    shared words; no place at all needs most words shared.
    """
    needed = words_needed(a, b.places, b.problems)
    return None if needed is None else _enough(overlap(a.shingles, b.shingles), needed)


def words_score(a: Fingerprint, shingle_text: str, needed: float) -> float | None:
    """Return the word overlap with a stored report when it reaches `needed` (see `words_needed`), else None."""
    return _enough(overlap(a.shingles, frozenset(shingle_text.split())), needed)


def _enough(words: float, needed: float) -> float | None:
    return words if words >= needed and (words > 0 or needed == 0) else None


def words_needed(a: Fingerprint, places_b: tuple[str, ...], problems_b: frozenset[str]) -> float | None:
    """Return the word overlap another report needs to be the same incident, from its places and problems alone.

    None when the places or the problems already tell them apart: the caller need not read the words at all.
    """
    place = places.same_place(a.places, places_b)
    if place is False:
        return None
    if a.problems and problems_b and not (a.problems & problems_b):
        return None
    if not place:
        # With no place to go by, only the same named kind of problem and most words shared will do.
        return WITHOUT_PLACE if a.problems & problems_b else None
    return SAME_PROBLEM_AT_SAME_PLACE if a.problems & problems_b else AT_SAME_PLACE
