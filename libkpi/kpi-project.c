/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-project.c: did a project go as planned? Its progress from the weekly
 * status reports of its tasks */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-civil-private.h"
#include "kpi-parse-private.h"
#include "kpi-stats-private.h"
#include "kpi-util-private.h"

/**
 * KpiProject:
 *
 * The data of an operational dashboard ("did project Apollo go as
 * planned?"): the planned and the actual progress of a project, how far
 * ahead or behind schedule it is, when its milestones were (or will be)
 * reached, and which team's estimates cannot be trusted — measured from
 * the weekly status reports of its tasks.
 *
 * ## What it reads
 *
 * Two datasets of the [class@Kpi.Context] given to
 * [method@Kpi.Project.measure], by name:
 *
 * - [property@Kpi.Project:tasks-dataset-name] (`project_tasks`), the task
 *   log: one row per task and report. Its time column is the date of the
 *   report; its other columns, by these names:
 *   `project` (dimension: the project, several may share the log),
 *   `milestone`, `team`, `task` (dimensions), `planned_start` and
 *   `planned_end` (dates, `2025-03-17`: a dimension, as a CSV load makes
 *   them; the first and last day of the work planned, both included),
 *   `planned_effort` (measure: the hours planned), `spent` (measure: the
 *   hours spent on the task so far, cumulative), `remaining` (measure: the
 *   team's estimate of the hours still needed, 0 or more) and `done`
 *   (measure: not 0 once the task is finished).
 * - [property@Kpi.Project:milestones-dataset-name] (`project_milestones`):
 *   one row per milestone, with `milestone` (dimension), `planned_date`
 *   and `actual_date` (dates: either may be the dataset's time column or
 *   a dimension; an empty `actual_date` is a milestone not reached yet).
 *
 * These are the columns of the generated sample (`kpi-sample-data`,
 * `project_tasks.csv` and `project_milestones.csv`). Dates are days in the
 * time zone of the context's calendar; the dates a status gives are the
 * first instant of those days.
 *
 * ## The measures
 *
 * The status is the one of the last report on or before the date asked
 * for (its date is [method@Kpi.ProjectStatus.get_as_of]); each task is
 * read from its last row up to that report. Progress is earned value,
 * weighted by the planned effort:
 *
 * - the actual percent is `Σ planned_effort × d / Σ planned_effort`, where
 *   the done fraction `d` of a task is 1 once it is done, else
 *   `spent / (spent + remaining)` (0 when both are 0);
 * - the planned percent is the share of the planned effort scheduled
 *   before the report: each task's effort is spread evenly over the
 *   working days (Monday to Friday) from its planned start to its planned
 *   end (over all its days when they hold no working day), and the days
 *   before the report's day count.
 *
 * The schedule variance is the earned schedule's (Lipke's): the date at
 * which the plan reached the actual percent, minus the report's date, in
 * days. The planned curve rises through each working day, linearly, and is
 * flat over weekends; the earned schedule is the first instant it reaches
 * the earned value. −18 says the work done is the work the plan had done
 * 18 days earlier: 18 days behind; a positive variance is ahead; a project
 * exactly on its plan has 0. Unlike the difference between the percents,
 * it is in days, and it does not shrink to 0 as a late project nears its
 * end. Once every task is done, the variance is the latest planned end
 * minus the latest completion day, whatever the report. A task's variance is the same on its own plan until it is done;
 * once done, its planned end minus its completion day (the last working
 * day before the first report that says done).
 *
 * ## Milestones
 *
 * The milestones are those of the milestones dataset, in its order, then
 * those named only in the log. A milestone's planned date is the
 * dataset's (else the latest planned end of its tasks); it is reached
 * when the dataset gives an actual date on or before the report, or when
 * every task of it is done in the report (then on the latest completion
 * day of its tasks). Its variance is the planned date minus the actual
 * date, or minus the forecast date while it is not reached: negative is
 * late.
 *
 * The forecast of a milestone not reached: each team with unfinished work
 * in it works through its unfinished tasks in planned order (by planned
 * start), at its observed pace — the hours it spent between the first
 * report and this one, per working day (its planned pace, the planned
 * effort of its tasks per working day of its plan, when no working day or
 * no hour has passed yet). The work it must do first is the remaining
 * estimate of each of its unfinished tasks planned to start no later
 * than its last task of the milestone; when the team's estimates are
 * biased (below), the estimates are scaled by what its finished tasks
 * really took against what it estimated (Σ actual / Σ estimate), so that
 * a team that under-estimates is not believed. The team finishes on the
 * working day that work takes it to, counting the report's day as the
 * first; the milestone on the latest of its teams' days.
 *
 * ## The estimates of each team
 *
 * [method@Kpi.ProjectStatus.get_estimate_bias] judges each team's
 * remaining-work estimates as [class@Kpi.EstimateBiasCheck] does in its
 * remaining-work mode: a task done by the report came to its final
 * `spent`; every earlier report of it that was not done estimated the work
 * then left, which was `final spent − spent`, and the error is that work
 * minus the estimate. The tracking signal of a team is the sum of its
 * errors over their mean absolute value; positive is under-estimated. A
 * team is biased beyond ±%KPI_DEFAULT_TRACKING_SIGNAL_LIMIT (4). On the
 * generated sample, team-b, which reports about 56 % of the work really
 * left, has a tracking signal of +240 (one per estimate), the honest
 * teams stay within ±1.3.
 *
 * ```c
 * g_autoptr(KpiProject) apollo = kpi_project_new ("apollo");
 * g_autoptr(KpiProjectStatus) status = kpi_project_measure (apollo, context, now, &error);
 * g_print ("%s\n", kpi_project_status_get_summary (status));
 * ```
 *
 * ```python
 * status = Kpi.Project.new("apollo").measure(context, now)
 * for m in status.get_milestones():
 *     print(m.get_name(), m.get_variance_days())
 * ```
 *
 * A project may be measured from several threads at once; its setters
 * must not be called meanwhile. A status never changes once measured and
 * may be shared between threads.
 *
 * ## Example
 *
 * ```c
 * // the task log: one row per task and weekly report
 * const char *log_csv =
 *   "date,project,milestone,team,task,planned_start,planned_end,planned_effort,spent,remaining,done\n"
 *   "2025-01-17,apollo,design,team-a,specs,2025-01-06,2025-01-17,40,40,0,1\n"
 *   "2025-01-17,apollo,build,team-b,code,2025-01-13,2025-01-31,80,20,60,0\n";
 * const char *milestones_csv = "planned_date,milestone,actual_date\n"
 *                              "2025-01-17,design,2025-01-17\n2025-01-31,build,\n";
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) tasks = kpi_dataset_new ("date");
 * g_autoptr(KpiDataset) milestones = kpi_dataset_new ("planned_date");
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) week = kpi_calendar_parse_period (calendar, "2025-01-17", NULL);
 * g_autoptr(KpiProject) apollo = kpi_project_new ("apollo");
 * g_autoptr(KpiProjectStatus) status = NULL;
 *
 * if (!kpi_dataset_load_data (tasks, (const guint8 *) log_csv, strlen (log_csv), NULL, &error) ||
 *     !kpi_dataset_load_data (milestones, (const guint8 *) milestones_csv, strlen (milestones_csv), NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "project_tasks", tasks);
 * kpi_context_add_dataset (context, "project_milestones", milestones);
 * status = kpi_project_measure (apollo, context, kpi_period_get_end (week), &error);
 * if (status == NULL)
 *   g_error ("%s", error->message);
 * g_print ("%s\n", kpi_project_status_get_summary (status));
 * ```
 *
 * ```python
 * # the task log: one row per task and weekly report
 * log_csv = """date,project,milestone,team,task,planned_start,planned_end,planned_effort,spent,remaining,done
 * 2025-01-17,apollo,design,team-a,specs,2025-01-06,2025-01-17,40,40,0,1
 * 2025-01-17,apollo,build,team-b,code,2025-01-13,2025-01-31,80,20,60,0
 * """
 * milestones_csv = "planned_date,milestone,actual_date\n2025-01-17,design,2025-01-17\n2025-01-31,build,\n"
 * tasks = Kpi.Dataset.new("date")
 * tasks.load_data(log_csv.encode(), None)
 * milestones = Kpi.Dataset.new("planned_date")
 * milestones.load_data(milestones_csv.encode(), None)
 * calendar = Kpi.Calendar.new(None, 1)
 * context = Kpi.Context.new(calendar)
 * context.add_dataset("project_tasks", tasks)
 * context.add_dataset("project_milestones", milestones)
 * status = Kpi.Project.new("apollo").measure(context, calendar.parse_period("2025-01-17").get_end())
 * print(status.get_summary())
 * ```
 *
 * ```js
 * // the task log: one row per task and weekly report
 * const logCsv = `date,project,milestone,team,task,planned_start,planned_end,planned_effort,spent,remaining,done
 * 2025-01-17,apollo,design,team-a,specs,2025-01-06,2025-01-17,40,40,0,1
 * 2025-01-17,apollo,build,team-b,code,2025-01-13,2025-01-31,80,20,60,0
 * `;
 * const milestonesCsv = 'planned_date,milestone,actual_date\n2025-01-17,design,2025-01-17\n2025-01-31,build,\n';
 * const tasks = Kpi.Dataset.new('date');
 * tasks.load_data(new TextEncoder().encode(logCsv), null);
 * const milestones = Kpi.Dataset.new('planned_date');
 * milestones.load_data(new TextEncoder().encode(milestonesCsv), null);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * context.add_dataset('project_tasks', tasks);
 * context.add_dataset('project_milestones', milestones);
 * const status = Kpi.Project.new('apollo').measure(context, calendar.parse_period('2025-01-17').get_end());
 * print(status.get_summary());
 * ```
 *
 * Since: 0.1
 */

