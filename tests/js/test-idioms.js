// SPDX-License-Identifier: LGPL-2.1-or-later
// The JavaScript idioms of docs/javascript.md, each tested as the page shows
// it: list models in for...of, instants as GLib.DateTime, out-parameters
// destructured, errors matched by their domain's class, cancellation inside
// an await, and a benchmark and a watch written in JavaScript (used from the
// synchronous calls: gjs runs JavaScript in its main thread only). The
// numbers are those of the small CRM worked out by hand
// (tests/data/crm-small/README.md).

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import GObject from 'gi://GObject';
import Kpi from 'gi://Kpi?version=1.0';
import System from 'system';

import {test, run, assert, assertEqual, assertClose, assertThrows, makeIterable} from './harness.js';

Gio._promisify(Kpi.Indicator.prototype, 'evaluate_series_async', 'evaluate_series_finish');
Gio._promisify(Kpi.Dashboard.prototype, 'evaluate_async', 'evaluate_finish');
makeIterable(Kpi.Catalog, Kpi.CheckSuite, Kpi.Dashboard, Kpi.Report);

const small = GLib.build_filenamev([GLib.getenv('KPI_SRCDIR'), 'data', 'crm-small']);

// An instant (µs since the epoch, UTC) from a GLib.DateTime and back: exact
// to the microsecond while it is below 2^53 µs (the year 2255).
const toUsec = dateTime => dateTime.to_unix() * 1e6 + dateTime.get_microsecond();
const fromUsec = usec => GLib.DateTime.new_from_unix_utc(0).add(usec);
const usec = iso => toUsec(GLib.DateTime.new_from_iso8601(iso, null));

function crmContext() {
    const catalog = Kpi.Catalog.new();
    catalog.load_builtin('crm');
    for (const name of ['orders', 'marketing']) {
        const dataset = Kpi.Dataset.new('date');
        dataset.load_path(GLib.build_filenamev([small, `${name}.csv`]), null);
        catalog.add_dataset(name, dataset);
    }
    const calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1);
    calendar.set_now(usec('2030-01-01T00:00:00Z'));
    const context = Kpi.Context.new(calendar);
    context.add_catalog(catalog);
    return context;
}

// The small CRM's orders as definitions, with a dashboard of two rows.
function crmDefinitions() {
    const calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1);
    calendar.set_now(usec('2030-01-01T00:00:00Z'));
    const defs = Kpi.Definitions.new(calendar);
    defs.load_data(new TextEncoder().encode(JSON.stringify({
        version: 1,
        datasets: [{name: 'orders', path: 'orders.csv'}],
        indicators: [
            {id: 'revenue', title: 'Revenue', dataset: 'orders', formula: 'sum(amount)'},
            {id: 'sales', title: 'Sales', dataset: 'orders', formula: 'count()'},
        ],
        dashboards: [{id: 'sales', type: 'operational', indicators: [{indicator: 'revenue'}, {indicator: 'sales'}]}],
    })), Gio.File.new_for_path(small), null);
    return defs;
}

test('the list models iterate with for...of', () => {
    const catalog = Kpi.Catalog.new();
    catalog.load_builtin('crm');
    const ids = [...catalog].map(indicator => indicator.id);
    assertEqual(ids.length, catalog.get_n_items());
    assert(ids.includes('revenue') && ids.includes('customer_acquisition_cost'), ids.join(','));

    const suite = Kpi.CheckSuite.new();
    suite.load_data(JSON.stringify({checks: [
        {type: 'uniqueness', id: 'ids_unique', dataset: 'orders', fields: ['order_id']},
        {type: 'validity', id: 'no_refunds', dataset: 'orders', fields: ['amount'], min: 0},
    ]}), -1, null);
    const checks = [];
    for (const check of suite)
        checks.push(`${check.id} ${check.constructor.name}`);
    assertEqual(checks.join(', '), 'ids_unique Kpi_UniquenessCheck, no_refunds Kpi_ValidityCheck');

    const defs = crmDefinitions();
    const board = defs.lookup_dashboard('sales');
    assertEqual(Array.from(board, item => item.indicator_id).join(','), 'revenue,sales');
    // March: 60 + 40 + 100 = 200 in 3 orders
    const report = board.evaluate(defs, defs.get_calendar().parse_period('2025-03'), null);
    const rows = [];
    for (const row of report)
        rows.push(`${row.title} ${row.get_value().get_value()}`);
    assertEqual(rows.join(', '), 'Revenue 200, Sales 3');
    // an empty model iterates nothing
    assertEqual([...Kpi.CheckSuite.new()].length, 0);
});

