/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiStore: opening (new, older, newer, not a store, places that
 * cannot be written), revisions of values (provisional, final, restated,
 * idempotent, as of a time, missing values, groups), fingerprints as of a
 * time, check results read back whole, threads, and a writer killed with
 * SIGKILL at random points that loses nothing it committed. The files are
 * inspected with SQLite directly, independently of the store's code. */

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>
#include <sys/wait.h>
#include <check.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

#include "kpi-value-private.h"
#include "kpi-store-writer.h"

/* A GPtrArray as the C array and length the store takes. */
#define VALUES(array) (KpiValue * const *) (array)->pdata, (array)->len
#define RESULTS(array) (KpiCheckResult * const *) (array)->pdata, (array)->len

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

/* A new temporary directory, removed (with what it holds) by rm_rf(). */
static char *
temp_dir (void)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp ("kpi-store-XXXXXX", &error);

  ck_assert_msg (dir != NULL, "%s", error ? error->message : "");
  return dir;
}

static void
rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        rm_rf (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* Runs @sql on the SQLite file @path (not through the store). */
static void
sql_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  ck_assert_int_eq (sqlite3_open (path, &db), SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    ck_abort_msg ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* The first column of the first row of @sql on @path, as text (to free). */
static char *
sql_text (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  ck_assert_int_eq (sqlite3_open (path, &db), SQLITE_OK);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    ck_abort_msg ("%s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static gint64
sql_int (const char *path,
         const char *sql)
{
  g_autofree char *text = sql_text (path, sql);

  ck_assert_msg (text != NULL, "%s: no row", sql);
  return g_ascii_strtoll (text, NULL, 10);
}

/* The store @path must not open: error @code, a valid UTF-8 message that
 * contains @needle. */
static void
assert_open_fails (const char *path,
                   int         code,
                   const char *needle)
{
  GError *error = NULL;
  KpiStore *store = kpi_store_open (path, &error);

  ck_assert_ptr_null (store);
  ck_assert_ptr_nonnull (error);
  if (!g_error_matches (error, KPI_STORE_ERROR, code))
    ck_abort_msg ("%s: expected code %d, got %s %d: %s", path, code,
                  g_quark_to_string (error->domain), error->code, error->message);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  kpi_test_assert_contains (error->message, needle);
  g_error_free (error);
}

static KpiStore *
open_store (const char *path)
{
  GError *error = NULL;
  KpiStore *store = kpi_store_open (path, &error);

  ck_assert_msg (store != NULL, "%s", error ? error->message : "");
  return store;
}

static KpiCalendar *
utc_calendar (void)
{
  return kpi_calendar_new (NULL, 1, NULL);
}

/* A value of @period: @x (NaN: missing), with @closure, in @group (NULL:
 * none). */
static KpiValue *
make_value (const KpiPeriod *period,
            double           x,
            KpiClosure       closure,
            const char      *group)
{
  KpiValue *value = isnan (x) ? kpi_value_new_missing (period, 0, KPI_VALUE_FLAG_NO_DATA)
                              : kpi_value_new (period, x, 10, KPI_VALUE_FLAG_NONE);

  kpi_value_set_closure (value, closure);
  if (group != NULL)
    kpi_value_set_group (value, KPI_GROUP_KIND_VALUE, group);
  return value;
}

/* Records the one value @value (taken) of "revenue" at @at. */
static gboolean
record_one (KpiStore  *store,
            KpiValue  *value,
            gint64     at,
            GError   **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_value_unref);

  g_ptr_array_add (values, value);
  return kpi_store_record_values (store, "revenue", VALUES (values), at, error);
}

static void
record_ok (KpiStore *store,
           KpiValue *value,
           gint64    at)
{
  GError *error = NULL;

  if (!record_one (store, value, at, &error))
    ck_abort_msg ("%s", error ? error->message : "no error set");
}

/* The number "revenue" had for @label (and @group) as of @as_of; NAN when
 * missing, -1 when nothing was recorded. */
static double
reported (KpiStore   *store,
          const char *label,
          const char *group,
          gint64      as_of)
{
  GError *error = NULL;
  g_autoptr(KpiValue) value = kpi_store_lookup_value (store, "revenue", label, group, as_of, &error);

  ck_assert_msg (error == NULL, "%s", error ? error->message : "");
  if (value == NULL)
    return -1;
  ck_assert_str_eq (kpi_period_get_label (kpi_value_get_period (value)), label);
  return kpi_value_get_value (value);
}

static GPtrArray *
revisions (KpiStore   *store,
           const char *label,
           const char *group)
{
  GError *error = NULL;
  GPtrArray *list = kpi_store_list_revisions (store, "revenue", label, group, &error);

  ck_assert_msg (list != NULL, "%s", error ? error->message : "");
  return list;
}

#define REVISION(list, i) ((KpiRevision *) g_ptr_array_index ((list), (i)))

/* ------------------------------------------------------------------------
 * Opening
 * ------------------------------------------------------------------------ */

START_TEST (test_new_store)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "history.db", NULL);
  g_autoptr(KpiStore) store = NULL;
  g_autoptr(KpiStore) memory = NULL;
  g_autofree char *mode = NULL;

  ck_assert (!g_file_test (path, G_FILE_TEST_EXISTS));
  store = open_store (path);
  ck_assert_str_eq (kpi_store_get_path (store), path);
  ck_assert (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  /* Read with SQLite itself: the schema version, whose file it is, and the
   * write-ahead log. */
  ck_assert_int_eq (sql_int (path, "PRAGMA user_version"), 2);
  ck_assert_int_eq (sql_int (path, "PRAGMA application_id"), 0x4B504953);
  mode = sql_text (path, "PRAGMA journal_mode");
  ck_assert_str_eq (mode, "wal");
  ck_assert_int_eq (sql_int (path, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                                   " AND name IN ('periods', 'series', 'revisions', 'fingerprints',"
                                   " 'results', 'result_affected')"), 6);
  g_clear_object (&store);

  /* Opened again, it is the same store. */
  store = open_store (path);
  g_clear_object (&store);
  ck_assert_int_eq (sql_int (path, "PRAGMA user_version"), 2);

  /* An empty file (touched) becomes a store. */
  {
    g_autofree char *empty = kpi_test_write_temp (dir, "empty.db", "", 0);
    g_autoptr(KpiStore) s = open_store (empty);

    ck_assert_int_eq (sql_int (empty, "PRAGMA user_version"), 2);
  }

  memory = open_store (":memory:");
  ck_assert_str_eq (kpi_store_get_path (memory), ":memory:");
  rm_rf (dir);
}
END_TEST

/* A store of schema version 1 (values and fingerprints, no check results)
 * written by hand as libkpi 0.1's first schema was, with one revision. */
static const char v1_schema[] =
  "CREATE TABLE periods (id INTEGER PRIMARY KEY, label TEXT NOT NULL,"
  "  granularity TEXT NOT NULL, base TEXT NOT NULL, ordinal INTEGER NOT NULL,"
  "  start INTEGER NOT NULL, end INTEGER NOT NULL, partial INTEGER NOT NULL,"
  "  time_zone TEXT NOT NULL, fiscal_year_start_month INTEGER NOT NULL,"
  "  UNIQUE (label, granularity, base, ordinal, start, end, partial, time_zone,"
  "          fiscal_year_start_month));"
  "CREATE TABLE series (id INTEGER PRIMARY KEY, indicator TEXT NOT NULL,"
  "  period TEXT NOT NULL, group_kind TEXT NOT NULL, grp TEXT NOT NULL,"
  "  UNIQUE (indicator, period, group_kind, grp));"
  "CREATE TABLE revisions (id INTEGER PRIMARY KEY,"
  "  series INTEGER NOT NULL REFERENCES series (id), recorded_at INTEGER NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('provisional', 'final', 'restated')),"
  "  value REAL, flags INTEGER NOT NULL, sample_size INTEGER NOT NULL,"
  "  closure TEXT NOT NULL, period INTEGER NOT NULL REFERENCES periods (id));"
  "CREATE INDEX revisions_by_series ON revisions (series, recorded_at, id);"
  "CREATE TABLE fingerprints (id INTEGER PRIMARY KEY, dataset TEXT NOT NULL,"
  "  period TEXT NOT NULL, fingerprint TEXT NOT NULL, recorded_at INTEGER NOT NULL);"
  "CREATE INDEX fingerprints_by_period ON fingerprints (dataset, period, recorded_at, id);"
  /* 2025-06 in UTC: 1748736000 s to 1751328000 s */
  "INSERT INTO periods VALUES (1, '2025-06', 'month', 'month', 0,"
  "  1748736000000000, 1751328000000000, 0, 'UTC', 1);"
  "INSERT INTO series VALUES (1, 'revenue', '2025-06', 'none', '');"
  "INSERT INTO revisions VALUES (1, 1, 5, 'final', 1234.5, 0, 40, 'final', 1);"
  "PRAGMA application_id = 1263552851;"   /* 0x4B504953 */
  "PRAGMA user_version = 1;";

START_TEST (test_older_schema)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(KpiStore) store = NULL;
  g_autoptr(KpiValue) value = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) back = NULL;
  GError *error = NULL;

  sql_exec (path, v1_schema);
  ck_assert_int_eq (sql_int (path, "PRAGMA user_version"), 1);

  store = open_store (path);
  /* Migrated forward: version 2, with the check results' tables... */
  ck_assert_int_eq (sql_int (path, "PRAGMA user_version"), 2);
  ck_assert_int_eq (sql_int (path, "SELECT count(*) FROM sqlite_master WHERE name = 'results'"), 1);
  /* ...and what version 1 held is still there. */
  value = kpi_store_lookup_value (store, "revenue", "2025-06", NULL, 0, &error);
  ck_assert_ptr_null (error);
  ck_assert_ptr_nonnull (value);
  ck_assert (kpi_value_get_value (value) == 1234.5);
  ck_assert_uint_eq (kpi_value_get_sample_size (value), 40);
  ck_assert_int_eq (kpi_value_get_closure (value), KPI_CLOSURE_FINAL);
  ck_assert_int_eq (kpi_period_get_start (kpi_value_get_period (value)), kpi_test_utc (2025, 6, 1, 0, 0));

  g_ptr_array_add (results, kpi_check_result_new (KPI_CHECK_STATUS_PASS, "fine"));
  ck_assert (kpi_store_record_results (store, RESULTS (results), &error));
  back = kpi_store_list_results (store, NULL, 0, 0, &error);
  ck_assert_ptr_nonnull (back);
  ck_assert_uint_eq (back->len, 1);
  g_clear_object (&store);
  rm_rf (dir);
}
END_TEST

