/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-dashboard-item.c: one indicator on a dashboard, and what validating
 * a dashboard finds */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-dashboard-private.h"
#include "kpi-util-private.h"

/**
 * KpiDashboardItem:
 *
 * One indicator on a [class@Kpi.Dashboard]: the indicator's id, its
 * perspective and weight on a strategic dashboard, the benchmark that is
 * its target (or budget) and the others it is compared with, the
 * dimensions it is broken down by, and thresholds of its own when the
 * indicator's [class@Kpi.ComparisonPolicy] is not the one this manager
 * wants.
 *
 * By default an item is compared with the previous period and the same
 * period last year (the benchmarks `previous_period` and `last_year` that
 * every [class@Kpi.Definitions] has) and broken down by the dashboard's
 * breakdowns.
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDashboardItem) revenue = kpi_dashboard_item_new ("revenue");
 * const char *comparisons[] = { "last_year", NULL };
 * const char *breakdowns[] = { "channel", NULL };
 * g_autofree char *compared = NULL;
 *
 * // revenue, weighing twice as much as the other items, against its target and last year, by channel
 * kpi_dashboard_item_set_perspective (revenue, "financial");
 * if (!kpi_dashboard_item_set_weight (revenue, 2, &error))
 *   g_error ("%s", error->message);
 * kpi_dashboard_item_set_target (revenue, "revenue_target");
 * kpi_dashboard_item_set_comparisons (revenue, comparisons);
 * kpi_dashboard_item_set_breakdowns (revenue, breakdowns);
 * compared = g_strjoinv (", ", (char **) kpi_dashboard_item_get_comparisons (revenue));
 * g_print ("%s: %s, weight %g, target %s, compared with %s\n",
 *          kpi_dashboard_item_get_indicator_id (revenue), kpi_dashboard_item_get_perspective (revenue),
 *          kpi_dashboard_item_get_weight (revenue), kpi_dashboard_item_get_target (revenue), compared);
 * ```
 *
 * ```python
 * revenue = Kpi.DashboardItem.new("revenue")
 * # revenue, weighing twice as much as the other items, against its target and last year, by channel
 * revenue.set_perspective("financial")
 * revenue.set_weight(2)
 * revenue.set_target("revenue_target")
 * revenue.set_comparisons(["last_year"])
 * revenue.set_breakdowns(["channel"])
 * print(f"{revenue.get_indicator_id()}: {revenue.get_perspective()}, weight {revenue.get_weight()}, "
 *       f"target {revenue.get_target()}, compared with {', '.join(revenue.get_comparisons())}")
 * ```
 *
 * ```js
 * const revenue = Kpi.DashboardItem.new('revenue');
 * // revenue, weighing twice as much as the other items, against its target and last year, by channel
 * revenue.set_perspective('financial');
 * revenue.set_weight(2);
 * revenue.set_target('revenue_target');
 * revenue.set_comparisons(['last_year']);
 * revenue.set_breakdowns(['channel']);
 * print(`${revenue.get_indicator_id()}: ${revenue.get_perspective()}, weight ${revenue.get_weight()}, ` +
 *       `target ${revenue.get_target()}, compared with ${revenue.get_comparisons().join(', ')}`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiAdvisory
{
  gatomicrefcount  ref_count;
  KpiAdvisoryKind  kind;
  char            *dashboard_id;
  char            *subject;
  char            *message;
};

G_DEFINE_BOXED_TYPE (KpiAdvisory, kpi_advisory, kpi_advisory_ref, kpi_advisory_unref)

/**
 * kpi_advisory_new:
 * @kind: what was found
 * @dashboard_id: (nullable): the dashboard it is about
 * @subject: (nullable): the indicator, dataset or benchmark it is about
 * @message: the sentence that says it
 *
 * Makes an advisory; applications that validate more than the library
 * does report their findings the same way.
 *
 * Returns: (transfer full): a new advisory
 *
 * Since: 0.1
 */
KpiAdvisory *
kpi_advisory_new (KpiAdvisoryKind  kind,
                  const char      *dashboard_id,
                  const char      *subject,
                  const char      *message)
{
  KpiAdvisory *self;

  g_return_val_if_fail (message != NULL, NULL);

  self = g_new0 (KpiAdvisory, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->dashboard_id = g_strdup (dashboard_id);
  self->subject = g_strdup (subject);
  self->message = g_strdup (message);
  return self;
}

/**
 * kpi_advisory_ref:
 * @self: an advisory
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
KpiAdvisory *
kpi_advisory_ref (KpiAdvisory *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * kpi_advisory_unref:
 * @self: (transfer full): an advisory
 *
 * Drops a reference; the last one frees the advisory.
 *
 * Since: 0.1
 */
void
kpi_advisory_unref (KpiAdvisory *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->dashboard_id);
  g_free (self->subject);
  g_free (self->message);
  g_free (self);
}

