/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-plan.c: the planned progress of an action plan, against the actual */

#include "config.h"

#include <math.h>

#include "kpi.h"
#include "kpi-util-private.h"

/**
 * KpiPlan:
 *
 * The planned progress of an action plan, for an operational dashboard
 * ("did project Apollo go as planned?"): milestones saying which percent
 * of the work should be complete by which date, a cumulative curve that is
 * linear between milestones.
 *
 * Dates are instants, as everywhere in the library: #gint64 microseconds
 * since the Unix epoch, UTC (`g_date_time_to_unix (dt) * G_USEC_PER_SEC +
 * g_date_time_get_microsecond (dt)` turns a #GDateTime into one).
 *
 * ```c
 * g_autoptr(KpiPlan) apollo = kpi_plan_new ("Apollo");
 * kpi_plan_add_milestone (apollo, jan_1, 0, &error);
 * kpi_plan_add_milestone (apollo, jan_31, 50, &error);
 * kpi_plan_add_milestone (apollo, mar_31, 100, &error);
 * g_autoptr(KpiPlanProgress) p = kpi_plan_measure_progress (apollo, jan_31, 40, &error);
 * // variance −10 points; 40 % was planned for 25 January: 6 days behind
 * ```
 *
 * Before the first milestone the plan is at 0 %; after the last, at the
 * last milestone's percent.
 *
 * A plan may be read from several threads at once (the progress it
 * measures is an immutable value), but adding milestones must not happen
 * while another thread reads it.
 *
 * ## Example
 *
 * ```c
 * const char * const days[] = { "2025-01-01", "2025-01-31", "2025-03-31" };
 * const double percents[] = { 0, 50, 100 };
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiPlan) apollo = kpi_plan_new ("Apollo");
 * g_autoptr(KpiPlanProgress) progress = NULL;
 *
 * for (guint i = 0; i < G_N_ELEMENTS (days); i++)
 *   {
 *     g_autoptr(KpiPeriod) day = kpi_calendar_parse_period (calendar, days[i], NULL);
 *     if (!kpi_plan_add_milestone (apollo, kpi_period_get_start (day), percents[i], &error))
 *       g_error ("%s", error->message);
 *   }
 * // 40 % done on 31 January, when 50 % was planned
 * progress = kpi_plan_measure_progress (apollo, kpi_plan_get_date_for_percent (apollo, 50), 40, &error);
 * g_print ("%+g points, %+g days\n", kpi_plan_progress_get_variance (progress),
 *          kpi_plan_progress_get_schedule_variance_days (progress));
 * ```
 *
 * ```python
 * calendar = Kpi.Calendar.new(None, 1)
 * apollo = Kpi.Plan.new("Apollo")
 * for day, percent in (("2025-01-01", 0), ("2025-01-31", 50), ("2025-03-31", 100)):
 *     apollo.add_milestone(calendar.parse_period(day).get_start(), percent)
 * # 40 % done on 31 January, when 50 % was planned
 * progress = apollo.measure_progress(apollo.get_date_for_percent(50), 40)
 * print(f"{progress.get_variance():+g} points, {progress.get_schedule_variance_days():+g} days")
 * ```
 *
 * ```js
 * const calendar = Kpi.Calendar.new(null, 1);
 * const apollo = Kpi.Plan.new('Apollo');
 * for (const [day, percent] of [['2025-01-01', 0], ['2025-01-31', 50], ['2025-03-31', 100]])
 *     apollo.add_milestone(calendar.parse_period(day).get_start(), percent);
 * // 40 % done on 31 January, when 50 % was planned
 * const progress = apollo.measure_progress(apollo.get_date_for_percent(50), 40);
 * print(`${progress.get_variance()} points, ${progress.get_schedule_variance_days()} days`);
 * ```
 *
 * Since: 0.1
 */

