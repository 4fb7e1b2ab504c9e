# SPDX-License-Identifier: LGPL-2.1-or-later
"""KpiFunnel from Python, as a sales dashboard would use it.

Load the opportunities of the CRM sample, ask where the prospects of a month
drop out, on both bases, by region, and what the open pipeline is worth.
Expected values are recounted here from the CSV file with Python's csv
module; the small hand-made examples are counted by hand in the comments.
"""

import csv
import math
import os
from collections import defaultdict
from datetime import date, datetime, timezone

import gi

gi.require_version("Kpi", "1.0")
from gi.repository import Kpi, GLib  # noqa: E402

import pytest  # noqa: E402

STAGES = ["lead", "qualified", "proposal", "negotiation", "won"]


def usec(moment):
    """Microseconds since the Unix epoch of an aware datetime."""
    return int(moment.timestamp()) * 1_000_000 + moment.microsecond


def midnight_utc(iso_date):
    d = date.fromisoformat(iso_date)
    return usec(datetime(d.year, d.month, d.day, tzinfo=timezone.utc))


def utc_calendar():
    return Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1)


def assert_funnel_error(error, code):
    assert error.matches(Kpi.funnel_error_quark(), code), (error.code, error.message)


@pytest.fixture
def opportunities_path(crm_dir):
    return os.path.join(crm_dir, "opportunities.csv")


@pytest.fixture
def events(opportunities_path):
    ds = Kpi.Dataset.new("date")
    ds.load_path(opportunities_path, None)
    return ds


@pytest.fixture
def funnel(events):
    funnel = Kpi.Funnel.new(events, "opportunity", "stage", STAGES)
    funnel.set_amount_column("amount")
    funnel.set_probability_column("probability")
    return funnel


# ---------------------------------------------------------------------------
# An independent recount from the CSV file


def read_opportunities(path):
    """opportunity -> its events [(date, stage, amount, probability)], in file order."""
    opps = defaultdict(list)
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            opps[row["opportunity"]].append(
                (date.fromisoformat(row["date"]), row["stage"],
                 float(row["amount"]), float(row["probability"]), row["region"]))
    return opps


def reached(events):
    """stage -> the date an opportunity first reached it (a later stage
    reaches every earlier one)."""
    when = {}
    for day, stage, *_ in events:
        if stage not in STAGES:
            continue  # lost: no progress
        for earlier in STAGES[:STAGES.index(stage) + 1]:
            if earlier not in when or day < when[earlier]:
                when[earlier] = day
    return when


def recount(opps, first_day, last_day, basis):
    counts = [0] * len(STAGES)
    for events in opps.values():
        entered = min(day for day, *_ in events)
        when = reached(events)
        for k, stage in enumerate(STAGES):
            if stage not in when:
                continue
            day = entered if basis == Kpi.FunnelBasis.COHORT else when[stage]
            if first_day <= day <= last_day:
                counts[k] += 1
    return counts


def month_days(year, month):
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


# ---------------------------------------------------------------------------
# The sample


def test_where_do_january_prospects_drop_out(funnel, opportunities_path):
    calendar = utc_calendar()
    january = calendar.parse_period("2025-01")

    result = funnel.evaluate(calendar, january, Kpi.FunnelBasis.COHORT)

    expected = recount(read_opportunities(opportunities_path), *month_days(2025, 1),
                       Kpi.FunnelBasis.COHORT)
    assert result.get_counts() == expected
    assert [result.get_stage_name(i) for i in range(result.get_n_stages())] == STAGES
    assert [result.get_stage_count(i) for i in range(len(STAGES))] == expected
    assert result.get_basis() == Kpi.FunnelBasis.COHORT
    assert result.get_period().get_label() == "2025-01"

    conversions = result.get_conversions()
    assert conversions == pytest.approx([b / a for a, b in zip(expected, expected[1:])])
    assert all(0.0 <= rate <= 1.0 for rate in conversions)
    assert result.get_conversion(1) == (True, pytest.approx(expected[2] / expected[1]))
    assert result.get_overall_conversion() == (True, pytest.approx(expected[-1] / expected[0]))

    losses = [a - b for a, b in zip(expected, expected[1:])]
    assert result.get_biggest_drop_off() == losses.index(max(losses))
    assert result.get_biggest_relative_drop_off() == conversions.index(min(conversions))
    assert result.get_flags() == Kpi.FunnelFlags.NONE


