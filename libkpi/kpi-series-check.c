/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-series-check.c: what the checks over an indicator's series share
 *
 * KpiOutlierCheck and KpiSeasonalCheck judge an indicator's values, not
 * rows: this file evaluates the series they judge through the public
 * evaluation API (a series, or a breakdown per period when the check has a
 * group-by dimension), and turns the scores they work out into a result
 * whose scope is what the indicator reads. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-series-check-private.h"
#include "kpi-stats-private.h"
#include "kpi-suggest-private.h"
#include "kpi-util-private.h"

/* Rows between two looks at the cancellable */
#define CANCEL_CHUNK 65536

void
kpi_series_free (KpiSeries *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->indicator);
  g_clear_object (&self->dataset);
  g_free (self->dataset_name);
  g_strfreev (self->fields);
  g_clear_pointer (&self->periods, g_ptr_array_unref);
  g_free (self->judged);
  g_free (self->dimension);
  g_strfreev (self->groups);
  g_free (self->values);
  g_free (self);
}

/* An indicator id made of the check's id when it is one (letters, digits
 * and underscores, not starting with a digit), so that evaluation errors
 * name the check. */
static char *
formula_indicator_id (KpiCheck *check)
{
  const char *id = kpi_check_get_id (check);

  if (id == NULL || *id == '\0' || g_ascii_isdigit (*id))
    return g_strdup ("formula");
  for (const char *c = id; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_')
      return g_strdup ("formula");
  return g_strdup (id);
}

/* Resolves what the check judges: the indicator, the dataset it reads and
 * the name of that dataset. */
static gboolean
resolve_indicator (KpiSeries   *self,
                   KpiCheck    *check,
                   KpiContext  *context,
                   const char  *indicator_id,
                   const char  *formula,
                   GError     **error)
{
  if ((indicator_id == NULL) == (formula == NULL))
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   indicator_id == NULL
                   ? "%s: no series to judge: set an indicator-id or a formula"
                   : "%s: set an indicator-id or a formula, not both",
                   kpi_check_display_name (check, "check"));
      return FALSE;
    }

  if (indicator_id != NULL)
    {
      const char *name;

      self->indicator = kpi_context_lookup_indicator (context, indicator_id);
      if (self->indicator == NULL)
        {
          g_auto(GStrv) ids = kpi_context_list_indicator_ids (context);
          g_autofree char *shown = kpi_text_for_message (indicator_id, -1, KPI_MESSAGE_QUOTE_CHARS);
          g_autofree char *near = kpi_suggest_suffix (indicator_id, (const char * const *) ids,
                                                       ids != NULL ? g_strv_length (ids) : 0, "");

          g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                       "%s: unknown indicator “%s”%s", kpi_check_display_name (check, "check"), shown, near);
          return FALSE;
        }
      name = kpi_indicator_get_dataset_name (self->indicator);
      self->dataset_name = g_strdup (name);
      if (kpi_indicator_get_dataset (self->indicator) != NULL)
        self->dataset = g_object_ref (kpi_indicator_get_dataset (self->indicator));
      else if (self->dataset_name != NULL)
        {
          self->dataset = kpi_context_lookup_dataset (context, self->dataset_name);
          if (self->dataset == NULL)
            {
              g_autofree char *shown = kpi_text_for_message (self->dataset_name, -1,
                                                             KPI_MESSAGE_QUOTE_CHARS);

              g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_NO_DATASET,
                           "%s: indicator “%s” reads dataset “%s”, which the context does not have",
                           kpi_check_display_name (check, "check"), indicator_id, shown);
              return FALSE;
            }
        }
      else
        {
          /* An indicator of references only (`@a / @b`): its periods are
           * those of the check's dataset. */
          self->dataset = kpi_check_dup_dataset (check, context, error);
          if (self->dataset == NULL)
            return FALSE;
        }
    }
  else
    {
      g_autofree char *id = formula_indicator_id (check);
      GError *local_error = NULL;

      self->dataset = kpi_check_dup_dataset (check, context, error);
      if (self->dataset == NULL)
        return FALSE;
      self->indicator = kpi_indicator_new (id, formula, &local_error);
      if (self->indicator == NULL)
        {
          g_propagate_prefixed_error (error, local_error, "%s: ", kpi_check_display_name (check, "check"));
          return FALSE;
        }
      kpi_indicator_set_dataset (self->indicator, self->dataset);
      self->dataset_name = g_strdup (kpi_check_get_dataset_name (check));
    }

  if (self->dataset_name == NULL)
    self->dataset_name = kpi_context_dup_dataset_name (context, self->dataset);
  return TRUE;
}

