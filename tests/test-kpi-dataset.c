/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiDataset: schema, appending, column access, signals, loading
 * from the sources (path, GFile, stream, memory, async), and that a failed
 * load or append changes nothing. CSV and JSON details have their own files. */

#include <math.h>
#include <check.h>
#include "kpi-test.h"
#include <glib/gstdio.h>
#include <libkpi/kpi.h>

#define DAY G_GINT64_CONSTANT (86400000000)
#define T0  G_GINT64_CONSTANT (1735689600000000)  /* 2025-01-01T00:00Z */

static const char small_csv[] =
  "date,channel,amount\n"
  "2025-01-01,online,10.5\n"
  "2025-01-02,store,\n"
  "2025-01-03,,7\n";

START_TEST (test_new_empty)
{
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  gint64 min = 1, max = 1;
  gsize n = 99;
  guint index;
  KpiColumnKind kind;

  ck_assert_str_eq (kpi_dataset_get_time_column (ds), "date");
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 0);
  ck_assert_uint_eq (kpi_dataset_get_n_columns (ds), 1);
  ck_assert (!kpi_dataset_get_time_range (ds, &min, &max));
  ck_assert (min == 0 && max == 0);
  ck_assert_ptr_null (kpi_dataset_get_times (ds, &n));
  ck_assert_uint_eq (n, 0);
  ck_assert (kpi_dataset_lookup_column (ds, "date", &index, &kind));
  ck_assert_uint_eq (index, 0);
  ck_assert_int_eq (kind, KPI_COLUMN_TIME);
  ck_assert (!kpi_dataset_lookup_column (ds, "amount", NULL, NULL));
}
END_TEST

START_TEST (test_schema)
{
  g_autoptr(KpiDataset) ds = kpi_dataset_new ("day");
  g_auto(GStrv) dims = NULL, measures = NULL;
  GError *error = NULL;

  ck_assert_str_eq (kpi_dataset_get_time_column (ds), "day");
  ck_assert (kpi_dataset_add_column (ds, "channel", KPI_COLUMN_DIMENSION, &error));
  ck_assert (kpi_dataset_add_column (ds, "amount", KPI_COLUMN_MEASURE, &error));
  ck_assert (kpi_dataset_add_column (ds, "region", KPI_COLUMN_DIMENSION, &error));
  ck_assert_uint_eq (kpi_dataset_get_n_columns (ds), 4);
  ck_assert_str_eq (kpi_dataset_get_column_name (ds, 2), "amount");
  ck_assert_int_eq (kpi_dataset_get_column_kind (ds, 3), KPI_COLUMN_DIMENSION);
  ck_assert_ptr_null (kpi_dataset_get_column_name (ds, 4));

  dims = kpi_dataset_list_columns (ds, KPI_COLUMN_DIMENSION);
  measures = kpi_dataset_list_columns (ds, KPI_COLUMN_MEASURE);
  ck_assert_uint_eq (g_strv_length (dims), 2);
  ck_assert_str_eq (dims[0], "channel");
  ck_assert_str_eq (dims[1], "region");
  ck_assert_uint_eq (g_strv_length (measures), 1);

  /* A duplicate name, a second time column, an empty name. */
  ck_assert (!kpi_dataset_add_column (ds, "amount", KPI_COLUMN_DIMENSION, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA));
  ck_assert_ptr_nonnull (strstr (error->message, "“amount”"));
  g_clear_error (&error);
  ck_assert (!kpi_dataset_add_column (ds, "when", KPI_COLUMN_TIME, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA));
  g_clear_error (&error);
  ck_assert (!kpi_dataset_add_column (ds, "", KPI_COLUMN_MEASURE, &error));
  g_clear_error (&error);
  ck_assert_uint_eq (kpi_dataset_get_n_columns (ds), 4);
}
END_TEST

START_TEST (test_add_column_after_rows)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (small_csv, NULL);
  GError *error = NULL;

  ck_assert (!kpi_dataset_add_column (ds, "cost", KPI_COLUMN_MEASURE, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA));
  g_clear_error (&error);
  ck_assert_uint_eq (kpi_dataset_get_n_columns (ds), 3);
}
END_TEST

