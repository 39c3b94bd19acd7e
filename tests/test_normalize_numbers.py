"""Numeral strings to values: every script and form that news text uses."""
import pytest

from zhtag.normalize.numbers import is_digit_sequence, parse_digits, parse_number, to_halfwidth


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("37.5", 37.5),
        ("1,234.5", 1234.5),
        ("１２３", 123),
        ("４，５６５", 4565),
        ("4.78万亿", 4.78e12),
        ("1.2万", 12000),
        ("1.2亿", 1.2e8),
        ("两千三百万", 23_000_000),
        ("四千萬零六千", 40_006_000),
        ("六十四万零一百四十三", 640_143),
        ("肆佰叁拾萬", 4_300_000),
        ("一万二千三百四十五", 12_345),
        ("十五", 15),
        ("二十三", 23),
        ("廿一", 21),
        ("一百七", 170),
        ("两万四", 24_000),
        ("两千零四", 2004),
        ("三十七点五", 37.5),
        ("零点九", 0.9),
        ("三点五万", 35_000),
        ("万", 10_000),
        ("三十万亿", 3e13),
        ("二分之一", 0.5),
        ("百分之三十七点五", 0.375),
        ("37.5%", 0.375),
        ("1/2", 0.5),
        ("三成", 0.3),
        ("七五折", 0.75),
        ("八折", 0.8),
        ("8.5折", 0.85),
        ("5k", 5000),
        ("30w", 300_000),
        ("负0.2", -0.2),
        ("二〇二五", 2025),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "近", "超过", "abc", "十几", "3.5.2"])
def test_parse_number_refuses_what_is_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def test_parse_digits_reads_digit_by_digit() -> None:
    assert parse_digits("二〇〇六") == 2006
    assert parse_digits("九七") == 97
    assert parse_digits("2025") == 2025
    assert parse_digits("二十") is None


def test_is_digit_sequence_tells_years_from_counts() -> None:
    assert is_digit_sequence("二零二五")
    assert is_digit_sequence("08")
    assert not is_digit_sequence("两千零四")
    assert not is_digit_sequence("十五")


def test_to_halfwidth_keeps_offsets() -> None:
    text = "增长１２．５％"
    assert to_halfwidth(text) == "增长12.5%"
    assert len(to_halfwidth(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2.4兆", 2.4e12),
        ("三兆", 3e12),
        ("6万8000", 68000),
        ("7万3千2百", 73200),
        ("3e4", 30000),
        (".25", 0.25),
        ("12分之345", 28.75),
        ("两百万又三十万分之十五", 2000000.00005),
        ("一又二分之一", 1.5),
    ],
)
def test_more_numeral_forms(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


def test_numerals_too_long_for_a_figure_are_none() -> None:
    assert parse_number("一" * 5000) is None
    assert parse_digits("一" * 5000) is None
