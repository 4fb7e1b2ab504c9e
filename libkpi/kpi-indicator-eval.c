/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-indicator-eval.c: evaluating an indicator in a context
 *
 * The indicator's definition (kpi-indicator.c) knows neither the datasets
 * it reads by name nor the indicators its formula refers to: an evaluation
 * resolves them in the KpiContext it is given. This file does that, and
 * turns the public calls (one period, a series, a breakdown, and their
 * asynchronous forms) into requests for the formula evaluator
 * (kpi-eval.c). */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-indicator-private.h"
#include "kpi-suggest-private.h"
#include "kpi-value-private.h"
#include "kpi-util-private.h"

KpiDataset *
kpi_indicator_resolve_dataset (KpiIndicator  *self,
                               KpiContext    *context,
                               GError       **error)
{
  g_autofree char *name = NULL;
  KpiDataset *dataset = kpi_indicator_dup_dataset (self, &name);

  if (dataset != NULL)
    return dataset;
  if (name == NULL)
    {
      g_set_error (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_UNKNOWN_DATASET,
                   "indicator “%s” has no dataset: set one, or a dataset name the context resolves",
                   kpi_indicator_get_id (self));
      return NULL;
    }
  dataset = kpi_context_lookup_dataset (context, name);
  if (dataset == NULL)
    {
      g_autofree char *shown = kpi_text_for_message (name, -1, 0);
      g_auto(GStrv) names = kpi_context_list_dataset_names (context);
      g_autofree char *near = kpi_suggest_suffix (name, (const char * const *) names,
                                                   g_strv_length (names), "");

      g_set_error (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_UNKNOWN_DATASET,
                   "indicator “%s” reads dataset “%s”, which the context does not have%s",
                   kpi_indicator_get_id (self), shown, near);
      return NULL;
    }
  return dataset;
}

typedef struct
{
  KpiIndicator *indicator;   /* the one whose formula is being evaluated */
  KpiContext   *context;
  GPtrArray    *stack;       /* ids under evaluation */
} ResolveData;

/* Maps the groups of one dataset onto another's by value, so that a
 * reference to an indicator over another dataset can be broken down by the
 * same dimension. */
static guint32 *
remap_groups (const KpiEvalRequest *request,
              KpiDataset           *target,
              gsize                *len,
              GError              **error)
{
  g_auto(GStrv) from = kpi_dataset_dup_dimension_dictionary (request->dataset, request->group_by);
  g_auto(GStrv) to = kpi_dataset_dup_dimension_dictionary (target, request->group_by);
  g_autoptr(GHashTable) index = NULL;
  gsize n_to;
  guint32 *map;

  if (to == NULL)
    {
      g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_NOT_A_DIMENSION,
                   "cannot break down by “%s”: a referenced indicator’s dataset has no such dimension",
                   request->group_by);
      return NULL;
    }
  index = g_hash_table_new (g_str_hash, g_str_equal);
  for (gsize i = 0; from != NULL && from[i] != NULL; i++)
    g_hash_table_insert (index, from[i], GSIZE_TO_POINTER (i + 1));
  n_to = g_strv_length (to);
  map = g_new (guint32, MAX (n_to, 1));
  for (gsize j = 0; j < n_to; j++)
    {
      gsize i = GPOINTER_TO_SIZE (g_hash_table_lookup (index, to[j]));
      /* A value the first dataset never has falls where its rows' slot
       * would be: nowhere, unless the caller groups the rest as "other". */
      map[j] = i == 0 ? G_MAXUINT32 : (i - 1 < request->group_map_len ? request->group_map[i - 1] : G_MAXUINT32);
    }
  *len = n_to;
  return map;
}

static GPtrArray *
resolve_reference (const char           *id,
                   const KpiEvalRequest *request,
                   gpointer              user_data,
                   GError              **error)
{
  ResolveData *data = user_data;
  g_autoptr(KpiIndicator) target = kpi_context_lookup_indicator (data->context, id);

  if (target == NULL)
    {
      g_auto(GStrv) ids = kpi_context_list_indicator_ids (data->context);
      g_autofree char *near = kpi_suggest_suffix (id, (const char * const *) ids,
                                                   g_strv_length (ids), "@");

      g_set_error (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_UNKNOWN_INDICATOR,
                   "indicator “%s” refers to “@%s”, which the context does not have%s",
                   kpi_indicator_get_id (data->indicator), id, near);
      return NULL;
    }
  for (guint i = 0; i < data->stack->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (data->stack, i), id) == 0)
        {
          g_autoptr(GString) chain = g_string_new (NULL);
          for (guint j = i; j < data->stack->len; j++)
            g_string_append_printf (chain, "@%s → ", (const char *) g_ptr_array_index (data->stack, j));
          g_string_append_printf (chain, "@%s", id);
          g_set_error (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_CYCLE,
                       "indicators refer to each other in a cycle: %s", chain->str);
          return NULL;
        }
    }
  return kpi_indicator_evaluate_request (target, data->context, request, data->stack, error);
}

