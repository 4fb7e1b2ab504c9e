/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiWatch and KpiAlert: the three watch rules over hand-built
 * datasets whose figures are worked out in the comments, their errors
 * (with the near miss named), their properties, and the three rules over
 * the generated sample with the crm catalogue. */

#include <math.h>
#include <check.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

#define DAY (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

/* A dataset (date, customer, channel; amount) built row by row. */
static KpiDataset *
new_orders (void)
{
  KpiDataset *dataset = kpi_dataset_new ("date");

  ck_assert (kpi_dataset_add_column (dataset, "customer", KPI_COLUMN_DIMENSION, NULL));
  ck_assert (kpi_dataset_add_column (dataset, "channel", KPI_COLUMN_DIMENSION, NULL));
  ck_assert (kpi_dataset_add_column (dataset, "amount", KPI_COLUMN_MEASURE, NULL));
  return dataset;
}

static void
append (KpiDataset *dataset,
        gint64      time,
        const char *customer,
        const char *channel,
        double      amount)
{
  const char *dimensions[] = { customer, channel };
  GError *error = NULL;

  ck_assert_msg (kpi_dataset_append_row (dataset, time, dimensions, 2, &amount, 1, &error),
                 "%s", error ? error->message : "");
}

/* The orders of the lapsing cases, the calendar's now being 2025-10-15
 * (so the data of 2025-09 runs to 2025-10-01, and the 12 months before are
 * 2024-10-01 .. 2025-10-01):
 *
 * - D: two orders of 50 000, on 2025-05-01 and 2025-05-08: 1st by
 *   amount, but two orders are too few to know its rhythm (min-orders 3):
 *   not judged (with min-orders 2: usually every 7 days, silent for 146);
 * - B: 500 every 7 days from 2024-10-01 to 2025-09-30 (53 orders,
 *   26 500): 2nd, last order 1 day before the end: regular;
 * - A: 1 000 every 14 days from 2024-10-01 to 2025-06-24 (20 orders,
 *   20 000): 3rd, usual interval 14 days, silent for 99 days
 *   (2025-06-24 → 2025-10-01) > 3 × 14 = 42: lapsing;
 * - C: 10 every 10 days from 2024-10-01 to 2025-02-28 (16 orders, 160):
 *   4th, silent for 215 days, lapsing too but outside a top 3. */
static KpiDataset *
lapsing_orders (void)
{
  KpiDataset *dataset = new_orders ();
  gint64 start = kpi_test_utc (2024, 10, 1, 0, 0);
  gint64 end = kpi_test_utc (2025, 10, 1, 0, 0);

  for (gint64 t = start; t < end; t += DAY)
    {
      gint64 k = (t - start) / DAY;

      if (k % 7 == 0)
        append (dataset, t, "B", "store", 500);
      if (k % 14 == 0 && k <= 14 * 19)
        append (dataset, t, "A", "online", 1000);
      if (k % 10 == 0 && t < kpi_test_utc (2025, 3, 1, 0, 0))
        append (dataset, t, "C", "mobile", 10);
      if (t == kpi_test_utc (2025, 5, 1, 0, 0) || t == kpi_test_utc (2025, 5, 8, 0, 0))
        append (dataset, t, "D", "online", 50000);
    }
  /* an order after the period, which the watch of 2025-09 must not see */
  append (dataset, kpi_test_utc (2025, 10, 5, 0, 0), "A", "online", 1000);
  return dataset;
}

static KpiContext *
context_at (const char *now,
            KpiDataset *orders)
{
  g_autoptr(KpiCalendar) calendar = kpi_test_calendar_at (now, 1);
  KpiContext *context = kpi_context_new (calendar);

  if (orders != NULL)
    kpi_context_add_dataset (context, "orders", orders);
  return context;
}

static GPtrArray *
evaluate_ok (KpiWatch   *watch,
             KpiContext *context,
             const char *label)
{
  g_autoptr(KpiPeriod) period = kpi_test_parse_period (kpi_context_get_calendar (context), label);
  GError *error = NULL;
  GPtrArray *alerts = kpi_watch_evaluate (watch, context, period, &error);

  ck_assert_msg (alerts != NULL, "%s", error ? error->message : "no error set");
  for (guint i = 0; i < alerts->len; i++)
    ck_assert (g_utf8_validate (kpi_alert_get_message (g_ptr_array_index (alerts, i)), -1, NULL));
  return alerts;
}

/* The error of evaluating @watch for 2025-09; its code must be @code. */
static char *
evaluate_error (KpiWatch   *watch,
                KpiContext *context,
                int         code)
{
  g_autoptr(KpiPeriod) period = kpi_test_parse_period (kpi_context_get_calendar (context), "2025-09");
  GError *error = NULL;
  GPtrArray *alerts = kpi_watch_evaluate (watch, context, period, &error);
  char *message;

  ck_assert_ptr_null (alerts);
  ck_assert_msg (g_error_matches (error, KPI_WATCH_ERROR, code), "%s (code %d)",
                 error ? error->message : "no error", error ? error->code : -1);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  message = g_strdup (error->message);
  g_error_free (error);
  return message;
}

/* ------------------------------------------------------------------------
 * Lapsing accounts
 * ------------------------------------------------------------------------ */

START_TEST (test_lapsing_worked)
{
  g_autoptr(KpiDataset) orders = lapsing_orders ();
  g_autoptr(KpiContext) context = context_at ("2025-10-15T00:00:00Z", orders);
  g_autoptr(KpiWatch) watch = kpi_lapsing_accounts_watch_new ("key-accounts", NULL, NULL, NULL);
  g_autoptr(GPtrArray) alerts = NULL;
  KpiAlert *alert;

  g_object_set (watch, "top", 3, NULL);
  alerts = evaluate_ok (watch, context, "2025-09");
  ck_assert_uint_eq (alerts->len, 1);
  alert = g_ptr_array_index (alerts, 0);
  ck_assert_str_eq (kpi_alert_get_watch_id (alert), "key-accounts");
  ck_assert_str_eq (kpi_alert_get_watch_type (alert), "lapsing-accounts");
  ck_assert_str_eq (kpi_alert_get_subject (alert), "A");
  ck_assert_ptr_null (kpi_alert_get_indicator_id (alert));
  ck_assert_int_eq (kpi_alert_get_status (alert), KPI_STATUS_OFF_TRACK);
  ck_assert_str_eq (kpi_alert_get_message (alert),
                    "customer A (3rd by amount, 20 000 over 12 months) silent for 99 days; "
                    "usually orders every 14 days");
  kpi_test_assert_close (kpi_alert_get_value (alert), 99, 1e-9);
  kpi_test_assert_close (kpi_alert_get_threshold (alert), 42, 1e-9);
  ck_assert_int_eq (kpi_alert_get_since (alert), kpi_test_utc (2025, 6, 24, 0, 0));
}
END_TEST

