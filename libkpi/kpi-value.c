/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-value.c: one computed number and what is known about it */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi-value.h"
#include "kpi-formula-private.h"
#include "kpi-value-private.h"

/**
 * KpiValue:
 *
 * One number computed by an indicator for a period (and, in a breakdown,
 * for a group): the value or the fact that it is missing, the number of
 * rows it was computed from, and flags that say why it is missing or
 * should be read with care.
 *
 * A value is never infinite or NaN: what would be (a division by zero, an
 * overflow) is a missing value with a flag saying why. Values are
 * immutable and reference counted: they may be shared between threads.
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiIndicator) mobile = kpi_indicator_new ("mobile_basket",
 *                                                      "avg(amount where channel = \"mobile\")", NULL);
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) first = kpi_calendar_parse_period (calendar, "2025-01", NULL);
 * g_autoptr(KpiPeriod) last = kpi_calendar_parse_period (calendar, "2025-03", NULL);
 * g_autoptr(GPtrArray) values = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_indicator_set_dataset (mobile, orders);
 * values = kpi_indicator_evaluate_series (mobile, context, first, last, &error);
 * if (values == NULL)
 *   g_error ("%s", error->message);
 * for (guint i = 0; i < values->len; i++)
 *   {
 *     KpiValue *value = g_ptr_array_index (values, i);
 *     double number;
 *
 *     // an average of no row is missing (NaN), not 0
 *     if (kpi_value_get_number (value, &number))
 *       g_print ("%s: %g\n", kpi_period_get_label (kpi_value_get_period (value)), number);
 *     else
 *       g_print ("%s: missing\n", kpi_period_get_label (kpi_value_get_period (value)));
 *   }
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * mobile = Kpi.Indicator.new("mobile_basket", 'avg(amount where channel = "mobile")')
 * mobile.set_dataset(orders)
 * calendar = Kpi.Calendar.new(None, 1)
 * values = mobile.evaluate_series(Kpi.Context.new(calendar),
 *                                 calendar.parse_period("2025-01"), calendar.parse_period("2025-03"))
 * for value in values:
 *     # an average of no row is missing (NaN), not 0
 *     number = None if value.is_missing() else value.get_value()
 *     print(value.get_period().get_label(), number)
 * ```
 *
 * ```js
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const mobile = Kpi.Indicator.new('mobile_basket', 'avg(amount where channel = "mobile")');
 * mobile.set_dataset(orders);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const values = mobile.evaluate_series(Kpi.Context.new(calendar),
 *     calendar.parse_period('2025-01'), calendar.parse_period('2025-03'));
 * for (const value of values) {
 *     // an average of no row is missing (NaN), not 0
 *     const number = value.is_missing() ? 'missing' : value.get_value();
 *     print(`${value.get_period().get_label()}: ${number}`);
 * }
 * ```
 *
 * Since: 0.1
 */

struct _KpiValue
{
  gatomicrefcount  ref_count;
  KpiPeriod       *period;       /* nullable */
  double           value;        /* NAN when missing */
  guint            sample_size;
  KpiValueFlags    flags;
  KpiGroupKind     group_kind;
  char            *group;        /* nullable */
  char           **warnings;     /* nullable: NULL-terminated */
  KpiClosure       closure;
  KpiQuality       quality;
  double           confidence;   /* 1 unless checks say otherwise */
  GPtrArray       *findings;     /* nullable: of KpiCheckResult */
};

G_DEFINE_BOXED_TYPE (KpiValue, kpi_value, kpi_value_ref, kpi_value_unref)

/* More decimals than this are noise even for a double's shortest text
 * (17 significant digits); kpi_value_format() writes at most as many. */
#define FORMAT_MAX_DECIMALS 17

/* The shortest text of a double has from 15 significant digits (DBL_DIG:
 * any 15 read back exactly) to 17 (DBL_DECIMAL_DIG: enough for every
 * double). */
#define SHORTEST_MIN_DIGITS 15
#define SHORTEST_MAX_DIGITS 17

