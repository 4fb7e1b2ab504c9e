# SPDX-License-Identifier: LGPL-2.1-or-later
"""Estimate bias (Kpi.EstimateBiasCheck), as a user of the bindings runs it.

Did project Apollo's teams under-estimate their remaining work? Are the
reps' probability-weighted pipelines off what they won? Each statistic is
computed again here in plain Python (csv, statistics, numpy), independently
of libkpi, from the generated sample data: the seeded data ($KPI_TEST_DATA,
whose anomalies.json names the biased team and its tracking signal) and the
clean data ($KPI_TEST_DATA_CLEAN).
"""

import collections
import csv
import json
import math
import os
import statistics

import gi
import numpy
import pytest

gi.require_version("Kpi", "1.0")
from gi.repository import Kpi  # noqa: E402


def clean_dir():
    path = os.environ.get("KPI_TEST_DATA_CLEAN")
    if not path:
        pytest.skip("KPI_TEST_DATA_CLEAN is not set")
    assert os.path.isdir(path), path
    return path


def context_for(directory):
    context = Kpi.Context.new(None)
    for name, file in (("tasks", "project_tasks.csv"), ("opportunities", "opportunities.csv")):
        dataset = Kpi.Dataset.new("date")
        dataset.load_path(os.path.join(directory, file), None)
        context.add_dataset(name, dataset)
    return context


def remaining_work_check():
    check = Kpi.EstimateBiasCheck.new("tasks", Kpi.EstimateBiasMode.REMAINING_WORK,
                                      "task", "remaining")
    check.props.spent_field = "spent"
    check.props.done_field = "done"
    check.props.group_by = "team"
    return check


def pipeline_check():
    check = Kpi.EstimateBiasCheck.new("opportunities", Kpi.EstimateBiasMode.OUTCOME,
                                      "opportunity", "probability")
    check.props.amount_field = "amount"
    check.props.stage_field = "stage"
    check.props.group_by = "rep"
    return check


def manifest_anomaly(directory):
    with open(os.path.join(directory, "anomalies.json")) as f:
        manifest = json.load(f)
    found = [a for a in manifest["anomalies"] if a["id"] == "underestimated_remaining_work"]
    assert len(found) == 1
    return found[0]


# -- the statistics, independently -------------------------------------------

def remaining_work_errors(directory):
    """{team: [(task, error)]}: for each report not done of a task whose
    last report is done, (final spent − spent) − remaining."""
    with open(os.path.join(directory, "project_tasks.csv")) as f:
        rows = list(csv.DictReader(f))
    last = {}
    for row in rows:  # sorted by date: the last row of a task is its last report
        last[row["task"]] = row
    final = {task: float(row["spent"]) for task, row in last.items() if row["done"] == "1"}
    errors = collections.defaultdict(list)
    for row in rows:
        if row["done"] == "0" and row["task"] in final:
            actual = final[row["task"]] - float(row["spent"])
            errors[row["team"]].append((row["task"], actual - float(row["remaining"])))
    return errors


def pipeline_errors(directory):
    """{rep: [(opportunity, error, spread)]}: for each event not won or lost
    of an opportunity whose last event is won (truth: its amount) or lost
    (0), truth − probability × amount, and the standard deviation of that
    error if the probability is right, amount × √(p (1 − p))."""
    with open(os.path.join(directory, "opportunities.csv")) as f:
        rows = list(csv.DictReader(f))
    last = {}
    for row in rows:  # sorted by date, then stage order
        last[row["opportunity"]] = row
    truth = {o: (float(r["amount"]) if r["stage"] == "won" else 0.0)
             for o, r in last.items() if r["stage"] in ("won", "lost")}
    errors = collections.defaultdict(list)
    for row in rows:
        o = row["opportunity"]
        if o in truth and row["stage"] not in ("won", "lost"):
            p, amount = float(row["probability"]), float(row["amount"])
            errors[row["rep"]].append((o, truth[o] - p * amount, amount * math.sqrt(p * (1 - p))))
    return errors


def tracking_signal(errors):
    """Σe / MAD, MAD the mean of |e| (Brown)."""
    e = [x[1] for x in errors]
    return sum(e) / statistics.fmean(abs(x) for x in e)