/**
 * KpiProjectStatus:
 *
 * The progress of a project at a report, made by
 * [method@Kpi.Project.measure]; immutable.
 *
 * ## Example
 *
 * ```c
 * // the task log: one row per task and weekly report
 * const char *log_csv =
 *   "date,project,milestone,team,task,planned_start,planned_end,planned_effort,spent,remaining,done\n"
 *   "2025-01-17,apollo,design,team-a,specs,2025-01-06,2025-01-17,40,40,0,1\n"
 *   "2025-01-17,apollo,build,team-b,code,2025-01-13,2025-01-31,80,20,60,0\n";
 * const char *milestones_csv = "planned_date,milestone,actual_date\n"
 *                              "2025-01-17,design,2025-01-17\n2025-01-31,build,\n";
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) tasks = kpi_dataset_new ("date");
 * g_autoptr(KpiDataset) milestones = kpi_dataset_new ("planned_date");
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) week = kpi_calendar_parse_period (calendar, "2025-01-17", NULL);
 * g_autoptr(KpiProject) apollo = kpi_project_new ("apollo");
 * g_autoptr(KpiProjectStatus) status = NULL;
 *
 * if (!kpi_dataset_load_data (tasks, (const guint8 *) log_csv, strlen (log_csv), NULL, &error) ||
 *     !kpi_dataset_load_data (milestones, (const guint8 *) milestones_csv, strlen (milestones_csv), NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "project_tasks", tasks);
 * kpi_context_add_dataset (context, "project_milestones", milestones);
 * status = kpi_project_measure (apollo, context, kpi_period_get_end (week), &error);
 * if (status == NULL)
 *   g_error ("%s", error->message);
 * // where the project stands at the report of 17 January
 * g_print ("%s: %.0f %% done, %.0f %% planned, %+.1f days\n", kpi_project_status_get_project (status),
 *          kpi_project_status_get_actual_percent (status), kpi_project_status_get_planned_percent (status),
 *          kpi_project_status_get_schedule_variance_days (status));
 * ```
 *
 * ```python
 * # the task log: one row per task and weekly report
 * log_csv = """date,project,milestone,team,task,planned_start,planned_end,planned_effort,spent,remaining,done
 * 2025-01-17,apollo,design,team-a,specs,2025-01-06,2025-01-17,40,40,0,1
 * 2025-01-17,apollo,build,team-b,code,2025-01-13,2025-01-31,80,20,60,0
 * """
 * milestones_csv = "planned_date,milestone,actual_date\n2025-01-17,design,2025-01-17\n2025-01-31,build,\n"
 * tasks = Kpi.Dataset.new("date")
 * tasks.load_data(log_csv.encode(), None)
 * milestones = Kpi.Dataset.new("planned_date")
 * milestones.load_data(milestones_csv.encode(), None)
 * calendar = Kpi.Calendar.new(None, 1)
 * context = Kpi.Context.new(calendar)
 * context.add_dataset("project_tasks", tasks)
 * context.add_dataset("project_milestones", milestones)
 * status = Kpi.Project.new("apollo").measure(context, calendar.parse_period("2025-01-17").get_end())
 * # where the project stands at the report of 17 January
 * print(f"{status.get_project()}: {status.get_actual_percent():.0f} % done, "
 *       f"{status.get_planned_percent():.0f} % planned, {status.get_schedule_variance_days():+.1f} days")
 * ```
 *
 * ```js
 * // the task log: one row per task and weekly report
 * const logCsv = `date,project,milestone,team,task,planned_start,planned_end,planned_effort,spent,remaining,done
 * 2025-01-17,apollo,design,team-a,specs,2025-01-06,2025-01-17,40,40,0,1
 * 2025-01-17,apollo,build,team-b,code,2025-01-13,2025-01-31,80,20,60,0
 * `;
 * const milestonesCsv = 'planned_date,milestone,actual_date\n2025-01-17,design,2025-01-17\n2025-01-31,build,\n';
 * const tasks = Kpi.Dataset.new('date');
 * tasks.load_data(new TextEncoder().encode(logCsv), null);
 * const milestones = Kpi.Dataset.new('planned_date');
 * milestones.load_data(new TextEncoder().encode(milestonesCsv), null);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * context.add_dataset('project_tasks', tasks);
 * context.add_dataset('project_milestones', milestones);
 * const status = Kpi.Project.new('apollo').measure(context, calendar.parse_period('2025-01-17').get_end());
 * // where the project stands at the report of 17 January
 * print(`${status.get_project()}: ${status.get_actual_percent().toFixed(0)} % done, ` +
 *       `${status.get_planned_percent().toFixed(0)} % planned, ${status.get_schedule_variance_days().toFixed(1)} days`);
 * ```
 *
 * Since: 0.1
 */

/**
 * KpiMilestoneStatus:
 *
 * One milestone of a [struct@Kpi.ProjectStatus]: its planned date, the
 * date it was reached or its forecast, its progress; immutable.
 *
 * ## Example
 *
 * ```c
 * // the task log: one row per task and weekly report
 * const char *log_csv =
 *   "date,project,milestone,team,task,planned_start,planned_end,planned_effort,spent,remaining,done\n"
 *   "2025-01-17,apollo,design,team-a,specs,2025-01-06,2025-01-17,40,40,0,1\n"
 *   "2025-01-17,apollo,build,team-b,code,2025-01-13,2025-01-31,80,20,60,0\n";
 * const char *milestones_csv = "planned_date,milestone,actual_date\n"
 *                              "2025-01-17,design,2025-01-17\n2025-01-31,build,\n";
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) tasks = kpi_dataset_new ("date");
 * g_autoptr(KpiDataset) milestones = kpi_dataset_new ("planned_date");
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) week = kpi_calendar_parse_period (calendar, "2025-01-17", NULL);
 * g_autoptr(KpiProject) apollo = kpi_project_new ("apollo");
 * g_autoptr(KpiProjectStatus) status = NULL;
 * GPtrArray *list;
 *
 * if (!kpi_dataset_load_data (tasks, (const guint8 *) log_csv, strlen (log_csv), NULL, &error) ||
 *     !kpi_dataset_load_data (milestones, (const guint8 *) milestones_csv, strlen (milestones_csv), NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "project_tasks", tasks);
 * kpi_context_add_dataset (context, "project_milestones", milestones);
 * status = kpi_project_measure (apollo, context, kpi_period_get_end (week), &error);
 * if (status == NULL)
 *   g_error ("%s", error->message);
 * // each milestone: reached or not, and how far from its planned date
 * list = kpi_project_status_get_milestones (status);
 * for (guint i = 0; i < list->len; i++)
 *   {
 *     KpiMilestoneStatus *milestone = g_ptr_array_index (list, i);
 *     g_print ("%s: %s, %.0f %% done, %+g days\n", kpi_milestone_status_get_name (milestone),
 *              kpi_milestone_status_is_done (milestone) ? "reached" : "open",
 *              kpi_milestone_status_get_actual_percent (milestone),
 *              kpi_milestone_status_get_variance_days (milestone));
 *   }
 * ```
 *
 * ```python
 * # the task log: one row per task and weekly report
 * log_csv = """date,project,milestone,team,task,planned_start,planned_end,planned_effort,spent,remaining,done
 * 2025-01-17,apollo,design,team-a,specs,2025-01-06,2025-01-17,40,40,0,1
 * 2025-01-17,apollo,build,team-b,code,2025-01-13,2025-01-31,80,20,60,0
 * """
 * milestones_csv = "planned_date,milestone,actual_date\n2025-01-17,design,2025-01-17\n2025-01-31,build,\n"
 * tasks = Kpi.Dataset.new("date")
 * tasks.load_data(log_csv.encode(), None)
 * milestones = Kpi.Dataset.new("planned_date")
 * milestones.load_data(milestones_csv.encode(), None)
 * calendar = Kpi.Calendar.new(None, 1)
 * context = Kpi.Context.new(calendar)
 * context.add_dataset("project_tasks", tasks)
 * context.add_dataset("project_milestones", milestones)
 * status = Kpi.Project.new("apollo").measure(context, calendar.parse_period("2025-01-17").get_end())
 * # each milestone: reached or not, and how far from its planned date
 * for milestone in status.get_milestones():
 *     print(f"{milestone.get_name()}: {'reached' if milestone.is_done() else 'open'}, "
 *           f"{milestone.get_actual_percent():.0f} % done, {milestone.get_variance_days():+g} days")
 * ```
 *
 * ```js
 * // the task log: one row per task and weekly report
 * const logCsv = `date,project,milestone,team,task,planned_start,planned_end,planned_effort,spent,remaining,done
 * 2025-01-17,apollo,design,team-a,specs,2025-01-06,2025-01-17,40,40,0,1
 * 2025-01-17,apollo,build,team-b,code,2025-01-13,2025-01-31,80,20,60,0
 * `;
 * const milestonesCsv = 'planned_date,milestone,actual_date\n2025-01-17,design,2025-01-17\n2025-01-31,build,\n';
 * const tasks = Kpi.Dataset.new('date');
 * tasks.load_data(new TextEncoder().encode(logCsv), null);
 * const milestones = Kpi.Dataset.new('planned_date');
 * milestones.load_data(new TextEncoder().encode(milestonesCsv), null);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * context.add_dataset('project_tasks', tasks);
 * context.add_dataset('project_milestones', milestones);
 * const status = Kpi.Project.new('apollo').measure(context, calendar.parse_period('2025-01-17').get_end());
 * // each milestone: reached or not, and how far from its planned date
 * for (const milestone of status.get_milestones()) {
 *     print(`${milestone.get_name()}: ${milestone.is_done() ? 'reached' : 'open'}, ` +
 *           `${milestone.get_actual_percent().toFixed(0)} % done, ${milestone.get_variance_days()} days`);
 * }
 * ```
 *
 * Since: 0.1
 */

/**
 * KpiTaskStatus:
 *
 * One task of a [struct@Kpi.ProjectStatus], as its last report says, with
 * its planned and actual progress; immutable.
 *
 * ## Example
 *
 * ```c
 * // the task log: one row per task and weekly report
 * const char *log_csv =
 *   "date,project,milestone,team,task,planned_start,planned_end,planned_effort,spent,remaining,done\n"
 *   "2025-01-17,apollo,design,team-a,specs,2025-01-06,2025-01-17,40,40,0,1\n"
 *   "2025-01-17,apollo,build,team-b,code,2025-01-13,2025-01-31,80,20,60,0\n";
 * const char *milestones_csv = "planned_date,milestone,actual_date\n"
 *                              "2025-01-17,design,2025-01-17\n2025-01-31,build,\n";
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) tasks = kpi_dataset_new ("date");
 * g_autoptr(KpiDataset) milestones = kpi_dataset_new ("planned_date");
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) week = kpi_calendar_parse_period (calendar, "2025-01-17", NULL);
 * g_autoptr(KpiProject) apollo = kpi_project_new ("apollo");
 * g_autoptr(KpiProjectStatus) status = NULL;
 * GPtrArray *list;
 *
 * if (!kpi_dataset_load_data (tasks, (const guint8 *) log_csv, strlen (log_csv), NULL, &error) ||
 *     !kpi_dataset_load_data (milestones, (const guint8 *) milestones_csv, strlen (milestones_csv), NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "project_tasks", tasks);
 * kpi_context_add_dataset (context, "project_milestones", milestones);
 * status = kpi_project_measure (apollo, context, kpi_period_get_end (week), &error);
 * if (status == NULL)
 *   g_error ("%s", error->message);
 * // each task as its last report says
 * list = kpi_project_status_get_tasks (status);
 * for (guint i = 0; i < list->len; i++)
 *   {
 *     KpiTaskStatus *task = g_ptr_array_index (list, i);
 *     g_print ("%s (%s): %g h spent, %g h left, %.0f %% done, %.0f %% planned\n",
 *              kpi_task_status_get_task (task), kpi_task_status_get_team (task),
 *              kpi_task_status_get_spent (task), kpi_task_status_get_remaining (task),
 *              kpi_task_status_get_actual_percent (task), kpi_task_status_get_planned_percent (task));
 *   }
 * ```
 *
 * ```python
 * # the task log: one row per task and weekly report
 * log_csv = """date,project,milestone,team,task,planned_start,planned_end,planned_effort,spent,remaining,done
 * 2025-01-17,apollo,design,team-a,specs,2025-01-06,2025-01-17,40,40,0,1
 * 2025-01-17,apollo,build,team-b,code,2025-01-13,2025-01-31,80,20,60,0
 * """
 * milestones_csv = "planned_date,milestone,actual_date\n2025-01-17,design,2025-01-17\n2025-01-31,build,\n"
 * tasks = Kpi.Dataset.new("date")
 * tasks.load_data(log_csv.encode(), None)
 * milestones = Kpi.Dataset.new("planned_date")
 * milestones.load_data(milestones_csv.encode(), None)
 * calendar = Kpi.Calendar.new(None, 1)
 * context = Kpi.Context.new(calendar)
 * context.add_dataset("project_tasks", tasks)
 * context.add_dataset("project_milestones", milestones)
 * status = Kpi.Project.new("apollo").measure(context, calendar.parse_period("2025-01-17").get_end())
 * # each task as its last report says
 * for task in status.get_tasks():
 *     print(f"{task.get_task()} ({task.get_team()}): {task.get_spent():g} h spent, "
 *           f"{task.get_remaining():g} h left, {task.get_actual_percent():.0f} % done, "
 *           f"{task.get_planned_percent():.0f} % planned")
 * ```
 *
 * ```js
 * // the task log: one row per task and weekly report
 * const logCsv = `date,project,milestone,team,task,planned_start,planned_end,planned_effort,spent,remaining,done
 * 2025-01-17,apollo,design,team-a,specs,2025-01-06,2025-01-17,40,40,0,1
 * 2025-01-17,apollo,build,team-b,code,2025-01-13,2025-01-31,80,20,60,0
 * `;
 * const milestonesCsv = 'planned_date,milestone,actual_date\n2025-01-17,design,2025-01-17\n2025-01-31,build,\n';
 * const tasks = Kpi.Dataset.new('date');
 * tasks.load_data(new TextEncoder().encode(logCsv), null);
 * const milestones = Kpi.Dataset.new('planned_date');
 * milestones.load_data(new TextEncoder().encode(milestonesCsv), null);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * context.add_dataset('project_tasks', tasks);
 * context.add_dataset('project_milestones', milestones);
 * const status = Kpi.Project.new('apollo').measure(context, calendar.parse_period('2025-01-17').get_end());
 * // each task as its last report says
 * for (const task of status.get_tasks()) {
 *     print(`${task.get_task()} (${task.get_team()}): ${task.get_spent()} h spent, ` +
 *           `${task.get_remaining()} h left, ${task.get_actual_percent().toFixed(0)} % done, ` +
 *           `${task.get_planned_percent().toFixed(0)} % planned`);
 * }
 * ```
 *
 * Since: 0.1
 */

