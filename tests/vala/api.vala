/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libkpi-1.0.vapi across the API, compiled and run by test-vala-example:
 * what the metadata fixes must compile (non-null results of throwing calls,
 * the periods' copy and free, the factories, the async halves' defaults)
 * and give the numbers of tests/data/crm-small/orders.csv:
 *   January: 100 + 200 + 50 = 350, online 100 + 50 = 150, 3 orders;
 *   February: 80 + 120 = 200; March: 60 + 40 + 100 = 200;
 *   the first quarter: 750.
 * Prints one line per area and exits 1 at the first wrong number.
 *   api DIRECTORY-OF-ORDERS.CSV */

int failures = 0;

void expect (bool ok, string what) {
    if (!ok) {
        stderr.printf ("FAIL: %s\n", what);
        failures++;
    }
}

async void check_async (Kpi.Indicator revenue, Kpi.Context context, Kpi.Period jan) throws Error {
    Kpi.Value total;
    var groups = yield revenue.evaluate_breakdown_async (context, jan, "channel", 0, null, out total);
    expect (total.get_value () == 350, "the breakdown's total is 350");
    double online = double.NAN;
    foreach (unowned Kpi.Value v in groups)
        if (v.get_group () == "online")
            online = v.get_value ();
    expect (online == 150, "online in January is 150, not %g".printf (online));
    stdout.printf ("async: breakdown of January by channel, online %g of %g\n", online, total.get_value ());
}

int main (string[] args) {
    try {
        /* calendar and periods */
        var calendar = new Kpi.Calendar (new TimeZone.utc (), 1);
        Kpi.Period jan = calendar.parse_period ("2025-01");
        Kpi.Period mar = calendar.parse_period ("2025-03");
        Kpi.Period q1 = calendar.parse_period ("2025-Q1");
        var months = calendar.list_periods (jan, mar);
        expect (months.length == 3, "Q1 has 3 months");
        Kpi.Period feb = months[1].copy ();
        expect (feb.get_label () == "2025-02", "the second month is 2025-02");
        Kpi.Period? before = calendar.previous (feb);
        expect (before != null && before.equal (jan) && jan.compare (feb) < 0, "January comes before February");
        expect (q1.get_granularity () == Kpi.Granularity.QUARTER && q1.contains (feb.get_start ()), "Q1 holds February");
        stdout.printf ("calendar: %s .. %s, %u months in %s\n", jan.get_label (), mar.get_label (), months.length, q1.get_label ());

        /* a dataset */
        var orders = new Kpi.Dataset ("date");
        orders.load_path (Path.build_filename (args[1], "orders.csv"), null);
        expect (orders.get_n_rows () == 8, "8 orders");
        unowned double[]? amounts = orders.get_measure ("amount");
        expect (amounts != null && amounts.length == 8 && amounts[0] == 100, "the amount column, 8 long, starts at 100");
        stdout.printf ("dataset: %u rows, %u columns\n", orders.get_n_rows (), orders.get_n_columns ());

        /* a formula, and its error domain */
        Kpi.Formula basket = Kpi.Formula.parse ("sum(amount) / count()");
        expect (basket.check (orders), "the formula reads the dataset's fields");
        string[] fields = basket.list_fields ();
        expect (fields.length == 1 && fields[0] == "amount", "the formula reads amount");
        try {
            Kpi.Formula.parse ("sum(amount");
            expect (false, "an unclosed parenthesis is an error");
        } catch (Kpi.FormulaError.SYNTAX e) {
            stdout.printf ("formula: %s; a syntax error: %s\n", basket.get_text (), e.message);
        }

        /* indicators over a context */
        var context = new Kpi.Context (calendar);
        context.add_dataset ("orders", orders);
        var revenue = new Kpi.Indicator ("revenue", "sum(amount)");
        revenue.set_dataset_name ("orders");
        context.add_indicator (revenue);
        Kpi.Value value = revenue.evaluate (context, jan);
        expect (value.get_value () == 350 && !value.is_missing (), "January's revenue is 350");
        var series = revenue.evaluate_series (context, jan, mar);
        expect (series.length == 3 && series[1].get_value () == 200 && series[2].get_value () == 200, "200 in February and March");
        expect (revenue.evaluate (context, q1).get_value () == 750, "the first quarter's revenue is 750");
        stdout.printf ("indicator: revenue %s in January\n", value.format (0));

        /* a benchmark: 350 against a target of 300 */
        var target = new Kpi.ConstantBenchmark (Kpi.BenchmarkKind.TARGET, 300);
        Kpi.Comparison comparison = target.compare (revenue, context, jan);
        expect (comparison.get_delta () == 50, "50 over the target");
        expect (Math.fabs (comparison.get_attainment () - 350.0 / 300.0) < 1e-12, "an attainment of 350/300");
        stdout.printf ("benchmark: delta %g, attainment %.4f, %s\n", comparison.get_delta (),
                       comparison.get_attainment (), comparison.get_status ().to_string ());

        /* a check suite, with a check from the factory */
        var suite = new Kpi.CheckSuite ();
        var amount_complete = new Kpi.CompletenessCheck ("orders", { "amount" });
        amount_complete.set_id ("amount-complete");
        suite.add (amount_complete);
        Kpi.Check by_name = Kpi.CheckSuite.new_check ("completeness");
        by_name.set_dataset_name ("orders");
        by_name.set_fields ({ "cost" });
        by_name.set_id ("cost-complete");
        suite.add (by_name);
        var results = suite.run (context);
        expect (results.length == 2, "two results");
        foreach (unowned Kpi.CheckResult r in results)
            expect (r.get_status () == Kpi.CheckStatus.PASS, "every amount and cost is there");
        expect (suite.get_n_items () == 2, "the suite lists its two checks");
        stdout.printf ("checks: %u run, all pass\n", results.length);

        /* an abstract class's factory, and a trend */
        Kpi.Watch watch = Kpi.Watch.new_for_type ("threshold", "revenue-floor");
        expect (watch.get_id () == "revenue-floor", "the watch has its id");
        Kpi.Trend trend = Kpi.Trend.analyze ({ 1, 2, 3, 4, 5, 6, 7, 8 }, 0.05, 0);
        expect (trend.get_direction () == Kpi.TrendDirection.RISING, "1..8 is rising");
        stdout.printf ("trend: %s\n", trend.get_direction ().to_string ());

        /* the async halves, with their defaults */
        var loop = new MainLoop ();
        Error? async_error = null;
        check_async.begin (revenue, context, jan, (obj, res) => {
            try {
                check_async.end (res);
            } catch (Error e) {
                async_error = e;
            }
            loop.quit ();
        });
        loop.run ();
        if (async_error != null)
            throw async_error;
    } catch (Error e) {
        stderr.printf ("FAIL: unexpected error: %s\n", e.message);
        return 1;
    }
    return failures == 0 ? 0 : 1;
}