test('instants are GLib.DateTime in, GLib.DateTime out, to the microsecond', () => {
    const ds = Kpi.Dataset.new('time');
    ds.load_data(new TextEncoder().encode(
        'time,amount\n2025-03-30T01:59:59.999999Z,1\n2199-12-31T23:59:59.000001Z,2\n'), null);
    // 1 743 299 999 999 999 µs; 7 258 118 399 000 001 µs, below 2^53
    assertEqual(ds.get_time(0), usec('2025-03-30T01:59:59.999999Z'));
    assertEqual(ds.get_time(0), 1743299999999999);
    assertEqual(ds.get_time(1), 7258118399000001);
    assertEqual(fromUsec(ds.get_time(1)).format_iso8601(), '2199-12-31T23:59:59.000001Z');
    assert(Number.isSafeInteger(ds.max_time), `${ds.max_time}`);
    // a JavaScript Date holds milliseconds: the microseconds are lost
    assertEqual(new Date(ds.get_time(0) / 1000).toISOString(), '2025-03-30T01:59:59.999Z');

    // a period's bounds are instants too; in Paris, 30 March 2025 is 23 hours long
    const paris = Kpi.Calendar.new(GLib.TimeZone.new_identifier('Europe/Paris'), 1);
    const day = paris.parse_period('2025-03-30');
    assertEqual((day.get_end() - day.get_start()) / 3600e6, 23);
    assertEqual(fromUsec(day.get_start()).to_timezone(paris.time_zone).format_iso8601(),
        '2025-03-30T00:00:00+01');
    assertEqual(paris.period_at(ds.get_time(0), Kpi.Granularity.DAY).get_label(), '2025-03-30');
});

test('out-parameters come back as an array to destructure, lists as arrays', () => {
    const context = crmContext();
    const orders = context.lookup_dataset('orders');
    const [hasRows, first, last] = orders.get_time_range();
    assert(hasRows);
    assertEqual(fromUsec(first).format('%F'), '2025-01-05');
    assertEqual(fromUsec(last).format('%F'), '2025-03-20');
    const [found, index, kind] = orders.lookup_column('amount');
    assert(found && index > 0, `${index}`);
    assertEqual(kind, Kpi.ColumnKind.MEASURE);
    const [present, amount] = orders.get_measure_value('amount', 0);
    assert(present);
    assertEqual(amount, 100);

    const cal = context.calendar;
    // a GPtrArray (transfer container) is a JavaScript array of boxed values
    const values = context.lookup_indicator('revenue').evaluate_series(context,
        cal.parse_period('2025-01'), cal.parse_period('2025-03'));
    assert(Array.isArray(values), 'not an array');
    assertEqual(values.map(v => v.get_value()).join(','), '350,200,200');
    // several out-parameters after a return value: [return, out1, ...]
    const [groups, total] = context.lookup_indicator('active_customers')
        .evaluate_breakdown(context, cal.parse_period('2025-Q1'), 'channel', 0);
    assertEqual(groups.map(g => `${g.get_group()} ${g.get_value()}`).join(', '), 'online 4, store 2, mobile 1');
    assertEqual(total.get_value(), 4);
});

test('errors are GLib.Error matched by their domain\'s class', async () => {
    const ds = Kpi.Dataset.new('date');
    const error = assertThrows(() => ds.load_data(new TextEncoder().encode('date,amount\n2025-01-01,1,2\n'),
        null));
    assert(error instanceof GLib.Error, `${error}`);
    assert(error instanceof Kpi.DatasetError, `${error}`);
    assert(!(error instanceof Kpi.FormulaError), `${error}`);
    assert(error.matches(Kpi.DatasetError, Kpi.DatasetError.PARSE), `${error}`);
    assert(!error.matches(Kpi.DatasetError, Kpi.DatasetError.INVALID_NUMBER), `${error}`);
    assertEqual(error.code, Kpi.DatasetError.PARSE);
    assert(error.message.startsWith('<data>:2:14: too many fields'), error.message);

    // a rejected promise: the same error, caught around the await
    const context = crmContext();
    const cal = context.calendar;
    let rejected = null;
    try {
        await Kpi.Indicator.new('typo', '@new_customer').evaluate_series_async(context,
            cal.parse_period('2025-01'), cal.parse_period('2025-03'), null);
    } catch (e) {
        rejected = e;
    }
    assert(rejected?.matches(Kpi.ContextError, Kpi.ContextError.UNKNOWN_INDICATOR), `${rejected}`);
    assert(rejected.message.endsWith('did you mean “@new_customers”?'), rejected.message);
});

test('cancellation inside an await', async () => {
    const context = crmContext();
    const cal = context.calendar;
    const [first, last] = [cal.parse_period('2024-01-01'), cal.parse_period('2025-12-31')];
    const ids = ['revenue', 'new_customers', 'marketing_spend'];
    // one cancellable for three evaluations under way: all three reject
    const cancellable = new Gio.Cancellable();
    const all = Promise.allSettled(ids.map(id =>
        context.lookup_indicator(id).evaluate_series_async(context, first, last, cancellable)));
    cancellable.cancel();
    const outcomes = await all;
    assertEqual(outcomes.map(o => o.status).join(','), 'rejected,rejected,rejected');
    assert(outcomes.every(o => o.reason.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED)),
        `${outcomes.map(o => o.reason)}`);

    // a dashboard cancelled from the main loop while it is awaited; then a
    // new cancellable (a cancelled one stays cancelled) evaluates it
    const defs = crmDefinitions();
    const board = defs.lookup_dashboard('sales');
    const march = defs.get_calendar().parse_period('2025-03');
    const stop = new Gio.Cancellable();
    GLib.idle_add(GLib.PRIORITY_HIGH, () => {
        stop.cancel();
        return GLib.SOURCE_REMOVE;
    });
    let error = null;
    try {
        await board.evaluate_async(defs, march, stop);
    } catch (e) {
        error = e;
    }
    assert(error?.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED), `${error}`);
    const report = await board.evaluate_async(defs, march, new Gio.Cancellable());
    assertEqual([...report].map(row => row.get_value().get_value()).join(','), '200,3');
});

