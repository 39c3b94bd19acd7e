"""Firms named by a common word (小米 millet, 苹果 apple, 荣耀 glory): the firm in a sentence of its trade.

Technology news names a firm by its brand, and some brands are words: 苹果发布了新款iPhone is
Apple, 红苹果 a fruit, 深圳人的荣耀 pride. The lexicon lists only the firms' full names (苹果公司,
小米集团), so that a fruit is never a firm; this recogniser proposes ORG for a brand of
``rules/brands.yaml`` that stands as whole words, with the firm's full name as its norm, in an
article that names the firm so once: in a sentence holding a word of its trade (手机, iPhone,
发布会, 芯片, 华为 …) or by its full name (小米集团). An article that is about the firm names it by
its brand throughout (苹果股票评级, 小米业务庞杂: no word of the trade in the sentence). A brand
inside a longer word (王者荣耀 the game, a guard term) is no word of its own, so it is left alone.
"""
from __future__ import annotations

import re

from zhtag.dictionaries import load_rules
from zhtag.document import Document, Mention
from zhtag.recognizers.patterns import SentencesHolding, alternation, holds


class BrandRecognizer:
    source = "brands"

    def __init__(self) -> None:
        rules = load_rules("brands")
        self._firms = {brand["text"]: brand["firm"] for brand in rules["brands"]}
        # longest first, each before none of its not_before words (联想到 is the verb)
        self._brands = re.compile("|".join(
            re.escape(brand["text"]) + (f"(?!{alternation(brand['not_before'])})" if brand.get("not_before") else "")
            for brand in sorted(rules["brands"], key=lambda brand: -len(brand["text"]))
        ))
        self._trade_words = re.compile(alternation(rules["trade_words"]), re.IGNORECASE)

    def find(self, doc: Document) -> list[Mention]:
        text = doc.text
        starts, ends = doc.tokens.starts, doc.tokens.ends
        brands = [brand for brand in self._brands.finditer(text) if holds(starts, brand.start()) and holds(ends, brand.end())]
        if not brands:
            return []
        about_the_trade = SentencesHolding(self._trade_words, text)
        named_in_full = {name for name in {brand.group() for brand in brands} if self._firms[name] in text}
        firms = named_in_full | {brand.group() for brand in brands if about_the_trade.holds(brand.end())}
        return [Mention(brand.start(), brand.end(), brand.group(), "ORG", norm=self._firms[brand.group()], source=self.source)
                for brand in brands if brand.group() in firms]
