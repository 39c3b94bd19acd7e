"""Regex building blocks shared by the rule recognisers."""
from __future__ import annotations

import re
from typing import Iterable

#: A year written alone, between punctuation or the ends of the text (“2018，让我们…”, 报告（2018）,
#: 2019、2020): a DATE, not a number. Spaces do not bound it (营收 2018 万元).
YEAR_ALONE = r"(?:(?<=[\n，。、；：！？,;:!?（）()「」“”\"《》])|^)(?:19|20)[0-9]{2}(?=[\n，。、；：！？,;:!?（）()「」“”\"《》]|$)"


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
