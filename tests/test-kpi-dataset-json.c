/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of loading JSON (an array of objects) and JSON Lines into a
 * KpiDataset, through the public API only: columns and kinds, values,
 * forced kinds, and every error with the position it names. */

#include <math.h>
#include <string.h>
#include <check.h>
#include "kpi-test.h"
#include <glib/gstdio.h>
#include <libkpi/kpi.h>

#define JSON  KPI_FILE_FORMAT_JSON
#define LINES KPI_FILE_FORMAT_JSON_LINES

static KpiLoadOptions *
options_new (KpiFileFormat format)
{
  KpiLoadOptions *options = kpi_load_options_new ();

  kpi_load_options_set_format (options, format);
  kpi_load_options_set_source_name (options, format == LINES ? "orders.jsonl" : "orders.json");
  return options;
}

static KpiDataset *
load_ok (const char    *text,
         KpiFileFormat  format)
{
  g_autoptr(KpiLoadOptions) options = options_new (format);

  return kpi_test_load (text, options);
}

/* Loads text that must fail with @code (see kpi_test_load_error()). */
static char *
load_error_len (const char    *text,
                gsize          length,
                KpiFileFormat  format,
                int            code)
{
  g_autoptr(KpiLoadOptions) options = options_new (format);

  return kpi_test_load_error (text, length, options, code);
}

static char *
load_error (const char    *text,
            KpiFileFormat  format,
            int            code)
{
  return load_error_len (text, strlen (text), format, code);
}

static const char orders_json[] =
  "[\n"
  "  {\"date\": \"2024-01-03\", \"channel\": \"online\", \"amount\": 12.5},\n"
  "  {\"date\": \"2024-01-04\", \"channel\": \"store\", \"amount\": 7},\n"
  "  {\"date\": \"2024-01-04T10:30:00Z\", \"channel\": \"online\", \"amount\": -3.25}\n"
  "]\n";

/* The same rows, with a blank line, CRLF line ends and no final newline */
static const char orders_jsonl[] =
  "{\"date\": \"2024-01-03\", \"channel\": \"online\", \"amount\": 12.5}\r\n"
  "\r\n"
  "{\"date\": \"2024-01-04\", \"channel\": \"store\", \"amount\": 7}\n"
  "   \n"
  "{\"date\": \"2024-01-04T10:30:00Z\", \"channel\": \"online\", \"amount\": -3.25}";

static void
assert_orders (KpiDataset *ds)
{
  double value;

  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 3);
  ck_assert_uint_eq (kpi_dataset_get_n_columns (ds), 3);
  ck_assert_str_eq (kpi_dataset_get_column_name (ds, 0), "date");
  ck_assert_str_eq (kpi_dataset_get_column_name (ds, 1), "channel");
  ck_assert_str_eq (kpi_dataset_get_column_name (ds, 2), "amount");
  ck_assert_int_eq (kpi_dataset_get_column_kind (ds, 0), KPI_COLUMN_TIME);
  ck_assert_int_eq (kpi_dataset_get_column_kind (ds, 1), KPI_COLUMN_DIMENSION);
  ck_assert_int_eq (kpi_dataset_get_column_kind (ds, 2), KPI_COLUMN_MEASURE);

  ck_assert (kpi_dataset_get_time (ds, 0) == kpi_test_utc (2024, 1, 3, 0, 0));
  ck_assert (kpi_dataset_get_time (ds, 1) == kpi_test_utc (2024, 1, 4, 0, 0));
  ck_assert (kpi_dataset_get_time (ds, 2) == kpi_test_utc (2024, 1, 4, 10, 30));

  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "channel", 0), "online");
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "channel", 1), "store");
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "channel", 2), "online");

  ck_assert (kpi_dataset_get_measure_value (ds, "amount", 0, &value));
  ck_assert_double_eq (value, 12.5);
  ck_assert (kpi_dataset_get_measure_value (ds, "amount", 1, &value));
  ck_assert_double_eq (value, 7.0);
  ck_assert (kpi_dataset_get_measure_value (ds, "amount", 2, &value));
  ck_assert_double_eq (value, -3.25);
}

START_TEST (test_array)
{
  g_autoptr(KpiDataset) ds = load_ok (orders_json, JSON);
  gsize n_values = 0;
  const char * const *dict;

  assert_orders (ds);
  dict = kpi_dataset_get_dimension_dictionary (ds, "channel", &n_values);
  ck_assert_uint_eq (n_values, 2);
  ck_assert_str_eq (dict[0], "online");
  ck_assert_str_eq (dict[1], "store");
}
END_TEST

START_TEST (test_lines)
{
  g_autoptr(KpiDataset) ds = load_ok (orders_jsonl, LINES);

  assert_orders (ds);
}
END_TEST

/* A UTF-8 byte order mark, as Windows tools write, is not data. */
START_TEST (test_bom)
{
  g_autofree char *json = g_strconcat ("\xef\xbb\xbf", orders_json, NULL);
  g_autofree char *jsonl = g_strconcat ("\xef\xbb\xbf", orders_jsonl, NULL);
  g_autoptr(KpiDataset) a = load_ok (json, JSON);
  g_autoptr(KpiDataset) b = load_ok (jsonl, LINES);

  assert_orders (a);
  assert_orders (b);
}
END_TEST