/**
 * KpiEstimateBias:
 *
 * How far the remaining-work estimates of one team of a
 * [struct@Kpi.ProjectStatus] are off what the work then took; immutable.
 *
 * ## Example
 *
 * ```c
 * // two weekly reports of two tasks, both done by the second
 * const char *log_csv =
 *   "date,project,milestone,team,task,planned_start,planned_end,planned_effort,spent,remaining,done\n"
 *   "2025-01-10,apollo,build,team-a,specs,2025-01-06,2025-01-17,20,5,15,0\n"
 *   "2025-01-10,apollo,build,team-b,code,2025-01-06,2025-01-17,40,10,20,0\n"
 *   "2025-01-17,apollo,build,team-a,specs,2025-01-06,2025-01-17,20,15,0,1\n"
 *   "2025-01-17,apollo,build,team-b,code,2025-01-06,2025-01-17,40,40,0,1\n";
 * const char *milestones_csv = "planned_date,milestone,actual_date\n2025-01-17,build,2025-01-17\n";
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) tasks = kpi_dataset_new ("date");
 * g_autoptr(KpiDataset) milestones = kpi_dataset_new ("planned_date");
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) week = kpi_calendar_parse_period (calendar, "2025-01-17", NULL);
 * g_autoptr(KpiProject) apollo = kpi_project_new ("apollo");
 * g_autoptr(KpiProjectStatus) status = NULL;
 * GPtrArray *biases;
 *
 * if (!kpi_dataset_load_data (tasks, (const guint8 *) log_csv, strlen (log_csv), NULL, &error) ||
 *     !kpi_dataset_load_data (milestones, (const guint8 *) milestones_csv, strlen (milestones_csv), NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "project_tasks", tasks);
 * kpi_context_add_dataset (context, "project_milestones", milestones);
 * status = kpi_project_measure (apollo, context, kpi_period_get_end (week), &error);
 * if (status == NULL)
 *   g_error ("%s", error->message);
 * // on 10 January team-a said 15 h were left (10 were), team-b 20 h (30 were)
 * biases = kpi_project_status_get_estimate_bias (status);
 * for (guint i = 0; i < biases->len; i++)
 *   {
 *     KpiEstimateBias *bias = g_ptr_array_index (biases, i);
 *     g_print ("%s: %u estimate(s), mean error %+g h, tracking signal %+.2f\n",
 *              kpi_estimate_bias_get_team (bias), kpi_estimate_bias_get_n_estimates (bias),
 *              kpi_estimate_bias_get_mean_error (bias), kpi_estimate_bias_get_tracking_signal (bias));
 *   }
 * ```
 *
 * ```python
 * # two weekly reports of two tasks, both done by the second
 * log_csv = """date,project,milestone,team,task,planned_start,planned_end,planned_effort,spent,remaining,done
 * 2025-01-10,apollo,build,team-a,specs,2025-01-06,2025-01-17,20,5,15,0
 * 2025-01-10,apollo,build,team-b,code,2025-01-06,2025-01-17,40,10,20,0
 * 2025-01-17,apollo,build,team-a,specs,2025-01-06,2025-01-17,20,15,0,1
 * 2025-01-17,apollo,build,team-b,code,2025-01-06,2025-01-17,40,40,0,1
 * """
 * milestones_csv = "planned_date,milestone,actual_date\n2025-01-17,build,2025-01-17\n"
 * tasks = Kpi.Dataset.new("date")
 * tasks.load_data(log_csv.encode(), None)
 * milestones = Kpi.Dataset.new("planned_date")
 * milestones.load_data(milestones_csv.encode(), None)
 * calendar = Kpi.Calendar.new(None, 1)
 * context = Kpi.Context.new(calendar)
 * context.add_dataset("project_tasks", tasks)
 * context.add_dataset("project_milestones", milestones)
 * status = Kpi.Project.new("apollo").measure(context, calendar.parse_period("2025-01-17").get_end())
 * # on 10 January team-a said 15 h were left (10 were), team-b 20 h (30 were)
 * for bias in status.get_estimate_bias():
 *     print(f"{bias.get_team()}: {bias.get_n_estimates()} estimate(s), mean error {bias.get_mean_error():+g} h, "
 *           f"tracking signal {bias.get_tracking_signal():+.2f}")
 * ```
 *
 * ```js
 * // two weekly reports of two tasks, both done by the second
 * const logCsv = `date,project,milestone,team,task,planned_start,planned_end,planned_effort,spent,remaining,done
 * 2025-01-10,apollo,build,team-a,specs,2025-01-06,2025-01-17,20,5,15,0
 * 2025-01-10,apollo,build,team-b,code,2025-01-06,2025-01-17,40,10,20,0
 * 2025-01-17,apollo,build,team-a,specs,2025-01-06,2025-01-17,20,15,0,1
 * 2025-01-17,apollo,build,team-b,code,2025-01-06,2025-01-17,40,40,0,1
 * `;
 * const milestonesCsv = 'planned_date,milestone,actual_date\n2025-01-17,build,2025-01-17\n';
 * const tasks = Kpi.Dataset.new('date');
 * tasks.load_data(new TextEncoder().encode(logCsv), null);
 * const milestones = Kpi.Dataset.new('planned_date');
 * milestones.load_data(new TextEncoder().encode(milestonesCsv), null);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * context.add_dataset('project_tasks', tasks);
 * context.add_dataset('project_milestones', milestones);
 * const status = Kpi.Project.new('apollo').measure(context, calendar.parse_period('2025-01-17').get_end());
 * // on 10 January team-a said 15 h were left (10 were), team-b 20 h (30 were)
 * for (const bias of status.get_estimate_bias()) {
 *     print(`${bias.get_team()}: ${bias.get_n_estimates()} estimate(s), mean error ${bias.get_mean_error()} h, ` +
 *           `tracking signal ${bias.get_tracking_signal().toFixed(2)}`);
 * }
 * ```
 *
 * Since: 0.1
 */

/**
 * kpi_project_error_quark:
 *
 * The error domain of projects, %KPI_PROJECT_ERROR; its codes are the
 * #KpiProjectError enumeration.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-project-error-quark, kpi_project_error)

#define DEFAULT_TASKS "project_tasks"
#define DEFAULT_MILESTONES "project_milestones"

/* A day with no date (an empty actual date). */
#define NO_DAY G_MININT64

/* ------------------------------------------------------------------------
 * The boxed values
 * ------------------------------------------------------------------------ */

struct _KpiEstimateBias
{
  gatomicrefcount  ref_count;
  char            *team;
  double           tracking_signal;
  double           mean_error;
  guint            n;
  gboolean         biased;
};

struct _KpiTaskStatus
{
  gatomicrefcount  ref_count;
  char            *task;
  char            *milestone;
  char            *team;
  gint64           planned_start;
  gint64           planned_end;
  double           planned_effort;
  double           spent;
  double           remaining;
  double           planned_percent;
  double           actual_percent;
  gboolean         done;
  double           variance_days;
};

struct _KpiMilestoneStatus
{
  gatomicrefcount  ref_count;
  char            *name;
  gint64           planned_date;
  gint64           actual_date;
  gint64           forecast_date;
  double           variance_days;
  double           planned_percent;
  double           actual_percent;
};

struct _KpiProjectStatus
{
  gatomicrefcount  ref_count;
  char            *project;
  gint64           as_of;
  double           planned_percent;
  double           actual_percent;
  double           schedule_variance_days;
  GPtrArray       *milestones;   /* of KpiMilestoneStatus */
  GPtrArray       *tasks;        /* of KpiTaskStatus */
  GPtrArray       *bias;         /* of KpiEstimateBias */
  char            *summary;
};

static void
estimate_bias_free (KpiEstimateBias *self)
{
  g_free (self->team);
  g_free (self);
}

static void
task_status_free (KpiTaskStatus *self)
{
  g_free (self->task);
  g_free (self->milestone);
  g_free (self->team);
  g_free (self);
}

static void
milestone_status_free (KpiMilestoneStatus *self)
{
  g_free (self->name);
  g_free (self);
}

static void
project_status_free (KpiProjectStatus *self)
{
  g_free (self->project);
  g_ptr_array_unref (self->milestones);
  g_ptr_array_unref (self->tasks);
  g_ptr_array_unref (self->bias);
  g_free (self->summary);
  g_free (self);
}

