/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-report-row.c: one indicator of a report, and a budget dashboard's
 * month against its budget */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-report-private.h"
#include "kpi-util-private.h"

/**
 * KpiReportRow:
 *
 * One item of a [class@Kpi.Report]: the indicator's value for the period
 * and what it is compared with, its sparkline, trend, breakdowns, quality
 * and, on a budget dashboard, its budget lines and landing. Its properties
 * are read-only, for a list view to bind.
 *
 * ## Example
 *
 * ```c
 * const char *document =
 *   "{\"version\": 1, \"datasets\": [{\"name\": \"orders\", \"path\": \"orders.csv\"}],"
 *   " \"indicators\": [{\"id\": \"revenue\", \"dataset\": \"orders\", \"formula\": \"sum(amount)\"}],"
 *   " \"benchmarks\": [{\"name\": \"revenue_target\", \"kind\": \"target\", \"value\": 250}],"
 *   " \"dashboards\": [{\"id\": \"sales\", \"type\": \"strategic\", \"indicators\":"
 *   "   [{\"indicator\": \"revenue\", \"perspective\": \"financial\", \"target\": \"revenue_target\"}]}]}";
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDefinitions) definitions = kpi_definitions_new (NULL);
 * g_autoptr(KpiPeriod) february = NULL;
 * g_autoptr(KpiReport) report = NULL;
 * g_autoptr(KpiReportRow) row = NULL;
 *
 * if (!kpi_definitions_load_data (definitions, document, -1, NULL, NULL, &error))
 *   g_error ("%s", error->message);
 * february = kpi_calendar_parse_period (kpi_definitions_get_calendar (definitions), "2025-02", NULL);
 * report = kpi_dashboard_evaluate (kpi_definitions_lookup_dashboard (definitions, "sales"),
 *                                  definitions, february, NULL, &error);
 * if (report == NULL)
 *   g_error ("%s", error->message);
 * // the revenue row: its value, its target's status and the previous months
 * row = g_list_model_get_item (G_LIST_MODEL (report), 0);
 * g_print ("%s (%s): %g, %s, %u months in the sparkline\n",
 *          kpi_report_row_get_title (row), kpi_report_row_get_perspective (row),
 *          kpi_value_get_value (kpi_report_row_get_value (row)),
 *          kpi_status_to_string (kpi_report_row_get_status (row)),
 *          kpi_report_row_get_sparkline (row)->len);
 * ```
 *
 * ```python
 * document = """{"version": 1, "datasets": [{"name": "orders", "path": "orders.csv"}],
 *   "indicators": [{"id": "revenue", "dataset": "orders", "formula": "sum(amount)"}],
 *   "benchmarks": [{"name": "revenue_target", "kind": "target", "value": 250}],
 *   "dashboards": [{"id": "sales", "type": "strategic", "indicators":
 *     [{"indicator": "revenue", "perspective": "financial", "target": "revenue_target"}]}]}"""
 * definitions = Kpi.Definitions.new(None)
 * definitions.load_data(document.encode(), None, None)
 * february = definitions.get_calendar().parse_period("2025-02")
 * report = definitions.lookup_dashboard("sales").evaluate(definitions, february)
 * # the revenue row: its value, its target's status and the previous months
 * row = report[0]
 * print(f"{row.get_title()} ({row.get_perspective()}): {row.get_value().get_value()}, "
 *       f"{Kpi.status_to_string(row.get_status())}, {len(row.get_sparkline())} months in the sparkline")
 * ```
 *
 * ```js
 * const document = JSON.stringify({
 *     version: 1,
 *     datasets: [{name: 'orders', path: 'orders.csv'}],
 *     indicators: [{id: 'revenue', dataset: 'orders', formula: 'sum(amount)'}],
 *     benchmarks: [{name: 'revenue_target', kind: 'target', value: 250}],
 *     dashboards: [{id: 'sales', type: 'strategic', indicators: [
 *         {indicator: 'revenue', perspective: 'financial', target: 'revenue_target'}]}],
 * });
 * const definitions = Kpi.Definitions.new(null);
 * definitions.load_data(new TextEncoder().encode(document), null, null);
 * const february = definitions.get_calendar().parse_period('2025-02');
 * const report = definitions.lookup_dashboard('sales').evaluate(definitions, february, null);
 * // the revenue row: its value, its target's status and the previous months
 * const row = report.get_item(0);
 * print(`${row.get_title()} (${row.get_perspective()}): ${row.get_value().get_value()}, ` +
 *       `${Kpi.status_to_string(row.get_status())}, ${row.get_sparkline().length} months in the sparkline`);
 * ```
 *
 * Since: 0.1
 */