static KpiValue *
value_alloc (const KpiPeriod *period,
             guint            sample_size,
             KpiValueFlags    flags)
{
  KpiValue *self = g_new0 (KpiValue, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->period = period != NULL ? kpi_period_copy (period) : NULL;
  self->sample_size = sample_size;
  self->flags = flags;
  self->value = NAN;
  self->confidence = 1.0;
  return self;
}

/**
 * kpi_value_new:
 * @period: (nullable): the period the value is for
 * @value: the number
 * @sample_size: how many rows it was computed from (0 when it was not
 *   computed from rows: a constant, a figure typed in)
 * @flags: what to know about it
 *
 * Creates a value. A @value that is not finite makes a missing value
 * instead, so that no infinity or NaN is ever shown as a number; an
 * infinite @value adds %KPI_VALUE_FLAG_OVERFLOW to @flags.
 *
 * Returns: (transfer full): a new value
 *
 * Since: 0.1
 */
KpiValue *
kpi_value_new (const KpiPeriod *period,
               double           value,
               guint            sample_size,
               KpiValueFlags    flags)
{
  KpiValue *self;

  if (isinf (value))
    flags |= KPI_VALUE_FLAG_OVERFLOW;
  self = value_alloc (period, sample_size, flags);
  if (isfinite (value))
    self->value = value;
  return self;
}

/**
 * kpi_value_new_missing:
 * @period: (nullable): the period the value is for
 * @sample_size: how many rows were looked at
 * @flags: why the value is missing, and what else to know about it
 *
 * Creates a missing value.
 *
 * Returns: (transfer full): a new value
 *
 * Since: 0.1
 */
KpiValue *
kpi_value_new_missing (const KpiPeriod *period,
                       guint            sample_size,
                       KpiValueFlags    flags)
{
  return value_alloc (period, sample_size, flags);
}

/**
 * kpi_value_ref:
 * @self: a value
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
KpiValue *
kpi_value_ref (KpiValue *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * kpi_value_unref:
 * @self: (transfer full): a value
 *
 * Drops a reference to @self, freeing it when it was the last.
 *
 * Since: 0.1
 */
void
kpi_value_unref (KpiValue *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  if (self->period != NULL)
    kpi_period_free (self->period);
  g_free (self->group);
  g_strfreev (self->warnings);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_free (self);
}

/**
 * kpi_value_get_period:
 * @self: a value
 *
 * Gets the period @self was computed for.
 *
 * Returns: (transfer none) (nullable): the period
 *
 * Since: 0.1
 */
const KpiPeriod *
kpi_value_get_period (const KpiValue *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->period;
}

/**
 * kpi_value_is_missing:
 * @self: a value
 *
 * Whether @self has no number; [method@Kpi.Value.get_flags] says why.
 *
 * Returns: %TRUE when the value is missing
 *
 * Since: 0.1
 */
gboolean
kpi_value_is_missing (const KpiValue *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return isnan (self->value);
}

/**
 * kpi_value_get_value:
 * @self: a value
 *
 * Gets the number. A missing value gives NaN, the convention of dataset
 * measures, so C code must test it ([method@Kpi.Value.is_missing]) before
 * showing it; [method@Kpi.Value.get_number] cannot be misread.
 *
 * Returns: the number, or NaN when the value is missing
 *
 * Since: 0.1
 */
double
kpi_value_get_value (const KpiValue *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->value;
}

/**
 * kpi_value_get_number:
 * @self: a value
 * @value: (out) (optional): return location for the number, set to 0 when
 *   the value is missing
 *
 * Gets the number, if there is one.
 *
 * Returns: %TRUE when the value is not missing
 *
 * Since: 0.1
 */
gboolean
kpi_value_get_number (const KpiValue *self,
                      double         *value)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (isnan (self->value))
    {
      if (value != NULL)
        *value = 0.0;
      return FALSE;
    }
  if (value != NULL)
    *value = self->value;
  return TRUE;
}

/**
 * kpi_value_get_sample_size:
 * @self: a value
 *
 * Gets the number of rows the value was computed from: for a formula, the
 * largest number of rows that went into one of its aggregates for this
 * period (and group), that is rows that met the aggregate's condition and
 * had a value.
 *
 * Returns: the sample size
 *
 * Since: 0.1
 */
guint
kpi_value_get_sample_size (const KpiValue *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->sample_size;
}

