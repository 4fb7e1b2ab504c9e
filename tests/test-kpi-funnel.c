/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiFunnel: counts on the cohort and period bases over a small
 * hand-built set of events (every number below was computed by hand, see
 * the table), conversions, drop-offs, the weighted pipeline, grouping,
 * errors; then the generated sample, against a recount done here from the
 * raw CSV text, independent of the library's loader and of its algorithm. */

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <check.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

static const char * const STAGES[] = { "lead", "qualified", "proposal", "negotiation", "won" };
#define N_STAGES G_N_ELEMENTS (STAGES)

/* Ten opportunities around February 2025; amounts are per opportunity,
 * probabilities per stage (lead 0.1 ... won 1, lost 0).
 *
 *   A  enters in Feb, goes all the way; won in March (after the period)
 *   B  enters in Feb, skips `qualified`, lost
 *   C  enters in January, qualified and proposal in Feb
 *   D  enters in Feb, lost at once
 *   E  enters in Feb, qualified; lost in March
 *   F  enters in March only
 *   G  enters in January, negotiation and won in Feb
 *   H  enters on 27 Feb, qualified in March
 *   J  enters in January, negotiation in Feb, lost
 *   K  enters in January, skips `qualified`, negotiation and won in Feb
 * plus a row without an opportunity and one without a stage (ignored).
 *
 * Cohort basis, February (entered in Feb: A B D E H):
 *   lead 5 (ABDEH), qualified 4 (ABEH: B skipped it), proposal 2 (AB),
 *   negotiation 1 (A), won 1 (A, in March: a cohort is followed on)
 * Period basis, February (reached for the first time in Feb):
 *   lead 5 (ABDEH), qualified 4 (ABCE), proposal 3 (ABC),
 *   negotiation 4 (AGJK: more than proposal), won 2 (GK) */
static const char events_csv[] =
  "date,opportunity,stage,amount,probability,region\n"
  "2025-01-02,J,lead,4000,0.10,north\n"
  "2025-01-03,J,qualified,4000,0.25,north\n"
  "2025-01-03,K,lead,6000,0.10,south\n"
  "2025-01-05,G,lead,5000,0.10,north\n"
  "2025-01-10,G,qualified,5000,0.25,north\n"
  "2025-01-15,G,proposal,5000,0.50,north\n"
  "2025-01-20,C,lead,3000,0.10,south\n"
  "2025-01-25,J,proposal,4000,0.50,north\n"
  "2025-01-28,K,proposal,6000,0.50,south\n"
  "2025-02-01,G,negotiation,5000,0.75,north\n"
  "2025-02-02,C,qualified,3000,0.25,south\n"
  "2025-02-03,A,lead,1000,0.10,north\n"
  "2025-02-03,J,negotiation,4000,0.75,north\n"
  "2025-02-04,B,lead,2000,0.10,south\n"
  "2025-02-05,A,qualified,1000,0.25,north\n"
  "2025-02-05,K,negotiation,6000,0.75,south\n"
  "2025-02-06,D,lead,500,0.10,\n"
  "2025-02-07,,lead,100,0.10,north\n"
  "2025-02-07,D,,500,,\n"
  "2025-02-08,D,lost,500,0.00,\n"
  "2025-02-10,A,proposal,1000,0.50,north\n"
  "2025-02-10,E,lead,800,0.10,south\n"
  "2025-02-12,B,proposal,2000,0.50,south\n"
  "2025-02-14,E,qualified,800,0.25,south\n"
  "2025-02-15,C,proposal,3000,0.50,south\n"
  "2025-02-18,G,won,5000,1.00,north\n"
  "2025-02-20,A,negotiation,1000,0.75,north\n"
  "2025-02-22,J,lost,4000,0.00,north\n"
  "2025-02-25,B,lost,2000,0.00,south\n"
  "2025-02-26,K,won,6000,1.00,south\n"
  "2025-02-27,H,lead,700,0.10,north\n"
  "2025-03-02,E,lost,800,0.00,south\n"
  "2025-03-05,A,won,1000,1.00,north\n"
  "2025-03-05,F,lead,1500,0.10,east\n"
  "2025-03-10,H,qualified,700,0.25,north\n";

static KpiFunnel *
new_funnel (KpiDataset *ds)
{
  GError *error = NULL;
  KpiFunnel *funnel = kpi_funnel_new (ds, "opportunity", "stage", STAGES, N_STAGES, &error);

  ck_assert_msg (funnel != NULL, "%s", error != NULL ? error->message : "");
  return funnel;
}

static KpiCalendar *
utc_calendar (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();

  return kpi_calendar_new (zone, 1, NULL);
}

static void
assert_counts (const KpiFunnelResult *r, const guint *expected)
{
  gsize n = 0;
  const guint *counts = kpi_funnel_result_get_counts (r, &n);

  ck_assert_uint_eq (n, N_STAGES);
  ck_assert_uint_eq (kpi_funnel_result_get_n_stages (r), N_STAGES);
  for (guint k = 0; k < N_STAGES; k++)
    {
      ck_assert_msg (counts[k] == expected[k], "stage %s: %u entities, expected %u",
                     STAGES[k], counts[k], expected[k]);
      ck_assert_uint_eq (kpi_funnel_result_get_stage_count (r, k), expected[k]);
      ck_assert_str_eq (kpi_funnel_result_get_stage_name (r, k), STAGES[k]);
    }
}

static void
assert_conversion (const KpiFunnelResult *r, guint k, double expected, KpiFunnelFlags flags)
{
  double rate = -1;

  ck_assert (kpi_funnel_result_get_conversion (r, k, &rate));
  ck_assert_msg (fabs (rate - expected) < 1e-12, "conversion %u: %g, expected %g", k, rate, expected);
  ck_assert_int_eq (kpi_funnel_result_get_conversion_flags (r, k), flags);
}

/* ------------------------------------------------------------------------ */

