/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-validity-check.c: values within a range, in a set, matching a
 * pattern */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-check-rows-private.h"
#include "kpi-util-private.h"

/**
 * KpiValidityCheck:
 *
 * A check that the values of one field are valid, row by row:
 *
 * - for a measure, within a range: [property@Kpi.ValidityCheck:min] and
 *   [property@Kpi.ValidityCheck:max], inclusive unless
 *   [property@Kpi.ValidityCheck:strict-min] or
 *   [property@Kpi.ValidityCheck:strict-max] say otherwise (an amount of
 *   1 to 5 000, a probability of 0 to 1);
 * - for a dimension, in the [property@Kpi.ValidityCheck:allowed] set
 *   (`online`, `mobile`, `store`), and matching the regular expression
 *   [property@Kpi.ValidityCheck:pattern] (`R[0-9]{2}`), the whole value
 *   (as if between `^` and `$`); both when both are set.
 *
 * A dimension is judged once per distinct value (its dictionary), then
 * its rows are counted by code: a pattern costs nothing per row.
 *
 * Missing values are neither valid nor invalid (a
 * [class@Kpi.CompletenessCheck] counts them); the share of invalid values
 * is over the others,
 *
 *     observed = invalid / (rows − missing)
 *
 * and the check fails when fewer than [property@Kpi.Check:mostly] of
 * them are valid (by default all must be: the first invalid value fails),
 * as Great Expectations counts. The thresholds are unset by default, so
 * that `mostly` alone decides; set them to warn (or fail) on a share of
 * invalid values within what `mostly` allows.
 *
 * A finding is about the field and the days of its invalid values; its
 * samples are the invalid rows, and its message names the most frequent
 * invalid values. Settings that cannot work fail the run with
 * %KPI_CHECK_ERROR_INVALID, naming the setting: a minimum above the
 * maximum, a pattern that is not a regular expression, a set or a pattern
 * on a measure, a range on a dimension, no rule at all, or not exactly one
 * field.
 *
 * ## Example
 *
 * ```c
 * const char * const channels[] = { "online", "store", NULL };
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiContext) context = kpi_context_new (NULL);
 * g_autoptr(KpiCheck) check = kpi_validity_check_new ("orders", "channel");
 * g_autoptr(KpiCheckResult) result = NULL;
 * g_autofree char *status = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "orders", orders);
 * kpi_validity_check_set_allowed (KPI_VALIDITY_CHECK (check), channels); // no mobile orders expected
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
 * check = Kpi.ValidityCheck.new("orders", "channel")
 * check.set_allowed(["online", "store"])  # no mobile orders expected
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
 * const check = Kpi.ValidityCheck.new('orders', 'channel');
 * check.set_allowed(['online', 'store']); // no mobile orders expected
 * const result = check.run(context, null);
 * print(`${GObject.enum_to_string(Kpi.CheckStatus, result.get_status())}: ${result.get_message()}`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiValidityCheck
{
  KpiCheck parent_instance;

  double    min;        /* NaN: unbounded */
  double    max;
  gboolean  strict_min;
  gboolean  strict_max;
  char    **allowed;    /* never NULL; empty: no set */
  char     *pattern;    /* nullable */
};

enum {
  PROP_0,
  PROP_MIN,
  PROP_MAX,
  PROP_STRICT_MIN,
  PROP_STRICT_MAX,
  PROP_ALLOWED,
  PROP_PATTERN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiValidityCheck, kpi_validity_check, KPI_TYPE_CHECK)

/* How many allowed values a message lists */
#define SHOWN_VALUES 5

/* What a run knows of the rule */
typedef struct
{
  KpiColumnKind  kind;
  const double  *values;
  const guint32 *codes;
  double         lo;        /* measures: the valid values are [lo, hi] */
  double         hi;
  guint8        *bad;       /* dimensions: per code (and one more, 0, for
                             * the missing code), whether it is invalid */
  gsize          n_codes;
} Rule;