START_TEST (test_newer_schema)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autofree char *expected = NULL;

  g_object_unref (open_store (path));
  sql_exec (path, "PRAGMA user_version = 3");
  expected = g_strdup_printf ("%s: schema version 3 is newer than this libkpi (2)", path);
  assert_open_fails (path, KPI_STORE_ERROR_NEWER_SCHEMA, expected);
  /* and the file is left as it was */
  ck_assert_int_eq (sql_int (path, "PRAGMA user_version"), 3);
  rm_rf (dir);
}
END_TEST

START_TEST (test_not_a_store)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *other = g_build_filename (dir, "crm.db", NULL);
  g_autofree char *notes = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *expected = NULL;

  /* An SQLite database of another application */
  sql_exec (other, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);"
                   "INSERT INTO customers VALUES (1, 'ACME');");
  expected = g_strdup_printf ("%s: not a libkpi store: an SQLite database of another application",
                              other);
  assert_open_fails (other, KPI_STORE_ERROR_NOT_A_STORE, expected);
  /* untouched: not switched to the write-ahead log, no table added */
  mode = sql_text (other, "PRAGMA journal_mode");
  ck_assert_str_eq (mode, "delete");
  ck_assert_int_eq (sql_int (other, "SELECT count(*) FROM sqlite_master"), 1);
  ck_assert_int_eq (sql_int (other, "PRAGMA user_version"), 0);

  /* Another application's database that uses user_version too */
  sql_exec (other, "PRAGMA user_version = 1");
  assert_open_fails (other, KPI_STORE_ERROR_NOT_A_STORE, "not a libkpi store");

  /* A text file */
  notes = kpi_test_write_temp (dir, "notes.txt", "date,amount\n2025-01-01,12\n", -1);
  g_free (expected);
  expected = g_strdup_printf ("%s: not a libkpi store", notes);
  assert_open_fails (notes, KPI_STORE_ERROR_NOT_A_STORE, expected);
  ck_assert (g_file_get_contents (notes, &contents, NULL, NULL));
  ck_assert_str_eq (contents, "date,amount\n2025-01-01,12\n");
  rm_rf (dir);
}
END_TEST

START_TEST (test_cannot_open)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *expected = g_strdup_printf ("%s: is a directory", dir);

  assert_open_fails (dir, KPI_STORE_ERROR_IO, expected);
  /* A folder that does not exist */
  {
    g_autofree char *path = g_build_filename (dir, "no", "such", "store.db", NULL);

    assert_open_fails (path, KPI_STORE_ERROR_IO, "cannot be opened");
  }
  /* A place no one may create a file in (even root: /proc) */
  assert_open_fails ("/proc/kpi-store-test.db", KPI_STORE_ERROR_IO, "cannot be opened");
  /* A read-only folder, for a user that permissions stop */
  if (geteuid () != 0)
    {
      g_autofree char *locked = g_build_filename (dir, "locked", NULL);
      g_autofree char *path = g_build_filename (locked, "store.db", NULL);

      ck_assert_int_eq (g_mkdir (locked, 0555), 0);
      assert_open_fails (path, KPI_STORE_ERROR_IO, "cannot be opened");
      g_chmod (locked, 0755);
    }
  assert_open_fails ("", KPI_STORE_ERROR_INVALID, "the path of the store is empty");
  rm_rf (dir);
}
END_TEST

/* ------------------------------------------------------------------------
 * Values
 * ------------------------------------------------------------------------ */

