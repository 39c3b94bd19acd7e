"""PERCENT, MONEY, QUANTITY, NUMBER and ORDINAL mentions with value, unit and qualifier.

One compiled regular expression, built from ``dictionaries/rules/figures.yaml``, runs on
the raw characters: an optional qualifier (超, 近, 约, 不少于, 小于等于 …), a number in any
script (37.5, １２３, 两千三百万, 4.78万亿, 2.4兆, 6万8000, 3e4, 二分之一, 12分之345), an
optional range end (3至5万), and what follows
(%, 个百分点, 成, 折, a currency, a unit, 以上/左右 …). Words made of numerals that are
not numbers (一些, 万一, 十八大) and names with digits (5G, 4S店, G20) match first and are
dropped, and so are numbers glued to letters, to date separators, or to a time unit:
2025年, 8月, 三年 and 8点 belong to the date recogniser.

Conventions: ``value`` is the number in the unit's base (1.2亿元 -> 120000000, unit CNY;
37.5% -> 37.5, unit %; 3个百分点 -> 3, unit pp; 25个基点 -> 25, unit bp; 三成 -> 30, unit %; 七五折 -> 75, unit %).
A range keeps its lower end in ``value`` and both ends in ``norm`` (3至5万 -> 30000,
norm ``30000/50000``); 几十万/数十亿 are the range from the round number to ten times it.
``norm`` is the qualifier (when not ``=``), the value and the unit: ``>40%``, ``~10000 家``,
``120000000 CNY``; ordinals read ``第19届``. The measure word is part of a quantity's and
an ordinal's span (第十九届, 50多个) and so are the qualifier words (超40%, 近万家).
Comparisons are qualifiers too (不小于30 is ``≥``, 比三十大 ``>``), and two bounds around
one quantity are one range (大于10小于20, 10000与20000之间: ``norm`` ``10/20``), and so are
two amounts of one unit (2万元至5万元). 千分之七 is 0.7 %; coins count in their currency (5美分
-> 0.05 USD, 7毛5 -> 0.75 CNY, 3美元5美分 -> 3.05 USD); 两打 is 24, 半斤 0.5 斤, 超过一半 >0.5,
翻两番 4 倍; a Chinese number written in sections apart (三千 九百 六十五) is one number. A number
longer than any figure (「一」×5000) is left untagged.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from zhtag.dictionaries import load_rules
from zhtag.document import Document, Mention
from zhtag.normalize.numbers import BIG_UNITS, DIGITS, SMALL_UNITS, parse_number, to_halfwidth
from zhtag.recognizers.patterns import YEAR_ALONE, alternation, checked, first_matches, is_latin_or_digit

#: Digit runs are bounded (a figure has at most 20 digits before its decimal point) and every
#: number is guarded on its left, so that a long run of digits is tried once, not at each digit.
ARABIC = r"[0-9０-９]{1,20}(?:[,，][0-9０-９]{3}(?![0-9０-９])){0,6}(?:[.．][0-9０-９]{1,12})?"
CN_DIGITS = "零〇○一二三四五六七八九两俩壹贰貳叁參肆伍陆陸柒捌玖"
#: A Chinese number longer than 24 numerals is no figure: it is left untagged, never converted.
CN_NUMERALS = CN_DIGITS + "十拾廿卅百佰千仟万萬亿億"
#: Two neighbouring digits for an approximate range (两三百 200 to 300, 十七八 17 to 18, 三四十 30 to 40).
ADJACENT_PAIR = re.compile(r"(?P<head>(?:[一二两三四五六七八九]?十)?)(?P<low>[一二两三四五六七八九])(?P<high>[二两三四五六七八九])(?P<rest>[十百千万亿]{0,3})")
#: How far before a figure its money context word (售价, 年薪 and a linking 为) may start.
MONEY_CONTEXT_CHARS = 8
#: Characters that cannot stand right before a number: they make it part of a code, a date, a
#: score or a decimal (A380, 2025-08-20, 4-3-3, 0.5); a colon only after a digit (08:46).
GLUED_BEFORE = r"(?<![0-9０-９.．/_\-－A-Za-z负])(?<![0-9０-９][:：])"
HAN = re.compile(r"[\u4e00-\u9fff]")
#: The numeral characters after which a final 两 is the weight liang: 三十两, 两万两.
LIANG_AFTER = "十拾百佰千仟万萬亿億"
#: The multipliers a section of a Chinese number may end in, and their place (三千 九百 六十五).
SECTION_PLACES = {"十": 10, "百": 100, "千": 1000, "万": 1e4, "亿": 1e8}
#: A round number written with units alone, 十万 or 百亿 (not 千百 or 亿万, which are vague).
ROUND_BIG_NUMBER = re.compile("[十百千][万亿]")
#: How far before a range its score word (比分, 战成, shared with the date rules) may start.
SCORE_CONTEXT_CHARS = 4
#: How far before a fraction its share word (占, 占比为) may start.
FRACTION_CONTEXT_CHARS = 4
#: The unit of 翻一番 (the amount doubles: 2 倍).
DOUBLING_UNIT = "倍"
#: 半 before a unit (半斤, 半岁), 一半 and 半数 (a share): one half.
HALF = 0.5
HALF_WORDS = ("半", "一半", "半数")
YEAR_MONTH = re.compile(r"(?:19|20)[0-9]{2}[.](?:0[1-9]|1[0-2])")
CURRENCY_KUAI = "块"


class FigureRecognizer:
    """Finds figures in ``doc.text``: PERCENT, MONEY, QUANTITY, NUMBER, ORDINAL."""

    source = "figures"

    def __init__(self) -> None:
        self._rules = _Rules.load()

    def find(self, doc: Document) -> list[Mention]:
        text = doc.text
        mentions = []
        for _, match in first_matches(self._rules.patterns, text):
            kind = match.lastgroup
            if kind == "skip":
                continue
            if kind == "ordinal":
                mention = self._ordinal(match, text)
            elif kind == "percent_word":
                mention = self._percent_word(match, text)
            elif kind == "age":
                mention = self._age(match, text)
            elif kind == "doubling":
                mention = self._doubling(match, text)
            elif kind == "fixed_percent":
                value = float(self._rules.fixed_percents[match.group()])
                mention = Mention(match.start(), match.end(), match.group(), "PERCENT", norm=_norm(value, None, "%", "="), value=value, unit="%", qualifier="=", source=self.source)
            else:
                mention = self._figure(match, text, mentions[-1].end if mentions else -1)
            if mention is not None and not _inside_title(text, mention.start, mention.end):
                mentions.append(mention)
        return self._comparisons(text, self._join_coins(text, _join_spaced_sections(text, mentions)))

    def _join_coins(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """3美元5美分: an amount and the coins of its currency right after it are one amount (3.05 USD)."""
        joined: list[Mention] = []
        for mention in mentions:
            previous = joined[-1] if joined else None
            if (
                previous is not None and previous.label == mention.label == "MONEY" and previous.unit == mention.unit
                and previous.end == mention.start and previous.value is not None and mention.value is not None
                and previous.qualifier == mention.qualifier == "=" and self._rules.ends_in_coins.search(mention.text)
                and not self._rules.ends_in_coins.search(previous.text)
            ):
                value = _tidy(previous.value + mention.value)
                joined[-1] = Mention(
                    previous.start, mention.end, text[previous.start:mention.end], "MONEY",
                    norm=_norm(value, None, mention.unit, "="), value=value, unit=mention.unit, qualifier="=", source=self.source,
                )
                continue
            joined.append(mention)
        return joined

    def _comparisons(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """比三十大 (> 30); two bounds as one range: 大于10小于20, 10000与20000之间 (both ends in norm)."""
        rules = self._rules
        for mention in mentions:
            before = rules.comparison_before.search(text, max(0, mention.start - 3), mention.start)
            after = rules.comparison_after.match(text, mention.end) if before else None
            if before and after and mention.qualifier == "=":
                mention.qualifier = rules.comparison_words[after.group("word")]
                mention.start, mention.end = before.start(), after.end()
                mention.text = text[mention.start:mention.end]
                mention.norm = _norm(mention.value, None, mention.unit, mention.qualifier)  # type: ignore[arg-type]
        merged: list[Mention] = []
        index = 0
        while index < len(mentions):
            first = mentions[index]
            second = mentions[index + 1] if index + 1 < len(mentions) else None
            joined = self._join_bounds(text, first, second) if second is not None else None
            if joined is not None:
                merged.append(joined)
                index += 2
                continue
            merged.append(first)
            index += 1
        return merged

    def _join_bounds(self, text: str, first: Mention, second: Mention) -> Mention | None:
        rules = self._rules
        if first.value is None or second.value is None or first.label != second.label and "NUMBER" not in (first.label, second.label):
            return None
        start, end = first.start, second.end
        lower, upper = (first, second) if first.qualifier in (">", "≥") else (second, first)
        if lower.qualifier in (">", "≥") and upper.qualifier in ("<", "≤") and lower is not upper:
            if not rules.bound_gap.fullmatch(text, first.end, second.start):
                return None
        elif first.qualifier == second.qualifier == "=" and rules.between_gap.fullmatch(text, first.end, second.start):
            closer = rules.between_closer.match(text, second.end)
            if second.unit == "间" and second.text.endswith("间"):
                end = second.end
            elif closer:
                end = closer.end()
            else:
                return None
            opener = rules.between_opener.search(text, max(0, start - 2), start)
            start = opener.start() if opener else start
            lower, upper = first, second
        elif (
            first.qualifier == second.qualifier == "=" and first.label == second.label != "ORDINAL" and first.unit is not None
            and first.unit == second.unit and rules.range_gap.fullmatch(text, first.end, second.start)
        ):
            lower, upper = first, second  # 2万元至5万元, 3%-5%: two amounts of one unit
        else:
            return None
        if lower.value >= upper.value:  # type: ignore[operator]
            return None
        label = first.label if first.label != "NUMBER" else second.label
        unit = first.unit if first.label != "NUMBER" else second.unit
        if unit == "间":
            label, unit = "NUMBER", None
        norm = _norm(lower.value, upper.value, unit, "=")  # type: ignore[arg-type]
        return Mention(start, end, text[start:end], label, norm=norm, value=lower.value, unit=unit, qualifier="=", source=self.source)

    def _ordinal(self, match: re.Match, text: str) -> Mention | None:
        value = parse_number(match.group("ordinal_number"))
        if value is None or not float(value).is_integer() or not _free_after(text, match.end("ordinal_number"), match.group("ordinal_unit")):
            return None
        unit = match.group("ordinal_unit")
        if unit in self._rules.date_ordinal_units:
            return None  # 第三天 is a day, the date recogniser's
        start, end = match.span()
        norm = f"第{int(value)}{unit or ''}"
        before = self._rules.from_the_end.search(text, max(0, start - self._rules.from_the_end_chars), start)
        if before is not None:  # 倒数第二: second from the end, -2 as a Python index counts it
            start, value, norm = before.start(), -value, before.group() + norm
        return Mention(start, end, text[start:end], "ORDINAL", norm=norm, value=float(value), unit=unit, qualifier="=", source=self.source)

    def _age(self, match: re.Match, text: str) -> Mention | None:
        """十个月大, 90天大: an age counted in a time unit, a QUANTITY of that unit."""
        value = parse_number(match.group("age_number"))
        if value is None:
            return None
        unit = match.group("age_unit")
        start, end = match.span()
        return Mention(start, end, text[start:end], "QUANTITY", norm=_norm(value, None, unit, "="), value=_tidy(value), unit=unit, qualifier="=", source=self.source)

    def _percent_word(self, match: re.Match, text: str) -> Mention | None:
        """百分之三十七点五, 超过了百分之零点九, 百分之五十以上, 百分之百."""
        number = match.group("pw_number")
        value = 100.0 if number == "百" else parse_number(number)
        if value is None:
            return None
        prefix = match.group("pw_prefix")
        qualifier = self._rules.prefix_qualifiers.get(re.sub(r"\s", "", prefix), "=") if prefix else "="
        if qualifier == "=" and match.group("pw_suffix"):
            qualifier = self._rules.suffix_qualifiers[match.group("pw_suffix")]  # 百分之五十以上
        start, end = match.span()
        value = _tidy(value * {"百": 1.0, "千": 0.1, "万": 0.01}[match.group("pw_base")])  # 千分之七 = 0.7%
        return Mention(start, end, text[start:end], "PERCENT", norm=_norm(value, None, "%", qualifier), value=value, unit="%", qualifier=qualifier, source=self.source)

    def _figure(self, match: re.Match, text: str, previous_end: int) -> Mention | None:
        """The figure of ``match``; ``previous_end`` is where the figure found before it ends."""
        rules = self._rules
        group = match.group
        number_start = match.start("number")
        prefix = group("prefix")
        start = match.start()
        number, tail = group("number"), group("tail") or ""
        number2, tail2 = group("number2"), group("tail2") or ""
        unit_word = group("unit")
        if number2 is not None and rules.after_score.search(text, max(0, start - SCORE_CONTEXT_CHARS), start):
            return None  # 比分3-5: a score, not a range
        if unit_word is not None and unit_word in rules.time_units:
            return None  # 2025年, 三年, 8点: the date recogniser's
        if unit_word in rules.dozens and not self._dozen_ok(text, number, match.end("unit")):
            return None
        if unit_word == "个" and rules.time_after_ge.match(text, match.end("unit")):
            return None  # 三个多月, 两个半小时: durations
        if _clock_context(text, number_start):
            return None  # the 30 of 8点30分
        last_number_end = max(match.end(name) for name in ("number", "tail", "number2", "tail2"))
        unit_span_word = unit_word or group("currency") or group("percent") or group("cheng") or group("zhe")
        if not _free_after(text, last_number_end, unit_span_word):
            return None
        units_only = _units_only(number)
        if prefix is not None and prefix.strip() in rules.unit_only_prefixes and not units_only:
            prefix, start = None, number_start
        if group("currency") == CURRENCY_KUAI and rules.kuai_qualified.match(text, match.end("currency")) and (_value(number, tail) or 0) < 10:
            return None  # 两块左右的石头, 三块多的蛋糕: pieces; 3万块左右, 十块以上 and 一块多钱 are money
        if units_only and prefix is None and number not in ("十", "拾") and not (
            len(number) > 1 and group("currency") or unit_word and ROUND_BIG_NUMBER.fullmatch(number)
            or tail[:1] in rules.approximators and (unit_word or group("currency"))
        ):
            return None  # 万家灯火, 百姓, 千兆家用: a unit needs 近/上/数 … (or 百亿元 a currency, 十万人 a measure word, 百余人 多 or 余) to be a number
        if "/" in number and prefix is None and not group("suffix") and not self._fraction_context(text, start):
            return None  # 8/20 is a date, not a fraction
        pair = ADJACENT_PAIR.fullmatch(number) if number2 is None else None
        if pair is not None and DIGITS[pair["high"]] != DIGITS[pair["low"]] + 1 and pair["low"] + pair["high"] not in rules.loose_pairs:
            pair = None  # 一两个 is one or two, 三五个 three to five (loose_pairs), 三七 no pair
        if pair is not None:  # 两三百人: 200 to 300
            value = _value(pair["head"] + pair["low"] + pair["rest"], tail)
        else:
            value = _value(number, tail)
        if value is None:
            return None
        upper = _value(pair["head"] + pair["high"] + pair["rest"], tail) if pair is not None else None
        if number2 is not None:
            upper = _value(number2, tail2)
            if upper is None:
                return None
            value = _scale_lower(number, tail, value, number2, tail2)
            if upper <= (-value if group("negative") else value):  # -5~3℃ runs from -5
                return None
        if _latin_suffix(number) and not (group("currency") or number2 or group("suffix")):
            return None  # 5k, 30w only in prices and ranges
        qualifier = rules.prefix_qualifiers.get(re.sub(r"\s", "", prefix)) if prefix else None
        if qualifier is None and any(char in tail + tail2 for char in rules.approximators):
            qualifier = ">"
        if qualifier is None and "来" in tail + tail2:
            qualifier = "~"  # 二十来岁: about twenty
        suffix = group("suffix")
        end = match.end()
        if (suffix == rules.many_after_unit and rules.comparison_before.search(text, max(0, start - 3), start)
                or suffix == rules.money_from and not group("currency")):
            suffix, end = None, match.start("suffix")  # the 多 of 比三十万人次多 compares (see _comparisons)
        if qualifier is None and suffix:
            qualifier = {rules.many_after_unit: ">", rules.money_from: "≥"}.get(suffix) or rules.suffix_qualifiers[suffix]
        if prefix is not None and prefix.strip() in rules.ranged_prefixes and number2 is None and units_only:
            upper = value * 10  # 几十万: 100000 to 1000000
            qualifier = "~"
        if pair is not None and qualifier is None:
            qualifier = "~"
        qualifier = qualifier or "="
        label, unit, scale = self._label_unit(match, text, value)
        if label is None:
            return None
        if pair is not None and label == "NUMBER" and not (pair["head"] or pair["rest"] or tail):
            return None  # 三四线城市: two digits alone name no amount
        if label == "NUMBER" and "来" in tail and number[-1] in "0０":
            return None  # 10来个 is about ten, but the 来 of 10来了 is a verb's
        if label == "NUMBER" and rules.money_context.search(text, max(0, start - MONEY_CONTEXT_CHARS), start):
            label, unit = "MONEY", rules.context_currency  # 年薪50万, 售价9999: a price is in yuan
        if label == "NUMBER" and number2 is None and len(number) > 2 and number[-1] == "两" and number[-2] in LIANG_AFTER:
            if end == len(text) or text[end] in rules.liang_followers:
                value, label, unit = _value(number[:-1], tail) or value, "QUANTITY", "两"  # 三十两 (liang), not 32
        if label == "NUMBER" and prefix is None and self._is_a_side_of_a_ratio(text, start, end):
            return None  # 2比1: a score, not two numbers
        compared = prefix is not None or self._rules.comparison_before.search(text, max(0, start - 2), start) is not None
        if label == "NUMBER" and not compared and unit_word not in rules.dozens and not self._plain_number_ok(text, match, number, tail, number2, qualifier):
            return None
        if label == "QUANTITY" and number == "一" and not (number2 or tail or prefix or suffix or group("half")) and unit in rules.article_measure_words:
            return None  # 一位领导: an article, not a count
        if group("negative") == "-" and start > 0 and text[start - 1] not in rules.minus_after:
            if start != previous_end:
                return None  # the - of 歼-20 is a dash, not a sign
            start = number_start  # 5万元-8万元: the dash of a range, which _comparisons joins
        elif group("negative"):
            value = -value
        value = _tidy(value * scale)
        if group("half"):
            value = _tidy(value + 0.5 * scale)
        if group("decimals"):
            decimals = group("decimals")
            value = _tidy(value + int("".join(str(DIGITS.get(char, char)) for char in to_halfwidth(decimals))) / 10 ** len(decimals))
        if label == "MONEY":
            value = _tidy(value + self._coins(match))
        upper = _tidy(upper * scale) if upper is not None else None
        norm = _norm(value, upper, unit, qualifier)
        return Mention(start, end, text[start:end], label, norm=norm, value=value, unit=unit, qualifier=qualifier, source=self.source)

    def _label_unit(self, match: re.Match, text: str, value: float) -> tuple[str | None, str | None, float]:
        """The label, the unit and the factor that takes the number to the unit's base."""
        group = match.group
        rules = self._rules
        if group("percent"):
            if group("percent") in rules.percentage_points:
                return "PERCENT", "pp", 1.0
            if group("percent") in rules.basis_points:
                return "PERCENT", "bp", 1.0  # 下调25个基点: hundredths of a percentage point
            if group("percent") in rules.per_mille_signs:
                return "PERCENT", "%", 0.1  # 出生率12.3‰: 1.23%, as 千分之七 is 0.7%
            return "PERCENT", "%", 1.0
        if group("cheng"):
            return ("PERCENT", "%", 10.0) if value <= 10 else (None, None, 1.0)
        if group("zhe"):
            number = group("number")
            if len(number) == 2 and all(char in DIGITS for char in number):
                return "PERCENT", "%", 1.0  # 七五折: read as 75, not 7 * 10 + 5 in tens
            return ("PERCENT", "%", 10.0) if value < 10 else (None, None, 1.0)  # 八折, 8.5折
        currency = group("currency_after") or group("currency") or None
        if currency in rules.currency_fractions:
            code, factor = rules.currency_fractions[currency]
            return "MONEY", code, float(factor)  # 5美分 is 0.05 USD, 人民币5毛 0.5 CNY
        if group("currency_prefix"):
            return "MONEY", rules.currency_prefixes[group("currency_prefix")], 1.0
        if currency:
            return "MONEY", rules.currencies[currency], 1.0
        if group("unit") in rules.dozens:
            return "NUMBER", None, float(rules.dozens[group("unit")])  # 两打 is 24
        if group("unit"):
            return "QUANTITY", group("unit"), 1.0
        return "NUMBER", None, 1.0

    def _is_a_side_of_a_ratio(self, text: str, start: int, end: int) -> bool:
        """Whether the number at ``start:end`` stands on either side of 比 with a number on the other
        (罗马2比1取胜, 男女比例为1比1.2): a score or a ratio, unlike 比三十大 or 比去年多5个."""
        rules = self._rules
        return bool(rules.ratio_after.match(text, end) or rules.ratio_before.search(text, max(0, start - 4), start))

    def _fraction_context(self, text: str, start: int) -> bool:
        """4/7 is a fraction after a comparison or a word for a share (占4/7)."""
        rules = self._rules
        return bool(rules.comparison_before.search(text, max(0, start - 2), start) or rules.fraction_before.search(text, max(0, start - FRACTION_CONTEXT_CHARS), start))

    def _dozen_ok(self, text: str, number: str, end: int) -> bool:
        """两打鸡蛋 counts dozens; 5打4 (five against four) and 一打开 (once opened) do not: a dozen
        takes a Chinese number (or 半), and 一打 only before the end of a clause or 的 (给我一打。)."""
        if number[0] not in CN_DIGITS and number != "半":
            return False
        return number != "一" or end >= len(text) or not HAN.match(text[end]) or text[end] == "的"

    def _doubling(self, match: re.Match, text: str) -> Mention | None:
        """翻一番 and 翻番 double (2 倍), 翻两番 quadruples (4 倍): the times the amount becomes."""
        count = parse_number(match.group("doubling_number") or "一")
        if count is None or not float(count).is_integer():
            return None
        value = float(2 ** int(count))
        start, end = match.span()
        return Mention(start, end, text[start:end], "QUANTITY", norm=_norm(value, None, DOUBLING_UNIT, "="), value=value, unit=DOUBLING_UNIT, qualifier="=", source=self.source)

    def _coins(self, match: re.Match) -> float:
        """一角七分 after 元: 0.17; the 5 of 7毛5 (a digit after 毛 or 角 counts 分): 0.05; of 两块五 (after 块, 毛): 0.5."""
        total = (parse_number(match.group("coin_tail")) or 0) * self._rules.currency_subunits["分"] if match.group("coin_tail") else 0.0
        if match.group("dime_tail"):  # 两块五: 2.5
            total += (parse_number(match.group("dime_tail")) or 0) * self._rules.currency_subunits["毛"]
        for amount_group, unit_group in (("coin1", "coin1_unit"), ("coin2", "coin2_unit")):
            amount = match.group(amount_group)
            if amount:
                total += (parse_number(amount) or 0) * self._rules.currency_subunits[match.group(unit_group)]
        return total

    def _plain_number_ok(self, text: str, match: re.Match, number: str, tail: str, number2: str | None, qualifier: str) -> bool:
        """A number with no unit counts only where it cannot be part of a word or a name."""
        end = match.end()
        following = text[end] if end < len(text) else ""
        arabic = number[0] in "0123456789０１２３４５６７８９"
        if not arabic:
            if "分之" in number or self._rules.between_closer.match(text, end):
                return True  # 二分之一; 十到二十之间, 介于两千和三千之间
            if len(number + tail) < 2 or not any(char in SMALL_UNITS or char in BIG_UNITS or char == "点" for char in number + tail):
                start = match.start()
                alone = start > 0 and text[start - 1] in self._rules.lone_digit_before and (not following or following in "。！？；，,.!?;")
                return qualifier != "=" or alone  # 一以上, 结果是七。
            return not following or not HAN.match(following) or following in self._rules.plain_number_followers
        digits = to_halfwidth(number)
        if YEAR_MONTH.fullmatch(digits) and (number2 is None or YEAR_MONTH.fullmatch(to_halfwidth(number2)) or to_halfwidth(number2).isdigit()):
            return False  # 2016.07, 1999.08-2002.02: a year and month, the date recogniser's
        if HAN.match(following) and digits.isdigit() and 1900 <= int(digits) <= 2100 and number2 is None:
            return False  # 2025中国国际大数据产业博览会: a year in a name
        if following == "后" and len(digits) == 2 and digits[-1] in "05" and number2 is None and digits.isdigit() and not tail:
            return False  # 80后, 95后: the people born in those years, a generation, no number
        alone = self._rules.year_alone.match(text, match.start()) if number2 is None and not tail else None
        if alone is not None and alone.end() == end:
            return False  # “2018，让我们…”: a year alone, the date recogniser's
        start = match.start()
        before = text[start - 1] if start > 0 else "\n"
        if following and following in "、.．。)）" and (before.isspace() or before in "。！？；：:") and number2 is None and digits.isdigit() and not tail:
            return False  # 1、 at the start of a line or sentence numbers a list
        return True