/* The formula's fields, each one a column of the dataset (an error naming
 * the check and the near miss otherwise), and the group-by dimension. */
static gboolean
resolve_fields (KpiSeries  *self,
                KpiCheck   *check,
                GError    **error)
{
  g_autoptr(KpiFormula) formula = NULL;
  const char *dimension = kpi_check_get_group_by (check);
  guint column;

  formula = kpi_formula_parse (kpi_indicator_get_formula (self->indicator), NULL);
  self->fields = formula != NULL ? kpi_formula_list_fields (formula) : g_new0 (char *, 1);
  /* an indicator of references reads the fields of other datasets */
  if (kpi_indicator_get_dataset_name (self->indicator) != NULL
      || kpi_indicator_get_dataset (self->indicator) != NULL)
    {
      for (guint i = 0; self->fields[i] != NULL; i++)
        if (!kpi_check_lookup_field (check, self->dataset, self->fields[i], NULL, error))
          return FALSE;
    }

  if (dimension != NULL)
    {
      if (!kpi_check_lookup_field (check, self->dataset, dimension, &column, error))
        return FALSE;
      if (kpi_dataset_get_column_kind (self->dataset, column) != KPI_COLUMN_DIMENSION)
        {
          g_autofree char *shown = kpi_text_for_message (dimension, -1, KPI_MESSAGE_QUOTE_CHARS);

          g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                       "%s: cannot judge group by group on “%s”: it is not a dimension",
                       kpi_check_display_name (check, "check"), shown);
          return FALSE;
        }
      self->dimension = g_strdup (dimension);
    }
  return TRUE;
}

/* The periods of the series: every period of the check's granularity
 * from the start of the data (its coverage, or its first row) to its end,
 * stretched to hold the check's period when it has one; and which of them
 * are judged (those within the check's period). */
static gboolean
list_periods (KpiSeries   *self,
              KpiCheck    *check,
              KpiContext  *context,
              GError     **error)
{
  KpiCalendar *calendar = kpi_context_get_calendar (context);
  KpiGranularity granularity = kpi_check_get_granularity (check);
  const KpiPeriod *period = kpi_check_get_period (check);
  gint64 start, end;

  if (granularity == KPI_GRANULARITY_CUSTOM)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: a series is made of days, weeks, months, quarters or years, not of custom periods",
                   kpi_check_display_name (check, "check"));
      return FALSE;
    }

  /* (an empty span is widened to the check's period, or left empty below) */
  kpi_check_data_span (self->dataset, &start, &end, NULL);
  if (period != NULL)
    {
      if (start == KPI_TIME_UNSET || kpi_period_get_start (period) < start)
        start = kpi_period_get_start (period);
      if (end == KPI_TIME_UNSET || kpi_period_get_end (period) > end)
        end = kpi_period_get_end (period);
    }

  if (start == KPI_TIME_UNSET || end == KPI_TIME_UNSET)
    self->periods = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
  else
    self->periods = kpi_check_periods_between (calendar, granularity, start, end);

  self->n_periods = self->periods->len;
  self->judged = g_new (gboolean, MAX (self->n_periods, 1));
  for (guint i = 0; i < self->n_periods; i++)
    {
      const KpiPeriod *p = g_ptr_array_index (self->periods, i);

      self->judged[i] = period == NULL
                        || (kpi_period_get_start (p) < kpi_period_get_end (period)
                            && kpi_period_get_start (period) < kpi_period_get_end (p));
    }
  return TRUE;
}

/* The number a value holds for the series: NaN when it is missing, or
 * when its period is partial (not over, or covered in part by the data:
 * the dataset's coverage or data-as-of time says so), which would make it
 * look low. */
static double
series_number (const KpiValue *value)
{
  double x;

  if ((kpi_value_get_flags (value) & KPI_VALUE_FLAG_PARTIAL_PERIOD) != 0
      || !kpi_value_get_number (value, &x))
    return NAN;
  return x;
}

