/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-sql-rows.c: the rows of an SQLite table, loaded and attached.
 *
 * The input builds a table in an SQLite file (one file, on /dev/shm where
 * there is one, reused, without a journal, read through one KpiDatabase
 * opened once: the library must see each input's table dropped and
 * created again under its open connection): a hostile name, a time column
 * and one to four columns of random names and declared types, and up to
 * 24 rows of random INTEGER, REAL, TEXT, NULL and BLOB values (the times
 * mostly in 2024 to 2026, stored as seconds, ISO 8601 text or not). Then,
 * for every input,
 *
 * - kpi_dataset_load_table() loads it or fails with a GError, leaving the
 *   dataset as it was; a second load appends the same rows or fails;
 *
 * and, as the input's last two bytes (the plan) say, to spread the costly
 * parts over a run:
 *
 * - on three inputs in four, kpi_dataset_attach_table() on a second
 *   dataset must attach a table that loads with the same columns, kinds,
 *   dimension values and time range (and may fail, not crash, on one that
 *   does not load);
 * - on six of those in sixteen, one formula of six (count(), sum() of a
 *   measure, count(m) + max(m), count_distinct() and count() of a
 *   dimension, avg() of a measure where a dimension has a value) evaluated
 *   month by month in the database must give the values (to 1e-9
 *   relative, beyond the rounding a sum of the column's magnitudes
 *   allows), flags and sample sizes of the in-memory engine, over 1 to 12
 *   months from the data's first month or 6, 12 or 18 months later.  A
 *   formula the database refuses (KPI_FORMULA_ERROR_NOT_PUSHABLE: a
 *   measure stored as text) is compared again with the pushdown set to
 *   fetch the rows.
 *
 * KPI_FUZZ_VERBOSE set in the environment, it says what it compared.
 *
 * The input: the option bytes (the table's name, the number of columns,
 * each column's name and type, the time zone, a forced kind, the number
 * style), then the rows, each value a type byte and its bytes, then the
 * byte picking a dimension's value; the last two bytes of the input, taken
 * off first, are the plan: the months, then what is compared (a byte % 4
 * of 3: no attachment; else (byte / 4) % 16 the formula, 6 to 15 none). */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "fuzz-common.h"

/* Names with quotes, semicolons, comments, Unicode, SQL words, the names
 * of the pushed-down query's own aliases, SQLite's reserved prefix */
static const char * const table_names[] = {
  "orders", "o\"r;ders", "客户 table", "t'--", "", "select", "kpi_rows", "kpi_b", "sqlite_t",
  "a\"\"b", "main", "kpi_periods",
};
static const char * const column_names[] = {
  "date", "amount", "customer", "kpi_t", "kpi_c0", "kpi_p", "kpi_g", "m\"1", "d'2; --", "é",
  "rowid", "Date", " ", "x\ny", "`b`", "a\\b", "", "kpi_e", "oid", "NULL",
};
/* Declared types: SQLite's affinity rules (INT anywhere, then CHAR, CLOB,
 * TEXT, then BLOB, then REAL, FLOA, DOUB), and what looks like a date */
static const char * const declared_types[] = {
  "", "INTEGER", "REAL", "TEXT", "BLOB", "NUMERIC", "VARCHAR(10)", "DATE", "BOOLEAN",
  "DOUBLE PRECISION", "INTEGER PRIMARY KEY", "TEXT PRIMARY KEY", "FLOATING POINT", "CHARINT",
  "STRING", "TIMESTAMP", "DATETIME", "INT NOT NULL",
};
/* Text values: dimension-like, number-like, hostile */
static const char * const texts[] = {
  "a", "b", "x;y", "a'; DROP TABLE t; --", "bé\"b", "客户", "1", "2.5", " 3", "1 234,5",
  "1,234.5", "-0", "1e400", "NaN", "inf", "", "12 %", "€ 5", "(3)", "0x10", "A", "a ",
  "2025-01-05", "45707",
};

static char *db_dir;
static char *db_path;
static sqlite3 *writer;
/* The library's connection to the file, opened at the first table and
 * kept: each input drops the previous table and creates its own under it */