/**
 * KpiPlanProgress:
 *
 * The actual progress of a plan at a date against the planned progress:
 * the variance in percentage points, and the schedule variance in days
 * (how far ahead or behind the plan the actual progress is). Made by
 * [method@Kpi.Plan.measure_progress]; immutable, it may be shared between
 * threads.
 *
 * ## Example
 *
 * ```c
 * const char * const days[] = { "2025-01-01", "2025-01-31", "2025-03-31" };
 * const double percents[] = { 0, 50, 100 };
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiPlan) apollo = kpi_plan_new ("Apollo");
 * g_autoptr(KpiPlanProgress) progress = NULL;
 *
 * for (guint i = 0; i < G_N_ELEMENTS (days); i++)
 *   {
 *     g_autoptr(KpiPeriod) day = kpi_calendar_parse_period (calendar, days[i], NULL);
 *     if (!kpi_plan_add_milestone (apollo, kpi_period_get_start (day), percents[i], &error))
 *       g_error ("%s", error->message);
 *   }
 * // 40 % done on 31 January, when 50 % was planned
 * progress = kpi_plan_measure_progress (apollo, kpi_plan_get_date_for_percent (apollo, 50), 40, &error);
 * g_print ("%g %% done, %g %% planned: %+g points, %+g days, %s\n",
 *          kpi_plan_progress_get_actual_percent (progress), kpi_plan_progress_get_planned_percent (progress),
 *          kpi_plan_progress_get_variance (progress), kpi_plan_progress_get_schedule_variance_days (progress),
 *          kpi_plan_progress_is_on_schedule (progress) ? "on schedule" : "behind");
 * ```
 *
 * ```python
 * calendar = Kpi.Calendar.new(None, 1)
 * apollo = Kpi.Plan.new("Apollo")
 * for day, percent in (("2025-01-01", 0), ("2025-01-31", 50), ("2025-03-31", 100)):
 *     apollo.add_milestone(calendar.parse_period(day).get_start(), percent)
 * # 40 % done on 31 January, when 50 % was planned
 * progress = apollo.measure_progress(apollo.get_date_for_percent(50), 40)
 * print(f"{progress.get_actual_percent():g} % done, {progress.get_planned_percent():g} % planned: "
 *       f"{progress.get_variance():+g} points, {progress.get_schedule_variance_days():+g} days, "
 *       f"{'on schedule' if progress.is_on_schedule() else 'behind'}")
 * ```
 *
 * ```js
 * const calendar = Kpi.Calendar.new(null, 1);
 * const apollo = Kpi.Plan.new('Apollo');
 * for (const [day, percent] of [['2025-01-01', 0], ['2025-01-31', 50], ['2025-03-31', 100]])
 *     apollo.add_milestone(calendar.parse_period(day).get_start(), percent);
 * // 40 % done on 31 January, when 50 % was planned
 * const progress = apollo.measure_progress(apollo.get_date_for_percent(50), 40);
 * print(`${progress.get_actual_percent()} % done, ${progress.get_planned_percent()} % planned: ` +
 *       `${progress.get_variance()} points, ${progress.get_schedule_variance_days()} days, ` +
 *       (progress.is_on_schedule() ? 'on schedule' : 'behind'));
 * ```
 *
 * Since: 0.1
 */

/**
 * kpi_plan_error_quark:
 *
 * The error domain of plans, %KPI_PLAN_ERROR; its codes are the
 * #KpiPlanError enumeration.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-plan-error-quark, kpi_plan_error)

typedef struct
{
  gint64  date;     /* µs since the epoch, UTC */
  double  percent;
} Milestone;

struct _KpiPlan
{
  GObject  parent_instance;

  char    *name;
  GArray  *milestones;  /* of Milestone */
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_N_MILESTONES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiPlan, kpi_plan, G_TYPE_OBJECT)

struct _KpiPlanProgress
{
  gatomicrefcount  ref_count;
  gint64           date;
  double           planned;
  double           actual;
  double           schedule_variance_days;
};

G_DEFINE_BOXED_TYPE (KpiPlanProgress, kpi_plan_progress,
                     kpi_plan_progress_ref, kpi_plan_progress_unref)

/* An instant for a message: ISO 8601 in UTC ("2026-01-31T00:00:00Z"), or
 * the number of microseconds when it is beyond the years 1..9999. */
static char *
format_instant (gint64 t)
{
  /* 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z, in seconds */
  const gint64 first = G_GINT64_CONSTANT (-62135596800);
  const gint64 end = G_GINT64_CONSTANT (253402300800);
  g_autoptr(GDateTime) epoch = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (t < first * G_USEC_PER_SEC || t >= end * G_USEC_PER_SEC)
    return g_strdup_printf ("%" G_GINT64_FORMAT " µs after the epoch", t);
  epoch = g_date_time_new_from_unix_utc (0);
  dt = g_date_time_add (epoch, t);
  return g_date_time_format_iso8601 (dt);
}

/* b − a in microseconds, as a double: no overflow whatever the instants
 * (exact while the difference is below 2⁵³ µs, some 285 years). */
static double
span (gint64 a,
      gint64 b)
{
  return (double) b - (double) a;
}

static void
kpi_plan_finalize (GObject *object)
{
  KpiPlan *self = KPI_PLAN (object);

  g_free (self->name);
  g_array_unref (self->milestones);

  G_OBJECT_CLASS (kpi_plan_parent_class)->finalize (object);
}

