/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-completeness-check.c: the share of missing values per field */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-check-rows-private.h"
#include "kpi-util-private.h"

/**
 * KpiCompletenessCheck:
 *
 * A check that values are not missing: for each field it reads (every
 * dimension and measure of the dataset when [property@Kpi.Check:fields]
 * is empty), the share of the rows whose value is missing — an empty
 * dimension, a measure with no value (missing is not 0).
 *
 * The observed value is the worst field's share,
 *
 *     observed = max over the fields f of missing(f) / rows
 *
 * over the rows of [property@Kpi.Check:period] (all rows when unset), or,
 * with [property@Kpi.CompletenessCheck:per-period], the worst share of
 * any field in any period of [property@Kpi.Check:granularity] that has
 * rows: a month whose amounts stopped coming in shows at once, where over
 * two years of data it would be a fraction of a percent.
 *
 * The defaults warn on any missing value
 * (%KPI_DEFAULT_COMPLETENESS_WARN_THRESHOLD, 0) and fail above 1 % of a
 * field's values missing (%KPI_DEFAULT_COMPLETENESS_FAIL_THRESHOLD): the
 * sources a dashboard reads (orders, opportunities, answers, spend)
 * normally have none — the generated sample has none in any field — so
 * the first missing value is news; a percent of the amounts missing moves
 * a sum by about a percent, which is what comparisons start to flag.
 *
 * A finding is about the fields above the thresholds (the others are not
 * tainted) and about the days of their missing values (with
 * [property@Kpi.CompletenessCheck:per-period], about the periods above
 * the thresholds); its samples are rows with a missing value, shown by
 * [property@Kpi.Check:key-fields]. The counts are of cells: the element
 * count is the rows times the fields, the missing count the cells
 * missing.
 *
 * The check reads each field's column once, in place; the time column is
 * read only for a period or per period.
 *
 * ## Example
 *
 * ```c
 * const char * const fields[] = { "amount", "customer", NULL };
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiContext) context = kpi_context_new (NULL);
 * g_autoptr(KpiCheck) check = kpi_completeness_check_new ("orders", fields);
 * g_autoptr(KpiCheckResult) result = NULL;
 * g_autofree char *status = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "orders", orders);
 * kpi_completeness_check_set_per_period (KPI_COMPLETENESS_CHECK (check), TRUE); // month by month
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
 * check = Kpi.CompletenessCheck.new("orders", ["amount", "customer"])
 * check.set_per_period(True)  # month by month
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
 * const check = Kpi.CompletenessCheck.new('orders', ['amount', 'customer']);
 * check.set_per_period(true); // month by month
 * const result = check.run(context, null);
 * print(`${GObject.enum_to_string(Kpi.CheckStatus, result.get_status())}: ${result.get_message()}`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiCompletenessCheck
{
  KpiCheck parent_instance;

  gboolean per_period;
};

enum {
  PROP_0,
  PROP_PER_PERIOD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiCompletenessCheck, kpi_completeness_check, KPI_TYPE_CHECK)

/* What the pass learns about one field */
typedef struct
{
  char               *name;          /* as a message shows it */
  const char         *field;         /* as the check names it */
  KpiColumnKind       kind;
  const double       *values;
  const guint32      *codes;
  guint64             missing;
  guint64            *missing_by_period;
  GArray             *sample_rows;   /* of guint: the first rows missing */
  KpiAffectedPeriods  days;          /* the days of its missing values */
  double              share;         /* its share, or its worst period's */
  gssize              worst_period;
} Field;

static void
field_clear (Field *f)
{
  g_free (f->name);
  g_free (f->missing_by_period);
  g_clear_pointer (&f->sample_rows, g_array_unref);
  kpi_affected_periods_clear (&f->days);
}

