// SPDX-License-Identifier: LGPL-2.1-or-later
// Benchmarks from gjs: a monthly budget, a yearly budget phased evenly, the
// same period last year (leap February), a partial month like for like.

import GLib from 'gi://GLib';
import Kpi from 'gi://Kpi?version=1.0';

import {test, run, assert, assertEqual, assertClose, assertThrows} from './harness.js';

const encoder = new TextEncoder();

const orders = `date,channel,amount
2024-02-10,online,100
2024-02-29,online,80
2025-02-05,online,100
2025-02-20,online,300
2025-03-03,online,150
2025-03-20,online,999
`;

const budgetCsv = `date,channel,revenue,cost
2025-02-01,online,1200,700
2025-03-01,online,3100,1800
`;

function fromCsv(text) {
    const dataset = Kpi.Dataset.new('date');
    dataset.load_data(encoder.encode(text), null);
    return dataset;
}

function calendarAt(now) {
    const cal = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1);
    cal.set_now(GLib.DateTime.new_from_iso8601(now, null).to_unix() * 1000000);
    return cal;
}

function onlineRevenue() {
    const indicator = Kpi.Indicator.new('online_revenue', 'sum(amount where channel = "online")');
    indicator.set_dataset(fromCsv(orders));
    return indicator;
}

test('monthly budget', () => {
    const cal = calendarAt('2030-01-01T00:00:00Z');
    const budget = Kpi.TableBenchmark.new(Kpi.BenchmarkKind.BUDGET, fromCsv(budgetCsv),
        'sum(revenue where channel = "online")');
    budget.source_name = 'budget.csv';
    // February 2025: 100 + 300 = 400 against 1 200.
    const c = budget.compare(onlineRevenue(), Kpi.Context.new(cal), cal.parse_period('2025-02'));
    assertEqual(c.get_actual().get_value(), 400);
    assertEqual(c.get_reference().get_value(), 1200);
    assertClose(c.get_attainment(), 1 / 3);
    assertEqual(c.get_status(), Kpi.Status.OFF_TRACK);
    assertEqual(c.get_provenance(), 'budget.csv, sum(revenue where channel = "online")');
});

test('yearly budget phased evenly', () => {
    const cal = calendarAt('2030-01-01T00:00:00Z');
    const context = Kpi.Context.new(cal);
    const budget = Kpi.TableBenchmark.new(Kpi.BenchmarkKind.BUDGET,
        fromCsv('date,revenue\n2025-01-01,120000\n'), 'sum(revenue)');
    budget.source_granularity = Kpi.Granularity.YEAR;
    assertThrows(() => budget.evaluate(onlineRevenue(), context, cal.parse_period('2025-03')),
        e => assert(e.matches(Kpi.BenchmarkError, Kpi.BenchmarkError.NEEDS_PHASING), `${e}`));
    budget.phasing = Kpi.Phasing.new(Kpi.PhasingMethod.EVEN);
    // 120 000 / 12 months.
    assertClose(budget.evaluate(onlineRevenue(), context, cal.parse_period('2025-03')).get_value(), 10000);
    assertEqual(budget.provenance, 'table, sum(revenue), phased evenly from years');
});

test('leap February against last year', () => {
    const cal = calendarAt('2030-01-01T00:00:00Z');
    const lastYear = Kpi.OffsetBenchmark.new(Kpi.BenchmarkKind.LAST_YEAR);
    // February 2025 (400) against February 2024, 29 days (100 + 80 = 180).
    const c = lastYear.compare(onlineRevenue(), Kpi.Context.new(cal), cal.parse_period('2025-02'));
    assertEqual(c.get_reference().get_value(), 180);
    assertClose(c.get_relative_change(), 220 / 180);
    assertEqual(c.get_provenance(), 'same period last year');
});

test('partial month like for like', () => {
    const cal = calendarAt('2025-03-15T00:00:00Z');
    const previous = Kpi.OffsetBenchmark.new(Kpi.BenchmarkKind.PREVIOUS_PERIOD);
    // 1-14 March (150) against 1-14 February (100).
    const c = previous.compare(onlineRevenue(), Kpi.Context.new(cal), cal.parse_period('2025-03'));
    assert(c.get_flags() & Kpi.ComparisonFlags.PARTIAL_PERIOD);
    assertEqual(c.get_actual().get_value(), 150);
    assertEqual(c.get_reference().get_value(), 100);
    assertEqual(c.get_reference().get_period().get_label(), '2025-02..2025-02-14');
});

test('a forecast as the reference, and the accuracy of an external one', () => {
    // revenue grows by 10 a month: 100 in January 2024 ... 330 in December 2025
    let rows = 'date,amount\n';
    for (let i = 0; i < 24; i++)
        rows += `${2024 + Math.floor(i / 12)}-${String(1 + i % 12).padStart(2, '0')}-01,${100 + 10 * i}\n`;
    const revenue = Kpi.Indicator.new('revenue', 'sum(amount)');
    revenue.set_dataset(fromCsv(rows));
    const cal = calendarAt('2025-06-16T00:00:00Z');
    const context = Kpi.Context.new(cal);

    const model = Kpi.ForecastBenchmark.new(new Kpi.Forecaster({method: Kpi.ForecastMethod.HOLT}));
    const march = model.compare(revenue, context, cal.parse_period('2025-03'));
    assertClose(march.get_reference().get_value(), 240);
    assertEqual(march.get_status(), Kpi.Status.ON_TRACK);

    // the sales team's forecast was 5 too high every month
    const external = Kpi.TableBenchmark.new(Kpi.BenchmarkKind.FORECAST,
        fromCsv('date,forecast\n2025-01-01,225\n2025-02-01,235\n2025-03-01,245\n' +
                '2025-04-01,255\n2025-05-01,265\n'), 'sum(forecast)');
    const accuracy = external.measure_accuracy(revenue, context, cal.parse_period('2025-01'),
        cal.parse_period('2025-05'));
    assertClose(accuracy.get_tracking_signal(), -5);
    assertEqual(accuracy.get_bias_direction(NaN), Kpi.ForecastBias.OVER_FORECASTING);
});

await run();
