# SPDX-License-Identifier: LGPL-2.1-or-later
"""Project progress (Kpi.Project), as a user of the bindings measures it.

Did project Apollo go as planned? The status of the generated sample's
project, its milestones read from Python and checked against
project_milestones.csv, read here with the csv module; the earned value
worked out again in plain Python from project_tasks.csv.
"""

import csv
import datetime
import os

import gi
import pytest

gi.require_version("Kpi", "1.0")
from gi.repository import Kpi  # noqa: E402


def usec(day):
    """The first instant of an ISO day, UTC, in microseconds."""
    d = datetime.datetime.fromisoformat(day).replace(tzinfo=datetime.timezone.utc)
    return int(d.timestamp()) * 1_000_000


def context_for(directory):
    context = Kpi.Context.new(None)
    tasks = Kpi.Dataset.new("date")
    tasks.load_path(os.path.join(directory, "project_tasks.csv"), None)
    milestones = Kpi.Dataset.new("planned_date")
    milestones.load_path(os.path.join(directory, "project_milestones.csv"), None)
    context.add_dataset("project_tasks", tasks)
    context.add_dataset("project_milestones", milestones)
    return context


def test_milestones_from_python(crm_dir):
    status = Kpi.Project.new("apollo").measure(context_for(crm_dir), usec("2030-01-01"))
    with open(os.path.join(crm_dir, "project_milestones.csv"), newline="") as f:
        rows = list(csv.DictReader(f))

    milestones = status.get_milestones()
    assert [m.get_name() for m in milestones] == [r["milestone"] for r in rows]
    for m, row in zip(milestones, rows):
        assert m.get_planned_date() == usec(row["planned_date"])
        if row["actual_date"]:
            assert m.is_done()
            assert m.get_actual_date() == usec(row["actual_date"])
            days = (usec(row["planned_date"]) - usec(row["actual_date"])) // 86_400_000_000
            assert m.get_variance_days() == days
            assert m.get_forecast_date() == Kpi.TIME_UNSET
        else:
            assert not m.is_done()
            assert m.get_actual_date() == Kpi.TIME_UNSET
            assert m.get_forecast_date() > status.get_as_of()
            assert m.get_variance_days() < 0

    teams = {b.get_team(): b for b in status.get_estimate_bias()}
    assert sorted(teams) == ["team-a", "team-b", "team-c"]
    assert teams["team-b"].is_biased()
    assert not teams["team-a"].is_biased() and not teams["team-c"].is_biased()
    assert status.get_summary().startswith("apollo: ")


def test_earned_value_worked_out(crm_dir):
    """The actual percent at a report in the middle of the log, again from
    the CSV: Σ effort × done fraction over Σ effort."""
    as_of = "2025-06-02"
    status = Kpi.Project.new(None).measure(context_for(crm_dir), usec(as_of) + 3600_000_000)
    assert status.get_as_of() == usec(as_of)
    assert status.get_project() == "apollo"

    with open(os.path.join(crm_dir, "project_tasks.csv"), newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["date"] == as_of]
    assert rows
    total = earned = 0.0
    for r in rows:
        effort, spent, remaining = (float(r[k]) for k in ("planned_effort", "spent", "remaining"))
        if r["done"] == "1":
            fraction = 1.0
        else:
            fraction = spent / (spent + remaining) if spent + remaining > 0 else 0.0
        total += effort
        earned += effort * fraction
    assert status.get_actual_percent() == pytest.approx(100 * earned / total, abs=1e-9)
    assert len(status.get_tasks()) == len(rows)
    assert 0 <= status.get_planned_percent() <= 100


def test_before_first_report(crm_dir):
    with pytest.raises(gi.repository.GLib.GError) as info:
        Kpi.Project.new("apollo").measure(context_for(crm_dir), usec("2020-01-01"))
    assert info.value.matches(Kpi.project_error_quark(), Kpi.ProjectError.NO_REPORT)
