// SPDX-License-Identifier: LGPL-2.1-or-later
// Asynchronous evaluation from gjs, as a dashboard would write it: the
// _async methods promisified, awaited in the harness's main loop. The
// numbers are those of the small CRM worked out by hand
// (tests/data/crm-small/README.md).

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Kpi from 'gi://Kpi?version=1.0';

import {test, run, assert, assertEqual, assertClose} from './harness.js';

Gio._promisify(Kpi.Indicator.prototype, 'evaluate_series_async', 'evaluate_series_finish');
Gio._promisify(Kpi.Indicator.prototype, 'evaluate_breakdown_async', 'evaluate_breakdown_finish');
Gio._promisify(Kpi.Benchmark.prototype, 'compare_series_async', 'compare_series_finish');

const small = GLib.build_filenamev([GLib.getenv('KPI_SRCDIR'), 'data', 'crm-small']);
const MINUS = '\u2212';

function crmContext() {
    const catalog = Kpi.Catalog.new();
    catalog.load_builtin('crm');
    for (const name of ['orders', 'marketing']) {
        const dataset = Kpi.Dataset.new('date');
        dataset.load_path(GLib.build_filenamev([small, `${name}.csv`]), null);
        catalog.add_dataset(name, dataset);
    }
    const calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1);
    calendar.set_now(GLib.DateTime.new_from_iso8601('2030-01-01T00:00:00Z', null).to_unix() * 1000000);
    const context = Kpi.Context.new(calendar);
    context.add_catalog(catalog);
    return context;
}

function cancelled() {
    const cancellable = new Gio.Cancellable();
    cancellable.cancel();
    return cancellable;
}

// Awaits a promise that must reject with G_IO_ERROR_CANCELLED.
async function assertCancelled(promise) {
    let error = null;
    try {
        await promise;
    } catch (e) {
        error = e;
    }
    assert(error !== null, 'no error');
    assert(error.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED), `${error}`);
}

test('a series, awaited', async () => {
    const context = crmContext();
    const cal = context.calendar;
    const cac = context.lookup_indicator('customer_acquisition_cost');
    // 300 / 2, 150 / 1, 0 / 1: the references resolve in the worker thread
    const values = await cac.evaluate_series_async(context, cal.parse_period('2025-01'),
        cal.parse_period('2025-03'), null);
    assertEqual(values.map(v => v.get_period().get_label()).join(','), '2025-01,2025-02,2025-03');
    assertEqual(values.map(v => v.get_value()).join(','), '150,150,0');
});

test('a series that cannot be evaluated rejects with the error', async () => {
    const context = crmContext();
    const cal = context.calendar;
    const typo = Kpi.Indicator.new('typo', '@new_customer');
    let error = null;
    try {
        await typo.evaluate_series_async(context, cal.parse_period('2025-01'),
            cal.parse_period('2025-03'), null);
    } catch (e) {
        error = e;
    }
    assert(error !== null, 'no error');
    assert(error.matches(Kpi.ContextError, Kpi.ContextError.UNKNOWN_INDICATOR), `${error}`);
    assert(error.message.endsWith('did you mean “@new_customers”?'), error.message);
});

test('a breakdown and its total, awaited', async () => {
    const context = crmContext();
    const q1 = context.calendar.parse_period('2025-Q1');
    // Q1 gross margin rate by channel, top 1: mobile 40 / 80, the others
    // together 220 / 670 (not the mean of their rates), in all 260 / 750
    const rate = context.lookup_indicator('gross_margin_rate');
    const [groups, total] = await rate.evaluate_breakdown_async(context, q1, 'channel', 1, null);
    assertEqual(groups.map(g => g.get_group()).join(','), 'mobile,other');
    assertEqual(groups[1].get_group_kind(), Kpi.GroupKind.OTHER);
    assertClose(groups[0].get_value(), 0.5, 1e-12);
    assertClose(groups[1].get_value(), 220 / 670, 1e-12);
    assertClose(total.get_value(), 260 / 750, 1e-12);

    // distinct customers: online 4, store 2, mobile 1, and 4 in all
    const active = context.lookup_indicator('active_customers');
    const [all, customers] = await active.evaluate_breakdown_async(context, q1, 'channel', 0, null);
    assertEqual(all.map(g => `${g.get_group()} ${g.get_value()}`).join(', '), 'online 4, store 2, mobile 1');
    assertEqual(customers.get_value(), 4);
});

test('comparisons over a series, awaited', async () => {
    const context = crmContext();
    const cal = context.calendar;
    const revenue = context.lookup_indicator('revenue');
    const previous = Kpi.OffsetBenchmark.new(Kpi.BenchmarkKind.PREVIOUS_PERIOD);
    // January has no month before the data; February 200 against 350:
    // −42.9 %; March 200 against 200
    const comparisons = await previous.compare_series_async(revenue, context,
        cal.parse_period('2025-01'), cal.parse_period('2025-03'), null);
    assertEqual(comparisons.length, 3);
    assert(comparisons[0].get_flags() & Kpi.ComparisonFlags.NO_REFERENCE, 'January has a reference');
    assertEqual(comparisons.slice(1).map(c => c.format_change(1)).join(' '), `${MINUS}42.9 % 0.0 %`);
    assertEqual(comparisons[1].get_status(), Kpi.Status.OFF_TRACK);
    assertEqual(comparisons[1].get_provenance(), 'previous period');
});

test('several evaluations at once, from one context', async () => {
    const context = crmContext();
    const cal = context.calendar;
    const [first, last] = [cal.parse_period('2025-01'), cal.parse_period('2025-03')];
    const ids = ['revenue', 'new_customers', 'marketing_spend'];
    const results = await Promise.all(ids.map(id =>
        context.lookup_indicator(id).evaluate_series_async(context, first, last, null)));
    assertEqual(results.map(values => values.map(v => v.get_value()).join(',')).join(' '),
        '350,200,200 2,1,1 300,150,0');
});

test('cancelled before it starts', async () => {
    const context = crmContext();
    const cal = context.calendar;
    const revenue = context.lookup_indicator('revenue');
    const [first, last] = [cal.parse_period('2025-01'), cal.parse_period('2025-03')];
    await assertCancelled(revenue.evaluate_series_async(context, first, last, cancelled()));
    await assertCancelled(revenue.evaluate_breakdown_async(context, cal.parse_period('2025-Q1'),
        'channel', 0, cancelled()));
    const previous = Kpi.OffsetBenchmark.new(Kpi.BenchmarkKind.PREVIOUS_PERIOD);
    await assertCancelled(previous.compare_series_async(revenue, context, first, last, cancelled()));
});

test('cancelled once under way', async () => {
    const context = crmContext();
    const cal = context.calendar;
    const revenue = context.lookup_indicator('revenue');
    const cancellable = new Gio.Cancellable();
    const days = revenue.evaluate_series_async(context, cal.parse_period('2024-01-01'),
        cal.parse_period('2025-12-31'), cancellable);
    // from the main loop, before the result (queued at the default priority)
    GLib.idle_add(GLib.PRIORITY_HIGH, () => {
        cancellable.cancel();
        return GLib.SOURCE_REMOVE;
    });
    await assertCancelled(days);
});

await run();
