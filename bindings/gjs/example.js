#!/usr/bin/gjs -m
// SPDX-License-Identifier: LGPL-2.1-or-later
// Load a CSV file with libkpi and summarize it:
//
//     example.js orders.csv
//
// Prints the number of rows, the columns and their kinds, the time span, and
// the revenue per channel (the `amount` measure summed by `channel`).

import GLib from 'gi://GLib';
import Kpi from 'gi://Kpi?version=1.0';
import System from 'system';

const KIND_NAMES = {
    [Kpi.ColumnKind.TIME]: 'time',
    [Kpi.ColumnKind.DIMENSION]: 'dimension',
    [Kpi.ColumnKind.MEASURE]: 'measure',
};

// Microseconds since the epoch (UTC), as an ISO 8601 date.
function isoDate(usec) {
    return new Date(usec / 1000).toISOString().slice(0, 10);
}

if (ARGV.length !== 1) {
    printerr('usage: example.js FILE.csv');
    System.exit(2);
}

const orders = Kpi.Dataset.new('date');
try {
    orders.load_path(ARGV[0], null);
} catch (e) {
    printerr(e.message);
    System.exit(1);
}

print(`${orders.n_rows} rows`);
for (let i = 0; i < orders.n_columns; i++)
    print(`  ${orders.get_column_name(i).padEnd(10)} ${KIND_NAMES[orders.get_column_kind(i)]}`);

const [hasRows, first, last] = orders.get_time_range();
if (hasRows)
    print(`from ${isoDate(first)} to ${isoDate(last)}`);

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