START_TEST (test_column_access)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (small_csv, NULL);
  const double *amount;
  const guint32 *codes;
  const char * const *dict;
  const gint64 *times;
  gsize n;
  double v = -1;
  gint64 min, max;
  g_auto(GStrv) channels = NULL;

  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 3);
  times = kpi_dataset_get_times (ds, &n);
  ck_assert_uint_eq (n, 3);
  ck_assert (times[0] == T0 && times[2] == T0 + 2 * DAY);
  ck_assert (kpi_dataset_get_time_range (ds, &min, &max));
  ck_assert (min == T0 && max == T0 + 2 * DAY);
  ck_assert (kpi_dataset_get_time (ds, 1) == T0 + DAY);

  amount = kpi_dataset_get_measure (ds, "amount", &n);
  ck_assert_uint_eq (n, 3);
  ck_assert_double_eq (amount[0], 10.5);
  ck_assert (isnan (amount[1]));   /* missing, not 0 */
  ck_assert_double_eq (amount[2], 7.0);
  ck_assert (kpi_dataset_get_measure_value (ds, "amount", 0, &v));
  ck_assert_double_eq (v, 10.5);
  ck_assert (!kpi_dataset_get_measure_value (ds, "amount", 1, &v));
  ck_assert_double_eq (v, 0.0);
  /* A dimension is not a measure, and vice versa. */
  ck_assert_ptr_null (kpi_dataset_get_measure (ds, "channel", &n));
  ck_assert_uint_eq (n, 0);
  ck_assert_ptr_null (kpi_dataset_get_dimension_codes (ds, "amount", &n));

  codes = kpi_dataset_get_dimension_codes (ds, "channel", &n);
  dict = kpi_dataset_get_dimension_dictionary (ds, "channel", &n);
  ck_assert_uint_eq (n, 2);
  ck_assert_str_eq (dict[codes[0]], "online");
  ck_assert_str_eq (dict[codes[1]], "store");
  ck_assert_uint_eq (codes[2], KPI_DIMENSION_MISSING);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "channel", 1), "store");
  ck_assert_ptr_null (kpi_dataset_get_dimension_value (ds, "channel", 2));
  ck_assert_ptr_null (kpi_dataset_get_dimension_value (ds, "channel", 3));

  channels = kpi_dataset_dup_dimension_values (ds, "channel");
  ck_assert_uint_eq (g_strv_length (channels), 3);
  ck_assert_str_eq (channels[0], "online");
  ck_assert_str_eq (channels[2], "");
  ck_assert_ptr_null (kpi_dataset_dup_dimension_values (ds, "nope"));

  ck_assert_uint_gt (kpi_dataset_get_memory_size (ds), 3 * (8 + 8 + 4));
}
END_TEST

typedef struct
{
  guint calls;
  guint position;
  guint n_rows;
  guint notify_n_rows;
} Added;

static void
on_rows_added (KpiDataset *ds,
               guint       position,
               guint       n_rows,
               Added      *added)
{
  added->calls++;
  added->position = position;
  added->n_rows = n_rows;
  /* The rows are there when the signal runs. */
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), position + n_rows);
}

static void
on_notify_n_rows (GObject    *object,
                  GParamSpec *pspec,
                  Added      *added)
{
  added->notify_n_rows++;
}

static KpiDataset *
new_schema_dataset (void)
{
  KpiDataset *ds = kpi_dataset_new (NULL);

  ck_assert (kpi_dataset_add_column (ds, "channel", KPI_COLUMN_DIMENSION, NULL));
  ck_assert (kpi_dataset_add_column (ds, "amount", KPI_COLUMN_MEASURE, NULL));
  ck_assert (kpi_dataset_add_column (ds, "cost", KPI_COLUMN_MEASURE, NULL));
  return ds;
}

START_TEST (test_append_row)
{
  g_autoptr(KpiDataset) ds = new_schema_dataset ();
  const char *dims1[] = { "online" };
  const char *dims2[] = { NULL };
  double m1[] = { 12.5, 7.0 };
  double m2[] = { NAN, 3.0 };
  Added added = { 0 };
  GError *error = NULL;
  gsize n;

  g_signal_connect (ds, "rows-added", G_CALLBACK (on_rows_added), &added);
  g_signal_connect (ds, "notify::n-rows", G_CALLBACK (on_notify_n_rows), &added);

  ck_assert (kpi_dataset_append_row (ds, T0 + DAY, dims1, 1, m1, 2, &error));
  ck_assert_uint_eq (added.calls, 1);
  ck_assert_uint_eq (added.position, 0);
  ck_assert_uint_eq (added.n_rows, 1);
  ck_assert (kpi_dataset_append_row (ds, T0, dims2, 1, m2, 2, &error));
  ck_assert_uint_eq (added.calls, 2);
  ck_assert_uint_eq (added.position, 1);
  ck_assert_uint_eq (added.notify_n_rows, 2);

  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 2);
  ck_assert (isnan (kpi_dataset_get_measure (ds, "amount", &n)[1]));
  ck_assert_double_eq (kpi_dataset_get_measure (ds, "cost", &n)[1], 3.0);
  ck_assert_ptr_null (kpi_dataset_get_dimension_value (ds, "channel", 1));
  /* Rows need not come in time order; the range says so. */
  {
    gint64 min, max;
    kpi_dataset_get_time_range (ds, &min, &max);
    ck_assert (min == T0 && max == T0 + DAY);
  }
}
END_TEST