GPtrArray *
kpi_indicator_evaluate_request (KpiIndicator         *self,
                                KpiContext           *context,
                                const KpiEvalRequest *request,
                                GPtrArray            *stack,
                                GError              **error)
{
  KpiEvalRequest own = *request;
  ResolveData data = { self, context, stack };
  g_autofree guint32 *map = NULL;
  g_autoptr(KpiDataset) dataset = NULL;
  g_autoptr(KpiFormula) formula = NULL;
  GPtrArray *values;

  dataset = kpi_indicator_resolve_dataset (self, context, error);
  if (dataset == NULL)
    return NULL;

  if (request->group_by != NULL && request->dataset != NULL && request->dataset != dataset)
    {
      map = remap_groups (request, dataset, &own.group_map_len, error);
      if (map == NULL)
        return NULL;
      own.group_map = map;
    }
  formula = kpi_indicator_dup_formula (self);
  own.dataset = dataset;
  own.min_sample = kpi_indicator_get_min_sample (self);
  own.resolve = resolve_reference;
  own.resolve_data = &data;

  g_ptr_array_add (stack, (gpointer) kpi_indicator_get_id (self));
  values = kpi_formula_evaluate (formula, &own, error);
  g_ptr_array_remove_index (stack, stack->len - 1);
  return values;
}

/* ------------------------------------------------------------------------ */
/* Periods, series, breakdowns */

typedef struct
{
  const char    *group_by;
  const guint32 *group_map;
  gsize          group_map_len;
  guint32        missing_slot;
  guint          n_groups;
} Grouping;

/* The closure of @period: open until it ends, provisional until the
 * dataset's expected lag has passed, then final when the data reaches its
 * end and overdue when it does not. */
static KpiClosure
closure_of (const KpiPeriod *period,
            gint64           now,
            GTimeSpan        lag,
            gint64           data_end)
{
  gint64 end = kpi_period_get_end (period);

  if (now < end)
    return KPI_CLOSURE_OPEN;
  if (now - end < lag)
    return KPI_CLOSURE_PROVISIONAL;
  if (data_end == KPI_TIME_UNSET || data_end < end)
    return KPI_CLOSURE_OVERDUE;
  return KPI_CLOSURE_FINAL;
}

/* Says on each value where its period stands, when the indicator's
 * dataset has an expected lag (the values may be shared with the
 * evaluator's caches: those that change are copies). */
static void
set_closures (KpiIndicator *self,
              KpiContext   *context,
              GPtrArray    *values)
{
  g_autoptr(KpiDataset) dataset = kpi_indicator_resolve_dataset (self, context, NULL);
  KpiCalendar *calendar = kpi_context_get_calendar (context);
  GTimeSpan lag;
  gint64 now, data_end;

  if (dataset == NULL || (lag = kpi_dataset_get_expected_lag (dataset)) < 0)
    return;
  now = kpi_calendar_get_now (calendar);
  if (now == 0)
    now = g_get_real_time ();
  data_end = kpi_dataset_get_data_end (dataset, calendar);
  for (guint i = 0; i < values->len; i++)
    {
      KpiValue *value = g_ptr_array_index (values, i);
      const KpiPeriod *period = kpi_value_get_period (value);
      KpiValue *copy;

      if (period == NULL)
        continue;
      copy = kpi_value_copy (value);
      kpi_value_set_closure (copy, closure_of (period, now, lag, data_end));
      g_ptr_array_index (values, i) = copy;
      kpi_value_unref (value);
    }
}

static GPtrArray *
evaluate_periods (KpiIndicator    *self,
                  KpiContext      *context,
                  GPtrArray       *periods,
                  const Grouping  *grouping,
                  GCancellable    *cancellable,
                  GError         **error)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  g_autoptr(KpiDataset) dataset = NULL;
  KpiEvalRequest request = { 0 };
  GPtrArray *values;

  request.calendar = kpi_context_get_calendar (context);
  request.periods = periods;
  request.cancellable = cancellable;
  if (grouping != NULL)
    {
      request.group_by = grouping->group_by;
      request.group_map = grouping->group_map;
      request.group_map_len = grouping->group_map_len;
      request.missing_slot = grouping->missing_slot;
      request.n_groups = grouping->n_groups;
      dataset = kpi_indicator_resolve_dataset (self, context, error);
      if (dataset == NULL)
        return NULL;
      request.dataset = dataset;
    }
  values = kpi_indicator_evaluate_request (self, context, &request, stack, error);
  if (values != NULL)
    set_closures (self, context, values);
  return values;
}