static gboolean
evaluate (KpiSeries     *self,
          KpiContext    *context,
          GCancellable  *cancellable,
          GError       **error)
{
  gsize n_cells;

  if (self->dimension == NULL)
    {
      self->n_groups = 1;
      self->values = g_new (double, MAX (self->n_periods, 1));
      if (self->n_periods > 0)
        {
          g_autoptr(GPtrArray) values = NULL;

          values = kpi_indicator_evaluate_series (self->indicator, context,
                                                  g_ptr_array_index (self->periods, 0),
                                                  g_ptr_array_index (self->periods, self->n_periods - 1),
                                                  error);
          if (values == NULL)
            return FALSE;
          g_return_val_if_fail (values->len == self->n_periods, FALSE);
          for (guint i = 0; i < self->n_periods; i++)
            self->values[i] = series_number (g_ptr_array_index (values, i));
        }
      return TRUE;
    }

  {
    g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);

    self->groups = kpi_dataset_dup_dimension_dictionary (self->dataset, self->dimension);
    self->n_groups = g_strv_length (self->groups);
    n_cells = (gsize) self->n_groups * self->n_periods;
    self->values = g_new (double, MAX (n_cells, 1));
    for (gsize i = 0; i < n_cells; i++)
      self->values[i] = NAN;
    for (guint g = 0; g < self->n_groups; g++)
      g_hash_table_insert (index, self->groups[g], GUINT_TO_POINTER (g + 1));

    /* One breakdown per period: the public way to a value per group. */
    for (guint p = 0; p < self->n_periods; p++)
      {
        g_autoptr(GPtrArray) values = NULL;

        if (g_cancellable_set_error_if_cancelled (cancellable, error))
          return FALSE;
        values = kpi_indicator_evaluate_breakdown (self->indicator, context,
                                                   g_ptr_array_index (self->periods, p),
                                                   self->dimension, 0, NULL, error);
        if (values == NULL)
          return FALSE;
        for (guint i = 0; i < values->len; i++)
          {
            const KpiValue *v = g_ptr_array_index (values, i);
            guint g;

            if (kpi_value_get_group_kind (v) != KPI_GROUP_KIND_VALUE)
              continue;   /* the rows without the dimension are no group */
            g = GPOINTER_TO_UINT (g_hash_table_lookup (index, kpi_value_get_group (v)));
            if (g == 0)
              continue;   /* a value appended since the dictionary was read */
            self->values[(gsize) (g - 1) * self->n_periods + p] = series_number (v);
          }
      }
  }
  return TRUE;
}

KpiSeries *
kpi_series_new (KpiCheck      *check,
                KpiContext    *context,
                const char    *indicator_id,
                const char    *formula,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(KpiSeries) self = g_new0 (KpiSeries, 1);

  g_return_val_if_fail (KPI_IS_CHECK (check), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);

  if (!resolve_indicator (self, check, context, indicator_id, formula, error)
      || !resolve_fields (self, check, error)
      || !list_periods (self, check, context, error)
      || !evaluate (self, context, cancellable, error))
    return NULL;
  self->decimals = kpi_indicator_get_decimals (self->indicator);
  return g_steal_pointer (&self);
}

void
kpi_series_cells_init (KpiSeriesCells  *cells,
                       const KpiSeries *series)
{
  gsize n_cells = (gsize) series->n_groups * series->n_periods;

  cells->scores = g_new (double, MAX (n_cells, 1));
  cells->centers = g_new (double, MAX (n_cells, 1));
  for (gsize i = 0; i < n_cells; i++)
    cells->scores[i] = cells->centers[i] = NAN;
  cells->why_not = g_new0 (char *, series->n_groups + 1);
  cells->buf = g_new (double, MAX (series->n_periods, 1));
}

void
kpi_series_cells_clear (KpiSeriesCells *cells)
{
  g_clear_pointer (&cells->scores, g_free);
  g_clear_pointer (&cells->centers, g_free);
  g_clear_pointer (&cells->why_not, g_strfreev);
  g_clear_pointer (&cells->buf, g_free);
}

const char *
kpi_series_unit_name (KpiGranularity granularity,
                      guint          n)
{
  switch (granularity)
    {
    case KPI_GRANULARITY_DAY:
      return n == 1 ? "day" : "days";
    case KPI_GRANULARITY_WEEK:
      return n == 1 ? "week" : "weeks";
    case KPI_GRANULARITY_MONTH:
      return n == 1 ? "month" : "months";
    case KPI_GRANULARITY_QUARTER:
    case KPI_GRANULARITY_FISCAL_QUARTER:
      return n == 1 ? "quarter" : "quarters";
    case KPI_GRANULARITY_YEAR:
    case KPI_GRANULARITY_FISCAL_YEAR:
      return n == 1 ? "year" : "years";
    case KPI_GRANULARITY_CUSTOM:
    default:
      return n == 1 ? "period" : "periods";
    }
}

