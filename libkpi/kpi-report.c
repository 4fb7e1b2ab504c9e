/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-report.c: a dashboard evaluated for a period, row by row */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-benchmark-private.h"
#include "kpi-calendar-private.h"
#include "kpi-indicator-private.h"
#include "kpi-report-private.h"
#include "kpi-util-private.h"

/**
 * KpiReport:
 *
 * A [class@Kpi.Dashboard] evaluated for one period: a
 * [iface@Gio.ListModel] of [class@Kpi.ReportRow]s, one per item of the
 * dashboard in its order, with what the whole dashboard says: when it was
 * made ([method@Kpi.Report.get_as_of]) and how recent the data was
 * ([method@Kpi.Report.get_data_as_of]), the worst quality and the lowest
 * confidence of its values, and the scores of a balanced scorecard.
 *
 * [method@Kpi.Dashboard.evaluate] makes it. For each item it:
 *
 * - resolves the indicator and the benchmarks through the
 *   [class@Kpi.Definitions] (an unknown name is an error naming the
 *   dashboard and the item: nothing is evaluated);
 * - evaluates the indicator for the period. The period is the one given,
 *   or the current one to date: the period of the first item's indicator's
 *   granularity that contains the calendar's [property@Kpi.Calendar:now]
 *   (the real clock when it is 0), evaluated from its start to now
 *   ([method@Kpi.Calendar.to_date]). Every item is evaluated for that one
 *   period, whatever its indicator's granularity. A period that is not
 *   over is evaluated to date, and compared like for like (see
 *   [class@Kpi.Benchmark]);
 * - annotates the value, the sparkline and the breakdowns with the
 *   findings of the definitions' checks ([method@Kpi.CheckSuite.annotate]),
 *   which run once per evaluation, before the first item;
 * - compares the value with the item's target (on a budget dashboard, its
 *   budget when it has one) and with each of its comparison benchmarks
 *   ([method@Kpi.Benchmark.compare]). When the item has a
 *   [class@Kpi.ComparisonPolicy] of its own, the comparison is made again
 *   from the same actual and reference with [ctor@Kpi.Comparison.new] and
 *   the item's policy (the benchmarks judge by the indicator's policy): the
 *   small-base test the benchmark made is kept unless the item's policy
 *   sets a small base of its own;
 * - takes the row's status and score from the target comparison;
 * - evaluates the sparkline, the [property@Kpi.Dashboard:history] periods
 *   ending with the period (its last value is the period's, to date), and
 *   the trend of those of them that are over
 *   ([func@Kpi.Trend.analyze_values]; none with fewer than 3 values, and a
 *   trend that cannot be computed does not fail the report);
 * - breaks the value down by the item's dimensions (the dashboard's when
 *   the item has none): the 5 largest groups and the others together. A
 *   dimension the indicator's dataset does not have is skipped, and the
 *   row's notes say so;
 * - for a period not over, projects its end: the value to date divided by
 *   the share of the period elapsed, by the target's phasing (evenly
 *   without a target or phasing). Only for indicators that add up over
 *   time ([method@Kpi.Formula.is_additive]) and are not rates: a level or
 *   a ratio to date is already the best guess of its end, and its
 *   projection is NaN;
 * - on a budget dashboard, for an item with a budget: one
 *   [struct@Kpi.BudgetLine] per month of the year (fiscal year when the
 *   calendar's starts in another month than January) up to the period,
 *   and the year's landing ([func@Kpi.Landing.compute], with the budget
 *   and a default [class@Kpi.Forecaster]).
 *
 * When the dashboard has a conversion funnel
 * ([property@Kpi.Dashboard:funnel]), the report counts its stages for the
 * period (to date when it is not over) on the dashboard's
 * [property@Kpi.Dashboard:funnel-basis] ([method@Kpi.Report.get_funnel]).
 *
 * An indicator whose evaluation fails (a dataset that cannot be read, a
 * formula naming a missing column) gets a missing value and a note
 * ([method@Kpi.ReportRow.get_notes]): the rest of the report is made.
 *
 * ## Strategic scores
 *
 * Each row with a target has a score from -1 to 1
 * ([method@Kpi.Comparison.get_score]); a row without a score (no target,
 * a missing value) is left out, not counted as 0. The score of a
 * perspective `p` is the weighted mean of the scores of its scored rows:
 *
 *     score(p) = Σ w_i s_i / Σ w_i   over the scored rows i of p
 *
 * with `n_scored` and `n_missing` (its rows without a score) beside it; NaN
 * when none of its rows is scored. The overall score is the mean of the
 * perspectives' scores weighted by the sum of the weights of all their
 * rows, scored or not (so that a perspective keeps the weight the
 * dashboard gave it when a value is missing):
 *
 *     score = Σ W_p score(p) / Σ W_p   over the perspectives with a score,
 *     W_p = Σ w_i over the rows of p
 *
 * Rows whose perspective the dashboard does not list count in no
 * perspective. A dashboard without perspectives (budget, operational)
 * scores the weighted mean of all its scored rows.
 *
 * A report is immutable once made and may be read from any thread.
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
 * g_autofree char *text = NULL;
 *
 * if (!kpi_definitions_load_data (definitions, document, -1, NULL, NULL, &error))
 *   g_error ("%s", error->message);
 * february = kpi_calendar_parse_period (kpi_definitions_get_calendar (definitions), "2025-02", NULL);
 * report = kpi_dashboard_evaluate (kpi_definitions_lookup_dashboard (definitions, "sales"),
 *                                  definitions, february, NULL, &error);
 * if (report == NULL)
 *   g_error ("%s", error->message);
 * for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (report)); i++)
 *   {
 *     g_autoptr(KpiReportRow) row = g_list_model_get_item (G_LIST_MODEL (report), i);
 *     g_print ("%s: %g, score %g\n", kpi_report_row_get_title (row),
 *              kpi_value_get_value (kpi_report_row_get_value (row)), kpi_report_row_get_score (row));
 *   }
 * text = kpi_report_to_text (report, KPI_TEXT_NONE);
 * g_print ("%s", text);
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
 * for row in report:
 *     print(f"{row.get_title()}: {row.get_value().get_value()}, score {row.get_score()}")
 * print(report.to_text(Kpi.TextFlags.NONE))
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
 * for (let i = 0; i < report.get_n_items(); i++) {
 *     const row = report.get_item(i);
 *     print(`${row.get_title()}: ${row.get_value().get_value()}, score ${row.get_score()}`);
 * }
 * print(report.to_text(Kpi.TextFlags.NONE));
 * ```
 *
 * Since: 0.1
 */

/* ------------------------------------------------------------------------ */
/* KpiReport */

