"""Score zhtag's date, time and figure recognisers on the public dev sets, per category.

    python benchmarks/eval_dates_figures.py [--data DIR] [--failures] [--part all|tuned|held-out]

Reads ``recognizers_dev.jsonl`` (Microsoft Recognizers-Text Chinese specs) and
``jionlp_time_money_dev.jsonl`` (JioNLP's time and money unit tests) from ``--data``
(default ``../shared/data`` next to the repository) and prints, per category, the share of
cases whose span is right and whose span and resolution are right: over every case, over
the even-numbered records of each file (the part rules are tuned on) and over the
odd-numbered ones (held out, never tuned on). Every case is scored; none is set aside.
Files that are absent are skipped with a message.

Each case is run through ``DateRecognizer`` and ``FigureRecognizer`` with the case's
reference date (Recognizers-Text ``context.ReferenceDateTime``; JioNLP ``time_base``).

Scoring rules
- Recognizers-Text lists only the expected results of one type per case, so a case is
  right when every expected result is found (other mentions are ignored); a case with no
  expected result is right when we tag nothing of that category.
- JioNLP extractor cases list every expected result: the set of our DATE/TIME (or MONEY)
  spans must equal it. JioNLP parser cases give a whole string: the span is right when our
  first mention covers it, or covers its start and leaves only words without numerals
  (2020至2025年前, 1季度中国经营状况).
- Conventions of ours that the scorer accepts: a figure's span takes in its qualifier words
  and its measure word (近一吨 for 一吨, 第一名 for 第一, 五百多个 for 五百多); JioNLP's
  inclusive ends (23:59:59, or a minute's :59) equal our exclusive ones; a vague amount's
  range (十多欧元, 10 to 20) is matched on its lower end with a qualifier that is not ``=``.
- Lunar dates: Recognizers-Text writes the lunar month and day in its Timex (大年初一 is
  XXXX-01-01); the scorer turns them into the Gregorian day with lunar-python (除夕's 12-31
  is the last day of the twelfth month) and compares that with ours.
- Open intervals (JioNLP inf / -inf): the open side must be empty (NaT), the other right.
- Recurring times (JioNLP time_period): ``norm`` must be an ISO 8601 repeating interval
  whose period equals JioNLP's delta and, when JioNLP names a point, whose first
  occurrence starts where the point does.
- Durations: JioNLP's range of two durations is our ``P30D/P90D``; an open upper bound
  (三十年以上) is our duration with qualifier ``>``; workdays are ``P5D`` with unit 工作日.
- Number comparisons (Recognizers-Text numberrange): an open bound is our qualifier
  (``>`` ``<`` ``≥`` ``≤``), ``[a,a]`` an exact ``=``; a range of two bounds is matched on
  its two ends (``value`` and the end of ``norm``), not on whether each end is included.
- Money without a currency word (三百万): JioNLP's parser assumes yuan; we score it as
  written, so a figure we do not call MONEY is wrong. We call such a number yuan only after
  a word for a price or a pay (售价9.98万, 年薪50万), which JioNLP's cases do not give.
- JioNLP cases run with ``ret_future`` use ``DateRecognizer(prefer_future=True)``.
- Ages written with a time unit (十个月大): a QUANTITY of that unit.

A JioNLP reference given as a year alone ({'year': 2021}) is read as 1 July of that year,
a month alone as its 1st, so that "the nearest year" keeps 教师节 in 2021. A reference given
as the time of the test run (time.time()) belongs to cases whose answer does not depend on
it; they are read against 2021-06-14 01:06:40, the reference of the file's other cases.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

from lunar_python import Lunar, LunarYear

from zhtag.dictionaries import load_rules
from zhtag.document import Document, Mention
from zhtag.recognizers.dates import DateRecognizer
from zhtag.recognizers.figures import FigureRecognizer

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

LUNAR = re.compile(r"农历|阴历|正月|腊月|冬月|初[一二三四五六七八九十]|廿|闰|大年|除夕|春节|元宵|端午|中秋|七夕|重阳|腊八|小年")
NUMERAL = re.compile(r"[0-9０-９零〇一二三四五六七八九十百千万亿两半]")
CURRENCY_CASES = {"元": "CNY", "美元": "USD", "新台币": "TWD", "泰铢": "THB", "港元": "HKD", "欧元": "EUR", "澳元": "AUD", "日元": "JPY"}
#: Recognizers-Text unit names -> (our unit strings, factor from their value to ours).
DIMENSION_UNITS = {
    "Mu": (["亩"], 1), "Kilogram": (["公斤", "千克", "kg", "KG"], 1), "Centimeter": (["公分", "厘米", "cm", "CM"], 1),
    "Ton": (["吨"], 1), "Meter": (["米", "m"], 1), "Jin": (["斤"], 1), "Kilometer": (["千米", "公里", "km", "KM"], 1),
    "Gram": (["克", "g"], 1), "Kilobit": (["比特"], 1000), "Megabyte": (["兆字节"], 1), "Kilobyte": (["千字节"], 1),
    "Megahertz": (["兆赫兹", "兆赫"], 1), "Hertz": (["赫兹"], 1), "Kilowatt": (["千瓦"], 1), "Kilocalorie": (["千卡", "大卡"], 1),
    "Liang": (["两"], 1), "Microgram": (["微克"], 1), "Bit": (["位", "比特"], 1), "Year": (["岁", "周岁"], 1),
    "Month": (["个月"], 1), "Week": (["周", "个星期", "星期"], 1), "Day": (["天"], 1),
}
ISO_DURATION = re.compile(r"(\d+(?:\.\d+)?)([YMWDHS])")
#: The reference of the JioNLP cases whose test reads the clock (their answers do not depend on it).
CLOCK_REFERENCE = datetime(2021, 6, 14, 1, 6, 40)
PARTS = ("all", "tuned", "held-out")
#: For the JioNLP cases run with ret_future: dates without their year or day read forward.
FUTURE_DATES = DateRecognizer(prefer_future=True)


class Case:
    """One scored case: its category, its record number in its file, and the verdicts."""

    def __init__(self, source: str, category: str, case_id: str, text: str, record: int) -> None:
        self.source, self.category, self.id, self.text, self.record = source, category, case_id, text, record
        self.span_ok = False
        self.resolution_ok = False
        self.found: list[Mention] = []

    @property
    def part(self) -> str:
        """Even records are the part rules are tuned on, odd ones are held out."""
        return "tuned" if self.record % 2 == 0 else "held-out"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with the dev files")
    parser.add_argument("--failures", action="store_true", help="list the cases we get wrong")
    parser.add_argument("--part", choices=PARTS, default="tuned", help="which part --failures lists (default: tuned)")
    args = parser.parse_args(argv)
    recognizers = (DateRecognizer(), FigureRecognizer())
    cases: list[Case] = []
    for name, scorer in (("recognizers_dev.jsonl", score_recognizers), ("jionlp_time_money_dev.jsonl", score_jionlp)):
        path = args.data / name
        if not path.is_file():
            print(f"skipped: {path} not found")
            continue
        with path.open(encoding="utf-8") as handle:
            for record, line in enumerate(handle):
                cases.append(scorer(json.loads(line), recognizers, record))
    if not cases:
        print("no dev data found; nothing scored")
        return 0
    report(cases)
    if args.failures:
        for case in cases:
            if args.part != "all" and case.part != args.part:
                continue
            if not (case.span_ok and case.resolution_ok):
                found = "; ".join(f"{m.text}|{m.label}|{m.norm}|{m.value}|{m.unit}|{m.qualifier}|{m.start_time}|{m.end_time}" for m in case.found)
                print(f"FAIL {case.source}/{case.category} {case.record} {case.text!r} -> {found}")
    return 0


def report(cases: list[Case]) -> None:
    groups: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for case in cases:
        groups[(case.source, case.category)].append(case)
    header = (
        f"{'source':12} {'category':20} | {'cases':>5} {'span':>7} {'span+res':>9} | {'tuned':>5} {'span+res':>9}"
        f" | {'held-out':>8} {'span':>7} {'span+res':>9}"
    )
    print(header)
    print("-" * len(header))
    rows = sorted(groups.items()) + [(("all", ""), cases)]
    for (source, category), members in rows:
        if source == "all":
            print("-" * len(header))
        tuned = [case for case in members if case.part == "tuned"]
        held = [case for case in members if case.part == "held-out"]
        print(
            f"{source:12} {category:20} | {len(members):5d} {_share(members, False):>7} {_share(members, True):>9}"
            f" | {len(tuned):5d} {_share(tuned, True):>9} | {len(held):8d} {_share(held, False):>7} {_share(held, True):>9}"
        )


def _share(cases: list[Case], resolution: bool) -> str:
    if not cases:
        return "-"
    right = sum(case.span_ok and (case.resolution_ok or not resolution) for case in cases)
    return f"{100 * right / len(cases):.1f}%"


def find(text: str, date: datetime | None, recognizers) -> list[Mention]:
    doc = Document(text=text, date=date)
    mentions: list[Mention] = []
    for recognizer in recognizers:
        mentions.extend(recognizer.find(doc))
    return sorted(mentions, key=lambda mention: (mention.start, -mention.end))


# --- Recognizers-Text ---------------------------------------------------------------------

RT_LABELS = {
    "date": ("DATE",), "datetime": ("TIME",), "datetimerange": ("TIME",), "timerange": ("TIME",),
    "numberrange": ("NUMBER", "QUANTITY", "PERCENT", "MONEY", "ORDINAL"), "ordinal": ("ORDINAL",),
    "dimension": ("QUANTITY",), "age": ("QUANTITY",),
}


def score_recognizers(raw: dict, recognizers, record: int) -> Case:
    family = raw["source_file"].rsplit("/", 1)[-1].replace("Extractor.json", "").replace("Parser.json", "").replace("Model.json", "").replace("ModelExperimentalMode.json", "")
    kinds = sorted({item["type"] for item in raw["expected"]}) or [_family_type(raw["source_file"])]
    category = "holiday" if family == "Holiday" else kinds[0]
    case = Case("recognizers", category, raw["id"].rsplit("/", 1)[-1], raw["input"], record)
    reference = raw.get("context", {}).get("ReferenceDateTime")
    date = datetime.fromisoformat(reference) if reference else None
    text = raw["input"]
    case.found = find(text, date, recognizers)
    labels = RT_LABELS.get(category, ("DATE",))
    if category == "holiday":
        labels = ("DATE",)
    if not raw["expected"]:
        case.span_ok = case.resolution_ok = not any(mention.label in labels for mention in case.found)
        return case
    spans, resolutions = [], []
    for item in raw["expected"]:
        match = next((m for m in case.found if m.label in labels and _rt_span(text, m, item)), None)
        spans.append(match is not None)
        lunar = bool(LUNAR.search(text[item["start"]:item["end"]]))
        resolutions.append(match is not None and _rt_resolution(category, match, item.get("resolution"), lunar))
    case.span_ok = all(spans)
    case.resolution_ok = all(resolutions)
    return case


def _family_type(source_file: str) -> str:
    name = source_file.rsplit("/", 1)[-1]
    return {"DimensionModel.json": "dimension", "AgeModel.json": "age"}.get(name, "date")


def _rt_span(text: str, mention: Mention, item: dict) -> bool:
    start, end = item["start"], item["end"]
    if (mention.start, mention.end) == (start, end):
        return True
    if mention.label in ("DATE", "TIME") or not (mention.start <= start and end <= mention.end):
        return False
    return _conventional_extra(text[mention.start:start], text[end:mention.end], mention)


def _conventional_extra(left: str, right: str, mention: Mention) -> bool:
    """Our figure spans take in qualifier words and the measure word around the expected span."""
    rules = load_rules("figures")
    prefixes, suffixes = rules["prefix_qualifiers"], rules["suffix_qualifiers"]
    if left and left not in prefixes:
        return False
    if mention.unit and not mention.unit.isascii() and right.startswith(mention.unit):
        right = right[len(mention.unit):]
    elif mention.unit and mention.label == "ORDINAL" and right.startswith(mention.unit):
        right = right[len(mention.unit):]
    return not right or right in suffixes


def _rt_resolution(category: str, mention: Mention, resolution: dict | None, lunar: bool) -> bool:
    if resolution is None:
        return True
    if category in ("date", "holiday"):
        options = {resolution[key]["date"] for key in ("FutureResolution", "PastResolution") if key in resolution}
        if lunar:
            options = {_gregorian(option) for option in options}
        return mention.start_time is not None and mention.start_time.isoformat()[:10] in options and mention.end_time - mention.start_time == timedelta(days=1)
    if category == "datetime":
        options = {resolution[key]["dateTime"] for key in ("FutureResolution", "PastResolution") if key in resolution}
        return mention.start_time is not None and f"{mention.start_time:%Y-%m-%d %H:%M:%S}" in options
    if category == "datetimerange":
        options = {(resolution[key]["startDateTime"], resolution[key]["endDateTime"]) for key in ("FutureResolution", "PastResolution")}
        return mention.start_time is not None and mention.end_time is not None and (f"{mention.start_time:%Y-%m-%d %H:%M:%S}", f"{mention.end_time:%Y-%m-%d %H:%M:%S}") in options
    if category == "timerange":
        future = resolution["FutureResolution"]
        return mention.start_time is not None and mention.end_time is not None and (f"{mention.start_time:%H:%M:%S}", f"{mention.end_time:%H:%M:%S}") == (future["startTime"], future["endTime"])
    if category == "ordinal":
        return mention.value == float(resolution["value"])
    if category in ("dimension", "age"):
        units, factor = DIMENSION_UNITS.get(resolution["unit"], ([], 1))
        return mention.unit in units and mention.value is not None and abs(mention.value - float(resolution["value"]) * factor) < 1e-9
    if category == "numberrange":
        return _range_ok(mention, resolution["value"])
    return False


def _gregorian(lunar_date: str) -> str:
    """A Recognizers-Text lunar Timex date (2015-01-01 = 正月初一 of 2015) as its Gregorian day."""
    year, month, day = (int(part) for part in lunar_date.split("-"))
    if month == 12 and day >= 30:
        day = abs(LunarYear.fromYear(year).getMonth(12).getDayCount())  # 除夕: the year's last day
    try:
        return Lunar.fromYmd(year, month, day).getSolar().toYmd()
    except Exception:  # noqa: BLE001 - a lunar day that does not exist matches nothing
        return ""


def _range_ok(mention: Mention, interval: str) -> bool:
    low, high = interval[1:-1].split(",")
    if not high:
        wanted = "≥" if interval.startswith("[") else ">"
        return mention.value == float(low) and mention.qualifier == wanted
    if not low:
        wanted = "≤" if interval.endswith("]") else "<"
        return mention.value == float(high) and mention.qualifier == wanted
    if float(low) == float(high):
        return mention.value == float(low) and mention.qualifier == "="
    return mention.value == float(low) and mention.norm is not None and f"/{_plain(float(high))}" in mention.norm


def _plain(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"


# --- JioNLP -------------------------------------------------------------------------------


def score_jionlp(raw: dict, recognizers, record: int) -> Case:
    source_file = raw["source_file"]
    money = "money" in source_file
    extractor = "extractor" in source_file
    expected = raw["expected"]
    kind = expected[0]["type"] if expected else "none"
    category = ("money " if money else "time ") + ("extractor" if extractor else kind)
    case = Case("jionlp", category, raw["id"].rsplit("#", 1)[-1], raw["input"], record)
    text = raw["input"]
    if raw.get("params", {}).get("ret_future"):
        recognizers = (FUTURE_DATES, *recognizers[1:])  # the caller asked for the next occurrence
    case.found = find(text, _jionlp_reference(raw), recognizers)
    labels = ("MONEY",) if money else ("DATE", "TIME")
    ours = [mention for mention in case.found if mention.label in labels]
    if extractor:
        wanted = {(item["start"], item["end"]) for item in expected}
        case.span_ok = case.resolution_ok = {(m.start, m.end) for m in ours} == wanted
        return case
    mention = ours[0] if ours else None
    case.span_ok = mention is not None and _parser_span(text, mention)
    if case.span_ok:
        resolution = expected[0]["resolution"]
        if money:
            case.resolution_ok = _money_ok(mention, resolution)
        elif kind == "time_period":
            case.resolution_ok = _period_ok(mention, resolution)
        else:
            case.resolution_ok = _time_ok(mention, kind, resolution)
    return case


def _jionlp_reference(raw: dict) -> datetime | None:
    base = raw.get("params", {}).get("time_base")
    if raw.get("time_base_utc8"):
        return datetime.fromisoformat(raw["time_base_utc8"])
    if isinstance(base, list):
        return _partial_reference(dict(zip(("year", "month", "day", "hour", "minute", "second"), base)))
    if isinstance(base, dict) and "year" in base:
        return _partial_reference(base)
    if isinstance(base, dict) and "datetime" in base:
        return datetime.fromisoformat(base["datetime"])
    if isinstance(base, (dict, str)):
        return CLOCK_REFERENCE
    return None


def _partial_reference(fields: dict) -> datetime:
    """A reference given as a year alone is the middle of that year (1 July), a month alone its 1st."""
    month = fields.get("month", 7)
    return datetime(fields["year"], month, fields.get("day", 1), fields.get("hour", 0), fields.get("minute", 0), fields.get("second", 0))


def _parser_span(text: str, mention: Mention) -> bool:
    if mention.start == 0 and mention.end == len(text):
        return True
    rest = text[:mention.start] + text[mention.end:]
    return mention.start == 0 and not NUMERAL.search(rest)


def _time_ok(mention: Mention, kind: str, resolution: dict) -> bool:
    value = resolution["time"]
    if kind == "time_delta":
        return _delta_ok(mention, value)
    start = None if value[0] == "-inf" else datetime.fromisoformat(value[0])
    end = None if value[1] == "inf" else datetime.fromisoformat(value[1])
    if mention.start_time != start:
        return False
    if end is None:
        return mention.end_time is None
    ends = {end, end + timedelta(seconds=1)}
    if end.second == 59:
        ends.add(end.replace(second=0))
    return mention.end_time in ends


def _delta_ok(mention: Mention, value: dict | list) -> bool:
    if mention.norm is None:
        return False
    if isinstance(value, dict):
        if "workday" in value:
            return mention.unit == "工作日" and _duration_dict(mention.norm) == {"day": float(value["workday"])}
        return _duration_dict(mention.norm) == {key: float(amount) for key, amount in value.items()}
    low, high = value
    if high.get("infinite"):
        return mention.qualifier == ">" and _duration_dict(mention.norm) == {key: float(amount) for key, amount in low.items()}
    first, _, last = mention.norm.partition("/")
    return bool(last) and _duration_dict(first) == {k: float(v) for k, v in low.items()} and _duration_dict(last) == {k: float(v) for k, v in high.items()}


def _period_ok(mention: Mention, resolution: dict) -> bool:
    """每周六上午9点: R/<first occurrence>/P7D, the period equal to JioNLP's delta."""
    norm = mention.norm or ""
    if not norm.startswith("R"):
        return False
    parts = norm.split("/")
    wanted = {key: float(amount) for key, amount in resolution["time"]["delta"].items()}
    if _duration_dict(parts[-1]) != wanted:
        return False
    point = resolution["time"]["point"]
    if point is None:
        return True
    times = point["time"]
    first = times[0][0] if isinstance(times[0], list) else times[0]
    return mention.start_time == datetime.fromisoformat(first)


