"""DATE and TIME mentions, resolved against the document's reference date.

Regular expressions built from ``dictionaries/rules/dates.yaml`` find the atoms on the raw
characters (so a segmentation error cannot split 8月19日): full and compact dates and clock
times (2025年8月19日, 2024-03-0508:30, 13.5.2015, 晚上8点), relative ones (去年, 上周三, 第三天),
parts of years and months (上半年, 一季度, 下旬, 今年冬天), holidays, lunar dates and solar terms
(正月十六, 中秋, 冬至: resolved with lunar-python), era years (民国114年, 乾隆十年), Five-Year
Plans (十四五), durations (三年, 五个工作日, 两三天), offsets and windows (三天前, 十多年前,
一刻钟后, 前两年, 前两周, 近30天, 30日内) and recurring times (每周五). A second pass joins atoms
into ranges (2021—2025年, 下午5点到6点, 30~90日), open intervals (自2015年7月1日起, 截至6月底,
十天以后) and 以来/至今, a year or month and the day inside it (下个月的五号), and 每 with its point.

Labels: TIME for anything that names a clock time or a part of the day (晚上8点,
2025-08-20 08:46:33, 昨天晚上), DATE for days and coarser, and for durations (``norm``
P3Y, no interval; ``qualifier`` > for 三十年以上, ``unit`` 工作日 for business days).
See ``zhtag.normalize.dates`` for the norms and intervals.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from zhtag.dictionaries import load_rules
from zhtag.document import Document, Mention
from zhtag.recognizers.patterns import YEAR_ALONE, alternation, checked, first_matches
from zhtag.normalize.dates import (
    CLOCK_UNITS,
    DateSpec,
    Resolution,
    century_years,
    duration_norm,
    five_year_plan,
    full_year,
    resolve,
    resolve_now,
    resolve_approximate_offset,
    resolve_offset,
    resolve_offset_pair,
    resolve_range,
    resolve_since,
    resolve_until,
    resolve_clock_offset,
    resolve_couple_ago,
    resolve_week_window,
    resolve_window,
    resolve_years,
    resolve_within,
    resolve_since_duration,
    since_resolution,
    open_interval,
)
from zhtag.normalize.numbers import is_digit_sequence, parse_digits, parse_number, to_halfwidth

D = "[0-9０-９]"
CN_DIGIT = "[零〇○一二三四五六七八九]"
CN_MONTH = "(?:十[一二]?|[一二三四五六七八九])"
CN_DAY = "(?:[一二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]?|卅一?|[一二三四五六七八九])"
CN_HOUR = "(?:二十[一二三四]?|十[一二三四五六七八九]?|[零一二三四五六七八九两])"
CN_MINUTE = "(?:[二三四五]十[一二三四五六七八九]?|十[一二三四五六七八九]?|[零〇][一二三四五六七八九]|[一二三四五六七八九])"
CN_COUNT = "[0-9０-９.．零〇一二三四五六七八九十百千万两俩几数]"
#: Where a clause opens: the start of a text, a line or punctuation (前两周 there is the past two weeks).
CLAUSE_OPENERS = r"\n，。、；：！？,;:!?（(「“\"\s"
#: A numeral that gives an amount (十几天 has one, 几天 none).
NUMERAL = re.compile("[0-9０-９零〇一二三四五六七八九十百千万两俩半]")
#: Not a date or time when glued to a number on its left, or to a colon after a digit (08:30, 3:2;
#: after a label, 时间：2024年9月1日, the date stands).
NOT_AFTER_NUMBER = "(?<![0-9０-９.．零〇一二三四五六七八九十百千万亿两第])(?<![0-9０-９][:：])"
#: 四五年前, 工作了七八年: two neighbouring digits before 年 count years (four or five).
ADJACENT_DIGITS = ("一二", "二三", "三四", "四五", "五六", "六七", "七八", "八九")
#: A year after 公元 (公元前二二一年, 公元前二百二十一年), digit by digit or as a number.
CN_ERA_YEAR = "[〇零一二三四五六七八九]{2,4}|[一二三四五六七八九十百千零]{1,7}"
#: A clock time does not start inside a number of its own script (二十七点三, 3.5点).
CLOCK_GUARD = "(?:(?<![0-9０-９.．])(?<![0-9０-９][:：])(?=[0-9０-９])|(?<![零〇一二三四五六七八九十百千万亿两第每])(?![0-9０-９]))"
#: A clock time glued to a numeric date (2024-03-0508:30).
NUMERIC_CLOCK = "[0-2][0-9][:：][0-5][0-9]"
#: After a day written without 日/号 (一月二十三, 1月3至2月10): where the day may end.
BARE_DAY_END = r"(?=$|[\s，。、；：！？,.;:!?）)」”’\"]|[至到~～\-—–－]|[早晚上下中凌深傍])"


@dataclass(slots=True)
class _Atom:
    start: int
    end: int
    kind: str  # point, bare, range, since, fixed, duration, vague
    label: str
    spec: DateSpec | None = None
    resolution: Resolution | None = None
    norm: str | None = None
    number: int | None = None  # for kind "bare": the number of 1至7月
    weak: bool = False  # a bare Chinese clock time (三点) or 现在, kept only inside a range
    lunar: bool = False
    qualifier: str | None = None  # of a duration: 三十年以上 is > P30Y
    unit: str | None = None  # of a duration counted in business days: 工作日, 交易日
    parts: list | None = None  # of a duration: its amounts and units, for ranges (13天—8周)


class DateRecognizer:
    """Finds DATE and TIME mentions in ``doc.text`` and resolves them against ``doc.date``."""

    source = "dates"

    def __init__(self, prefer_future: bool = False) -> None:
        """``prefer_future`` reads a date or time without its year or day as its next occurrence
        after the reference (for notices and schedules); by default the nearest one is taken."""
        self._rules = _Rules.load()
        self._future = prefer_future

    def _resolve(self, spec: DateSpec, ref: datetime | None) -> Resolution:
        return resolve(spec, ref, self._future)

    def find(self, doc: Document) -> list[Mention]:
        text = doc.text
        atoms = []
        for priority, match in first_matches(self._rules.patterns, text):
            atom = self._atom(match, self._rules.group_names[priority], doc.date)
            if atom is not None:
                atoms.append(atom)
        atoms = self._join(text, atoms, doc.date)
        mentions = []
        for atom in atoms:
            if atom.kind == "bare" or atom.weak:
                continue
            resolution = atom.resolution or Resolution()
            mentions.append(
                Mention(
                    atom.start, atom.end, text[atom.start:atom.end], atom.label,
                    norm=atom.norm if atom.norm is not None else resolution.norm,
                    start_time=resolution.start, end_time=resolution.end, source=self.source,
                    qualifier=atom.qualifier, unit=atom.unit,
                )
            )
        return mentions

    # --- atoms ------------------------------------------------------------------------

    def _atom(self, match: re.Match, names: list[str | None], ref: datetime | None) -> _Atom | None:
        kind = match.lastgroup.split("__")[0]
        fields = {name: value for name, value in zip(names, match.groups()) if value is not None and name is not None}
        start, end = match.span()
        if kind == "every":
            return self._every(fields, start, end)
        if kind == "numeric":
            return self._numeric(fields, start, end, ref)
        if kind == "event_day":
            # 7·20暴雨, 9·11事件, 3·15晚会: an event named by its month and day, of a year the
            # name does not say (often long past): ISO 8601's month-day --07-20, no interval.
            month, day = int(fields["event_month"]), int(fields["event_dom"])
            return _Atom(start, end, "fixed", "DATE", resolution=Resolution(f"--{month:02d}-{day:02d}"))
        if kind == "day_pair":  # 今明两天: today and tomorrow; 今明两年: this year and next
            field = "year_offset" if fields["pair_unit"] == "年" else "day_offset"
            first, last = (DateSpec(**{field: offset}) for offset in self._rules.day_pairs[fields["pair"]])
            return _Atom(start, end, "fixed", "DATE", resolution=resolve_range(first, last, ref))
        if kind == "fyp":
            number = parse_number(fields["fyp_number"])
            if number is None:
                return None
            resolution = five_year_plan(int(number), self._rules.plan_first_years, self._rules.plan_length)
            return _Atom(start, end, "fixed", "DATE", resolution=resolution)
        if kind == "year_span":  # 2019-2020赛季, 2019/20赛季, 98-99赛季, 2020财年
            if "span_short_first" in fields:
                fields["span_first"] = str(full_year(int(to_halfwidth(fields["span_short_first"])), ref))
                fields["span_last"] = fields["span_short_last"]
            first = int(to_halfwidth(fields["span_first"]))
            if "span_last" not in fields:  # the spec lets a quarter or month right after take the year
                return _Atom(start, end, "fixed", "DATE", spec=DateSpec(year=first),
                             resolution=resolve_years(first, first, single=True))
            last = first // 100 * 100 + int(to_halfwidth(fields["span_last"])[-2:])
            last += 100 if last < first else 0
            return _Atom(start, end, "fixed", "DATE", resolution=resolve_years(first, last) if last - first <= 1 else Resolution())
        if kind == "common_era":  # astronomical years: 1 BC is year 0, 221 BC is -220
            if "bce_century" in fields:
                century = _small_number(fields["bce_century"])
                return None if not century else _Atom(start, end, "fixed", "DATE", resolution=resolve_years(1 - century * 100, 100 - century * 100))
            written = fields.get("bce_year") or fields["ce_year"]
            number = parse_digits(written) if is_digit_sequence(written) else parse_number(written)
            if not number:
                return None
            year = 1 - int(number) if "bce_year" in fields else int(number)
            return _Atom(start, end, "fixed", "DATE", resolution=resolve_years(year, year, single=True))
        if kind == "century":
            return self._century(fields, start, end, ref)
        if kind == "bare":
            value = _small_number(fields["bare_number"])
            return None if value is None else _Atom(start, end, "bare", "DATE", number=value)
        if kind == "couple_ago":  # 前两年, 前几天 opening a clause: a couple of years (a few days) ago
            unit, far, near = self._rules.couple_ago[fields["couple_unit"].removesuffix("钟") if fields["couple_unit"] == "秒钟" else fields["couple_unit"]]
            label = "TIME" if unit in CLOCK_UNITS else "DATE"
            return _Atom(start, end, "fixed", label, resolution=resolve_couple_ago(unit, far, near, ref))
        if kind == "week_window":  # 前两周, 后三周 opening a clause: the weeks up to now, or from now
            count = _small_number(fields["week_count"])
            if not count:
                return None
            direction = self._rules.week_window_directions[fields["week_direction"]]
            return _Atom(start, end, "fixed", "DATE", resolution=resolve_week_window(count, direction, ref))
        if kind in ("duration", "offset", "window", "since_duration", "within", "offset_ahead"):
            return self._duration(kind, fields, start, end, ref)
        if kind == "vague":
            return _Atom(start, end, "vague", "DATE")
        if kind == "now":
            # 现在 mostly means "nowadays": it counts only as the end of a range (去年到现在).
            if ref is None:
                return None
            spec = DateSpec(year=ref.year, month=ref.month, day=ref.day, hour=ref.hour, minute=ref.minute, second=ref.second)
            return _Atom(start, end, "point", "TIME", spec=spec, resolution=resolve_now(ref), weak=True)
        return self._point(fields, start, end, ref)

    def _point(self, fields: dict[str, str], start: int, end: int, ref: datetime | None) -> _Atom | None:
        rules = self._rules
        spec = DateSpec()
        lunar = False
        if "year" in fields:
            year = _year(fields["year"])
            if year is None:
                return None
            spec.year, spec.two_digit_year = year
        if "era" in fields:
            number = 1 if fields["era_year"] == "元" else _small_number(fields["era_year"])
            if not number:
                return None
            spec.year = rules.eras[fields["era"]] + number - 1  # 民国114年 = 2025, 乾隆十年 = 1745
        if "rel_year" in fields:
            spec.year_offset = rules.relative_years[fields["rel_year"]]
        if "year_short" in fields:
            spec.months = rules.year_periods["年" + fields["year_short"]]
        if "year_period" in fields:
            name = fields["year_period"]
            season = rules.seasons.get(rules.season_words.get(name, name))
            if season is not None:
                spec.season = season
            else:
                spec.months = rules.year_periods[name]
        if "quarter" in fields:
            quarter = _small_number(fields["quarter"])
            if quarter is None or not 1 <= quarter <= 4:
                return None
            first, last = 3 * quarter - 2, 3 * quarter
            edge = fields.get("quarter_edge")
            spec.months = (last, last) if edge == "末" else (first, first) if edge == "初" else (first, last)
        if "rel_quarter" in fields:
            spec.quarter_offset = rules.relative_quarters[fields["rel_quarter"]]
            edge = fields.get("rel_quarter_edge")
            spec.months = (3, 3) if edge == "末" else (1, 1) if edge == "初" else None
        if "last_n" in fields:
            count = _small_number(fields["last_n"])
            months = count * 3 if fields.get("last_unit") == "季度" else count
            if not months or months > 12:
                return None
            spec.months = (13 - months, 12)
        if "first_n" in fields:
            count = _small_number(fields["first_n"])
            months = count * 3 if fields.get("first_unit") == "季度" else count
            if not months or months > 12:
                return None
            spec.months = (1, months)
        if "month" in fields:
            month = _small_number(fields["month"])
            if month is None or not 1 <= month <= 12:
                return None
            spec.month = month
        if "lunar_month" in fields or "lunar_day" in fields or "lunar" in fields or "leap" in fields:
            lunar = True
            if "lunar_month" in fields:
                spec.lunar_month = rules.lunar_months[fields["lunar_month"]]
            elif spec.month is not None:
                spec.lunar_month, spec.month = spec.month, None  # 农历十月
            spec.leap_month = "leap" in fields
        if "rel_month" in fields:
            spec.month_offset = rules.relative_months[fields["rel_month"]]
        if "month_short" in fields:
            spec.days = rules.month_periods["月" + fields["month_short"]]
        if "first_days" in fields:
            count = _small_number(fields["first_days"])
            if not count or count > 31:
                return None
            spec.days = (1, count)  # 4月前4天
        if "month_period" in fields:
            spec.days = rules.month_periods[fields["month_period"]]
        if "last_day" in fields:
            spec.days = (31, 31)  # 上个月最后一天: 31 stands for the month's last day
        if "year_last_day" in fields:
            spec.month, spec.day = 12, 31  # 今年最后一天
        if "nth_week" in fields:
            count = _small_number(fields["nth_week"])
            in_month = spec.month is not None or spec.month_offset is not None
            if not count or count > (5 if in_month or "nth_weekday" in fields else 53):
                return None
            if "nth_weekday" in fields:
                spec.nth_weekday = (rules.weekdays[fields["nth_weekday"]], count)  # 6月第3个星期日
            else:
                spec.nth_week = count  # 5月第一周
            if spec.month is None and spec.month_offset is None and spec.year is None and spec.year_offset is None:
                return None  # 常规赛第一周 counts weeks of something else
        if "last_weekday" in fields:
            spec.nth_weekday = (rules.weekdays[fields["last_weekday"]], -1)  # 最后一个周三: the month's last
            if spec.month is None and spec.month_offset is None:
                spec.month_offset = 0
        if "year_day" in fields:
            count = _small_number(fields["year_day"])
            if not count or count > 366:
                return None
            spec.year_day = count  # 2023年第十天
        if "nth_day" in fields:
            count = _small_number(fields["nth_day"])
            if not count or count > 366:
                return None
            spec.day_offset = count - 1  # 第三天: the reference day is the first
        day_text = fields.get("day") or fields.get("bare_day") or fields.get("solo_day")
        if day_text is not None:
            day = _small_number(day_text)
            if day is None or not 1 <= day <= 31:
                return None
            spec.day = day
        if "lunar_day" in fields:
            spec.lunar_day = _lunar_day(fields["lunar_day"])
        if lunar and spec.day is not None:
            spec.lunar_day, spec.day = spec.day, None  # 农历八月十五
        if "rel_day" in fields:
            spec.day_offset = rules.relative_days[fields["rel_day"]]
        if "day_with_part" in fields:
            offset, part = rules.day_with_part[fields["day_with_part"]]
            spec.day_offset = offset
            spec.daypart, spec.shift = rules.dayparts[part]
        if "weekday" in fields:
            prefix = fields.get("week_prefix")
            spec.week_offset = rules.week_prefixes[prefix] if prefix else None  # 周五 alone floats
            weekday = rules.weekdays[fields["weekday"]]
            if fields["weekday"] == "末":
                spec.weekend = True
            else:
                spec.weekday = weekday
        if "rel_week" in fields:
            spec.week_offset = rules.week_prefixes[fields["rel_week"]]
        if "holiday" in fields:
            name = fields["holiday"]
            if name in rules.holidays or name in rules.period_holidays:
                spec.month, spec.day = rules.holidays.get(name) or rules.period_holidays[name]
            elif name in rules.floating_holidays:
                month, weekday, nth = rules.floating_holidays[name]
                spec.month, spec.nth_weekday = month, (weekday, nth)
            else:
                lunar = True
                spec.lunar_month, spec.lunar_day = rules.lunar_holidays[name]
        if "solar_term" in fields:
            spec.solar_term = rules.solar_terms[fields["solar_term"]]
        part = fields.get("daypart") or rules.short_dayparts.get(fields.get("short_daypart", ""))
        if part:
            spec.daypart, spec.shift = rules.dayparts[part]
        weak = False
        if "hour" in fields:
            clock = _clock(fields)
            if clock is None:
                return None
            spec.hour, spec.minute, spec.second = clock
            # 三点半, 九点一刻, 十点二十分 say a time; 三点 alone or 七点八 may be a decimal, but not
            # 十二点三十 (decimals are read digit by digit).
            minutes = bool({"minute", "half", "quarter_hour"} & fields.keys()) or "十" in fields.get("bare_minute", "")
            # 两点钟 says a time too: 钟 is no decimal's
            bare_chinese = not re.match(D, fields["hour"]) and fields.get("clock_tail") in (None, "多") and not minutes and "oclock" not in fields
            decimal_like = "bare_minute" in fields and not minutes
            # 七点八 is a decimal, not 7:08, unless a range (7点到7点30) or a day says otherwise.
            context = spec.has_date or spec.daypart is not None
            weak = (bare_chinese or decimal_like) and not context
        elif "colon_hour" in fields:
            clock = _colon_clock(fields)
            if clock is None:
                return None
            spec.hour, spec.minute, spec.second = clock
            _apply_meridiem(spec, fields)
        elif "hour_pair" in fields:
            pair = fields["hour_pair"]
            first, last = _small_number(pair[0]) or 0, _small_number(pair[-1]) or 0
            if pair == "十一二":
                first, last = 11, 12
            if last != first + 1:
                return None  # 三五点 is no pair of neighbouring hours
            spec.hour = first  # 今晚八九点: from 8 to the end of 9
            if not spec.has_date and spec.daypart is None:
                return None
            resolution = resolve_range(spec, replace(spec, hour=last + 1), ref)
            return _Atom(start, end, "range", "TIME", spec=spec, resolution=resolution)
        label = "TIME" if spec.hour is not None or spec.daypart is not None else "DATE"
        # A lunar day without its month (初一 alone) is left unresolved.
        resolution = Resolution() if lunar and spec.lunar_month is None else self._resolve(spec, ref)
        return _Atom(start, end, "point", label, spec=spec, resolution=resolution, weak=weak, lunar=lunar)

    def _every(self, fields: dict[str, str], start: int, end: int) -> _Atom:
        """每天, 每隔两周, 每半年: the period of a recurring time (its point, if any, follows)."""
        unit_word = fields.get("every_unit")
        if unit_word is None:
            return _Atom(start, end, "every", "DATE")  # 每周五, 每逢春节: the point says the period
        amount_text = fields.get("every_amount")
        amount = 1.0 if amount_text is None else 0.5 if amount_text == "半" else _small_number(amount_text)
        unit = self._rules.every_units[unit_word]
        business = self._rules.business_day_unit.search(unit_word)
        period = duration_norm([(float(amount), unit)]) if amount else None
        spec = None
        if unit_word in self._rules.short_dayparts:  # 每晚8点 is at 20:00
            spec = DateSpec()
            spec.daypart, spec.shift = self._rules.dayparts[self._rules.short_dayparts[unit_word]]
        return _Atom(start, end, "every", "DATE", spec=spec, norm=period, unit=business.group() if business else None)

    def _recurring(self, every: _Atom, point: _Atom, ref: datetime | None) -> _Atom:
        """每周五 + its point: norm ``R/<first occurrence>/<period>``, the interval that occurrence."""
        period = every.norm
        spec = point.spec
        if every.spec is not None and point.kind == "point" and spec is not None and spec.hour is not None and spec.shift is None:
            spec = replace(spec, shift=every.spec.shift)
            point = replace(point, spec=spec, resolution=self._resolve(spec, ref))
        if period is None and spec is not None:
            if spec.weekday is not None or spec.weekend:
                period = "P1W"
            elif spec.month is not None or spec.lunar_month is not None or spec.solar_term is not None:
                period = "P1Y"
            elif spec.day is not None:
                period = "P1M"
            elif spec.hour is not None or spec.daypart is not None:
                period = "P1D"
        resolution = point.resolution or Resolution()
        first = resolution.norm.split("/")[0] if resolution.norm else None
        norm = "/".join(part for part in ("R", first, period) if part) if period else None
        label = point.label
        return _Atom(every.start, point.end, "fixed", label, resolution=Resolution(norm, resolution.start, resolution.end), unit=every.unit)

    def _numeric(self, fields: dict[str, str], start: int, end: int, ref: datetime | None) -> _Atom | None:
        """2025-08-20, 2019.9.6, 2020/1/2, 20240307, day first 13.5.2015, 27-7-3, 2016.07, 11-05; an optional 08:46:33."""
        if "numeric_date" in fields:
            digits = to_halfwidth(fields["numeric_date"])
            parts = re.split(r"[-/. ]", digits) if not digits.isdigit() else [digits[:4], digits[4:6], digits[6:]]
            year, month, day = (int(part) for part in parts)
            spec = DateSpec(year=year, month=month, day=day)
        elif "dmy_day" in fields:
            year_text = to_halfwidth(fields["dmy_year"])
            spec = DateSpec(year=int(year_text), two_digit_year=len(year_text) == 2, month=int(to_halfwidth(fields["dmy_month"])), day=int(to_halfwidth(fields["dmy_day"])))
        elif "ymd_day" in fields:  # 27-7-3: a two-digit year first
            spec = DateSpec(year=int(fields["ymd_year"]), two_digit_year=True, month=int(fields["ymd_month"]), day=int(fields["ymd_day"]))
        elif "ym_year" in fields:
            spec = DateSpec(year=int(to_halfwidth(fields["ym_year"])), month=int(fields["ym_month"]))
        else:
            spec = DateSpec(month=int(fields["md_month"]), day=int(fields["md_day"]))
        if not (1 <= (spec.month or 0) <= 12 and 1 <= (spec.day or 1) <= 31):
            return None
        if "colon_hour" in fields:
            clock = _colon_clock(fields)
            if clock is None:
                return None
            spec.hour, spec.minute, spec.second = clock
            _apply_meridiem(spec, fields)
        label = "TIME" if spec.hour is not None else "DATE"
        return _Atom(start, end, "point", label, spec=spec, resolution=self._resolve(spec, ref))

    def _century(self, fields: dict[str, str], start: int, end: int, ref: datetime | None) -> _Atom | None:
        century = _small_number(fields["century_number"]) if "century_number" in fields else None
        if "rel_century" in fields:
            if ref is None:
                return _Atom(start, end, "fixed", "DATE", resolution=Resolution())
            century = (ref.year - 1) // 100 + 1 + self._rules.relative_centuries[fields["rel_century"]]
        part = self._rules.century_parts.get(fields.get("century_part", ""))
        decade_text = fields.get("decade")
        decade = None
        if decade_text is not None:
            decade = parse_digits(decade_text) if is_digit_sequence(decade_text) else _small_number(decade_text)
            if decade is None:
                return None
        decade_part = self._rules.decade_parts.get(fields.get("decade_part", ""))
        return _Atom(start, end, "fixed", "DATE", resolution=century_years(century, decade, ref, part, decade_part))

    def _duration(self, kind: str, fields: dict[str, str], start: int, end: int, ref: datetime | None) -> _Atom | None:
        parts = self._duration_parts(fields["duration"])
        if not parts:
            return None
        vague = any(amount is None for amount, _ in parts)
        last_amount, last_unit = parts[-1]
        clocklike = last_unit in CLOCK_UNITS
        business = self._rules.business_day_unit.search(fields["duration"])
        if kind == "duration":
            if vague and not NUMERAL.search(fields["duration"]):
                return None  # 几天, 好几个月, 数年 alone name neither an amount nor a time
            norm = self._pair_norm(fields["duration"]) if vague else duration_norm(parts)  # type: ignore[arg-type]
            qualifier = ">" if norm is not None and self._rules.approximate.search(fields["duration"]) else None  # 20多天
            if norm is not None and qualifier is None and self._rules.about.search(fields["duration"]):
                qualifier = "~"  # 十来年: about ten years
            return _Atom(start, end, "duration", "DATE", norm=norm, parts=parts, unit=business.group() if business else None, qualifier=qualifier)
        pair = self._pair(fields["duration"]) if vague and kind == "offset" else None
        if pair is not None and fields["offset_suffix"] not in self._rules.open_offset_suffixes:  # 七八年前
            low, high, unit = pair
            resolution = resolve_offset_pair(low, high, unit, self._rules.offset_suffixes[fields["offset_suffix"]], ref)
            return _Atom(start, end, "fixed", "TIME" if clocklike else "DATE", resolution=resolution)
        if vague or len(parts) > 1 or business:
            return _Atom(start, end, "fixed", "TIME" if clocklike else "DATE", resolution=Resolution())
        if kind == "offset":
            suffix = fields["offset_suffix"]
            direction = self._rules.offset_suffixes[suffix]
            if clocklike:  # 一刻钟后, 三小时前, 十分钟以后
                open_ended = suffix in self._rules.open_offset_suffixes
                resolution = resolve_clock_offset(last_amount, last_unit, direction, ref, open_ended)  # type: ignore[arg-type]
            elif suffix in self._rules.open_offset_suffixes:
                resolution = open_interval(resolve_offset(last_amount, last_unit, direction, ref), direction)  # type: ignore[arg-type]  # 十天以后: from then on
            elif last_unit == "Y" and self._rules.approximate.search(fields["duration"]):
                resolution = resolve_approximate_offset(last_amount, last_unit, direction, ref)  # type: ignore[arg-type]  # 十多年前
            else:
                resolution = resolve_offset(last_amount, last_unit, direction, ref)  # type: ignore[arg-type]
        elif kind == "window":
            direction = self._rules.window_prefixes[fields["window_prefix"]]
            resolution = resolve_window(last_amount, last_unit, direction, ref)  # type: ignore[arg-type]
        elif kind == "offset_ahead":  # 再过一刻钟: as 一刻钟后
            direction = self._rules.offset_prefixes[fields["offset_prefix"]]
            offset = resolve_clock_offset if clocklike else resolve_offset
            resolution = offset(last_amount, last_unit, direction, ref)  # type: ignore[arg-type]
        elif kind == "within":
            resolution = resolve_within(last_amount, last_unit, ref)  # type: ignore[arg-type]
        else:  # 三个月以来: from then until now
            approximate = self._rules.approximate.search(fields["duration"]) is not None
            resolution = resolve_since_duration(last_amount, last_unit, ref, approximate)  # type: ignore[arg-type]
        return _Atom(start, end, "fixed", "TIME" if clocklike else "DATE", resolution=resolution)

    def _pair_norm(self, text: str) -> str | None:
        """两三天, 一两年: neighbouring digits are a range of durations (P2D/P3D); other vague amounts, None."""
        pair = self._pair(text)
        if pair is None:
            return None
        low, high, unit = pair
        return f"{duration_norm([(low, unit)])}/{duration_norm([(high, unit)])}"

    def _pair(self, text: str) -> tuple[float, float, str] | None:
        """两三天: the two neighbouring amounts of a duration and its unit (2, 3, D), or a loose pair's
        (三五天: 3, 5, D); None for any other."""
        chunks = list(self._rules.duration_chunk.finditer(text))
        amount = chunks[0].group("amount") if len(chunks) == 1 else ""
        if len(amount) != 2 or not is_digit_sequence(amount) or amount.isdigit():
            return None
        low, high = (_small_number(char) or 0 for char in amount)
        if high != low + 1 and amount not in self._rules.loose_pairs or chunks[0].group("half_before") or chunks[0].group("half_after"):
            return None
        return float(low), float(high), self._rules.duration_units[chunks[0].group("unit")]

    def _duration_parts(self, text: str) -> list[tuple[float | None, str]]:
        parts: list[tuple[float | None, str]] = []
        for chunk in self._rules.duration_chunk.finditer(text):
            number = chunk.group("amount")
            unit = self._rules.duration_units[chunk.group("unit")]
            if number == "半":
                amount: float | None = 0.5
            elif any(char in number for char in "几数") or (len(number) == 2 and is_digit_sequence(number) and not number.isdigit()):
                amount = None  # 几天, 数年, 一两天: no exact amount
            else:
                amount = parse_number(number)
                if amount is None:
                    return []
            if amount is not None and (chunk.group("half_before") or chunk.group("half_after")):
                amount += 0.5
            parts.append((amount, unit))
        return parts

    # --- ranges, 以来, 从…起 -------------------------------------------------------------

    def _with_weekdays(self, text: str, atoms: list[_Atom]) -> list[_Atom]:
        """The atoms, a day and the weekday written after it one (2009年10月12号，星期一, 8月18日（周一）
        with its closing bracket): the date says the day. Done before the other joins, so that the
        day may still take a clock time after it or close a range."""
        joined: list[_Atom] = []
        for atom in atoms:
            day = joined[-1] if joined else None
            if (
                day is not None and _is_day(day) and atom.kind == "point" and atom.spec is not None
                and atom.spec.weekday is not None and not atom.spec.week_offset and not atom.spec.has_clock
                and self._rules.weekday_gap.fullmatch(text, day.end, atom.start)
            ):
                closed = atom.end < len(text) and text[atom.end] in "）)" and text[day.end:atom.start].strip() in ("（", "(")
                joined[-1] = replace(day, end=atom.end + closed)
            else:
                joined.append(atom)
        return joined

    def _join(self, text: str, atoms: list[_Atom], ref: datetime | None) -> list[_Atom]:
        rules = self._rules
        atoms = self._with_weekdays(text, atoms)
        joined: list[_Atom] = []
        index = 0
        while index < len(atoms):
            atom = atoms[index]
            following = atoms[index + 1] if index + 1 < len(atoms) else None
            after = atoms[index + 2] if index + 2 < len(atoms) else None
            if (
                atom.kind == "point" and following is not None and following.kind == "bare"
                and following.start == atom.end and after is not None and after.start == following.end
            ):
                merged = self._bare_range(atom, following, after, ref)  # 2019年1-5月
                if merged is not None:
                    joined.append(merged)
                    index += 3
                    continue
            if (
                atom.kind == "fixed" and atom.spec is not None and following is not None and following.kind == "point"
                and following.start == atom.end and following.spec is not None
                and following.spec.year is None and following.spec.year_offset is None
                and (following.spec.months is not None or following.spec.month is not None)
            ):  # 2018财年第三季度: the quarter of that year
                spec = replace(following.spec, year=atom.spec.year)
                joined.append(replace(following, start=atom.start, spec=spec, resolution=self._resolve(spec, ref)))
                index += 2
                continue
            if following is not None and following.kind == "duration" and following.norm is not None:
                merged = self._duration_range(text, atom, following)  # 30~90日, 13天—8周
                if merged is not None:
                    joined.append(merged)
                    index += 2
                    continue
            if atom.kind == "bare" and following is not None and following.start == atom.end:
                merged = self._bare_range(None, atom, following, ref)
                if merged is not None:
                    joined.append(merged)
                    index += 2
                    continue
            day = atom.resolution.start if atom.kind == "fixed" and atom.resolution is not None else None
            if (
                day is not None and atom.resolution.end == day + timedelta(days=1) and day.hour == 0  # type: ignore[union-attr]
                and _is_clock(following) and text[atom.end:following.start] in ("", " ", "的")
            ):
                spec = replace(following.spec, year=day.year, month=day.month, day=day.day)  # type: ignore[arg-type]
                atoms[index + 1] = _Atom(atom.start, following.end, "point", "TIME", spec=spec, resolution=self._resolve(spec, ref))
                index += 1  # 六天后的3时1刻: the clock time on that day
                continue
            narrowed = self._narrow(atom, following, ref) if following is not None and text[atom.end:following.start] == "的" else None
            if narrowed is not None:
                atoms[index + 1] = narrowed  # 下个月的五号, 今年的五月三十日, 去年的今天
                index += 1
                continue
            if _names_a_day(atom) and _is_clock(following) and text[atom.end:following.start] in ("", " ", "的"):
                part_of_day = following.spec.daypart is None and atom.spec.daypart is not None  # type: ignore[union-attr]
                if part_of_day and following.spec.hour is None:  # type: ignore[union-attr]
                    joined.append(atom)
                    index += 1
                    continue
                spec = replace(
                    atom.spec, hour=following.spec.hour, minute=following.spec.minute,  # type: ignore[arg-type, union-attr]
                    second=following.spec.second,  # type: ignore[union-attr]
                    daypart=atom.spec.daypart if part_of_day else following.spec.daypart,  # type: ignore[union-attr]
                    shift=atom.spec.shift if part_of_day else following.spec.shift,  # type: ignore[union-attr]
                )
                atoms[index + 1] = _Atom(atom.start, following.end, "point", "TIME", spec=spec, resolution=self._resolve(spec, ref))
                index += 1  # 2010-01-29早上七点, 明天的凌晨, 今晚的8点: the day and its clock time are one mention
                continue
            if (
                atom.kind == "point" and following is not None and following.kind == "point"
                and rules.range_gap.fullmatch(text, atom.end, following.start)
            ):
                clock = self._clock_of_a_weekday_range(text, atom, following, ref)
                if clock is not None:  # 周一至周五9:00-17:00: the days, then the hours of each
                    following = replace(following, end=len(text[: clock.start].rstrip()), label="DATE", spec=replace(
                        following.spec, hour=None, minute=None, second=None, daypart=None, shift=None))  # type: ignore[arg-type]
                    atoms[index + 1] = clock
                    joined.append(_Atom(atom.start, following.end, "range", "DATE", spec=atom.spec,
                                        resolution=resolve_range(atom.spec, following.spec, ref)))  # type: ignore[arg-type]
                    index += 1
                    continue
                merged = _Atom(
                    atom.start, following.end, "range",
                    "TIME" if "TIME" in (atom.label, following.label) else "DATE",
                    spec=atom.spec, resolution=resolve_range(atom.spec, following.spec, ref),  # type: ignore[arg-type]
                )
                joined.append(merged)
                index += 2
                continue
            joined.append(atom)
            index += 1
        return self._join_every(text, [self._extend(text, atom, ref) for atom in joined], ref)

    def _clock_of_a_weekday_range(self, text: str, first: _Atom, last: _Atom, ref: datetime | None) -> _Atom | None:
        """The clock time that ends ``last`` as a point of its own, where ``first`` and ``last`` are
        weekdays, only ``last`` has a clock time, and another clock time follows it in a range
        (周一至周五9:00-17:00, 周一至周日 11：00-14：00): opening hours, each day's, not one span from
        Monday's midnight to Friday's nine o'clock. None otherwise."""
        if (first.spec is None or last.spec is None or first.spec.weekday is None or last.spec.weekday is None
                or first.spec.has_clock or not last.spec.has_clock):
            return None
        weekday = self._rules.weekday_then_space.match(text, last.start)
        if weekday is None or weekday.end() >= last.end or not self._rules.clock_range_after.match(text, last.end):
            return None
        spec = DateSpec(hour=last.spec.hour, minute=last.spec.minute, second=last.spec.second,
                        daypart=last.spec.daypart, shift=last.spec.shift)
        return _Atom(weekday.end(), last.end, "point", "TIME", spec=spec, resolution=self._resolve(spec, ref))

    def _narrow(self, coarse: _Atom, fine: _Atom, ref: datetime | None) -> _Atom | None:
        """A year or month, 的, and a day or month inside it (下个月的五号, 今年的五月三十日, 去年的今天)
        as one point; None unless the first names only a year or a month and the second leaves that unsaid."""
        if coarse.kind != "point" or fine.kind != "point" or coarse.spec is None or fine.spec is None or coarse.lunar or fine.lunar:
            return None
        outer, inner = coarse.spec, fine.spec
        year_only = (outer.year is not None or outer.year_offset is not None) and outer == DateSpec(
            year=outer.year, two_digit_year=outer.two_digit_year, year_offset=outer.year_offset,
        )
        month_only = (outer.month is not None or outer.month_offset is not None) and outer == DateSpec(
            year=outer.year, two_digit_year=outer.two_digit_year, year_offset=outer.year_offset, month=outer.month, month_offset=outer.month_offset,
        )
        today = inner.day_offset == 0 and inner == DateSpec(day_offset=0)
        if today and ref is not None and (year_only or month_only):  # 去年的今天: this day of that year (month)
            inner = DateSpec(month=None if month_only else ref.month, day=ref.day)
        if inner.year is not None or inner.year_offset is not None or inner.day_offset is not None or inner.week_offset is not None:
            return None
        if year_only and (inner.month is not None or inner.months is not None or inner.season is not None):
            spec = replace(inner, year=outer.year, two_digit_year=outer.two_digit_year, year_offset=outer.year_offset)
        elif month_only and inner.day is not None and inner.month is None and inner.month_offset is None:
            spec = replace(inner, year=outer.year, two_digit_year=outer.two_digit_year, year_offset=outer.year_offset, month=outer.month, month_offset=outer.month_offset)
        else:
            return None
        return _Atom(coarse.start, fine.end, "point", fine.label, spec=spec, resolution=self._resolve(spec, ref))

    def _join_every(self, text: str, atoms: list[_Atom], ref: datetime | None) -> list[_Atom]:
        """每 + the point or range right after it is one recurring time; 每天 alone is its period."""
        joined: list[_Atom] = []
        index = 0
        while index < len(atoms):
            atom = atoms[index]
            following = atoms[index + 1] if index + 1 < len(atoms) else None
            index += 1
            if atom.kind != "every":
                joined.append(atom)
            elif (
                following is not None and text[atom.end:following.start] in ("", "的")
                and following.kind in ("point", "range")
            ):
                joined.append(self._recurring(atom, following, ref))
                index += 1
            elif (part := self._period_part(text, atom, ref)) is not None:
                joined.append(self._recurring(atom, part, ref))  # 每月底, 每季度末, 每年初
            elif atom.norm is not None:
                joined.append(replace(atom, kind="fixed", norm=None, resolution=Resolution("R/" + atom.norm)))
        return joined

    def _period_part(self, text: str, every: _Atom, ref: datetime | None) -> _Atom | None:
        """The 底 of 每月底 (初, 末 …): that part of the current month, quarter or year, as a point."""
        edge = self._rules.period_edge.match(text, every.end)
        if edge is None or every.norm not in ("P1M", "P3M", "P1Y"):
            return None
        word = edge.group()
        if every.norm == "P1M":
            days = self._rules.month_periods.get("月" + word)
            spec = DateSpec(month_offset=0, days=days) if days else None
        elif every.norm == "P3M":
            spec = DateSpec(quarter_offset=0, months=(3, 3) if word in "底末" else (1, 1))
        else:
            months = self._rules.year_periods.get("年" + word)
            spec = DateSpec(year_offset=0, months=months) if months else None
        if spec is None:
            return None
        return _Atom(edge.start(), edge.end(), "point", "DATE", spec=spec, resolution=self._resolve(spec, ref))

    def _duration_range(self, text: str, first: _Atom, last: _Atom) -> _Atom | None:
        """Two durations as one range, norm ``P30D/P90D``; a bare number takes the last one's unit."""
        if first.kind == "bare" and first.end == last.start and last.parts and first.number is not None:
            norm = duration_norm([(first.number, last.parts[0][1])])
        elif first.kind == "duration" and first.norm is not None and self._rules.range_gap.fullmatch(text, first.end, last.start):
            norm = first.norm
        else:
            return None
        if norm is None:
            return None
        return _Atom(first.start, last.end, "duration", "DATE", norm=f"{norm}/{last.norm}", unit=last.unit)

    def _bare_range(self, head: _Atom | None, bare: _Atom, last: _Atom, ref: datetime | None) -> _Atom | None:
        """1至7月, 2021—2025年, 2019年4月12-19日: the bare number takes the unit of what follows."""
        if last.kind != "point" or last.spec is None or last.lunar:
            return None
        spec = last.spec
        if any(value is not None for value in (spec.year_offset, spec.month_offset, spec.day_offset, spec.week_offset)):
            return None
        if head is not None and (head.spec is None or head.lunar):
            return None
        base = head.spec if head is not None else DateSpec()
        number = bare.number
        if spec.year is not None and head is None and number is not None and number >= 1000:
            first = DateSpec(year=number)  # 1992到96年3月: a year to a month
        elif spec.year is not None and spec.month is None and head is None:
            first = replace(base, year=number, two_digit_year=number < 100)  # type: ignore[operator]
        elif spec.month is not None and spec.day is None and (spec.year is None or head is None):
            first = replace(base, month=number, year=base.year if head else spec.year, two_digit_year=base.two_digit_year if head else spec.two_digit_year)
            if head is not None and head.spec.month is not None:
                return None
        elif spec.day is not None and spec.month is None and head is None:
            first = DateSpec(day=number)
        elif spec.hour is not None and spec.month is None and spec.day is None and spec.day_offset is None:
            first = replace(base, hour=number, shift=base.shift or spec.shift)
            if head is not None and head.spec.hour is not None:
                return None
        else:
            return None
        if first.year is None and first.month is not None and spec.year is not None:
            first = replace(first, year=spec.year, two_digit_year=spec.two_digit_year)
        start = head.start if head is not None else bare.start
        label = "TIME" if spec.hour is not None else "DATE"
        resolution = resolve_range(first, spec, ref)
        if resolution.start is None and ref is not None:
            return None
        return _Atom(start, last.end, "range", label, spec=first, resolution=resolution)

    def _extend(self, text: str, atom: _Atom, ref: datetime | None) -> _Atom:
        """Take in 从/自 before a range, 起/止 after it, turn 以来 into an interval up to now, and
        以后/起 (截至, 以前) into an interval open at its end (start)."""
        rules = self._rules
        if atom.kind == "duration":
            qualifier = rules.duration_qualifier.match(text, atom.end)
            if qualifier and atom.norm is not None:
                atom.qualifier, atom.end = rules.duration_qualifiers[qualifier.group("word")], qualifier.end()
            return atom
        if atom.kind in ("bare", "vague"):
            return atom
        opener = rules.opener_before.search(text, max(0, atom.start - 1), atom.start)
        suffix = rules.since_suffix.match(text, atom.end)
        if suffix and atom.kind == "point" and atom.spec is not None:
            start = opener.start() if opener else atom.start
            return _Atom(start, suffix.end(), "since", atom.label, resolution=resolve_since(atom.spec, ref))
        if suffix and atom.kind == "fixed" and atom.resolution is not None and atom.resolution.start is not None and atom.resolution.end is not None:
            start = opener.start() if opener else atom.start  # 本世纪以来, 上世纪90年代以来
            return _Atom(start, suffix.end(), "since", atom.label, resolution=since_resolution(atom.resolution, ref))
        if atom.kind in ("point", "range") and atom.resolution is not None and atom.resolution.start is not None:
            opened = self._open(text, atom, opener, ref)
            if opened is not None:
                return opened
        closer = rules.closer.match(text, atom.end)
        if opener is None:
            if atom.kind == "range" and closer and closer.group() in rules.range_closers:
                atom.end = closer.end()  # 四点到六点之间
            elif atom.kind == "point" and atom.spec is not None:
                until = rules.until_suffix.match(text, atom.end)
                if until and atom.resolution is not None and atom.resolution.end is not None and ref is not None and atom.resolution.end > ref:
                    return _Atom(atom.start, until.end(), "since", atom.label, resolution=resolve_until(atom.spec, ref))
            return atom
        if atom.kind == "range":
            atom.start = opener.start()
            if closer:
                atom.end = closer.end()
        return atom

    def _open(self, text: str, atom: _Atom, opener: re.Match | None, ref: datetime | None) -> _Atom | None:
        """自2015年7月1日起, 今晚八点以后 (end open); 截至6月底, 2020年以前 (start open); else None."""
        rules = self._rules
        resolution = atom.resolution
        assert resolution is not None and resolution.start is not None
        until = rules.until_prefix.search(text, max(0, atom.start - 3), atom.start)
        end = atom.end
        if until is None:
            closer = rules.until_closer.match(text, atom.end)
            until = rules.until_with_closer.search(text, max(0, atom.start - 2), atom.start) if closer else None
            end = closer.end() if until is not None else end  # 到明天为止
        if until is not None and resolution.end is not None:
            last = resolution.norm.split("/")[-1] if resolution.norm else ""
            return _Atom(until.start(), end, "since", atom.label, resolution=Resolution(f"../{last}", None, resolution.end))
        after = rules.open_after.match(text, atom.end)
        if after is None and opener is not None:
            after = rules.open_after_opened.match(text, atom.end)  # 从下周一开始
        if after is not None and atom.kind == "point":
            start = opener.start() if opener else atom.start
            return _Atom(start, after.end(), "since", atom.label, resolution=open_interval(resolution, 1))
        before = rules.open_before.match(text, atom.end)
        ahead = ref is not None and resolution.end is not None and resolution.end > ref
        if before is not None and atom.kind == "point" and not ahead:
            return _Atom(atom.start, before.end(), "since", atom.label, resolution=open_interval(resolution, -1))
        return None