typedef struct
{
  char   *name;
  double  score;
  double  weight;     /* of all its rows */
  guint   n_scored;
  guint   n_missing;
} Perspective;

struct _KpiReport
{
  GObject       parent_instance;

  KpiDashboard *dashboard;
  KpiPeriod    *period;
  gint64        as_of;
  gint64        data_as_of;
  KpiQuality    quality;
  double        confidence;
  double        score;
  GPtrArray    *rows;           /* of KpiReportRow */
  GArray       *perspectives;   /* of Perspective */
  GPtrArray    *check_results;  /* of KpiCheckResult */
  GPtrArray    *alerts;         /* of KpiAlert: every watch rule's */
  KpiProjectStatus *project_status;  /* nullable: an operational dashboard's */
  KpiFunnelResult *funnel;      /* nullable: the dashboard's funnel, counted */
  GTimeZone    *time_zone;
};

enum {
  PROP_0,
  PROP_DASHBOARD,
  PROP_PERIOD,
  PROP_AS_OF,
  PROP_DATA_AS_OF,
  PROP_QUALITY,
  PROP_CONFIDENCE,
  PROP_SCORE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void kpi_report_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KpiReport, kpi_report, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      kpi_report_list_model_init))

static GType
kpi_report_get_item_type (GListModel *model)
{
  return KPI_TYPE_REPORT_ROW;
}

static guint
kpi_report_get_n_items (GListModel *model)
{
  return KPI_REPORT (model)->rows->len;
}

static gpointer
kpi_report_get_item (GListModel *model,
                     guint       position)
{
  KpiReport *self = KPI_REPORT (model);

  if (position >= self->rows->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->rows, position));
}

static void
kpi_report_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kpi_report_get_item_type;
  iface->get_n_items = kpi_report_get_n_items;
  iface->get_item = kpi_report_get_item;
}

static void
perspective_clear (gpointer data)
{
  g_free (((Perspective *) data)->name);
}

static void
kpi_report_finalize (GObject *object)
{
  KpiReport *self = KPI_REPORT (object);

  g_clear_object (&self->dashboard);
  g_clear_pointer (&self->period, kpi_period_free);
  g_ptr_array_unref (self->rows);
  g_array_unref (self->perspectives);
  g_ptr_array_unref (self->check_results);
  g_ptr_array_unref (self->alerts);
  g_clear_pointer (&self->project_status, kpi_project_status_unref);
  g_clear_pointer (&self->funnel, kpi_funnel_result_unref);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);

  G_OBJECT_CLASS (kpi_report_parent_class)->finalize (object);
}

