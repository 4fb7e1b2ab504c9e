/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiFormula: parsing (what is accepted, every error with its
 * column, inputs meant to break the parser), checking against a dataset,
 * and the semantics of evaluation on a small hand-built dataset whose
 * expected values are computed by hand in the comments. Evaluation tests
 * run twice, on the rows in time order (the evaluator scans row ranges)
 * and shuffled (it maps each row to its period by ordinal). */

#include <math.h>
#include <string.h>
#include <check.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

#include "kpi-formula-private.h"

/* ------------------------------------------------------------------------ */
/* Helpers */

static KpiCalendar *
utc_calendar (void)
{
  /* Mid-April 2025: April is partial, the months before are not. */
  return kpi_test_calendar_at ("2025-04-15T12:00:00Z", 1);
}

static GPtrArray *
periods_of (KpiCalendar *cal, const char *first, const char *last)
{
  g_autoptr(KpiPeriod) a = kpi_test_parse_period (cal, first);
  g_autoptr(KpiPeriod) b = kpi_test_parse_period (cal, last);

  return kpi_calendar_list_periods (cal, a, b);
}

/* The CRM rows of the semantic tests. Amounts, costs and scores of NAN are
 * missing, "" dimensions too.
 *
 *  #  date              channel region customer amount cost score
 *  0  2025-01-03        online  west   c1       100    60   9
 *  1  2025-01-05        store   east   c2        50    30   10
 *  2  2025-01-10        online  east   c1       NaN    10   6
 *  3  2025-01-15        mobile  west   c3        25   NaN   NaN
 *  4  2025-01-20        -       west   c4        75    40   8
 *  5  2025-01-31 23:00  online  west   c2        10     5   3
 *  6  2025-02-01        online  east   c1       200   120   9
 *  7  2025-02-14        store   west   c5        40    25   7
 *  8  2025-02-14        store   west   c5        60    35   9
 *     (March: no rows)
 *  9  2025-04-02        mobile  -      c2        30    20   10
 * 10  2025-04-03        online  east   -         20    10   5
 */
#define N_CRM 11
static const struct {
  int m, d, h;
  const char *channel, *region, *customer;
  double amount, cost, score;
} crm[N_CRM] = {
  { 1, 3, 0, "online", "west", "c1", 100, 60, 9 },
  { 1, 5, 0, "store", "east", "c2", 50, 30, 10 },
  { 1, 10, 0, "online", "east", "c1", NAN, 10, 6 },
  { 1, 15, 0, "mobile", "west", "c3", 25, NAN, NAN },
  { 1, 20, 0, "", "west", "c4", 75, 40, 8 },
  { 1, 31, 23, "online", "west", "c2", 10, 5, 3 },
  { 2, 1, 0, "online", "east", "c1", 200, 120, 9 },
  { 2, 14, 0, "store", "west", "c5", 40, 25, 7 },
  { 2, 14, 0, "store", "west", "c5", 60, 35, 9 },
  { 4, 2, 0, "mobile", "", "c2", 30, 20, 10 },
  { 4, 3, 0, "online", "east", "", 20, 10, 5 },
};

/* A row order that is not the time order, but keeps row 7 before row 8
 * (same time: first() and last() break ties by row order). */
static const int shuffled[N_CRM] = { 9, 4, 7, 0, 10, 2, 6, 8, 5, 1, 3 };

static KpiDataset *
crm_dataset (gboolean shuffle)
{
  KpiDataset *ds = kpi_dataset_new (NULL);
  gint64 times[N_CRM];
  const char *dims[N_CRM * 3];
  double meas[N_CRM * 3];
  GError *error = NULL;

  ck_assert (kpi_dataset_add_column (ds, "channel", KPI_COLUMN_DIMENSION, &error));
  ck_assert (kpi_dataset_add_column (ds, "region", KPI_COLUMN_DIMENSION, &error));
  ck_assert (kpi_dataset_add_column (ds, "customer", KPI_COLUMN_DIMENSION, &error));
  ck_assert (kpi_dataset_add_column (ds, "amount", KPI_COLUMN_MEASURE, &error));
  ck_assert (kpi_dataset_add_column (ds, "cost", KPI_COLUMN_MEASURE, &error));
  ck_assert (kpi_dataset_add_column (ds, "score", KPI_COLUMN_MEASURE, &error));
  for (int i = 0; i < N_CRM; i++)
    {
      int r = shuffle ? shuffled[i] : i;
      times[i] = kpi_test_utc (2025, crm[r].m, crm[r].d, crm[r].h, 0);
      dims[i * 3] = crm[r].channel;
      dims[i * 3 + 1] = crm[r].region;
      dims[i * 3 + 2] = crm[r].customer;
      meas[i * 3] = crm[r].amount;
      meas[i * 3 + 1] = crm[r].cost;
      meas[i * 3 + 2] = crm[r].score;
    }
  ck_assert (kpi_dataset_append_rows (ds, times, N_CRM, dims, N_CRM * 3, meas, N_CRM * 3, &error));
  ck_assert_ptr_null (error);
  return ds;
}

/* Evaluates @text, asserting success. */
static GPtrArray *
evaluate (KpiEvalRequest *req,
          const char     *text)
{
  GError *error = NULL;
  g_autoptr(KpiFormula) f = kpi_formula_parse (text, &error);
  GPtrArray *values;

  ck_assert_msg (f != NULL, "%s: %s", text, error ? error->message : "");
  values = kpi_formula_evaluate (f, req, &error);
  ck_assert_msg (values != NULL, "%s: %s", text, error ? error->message : "");
  ck_assert_uint_eq (values->len, req->periods->len * MAX (req->n_groups, 1));
  return values;
}

#define MISSING NAN

static gboolean
close_enough (double a, double b)
{
  return fabs (a - b) <= 1e-12 * MAX (1.0, fabs (b));
}

/* Checks each value against @expected (MISSING for a missing value) and,
 * when @flags is not NULL, the flags too. */
static void
check_values (GPtrArray          *values,
              const char         *text,
              const double       *expected,
              const KpiValueFlags *flags)
{
  for (guint i = 0; i < values->len; i++)
    {
      KpiValue *v = g_ptr_array_index (values, i);
      double x;

      if (isnan (expected[i]))
        ck_assert_msg (kpi_value_is_missing (v), "%s [%u]: expected missing, got %g",
                       text, i, kpi_value_get_value (v));
      else
        {
          ck_assert_msg (kpi_value_get_number (v, &x), "%s [%u]: expected %g, got missing (flags %x)",
                         text, i, expected[i], kpi_value_get_flags (v));
          ck_assert_msg (close_enough (x, expected[i]), "%s [%u]: expected %.17g, got %.17g",
                         text, i, expected[i], x);
        }
      if (flags != NULL)
        ck_assert_msg (kpi_value_get_flags (v) == flags[i], "%s [%u]: expected flags %x, got %x",
                       text, i, flags[i], kpi_value_get_flags (v));
    }
}

/* Evaluates @text over January to April 2025 and checks the four values. */
static void
expect4 (KpiEvalRequest *req,
         const char     *text,
         double a, double b, double c, double d)
{
  double expected[4] = { a, b, c, d };
  GPtrArray *values = evaluate (req, text);

  check_values (values, text, expected, NULL);
  g_ptr_array_unref (values);
}

static void
expect4_flags (KpiEvalRequest *req,
               const char     *text,
               const double    expected[4],
               const KpiValueFlags flags[4])
{
  GPtrArray *values = evaluate (req, text);

  check_values (values, text, expected, flags);
  g_ptr_array_unref (values);
}

typedef struct
{
  KpiDataset     *ds;
  KpiCalendar    *cal;
  GPtrArray      *periods;
  KpiEvalRequest  req;
} Fixture;

static void
fixture_init (Fixture *fx, gboolean shuffle)
{
  memset (fx, 0, sizeof *fx);
  fx->ds = crm_dataset (shuffle);
  fx->cal = utc_calendar ();
  fx->periods = periods_of (fx->cal, "2025-01", "2025-04");
  fx->req.dataset = fx->ds;
  fx->req.calendar = fx->cal;
  fx->req.periods = fx->periods;
}

static void
fixture_clear (Fixture *fx)
{
  g_ptr_array_unref (fx->periods);
  g_object_unref (fx->cal);
  g_object_unref (fx->ds);
}

static void
expect_error (const char      *text,
              KpiFormulaError  code,
              const char      *message)
{
  GError *error = NULL;
  KpiFormula *f = kpi_formula_parse (text, &error);

  ck_assert_msg (f == NULL, "“%s” parsed but should not", text);
  ck_assert_msg (g_error_matches (error, KPI_FORMULA_ERROR, code),
                 "“%s”: expected code %d, got %d: %s", text, code, error->code, error->message);
  ck_assert_msg (strstr (error->message, message) != NULL,
                 "“%s”: expected “%s” in “%s”", text, message, error->message);
  g_error_free (error);
}

static void
expect_check_error (KpiDataset      *ds,
                    const char      *text,
                    KpiFormulaError  code,
                    const char      *message)
{
  GError *error = NULL;
  g_autoptr(KpiFormula) f = kpi_formula_parse (text, &error);

  ck_assert_msg (f != NULL, "%s: %s", text, error ? error->message : "");
  ck_assert_msg (!kpi_formula_check (f, ds, &error), "“%s” checked but should not", text);
  ck_assert_msg (g_error_matches (error, KPI_FORMULA_ERROR, code),
                 "“%s”: expected code %d, got %d: %s", text, code, error->code, error->message);
  ck_assert_msg (strstr (error->message, message) != NULL,
                 "“%s”: expected “%s” in “%s”", text, message, error->message);
  g_error_free (error);
}

/* ------------------------------------------------------------------------ */
/* Parsing */

