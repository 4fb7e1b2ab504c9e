#!/usr/bin/gjs -m
// SPDX-License-Identifier: LGPL-2.1-or-later
// Load a CSV file with libkpi and summarize it:
//
//     example.js orders.csv
//
// Prints the number of rows, the columns and their kinds, the time span, and
// the revenue per channel (the `amount` measure summed by `channel`). The
// file is read in a worker thread (load_file_async, awaited: gjs runs the
// main loop while a module awaits).

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Kpi from 'gi://Kpi?version=1.0';
import System from 'system';

Gio._promisify(Kpi.Dataset.prototype, 'load_file_async', 'load_file_finish');

const KIND_NAMES = {
    [Kpi.ColumnKind.TIME]: 'time',
    [Kpi.ColumnKind.DIMENSION]: 'dimension',
    [Kpi.ColumnKind.MEASURE]: 'measure',
};

// An instant (microseconds since the epoch, UTC) as a GLib.DateTime.
const dateTimeOf = usec => GLib.DateTime.new_from_unix_utc(0).add(usec);

if (ARGV.length !== 1) {
    printerr('usage: example.js FILE.csv');
    System.exit(2);
}

const orders = Kpi.Dataset.new('date');
try {
    await orders.load_file_async(Gio.File.new_for_commandline_arg(ARGV[0]), null,
        GLib.PRIORITY_DEFAULT, null);
} catch (e) {
    // a Kpi.DatasetError says where in the file ("orders.csv:12:18: …"); a
    // Gio.IOErrorEnum.NOT_FOUND that there is no such file
    printerr(e.message);
    System.exit(e instanceof Kpi.DatasetError ? 65 /* EX_DATAERR */ : 1);
}

print(`${orders.n_rows} rows`);
for (let i = 0; i < orders.n_columns; i++)
    print(`  ${orders.get_column_name(i).padEnd(10)} ${KIND_NAMES[orders.get_column_kind(i)]}`);

const [hasRows, first, last] = orders.get_time_range();
if (hasRows)
    print(`from ${dateTimeOf(first).format('%F')} to ${dateTimeOf(last).format('%F')}`);

// Group by the channel codes: code i is channels[i].
const channels = orders.get_dimension_dictionary('channel');
const codes = orders.get_dimension_codes('channel');
const amounts = orders.get_measure('amount');
const revenue = new Array(channels.length).fill(0);
codes.forEach((code, row) => {
    if (code !== Kpi.DIMENSION_MISSING && !Number.isNaN(amounts[row]))
        revenue[code] += amounts[row];
});

print('revenue by channel:');
channels
    .map((channel, code) => [channel, revenue[code]])
    .sort((a, b) => b[1] - a[1])
    .forEach(([channel, total]) => print(`  ${channel.padEnd(10)} ${total.toFixed(2).padStart(14)}`));
