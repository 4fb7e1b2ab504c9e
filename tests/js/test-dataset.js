// SPDX-License-Identifier: LGPL-2.1-or-later
// KpiDataset from gjs, as an application would use it. Expected values come
// from an independent reading of the same bytes (a small CSV reader below).

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Kpi from 'gi://Kpi?version=1.0';

import {test, run, assert, assertEqual, assertClose, assertThrows} from './harness.js';

Gio._promisify(Kpi.Dataset.prototype, 'load_file_async', 'load_file_finish');

const ordersPath = GLib.build_filenamev([GLib.getenv('KPI_TEST_DATA') ?? '.', 'orders.csv']);

// The sample has no quoted fields: a split is a faithful reader.
function readCsv(path) {
    const [, bytes] = GLib.file_get_contents(path);
    const lines = new TextDecoder().decode(bytes).split('\n').filter(line => line !== '');
    const header = lines.shift().split(',');
    return lines.map(line => {
        const fields = line.split(',');
        return Object.fromEntries(header.map((name, i) => [name, fields[i]]));
    });
}

// `2025-03-30` as UTC midnight, in microseconds since the epoch.
function midnightUtc(isoDate) {
    return Date.parse(`${isoDate}T00:00:00Z`) * 1000;
}

function assertArrayEqual(actual, expected, message = '') {
    assertEqual(JSON.stringify(Array.from(actual)), JSON.stringify(expected), message);
}

function assertDatasetError(error, code) {
    assert(error instanceof GLib.Error, `not a GLib.Error: ${error}`);
    assert(error.matches(Kpi.DatasetError, code),
        `expected code ${code}, got ${error.code}: ${error.message}`);
}

function salesDataset() {
    const ds = Kpi.Dataset.new('date');
    ds.add_column('channel', Kpi.ColumnKind.DIMENSION);
    ds.add_column('amount', Kpi.ColumnKind.MEASURE);
    return ds;
}

const encoder = new TextEncoder();

test('sample: rows, columns and the sum of amount', () => {
    const rows = readCsv(ordersPath);
    const orders = Kpi.Dataset.new('date');
    orders.load_path(ordersPath, null);

    assertEqual(orders.n_rows, rows.length, 'n-rows');
    assertEqual(orders.get_n_rows(), rows.length);

    const amounts = orders.get_measure('amount');
    assertEqual(amounts.length, rows.length);
    const expected = rows.reduce((sum, r) => sum + Number(r.amount), 0);
    assertClose(amounts.reduce((sum, a) => sum + a, 0), expected, 1e-9);
    assert(amounts.every((a, i) => a === Number(rows[i].amount)), 'amounts differ from the file');

    assertArrayEqual(orders.dup_dimension_values('channel'), rows.map(r => r.channel));
    assertArrayEqual(orders.get_dimension_dictionary('region'), [...new Set(rows.map(r => r.region))]);
    assertEqual(orders.get_dimension_value('rep', 1), rows[1].rep);
});

test('sample: column kinds, guessed and forced', () => {
    const orders = Kpi.Dataset.new('date');
    orders.load_path(ordersPath, null);
    assertArrayEqual(orders.list_columns(Kpi.ColumnKind.MEASURE), ['order_id', 'amount', 'cost']);
    assertArrayEqual(orders.list_columns(Kpi.ColumnKind.DIMENSION), ['customer', 'channel', 'region', 'rep']);
    assertArrayEqual(orders.lookup_column('amount'), [true, 6, Kpi.ColumnKind.MEASURE]);
    assertEqual(orders.lookup_column('revenue')[0], false);

    const options = new Kpi.LoadOptions();
    options.set_column_kind('order_id', Kpi.ColumnKind.DIMENSION);
    const labelled = Kpi.Dataset.new('date');
    labelled.load_path(ordersPath, options);
    assertEqual(labelled.lookup_column('order_id')[2], Kpi.ColumnKind.DIMENSION);
    assertEqual(labelled.get_dimension_value('order_id', 0), '1');
});

test('sample: time range', () => {
    const rows = readCsv(ordersPath);
    const dates = rows.map(r => r.date).sort();
    const orders = Kpi.Dataset.new('date');
    orders.load_path(ordersPath, null);

    const [hasRows, min, max] = orders.get_time_range();
    assert(hasRows);
    assertEqual(min, midnightUtc(dates[0]));
    assertEqual(max, midnightUtc(dates[dates.length - 1]));
    assertEqual(orders.min_time, min);
    assertEqual(orders.maxTime, max);
    const times = orders.get_times();
    assert(times.every((t, i) => t === midnightUtc(rows[i].date)), 'times differ from the file');
});