START_TEST (test_parse_valid)
{
  static const char *valid[] = {
    "sum(amount)",
    "sum(amount where channel = \"online\")",
    "(sum(amount) - sum(cost)) / sum(amount)",
    "count()",
    "count(score >= 9)",
    "count(where channel = \"store\")",
    "count(score >= 9 where region = \"west\")",
    "count_distinct(customer)",
    "count_distinct(customer where region = \"west\")",
    "new(customer)", "retained(customer)", "churned(customer where channel != \"store\")",
    "sum(amount) / count()",
    "sum(amount * probability where stage in (\"qualified\", \"proposal\", \"negotiation\"))",
    "100 * (count(score >= 9) - count(score <= 6)) / count()",
    "prev(sum(amount))", "prev(sum(amount), 3)", "last_year(sum(amount))",
    "prev(last_year(avg(amount)))",
    "@marketing_spend / @new_customers",
    "SUM(amount WHERE channel = \"online\" AND NOT region IN (\"a\"))",
    "Count_Distinct(customer)",
    "sum(`unit price` * `qty`)",
    "count(`where` = \"x\")",
    "count(channel = \"say \\\"hi\\\" \\\\ bye\")",
    "1.5e3 + .5 + 2. + 1E-3 + 0",
    "-sum(amount) + +2",
    "- - -1",
    "count(channel == \"a\" or channel <> \"b\")",
    "count(channel not in (\"a\", \"b\"))",
    "count(amount in (1, -2, 3.5))",
    "count(not not score > 3)",
    "min(amount)", "max(amount)", "median(amount)", "avg(amount)",
    "first(amount)", "last(amount)",
    "count(montant_é > 0)",
    "count(région = \"île-de-france\")",
    "  sum( amount )\t\n",
    "count(\"x\")",
    "sum(amount where not (channel = \"a\" or channel = \"b\") and score >= 0)",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      GError *error = NULL;
      KpiFormula *f = kpi_formula_parse (valid[i], &error);

      ck_assert_msg (f != NULL, "“%s”: %s", valid[i], error ? error->message : "");
      ck_assert_str_eq (kpi_formula_get_text (f), valid[i]);
      kpi_formula_unref (f);
    }
}
END_TEST

START_TEST (test_fields_and_references)
{
  g_autoptr(KpiFormula) f = NULL;
  g_auto(GStrv) fields = NULL, refs = NULL;
  GError *error = NULL;

  f = kpi_formula_parse ("sum(amount where channel = \"x\") / @spend + "
                         "count_distinct(customer where channel = \"y\") - sum(amount) * @spend + @`odd id`",
                         &error);
  ck_assert_ptr_nonnull (f);
  fields = kpi_formula_list_fields (f);
  refs = kpi_formula_list_references (f);
  ck_assert_uint_eq (g_strv_length (fields), 3);
  ck_assert_str_eq (fields[0], "amount");
  ck_assert_str_eq (fields[1], "channel");
  ck_assert_str_eq (fields[2], "customer");
  ck_assert_uint_eq (g_strv_length (refs), 2);
  ck_assert_str_eq (refs[0], "spend");
  ck_assert_str_eq (refs[1], "odd id");

  /* A boxed type, for bindings */
  ck_assert (G_TYPE_IS_BOXED (KPI_TYPE_FORMULA));
  {
    KpiFormula *copy = g_boxed_copy (KPI_TYPE_FORMULA, f);
    ck_assert_ptr_eq (copy, f);
    g_boxed_free (KPI_TYPE_FORMULA, copy);
  }
}
END_TEST

START_TEST (test_syntax_errors)
{
  expect_error ("", KPI_FORMULA_ERROR_SYNTAX, "the formula is empty");
  expect_error (" \t\n", KPI_FORMULA_ERROR_SYNTAX, "the formula is empty");
  expect_error ("sum(amount", KPI_FORMULA_ERROR_SYNTAX, "column 11: expected “)”");
  expect_error ("sum(amount where channel = \"x\" ", KPI_FORMULA_ERROR_SYNTAX, "column 32: expected “)”");
  expect_error ("sum(amount) +", KPI_FORMULA_ERROR_SYNTAX, "column 14: the formula ends too early");
  expect_error ("count(channel = \"abc)", KPI_FORMULA_ERROR_SYNTAX, "column 17: unterminated string");
  expect_error ("sum(`amount)", KPI_FORMULA_ERROR_SYNTAX, "column 5: unterminated name");
  expect_error ("sum(``)", KPI_FORMULA_ERROR_SYNTAX, "column 5: empty name");
  expect_error ("count(channel = \"a\\q\")", KPI_FORMULA_ERROR_SYNTAX, "column 19: invalid escape");
  expect_error ("sum(amount) # 2", KPI_FORMULA_ERROR_SYNTAX, "column 13: unexpected character “#”");
  expect_error ("sum(amount) ! 2", KPI_FORMULA_ERROR_SYNTAX, "column 13: unexpected character “!”");
  expect_error ("1e999 + sum(amount)", KPI_FORMULA_ERROR_SYNTAX, "column 1: number too large");
  expect_error ("1e+ + sum(amount)", KPI_FORMULA_ERROR_SYNTAX, "exponent has no digits");
  expect_error ("sum(amount))", KPI_FORMULA_ERROR_SYNTAX, "column 12: unbalanced “)”");
  expect_error ("sum(amount) sum(cost)", KPI_FORMULA_ERROR_SYNTAX,
                "column 13: expected an operator or the end of the formula, found “sum”");
  expect_error ("sum(amount) where channel = \"x\"", KPI_FORMULA_ERROR_SYNTAX,
                "column 13: “where” must be inside the parentheses");
  expect_error ("sum()", KPI_FORMULA_ERROR_SYNTAX, "column 1: sum needs a value");
  expect_error ("count_distinct()", KPI_FORMULA_ERROR_SYNTAX, "needs a field");
  expect_error ("sum(where x = 1)", KPI_FORMULA_ERROR_SYNTAX, "column 1: sum needs a value");
  expect_error ("prev(sum(amount), 0)", KPI_FORMULA_ERROR_SYNTAX, "whole number of periods");
  expect_error ("prev(sum(amount), 1.5)", KPI_FORMULA_ERROR_SYNTAX, "column 19: ");
  expect_error ("last_year(sum(amount), 2)", KPI_FORMULA_ERROR_SYNTAX, "column 22: expected “)”");
  expect_error ("@ + 1", KPI_FORMULA_ERROR_SYNTAX, "column 1: expected an indicator id after “@”");
  expect_error ("count(a < b < c)", KPI_FORMULA_ERROR_SYNTAX, "column 13: comparisons cannot be chained");
  expect_error ("count(a in ())", KPI_FORMULA_ERROR_SYNTAX, "column 13: expected a number or a text in quotes");
  expect_error ("count(a in (b))", KPI_FORMULA_ERROR_SYNTAX, "column 13: ");
  expect_error ("count(a in (\"x\" \"y\"))", KPI_FORMULA_ERROR_SYNTAX, "column 17: expected “,” or “)”");
  expect_error ("count(a in \"x\")", KPI_FORMULA_ERROR_SYNTAX, "column 12: expected “(” and a list of values");
  expect_error ("sum * 2", KPI_FORMULA_ERROR_SYNTAX, "expected “(” after “sum”");
  expect_error ("count(sum > 2)", KPI_FORMULA_ERROR_SYNTAX, "write `sum`");
  expect_error ("sum(amount where)", KPI_FORMULA_ERROR_SYNTAX, "column 17: ");
  expect_error ("(", KPI_FORMULA_ERROR_SYNTAX, "column 2: the formula ends too early");
  expect_error ("sum(amount) * ()", KPI_FORMULA_ERROR_SYNTAX, "found “)”");
  /* columns count characters, not bytes */
  expect_error ("count(région = \"é\") +", KPI_FORMULA_ERROR_SYNTAX, "column 22: the formula ends too early");
  /* not UTF-8: the column of the first bad byte */
  expect_error ("sum(am\xffount)", KPI_FORMULA_ERROR_SYNTAX, "column 7: the formula is not valid UTF-8 text");
  expect_error ("count(c = \"\xc3\")", KPI_FORMULA_ERROR_SYNTAX, "not valid UTF-8");
}
END_TEST

START_TEST (test_unknown_function)
{
  expect_error ("summ(amount)", KPI_FORMULA_ERROR_UNKNOWN_FUNCTION,
                "column 1: unknown function “summ”; did you mean “sum”?");
  expect_error ("sum(amount) / count_distint(customer)", KPI_FORMULA_ERROR_UNKNOWN_FUNCTION,
                "column 15: unknown function “count_distint”; did you mean “count_distinct”?");
  /* other words for the functions */
  expect_error ("1 + Average(amount)", KPI_FORMULA_ERROR_UNKNOWN_FUNCTION,
                "column 5: unknown function “Average”; did you mean “avg”?");
  expect_error ("mean(amount)", KPI_FORMULA_ERROR_UNKNOWN_FUNCTION, "did you mean “avg”?");
  expect_error ("total(amount)", KPI_FORMULA_ERROR_UNKNOWN_FUNCTION, "did you mean “sum”?");
  expect_error ("distinct(customer)", KPI_FORMULA_ERROR_UNKNOWN_FUNCTION, "did you mean “count_distinct”?");
  expect_error ("lastyear(sum(amount))", KPI_FORMULA_ERROR_UNKNOWN_FUNCTION,
                "did you mean “last_year”?");
  expect_error ("meidan(amount)", KPI_FORMULA_ERROR_UNKNOWN_FUNCTION, "did you mean “median”?");
  {
    /* Nothing close: no suggestion */
    GError *error = NULL;
    ck_assert_ptr_null (kpi_formula_parse ("frobnicate(amount)", &error));
    ck_assert (g_error_matches (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_UNKNOWN_FUNCTION));
    ck_assert_str_eq (error->message, "column 1: unknown function “frobnicate”");
    g_error_free (error);
  }
}
END_TEST

START_TEST (test_structure_errors)
{
  expect_error ("amount", KPI_FORMULA_ERROR_TYPE,
                "column 1: field “amount” must be inside an aggregate such as sum(amount)");
  expect_error ("sum(amount) - cost", KPI_FORMULA_ERROR_TYPE,
                "column 15: field “cost” must be inside an aggregate such as sum(cost)");
  expect_error ("sum(sum(amount))", KPI_FORMULA_ERROR_TYPE,
                "column 5: aggregates cannot be nested: “sum” is inside another aggregate");
  expect_error ("count(avg(x) > 1)", KPI_FORMULA_ERROR_TYPE, "aggregates cannot be nested");
  expect_error ("sum(amount > 3)", KPI_FORMULA_ERROR_TYPE,
                "column 12: sum needs a value, but the condition is not one");
  expect_error ("count(score > 3) > 2", KPI_FORMULA_ERROR_TYPE,
                "column 18: the condition “>” can only be used inside an aggregate");
  expect_error ("not count()", KPI_FORMULA_ERROR_TYPE, "can only be used inside an aggregate");
  expect_error ("sum(amount where amount)", KPI_FORMULA_ERROR_TYPE,
                "column 18: “where” needs a condition");
  expect_error ("count(channel and region)", KPI_FORMULA_ERROR_TYPE,
                "column 7: “and” needs conditions, but the value is not one");
  expect_error ("count((a = 1) = (b = 2))", KPI_FORMULA_ERROR_TYPE, "“=” compares values");
  expect_error ("sum((a > 1) + 2)", KPI_FORMULA_ERROR_TYPE, "column 8: the condition is not a number");
  expect_error ("count_distinct(amount + 1)", KPI_FORMULA_ERROR_TYPE,
                "column 16: count_distinct needs a field name");
  expect_error ("new(\"x\")", KPI_FORMULA_ERROR_TYPE, "new needs a field name");
  expect_error ("sum(prev(amount))", KPI_FORMULA_ERROR_TYPE,
                "column 5: prev() cannot be used inside an aggregate");
  expect_error ("sum(last_year(amount))", KPI_FORMULA_ERROR_TYPE, "column 5: last_year()");
  expect_error ("sum(@x)", KPI_FORMULA_ERROR_TYPE, "column 5: the indicator @x cannot be used inside an aggregate");
  expect_error ("\"online\"", KPI_FORMULA_ERROR_TYPE, "column 1: the text “online”");
  expect_error ("prev(count() = 1)", KPI_FORMULA_ERROR_TYPE, "column 14: the condition “=”");
}
END_TEST

