// SPDX-License-Identifier: LGPL-2.1-or-later
// Year-end landing from gjs: closed months plus the forecast of the open
// ones, against the year's budget.

import GLib from 'gi://GLib';
import Kpi from 'gi://Kpi?version=1.0';

import {test, run, assert, assertEqual, assertThrows} from './harness.js';

function calendarAt(now) {
    const cal = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1);
    cal.set_now(GLib.DateTime.new_from_iso8601(now, null).to_unix() * 1000000);
    return cal;
}

// One order a month on the 15th, January 2024 to September 2025, worth
// 10 × the month number: 2025 has closed 450 by October.
function monthlyRevenue() {
    const lines = ['date,amount'];
    for (let year = 2024; year <= 2025; year++) {
        for (let month = 1; month <= 12; month++) {
            if (year === 2025 && month > 9)
                break;
            lines.push(`${year}-${String(month).padStart(2, '0')}-15,${10 * month}`);
        }
    }
    const orders = Kpi.Dataset.new('date');
    orders.load_data(new TextEncoder().encode(lines.join('\n') + '\n'), null);
    const revenue = Kpi.Indicator.new('revenue', 'sum(amount)');
    revenue.set_dataset(orders);
    return revenue;
}

test('the year lands on closed months plus the forecast', () => {
    const cal = calendarAt('2025-10-15T09:00:00Z');
    const budget = Kpi.ConstantBenchmark.new(Kpi.BenchmarkKind.BUDGET, 800);
    const forecaster = new Kpi.Forecaster({method: Kpi.ForecastMethod.NAIVE});
    const revenue = monthlyRevenue();
    const landing = Kpi.Landing.compute(revenue, Kpi.Context.new(cal), cal.parse_period('2025'),
        budget, forecaster);
    assertEqual(landing.get_n_closed_periods(), 9);
    assertEqual(landing.get_value(), 720);              // 450 + 3 × 90
    assert(landing.get_lower() < 720 && landing.get_upper() > 720);
    const verdict = landing.get_comparison();
    assertEqual(verdict.get_status(), Kpi.Status.AT_RISK); // 720 / 800 = 0.9
    assertEqual(verdict.format_remaining(revenue.unit, 0).includes('80'), true);
});

test('the candidates and their backtest, from gjs', () => {
    const cal = calendarAt('2025-10-15T09:00:00Z');
    const forecaster = new Kpi.Forecaster({method: Kpi.ForecastMethod.NAIVE});
    const landing = Kpi.Landing.compute(monthlyRevenue(), Kpi.Context.new(cal), cal.parse_period('2025'),
        null, forecaster);
    assertEqual(landing.get_method(), Kpi.LandingMethod.NAIVE);
    // 21 months: naive, seasonal naive, Holt and the damped trend, compared
    // on the origins 12 … 18 (seasonal naive needs a year)
    const candidates = landing.get_candidates();
    assertEqual(candidates.length, 4);
    assertEqual(candidates[0].get_method(), Kpi.LandingMethod.NAIVE);
    assertEqual(candidates[0].get_value(), 720);
    assertEqual(candidates[1].get_method(), Kpi.LandingMethod.SEASONAL_NAIVE);
    assertEqual(candidates[1].get_n_backtest_origins(), 7);
    assertEqual(landing.get_n_backtest_origins(), 7);
    assert(candidates.every(c => Number.isFinite(c.get_backtest_error())));
    assertEqual(Kpi.landing_method_to_string(candidates[3].get_method()), 'damped trend');
    assert(landing.get_description().startsWith('Naive (last value) on 21 periods; its backtest'),
        landing.get_description());
});

test('a forecaster set wrong is an error, not a warning', () => {
    const cal = calendarAt('2025-10-15T09:00:00Z');
    const forecaster = Kpi.Forecaster.new();
    forecaster.set_confidence_level(1.5);
    assertThrows(() => Kpi.Landing.compute(monthlyRevenue(), Kpi.Context.new(cal), cal.parse_period('2025'),
        null, forecaster), e => assert(e.matches(Kpi.ForecastError,
        Kpi.ForecastError.INVALID_PARAMETER), `${e}`));
});

test('a month is not a year', () => {
    const cal = calendarAt('2025-10-15T09:00:00Z');
    assertThrows(() => Kpi.Landing.compute(monthlyRevenue(), Kpi.Context.new(cal), cal.parse_period('2025-10'),
        null, null), e => assert(e.message.includes('expected a year'), e.message));
});

await run();