/* ------------------------------------------------------------------------ */
/* KpiBudgetLine */

struct _KpiBudgetLine
{
  gatomicrefcount  ref_count;
  KpiPeriod       *period;
  double           budget;
  double           actual;
  double           relative_variance;
  double           ytd_budget;
  double           ytd_actual;
  KpiClosure       closure;
};

G_DEFINE_BOXED_TYPE (KpiBudgetLine, kpi_budget_line, kpi_budget_line_ref, kpi_budget_line_unref)

KpiBudgetLine *
kpi_report_budget_line_new (const KpiPeriod *period,
                            double           budget,
                            double           actual,
                            double           relative_variance,
                            double           ytd_budget,
                            double           ytd_actual,
                            KpiClosure       closure)
{
  KpiBudgetLine *self = g_new0 (KpiBudgetLine, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->period = kpi_period_copy (period);
  self->budget = budget;
  self->actual = actual;
  self->relative_variance = relative_variance;
  self->ytd_budget = ytd_budget;
  self->ytd_actual = ytd_actual;
  self->closure = closure;
  return self;
}

/**
 * kpi_budget_line_ref:
 * @self: a budget line
 *
 * Acquires a reference on a budget line.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
KpiBudgetLine *
kpi_budget_line_ref (KpiBudgetLine *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * kpi_budget_line_unref:
 * @self: (transfer full): a budget line
 *
 * Drops a reference.
 *
 * Since: 0.1
 */
void
kpi_budget_line_unref (KpiBudgetLine *self)
{
  g_return_if_fail (self != NULL);
  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      kpi_period_free (self->period);
      g_free (self);
    }
}

/**
 * kpi_budget_line_get_period:
 * @self: a budget line
 *
 * Gets the month (to date when it is not over).
 *
 * Returns: (transfer none): the month (to date when it is not over)
 *
 * Since: 0.1
 */
const KpiPeriod *
kpi_budget_line_get_period (KpiBudgetLine *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->period;
}

/**
 * kpi_budget_line_get_budget:
 * @self: a budget line
 *
 * Gets the budget of the month, pro-rated to date when the month is not over.
 *
 * Returns: the budget of the month, pro-rated to date when the month is
 *   not over; NaN when missing
 *
 * Since: 0.1
 */
double
kpi_budget_line_get_budget (KpiBudgetLine *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->budget;
}

/**
 * kpi_budget_line_get_actual:
 * @self: a budget line
 *
 * Gets the actual value of the month (to date).
 *
 * Returns: the actual value of the month (to date); NaN when missing
 *
 * Since: 0.1
 */
double
kpi_budget_line_get_actual (KpiBudgetLine *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->actual;
}

/**
 * kpi_budget_line_get_variance:
 * @self: a budget line
 *
 * Gets the variance of the month: actual minus budget.
 *
 * Returns: actual minus budget; NaN when either is missing
 *
 * Since: 0.1
 */
double
kpi_budget_line_get_variance (KpiBudgetLine *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->actual - self->budget;
}

/**
 * kpi_budget_line_get_relative_variance:
 * @self: a budget line
 *
 * Gets the variance over the absolute budget ([method@Kpi.Comparison.get_relative_change]).
 *
 * Returns: the variance over the absolute budget
 *   ([method@Kpi.Comparison.get_relative_change]); NaN when undefined
 *
 * Since: 0.1
 */
double
kpi_budget_line_get_relative_variance (KpiBudgetLine *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->relative_variance;
}

/**
 * kpi_budget_line_get_ytd_budget:
 * @self: a budget line
 *
 * Gets the budget from the start of the year to the end of the month (the sum of the lines so far).
 *
 * Returns: the budget from the start of the year to the end of the month
 *   (the sum of the lines so far); NaN when one is missing
 *
 * Since: 0.1
 */
double
kpi_budget_line_get_ytd_budget (KpiBudgetLine *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->ytd_budget;
}

