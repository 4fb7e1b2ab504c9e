/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-reconciliation-check.c: two sources of one figure that must agree */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-suggest-private.h"
#include "kpi-util-private.h"

/**
 * KpiReconciliationCheck:
 *
 * Checks that two sources of one figure agree: revenue in the orders
 * export against revenue in the accounting ledger, the CRM's count of
 * deals against the billing system's, the budget against what was booked.
 * [property@Kpi.ReconciliationCheck:formula] is computed on the checked
 * dataset and [property@Kpi.ReconciliationCheck:other-formula] (the same
 * formula by default) on
 * [property@Kpi.ReconciliationCheck:other-dataset-name], per period
 * ([property@Kpi.Check:granularity], a month by default, over the checked
 * dataset's span or the check's [property@Kpi.Check:period]) and, with
 * [property@Kpi.Check:group-by], per group of a dimension both datasets
 * have. The values are computed by [class@Kpi.Indicator], so a formula may
 * be anything an indicator can be (`sum(amount where channel = "online")`,
 * `count()`, a ratio).
 *
 * Two values *a* and *b* agree when they are within the absolute
 * tolerance, |*a* − *b*| ≤ [property@Kpi.ReconciliationCheck:abs-tolerance],
 * **or** within the relative tolerance, |*a* − *b*| / max(|*a*|, |*b*|) ≤
 * [property@Kpi.ReconciliationCheck:rel-tolerance]: either is enough, as
 * Python's `math.isclose()` has it (a gap of a few units on a small figure
 * is fine, and so is a gap that is small next to a large one). The
 * relative difference is symmetric, so which source is checked and which
 * is the other does not matter; it is 0 for two zeros, and 1 for a value
 * against 0. An unset tolerance (NaN) does not apply; with neither set,
 * the values must be equal. A group that has rows in one dataset only
 * counts as 0 in the other (what a sum or a count of no rows gives), and
 * a group with no row on either side in a period is not a value; a
 * value that is missing on either side (an average of no rows, a period
 * outside a dataset's coverage) is not compared, and counted as missing.
 *
 * The default relative tolerance is 10 %: sources fed at different times
 * or by different rules (cut-off, returns, currency rounding) rarely match
 * to the cent, and a budget is usually within a few percent of what was
 * booked; a gap beyond 10 % is a missing batch, a double load or a unit
 * error. There is no absolute tolerance by default.
 *
 * [property@Kpi.CheckResult:observed] is the largest relative difference
 * among the values that do not agree (0 when all agree), graded by the
 * thresholds: by default any disagreement warns (warning threshold 0),
 * and one beyond 25 % fails, for the sources then do not measure the same
 * thing (a quarter of the figure is missing from one of them). The
 * message names the values that disagree, the widest gap first
 * (`2025-05 online: 53150.00 in “budget”, 61625.37 in “orders”, 13.8 %
 * apart`); each is in the result's scope, with its group. The element
 * count is the number of values compared, the unexpected count those
 * that disagree.
 *
 * In C:
 *
 * ```c
 * g_autoptr(KpiCheck) check =
 *   kpi_reconciliation_check_new ("budget", "sum(revenue)", "orders", "sum(amount)");
 *
 * kpi_check_set_group_by (check, "channel");
 * result = kpi_check_run (check, context, NULL, &error);
 * // WARN: sum(revenue) in “budget” and sum(amount) in “orders” disagree beyond 10 % in 1 of 72 values: 2025-05 online: …
 * ```
 *
 * In Python:
 *
 * ```python
 * check = Kpi.ReconciliationCheck.new("budget", "sum(revenue)", "orders", "sum(amount)")
 * check.set_group_by("channel")
 * check.set_rel_tolerance(0.05)
 * result = check.run(context, None)
 * ```
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiContext) context = kpi_context_new (NULL);
 * g_autoptr(KpiCheck) check = kpi_reconciliation_check_new ("orders", "sum(amount)", "orders", "sum(cost) * 1.6");
 * g_autoptr(KpiCheckResult) result = NULL;
 * g_autofree char *status = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "orders", orders);
 * kpi_reconciliation_check_set_rel_tolerance (KPI_RECONCILIATION_CHECK (check), 0.1); // prices are cost + 60 %, give or take 10 %
 * result = kpi_check_run (check, context, NULL, &error);
 * if (result == NULL)
 *   g_error ("%s", error->message);
 * status = g_enum_to_string (KPI_TYPE_CHECK_STATUS, kpi_check_result_get_status (result));
 * g_print ("%s: %s\n", status, kpi_check_result_get_message (result));
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * context = Kpi.Context.new(None)
 * context.add_dataset("orders", orders)
 * check = Kpi.ReconciliationCheck.new("orders", "sum(amount)", "orders", "sum(cost) * 1.6")
 * check.set_rel_tolerance(0.1)  # prices are cost + 60 %, give or take 10 %
 * result = check.run(context, None)
 * print(f"{result.get_status().value_name}: {result.get_message()}")
 * ```
 *
 * ```js
 * import GObject from 'gi://GObject';
 *
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const context = Kpi.Context.new(null);
 * context.add_dataset('orders', orders);
 * const check = Kpi.ReconciliationCheck.new('orders', 'sum(amount)', 'orders', 'sum(cost) * 1.6');
 * check.set_rel_tolerance(0.1); // prices are cost + 60 %, give or take 10 %
 * const result = check.run(context, null);
 * print(`${GObject.enum_to_string(Kpi.CheckStatus, result.get_status())}: ${result.get_message()}`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiReconciliationCheck
{
  KpiCheck  parent_instance;

  char     *formula;
  char     *other_dataset_name;
  char     *other_formula;       /* nullable: the same formula */
  double    abs_tolerance;       /* NaN: none */
  double    rel_tolerance;       /* NaN: none */
};