/**
 * kpi_value_get_flags:
 * @self: a value
 *
 * Gets what is known about @self: why it is missing, whether its period is
 * partial or its sample small.
 *
 * Returns: the flags
 *
 * Since: 0.1
 */
KpiValueFlags
kpi_value_get_flags (const KpiValue *self)
{
  g_return_val_if_fail (self != NULL, KPI_VALUE_FLAG_NONE);

  return self->flags;
}

/**
 * kpi_value_get_group:
 * @self: a value
 *
 * Gets the group of a breakdown the value is for, such as `online` in
 * revenue by channel. The rows of the values a top-n breakdown left out
 * are called `other`, and those without a value of the dimension
 * `(missing)`, for display: [method@Kpi.Value.get_group_kind] is what
 * tells them from values of the dimension.
 *
 * Returns: (nullable): the group, or %NULL when the value is not part of a
 *   breakdown
 *
 * Since: 0.1
 */
const char *
kpi_value_get_group (const KpiValue *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->group;
}

/**
 * kpi_value_get_group_kind:
 * @self: a value
 *
 * Gets which rows a breakdown value was computed from: one value of the
 * dimension, the others of a top-n breakdown, or the rows where the
 * dimension is missing.
 *
 * Returns: the kind, %KPI_GROUP_KIND_NONE outside a breakdown
 *
 * Since: 0.1
 */
KpiGroupKind
kpi_value_get_group_kind (const KpiValue *self)
{
  g_return_val_if_fail (self != NULL, KPI_GROUP_KIND_NONE);

  return self->group_kind;
}

void
kpi_value_set_group (KpiValue     *value,
                     KpiGroupKind  kind,
                     const char   *group)
{
  g_return_if_fail (value != NULL);

  value->group_kind = kind;
  if (group == NULL && kind == KPI_GROUP_KIND_OTHER)
    group = "other";
  else if (group == NULL && kind == KPI_GROUP_KIND_MISSING)
    group = "(missing)";
  if (value->group != group)
    {
      g_free (value->group);
      value->group = g_strdup (group);
    }
}

/**
 * kpi_value_get_warnings:
 * @self: a value
 *
 * Gets what the evaluation found suspect in the formula for this value, in
 * sentences such as `channel has no value “onlin”; did you mean
 * “online”?` (see %KPI_VALUE_FLAG_UNKNOWN_VALUE).
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the
 *   warnings, or %NULL when there are none
 *
 * Since: 0.1
 */
const char * const *
kpi_value_get_warnings (const KpiValue *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->warnings;
}

void
kpi_value_add_warnings (KpiValue           *value,
                        const char * const *warnings)
{
  GStrvBuilder *builder;

  g_return_if_fail (value != NULL);

  if (warnings == NULL || warnings[0] == NULL)
    return;
  builder = g_strv_builder_new ();
  if (value->warnings != NULL)
    g_strv_builder_addv (builder, (const char **) value->warnings);
  for (gsize i = 0; warnings[i] != NULL; i++)
    if (value->warnings == NULL || !g_strv_contains ((const char * const *) value->warnings, warnings[i]))
      g_strv_builder_add (builder, warnings[i]);
  g_strfreev (value->warnings);
  value->warnings = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
}

/**
 * kpi_value_get_closure:
 * @self: a value
 *
 * Gets where the value's period stands: open, provisional, final or
 * overdue ([enum@Kpi.Closure]). An indicator's evaluation sets it from its
 * dataset's [property@Kpi.Dataset:expected-lag] and the calendar's now.
 *
 * Returns: the closure of the value's period
 *
 * Since: 0.1
 */
KpiClosure
kpi_value_get_closure (const KpiValue *self)
{
  g_return_val_if_fail (self != NULL, KPI_CLOSURE_UNKNOWN);

  return self->closure;
}

/**
 * kpi_value_get_quality:
 * @self: a value
 *
 * Gets what the data-quality checks attached to the evaluation say of the
 * value ([method@Kpi.CheckSuite.annotate]).
 *
 * Returns: the quality status; %KPI_QUALITY_UNCHECKED when no check was
 *   attached
 *
 * Since: 0.1
 */
KpiQuality
kpi_value_get_quality (const KpiValue *self)
{
  g_return_val_if_fail (self != NULL, KPI_QUALITY_UNCHECKED);

  return self->quality;
}

