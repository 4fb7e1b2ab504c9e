/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-phasing.c: spreading a yearly or quarterly figure over shorter periods */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-calendar-private.h"
#include "kpi-phasing-private.h"
#include "kpi-util-private.h"

/**
 * KpiPhasing:
 *
 * Budget phasing: how a figure given for a long period (a yearly budget, a
 * quarterly target) is spread over the shorter periods inside it.
 *
 * Each day of the calendar gets a weight, in the calendar's time zone:
 *
 * - %KPI_PHASING_METHOD_EVEN: each month weighs the same, and its days
 *   share it evenly: a day weighs 1 / the number of days of its month, so
 *   that a year spreads 1/12 to each month whatever its length, and a part
 *   of a month is pro-rated by its days;
 * - %KPI_PHASING_METHOD_WORKING_DAYS: Monday to Friday weigh 1, Saturdays,
 *   Sundays and the holidays weigh 0;
 * - %KPI_PHASING_METHOD_SEASONAL: a day weighs its month's weight in the
 *   profile divided by the number of days of the month (a profile of 12
 *   equal weights is the even phasing).
 *
 * A part of a day (a month-to-date ending at 15:30) weighs the fraction of
 * the day that has elapsed, in real time: a day of 23 or 25 hours when the
 * clocks change is still one day.
 *
 * The share of a part of a period is the weight of the part (of its overlap
 * with the period) over the weight of the period; a flow
 * (%KPI_MEASURE_TYPE_FLOW, the default) is spread by that share. A stock
 * (%KPI_MEASURE_TYPE_STOCK: headcount, a balance) is a level, not a
 * quantity to divide: every part of the period has the same level (with a
 * seasonal profile, scaled by the part's mean profile over the period's).
 *
 * ```c
 * g_autoptr(KpiPhasing) phasing = kpi_phasing_new (KPI_PHASING_METHOD_WORKING_DAYS);
 * const char *holidays[] = { "2025-01-01", "2025-05-01", "2025-12-25", NULL };
 * kpi_phasing_set_holidays (phasing, holidays, &error);
 * // The January 2025 share of a 2025 budget of 120 000: 22 working days of 258.
 * double january = kpi_phasing_spread (phasing, calendar, 120000, year, jan);
 * ```
 *
 * A phasing may be read from several threads at once (a benchmark
 * evaluated in parallel), but must not be changed while another thread
 * reads it.
 *
 * ## Example
 *
 * ```c
 * const char * const holidays[] = { "2025-01-01", NULL };
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiPeriod) year = kpi_calendar_parse_period (calendar, "2025", NULL);
 * g_autoptr(KpiPhasing) phasing = kpi_phasing_new (KPI_PHASING_METHOD_WORKING_DAYS);
 *
 * if (!kpi_phasing_set_holidays (phasing, holidays, &error))
 *   g_error ("%s", error->message);
 * // a budget of 120 000 for 2025, spread by working days
 * for (guint month = 1; month <= 3; month++)
 *   {
 *     g_autofree char *label = g_strdup_printf ("2025-%02u", month);
 *     g_autoptr(KpiPeriod) part = kpi_calendar_parse_period (calendar, label, NULL);
 *     g_print ("%s: %.0f\n", label, kpi_phasing_spread (phasing, calendar, 120000, year, part));
 *   }
 * ```
 *
 * ```python
 * calendar = Kpi.Calendar.new(None, 1)
 * year = calendar.parse_period("2025")
 * phasing = Kpi.Phasing.new(Kpi.PhasingMethod.WORKING_DAYS)
 * phasing.set_holidays(["2025-01-01"])
 * # a budget of 120 000 for 2025, spread by working days
 * for label in ("2025-01", "2025-02", "2025-03"):
 *     part = calendar.parse_period(label)
 *     print(f"{label}: {phasing.spread(calendar, 120000, year, part):.0f}")
 * ```
 *
 * ```js
 * const calendar = Kpi.Calendar.new(null, 1);
 * const year = calendar.parse_period('2025');
 * const phasing = Kpi.Phasing.new(Kpi.PhasingMethod.WORKING_DAYS);
 * phasing.set_holidays(['2025-01-01']);
 * // a budget of 120 000 for 2025, spread by working days
 * for (const label of ['2025-01', '2025-02', '2025-03']) {
 *     const part = calendar.parse_period(label);
 *     print(`${label}: ${phasing.spread(calendar, 120000, year, part).toFixed(0)}`);
 * }
 * ```
 *
 * Since: 0.1
 */