enum {
  PROP_0,
  PROP_FORMULA,
  PROP_OTHER_DATASET_NAME,
  PROP_OTHER_FORMULA,
  PROP_ABS_TOLERANCE,
  PROP_REL_TOLERANCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiReconciliationCheck, kpi_reconciliation_check, KPI_TYPE_CHECK)

#define DEFAULT_REL_TOLERANCE 0.10
#define DEFAULT_WARN          0.0
#define DEFAULT_FAIL          0.25
#define MAX_LISTED            5u

/* One pair of values compared. */
typedef struct
{
  guint       period;
  const char *group;      /* nullable: the whole period, or the missing group */
  gboolean    grouped;    /* a value of a breakdown */
  double      value;
  double      other;
  double      rel;
  gboolean    no_rows;    /* a group with no row on either side */
} Pair;

/* |a − b| / max(|a|, |b|), without overflow: 0 for two zeros. */
static double
relative_difference (double a,
                     double b)
{
  double m = MAX (fabs (a), fabs (b));

  if (m == 0.0)
    return 0.0;
  return fabs (a / m - b / m);
}

static char *
describe_tolerance (KpiReconciliationCheck *self)
{
  if (!isnan (self->rel_tolerance) && !isnan (self->abs_tolerance))
    return g_strdup_printf ("%g %% or %g", 100.0 * self->rel_tolerance, self->abs_tolerance);
  if (!isnan (self->rel_tolerance))
    return g_strdup_printf ("%g %%", 100.0 * self->rel_tolerance);
  if (!isnan (self->abs_tolerance))
    return g_strdup_printf ("%g", self->abs_tolerance);
  return g_strdup ("0");
}

static gboolean
agree (KpiReconciliationCheck *self,
       double                  a,
       double                  b,
       double                  rel)
{
  double diff = fabs (a - b);

  if (a == b)
    return TRUE;
  if (!isnan (self->abs_tolerance) && diff <= self->abs_tolerance)
    return TRUE;
  if (!isnan (self->rel_tolerance) && rel <= self->rel_tolerance)
    return TRUE;
  return FALSE;
}

static KpiIndicator *
make_indicator (const char  *id,
                const char  *what,
                const char  *formula,
                KpiDataset  *dataset,
                GError     **error)
{
  GError *local_error = NULL;
  KpiIndicator *indicator = kpi_indicator_new ("reconciled", formula, &local_error);

  if (indicator == NULL)
    {
      g_propagate_prefixed_error (error, local_error, "%s: %s: ", id, what);
      return NULL;
    }
  kpi_indicator_set_dataset (indicator, dataset);
  return indicator;
}