START_TEST (test_append_rows_batch)
{
  g_autoptr(KpiDataset) ds = new_schema_dataset ();
  gint64 times[3] = { T0, T0 + DAY, T0 + 2 * DAY };
  const char *dims[3] = { "online", "store", "online" };
  double measures[6] = { 1, 0.5, 2, 1, 4, 2.5 };
  Added added = { 0 };
  gsize n, n_values;
  const guint32 *codes;

  g_signal_connect (ds, "rows-added", G_CALLBACK (on_rows_added), &added);
  ck_assert (kpi_dataset_append_rows (ds, times, 3, dims, 3, measures, 6, NULL));
  ck_assert_uint_eq (added.calls, 1);   /* one signal per batch */
  ck_assert_uint_eq (added.n_rows, 3);
  ck_assert_double_eq (kpi_dataset_get_measure (ds, "cost", &n)[2], 2.5);
  codes = kpi_dataset_get_dimension_codes (ds, "channel", &n);
  kpi_dataset_get_dimension_dictionary (ds, "channel", &n_values);
  ck_assert_uint_eq (n_values, 2);     /* "online" stored once */
  ck_assert_uint_eq (codes[0], codes[2]);
}
END_TEST

/* A column's bytes share the dataset's memory, and outlive both the
 * column's growth (2 000 appends move it to new memory) and the dataset. */
START_TEST (test_column_bytes)
{
  KpiDataset *ds = new_schema_dataset ();
  const char *dims[] = { "online" };
  double m[] = { 12.5, NAN };
  g_autoptr(GBytes) amount = NULL;
  g_autoptr(GBytes) times = NULL;
  g_autoptr(GBytes) codes = NULL;
  g_autoptr(GBytes) empty = kpi_dataset_dup_column_bytes (ds, "amount");
  const double *values;
  gsize n, size;

  ck_assert_uint_eq (g_bytes_get_size (empty), 0);
  ck_assert_ptr_null (kpi_dataset_dup_column_bytes (ds, "nope"));
  ck_assert (kpi_dataset_append_row (ds, T0, dims, 1, m, 2, NULL));
  m[0] = 7.0;
  ck_assert (kpi_dataset_append_row (ds, T0 + DAY, dims, 1, m, 2, NULL));

  amount = kpi_dataset_dup_column_bytes (ds, "amount");
  values = g_bytes_get_data (amount, &size);
  ck_assert_uint_eq (size, 2 * sizeof (double));
  /* the very memory kpi_dataset_get_measure gives: no copy */
  ck_assert_ptr_eq (values, kpi_dataset_get_measure (ds, "amount", &n));
  ck_assert_double_eq (values[0], 12.5);
  ck_assert_double_eq (values[1], 7.0);
  times = kpi_dataset_dup_column_bytes (ds, "date");
  ck_assert_uint_eq (g_bytes_get_size (times), 2 * sizeof (gint64));
  ck_assert (((const gint64 *) g_bytes_get_data (times, NULL))[1] == T0 + DAY);
  codes = kpi_dataset_dup_column_bytes (ds, "channel");
  ck_assert_uint_eq (g_bytes_get_size (codes), 2 * sizeof (guint32));
  ck_assert_uint_eq (((const guint32 *) g_bytes_get_data (codes, NULL))[1], 0);

  /* past the capacity (1 024 rows at first): the column moves, the bytes
   * keep the two rows they had */
  for (int i = 0; i < 2000; i++)
    ck_assert (kpi_dataset_append_row (ds, T0 + 2 * DAY, dims, 1, m, 2, NULL));
  ck_assert_ptr_ne (values, kpi_dataset_get_measure (ds, "amount", &n));
  ck_assert_uint_eq (n, 2002);
  ck_assert_double_eq (kpi_dataset_get_measure (ds, "amount", &n)[0], 12.5);
  ck_assert_double_eq (kpi_dataset_get_measure (ds, "amount", &n)[2001], 7.0);
  g_object_unref (ds);
  ck_assert_double_eq (values[0], 12.5);
  ck_assert_double_eq (values[1], 7.0);
  ck_assert_uint_eq (g_bytes_get_size (amount), 2 * sizeof (double));
}
END_TEST

