/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of loading CSV into a KpiDataset, through the public API only: the
 * RFC 4180 dialect (quotes, delimiters, line ends, BOM), numbers as French
 * exports write them, ISO 8601 times in a zone, column kinds (guessed,
 * forced, imposed by the dataset), and every error with the position and
 * text it names.  Bad input of any kind must give an error, never a crash. */

#include <math.h>
#include <string.h>
#include <check.h>
#include "kpi-test.h"
#include <glib/gstdio.h>
#include <libkpi/kpi.h>

static gint64
utc (int year, int month, int day, int hour, int minute, double seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, seconds);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static gint64
zoned (GTimeZone *zone, int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (zone, year, month, day, hour, minute, 0);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static KpiLoadOptions *
options_new (void)
{
  KpiLoadOptions *options = kpi_load_options_new ();

  kpi_load_options_set_format (options, KPI_FILE_FORMAT_CSV);
  kpi_load_options_set_source_name (options, "orders.csv");
  return options;
}

static KpiDataset *
load_ok (const char *text)
{
  g_autoptr(KpiLoadOptions) options = options_new ();

  return kpi_test_load (text, options);
}

/* Loads text that must fail with @code (see kpi_test_load_error()); a
 * negative @length reads up to the NUL. */
static char *
load_error_full (const char     *text,
                 gssize          length,
                 KpiLoadOptions *options,
                 int             code)
{
  return kpi_test_load_error (text, length < 0 ? strlen (text) : (gsize) length, options, code);
}

static char *
load_error (const char *text,
            int         code)
{
  g_autoptr(KpiLoadOptions) options = options_new ();

  return load_error_full (text, -1, options, code);
}

static double
measure (KpiDataset *ds,
         const char *column,
         guint       row)
{
  double value;

  if (!kpi_dataset_get_measure_value (ds, column, row, &value))
    return NAN;
  return value;
}

static KpiColumnKind
kind_of (KpiDataset *ds,
         const char *column)
{
  guint index;
  KpiColumnKind kind;

  if (!kpi_dataset_lookup_column (ds, column, &index, &kind))
    ck_abort_msg ("no column %s", column);
  return kind;
}

/* ------------------------------------------------------------------------ */

static const char orders_csv[] =
  "date,order_id,customer,channel,amount,cost\n"
  "2024-03-15,1001,C001,online,123.45,80.12\n"
  "2024-03-15,1002,C002,store,99,60.5\n"
  "2024-03-16,1003,C001,mobile,-7.25,\n"
  "2024-03-17,1004,,online,,1e3\n";

/* A plain file: kinds guessed, values, missing cells, times. */
START_TEST (test_basic)
{
  g_autoptr(KpiDataset) ds = load_ok (orders_csv);
  g_auto(GStrv) dims = NULL;
  gsize n;
  const gint64 *times;

  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 4);
  ck_assert_uint_eq (kpi_dataset_get_n_columns (ds), 6);
  ck_assert_int_eq (kind_of (ds, "date"), KPI_COLUMN_TIME);
  ck_assert_int_eq (kind_of (ds, "order_id"), KPI_COLUMN_MEASURE);
  ck_assert_int_eq (kind_of (ds, "customer"), KPI_COLUMN_DIMENSION);
  ck_assert_int_eq (kind_of (ds, "channel"), KPI_COLUMN_DIMENSION);
  ck_assert_int_eq (kind_of (ds, "amount"), KPI_COLUMN_MEASURE);
  ck_assert_int_eq (kind_of (ds, "cost"), KPI_COLUMN_MEASURE);

  times = kpi_dataset_get_times (ds, &n);
  ck_assert_uint_eq (n, 4);
  ck_assert_int_eq (times[0], utc (2024, 3, 15, 0, 0, 0));
  ck_assert_int_eq (times[1], utc (2024, 3, 15, 0, 0, 0));
  ck_assert_int_eq (times[2], utc (2024, 3, 16, 0, 0, 0));
  ck_assert_int_eq (times[3], utc (2024, 3, 17, 0, 0, 0));

  ck_assert_double_eq (measure (ds, "order_id", 3), 1004);
  ck_assert_double_eq (measure (ds, "amount", 0), 123.45);
  ck_assert_double_eq (measure (ds, "amount", 1), 99);
  ck_assert_double_eq (measure (ds, "amount", 2), -7.25);
  ck_assert (isnan (measure (ds, "amount", 3)));
  ck_assert (isnan (measure (ds, "cost", 2)));
  ck_assert_double_eq (measure (ds, "cost", 3), 1000);

  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "customer", 0), "C001");
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "customer", 2), "C001");
  ck_assert_ptr_null (kpi_dataset_get_dimension_value (ds, "customer", 3));
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "channel", 1), "store");

  /* Codes in order of first appearance */
  dims = kpi_dataset_dup_dimension_values (ds, "channel");
  ck_assert_uint_eq (g_strv_length (dims), 4);
  {
    const char * const *dict = kpi_dataset_get_dimension_dictionary (ds, "channel", &n);
    ck_assert_uint_eq (n, 3);
    ck_assert_str_eq (dict[0], "online");
    ck_assert_str_eq (dict[1], "store");
    ck_assert_str_eq (dict[2], "mobile");
  }
}
END_TEST

/* RFC 4180 quoting: delimiters, doubled quotes and line breaks inside
 * quotes, quoted header names, quoted numbers and dates. */
START_TEST (test_quoted)
{
  static const char text[] =
    "\"date\",\"the \"\"name\"\"\",note,\"amount\"\n"
    "\"2024-01-02\",\"Smith, John\",\"line one\nline two\",\"12.5\"\n"
    "2024-01-03,\"say \"\"hi\"\"\",\"\",\"\"\n"
    "2024-01-04,\"\"\"\",a \"quoted\" word,7\n";
  g_autoptr(KpiDataset) ds = load_ok (text);

  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 3);
  ck_assert_int_eq (kind_of (ds, "the \"name\""), KPI_COLUMN_DIMENSION);
  ck_assert_int_eq (kind_of (ds, "note"), KPI_COLUMN_DIMENSION);
  ck_assert_int_eq (kind_of (ds, "amount"), KPI_COLUMN_MEASURE);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "the \"name\"", 0), "Smith, John");
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "the \"name\"", 1), "say \"hi\"");
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "the \"name\"", 2), "\"");
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "note", 0), "line one\nline two");
  ck_assert_ptr_null (kpi_dataset_get_dimension_value (ds, "note", 1));
  /* A quote inside an unquoted field is an ordinary character */
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "note", 2), "a \"quoted\" word");
  ck_assert_double_eq (measure (ds, "amount", 0), 12.5);
  ck_assert (isnan (measure (ds, "amount", 1)));
  ck_assert_int_eq (kpi_dataset_get_time (ds, 0), utc (2024, 1, 2, 0, 0, 0));
}
END_TEST

/* Many quoted values with "" in a row: each is unescaped on its own. */
START_TEST (test_quoted_many)
{
  GString *text = g_string_new ("date,a,b,c\n");
  g_autoptr(KpiDataset) ds = NULL;

  for (int i = 0; i < 2000; i++)
    g_string_append_printf (text, "2024-01-01,\"a\"\"%d\",\"b\"\"%d\"\"\",\"%d\"\n", i, i % 7, i);
  ds = load_ok (text->str);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 2000);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "a", 1234), "a\"1234");
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "b", 1234), "b\"2\"");
  ck_assert_double_eq (measure (ds, "c", 1999), 1999);
  g_string_free (text, TRUE);
}
END_TEST

/* Other delimiters, set by the options; a .tsv file reads tabs. */
START_TEST (test_delimiter)
{
  g_autoptr(KpiLoadOptions) options = options_new ();
  g_autoptr(KpiDataset) semi = NULL;
  g_autoptr(KpiDataset) tab = NULL;
  g_autoptr(KpiDataset) pipe = NULL;
  g_autoptr(KpiDataset) tsv = kpi_dataset_new (NULL);
  g_autofree char *dir = g_dir_make_tmp ("kpi-csv-XXXXXX", NULL);
  g_autofree char *path = NULL;
  GError *error = NULL;

  kpi_load_options_set_delimiter (options, ";", NULL);
  semi = kpi_test_load ("date;region;amount\n2024-01-01;north, east;1.5\n", options);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (semi, "region", 0), "north, east");
  ck_assert_double_eq (measure (semi, "amount", 0), 1.5);

  kpi_load_options_set_delimiter (options, "\t", NULL);
  tab = kpi_test_load ("date\tregion\tamount\n2024-01-01\tnorth;x\t2\n", options);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (tab, "region", 0), "north;x");

  kpi_load_options_set_delimiter (options, "|", NULL);
  pipe = kpi_test_load ("date|region|amount\n2024-01-01|\"a|b\"|3\n", options);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (pipe, "region", 0), "a|b");
  ck_assert_double_eq (measure (pipe, "amount", 0), 3);

  path = kpi_test_write_temp (dir, "orders.tsv", "date\tregion\tamount\n2024-01-01\tnorth\t4\n", -1);
  ck_assert (kpi_dataset_load_path (tsv, path, NULL, &error));
  ck_assert_ptr_null (error);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (tsv, "region", 0), "north");
  ck_assert_double_eq (measure (tsv, "amount", 0), 4);
  g_unlink (path);
  g_rmdir (dir);
}
END_TEST

/* A UTF-8 byte order mark is skipped; UTF-8 text is kept as is. */
START_TEST (test_bom)
{
  g_autoptr(KpiDataset) ds = load_ok ("\xef\xbb\xbf" "date,région\n2024-01-01,Île-de-France\n");

  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 1);
  ck_assert_str_eq (kpi_dataset_get_column_name (ds, 0), "date");
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "région", 0), "Île-de-France");
}
END_TEST

/* French-language exports: ';' between fields, a decimal comma, spaces
 * (plain, no-break U+00A0, narrow no-break U+202F) between digit groups. */