/**
 * kpi_indicator_evaluate:
 * @self: an indicator
 * @context: where names lead, and the calendar of @period
 * @period: the period
 * @error: return location for a #GError
 *
 * Computes the indicator for one period. A value that cannot be computed
 * (a division by zero, an average of no rows, a period outside the data) is
 * not an error: it is a missing value whose flags say why. Errors are for
 * definitions that do not fit: a formula over fields the dataset does not
 * have (%KPI_FORMULA_ERROR), a dataset name or a reference the context does
 * not resolve, a cycle of references (%KPI_CONTEXT_ERROR).
 *
 * Several threads may evaluate indicators over one dataset at once.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL on error
 *
 * Since: 0.1
 */
KpiValue *
kpi_indicator_evaluate (KpiIndicator     *self,
                        KpiContext       *context,
                        const KpiPeriod  *period,
                        GError          **error)
{
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GPtrArray) values = NULL;

  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  periods = g_ptr_array_new ();
  g_ptr_array_add (periods, (gpointer) period);
  values = evaluate_periods (self, context, periods, NULL, NULL, error);
  if (values == NULL)
    return NULL;
  return kpi_value_ref (g_ptr_array_index (values, 0));
}

static GPtrArray *
evaluate_series (KpiIndicator     *self,
                 KpiContext       *context,
                 const KpiPeriod  *first,
                 const KpiPeriod  *last,
                 GCancellable     *cancellable,
                 GError          **error)
{
  g_autoptr(GPtrArray) periods = NULL;

  if (kpi_period_get_granularity (first) != kpi_period_get_granularity (last))
    {
      g_set_error (error, KPI_CALENDAR_ERROR, KPI_CALENDAR_ERROR_INVALID_RANGE,
                   "a series runs from a period to another of the same granularity, not from %s to %s",
                   kpi_period_get_label (first), kpi_period_get_label (last));
      return NULL;
    }
  periods = kpi_calendar_list_periods (kpi_context_get_calendar (context), first, last);
  return evaluate_periods (self, context, periods, NULL, cancellable, error);
}

/**
 * kpi_indicator_explain:
 * @self: an indicator
 * @context: where names lead, and the calendar of @periods
 * @periods: (element-type KpiPeriod): the periods the evaluation is for
 * @error: return location for a #GError
 *
 * The SQL an evaluation of the indicator for @periods runs in the database
 * its dataset is attached to ([method@Kpi.Dataset.attach_table]): one
 * query computing every aggregate of the formula for every period (those
 * prev() and last_year() shift to included), with the values it binds
 * listed after it as SQL comments (`-- $1 = 1735689600000000`). Literals
 * of the formula are parameters, never part of the SQL text. The
 * arithmetic between aggregates, prev(), last_year() and references to
 * other indicators are computed afterwards, as in memory: they are not in
 * the query.
 *
 * Fails with %KPI_FORMULA_ERROR_NOT_PUSHABLE when the dataset is not
 * attached to a database or when the formula cannot be evaluated there
 * (first(), last(), snapshot(), median() in SQLite), naming the construct.
 *
 * Returns: (transfer full) (nullable): the SQL and its parameters, or
 *   %NULL on error
 *
 * Since: 0.1
 */
char *
kpi_indicator_explain (KpiIndicator  *self,
                       KpiContext    *context,
                       GPtrArray     *periods,
                       GError       **error)
{
  g_autoptr(KpiDataset) dataset = NULL;
  g_autoptr(KpiFormula) formula = NULL;
  KpiEvalRequest request = { 0 };

  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (periods != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dataset = kpi_indicator_resolve_dataset (self, context, error);
  if (dataset == NULL)
    return NULL;
  formula = kpi_indicator_dup_formula (self);
  request.dataset = dataset;
  request.calendar = kpi_context_get_calendar (context);
  request.periods = periods;
  request.min_sample = kpi_indicator_get_min_sample (self);
  return kpi_formula_explain (formula, &request, error);
}

/* The dataset of @self, when @dimension is one of its dimensions. */
static KpiDataset *
breakdown_dataset (KpiIndicator  *self,
                   KpiContext    *context,
                   const char    *dimension,
                   GError       **error)
{
  g_autoptr(KpiDataset) dataset = kpi_indicator_resolve_dataset (self, context, error);
  KpiColumnKind kind;

  if (dataset == NULL)
    return NULL;
  if (!kpi_dataset_lookup_column (dataset, dimension, NULL, &kind) || kind != KPI_COLUMN_DIMENSION)
    {
      g_autofree char *shown = kpi_text_for_message (dimension, -1, 0);

      g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_NOT_A_DIMENSION,
                   "cannot break “%s” down by “%s”: not a dimension of its dataset",
                   kpi_indicator_get_id (self), shown);
      return NULL;
    }
  return g_steal_pointer (&dataset);
}