/**
 * kpi_budget_line_get_ytd_actual:
 * @self: a budget line
 *
 * Gets the actual from the start of the year to the end of the month (the sum of the lines so far).
 *
 * Returns: the actual from the start of the year to the end of the month
 *   (the sum of the lines so far); NaN when one is missing
 *
 * Since: 0.1
 */
double
kpi_budget_line_get_ytd_actual (KpiBudgetLine *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->ytd_actual;
}

/**
 * kpi_budget_line_get_ytd_variance:
 * @self: a budget line
 *
 * Gets the year-to-date actual minus the year-to-date budget.
 *
 * Returns: the year-to-date actual minus the year-to-date budget
 *
 * Since: 0.1
 */
double
kpi_budget_line_get_ytd_variance (KpiBudgetLine *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->ytd_actual - self->ytd_budget;
}

/**
 * kpi_budget_line_get_closure:
 * @self: a budget line
 *
 * Gets whether the month's figures are final ([method@Kpi.Value.get_closure]).
 *
 * Returns: whether the month's figures are final ([method@Kpi.Value.get_closure])
 *
 * Since: 0.1
 */
KpiClosure
kpi_budget_line_get_closure (KpiBudgetLine *self)
{
  g_return_val_if_fail (self != NULL, KPI_CLOSURE_UNKNOWN);
  return self->closure;
}

/* ------------------------------------------------------------------------ */
/* KpiReportRow */


enum {
  ROW_PROP_0,
  ROW_PROP_INDICATOR,
  ROW_PROP_ITEM,
  ROW_PROP_TITLE,
  ROW_PROP_PERSPECTIVE,
  ROW_PROP_VALUE,
  ROW_PROP_TARGET,
  ROW_PROP_STATUS,
  ROW_PROP_SCORE,
  ROW_PROP_TREND,
  ROW_PROP_QUALITY,
  ROW_PROP_CONFIDENCE,
  ROW_PROP_PROJECTION,
  ROW_PROP_LANDING,
  ROW_N_PROPS
};

static GParamSpec *row_properties[ROW_N_PROPS];

G_DEFINE_FINAL_TYPE (KpiReportRow, kpi_report_row, G_TYPE_OBJECT)

static void
kpi_report_row_finalize (GObject *object)
{
  KpiReportRow *self = KPI_REPORT_ROW (object);

  g_clear_object (&self->indicator);
  g_clear_object (&self->item);
  g_free (self->title);
  g_free (self->perspective);
  g_clear_pointer (&self->value, kpi_value_unref);
  g_clear_pointer (&self->target, kpi_comparison_unref);
  g_free (self->target_name);
  g_ptr_array_unref (self->comparisons);
  g_ptr_array_unref (self->comparison_names);
  g_clear_pointer (&self->trend, kpi_trend_unref);
  g_ptr_array_unref (self->sparkline);
  g_ptr_array_unref (self->dimensions);
  g_ptr_array_unref (self->breakdowns);
  g_ptr_array_unref (self->budget_lines);
  g_clear_pointer (&self->landing, kpi_landing_unref);
  g_ptr_array_unref (self->notes);
  g_ptr_array_unref (self->alerts);

  G_OBJECT_CLASS (kpi_report_row_parent_class)->finalize (object);
}