START_TEST (test_french_numbers)
{
  g_autoptr(KpiLoadOptions) options = options_new ();
  g_autoptr(KpiDataset) ds = NULL;

  kpi_load_options_set_delimiter (options, ";", NULL);
  kpi_load_options_use_french_numbers (options);
  ds = kpi_test_load ("date;montant;taux\n"
                      "2024-01-01;1 234,56;0,5\n"
                      "2024-01-02;1\xc2\xa0" "234\xc2\xa0" "567,8;-3\n"
                      "2024-01-03;12\xe2\x80\xaf" "345;+1,25e2\n"
                      "2024-01-04; 999 ;\n", options);
  ck_assert_int_eq (kind_of (ds, "montant"), KPI_COLUMN_MEASURE);
  ck_assert_double_eq (measure (ds, "montant", 0), 1234.56);
  ck_assert_double_eq (measure (ds, "montant", 1), 1234567.8);
  ck_assert_double_eq (measure (ds, "montant", 2), 12345);
  ck_assert_double_eq (measure (ds, "montant", 3), 999);
  ck_assert_double_eq (measure (ds, "taux", 0), 0.5);
  ck_assert_double_eq (measure (ds, "taux", 1), -3);
  ck_assert_double_eq (measure (ds, "taux", 2), 125);
  ck_assert (isnan (measure (ds, "taux", 3)));
}
END_TEST

/* Badly grouped digits are not numbers: the column is text. */
START_TEST (test_thousands_groups)
{
  g_autoptr(KpiLoadOptions) options = options_new ();
  g_autoptr(KpiDataset) good = NULL;
  g_autoptr(KpiDataset) bad = NULL;

  kpi_load_options_set_thousands_separator (options, ",", NULL);
  good = kpi_test_load ("date,amount\n2024-01-01,\"1,234,567.5\"\n2024-01-02,\"12,345\"\n", options);
  ck_assert_double_eq (measure (good, "amount", 0), 1234567.5);
  ck_assert_double_eq (measure (good, "amount", 1), 12345);

  bad = kpi_test_load ("date,amount\n2024-01-01,\"1,23\"\n", options);
  ck_assert_int_eq (kind_of (bad, "amount"), KPI_COLUMN_DIMENSION);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (bad, "amount", 0), "1,23");
}
END_TEST

/* Numbers are the correctly rounded doubles, as g_ascii_strtod gives them,
 * on the fast path and off it. */
START_TEST (test_number_rounding)
{
  static const char *const numbers[] = {
    "0", "-0", "1", "0.1", "0.2", "0.3", "123.45", "80.12", "-7.25",
    "9007199254740992", "9007199254740993", "9007199254740995",
    "18446744073709551615", "18446744073709551616", "123456789012345678901234567890",
    "0.000001", "1e22", "1e23", "1.7976931348623157e308", "2.2250738585072014e-308",
    "4.9e-324", "1e-400", "3.14159265358979323846264338327950288",
    "0.1000000000000000055511151231257827021181583404541015625",
    "2.00000000000000011102230246251565404236316680908203125",
    "1.5e-5", ".5", "5.", "+42", "00012", "1E5", "1e+05", "7e-0",
    "  12.5  ",
  };
  GString *text = g_string_new ("date,x\n");
  g_autoptr(KpiDataset) ds = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (numbers); i++)
    g_string_append_printf (text, "2024-01-01,%s\n", numbers[i]);
  ds = load_ok (text->str);
  ck_assert_int_eq (kind_of (ds, "x"), KPI_COLUMN_MEASURE);
  for (gsize i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      double expected = g_ascii_strtod (numbers[i], NULL);
      double got = measure (ds, "x", i);

      ck_assert_msg (memcmp (&got, &expected, sizeof got) == 0,
                     "%s: got %.17g, expected %.17g", numbers[i], got, expected);
    }
  g_string_free (text, TRUE);
}
END_TEST

/* Random numbers of every length and shape, against g_ascii_strtod. */
START_TEST (test_number_random)
{
  GRand *rand = g_rand_new_with_seed (53);
  GString *text = g_string_new ("date,x,y\n");
  GPtrArray *numbers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KpiDataset) ds = NULL;
  int n = 50000;

  for (int i = 0; i < n; i++)
    {
      GString *number = g_string_new (NULL);
      int n_digits = g_rand_int_range (rand, 1, i % 10 == 0 ? 30 : 18);
      int dot = g_rand_int_range (rand, -1, n_digits + 1);

      if (g_rand_boolean (rand))
        g_string_append_c (number, '-');
      for (int k = 0; k < n_digits; k++)
        {
          if (k == dot)
            g_string_append_c (number, '.');
          g_string_append_c (number, '0' + g_rand_int_range (rand, 0, 10));
        }
      if (dot == n_digits)
        g_string_append_c (number, '.');
      if (i % 7 == 0)
        g_string_append_printf (number, "e%d", g_rand_int_range (rand, -30, 30));
      /* The second column has the number last on its line, to test the
       * end of the data too */
      g_string_append_printf (text, "2024-01-01,%s,%s\n", number->str, number->str);
      g_ptr_array_add (numbers, g_string_free (number, FALSE));
    }
  g_string_truncate (text, text->len - 1);
  ds = load_ok (text->str);
  ck_assert_int_eq (kind_of (ds, "x"), KPI_COLUMN_MEASURE);
  for (int i = 0; i < n; i++)
    {
      const char *number = g_ptr_array_index (numbers, i);
      double expected = g_ascii_strtod (number, NULL);
      double x = measure (ds, "x", i);
      double y = measure (ds, "y", i);

      ck_assert_msg (memcmp (&x, &expected, sizeof x) == 0 && memcmp (&y, &expected, sizeof y) == 0,
                     "%s: got %.17g and %.17g, expected %.17g", number, x, y, expected);
    }
  g_ptr_array_unref (numbers);
  g_string_free (text, TRUE);
  g_rand_free (rand);
}
END_TEST

/* What is not a number, in a column forced to be a measure. */
START_TEST (test_number_rejects)
{
  static const char *const rejects[] = {
    "nan", "NaN", "inf", "-Infinity", "0x10", "1e400", "-1e309", "1.2.3", "--1",
    "1e", "e5", ".", "-", "1 000", "1,5", "12abc", "1_000", "١٢", "+-1",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rejects); i++)
    {
      g_autoptr(KpiLoadOptions) options = options_new ();
      g_autofree char *text = g_strdup_printf ("date,x\n2024-01-01,\"%s\"\n", rejects[i]);
      g_autofree char *message = NULL;
      g_autofree char *quoted = g_strdup_printf ("“%s”", rejects[i]);

      kpi_load_options_set_column_kind (options, "x", KPI_COLUMN_MEASURE);
      message = load_error_full (text, -1, options, KPI_DATASET_ERROR_INVALID_NUMBER);
      kpi_test_assert_contains (message, "orders.csv:2:12: invalid number");
      kpi_test_assert_contains (message, quoted);
      kpi_test_assert_contains (message, "in measure column “x”");
    }
}
END_TEST

/* ISO 8601 dates and date-times, with and without offsets. */
START_TEST (test_times)
{
  static const struct {
    const char *text;
    int y, mo, d, h, mi, s, usec;
    int offset_minutes;   /* east of UTC */
  } cases[] = {
    { "2024-03-15", 2024, 3, 15, 0, 0, 0, 0, 0 },
    { "2024-02-29", 2024, 2, 29, 0, 0, 0, 0, 0 },
    { "2000-02-29", 2000, 2, 29, 0, 0, 0, 0, 0 },
    { "1969-12-31", 1969, 12, 31, 0, 0, 0, 0, 0 },
    { "1900-03-01", 1900, 3, 1, 0, 0, 0, 0, 0 },
    { "2024-03-15T10:20", 2024, 3, 15, 10, 20, 0, 0, 0 },
    { "2024-03-15 10:20:30", 2024, 3, 15, 10, 20, 30, 0, 0 },
    { "2024-03-15T10:20:30.5", 2024, 3, 15, 10, 20, 30, 500000, 0 },
    { "2024-03-15T10:20:30,250", 2024, 3, 15, 10, 20, 30, 250000, 0 },
    { "2024-03-15T10:20:30.123456789", 2024, 3, 15, 10, 20, 30, 123456, 0 },
    { "2024-03-15T10:20:30Z", 2024, 3, 15, 10, 20, 30, 0, 0 },
    { "2024-03-15T10:20:30+02:00", 2024, 3, 15, 10, 20, 30, 0, 120 },
    { "2024-03-15T10:20-05:30", 2024, 3, 15, 10, 20, 0, 0, -330 },
    { "2024-03-15T10:20:30+0100", 2024, 3, 15, 10, 20, 30, 0, 60 },
    { "2024-03-15T23:59:59+14", 2024, 3, 15, 23, 59, 59, 0, 840 },
    { "2024-01-01T00:30:00.000+01:00", 2024, 1, 1, 0, 30, 0, 0, 60 },
  };
  GString *text = g_string_new ("date,n\n");
  g_autoptr(KpiDataset) ds = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_string_append_printf (text, "\"%s\",%" G_GSIZE_FORMAT "\n", cases[i].text, i);
  ds = load_ok (text->str);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 expected = utc (cases[i].y, cases[i].mo, cases[i].d, cases[i].h,
                             cases[i].mi, cases[i].s) + cases[i].usec -
                        (gint64) cases[i].offset_minutes * 60 * G_USEC_PER_SEC;
      gint64 got = kpi_dataset_get_time (ds, i);

      ck_assert_msg (got == expected, "%s: got %" G_GINT64_FORMAT ", expected %"
                     G_GINT64_FORMAT, cases[i].text, got, expected);
    }
  g_string_free (text, TRUE);
}
END_TEST

/* Local times are in the zone of the options, with GDateTime's handling of
 * daylight saving time; an explicit offset wins over the zone. */
