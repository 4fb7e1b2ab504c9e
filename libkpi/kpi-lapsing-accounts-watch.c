/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-lapsing-accounts-watch.c: key accounts whose silence is long against
 * their usual interval between orders */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-calendar-private.h"
#include "kpi-stats-private.h"
#include "kpi-util-private.h"
#include "kpi-watch-private.h"

/**
 * KpiLapsingAccountsWatch:
 *
 * A watch rule (`lapsing-accounts`): are reps losing important customers
 * without knowing it? On the rows of the dataset
 * ([property@Kpi.LapsingAccountsWatch:dataset]) up to the end of the
 * period, or up to the calendar's now when that is earlier, the entities
 * ([property@Kpi.LapsingAccountsWatch:entity], customers) are ranked by
 * the sum of the amount ([property@Kpi.LapsingAccountsWatch:amount]) over
 * the 12 months before that end. Each of the
 * [property@Kpi.LapsingAccountsWatch:top] first that has at least
 * [property@Kpi.LapsingAccountsWatch:min-orders] rows (orders) up to the
 * end is judged against its own rhythm: its usual interval is the median
 * of the gaps, in days, between its distinct order days (local dates of
 * the calendar), over its whole history up to the end; it is lapsing when
 * the time since its last order, in days, is more than
 * [property@Kpi.LapsingAccountsWatch:factor] times that interval. The
 * alerts come in the order of the ranking; each one's subject is the
 * entity, its value the days of silence, its threshold factor × the usual
 * interval, its since the last order; its status is
 * %KPI_STATUS_OFF_TRACK. An entity with fewer than two distinct order
 * days has no usual interval and is not judged.
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) april = kpi_calendar_parse_period (calendar, "2025-04", NULL);
 * // customers ranked by amount, in the context's `orders`
 * g_autoptr(KpiWatch) watch = kpi_lapsing_accounts_watch_new ("lapsing", NULL, NULL, NULL);
 * g_autoptr(GPtrArray) alerts = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "orders", orders);
 * // judge customers with two orders or more (the file is small)
 * kpi_lapsing_accounts_watch_set_min_orders (KPI_LAPSING_ACCOUNTS_WATCH (watch), 2);
 * alerts = kpi_watch_evaluate (watch, context, april, &error);
 * if (alerts == NULL)
 *   g_error ("%s", error->message);
 * for (guint i = 0; i < alerts->len; i++)
 *   {
 *     KpiAlert *alert = g_ptr_array_index (alerts, i);
 *     g_print ("%s: %g days without an order, more than %g\n", kpi_alert_get_subject (alert),
 *              kpi_alert_get_value (alert), kpi_alert_get_threshold (alert));
 *   }
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * calendar = Kpi.Calendar.new(None, 1)
 * context = Kpi.Context.new(calendar)
 * context.add_dataset("orders", orders)
 * # customers ranked by amount, in the context's `orders`
 * watch = Kpi.LapsingAccountsWatch.new("lapsing", None, None, None)
 * # judge customers with two orders or more (the file is small)
 * watch.set_min_orders(2)
 * for alert in watch.evaluate(context, calendar.parse_period("2025-04")):
 *     print(f"{alert.get_subject()}: {alert.get_value()} days without an order, "
 *           f"more than {alert.get_threshold()}")
 * ```
 *
 * ```js
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * context.add_dataset('orders', orders);
 * // customers ranked by amount, in the context's `orders`
 * const watch = Kpi.LapsingAccountsWatch.new('lapsing', null, null, null);
 * // judge customers with two orders or more (the file is small)
 * watch.set_min_orders(2);
 * for (const alert of watch.evaluate(context, calendar.parse_period('2025-04'))) {
 *     print(`${alert.get_subject()}: ${alert.get_value()} days without an order, ` +
 *           `more than ${alert.get_threshold()}`);
 * }
 * ```
 *
 * Since: 0.1
 */

struct _KpiLapsingAccountsWatch
{
  KpiWatch parent_instance;

  char   *dataset;
  char   *entity;
  char   *amount;
  guint   top;
  double  factor;
  guint   min_orders;
};