class _Rules:
    """The word lists of dates.yaml and the regular expressions built from them (built once)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.relative_years: dict[str, int] = data["relative_years"]
        self.relative_months: dict[str, int] = data["relative_months"]
        self.relative_days: dict[str, int] = data["relative_days"]
        self.day_with_part: dict[str, list] = data["day_with_part"]
        self.week_prefixes: dict[str, int] = data["week_prefixes"]
        self.weekdays: dict[str, int] = data["weekdays"]
        self.dayparts: dict[str, tuple[tuple[int, int], str | None]] = {
            name: (tuple(value["hours"]), value.get("shift")) for name, value in data["dayparts"].items()
        }
        self.dayparts_alone = [name for name, value in data["dayparts"].items() if value.get("alone", True)]
        self.short_dayparts: dict[str, str] = data["short_dayparts"]
        self.holidays: dict[str, tuple[int, int]] = {k: tuple(v) for k, v in data["holidays"].items()}
        #: a season's character -> the solar terms that open it and the next season
        self.seasons: dict[str, tuple[str, str]] = {name: tuple(terms) for name, terms in data["seasons"].items()}
        #: 秋冬 -> the solar terms that open autumn and close winter (two seasons in a row)
        self.seasons.update({first + second: (self.seasons[first][0], self.seasons[second][1])
                             for first, second in zip("春夏秋冬", "夏秋冬春")})
        #: 春季, 夏天, 秋冬季 -> the season's character (or the two seasons')
        self.season_words: dict[str, str] = {
            name + suffix: name for name in self.seasons
            for suffix in (data["season_suffixes"] if len(name) == 1 else data["season_pair_suffixes"])
        }
        self.day_pairs: dict[str, list[int]] = data["day_pairs"]
        self.period_holidays: dict[str, tuple[int, int]] = {k: tuple(v) for k, v in data["period_holidays"].items()}
        self.lunar_holidays: dict[str, tuple[int, int]] = {k: tuple(v) for k, v in data["lunar_holidays"].items()}
        self.lunar_months: dict[str, int] = data["lunar_months"]
        #: a solar term's name (or its day's, 清明节) -> the term
        self.solar_terms: dict[str, str] = {**{term: term for term in data["solar_terms"]}, **data["solar_term_days"]}
        self.eras: dict[str, int] = data["era_first_years"]
        self.relative_centuries: dict[str, int] = data["relative_centuries"]
        self.century_parts: dict[str, tuple[int, int]] = {k: tuple(v) for k, v in data["century_parts"].items()}
        self.decade_parts: dict[str, tuple[int, int]] = {k: tuple(v) for k, v in data["decade_parts"].items()}
        self.offset_prefixes: dict[str, int] = data["offset_prefixes"]
        self.approximate = re.compile("[多余]")
        self.about = re.compile("(?<=[十百千])来")
        self.floating_holidays: dict[str, list[int]] = data["floating_holidays"]
        self.year_periods: dict[str, tuple[int, int]] = {k: tuple(v) for k, v in data["year_periods"].items()}
        self.month_periods: dict[str, tuple[int, int]] = {k: tuple(v) for k, v in data["month_periods"].items()}
        self.duration_units: dict[str, str] = data["duration_units"]
        self.loose_pairs = frozenset(data["loose_pairs"])
        #: 四五年前, 三五年后: two digits that name a range of years, not a year, unless a month follows
        #: (八九年3月 is March 1989)
        self.not_a_year = (f"(?!(?:{alternation([*ADJACENT_DIGITS, *self.loose_pairs])})年"
                           "(?![0-9０-９]{1,2}月|[一二三四五六七八九十]{1,3}月))")
        self.offset_suffixes: dict[str, int] = data["offset_suffixes"]
        self.open_offset_suffixes = set(data["open_offset_suffixes"])
        self.every_units: dict[str, str] = {**self.duration_units, **data["every_units"]}
        self.business_day_unit = re.compile(alternation(data["business_days"]))
        self.duration_qualifier = re.compile(r"\s?(?P<word>" + alternation(data["duration_qualifiers"]) + ")")
        self.duration_qualifiers: dict[str, str] = data["duration_qualifiers"]
        self.open_after = re.compile(alternation(data["open_after_suffixes"]) + "(?!" + alternation(data["not_after_open_start"]) + ")")
        self.open_before = re.compile(alternation(data["open_before_suffixes"]))
        self.until_prefix = re.compile(alternation(data["until_prefixes"]) + "$")
        self.until_with_closer = re.compile(alternation(data["until_prefixes_with_closer"]) + "$")
        self.until_closer = re.compile(alternation(data["until_closers"]))
        self.open_after_opened = re.compile(alternation(data["open_after_opened"]))
        self.window_prefixes: dict[str, int] = data["window_prefixes"]
        self.week_window_directions: dict[str, int] = data["week_window_directions"]
        #: 前两年 and its kind: the unit word -> (ISO unit, units back to the far end, to the near end)
        self.couple_ago: dict[str, tuple[str, int, int]] = {
            word: (value["unit"], value["far"], value["near"]) for word, value in data["couple_ago"].items()
        }
        self.relative_quarters: dict[str, int] = data["relative_quarters"]
        self.until_suffix = re.compile(
            alternation(data["until_suffixes"]) + "(?![0-9０-９零一二三四五六七八九十两几]|" + alternation(data["not_after_until"]) + ")"
        )
        self.range_closers = set(data["range_closers"])
        self.weekday_gap = re.compile(r"\s*[，,（(]?\s*")
        self.weekday_then_space = re.compile(
            f"{alternation(data['week_words'])}{alternation(data['weekdays'])}\\s*")
        self.clock_range_after = re.compile(rf"\s*{alternation(data['range_separators'])}\s*[0-9０-９]{{1,2}}[:：][0-9０-９]{{2}}")
        separators = alternation(data["range_separators"])
        self.range_gap = re.compile(rf"\s*起?\s*{separators}\s*")
        self.since_suffix = re.compile(alternation(data["since_suffixes"]))
        self.opener_before = re.compile(alternation(data["range_openers"]))
        self.closer = re.compile(alternation(["起", *data["range_closers"]]))
        #: after 每月, 每季度, 每年: the edge of each (每月底, 每季度末, 每年初)
        self.period_edge = re.compile("[底末初](?![一二三四五六七八九十])")
        self.duration_chunk = re.compile(self._duration_chunk(named=True))
        self.patterns = [re.compile(pattern) for pattern in self._patterns()]
        self.group_names = [_group_names(pattern) for pattern in self.patterns]
        plans = data["five_year_plans"]
        self.plan_first_years = {int(key): int(value) for key, value in plans["first_years"].items()}
        self.plan_length = int(plans["length"])

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "_Rules":
        return cls(load_rules("dates"))

    def _duration_chunk(self, named: bool) -> str:
        """One amount and unit of a duration: 三年, 两个半月, 10个多小时, 一刻钟."""
        pieces = []
        for word in self.duration_units:
            piece = re.escape(word)
            if word == "月":
                piece = "(?<=[个半多])月"
            elif word == "季度":
                piece = "(?<![一二三四1-4１-４首])季度"  # 二季度以来 is since the second quarter; 两个季度, 5季度 durations
            elif word == "年":
                piece = "年(?!" + alternation(self.data["not_after_year"]) + ")"
            elif word in self.data["week_words"]:
                piece += "(?![一二三四五六日天末年岁])"
            elif word == "日":
                piece = "日(?!元)"  # 一百五十万日元 is yen
            pieces.append((len(word), piece))
        units = "(?:" + "|".join(piece for _, piece in sorted(pieces, key=lambda item: -item[0])) + ")"

        def group(name: str) -> str:
            return f"?P<{name}>" if named else "?:"

        count = (
            rf"(?![0-9０-９]{{4}}年|{self.not_a_year}{CN_DIGIT}{{2,4}}年)"
            rf"(?:(?<![0-9０-９])[0-9０-９]{{1,12}}(?:[,，][0-9０-９]{{3}}){{1,4}}(?:[.．][0-9０-９]{{1,6}})?|{CN_COUNT}{{1,12}})"
        )
        # 一年零三个月, 两小时零五分钟: 零 after a unit joins the next amount.
        return (
            rf"(?:(?<=[年月周期拜天日时钟头分秒])零(?=[一二三四五六七八九十两1-9１-９]))?"
            rf"({group('amount')}{count}|半)(?:多|余|(?<=[十百千])来)?(?:({group('ge')}个)({group('half_before')}半)?多?)?"
            rf"({group('unit')}{units})({group('half_after')}半)?"
        )

    def _patterns(self) -> list[str]:
        """One pattern per kind of atom, in priority order (an earlier kind wins at the same start).

        They are scanned one by one rather than as one alternation: with a hundred capture
        groups in a single pattern the regex engine spends most of its time saving them.
        """
        data = self.data
        y_rel = alternation(self.relative_years)
        m_rel = alternation(self.relative_months)
        d_rel = alternation(self.relative_days)
        dwp = alternation(self.day_with_part)
        week_prefix = alternation(self.week_prefixes)
        week_word = alternation(data["week_words"])
        weekday = "[" + "".join(self.weekdays) + "]"
        dayparts = alternation(self.dayparts)
        dayparts_alone = alternation(self.dayparts_alone)
        rel_quarter = alternation(self.relative_quarters)
        short_dp = "[" + "".join(self.short_dayparts) + "]"
        holidays = alternation([*self.holidays, *self.floating_holidays, *data["lunar_holidays"]])
        holidays = f"(?:{holidays}|{alternation(self.period_holidays)}(?={alternation(data['holiday_periods'])}))"
        guarded = data["year_periods_not_before"]
        year_periods = "(?:" + alternation([*self.year_periods, *self.season_words]) + "".join(
            f"(?<!{re.escape(word)}(?={alternation(after)}))" for word, after in guarded.items()
        ) + ")"
        month_periods = alternation(self.month_periods)
        quarter_word = alternation(data["quarter_words"])
        lunar_months = alternation(data["lunar_months"])
        solar_terms = alternation(self.solar_terms)
        eras = alternation(self.eras)
        after_year_only = set(data["solar_terms_after_year_only"])
        solar_terms_alone = alternation(name for name, term in self.solar_terms.items() if term not in after_year_only)
        not_after_year = alternation(data["not_after_year"])
        not_after_day = alternation([*data["not_after_day"], *data["within_suffixes"]])
        separators = alternation(data["range_separators"])
        century_word, decade_word = re.escape(data["century_word"]), re.escape(data["decade_word"])
        rel_century = alternation(self.relative_centuries)
        century_part = alternation(self.century_parts)
        decade_part = alternation(self.decade_parts)
        plan_context = alternation(data["five_year_plans"]["context"])
        year_span_words = alternation(data["year_span_words"])
        span_separator = "[ ]?[-－—–/～~至到][ ]?"
        holiday_day_words = alternation(data["holiday_day_words"])
        vague = alternation(data["vague_dates"])
        now = alternation(data["now_words"])
        window = alternation(self.window_prefixes)
        offset_prefixes = alternation(self.offset_prefixes)
        offsets = alternation(self.offset_suffixes)
        since = alternation(data["since_suffixes"])
        # 十年来, 三个月来: 来 after a duration is 以来, unless it begins a verb (三年来华).
        since_duration = f"(?:{since}|来(?!{alternation(data['not_after_lai'])}))"
        within = alternation(data["within_suffixes"])
        duration_chunk = self._duration_chunk(named=False)
        # A trip's nights after its days (6天5晚, 三天两夜) belong to the duration, which the days give.
        nights = rf"(?:(?<=[天日])(?:[0-9０-９]{{1,2}}|[一二三四五六七八九十两]{{1,2}})[晚夜](?!{alternation(data['not_after_nights'])}))?"

        year_context = (
            rf"(?=年(?:{D}{{1,2}}|{CN_MONTH})月|年[底末初]|年[上下]半年|年[一二三四1-4１-４]季度|年第"
            rf"|年前(?:{D}|[一二三四五六七八九十两])|年{year_periods})"
        )
        year_body = (
            rf"(?<![0-9０-９])(?:{D}{{4}}|0{D}(?=年)|{D}{{2}}{year_context})"
            rf"|(?<!{CN_DIGIT}){self.not_a_year}{CN_DIGIT}{{2,4}}(?=年)"
            rf"|[一二两]千(?:零[一二三四五六七八九]|零?[一二三四五六七八九]?十[一二三四五六七八九]?)?"
            rf"(?=年(?:{D}{{1,2}}|{CN_MONTH})月)"
        )

        not_after_clock_shi = alternation(data["not_after_clock_shi"])
        # 两点钟方向 is a direction: its 钟 makes no time (not_after_oclock)
        oclock = f"钟(?!{alternation(data['not_after_oclock'])})"
        # 一 after 这, 同 … says which one (这一天, 同一季度), not how long
        not_a_demonstrative_one = f"(?:(?<![{''.join(data['demonstratives_before_one'])}])|(?!一))"

        def meridiem(s: str) -> str:
            """am/pm after a clock time written with a colon (2:00 pm, 03:00PM)."""
            return rf"(?:[ ]?(?P<meridiem__{s}>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))"
        # Look-behinds need a fixed width: one per word.
        not_after_score = "".join(f"(?<!{re.escape(word)})" for word in data["score_words"])

        def clock(s: str) -> str:
            return (
                rf"(?:(?P<colon_hour__{s}>(?<![0-9０-９])(?<![0-9０-９][:：]){D}{{1,2}})[:：](?P<colon_minute__{s}>{D}{{2}})"
                rf"(?:[:：](?P<colon_second__{s}>{D}{{2}}))?(?![0-9０-９]|[:：]{D})(?:时(?!{not_after_clock_shi})|{meridiem('c' + s)})?"
                rf"|(?P<hour_pair__{s}>[一二三四五六七八九][二三四五六七八九]|十一二)点钟?"
                rf"|(?P<hour__{s}>{D}{{1,2}}|{CN_HOUR})(?:点(?P<oclock__{s}>{oclock})?|时)"
                rf"(?:(?P<minute__{s}>{D}{{1,2}}|{CN_MINUTE})分(?:(?P<second__{s}>{D}{{1,2}}|{CN_MINUTE})秒)?"
                rf"|(?P<quarter_hour__{s}>[一三13１３])刻|(?P<half__{s}>半)"
                rf"|(?P<bare_minute__{s}>{D}{{2}}(?!{D})|零[一二三四五六七八九]|{CN_MINUTE}(?![点分时]))|整)?(?!{D})"
                rf"(?P<clock_tail__{s}>{oclock}|许|左右|多钟|多(?![个万亿十百千])|整)?)"
            )

        def year(s: str) -> str:
            return (
                rf"(?:(?P<lunar__y{s}>农历|阴历)?(?:公元)?(?P<year__{s}>{year_body})年(?:度(?![0-9０-９]))?|(?P<rel_year__{s}>{y_rel})"
                rf"|(?P<era__{s}>{eras})(?P<era_year__{s}>元|{D}{{1,3}}|[一二三四五六七八九十百]{{1,4}})年)(?:(?<=年度)|(?!{not_after_year}))"
                rf"(?P<year_short__{s}>[底末初内](?![一二三四五六七八九十]))?"
            )

        seasons = "[" + "".join(self.seasons) + "]"
        last_day = alternation(data["last_day_words"])

        def year_sub(s: str, after_year: bool) -> str:
            terms = solar_terms if after_year else solar_terms_alone
            return (
                rf"(?:(?P<year_period__{s}>{year_periods})"
                # 个 only after 第 (第一个季度): 3个季度 counts quarters; 这一季度, 同一季度 name no first quarter
                rf"|(?:第(?P<quarter__{s}>[一二三四1-4１-４]|首)个?|(?<![这同该每])(?P<quarter__b{s}>[一二三四1-4１-４]|首))"
                rf"{quarter_word}(?P<quarter_edge__{s}>末|初)?"
                + (rf"|[Qq](?P<quarter__q{s}>[1-4１-４])(?![0-9０-９A-Za-z])" if after_year else "")
                + rf"|前(?P<first_n__{s}>[一二三四五六七八九十两]{{1,2}}|{D}{{1,2}})个?(?P<first_unit__{s}>月|季度)"
                rf"|后(?P<last_n__{s}>[一二三四五六七八九十两]{{1,2}}|{D}{{1,2}})个?(?P<last_unit__{s}>月|季度)"
                rf"|(?P<rel_quarter__{s}>{rel_quarter})(?P<rel_quarter_edge__{s}>末|初)?"
                rf"|第(?P<nth_week__{s}>[一二三四五六七八九十]{{1,3}}|{D}{{1,2}})个?{week_word}(?P<nth_weekday__{s}>{weekday})?"
                + (rf"|(?P<year_period__s{s}>{seasons})(?!{alternation(data['not_after_season'])})" if after_year else "")
                + (rf"|第(?P<year_day__{s}>[一二三四五六七八九十百]{{1,5}}|{D}{{1,3}})天|的?(?P<year_last_day__{s}>{last_day})" if after_year else "") +
                rf"|(?P<holiday__{s}>{holidays})(?:{holiday_day_words})?|(?P<solar_term__{s}>{terms}))"
            )

        def month(s: str) -> str:
            return (
                rf"(?P<lunar__{s}>农历|阴历)?(?P<leap__{s}>闰)?(?:(?P<month__{s}>(?<![0-9０-９]){D}{{1,2}}|{CN_MONTH})月份?"
                rf"|(?P<lunar_month__{s}>{lunar_months})|(?P<rel_month__{s}>{m_rel}))"
            )

        def month_sub(s: str) -> str:
            return (
                rf"(?:(?P<day__{s}>{D}{{1,2}}|{CN_DAY})[日号]|(?P<lunar_day__{s}>初[一二三四五六七八九十])"
                rf"|(?P<bare_day__{s}>{D}{{1,2}}|{CN_DAY}){BARE_DAY_END}"
                rf"|(?<=[正腊冬]月)(?P<lunar_day__l{s}>{D}{{1,2}}|{CN_DAY})"
                rf"|的?最后一个?{week_word}(?P<last_weekday__m{s}>{weekday})|的?(?P<last_day__{s}>{last_day})"
                rf"|的?第(?P<nth_week__m{s}>[一二三四五1-5１-５])个?{week_word}(?P<nth_weekday__m{s}>{weekday})?"
                rf"|前(?P<first_days__{s}>[一二三四五六七八九十两]{{1,2}}|{D}{{1,2}})天"
                rf"|(?P<month_period__{s}>{month_periods})|(?P<month_short__{s}>[底末]|初(?![一二三四五六七八九十])))"
            )

        def day(s: str) -> str:
            return (
                rf"(?:(?P<day_with_part__{s}>{dwp})|(?P<rel_day__{s}>{d_rel})|最后一个?{week_word}(?P<last_weekday__{s}>{weekday})|第(?P<nth_day__{s}>[一二三四五六七八九十]{{1,3}}|{D}{{1,2}})天"
                rf"|(?P<week_prefix__{s}>{week_prefix})?{week_word}(?P<weekday__{s}>{weekday})"
                rf"|(?P<rel_week__{s}>{week_prefix})个?{week_word}(?!{weekday}|年|岁)"
                rf"|(?P<solo_day__{s}>(?<![0-9０-９])(?:[0-2０-２]?{D}|[3３][01０１])|{CN_DAY})[日号](?!{not_after_day}))"
            )

        def tail(s: str) -> str:
            return (
                rf"(?:(?P<daypart__{s}>{dayparts})"
                rf"|(?P<short_daypart__{s}>{short_dp})(?![上间饭餐会报安霞年期点晨日已就先前些稻熟婚恋市班校宵景色空场店猫幕行游跑读谈话宴曲生现晚]))?"
                rf"[ ]?(?:{clock(s)})?"
            )

        date_part = (
            rf"(?:{year('a')}(?:{year_sub('a', True)}|{month('a')}{month_sub('a')}?)?"
            rf"|(?P<lunar__b>农历|阴历)?{year_sub('b', False)}|{month('c')}{month_sub('c')}?|{day('d')}"
            rf"|(?<!个)(?P<month_period__h>{month_periods}))"
        )

        def duration(s: str) -> str:
            return rf"(?P<duration__{s}>(?:{duration_chunk}){{1,4}})"

        # Each pattern starts with a check of its possible first characters (patterns.checked): the
        # engine then skips every other position at once (most of the text), which makes the scan
        # several times faster.
        digits = "0123456789０１２３４５６７８９"
        counts = digits + ".．零〇○一二三四五六七八九十两俩廿卅百千万几数半"
        point_words = [
            *self.relative_years, *self.relative_months, *self.relative_days, *self.day_with_part,
            *self.week_prefixes, *data["week_words"], *self.dayparts, *self.holidays, *self.floating_holidays,
            *data["lunar_holidays"], *data["lunar_months"], *self.year_periods, *self.season_words, *self.month_periods, *self.solar_terms, "闰",
            *self.relative_quarters, *self.eras, "公元", "农历", "阴历", "第", "前", "后", "最后",
        ]
        every_count = rf"[0-9０-９]{{1,3}}|[一二三四五六七八九十两半几]{{1,3}}"
        every_units = alternation(self.every_units)
        century_firsts = counts + "".join(str(word)[0] for word in self.relative_centuries)
        first_chars = [
            "公", digits, "每", "".join(str(word)[0] for word in self.day_pairs), digits, digits, "一二三四五六七八九十", century_firsts, "".join(self.window_prefixes), "前" + "".join(self.week_window_directions), "".join(self.offset_prefixes), counts, counts, counts,
            counts + "".join(str(word)[0] for word in point_words),
            "".join(str(word)[0] for word in [*self.dayparts_alone, *self.short_dayparts]),
            counts, counts, counts,
            "".join(str(word)[0] for word in data["vague_dates"]), "".join(str(word)[0] for word in data["now_words"]),
        ]
        # A date part always has one of these within its first characters (年 of 二〇二五年, 节 of
        # 劳动节): looking for it first spares the full pattern at most positions that start one.
        anchor_words = [
            *self.year_periods, *self.season_words, *self.month_periods, *self.holidays, *self.floating_holidays, *data["lunar_holidays"], *self.solar_terms,
            *self.relative_days, *self.day_with_part, *self.relative_years, *self.relative_months,
            *self.relative_quarters, *data["week_words"],
        ]
        anchors = sorted(set("年月日号季周期拜") | {str(word)[-1] for word in [*anchor_words, *data["holiday_periods"]]})
        anchored = "(?=[^\n]{0,8}?[" + "".join(re.escape(char) for char in anchors) + "])"
        return [
            checked(chars, alternative)
            for chars, alternative in zip(first_chars, [
                # 公元前221年, 公元前3世纪, 公元79年: years before and early in the common era
                rf"(?P<common_era>公元(?:(?P<before_common_era>前)(?P<bce_year>{D}{{1,4}}|{CN_ERA_YEAR})年|(?P<ce_year>{D}{{1,3}}|{CN_ERA_YEAR})年"
                rf"|(?P<before_common_era__c>前)(?P<bce_century>{D}{{1,2}}|十?[一二三四五六七八九十])世纪)(?!{not_after_year}))",
                rf"(?P<year_span>(?<![0-9０-９])(?:(?P<span_first>(?:19|20|１９|２０){D}{{2}})(?:{span_separator}"
                rf"(?P<span_last>(?:19|20|１９|２０)?{D}{{2}}))?|(?P<span_short_first>{D}{{2}}){span_separator}(?P<span_short_last>{D}{{2}}))"
                rf"年?(?:{year_span_words}))",
                rf"(?P<every>每(?:逢|个?(?={week_word}{weekday})|隔?(?P<every_amount>{every_count})?个?(?P<every_unit>{every_units})))",
                rf"(?P<day_pair>(?P<pair>{alternation(self.day_pairs)})[两二]?(?P<pair_unit>[天日年]))",
                rf"(?P<event_day>(?<![0-9０-９.．/·・•])(?P<event_month>1[0-2]|0?[1-9])[·・•](?P<event_dom>3[01]|[12][0-9]|0?[1-9])(?![0-9０-９]|[·・•][0-9]))",
                rf"(?P<numeric>(?<![0-9０-９.．/])(?:(?:(?<!-)|(?=[12]{D}{{3}}[/.]))(?P<numeric_date>[12]{D}{{3}}(?P<sep>[-/.])[01]?{D}(?P=sep)[0-3]?{D}"
                rf"|[12]{D}{{3}} [01]{D} [0-3]{D}|(?:19|20){D}{{2}}[01]{D}[0-3]{D})"
                rf"|(?<!-)(?P<dmy_day>[0-3]?{D})(?P<dmy_sep>[-/.])(?P<dmy_month>[01]?{D})(?P=dmy_sep)(?P<dmy_year>{D}{{4}}|{D}{{2}})"
                rf"|(?<!-)(?P<ymd_year>{D}{{2}})(?P<ymd_sep>[-/])(?P<ymd_month>[01]?{D})(?P=ymd_sep)(?P<ymd_day>[0-3]?{D})"
                rf"|(?:(?<!-)|(?<=[12][0-9]{{3}}[-/.][01][0-9]-))(?P<ym_year>(?:19|20){D}{{2}})[-/.](?P<ym_month>0[1-9]|1[0-2])"
                rf"|(?<![:：\-]){not_after_score}(?P<md_month>0[1-9]|1[0-2])-(?P<md_day>0[1-9]|[12]{D}|3[01])(?=$|[\s，。；、,;)）]|{NUMERIC_CLOCK}))"
                rf"(?!(?!{NUMERIC_CLOCK})[0-9０-９]|[.．/][0-9０-９]|-(?![12]{D}{{3}}(?!{D}))[0-9０-９])"
                rf"(?:(?:[ T]+|日|(?={NUMERIC_CLOCK}))(?P<colon_hour__n>{D}{{1,2}})[:：](?P<colon_minute__n>{D}{{2}})"
                rf"(?:[:：](?P<colon_second__n>{D}{{2}}))?(?!{D}){meridiem('n')}?)?)"
                rf"|(?P<point__year_alone>(?P<year__z>{YEAR_ALONE}))",
                rf"(?P<fyp>(?<=[“\"「『‘])(?P<fyp_number__a>十[一二三四五六七八九]?|[一二三四五六七八九])五(?=[”\"」』’])"
                rf"|(?P<fyp_number__b>十[一二三四五六七八九]?|[一二三四五六七八九])五(?={plan_context}))",
                rf"(?P<century>(?:(?P<century_number>{D}{{1,2}}|[一二]?十[一二三四五六七八九]?|[一二三四五六七八九])|(?P<rel_century>{rel_century}))"
                rf"{century_word}(?P<century_part>{century_part})?"
                rf"(?:(?P<decade__a>{D}{{2}}|[一二三四五六七八九]十){decade_word}(?P<decade_part__a>{decade_part})?)?"
                rf"|(?P<decade__b>(?<![0-9０-９]){D}{{2,4}}|[一二三四五六七八九]十){decade_word}(?P<decade_part__b>{decade_part})?)",
                rf"(?P<window>(?P<window_prefix>{window}){duration('w')}(?:{within}|{since_duration})?)",
                rf"(?P<couple_ago>(?:(?<=[{CLAUSE_OPENERS}])|^)前[两几]个?(?P<couple_unit>{alternation([*self.couple_ago, '秒钟'])})(?!{not_after_year}))"
                rf"|(?P<week_window>(?:(?<=[{CLAUSE_OPENERS}])|^)(?P<week_direction>{alternation(self.week_window_directions)})"
                rf"(?P<week_count>[一二两三四五六七八九十]{{1,2}}|[0-9０-９]{{1,2}})个?{week_word})",
                rf"(?P<offset_ahead>(?P<offset_prefix>{offset_prefixes}){duration('a')})",
                rf"(?P<offset>{NOT_AFTER_NUMBER}{duration('o')}(?P<offset_suffix>{offsets}))",
                rf"(?P<since_duration>{NOT_AFTER_NUMBER}{duration('s')}[多余]?{since_duration})",  # 两年多来
                rf"(?P<within>{NOT_AFTER_NUMBER}{duration('i')}{within})",
                rf"{anchored}(?P<point>{NOT_AFTER_NUMBER}{date_part}{tail('e')})",
                # a one-character part of the day stands alone before a clock time (晚8点开赛 at 20:00),
                # but for 一点, a little (早一点准备)
                rf"(?P<point__daypart>(?P<daypart__f>{dayparts_alone})[ ]?(?:{clock('f')})?"
                rf"|(?P<short_daypart__k>{short_dp})(?!一点)[ ]?{clock('k')})",
                rf"(?P<point__clock>{CLOCK_GUARD}{clock('g')})",
                rf"(?P<duration>{NOT_AFTER_NUMBER}{not_a_demonstrative_one}{duration('d')}{nights})",
                rf"(?P<bare>(?<![0-9０-９.．:：\-/])(?P<bare_number>{D}{{1,4}}|[一二三四五六七八九十两]{{1,3}})"
                rf"\s*起?\s*{separators}\s*(?=[0-9０-９一二三四五六七八九十两明次]))",
                rf"(?P<vague>(?:(?<![0-9０-９])(?<![0-9０-９] )|(?!多)){vague})",  # not the 多年来 of 20 多年来
                rf"(?P<now>{now})",
            ], strict=True)
        ]


def _is_day(atom: _Atom) -> bool:
    spec = atom.spec
    return atom.kind == "point" and spec is not None and spec.day is not None and not atom.lunar and spec.hour is None and spec.daypart is None


def _names_a_day(atom: _Atom) -> bool:
    """A day written or counted from the reference (8月19日, 明天, 周五), or one with its part (今晚),
    with no clock time yet: a clock time right after it (的 between) falls on that day."""
    spec = atom.spec
    if atom.kind != "point" or spec is None or atom.lunar or spec.hour is not None:
        return False
    return spec.day is not None or spec.day_offset is not None or spec.weekday is not None


def _is_clock(atom: _Atom | None) -> bool:
    spec = atom.spec if atom is not None else None
    return atom is not None and atom.kind == "point" and spec is not None and not spec.has_date and (spec.hour is not None or spec.daypart is not None)


def _group_names(pattern: re.Pattern) -> list[str | None]:
    """The name of each capture group by position, without its ``__`` suffix (day__a -> day)."""
    names: list[str | None] = [None] * pattern.groups
    for name, index in pattern.groupindex.items():
        names[index - 1] = name.split("__")[0]
    return names


def _small_number(text: str) -> int | None:
    if text == "首":
        return 1
    value = parse_number(text)
    if value is None or not float(value).is_integer():
        return None
    return int(value)


def _lunar_day(text: str) -> int | None:
    """初五 -> 5, 廿三 -> 23, 18 -> 18."""
    return _small_number(text.removeprefix("初"))


def _year(text: str) -> tuple[int, bool] | None:
    """The year of 2025, 08, 二〇〇六, 九七, 两千零四; True when written with two digits."""
    text = to_halfwidth(text)
    if is_digit_sequence(text):
        value = parse_digits(text)
        return None if value is None else (value, len(text) == 2)
    value = _small_number(text)
    return None if value is None else (value, False)


def _clock(fields: dict[str, str]) -> tuple[int, int | None, int | None] | None:
    hour = _small_number(fields["hour"])
    if hour is None or hour > 24:
        return None
    minute: int | None = None
    second: int | None = None
    if "minute" in fields:
        minute = _small_number(fields["minute"])
    elif "bare_minute" in fields:
        minute = _small_number(fields["bare_minute"])
    elif "quarter_hour" in fields:
        minute = 15 * (_small_number(fields["quarter_hour"]) or 0)
    elif "half" in fields:
        minute = 30
    if "second" in fields:
        second = _small_number(fields["second"])
        if second is None or second > 59:
            return None
    if minute is not None and minute > 59:
        return None
    return hour, minute, second


def _apply_meridiem(spec: DateSpec, fields: dict[str, str]) -> None:
    """2:00 pm is 14:00 (as 下午2点), 12:30 am is 00:30."""
    meridiem = fields.get("meridiem")
    if meridiem is None or spec.hour is None:
        return
    if meridiem[0] in "Pp":
        spec.shift = spec.shift or "pm"
    elif spec.hour == 12:
        spec.hour = 0


def _colon_clock(fields: dict[str, str]) -> tuple[int, int, int | None] | None:
    hour = int(to_halfwidth(fields["colon_hour"]))
    minute = int(to_halfwidth(fields["colon_minute"]))
    second = int(to_halfwidth(fields["colon_second"])) if "colon_second" in fields else None
    if hour > 24 or minute > 59 or (second is not None and second > 59):
        return None
    return hour, minute, second
