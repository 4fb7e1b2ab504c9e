# SPDX-License-Identifier: LGPL-2.1-or-later
"""Indicators from Python: the CRM catalogue over a small CRM worked out by
hand (tests/data/crm-small/README.md), formulas, series and breakdowns."""

import math
import os

import gi

gi.require_version("Kpi", "1.0")
gi.require_version("GLib", "2.0")
from gi.repository import GLib, Kpi  # noqa: E402

import pytest  # noqa: E402

SMALL = os.path.join(os.environ.get("KPI_SRCDIR", os.path.dirname(__file__) + "/.."),
                     "data", "crm-small")


def utc_calendar(now="2030-01-01T00:00:00Z"):
    calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1)
    calendar.set_now(GLib.DateTime.new_from_iso8601(now, None).to_unix() * 1_000_000)
    return calendar


def load(name):
    dataset = Kpi.Dataset.new("date")
    dataset.load_path(os.path.join(SMALL, name + ".csv"), None)
    return dataset


@pytest.fixture
def catalog():
    catalog = Kpi.Catalog.new()
    catalog.load_builtin("crm")
    for name in ("orders", "opportunities", "marketing", "nps", "complaints"):
        catalog.add_dataset(name, load(name))
    catalog.check()
    return catalog


def context_of(catalog, calendar=None):
    """What names in the catalogue's formulas resolve against."""
    context = Kpi.Context.new(calendar or utc_calendar())
    context.add_catalog(catalog)
    return context


def series(indicator, context, first, last):
    calendar = context.get_calendar()
    return indicator.evaluate_series(context,
                                     calendar.parse_period(first),
                                     calendar.parse_period(last))


def numbers(values):
    return [None if v.is_missing() else v.get_value() for v in values]


def test_revenue_by_month(catalog):
    context = context_of(catalog)
    revenue = catalog.lookup("revenue")
    values = series(revenue, context, "2025-01", "2025-03")
    assert [v.get_period().get_label() for v in values] == ["2025-01", "2025-02", "2025-03"]
    assert numbers(values) == [350, 200, 200]
    assert revenue.props.unit == "EUR"


def test_ratio_and_cohorts(catalog):
    context = context_of(catalog)
    rate = numbers(series(catalog.lookup("gross_margin_rate"), context, "2025-01", "2025-03"))
    assert rate == pytest.approx([110 / 350, 0.35, 0.4], rel=1e-12)
    assert numbers(series(catalog.lookup("new_customers"), context, "2025-01", "2025-03")) == [2, 1, 1]
    retention = series(catalog.lookup("retention_rate"), context, "2025-01", "2025-03")
    # January's previous month is before the data: undefined, not 0 %, and
    # it says why.
    assert retention[0].is_missing()
    assert retention[0].get_flags() & Kpi.ValueFlags.NO_DATA
    assert numbers(retention[1:]) == [0.5, 0.5]


def test_cac_refers_to_other_indicators(catalog):
    context = context_of(catalog)
    cac = catalog.lookup("customer_acquisition_cost")
    assert cac.props.formula == "@marketing_spend / @new_customers"
    assert cac.get_policy().get_direction() == Kpi.Direction.LOWER_IS_BETTER
    assert numbers(series(cac, context, "2025-01", "2025-03")) == [150, 150, 0]


def test_nps_and_no_answers(catalog):
    nps = series(catalog.lookup("nps"), context_of(catalog), "2025-01", "2025-03")
    assert nps[0].get_value() == 0
    assert nps[1].get_value() == pytest.approx(200 / 3, rel=1e-12)
    assert nps[2].is_missing()
    # Fewer answers than the catalogue's minimum sample: flagged.
    assert nps[1].get_flags() & Kpi.ValueFlags.LOW_SAMPLE


def test_breakdown_keeps_ratios_and_distinct_counts_honest(catalog):
    context = context_of(catalog)
    q1 = context.get_calendar().parse_period("2025-Q1")
    groups, total = catalog.lookup("gross_margin_rate").evaluate_breakdown(context, q1, "channel", 1)
    assert [g.get_group() for g in groups] == ["mobile", "other"]
    assert [g.get_group_kind() for g in groups] == [Kpi.GroupKind.VALUE, Kpi.GroupKind.OTHER]
    assert groups[1].get_value() == pytest.approx(220 / 670, rel=1e-12)
    assert total.get_value() == pytest.approx(260 / 750, rel=1e-12)

    groups, total = catalog.lookup("active_customers").evaluate_breakdown(context, q1, "channel", 0)
    assert {g.get_group(): g.get_value() for g in groups} == {"online": 4, "store": 2, "mobile": 1}
    assert total.get_value() == 4