/**
 * kpi_value_get_confidence:
 * @self: a value
 *
 * Gets how far the value can be trusted, from 0 to 1, given the findings
 * that affect it and the closure of its period (the rule is in
 * [method@Kpi.CheckSuite.annotate]).
 *
 * Returns: the confidence; 1 for a value no check looked at
 *
 * Since: 0.1
 */
double
kpi_value_get_confidence (const KpiValue *self)
{
  g_return_val_if_fail (self != NULL, 1.0);

  return self->confidence;
}

/**
 * kpi_value_get_findings:
 * @self: a value
 *
 * Gets the findings (warnings and failures of data-quality checks) whose
 * scope overlaps what the value reads.
 *
 * Returns: (transfer none) (nullable) (element-type KpiCheckResult): the
 *   findings, or %NULL when there are none
 *
 * Since: 0.1
 */
GPtrArray *
kpi_value_get_findings (const KpiValue *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->findings;
}

/* See kpi-value-private.h */
KpiValue *
kpi_value_copy (const KpiValue *value)
{
  KpiValue *copy;

  g_return_val_if_fail (value != NULL, NULL);

  copy = value_alloc (value->period, value->sample_size, value->flags);
  copy->value = value->value;
  copy->group_kind = value->group_kind;
  copy->group = g_strdup (value->group);
  copy->warnings = g_strdupv (value->warnings);
  copy->closure = value->closure;
  copy->quality = value->quality;
  copy->confidence = value->confidence;
  copy->findings = value->findings != NULL ? g_ptr_array_ref (value->findings) : NULL;
  return copy;
}

/* See kpi-value-private.h */
void
kpi_value_set_closure (KpiValue   *value,
                       KpiClosure  closure)
{
  g_return_if_fail (value != NULL);

  value->closure = closure;
}

/* See kpi-value-private.h */
void
kpi_value_set_quality (KpiValue   *value,
                       KpiQuality  quality,
                       double      confidence,
                       GPtrArray  *findings)
{
  g_return_if_fail (value != NULL);
  g_return_if_fail (confidence >= 0.0 && confidence <= 1.0);

  value->quality = quality;
  value->confidence = confidence;
  g_clear_pointer (&value->findings, g_ptr_array_unref);
  if (findings != NULL && findings->len > 0)
    value->findings = g_ptr_array_ref (findings);
}

/**
 * kpi_value_format:
 * @self: a value
 * @decimals: the number of decimals (at most 17 are written: more would
 *   be noise), or %KPI_DECIMALS_SHORTEST for as many as give the number
 *   back exactly (any other negative number is taken as it)
 *
 * Formats the number for people and files: a `.` as decimal point, no
 * thousands separator, whatever the locale; `n/a` when the value is
 * missing, never `inf` or `nan`. With %KPI_DECIMALS_SHORTEST, the
 * shortest of 15, 16 or 17 significant digits that reads back as the same
 * double, in exponent form for large or tiny numbers (`1e+21`).
 *
 * Returns: (transfer full): the text
 *
 * Since: 0.1
 */
char *
kpi_value_format (const KpiValue *self,
                  int             decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE + 320];
  char format[16];
  char *s;

  g_return_val_if_fail (self != NULL, NULL);

  if (isnan (self->value))
    return g_strdup ("n/a");
  if (decimals < 0)
    {
      /* The shortest of %.15g..%.17g that reads back as the same double. */
      for (int precision = SHORTEST_MIN_DIGITS; precision <= SHORTEST_MAX_DIGITS; precision++)
        {
          g_snprintf (format, sizeof format, "%%.%dg", precision);
          g_ascii_formatd (buf, sizeof buf, format, self->value);
          if (g_ascii_strtod (buf, NULL) == self->value)
            break;
        }
    }
  else
    {
      g_snprintf (format, sizeof format, "%%.%df", MIN (decimals, FORMAT_MAX_DECIMALS));
      g_ascii_formatd (buf, sizeof buf, format, self->value);
    }

  /* -0.00 is a rounding artefact of a small negative number; show 0.00. */
  s = buf;
  if (s[0] == '-' && strspn (s + 1, "0.") == strlen (s + 1))
    s++;
  return g_strdup (s);
}