START_TEST (test_time_zone)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GTimeZone) plus3 = g_time_zone_new_offset (3 * 3600);
  g_autoptr(KpiLoadOptions) options = options_new ();
  g_autoptr(KpiDataset) fixed = NULL;
  g_autoptr(KpiDataset) ds = NULL;

  kpi_load_options_set_time_zone (options, plus3);
  fixed = kpi_test_load ("date,n\n2024-06-01,1\n2024-06-01T12:00,2\n2024-06-01T12:00Z,3\n", options);
  ck_assert_int_eq (kpi_dataset_get_time (fixed, 0), utc (2024, 5, 31, 21, 0, 0));
  ck_assert_int_eq (kpi_dataset_get_time (fixed, 1), utc (2024, 6, 1, 9, 0, 0));
  ck_assert_int_eq (kpi_dataset_get_time (fixed, 2), utc (2024, 6, 1, 12, 0, 0));

  if (paris == NULL)
    return;   /* no time zone database */
  kpi_load_options_set_time_zone (options, paris);
  ds = kpi_test_load ("date,n\n"
                      "2024-01-15,1\n"
                      "2024-07-15,2\n"
                      "2024-03-31T01:59,3\n"
                      "2024-03-31T02:30,4\n"   /* in the spring gap */
                      "2024-03-31T03:00,5\n"
                      "2024-10-27T02:30,6\n"   /* twice that night */
                      "2024-10-27T03:30,7\n"
                      "2024-03-31,8\n"
                      "2024-07-15T08:00+00:00,9\n", options);
  ck_assert_int_eq (kpi_dataset_get_time (ds, 0), utc (2024, 1, 14, 23, 0, 0));
  ck_assert_int_eq (kpi_dataset_get_time (ds, 1), utc (2024, 7, 14, 22, 0, 0));
  ck_assert_int_eq (kpi_dataset_get_time (ds, 2), zoned (paris, 2024, 3, 31, 1, 59));
  ck_assert_int_eq (kpi_dataset_get_time (ds, 3), zoned (paris, 2024, 3, 31, 2, 30));
  ck_assert_int_eq (kpi_dataset_get_time (ds, 4), zoned (paris, 2024, 3, 31, 3, 0));
  ck_assert_int_eq (kpi_dataset_get_time (ds, 4), utc (2024, 3, 31, 1, 0, 0));
  ck_assert_int_eq (kpi_dataset_get_time (ds, 5), zoned (paris, 2024, 10, 27, 2, 30));
  ck_assert_int_eq (kpi_dataset_get_time (ds, 6), utc (2024, 10, 27, 2, 30, 0));
  ck_assert_int_eq (kpi_dataset_get_time (ds, 7), utc (2024, 3, 30, 23, 0, 0));
  ck_assert_int_eq (kpi_dataset_get_time (ds, 8), utc (2024, 7, 15, 8, 0, 0));
}
END_TEST

/* A year of hourly local times in a zone with DST, every one as GDateTime
 * reads it (the parser caches offsets per day and per hour). */
START_TEST (test_time_zone_year)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/New_York");
  g_autoptr(KpiLoadOptions) options = options_new ();
  g_autoptr(KpiDataset) ds = NULL;
  g_autoptr(GDateTime) start = NULL;
  GString *text = g_string_new ("date,n\n");
  int n = 366 * 24;

  if (zone == NULL)
    return;
  start = g_date_time_new_utc (2024, 1, 1, 0, 0, 0);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(GDateTime) t = g_date_time_add_minutes (start, i * 60 + 17);
      g_autofree char *s = g_date_time_format (t, "%Y-%m-%dT%H:%M:%S");
      g_string_append_printf (text, "%s,%d\n", s, i);
    }
  kpi_load_options_set_time_zone (options, zone);
  ds = kpi_test_load (text->str, options);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(GDateTime) t = g_date_time_add_minutes (start, i * 60 + 17);
      g_autoptr(GDateTime) local = g_date_time_new (zone, g_date_time_get_year (t),
                                                    g_date_time_get_month (t),
                                                    g_date_time_get_day_of_month (t),
                                                    g_date_time_get_hour (t),
                                                    g_date_time_get_minute (t), 0);
      ck_assert_int_eq (kpi_dataset_get_time (ds, i),
                        g_date_time_to_unix (local) * G_USEC_PER_SEC);
    }
  g_string_free (text, TRUE);
}
END_TEST

/* The time column is the one the options name. */
START_TEST (test_time_column)
{
  g_autoptr(KpiLoadOptions) options = options_new ();
  g_autoptr(KpiDataset) ds = kpi_dataset_new ("day");
  GError *error = NULL;
  static const char text[] = "amount,day,date\n5,2024-02-01,not a date\n";

  kpi_load_options_set_time_column (options, "day", NULL);
  ck_assert (kpi_test_load_text (ds, text, strlen (text), options, &error));
  ck_assert_ptr_null (error);
  ck_assert_int_eq (kpi_dataset_get_time (ds, 0), utc (2024, 2, 1, 0, 0, 0));
  ck_assert_int_eq (kind_of (ds, "date"), KPI_COLUMN_DIMENSION);
  ck_assert_int_eq (kind_of (ds, "amount"), KPI_COLUMN_MEASURE);
}
END_TEST

/* Kind guessing: a column is a measure while every value is a number; the
 * first text makes it a dimension, even far down the file; a column with no
 * value at all is a measure. */
START_TEST (test_kinds)
{
  GString *text = g_string_new ("date,late,code,empty,num\n");
  g_autoptr(KpiDataset) ds = NULL;
  double sum = 0;
  int n = 100000;

  for (int i = 0; i < n; i++)
    {
      g_string_append_printf (text, "2024-01-%02d,%s,%05d,,%d.25\n", 1 + i % 28,
                              i == 70000 ? "N/A" : "12", i % 1000, i);
      sum += i + 0.25;
    }
  ds = load_ok (text->str);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), n);
  ck_assert_int_eq (kind_of (ds, "late"), KPI_COLUMN_DIMENSION);
  ck_assert_int_eq (kind_of (ds, "code"), KPI_COLUMN_MEASURE);
  ck_assert_int_eq (kind_of (ds, "empty"), KPI_COLUMN_MEASURE);
  ck_assert_int_eq (kind_of (ds, "num"), KPI_COLUMN_MEASURE);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "late", 0), "12");
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "late", 70000), "N/A");
  ck_assert (isnan (measure (ds, "empty", 5)));
  ck_assert_double_eq (measure (ds, "code", 1007), 7);
  {
    gsize rows;
    const double *values = kpi_dataset_get_measure (ds, "num", &rows);
    double total = 0;

    ck_assert_uint_eq (rows, n);
    for (gsize i = 0; i < rows; i++)
      total += values[i];
    ck_assert_double_eq (total, sum);
  }
  g_string_free (text, TRUE);
}
END_TEST

/* Forced kinds: numeric codes kept as text; a forced measure fails on text
 * with the position of the value. */
START_TEST (test_forced_kinds)
{
  g_autoptr(KpiLoadOptions) options = options_new ();
  g_autoptr(KpiDataset) ds = NULL;
  g_autofree char *message = NULL;

  kpi_load_options_set_column_kind (options, "zip", KPI_COLUMN_DIMENSION);
  kpi_load_options_set_column_kind (options, "amount", KPI_COLUMN_MEASURE);
  ds = kpi_test_load ("date,zip,amount\n2024-01-01,01234,5\n2024-01-02,75001,\n", options);
  ck_assert_int_eq (kind_of (ds, "zip"), KPI_COLUMN_DIMENSION);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "zip", 0), "01234");
  ck_assert_int_eq (kind_of (ds, "amount"), KPI_COLUMN_MEASURE);

  message = load_error_full ("date,zip,amount\n2024-01-01,01234,5\n2024-01-02,75001,n/a\n",
                             -1, options, KPI_DATASET_ERROR_INVALID_NUMBER);
  ck_assert_str_eq (message, "orders.csv:3:18: invalid number “n/a” in measure column "
                    "“amount”: expected a number such as 1234.56, or nothing");
}
END_TEST

/* A dataset that has columns imposes their kinds on the next load. */
START_TEST (test_existing_kinds)
{
  g_autoptr(KpiDataset) ds = load_ok ("date,store,amount\n2024-01-01,north,5\n");
  g_autoptr(KpiLoadOptions) options = options_new ();
  GError *error = NULL;
  static const char more[] = "date,store,amount\n2024-01-02,42,6\n2024-01-03,,\n";
  static const char bad[] = "date,store,amount\n2024-01-04,south,lots\n";

  ck_assert (kpi_test_load_text (ds, more, strlen (more), options, &error));
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 3);
  ck_assert_int_eq (kind_of (ds, "store"), KPI_COLUMN_DIMENSION);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "store", 1), "42");
  ck_assert_ptr_null (kpi_dataset_get_dimension_value (ds, "store", 2));
  ck_assert_double_eq (measure (ds, "amount", 1), 6);

  /* A failed load leaves the dataset as it was */
  ck_assert (!kpi_test_load_text (ds, bad, strlen (bad), options, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_NUMBER));
  g_clear_error (&error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 3);
}
END_TEST

/* Columns declared before any row is loaded keep their kinds. */
START_TEST (test_declared_schema)
{
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  GError *error = NULL;
  static const char text[] = "date,zip,amount\n2024-01-01,01234,5\n";

  ck_assert (kpi_dataset_add_column (ds, "zip", KPI_COLUMN_DIMENSION, &error));
  ck_assert (kpi_dataset_add_column (ds, "amount", KPI_COLUMN_MEASURE, &error));
  ck_assert (kpi_test_load_text (ds, text, strlen (text), NULL, &error));
  ck_assert_ptr_null (error);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "zip", 0), "01234");
}
END_TEST

/* LF, CRLF and CR line ends; a last line without a line break; empty
 * lines at the end are not rows. */
START_TEST (test_line_ends)
{
  static const char *const texts[] = {
    "date,a,b\n2024-01-01,x,1\n2024-01-02,y,2\n",
    "date,a,b\r\n2024-01-01,x,1\r\n2024-01-02,y,2\r\n",
    "date,a,b\r2024-01-01,x,1\r2024-01-02,y,2\r",
    "date,a,b\n2024-01-01,x,1\n2024-01-02,y,2",
    "date,a,b\r\n2024-01-01,x,1\r\n2024-01-02,y,2",
    "date,a,b\n2024-01-01,x,1\r\n2024-01-02,y,2\n\n",
    "date,a,b\n2024-01-01,x,1\n2024-01-02,y,2\n\r\n\n\r\n",
    "date,a,b\n2024-01-01,\"x\",1\n2024-01-02,\"y\",\"2\"",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(KpiDataset) ds = load_ok (texts[i]);

      ck_assert_msg (kpi_dataset_get_n_rows (ds) == 2, "text %" G_GSIZE_FORMAT, i);
      ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "a", 1), "y");
      ck_assert_double_eq (measure (ds, "b", 1), 2);
      ck_assert_int_eq (kpi_dataset_get_time (ds, 1), utc (2024, 1, 2, 0, 0, 0));
    }
}
END_TEST