/**
 * kpi_advisory_get_kind:
 * @self: an advisory
 *
 * Gets what was found.
 *
 * Returns: what was found
 *
 * Since: 0.1
 */
KpiAdvisoryKind
kpi_advisory_get_kind (const KpiAdvisory *self)
{
  g_return_val_if_fail (self != NULL, KPI_ADVISORY_TOO_FEW_INDICATORS);
  return self->kind;
}

/**
 * kpi_advisory_get_dashboard_id:
 * @self: an advisory
 *
 * Gets the id of the dashboard the advisory is about.
 *
 * Returns: (nullable): the id of the dashboard it is about, or %NULL for
 *   the definitions as a whole
 *
 * Since: 0.1
 */
const char *
kpi_advisory_get_dashboard_id (const KpiAdvisory *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->dashboard_id;
}

/**
 * kpi_advisory_get_subject:
 * @self: an advisory
 *
 * Gets what the advisory is about.
 *
 * Returns: (nullable): the indicator, dataset or benchmark it is about,
 *   or %NULL when it is about the dashboard
 *
 * Since: 0.1
 */
const char *
kpi_advisory_get_subject (const KpiAdvisory *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->subject;
}

/**
 * kpi_advisory_get_message:
 * @self: an advisory
 *
 * Gets the sentence that says what was found, for people.
 *
 * Returns: the sentence that says what was found, for people
 *
 * Since: 0.1
 */
const char *
kpi_advisory_get_message (const KpiAdvisory *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->message;
}

/* ------------------------------------------------------------------ */
/* Items                                                              */