START_TEST (test_lapsing_settings)
{
  g_autoptr(KpiDataset) orders = lapsing_orders ();
  g_autoptr(KpiContext) context = context_at ("2025-10-15T00:00:00Z", orders);
  g_autoptr(KpiWatch) watch = kpi_lapsing_accounts_watch_new ("key-accounts", NULL, NULL, NULL);
  g_autoptr(GPtrArray) top2 = NULL;
  g_autoptr(GPtrArray) top4 = NULL;
  g_autoptr(GPtrArray) patient = NULL;
  g_autoptr(GPtrArray) one_order = NULL;
  g_autoptr(GPtrArray) early = NULL;

  /* the top 2 are D (not judged) and B (regular) */
  kpi_lapsing_accounts_watch_set_top (KPI_LAPSING_ACCOUNTS_WATCH (watch), 2);
  top2 = evaluate_ok (watch, context, "2025-09");
  ck_assert_uint_eq (top2->len, 0);

  /* the top 4 take C in: A then C, in the order of the ranking */
  kpi_lapsing_accounts_watch_set_top (KPI_LAPSING_ACCOUNTS_WATCH (watch), 4);
  top4 = evaluate_ok (watch, context, "2025-09");
  ck_assert_uint_eq (top4->len, 2);
  ck_assert_str_eq (kpi_alert_get_subject (g_ptr_array_index (top4, 0)), "A");
  ck_assert_str_eq (kpi_alert_get_subject (g_ptr_array_index (top4, 1)), "C");
  kpi_test_assert_contains (kpi_alert_get_message (g_ptr_array_index (top4, 1)),
                            "customer C (4th by amount, 160 over 12 months) silent for 215 days; "
                            "usually orders every 10 days");

  /* 99 days of silence are not more than 8 × 14 = 112, 215 are more than 8 × 10 */
  kpi_lapsing_accounts_watch_set_factor (KPI_LAPSING_ACCOUNTS_WATCH (watch), 8);
  patient = evaluate_ok (watch, context, "2025-09");
  ck_assert_uint_eq (patient->len, 1);
  ck_assert_str_eq (kpi_alert_get_subject (g_ptr_array_index (patient, 0)), "C");

  /* with min-orders 2, D is judged: 146 days > 3 × 7 */
  kpi_lapsing_accounts_watch_set_factor (KPI_LAPSING_ACCOUNTS_WATCH (watch), 3);
  kpi_lapsing_accounts_watch_set_min_orders (KPI_LAPSING_ACCOUNTS_WATCH (watch), 2);
  one_order = evaluate_ok (watch, context, "2025-09");
  ck_assert_uint_eq (one_order->len, 3);
  ck_assert_str_eq (kpi_alert_get_message (g_ptr_array_index (one_order, 0)),
                    "customer D (1st by amount, 100 000 over 12 months) silent for 146 days; "
                    "usually orders every 7 days");

  /* now 2025-07-10: the data of 2025-09 stops there; A's silence is 16
   * days, D's 63, C's 132 */
  {
    g_autoptr(KpiContext) july = context_at ("2025-07-10T00:00:00Z", orders);
    early = evaluate_ok (watch, july, "2025-09");
    ck_assert_uint_eq (early->len, 2);
    ck_assert_str_eq (kpi_alert_get_subject (g_ptr_array_index (early, 0)), "D");
    ck_assert_str_eq (kpi_alert_get_subject (g_ptr_array_index (early, 1)), "C");
    kpi_test_assert_close (kpi_alert_get_value (g_ptr_array_index (early, 0)), 63, 1e-9);
  }
}
END_TEST

START_TEST (test_lapsing_errors)
{
  g_autoptr(KpiDataset) orders = lapsing_orders ();
  g_autoptr(KpiContext) context = context_at ("2025-10-15T00:00:00Z", orders);
  g_autoptr(KpiWatch) watch = kpi_lapsing_accounts_watch_new ("key-accounts", NULL, NULL, NULL);
  g_autofree char *dataset = NULL;
  g_autofree char *entity = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *top = NULL;

  kpi_lapsing_accounts_watch_set_dataset (KPI_LAPSING_ACCOUNTS_WATCH (watch), "order");
  dataset = evaluate_error (watch, context, KPI_WATCH_ERROR_UNKNOWN_DATASET);
  ck_assert_str_eq (dataset, "watch “key-accounts”: unknown dataset “order”; did you mean “orders”?");
  kpi_lapsing_accounts_watch_set_dataset (KPI_LAPSING_ACCOUNTS_WATCH (watch), "orders");
  kpi_lapsing_accounts_watch_set_entity (KPI_LAPSING_ACCOUNTS_WATCH (watch), "custmer");
  entity = evaluate_error (watch, context, KPI_WATCH_ERROR_UNKNOWN_COLUMN);
  ck_assert_str_eq (entity, "watch “key-accounts”: dataset “orders” has no column “custmer”; "
                            "did you mean “customer”?");
  kpi_lapsing_accounts_watch_set_entity (KPI_LAPSING_ACCOUNTS_WATCH (watch), "customer");
  kpi_lapsing_accounts_watch_set_amount (KPI_LAPSING_ACCOUNTS_WATCH (watch), "channel");
  amount = evaluate_error (watch, context, KPI_WATCH_ERROR_COLUMN_KIND);
  ck_assert_str_eq (amount, "watch “key-accounts”: the amount column “channel” of dataset “orders” "
                            "is a dimension, expected a measure");
  kpi_lapsing_accounts_watch_set_amount (KPI_LAPSING_ACCOUNTS_WATCH (watch), "amount");
  kpi_lapsing_accounts_watch_set_top (KPI_LAPSING_ACCOUNTS_WATCH (watch), 0);
  top = evaluate_error (watch, context, KPI_WATCH_ERROR_INVALID_PARAMETER);
  kpi_test_assert_contains (top, "expected at least 1");
  kpi_lapsing_accounts_watch_set_top (KPI_LAPSING_ACCOUNTS_WATCH (watch), 20);
  kpi_lapsing_accounts_watch_set_factor (KPI_LAPSING_ACCOUNTS_WATCH (watch), NAN);
  g_free (evaluate_error (watch, context, KPI_WATCH_ERROR_INVALID_PARAMETER));
}
END_TEST