static void
kpi_report_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KpiReport *self = KPI_REPORT (object);

  switch (prop_id)
    {
    case PROP_DASHBOARD:
      g_value_set_object (value, self->dashboard);
      break;
    case PROP_PERIOD:
      g_value_set_boxed (value, self->period);
      break;
    case PROP_AS_OF:
      g_value_set_int64 (value, self->as_of);
      break;
    case PROP_DATA_AS_OF:
      g_value_set_int64 (value, self->data_as_of);
      break;
    case PROP_QUALITY:
      g_value_set_enum (value, self->quality);
      break;
    case PROP_CONFIDENCE:
      g_value_set_double (value, self->confidence);
      break;
    case PROP_SCORE:
      g_value_set_double (value, self->score);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->rows->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_report_class_init (KpiReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_report_finalize;
  object_class->get_property = kpi_report_get_property;

  /**
   * KpiReport:dashboard:
   *
   * The dashboard evaluated.
   *
   * Since: 0.1
   */
  properties[PROP_DASHBOARD] =
    g_param_spec_object ("dashboard", NULL, NULL, KPI_TYPE_DASHBOARD, ro);
  /**
   * KpiReport:period:
   *
   * The period evaluated (partial when it was not over).
   *
   * Since: 0.1
   */
  properties[PROP_PERIOD] = g_param_spec_boxed ("period", NULL, NULL, KPI_TYPE_PERIOD, ro);
  /**
   * KpiReport:as-of:
   *
   * When the report was made, by the calendar: microseconds since the
   * Unix epoch.
   *
   * Since: 0.1
   */
  properties[PROP_AS_OF] =
    g_param_spec_int64 ("as-of", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);
  /**
   * KpiReport:data-as-of:
   *
   * Where the data the report read stops: the oldest
   * [method@Kpi.Dataset.get_data_end] of its datasets, %KPI_TIME_UNSET
   * when none has data.
   *
   * Since: 0.1
   */
  properties[PROP_DATA_AS_OF] =
    g_param_spec_int64 ("data-as-of", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);
  /**
   * KpiReport:quality:
   *
   * The worst quality of the rows' values.
   *
   * Since: 0.1
   */
  properties[PROP_QUALITY] =
    g_param_spec_enum ("quality", NULL, NULL, KPI_TYPE_QUALITY, KPI_QUALITY_UNCHECKED, ro);
  /**
   * KpiReport:confidence:
   *
   * The lowest confidence of the rows' values; NaN without rows.
   *
   * Since: 0.1
   */
  properties[PROP_CONFIDENCE] = kpi_param_spec_nan_double ("confidence", NAN, ro);
  /**
   * KpiReport:score:
   *
   * The overall score (see the class documentation); NaN when no row is
   * scored.
   *
   * Since: 0.1
   */
  properties[PROP_SCORE] = kpi_param_spec_nan_double ("score", NAN, ro);
  /**
   * KpiReport:n-items:
   *
   * The number of rows.
   *
   * Since: 0.1
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_report_init (KpiReport *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->perspectives = g_array_new (FALSE, TRUE, sizeof (Perspective));
  g_array_set_clear_func (self->perspectives, perspective_clear);
  self->check_results = g_ptr_array_new_with_free_func (g_object_unref);
  self->alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_alert_unref);
  self->confidence = NAN;
  self->score = NAN;
}

/**
 * kpi_report_get_dashboard:
 * @self: a report
 *
 * Gets the dashboard evaluated.
 *
 * Returns: (transfer none): the dashboard evaluated
 *
 * Since: 0.1
 */
KpiDashboard *
kpi_report_get_dashboard (KpiReport *self)
{
  g_return_val_if_fail (KPI_IS_REPORT (self), NULL);
  return self->dashboard;
}

/**
 * kpi_report_get_period:
 * @self: a report
 *
 * Gets the period evaluated: the one given to
 * [method@Kpi.Dashboard.evaluate], or the current one (partial, its values
 * to date).
 *
 * Returns: (transfer none): the period
 *
 * Since: 0.1
 */
const KpiPeriod *
kpi_report_get_period (KpiReport *self)
{
  g_return_val_if_fail (KPI_IS_REPORT (self), NULL);
  return self->period;
}

/**
 * kpi_report_get_as_of:
 * @self: a report
 *
 * Gets when the report was made.
 *
 * Returns: when it was made, by the calendar ([property@Kpi.Calendar:now]
 *   or the real clock), in microseconds since the Unix epoch
 *
 * Since: 0.1
 */
gint64
kpi_report_get_as_of (KpiReport *self)
{
  g_return_val_if_fail (KPI_IS_REPORT (self), 0);
  return self->as_of;
}

/**
 * kpi_report_get_data_as_of:
 * @self: a report
 *
 * Gets where the data the report read stops.
 *
 * Returns: where the data read stops: the oldest
 *   [method@Kpi.Dataset.get_data_end] of the datasets the indicators read,
 *   or %KPI_TIME_UNSET when none has data
 *
 * Since: 0.1
 */
gint64
kpi_report_get_data_as_of (KpiReport *self)
{
  g_return_val_if_fail (KPI_IS_REPORT (self), KPI_TIME_UNSET);
  return self->data_as_of;
}

/**
 * kpi_report_get_quality:
 * @self: a report
 *
 * Gets the worst quality of the rows' values, failed before warning before
 * unchecked before good.
 *
 * Returns: the quality
 *
 * Since: 0.1
 */
KpiQuality
kpi_report_get_quality (KpiReport *self)
{
  g_return_val_if_fail (KPI_IS_REPORT (self), KPI_QUALITY_UNCHECKED);
  return self->quality;
}

/**
 * kpi_report_get_confidence:
 * @self: a report
 *
 * Gets the lowest confidence of the rows' values.
 *
 * Returns: the lowest confidence of the rows' values, NaN without rows
 *
 * Since: 0.1
 */
double
kpi_report_get_confidence (KpiReport *self)
{
  g_return_val_if_fail (KPI_IS_REPORT (self), NAN);
  return self->confidence;
}

/**
 * kpi_report_get_score:
 * @self: a report
 *
 * Gets the overall score: the mean of the perspectives' scores weighted by
 * the sum of their rows' weights (see the class documentation).
 *
 * Returns: the score, -1 to 1, or NaN when no row is scored
 *
 * Since: 0.1
 */
double
kpi_report_get_score (KpiReport *self)
{
  g_return_val_if_fail (KPI_IS_REPORT (self), NAN);
  return self->score;
}

/**
 * kpi_report_list_perspectives:
 * @self: a report
 *
 * Lists the perspectives of the report's dashboard.
 *
 * Returns: (transfer full): the dashboard's perspectives, in its order
 *
 * Since: 0.1
 */
char **
kpi_report_list_perspectives (KpiReport *self)
{
  GStrvBuilder *builder;
  char **names;

  g_return_val_if_fail (KPI_IS_REPORT (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->perspectives->len; i++)
    g_strv_builder_add (builder, g_array_index (self->perspectives, Perspective, i).name);
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return names;
}

/**
 * kpi_report_get_perspective_score:
 * @self: a report
 * @perspective: a perspective of [method@Kpi.Report.list_perspectives]
 * @n_scored: (out) (optional): how many of its rows have a score
 * @n_missing: (out) (optional): how many do not (no target, a missing
 *   value)
 *
 * Gets the weighted mean of the scores of the perspective's scored rows.
 *
 * Returns: the score, -1 to 1; NaN when no row of it is scored or the
 *   dashboard has no such perspective
 *
 * Since: 0.1
 */
double
kpi_report_get_perspective_score (KpiReport  *self,
                                  const char *perspective,
                                  guint      *n_scored,
                                  guint      *n_missing)
{
  g_return_val_if_fail (KPI_IS_REPORT (self), NAN);
  g_return_val_if_fail (perspective != NULL, NAN);

  for (guint i = 0; i < self->perspectives->len; i++)
    {
      Perspective *p = &g_array_index (self->perspectives, Perspective, i);

      if (strcmp (p->name, perspective) == 0)
        {
          if (n_scored != NULL)
            *n_scored = p->n_scored;
          if (n_missing != NULL)
            *n_missing = p->n_missing;
          return p->score;
        }
    }
  if (n_scored != NULL)
    *n_scored = 0;
  if (n_missing != NULL)
    *n_missing = 0;
  return NAN;
}

/**
 * kpi_report_row_get_alerts:
 * @self: a row
 *
 * Gets the alerts of the dashboard's watch rules about this row's
 * indicator ([class@Kpi.Watch]).
 *
 * Returns: (transfer none) (element-type KpiAlert): the alerts, empty
 *   when none
 *
 * Since: 0.1
 */
GPtrArray *
kpi_report_row_get_alerts (KpiReportRow *self)
{
  g_return_val_if_fail (KPI_IS_REPORT_ROW (self), NULL);
  return self->alerts;
}

/**
 * kpi_report_get_alerts:
 * @self: a report
 *
 * Gets the alerts of every watch rule of the dashboard, in the rules'
 * order: those about an indicator of the dashboard (which its row has
 * too, [method@Kpi.ReportRow.get_alerts]), and the others (key accounts
 * lapsing, an indicator watched but not shown).
 *
 * Returns: (transfer none) (element-type KpiAlert): the alerts, empty
 *   when none
 *
 * Since: 0.1
 */
GPtrArray *
kpi_report_get_alerts (KpiReport *self)
{
  g_return_val_if_fail (KPI_IS_REPORT (self), NULL);
  return self->alerts;
}

/**
 * kpi_report_get_project_status:
 * @self: a report
 *
 * Gets the progress of an operational dashboard's project
 * ([property@Kpi.Dashboard:project]) at the report's date: the last
 * status report of the task log on or before the end of the period (or
 * the calendar's now, when sooner), measured by [class@Kpi.Project].
 *
 * Returns: (transfer none) (nullable): the status, or %NULL for a
 *   dashboard that follows no project
 *
 * Since: 0.1
 */
KpiProjectStatus *
kpi_report_get_project_status (KpiReport *self)
{
  g_return_val_if_fail (KPI_IS_REPORT (self), NULL);
  return self->project_status;
}

/**
 * kpi_report_get_funnel:
 * @self: a report
 *
 * Gets the dashboard's conversion funnel ([property@Kpi.Dashboard:funnel])
 * counted for the report's period, to date when the period is not over
 * (the same period as the rows' values), on the dashboard's
 * [property@Kpi.Dashboard:funnel-basis], with the definitions' calendar
 * ([method@Kpi.Funnel.evaluate]): each stage's count and its conversion
 * from the previous stage.
 *
 * Returns: (transfer none) (nullable): the counts, or %NULL for a
 *   dashboard without a funnel
 *
 * Since: 0.1
 */
KpiFunnelResult *
kpi_report_get_funnel (KpiReport *self)
{
  g_return_val_if_fail (KPI_IS_REPORT (self), NULL);
  return self->funnel;
}

/**
 * kpi_report_get_check_results:
 * @self: a report
 *
 * Gets the results of the definitions' checks as they ran for this
 * report, in the suite's order: the findings the values carry come from
 * them.
 *
 * Returns: (transfer none) (element-type KpiCheckResult): the results,
 *   empty when the definitions have no check
 *
 * Since: 0.1
 */
GPtrArray *
kpi_report_get_check_results (KpiReport *self)
{
  g_return_val_if_fail (KPI_IS_REPORT (self), NULL);
  return self->check_results;
}

GTimeZone *
kpi_report_get_time_zone (KpiReport *self)
{
  return self->time_zone;
}

/* ------------------------------------------------------------------------ */
/* Evaluation */

#define BREAKDOWN_TOP_N 5
#define TREND_MIN_VALUES 3

typedef struct
{
  KpiDashboard   *dashboard;
  KpiDefinitions *definitions;
  KpiPeriod      *period;        /* nullable: the current one */
  GMainContext   *main_context;  /* nullable: emit at once */
} EvalJob;

/* What every item of one evaluation shares. */
typedef struct
{
  KpiDashboard   *dashboard;
  KpiDefinitions *definitions;
  KpiContext     *context;
  KpiCalendar    *calendar;
  KpiCheckSuite  *checks;        /* NULL when there is none to annotate with */
  const KpiPeriod *period;
  KpiPeriod      *to_date;       /* NULL when the period is over */
  gint64          present;
} Eval;

static void
eval_job_free (gpointer data)
{
  EvalJob *job = data;

  g_object_unref (job->dashboard);
  g_object_unref (job->definitions);
  g_clear_pointer (&job->period, kpi_period_free);
  g_clear_pointer (&job->main_context, g_main_context_unref);
  g_free (job);
}

static EvalJob *
eval_job_new (KpiDashboard    *dashboard,
              KpiDefinitions  *definitions,
              const KpiPeriod *period,
              GMainContext    *main_context)   /* transfer full */
{
  EvalJob *job = g_new0 (EvalJob, 1);

  job->dashboard = g_object_ref (dashboard);
  job->definitions = g_object_ref (definitions);
  job->period = period != NULL ? kpi_period_copy (period) : NULL;
  job->main_context = main_context;   /* owned */
  return job;
}

static void
report_progress (EvalJob *job,
                 guint    done,
                 guint    total)
{
  kpi_emit_progress (job->dashboard, g_signal_lookup ("progress", KPI_TYPE_DASHBOARD),
                     job->main_context, done, total);
}

/* The benchmark @name of @item, as a GError naming the dashboard and the
 * item when it does not exist. */
static KpiBenchmark *
lookup_benchmark (Eval        *ev,
                  guint        position,
                  const char  *indicator_id,
                  const char  *role,
                  const char  *name,
                  GError     **error)
{
  KpiBenchmark *benchmark = kpi_definitions_lookup_benchmark (ev->definitions, name);

  if (benchmark == NULL)
    g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_NOT_FOUND,
                 "dashboard “%s”, item %u (“%s”): the %s is an unknown benchmark “%s”",
                 kpi_dashboard_get_id (ev->dashboard), position + 1, indicator_id, role, name);
  return benchmark;
}

/* The comparison judged by the item's policy when it has one: the
 * benchmark's actual and reference again through kpi_comparison_new(). The
 * small-base test the benchmark made (with a minimum it derived from the
 * history) is kept, unless the item's policy sets its own small base. */
static KpiComparison *
apply_item_policy (KpiComparison       *comparison,
                   KpiComparisonPolicy *policy)
{
  double min_base;

  if (policy == NULL)
    return comparison;
  if (!isnan (kpi_comparison_policy_get_small_base (policy)))
    min_base = NAN;
  else if (kpi_comparison_get_flags (comparison) & KPI_COMPARISON_FLAG_SMALL_BASE)
    min_base = INFINITY;
  else
    min_base = 0;
  {
    KpiComparison *judged = kpi_comparison_new (policy,
                                                kpi_comparison_get_actual (comparison),
                                                kpi_comparison_get_reference (comparison),
                                                kpi_comparison_get_kind (comparison),
                                                min_base,
                                                kpi_comparison_get_provenance (comparison));
    kpi_comparison_unref (comparison);
    return judged;
  }
}

static KpiComparison *
compare (Eval             *ev,
         KpiReportRow     *row,
         KpiBenchmark     *benchmark,
         const char       *name,
         KpiValue         *actual,
         const double     *min_base)
{
  g_autoptr(GError) error = NULL;
  KpiComparison *comparison;

  /* the row's value and small base, computed once for all its comparisons */
  comparison = kpi_benchmark_compare_given (benchmark, row->indicator, ev->context, ev->period,
                                            actual, min_base, &error);
  if (comparison == NULL)
    {
      kpi_report_row_note (row, "no comparison with “%s”: %s", name, kpi_report_message_of (error));
      return NULL;
    }
  return apply_item_policy (comparison, kpi_dashboard_item_get_policy (row->item));
}

/* Replaces the values of @values by their annotated copies. */
static void
annotate (Eval         *ev,
          KpiReportRow *row,
          GPtrArray    *values,
          guint         n,
          const char   *group_by)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) annotated = NULL;

  if (ev->checks == NULL || n == 0)
    return;
  annotated = kpi_check_suite_annotate (ev->checks, row->indicator, ev->context,
                                        (KpiValue * const *) values->pdata, n, group_by, &error);
  if (annotated == NULL)
    {
      kpi_report_row_note (row, "the checks' findings could not be attached: %s", kpi_report_message_of (error));
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      kpi_value_unref (g_ptr_array_index (values, i));
      g_ptr_array_index (values, i) = kpi_value_ref (g_ptr_array_index (annotated, i));
    }
}

