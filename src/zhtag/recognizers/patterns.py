"""Regex building blocks and character tests shared by the rule recognisers."""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterable, Sequence

try:
    from re import _constants as sre_constants, _parser as sre_parse
except ImportError:  # Python 3.10
    import sre_constants
    import sre_parse

#: A year written alone, between punctuation or the ends of the text (“2018，让我们…”, 报告（2018）,
#: 2019、2020): a DATE, not a number. Spaces do not bound it (营收 2018 万元).
YEAR_ALONE = r"(?:(?<=[\n，。、；：！？,;:!?（）()「」“”\"《》])|^)(?:19|20)[0-9]{2}(?=[\n，。、；：！？,;:!?（）()「」“”\"《》]|$)"

#: What ends a sentence for :class:`SentencesHolding`: a clause's context is looked for between two of these.
SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def all_han(text: str) -> bool:
    """Whether every character of ``text`` is a common Han character (U+4E00 to U+9FFF): a
    Chinese name's letters, not Latin, digits or punctuation."""
    return all("\u4e00" <= char <= "\u9fff" for char in text)


def is_latin_letter(char: str) -> bool:
    """Whether ``char`` is a letter of the Latin alphabet (ASCII)."""
    return char.isascii() and char.isalpha()


def is_latin_or_digit(char: str) -> bool:
    """Whether ``char`` is an ASCII letter or digit: part of a Latin word (iPhone15, 5G)."""
    return char.isascii() and char.isalnum()


def alternation(words: Iterable[object]) -> str:
    """A regex matching any of ``words``, longest first.

    Long lists first check the first character, so that the regex engine rejects a
    position with one class test instead of trying every word.
    """
    unique = sorted({str(word) for word in words}, key=lambda word: (-len(word), word))
    body = "(?:" + "|".join(re.escape(word) for word in unique) + ")"
    if len(unique) < 6:
        return body
    return "(?=[" + "".join(re.escape(char) for char in sorted({word[0] for word in unique})) + "])" + body


#: A set of more characters than this counts as any character in a lead check.
_LARGE_SET = 300
#: A lead check with more alternatives than this checks each of three positions instead.
_MOST_PAIRS = 32
#: Any character (in a prefix: nothing known of it).
_ANY = None
#: A prefix of a match: the characters each of its first positions may be (fewer positions when
#: the match may be that short).
Prefix = tuple[frozenset[int] | None, ...]


def checked(first_chars: Iterable[str], pattern: str) -> str:
    """``pattern`` behind a check of the characters it may start with (``first_chars``), so that
    the engine skips every other position at once, then of its first two or three (lead_check),
    which rejects most of the rest."""
    return "(?=[" + "".join(re.escape(char) for char in sorted(set(first_chars))) + "])" + lead_check(pattern) + "(?:" + pattern + ")"


def lead_check(pattern: str) -> str:
    """A lookahead that every match of ``pattern`` passes, worked out from its parse tree: the
    pairs of characters its matches may start with, or, when those make many alternatives,
    what each of the first three positions may hold. "" when nothing is known of the first
    character (the pattern may match an empty string, or start with any character).

    A pattern's own first-character check lets through every position whose character may
    start a match (大 of 大于五成 lets through 大家 too); this one runs there, before the
    pattern, and rejects most such positions with a class test or two, where the pattern tries
    each of its alternatives. It never rejects a match, so matches stay what they were (for a
    pattern compiled without flags; one with an inline case-insensitive flag gets no check).
    """
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags & sre_constants.SRE_FLAG_IGNORECASE:
        return ""
    alternatives = _pair_alternatives(_Prefixes(2, merge_above=4000).of(parsed))
    if alternatives is not None and len(alternatives) > _MOST_PAIRS:
        alternatives = _position_alternatives(_Prefixes(3, merge_above=1).of(parsed))
    return "(?=" + "|".join(alternatives) + ")" if alternatives else ""


class _Unsupported(Exception):
    """A regex construct whose first characters are not worked out (the pattern gets no lead check)."""