START_TEST (test_append_bad_leaves_unchanged)
{
  g_autoptr(KpiDataset) ds = new_schema_dataset ();
  gint64 times[2] = { T0, T0 + DAY };
  const char *dims[2] = { "online", "st\xff" "ore" };
  const char *good_dims[2] = { "online", "store" };
  double measures[4] = { 1, 2, 3, 4 };
  double inf_measures[4] = { 1, 2, INFINITY, 4 };
  Added added = { 0 };
  GError *error = NULL;
  gsize n;

  g_signal_connect (ds, "rows-added", G_CALLBACK (on_rows_added), &added);

  /* Invalid UTF-8 in the second row: not even the first row is added. */
  ck_assert (!kpi_dataset_append_rows (ds, times, 2, dims, 2, measures, 4, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_ENCODING));
  ck_assert_ptr_nonnull (strstr (error->message, "row 2"));
  g_clear_error (&error);

  ck_assert (!kpi_dataset_append_rows (ds, times, 2, good_dims, 2, inf_measures, 4, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_NUMBER));
  g_clear_error (&error);

  /* Wrong number of values. */
  ck_assert (!kpi_dataset_append_rows (ds, times, 2, good_dims, 2, measures, 3, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA));
  g_clear_error (&error);
  ck_assert (!kpi_dataset_append_row (ds, T0, good_dims, 2, measures, 2, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA));
  g_clear_error (&error);

  ck_assert_uint_eq (added.calls, 0);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 0);
  kpi_dataset_get_dimension_dictionary (ds, "channel", &n);
  ck_assert_uint_eq (n, 0);
}
END_TEST

/* The wrong number of values reads as a sentence that names the columns. */
START_TEST (test_append_arity_messages)
{
  g_autoptr(KpiDataset) ds = new_schema_dataset ();
  g_autoptr(KpiDataset) three = kpi_dataset_new (NULL);
  g_autoptr(KpiDataset) bare = kpi_dataset_new (NULL);
  const char *dims[] = { "online", "north", "R1" };
  double measures[] = { 1, 2, 3, 4 };
  gint64 times[] = { T0, T0 + DAY };
  GError *error = NULL;

  ck_assert (kpi_dataset_add_column (three, "channel", KPI_COLUMN_DIMENSION, NULL));
  ck_assert (kpi_dataset_add_column (three, "region", KPI_COLUMN_DIMENSION, NULL));
  ck_assert (kpi_dataset_add_column (three, "rep", KPI_COLUMN_DIMENSION, NULL));

  ck_assert (!kpi_dataset_append_row (three, T0, dims, 2, NULL, 0, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA));
  ck_assert_str_eq (error->message, "the row has 2 dimension values, but the dataset has "
                                    "3 dimensions (channel, region, rep)");
  g_clear_error (&error);

  ck_assert (!kpi_dataset_append_row (ds, T0, dims, 1, measures, 3, &error));
  ck_assert_str_eq (error->message, "the row has 3 measure values, but the dataset has "
                                    "2 measures (amount, cost)");
  g_clear_error (&error);

  ck_assert (!kpi_dataset_append_row (ds, T0, NULL, 0, measures, 2, &error));
  ck_assert_str_eq (error->message, "the row has 0 dimension values, but the dataset has "
                                    "1 dimension (channel)");
  g_clear_error (&error);

  ck_assert (!kpi_dataset_append_row (bare, T0, dims, 1, NULL, 0, &error));
  ck_assert_str_eq (error->message, "the row has 1 dimension value, but the dataset has "
                                    "no dimension column");
  g_clear_error (&error);

  ck_assert (!kpi_dataset_append_rows (ds, times, 2, dims, 2, measures, 3, &error));
  ck_assert_str_eq (error->message, "the batch of 2 rows has 3 measure values, but the dataset "
                                    "has 2 measures (amount, cost): expected 4 (one per measure "
                                    "and row)");
  g_clear_error (&error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 0);
}
END_TEST

/* Loading a directory says so (GLib's mmap() would say "No such
 * device"); a missing file too, and the other failures of reading a file
 * in the same form, "name: " first and in lower case (GLib's messages
 * were "Failed to open file “…”: open() failed: File name too long", and
 * "The resource at “…” does not exist"); a source name that is not UTF-8
 * leaves the messages valid. */