enum {
  PROP_0,
  PROP_DATASET,
  PROP_ENTITY,
  PROP_AMOUNT,
  PROP_TOP,
  PROP_FACTOR,
  PROP_MIN_ORDERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiLapsingAccountsWatch, kpi_lapsing_accounts_watch, KPI_TYPE_WATCH)

#define USEC_PER_DAY (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

/* "1st", "2nd", "3rd", "4th", "11th", "21st" */
static char *
ordinal (guint n)
{
  const char *suffix = "th";

  if (n % 100 < 11 || n % 100 > 13)
    {
      if (n % 10 == 1)
        suffix = "st";
      else if (n % 10 == 2)
        suffix = "nd";
      else if (n % 10 == 3)
        suffix = "rd";
    }
  return g_strdup_printf ("%u%s", n, suffix);
}

/* Days: "21", or "10.5" when not whole. */
static char *
format_days (double days)
{
  return kpi_watch_format_number (days, fabs (days - round (days)) < 0.05 ? 0 : 1);
}

typedef struct {
  guint32 code;
  double  amount;
} Ranked;

typedef struct {
  const char * const *dictionary;
} RankData;

/* Up to this many top accounts are kept in order as the accounts come;
 * more are sorted whole. */
#define TOP_KEPT_IN_ORDER 4096

/* The largest amount first; equal amounts by name, so that the order does
 * not depend on the order of the rows. */
static int
compare_ranked (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const Ranked *x = a, *y = b;
  const RankData *data = user_data;

  if (x->amount != y->amount)
    return x->amount > y->amount ? -1 : 1;
  return strcmp (data->dictionary[x->code], data->dictionary[y->code]);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}