/* Columns come in order of first appearance across the rows, wherever the
 * time member is in an object; the time column is the dataset's first. */
START_TEST (test_column_order)
{
  g_autoptr(KpiDataset) ds = load_ok (
    "[{\"amount\": 1, \"date\": \"2024-02-01\"},\n"
    " {\"region\": \"north\", \"date\": \"2024-02-02\", \"channel\": \"web\", \"amount\": 2},\n"
    " {\"units\": 3, \"date\": \"2024-02-03\"}]", JSON);
  const char *expected[] = { "date", "amount", "region", "channel", "units" };

  ck_assert_uint_eq (kpi_dataset_get_n_columns (ds), G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    ck_assert_str_eq (kpi_dataset_get_column_name (ds, i), expected[i]);
  /* Absent members are missing values */
  ck_assert_ptr_null (kpi_dataset_get_dimension_value (ds, "region", 0));
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "region", 1), "north");
  ck_assert (!kpi_dataset_get_measure_value (ds, "units", 0, NULL));
  ck_assert (!kpi_dataset_get_measure_value (ds, "amount", 2, NULL));
}
END_TEST

/* Measures: only numbers (integers and doubles) and nulls.  Dimensions: any
 * string; their numbers are kept as text.  A column of nulls is a measure;
 * "" is a missing value and says nothing about the kind. */
START_TEST (test_kinds)
{
  g_autoptr(KpiDataset) ds = load_ok (
    "[{\"date\": \"2024-01-01\", \"qty\": 1, \"code\": \"A7\", \"note\": null, \"price\": \"\", \"tag\": \"x\"},\n"
    " {\"date\": \"2024-01-02\", \"qty\": 2.5, \"code\": 12, \"note\": null, \"price\": 3, \"tag\": \"\"},\n"
    " {\"date\": \"2024-01-03\", \"qty\": null, \"code\": 0.1, \"price\": 4.75, \"tag\": null},\n"
    " {\"date\": \"2024-01-04\", \"code\": -3e2}]", JSON);
  const double *qty, *price, *note;
  gsize n;
  guint index;
  KpiColumnKind kind;

  ck_assert (kpi_dataset_lookup_column (ds, "qty", &index, &kind));
  ck_assert_int_eq (kind, KPI_COLUMN_MEASURE);
  ck_assert (kpi_dataset_lookup_column (ds, "code", &index, &kind));
  ck_assert_int_eq (kind, KPI_COLUMN_DIMENSION);
  ck_assert (kpi_dataset_lookup_column (ds, "note", &index, &kind));
  ck_assert_int_eq (kind, KPI_COLUMN_MEASURE);
  ck_assert (kpi_dataset_lookup_column (ds, "price", &index, &kind));
  ck_assert_int_eq (kind, KPI_COLUMN_MEASURE);
  ck_assert (kpi_dataset_lookup_column (ds, "tag", &index, &kind));
  ck_assert_int_eq (kind, KPI_COLUMN_DIMENSION);

  qty = kpi_dataset_get_measure (ds, "qty", &n);
  ck_assert_uint_eq (n, 4);
  ck_assert_double_eq (qty[0], 1.0);
  ck_assert_double_eq (qty[1], 2.5);
  ck_assert (isnan (qty[2]));
  ck_assert (isnan (qty[3]));

  price = kpi_dataset_get_measure (ds, "price", &n);
  ck_assert (isnan (price[0]));
  ck_assert_double_eq (price[1], 3.0);
  ck_assert_double_eq (price[2], 4.75);

  note = kpi_dataset_get_measure (ds, "note", &n);
  for (gsize i = 0; i < n; i++)
    ck_assert (isnan (note[i]));

  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "code", 0), "A7");
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "code", 1), "12");
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "code", 2), "0.1");
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "code", 3), "-300");

  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "tag", 0), "x");
  ck_assert_ptr_null (kpi_dataset_get_dimension_value (ds, "tag", 1));
  ck_assert_ptr_null (kpi_dataset_get_dimension_value (ds, "tag", 2));
  ck_assert_ptr_null (kpi_dataset_get_dimension_value (ds, "tag", 3));
}
END_TEST

START_TEST (test_forced_kinds)
{
  g_autoptr(KpiLoadOptions) options = options_new (JSON);
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  const char *text =
    "[{\"date\": \"2024-01-01\", \"store\": 12, \"price\": \"12.5\"},\n"
    " {\"date\": \"2024-01-02\", \"store\": 7, \"price\": 3},\n"
    " {\"date\": \"2024-01-03\", \"store\": null, \"price\": \" 1e3 \"},\n"
    " {\"date\": \"2024-01-04\", \"store\": \"\", \"price\": \"\"}]";
  GError *error = NULL;
  const double *price;
  guint index;
  KpiColumnKind kind;
  gsize n;

  kpi_load_options_set_column_kind (options, "store", KPI_COLUMN_DIMENSION);
  kpi_load_options_set_column_kind (options, "price", KPI_COLUMN_MEASURE);
  ck_assert (kpi_test_load_text (ds, text, strlen (text), options, &error));
  ck_assert_ptr_null (error);

  ck_assert (kpi_dataset_lookup_column (ds, "store", &index, &kind));
  ck_assert_int_eq (kind, KPI_COLUMN_DIMENSION);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "store", 0), "12");
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "store", 1), "7");
  ck_assert_ptr_null (kpi_dataset_get_dimension_value (ds, "store", 2));
  ck_assert_ptr_null (kpi_dataset_get_dimension_value (ds, "store", 3));

  price = kpi_dataset_get_measure (ds, "price", &n);
  ck_assert_uint_eq (n, 4);
  ck_assert_double_eq (price[0], 12.5);
  ck_assert_double_eq (price[1], 3.0);
  ck_assert_double_eq (price[2], 1000.0);
  ck_assert (isnan (price[3]));
}
END_TEST