START_TEST (test_deep_nesting)
{
  GString *s = g_string_new (NULL);
  GError *error = NULL;
  KpiFormula *f;

  /* 100000 open parentheses: an error, not a stack overflow */
  for (int i = 0; i < 100000; i++)
    g_string_append_c (s, '(');
  ck_assert_ptr_null (kpi_formula_parse (s->str, &error));
  ck_assert (g_error_matches (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_SYNTAX));
  ck_assert_ptr_nonnull (strstr (error->message, "too complex"));
  g_clear_error (&error);

  /* ... and closed: still too deep */
  g_string_append (s, "1");
  for (int i = 0; i < 100000; i++)
    g_string_append_c (s, ')');
  ck_assert_ptr_null (kpi_formula_parse (s->str, &error));
  ck_assert_ptr_nonnull (strstr (error->message, "too complex"));
  g_clear_error (&error);

  /* unary chains */
  g_string_truncate (s, 0);
  for (int i = 0; i < 100000; i++)
    g_string_append (s, "-");
  g_string_append (s, "1");
  ck_assert_ptr_null (kpi_formula_parse (s->str, &error));
  g_clear_error (&error);
  g_string_truncate (s, 0);
  g_string_append (s, "count(");
  for (int i = 0; i < 100000; i++)
    g_string_append (s, "not ");
  g_string_append (s, "a = 1)");
  ck_assert_ptr_null (kpi_formula_parse (s->str, &error));
  g_clear_error (&error);
  g_string_truncate (s, 0);
  for (int i = 0; i < 100000; i++)
    g_string_append (s, "prev(");
  ck_assert_ptr_null (kpi_formula_parse (s->str, &error));
  g_clear_error (&error);

  /* A long flat sum builds a deep tree: refused too, so that no walk of
   * the tree can overflow the stack. */
  g_string_truncate (s, 0);
  g_string_append (s, "1");
  for (int i = 0; i < 100000; i++)
    g_string_append (s, " + 1");
  ck_assert_ptr_null (kpi_formula_parse (s->str, &error));
  ck_assert_ptr_nonnull (strstr (error->message, "too complex"));
  g_clear_error (&error);

  /* Reasonable nesting is fine */
  g_string_truncate (s, 0);
  for (int i = 0; i < 50; i++)
    g_string_append (s, "(");
  g_string_append (s, "sum(amount)");
  for (int i = 0; i < 50; i++)
    g_string_append (s, " + 1)");
  f = kpi_formula_parse (s->str, &error);
  ck_assert_msg (f != NULL, "%s", error ? error->message : "");
  kpi_formula_unref (f);
  g_string_free (s, TRUE);
}
END_TEST

START_TEST (test_long_input)
{
  GString *s = g_string_new ("count(");
  GError *error = NULL;
  KpiFormula *f;
  g_auto(GStrv) fields = NULL;

  /* A field name of a million characters, a text of a million too */
  for (int i = 0; i < 1000000; i++)
    g_string_append_c (s, 'a' + i % 26);
  g_string_append (s, " = \"");
  for (int i = 0; i < 1000000; i++)
    g_string_append_c (s, 'x');
  g_string_append (s, "\")");
  f = kpi_formula_parse (s->str, &error);
  ck_assert_msg (f != NULL, "%s", error ? error->message : "");
  fields = kpi_formula_list_fields (f);
  ck_assert_uint_eq (strlen (fields[0]), 1000000);
  kpi_formula_unref (f);

  /* An error at the end of a long text gives a long column */
  g_string_append (s, " +");
  ck_assert_ptr_null (kpi_formula_parse (s->str, &error));
  ck_assert_ptr_nonnull (strstr (error->message, "column 2000015: "));
  g_clear_error (&error);
  g_string_free (s, TRUE);
}
END_TEST

/* Random strings, and valid formulas with random edits: the parser must
 * answer every one with a formula or an error that has a message. */