@pytest.mark.parametrize("basis", [Kpi.FunnelBasis.COHORT, Kpi.FunnelBasis.PERIOD])
def test_every_month_matches_a_recount(funnel, opportunities_path, basis):
    opps = read_opportunities(opportunities_path)
    calendar = utc_calendar()
    for year in (2024, 2025):
        for month in range(1, 13):
            period = calendar.parse_period("%d-%02d" % (year, month))
            result = funnel.evaluate(calendar, period, basis)
            counts = recount(opps, *month_days(year, month), basis)
            assert result.get_counts() == counts, period.get_label()
            # A rate never exceeds 100 %, whatever the basis.
            for k, rate in enumerate(result.get_conversions()):
                if counts[k] == 0:
                    assert math.isnan(rate)
                    assert result.get_conversion_flags(k) == Kpi.FunnelFlags.DIVISION_BY_ZERO
                else:
                    assert 0.0 <= rate <= 1.0
                    if counts[k + 1] > counts[k]:
                        assert result.get_conversion_flags(k) == Kpi.FunnelFlags.CLAMPED


def test_regions_add_up(funnel, opportunities_path):
    calendar = utc_calendar()
    march = calendar.parse_period("2025-03")
    total = funnel.evaluate(None, march, Kpi.FunnelBasis.PERIOD)

    by_region = funnel.evaluate_by(None, march, Kpi.FunnelBasis.PERIOD, "region")

    assert [r.get_group() for r in by_region] == ["east", "north", "south", "west"]
    sums = [sum(r.get_stage_count(k) for r in by_region) for k in range(len(STAGES))]
    assert sums == total.get_counts()
    assert sum(r.get_n_entities() for r in by_region) == total.get_n_entities()

    opps = read_opportunities(opportunities_path)
    north = {o: ev for o, ev in opps.items() if ev[0][4] == "north"}
    assert by_region[1].get_counts() == recount(north, *month_days(2025, 3), Kpi.FunnelBasis.PERIOD)


@pytest.mark.parametrize("moment", ["2024-09-30", "2025-06-15"])
def test_weighted_pipeline(funnel, opportunities_path, moment):
    at = midnight_utc(moment)
    pipeline = funnel.weighted_pipeline(at)

    # Recount: opportunities whose latest event by then is neither won nor lost.
    n_open, open_amount, weighted = 0, 0.0, 0.0
    for events in read_opportunities(opportunities_path).values():
        seen = [e for e in events if midnight_utc(e[0].isoformat()) <= at]
        if not seen:
            continue
        day, stage, amount, probability, _ = max(seen, key=lambda e: e[0])
        if stage in ("won", "lost"):
            continue
        n_open += 1
        open_amount += amount
        weighted += amount * probability

    assert pipeline.get_at() == at
    assert pipeline.get_n_open() == n_open
    assert pipeline.get_open_amount() == pytest.approx(open_amount)
    assert pipeline.get_weighted_amount() == pytest.approx(weighted)
    assert sum(pipeline.get_stage_weighted_amount(k) for k in range(len(STAGES))) == \
        pytest.approx(weighted)
    assert pipeline.get_stage_n_open(STAGES.index("won")) == 0


def test_pipeline_at_the_end_of_a_month(funnel):
    calendar = utc_calendar()
    june = calendar.parse_period("2025-06")
    at_end = funnel.weighted_pipeline_at_end(june)
    # the end of a period is exclusive: the pipeline includes 30 June
    assert at_end.get_at() == midnight_utc("2025-07-01") - 1
    same = funnel.weighted_pipeline(midnight_utc("2025-06-30"))
    assert at_end.get_weighted_amount() == same.get_weighted_amount()