START_TEST (test_load_io_messages)
{
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  g_autofree char *dir = g_dir_make_tmp ("kpi-dataset-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "orders.csv", NULL);
  g_autoptr(GFile) directory = g_file_new_for_path (dir);
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  g_autofree char *expected = g_strdup_printf ("%s: is a directory: expected a CSV, JSON or "
                                               "JSON Lines file", dir);
  /* One name of 300 bytes: longer than any file system allows (255) */
  g_autofree char *long_base = g_strnfill (300, 'x');
  g_autofree char *long_name = g_build_filename (dir, long_base, NULL);
  g_autofree char *long_expected = g_strdup_printf ("%s: cannot be read: file name too long",
                                                    long_name);
  g_autoptr(GFile) resource = g_file_new_for_uri ("resource:///org/example/orders.csv");
  const char bad[] = "date,amount\n2025-01-01,1\nyesterday,2\n";
  GError *error = NULL;

  ck_assert (!kpi_dataset_load_path (ds, dir, NULL, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY));
  ck_assert_str_eq (error->message, expected);
  g_clear_error (&error);
  ck_assert (!kpi_dataset_load_file (ds, directory, NULL, NULL, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY));
  g_clear_error (&error);

  ck_assert (!kpi_dataset_load_path (ds, missing, NULL, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
  ck_assert (g_str_has_suffix (error->message, "orders.csv: no such file"));
  g_clear_error (&error);

  ck_assert (!kpi_dataset_load_path (ds, long_name, NULL, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FILENAME_TOO_LONG));
  ck_assert_str_eq (error->message, long_expected);
  g_clear_error (&error);

  ck_assert (!kpi_dataset_load_file (ds, resource, NULL, NULL, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
  ck_assert_str_eq (error->message, "resource:///org/example/orders.csv: no such file");
  g_clear_error (&error);

  kpi_load_options_set_source_name (options, "export\xff.csv");
  ck_assert (!kpi_dataset_load_data (ds, (const guint8 *) bad, strlen (bad), options, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_TIME));
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  ck_assert_msg (g_str_has_prefix (error->message, "export\xef\xbf\xbd.csv:3:"), "%s", error->message);
  g_clear_error (&error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 0);

  g_rmdir (dir);
}
END_TEST

START_TEST (test_load_appends_to_schema)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (small_csv, NULL);
  const char more[] = "amount,date,channel\n3,2025-02-01,mobile\n";
  const char other[] = "date,channel,amount,cost\n2025-02-01,online,1,2\n";
  const char kinds[] = "date,channel,amount\n2025-02-01,5,x\n";
  GError *error = NULL;
  gsize n;

  /* Same columns in another order: appended, dictionary extended. */
  ck_assert (kpi_dataset_load_data (ds, (const guint8 *) more, strlen (more), NULL, &error));
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 4);
  ck_assert_str_eq (kpi_dataset_get_dimension_value (ds, "channel", 3), "mobile");
  ck_assert_double_eq (kpi_dataset_get_measure (ds, "amount", &n)[3], 3.0);

  /* An extra column: refused, nothing added. */
  ck_assert (!kpi_dataset_load_data (ds, (const guint8 *) other, strlen (other), NULL, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA));
  ck_assert_ptr_nonnull (strstr (error->message, "<data>: "));
  ck_assert_ptr_nonnull (strstr (error->message, "“cost”"));
  g_clear_error (&error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 4);

  /* The dataset's kinds win: "5" is a channel, "x" is not an amount. */
  ck_assert (!kpi_dataset_load_data (ds, (const guint8 *) kinds, strlen (kinds), NULL, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_NUMBER));
  g_clear_error (&error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 4);
}
END_TEST

START_TEST (test_failed_load_leaves_unchanged)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (small_csv, NULL);
  const char bad[] = "date,channel,amount\n2025-02-01,online,1\n2025-02-31,online,2\n";
  Added added = { 0 };
  GError *error = NULL;
  gsize n;

  g_signal_connect (ds, "rows-added", G_CALLBACK (on_rows_added), &added);
  ck_assert (!kpi_dataset_load_data (ds, (const guint8 *) bad, strlen (bad), NULL, &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_TIME));
  ck_assert_ptr_nonnull (strstr (error->message, "<data>:3:1"));
  g_clear_error (&error);
  ck_assert_uint_eq (added.calls, 0);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 3);
  kpi_dataset_get_dimension_dictionary (ds, "channel", &n);
  ck_assert_uint_eq (n, 2);
  ck_assert_double_eq (kpi_dataset_get_measure (ds, "amount", &n)[0], 10.5);
}
END_TEST

static char *
write_temp_file (const char *name,
                 const char *contents)
{
  g_autofree char *dir = g_dir_make_tmp ("kpi-test-XXXXXX", NULL);
  char *path = g_build_filename (dir, name, NULL);

  ck_assert (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
remove_temp_file (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_remove (path);
  g_rmdir (dir);
}

START_TEST (test_load_path_and_file)
{
  g_autofree char *path = write_temp_file ("orders.csv", small_csv);
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  g_autoptr(KpiDataset) ds2 = kpi_dataset_new (NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/orders.csv");
  GError *error = NULL;

  ck_assert (kpi_dataset_load_path (ds, path, NULL, &error));
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 3);
  ck_assert (kpi_dataset_load_file (ds2, file, NULL, NULL, &error));
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds2), 3);

  ck_assert (!kpi_dataset_load_file (ds2, missing, NULL, NULL, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
  ck_assert_ptr_nonnull (strstr (error->message, "orders.csv"));
  g_clear_error (&error);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds2), 3);
  remove_temp_file (path);
}
END_TEST

START_TEST (test_load_stream)
{
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  g_autoptr(GInputStream) stream =
    g_memory_input_stream_new_from_data (small_csv, strlen (small_csv), NULL);
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  g_autoptr(GInputStream) bad =
    g_memory_input_stream_new_from_data ("date\nyesterday\n", 15, NULL);
  GError *error = NULL;

  ck_assert (kpi_dataset_load_stream (ds, stream, NULL, NULL, &error));
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 3);

  kpi_load_options_set_source_name (options, "crm-export");
  ck_assert (!kpi_dataset_load_stream (ds, bad, options, NULL, &error));
  ck_assert_ptr_nonnull (strstr (error->message, "crm-export:2:1"));
  g_clear_error (&error);
}
END_TEST

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
  guint      progress_calls;
  guint64    last_done;
  guint64    last_total;
} AsyncState;

