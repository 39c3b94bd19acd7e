"""Place names built from parts, and province abbreviations in context.

A known place followed by a name and a place-type word is one place
(惠水县 + 百鸟河 + 数字小镇); an unknown name directly followed by an
administrative suffix (县, 镇, 村 …) is a place, and so is an ordinary word before the
suffix of a settlement (石板镇), but not before a wider one (部分地区, 工业开发区 name
no place); the one-character province
abbreviations (黔, 滇 …) count only after a word of movement or presence
(来黔, 在滇), where they cannot be read as anything else, and not where jieba
reads them as adjectives (在新的历史条件下, 到新落成的展馆: 新 is no 新疆).
"""
from __future__ import annotations

from typing import Callable

from zhtag.dictionaries import load_rules
from zhtag.document import Document, Mention, Tokens
from zhtag.recognizers.patterns import all_han

MAX_PARTS = 4
#: jieba tags that may make up the name part of a composed place.
NAME_POS = frozenset({"ns", "nz", "n", "nr", "j", "m"})


class PlaceRecognizer:
    source = "places"

    def __init__(self, is_known_word: Callable[[str], bool]) -> None:
        self._is_known_word = is_known_word
        rules = load_rules("places")
        self._admin = set(rules["admin_suffixes"])
        self._settlement = set(rules["settlement_suffixes"])
        self._abbreviations: dict[str, str] = rules["province_abbreviations"]
        self._abbreviation_context = set(rules["abbreviation_context"])
        self._common_nouns = frozenset(rules["common_nouns_tagged_as_names"])

    def find(self, doc: Document) -> list[Mention]:
        tokens = doc.tokens
        mentions = []
        admin, abbreviations = self._admin, self._abbreviations
        # one comprehension over the tokens, then the few suffixes and abbreviations
        for index in [index for index, text in enumerate(tokens.texts) if text in admin or text in abbreviations]:
            token = tokens[index]
            if token.text in self._admin:
                mention = self._composed(doc, tokens, index)
                if mention is not None:
                    mentions.append(mention)
            if self._is_abbreviation(tokens, index):
                mentions.append(
                    Mention(token.start, token.end, token.text, "LOC", norm=self._abbreviations[token.text], source=self.source)
                )
        return mentions

    def _is_abbreviation(self, tokens: Tokens, index: int) -> bool:
        token = tokens[index]
        return (
            token.text in self._abbreviations and token.pos != "a"
            and index > 0 and tokens[index - 1].text in self._abbreviation_context
        )

    def _composed(self, doc: Document, tokens: Tokens, index: int) -> Mention | None:
        first = index
        while first > 0 and index - first < MAX_PARTS:
            previous = tokens[first - 1]
            if previous.end != tokens[first].start or not (previous.label == "LOC" or previous.pos in NAME_POS):
                break
            first -= 1
            if previous.label == "LOC" or previous.pos == "ns":
                break
        if first == index:
            return None
        lead = tokens[first]
        if lead.text in self._common_nouns or (lead.pos == "m" and all_han(lead.text)):
            return None  # 城市社区, 智慧小镇; 一个乡, 几个县
        name = index - first == 1 and len(lead.text) >= 2 and (
            tokens[index].text in self._settlement or not self._is_known_word(lead.text)
        )
        if not (lead.label == "LOC" or lead.pos in ("ns", "nz", "nr") or name):
            return None
        start, end = lead.start, tokens[index].end
        return Mention(start, end, doc.text[start:end], "LOC", source=self.source)
