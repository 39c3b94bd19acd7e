"""Settle overlapping candidates from all recognisers into one non-overlapping set.

Each source has a tier of certainty. Candidates are taken greedily by tier, then
length, then position; a candidate that overlaps one already taken is dropped.
A rule that *builds* a longer name around a dictionary entry (中国 + 人民银行 ->
中国人民银行) inherits the tier of the entry it contains, so composition can
extend a dictionary match but a guess can never cut through one.
"""
from __future__ import annotations

from typing import Iterable

from zhtag.document import Mention

#: Certainty of each source: dictionaries, date and figure grammars are near-certain;
#: rules that compose names come next; the statistical model fills gaps; jieba's bare
#: POS guesses come last.
SOURCE_TIERS: dict[str, int] = {
    "lexicon": 4,
    "dates": 4,
    "figures": 4,
    "organizations": 3,
    "places": 3,
    "persons": 3,
    "model": 2,
    "jieba-pos": 1,
}
#: Sources whose candidates are composed from smaller, possibly more certain, parts.
COMPOSING_SOURCES = frozenset({"organizations", "places", "persons"})


def resolve_overlaps(candidates: Iterable[Mention]) -> list[Mention]:
    """The winning mentions in text order, none overlapping another."""
    candidates = sorted(candidates, key=lambda m: (m.start, -len(m)))
    tiers = [_tier(m, candidates) for m in candidates]
    order = sorted(range(len(candidates)), key=lambda i: (-tiers[i], -len(candidates[i]), candidates[i].start))
    taken: list[Mention] = []
    occupied: set[int] = set()
    for index in order:
        mention = candidates[index]
        span = range(mention.start, mention.end)
        if any(position in occupied for position in span):
            continue
        occupied.update(span)
        taken.append(mention)
    taken.sort(key=lambda m: m.start)
    return taken


def _tier(mention: Mention, ordered: list[Mention]) -> int:
    tier = SOURCE_TIERS.get(mention.source, 0)
    if mention.source in COMPOSING_SOURCES:
        for other in ordered:
            if other.start >= mention.end:
                break
            if other is not mention and other.start >= mention.start and other.end <= mention.end:
                tier = max(tier, SOURCE_TIERS.get(other.source, 0))
    return tier
