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

# PyGObject looks for overrides in its own directory first: a libkpi package
# installed on the machine (tools/build-deb.sh installs one) would shadow the
# override of the tree under test.  The tree's comes first.
import gi.overrides  # noqa: E402

_tree_overrides = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                               "..", "..", "bindings", "python", "gi", "overrides")
gi.overrides.__path__.insert(0, os.path.normpath(_tree_overrides))


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
