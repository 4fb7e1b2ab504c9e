// SPDX-License-Identifier: LGPL-2.1-or-later
// Indicators from gjs: the CRM catalogue over the small CRM worked out by
// hand (tests/data/crm-small/README.md).

import GLib from 'gi://GLib';
import Kpi from 'gi://Kpi?version=1.0';

import {test, run, assert, assertEqual, assertClose, assertThrows} from './harness.js';

const small = GLib.build_filenamev([GLib.getenv('KPI_SRCDIR'), 'data', 'crm-small']);

function load(name) {
    const dataset = Kpi.Dataset.new('date');
    dataset.load_path(GLib.build_filenamev([small, `${name}.csv`]), null);
    return dataset;
}

function calendar() {
    const cal = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1);
    cal.set_now(GLib.DateTime.new_from_iso8601('2030-01-01T00:00:00Z', null).to_unix() * 1000000);
    return cal;
}

function crm() {
    const catalog = Kpi.Catalog.new();
    catalog.load_builtin('crm');
    for (const name of ['orders', 'opportunities', 'marketing', 'nps', 'complaints'])
        catalog.add_dataset(name, load(name));
    catalog.check();
    return catalog;
}

// What the names of the catalogue's definitions resolve against.
function contextOf(catalog) {
    const context = Kpi.Context.new(calendar());
    context.add_catalog(catalog);
    return context;
}

test('revenue and gross margin rate by month', () => {
    const catalog = crm();
    const context = contextOf(catalog);
    const cal = context.get_calendar();
    const first = cal.parse_period('2025-01');
    const last = cal.parse_period('2025-03');
    const revenue = catalog.lookup('revenue').evaluate_series(context, first, last);
    assertEqual(revenue.map(v => v.get_value()).join(','), '350,200,200');
    const rate = catalog.lookup('gross_margin_rate').evaluate_series(context, first, last);
    assertClose(rate[0].get_value(), 110 / 350, 1e-12);
    assertClose(rate[2].get_value(), 0.4, 1e-12);
});

test('customer acquisition cost refers to two other indicators', () => {
    const catalog = crm();
    const context = contextOf(catalog);
    const cac = catalog.lookup('customer_acquisition_cost');
    assertEqual(cac.get_policy().direction, Kpi.Direction.LOWER_IS_BETTER);
    const value = cac.evaluate(context, context.calendar.parse_period('2025-02'));
    assertEqual(value.get_value(), 150);
});

test('a missing value says why: before the data, a division by zero', () => {
    const catalog = crm();
    const context = contextOf(catalog);
    const cal = context.calendar;
    // January's previous month is before the data: no retention to tell
    let value = catalog.lookup('retention_rate').evaluate(context, cal.parse_period('2025-01'));
    assert(value.is_missing(), 'expected a missing value');
    assert(value.get_flags() & Kpi.ValueFlags.NO_DATA, 'expected the no-data flag');
    // no lead in March: no conversion from leads
    value = catalog.lookup('lead_to_qualified').evaluate(context, cal.parse_period('2025-03'));
    assert(value.is_missing(), 'expected a missing value');
    assert(value.get_flags() & Kpi.ValueFlags.DIVISION_BY_ZERO, 'expected the division-by-zero flag');
});

test('breakdown: top group and "other", with the honest total', () => {
    const catalog = crm();
    const context = contextOf(catalog);
    const [groups, total] = catalog.lookup('active_customers')
        .evaluate_breakdown(context, context.calendar.parse_period('2025-Q1'), 'channel', 1);
    assertEqual(groups.length, 2);
    assertEqual(groups[0].get_group(), 'online');
    assertEqual(groups[0].get_group_kind(), Kpi.GroupKind.VALUE);
    assertEqual(groups[0].get_value(), 4);
    assertEqual(groups[1].get_group(), 'other');
    assertEqual(groups[1].get_group_kind(), Kpi.GroupKind.OTHER);
    assertEqual(groups[1].get_value(), 3);
    assertEqual(total.get_value(), 4);
});

test('a typo in a field name says what was meant', () => {
    const orders = load('orders');
    const indicator = Kpi.Indicator.new('typo', 'sum(amout)');
    indicator.set_dataset(orders);
    const cal = calendar();
    assertThrows(() => indicator.evaluate(Kpi.Context.new(cal), cal.parse_period('2025-01')), e => {
        assert(e.matches(Kpi.FormulaError, Kpi.FormulaError.UNKNOWN_FIELD), `${e}`);
        assert(/amount/.test(e.message), e.message);
    });
});

await run();