/* ------------------------------------------------------------------------
 * Threshold and stagnation
 * ------------------------------------------------------------------------ */

/* One order a month per channel, so that the average basket of a channel
 * is that order's amount:
 *
 *   month    online  mobile  store  phone
 *   2025-04   61.90    45      99     40
 *   2025-05   61.70    48     100     40
 *   2025-06   61.20    50     100.5   40
 *   2025-07   62.05    55     101     --
 *   2025-08   61.50    60     101.5   40
 *   2025-09   61.80    66     102     40
 *
 * online over 2025-06..09: mean 61.6375, farthest 61.20 (0.4375 = 0.71 %);
 * mobile rises 32 % over the four months; store rises 0.5 a month, within
 * ± 1.2 % of its mean over six months (100 .. 102.5 around 101.25) but
 * with a significant trend (Mann–Kendall S = 15, p = 2/720); phone has no
 * order in 2025-07. */
static KpiContext *
basket_context (void)
{
  static const double online[] = { 61.90, 61.70, 61.20, 62.05, 61.50, 61.80 };
  static const double mobile[] = { 45, 48, 50, 55, 60, 66 };
  static const double store[] = { 99, 100, 100.5, 101, 101.5, 102 };
  g_autoptr(KpiDataset) orders = new_orders ();
  g_autoptr(KpiIndicator) basket = kpi_indicator_new ("basket", "sum(amount) / count()", NULL);
  g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
  KpiContext *context = context_at ("2026-01-01T00:00:00Z", orders);

  for (int m = 0; m < 6; m++)
    {
      gint64 t = kpi_test_utc (2025, 4 + m, 10, 0, 0);

      append (orders, t, "X", "online", online[m]);
      append (orders, t, "X", "mobile", mobile[m]);
      append (orders, t, "X", "store", store[m]);
      if (m != 3)
        append (orders, t, "X", "phone", 40);
    }
  kpi_indicator_set_title (basket, "Average basket");
  kpi_indicator_set_unit (basket, "EUR");
  kpi_indicator_set_decimals (basket, 2);
  kpi_indicator_set_dataset_name (basket, "orders");
  kpi_indicator_set_title (revenue, "Revenue");
  kpi_indicator_set_unit (revenue, "EUR");
  kpi_indicator_set_dataset_name (revenue, "orders");
  kpi_context_add_indicator (context, basket);
  kpi_context_add_indicator (context, revenue);
  return context;
}

static KpiWatch *
basket_watch (GType       type,
              const char *group)
{
  KpiWatch *watch = g_object_new (type, "id", "basket-watch", NULL);

  g_object_set (watch, "indicator", "basket", "group-by", "channel", "group", group, NULL);
  return watch;
}

START_TEST (test_threshold_both_ways)
{
  g_autoptr(KpiContext) context = basket_context ();
  g_autoptr(KpiWatch) watch = basket_watch (KPI_TYPE_THRESHOLD_WATCH, "online");
  g_autoptr(GPtrArray) below = NULL;
  g_autoptr(GPtrArray) above = NULL;
  g_autoptr(GPtrArray) inside = NULL;
  g_autoptr(GPtrArray) whole = NULL;
  g_autoptr(GPtrArray) close = NULL;
  KpiAlert *alert;

  /* online 2025-09: 61.80 */
  kpi_threshold_watch_set_below (KPI_THRESHOLD_WATCH (watch), 62);
  below = evaluate_ok (watch, context, "2025-09");
  ck_assert_uint_eq (below->len, 1);
  alert = g_ptr_array_index (below, 0);
  ck_assert_str_eq (kpi_alert_get_message (alert), "average basket (online) 61.80 EUR is below 62.00 EUR in 2025-09");
  ck_assert_str_eq (kpi_alert_get_indicator_id (alert), "basket");
  ck_assert_str_eq (kpi_alert_get_subject (alert), "online");
  ck_assert_int_eq (kpi_alert_get_status (alert), KPI_STATUS_OFF_TRACK);
  kpi_test_assert_close (kpi_alert_get_value (alert), 61.8, 1e-12);
  kpi_test_assert_close (kpi_alert_get_threshold (alert), 62, 0);
  ck_assert_int_eq (kpi_alert_get_since (alert), KPI_TIME_UNSET);

  kpi_threshold_watch_set_below (KPI_THRESHOLD_WATCH (watch), NAN);
  kpi_threshold_watch_set_above (KPI_THRESHOLD_WATCH (watch), 61);
  above = evaluate_ok (watch, context, "2025-09");
  ck_assert_uint_eq (above->len, 1);
  ck_assert_str_eq (kpi_alert_get_message (g_ptr_array_index (above, 0)),
                    "average basket (online) 61.80 EUR is above 61.00 EUR in 2025-09");

  /* inside the band [61, 62]: nothing; nor at the edge */
  kpi_threshold_watch_set_below (KPI_THRESHOLD_WATCH (watch), 61);
  kpi_threshold_watch_set_above (KPI_THRESHOLD_WATCH (watch), 61.8);
  inside = evaluate_ok (watch, context, "2025-09");
  ck_assert_uint_eq (inside->len, 0);

  /* the indicator as a whole: revenue of 2025-09 = 61.80 + 66 + 102 + 40
   * = 269.8, shown as 270 at 0 decimals, so one decimal tells it from 270 */
  g_object_set (watch, "indicator", "revenue", "group", NULL, "group-by", NULL,
                "below", 270.0, "above", NAN, NULL);
  whole = evaluate_ok (watch, context, "2025-09");
  ck_assert_uint_eq (whole->len, 1);
  ck_assert_ptr_null (kpi_alert_get_subject (g_ptr_array_index (whole, 0)));
  ck_assert_str_eq (kpi_alert_get_message (g_ptr_array_index (whole, 0)),
                    "revenue 269.8 EUR is below 270.0 EUR in 2025-09");

  /* every group: phone 40 and online 61.80 are below 62 */
  g_object_set (watch, "indicator", "basket", "group-by", "channel", "below", 62.0, NULL);
  close = evaluate_ok (watch, context, "2025-09");
  ck_assert_uint_eq (close->len, 2);
}
END_TEST

