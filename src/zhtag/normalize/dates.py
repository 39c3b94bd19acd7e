"""Resolve date and time expressions against a reference date-time (pure functions).

A recogniser turns the words it matched into a :class:`DateSpec` (what the text says:
absolute fields, offsets from the reference, a part of a year or month, a clock time)
and these functions turn it into a :class:`Resolution`: an ISO 8601 ``norm`` and an
interval ``[start, end)``. The interval follows the precision of the expression:
``2025-08-19`` covers the whole day, ``晚上8点`` the hour from 20:00, ``08:46:33`` one
second. Intervals of several units are written ``first/last`` with the last unit
included (``2025-01/2025-06`` is January to June); ``start``/``end`` are always start
inclusive, end exclusive. Anything that needs the reference resolves to nothing
(``Resolution()``) when there is none.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

#: Without a reference, two-digit years up to this value are read as 20xx.
TWO_DIGIT_YEAR_PIVOT = 49
#: A month written without its year is taken in the reference year unless that puts it more
#: than this many months away (十二月 in a January article is last December).
NEAREST_MONTHS = 6
#: A day written without its month is taken in the reference month unless it is more than
#: this many days ahead of the reference day (29日 in an article of the 10th is last month's).
NEAREST_DAYS = 15
#: Duration units of the clock: an interval counted in them is written to the second.
CLOCK_UNITS = frozenset({"H", "MIN", "S", "QUARTER"})

_HEADER = re.compile(
    r"(?<![0-9０-９])([12][0-9]{3})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?"
    r"(?:\s*([0-9]{1,2})\s*[:：时]\s*([0-9]{1,2})(?:\s*[:：分]\s*([0-9]{1,2}))?)?"
)


@dataclass(slots=True, frozen=True)
class Resolution:
    """A resolved date or time: ISO 8601 ``norm`` and the interval ``[start, end)``."""

    norm: str | None = None
    start: datetime | None = None
    end: datetime | None = None


@dataclass(slots=True)
class DateSpec:
    """What a date or time expression says; None means the text does not say it.

    ``*_offset`` fields count from the reference (去年 is ``year_offset=-1``). ``months``
    and ``days`` select a part of a year or month (上半年 is ``months=(1, 6)``, 下旬 is
    ``days=(21, 31)`` where 31 stands for the month's last day). ``nth_weekday`` is a
    floating holiday such as 母亲节, the 2nd Sunday of May: ``(7, 2)``. ``nth_week`` is the
    week that starts on the nth Monday of the month (or of the year when no month is
    said): 5月第一周. ``quarter_offset`` counts quarters from the reference (上季度 is -1).
    """

    year: int | None = None
    two_digit_year: bool = False
    year_offset: int | None = None
    month: int | None = None
    month_offset: int | None = None
    day: int | None = None
    day_offset: int | None = None
    week_offset: int | None = None
    weekday: int | None = None
    weekend: bool = False
    months: tuple[int, int] | None = None
    days: tuple[int, int] | None = None
    nth_weekday: tuple[int, int] | None = None
    nth_week: int | None = None
    quarter_offset: int | None = None
    daypart: tuple[int, int] | None = None
    shift: str | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    year_day: int | None = None
    lunar_month: int | None = None
    lunar_day: int | None = None
    leap_month: bool = False
    solar_term: str | None = None
    season: tuple[str, str] | None = None

    @property
    def has_clock(self) -> bool:
        return self.hour is not None

    @property
    def has_date(self) -> bool:
        return self.weekend or any(
            value is not None
            for value in (
                self.year, self.year_offset, self.month, self.month_offset, self.day, self.day_offset,
                self.week_offset, self.weekday, self.months, self.days, self.nth_week, self.quarter_offset,
                self.lunar_month, self.solar_term, self.year_day, self.season,
            )
        )


def header_datetime(text: str, window: int = 400) -> datetime | None:
    """The publish date-time of an article: the first full date in its first ``window`` characters.

    Accepts ``2025-08-20 08:46:33``, ``2025/8/20``, ``2025年8月20日 08:46``; None when there is none.
    """
    for match in _HEADER.finditer(text, 0, window):
        year, month, day, hour, minute, second = (int(group) if group else 0 for group in match.groups())
        try:
            return datetime(year, month, day, hour, minute, second)
        except ValueError:
            continue
    return None


def needs_reference(spec: DateSpec) -> bool:
    """True when the expression cannot be placed on the calendar without a reference date."""
    if any(
        value is not None
        for value in (spec.year_offset, spec.month_offset, spec.day_offset, spec.week_offset, spec.quarter_offset)
    ):
        return True
    if spec.weekday is not None or spec.weekend:
        return True
    if spec.year is None:
        return True
    return spec.month is None and (spec.day is not None or spec.days is not None)


def resolve(spec: DateSpec, ref: datetime | None, future: bool = False) -> Resolution:
    """The calendar interval of ``spec``, read against the reference date-time ``ref``.

    ``future`` reads what the text leaves floating (a day without its year, a clock time
    without its day, 周五) as its next occurrence rather than the nearest one, as a notice or
    a schedule means it (下午三点 said at 16:00 is tomorrow's).
    """
    if ref is None and needs_reference(spec):
        return Resolution()
    try:
        resolution = _resolve(spec, ref)
        if future and ref is not None and _is_past(resolution, spec, ref):
            for later in _later_readings(spec, ref):
                candidate = _resolve(later, ref)
                if not _is_past(candidate, spec, ref):
                    return candidate
        return resolution
    except (ValueError, OverflowError):
        return Resolution()


def _is_past(resolution: Resolution, spec: DateSpec, ref: datetime) -> bool:
    """A clock time is past once it has struck (三点 at 3:15); a day or longer once it is over."""
    if resolution.start is None or resolution.end is None:
        return False
    return resolution.start < ref if spec.hour is not None else resolution.end <= ref


def _later_readings(spec: DateSpec, ref: datetime) -> list[DateSpec]:
    """The readings of a floating ``spec`` after the nearest one, earliest first."""
    if not spec.has_date and (spec.hour is not None or spec.daypart is not None):
        return [replace(spec, day_offset=1)]  # 下午三点 after three is tomorrow's
    if spec.weekday is not None and spec.week_offset is None:
        return [replace(spec, week_offset=1)]  # 周五 on a Saturday is next week's
    if not _floating_year(spec):
        return []
    if spec.month is None and spec.lunar_month is None and spec.solar_term is None and spec.day is not None:
        return [replace(spec, month_offset=offset) for offset in (0, 1)]  # 15号 after the 15th
    return [replace(spec, year=year) for year in (ref.year, ref.year + 1)]  # 3月8号 in September


def resolve_range(first: DateSpec, last: DateSpec, ref: datetime | None) -> Resolution:
    """``first`` to ``last``; ``last`` takes what it leaves unsaid from ``first`` (12月9号到15号).

    A range of clock times ends at the instant the last one names (两点到四点 ends at 4:00);
    any other range ends with the last unit (1至7月 ends on 1 August).
    """
    if _floating_year(first) and _floating_year(last) and last.month is not None and ref is not None:
        # 1至7月: both ends in the year the last one falls in, the first not after the last.
        # the day of the last end, not its clock time (24时 would be the next day, the next year)
        anchor = resolve(replace(last, hour=None, minute=None, second=None, daypart=None, shift=None), ref).start
        if anchor is not None:
            first = replace(first, year=anchor.year)
            last = replace(last, year=anchor.year)
            if (first.month or 1) > last.month:
                first = replace(first, year=anchor.year - 1)  # 11月至3月 runs over the year end
    start = resolve(first, ref)
    if start.start is None:
        return Resolution()
    last_names_day = last.has_date
    last = _inherit(last, first, start.start)
    end = resolve(last, ref)
    if end.start is None or end.end is None:
        return Resolution()
    if last.has_clock:
        end_instant = end.start
        if end_instant <= start.start and not last_names_day:
            if last.shift is None and last.daypart is None and end_instant + timedelta(hours=12) > start.start and end_instant.hour < 12:
                end_instant += timedelta(hours=12)  # 下午4点到8点: the 8 is in the evening
            else:
                end_instant += timedelta(days=1)  # 23点到凌晨2点 runs past midnight
        return Resolution(f"{start.norm}/{_instant_norm(end_instant)}", start.start, end_instant)
    if end.end <= start.start:
        return Resolution()
    first_norm = start.norm.split("/")[0] if start.norm else None
    last_norm = end.norm.split("/")[-1] if end.norm else None
    return Resolution(f"{first_norm}/{last_norm}", start.start, end.end)


def resolve_since(spec: DateSpec, ref: datetime | None) -> Resolution:
    """From ``spec`` until the reference date (2024年以来)."""
    start = resolve(spec, ref)
    if start.start is None or ref is None or start.start > ref:
        return Resolution()
    first_norm = start.norm.split("/")[0] if start.norm else None
    return Resolution(f"{first_norm}/{_date_norm(ref)}", start.start, until_now(ref))


def since_resolution(start: Resolution, ref: datetime | None) -> Resolution:
    """From the start of an already resolved date (本世纪以来, 上世纪90年代以来) until the reference."""
    if start.start is None or ref is None or start.start > ref:
        return Resolution()
    first_norm = start.norm.split("/")[0] if start.norm else None
    return Resolution(f"{first_norm}/{_date_norm(ref)}", start.start, until_now(ref))


def resolve_since_duration(amount: float, unit: str, ref: datetime | None, approximate: bool = False) -> Resolution:
    """三个月以来: from ``amount`` units before ``ref`` until now; an approximate amount (三个多月)
    starts at the beginning of that unit (the month three months back)."""
    window = resolve_window(amount, unit, -1, ref)
    if window.start is None or ref is None:
        return Resolution()
    start, first = window.start, (window.norm or "").split("/")[0]
    if approximate:
        grain = resolve_offset(amount, unit, -1, ref)
        if grain.start is not None:
            start, first = grain.start, (grain.norm or "").split("/")[0]
    return Resolution(f"{first}/{_date_norm(ref)}", start, until_now(ref))


def until_now(ref: datetime) -> datetime:
    """The end of "until now" (以来, 至今): the reference instant, or the end of the reference day
    when the reference is a day without a time (a publish date alone)."""
    if ref.hour == ref.minute == ref.second == ref.microsecond == 0:
        return ref + timedelta(days=1)
    return ref


def resolve_until(spec: DateSpec, ref: datetime | None) -> Resolution:
    """From the reference date until the end of ``spec`` (年底前, 2025年前): a deadline ahead."""
    end = resolve(spec, ref)
    if end.end is None or ref is None or end.end <= ref or end.start is None:
        return Resolution()
    last_norm = end.norm.split("/")[-1] if end.norm else None
    return Resolution(f"{_date_norm(ref)}/{last_norm}", ref, end.end)


def resolve_now(ref: datetime | None) -> Resolution:
    """现在: the reference instant itself (one second long)."""
    if ref is None:
        return Resolution()
    return Resolution(_instant_norm(ref, seconds=True), ref, ref + timedelta(seconds=1))


def duration_norm(parts: list[tuple[float, str]]) -> str | None:
    """ISO 8601 duration of ``[(3, 'Y')]`` (P3Y), ``[(1, 'H')]`` (PT1H), ``[(4, 'Y'), (6, 'M')]`` (P4Y6M).

    Designators are Y M W D H MIN S, plus QUARTER (a quarter of an hour) and QUARTER_YEAR.
    """
    date_part, time_part = [], []
    for amount, unit in parts:
        if unit == "QUARTER":
            amount, unit = amount * 15, "MIN"
        elif unit == "QUARTER_YEAR":
            amount, unit = amount * 3, "M"
        text = _amount(amount)
        if unit in ("Y", "M", "W", "D"):
            date_part.append(f"{text}{unit}")
        elif unit in ("H", "MIN", "S"):
            time_part.append(f"{text}{'M' if unit == 'MIN' else unit}")
        else:
            return None
    if not date_part and not time_part:
        return None
    return "P" + "".join(date_part) + ("T" + "".join(time_part) if time_part else "")


def resolve_clock_offset(amount: float, unit: str, direction: int, ref: datetime | None, open_ended: bool = False) -> Resolution:
    """一刻钟后 / 三小时前, counted in clock units, as JioNLP reads them: the instant that far from
    ``ref`` (to the second) and the unit after it (后) or before it (前), half a unit for 半; the far
    end of an hour drops its seconds. ``open_ended`` (十分钟以后, 两小时之前) keeps the instant as the
    closed side of an open interval."""
    if ref is None:
        return Resolution()
    try:
        moment = _add(ref, amount * direction, unit).replace(microsecond=0)
    except (ValueError, OverflowError):
        return Resolution()
    if open_ended:
        edge = moment.replace(second=0) if unit == "H" else moment
        return Resolution(f"{_instant_norm(edge)}/..", edge, None) if direction > 0 else Resolution(f"../{_instant_norm(edge)}", None, edge)
    span = 0.5 if amount == 0.5 else 1.0
    far = _add(moment, span * direction, unit)
    if unit == "H":
        far = far.replace(second=0)
    start, end = (moment, far) if direction > 0 else (far, moment)
    return Resolution(_instant_norm(moment), start, end)


def resolve_offset(amount: float, unit: str, direction: int, ref: datetime | None) -> Resolution:
    """三天前 / 两年后: the unit-long interval ``amount`` units before (-1) or after (+1) ``ref``."""
    if ref is None:
        return Resolution()
    try:
        moment = _add(ref, amount * direction, unit)
    except (ValueError, OverflowError):
        return Resolution()
    grain = {"Y": "year", "QUARTER_YEAR": "month", "M": "month", "W": "day", "D": "day", "H": "hour",
             "MIN": "minute", "QUARTER": "minute", "S": "second"}.get(unit)
    if grain is None:
        return Resolution()
    if not float(amount).is_integer():  # 七年半后 names a month, not a year
        grain = {"year": "month", "month": "day", "day": "hour", "hour": "minute", "minute": "second"}.get(grain, grain)
    return _grain_interval(moment, grain)


def resolve_approximate_offset(amount: float, unit: str, direction: int, ref: datetime | None) -> Resolution:
    """十多年前 / 二十多年后: a round amount and some more, from ``amount`` units away to the next
    round step (十多年前 in 2021 is 2001/2011, 三百多年前 1621/1721); any other amount is one unit
    as in ``resolve_offset``. The date recogniser reads years so (as JioNLP does), not months or days."""
    step = next((size for size in (1000, 100, 10) if amount >= size and amount % size == 0), None)
    near = resolve_offset(amount, unit, direction, ref)
    if step is None or near.start is None:
        return near
    return _hull(near, resolve_offset(amount + step, unit, direction, ref), direction)


def resolve_offset_pair(low: float, high: float, unit: str, direction: int, ref: datetime | None) -> Resolution:
    """三四天后 / 七八年前: from ``low`` to ``high`` units away, both units whole (七八年前 in 2025 is 2017/2018)."""
    near = resolve_offset(low, unit, direction, ref)
    return _hull(near, resolve_offset(high, unit, direction, ref), direction) if near.start is not None else near


def _hull(near: Resolution, far: Resolution, direction: int) -> Resolution:
    """The interval from ``near`` to ``far`` (units away from the reference in ``direction``)."""
    if far.start is None or near.norm is None or far.norm is None:
        return near
    first, last = (far, near) if direction < 0 else (near, far)
    return Resolution(f"{first.norm.split('/')[0]}/{last.norm.split('/')[-1]}", first.start, last.end)


def resolve_couple_ago(unit: str, far: int, near: int, ref: datetime | None) -> Resolution:
    """前两年 in 2021 is 2016/2019: from the unit ``far`` units back to the one ``near`` units back."""
    first, last = resolve_offset(far, unit, -1, ref), resolve_offset(near, unit, -1, ref)
    if first.start is None or last.end is None or first.norm is None or last.norm is None:
        return Resolution()
    return Resolution(f"{first.norm}/{last.norm}", first.start, last.end)


def resolve_week_window(count: int, direction: int, ref: datetime | None) -> Resolution:
    """前两周: from the Monday ``count`` weeks back up to ``ref``; 后两周 (direction 1): from ``ref``
    to the end of the Sunday ``count`` weeks ahead (JioNLP's reading)."""
    if ref is None:
        return Resolution()
    monday = datetime(ref.year, ref.month, ref.day) - timedelta(days=ref.weekday())
    if direction < 0:
        start, end = monday - timedelta(weeks=count), ref
    else:
        start, end = ref, monday + timedelta(weeks=count + 1)
    return Resolution(f"{_instant_norm(start)}/{_instant_norm(end)}", start, end)


def resolve_window(amount: float, unit: str, direction: int, ref: datetime | None) -> Resolution:
    """近30天 / 未来7天: from ``amount`` units before ``ref`` up to it, or from ``ref`` on."""
    if ref is None:
        return Resolution()
    try:
        other = _add(ref, amount * direction, unit)
    except (ValueError, OverflowError):
        return Resolution()
    start, end = (other, ref) if direction < 0 else (ref, other)
    seconds = unit in CLOCK_UNITS
    return Resolution(f"{_instant_norm(start, seconds)}/{_instant_norm(end, seconds)}", start, end)


def resolve_within(amount: float, unit: str, ref: datetime | None) -> Resolution:
    """30日内 / 两个半月以内: from ``ref`` to the end of the unit ``amount`` units ahead; 48小时内
    to the instant that many hours (minutes, seconds) ahead."""
    if ref is not None and unit in CLOCK_UNITS:
        try:
            end = _add(ref, amount, unit)
        except (ValueError, OverflowError):
            return Resolution()
        return Resolution(f"{_instant_norm(ref, True)}/{_instant_norm(end, True)}", ref, end)
    ahead = resolve_offset(amount, unit, 1, ref)
    if ref is None or ahead.end is None:
        return Resolution()
    return Resolution(f"{_instant_norm(ref, False)}/{_instant_norm(ahead.end, False)}", ref, ahead.end)


def open_interval(point: Resolution, direction: int) -> Resolution:
    """From ``point`` on (direction 1: 十天以后, 2020年起) or up to it (-1: 三天之前, 2020年以前).

    The open side is empty (None, NaT in frames) and ``..`` in the ISO 8601 ``norm``.
    """
    if point.start is None:
        return Resolution()
    first = point.norm.split("/")[0] if point.norm else _instant_norm(point.start)
    if direction > 0:
        return Resolution(f"{first}/..", point.start, None)
    return Resolution(f"../{first}", None, point.start)


def resolve_years(first_year: int, last_year: int, single: bool = False) -> Resolution:
    """Whole years ``first_year`` to ``last_year`` (十四五 = 2021/2025); with ``single``, the one year
    ``first_year`` is, written as a year (2020财年 = 2020)."""
    norm = _iso_year(first_year) if single else f"{_iso_year(first_year)}/{_iso_year(last_year)}"
    if first_year < 1:
        return Resolution(norm)  # 221 BC (-0220): before the first year a datetime holds
    try:
        return Resolution(norm, datetime(first_year, 1, 1), datetime(last_year + 1, 1, 1))
    except ValueError:
        return Resolution()


def _iso_year(year: int) -> str:
    """ISO 8601's astronomical year: 2025, 0079, and -0220 for 221 BC (1 BC is 0000)."""
    return f"{year:04d}" if year >= 0 else f"-{-year:04d}"


def five_year_plan(number: int, first_years: dict[int, int], length: int = 5) -> Resolution:
    """The years of the ``number``-th Five-Year Plan; ``first_years`` anchors the sequence.

    Plans follow each other every ``length`` years from the largest anchored plan at or
    below ``number``: with ``{3: 1966}`` the 14th starts in 1966 + 11 * 5 = 2021.
    """
    anchors = [plan for plan in first_years if plan <= number]
    if number < 1 or not anchors:
        return Resolution()
    anchor = max(anchors)
    first = first_years[anchor] + (number - anchor) * length
    return resolve_years(first, first + length - 1)


def century_years(
    century: int | None, decade: int | None, ref: datetime | None, part: tuple[int, int] | None = None,
    decade_part: tuple[int, int] | None = None,
) -> Resolution:
    """18世纪 (1700/1799), 十九世纪七十年代 (1870/1879), 90年代 (the 1990s, read against ``ref``);
    ``part`` picks years of the century (11世纪初 with ``(0, 19)`` is 1000/1019), ``decade_part``
    years of the decade (90年代初 with ``(0, 2)`` is 1990/1992)."""
    if century is not None and decade is None:
        first = (century - 1) * 100
        low, high = part or (0, 99)
        return resolve_years(first + low, first + high)
    if decade is None or decade % 10:
        return Resolution()
    if century is not None:
        first = (century - 1) * 100 + decade
    elif decade >= 100:
        first = decade
    else:
        limit = ref.year if ref is not None else 2000 + TWO_DIGIT_YEAR_PIVOT
        first = 2000 + decade if 2000 + decade <= limit else 1900 + decade
    low, high = decade_part or (0, 9)
    return resolve_years(first + low, first + high)


# --- internals -------------------------------------------------------------------------


def _resolve(spec: DateSpec, ref: datetime | None) -> Resolution:
    if spec.lunar_month is not None or spec.solar_term is not None:
        return _resolve_lunar(spec, ref)
    if spec.quarter_offset is not None:
        if ref is None:
            return Resolution()
        # 上季度末: months (3, 3) count within the quarter, here its last month.
        quarter = _add_months(datetime(ref.year, (ref.month - 1) // 3 * 3 + 1, 1), 3 * spec.quarter_offset)
        first, last = spec.months or (1, 3)
        months = (quarter.month + first - 1, quarter.month + last - 1)
        return _resolve(replace(spec, quarter_offset=None, year=quarter.year, two_digit_year=False, months=months), ref)
    if not spec.has_date and (spec.hour is not None or spec.daypart is not None):
        if ref is None:
            return Resolution()
        return _with_clock(datetime(ref.year, ref.month, ref.day), spec)  # 晚上8点: on the reference day
    if spec.weekday is not None or spec.weekend or (spec.week_offset is not None and not spec.days):
        return _resolve_week(spec, ref)
    year, month, day = _calendar_fields(spec, ref)
    if year is None:
        return Resolution()
    if spec.season is not None:
        return _season(year, *spec.season)
    if spec.nth_weekday is not None and month is not None:
        day = _nth_weekday(year, month, *spec.nth_weekday)
    if spec.year_day is not None:
        return _with_clock(datetime(year, 1, 1) + timedelta(days=spec.year_day - 1), spec)
    if spec.nth_week is not None and day is None:
        monday = datetime(year, month or 1, _nth_weekday(year, month or 1, 1, 1)) + timedelta(weeks=spec.nth_week - 1)
        end = monday + timedelta(weeks=1)
        return Resolution(f"{_date_norm(monday)}/{_date_norm(end - timedelta(days=1))}", monday, end)
    if day is not None and month is not None:
        moment = datetime(year, month, day)
        return _with_clock(moment, spec)
    if month is not None:
        if spec.days is not None:
            last_day = calendar.monthrange(year, month)[1]
            first, last = min(spec.days[0], last_day), min(spec.days[1], last_day)
            start, end = datetime(year, month, first), datetime(year, month, last) + timedelta(days=1)
            if first == last:  # 上个月最后一天: one day
                return _with_clock(start, spec)
            return Resolution(f"{_date_norm(start)}/{_date_norm(end - timedelta(days=1))}", start, end)
        start = datetime(year, month, 1)
        return Resolution(_month_norm(start), start, _add_months(start, 1))
    if spec.months is not None:
        first, last = spec.months  # months past 12 run into the next year (冬季: 12 to 14)
        start = _add_months(datetime(year, 1, 1), first - 1)
        end = _add_months(datetime(year, 1, 1), last)
        if first == last:
            return Resolution(_month_norm(start), start, end)
        return Resolution(f"{_month_norm(start)}/{_month_norm(_add_months(end, -1))}", start, end)
    start = datetime(year, 1, 1)
    return Resolution(f"{year:04d}", start, datetime(year + 1, 1, 1))


def _resolve_lunar(spec: DateSpec, ref: datetime | None) -> Resolution:
    """A lunar day or month (正月十五, 农历十月, 中秋) or a solar term (冬至), as Gregorian days.

    The year written is the lunar year (the Gregorian one for a solar term); without one, the
    occurrence nearest the reference is taken (中秋 in March is last September's or this one's).
    """
    year = spec.year
    if year is not None and spec.two_digit_year:
        year = full_year(year, ref)
    if spec.year_offset is not None:
        if ref is None:
            return Resolution()
        year = ref.year + spec.year_offset
    if year is not None:
        interval = _lunar_interval(spec, year)
    elif ref is None:
        return Resolution()
    else:
        candidates = [found for candidate in (ref.year - 1, ref.year, ref.year + 1) if (found := _lunar_interval(spec, candidate))]
        interval = min(candidates, key=lambda pair: _distance(pair, ref), default=None)
    if interval is None:
        return Resolution()
    start, end = interval
    if end - start == timedelta(days=1):
        return _with_clock(start, spec)
    return Resolution(f"{_date_norm(start)}/{_date_norm(end - timedelta(days=1))}", start, end)


def _season(year: int, opening: str, closing: str) -> Resolution:
    """A season of ``year``: from the day of its ``opening`` solar term to the eve of ``closing``
    (the next season's), which for winter falls in the next year."""
    first = _lunar_days(opening, None, None, False, year)
    last = _lunar_days(closing, None, None, False, year)
    if first is None or last is None:
        return Resolution()
    start, end = first[0], last[0]
    if end <= start:
        following = _lunar_days(closing, None, None, False, year + 1)
        if following is None:
            return Resolution()
        end = following[0]
    return Resolution(f"{_date_norm(start)}/{_date_norm(end - timedelta(days=1))}", start, end)


def _lunar_interval(spec: DateSpec, year: int) -> tuple[datetime, datetime] | None:
    """The Gregorian days ``[start, end)`` of ``spec``'s lunar day or month, or solar term, in ``year``."""
    return _lunar_days(spec.solar_term, spec.lunar_month, spec.lunar_day, spec.leap_month, year)


@lru_cache(maxsize=4096)
def _lunar_days(
    solar_term: str | None, lunar_month: int | None, lunar_day: int | None, leap_month: bool, year: int
) -> tuple[datetime, datetime] | None:
    """``_lunar_interval`` on plain fields, cached: lunar-python builds its year tables on every call
    (25-35 ms a mention), and a text names the same festival again and again."""
    from lunar_python import LunarYear, Solar  # imported on first use: most texts have no lunar date

    if solar_term is not None:
        for table_year in (year, year + 1):
            term = Solar.fromYmd(table_year, 6, 1).getLunar().getJieQiTable().get(solar_term)
            if term is not None and term.getYear() == year:
                start = datetime(term.getYear(), term.getMonth(), term.getDay())
                return start, start + timedelta(days=1)
        return None
    if not 1 <= year <= 9999 or lunar_month is None:
        return None
    month = LunarYear.fromYear(year).getMonth(-lunar_month if leap_month else lunar_month)
    if month is None:
        return None  # 闰六月 in a year without a leap sixth month
    first = Solar.fromJulianDay(month.getFirstJulianDay())
    start = datetime(first.getYear(), first.getMonth(), first.getDay())
    if lunar_day is None:
        return start, start + timedelta(days=month.getDayCount())
    day = min(lunar_day, month.getDayCount())
    start += timedelta(days=day - 1)
    return start, start + timedelta(days=1)


def _distance(interval: tuple[datetime, datetime], ref: datetime) -> timedelta:
    start, end = interval
    if start <= ref < end:
        return timedelta(0)
    return min(abs(start - ref), abs(end - ref))


def _calendar_fields(spec: DateSpec, ref: datetime | None) -> tuple[int | None, int | None, int | None]:
    """Year, month and day of ``spec``, filling what it leaves unsaid from ``ref``."""
    year = spec.year
    if year is not None and spec.two_digit_year:
        year = full_year(year, ref)
    month, day = spec.month, spec.day
    if spec.day_offset is not None and ref is not None:
        moment = ref + timedelta(days=spec.day_offset)
        return moment.year, moment.month, moment.day
    if spec.month_offset is not None and ref is not None:
        moment = _add_months(datetime(ref.year, ref.month, 1), spec.month_offset)
        year = moment.year if year is None else year
        month = moment.month
    if spec.year_offset is not None and ref is not None:
        year = ref.year + spec.year_offset
    if year is None and ref is not None:
        if month is None and (day is not None or spec.days is not None):
            moment = datetime(ref.year, ref.month, 1)
            if day is not None and day - ref.day > NEAREST_DAYS:
                moment = _add_months(moment, -1)
            year, month = moment.year, moment.month
        elif month is not None:
            difference = month - ref.month
            year = ref.year - 1 if difference > NEAREST_MONTHS else ref.year + 1 if difference < -NEAREST_MONTHS else ref.year
        else:
            year = ref.year
    if day is not None and month is None:
        return year, None, None
    return year, month, day


def _resolve_week(spec: DateSpec, ref: datetime | None) -> Resolution:
    if ref is None:
        return Resolution()
    monday = datetime(ref.year, ref.month, ref.day) - timedelta(days=ref.weekday())
    monday += timedelta(weeks=spec.week_offset or 0)
    if spec.weekend:
        start = monday + timedelta(days=5)
        end = start + timedelta(days=2)
        return Resolution(f"{_date_norm(start)}/{_date_norm(end - timedelta(days=1))}", start, end)
    if spec.weekday is None:
        year, week, _ = monday.isocalendar()
        return Resolution(f"{year:04d}-W{week:02d}", monday, monday + timedelta(weeks=1))
    return _with_clock(monday + timedelta(days=spec.weekday - 1), spec)


def _with_clock(day: datetime, spec: DateSpec) -> Resolution:
    """The day itself, or the clock time or part of the day that ``spec`` names within it."""
    if spec.hour is None:
        if spec.daypart is not None:
            start = day + timedelta(hours=spec.daypart[0])
            end = day + timedelta(hours=spec.daypart[1])
            return Resolution(f"{_instant_norm(start)}/{_instant_norm(end)}", start, end)
        return Resolution(_date_norm(day), day, day + timedelta(days=1))
    hour = _shifted_hour(spec.hour, spec.shift)
    moment = day + timedelta(hours=hour, minutes=spec.minute or 0, seconds=spec.second or 0)
    if spec.second is not None:
        return _grain_interval(moment, "second")
    if spec.minute is not None:
        return _grain_interval(moment, "minute")
    return _grain_interval(moment, "hour")


def _shifted_hour(hour: int, shift: str | None) -> int:
    """下午3点 is 15:00, 中午1点 13:00, 深夜11点 23:00; 24点 is midnight ending the day."""
    if shift == "pm" and 1 <= hour < 12:
        return hour + 12
    if shift == "noon" and 1 <= hour < 6:
        return hour + 12
    if shift == "night" and 6 <= hour < 12:
        return hour + 12
    if shift == "night" and hour == 12:
        return 24  # 夜里12点 is the midnight that ends the day: the next day's 00:00
    return hour


def _grain_interval(moment: datetime, grain: str) -> Resolution:
    if grain == "year":
        start = datetime(moment.year, 1, 1)
        return Resolution(f"{start.year:04d}", start, datetime(moment.year + 1, 1, 1))
    if grain == "month":
        start = datetime(moment.year, moment.month, 1)
        return Resolution(_month_norm(start), start, _add_months(start, 1))
    if grain == "day":
        start = datetime(moment.year, moment.month, moment.day)
        return Resolution(_date_norm(start), start, start + timedelta(days=1))
    if grain == "hour":
        start = moment.replace(minute=0, second=0, microsecond=0)
        return Resolution(f"{_date_norm(start)}T{start:%H:%M}", start, start + timedelta(hours=1))
    if grain == "minute":
        start = moment.replace(second=0, microsecond=0)
        return Resolution(f"{_date_norm(start)}T{start:%H:%M}", start, start + timedelta(minutes=1))
    start = moment.replace(microsecond=0)
    return Resolution(f"{_date_norm(start)}T{start:%H:%M:%S}", start, start + timedelta(seconds=1))


def _instant_norm(moment: datetime, seconds: bool = False) -> str:
    if seconds or moment.second:
        return f"{_date_norm(moment)}T{moment:%H:%M:%S}"
    return f"{_date_norm(moment)}T{moment:%H:%M}"


def _inherit(last: DateSpec, first: DateSpec, first_start: datetime) -> DateSpec:
    """Give ``last`` the larger units and the part of the day it leaves to ``first``."""
    relative = any(
        value is not None for value in (last.year_offset, last.month_offset, last.day_offset, last.week_offset)
    ) or last.weekday is not None
    changes: dict = {}
    if not relative:
        if last.year is None and (
            last.month is not None or last.day is not None or last.days or last.months or last.hour is not None
            or last.lunar_month is not None or last.solar_term is not None
        ):
            changes["year"] = first_start.year
            changes["two_digit_year"] = False
        if last.month is None and (last.day is not None or last.days is not None):
            changes["month"] = first_start.month  # 12月9号到15号, 十一月中旬到下旬
        if last.month is None and last.day is None and last.hour is not None and not last.days:
            changes.update(year=first_start.year, month=first_start.month, day=first_start.day, two_digit_year=False)
    if (last.weekday is not None or last.weekend) and last.week_offset is None and first.week_offset is not None:
        changes["week_offset"] = first.week_offset  # 下周一至周五: the Friday of that week
    if last.hour is not None and last.shift is None and last.daypart is None and first.shift is not None:
        changes["shift"] = first.shift
    return replace(last, **changes) if changes else last


def _date_norm(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"


def _month_norm(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def _floating_year(spec: DateSpec) -> bool:
    """True when nothing in ``spec`` fixes the year: it is chosen as the one nearest the reference."""
    return spec.year is None and all(
        value is None for value in (spec.year_offset, spec.month_offset, spec.day_offset, spec.week_offset)
    )


def full_year(two_digits: int, ref: datetime | None) -> int:
    """The year a two-digit year stands for: the one nearest the reference year (八五年 read in
    1970 is 1985, 98年 read in 2025 is 1998, 19年 is 2019)."""
    if ref is None:
        return 2000 + two_digits if two_digits <= TWO_DIGIT_YEAR_PIVOT else 1900 + two_digits
    century = ref.year // 100 * 100
    return min((century - 100 + two_digits, century + two_digits, century + 100 + two_digits), key=lambda year: abs(year - ref.year))


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> int:
    """The day of the ``n``-th ISO ``weekday`` of the month; ``n`` -1 is the last one."""
    if n < 0:
        last_day = calendar.monthrange(year, month)[1]
        return last_day - (date(year, month, last_day).weekday() - (weekday - 1)) % 7
    first = date(year, month, 1)
    offset = (weekday - 1 - first.weekday()) % 7
    return 1 + offset + 7 * (n - 1)


def _add_months(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _add(moment: datetime, amount: float, unit: str) -> datetime:
    """``moment`` moved by ``amount`` units; fractions of years and months become months and days."""
    if unit in ("Y", "M", "QUARTER_YEAR"):
        months = amount * {"Y": 12, "M": 1, "QUARTER_YEAR": 3}[unit]
        whole = int(months)
        return _add_months(moment, whole) + timedelta(days=round((months - whole) * 30))
    seconds = {"W": 604800, "D": 86400, "H": 3600, "MIN": 60, "QUARTER": 900, "S": 1}[unit]
    return moment + timedelta(seconds=amount * seconds)


def _amount(amount: float) -> str:
    return str(int(amount)) if float(amount).is_integer() else f"{amount:g}"