START_TEST (test_cohort)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (events_csv, NULL);
  g_autoptr(KpiFunnel) funnel = new_funnel (ds);
  g_autoptr(KpiCalendar) calendar = utc_calendar ();
  g_autoptr(KpiPeriod) feb = kpi_test_parse_period (calendar, "2025-02");
  g_autoptr(KpiFunnelResult) r = NULL;
  static const guint expected[] = { 5, 4, 2, 1, 1 };
  GError *error = NULL;
  double rate;
  gint64 as_of;

  r = kpi_funnel_evaluate (funnel, NULL, feb, KPI_FUNNEL_BASIS_COHORT, &error);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (kpi_funnel_result_get_basis (r), KPI_FUNNEL_BASIS_COHORT);
  ck_assert_str_eq (kpi_period_get_label (kpi_funnel_result_get_period (r)), "2025-02");
  ck_assert (!kpi_funnel_result_get_as_of (r, &as_of));
  ck_assert_ptr_null (kpi_funnel_result_get_group (r));
  assert_counts (r, expected);
  /* the cohort: A B D E H */
  ck_assert_uint_eq (kpi_funnel_result_get_n_entities (r), 5);
  ck_assert_uint_eq (kpi_funnel_result_get_n_ignored_rows (r), 2);

  assert_conversion (r, 0, 4.0 / 5.0, KPI_FUNNEL_FLAG_NONE);
  assert_conversion (r, 1, 2.0 / 4.0, KPI_FUNNEL_FLAG_NONE);
  assert_conversion (r, 2, 1.0 / 2.0, KPI_FUNNEL_FLAG_NONE);
  assert_conversion (r, 3, 1.0, KPI_FUNNEL_FLAG_NONE);
  ck_assert (kpi_funnel_result_get_overall_conversion (r, &rate));
  ck_assert_double_eq_tol (rate, 0.2, 1e-12);
  ck_assert_int_eq (kpi_funnel_result_get_flags (r), KPI_FUNNEL_FLAG_NONE);

  /* losses 1, 2, 1, 0: `qualified` loses the most; its 50 % ties with
   * `proposal` for the lowest rate, and the earlier stage wins the tie */
  ck_assert_int_eq (kpi_funnel_result_get_biggest_drop_off (r), 1);
  ck_assert_int_eq (kpi_funnel_result_get_biggest_relative_drop_off (r), 1);
}
END_TEST

START_TEST (test_period_basis)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (events_csv, NULL);
  g_autoptr(KpiFunnel) funnel = new_funnel (ds);
  g_autoptr(KpiCalendar) calendar = utc_calendar ();
  g_autoptr(KpiPeriod) feb = kpi_test_parse_period (calendar, "2025-02");
  g_autoptr(KpiFunnelResult) r = NULL;
  static const guint expected[] = { 5, 4, 3, 4, 2 };
  const double *conversions;
  gsize n;
  double rate;

  r = kpi_funnel_evaluate (funnel, calendar, feb, KPI_FUNNEL_BASIS_PERIOD, NULL);
  ck_assert_int_eq (kpi_funnel_result_get_basis (r), KPI_FUNNEL_BASIS_PERIOD);
  assert_counts (r, expected);
  /* everyone with an event in February: all but F */
  ck_assert_uint_eq (kpi_funnel_result_get_n_entities (r), 9);

  assert_conversion (r, 0, 4.0 / 5.0, KPI_FUNNEL_FLAG_NONE);
  assert_conversion (r, 1, 3.0 / 4.0, KPI_FUNNEL_FLAG_NONE);
  /* 4 negotiations for 3 proposals: not a rate, reported as 1 and flagged */
  assert_conversion (r, 2, 1.0, KPI_FUNNEL_FLAG_CLAMPED);
  assert_conversion (r, 3, 2.0 / 4.0, KPI_FUNNEL_FLAG_NONE);
  ck_assert (kpi_funnel_result_get_overall_conversion (r, &rate));
  ck_assert_double_eq_tol (rate, 2.0 / 5.0, 1e-12);
  ck_assert_int_eq (kpi_funnel_result_get_flags (r), KPI_FUNNEL_FLAG_CLAMPED);

  conversions = kpi_funnel_result_get_conversions (r, &n);
  ck_assert_uint_eq (n, N_STAGES - 1);
  for (gsize k = 0; k < n; k++)
    ck_assert (conversions[k] >= 0.0 && conversions[k] <= 1.0);

  /* losses 1, 1, -, 2: negotiation -> won loses the most, at 50 % the
   * lowest rate too; the clamped step is neither */
  ck_assert_int_eq (kpi_funnel_result_get_biggest_drop_off (r), 3);
  ck_assert_int_eq (kpi_funnel_result_get_biggest_relative_drop_off (r), 3);
}
END_TEST

/* The calendar's "now" is the horizon: on 20 February at noon, H has not
 * entered yet, A's won is in the future, and the period is partial. */
START_TEST (test_as_of)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (events_csv, NULL);
  g_autoptr(KpiFunnel) funnel = new_funnel (ds);
  g_autoptr(KpiCalendar) calendar = utc_calendar ();
  g_autoptr(KpiPeriod) feb = NULL;
  g_autoptr(KpiFunnelResult) cohort = NULL, period = NULL;
  static const guint expected_cohort[] = { 4, 3, 2, 1, 0 };
  /* lead ABDE, qualified ABCE, proposal ABC, negotiation AGJK, won G */
  static const guint expected_period[] = { 4, 4, 3, 4, 1 };
  gint64 now = kpi_test_utc (2025, 2, 20, 12, 0), as_of = 0;
  double rate = -1;

  kpi_calendar_set_now (calendar, now);
  feb = kpi_test_parse_period (calendar, "2025-02");
  cohort = kpi_funnel_evaluate (funnel, calendar, feb, KPI_FUNNEL_BASIS_COHORT, NULL);
  assert_counts (cohort, expected_cohort);
  ck_assert_uint_eq (kpi_funnel_result_get_n_entities (cohort), 4);
  ck_assert (kpi_funnel_result_get_as_of (cohort, &as_of));
  ck_assert (as_of == now);
  ck_assert (kpi_funnel_result_get_flags (cohort) & KPI_FUNNEL_FLAG_PARTIAL_PERIOD);
  assert_conversion (cohort, 3, 0.0, KPI_FUNNEL_FLAG_NONE);
  ck_assert (kpi_funnel_result_get_overall_conversion (cohort, &rate));
  ck_assert_double_eq (rate, 0.0);

  period = kpi_funnel_evaluate (funnel, calendar, feb, KPI_FUNNEL_BASIS_PERIOD, NULL);
  assert_counts (period, expected_period);
  ck_assert_uint_eq (kpi_funnel_result_get_n_entities (period), 8);
  ck_assert (kpi_funnel_result_get_flags (period) & KPI_FUNNEL_FLAG_PARTIAL_PERIOD);

  /* A February made by a calendar that lives after February is complete,
   * but evaluated as of 20 February it is partial still. */
  {
    g_autoptr(KpiCalendar) today = utc_calendar ();
    g_autoptr(KpiPeriod) complete = kpi_test_parse_period (today, "2025-02");
    g_autoptr(KpiFunnelResult) then = NULL, now_result = NULL;

    ck_assert (!kpi_period_is_partial (complete));
    then = kpi_funnel_evaluate (funnel, calendar, complete, KPI_FUNNEL_BASIS_COHORT, NULL);
    ck_assert (kpi_funnel_result_get_flags (then) & KPI_FUNNEL_FLAG_PARTIAL_PERIOD);
    now_result = kpi_funnel_evaluate (funnel, today, complete, KPI_FUNNEL_BASIS_COHORT, NULL);
    ck_assert (!(kpi_funnel_result_get_flags (now_result) & KPI_FUNNEL_FLAG_PARTIAL_PERIOD));
  }

  /* An event at the very instant of "now" has happened: A's negotiation,
   * on 20 February at 00:00, one microsecond later or not. */
  for (int late = 0; late <= 1; late++)
    {
      g_autoptr(KpiFunnelResult) r = NULL;

      kpi_calendar_set_now (calendar, kpi_test_utc (2025, 2, 20, 0, 0) - late);
      r = kpi_funnel_evaluate (funnel, calendar, feb, KPI_FUNNEL_BASIS_COHORT, NULL);
      ck_assert_uint_eq (kpi_funnel_result_get_stage_count (r, 3), late ? 0 : 1);
    }
}
END_TEST