static void
on_progress (KpiDataset *ds,
             guint64     done,
             guint64     total,
             AsyncState *state)
{
  state->progress_calls++;
  ck_assert_uint_ge (done, state->last_done);
  state->last_done = done;
  state->last_total = total;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  AsyncState *state = data;

  state->ok = kpi_dataset_load_file_finish (KPI_DATASET (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

START_TEST (test_load_async)
{
  GString *csv = g_string_new ("date,channel,amount\n");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  AsyncState state = { 0 };

  /* Big enough for several progress reports (one per megabyte). */
  for (int i = 0; i < 150000; i++)
    g_string_append_printf (csv, "2025-%02d-%02d,channel-%d,%d.25\n",
                            i % 12 + 1, i % 28 + 1, i % 7, i);
  path = write_temp_file ("big.csv", csv->str);
  file = g_file_new_for_path (path);

  state.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (ds, "load-progress", G_CALLBACK (on_progress), &state);
  kpi_dataset_load_file_async (ds, file, NULL, G_PRIORITY_DEFAULT, NULL, on_loaded, &state);
  /* Nothing is added before the load finishes. */
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 0);
  g_main_loop_run (state.loop);

  ck_assert_ptr_null (state.error);
  ck_assert (state.ok);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 150000);
  ck_assert_uint_ge (state.progress_calls, 2);
  ck_assert_uint_eq (state.last_total, csv->len);
  ck_assert_uint_eq (state.last_done, state.last_total);

  g_main_loop_unref (state.loop);
  g_string_free (csv, TRUE);
  remove_temp_file (path);
}
END_TEST

START_TEST (test_load_async_cancelled)
{
  g_autofree char *path = write_temp_file ("orders.csv", small_csv);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KpiDataset) ds = kpi_test_load (small_csv, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncState state = { 0 };

  state.loop = g_main_loop_new (NULL, FALSE);
  g_cancellable_cancel (cancellable);
  kpi_dataset_load_file_async (ds, file, NULL, G_PRIORITY_DEFAULT, cancellable, on_loaded, &state);
  g_main_loop_run (state.loop);
  ck_assert (!state.ok);
  ck_assert (g_error_matches (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 3);
  g_clear_error (&state.error);
  g_main_loop_unref (state.loop);
  remove_temp_file (path);
}
END_TEST

static void
on_stream_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  AsyncState *state = data;

  state->ok = kpi_dataset_load_stream_finish (KPI_DATASET (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

START_TEST (test_load_stream_async)
{
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  g_autoptr(GInputStream) stream =
    g_memory_input_stream_new_from_data (small_csv, strlen (small_csv), NULL);
  AsyncState state = { 0 };

  state.loop = g_main_loop_new (NULL, FALSE);
  kpi_dataset_load_stream_async (ds, stream, NULL, G_PRIORITY_DEFAULT, NULL,
                                 on_stream_loaded, &state);
  g_main_loop_run (state.loop);
  ck_assert (state.ok);
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), 3);
  g_main_loop_unref (state.loop);
}
END_TEST

START_TEST (test_properties)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (small_csv, NULL);
  guint n_rows, n_columns;
  gint64 min_time, max_time;
  g_autofree char *time_column = NULL;

  g_object_get (ds, "n-rows", &n_rows, "n-columns", &n_columns,
                "min-time", &min_time, "max-time", &max_time,
                "time-column", &time_column, NULL);
  ck_assert_uint_eq (n_rows, 3);
  ck_assert_uint_eq (n_columns, 3);
  ck_assert (min_time == T0 && max_time == T0 + 2 * DAY);
  ck_assert_str_eq (time_column, "date");
}
END_TEST

START_TEST (test_sample_orders)
{
  const char *dir = g_getenv ("KPI_TEST_DATA");
  g_autofree char *path = NULL;
  g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
  g_autofree char *contents = NULL;
  GError *error = NULL;
  gsize length, n_lines = 0, n;
  KpiColumnKind kind;
  gint64 min, max;

  ck_assert_msg (dir != NULL, "KPI_TEST_DATA is not set");
  path = g_build_filename (dir, "orders.csv", NULL);
  ck_assert (kpi_dataset_load_path (ds, path, NULL, &error));
  ck_assert_ptr_null (error);

  ck_assert (g_file_get_contents (path, &contents, &length, NULL));
  for (gsize i = 0; i < length; i++)
    n_lines += contents[i] == '\n';
  ck_assert_uint_eq (kpi_dataset_get_n_rows (ds), n_lines - 1);

  ck_assert (kpi_dataset_lookup_column (ds, "customer", NULL, &kind));
  ck_assert_int_eq (kind, KPI_COLUMN_DIMENSION);
  ck_assert (kpi_dataset_lookup_column (ds, "amount", NULL, &kind));
  ck_assert_int_eq (kind, KPI_COLUMN_MEASURE);
  kpi_dataset_get_dimension_dictionary (ds, "channel", &n);
  ck_assert_uint_eq (n, 3);
  ck_assert (kpi_dataset_get_time_range (ds, &min, &max));
  ck_assert (min == T0 - 366 * DAY);            /* 2024-01-01 */
  ck_assert (max == T0 + 364 * DAY);            /* 2025-12-31 */
}
END_TEST

/* The span of time the data covers: by default the periods from the one
 * that holds the first row to the one that holds the last; else what was
 * set, or the data-as-of time. */
START_TEST (test_coverage)
{
  g_autoptr(KpiDataset) ds = kpi_test_load (small_csv, NULL);   /* 1 to 3 January 2025 */
  g_autoptr(KpiDataset) empty = kpi_dataset_new (NULL);
  g_autoptr(KpiCalendar) cal = kpi_calendar_new (NULL, 1, NULL);
  g_autoptr(KpiPeriod) dec = kpi_calendar_parse_period (cal, "2024-12", NULL);
  g_autoptr(KpiPeriod) jan = kpi_calendar_parse_period (cal, "2025-01", NULL);
  g_autoptr(KpiPeriod) feb = kpi_calendar_parse_period (cal, "2025-02", NULL);
  g_autoptr(KpiPeriod) jan1 = kpi_calendar_parse_period (cal, "2025-01-01", NULL);
  g_autoptr(KpiPeriod) jan3 = kpi_calendar_parse_period (cal, "2025-01-03", NULL);
  g_autoptr(KpiPeriod) jan4 = kpi_calendar_parse_period (cal, "2025-01-04", NULL);
  g_autoptr(KpiPeriod) dec31 = kpi_calendar_parse_period (cal, "2024-12-31", NULL);
  gint64 start = 0, end = 0;
  GError *error = NULL;

  /* From the rows */
  kpi_dataset_get_coverage (ds, &start, &end);
  ck_assert (start == KPI_TIME_UNSET && end == KPI_TIME_UNSET);
  ck_assert_int_eq (kpi_dataset_get_period_coverage (ds, dec), KPI_COVERAGE_NONE);
  ck_assert_int_eq (kpi_dataset_get_period_coverage (ds, jan), KPI_COVERAGE_FULL);
  ck_assert_int_eq (kpi_dataset_get_period_coverage (ds, feb), KPI_COVERAGE_NONE);
  ck_assert_int_eq (kpi_dataset_get_period_coverage (ds, dec31), KPI_COVERAGE_NONE);
  ck_assert_int_eq (kpi_dataset_get_period_coverage (ds, jan1), KPI_COVERAGE_FULL);
  ck_assert_int_eq (kpi_dataset_get_period_coverage (ds, jan3), KPI_COVERAGE_FULL);
  ck_assert_int_eq (kpi_dataset_get_period_coverage (ds, jan4), KPI_COVERAGE_NONE);
  ck_assert_int_eq (kpi_dataset_get_period_coverage (empty, jan), KPI_COVERAGE_NONE);

  /* Complete up to 2 January, noon: January is covered in part, the 3rd
   * not at all although a row has that date (the as-of time says up to
   * when the data is complete; later rows are not a complete day) */
  kpi_dataset_set_data_as_of (ds, T0 + DAY + DAY / 2);
  ck_assert_int_eq (kpi_dataset_get_data_as_of (ds), T0 + DAY + DAY / 2);
  ck_assert_int_eq (kpi_dataset_get_period_coverage (ds, jan), KPI_COVERAGE_PARTIAL);
  ck_assert_int_eq (kpi_dataset_get_period_coverage (ds, jan1), KPI_COVERAGE_FULL);
  ck_assert_int_eq (kpi_dataset_get_period_coverage (ds, jan3), KPI_COVERAGE_NONE);
  kpi_dataset_set_data_as_of (ds, KPI_TIME_UNSET);

  /* An export known to run from 31 December to the end of February */
  ck_assert (kpi_dataset_set_coverage (ds, kpi_period_get_start (dec31), kpi_period_get_end (feb), &error));
  ck_assert_ptr_null (error);
  kpi_dataset_get_coverage (ds, &start, &end);
  ck_assert_int_eq (start, kpi_period_get_start (dec31));
  ck_assert_int_eq (end, kpi_period_get_end (feb));
  ck_assert_int_eq (kpi_dataset_get_period_coverage (ds, dec), KPI_COVERAGE_PARTIAL);
  ck_assert_int_eq (kpi_dataset_get_period_coverage (ds, dec31), KPI_COVERAGE_FULL);
  ck_assert_int_eq (kpi_dataset_get_period_coverage (ds, feb), KPI_COVERAGE_FULL);
  ck_assert_int_eq (kpi_dataset_get_period_coverage (ds, jan4), KPI_COVERAGE_FULL);
  /* ... with an as-of time before its end, the earlier wins */
  kpi_dataset_set_data_as_of (ds, kpi_period_get_start (feb) + 14 * DAY);
  ck_assert_int_eq (kpi_dataset_get_period_coverage (ds, feb), KPI_COVERAGE_PARTIAL);
  kpi_dataset_set_data_as_of (ds, KPI_TIME_UNSET);

  /* An empty dataset with a coverage covers it */
  ck_assert (kpi_dataset_set_coverage (empty, kpi_period_get_start (jan), KPI_TIME_UNSET, NULL));
  ck_assert_int_eq (kpi_dataset_get_period_coverage (empty, dec), KPI_COVERAGE_NONE);
  ck_assert_int_eq (kpi_dataset_get_period_coverage (empty, jan), KPI_COVERAGE_NONE);  /* no end: no rows */
  ck_assert (kpi_dataset_set_coverage (empty, kpi_period_get_start (jan), kpi_period_get_end (feb), NULL));
  ck_assert_int_eq (kpi_dataset_get_period_coverage (empty, jan), KPI_COVERAGE_FULL);

  /* A coverage that ends before it starts is refused, and changes nothing */
  ck_assert (!kpi_dataset_set_coverage (ds, kpi_period_get_end (feb), kpi_period_get_start (jan), &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_COVERAGE));
  g_clear_error (&error);
  kpi_dataset_get_coverage (ds, &start, &end);
  ck_assert_int_eq (start, kpi_period_get_start (dec31));
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "new-empty", test_new_empty },
    { "schema", test_schema },
    { "add-column-after-rows", test_add_column_after_rows },
    { "column-access", test_column_access },
    { "append-row", test_append_row },
    { "append-rows-batch", test_append_rows_batch },
    { "column-bytes", test_column_bytes },
    { "append-arity-messages", test_append_arity_messages },
    { "load-io-messages", test_load_io_messages },
    { "append-bad-leaves-unchanged", test_append_bad_leaves_unchanged },
    { "load-appends-to-schema", test_load_appends_to_schema },
    { "failed-load-leaves-unchanged", test_failed_load_leaves_unchanged },
    { "load-path-and-file", test_load_path_and_file },
    { "load-stream", test_load_stream },
    { "load-async", test_load_async },
    { "load-async-cancelled", test_load_async_cancelled },
    { "load-stream-async", test_load_stream_async },
    { "properties", test_properties },
    { "sample-orders", test_sample_orders },
    { "coverage", test_coverage },
  };

  return kpi_test_run ("dataset", cases, G_N_ELEMENTS (cases), 60);
}