/* Trailing delimiters: an empty last field, at the end of the data too. */
START_TEST (test_empty_last_field)
{
  g_autoptr(KpiDataset) ds = load_ok ("date,a,b\n2024-01-01,x,\n2024-01-02,,");

  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 2);
  ck_assert (isnan (measure (ds, "b", 0)));
  ck_assert (isnan (measure (ds, "b", 1)));
  ck_assert_ptr_null (kpi_dataset_get_dimension_value (ds, "a", 1));
}
END_TEST

/* A header alone is a valid file: no rows, the columns of the header, all
 * measures (no value says otherwise). */
START_TEST (test_header_only)
{
  static const char *const texts[] = {
    "date,region,amount\n", "date,region,amount", "date , region,amount\r\n\r\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(KpiDataset) ds = load_ok (texts[i]);

      ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 0);
      ck_assert_uint_eq (kpi_dataset_get_n_columns (ds), 3);
      ck_assert_int_eq (kind_of (ds, "region"), KPI_COLUMN_MEASURE);
      ck_assert_int_eq (kind_of (ds, "amount"), KPI_COLUMN_MEASURE);
    }
}
END_TEST

/* A single column file: the time column alone. */
START_TEST (test_single_column)
{
  g_autoptr(KpiDataset) ds = load_ok ("date\n2024-01-01\n2024-01-02\n");
  g_autofree char *message = NULL;

  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 2);
  /* An empty line in the middle is a row with an empty time */
  message = load_error ("date\n2024-01-01\n\n2024-01-02\n", KPI_DATASET_ERROR_INVALID_TIME);
  ck_assert_str_eq (message, "orders.csv:3:1: empty value in time column “date”: "
                    "expected an ISO 8601 date (YYYY-MM-DD) or date-time");
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Errors */

START_TEST (test_error_ragged)
{
  g_autofree char *few = load_error ("date,a,b\n2024-01-01,x,1\n2024-01-02,y\n2024-01-03,z,3\n",
                                     KPI_DATASET_ERROR_PARSE);
  g_autofree char *many = load_error ("date,a,b\n2024-01-01,x,1\n2024-01-02,y,2,3,\"4,5\"\n",
                                      KPI_DATASET_ERROR_PARSE);
  g_autofree char *last = load_error ("date,a,b\n2024-01-01,x,1\n2024-01-02", KPI_DATASET_ERROR_PARSE);

  ck_assert_str_eq (few, "orders.csv:3:13: too few fields in row “2024-01-02,y”: "
                    "expected 3 fields, found 2");
  ck_assert_str_eq (many, "orders.csv:3:16: too many fields in row “2024-01-02,y,2,3,\"4,5\"”: "
                    "expected 3 fields, found 5");
  kpi_test_assert_contains (last, "orders.csv:3:11: too few fields");
  kpi_test_assert_contains (last, "expected 3 fields, found 1");
}
END_TEST

/* An empty line in the middle of a file of several columns is an error. */
START_TEST (test_error_empty_line)
{
  g_autofree char *message = load_error ("date,a\n2024-01-01,x\n\n2024-01-02,y\n",
                                         KPI_DATASET_ERROR_PARSE);
  g_autofree char *crlf = load_error ("date,a\r\n2024-01-01,x\r\n\r\n2024-01-02,y\r\n",
                                      KPI_DATASET_ERROR_PARSE);

  ck_assert_str_eq (message, "orders.csv:3:1: empty line: expected 2 fields");
  ck_assert_str_eq (crlf, "orders.csv:3:1: empty line: expected 2 fields");
}
END_TEST

/* The example of the documentation, and the column counted in characters. */
START_TEST (test_error_bad_date)
{
  g_autofree char *message = load_error ("date,a\n2024-01-01,x\n2024-13-01,y\n",
                                         KPI_DATASET_ERROR_INVALID_TIME);
  g_autofree char *column = load_error ("région,date\nÎle,2024-01-01\nÎle,2024-02-30\n",
                                        KPI_DATASET_ERROR_INVALID_TIME);

  ck_assert_str_eq (message, "orders.csv:3:1: invalid date “2024-13-01” in column “date”: "
                    "expected an ISO 8601 date (YYYY-MM-DD) or date-time");
  ck_assert_str_eq (column, "orders.csv:3:5: invalid date “2024-02-30” in column “date”: "
                    "expected an ISO 8601 date (YYYY-MM-DD) or date-time");
}
END_TEST

/* Every malformed or out of range time is refused. */
START_TEST (test_error_bad_times)
{
  static const char *const bad[] = {
    "2023-02-29", "2024-04-31", "2024-00-10", "2024-01-00", "2024-1-5", "24-01-05",
    "2024/01/05", "20240105", "2024-01-05T24:00", "2024-01-05T12:60", "2024-01-05T12:30:60",
    "2024-01-05T12", "2024-01-05T1:30", "2024-01-05T12:30:", "2024-01-05T12:30:00.",
    "2024-01-05T12:30+25:00", "2024-01-05T12:30+01:60", "2024-01-05T12:30+1",
    "2024-01-05T12:30Zjunk", "2024-01-05x", "2024-01-05T", "2024-01-05T ", "tomorrow",
    "2024-01-05T12:30:00.5Z+01:00", "１２３４-01-05",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strdup_printf ("date,a\n2024-01-01,x\n\"%s\",y\n", bad[i]);
      g_autofree char *message = load_error (text, KPI_DATASET_ERROR_INVALID_TIME);

      kpi_test_assert_contains (message, "orders.csv:3:1: ");
    }
}
END_TEST

START_TEST (test_error_empty_time)
{
  g_autofree char *message = load_error ("date,a\n2024-01-01,x\n,y\n",
                                         KPI_DATASET_ERROR_INVALID_TIME);

  ck_assert_str_eq (message, "orders.csv:3:1: empty value in time column “date”: "
                    "expected an ISO 8601 date (YYYY-MM-DD) or date-time");
}
END_TEST

/* Not UTF-8: UTF-16 and UTF-32, invalid bytes in a name or a value, NUL
 * bytes anywhere. */
START_TEST (test_error_encoding)
{
#define T(s) s, sizeof (s) - 1
  static const struct {
    const char *text;
    gssize length;
    const char *expected;
  } cases[] = {
    { T ("\xff\xfe" "d\0a\0t\0e\0"), "orders.csv:1:1: UTF-16" },
    { T ("\xfe\xff" "\0d\0a\0t\0e"), "orders.csv:1:1: UTF-16" },
    { T ("\0\0\xfe\xff" "\0\0\0d"), "orders.csv:1:1: NUL byte" },
    { T ("d\0a\0t\0e\0,\0a\0\n\0"), "orders.csv:1:1: NUL byte" },
    { T ("date,r\xe9gion\n2024-01-01,x\n"), "orders.csv:1:6: invalid UTF-8 in the header “r\xef\xbf\xbdgion”" },
    { T ("date,region\n2024-01-01,x\n2024-01-02,\xce\xe9le\n"),
      "orders.csv:3:12: invalid UTF-8 in a value of column “region” “\xef\xbf\xbd\xef\xbf\xbdle”" },
    { T ("date,region\n2024-01-01,x\n2024-01-02,\"a\xc3\"\n"), "orders.csv:3:12: invalid UTF-8" },
    { T ("date,region\n2024-01-01,a\0b\n"), "orders.csv:2:12: NUL byte in a value “a\\x00”" },
    { T ("date,region\n2024-01-01,\"a\0b\"\n"), "orders.csv:2:12: NUL byte" },
    { T ("date,n\n2024-01-01,1\n2024-\xff-01,2\n"), "orders.csv:3:1: invalid UTF-8 in the time column" },
    { T ("date,n\n2024-01-01,1\xff\n"), "orders.csv:2:12: invalid UTF-8 in a value of column “n”" },
  };
#undef T

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpiLoadOptions) options = options_new ();
      g_autofree char *message = load_error_full (cases[i].text, cases[i].length, options,
                                                  KPI_DATASET_ERROR_ENCODING);
      kpi_test_assert_contains (message, cases[i].expected);
    }
}
END_TEST

/* Errors far down a column of many values (looked up a few rows late):
 * reported at their row, before any error in the rows that follow. */
START_TEST (test_error_late_dimension)
{
  for (int variant = 0; variant < 3; variant++)
    {
      GString *text = g_string_new ("date,customer,amount\n");
      g_autofree char *message = NULL;
      int bad = 15000;

      for (int i = 0; i < 20000; i++)
        {
          if (i == bad)
            g_string_append (text, "2024-01-01,C\xff" "x,1\n");
          else if (i == bad + 1 && variant == 1)
            g_string_append (text, "2024-01-01,C1\n");
          else if (i == bad + 2 && variant == 2)
            g_string_append (text, "2024-13-01,C1,1\n");
          else
            g_string_append_printf (text, "2024-01-01,C%05d,%d\n", i, i);
        }
      message = load_error (text->str, KPI_DATASET_ERROR_ENCODING);
      kpi_test_assert_contains (message, "orders.csv:15002:12: invalid UTF-8 in a value of column “customer”");
      g_string_free (text, TRUE);
    }
}
END_TEST

START_TEST (test_error_empty)
{
  static const struct {
    const char *text;
    gssize length;
  } cases[] = {
    { "", 0 }, { "\xef\xbb\xbf", 3 }, { "\n", 1 }, { "\r\n\r\n", 4 }, { "\xef\xbb\xbf\n", 4 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpiLoadOptions) options = options_new ();
      g_autofree char *message = load_error_full (cases[i].text, cases[i].length, options,
                                                  KPI_DATASET_ERROR_EMPTY);
      ck_assert_str_eq (message, "orders.csv:1:1: no header row: the data is empty");
    }
}
END_TEST