def _duration_dict(norm: str) -> dict[str, float]:
    date_part, _, time_part = norm.removeprefix("P").partition("T")
    names = {"Y": "year", "M": "month", "W": "day", "D": "day"}
    result: dict[str, float] = {}
    for amount, unit in ISO_DURATION.findall(date_part):
        result[names[unit]] = result.get(names[unit], 0) + float(amount) * (7 if unit == "W" else 1)
    for amount, unit in ISO_DURATION.findall(time_part):
        result[{"H": "hour", "M": "minute", "S": "second"}[unit]] = float(amount)
    return result


def _money_ok(mention: Mention, resolution: dict) -> bool:
    code = CURRENCY_CASES.get(resolution["case"])
    if mention.unit != code or mention.value is None:
        return False
    number = resolution["num"]
    definition = resolution["definition"]
    if isinstance(number, list):
        low, high = float(number[0]), float(number[1])
        return abs(mention.value - low) < 1e-6 and (f"/{_plain(high)}" in (mention.norm or "") or mention.qualifier in (">", "~"))
    if abs(mention.value - float(number)) > 1e-6:
        return False
    wanted = {"accurate": ("=",), "blur": ("~", ">"), "blur+": (">",), "blur-": ("<",)}.get(definition, ("=",))
    return mention.qualifier in wanted


if __name__ == "__main__":
    sys.exit(main())