START_TEST (test_random_input)
{
  static const char *pieces[] = {
    "sum", "count", "count_distinct", "avg", "prev", "last_year", "new", "(", ")", "(", ")",
    ",", " where ", " and ", " or ", " not ", " in ", "=", "!=", "<", "<=", ">", ">=",
    "+", "-", "*", "/", "amount", "channel", "\"online\"", "\"", "`", "`x y`", "@ref",
    "@", "1", "2.5", "1e3", ".", "e", "\\", "é", "\xff", "\xc3", " ", "#", "==", "<>",
  };
  static const char *seeds[] = {
    "sum(amount where channel = \"online\")",
    "(sum(amount) - sum(cost)) / sum(amount)",
    "100 * (count(score >= 9) - count(score <= 6)) / count()",
    "prev(sum(amount), 2) + last_year(avg(amount)) - @x",
    "count(channel not in (\"a\", \"b\") or not region = \"w\")",
  };
  GRand *rand = g_rand_new_with_seed (20250214);
  guint n_ok = 0, n_err = 0;

  for (int round = 0; round < 20000; round++)
    {
      GString *s = g_string_new (NULL);
      GError *error = NULL;
      KpiFormula *f;

      if (round % 2 == 0)
        {
          int n = g_rand_int_range (rand, 1, 20);
          for (int i = 0; i < n; i++)
            g_string_append (s, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
        }
      else
        {
          int edits = g_rand_int_range (rand, 1, 4);
          g_string_append (s, seeds[g_rand_int_range (rand, 0, G_N_ELEMENTS (seeds))]);
          for (int e = 0; e < edits && s->len > 0; e++)
            {
              gsize at = g_rand_int_range (rand, 0, s->len);
              if (g_rand_boolean (rand))
                g_string_erase (s, at, 1);
              else
                g_string_insert_c (s, at, (char) g_rand_int_range (rand, 1, 256));
            }
        }

      f = kpi_formula_parse (s->str, &error);
      if (f != NULL)
        {
          g_auto(GStrv) fields = kpi_formula_list_fields (f);
          ck_assert_ptr_null (error);
          ck_assert_ptr_nonnull (fields);
          kpi_formula_unref (f);
          n_ok++;
        }
      else
        {
          ck_assert_ptr_nonnull (error);
          ck_assert (error->domain == KPI_FORMULA_ERROR);
          ck_assert (g_utf8_validate (error->message, -1, NULL));
          ck_assert_msg (strstr (error->message, "column") != NULL || strstr (error->message, "empty") != NULL,
                         "no column in “%s”", error->message);
          g_error_free (error);
          n_err++;
        }
      g_string_free (s, TRUE);
    }
  /* Both outcomes happened, so the test exercised something */
  ck_assert_uint_gt (n_ok, 100);
  ck_assert_uint_gt (n_err, 100);
  g_rand_free (rand);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Checking against a dataset */

START_TEST (test_check_fields)
{
  g_autoptr(KpiDataset) ds = crm_dataset (FALSE);
  GError *error = NULL;
  g_autoptr(KpiFormula) ok = kpi_formula_parse ("sum(amount where channel = \"x\") / count_distinct(customer)", &error);

  ck_assert (kpi_formula_check (ok, ds, &error));
  ck_assert_ptr_null (error);

  expect_check_error (ds, "sum(amout)", KPI_FORMULA_ERROR_UNKNOWN_FIELD,
                      "column 5: unknown field “amout”; did you mean “amount”?");
  expect_check_error (ds, "sum(amount where chanel = \"x\")", KPI_FORMULA_ERROR_UNKNOWN_FIELD,
                      "column 18: unknown field “chanel”; did you mean “channel”?");
  expect_check_error (ds, "count_distinct(cusotmer)", KPI_FORMULA_ERROR_UNKNOWN_FIELD,
                      "did you mean “customer”?");
  expect_check_error (ds, "sum(Amount)", KPI_FORMULA_ERROR_UNKNOWN_FIELD, "did you mean “amount”?");
  expect_check_error (ds, "sum(`unit price`)", KPI_FORMULA_ERROR_UNKNOWN_FIELD,
                      "column 5: unknown field “unit price”");
  {
    g_autoptr(KpiFormula) f = kpi_formula_parse ("sum(revenue)", NULL);
    ck_assert (!kpi_formula_check (f, ds, &error));
    /* nothing close: no suggestion */
    ck_assert_str_eq (error->message, "column 5: unknown field “revenue”");
    g_clear_error (&error);
  }
  /* the time column is not a field */
  expect_check_error (ds, "count_distinct(date)", KPI_FORMULA_ERROR_TYPE, "column 16: “date” is the time column");
}
END_TEST

START_TEST (test_check_types)
{
  g_autoptr(KpiDataset) ds = crm_dataset (FALSE);

  expect_check_error (ds, "sum(channel)", KPI_FORMULA_ERROR_TYPE,
                      "column 5: sum needs numbers, but “channel” is a dimension (text); did you mean count_distinct(channel)?");
  expect_check_error (ds, "avg(amount + channel)", KPI_FORMULA_ERROR_TYPE,
                      "column 14: “channel” is text, but “+” needs numbers");
  expect_check_error (ds, "count(channel = 5)", KPI_FORMULA_ERROR_TYPE,
                      "column 15: cannot compare text with a number: “channel” is text (a dimension)");
  expect_check_error (ds, "count(amount = \"x\")", KPI_FORMULA_ERROR_TYPE, "the text “x” is text");
  expect_check_error (ds, "count(channel < region)", KPI_FORMULA_ERROR_TYPE,
                      "column 15: two dimensions can only be compared with “=” or “!=”");
  expect_check_error (ds, "count(channel in (1, 2))", KPI_FORMULA_ERROR_TYPE,
                      "column 19: the list has a number, but “channel” is text");
  expect_check_error (ds, "count(amount not in (\"a\"))", KPI_FORMULA_ERROR_TYPE,
                      "column 22: the list has a text, but “amount” is a number");
  expect_check_error (ds, "max(-channel)", KPI_FORMULA_ERROR_TYPE, "“-” needs numbers");
  expect_check_error (ds, "median(\"x\")", KPI_FORMULA_ERROR_TYPE, "median needs numbers, but the text “x”");
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Semantics. _i: 0 in time order, 1 shuffled */

START_TEST (test_sums_and_counts)
{
  Fixture fx;

  /* 2 and 3: with the kernels of processors without AVX2 */
  if (_i >= 2)
    g_setenv ("KPI_NO_AVX2", "1", TRUE);
  fixture_init (&fx, _i % 2);
  /* Jan: 100+50+25+75+10 (row 2 missing); Feb: 200+40+60; Mar: no rows */
  expect4 (&fx.req, "sum(amount)", 260, 300, 0, 50);
  expect4 (&fx.req, "count()", 6, 3, 0, 2);
  /* count(e): rows where e is not missing */
  expect4 (&fx.req, "count(amount)", 5, 3, 0, 2);
  expect4 (&fx.req, "count(channel)", 5, 3, 0, 2);
  expect4 (&fx.req, "count(customer)", 6, 3, 0, 1);
  expect4 (&fx.req, "count(\"x\")", 6, 3, 0, 2);
  expect4 (&fx.req, "sum(amount where channel = \"online\")", 110, 200, 0, 20);
  expect4 (&fx.req, "sum(amount where channel = \"nowhere\")", 0, 0, 0, 0);
  expect4 (&fx.req, "count(where channel = \"store\")", 1, 2, 0, 0);
  expect4 (&fx.req, "count(score >= 9)", 2, 2, 0, 1);
  expect4 (&fx.req, "count(amount > 20 where channel = \"online\")", 1, 1, 0, 0);
  /* Row-level arithmetic: amount - cost where both are present */
  expect4 (&fx.req, "sum(amount - cost)", 40 + 20 + 35 + 5, 80 + 15 + 25, 0, 10 + 10);
  /* Row-level division by zero (cost - 10 = 0) is a missing row, as in SQL:
   * Jan 100/50 + 50/20 + 75/30 + 10/-5; Apr 30/10, 20/0 skipped */
  expect4 (&fx.req, "sum(amount / (cost - 10))", 2 + 2.5 + 2.5 - 2, 200.0 / 110 + 40.0 / 15 + 60.0 / 25, 0, 3);
  expect4 (&fx.req, "count(amount / (cost - 10) > 0)", 3, 3, 0, 1);
  expect4 (&fx.req, "sum(-amount * 2 + 1 where amount in (25, 50))", -49 - 99, 0, 0, 0);
  expect4 (&fx.req, "count(score in (9, 10))", 2, 2, 0, 1);
  expect4 (&fx.req, "count(score not in (9, 10))", 3, 1, 0, 1);
  fixture_clear (&fx);
  g_unsetenv ("KPI_NO_AVX2");
}
END_TEST

START_TEST (test_missing_logic)
{
  Fixture fx;

  fixture_init (&fx, _i);
  /* Row 4 has no channel: left out of both = and != */
  expect4 (&fx.req, "sum(amount where channel != \"online\")", 75, 100, 0, 30);
  expect4 (&fx.req, "count(channel != \"online\")", 2, 2, 0, 1);
  expect4 (&fx.req, "count(not channel = \"online\")", 2, 2, 0, 1);
  expect4 (&fx.req, "count(channel in (\"store\", \"mobile\"))", 2, 2, 0, 1);
  expect4 (&fx.req, "count(channel not in (\"store\", \"mobile\"))", 3, 1, 0, 1);
  /* unknown or true = true: row 4 (no channel, west) counts */
  expect4 (&fx.req, "count(channel = \"online\" or region = \"west\")", 5, 3, 0, 1);
  /* unknown and true = unknown: row 4 does not count */
  expect4 (&fx.req, "count(channel = \"online\" and region = \"west\")", 2, 0, 0, 0);
  /* unknown and false = false, so not(...) is true for row 4:
   * Jan rows 0,1,3,4,5; Feb 7,8; Apr row 9 (mobile, no region: unknown
   * and false = false) and not row 10 (online east) */
  expect4 (&fx.req, "count(not (channel = \"online\" and region = \"east\"))", 5, 2, 0, 1);
  /* a missing score: unknown, so neither side of the comparison counts */
  expect4 (&fx.req, "count(score > 5) + count(score <= 5)", 5, 3, 0, 2);
  expect4 (&fx.req, "count(not score > 5)", 1, 0, 0, 1);
  /* Text order is byte order: "mobile" < "online" < "store" */
  expect4 (&fx.req, "count(channel < \"online\")", 1, 0, 0, 1);
  expect4 (&fx.req, "count(\"online\" <= channel)", 4, 3, 0, 1);
  expect4 (&fx.req, "count(channel >= \"p\")", 1, 2, 0, 0);
  /* Two dimensions: region never equals channel; missing on either side is unknown */
  expect4 (&fx.req, "count(channel = region)", 0, 0, 0, 0);
  expect4 (&fx.req, "count(channel != region)", 5, 3, 0, 1);
  expect4 (&fx.req, "count(\"a\" = \"a\")", 6, 3, 0, 2);
  fixture_clear (&fx);
}
END_TEST

START_TEST (test_other_aggregates)
{
  Fixture fx;
  const double nd[4] = { 52, 100, MISSING, 25 };
  const KpiValueFlags ndf[4] = { 0, 0, KPI_VALUE_FLAG_NO_DATA, KPI_VALUE_FLAG_PARTIAL_PERIOD };

  fixture_init (&fx, _i);
  /* No rows: missing with NO_DATA; April is partial (now is 2025-04-15) */
  expect4_flags (&fx.req, "avg(amount)", nd, ndf);
  expect4 (&fx.req, "min(amount)", 10, 40, MISSING, 20);
  expect4 (&fx.req, "max(amount)", 100, 200, MISSING, 30);
  expect4 (&fx.req, "min(score - 100)", -97, -93, MISSING, -95);
  /* 10 25 50 75 100 -> 50; 40 60 200 -> 60; 20 30 -> 25 */
  expect4 (&fx.req, "median(amount)", 50, 60, MISSING, 25);
  expect4 (&fx.req, "median(cost)", 30, 35, MISSING, 15);
  /* by time; rows 7 and 8 have the same time: first is row 7, last row 8 */
  expect4 (&fx.req, "first(amount)", 100, 200, MISSING, 30);
  expect4 (&fx.req, "last(amount)", 10, 60, MISSING, 20);
  expect4 (&fx.req, "first(amount where channel = \"store\")", 50, 40, MISSING, MISSING);
  expect4 (&fx.req, "last(amount where channel = \"store\")", 50, 60, MISSING, MISSING);
  /* missing values are skipped: row 2 has no amount */
  expect4 (&fx.req, "first(amount where region = \"east\")", 50, 200, MISSING, 20);
  expect4 (&fx.req, "avg(amount where channel = \"online\")", 55, 200, MISSING, 20);
  fixture_clear (&fx);
}
END_TEST

START_TEST (test_distinct_and_cohorts)
{
  Fixture fx;

  if (_i >= 2)
    g_setenv ("KPI_DISTINCT_BITSET_MAX", "0", TRUE);   /* the sorted-pairs path */
  fixture_init (&fx, _i % 2);
  expect4 (&fx.req, "count_distinct(customer)", 4, 2, 0, 1);
  expect4 (&fx.req, "count_distinct(customer where channel = \"online\")", 2, 1, 0, 0);
  expect4 (&fx.req, "count_distinct(channel)", 3, 2, 0, 2);
  /* of a measure: 9 10 6 8 3 (missing skipped); 9 7; 10 5 */
  expect4 (&fx.req, "count_distinct(score)", 5, 2, 0, 2);
  /* first rows: c1 c2 c3 c4 in January, c5 in February */
  expect4 (&fx.req, "new(customer)", 4, 1, 0, 0);
  expect4 (&fx.req, "new(customer where channel = \"online\")", 2, 0, 0, 0);
  /* January's previous month (December 2024) is before the data: nobody
   * can say who was retained, which is not 0 */
  expect4 (&fx.req, "retained(customer)", MISSING, 1, 0, 0);
  /* Feb lost c2 c3 c4; March lost Feb's c1 c5 */
  expect4 (&fx.req, "churned(customer)", MISSING, 3, 2, 0);
  /* online only, in both months: Jan {c1 c2}, Feb {c1} */
  expect4 (&fx.req, "retained(customer where channel = \"online\")", MISSING, 1, 0, 0);
  expect4 (&fx.req, "churned(customer where channel = \"online\")", MISSING, 1, 1, 0);
  /* 7 is new in February, 5 in April */
  expect4 (&fx.req, "new(score)", 5, 1, 0, 1);
  /* retention rate: a ratio of counts */
  expect4 (&fx.req, "retained(customer) / prev(count_distinct(customer))", MISSING, 0.25, 0, MISSING);
  fixture_clear (&fx);
  g_unsetenv ("KPI_DISTINCT_BITSET_MAX");
}
END_TEST

START_TEST (test_period_arithmetic)
{
  Fixture fx;

  fixture_init (&fx, _i);
  /* Gross margin rate: a ratio of sums; costs Jan 60+30+10+40+5 (row 3
   * missing), Feb 120+25+35, Apr 20+10; March 0/0 */
  {
    const double e[4] = { (260.0 - 145) / 260, 0.4, MISSING, 0.4 };
    const KpiValueFlags f[4] = { 0, 0, KPI_VALUE_FLAG_DIVISION_BY_ZERO, KPI_VALUE_FLAG_PARTIAL_PERIOD };
    expect4_flags (&fx.req, "(sum(amount) - sum(cost)) / sum(amount)", e, f);
  }
  /* NPS: Jan (2 - 2) / 6, Feb (2 - 0) / 3, Apr (1 - 1) / 2 */
  expect4 (&fx.req, "100 * (count(score >= 9) - count(score <= 6)) / count()", 0, 200.0 / 3, MISSING, 0);
  expect4 (&fx.req, "sum(amount) / count()", 260.0 / 6, 100, MISSING, 25);
  expect4 (&fx.req, "-sum(amount) + 2 * 3 - 1 / 4", -260 + 5.75, -300 + 5.75, 5.75, -50 + 5.75);
  expect4 (&fx.req, "7", 7, 7, 7, 7);
  /* A missing operand: missing, with its reason */
  {
    const double e[4] = { 152, 200, MISSING, 125 };
    const KpiValueFlags f[4] = { 0, 0, KPI_VALUE_FLAG_NO_DATA, KPI_VALUE_FLAG_PARTIAL_PERIOD };
    expect4_flags (&fx.req, "avg(amount) + 100", e, f);
  }
  {
    const double e[4] = { MISSING, MISSING, MISSING, MISSING };
    const KpiValueFlags f[4] = { KPI_VALUE_FLAG_DIVISION_BY_ZERO, KPI_VALUE_FLAG_DIVISION_BY_ZERO,
                                 KPI_VALUE_FLAG_DIVISION_BY_ZERO,
                                 KPI_VALUE_FLAG_DIVISION_BY_ZERO | KPI_VALUE_FLAG_PARTIAL_PERIOD };
    expect4_flags (&fx.req, "sum(amount) / 0", e, f);
    expect4_flags (&fx.req, "sum(amount) / (count() - count())", e, f);
  }
  fixture_clear (&fx);
}
END_TEST

START_TEST (test_offsets)
{
  Fixture fx;

  fixture_init (&fx, _i);
  /* December 2024 is before the data: no value, not a sum of 0; March
   * is inside it, without rows: 0 */
  expect4 (&fx.req, "prev(sum(amount))", MISSING, 260, 300, 0);
  expect4 (&fx.req, "prev(sum(amount), 2)", MISSING, MISSING, 260, 300);
  expect4 (&fx.req, "sum(amount) - prev(sum(amount))", MISSING, 40, -300, 50);
  {
    /* growth from a zero base is undefined, not infinite */
    const double e[4] = { MISSING, 300.0 / 260 - 1, -1, MISSING };
    const KpiValueFlags f[4] = { KPI_VALUE_FLAG_MISSING_INPUT, 0, 0,
                                 KPI_VALUE_FLAG_DIVISION_BY_ZERO | KPI_VALUE_FLAG_PARTIAL_PERIOD };
    expect4_flags (&fx.req, "sum(amount) / prev(sum(amount)) - 1", e, f);
  }
  {
    /* the previous value is missing (no rows in March): MISSING_INPUT */
    const double e[4] = { MISSING, 48, MISSING, MISSING };
    const KpiValueFlags f[4] = { KPI_VALUE_FLAG_MISSING_INPUT, 0,
                                 KPI_VALUE_FLAG_NO_DATA,
                                 KPI_VALUE_FLAG_MISSING_INPUT | KPI_VALUE_FLAG_PARTIAL_PERIOD };
    expect4_flags (&fx.req, "avg(amount) - prev(avg(amount))", e, f);
  }
  expect4 (&fx.req, "prev(prev(count()))", MISSING, MISSING, 6, 3);
  /* The sample size is this period's, not the previous one's */
  {
    GPtrArray *v = evaluate (&fx.req, "prev(count())");
    ck_assert_uint_eq (kpi_value_get_sample_size (g_ptr_array_index (v, 1)), 0);
    g_ptr_array_unref (v);
  }
  fixture_clear (&fx);

  /* last_year over 2026: the 2025 values */
  fixture_init (&fx, _i);
  g_ptr_array_unref (fx.periods);
  fx.periods = periods_of (fx.cal, "2026-01", "2026-04");
  fx.req.periods = fx.periods;
  expect4 (&fx.req, "last_year(sum(amount))", 260, 300, 0, 50);
  /* 2026 is after the data: its own sums have no value */
  expect4 (&fx.req, "sum(amount) - last_year(sum(amount))", MISSING, MISSING, MISSING, MISSING);
  /* 2026-01: December 2024, before the data */
  expect4 (&fx.req, "prev(last_year(count()), 1)", MISSING, 6, 3, 0);
  fixture_clear (&fx);
}
END_TEST

static GPtrArray *
resolve_cb (const char            *id,
            const KpiEvalRequest  *request,
            gpointer               user_data,
            GError               **error)
{
  GPtrArray *out;
  int *calls = user_data;

  (*calls)++;
  if (strcmp (id, "cycle") == 0)
    {
      g_set_error (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_CYCLE, "indicator “cycle” refers to itself");
      return NULL;
    }
  if (strcmp (id, "spend") != 0 && strcmp (id, "gap") != 0)
    {
      g_set_error (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_UNKNOWN_INDICATOR, "unknown indicator “%s”", id);
      return NULL;
    }
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_value_unref);
  for (guint i = 0; i < request->periods->len; i++)
    {
      const KpiPeriod *p = g_ptr_array_index (request->periods, i);
      /* spend: 1000 a month; gap: missing in February */
      if (strcmp (id, "gap") == 0 && strcmp (kpi_period_get_label (p), "2025-02") == 0)
        g_ptr_array_add (out, kpi_value_new_missing (p, 0, KPI_VALUE_FLAG_NO_DATA));
      else
        g_ptr_array_add (out, kpi_value_new (p, 1000, 42, 0));
    }
  return out;
}

START_TEST (test_references)
{
  Fixture fx;
  int calls = 0;
  GError *error = NULL;

  fixture_init (&fx, _i);

  /* Without a resolver no reference can be evaluated */
  {
    g_autoptr(KpiFormula) f = kpi_formula_parse ("@spend / new(customer)", NULL);
    ck_assert_ptr_null (kpi_formula_evaluate (f, &fx.req, &error));
    ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED));
    ck_assert_str_eq (error->message, "column 1: “@spend” is a reference to an indicator, "
                                      "which nothing resolves here");
    g_clear_error (&error);
  }

  fx.req.resolve = resolve_cb;
  fx.req.resolve_data = &calls;
  /* CAC: spend / new customers: Jan 1000/4, Feb 1000/1, then no new ones */
  {
    const double e[4] = { 250, 1000, MISSING, MISSING };
    const KpiValueFlags f[4] = { 0, 0, KPI_VALUE_FLAG_DIVISION_BY_ZERO,
                                 KPI_VALUE_FLAG_DIVISION_BY_ZERO | KPI_VALUE_FLAG_PARTIAL_PERIOD };
    expect4_flags (&fx.req, "@spend / new(customer)", e, f);
  }
  /* A missing input */
  {
    const double e[4] = { 2000, MISSING, 2000, 2000 };
    const KpiValueFlags f[4] = { 0, KPI_VALUE_FLAG_MISSING_INPUT, 0, KPI_VALUE_FLAG_PARTIAL_PERIOD };
    expect4_flags (&fx.req, "@gap + @spend", e, f);
  }
  /* through an offset: March's previous is February, missing */
  expect4 (&fx.req, "prev(@gap)", 1000, 1000, MISSING, 1000);
  /* The sample size of a reference counts */
  {
    GPtrArray *v = evaluate (&fx.req, "@spend + 0");
    ck_assert_uint_eq (kpi_value_get_sample_size (g_ptr_array_index (v, 0)), 42);
    g_ptr_array_unref (v);
  }
  ck_assert_int_gt (calls, 0);

  /* Errors of the resolver are the evaluation's */
  {
    g_autoptr(KpiFormula) f = kpi_formula_parse ("sum(amount) + @cycle", NULL);
    ck_assert_ptr_null (kpi_formula_evaluate (f, &fx.req, &error));
    ck_assert (g_error_matches (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_CYCLE));
    g_clear_error (&error);
  }
  {
    g_autoptr(KpiFormula) f = kpi_formula_parse ("@nope", NULL);
    ck_assert_ptr_null (kpi_formula_evaluate (f, &fx.req, &error));
    ck_assert (g_error_matches (error, KPI_CONTEXT_ERROR, KPI_CONTEXT_ERROR_UNKNOWN_INDICATOR));
    g_clear_error (&error);
  }
  fixture_clear (&fx);
}
END_TEST

