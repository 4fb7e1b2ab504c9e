/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiValue: numbers and missing values, flags, no infinity or NaN
 * ever read as a number, formatting, reference counting. */

#include <math.h>
#include <string.h>
#include <check.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

#include "kpi-formula-private.h"

static KpiPeriod *
january (void)
{
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  return kpi_calendar_parse_period (cal, "2025-01", NULL);
}

START_TEST (test_number)
{
  g_autoptr(KpiPeriod) period = january ();
  g_autoptr(KpiValue) v = kpi_value_new (period, 12.5, 40, KPI_VALUE_FLAG_LOW_SAMPLE);
  double x = 0;

  ck_assert (!kpi_value_is_missing (v));
  ck_assert (kpi_value_get_number (v, &x));
  ck_assert (x == 12.5);
  ck_assert (kpi_value_get_value (v) == 12.5);
  ck_assert_uint_eq (kpi_value_get_sample_size (v), 40);
  {
    /* a sample size is a count of rows, a guint like the dataset's */
    g_autoptr(KpiValue) most = kpi_value_new (NULL, 1, G_MAXUINT, 0);

    ck_assert_uint_eq (kpi_value_get_sample_size (most), G_MAXUINT);
  }
  ck_assert_int_eq (kpi_value_get_flags (v), KPI_VALUE_FLAG_LOW_SAMPLE);
  ck_assert (kpi_period_equal (kpi_value_get_period (v), period));
  /* the value keeps its own copy of the period */
  ck_assert_ptr_ne (kpi_value_get_period (v), period);
  ck_assert_ptr_null (kpi_value_get_group (v));
  ck_assert (kpi_value_get_number (v, NULL));
}
END_TEST

START_TEST (test_missing)
{
  g_autoptr(KpiValue) v = kpi_value_new_missing (NULL, 0, KPI_VALUE_FLAG_NO_DATA);
  double x = 99;

  ck_assert (kpi_value_is_missing (v));
  ck_assert (!kpi_value_get_number (v, &x));
  ck_assert (x == 0);
  ck_assert (isnan (kpi_value_get_value (v)));
  ck_assert_int_eq (kpi_value_get_flags (v), KPI_VALUE_FLAG_NO_DATA);
  ck_assert_ptr_null (kpi_value_get_period (v));
}
END_TEST

START_TEST (test_not_finite)
{
  /* No infinity or NaN is ever a number: they make missing values */
  g_autoptr(KpiValue) inf = kpi_value_new (NULL, INFINITY, 3, KPI_VALUE_FLAG_NONE);
  g_autoptr(KpiValue) ninf = kpi_value_new (NULL, -INFINITY, 3, KPI_VALUE_FLAG_PARTIAL_PERIOD);
  g_autoptr(KpiValue) nan_ = kpi_value_new (NULL, NAN, 3, KPI_VALUE_FLAG_NONE);
  char *s;

  ck_assert (kpi_value_is_missing (inf));
  ck_assert_int_eq (kpi_value_get_flags (inf), KPI_VALUE_FLAG_OVERFLOW);
  ck_assert (kpi_value_is_missing (ninf));
  ck_assert_int_eq (kpi_value_get_flags (ninf), KPI_VALUE_FLAG_OVERFLOW | KPI_VALUE_FLAG_PARTIAL_PERIOD);
  ck_assert (kpi_value_is_missing (nan_));
  ck_assert_int_eq (kpi_value_get_flags (nan_), KPI_VALUE_FLAG_NONE);
  s = kpi_value_format (inf, 2);
  ck_assert_str_eq (s, "n/a");
  g_free (s);
}
END_TEST

