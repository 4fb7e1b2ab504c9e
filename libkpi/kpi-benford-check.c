/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-benford-check.c: first digits against Benford's law */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-util-private.h"

/**
 * KpiBenfordCheck:
 *
 * Tests the first digits of a measure against Benford's law. In many
 * collections of amounts that span several orders of magnitude (invoices,
 * expense claims, ledger entries) the first digit *d* is not uniform but
 * appears with the proportion log₁₀(1 + 1 / *d*): 30.1 % of ones, 17.6 % of
 * twos, down to 4.6 % of nines. Made-up figures and figures pushed under
 * an approval limit break that pattern, which is why auditors test it.
 *
 * The check counts the first digits of the values of its field (the
 * first of [property@Kpi.Check:fields], a measure) that are at least
 * [property@Kpi.BenfordCheck:min-value] (10 by default: Nigrini advises
 * leaving out amounts under 10, whose first digit says little); values
 * below it, zeros and negative values are skipped and counted, missing
 * values are counted apart. It then computes the mean absolute deviation
 * of the observed proportions from Benford's,
 *
 *   MAD = (1/9) Σ_{d=1..9} |*n_d* / *n* − log₁₀(1 + 1 / *d*)|,
 *
 * and reads it with Nigrini's conformity bands for the first digit (Mark
 * J. Nigrini, *Benford's Law: Applications for Forensic Accounting,
 * Auditing, and Fraud Detection*, Wiley, 2012, table 7.1): up to 0.006
 * close conformity, up to 0.012 acceptable conformity, up to 0.015
 * marginally acceptable conformity, above 0.015 nonconformity. The
 * defaults follow them: a MAD above 0.012 (marginal) warns, above 0.015
 * (nonconformity) fails. The MAD does not grow with the sample, unlike a
 * chi-squared test, which rejects any real data set once it is large;
 * but below a few hundred values it is mostly noise, so fewer than
 * [property@Kpi.BenfordCheck:min-sample] values (1000 by default) give
 * %KPI_CHECK_STATUS_INSUFFICIENT_DATA.
 *
 * Expect conformity only from data that Benford's law describes: amounts
 * that come from many sources and span two orders of magnitude or more.
 * Amounts clustered around a typical price do not conform, however clean:
 * the order baskets of the sample data (lognormal, median about 103,
 * mostly between 40 and 300) have a MAD of about 0.043, with far too many
 * ones (39 %) and too few twos and threes. Run the check on a field where
 * it means something, and read a failure as a reason to look, not as a
 * proof.
 *
 * With [property@Kpi.Check:group-by], each group (each rep, each
 * supplier) is tested on its own values, as Nigrini recommends to find the
 * one that deviates; groups with fewer than the minimum sample are left
 * out and counted. [property@Kpi.CheckResult:observed] is the MAD (the
 * largest of the groups' MADs); the message gives its band and the digit
 * most over-represented. The scope is the check's period (all the data by
 * default) and, with groups, each group beyond the warning threshold.
 *
 * In C:
 *
 * ```c
 * g_autoptr(KpiCheck) check = kpi_benford_check_new ("expenses", "amount");
 *
 * result = kpi_check_run (check, context, NULL, &error);
 * // FAIL: first digits of amount: MAD 0.0435, nonconformity (Nigrini 2012: above 0.015); …
 * ```
 *
 * In Python:
 *
 * ```python
 * check = Kpi.BenfordCheck.new("expenses", "amount")
 * check.set_group_by("employee")
 * result = check.run(context, None)
 * print(result.get_observed(), result.get_message())
 * ```
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiContext) context = kpi_context_new (NULL);
 * g_autoptr(KpiCheck) check = kpi_benford_check_new ("orders", "amount");
 * g_autoptr(KpiCheckResult) result = NULL;
 * g_autofree char *status = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "orders", orders);
 * kpi_benford_check_set_min_sample (KPI_BENFORD_CHECK (check), 8); // far too few, for the example
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
 * check = Kpi.BenfordCheck.new("orders", "amount")
 * check.set_min_sample(8)  # far too few, for the example
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
 * const check = Kpi.BenfordCheck.new('orders', 'amount');
 * check.set_min_sample(8); // far too few, for the example
 * const result = check.run(context, null);
 * print(`${GObject.enum_to_string(Kpi.CheckStatus, result.get_status())}: ${result.get_message()}`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiBenfordCheck
{
  KpiCheck parent_instance;

  double   min_value;
  guint    min_sample;
};

enum {
  PROP_0,
  PROP_MIN_VALUE,
  PROP_MIN_SAMPLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiBenfordCheck, kpi_benford_check, KPI_TYPE_CHECK)

/* Nigrini (2012), table 7.1: the first digit's conformity bands. */
#define CLOSE_CONFORMITY      0.006
#define ACCEPTABLE_CONFORMITY 0.012
#define MARGINAL_CONFORMITY   0.015