static void
kpi_report_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KpiReportRow *self = KPI_REPORT_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_INDICATOR:
      g_value_set_object (value, self->indicator);
      break;
    case ROW_PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    case ROW_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case ROW_PROP_PERSPECTIVE:
      g_value_set_string (value, self->perspective);
      break;
    case ROW_PROP_VALUE:
      g_value_set_boxed (value, self->value);
      break;
    case ROW_PROP_TARGET:
      g_value_set_boxed (value, self->target);
      break;
    case ROW_PROP_STATUS:
      g_value_set_enum (value, kpi_report_row_get_status (self));
      break;
    case ROW_PROP_SCORE:
      g_value_set_double (value, kpi_report_row_get_score (self));
      break;
    case ROW_PROP_TREND:
      g_value_set_boxed (value, self->trend);
      break;
    case ROW_PROP_QUALITY:
      g_value_set_enum (value, kpi_report_row_get_quality (self));
      break;
    case ROW_PROP_CONFIDENCE:
      g_value_set_double (value, kpi_report_row_get_confidence (self));
      break;
    case ROW_PROP_PROJECTION:
      g_value_set_double (value, self->projection);
      break;
    case ROW_PROP_LANDING:
      g_value_set_boxed (value, self->landing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_report_row_class_init (KpiReportRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_report_row_finalize;
  object_class->get_property = kpi_report_row_get_property;

  /**
   * KpiReportRow:indicator:
   *
   * The indicator of the row.
   *
   * Since: 0.1
   */
  row_properties[ROW_PROP_INDICATOR] =
    g_param_spec_object ("indicator", NULL, NULL, KPI_TYPE_INDICATOR, ro);
  /**
   * KpiReportRow:item:
   *
   * The item of the dashboard the row is for.
   *
   * Since: 0.1
   */
  row_properties[ROW_PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, KPI_TYPE_DASHBOARD_ITEM, ro);
  /**
   * KpiReportRow:title:
   *
   * The indicator's title, or its id when it has none.
   *
   * Since: 0.1
   */
  row_properties[ROW_PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  /**
   * KpiReportRow:perspective:
   *
   * The item's perspective, or %NULL.
   *
   * Since: 0.1
   */
  row_properties[ROW_PROP_PERSPECTIVE] =
    g_param_spec_string ("perspective", NULL, NULL, NULL, ro);
  /**
   * KpiReportRow:value:
   *
   * The value for the period (to date), annotated by the checks.
   *
   * Since: 0.1
   */
  row_properties[ROW_PROP_VALUE] =
    g_param_spec_boxed ("value", NULL, NULL, KPI_TYPE_VALUE, ro);
  /**
   * KpiReportRow:target:
   *
   * The comparison with the item's target (or budget), or %NULL.
   *
   * Since: 0.1
   */
  row_properties[ROW_PROP_TARGET] =
    g_param_spec_boxed ("target", NULL, NULL, KPI_TYPE_COMPARISON, ro);
  /**
   * KpiReportRow:status:
   *
   * The target comparison's status.
   *
   * Since: 0.1
   */
  row_properties[ROW_PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, KPI_TYPE_STATUS, KPI_STATUS_UNKNOWN, ro);
  /**
   * KpiReportRow:score:
   *
   * The target comparison's score, -1 to 1, NaN without one.
   *
   * Since: 0.1
   */
  row_properties[ROW_PROP_SCORE] = kpi_param_spec_nan_double ("score", NAN, ro);
  /**
   * KpiReportRow:trend:
   *
   * The trend of the sparkline's periods that are over, or %NULL.
   *
   * Since: 0.1
   */
  row_properties[ROW_PROP_TREND] =
    g_param_spec_boxed ("trend", NULL, NULL, KPI_TYPE_TREND, ro);
  /**
   * KpiReportRow:quality:
   *
   * The value's quality.
   *
   * Since: 0.1
   */
  row_properties[ROW_PROP_QUALITY] =
    g_param_spec_enum ("quality", NULL, NULL, KPI_TYPE_QUALITY, KPI_QUALITY_UNCHECKED, ro);
  /**
   * KpiReportRow:confidence:
   *
   * The value's confidence, 0 to 1.
   *
   * Since: 0.1
   */
  row_properties[ROW_PROP_CONFIDENCE] =
    g_param_spec_double ("confidence", NULL, NULL, 0, 1, 1, ro);
  /**
   * KpiReportRow:projection:
   *
   * The projected end of a period not over, else NaN.
   *
   * Since: 0.1
   */
  row_properties[ROW_PROP_PROJECTION] = kpi_param_spec_nan_double ("projection", NAN, ro);
  /**
   * KpiReportRow:landing:
   *
   * The year's landing (budget dashboards), or %NULL.
   *
   * Since: 0.1
   */
  row_properties[ROW_PROP_LANDING] =
    g_param_spec_boxed ("landing", NULL, NULL, KPI_TYPE_LANDING, ro);

  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
kpi_report_row_init (KpiReportRow *self)
{
  self->comparisons = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_comparison_unref);
  self->comparison_names = g_ptr_array_new_with_free_func (g_free);
  self->sparkline = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_value_unref);
  self->dimensions = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  self->breakdowns = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->budget_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_budget_line_unref);
  self->notes = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  self->alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_alert_unref);
  self->projection = NAN;
}

/* A programming error (a critical) returns NULL without a GError. */
const char *
kpi_report_message_of (const GError *error)
{
  return error != NULL ? error->message : "internal error";
}

