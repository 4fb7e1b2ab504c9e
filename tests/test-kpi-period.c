/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiPeriod as a value: its accessors, copy and free, equality,
 * order and hash, the boxed GType, the partial flag and the granularity
 * enum.  How a calendar makes and moves periods is in test-kpi-calendar.c. */

#include <check.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

#define HOUR G_GINT64_CONSTANT (3600000000)

START_TEST (test_accessors)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPeriod) feb = kpi_test_parse_period (cal, "2025-02");

  ck_assert_int_eq (kpi_period_get_granularity (feb), KPI_GRANULARITY_MONTH);
  ck_assert_str_eq (kpi_period_get_label (feb), "2025-02");
  ck_assert_int_eq (kpi_period_get_start (feb), kpi_test_utc (2025, 2, 1, 0, 0));
  ck_assert_int_eq (kpi_period_get_end (feb), kpi_test_utc (2025, 3, 1, 0, 0));

  /* Half-open: the start is in, the end is out. */
  ck_assert (kpi_period_contains (feb, kpi_period_get_start (feb)));
  ck_assert (kpi_period_contains (feb, kpi_period_get_end (feb) - 1));
  ck_assert (!kpi_period_contains (feb, kpi_period_get_end (feb)));
  ck_assert (!kpi_period_contains (feb, kpi_period_get_start (feb) - 1));
}
END_TEST

START_TEST (test_copy_free)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  KpiPeriod *week = kpi_test_parse_period (cal, "2025-W07");
  g_autoptr(KpiPeriod) copy = kpi_period_copy (week);
  char *label_before;

  ck_assert_ptr_ne (copy, week);
  ck_assert (kpi_period_equal (copy, week));
  ck_assert_ptr_ne (kpi_period_get_label (copy), kpi_period_get_label (week));
  label_before = g_strdup (kpi_period_get_label (week));
  kpi_period_free (week);
  /* The copy owns its own label and still works after the original is gone. */
  ck_assert_str_eq (kpi_period_get_label (copy), label_before);
  g_free (label_before);

  {
    g_autoptr(KpiPeriod) next = kpi_calendar_next (cal, copy);
    ck_assert_str_eq (kpi_period_get_label (next), "2025-W08");
  }

  kpi_period_free (NULL);
}
END_TEST

START_TEST (test_equal)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiCalendar) april = kpi_calendar_new (NULL, 4, NULL);
  g_autoptr(KpiPeriod) a = kpi_test_parse_period (cal, "2025-03");
  g_autoptr(KpiPeriod) b = kpi_calendar_period_at (cal, kpi_test_utc (2025, 3, 14, 12, 0), KPI_GRANULARITY_MONTH);
  g_autoptr(KpiPeriod) year = kpi_test_parse_period (cal, "2025");
  g_autoptr(KpiPeriod) fiscal = kpi_test_parse_period (cal, "FY2025");
  g_autoptr(KpiPeriod) fq2 = kpi_test_parse_period (cal, "FY2025-Q2");
  g_autoptr(KpiPeriod) fq1 = kpi_test_parse_period (april, "FY2026-Q1");
  g_autoptr(KpiPeriod) range = kpi_test_parse_period (cal, "2025-03-01..2025-03-31");

  ck_assert (kpi_period_equal (a, b));
  ck_assert (kpi_period_equal (a, a));
  /* Same instants, different kind of period. */
  ck_assert_int_eq (kpi_period_get_start (year), kpi_period_get_start (fiscal));
  ck_assert_int_eq (kpi_period_get_end (year), kpi_period_get_end (fiscal));
  ck_assert (!kpi_period_equal (year, fiscal));
  ck_assert_int_eq (kpi_period_get_end (range), kpi_period_get_end (a));
  ck_assert (!kpi_period_equal (range, a));
  /* Same months, but the second quarter of one fiscal year is not the
   * first of another. */
  ck_assert_int_eq (kpi_period_get_start (fq2), kpi_period_get_start (fq1));
  ck_assert (!kpi_period_equal (fq2, fq1));
}
END_TEST