/* Events outside the period: nobody entered in December, and in March only
 * F entered (cohort) while A won, E was lost, H and F progressed. */
START_TEST (test_other_periods)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (events_csv, NULL);
  g_autoptr(KpiFunnel) funnel = new_funnel (ds);
  g_autoptr(KpiCalendar) calendar = utc_calendar ();
  g_autoptr(KpiPeriod) dec = kpi_test_parse_period (calendar, "2024-12");
  g_autoptr(KpiPeriod) mar = kpi_test_parse_period (calendar, "2025-03");
  g_autoptr(KpiPeriod) jan = kpi_test_parse_period (calendar, "2025-01");
  g_autoptr(KpiFunnelResult) empty = NULL, cohort = NULL, period = NULL, jan_cohort = NULL;
  static const guint zero[] = { 0, 0, 0, 0, 0 };
  static const guint expected_mar_cohort[] = { 1, 0, 0, 0, 0 };
  static const guint expected_mar_period[] = { 1, 1, 0, 0, 1 };
  /* C G J K entered in January: all reached proposal, G J K negotiation,
   * G K won (in February) */
  static const guint expected_jan_cohort[] = { 4, 4, 4, 3, 2 };
  double rate = 0;

  empty = kpi_funnel_evaluate (funnel, NULL, dec, KPI_FUNNEL_BASIS_COHORT, NULL);
  assert_counts (empty, zero);
  ck_assert_uint_eq (kpi_funnel_result_get_n_entities (empty), 0);
  for (guint k = 0; k + 1 < N_STAGES; k++)
    {
      ck_assert (!kpi_funnel_result_get_conversion (empty, k, &rate));
      ck_assert (isnan (rate));
      ck_assert_int_eq (kpi_funnel_result_get_conversion_flags (empty, k),
                        KPI_FUNNEL_FLAG_DIVISION_BY_ZERO);
    }
  ck_assert (!kpi_funnel_result_get_overall_conversion (empty, NULL));
  ck_assert_int_eq (kpi_funnel_result_get_flags (empty), KPI_FUNNEL_FLAG_DIVISION_BY_ZERO);
  ck_assert_int_eq (kpi_funnel_result_get_biggest_drop_off (empty), -1);
  ck_assert_int_eq (kpi_funnel_result_get_biggest_relative_drop_off (empty), -1);

  cohort = kpi_funnel_evaluate (funnel, NULL, mar, KPI_FUNNEL_BASIS_COHORT, NULL);
  assert_counts (cohort, expected_mar_cohort);
  assert_conversion (cohort, 0, 0.0, KPI_FUNNEL_FLAG_NONE);
  ck_assert (!kpi_funnel_result_get_conversion (cohort, 1, NULL));

  /* F's lead, H's qualification, A's won (E's `lost` is no stage) */
  period = kpi_funnel_evaluate (funnel, NULL, mar, KPI_FUNNEL_BASIS_PERIOD, NULL);
  assert_counts (period, expected_mar_period);
  ck_assert_uint_eq (kpi_funnel_result_get_n_entities (period), 4);
  assert_conversion (period, 0, 1.0, KPI_FUNNEL_FLAG_NONE);
  assert_conversion (period, 1, 0.0, KPI_FUNNEL_FLAG_NONE);
  ck_assert_int_eq (kpi_funnel_result_get_conversion_flags (period, 2),
                    KPI_FUNNEL_FLAG_DIVISION_BY_ZERO);
  ck_assert_int_eq (kpi_funnel_result_get_conversion_flags (period, 3),
                    KPI_FUNNEL_FLAG_DIVISION_BY_ZERO);
  /* won by A, whose lead was in February: 1 of 1 */
  ck_assert (kpi_funnel_result_get_overall_conversion (period, &rate));
  ck_assert_double_eq (rate, 1.0);

  jan_cohort = kpi_funnel_evaluate (funnel, NULL, jan, KPI_FUNNEL_BASIS_COHORT, NULL);
  assert_counts (jan_cohort, expected_jan_cohort);
}
END_TEST

/* Period-basis counts add up over periods: each entity reaches each stage
 * once. Cohort counts never grow along the funnel. */
START_TEST (test_additivity)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (events_csv, NULL);
  g_autoptr(KpiFunnel) funnel = new_funnel (ds);
  g_autoptr(KpiCalendar) calendar = utc_calendar ();
  const char *labels[] = { "2025-01", "2025-02", "2025-03" };
  /* all ten opportunities reached lead, A B C E G H J K qualified, ... */
  static const guint all_time[] = { 10, 8, 6, 4, 3 };
  guint sum[N_STAGES] = { 0 };

  for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autoptr(KpiPeriod) p = kpi_test_parse_period (calendar, labels[i]);
      g_autoptr(KpiFunnelResult) r = kpi_funnel_evaluate (funnel, NULL, p, KPI_FUNNEL_BASIS_PERIOD, NULL);
      g_autoptr(KpiFunnelResult) c = kpi_funnel_evaluate (funnel, NULL, p, KPI_FUNNEL_BASIS_COHORT, NULL);

      for (guint k = 0; k < N_STAGES; k++)
        {
          sum[k] += kpi_funnel_result_get_stage_count (r, k);
          if (k > 0)
            ck_assert_uint_le (kpi_funnel_result_get_stage_count (c, k),
                               kpi_funnel_result_get_stage_count (c, k - 1));
        }
    }
  for (guint k = 0; k < N_STAGES; k++)
    ck_assert_uint_eq (sum[k], all_time[k]);
}
END_TEST

