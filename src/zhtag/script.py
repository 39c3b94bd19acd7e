"""Traditional and mixed-script text: tagged through its simplified twin, reported as written.

Every dictionary, rule word list, the segmenter and the name model know simplified characters.
Rather than keep a second copy of each, a text is mapped to simplified characters with OpenCC
(``t2s``) before segmentation. The mapping is character for character (a phrase whose conversion
would change its length is converted one character at a time instead), so every offset found in
the twin is an offset into the text as written; afterwards each mention's ``text`` is sliced from
the original and the ``norm`` of a name is put back into the script of the text: Taiwan (``tw``),
Hong Kong (``hk``) or OpenCC's standard traditional (``t``) when the text shows neither.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterable

import opencc

from zhtag.document import ENTITY_LABELS, Document, Keyword, Token

#: The OpenCC configuration that writes simplified names in each traditional variant.
VARIANT_CONFIGS = {"tw": "s2tw", "hk": "s2hk", "t": "s2t"}
#: Stretches converted in one call when the whole text's conversion changed its length.
_PIECE = re.compile(r"[^\s，。！？；：、,.!?;:]+|[\s，。！？；：、,.!?;:]+")
#: Characters whose variant markers decide tw against hk (CJK Unified Ideographs).
_HAN_RANGE = range(0x4E00, 0xA000)


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """``text`` in simplified characters, of the same length, character i standing for character i."""
    converted = _converter("t2s").convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_same_length(piece) for piece in _PIECE.findall(text))


def _same_length(piece: str) -> str:
    converted = _converter("t2s").convert(piece)
    if len(converted) == len(piece):
        return converted
    return "".join(_simplified_char(char) for char in piece)


@lru_cache(maxsize=4096)
def _simplified_char(char: str) -> str:
    converted = _converter("t2s").convert(char)
    return converted if len(converted) == 1 else char


@lru_cache(maxsize=1)
def _variant_markers() -> tuple[frozenset[str], frozenset[str]]:
    """Traditional characters only Taiwan writes (臺, 衛, 啟) and only Hong Kong writes (衞, 啓, 峯).

    Taken from OpenCC's own s2tw and s2hk tables: where the two write a character differently,
    each form is a marker of its variant, unless it is also a simplified character (税, 着).
    """
    chars = [chr(code) for code in _HAN_RANGE]
    joined = "\n".join(chars)
    taiwan = _converter("s2tw").convert(joined).split("\n")
    hong_kong = _converter("s2hk").convert(joined).split("\n")
    differing = [(tw, hk) for tw, hk in zip(taiwan, hong_kong) if tw != hk and len(tw) == len(hk) == 1]
    tw_forms, hk_forms = {tw for tw, _ in differing}, {hk for _, hk in differing}
    return _traditional_only(tw_forms - hk_forms), _traditional_only(hk_forms - tw_forms)


def _traditional_only(chars: Iterable[str]) -> frozenset[str]:
    return frozenset(char for char in chars if _simplified_char(char) != char)


def variant_of(text: str) -> str:
    """``tw``, ``hk`` or ``t``: the traditional variant whose own characters the text uses more."""
    tw_markers, hk_markers = _variant_markers()
    tw = sum(map(text.count, tw_markers))
    hk = sum(map(text.count, hk_markers))
    return "tw" if tw > hk else "hk" if hk > tw else "t"


def in_variant(simplified: str, variant: str) -> str:
    """A simplified name written in a traditional variant (``tw``, ``hk`` or ``t``)."""
    return _converter(VARIANT_CONFIGS[variant]).convert(simplified)


class AsWritten:
    """Puts what was found in the simplified twin of a text back into the script of the text."""

    def __init__(self, text: str, simplified: str) -> None:
        self.text = text
        self.simplified = simplified
        self._variant: str | None = None
        self._spelling: dict[str, str] | None = None

    @property
    def variant(self) -> str:
        if self._variant is None:
            self._variant = variant_of(self.text)
        return self._variant

    @property
    def spelling(self) -> dict[str, str]:
        """How the text writes each simplified character it always writes the same way (台 as 台, not 臺)."""
        if self._spelling is None:
            forms: dict[str, set[str]] = {}
            for simplified, written in set(zip(self.simplified, self.text)):
                forms.setdefault(simplified, set()).add(written)
            self._spelling = {char: written.pop() for char, written in forms.items() if len(written) == 1}
        return self._spelling

    def name(self, simplified_name: str, written: str) -> str:
        """A (simplified) canonical name in the script of the text, keeping the spelling of ``written``.

        The part of the name the text wrote (新竹 of 新竹市, all of 台積電) is kept as written; the
        rest is converted to the text's variant, with the characters the text itself writes
        one way spelt its way (台灣積體電路 in a text that writes 台積電, not OpenCC's 臺灣).
        """
        at = simplified_name.find(to_simplified(written))
        if at < 0:
            return self._converted(simplified_name)
        before, after = simplified_name[:at], simplified_name[at + len(written) :]
        return self._converted(before) + written + self._converted(after)

    def _converted(self, simplified: str) -> str:
        if not simplified:
            return simplified
        converted = in_variant(simplified, self.variant)
        if len(converted) != len(simplified):
            return converted
        spelling = self.spelling
        return "".join(spelling.get(char, form) for char, form in zip(simplified, converted))

    def phrase(self, simplified_phrase: str) -> str:
        """A phrase of the twin (a keyword) as the text writes it, or converted when it is not in the text."""
        at = self.simplified.find(simplified_phrase)
        if at >= 0:
            return self.text[at : at + len(simplified_phrase)]
        return in_variant(simplified_phrase, self.variant)

    def restore(self, doc: Document) -> None:
        """``doc``, tagged on the twin, as a document of the original text (in place)."""
        text = doc.text = self.text
        doc.tokens = [replace(token, text=text[token.start : token.end]) for token in doc.tokens]
        for mention in doc.mentions:
            written = text[mention.start : mention.end]
            if mention.label in ENTITY_LABELS and mention.norm is not None:
                mention.norm = self.name(mention.norm, written)
            mention.text = written

    def keywords(self, keywords: Iterable[Keyword]) -> list[Keyword]:
        return [replace(keyword, keyword=self.phrase(keyword.keyword)) for keyword in keywords]


def simplified_twin(doc: Document) -> tuple[Document, AsWritten | None]:
    """The document in simplified characters (for the keyword step), and how to write results back.

    A document already in simplified characters is its own twin (and comes with None).
    """
    simplified = to_simplified(doc.text)
    title = to_simplified(doc.title) if doc.title else doc.title
    if simplified == doc.text and title == doc.title:
        return doc, None
    twin = Document(
        text=simplified,
        id=doc.id,
        title=title,
        date=doc.date,
        tokens=[Token(simplified[t.start : t.end], t.start, t.end, t.pos, t.label) for t in doc.tokens],
        mentions=[
            replace(m, text=simplified[m.start : m.end], norm=to_simplified(m.norm) if m.norm else m.norm)
            for m in doc.mentions
        ],
    )
    return twin, AsWritten(doc.text, simplified)