/**
 * kpi_indicator_explain_breakdown:
 * @self: an indicator
 * @context: where names lead, and the calendar of @periods
 * @periods: (element-type KpiPeriod): the periods the evaluation is for
 * @dimension: a dimension column of the indicator's dataset
 * @error: return location for a #GError
 *
 * The SQL a breakdown of the indicator by @dimension
 * ([method@Kpi.Indicator.evaluate_breakdown]) runs for @periods, as
 * [method@Kpi.Indicator.explain] shows it: one query computing every
 * aggregate for every period and every value of @dimension (the rows
 * where it is missing apart), the values it binds listed after it.
 *
 * Fails as [method@Kpi.Indicator.explain] does, and with
 * %KPI_FORMULA_ERROR_NOT_A_DIMENSION when @dimension is not a dimension of
 * the dataset.
 *
 * Returns: (transfer full) (nullable): the SQL and its parameters, or
 *   %NULL on error
 *
 * Since: 0.1
 */
char *
kpi_indicator_explain_breakdown (KpiIndicator  *self,
                                 KpiContext    *context,
                                 GPtrArray     *periods,
                                 const char    *dimension,
                                 GError       **error)
{
  g_autoptr(KpiDataset) dataset = NULL;
  g_autoptr(KpiFormula) formula = NULL;
  g_autofree guint32 *map = NULL;
  g_auto(GStrv) dict = NULL;
  KpiEvalRequest request = { 0 };
  gsize n_codes;

  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (periods != NULL, NULL);
  g_return_val_if_fail (dimension != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dataset = breakdown_dataset (self, context, dimension, error);
  if (dataset == NULL)
    return NULL;
  /* As the first pass of evaluate_breakdown(): every value its own group,
   * the missing value last */
  dict = kpi_dataset_dup_dimension_dictionary (dataset, dimension);
  n_codes = g_strv_length (dict);
  map = g_new (guint32, MAX (n_codes, 1));
  for (gsize i = 0; i < n_codes; i++)
    map[i] = (guint32) i;
  formula = kpi_indicator_dup_formula (self);
  request.dataset = dataset;
  request.calendar = kpi_context_get_calendar (context);
  request.periods = periods;
  request.min_sample = kpi_indicator_get_min_sample (self);
  request.group_by = dimension;
  request.group_map = map;
  request.group_map_len = n_codes;
  request.missing_slot = (guint32) n_codes;
  request.n_groups = (guint) n_codes + 1;
  return kpi_formula_explain (formula, &request, error);
}

/**
 * kpi_indicator_evaluate_series:
 * @self: an indicator
 * @context: where names lead, and the calendar of the periods
 * @first: the first period
 * @last: the last period, of the same granularity
 * @error: return location for a #GError
 *
 * Computes the indicator for every period from @first to @last, empty
 * periods included (a sum over no rows is 0, an average is missing with
 * %KPI_VALUE_FLAG_NO_DATA; a period outside the data has no value, flagged
 * %KPI_VALUE_FLAG_NO_DATA). Periods of two granularities are an error
 * (%KPI_CALENDAR_ERROR_INVALID_RANGE). See
 * [method@Kpi.Indicator.evaluate_series_async] for a dashboard that must
 * not wait.
 *
 * Returns: (transfer container) (element-type KpiValue) (nullable): one
 *   value per period, in order, or %NULL on error
 *
 * Since: 0.1
 */
GPtrArray *
kpi_indicator_evaluate_series (KpiIndicator     *self,
                               KpiContext       *context,
                               const KpiPeriod  *first,
                               const KpiPeriod  *last,
                               GError          **error)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (first != NULL && last != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return evaluate_series (self, context, first, last, NULL, error);
}

typedef struct
{
  guint32  code;
  double   value;
  gboolean missing;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  /* Missing values last; then by value, largest first; then by code, so
   * that ties keep the order of first appearance. */
  if (x->missing != y->missing)
    return x->missing ? 1 : -1;
  if (!x->missing && x->value != y->value)
    return x->value > y->value ? -1 : 1;
  return x->code < y->code ? -1 : x->code > y->code;
}

static GPtrArray *
evaluate_breakdown (KpiIndicator     *self,
                    KpiContext       *context,
                    const KpiPeriod  *period,
                    const char       *dimension,
                    guint             top_n,
                    KpiValue        **total,
                    GCancellable     *cancellable,
                    GError          **error)
{
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GArray) ranked = NULL;
  g_autoptr(KpiDataset) dataset = NULL;
  g_autofree guint32 *map = NULL;
  g_auto(GStrv) dict = NULL;
  Grouping grouping = { 0 };
  GPtrArray *result;
  gsize n_codes;

  dataset = breakdown_dataset (self, context, dimension, error);
  if (dataset == NULL)
    return NULL;

  periods = g_ptr_array_new ();
  g_ptr_array_add (periods, (gpointer) period);
  /* A copy of the values as they are now: rows appended in another thread
   * while this runs add codes beyond the map, which no group takes. */
  dict = kpi_dataset_dup_dimension_dictionary (dataset, dimension);
  n_codes = g_strv_length (dict);

  /* First pass: every group on its own (the missing value last). */
  map = g_new (guint32, MAX (n_codes, 1));
  for (gsize i = 0; i < n_codes; i++)
    map[i] = (guint32) i;
  grouping.group_by = dimension;
  grouping.group_map = map;
  grouping.group_map_len = n_codes;
  grouping.missing_slot = (guint32) n_codes;
  grouping.n_groups = (guint) n_codes + 1;
  all = evaluate_periods (self, context, periods, &grouping, cancellable, error);
  if (all == NULL)
    return NULL;

  ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  for (gsize i = 0; i <= n_codes; i++)
    {
      KpiValue *v = g_ptr_array_index (all, i);
      Ranked r = { (guint32) i, 0, TRUE };

      /* Groups without a single row are not groups. */
      if (kpi_value_get_sample_size (v) == 0 && kpi_value_is_missing (v))
        continue;
      if (i == n_codes && kpi_value_get_sample_size (v) == 0)
        continue;
      r.missing = !kpi_value_get_number (v, &r.value);
      g_array_append_val (ranked, r);
    }
  g_array_sort (ranked, compare_ranked);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_value_unref);
  if (top_n == 0 || ranked->len <= top_n)
    {
      for (guint i = 0; i < ranked->len; i++)
        {
          Ranked *r = &g_array_index (ranked, Ranked, i);
          KpiValue *v = kpi_value_ref (g_ptr_array_index (all, r->code));

          if (r->code == n_codes)
            kpi_value_set_group (v, KPI_GROUP_KIND_MISSING, NULL);
          else
            kpi_value_set_group (v, KPI_GROUP_KIND_VALUE, dict[r->code]);
          g_ptr_array_add (result, v);
        }
    }
  else
    {
      g_autoptr(GPtrArray) cut = NULL;
      guint32 missing_slot = top_n;

      /* Second pass: the kept groups, and every other row in one group. */
      for (gsize i = 0; i < n_codes; i++)
        map[i] = top_n;
      for (guint i = 0; i < top_n; i++)
        {
          Ranked *r = &g_array_index (ranked, Ranked, i);
          if (r->code < n_codes)
            map[r->code] = i;
          else
            missing_slot = i;
        }
      grouping.missing_slot = missing_slot;
      grouping.n_groups = top_n + 1;
      cut = evaluate_periods (self, context, periods, &grouping, cancellable, error);
      if (cut == NULL)
        {
          g_ptr_array_unref (result);
          return NULL;
        }
      for (guint i = 0; i <= top_n; i++)
        {
          KpiValue *v = kpi_value_ref (g_ptr_array_index (cut, i));

          if (i == top_n)
            kpi_value_set_group (v, KPI_GROUP_KIND_OTHER, NULL);
          else if (g_array_index (ranked, Ranked, i).code == n_codes)
            kpi_value_set_group (v, KPI_GROUP_KIND_MISSING, NULL);
          else
            kpi_value_set_group (v, KPI_GROUP_KIND_VALUE, dict[g_array_index (ranked, Ranked, i).code]);
          g_ptr_array_add (result, v);
        }
    }

  if (total != NULL)
    {
      g_autoptr(GPtrArray) whole = evaluate_periods (self, context, periods, NULL, cancellable, error);

      if (whole == NULL)
        {
          g_ptr_array_unref (result);
          return NULL;
        }
      *total = kpi_value_ref (g_ptr_array_index (whole, 0));
    }
  return result;
}