#define MONTHS_PER_YEAR 12

struct _KpiPhasing
{
  GObject           parent_instance;

  KpiPhasingMethod  method;
  KpiMeasureType    measure_type;
  GHashTable       *holidays;     /* gint64 day ordinal (boxed) -> NULL */
  GPtrArray        *holiday_labels;
  double            profile[MONTHS_PER_YEAR];
};

enum {
  PROP_0,
  PROP_METHOD,
  PROP_MEASURE_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiPhasing, kpi_phasing, G_TYPE_OBJECT)

/**
 * kpi_phasing_error_quark:
 *
 * The error domain of [class@Kpi.Phasing], %KPI_PHASING_ERROR; its codes
 * are the #KpiPhasingError enumeration.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-phasing-error-quark, kpi_phasing_error)

/* Day ordinals (days since 1970-01-01) to GDate Julian days (0001-01-01 is
 * day 1). */
#define JULIAN_OF_EPOCH 719163

static void
kpi_phasing_finalize (GObject *object)
{
  KpiPhasing *self = KPI_PHASING (object);

  g_clear_pointer (&self->holidays, g_hash_table_unref);
  g_clear_pointer (&self->holiday_labels, g_ptr_array_unref);

  G_OBJECT_CLASS (kpi_phasing_parent_class)->finalize (object);
}

static void
kpi_phasing_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KpiPhasing *self = KPI_PHASING (object);

  switch (prop_id)
    {
    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;
    case PROP_MEASURE_TYPE:
      g_value_set_enum (value, self->measure_type);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_phasing_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  KpiPhasing *self = KPI_PHASING (object);

  switch (prop_id)
    {
    case PROP_METHOD:
      kpi_phasing_set_method (self, g_value_get_enum (value));
      break;
    case PROP_MEASURE_TYPE:
      kpi_phasing_set_measure_type (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_phasing_class_init (KpiPhasingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_phasing_finalize;
  object_class->get_property = kpi_phasing_get_property;
  object_class->set_property = kpi_phasing_set_property;

  /**
   * KpiPhasing:method:
   *
   * How days are weighed: evenly by month, by working days, or by a
   * seasonal profile.
   *
   * Since: 0.1
   */
  properties[PROP_METHOD] =
    g_param_spec_enum ("method", NULL, NULL, KPI_TYPE_PHASING_METHOD,
                       KPI_PHASING_METHOD_EVEN, rw);
  /**
   * KpiPhasing:measure-type:
   *
   * Whether the figures spread are flows (divided among the parts) or
   * stocks (levels, the same in every part).
   *
   * Since: 0.1
   */
  properties[PROP_MEASURE_TYPE] =
    g_param_spec_enum ("measure-type", NULL, NULL, KPI_TYPE_MEASURE_TYPE,
                       KPI_MEASURE_TYPE_FLOW, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_phasing_init (KpiPhasing *self)
{
  self->method = KPI_PHASING_METHOD_EVEN;
  self->measure_type = KPI_MEASURE_TYPE_FLOW;
  self->holidays = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->holiday_labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < MONTHS_PER_YEAR; i++)
    self->profile[i] = 1.0;
}

/**
 * kpi_phasing_new:
 * @method: how days are weighed
 *
 * Creates a phasing for flows ([property@Kpi.Phasing:measure-type]), with
 * no holidays and, for %KPI_PHASING_METHOD_SEASONAL, a flat profile until
 * [method@Kpi.Phasing.set_profile] is called.
 *
 * Returns: (transfer full): a new phasing
 *
 * Since: 0.1
 */
KpiPhasing *
kpi_phasing_new (KpiPhasingMethod method)
{
  return g_object_new (KPI_TYPE_PHASING, "method", method, NULL);
}

/**
 * kpi_phasing_get_method:
 * @self: a phasing
 *
 * Gets how days are weighed.
 *
 * Returns: how days are weighed
 *
 * Since: 0.1
 */
KpiPhasingMethod
kpi_phasing_get_method (KpiPhasing *self)
{
  g_return_val_if_fail (KPI_IS_PHASING (self), KPI_PHASING_METHOD_EVEN);
  return self->method;
}

/**
 * kpi_phasing_set_method:
 * @self: a phasing
 * @method: how days are weighed
 *
 * Sets [property@Kpi.Phasing:method].
 *
 * Since: 0.1
 */
void
kpi_phasing_set_method (KpiPhasing       *self,
                        KpiPhasingMethod  method)
{
  g_return_if_fail (KPI_IS_PHASING (self));
  g_return_if_fail (method <= KPI_PHASING_METHOD_SEASONAL);

  if (self->method == method)
    return;
  self->method = method;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METHOD]);
}

/**
 * kpi_phasing_get_measure_type:
 * @self: a phasing
 *
 * Gets whether the figures spread are flows or stocks.
 *
 * Returns: whether the figures spread are flows or stocks
 *
 * Since: 0.1
 */
KpiMeasureType
kpi_phasing_get_measure_type (KpiPhasing *self)
{
  g_return_val_if_fail (KPI_IS_PHASING (self), KPI_MEASURE_TYPE_FLOW);
  return self->measure_type;
}

/**
 * kpi_phasing_set_measure_type:
 * @self: a phasing
 * @measure_type: flows or stocks
 *
 * Sets [property@Kpi.Phasing:measure-type].
 *
 * Since: 0.1
 */
void
kpi_phasing_set_measure_type (KpiPhasing     *self,
                              KpiMeasureType  measure_type)
{
  g_return_if_fail (KPI_IS_PHASING (self));
  g_return_if_fail (measure_type <= KPI_MEASURE_TYPE_STOCK);

  if (self->measure_type == measure_type)
    return;
  self->measure_type = measure_type;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEASURE_TYPE]);
}