enum {
  ITEM_PROP_0,
  ITEM_PROP_INDICATOR_ID,
  ITEM_PROP_PERSPECTIVE,
  ITEM_PROP_WEIGHT,
  ITEM_PROP_TARGET,
  ITEM_PROP_BUDGET,
  ITEM_PROP_COMPARISONS,
  ITEM_PROP_BREAKDOWNS,
  ITEM_PROP_POLICY,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

G_DEFINE_FINAL_TYPE (KpiDashboardItem, kpi_dashboard_item, G_TYPE_OBJECT)

static const char * const default_comparisons[] = { "previous_period", "last_year", NULL };

static void
kpi_dashboard_item_finalize (GObject *object)
{
  KpiDashboardItem *self = KPI_DASHBOARD_ITEM (object);

  g_free (self->indicator_id);
  g_free (self->perspective);
  g_free (self->target);
  g_free (self->budget);
  g_strfreev (self->comparisons);
  g_strfreev (self->breakdowns);
  g_clear_object (&self->policy);

  G_OBJECT_CLASS (kpi_dashboard_item_parent_class)->finalize (object);
}

static void
kpi_dashboard_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KpiDashboardItem *self = KPI_DASHBOARD_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_INDICATOR_ID:
      g_value_set_string (value, self->indicator_id);
      break;
    case ITEM_PROP_PERSPECTIVE:
      g_value_set_string (value, self->perspective);
      break;
    case ITEM_PROP_WEIGHT:
      g_value_set_double (value, self->weight);
      break;
    case ITEM_PROP_TARGET:
      g_value_set_string (value, self->target);
      break;
    case ITEM_PROP_BUDGET:
      g_value_set_string (value, self->budget);
      break;
    case ITEM_PROP_COMPARISONS:
      g_value_set_boxed (value, self->comparisons);
      break;
    case ITEM_PROP_BREAKDOWNS:
      g_value_set_boxed (value, self->breakdowns);
      break;
    case ITEM_PROP_POLICY:
      g_value_set_object (value, self->policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_dashboard_item_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KpiDashboardItem *self = KPI_DASHBOARD_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_INDICATOR_ID:
      self->indicator_id = g_value_dup_string (value);
      break;
    case ITEM_PROP_PERSPECTIVE:
      kpi_dashboard_item_set_perspective (self, g_value_get_string (value));
      break;
    case ITEM_PROP_WEIGHT:
      kpi_dashboard_item_set_weight (self, g_value_get_double (value), NULL);
      break;
    case ITEM_PROP_TARGET:
      kpi_dashboard_item_set_target (self, g_value_get_string (value));
      break;
    case ITEM_PROP_BUDGET:
      kpi_dashboard_item_set_budget (self, g_value_get_string (value));
      break;
    case ITEM_PROP_COMPARISONS:
      kpi_dashboard_item_set_comparisons (self, g_value_get_boxed (value));
      break;
    case ITEM_PROP_BREAKDOWNS:
      kpi_dashboard_item_set_breakdowns (self, g_value_get_boxed (value));
      break;
    case ITEM_PROP_POLICY:
      kpi_dashboard_item_set_policy (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_dashboard_item_class_init (KpiDashboardItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_dashboard_item_finalize;
  object_class->get_property = kpi_dashboard_item_get_property;
  object_class->set_property = kpi_dashboard_item_set_property;

  /**
   * KpiDashboardItem:indicator-id:
   *
   * The id of the indicator, resolved by the context of the
   * [class@Kpi.Definitions] the dashboard is evaluated with.
   *
   * Since: 0.1
   */
  item_properties[ITEM_PROP_INDICATOR_ID] =
    g_param_spec_string ("indicator-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KpiDashboardItem:perspective:
   *
   * The perspective of a strategic dashboard the indicator belongs to
   * (`financial`, `customer`, `internal-process`, `learning-and-growth`,
   * or one of the dashboard's own), or %NULL.
   *
   * Since: 0.1
   */
  item_properties[ITEM_PROP_PERSPECTIVE] =
    g_param_spec_string ("perspective", NULL, NULL, NULL, rw);
  /**
   * KpiDashboardItem:weight:
   *
   * The weight of the indicator's score in its perspective's score: a
   * finite number, 0 or more (1 by default). An indicator of weight 0 is
   * shown but not scored.
   *
   * Since: 0.1
   */
  item_properties[ITEM_PROP_WEIGHT] =
    g_param_spec_double ("weight", NULL, NULL, 0, G_MAXDOUBLE, 1, rw);
  /**
   * KpiDashboardItem:target:
   *
   * The name of the benchmark that is the indicator's target: its
   * comparison gives the status and the score. %NULL when it has none.
   *
   * Since: 0.1
   */
  item_properties[ITEM_PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, NULL, rw);
  /**
   * KpiDashboardItem:budget:
   *
   * The name of the benchmark that is the indicator's budget, for budget
   * dashboards (budget against actual per month, the landing), or %NULL.
   *
   * Since: 0.1
   */
  item_properties[ITEM_PROP_BUDGET] =
    g_param_spec_string ("budget", NULL, NULL, NULL, rw);
  /**
   * KpiDashboardItem:comparisons:
   *
   * The names of the other benchmarks the indicator is compared with, in
   * order; `previous_period` and `last_year` by default. An empty list
   * compares with nothing but the target.
   *
   * Since: 0.1
   */
  item_properties[ITEM_PROP_COMPARISONS] =
    g_param_spec_boxed ("comparisons", NULL, NULL, G_TYPE_STRV, rw);
  /**
   * KpiDashboardItem:breakdowns:
   *
   * The dimensions the indicator is broken down by, or %NULL for the
   * dashboard's ([property@Kpi.Dashboard:breakdowns]); an empty list for
   * none.
   *
   * Since: 0.1
   */
  item_properties[ITEM_PROP_BREAKDOWNS] =
    g_param_spec_boxed ("breakdowns", NULL, NULL, G_TYPE_STRV, rw);
  /**
   * KpiDashboardItem:policy:
   *
   * The comparison policy (direction, thresholds, small base) of this
   * manager, or %NULL for the indicator's own.
   *
   * Since: 0.1
   */
  item_properties[ITEM_PROP_POLICY] =
    g_param_spec_object ("policy", NULL, NULL, KPI_TYPE_COMPARISON_POLICY, rw);

  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
kpi_dashboard_item_init (KpiDashboardItem *self)
{
  self->weight = 1;
  self->comparisons = g_strdupv ((char **) default_comparisons);
}

/**
 * kpi_dashboard_item_new:
 * @indicator_id: the id of an indicator
 *
 * Makes an item for the indicator, of weight 1, with no target, compared
 * with the previous period and last year.
 *
 * Returns: (transfer full): a new item
 *
 * Since: 0.1
 */
KpiDashboardItem *
kpi_dashboard_item_new (const char *indicator_id)
{
  g_return_val_if_fail (indicator_id != NULL && *indicator_id != '\0', NULL);
  return g_object_new (KPI_TYPE_DASHBOARD_ITEM, "indicator-id", indicator_id, NULL);
}

/**
 * kpi_dashboard_item_get_indicator_id:
 * @self: an item
 *
 * Gets the id of the indicator.
 *
 * Returns: the id of the indicator
 *
 * Since: 0.1
 */
const char *
kpi_dashboard_item_get_indicator_id (KpiDashboardItem *self)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD_ITEM (self), NULL);
  return self->indicator_id;
}

/**
 * kpi_dashboard_item_get_perspective:
 * @self: an item
 *
 * Gets the perspective.
 *
 * Returns: (nullable): the perspective, or %NULL
 *
 * Since: 0.1
 */
const char *
kpi_dashboard_item_get_perspective (KpiDashboardItem *self)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD_ITEM (self), NULL);
  return self->perspective;
}

/**
 * kpi_dashboard_item_set_perspective:
 * @self: an item
 * @perspective: (nullable): a perspective, or %NULL
 *
 * Sets [property@Kpi.DashboardItem:perspective].
 *
 * Since: 0.1
 */
void
kpi_dashboard_item_set_perspective (KpiDashboardItem *self,
                                    const char       *perspective)
{
  g_return_if_fail (KPI_IS_DASHBOARD_ITEM (self));
  if (kpi_set_str (&self->perspective, perspective))
    g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_PERSPECTIVE]);
}