# ---------------------------------------------------------------------------
# A small funnel by hand


def small_events():
    """Four opportunities; B skips `qualified`, C is lost, D entered in March."""
    ds = Kpi.Dataset.new("date")
    ds.load_data(b"date,deal,step,value\n"
                 b"2025-03-28,D,lead,50\n"
                 b"2025-04-01,A,lead,100\n"
                 b"2025-04-02,B,lead,200\n"
                 b"2025-04-03,C,lead,300\n"
                 b"2025-04-04,A,qualified,100\n"
                 b"2025-04-05,B,proposal,200\n"
                 b"2025-04-06,C,lost,300\n"
                 b"2025-04-07,D,qualified,50\n", None)
    return ds


def test_cohort_and_period_bases_by_hand():
    funnel = Kpi.Funnel.new(small_events(), "deal", "step", ["lead", "qualified", "proposal"])
    april = utc_calendar().parse_period("2025-04")

    cohort = funnel.evaluate(None, april, Kpi.FunnelBasis.COHORT)
    assert cohort.get_counts() == [3, 2, 1]        # A B C entered; B skipped to proposal
    assert cohort.get_n_entities() == 3
    assert cohort.get_conversions() == [2 / 3, 1 / 2]

    period = funnel.evaluate(None, april, Kpi.FunnelBasis.PERIOD)
    assert period.get_counts() == [3, 3, 1]        # D qualified in April too
    assert period.get_n_entities() == 4
    assert period.get_conversions() == [1.0, 1 / 3]
    assert period.get_biggest_drop_off() == 1


def test_stage_probabilities_by_hand():
    funnel = Kpi.Funnel.new(small_events(), "deal", "step", ["lead", "qualified", "proposal"])
    funnel.set_amount_column("value")
    for stage, p in [("lead", 0.1), ("qualified", 0.3), ("proposal", 0.6)]:
        funnel.set_stage_probability(stage, p)
    assert funnel.props.amount_column == "value"
    assert funnel.is_closed_stage("lost") and funnel.is_closed_stage("proposal")

    # 4 April: A qualified 100 x 0.3, B and C leads (200 + 300) x 0.1, D lead 50 x 0.1
    early = funnel.weighted_pipeline(midnight_utc("2025-04-04"))
    assert early.get_n_open() == 4
    assert early.get_weighted_amount() == pytest.approx(30 + 50 + 5)
    assert early.get_open_amount() == pytest.approx(650)

    # 7 April: C lost, B at the last stage (closed by default), A and D qualified
    late = funnel.weighted_pipeline(midnight_utc("2025-04-07"))
    assert (late.get_n_open(), late.get_open_amount()) == (2, pytest.approx(150))
    assert late.get_weighted_amount() == pytest.approx(45)


# ---------------------------------------------------------------------------
# Errors