/* An offending (field, period) pair, for the message */
typedef struct
{
  guint  field;
  gssize period;   /* -1: the whole range */
  double share;
} Item;

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const Item *ia = a, *ib = b;

  if (ia->share != ib->share)
    return ia->share > ib->share ? -1 : 1;
  if (ia->field != ib->field)
    return ia->field < ib->field ? -1 : 1;
  return ia->period < ib->period ? -1 : ia->period > ib->period;
}

static int
compare_uints (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static inline gboolean
is_missing (const Field *f,
            guint        row)
{
  if (f->kind == KPI_COLUMN_MEASURE)
    return isnan (f->values[row]);
  if (f->kind == KPI_COLUMN_DIMENSION)
    return f->codes[row] == KPI_DIMENSION_MISSING;
  return FALSE;
}

/* The missing values of @f in rows [@from, @to), counted without
 * branches: the common case, where there are none. */
static guint
count_missing (const Field *f,
               guint        from,
               guint        to)
{
  if (f->kind == KPI_COLUMN_MEASURE)
    return (guint) kpi_check_rows_count_nan (f->values + from, to - from);
  if (f->kind == KPI_COLUMN_DIMENSION)
    return (guint) kpi_check_rows_count_code (f->codes + from, to - from, KPI_DIMENSION_MISSING);
  return 0;
}

static void
note_missing (Field        *f,
              guint         row,
              const gint64 *times,
              guint         max_samples,
              gboolean      per_period)
{
  if (f->sample_rows->len < max_samples)
    g_array_append_val (f->sample_rows, row);
  if (!per_period)
    kpi_affected_periods_add (&f->days, times[row]);
}

/* "none expected", "at most 1 % expected", or NULL with no threshold */
static char *
bound_text (double threshold)
{
  g_autofree char *share = NULL;

  if (isnan (threshold))
    return NULL;
  if (threshold <= 0.0)
    return g_strdup ("none expected");
  share = kpi_check_rows_format_share (threshold);
  return g_strdup_printf ("at most %s expected", share);
}

static KpiCheckResult *
kpi_completeness_check_run (KpiCheck      *check,
                            KpiContext    *context,
                            GCancellable  *cancellable,
                            GError       **error)
{
  KpiCompletenessCheck *self = KPI_COMPLETENESS_CHECK (check);
  g_autoptr(KpiDataset) dataset = NULL;
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GArray) fields = g_array_new (FALSE, TRUE, sizeof (Field));
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (Item));
  g_autofree gint64 *starts = NULL;
  g_autofree guint64 *rows_by_period = NULL;
  g_autofree gint32 *row_period = NULL;
  g_autoptr(GString) message = g_string_new (NULL);
  g_autofree char *bound = NULL;
  g_auto(GStrv) all_fields = NULL;
  g_autoptr(GPtrArray) offending = g_ptr_array_new ();
  KpiCheckResult *result;
  KpiCalendar *calendar;
  const KpiPeriod *period = kpi_check_get_period (check);
  const char * const *names = kpi_check_get_fields (check);
  const gint64 *times;
  gsize n_rows = 0;
  guint n_periods = 0, max_samples = kpi_check_get_max_samples (check);
  guint64 n_in = 0, total_missing = 0;
  gboolean need_times;
  KpiRowRange range;
  KpiPeriodCursor cursor;
  KpiCheckStatus status;
  double observed = 0.0, threshold;
  guint n_items_shown;

  dataset = kpi_check_dup_dataset (check, context, error);
  if (dataset == NULL)
    return NULL;
  calendar = kpi_context_get_calendar (context);

  /* The fields: those named, or every dimension and measure */
  if (names[0] == NULL)
    {
      guint n_columns = kpi_dataset_get_n_columns (dataset);

      all_fields = g_new0 (char *, n_columns + 1);
      for (guint c = 0, k = 0; c < n_columns; c++)
        if (kpi_dataset_get_column_kind (dataset, c) != KPI_COLUMN_TIME)
          all_fields[k++] = g_strdup (kpi_dataset_get_column_name (dataset, c));
      names = (const char * const *) all_fields;
    }
  g_array_set_clear_func (fields, (GDestroyNotify) field_clear);
  for (guint i = 0; names[i] != NULL; i++)
    {
      Field f = { 0 };
      guint column;
      gsize n;

      if (!kpi_check_lookup_field (check, dataset, names[i], &column, error))
        return NULL;
      f.field = names[i];
      f.name = kpi_text_for_message (names[i], -1, KPI_MESSAGE_QUOTE_CHARS);
      f.kind = kpi_dataset_get_column_kind (dataset, column);
      if (f.kind == KPI_COLUMN_MEASURE)
        f.values = kpi_dataset_get_measure (dataset, names[i], &n);
      else if (f.kind == KPI_COLUMN_DIMENSION)
        f.codes = kpi_dataset_get_dimension_codes (dataset, names[i], &n);
      f.sample_rows = g_array_new (FALSE, FALSE, sizeof (guint));
      f.worst_period = -1;
      kpi_affected_periods_init (&f.days, calendar, KPI_GRANULARITY_DAY);
      g_array_append_val (fields, f);
    }
  if (fields->len == 0)
    return kpi_check_result_new (KPI_CHECK_STATUS_INSUFFICIENT_DATA,
                                 "no field to check: the dataset has only its time column");

  times = kpi_dataset_get_times (dataset, &n_rows);
  kpi_row_range_init (&range, period);

  if (self->per_period)
    {
      g_autoptr(GPtrArray) all = kpi_check_data_periods (calendar, dataset,
                                                         kpi_check_get_granularity (check));

      /* the periods of the data that meet the check's period */
      periods = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
      for (guint p = 0; p < all->len; p++)
        {
          const KpiPeriod *q = g_ptr_array_index (all, p);

          if (period == NULL || (kpi_period_get_start (q) < kpi_period_get_end (period)
                                 && kpi_period_get_start (period) < kpi_period_get_end (q)))
            g_ptr_array_add (periods, kpi_period_copy (q));
        }
      n_periods = periods->len;
      starts = g_new (gint64, MAX (n_periods, 1));
      for (guint p = 0; p < n_periods; p++)
        starts[p] = kpi_period_get_start (g_ptr_array_index (periods, p));
      kpi_period_cursor_init (&cursor, starts, n_periods,
                              n_periods > 0 ? kpi_period_get_end (g_ptr_array_index (periods, n_periods - 1)) : 0);
      rows_by_period = g_new0 (guint64, MAX (n_periods, 1));
      for (guint i = 0; i < fields->len; i++)
        g_array_index (fields, Field, i).missing_by_period = g_new0 (guint64, MAX (n_periods, 1));
    }
  need_times = self->per_period || !range.all;
  if (need_times)
    row_period = g_new (gint32, MIN ((gsize) KPI_CHECK_ROWS_CHUNK, MAX (n_rows, 1)));

  /* The pass, a chunk of rows at a time */
  for (gsize c0 = 0; c0 < n_rows; c0 += KPI_CHECK_ROWS_CHUNK)
    {
      guint from = (guint) c0, to = (guint) MIN (n_rows, c0 + KPI_CHECK_ROWS_CHUNK);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      if (!need_times)
        {
          n_in += to - from;
          for (guint i = 0; i < fields->len; i++)
            {
              Field *f = &g_array_index (fields, Field, i);
              guint m = count_missing (f, from, to);

              if (m == 0)
                continue;
              f->missing += m;
              for (guint r = from; r < to; r++)
                if (is_missing (f, r))
                  note_missing (f, r, times, max_samples, FALSE);
            }
          continue;
        }

      for (guint r = from; r < to; r++)
        {
          gssize p = 0;

          if (!kpi_row_range_contains (&range, times[r]))
            p = -1;
          else if (self->per_period)
            p = kpi_period_cursor_find (&cursor, times[r]);
          row_period[r - from] = (gint32) p;
          if (p < 0)
            continue;
          n_in++;
          if (self->per_period)
            rows_by_period[p]++;
        }
      for (guint i = 0; i < fields->len; i++)
        {
          Field *f = &g_array_index (fields, Field, i);

          if (count_missing (f, from, to) == 0)
            continue;
          for (guint r = from; r < to; r++)
            {
              gint32 p = row_period[r - from];

              if (p < 0 || !is_missing (f, r))
                continue;
              f->missing++;
              if (self->per_period)
                f->missing_by_period[p]++;
              note_missing (f, r, times, max_samples, self->per_period);
            }
        }
    }

  /* The shares */
  if (n_in == 0)
    {
      if (period != NULL)
        {
          g_autofree char *text = g_strdup_printf ("no rows in %s", kpi_period_get_label (period));
          return kpi_check_result_new (KPI_CHECK_STATUS_INSUFFICIENT_DATA, text);
        }
      return kpi_check_result_new (KPI_CHECK_STATUS_INSUFFICIENT_DATA, "no rows to check");
    }
  for (guint i = 0; i < fields->len; i++)
    {
      Field *f = &g_array_index (fields, Field, i);

      total_missing += f->missing;
      if (!self->per_period)
        f->share = (double) f->missing / (double) n_in;
      else
        {
          f->share = 0.0;
          for (guint p = 0; p < n_periods; p++)
            {
              double share;

              if (rows_by_period[p] == 0)
                continue;
              share = (double) f->missing_by_period[p] / (double) rows_by_period[p];
              if (f->worst_period < 0 || share > f->share)
                {
                  f->share = share;
                  f->worst_period = p;
                }
            }
        }
      observed = MAX (observed, f->share);
    }
  status = kpi_check_grade (check, observed);

  /* What offends: fields (and periods) whose share crosses a threshold */
  for (guint i = 0; i < fields->len; i++)
    {
      Field *f = &g_array_index (fields, Field, i);
      gboolean offends = FALSE;

      if (!self->per_period)
        {
          if (kpi_check_grade (check, f->share) != KPI_CHECK_STATUS_PASS)
            {
              Item item = { i, -1, f->share };
              g_array_append_val (items, item);
              offends = TRUE;
            }
        }
      else
        for (guint p = 0; p < n_periods; p++)
          {
            double share;

            if (rows_by_period[p] == 0 || f->missing_by_period[p] == 0)
              continue;
            share = (double) f->missing_by_period[p] / (double) rows_by_period[p];
            if (kpi_check_grade (check, share) != KPI_CHECK_STATUS_PASS)
              {
                Item item = { i, p, share };
                g_array_append_val (items, item);
                offends = TRUE;
              }
          }
      if (offends)
        g_ptr_array_add (offending, (gpointer) f->field);
    }
  g_array_sort (items, compare_items);

  /* The message */
  threshold = status == KPI_CHECK_STATUS_FAIL ? kpi_check_get_fail_threshold (check)
            : status == KPI_CHECK_STATUS_WARN ? kpi_check_get_warn_threshold (check)
            : !isnan (kpi_check_get_warn_threshold (check)) ? kpi_check_get_warn_threshold (check)
            : kpi_check_get_fail_threshold (check);
  bound = bound_text (threshold);
  if (items->len > 0)
    {
      n_items_shown = MIN (items->len, 3);
      for (guint k = 0; k < n_items_shown; k++)
        {
          Item *item = &g_array_index (items, Item, k);
          Field *f = &g_array_index (fields, Field, item->field);
          g_autofree char *share = kpi_check_rows_format_share (item->share);
          guint64 missing = item->period < 0 ? f->missing : f->missing_by_period[item->period];
          guint64 rows = item->period < 0 ? n_in : rows_by_period[item->period];

          if (k > 0)
            g_string_append (message, "; ");
          g_string_append (message, f->name);
          if (item->period >= 0)
            g_string_append_printf (message, " in %s",
                                    kpi_period_get_label (g_ptr_array_index (periods, item->period)));
          g_string_append_printf (message, ": %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                                  " values missing (%s)", missing, rows, share);
        }
      if (items->len > n_items_shown)
        g_string_append_printf (message, "; and %u more", items->len - n_items_shown);
    }
  else if (total_missing == 0)
    {
      g_string_append_printf (message, "no value missing in %u field%s over %" G_GUINT64_FORMAT " row%s",
                              fields->len, fields->len == 1 ? "" : "s", n_in, n_in == 1 ? "" : "s");
      if (period != NULL)
        g_string_append_printf (message, " of %s", kpi_period_get_label (period));
    }
  else
    {
      /* missing values, all within the thresholds: the worst one */
      guint worst = 0;
      Field *f;
      g_autofree char *share = NULL;

      for (guint i = 1; i < fields->len; i++)
        if (g_array_index (fields, Field, i).share > g_array_index (fields, Field, worst).share)
          worst = i;
      f = &g_array_index (fields, Field, worst);
      share = kpi_check_rows_format_share (f->share);
      g_string_append_printf (message, "worst %s", f->name);
      if (f->worst_period >= 0)
        g_string_append_printf (message, " in %s",
                                kpi_period_get_label (g_ptr_array_index (periods, f->worst_period)));
      g_string_append_printf (message, ": %s of its values missing", share);
    }
  if (bound != NULL && (items->len > 0 || total_missing > 0))
    g_string_append_printf (message, "; %s", bound);

  result = kpi_check_result_new (status, message->str);
  kpi_check_result_set_observed (result, observed);
  kpi_check_result_set_expected (result, 0.0, threshold);
  {
    guint64 cells = n_in * fields->len;
    guint element = kpi_sample_size_cap (cells);

    kpi_check_result_set_counts (result, element,
                                 (guint) MIN (total_missing, (guint64) element), 0);
  }

  if (!kpi_check_result_is_finding (result))
    {
      /* about every field checked */
      g_autoptr(GPtrArray) checked = g_ptr_array_new ();

      for (guint i = 0; i < fields->len; i++)
        g_ptr_array_add (checked, (gpointer) g_array_index (fields, Field, i).field);
      g_ptr_array_add (checked, NULL);
      kpi_check_result_set_fields (result, (const char * const *) checked->pdata);
      return result;
    }

  /* The scope and the samples of a finding */
  g_ptr_array_add (offending, NULL);
  kpi_check_result_set_fields (result, (const char * const *) offending->pdata);
  if (self->per_period)
    {
      KpiAffectedPeriods affected;

      kpi_affected_periods_init (&affected, calendar, kpi_check_get_granularity (check));
      for (guint k = 0; k < items->len; k++)
        kpi_affected_periods_add_period (&affected,
                                         g_ptr_array_index (periods, g_array_index (items, Item, k).period));
      kpi_affected_periods_flush (&affected, result, NULL, NULL);
      kpi_affected_periods_clear (&affected);
    }
  {
    g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
    gboolean *seen = g_new0 (gboolean, fields->len);
    KpiAffectedPeriods days;

    kpi_affected_periods_init (&days, calendar, KPI_GRANULARITY_DAY);
    for (guint k = 0; k < items->len; k++)
      {
        guint i = g_array_index (items, Item, k).field;
        Field *f = &g_array_index (fields, Field, i);

        if (seen[i])
          continue;
        seen[i] = TRUE;
        g_array_append_vals (rows, f->sample_rows->data, f->sample_rows->len);
        /* the days of the missing values, when the finding is over the
         * whole range */
        if (!self->per_period)
          for (guint d = 0; d < f->days.periods->len; d++)
            kpi_affected_periods_add_period (&days, g_ptr_array_index (f->days.periods, d));
      }
    g_free (seen);
    kpi_affected_periods_flush (&days, result, NULL, NULL);
    kpi_affected_periods_clear (&days);

    g_array_sort (rows, compare_uints);
    for (guint k = 0; k < rows->len; k++)
      {
        guint row = g_array_index (rows, guint, k);

        if (k > 0 && row == g_array_index (rows, guint, k - 1))
          continue;
        if (!kpi_check_add_sample (check, result, dataset, row))
          break;
      }
  }
  return result;
}

