#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Load a CSV file with libkpi and summarize it.

    example.py orders.csv

Prints the number of rows, the columns and their kinds, the time span, and
the revenue per channel (the `amount` measure summed by `channel`).
"""

import math
import sys
from datetime import datetime, timezone

import gi

gi.require_version("Kpi", "1.0")
from gi.repository import GLib, Kpi  # noqa: E402


def iso_date(usec):
    """Microseconds since the epoch (UTC), as an ISO 8601 date."""
    return datetime.fromtimestamp(usec / 1_000_000, timezone.utc).date().isoformat()


def main(argv):
    if len(argv) != 2:
        print("usage: %s FILE.csv" % argv[0], file=sys.stderr)
        return 2

    orders = Kpi.Dataset.new("date")
    try:
        orders.load_path(argv[1], None)
    except GLib.Error as e:
        print(e.message, file=sys.stderr)
        return 1

    print("%d rows" % orders.props.n_rows)
    for i in range(orders.props.n_columns):
        print("  %-10s %s" % (orders.get_column_name(i), orders.get_column_kind(i).value_nick))

    has_rows, first, last = orders.get_time_range()
    if has_rows:
        print("from %s to %s" % (iso_date(first), iso_date(last)))

    # Group by the channel codes: code i is channels[i].
    channels = orders.get_dimension_dictionary("channel")
    codes = orders.get_dimension_codes("channel")
    amounts = orders.get_measure("amount")
    revenue = [0.0] * len(channels)
    for code, amount in zip(codes, amounts):
        if code != Kpi.DIMENSION_MISSING and not math.isnan(amount):
            revenue[code] += amount

    print("revenue by channel:")
    for channel, total in sorted(zip(channels, revenue), key=lambda item: -item[1]):
        print("  %-10s %14.2f" % (channel, total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