// A peer's figures as a reference: a subclass of Kpi.Benchmark in JavaScript.
const PeerBenchmark = GObject.registerClass({
    GTypeName: 'JsPeerBenchmark',
}, class PeerBenchmark extends Kpi.Benchmark {
    constructor(figures) {
        super({kind: Kpi.BenchmarkKind.PEER});
        this._figures = figures;
    }

    vfunc_evaluate(_indicator, _context, period) {
        const figure = this._figures[period.get_label()];
        if (figure === undefined)
            return Kpi.Value.new_missing(period, 0, Kpi.ValueFlags.NO_DATA);
        return Kpi.Value.new(period, figure, 0, Kpi.ValueFlags.NONE);
    }

    vfunc_describe() {
        return 'industry survey 2025';
    }
});

test('a benchmark written in JavaScript, compared synchronously', () => {
    const context = crmContext();
    const cal = context.calendar;
    const peer = new PeerBenchmark({'2025-01': 250, '2025-02': 400});
    const comparisons = peer.compare_series(context.lookup_indicator('revenue'), context,
        cal.parse_period('2025-01'), cal.parse_period('2025-03'));
    // 350 against 250: +40 %; 200 against 400: −50 %; March has no figure
    assertEqual(comparisons.map(c => c.format_change(0)).join(' '), '+40 % \u221250 % n/a');
    assertEqual(comparisons[0].get_provenance(), 'industry survey 2025');
    assert(comparisons[2].get_flags() & Kpi.ComparisonFlags.NO_REFERENCE, 'March has a reference');
    assertClose(comparisons[1].get_attainment(), 0.5);
});

// An application's own watch rule: revenue under a quota. It notes the
// periods it was asked about.
const QuotaWatch = GObject.registerClass({
    GTypeName: 'JsQuotaWatch',
    Properties: {
        quota: GObject.ParamSpec.double('quota', 'Quota', 'The revenue expected',
            GObject.ParamFlags.READWRITE, 0, Number.MAX_VALUE, 0),
    },
}, class QuotaWatch extends Kpi.Watch {
    vfunc_evaluate(context, period) {
        this.asked = [...this.asked ?? [], period.get_label()];
        const revenue = context.lookup_indicator('revenue').evaluate(context, period).get_value();
        if (revenue >= this.quota)
            return [];
        return [Kpi.Alert.new(this, Kpi.Status.OFF_TRACK, 'revenue', null,
            `revenue ${revenue} below its quota of ${this.quota}`, revenue, this.quota, Kpi.TIME_UNSET)];
    }
});

// gjs 1.74 hands the library an empty GPtrArray for the array a vfunc
// returns (no error, no warning): a watch's alerts are lost on the way.
const LOSES_RETURNED_ARRAYS = System.version < 17500;

test('a watch written in JavaScript, on a dashboard evaluated synchronously', () => {
    const defs = crmDefinitions();
    const board = defs.lookup_dashboard('sales');
    const watch = new QuotaWatch({id: 'quota', quota: 300});
    board.add_watch(watch);
    const cal = defs.get_calendar();
    // January's 350 meets the quota of 300; March's 200 does not
    assertEqual(board.evaluate(defs, cal.parse_period('2025-01'), null).get_alerts().length, 0);
    const alerts = board.evaluate(defs, cal.parse_period('2025-03'), null).get_alerts();
    assertEqual(watch.asked.join(','), '2025-01,2025-03');
    // the alert the JavaScript made, as the library would receive it
    const [made] = watch.vfunc_evaluate(defs.get_context(), cal.parse_period('2025-03'));
    assertEqual(made.get_watch_type(), 'js-quota-watch');
    assertEqual(made.get_message(), 'revenue 200 below its quota of 300');
    assertEqual(made.get_status(), Kpi.Status.OFF_TRACK);
    if (LOSES_RETURNED_ARRAYS) {
        assertEqual(alerts.length, 0, `gjs ${System.version} passed the alerts on:`);
    } else {
        assertEqual(alerts.length, 1);
        assertEqual(alerts[0].get_message(), made.get_message());
    }
    // the type name makes one, as a definitions file's "kind" does
    const byName = Kpi.Watch.new_for_type('JsQuotaWatch', 'quota2');
    assert(byName instanceof QuotaWatch, `${byName}`);
});

await run();
