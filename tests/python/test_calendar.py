# SPDX-License-Identifier: LGPL-2.1-or-later
"""KpiCalendar and KpiPeriod from Python, as an application would use them.

Each test reads like an example: parse an ISO week, walk through months,
compare a month-to-date with the same days of the previous month, see that a
day in Paris can last 23 hours, and catch a label that does not parse.
Expected instants come from Python's own datetime and zoneinfo.
"""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import gi

gi.require_version("Kpi", "1.0")
gi.require_version("GLib", "2.0")
from gi.repository import GLib, Kpi  # noqa: E402

import pytest  # noqa: E402

PARIS = ZoneInfo("Europe/Paris")
HOUR = 3600 * 1_000_000


def usec(moment):
    """Microseconds since the Unix epoch of an aware datetime."""
    return int(moment.timestamp()) * 1_000_000 + moment.microsecond


def as_datetime(microseconds, tz=timezone.utc):
    return datetime.fromtimestamp(microseconds / 1_000_000, tz)


def paris_calendar(fiscal_year_start_month=1):
    return Kpi.Calendar.new(GLib.TimeZone.new_identifier("Europe/Paris"), fiscal_year_start_month)


def test_parse_iso_week():
    calendar = Kpi.Calendar.new(None, 1)          # UTC, fiscal year = calendar year
    week = calendar.parse_period("2025-W01")

    assert week.get_granularity() == Kpi.Granularity.WEEK
    assert week.get_label() == "2025-W01"
    # ISO week 1 of 2025 starts on Monday 30 December 2024.
    assert as_datetime(week.get_start()) == datetime(2024, 12, 30, tzinfo=timezone.utc)
    assert as_datetime(week.get_end()) == datetime(2025, 1, 6, tzinfo=timezone.utc)
    assert week.contains(usec(datetime(2025, 1, 5, 23, 59, tzinfo=timezone.utc)))
    assert not week.contains(week.get_end())

    # Each day is in the week whose Thursday shares its year.
    day = calendar.period_at(usec(datetime(2021, 1, 3, 12, tzinfo=timezone.utc)), Kpi.Granularity.WEEK)
    assert day.get_label() == "2020-W53"


def test_navigate_months():
    calendar = Kpi.Calendar.new(None, 1)
    february = calendar.parse_period("2025-02")

    assert calendar.next(february).get_label() == "2025-03"
    assert calendar.previous(february).get_label() == "2025-01"
    assert calendar.offset(february, -12).get_label() == "2024-02"

    # The same month last year had a leap day.
    last_year = calendar.same_period_last_year(february)
    assert last_year.get_label() == "2024-02"
    assert (last_year.get_end() - last_year.get_start()) // (24 * HOUR) == 29

    # A series with every month, empty ones included.
    months = calendar.list_periods(calendar.parse_period("2024-11"), february)
    assert [m.get_label() for m in months] == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert all(a.get_end() == b.get_start() for a, b in zip(months, months[1:]))


def test_month_to_date():
    calendar = paris_calendar()
    now = usec(datetime(2025, 3, 14, 15, 30, tzinfo=PARIS))
    calendar.props.now = now

    mtd = calendar.to_date(Kpi.Granularity.MONTH, now)
    assert mtd.get_label() == "2025-03..2025-03-14T15:30+01:00"
    assert mtd.get_granularity() == Kpi.Granularity.CUSTOM
    assert mtd.is_partial()
    assert as_datetime(mtd.get_start(), PARIS) == datetime(2025, 3, 1, tzinfo=PARIS)
    assert mtd.get_end() == now

    # Compare like with like: the same days of February, not all of it.
    base = calendar.previous(mtd)
    assert base.get_label() == "2025-02..2025-02-14T15:30+01:00"
    assert as_datetime(base.get_end(), PARIS) == datetime(2025, 2, 14, 15, 30, tzinfo=PARIS)

    # The whole of March is partial too while it is going on.
    assert calendar.parse_period("2025-03").is_partial()
    assert not calendar.parse_period("2025-02").is_partial()

    # Labels read back as the same period.
    assert calendar.parse_period(mtd.get_label()).equal(mtd)


