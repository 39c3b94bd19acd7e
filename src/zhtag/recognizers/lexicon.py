"""Dictionary matching on characters (Aho-Corasick), independent of jieba's segmentation.

jieba splits text on a regex before it looks words up, so an entry such as
瓴泓智能科技(贵州)有限公司 or 5G基站 could never match inside jieba. The lexicon
finds entries on the raw characters instead; the segmenter then keeps each match
as one token, and :class:`LexiconRecognizer` turns the named ones into mentions.

pyahocorasick finds a node's child by a linear scan of its children, and the root of a
Chinese dictionary has a child for every character an entry begins with (about 1,200 for
the bundled ones): that scan, at nearly every character of the text, made matching cost
0.9 µs a character, a third of the segmenter. So the automaton is built on each
character's two halves (:func:`halves`): the root then has one child per high byte of a
code point (about 80), each of those one per low byte, and matching costs ~0.2 µs a
character. High and low halves lie in disjoint ranges, so a match always begins at a
character's first half.
"""
from __future__ import annotations

from typing import Iterable

import ahocorasick
import numpy as np

from zhtag.dictionaries import Entry
from zhtag.document import Document, Mention

#: Entry labels that are named things (mentions); TERM entries only become keyword candidates.
NAMED_LABELS = frozenset({"ORG", "LOC", "PER"})
#: The POS a dictionary token gets when its entry names none.
DEFAULT_POS = {"ORG": "nt", "LOC": "ns", "PER": "nr", "TERM": "n"}
#: Where the two halves of a code point are put (disjoint ranges: a high half is never a low one).
HIGH_HALVES, LOW_HALVES = 0x1000, 0x100


def halves(text: str) -> str:
    """Every character of ``text`` as two: its code point's high bits, then its low byte."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    pairs = np.empty((len(codes), 2), dtype=np.uint32)
    pairs[:, 0] = (codes >> 8) + HIGH_HALVES
    pairs[:, 1] = (codes & 0xFF) + LOW_HALVES
    return pairs.tobytes().decode("utf-32-le")


class Lexicon:
    """All dictionary surfaces in one automaton; the last entry for a surface wins."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._entries: dict[str, Entry] = {}
        for entry in entries:
            self._entries[entry.text] = entry
        self._automaton = ahocorasick.Automaton()
        split = halves("".join(self._entries))  # one conversion for all entries, then slices
        position = 0
        for text in self._entries:
            self._automaton.add_word(split[position : position + 2 * len(text)], len(text))
            position += 2 * len(text)
        if self._entries:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, text: str) -> bool:
        return text in self._entries

    def entry(self, text: str) -> Entry | None:
        return self._entries.get(text)

    def matches(self, text: str) -> list[tuple[int, int, Entry]]:
        """Leftmost-longest, non-overlapping matches as ``(start, end, entry)``."""
        if not self._entries:
            return []
        found = []
        for last_half, length in self._automaton.iter_long(halves(text)):
            end = (last_half + 1) // 2
            found.append((end - length, end, self._entries[text[end - length : end]]))
        return found


class LexiconRecognizer:
    """Named dictionary tokens (ORG, LOC, PER) as mentions, normalised to their canonical name."""

    source = "lexicon"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def find(self, doc: Document) -> list[Mention]:
        mentions = []
        for token in doc.tokens:
            if token.label in NAMED_LABELS:
                entry = self.lexicon.entry(token.text)
                canonical = entry.canonical if entry is not None else token.text
                mentions.append(
                    Mention(token.start, token.end, token.text, token.label, norm=canonical, source=self.source)
                )
        return mentions