START_TEST (test_revision_kinds)
{
  g_autoptr(KpiStore) store = open_store (":memory:");
  g_autoptr(KpiCalendar) cal = utc_calendar ();
  g_autoptr(KpiPeriod) june = kpi_test_parse_period (cal, "2025-06");
  g_autoptr(GPtrArray) list = NULL;
  gint64 jul3 = kpi_test_utc (2025, 7, 3, 9, 0);
  gint64 jul12 = kpi_test_utc (2025, 7, 12, 9, 0);
  gint64 aug2 = kpi_test_utc (2025, 8, 2, 9, 0);
  gint64 aug9 = kpi_test_utc (2025, 8, 9, 9, 0);

  /* 3 July: June is over but its data may still come in */
  record_ok (store, make_value (june, 100, KPI_CLOSURE_PROVISIONAL, NULL), jul3);
  /* 12 July: late data came in, the lag has passed: final */
  record_ok (store, make_value (june, 104, KPI_CLOSURE_FINAL, NULL), jul12);
  /* 2 August: June's figure changed after it was final: restated */
  record_ok (store, make_value (june, 98, KPI_CLOSURE_FINAL, NULL), aug2);
  /* 9 August: changed again: restated again, not final */
  record_ok (store, make_value (june, 99, KPI_CLOSURE_FINAL, NULL), aug9);

  list = revisions (store, "2025-06", NULL);
  ck_assert_uint_eq (list->len, 4);
  ck_assert_int_eq (kpi_revision_get_kind (REVISION (list, 0)), KPI_REVISION_KIND_PROVISIONAL);
  ck_assert_int_eq (kpi_revision_get_kind (REVISION (list, 1)), KPI_REVISION_KIND_FINAL);
  ck_assert_int_eq (kpi_revision_get_kind (REVISION (list, 2)), KPI_REVISION_KIND_RESTATED);
  ck_assert_int_eq (kpi_revision_get_kind (REVISION (list, 3)), KPI_REVISION_KIND_RESTATED);
  ck_assert_int_eq (kpi_revision_get_recorded_at (REVISION (list, 0)), jul3);
  ck_assert_int_eq (kpi_revision_get_recorded_at (REVISION (list, 3)), aug9);
  ck_assert (kpi_value_get_value (kpi_revision_get_value (REVISION (list, 0))) == 100);
  ck_assert_int_eq (kpi_value_get_closure (kpi_revision_get_value (REVISION (list, 0))),
                    KPI_CLOSURE_PROVISIONAL);
  ck_assert (kpi_value_get_value (kpi_revision_get_value (REVISION (list, 2))) == 98);
  ck_assert (kpi_period_equal (kpi_value_get_period (kpi_revision_get_value (REVISION (list, 1))), june));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Provisional figures that change are not restatements */
  {
    g_autoptr(KpiPeriod) july = kpi_test_parse_period (cal, "2025-07");

    record_ok (store, make_value (july, 10, KPI_CLOSURE_OPEN, NULL), jul12);
    record_ok (store, make_value (july, 20, KPI_CLOSURE_PROVISIONAL, NULL), aug2);
    record_ok (store, make_value (july, 21, KPI_CLOSURE_OVERDUE, NULL), aug9);
    list = revisions (store, "2025-07", NULL);
    ck_assert_uint_eq (list->len, 3);
    for (guint i = 0; i < 3; i++)
      ck_assert_int_eq (kpi_revision_get_kind (REVISION (list, i)), KPI_REVISION_KIND_PROVISIONAL);
  }
  g_clear_pointer (&list, g_ptr_array_unref);

  /* A dataset that does not say when periods close never makes a final
   * value, so never a restatement */
  {
    g_autoptr(KpiPeriod) may = kpi_test_parse_period (cal, "2025-05");

    record_ok (store, make_value (may, 10, KPI_CLOSURE_UNKNOWN, NULL), jul12);
    record_ok (store, make_value (may, 11, KPI_CLOSURE_UNKNOWN, NULL), aug2);
    list = revisions (store, "2025-05", NULL);
    ck_assert_uint_eq (list->len, 2);
    ck_assert_int_eq (kpi_revision_get_kind (REVISION (list, 1)), KPI_REVISION_KIND_PROVISIONAL);
  }

  /* nothing recorded: an empty list, not an error */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = revisions (store, "2024-06", NULL);
  ck_assert_uint_eq (list->len, 0);
}
END_TEST

START_TEST (test_idempotent)
{
  g_autoptr(KpiStore) store = open_store (":memory:");
  g_autoptr(KpiCalendar) cal = utc_calendar ();
  g_autoptr(KpiPeriod) june = kpi_test_parse_period (cal, "2025-06");
  g_autoptr(KpiPeriod) july = kpi_test_parse_period (cal, "2025-07");
  g_autoptr(GPtrArray) list = NULL;
  GError *error = NULL;

  for (int run = 0; run < 3; run++)
    {
      /* the same series recorded by three runs of a dashboard */
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_value_unref);

      g_ptr_array_add (values, make_value (june, 100, KPI_CLOSURE_FINAL, NULL));
      g_ptr_array_add (values, make_value (july, 50, KPI_CLOSURE_PROVISIONAL, NULL));
      ck_assert (kpi_store_record_values (store, "revenue", VALUES (values), 1000 + run, &error));
    }
  list = revisions (store, "2025-06", NULL);
  ck_assert_uint_eq (list->len, 1);
  ck_assert_int_eq (kpi_revision_get_kind (REVISION (list, 0)), KPI_REVISION_KIND_FINAL);
  ck_assert_int_eq (kpi_revision_get_recorded_at (REVISION (list, 0)), 1000);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = revisions (store, "2025-07", NULL);
  ck_assert_uint_eq (list->len, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* the same number with another closure, sample size or flags is news */
  record_ok (store, make_value (july, 50, KPI_CLOSURE_FINAL, NULL), 2000);
  {
    KpiValue *v = kpi_value_new (july, 50, 11, KPI_VALUE_FLAG_NONE);

    kpi_value_set_closure (v, KPI_CLOSURE_FINAL);
    record_ok (store, v, 2001);
    v = kpi_value_new (july, 50, 11, KPI_VALUE_FLAG_LOW_SAMPLE);
    kpi_value_set_closure (v, KPI_CLOSURE_FINAL);
    record_ok (store, v, 2002);
  }
  list = revisions (store, "2025-07", NULL);
  ck_assert_uint_eq (list->len, 4);
  ck_assert_int_eq (kpi_revision_get_kind (REVISION (list, 1)), KPI_REVISION_KIND_FINAL);
  ck_assert_int_eq (kpi_revision_get_kind (REVISION (list, 2)), KPI_REVISION_KIND_RESTATED);
  ck_assert_int_eq (kpi_value_get_flags (kpi_revision_get_value (REVISION (list, 3))),
                    KPI_VALUE_FLAG_LOW_SAMPLE);
  ck_assert_uint_eq (kpi_value_get_sample_size (kpi_revision_get_value (REVISION (list, 3))), 11);
}
END_TEST

START_TEST (test_as_of)
{
  g_autoptr(KpiStore) store = open_store (":memory:");
  g_autoptr(KpiCalendar) cal = utc_calendar ();
  g_autoptr(KpiPeriod) june = kpi_test_parse_period (cal, "2025-06");
  gint64 jul3 = kpi_test_utc (2025, 7, 3, 9, 0);
  gint64 jul5 = kpi_test_utc (2025, 7, 5, 0, 0);
  gint64 jul12 = kpi_test_utc (2025, 7, 12, 9, 0);

  record_ok (store, make_value (june, 100, KPI_CLOSURE_PROVISIONAL, NULL), jul3);
  record_ok (store, make_value (june, 104, KPI_CLOSURE_FINAL, NULL), jul12);

  /* "What did we report for June on 5 July, and what do we say now?" */
  ck_assert (reported (store, "2025-06", NULL, jul5) == 100);
  ck_assert (reported (store, "2025-06", NULL, KPI_TIME_UNSET) == 104);
  /* the instant of a revision includes it; the one before does not */
  ck_assert (reported (store, "2025-06", NULL, jul3) == 100);
  ck_assert (reported (store, "2025-06", NULL, jul3 - 1) == -1);
  ck_assert (reported (store, "2025-06", NULL, jul12) == 104);
  ck_assert (reported (store, "2025-06", NULL, jul12 - 1) == 100);
  /* an unknown period, indicator, or group: nothing, without error */
  ck_assert (reported (store, "2025-05", NULL, 0) == -1);
  ck_assert (reported (store, "2025-06", "online", 0) == -1);
  {
    GError *error = NULL;
    KpiValue *v = kpi_store_lookup_value (store, "margin", "2025-06", NULL, 0, &error);

    ck_assert_ptr_null (v);
    ck_assert_ptr_null (error);
  }
}
END_TEST