START_TEST (test_error_no_time_column)
{
  g_autoptr(KpiLoadOptions) comma = options_new ();
  g_autofree char *message = load_error ("day,amount\n2024-01-01,4\n",
                                         KPI_DATASET_ERROR_NO_TIME_COLUMN);
  g_autofree char *semicolons = NULL;

  /* Given (not detected) a ',' reads a ';' file as one column */
  kpi_load_options_set_delimiter (comma, ",", NULL);
  semicolons = load_error_full ("date;amount\n2024-01-01;4\n", -1, comma,
                                KPI_DATASET_ERROR_NO_TIME_COLUMN);

  ck_assert_str_eq (message, "orders.csv:1:1: no time column “date” in the header "
                    "“day,amount”: expected a column of that name (see the "
                    "time-column option)");
  kpi_test_assert_contains (semicolons, "or another delimiter");
}
END_TEST

START_TEST (test_error_schema)
{
  g_autofree char *duplicate = load_error ("date,amount,region,amount\n2024-01-01,1,x,2\n",
                                           KPI_DATASET_ERROR_SCHEMA);
  g_autofree char *empty = load_error ("date,amount,,region\n2024-01-01,1,2,x\n",
                                       KPI_DATASET_ERROR_SCHEMA);
  g_autofree char *blank = load_error ("date,  \n2024-01-01,1\n", KPI_DATASET_ERROR_SCHEMA);
  g_autofree char *time_twice = load_error ("date,x,date\n2024-01-01,1,2024-01-01\n",
                                            KPI_DATASET_ERROR_SCHEMA);

  ck_assert_str_eq (duplicate, "orders.csv:1:20: duplicate column name “amount” in the "
                    "header (columns 2 and 4): expected distinct names");
  ck_assert_str_eq (empty, "orders.csv:1:13: empty name of column 3 in the header: "
                    "expected a name for every column");
  kpi_test_assert_contains (blank, "orders.csv:1:6: empty name of column 2");
  kpi_test_assert_contains (time_twice, "duplicate column name “date”");
}
END_TEST

/* An unterminated quote names the line where it opened. */
START_TEST (test_error_unterminated_quote)
{
  g_autofree char *message = load_error ("date,note\n2024-01-01,ok\n2024-01-02,\"open\n"
                                         "2024-01-03,more\n2024-01-04,text\n",
                                         KPI_DATASET_ERROR_PARSE);
  g_autofree char *header = load_error ("date,\"note\n", KPI_DATASET_ERROR_PARSE);

  ck_assert_str_eq (message, "orders.csv:3:12: unterminated quoted field “\"open\\n"
                    "2024-01-03,more\\n2024-01-04,text\\n”: expected a closing quote "
                    "(\") before the end of the data");
  kpi_test_assert_contains (header, "orders.csv:1:6: unterminated quoted field");
}
END_TEST

START_TEST (test_error_after_quote)
{
  g_autofree char *message = load_error ("date,note\n2024-01-01,\"ab\"c\n",
                                         KPI_DATASET_ERROR_PARSE);
  g_autofree char *space = load_error ("date,note\n2024-01-01,\"ab\" ,x\n",
                                       KPI_DATASET_ERROR_PARSE);

  ck_assert_str_eq (message, "orders.csv:2:12: unexpected text after the closing quote "
                    "in “\"ab\"c”: expected the delimiter (,) or the end of the line; "
                    "a quote inside a quoted field is written twice (\"\")");
  kpi_test_assert_contains (space, "orders.csv:2:12: unexpected text after the closing quote");
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Robustness: nothing crashes, everything that fails says so properly. */

static void
load_anything (const char *text,
               gsize       length)
{
  g_autoptr(KpiLoadOptions) options = options_new ();
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  GError *error = NULL;

  if (kpi_test_load_text (ds, text, length, options, &error))
    {
      ck_assert_ptr_null (error);
      return;
    }
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (error->domain == KPI_DATASET_ERROR, "%s", error->message);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  ck_assert (g_str_has_prefix (error->message, "orders.csv:"));
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 0);
  g_error_free (error);
}

/* Every prefix of a valid file, with quotes and CRLF. */
START_TEST (test_truncated)
{
  static const char text[] =
    "\xef\xbb\xbf" "date,\"na,me\",amount\r\n"
    "2024-01-01T10:00:00+01:00,\"a \"\"b\"\"\nc\",1 234\r\n"
    "2024-01-02,\"x\",-5e3\r\n";

  for (gsize i = 0; i <= sizeof text - 1; i++)
    {
      /* A copy of exactly i bytes, so that a read past it is caught */
      g_autofree char *copy = g_memdup2 (text, i);
      load_anything (copy, i);
    }
}
END_TEST

/* Random bytes, random CSV-ish text, a PNG, a JSON document. */
START_TEST (test_garbage)
{
  static const char png[] =
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89"
    "\0\0\0\rIDATx\x9c" "c\xf8\x0f\0\x01\x01\x01\0\x18\xdd\x8d\xb0\0\0\0\0IEND\xae" "B`\x82";
  static const char json[] =
    "[{\"date\": \"2024-01-01\", \"amount\": 5, \"region\": \"north\"},\n"
    " {\"date\": \"2024-01-02\", \"amount\": 6, \"region\": \"south\"}]\n";
  static const char alphabet[] = "date,\"\r\n0123456789.-+eE:TZ \xc3\xa9\xff";
  GRand *rand = g_rand_new_with_seed (4180);
  char buf[512];

  load_anything (png, sizeof png - 1);
  load_anything (json, sizeof json - 1);

  for (int i = 0; i < 3000; i++)
    {
      gsize len = g_rand_int_range (rand, 0, sizeof buf);
      gboolean bytes = i % 2 == 0;
      gsize start = 0;
      g_autofree char *copy = NULL;

      /* Half of them start with a plausible header */
      if (i % 4 == 1 && len > 12)
        {
          memcpy (buf, "date,a,b,c\r\n", 12);
          start = 12;
        }
      for (gsize j = start; j < len; j++)
        buf[j] = bytes ? (char) g_rand_int_range (rand, 0, 256)
                       : alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      copy = g_memdup2 (buf, len);
      load_anything (copy, len);
    }

  /* A valid file with single bytes changed */
  for (int i = 0; i < 2000; i++)
    {
      static const char valid[] =
        "date,order_id,customer,channel,amount\n"
        "2024-03-15,1001,C001,online,123.45\n"
        "2024-03-15T10:00Z,1002,\"C,002\",store,99\n"
        "2024-03-16,1003,C001,\"mo\"\"bile\",-7.25\n";
      char *copy = g_memdup2 (valid, sizeof valid - 1);

      copy[g_rand_int_range (rand, 0, sizeof valid - 1)] = (char) g_rand_int_range (rand, 0, 256);
      if (i % 3 == 0)
        copy[g_rand_int_range (rand, 0, sizeof valid - 1)] = "\",\n\r\0"[g_rand_int_range (rand, 0, 5)];
      load_anything (copy, sizeof valid - 1);
      g_free (copy);
    }
  g_rand_free (rand);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Files, progress, cancellation */

/* From a path: the path names the data in messages. */
START_TEST (test_load_path)
{
  g_autofree char *dir = g_dir_make_tmp ("kpi-csv-XXXXXX", NULL);
  g_autofree char *path = kpi_test_write_temp (dir, "orders.csv", orders_csv, -1);
  g_autofree char *bad_path = kpi_test_write_temp (dir, "bad.csv", "date,a\n2024-01-01,x\n2024-01-32,y\n", -1);
  g_autofree char *expected = g_strdup_printf ("%s:3:1: invalid date", bad_path);
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  GError *error = NULL;

  ck_assert (kpi_dataset_load_path (ds, path, NULL, &error));
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 4);

  ck_assert (!kpi_dataset_load_path (ds, bad_path, NULL, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_TIME));
  kpi_test_assert_contains (error->message, expected);
  g_clear_error (&error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 4);

  g_unlink (path);
  g_unlink (bad_path);
  g_rmdir (dir);
}
END_TEST

/* Many rows with many distinct values: every cell where it belongs. */
START_TEST (test_large)
{
  GString *text = g_string_new ("date,order_id,customer,channel,amount\n");
  static const char *const channels[] = { "online", "mobile", "store" };
  g_autoptr(KpiDataset) ds = NULL;
  int n = 300000;

  for (int i = 0; i < n; i++)
    g_string_append_printf (text, "2024-%02d-%02d,%d,C%06d,%s,%d.%02d\n",
                            1 + (i / 28000) % 12, 1 + (i / 1000) % 28, i,
                            (int) (((gint64) i * 7919) % 50000), channels[i % 3], i % 1000, i % 100);
  ds = load_ok (text->str);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), n);
  for (int i = 0; i < n; i += 997)
    {
      char customer[16];
      char amount[32];

      g_snprintf (customer, sizeof customer, "C%06d", (int) (((gint64) i * 7919) % 50000));
      ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "customer", i), customer);
      ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "channel", i), channels[i % 3]);
      ck_assert_double_eq (measure (ds, "order_id", i), i);
      g_snprintf (amount, sizeof amount, "%d.%02d", i % 1000, i % 100);
      ck_assert_double_eq (measure (ds, "amount", i), g_ascii_strtod (amount, NULL));
      ck_assert_int_eq (kpi_dataset_get_time (ds, i),
                        utc (2024, 1 + (i / 28000) % 12, 1 + (i / 1000) % 28, 0, 0, 0));
    }
  {
    gsize n_values;
    kpi_dataset_get_dimension_dictionary (ds, "customer", &n_values);
    ck_assert_uint_eq (n_values, 50000);
  }
  g_string_free (text, TRUE);
}
END_TEST

/* A dimension column mixing short values (up to 12 bytes, which the loader
 * caches apart) and long ones, over enough distinct values to grow every
 * table: each value keeps one code, in order of first appearance, through
 * a second load appended to the dataset and a row appended by hand. */