START_TEST (test_equal_ignores_partial)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPeriod) then = NULL;
  g_autoptr(KpiPeriod) later = NULL;

  kpi_calendar_set_now (cal, kpi_test_utc (2025, 3, 14, 12, 0));
  then = kpi_test_parse_period (cal, "2025-03");
  kpi_calendar_set_now (cal, kpi_test_utc (2025, 4, 2, 12, 0));
  later = kpi_test_parse_period (cal, "2025-03");
  ck_assert (kpi_period_is_partial (then));
  ck_assert (!kpi_period_is_partial (later));
  ck_assert (kpi_period_equal (then, later));
  ck_assert_int_eq (kpi_period_compare (then, later), 0);
  ck_assert_uint_eq (kpi_period_hash (then), kpi_period_hash (later));
}
END_TEST

static int
compare_indirect (gconstpointer a,
                  gconstpointer b)
{
  return kpi_period_compare (*(KpiPeriod * const *) a, *(KpiPeriod * const *) b);
}

START_TEST (test_compare)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  const char *labels[] = {
    "2025-03-14", "2024", "2025-Q1", "2025-02", "2025-03", "2025", "FY2025",
    "2025-01-01..2025-01-31", "2025-W11", "2024-12-31",
  };
  /* By start, then the shorter first, then by granularity, then label. */
  const char *sorted[] = {
    "2024", "2024-12-31", "2025-01-01..2025-01-31", "2025-Q1", "2025", "FY2025",
    "2025-02", "2025-03", "2025-W11", "2025-03-14",
  };
  g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);

  for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
    g_ptr_array_add (periods, kpi_test_parse_period (cal, labels[i]));
  g_ptr_array_sort (periods, compare_indirect);
  for (gsize i = 0; i < G_N_ELEMENTS (sorted); i++)
    ck_assert_str_eq (kpi_period_get_label (g_ptr_array_index (periods, i)), sorted[i]);

  /* Antisymmetric, and 0 only for equal periods. */
  for (guint i = 0; i < periods->len; i++)
    for (guint j = 0; j < periods->len; j++)
      {
        KpiPeriod *a = g_ptr_array_index (periods, i), *b = g_ptr_array_index (periods, j);
        int ab = kpi_period_compare (a, b), ba = kpi_period_compare (b, a);

        ck_assert ((ab < 0 && ba > 0) || (ab > 0 && ba < 0) || (ab == 0 && ba == 0));
        ck_assert_int_eq (ab == 0, kpi_period_equal (a, b));
      }
}
END_TEST

START_TEST (test_hash_table)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full ((GHashFunc) kpi_period_hash,
                                                      (GEqualFunc) kpi_period_equal,
                                                      (GDestroyNotify) kpi_period_free, NULL);
  gint64 t = kpi_test_utc (2025, 1, 1, 0, 0);

  /* One key per day of 2025, whatever the time of the day. */
  for (int i = 0; i < 365 * 4; i++)
    g_hash_table_add (seen, kpi_calendar_period_at (cal, t + i * 6 * HOUR, KPI_GRANULARITY_DAY));
  ck_assert_uint_eq (g_hash_table_size (seen), 365);

  {
    g_autoptr(KpiPeriod) day = kpi_test_parse_period (cal, "2025-07-14");
    g_autoptr(KpiPeriod) month = kpi_test_parse_period (cal, "2025-07");
    ck_assert (g_hash_table_contains (seen, day));
    ck_assert (!g_hash_table_contains (seen, month));
  }
}
END_TEST

START_TEST (test_boxed_type)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPeriod) q = kpi_test_parse_period (cal, "2025-Q3");
  g_auto(GValue) value = G_VALUE_INIT;
  KpiPeriod *held;

  ck_assert (G_TYPE_IS_BOXED (KPI_TYPE_PERIOD));
  ck_assert_str_eq (g_type_name (KPI_TYPE_PERIOD), "KpiPeriod");
  g_value_init (&value, KPI_TYPE_PERIOD);
  g_value_set_boxed (&value, q);
  held = g_value_get_boxed (&value);
  /* GValue holds a copy. */
  ck_assert_ptr_ne (held, q);
  ck_assert (kpi_period_equal (held, q));
}
END_TEST