START_TEST (test_missing_values)
{
  g_autoptr(KpiStore) store = open_store (":memory:");
  g_autoptr(KpiCalendar) cal = utc_calendar ();
  g_autoptr(KpiPeriod) june = kpi_test_parse_period (cal, "2025-06");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(KpiValue) back = NULL;
  GError *error = NULL;

  record_ok (store, make_value (june, NAN, KPI_CLOSURE_PROVISIONAL, NULL), 10);
  back = kpi_store_lookup_value (store, "revenue", "2025-06", NULL, 0, &error);
  ck_assert_ptr_nonnull (back);
  ck_assert (kpi_value_is_missing (back));
  ck_assert_int_eq (kpi_value_get_flags (back), KPI_VALUE_FLAG_NO_DATA);
  /* missing again: nothing new */
  record_ok (store, make_value (june, NAN, KPI_CLOSURE_PROVISIONAL, NULL), 20);
  /* a number is news, and so is 0 after it, and missing after 0 */
  record_ok (store, make_value (june, 0, KPI_CLOSURE_PROVISIONAL, NULL), 30);
  record_ok (store, kpi_value_new_missing (june, 0, KPI_VALUE_FLAG_NONE), 40);
  list = revisions (store, "2025-06", NULL);
  ck_assert_uint_eq (list->len, 3);
  ck_assert (kpi_value_is_missing (kpi_revision_get_value (REVISION (list, 0))));
  ck_assert (!kpi_value_is_missing (kpi_revision_get_value (REVISION (list, 1))));
  ck_assert (kpi_value_get_value (kpi_revision_get_value (REVISION (list, 1))) == 0);
  ck_assert (kpi_value_is_missing (kpi_revision_get_value (REVISION (list, 2))));
  ck_assert_int_eq (kpi_value_get_flags (kpi_revision_get_value (REVISION (list, 2))), 0);
  /* a value with no period cannot be kept by period */
  {
    g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_value_unref);

    g_ptr_array_add (values, make_value (june, 1, KPI_CLOSURE_OPEN, NULL));
    g_ptr_array_add (values, kpi_value_new (NULL, 1, 1, 0));
    ck_assert (!kpi_store_record_values (store, "revenue", VALUES (values), 50, &error));
    ck_assert (g_error_matches (error, KPI_STORE_ERROR, KPI_STORE_ERROR_INVALID));
    ck_assert_str_eq (error->message, "values[1] has no period: a store keeps values by period");
    g_clear_error (&error);
  }
  /* nothing of that call was recorded */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = revisions (store, "2025-06", NULL);
  ck_assert_uint_eq (list->len, 3);
}
END_TEST

START_TEST (test_groups)
{
  g_autoptr(KpiStore) store = open_store (":memory:");
  g_autoptr(KpiCalendar) cal = utc_calendar ();
  g_autoptr(KpiPeriod) june = kpi_test_parse_period (cal, "2025-06");
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_value_unref);
  g_autoptr(KpiValue) other = NULL;
  g_autoptr(KpiValue) missing = NULL;
  KpiValue *v;
  GError *error = NULL;

  /* revenue by channel, top 2: online, store, the other channels, the
   * rows without a channel, and a channel that is really called "other" */
  g_ptr_array_add (values, make_value (june, 60, KPI_CLOSURE_FINAL, "online"));
  g_ptr_array_add (values, make_value (june, 30, KPI_CLOSURE_FINAL, "store"));
  v = make_value (june, 7, KPI_CLOSURE_FINAL, NULL);
  kpi_value_set_group (v, KPI_GROUP_KIND_OTHER, NULL);
  g_ptr_array_add (values, v);
  v = make_value (june, 2, KPI_CLOSURE_FINAL, NULL);
  kpi_value_set_group (v, KPI_GROUP_KIND_MISSING, NULL);
  g_ptr_array_add (values, v);
  g_ptr_array_add (values, make_value (june, 1, KPI_CLOSURE_FINAL, "other"));
  g_ptr_array_add (values, make_value (june, 100, KPI_CLOSURE_FINAL, NULL));
  ck_assert (kpi_store_record_values (store, "revenue", VALUES (values), 10, &error));

  ck_assert (reported (store, "2025-06", "online", 0) == 60);
  ck_assert (reported (store, "2025-06", "store", 0) == 30);
  ck_assert (reported (store, "2025-06", NULL, 0) == 100);
  ck_assert (reported (store, "2025-06", "mobile", 0) == -1);
  /* "other" names the channel; the top-n rest is kept apart */
  other = kpi_store_lookup_value (store, "revenue", "2025-06", "other", 0, &error);
  ck_assert (kpi_value_get_value (other) == 1);
  ck_assert_int_eq (kpi_value_get_group_kind (other), KPI_GROUP_KIND_VALUE);
  missing = kpi_store_lookup_value (store, "revenue", "2025-06", "(missing)", 0, &error);
  ck_assert (kpi_value_get_value (missing) == 2);
  ck_assert_int_eq (kpi_value_get_group_kind (missing), KPI_GROUP_KIND_MISSING);
  ck_assert_str_eq (kpi_value_get_group (missing), "(missing)");
  /* each group has its own history */
  record_ok (store, make_value (june, 61, KPI_CLOSURE_FINAL, "online"), 20);
  ck_assert (reported (store, "2025-06", "online", 15) == 60);
  ck_assert (reported (store, "2025-06", "online", 0) == 61);
  ck_assert (reported (store, "2025-06", "store", 0) == 30);
  {
    g_autoptr(GPtrArray) list = revisions (store, "2025-06", "online");
    KpiValue *back;

    ck_assert_uint_eq (list->len, 2);
    ck_assert_int_eq (kpi_revision_get_kind (REVISION (list, 1)), KPI_REVISION_KIND_RESTATED);
    back = kpi_revision_get_value (REVISION (list, 1));
    ck_assert_str_eq (kpi_value_get_group (back), "online");
    ck_assert_int_eq (kpi_value_get_group_kind (back), KPI_GROUP_KIND_VALUE);
  }
}
END_TEST

START_TEST (test_history_in_order)
{
  g_autoptr(KpiStore) store = open_store (":memory:");
  g_autoptr(KpiCalendar) cal = utc_calendar ();
  g_autoptr(KpiPeriod) june = kpi_test_parse_period (cal, "2025-06");
  g_autoptr(KpiPeriod) july = kpi_test_parse_period (cal, "2025-07");
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_value_unref);
  GError *error = NULL;

  record_ok (store, make_value (june, 100, KPI_CLOSURE_FINAL, NULL), kpi_test_utc (2025, 7, 12, 0, 0));
  /* July is new, June would go before its latest revision: all refused */
  g_ptr_array_add (values, make_value (july, 5, KPI_CLOSURE_OPEN, NULL));
  g_ptr_array_add (values, make_value (june, 90, KPI_CLOSURE_FINAL, NULL));
  ck_assert (!kpi_store_record_values (store, "revenue", VALUES (values), kpi_test_utc (2025, 7, 5, 0, 0), &error));
  ck_assert (g_error_matches (error, KPI_STORE_ERROR, KPI_STORE_ERROR_INVALID));
  ck_assert_str_eq (error->message,
                    "values[1]: 2025-06 is recorded at 2025-07-05T00:00:00Z, before its latest "
                    "revision (2025-07-12T00:00:00Z): history is recorded in order");
  g_clear_error (&error);
  ck_assert (reported (store, "2025-07", NULL, 0) == -1);
  ck_assert (reported (store, "2025-06", NULL, 0) == 100);
  /* the same value at an earlier time is still nothing new, but refused
   * all the same: the order is checked first */
  ck_assert (!record_one (store, make_value (june, 100, KPI_CLOSURE_FINAL, NULL), 1, &error));
  g_clear_error (&error);

  /* names */
  ck_assert (!kpi_store_record_values (store, "", VALUES (values), 0, &error));
  ck_assert (g_error_matches (error, KPI_STORE_ERROR, KPI_STORE_ERROR_INVALID));
  ck_assert_str_eq (error->message, "the indicator id is empty");
  g_clear_error (&error);
  ck_assert (!kpi_store_record_values (store, "reve\xffnue", VALUES (values), 0, &error));
  ck_assert (g_error_matches (error, KPI_STORE_ERROR, KPI_STORE_ERROR_INVALID));
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  kpi_test_assert_contains (error->message, "is not valid UTF-8");
  g_clear_error (&error);

  /* KPI_TIME_UNSET is now */
  {
    gint64 before = g_get_real_time ();
    g_autoptr(GPtrArray) list = NULL;

    record_ok (store, make_value (july, 6, KPI_CLOSURE_OPEN, NULL), KPI_TIME_UNSET);
    list = revisions (store, "2025-07", NULL);
    ck_assert_uint_eq (list->len, 1);
    ck_assert_int_ge (kpi_revision_get_recorded_at (REVISION (list, 0)), before);
    ck_assert_int_le (kpi_revision_get_recorded_at (REVISION (list, 0)), g_get_real_time ());
  }
}
END_TEST

