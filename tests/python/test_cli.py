# SPDX-License-Identifier: LGPL-2.1-or-later
"""The kpi command, as a user types it."""

import csv
import io
import json
import os
import subprocess

import pytest

KPI = os.environ.get("KPI_TOOL")
SMALL = os.path.join(os.environ.get("KPI_SRCDIR", ""), "data", "crm-small")
ORDERS = os.path.join(SMALL, "orders.csv")


def kpi(*args):
    if not KPI:
        pytest.fail("KPI_TOOL does not name the kpi command")
    return subprocess.run([KPI, *args], capture_output=True, text=True)


def test_eval_by_month_csv():
    result = kpi("eval", ORDERS, "sum(amount)")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [["period", "value"], ["2025-01", "350"], ["2025-02", "200"], ["2025-03", "200"]]


def test_empty_periods_and_missing_values():
    result = kpi("eval", ORDERS, "avg(amount where channel = \"mobile\")", "--by", "month")
    assert result.returncode == 0, result.stderr
    # February only has a mobile order; an average of nothing is missing: empty.
    assert result.stdout.splitlines() == ["period,value", "2025-01,", "2025-02,80", "2025-03,"]


def test_range_quarters_and_round_trip():
    result = kpi("eval", ORDERS, "(sum(amount) - sum(cost)) / sum(amount)",
                 "--by", "quarter", "--from", "2024-Q4", "--to", "2025-Q2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "period,value"
    assert [line.split(",")[0] for line in lines[1:]] == ["2024-Q4", "2025-Q1", "2025-Q2"]
    assert lines[1] == "2024-Q4,"            # 0 / 0: missing, not nan
    assert float(lines[2].split(",")[1]) == 260 / 750   # reads back exactly
    assert lines[3] == "2025-Q2,"


def test_group():
    result = kpi("eval", ORDERS, "count_distinct(customer)", "--by", "quarter", "--group", "channel")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "period,channel,value", "2025-Q1,online,4", "2025-Q1,store,2", "2025-Q1,mobile,1"]


def test_json_and_text():
    result = kpi("eval", ORDERS, "count()", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(d["period"], d["value"]) for d in data] == [("2025-01", 3), ("2025-02", 2), ("2025-03", 3)]
    result = kpi("eval", ORDERS, "count()", "--format", "text")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].split() == ["period", "value", "flags"]


@pytest.mark.parametrize("args, message", [
    (["sum(amout)"], "did you mean"),
    (["sum(amount"], "column"),
    (["count()", "--by", "fortnight"], "--by"),
    (["count()", "--format", "xml"], "--format"),
    (["count()", "--from", "2025-13"], "--from"),
    (["count()", "--tz", "Mars/Olympus"], "--tz"),
])
def test_errors_exit_2(args, message):
    result = kpi("eval", ORDERS, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_missing_file_exits_2():
    result = kpi("eval", os.path.join(SMALL, "nope.csv"), "count()")
    assert result.returncode == 2
    assert "nope.csv" in result.stderr


# kpi eval --compare: each period against a reference

def write_csv(path, text):
    path.write_text(text)
    return str(path)


def test_compare_previous_month():
    result = kpi("eval", ORDERS, "sum(amount)", "--compare", "prev")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "period,value,reference,delta,relative_change,status,flags",
        # December 2024 is before the data: no reference (not a reference
        # of 0, which would read "on track" from a zero base)
        "2025-01,350,,,,unknown,no-reference",
        # 200 - 350 = -150; -150 / 350 = -0.428...; 200 / 350 = 0.57: off track
        "2025-02,200,350,-150,-0.42857142857142855,off-track,",
        "2025-03,200,200,0,0,on-track,",
    ]


def test_compare_previous_month_text():
    result = kpi("eval", ORDERS, "sum(amount)", "--compare", "prev", "--format", "text")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["period", "value", "reference", "delta", "change", "status", "flags"]
    assert "unknown" in lines[1] and "no-reference" in lines[1]
    assert "\u221242.9 %" in lines[2] and "off track" in lines[2]
    assert "inf" not in result.stdout and "nan" not in result.stdout