START_TEST (test_forced_measure_invalid)
{
  g_autoptr(KpiLoadOptions) options = options_new (LINES);
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  const char *text =
    "{\"date\": \"2024-01-01\", \"price\": \"12.5\"}\n"
    "{\"date\": \"2024-01-02\", \"price\": \"12,5 €\"}\n";
  GError *error = NULL;

  kpi_load_options_set_column_kind (options, "price", KPI_COLUMN_MEASURE);
  ck_assert (!kpi_test_load_text (ds, text, strlen (text), options, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_NUMBER));
  ck_assert_str_eq (error->message,
                    "orders.jsonl:2: $.price: invalid number “12,5 €”: expected a number, "
                    "or a string holding one such as “12.5”");
  g_clear_error (&error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 0);
}
END_TEST

/* The dataset's kinds win over what the values say; columns of the dataset
 * that no row mentions are missing values (JSON writers leave out nulls). */
START_TEST (test_existing_kinds)
{
  g_autoptr(KpiLoadOptions) options = options_new (JSON);
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  const char *first =
    "[{\"date\": \"2024-01-01\", \"store\": \"S1\", \"amount\": 5, \"cost\": 1}]";
  const char *second =
    "[{\"date\": \"2024-01-02\", \"store\": 12, \"amount\": 6}]";
  const char *third =
    "[{\"date\": \"2024-01-03\", \"store\": 13, \"amount\": \"oops\"}]";
  GError *error = NULL;
  double value;

  ck_assert (kpi_test_load_text (ds, first, strlen (first), options, &error));
  ck_assert (kpi_test_load_text (ds, second, strlen (second), options, &error));
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 2);
  ck_assert_uint_eq (kpi_dataset_get_n_columns (ds), 4);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "store", 1), "12");
  ck_assert (kpi_dataset_get_measure_value (ds, "amount", 1, &value));
  ck_assert_double_eq (value, 6.0);
  ck_assert (!kpi_dataset_get_measure_value (ds, "cost", 1, NULL));

  /* A string in a measure of the dataset is not a dimension: an error */
  ck_assert (!kpi_test_load_text (ds, third, strlen (third), options, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_NUMBER));
  kpi_test_assert_contains (error->message, "orders.json: $[0].amount: invalid number “oops”");
  g_clear_error (&error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 2);
}
END_TEST

START_TEST (test_declared_schema)
{
  g_autoptr(KpiLoadOptions) options = options_new (LINES);
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  const char *text = "{\"date\": \"2024-01-01\", \"zip\": 75001}\n";
  GError *error = NULL;

  ck_assert (kpi_dataset_add_column (ds, "zip", KPI_COLUMN_DIMENSION, &error));
  ck_assert (kpi_test_load_text (ds, text, strlen (text), options, &error));
  ck_assert_ptr_null (error);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "zip", 0), "75001");
}
END_TEST

START_TEST (test_empty_array)
{
  g_autoptr(KpiDataset) ds = load_ok ("  [ ]\n", JSON);
  gint64 min, max;

  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 0);
  ck_assert_uint_eq (kpi_dataset_get_n_columns (ds), 1);
  ck_assert_str_eq (kpi_dataset_get_column_name (ds, 0), "date");
  ck_assert (!kpi_dataset_get_time_range (ds, &min, &max));
}
END_TEST