def _join_spaced_sections(text: str, mentions: list[Mention]) -> list[Mention]:
    """三千 九百 六十五: a Chinese number written in sections apart is one number (3965).

    A section joins the one before when a single space parts them, the one before ends in a
    multiplier (千) and the section is a smaller Chinese number (九百 < 1000) of its own.
    """
    joined: list[Mention] = []
    for mention in mentions:
        previous = joined[-1] if joined else None
        place = SECTION_PLACES.get(previous.text[-1]) if previous is not None else None
        if (
            previous is not None and place is not None and previous.label == "NUMBER" and previous.value is not None
            and mention.value is not None and mention.label in ("NUMBER", "QUANTITY", "MONEY")
            and text[previous.end:mention.start] == " " and mention.text[0] in CN_DIGITS
            and 0 < mention.value < place and mention.qualifier in ("=", previous.qualifier)
        ):
            value = _tidy(previous.value + mention.value)
            qualifier = previous.qualifier or "="
            joined[-1] = Mention(
                previous.start, mention.end, text[previous.start:mention.end], mention.label,
                norm=_norm(value, None, mention.unit, qualifier), value=value, unit=mention.unit, qualifier=qualifier, source=previous.source,
            )
            continue
        joined.append(mention)
    return joined


def _free_after(text: str, position: int, unit: str | None) -> bool:
    """False when the number runs on into letters, digits or a date (5G, 2025-08, 3.jpeg)."""
    if position >= len(text):
        return True
    following = text[position]
    if unit is not None and not unit[0].isascii():
        return True
    if unit is not None:
        return not (position + len(unit) < len(text) and is_latin_or_digit(text[position + len(unit)]))
    if is_latin_or_digit(following):
        return False
    if following in "-/:：.．" and position + 1 < len(text):
        nxt = text[position + 1]
        return not (is_latin_or_digit(nxt) or nxt in "０１２３４５６７８９")
    return True


