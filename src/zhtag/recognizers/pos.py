"""jieba's own name tags (nr, ns, nt …) as low-certainty candidates.

jieba's HMM finds many unknown names; its tags are the baseline every other
recogniser improves on, so they enter the resolver at the lowest tier. Words
that jieba's *dictionary* tags ns are left out: the real places among them are in
our own place dictionaries, and the rest are common nouns (城市, 土地利用).
"""
from __future__ import annotations

from typing import Callable

from zhtag.dictionaries import load_rules
from zhtag.document import Document, Mention


class PosTagRecognizer:
    """Tokens whose jieba POS names a person, place or organisation."""

    source = "jieba-pos"

    def __init__(self, is_known_word: Callable[[str], bool]) -> None:
        self._is_known_word = is_known_word
        rules = load_rules("persons")
        self._pos_labels: dict[str, str] = {"nr": "PER", "nrfg": "PER", "ns": "LOC", "nt": "ORG"}
        self._surnames = set(rules["surnames"]) | set(rules["compound_surnames"])
        self._not_names = set(rules["not_names"]) | set(load_rules("model")["ordinary_words"])

    def find(self, doc: Document) -> list[Mention]:
        mentions = []
        tokens, pos_labels = doc.tokens, self._pos_labels
        for index in [index for index, pos in enumerate(tokens.poses) if pos in pos_labels]:
            token = tokens[index]
            label = pos_labels[token.pos]
            if token.label is not None or len(token.text) < 2:
                continue
            if label == "PER" and not self._plausible_name(token.text):
                continue
            if label == "LOC" and self._is_known_word(token.text):
                continue
            mentions.append(Mention(token.start, token.end, token.text, label, source=self.source))
        return mentions

    def _plausible_name(self, text: str) -> bool:
        """A Chinese name of at most four characters starting with a surname.

        jieba's transliterated-name tag (nrt) is right about a quarter of the time
        on news, too rarely to be worth its false alarms; the model finds those names.
        """
        if text in self._not_names or len(text) > 4:
            return False
        return text[0] in self._surnames or text[:2] in self._surnames