START_TEST (test_dimension_codes)
{
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  g_autoptr(KpiLoadOptions) options = options_new ();
  GString *text = g_string_new ("date,product,amount\n");
  GError *error = NULL;
  const int n = 20000, distinct = 3000;
  const char *dims[1];
  double one = 1;
  const guint32 *codes;
  const char * const *dict;
  gsize n_rows, n_values;
  char name[64];

  /* Row i holds value (i * 7) % distinct: its first row is the smallest i
   * with that remainder, so value v first appears at row v * 7^-1 mod
   * distinct; the codes follow that order.  Even values are short
   * ("p123"), odd ones long ("a long product name 123"). */
  for (int i = 0; i < n; i++)
    {
      int v = (i * 7) % distinct;
      g_string_append_printf (text, "2024-01-01,%s%d,1\n",
                              v % 2 == 0 ? "p" : "a long product name ", v);
    }
  ck_assert (kpi_test_load_text (ds, text->str, text->len, options, &error));
  g_assert_no_error (error);
  codes = kpi_dataset_get_dimension_codes (ds, "product", &n_rows);
  dict = kpi_dataset_get_dimension_dictionary (ds, "product", &n_values);
  ck_assert_uint_eq (n_rows, n);
  ck_assert_uint_eq (n_values, distinct);
  for (int i = 0; i < n; i++)
    {
      int v = (i * 7) % distinct;
      g_snprintf (name, sizeof name, "%s%d", v % 2 == 0 ? "p" : "a long product name ", v);
      /* The first distinct rows hold every value once, in code order */
      if (i < distinct)
        ck_assert_uint_eq (codes[i], i);
      ck_assert_str_eq (dict[codes[i]], name);
    }

  /* The same values again, and two new ones, loaded into the same dataset */
  g_string_assign (text, "date,product,amount\n"
                   "2024-01-02,p0,1\n2024-01-02,a long product name 1,1\n"
                   "2024-01-02,p2,1\n2024-01-02,p-new,1\n"
                   "2024-01-02,a long product name new,1\n2024-01-02,p2998,1\n");
  ck_assert (kpi_test_load_text (ds, text->str, text->len, options, &error));
  g_assert_no_error (error);
  dims[0] = "p1234";
  ck_assert (kpi_dataset_append_row (ds, utc (2024, 1, 3, 0, 0, 0), dims, 1, &one, 1, &error));
  g_assert_no_error (error);

  codes = kpi_dataset_get_dimension_codes (ds, "product", &n_rows);
  dict = kpi_dataset_get_dimension_dictionary (ds, "product", &n_values);
  ck_assert_uint_eq (n_rows, n + 7);
  ck_assert_uint_eq (n_values, distinct + 2);
  /* p0 is row 0's value; "…name 1" first appears at row 1 * 7^-1 mod 3000,
   * 7 * 2143 = 15001 = 5 * 3000 + 1, so row 2143 */
  ck_assert_uint_eq (codes[n], codes[0]);
  ck_assert_uint_eq (codes[n + 1], codes[2143]);
  ck_assert_str_eq (dict[codes[n + 2]], "p2");
  ck_assert_uint_eq (codes[n + 3], distinct);
  ck_assert_str_eq (dict[distinct], "p-new");
  ck_assert_uint_eq (codes[n + 4], distinct + 1);
  ck_assert_str_eq (dict[distinct + 1], "a long product name new");
  ck_assert_str_eq (dict[codes[n + 5]], "p2998");
  ck_assert_str_eq (dict[codes[n + 6]], "p1234");
  ck_assert_uint_lt (codes[n + 6], distinct);
  g_string_free (text, TRUE);
}
END_TEST

static char *
make_rows (int n)
{
  GString *text = g_string_new ("date,region,amount,note\n");

  for (int i = 0; i < n; i++)
    g_string_append_printf (text, "2024-01-%02d,r%d,%d.5,%s\n", 1 + i % 28, i % 5, i,
                            i == n / 2 ? "text" : "");
  return g_string_free (text, FALSE);
}

/* A few megabytes report progress about every megabyte, monotonic even
 * over a restart of the parse, ending at the total. */
START_TEST (test_progress)
{
  g_autofree char *text = make_rows (200000);
  g_autoptr(KpiLoadOptions) options = options_new ();
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  KpiTestProgress log = { 0, 0, 0, TRUE, NULL };
  GError *error = NULL;
  gsize length = strlen (text);

  ck_assert_uint_gt (length, 4 * 1024 * 1024);
  g_signal_connect (ds, "load-progress", G_CALLBACK (kpi_test_on_progress), &log);
  ck_assert (kpi_test_load_text (ds, text, length, options, &error));
  ck_assert_ptr_null (error);
  ck_assert_int_eq (kind_of (ds, "note"), KPI_COLUMN_DIMENSION);
  ck_assert_msg (log.count >= 4, "%u progress reports", log.count);
  ck_assert (log.monotonic);
  ck_assert_uint_eq (log.last_done, length);
  ck_assert_uint_eq (log.total, length);
}
END_TEST

