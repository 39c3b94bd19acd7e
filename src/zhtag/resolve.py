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
#: With the name model on: dictionaries, dates and figures stay certain; the model decides the
#: names between them and may extend an entry (中国 -> 中国田协) but never cut one (it proposes
#: no such spans); the composing rules only fill its gaps. Measured in benchmarks/eval_model.py.
MODEL_TIERS: dict[str, int] = {**SOURCE_TIERS, "model": 3, "organizations": 2, "places": 2, "persons": 2}
MODEL_COMPOSING_SOURCES = frozenset({"model"})


def resolve_overlaps(
    candidates: Iterable[Mention],
    source_tiers: dict[str, int] = SOURCE_TIERS,
    composing: frozenset[str] = COMPOSING_SOURCES,
) -> list[Mention]:
    """The winning mentions in text order, none overlapping another."""
    candidates = sorted(candidates, key=lambda m: (m.start, -len(m)))
    tiers = [_tier(m, candidates, source_tiers, composing) for m in candidates]
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


def _tier(mention: Mention, ordered: list[Mention], source_tiers: dict[str, int], composing: frozenset[str]) -> int:
    tier = source_tiers.get(mention.source, 0)
    if mention.source in composing:
        for other in ordered:
            if other.start >= mention.end:
                break
            if other is not mention and other.start >= mention.start and other.end <= mention.end:
                tier = max(tier, source_tiers.get(other.source, 0))
    return tier