#define REF_COUNTED(Type, type, free_func)                                      \
  G_DEFINE_BOXED_TYPE (Type, type, type##_ref, type##_unref)                    \
  Type *                                                                        \
  type##_ref (Type *self)                                                       \
  {                                                                             \
    g_return_val_if_fail (self != NULL, NULL);                                  \
    g_atomic_ref_count_inc (&self->ref_count);                                  \
    return self;                                                                \
  }                                                                             \
  void                                                                          \
  type##_unref (Type *self)                                                     \
  {                                                                             \
    g_return_if_fail (self != NULL);                                            \
    if (g_atomic_ref_count_dec (&self->ref_count))                              \
      free_func (self);                                                         \
  }

/**
 * kpi_project_status_ref:
 * @self: a status
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
/**
 * kpi_project_status_unref:
 * @self: (transfer full): a status
 *
 * Drops a reference to @self, freeing it when it was the last.
 *
 * Since: 0.1
 */
REF_COUNTED (KpiProjectStatus, kpi_project_status, project_status_free)

/**
 * kpi_milestone_status_ref:
 * @self: a milestone status
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
/**
 * kpi_milestone_status_unref:
 * @self: (transfer full): a milestone status
 *
 * Drops a reference to @self, freeing it when it was the last.
 *
 * Since: 0.1
 */
REF_COUNTED (KpiMilestoneStatus, kpi_milestone_status, milestone_status_free)

/**
 * kpi_task_status_ref:
 * @self: a task status
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
/**
 * kpi_task_status_unref:
 * @self: (transfer full): a task status
 *
 * Drops a reference to @self, freeing it when it was the last.
 *
 * Since: 0.1
 */
REF_COUNTED (KpiTaskStatus, kpi_task_status, task_status_free)

/**
 * kpi_estimate_bias_ref:
 * @self: an estimate bias
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
/**
 * kpi_estimate_bias_unref:
 * @self: (transfer full): an estimate bias
 *
 * Drops a reference to @self, freeing it when it was the last.
 *
 * Since: 0.1
 */
REF_COUNTED (KpiEstimateBias, kpi_estimate_bias, estimate_bias_free)

#undef REF_COUNTED

/* ------------------------------------------------------------------------
 * The project
 * ------------------------------------------------------------------------ */

struct _KpiProject
{
  GObject  parent_instance;

  char    *name;               /* nullable: the log's only project */
  char    *tasks_dataset;
  char    *milestones_dataset;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_TASKS_DATASET_NAME,
  PROP_MILESTONES_DATASET_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiProject, kpi_project, G_TYPE_OBJECT)

static void
kpi_project_finalize (GObject *object)
{
  KpiProject *self = KPI_PROJECT (object);

  g_free (self->name);
  g_free (self->tasks_dataset);
  g_free (self->milestones_dataset);

  G_OBJECT_CLASS (kpi_project_parent_class)->finalize (object);
}

static void
kpi_project_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KpiProject *self = KPI_PROJECT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_TASKS_DATASET_NAME:
      g_value_set_string (value, self->tasks_dataset);
      break;
    case PROP_MILESTONES_DATASET_NAME:
      g_value_set_string (value, self->milestones_dataset);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_project_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  KpiProject *self = KPI_PROJECT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_TASKS_DATASET_NAME:
      kpi_project_set_tasks_dataset_name (self, g_value_get_string (value));
      break;
    case PROP_MILESTONES_DATASET_NAME:
      kpi_project_set_milestones_dataset_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_project_class_init (KpiProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_project_finalize;
  object_class->get_property = kpi_project_get_property;
  object_class->set_property = kpi_project_set_property;

  /**
   * KpiProject:name:
   *
   * The project, as the `project` column of the task log names it; %NULL
   * for the log's only project.
   *
   * Since: 0.1
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiProject:tasks-dataset-name:
   *
   * The name of the task log in the context (`project_tasks` by default;
   * %NULL sets the default back).
   *
   * Since: 0.1
   */
  properties[PROP_TASKS_DATASET_NAME] =
    g_param_spec_string ("tasks-dataset-name", NULL, NULL, DEFAULT_TASKS, rw);

  /**
   * KpiProject:milestones-dataset-name:
   *
   * The name of the milestones dataset in the context
   * (`project_milestones` by default; %NULL sets the default back).
   *
   * Since: 0.1
   */
  properties[PROP_MILESTONES_DATASET_NAME] =
    g_param_spec_string ("milestones-dataset-name", NULL, NULL, DEFAULT_MILESTONES, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_project_init (KpiProject *self)
{
  self->tasks_dataset = g_strdup (DEFAULT_TASKS);
  self->milestones_dataset = g_strdup (DEFAULT_MILESTONES);
}

/**
 * kpi_project_new:
 * @name: (nullable): the project, as the task log's `project` column
 *   names it (`apollo`), or %NULL for the log's only project
 *
 * Creates a project reading the datasets `project_tasks` and
 * `project_milestones` of the context it is measured in.
 *
 * Returns: (transfer full): the project
 *
 * Since: 0.1
 */
KpiProject *
kpi_project_new (const char *name)
{
  return g_object_new (KPI_TYPE_PROJECT, "name", name, NULL);
}

/**
 * kpi_project_get_name:
 * @self: a project
 *
 * Gets [property@Kpi.Project:name].
 *
 * Returns: (nullable): the project's name, or %NULL for the log's only
 *   project
 *
 * Since: 0.1
 */
const char *
kpi_project_get_name (KpiProject *self)
{
  g_return_val_if_fail (KPI_IS_PROJECT (self), NULL);

  return self->name;
}

/**
 * kpi_project_get_tasks_dataset_name:
 * @self: a project
 *
 * Gets [property@Kpi.Project:tasks-dataset-name].
 *
 * Returns: the name of the task log in the context
 *
 * Since: 0.1
 */
const char *
kpi_project_get_tasks_dataset_name (KpiProject *self)
{
  g_return_val_if_fail (KPI_IS_PROJECT (self), NULL);

  return self->tasks_dataset;
}

/**
 * kpi_project_set_tasks_dataset_name:
 * @self: a project
 * @name: (nullable): the name of the task log in the context, or %NULL
 *   for `project_tasks`
 *
 * Sets [property@Kpi.Project:tasks-dataset-name].
 *
 * Since: 0.1
 */
void
kpi_project_set_tasks_dataset_name (KpiProject *self,
                                    const char *name)
{
  g_return_if_fail (KPI_IS_PROJECT (self));

  if (kpi_set_str (&self->tasks_dataset, name != NULL ? name : DEFAULT_TASKS))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASKS_DATASET_NAME]);
}

/**
 * kpi_project_get_milestones_dataset_name:
 * @self: a project
 *
 * Gets [property@Kpi.Project:milestones-dataset-name].
 *
 * Returns: the name of the milestones dataset in the context
 *
 * Since: 0.1
 */
const char *
kpi_project_get_milestones_dataset_name (KpiProject *self)
{
  g_return_val_if_fail (KPI_IS_PROJECT (self), NULL);

  return self->milestones_dataset;
}

/**
 * kpi_project_set_milestones_dataset_name:
 * @self: a project
 * @name: (nullable): the name of the milestones dataset in the context,
 *   or %NULL for `project_milestones`
 *
 * Sets [property@Kpi.Project:milestones-dataset-name].
 *
 * Since: 0.1
 */
void
kpi_project_set_milestones_dataset_name (KpiProject *self,
                                         const char *name)
{
  g_return_if_fail (KPI_IS_PROJECT (self));

  if (kpi_set_str (&self->milestones_dataset, name != NULL ? name : DEFAULT_MILESTONES))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MILESTONES_DATASET_NAME]);
}

/* ------------------------------------------------------------------------
 * Days
 * ------------------------------------------------------------------------ */

/* The civil day (days since 1970-01-01) of instant @t in @zone. */
static gint64
day_of (GTimeZone *zone,
        gint64     t)
{
  gint64 seconds = kpi_floor_div (t, G_USEC_PER_SEC);
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, seconds);
  gint32 offset = interval >= 0 ? g_time_zone_get_offset (zone, interval) : 0;

  return kpi_floor_div (t + (gint64) offset * G_USEC_PER_SEC, G_TIME_SPAN_DAY);
}

/* The first instant of civil day @day in @zone. */
static gint64
instant_of_day (GTimeZone *zone,
                gint64     day)
{
  gint64 year;
  int month, mday;
  g_autoptr(GDateTime) dt = NULL;

  kpi_civil_from_days (day, &year, &month, &mday);
  dt = g_date_time_new (zone, (int) year, month, mday, 0, 0, 0);
  if (dt == NULL)
    return day * G_TIME_SPAN_DAY;
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

/* Monday to Friday: 1970-01-01, day 0, was a Thursday. */
static gboolean
is_working_day (gint64 day)
{
  return kpi_floor_mod (day + 3, 7) < 5;
}

/* The working days in [@from, @to). */
static gint64
working_days_between (gint64 from,
                      gint64 to)
{
  gint64 n = 0;

  if (to <= from)
    return 0;
  /* whole weeks, then the days left */
  n = (to - from) / 7 * 5;
  for (gint64 d = from + (to - from) / 7 * 7; d < to; d++)
    n += is_working_day (d);
  return n;
}

/* The @k-th working day (k ≥ 1) on or after @from. */
static gint64
nth_working_day (gint64 from,
                 gint64 k)
{
  gint64 d = from;

  while (!is_working_day (d))
    d++;
  /* whole weeks, then day by day */
  d += (k - 1) / 5 * 7;
  k -= (k - 1) / 5 * 5;
  while (TRUE)
    {
      if (is_working_day (d) && --k == 0)
        return d;
      d++;
    }
}

/* The last working day before @day. */
static gint64
working_day_before (gint64 day)
{
  gint64 d = day - 1;

  while (!is_working_day (d))
    d--;
  return d;
}

static char *
format_day (gint64 day)
{
  gint64 year;
  int month, mday;

  kpi_civil_from_days (day, &year, &month, &mday);
  return g_strdup_printf ("%04" G_GINT64_FORMAT "-%02d-%02d", year, month, mday);
}

/* ------------------------------------------------------------------------
 * Reading the datasets
 * ------------------------------------------------------------------------ */

/* A column of dates: the time column, or a dimension of ISO dates whose
 * dictionary is parsed once (NO_DAY for the empty string, and, with
 * @invalid set, for a text that is not a date). */
typedef struct
{
  const char    *name;
  const gint64  *times;     /* the time column, or */
  const guint32 *codes;     /* a dimension */
  gint64        *days;      /* the day of each value of its dictionary */
  gboolean      *invalid;
  const char * const *dictionary;
  gsize          n_values;
} DateColumn;

static void
date_column_clear (DateColumn *c)
{
  g_clear_pointer (&c->days, g_free);
  g_clear_pointer (&c->invalid, g_free);
}

static gboolean
missing_column (const char  *dataset_name,
                const char  *column,
                const char  *expected,
                GError     **error)
{
  g_autofree char *name = kpi_text_for_message (dataset_name, -1, KPI_MESSAGE_QUOTE_CHARS);

  g_set_error (error, KPI_PROJECT_ERROR, KPI_PROJECT_ERROR_MISSING_COLUMN,
               "%s: no column “%s” of %s", name, column, expected);
  return FALSE;
}

static gboolean
lookup (KpiDataset    *dataset,
        const char    *dataset_name,
        const char    *column,
        KpiColumnKind  kind,
        const char    *expected,
        GError       **error)
{
  KpiColumnKind found;

  if (!kpi_dataset_lookup_column (dataset, column, NULL, &found) || found != kind)
    return missing_column (dataset_name, column, expected, error);
  return TRUE;
}

static gboolean
date_column_init (DateColumn  *c,
                  KpiDataset  *dataset,
                  const char  *dataset_name,
                  const char  *column,
                  GTimeZone   *zone,
                  GError     **error)
{
  KpiColumnKind kind;
  gsize n_rows;

  memset (c, 0, sizeof *c);
  c->name = column;
  if (!kpi_dataset_lookup_column (dataset, column, NULL, &kind) || kind == KPI_COLUMN_MEASURE)
    return missing_column (dataset_name, column, "dates (2025-03-17)", error);
  if (kind == KPI_COLUMN_TIME)
    {
      c->times = kpi_dataset_get_times (dataset, &n_rows);
      return TRUE;
    }
  c->codes = kpi_dataset_get_dimension_codes (dataset, column, &n_rows);
  c->dictionary = kpi_dataset_get_dimension_dictionary (dataset, column, &c->n_values);
  c->days = g_new (gint64, MAX (c->n_values, 1));
  c->invalid = g_new0 (gboolean, MAX (c->n_values, 1));
  {
    KpiTimeParser *parser = kpi_time_parser_new (zone);

    for (gsize v = 0; v < c->n_values; v++)
      {
        const char *text = c->dictionary[v];
        gint64 usec;

        c->days[v] = NO_DAY;
        if (text[0] == '\0')
          continue;
        if (kpi_time_parser_parse (parser, text, strlen (text), &usec))
          c->days[v] = day_of (zone, usec);
        else
          c->invalid[v] = TRUE;
      }
    kpi_time_parser_free (parser);
  }
  return TRUE;
}

static gboolean
cell_error (const char  *dataset_name,
            guint        row,
            const char  *column,
            GError     **error,
            const char  *format,
            ...) G_GNUC_PRINTF (5, 6);

/* "project_tasks: row 12, column “remaining”: …" (rows from 1) */
static gboolean
cell_error (const char  *dataset_name,
            guint        row,
            const char  *column,
            GError     **error,
            const char  *format,
            ...)
{
  g_autofree char *name = kpi_text_for_message (dataset_name, -1, KPI_MESSAGE_QUOTE_CHARS);
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, KPI_PROJECT_ERROR, KPI_PROJECT_ERROR_INVALID_VALUE,
               "%s: row %u, column “%s”: %s", name, row + 1, column, what);
  return FALSE;
}

