"""Where a name the model proposes begins and ends, read from the text around its span.

The model labels characters, and its runs sometimes take in a bracket or a quote, half of a Latin
word, or a name written twice in a row; these pure functions of the text put the edges where a
reader would, before the model recogniser judges the name itself.
"""
from __future__ import annotations

import unicodedata
from dataclasses import replace

from zhtag.document import Mention
from zhtag.recognizers.patterns import all_han, is_latin_letter


def name_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """The span with its brackets paired and no loose punctuation or cut Latin word at its edges
    (start == end when nothing of a name is left). Loose punctuation goes last as well as first:
    a cut may leave some at the new edge (中央商务区” of 中央商务区”（CBD, Jean- of Jean-Jacques)."""
    start, end = _with_its_brackets_closed(text, *_without_loose_punctuation(text, start, end))
    return _without_loose_punctuation(text, *_outside_cut_words(text, start, end))


#: A letter written this many times in a row is chatter (哈哈哈, 啊啊啊), never part of a name.
REPEATED_CHARS = 3


def in_repetition(text: str, start: int, end: int) -> bool:
    """Whether the span holds a run of one letter REPEATED_CHARS times or more (赵新民哈哈哈),
    or is one letter of a run of it (哈 of 哈哈): social media's laughter and stutter, which
    the news-trained model takes for names. Digits repeat in names (TH000, 1000米) and do not count."""
    if end - start == 1:
        char = text[start]
        return not char.isdigit() and (
            (start > 0 and text[start - 1] == char) or (end < len(text) and text[end] == char)
        )
    run = 1
    for previous, char in zip(text[start : end - 1], text[start + 1 : end]):
        run = run + 1 if char == previous and not char.isdigit() else 1
        if run >= REPEATED_CHARS:
            return True
    return False


def halves_of_a_repetition(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span, or its two halves if it is one Chinese name of two or more characters written
    twice (徐妍徐妍, 宋茜宋茜: social media's calling out a name), which the model reads as one;
    not a run of one character (唐唐唐唐, chatter) nor Latin (toto)."""
    half = (end - start) // 2
    first = text[start : start + half]
    if half >= 2 and (end - start) % 2 == 0 and first == text[start + half : end] and len(set(first)) > 1 and all_han(first):
        return [(start, start + half), (start + half, end)]
    return [(start, end)]


def names_written_apart(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions (in text order), two one-character names of a person with one space between them
    read as one name, its ``norm`` without the space (本报记者 贾 丽, 主任医师 莫 龙): bylines and
    lists pad a two-character name to the width of a three-character one, and the model, which
    never sees the space, reads each character alone. In 2,000 news articles: 15 names joined."""
    joined: list[Mention] = []
    for mention in mentions:
        before = joined[-1] if joined else None
        if (before is not None and mention.label == before.label == "PER" and len(mention) == len(before) == 1
                and mention.start == before.end + 1 and text[before.end].isspace() and all_han(before.text + mention.text)):
            joined[-1] = replace(before, end=mention.end, text=text[before.start : mention.end], norm=before.text + mention.text)
        else:
            joined.append(mention)
    return joined


def _without_loose_punctuation(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without punctuation at its edges that it does not pair within (《今日美国 -> 今日美国):
    the model sometimes takes a title's bracket or a quote into the name; a bracket closed inside
    the span (（深圳）公司) stays."""
    while start < end and _is_loose(text[start], text[start + 1 : end], OPENING, CLOSING):
        start += 1
    while end > start and _is_loose(text[end - 1], text[start : end - 1], CLOSING, OPENING):
        end -= 1
    return start, end


def _outside_cut_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the part of a Latin word that it cuts (百度A of 百度Apollo -> 百度, S弗赖堡 of
    VS弗赖堡 -> 弗赖堡); empty when nothing else is left (n of Calvin)."""
    if end < len(text) and is_latin_letter(text[end]):
        while end > start and is_latin_letter(text[end - 1]):
            end -= 1
    if start > 0 and is_latin_letter(text[start - 1]):
        while start < end and is_latin_letter(text[start]):
            start += 1
    return start, end


#: Each opening bracket or quote and the one that closes it.
BRACKETS = dict(zip("《（(【「『〈[〔｛“‘", "》）)】」』〉]〕｝”’"))
_OPENER_OF = {closer: opener for opener, closer in BRACKETS.items()}
#: The brackets of a title and the quotes, which a name may hold (美国《时代》周刊, “青岛”号驱逐舰);
#: the others open an aside.
NAME_BRACKETS = "《〈“‘"
#: Quotes: one whose other half is not close by leaves the span as it is (a text may have lost it).
QUOTES = "“‘"
#: How far before a span the opening bracket of a title or quote in it is looked for (《财经天下》周刊).
BRACKET_REACH = 20
#: What a title or a quoted name does not run across.
_TITLE_BREAKS = frozenset("，。！？；、\n")


def _with_its_brackets_closed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span with the brackets and quotes inside it paired. A title's bracket or a quote that the
    span opens or closes takes in its other half when it is close by (美国《时代周刊 -> 美国《时代周刊》,
    天下》周刊 -> 《财经天下》周刊, 青岛”号导弹驱逐舰 -> “青岛”号导弹驱逐舰, 台湾“工商建研会 ->
    台湾“工商建研会”), as the news corpora write such names; an opening half counts only if it is not
    closed before the span. A quote whose other half is not close by leaves the span as it is. A span that runs into an aside ends
    before it (中欧卫生管理与政策中心（卫生政策 -> 中欧卫生管理与政策中心); one that comes out of an
    aside (荷兰弟）组队) is no name: the result is empty."""
    open_at: list[int] = []
    for position in range(start, end):
        char = text[position]
        if char in BRACKETS:
            open_at.append(position)
        elif char in _OPENER_OF:
            opener = _OPENER_OF[char]
            if open_at and text[open_at[-1]] == opener:
                open_at.pop()
            elif open_at:
                return start, open_at[0]
            else:
                found = text.rfind(opener, max(0, start - BRACKET_REACH), start) if opener in NAME_BRACKETS else -1
                if found >= 0 and _TITLE_BREAKS.isdisjoint(text[found:start]) and char not in text[found:start]:
                    start = found
                elif opener not in QUOTES:
                    return end, end  # the end of an aside and what follows it: no name's head
    if not open_at:
        return start, end
    first = text[open_at[0]]
    if len(open_at) == 1 and first in NAME_BRACKETS and end < len(text) and text[end] == BRACKETS[first]:
        return start, end + 1
    return (start, end) if all(text[position] in QUOTES for position in open_at) else (start, open_at[0])


#: Unicode categories of opening and closing punctuation (brackets, then quotes).
OPENING, CLOSING = ("Ps", "Pi"), ("Pe", "Pf")


def _is_loose(char: str, rest: str, own: tuple[str, str], partner: tuple[str, str]) -> bool:
    """Whether ``char`` is punctuation that ``rest`` (the span's other characters) does not pair."""
    kind = unicodedata.category(char)
    return kind[0] == "P" and (kind not in own or not any(unicodedata.category(c) in partner for c in rest))