static void
kpi_plan_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  KpiPlan *self = KPI_PLAN (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_N_MILESTONES:
      g_value_set_uint (value, self->milestones->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_plan_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  KpiPlan *self = KPI_PLAN (object);

  switch (prop_id)
    {
    case PROP_NAME:
      kpi_plan_set_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_plan_class_init (KpiPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kpi_plan_finalize;
  object_class->get_property = kpi_plan_get_property;
  object_class->set_property = kpi_plan_set_property;

  /**
   * KpiPlan:name:
   *
   * The name of the plan or project, for people.
   *
   * Since: 0.1
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KpiPlan:n-milestones:
   *
   * The number of milestones.
   *
   * Since: 0.1
   */
  properties[PROP_N_MILESTONES] =
    g_param_spec_uint ("n-milestones", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_plan_init (KpiPlan *self)
{
  self->milestones = g_array_new (FALSE, TRUE, sizeof (Milestone));
}

/**
 * kpi_plan_new:
 * @name: (nullable): the name of the plan
 *
 * Creates a plan without milestones.
 *
 * Returns: (transfer full): a new plan
 *
 * Since: 0.1
 */
KpiPlan *
kpi_plan_new (const char *name)
{
  return g_object_new (KPI_TYPE_PLAN, "name", name, NULL);
}

/**
 * kpi_plan_get_name:
 * @self: a plan
 *
 * Gets [property@Kpi.Plan:name].
 *
 * Returns: (nullable): the name
 *
 * Since: 0.1
 */
const char *
kpi_plan_get_name (KpiPlan *self)
{
  g_return_val_if_fail (KPI_IS_PLAN (self), NULL);

  return self->name;
}

/**
 * kpi_plan_set_name:
 * @self: a plan
 * @name: (nullable): the name
 *
 * Sets [property@Kpi.Plan:name].
 *
 * Since: 0.1
 */
void
kpi_plan_set_name (KpiPlan    *self,
                   const char *name)
{
  g_return_if_fail (KPI_IS_PLAN (self));

  if (kpi_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

/**
 * kpi_plan_add_milestone:
 * @self: a plan
 * @date: when the percent should be reached, in microseconds since the
 *   Unix epoch (UTC)
 * @planned_percent: the percent of the work complete by @date, 0..100
 * @error: return location for a #GError
 *
 * Adds a milestone after the others. Dates must be strictly increasing
 * (%KPI_PLAN_ERROR_DATE_ORDER) and percents within 0..100
 * (%KPI_PLAN_ERROR_PERCENT_RANGE) and never decreasing
 * (%KPI_PLAN_ERROR_PERCENT_DECREASING).
 *
 * Returns: %TRUE when the milestone was added
 *
 * Since: 0.1
 */
gboolean
kpi_plan_add_milestone (KpiPlan    *self,
                        gint64      date,
                        double      planned_percent,
                        GError    **error)
{
  Milestone m;

  g_return_val_if_fail (KPI_IS_PLAN (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(planned_percent >= 0 && planned_percent <= 100))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_set_error (error, KPI_PLAN_ERROR, KPI_PLAN_ERROR_PERCENT_RANGE,
                   "the planned percent %s is not within 0..100: expected a percent of the work complete, from 0 to 100",
                   isnan (planned_percent) ? "(missing)" :
                   isinf (planned_percent) ? "(infinite)" :
                   g_ascii_formatd (buf, sizeof buf, "%g", planned_percent));
      return FALSE;
    }
  if (self->milestones->len > 0)
    {
      const Milestone *last = &g_array_index (self->milestones, Milestone,
                                              self->milestones->len - 1);

      if (date <= last->date)
        {
          g_autofree char *d = format_instant (date);
          g_autofree char *l = format_instant (last->date);

          g_set_error (error, KPI_PLAN_ERROR, KPI_PLAN_ERROR_DATE_ORDER,
                       "the milestone of %s is not after the previous one, of %s: expected milestones in date order", d, l);
          return FALSE;
        }
      if (planned_percent < last->percent)
        {
          char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

          g_set_error (error, KPI_PLAN_ERROR, KPI_PLAN_ERROR_PERCENT_DECREASING,
                       "the planned percent %s is below the previous milestone's, %s: expected percents that never decrease",
                       g_ascii_formatd (a, sizeof a, "%g", planned_percent),
                       g_ascii_formatd (b, sizeof b, "%g", last->percent));
          return FALSE;
        }
    }

  m.date = date;
  m.percent = planned_percent;
  g_array_append_val (self->milestones, m);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MILESTONES]);
  return TRUE;
}

/**
 * kpi_plan_get_n_milestones:
 * @self: a plan
 *
 * Gets the number of milestones.
 *
 * Returns: the number of milestones
 *
 * Since: 0.1
 */
guint
kpi_plan_get_n_milestones (KpiPlan *self)
{
  g_return_val_if_fail (KPI_IS_PLAN (self), 0);

  return self->milestones->len;
}

/**
 * kpi_plan_get_milestone:
 * @self: a plan
 * @i: the index of the milestone, in date order
 * @date: (out) (optional): return location for its date, in microseconds
 *   since the Unix epoch (UTC)
 * @percent: (out) (optional): return location for its planned percent
 *
 * Gets a milestone. @i must be below [method@Kpi.Plan.get_n_milestones].
 *
 * Since: 0.1
 */
void
kpi_plan_get_milestone (KpiPlan    *self,
                        guint       i,
                        gint64     *date,
                        double     *percent)
{
  const Milestone *m;

  g_return_if_fail (KPI_IS_PLAN (self));
  g_return_if_fail (i < self->milestones->len);

  m = &g_array_index (self->milestones, Milestone, i);
  if (date != NULL)
    *date = m->date;
  if (percent != NULL)
    *percent = m->percent;
}

/**
 * kpi_plan_get_planned_percent:
 * @self: a plan
 * @at: an instant, in microseconds since the Unix epoch (UTC)
 *
 * Gets the percent the plan expects complete at @at: linear in time
 * between milestones, 0 before the first milestone, the last milestone's
 * percent after it.
 *
 * Returns: the planned percent, or NaN when the plan has no milestone
 *
 * Since: 0.1
 */
double
kpi_plan_get_planned_percent (KpiPlan *self,
                              gint64   at)
{
  GArray *ms;
  const Milestone *first, *last;

  g_return_val_if_fail (KPI_IS_PLAN (self), NAN);

  ms = self->milestones;
  if (ms->len == 0)
    return NAN;
  first = &g_array_index (ms, Milestone, 0);
  last = &g_array_index (ms, Milestone, ms->len - 1);
  if (at < first->date)
    return 0;
  if (at >= last->date)
    return last->percent;
  for (guint i = 0; i + 1 < ms->len; i++)
    {
      const Milestone *a = &g_array_index (ms, Milestone, i);
      const Milestone *b = &g_array_index (ms, Milestone, i + 1);

      if (at < b->date)
        return a->percent + (b->percent - a->percent) * span (a->date, at) / span (a->date, b->date);
    }
  g_assert_not_reached ();
}

/* The first instant the plan reaches @percent, into @date; FALSE when it
 * never does (KPI_TIME_UNSET could be a milestone's date). */
static gboolean
date_for_percent (KpiPlan *self,
                  double   percent,
                  gint64  *date)
{
  GArray *ms = self->milestones;
  const Milestone *first;

  if (ms->len == 0 || isnan (percent))
    return FALSE;
  first = &g_array_index (ms, Milestone, 0);
  if (percent <= first->percent)
    {
      *date = first->date;
      return TRUE;
    }
  for (guint i = 0; i + 1 < ms->len; i++)
    {
      const Milestone *a = &g_array_index (ms, Milestone, i);
      const Milestone *b = &g_array_index (ms, Milestone, i + 1);

      if (b->percent >= percent)
        {
          /* a->percent < percent <= b->percent: the segment rises. The
           * date is counted from the nearer end, so that the offset is at
           * most half the span and fits in a gint64 whatever the
           * instants. */
          double part = (percent - a->percent) / (b->percent - a->percent);

          if (part <= 0.5)
            *date = a->date + (gint64) round (span (a->date, b->date) * part);
          else
            *date = b->date - (gint64) round (span (a->date, b->date) * (1 - part));
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * kpi_plan_get_date_for_percent:
 * @self: a plan
 * @percent: a percent complete
 *
 * Gets the first date at which the plan reaches @percent: the first
 * milestone's date when @percent is at most its percent, else the date
 * interpolated linearly on the first segment of the curve that reaches it.
 *
 * Returns: the date, in microseconds since the Unix epoch (UTC), or
 *   %KPI_TIME_UNSET when the plan never reaches @percent (or has no
 *   milestone, or @percent is NaN; a plan that reaches @percent at the
 *   first microsecond of 1970 cannot say so here, but
 *   [method@Kpi.Plan.measure_progress] still measures it)
 *
 * Since: 0.1
 */
gint64
kpi_plan_get_date_for_percent (KpiPlan *self,
                               double   percent)
{
  gint64 date;

  g_return_val_if_fail (KPI_IS_PLAN (self), KPI_TIME_UNSET);

  return date_for_percent (self, percent, &date) ? date : KPI_TIME_UNSET;
}

/**
 * kpi_plan_measure_progress:
 * @self: a plan
 * @at: the date of the actual progress, in microseconds since the Unix
 *   epoch (UTC)
 * @actual_percent: the percent actually complete at @at, 0..100
 * @error: return location for a #GError
 *
 * Compares the actual progress at a date with the plan. An
 * @actual_percent that is not a number within 0..100 (as someone may type
 * it) fails with %KPI_PLAN_ERROR_PERCENT_RANGE.
 *
 * Returns: (transfer full): the progress, or %NULL with @error set
 *
 * Since: 0.1
 */
KpiPlanProgress *
kpi_plan_measure_progress (KpiPlan  *self,
                           gint64    at,
                           double    actual_percent,
                           GError  **error)
{
  KpiPlanProgress *p;
  gint64 reached = KPI_TIME_UNSET;

  g_return_val_if_fail (KPI_IS_PLAN (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(actual_percent >= 0 && actual_percent <= 100))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_set_error (error, KPI_PLAN_ERROR, KPI_PLAN_ERROR_PERCENT_RANGE,
                   "the actual percent %s is not within 0..100: expected a "
                   "percent of the work complete, from 0 to 100",
                   isnan (actual_percent) ? "(missing)" :
                   isinf (actual_percent) ? "(infinite)" :
                   g_ascii_formatd (buf, sizeof buf, "%g", actual_percent));
      return NULL;
    }

  p = g_new0 (KpiPlanProgress, 1);
  g_atomic_ref_count_init (&p->ref_count);
  p->date = at;
  p->planned = kpi_plan_get_planned_percent (self, at);
  p->actual = actual_percent;
  p->schedule_variance_days = date_for_percent (self, actual_percent, &reached) ?
    span (at, reached) / G_TIME_SPAN_DAY : NAN;
  return p;
}

/**
 * kpi_plan_progress_ref:
 * @self: a progress
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
KpiPlanProgress *
kpi_plan_progress_ref (KpiPlanProgress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * kpi_plan_progress_unref:
 * @self: (transfer full): a progress
 *
 * Drops a reference to @self, freeing it when it was the last.
 *
 * Since: 0.1
 */
void
kpi_plan_progress_unref (KpiPlanProgress *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    g_free (self);
}

/**
 * kpi_plan_progress_get_date:
 * @self: a progress
 *
 * Gets the date of the actual progress.
 *
 * Returns: the date, in microseconds since the Unix epoch (UTC)
 *
 * Since: 0.1
 */
gint64
kpi_plan_progress_get_date (const KpiPlanProgress *self)
{
  g_return_val_if_fail (self != NULL, KPI_TIME_UNSET);

  return self->date;
}

/**
 * kpi_plan_progress_get_planned_percent:
 * @self: a progress
 *
 * Gets the percent the plan expected complete at the date.
 *
 * Returns: the planned percent, or NaN when the plan has no milestone
 *
 * Since: 0.1
 */
double
kpi_plan_progress_get_planned_percent (const KpiPlanProgress *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->planned;
}

/**
 * kpi_plan_progress_get_actual_percent:
 * @self: a progress
 *
 * Gets the percent actually complete at the date.
 *
 * Returns: the actual percent
 *
 * Since: 0.1
 */
double
kpi_plan_progress_get_actual_percent (const KpiPlanProgress *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->actual;
}

/**
 * kpi_plan_progress_get_variance:
 * @self: a progress
 *
 * Gets actual − planned, in percentage points: negative when behind.
 *
 * Returns: the variance
 *
 * Since: 0.1
 */
double
kpi_plan_progress_get_variance (const KpiPlanProgress *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->actual - self->planned;
}

/**
 * kpi_plan_progress_get_schedule_variance_days:
 * @self: a progress
 *
 * Gets the schedule variance in days: the date at which the plan reaches
 * the actual percent minus the date of the progress. Positive when ahead
 * of schedule (the plan only gets there later), negative when behind.
 *
 * Returns: the schedule variance in days, or NaN when the plan never
 *   reaches the actual percent
 *
 * Since: 0.1
 */
double
kpi_plan_progress_get_schedule_variance_days (const KpiPlanProgress *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->schedule_variance_days;
}

/**
 * kpi_plan_progress_is_on_schedule:
 * @self: a progress
 *
 * Whether the actual progress is at least the planned progress.
 *
 * Returns: %TRUE when on (or ahead of) schedule
 *
 * Since: 0.1
 */
gboolean
kpi_plan_progress_is_on_schedule (const KpiPlanProgress *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->actual >= self->planned;
}