/**
 * kpi_indicator_evaluate_breakdown:
 * @self: an indicator
 * @context: where names lead, and the calendar of @period
 * @period: the period
 * @dimension: a dimension column of the indicator's dataset
 * @top_n: how many groups to keep, the largest values first; 0 keeps all
 * @total: (out) (optional) (transfer full): the value over all rows
 * @error: return location for a #GError
 *
 * Computes the indicator for each value of @dimension in @period. With
 * @top_n, the @top_n groups of largest value are kept and the others are
 * gathered into one group of kind %KPI_GROUP_KIND_OTHER, computed from
 * their rows (not by adding up their values): the other of a ratio is the
 * ratio of its sums, and a distinct count is never summed. Rows whose
 * dimension is missing go to a group of kind %KPI_GROUP_KIND_MISSING, or to
 * the other group when @top_n cuts it. @total is computed from all the
 * rows the same way. [method@Kpi.Value.get_group_kind] tells the groups
 * apart (a dimension may well hold a value called `other`).
 *
 * Returns: (transfer container) (element-type KpiValue) (nullable): one
 *   value per group ([method@Kpi.Value.get_group]), largest first and the
 *   other group last, or %NULL on error
 *
 * Since: 0.1
 */
GPtrArray *
kpi_indicator_evaluate_breakdown (KpiIndicator     *self,
                                  KpiContext       *context,
                                  const KpiPeriod  *period,
                                  const char       *dimension,
                                  guint             top_n,
                                  KpiValue        **total,
                                  GError          **error)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (dimension != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return evaluate_breakdown (self, context, period, dimension, top_n, total, NULL, error);
}

