// SPDX-License-Identifier: LGPL-2.1-or-later
// A dataset loaded from a table of an SQLite file, from gjs: the file is
// the history store's own (Kpi.Store writes SQLite, which gjs cannot
// without a binding); its revisions (January 100, February 250) are
// loaded from a query and from the table itself, and summed.

import GLib from 'gi://GLib';
import Kpi from 'gi://Kpi?version=1.0';

import {test, run, assert, assertEqual, assertThrows} from './harness.js';

const usec = iso => GLib.DateTime.new_from_iso8601(iso, null).to_unix() * 1000000;

test('an SQLite table loads into a dataset', () => {
    const dir = GLib.dir_make_tmp('kpi-js-db-XXXXXX');
    const path = GLib.build_filenamev([dir, 'history.db']);
    const calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1);
    const orders = Kpi.Dataset.new('date');
    orders.load_data(new TextEncoder().encode(
        'date,amount\n2025-01-10,100\n2025-02-10,250\n'), null);
    const revenue = Kpi.Indicator.new('revenue', 'sum(amount)');
    revenue.set_dataset(orders);
    const ctx = Kpi.Context.new(calendar);
    const values = revenue.evaluate_series(ctx, calendar.parse_period('2025-01'),
        calendar.parse_period('2025-02'));
    const store = Kpi.Store.open(path);
    store.record_values('revenue', values, usec('2025-03-01T00:00:00Z'));

    const db = Kpi.Database.open(`sqlite:${path}`, null);
    assertEqual(db.get_dialect(), Kpi.SqlDialect.SQLITE);
    const tables = db.list_tables(null);
    assert(tables.includes('revisions'), `the store's tables: ${tables}`);
    // The store's table of revisions: January 100 and February 250 (the
    // recorded time as the row's time, in seconds)
    const options = Kpi.LoadOptions.new();
    options.set_time_column('recorded');
    const reported = Kpi.Dataset.new('recorded');
    reported.load_query(db, 'SELECT recorded_at / 1000000 AS recorded, value FROM revisions',
        options, null);
    assertEqual(reported.get_n_rows(), 2);
    assertEqual(reported.get_measure('value').reduce((a, b) => a + b, 0), 350);
    // And a table as it is, every column: the period's id stands for the
    // time (seconds since the epoch), the text columns are dimensions
    const byTable = Kpi.LoadOptions.new();
    byTable.set_time_column('period');
    const revisions = Kpi.Dataset.new('period');
    revisions.load_table(db, 'revisions', byTable, null);
    assertEqual(revisions.get_n_rows(), 2);
    assertEqual(revisions.get_measure('value').reduce((a, b) => a + b, 0), 350);
    // recorded on 1 March with no closing lag: provisional
    assertEqual(revisions.dup_dimension_values('kind').join(','), 'provisional,provisional');
    // A name that is not there says which is
    assertThrows(() => Kpi.Dataset.new('period').load_table(db, 'revisionz', byTable, null));
    db.close();
    GLib.unlink(path);
    GLib.rmdir(dir);
});

test('a missing file is not created', () => {
    const path = GLib.build_filenamev([GLib.get_tmp_dir(), `kpi-missing-${GLib.random_int()}.db`]);
    assertThrows(() => Kpi.Database.open(path, null));
    assert(!GLib.file_test(path, GLib.FileTest.EXISTS), 'not created');
});

run();