START_TEST (test_threshold_missing)
{
  g_autoptr(KpiContext) context = basket_context ();
  g_autoptr(KpiWatch) watch = basket_watch (KPI_TYPE_THRESHOLD_WATCH, "phone");
  g_autoptr(GPtrArray) alerts = NULL;
  KpiAlert *alert;

  /* phone has no order in 2025-07: no value, which is not 0 (0 < 10
   * would alert) */
  kpi_threshold_watch_set_below (KPI_THRESHOLD_WATCH (watch), 10);
  alerts = evaluate_ok (watch, context, "2025-07");
  ck_assert_uint_eq (alerts->len, 1);
  alert = g_ptr_array_index (alerts, 0);
  ck_assert_int_eq (kpi_alert_get_status (alert), KPI_STATUS_UNKNOWN);
  ck_assert (isnan (kpi_alert_get_value (alert)));
  ck_assert_str_eq (kpi_alert_get_message (alert),
                    "average basket (phone) has no value in 2025-07; no verdict on the threshold");
}
END_TEST

START_TEST (test_stagnation_flat)
{
  g_autoptr(KpiContext) context = basket_context ();
  g_autoptr(KpiWatch) watch = basket_watch (KPI_TYPE_STAGNATION_WATCH, "online");
  g_autoptr(GPtrArray) alerts = evaluate_ok (watch, context, "2025-09");
  g_autoptr(GPtrArray) strict = NULL;
  KpiAlert *alert;

  ck_assert_uint_eq (alerts->len, 1);
  alert = g_ptr_array_index (alerts, 0);
  ck_assert_str_eq (kpi_alert_get_message (alert),
                    "average basket (online) flat for 4 months, 2025-06 to 2025-09: "
                    "61.20 to 62.05 EUR (±0.7 %)");
  ck_assert_int_eq (kpi_alert_get_status (alert), KPI_STATUS_AT_RISK);
  ck_assert_str_eq (kpi_alert_get_watch_type (alert), "stagnation");
  ck_assert_str_eq (kpi_alert_get_subject (alert), "online");
  kpi_test_assert_close (kpi_alert_get_value (alert), 0.4375 / 61.6375, 1e-12);
  kpi_test_assert_close (kpi_alert_get_threshold (alert), 0.02, 0);
  ck_assert_int_eq (kpi_alert_get_since (alert), kpi_test_utc (2025, 6, 1, 0, 0));

  /* a tolerance of 0.5 % calls 0.71 % a move */
  kpi_stagnation_watch_set_tolerance (KPI_STAGNATION_WATCH (watch), 0.005);
  strict = evaluate_ok (watch, context, "2025-09");
  ck_assert_uint_eq (strict->len, 0);
}
END_TEST

START_TEST (test_stagnation_rising)
{
  g_autoptr(KpiContext) context = basket_context ();
  g_autoptr(KpiWatch) mobile = basket_watch (KPI_TYPE_STAGNATION_WATCH, "mobile");
  g_autoptr(KpiWatch) store = basket_watch (KPI_TYPE_STAGNATION_WATCH, "store");
  g_autoptr(GPtrArray) rising = evaluate_ok (mobile, context, "2025-09");
  g_autoptr(GPtrArray) store4 = NULL;
  g_autoptr(GPtrArray) store6 = NULL;

  ck_assert_uint_eq (rising->len, 0);
  /* over four months store's rise is within the band and Mann–Kendall
   * cannot tell it from chance (p = 2/24): flat */
  store4 = evaluate_ok (store, context, "2025-09");
  ck_assert_uint_eq (store4->len, 1);
  /* over six months the trend is significant: not a stagnation */
  kpi_stagnation_watch_set_periods (KPI_STAGNATION_WATCH (store), 6);
  store6 = evaluate_ok (store, context, "2025-09");
  ck_assert_uint_eq (store6->len, 0);
}
END_TEST

START_TEST (test_stagnation_missing)
{
  g_autoptr(KpiContext) context = basket_context ();
  g_autoptr(KpiWatch) watch = basket_watch (KPI_TYPE_STAGNATION_WATCH, "phone");
  g_autoptr(GPtrArray) alerts = evaluate_ok (watch, context, "2025-09");
  g_autoptr(GPtrArray) every = NULL;
  KpiAlert *alert;

  /* 40, --, 40, 40 would be flat if the gap were ignored, and far from
   * flat if it were 0: neither, a note */
  ck_assert_uint_eq (alerts->len, 1);
  alert = g_ptr_array_index (alerts, 0);
  ck_assert_int_eq (kpi_alert_get_status (alert), KPI_STATUS_UNKNOWN);
  ck_assert_str_eq (kpi_alert_get_message (alert),
                    "average basket (phone) has no value in 2025-07; "
                    "no verdict on stagnation over 2025-06 to 2025-09");

  /* every channel: online and store flat, phone a note, mobile nothing */
  kpi_indicator_watch_set_group (KPI_INDICATOR_WATCH (watch), NULL);
  every = evaluate_ok (watch, context, "2025-09");
  ck_assert_uint_eq (every->len, 3);
  for (guint i = 0; i < every->len; i++)
    {
      alert = g_ptr_array_index (every, i);
      if (g_str_equal (kpi_alert_get_subject (alert), "phone"))
        ck_assert_int_eq (kpi_alert_get_status (alert), KPI_STATUS_UNKNOWN);
      else
        {
          ck_assert_int_eq (kpi_alert_get_status (alert), KPI_STATUS_AT_RISK);
          ck_assert (g_str_equal (kpi_alert_get_subject (alert), "online") ||
                     g_str_equal (kpi_alert_get_subject (alert), "store"));
        }
    }
}
END_TEST