static gboolean
check_dimension (const char  *id,
                 KpiDataset  *dataset,
                 const char  *dataset_name,
                 const char  *dimension,
                 GError     **error)
{
  KpiColumnKind kind;
  g_autofree char *quoted = kpi_text_for_message (dimension, -1, KPI_MESSAGE_QUOTE_CHARS);
  g_autofree char *name = kpi_text_for_message (dataset_name, -1, KPI_MESSAGE_QUOTE_CHARS);

  if (!kpi_dataset_lookup_column (dataset, dimension, NULL, &kind))
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_UNKNOWN_FIELD,
                   "%s: “%s” has no field “%s” to group by", id, name, quoted);
      return FALSE;
    }
  if (kind != KPI_COLUMN_DIMENSION)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: group-by “%s” is not a dimension of “%s”", id, quoted, name);
      return FALSE;
    }
  return TRUE;
}

/* The value of the group @group (%NULL: the missing group) in @values, a
 * breakdown; 0 when the group has no row there, NaN when its value is
 * missing. */
static double
group_value (GPtrArray   *values,
             const char  *group,
             gboolean    *found,
             KpiValue   **value)
{
  for (guint i = 0; i < values->len; i++)
    {
      KpiValue *v = g_ptr_array_index (values, i);
      gboolean missing_group = kpi_value_get_group_kind (v) == KPI_GROUP_KIND_MISSING;

      if (group == NULL ? missing_group
                        : !missing_group && g_strcmp0 (kpi_value_get_group (v), group) == 0)
        {
          *found = TRUE;
          *value = v;
          return kpi_value_is_missing (v) ? NAN : kpi_value_get_value (v);
        }
    }
  *found = FALSE;
  return 0.0;
}

/* Pairs the groups of two breakdowns of one period: those of @values,
 * then those only @others has. */
static void
pair_groups (GArray    *pairs,
             guint      period,
             GPtrArray *values,
             GPtrArray *others)
{
  for (int side = 0; side < 2; side++)
    {
      GPtrArray *these = side == 0 ? values : others;
      GPtrArray *those = side == 0 ? others : values;

      for (guint i = 0; i < these->len; i++)
        {
          KpiValue *v = g_ptr_array_index (these, i);
          gboolean missing_group = kpi_value_get_group_kind (v) == KPI_GROUP_KIND_MISSING;
          const char *group = missing_group ? NULL : kpi_value_get_group (v);
          double x = kpi_value_is_missing (v) ? NAN : kpi_value_get_value (v);
          gboolean found;
          KpiValue *w = NULL;
          double y = group_value (those, group, &found, &w);
          Pair p = { 0 };

          if (side == 1 && found)
            continue;   /* paired from the first side */
          /* a breakdown may list a group that has no row in the period */
          p.no_rows = kpi_value_get_sample_size (v) == 0
                      && (w == NULL || kpi_value_get_sample_size (w) == 0);
          p.period = period;
          p.group = group;
          p.grouped = TRUE;
          p.value = side == 0 ? x : y;
          p.other = side == 0 ? y : x;
          g_array_append_val (pairs, p);
        }
    }
}

static int
compare_pairs_by_gap (gconstpointer a,
                      gconstpointer b)
{
  const Pair *x = a, *y = b;

  if (x->rel != y->rel)
    return x->rel > y->rel ? -1 : 1;
  return x->period < y->period ? -1 : x->period > y->period;
}

static void
append_pair (GString     *text,
             GPtrArray   *periods,
             const Pair  *p,
             const char  *name,
             const char  *other_name)
{
  g_string_append (text, kpi_period_get_label (g_ptr_array_index (periods, p->period)));
  if (p->grouped)
    {
      g_autofree char *group = p->group != NULL
                               ? kpi_text_for_message (p->group, -1, KPI_MESSAGE_QUOTE_CHARS)
                               : g_strdup ("(missing)");

      g_string_append_printf (text, " %s", group);
    }
  g_string_append_printf (text, ": %.2f in “%s”, %.2f in “%s”, %.1f %% apart",
                          p->value, name, p->other, other_name, 100.0 * p->rel);
}