/* The values of the @n periods before the row's, in order, or NULL with a
 * note. */
static GPtrArray *
evaluate_before (Eval         *ev,
                 KpiReportRow *row,
                 guint         n)
{
  g_autoptr(KpiPeriod) first = NULL;
  g_autoptr(KpiPeriod) last = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *series;

  if (n == 0 || kpi_period_get_granularity (ev->period) == KPI_GRANULARITY_CUSTOM ||
      (first = kpi_calendar_offset (ev->calendar, ev->period, -(int) n)) == NULL ||
      (last = kpi_calendar_offset (ev->calendar, ev->period, -1)) == NULL)
    return NULL;
  series = kpi_indicator_evaluate_series (row->indicator, ev->context, first, last, &error);
  if (series == NULL)
    kpi_report_row_note (row, "no history: %s", kpi_report_message_of (error));
  return series;
}

/* The sparkline: the last @history - 1 of the values before the row's
 * (@before), then the row's own, to date when its period is not over. */
static void
evaluate_sparkline (Eval         *ev,
                    KpiReportRow *row,
                    guint         history,
                    GPtrArray    *before)
{
  g_autoptr(GPtrArray) closed = NULL;

  if (before != NULL && before->len > 0)
    {
      guint from = before->len > history - 1 ? before->len - (history - 1) : 0;

      for (guint i = from; i < before->len; i++)
        g_ptr_array_add (row->sparkline, kpi_value_ref (g_ptr_array_index (before, i)));
      annotate (ev, row, row->sparkline, row->sparkline->len, NULL);
    }
  g_ptr_array_add (row->sparkline, kpi_value_ref (row->value));

  closed = g_ptr_array_new ();
  for (guint i = 0; i < row->sparkline->len; i++)
    {
      KpiValue *v = g_ptr_array_index (row->sparkline, i);

      if (i + 1 == row->sparkline->len && ev->to_date != NULL)
        break;
      g_ptr_array_add (closed, v);
    }
  {
    guint n_numbers = 0;

    for (guint i = 0; i < closed->len; i++)
      n_numbers += !kpi_value_is_missing (g_ptr_array_index (closed, i));
    if (n_numbers >= TREND_MIN_VALUES)
      row->trend = kpi_trend_analyze_values (closed, NAN, NAN, NULL);
  }
}

