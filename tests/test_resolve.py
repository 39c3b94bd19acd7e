"""The overlap resolver: tiers first, then length; composed names may extend dictionary entries."""
from __future__ import annotations

from zhtag.document import Mention
from zhtag.resolve import MODEL_COMPOSING_SOURCES, MODEL_TIERS, resolve_overlaps


def m(start: int, end: int, label: str, source: str) -> Mention:
    return Mention(start, end, "x" * (end - start), label, source=source)


def test_dictionary_beats_a_longer_model_guess_that_cuts_through_it():
    entry = m(2, 8, "ORG", "lexicon")
    guess = m(0, 10, "ORG", "model")
    assert resolve_overlaps([guess, entry]) == [entry]


def test_longer_wins_within_a_tier():
    short = m(0, 2, "LOC", "lexicon")
    long = m(0, 6, "ORG", "lexicon")
    assert resolve_overlaps([short, long]) == [long]


def test_composed_name_inherits_the_tier_of_the_entry_it_contains():
    place = m(0, 2, "LOC", "lexicon")
    composed = m(0, 6, "ORG", "organizations")
    assert resolve_overlaps([place, composed]) == [composed]


def test_composed_name_without_entry_loses_to_an_overlapping_entry():
    entry = m(4, 8, "LOC", "lexicon")
    composed = m(0, 6, "ORG", "organizations")
    assert resolve_overlaps([composed, entry]) == [entry]


def test_result_is_in_text_order_and_keeps_disjoint_mentions():
    a, b, c = m(10, 12, "PER", "persons"), m(0, 3, "DATE", "dates"), m(5, 7, "LOC", "jieba-pos")
    assert resolve_overlaps([a, b, c]) == [b, c, a]


def test_a_rival_reading_of_the_same_span_lends_no_tier_to_a_composed_one():
    figure = m(0, 3, "QUANTITY", "figures")
    guess = m(0, 3, "ORG", "organizations")  # 十五部: a count of films, not a ministry
    assert resolve_overlaps([guess, figure]) == [figure]
    club = m(0, 2, "ORG", "teams")
    assert resolve_overlaps([m(0, 2, "LOC", "model"), club], MODEL_TIERS, MODEL_COMPOSING_SOURCES) == [club]