static void
kpi_completeness_check_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  KpiCompletenessCheck *self = KPI_COMPLETENESS_CHECK (object);

  switch (prop_id)
    {
    case PROP_PER_PERIOD:
      g_value_set_boolean (value, self->per_period);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_completeness_check_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  KpiCompletenessCheck *self = KPI_COMPLETENESS_CHECK (object);

  switch (prop_id)
    {
    case PROP_PER_PERIOD:
      kpi_completeness_check_set_per_period (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_completeness_check_class_init (KpiCompletenessCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiCheckClass *check_class = KPI_CHECK_CLASS (klass);

  object_class->get_property = kpi_completeness_check_get_property;
  object_class->set_property = kpi_completeness_check_set_property;
  check_class->run = kpi_completeness_check_run;

  /**
   * KpiCompletenessCheck:per-period:
   *
   * Whether the share of missing values is judged period by period (the
   * periods of [property@Kpi.Check:granularity], a month by default):
   * the observed value is then the worst share of a field in a period
   * with rows, and a finding is about the periods above the thresholds.
   * By default, %FALSE, the share is over all the rows checked.
   *
   * Since: 0.1
   */
  properties[PROP_PER_PERIOD] =
    g_param_spec_boolean ("per-period", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_completeness_check_init (KpiCompletenessCheck *self)
{
  kpi_check_set_thresholds (KPI_CHECK (self),
                            KPI_DEFAULT_COMPLETENESS_WARN_THRESHOLD,
                            KPI_DEFAULT_COMPLETENESS_FAIL_THRESHOLD);
}

/**
 * kpi_completeness_check_new:
 * @dataset_name: (nullable): the name of the dataset to check, as the
 *   context knows it (or set [property@Kpi.Check:dataset])
 * @fields: (array zero-terminated=1) (nullable): the fields to check;
 *   %NULL or none for every dimension and measure
 *
 * Creates a check of the share of missing values per field, with the
 * default thresholds (any missing value warns, more than 1 % fails).
 *
 * Returns: (transfer full): a new check
 *
 * Since: 0.1
 */
KpiCheck *
kpi_completeness_check_new (const char         *dataset_name,
                            const char * const *fields)
{
  return g_object_new (KPI_TYPE_COMPLETENESS_CHECK,
                       "dataset-name", dataset_name,
                       "fields", fields,
                       NULL);
}

/**
 * kpi_completeness_check_get_per_period:
 * @self: a completeness check
 *
 * Gets whether the share of missing values is judged period by period.
 *
 * Returns: whether the share of missing values is judged period by period
 *
 * Since: 0.1
 */
gboolean
kpi_completeness_check_get_per_period (KpiCompletenessCheck *self)
{
  g_return_val_if_fail (KPI_IS_COMPLETENESS_CHECK (self), FALSE);

  return self->per_period;
}

/**
 * kpi_completeness_check_set_per_period:
 * @self: a completeness check
 * @per_period: whether to judge period by period
 *
 * Sets [property@Kpi.CompletenessCheck:per-period].
 *
 * Since: 0.1
 */
void
kpi_completeness_check_set_per_period (KpiCompletenessCheck *self,
                                       gboolean              per_period)
{
  g_return_if_fail (KPI_IS_COMPLETENESS_CHECK (self));

  per_period = !!per_period;
  if (self->per_period == per_period)
    return;
  self->per_period = per_period;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PER_PERIOD]);
}