START_TEST (test_periods_read_back)
{
  /* A period of a calendar in Paris whose fiscal year starts in April
   * reads back equal, and that calendar can navigate from it. */
  g_autoptr(KpiStore) store = open_store (":memory:");
  g_autoptr(KpiCalendar) paris = kpi_test_calendar_in ("Europe/Paris", 4);
  g_autoptr(KpiPeriod) q = kpi_test_parse_period (paris, "FY2026-Q1");
  g_autoptr(KpiPeriod) day = kpi_test_parse_period (paris, "2025-03-30");   /* 23 hours */
  g_autoptr(KpiPeriod) mtd = kpi_test_parse_period (paris, "2025-03..2025-03-14");
  g_autoptr(KpiValue) back = NULL;
  g_autoptr(KpiPeriod) next = NULL;
  g_autoptr(KpiPeriod) expected = NULL;
  const KpiPeriod *periods[] = { q, day, mtd };
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      const char *label = kpi_period_get_label (periods[i]);

      record_ok (store, make_value (periods[i], i, KPI_CLOSURE_OPEN, NULL), 10);
      back = kpi_store_lookup_value (store, "revenue", label, NULL, 0, &error);
      ck_assert_ptr_nonnull (back);
      ck_assert_msg (kpi_period_equal (kpi_value_get_period (back), periods[i]), "%s", label);
      ck_assert_int_eq (kpi_period_get_end (kpi_value_get_period (back)), kpi_period_get_end (periods[i]));
      ck_assert_int_eq (kpi_period_is_partial (kpi_value_get_period (back)), kpi_period_is_partial (periods[i]));
      g_clear_pointer (&back, kpi_value_unref);
    }
  ck_assert_int_eq (kpi_period_get_end (day) - kpi_period_get_start (day), 23 * G_TIME_SPAN_HOUR);
  back = kpi_store_lookup_value (store, "revenue", "FY2026-Q1", NULL, 0, &error);
  next = kpi_calendar_next (paris, kpi_value_get_period (back));
  expected = kpi_calendar_next (paris, q);
  ck_assert_str_eq (kpi_period_get_label (next), "FY2026-Q2");
  ck_assert (kpi_period_equal (next, expected));
}
END_TEST

/* ------------------------------------------------------------------------
 * Fingerprints
 * ------------------------------------------------------------------------ */

static void
assert_strv (char       **got,
             const char  *expected)
{
  g_autofree char *joined = g_strjoinv (" ", got);

  ck_assert_str_eq (joined, expected);
  g_strfreev (got);
}

START_TEST (test_fingerprints)
{
  g_autoptr(KpiStore) store = open_store (":memory:");
  const char * const jul5[] = { "2025-05=v1;rows=4000", "2025-06=v1;rows=4090", NULL };
  const char * const aug1[] = { "2025-06=v1;rows=4090", "2025-07=v1;rows=4100", NULL };
  const char * const sep1[] = { "2025-06=v1;rows=4200", NULL };
  const char * const bad[] = { "2025-08=ok", "no label", NULL };
  const char * const empty_label[] = { "=x", NULL };
  GError *error = NULL;
  gint64 t1 = kpi_test_utc (2025, 7, 5, 0, 0);
  gint64 t2 = kpi_test_utc (2025, 8, 1, 0, 0);
  gint64 t3 = kpi_test_utc (2025, 9, 1, 0, 0);

  ck_assert (kpi_store_record_fingerprints (store, "orders", jul5, t1, &error));
  ck_assert (kpi_store_record_fingerprints (store, "orders", aug1, t2, &error));
  ck_assert (kpi_store_record_fingerprints (store, "orders", sep1, t3, &error));
  ck_assert (kpi_store_record_fingerprints (store, "budget", sep1, t3, &error));

  assert_strv (kpi_store_lookup_fingerprints (store, "orders", t1 - 1, &error), "");
  assert_strv (kpi_store_lookup_fingerprints (store, "orders", t1, &error),
               "2025-05=v1;rows=4000 2025-06=v1;rows=4090");
  assert_strv (kpi_store_lookup_fingerprints (store, "orders", t2, &error),
               "2025-05=v1;rows=4000 2025-06=v1;rows=4090 2025-07=v1;rows=4100");
  /* June rewritten in August: as of now, the latest text of each period */
  assert_strv (kpi_store_lookup_fingerprints (store, "orders", 0, &error),
               "2025-05=v1;rows=4000 2025-06=v1;rows=4200 2025-07=v1;rows=4100");
  assert_strv (kpi_store_lookup_fingerprints (store, "survey", 0, &error), "");
  /* the same text again is not kept twice (raw count: 5 rows of orders) */
  ck_assert (kpi_store_record_fingerprints (store, "orders", sep1, t3 + 1, &error));
  ck_assert (kpi_store_record_fingerprints (store, "orders", sep1, t3 + 2, &error));

  /* refused, all of the call */
  ck_assert (!kpi_store_record_fingerprints (store, "orders", bad, t3 + 3, &error));
  ck_assert (g_error_matches (error, KPI_STORE_ERROR, KPI_STORE_ERROR_INVALID));
  ck_assert_str_eq (error->message, "fingerprints[1]: “no label” is not LABEL=TEXT");
  g_clear_error (&error);
  ck_assert (!kpi_store_record_fingerprints (store, "orders", empty_label, t3 + 3, &error));
  ck_assert (g_error_matches (error, KPI_STORE_ERROR, KPI_STORE_ERROR_INVALID));
  g_clear_error (&error);
  ck_assert (!kpi_store_record_fingerprints (store, "orders", aug1, t2 - 1, &error));
  ck_assert (g_error_matches (error, KPI_STORE_ERROR, KPI_STORE_ERROR_INVALID));
  kpi_test_assert_contains (error->message, "before its latest fingerprint");
  g_clear_error (&error);
  ck_assert (!kpi_store_record_fingerprints (store, "", aug1, t3, &error));
  ck_assert (g_error_matches (error, KPI_STORE_ERROR, KPI_STORE_ERROR_INVALID));
  g_clear_error (&error);
  assert_strv (kpi_store_lookup_fingerprints (store, "orders", 0, &error),
               "2025-05=v1;rows=4000 2025-06=v1;rows=4200 2025-07=v1;rows=4100");
}
END_TEST

START_TEST (test_fingerprints_kept_once)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "fp.db", NULL);
  g_autoptr(KpiStore) store = open_store (path);
  const char * const a[] = { "2025-06=A", NULL };
  const char * const b[] = { "2025-06=B", NULL };
  GError *error = NULL;

  ck_assert (kpi_store_record_fingerprints (store, "orders", a, 1, &error));
  ck_assert (kpi_store_record_fingerprints (store, "orders", a, 2, &error));
  ck_assert (kpi_store_record_fingerprints (store, "orders", b, 3, &error));
  ck_assert (kpi_store_record_fingerprints (store, "orders", b, 4, &error));
  /* back to A: a change, kept */
  ck_assert (kpi_store_record_fingerprints (store, "orders", a, 5, &error));
  ck_assert_int_eq (sql_int (path, "SELECT count(*) FROM fingerprints"), 3);
  assert_strv (kpi_store_lookup_fingerprints (store, "orders", 4, &error), "2025-06=B");
  assert_strv (kpi_store_lookup_fingerprints (store, "orders", 2, &error), "2025-06=A");
  g_clear_object (&store);
  rm_rf (dir);
}
END_TEST

