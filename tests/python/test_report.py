# SPDX-License-Identifier: LGPL-2.1-or-later
"""A dashboard evaluated from Python, as a user would write a scorecard:
definitions in one JSON document over the generated sample, the report
iterated row by row, and its JSON, CSV and text exports."""

import json
import os

import gi
import pytest

gi.require_version("Kpi", "1.0")
from gi.repository import Gio, GLib, Kpi  # noqa: E402

DEFINITIONS = {
    "version": 1,
    "datasets": [
        {"name": "orders", "path": "orders.csv"},
        {"name": "nps", "path": "nps.csv"},
        {"name": "targets", "path": "targets.csv"},
    ],
    "indicators": [
        {"id": "revenue", "title": "Revenue", "dataset": "orders", "formula": "sum(amount)",
         "unit": "€", "kind": "performance"},
        {"id": "new_customers", "title": "New customers", "dataset": "orders",
         "formula": "new(customer)", "kind": "performance"},
        {"id": "nps", "title": "NPS", "dataset": "nps", "kind": "performance",
         "formula": "100 * (count(score >= 9) - count(score <= 6)) / count()"},
    ],
    "benchmarks": [
        {"name": "revenue_target", "kind": "target", "table": "targets",
         "formula": "sum(target where indicator = \"revenue\")"},
        {"name": "new_customers_target", "kind": "target", "table": "targets",
         "formula": "sum(target where indicator = \"new_customers\")"},
        {"name": "nps_target", "kind": "target", "table": "targets",
         "formula": "sum(target where indicator = \"nps\")"},
    ],
    "checks": [{"id": "orders_unique", "type": "uniqueness", "dataset": "orders"}],
    "dashboards": [{
        "id": "sales", "type": "strategic", "owner": "Ada",
        "indicators": [
            {"indicator": "revenue", "perspective": "financial", "target": "revenue_target"},
            {"indicator": "new_customers", "perspective": "customer",
             "target": "new_customers_target"},
            {"indicator": "nps", "perspective": "customer", "target": "nps_target"},
        ],
    }],
}


@pytest.fixture
def definitions():
    directory = os.environ.get("KPI_TEST_DATA")
    if not directory or not os.path.isdir(directory):
        pytest.fail("KPI_TEST_DATA does not name a generated sample directory")
    calendar = Kpi.Calendar.new(None, 1)
    calendar.set_now(GLib.DateTime.new_utc(2026, 1, 15, 0, 0, 0).to_unix() * 1000000)
    defs = Kpi.Definitions.new(calendar)
    defs.load_data(json.dumps(DEFINITIONS).encode(), Gio.File.new_for_path(directory), None)
    return defs


def test_scorecard(definitions):
    # what a user writes: evaluate the dashboard, print a line per indicator
    board = definitions.lookup_dashboard("sales")
    period = definitions.get_calendar().parse_period("2025-09")
    report = board.evaluate(definitions, period, None)
    lines = []
    for row in report:
        target = row.get_target()
        lines.append("%-14s %12s %s %+.2f" % (row.get_title(), row.get_value().format(0),
                                            Kpi.status_to_string(row.get_status()), row.get_score()))
        assert target is not None
    assert len(lines) == 3 and lines[0].startswith("Revenue")

    # the numbers are the library's own, evaluated one by one
    context = definitions.get_context()
    revenue = context.lookup_indicator("revenue")
    rows = list(report)
    assert rows[0].get_value().get_value() == revenue.evaluate(context, period).get_value()
    expected = definitions.lookup_benchmark("revenue_target").compare(revenue, context, period)
    assert rows[0].get_target().get_attainment() == expected.get_attainment()
    # the customer perspective: the plain mean of its two scores (weights 1)
    score, n_scored, n_missing = report.get_perspective_score("customer")
    assert score == pytest.approx((rows[1].get_score() + rows[2].get_score()) / 2, abs=1e-12)
    assert (n_scored, n_missing) == (2, 0)
    # properties bind like any GObject's
    assert rows[0].props.title == "Revenue"
    assert rows[0].props.status == rows[0].get_status()


