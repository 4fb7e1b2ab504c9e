# SPDX-License-Identifier: LGPL-2.1-or-later
"""The examples of the reference run: each class page's "## Example" shows
the same code in C, Python and JavaScript; each block is taken from the GIR
(the doc comments as gi-docgen reads them) and run against tests/data's
crm-small orders.csv, so that none can go stale.

A block is written as a reader would paste it: C statements of a main()
with `#include <libkpi/kpi.h>`; Python and gjs code after the import of
GLib and Kpi."""

import csv
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET

import pytest

BUILDDIR = os.environ.get("KPI_TOP_BUILDDIR", "")
SRCDIR = os.environ.get("KPI_SRCDIR", "")
GIR = os.path.join(BUILDDIR, "libkpi", "Kpi-1.0.gir")
ORDERS = os.path.join(SRCDIR, "data", "crm-small", "orders.csv")
CORE = "http://www.gtk.org/introspection/core/1.0"

# the classes whose page must show the three languages
WITH_EXAMPLES = ["Dataset", "Formula", "Indicator", "Context", "Catalog", "Calendar",
                 "Period", "Value", "Comparison", "Benchmark", "ConstantBenchmark",
                 "OffsetBenchmark", "Definitions", "Dashboard", "Report",
                 "Trend", "Forecaster", "Landing", "Plan", "Funnel",
                 "Check", "CheckSuite", "CheckResult", "Store", "Watch",
                 "TableBenchmark", "ForecastBenchmark", "PlanBenchmark",
                 "LoadOptions", "ComparisonPolicy", "Phasing", "Project",
                 "CompletenessCheck", "ValidityCheck", "UniquenessCheck", "VolumeCheck",
                 "FreshnessCheck", "OutlierCheck", "SeasonalCheck", "BenfordCheck",
                 "ContributorCoverageCheck", "EndOfPeriodCheck", "EstimateBiasCheck",
                 "ReconciliationCheck", "RestatementCheck",
                 "ReportRow", "DashboardItem", "Alert", "ThresholdWatch",
                 "StagnationWatch", "LapsingAccountsWatch", "IndicatorWatch",
                 "FunnelResult", "FunnelPipeline", "Forecast", "ForecastAccuracy",
                 "LandingCandidate", "PlanProgress", "Revision", "ProjectStatus",
                 "MilestoneStatus", "TaskStatus", "EstimateBias", "Database"]

PY_PRELUDE = 'import gi\ngi.require_version("Kpi", "1.0")\nfrom gi.repository import GLib, Kpi\n\n'
JS_PRELUDE = "import GLib from 'gi://GLib';\nimport Kpi from 'gi://Kpi?version=1.0';\n\n"
C_PRELUDE = "#include <libkpi/kpi.h>\n\nint\nmain (void)\n{\n"


def examples():
    """{type name: {language: code}} for every type whose doc has an Example."""
    if not os.path.isfile(GIR):
        pytest.fail("no GIR at %s (introspection is off?)" % GIR)
    found = {}
    for node in ET.parse(GIR).getroot().iter():
        if node.tag not in ("{%s}class" % CORE, "{%s}record" % CORE):
            continue
        doc = node.find("{%s}doc" % CORE)
        if doc is None or "## Example" not in doc.text:
            continue
        section = doc.text.split("## Example", 1)[1]
        section = re.split(r"^## ", section, flags=re.M)[0]
        blocks = re.findall(r"^```(\w+)\n(.*?)^```$", section, re.M | re.S)
        found[node.get("name")] = {lang: code for lang, code in blocks}
    return found


EXAMPLES = examples() if os.path.isfile(GIR) else {}


def interpreter(argv):
    preload = os.environ.get("KPI_PRELOAD")
    if preload:
        return ["env", "LD_PRELOAD=" + preload, "ASAN_OPTIONS=detect_leaks=0"] + argv
    return argv


def run(argv, cwd):
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "CRITICAL" not in result.stderr and "WARNING" not in result.stderr, result.stderr
    assert result.stdout.strip() != ""
    return result.stdout


@pytest.fixture
def workdir(tmp_path):
    shutil.copy(ORDERS, tmp_path / "orders.csv")
    # the same orders as a table of an SQLite file, for the database examples
    with open(ORDERS, newline="") as f:
        rows = list(csv.reader(f))
    with sqlite3.connect(tmp_path / "orders.db") as db:
        db.execute("CREATE TABLE orders (date TEXT, order_id TEXT, customer TEXT, channel TEXT,"
                   " region TEXT, rep TEXT, amount REAL, cost REAL)")
        db.executemany("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows[1:])
    return tmp_path


def test_main_classes_show_three_languages():
    missing = [name for name in WITH_EXAMPLES
               if sorted(EXAMPLES.get(name, {})) != ["c", "js", "python"]]
    assert missing == []


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_python_example_runs(name, workdir):
    script = workdir / "example.py"
    script.write_text(PY_PRELUDE + EXAMPLES[name]["python"])
    run(interpreter([os.environ.get("KPI_PYTHON") or "python3", str(script)]), workdir)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_js_example_runs(name, workdir):
    gjs = os.environ.get("GJS")
    if not gjs:
        pytest.skip("gjs is not installed")
    script = workdir / "example.js"
    script.write_text(JS_PRELUDE + EXAMPLES[name]["js"])
    run(interpreter([gjs, "-m", str(script)]), workdir)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_c_example_compiles_and_runs(name, workdir):
    cc = shlex.split(os.environ.get("CC") or "cc")
    glib = subprocess.run(["pkg-config", "--cflags", "--libs", "gio-2.0"],
                          capture_output=True, text=True)
    if glib.returncode != 0:
        pytest.skip("pkg-config does not find gio-2.0")
    source = workdir / "example.c"
    body = "".join("  " + line + "\n" if line else "\n" for line in EXAMPLES[name]["c"].splitlines())
    source.write_text(C_PRELUDE + body + "  return 0;\n}\n")
    program = workdir / "example"
    compiled = subprocess.run(
        cc + ["-Wall", "-Wextra", "-Werror", "-o", str(program), str(source),
              "-I" + os.path.join(SRCDIR, ".."), "-I" + BUILDDIR]
        + shlex.split(os.environ.get("KPI_EXAMPLE_CFLAGS", ""))
        + ["-L" + os.path.join(BUILDDIR, "libkpi", ".libs"), "-lkpi-1.0"]
        + shlex.split(glib.stdout) + shlex.split(os.environ.get("KPI_EXAMPLE_LDFLAGS", "")),
        capture_output=True, text=True)
    assert compiled.returncode == 0, source.read_text() + compiled.stderr
    run([str(program)], workdir)