/* The day of row @row, into @day; NO_DAY when empty and @optional. */
static gboolean
date_cell (const DateColumn  *c,
           GTimeZone         *zone,
           const char        *dataset_name,
           guint              row,
           gboolean           optional,
           gint64            *day,
           GError           **error)
{
  guint32 code;

  if (c->times != NULL)
    {
      *day = day_of (zone, c->times[row]);
      return TRUE;
    }
  code = c->codes[row];
  if (code >= c->n_values || c->days[code] == NO_DAY)
    {
      g_autofree char *text = NULL;

      if (code < c->n_values && c->invalid[code])
        {
          text = kpi_text_for_message (c->dictionary[code], -1, KPI_MESSAGE_QUOTE_CHARS);
          return cell_error (dataset_name, row, c->name, error,
                             "“%s” is not a date: expected a date such as 2025-03-17", text);
        }
      if (!optional)
        return cell_error (dataset_name, row, c->name, error,
                           "no date: expected a date such as 2025-03-17");
      *day = NO_DAY;
      return TRUE;
    }
  *day = c->days[code];
  return TRUE;
}

static char *
format_number (double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (x))
    return g_strdup ("no number");
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", x));
}

/* A measure of row @row that must be a number ≥ 0. */
static gboolean
check_hours (const char  *dataset_name,
             guint        row,
             const char  *column,
             double       x,
             const char  *expected,
             GError     **error)
{
  g_autofree char *text = NULL;

  if (isfinite (x) && x >= 0)
    return TRUE;
  text = format_number (x);
  return cell_error (dataset_name, row, column, error, "%s%s: expected %s, 0 or more", text,
                     x < 0 ? " is negative" : "", expected);
}

/* ------------------------------------------------------------------------
 * Measuring
 * ------------------------------------------------------------------------ */

/* What the log says of a task up to the report. */
typedef struct
{
  gint64   last_time;    /* of its last row up to the report */
  gint64   last_row;     /* -1: no row */
  gint64   done_time;    /* of its first report that says done, or G_MAXINT64 */
  gint64   start, end;   /* planned days, both included */
  double   effort;
  double   spent, remaining;
  gboolean done;
  double   fraction;     /* done: 1, else spent / (spent + remaining) */
  guint32  milestone, team;
} Task;

/* A team's estimates, and its pace. */
typedef struct
{
  guint    n;
  double   sum, sum_abs, sum_actual, sum_estimate;
  double   spent_first, spent_last;    /* Σ spent at the first report and this one */
  double   planned_effort;
  gint64   planned_start, planned_end;
  gboolean has_tasks;
  gboolean biased;
} Team;

/* The working days of a task's schedule, or all its days when none is. */
static gint64
schedule_days (const Task *t)
{
  gint64 n = working_days_between (t->start, t->end + 1);

  return n > 0 ? n : t->end - t->start + 1;
}

static gboolean
counts_in_schedule (const Task *t,
                    gint64      day,
                    gboolean    all_days)
{
  return day >= t->start && day <= t->end && (all_days || is_working_day (day));
}

/* The hours of @t planned before day @day. */
static double
planned_before (const Task *t,
                gint64      day)
{
  gint64 n = schedule_days (t);
  gint64 before;

  if (day <= t->start)
    return 0;
  if (day > t->end)
    return t->effort;
  before = working_days_between (t->start, day);
  if (working_days_between (t->start, t->end + 1) == 0)
    before = day - t->start;
  return t->effort * (double) before / (double) n;
}

/* The earned schedule of tasks @which (NULL: all) of @tasks: the instant,
 * in days (fractional), at which their planned curve reaches @earned
 * hours; the variance is that minus @day, 0 when the plan at @day is
 * @earned (on plan, or not started and not due). */
static double
schedule_variance (const Task *tasks,
                   gsize       n_tasks,
                   gint64      day,
                   double      earned)
{
  gint64 first = G_MAXINT64, last = G_MININT64;
  double total = 0, planned = 0, cum = 0;

  for (gsize i = 0; i < n_tasks; i++)
    {
      if (tasks[i].last_row < 0)
        continue;
      first = MIN (first, tasks[i].start);
      last = MAX (last, tasks[i].end);
      total += tasks[i].effort;
      planned += planned_before (&tasks[i], day);
    }
  if (first > last || total <= 0)
    return NAN;
  if (fabs (earned - planned) <= 1e-9 * total)
    return 0.0;
  if (earned <= 0)
    return (double) (first - day);
  /* day by day along the plan: the first day whose end reaches it, and
   * the part of that day (the plan rises evenly through a working day) */
  for (gint64 d = first; d <= last; d++)
    {
      double today = 0;

      for (gsize i = 0; i < n_tasks; i++)
        {
          const Task *t = &tasks[i];

          if (t->last_row >= 0
              && counts_in_schedule (t, d, working_days_between (t->start, t->end + 1) == 0))
            today += t->effort / (double) schedule_days (t);
        }
      if (today > 0 && cum + today >= earned * (1 - 1e-12))
        return (double) (d - day) + MIN (1.0, (earned - cum) / today);
      cum += today;
    }
  return (double) (last + 1 - day);
}

typedef struct
{
  char   *name;
  gint64  planned_day;   /* NO_DAY: from the tasks */
  gint64  actual_day;    /* NO_DAY: not reached */
  guint32 code;          /* in the log's milestone dictionary, or G_MAXUINT32 */
} Milestone;

static void
milestone_clear (gpointer data)
{
  g_free (((Milestone *) data)->name);
}

/* "+240", "−1.3" */
static void
append_signal (GString *out,
               double   x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, x > 0 ? "+" : x < 0 ? "\u2212" : "");
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, fabs (x) >= 99.95 ? "%.0f" : "%.1f",
                                         fabs (x)));
}

/* "15 weeks late", "3 days late", "on time", "2 days early" (negative
 * variance: late) */
static void
append_lateness (GString *out,
                 double   variance)
{
  double late = -round (variance);

  if (late == 0)
    g_string_append (out, "on time");
  else if (fabs (late) >= 14)
    g_string_append_printf (out, "%.0f weeks %s", round (fabs (late) / 7), late > 0 ? "late" : "early");
  else
    g_string_append_printf (out, "%.0f day%s %s", fabs (late), fabs (late) == 1 ? "" : "s",
                            late > 0 ? "late" : "early");
}

static char *
make_summary (const KpiProjectStatus *status,
              GTimeZone              *zone)
{
  GString *out = g_string_new (NULL);
  const KpiMilestoneStatus *last = NULL;
  double sv = status->schedule_variance_days;
  guint n_reached = 0;

  g_string_append_printf (out, "%s: %.0f %% done against %.0f %% planned", status->project,
                          status->actual_percent, status->planned_percent);
  if (!isnan (sv))
    {
      double days = round (fabs (sv));

      if (days == 0)
        g_string_append (out, ", on schedule");
      else
        g_string_append_printf (out, ", %.0f day%s %s", days, days == 1 ? "" : "s",
                                sv < 0 ? "behind" : "ahead");
    }
  for (guint i = 0; i < status->milestones->len; i++)
    {
      const KpiMilestoneStatus *m = g_ptr_array_index (status->milestones, i);

      if (m->actual_date != KPI_TIME_UNSET)
        n_reached++;
      else if (last == NULL || m->planned_date >= last->planned_date)
        last = m;
    }
  if (last != NULL)
    {
      g_string_append_printf (out, "; %s ", last->name);
      if (last->forecast_date != KPI_TIME_UNSET)
        {
          g_autofree char *day = format_day (day_of (zone, last->forecast_date));

          g_string_append_printf (out, "forecast %s, ", day);
          append_lateness (out, last->variance_days);
        }
      else
        g_string_append (out, "not reached, no forecast");
    }
  else if (n_reached > 0)
    g_string_append (out, n_reached == 1 ? "; the milestone reached" : "; every milestone reached");
  for (guint i = 0; i < status->bias->len; i++)
    {
      const KpiEstimateBias *b = g_ptr_array_index (status->bias, i);

      if (!b->biased)
        continue;
      g_string_append_printf (out, "; %s %s-estimates the remaining work (tracking signal ",
                              b->team, b->tracking_signal > 0 ? "under" : "over");
      append_signal (out, b->tracking_signal);
      g_string_append_c (out, ')');
    }
  return g_string_free (out, FALSE);
}

