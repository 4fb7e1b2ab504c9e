#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A budget dashboard: revenue against budget month by month, where the
year will land, and the candidate landings it was chosen from.

    budget.py DIR [MONTH]

DIR holds orders.csv and budget.csv (tools/kpi-sample-data writes them);
MONTH (default 2025-09) is the last closed month: the dashboard is read on
the first day of the month after it.
"""

import math
import sys

import gi

gi.require_version("Kpi", "1.0")
gi.require_version("GLib", "2.0")
from gi.repository import GLib, Kpi  # noqa: E402


def load(directory, name):
    dataset = Kpi.Dataset.new("date")
    dataset.load_path(f"{directory}/{name}.csv", None)
    return dataset


def main(argv):
    if len(argv) not in (2, 3):
        print(f"usage: {argv[0]} DIR [MONTH]", file=sys.stderr)
        return 2
    directory = argv[1]
    calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1)
    try:
        month = calendar.parse_period(argv[2] if len(argv) == 3 else "2025-09")
        revenue = Kpi.Indicator.new("revenue", "sum(amount)")
        revenue.set_dataset(load(directory, "orders"))
        revenue.set_unit("EUR")
        budget = Kpi.TableBenchmark.new(Kpi.BenchmarkKind.BUDGET,
                                        load(directory, "budget"), "sum(revenue)")
    except GLib.Error as e:
        print(e.message, file=sys.stderr)
        return 1
    budget.props.source_name = "budget.csv"

    # read on the first day after the month: the month is closed
    calendar.set_now(month.get_end())
    # the revenue reads its own dataset: the context only brings the calendar
    context = Kpi.Context.new(calendar)
    year = calendar.period_at(month.get_start(), Kpi.Granularity.YEAR)
    january = calendar.period_at(year.get_start(), Kpi.Granularity.MONTH)

    print(f"{'month':8} {'actual':>12} {'budget':>12} {'change':>9}  status")
    for c in budget.compare_series(revenue, context, january, month):
        print(f"{c.get_actual().get_period().get_label():8} "
              f"{c.get_actual().format(0):>12} {c.get_reference().format(0):>12} "
              f"{c.format_change(1):>9}  {Kpi.status_to_string(c.get_status())}")

    landing = Kpi.Landing.compute(revenue, context, year, budget, None)
    verdict = landing.get_comparison()
    print(f"\n{year.get_label()} lands at {landing.get_value():.0f} "
          f"({landing.get_lower():.0f} .. {landing.get_upper():.0f}) "
          f"against a budget of {landing.get_budget():.0f}: "
          f"{Kpi.status_to_string(verdict.get_status())}, {verdict.format_remaining(revenue.get_unit(), 0)}")
    print(f"({verdict.get_provenance()})")

    # the candidates the landing was chosen from: the spread of landings,
    # and how each would have done on the past (its backtest error)
    print(f"\n{'candidate':17} {'lands at':>12} {'backtest error':>15}")
    for candidate in landing.get_candidates():
        method = candidate.get_method()
        error = candidate.get_backtest_error()
        mark = "→" if method == landing.get_method() else " "
        print(f"{mark} {Kpi.landing_method_to_string(method):15} {candidate.get_value():>12.0f} "
              f"{'—' if math.isnan(error) else f'{error:.0f}':>15}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