/* ------------------------------------------------------------------------
 * Check results
 * ------------------------------------------------------------------------ */

static KpiCheckResult *
full_result (KpiCalendar *paris,
             const char  *check_id,
             gint64       evaluated_at)
{
  KpiCheckResult *r = kpi_check_result_new (KPI_CHECK_STATUS_WARN,
                                            "40 duplicated rows on 2025-03-12; at most 0 expected");
  g_autoptr(KpiPeriod) march = kpi_test_parse_period (paris, "2025-03");
  g_autoptr(KpiPeriod) day = kpi_test_parse_period (paris, "2025-03-30");
  const char * const fields[] = { "order_id", "amount", NULL };
  const char * const keys1[] = { "O057469", "2025-03-12", NULL };
  const char * const keys2[] = { "O057470", "2025-03-12", NULL };

  kpi_check_result_set_check_id (r, check_id);
  kpi_check_result_set_check_type (r, "uniqueness");
  kpi_check_result_set_dataset_name (r, "orders");
  kpi_check_result_set_observed (r, 0.1);
  kpi_check_result_set_expected (r, NAN, 1.0 / 3.0);
  kpi_check_result_set_counts (r, 4090, 12, 40);
  kpi_check_result_set_fields (r, fields);
  kpi_check_result_add_sample (r, 57468, keys1);
  kpi_check_result_add_sample (r, 57469, keys2);
  kpi_check_result_add_affected (r, march, NULL, NULL);
  kpi_check_result_add_affected (r, day, "channel", "online");
  kpi_check_result_add_affected (r, NULL, "rep", "R07");
  kpi_check_result_set_evaluated_at (r, evaluated_at);
  kpi_check_result_set_data_as_of (r, kpi_test_utc (2025, 3, 31, 0, 0) + 123456);
  return r;
}

START_TEST (test_results_round_trip)
{
  g_autoptr(KpiStore) store = open_store (":memory:");
  g_autoptr(KpiCalendar) paris = kpi_test_calendar_in ("Europe/Paris", 4);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) back = NULL;
  gint64 t = kpi_test_utc (2025, 4, 1, 8, 0) + 654321;   /* microseconds kept */
  GError *error = NULL;
  KpiCheckResult *a, *b;
  double min, max;

  g_ptr_array_add (results, full_result (paris, "dups", t));
  ck_assert (kpi_store_record_results (store, RESULTS (results), &error));
  back = kpi_store_list_results (store, "dups", 0, 0, &error);
  ck_assert_ptr_nonnull (back);
  ck_assert_uint_eq (back->len, 1);
  a = g_ptr_array_index (results, 0);
  b = g_ptr_array_index (back, 0);
  ck_assert_ptr_ne (a, b);
  /* the same JSON... */
  {
    g_autofree char *ja = kpi_check_result_to_json (a);
    g_autofree char *jb = kpi_check_result_to_json (b);

    ck_assert_str_eq (jb, ja);
  }
  /* ...and what the JSON does not say exactly */
  ck_assert_int_eq (kpi_check_result_get_evaluated_at (b), t);
  ck_assert_int_eq (kpi_check_result_get_data_as_of (b), kpi_test_utc (2025, 3, 31, 0, 0) + 123456);
  ck_assert (kpi_check_result_get_observed (b) == 0.1);
  kpi_check_result_get_expected (b, &min, &max);
  ck_assert (isnan (min));
  ck_assert (max == 1.0 / 3.0);
  ck_assert_int_eq (kpi_check_result_get_status (b), KPI_CHECK_STATUS_WARN);
  ck_assert_str_eq (kpi_check_result_get_check_type (b), "uniqueness");
  ck_assert_uint_eq (kpi_check_result_get_element_count (b), 4090);
  ck_assert_uint_eq (kpi_check_result_get_missing_count (b), 12);
  ck_assert_uint_eq (kpi_check_result_get_unexpected_count (b), 40);
  ck_assert_uint_eq (kpi_check_result_get_n_samples (b), 2);
  ck_assert_uint_eq (kpi_check_result_get_sample_row (b, 1), 57469);
  ck_assert_str_eq (kpi_check_result_get_sample_keys (b, 1)[0], "O057470");
  ck_assert_uint_eq (kpi_check_result_get_n_affected (b), 3);
  for (guint i = 0; i < 3; i++)
    {
      const char *da, *ga, *db, *gb;
      const KpiPeriod *pa = kpi_check_result_get_affected (a, i, &da, &ga);
      const KpiPeriod *pb = kpi_check_result_get_affected (b, i, &db, &gb);

      ck_assert ((pa == NULL) == (pb == NULL));
      if (pa != NULL)
        ck_assert (kpi_period_equal (pa, pb));
      ck_assert_str_eq (db != NULL ? db : "-", da != NULL ? da : "-");
      ck_assert_str_eq (gb != NULL ? gb : "-", ga != NULL ? ga : "-");
    }
  /* the scope still works: a finding in March taints March, not April */
  {
    g_autoptr(KpiPeriod) march = kpi_test_parse_period (paris, "2025-03");
    g_autoptr(KpiPeriod) may = kpi_test_parse_period (paris, "2025-05");
    const char * const amount[] = { "amount", NULL };

    ck_assert (kpi_check_result_affects (b, "orders", amount, march, NULL, NULL));
    ck_assert (kpi_check_result_affects (b, "orders", amount, may, "rep", "R07"));
    ck_assert (!kpi_check_result_affects (b, "orders", amount, may, "rep", "R01"));
  }
}
END_TEST

START_TEST (test_results_over_time)
{
  g_autoptr(KpiStore) store = open_store (":memory:");
  g_autoptr(KpiCalendar) paris = kpi_test_calendar_in ("Europe/Paris", 1);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) back = NULL;
  GError *error = NULL;
  KpiCheckResult *r;
  gint64 before;

  /* dups at 100, 200, 300; freshness at 150, 250 */
  for (gint64 t = 100; t <= 300; t += 100)
    g_ptr_array_add (results, full_result (paris, "dups", t));
  for (gint64 t = 150; t <= 250; t += 100)
    g_ptr_array_add (results, full_result (paris, "freshness", t));
  ck_assert (kpi_store_record_results (store, RESULTS (results), &error));

  back = kpi_store_list_results (store, NULL, 0, 0, &error);
  ck_assert_uint_eq (back->len, 5);
  /* in the order of evaluation: 100 150 200 250 300 */
  for (guint i = 0; i < 5; i++)
    ck_assert_int_eq (kpi_check_result_get_evaluated_at (g_ptr_array_index (back, i)), 100 + 50 * i);
  g_clear_pointer (&back, g_ptr_array_unref);
  back = kpi_store_list_results (store, "dups", 0, 0, &error);
  ck_assert_uint_eq (back->len, 3);
  g_clear_pointer (&back, g_ptr_array_unref);
  /* [since, until): 200 is in, 300 is not */
  back = kpi_store_list_results (store, "dups", 200, 300, &error);
  ck_assert_uint_eq (back->len, 1);
  ck_assert_int_eq (kpi_check_result_get_evaluated_at (g_ptr_array_index (back, 0)), 200);
  g_clear_pointer (&back, g_ptr_array_unref);
  back = kpi_store_list_results (store, NULL, 150, 0, &error);
  ck_assert_uint_eq (back->len, 4);
  g_clear_pointer (&back, g_ptr_array_unref);
  back = kpi_store_list_results (store, "volume", 0, 0, &error);
  ck_assert_uint_eq (back->len, 0);
  g_clear_pointer (&back, g_ptr_array_unref);

  /* a result that does not say when it ran is placed when recorded */
  g_ptr_array_set_size (results, 0);
  r = kpi_check_result_new (KPI_CHECK_STATUS_PASS, NULL);
  kpi_check_result_set_check_id (r, "bare");
  g_ptr_array_add (results, r);
  before = g_get_real_time ();
  ck_assert (kpi_store_record_results (store, RESULTS (results), &error));
  back = kpi_store_list_results (store, "bare", 0, 0, &error);
  ck_assert_uint_eq (back->len, 1);
  r = g_ptr_array_index (back, 0);
  ck_assert_int_ge (kpi_check_result_get_evaluated_at (r), before);
  ck_assert_ptr_null (kpi_check_result_get_message (r));
  ck_assert_ptr_null (kpi_check_result_get_dataset_name (r));
  ck_assert (isnan (kpi_check_result_get_observed (r)));
  ck_assert_uint_eq (kpi_check_result_get_n_affected (r), 0);
  ck_assert_uint_eq (kpi_check_result_get_n_samples (r), 0);
}
END_TEST