static void
evaluate_breakdowns (Eval         *ev,
                     KpiReportRow *row)
{
  const char * const *dimensions = kpi_dashboard_item_get_breakdowns (row->item);
  const KpiPeriod *period = ev->to_date != NULL ? ev->to_date : ev->period;
  g_autoptr(KpiDataset) dataset = NULL;
  g_autofree char *dataset_name = NULL;

  if (dimensions == NULL || dimensions[0] == NULL)
    dimensions = kpi_dashboard_get_breakdowns (ev->dashboard);
  if (dimensions == NULL || dimensions[0] == NULL)
    return;

  dataset = kpi_indicator_resolve_dataset (row->indicator, ev->context, NULL);
  dataset_name = dataset != NULL ? kpi_context_dup_dataset_name (ev->context, dataset) : NULL;
  for (guint i = 0; dimensions[i] != NULL; i++)
    {
      KpiColumnKind kind;
      g_autoptr(GError) error = NULL;
      GPtrArray *groups;

      if (dataset == NULL || !kpi_dataset_lookup_column (dataset, dimensions[i], NULL, &kind) ||
          kind != KPI_COLUMN_DIMENSION)
        {
          kpi_report_row_note (row, "not broken down by “%s”: dataset “%s” has no such dimension",
                    dimensions[i], dataset_name != NULL ? dataset_name : "(none)");
          continue;
        }
      groups = kpi_indicator_evaluate_breakdown (row->indicator, ev->context, period,
                                                 dimensions[i], BREAKDOWN_TOP_N, NULL, &error);
      if (groups == NULL)
        {
          kpi_report_row_note (row, "not broken down by “%s”: %s", dimensions[i], kpi_report_message_of (error));
          continue;
        }
      g_ptr_array_set_free_func (groups, (GDestroyNotify) kpi_value_unref);
      annotate (ev, row, groups, groups->len, dimensions[i]);
      g_ptr_array_add (row->dimensions, g_strdup (dimensions[i]));
      g_ptr_array_add (row->breakdowns, groups);
    }
}

/* The value at the end of the period, from the value to date and the share
 * of the period elapsed. */
static void
project (Eval         *ev,
         KpiReportRow *row,
         KpiBenchmark *target)
{
  g_autoptr(KpiFormula) formula = NULL;
  g_autoptr(KpiPhasing) phasing = NULL;
  double x, share;

  if (ev->to_date == NULL || !kpi_value_get_number (row->value, &x))
    return;
  formula = kpi_indicator_dup_formula (row->indicator);
  if (formula == NULL || !kpi_formula_is_additive (formula) ||
      kpi_comparison_policy_is_rate (kpi_indicator_get_policy (row->indicator)))
    return;
  if (target != NULL && kpi_benchmark_measure_type (target, row->indicator) == KPI_MEASURE_TYPE_STOCK)
    return;
  if (target != NULL && kpi_benchmark_get_phasing (target) != NULL)
    phasing = g_object_ref (kpi_benchmark_get_phasing (target));
  else
    phasing = kpi_phasing_new (KPI_PHASING_METHOD_EVEN);
  share = kpi_phasing_get_share (phasing, ev->calendar, ev->period, ev->to_date);
  if (share > 0 && isfinite (share))
    row->projection = x / share;
}

static void
evaluate_budget (Eval         *ev,
                 KpiReportRow *row,
                 KpiBenchmark *budget,
                 const char   *budget_name)
{
  KpiGranularity year_kind = kpi_calendar_get_fiscal_year_start_month (ev->calendar) == 1
                             ? KPI_GRANULARITY_YEAR : KPI_GRANULARITY_FISCAL_YEAR;
  gint64 start = kpi_period_get_start (ev->period);
  gint64 end = MIN (kpi_period_get_end (ev->period), MAX (ev->present, start + 1));
  g_autoptr(KpiPeriod) year = kpi_calendar_period_at (ev->calendar, start, year_kind);
  g_autoptr(KpiPeriod) first = NULL;
  g_autoptr(KpiPeriod) last = NULL;
  g_autoptr(GPtrArray) months = NULL;
  g_autoptr(GError) error = NULL;
  double ytd_budget = 0, ytd_actual = 0;

  if (year == NULL)
    return;
  first = kpi_calendar_period_at (ev->calendar, kpi_period_get_start (year), KPI_GRANULARITY_MONTH);
  last = kpi_calendar_period_at (ev->calendar, end - 1, KPI_GRANULARITY_MONTH);
  if (first == NULL || last == NULL)
    return;
  if (kpi_period_compare (last, first) >= 0)
    months = kpi_calendar_list_periods (ev->calendar, first, last);

  for (guint i = 0; months != NULL && i < months->len; i++)
    {
      const KpiPeriod *month = g_ptr_array_index (months, i);
      g_autoptr(KpiComparison) c = NULL;
      g_autoptr(GError) month_error = NULL;
      KpiValue *actual, *reference;
      double a, b;

      c = kpi_benchmark_compare (budget, row->indicator, ev->context, month, &month_error);
      if (c == NULL)
        {
          kpi_report_row_note (row, "no budget line for %s: %s", kpi_period_get_label (month),
                    kpi_report_message_of (month_error));
          ytd_budget = ytd_actual = NAN;
          continue;
        }
      actual = kpi_comparison_get_actual (c);
      reference = kpi_comparison_get_reference (c);
      a = actual != NULL ? kpi_value_get_value (actual) : NAN;
      b = reference != NULL ? kpi_value_get_value (reference) : NAN;
      ytd_budget += b;
      ytd_actual += a;
      g_ptr_array_add (row->budget_lines,
                       kpi_report_budget_line_new (actual != NULL ? kpi_value_get_period (actual) : month,
                                        b, a, kpi_comparison_get_relative_change (c),
                                        ytd_budget, ytd_actual,
                                        actual != NULL ? kpi_value_get_closure (actual)
                                                       : KPI_CLOSURE_UNKNOWN));
    }

  row->landing = kpi_landing_compute (row->indicator, ev->context, year, budget, NULL, &error);
  if (row->landing == NULL)
    kpi_report_row_note (row, "no landing for %s against “%s”: %s", kpi_period_get_label (year),
              budget_name, kpi_report_message_of (error));
}