def test_month_to_date_on_the_31st():
    calendar = Kpi.Calendar.new(None, 1)
    mtd = calendar.to_date(Kpi.Granularity.MONTH, usec(datetime(2025, 3, 31, 15, tzinfo=timezone.utc)))

    # February has no 31st: the comparison base is the whole month.
    base = calendar.previous(mtd)
    assert base.get_label() == "2025-02..2025-02-28"
    assert as_datetime(base.get_end()) == datetime(2025, 3, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize("label, hours", [
    ("2025-03-30", 23),   # clocks go forward: 02:00 becomes 03:00
    ("2025-10-26", 25),   # clocks go back: 03:00 becomes 02:00
    ("2025-07-14", 24),
])
def test_paris_dst_day_length(label, hours):
    calendar = paris_calendar()
    day = calendar.parse_period(label)

    assert (day.get_end() - day.get_start()) == hours * HOUR
    # The day still runs from local midnight to local midnight.
    start = as_datetime(day.get_start(), PARIS)
    end = as_datetime(day.get_end(), PARIS)
    assert start.isoformat() == label + "T00:00:00" + start.strftime("%z")[:3] + ":00"
    assert (end.date() - start.date(), end.hour, end.minute) == (timedelta(days=1), 0, 0)


def test_repeated_hour_is_in_its_day():
    calendar = paris_calendar()
    # 02:30 happens twice in Paris on 26 October 2025: at 00:30 and 01:30 UTC.
    for hour in (0, 1):
        moment = usec(datetime(2025, 10, 26, hour, 30, tzinfo=timezone.utc))
        assert calendar.period_at(moment, Kpi.Granularity.DAY).get_label() == "2025-10-26"


def test_fiscal_year_starting_in_april():
    calendar = paris_calendar(fiscal_year_start_month=4)
    fy = calendar.parse_period("FY2025")

    # Named after the year in which it ends.
    assert as_datetime(fy.get_start(), PARIS) == datetime(2024, 4, 1, tzinfo=PARIS)
    assert as_datetime(fy.get_end(), PARIS) == datetime(2025, 4, 1, tzinfo=PARIS)
    assert calendar.props.fiscal_year_start_month == 4
    today = usec(datetime(2025, 2, 14, 12, tzinfo=PARIS))
    assert calendar.period_at(today, Kpi.Granularity.FISCAL_QUARTER).get_label() == "FY2025-Q4"


@pytest.mark.parametrize("label", ["2025-W54", "2025-13", "2025-02-30", "FY2025-Q5", "", "next month"])
def test_bad_label(label):
    calendar = Kpi.Calendar.new(None, 1)
    with pytest.raises(GLib.Error) as excinfo:
        calendar.parse_period(label)
    assert excinfo.value.matches(Kpi.calendar_error_quark(), Kpi.CalendarError.INVALID_LABEL)
    assert "“%s”" % label in excinfo.value.message
    assert "2025-W07" in excinfo.value.message   # the message lists what is accepted


def test_periods_as_dict_keys():
    calendar = Kpi.Calendar.new(None, 1)
    totals = {}
    for day in range(1, 29):
        moment = usec(datetime(2025, 2, day, 12, tzinfo=timezone.utc))
        week = calendar.period_at(moment, Kpi.Granularity.WEEK)
        totals[week.get_label()] = totals.get(week.get_label(), 0) + 1
    assert totals == {"2025-W05": 2, "2025-W06": 7, "2025-W07": 7, "2025-W08": 7, "2025-W09": 5}


@pytest.mark.parametrize("month", [0, 13, 100])
def test_fiscal_month_a_user_typed(month):
    """Issue 8 §6: a month out of 1..12 is a GLib.Error, not a critical and a
    "constructor returned NULL"."""
    with pytest.raises(GLib.Error) as excinfo:
        Kpi.Calendar.new(None, month)
    assert excinfo.value.matches(Kpi.calendar_error_quark(), Kpi.CalendarError.INVALID_MONTH)
    assert excinfo.value.message == ("%d is not a month: expected the month in which the "
                                     "fiscal year starts, from 1 (January) to 12 (December)" % month)


def test_range_ends_where_labels_do():
    """Issue 16: with fiscal years from April, FY10000-Q1 would be April to June
    9999, but no four-digit label names it: the range ends with FY9999."""
    calendar = Kpi.Calendar.new(None, 4)
    q3 = calendar.parse_period("FY9999-Q3")
    assert calendar.offset(q3, 1).get_label() == "FY9999-Q4"
    assert calendar.offset(q3, 2) is None
    last_day = calendar.parse_period("9999-12-31")
    assert calendar.period_at(last_day.get_start(), Kpi.Granularity.FISCAL_QUARTER) is None
    with pytest.raises(GLib.Error) as excinfo:
        calendar.parse_period("FY10000-Q1")
    assert excinfo.value.matches(Kpi.calendar_error_quark(), Kpi.CalendarError.OUT_OF_RANGE)
    # every period made at the edges reads back
    for label in ("FY9999-Q4", "FY9999", "FY0001-Q4", "9999-W51", "0001-W01", "9999-12-31"):
        period = calendar.parse_period(label)
        assert calendar.parse_period(period.get_label()).equal(period)


def test_custom_period_that_ends_before_it_starts():
    calendar = Kpi.Calendar.new(None, 1)
    start = usec(datetime(2025, 2, 14, tzinfo=timezone.utc))
    with pytest.raises(GLib.Error) as excinfo:
        calendar.custom_period(start, start - HOUR)
    assert excinfo.value.matches(Kpi.calendar_error_quark(), Kpi.CalendarError.INVALID_RANGE)
    assert excinfo.value.message == ("the period ends at 2025-02-13T23:00Z, before it starts at "
                                     "2025-02-14T00:00Z: expected an end at or after the start")
    assert calendar.custom_period(start, start + HOUR).get_label() == "2025-02-14..2025-02-14T01:00Z"