START_TEST (test_format)
{
  static const struct { double v; int decimals; const char *text; } cases[] = {
    { 1234.5678, 2, "1234.57" },
    { 1234.5678, 0, "1235" },
    { 0.1, KPI_DECIMALS_SHORTEST, "0.1" },
    { 1.0 / 3, KPI_DECIMALS_SHORTEST, "0.3333333333333333" },
    { 1e21, KPI_DECIMALS_SHORTEST, "1e+21" },
    { -0.001, 2, "0.00" },      /* not -0.00 */
    { -0.0, KPI_DECIMALS_SHORTEST, "0" },
    { -2.5, 1, "-2.5" },
    { 42, KPI_DECIMALS_SHORTEST, "42" },
    { 1e300, 1, NULL },         /* long, but no overflow of a buffer */
    { 0.125, 40, "0.12500000000000000" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpiValue) v = kpi_value_new (NULL, cases[i].v, 1, 0);
      g_autofree char *s = kpi_value_format (v, cases[i].decimals);

      if (cases[i].text != NULL)
        ck_assert_str_eq (s, cases[i].text);
      else
        ck_assert_uint_eq (strlen (s), 303);
    }
  {
    /* a plain decimal point, as files and parsers want it */
    g_autoptr(KpiValue) v = kpi_value_new (NULL, 3.25, 1, 0);
    g_autofree char *s = kpi_value_format (v, KPI_DECIMALS_SHORTEST);
    ck_assert_str_eq (s, "3.25");
    ck_assert_int_eq (KPI_DECIMALS_SHORTEST, -1);
  }
  {
    g_autoptr(KpiValue) v = kpi_value_new_missing (NULL, 0, KPI_VALUE_FLAG_DIVISION_BY_ZERO);
    g_autofree char *s = kpi_value_format (v, 2);
    ck_assert_str_eq (s, "n/a");
  }
}
END_TEST

START_TEST (test_refcount_and_boxed)
{
  KpiValue *v = kpi_value_new (NULL, 1, 1, 0);
  KpiValue *w;
  GValue gv = G_VALUE_INIT;

  ck_assert (G_TYPE_IS_BOXED (KPI_TYPE_VALUE));
  ck_assert_ptr_eq (kpi_value_ref (v), v);
  kpi_value_unref (v);
  w = g_boxed_copy (KPI_TYPE_VALUE, v);
  ck_assert_ptr_eq (w, v);
  g_boxed_free (KPI_TYPE_VALUE, w);

  g_value_init (&gv, KPI_TYPE_VALUE);
  g_value_set_boxed (&gv, v);
  ck_assert_ptr_eq (g_value_get_boxed (&gv), v);
  g_value_unset (&gv);

  ck_assert_int_eq (kpi_value_get_group_kind (v), KPI_GROUP_KIND_NONE);
  kpi_value_set_group (v, KPI_GROUP_KIND_VALUE, "online");
  ck_assert_str_eq (kpi_value_get_group (v), "online");
  ck_assert_int_eq (kpi_value_get_group_kind (v), KPI_GROUP_KIND_VALUE);
  kpi_value_set_group (v, KPI_GROUP_KIND_VALUE, kpi_value_get_group (v));
  ck_assert_str_eq (kpi_value_get_group (v), "online");
  /* the rows a top-n breakdown left out, and those without a value, are
   * told apart by their kind, whatever the dimension's values are called */
  kpi_value_set_group (v, KPI_GROUP_KIND_OTHER, NULL);
  ck_assert_str_eq (kpi_value_get_group (v), "other");
  ck_assert_int_eq (kpi_value_get_group_kind (v), KPI_GROUP_KIND_OTHER);
  kpi_value_set_group (v, KPI_GROUP_KIND_MISSING, NULL);
  ck_assert_str_eq (kpi_value_get_group (v), "(missing)");
  kpi_value_set_group (v, KPI_GROUP_KIND_NONE, NULL);
  ck_assert_ptr_null (kpi_value_get_group (v));
  kpi_value_unref (v);

  /* the flags have a GType, for bindings */
  ck_assert (G_TYPE_IS_FLAGS (KPI_TYPE_VALUE_FLAGS));
  {
    GFlagsClass *klass = g_type_class_ref (KPI_TYPE_VALUE_FLAGS);
    ck_assert_ptr_nonnull (g_flags_get_value_by_nick (klass, "division-by-zero"));
    ck_assert_ptr_nonnull (g_flags_get_value_by_nick (klass, "overflow"));
    g_type_class_unref (klass);
  }
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "number", test_number },
    { "missing", test_missing },
    { "not-finite", test_not_finite },
    { "format", test_format },
    { "refcount-and-boxed", test_refcount_and_boxed },
  };

  return kpi_test_run ("value", cases, G_N_ELEMENTS (cases), 0);
}