def test_compare_with_targets_file(tmp_path):
    targets = write_csv(tmp_path / "targets.csv",
                        "date,target\n2025-01-01,400\n2025-02-01,200\n2025-03-01,180\n")
    result = kpi("eval", ORDERS, "sum(amount)", "--compare", "target:" + targets)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "period,value,reference,delta,relative_change,status,flags",
        # 350 / 400 = 0.875 < 0.9: off track; -50 / 400 = -0.125
        "2025-01,350,400,-50,-0.125,off-track,",
        "2025-02,200,200,0,0,on-track,",
        # 20 / 180 = 0.111...
        "2025-03,200,180,20,0.1111111111111111,on-track,",
    ]


def test_compare_lower_is_better_json(tmp_path):
    budget = write_csv(tmp_path / "budget.csv",
                       "date,revenue,cost\n2025-01-01,300,200\n2025-02-01,250,100\n")
    result = kpi("eval", ORDERS, "sum(cost)", "--from", "2025-01", "--to", "2025-02",
                 "--compare", "budget:" + budget + ":sum(cost)",
                 "--direction", "lower-is-better", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    # costs (crm-small README): January 350 - 110 = 240, February 200 - 70 = 130
    assert [(r["period"], r["value"], r["reference"]) for r in rows] == [
        ("2025-01", 240, 200), ("2025-02", 130, 100)]
    # lower is better: attainment 200 / 240 = 0.833 (off track),
    # 100 / 130 = 0.769 (off track)
    assert rows[0]["attainment"] == pytest.approx(200 / 240)
    assert [r["status"] for r in rows] == ["off-track", "off-track"]
    assert rows[0]["relative_change"] == pytest.approx(0.2)
    assert rows[0]["flags"] == []
    assert "budget.csv" in rows[0]["provenance"]


def test_compare_rate_in_points():
    result = kpi("eval", ORDERS, "(sum(amount) - sum(cost)) / sum(amount)",
                 "--compare", "prev", "--rate", "--from", "2025-02", "--to", "2025-03")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # 110/350 -> 0.35 -> 0.40, in percentage points
    assert [r["period"] for r in rows] == ["2025-02", "2025-03"]
    assert float(rows[0]["point_change"]) == pytest.approx((0.35 - 110 / 350) * 100)
    assert float(rows[1]["point_change"]) == pytest.approx(5.0)


def test_compare_last_year_with_the_generated_sample(crm_dir):
    orders = os.path.join(crm_dir, "orders.csv")
    result = kpi("eval", orders, "sum(amount)", "--from", "2025-01", "--to", "2025-03",
                 "--compare", "last-year")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # the same sums, read independently from the file
    sums = {}
    with open(orders, newline="") as f:
        for row in csv.DictReader(f):
            sums[row["date"][:7]] = sums.get(row["date"][:7], 0) + float(row["amount"])
    for row in rows:
        year, month = row["period"].split("-")
        assert float(row["value"]) == pytest.approx(sums[row["period"]])
        assert float(row["reference"]) == pytest.approx(sums[f"{int(year) - 1}-{month}"])
        change = sums[row["period"]] / sums[f"{int(year) - 1}-{month}"] - 1
        assert float(row["relative_change"]) == pytest.approx(change)


def test_compare_generated_targets(crm_dir):
    orders = os.path.join(crm_dir, "orders.csv")
    targets = os.path.join(crm_dir, "targets.csv")
    result = kpi("eval", orders, "sum(amount)", "--from", "2025-01", "--to", "2025-03",
                 "--compare", "target:" + targets + ':sum(target where indicator = "revenue")')
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    with open(targets, newline="") as f:
        expected = {r["date"][:7]: float(r["target"]) for r in csv.DictReader(f)
                    if r["indicator"] == "revenue"}
    assert [r["period"] for r in rows] == ["2025-01", "2025-02", "2025-03"]
    for row in rows:
        reference = expected[row["period"]]
        attainment = float(row["value"]) / reference
        assert float(row["reference"]) == reference
        status = "on-track" if attainment >= 1 else "at-risk" if attainment >= 0.9 else "off-track"
        assert row["status"] == status


@pytest.mark.parametrize("args, message", [
    (["--compare", "fortnight"], "target:FILE.csv"),
    (["--compare", "prev", "--group", "channel"], "--group"),
    (["--rate"], "--compare"),
    (["--compare", "prev", "--direction", "up"], "--direction"),
    (["--compare", "target:nope.csv"], "nope.csv"),
])
def test_compare_errors_exit_2(args, message):
    result = kpi("eval", ORDERS, "sum(amount)", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_compare_table_needs_a_formula(tmp_path, crm_dir):
    # several measure columns: the error lists them
    budget = write_csv(tmp_path / "budget.csv", "date,revenue,cost\n2025-01-01,300,200\n")
    result = kpi("eval", ORDERS, "sum(amount)", "--compare", "budget:" + budget)
    assert result.returncode == 2
    assert "revenue, cost" in result.stderr
    # targets of several indicators: summing them all would mean nothing
    result = kpi("eval", ORDERS, "sum(amount)",
                 "--compare", "target:" + os.path.join(crm_dir, "targets.csv"))
    assert result.returncode == 2
    assert "indicator = " in result.stderr


def test_compare_with_a_forecast(tmp_path):
    orders = write_csv(tmp_path / "orders.csv",
                       "date,amount\n2025-01-15,100\n2025-02-15,110\n2025-03-15,120\n"
                       "2025-04-15,130\n2025-05-15,140\n")
    result = kpi("eval", orders, "sum(amount)", "--compare", "forecast")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # January has no history to forecast from: no reference
    assert rows[0]["reference"] == "" and rows[0]["status"] == "unknown"
    # one or two months of history: the naive forecast repeats the last
    assert [r["reference"] for r in rows[1:3]] == ["100", "110"]
    # from three months on, Holt's trend continues the line
    assert [round(float(r["reference"]), 6) for r in rows[3:]] == [130, 140]

    # an external forecast, given for January and February only
    external = write_csv(tmp_path / "forecast.csv", "date,forecast\n2025-01-01,90\n2025-02-01,100\n")
    result = kpi("eval", orders, "sum(amount)", "--compare", "forecast:" + external)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "2025-01,100,90,10,0.1111111111111111,on-track,"
    # no forecast given for March: no reference, not a forecast of 0
    assert lines[3] == "2025-03,120,,,,unknown,no-reference"


def test_the_budget_example(crm_dir):
    """bindings/python/budget.py, the budget dashboard example, on the
    generated sample."""
    import sys
    script = os.path.join(os.environ.get("KPI_SRCDIR", ""), "..", "bindings", "python", "budget.py")
    result = subprocess.run([sys.executable, script, crm_dir, "2025-09"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    months = [line.split()[0] for line in lines[1:10]]
    assert months == [f"2025-{m:02d}" for m in range(1, 10)]
    assert all(line.split("  ")[-1].strip() in ("on track", "at risk", "off track") for line in lines[1:10])
    assert lines[11].startswith("2025 lands at ") and "against a budget of" in lines[11]
    assert "9 months actual + 3 forecast" in lines[12]
    assert "nan" not in result.stdout and "inf" not in result.stdout


def test_compare_small_base_from_the_months_with_data(tmp_path):
    orders = write_csv(tmp_path / "orders.csv", "date,amount\n"
                       "2025-01-15,50000\n2025-02-15,49000\n2025-03-15,51000\n"
                       "2025-04-15,50500\n2025-05-15,49500\n2025-06-15,1000\n"
                       "2025-07-15,7000\n")
    result = kpi("eval", orders, "sum(amount)", "--compare", "prev")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # before the data: no reference; +600 % from 1 000 after months of
    # 50 000 is flagged as a small base
    assert lines[1] == "2025-01,50000,,,,unknown,no-reference"
    assert lines[7] == "2025-07,7000,1000,6000,6,on-track,small-base"


def test_compare_last_year_has_no_reference_in_the_first_year():
    result = kpi("eval", ORDERS, "sum(amount)", "--compare", "last-year")
    assert result.returncode == 0, result.stderr
    for line in result.stdout.splitlines()[1:]:
        assert line.endswith(",,,,unknown,no-reference"), line


def test_coverage_option(tmp_path):
    # The export is said to start in December 2024: December had no sales
    result = kpi("eval", ORDERS, "sum(amount)", "--compare", "prev", "--coverage", "2024-12..")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "2025-01,350,0,350,,on-track,zero-base"
    result = kpi("eval", ORDERS, "sum(amount)", "--from", "2025-01", "--to", "2025-04",
                 "--coverage", "2025-02..2025-03")
    assert result.stdout.splitlines() == ["period,value", "2025-01,", "2025-02,200", "2025-03,200", "2025-04,"]
    result = kpi("eval", ORDERS, "sum(amount)", "--coverage", "2025-02")
    assert result.returncode == 2
    assert "FROM..TO" in result.stderr