START_TEST (test_indicator_errors)
{
  g_autoptr(KpiContext) context = basket_context ();
  g_autoptr(KpiWatch) watch = basket_watch (KPI_TYPE_STAGNATION_WATCH, "online");
  g_autoptr(KpiWatch) threshold = basket_watch (KPI_TYPE_THRESHOLD_WATCH, "online");
  g_autofree char *indicator = NULL;
  g_autofree char *periods = NULL;
  g_autofree char *group = NULL;
  g_autofree char *group_by = NULL;
  g_autofree char *bounds = NULL;

  kpi_indicator_watch_set_indicator (KPI_INDICATOR_WATCH (watch), "baskte");
  indicator = evaluate_error (watch, context, KPI_WATCH_ERROR_UNKNOWN_INDICATOR);
  ck_assert_str_eq (indicator, "watch “basket-watch”: unknown indicator “baskte”; did you mean “basket”?");
  kpi_indicator_watch_set_indicator (KPI_INDICATOR_WATCH (watch), "basket");
  kpi_stagnation_watch_set_periods (KPI_STAGNATION_WATCH (watch), 2);
  periods = evaluate_error (watch, context, KPI_WATCH_ERROR_INVALID_PARAMETER);
  ck_assert_str_eq (periods, "stagnation watch “basket-watch” looks at 2 periods, expected at least 3");
  kpi_stagnation_watch_set_periods (KPI_STAGNATION_WATCH (watch), 3);
  kpi_indicator_watch_set_group (KPI_INDICATOR_WATCH (watch), "onlin");
  group = evaluate_error (watch, context, KPI_WATCH_ERROR_UNKNOWN_GROUP);
  ck_assert_str_eq (group, "watch “basket-watch”: “channel” never holds “onlin”; did you mean “online”?");
  kpi_indicator_watch_set_group_by (KPI_INDICATOR_WATCH (watch), "chanel");
  group_by = evaluate_error (watch, context, KPI_WATCH_ERROR_UNKNOWN_COLUMN);
  kpi_test_assert_contains (group_by, "did you mean “channel”?");
  kpi_indicator_watch_set_group_by (KPI_INDICATOR_WATCH (watch), "amount");
  g_free (evaluate_error (watch, context, KPI_WATCH_ERROR_COLUMN_KIND));
  kpi_stagnation_watch_set_tolerance (KPI_STAGNATION_WATCH (watch), -0.1);
  kpi_indicator_watch_set_group_by (KPI_INDICATOR_WATCH (watch), "channel");
  kpi_indicator_watch_set_group (KPI_INDICATOR_WATCH (watch), "online");
  g_free (evaluate_error (watch, context, KPI_WATCH_ERROR_INVALID_PARAMETER));

  bounds = evaluate_error (threshold, context, KPI_WATCH_ERROR_INVALID_PARAMETER);
  ck_assert_str_eq (bounds, "threshold watch “basket-watch” sets neither “below” nor “above”");
  kpi_threshold_watch_set_below (KPI_THRESHOLD_WATCH (threshold), 1);
  kpi_indicator_watch_set_group_by (KPI_INDICATOR_WATCH (threshold), NULL);
  g_free (evaluate_error (threshold, context, KPI_WATCH_ERROR_INVALID_PARAMETER));
}
END_TEST

START_TEST (test_properties)
{
  g_autoptr(KpiWatch) stagnation = kpi_stagnation_watch_new ("w", "average_basket");
  g_autoptr(KpiWatch) threshold = kpi_threshold_watch_new ("t", "nps", 20, NAN);
  g_autoptr(KpiWatch) lapsing = kpi_lapsing_accounts_watch_new ("l", NULL, "client", NULL);
  KpiLapsingAccountsWatch *accounts = KPI_LAPSING_ACCOUNTS_WATCH (lapsing);
  g_autofree char *dataset = NULL;
  guint periods, top, min_orders, notified = 0;
  double below, above, tolerance, factor;

  g_object_get (stagnation, "periods", &periods, "tolerance", &tolerance, NULL);
  ck_assert_uint_eq (periods, 4);
  kpi_test_assert_close (tolerance, 0.02, 0);
  ck_assert_str_eq (kpi_indicator_watch_get_indicator (KPI_INDICATOR_WATCH (stagnation)), "average_basket");
  ck_assert_ptr_null (kpi_indicator_watch_get_group_by (KPI_INDICATOR_WATCH (stagnation)));
  g_object_get (threshold, "below", &below, "above", &above, NULL);
  kpi_test_assert_close (below, 20, 0);
  ck_assert (isnan (above));
  g_object_get (lapsing, "top", &top, "min-orders", &min_orders, "factor", &factor, "dataset", &dataset, NULL);
  ck_assert_uint_eq (top, 20);
  ck_assert_uint_eq (min_orders, 3);
  kpi_test_assert_close (factor, 3, 0);
  ck_assert_str_eq (dataset, "orders");
  ck_assert_str_eq (kpi_lapsing_accounts_watch_get_entity (accounts), "client");
  ck_assert_str_eq (kpi_lapsing_accounts_watch_get_amount (accounts), "amount");

  /* each kind has only its own properties */
  ck_assert_ptr_null (g_object_class_find_property (G_OBJECT_GET_CLASS (lapsing), "indicator"));
  ck_assert_ptr_null (g_object_class_find_property (G_OBJECT_GET_CLASS (threshold), "periods"));
  ck_assert_ptr_null (g_object_class_find_property (G_OBJECT_GET_CLASS (stagnation), "below"));

  g_signal_connect (stagnation, "notify", G_CALLBACK (kpi_test_count_notify), &notified);
  g_object_set (stagnation, "title", "Basket flat", "indicator", "basket", "group-by", "channel",
                "group", "online", "periods", 5, "tolerance", 0.01, NULL);
  ck_assert_uint_eq (notified, 6);
  g_object_set (stagnation, "periods", 5, "title", "Basket flat", NULL);
  ck_assert_uint_eq (notified, 6);
  ck_assert_str_eq (kpi_watch_get_title (stagnation), "Basket flat");
  ck_assert_str_eq (kpi_indicator_watch_get_group (KPI_INDICATOR_WATCH (stagnation)), "online");
  ck_assert_uint_eq (kpi_stagnation_watch_get_periods (KPI_STAGNATION_WATCH (stagnation)), 5);

  notified = 0;
  g_signal_connect (threshold, "notify", G_CALLBACK (kpi_test_count_notify), &notified);
  g_object_set (threshold, "above", 3.5, "below", 20.0, NULL);
  ck_assert_uint_eq (notified, 1);
  kpi_test_assert_close (kpi_threshold_watch_get_above (KPI_THRESHOLD_WATCH (threshold)), 3.5, 0);

  notified = 0;
  g_signal_connect (lapsing, "notify", G_CALLBACK (kpi_test_count_notify), &notified);
  g_object_set (lapsing, "amount", "net", "top", 10, "factor", 2.5, "min-orders", 4, "dataset", "sales",
                "entity", "client", NULL);
  ck_assert_uint_eq (notified, 5);
  ck_assert_uint_eq (kpi_lapsing_accounts_watch_get_min_orders (accounts), 4);
  ck_assert_str_eq (kpi_lapsing_accounts_watch_get_dataset (accounts), "sales");
}
END_TEST