/* The dataset @name of @context, or an error. */
static KpiDataset *
dup_dataset (KpiContext  *context,
             const char  *name,
             const char  *what,
             GError     **error)
{
  KpiDataset *dataset = kpi_context_lookup_dataset (context, name);

  if (dataset == NULL)
    {
      g_autofree char *quoted = kpi_text_for_message (name, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_set_error (error, KPI_PROJECT_ERROR, KPI_PROJECT_ERROR_NO_DATASET,
                   "no dataset “%s” in the context: expected %s", quoted, what);
    }
  return dataset;
}

/* Reads the milestones dataset into @milestones (of Milestone). */
static gboolean
read_milestones (KpiDataset  *dataset,
                 const char  *dataset_name,
                 GTimeZone   *zone,
                 gint64       report_day,
                 GArray      *milestones,
                 GError     **error)
{
  DateColumn planned = { 0, }, actual = { 0, };
  const guint32 *codes;
  const char * const *dictionary;
  gsize n_rows = 0, n_values = 0;
  gboolean ok = FALSE;

  if (!lookup (dataset, dataset_name, "milestone", KPI_COLUMN_DIMENSION,
               "milestones (a dimension: M1)", error)
      || !date_column_init (&planned, dataset, dataset_name, "planned_date", zone, error)
      || !date_column_init (&actual, dataset, dataset_name, "actual_date", zone, error))
    goto out;
  codes = kpi_dataset_get_dimension_codes (dataset, "milestone", &n_rows);
  dictionary = kpi_dataset_get_dimension_dictionary (dataset, "milestone", &n_values);
  for (gsize i = 0; i < n_rows; i++)
    {
      Milestone m = { NULL, NO_DAY, NO_DAY, G_MAXUINT32 };

      if (codes[i] >= n_values || dictionary[codes[i]][0] == '\0')
        {
          cell_error (dataset_name, (guint) i, "milestone", error, "no milestone: expected its name");
          goto out;
        }
      if (!date_cell (&planned, zone, dataset_name, (guint) i, FALSE, &m.planned_day, error)
          || !date_cell (&actual, zone, dataset_name, (guint) i, TRUE, &m.actual_day, error))
        goto out;
      /* reached after the report: not reached yet at the report */
      if (m.actual_day != NO_DAY && m.actual_day > report_day)
        m.actual_day = NO_DAY;
      m.name = g_strdup (dictionary[codes[i]]);
      g_array_append_val (milestones, m);
    }
  ok = TRUE;

out:
  date_column_clear (&planned);
  date_column_clear (&actual);
  return ok;
}

/**
 * kpi_project_measure:
 * @self: a project
 * @context: the context that holds the task log and the milestones
 * @as_of: the date of the status, in microseconds since the Unix epoch
 *   (UTC): the last report on or before it is read
 * @error: return location for a #GError
 *
 * Measures the progress of the project at its last report on or before
 * @as_of (see the class's documentation for the method).
 *
 * A dataset missing from @context, a column missing, a cell that a status
 * report cannot hold (a negative remaining work or spent, a date that is
 * not one, a task that ends before it starts) or a log without a report
 * of the project on or before @as_of fail with a #KpiProjectError that
 * names the dataset, and the row and column of the cell.
 *
 * Returns: (transfer full): the status, or %NULL with @error set
 *
 * Since: 0.1
 */
KpiProjectStatus *
kpi_project_measure (KpiProject  *self,
                     KpiContext  *context,
                     gint64       as_of,
                     GError     **error)
{
  const char *tasks_name, *milestones_name;
  GTimeZone *zone;
  g_autoptr(KpiDataset) log = NULL;
  g_autoptr(KpiDataset) milestones_dataset = NULL;
  g_autoptr(GArray) milestones = NULL;
  g_autofree Task *tasks = NULL;
  g_autofree Team *teams = NULL;
  g_autofree char *first_day_text = NULL;
  DateColumn start_column = { 0, }, end_column = { 0, };
  const gint64 *times;
  const guint32 *projects, *milestone_codes, *team_codes, *task_codes;
  const double *efforts, *spent, *remaining, *done;
  const char * const *project_dictionary, * const *milestone_dictionary;
  const char * const *team_dictionary, * const *task_dictionary;
  gsize n_rows = 0, n_projects = 0, n_milestones = 0, n_teams = 0, n_tasks = 0;
  guint32 project = G_MAXUINT32;
  gint64 report = G_MININT64, first_report = G_MAXINT64, report_day, first_day;
  double total = 0, planned = 0, earned = 0;
  KpiProjectStatus *status = NULL;

  g_return_val_if_fail (KPI_IS_PROJECT (self), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  tasks_name = self->tasks_dataset;
  milestones_name = self->milestones_dataset;
  zone = kpi_calendar_get_time_zone (kpi_context_get_calendar (context));

  log = dup_dataset (context, tasks_name, "the weekly status reports of the project's tasks", error);
  if (log == NULL)
    return NULL;
  milestones_dataset = dup_dataset (context, milestones_name,
                                    "the project's milestones with their planned and actual dates",
                                    error);
  if (milestones_dataset == NULL)
    return NULL;

  if (!lookup (log, tasks_name, "project", KPI_COLUMN_DIMENSION, "projects (a dimension)", error)
      || !lookup (log, tasks_name, "milestone", KPI_COLUMN_DIMENSION, "milestones (a dimension)", error)
      || !lookup (log, tasks_name, "team", KPI_COLUMN_DIMENSION, "teams (a dimension)", error)
      || !lookup (log, tasks_name, "task", KPI_COLUMN_DIMENSION, "tasks (a dimension)", error)
      || !lookup (log, tasks_name, "planned_effort", KPI_COLUMN_MEASURE, "planned hours (numbers)", error)
      || !lookup (log, tasks_name, "spent", KPI_COLUMN_MEASURE, "hours spent so far (numbers)", error)
      || !lookup (log, tasks_name, "remaining", KPI_COLUMN_MEASURE,
                  "estimated hours still needed (numbers)", error)
      || !lookup (log, tasks_name, "done", KPI_COLUMN_MEASURE, "done flags (numbers, 0 or 1)", error)
      || !date_column_init (&start_column, log, tasks_name, "planned_start", zone, error)
      || !date_column_init (&end_column, log, tasks_name, "planned_end", zone, error))
    goto out;

  times = kpi_dataset_get_times (log, &n_rows);
  projects = kpi_dataset_get_dimension_codes (log, "project", &n_rows);
  project_dictionary = kpi_dataset_get_dimension_dictionary (log, "project", &n_projects);
  milestone_codes = kpi_dataset_get_dimension_codes (log, "milestone", &n_rows);
  milestone_dictionary = kpi_dataset_get_dimension_dictionary (log, "milestone", &n_milestones);
  team_codes = kpi_dataset_get_dimension_codes (log, "team", &n_rows);
  team_dictionary = kpi_dataset_get_dimension_dictionary (log, "team", &n_teams);
  task_codes = kpi_dataset_get_dimension_codes (log, "task", &n_rows);
  task_dictionary = kpi_dataset_get_dimension_dictionary (log, "task", &n_tasks);
  efforts = kpi_dataset_get_measure (log, "planned_effort", &n_rows);
  spent = kpi_dataset_get_measure (log, "spent", &n_rows);
  remaining = kpi_dataset_get_measure (log, "remaining", &n_rows);
  done = kpi_dataset_get_measure (log, "done", &n_rows);

  /* The project: the one named, or the only one. */
  for (gsize i = 0; i < n_rows; i++)
    {
      guint32 p = projects[i];

      if (p >= n_projects || project_dictionary[p][0] == '\0')
        continue;
      if (self->name != NULL ? strcmp (project_dictionary[p], self->name) == 0 : project == G_MAXUINT32)
        project = p;
      else if (self->name == NULL && p != project)
        {
          g_set_error (error, KPI_PROJECT_ERROR, KPI_PROJECT_ERROR_UNKNOWN_PROJECT,
                       "%s: several projects (“%s”, “%s”): expected the name of one", tasks_name,
                       project_dictionary[project], project_dictionary[p]);
          goto out;
        }
    }
  if (project == G_MAXUINT32)
    {
      g_autofree char *quoted = self->name != NULL
        ? kpi_text_for_message (self->name, -1, KPI_MESSAGE_QUOTE_CHARS) : NULL;

      if (quoted != NULL)
        g_set_error (error, KPI_PROJECT_ERROR, KPI_PROJECT_ERROR_UNKNOWN_PROJECT,
                     "%s: no row of the project “%s”: expected its status reports", tasks_name, quoted);
      else
        g_set_error (error, KPI_PROJECT_ERROR, KPI_PROJECT_ERROR_UNKNOWN_PROJECT,
                     "%s: no row with a project: expected the status reports of one", tasks_name);
      goto out;
    }

  /* The report: the last on or before as_of. */
  for (gsize i = 0; i < n_rows; i++)
    if (projects[i] == project)
      {
        first_report = MIN (first_report, times[i]);
        if (times[i] <= as_of)
          report = MAX (report, times[i]);
      }
  first_day = day_of (zone, first_report);
  first_day_text = format_day (first_day);
  if (report == G_MININT64)
    {
      g_autofree char *asked = format_day (day_of (zone, as_of));

      g_set_error (error, KPI_PROJECT_ERROR, KPI_PROJECT_ERROR_NO_REPORT,
                   "%s: no report of “%s” on or before %s: the first is on %s", tasks_name,
                   project_dictionary[project], asked, first_day_text);
      goto out;
    }
  report_day = day_of (zone, report);

  /* Each task's last row up to the report, and its first report done;
   * every row read is checked. */
  tasks = g_new0 (Task, MAX (n_tasks, 1));
  for (gsize k = 0; k < n_tasks; k++)
    {
      tasks[k].last_row = -1;
      tasks[k].done_time = G_MAXINT64;
    }
  for (gsize i = 0; i < n_rows; i++)
    {
      guint row = (guint) i;
      guint32 k = task_codes[i];
      gint64 start, end;
      Task *t;

      if (projects[i] != project || times[i] > report)
        continue;
      if (k >= n_tasks || task_dictionary[k][0] == '\0')
        {
          cell_error (tasks_name, row, "task", error, "no task: expected its name");
          goto out;
        }
      if (team_codes[i] >= n_teams || team_dictionary[team_codes[i]][0] == '\0')
        {
          cell_error (tasks_name, row, "team", error, "no team: expected its name");
          goto out;
        }
      if (milestone_codes[i] >= n_milestones || milestone_dictionary[milestone_codes[i]][0] == '\0')
        {
          cell_error (tasks_name, row, "milestone", error, "no milestone: expected its name");
          goto out;
        }
      if (!date_cell (&start_column, zone, tasks_name, row, FALSE, &start, error)
          || !date_cell (&end_column, zone, tasks_name, row, FALSE, &end, error))
        goto out;
      if (end < start)
        {
          g_autofree char *s = format_day (start);
          g_autofree char *e = format_day (end);

          cell_error (tasks_name, row, "planned_end", error,
                      "%s is before the planned start %s: expected the last day of the work", e, s);
          goto out;
        }
      if (!check_hours (tasks_name, row, "planned_effort", efforts[i], "the hours planned", error)
          || !check_hours (tasks_name, row, "spent", spent[i], "the hours spent so far", error)
          || !check_hours (tasks_name, row, "remaining", remaining[i],
                           "the estimate of the hours still needed", error))
        goto out;
      if (isnan (done[i]))
        {
          cell_error (tasks_name, row, "done", error, "no number: expected 1 when done, else 0");
          goto out;
        }

      t = &tasks[k];
      if (done[i] != 0)
        t->done_time = MIN (t->done_time, times[i]);
      if (t->last_row >= 0 && times[i] < t->last_time)
        continue;
      t->last_row = (gint64) i;
      t->last_time = times[i];
      t->start = start;
      t->end = end;
      t->effort = efforts[i];
      t->spent = spent[i];
      t->remaining = remaining[i];
      t->done = done[i] != 0;
      t->milestone = milestone_codes[i];
      t->team = team_codes[i];
    }

  /* Progress, and each team's estimates (as the estimate-bias check
   * scores them: a finished task's rows before it was done) and pace. */
  teams = g_new0 (Team, MAX (n_teams, 1));
  for (gsize k = 0; k < n_tasks; k++)
    {
      Task *t = &tasks[k];
      Team *team;

      if (t->last_row < 0)
        continue;
      if (t->done)
        t->fraction = 1.0;
      else
        t->fraction = t->spent + t->remaining > 0 ? t->spent / (t->spent + t->remaining) : 0.0;
      total += t->effort;
      planned += planned_before (t, report_day);
      earned += t->effort * t->fraction;

      team = &teams[t->team];
      team->spent_last += t->spent;
      if (!team->has_tasks || t->start < team->planned_start)
        team->planned_start = t->start;
      if (!team->has_tasks || t->end > team->planned_end)
        team->planned_end = t->end;
      team->planned_effort += t->effort;
      team->has_tasks = TRUE;
    }
  for (gsize i = 0; i < n_rows; i++)
    {
      const Task *t;
      double actual, e;

      if (projects[i] != project || times[i] > report)
        continue;
      t = &tasks[task_codes[i]];
      if (times[i] == first_report)
        teams[team_codes[i]].spent_first += spent[i];
      if (!t->done || done[i] != 0)
        continue;
      actual = t->spent - spent[i];
      e = actual - remaining[i];
      teams[team_codes[i]].n++;
      teams[team_codes[i]].sum += e;
      teams[team_codes[i]].sum_abs += fabs (e);
      teams[team_codes[i]].sum_actual += actual;
      teams[team_codes[i]].sum_estimate += remaining[i];
    }

  status = g_new0 (KpiProjectStatus, 1);
  g_atomic_ref_count_init (&status->ref_count);
  status->project = g_strdup (project_dictionary[project]);
  status->as_of = report;
  status->planned_percent = total > 0 ? 100.0 * planned / total : NAN;
  status->actual_percent = total > 0 ? 100.0 * earned / total : NAN;
  status->schedule_variance_days = schedule_variance (tasks, n_tasks, report_day, earned);
  /* a finished project is as late as its last task was, whenever the
   * report: its planned end against its completion day */
  if (total > 0 && earned >= total)
    {
      gint64 end = G_MININT64, completed = G_MININT64;

      for (gsize k = 0; k < n_tasks; k++)
        if (tasks[k].last_row >= 0)
          {
            end = MAX (end, tasks[k].end);
            completed = MAX (completed, working_day_before (day_of (zone, tasks[k].done_time)));
          }
      status->schedule_variance_days = (double) (end - completed);
    }
  status->milestones = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_milestone_status_unref);
  status->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_task_status_unref);
  status->bias = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_estimate_bias_unref);

  for (gsize g = 0; g < n_teams; g++)
    {
      Team *team = &teams[g];
      KpiEstimateBias *b;

      if (!team->has_tasks)
        continue;
      b = g_new0 (KpiEstimateBias, 1);
      g_atomic_ref_count_init (&b->ref_count);
      b->team = g_strdup (team_dictionary[g]);
      b->n = team->n;
      b->tracking_signal = kpi_tracking_signal (team->sum, team->sum_abs, team->n);
      b->mean_error = team->n > 0 ? team->sum / team->n : NAN;
      b->biased = fabs (b->tracking_signal) > KPI_DEFAULT_TRACKING_SIGNAL_LIMIT;
      team->biased = b->biased;
      g_ptr_array_add (status->bias, b);
    }

  for (gsize k = 0; k < n_tasks; k++)
    {
      const Task *t = &tasks[k];
      KpiTaskStatus *ts;

      if (t->last_row < 0)
        continue;
      ts = g_new0 (KpiTaskStatus, 1);
      g_atomic_ref_count_init (&ts->ref_count);
      ts->task = g_strdup (task_dictionary[k]);
      ts->milestone = g_strdup (milestone_dictionary[t->milestone]);
      ts->team = g_strdup (team_dictionary[t->team]);
      ts->planned_start = instant_of_day (zone, t->start);
      ts->planned_end = instant_of_day (zone, t->end);
      ts->planned_effort = t->effort;
      ts->spent = t->spent;
      ts->remaining = t->remaining;
      ts->planned_percent = t->effort > 0 ? 100.0 * planned_before (t, report_day) / t->effort
                                          : (report_day > t->end ? 100.0 : 0.0);
      ts->actual_percent = 100.0 * t->fraction;
      ts->done = t->done;
      if (t->done)
        ts->variance_days = (double) (t->end - working_day_before (day_of (zone, t->done_time)));
      else
        ts->variance_days = schedule_variance (t, 1, report_day, t->effort * t->fraction);
      g_ptr_array_add (status->tasks, ts);
    }

  /* The milestones: the dataset's, then those only in the log. */
  milestones = g_array_new (FALSE, TRUE, sizeof (Milestone));
  g_array_set_clear_func (milestones, milestone_clear);
  if (!read_milestones (milestones_dataset, milestones_name, zone, report_day, milestones, error))
    {
      g_clear_pointer (&status, kpi_project_status_unref);
      goto out;
    }
  for (gsize c = 0; c < n_milestones; c++)
    {
      gboolean used = FALSE, listed = FALSE;

      for (gsize k = 0; k < n_tasks && !used; k++)
        used = tasks[k].last_row >= 0 && tasks[k].milestone == c;
      for (guint j = 0; j < milestones->len; j++)
        if (strcmp (g_array_index (milestones, Milestone, j).name, milestone_dictionary[c]) == 0)
          {
            g_array_index (milestones, Milestone, j).code = (guint32) c;
            listed = TRUE;
          }
      if (used && !listed)
        {
          Milestone m = { g_strdup (milestone_dictionary[c]), NO_DAY, NO_DAY, (guint32) c };

          g_array_append_val (milestones, m);
        }
    }

  for (guint j = 0; j < milestones->len; j++)
    {
      Milestone *m = &g_array_index (milestones, Milestone, j);
      KpiMilestoneStatus *ms = g_new0 (KpiMilestoneStatus, 1);
      double m_total = 0, m_planned = 0, m_earned = 0;
      gint64 latest_end = NO_DAY, completed = NO_DAY, forecast = NO_DAY;
      gboolean all_done = TRUE, has_tasks = FALSE, no_pace = FALSE;

      g_atomic_ref_count_init (&ms->ref_count);
      ms->name = g_strdup (m->name);
      for (gsize k = 0; k < n_tasks; k++)
        {
          const Task *t = &tasks[k];

          if (t->last_row < 0 || t->milestone != m->code)
            continue;
          has_tasks = TRUE;
          m_total += t->effort;
          m_planned += planned_before (t, report_day);
          m_earned += t->effort * t->fraction;
          latest_end = MAX (latest_end, t->end);
          if (t->done)
            completed = MAX (completed, working_day_before (day_of (zone, t->done_time)));
          else
            all_done = FALSE;
        }
      if (m->planned_day == NO_DAY)
        m->planned_day = latest_end;
      if (m->actual_day == NO_DAY && has_tasks && all_done)
        m->actual_day = completed;

      /* Not reached: when each of its teams will be through. */
      if (m->actual_day == NO_DAY && has_tasks)
        for (gsize g = 0; g < n_teams; g++)
          {
            const Team *team = &teams[g];
            gint64 last_start = NO_DAY, elapsed, k_days;
            double pace, work = 0, factor = 1.0;

            for (gsize k = 0; k < n_tasks; k++)
              if (tasks[k].last_row >= 0 && tasks[k].team == g && tasks[k].milestone == m->code
                  && !tasks[k].done)
                last_start = MAX (last_start, tasks[k].start);
            if (last_start == NO_DAY)
              continue;
            for (gsize k = 0; k < n_tasks; k++)
              if (tasks[k].last_row >= 0 && tasks[k].team == g && !tasks[k].done
                  && tasks[k].start <= last_start)
                work += tasks[k].remaining;
            if (team->biased && team->sum_estimate > 0)
              factor = team->sum_actual / team->sum_estimate;
            elapsed = working_days_between (first_day, report_day);
            pace = elapsed > 0 ? (team->spent_last - team->spent_first) / (double) elapsed : 0;
            if (!(pace > 0))
              {
                gint64 planned_days = working_days_between (team->planned_start, team->planned_end + 1);

                pace = planned_days > 0 ? team->planned_effort / (double) planned_days : 0;
              }
            if (!(pace > 0))
              {
                no_pace = TRUE;
                continue;
              }
            k_days = (gint64) ceil (work * factor / pace - 1e-9);
            forecast = MAX (forecast, nth_working_day (report_day, MAX (k_days, 1)));
          }
      if (no_pace)
        forecast = NO_DAY;

      ms->planned_date = m->planned_day != NO_DAY ? instant_of_day (zone, m->planned_day) : KPI_TIME_UNSET;
      ms->actual_date = m->actual_day != NO_DAY ? instant_of_day (zone, m->actual_day) : KPI_TIME_UNSET;
      ms->forecast_date = m->actual_day == NO_DAY && forecast != NO_DAY
                          ? instant_of_day (zone, forecast) : KPI_TIME_UNSET;
      if (m->planned_day == NO_DAY)
        ms->variance_days = NAN;
      else if (m->actual_day != NO_DAY)
        ms->variance_days = (double) (m->planned_day - m->actual_day);
      else if (forecast != NO_DAY)
        ms->variance_days = (double) (m->planned_day - forecast);
      else
        ms->variance_days = NAN;
      ms->planned_percent = m_total > 0 ? 100.0 * m_planned / m_total : NAN;
      ms->actual_percent = m_total > 0 ? 100.0 * m_earned / m_total : NAN;
      g_ptr_array_add (status->milestones, ms);
    }

  status->summary = make_summary (status, zone);