START_TEST (test_time_column_and_zone)
{
  g_autoptr(KpiLoadOptions) options = options_new (LINES);
  g_autoptr(KpiDataset) ds = kpi_dataset_new ("day");
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  const char *text =
    "{\"amount\": 1, \"day\": \"2024-01-03\"}\n"                     /* local midnight */
    "{\"amount\": 2, \"day\": \"2024-07-03T12:00\"}\n"               /* local, summer */
    "{\"amount\": 3, \"day\": \"2024-01-03T10:00:00+02:00\"}\n";     /* explicit offset */
  GError *error = NULL;

  ck_assert_ptr_nonnull (paris);
  kpi_load_options_set_time_column (options, "day", NULL);
  kpi_load_options_set_time_zone (options, paris);
  ck_assert (kpi_test_load_text (ds, text, strlen (text), options, &error));
  ck_assert_ptr_null (error);
  ck_assert_str_eq (kpi_dataset_get_column_name (ds, 0), "day");
  ck_assert (kpi_dataset_get_time (ds, 0) == kpi_test_utc (2024, 1, 2, 23, 0));
  ck_assert (kpi_dataset_get_time (ds, 1) == kpi_test_utc (2024, 7, 3, 10, 0));
  ck_assert (kpi_dataset_get_time (ds, 2) == kpi_test_utc (2024, 1, 3, 8, 0));
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Errors */

/* A syntax error: @position ("orders.json:3:"), a column, then json-glib's
 * own words without its "Parse error: ": messages are lower case. */
static void
assert_syntax_message (const char *message,
                       const char *position)
{
  const char *p = message + strlen (position);

  ck_assert_msg (g_str_has_prefix (message, position), "%s", message);
  ck_assert_msg (g_ascii_isdigit (*p), "%s", message);
  while (g_ascii_isdigit (*p))
    p++;
  ck_assert_msg (g_str_has_prefix (p, ": ") && g_ascii_islower (p[2]), "%s", message);
  ck_assert_msg (strstr (message, "Parse error") == NULL, "%s", message);
}

START_TEST (test_error_syntax)
{
  g_autofree char *a = load_error (
    "[\n"
    "  {\"date\": \"2024-01-01\", \"amount\": 1},\n"
    "  {\"date\": \"2024-01-02\", \"amount\": x}\n"
    "]", JSON, KPI_DATASET_ERROR_PARSE);
  g_autofree char *b = load_error (
    "{\"date\": \"2024-01-01\"}\n"
    "\n"
    "{\"date\": \"2024-01-02\", \"amount\": 1,}\n", LINES, KPI_DATASET_ERROR_PARSE);
  g_autofree char *c = load_error ("[{\"date\": \"2024-01-01\"", JSON, KPI_DATASET_ERROR_PARSE);

  /* json-glib's own words, after the source and the position */
  assert_syntax_message (a, "orders.json:3:");
  kpi_test_assert_contains (a, ": unexpected identifier `x'");
  assert_syntax_message (b, "orders.jsonl:3:");
  assert_syntax_message (c, "orders.json:1:");
}
END_TEST

/* Issue 16: json-glib quotes the string it stopped at, decoded from a
 * broken \u escape into bytes that are not UTF-8: the message stays valid
 * (kpi_test_load_error() checks it). */
START_TEST (test_error_broken_escape_message)
{
  g_autofree char *a = load_error ("{\"\\ud8t\"\"", JSON, KPI_DATASET_ERROR_PARSE);
  g_autofree char *b = load_error ("{\"\\ud8t\"\"", LINES, KPI_DATASET_ERROR_PARSE);
  g_autofree char *c = load_error ("[{\"date\": \"2024-01-01\", \"\\ud800x\" \"a\"}]", JSON,
                                   KPI_DATASET_ERROR_PARSE);

  assert_syntax_message (a, "orders.json:1:");
  kpi_test_assert_contains (a, "unexpected string constant");
  assert_syntax_message (b, "orders.jsonl:1:");
  kpi_test_assert_contains (c, "\xef\xbf\xbd");
}
END_TEST

START_TEST (test_error_not_array)
{
  g_autofree char *a = load_error ("{\"date\": \"2024-01-01\", \"amount\": 1}",
                                   JSON, KPI_DATASET_ERROR_PARSE);
  g_autofree char *b = load_error ("\"2024-01-01\"", JSON, KPI_DATASET_ERROR_PARSE);
  g_autofree char *c = load_error ("{\"date\": \"2024-01-01\"}\n[1, 2]\n",
                                   LINES, KPI_DATASET_ERROR_PARSE);
  g_autofree char *d = load_error ("{\"date\": \"2024-01-01\"}\nnull\n",
                                   LINES, KPI_DATASET_ERROR_PARSE);

  ck_assert_str_eq (a, "orders.json: $: expected an array of objects, found an object "
                       "(for one object per line, load it as JSON Lines)");
  ck_assert_str_eq (b, "orders.json: $: expected an array of objects, found a string");
  ck_assert_str_eq (c, "orders.jsonl:2: $: expected an object, found an array");
  ck_assert_str_eq (d, "orders.jsonl:2: $: expected an object, found null");
}
END_TEST

START_TEST (test_error_element)
{
  g_autofree char *a = load_error ("[{\"date\": \"2024-01-01\"}, 12]", JSON, KPI_DATASET_ERROR_PARSE);
  g_autofree char *b = load_error ("[{\"date\": \"2024-01-01\"}, [\"2024-01-02\"]]", JSON,
                                   KPI_DATASET_ERROR_PARSE);

  ck_assert_str_eq (a, "orders.json: $[1]: expected an object (a row), found a number");
  ck_assert_str_eq (b, "orders.json: $[1]: expected an object (a row), found an array");
}
END_TEST

START_TEST (test_error_bad_date)
{
  g_autofree char *a = load_error (
    "[{\"date\": \"2024-01-01\", \"amount\": 1},\n"
    " {\"date\": \"2024-13-01\", \"amount\": 2}]", JSON, KPI_DATASET_ERROR_INVALID_TIME);
  g_autofree char *b = load_error (
    "{\"date\": \"2024-01-01\"}\n"
    "{\"date\": \"yesterday\"}\n", LINES, KPI_DATASET_ERROR_INVALID_TIME);

  ck_assert_str_eq (a, "orders.json: $[1].date: invalid date “2024-13-01”: "
                       "expected an ISO 8601 date (YYYY-MM-DD) or date-time");
  ck_assert_str_eq (b, "orders.jsonl:2: $.date: invalid date “yesterday”: "
                       "expected an ISO 8601 date (YYYY-MM-DD) or date-time");
}
END_TEST

START_TEST (test_error_missing_time)
{
  g_autofree char *a = load_error (
    "[{\"date\": \"2024-01-01\", \"amount\": 1},\n"
    " {\"amount\": 2}]", JSON, KPI_DATASET_ERROR_INVALID_TIME);
  g_autofree char *b = load_error (
    "{\"date\": \"2024-01-01\"}\n"
    "{\"date\": null}\n", LINES, KPI_DATASET_ERROR_INVALID_TIME);
  g_autofree char *c = load_error (
    "[{\"date\": \"2024-01-01\"}, {\"date\": \"\"}]", JSON, KPI_DATASET_ERROR_INVALID_TIME);

  ck_assert_str_eq (a, "orders.json: $[1].date: missing value in the time column");
  ck_assert_str_eq (b, "orders.jsonl:2: $.date: missing value in the time column");
  ck_assert_str_eq (c, "orders.json: $[1].date: missing value in the time column");
}
END_TEST

START_TEST (test_error_no_time_column)
{
  g_autofree char *a = load_error (
    "[{\"day\": \"2024-01-01\", \"amount\": 1}, {\"day\": \"2024-01-02\"}]",
    JSON, KPI_DATASET_ERROR_NO_TIME_COLUMN);
  g_autofree char *b = load_error ("{\"Date\": \"2024-01-01\"}\n",
                                   LINES, KPI_DATASET_ERROR_NO_TIME_COLUMN);

  ck_assert_str_eq (a, "orders.json: no row has a member “date”: expected it as the time column");
  kpi_test_assert_contains (b, "orders.jsonl: no row has a member “date”");
}
END_TEST

/* We don't guess whether a number is seconds or milliseconds. */
START_TEST (test_error_time_number)
{
  g_autofree char *a = load_error ("[{\"date\": 1704240000, \"amount\": 1}]",
                                   JSON, KPI_DATASET_ERROR_INVALID_TIME);
  g_autofree char *b = load_error ("[{\"date\": true}]", JSON, KPI_DATASET_ERROR_PARSE);

  ck_assert_str_eq (a, "orders.json: $[0].date: expected an ISO 8601 date string, found the "
                       "number 1704240000 (a number of seconds or milliseconds is ambiguous)");
  ck_assert_str_eq (b, "orders.json: $[0].date: expected an ISO 8601 date string, found a boolean");
}
END_TEST

START_TEST (test_error_empty)
{
  g_autofree char *a = load_error ("", JSON, KPI_DATASET_ERROR_EMPTY);
  g_autofree char *b = load_error (" \n\t\r\n ", JSON, KPI_DATASET_ERROR_EMPTY);
  g_autofree char *c = load_error ("\n\r\n  \n", LINES, KPI_DATASET_ERROR_EMPTY);
  g_autofree char *d = load_error ("/* nothing yet */\n", JSON, KPI_DATASET_ERROR_EMPTY);
  g_autofree char *e = load_error ("\xef\xbb\xbf\n", LINES, KPI_DATASET_ERROR_EMPTY);

  ck_assert_str_eq (a, "orders.json: the data is empty: expected a JSON array of objects");
  ck_assert_str_eq (c, "orders.jsonl: the data is empty: expected one JSON object per line");
  kpi_test_assert_contains (d, "orders.json: ");
}
END_TEST

START_TEST (test_error_encoding)
{
  /* A Latin-1 "é" (0xE9) in the second line, after 28 characters */
  g_autofree char *a = load_error (
    "[{\"date\": \"2024-01-01\", \"city\": \"Paris\"},\n"
    " {\"city\": \"B\xc3\xa9ziers\", \"x\": \"S\xe9te\"}]", JSON, KPI_DATASET_ERROR_ENCODING);
  static const char nul[] = "{\"date\": \"2024-01-01\"}\n{\"a\": \"\0\"}\n";
  g_autofree char *b = load_error_len (nul, sizeof nul - 1, LINES, KPI_DATASET_ERROR_ENCODING);
  g_autofree char *c = load_error ("[{\"date\": \"2024-01-01\", \"a\": \"x\\u0000y\"}]",
                                   JSON, KPI_DATASET_ERROR_ENCODING);

  ck_assert_str_eq (a, "orders.json:2:29: invalid UTF-8 (byte 0xE9): the data must be UTF-8 text");
  ck_assert_str_eq (b, "orders.jsonl:2:8: a NUL byte: the data must be UTF-8 text");
  /* json-glib would silently cut the string there */
  ck_assert_str_eq (c, "orders.json:1:32: a \\u0000 escape: strings cannot hold NUL characters");
}
END_TEST

START_TEST (test_error_nested)
{
  g_autofree char *a = load_error (
    "[{\"date\": \"2024-01-01\", \"amount\": {\"value\": 1, \"currency\": \"EUR\"}}]",
    JSON, KPI_DATASET_ERROR_PARSE);
  g_autofree char *b = load_error (
    "{\"date\": \"2024-01-01\", \"tags\": [\"a\", \"b\"]}\n", LINES, KPI_DATASET_ERROR_PARSE);
  g_autofree char *c = load_error (
    "[{\"date\": \"2024-01-01\"}, {\"date\": \"2024-01-02\", \"is \\\"paid\\\"\": false}]",
    JSON, KPI_DATASET_ERROR_PARSE);

  ck_assert_str_eq (a, "orders.json: $[0].amount: expected a number, a string or null, found an object");
  ck_assert_str_eq (b, "orders.jsonl:1: $.tags: expected a number, a string or null, found an array");
  /* A name that is not an identifier in JSONPath's bracket notation */
  ck_assert_str_eq (c, "orders.json: $[1][\"is \\\"paid\\\"\"]: expected a number, a string or "
                       "null, found a boolean");
}
END_TEST

START_TEST (test_error_huge_number)
{
  g_autofree char *a = load_error ("[{\"date\": \"2024-01-01\", \"amount\": 1e400}]",
                                   JSON, KPI_DATASET_ERROR_INVALID_NUMBER);
  g_autofree char *b = load_error ("{\"date\": \"2024-01-01\", \"amount\": -1e999}\n",
                                   LINES, KPI_DATASET_ERROR_INVALID_NUMBER);
  /* json-glib would wrap it around to -6101065172474983726 */
  g_autofree char *c = load_error (
    "[{\"date\": \"2024-01-01\",\n  \"id\": 12345678901234567890}]",
    JSON, KPI_DATASET_ERROR_INVALID_NUMBER);
  g_autofree char *d = load_error ("[{\"date\": \"2024-01-01\", \"id\": -9223372036854775809}]",
                                   JSON, KPI_DATASET_ERROR_INVALID_NUMBER);
  g_autoptr(KpiDataset) ds = load_ok (
    "[{\"date\": \"2024-01-01\", \"lo\": -9223372036854775808, \"hi\": 9223372036854775807,"
    " \"big\": 12345678901234567890.0, \"zeros\": 00000000000000000000001}]", JSON);
  double value;

  ck_assert_str_eq (a, "orders.json: $[0].amount: number out of range: beyond ±1.8e308");
  ck_assert_str_eq (b, "orders.jsonl:1: $.amount: number out of range: beyond ±1.8e308");
  ck_assert_str_eq (c, "orders.json:2:9: integer “12345678901234567890” out of range: beyond "
                       "64 bits, write it with a decimal point (as a measure) or in quotes "
                       "(as a dimension)");
  kpi_test_assert_contains (d, "orders.json:1:31: integer “-9223372036854775809” out of range");

  ck_assert (kpi_dataset_get_measure_value (ds, "lo", 0, &value));
  ck_assert_double_eq (value, -9223372036854775808.0);
  ck_assert (kpi_dataset_get_measure_value (ds, "hi", 0, &value));
  ck_assert_double_eq (value, 9223372036854775807.0);
  ck_assert (kpi_dataset_get_measure_value (ds, "big", 0, &value));
  ck_assert_double_eq (value, 12345678901234567890.0);
  ck_assert (kpi_dataset_get_measure_value (ds, "zeros", 0, &value));
  ck_assert_double_eq (value, 1.0);
}
END_TEST

/* json-glib reads 0x10 as 16, and wraps long ones around like decimals. */
START_TEST (test_error_hex)
{
  g_autofree char *a = load_error ("[{\"date\": \"2024-01-01\", \"a\": 0x10}]",
                                   JSON, KPI_DATASET_ERROR_PARSE);

  ck_assert_str_eq (a, "orders.json:1:30: hexadecimal number “0x10”: JSON numbers are decimal");
}
END_TEST

/* json-glib would keep the first value and drop the rest without a word. */
START_TEST (test_error_trailing)
{
  g_autofree char *a = load_error (
    "[{\"date\": \"2024-01-01\"}]\n"
    "[{\"date\": \"2024-01-02\"}]\n", JSON, KPI_DATASET_ERROR_PARSE);
  g_autofree char *b = load_error (
    "{\"date\": \"2024-01-01\"}\n"
    "{\"date\": \"2024-01-02\"}\n", JSON, KPI_DATASET_ERROR_PARSE);
  g_autofree char *c = load_error (
    "{\"date\": \"2024-01-01\"} {\"date\": \"2024-01-02\"}\n", LINES, KPI_DATASET_ERROR_PARSE);
  /* json-glib also takes strings in single quotes, with no escapes in them */
  g_autofree char *d = load_error (
    "[{\"date\": \"2024-01-01\", \"path\": 'C:\\'}] [{\"date\": \"2024-01-02\"}]",
    JSON, KPI_DATASET_ERROR_PARSE);
  g_autoptr(KpiDataset) ds = load_ok ("[{\"date\": \"2024-01-01\"}] /* end */\n", JSON);

  ck_assert_str_eq (a, "orders.json:2:1: unexpected data after the end of the JSON document: "
                       "expected a single array (for one object per line, load it as JSON Lines)");
  kpi_test_assert_contains (b, "orders.json:2:1: unexpected data after the end of the JSON document");
  ck_assert_str_eq (c, "orders.jsonl:1:24: unexpected data after the first value: "
                       "expected one object per line");
  kpi_test_assert_contains (d, "orders.json:1:41: unexpected data after the end of the JSON document");
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 1);
}
END_TEST