START_TEST (test_types)
{
  g_auto(GStrv) types = kpi_watch_list_types ();
  const char * const expected[] = { "threshold", "stagnation", "lapsing-accounts", NULL };
  GError *error = NULL;

  ck_assert (G_TYPE_IS_ABSTRACT (KPI_TYPE_WATCH));
  ck_assert (G_TYPE_IS_ABSTRACT (KPI_TYPE_INDICATOR_WATCH));
  ck_assert_uint_eq (g_strv_length (types), 3);
  for (guint i = 0; expected[i] != NULL; i++)
    {
      g_autoptr(KpiWatch) watch = kpi_watch_new_for_type (expected[i], "w", &error);

      ck_assert_msg (watch != NULL, "%s", error ? error->message : "");
      ck_assert_str_eq (types[i], expected[i]);
      ck_assert_str_eq (kpi_watch_get_id (watch), "w");
    }
  {
    g_autoptr(KpiWatch) by_name = kpi_watch_new_for_type ("KpiLapsingAccountsWatch", "w", &error);

    ck_assert (KPI_IS_LAPSING_ACCOUNTS_WATCH (by_name));
  }
  /* a typo, the abstract classes, a type that is no watch */
  ck_assert_ptr_null (kpi_watch_new_for_type ("stagnaton", "w", &error));
  ck_assert (g_error_matches (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_UNKNOWN_TYPE));
  ck_assert_str_eq (error->message, "unknown kind of watch “stagnaton”; did you mean “stagnation”?");
  g_clear_error (&error);
  ck_assert_ptr_null (kpi_watch_new_for_type ("KpiIndicatorWatch", "w", &error));
  g_clear_error (&error);
  ck_assert_ptr_null (kpi_watch_new_for_type ("KpiWatch", "w", &error));
  g_clear_error (&error);
  ck_assert_ptr_null (kpi_watch_new_for_type ("KpiDataset", "w", &error));
  g_clear_error (&error);
}
END_TEST

/* An application's own rule: revenue under a quota, with an alert made by
 * kpi_alert_new(); a quota of 0 makes it fail, a negative one makes it
 * return nothing and set no error. */
#define TEST_TYPE_QUOTA_WATCH (test_quota_watch_get_type ())
G_DECLARE_FINAL_TYPE (TestQuotaWatch, test_quota_watch, TEST, QUOTA_WATCH, KpiWatch)

struct _TestQuotaWatch
{
  KpiWatch parent_instance;
  double   quota;
};

G_DEFINE_TYPE (TestQuotaWatch, test_quota_watch, KPI_TYPE_WATCH)

static GPtrArray *
test_quota_watch_evaluate (KpiWatch         *watch,
                           KpiContext       *context,
                           const KpiPeriod  *period,
                           GError          **error)
{
  TestQuotaWatch *self = TEST_QUOTA_WATCH (watch);
  g_autoptr(KpiIndicator) revenue = kpi_context_lookup_indicator (context, "revenue");
  g_autoptr(KpiValue) value = NULL;
  GPtrArray *alerts;

  if (self->quota < 0)
    return NULL;
  if (self->quota == 0)
    {
      g_set_error (error, KPI_WATCH_ERROR, KPI_WATCH_ERROR_INVALID_PARAMETER, "no quota");
      return NULL;
    }
  value = kpi_indicator_evaluate (revenue, context, period, error);
  if (value == NULL)
    return NULL;
  alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_alert_unref);
  if (kpi_value_get_value (value) < self->quota)
    g_ptr_array_add (alerts, kpi_alert_new (watch, KPI_STATUS_OFF_TRACK, "revenue", NULL, "revenue under quota",
                                            kpi_value_get_value (value), self->quota, KPI_TIME_UNSET));
  return alerts;
}

static void
test_quota_watch_class_init (TestQuotaWatchClass *klass)
{
  KPI_WATCH_CLASS (klass)->evaluate = test_quota_watch_evaluate;
}

static void
test_quota_watch_init (TestQuotaWatch *self)
{
  self->quota = 1000;
}