def per_entity_sums(errors, column):
    entities = sorted({x[0] for x in errors})
    index = {k: i for i, k in enumerate(entities)}
    sums = numpy.zeros(len(entities))
    numpy.add.at(sums, [index[x[0]] for x in errors], [x[column] for x in errors])
    return sums


def z_score_of_remaining_work(errors):
    """Σe / √(Σ_j E_j²), E_j the sum of entity j's errors (numpy)."""
    sums = per_entity_sums(errors, 1)
    return float(sums.sum() / numpy.sqrt(numpy.square(sums).sum()))


def z_score_of_outcomes(errors):
    """Σe / √(Σ_j S_j²), S_j the sum of the spreads of entity j's errors."""
    spreads = per_entity_sums(errors, 2)
    return sum(x[1] for x in errors) / float(numpy.sqrt(numpy.square(spreads).sum()))


# -- remaining work ----------------------------------------------------------

def test_underestimating_team_found(crm_dir):
    anomaly = manifest_anomaly(crm_dir)
    team = anomaly["team"]
    result = remaining_work_check().run(context_for(crm_dir), None)

    assert result.get_status() == Kpi.CheckStatus.FAIL
    message = result.get_message()
    assert message.startswith(team + ": tracking signal +"), message
    assert "over %d estimates" % anomaly["estimates_scored"] in message
    assert "remaining work under-estimated by" in message
    # the manifest's figure, rounded to 0.1 there
    assert result.get_observed() == pytest.approx(abs(anomaly["tracking_signal"]), abs=0.05)
    assert result.get_unexpected_count() == anomaly["estimates_scored"]
    # the same figure, independently, and every other team far below 4
    errors = remaining_work_errors(crm_dir)
    assert len(errors[team]) == anomaly["estimates_scored"]
    assert tracking_signal(errors[team]) == pytest.approx(result.get_observed(), rel=1e-12)
    for other, e in errors.items():
        if other != team:
            assert abs(tracking_signal(e)) < 1.3
    # the finding names the team in every period it touches, and the
    # sample is one of its tasks
    affected = [result.get_affected(i) for i in range(result.get_n_affected())]
    assert affected and all(a[1:] == ("team", team) for a in affected)
    assert result.get_fields() == ["remaining"]
    assert result.get_sample_keys(0)[1] in anomaly["task_ids"]


def test_remaining_work_clean_passes():
    directory = clean_dir()
    result = remaining_work_check().run(context_for(directory), None)

    assert result.get_status() == Kpi.CheckStatus.PASS, result.get_message()
    assert result.get_n_affected() == 0
    expected = max(abs(tracking_signal(e)) for e in remaining_work_errors(directory).values())
    assert result.get_observed() == pytest.approx(expected, rel=1e-12)
    assert result.get_observed() < 1.3


def test_remaining_work_z_score_understates_few_tasks(crm_dir):
    """The z-score treats a task's weekly estimates as one piece of evidence:
    team-b's 12 finished tasks can give at most √12 = 3.46, below 4. That is
    why remaining work is judged by its tracking signal."""
    check = remaining_work_check()
    check.props.statistic = Kpi.EstimateBiasStatistic.Z_SCORE
    result = check.run(context_for(crm_dir), None)
    errors = remaining_work_errors(crm_dir)
    expected = max(abs(z_score_of_remaining_work(e)) for e in errors.values())
    assert result.get_observed() == pytest.approx(expected, rel=1e-12)
    assert result.get_observed() <= math.sqrt(12) + 1e-9
    assert result.get_status() == Kpi.CheckStatus.PASS


# -- the pipeline ------------------------------------------------------------

@pytest.mark.parametrize("which", ["seeded", "clean"])
def test_pipeline_passes(crm_dir, which):
    """No anomaly is seeded in opportunities.csv (the same file in both)."""
    directory = crm_dir if which == "seeded" else clean_dir()
    result = pipeline_check().run(context_for(directory), None)
    errors = pipeline_errors(directory)

    assert result.get_status() == Kpi.CheckStatus.PASS, result.get_message()
    assert "24 groups judged" in result.get_message()
    expected = max(abs(z_score_of_outcomes(e)) for e in errors.values())
    assert result.get_observed() == pytest.approx(expected, rel=1e-12)
    assert result.get_observed() < 4