/* ------------------------------------------------------------------------ */
/* Asynchronously, in a worker thread */

typedef struct
{
  KpiContext *context;
  KpiPeriod  *first;
  KpiPeriod  *last;        /* series; NULL for a breakdown */
  char       *dimension;
  guint       top_n;
  KpiValue   *total;       /* breakdown: the result's total */
} EvalJob;

static void
eval_job_free (gpointer data)
{
  EvalJob *job = data;

  g_object_unref (job->context);
  kpi_period_free (job->first);
  g_clear_pointer (&job->last, kpi_period_free);
  g_free (job->dimension);
  g_clear_pointer (&job->total, kpi_value_unref);
  g_free (job);
}

static GPtrArray *
series_job_run (gpointer       source,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  EvalJob *job = data;

  return evaluate_series (source, job->context, job->first, job->last, cancellable, error);
}

/**
 * kpi_indicator_evaluate_series_async:
 * @self: an indicator
 * @context: where names lead, and the calendar of the periods
 * @first: the first period
 * @last: the last period, of the same granularity
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the series is computed
 * @user_data: data for @callback
 *
 * Computes [method@Kpi.Indicator.evaluate_series] in a worker thread; the
 * callback is called in the thread-default main context of this call, and
 * gets the values from [method@Kpi.Indicator.evaluate_series_finish].
 * Cancelling stops the evaluation at the next chunk of rows.
 *
 * Since: 0.1
 */
void
kpi_indicator_evaluate_series_async (KpiIndicator        *self,
                                     KpiContext          *context,
                                     const KpiPeriod     *first,
                                     const KpiPeriod     *last,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  EvalJob *job;

  g_return_if_fail (KPI_IS_INDICATOR (self));
  g_return_if_fail (KPI_IS_CONTEXT (context));
  g_return_if_fail (first != NULL && last != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (EvalJob, 1);
  job->context = g_object_ref (context);
  job->first = kpi_period_copy (first);
  job->last = kpi_period_copy (last);
  kpi_task_run_in_thread (self, kpi_indicator_evaluate_series_async, job, eval_job_free,
                          series_job_run, cancellable, callback, user_data);
}

/**
 * kpi_indicator_evaluate_series_finish:
 * @self: an indicator
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Gets the result of [method@Kpi.Indicator.evaluate_series_async].
 *
 * Returns: (transfer container) (element-type KpiValue) (nullable): one
 *   value per period, or %NULL with @error set (%G_IO_ERROR_CANCELLED when
 *   cancelled)
 *
 * Since: 0.1
 */
GPtrArray *
kpi_indicator_evaluate_series_finish (KpiIndicator  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);

  return kpi_task_finish (self, result, kpi_indicator_evaluate_series_async, error);
}

static GPtrArray *
breakdown_job_run (gpointer       source,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  EvalJob *job = data;

  return evaluate_breakdown (source, job->context, job->first, job->dimension, job->top_n,
                             &job->total, cancellable, error);
}

/**
 * kpi_indicator_evaluate_breakdown_async:
 * @self: an indicator
 * @context: where names lead, and the calendar of @period
 * @period: the period
 * @dimension: a dimension column of the indicator's dataset
 * @top_n: how many groups to keep; 0 keeps all
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the breakdown is computed
 * @user_data: data for @callback
 *
 * Computes [method@Kpi.Indicator.evaluate_breakdown] in a worker thread;
 * the callback is called in the thread-default main context of this call
 * and gets the groups and the total from
 * [method@Kpi.Indicator.evaluate_breakdown_finish].
 *
 * Since: 0.1
 */
void
kpi_indicator_evaluate_breakdown_async (KpiIndicator        *self,
                                        KpiContext          *context,
                                        const KpiPeriod     *period,
                                        const char          *dimension,
                                        guint                top_n,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  EvalJob *job;

  g_return_if_fail (KPI_IS_INDICATOR (self));
  g_return_if_fail (KPI_IS_CONTEXT (context));
  g_return_if_fail (period != NULL);
  g_return_if_fail (dimension != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (EvalJob, 1);
  job->context = g_object_ref (context);
  job->first = kpi_period_copy (period);
  job->dimension = g_strdup (dimension);
  job->top_n = top_n;
  kpi_task_run_in_thread (self, kpi_indicator_evaluate_breakdown_async, job, eval_job_free,
                          breakdown_job_run, cancellable, callback, user_data);
}

/**
 * kpi_indicator_evaluate_breakdown_finish:
 * @self: an indicator
 * @result: the #GAsyncResult given to the callback
 * @total: (out) (optional) (transfer full): the value over all rows
 * @error: return location for a #GError
 *
 * Gets the result of [method@Kpi.Indicator.evaluate_breakdown_async].
 *
 * Returns: (transfer container) (element-type KpiValue) (nullable): one
 *   value per group, or %NULL with @error set (%G_IO_ERROR_CANCELLED when
 *   cancelled)
 *
 * Since: 0.1
 */
GPtrArray *
kpi_indicator_evaluate_breakdown_finish (KpiIndicator  *self,
                                         GAsyncResult  *result,
                                         KpiValue     **total,
                                         GError       **error)
{
  GPtrArray *values;

  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);

  values = kpi_task_finish (self, result, kpi_indicator_evaluate_breakdown_async, error);
  if (total != NULL)
    {
      EvalJob *job = values != NULL ? kpi_task_get_job (result) : NULL;

      *total = job != NULL && job->total != NULL ? kpi_value_ref (job->total) : NULL;
    }
  return values;
}