class _Prefixes:
    """The prefixes of up to ``size`` positions that the matches of a parsed regex may start with;
    a set of more than ``merge_above`` prefixes is merged position by position (a superset of it)."""

    def __init__(self, size: int, merge_above: int) -> None:
        self.size = size
        self.merge_above = merge_above

    def of(self, parsed: sre_parse.SubPattern) -> set[Prefix] | None:
        """The prefixes of ``parsed``'s matches; None when unknown."""
        try:
            return self._sequence(parsed)
        except _Unsupported:
            return None

    def _sequence(self, items: Iterable[tuple]) -> set[Prefix]:
        prefixes: set[Prefix] = {()}
        for op, argument in items:
            prefixes = self._then(prefixes, self._item(op, argument))
            if all(len(prefix) == self.size for prefix in prefixes):
                break
        return prefixes

    def _then(self, left: set[Prefix], right: set[Prefix]) -> set[Prefix]:
        """The prefixes of a match of ``left`` followed by one of ``right``."""
        joined = {prefix for prefix in left if len(prefix) == self.size}
        joined |= {(prefix + following)[: self.size] for prefix in left if len(prefix) < self.size for following in right}
        return joined if len(joined) <= self.merge_above else self._merged(joined)

    def _merged(self, prefixes: set[Prefix]) -> set[Prefix]:
        """One prefix per length, each position the union of that length's prefixes' (a superset)."""
        return {tuple(_union(prefix[position] for prefix in group) for position in range(length))
                for length in range(self.size + 1) if (group := [prefix for prefix in prefixes if len(prefix) == length])}

    def _item(self, op: object, argument: object) -> set[Prefix]:
        constants = sre_constants
        if op is constants.LITERAL:
            return {(frozenset([argument]),)}
        if op in (constants.NOT_LITERAL, constants.ANY, constants.CATEGORY):
            return {(_ANY,)}
        if op is constants.IN:
            return {(_char_set(argument),)}
        if op in (constants.ASSERT, constants.ASSERT_NOT, constants.AT):  # zero-width
            return {()}
        if op is constants.BRANCH:
            return set().union(*(self._sequence(alternative) for alternative in argument[1]))
        if op is constants.SUBPATTERN:
            if argument[1] & constants.SRE_FLAG_IGNORECASE:
                raise _Unsupported("case-insensitive")
            return self._sequence(argument[3])
        if op is getattr(constants, "ATOMIC_GROUP", _Unsupported):
            return self._sequence(argument)
        if op in (constants.MAX_REPEAT, constants.MIN_REPEAT, getattr(constants, "POSSESSIVE_REPEAT", _Unsupported)):
            return self._repeat(*argument)
        if op is constants.GROUPREF:  # whatever the group matched
            return {(), (_ANY,) * self.size}
        if op is constants.GROUPREF_EXISTS:
            _group, yes, no = argument
            return self._sequence(yes) | (self._sequence(no) if no else {()})
        raise _Unsupported(str(op))

    def _repeat(self, low: int, high: int, item: sre_parse.SubPattern) -> set[Prefix]:
        """The prefixes of ``low`` to ``high`` repeats of ``item``: those of each count, up to the
        count from which one more repeat changes nothing."""
        once = self._sequence(item)
        prefixes: set[Prefix] = set()
        current: set[Prefix] = {()}
        count = 0
        while True:
            if count >= low:
                prefixes |= current
            if count >= high:
                return prefixes
            following = self._then(current, once)
            count += 1
            if following == current:  # every further count gives these
                return prefixes | current
            current = following
            if count > 2 * self.size + 4:
                raise _Unsupported("repeat")


def _char_set(items: list[tuple]) -> frozenset[int] | None:
    """The code points of a parsed character class; _ANY for a negated, category or large one."""
    chars: set[int] = set()
    for op, argument in items:
        if op is sre_constants.LITERAL:
            chars.add(argument)
        elif op is sre_constants.RANGE and argument[1] - argument[0] <= _LARGE_SET:
            chars.update(range(argument[0], argument[1] + 1))
        else:
            return _ANY
    return _sized(chars)


