"""The regex building blocks of the rule recognisers: a lead check never changes what a pattern finds."""
from __future__ import annotations

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from zhtag.recognizers.patterns import alternation, lead_check

ALPHABET = "ab大于家年底"

literals = st.one_of(
    st.sampled_from(ALPHABET).map(re.escape),
    st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=3).map(lambda chars: "[" + "".join(chars) + "]"),
    st.lists(st.sampled_from(["大于", "大约", "年底", "年", "b"]), min_size=1, max_size=4).map(alternation),
)
atoms = st.one_of(literals, st.just("."), st.just(r"\d"))


def _compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(inner, min_size=2, max_size=3).map("".join),
        st.lists(inner, min_size=2, max_size=3).map(lambda parts: "(?:" + "|".join(parts) + ")"),
        inner.map(lambda part: f"(?:{part})?"),
        inner.map(lambda part: f"(?:{part})*"),
        inner.map(lambda part: f"(?:{part})+?"),
        st.tuples(inner, st.integers(0, 3), st.integers(0, 2)).map(lambda t: f"(?:{t[0]}){{{t[1]},{t[1] + t[2]}}}"),
        inner.map(lambda part: f"(?={part})"),
        inner.map(lambda part: f"(?!{part})"),
        st.sampled_from(ALPHABET).map(lambda char: f"(?<!{re.escape(char)})"),
    )


patterns = st.recursive(atoms, _compound, max_leaves=8)
#: patterns that mostly start with something known (a pattern that may start anywhere gets no check)
led_patterns = st.tuples(literals, patterns, st.sampled_from(["", "?", "*", "{1,2}"])).map(
    lambda parts: f"(?:{parts[0]}){parts[2]}{parts[1]}"
)


@settings(max_examples=400, deadline=None)
@given(led_patterns, st.text(alphabet=ALPHABET + "x1 ", max_size=30))
def test_a_lead_check_lets_every_match_through(pattern, text):
    check = lead_check(pattern)
    assume(check)
    checked = re.compile(check + "(?:" + pattern + ")")
    assert [m.span() for m in checked.finditer(text)] == [m.span() for m in re.finditer(pattern, text)]


@given(st.text(alphabet=ALPHABET + "x1-", max_size=30))
def test_a_lead_check_lets_matches_with_backreferences_and_conditions_through(text):
    for pattern in (r"(?P<y>[a1]+)-(?P=y)", r"(大)?(?(1)于|家)", r"(?:(b)|a)\1?年"):
        checked = re.compile(lead_check(pattern) + "(?:" + pattern + ")")
        assert [m.span() for m in checked.finditer(text)] == [m.span() for m in re.finditer(pattern, text)]


def test_a_lead_check_rejects_a_position_whose_first_two_characters_start_no_match():
    check = re.compile(lead_check("(?:大于|超过)[0-9]+|[0-9]+%"))
    assert check.match("大家") is None
    assert check.match("超市") is None
    assert check.match("大于5") is not None
    assert check.match("5%") is not None


def test_no_lead_check_for_a_pattern_that_may_match_nothing_start_anywhere_or_ignore_case():
    assert lead_check("a*") == ""
    assert lead_check("(?i)ab") == ""
    assert lead_check("a(?i:b)") == ""
    assert lead_check("(?:大于)?[0-9]*") == ""
    assert lead_check(".b") == ""