static inline guint
rule_code (const Rule *rule,
           guint32     code)
{
  return code == KPI_DIMENSION_MISSING ? (guint) rule->n_codes : code;
}

/* Whether the value of @row is invalid (a missing one is not) */
static inline gboolean
rule_is_bad (const Rule *rule,
             guint       row)
{
  if (rule->kind == KPI_COLUMN_MEASURE)
    {
      double x = rule->values[row];
      return !isnan (x) && !(x >= rule->lo && x <= rule->hi);
    }
  return rule->bad[rule_code (rule, rule->codes[row])];
}

/* Counts the missing and the invalid values of rows [@from, @to), without
 * branches: the common case, where all are valid. */
static void
rule_count (const Rule *rule,
            guint       from,
            guint       to,
            guint      *missing,
            guint      *bad)
{
  guint m = 0, b = 0;

  if (rule->kind == KPI_COLUMN_MEASURE)
    {
      guint64 nan;

      b = (guint) kpi_check_rows_count_outside (rule->values + from, to - from, rule->lo, rule->hi, &nan);
      m = (guint) nan;
    }
  else
    {
      for (guint r = from; r < to; r++)
        {
          guint32 code = rule->codes[r];

          m += code == KPI_DIMENSION_MISSING;
          b += rule->bad[rule_code (rule, code)];
        }
    }
  *missing = m;
  *bad = b;
}

static char *
quote (const char *text)
{
  g_autofree char *shown = kpi_text_for_message (text, -1, KPI_MESSAGE_QUOTE_CHARS);

  return g_strdup_printf ("“%s”", shown);
}

/* The valid values in words: "within [1, 5000]", "in {“online”,
 * “mobile”}", "matching “R[0-9]{2}”" */
static char *
describe_rule (KpiValidityCheck *self,
               KpiColumnKind     kind)
{
  GString *text = g_string_new (NULL);

  if (kind == KPI_COLUMN_MEASURE)
    {
      g_autofree char *lo = kpi_check_rows_format_number (self->min, 15);
      g_autofree char *hi = kpi_check_rows_format_number (self->max, 15);

      if (!isnan (self->min) && !isnan (self->max))
        g_string_append_printf (text, "within %c%s, %s%c", self->strict_min ? '(' : '[', lo, hi,
                                self->strict_max ? ')' : ']');
      else if (!isnan (self->min))
        g_string_append_printf (text, "%s %s", self->strict_min ? "above" : "at least", lo);
      else
        g_string_append_printf (text, "%s %s", self->strict_max ? "below" : "at most", hi);
      return g_string_free (text, FALSE);
    }

  if (self->allowed[0] != NULL)
    {
      guint n = g_strv_length (self->allowed);

      g_string_append (text, "in {");
      for (guint i = 0; i < MIN (n, SHOWN_VALUES); i++)
        {
          g_autofree char *v = quote (self->allowed[i]);

          g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", v);
        }
      if (n > SHOWN_VALUES)
        g_string_append_printf (text, ", … %u in all", n);
      g_string_append_c (text, '}');
    }
  if (self->pattern != NULL)
    {
      g_autofree char *p = quote (self->pattern);

      g_string_append_printf (text, "%smatching %s", text->len > 0 ? " and " : "", p);
    }
  return g_string_free (text, FALSE);
}

/* Checks the settings against the field, and prepares the rule; FALSE
 * with %KPI_CHECK_ERROR_INVALID naming the setting. */
