"""Settle overlapping candidates from all recognisers into one non-overlapping set.

Each source has a tier of certainty. Candidates are taken greedily by tier, then
length, then position; a candidate that overlaps one already taken is dropped.
A rule that *builds* a longer name around a dictionary entry (中国 + 人民银行 ->
中国人民银行) inherits the tier of the entry it contains, so composition can
extend a dictionary match but a guess can never cut through one. Nothing is
named inside a web address, whatever its source (:func:`outside_web_addresses`).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Iterable

from zhtag.document import Mention

#: Certainty of each source: dictionaries, date and figure grammars are near-certain (but a city
#: that a sentence about a match names is its club, and a place that the name model reads as an
#: organisation is that organisation, above the place dictionary's reading);
#: rules that compose names come next; the statistical model fills gaps; jieba's bare
#: POS guesses come last.
SOURCE_TIERS: dict[str, int] = {
    "teams": 5,
    "metonyms": 5,
    "lexicon": 4,
    "brands": 4,
    "initials": 4,
    "dates": 4,
    "figures": 4,
    "organizations": 3,
    "companies": 3,
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
MODEL_TIERS: dict[str, int] = {**SOURCE_TIERS, "model": 3, "organizations": 2, "companies": 3, "places": 2, "persons": 2}
MODEL_COMPOSING_SOURCES = frozenset({"model"})


#: A web address: its letters and digits (t.cn/RvvXJFT, 2025-08/19 in a path) name nothing.
WEB_ADDRESS = re.compile(r"(?i:https?|ftp)://[!-~]+|(?:www|WWW)\.[!-~]+")


def outside_web_addresses(text: str, candidates: list[Mention]) -> list[Mention]:
    """The candidates that overlap no web address in ``text``; each is checked against the one
    address that could hold it (bisection), so a page of links costs no more than a page of text."""
    if "://" not in text and "www." not in text and "WWW." not in text:
        return candidates
    links = [match.span() for match in WEB_ADDRESS.finditer(text)]
    starts, ends = [start for start, _ in links], [end for _, end in links]
    kept = []
    for mention in candidates:
        # the first address that ends after the mention starts must start at or after its end
        after = bisect_right(ends, mention.start)
        if after == len(links) or starts[after] >= mention.end:
            kept.append(mention)
    return kept


def resolve_overlaps(
    candidates: Iterable[Mention],
    source_tiers: dict[str, int] = SOURCE_TIERS,
    composing: frozenset[str] = COMPOSING_SOURCES,
) -> list[Mention]:
    """The winning mentions in text order, none overlapping another.

    Linear-logarithmic in the number of candidates, whatever their lengths: the taken spans
    are kept as sorted starts and ends, so a candidate is checked against its neighbours only.
    """
    candidates = sorted(candidates, key=lambda m: (m.start, -len(m)))
    starts = [m.start for m in candidates]
    tiers = [_tier(i, candidates, starts, source_tiers, composing) for i in range(len(candidates))]
    order = sorted(range(len(candidates)), key=lambda i: (-tiers[i], -len(candidates[i]), candidates[i].start))
    taken: list[Mention] = []
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    for index in order:
        mention = candidates[index]
        if mention.end <= mention.start:  # an empty span names nothing (and bisection needs end > start)
            continue
        # the first taken span that ends after this one starts must start at or after its end
        after = bisect_right(taken_ends, mention.start)
        if after < len(taken_starts) and taken_starts[after] < mention.end:
            continue
        taken_starts.insert(after, mention.start)
        taken_ends.insert(after, mention.end)
        taken.append(mention)
    taken.sort(key=lambda m: m.start)
    return taken


def _tier(
    index: int, ordered: list[Mention], starts: list[int], source_tiers: dict[str, int], composing: frozenset[str]
) -> int:
    """The tier of ``ordered[index]``: its source's, or for a composed name the highest of the
    shorter candidates inside it (found from its own start on, not by a scan from the text's start).
    A candidate of the very same span is a rival reading (the model's 太阳 LOC, the teams' 太阳 ORG),
    not a part, and lends no tier."""
    mention = ordered[index]
    tier = source_tiers.get(mention.source, 0)
    if mention.source in composing:
        for position in range(bisect_left(starts, mention.start), bisect_left(starts, mention.end)):
            other = ordered[position]
            if position != index and other.end <= mention.end and len(other) < len(mention):
                tier = max(tier, source_tiers.get(other.source, 0))
    return tier
