/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-plan-benchmark.c: an action plan's curve as the reference */

#include "config.h"

#include "kpi.h"
#include "kpi-benchmark-private.h"
#include "kpi-calendar-private.h"

/**
 * KpiPlanBenchmark:
 *
 * A reference that is an action plan's curve ([class@Kpi.Plan]), for an
 * indicator of actual percent complete: the percent planned at the end of
 * the period, or now in the current one. This is how an operational
 * dashboard reads "did project Apollo go as planned?".
 *
 * ## Example
 *
 * ```c
 * // the percent of project Apollo complete, as reported at the end of each month
 * const char *progress_csv = "date,percent\n2025-01-31,30\n2025-02-28,55\n";
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) progress = kpi_dataset_new ("date");
 * g_autoptr(KpiIndicator) complete = kpi_indicator_new ("complete", "max(percent)", NULL);
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) quarter = kpi_calendar_parse_period (calendar, "2025-Q1", NULL);
 * g_autoptr(KpiPeriod) february = kpi_calendar_parse_period (calendar, "2025-02", NULL);
 * g_autoptr(KpiPlan) apollo = kpi_plan_new ("Apollo"); // from nothing to all over the first quarter
 * g_autoptr(KpiBenchmark) plan = NULL;
 * g_autoptr(KpiComparison) comparison = NULL;
 *
 * if (!kpi_dataset_load_data (progress, (const guint8 *) progress_csv, strlen (progress_csv), NULL, &error) ||
 *     !kpi_plan_add_milestone (apollo, kpi_period_get_start (quarter), 0, &error) ||
 *     !kpi_plan_add_milestone (apollo, kpi_period_get_end (quarter), 100, &error))
 *   g_error ("%s", error->message);
 * kpi_indicator_set_dataset (complete, progress);
 * plan = kpi_plan_benchmark_new (apollo);
 * comparison = kpi_benchmark_compare (plan, complete, context, february, &error);
 * if (comparison == NULL)
 *   g_error ("%s", error->message);
 * g_print ("%g %% done, %.1f %% planned\n", kpi_value_get_value (kpi_comparison_get_actual (comparison)),
 *          kpi_value_get_value (kpi_comparison_get_reference (comparison)));
 * ```
 *
 * ```python
 * # the percent of project Apollo complete, as reported at the end of each month
 * progress_csv = "date,percent\n2025-01-31,30\n2025-02-28,55\n"
 * progress = Kpi.Dataset.new("date")
 * progress.load_data(progress_csv.encode(), None)
 * complete = Kpi.Indicator.new("complete", "max(percent)")
 * complete.set_dataset(progress)
 * calendar = Kpi.Calendar.new(None, 1)
 * context = Kpi.Context.new(calendar)
 * quarter, february = calendar.parse_period("2025-Q1"), calendar.parse_period("2025-02")
 * apollo = Kpi.Plan.new("Apollo")  # from nothing to all over the first quarter
 * apollo.add_milestone(quarter.get_start(), 0)
 * apollo.add_milestone(quarter.get_end(), 100)
 * comparison = Kpi.PlanBenchmark.new(apollo).compare(complete, context, february)
 * print(f"{comparison.get_actual().get_value():g} % done, "
 *       f"{comparison.get_reference().get_value():.1f} % planned")
 * ```
 *
 * ```js
 * // the percent of project Apollo complete, as reported at the end of each month
 * const progressCsv = 'date,percent\n2025-01-31,30\n2025-02-28,55\n';
 * const progress = Kpi.Dataset.new('date');
 * progress.load_data(new TextEncoder().encode(progressCsv), null);
 * const complete = Kpi.Indicator.new('complete', 'max(percent)');
 * complete.set_dataset(progress);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * const [quarter, february] = [calendar.parse_period('2025-Q1'), calendar.parse_period('2025-02')];
 * const apollo = Kpi.Plan.new('Apollo'); // from nothing to all over the first quarter
 * apollo.add_milestone(quarter.get_start(), 0);
 * apollo.add_milestone(quarter.get_end(), 100);
 * const comparison = Kpi.PlanBenchmark.new(apollo).compare(complete, context, february);
 * print(`${comparison.get_actual().get_value()} % done, ` +
 *       `${comparison.get_reference().get_value().toFixed(1)} % planned`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiPlanBenchmark
{
  KpiBenchmark  parent_instance;

  KpiPlan      *plan;
};

enum {
  PROP_0,
  PROP_PLAN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiPlanBenchmark, kpi_plan_benchmark, KPI_TYPE_BENCHMARK)

static void
kpi_plan_benchmark_finalize (GObject *object)
{
  g_clear_object (&KPI_PLAN_BENCHMARK (object)->plan);

  G_OBJECT_CLASS (kpi_plan_benchmark_parent_class)->finalize (object);
}

static void
kpi_plan_benchmark_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PLAN:
      g_value_set_object (value, KPI_PLAN_BENCHMARK (object)->plan);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_plan_benchmark_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_PLAN:
      g_set_object (&KPI_PLAN_BENCHMARK (object)->plan, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The planned percent at the end of @period, or now if that is earlier. */