/* Drop-offs on a funnel built to order: 8 leads, 4 qualified, 3 proposals,
 * 1 negotiation, 1 won. Losses 4, 1, 2, 0: the first step loses the most
 * entities; proposal -> negotiation (1 of 3) has the lowest rate. */
static void
append_entity (KpiDataset *ds, const char *id, guint last_stage)
{
  for (guint k = 0; k <= last_stage; k++)
    {
      const char *dims[] = { id, STAGES[k] };
      double measures[] = { 100.0 };

      ck_assert (kpi_dataset_append_row (ds, kpi_test_utc (2025, 4, 1 + (int) k, 0, 0), dims, 2, measures, 1, NULL));
    }
}

START_TEST (test_drop_off)
{
  g_autoptr(KpiDataset) ds = kpi_dataset_new ("date");
  g_autoptr(KpiFunnel) funnel = NULL;
  g_autoptr(KpiCalendar) calendar = utc_calendar ();
  g_autoptr(KpiPeriod) apr = kpi_test_parse_period (calendar, "2025-04");
  g_autoptr(KpiFunnelResult) r = NULL, flat = NULL;
  static const guint last[] = { 0, 0, 0, 0, 1, 2, 2, 4 };
  static const guint expected[] = { 8, 4, 3, 1, 1 };

  ck_assert (kpi_dataset_add_column (ds, "opportunity", KPI_COLUMN_DIMENSION, NULL));
  ck_assert (kpi_dataset_add_column (ds, "stage", KPI_COLUMN_DIMENSION, NULL));
  ck_assert (kpi_dataset_add_column (ds, "amount", KPI_COLUMN_MEASURE, NULL));
  /* a funnel made before the rows come sees them */
  funnel = new_funnel (ds);
  for (guint i = 0; i < G_N_ELEMENTS (last); i++)
    {
      g_autofree char *id = g_strdup_printf ("O%u", i);
      append_entity (ds, id, last[i]);
    }

  r = kpi_funnel_evaluate (funnel, NULL, apr, KPI_FUNNEL_BASIS_COHORT, NULL);
  assert_counts (r, expected);
  ck_assert_int_eq (kpi_funnel_result_get_biggest_drop_off (r), 0);
  ck_assert_int_eq (kpi_funnel_result_get_biggest_relative_drop_off (r), 2);

  /* Nobody lost along the way: no drop-off at all. */
  {
    g_autoptr(KpiDataset) ds2 = kpi_dataset_new ("date");
    g_autoptr(KpiFunnel) f2 = NULL;

    ck_assert (kpi_dataset_add_column (ds2, "opportunity", KPI_COLUMN_DIMENSION, NULL));
    ck_assert (kpi_dataset_add_column (ds2, "stage", KPI_COLUMN_DIMENSION, NULL));
    ck_assert (kpi_dataset_add_column (ds2, "amount", KPI_COLUMN_MEASURE, NULL));
    append_entity (ds2, "X", 4);
    append_entity (ds2, "Y", 4);
    f2 = new_funnel (ds2);
    flat = kpi_funnel_evaluate (f2, NULL, apr, KPI_FUNNEL_BASIS_COHORT, NULL);
    ck_assert_int_eq (kpi_funnel_result_get_biggest_drop_off (flat), -1);
    ck_assert_int_eq (kpi_funnel_result_get_biggest_relative_drop_off (flat), -1);
    assert_conversion (flat, 0, 1.0, KPI_FUNNEL_FLAG_NONE);
  }
}
END_TEST

