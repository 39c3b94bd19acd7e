"""Numeral strings to floats: Arabic, full-width, Chinese (小写 and 大写) and mixed.

Pure functions with no word lists: the characters below are the numeral system
itself, not vocabulary. ``parse_number`` returns the mathematical value, so
``三成`` is 0.3 and ``37.5%`` is 0.375; recognisers scale it to their unit.
"""
from __future__ import annotations

import re

#: Full-width digits and separators to their ASCII forms.
HALFWIDTH = str.maketrans("０１２３４５６７８９．，：％－／～", "0123456789.,:%-/~")

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "俩": 2, "倆": 2,
    "三": 3, "叁": 3, "參": 3, "仨": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
#: Multipliers that act within one 万 section.
SMALL_UNITS = {"十": 10, "拾": 10, "廿": 20, "卅": 30, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
#: Multipliers that close a section; 万亿 multiplies both. 兆 is 10^12 (2.4兆元, as written in
#: Taiwan and Japan); 兆 as "mega" (兆瓦) is a unit word the recogniser reads before the number.
BIG_UNITS = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "兆": 1e12}
#: Latin shorthand used in prices and salaries: 5k, 30w.
LATIN_UNITS = {"k": 1e3, "K": 1e3, "w": 1e4, "W": 1e4}

#: Longer numeral strings are no figure (and would exceed Python's int digit limit): None.
MAX_NUMERAL_LENGTH = 64

_ARABIC = re.compile(r"(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?")


def to_halfwidth(text: str) -> str:
    """``text`` with full-width digits and separators made ASCII (same length)."""
    return text.translate(HALFWIDTH)


def parse_number(text: str) -> float | None:
    """The value of a numeral string, or None when it is not one.

    Handles 1,234.5, 4.78万亿, 两千三百万, 四千萬零六千, 三十七点五, 二分之一, 1/2,
    三成 (0.3), 七五折 (0.75), 37.5% and 百分之三十七点五 (0.375), 5k, 负0.2.
    """
    s = to_halfwidth(text).strip().replace(",", "").replace(" ", "")
    if not s or len(s) > MAX_NUMERAL_LENGTH:
        return None
    sign = 1.0
    if s[0] in "-负−":
        sign, s = -1.0, s[1:]
    elif s[0] == "+":
        s = s[1:]
    value = _parse_unsigned(s)
    return None if value is None else sign * value


def parse_digits(text: str) -> int | None:
    """A numeral read digit by digit (二〇二五 -> 2025, 九七 -> 97), or None."""
    s = to_halfwidth(text)
    if len(s) > MAX_NUMERAL_LENGTH:
        return None
    if s.isdigit():
        return int(s)
    if not s or any(char not in DIGITS for char in s):
        return None
    return int("".join(str(DIGITS[char]) for char in s))


def is_digit_sequence(text: str) -> bool:
    """True for numerals written digit by digit with no 十/百/千 (二〇二五, 九七, 2025)."""
    s = to_halfwidth(text)
    return bool(s) and (s.isdigit() or all(char in DIGITS for char in s))


def _parse_unsigned(s: str) -> float | None:
    if s.endswith("%"):
        return _scaled(_parse_unsigned(s[:-1]), 0.01)
    if s.startswith("百分之"):
        return _scaled(_parse_unsigned(s[3:]), 0.01)
    if s.startswith("千分之"):
        return _scaled(_parse_unsigned(s[3:]), 0.001)
    if "又" in s:
        whole, fraction = s.split("又", 1)  # 两百万又三十万分之十五: a whole number and a fraction
        whole_value, fraction_value = _parse_unsigned(whole), _parse_unsigned(fraction)
        return None if whole_value is None or fraction_value is None else whole_value + fraction_value
    if "分之" in s:
        denominator, numerator = s.split("分之", 1)
        return _ratio(_parse_unsigned(numerator), _parse_unsigned(denominator))
    if "/" in s:
        numerator, denominator = s.split("/", 1)
        return _ratio(_parse_unsigned(numerator), _parse_unsigned(denominator))
    if s.endswith("成") and len(s) > 1:
        return _scaled(_parse_unsigned(s[:-1]), 0.1)
    if s.endswith("折") and len(s) > 1:
        return _discount(s[:-1])
    return _parse_plain(s)


def _scaled(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def _discount(body: str) -> float | None:
    """七五折 is 75% of the price, 八折 80%, 8.5折 85%."""
    if is_digit_sequence(body) and not body.isdigit() and len(body) == 2:
        digits = parse_digits(body)
        return None if digits is None else digits / 100
    value = _parse_plain(body)
    if value is None or value >= 10:
        return None
    return value / 10


def _parse_plain(s: str) -> float | None:
    multiplier = 1.0
    if s and s[-1] in LATIN_UNITS:
        multiplier, s = LATIN_UNITS[s[-1]], s[:-1]
    if not s:
        return None
    if _ARABIC.fullmatch(s):
        return float(s) * multiplier
    # Trailing 万/亿 scale the whole numeral, including a decimal one: 三点五万, 4.78万亿.
    trailing = 1.0
    while s and s[-1] in BIG_UNITS and len(s) > 1:
        trailing *= BIG_UNITS[s[-1]]
        s = s[:-1]
    if "点" in s:
        whole, fraction = s.split("点", 1)
        whole_value = _positional(whole) if whole else 0.0
        fraction_digits = parse_digits(fraction)
        if whole_value is None or fraction_digits is None:
            return None
        value = whole_value + float("0." + "".join(str(DIGITS.get(c, c)) for c in to_halfwidth(fraction)))
    elif len(s) >= 2 and is_digit_sequence(s) and not s.isdigit():
        value = float(parse_digits(s) or 0)
    else:
        value = _positional(s)
    if value is None:
        return None
    return value * trailing * multiplier


def _positional(s: str) -> float | None:
    """Chinese positional numerals, optionally mixed with Arabic parts (1万2千, 4.78万)."""
    if not s:
        return None
    total = 0.0  # sections closed by 万/亿
    section = 0.0  # the part below the current big unit
    digit: float | None = None
    last_small: int | None = None  # for 一百七 = 170, 两万四 = 24000
    last_big: float | None = None
    elided = True  # False after 零, which ends the shorthand reading
    index = 0
    while index < len(s):
        char = s[index]
        arabic = _ARABIC.match(s, index)
        if arabic:
            if digit is not None:
                return None
            digit = float(arabic.group())
            index = arabic.end()
            continue
        if char in DIGITS:
            if digit is not None:
                return None
            digit = float(DIGITS[char])
            if DIGITS[char] == 0 and char in "零〇○":
                digit, elided = None, False
        elif char in SMALL_UNITS:
            unit = SMALL_UNITS[char]
            if char in "廿卅":
                section += unit
            else:
                section += (1.0 if digit is None else digit) * unit
            digit, last_small, elided = None, unit, True
        elif char in BIG_UNITS:
            big = BIG_UNITS[char]
            section += digit or 0.0
            if section == 0 and total == 0:
                section = 1.0  # 万 alone, as in 近万家
            if last_big is not None and big > last_big:
                total = (total + section) * big
            else:
                total += section * big
            section, digit, last_small, last_big, elided = 0.0, None, None, big, True
        else:
            return None
        index += 1
    if digit is not None:
        if elided and last_small is not None and last_small >= 100 and digit < 10:
            section += digit * last_small / 10
        elif elided and last_small is None and last_big is not None and section == 0 and digit < 10:
            section += digit * last_big / 10
        else:
            section += digit
    return total + section