#define DEFAULT_MIN_VALUE     10.0
#define DEFAULT_MIN_SAMPLE    1000
#define CANCEL_EVERY          65536u
#define MAX_LISTED            5u

static const double powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* The first significant digit of @x > 0. Between 1 and 10²² (where every
 * power of ten is a double exactly) without a logarithm, which would be
 * most of the check's cost: the binary exponent e₂ of @x gives its decimal
 * exponent e, ⌊e₂ log₁₀ 2⌋ (1233 / 2¹² is log₁₀ 2 closely enough for these
 * exponents) or one more, which one comparison tells. */
static inline guint
first_digit (double x)
{
  double scaled;

  if (x >= 1.0 && x < 1e22)
    {
      guint64 bits;
      int e2, e10;

      memcpy (&bits, &x, sizeof bits);
      e2 = (int) ((bits >> 52) & 0x7ff) - 1023;
      e10 = (e2 * 1233) >> 12;
      e10 += x >= powers_of_ten[e10 + 1];
      scaled = x / powers_of_ten[e10];
    }
  else
    {
      scaled = x / pow (10.0, floor (log10 (x)));
      /* log10 may be off by one at an exact power of ten */
      if (scaled < 1.0)
        scaled *= 10.0;
      else if (scaled >= 10.0)
        scaled /= 10.0;
    }
  /* x ≥ 10^e gives x / 10^e ≥ 1 exactly; x just below 10^(e+1) may round
   * to 10 */
  return CLAMP ((guint) scaled, 1, 9);
}

static double
benford (guint digit)
{
  return log10 (1.0 + 1.0 / digit);
}

static const char *
band (double mad)
{
  if (mad <= CLOSE_CONFORMITY)
    return "close conformity";
  if (mad <= ACCEPTABLE_CONFORMITY)
    return "acceptable conformity";
  if (mad <= MARGINAL_CONFORMITY)
    return "marginally acceptable conformity";
  return "nonconformity";
}

static const char *
band_bounds (double mad)
{
  if (mad <= CLOSE_CONFORMITY)
    return "up to 0.006";
  if (mad <= ACCEPTABLE_CONFORMITY)
    return "0.006 to 0.012";
  if (mad <= MARGINAL_CONFORMITY)
    return "0.012 to 0.015";
  return "above 0.015";
}

/* The first-digit counts of one group. */
typedef struct
{
  guint64 counts[9];
  guint64 n;          /* the values counted */
  guint64 skipped;    /* below the minimum value, zero or negative */
  guint64 missing;
  double  mad;        /* NaN: too few values */
  guint   over;       /* the digit most over-represented, 1..9 */
} Digits;

/* The tallies of a group: digits 1 to 9 at 0 to 8, then these */
#define TALLY_SKIPPED 9
#define TALLY_MISSING 10
#define N_TALLIES     11