START_TEST (test_corrupt_rows)
{
  /* Rows changed by hand read back as an error, not a crash */
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(KpiStore) store = open_store (path);
  g_autoptr(KpiCalendar) cal = utc_calendar ();
  g_autoptr(KpiPeriod) june = kpi_test_parse_period (cal, "2025-06");
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  GError *error = NULL;
  KpiValue *v;
  GPtrArray *list;

  record_ok (store, make_value (june, 1, KPI_CLOSURE_OPEN, NULL), 1);
  g_ptr_array_add (results, kpi_check_result_new (KPI_CHECK_STATUS_PASS, NULL));
  ck_assert (kpi_store_record_results (store, RESULTS (results), &error));

  sql_exec (path, "UPDATE revisions SET closure = 'ajar'");
  v = kpi_store_lookup_value (store, "revenue", "2025-06", NULL, 0, &error);
  ck_assert_ptr_null (v);
  ck_assert (g_error_matches (error, KPI_STORE_ERROR, KPI_STORE_ERROR_CORRUPT));
  kpi_test_assert_contains (error->message, "does not read back");
  g_clear_error (&error);
  list = kpi_store_list_revisions (store, "revenue", "2025-06", NULL, &error);
  ck_assert_ptr_null (list);
  ck_assert (g_error_matches (error, KPI_STORE_ERROR, KPI_STORE_ERROR_CORRUPT));
  g_clear_error (&error);
  ck_assert (!record_one (store, make_value (june, 2, KPI_CLOSURE_OPEN, NULL), 2, &error));
  ck_assert (g_error_matches (error, KPI_STORE_ERROR, KPI_STORE_ERROR_CORRUPT));
  g_clear_error (&error);

  sql_exec (path, "UPDATE revisions SET closure = 'open'; UPDATE periods SET start = end + 1");
  v = kpi_store_lookup_value (store, "revenue", "2025-06", NULL, 0, &error);
  ck_assert_ptr_null (v);
  ck_assert (g_error_matches (error, KPI_STORE_ERROR, KPI_STORE_ERROR_CORRUPT));
  ck_assert_str_eq (error->message + strlen (path), ": the period “2025-06” does not read back");
  g_clear_error (&error);

  sql_exec (path, "UPDATE results SET json = '{\"message\": 3}'");
  list = kpi_store_list_results (store, NULL, 0, 0, &error);
  ck_assert_ptr_null (list);
  ck_assert (g_error_matches (error, KPI_STORE_ERROR, KPI_STORE_ERROR_CORRUPT));
  g_clear_error (&error);
  /* and the store still works after those errors */
  sql_exec (path, "UPDATE results SET json = 'not json'");
  list = kpi_store_list_results (store, NULL, 0, 0, &error);
  ck_assert_ptr_null (list);
  g_clear_error (&error);
  sql_exec (path, "DELETE FROM results");
  list = kpi_store_list_results (store, NULL, 0, 0, &error);
  ck_assert_ptr_nonnull (list);
  ck_assert_uint_eq (list->len, 0);
  g_ptr_array_unref (list);
  g_clear_object (&store);
  rm_rf (dir);
}
END_TEST

/* ------------------------------------------------------------------------
 * Threads and processes
 * ------------------------------------------------------------------------ */

#define N_THREADS 4
#define THREAD_CALLS 30

typedef struct {
  KpiStore    *store;
  KpiCalendar *cal;
  guint        thread;
  gboolean     ok;
} ThreadJob;

static gpointer
thread_main (gpointer data)
{
  ThreadJob *job = data;

  job->ok = TRUE;
  for (guint call = 1; call <= THREAD_CALLS && job->ok; call++)
    {
      GError *error = NULL;
      KpiValue *back;

      /* Run numbers per thread: kpi-store-writer.h's content, one
       * writer per thread. */
      job->ok = kpi_store_writer_call (job->store, job->cal, 1000 + job->thread, call, &error);
      if (job->ok && call % 3 == 1)
        {
          g_autofree char *name = g_strdup_printf ("run-%u", 1000 + job->thread);
          g_autoptr(KpiPeriod) day = kpi_store_writer_day (job->cal, call);

          back = kpi_store_lookup_value (job->store, name, kpi_period_get_label (day), "g03", 0, &error);
          job->ok = back != NULL
                    && kpi_value_get_value (back) == kpi_store_writer_value (1000 + job->thread, call, 3);
          g_clear_pointer (&back, kpi_value_unref);
        }
      g_clear_error (&error);
    }
  return NULL;
}

START_TEST (test_threads)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "threads.db", NULL);
  g_autoptr(KpiStore) store = open_store (path);
  g_autoptr(KpiCalendar) cal = utc_calendar ();
  ThreadJob jobs[N_THREADS];
  GThread *threads[N_THREADS];

  for (guint t = 0; t < N_THREADS; t++)
    {
      jobs[t] = (ThreadJob) { store, cal, t, FALSE };
      threads[t] = g_thread_new ("writer", thread_main, &jobs[t]);
    }
  for (guint t = 0; t < N_THREADS; t++)
    {
      g_thread_join (threads[t]);
      ck_assert_msg (jobs[t].ok, "thread %u failed", t);
    }
  /* everything is there: 10 value calls × 16 groups per thread, 10
   * fingerprint calls × 16, 10 result calls × 3 */
  ck_assert_int_eq (sql_int (path, "SELECT count(*) FROM revisions"), N_THREADS * 10 * 16);
  ck_assert_int_eq (sql_int (path, "SELECT count(*) FROM fingerprints"), N_THREADS * 10 * 16);
  ck_assert_int_eq (sql_int (path, "SELECT count(*) FROM results"), N_THREADS * 10 * 3);
  g_clear_object (&store);
  rm_rf (dir);
}
END_TEST

/* What call @call of run @run left in @store: how many of its parts
 * (values, fingerprints or results) are there and right; @fingerprints and
 * @results are the run's, read once. */
static guint
call_parts_present (KpiStore    *store,
                    KpiCalendar *utc,
                    guint        run,
                    guint        call,
                    char       **fingerprints,
                    GPtrArray   *results)
{
  g_autofree char *name = g_strdup_printf ("run-%u", run);
  guint n = 0;

  if (call % 3 == 1)
    {
      g_autoptr(KpiPeriod) day = kpi_store_writer_day (utc, call);

      for (guint g = 0; g < KPI_STORE_WRITER_GROUPS; g++)
        {
          g_autofree char *group = kpi_store_writer_group (g);
          GError *error = NULL;
          g_autoptr(KpiValue) v = kpi_store_lookup_value (store, name, kpi_period_get_label (day),
                                                           group, 0, &error);

          ck_assert_msg (error == NULL, "%s", error ? error->message : "");
          if (v == NULL)
            continue;
          ck_assert (kpi_value_get_value (v) == kpi_store_writer_value (run, call, g));
          ck_assert_uint_eq (kpi_value_get_sample_size (v), g + 1);
          n++;
        }
    }
  else if (call % 3 == 2)
    {
      for (guint g = 0; g < KPI_STORE_WRITER_GROUPS; g++)
        {
          g_autofree char *entry = g_strdup_printf ("c%u-g%02u=%u:%u:%u", call, g, run, call, g);

          if (g_strv_contains ((const char * const *) fingerprints, entry))
            n++;
        }
    }
  else
    {
      for (guint i = 0; i < results->len; i++)
        {
          KpiCheckResult *r = g_ptr_array_index (results, i);
          g_autofree char *prefix = g_strdup_printf ("%u:", call);

          if (g_str_has_prefix (kpi_check_result_get_message (r), prefix))
            {
              ck_assert_uint_eq (kpi_check_result_get_n_affected (r), 1);
              n++;
            }
        }
    }
  return n;
}