static KpiReportRow *
evaluate_item (Eval              *ev,
               KpiDashboardItem  *item,
               KpiIndicator      *indicator,
               KpiBenchmark      *target,
               const char        *target_name,
               GPtrArray         *benchmarks)
{
  KpiReportRow *row = g_object_new (KPI_TYPE_REPORT_ROW, NULL);
  const char * const *comparisons = kpi_dashboard_item_get_comparisons (item);
  const KpiPeriod *period = ev->to_date != NULL ? ev->to_date : ev->period;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) one = NULL;
  const char *title = kpi_indicator_get_title (indicator);
  double min_base = NAN;
  const double *given_base = NULL;
  g_autoptr(KpiValue) raw = NULL;
  g_autoptr(GPtrArray) before = NULL;
  guint history = kpi_dashboard_get_history (ev->dashboard);
  guint base_periods;

  row->indicator = g_object_ref (indicator);
  row->item = g_object_ref (item);
  row->title = g_strdup (title != NULL ? title : kpi_indicator_get_id (indicator));
  row->perspective = g_strdup (kpi_dashboard_item_get_perspective (item));

  row->value = kpi_indicator_evaluate (indicator, ev->context, period, &error);
  if (row->value == NULL)
    {
      /* said in the row, not as an error: the rest of the report stands */
      kpi_report_row_note (row, "“%s” could not be evaluated: %s", kpi_indicator_get_id (indicator),
                kpi_report_message_of (error));
      row->value = ev->to_date != NULL
                   ? kpi_value_new_missing (period, 0, KPI_VALUE_FLAG_PARTIAL_PERIOD)
                   : kpi_value_new_missing (period, 0, KPI_VALUE_FLAG_NONE);
      g_ptr_array_add (row->sparkline, kpi_value_ref (row->value));
      return row;
    }
  /* the comparisons take the value as evaluated, as kpi_benchmark_compare() does */
  raw = kpi_value_ref (row->value);
  one = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_value_unref);
  g_ptr_array_add (one, g_steal_pointer (&row->value));
  annotate (ev, row, one, 1, NULL);
  row->value = kpi_value_ref (g_ptr_array_index (one, 0));

  /* The periods before the row's, evaluated once: the sparkline's, and
   * those the small base the comparisons judge the change on is derived
   * from (without them, each comparison derives it, and says why it could
   * not). */
  base_periods = kpi_benchmark_min_base_periods (indicator);
  before = evaluate_before (ev, row, MAX (history - 1, base_periods));
  if (base_periods == 0)
    given_base = &min_base;   /* NaN: the policy's own */
  else if (before != NULL && before->len >= base_periods)
    {
      min_base = kpi_benchmark_min_base_of_values (indicator,
                                                   (KpiValue * const *) before->pdata + (before->len - base_periods),
                                                   base_periods);
      given_base = &min_base;
    }
  if (target != NULL && (row->target = compare (ev, row, target, target_name, raw, given_base)) != NULL)
    row->target_name = g_strdup (target_name);
  for (guint i = 0; comparisons != NULL && comparisons[i] != NULL; i++)
    {
      KpiComparison *c = compare (ev, row, g_ptr_array_index (benchmarks, i), comparisons[i], raw, given_base);

      if (c != NULL)
        {
          g_ptr_array_add (row->comparisons, c);
          g_ptr_array_add (row->comparison_names, g_strdup (comparisons[i]));
        }
    }

  evaluate_sparkline (ev, row, history, before);
  evaluate_breakdowns (ev, row);
  project (ev, row, target);

  if (kpi_dashboard_get_dashboard_type (ev->dashboard) == KPI_DASHBOARD_TYPE_BUDGET &&
      kpi_dashboard_item_get_budget (item) != NULL && target != NULL)
    evaluate_budget (ev, row, target, target_name);
  return row;
}

static int
quality_rank (KpiQuality quality)
{
  switch (quality)
    {
    case KPI_QUALITY_GOOD:
      return 0;
    case KPI_QUALITY_UNCHECKED:
      return 1;
    case KPI_QUALITY_WARNING:
      return 2;
    case KPI_QUALITY_FAILED:
    default:
      return 3;
    }
}

static void
compute_scores (KpiReport *self)
{
  const char * const *names = kpi_dashboard_get_perspectives (self->dashboard);
  double total = 0, total_weight = 0;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      Perspective p = { g_strdup (names[i]), NAN, 0, 0, 0 };
      double sum = 0, sum_weight = 0;

      for (guint j = 0; j < self->rows->len; j++)
        {
          KpiReportRow *row = g_ptr_array_index (self->rows, j);
          double w = kpi_dashboard_item_get_weight (row->item);
          double s = kpi_report_row_get_score (row);

          if (g_strcmp0 (row->perspective, names[i]) != 0)
            continue;
          p.weight += w;
          if (isnan (s))
            {
              p.n_missing++;
              continue;
            }
          p.n_scored++;
          sum += w * s;
          sum_weight += w;
        }
      if (sum_weight > 0)
        p.score = sum / sum_weight;
      if (!isnan (p.score) && p.weight > 0)
        {
          total += p.weight * p.score;
          total_weight += p.weight;
        }
      g_array_append_val (self->perspectives, p);
    }

  if (self->perspectives->len == 0)
    for (guint j = 0; j < self->rows->len; j++)
      {
        KpiReportRow *row = g_ptr_array_index (self->rows, j);
        double w = kpi_dashboard_item_get_weight (row->item);
        double s = kpi_report_row_get_score (row);

        if (!isnan (s))
          {
            total += w * s;
            total_weight += w;
          }
      }
  self->score = total_weight > 0 ? total / total_weight : NAN;
}