double
kpi_series_spread (double *values,
                   gsize   n,
                   double  factor,
                   double *median)
{
  double med, mad, sum = 0;

  g_return_val_if_fail (n > 0, NAN);

  med = kpi_median_inplace (values, n);
  for (gsize i = 0; i < n; i++)
    {
      values[i] = fabs (values[i] - med);
      sum += values[i];
    }
  *median = med;
  mad = kpi_median_inplace (values, n);
  if (mad > 0)
    return factor * mad;
  /* √(π/2): the mean absolute deviation of a normal variable is σ √(2/π) */
  return 1.2533141373155003 * (sum / (double) n);
}

/* ------------------------------------------------------------------------ */
/* The verdict */

/* A number of the indicator for a message: its decimals when it has some,
 * else at most two, without trailing zeros (12373.76, 27, 1606.1). */
static char *
format_number (double x,
               int    decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[16];
  char *end;

  if (decimals > 0)
    {
      g_snprintf (format, sizeof format, "%%.%df", decimals);
      return g_strdup (g_ascii_formatd (buf, sizeof buf, format, x));
    }
  g_ascii_formatd (buf, sizeof buf, "%.2f", x);
  end = buf + strlen (buf);
  while (end > buf && end[-1] == '0')
    *--end = '\0';
  if (end > buf && end[-1] == '.')
    *--end = '\0';
  if (strcmp (buf, "-0") == 0)
    return g_strdup ("0");
  return g_strdup (buf);
}

/* A score or a ratio for a message, one decimal */
static char *
format_one_decimal (double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.1f", x);
  if (strcmp (buf, "-0.0") == 0)
    return g_strdup ("0.0");
  return g_strdup (buf);
}

/* "2025-05-20 online" (the group quoted as a message may quote it) */
static char *
cell_name (KpiSeries *self,
           guint      group,
           guint      period)
{
  const KpiPeriod *p = g_ptr_array_index (self->periods, period);
  g_autofree char *shown = NULL;

  if (self->dimension == NULL)
    return g_strdup (kpi_period_get_label (p));
  shown = kpi_text_for_message (self->groups[group], -1, KPI_MESSAGE_QUOTE_CHARS);
  return g_strdup_printf ("%s %s", kpi_period_get_label (p), shown);
}

typedef struct
{
  guint  cell;
  double magnitude;
} Flagged;

static int
compare_flagged (gconstpointer a,
                 gconstpointer b)
{
  const Flagged *x = a, *y = b;

  /* the largest first; then in time and group order */
  if (x->magnitude != y->magnitude)
    return x->magnitude > y->magnitude ? -1 : 1;
  return x->cell < y->cell ? -1 : x->cell > y->cell;
}

/* The rows behind the flagged values (their period and group), the worst
 * value's first, as samples: one pass over the time column (and the
 * group's codes). */
