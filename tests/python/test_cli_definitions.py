# SPDX-License-Identifier: LGPL-2.1-or-later
"""The kpi command over a definitions file, as a user types it: kpi validate,
kpi check, kpi eval and kpi report on the CRM example over the generated
sample."""

import csv
import io
import json
import os
import pty
import re
import shutil
import subprocess

import pytest

KPI = os.environ.get("KPI_TOOL")
EXAMPLE = os.path.join(os.environ.get("KPI_SRCDIR", ""), "..", "examples", "crm", "crm.json")


def kpi(*args, **kwargs):
    if not KPI:
        pytest.fail("KPI_TOOL does not name the kpi command")
    return subprocess.run([KPI, *args], capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="module")
def crm(tmp_path_factory):
    """The example's definitions beside the generated sample, as `data`."""
    data = os.environ.get("KPI_TEST_DATA")
    if not data:
        pytest.fail("KPI_TEST_DATA is not set")
    where = tmp_path_factory.mktemp("crm")
    shutil.copy(EXAMPLE, where / "crm.json")
    os.symlink(data, where / "data")
    return str(where / "crm.json")


def test_validate_says_what_is_missing(crm):
    result = kpi("validate", crm)
    # the sample has no external data: no context indicator on the scorecard
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "dashboard “executive”: no context indicator: a strategic dashboard balances "
        "performance, steering, context and impact",
        "3 dashboards, 1 advisory",
    ]


def test_validate_bad_document_names_the_path(tmp_path, crm):
    with open(crm) as f:
        text = f.read()
    bad = tmp_path / "bad.json"
    bad.write_text(text.replace('"indicator": "nps",', '"indicator": "npss",', 1))
    os.symlink(os.path.join(os.path.dirname(crm), "data"), tmp_path / "data")
    result = kpi("validate", str(bad))
    assert result.returncode == 2
    assert "$.dashboards[0].indicators[3]: unknown indicator “npss”; did you mean “nps”?" in result.stderr


def test_check_runs_the_documents_checks(crm):
    result = kpi("check", crm, "--now", "2026-01-02")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 16
    assert any(line.startswith("FAIL   order_ids_unique:") for line in lines)
    assert any(line.startswith("PASS   opportunities_complete:") for line in lines)


def test_eval_an_indicator_of_the_document(crm):
    result = kpi("eval", crm, "revenue", "--from", "2025-02", "--to", "2025-04")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["period"] for r in rows] == ["2025-02", "2025-03", "2025-04"]
    # the document's checks annotate the values: the duplicated batch of
    # 2025-03-12 taints March
    assert rows[1]["quality"] == "failed" and "order_ids_unique" in rows[1]["findings"]
    assert rows[0]["quality"] == "good"
    # the same number as the formula over the same dataset
    formula = kpi("eval", crm, "sum(amount)", "--dataset", "orders", "--from", "2025-02", "--to", "2025-04")
    assert formula.returncode == 0, formula.stderr
    assert [r["value"] for r in csv.DictReader(io.StringIO(formula.stdout))] == [r["value"] for r in rows]


def test_eval_refuses_options_the_document_sets(crm):
    result = kpi("eval", crm, "revenue", "--tz", "Europe/Paris")
    assert result.returncode == 2
    assert "come from the definitions file" in result.stderr


def test_report_text_json_csv_html(crm, tmp_path):
    text = kpi("report", crm, "--dashboard", "executive", "--period", "2025-09")
    # a number on it failed a check (the seeded anomalies): exit 1, report written
    assert text.returncode == 1, text.stderr
    assert text.stdout.startswith("Executive scorecard — Claire Martin (Chief executive) — 2025-09")
    assert "Revenue by channel:" in text.stdout
    assert "\x1b[" not in text.stdout

    as_json = kpi("report", crm, "--dashboard", "executive", "--period", "2025-09", "--format", "json")
    report = json.loads(as_json.stdout)
    assert report["dashboard"] == "executive"
    assert [row["indicator"] for row in report["rows"]][:2] == ["revenue", "gross_margin_rate"]
    # a missing number is null, never NaN or Infinity (which are not JSON)
    assert re.search(r"[:\[,]\s*-?(nan|infinity)\b", as_json.stdout, re.IGNORECASE) is None

    as_csv = kpi("report", crm, "--dashboard", "finance", "--period", "2025-09", "--format", "csv")
    assert as_csv.stdout.splitlines()[0].startswith("dashboard,")

    page = tmp_path / "apollo.html"
    html = kpi("report", crm, "--dashboard", "apollo", "--as-of", "2025-09-18", "--format", "html", "-o", str(page))
    assert html.returncode in (0, 1), html.stderr
    assert html.stdout == ""
    content = page.read_text()
    assert content.startswith("<!DOCTYPE html>") and "Project Apollo" in content


def test_report_errors(crm):
    result = kpi("report", crm, "--dashboard", "exec")
    assert result.returncode == 2
    assert "it has: executive, finance, apollo" in result.stderr
    result = kpi("report", crm, "--period", "2025-13")
    assert result.returncode == 2 and result.stderr.startswith("kpi: --period: ")
    result = kpi("report", crm, "--format", "pdf")
    assert result.returncode == 2 and "expected text, json, csv or html" in result.stderr


def test_progress_bar_on_a_terminal(crm):
    """A progress bar on stderr when it is a terminal (the delay set to 0 for
    the test), none otherwise."""
    leader, follower = pty.openpty()
    env = dict(os.environ, KPI_PROGRESS_DELAY_MS="0")
    proc = subprocess.run([KPI, "validate", crm], stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    seen = b""
    try:
        while True:
            chunk = os.read(leader, 4096)
            if not chunk:
                break
            seen += chunk
    except OSError:
        pass
    os.close(leader)
    assert proc.returncode == 1
    assert b"loading orders" in seen and b"%" in seen
    plain = kpi("validate", crm, env=env)
    assert "loading" not in plain.stderr