out:
  date_column_clear (&start_column);
  date_column_clear (&end_column);
  return status;
}

/* ------------------------------------------------------------------------
 * Getters
 * ------------------------------------------------------------------------ */

/**
 * kpi_project_status_get_project:
 * @self: a status
 *
 * Gets the name of the project measured.
 *
 * Returns: the project's name, as the log gives it
 *
 * Since: 0.1
 */
const char *
kpi_project_status_get_project (const KpiProjectStatus *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->project;
}

/**
 * kpi_project_status_get_as_of:
 * @self: a status
 *
 * Gets the date of the report the status was measured at: the last on or
 * before the date asked for.
 *
 * Returns: the date, in microseconds since the Unix epoch (UTC)
 *
 * Since: 0.1
 */
gint64
kpi_project_status_get_as_of (const KpiProjectStatus *self)
{
  g_return_val_if_fail (self != NULL, KPI_TIME_UNSET);

  return self->as_of;
}

/**
 * kpi_project_status_get_planned_percent:
 * @self: a status
 *
 * Gets the share of the planned effort scheduled before the report.
 *
 * Returns: the planned percent, 0..100, or NaN when no effort is planned
 *
 * Since: 0.1
 */
double
kpi_project_status_get_planned_percent (const KpiProjectStatus *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->planned_percent;
}

/**
 * kpi_project_status_get_actual_percent:
 * @self: a status
 *
 * Gets the earned value: the share of the planned effort done, each task
 * counting its planned effort times its done fraction.
 *
 * Returns: the actual percent, 0..100, or NaN when no effort is planned
 *
 * Since: 0.1
 */
double
kpi_project_status_get_actual_percent (const KpiProjectStatus *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->actual_percent;
}

/**
 * kpi_project_status_get_schedule_variance_days:
 * @self: a status
 *
 * Gets the earned-schedule variance: the date at which the plan reached
 * the actual percent, minus the report's date.
 *
 * Returns: the variance in days, negative when late, or NaN when no
 *   effort is planned
 *
 * Since: 0.1
 */
double
kpi_project_status_get_schedule_variance_days (const KpiProjectStatus *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->schedule_variance_days;
}

