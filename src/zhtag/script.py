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
from typing import Iterable, NamedTuple, Sequence

import opencc

from zhtag.dictionaries import Entry, load_rules
from zhtag.document import ENTITY_LABELS, Document, Keyword, Tokens

#: The OpenCC configurations that turn standard traditional (``s2t``'s) into each variant. Chained
#: after s2t they write what s2tw and s2hk write (every Han character, every bundled name and
#: 26,000 news phrases compared), without loading s2t's 26 MB phrase tables twice more
#: (s2tw and s2hk each segment with their own copy).
VARIANT_CONFIGS = {"tw": "t2tw", "hk": "t2hk"}
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


@lru_cache(maxsize=64)
def twin_text(text: str) -> str:
    """The text the pipeline reads: ``to_simplified(text)`` when the text is traditional or mixed.

    A text is read as it is when every character t2s would change is one simplified text writes
    too (昇 of 昇腾, rules/script.yaml): simplified text is tagged exactly as before. Cached for
    the last 64 texts: the tagger and the keyword step both ask for the same article, the
    keyword step after a whole group of them.
    """
    simplified = to_simplified(text)
    return simplified if _is_traditional(text, simplified) else text


def _is_traditional(text: str, simplified: str) -> bool:
    """Whether ``text`` has a character only traditional text writes (``simplified`` is its t2s form)."""
    if simplified == text:
        return False
    also = _simplified_also()
    return any(written != converted and written not in also for written, converted in zip(text, simplified))


@lru_cache(maxsize=1)
def _simplified_also() -> frozenset[str]:
    return frozenset(load_rules("script")["simplified_also"])


def _same_length(piece: str) -> str:
    converted = _converter("t2s").convert(piece)
    if len(converted) == len(piece):
        return converted
    return "".join(_simplified_char(char) for char in piece)


@lru_cache(maxsize=4096)
def _simplified_char(char: str) -> str:
    converted = _converter("t2s").convert(char)
    return converted if len(converted) == 1 else char


class _Variants(NamedTuple):
    """What OpenCC's own tables say about the traditional variants, character by character."""

    #: Traditional characters only Taiwan writes (臺, 衛, 啟) and only Hong Kong writes (衞, 啓, 峯).
    tw_markers: frozenset[str]
    hk_markers: frozenset[str]
    #: Simplified characters the variants write differently (台: 臺 or 台), with every form they use.
    forms: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def _variants() -> _Variants:
    """From OpenCC's s2t table and its variant tables (t2tw, t2hk); a variant form that is also simplified (税, 着) marks nothing."""
    chars = [chr(code) for code in _HAN_RANGE]
    joined = "\n".join(chars)
    traditional = _converter("s2t").convert(joined)
    standard, taiwan, hong_kong = (
        converted.split("\n") for converted in (traditional, *(_converter(VARIANT_CONFIGS[v]).convert(traditional) for v in ("tw", "hk")))
    )
    forms: dict[str, frozenset[str]] = {}
    tw_forms, hk_forms = set(), set()
    for char, *written in zip(chars, standard, taiwan, hong_kong):
        if len(set(written)) > 1 and all(len(form) == 1 for form in written):
            forms[char] = frozenset(written)
            if written[1] != written[2]:
                tw_forms.add(written[1])
                hk_forms.add(written[2])
    return _Variants(_traditional_only(tw_forms - hk_forms), _traditional_only(hk_forms - tw_forms), forms)


def _traditional_only(chars: Iterable[str]) -> frozenset[str]:
    return frozenset(char for char in chars if _simplified_char(char) != char)


def variant_of(text: str) -> str:
    """``tw``, ``hk`` or ``t``: the traditional variant whose own characters the text uses more."""
    variants = _variants()
    tw = sum(map(text.count, variants.tw_markers))
    hk = sum(map(text.count, variants.hk_markers))
    return "tw" if tw > hk else "hk" if hk > tw else "t"