def test_formula_errors_are_clear():
    orders = load("orders")
    indicator = Kpi.Indicator.new("typo", "sum(amout)")
    indicator.set_dataset(orders)
    calendar = utc_calendar()
    with pytest.raises(GLib.Error) as info:
        indicator.evaluate(Kpi.Context.new(calendar), calendar.parse_period("2025-01"))
    assert info.value.matches(Kpi.formula_error_quark(), Kpi.FormulaError.UNKNOWN_FIELD)
    assert '"amount"' in info.value.message or "“amount”" in info.value.message

    with pytest.raises(GLib.Error) as info:
        Kpi.Indicator.new("bad", "sum(amount where)")
    assert info.value.matches(Kpi.formula_error_quark(), Kpi.FormulaError.SYNTAX)
    assert "column" in info.value.message


def test_my_own_indicator_on_the_generated_sample(crm_dir):
    orders = Kpi.Dataset.new("date")
    orders.load_path(os.path.join(crm_dir, "orders.csv"), None)
    online = Kpi.Indicator.new("online_revenue", 'sum(amount where channel = "online")')
    online.set_dataset(orders)
    calendar = utc_calendar()
    value = online.evaluate(Kpi.Context.new(calendar), calendar.parse_period("2025"))

    # The same sum, by hand, over the raw columns.
    amounts = orders.get_measure("amount")
    channels = orders.dup_dimension_values("channel")
    times = orders.get_times()
    start = calendar.parse_period("2025").get_start()
    end = calendar.parse_period("2025").get_end()
    expected = math.fsum(a for a, c, t in zip(amounts, channels, times)
                         if c == "online" and start <= t < end and not math.isnan(a))
    assert value.get_value() == pytest.approx(expected, rel=1e-12)
    assert value.get_sample_size() > 0


@pytest.mark.parametrize("text, expected", [
    ('{"\\ud8t""', "1:9: not a JSON document: unexpected string constant"),
    ('{\n "indicators": [\n  {"id": "a",, }]}', "3:13: not a JSON document: unexpected character"),
    ('{"indicators":[{"id":"\\ud800x","formula":"1"}]}', "$.indicators[0].id: "),
    ('{"indicators":[{"id":"2fast","formula":"1"}]}',
     "$.indicators[0].id: “2fast” is not an indicator id"),
    ('{"indicators":[{"id":"a","formula":"1","unit":"\\ud800e"}]}', "$.indicators[0].unit: "),
])
def test_catalogue_errors_are_text_at_their_path(text, expected):
    """Issue 16: a broken \\u escape gave a message Python could not even decode,
    and an id reported under .formula."""
    catalog = Kpi.Catalog.new()
    with pytest.raises(GLib.Error) as excinfo:
        catalog.load_data(text, -1)
    assert excinfo.value.matches(Kpi.catalog_error_quark(), Kpi.CatalogError.INVALID)
    assert excinfo.value.message.startswith(expected)
    assert catalog.get_n_items() == 0


def test_two_unknown_references_one_error():
    """Issue 16: `@a + @b` with neither known set a GError over another (a
    GLib warning, fatal in this suite): the first one is reported."""
    catalog = Kpi.Catalog.new()
    catalog.add_dataset("orders", load("orders"))
    catalog.load_data('{"indicators": [{"id": "x", "dataset": "orders", "formula": "@a + @b"}]}', -1)
    calendar = utc_calendar()
    with pytest.raises(GLib.Error) as excinfo:
        catalog.lookup("x").evaluate(context_of(catalog, calendar), calendar.parse_period("2025-01"))
    assert excinfo.value.matches(Kpi.context_error_quark(), Kpi.ContextError.UNKNOWN_INDICATOR)
    assert "“@a”" in excinfo.value.message and "“@b”" not in excinfo.value.message


def test_near_misses_are_suggested():
    catalog = Kpi.Catalog.new()
    catalog.add_dataset("marketing", load("marketing"))
    catalog.add_dataset("orders", load("orders"))
    catalog.load_data('{"indicators": ['
                      ' {"id": "cac", "dataset": "marketting", "formula": "sum(spend)"},'
                      ' {"id": "new_customers", "dataset": "orders", "formula": "new(customer)"},'
                      ' {"id": "basket", "dataset": "orders", "formula": "sum(amount) / @new_customer"}]}',
                      -1)
    with pytest.raises(GLib.Error) as excinfo:
        catalog.check()
    assert excinfo.value.matches(Kpi.catalog_error_quark(), Kpi.CatalogError.UNKNOWN_DATASET)
    assert excinfo.value.message == ("indicator “cac” reads dataset “marketting”, which the "
                                     "catalog does not have; did you mean “marketing”?")
    calendar = utc_calendar()
    with pytest.raises(GLib.Error) as excinfo:
        catalog.lookup("basket").evaluate(context_of(catalog, calendar), calendar.parse_period("2025-01"))
    assert excinfo.value.message.endswith("; did you mean “@new_customers”?")
    with pytest.raises(GLib.Error) as excinfo:
        Kpi.Catalog.new().load_builtin("crn")
    assert excinfo.value.message == "no built-in catalog “crn”; did you mean “crm”?"