static void
digits_judge (Digits *g,
              guint   min_sample)
{
  double sum = 0.0, excess = -INFINITY;

  g->mad = NAN;
  g->over = 1;
  if (g->n == 0 || g->n < min_sample)
    return;
  for (guint d = 1; d <= 9; d++)
    {
      double diff = (double) g->counts[d - 1] / g->n - benford (d);

      sum += fabs (diff);
      if (diff > excess)
        {
          excess = diff;
          g->over = d;
        }
    }
  g->mad = sum / 9.0;
}

/* "MAD 0.0435, nonconformity (Nigrini 2012: above 0.015); digit 1
 * over-represented: 39.4 % against 30.1 %" */
static void
append_judgement (GString      *text,
                  const Digits *g)
{
  double share = (double) g->counts[g->over - 1] / g->n;

  g_string_append_printf (text, "MAD %.4f, %s (Nigrini 2012: %s); digit %u %s: %.1f %% against %.1f %%",
                          g->mad, band (g->mad), band_bounds (g->mad), g->over,
                          share > benford (g->over) ? "over-represented" : "closest to Benford's",
                          100.0 * share, 100.0 * benford (g->over));
}

static KpiCheckResult *
kpi_benford_check_run (KpiCheck      *check,
                       KpiContext    *context,
                       GCancellable  *cancellable,
                       GError       **error)
{
  KpiBenfordCheck *self = KPI_BENFORD_CHECK (check);
  const char *id = kpi_check_display_name (check, "benford");
  const char * const *fields = kpi_check_get_fields (check);
  const char *group_by = kpi_check_get_group_by (check);
  const KpiPeriod *period = kpi_check_get_period (check);
  g_autoptr(KpiDataset) dataset = NULL;
  g_autofree Digits *groups = NULL;
  g_autofree guint64 *tallies = NULL;
  g_autofree char *field = NULL;
  g_autofree char *min_text = NULL;
  g_autoptr(GString) message = g_string_new (NULL);
  const guint32 *codes = NULL;
  const char * const *dict = NULL;
  const double *values;
  const gint64 *times;
  gsize n_rows, n_groups = 0;
  gint64 start = G_MININT64, end = G_MAXINT64;
  double min_value = self->min_value;
  guint64 n_total = 0, skipped = 0, missing = 0, rows = 0;
  guint judged = 0, too_small = 0, listed = 0;
  Digits *worst = NULL;
  double warn;
  KpiColumnKind kind;
  KpiCheckStatus status;
  KpiCheckResult *result;

  if (fields[0] == NULL || fields[1] != NULL)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: Benford's law is tested on one field, not %u",
                   id, g_strv_length ((char **) fields));
      return NULL;
    }
  if (!(self->min_value > 0.0) || isinf (self->min_value))
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: the minimum value (%g) is not a positive number: a first digit needs one",
                   id, self->min_value);
      return NULL;
    }
  dataset = kpi_check_dup_dataset (check, context, error);
  if (dataset == NULL)
    return NULL;
  field = kpi_text_for_message (fields[0], -1, KPI_MESSAGE_QUOTE_CHARS);
  if (!kpi_check_lookup_field (check, dataset, fields[0], NULL, error))
    return NULL;
  kpi_dataset_lookup_column (dataset, fields[0], NULL, &kind);
  if (kind != KPI_COLUMN_MEASURE)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: “%s” is not a measure: it has no digits", id, field);
      return NULL;
    }
  if (group_by != NULL)
    {
      g_autofree char *quoted = kpi_text_for_message (group_by, -1, KPI_MESSAGE_QUOTE_CHARS);

      if (!kpi_check_lookup_field (check, dataset, group_by, NULL, error))
        return NULL;
      kpi_dataset_lookup_column (dataset, group_by, NULL, &kind);
      if (kind != KPI_COLUMN_DIMENSION)
        {
          g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                       "%s: group-by “%s” is not a dimension", id, quoted);
          return NULL;
        }
      codes = kpi_dataset_get_dimension_codes (dataset, group_by, &n_rows);
      dict = kpi_dataset_get_dimension_dictionary (dataset, group_by, &n_groups);
    }
  if (period != NULL)
    {
      start = kpi_period_get_start (period);
      end = kpi_period_get_end (period);
    }

  /* One pass: per group (the last one: no group), how many values have
   * each first digit, how many are skipped, how many missing */
  groups = g_new0 (Digits, n_groups + 1);
  tallies = g_new0 (guint64, (n_groups + 1) * N_TALLIES);
  values = kpi_dataset_get_measure (dataset, fields[0], &n_rows);
  /* the times are read only to keep a period's rows */
  times = period != NULL ? kpi_dataset_get_times (dataset, &n_rows) : NULL;
  for (gsize row = 0; row < n_rows; row++)
    {
      gsize group = codes != NULL && codes[row] != KPI_DIMENSION_MISSING ? codes[row] : n_groups;
      double x = values[row];
      guint tally;

      if (row % CANCEL_EVERY == CANCEL_EVERY - 1
          && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (times != NULL && (times[row] < start || times[row] >= end))
        continue;
      rows++;
      tally = isnan (x) ? TALLY_MISSING : x < min_value ? TALLY_SKIPPED : first_digit (x) - 1;
      tallies[group * N_TALLIES + tally]++;
    }
  for (gsize i = 0; i <= n_groups; i++)
    {
      Digits *g = &groups[i];
      const guint64 *t = &tallies[i * N_TALLIES];

      for (guint d = 0; d < 9; d++)
        {
          g->counts[d] += t[d];
          g->n += t[d];
        }
      g->skipped += t[TALLY_SKIPPED];
      g->missing += t[TALLY_MISSING];
    }

  /* Judge each group */
  for (gsize i = 0; i <= n_groups; i++)
    {
      Digits *g = &groups[i];

      n_total += g->n;
      skipped += g->skipped;
      missing += g->missing;
      if (group_by != NULL && i == n_groups && g->n == 0)
        continue;   /* no value without a group */
      if (group_by == NULL && i < n_groups)
        continue;
      digits_judge (g, self->min_sample);
      if (isnan (g->mad))
        {
          too_small++;
          continue;
        }
      judged++;
      if (worst == NULL || g->mad > worst->mad)
        worst = g;
    }

  min_text = kpi_check_format_short (self->min_value);
  if (worst == NULL)
    {
      if (group_by == NULL)
        g_string_printf (message, "%" G_GUINT64_FORMAT " value%s of %s at least %s: Benford's law needs at least %u",
                         n_total, n_total == 1 ? "" : "s", field, min_text, self->min_sample);
      else
        g_string_printf (message, "no group of %s has %u values of %s at least %s, which Benford's law needs (%" G_GUINT64_FORMAT " in all)",
                         group_by, self->min_sample, field, min_text, n_total);
      if (skipped + missing > 0)
        g_string_append_printf (message, "; %" G_GUINT64_FORMAT " smaller, zero or negative, %" G_GUINT64_FORMAT " missing",
                                skipped, missing);
      result = kpi_check_result_new (KPI_CHECK_STATUS_INSUFFICIENT_DATA, message->str);
      kpi_check_result_set_counts (result, kpi_sample_size_cap (rows), kpi_sample_size_cap (missing), 0);
      kpi_check_result_set_fields (result, fields);
      return result;
    }

  status = kpi_check_grade (check, worst->mad);
  warn = !isnan (kpi_check_get_warn_threshold (check)) ? kpi_check_get_warn_threshold (check)
                                                       : kpi_check_get_fail_threshold (check);
  if (group_by == NULL)
    {
      g_string_printf (message, "first digits of %s: ", field);
      append_judgement (message, worst);
    }
  else
    {
      g_autofree char *dimension = kpi_text_for_message (group_by, -1, KPI_MESSAGE_QUOTE_CHARS);
      guint beyond = 0;

      for (gsize i = 0; i < n_groups; i++)
        if (!isnan (groups[i].mad) && groups[i].mad > warn)
          beyond++;
      g_string_printf (message, "first digits of %s by %s: %u group%s of %u beyond %g",
                       field, dimension, beyond, beyond == 1 ? "" : "s", judged,
                       isnan (warn) ? MARGINAL_CONFORMITY : warn);
      /* the worst first, then the others beyond the threshold */
      for (gsize i = 0; i <= n_groups + 1 && listed < MAX_LISTED; i++)
        {
          Digits *g = i == 0 ? worst : &groups[i - 1];
          g_autofree char *name = NULL;

          if (i > 0 && (g == worst || isnan (g->mad) || !(g->mad > warn)))
            continue;
          name = g < groups + n_groups
                 ? kpi_text_for_message (dict[g - groups], -1, KPI_MESSAGE_QUOTE_CHARS)
                 : g_strdup ("(missing)");
          g_string_append_printf (message, "%s%s: ", listed == 0 ? "; the worst, " : "; ", name);
          append_judgement (message, g);
          listed++;
        }
      if (too_small > 0)
        g_string_append_printf (message, "; %u group%s under %u values not judged", too_small,
                                too_small == 1 ? "" : "s", self->min_sample);
    }
  g_string_append_printf (message, "; %" G_GUINT64_FORMAT " value%s at least %s", n_total,
                          n_total == 1 ? "" : "s", min_text);
  if (skipped > 0)
    g_string_append_printf (message, ", %" G_GUINT64_FORMAT " smaller, zero or negative skipped", skipped);
  if (missing > 0)
    g_string_append_printf (message, ", %" G_GUINT64_FORMAT " missing", missing);

  result = kpi_check_result_new (status, message->str);
  kpi_check_result_set_observed (result, worst->mad);
  kpi_check_result_set_expected (result, 0.0, warn);
  kpi_check_result_set_counts (result, kpi_sample_size_cap (rows), kpi_sample_size_cap (missing), 0);
  kpi_check_result_set_fields (result, fields);
  if (group_by == NULL)
    kpi_check_result_add_affected (result, period, NULL, NULL);
  else
    for (gsize i = 0; i <= n_groups; i++)
      {
        Digits *g = &groups[i];

        if (isnan (g->mad) || !(g->mad > warn))
          continue;
        kpi_check_result_add_affected (result, period, i < n_groups ? group_by : NULL,
                                       i < n_groups ? dict[i] : NULL);
      }
  return result;
}