static gboolean
prepare_rule (KpiValidityCheck  *self,
              KpiDataset        *dataset,
              const char        *field,
              guint              column,
              Rule              *rule,
              GError           **error)
{
  g_autofree char *name = kpi_check_rows_name (KPI_CHECK (self));
  g_autofree char *shown = quote (field);
  gboolean has_range = !isnan (self->min) || !isnan (self->max);
  gboolean has_set = self->allowed[0] != NULL;
  gboolean has_pattern = self->pattern != NULL;
  gsize n;

  rule->kind = kpi_dataset_get_column_kind (dataset, column);
  if (!has_range && !has_set && !has_pattern)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: no rule to check %s against: set min, max, allowed or pattern",
                   name, shown);
      return FALSE;
    }
  if (rule->kind == KPI_COLUMN_TIME)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: %s is the time column; a validity check reads a measure or a dimension",
                   name, shown);
      return FALSE;
    }

  if (rule->kind == KPI_COLUMN_MEASURE)
    {
      if (has_set || has_pattern)
        {
          g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                       "%s: %s is for dimensions, and %s is a measure (use min and max)",
                       name, has_set ? "allowed" : "pattern", shown);
          return FALSE;
        }
      if (!isnan (self->min) && !isnan (self->max)
          && (self->min > self->max
              || (self->min == self->max && (self->strict_min || self->strict_max))))
        {
          g_autofree char *range = describe_rule (self, rule->kind);

          g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                       "%s: min and max leave no valid value (%s)", name, range);
          return FALSE;
        }
      rule->values = kpi_dataset_get_measure (dataset, field, &n);
      rule->lo = isnan (self->min) ? -INFINITY
               : self->strict_min ? nextafter (self->min, INFINITY) : self->min;
      rule->hi = isnan (self->max) ? INFINITY
               : self->strict_max ? nextafter (self->max, -INFINITY) : self->max;
      return TRUE;
    }

  /* a dimension */
  if (has_range)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: min and max are for measures, and %s is a dimension (use allowed or pattern)",
                   name, shown);
      return FALSE;
    }
  {
    g_autoptr(GRegex) regex = NULL;
    g_autoptr(GHashTable) allowed = NULL;
    const char * const *dictionary;

    if (has_pattern)
      {
        g_autoptr(GRegex) plain = NULL;
        g_autofree char *whole = NULL;
        GError *local_error = NULL;

        /* the user's pattern on its own first, so that an error message
         * speaks of it and not of our anchors */
        plain = g_regex_new (self->pattern, 0, 0, &local_error);
        if (plain == NULL)
          {
            g_autofree char *pattern = quote (self->pattern);
            g_autofree char *why = kpi_text_for_message (local_error->message, -1, 0);

            g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                         "%s: pattern %s is not a regular expression: %s", name, pattern, why);
            g_error_free (local_error);
            return FALSE;
          }
        whole = g_strdup_printf ("\\A(?:%s)\\z", self->pattern);
        /* compiled to machine code where PCRE2 can: it runs once per
         * distinct value, and a dimension may have a million */
        regex = g_regex_new (whole, G_REGEX_OPTIMIZE, 0, &local_error);
        if (regex == NULL)
          {
            /* cannot happen when the pattern compiled alone; said anyway */
            g_autofree char *why = kpi_text_for_message (local_error->message, -1, 0);

            g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                         "%s: pattern: %s", name, why);
            g_error_free (local_error);
            return FALSE;
          }
      }
    if (has_set)
      {
        allowed = g_hash_table_new (g_str_hash, g_str_equal);
        for (guint i = 0; self->allowed[i] != NULL; i++)
          g_hash_table_add (allowed, self->allowed[i]);
      }

    rule->codes = kpi_dataset_get_dimension_codes (dataset, field, &n);
    dictionary = kpi_dataset_get_dimension_dictionary (dataset, field, &rule->n_codes);
    /* one more, for the missing code: never invalid */
    rule->bad = g_new0 (guint8, rule->n_codes + 1);
    for (gsize c = 0; c < rule->n_codes; c++)
      {
        const char *v = dictionary[c];
        gboolean ok = TRUE;

        if (allowed != NULL)
          ok = g_hash_table_contains (allowed, v);
        if (ok && regex != NULL)
          ok = g_utf8_validate (v, -1, NULL) && g_regex_match (regex, v, 0, NULL);
        rule->bad[c] = !ok;
      }
  }
  return TRUE;
}

typedef struct
{
  guint32 code;
  guint64 count;
} CodeCount;

