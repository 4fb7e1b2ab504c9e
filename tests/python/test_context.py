# SPDX-License-Identifier: LGPL-2.1-or-later
"""Evaluation contexts from Python: where the names in an indicator's
definition (its dataset, the `@id`s of its formula) lead. The numbers are
those of the small CRM worked out by hand (tests/data/crm-small/README.md)."""

import os

import gi

gi.require_version("Kpi", "1.0")
gi.require_version("GLib", "2.0")
from gi.repository import GLib, Kpi  # noqa: E402

import pytest  # noqa: E402

SMALL = os.path.join(os.environ.get("KPI_SRCDIR", os.path.dirname(__file__) + "/.."),
                     "data", "crm-small")


def utc_calendar():
    calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1)
    calendar.set_now(GLib.DateTime.new_from_iso8601("2030-01-01T00:00:00Z", None).to_unix() * 1_000_000)
    return calendar


def csv_text(name):
    with open(os.path.join(SMALL, name + ".csv"), encoding="utf-8") as f:
        return f.read()


def from_csv(text):
    dataset = Kpi.Dataset.new("date")
    dataset.load_data(text.encode("utf-8"), None)
    return dataset


def indicator(id, formula, dataset_name=None):
    made = Kpi.Indicator.new(id, formula)
    if dataset_name is not None:
        made.set_dataset_name(dataset_name)
    return made


def numbers(context, ind, first="2025-01", last="2025-03"):
    calendar = context.get_calendar()
    values = ind.evaluate_series(context, calendar.parse_period(first), calendar.parse_period(last))
    return [None if v.is_missing() else v.get_value() for v in values]


def test_a_context_without_a_catalogue():
    calendar = utc_calendar()
    context = Kpi.Context.new(calendar)
    assert context.get_calendar() is calendar
    assert context.props.calendar is calendar
    context.add_dataset("orders", from_csv(csv_text("orders")))
    context.add_dataset("marketing", from_csv(csv_text("marketing")))
    spend = indicator("marketing_spend", "sum(spend)", "marketing")
    new_customers = indicator("new_customers", "new(customer)", "orders")
    context.add_indicator(spend)
    context.add_indicator(new_customers)
    assert sorted(context.list_dataset_names()) == ["marketing", "orders"]
    assert sorted(context.list_indicator_ids()) == ["marketing_spend", "new_customers"]
    assert context.lookup_indicator("new_customers") is new_customers
    assert context.lookup_indicator("revenue") is None
    assert context.lookup_dataset("orders").props.n_rows == 8
    assert context.lookup_dataset("budget") is None

    # CAC reads no dataset of its own: its two references resolve through
    # the context. 300 / 2, 150 / 1, 0 / 1.
    cac = Kpi.Indicator.new("customer_acquisition_cost", "@marketing_spend / @new_customers")
    assert numbers(context, cac) == [150, 150, 0]
    # A dataset by name: revenue 350, 200, 200.
    assert numbers(context, indicator("revenue", "sum(amount)", "orders")) == [350, 200, 200]


def test_one_indicator_in_two_catalogues():
    # The same indicator object in the sales team's catalogue and in the
    # board's. Removing it from the first used to cut it from the datasets
    # and indicators its names lead to, in the second as well.
    revenue = indicator("revenue", "sum(amount)", "orders")
    basket = indicator("average_basket", "@revenue / @sales_count")
    sales_count = indicator("sales_count", "count()", "orders")
    catalogs = {}
    for name in ("sales", "board"):
        catalog = Kpi.Catalog.new()
        catalog.add_dataset("orders", from_csv(csv_text("orders")))
        for ind in (revenue, basket, sales_count):
            catalog.add(ind)
        catalogs[name] = catalog

    assert catalogs["sales"].remove("revenue")
    assert catalogs["sales"].lookup("revenue") is None
    assert catalogs["board"].lookup("revenue") is revenue

    board = Kpi.Context.new(utc_calendar())
    board.add_catalog(catalogs["board"])
    assert numbers(board, revenue) == [350, 200, 200]
    # 350 / 3, 200 / 2, 200 / 3
    assert numbers(board, basket) == pytest.approx([350 / 3, 100, 200 / 3])

    # Through the sales catalogue, "@revenue" leads nowhere now, and says so.
    sales = Kpi.Context.new(utc_calendar())
    sales.add_catalog(catalogs["sales"])
    assert numbers(sales, revenue) == [350, 200, 200]    # its dataset is still there
    with pytest.raises(GLib.Error) as info:
        numbers(sales, basket)
    assert info.value.matches(Kpi.context_error_quark(), Kpi.ContextError.UNKNOWN_INDICATOR)


def test_names_added_to_the_context_come_before_its_catalogues():
    catalog = Kpi.Catalog.new()
    catalog.add_dataset("orders", from_csv(csv_text("orders")))
    catalog.add(indicator("revenue", "sum(amount)", "orders"))
    context = Kpi.Context.new(utc_calendar())
    context.add_catalog(catalog)
    assert numbers(context, catalog.lookup("revenue")) == [350, 200, 200]
    # A what-if: the same definitions over other orders, one per month.
    context.add_dataset("orders", from_csv("date,amount\n2025-01-02,1\n2025-02-02,2\n2025-03-02,3\n"))
    assert numbers(context, catalog.lookup("revenue")) == [1, 2, 3]
    assert context.list_dataset_names() == ["orders"]