START_TEST (test_application_watch)
{
  g_autoptr(KpiContext) context = basket_context ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KpiWatch) watch = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(KpiDashboard) dashboard = kpi_dashboard_new ("sales", KPI_DASHBOARD_TYPE_OPERATIONAL);
  g_autofree char *failed = NULL;
  g_autofree char *silent = NULL;
  KpiAlert *alert;

  /* by its type name, once registered */
  g_type_ensure (TEST_TYPE_QUOTA_WATCH);
  watch = kpi_watch_new_for_type ("TestQuotaWatch", "quota", &error);
  ck_assert_msg (watch != NULL, "%s", error ? error->message : "");
  ck_assert (kpi_dashboard_add_watch (dashboard, watch, &error));
  ck_assert_uint_eq (g_list_model_get_n_items (kpi_dashboard_get_watches (dashboard)), 1);

  /* revenue of 2025-09: 269.8 < 1000 */
  alerts = evaluate_ok (watch, context, "2025-09");
  ck_assert_uint_eq (alerts->len, 1);
  alert = g_ptr_array_index (alerts, 0);
  ck_assert_str_eq (kpi_alert_get_watch_type (alert), "test-quota-watch");
  ck_assert_str_eq (kpi_alert_get_watch_id (alert), "quota");
  ck_assert_str_eq (kpi_alert_get_message (alert), "revenue under quota");
  kpi_test_assert_close (kpi_alert_get_value (alert), 269.8, 1e-9);
  kpi_test_assert_close (kpi_alert_get_threshold (alert), 1000, 0);

  /* its own error passes through; neither alerts nor error is an error */
  TEST_QUOTA_WATCH (watch)->quota = 0;
  failed = evaluate_error (watch, context, KPI_WATCH_ERROR_INVALID_PARAMETER);
  ck_assert_str_eq (failed, "no quota");
  TEST_QUOTA_WATCH (watch)->quota = -1;
  silent = evaluate_error (watch, context, KPI_WATCH_ERROR_NO_RESULT);
  kpi_test_assert_contains (silent, "gave neither alerts nor an error");
}
END_TEST

/* A definitions file names the kind in "kind"; a typo names the near miss. */
START_TEST (test_definitions_kind)
{
  static const char doc[] =
    "{\n"
    "  \"version\": 1,\n"
    "  \"indicators\": [ { \"id\": \"revenue\", \"formula\": \"sum(amount)\", \"dataset\": \"orders\" } ],\n"
    "  \"dashboards\": [ { \"id\": \"a\", \"type\": \"strategic\", \"indicators\": [\"revenue\"],\n"
    "    \"watches\": [ { \"id\": \"low\", \"kind\": \"threshold\", \"indicator\": \"revenue\", \"below\": 5 },\n"
    "                   { \"id\": \"flat\", \"kind\": \"stagnaton\", \"indicator\": \"revenue\" } ] } ]\n"
    "}\n";
  g_autoptr(KpiDefinitions) defs = kpi_definitions_new (NULL);
  g_autoptr(KpiDefinitions) fixed = kpi_definitions_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpiDashboard) dashboard = NULL;
  g_autoptr(KpiWatch) low = NULL;
  g_autoptr(KpiWatch) flat = NULL;
  g_autoptr(GString) corrected = g_string_new (doc);

  ck_assert (!kpi_definitions_load_data (defs, doc, -1, NULL, NULL, &error));
  ck_assert_str_eq (error->message, "$.dashboards[0].watches[1].kind: unknown kind of watch “stagnaton”; "
                                    "did you mean “stagnation”?");
  g_clear_error (&error);

  g_string_replace (corrected, "stagnaton", "stagnation", 0);
  ck_assert_msg (kpi_definitions_load_data (fixed, corrected->str, -1, NULL, NULL, &error), "%s",
                 error ? error->message : "");
  dashboard = kpi_definitions_lookup_dashboard (fixed, "a");
  low = g_list_model_get_item (kpi_dashboard_get_watches (dashboard), 0);
  flat = g_list_model_get_item (kpi_dashboard_get_watches (dashboard), 1);
  ck_assert (KPI_IS_THRESHOLD_WATCH (low));
  kpi_test_assert_close (kpi_threshold_watch_get_below (KPI_THRESHOLD_WATCH (low)), 5, 0);
  ck_assert (KPI_IS_STAGNATION_WATCH (flat));
}
END_TEST

/* ------------------------------------------------------------------------
 * The generated sample with the crm catalogue
 * ------------------------------------------------------------------------ */