static gboolean
evaluate_alerts (KpiLapsingAccountsWatch  *self,
                 KpiContext               *context,
                 const KpiPeriod          *period,
                 GPtrArray                *alerts,
                 GError                  **error)
{
  KpiCalendar *calendar = kpi_context_get_calendar (context);
  g_autoptr(KpiDataset) dataset = NULL;
  g_autoptr(GDateTime) end_time = NULL;
  g_autoptr(GDateTime) local_end = NULL;
  g_autoptr(GDateTime) year_before = NULL;
  g_autoptr(GArray) ranked = NULL;
  g_autofree double *sums = NULL;
  g_autofree guint32 *n_rows = NULL;
  g_autofree guint8 *in_window = NULL;
  g_autofree guint32 *slot_of = NULL;
  g_autoptr(GPtrArray) days = NULL;
  g_autofree gint64 *last = NULL;
  const gint64 *times;
  const guint32 *codes;
  const double *amounts;
  const char * const *dictionary;
  gsize n, n_codes;
  gint64 end, start;
  guint n_top, n_judged = 0;
  RankData rank_data;

  if (self->top == 0)
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "lapsing-accounts watch “%s” follows the top 0 accounts, expected at least 1",
                   kpi_watch_get_id (KPI_WATCH (self)));
      return FALSE;
    }
  if (!(self->factor > 0) || isinf (self->factor))
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER,
                   "lapsing-accounts watch “%s” has a factor of %g, expected a finite number above 0",
                   kpi_watch_get_id (KPI_WATCH (self)), self->factor);
      return FALSE;
    }
  dataset = kpi_watch_lookup_dataset (KPI_WATCH (self), context, self->dataset, error);
  if (dataset == NULL ||
      !kpi_watch_check_column (KPI_WATCH (self), dataset, self->dataset, self->entity, KPI_COLUMN_DIMENSION, "entity", error) ||
      !kpi_watch_check_column (KPI_WATCH (self), dataset, self->dataset, self->amount, KPI_COLUMN_MEASURE, "amount", error))
    return FALSE;

  /* The data up to the period's end, or up to now when that is earlier; the
   * ranking over the 12 months before, in the calendar's local time. */
  end = MIN (kpi_period_get_end (period), kpi_calendar_get_present (calendar));
  end_time = g_date_time_new_from_unix_utc (end / G_USEC_PER_SEC);
  if (end_time == NULL)
    return TRUE;
  local_end = g_date_time_to_timezone (end_time, kpi_calendar_get_time_zone (calendar));
  year_before = g_date_time_add_months (local_end, -12);
  start = year_before != NULL ? g_date_time_to_unix (year_before) * G_USEC_PER_SEC
                                + (end % G_USEC_PER_SEC) : G_MININT64;

  times = kpi_dataset_get_times (dataset, &n);
  codes = kpi_dataset_get_dimension_codes (dataset, self->entity, &n);
  amounts = kpi_dataset_get_measure (dataset, self->amount, &n);
  dictionary = kpi_dataset_get_dimension_dictionary (dataset, self->entity, &n_codes);
  if (n == 0 || n_codes == 0)
    return TRUE;

  /* One pass over the rows: amounts over the 12 months, rows up to the end */
  sums = g_new0 (double, n_codes);
  n_rows = g_new0 (guint32, n_codes);
  in_window = g_new0 (guint8, n_codes);
  for (gsize i = 0; i < n; i++)
    {
      guint32 code = codes[i];

      if (times[i] >= end || code == KPI_DIMENSION_MISSING)
        continue;
      if (n_rows[code] < G_MAXUINT32)
        n_rows[code]++;
      if (times[i] >= start)
        {
          in_window[code] = 1;
          if (!isnan (amounts[i]))
            sums[code] += amounts[i];
        }
    }

  /* The ranking: among every account with a row in the 12 months, the top
   * ones in order. Only those are kept, sorted as they come (a binary
   * search and a move among at most `top`), rather than sorting hundreds
   * of thousands of accounts for twenty. */
  ranked = g_array_sized_new (FALSE, FALSE, sizeof (Ranked), MIN (self->top, TOP_KEPT_IN_ORDER) + 1);
  rank_data.dictionary = dictionary;
  for (gsize c = 0; c < n_codes; c++)
    if (in_window[c])
      {
        Ranked r = { (guint32) c, sums[c] };
        guint lo = 0, hi = ranked->len;

        if (self->top > TOP_KEPT_IN_ORDER)
          {
            /* a long list: sorted whole below */
            g_array_append_val (ranked, r);
            continue;
          }
        if (ranked->len == self->top &&
            compare_ranked (&r, &g_array_index (ranked, Ranked, ranked->len - 1), &rank_data) >= 0)
          continue;
        while (lo < hi)
          {
            guint mid = lo + (hi - lo) / 2;

            if (compare_ranked (&g_array_index (ranked, Ranked, mid), &r, &rank_data) < 0)
              lo = mid + 1;
            else
              hi = mid;
          }
        g_array_insert_val (ranked, lo, r);
        if (ranked->len > self->top)
          g_array_set_size (ranked, self->top);
      }
  if (self->top > TOP_KEPT_IN_ORDER)
    g_array_sort_with_data (ranked, compare_ranked, &rank_data);
  n_top = MIN (self->top, ranked->len);

  /* A second pass, for the order days of the top accounts that have enough
   * orders to judge */
  slot_of = g_new (guint32, n_codes);
  memset (slot_of, 0xff, n_codes * sizeof (guint32));
  days = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  last = g_new0 (gint64, n_top);
  for (guint r = 0; r < n_top; r++)
    {
      const Ranked *account = &g_array_index (ranked, Ranked, r);

      g_ptr_array_add (days, g_array_new (FALSE, FALSE, sizeof (gint64)));
      last[r] = G_MININT64;
      if (n_rows[account->code] >= MAX (self->min_orders, 2u))
        {
          slot_of[account->code] = r;
          n_judged++;
        }
    }
  if (n_judged == 0)
    return TRUE;
  for (gsize i = 0; i < n; i++)
    {
      guint32 code = codes[i];
      guint32 slot;
      gint64 day;

      if (times[i] >= end || code == KPI_DIMENSION_MISSING || (slot = slot_of[code]) == G_MAXUINT32)
        continue;
      day = kpi_calendar_ordinal_at (calendar, KPI_GRANULARITY_DAY, times[i]);
      g_array_append_val (g_ptr_array_index (days, slot), day);
      last[slot] = MAX (last[slot], times[i]);
    }

  for (guint r = 0; r < n_top; r++)
    {
      const Ranked *account = &g_array_index (ranked, Ranked, r);
      GArray *order_days = g_ptr_array_index (days, r);
      g_autofree double *gaps = NULL;
      guint n_days = 0;
      double usual, silence;
      g_autofree char *rank = NULL;
      g_autofree char *silence_text = NULL;
      g_autofree char *usual_text = NULL;
      GString *message;

      if (slot_of[account->code] != r)
        continue;
      /* the distinct order days, then the gaps between them */
      g_array_sort (order_days, compare_gint64);
      for (guint j = 0; j < order_days->len; j++)
        if (j == 0 || g_array_index (order_days, gint64, j) != g_array_index (order_days, gint64, n_days - 1))
          g_array_index (order_days, gint64, n_days++) = g_array_index (order_days, gint64, j);
      if (n_days < 2)
        continue;
      gaps = g_new (double, n_days - 1);
      for (guint j = 1; j < n_days; j++)
        gaps[j - 1] = (double) (g_array_index (order_days, gint64, j) - g_array_index (order_days, gint64, j - 1));
      usual = kpi_median_inplace (gaps, n_days - 1);
      silence = (double) (end - last[r]) / USEC_PER_DAY;
      if (!(silence > self->factor * usual))
        continue;

      rank = ordinal (r + 1);
      silence_text = format_days (floor (silence));
      usual_text = format_days (usual);
      message = g_string_new (NULL);
      g_string_append_printf (message, "%s %s (%s by %s, ", self->entity, dictionary[account->code],
                              rank, self->amount);
      kpi_watch_append_number (message, account->amount, 0);
      g_string_append_printf (message, " over 12 months) silent for %s days; usually orders every %s %s",
                              silence_text, usual_text, g_str_equal (usual_text, "1") ? "day" : "days");
      g_ptr_array_add (alerts, kpi_watch_alert_take (KPI_WATCH (self), KPI_STATUS_OFF_TRACK, NULL, dictionary[account->code],
                                                     g_string_free (message, FALSE), silence,
                                                     self->factor * usual, last[r]));
    }
  return TRUE;
}