class CsvContext(Kpi.Context):
    """Datasets loaded the first time a definition names them, from CSV
    texts the application has (a web form, a database column...)."""

    def __init__(self, calendar, texts):
        super().__init__(calendar=calendar)
        self.texts = texts
        self.loaded = {}

    def do_lookup_dataset(self, name):
        if name not in self.loaded:
            if name not in self.texts:
                # whatever was added to the context the usual way
                return Kpi.Context.do_lookup_dataset(self, name)
            self.loaded[name] = from_csv(self.texts[name])
        return self.loaded[name]

    def do_list_dataset_names(self):
        return sorted(set(self.texts) | set(Kpi.Context.do_list_dataset_names(self)))


def test_a_context_that_loads_datasets_on_demand():
    texts = {name: csv_text(name) for name in ("orders", "marketing", "nps", "complaints")}
    context = CsvContext(utc_calendar(), texts)
    assert isinstance(context, Kpi.Context)
    catalog = Kpi.Catalog.new()
    catalog.load_builtin("crm")
    context.add_catalog(catalog)
    assert context.loaded == {}

    cac = catalog.lookup("customer_acquisition_cost")
    assert numbers(context, cac) == [150, 150, 0]
    # the two datasets its references read, loaded once each
    assert sorted(context.loaded) == ["marketing", "orders"]
    orders = context.loaded["orders"]
    assert numbers(context, catalog.lookup("revenue")) == [350, 200, 200]
    assert context.loaded["orders"] is orders
    assert context.lookup_dataset("orders") is orders

    # the subclass's names, for lists and suggestions, not loaded for that
    assert context.list_dataset_names() == ["complaints", "marketing", "nps", "orders"]
    assert "nps" not in context.loaded

    # a dataset added the usual way is found by chaining up
    context.add_dataset("budget", from_csv("date,revenue\n2025-01-01,400\n"))
    assert numbers(context, indicator("budget", "sum(revenue)", "budget"), "2025-01", "2025-01") == [400]
    assert "budget" in context.list_dataset_names()

    # and a name it does not know is suggested from its own list
    with pytest.raises(GLib.Error) as info:
        numbers(context, indicator("x", "count()", "complaint"))
    assert info.value.matches(Kpi.context_error_quark(), Kpi.ContextError.UNKNOWN_DATASET)
    assert info.value.message == ("indicator “x” reads dataset “complaint”, which the context "
                                  "does not have; did you mean “complaints”?")
    assert "complaint" not in context.loaded


def test_errors_say_what_was_meant():
    calendar = utc_calendar()
    january = calendar.parse_period("2025-01")
    context = Kpi.Context.new(calendar)
    context.add_dataset("orders", from_csv(csv_text("orders")))
    context.add_indicator(indicator("new_customers", "new(customer)", "orders"))

    with pytest.raises(GLib.Error) as info:
        indicator("revenue", "sum(amount)", "ordres").evaluate(context, january)
    assert info.value.matches(Kpi.context_error_quark(), Kpi.ContextError.UNKNOWN_DATASET)
    assert info.value.message == ("indicator “revenue” reads dataset “ordres”, which the context "
                                  "does not have; did you mean “orders”?")

    with pytest.raises(GLib.Error) as info:
        indicator("basket", "sum(amount) / @new_customer", "orders").evaluate(context, january)
    assert info.value.matches(Kpi.context_error_quark(), Kpi.ContextError.UNKNOWN_INDICATOR)
    assert info.value.message == ("indicator “basket” refers to “@new_customer”, which the context "
                                  "does not have; did you mean “@new_customers”?")

    # nothing near: no suggestion
    with pytest.raises(GLib.Error) as info:
        indicator("x", "@zzz", "orders").evaluate(context, january)
    assert info.value.message == "indicator “x” refers to “@zzz”, which the context does not have"

    # an indicator that reads rows and has no dataset at all
    with pytest.raises(GLib.Error) as info:
        Kpi.Indicator.new("orphan", "count()").evaluate(context, january)
    assert info.value.matches(Kpi.context_error_quark(), Kpi.ContextError.UNKNOWN_DATASET)
    assert "has no dataset" in info.value.message

    # indicators that refer to each other
    context.add_indicator(indicator("a", "@b + 1", "orders"))
    context.add_indicator(indicator("b", "@a - 1", "orders"))
    with pytest.raises(GLib.Error) as info:
        context.lookup_indicator("a").evaluate(context, january)
    assert info.value.matches(Kpi.context_error_quark(), Kpi.ContextError.CYCLE)
    assert info.value.message == "indicators refer to each other in a cycle: @a → @b → @a"


def test_an_id_that_is_not_one_is_the_indicators_error():
    with pytest.raises(GLib.Error) as info:
        Kpi.Indicator.new("2fast", "count()")
    assert info.value.matches(Kpi.indicator_error_quark(), Kpi.IndicatorError.INVALID_ID)