/* json-glib recurses without a limit: this would overflow the stack. */
START_TEST (test_error_deep)
{
  gsize depth = 200000;
  g_autoptr(GString) text = g_string_new ("[{\"date\": \"2024-01-01\", \"x\": ");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append (text, "}]");
  a = load_error (text->str, JSON, KPI_DATASET_ERROR_PARSE);
  kpi_test_assert_contains (a, "orders.json:1:92: nesting deeper than 64 levels");

  g_string_erase (text, 0, 1);
  g_string_truncate (text, text->len - 1);
  b = load_error (text->str, LINES, KPI_DATASET_ERROR_PARSE);
  kpi_test_assert_contains (b, "orders.jsonl:1:92: nesting deeper than 64 levels");
}
END_TEST

START_TEST (test_error_member_name)
{
  g_autofree char *a = load_error ("[{\"date\": \"2024-01-01\", \"\": 1}]",
                                   JSON, KPI_DATASET_ERROR_SCHEMA);

  ck_assert_str_eq (a, "orders.json: $[0][\"\"]: a member with an empty name: "
                       "every column needs a name");
}
END_TEST

/* ------------------------------------------------------------------------ */
START_TEST (test_load_path)
{
  g_autofree char *dir = g_dir_make_tmp ("kpi-json-XXXXXX", NULL);
  g_autofree char *json = NULL;
  g_autofree char *jsonl = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(KpiDataset) a = kpi_dataset_new (NULL);
  g_autoptr(KpiDataset) b = kpi_dataset_new (NULL);
  g_autoptr(KpiDataset) c = kpi_dataset_new (NULL);
  GError *error = NULL;

  ck_assert_ptr_nonnull (dir);
  json = kpi_test_write_temp (dir, "orders.json", orders_json, -1);
  jsonl = kpi_test_write_temp (dir, "orders.jsonl", orders_jsonl, -1);
  bad = kpi_test_write_temp (dir, "bad.jsonl", "{\"date\": \"2024-01-01\"}\n{\"date\": \"2024-02-30\"}\n", -1);

  /* The format from the file name; messages name the file */
  ck_assert (kpi_dataset_load_path (a, json, NULL, &error));
  ck_assert (kpi_dataset_load_path (b, jsonl, NULL, &error));
  ck_assert_ptr_null (error);
  assert_orders (a);
  assert_orders (b);
  ck_assert (!kpi_dataset_load_path (c, bad, NULL, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_TIME));
  ck_assert_msg (g_str_has_prefix (error->message, bad), "%s", error->message);
  kpi_test_assert_contains (error->message, "bad.jsonl:2: $.date: invalid date “2024-02-30”");
  g_clear_error (&error);

  g_unlink (json);
  g_unlink (jsonl);
  g_unlink (bad);
  g_rmdir (dir);
}
END_TEST

