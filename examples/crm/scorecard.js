// SPDX-License-Identifier: LGPL-2.1-or-later
// The CRM example's September 2025 scorecard with its breakdowns, in gjs:
//   gjs -m examples/crm/scorecard.js DEFINITIONS.json [PERIOD]
import Gio from 'gi://Gio';
import Kpi from 'gi://Kpi?version=1.0';
import System from 'system';

Gio._promisify(Kpi.Dashboard.prototype, 'evaluate_async', 'evaluate_finish');

const [path, label = '2025-09'] = System.programArgs;
const definitions = Kpi.Definitions.new(null);
definitions.load_file(Gio.File.new_for_path(path), null);
const period = definitions.get_calendar().parse_period(label);
const report = await definitions.lookup_dashboard('executive').evaluate_async(definitions, period, null);
print(report.to_text(Kpi.TextFlags.NONE).trimEnd());
