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