/* The oldest data end of the datasets the rows read. */
static gint64
data_as_of (Eval      *ev,
            GPtrArray *rows)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 oldest = KPI_TIME_UNSET;

  for (guint i = 0; i < rows->len; i++)
    {
      KpiReportRow *row = g_ptr_array_index (rows, i);
      g_auto(GStrv) names = kpi_indicator_list_datasets (row->indicator, ev->context, NULL);

      for (guint j = 0; names != NULL && names[j] != NULL; j++)
        {
          g_autoptr(KpiDataset) dataset = NULL;
          gint64 end;

          if (!g_hash_table_add (seen, g_strdup (names[j])))
            continue;
          dataset = kpi_context_lookup_dataset (ev->context, names[j]);
          if (dataset == NULL)
            continue;
          end = kpi_dataset_get_data_end (dataset, ev->calendar);
          if (end != KPI_TIME_UNSET && (oldest == KPI_TIME_UNSET || end < oldest))
            oldest = end;
        }
    }
  return oldest;
}

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

/* The alerts of the dashboard's watch rules for the period, each also on
 * the row of the indicator it is about. */
static gboolean
evaluate_watches (Eval          *ev,
                  KpiReport     *report,
                  GCancellable  *cancellable,
                  GError       **error)
{
  GListModel *watches = kpi_dashboard_get_watches (ev->dashboard);
  guint n = g_list_model_get_n_items (watches);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiWatch) watch = g_list_model_get_item (watches, i);
      g_autoptr(GPtrArray) alerts = NULL;
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      alerts = kpi_watch_evaluate (watch, ev->context, ev->period, &local_error);
      if (alerts == NULL)
        {
          g_set_error (error, local_error->domain, local_error->code, "dashboard “%s”: %s",
                       kpi_dashboard_get_id (ev->dashboard), local_error->message);
          return FALSE;
        }
      for (guint j = 0; j < alerts->len; j++)
        {
          KpiAlert *alert = g_ptr_array_index (alerts, j);
          const char *about = kpi_alert_get_indicator_id (alert);

          g_ptr_array_add (report->alerts, kpi_alert_ref (alert));
          for (guint r = 0; about != NULL && r < report->rows->len; r++)
            {
              KpiReportRow *row = g_ptr_array_index (report->rows, r);

              if (g_strcmp0 (kpi_indicator_get_id (row->indicator), about) == 0)
                g_ptr_array_add (row->alerts, kpi_alert_ref (alert));
            }
        }
    }
  return TRUE;
}

/* An operational dashboard's project, measured at the period's end or
 * now, whichever comes first. */