test('French CSV with load options', () => {
    const text = 'date;client;montant\n' +
        '2025-01-02;Société Générale;1\u00a0234,56\n' +
        '2025-01-03;"Dupont; fils";-12,5\n' +
        '2025-01-04;Martin;\n';
    const options = new Kpi.LoadOptions({delimiter: ';'});
    options.use_french_numbers();
    assertEqual(options.decimal_separator, ',');

    const ds = Kpi.Dataset.new('date');
    ds.load_data(encoder.encode(text), options);
    assertEqual(ds.n_rows, 3);
    const montant = ds.get_measure('montant');
    assertEqual(montant[0], 1234.56);
    assertEqual(montant[1], -12.5);
    assert(Number.isNaN(montant[2]), 'an empty cell is missing');
    assertArrayEqual(ds.dup_dimension_values('client'), ['Société Générale', 'Dupont; fils', 'Martin']);
});

test('JSON Lines and time zones', () => {
    const options = new Kpi.LoadOptions({
        format: Kpi.FileFormat.JSON_LINES,
        time_zone: GLib.TimeZone.new_identifier('Europe/Paris'),
    });
    const ds = Kpi.Dataset.new('date');
    ds.load_data(encoder.encode(
        '{"date": "2025-03-30", "channel": "online", "amount": 1.5}\n' +
        '{"date": "2025-03-31", "channel": "store", "amount": 2}\n'), options);
    assertArrayEqual(ds.get_times(), [
        Date.parse('2025-03-29T23:00:00Z') * 1000,
        Date.parse('2025-03-30T22:00:00Z') * 1000,
    ]);
    assertArrayEqual(ds.get_measure('amount'), [1.5, 2]);
});

test('append rows by hand', () => {
    const ds = salesDataset();
    const jan1 = midnightUtc('2025-01-01');
    const jan2 = midnightUtc('2025-01-02');
    ds.append_row(jan2, ['online'], [12.5]);
    ds.append_rows([jan1, jan2], ['store', ''], [7, NaN]);

    assertEqual(ds.n_rows, 3);
    assertArrayEqual(ds.get_times(), [jan2, jan1, jan2]);
    assertArrayEqual(ds.dup_dimension_values('channel'), ['online', 'store', '']);
    assertEqual(ds.get_dimension_value('channel', 2), null);
    const amount = ds.get_measure('amount');
    assertEqual(amount[0], 12.5);
    assertEqual(amount[1], 7);
    assert(Number.isNaN(amount[2]));
    assertArrayEqual(ds.get_measure_value('amount', 1), [true, 7]);
});

test('a missing dimension value has the code DIMENSION_MISSING', () => {
    const ds = salesDataset();
    ds.append_rows([0, 0, 0], ['online', '', 'store'], [1, 2, 3]);
    const codes = ds.get_dimension_codes('channel');
    assertArrayEqual(codes, [0, 0xFFFFFFFF, 1]);
    assertEqual(Kpi.DIMENSION_MISSING, 0xFFFFFFFF);
    assertArrayEqual(codes.map(c => c === Kpi.DIMENSION_MISSING), [false, true, false]);
});

test('rows-added and notify::n-rows', () => {
    const ds = salesDataset();
    const added = [];
    const notified = [];
    ds.connect('rows-added', (dataset, position, nRows) => added.push([position, nRows, dataset.n_rows]));
    ds.connect('notify::n-rows', dataset => notified.push(dataset.n_rows));

    const t = midnightUtc('2025-01-01');
    ds.append_row(t, ['online'], [1]);
    ds.append_rows([t, t, t], ['store', 'online', 'mobile'], [2, 3, 4]);
    ds.load_data(encoder.encode('date,channel,amount\n2025-01-02,store,5\n2025-01-03,online,6\n'), null);

    assertArrayEqual(added, [[0, 1, 1], [1, 3, 4], [4, 2, 6]]);
    assertArrayEqual(notified, [1, 4, 6]);
});

