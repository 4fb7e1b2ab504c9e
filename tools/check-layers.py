#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Checks that no source file of libkpi calls into a module above it.

The modules and their order (lowest first) are the layers of
docs/architecture.md. For each object file of the library, the symbols it
uses (`nm`: undefined) are matched with the object that defines them; a
call from a file of one module into a file of a module later in the list
is a violation, and so is a file that belongs to no module. Files of one
module may call each other freely.

Usage: check-layers.py BUILDDIR/libkpi/.libs
Exit status 0 when the layers hold, 1 with the violations listed.
"""

import glob
import os
import subprocess
import sys

# Lowest first. A module may use the modules before it, never those after.
LAYERS = [
    ("base", ["kpi-util", "kpi-suggest", "kpi-stats", "kpi-parse", "kpi-version",
              "kpi-resources", "kpi-enum-types"]),
    ("time", ["kpi-civil", "kpi-calendar-zone", "kpi-period-label", "kpi-period",
              "kpi-calendar"]),
    ("value", ["kpi-value"]),
    ("dataset", ["kpi-table*", "kpi-load-options", "kpi-csv*", "kpi-json*", "kpi-sqlite-source",
                 "kpi-database*", "kpi-dataset*"]),
    ("formula", ["kpi-formula*", "kpi-eval*"]),
    ("policy", ["kpi-comparison-policy"]),
    ("indicator", ["kpi-indicator"]),
    ("catalog", ["kpi-catalog"]),
    ("context", ["kpi-context"]),
    ("evaluation", ["kpi-indicator-eval"]),
    ("comparison", ["kpi-comparison"]),
    ("phasing", ["kpi-phasing"]),
    ("plan", ["kpi-plan"]),
    ("trend", ["kpi-trend"]),
    ("forecast", ["kpi-forecast*", "kpi-forecaster*"]),
    ("funnel", ["kpi-funnel*"]),
    ("benchmark", ["kpi-benchmark", "kpi-*-benchmark"]),
    ("landing", ["kpi-landing"]),
    ("check", ["kpi-check*", "kpi-*-check"]),
    ("store", ["kpi-store*", "kpi-revision"]),
    ("project", ["kpi-project"]),
    ("watch", ["kpi-watch", "kpi-*-watch"]),
    ("definitions", ["kpi-definitions*", "kpi-dashboard*"]),
    ("report", ["kpi-report*", "kpi-html"]),
]

PREFIX = "libkpi_internal_la-"


def module_of(name):
    """The (rank, module) of a source file's base name, or None."""
    import fnmatch
    # The most specific pattern wins: kpi-forecast-benchmark is a
    # benchmark, not a forecast; kpi-comparison-policy is not comparison.
    best = None
    for rank, (module, patterns) in enumerate(LAYERS):
        for pattern in patterns:
            if fnmatch.fnmatchcase(name, pattern):
                score = len(pattern.replace("*", ""))
                if best is None or score > best[0]:
                    best = (score, rank, module)
    return None if best is None else (best[1], best[2])


def symbols(path):
    out = subprocess.run(["nm", path], capture_output=True, text=True, check=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TDRBV":
            defined.add(parts[2])
        elif len(parts) == 2 and parts[0] == "U":
            used.add(parts[1])
    return defined, used


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    objects = sorted(glob.glob(os.path.join(argv[1], PREFIX + "*.o")))
    if not objects:
        print(f"check-layers: no {PREFIX}*.o in {argv[1]}", file=sys.stderr)
        return 2
    owner, uses = {}, {}
    for path in objects:
        name = os.path.basename(path)[len(PREFIX):-2]
        defined, used = symbols(path)
        uses[name] = used
        for symbol in defined:
            owner[symbol] = name

    problems = []
    for name in sorted(uses):
        mine = module_of(name)
        if mine is None:
            problems.append(f"{name}.c belongs to no layer: add it to LAYERS "
                            "(tools/check-layers.py) and docs/architecture.md")
            continue
        for symbol in sorted(uses[name]):
            other = owner.get(symbol)
            if other is None or other == name:
                continue
            theirs = module_of(other)
            if theirs is not None and theirs[0] > mine[0]:
                problems.append(f"{name}.c ({mine[1]}) calls {symbol}() of {other}.c "
                                f"({theirs[1]}), a layer above it")
    for problem in problems:
        print(problem)
    print(f"check-layers: {len(objects)} files in {len(LAYERS)} layers, "
          f"{len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