static guint
call_parts (guint call)
{
  return call % 3 == 0 ? KPI_STORE_WRITER_RESULTS : KPI_STORE_WRITER_GROUPS;
}

/* Reads from @fd into @text until it holds a complete line, or the other
 * end is closed, or 10 s have passed. */
static void
read_first_line (int      fd,
                 GString *text)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  char buf[256];

  while (strchr (text->str, '\n') == NULL && g_get_monotonic_time () < deadline)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      gssize n;

      if (poll (&pfd, 1, 100) <= 0)
        continue;
      n = read (fd, buf, sizeof buf);
      if (n == 0 || (n < 0 && errno != EINTR))
        return;
      if (n > 0)
        g_string_append_len (text, buf, n);
    }
}

/* Reads what is left to read of @fd into @text, and closes it. */
static char *
read_all (int      fd,
          GString *text)
{
  char buf[4096];
  gssize n;

  while ((n = read (fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (text, buf, n);
  close (fd);
  return g_string_free (text, FALSE);
}

/* The last number on a complete line of @out: the calls the writer said
 * were committed. */
static guint
committed_calls (const char *out)
{
  const char *end = strrchr (out, '\n');
  const char *start;

  if (end == NULL)
    return 0;
  for (start = end; start > out && start[-1] != '\n'; start--)
    ;
  return (guint) g_ascii_strtoull (start, NULL, 10);
}

START_TEST (test_killed_writer)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "crash.db", NULL);
  g_autoptr(KpiCalendar) utc = utc_calendar ();
  const char *seed_text = g_getenv ("KPI_STORE_CRASH_SEED");
  guint32 seed = seed_text != NULL ? (guint32) g_ascii_strtoull (seed_text, NULL, 10)
                                   : g_random_int ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  /* Under valgrind the checks in this process are slow: fewer runs. */
  guint n_runs = kpi_test_under_valgrind () ? 8 : 40;
  guint total_committed = 0, runs_with_commits = 0, extra_seen = 0;
  /* The writer runs as it is, even when this test runs under valgrind
   * (whose preload it would inherit). */
  g_auto(GStrv) envp = g_environ_unsetenv (g_get_environ (), "LD_PRELOAD");

  g_print ("# killed writer: seed %u (KPI_STORE_CRASH_SEED=N draws the same delays)\n", seed);
  for (guint run = 0; run < n_runs; run++)
    {
      g_autofree char *run_text = g_strdup_printf ("%u", run);
      char *argv[] = { (char *) KPI_STORE_WRITER, path, run_text, NULL };
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *integrity = NULL;
      g_autoptr(KpiStore) store = NULL;
      g_autoptr(GPtrArray) results = NULL;
      g_auto(GStrv) fingerprints = NULL;
      g_autofree char *name = g_strdup_printf ("run-%u", run);
      GString *text;
      int out_fd, err_fd, status;
      guint committed, delay_ms;
      GPid pid;

      if (!g_spawn_async_with_pipes (NULL, argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                     &pid, NULL, &out_fd, &err_fd, &error))
        ck_abort_msg ("%s", error->message);
      /* The first runs die young, in the store's creation; the others,
       * once they have committed a call (however long a loaded machine
       * takes to start them), at any point of their transactions. */
      text = g_string_new (NULL);
      if (run < 3)
        delay_ms = g_rand_int_range (rand, 0, 15);
      else
        {
          read_first_line (out_fd, text);
          delay_ms = g_rand_int_range (rand, 0, 60);
        }
      g_usleep (delay_ms * 1000);
      ck_assert_int_eq (kill (pid, SIGKILL), 0);
      ck_assert_int_eq (waitpid (pid, &status, 0), pid);
      g_spawn_close_pid (pid);
      out = read_all (out_fd, text);
      err = read_all (err_fd, g_string_new (NULL));
      ck_assert_msg (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL,
                     "seed %u, run %u: the writer ended by itself: %s", seed, run, err);
      committed = committed_calls (out);
      total_committed += committed;
      runs_with_commits += committed > 0;

      /* The file as the killed writer left it, by SQLite itself */
      integrity = sql_text (path, "PRAGMA integrity_check");
      ck_assert_msg (g_strcmp0 (integrity, "ok") == 0, "seed %u, run %u: integrity_check: %s",
                     seed, run, integrity);

      /* Every call it said it committed is there, whole; the next one may
       * have been committed before it could say so, then whole too;
       * nothing after that. */
      store = kpi_store_open (path, &error);
      ck_assert_msg (store != NULL, "seed %u, run %u: %s", seed, run, error ? error->message : "");
      fingerprints = kpi_store_lookup_fingerprints (store, name, 0, &error);
      ck_assert_ptr_nonnull (fingerprints);
      results = kpi_store_list_results (store, name, 0, 0, &error);
      ck_assert_ptr_nonnull (results);
      for (guint call = 1; call <= committed + 3; call++)
        {
          guint n = call_parts_present (store, utc, run, call, fingerprints, results);

          if (call <= committed)
            ck_assert_msg (n == call_parts (call), "seed %u, run %u: call %u of %u committed: "
                           "%u parts of %u", seed, run, call, committed, n, call_parts (call));
          else if (call == committed + 1)
            {
              ck_assert_msg (n == 0 || n == call_parts (call),
                             "seed %u, run %u: call %u half there: %u parts of %u",
                             seed, run, call, n, call_parts (call));
              extra_seen += n > 0;
            }
          else
            ck_assert_msg (n == 0, "seed %u, run %u: call %u there, %u committed",
                           seed, run, call, committed);
        }
    }

  /* The test tested something: the runs after the first three were all
   * killed with commits behind them (and so in the middle of the next). */
  ck_assert_msg (runs_with_commits >= n_runs - 3, "seed %u: only %u runs of %u committed anything",
                 seed, runs_with_commits, n_runs);
  g_print ("# killed writer: %u runs, %u calls committed, %u runs with commits, "
           "%u calls committed but not yet reported\n",
           n_runs, total_committed, runs_with_commits, extra_seen);
  rm_rf (dir);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "new-store", test_new_store },
    { "older-schema", test_older_schema },
    { "newer-schema", test_newer_schema },
    { "not-a-store", test_not_a_store },
    { "cannot-open", test_cannot_open },
    { "revision-kinds", test_revision_kinds },
    { "idempotent", test_idempotent },
    { "as-of", test_as_of },
    { "missing-values", test_missing_values },
    { "groups", test_groups },
    { "history-in-order", test_history_in_order },
    { "periods-read-back", test_periods_read_back },
    { "fingerprints", test_fingerprints },
    { "fingerprints-kept-once", test_fingerprints_kept_once },
    { "results-round-trip", test_results_round_trip },
    { "results-over-time", test_results_over_time },
    { "corrupt-rows", test_corrupt_rows },
    { "threads", test_threads },
    { "killed-writer", test_killed_writer },
  };

  return kpi_test_run ("store", cases, G_N_ELEMENTS (cases), 60);
}