def _clock_context(text: str, position: int) -> bool:
    """True for the minutes of 8点30分 or 8时30分."""
    return position >= 2 and text[position - 1] in "点时" and (
        text[position - 2].isdigit() or text[position - 2] in DIGITS or text[position - 2] in SMALL_UNITS
    )


def _inside_title(text: str, start: int, end: int) -> bool:
    """True inside 《…》, where digits belong to a title (《哪吒2》)."""
    opening = text.rfind("《", 0, start)
    if opening < 0 or text.rfind("》", 0, start) > opening:
        return False
    closing = text.find("》", end)
    return 0 <= closing - opening <= 40


def _units_only(number: str) -> bool:
    return all(char in SMALL_UNITS or char in BIG_UNITS for char in number)


def _latin_suffix(number: str) -> bool:
    return number[-1] in "kKwW"


def _value(number: str, tail: str) -> float | None:
    value = HALF if number in HALF_WORDS else parse_number(number)
    if value is None:
        return None
    for char in tail:
        value *= BIG_UNITS.get(char, 1.0)
    return value


def _scale_lower(number: str, tail: str, value: float, number2: str, tail2: str) -> float:
    """3至5万: the lower end takes the multiplier that only the upper end wrote."""
    written_big = any(char in BIG_UNITS for char in number + tail) or number[-1] in "kKwW"
    if written_big:
        return value
    upper_text = number2 + tail2
    factor = 1.0
    index = len(upper_text)
    while index > 0 and upper_text[index - 1] in BIG_UNITS:
        index -= 1
        factor *= BIG_UNITS[upper_text[index]]
    if upper_text[-1] in "kK":
        factor = 1e3
    elif upper_text[-1] in "wW":
        factor = 1e4
    single_digit = len(number) == 1 and (number in DIGITS or number.isdigit())
    if factor == 1.0 and single_digit and index > 0 and upper_text[index - 1] in SMALL_UNITS:
        factor = SMALL_UNITS[upper_text[index - 1]]  # 两到三仟: 2000 to 3000
    return value * factor