START_TEST (test_groups)
{
  Fixture fx;
  /* channel codes in order of first appearance depend on the row order:
   * map them by name */
  gsize n_codes;
  const char * const *dict;
  guint32 map[8];
  GPtrArray *v;

  fixture_init (&fx, _i);
  dict = kpi_dataset_get_dimension_dictionary (fx.ds, "channel", &n_codes);
  ck_assert_uint_eq (n_codes, 3);
  for (gsize c = 0; c < n_codes; c++)
    map[c] = strcmp (dict[c], "online") == 0 ? 0 : strcmp (dict[c], "store") == 0 ? 1 : 2;
  fx.req.group_by = "channel";
  fx.req.group_map = map;
  fx.req.group_map_len = n_codes;
  fx.req.missing_slot = 3;
  fx.req.n_groups = 4;

  /* period-major: Jan online, store, mobile, (missing), Feb ... */
  v = evaluate (&fx.req, "sum(amount)");
  {
    const double e[16] = { 110, 50, 25, 75,  200, 100, 0, 0,  0, 0, 0, 0,  20, 0, 30, 0 };
    check_values (v, "sum(amount) by channel", e, NULL);
  }
  ck_assert_str_eq (kpi_value_get_group (g_ptr_array_index (v, 0)), "online");
  ck_assert_str_eq (kpi_value_get_group (g_ptr_array_index (v, 2)), "mobile");
  ck_assert_ptr_null (kpi_value_get_group (g_ptr_array_index (v, 3)));
  ck_assert_str_eq (kpi_value_get_group (g_ptr_array_index (v, 5)), "store");
  g_ptr_array_unref (v);

  /* Ratios per group are ratios of the group's sums */
  v = evaluate (&fx.req, "(sum(amount) - sum(cost)) / sum(amount)");
  {
    /* January online costs 60 + 10 + 5; mobile has an amount and no cost */
    const double e[16] = { (110.0 - 75) / 110, (50.0 - 30) / 50, 1, (75.0 - 40) / 75,
                           0.4, (100.0 - 60) / 100, MISSING, MISSING,
                           MISSING, MISSING, MISSING, MISSING,
                           0.5, MISSING, (30.0 - 20) / 30, MISSING };
    check_values (v, "margin by channel", e, NULL);
  }
  g_ptr_array_unref (v);
  v = evaluate (&fx.req, "count()");
  {
    const double e[16] = { 3, 1, 1, 1,  1, 2, 0, 0,  0, 0, 0, 0,  1, 0, 1, 0 };
    check_values (v, "count() by channel", e, NULL);
    /* the sample size is the group's */
    ck_assert_uint_eq (kpi_value_get_sample_size (g_ptr_array_index (v, 0)), 3);
  }
  g_ptr_array_unref (v);
  v = evaluate (&fx.req, "prev(sum(amount))");
  {
    const double e[16] = { MISSING, MISSING, MISSING, MISSING,  110, 50, 25, 75,
                           200, 100, 0, 0,  0, 0, 0, 0 };
    check_values (v, "prev by channel", e, NULL);
  }
  g_ptr_array_unref (v);

  /* online and store in one "other" bucket (no name), mobile and missing
   * rows left out */
  for (gsize c = 0; c < n_codes; c++)
    map[c] = strcmp (dict[c], "mobile") == 0 ? G_MAXUINT32 : 0;
  fx.req.missing_slot = G_MAXUINT32;
  fx.req.n_groups = 1;
  v = evaluate (&fx.req, "sum(amount)");
  {
    const double e[4] = { 160, 300, 0, 20 };
    check_values (v, "sum(amount) for online+store", e, NULL);
    ck_assert_ptr_null (kpi_value_get_group (g_ptr_array_index (v, 0)));
  }
  g_ptr_array_unref (v);
  fixture_clear (&fx);
}
END_TEST