/* Writes @n rows as a JSON array or JSON Lines; returns the sum of amount. */
static char *
make_rows (gsize     n,
           gboolean  lines,
           double   *sum)
{
  static const char *channels[] = { "online", "mobile", "store" };
  GString *text = g_string_new (lines ? "" : "[\n");

  *sum = 0;
  for (gsize i = 0; i < n; i++)
    {
      double amount = (double) (i % 1000) / 4.0;
      g_string_append_printf (text,
                              "%s{\"date\": \"2024-%02u-%02uT%02u:%02u:00Z\", "
                              "\"channel\": \"%s\", \"customer\": \"C%05u\", "
                              "\"amount\": %.2f, \"units\": %u}%s",
                              lines || i == 0 ? "" : ",\n",
                              (guint) (1 + i % 12), (guint) (1 + i % 28),
                              (guint) (i % 24), (guint) (i % 60),
                              channels[i % 3], (guint) (i % 5000),
                              amount, (guint) (i % 7),
                              lines ? "\n" : "");
      *sum += amount;
    }
  if (!lines)
    g_string_append (text, "\n]\n");
  return g_string_free (text, FALSE);
}

static double
measure_sum (KpiDataset *ds,
             const char *column)
{
  gsize n;
  const double *values = kpi_dataset_get_measure (ds, column, &n);
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += values[i];
  return sum;
}