START_TEST (test_group_by)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (events_csv, NULL);
  g_autoptr(KpiFunnel) funnel = new_funnel (ds);
  g_autoptr(KpiCalendar) calendar = utc_calendar ();
  g_autoptr(KpiPeriod) feb = kpi_test_parse_period (calendar, "2025-02");
  g_autoptr(GPtrArray) groups = NULL;
  GError *error = NULL;
  /* cohort A B D E H: north A H, south B E, D without a region */
  static const guint north[] = { 2, 2, 1, 1, 1 };
  static const guint south[] = { 2, 2, 1, 0, 0 };
  static const guint none[] = { 1, 0, 0, 0, 0 };

  groups = kpi_funnel_evaluate_by (funnel, NULL, feb, KPI_FUNNEL_BASIS_COHORT, "region", &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (groups->len, 3);
  ck_assert_str_eq (kpi_funnel_result_get_group (g_ptr_array_index (groups, 0)), "north");
  assert_counts (g_ptr_array_index (groups, 0), north);
  ck_assert_str_eq (kpi_funnel_result_get_group (g_ptr_array_index (groups, 1)), "south");
  assert_counts (g_ptr_array_index (groups, 1), south);
  ck_assert_ptr_null (kpi_funnel_result_get_group (g_ptr_array_index (groups, 2)));
  assert_counts (g_ptr_array_index (groups, 2), none);
  g_clear_pointer (&groups, g_ptr_array_unref);

  /* the period basis: groups add up to the total */
  {
    g_autoptr(KpiFunnelResult) total =
      kpi_funnel_evaluate (funnel, NULL, feb, KPI_FUNNEL_BASIS_PERIOD, NULL);
    guint sum[N_STAGES] = { 0 }, entities = 0;

    groups = kpi_funnel_evaluate_by (funnel, NULL, feb, KPI_FUNNEL_BASIS_PERIOD, "region", NULL);
    for (guint i = 0; i < groups->len; i++)
      {
        const KpiFunnelResult *r = g_ptr_array_index (groups, i);

        entities += kpi_funnel_result_get_n_entities (r);
        for (guint k = 0; k < N_STAGES; k++)
          sum[k] += kpi_funnel_result_get_stage_count (r, k);
      }
    assert_counts (total, sum);
    ck_assert_uint_eq (entities, kpi_funnel_result_get_n_entities (total));
  }

  /* Of two first events at the same time, the first row gives the group. */
  {
    g_autoptr(KpiDataset) tie = kpi_test_load ("date,opportunity,stage,region\n"
                                               "2025-02-03,X,lead,west\n"
                                               "2025-02-03,X,qualified,east\n", NULL);
    g_autoptr(KpiFunnel) f = new_funnel (tie);
    g_autoptr(GPtrArray) r = kpi_funnel_evaluate_by (f, NULL, feb, KPI_FUNNEL_BASIS_COHORT, "region", NULL);

    ck_assert_uint_eq (r->len, 1);
    ck_assert_str_eq (kpi_funnel_result_get_group (g_ptr_array_index (r, 0)), "west");
  }

  ck_assert_ptr_null (kpi_funnel_evaluate_by (funnel, NULL, feb, KPI_FUNNEL_BASIS_COHORT, "amount", &error));
  ck_assert (g_error_matches (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_COLUMN_KIND));
  g_clear_error (&error);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Weighted pipeline                                                        */

static void
assert_pipeline (const KpiFunnelPipeline *p, guint n_open, double open, double weighted)
{
  ck_assert_uint_eq (kpi_funnel_pipeline_get_n_open (p), n_open);
  ck_assert_double_eq_tol (kpi_funnel_pipeline_get_open_amount (p), open, 1e-9);
  ck_assert_double_eq_tol (kpi_funnel_pipeline_get_weighted_amount (p), weighted, 1e-9);
}

START_TEST (test_pipeline)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (events_csv, NULL);
  g_autoptr(KpiFunnel) funnel = new_funnel (ds);
  g_autoptr(KpiCalendar) calendar = utc_calendar ();
  g_autoptr(KpiPeriod) feb = kpi_test_parse_period (calendar, "2025-02");
  g_autoptr(KpiFunnelPipeline) mid = NULL, end = NULL, policy = NULL;
  GError *error = NULL;
  gint64 at = kpi_test_utc (2025, 2, 15, 0, 0);

  ck_assert (kpi_funnel_set_amount_column (funnel, "amount", &error));
  ck_assert (kpi_funnel_set_probability_column (funnel, "probability", &error));
  ck_assert_str_eq (kpi_funnel_get_amount_column (funnel), "amount");
  ck_assert_str_eq (kpi_funnel_get_probability_column (funnel), "probability");

  /* 15 February, 00:00 (C's proposal of that instant included):
   *   A B C at proposal (1000 + 2000 + 3000) x 0.5,  E qualified 800 x 0.25,
   *   G J K at negotiation (5000 + 4000 + 6000) x 0.75; D lost; F H not yet */
  mid = kpi_funnel_weighted_pipeline (funnel, at, &error);
  ck_assert_ptr_null (error);
  ck_assert (kpi_funnel_pipeline_get_at (mid) == at);
  assert_pipeline (mid, 7, 21800, 3000 + 200 + 11250);
  ck_assert_uint_eq (kpi_funnel_pipeline_get_n_stages (mid), N_STAGES);
  ck_assert_str_eq (kpi_funnel_pipeline_get_stage_name (mid, 2), "proposal");
  ck_assert_uint_eq (kpi_funnel_pipeline_get_stage_n_open (mid, 0), 0);
  ck_assert_uint_eq (kpi_funnel_pipeline_get_stage_n_open (mid, 1), 1);
  ck_assert_uint_eq (kpi_funnel_pipeline_get_stage_n_open (mid, 2), 3);
  ck_assert_uint_eq (kpi_funnel_pipeline_get_stage_n_open (mid, 3), 3);
  ck_assert_uint_eq (kpi_funnel_pipeline_get_stage_n_open (mid, 4), 0);
  ck_assert_double_eq_tol (kpi_funnel_pipeline_get_stage_open_amount (mid, 2), 6000, 1e-9);
  ck_assert_double_eq_tol (kpi_funnel_pipeline_get_stage_weighted_amount (mid, 2), 3000, 1e-9);
  ck_assert_double_eq_tol (kpi_funnel_pipeline_get_stage_weighted_amount (mid, 3), 11250, 1e-9);
  ck_assert_uint_eq (kpi_funnel_pipeline_get_n_without_amount (mid), 0);
  ck_assert_uint_eq (kpi_funnel_pipeline_get_n_without_probability (mid), 0);

  /* End of February: A negotiation 1000 x 0.75, C proposal 3000 x 0.5,
   * E qualified 800 x 0.25, H lead 700 x 0.1; B D J lost, G K won */
  end = kpi_funnel_weighted_pipeline_at_end (funnel, feb, &error);
  ck_assert (kpi_funnel_pipeline_get_at (end) == kpi_period_get_end (feb) - 1);
  assert_pipeline (end, 4, 5500, 750 + 1500 + 200 + 70);

  /* A stage probability overrides the column: proposals at 40 % */
  ck_assert (kpi_funnel_set_stage_probability (funnel, "proposal", 0.4, &error));
  policy = kpi_funnel_weighted_pipeline (funnel, at, NULL);
  assert_pipeline (policy, 7, 21800, 2400 + 200 + 11250);
}
END_TEST

/* Same-day events in an unhelpful row order, a stage that is neither listed
 * nor closed, missing amounts and probabilities. */
static const char tricky_csv[] =
  "date,opportunity,stage,amount,probability\n"
  "2025-05-02,P,qualified,100,0.25\n"
  "2025-05-02,P,lead,90,0.10\n"       /* same day: P is qualified, at 100 */
  "2025-05-02,Q,lost,200,0.00\n"
  "2025-05-02,Q,lead,200,0.10\n"      /* same day: Q is lost */
  "2025-05-02,R,lead,,0.10\n"         /* no amount yet */
  "2025-05-03,S,lead,400,\n"          /* no probability */
  "2025-05-03,T,lead,500,0.10\n"
  "2025-05-04,T,on-hold,600,0.05\n"   /* not listed; amount revised */
  "2025-05-05,R,qualified,300,0.25\n";