START_TEST (test_group_distinct)
{
  Fixture fx;
  gsize n_codes;
  const char * const *dict;
  guint32 map[8];
  GPtrArray *v;

  if (_i >= 2)
    g_setenv ("KPI_DISTINCT_BITSET_MAX", "0", TRUE);
  fixture_init (&fx, _i % 2);
  dict = kpi_dataset_get_dimension_dictionary (fx.ds, "region", &n_codes);
  for (gsize c = 0; c < n_codes; c++)
    map[c] = strcmp (dict[c], "west") == 0 ? 0 : 1;
  fx.req.group_by = "region";
  fx.req.group_map = map;
  fx.req.group_map_len = n_codes;
  fx.req.missing_slot = G_MAXUINT32;
  fx.req.n_groups = 2;

  /* Jan west {c1 c3 c4 c2}, east {c2 c1}: 4 + 2, but 4 in all: distinct
   * counts are never summed */
  v = evaluate (&fx.req, "count_distinct(customer)");
  {
    const double e[8] = { 4, 2,  1, 1,  0, 0,  0, 0 };
    check_values (v, "count_distinct by region", e, NULL);
  }
  g_ptr_array_unref (v);
  /* retained within the group: Feb west {c5} vs Jan west: 0; Feb east {c1}
   * vs Jan east {c2 c1}: 1 */
  v = evaluate (&fx.req, "retained(customer)");
  {
    const double e[8] = { MISSING, MISSING,  0, 1,  0, 0,  0, 0 };
    check_values (v, "retained by region", e, NULL);
  }
  g_ptr_array_unref (v);
  v = evaluate (&fx.req, "churned(customer)");
  {
    const double e[8] = { MISSING, MISSING,  4, 1,  1, 1,  0, 0 };
    check_values (v, "churned by region", e, NULL);
  }
  g_ptr_array_unref (v);
  /* new: first row anywhere; Jan west c1 c3 c4 c2, east c2 c1; Feb west c5 */
  v = evaluate (&fx.req, "new(customer)");
  {
    const double e[8] = { 4, 2,  1, 0,  0, 0,  0, 0 };
    check_values (v, "new by region", e, NULL);
  }
  g_ptr_array_unref (v);
  fixture_clear (&fx);
  g_unsetenv ("KPI_DISTINCT_BITSET_MAX");
}
END_TEST

START_TEST (test_sample_size_and_flags)
{
  Fixture fx;
  GPtrArray *v;

  fixture_init (&fx, _i);
  /* rows that went in: online with an amount */
  v = evaluate (&fx.req, "sum(amount where channel = \"online\")");
  ck_assert_uint_eq (kpi_value_get_sample_size (g_ptr_array_index (v, 0)), 2);
  ck_assert_uint_eq (kpi_value_get_sample_size (g_ptr_array_index (v, 2)), 0);
  g_ptr_array_unref (v);
  /* the largest over the aggregates: count() has 6 rows in January */
  v = evaluate (&fx.req, "sum(amount) / count()");
  ck_assert_uint_eq (kpi_value_get_sample_size (g_ptr_array_index (v, 0)), 6);
  g_ptr_array_unref (v);
  v = evaluate (&fx.req, "(sum(amount) - sum(cost)) / sum(amount)");
  ck_assert_uint_eq (kpi_value_get_sample_size (g_ptr_array_index (v, 0)), 5);
  g_ptr_array_unref (v);
  v = evaluate (&fx.req, "count_distinct(customer)");
  ck_assert_uint_eq (kpi_value_get_sample_size (g_ptr_array_index (v, 3)), 1);
  g_ptr_array_unref (v);

  /* Low sample: under 3 rows */
  fx.req.min_sample = 3;
  {
    const double e[4] = { 6, 3, 0, 2 };
    const KpiValueFlags f[4] = { 0, 0, KPI_VALUE_FLAG_LOW_SAMPLE,
                                 KPI_VALUE_FLAG_LOW_SAMPLE | KPI_VALUE_FLAG_PARTIAL_PERIOD };
    expect4_flags (&fx.req, "count()", e, f);
  }
  {
    /* a constant has no sample to be low */
    const double e[4] = { 1, 1, 1, 1 };
    const KpiValueFlags f[4] = { 0, 0, 0, KPI_VALUE_FLAG_PARTIAL_PERIOD };
    expect4_flags (&fx.req, "1", e, f);
  }
  fixture_clear (&fx);
}
END_TEST

/* Periods of several granularities in one request, custom ones included,
 * overlapping each other. */
START_TEST (test_mixed_periods)
{
  Fixture fx;
  GPtrArray *v;
  GError *error = NULL;

  fixture_init (&fx, _i);
  g_ptr_array_set_size (fx.periods, 0);
  g_ptr_array_add (fx.periods, kpi_calendar_parse_period (fx.cal, "2025-01", &error));
  g_ptr_array_add (fx.periods, kpi_calendar_custom_period (fx.cal, kpi_test_utc (2025, 1, 1, 0, 0), kpi_test_utc (2025, 1, 16, 0, 0), NULL));
  g_ptr_array_add (fx.periods, kpi_calendar_parse_period (fx.cal, "2025-Q1", &error));
  g_ptr_array_add (fx.periods, kpi_calendar_parse_period (fx.cal, "2025-W02", &error));
  g_ptr_array_add (fx.periods, kpi_calendar_custom_period (fx.cal, kpi_test_utc (2025, 1, 10, 0, 0), kpi_test_utc (2025, 2, 2, 0, 0), NULL));
  g_ptr_array_add (fx.periods, kpi_calendar_parse_period (fx.cal, "2025-01", &error));
  g_ptr_array_add (fx.periods, kpi_calendar_parse_period (fx.cal, "2025-02-14", &error));
  g_ptr_array_add (fx.periods, kpi_calendar_parse_period (fx.cal, "2025", &error));
  {
    /* January of another time zone (UTC+1): from 2024-12-31T23:00Z to
     * 2025-01-31T23:00Z, so without row 5 */
    GTimeZone *tz = g_time_zone_new_offset (3600);
    g_autoptr(KpiCalendar) plus1 = kpi_calendar_new (tz, 1, NULL);

    g_ptr_array_add (fx.periods, kpi_calendar_parse_period (plus1, "2025-01", &error));
    g_time_zone_unref (tz);
  }
  ck_assert_ptr_null (error);

  /* Jan; Jan 1-15: 100+50+25; Q1: 560; W02 (Jan 6-12): row 2, no amount;
   * Jan 10 - Feb 1: 25+75+10+200; Jan again; Feb 14: 40+60; 2025: 610;
   * January in UTC+1: 260 - 10 */
  v = evaluate (&fx.req, "sum(amount)");
  {
    const double e[9] = { 260, 175, 560, 0, 310, 260, 100, 610, 250 };
    check_values (v, "sum over mixed periods", e, NULL);
  }
  g_ptr_array_unref (v);
  v = evaluate (&fx.req, "count()");
  {
    const double e[9] = { 6, 4, 9, 1, 5, 6, 2, 11, 5 };
    check_values (v, "count over mixed periods", e, NULL);
  }
  g_ptr_array_unref (v);
  v = evaluate (&fx.req, "count_distinct(customer)");
  {
    const double e[9] = { 4, 3, 5, 1, 4, 4, 1, 5, 4 };
    check_values (v, "count_distinct over mixed periods", e, NULL);
  }
  g_ptr_array_unref (v);
  fixture_clear (&fx);
}
END_TEST

START_TEST (test_overflow)
{
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  g_autoptr(KpiCalendar) cal = utc_calendar ();
  g_autoptr(GPtrArray) periods = periods_of (cal, "2025-01", "2025-02");
  gint64 times[4] = { kpi_test_utc (2025, 1, 2, 0, 0), kpi_test_utc (2025, 1, 3, 0, 0),
                      kpi_test_utc (2025, 2, 2, 0, 0), kpi_test_utc (2025, 2, 3, 0, 0) };
  double meas[4] = { 1e308, 1e308, 1e308, -1e308 };
  KpiEvalRequest req = { 0 };
  const double e[2] = { MISSING, MISSING };
  const KpiValueFlags of[2] = { KPI_VALUE_FLAG_OVERFLOW, KPI_VALUE_FLAG_OVERFLOW };

  ck_assert (kpi_dataset_add_column (ds, "x", KPI_COLUMN_MEASURE, NULL));
  ck_assert (kpi_dataset_append_rows (ds, times, 4, NULL, 0, meas, 4, NULL));
  req.dataset = ds;
  req.calendar = cal;
  req.periods = periods;

  /* January: 2e308 overflows; February: 1e308 - 1e308 is 0 */
  {
    const double e2[2] = { MISSING, 0 };
    const KpiValueFlags f2[2] = { KPI_VALUE_FLAG_OVERFLOW, 0 };
    GPtrArray *v = evaluate (&req, "sum(x)");
    check_values (v, "sum(x)", e2, f2);
    g_ptr_array_unref (v);
    v = evaluate (&req, "avg(x)");
    check_values (v, "avg(x)", e2, f2);
    g_ptr_array_unref (v);
  }
  /* at the period level */
  {
    GPtrArray *v = evaluate (&req, "max(x) * 10 + min(x) * 10");
    check_values (v, "max(x) * 10", e, of);
    g_ptr_array_unref (v);
    v = evaluate (&req, "max(x) / 1e-10");
    check_values (v, "max(x) / 1e-10", e, of);
    g_ptr_array_unref (v);
  }
  /* rows that overflow make the sum overflow */
  {
    GPtrArray *v = evaluate (&req, "sum(x * 10)");
    check_values (v, "sum(x * 10)", e, of);
    g_ptr_array_unref (v);
  }
  {
    /* the mean of the two middle values, without overflowing */
    const double e3[2] = { 1e308, 0 };
    GPtrArray *v = evaluate (&req, "median(x)");
    check_values (v, "median(x)", e3, NULL);
    g_ptr_array_unref (v);
    v = evaluate (&req, "count(x * 10 > 0)");
    {
      const double e4[2] = { 2, 1 };
      check_values (v, "count(x * 10 > 0)", e4, NULL);
    }
    g_ptr_array_unref (v);
  }
}
END_TEST