static void
kpi_benford_check_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KpiBenfordCheck *self = KPI_BENFORD_CHECK (object);

  switch (prop_id)
    {
    case PROP_MIN_VALUE:
      g_value_set_double (value, self->min_value);
      break;
    case PROP_MIN_SAMPLE:
      g_value_set_uint (value, self->min_sample);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_benford_check_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KpiBenfordCheck *self = KPI_BENFORD_CHECK (object);

  switch (prop_id)
    {
    case PROP_MIN_VALUE:
      kpi_benford_check_set_min_value (self, g_value_get_double (value));
      break;
    case PROP_MIN_SAMPLE:
      kpi_benford_check_set_min_sample (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_benford_check_class_init (KpiBenfordCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiCheckClass *check_class = KPI_CHECK_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kpi_benford_check_get_property;
  object_class->set_property = kpi_benford_check_set_property;
  check_class->run = kpi_benford_check_run;

  /**
   * KpiBenfordCheck:min-value:
   *
   * The smallest value whose first digit is counted: 10 by default, as
   * Nigrini advises. It must be positive; smaller values, zeros and
   * negative values are skipped (and counted in the message).
   *
   * Since: 0.1
   */
  properties[PROP_MIN_VALUE] = kpi_param_spec_nan_double ("min-value", DEFAULT_MIN_VALUE, rw);

  /**
   * KpiBenfordCheck:min-sample:
   *
   * The fewest values (at least [property@Kpi.BenfordCheck:min-value])
   * a test needs; fewer give %KPI_CHECK_STATUS_INSUFFICIENT_DATA, or leave
   * a group out. 1000 by default.
   *
   * Since: 0.1
   */
  properties[PROP_MIN_SAMPLE] =
    g_param_spec_uint ("min-sample", NULL, NULL, 0, G_MAXUINT, DEFAULT_MIN_SAMPLE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_benford_check_init (KpiBenfordCheck *self)
{
  self->min_value = DEFAULT_MIN_VALUE;
  self->min_sample = DEFAULT_MIN_SAMPLE;
  /* Nigrini's bands: marginally acceptable warns, nonconformity fails */
  kpi_check_set_thresholds (KPI_CHECK (self), ACCEPTABLE_CONFORMITY, MARGINAL_CONFORMITY);
}

/**
 * kpi_benford_check_new:
 * @dataset_name: the name of the dataset to check, as the context knows it
 * @field: the measure whose first digits are tested
 *
 * Creates a check of the first digits of @field against Benford's law.
 *
 * Returns: (transfer full): a new check
 *
 * Since: 0.1
 */
KpiCheck *
kpi_benford_check_new (const char *dataset_name,
                       const char *field)
{
  const char *fields[] = { field, NULL };

  g_return_val_if_fail (field != NULL, NULL);

  return g_object_new (KPI_TYPE_BENFORD_CHECK,
                       "dataset-name", dataset_name,
                       "fields", fields,
                       NULL);
}

/**
 * kpi_benford_check_get_min_value:
 * @self: a Benford check
 *
 * Gets the smallest value whose first digit is counted.
 *
 * Returns: the smallest value whose first digit is counted
 *
 * Since: 0.1
 */
double
kpi_benford_check_get_min_value (KpiBenfordCheck *self)
{
  g_return_val_if_fail (KPI_IS_BENFORD_CHECK (self), NAN);

  return self->min_value;
}

/**
 * kpi_benford_check_set_min_value:
 * @self: a Benford check
 * @min_value: the smallest value whose first digit is counted; one that
 *   is not positive makes the check fail to run (%KPI_CHECK_ERROR_INVALID)
 *
 * Sets [property@Kpi.BenfordCheck:min-value].
 *
 * Since: 0.1
 */
void
kpi_benford_check_set_min_value (KpiBenfordCheck *self,
                                 double           min_value)
{
  g_return_if_fail (KPI_IS_BENFORD_CHECK (self));

  if (self->min_value == min_value || (isnan (self->min_value) && isnan (min_value)))
    return;
  self->min_value = min_value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_VALUE]);
}

/**
 * kpi_benford_check_get_min_sample:
 * @self: a Benford check
 *
 * Gets the fewest values a test needs.
 *
 * Returns: the fewest values a test needs
 *
 * Since: 0.1
 */
guint
kpi_benford_check_get_min_sample (KpiBenfordCheck *self)
{
  g_return_val_if_fail (KPI_IS_BENFORD_CHECK (self), DEFAULT_MIN_SAMPLE);

  return self->min_sample;
}

/**
 * kpi_benford_check_set_min_sample:
 * @self: a Benford check
 * @min_sample: the fewest values a test needs (a test needs one value
 *   even when it is 0)
 *
 * Sets [property@Kpi.BenfordCheck:min-sample].
 *
 * Since: 0.1
 */
void
kpi_benford_check_set_min_sample (KpiBenfordCheck *self,
                                  guint            min_sample)
{
  g_return_if_fail (KPI_IS_BENFORD_CHECK (self));

  if (self->min_sample == min_sample)
    return;
  self->min_sample = min_sample;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_SAMPLE]);
}
