"""Resolution of date specifications against a reference date: norms and [start, end) intervals."""
from datetime import datetime

import pytest

from zhtag.normalize.dates import (
    DateSpec,
    Resolution,
    century_years,
    duration_norm,
    five_year_plan,
    header_datetime,
    resolve,
    resolve_offset,
    resolve_range,
    resolve_since,
    resolve_until,
    resolve_window,
)

REF = datetime(2025, 8, 20, 8, 46, 33)


def test_full_date_covers_its_day() -> None:
    assert resolve(DateSpec(year=2025, month=8, day=19), None) == Resolution(
        "2025-08-19", datetime(2025, 8, 19), datetime(2025, 8, 20)
    )


def test_month_without_year_takes_the_nearest_year() -> None:
    assert resolve(DateSpec(month=5), REF).norm == "2025-05"
    assert resolve(DateSpec(month=12), datetime(2025, 1, 3)).norm == "2024-12"
    assert resolve(DateSpec(month=1, day=23), datetime(2020, 11, 22)).norm == "2021-01-23"


def test_day_without_month_takes_the_nearest_month() -> None:
    assert resolve(DateSpec(day=19), REF).norm == "2025-08-19"
    assert resolve(DateSpec(day=29), datetime(2016, 3, 10)).norm == "2016-02-29"


def test_relative_fields_count_from_the_reference() -> None:
    assert resolve(DateSpec(year_offset=-1), REF).norm == "2024"
    assert resolve(DateSpec(month_offset=-1, day=15), REF).norm == "2025-07-15"
    assert resolve(DateSpec(day_offset=1), REF).norm == "2025-08-21"
    assert resolve(DateSpec(week_offset=1, weekday=3), REF).norm == "2025-08-27"
    assert resolve(DateSpec(week_offset=-1), REF).norm == "2025-W33"


def test_parts_of_years_and_months() -> None:
    first_half = resolve(DateSpec(months=(1, 6)), REF)
    assert first_half == Resolution("2025-01/2025-06", datetime(2025, 1, 1), datetime(2025, 7, 1))
    late_february = resolve(DateSpec(year=2024, month=2, days=(21, 31)), None)
    assert late_february.end == datetime(2024, 3, 1)
    assert resolve(DateSpec(quarter_offset=-1, months=(3, 3)), REF).norm == "2025-06"


def test_floating_holiday_and_nth_week() -> None:
    assert resolve(DateSpec(year=2025, month=5, nth_weekday=(7, 2)), None).norm == "2025-05-11"
    assert resolve(DateSpec(year=2021, month=5, nth_week=1), None).norm == "2021-05-03/2021-05-09"


def test_clock_times_have_the_precision_they_are_written_with() -> None:
    evening = resolve(DateSpec(hour=8, shift="pm"), REF)
    assert evening == Resolution("2025-08-20T20:00", datetime(2025, 8, 20, 20), datetime(2025, 8, 20, 21))
    exact = resolve(DateSpec(year=2025, month=8, day=20, hour=8, minute=46, second=33), None)
    assert exact.norm == "2025-08-20T08:46:33"
    assert exact.end == datetime(2025, 8, 20, 8, 46, 34)
    assert resolve(DateSpec(hour=11, shift="night"), REF).start == datetime(2025, 8, 20, 23)


def test_without_reference_relative_expressions_stay_unresolved() -> None:
    assert resolve(DateSpec(month=5), None) == Resolution()
    assert resolve(DateSpec(year_offset=0), None) == Resolution()
    assert resolve(DateSpec(hour=20), None) == Resolution()


def test_two_digit_years_pick_their_century() -> None:
    assert resolve(DateSpec(year=8, two_digit_year=True), REF).norm == "2008"
    assert resolve(DateSpec(year=98, two_digit_year=True), REF).norm == "1998"
    assert resolve(DateSpec(year=85, two_digit_year=True), datetime(1970, 6, 14)).norm == "1985"  # the nearest
    assert resolve(DateSpec(year=33, two_digit_year=True), datetime(2021, 6, 14)).norm == "2033"


def test_ranges_inherit_what_the_last_end_leaves_unsaid() -> None:
    days = resolve_range(DateSpec(year=2018, month=12, day=9), DateSpec(day=15), None)
    assert days == Resolution("2018-12-09/2018-12-15", datetime(2018, 12, 9), datetime(2018, 12, 16))
    months = resolve_range(DateSpec(month=1), DateSpec(month=7), REF)
    assert months.norm == "2025-01/2025-07"
    clock = resolve_range(DateSpec(hour=5, shift="pm"), DateSpec(hour=6), REF)
    assert (clock.start, clock.end) == (datetime(2025, 8, 20, 17), datetime(2025, 8, 20, 18))
    overnight = resolve_range(DateSpec(hour=23), DateSpec(hour=2, shift=None, daypart=(0, 6)), REF)
    assert overnight.end == datetime(2025, 8, 21, 2)


