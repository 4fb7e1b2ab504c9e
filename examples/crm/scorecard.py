#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# The CRM example's September 2025 scorecard with its breakdowns, in Python:
#   /usr/bin/python3 examples/crm/scorecard.py DEFINITIONS.json [PERIOD]
import sys
import gi
gi.require_version("Kpi", "1.0")
from gi.repository import Gio, Kpi

definitions = Kpi.Definitions.new(None)
definitions.load_file(Gio.File.new_for_path(sys.argv[1]), None)
period = definitions.get_calendar().parse_period(sys.argv[2] if len(sys.argv) > 2 else "2025-09")
report = definitions.lookup_dashboard("executive").evaluate(definitions, period, None)
print(report.to_text(Kpi.TextFlags.NONE), end="")
