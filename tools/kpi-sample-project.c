/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kpi-sample-project.c - project Apollo's weekly task log.
 *
 * Three teams work through the tasks of four to six milestones.  The plan
 * (planned effort, start and end of each task, date of each milestone) is
 * drawn first; then the weeks are simulated: each team spends the hours it
 * really has on its tasks, in their planned order, two at a time, until each
 * task's true effort is spent.  Every Monday a status report gives, for
 * every task, the hours spent so far and the team's estimate of the hours
 * left.  See docs/sample-data.md for the files and the seeded anomaly.
 *
 * Everything comes from one random stream (STREAM_PROJECT), drawn in the
 * same order whatever the options, so that --clean changes only what the
 * anomaly changes (team-b's rows and the milestones it delays).
 */

#include "kpi-sample-project.h"
#include "kpi-sample-rng.h"

#include <string.h>

#define PROJECT_NAME "apollo"
#define N_TEAMS 3
#define BIASED_TEAM 1 /* team-b */

/* The first report is on the first Monday on or after 60 % of the range;
 * the plan takes 26 weeks (about six months), fewer when the range ends
 * earlier, so that every planned date is inside the range. */
#define POS_PROJECT 0.60
#define PLAN_WEEKS 26
/* Weeks simulated, beyond the range if need be: the estimate of a week is
 * judged against the work really left, known only once the task is done. */
#define MAX_WEEKS 156

#define N_MILESTONES_MIN 4
#define N_MILESTONES_MAX 6
#define TASKS_PER_MILESTONE_MIN 8
#define TASKS_PER_MILESTONE_MAX 10

/* Planned hours per person and week, and the hours really worked (before
 * the weekly variation of 0.85 .. 1.10: absences, other work). */
#define PLAN_HOURS 30
#define WORK_HOURS 32
#define WORK_VARIATION_MIN 0.85
#define WORK_VARIATION_MAX 1.10
/* The plan loads each team for 88 .. 98 % of its planned hours. */
#define LOAD_MIN 0.88
#define LOAD_MAX 0.98
/* Tasks a team works on at once (the plan assumes the same). */
#define WIP 2
/* True effort of a task relative to its planned effort. */
#define EFFORT_MIN 0.85
#define EFFORT_MAX 1.20
/* Honest estimates: the work left times 1 + NOISE * (u - c), u uniform in
 * -1 .. 1, c the centre that makes the errors of the task cancel out. */
#define ESTIMATE_NOISE 0.15
/* The biased team reports this fraction (drawn once) of its honest
 * estimate, and its tasks really take 1 / bias times their honest effort. */
#define BIAS_MIN 0.55
#define BIAS_MAX 0.65

static const char *const TEAMS[N_TEAMS] = { "team-a", "team-b", "team-c" };
static const int TEAM_PEOPLE[N_TEAMS] = { 4, 3, 3 };

typedef struct {
  int milestone;
  int team;
  int planned_effort;     /* hours */
  int planned_start;      /* day index of a Monday */
  int planned_end;        /* day index of a Friday */
  int effort;             /* hours the task really takes */
  int done_report;        /* first report that shows it done, or MAX_WEEKS + 1 */
  double size;            /* relative size, before the plan scales it */
  double effort_factor;   /* true effort / planned effort, honest */
  double u[MAX_WEEKS + 1];  /* noise of the estimate, per report */
  int spent[MAX_WEEKS + 1]; /* hours spent before each report */
  int estimate[MAX_WEEKS + 1]; /* remaining hours reported (0 when done) */
} Task;

struct _SampleProject {
  GDate start;
  int days;
  gboolean clean;

  int first;         /* day index of the first report */
  int plan_weeks;
  int n_reports;     /* reports written: the last day or the project's end */
  int n_milestones;
  int n_tasks;
  Task *tasks;
  int *milestone_planned;  /* day index */
  int *milestone_actual;   /* day index, or -1 if not reached in the log */
  double bias;
  double load[N_TEAMS];
  double work[MAX_WEEKS][N_TEAMS];  /* weekly variation of the hours worked */

  guint64 tasks_rows, tasks_bytes;
  guint64 milestones_rows, milestones_bytes;
};

static void
iso_date (char out[11], const GDate *start, int day)
{
  GDate d = *start;
  g_date_add_days (&d, (guint) day);
  g_snprintf (out, 11, "%04d-%02d-%02d", g_date_get_year (&d),
              g_date_get_month (&d), g_date_get_day (&d));
}

/* Spends a team's hours week by week on the tasks of @queue (task indexes,
 * in order), WIP at a time, the hours of a finished task going on to the
 * next.  @hours gives the hours of each week, @effort those of each task;
 * the result is in @spent (cumulative, per report) and @start_week,
 * @end_week (-1 when not reached within MAX_WEEKS). */
static void
run_team (const int *queue, int n, const int *effort, const int *hours,
          int (*spent)[MAX_WEEKS + 1], int *start_week, int *end_week)
{
  int *need = g_new (int, n);
  int next = 0;  /* first unfinished task of the queue */

  for (int i = 0; i < n; i++)
    {
      need[i] = effort[queue[i]];
      start_week[i] = end_week[i] = -1;
      spent[queue[i]][0] = 0;
    }
  for (int w = 0; w < MAX_WEEKS; w++)
    {
      int h = hours[w];
      while (h > 0 && next < n)
        {
          int active[WIP], n_active = 0;
          for (int i = next; i < n && n_active < WIP; i++)
            if (need[i] > 0)
              active[n_active++] = i;
          /* Equal shares; what a task does not need goes round again. */
          int left = h;
          gboolean finished = FALSE;
          for (int k = 0; k < n_active; k++)
            {
              int i = active[k];
              int share = left / (n_active - k);
              int give = MIN (share, need[i]);
              if (give > 0 && start_week[i] < 0)
                start_week[i] = w;
              need[i] -= give;
              left -= give;
              if (need[i] == 0)
                {
                  end_week[i] = w;
                  finished = TRUE;
                }
            }
          h = finished ? left : 0;
          while (next < n && need[next] == 0)
            next++;
        }
      for (int i = 0; i < n; i++)
        spent[queue[i]][w + 1] = effort[queue[i]] - need[i];
    }
  g_free (need);
}

static void
draw (SampleProject *p, guint64 seed)
{
  Rng r;
  rng_init (&r, seed, STREAM_PROJECT);

  p->n_milestones = N_MILESTONES_MIN
    + (int) rng_below (&r, N_MILESTONES_MAX - N_MILESTONES_MIN + 1);
  int per[N_MILESTONES_MAX], offset[N_MILESTONES_MAX];
  p->n_tasks = 0;
  for (int m = 0; m < p->n_milestones; m++)
    {
      per[m] = TASKS_PER_MILESTONE_MIN
        + (int) rng_below (&r, TASKS_PER_MILESTONE_MAX - TASKS_PER_MILESTONE_MIN + 1);
      offset[m] = (int) rng_below (&r, N_TEAMS);
      p->n_tasks += per[m];
    }
  p->bias = rng_range (&r, BIAS_MIN, BIAS_MAX);
  for (int t = 0; t < N_TEAMS; t++)
    p->load[t] = rng_range (&r, LOAD_MIN, LOAD_MAX);

  p->tasks = g_new0 (Task, p->n_tasks);
  int k = 0;
  for (int m = 0; m < p->n_milestones; m++)
    for (int j = 0; j < per[m]; j++, k++)
      {
        Task *task = &p->tasks[k];
        task->milestone = m;
        /* Each team gets a third of a milestone's tasks. */
        task->team = (offset[m] + j) % N_TEAMS;
        task->size = rng_range (&r, 0.5, 1.5);
        task->effort_factor = rng_range (&r, EFFORT_MIN, EFFORT_MAX);
        for (int i = 0; i <= MAX_WEEKS; i++)
          task->u[i] = rng_range (&r, -1.0, 1.0);
      }
  for (int w = 0; w < MAX_WEEKS; w++)
    for (int t = 0; t < N_TEAMS; t++)
      p->work[w][t] = rng_range (&r, WORK_VARIATION_MIN, WORK_VARIATION_MAX);
}

/* Planned efforts (each team's tasks fill its load of the plan's weeks, in
 * multiples of 4 hours) and the planned schedule. */
static void
plan (SampleProject *p)
{
  int last = p->days - 1;
  int *queue = g_new (int, p->n_tasks);
  int *effort = g_new (int, p->n_tasks);
  int (*spent)[MAX_WEEKS + 1] = g_malloc_n ((gsize) p->n_tasks, sizeof *spent);
  int *start_week = g_new (int, p->n_tasks);
  int *end_week = g_new (int, p->n_tasks);
  int hours[MAX_WEEKS];

  for (int t = 0; t < N_TEAMS; t++)
    {
      int n = 0;
      double size = 0.0;
      for (int i = 0; i < p->n_tasks; i++)
        if (p->tasks[i].team == t)
          {
            queue[n++] = i;
            size += p->tasks[i].size;
          }
      int capacity = TEAM_PEOPLE[t] * PLAN_HOURS;
      double budget = p->load[t] * capacity * p->plan_weeks;
      for (int i = 0; i < n; i++)
        {
          Task *task = &p->tasks[queue[i]];
          task->planned_effort = 4 * MAX (1, (int) lround (task->size / size * budget / 4.0));
          effort[queue[i]] = task->planned_effort;
        }
      for (int w = 0; w < MAX_WEEKS; w++)
        hours[w] = capacity;
      run_team (queue, n, effort, hours, spent, start_week, end_week);
      for (int i = 0; i < n; i++)
        {
          Task *task = &p->tasks[queue[i]];
          /* The rounding to 4 hours may spill over the plan's last week. */
          int sw = MIN (start_week[i], p->plan_weeks - 1);
          int ew = MIN (end_week[i], p->plan_weeks - 1);
          task->planned_start = p->first + 7 * sw;
          task->planned_end = MIN (p->first + 7 * ew + 4, last);
        }
    }

  p->milestone_planned = g_new0 (int, p->n_milestones);
  for (int i = 0; i < p->n_tasks; i++)
    {
      int m = p->tasks[i].milestone;
      p->milestone_planned[m] = MAX (p->milestone_planned[m], p->tasks[i].planned_end);
    }

  g_free (queue);
  g_free (effort);
  g_free (spent);
  g_free (start_week);
  g_free (end_week);
}

/* The weeks as they really went, and the reports. */
static void
simulate (SampleProject *p)
{
  int last = p->days - 1;
  int *queue = g_new (int, p->n_tasks);
  int *effort = g_new (int, p->n_tasks);
  int (*spent)[MAX_WEEKS + 1] = g_malloc_n ((gsize) p->n_tasks, sizeof *spent);
  int *start_week = g_new (int, p->n_tasks);
  int *end_week = g_new (int, p->n_tasks);
  int hours[MAX_WEEKS];

  for (int i = 0; i < p->n_tasks; i++)
    {
      Task *task = &p->tasks[i];
      double f = task->effort_factor;
      /* The biased team's tasks really take 1 / bias times the honest
       * effort: its first estimates, bias times the truth, look like the
       * plan, and its tasks overrun. */
      if (!p->clean && task->team == BIASED_TEAM)
        f /= p->bias;
      task->effort = MAX (1, (int) lround (task->planned_effort * f));
      effort[i] = task->effort;
    }

  for (int t = 0; t < N_TEAMS; t++)
    {
      int n = 0;
      for (int i = 0; i < p->n_tasks; i++)
        if (p->tasks[i].team == t)
          queue[n++] = i;
      for (int w = 0; w < MAX_WEEKS; w++)
        hours[w] = (int) lround (TEAM_PEOPLE[t] * WORK_HOURS * p->work[w][t]);
      run_team (queue, n, effort, hours, spent, start_week, end_week);
      for (int i = 0; i < n; i++)
        {
          Task *task = &p->tasks[queue[i]];
          memcpy (task->spent, spent[queue[i]], sizeof task->spent);
          task->done_report = end_week[i] >= 0 ? end_week[i] + 1 : MAX_WEEKS + 1;
        }
    }

  /* Estimates.  Each task's reports before it starts, and separately those
   * while it is under way, get errors that cancel out: an honest team's
   * over- and under-estimates balance over a task, whichever of its
   * reports a check looks at, instead of drifting like a random walk. */
  for (int i = 0; i < p->n_tasks; i++)
    {
      Task *task = &p->tasks[i];
      int open = MIN (task->done_report, MAX_WEEKS + 1);
      for (int started = 0; started <= 1; started++)
        {
          double sum_left = 0.0, sum_u = 0.0;
          for (int k = 0; k < open; k++)
            if ((task->spent[k] > 0) == started)
              {
                double left = task->effort - task->spent[k];
                sum_left += left;
                sum_u += left * task->u[k];
              }
          double c = sum_left > 0.0 ? sum_u / sum_left : 0.0;
          for (int k = 0; k < open; k++)
            if ((task->spent[k] > 0) == started)
              {
                double left = task->effort - task->spent[k];
                double x = left * (1.0 + ESTIMATE_NOISE * (task->u[k] - c));
                if (!p->clean && task->team == BIASED_TEAM)
                  x *= p->bias;
                task->estimate[k] = MAX (1, (int) lround (x));
              }
        }
      for (int k = open; k <= MAX_WEEKS; k++)
        task->estimate[k] = 0;
    }

  /* Reports up to the last day, or to the first that shows every task
   * done. */
  int all_done = 0;
  for (int i = 0; i < p->n_tasks; i++)
    all_done = MAX (all_done, p->tasks[i].done_report);
  p->n_reports = MIN ((last - p->first) / 7 + 1, all_done + 1);

  /* A milestone is reached on the Friday of the week its last task was
   * finished, if a report (up to the last day) shows it. */
  p->milestone_actual = g_new (int, p->n_milestones);
  for (int m = 0; m < p->n_milestones; m++)
    {
      int done = 0;
      for (int i = 0; i < p->n_tasks; i++)
        if (p->tasks[i].milestone == m)
          done = MAX (done, p->tasks[i].done_report);
      p->milestone_actual[m] = done < p->n_reports ? p->first + 7 * (done - 1) + 4 : -1;
    }

  g_free (queue);
  g_free (effort);
  g_free (spent);
  g_free (start_week);
  g_free (end_week);
}

SampleProject *
sample_project_new (guint64 seed, const GDate *start, int days, gboolean clean)
{
  SampleProject *p = g_new0 (SampleProject, 1);
  p->start = *start;
  p->days = days;
  p->clean = clean;

  /* The first Monday on or after POS_PROJECT of the range. */
  GDate d = *start;
  int first = (int) (POS_PROJECT * days);
  g_date_add_days (&d, (guint) first);
  p->first = first + (8 - (int) g_date_get_weekday (&d)) % 7;
  p->plan_weeks = CLAMP ((days - p->first) / 7, 1, PLAN_WEEKS);

  draw (p, seed);
  plan (p);
  simulate (p);
  return p;
}

void
sample_project_free (SampleProject *p)
{
  g_free (p->tasks);
  g_free (p->milestone_planned);
  g_free (p->milestone_actual);
  g_free (p);
}

gboolean
sample_project_write (SampleProject *p, const char *outdir, GError **error)
{
  GString *s = g_string_new ("date,project,milestone,team,task,planned_start,"
                             "planned_end,planned_effort,spent,remaining,done\n");
  char date[11], ps[11], pe[11];
  gboolean ok;

  for (int k = 0; k < p->n_reports; k++)
    {
      iso_date (date, &p->start, p->first + 7 * k);
      for (int i = 0; i < p->n_tasks; i++)
        {
          const Task *task = &p->tasks[i];
          gboolean done = k >= task->done_report;
          iso_date (ps, &p->start, task->planned_start);
          iso_date (pe, &p->start, task->planned_end);
          g_string_append_printf (s, "%s," PROJECT_NAME ",M%d,%s,T%02d,%s,%s,%d,%d,%d,%d\n",
                                  date, task->milestone + 1, TEAMS[task->team], i + 1,
                                  ps, pe, task->planned_effort, task->spent[k],
                                  task->estimate[k], done ? 1 : 0);
        }
    }
  p->tasks_rows = (guint64) p->n_reports * (guint64) p->n_tasks;
  p->tasks_bytes = s->len;
  char *path = g_build_filename (outdir, SAMPLE_PROJECT_TASKS_FILE, NULL);
  ok = g_file_set_contents (path, s->str, (gssize) s->len, error);
  g_free (path);
  if (!ok)
    {
      g_string_free (s, TRUE);
      return FALSE;
    }

  g_string_assign (s, "milestone,planned_date,actual_date\n");
  for (int m = 0; m < p->n_milestones; m++)
    {
      iso_date (pe, &p->start, p->milestone_planned[m]);
      if (p->milestone_actual[m] >= 0)
        iso_date (date, &p->start, p->milestone_actual[m]);
      else
        date[0] = '\0';
      g_string_append_printf (s, "M%d,%s,%s\n", m + 1, pe, date);
    }
  p->milestones_rows = (guint64) p->n_milestones;
  p->milestones_bytes = s->len;
  path = g_build_filename (outdir, SAMPLE_PROJECT_MILESTONES_FILE, NULL);
  ok = g_file_set_contents (path, s->str, (gssize) s->len, error);
  g_free (path);
  g_string_free (s, TRUE);
  return ok;
}

void
sample_project_get_tasks_size (const SampleProject *p, guint64 *rows, guint64 *bytes)
{
  *rows = p->tasks_rows;
  *bytes = p->tasks_bytes;
}

void
sample_project_get_milestones_size (const SampleProject *p, guint64 *rows, guint64 *bytes)
{
  *rows = p->milestones_rows;
  *bytes = p->milestones_bytes;
}

void
sample_project_append_anomaly (const SampleProject *p, GString *s)
{
  int reports = 0, estimates = 0, scored = 0, done = 0, n = 0;
  double sum = 0.0, sum_abs = 0.0;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (s,
    "    {\n"
    "      \"id\": \"underestimated_remaining_work\",\n"
    "      \"file\": \"" SAMPLE_PROJECT_TASKS_FILE "\",\n"
    "      \"project\": \"" PROJECT_NAME "\",\n");
  g_string_append_printf (s, "      \"team\": \"%s\",\n", TEAMS[BIASED_TEAM]);
  g_string_append_printf (s, "      \"bias_factor\": %s,\n",
                          g_ascii_formatd (buf, sizeof buf, "%.3f", p->bias));
  g_string_append_printf (s, "      \"effort_factor\": %s,\n",
                          g_ascii_formatd (buf, sizeof buf, "%.3f", 1.0 / p->bias));
  g_string_append (s, "      \"task_ids\": [");
  for (int i = 0; i < p->n_tasks; i++)
    if (p->tasks[i].team == BIASED_TEAM)
      {
        g_string_append_printf (s, "%s\"T%02d\"", n > 0 ? ", " : "", i + 1);
        n++;
        done += p->tasks[i].done_report < p->n_reports;
      }
  g_string_append (s, "],\n");

  /* The tracking signal of the team's estimates whose truth the log shows
   * (tasks done by the last day): errors = work really left - estimate. */
  for (int k = 0; k < p->n_reports; k++)
    {
      gboolean open = FALSE;
      for (int i = 0; i < p->n_tasks; i++)
        {
          const Task *task = &p->tasks[i];
          if (task->team != BIASED_TEAM || k >= task->done_report)
            continue;
          open = TRUE;
          estimates++;
          if (task->done_report >= p->n_reports)
            continue;
          double e = (double) (task->effort - task->spent[k]) - task->estimate[k];
          sum += e;
          sum_abs += fabs (e);
          scored++;
        }
      reports += open;
    }
  g_string_append_printf (s,
    "      \"tasks_done\": %d,\n"
    "      \"weekly_reports\": %d,\n"
    "      \"estimates\": %d,\n"
    "      \"estimates_scored\": %d,\n"
    "      \"tracking_signal\": %s,\n"
    "      \"tracking_signal_errors\": \"work left (spent when done - spent) - remaining, rows with done = 0 of tasks done by the last day\"\n"
    "    }",
    done, reports, estimates, scored,
    sum_abs > 0 ? g_ascii_formatd (buf, sizeof buf, "%.1f", sum / (sum_abs / scored)) : "null");
}