static KpiDatabase *database;

static void
remove_file (void)
{
  g_clear_object (&database);
  if (writer != NULL)
    sqlite3_close (writer);
  g_unlink (db_path);
  g_rmdir (db_dir);
}

/* The file and the connection that writes it, once; in memory (/dev/shm)
 * where there is one: SQLite locks and stats the file at each statement */
static void
open_writer (void)
{
  if (writer != NULL)
    return;
  /* Before SQLite's first use (else refused, harmlessly): no memory
   * statistics (a mutex a malloc), and lookaside slots enough for the
   * pushed-down queries' parse trees, which otherwise go to malloc (slow
   * under ASan) node by node */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
  sqlite3_config (SQLITE_CONFIG_LOOKASIDE, 512, 512);
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && g_access ("/dev/shm", W_OK) == 0)
    {
      db_dir = g_strdup ("/dev/shm/kpi-fuzz-sql-XXXXXX");
      if (g_mkdtemp (db_dir) == NULL)
        g_clear_pointer (&db_dir, g_free);
    }
  if (db_dir == NULL)
    db_dir = g_dir_make_tmp ("kpi-fuzz-sql-XXXXXX", NULL);
  kpi_fuzz_assert (db_dir != NULL, "no temporary directory");
  db_path = g_build_filename (db_dir, "rows.db", NULL);
  kpi_fuzz_assert (sqlite3_open (db_path, &writer) == SQLITE_OK, "%s", sqlite3_errmsg (writer));
  sqlite3_exec (writer, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF", NULL, NULL, NULL);
  atexit (remove_file);
}

static char *
quote (const char *name)
{
  GString *s = g_string_new ("\"");

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

/* A name in the formula language: `...` with ` and \ escaped */
static char *
formula_name (const char *name)
{
  GString *s = g_string_new ("`");

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '`' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '`');
  return g_string_free (s, FALSE);
}

static char *
formula_text (const char *text)
{
  GString *s = g_string_new ("\"");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

/* Drops what the input created */
static void
clear_tables (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (writer, "SELECT name FROM sqlite_master WHERE type = 'table' "
                          "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'", -1, &stmt, NULL) != SQLITE_OK)
    kpi_fuzz_fail (__FILE__, __LINE__, "prepare", "%s", sqlite3_errmsg (writer));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *quoted = quote (g_ptr_array_index (names, i));
      g_autofree char *sql = g_strdup_printf ("DROP TABLE %s", quoted);

      if (sqlite3_exec (writer, sql, NULL, NULL, NULL) != SQLITE_OK)
        kpi_fuzz_fail (__FILE__, __LINE__, "drop", "%s: %s", sql, sqlite3_errmsg (writer));
    }
}

static guint64
take_u64 (KpiFuzzInput *input,
          guint         n_bytes)
{
  guint64 value = 0;

  for (guint i = 0; i < n_bytes; i++)
    value = value << 8 | kpi_fuzz_take_byte (input);
  return value;
}

/* A time: mostly in 2024 to 2026, as seconds (INTEGER, REAL) or ISO 8601
 * text (a date, a UTC time, an offset, a local time), else NULL, random
 * text, any integer, a BLOB */