START_TEST (test_partial)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPeriod) march = NULL, feb = NULL, april = NULL, range = NULL;
  g_autoptr(KpiPeriod) past_range = NULL, mtd = NULL, past_mtd = NULL, year = NULL;
  gint64 now = kpi_test_utc (2025, 3, 14, 15, 30);

  kpi_calendar_set_now (cal, now);
  march = kpi_test_parse_period (cal, "2025-03");
  feb = kpi_calendar_previous (cal, march);
  april = kpi_calendar_next (cal, march);
  year = kpi_calendar_period_at (cal, now, KPI_GRANULARITY_YEAR);
  range = kpi_test_parse_period (cal, "2025-03-10..2025-03-16");
  past_range = kpi_test_parse_period (cal, "2025-03-01..2025-03-07");
  mtd = kpi_calendar_to_date (cal, KPI_GRANULARITY_MONTH, now);
  past_mtd = kpi_calendar_previous (cal, mtd);

  ck_assert (kpi_period_is_partial (march));
  ck_assert (kpi_period_is_partial (year));
  ck_assert (!kpi_period_is_partial (feb));
  ck_assert (!kpi_period_is_partial (april));     /* the future is empty, not partial */
  ck_assert (kpi_period_is_partial (range));
  ck_assert (!kpi_period_is_partial (past_range));
  /* To-date periods are partial by nature, even in the past. */
  ck_assert (kpi_period_is_partial (mtd));
  ck_assert (kpi_period_is_partial (past_mtd));

  /* The end of the period is not in it. */
  kpi_calendar_set_now (cal, kpi_test_utc (2025, 4, 1, 0, 0));
  {
    g_autoptr(KpiPeriod) m = kpi_test_parse_period (cal, "2025-03");
    g_autoptr(KpiPeriod) a = kpi_test_parse_period (cal, "2025-04");
    ck_assert (!kpi_period_is_partial (m));
    ck_assert (kpi_period_is_partial (a));
  }

  /* now = 0 is the real clock. */
  kpi_calendar_set_now (cal, 0);
  {
    g_autoptr(KpiPeriod) today = kpi_calendar_period_at (cal, g_get_real_time (), KPI_GRANULARITY_DAY);
    g_autoptr(KpiPeriod) old = kpi_test_parse_period (cal, "2001-01-01");
    ck_assert (kpi_period_is_partial (today));
    ck_assert (!kpi_period_is_partial (old));
  }
}
END_TEST

START_TEST (test_granularity_enum)
{
  GEnumClass *klass = g_type_class_ref (KPI_TYPE_GRANULARITY);
  const char *nicks[] = {
    "day", "week", "month", "quarter", "year", "fiscal-quarter", "fiscal-year", "custom",
  };

  ck_assert_uint_eq (klass->n_values, G_N_ELEMENTS (nicks));
  for (guint i = 0; i < G_N_ELEMENTS (nicks); i++)
    ck_assert_str_eq (g_enum_get_value (klass, i)->value_nick, nicks[i]);
  ck_assert (G_TYPE_IS_ENUM (KPI_TYPE_CALENDAR_ERROR));
  g_type_class_unref (klass);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "accessors", test_accessors },
    { "copy-free", test_copy_free },
    { "equal", test_equal },
    { "equal-ignores-partial", test_equal_ignores_partial },
    { "compare", test_compare },
    { "hash-table", test_hash_table },
    { "boxed-type", test_boxed_type },
    { "partial", test_partial },
    { "granularity-enum", test_granularity_enum },
  };

  return kpi_test_run ("period", cases, G_N_ELEMENTS (cases), 60);
}