def _tidy(value: float) -> float:
    return float(f"{value:.12g}")


def _format(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e18 else f"{value:.12g}"


def _norm(value: float, upper: float | None, unit: str | None, qualifier: str) -> str:
    amount = _format(value) if upper is None else f"{_format(value)}/{_format(upper)}"
    if qualifier != "=" and upper is None:
        amount = qualifier + amount
    if unit is None:
        return amount
    if unit in ("%", "pp", "bp"):
        return amount + unit
    return f"{amount} {unit}"


class _Rules:
    """The word lists of figures.yaml and the regular expression built from them (built once)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.prefix_qualifiers: dict[str, str] = data["prefix_qualifiers"]
        self.suffix_qualifiers: dict[str, str] = data["suffix_qualifiers"]
        self.many_after_unit: str = data["many_after_unit"]
        self.money_from: str = data["money_from"]
        self.from_the_end = re.compile(f"(?:{alternation(data['from_the_end'])})$")
        self.from_the_end_chars = max(map(len, data["from_the_end"]))
        self.kuai_qualified = re.compile(f"(?:{alternation(self.suffix_qualifiers)}|{re.escape(self.many_after_unit)})(?!钱)")
        self.approximators = set(data["approximators"])
        self.unit_only_prefixes = set(data["unit_only_prefixes"])
        self.ranged_prefixes = set(data["ranged_prefixes"])
        self.percentage_points = set(data["percentage_points"])
        self.basis_points = set(data["basis_points"])
        self.per_mille_signs = set(data["per_mille_signs"])
        self.minus_after = set(" \t\n" + data["minus_after"])
        self.currencies: dict[str, str] = data["currencies"]
        #: what may stand before the number: currency words (with their codes) and signs
        self.currency_prefixes: dict[str, str] = {
            **{word: data["currencies"][word] for word in data["currency_words_before"]},
            **data["currency_signs"],
        }
        self.currency_subunits: dict[str, float] = data["currency_subunits"]
        self.currency_fractions: dict[str, list] = data["currency_fractions"]
        self.dozens: dict[str, int] = data["dozens"]
        self.ends_in_coins = re.compile(alternation(self.currency_fractions) + "[0-9０-９" + CN_DIGITS + "]?$")
        self.fraction_before = re.compile(alternation(data["fraction_before"]) + r"\s?$")
        self.units = [str(unit) for unit in data["units"]]
        self.time_units = set(data["time_units"])
        self.article_measure_words = set(data["article_measure_words"])
        self.plain_number_followers = set(data["plain_number_followers"])
        self.time_after_ge = re.compile("[多半]?" + alternation(data["time_after_ge"]))
        self.comparison_words: dict[str, str] = data["comparison_after"]
        self.date_ordinal_units = set(data["date_ordinal_units"])
        self.fixed_percents: dict[str, float] = data["fixed_percents"]
        self.liang_followers = set(data["liang_followers"])
        self.lone_digit_before = set(data["lone_digit_before"])
        context = data["money_context"]
        self.money_context = re.compile(alternation(context["words"]) + "(?:" + alternation(context["linkers"]) + r")?\s?$")
        self.context_currency: str = context["currency"]
        self.comparison_before = re.compile(re.escape(data["comparison_before"]) + r"\s?$")
        ratio_word, digit = re.escape(data["ratio_word"]), f"[0-9０-９{CN_DIGITS}十]"
        self.ratio_after = re.compile(rf"\s?{ratio_word}\s?{digit}")
        self.ratio_before = re.compile(rf"{digit}\s?{ratio_word}\s?$")
        self.comparison_after = re.compile(r"\s?(?P<word>" + alternation(self.comparison_words) + ")")
        self.bound_gap = re.compile(r"\s*(?:" + alternation(data["bound_joiners"]) + r")?\s*")
        self.range_gap = re.compile(r"\s*" + alternation(data["range_separators"]) + r"\s*")
        self.between_gap = re.compile(r"\s*" + alternation(data["between_joiners"]) + r"\s*")
        self.between_closer = re.compile(r"\s*" + alternation(data["between_closers"]))
        self.between_opener = re.compile(alternation(data["between_openers"]))
        self.year_alone = re.compile(YEAR_ALONE)
        self.after_score = re.compile(alternation(load_rules("dates")["score_words"]) + "[为是]?$")
        self.loose_pairs = frozenset(load_rules("dates")["loose_pairs"])
        self.patterns = [re.compile(pattern) for pattern in self._patterns(data)]

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "_Rules":
        return cls(load_rules("figures"))

    def _patterns(self, data: dict[str, Any]) -> list[str]:
        """One pattern per kind of match, in priority order; see ``first_matches``."""
        multipliers = "".join(char for char in SMALL_UNITS if char not in "十拾廿卅") + "".join(BIG_UNITS)
        # 千 in 100千瓦 begins the unit 千瓦; it is not part of the number.
        multiplier = "(?:" + "|".join(
            re.escape(char) + (f"(?!{alternation(rests)})" if (rests := [u[1:] for u in [*self.units, *self.time_units] if u[0] == char and len(u) > 1]) else "")
            for char in multipliers
        ) + ")"
        unit_rest = alternation([u[1:] for u in [*self.units, *self.time_units] if u[0] in BIG_UNITS and len(u) > 1] or ["(?!)"])
        cn_number = (
            rf"(?<![{CN_NUMERALS}])(?:[{CN_DIGITS}]|[十拾廿卅]|{multiplier}){{1,24}}(?![{CN_DIGITS}十拾廿卅]|[百佰千仟万萬亿億]{{2}})"
            rf"(?:点[{CN_DIGITS}]{{1,12}})?"
        )
        # 6万8000 and 7万3千2百 alternate Arabic digits and multipliers; 3e4 and .25 are Arabic too.
        sections = rf"(?:[0-9０-９]{{1,4}}{multiplier}{{1,3}}){{1,4}}[0-9０-９]{{1,4}}(?![0-9０-９.．]|{multiplier})|(?:[0-9０-９]{{1,4}}{multiplier}{{1,3}}){{2,4}}"
        scientific = r"[0-9]{1,20}(?:\.[0-9]{1,12})?[eE][+-]?[0-9]{1,3}(?![0-9A-Za-z])"
        bare_decimal = r"(?<![0-9０-９A-Za-z])[.．][0-9０-９]{1,12}"
        mixed = rf"(?:{scientific}|{sections}|{ARABIC}(?:[kKwW](?![A-Za-z])|{multiplier}{{1,3}})?|{bare_decimal})"
        fraction = rf"(?:{ARABIC}/{ARABIC}|(?:{cn_number}|{ARABIC})分之(?:{cn_number}|{ARABIC}))"
        half = rf"(?<![{CN_NUMERALS}大多过])半(?={alternation(data['half_units'])})"
        # 一半, 半数, 过半: one half as a share (另一半 is a spouse).
        half_share = rf"(?<![另{CN_NUMERALS}])一半|(?<![{CN_NUMERALS}大多])半数|(?<=过)半(?![{CN_NUMERALS}]|{alternation(data['not_after_half_share'])})"
        number = rf"(?:{half_share}|(?:{cn_number}|{ARABIC})又{fraction}|{fraction}|{mixed}|{cn_number}|{half})"
        tail = rf"(?:[ ]?(?:[多余几幾万萬亿億兆]|(?<=[十百千0０])来)(?!{unit_rest})){{1,4}}"
        # a prefix is a qualifier only where its first character starts no word with the one before
        # it (拿过81分, 签约5个项目, 最近一次, 英超2胜: rules/figures.yaml, qualifier_not_after)
        not_after = data["qualifier_not_after"]
        # 近 before a count of ten or fewer games is "the last" (近5场 the last five), no "nearly" (近20场)
        recent_count = rf"(?!(?:10|[1-9]|[一二两三四五六七八九十])(?:{alternation(data['recent_count_units'])}))"
        # round_number_qualifiers (过, 破) are "more than" before a round number or a share (过万, 过半, 年过60,
        # 过3成, 破亿) only; before any other count 过 is a verb's aspect marker (参加过四届), 破 breaking
        round_number = (r"(?=[ ]?(?:[0-9０-９.．]*[0０](?![0-9０-９])|[0-9０-９.．]+[ ]?(?:[成%％万亿千百]|个百分点)"
                        r"|[一二两三四五六七八九几数]?[十百千万亿]|半))")
        after_qualifier = {data["recent_count_qualifier"]: recent_count,
                           **dict.fromkeys(data["round_number_qualifiers"], round_number)}
        prefixes = "(?:" + "|".join(
            (f"(?<![{''.join(map(re.escape, not_after[word[0]]))}])" if word[0] in not_after else "")
            + "[ ]?".join(re.escape(char) for char in word)
            + after_qualifier.get(word, "")
            for word in sorted(self.prefix_qualifiers, key=len, reverse=True)
        ) + ")[ ]?"
        suffixes = alternation(self.suffix_qualifiers)
        # 6499元起: from the price on (not the 起 of 起诉)
        currency_ends = "".join(sorted({word[-1] for word in self.currencies}))
        money_from = f"(?<=[{re.escape(currency_ends)}])" + re.escape(self.money_from) + f"(?!{alternation(data['money_from_not_before'])})"
        # 3米多, 六成多: 多 after a unit, where it begins no word (3人多次)
        many_after_unit = (rf"(?<![0-9０-９{CN_NUMERALS}]){re.escape(self.many_after_unit)}"
                           rf"(?:(?![\u4e00-\u9fff0-9０-９A-Za-z])|(?={alternation(data['many_after_unit_before'])}))")
        # Comparison words may follow a number (大于50小于12): the other prefixes may not (2025-近).
        comparison_firsts = "".join(sorted({word[0] for word, sign in self.prefix_qualifiers.items() if sign in "≥≤" or len(word) > 1 and word[-1] == "于"}))
        separators = alternation(data["range_separators"])
        currency_words = []
        for word in sorted([*self.currencies, *self.currency_fractions], key=len, reverse=True):
            if word == CURRENCY_KUAI:
                currency_words.append(rf"块(?=[{CN_DIGITS}](?:毛|钱|的|[^\u4e00-\u9fff]|$)|[^\u4e00-\u9fff]|$|{suffixes}|多)")  # 3万块左右
            elif word in data["coin_needs_digit"]:
                currency_words.append(re.escape(word) + rf"(?=[{CN_DIGITS}0-9])")  # 七角五, not 八角 (anise)
            elif word in data["currency_not_before"]:
                currency_words.append(re.escape(word) + f"(?!{alternation(data['currency_not_before'][word])})")  # 5毛, not 一毛不拔
            else:
                currency_words.append(re.escape(word))
        currencies = "(?:" + "|".join(currency_words) + ")"
        currency_after = alternation(word for word in self.currencies if word not in ("元", "圆", "块", "块钱", "元钱"))
        currency_prefixes = alternation(self.currency_prefixes)
        percent = alternation([*data["percent_signs"], *data["per_mille_signs"], *data["percentage_points"], *data["basis_points"]])
        not_after_cheng = alternation(data["not_after_cheng"])
        not_after_zhe = alternation(data["not_after_zhe"])
        units = alternation([*self.units, *self.dozens, *self.time_units])
        # 期 of 五一期间 begins 期间 (during): the measure word is not there.
        not_unit = "|".join(f"(?<={re.escape(unit)}){alternation(rests)}" for unit, rests in data["unit_not_before"].items())
        units = f"{units}(?!{not_unit})" if not_unit else units
        coins = "[" + "".join(self.currency_subunits) + "]"
        # 1米85, 一米七: a height's digits after the metre are its decimals (1.85 m, 1.7 m)
        decimals_after_unit = "|".join(
            rf"(?<=(?<![0-9０-９{CN_NUMERALS}.．])[1-9１-９一二两三四五六七八九]{re.escape(unit)})"
            for unit in data["decimals_after_unit"]
        )
        decimals_after_unit = (rf"(?:{decimals_after_unit})(?P<decimals>[0-9０-９]{{1,2}}|[〇零一二三四五六七八九]{{1,2}})"
                               rf"(?![0-9０-９.．%％{CN_NUMERALS}])")
        coin_number = rf"[{CN_DIGITS}0-9]"
        skip_words = alternation(data["not_numbers"])
        names = "|".join(data["name_patterns"])
        # RMB300: a sign written in letters may stand right before the number.
        after_letter_sign = "".join(f"(?<={re.escape(sign)})|" for sign in data["currency_signs"] if sign[-1].isalpha())
        figure = (
            rf"(?:(?<![.．/_\-－])(?:(?<![0-9０-９])|(?=[{comparison_firsts}]))(?P<prefix>{prefixes}))?"
            rf"(?:(?<![0-9０-９.．/_])(?P<currency_prefix>{currency_prefixes})[ ]?)?"
            rf"(?:(?P<negative>(?<![0-9０-９{CN_DIGITS}十])(?:负|零下)|(?<![0-9A-Za-z])-(?=[0-9]))|{after_letter_sign}{GLUED_BEFORE})"
            rf"(?P<number>{number})(?![0-9０-９])(?P<tail>{tail})?"
            rf"(?:[%％]?(?:[（(]含[）)])?\s*{separators}\s*(?P<number2>{number})(?![0-9０-９])(?P<tail2>{tail})?)?"
            rf"(?:[ ]?(?:(?P<percent>{percent})|(?P<cheng>成)(?!{not_after_cheng})|(?P<zhe>折)(?!{not_after_zhe})"
            rf"|(?P<currency>{currencies})(?:(?P<coin1>{coin_number})(?P<coin1_unit>{coins})(?:(?P<coin2>{coin_number})(?P<coin2_unit>{coins}))?|整"
            rf"|(?<=[毛角])(?P<coin_tail>{coin_number})(?![0-9０-９{CN_NUMERALS}])"
            rf"|(?<=块)(?P<dime_tail>[{CN_DIGITS}])(?![{CN_NUMERALS}毛角分]))?"
            rf"(?P<currency_after>{currency_after})?"
            rf"|(?P<unit>{units})(?:(?P<half>半)|{decimals_after_unit})?))?"
            rf"(?:[ ]?(?:[（(]含[）)])?(?P<suffix>{suffixes}|{many_after_unit}|{money_from}))?"
        )
        articles = alternation(self.article_measure_words)
        numerals = f"{CN_DIGITS}十拾廿卅百佰千仟万萬亿億"
        qualifier_firsts = "".join(word[0] for word in self.prefix_qualifiers)
        # Each pattern starts with a check of its possible first characters (patterns.checked).
        patterns = [
            (
                "".join(str(word)[0] for word in data["not_numbers"]) + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz一",
                rf"(?P<skip>{skip_words}(?![之点][{CN_DIGITS}十百])|(?<![0-9A-Za-z.])(?!{alternation(data['currency_signs'])}[0-9])(?:{names})(?![A-Za-z0-9])"
                rf"|(?<![{numerals}0-9０-９第{qualifier_firsts}])一{articles}(?![半多余{numerals}]))",
            ),
            ("翻", rf"(?P<doubling>翻(?:了?(?P<doubling_number>[一两二三四五六七八九十]|[1-9]))?番)"),
            ("第", rf"(?P<ordinal>第(?P<ordinal_number>{ARABIC}(?:[万萬亿億])?|{cn_number})(?P<ordinal_unit>{units})?)"),
            (qualifier_firsts + "百千万", rf"(?P<percent_word>(?P<pw_prefix>{prefixes})?(?P<pw_base>[百千万])分之(?P<pw_number>{cn_number}|{ARABIC}|百)(?:[ ]?(?P<pw_suffix>{suffixes}))?)"),
            ("".join(word[0] for word in self.fixed_percents), rf"(?P<fixed_percent>{alternation(self.fixed_percents)})"),
            (
                "0123456789０１２３４５６７８９" + numerals,
                rf"(?P<age>{GLUED_BEFORE}(?P<age_number>{ARABIC}|{cn_number})(?P<age_unit>{alternation(data['age_units'])})大(?!{alternation(data['age_da_not_before'])}))",
            ),
            (
                qualifier_firsts + "".join(word[0] for word in self.currency_prefixes) + "负-.．0123456789０１２３４５６７８９半" + numerals,
                rf"(?P<figure>{figure})",
            ),
        ]
        return [checked(chars, pattern) for chars, pattern in patterns]