static GPtrArray *
kpi_lapsing_accounts_watch_evaluate (KpiWatch         *watch,
                                     KpiContext       *context,
                                     const KpiPeriod  *period,
                                     GError          **error)
{
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_alert_unref);

  if (!evaluate_alerts (KPI_LAPSING_ACCOUNTS_WATCH (watch), context, period, alerts, error))
    return NULL;
  return g_steal_pointer (&alerts);
}

static void
kpi_lapsing_accounts_watch_finalize (GObject *object)
{
  KpiLapsingAccountsWatch *self = KPI_LAPSING_ACCOUNTS_WATCH (object);

  g_free (self->dataset);
  g_free (self->entity);
  g_free (self->amount);

  G_OBJECT_CLASS (kpi_lapsing_accounts_watch_parent_class)->finalize (object);
}

static void
kpi_lapsing_accounts_watch_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  KpiLapsingAccountsWatch *self = KPI_LAPSING_ACCOUNTS_WATCH (object);

  switch (prop_id)
    {
    case PROP_DATASET:    g_value_set_string (value, self->dataset); break;
    case PROP_ENTITY:     g_value_set_string (value, self->entity); break;
    case PROP_AMOUNT:     g_value_set_string (value, self->amount); break;
    case PROP_TOP:        g_value_set_uint (value, self->top); break;
    case PROP_FACTOR:     g_value_set_double (value, self->factor); break;
    case PROP_MIN_ORDERS: g_value_set_uint (value, self->min_orders); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_lapsing_accounts_watch_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  KpiLapsingAccountsWatch *self = KPI_LAPSING_ACCOUNTS_WATCH (object);

  switch (prop_id)
    {
    case PROP_DATASET:    kpi_lapsing_accounts_watch_set_dataset (self, g_value_get_string (value)); break;
    case PROP_ENTITY:     kpi_lapsing_accounts_watch_set_entity (self, g_value_get_string (value)); break;
    case PROP_AMOUNT:     kpi_lapsing_accounts_watch_set_amount (self, g_value_get_string (value)); break;
    case PROP_TOP:        kpi_lapsing_accounts_watch_set_top (self, g_value_get_uint (value)); break;
    case PROP_FACTOR:     kpi_lapsing_accounts_watch_set_factor (self, g_value_get_double (value)); break;
    case PROP_MIN_ORDERS: kpi_lapsing_accounts_watch_set_min_orders (self, g_value_get_uint (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_lapsing_accounts_watch_class_init (KpiLapsingAccountsWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiWatchClass *watch_class = KPI_WATCH_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_lapsing_accounts_watch_finalize;
  object_class->get_property = kpi_lapsing_accounts_watch_get_property;
  object_class->set_property = kpi_lapsing_accounts_watch_set_property;
  watch_class->evaluate = kpi_lapsing_accounts_watch_evaluate;

  /**
   * KpiLapsingAccountsWatch:dataset:
   *
   * The dataset a lapsing-accounts watch reads, by its name in the
   * context; `orders` by default.
   *
   * Since: 0.1
   */
  properties[PROP_DATASET] = g_param_spec_string ("dataset", NULL, NULL, "orders", rw);

  /**
   * KpiLapsingAccountsWatch:entity:
   *
   * The dimension that names an account, for a lapsing-accounts watch;
   * `customer` by default.
   *
   * Since: 0.1
   */
  properties[PROP_ENTITY] = g_param_spec_string ("entity", NULL, NULL, "customer", rw);

  /**
   * KpiLapsingAccountsWatch:amount:
   *
   * The measure accounts are ranked by, for a lapsing-accounts watch;
   * `amount` by default.
   *
   * Since: 0.1
   */
  properties[PROP_AMOUNT] = g_param_spec_string ("amount", NULL, NULL, "amount", rw);

  /**
   * KpiLapsingAccountsWatch:top:
   *
   * How many of the largest accounts (by amount over the last 12 months)
   * a lapsing-accounts watch follows: at least 1; %KPI_LAPSING_ACCOUNTS_WATCH_DEFAULT_TOP
   * (20) by default.
   *
   * Since: 0.1
   */
  properties[PROP_TOP] =
    g_param_spec_uint ("top", NULL, NULL, 0, G_MAXUINT, KPI_LAPSING_ACCOUNTS_WATCH_DEFAULT_TOP, rw);

  /**
   * KpiLapsingAccountsWatch:factor:
   *
   * How many usual intervals between orders an account may stay silent
   * before it is lapsing: more than 0; %KPI_LAPSING_ACCOUNTS_WATCH_DEFAULT_FACTOR (3) by
   * default.
   *
   * Since: 0.1
   */
  properties[PROP_FACTOR] = kpi_param_spec_nan_double ("factor", KPI_LAPSING_ACCOUNTS_WATCH_DEFAULT_FACTOR, rw);

  /**
   * KpiLapsingAccountsWatch:min-orders:
   *
   * The fewest orders (rows) an account needs before a lapsing-accounts
   * watch judges its rhythm; %KPI_LAPSING_ACCOUNTS_WATCH_DEFAULT_MIN_ORDERS (3) by default.
   *
   * Since: 0.1
   */
  properties[PROP_MIN_ORDERS] =
    g_param_spec_uint ("min-orders", NULL, NULL, 0, G_MAXUINT, KPI_LAPSING_ACCOUNTS_WATCH_DEFAULT_MIN_ORDERS, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_lapsing_accounts_watch_init (KpiLapsingAccountsWatch *self)
{
  self->dataset = g_strdup ("orders");
  self->entity = g_strdup ("customer");
  self->amount = g_strdup ("amount");
  self->top = KPI_LAPSING_ACCOUNTS_WATCH_DEFAULT_TOP;
  self->factor = KPI_LAPSING_ACCOUNTS_WATCH_DEFAULT_FACTOR;
  self->min_orders = KPI_LAPSING_ACCOUNTS_WATCH_DEFAULT_MIN_ORDERS;
}

/**
 * kpi_lapsing_accounts_watch_new:
 * @id: the watch's id
 * @dataset: (nullable): the dataset to read, by its name in the context;
 *   %NULL for `orders`
 * @entity: (nullable): the dimension that names an account; %NULL for
 *   `customer`
 * @amount: (nullable): the measure accounts are ranked by; %NULL for
 *   `amount`
 *
 * Makes a lapsing-accounts watch that follows the top
 * %KPI_LAPSING_ACCOUNTS_WATCH_DEFAULT_TOP accounts.
 *
 * Returns: (transfer full): the new watch
 *
 * Since: 0.1
 */
KpiWatch *
kpi_lapsing_accounts_watch_new (const char *id,
                                const char *dataset,
                                const char *entity,
                                const char *amount)
{
  KpiLapsingAccountsWatch *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (KPI_TYPE_LAPSING_ACCOUNTS_WATCH, "id", id, NULL);
  if (dataset != NULL)
    kpi_lapsing_accounts_watch_set_dataset (self, dataset);
  if (entity != NULL)
    kpi_lapsing_accounts_watch_set_entity (self, entity);
  if (amount != NULL)
    kpi_lapsing_accounts_watch_set_amount (self, amount);
  return KPI_WATCH (self);
}

/**
 * kpi_lapsing_accounts_watch_get_dataset:
 * @self: a LapsingAccountsWatch
 *
 * Gets [property@Kpi.LapsingAccountsWatch:dataset].
 *
 * Returns: the dataset's name
 *
 * Since: 0.1
 */
const char *
kpi_lapsing_accounts_watch_get_dataset (KpiLapsingAccountsWatch *self)
{
  g_return_val_if_fail (KPI_IS_LAPSING_ACCOUNTS_WATCH (self), NULL);
  return self->dataset;
}

/**
 * kpi_lapsing_accounts_watch_set_dataset:
 * @self: a LapsingAccountsWatch
 * @dataset: the dataset's name
 *
 * Sets [property@Kpi.LapsingAccountsWatch:dataset].
 *
 * Since: 0.1
 */
void
kpi_lapsing_accounts_watch_set_dataset (KpiLapsingAccountsWatch *self,
                                        const char              *dataset)
{
  g_return_if_fail (KPI_IS_LAPSING_ACCOUNTS_WATCH (self));
  g_return_if_fail (dataset != NULL);

  if (kpi_set_str (&self->dataset, dataset))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}

/**
 * kpi_lapsing_accounts_watch_get_entity:
 * @self: a LapsingAccountsWatch
 *
 * Gets [property@Kpi.LapsingAccountsWatch:entity].
 *
 * Returns: the entity dimension
 *
 * Since: 0.1
 */
const char *
kpi_lapsing_accounts_watch_get_entity (KpiLapsingAccountsWatch *self)
{
  g_return_val_if_fail (KPI_IS_LAPSING_ACCOUNTS_WATCH (self), NULL);
  return self->entity;
}

/**
 * kpi_lapsing_accounts_watch_set_entity:
 * @self: a LapsingAccountsWatch
 * @entity: the entity dimension
 *
 * Sets [property@Kpi.LapsingAccountsWatch:entity].
 *
 * Since: 0.1
 */
void
kpi_lapsing_accounts_watch_set_entity (KpiLapsingAccountsWatch *self,
                                       const char              *entity)
{
  g_return_if_fail (KPI_IS_LAPSING_ACCOUNTS_WATCH (self));
  g_return_if_fail (entity != NULL);

  if (kpi_set_str (&self->entity, entity))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTITY]);
}

/**
 * kpi_lapsing_accounts_watch_get_amount:
 * @self: a LapsingAccountsWatch
 *
 * Gets [property@Kpi.LapsingAccountsWatch:amount].
 *
 * Returns: the amount measure
 *
 * Since: 0.1
 */
const char *
kpi_lapsing_accounts_watch_get_amount (KpiLapsingAccountsWatch *self)
{
  g_return_val_if_fail (KPI_IS_LAPSING_ACCOUNTS_WATCH (self), NULL);
  return self->amount;
}

/**
 * kpi_lapsing_accounts_watch_set_amount:
 * @self: a LapsingAccountsWatch
 * @amount: the amount measure
 *
 * Sets [property@Kpi.LapsingAccountsWatch:amount].
 *
 * Since: 0.1
 */
void
kpi_lapsing_accounts_watch_set_amount (KpiLapsingAccountsWatch *self,
                                       const char              *amount)
{
  g_return_if_fail (KPI_IS_LAPSING_ACCOUNTS_WATCH (self));
  g_return_if_fail (amount != NULL);

  if (kpi_set_str (&self->amount, amount))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AMOUNT]);
}

/**
 * kpi_lapsing_accounts_watch_get_top:
 * @self: a LapsingAccountsWatch
 *
 * Gets [property@Kpi.LapsingAccountsWatch:top].
 *
 * Returns: how many accounts
 *
 * Since: 0.1
 */
guint
kpi_lapsing_accounts_watch_get_top (KpiLapsingAccountsWatch *self)
{
  g_return_val_if_fail (KPI_IS_LAPSING_ACCOUNTS_WATCH (self), 0);
  return self->top;
}

/**
 * kpi_lapsing_accounts_watch_set_top:
 * @self: a LapsingAccountsWatch
 * @top: how many accounts
 *
 * Sets [property@Kpi.LapsingAccountsWatch:top]. The value is checked when the watch is
 * evaluated.
 *
 * Since: 0.1
 */
void
kpi_lapsing_accounts_watch_set_top (KpiLapsingAccountsWatch *self,
                                    guint                    top)
{
  g_return_if_fail (KPI_IS_LAPSING_ACCOUNTS_WATCH (self));

  if (self->top == top)
    return;
  self->top = top;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOP]);
}