static gboolean
add_samples (KpiSeries       *self,
             KpiCheck        *check,
             KpiCheckResult  *result,
             GArray          *flagged,
             GCancellable    *cancellable,
             GError         **error)
{
  guint max = kpi_check_get_max_samples (check);
  gsize n_rows = 0, n_codes = 0, n_dict = 0;
  const gint64 *times;
  const guint32 *codes = NULL;
  const char * const *dict = NULL;
  g_autofree gint64 *starts = NULL;
  g_autofree guint *rank = NULL;
  g_autofree guint32 *lut = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gsize n_cells = (gsize) self->n_groups * self->n_periods;
  gint64 end;

  if (max == 0 || flagged->len == 0 || self->n_periods == 0)
    return TRUE;
  times = kpi_dataset_get_times (self->dataset, &n_rows);
  if (times == NULL)
    return TRUE;
  if (self->dimension != NULL)
    {
      g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);

      codes = kpi_dataset_get_dimension_codes (self->dataset, self->dimension, &n_codes);
      dict = kpi_dataset_get_dimension_dictionary (self->dataset, self->dimension, &n_dict);
      if (codes == NULL || n_codes < n_rows)
        return TRUE;
      for (guint g = 0; g < self->n_groups; g++)
        g_hash_table_insert (index, self->groups[g], GUINT_TO_POINTER (g + 1));
      lut = g_new (guint32, MAX (n_dict, 1));
      for (gsize c = 0; c < n_dict; c++)
        lut[c] = GPOINTER_TO_UINT (g_hash_table_lookup (index, dict[c]));   /* 0: none */
    }

  starts = g_new (gint64, self->n_periods);
  for (guint p = 0; p < self->n_periods; p++)
    starts[p] = kpi_period_get_start (g_ptr_array_index (self->periods, p));
  end = kpi_period_get_end (g_ptr_array_index (self->periods, self->n_periods - 1));

  rank = g_new (guint, MAX (n_cells, 1));
  for (gsize i = 0; i < n_cells; i++)
    rank[i] = G_MAXUINT;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint r = 0; r < flagged->len; r++)
    {
      rank[g_array_index (flagged, Flagged, r).cell] = r;
      g_ptr_array_add (rows, g_array_new (FALSE, FALSE, sizeof (guint)));
    }

  for (gsize row = 0; row < n_rows; row++)
    {
      gssize p;
      guint g = 0, r;
      GArray *cell_rows;

      if (row % CANCEL_CHUNK == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      p = kpi_check_period_index (starts, self->n_periods, end, times[row]);
      if (p < 0)
        continue;
      if (codes != NULL)
        {
          guint32 c = codes[row];

          if (c == KPI_DIMENSION_MISSING || c >= n_dict || lut[c] == 0)
            continue;
          g = lut[c] - 1;
        }
      r = rank[(gsize) g * self->n_periods + (gsize) p];
      if (r == G_MAXUINT)
        continue;
      cell_rows = g_ptr_array_index (rows, r);
      if (cell_rows->len < max)
        {
          guint row32 = (guint) row;
          g_array_append_val (cell_rows, row32);
        }
    }

  for (guint r = 0; r < rows->len; r++)
    {
      GArray *cell_rows = g_ptr_array_index (rows, r);

      for (guint i = 0; i < cell_rows->len; i++)
        if (!kpi_check_add_sample (check, result, self->dataset,
                                   g_array_index (cell_rows, guint, i)))
          return TRUE;
    }
  return TRUE;
}

/* Why nothing could be judged, or why some groups were not: "online: 5
 * values, 29 needed", the groups that share a reason together ("mobile,
 * online, store: …"), at most three named for each. */
static char *
why_not_text (KpiSeries             *self,
              const KpiSeriesScores *scores)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree gboolean *done = g_new0 (gboolean, self->n_groups);
  guint n_reasons = 0;

  if (scores->why_not == NULL)
    return NULL;
  for (guint g = 0; g < self->n_groups; g++)
    {
      const char *why = scores->why_not[g];
      guint named = 0, more = 0;

      if (why == NULL || done[g])
        continue;
      if (n_reasons++ > 0)
        g_string_append (text, "; ");
      for (guint h = g; self->dimension != NULL && h < self->n_groups; h++)
        {
          g_autofree char *shown = NULL;

          if (done[h] || g_strcmp0 (scores->why_not[h], why) != 0)
            continue;
          done[h] = TRUE;
          if (named == 3)
            {
              more++;
              continue;
            }
          shown = kpi_text_for_message (self->groups[h], -1, KPI_MESSAGE_QUOTE_CHARS);
          g_string_append_printf (text, "%s%s", named > 0 ? ", " : "", shown);
          named++;
        }
      if (more > 0)
        g_string_append_printf (text, " and %u more", more);
      if (self->dimension != NULL)
        g_string_append (text, ": ");
      g_string_append (text, why);
    }
  return n_reasons > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