START_TEST (test_empty_cases)
{
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  g_autoptr(KpiCalendar) cal = utc_calendar ();
  g_autoptr(GPtrArray) periods = periods_of (cal, "2025-01", "2025-02");
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  KpiEvalRequest req = { 0 };
  GPtrArray *v;
  GError *error = NULL;

  ck_assert (kpi_dataset_add_column (ds, "x", KPI_COLUMN_MEASURE, NULL));
  ck_assert (kpi_dataset_add_column (ds, "d", KPI_COLUMN_DIMENSION, NULL));
  req.dataset = ds;
  req.calendar = cal;
  req.periods = periods;

  /* A dataset without rows covers no period: no data, not zeros */
  v = evaluate (&req, "sum(x) + count() + count_distinct(d) + new(d) + retained(d) + churned(d)");
  {
    const double e[2] = { MISSING, MISSING };
    check_values (v, "empty dataset", e, NULL);
    ck_assert (kpi_value_get_flags (g_ptr_array_index (v, 0)) == KPI_VALUE_FLAG_NO_DATA);
  }
  g_ptr_array_unref (v);
  v = evaluate (&req, "avg(x)");
  ck_assert (kpi_value_get_flags (g_ptr_array_index (v, 0)) == KPI_VALUE_FLAG_NO_DATA);
  g_ptr_array_unref (v);
  /* ... unless its coverage is set: then no rows are true zeros */
  {
    g_autoptr(KpiPeriod) jan = kpi_calendar_parse_period (cal, "2025-01", NULL);
    g_autoptr(KpiPeriod) feb = kpi_calendar_parse_period (cal, "2025-02", NULL);

    ck_assert (kpi_dataset_set_coverage (ds, kpi_period_get_start (jan), kpi_period_get_end (feb), NULL));
    v = evaluate (&req, "sum(x) + count() + count_distinct(d) + new(d)");
    {
      const double e[2] = { 0, 0 };
      check_values (v, "empty dataset with a coverage", e, NULL);
    }
    g_ptr_array_unref (v);
    /* January's previous month is outside the coverage set */
    v = evaluate (&req, "churned(d)");
    {
      const double e[2] = { MISSING, 0 };
      check_values (v, "churned with a coverage", e, NULL);
    }
    g_ptr_array_unref (v);
    ck_assert (kpi_dataset_set_coverage (ds, KPI_TIME_UNSET, KPI_TIME_UNSET, NULL));
  }

  /* No periods: no values */
  req.periods = none;
  v = evaluate (&req, "sum(x)");
  ck_assert_uint_eq (v->len, 0);
  g_ptr_array_unref (v);

  /* A formula that does not fit the dataset fails to evaluate */
  req.periods = periods;
  {
    g_autoptr(KpiFormula) f = kpi_formula_parse ("sum(y)", NULL);
    ck_assert_ptr_null (kpi_formula_evaluate (f, &req, &error));
    ck_assert (g_error_matches (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_UNKNOWN_FIELD));
    g_clear_error (&error);
  }
  /* ... and so does a breakdown by a column that is not a dimension */
  {
    g_autoptr(KpiFormula) f = kpi_formula_parse ("sum(x)", NULL);
    guint32 map[1] = { 0 };

    req.group_by = "x";
    req.group_map = map;
    req.n_groups = 1;
    ck_assert_ptr_null (kpi_formula_evaluate (f, &req, &error));
    ck_assert (g_error_matches (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_NOT_A_DIMENSION));
    g_clear_error (&error);
    req.group_by = "nope";
    ck_assert_ptr_null (kpi_formula_evaluate (f, &req, &error));
    ck_assert (g_error_matches (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_UNKNOWN_FIELD));
    g_clear_error (&error);
  }
}
END_TEST

/* Appending rows after an evaluation: the per-dataset caches (ordinals,
 * first rows) are extended, and results follow the new rows. */
START_TEST (test_append_after_evaluate)
{
  Fixture fx;
  gint64 t[2] = { kpi_test_utc (2025, 3, 5, 0, 0), kpi_test_utc (2024, 12, 30, 0, 0) };
  const char *dims[6] = { "store", "east", "c6",  "online", "west", "c5" };
  double meas[6] = { 5, 1, 1,  7, 2, 2 };
  GError *error = NULL;

  fixture_init (&fx, _i);
  expect4 (&fx.req, "sum(amount)", 260, 300, 0, 50);
  expect4 (&fx.req, "new(customer)", 4, 1, 0, 0);
  expect4 (&fx.req, "count_distinct(score)", 5, 2, 0, 2);

  /* March gets a row; c5 turns out to have bought in December 2024, so it
   * is no longer new in February. The append makes the table unsorted. */
  ck_assert (kpi_dataset_append_rows (fx.ds, t, 2, dims, 6, meas, 6, &error));
  ck_assert_ptr_null (error);
  expect4 (&fx.req, "sum(amount)", 260, 300, 5, 50);
  expect4 (&fx.req, "new(customer)", 4, 0, 1, 0);
  expect4 (&fx.req, "count_distinct(score)", 5, 2, 1, 2);
  expect4 (&fx.req, "retained(customer)", 0, 1, 0, 0);
  fixture_clear (&fx);
}
END_TEST

/* Shewchuk's exact summation (as Python's math.fsum): a list of
 * non-overlapping partials whose sum is exactly the sum so far. */
static double
exact_sum (const double *x, gsize n)
{
  double *partials = g_new (double, 64);
  gsize np = 0, cap = 64;
  double hi = 0, lo = 0;

  for (gsize i = 0; i < n; i++)
    {
      double v = x[i];
      gsize k = 0;

      for (gsize j = 0; j < np; j++)
        {
          double y = partials[j];
          if (fabs (v) < fabs (y))
            {
              double t = v;
              v = y;
              y = t;
            }
          hi = v + y;
          lo = y - (hi - v);
          if (lo != 0)
            partials[k++] = lo;
          v = hi;
        }
      if (k == cap)
        {
          cap *= 2;
          partials = g_renew (double, partials, cap);
        }
      partials[k++] = v;
      np = k;
    }
  /* round the partials correctly (the last steps of fsum) */
  hi = 0;
  if (np > 0)
    {
      gsize j = np - 1;
      hi = partials[j];
      while (j > 0)
        {
          double v = hi, y = partials[--j];
          hi = v + y;
          lo = y - (hi - v);
          if (lo != 0)
            break;
        }
      if (j > 0 && ((lo < 0 && partials[j - 1] < 0) || (lo > 0 && partials[j - 1] > 0)))
        {
          double y = lo * 2, v = hi + y;
          if (y == v - hi)
            hi = v;
        }
    }
  g_free (partials);
  return hi;
}

START_TEST (test_accurate_sum)
{
  gsize n = kpi_test_under_valgrind () ? 200000 : 10000000;
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  g_autoptr(KpiCalendar) cal = utc_calendar ();
  g_autoptr(GPtrArray) periods = periods_of (cal, "2025-01", "2025-01");
  gint64 *times = g_new (gint64, n);
  double *x = g_new (double, n);
  GRand *rand = g_rand_new_with_seed (7);
  KpiEvalRequest req = { 0 };
  double exact, naive = 0, got, ulp;
  GPtrArray *v;

  /* 1: with the kernels of processors without AVX2 */
  if (_i == 1)
    g_setenv ("KPI_NO_AVX2", "1", TRUE);

  /* Mixed magnitudes that cancel: big terms that come and go, small ones
   * that a naive sum loses, random ones. */
  for (gsize i = 0; i < n; i++)
    {
      times[i] = kpi_test_utc (2025, 1, 1, 0, 0) + (gint64) (i % 86400) * G_USEC_PER_SEC;
      switch (i % 5)
        {
        case 0: x[i] = 1e10 + g_rand_double (rand); break;
        case 1: x[i] = 1 + g_rand_double (rand) * 1e-3; break;
        case 2: x[i] = -1e10 - g_rand_double (rand); break;
        case 3: x[i] = 1e-3; break;
        default: x[i] = (g_rand_double (rand) - 0.5) * 1e6; break;
        }
      naive += x[i];
    }
  g_rand_free (rand);
  exact = exact_sum (x, n);

  ck_assert (kpi_dataset_add_column (ds, "x", KPI_COLUMN_MEASURE, NULL));
  ck_assert (kpi_dataset_append_rows (ds, times, n, NULL, 0, x, n, NULL));
  req.dataset = ds;
  req.calendar = cal;
  req.periods = periods;
  v = evaluate (&req, "sum(x)");
  ck_assert (kpi_value_get_number (g_ptr_array_index (v, 0), &got));
  g_ptr_array_unref (v);

  ulp = nextafter (fabs (exact), INFINITY) - fabs (exact);
  ck_assert_msg (fabs (got - exact) <= 4 * ulp, "sum %.17g, exact %.17g: %.1f ulps off",
                 got, exact, fabs (got - exact) / ulp);
  /* ... where a naive sum is off by many ulps: the test can fail */
  ck_assert_msg (fabs (naive - exact) > 100 * ulp, "naive sum %.17g is too good", naive);

  /* The same through the unsorted path (reversed rows) */
  {
    g_autoptr(KpiDataset) rev = kpi_dataset_new (NULL);
    for (gsize i = 0; i < n / 2; i++)
      {
        gint64 t = times[i];
        double d = x[i];
        times[i] = times[n - 1 - i];
        times[n - 1 - i] = t;
        x[i] = x[n - 1 - i];
        x[n - 1 - i] = d;
      }
    ck_assert (kpi_dataset_add_column (rev, "x", KPI_COLUMN_MEASURE, NULL));
    ck_assert (kpi_dataset_append_rows (rev, times, n, NULL, 0, x, n, NULL));
    req.dataset = rev;
    v = evaluate (&req, "sum(x)");
    ck_assert (kpi_value_get_number (g_ptr_array_index (v, 0), &got));
    g_ptr_array_unref (v);
    ck_assert_msg (fabs (got - exact) <= 4 * ulp, "unsorted sum %.17g, exact %.17g: %.1f ulps off",
                   got, exact, fabs (got - exact) / ulp);
  }
  g_free (times);
  g_free (x);
  g_unsetenv ("KPI_NO_AVX2");
}
END_TEST