/**
 * kpi_lapsing_accounts_watch_get_factor:
 * @self: a LapsingAccountsWatch
 *
 * Gets [property@Kpi.LapsingAccountsWatch:factor].
 *
 * Returns: the factor
 *
 * Since: 0.1
 */
double
kpi_lapsing_accounts_watch_get_factor (KpiLapsingAccountsWatch *self)
{
  g_return_val_if_fail (KPI_IS_LAPSING_ACCOUNTS_WATCH (self), NAN);
  return self->factor;
}

/**
 * kpi_lapsing_accounts_watch_set_factor:
 * @self: a LapsingAccountsWatch
 * @factor: the factor
 *
 * Sets [property@Kpi.LapsingAccountsWatch:factor]. The value is checked when the watch is
 * evaluated.
 *
 * Since: 0.1
 */
void
kpi_lapsing_accounts_watch_set_factor (KpiLapsingAccountsWatch *self,
                                       double                   factor)
{
  g_return_if_fail (KPI_IS_LAPSING_ACCOUNTS_WATCH (self));

  if (self->factor == factor || (isnan (self->factor) && isnan (factor)))
    return;
  self->factor = factor;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACTOR]);
}

/**
 * kpi_lapsing_accounts_watch_get_min_orders:
 * @self: a LapsingAccountsWatch
 *
 * Gets [property@Kpi.LapsingAccountsWatch:min-orders].
 *
 * Returns: the fewest orders
 *
 * Since: 0.1
 */
guint
kpi_lapsing_accounts_watch_get_min_orders (KpiLapsingAccountsWatch *self)
{
  g_return_val_if_fail (KPI_IS_LAPSING_ACCOUNTS_WATCH (self), 0);
  return self->min_orders;
}

/**
 * kpi_lapsing_accounts_watch_set_min_orders:
 * @self: a LapsingAccountsWatch
 * @min_orders: the fewest orders
 *
 * Sets [property@Kpi.LapsingAccountsWatch:min-orders]. The value is checked when the watch is
 * evaluated.
 *
 * Since: 0.1
 */
void
kpi_lapsing_accounts_watch_set_min_orders (KpiLapsingAccountsWatch *self,
                                           guint                    min_orders)
{
  g_return_if_fail (KPI_IS_LAPSING_ACCOUNTS_WATCH (self));

  if (self->min_orders == min_orders)
    return;
  self->min_orders = min_orders;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_ORDERS]);
}