static void
bind_time (sqlite3_stmt *stmt,
           int           index,
           KpiFuzzInput *input)
{
  guint8 kind = kpi_fuzz_take_byte (input);
  /* 2024-01-01 UTC, then up to 900 days and a time of day */
  gint64 seconds = G_GINT64_CONSTANT (1704067200) + (gint64) (take_u64 (input, 2) % 900) * 86400 +
                   (gint64) kpi_fuzz_take_byte (input) * 337;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (seconds);

  switch (kind % 11)
    {
    case 0:
    case 1:
      sqlite3_bind_int64 (stmt, index, seconds);
      break;
    case 2:
      sqlite3_bind_double (stmt, index, seconds + 0.25);
      break;
    case 3:
      sqlite3_bind_text (stmt, index, g_date_time_format (utc, "%Y-%m-%d"), -1, g_free);
      break;
    case 4:
      sqlite3_bind_text (stmt, index, g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ"), -1, g_free);
      break;
    case 5:
      sqlite3_bind_text (stmt, index, g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S+05:30"), -1, g_free);
      break;
    case 6:
      sqlite3_bind_text (stmt, index, g_date_time_format (utc, "%Y-%m-%d %H:%M:%S"), -1, g_free);
      break;
    case 7:
      sqlite3_bind_null (stmt, index);
      break;
    case 8:
      sqlite3_bind_text (stmt, index, kpi_fuzz_take_string (input, 24), -1, g_free);
      break;
    case 9:
      sqlite3_bind_int64 (stmt, index, (gint64) take_u64 (input, 8));
      break;
    default:
      {
        char *bytes = kpi_fuzz_take_string (input, 8);

        sqlite3_bind_blob (stmt, index, bytes, strlen (bytes), g_free);
      }
      break;
    }
}

static void
bind_value (sqlite3_stmt *stmt,
            int           index,
            KpiFuzzInput *input)
{
  guint8 kind = kpi_fuzz_take_byte (input);

  switch (kind % 9)
    {
    case 0:
      sqlite3_bind_null (stmt, index);
      break;
    case 1:
      sqlite3_bind_int64 (stmt, index, (gint8) kpi_fuzz_take_byte (input));
      break;
    case 2:
      sqlite3_bind_int64 (stmt, index, (gint64) take_u64 (input, 8));
      break;
    case 3:
      sqlite3_bind_double (stmt, index, (gint16) take_u64 (input, 2) / 4.0);
      break;
    case 4:
      {
        guint64 bits = take_u64 (input, 8);
        double value;

        memcpy (&value, &bits, sizeof value);
        sqlite3_bind_double (stmt, index, value);
      }
      break;
    case 5:
    case 6:
      sqlite3_bind_text (stmt, index, texts[kpi_fuzz_take_byte (input) % G_N_ELEMENTS (texts)], -1,
                         SQLITE_STATIC);
      break;
    case 7:
      sqlite3_bind_text (stmt, index, kpi_fuzz_take_string (input, 16), -1, g_free);
      break;
    default:
      {
        char *bytes = kpi_fuzz_take_string (input, 8);

        sqlite3_bind_blob (stmt, index, bytes, strlen (bytes), g_free);
      }
      break;
    }
}

/* Builds the table; FALSE when SQLite refuses it (a duplicate column, a
 * reserved name): nothing to load then. */
static gboolean
build_table (KpiFuzzInput *input,
             const char   *table,
             const char   *time_name,
             guint         n_columns,
             const char  **names)
{
  g_autoptr(GString) sql = g_string_new ("CREATE TABLE ");
  g_autofree char *quoted_table = quote (table);
  sqlite3_stmt *stmt = NULL;
  guint n_rows;

  g_string_append_printf (sql, "%s (", quoted_table);
  for (guint c = 0; c <= n_columns; c++)
    {
      g_autofree char *quoted = quote (c == 0 ? time_name : names[c - 1]);

      g_string_append_printf (sql, "%s%s %s", c > 0 ? ", " : "", quoted,
                              declared_types[kpi_fuzz_take_byte (input) % G_N_ELEMENTS (declared_types)]);
    }
  g_string_append_c (sql, ')');
  if (sqlite3_exec (writer, sql->str, NULL, NULL, NULL) != SQLITE_OK)
    return FALSE;

  g_string_printf (sql, "INSERT INTO %s VALUES (?", quoted_table);
  for (guint c = 0; c < n_columns; c++)
    g_string_append (sql, ", ?");
  g_string_append_c (sql, ')');
  if (sqlite3_prepare_v2 (writer, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    kpi_fuzz_fail (__FILE__, __LINE__, "prepare", "%s: %s", sql->str, sqlite3_errmsg (writer));
  sqlite3_exec (writer, "BEGIN", NULL, NULL, NULL);
  n_rows = kpi_fuzz_take_byte (input) % 25;
  for (guint r = 0; r < n_rows && input->size > 0; r++)
    {
      bind_time (stmt, 1, input);
      for (guint c = 0; c < n_columns; c++)
        bind_value (stmt, 2 + c, input);
      /* a row a constraint refuses (INTEGER PRIMARY KEY, NOT NULL) is left out */
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  sqlite3_finalize (stmt);
  sqlite3_exec (writer, "COMMIT", NULL, NULL, NULL);
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The values of a dimension, sorted (a load keeps them in the order met,
 * an attached dataset in the database's) */
static GPtrArray *
sorted_dictionary (KpiDataset *dataset,
                   const char *name)
{
  gsize n = 0;
  const char * const *values = kpi_dataset_get_dimension_dictionary (dataset, name, &n);
  GPtrArray *sorted = g_ptr_array_new ();

  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (sorted, (gpointer) values[i]);
  g_ptr_array_sort (sorted, compare_strings);
  return sorted;
}

static void
compare_schemas (KpiDataset *loaded,
                 KpiDataset *attached)
{
  guint n = kpi_dataset_get_n_columns (loaded);
  gint64 min1 = 0, max1 = 0, min2 = 0, max2 = 0;
  gboolean has1, has2;

  kpi_fuzz_assert (kpi_dataset_get_n_columns (attached) == n, "%u columns attached, %u loaded",
                   kpi_dataset_get_n_columns (attached), n);
  for (guint c = 0; c < n; c++)
    {
      const char *name = kpi_dataset_get_column_name (loaded, c);
      KpiColumnKind kind = kpi_dataset_get_column_kind (loaded, c);

      kpi_fuzz_assert (strcmp (kpi_dataset_get_column_name (attached, c), name) == 0,
                       "column %u: %s attached, %s loaded", c, kpi_dataset_get_column_name (attached, c), name);
      kpi_fuzz_assert (kpi_dataset_get_column_kind (attached, c) == kind,
                       "column %s: kind %d attached, %d loaded", name,
                       kpi_dataset_get_column_kind (attached, c), kind);
      if (kind == KPI_COLUMN_DIMENSION)
        {
          g_autoptr(GPtrArray) a = sorted_dictionary (loaded, name);
          g_autoptr(GPtrArray) b = sorted_dictionary (attached, name);

          for (guint i = 0; i < MIN (a->len, b->len); i++)
            kpi_fuzz_assert (strcmp (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) == 0,
                             "dimension %s: value %s attached, %s loaded", name,
                             (char *) g_ptr_array_index (b, i), (char *) g_ptr_array_index (a, i));
          kpi_fuzz_assert (a->len == b->len, "dimension %s: %u values attached, %u loaded (“%s” the last)",
                           name, b->len, a->len,
                           (char *) (a->len > b->len ? g_ptr_array_index (a, a->len - 1) : g_ptr_array_index (b, b->len - 1)));
        }
    }
  has1 = kpi_dataset_get_time_range (loaded, &min1, &max1);
  has2 = kpi_dataset_get_time_range (attached, &min2, &max2);
  kpi_fuzz_assert (has1 == has2 && (!has1 || (min1 == min2 && max1 == max2)),
                   "time range [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "] attached, [%"
                   G_GINT64_FORMAT ", %" G_GINT64_FORMAT "] loaded", min2, max2, min1, max1);
}

/* The sum of the magnitudes of a measure: how far apart two sums of its
 * values in different orders can be is about this times 2^-52 a row */
static double
magnitude (KpiDataset *dataset,
           const char *measure)
{
  gsize n = 0;
  const double *values = measure != NULL ? kpi_dataset_get_measure (dataset, measure, &n) : NULL;
  double total = 0;

  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      total += fabs (values[i]);
  return total;
}

static GPtrArray *
evaluate (KpiDataset      *dataset,
          const char      *formula,
          const KpiPeriod *first,
          const KpiPeriod *last,
          GError         **error)
{
  g_autoptr(KpiContext) context = kpi_context_new (kpi_fuzz_calendar ());
  g_autoptr(KpiIndicator) indicator = kpi_indicator_new ("x", formula, NULL);

  kpi_context_add_dataset (context, "data", dataset);
  kpi_indicator_set_dataset_name (indicator, "data");
  return kpi_indicator_evaluate_series (indicator, context, first, last, error);
}

static void
compare_values (const char *formula,
                const char *how,
                GPtrArray  *want,
                GPtrArray  *got,
                double      scale)
{
  kpi_fuzz_assert (want->len == got->len, "%s: %u values %s, %u in memory", formula, got->len, how, want->len);
  for (guint i = 0; i < want->len; i++)
    {
      KpiValue *w = g_ptr_array_index (want, i), *g = g_ptr_array_index (got, i);
      double a = kpi_value_get_value (w), b = kpi_value_get_value (g);
      const char *label = kpi_period_get_label (kpi_value_get_period (w));

      kpi_fuzz_assert (isnan (a) == isnan (b) &&
                       (isnan (a) || a == b ||
                        fabs (a - b) <= 1e-9 * MAX (fabs (a), fabs (b)) + 1e-12 * scale),
                       "%s in %s: %.17g %s, %.17g in memory", formula, label, b, how, a);
      kpi_fuzz_assert (kpi_value_get_flags (w) == kpi_value_get_flags (g),
                       "%s in %s: flags %#x %s, %#x in memory", formula, label,
                       kpi_value_get_flags (g), how, kpi_value_get_flags (w));
      kpi_fuzz_assert (kpi_value_get_sample_size (w) == kpi_value_get_sample_size (g),
                       "%s in %s: %u rows %s, %u in memory", formula, label,
                       kpi_value_get_sample_size (g), how, kpi_value_get_sample_size (w));
    }
}

/* One formula by month over the loaded and the attached dataset: the
 * @choice-th of those the columns allow (the first measure, the first
 * dimension), over the months @months says */
static void
compare_formula (KpiDataset   *loaded,
                 KpiDataset   *attached,
                 KpiFuzzInput *input,
                 guint         choice,
                 guint8        months)
{
  KpiCalendar *calendar = kpi_fuzz_calendar ();
  const char *measure = NULL, *dimension = NULL;
  g_autoptr(GPtrArray) formulas = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KpiPeriod) first = NULL;
  g_autoptr(KpiPeriod) last = NULL;
  g_autoptr(KpiPeriod) start = NULL;
  g_autoptr(KpiPeriod) cap = NULL;
  g_autoptr(GPtrArray) want = NULL;
  g_autoptr(GPtrArray) got = NULL;
  const char *formula;
  gint64 min_time, max_time;
  double scale;
  GError *error = NULL;

  for (guint c = 0; c < kpi_dataset_get_n_columns (loaded); c++)
    {
      KpiColumnKind kind = kpi_dataset_get_column_kind (loaded, c);

      if (kind == KPI_COLUMN_MEASURE && measure == NULL)
        measure = kpi_dataset_get_column_name (loaded, c);
      else if (kind == KPI_COLUMN_DIMENSION && dimension == NULL)
        dimension = kpi_dataset_get_column_name (loaded, c);
    }
  g_ptr_array_add (formulas, g_strdup ("count()"));
  if (measure != NULL)
    {
      g_autofree char *m = formula_name (measure);

      g_ptr_array_add (formulas, g_strdup_printf ("sum(%s)", m));
      g_ptr_array_add (formulas, g_strdup_printf ("count(%s) + max(%s)", m, m));
    }
  if (dimension != NULL)
    {
      g_autofree char *d = formula_name (dimension);
      gsize n = 0;
      const char * const *values = kpi_dataset_get_dimension_dictionary (loaded, dimension, &n);
      guint8 pick = kpi_fuzz_take_byte (input);
      g_autofree char *value = formula_text (n > 0 && pick % 4 != 3 ? values[pick % n]
                                             : texts[pick % G_N_ELEMENTS (texts)]);

      g_ptr_array_add (formulas, g_strdup_printf ("count_distinct(%s)", d));
      g_ptr_array_add (formulas, g_strdup_printf ("count(%s)", d));
      if (measure != NULL)
        {
          g_autofree char *m = formula_name (measure);

          g_ptr_array_add (formulas, g_strdup_printf ("avg(%s where %s = %s)", m, d, value));
        }
    }
  formula = g_ptr_array_index (formulas, choice % formulas->len);

  if (!kpi_dataset_get_time_range (loaded, &min_time, &max_time))
    return;
  /* the calendar has no periods outside the years 1 to 9999; 1 to 12
   * months from the first or 6, 12, 18 months later (the rows span 30),
   * within the data */
  first = kpi_calendar_period_at (calendar, min_time, KPI_GRANULARITY_MONTH);
  last = kpi_calendar_period_at (calendar, max_time, KPI_GRANULARITY_MONTH);
  if (first == NULL || last == NULL)
    return;
  start = kpi_calendar_offset (calendar, first, (months / 12) % 4 * 6);
  if (start == NULL || kpi_period_compare (start, last) > 0)
    {
      g_clear_pointer (&start, kpi_period_free);
      start = kpi_period_copy (first);
    }
  cap = kpi_calendar_offset (calendar, start, months % 12);
  if (cap != NULL && kpi_period_compare (last, cap) > 0)
    {
      g_clear_pointer (&last, kpi_period_free);
      last = g_steal_pointer (&cap);
    }
  scale = magnitude (loaded, measure);

  want = evaluate (loaded, formula, start, last, &error);
  kpi_fuzz_assert (want != NULL, "%s in memory: %s", formula, error->message);
  got = evaluate (attached, formula, start, last, &error);
  if (got == NULL)
    {
      /* a measure stored as text: SQL does not add it up; then with the
       * rows fetched */
      kpi_fuzz_assert (g_error_matches (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_NOT_PUSHABLE),
                       "%s in the database: %s", formula, error->message);
      kpi_fuzz_expect_error (&error, "a formula not pushed down");
      kpi_dataset_set_pushdown (attached, KPI_PUSHDOWN_FETCH);
      got = evaluate (attached, formula, start, last, &error);
      kpi_fuzz_assert (got != NULL, "%s fetched: %s", formula, error->message);
      compare_values (formula, "fetched", want, got, scale);
      if (g_getenv ("KPI_FUZZ_VERBOSE") != NULL)
        g_printerr ("%s: %u months compared, fetched\n", formula, want->len);
      return;
    }
  compare_values (formula, "in the database", want, got, scale);
  if (g_getenv ("KPI_FUZZ_VERBOSE") != NULL)
    g_printerr ("%s: %u months compared\n", formula, want->len);
}

/* One input: builds its table, loads it twice, and attaches and compares
 * as its plan says */
static void
run_input (KpiFuzzInput *input)
{
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  g_autoptr(KpiDataset) loaded = NULL;
  g_autoptr(KpiDataset) attached = NULL;
  const char *table, *time_name;
  const char *names[4];
  guint n_columns, n_rows;
  guint8 byte, plan, months;
  GError *error = NULL;

  /* the plan, from the end: what is compared besides the loads */
  plan = input->size > 0 ? input->data[--input->size] : 0;
  months = input->size > 0 ? input->data[--input->size] : 0;

  table = table_names[kpi_fuzz_take_byte (input) % G_N_ELEMENTS (table_names)];
  byte = kpi_fuzz_take_byte (input);
  n_columns = 1 + byte % 4;
  time_name = column_names[(byte / 4) % G_N_ELEMENTS (column_names)];
  for (guint c = 0; c < n_columns; c++)
    names[c] = column_names[kpi_fuzz_take_byte (input) % G_N_ELEMENTS (column_names)];

  /* the options: the time column (refused when empty: the default then),
   * a time zone, a forced kind, a number style for numbers in text */
  if (!kpi_load_options_set_time_column (options, time_name, &error))
    kpi_fuzz_expect_error (&error, "the time column");
  byte = kpi_fuzz_take_byte (input);
  if (byte % 8 < kpi_fuzz_n_time_zones ())
    kpi_load_options_set_time_zone (options, kpi_fuzz_time_zone (byte % 8));
  byte = kpi_fuzz_take_byte (input);
  /* (a time kind is a programmer error: the options refuse it with a
   * critical) */
  if (byte % 4 == 1 || byte % 4 == 2)
    kpi_load_options_set_column_kind (options, names[(byte / 4) % n_columns],
                                      byte % 4 == 1 ? KPI_COLUMN_DIMENSION : KPI_COLUMN_MEASURE);
  kpi_fuzz_take_number_style (options, input);

  if (!build_table (input, table, time_name, n_columns, names))
    return;

  if (database == NULL)
    {
      database = kpi_database_open (db_path, NULL, &error);
      kpi_fuzz_assert (database != NULL, "the file does not open: %s", error->message);
    }

  loaded = kpi_dataset_new (kpi_load_options_get_time_column (options));
  n_columns = kpi_dataset_get_n_columns (loaded);
  if (!kpi_dataset_load_table (loaded, database, table, options, NULL, &error))
    {
      if (g_getenv ("KPI_FUZZ_VERBOSE") != NULL)
        g_printerr ("not loaded: %s\n", error->message);
      kpi_fuzz_expect_error (&error, "the load");
      kpi_fuzz_assert (kpi_dataset_get_n_rows (loaded) == 0 && kpi_dataset_get_n_columns (loaded) == n_columns,
                       "a failed load left %u rows and %u columns", kpi_dataset_get_n_rows (loaded),
                       kpi_dataset_get_n_columns (loaded));
      /* attached, it may fail too: it must not crash */
      if (plan % 4 != 3)
        {
          attached = kpi_dataset_new (kpi_load_options_get_time_column (options));
          if (!kpi_dataset_attach_table (attached, database, table, options, NULL, &error))
            kpi_fuzz_expect_error (&error, "the attachment");
        }
      return;
    }
  kpi_fuzz_check_dataset (loaded);

  if (plan % 4 != 3)
    {
      attached = kpi_dataset_new (kpi_load_options_get_time_column (options));
      if (!kpi_dataset_attach_table (attached, database, table, options, NULL, &error))
        kpi_fuzz_fail (__FILE__, __LINE__, "attach", "the table loads but does not attach: %s", error->message);
      compare_schemas (loaded, attached);
      if ((plan / 4) % 16 < 6)
        compare_formula (loaded, attached, input, (plan / 4) % 16, months);
      else if (g_getenv ("KPI_FUZZ_VERBOSE") != NULL)
        g_printerr ("attached, no formula\n");
    }
  else if (g_getenv ("KPI_FUZZ_VERBOSE") != NULL)
    g_printerr ("loaded, not attached\n");

  /* again: appends the same rows, or is refused and changes nothing */
  n_rows = kpi_dataset_get_n_rows (loaded);
  if (kpi_dataset_load_table (loaded, database, table, options, NULL, &error))
    kpi_fuzz_assert (kpi_dataset_get_n_rows (loaded) == 2 * n_rows, "%u rows after appending %u to %u",
                     kpi_dataset_get_n_rows (loaded), n_rows, n_rows);
  else
    {
      kpi_fuzz_expect_error (&error, "the second load");
      kpi_fuzz_assert (kpi_dataset_get_n_rows (loaded) == n_rows, "a failed append left rows");
    }
}

KPI_FUZZ_HARNESS (sql_rows)
{
  KpiFuzzInput input = { data, size };
  g_auto(GStrv) tables = NULL;
  GError *error = NULL;

  kpi_fuzz_init ();
  open_writer ();
  run_input (&input);

  /* The table dropped (each input starts from an empty file), the
   * library's connection must see none left (no stale schema), and lets
   * go of the table's: an input allocates what it frees (libFuzzer runs
   * an input that does not twice, then a leak check) */
  clear_tables ();
  if (database == NULL)
    return 0;
  tables = kpi_database_list_tables (database, NULL, &error);
  kpi_fuzz_assert (tables != NULL, "no tables listed: %s", error->message);
  kpi_fuzz_assert (tables[0] == NULL, "table %s listed, dropped", tables[0]);
  return 0;
}