/**
 * kpi_project_status_get_milestones:
 * @self: a status
 *
 * Gets the milestones: those of the milestones dataset in its order, then
 * those named only in the task log.
 *
 * Returns: (transfer none) (element-type KpiMilestoneStatus): the
 *   milestones
 *
 * Since: 0.1
 */
GPtrArray *
kpi_project_status_get_milestones (const KpiProjectStatus *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->milestones;
}

/**
 * kpi_project_status_get_tasks:
 * @self: a status
 *
 * Gets the tasks reported on up to the report, in the order the log
 * first names them.
 *
 * Returns: (transfer none) (element-type KpiTaskStatus): the tasks
 *
 * Since: 0.1
 */
GPtrArray *
kpi_project_status_get_tasks (const KpiProjectStatus *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->tasks;
}

/**
 * kpi_project_status_get_estimate_bias:
 * @self: a status
 *
 * Gets the bias of each team's remaining-work estimates, in the order the
 * log first names the teams.
 *
 * Returns: (transfer none) (element-type KpiEstimateBias): the teams'
 *   biases
 *
 * Since: 0.1
 */
GPtrArray *
kpi_project_status_get_estimate_bias (const KpiProjectStatus *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->bias;
}

/**
 * kpi_project_status_get_summary:
 * @self: a status
 *
 * Gets the status in one line: the actual against the planned percent,
 * the schedule variance, the forecast of the last milestone not reached
 * and the teams whose estimates are biased (`apollo: 62 % done against
 * 71 % planned, 18 days behind; M5 forecast 2025-12-12, 15 weeks late;
 * team-b under-estimates the remaining work (tracking signal +240)`).
 *
 * Returns: the summary
 *
 * Since: 0.1
 */
const char *
kpi_project_status_get_summary (const KpiProjectStatus *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->summary;
}

/**
 * kpi_milestone_status_get_name:
 * @self: a milestone status
 *
 * Gets the milestone's name.
 *
 * Returns: the name
 *
 * Since: 0.1
 */
const char *
kpi_milestone_status_get_name (const KpiMilestoneStatus *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

/**
 * kpi_milestone_status_get_planned_date:
 * @self: a milestone status
 *
 * Gets the date the milestone was planned for: the milestones dataset's,
 * else the latest planned end of its tasks.
 *
 * Returns: the first instant of that day, in microseconds since the Unix
 *   epoch (UTC), or %KPI_TIME_UNSET when it has neither
 *
 * Since: 0.1
 */
gint64
kpi_milestone_status_get_planned_date (const KpiMilestoneStatus *self)
{
  g_return_val_if_fail (self != NULL, KPI_TIME_UNSET);

  return self->planned_date;
}

/**
 * kpi_milestone_status_get_actual_date:
 * @self: a milestone status
 *
 * Gets the date the milestone was reached, on or before the report.
 *
 * Returns: the first instant of that day, in microseconds since the Unix
 *   epoch (UTC), or %KPI_TIME_UNSET when it is not reached
 *
 * Since: 0.1
 */
gint64
kpi_milestone_status_get_actual_date (const KpiMilestoneStatus *self)
{
  g_return_val_if_fail (self != NULL, KPI_TIME_UNSET);

  return self->actual_date;
}

/**
 * kpi_milestone_status_get_forecast_date:
 * @self: a milestone status
 *
 * Gets the date the milestone should be reached, from the remaining
 * estimates of its teams and their observed pace (see [class@Kpi.Project]).
 *
 * Returns: the first instant of that day, in microseconds since the Unix
 *   epoch (UTC), or %KPI_TIME_UNSET when it is reached or a team has no
 *   pace to forecast from
 *
 * Since: 0.1
 */
gint64
kpi_milestone_status_get_forecast_date (const KpiMilestoneStatus *self)
{
  g_return_val_if_fail (self != NULL, KPI_TIME_UNSET);

  return self->forecast_date;
}

/**
 * kpi_milestone_status_get_variance_days:
 * @self: a milestone status
 *
 * Gets the planned date minus the actual date, or minus the forecast date
 * while the milestone is not reached.
 *
 * Returns: the variance in days, negative when late, or NaN without a
 *   planned date or a forecast
 *
 * Since: 0.1
 */
double
kpi_milestone_status_get_variance_days (const KpiMilestoneStatus *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->variance_days;
}

/**
 * kpi_milestone_status_get_planned_percent:
 * @self: a milestone status
 *
 * Gets the share of its tasks' planned effort scheduled before the report.
 *
 * Returns: the planned percent, or NaN without a task
 *
 * Since: 0.1
 */
double
kpi_milestone_status_get_planned_percent (const KpiMilestoneStatus *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->planned_percent;
}

/**
 * kpi_milestone_status_get_actual_percent:
 * @self: a milestone status
 *
 * Gets the earned value of its tasks, as a share of their planned effort.
 *
 * Returns: the actual percent, or NaN without a task
 *
 * Since: 0.1
 */
double
kpi_milestone_status_get_actual_percent (const KpiMilestoneStatus *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->actual_percent;
}

/**
 * kpi_milestone_status_is_done:
 * @self: a milestone status
 *
 * Whether the milestone is reached at the report.
 *
 * Returns: %TRUE when it is
 *
 * Since: 0.1
 */
gboolean
kpi_milestone_status_is_done (const KpiMilestoneStatus *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->actual_date != KPI_TIME_UNSET;
}

#define TASK_STRING(field)                                                      \
  const char *                                                                  \
  kpi_task_status_get_##field (const KpiTaskStatus *self)                       \
  {                                                                             \
    g_return_val_if_fail (self != NULL, NULL);                                  \
    return self->field;                                                         \
  }
#define TASK_VALUE(type, field, fallback)                                       \
  type                                                                          \
  kpi_task_status_get_##field (const KpiTaskStatus *self)                       \
  {                                                                             \
    g_return_val_if_fail (self != NULL, fallback);                              \
    return self->field;                                                         \
  }

/**
 * kpi_task_status_get_task:
 * @self: a task status
 *
 * Gets the task's name.
 *
 * Returns: the name
 *
 * Since: 0.1
 */
TASK_STRING (task)

/**
 * kpi_task_status_get_milestone:
 * @self: a task status
 *
 * Gets the milestone the task belongs to.
 *
 * Returns: the milestone's name
 *
 * Since: 0.1
 */
TASK_STRING (milestone)

/**
 * kpi_task_status_get_team:
 * @self: a task status
 *
 * Gets the team the task is given to.
 *
 * Returns: the team's name
 *
 * Since: 0.1
 */
TASK_STRING (team)

/**
 * kpi_task_status_get_planned_start:
 * @self: a task status
 *
 * Gets the first day of the work planned.
 *
 * Returns: the first instant of that day, in microseconds since the Unix
 *   epoch (UTC)
 *
 * Since: 0.1
 */
TASK_VALUE (gint64, planned_start, KPI_TIME_UNSET)

/**
 * kpi_task_status_get_planned_end:
 * @self: a task status
 *
 * Gets the last day of the work planned.
 *
 * Returns: the first instant of that day, in microseconds since the Unix
 *   epoch (UTC)
 *
 * Since: 0.1
 */
TASK_VALUE (gint64, planned_end, KPI_TIME_UNSET)

/**
 * kpi_task_status_get_planned_effort:
 * @self: a task status
 *
 * Gets the hours planned.
 *
 * Returns: the planned effort
 *
 * Since: 0.1
 */
TASK_VALUE (double, planned_effort, NAN)

/**
 * kpi_task_status_get_spent:
 * @self: a task status
 *
 * Gets the hours spent up to the report.
 *
 * Returns: the hours spent
 *
 * Since: 0.1
 */
TASK_VALUE (double, spent, NAN)

/**
 * kpi_task_status_get_remaining:
 * @self: a task status
 *
 * Gets the team's estimate of the hours still needed, at the report.
 *
 * Returns: the remaining estimate
 *
 * Since: 0.1
 */
TASK_VALUE (double, remaining, NAN)

/**
 * kpi_task_status_get_planned_percent:
 * @self: a task status
 *
 * Gets the share of the task's effort scheduled before the report.
 *
 * Returns: the planned percent, 0..100
 *
 * Since: 0.1
 */
TASK_VALUE (double, planned_percent, NAN)

/**
 * kpi_task_status_get_actual_percent:
 * @self: a task status
 *
 * Gets the task's done fraction as a percent: 100 once done, else
 * `100 × spent / (spent + remaining)`.
 *
 * Returns: the actual percent, 0..100
 *
 * Since: 0.1
 */
TASK_VALUE (double, actual_percent, NAN)

/**
 * kpi_task_status_get_variance_days:
 * @self: a task status
 *
 * Gets the task's schedule variance: until it is done, the earned-schedule
 * variance on its own plan; once done, its planned end minus its
 * completion day (the last working day before the first report that says
 * done).
 *
 * Returns: the variance in days, negative when late
 *
 * Since: 0.1
 */
TASK_VALUE (double, variance_days, NAN)

#undef TASK_STRING
#undef TASK_VALUE

/**
 * kpi_task_status_is_done:
 * @self: a task status
 *
 * Whether the task is done at the report.
 *
 * Returns: %TRUE when it is
 *
 * Since: 0.1
 */
gboolean
kpi_task_status_is_done (const KpiTaskStatus *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->done;
}

/**
 * kpi_estimate_bias_get_team:
 * @self: an estimate bias
 *
 * Gets the team whose estimates are judged.
 *
 * Returns: the team's name
 *
 * Since: 0.1
 */
const char *
kpi_estimate_bias_get_team (const KpiEstimateBias *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->team;
}

/**
 * kpi_estimate_bias_get_tracking_signal:
 * @self: an estimate bias
 *
 * Gets the tracking signal of the team's remaining-work estimates: the sum
 * of their errors (work really left minus the estimate) over the mean of
 * their sizes. Positive: under-estimated.
 *
 * Returns: the tracking signal, 0 when every error is 0, NaN without an
 *   estimate scored
 *
 * Since: 0.1
 */
double
kpi_estimate_bias_get_tracking_signal (const KpiEstimateBias *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->tracking_signal;
}

/**
 * kpi_estimate_bias_get_mean_error:
 * @self: an estimate bias
 *
 * Gets the mean error of the team's estimates, in hours: positive when
 * more work was left than estimated.
 *
 * Returns: the mean error, or NaN without an estimate scored
 *
 * Since: 0.1
 */
double
kpi_estimate_bias_get_mean_error (const KpiEstimateBias *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->mean_error;
}

/**
 * kpi_estimate_bias_get_n_estimates:
 * @self: an estimate bias
 *
 * Gets the number of estimates scored: the reports, before it was done,
 * of each task done by the report.
 *
 * Returns: the number of estimates
 *
 * Since: 0.1
 */
guint
kpi_estimate_bias_get_n_estimates (const KpiEstimateBias *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n;
}

/**
 * kpi_estimate_bias_is_biased:
 * @self: an estimate bias
 *
 * Whether the team's estimates are biased: their tracking signal is beyond
 * ±%KPI_DEFAULT_TRACKING_SIGNAL_LIMIT.
 *
 * Returns: %TRUE when they are
 *
 * Since: 0.1
 */
gboolean
kpi_estimate_bias_is_biased (const KpiEstimateBias *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->biased;
}
