// SPDX-License-Identifier: LGPL-2.1-or-later
// Data-quality checks from gjs: a check written in JavaScript (run with the
// synchronous call: gjs cannot run it in a worker thread), a checks file,
// and findings on the values they affect.

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import GObject from 'gi://GObject';
import Kpi from 'gi://Kpi?version=1.0';

import {test, run, assert, assertEqual, assertClose, makeIterable} from './harness.js';

const ORDERS = [
    'date,order_id,channel,amount',
    '2025-03-03,1,online,100',
    '2025-03-12,2,online,-40',
    '2025-04-02,4,online,300',
].join('\n');

const NegativeAmounts = GObject.registerClass({
    GTypeName: 'JsNegativeAmounts',
}, class NegativeAmounts extends Kpi.Check {
    vfunc_run(context, _cancellable) {
        const dataset = this.dup_dataset(context);
        const calendar = context.get_calendar();
        const result = new Kpi.CheckResult({status: Kpi.CheckStatus.PASS});
        const n = dataset.get_n_rows();
        let bad = 0;
        for (let row = 0; row < n; row++) {
            const [, amount] = dataset.get_measure_value('amount', row);
            if (amount < 0) {
                bad++;
                result.add_affected(calendar.period_at(dataset.get_time(row), Kpi.Granularity.DAY), null, null);
                this.add_sample(result, dataset, row);
            }
        }
        result.set_counts(n, 0, bad);
        result.status = this.grade_rows(n, 0, bad);
        result.set_fields(['amount']);
        result.message = `${bad} negative amount(s)`;
        return result;
    }
});

Gio._promisify(Kpi.CheckSuite.prototype, 'run_async', 'run_finish');
makeIterable(Kpi.CheckSuite);

function context() {
    const calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1);
    calendar.set_now(GLib.DateTime.new_from_iso8601('2025-06-01T00:00:00Z', null).to_unix() * 1000000);
    const orders = Kpi.Dataset.new('date');
    orders.load_data(new TextEncoder().encode(ORDERS), null);
    const ctx = Kpi.Context.new(calendar);
    ctx.add_dataset('orders', orders);
    const revenue = Kpi.Indicator.new('revenue', 'sum(amount)');
    revenue.set_dataset_name('orders');
    ctx.add_indicator(revenue);
    return ctx;
}

test('a check written in JavaScript taints March, not April', () => {
    const ctx = context();
    const suite = Kpi.CheckSuite.new();
    suite.load_data(JSON.stringify({checks: [
        {type: 'JsNegativeAmounts', id: 'no_refunds', dataset: 'orders', key_fields: ['order_id']},
    ]}), -1, null);
    const [result] = suite.run(ctx, null);
    assertEqual(result.status, Kpi.CheckStatus.FAIL);
    assertEqual(result.message, '1 negative amount(s)');
    assertEqual(result.get_sample_keys(0).join(','), '2');
    assertEqual(JSON.parse(result.to_json()).affected[0].period, '2025-03-12');

    const cal = ctx.get_calendar();
    const values = suite.annotate(ctx.lookup_indicator('revenue'), ctx,
        ctx.lookup_indicator('revenue').evaluate_series(ctx, cal.parse_period('2025-03'),
            cal.parse_period('2025-04')), null);
    assertEqual(values[0].get_quality(), Kpi.Quality.FAILED);
    assertClose(values[0].get_confidence(), 0.5);
    assertEqual(values[0].get_findings()[0].check_id, 'no_refunds');
    assertEqual(values[1].get_quality(), Kpi.Quality.GOOD);
    assertClose(values[1].get_confidence(), 1);
});

test('the suite is a list model of its checks', () => {
    const suite = Kpi.CheckSuite.new();
    suite.add(new NegativeAmounts({id: 'a', dataset_name: 'orders'}));
    suite.add(new NegativeAmounts({id: 'b', dataset_name: 'orders', mostly: 0.5}));
    assertEqual(suite.get_n_items(), 2);
    const ids = [];
    for (const check of suite)
        ids.push(check.id);
    assertEqual(ids.join(','), 'a,b');
    assert([...suite].every(check => check instanceof NegativeAmounts), 'not the checks added');
    assertEqual(suite.lookup('b').mostly, 0.5);
});

test('a bad checks file names the JSON path', () => {
    const suite = Kpi.CheckSuite.new();
    let error = null;
    try {
        suite.load_data('{"checks": [{"type": "JsNegativeAmounts", "id": "x", "mostlyy": 1}]}', -1, null);
    } catch (e) {
        error = e;
    }
    assert(error !== null, 'no error');
    assert(error.matches(Kpi.CheckError, Kpi.CheckError.PARSE), `${error}`);
    assert(error.message.includes('$.checks[0].mostlyy: unknown key'), error.message);
    assert(error.message.endsWith('did you mean “mostly”?'), error.message);
});

test('closures say which months are final', () => {
    const ctx = context();
    ctx.lookup_dataset('orders').expected_lag = 10 * 86400 * 1000000;
    const cal = ctx.get_calendar();
    const values = ctx.lookup_indicator('revenue').evaluate_series(ctx, cal.parse_period('2025-03'),
        cal.parse_period('2025-05'));
    assertEqual(values.map(v => v.get_closure()).join(','),
        [Kpi.Closure.FINAL, Kpi.Closure.OVERDUE, Kpi.Closure.PROVISIONAL].join(','));
});

test('built-in checks, awaited, with progress', async () => {
    const ctx = context();
    const suite = Kpi.CheckSuite.new();
    suite.load_data(JSON.stringify({checks: [
        {type: 'uniqueness', id: 'ids_unique', dataset: 'orders', fields: ['order_id']},
        {type: 'validity', id: 'no_refunds', dataset: 'orders', fields: ['amount'], min: 0},
    ]}), -1, null);
    const progress = [];
    suite.connect('progress', (_suite, done, total) => progress.push(`${done}/${total}`));
    const results = await suite.run_async(ctx, null);
    assertEqual(results.map(r => r.status).join(','),
        [Kpi.CheckStatus.PASS, Kpi.CheckStatus.FAIL].join(','));
    assert(results[1].message.includes('amount'), results[1].message);
    assertEqual(progress.join(','), '1/2,2/2');
    assert(Kpi.CheckSuite.list_types().includes('estimate-bias'));
});

await run();