def in_variant(simplified: str, variant: str) -> str:
    """A simplified name written in a traditional variant (``tw``, ``hk`` or ``t``)."""
    traditional = _converter("s2t").convert(simplified)
    return _converter(VARIANT_CONFIGS[variant]).convert(traditional) if variant in VARIANT_CONFIGS else traditional


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
        """How the text writes the characters whose variants differ (台 as 台 or 臺), where it is consistent.

        Only variant characters: for one such as 制 (製造 or 制度) OpenCC's phrases know better.
        """
        if self._spelling is None:
            variant_forms = _variants().forms
            written_as: dict[str, set[str]] = {}
            for simplified, written in set(zip(self.simplified, self.text)):
                if written in variant_forms.get(simplified, ()):
                    written_as.setdefault(simplified, set()).add(written)
            self._spelling = {char: forms.pop() for char, forms in written_as.items() if len(forms) == 1}
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
        return self._converted(simplified_phrase)

    def keywords(self, keywords: Iterable[Keyword]) -> list[Keyword]:
        return [replace(keyword, keyword=self.phrase(keyword.keyword)) for keyword in keywords]

    def restore(self, doc: Document) -> None:
        """``doc``, tagged on the twin, as a document of the original text (in place)."""
        text = doc.text = self.text
        doc.tokens = _retexted(doc.tokens, text)
        for mention in doc.mentions:
            written = text[mention.start : mention.end]
            if mention.label in ENTITY_LABELS and mention.norm is not None and not _written_simplified(written, mention.text):
                mention.norm = self.name(mention.norm, written)
            mention.text = written


def simplified_entries(entries: Sequence[Entry]) -> list[Entry]:
    """Dictionary entries with their surfaces in simplified characters, as the lexicon sees text.

    A user's entry written in traditional characters (臺積電) then matches both scripts; its
    canonical name stays as the user wrote it. A simplified surface stays as it is (昇腾, not
    升腾, see twin_text). Later entries still win for the same surface.
    """
    surfaces = _converter("t2s").convert("\n".join(entry.text for entry in entries)).split("\n")
    if len(surfaces) != len(entries):  # a surface with a line break of its own: one at a time
        surfaces = [to_simplified(entry.text) for entry in entries]
    by_surface: dict[str, Entry] = {}
    for entry, surface in zip(entries, surfaces):
        if len(surface) != len(entry.text):
            surface = to_simplified(entry.text)
        if not _is_traditional(entry.text, surface):
            surface = entry.text
        by_surface.pop(surface, None)
        by_surface[surface] = entry if surface == entry.text else replace(entry, text=surface)
    return list(by_surface.values())


def _retexted(tokens: Tokens, text: str) -> Tokens:
    """A copy of ``tokens`` read in ``text`` (the same offsets in the twin, or back in the original)."""
    copy = tokens[:]
    copy.texts = [text[start:end] for start, end in zip(tokens.starts, tokens.ends)]
    return copy


def _written_simplified(written: str, simplified: str) -> bool:
    """Whether a mention of a mixed text is written in simplified characters (台积电, not 台積電 or 金庸)."""
    return written == simplified and in_variant(written, "t") != written


def written_back(text: str, title: str | None) -> tuple[str, AsWritten | None]:
    """The simplified twin of ``text``, and how to write what is found in it (or in the title's
    twin) back as written; None for a text and title already in simplified characters."""
    simplified = twin_text(text)
    if simplified == text and (not title or twin_text(title) == title):
        return text, None
    return simplified, AsWritten(text, simplified)


def simplified_twin(doc: Document) -> tuple[Document, AsWritten | None]:
    """The document in simplified characters (for the keyword step), and how to write results back.

    A document already in simplified characters is its own twin (and comes with None).
    """
    simplified, as_written = written_back(doc.text, doc.title)
    if as_written is None:
        return doc, None
    title = twin_text(doc.title) if doc.title else doc.title
    twin = Document(
        text=simplified,
        id=doc.id,
        title=title,
        date=doc.date,
        tokens=_retexted(doc.tokens, simplified),
        mentions=[
            replace(m, text=simplified[m.start : m.end], norm=to_simplified(m.norm) if m.norm else m.norm)
            for m in doc.mentions
        ],
    )
    return twin, as_written