static int
compare_code_counts (gconstpointer a,
                     gconstpointer b)
{
  const CodeCount *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return x->code < y->code ? -1 : x->code > y->code;
}

static KpiCheckResult *
kpi_validity_check_run (KpiCheck      *check,
                        KpiContext    *context,
                        GCancellable  *cancellable,
                        GError       **error)
{
  KpiValidityCheck *self = KPI_VALIDITY_CHECK (check);
  g_autoptr(KpiDataset) dataset = NULL;
  g_autofree char *name = kpi_check_rows_name (check);
  g_autofree char *field_name = NULL;
  g_autofree char *rule_text = NULL;
  g_autofree guint64 *bad_by_code = NULL;
  g_autoptr(GArray) sample_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GString) message = g_string_new (NULL);
  const char * const *fields = kpi_check_get_fields (check);
  const KpiPeriod *period = kpi_check_get_period (check);
  const gint64 *times;
  KpiCheckResult *result;
  KpiCalendar *calendar;
  KpiAffectedPeriods days;
  KpiRowRange range;
  KpiCheckStatus status;
  Rule rule = { 0 };
  gsize n_rows = 0;
  guint column, max_samples = kpi_check_get_max_samples (check);
  guint64 n_in = 0, missing = 0, unexpected = 0;
  double observed, mostly = kpi_check_get_mostly (check);

  dataset = kpi_check_dup_dataset (check, context, error);
  if (dataset == NULL)
    return NULL;
  calendar = kpi_context_get_calendar (context);

  if (fields[0] == NULL || fields[1] != NULL)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: a validity check reads one field; fields has %u",
                   name, g_strv_length ((char **) fields));
      return NULL;
    }
  if (!kpi_check_lookup_field (check, dataset, fields[0], &column, error))
    return NULL;
  if (!prepare_rule (self, dataset, fields[0], column, &rule, error))
    return NULL;
  field_name = kpi_text_for_message (fields[0], -1, KPI_MESSAGE_QUOTE_CHARS);
  rule_text = describe_rule (self, rule.kind);
  if (rule.kind == KPI_COLUMN_DIMENSION)
    bad_by_code = g_new0 (guint64, rule.n_codes + 1);

  times = kpi_dataset_get_times (dataset, &n_rows);
  kpi_row_range_init (&range, period);
  kpi_affected_periods_init (&days, calendar, KPI_GRANULARITY_DAY);

  /* The pass, a chunk at a time: counted without branches, and looked at
   * row by row only where something is invalid or out of the period */
  for (gsize c0 = 0; c0 < n_rows; c0 += KPI_CHECK_ROWS_CHUNK)
    {
      guint from = (guint) c0, to = (guint) MIN (n_rows, c0 + KPI_CHECK_ROWS_CHUNK);
      guint m, b;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          kpi_affected_periods_clear (&days);
          g_free (rule.bad);
          return NULL;
        }
      if (range.all)
        {
          rule_count (&rule, from, to, &m, &b);
          n_in += to - from;
          missing += m;
          if (b == 0)
            continue;
        }
      for (guint r = from; r < to; r++)
        {
          if (!range.all)
            {
              if (!kpi_row_range_contains (&range, times[r]))
                continue;
              n_in++;
              if (rule.kind == KPI_COLUMN_MEASURE ? isnan (rule.values[r])
                                                  : rule.codes[r] == KPI_DIMENSION_MISSING)
                {
                  missing++;
                  continue;
                }
            }
          if (!rule_is_bad (&rule, r))
            continue;
          unexpected++;
          if (bad_by_code != NULL)
            bad_by_code[rule_code (&rule, rule.codes[r])]++;
          if (sample_rows->len < max_samples)
            g_array_append_val (sample_rows, r);
          kpi_affected_periods_add (&days, times[r]);
        }
    }
  g_clear_pointer (&rule.bad, g_free);

  if (n_in == 0 || missing == n_in)
    {
      kpi_affected_periods_clear (&days);
      if (n_in == 0 && period != NULL)
        g_string_printf (message, "no rows in %s", kpi_period_get_label (period));
      else if (n_in == 0)
        g_string_printf (message, "no rows to check");
      else
        g_string_printf (message, "%s: all %" G_GUINT64_FORMAT " values are missing",
                         field_name, n_in);
      result = kpi_check_result_new (KPI_CHECK_STATUS_INSUFFICIENT_DATA, message->str);
      kpi_check_result_set_fields (result, fields);
      kpi_check_result_set_counts (result, kpi_sample_size_cap (n_in),
                                   kpi_sample_size_cap (missing), 0);
      return result;
    }

  /* counts beyond G_MAXUINT are capped, the share is not */
  observed = (double) unexpected / (double) (n_in - missing);
  {
    guint element = kpi_sample_size_cap (n_in);
    guint miss = (guint) MIN (missing, (guint64) element);
    guint bad = (guint) MIN (unexpected, (guint64) (element - miss));

    status = kpi_check_grade_rows (check, element, miss, bad);
    result = kpi_check_result_new (status, "");
    kpi_check_result_set_counts (result, element, miss, bad);
  }

  /* The message */
  if (unexpected == 0)
    g_string_printf (message, "%s: all %" G_GUINT64_FORMAT " values %s", field_name,
                     n_in - missing, rule_text);
  else
    {
      g_autofree char *share = kpi_check_rows_format_share (observed);
      g_autofree char *bound = NULL;

      if (1.0 - mostly <= 1e-12)
        bound = g_strdup ("none expected");
      else
        {
          g_autofree char *allowed_share = kpi_check_rows_format_share (1.0 - mostly);
          bound = g_strdup_printf ("at most %s expected", allowed_share);
        }
      g_string_printf (message, "%s: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                       " values not %s (%s; %s)", field_name, unexpected, n_in - missing,
                       rule_text, share, bound);
      if (bad_by_code != NULL)
        {
          g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (CodeCount));
          gsize n_dict;
          const char * const *dictionary =
            kpi_dataset_get_dimension_dictionary (dataset, fields[0], &n_dict);

          for (gsize c = 0; c < MIN (n_dict, rule.n_codes); c++)
            if (bad_by_code[c] > 0)
              {
                CodeCount cc = { (guint32) c, bad_by_code[c] };
                g_array_append_val (counts, cc);
              }
          g_array_sort (counts, compare_code_counts);
          for (guint k = 0; k < MIN (counts->len, 3); k++)
            {
              CodeCount *cc = &g_array_index (counts, CodeCount, k);
              g_autofree char *v = quote (dictionary[cc->code]);

              g_string_append_printf (message, "%s%s ×%" G_GUINT64_FORMAT,
                                      k == 0 ? ": " : ", ", v, cc->count);
            }
          if (counts->len > 3)
            g_string_append_printf (message, " and %u other values", counts->len - 3);
        }
      else
        {
          for (guint k = 0; k < MIN (sample_rows->len, 3); k++)
            {
              guint row = g_array_index (sample_rows, guint, k);
              g_autofree char *v = kpi_check_rows_format_cell (dataset, calendar, column, row);
              g_autofree char *day = kpi_check_rows_day_label (calendar, times[row]);

              g_string_append_printf (message, "%s%s on %s", k == 0 ? ": " : ", ", v, day);
            }
          if (unexpected > 3)
            g_string_append (message, ", …");
        }
    }
  kpi_check_result_set_message (result, message->str);
  kpi_check_result_set_observed (result, observed);
  kpi_check_result_set_expected (result, 0.0, 1.0 - mostly);
  kpi_check_result_set_fields (result, fields);

  if (kpi_check_result_is_finding (result))
    {
      kpi_affected_periods_flush (&days, result, NULL, NULL);
      for (guint k = 0; k < sample_rows->len; k++)
        if (!kpi_check_add_sample (check, result, dataset, g_array_index (sample_rows, guint, k)))
          break;
    }
  kpi_affected_periods_clear (&days);
  return result;
}

