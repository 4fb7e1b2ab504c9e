// SPDX-License-Identifier: LGPL-2.1-or-later
// Comparisons from gjs: months of the small CRM worked out by hand
// (tests/data/crm-small/README.md) against targets and the month before.

import GLib from 'gi://GLib';
import Kpi from 'gi://Kpi?version=1.0';

import {test, run, assert, assertEqual, assertClose} from './harness.js';

const small = GLib.build_filenamev([GLib.getenv('KPI_SRCDIR'), 'data', 'crm-small']);
const MINUS = '\u2212';

function crm() {
    const catalog = Kpi.Catalog.new();
    catalog.load_builtin('crm');
    for (const name of ['orders', 'opportunities', 'marketing', 'nps', 'complaints']) {
        const dataset = Kpi.Dataset.new('date');
        dataset.load_path(GLib.build_filenamev([small, `${name}.csv`]), null);
        catalog.add_dataset(name, dataset);
    }
    catalog.check();
    return catalog;
}

function calendar() {
    const cal = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1);
    cal.set_now(GLib.DateTime.new_from_iso8601('2030-01-01T00:00:00Z', null).to_unix() * 1000000);
    return cal;
}

function contextOf(catalog) {
    const context = Kpi.Context.new(calendar());
    context.add_catalog(catalog);
    return context;
}

const target = value => Kpi.Value.new(null, value, 0, Kpi.ValueFlags.NONE);

test('revenue of March against the budget', () => {
    const catalog = crm();
    const context = contextOf(catalog);
    const revenue = catalog.lookup('revenue');
    const march = revenue.evaluate(context, context.calendar.parse_period('2025-03'));
    const cmp = Kpi.Comparison.new(revenue.get_policy(), march, target(250), Kpi.BenchmarkKind.BUDGET,
        NaN, 'budget.csv');
    // 200 against 250: -50, -20 %; 200 / 250 = 0.8: off track, score -1
    assertEqual(cmp.get_delta(), -50);
    assertEqual(cmp.format_change(1), `${MINUS}20.0 %`);
    assertEqual(cmp.get_status(), Kpi.Status.OFF_TRACK);
    assertEqual(Kpi.status_to_string(cmp.get_status()), 'off track');
    assertEqual(cmp.get_score(), -1);
    assertEqual(cmp.format_remaining(revenue.unit, -1), '50 € to go');
    assertEqual(cmp.get_provenance(), 'budget.csv');
});

test('retention rate month on month, in percentage points', () => {
    const catalog = crm();
    const context = contextOf(catalog);
    const cal = context.calendar;
    const retention = catalog.lookup('retention_rate');
    const policy = retention.get_policy();
    assert(policy.is_rate(), 'the catalogue says retention is a rate');
    assertEqual(policy.rate_scale, Kpi.RateScale.FRACTION);
    const feb = retention.evaluate(context, cal.parse_period('2025-02'));
    const jan = retention.evaluate(context, cal.parse_period('2025-01'));
    const cmp = Kpi.Comparison.new(policy, feb, jan, Kpi.BenchmarkKind.PREVIOUS_PERIOD, NaN, null);
    // January has no retention (no customers in December): unknown
    assertEqual(cmp.get_status(), Kpi.Status.UNKNOWN);
    assert(cmp.get_flags() & Kpi.ComparisonFlags.NO_REFERENCE, 'expected no reference');
    assertEqual(cmp.format_change(1), 'n/a');
    // 0.5 against a target of 0.6: -10.0 pp, 10.0 pp to go
    const against = Kpi.Comparison.new(policy, feb, target(0.6), Kpi.BenchmarkKind.TARGET, NaN, null);
    assertClose(against.get_point_change(), -10);
    assertEqual(against.format_change(1), `${MINUS}10.0 pp`);
    assertEqual(against.format_remaining(retention.unit, -1), '10.0 pp to go');
});

test('band edges: 90 % is at risk, 100 % on track', () => {
    const sales = Kpi.Indicator.new('sales', 'count()');
    const at = a => Kpi.Comparison.new(sales.get_policy(), target(a), target(100), Kpi.BenchmarkKind.TARGET,
        NaN, null);
    assertEqual(at(100).get_status(), Kpi.Status.ON_TRACK);
    assertEqual(at(100).get_score(), 0.5);
    assertEqual(at(90).get_status(), Kpi.Status.AT_RISK);
    assertEqual(at(90).get_score(), -0.5);
    assertEqual(at(89.99).get_status(), Kpi.Status.OFF_TRACK);
});

test('a small base is flagged, a zero base has no percentage', () => {
    const shop = Kpi.Indicator.new('shop', 'sum(amount)');
    const small = Kpi.Comparison.new(shop.get_policy(), target(7000), target(1000), Kpi.BenchmarkKind.LAST_YEAR,
        5000, null);
    assertEqual(small.format_change(0), '+600 %');
    assertEqual(small.get_flags(), Kpi.ComparisonFlags.SMALL_BASE);
    const zero = Kpi.Comparison.new(shop.get_policy(), target(7000), target(0), Kpi.BenchmarkKind.LAST_YEAR,
        5000, null);
    assert(Number.isNaN(zero.get_relative_change()), 'no relative change from zero');
    assertEqual(zero.format_change(1), 'n/a (zero base)');
});

test('a change that rounds to zero keeps its sign', () => {
    const budget = Kpi.Indicator.new('revenue', 'sum(amount)');
    // -21 on 475 026: -0.0044 % is at risk, and reads as a decrease
    const policy = budget.get_policy();
    const under = Kpi.Comparison.new(policy, target(475005), target(475026), Kpi.BenchmarkKind.BUDGET, NaN, null);
    assertEqual(under.format_change(1), `${MINUS}0.0 %`);
    assertEqual(under.get_status(), Kpi.Status.AT_RISK);
    const same = Kpi.Comparison.new(policy, target(475026), target(475026), Kpi.BenchmarkKind.BUDGET, NaN, null);
    assertEqual(same.format_change(1), '0.0 %');
});

test('huge numbers print digits, never inf', () => {
    const revenue = Kpi.Indicator.new('revenue', 'sum(amount)');
    // DBL_MAX against -1.7e308: the delta overflows, the change is +205.75 %
    const cmp = Kpi.Comparison.new(revenue.get_policy(), target(Number.MAX_VALUE), target(-1.7e308),
        Kpi.BenchmarkKind.TARGET, NaN, null);
    assert(Number.isNaN(cmp.get_delta()), 'the delta does not fit');
    assertEqual(cmp.format_change(2), '+205.75 %');
    const huge = Kpi.Comparison.new(revenue.get_policy(), target(1.7e308), target(1), Kpi.BenchmarkKind.TARGET,
        NaN, null);
    assert(!huge.format_change(1).includes('inf'), huge.format_change(1));
});

await run();