def test_since_and_until_run_to_and_from_the_reference() -> None:
    since = resolve_since(DateSpec(year=2024), REF)
    assert since == Resolution("2024/2025-08-20", datetime(2024, 1, 1), REF)
    until = resolve_until(DateSpec(months=(11, 12)), REF)
    assert (until.start, until.end) == (REF, datetime(2026, 1, 1))
    assert resolve_until(DateSpec(year=2020), REF) == Resolution()


def test_offsets_and_windows() -> None:
    assert resolve_offset(3, "D", -1, REF).norm == "2025-08-17"
    assert resolve_offset(2, "Y", 1, REF).norm == "2027"
    assert resolve_offset(7.5, "Y", 1, REF).norm == "2033-02"
    window = resolve_window(30, "D", -1, REF)
    assert (window.start, window.end) == (datetime(2025, 7, 21, 8, 46, 33), REF)
    assert resolve_offset(3, "D", -1, None) == Resolution()


@pytest.mark.parametrize(
    ("parts", "norm"),
    [([(3, "Y")], "P3Y"), ([(10, "M")], "P10M"), ([(1, "H")], "PT1H"), ([(4, "Y"), (6, "M")], "P4Y6M"),
     ([(2.5, "Y")], "P2.5Y"), ([(1, "QUARTER")], "PT15M"), ([(4, "W")], "P4W")],
)
def test_duration_norm(parts: list, norm: str) -> None:
    assert duration_norm(parts) == norm


def test_five_year_plans() -> None:
    anchors = {1: 1953, 2: 1958, 3: 1966}
    assert five_year_plan(14, anchors) == Resolution("2021/2025", datetime(2021, 1, 1), datetime(2026, 1, 1))
    assert five_year_plan(15, anchors).norm == "2026/2030"
    assert five_year_plan(1, anchors).norm == "1953/1957"
    assert five_year_plan(0, anchors) == Resolution()


def test_centuries_and_decades() -> None:
    assert century_years(18, None, None).norm == "1700/1799"
    assert century_years(19, 70, None).norm == "1870/1879"
    assert century_years(None, 90, REF).norm == "1990/1999"
    assert century_years(None, 20, REF).norm == "2020/2029"


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("标题\n2025-08-20 08:46:33来源:本报", datetime(2025, 8, 20, 8, 46, 33)),
        ("本报讯 2025年8月20日 08:46 记者", datetime(2025, 8, 20, 8, 46)),
        ("发布时间：2024/3/5", datetime(2024, 3, 5)),
    ],
)
def test_header_datetime(text: str, moment: datetime) -> None:
    assert header_datetime(text) == moment


def test_header_datetime_only_near_the_top() -> None:
    assert header_datetime("没有日期的开头。" * 100 + "2025-08-20 08:46:33") is None
    assert header_datetime("2025-13-40 是无效日期") is None


def test_lunar_and_solar_term_specs_resolve_to_gregorian_days() -> None:
    from zhtag.normalize.dates import DateSpec, resolve

    assert resolve(DateSpec(year=2015, lunar_month=1, lunar_day=1), None).norm == "2015-02-19"
    assert resolve(DateSpec(year=2025, lunar_month=6, leap_month=True), None).norm == "2025-07-25/2025-08-22"
    assert resolve(DateSpec(year=2023, lunar_month=6, leap_month=True), None).norm is None  # no leap sixth month
    assert resolve(DateSpec(year=2024, solar_term="冬至"), None).norm == "2024-12-21"


def test_open_intervals_and_windows() -> None:
    from zhtag.normalize.dates import Resolution, open_interval, resolve_within

    day = Resolution("2020", datetime(2020, 1, 1), datetime(2021, 1, 1))
    assert open_interval(day, 1) == Resolution("2020/..", datetime(2020, 1, 1), None)
    assert open_interval(day, -1) == Resolution("../2020", None, datetime(2020, 1, 1))
    within = resolve_within(30, "D", datetime(2025, 8, 20, 9, 30))
    assert (within.start, within.end) == (datetime(2025, 8, 20, 9, 30), datetime(2025, 9, 20))
    hours = resolve_within(48, "H", datetime(2025, 8, 20, 9, 30))  # an instant ahead, not the end of that hour
    assert (hours.norm, hours.end) == ("2025-08-20T09:30:00/2025-08-22T09:30:00", datetime(2025, 8, 22, 9, 30))
