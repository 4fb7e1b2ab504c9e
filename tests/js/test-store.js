// SPDX-License-Identifier: LGPL-2.1-or-later
// The history store from gjs: revenue of the small CRM
// (tests/data/crm-small/README.md: 350, 200, 200 in Q1 2025) recorded by
// two runs of a dashboard, read back as of a day and now.

import GLib from 'gi://GLib';
import Kpi from 'gi://Kpi?version=1.0';

import {test, run, assert, assertEqual, assertThrows} from './harness.js';

const small = GLib.build_filenamev([GLib.getenv('KPI_SRCDIR'), 'data', 'crm-small']);
const usec = iso => GLib.DateTime.new_from_iso8601(iso, null).to_unix() * 1000000;

function context() {
    const catalog = Kpi.Catalog.new();
    catalog.load_builtin('crm');
    const orders = Kpi.Dataset.new('date');
    orders.load_path(GLib.build_filenamev([small, 'orders.csv']), null);
    catalog.add_dataset('orders', orders);
    const calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1);
    calendar.set_now(usec('2030-01-01T00:00:00Z'));
    const ctx = Kpi.Context.new(calendar);
    ctx.add_catalog(catalog);
    return ctx;
}

function firstQuarter(ctx) {
    const calendar = ctx.get_calendar();
    return ctx.lookup_indicator('revenue').evaluate_series(ctx,
        calendar.parse_period('2025-01'), calendar.parse_period('2025-03'));
}

test('what we said about February, and what we say now', () => {
    const ctx = context();
    const store = Kpi.Store.open(':memory:');
    store.record_values('revenue', firstQuarter(ctx), usec('2025-04-03T08:00:00Z'));
    // a February order of 30 arrives late
    const late = new TextEncoder().encode(
        'date,order_id,customer,channel,region,rep,amount,cost\n2025-02-20,99,C3,online,south,R2,30,10\n');
    ctx.lookup_dataset('orders').load_data(late, null);
    store.record_values('revenue', firstQuarter(ctx), usec('2025-04-10T08:00:00Z'));

    assertEqual(store.lookup_value('revenue', '2025-02', null, usec('2025-04-05T00:00:00Z')).get_value(), 200);
    assertEqual(store.lookup_value('revenue', '2025-02', null, 0).get_value(), 230);
    assertEqual(store.lookup_value('revenue', '2025-02', null, usec('2025-04-01T00:00:00Z')), null);
    const revisions = store.list_revisions('revenue', '2025-02', null);
    assertEqual(revisions.length, 2);
    assertEqual(revisions[1].get_kind(), Kpi.RevisionKind.PROVISIONAL);
    assertEqual(revisions[1].get_recorded_at(), usec('2025-04-10T08:00:00Z'));
    assertEqual(store.list_revisions('revenue', '2025-01', null).length, 1);
});

test('fingerprints and check results', () => {
    const store = Kpi.Store.open(':memory:');
    store.record_fingerprints('orders', ['2025-06=v1;rows=4090'], usec('2025-07-05T00:00:00Z'));
    store.record_fingerprints('orders', ['2025-06=v1;rows=4213'], usec('2025-08-01T00:00:00Z'));
    assertEqual(store.lookup_fingerprints('orders', usec('2025-07-31T00:00:00Z')).join(' '), '2025-06=v1;rows=4090');
    assertEqual(store.lookup_fingerprints('orders', 0).join(' '), '2025-06=v1;rows=4213');

    const result = new Kpi.CheckResult({status: Kpi.CheckStatus.WARN, check_id: 'volume',
        message: '2025-06: 4 213 rows; 3 900 to 4 100 expected', evaluated_at: usec('2025-07-05T00:00:00Z')});
    store.record_results([result]);
    const back = store.list_results('volume', 0, 0);
    assertEqual(back.length, 1);
    assertEqual(back[0].to_json(), result.to_json());
});

test('a text file is not a store', () => {
    const [file, path] = GLib.file_open_tmp('kpi-store-XXXXXX.txt');
    GLib.close(file);
    GLib.file_set_contents(path, 'date,amount\n');
    assertThrows(() => Kpi.Store.open(path), e => {
        assert(e.matches(Kpi.StoreError, Kpi.StoreError.NOT_A_STORE), `${e}`);
        assert(e.message.includes('not a libkpi store'), e.message);
    });
    GLib.unlink(path);
});

await run();