START_TEST (test_pipeline_details)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (tricky_csv, NULL);
  g_autoptr(KpiFunnel) funnel = new_funnel (ds);
  g_autoptr(KpiFunnelPipeline) p = NULL, held = NULL, later = NULL;
  static const char * const closed[] = { "won", "lost" };
  gint64 day4 = kpi_test_utc (2025, 5, 4, 12, 0);

  ck_assert (kpi_funnel_set_amount_column (funnel, "amount", NULL));
  ck_assert (kpi_funnel_set_probability_column (funnel, "probability", NULL));

  /* By default `on-hold`, not listed, closes T like `lost`. */
  ck_assert (kpi_funnel_is_closed_stage (funnel, "won"));
  ck_assert (kpi_funnel_is_closed_stage (funnel, "lost"));
  ck_assert (kpi_funnel_is_closed_stage (funnel, "on-hold"));
  ck_assert (!kpi_funnel_is_closed_stage (funnel, "lead"));
  ck_assert (!kpi_funnel_is_closed_stage (funnel, "negotiation"));

  /* P qualified 100 x 0.25; R open without an amount; S 400 without a
   * probability; Q lost; T on hold (closed) */
  p = kpi_funnel_weighted_pipeline (funnel, day4, NULL);
  assert_pipeline (p, 3, 100 + 400, 25);
  ck_assert_uint_eq (kpi_funnel_pipeline_get_n_without_amount (p), 1);
  ck_assert_uint_eq (kpi_funnel_pipeline_get_n_without_probability (p), 1);
  ck_assert_uint_eq (kpi_funnel_pipeline_get_stage_n_open (p, 0), 2);
  ck_assert_uint_eq (kpi_funnel_pipeline_get_stage_n_open (p, 1), 1);

  /* With won and lost the only closed stages, T stays open on hold, in the
   * totals only, at its revised amount and the probability of its event. */
  kpi_funnel_set_closed_stages (funnel, closed, G_N_ELEMENTS (closed));
  ck_assert (!kpi_funnel_is_closed_stage (funnel, "on-hold"));
  ck_assert (kpi_funnel_is_closed_stage (funnel, "lost"));
  held = kpi_funnel_weighted_pipeline (funnel, day4, NULL);
  assert_pipeline (held, 4, 100 + 400 + 600, 25 + 30);
  ck_assert_uint_eq (kpi_funnel_pipeline_get_stage_n_open (held, 0)
                     + kpi_funnel_pipeline_get_stage_n_open (held, 1), 3);

  /* R gets its amount when qualified; S has a stage probability now */
  ck_assert (kpi_funnel_set_stage_probability (funnel, "lead", 0.1, NULL));
  later = kpi_funnel_weighted_pipeline (funnel, kpi_test_utc (2025, 5, 6, 0, 0), NULL);
  assert_pipeline (later, 4, 100 + 300 + 400 + 600, 25 + 75 + 40 + 30);
  ck_assert_uint_eq (kpi_funnel_pipeline_get_n_without_amount (later), 0);
  ck_assert_uint_eq (kpi_funnel_pipeline_get_n_without_probability (later), 0);

  /* back to the default */
  kpi_funnel_set_closed_stages (funnel, NULL, 0);
  ck_assert (kpi_funnel_is_closed_stage (funnel, "on-hold"));
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */

static void
assert_new_fails (KpiDataset *ds, const char *entity, const char *stage,
                  const char * const *stages, gsize n, int code, const char *fragment)
{
  GError *error = NULL;
  KpiFunnel *funnel = kpi_funnel_new (ds, entity, stage, stages, n, &error);

  ck_assert_ptr_null (funnel);
  ck_assert_msg (g_error_matches (error, KPI_FUNNEL_ERROR, code), "code %d: %s",
                 error != NULL ? error->code : -1, error != NULL ? error->message : "no error");
  ck_assert_msg (strstr (error->message, fragment) != NULL, "“%s” not in “%s”", fragment, error->message);
  g_error_free (error);
}

START_TEST (test_errors)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (events_csv, NULL);
  g_autoptr(KpiFunnel) funnel = new_funnel (ds);
  static const char * const dup[] = { "lead", "won", "lead" };
  static const char * const blank[] = { "lead", "" };
  GError *error = NULL;

  assert_new_fails (ds, "opportunity", "stage", STAGES, 0, KPI_FUNNEL_ERROR_INVALID_STAGES, "at least one stage");
  assert_new_fails (ds, "opportunity", "stage", NULL, 0, KPI_FUNNEL_ERROR_INVALID_STAGES, "at least one stage");
  assert_new_fails (ds, "opportunity", "stage", dup, 3, KPI_FUNNEL_ERROR_INVALID_STAGES, "“lead” is listed twice");
  assert_new_fails (ds, "opportunity", "stage", blank, 2, KPI_FUNNEL_ERROR_INVALID_STAGES, "stage 2");
  assert_new_fails (ds, "deal", "stage", STAGES, N_STAGES, KPI_FUNNEL_ERROR_UNKNOWN_COLUMN, "entity column “deal”");
  assert_new_fails (ds, "opportunity", "step", STAGES, N_STAGES, KPI_FUNNEL_ERROR_UNKNOWN_COLUMN, "stage column “step”");
  /* a near miss is suggested; a name that is not UTF-8 stays out of the message */
  assert_new_fails (ds, "oportunity", "stage", STAGES, N_STAGES, KPI_FUNNEL_ERROR_UNKNOWN_COLUMN,
                    "the entity column “oportunity” is not a column of the dataset; did you mean “opportunity”?");
  assert_new_fails (ds, "opportunity", "stag\xff", STAGES, N_STAGES, KPI_FUNNEL_ERROR_UNKNOWN_COLUMN,
                    "stage column “stag\xef\xbf\xbd”");
  assert_new_fails (ds, "amount", "stage", STAGES, N_STAGES, KPI_FUNNEL_ERROR_COLUMN_KIND, "must be a dimension, but it is a measure");
  assert_new_fails (ds, "opportunity", "date", STAGES, N_STAGES, KPI_FUNNEL_ERROR_COLUMN_KIND, "the time column");
  assert_new_fails (ds, "stage", "stage", STAGES, N_STAGES, KPI_FUNNEL_ERROR_COLUMN_KIND, "must differ");

  ck_assert (!kpi_funnel_set_amount_column (funnel, "region", &error));
  ck_assert (g_error_matches (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_COLUMN_KIND));
  ck_assert_ptr_nonnull (strstr (error->message, "must be a measure, but it is a dimension"));
  g_clear_error (&error);
  ck_assert (!kpi_funnel_set_probability_column (funnel, "p", &error));
  ck_assert (g_error_matches (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_UNKNOWN_COLUMN));
  g_clear_error (&error);
  ck_assert_ptr_null (kpi_funnel_get_amount_column (funnel));

  ck_assert_ptr_null (kpi_funnel_weighted_pipeline (funnel, 0, &error));
  ck_assert (g_error_matches (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_NO_AMOUNT));
  g_clear_error (&error);
  ck_assert (kpi_funnel_set_amount_column (funnel, "amount", NULL));
  ck_assert_ptr_null (kpi_funnel_weighted_pipeline (funnel, 0, &error));
  ck_assert (g_error_matches (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_NO_PROBABILITY));
  g_clear_error (&error);

  ck_assert (!kpi_funnel_set_stage_probability (funnel, "lead", 1.5, &error));
  ck_assert (g_error_matches (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_INVALID_PROBABILITY));
  g_clear_error (&error);
  ck_assert (!kpi_funnel_set_stage_probability (funnel, "lead", NAN, &error));
  ck_assert (g_error_matches (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_INVALID_PROBABILITY));
  g_clear_error (&error);
  ck_assert (!kpi_funnel_set_stage_probability (funnel, "lead", -0.1, &error));
  g_clear_error (&error);
  /* a refused probability leaves no stage probability behind */
  ck_assert_ptr_null (kpi_funnel_weighted_pipeline (funnel, 0, &error));
  ck_assert (g_error_matches (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_NO_PROBABILITY));
  g_clear_error (&error);
}
END_TEST