/* The same rows as JSON and as JSON Lines give the same dataset. */
START_TEST (test_large)
{
  gsize n = 30000;
  double sum_a, sum_b;
  g_autofree char *json = make_rows (n, FALSE, &sum_a);
  g_autofree char *jsonl = make_rows (n, TRUE, &sum_b);
  g_autoptr(KpiDataset) a = load_ok (json, JSON);
  g_autoptr(KpiDataset) b = load_ok (jsonl, LINES);
  gsize n_a, n_b;
  const gint64 *times_a = kpi_dataset_get_times (a, &n_a);
  const gint64 *times_b = kpi_dataset_get_times (b, &n_b);
  gsize dict_size;

  ck_assert_uint_eq (n_a, n);
  ck_assert_uint_eq (n_b, n);
  ck_assert (memcmp (times_a, times_b, n * sizeof (gint64)) == 0);
  ck_assert_double_eq_tol (measure_sum (a, "amount"), sum_a, 1e-6);
  ck_assert_double_eq_tol (measure_sum (b, "amount"), sum_b, 1e-6);
  kpi_dataset_get_dimension_dictionary (a, "customer", &dict_size);
  ck_assert_uint_eq (dict_size, 5000);
  for (guint i = 0; i < n; i += 997)
    ck_assert_str_eq (kpi_dataset_get_dimension_value (a, "channel", i),
                      kpi_dataset_get_dimension_value (b, "channel", i));
}
END_TEST