/**
 * kpi_dashboard_item_get_weight:
 * @self: an item
 *
 * Gets the weight of the indicator's score.
 *
 * Returns: the weight of the indicator's score
 *
 * Since: 0.1
 */
double
kpi_dashboard_item_get_weight (KpiDashboardItem *self)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD_ITEM (self), 0);
  return self->weight;
}

/**
 * kpi_dashboard_item_set_weight:
 * @self: an item
 * @weight: a finite number, 0 or more
 * @error: return location for a #GError
 *
 * Sets [property@Kpi.DashboardItem:weight].
 *
 * Returns: %TRUE, or %FALSE with %KPI_DEFINITIONS_ERROR_INVALID when the
 *   weight is negative or not finite (the item is unchanged)
 *
 * Since: 0.1
 */
gboolean
kpi_dashboard_item_set_weight (KpiDashboardItem  *self,
                               double             weight,
                               GError           **error)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD_ITEM (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!isfinite (weight) || weight < 0)
    {
      if (isfinite (weight))
        g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID,
                     "weight %g of “%s”: a weight is a finite number, 0 or more",
                     weight, self->indicator_id);
      else
        g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID,
                     "the weight of “%s” is not a finite number: a weight is 0 or more",
                     self->indicator_id);
      return FALSE;
    }
  if (self->weight != weight)
    {
      self->weight = weight;
      g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_WEIGHT]);
    }
  return TRUE;
}

/**
 * kpi_dashboard_item_get_target:
 * @self: an item
 *
 * Gets the name of the target benchmark.
 *
 * Returns: (nullable): the name of the target benchmark, or %NULL
 *
 * Since: 0.1
 */
const char *
kpi_dashboard_item_get_target (KpiDashboardItem *self)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD_ITEM (self), NULL);
  return self->target;
}

/**
 * kpi_dashboard_item_set_target:
 * @self: an item
 * @benchmark_id: (nullable): the name of a benchmark, or %NULL
 *
 * Sets [property@Kpi.DashboardItem:target].
 *
 * Since: 0.1
 */
void
kpi_dashboard_item_set_target (KpiDashboardItem *self,
                               const char       *benchmark_id)
{
  g_return_if_fail (KPI_IS_DASHBOARD_ITEM (self));
  if (kpi_set_str (&self->target, benchmark_id))
    g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_TARGET]);
}

/**
 * kpi_dashboard_item_get_budget:
 * @self: an item
 *
 * Gets the name of the budget benchmark.
 *
 * Returns: (nullable): the name of the budget benchmark, or %NULL
 *
 * Since: 0.1
 */
const char *
kpi_dashboard_item_get_budget (KpiDashboardItem *self)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD_ITEM (self), NULL);
  return self->budget;
}