/* Reads exactly `YYYY-MM-DD`. */
static gboolean
parse_iso_date (const char *text,
                GDate      *date)
{
  guint y, m, d;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  y = (guint) g_ascii_strtoull (text, NULL, 10);
  m = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  d = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

/**
 * kpi_phasing_set_holidays:
 * @self: a phasing
 * @dates: (array zero-terminated=1) (nullable): the holidays, as ISO 8601
 *   dates (`2025-12-25`), in any order
 * @error: return location for a #GError
 *
 * Replaces the holidays: days that weigh 0 with
 * %KPI_PHASING_METHOD_WORKING_DAYS (the other methods ignore them). On
 * error (%KPI_PHASING_ERROR_INVALID_DATE) the holidays are left as they
 * were.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_phasing_set_holidays (KpiPhasing         *self,
                          const char * const *dates,
                          GError            **error)
{
  g_autoptr(GHashTable) days = NULL;
  g_autoptr(GPtrArray) labels = NULL;

  g_return_val_if_fail (KPI_IS_PHASING (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  days = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  labels = g_ptr_array_new_with_free_func (g_free);
  for (gsize i = 0; dates != NULL && dates[i] != NULL; i++)
    {
      GDate date;
      gint64 *day;

      if (!parse_iso_date (dates[i], &date))
        {
          g_autofree char *shown = kpi_text_for_message (dates[i], -1, KPI_MESSAGE_QUOTE_CHARS);

          g_set_error (error, KPI_PHASING_ERROR, KPI_PHASING_ERROR_INVALID_DATE,
                       "“%s” is not a date: holidays are written YYYY-MM-DD", shown);
          return FALSE;
        }
      day = g_new (gint64, 1);
      *day = (gint64) g_date_get_julian (&date) - JULIAN_OF_EPOCH;
      if (g_hash_table_add (days, day))
        g_ptr_array_add (labels, g_strdup (dates[i]));
    }
  g_clear_pointer (&self->holidays, g_hash_table_unref);
  g_clear_pointer (&self->holiday_labels, g_ptr_array_unref);
  self->holidays = g_steal_pointer (&days);
  self->holiday_labels = g_steal_pointer (&labels);
  return TRUE;
}

/**
 * kpi_phasing_dup_holidays:
 * @self: a phasing
 *
 * Gets a copy of the holidays of %KPI_PHASING_METHOD_WORKING_DAYS.
 *
 * Returns: (transfer full) (array zero-terminated=1): the holidays, as
 *   given to [method@Kpi.Phasing.set_holidays] (duplicates once)
 *
 * Since: 0.1
 */
char **
kpi_phasing_dup_holidays (KpiPhasing *self)
{
  GStrvBuilder *builder;
  char **result;

  g_return_val_if_fail (KPI_IS_PHASING (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->holiday_labels->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->holiday_labels, i));
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

/**
 * kpi_phasing_set_profile:
 * @self: a phasing
 * @weights: (array length=n_weights): the weights of January to December
 * @n_weights: 12
 * @error: return location for a #GError
 *
 * Sets the seasonal profile used by %KPI_PHASING_METHOD_SEASONAL: the
 * relative weight of each month (`{ 8, 8, 9, ... }` or shares that add up
 * to 1: only ratios matter). The weights must be 12, finite and greater
 * than 0, else %KPI_PHASING_ERROR_INVALID_PROFILE and the profile is left
 * as it was.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_phasing_set_profile (KpiPhasing    *self,
                         const double  *weights,
                         gsize          n_weights,
                         GError       **error)
{
  g_return_val_if_fail (KPI_IS_PHASING (self), FALSE);
  g_return_val_if_fail (weights != NULL || n_weights == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_weights != MONTHS_PER_YEAR)
    {
      g_set_error (error, KPI_PHASING_ERROR, KPI_PHASING_ERROR_INVALID_PROFILE,
                   "a seasonal profile has %d monthly weights, not %" G_GSIZE_FORMAT,
                   MONTHS_PER_YEAR, n_weights);
      return FALSE;
    }
  for (gsize i = 0; i < MONTHS_PER_YEAR; i++)
    if (!isfinite (weights[i]) || weights[i] <= 0)
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        g_set_error (error, KPI_PHASING_ERROR, KPI_PHASING_ERROR_INVALID_PROFILE,
                     "the weight of month %" G_GSIZE_FORMAT " of the profile is %s: "
                     "expected a number greater than 0", i + 1,
                     isnan (weights[i]) ? "missing" :
                     g_ascii_formatd (buf, sizeof buf, "%g", weights[i]));
        return FALSE;
      }
  memcpy (self->profile, weights, sizeof self->profile);
  return TRUE;
}

/**
 * kpi_phasing_get_profile:
 * @self: a phasing
 * @n_weights: (out) (optional): return location for the number of
 *   weights, 12
 *
 * Gets the seasonal profile of %KPI_PHASING_METHOD_SEASONAL, as given to
 * [method@Kpi.Phasing.set_profile]: 12 equal weights until it is set.
 *
 * Returns: (transfer none) (array length=n_weights): the weights of
 *   January to December
 *
 * Since: 0.1
 */
const double *
kpi_phasing_get_profile (KpiPhasing *self,
                         gsize      *n_weights)
{
  g_return_val_if_fail (KPI_IS_PHASING (self), NULL);

  if (n_weights != NULL)
    *n_weights = G_N_ELEMENTS (self->profile);
  return self->profile;
}

void
kpi_phasing_weigh (KpiPhasing  *self,
                   KpiCalendar *calendar,
                   gint64       start,
                   gint64       end,
                   double      *weight,
                   double      *profile_days,
                   double      *days)
{
  double w = 0, p = 0, n = 0;

  if (start < end)
    {
      gint64 first = kpi_calendar_ordinal_at (calendar, KPI_GRANULARITY_DAY, start);
      gint64 last = kpi_calendar_ordinal_at (calendar, KPI_GRANULARITY_DAY, end - 1);

      for (gint64 d = first; d <= last; d++)
        {
          gint64 ds, de, from, to;
          double fraction, day_weight;
          GDate date;
          guint month, length;

          kpi_calendar_ordinal_bounds (calendar, KPI_GRANULARITY_DAY, d, &ds, &de);
          from = MAX (ds, start);
          to = MIN (de, end);
          if (to <= from || de <= ds)
            continue;
          /* Part of a day: the fraction of its real duration, so that a
           * day of 23 or 25 hours still weighs one day. */
          fraction = (double) (to - from) / (double) (de - ds);

          g_date_clear (&date, 1);
          g_date_set_julian (&date, (guint32) (d + JULIAN_OF_EPOCH));
          month = g_date_get_month (&date);
          length = g_date_get_days_in_month (month, g_date_get_year (&date));

          switch (self->method)
            {
            case KPI_PHASING_METHOD_WORKING_DAYS:
              day_weight = g_date_get_weekday (&date) <= G_DATE_FRIDAY &&
                           !g_hash_table_contains (self->holidays, &d) ? 1.0 : 0.0;
              break;
            case KPI_PHASING_METHOD_SEASONAL:
              day_weight = self->profile[month - 1] / length;
              break;
            case KPI_PHASING_METHOD_EVEN:
            default:
              day_weight = 1.0 / length;
              break;
            }
          w += fraction * day_weight;
          p += fraction * self->profile[month - 1];
          n += fraction;
        }
    }
  if (weight != NULL)
    *weight = w;
  if (profile_days != NULL)
    *profile_days = p;
  if (days != NULL)
    *days = n;
}

double
kpi_phasing_share_range (KpiPhasing  *self,
                         KpiCalendar *calendar,
                         gint64       whole_start,
                         gint64       whole_end,
                         gint64       part_start,
                         gint64       part_end)
{
  double whole, part;

  kpi_phasing_weigh (self, calendar, whole_start, whole_end, &whole, NULL, NULL);
  if (!(whole > 0))
    return NAN;
  kpi_phasing_weigh (self, calendar, MAX (whole_start, part_start),
                     MIN (whole_end, part_end), &part, NULL, NULL);
  return part / whole;
}

double
kpi_phasing_spread_range (KpiPhasing  *self,
                          KpiCalendar *calendar,
                          double       value,
                          gint64       whole_start,
                          gint64       whole_end,
                          gint64       part_start,
                          gint64       part_end)
{
  gint64 from = MAX (whole_start, part_start);
  gint64 to = MIN (whole_end, part_end);
  double whole_profile, whole_days, part_profile, part_days;

  if (!isfinite (value))
    return NAN;
  if (self->measure_type == KPI_MEASURE_TYPE_FLOW)
    return value * kpi_phasing_share_range (self, calendar, whole_start, whole_end,
                                            part_start, part_end);

  /* A stock: the same level in every part of the period. */
  if (to <= from)
    return NAN;
  if (self->method != KPI_PHASING_METHOD_SEASONAL)
    return value;
  kpi_phasing_weigh (self, calendar, whole_start, whole_end, NULL, &whole_profile, &whole_days);
  kpi_phasing_weigh (self, calendar, from, to, NULL, &part_profile, &part_days);
  if (!(whole_days > 0 && part_days > 0))
    return NAN;
  return value * (part_profile / part_days) / (whole_profile / whole_days);
}

/**
 * kpi_phasing_get_share:
 * @self: a phasing
 * @calendar: the calendar of the periods (its time zone says where days
 *   start)
 * @whole: the period a figure is given for (a year)
 * @part: a period inside it (a month, a month-to-date)
 *
 * The share of @whole that falls in @part: the weight of the part of
 * @part inside @whole over the weight of @whole. The share of January 2025
 * in 2025 is 1/12 with %KPI_PHASING_METHOD_EVEN, and 22/258 by working
 * days with New Year's Day, 1 May and Christmas as holidays.
 *
 * Returns: the share, 0 when @part is outside @whole, NaN when @whole
 *   weighs nothing (a month of holidays by working days)
 *
 * Since: 0.1
 */
double
kpi_phasing_get_share (KpiPhasing      *self,
                       KpiCalendar     *calendar,
                       const KpiPeriod *whole,
                       const KpiPeriod *part)
{
  g_return_val_if_fail (KPI_IS_PHASING (self), NAN);
  g_return_val_if_fail (KPI_IS_CALENDAR (calendar), NAN);
  g_return_val_if_fail (whole != NULL && part != NULL, NAN);

  return kpi_phasing_share_range (self, calendar,
                                  kpi_period_get_start (whole), kpi_period_get_end (whole),
                                  kpi_period_get_start (part), kpi_period_get_end (part));
}

/**
 * kpi_phasing_spread:
 * @self: a phasing
 * @calendar: the calendar of the periods
 * @value: the figure for @whole
 * @whole: the period @value is given for
 * @part: a period inside it
 *
 * The part of @value that goes to @part. For a flow, @value times the
 * share of @part ([method@Kpi.Phasing.get_share]): 120 000 for 2025 spread
 * evenly gives 10 000 to each month. For a stock, @value itself for any
 * part that overlaps @whole; with %KPI_PHASING_METHOD_SEASONAL, scaled by
 * the mean profile weight of the part over the mean of the whole (days
 * weighted equally).
 *
 * Returns: the figure for @part; NaN when @value is NaN, when @whole
 *   weighs nothing, or for a stock, when @part does not overlap @whole
 *
 * Since: 0.1
 */
double
kpi_phasing_spread (KpiPhasing      *self,
                    KpiCalendar     *calendar,
                    double           value,
                    const KpiPeriod *whole,
                    const KpiPeriod *part)
{
  g_return_val_if_fail (KPI_IS_PHASING (self), NAN);
  g_return_val_if_fail (KPI_IS_CALENDAR (calendar), NAN);
  g_return_val_if_fail (whole != NULL && part != NULL, NAN);

  return kpi_phasing_spread_range (self, calendar, value,
                                   kpi_period_get_start (whole), kpi_period_get_end (whole),
                                   kpi_period_get_start (part), kpi_period_get_end (part));
}