test('errors carry a code and say where', () => {
    const ds = Kpi.Dataset.new('date');
    const options = new Kpi.LoadOptions();
    options.set_column_kind('amount', Kpi.ColumnKind.MEASURE);
    const text = 'date,channel,amount\n2025-01-01,online,10.50\n2025-01-02,mobile,1O.25\n';
    const error = assertThrows(() => ds.load_data(encoder.encode(text), options));
    assertDatasetError(error, Kpi.DatasetError.INVALID_NUMBER);
    assertEqual(error.code, Kpi.DatasetError.INVALID_NUMBER);
    assert(error.message.startsWith('<data>:3:19:'), error.message);

    assertThrows(() => ds.append_row(0, ['one', 'too many'], []),
        e => assertDatasetError(e, Kpi.DatasetError.SCHEMA));
});

test('a failed load leaves the dataset unchanged', () => {
    const ds = Kpi.Dataset.new('date');
    ds.load_path(ordersPath, null);
    const nRows = ds.n_rows;
    const maxTime = ds.max_time;
    const amounts = ds.get_measure('amount');
    const channels = ds.get_dimension_dictionary('channel');
    let signals = 0;
    ds.connect('rows-added', () => signals++);
    ds.connect('notify', () => signals++);

    const [, bytes] = GLib.file_get_contents(ordersPath);
    const header = new TextDecoder().decode(bytes).split('\n')[0];
    const bad = `${header}\n` +
        '2030-01-01,999999,C999999,partner,north,R01,10.00,5.00\n' +
        '2030-01-02,1000000,C999999,partner,north,R01,10.00\n';
    assertThrows(() => ds.load_data(encoder.encode(bad), null),
        e => assertDatasetError(e, Kpi.DatasetError.PARSE));

    assertEqual(signals, 0);
    assertEqual(ds.n_rows, nRows);
    assertEqual(ds.max_time, maxTime);
    assertArrayEqual(ds.get_measure('amount'), amounts);
    assertArrayEqual(ds.get_dimension_dictionary('channel'), channels);
});

test('asynchronous load, awaited, with its progress', async () => {
    const ds = Kpi.Dataset.new('date');
    const progress = [];
    ds.connect('load-progress', (dataset, done, total) => progress.push([done, total]));
    const loading = ds.load_file_async(Gio.File.new_for_path(ordersPath), null, GLib.PRIORITY_DEFAULT, null);
    assertEqual(ds.n_rows, 0);
    const ok = await loading;
    assertEqual(ok, true);
    assertEqual(ds.n_rows, readCsv(ordersPath).length);
    const size = Gio.File.new_for_path(ordersPath).query_info('standard::size', 0, null).get_size();
    assert(progress.length >= 1, 'no load-progress');
    assertArrayEqual(progress[progress.length - 1], [size, size]);
});

test('asynchronous load with a callback', () => {
    // a promisified method still takes a callback (and then returns nothing)
    const ds = Kpi.Dataset.new('date');
    const loop = new GLib.MainLoop(null, false);
    let outcome = null;
    ds.load_file_async(Gio.File.new_for_path(ordersPath), null, GLib.PRIORITY_DEFAULT, null,
        (dataset, result) => {
            try {
                outcome = {ok: dataset.load_file_finish(result)};
            } catch (e) {
                outcome = {error: e};
            }
            loop.quit();
        });
    loop.run();
    assert(outcome.ok === true, `load failed: ${outcome.error}`);
    assertEqual(ds.n_rows, readCsv(ordersPath).length);
});

test('cancelled asynchronous load', async () => {
    const ds = salesDataset();
    const cancellable = new Gio.Cancellable();
    cancellable.cancel();
    let error = null;
    try {
        await ds.load_file_async(Gio.File.new_for_path(ordersPath), null,
            GLib.PRIORITY_DEFAULT, cancellable);
    } catch (e) {
        error = e;
    }
    assert(error !== null, 'no error');
    assert(error.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED), `${error}`);
    assertEqual(ds.n_rows, 0);
    assertEqual(ds.n_columns, 3);
});


// gjs cannot run a handler in another thread: load-progress must come from
// the main loop, after the application is back in it.
test('load-progress waits for the main loop', async () => {
    const ds = Kpi.Dataset.new('date');
    const progress = [];
    ds.connect('load-progress', (dataset, done, total) => progress.push([done, total]));
    const loading = ds.load_file_async(Gio.File.new_for_path(ordersPath), null, GLib.PRIORITY_DEFAULT, null);
    GLib.usleep(300000); // busy elsewhere while the worker thread parses
    assertEqual(progress.length, 0, 'load-progress before the main loop ran:');
    await loading;
    const size = Gio.File.new_for_path(ordersPath).query_info('standard::size', 0, null).get_size();
    assert(progress.length >= 1, 'no load-progress');
    assertArrayEqual(progress[progress.length - 1], [size, size]);
});

await run();