/* ------------------------------------------------------------------------ */
/* What an indicator reads */

static void
dataset_reads_free (gpointer data)
{
  KpiIndicatorReads *r = data;

  g_hash_table_unref (r->fields);
  g_free (r);
}

/* Adds what @self reads (and, through its references, what they read) to
 * @reads (dataset name -> KpiIndicatorReads), @back periods and a year earlier
 * too when @last_year: the reach of the formulas that refer to it. */
static gboolean
collect_reads (KpiIndicator  *self,
               KpiContext    *context,
               guint          back,
               gboolean       last_year,
               gboolean       history,
               GHashTable    *reads,
               GPtrArray     *stack,
               GError       **error)
{
  g_autoptr(KpiFormula) formula = kpi_indicator_dup_formula (self);
  g_autofree char *name = NULL;
  g_autoptr(KpiDataset) own = NULL;
  g_auto(GStrv) refs = NULL;
  guint reach_back;
  gboolean reach_ly, reach_hist;

  if (formula == NULL)
    return TRUE;
  kpi_formula_get_reach (formula, &reach_back, &reach_ly, &reach_hist);
  back += reach_back;
  last_year |= reach_ly;
  history |= reach_hist;

  if (kpi_formula_reads_rows (formula))
    {
      own = kpi_indicator_dup_dataset (self, &name);
      if (own != NULL && name == NULL)
        name = kpi_context_dup_dataset_name (context, own);
      else if (own == NULL && name == NULL)
        {
          g_autoptr(KpiDataset) d = kpi_indicator_resolve_dataset (self, context, error);
          if (d == NULL)
            return FALSE;
        }
      if (name != NULL)
        {
          g_auto(GStrv) fields = kpi_formula_list_fields (formula);
          KpiIndicatorReads *r = g_hash_table_lookup (reads, name);

          if (r == NULL)
            {
              r = g_new0 (KpiIndicatorReads, 1);
              r->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
              g_hash_table_insert (reads, g_strdup (name), r);
            }
          for (guint i = 0; fields[i] != NULL; i++)
            g_hash_table_add (r->fields, g_strdup (fields[i]));
          r->back = MAX (r->back, back);
          r->last_year |= last_year;
          r->history |= history;
        }
    }

  refs = kpi_formula_list_references (formula);
  for (guint i = 0; refs[i] != NULL; i++)
    {
      g_autoptr(KpiIndicator) target = kpi_context_lookup_indicator (context, refs[i]);
      gboolean ok;

      if (target == NULL)
        {
          g_set_error (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_UNKNOWN_INDICATOR,
                       "indicator “%s” refers to “@%s”, which the context does not have",
                       kpi_indicator_get_id (self), refs[i]);
          return FALSE;
        }
      if (g_ptr_array_find (stack, target, NULL))
        {
          g_set_error (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_CYCLE,
                       "indicators refer to each other in a cycle through “@%s”", refs[i]);
          return FALSE;
        }
      g_ptr_array_add (stack, target);
      ok = collect_reads (target, context, back, last_year, history, reads, stack, error);
      g_ptr_array_remove_index (stack, stack->len - 1);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* See kpi-indicator-private.h */
GHashTable *
kpi_indicator_collect_reads (KpiIndicator  *self,
                             KpiContext    *context,
                             GError       **error)
{
  g_autoptr(GHashTable) reads = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                       g_free, dataset_reads_free);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, self);
  if (!collect_reads (self, context, 0, FALSE, FALSE, reads, stack, error))
    return NULL;
  return g_steal_pointer (&reads);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static char **
sorted_keys (GHashTable *set)
{
  guint n;
  char **keys = (char **) g_hash_table_get_keys_as_array (set, &n);
  char **copy;

  qsort (keys, n, sizeof (char *), compare_strings);
  copy = g_strdupv (keys);
  g_free (keys);
  return copy;
}

/**
 * kpi_indicator_list_datasets:
 * @self: an indicator
 * @context: where names lead
 * @error: return location for a #GError
 *
 * Lists the datasets the indicator reads, by the names @context knows
 * them by: its own, and those of the indicators its formula refers to
 * (`@id`), followed to the end. A dataset set on an indicator that the
 * context does not name is left out.
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the
 *   names, sorted, or %NULL with @error set (a reference or a dataset
 *   the context does not have, a cycle: %KPI_CONTEXT_ERROR)
 *
 * Since: 0.1
 */
char **
kpi_indicator_list_datasets (KpiIndicator  *self,
                             KpiContext    *context,
                             GError       **error)
{
  g_autoptr(GHashTable) reads = NULL;

  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reads = kpi_indicator_collect_reads (self, context, error);
  return reads != NULL ? sorted_keys (reads) : NULL;
}

/**
 * kpi_indicator_list_fields:
 * @self: an indicator
 * @context: where names lead
 * @dataset_name: one of the datasets it reads
 *   ([method@Kpi.Indicator.list_datasets])
 * @error: return location for a #GError
 *
 * Lists the fields of @dataset_name the indicator reads, through its
 * references too.
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the
 *   field names, sorted (none when it does not read @dataset_name), or
 *   %NULL with @error set
 *
 * Since: 0.1
 */
char **
kpi_indicator_list_fields (KpiIndicator  *self,
                           KpiContext    *context,
                           const char    *dataset_name,
                           GError       **error)
{
  g_autoptr(GHashTable) reads = NULL;
  KpiIndicatorReads *r;

  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (dataset_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reads = kpi_indicator_collect_reads (self, context, error);
  if (reads == NULL)
    return NULL;
  r = g_hash_table_lookup (reads, dataset_name);
  return r != NULL ? sorted_keys (r->fields) : g_new0 (char *, 1);
}

/**
 * kpi_indicator_list_periods_read:
 * @self: an indicator
 * @context: where names lead, and the calendar of @period
 * @dataset_name: one of the datasets it reads
 * @period: the period of a value
 * @error: return location for a #GError
 *
 * Lists the periods of @dataset_name that the indicator's value for
 * @period reads: @period itself, the periods before it that `prev()`,
 * `retained()` and `churned()` reach, the same periods a year earlier for
 * `last_year()`, and, for `new()` and `snapshot()`, which read every
 * earlier row, one custom period from the start of the calendar's range to
 * @period's start. A data-quality finding taints the value when its scope
 * overlaps one of them.
 *
 * Returns: (transfer container) (element-type KpiPeriod) (nullable): the
 *   periods (none when it does not read @dataset_name), or %NULL with
 *   @error set
 *
 * Since: 0.1
 */
GPtrArray *
kpi_indicator_list_periods_read (KpiIndicator     *self,
                                 KpiContext       *context,
                                 const char       *dataset_name,
                                 const KpiPeriod  *period,
                                 GError          **error)
{
  g_autoptr(GHashTable) reads = NULL;
  KpiIndicatorReads *r;

  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (dataset_name != NULL, NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reads = kpi_indicator_collect_reads (self, context, error);
  if (reads == NULL)
    return NULL;
  r = g_hash_table_lookup (reads, dataset_name);
  if (r == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);

  return kpi_indicator_reads_periods (r, kpi_context_get_calendar (context), period);
}

/* See kpi-indicator-private.h */
GPtrArray *
kpi_indicator_reads_periods (const KpiIndicatorReads *r,
                             KpiCalendar             *calendar,
                             const KpiPeriod         *period)
{
  GPtrArray *periods = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
  guint n_base;

  g_ptr_array_add (periods, kpi_period_copy (period));
  for (guint k = 1; k <= r->back; k++)
    {
      KpiPeriod *p = kpi_calendar_offset (calendar, period, -(int) k);
      if (p == NULL)
        break;   /* before the years 1 to 9999: nothing there to read */
      g_ptr_array_add (periods, p);
    }
  n_base = periods->len;
  if (r->last_year)
    for (guint i = 0; i < n_base; i++)
      {
        KpiPeriod *p = kpi_calendar_same_period_last_year (calendar, g_ptr_array_index (periods, i));
        if (p != NULL)
          g_ptr_array_add (periods, p);
      }
  if (r->history)
    {
      gint64 start = G_MAXINT64;

      for (guint i = 0; i < periods->len; i++)
        start = MIN (start, kpi_period_get_start (g_ptr_array_index (periods, i)));
      /* the calendar's range starts in year 1: no period reaches before */
      {
        g_autoptr(KpiPeriod) first = kpi_calendar_parse_period (calendar, "0001-01-01", NULL);
        KpiPeriod *before = first != NULL && kpi_period_get_start (first) < start
          ? kpi_calendar_custom_period (calendar, kpi_period_get_start (first), start, NULL)
          : NULL;
        if (before != NULL)
          g_ptr_array_add (periods, before);
      }
    }
  return periods;
}