/* Cancelled before the start, or half way (from a progress handler). */
START_TEST (test_cancelled)
{
  g_autofree char *dir = g_dir_make_tmp ("kpi-csv-XXXXXX", NULL);
  g_autofree char *text = make_rows (300000);
  g_autofree char *path = kpi_test_write_temp (dir, "orders.csv", text, -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) before = g_cancellable_new ();
  g_autoptr(GCancellable) during = g_cancellable_new ();
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  KpiTestProgress log = { 0, 0, 0, TRUE, during };
  GError *error = NULL;

  g_cancellable_cancel (before);
  ck_assert (!kpi_dataset_load_file (ds, file, NULL, before, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_clear_error (&error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 0);

  g_signal_connect (ds, "load-progress", G_CALLBACK (kpi_test_on_progress), &log);
  ck_assert (!kpi_dataset_load_file (ds, file, NULL, during, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_clear_error (&error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 0);
  ck_assert_uint_ge (log.count, 1);

  g_unlink (path);
  g_rmdir (dir);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Amounts as exports write them, and the delimiter detected */

/* A French spreadsheet's CSV: a byte order mark, ';', CRLF, amounts with
 * no-break spaces and a euro sign; the delimiter detected. */
START_TEST (test_french_spreadsheet)
{
  g_autoptr(KpiLoadOptions) options = options_new ();
  g_autoptr(KpiDataset) ds = NULL;

  ck_assert (kpi_load_options_set_number_style (options, "french", NULL));
  ds = kpi_test_load ("\xef\xbb\xbf" "date;canal;montant\r\n"
                      "2025-02-19;en ligne;1\xc2\xa0" "234,56\xc2\xa0\xe2\x82\xac\r\n"
                      "2025-02-20;magasin;-12,5 \xe2\x82\xac\r\n"
                      "2025-02-21;\"magasin; est\";\xe2\x82\xac" "3\r\n"
                      "2025-02-22;en ligne;\r\n", options);
  ck_assert_str_eq (kpi_dataset_get_csv_delimiter (ds), ";");
  ck_assert_int_eq (kind_of (ds, "montant"), KPI_COLUMN_MEASURE);
  ck_assert_double_eq (measure (ds, "montant", 0), 1234.56);
  ck_assert_double_eq (measure (ds, "montant", 1), -12.5);
  ck_assert_double_eq (measure (ds, "montant", 2), 3);
  ck_assert (isnan (measure (ds, "montant", 3)));
  ck_assert_str_eq (kpi_dataset_get_column_currency (ds, "montant"), "EUR");
  ck_assert_ptr_null (kpi_dataset_get_column_currency (ds, "canal"));
  ck_assert_ptr_null (kpi_dataset_get_column_currency (ds, "nope"));
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "canal", 2), "magasin; est");
}
END_TEST

/* Accounting negatives, with the currency inside or outside the
 * parentheses, a trailing minus, a leading plus. */
START_TEST (test_accounting_negatives)
{
  static const struct
  {
    const char *style;
    const char *text;
    double      value;
    const char *currency;
  } cases[] = {
    { "fr", "(1 234,56)", -1234.56, NULL },
    { "fr", "(1 234,56 \xe2\x82\xac)", -1234.56, "EUR" },
    { "fr", "(1 234,56) \xe2\x82\xac", -1234.56, "EUR" },
    { "fr", "1234,56-", -1234.56, NULL },
    { "fr", "1\xe2\x80\xaf" "234,56- EUR", -1234.56, "EUR" },
    { "fr", "+1 234,5", 1234.5, NULL },
    { "en", "($1,234.56)", -1234.56, "USD" },
    { "en", "$(1,234.56)", -1234.56, "USD" },
    { "en", "-$1,234.56", -1234.56, "USD" },
    { "en", "USD -1,234.56", -1234.56, "USD" },
    { "en", "USD 1,234.56", 1234.56, "USD" },
    { "en", "\xc2\xa3" "12", 12, "GBP" },
    { "en", "\xc2\xa5" "1,000", 1000, "JPY" },
    { "en", "12CAD", 12, "CAD" },
    { "de", "1.234,56 \xe2\x82\xac", 1234.56, "EUR" },
    { "ch", "CHF 1'234.50", 1234.5, "CHF" },
    { "ch", "1\xe2\x80\x99" "234.50 CHF", 1234.5, "CHF" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpiLoadOptions) options = options_new ();
      g_autoptr(KpiDataset) ds = NULL;
      g_autofree char *text = g_strdup_printf ("date;amount\n2025-01-01;%s\n", cases[i].text);

      ck_assert (kpi_load_options_set_number_style (options, cases[i].style, NULL));
      ds = kpi_test_load (text, options);
      ck_assert_msg (kind_of (ds, "amount") == KPI_COLUMN_MEASURE, "%s: not a measure", cases[i].text);
      ck_assert_msg (measure (ds, "amount", 0) == cases[i].value, "%s: %.17g", cases[i].text,
                     measure (ds, "amount", 0));
      ck_assert_str_eq (kpi_dataset_get_column_currency (ds, "amount") ?: "-",
                        cases[i].currency ?: "-");
    }
}
END_TEST

/* What looks like an amount but is not stays text */
START_TEST (test_amount_rejects)
{
  static const char *const rejects[] = {
    "ABC 12", "EUR", "\xe2\x82\xac", "(12", "12)", "-(12)", "(-12)", "--12", "12--",
    "+-1", "12 %", "\xe2\x82\xac 12 %", "EUR 12 USD", "12 \xe2\x82\xac\xe2\x82\xac", "EURO 12",
    "- 12 -",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rejects); i++)
    {
      g_autoptr(KpiLoadOptions) options = options_new ();
      g_autofree char *text = g_strdup_printf ("date,x\n2024-01-01,\"%s\"\n", rejects[i]);
      g_autofree char *message = NULL;

      kpi_load_options_set_column_kind (options, "x", KPI_COLUMN_MEASURE);
      message = load_error_full (text, -1, options, KPI_DATASET_ERROR_INVALID_NUMBER);
      kpi_test_assert_contains (message, "orders.csv:2:12: ");
    }
}
END_TEST

/* Once a column read an amount as a plain number then its currency
 * ("94,53 €"), the loader reads the values that end with the same bytes as
 * the plain number before them: the values must be those of the numbers
 * (g_ascii_strtod of them written with '.'), bit for bit, whatever their
 * shape, up to the last bytes of the data; the other forms in between still
 * read as they did; another currency is still refused, and a text before
 * the suffix still makes a guessed column a dimension. */
START_TEST (test_amount_suffix)
{
  static const char *const other_forms[] = {
    "1\xc2\xa0" "234,5 \xe2\x82\xac", "(7,25 \xe2\x82\xac)", "8 EUR", "9", "",
    "10,5\xc2\xa0\xe2\x82\xac", "11  \xe2\x82\xac", "-\xe2\x82\xac" "12",
  };
  static const double other_values[] = { 1234.5, -7.25, 8, 9, NAN, 10.5, 11, -12 };
  GRand *rand = g_rand_new_with_seed (2015);
  g_autoptr(GString) text = g_string_new ("date;amount\n");
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(KpiLoadOptions) options = options_new ();
  g_autoptr(KpiDataset) ds = NULL;
  g_autofree char *message = NULL;
  g_autoptr(KpiLoadOptions) french = options_new ();
  g_autoptr(KpiDataset) guessed = NULL;
  gsize n = 0;
  const double *values;

  for (int i = 0; i < 5000; i++)
    {
      double value;

      g_string_append (text, "2025-01-01;");
      if (i > 0 && g_rand_int_range (rand, 0, 10) == 0)
        {
          guint k = g_rand_int_range (rand, 0, G_N_ELEMENTS (other_forms));

          g_string_append (text, other_forms[k]);
          value = other_values[k];
        }
      else
        {
          /* '-'?, up to 17 digits, a decimal comma (alone at either end
           * at times): the long ones leave the loader's fast paths */
          int n_int = g_rand_int_range (rand, 0, 12);
          int n_fraction = g_rand_int_range (rand, 0, 7);
          gboolean comma = n_int == 0 || g_rand_boolean (rand);
          char number[32], iso[32];
          gsize len = 0;

          if (g_rand_int_range (rand, 0, 4) == 0)
            number[len++] = '-';
          for (int d = 0; d < n_int; d++)
            number[len++] = '0' + g_rand_int_range (rand, 0, 10);
          if (comma)
            {
              number[len++] = ',';
              for (int d = 0; d < n_fraction; d++)
                number[len++] = '0' + g_rand_int_range (rand, 0, 10);
            }
          if (n_int + (comma ? n_fraction : 0) == 0)
            number[len++] = '5';
          number[len] = '\0';
          g_strlcpy (iso, number, sizeof iso);
          if (strchr (iso, ',') != NULL)
            *strchr (iso, ',') = '.';
          g_string_append_printf (text, "%s \xe2\x82\xac", number);
          value = g_ascii_strtod (iso, NULL);
        }
      g_string_append_c (text, '\n');
      g_array_append_val (expected, value);
    }
  /* The last value ends the data (the fast paths read 16 bytes at once:
   * the last values are read otherwise) */
  g_string_truncate (text, text->len - 1);
  g_rand_free (rand);

  ck_assert (kpi_load_options_set_number_style (options, "french", NULL));
  kpi_load_options_set_column_kind (options, "amount", KPI_COLUMN_MEASURE);
  ds = kpi_test_load (text->str, options);
  values = kpi_dataset_get_measure (ds, "amount", &n);
  ck_assert_uint_eq (n, expected->len);
  for (gsize i = 0; i < n; i++)
    {
      double want = g_array_index (expected, double, i);

      ck_assert_msg (memcmp (&values[i], &want, sizeof want) == 0 ||
                     (isnan (values[i]) && isnan (want)),
                     "row %" G_GSIZE_FORMAT ": %.17g, expected %.17g", i, values[i], want);
    }
  ck_assert_str_eq (kpi_dataset_get_column_currency (ds, "amount"), "EUR");

  message = load_error ("date;amount\n2025-01-01;1 \xe2\x82\xac\n2025-01-02;2 \xe2\x82\xac\n"
                        "2025-01-03;3 $\n2025-01-04;4 \xe2\x82\xac\n",
                        KPI_DATASET_ERROR_INVALID_NUMBER);
  ck_assert_str_eq (message, "orders.csv: column “amount” mixes currencies: EUR (line 2) "
                    "and USD (line 4): expected one currency per column");

  ck_assert (kpi_load_options_set_number_style (french, "french", NULL));
  /* A sign that differs from the suffix in its last byte alone (₣) */
  g_clear_pointer (&message, g_free);
  message = load_error_full ("date;amount\n2025-01-01;1 \xe2\x82\xac\n2025-01-02;2 \xe2\x82\xac\n"
                             "2025-01-03;3 \xe2\x82\xa3\n2025-01-04;4 \xe2\x82\xac\n"
                             "2025-01-05;5 \xe2\x82\xac\n", -1, options,
                             KPI_DATASET_ERROR_INVALID_NUMBER);
  kpi_test_assert_contains (message, "orders.csv:4:12: ");

  guessed = kpi_test_load ("date;amount\n2025-01-01;1,5 \xe2\x82\xac\n2025-01-02;2,5 \xe2\x82\xac\n"
                           "2025-01-03;n/a \xe2\x82\xac\n2025-01-04;4 \xe2\x82\xac\n", french);
  ck_assert_int_eq (kind_of (guessed, "amount"), KPI_COLUMN_DIMENSION);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (guessed, "amount", 2), "n/a \xe2\x82\xac");
}
END_TEST

/* A column mixing currencies is refused, naming the lines of both; so is
 * an append in another currency than the column's. */
START_TEST (test_mixed_currencies)
{
  g_autoptr(KpiLoadOptions) options = options_new ();
  g_autoptr(KpiDataset) ds = NULL;
  g_autofree char *message = NULL;
  GError *error = NULL;
  const char *usd = "date,amount\n2025-01-03,$4\n";

  message = load_error ("date,amount\n2025-01-01,EUR 1\n2025-01-02,2\n2025-01-03,3 EUR\n"
                        "2025-01-04,4\n2025-01-05,5\n2025-01-06,USD 6\n",
                        KPI_DATASET_ERROR_INVALID_NUMBER);
  ck_assert_str_eq (message, "orders.csv: column “amount” mixes currencies: EUR (line 2) "
                    "and USD (line 7): expected one currency per column");

  /* Kept across appends: plain numbers fit, another currency does not */
  ds = kpi_test_load ("date,amount\n2025-01-01,EUR 1\n", options);
  ck_assert (kpi_test_load_text (ds, "date,amount\n2025-01-02,2\n", 25, options, &error));
  ck_assert_ptr_null (error);
  ck_assert_str_eq (kpi_dataset_get_column_currency (ds, "amount"), "EUR");
  ck_assert (!kpi_test_load_text (ds, usd, strlen (usd), options, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA));
  ck_assert_str_eq (error->message, "orders.csv: column “amount” holds amounts in USD, the "
                    "dataset’s in EUR: expected one currency per column");
  g_clear_error (&error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 2);
}
END_TEST

/* A column declared as percentages reads fractions, with or without '%';
 * a '%' elsewhere is an error that says to declare the column. */
START_TEST (test_percent)
{
  g_autoptr(KpiLoadOptions) options = options_new ();
  g_autoptr(KpiDataset) ds = NULL;
  g_autofree char *guessed = NULL;
  g_autofree char *forced = NULL;

  ck_assert (kpi_load_options_set_number_style (options, "french", NULL));
  kpi_load_options_set_percent_column (options, "taux", TRUE);
  ds = kpi_test_load ("date;taux;montant\n"
                      "2025-01-01;12,5 %;1\n"
                      "2025-01-02;12,5%;2\n"
                      "2025-01-03;12,5;3\n"
                      "2025-01-04;-0,3\xe2\x80\xaf%;4\n"
                      "2025-01-05;;5\n", options);
  ck_assert_int_eq (kind_of (ds, "taux"), KPI_COLUMN_MEASURE);
  ck_assert_double_eq (measure (ds, "taux", 0), 0.125);
  ck_assert_double_eq (measure (ds, "taux", 1), 0.125);
  ck_assert_double_eq (measure (ds, "taux", 2), 0.125);
  /* -0.003, rounded once: not -0.3 / 100 = -0.0029999999999999996 */
  ck_assert_double_eq (measure (ds, "taux", 3), -0.003);
  ck_assert (isnan (measure (ds, "taux", 4)));

  guessed = load_error ("date,rate\n2025-01-01,1.5\n2025-01-02,12.5%\n2025-01-03,3\n",
                        KPI_DATASET_ERROR_INVALID_NUMBER);
  ck_assert_str_eq (guessed, "orders.csv:3:12: percentage “12.5%” in column “rate”: expected "
                    "numbers without “%”, or the column declared as percentages (the "
                    "percent-column option), which reads “12.5 %” as 0.125");
  {
    g_autoptr(KpiLoadOptions) measures = options_new ();

    kpi_load_options_set_column_kind (measures, "rate", KPI_COLUMN_MEASURE);
    forced = load_error_full ("date,rate\n2025-01-01,7 %\n", -1, measures,
                              KPI_DATASET_ERROR_INVALID_NUMBER);
    kpi_test_assert_contains (forced, "orders.csv:2:12: percentage “7 %” in measure column “rate”");
  }
  /* Text further down makes the column a dimension: no error then */
  {
    g_autoptr(KpiDataset) text = load_ok ("date,tier\n2025-01-01,10%\n2025-01-02,gold\n");

    ck_assert_int_eq (kind_of (text, "tier"), KPI_COLUMN_DIMENSION);
  }
}
END_TEST

/* With no delimiter given, the one that gives every record of the start
 * the same number of fields; ',' first; quotes respected. */
START_TEST (test_sniff_delimiter)
{
  static const struct
  {
    const char *text;
    const char *delimiter;
    const char *second;     /* the second column's first value */
  } cases[] = {
    { "date;region;amount\n2024-01-01;north, east;1,5\n2024-01-02;south;2\n", ";", "north, east" },
    { "date\tregion\tamount\n2024-01-01\tnorth;x\t2\n", "\t", "north;x" },
    { "date|region|amount\r\n2024-01-01|\"a|b\"|3\r\n", "|", "a|b" },
    { "date,region,amount\n2024-01-01,\"north; east; west\",1\n2024-01-02,\"a;b\",2\n", ",", "north; east; west" },
    { "date,region\n2024-01-01,\"two\nlines; here\"\n", ",", "two\nlines; here" },
    /* Both fit: ',' comes first */
    { "date,region,x;y\n2024-01-01,a;b,1\n", ",", "a;b" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpiDataset) ds = load_ok (cases[i].text);

      ck_assert_str_eq (kpi_dataset_get_csv_delimiter (ds), cases[i].delimiter);
      ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "region", 0), cases[i].second);
    }

  /* Given, it is kept, and said */
  {
    g_autoptr(KpiLoadOptions) options = options_new ();
    g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);

    ck_assert_ptr_null (kpi_dataset_get_csv_delimiter (ds));
    kpi_load_options_set_delimiter (options, ";", NULL);
    ck_assert (kpi_test_load_text (ds, "date;a,b\n2024-01-01;1\n", 22, options, NULL));
    ck_assert_str_eq (kpi_dataset_get_csv_delimiter (ds), ";");
    ck_assert_int_eq (kind_of (ds, "a,b"), KPI_COLUMN_MEASURE);
  }
}
END_TEST

