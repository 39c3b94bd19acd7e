"""Dictionary matching on characters (Aho-Corasick), independent of jieba's segmentation.

jieba splits text on a regex before it looks words up, so an entry such as
瓴泓智能科技(贵州)有限公司 or 5G基站 could never match inside jieba. The lexicon
finds entries on the raw characters instead; the segmenter then keeps each match
as one token, and :class:`LexiconRecognizer` turns the named ones into mentions.
"""
from __future__ import annotations

from typing import Iterable

import ahocorasick

from zhtag.dictionaries import Entry
from zhtag.document import Document, Mention

#: Entry labels that are named things (mentions); TERM entries only become keyword candidates.
NAMED_LABELS = frozenset({"ORG", "LOC", "PER"})
#: The POS a dictionary token gets when its entry names none.
DEFAULT_POS = {"ORG": "nt", "LOC": "ns", "PER": "nr", "TERM": "n"}


class Lexicon:
    """All dictionary surfaces in one automaton; the last entry for a surface wins."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._entries: dict[str, Entry] = {}
        for entry in entries:
            self._entries[entry.text] = entry
        self._automaton = ahocorasick.Automaton()
        for text in self._entries:
            self._automaton.add_word(text, len(text))
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
        for last, length in self._automaton.iter_long(text):
            start = last - length + 1
            found.append((start, last + 1, self._entries[text[start : last + 1]]))
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