static KpiCheckResult *
kpi_reconciliation_check_run (KpiCheck      *check,
                              KpiContext    *context,
                              GCancellable  *cancellable,
                              GError       **error)
{
  KpiReconciliationCheck *self = KPI_RECONCILIATION_CHECK (check);
  const char *id = kpi_check_display_name (check, "reconciliation");
  const char *group_by = kpi_check_get_group_by (check);
  const char *other_formula = self->other_formula != NULL ? self->other_formula : self->formula;
  g_autoptr(KpiDataset) dataset = NULL;
  g_autoptr(KpiDataset) other = NULL;
  g_autoptr(KpiIndicator) indicator = NULL;
  g_autoptr(KpiIndicator) other_indicator = NULL;
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GArray) pairs = g_array_new (FALSE, TRUE, sizeof (Pair));
  g_autoptr(GArray) gaps = g_array_new (FALSE, TRUE, sizeof (Pair));
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GString) message = g_string_new (NULL);
  g_autofree char *name = NULL;
  g_autofree char *other_name = NULL;
  g_autofree char *tolerance = NULL;
  g_autofree char *formula_text = NULL;
  g_autofree char *other_text = NULL;
  g_auto(GStrv) formula_fields = NULL;
  guint compared = 0, missing = 0;
  double worst = 0.0;
  const Pair *widest = NULL;
  KpiCheckResult *result;

  /* What to compare */
  if (self->formula == NULL || *self->formula == '\0')
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: no formula to reconcile", id);
      return NULL;
    }
  if (self->other_dataset_name == NULL)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: no other dataset to reconcile with", id);
      return NULL;
    }
  if (self->abs_tolerance < 0.0 || self->rel_tolerance < 0.0)
    {
      gboolean abs_bad = self->abs_tolerance < 0.0;

      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: the %s tolerance (%g) is negative", id, abs_bad ? "absolute" : "relative",
                   abs_bad ? self->abs_tolerance : self->rel_tolerance);
      return NULL;
    }
  dataset = kpi_check_dup_dataset (check, context, error);
  if (dataset == NULL)
    return NULL;
  other = kpi_context_lookup_dataset (context, self->other_dataset_name);
  other_name = kpi_text_for_message (self->other_dataset_name, -1, KPI_MESSAGE_QUOTE_CHARS);
  if (other == NULL)
    {
      g_auto(GStrv) names = kpi_context_list_dataset_names (context);
      g_autofree char *suffix = kpi_suggest_suffix (self->other_dataset_name,
                                                    (const char * const *) names,
                                                    names != NULL ? g_strv_length (names) : 0, "");

      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_NO_DATASET,
                   "%s: unknown other dataset “%s”%s", id, other_name, suffix);
      return NULL;
    }
  name = kpi_text_for_message (kpi_check_get_dataset_name (check) != NULL
                               ? kpi_check_get_dataset_name (check) : "dataset",
                               -1, KPI_MESSAGE_QUOTE_CHARS);
  if (group_by != NULL
      && (!kpi_check_lookup_field (check, dataset, group_by, NULL, error)
          || !check_dimension (id, dataset, kpi_check_get_dataset_name (check) != NULL
                                            ? kpi_check_get_dataset_name (check) : "dataset",
                               group_by, error)
          || !check_dimension (id, other, self->other_dataset_name, group_by, error)))
    return NULL;

  indicator = make_indicator (id, "formula", self->formula, dataset, error);
  if (indicator == NULL)
    return NULL;
  other_indicator = make_indicator (id, "other formula", other_formula, other, error);
  if (other_indicator == NULL)
    return NULL;

  /* The values */
  periods = kpi_check_list_periods (check, context, dataset);
  if (periods->len == 0)
    return kpi_check_result_new (KPI_CHECK_STATUS_INSUFFICIENT_DATA,
                                 "the dataset has no rows: no period to reconcile");
  if (group_by == NULL)
    {
      g_autoptr(GPtrArray) values = NULL;
      g_autoptr(GPtrArray) others = NULL;
      GError *local_error = NULL;

      values = kpi_indicator_evaluate_series (indicator, context, g_ptr_array_index (periods, 0),
                                              g_ptr_array_index (periods, periods->len - 1),
                                              &local_error);
      if (values != NULL)
        others = kpi_indicator_evaluate_series (other_indicator, context,
                                                g_ptr_array_index (periods, 0),
                                                g_ptr_array_index (periods, periods->len - 1),
                                                &local_error);
      if (local_error != NULL)
        {
          g_propagate_prefixed_error (error, local_error, "%s: ", id);
          return NULL;
        }
      for (guint p = 0; p < periods->len; p++)
        {
          KpiValue *v = g_ptr_array_index (values, p);
          KpiValue *w = g_ptr_array_index (others, p);
          Pair pair = { 0 };

          pair.period = p;
          pair.value = kpi_value_is_missing (v) ? NAN : kpi_value_get_value (v);
          pair.other = kpi_value_is_missing (w) ? NAN : kpi_value_get_value (w);
          g_array_append_val (pairs, pair);
        }
    }
  else
    for (guint p = 0; p < periods->len; p++)
      {
        const KpiPeriod *period = g_ptr_array_index (periods, p);
        GPtrArray *values, *others;
        GError *local_error = NULL;

        if (g_cancellable_set_error_if_cancelled (cancellable, error))
          return NULL;
        values = kpi_indicator_evaluate_breakdown (indicator, context, period, group_by, 0,
                                                   NULL, &local_error);
        others = values == NULL ? NULL
                                : kpi_indicator_evaluate_breakdown (other_indicator, context, period,
                                                                    group_by, 0, NULL, &local_error);
        if (local_error != NULL)
          {
            g_clear_pointer (&values, g_ptr_array_unref);
            g_propagate_prefixed_error (error, local_error, "%s: ", id);
            return NULL;
          }
        /* the pairs point to the values' group names: keep them */
        g_ptr_array_add (kept, values);
        g_ptr_array_add (kept, others);
        pair_groups (pairs, p, values, others);
      }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* Compare */
  for (guint i = 0; i < pairs->len; i++)
    {
      Pair *p = &g_array_index (pairs, Pair, i);

      if (p->no_rows)
        continue;
      if (isnan (p->value) || isnan (p->other))
        {
          missing++;
          continue;
        }
      compared++;
      p->rel = relative_difference (p->value, p->other);
      if (widest == NULL || p->rel > widest->rel)
        widest = p;
      if (!agree (self, p->value, p->other, p->rel))
        {
          g_array_append_val (gaps, *p);
          worst = MAX (worst, p->rel);
        }
    }
  tolerance = describe_tolerance (self);
  formula_text = kpi_text_for_message (self->formula, -1, KPI_MESSAGE_QUOTE_CHARS);
  other_text = kpi_text_for_message (other_formula, -1, KPI_MESSAGE_QUOTE_CHARS);
  if (compared == 0)
    {
      g_autofree char *text =
        missing == 0 ? g_strdup ("no value to compare: no rows in either dataset")
                     : g_strdup_printf ("none of the %u value%s could be compared: every one is missing in one dataset or both",
                                        missing, missing == 1 ? "" : "s");

      result = kpi_check_result_new (KPI_CHECK_STATUS_INSUFFICIENT_DATA, text);
      kpi_check_result_set_counts (result, missing, missing, 0);
      return result;
    }

  if (gaps->len == 0)
    {
      g_string_printf (message, "%s in “%s” and %s in “%s” agree within %s in all %u value%s",
                       formula_text, name, other_text, other_name, tolerance, compared,
                       compared == 1 ? "" : "s");
      if (widest != NULL && widest->rel > 0.0)
        {
          g_string_append (message, " (the widest gap: ");
          append_pair (message, periods, widest, name, other_name);
          g_string_append (message, ")");
        }
    }
  else
    {
      g_array_sort (gaps, compare_pairs_by_gap);
      g_string_printf (message, "%s in “%s” and %s in “%s” disagree beyond %s in %u of %u value%s: ",
                       formula_text, name, other_text, other_name, tolerance,
                       gaps->len, compared, compared == 1 ? "" : "s");
      for (guint i = 0; i < gaps->len && i < MAX_LISTED; i++)
        {
          if (i > 0)
            g_string_append (message, "; ");
          append_pair (message, periods, &g_array_index (gaps, Pair, i), name, other_name);
        }
      if (gaps->len > MAX_LISTED)
        g_string_append_printf (message, "; and %u more", gaps->len - MAX_LISTED);
    }
  if (missing > 0)
    g_string_append_printf (message, "; %u value%s missing on one side, not compared",
                            missing, missing == 1 ? "" : "s");

  result = kpi_check_result_new (gaps->len == 0 ? KPI_CHECK_STATUS_PASS
                                                : kpi_check_grade (check, worst),
                                 message->str);
  kpi_check_result_set_observed (result, worst);
  kpi_check_result_set_expected (result, NAN, self->rel_tolerance);
  kpi_check_result_set_counts (result, compared + missing, missing, gaps->len);
  if (kpi_check_get_fields (check)[0] != NULL)
    kpi_check_result_set_fields (result, kpi_check_get_fields (check));
  else
    {
      g_autoptr(KpiFormula) formula = kpi_formula_parse (self->formula, NULL);

      formula_fields = formula != NULL ? kpi_formula_list_fields (formula) : NULL;
      kpi_check_result_set_fields (result, (const char * const *) formula_fields);
    }
  for (guint i = 0; i < gaps->len; i++)
    {
      const Pair *p = &g_array_index (gaps, Pair, i);

      kpi_check_result_add_affected (result, g_ptr_array_index (periods, p->period),
                                     p->grouped && p->group != NULL ? group_by : NULL,
                                     p->grouped ? p->group : NULL);
    }
  return result;
}