void
kpi_report_row_note (KpiReportRow *self,
                     const char   *format,
                     ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

/**
 * kpi_report_row_get_indicator:
 * @self: a row
 *
 * Gets the indicator.
 *
 * Returns: (transfer none): the indicator
 *
 * Since: 0.1
 */
KpiIndicator *
kpi_report_row_get_indicator (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NULL);
  return self->indicator;
}

/**
 * kpi_report_row_get_item:
 * @self: a row
 *
 * Gets the dashboard's item.
 *
 * Returns: (transfer none): the dashboard's item
 *
 * Since: 0.1
 */
KpiDashboardItem *
kpi_report_row_get_item (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NULL);
  return self->item;
}

/**
 * kpi_report_row_get_title:
 * @self: a row
 *
 * Gets the indicator's title, else its id.
 *
 * Returns: the indicator's title, else its id
 *
 * Since: 0.1
 */
const char *
kpi_report_row_get_title (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NULL);
  return self->title;
}

/**
 * kpi_report_row_get_perspective:
 * @self: a row
 *
 * Gets the item's perspective.
 *
 * Returns: (nullable): the item's perspective
 *
 * Since: 0.1
 */
const char *
kpi_report_row_get_perspective (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NULL);
  return self->perspective;
}

/**
 * kpi_report_row_get_value:
 * @self: a row
 *
 * Gets the value for the report's period (to date when it is not over),
 * annotated by the checks; missing, with a note, when the indicator could
 * not be evaluated.
 *
 * Returns: (transfer none): the value
 *
 * Since: 0.1
 */
KpiValue *
kpi_report_row_get_value (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NULL);
  return self->value;
}

/**
 * kpi_report_row_get_target:
 * @self: a row
 *
 * Gets the comparison with the item's target.
 *
 * Returns: (transfer none) (nullable): the comparison with the item's
 *   target (on a budget dashboard its budget), or %NULL without one
 *
 * Since: 0.1
 */
KpiComparison *
kpi_report_row_get_target (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NULL);
  return self->target;
}

/**
 * kpi_report_row_get_comparisons:
 * @self: a row
 *
 * Gets the comparisons with the item's comparison benchmarks, in the
 * item's order (like for like when the period is not over). A comparison
 * that could not be made is left out, with a note.
 *
 * Returns: (transfer none) (element-type KpiComparison): the comparisons
 *
 * Since: 0.1
 */
GPtrArray *
kpi_report_row_get_comparisons (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NULL);
  return self->comparisons;
}

/**
 * kpi_report_row_get_status:
 * @self: a row
 *
 * Gets the target comparison's status, %KPI_STATUS_UNKNOWN without a target.
 *
 * Returns: the target comparison's status, %KPI_STATUS_UNKNOWN without a
 *   target
 *
 * Since: 0.1
 */
KpiStatus
kpi_report_row_get_status (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), KPI_STATUS_UNKNOWN);
  return self->target != NULL ? kpi_comparison_get_status (self->target) : KPI_STATUS_UNKNOWN;
}

/**
 * kpi_report_row_get_score:
 * @self: a row
 *
 * Gets the target comparison's score, -1 to 1 ([method@Kpi.Comparison.get_score]).
 *
 * Returns: the target comparison's score, -1 to 1
 *   ([method@Kpi.Comparison.get_score]); NaN without one
 *
 * Since: 0.1
 */
double
kpi_report_row_get_score (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NAN);
  return self->target != NULL ? kpi_comparison_get_score (self->target) : NAN;
}

/**
 * kpi_report_row_get_trend:
 * @self: a row
 *
 * Gets the trend of the row's sparkline.
 *
 * Returns: (transfer none) (nullable): the trend of the sparkline's
 *   periods that are over, or %NULL with fewer than 3 values
 *
 * Since: 0.1
 */
KpiTrend *
kpi_report_row_get_trend (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NULL);
  return self->trend;
}

/**
 * kpi_report_row_get_sparkline:
 * @self: a row
 *
 * Gets the values of the dashboard's [property@Kpi.Dashboard:history]
 * periods ending with the report's period, oldest first, annotated; the
 * last is the row's value.
 *
 * Returns: (transfer none) (element-type KpiValue): the values
 *
 * Since: 0.1
 */
GPtrArray *
kpi_report_row_get_sparkline (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NULL);
  return self->sparkline;
}

