// SPDX-License-Identifier: LGPL-2.1-or-later
// A minimal TAP harness for the gjs binding tests: each test is a function;
// a thrown exception fails it. Run with `gjs -m test-file.js`.
//
// The tests run inside a GLib.MainLoop that run() drives: a test may be an
// async function that awaits GIO-style _async calls (Gio._promisify), whose
// callbacks need the main loop.

import GLib from 'gi://GLib';
import System from 'system';

const tests = [];

export function test(name, fn) {
    tests.push({name, fn});
}

export function assertEqual(actual, expected, message = '') {
    if (actual !== expected)
        throw new Error(`${message} expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export function assertClose(actual, expected, tolerance = 1e-9, message = '') {
    if (!(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected))))
        throw new Error(`${message} expected ${expected}, got ${actual}`);
}

export function assert(condition, message = 'assertion failed') {
    if (!condition)
        throw new Error(message);
}

// gjs 1.74 makes only Gio.ListStore iterable (its Gio override gives it a
// [Symbol.iterator]); libkpi's list models get the same iterator here, as an
// application does (docs/javascript.md, "Iteration"). `??=` leaves the
// iterator of a gjs that brings its own.
function* listModelItems() {
    for (let i = 0, n = this.get_n_items(); i < n; i++)
        yield this.get_item(i);
}

export function makeIterable(...types) {
    for (const type of types)
        type.prototype[Symbol.iterator] ??= listModelItems;
}

export function assertThrows(fn, check, message = 'expected an exception') {
    let error = null;
    try {
        fn();
    } catch (e) {
        error = e;
    }
    if (error === null)
        throw new Error(message);
    if (check)
        check(error);
    return error;
}

async function runTests() {
    let failed = 0;
    let n = 0;
    for (const {name, fn} of tests) {
        n++;
        try {
            await fn();
            print(`ok ${n} - ${name}`);
        } catch (e) {
            failed++;
            print(`not ok ${n} - ${name}`);
            for (const line of `${e}\n${e.stack ?? ''}`.split('\n'))
                print(`# ${line}`);
        }
    }
    print(`1..${n}`);
    return failed;
}

export async function run() {
    const loop = new GLib.MainLoop(null, false);
    let failed = 1;
    runTests().then(f => {
        failed = f;
    }).catch(e => {
        print(`# ${e}`);
    }).finally(() => loop.quit());
    loop.run();
    System.exit(failed > 0 ? 1 : 0);
}