def test_pipeline_tracking_signal_drifts(crm_dir):
    """The tracking signal of won-or-lost outcomes is not meant for them: it
    grows with the number of events even when nothing is wrong."""
    check = pipeline_check()
    check.props.statistic = Kpi.EstimateBiasStatistic.TRACKING_SIGNAL
    result = check.run(context_for(crm_dir), None)
    errors = pipeline_errors(crm_dir)
    signals = {rep: tracking_signal(e) for rep, e in errors.items()}

    assert result.get_observed() == pytest.approx(max(map(abs, signals.values())), rel=1e-12)
    assert result.get_status() == Kpi.CheckStatus.FAIL
    worst = max(signals, key=lambda rep: abs(signals[rep]))
    assert result.get_message().startswith(worst + ": tracking signal ")
    assert sum(abs(s) > 6 for s in signals.values()) >= 12


def test_pipeline_of_a_biased_rep():
    """A rep who puts every deal at twice its odds: won 1 in 5 at 0.4.
    Errors: a win 1000 − 400 = +600, a loss −400; per 5 deals Σe = 600 −
    4 × 400 = −1000. If 0.4 were right, each error would have a standard
    deviation of 1000 × √(0.4 × 0.6) = 489.9. Over 50 deals Σe = −10 000
    and z = −10 000 / (489.9 × √50) = −2.89; over 150 deals −30 000 /
    (489.9 × √150) = −5.0: a warning."""
    rows = ["date,opportunity,stage,amount,probability,rep"]
    for i in range(150):
        rows.append("2025-01-%02d,O%03d,proposal,1000,0.4,r" % (1 + i % 28, i))
        rows.append("2025-03-%02d,O%03d,%s,1000,%s,r" % (1 + i % 28, i,
                                                          "won" if i % 5 == 0 else "lost",
                                                          "1" if i % 5 == 0 else "0"))
    dataset = Kpi.Dataset.new("date")
    text = ("\n".join(rows) + "\n").encode()
    dataset.load_data(text, None)
    context = Kpi.Context.new(None)
    context.add_dataset("opportunities", dataset)

    result = pipeline_check().run(context, None)
    assert result.get_status() == Kpi.CheckStatus.WARN
    assert result.get_observed() == pytest.approx(5.0, rel=1e-12)
    assert result.get_message().startswith(
        "r: z-score \u22125.0 over 150 estimates of 150 entities, beyond \u00b14: "
        "weighted amounts over-estimated by 100 % on average (mean error \u2212200.0)")


# -- a checks file -----------------------------------------------------------

def test_checks_file(crm_dir):
    """The same checks declared in JSON, keys for properties."""
    Kpi.EstimateBiasCheck  # registers the type for a file naming it
    kind = "estimate-bias" if "estimate-bias" in Kpi.CheckSuite.list_types() \
        else "KpiEstimateBiasCheck"
    text = json.dumps({"checks": [
        {"id": "apollo_remaining_work", "type": kind, "dataset": "tasks",
         "mode": "remaining-work", "entity_field": "task", "estimate_field": "remaining",
         "spent_field": "spent", "done_field": "done", "group_by": "team"},
        {"id": "pipeline_bias", "type": kind, "dataset": "opportunities",
         "mode": "outcome", "entity_field": "opportunity", "estimate_field": "probability",
         "amount_field": "amount", "stage_field": "stage", "won_values": ["won"],
         "lost_values": ["lost"], "group_by": "rep", "min_estimates": 10,
         "warn": 4, "fail": 6},
    ]})
    suite = Kpi.CheckSuite.new()
    suite.load_data(text, -1, None)
    results = suite.run(context_for(crm_dir), None)
    by_id = {r.get_check_id(): r for r in results}

    work = by_id["apollo_remaining_work"]
    assert work.get_status() == Kpi.CheckStatus.FAIL
    assert work.get_check_type() == "estimate-bias"
    assert work.get_dataset_name() == "tasks"
    assert work.get_message().startswith(manifest_anomaly(crm_dir)["team"] + ":")
    assert by_id["pipeline_bias"].get_status() == Kpi.CheckStatus.PASS
