"""Score zhtag's date, time and figure recognisers on the public dev sets, per category.

    python benchmarks/eval_dates_figures.py [--data DIR] [--failures]

Reads ``recognizers_dev.jsonl`` (Microsoft Recognizers-Text Chinese specs) and
``jionlp_time_money_dev.jsonl`` (JioNLP's time and money unit tests) from ``--data``
(default ``../shared/data`` next to the repository) and prints, per category, how many
cases are in scope and the share whose span is right and whose span and resolution are
right. Files that are absent are skipped with a message.

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

Out of scope (counted, not scored), and why
- lunar calendar: 农历, 正月初一, 春节, 中秋 … are tagged but not resolved (no lunar table);
  Recognizers-Text extractor cases with lunar dates are still scored on their span.
- solar terms and seasons by solar terms (冬至, 2021年春 in JioNLP's sense), JioNLP's reading
  of month-day in Chinese numerals without 日/号 as lunar (二月十五), and its lunar_date,
  ret_future and period options: conventions of one library, not of news text.
- day-first numeric dates (13.5.2015, 3-7-2017, 05/05/89): not written in Chinese news.
- recurring times (每周六, 每年9月): our mentions have no recurrence.
- open-ended intervals (半年之后 … inf, 3年以前 … -inf) and ranges or open bounds of
  durations (13天—8周, 三十年以上): a DATE duration carries one ISO 8601 duration.
- numeric comparisons with inclusive bounds or two conditions (大于等于, 至少, 最多, ≥, 位于20和30
  之间, 大于10小于20): a figure has one qualifier from = > < ~.
- ages written as durations (十个月大, 三周大, 90天大): they are DATE durations for us.
- money without a currency word (三百万, 30w上下, 小于40万): the parser assumes yuan, a tagger
  cannot; parts of the day on their own (昨天晚上, 明天中午): their hour bounds are each
  library's convention, so these are scored on the span only.
- a reference date given as the time of the test run (time.time()) when the answer depends on it;
  a bare number read as a year (2018: we tag it as a NUMBER); workdays (5个工作日).

A JioNLP reference given as a year alone ({'year': 2021}) is read as 1 July of that year,
a month alone as its 1st, so that "the nearest year" keeps 教师节 in 2021.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

from zhtag.dictionaries import load_rules
from zhtag.document import Document, Mention
from zhtag.recognizers.dates import DateRecognizer
from zhtag.recognizers.figures import FigureRecognizer

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

LUNAR = re.compile(r"农历|阴历|正月|腊月|冬月|初[一二三四五六七八九十]|廿|闰|大年|除夕|春节|元宵|端午|中秋|七夕|重阳|腊八|小年")
SOLAR_TERMS = re.compile(r"冬至|夏至|小寒|大寒|立春|立夏|立秋|立冬|春分|秋分|清明(?!节)|年春$|[春夏秋冬]季$")
DAY_FIRST = re.compile(r"^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$")
COMPARISON = re.compile(r"大于|小于|等于|至少|最多|最少|之间|[与和]\d|间$|[<>≥≤=]|比.+[大小低高]|或者|同时|并|且|以上.*以下|不大于|不小于")
AGE_AS_DURATION = re.compile(r"(?:个月|周|天)大$")
DAYPART_ALONE = re.compile(r"^[^点时:：]*(?:早上|上午|中午|下午|晚上|傍晚|夜间|凌晨|白天|黎明|早|晚)$")
NUMERAL = re.compile(r"[0-9０-９零〇一二三四五六七八九十百千万亿两半]")
CURRENCY_CASES = {"元": "CNY", "美元": "USD", "新台币": "TWD", "泰铢": "THB", "港元": "HKD", "欧元": "EUR", "澳元": "AUD", "日元": "JPY"}
#: Recognizers-Text unit names -> (our unit strings, factor from their value to ours).
DIMENSION_UNITS = {
    "Mu": (["亩"], 1), "Kilogram": (["公斤", "千克", "kg", "KG"], 1), "Centimeter": (["公分", "厘米", "cm", "CM"], 1),
    "Ton": (["吨"], 1), "Meter": (["米", "m"], 1), "Jin": (["斤"], 1), "Kilometer": (["千米", "公里", "km", "KM"], 1),
    "Gram": (["克", "g"], 1), "Kilobit": (["比特"], 1000), "Megabyte": (["兆字节"], 1), "Kilobyte": (["千字节"], 1),
    "Megahertz": (["兆赫兹", "兆赫"], 1), "Hertz": (["赫兹"], 1), "Kilowatt": (["千瓦"], 1), "Kilocalorie": (["千卡", "大卡"], 1),
    "Liang": (["两"], 1), "Microgram": (["微克"], 1), "Bit": (["比特"], 1), "Year": (["岁", "周岁"], 1),
}
ISO_DURATION = re.compile(r"(\d+(?:\.\d+)?)([YMWDHS])")


class Case:
    """One scored case: its category, whether it is in scope, and the verdicts."""

    def __init__(self, source: str, category: str, case_id: str, text: str) -> None:
        self.source, self.category, self.id, self.text = source, category, case_id, text
        self.scope = "full"  # full, span (span only) or out
        self.reason = ""
        self.span_ok = False
        self.resolution_ok = False
        self.found: list[Mention] = []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with the dev files")
    parser.add_argument("--failures", action="store_true", help="list the in-scope cases we get wrong")
    args = parser.parse_args(argv)
    recognizers = (DateRecognizer(), FigureRecognizer())
    cases: list[Case] = []
    for name, scorer in (("recognizers_dev.jsonl", score_recognizers), ("jionlp_time_money_dev.jsonl", score_jionlp)):
        path = args.data / name
        if not path.is_file():
            print(f"skipped: {path} not found")
            continue
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                cases.append(scorer(json.loads(line), recognizers))
    if not cases:
        print("no dev data found; nothing scored")
        return 0
    report(cases)
    if args.failures:
        for case in cases:
            if case.scope != "out" and not (case.span_ok and (case.resolution_ok or case.scope == "span")):
                found = "; ".join(f"{m.text}|{m.label}|{m.norm}|{m.value}|{m.unit}|{m.qualifier}|{m.start_time}|{m.end_time}" for m in case.found)
                print(f"FAIL {case.source}/{case.category} {case.id} {case.text!r} -> {found}")
    return 0


def report(cases: list[Case]) -> None:
    groups: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for case in cases:
        groups[(case.source, case.category)].append(case)
    header = f"{'source':12} {'category':22} {'cases':>5} {'scored':>6} {'span':>7} {'span+res':>9} {'span only':>9} {'out':>4}"
    print(header)
    print("-" * len(header))
    totals = [0, 0, 0, 0, 0, 0]
    for (source, category), members in sorted(groups.items()):
        full = [case for case in members if case.scope == "full"]
        span_only = [case for case in members if case.scope == "span"]
        out = len(members) - len(full) - len(span_only)
        span = sum(case.span_ok for case in full)
        both = sum(case.span_ok and case.resolution_ok for case in full)
        span_only_ok = sum(case.span_ok for case in span_only)
        totals = [a + b for a, b in zip(totals, (len(members), len(full), span, both, len(span_only), out))]
        print(
            f"{source:12} {category:22} {len(members):5d} {len(full):6d} {_share(span, len(full)):>7} {_share(both, len(full)):>9} "
            f"{(str(span_only_ok) + '/' + str(len(span_only))) if span_only else '':>9} {out:4d}"
        )
    print("-" * len(header))
    print(f"{'all':12} {'':22} {totals[0]:5d} {totals[1]:6d} {_share(totals[2], totals[1]):>7} {_share(totals[3], totals[1]):>9} {totals[4]:9d} {totals[5]:4d}")


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.1f}%" if total else "-"


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


def score_recognizers(raw: dict, recognizers) -> Case:
    family = raw["source_file"].rsplit("/", 1)[-1].replace("Extractor.json", "").replace("Parser.json", "").replace("Model.json", "").replace("ModelExperimentalMode.json", "")
    kinds = sorted({item["type"] for item in raw["expected"]}) or [_family_type(raw["source_file"])]
    category = "holiday" if family == "Holiday" else kinds[0]
    case = Case("recognizers", category, raw["id"].rsplit("/", 1)[-1], raw["input"])
    reference = raw.get("context", {}).get("ReferenceDateTime")
    date = datetime.fromisoformat(reference) if reference else None
    text = raw["input"]
    for item in raw["expected"]:
        span = text[item["start"]:item["end"]]
        reason = _rt_out_of_scope(category, span, item)
        if reason:
            case.scope, case.reason = ("span", reason) if reason.startswith("span:") else ("out", reason)
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
        resolutions.append(match is not None and _rt_resolution(category, match, item.get("resolution")))
    case.span_ok = all(spans)
    case.resolution_ok = all(resolutions)
    return case


def _family_type(source_file: str) -> str:
    name = source_file.rsplit("/", 1)[-1]
    return {"DimensionModel.json": "dimension", "AgeModel.json": "age"}.get(name, "date")


def _rt_out_of_scope(category: str, span: str, item: dict) -> str:
    resolution = item.get("resolution")
    if LUNAR.search(span):
        return "span:lunar calendar" if resolution is None or category == "holiday" else "lunar calendar"
    if DAY_FIRST.match(span) or re.fullmatch(r"\d{1,2}[-/]\d{1,2}[-/]\d{1,2}", span):
        return "day-first numeric date"
    if category == "date" and ("，" in span or "," in span):
        return "date and weekday across a comma"
    if "最后一个" in span:
        return "last weekday of an unnamed month"
    if category == "numberrange" and (COMPARISON.search(span) or _inclusive_bound(resolution)):
        return "comparison with inclusive bounds or two conditions"
    if category == "age" and AGE_AS_DURATION.search(span):
        return "age written as a duration"
    if category in ("datetimerange", "timerange") and DAYPART_ALONE.match(span):
        return "span:part of the day (hour bounds are a convention)"
    if category == "dimension" and resolution and resolution.get("unit") in ("Liang", "Bit"):
        return "两 (liang) and 位 (bit) as units are ambiguous with 'two' and 'a'"
    return ""


def _inclusive_bound(resolution: dict | None) -> bool:
    value = (resolution or {}).get("value", "")
    return value.startswith("[") and value.endswith(",)") or value.startswith("(,") and value.endswith("]")


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
    prefixes = {key for key in rules["prefix_qualifiers"] if key != "__line__"}
    suffixes = {key for key in rules["suffix_qualifiers"] if key != "__line__"}
    if left and left not in prefixes:
        return False
    if mention.unit and not mention.unit.isascii() and right.startswith(mention.unit):
        right = right[len(mention.unit):]
    elif mention.unit and mention.label == "ORDINAL" and right.startswith(mention.unit):
        right = right[len(mention.unit):]
    return not right or right in suffixes


def _rt_resolution(category: str, mention: Mention, resolution: dict | None) -> bool:
    if resolution is None:
        return True
    if category in ("date", "holiday"):
        options = {resolution[key]["date"] for key in ("FutureResolution", "PastResolution") if key in resolution}
        return mention.start_time is not None and mention.start_time.isoformat()[:10] in options and mention.end_time - mention.start_time == timedelta(days=1)
    if category == "datetime":
        options = {resolution[key]["dateTime"] for key in ("FutureResolution", "PastResolution") if key in resolution}
        return mention.start_time is not None and f"{mention.start_time:%Y-%m-%d %H:%M:%S}" in options
    if category == "datetimerange":
        options = {(resolution[key]["startDateTime"], resolution[key]["endDateTime"]) for key in ("FutureResolution", "PastResolution")}
        return mention.start_time is not None and (f"{mention.start_time:%Y-%m-%d %H:%M:%S}", f"{mention.end_time:%Y-%m-%d %H:%M:%S}") in options
    if category == "timerange":
        future = resolution["FutureResolution"]
        return mention.start_time is not None and (f"{mention.start_time:%H:%M:%S}", f"{mention.end_time:%H:%M:%S}") == (future["startTime"], future["endTime"])
    if category == "ordinal":
        return mention.value == float(resolution["value"])
    if category in ("dimension", "age"):
        units, factor = DIMENSION_UNITS.get(resolution["unit"], ([], 1))
        return mention.unit in units and mention.value is not None and abs(mention.value - float(resolution["value"]) * factor) < 1e-9
    if category == "numberrange":
        return _range_ok(mention, resolution["value"])
    return False


def _range_ok(mention: Mention, interval: str) -> bool:
    low, high = interval[1:-1].split(",")
    if not high:
        return mention.value == float(low) and mention.qualifier == ">"
    if not low:
        return mention.value == float(high) and mention.qualifier == "<"
    return mention.value == float(low) and mention.norm is not None and f"/{_plain(float(high))}" in mention.norm


def _plain(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"


# --- JioNLP -------------------------------------------------------------------------------


def score_jionlp(raw: dict, recognizers) -> Case:
    source_file = raw["source_file"]
    money = "money" in source_file
    extractor = "extractor" in source_file
    expected = raw["expected"]
    kind = expected[0]["type"] if expected else "none"
    category = ("money " if money else "time ") + ("extractor" if extractor else kind)
    case = Case("jionlp", category, raw["id"].rsplit("#", 1)[-1], raw["input"])
    params = raw.get("params", {})
    date, reason = _jionlp_reference(raw)
    text = raw["input"]
    if not extractor:
        resolution = expected[0]["resolution"]
        reason = reason or _jionlp_out_of_scope(money, kind, text, resolution, params)
    elif reason and "time.time" in reason:
        reason = ""  # extractor expectations do not depend on the reference
    if reason:
        case.scope, case.reason = "out", reason
    case.found = find(text, date, recognizers)
    labels = ("MONEY",) if money else ("DATE", "TIME")
    ours = [mention for mention in case.found if mention.label in labels]
    if extractor:
        wanted = {(item["start"], item["end"]) for item in expected}
        case.span_ok = case.resolution_ok = {(m.start, m.end) for m in ours} == wanted
        return case
    mention = ours[0] if ours else None
    case.span_ok = mention is not None and _parser_span(text, mention)
    if case.span_ok and case.scope != "out":
        case.resolution_ok = _money_ok(mention, expected[0]["resolution"]) if money else _time_ok(mention, kind, expected[0]["resolution"])
    return case


def _jionlp_reference(raw: dict) -> tuple[datetime | None, str]:
    base = raw.get("params", {}).get("time_base")
    if raw.get("time_base_utc8"):
        return datetime.fromisoformat(raw["time_base_utc8"]), ""
    if isinstance(base, list):
        return _partial_reference(dict(zip(("year", "month", "day", "hour", "minute", "second"), base))), ""
    if isinstance(base, dict) and "year" in base:
        return _partial_reference(base), ""
    if isinstance(base, dict) or isinstance(base, str):
        return None, "reference date is the time of the test run (time.time())"
    return None, ""


def _partial_reference(fields: dict) -> datetime:
    """A reference given as a year alone is the middle of that year (1 July), a month alone its 1st."""
    month = fields.get("month", 7)
    return datetime(fields["year"], month, fields.get("day", 1), fields.get("hour", 0), fields.get("minute", 0), fields.get("second", 0))


def _jionlp_out_of_scope(money: bool, kind: str, text: str, resolution: dict, params: dict) -> str:
    if money:
        if not re.search(r"元|圆|块|币|铢|[¥$€£]", text):
            return "money without a currency word"
        return ""
    if any(key in params for key in ("ret_future", "lunar_date", "period_results_num")):
        return "a JioNLP parser option"
    if kind == "time_period":
        return "recurring time"
    if LUNAR.search(text):
        return "lunar calendar"
    if SOLAR_TERMS.search(text):
        return "solar terms"
    if re.search(r"[一二三四五六七八九十]月[一二三四五六七八九十廿]+$", text):
        return "JioNLP reads Chinese month-day without 日/号 as lunar"
    if re.fullmatch(r"\d+", text):
        return "a bare number read as a year (we tag 2018 as a NUMBER)"
    if "工作日" in text:
        return "workdays"
    if kind == "time_delta":
        value = resolution.get("time")
        if isinstance(value, list) or "工作日" in text:
            return "range or open bound of a duration, or workdays"
        return ""
    times = resolution.get("time", [])
    if any(value in ("inf", "-inf") for value in times):
        return "open-ended interval"
    if DAYPART_ALONE.match(text):
        return "part of the day alone (hour bounds are a convention)"
    return ""


def _parser_span(text: str, mention: Mention) -> bool:
    if mention.start == 0 and mention.end == len(text):
        return True
    rest = text[:mention.start] + text[mention.end:]
    return mention.start == 0 and not NUMERAL.search(rest)


def _time_ok(mention: Mention, kind: str, resolution: dict) -> bool:
    value = resolution["time"]
    if kind == "time_delta":
        return mention.norm is not None and _duration_dict(mention.norm) == {key: float(amount) for key, amount in value.items()}
    if mention.start_time is None or mention.end_time is None:
        return False
    start = datetime.fromisoformat(value[0])
    end = datetime.fromisoformat(value[1])
    ends = {end, end + timedelta(seconds=1)}
    if end.second == 59:
        ends.add(end.replace(second=0))
    return mention.start_time == start and mention.end_time in ends


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
