# SPDX-License-Identifier: LGPL-2.1-or-later
"""Test setup shared by the Python binding tests.

The tests run against the build tree (GI_TYPELIB_PATH and LD_LIBRARY_PATH are
set by `make check`).  Their results are printed as TAP, one line per test
function, so that automake's TAP driver counts each one (run pytest with
``-p no:terminal``, as tests/Makefile.am does).
"""

import os
import sys

import pytest

def _tree_override_first():
    """Puts the tree's override (bindings/python, on PYTHONPATH) before an
    installed one: gi.overrides lists its own directory first, where the
    Debian package python3-kpi-1.0 (tools/build-deb.sh installs it) puts
    Kpi.py."""
    import gi.overrides
    tree = os.path.realpath(os.path.join(os.environ.get("KPI_TOP_SRCDIR", ""),
                                         "bindings", "python", "gi", "overrides"))
    mine = [p for p in gi.overrides.__path__ if os.path.realpath(p) == tree]
    gi.overrides.__path__[:] = mine + [p for p in gi.overrides.__path__ if p not in mine]


_tree_override_first()


class _TapReporter:
    def __init__(self):
        self.count = 0

    def _emit(self, ok, name, directive=""):
        self.count += 1
        line = "%s %d - %s%s" % ("ok" if ok else "not ok", self.count, name, directive)
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    def pytest_runtest_logreport(self, report):
        name = report.nodeid
        if report.when == "call":
            if report.passed:
                self._emit(True, name)
            elif report.failed:
                self._emit(False, name)
                for line in str(report.longrepr).splitlines():
                    sys.stdout.write("# " + line + "\n")
            elif report.skipped:
                self._emit(True, name, " # SKIP")
        elif report.failed:
            # A failing fixture (setup or teardown) is a failure too.
            self._emit(False, "%s (%s)" % (name, report.when))
            for line in str(report.longrepr).splitlines():
                sys.stdout.write("# " + line + "\n")
        elif report.when == "setup" and report.skipped:
            self._emit(True, name, " # SKIP")

    def pytest_collectreport(self, report):
        if report.failed:
            self._emit(False, "collect %s" % report.nodeid)
            for line in str(report.longrepr).splitlines():
                sys.stdout.write("# " + line + "\n")

    def pytest_sessionfinish(self, session, exitstatus):
        sys.stdout.write("1..%d\n" % self.count)
        sys.stdout.flush()


def pytest_configure(config):
    config.pluginmanager.register(_TapReporter(), "kpi-tap")
    # -p no:terminal also drops the --verbose option, which assertion
    # rewriting reads to explain a failed assert: without it every failure
    # reads "ValueError: no option named 'verbose'" instead of the values.
    if not hasattr(config.option, "verbose"):
        config.option.verbose = 0


@pytest.fixture
def crm_dir():
    """The generated CRM sample the build made for the tests."""
    path = os.environ.get("KPI_TEST_DATA")
    if not path or not os.path.isdir(path):
        pytest.fail("KPI_TEST_DATA does not name the generated sample directory")
    return path