def _union(sets: Iterable[frozenset[int] | None]) -> frozenset[int] | None:
    chars: set[int] = set()
    for each in sets:
        if each is _ANY:
            return _ANY
        chars |= each
    return _sized(chars)


def _sized(chars: set[int]) -> frozenset[int] | None:
    return frozenset(chars) if len(chars) <= _LARGE_SET else _ANY


def _split(prefixes: set[Prefix] | None) -> tuple[set[int], list[Prefix]] | None:
    """The characters that may start a match with anything after them, and the longer prefixes,
    cut before their first unknown position, without those characters; None when a match may
    start anywhere."""
    if prefixes is None or () in prefixes or any(prefix[0] is _ANY for prefix in prefixes):
        return None
    known = [prefix[: prefix.index(_ANY)] if _ANY in prefix else prefix for prefix in prefixes]
    alone: set[int] = set().union(*(prefix[0] for prefix in known if len(prefix) == 1))
    longer = [(prefix[0] - alone, *prefix[1:]) for prefix in sorted(known, key=len) if len(prefix) > 1]
    return alone, [prefix for prefix in longer if prefix[0]]


def _pair_alternatives(prefixes: set[Prefix] | None) -> list[str] | None:
    """A class of the characters that may start a match with anything after them, then, per set
    of characters that may follow, a class of the characters they may follow."""
    split = _split(prefixes)
    if split is None:
        return None
    alone, pairs = split
    following: dict[int, set[int]] = {}
    for firsts, seconds in pairs:
        for first in firsts:
            following.setdefault(first, set()).update(seconds)
    firsts_of: dict[frozenset[int], list[int]] = {}
    for first, seconds in sorted(following.items()):
        firsts_of.setdefault(frozenset(seconds), []).append(first)
    return [_class(alone)] * bool(alone) + [_class(firsts) + _class(seconds) for seconds, firsts in firsts_of.items()]


def _position_alternatives(prefixes: set[Prefix] | None) -> list[str] | None:
    """A class of the characters that may start a match with anything after them, then, per
    longer (merged) prefix, the classes of its positions."""
    split = _split(prefixes)
    if split is None:
        return None
    alone, longer = split
    return [_class(alone)] * bool(alone) + ["".join(map(_class, prefix)) for prefix in longer]


def _class(chars: Iterable[int]) -> str:
    return "[" + "".join(re.escape(chr(code)) for code in sorted(chars)) + "]"


def first_matches(patterns: list[re.Pattern], text: str) -> list[tuple[int, re.Match]]:
    """Non-overlapping matches of ``patterns`` as one alternation would give them: the earliest
    start wins, and at the same start the pattern listed first."""
    found = [
        (match.start(), priority, match)
        for priority, pattern in enumerate(patterns)
        for match in pattern.finditer(text)
        if match.end() > match.start()
    ]
    found.sort(key=lambda item: (item[0], item[1]))
    chosen = []
    end = -1
    for start, priority, match in found:
        if start >= end:
            chosen.append((priority, match))
            end = match.end()
    return chosen


class SentencesHolding:
    """Whether the sentence at an offset of ``text`` holds a match of ``words``; each sentence is
    searched once, when first asked about."""

    def __init__(self, words: re.Pattern[str], text: str) -> None:
        self._words, self._text = words, text
        self._ends = [match.end() for match in SENTENCE_END.finditer(text)] + [len(text)]
        self._known: dict[int, bool] = {}  # a sentence's index -> whether it holds a word

    def holds(self, end: int) -> bool:
        """For the sentence of the span that ends at ``end``."""
        sentence = bisect_left(self._ends, end)
        if sentence not in self._known:
            first = self._ends[sentence - 1] if sentence else 0
            self._known[sentence] = self._words.search(self._text, first, self._ends[sentence]) is not None
        return self._known[sentence]


def holds(ordered: Sequence[int], value: int) -> bool:
    """Whether the sorted offsets ``ordered`` hold ``value``."""
    position = bisect_left(ordered, value)
    return position < len(ordered) and ordered[position] == value