KpiCheckResult *
kpi_series_verdict (KpiSeries             *self,
                    KpiCheck              *check,
                    const KpiSeriesScores *scores,
                    GCancellable          *cancellable,
                    GError               **error)
{
  double warn = kpi_check_get_warn_threshold (check);
  double fail = kpi_check_get_fail_threshold (check);
  double lowest = isnan (warn) ? fail : isnan (fail) ? warn : MIN (warn, fail);
  guint element = 0, missing = 0, judged = 0;
  gsize worst = 0;
  double worst_magnitude = -1;
  g_autoptr(GArray) flagged = g_array_new (FALSE, FALSE, sizeof (Flagged));
  g_autoptr(KpiCheckResult) result = NULL;
  g_autofree char *not_judged = why_not_text (self, scores);
  g_autofree char *where = NULL;
  g_autofree char *score_text = NULL;
  g_autoptr(GString) message = g_string_new (NULL);
  KpiCheckStatus status;
  guint g, p;

  for (g = 0; g < self->n_groups; g++)
    for (p = 0; p < self->n_periods; p++)
      {
        gsize cell = (gsize) g * self->n_periods + p;
        double magnitude;

        if (!self->judged[p])
          continue;
        element++;
        if (isnan (self->values[cell]))
          {
            missing++;
            continue;
          }
        if (isnan (scores->scores[cell]))
          continue;
        judged++;
        magnitude = fabs (scores->scores[cell]);
        if (magnitude > worst_magnitude)
          {
            worst_magnitude = magnitude;
            worst = cell;
          }
        if (!isnan (lowest) && magnitude > lowest)
          {
            Flagged f = { (guint) cell, magnitude };
            g_array_append_val (flagged, f);
          }
      }

  if (judged == 0)
    {
      g_string_append_printf (message, "no %s to look for: ", scores->finding);
      if (self->dimension != NULL && self->n_groups == 0)
        {
          g_autofree char *shown = kpi_text_for_message (self->dimension, -1, KPI_MESSAGE_QUOTE_CHARS);
          g_string_append_printf (message, "no group to judge: “%s” is empty in every row", shown);
        }
      else if (element == 0)
        g_string_append (message, "no period to judge");
      else if (not_judged != NULL)
        g_string_append (message, not_judged);
      else if (missing == element)
        g_string_append_printf (message, "all %u values of the periods judged are missing", element);
      else
        g_string_append (message, "no value could be judged");
      result = kpi_check_result_new (KPI_CHECK_STATUS_INSUFFICIENT_DATA, message->str);
      kpi_check_result_set_counts (result, element, missing, 0);
      kpi_check_result_set_fields (result, (const char * const *) self->fields);
      kpi_check_result_set_dataset_name (result, self->dataset_name);
      return g_steal_pointer (&result);
    }

  g_array_sort (flagged, compare_flagged);
  status = kpi_check_grade (check, worst_magnitude);
  g = (guint) (worst / self->n_periods);
  p = (guint) (worst % self->n_periods);
  where = cell_name (self, g, p);
  score_text = format_one_decimal (scores->scores[worst]);

  if (status == KPI_CHECK_STATUS_WARN || status == KPI_CHECK_STATUS_FAIL)
    {
      double x = self->values[worst], center = scores->centers[worst];
      g_autofree char *value_text = format_number (x, self->decimals);
      g_autofree char *center_text = format_number (center, self->decimals);
      g_autofree char *reference = scores->describe (scores->user_data, g, p);
      g_autofree char *threshold = kpi_check_format_short (status == KPI_CHECK_STATUS_FAIL ? fail : warn);

      g_string_append_printf (message, "%s: %s, ", where, value_text);
      if (center > 0 && x >= 0)
        {
          g_autofree char *ratio = format_one_decimal (x / center);
          g_string_append_printf (message, "%s× %s (%s)", ratio, reference, center_text);
        }
      else
        g_string_append_printf (message, "against %s (%s)", reference, center_text);
      g_string_append_printf (message, "; %s %s, beyond the %s threshold %s",
                              scores->score_name, score_text,
                              status == KPI_CHECK_STATUS_FAIL ? "failure" : "warning", threshold);
      if (flagged->len > 1)
        {
          g_autofree char *low = kpi_check_format_short (lowest);
          g_string_append_printf (message, "; %u values beyond %s in all", flagged->len, low);
        }
    }
  else
    {
      g_string_append_printf (message, "no %s among %u values: the largest %s is %s (%s)",
                              scores->finding, judged, scores->score_name, score_text, where);
      if (!isnan (lowest))
        {
          g_autofree char *low = kpi_check_format_short (lowest);
          g_string_append_printf (message, ", within %s", low);
        }
    }
  if (not_judged != NULL)
    g_string_append_printf (message, " (not judged: %s)", not_judged);

  result = kpi_check_result_new (status, message->str);
  kpi_check_result_set_observed (result, worst_magnitude);
  kpi_check_result_set_expected (result, NAN, lowest);
  kpi_check_result_set_counts (result, element, missing, flagged->len);
  kpi_check_result_set_fields (result, (const char * const *) self->fields);
  kpi_check_result_set_dataset_name (result, self->dataset_name);
  for (guint i = 0; i < flagged->len; i++)
    {
      guint cell = g_array_index (flagged, Flagged, i).cell;
      guint fg = cell / self->n_periods, fp = cell % self->n_periods;

      kpi_check_result_add_affected (result, g_ptr_array_index (self->periods, fp),
                                     self->dimension,
                                     self->dimension != NULL ? self->groups[fg] : NULL);
    }
  if (!add_samples (self, check, result, flagged, cancellable, error))
    return NULL;
  return g_steal_pointer (&result);
}
