# SPDX-License-Identifier: LGPL-2.1-or-later
"""kpi-sample-data: --clean against the seeded data, and project Apollo's task log.

Plain Python (csv, json, datetime), independent of libkpi: these files are
what the library's data-quality checks are judged on. Each test runs on the
sample the build made (--orders 20000, seeded and --clean) and on the
default options (100 000 orders), generated here.
"""

import collections
import csv
import datetime
import functools
import json
import os
import subprocess

import pytest

GENERATOR = os.environ.get("KPI_SAMPLE_DATA")
TEAMS = ["team-a", "team-b", "team-c"]
BIASED_TEAM = "team-b"
LIMIT = 4.0  # the tracking signal's usual control limit (KPI_DEFAULT_TRACKING_SIGNAL_LIMIT)
ANOMALY_IDS = [
    "rep_stops_reporting", "duplicated_batch", "outlier_spike",
    "end_of_quarter_concentration", "rewritten_month", "late_source",
    "underestimated_remaining_work",
]
TASK_COLUMNS = ["date", "project", "milestone", "team", "task", "planned_start",
                "planned_end", "planned_effort", "spent", "remaining", "done"]


def generate(directory, *args):
    if not GENERATOR:
        pytest.fail("KPI_SAMPLE_DATA does not name the generator")
    result = subprocess.run([GENERATOR, "--quiet", "--output", str(directory), *args],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return str(directory)


@pytest.fixture(scope="module")
def default_pair(tmp_path_factory):
    base = tmp_path_factory.mktemp("sample")
    return generate(base / "seeded"), generate(base / "clean", "--clean")


@pytest.fixture(params=["orders-20000", "default"])
def pair(request):
    """(seeded directory, clean directory)."""
    if request.param == "default":
        return request.getfixturevalue("default_pair")
    seeded = os.environ.get("KPI_TEST_DATA")
    clean = os.environ.get("KPI_TEST_DATA_CLEAN")
    if not seeded or not os.path.isdir(seeded):
        pytest.fail("KPI_TEST_DATA does not name the generated sample directory")
    if not clean or not os.path.isdir(clean):
        pytest.fail("KPI_TEST_DATA_CLEAN does not name the generated clean sample directory")
    return seeded, clean


@functools.lru_cache(maxsize=None)
def read_csv(path):
    """(header, rows) of a CSV file; rows are tuples of strings."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, [tuple(row) for row in reader]


def rows(directory, name):
    return read_csv(os.path.join(directory, name))[1]


def manifest(directory):
    with open(os.path.join(directory, "anomalies.json"), encoding="utf-8") as f:
        return json.load(f)


def anomaly(directory, ident):
    return next(a for a in manifest(directory)["anomalies"] if a["id"] == ident)


def day(text):
    return datetime.date.fromisoformat(text)


def seeded_anomaly(pair, ident):
    """The seeded anomaly's parameters, where the clean data must show none."""
    return anomaly(pair[0], ident)


# ---------------------------------------------------------------- manifest


def test_manifest_keeps_its_shape(pair):
    seeded, clean = manifest(pair[0]), manifest(pair[1])
    assert seeded["clean"] is False and clean["clean"] is True
    assert list(seeded) == list(clean)
    assert list(seeded["files"]) == list(clean["files"])
    assert "project_tasks.csv" in clean["files"] and "project_milestones.csv" in clean["files"]
    assert [a["id"] for a in seeded["anomalies"]] == ANOMALY_IDS
    assert clean["anomalies"] == []
    for directory, m in (pair[0], seeded), (pair[1], clean):
        for name, size in m["files"].items():
            path = os.path.join(directory, name)
            assert os.path.getsize(path) == size["bytes"], name
            assert len(rows(directory, name)) == size["rows"], name


# ---------------------------------------------------------------- --clean


def test_clean_orders_have_no_duplicate(pair):
    n = manifest(pair[1])["orders"]
    ids = [int(r[1]) for r in rows(pair[1], "orders.csv")]
    assert ids == list(range(1, n + 1))
    seeded_ids = [r[1] for r in rows(pair[0], "orders.csv")]
    assert len(seeded_ids) == n + seeded_anomaly(pair, "duplicated_batch")["rows"]
    assert len(set(seeded_ids)) == n


def test_clean_rep_reports_to_the_last_day(pair):
    stop = seeded_anomaly(pair, "rep_stops_reporting")
    rep, since = stop["rep"], stop["from"]
    end = day(manifest(pair[1])["end"])
    assert not [r for r in rows(pair[0], "orders.csv") if r[5] == rep and r[0] >= since]
    orders = rows(pair[1], "orders.csv")
    clean = [r[0] for r in orders if r[5] == rep]
    before = [d for d in clean if d < since]
    after = [d for d in clean if d >= since]
    assert len(before) == stop["rows_before"]
    # The same share of the orders as before the seeded stop (within 20 %).
    n_after = sum(1 for r in orders if r[0] >= since)
    share = (len(after) / n_after) / (len(before) / (len(orders) - n_after))
    assert 0.8 < share < 1.2, share
    assert (end - day(max(after))).days <= 7


def test_clean_marketing_runs_to_the_last_day(pair):
    late = seeded_anomaly(pair, "late_source")
    end = manifest(pair[1])["end"]
    assert max(r[0] for r in rows(pair[0], "marketing.csv")) == late["last_date"]
    assert late["expected_last_date"] == end
    assert max(r[0] for r in rows(pair[1], "marketing.csv")) == end


def test_clean_snapshot_is_the_prefix_of_the_orders(pair):
    seeded, clean = pair
    name = seeded_anomaly(pair, "rewritten_month")["snapshot"]
    assert name in manifest(clean)["files"]
    for directory, equal in (clean, True), (seeded, False):
        with open(os.path.join(directory, name), "rb") as f:
            snapshot = f.read()
        with open(os.path.join(directory, "orders.csv"), "rb") as f:
            prefix = f.read(len(snapshot))
        assert (snapshot == prefix) is equal, directory


def daily_online_revenue(directory):
    revenue = collections.defaultdict(float)
    for r in rows(directory, "orders.csv"):
        if r[3] == "online":
            revenue[r[0]] += float(r[6])
    return revenue


def median(values):
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def test_clean_orders_have_no_revenue_spike(pair):
    spike = seeded_anomaly(pair, "outlier_spike")
    for directory, low, high in (pair[0], 5.0, None), (pair[1], 0.67, 1.5):
        revenue = daily_online_revenue(directory)
        dates = sorted(revenue)
        i = dates.index(spike["date"])
        others = [revenue[d] for d in dates[max(0, i - 14):i] + dates[i + 1:i + 15]]
        ratio = revenue[spike["date"]] / (sum(others) / len(others))
        assert ratio > low and (high is None or ratio < high), (directory, ratio)
    # No day of the clean data is far from the median of the 14 days on
    # either side: a single large basket lifts a day by up to 1.8 times
    # with 20 000 orders (about 14 online orders a day), against about 8
    # times for the seeded spike.
    revenue = daily_online_revenue(pair[1])
    dates = sorted(revenue)
    values = [revenue[d] for d in dates]
    worst = max(values[i] / median(values[max(0, i - 14):i] + values[i + 1:i + 15])
                for i in range(len(values)))
    assert worst < 2.0


def test_clean_orders_have_no_end_of_quarter_push(pair):
    eoq = seeded_anomaly(pair, "end_of_quarter_concentration")
    for directory, low, high in (pair[0], 0.6, 1.0), (pair[1], 0.0, 0.15):
        dates = [r[0] for r in rows(directory, "orders.csv")
                 if r[5] == eoq["rep"] and eoq["quarter_start"] <= r[0] <= eoq["quarter_end"]]
        share = sum(1 for d in dates if d >= eoq["window_start"]) / len(dates)
        assert low < share < high, (directory, share)


def test_clean_and_seeded_orders_differ_only_at_the_anomalies(pair):
    seeded, clean = list(rows(pair[0], "orders.csv")), rows(pair[1], "orders.csv")
    dup = seeded_anomaly(pair, "duplicated_batch")
    copies = seeded[dup["copy_first_row"] - 1:dup["copy_first_row"] - 1 + dup["rows"]]
    originals = seeded[dup["first_row"] - 1:dup["first_row"] - 1 + dup["rows"]]
    assert copies == originals
    del seeded[dup["copy_first_row"] - 1:dup["copy_first_row"] - 1 + dup["rows"]]
    assert len(seeded) == len(clean)

    stop = seeded_anomaly(pair, "rep_stops_reporting")
    spike = seeded_anomaly(pair, "outlier_spike")
    eoq = seeded_anomaly(pair, "end_of_quarter_concentration")
    rewritten = set(str(i) for i in seeded_anomaly(pair, "rewritten_month")["order_ids"])
    in_quarter = [collections.Counter(), collections.Counter()]
    reassigned = amounts = 0
    for s, c in zip(seeded, clean):
        if eoq["quarter_start"] <= c[0] <= eoq["quarter_end"]:
            # Inside the quarter only R03's orders moved (and the ids that
            # follow the file order): the same orders, elsewhere.
            assert eoq["quarter_start"] <= s[0] <= eoq["quarter_end"]
            in_quarter[0][s[2:]] += 1
            in_quarter[1][c[2:]] += 1
            continue
        assert s[:5] == c[:5]
        if s[5] != c[5]:
            assert c[5] == stop["rep"] and c[0] >= stop["from"], c
            reassigned += 1
        if s[6:] != c[6:]:
            assert (c[0] == spike["date"] and c[3] == "online") or c[1] in rewritten, c
            amounts += 1
    assert in_quarter[0] == in_quarter[1]
    assert reassigned == sum(1 for r in clean if r[5] == stop["rep"] and r[0] >= stop["from"])
    spiked = sum(1 for r in clean if r[0] == spike["date"] and r[3] == "online")
    assert amounts == spiked + len(rewritten)


def test_clean_and_seeded_other_files_differ_only_at_the_anomalies(pair):
    eoq = seeded_anomaly(pair, "end_of_quarter_concentration")
    late = seeded_anomaly(pair, "late_source")
    with open(os.path.join(pair[0], "opportunities.csv"), "rb") as f:
        seeded_opportunities = f.read()
    with open(os.path.join(pair[1], "opportunities.csv"), "rb") as f:
        assert f.read() == seeded_opportunities
    # Surveys follow the orders by up to 14 (NPS) or 20 days (complaints):
    # only those of the quarter whose orders moved differ.
    after = {"nps.csv": 14, "complaints.csv": 20}
    for name, lag in after.items():
        last = (day(eoq["quarter_end"]) + datetime.timedelta(days=lag)).isoformat()
        outside = [[r for r in rows(d, name) if not eoq["quarter_start"] <= r[0] <= last]
                   for d in pair]
        assert outside[0] == outside[1], name
        assert len(outside[0]) > len(rows(pair[0], name)) / 2
    for name in "budget.csv", "targets.csv":
        outside = [[r for r in rows(d, name) if not eoq["quarter_start"] <= r[0] <= eoq["quarter_end"]]
                   for d in pair]
        assert outside[0] == outside[1], name
    marketing = [rows(d, "marketing.csv") for d in pair]
    assert len(marketing[1]) > len(marketing[0])
    assert marketing[1][:len(marketing[0])] == marketing[0]
    assert all(r[0] > late["last_date"] for r in marketing[1][len(marketing[0]):])


# ---------------------------------------------------------------- task log


def task_log(directory):
    header, log = read_csv(os.path.join(directory, "project_tasks.csv"))
    assert header == TASK_COLUMNS
    return [dict(zip(header, r)) for r in log]


def test_task_log_shape(pair):
    for directory in pair:
        m = manifest(directory)
        start, end = day(m["start"]), day(m["end"])
        log = task_log(directory)
        dates = sorted(set(r["date"] for r in log))
        first = day(dates[0])
        # The first Monday on or after 60 % of the range; then every Monday.
        assert first.weekday() == 0
        assert 0 <= (first - (start + datetime.timedelta(days=int(0.6 * m["days"])))).days < 7
        assert [(day(d) - first).days for d in dates] == [7 * k for k in range(len(dates))]
        assert day(dates[-1]) <= end
        tasks = sorted(set(r["task"] for r in log))
        assert 30 <= len(tasks) <= 60
        assert tasks == ["T%02d" % (i + 1) for i in range(len(tasks))]
        assert set(r["project"] for r in log) == {"apollo"}
        assert sorted(set(r["team"] for r in log)) == TEAMS
        milestones = sorted(set(r["milestone"] for r in log))
        assert 4 <= len(milestones) <= 6
        assert milestones == ["M%d" % (i + 1) for i in range(len(milestones))]
        # Every report lists every task, in order.
        assert [r["date"] for r in log] == [d for d in dates for _ in tasks]
        assert [r["task"] for r in log] == tasks * len(dates)

        by_task = collections.defaultdict(list)
        for r in log:
            by_task[r["task"]].append(r)
        for task, reports in by_task.items():
            fixed = set((r["milestone"], r["team"], r["planned_start"], r["planned_end"],
                         r["planned_effort"]) for r in reports)
            assert len(fixed) == 1, task
            ms, team, planned_start, planned_end, effort = fixed.pop()
            assert day(planned_start).weekday() == 0 and day(planned_end).weekday() == 4
            assert first <= day(planned_start) < day(planned_end) <= end
            assert int(effort) > 0 and int(effort) % 4 == 0
            spent = [int(r["spent"]) for r in reports]
            done = [int(r["done"]) for r in reports]
            assert spent[0] == 0 and spent == sorted(spent), task
            assert done == sorted(done) and set(done) <= {0, 1}, task
            for r in reports:
                if r["done"] == "1":
                    assert r["remaining"] == "0" and int(r["spent"]) == spent[-1], task
                else:
                    assert int(r["remaining"]) >= 1, task
        # The log runs to the last Monday of the range, or stops at the
        # first report where every task is done.
        all_done = [d for d in dates if all(r["done"] == "1" for r in log if r["date"] == d)]
        assert all_done in ([], [dates[-1]])
        if not all_done:
            assert (end - day(dates[-1])).days < 7


def test_milestones(pair):
    for directory in pair:
        log = task_log(directory)
        header, milestones = read_csv(os.path.join(directory, "project_milestones.csv"))
        assert header == ["milestone", "planned_date", "actual_date"]
        names = sorted(set(r["milestone"] for r in log))
        assert [m[0] for m in milestones] == names
        dates = sorted(set(r["date"] for r in log))
        for name, planned, actual in milestones:
            of_it = [r for r in log if r["milestone"] == name]
            assert planned == max(r["planned_end"] for r in of_it)
            reached = [d for d in dates if all(r["done"] == "1" for r in of_it if r["date"] == d)]
            if reached:
                # The Friday of the week before the first report showing it.
                assert actual == (day(reached[0]) - datetime.timedelta(days=3)).isoformat()
            else:
                assert actual == ""


def estimate_errors(log, started_only=False):
    """Per team, the errors of the remaining-work estimates: the work really
    left (the task's spent hours once done, minus those spent at the report)
    minus the estimate, for every report with done = 0 of a task that the
    log shows done."""
    final = {}
    for r in log:
        if r["done"] == "1":
            final.setdefault(r["task"], int(r["spent"]))
    errors = collections.defaultdict(list)
    for r in log:
        if r["done"] == "0" and r["task"] in final and (not started_only or int(r["spent"]) > 0):
            left = final[r["task"]] - int(r["spent"])
            errors[r["team"]].append((left, int(r["remaining"])))
    return errors


def tracking_signal(pairs):
    """Σ (actual - estimate) / MAD, MAD the mean of |actual - estimate|."""
    errors = [left - estimate for left, estimate in pairs]
    return sum(errors) / (sum(abs(e) for e in errors) / len(errors))


def test_tracking_signal_flags_the_biased_team_only(pair):
    seeded, clean = pair
    for started_only in False, True:
        errors = estimate_errors(task_log(seeded), started_only)
        signal = {team: tracking_signal(errors[team]) for team in TEAMS}
        # Every estimate of team-b is below the work left: the signal is the
        # number of its estimates.
        assert signal[BIASED_TEAM] == pytest.approx(len(errors[BIASED_TEAM]))
        assert signal[BIASED_TEAM] > 10 * LIMIT
        for team in TEAMS:
            if team != BIASED_TEAM:
                assert abs(signal[team]) <= LIMIT, (team, signal)
        errors = estimate_errors(task_log(clean), started_only)
        for team in TEAMS:
            assert abs(tracking_signal(errors[team])) <= LIMIT, (team, started_only)


def test_biased_team_reports_part_of_the_work_left(pair):
    entry = seeded_anomaly(pair, "underestimated_remaining_work")
    assert entry["file"] == "project_tasks.csv"
    assert entry["project"] == "apollo" and entry["team"] == BIASED_TEAM
    assert 0.55 <= entry["bias_factor"] <= 0.65
    assert entry["effort_factor"] == pytest.approx(1 / entry["bias_factor"], abs=0.002)
    log = task_log(pair[0])
    assert entry["task_ids"] == sorted(set(r["task"] for r in log if r["team"] == BIASED_TEAM))
    errors = estimate_errors(log)
    assert entry["estimates_scored"] == len(errors[BIASED_TEAM])
    assert entry["estimates"] == sum(1 for r in log if r["team"] == BIASED_TEAM and r["done"] == "0")
    assert entry["weekly_reports"] == len(set(r["date"] for r in log
                                              if r["team"] == BIASED_TEAM and r["done"] == "0"))
    assert entry["tasks_done"] == len(set(r["task"] for r in log
                                          if r["team"] == BIASED_TEAM and r["done"] == "1"))
    assert entry["tracking_signal"] == pytest.approx(tracking_signal(errors[BIASED_TEAM]), abs=0.05)
    # The share of the work left that each team reports.
    for directory, team, low, high in ((pair[0], BIASED_TEAM, 0.5, 0.7),
                                       (pair[0], "team-a", 0.9, 1.1),
                                       (pair[1], BIASED_TEAM, 0.9, 1.1)):
        pairs = estimate_errors(task_log(directory))[team]
        share = sum(e for _, e in pairs) / sum(left for left, _ in pairs)
        assert low < share < high, (directory, team, share)


def overrun(log, team):
    """Mean of the tasks' spent hours once done over their planned effort."""
    ratios = [int(r["spent"]) / int(r["planned_effort"]) for r in log
              if r["team"] == team and r["done"] == "1"]
    return sum(ratios) / len(ratios)


def test_biased_team_overruns_and_delays_milestones(pair):
    seeded, clean = task_log(pair[0]), task_log(pair[1])
    assert overrun(seeded, BIASED_TEAM) > 1.4
    for team in TEAMS:
        assert 0.9 < overrun(clean, team) < 1.15, team
    # In the clean data every milestone is reached within three weeks of
    # its date; in the seeded data the last one is months late or missing.
    for directory, late in (pair[0], True), (pair[1], False):
        _, milestones = read_csv(os.path.join(directory, "project_milestones.csv"))
        delays = [(day(a) - day(p)).days if a else None for _, p, a in milestones]
        if late:
            assert delays[-1] is None or delays[-1] > 56, delays
        else:
            assert all(d is not None and -7 <= d <= 21 for d in delays), delays


def test_honest_teams_are_the_same_in_clean_and_seeded_logs(pair):
    seeded, clean = task_log(pair[0]), task_log(pair[1])
    dates = set(r["date"] for r in clean) & set(r["date"] for r in seeded)
    for team in TEAMS:
        a = [r for r in seeded if r["team"] == team and r["date"] in dates]
        b = [r for r in clean if r["team"] == team and r["date"] in dates]
        assert (a == b) is (team != BIASED_TEAM), team


def test_only_orders_writes_no_project(tmp_path):
    directory = generate(tmp_path / "only", "--only", "orders", "--orders", "1000", "--clean")
    assert os.listdir(directory) == ["orders.csv"]
    full = generate(tmp_path / "full", "--orders", "1000", "--clean")
    with open(os.path.join(directory, "orders.csv"), "rb") as a, \
            open(os.path.join(full, "orders.csv"), "rb") as b:
        assert a.read() == b.read()