static KpiValue *
kpi_plan_benchmark_evaluate (KpiBenchmark     *benchmark,
                             KpiIndicator     *indicator G_GNUC_UNUSED,
                             KpiContext       *context,
                             const KpiPeriod  *period,
                             GError          **error G_GNUC_UNUSED)
{
  KpiPlanBenchmark *self = KPI_PLAN_BENCHMARK (benchmark);
  gint64 at = MIN (kpi_period_get_end (period),
                   kpi_calendar_get_present (kpi_context_get_calendar (context)));

  if (self->plan == NULL)
    return kpi_value_new_missing (period, 0, KPI_VALUE_FLAG_NO_DATA);
  return kpi_value_new (period, kpi_plan_get_planned_percent (self->plan, at), 0, KPI_VALUE_FLAG_NONE);
}

/* A plan's curve is a level: the part of a period is read at its end. */
static KpiValue *
kpi_plan_benchmark_evaluate_part (KpiBenchmark     *benchmark,
                                  KpiIndicator     *indicator,
                                  KpiContext       *context,
                                  const KpiPeriod  *period G_GNUC_UNUSED,
                                  const KpiPeriod  *part,
                                  char            **detail G_GNUC_UNUSED,
                                  GError          **error)
{
  return kpi_plan_benchmark_evaluate (benchmark, indicator, context, part, error);
}

static char *
kpi_plan_benchmark_describe (KpiBenchmark *benchmark)
{
  KpiPlanBenchmark *self = KPI_PLAN_BENCHMARK (benchmark);
  const char *name = self->plan != NULL ? kpi_plan_get_name (self->plan) : NULL;

  return g_strdup_printf ("plan “%s”", name != NULL ? name : "");
}

static void
kpi_plan_benchmark_class_init (KpiPlanBenchmarkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiBenchmarkClass *benchmark_class = KPI_BENCHMARK_CLASS (klass);

  object_class->finalize = kpi_plan_benchmark_finalize;
  object_class->get_property = kpi_plan_benchmark_get_property;
  object_class->set_property = kpi_plan_benchmark_set_property;
  benchmark_class->evaluate = kpi_plan_benchmark_evaluate;
  benchmark_class->evaluate_part = kpi_plan_benchmark_evaluate_part;
  benchmark_class->describe = kpi_plan_benchmark_describe;

  /**
   * KpiPlanBenchmark:plan:
   *
   * The plan whose curve is the reference.
   *
   * Since: 0.1
   */
  properties[PROP_PLAN] =
    g_param_spec_object ("plan", NULL, NULL, KPI_TYPE_PLAN,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_plan_benchmark_init (KpiPlanBenchmark *self G_GNUC_UNUSED)
{
}

/**
 * kpi_plan_benchmark_new:
 * @plan: the action plan
 *
 * Creates a benchmark of kind %KPI_BENCHMARK_KIND_PLAN that is @plan's
 * planned percent complete at the end of each period (now, in the current
 * one).
 *
 * Returns: (transfer full): a new benchmark
 *
 * Since: 0.1
 */
KpiBenchmark *
kpi_plan_benchmark_new (KpiPlan *plan)
{
  g_return_val_if_fail (KPI_IS_PLAN (plan), NULL);

  return g_object_new (KPI_TYPE_PLAN_BENCHMARK, "kind", KPI_BENCHMARK_KIND_PLAN, "plan", plan, NULL);
}

/**
 * kpi_plan_benchmark_get_plan:
 * @self: a plan benchmark
 *
 * Gets the plan.
 *
 * Returns: (transfer none) (nullable): the plan
 *
 * Since: 0.1
 */
KpiPlan *
kpi_plan_benchmark_get_plan (KpiPlanBenchmark *self)
{
  g_return_val_if_fail (KPI_IS_PLAN_BENCHMARK (self), NULL);
  return self->plan;
}