def test_exports(definitions):
    board = definitions.lookup_dashboard("sales")
    report = board.evaluate(definitions, definitions.get_calendar().parse_period("2025-03"), None)
    text = report.to_json()   # the override returns the text alone
    document = json.loads(text)
    assert document["dashboard"] == "sales"
    assert [r["indicator"] for r in document["rows"]] == ["revenue", "new_customers", "nps"]
    # the duplicated batch of 12 March: revenue failed, NPS (another dataset) good
    assert document["rows"][0]["quality"] == "failed"
    assert document["rows"][2]["quality"] == "good"
    assert document["rows"][0]["findings"]
    csv_text = report.to_csv()
    assert len(csv_text.split("\r\n")) == 1 + 3 + 1
    plain = report.to_text(Kpi.TextFlags.NONE)
    assert "\x1b" not in plain and "Revenue" in plain
    assert "\x1b[" in report.to_text(Kpi.TextFlags.COLOR)


def test_unknown_indicator(definitions):
    board = Kpi.Dashboard.new("typo", Kpi.DashboardType.STRATEGIC)
    board.add_item(Kpi.DashboardItem.new("revenu"))
    with pytest.raises(GLib.Error) as info:
        board.evaluate(definitions, None, None)
    assert "dashboard “typo”, item 1: unknown indicator “revenu”" in info.value.message


STAGES = ["lead", "qualified", "proposal", "negotiation", "won"]


def test_funnel():
    # the opportunities' funnel on the dashboard, counted by the report for
    # June 2025 against a count of the CSV in Python: the cohort is the
    # opportunities whose first row is in June; each counts at every stage
    # up to the furthest it reached (a later stage implies the earlier ones)
    directory = os.environ.get("KPI_TEST_DATA")
    if not directory or not os.path.isdir(directory):
        pytest.fail("KPI_TEST_DATA does not name a generated sample directory")
    document = json.loads(json.dumps(DEFINITIONS))
    document["datasets"].append({"name": "opportunities", "path": "opportunities.csv"})
    document["dashboards"][0]["funnel"] = {
        "dataset": "opportunities", "entity": "opportunity", "stage": "stage", "stages": STAGES}
    calendar = Kpi.Calendar.new(None, 1)
    calendar.set_now(GLib.DateTime.new_utc(2026, 1, 15, 0, 0, 0).to_unix() * 1000000)
    defs = Kpi.Definitions.new(calendar)
    defs.load_data(json.dumps(document).encode(), Gio.File.new_for_path(directory), None)
    board = defs.lookup_dashboard("sales")
    assert board.get_funnel().get_stages() == STAGES
    assert board.props.funnel_basis == Kpi.FunnelBasis.COHORT

    first, furthest = {}, {}
    with open(os.path.join(directory, "opportunities.csv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            date, opportunity, stage = line.split(",")[:3]
            first[opportunity] = min(first.get(opportunity, date), date)
            if stage in STAGES:
                furthest[opportunity] = max(furthest.get(opportunity, -1), STAGES.index(stage))
    expected = [0] * len(STAGES)
    for opportunity, date in first.items():
        if date.startswith("2025-06"):
            for k in range(furthest.get(opportunity, -1) + 1):
                expected[k] += 1
    assert expected[0] > 0

    report = board.evaluate(defs, defs.get_calendar().parse_period("2025-06"), None)
    funnel = report.get_funnel()
    assert list(funnel.get_counts()) == expected
    exported = json.loads(report.to_json())["funnel"]
    assert exported["basis"] == "cohort"
    assert [s["stage"] for s in exported["stages"]] == STAGES
    assert [s["count"] for s in exported["stages"]] == expected
    assert exported["stages"][0]["conversion"] is None
    assert exported["stages"][1]["conversion"] == pytest.approx(expected[1] / expected[0], abs=1e-12)
    assert "\nFunnel (" in report.to_text(Kpi.TextFlags.NONE)
    assert "<h2>Funnel</h2>" in report.to_html()
    # the definitions write it back
    assert '"funnel": {' in defs.to_data()
