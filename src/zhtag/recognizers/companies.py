"""Companies named by brand and trade alone (秦川医药, 金桥证券), with no legal form or suffix.

News writes a company as a stock's short name does: a brand word and a trade word.
Two such words are also a common noun phrase (现代农业), so the name is taken only as
the actor of its clause: it opens the clause and a company's verb follows
(星澜动力在合肥投产). The word lists are ``dictionaries/rules/companies.yaml``.
"""
from __future__ import annotations

from typing import Callable

from zhtag.dictionaries import load_rules
from zhtag.document import Document, Mention, Token, Tokens
from zhtag.recognizers.patterns import all_han

#: jieba's tags of punctuation and of time words: what may come before a clause's actor.
CLAUSE_OPENERS = frozenset({"x", "t"})


class CompanyRecognizer:
    source = "companies"

    def __init__(self, is_known: Callable[[str], bool]) -> None:
        rules = load_rules("companies")
        self._trades = frozenset(rules["trade_words"])
        self._verbs = frozenset(rules["company_verbs"])
        self._between_pos = frozenset(rules["between_pos"])
        self._max_between = int(rules["max_between"])
        self._brand_pos = frozenset(rules["brand_pos"])
        self._not_brands = frozenset(rules["not_brands"])
        self._is_known = is_known

    def find(self, doc: Document) -> list[Mention]:
        tokens, trades = doc.tokens, self._trades
        mentions = []
        for index in [i for i, text in enumerate(tokens.texts) if i > 0 and text in trades]:
            brand, trade = tokens[index - 1], tokens[index]
            if (
                self._is_brand(brand) and brand.end == trade.start
                and (index == 1 or tokens[index - 2].pos in CLAUSE_OPENERS)
                and not self._is_known(brand.text + trade.text)  # 生物医药, 人工智能: a common word
                and self._verb_follows(tokens, index + 1)
            ):
                mentions.append(Mention(brand.start, trade.end, doc.text[brand.start : trade.end], "ORG", source=self.source))
        return mentions

    def _is_brand(self, token: Token) -> bool:
        return (
            len(token.text) == 2 and token.label in (None, "LOC") and token.pos in self._brand_pos
            and token.text not in self._not_brands and all_han(token.text)
        )

    def _verb_follows(self, tokens: Tokens, index: int) -> bool:
        """Whether a company's verb follows ``tokens[index - 1]``, past adverbs, prepositions, places and times."""
        for token in tokens[index : index + self._max_between + 1]:
            if token.text in self._verbs:
                return True
            if token.pos not in self._between_pos:
                return False
        return False
