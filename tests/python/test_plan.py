# SPDX-License-Identifier: LGPL-2.1-or-later
"""Plans and phasings from Python: what someone types into a form (a percent
complete, a holiday) is checked, and a mistake is a GLib.Error with a message
that says what was expected."""

import math

import gi

gi.require_version("Kpi", "1.0")
gi.require_version("GLib", "2.0")
from gi.repository import GLib, Kpi  # noqa: E402

import pytest  # noqa: E402


def day(iso):
    """Midnight UTC of a day, as the library takes instants: microseconds
    since the epoch."""
    return GLib.DateTime.new_from_iso8601(iso + "T00:00:00Z", None).to_unix() * 1_000_000


def apollo():
    plan = Kpi.Plan.new("Apollo")
    plan.add_milestone(day("2026-01-01"), 0)
    plan.add_milestone(day("2026-01-31"), 50)
    plan.add_milestone(day("2026-03-31"), 100)
    return plan


@pytest.mark.parametrize("percent", [150, -5, math.nan, math.inf])
def test_actual_percent_out_of_range(percent):
    with pytest.raises(GLib.Error) as excinfo:
        apollo().measure_progress(day("2026-01-31"), percent)
    assert excinfo.value.matches(Kpi.plan_error_quark(), Kpi.PlanError.PERCENT_RANGE)
    assert "is not within 0..100: expected a percent of the work complete" in excinfo.value.message


def test_actual_percent_in_range():
    # 40 % on 31 January against 50 % planned: -10 points
    progress = apollo().measure_progress(day("2026-01-31"), 40)
    assert progress.get_variance() == pytest.approx(-10)


def test_instants_are_microseconds_since_the_epoch():
    # 40 % was due 0.8 × 30 days after 1 January: on 25 January, to the
    # microsecond; a percent the plan never reaches has no date (0, unset)
    plan = apollo()
    assert plan.get_date_for_percent(40) == day("2026-01-25")
    assert plan.get_date_for_percent(101) == Kpi.TIME_UNSET == 0
    date, percent = plan.get_milestone(1)
    assert (date, percent) == (day("2026-01-31"), 50)
    progress = plan.measure_progress(day("2026-01-31") + 12 * 3600 * 1_000_000, 40)
    assert progress.get_date() == day("2026-01-31") + 12 * 3600 * 1_000_000
    assert progress.get_schedule_variance_days() == pytest.approx(-6.5)


def test_milestone_messages_say_what_was_expected():
    plan = apollo()
    with pytest.raises(GLib.Error) as excinfo:
        plan.add_milestone(day("2026-04-30"), 90)
    assert excinfo.value.matches(Kpi.plan_error_quark(), Kpi.PlanError.PERCENT_DECREASING)
    assert excinfo.value.message == ("the planned percent 90 is below the previous milestone's, "
                                     "100: expected percents that never decrease")


def test_holiday_that_is_not_a_date():
    phasing = Kpi.Phasing.new(Kpi.PhasingMethod.WORKING_DAYS)
    with pytest.raises(GLib.Error) as excinfo:
        phasing.set_holidays(["2025-12-25", "25/12/2025"])
    assert excinfo.value.matches(Kpi.phasing_error_quark(), Kpi.PhasingError.INVALID_DATE)
    assert excinfo.value.message == "“25/12/2025” is not a date: holidays are written YYYY-MM-DD"


def test_profile_round_trips_and_says_what_was_found():
    phasing = Kpi.Phasing.new(Kpi.PhasingMethod.SEASONAL)
    assert phasing.get_profile() == [1.0] * 12
    profile = [8.0, 8, 9, 9, 8, 7, 5, 4, 8, 9, 10, 15]
    phasing.set_profile(profile)
    assert phasing.get_profile() == profile
    with pytest.raises(GLib.Error) as excinfo:
        phasing.set_profile([1.0] * 11 + [-2.5])
    assert excinfo.value.matches(Kpi.phasing_error_quark(), Kpi.PhasingError.INVALID_PROFILE)
    assert excinfo.value.message == ("the weight of month 12 of the profile is -2.5: "
                                     "expected a number greater than 0")
    assert phasing.get_profile() == profile