static gboolean
measure_project (Eval       *ev,
                 KpiReport  *report,
                 GError    **error)
{
  const char *name = kpi_dashboard_get_project (ev->dashboard);
  g_autoptr(KpiProject) project = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 at;

  if (kpi_dashboard_get_dashboard_type (ev->dashboard) != KPI_DASHBOARD_TYPE_OPERATIONAL || name == NULL)
    return TRUE;
  at = MIN (kpi_period_get_end (ev->period) - 1, ev->present);
  project = kpi_project_new (name);
  report->project_status = kpi_project_measure (project, ev->context, at, &local_error);
  if (report->project_status == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, "dashboard “%s”, project “%s”: %s",
                   kpi_dashboard_get_id (ev->dashboard), name, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* The dashboard's funnel, counted for the period the rows' values are:
 * to date when it is not over. */
static gboolean
count_funnel (Eval       *ev,
              KpiReport  *report,
              GError    **error)
{
  KpiFunnel *funnel = kpi_dashboard_get_funnel (ev->dashboard);
  g_autoptr(GError) local_error = NULL;

  if (funnel == NULL)
    return TRUE;
  report->funnel = kpi_funnel_evaluate (funnel, ev->calendar,
                                        ev->to_date != NULL ? ev->to_date : ev->period,
                                        kpi_dashboard_get_funnel_basis (ev->dashboard),
                                        &local_error);
  if (report->funnel == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, "dashboard “%s”, funnel: %s",
                   kpi_dashboard_get_id (ev->dashboard), local_error->message);
      return FALSE;
    }
  return TRUE;
}

static KpiReport *
evaluate (EvalJob       *job,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(KpiReport) report = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) indicators = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (unref_nullable);
  g_autoptr(GPtrArray) benchmarks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(KpiPeriod) period = NULL;
  g_autoptr(KpiPeriod) to_date = NULL;
  gboolean budget_type;
  KpiCheckSuite *checks;
  Eval ev = { 0, };
  guint n;

  ev.dashboard = job->dashboard;
  ev.definitions = job->definitions;
  ev.context = kpi_definitions_get_context (job->definitions);
  ev.calendar = kpi_context_get_calendar (ev.context);
  ev.present = kpi_calendar_get_present (ev.calendar);
  budget_type = kpi_dashboard_get_dashboard_type (job->dashboard) == KPI_DASHBOARD_TYPE_BUDGET;
  n = g_list_model_get_n_items (G_LIST_MODEL (job->dashboard));

  /* every name first: a misspelt one is an error before any work */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiDashboardItem) item = g_list_model_get_item (G_LIST_MODEL (job->dashboard), i);
      const char *id = kpi_dashboard_item_get_indicator_id (item);
      const char * const *comparisons = kpi_dashboard_item_get_comparisons (item);
      const char *target_name = kpi_dashboard_item_get_target (item);
      KpiIndicator *indicator = kpi_context_lookup_indicator (ev.context, id);
      KpiBenchmark *target = NULL;
      GPtrArray *others = g_ptr_array_new_with_free_func (g_object_unref);

      g_ptr_array_add (benchmarks, others);
      if (indicator == NULL)
        {
          g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_NOT_FOUND,
                       "dashboard “%s”, item %u: unknown indicator “%s”",
                       kpi_dashboard_get_id (job->dashboard), i + 1, id);
          return NULL;
        }
      g_ptr_array_add (indicators, indicator);
      g_ptr_array_add (items, g_object_ref (item));
      if (budget_type && kpi_dashboard_item_get_budget (item) != NULL)
        target_name = kpi_dashboard_item_get_budget (item);
      if (target_name != NULL &&
          (target = lookup_benchmark (&ev, i, id, target_name == kpi_dashboard_item_get_budget (item)
                                      ? "budget" : "target", target_name, error)) == NULL)
        return NULL;
      g_ptr_array_add (targets, target);
      for (guint j = 0; comparisons != NULL && comparisons[j] != NULL; j++)
        {
          KpiBenchmark *b = lookup_benchmark (&ev, i, id, "comparison", comparisons[j], error);

          if (b == NULL)
            return NULL;
          g_ptr_array_add (others, b);
        }
    }

  if (job->period != NULL)
    period = kpi_period_copy (job->period);
  else
    {
      KpiGranularity granularity = n > 0
        ? kpi_indicator_get_granularity (g_ptr_array_index (indicators, 0))
        : KPI_GRANULARITY_MONTH;

      period = kpi_calendar_period_at (ev.calendar, ev.present, granularity);
      if (period == NULL)
        {
          g_set_error (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_INVALID_RANGE,
                       "dashboard “%s”: the calendar's now is outside the years 1 to 9999",
                       kpi_dashboard_get_id (job->dashboard));
          return NULL;
        }
    }
  if (kpi_period_is_partial (period) && kpi_period_get_granularity (period) != KPI_GRANULARITY_CUSTOM)
    to_date = kpi_calendar_to_date (ev.calendar, kpi_period_get_granularity (period), ev.present);
  ev.period = period;
  ev.to_date = to_date;

  report = g_object_new (KPI_TYPE_REPORT, NULL);
  report->dashboard = g_object_ref (job->dashboard);
  report->period = kpi_period_copy (period);
  report->as_of = ev.present;
  report->time_zone = g_time_zone_ref (kpi_calendar_get_time_zone (ev.calendar));

  checks = kpi_definitions_get_checks (job->definitions);
  if (checks != NULL && g_list_model_get_n_items (G_LIST_MODEL (checks)) > 0)
    {
      GPtrArray *results = kpi_definitions_run_checks (job->definitions, cancellable, error);

      if (results == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (report->check_results, results);
      ev.checks = checks;
    }

  for (guint i = 0; i < n; i++)
    {
      KpiDashboardItem *item = g_ptr_array_index (items, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      g_ptr_array_add (report->rows,
                       evaluate_item (&ev, item, g_ptr_array_index (indicators, i),
                                      g_ptr_array_index (targets, i),
                                      budget_type && kpi_dashboard_item_get_budget (item) != NULL
                                      ? kpi_dashboard_item_get_budget (item)
                                      : kpi_dashboard_item_get_target (item),
                                      g_ptr_array_index (benchmarks, i)));
      report_progress (job, i + 1, n);
    }

  if (!evaluate_watches (&ev, report, cancellable, error) ||
      !measure_project (&ev, report, error) ||
      !count_funnel (&ev, report, error))
    return NULL;

  report->quality = n > 0 ? KPI_QUALITY_GOOD : KPI_QUALITY_UNCHECKED;
  for (guint i = 0; i < report->rows->len; i++)
    {
      KpiReportRow *row = g_ptr_array_index (report->rows, i);
      KpiQuality q = kpi_report_row_get_quality (row);
      double c = kpi_report_row_get_confidence (row);

      if (quality_rank (q) > quality_rank (report->quality))
        report->quality = q;
      if (!isnan (c) && (isnan (report->confidence) || c < report->confidence))
        report->confidence = c;
    }
  compute_scores (report);
  report->data_as_of = data_as_of (&ev, report->rows);
  return g_steal_pointer (&report);
}

static GPtrArray *
evaluate_job (gpointer       source G_GNUC_UNUSED,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  KpiReport *report = evaluate (data, cancellable, error);
  GPtrArray *result;

  if (report == NULL)
    return NULL;
  /* the task carries a list: the report is its one element */
  result = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (result, report);
  return result;
}

/**
 * kpi_dashboard_evaluate:
 * @dashboard: a dashboard
 * @definitions: the definitions that resolve its indicators and
 *   benchmarks, whose checks annotate its values
 * @period: (nullable): the period to evaluate; %NULL for the current one
 *   to date (the period of the first indicator's granularity that contains
 *   the calendar's now)
 * @cancellable: (nullable): a #GCancellable, looked at between items
 * @error: return location for a #GError
 *
 * Evaluates the dashboard for a period, item by item, as
 * [class@Kpi.Report] says, emitting [signal@Kpi.Dashboard::progress] after
 * each item.
 *
 * Returns: (transfer full): the report, or %NULL with @error set: an
 *   indicator or benchmark the definitions do not have
 *   (%KPI_DEFINITIONS_ERROR_NOT_FOUND, naming the dashboard and the item),
 *   or %G_IO_ERROR_CANCELLED. An indicator that cannot be evaluated is not
 *   an error: its row says why its value is missing.
 *
 * Since: 0.1
 */
KpiReport *
kpi_dashboard_evaluate (KpiDashboard     *dashboard,
                        KpiDefinitions   *definitions,
                        const KpiPeriod  *period,
                        GCancellable     *cancellable,
                        GError          **error)
{
  EvalJob *job;
  KpiReport *report;

  g_return_val_if_fail (KPI_IS_DASHBOARD (dashboard), NULL);
  g_return_val_if_fail (KPI_IS_DEFINITIONS (definitions), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  job = eval_job_new (dashboard, definitions, period, NULL);
  report = evaluate (job, cancellable, error);
  eval_job_free (job);
  return report;
}

/**
 * kpi_dashboard_evaluate_async:
 * @dashboard: a dashboard
 * @definitions: the definitions that resolve its indicators and
 *   benchmarks
 * @period: (nullable): the period to evaluate; %NULL for the current one
 *   to date
 * @cancellable: (nullable): a #GCancellable, looked at between items
 * @callback: (scope async): called when the report is ready
 * @user_data: data for @callback
 *
 * Evaluates the dashboard in a worker thread, as
 * [method@Kpi.Dashboard.evaluate] does; [signal@Kpi.Dashboard::progress]
 * and @callback come in the thread-default main context of this call. The
 * definitions must not change until it is over. Datasets or checks
 * written in Python or JavaScript cannot run in the worker: use the
 * synchronous call from those with them.
 *
 * Since: 0.1
 */
void
kpi_dashboard_evaluate_async (KpiDashboard        *dashboard,
                              KpiDefinitions      *definitions,
                              const KpiPeriod     *period,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (KPI_IS_DASHBOARD (dashboard));
  g_return_if_fail (KPI_IS_DEFINITIONS (definitions));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  kpi_task_run_in_thread (dashboard, kpi_dashboard_evaluate_async,
                          eval_job_new (dashboard, definitions, period,
                                        g_main_context_ref_thread_default ()),
                          eval_job_free, evaluate_job, cancellable, callback, user_data);
}

/**
 * kpi_dashboard_evaluate_finish:
 * @dashboard: a dashboard
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Kpi.Dashboard.evaluate_async].
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 *
 * Since: 0.1
 */
KpiReport *
kpi_dashboard_evaluate_finish (KpiDashboard  *dashboard,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (KPI_IS_DASHBOARD (dashboard), NULL);

  list = kpi_task_finish (dashboard, result, kpi_dashboard_evaluate_async, error);
  if (list == NULL)
    return NULL;
  return g_ptr_array_steal_index (list, 0);
}