/* A few megabytes report progress now and then, in bytes, ending at the
 * total. */
START_TEST (test_progress)
{
  for (int lines = 0; lines <= 1; lines++)
    {
      double sum;
      g_autofree char *text = make_rows (40000, lines, &sum);
      g_autoptr(KpiLoadOptions) options = options_new (lines ? LINES : JSON);
      g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
      KpiTestProgress log = { 0, 0, 0, TRUE, NULL };
      GError *error = NULL;
      gsize length = strlen (text);

      ck_assert_uint_gt (length, 4 * 1024 * 1024);
      g_signal_connect (ds, "load-progress", G_CALLBACK (kpi_test_on_progress), &log);
      ck_assert (kpi_test_load_text (ds, text, length, options, &error));
      ck_assert_ptr_null (error);
      ck_assert_msg (log.count >= 4, "%u progress reports", log.count);
      ck_assert (log.monotonic);
      ck_assert_uint_eq (log.last_done, length);
      ck_assert_uint_eq (log.total, length);
    }
}
END_TEST

START_TEST (test_cancelled)
{
  g_autofree char *dir = g_dir_make_tmp ("kpi-json-XXXXXX", NULL);
  g_autofree char *path = kpi_test_write_temp (dir, "orders.json", orders_json, -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  GError *error = NULL;

  g_cancellable_cancel (cancellable);
  ck_assert (!kpi_dataset_load_file (ds, file, NULL, cancellable, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_clear_error (&error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 0);

  g_unlink (path);
  g_rmdir (dir);
}
END_TEST

static void
cancel_on_progress (KpiDataset *ds,
                    guint64     done,
                    guint64     total,
                    gpointer    user_data)
{
  GCancellable *cancellable = user_data;
  guint *count = g_object_get_data (G_OBJECT (cancellable), "count");

  (*count)++;
  g_cancellable_cancel (cancellable);
}

/* Cancelled in the middle of a load: JSON Lines stop within a few thousand
 * lines; a JSON document once json-glib is done with it. */
START_TEST (test_cancelled_midway)
{
  g_autofree char *dir = g_dir_make_tmp ("kpi-json-XXXXXX", NULL);

  for (int lines = 0; lines <= 1; lines++)
    {
      double sum;
      g_autofree char *text = make_rows (40000, lines, &sum);
      g_autofree char *path = kpi_test_write_temp (dir, lines ? "big.jsonl" : "big.json", text, -1);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
      GError *error = NULL;
      guint count = 0;

      g_object_set_data (G_OBJECT (cancellable), "count", &count);
      g_signal_connect (ds, "load-progress", G_CALLBACK (cancel_on_progress), cancellable);
      ck_assert (!kpi_dataset_load_file (ds, file, NULL, cancellable, &error));
      ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
      g_clear_error (&error);
      ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 0);
      if (lines)
        ck_assert_uint_eq (count, 1);
      else
        ck_assert_uint_ge (count, 1);
      g_unlink (path);
    }
  g_rmdir (dir);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "array", test_array },
    { "lines", test_lines },
    { "bom", test_bom },
    { "column-order", test_column_order },
    { "kinds", test_kinds },
    { "forced-kinds", test_forced_kinds },
    { "forced-measure-invalid", test_forced_measure_invalid },
    { "existing-kinds", test_existing_kinds },
    { "declared-schema", test_declared_schema },
    { "empty-array", test_empty_array },
    { "time-column-and-zone", test_time_column_and_zone },
    { "error-syntax", test_error_syntax },
    { "error-broken-escape-message", test_error_broken_escape_message },
    { "error-not-array", test_error_not_array },
    { "error-element", test_error_element },
    { "error-bad-date", test_error_bad_date },
    { "error-missing-time", test_error_missing_time },
    { "error-no-time-column", test_error_no_time_column },
    { "error-time-number", test_error_time_number },
    { "error-empty", test_error_empty },
    { "error-encoding", test_error_encoding },
    { "error-nested", test_error_nested },
    { "error-huge-number", test_error_huge_number },
    { "error-hex", test_error_hex },
    { "error-trailing", test_error_trailing },
    { "error-deep", test_error_deep },
    { "error-member-name", test_error_member_name },
    { "load-path", test_load_path },
    { "large", test_large },
    { "progress", test_progress },
    { "cancelled", test_cancelled },
    { "cancelled-midway", test_cancelled_midway },
  };

  return kpi_test_run ("dataset-json", cases, G_N_ELEMENTS (cases), 120);
}
