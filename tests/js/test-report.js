// SPDX-License-Identifier: LGPL-2.1-or-later
// A dashboard evaluated from gjs, as a GNOME application would: the
// evaluation awaited in a worker thread, progress in the main loop, the
// rows iterated.

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Kpi from 'gi://Kpi?version=1.0';

import {test, run, assert, assertEqual, makeIterable} from './harness.js';

Gio._promisify(Kpi.Dashboard.prototype, 'evaluate_async', 'evaluate_finish');
makeIterable(Kpi.Report);

const DEFINITIONS = {
    version: 1,
    datasets: [
        {name: 'orders', path: 'orders.csv'},
        {name: 'targets', path: 'targets.csv'},
    ],
    indicators: [
        {id: 'revenue', title: 'Revenue', dataset: 'orders', formula: 'sum(amount)', kind: 'performance'},
        {id: 'orders', title: 'Orders', dataset: 'orders', formula: 'count()', kind: 'steering'},
    ],
    benchmarks: [
        {name: 'revenue_target', kind: 'target', table: 'targets',
            formula: 'sum(target where indicator = "revenue")'},
    ],
    dashboards: [{
        id: 'sales', type: 'strategic',
        indicators: [
            {indicator: 'revenue', perspective: 'financial', target: 'revenue_target'},
            {indicator: 'orders', perspective: 'internal-process'},
        ],
    }],
};

function definitions() {
    const calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1);
    calendar.set_now(GLib.DateTime.new_from_iso8601('2026-01-15T00:00:00Z', null).to_unix() * 1000000);
    const defs = Kpi.Definitions.new(calendar);
    defs.load_data(new TextEncoder().encode(JSON.stringify(DEFINITIONS)),
        Gio.File.new_for_path(GLib.getenv('KPI_TEST_DATA')), null);
    return defs;
}

test('a report, awaited, its rows iterated', async () => {
    const defs = definitions();
    const board = defs.lookup_dashboard('sales');
    const period = defs.get_calendar().parse_period('2025-09');
    const progress = [];
    board.connect('progress', (_board, done, total) => progress.push(`${done}/${total}`));
    const report = await board.evaluate_async(defs, period, null);
    const titles = [];
    for (const row of report) {
        titles.push(row.title);
        assert(!row.get_value().is_missing(), row.title);
    }
    assertEqual(titles.join(','), 'Revenue,Orders');
    assertEqual(report.get_n_items(), 2);
    const [revenueRow, ordersRow] = report;
    // the same numbers as the indicator evaluated alone
    const context = defs.get_context();
    const revenue = context.lookup_indicator('revenue');
    assertEqual(revenueRow.get_value().get_value(), revenue.evaluate(context, period).get_value());
    assertEqual(revenueRow, report.get_item(0));
    assertEqual(revenueRow.status, revenueRow.get_target().get_status());
    // no target: no status, no score
    assertEqual(ordersRow.status, Kpi.Status.UNKNOWN);
    assert(Number.isNaN(ordersRow.score));
    // progress came in this main loop, once per item
    while (progress.length < 2)
        GLib.MainContext.default().iteration(true);
    assertEqual(progress.join(' '), '1/2 2/2');
    const [json] = report.to_json();
    assertEqual(JSON.parse(json).rows.length, 2);
});

test('a cancelled evaluation rejects', async () => {
    const defs = definitions();
    const cancellable = new Gio.Cancellable();
    cancellable.cancel();
    let error = null;
    try {
        await defs.lookup_dashboard('sales').evaluate_async(defs, null, cancellable);
    } catch (e) {
        error = e;
    }
    assert(error !== null && error.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED), `${error}`);
});

await run();