/* ------------------------------------------------------------------------ */

/* A text a dimension never held is probably a typo: the values say so
 * (flag and sentence, with the near miss), and are computed all the same. */
START_TEST (test_unknown_values)
{
  Fixture fx;
  GPtrArray *v;
  g_auto(GStrv) none = NULL;
  g_auto(GStrv) warnings = NULL;
  g_autoptr(KpiFormula) f = NULL;
  const char * const *w;

  fixture_init (&fx, _i);
  v = evaluate (&fx.req, "sum(amount where channel = \"onlin\")");
  for (guint i = 0; i < v->len; i++)
    {
      KpiValue *value = g_ptr_array_index (v, i);

      ck_assert (kpi_value_get_flags (value) & KPI_VALUE_FLAG_UNKNOWN_VALUE);
      w = kpi_value_get_warnings (value);
      ck_assert_ptr_nonnull (w);
      ck_assert_str_eq (w[0], "channel has no value “onlin”; did you mean “online”?");
      ck_assert_ptr_null (w[1]);
    }
  ck_assert_double_eq (kpi_value_get_value (g_ptr_array_index (v, 0)), 0);
  g_ptr_array_unref (v);

  /* Known values, comparisons of order and numbers: nothing to say */
  v = evaluate (&fx.req, "sum(amount where channel = \"online\" and region >= \"zz\" and score != 3)");
  ck_assert (!(kpi_value_get_flags (g_ptr_array_index (v, 0)) & KPI_VALUE_FLAG_UNKNOWN_VALUE));
  ck_assert_ptr_null (kpi_value_get_warnings (g_ptr_array_index (v, 0)));
  g_ptr_array_unref (v);

  /* in, not in, the value on the left, != ; a value without a near miss;
   * each sentence once */
  f = kpi_formula_parse ("count(channel in (\"Online\", \"store\") or \"mobil\" != channel "
                         "or region not in (\"xyz\") or channel = \"Online\")", NULL);
  warnings = kpi_formula_check_values (f, fx.ds);
  ck_assert_ptr_nonnull (warnings);
  ck_assert_uint_eq (g_strv_length (warnings), 3);
  ck_assert_str_eq (warnings[0], "channel has no value “Online”; did you mean “online”?");
  ck_assert_str_eq (warnings[1], "channel has no value “mobil”; did you mean “mobile”?");
  ck_assert_str_eq (warnings[2], "region has no value “xyz”");
  g_clear_pointer (&f, kpi_formula_unref);
  f = kpi_formula_parse ("sum(amount where channel = \"store\")", NULL);
  none = kpi_formula_check_values (f, fx.ds);
  ck_assert_ptr_null (none);

  /* A breakdown's values carry it too */
  {
    gsize n_codes;
    guint32 map[8];

    kpi_dataset_get_dimension_dictionary (fx.ds, "region", &n_codes);
    for (gsize c = 0; c < n_codes; c++)
      map[c] = c;
    fx.req.group_by = "region";
    fx.req.group_map = map;
    fx.req.group_map_len = n_codes;
    fx.req.missing_slot = G_MAXUINT32;
    fx.req.n_groups = n_codes;
    v = evaluate (&fx.req, "count(where channel = \"stor\")");
    for (guint i = 0; i < v->len; i++)
      ck_assert (kpi_value_get_flags (g_ptr_array_index (v, i)) & KPI_VALUE_FLAG_UNKNOWN_VALUE);
    g_ptr_array_unref (v);
  }
  fixture_clear (&fx);
}
END_TEST

/* snapshot(): the latest row of each customer at the end of each month,
 * from every month up to it. Latest rows (customer: row):
 *   end of January:  c1 row 2 (online, east, amount missing), c2 row 5
 *                    (online, west, 10), c3 row 3 (mobile, 25), c4 row 4
 *                    (no channel, 75)
 *   end of February: c1 row 6 (online, east, 200), c2 row 5, c3, c4,
 *                    c5 row 8 (store, west, 60: of two rows of the same
 *                    time, the one appended last)
 *   end of March:    as February (no rows)
 *   end of April:    c2 row 9 (mobile, no region, 30), row 10 has no
 *                    customer and is left out */
START_TEST (test_snapshot)
{
  Fixture fx;
  GError *error = NULL;

  fixture_init (&fx, _i);
  expect4 (&fx.req, "snapshot(customer, count())", 4, 5, 5, 5);
  expect4 (&fx.req, "snapshot(customer, sum(amount))", 10 + 25 + 75, 200 + 10 + 25 + 75 + 60,
           200 + 10 + 25 + 75 + 60, 200 + 30 + 25 + 75 + 60);
  /* the where applies to the latest rows: c1's latest January row is
   * online, but its amount is missing */
  expect4 (&fx.req, "snapshot(customer, sum(amount where channel = \"online\"))", 10, 210, 210, 200);
  expect4 (&fx.req, "snapshot(customer, count(where channel = \"store\"))", 0, 1, 1, 1);
  expect4 (&fx.req, "snapshot(customer, count_distinct(channel))", 2, 3, 3, 3);
  expect4 (&fx.req, "snapshot(customer, max(cost))", 40, 120, 120, 120);
  /* a level, next to a flow and an offset of itself */
  expect4 (&fx.req, "snapshot(customer, count()) - prev(snapshot(customer, count()))", MISSING, 1, 0, 0);
  expect4 (&fx.req, "sum(amount) + snapshot(customer, count())", 264, 305, 5, 55);
  /* an entity that is a measure: one row per score seen so far (January
   * 9 10 6 8 3, February 7, April 5) */
  expect4 (&fx.req, "snapshot(score, count())", 5, 6, 6, 7);

  /* by group: the group of the latest row (region) */
  {
    gsize n_codes;
    const char * const *dict = kpi_dataset_get_dimension_dictionary (fx.ds, "region", &n_codes);
    guint32 map[8];
    GPtrArray *v;

    for (gsize c = 0; c < n_codes; c++)
      map[c] = strcmp (dict[c], "west") == 0 ? 0 : 1;
    fx.req.group_by = "region";
    fx.req.group_map = map;
    fx.req.group_map_len = n_codes;
    fx.req.missing_slot = 2;
    fx.req.n_groups = 3;
    v = evaluate (&fx.req, "snapshot(customer, count())");
    {
      /* west, east, no region */
      const double e[12] = { 3, 1, 0,  4, 1, 0,  4, 1, 0,  3, 1, 1 };
      check_values (v, "snapshot by region", e, NULL);
    }
    g_ptr_array_unref (v);
    fx.req.group_by = NULL;
    fx.req.n_groups = 0;
  }

  /* What snapshot() takes */
  {
    static const char *bad[] = {
      "snapshot(customer, first(amount))",
      "snapshot(customer, 1 + sum(amount))",
      "snapshot(amount + 1, sum(amount))",
      "snapshot(customer)",
      "sum(snapshot(customer, sum(amount)))",
      "snapshot(customer, snapshot(region, count()))",
    };
    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(KpiFormula) f = kpi_formula_parse (bad[i], &error);
        ck_assert_msg (f == NULL, "%s parsed", bad[i]);
        ck_assert (g_utf8_validate (error->message, -1, NULL));
        g_clear_error (&error);
      }
  }
  {
    g_autoptr(KpiFormula) f = kpi_formula_parse ("snapshot(custommer, count())", NULL);
    ck_assert (!kpi_formula_check (f, fx.ds, &error));
    g_assert_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_UNKNOWN_FIELD);
    g_clear_error (&error);
  }
  /* Levels do not add up over time */
  {
    g_autoptr(KpiFormula) level = kpi_formula_parse ("snapshot(customer, sum(amount))", NULL);
    g_autoptr(KpiFormula) flow = kpi_formula_parse ("2 * (sum(amount) - sum(cost)) + count()", NULL);
    g_autoptr(KpiFormula) ratio = kpi_formula_parse ("sum(amount) / count()", NULL);

    ck_assert (!kpi_formula_is_additive (level));
    ck_assert (kpi_formula_is_additive (flow));
    ck_assert (!kpi_formula_is_additive (ratio));
  }
  fixture_clear (&fx);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "parse-valid", test_parse_valid, 1 },
    { "fields-and-references", test_fields_and_references, 1 },
    { "syntax-errors", test_syntax_errors, 1 },
    { "unknown-function", test_unknown_function, 1 },
    { "structure-errors", test_structure_errors, 1 },
    { "deep-nesting", test_deep_nesting, 1 },
    { "long-input", test_long_input, 1 },
    { "random-input", test_random_input, 1 },
    { "check-fields", test_check_fields, 1 },
    { "check-types", test_check_types, 1 },
    { "sums-and-counts", test_sums_and_counts, 4 },
    { "missing-logic", test_missing_logic, 2 },
    { "other-aggregates", test_other_aggregates, 2 },
    { "distinct-and-cohorts", test_distinct_and_cohorts, 4 },
    { "period-arithmetic", test_period_arithmetic, 2 },
    { "offsets", test_offsets, 2 },
    { "references", test_references, 2 },
    { "groups", test_groups, 2 },
    { "group-distinct", test_group_distinct, 4 },
    { "sample-size-and-flags", test_sample_size_and_flags, 2 },
    { "mixed-periods", test_mixed_periods, 2 },
    { "overflow", test_overflow, 1 },
    { "empty-cases", test_empty_cases, 1 },
    { "append-after-evaluate", test_append_after_evaluate, 2 },
    { "accurate-sum", test_accurate_sum, 2 },
    { "unknown-values", test_unknown_values, 2 },
    { "snapshot", test_snapshot, 2 },
  };

  return kpi_test_run ("formula", cases, G_N_ELEMENTS (cases), 300);
}