/**
 * kpi_dashboard_item_set_budget:
 * @self: an item
 * @benchmark_id: (nullable): the name of a benchmark, or %NULL
 *
 * Sets [property@Kpi.DashboardItem:budget].
 *
 * Since: 0.1
 */
void
kpi_dashboard_item_set_budget (KpiDashboardItem *self,
                               const char       *benchmark_id)
{
  g_return_if_fail (KPI_IS_DASHBOARD_ITEM (self));
  if (kpi_set_str (&self->budget, benchmark_id))
    g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_BUDGET]);
}

/**
 * kpi_dashboard_item_get_comparisons:
 * @self: an item
 *
 * Gets the names of the benchmarks the indicator is compared with besides its target.
 *
 * Returns: (transfer none) (array zero-terminated=1): the names of the
 *   benchmarks the indicator is compared with besides its target
 *
 * Since: 0.1
 */
const char * const *
kpi_dashboard_item_get_comparisons (KpiDashboardItem *self)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD_ITEM (self), NULL);
  return (const char * const *) self->comparisons;
}

gboolean
kpi_dashboard_strv_set (char               ***field,
                        const char * const   *value)
{
  if (*field == NULL && value == NULL)
    return FALSE;
  if (*field != NULL && value != NULL &&
      g_strv_equal ((const char * const *) *field, value))
    return FALSE;
  g_strfreev (*field);
  *field = g_strdupv ((char **) value);
  return TRUE;
}

/**
 * kpi_dashboard_item_set_comparisons:
 * @self: an item
 * @benchmark_ids: (nullable) (array zero-terminated=1): names of
 *   benchmarks; %NULL for none
 *
 * Sets [property@Kpi.DashboardItem:comparisons].
 *
 * Since: 0.1
 */
void
kpi_dashboard_item_set_comparisons (KpiDashboardItem   *self,
                                    const char * const *benchmark_ids)
{
  static const char * const none[] = { NULL };

  g_return_if_fail (KPI_IS_DASHBOARD_ITEM (self));
  if (kpi_dashboard_strv_set (&self->comparisons, benchmark_ids != NULL ? benchmark_ids : none))
    g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_COMPARISONS]);
}

/**
 * kpi_dashboard_item_get_breakdowns:
 * @self: an item
 *
 * Gets the dimensions the item breaks its value down by.
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the
 *   dimensions of its breakdowns, or %NULL when they are the dashboard's
 *
 * Since: 0.1
 */
const char * const *
kpi_dashboard_item_get_breakdowns (KpiDashboardItem *self)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD_ITEM (self), NULL);
  return (const char * const *) self->breakdowns;
}

/**
 * kpi_dashboard_item_set_breakdowns:
 * @self: an item
 * @dimensions: (nullable) (array zero-terminated=1): dimensions, or %NULL
 *   for the dashboard's
 *
 * Sets [property@Kpi.DashboardItem:breakdowns].
 *
 * Since: 0.1
 */
void
kpi_dashboard_item_set_breakdowns (KpiDashboardItem   *self,
                                   const char * const *dimensions)
{
  g_return_if_fail (KPI_IS_DASHBOARD_ITEM (self));
  if (kpi_dashboard_strv_set (&self->breakdowns, dimensions))
    g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_BREAKDOWNS]);
}

/**
 * kpi_dashboard_item_get_policy:
 * @self: an item
 *
 * Gets the item's own comparison policy.
 *
 * Returns: (transfer none) (nullable): the item's own comparison policy,
 *   or %NULL when the indicator's applies
 *
 * Since: 0.1
 */
KpiComparisonPolicy *
kpi_dashboard_item_get_policy (KpiDashboardItem *self)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD_ITEM (self), NULL);
  return self->policy;
}

/**
 * kpi_dashboard_item_set_policy:
 * @self: an item
 * @policy: (nullable): a comparison policy, or %NULL for the indicator's
 *
 * Sets [property@Kpi.DashboardItem:policy]. The item keeps a copy: later
 * changes to @policy do not reach it.
 *
 * Since: 0.1
 */
void
kpi_dashboard_item_set_policy (KpiDashboardItem    *self,
                               KpiComparisonPolicy *policy)
{
  g_return_if_fail (KPI_IS_DASHBOARD_ITEM (self));
  g_return_if_fail (policy == NULL || KPI_IS_COMPARISON_POLICY (policy));

  g_clear_object (&self->policy);
  if (policy != NULL)
    self->policy = kpi_comparison_policy_copy (policy);
  g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_POLICY]);
}