START_TEST (test_accessors)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (events_csv, NULL);
  g_autoptr(KpiFunnel) funnel = new_funnel (ds);
  const char * const *stages = kpi_funnel_get_stages (funnel);
  g_autoptr(KpiDataset) prop_ds = NULL;
  g_autofree char *entity = NULL;
  guint notified = 0;

  ck_assert_ptr_eq (kpi_funnel_get_dataset (funnel), ds);
  ck_assert_str_eq (kpi_funnel_get_entity_column (funnel), "opportunity");
  ck_assert_str_eq (kpi_funnel_get_stage_column (funnel), "stage");
  ck_assert_uint_eq (kpi_funnel_get_n_stages (funnel), N_STAGES);
  ck_assert_uint_eq (g_strv_length ((char **) stages), N_STAGES);
  for (guint k = 0; k < N_STAGES; k++)
    ck_assert_str_eq (stages[k], STAGES[k]);

  g_object_get (funnel, "dataset", &prop_ds, "entity-column", &entity, NULL);
  ck_assert_ptr_eq (prop_ds, ds);
  ck_assert_str_eq (entity, "opportunity");

  g_signal_connect (funnel, "notify::amount-column", G_CALLBACK (kpi_test_count_notify), &notified);
  ck_assert (kpi_funnel_set_amount_column (funnel, "amount", NULL));
  ck_assert (kpi_funnel_set_amount_column (funnel, "amount", NULL));
  ck_assert_uint_eq (notified, 1);
  ck_assert (kpi_funnel_set_amount_column (funnel, NULL, NULL));
  ck_assert_uint_eq (notified, 2);

  /* a result outlives its funnel and dataset */
  {
    g_autoptr(KpiCalendar) calendar = utc_calendar ();
    g_autoptr(KpiPeriod) feb = kpi_test_parse_period (calendar, "2025-02");
    KpiFunnelResult *r = kpi_funnel_evaluate (funnel, NULL, feb, KPI_FUNNEL_BASIS_COHORT, NULL);
    KpiFunnelResult *copy = g_boxed_copy (KPI_TYPE_FUNNEL_RESULT, r);

    ck_assert_ptr_eq (copy, r);
    kpi_funnel_result_unref (r);
    g_clear_object (&funnel);
    ck_assert_str_eq (kpi_funnel_result_get_stage_name (copy, 4), "won");
    g_boxed_free (KPI_TYPE_FUNNEL_RESULT, copy);
  }
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The generated sample, recounted here from the CSV text                   */

typedef struct
{
  gint64  first;              /* first event */
  gint64  stage_first[N_STAGES]; /* first event of each stage, or G_MAXINT64 */
  GArray *events;             /* Event, in file order */
  double  amount;
} Opp;

typedef struct
{
  gint64 time;
  int    stage;               /* index in STAGES, -1 for lost */
  double probability;
} Event;

static void
opp_free (gpointer p)
{
  Opp *o = p;

  g_array_unref (o->events);
  g_free (o);
}

static gint64
parse_date (const char *s)
{
  int y, m, d;

  ck_assert (sscanf (s, "%4d-%2d-%2d", &y, &m, &d) == 3);
  return kpi_test_utc (y, m, d, 0, 0);
}

/* opportunity id -> Opp, read with plain string splitting (the generator
 * writes no quotes, see docs/sample-data.md) */
static GHashTable *
read_opportunities (const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *opps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, opp_free);

  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  ck_assert_str_eq (lines[0], "date,opportunity,stage,amount,probability,rep,region");
  for (gsize i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);
      Event ev = { parse_date (f[0]), -1, g_ascii_strtod (f[4], NULL) };
      Opp *o = g_hash_table_lookup (opps, f[1]);

      ck_assert_uint_eq (g_strv_length (f), 7);
      for (guint k = 0; k < N_STAGES; k++)
        if (strcmp (f[2], STAGES[k]) == 0)
          ev.stage = (int) k;
      if (ev.stage < 0)
        ck_assert_str_eq (f[2], "lost");
      if (o == NULL)
        {
          o = g_new0 (Opp, 1);
          o->first = G_MAXINT64;
          for (guint k = 0; k < N_STAGES; k++)
            o->stage_first[k] = G_MAXINT64;
          o->events = g_array_new (FALSE, FALSE, sizeof (Event));
          g_hash_table_insert (opps, g_strdup (f[1]), o);
        }
      o->amount = g_ascii_strtod (f[3], NULL);
      o->first = MIN (o->first, ev.time);
      if (ev.stage >= 0)
        o->stage_first[ev.stage] = MIN (o->stage_first[ev.stage], ev.time);
      g_array_append_val (o->events, ev);
    }
  return opps;
}

/* The straightforward recount: reaching stage k means reaching any stage
 * at or after k, at the earliest such event. */
static void
recount (GHashTable *opps, gint64 start, gint64 end, KpiFunnelBasis basis, guint *counts)
{
  GHashTableIter iter;
  gpointer value;

  memset (counts, 0, N_STAGES * sizeof (guint));
  g_hash_table_iter_init (&iter, opps);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Opp *o = value;

      for (guint k = 0; k < N_STAGES; k++)
        {
          gint64 reached = G_MAXINT64;

          for (guint j = k; j < N_STAGES; j++)
            reached = MIN (reached, o->stage_first[j]);
          if (reached == G_MAXINT64)
            continue;
          if (basis == KPI_FUNNEL_BASIS_COHORT ? (o->first >= start && o->first < end)
                                               : (reached >= start && reached < end))
            counts[k]++;
        }
    }
}

static void
recount_pipeline (GHashTable *opps, gint64 at, guint *n_open, double *open, double *weighted)
{
  GHashTableIter iter;
  gpointer value;

  *n_open = 0;
  *open = *weighted = 0.0;
  g_hash_table_iter_init (&iter, opps);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Opp *o = value;
      const Event *latest = NULL;

      /* the sample never has two events of an opportunity on one day */
      for (guint i = 0; i < o->events->len; i++)
        {
          const Event *ev = &g_array_index (o->events, Event, i);
          if (ev->time <= at && (latest == NULL || ev->time > latest->time))
            latest = ev;
        }
      if (latest == NULL || latest->stage == -1 || latest->stage == N_STAGES - 1)
        continue;
      (*n_open)++;
      *open += o->amount;
      *weighted += o->amount * latest->probability;
    }
}