/* No delimiter gives one field count: the file is read with ',' and fails
 * as it does today. */
START_TEST (test_sniff_inconsistent)
{
  g_autofree char *message = load_error ("date;amount\n2024-01-01;1;2\n2024-01-02;3\n",
                                         KPI_DATASET_ERROR_NO_TIME_COLUMN);

  ck_assert_str_eq (message, "orders.csv:1:1: no time column “date” in the header "
                    "“date;amount”: expected a column of that name (see the "
                    "time-column option), or another delimiter");
}
END_TEST


/* ------------------------------------------------------------------------ */
/* Dates as exports write them */

/* An invalid date names the file, line, column, value and format */
START_TEST (test_date_format_error)
{
  g_autoptr(KpiLoadOptions) options = options_new ();
  g_autofree char *message = NULL;

  ck_assert (kpi_load_options_set_date_format (options, NULL, "%d/%m/%Y", NULL));
  message = load_error_full ("region,date\nnorth,19/02/2025\nsouth,31/02/2025\n", -1, options,
                             KPI_DATASET_ERROR_INVALID_TIME);
  ck_assert_str_eq (message, "orders.csv:3:7: invalid date “31/02/2025” in column “date”: "
                    "expected a date as %d/%m/%Y");
}
END_TEST

/* A column's own format wins over the default; another time column name
 * takes the default */
START_TEST (test_date_format_per_column)
{
  g_autoptr(KpiLoadOptions) options = options_new ();
  g_autoptr(KpiDataset) ds = NULL;
  const gint64 *times;
  gsize n;

  ck_assert (kpi_load_options_set_date_format (options, NULL, "%d/%m/%Y", NULL));
  ck_assert (kpi_load_options_set_date_format (options, "jour", "%Y%m%d", NULL));
  ck_assert_str_eq (kpi_load_options_get_date_format (options, "jour"), "%Y%m%d");
  ck_assert_str_eq (kpi_load_options_get_date_format (options, "date"), "%d/%m/%Y");
  ck_assert_str_eq (kpi_load_options_get_date_format (options, NULL), "%d/%m/%Y");

  ds = kpi_test_load ("date,a\n03/04/2025,1\n", options);
  times = kpi_dataset_get_times (ds, &n);
  ck_assert_int_eq (times[0], utc (2025, 4, 3, 0, 0, 0));
  g_clear_object (&ds);

  ck_assert (kpi_load_options_set_time_column (options, "jour", NULL));
  ds = kpi_dataset_new ("jour");
  ck_assert (kpi_dataset_load_data (ds, (const guint8 *) "jour,a\n20250403,1\n",
                                    strlen ("jour,a\n20250403,1\n"), options, NULL));
  times = kpi_dataset_get_times (ds, &n);
  ck_assert_int_eq (times[0], utc (2025, 4, 3, 0, 0, 0));

  /* Unset: detection again */
  ck_assert (kpi_load_options_set_date_format (options, "jour", NULL, NULL));
  ck_assert_str_eq (kpi_load_options_get_date_format (options, "jour"), "%d/%m/%Y");
  ck_assert (kpi_load_options_set_date_format (options, NULL, NULL, NULL));
  ck_assert_ptr_null (kpi_load_options_get_date_format (options, "jour"));
}
END_TEST

/* Detection decides on the whole column: the first 12 days read both ways,
 * the 13th decides month first, and the rows before are read again */
START_TEST (test_date_detect_month_first)
{
  GString *text = g_string_new ("date,a\n");
  g_autoptr(KpiLoadOptions) options = options_new ();
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(KpiDataset) ds = NULL;
  const gint64 *times;
  gsize n;

  /* 1 March to 13 March 2025, month first, 14:05 */
  for (int day = 1; day <= 13; day++)
    g_string_append_printf (text, "03/%02d/2025 2:05 PM,%d\n", day, day);
  kpi_load_options_set_time_zone (options, paris);
  ds = kpi_test_load (text->str, options);
  times = kpi_dataset_get_times (ds, &n);
  ck_assert_uint_eq (n, 13);
  for (int day = 1; day <= 13; day++)
    ck_assert_int_eq (times[day - 1], zoned (paris, 2025, 3, day, 14, 5));
  g_string_free (text, TRUE);
}
END_TEST

/* Every value reads both ways: refused, naming both readings */
START_TEST (test_date_detect_ambiguous)
{
  g_autoptr(KpiLoadOptions) options = options_new ();
  g_autofree char *message = NULL;
  g_autofree char *german = NULL;

  ck_assert (kpi_load_options_set_time_column (options, "Date", NULL));
  message = load_error_full ("Date,a\n03/04/2025,1\n05/06/2025,2\n", -1, options,
                             KPI_DATASET_ERROR_INVALID_TIME);
  ck_assert_str_eq (message, "orders.csv: column “Date”: “03/04/2025” reads as 3 April 2025 "
                    "(day first) or 4 March 2025 (month first); set the date format "
                    "(--date-format %d/%m/%Y or %m/%d/%Y)");
  /* A German export: 19.02.2025 decides day first, and a month 13 after
   * it is an invalid date of that format */
  ck_assert (kpi_load_options_set_delimiter (options, ";", NULL));
  german = load_error_full ("Date;a\n03.04.2025;1\n19.02.2025;2\n19.13.2025;3\n", -1, options,
                            KPI_DATASET_ERROR_INVALID_TIME);
  ck_assert_str_eq (german, "orders.csv:4:1: invalid date “19.13.2025” in column “Date”: "
                    "expected a date as %d.%m.%Y");
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "basic", test_basic },
    { "date-format-error", test_date_format_error },
    { "date-format-per-column", test_date_format_per_column },
    { "date-detect-month-first", test_date_detect_month_first },
    { "date-detect-ambiguous", test_date_detect_ambiguous },
    { "quoted", test_quoted },
    { "quoted-many", test_quoted_many },
    { "delimiter", test_delimiter },
    { "bom", test_bom },
    { "french-numbers", test_french_numbers },
    { "thousands-groups", test_thousands_groups },
    { "number-rounding", test_number_rounding },
    { "number-random", test_number_random },
    { "number-rejects", test_number_rejects },
    { "times", test_times },
    { "time-zone", test_time_zone },
    { "time-zone-year", test_time_zone_year },
    { "time-column", test_time_column },
    { "kinds", test_kinds },
    { "forced-kinds", test_forced_kinds },
    { "existing-kinds", test_existing_kinds },
    { "declared-schema", test_declared_schema },
    { "line-ends", test_line_ends },
    { "empty-last-field", test_empty_last_field },
    { "header-only", test_header_only },
    { "single-column", test_single_column },
    { "error-ragged", test_error_ragged },
    { "error-empty-line", test_error_empty_line },
    { "error-bad-date", test_error_bad_date },
    { "error-bad-times", test_error_bad_times },
    { "error-empty-time", test_error_empty_time },
    { "error-encoding", test_error_encoding },
    { "error-late-dimension", test_error_late_dimension },
    { "error-empty", test_error_empty },
    { "error-no-time-column", test_error_no_time_column },
    { "error-schema", test_error_schema },
    { "error-unterminated-quote", test_error_unterminated_quote },
    { "error-after-quote", test_error_after_quote },
    { "truncated", test_truncated },
    { "garbage", test_garbage },
    { "load-path", test_load_path },
    { "large", test_large },
    { "dimension-codes", test_dimension_codes },
    { "progress", test_progress },
    { "cancelled", test_cancelled },
    { "french-spreadsheet", test_french_spreadsheet },
    { "accounting-negatives", test_accounting_negatives },
    { "amount-rejects", test_amount_rejects },
    { "mixed-currencies", test_mixed_currencies },
    { "amount-suffix", test_amount_suffix },
    { "percent", test_percent },
    { "sniff-delimiter", test_sniff_delimiter },
    { "sniff-inconsistent", test_sniff_inconsistent },
  };

  return kpi_test_run ("dataset-csv", cases, G_N_ELEMENTS (cases), 120);
}
