/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The CRM example's September 2025 scorecard with its breakdowns, in Vala,
 * built against the installed library (libkpi-1.0.vapi):
 *   valac --pkg libkpi-1.0 scorecard.vala
 *   ./scorecard DEFINITIONS.json [PERIOD]
 * The dashboard is evaluated in a worker thread (evaluate_async) while the
 * main loop of the async main runs; errors are GErrors, caught by domain. */

async int main (string[] args) {
    if (args.length < 2) {
        stderr.printf ("usage: %s DEFINITIONS.json [PERIOD]\n", args[0]);
        return 2;
    }

    var definitions = new Kpi.Definitions (null);
    Kpi.Period period;
    try {
        definitions.load_file (File.new_for_commandline_arg (args[1]));
        period = definitions.get_calendar ().parse_period (args.length > 2 ? args[2] : "2025-09");
    } catch (Kpi.CalendarError e) {
        stderr.printf ("not a period: %s\n", e.message);
        return 2;
    } catch (Error e) {
        stderr.printf ("%s\n", e.message);
        return 2;
    }

    Kpi.Dashboard? executive = definitions.lookup_dashboard ("executive");
    if (executive == null) {
        stderr.printf ("%s has no executive dashboard\n", args[1]);
        return 2;
    }
    try {
        Kpi.Report report = yield executive.evaluate_async (definitions, period);
        stdout.printf ("%s", report.to_text (Kpi.TextFlags.NONE));
    } catch (Error e) {
        stderr.printf ("%s\n", e.message);
        return 1;
    }
    return 0;
}