/**
 * kpi_report_row_get_quality:
 * @self: a row
 *
 * Gets the value's quality.
 *
 * Returns: the value's quality
 *
 * Since: 0.1
 */
KpiQuality
kpi_report_row_get_quality (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), KPI_QUALITY_UNCHECKED);
  return kpi_value_get_quality (self->value);
}

/**
 * kpi_report_row_get_confidence:
 * @self: a row
 *
 * Gets the value's confidence, 0 to 1.
 *
 * Returns: the value's confidence, 0 to 1
 *
 * Since: 0.1
 */
double
kpi_report_row_get_confidence (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NAN);
  return kpi_value_get_confidence (self->value);
}

/**
 * kpi_report_row_list_breakdowns:
 * @self: a row
 *
 * Lists the dimensions the row's value is broken down by.
 *
 * Returns: (transfer full): the dimensions the value is broken down by
 *
 * Since: 0.1
 */
char **
kpi_report_row_list_breakdowns (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NULL);
  /* an empty NULL-terminated GPtrArray may have no pdata (GLib 2.74) */
  if (self->dimensions->pdata == NULL)
    return g_new0 (char *, 1);
  return g_strdupv ((char **) self->dimensions->pdata);
}

/**
 * kpi_report_row_get_breakdown:
 * @self: a row
 * @dimension: a dimension of [method@Kpi.ReportRow.list_breakdowns]
 *
 * Gets the breakdown of the row's value by a dimension.
 *
 * Returns: (transfer none) (nullable) (element-type KpiValue): the value of
 *   each of the 5 largest groups, then of the others together, annotated;
 *   %NULL for a dimension the row is not broken down by
 *
 * Since: 0.1
 */
GPtrArray *
kpi_report_row_get_breakdown (KpiReportRow *self,
                              const char   *dimension)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NULL);
  g_return_val_if_fail (dimension != NULL, NULL);

  for (guint i = 0; i < self->breakdowns->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->dimensions, i), dimension) == 0)
      return g_ptr_array_index (self->breakdowns, i);
  return NULL;
}

/**
 * kpi_report_row_get_projection:
 * @self: a row
 *
 * Gets the projected value at the end of a period that is not over: the
 * value to date over the share of the period elapsed (by the target's
 * phasing, else evenly).
 *
 * Returns: the projection; NaN when the period is over, for an indicator
 *   that does not add up over time (a rate, a ratio, a level) and when the
 *   value is missing
 *
 * Since: 0.1
 */
double
kpi_report_row_get_projection (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NAN);
  return self->projection;
}

/**
 * kpi_report_row_get_budget_lines:
 * @self: a row
 *
 * Gets the monthly budget lines of the row.
 *
 * Returns: (transfer none) (element-type KpiBudgetLine): the months of
 *   the year up to the period, on a budget dashboard for an item with a
 *   budget; empty otherwise
 *
 * Since: 0.1
 */
GPtrArray *
kpi_report_row_get_budget_lines (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NULL);
  return self->budget_lines;
}

/**
 * kpi_report_row_get_landing:
 * @self: a row
 *
 * Gets where the year will land against the budget.
 *
 * Returns: (transfer none) (nullable): where the year will land against
 *   the budget, on a budget dashboard for an item with a budget
 *
 * Since: 0.1
 */
KpiLanding *
kpi_report_row_get_landing (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NULL);
  return self->landing;
}

/**
 * kpi_report_row_get_notes:
 * @self: a row
 *
 * Gets what the row could not show, in sentences: an evaluation that
 * failed, a dimension the indicator's dataset does not have, a comparison
 * or landing that could not be made.
 *
 * Returns: (transfer none) (array zero-terminated=1): the notes, empty
 *   when there is nothing to say
 *
 * Since: 0.1
 */
const char * const *
kpi_report_row_get_notes (KpiReportRow *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NULL);
  /* an empty NULL-terminated GPtrArray may have no pdata (GLib 2.74) */
  if (self->notes->pdata == NULL)
    return none;
  return (const char * const *) self->notes->pdata;
}

const char *
kpi_report_row_get_target_name (KpiReportRow *self)
{
  return self->target_name;
}

const char *
kpi_report_row_get_comparison_name (KpiReportRow *self,
                                    guint         index)
{
  g_return_val_if_fail (index < self->comparison_names->len, NULL);
  return g_ptr_array_index (self->comparison_names, index);
}