def test_errors(events):
    with pytest.raises(GLib.Error) as excinfo:
        Kpi.Funnel.new(events, "opportunity", "stage", [])
    assert_funnel_error(excinfo.value, Kpi.FunnelError.INVALID_STAGES)

    with pytest.raises(GLib.Error) as excinfo:
        Kpi.Funnel.new(events, "opportunity", "stage", ["lead", "won", "lead"])
    assert_funnel_error(excinfo.value, Kpi.FunnelError.INVALID_STAGES)
    assert "“lead” is listed twice" in excinfo.value.message

    with pytest.raises(GLib.Error) as excinfo:
        Kpi.Funnel.new(events, "deal", "stage", STAGES)
    assert_funnel_error(excinfo.value, Kpi.FunnelError.UNKNOWN_COLUMN)

    # a typo gets its near miss
    with pytest.raises(GLib.Error) as excinfo:
        Kpi.Funnel.new(events, "opportunity", "stgae", STAGES)
    assert_funnel_error(excinfo.value, Kpi.FunnelError.UNKNOWN_COLUMN)
    assert excinfo.value.message == ("the stage column “stgae” is not a column of the dataset; "
                                     "did you mean “stage”?")

    with pytest.raises(GLib.Error) as excinfo:
        Kpi.Funnel.new(events, "amount", "stage", STAGES)
    assert_funnel_error(excinfo.value, Kpi.FunnelError.COLUMN_KIND)

    funnel = Kpi.Funnel.new(events, "opportunity", "stage", STAGES)
    with pytest.raises(GLib.Error) as excinfo:
        funnel.weighted_pipeline(0)
    assert_funnel_error(excinfo.value, Kpi.FunnelError.NO_AMOUNT)
    with pytest.raises(GLib.Error) as excinfo:
        funnel.set_probability_column("region")
    assert_funnel_error(excinfo.value, Kpi.FunnelError.COLUMN_KIND)
    with pytest.raises(GLib.Error) as excinfo:
        funnel.set_stage_probability("lead", 10)   # a percentage, not a probability
    assert_funnel_error(excinfo.value, Kpi.FunnelError.INVALID_PROBABILITY)


def test_catalogue_weighted_pipeline_is_the_funnels(opportunities_path):
    # The catalogue's weighted pipeline is the open pipeline at the end of
    # each month (a level), the same figure as the funnel's, month by month.
    opportunities = Kpi.Dataset.new("date")
    opportunities.load_path(opportunities_path, None)
    catalog = Kpi.Catalog.new()
    catalog.load_builtin("crm")
    catalog.add_dataset("opportunities", opportunities)
    pipeline = catalog.lookup("weighted_pipeline")
    funnel = Kpi.Funnel.new(opportunities, "opportunity", "stage", STAGES)
    funnel.set_amount_column("amount")
    funnel.set_probability_column("probability")
    calendar = utc_calendar()
    context = Kpi.Context.new(calendar)
    context.add_catalog(catalog)
    months = pipeline.evaluate_series(context, calendar.parse_period("2024-01"),
                                      calendar.parse_period("2025-12"))
    assert len(months) == 24
    for value in months:
        expected = funnel.weighted_pipeline_at_end(value.get_period()).get_weighted_amount()
        assert value.get_value() == pytest.approx(expected, rel=1e-12), value.get_period().get_label()
    # a level: the quarter's is the one at its end, not the sum of its months
    q3 = pipeline.evaluate(context, calendar.parse_period("2025-Q3"))
    september = pipeline.evaluate(context, calendar.parse_period("2025-09"))
    assert q3.get_value() == september.get_value()


def test_a_stage_the_data_never_held_is_named():
    # "Won" for "won": it would count no one without a word
    funnel = Kpi.Funnel.new(small_events(), "deal", "step", ["lead", "qualified", "proposal", "Won"])
    calendar = utc_calendar()
    result = funnel.evaluate(calendar, calendar.parse_period("2025-04"), Kpi.FunnelBasis.COHORT)
    assert result.get_flags() & Kpi.FunnelFlags.UNKNOWN_STAGE
    assert result.get_warnings() == ["step has no value “Won”"]
    funnel = Kpi.Funnel.new(small_events(), "deal", "step", ["lead", "qualifed", "proposal"])
    result = funnel.evaluate(calendar, calendar.parse_period("2025-04"), Kpi.FunnelBasis.COHORT)
    assert result.get_warnings() == ["step has no value “qualifed”; did you mean “qualified”?"]
    funnel = Kpi.Funnel.new(small_events(), "deal", "step", ["lead", "qualified", "proposal"])
    result = funnel.evaluate(calendar, calendar.parse_period("2025-04"), Kpi.FunnelBasis.COHORT)
    assert not result.get_flags() & Kpi.FunnelFlags.UNKNOWN_STAGE
    assert not result.get_warnings()