START_TEST (test_sample)
{
  const char *dir = g_getenv ("KPI_TEST_DATA");
  g_autofree char *path = NULL;
  g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
  g_autoptr(KpiCatalog) catalog = kpi_catalog_new ();
  g_autoptr(KpiContext) context = NULL;
  g_autoptr(KpiWatch) threshold = kpi_threshold_watch_new ("revenue-low", "revenue", NAN, NAN);
  g_autoptr(KpiWatch) stagnation = kpi_stagnation_watch_new ("basket-flat", "average_basket");
  g_autoptr(KpiWatch) lapsing = kpi_lapsing_accounts_watch_new ("key-accounts", NULL, NULL, NULL);
  g_autoptr(GPtrArray) revenue = NULL;
  g_autoptr(GPtrArray) basket = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  GError *error = NULL;
  const gint64 *times;
  const double *amounts;
  const guint32 *channels;
  const char * const *dictionary;
  gsize n, n_channels;
  double september = 0, sums[8][4] = { { 0 } };
  guint counts[8][4] = { { 0 } }, n_flat = 0;

  ck_assert_msg (dir != NULL, "KPI_TEST_DATA is not set");
  path = g_build_filename (dir, "orders.csv", NULL);
  ck_assert_msg (kpi_dataset_load_path (orders, path, NULL, &error), "%s", error ? error->message : "");
  ck_assert_msg (kpi_catalog_load_builtin (catalog, "crm", &error), "%s", error ? error->message : "");
  context = context_at ("2026-01-01T00:00:00Z", orders);
  kpi_context_add_catalog (context, catalog);

  /* threshold: revenue of 2025-09, against the sum of its rows */
  times = kpi_dataset_get_times (orders, &n);
  amounts = kpi_dataset_get_measure (orders, "amount", &n);
  channels = kpi_dataset_get_dimension_codes (orders, "channel", &n);
  dictionary = kpi_dataset_get_dimension_dictionary (orders, "channel", &n_channels);
  ck_assert_uint_le (n_channels, 8);
  for (gsize i = 0; i < n; i++)
    {
      int month = times[i] >= kpi_test_utc (2025, 6, 1, 0, 0) && times[i] < kpi_test_utc (2025, 7, 1, 0, 0) ? 0
                : times[i] >= kpi_test_utc (2025, 7, 1, 0, 0) && times[i] < kpi_test_utc (2025, 8, 1, 0, 0) ? 1
                : times[i] >= kpi_test_utc (2025, 8, 1, 0, 0) && times[i] < kpi_test_utc (2025, 9, 1, 0, 0) ? 2
                : times[i] >= kpi_test_utc (2025, 9, 1, 0, 0) && times[i] < kpi_test_utc (2025, 10, 1, 0, 0) ? 3
                : -1;
      if (month < 0)
        continue;
      if (month == 3)
        september += amounts[i];
      sums[channels[i]][month] += amounts[i];
      counts[channels[i]][month]++;
    }
  g_object_set (threshold, "indicator", "revenue", "below", ceil (september) + 1, NULL);
  revenue = evaluate_ok (threshold, context, "2025-09");
  ck_assert_uint_eq (revenue->len, 1);
  kpi_test_assert_close_rel (kpi_alert_get_value (g_ptr_array_index (revenue, 0)), september, 1e-12);
  kpi_test_assert_contains (kpi_alert_get_message (g_ptr_array_index (revenue, 0)), "EUR is below");
  kpi_threshold_watch_set_below (KPI_THRESHOLD_WATCH (threshold), floor (september) - 1);
  kpi_threshold_watch_set_above (KPI_THRESHOLD_WATCH (threshold), NAN);
  g_clear_pointer (&revenue, g_ptr_array_unref);
  revenue = evaluate_ok (threshold, context, "2025-09");
  ck_assert_uint_eq (revenue->len, 0);

  /* stagnation of the average basket by channel, 2025-06 .. 2025-09: a
   * channel alerts exactly when its four baskets are within ± 2 % of their
   * mean (with four values the trend test cannot object). With the tests'
   * sample (seed 42, 20 000 orders), online is flat (±1.8 %), mobile and store move more. */
  g_object_set (stagnation, "indicator", "average_basket", "group-by", "channel", NULL);
  basket = evaluate_ok (stagnation, context, "2025-09");
  for (gsize c = 0; c < n_channels; c++)
    {
      double v[4], mean = 0, spread = 0;
      gboolean alerted = FALSE;

      for (int m = 0; m < 4; m++)
        mean += (v[m] = sums[c][m] / counts[c][m]) / 4;
      for (int m = 0; m < 4; m++)
        spread = MAX (spread, fabs (v[m] - mean) / mean);
      for (guint i = 0; i < basket->len; i++)
        {
          KpiAlert *alert = g_ptr_array_index (basket, i);
          if (g_str_equal (kpi_alert_get_subject (alert), dictionary[c]))
            {
              alerted = TRUE;
              ck_assert_int_eq (kpi_alert_get_status (alert), KPI_STATUS_AT_RISK);
              kpi_test_assert_close (kpi_alert_get_value (alert), spread, 1e-9);
            }
        }
      ck_assert_msg (alerted == (spread <= 0.02), "%s: spread %g", dictionary[c], spread);
      n_flat += alerted;
    }
  ck_assert_uint_eq (basket->len, n_flat);
  ck_assert_uint_ge (n_flat, 1);

  /* lapsing accounts: the sample seeds no lapsing customer (the rep who
   * stops reporting hands its orders to other reps), but occasional
   * customers among the top 20 fall silent by themselves: four in the
   * tests' sample (seed 42, 20 000 orders) (tests/python/test_watch.py recomputes which from the
   * CSV). Here: ranked in order, each silent for more than 3 × its usual
   * interval, since its last order, before the end of September. */
  accounts = evaluate_ok (lapsing, context, "2025-09");
  ck_assert_uint_ge (accounts->len, 1);
  for (guint i = 0; i < accounts->len; i++)
    {
      KpiAlert *alert = g_ptr_array_index (accounts, i);
      ck_assert_int_eq (kpi_alert_get_status (alert), KPI_STATUS_OFF_TRACK);
      ck_assert (kpi_alert_get_value (alert) > kpi_alert_get_threshold (alert));
      ck_assert (kpi_alert_get_since (alert) < kpi_test_utc (2025, 10, 1, 0, 0));
      kpi_test_assert_close (kpi_alert_get_value (alert),
                             (double) (kpi_test_utc (2025, 10, 1, 0, 0) - kpi_alert_get_since (alert)) / DAY,
                             1e-9);
      kpi_test_assert_contains (kpi_alert_get_message (alert), "by amount");
      if (i > 0)
        ck_assert (strcmp (kpi_alert_get_message (g_ptr_array_index (accounts, i - 1)),
                           kpi_alert_get_message (alert)) != 0);
    }
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "lapsing-worked", test_lapsing_worked },
    { "lapsing-settings", test_lapsing_settings },
    { "lapsing-errors", test_lapsing_errors },
    { "threshold-both-ways", test_threshold_both_ways },
    { "threshold-missing", test_threshold_missing },
    { "stagnation-flat", test_stagnation_flat },
    { "stagnation-rising", test_stagnation_rising },
    { "stagnation-missing", test_stagnation_missing },
    { "indicator-errors", test_indicator_errors },
    { "properties", test_properties },
    { "types", test_types },
    { "application-watch", test_application_watch },
    { "definitions-kind", test_definitions_kind },
    { "sample", test_sample },
  };

  return kpi_test_run ("watch", cases, G_N_ELEMENTS (cases), 120);
}