static void
kpi_reconciliation_check_finalize (GObject *object)
{
  KpiReconciliationCheck *self = KPI_RECONCILIATION_CHECK (object);

  g_free (self->formula);
  g_free (self->other_dataset_name);
  g_free (self->other_formula);

  G_OBJECT_CLASS (kpi_reconciliation_check_parent_class)->finalize (object);
}

static void
kpi_reconciliation_check_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  KpiReconciliationCheck *self = KPI_RECONCILIATION_CHECK (object);

  switch (prop_id)
    {
    case PROP_FORMULA:
      g_value_set_string (value, self->formula);
      break;
    case PROP_OTHER_DATASET_NAME:
      g_value_set_string (value, self->other_dataset_name);
      break;
    case PROP_OTHER_FORMULA:
      g_value_set_string (value, self->other_formula);
      break;
    case PROP_ABS_TOLERANCE:
      g_value_set_double (value, self->abs_tolerance);
      break;
    case PROP_REL_TOLERANCE:
      g_value_set_double (value, self->rel_tolerance);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_reconciliation_check_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  KpiReconciliationCheck *self = KPI_RECONCILIATION_CHECK (object);

  switch (prop_id)
    {
    case PROP_FORMULA:
      kpi_reconciliation_check_set_formula (self, g_value_get_string (value));
      break;
    case PROP_OTHER_DATASET_NAME:
      kpi_reconciliation_check_set_other_dataset_name (self, g_value_get_string (value));
      break;
    case PROP_OTHER_FORMULA:
      kpi_reconciliation_check_set_other_formula (self, g_value_get_string (value));
      break;
    case PROP_ABS_TOLERANCE:
      kpi_reconciliation_check_set_abs_tolerance (self, g_value_get_double (value));
      break;
    case PROP_REL_TOLERANCE:
      kpi_reconciliation_check_set_rel_tolerance (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_reconciliation_check_class_init (KpiReconciliationCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiCheckClass *check_class = KPI_CHECK_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_reconciliation_check_finalize;
  object_class->get_property = kpi_reconciliation_check_get_property;
  object_class->set_property = kpi_reconciliation_check_set_property;
  check_class->run = kpi_reconciliation_check_run;

  /**
   * KpiReconciliationCheck:formula:
   *
   * The figure, as a formula on the checked dataset (`sum(revenue)`).
   *
   * Since: 0.1
   */
  properties[PROP_FORMULA] = g_param_spec_string ("formula", NULL, NULL, NULL, rw);

  /**
   * KpiReconciliationCheck:other-dataset-name:
   *
   * The name, in the context, of the other source of the figure.
   *
   * Since: 0.1
   */
  properties[PROP_OTHER_DATASET_NAME] =
    g_param_spec_string ("other-dataset-name", NULL, NULL, NULL, rw);

  /**
   * KpiReconciliationCheck:other-formula:
   *
   * The figure, as a formula on the other dataset (`sum(amount)`); %NULL
   * (the default) for the same formula as
   * [property@Kpi.ReconciliationCheck:formula].
   *
   * Since: 0.1
   */
  properties[PROP_OTHER_FORMULA] = g_param_spec_string ("other-formula", NULL, NULL, NULL, rw);

  /**
   * KpiReconciliationCheck:abs-tolerance:
   *
   * The largest absolute difference of two values that agree, in the
   * figure's unit; NaN (the default) for none. Either tolerance is enough
   * for two values to agree.
   *
   * Since: 0.1
   */
  properties[PROP_ABS_TOLERANCE] = kpi_param_spec_nan_double ("abs-tolerance", NAN, rw);

  /**
   * KpiReconciliationCheck:rel-tolerance:
   *
   * The largest relative difference, |*a* − *b*| / max(|*a*|, |*b*|), of
   * two values that agree: 0.1 (the default) for 10 %; NaN for none.
   *
   * Since: 0.1
   */
  properties[PROP_REL_TOLERANCE] =
    kpi_param_spec_nan_double ("rel-tolerance", DEFAULT_REL_TOLERANCE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_reconciliation_check_init (KpiReconciliationCheck *self)
{
  self->abs_tolerance = NAN;
  self->rel_tolerance = DEFAULT_REL_TOLERANCE;
  /* Any value beyond the tolerance warns; a quarter apart fails. */
  kpi_check_set_thresholds (KPI_CHECK (self), DEFAULT_WARN, DEFAULT_FAIL);
}

/**
 * kpi_reconciliation_check_new:
 * @dataset_name: the name of the dataset to check, as the context knows it
 * @formula: the figure, computed on it
 * @other_dataset_name: the name of the other source
 * @other_formula: (nullable): the figure computed on the other source;
 *   %NULL for @formula
 *
 * Creates a check that two sources of one figure agree, period by period.
 *
 * Returns: (transfer full): a new check
 *
 * Since: 0.1
 */
KpiCheck *
kpi_reconciliation_check_new (const char *dataset_name,
                              const char *formula,
                              const char *other_dataset_name,
                              const char *other_formula)
{
  return g_object_new (KPI_TYPE_RECONCILIATION_CHECK,
                       "dataset-name", dataset_name,
                       "formula", formula,
                       "other-dataset-name", other_dataset_name,
                       "other-formula", other_formula,
                       NULL);
}

static void
set_string (KpiReconciliationCheck  *self,
            char                   **field,
            const char              *value,
            guint                    prop)
{
  if (kpi_set_str (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * kpi_reconciliation_check_get_formula:
 * @self: a reconciliation check
 *
 * Gets the formula on the checked dataset.
 *
 * Returns: (nullable): the formula on the checked dataset
 *
 * Since: 0.1
 */
const char *
kpi_reconciliation_check_get_formula (KpiReconciliationCheck *self)
{
  g_return_val_if_fail (KPI_IS_RECONCILIATION_CHECK (self), NULL);

  return self->formula;
}

/**
 * kpi_reconciliation_check_set_formula:
 * @self: a reconciliation check
 * @formula: (nullable): the formula on the checked dataset
 *
 * Sets [property@Kpi.ReconciliationCheck:formula]; it is read when the
 * check runs.
 *
 * Since: 0.1
 */
void
kpi_reconciliation_check_set_formula (KpiReconciliationCheck *self,
                                      const char             *formula)
{
  g_return_if_fail (KPI_IS_RECONCILIATION_CHECK (self));

  set_string (self, &self->formula, formula, PROP_FORMULA);
}

/**
 * kpi_reconciliation_check_get_other_dataset_name:
 * @self: a reconciliation check
 *
 * Gets the name of the other source.
 *
 * Returns: (nullable): the name of the other source
 *
 * Since: 0.1
 */
const char *
kpi_reconciliation_check_get_other_dataset_name (KpiReconciliationCheck *self)
{
  g_return_val_if_fail (KPI_IS_RECONCILIATION_CHECK (self), NULL);

  return self->other_dataset_name;
}

/**
 * kpi_reconciliation_check_set_other_dataset_name:
 * @self: a reconciliation check
 * @name: (nullable): the name of the other source, as the context knows it
 *
 * Sets [property@Kpi.ReconciliationCheck:other-dataset-name].
 *
 * Since: 0.1
 */
void
kpi_reconciliation_check_set_other_dataset_name (KpiReconciliationCheck *self,
                                                 const char             *name)
{
  g_return_if_fail (KPI_IS_RECONCILIATION_CHECK (self));

  set_string (self, &self->other_dataset_name, name, PROP_OTHER_DATASET_NAME);
}

/**
 * kpi_reconciliation_check_get_other_formula:
 * @self: a reconciliation check
 *
 * Gets the formula on the other source.
 *
 * Returns: (nullable): the formula on the other source, %NULL for the
 *   same formula
 *
 * Since: 0.1
 */
const char *
kpi_reconciliation_check_get_other_formula (KpiReconciliationCheck *self)
{
  g_return_val_if_fail (KPI_IS_RECONCILIATION_CHECK (self), NULL);

  return self->other_formula;
}

/**
 * kpi_reconciliation_check_set_other_formula:
 * @self: a reconciliation check
 * @formula: (nullable): the formula on the other source, %NULL for the
 *   same
 *
 * Sets [property@Kpi.ReconciliationCheck:other-formula].
 *
 * Since: 0.1
 */
void
kpi_reconciliation_check_set_other_formula (KpiReconciliationCheck *self,
                                            const char             *formula)
{
  g_return_if_fail (KPI_IS_RECONCILIATION_CHECK (self));

  set_string (self, &self->other_formula, formula, PROP_OTHER_FORMULA);
}

/**
 * kpi_reconciliation_check_get_abs_tolerance:
 * @self: a reconciliation check
 *
 * Gets the absolute tolerance.
 *
 * Returns: the absolute tolerance, NaN for none
 *
 * Since: 0.1
 */
double
kpi_reconciliation_check_get_abs_tolerance (KpiReconciliationCheck *self)
{
  g_return_val_if_fail (KPI_IS_RECONCILIATION_CHECK (self), NAN);

  return self->abs_tolerance;
}

/**
 * kpi_reconciliation_check_set_abs_tolerance:
 * @self: a reconciliation check
 * @tolerance: the largest absolute difference of two values that agree,
 *   NaN for none; a negative one makes the check fail to run
 *   (%KPI_CHECK_ERROR_INVALID)
 *
 * Sets [property@Kpi.ReconciliationCheck:abs-tolerance].
 *
 * Since: 0.1
 */
void
kpi_reconciliation_check_set_abs_tolerance (KpiReconciliationCheck *self,
                                            double                  tolerance)
{
  g_return_if_fail (KPI_IS_RECONCILIATION_CHECK (self));

  if (self->abs_tolerance == tolerance || (isnan (self->abs_tolerance) && isnan (tolerance)))
    return;
  self->abs_tolerance = tolerance;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ABS_TOLERANCE]);
}

/**
 * kpi_reconciliation_check_get_rel_tolerance:
 * @self: a reconciliation check
 *
 * Gets the relative tolerance.
 *
 * Returns: the relative tolerance, NaN for none
 *
 * Since: 0.1
 */
double
kpi_reconciliation_check_get_rel_tolerance (KpiReconciliationCheck *self)
{
  g_return_val_if_fail (KPI_IS_RECONCILIATION_CHECK (self), NAN);

  return self->rel_tolerance;
}

/**
 * kpi_reconciliation_check_set_rel_tolerance:
 * @self: a reconciliation check
 * @tolerance: the largest relative difference of two values that agree
 *   (0.1 for 10 %), NaN for none; a negative one makes the check fail to
 *   run (%KPI_CHECK_ERROR_INVALID)
 *
 * Sets [property@Kpi.ReconciliationCheck:rel-tolerance].
 *
 * Since: 0.1
 */
void
kpi_reconciliation_check_set_rel_tolerance (KpiReconciliationCheck *self,
                                            double                  tolerance)
{
  g_return_if_fail (KPI_IS_RECONCILIATION_CHECK (self));

  if (self->rel_tolerance == tolerance || (isnan (self->rel_tolerance) && isnan (tolerance)))
    return;
  self->rel_tolerance = tolerance;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REL_TOLERANCE]);
}