static char *
sample_path (void)
{
  const char *dir = g_getenv ("KPI_TEST_DATA");

  ck_assert_msg (dir != NULL, "KPI_TEST_DATA is not set");
  return g_build_filename (dir, "opportunities.csv", NULL);
}

START_TEST (test_sample)
{
  g_autofree char *path = sample_path ();
  g_autoptr(GHashTable) opps = read_opportunities (path);
  g_autoptr(KpiDataset) ds = kpi_dataset_new ("date");
  g_autoptr(KpiFunnel) funnel = NULL;
  g_autoptr(KpiCalendar) calendar = utc_calendar ();
  GError *error = NULL;
  guint checked = 0;

  ck_assert_msg (kpi_dataset_load_path (ds, path, NULL, &error), "%s", error ? error->message : "");
  funnel = new_funnel (ds);
  ck_assert_uint_ge (g_hash_table_size (opps), 500);

  /* every month of 2024 and 2025, both bases */
  for (int m = 0; m < 24; m++)
    for (int b = 0; b < 2; b++)
      {
        g_autofree char *label = g_strdup_printf ("%d-%02d", 2024 + m / 12, 1 + m % 12);
        g_autoptr(KpiPeriod) p = kpi_test_parse_period (calendar, label);
        KpiFunnelBasis basis = b == 0 ? KPI_FUNNEL_BASIS_COHORT : KPI_FUNNEL_BASIS_PERIOD;
        g_autoptr(KpiFunnelResult) r = kpi_funnel_evaluate (funnel, NULL, p, basis, NULL);
        guint expected[N_STAGES];
        double rate;

        recount (opps, kpi_period_get_start (p), kpi_period_get_end (p), basis, expected);
        assert_counts (r, expected);
        ck_assert_uint_eq (kpi_funnel_result_get_n_ignored_rows (r), 0);
        for (guint k = 0; k + 1 < N_STAGES; k++)
          {
            gboolean has = kpi_funnel_result_get_conversion (r, k, &rate);

            ck_assert (has == (expected[k] > 0));
            if (!has)
              continue;
            /* a rate can never exceed 100 % */
            ck_assert (rate >= 0.0 && rate <= 1.0);
            if (expected[k + 1] > expected[k])
              {
                ck_assert (basis == KPI_FUNNEL_BASIS_PERIOD);
                ck_assert_int_eq (kpi_funnel_result_get_conversion_flags (r, k), KPI_FUNNEL_FLAG_CLAMPED);
              }
            else
              ck_assert_double_eq_tol (rate, (double) expected[k + 1] / expected[k], 1e-15);
            checked++;
          }
        if (expected[0] > 0)
          {
            ck_assert (kpi_funnel_result_get_overall_conversion (r, &rate));
            ck_assert (rate >= 0.0 && rate <= 1.0);
          }
      }
  /* the comparison was not vacuous */
  ck_assert_uint_ge (checked, 150);

  /* weighted pipeline at two instants */
  ck_assert (kpi_funnel_set_amount_column (funnel, "amount", NULL));
  ck_assert (kpi_funnel_set_probability_column (funnel, "probability", NULL));
  {
    const gint64 instants[] = { kpi_test_utc (2024, 6, 30, 12, 0), kpi_test_utc (2025, 3, 31, 23, 0) };

    for (gsize i = 0; i < G_N_ELEMENTS (instants); i++)
      {
        g_autoptr(KpiFunnelPipeline) p = kpi_funnel_weighted_pipeline (funnel, instants[i], NULL);
        guint n_open;
        double open, weighted;

        recount_pipeline (opps, instants[i], &n_open, &open, &weighted);
        ck_assert_uint_gt (n_open, 10);
        ck_assert_uint_eq (kpi_funnel_pipeline_get_n_open (p), n_open);
        ck_assert_double_eq_tol (kpi_funnel_pipeline_get_open_amount (p), open, 1e-6 * open);
        ck_assert_double_eq_tol (kpi_funnel_pipeline_get_weighted_amount (p), weighted, 1e-6 * weighted);
        ck_assert (kpi_funnel_pipeline_get_weighted_amount (p) < kpi_funnel_pipeline_get_open_amount (p));
      }
  }
}
END_TEST

/* A stage the data never held counts no one: the result says so. */
START_TEST (test_unknown_stage)
{
  g_autoptr(KpiDataset) ds = kpi_test_load ("date,opportunity,stage\n"
                                            "2025-04-01,A,lead\n"
                                            "2025-04-02,A,qualified\n"
                                            "2025-04-03,A,won\n", NULL);
  static const char * const typo[] = { "lead", "qualified", "Won" };
  g_autoptr(KpiFunnel) funnel = kpi_funnel_new (ds, "opportunity", "stage", typo, 3, NULL);
  g_autoptr(KpiFunnel) good = kpi_funnel_new (ds, "opportunity", "stage", typo, 2, NULL);
  g_autoptr(KpiCalendar) calendar = utc_calendar ();
  g_autoptr(KpiPeriod) april = kpi_test_parse_period (calendar, "2025-04");
  g_autoptr(KpiFunnelResult) r = kpi_funnel_evaluate (funnel, calendar, april, KPI_FUNNEL_BASIS_COHORT, NULL);
  g_autoptr(KpiFunnelResult) ok = kpi_funnel_evaluate (good, calendar, april, KPI_FUNNEL_BASIS_COHORT, NULL);
  const char * const *warnings = kpi_funnel_result_get_warnings (r);

  ck_assert (kpi_funnel_result_get_flags (r) & KPI_FUNNEL_FLAG_UNKNOWN_STAGE);
  ck_assert_uint_eq (kpi_funnel_result_get_stage_count (r, 2), 0);
  ck_assert_ptr_nonnull (warnings);
  ck_assert_str_eq (warnings[0], "stage has no value “Won”; did you mean “won”?");
  ck_assert_ptr_null (warnings[1]);
  ck_assert (!(kpi_funnel_result_get_flags (ok) & KPI_FUNNEL_FLAG_UNKNOWN_STAGE));
  ck_assert_ptr_null (kpi_funnel_result_get_warnings (ok));
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "cohort", test_cohort },
    { "period-basis", test_period_basis },
    { "as-of", test_as_of },
    { "other-periods", test_other_periods },
    { "additivity", test_additivity },
    { "drop-off", test_drop_off },
    { "group-by", test_group_by },
    { "pipeline", test_pipeline },
    { "pipeline-details", test_pipeline_details },
    { "errors", test_errors },
    { "accessors", test_accessors },
    { "sample", test_sample },
    { "unknown-stage", test_unknown_stage },
  };

  return kpi_test_run ("funnel", cases, G_N_ELEMENTS (cases), 60);
}