static void
kpi_validity_check_finalize (GObject *object)
{
  KpiValidityCheck *self = KPI_VALIDITY_CHECK (object);

  g_strfreev (self->allowed);
  g_free (self->pattern);

  G_OBJECT_CLASS (kpi_validity_check_parent_class)->finalize (object);
}

static void
kpi_validity_check_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KpiValidityCheck *self = KPI_VALIDITY_CHECK (object);

  switch (prop_id)
    {
    case PROP_MIN:
      g_value_set_double (value, self->min);
      break;
    case PROP_MAX:
      g_value_set_double (value, self->max);
      break;
    case PROP_STRICT_MIN:
      g_value_set_boolean (value, self->strict_min);
      break;
    case PROP_STRICT_MAX:
      g_value_set_boolean (value, self->strict_max);
      break;
    case PROP_ALLOWED:
      g_value_set_boxed (value, self->allowed);
      break;
    case PROP_PATTERN:
      g_value_set_string (value, self->pattern);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_validity_check_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KpiValidityCheck *self = KPI_VALIDITY_CHECK (object);

  switch (prop_id)
    {
    case PROP_MIN:
      kpi_validity_check_set_min (self, g_value_get_double (value));
      break;
    case PROP_MAX:
      kpi_validity_check_set_max (self, g_value_get_double (value));
      break;
    case PROP_STRICT_MIN:
      kpi_validity_check_set_strict_min (self, g_value_get_boolean (value));
      break;
    case PROP_STRICT_MAX:
      kpi_validity_check_set_strict_max (self, g_value_get_boolean (value));
      break;
    case PROP_ALLOWED:
      kpi_validity_check_set_allowed (self, g_value_get_boxed (value));
      break;
    case PROP_PATTERN:
      kpi_validity_check_set_pattern (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_validity_check_class_init (KpiValidityCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiCheckClass *check_class = KPI_CHECK_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_validity_check_finalize;
  object_class->get_property = kpi_validity_check_get_property;
  object_class->set_property = kpi_validity_check_set_property;
  check_class->run = kpi_validity_check_run;

  /**
   * KpiValidityCheck:min:
   *
   * The lowest valid value of a measure; NaN (the default) for no lower
   * bound. Included unless [property@Kpi.ValidityCheck:strict-min] is
   * set.
   *
   * Since: 0.1
   */
  properties[PROP_MIN] = kpi_param_spec_nan_double ("min", NAN, rw);

  /**
   * KpiValidityCheck:max:
   *
   * The highest valid value of a measure; NaN (the default) for no upper
   * bound. Included unless [property@Kpi.ValidityCheck:strict-max] is
   * set.
   *
   * Since: 0.1
   */
  properties[PROP_MAX] = kpi_param_spec_nan_double ("max", NAN, rw);

  /**
   * KpiValidityCheck:strict-min:
   *
   * Whether [property@Kpi.ValidityCheck:min] itself is invalid (an amount
   * above 0, not 0).
   *
   * Since: 0.1
   */
  properties[PROP_STRICT_MIN] = g_param_spec_boolean ("strict-min", NULL, NULL, FALSE, rw);

  /**
   * KpiValidityCheck:strict-max:
   *
   * Whether [property@Kpi.ValidityCheck:max] itself is invalid.
   *
   * Since: 0.1
   */
  properties[PROP_STRICT_MAX] = g_param_spec_boolean ("strict-max", NULL, NULL, FALSE, rw);

  /**
   * KpiValidityCheck:allowed:
   *
   * The valid values of a dimension (`online`, `mobile`, `store`), as
   * they are written; none (the default) for no such rule.
   *
   * Since: 0.1
   */
  properties[PROP_ALLOWED] = g_param_spec_boxed ("allowed", NULL, NULL, G_TYPE_STRV, rw);

  /**
   * KpiValidityCheck:pattern:
   *
   * A regular expression (PCRE, as #GRegex reads it) that each value of a
   * dimension must match as a whole (`R[0-9]{2}` accepts `R07`, not
   * `R07b`); %NULL (the default) for no such rule.
   *
   * Since: 0.1
   */
  properties[PROP_PATTERN] = g_param_spec_string ("pattern", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_validity_check_init (KpiValidityCheck *self)
{
  self->min = NAN;
  self->max = NAN;
  self->allowed = g_new0 (char *, 1);
  /* mostly (1: any invalid value fails) decides; no threshold */
  kpi_check_set_thresholds (KPI_CHECK (self), NAN, NAN);
}

/**
 * kpi_validity_check_new:
 * @dataset_name: (nullable): the name of the dataset to check, as the
 *   context knows it (or set [property@Kpi.Check:dataset])
 * @field: the field to check
 *
 * Creates a check of the values of @field; give it a rule with
 * [method@Kpi.ValidityCheck.set_min] and
 * [method@Kpi.ValidityCheck.set_max] (a measure), or
 * [method@Kpi.ValidityCheck.set_allowed] and
 * [method@Kpi.ValidityCheck.set_pattern] (a dimension).
 *
 * Returns: (transfer full): a new check
 *
 * Since: 0.1
 */
KpiCheck *
kpi_validity_check_new (const char *dataset_name,
                        const char *field)
{
  const char *fields[] = { field, NULL };

  g_return_val_if_fail (field != NULL, NULL);

  return g_object_new (KPI_TYPE_VALIDITY_CHECK,
                       "dataset-name", dataset_name,
                       "fields", fields,
                       NULL);
}

#define DOUBLE_PROPERTY(member, prop)                                          \
  double                                                                       \
  kpi_validity_check_get_##member (KpiValidityCheck *self)                     \
  {                                                                            \
    g_return_val_if_fail (KPI_IS_VALIDITY_CHECK (self), NAN);                  \
    return self->member;                                                       \
  }                                                                            \
  void                                                                         \
  kpi_validity_check_set_##member (KpiValidityCheck *self,                     \
                                   double            member)                   \
  {                                                                            \
    g_return_if_fail (KPI_IS_VALIDITY_CHECK (self));                           \
    if (!isfinite (member))                                                    \
      member = NAN;                                                            \
    if (self->member == member || (isnan (self->member) && isnan (member)))   \
      return;                                                                  \
    self->member = member;                                                     \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);              \
  }

#define BOOLEAN_PROPERTY(member, prop)                                         \
  gboolean                                                                     \
  kpi_validity_check_get_##member (KpiValidityCheck *self)                     \
  {                                                                            \
    g_return_val_if_fail (KPI_IS_VALIDITY_CHECK (self), FALSE);                \
    return self->member;                                                       \
  }                                                                            \
  void                                                                         \
  kpi_validity_check_set_##member (KpiValidityCheck *self,                     \
                                   gboolean          member)                   \
  {                                                                            \
    g_return_if_fail (KPI_IS_VALIDITY_CHECK (self));                           \
    member = !!member;                                                         \
    if (self->member == member)                                                \
      return;                                                                  \
    self->member = member;                                                     \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);              \
  }

/**
 * kpi_validity_check_get_min:
 * @self: a validity check
 *
 * Gets the lowest valid value.
 *
 * Returns: the lowest valid value, NaN for none
 *
 * Since: 0.1
 */
/**
 * kpi_validity_check_set_min:
 * @self: a validity check
 * @min: the lowest valid value of a measure; NaN (or an infinity) for none
 *
 * Sets [property@Kpi.ValidityCheck:min].
 *
 * Since: 0.1
 */
DOUBLE_PROPERTY (min, PROP_MIN)

/**
 * kpi_validity_check_get_max:
 * @self: a validity check
 *
 * Gets the highest valid value.
 *
 * Returns: the highest valid value, NaN for none
 *
 * Since: 0.1
 */
/**
 * kpi_validity_check_set_max:
 * @self: a validity check
 * @max: the highest valid value of a measure; NaN (or an infinity) for
 *   none
 *
 * Sets [property@Kpi.ValidityCheck:max].
 *
 * Since: 0.1
 */
DOUBLE_PROPERTY (max, PROP_MAX)

/**
 * kpi_validity_check_get_strict_min:
 * @self: a validity check
 *
 * Gets whether the minimum itself is invalid.
 *
 * Returns: whether the minimum itself is invalid
 *
 * Since: 0.1
 */
/**
 * kpi_validity_check_set_strict_min:
 * @self: a validity check
 * @strict_min: whether the minimum itself is invalid
 *
 * Sets [property@Kpi.ValidityCheck:strict-min].
 *
 * Since: 0.1
 */
BOOLEAN_PROPERTY (strict_min, PROP_STRICT_MIN)

/**
 * kpi_validity_check_get_strict_max:
 * @self: a validity check
 *
 * Gets whether the maximum itself is invalid.
 *
 * Returns: whether the maximum itself is invalid
 *
 * Since: 0.1
 */
/**
 * kpi_validity_check_set_strict_max:
 * @self: a validity check
 * @strict_max: whether the maximum itself is invalid
 *
 * Sets [property@Kpi.ValidityCheck:strict-max].
 *
 * Since: 0.1
 */
BOOLEAN_PROPERTY (strict_max, PROP_STRICT_MAX)

#undef DOUBLE_PROPERTY
#undef BOOLEAN_PROPERTY

/**
 * kpi_validity_check_get_allowed:
 * @self: a validity check
 *
 * Gets the valid values of a dimension.
 *
 * Returns: (transfer none) (array zero-terminated=1): the valid values of
 *   a dimension; none when there is no such rule
 *
 * Since: 0.1
 */
const char * const *
kpi_validity_check_get_allowed (KpiValidityCheck *self)
{
  g_return_val_if_fail (KPI_IS_VALIDITY_CHECK (self), NULL);

  return (const char * const *) self->allowed;
}

/**
 * kpi_validity_check_set_allowed:
 * @self: a validity check
 * @allowed: (array zero-terminated=1) (nullable): the valid values of a
 *   dimension; %NULL or none for no such rule
 *
 * Sets [property@Kpi.ValidityCheck:allowed].
 *
 * Since: 0.1
 */
void
kpi_validity_check_set_allowed (KpiValidityCheck   *self,
                                const char * const *allowed)
{
  static const char * const none[] = { NULL };

  g_return_if_fail (KPI_IS_VALIDITY_CHECK (self));

  if (allowed == NULL)
    allowed = none;
  if (g_strv_equal ((const char * const *) self->allowed, allowed))
    return;
  g_strfreev (self->allowed);
  self->allowed = g_strdupv ((char **) allowed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOWED]);
}

/**
 * kpi_validity_check_get_pattern:
 * @self: a validity check
 *
 * Gets the regular expression the values must match.
 *
 * Returns: (nullable): the regular expression the values must match
 *
 * Since: 0.1
 */
const char *
kpi_validity_check_get_pattern (KpiValidityCheck *self)
{
  g_return_val_if_fail (KPI_IS_VALIDITY_CHECK (self), NULL);

  return self->pattern;
}

/**
 * kpi_validity_check_set_pattern:
 * @self: a validity check
 * @pattern: (nullable): a regular expression each value of a dimension
 *   must match as a whole; %NULL for no such rule. It is compiled when the
 *   check runs: one that does not compile fails the run with
 *   %KPI_CHECK_ERROR_INVALID.
 *
 * Sets [property@Kpi.ValidityCheck:pattern].
 *
 * Since: 0.1
 */
void
kpi_validity_check_set_pattern (KpiValidityCheck *self,
                                const char       *pattern)
{
  g_return_if_fail (KPI_IS_VALIDITY_CHECK (self));

  if (kpi_set_str (&self->pattern, pattern))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATTERN]);
}
