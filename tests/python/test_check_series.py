# SPDX-License-Identifier: LGPL-2.1-or-later
"""The checks over an indicator's series from Python, as a user writes them:
outliers (modified z-score, Hampel filter) and seasonal anomalies of the
daily revenue per channel of the generated sample, its seeded spike found
and named as anomalies.json names it, the clean sample passing, and the
statistics checked against numpy, scipy and statsmodels."""

import csv
import datetime
import json
import math
import os

import gi
import pytest

gi.require_version("Kpi", "1.0")
from gi.repository import Kpi  # noqa: E402


def load_orders(directory):
    orders = Kpi.Dataset.new(None)
    orders.load_path(os.path.join(directory, "orders.csv"), None)
    context = Kpi.Context.new(None)
    context.add_dataset("orders", orders)
    return context, orders


def spike_of(directory):
    with open(os.path.join(directory, "anomalies.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    return next(a for a in manifest["anomalies"] if a["id"] == "outlier_spike")


def daily_revenue(directory, channel):
    """The channel's revenue for every day of the sample, from the CSV."""
    totals = {}
    with open(os.path.join(directory, "orders.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["channel"] == channel:
                totals[row["date"]] = totals.get(row["date"], 0.0) + float(row["amount"])
    start = datetime.date(2024, 1, 1)
    days = [(start + datetime.timedelta(i)).isoformat() for i in range(731)]
    return days, [totals.get(d, 0.0) for d in days]


def day_checks():
    """The three checks a user attaches to the daily revenue per channel."""
    hampel = Kpi.OutlierCheck.new("orders", "sum(amount)")
    modified_z = Kpi.OutlierCheck(dataset_name="orders", formula="sum(amount)",
                                  method=Kpi.OutlierMethod.MODIFIED_Z)
    seasonal = Kpi.SeasonalCheck.new("orders", "sum(amount)")
    for check in (hampel, modified_z, seasonal):
        check.props.granularity = Kpi.Granularity.DAY
        check.props.group_by = "channel"
        check.props.key_fields = ["order_id"]
    return hampel, modified_z, seasonal


def test_spike_found_and_named(crm_dir):
    context, orders = load_orders(crm_dir)
    spike = spike_of(crm_dir)
    calendar = context.get_calendar()
    day = calendar.parse_period(spike["date"])

    for check in day_checks():
        result = check.run(context, None)
        assert result.get_status() == Kpi.CheckStatus.FAIL, result.get_message()
        # "2025-05-20 online: 12373.76, 7.6× the median of the 29 days ..."
        assert result.get_message().startswith(
            "%s %s: %.2f, " % (spike["date"], spike["channel"], spike["revenue"]))
        assert result.get_unexpected_count() == 1
        assert result.get_observed() > check.get_fail_threshold()
        # the finding taints that day's online revenue, nothing else
        assert result.affects("orders", ["amount"], day, "channel", spike["channel"])
        assert not result.affects("orders", ["amount"], day, "channel", "store")
        assert not result.affects("orders", ["amount"], calendar.next(day),
                                  "channel", spike["channel"])
        assert not result.affects("orders", ["customer"], day, None, None)
        # the orders of that day and channel are the samples
        assert result.get_n_samples() > 0
        for i in range(result.get_n_samples()):
            row = result.get_sample_row(i)
            assert orders.get_dimension_value("channel", row) == spike["channel"]
        assert json.loads(result.to_json())["status"] == "fail"


def test_clean_sample_passes():
    clean = os.environ.get("KPI_TEST_DATA_CLEAN")
    if not clean:
        pytest.skip("KPI_TEST_DATA_CLEAN is not set")
    context, _ = load_orders(clean)
    for check in day_checks():
        result = check.run(context, None)
        assert result.get_status() == Kpi.CheckStatus.PASS, result.get_message()
        assert result.get_unexpected_count() == 0
        assert result.get_observed() < check.get_warn_threshold()


def test_indicator_and_settings(crm_dir):
    """An indicator of the context, and the settings a checks file gives."""
    context, _ = load_orders(crm_dir)
    revenue = Kpi.Indicator.new("online_revenue", 'sum(amount where channel = "online")')
    revenue.set_dataset_name("orders")
    context.add_indicator(revenue)

    check = Kpi.OutlierCheck.new_for_indicator("online_revenue")
    assert check.props.method == Kpi.OutlierMethod.HAMPEL
    assert (check.props.warn_threshold, check.props.fail_threshold) == (10, 15)
    check.set_properties(granularity=Kpi.Granularity.DAY, window=7, id="online_spikes")
    result = check.run(context, None)
    assert result.get_status() == Kpi.CheckStatus.FAIL
    assert result.get_check_id() == "online_spikes"
    assert result.get_check_type() == "outlier"
    assert result.get_dataset_name() == "orders"
    assert list(result.get_fields()) == ["amount", "channel"]
    assert "the median of the 15 days around it" in result.get_message()

    # Months: 24 of them, no outlier with the defaults
    check.props.granularity = Kpi.Granularity.MONTH
    check.props.window = 0
    assert check.run(context, None).get_status() == Kpi.CheckStatus.PASS


def test_edges():
    context = Kpi.Context.new(None)
    short = Kpi.Dataset.new(None)
    short.load_data(b"date,amount\n2025-01-01,5\n2025-01-02,5\n2025-01-03,6\n", None)
    context.add_dataset("short", short)

    check = Kpi.OutlierCheck(dataset_name="short", formula="sum(amount)",
                             granularity=Kpi.Granularity.DAY)
    result = check.run(context, None)
    assert result.get_status() == Kpi.CheckStatus.INSUFFICIENT_DATA
    assert result.get_message() == ("no outlier to look for: 3 values, 29 needed for a "
                                    "window of 14 days on each side")
    assert math.isnan(result.get_observed())

    seasonal = Kpi.SeasonalCheck(dataset_name="short", formula="sum(amount)",
                                 granularity=Kpi.Granularity.DAY)
    result = seasonal.run(context, None)
    assert result.get_status() == Kpi.CheckStatus.INSUFFICIENT_DATA
    assert "3 days of history, 20 needed" in result.get_message()

    with pytest.raises(Exception) as info:
        Kpi.OutlierCheck(dataset_name="short", formula="sum(amout)").run(context, None)
    assert "did you mean “amount”?" in str(info.value)


def test_modified_z_against_scipy(crm_dir):
    """The modified z-score of the online daily revenue, against scipy."""
    np = pytest.importorskip("numpy")
    stats = pytest.importorskip("scipy.stats")
    context, _ = load_orders(crm_dir)
    days, x = daily_revenue(crm_dir, "online")
    x = np.array(x)
    median = np.median(x)
    mad = stats.median_abs_deviation(x)   # scale 1: the raw MAD
    m = 0.6745 * (x - median) / mad

    check = Kpi.OutlierCheck(dataset_name="orders", formula='sum(amount where channel = "online")',
                             granularity=Kpi.Granularity.DAY, method=Kpi.OutlierMethod.MODIFIED_Z)
    result = check.run(context, None)
    assert result.get_observed() == pytest.approx(np.max(np.abs(m)), rel=1e-12)
    worst = days[int(np.argmax(np.abs(m)))]
    assert result.get_message().startswith(worst + ": ")

    # one day at a time, through the check's period: the same scores
    calendar = context.get_calendar()
    for i in (0, 100, 364, 730):
        check.props.period = calendar.parse_period(days[i])
        assert check.run(context, None).get_observed() == pytest.approx(abs(m[i]), rel=1e-9, abs=1e-12)


def test_hampel_against_numpy(crm_dir):
    """The Hampel scores of the online daily revenue, recomputed."""
    np = pytest.importorskip("numpy")
    context, _ = load_orders(crm_dir)
    days, x = daily_revenue(crm_dir, "online")
    x = np.array(x)
    window = 14
    scores = []
    for i in range(len(x)):
        w = x[max(0, i - window):i + window + 1]
        median = np.median(w)
        scores.append((x[i] - median) / (1.4826 * np.median(np.abs(w - median))))
    scores = np.array(scores)

    check = Kpi.OutlierCheck(dataset_name="orders", formula='sum(amount where channel = "online")',
                             granularity=Kpi.Granularity.DAY)
    result = check.run(context, None)
    assert result.get_observed() == pytest.approx(np.max(np.abs(scores)), rel=1e-12)
    calendar = context.get_calendar()
    for i in (0, 5, 400, 725, 730):
        check.props.period = calendar.parse_period(days[i])
        assert check.run(context, None).get_observed() == pytest.approx(abs(scores[i]), rel=1e-9, abs=1e-12)


def decompose(x, m):
    """The residuals of statsmodels' seasonal_decompose (additive), or of
    the same computation in numpy when statsmodels is not installed: NaN
    where the centred trend is not defined."""
    np = pytest.importorskip("numpy")
    x = np.asarray(x, dtype=float)
    try:
        from statsmodels.tsa.seasonal import seasonal_decompose
    except ImportError:
        seasonal_decompose = None
    if seasonal_decompose is not None:
        r = seasonal_decompose(x, model="additive", period=m)
        return np.asarray(r.resid), np.asarray(r.trend), np.asarray(r.seasonal)
    if m % 2 == 0:
        weights = np.array([0.5] + [1.0] * (m - 1) + [0.5]) / m
    else:
        weights = np.repeat(1.0 / m, m)
    h = m // 2
    trend = np.full(len(x), np.nan)
    trend[h:len(x) - h] = np.convolve(x, weights, mode="valid")
    detrended = x - trend
    index = np.array([np.nanmean(detrended[j::m]) for j in range(m)])
    index -= index.mean()
    seasonal = np.tile(index, len(x) // m + 1)[:len(x)]
    return detrended - seasonal, trend, seasonal


def robust_sd(residuals):
    np = pytest.importorskip("numpy")
    r = residuals[~np.isnan(residuals)]
    return 1.4826 * np.median(np.abs(r - np.median(r)))


def test_seasonal_months_against_statsmodels():
    """A month that departs from its season, on hand-made data: four years
    of months on a yearly pattern, June 2023 300 above it."""
    np = pytest.importorskip("numpy")
    pattern = [80, 85, 100, 105, 110, 120, 115, 100, 105, 110, 130, 170]
    x = [pattern[t % 12] * 10 + 5 * t + ((t * 37) % 11 - 5) + (300 if t == 17 else 0)
         for t in range(48)]
    text = "date,amount\n" + "".join("%04d-%02d-15,%.2f\n" % (2022 + t // 12, t % 12 + 1, v)
                                     for t, v in enumerate(x))
    months = Kpi.Dataset.new(None)
    months.load_data(text.encode(), None)
    context = Kpi.Context.new(None)
    context.add_dataset("months", months)

    resid, trend, seasonal = decompose(x, 12)
    z = resid / robust_sd(resid)
    check = Kpi.SeasonalCheck(dataset_name="months", formula="sum(amount)")
    result = check.run(context, None)
    assert result.get_status() == Kpi.CheckStatus.FAIL
    assert result.get_observed() == pytest.approx(np.nanmax(np.abs(z)), rel=1e-9)
    assert result.get_message().startswith("2023-06: 1582, 1.1× what the trend and the "
                                           "12-month season give (%.1f)" % (trend[17] + seasonal[17]))
    assert [result.get_affected(i)[0].get_label() for i in range(result.get_n_affected())] == ["2023-06"]

    # each month where the trend is defined, one at a time
    calendar = context.get_calendar()
    for t in (6, 17, 29, 41):
        check.props.period = calendar.parse_period("%04d-%02d" % (2022 + t // 12, t % 12 + 1))
        assert check.run(context, None).get_observed() == pytest.approx(abs(z[t]), rel=1e-9)

    # the ends: the trend extended by the line through its first (last)
    # twelve values
    check.props.period = calendar.parse_period("2025-12")
    k, c = np.polyfit(np.arange(30, 42), trend[30:42], 1)
    end_z = (x[47] - (k * 47 + c) - seasonal[47]) / robust_sd(resid)
    assert check.run(context, None).get_observed() == pytest.approx(abs(end_z), rel=1e-9)


def test_seasonal_days_against_statsmodels(crm_dir):
    """The spike against the 7-day season of the online daily revenue."""
    np = pytest.importorskip("numpy")
    context, _ = load_orders(crm_dir)
    spike = spike_of(crm_dir)
    days, x = daily_revenue(crm_dir, "online")
    resid, _, _ = decompose(x, 7)
    z = resid / robust_sd(resid)
    i = days.index(spike["date"])

    check = Kpi.SeasonalCheck(dataset_name="orders", formula='sum(amount where channel = "online")',
                              granularity=Kpi.Granularity.DAY)
    result = check.run(context, None)
    assert result.get_status() == Kpi.CheckStatus.FAIL
    assert result.get_observed() == pytest.approx(z[i], rel=1e-9)
    assert int(np.nanargmax(np.abs(z))) == i
