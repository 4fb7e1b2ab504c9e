/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-store.c: the history of reported values, fingerprints and check
 * results, in SQLite */

#include "config.h"

#include <string.h>
#include <sqlite3.h>

#include "kpi.h"
#include "kpi-period-private.h"
#include "kpi-store-private.h"
#include "kpi-util-private.h"

/**
 * KpiStore:
 *
 * The history of what a dashboard reported, in one SQLite file (or in
 * memory, `:memory:`):
 *
 * - the **values** reported per indicator, period and group, with their
 *   revisions: provisional while the period may still change, final once
 *   it is closed, restated when a closed period's value changed afterwards
 *   ([method@Kpi.Store.record_values]). "What did we report for June on
 *   5 July, and what do we say now?" is [method@Kpi.Store.lookup_value]
 *   with the instant of 5 July, then with none;
 * - the **fingerprints** of a dataset's periods, opaque `LABEL=TEXT`
 *   entries that a restatement check computes and compares later
 *   ([method@Kpi.Store.record_fingerprints]);
 * - the **results** of data-quality checks over time
 *   ([method@Kpi.Store.record_results]).
 *
 * ```python
 * store = Kpi.Store.open("history.db")
 * store.record_values("revenue", indicator.evaluate_series(context, first, last), 0)
 * reported = store.lookup_value("revenue", "2025-06", None, july_5th)
 * now = store.lookup_value("revenue", "2025-06", None, 0)
 * ```
 *
 * Each call that records is one transaction: all of it is kept, or none.
 * The file is in write-ahead-log mode with full synchronisation, so that
 * a transaction that returned is on disk: a program killed at any point
 * (or a machine that loses power) loses nothing that was committed, and
 * never leaves a damaged file. Recording what is already the latest
 * revision changes nothing, so a dashboard may record every run.
 *
 * The file's schema has a version: a store written by an older libkpi is
 * brought up to date when opened; one written by a newer libkpi, or a file
 * that is not a store, is refused with a clear error and left untouched.
 *
 * A store may be used from several threads: each call holds the store's
 * lock for its whole transaction. Several processes may open the same file;
 * a writer waits up to 5 seconds for another one's transaction to end.
 *
 * The [store](store.html) page says more: the rule of revision kinds, the
 * file's schema and its versions, and the crash test.
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) january = kpi_calendar_parse_period (calendar, "2025-01", NULL);
 * g_autoptr(KpiPeriod) march = kpi_calendar_parse_period (calendar, "2025-03", NULL);
 * g_autoptr(GPtrArray) series = NULL;
 * g_autoptr(KpiStore) store = NULL;
 * g_autoptr(KpiValue) reported = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_indicator_set_dataset (revenue, orders);
 * series = kpi_indicator_evaluate_series (revenue, context, january, march, &error);
 * store = kpi_store_open ("history.db", &error); // an SQLite file, made when missing
 * if (series == NULL || store == NULL ||
 *     !kpi_store_record_values (store, "revenue", (KpiValue **) series->pdata, series->len,
 *                               KPI_TIME_UNSET, &error) ||
 *     (reported = kpi_store_lookup_value (store, "revenue", "2025-02", NULL, KPI_TIME_UNSET, &error)) == NULL)
 *   g_error ("%s", error ? error->message : "nothing recorded");
 * g_print ("revenue reported for 2025-02: %g\n", kpi_value_get_value (reported));
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * revenue = Kpi.Indicator.new("revenue", "sum(amount)")
 * revenue.set_dataset(orders)
 * calendar = Kpi.Calendar.new(None, 1)
 * context = Kpi.Context.new(calendar)
 * series = revenue.evaluate_series(context, calendar.parse_period("2025-01"),
 *                                  calendar.parse_period("2025-03"))
 * store = Kpi.Store.open("history.db")  # an SQLite file, made when missing
 * store.record_values("revenue", series, Kpi.TIME_UNSET)
 * reported = store.lookup_value("revenue", "2025-02", None, Kpi.TIME_UNSET)
 * print("revenue reported for 2025-02:", reported.get_value())
 * ```
 *
 * ```js
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const revenue = Kpi.Indicator.new('revenue', 'sum(amount)');
 * revenue.set_dataset(orders);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * const series = revenue.evaluate_series(context, calendar.parse_period('2025-01'),
 *     calendar.parse_period('2025-03'));
 * const store = Kpi.Store.open('history.db'); // an SQLite file, made when missing
 * store.record_values('revenue', series, Kpi.TIME_UNSET);
 * const reported = store.lookup_value('revenue', '2025-02', null, Kpi.TIME_UNSET);
 * print(`revenue reported for 2025-02: ${reported.get_value()}`);
 * ```
 *
 * Since: 0.1
 */

/* The file's application_id (`PRAGMA application_id`): "KPIS". */
#define STORE_APPLICATION_ID 0x4B504953

/* How long a call waits for another process's transaction, in ms. */
#define STORE_BUSY_TIMEOUT_MS 5000

/* The schema, one step per version: step N brings a store of version N to
 * version N + 1 (a new file runs them all, so every step is run by every
 * test). The version of the schema is the number of steps.
 *
 * Enumerations are stored by their nicks, flags as the integers of
 * KpiValueFlags, instants as µs since the epoch. A period is stored once,
 * with all that rebuilds it exactly (the calendar's time zone and fiscal
 * year included); a value is keyed by its period's label. */
static const char * const schema_steps[] = {
  /* 1: values with revisions, fingerprints */
  "CREATE TABLE periods ("
  "  id INTEGER PRIMARY KEY,"
  "  label TEXT NOT NULL,"
  "  granularity TEXT NOT NULL,"
  "  base TEXT NOT NULL,"
  "  ordinal INTEGER NOT NULL,"
  "  start INTEGER NOT NULL,"
  "  end INTEGER NOT NULL,"
  "  partial INTEGER NOT NULL,"
  "  time_zone TEXT NOT NULL,"
  "  fiscal_year_start_month INTEGER NOT NULL,"
  "  UNIQUE (label, granularity, base, ordinal, start, end, partial, time_zone,"
  "          fiscal_year_start_month));"
  "CREATE TABLE series ("
  "  id INTEGER PRIMARY KEY,"
  "  indicator TEXT NOT NULL,"
  "  period TEXT NOT NULL,"
  "  group_kind TEXT NOT NULL,"
  "  grp TEXT NOT NULL,"
  "  UNIQUE (indicator, period, group_kind, grp));"
  "CREATE TABLE revisions ("
  "  id INTEGER PRIMARY KEY,"
  "  series INTEGER NOT NULL REFERENCES series (id),"
  "  recorded_at INTEGER NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('provisional', 'final', 'restated')),"
  "  value REAL,"
  "  flags INTEGER NOT NULL,"
  "  sample_size INTEGER NOT NULL,"
  "  closure TEXT NOT NULL,"
  "  period INTEGER NOT NULL REFERENCES periods (id));"
  "CREATE INDEX revisions_by_series ON revisions (series, recorded_at, id);"
  "CREATE TABLE fingerprints ("
  "  id INTEGER PRIMARY KEY,"
  "  dataset TEXT NOT NULL,"
  "  period TEXT NOT NULL,"
  "  fingerprint TEXT NOT NULL,"
  "  recorded_at INTEGER NOT NULL);"
  "CREATE INDEX fingerprints_by_period ON fingerprints (dataset, period, recorded_at, id);",

  /* 2: check results */
  "CREATE TABLE results ("
  "  id INTEGER PRIMARY KEY,"
  "  check_id TEXT,"
  "  status TEXT NOT NULL,"
  "  dataset TEXT,"
  "  evaluated_at INTEGER NOT NULL,"
  "  data_as_of INTEGER NOT NULL,"
  "  json TEXT NOT NULL);"
  "CREATE INDEX results_by_check ON results (check_id, evaluated_at);"
  "CREATE INDEX results_by_time ON results (evaluated_at);"
  "CREATE TABLE result_affected ("
  "  result INTEGER NOT NULL REFERENCES results (id),"
  "  position INTEGER NOT NULL,"
  "  period INTEGER REFERENCES periods (id),"
  "  dimension TEXT,"
  "  grp TEXT,"
  "  PRIMARY KEY (result, position));",
};

#define STORE_SCHEMA_VERSION ((int) G_N_ELEMENTS (schema_steps))

/* The columns of a period, as the statements below select them. */
#define PERIOD_COLUMNS \
  "p.label, p.granularity, p.base, p.ordinal, p.start, p.end, p.partial, " \
  "p.time_zone, p.fiscal_year_start_month"

/* The series a lookup means: the value's own group (?3 NULL: none); a
 * group of a dimension before the "other" or "(missing)" of a breakdown
 * that happens to have the same name. */
#define SERIES_PICK \
  "(SELECT id FROM series WHERE indicator = ?1 AND period = ?2" \
  "   AND CASE WHEN ?3 IS NULL THEN group_kind = 'none'" \
  "            ELSE group_kind <> 'none' AND grp = ?3 END" \
  "   ORDER BY group_kind = 'value' DESC LIMIT 1)"

#define REVISION_COLUMNS \
  "s.group_kind, s.grp, r.recorded_at, r.kind, r.value, r.flags, r.sample_size, " \
  "r.closure, " PERIOD_COLUMNS

static const char * const stmt_sql[KPI_STORE_N_STMTS] = {
  [KPI_STORE_STMT_BEGIN_READ] = "BEGIN",
  /* A writer takes the lock at once: a read lock upgraded later could
   * fail with SQLITE_BUSY whatever the timeout. */
  [KPI_STORE_STMT_BEGIN_WRITE] = "BEGIN IMMEDIATE",
  [KPI_STORE_STMT_COMMIT] = "COMMIT",
  [KPI_STORE_STMT_ROLLBACK] = "ROLLBACK",
  [KPI_STORE_STMT_HEADER] =
    "SELECT (SELECT application_id FROM pragma_application_id),"
    "       (SELECT user_version FROM pragma_user_version),"
    "       (SELECT count(*) FROM sqlite_master)",
  [KPI_STORE_STMT_PERIOD_INSERT] =
    "INSERT OR IGNORE INTO periods (label, granularity, base, ordinal, start, end,"
    "  partial, time_zone, fiscal_year_start_month)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
  [KPI_STORE_STMT_PERIOD_FIND] =
    "SELECT id FROM periods WHERE label = ?1 AND granularity = ?2 AND base = ?3"
    "  AND ordinal = ?4 AND start = ?5 AND end = ?6 AND partial = ?7"
    "  AND time_zone = ?8 AND fiscal_year_start_month = ?9",
  [KPI_STORE_STMT_SERIES_INSERT] =
    "INSERT OR IGNORE INTO series (indicator, period, group_kind, grp)"
    " VALUES (?1, ?2, ?3, ?4)",
  [KPI_STORE_STMT_SERIES_FIND] =
    "SELECT id FROM series WHERE indicator = ?1 AND period = ?2"
    "  AND group_kind = ?3 AND grp = ?4",
  [KPI_STORE_STMT_REVISION_LATEST] =
    "SELECT recorded_at, kind, value, flags, sample_size, closure FROM revisions"
    " WHERE series = ?1 ORDER BY recorded_at DESC, id DESC LIMIT 1",
  [KPI_STORE_STMT_REVISION_INSERT] =
    "INSERT INTO revisions (series, recorded_at, kind, value, flags, sample_size,"
    "  closure, period) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
  [KPI_STORE_STMT_REVISION_AS_OF] =
    "SELECT " REVISION_COLUMNS
    " FROM revisions r JOIN series s ON s.id = r.series JOIN periods p ON p.id = r.period"
    " WHERE r.series = " SERIES_PICK " AND r.recorded_at <= ?4"
    " ORDER BY r.recorded_at DESC, r.id DESC LIMIT 1",
  [KPI_STORE_STMT_REVISION_LIST] =
    "SELECT " REVISION_COLUMNS
    " FROM revisions r JOIN series s ON s.id = r.series JOIN periods p ON p.id = r.period"
    " WHERE r.series = " SERIES_PICK
    " ORDER BY r.recorded_at, r.id",
  [KPI_STORE_STMT_FINGERPRINT_LATEST] =
    "SELECT recorded_at, fingerprint FROM fingerprints WHERE dataset = ?1 AND period = ?2"
    " ORDER BY recorded_at DESC, id DESC LIMIT 1",
  [KPI_STORE_STMT_FINGERPRINT_INSERT] =
    "INSERT INTO fingerprints (dataset, period, fingerprint, recorded_at)"
    " VALUES (?1, ?2, ?3, ?4)",
  [KPI_STORE_STMT_FINGERPRINT_AS_OF] =
    "SELECT f.period, f.fingerprint FROM fingerprints f"
    " WHERE f.dataset = ?1 AND f.id = (SELECT g.id FROM fingerprints g"
    "   WHERE g.dataset = f.dataset AND g.period = f.period AND g.recorded_at <= ?2"
    "   ORDER BY g.recorded_at DESC, g.id DESC LIMIT 1)"
    " ORDER BY f.period",
  [KPI_STORE_STMT_RESULT_INSERT] =
    "INSERT INTO results (check_id, status, dataset, evaluated_at, data_as_of, json)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  [KPI_STORE_STMT_AFFECTED_INSERT] =
    "INSERT INTO result_affected (result, position, period, dimension, grp)"
    " VALUES (?1, ?2, ?3, ?4, ?5)",
  [KPI_STORE_STMT_RESULT_LIST] =
    "SELECT id, check_id, status, dataset, evaluated_at, data_as_of, json FROM results"
    " WHERE evaluated_at >= ?1 AND evaluated_at < ?2 ORDER BY evaluated_at, id",
  [KPI_STORE_STMT_RESULT_LIST_CHECK] =
    "SELECT id, check_id, status, dataset, evaluated_at, data_as_of, json FROM results"
    " WHERE check_id = ?3 AND evaluated_at >= ?1 AND evaluated_at < ?2"
    " ORDER BY evaluated_at, id",
  [KPI_STORE_STMT_AFFECTED_LIST] =
    "SELECT a.dimension, a.grp, a.period IS NOT NULL, " PERIOD_COLUMNS
    " FROM result_affected a LEFT JOIN periods p ON p.id = a.period"
    " WHERE a.result = ?1 ORDER BY a.position",
};

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void kpi_store_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KpiStore, kpi_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      kpi_store_initable_iface_init))

/**
 * kpi_store_error_quark:
 *
 * The error domain of [class@Kpi.Store], %KPI_STORE_ERROR; its codes
 * are the #KpiStoreError enumeration.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-store-error-quark, kpi_store_error)

/* ------------------------------------------------------------------------
 * Errors, statements, transactions
 * ------------------------------------------------------------------------ */

/* See kpi-store-private.h */
void
kpi_store_set_sqlite_error (KpiStore    *self,
                            const char  *what,
                            GError     **error)
{
  int rc = sqlite3_errcode (self->db) & 0xff;
  int code = rc == SQLITE_NOTADB ? KPI_STORE_ERROR_NOT_A_STORE
           : rc == SQLITE_CORRUPT ? KPI_STORE_ERROR_CORRUPT
           : KPI_STORE_ERROR_IO;
  g_autofree char *message = kpi_text_for_message (sqlite3_errmsg (self->db), -1, 0);

  if (code == KPI_STORE_ERROR_NOT_A_STORE)
    g_set_error (error, KPI_STORE_ERROR, code, "%s: not a libkpi store: %s",
                 self->display, message);
  else
    g_set_error (error, KPI_STORE_ERROR, code, "%s: %s: %s", self->display, what, message);
}

/* See kpi-store-private.h */
sqlite3_stmt *
kpi_store_stmt_get (KpiStore      *self,
                    KpiStoreStmt   id,
                    GError       **error)
{
  if (self->stmts[id] == NULL
      && sqlite3_prepare_v3 (self->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                             &self->stmts[id], NULL) != SQLITE_OK)
    {
      kpi_store_set_sqlite_error (self, "cannot prepare a statement", error);
      return NULL;
    }
  return self->stmts[id];
}

/* See kpi-store-private.h */
void
kpi_store_stmt_release (sqlite3_stmt *stmt)
{
  if (stmt == NULL)
    return;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/* See kpi-store-private.h */
gboolean
kpi_store_stmt_run (KpiStore      *self,
                    sqlite3_stmt  *stmt,
                    const char    *what,
                    GError       **error)
{
  gboolean ok = sqlite3_step (stmt) == SQLITE_DONE;

  if (!ok)
    kpi_store_set_sqlite_error (self, what, error);
  kpi_store_stmt_release (stmt);
  return ok;
}

static gboolean
stmt_exec (KpiStore      *self,
           KpiStoreStmt   id,
           const char    *what,
           GError       **error)
{
  sqlite3_stmt *stmt = kpi_store_stmt_get (self, id, error);

  return stmt != NULL && kpi_store_stmt_run (self, stmt, what, error);
}

/* See kpi-store-private.h */
gboolean
kpi_store_begin (KpiStore  *self,
                 gboolean   write,
                 GError   **error)
{
  return stmt_exec (self, write ? KPI_STORE_STMT_BEGIN_WRITE : KPI_STORE_STMT_BEGIN_READ,
                    "cannot start a transaction", error);
}

/* See kpi-store-private.h */
gboolean
kpi_store_commit (KpiStore  *self,
                  GError   **error)
{
  return stmt_exec (self, KPI_STORE_STMT_COMMIT, "cannot commit", error);
}

/* See kpi-store-private.h */
void
kpi_store_rollback (KpiStore *self)
{
  if (sqlite3_get_autocommit (self->db))
    return;   /* SQLite rolled it back itself (an I/O error, a full disk) */
  if (!stmt_exec (self, KPI_STORE_STMT_ROLLBACK, "cannot roll back", NULL))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* See kpi-store-private.h */
void
kpi_store_bind_text (sqlite3_stmt *stmt,
                     int           index,
                     const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* See kpi-store-private.h */
const char *
kpi_store_enum_nick (GType type,
                     int   value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);

  g_type_class_unref (klass);   /* a static type: its class stays */
  return v != NULL ? v->value_nick : NULL;
}

/* See kpi-store-private.h */
gboolean
kpi_store_enum_from_nick (GType       type,
                          const char *text,
                          int        *value)
{
  GEnumClass *klass;
  GEnumValue *v;

  if (text == NULL)
    return FALSE;
  klass = g_type_class_ref (type);
  v = g_enum_get_value_by_nick (klass, text);
  g_type_class_unref (klass);
  if (v == NULL)
    return FALSE;
  *value = v->value;
  return TRUE;
}

/* See kpi-store-private.h */
void
kpi_store_set_corrupt_error (KpiStore    *self,
                             GError     **error,
                             const char  *format,
                             ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, KPI_STORE_ERROR, KPI_STORE_ERROR_CORRUPT,
               "%s: %s does not read back", self->display, what);
}

/* See kpi-store-private.h */
gboolean
kpi_store_check_name (const char  *what,
                      const char  *name,
                      GError     **error)
{
  if (*name == '\0')
    {
      g_set_error (error, KPI_STORE_ERROR, KPI_STORE_ERROR_INVALID,
                   "the %s is empty", what);
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL))
    {
      g_autofree char *shown = kpi_text_for_message (name, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_set_error (error, KPI_STORE_ERROR, KPI_STORE_ERROR_INVALID,
                   "the %s “%s” is not valid UTF-8", what, shown);
      return FALSE;
    }
  return TRUE;
}

/* See kpi-store-private.h */
char *
kpi_store_instant_text (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC);

  if (dt == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT " µs", t);
  return g_date_time_format_iso8601 (dt);
}

/* ------------------------------------------------------------------------
 * Periods
 * ------------------------------------------------------------------------ */

/* See kpi-store-private.h */
gboolean
kpi_store_period_id (KpiStore         *self,
                     const KpiPeriod  *period,
                     sqlite3_int64    *id,
                     GError          **error)
{
  const char *time_zone = g_time_zone_get_identifier (period->time_zone);
  sqlite3_stmt *stmt;
  int rc;

  for (KpiStoreStmt s = KPI_STORE_STMT_PERIOD_INSERT; s <= KPI_STORE_STMT_PERIOD_FIND; s++)
    {
      if ((stmt = kpi_store_stmt_get (self, s, error)) == NULL)
        return FALSE;
      kpi_store_bind_text (stmt, 1, period->label);
      kpi_store_bind_text (stmt, 2, kpi_store_enum_nick (KPI_TYPE_GRANULARITY, period->granularity));
      kpi_store_bind_text (stmt, 3, kpi_store_enum_nick (KPI_TYPE_GRANULARITY, period->base));
      sqlite3_bind_int64 (stmt, 4, period->ordinal);
      sqlite3_bind_int64 (stmt, 5, period->start);
      sqlite3_bind_int64 (stmt, 6, period->end);
      sqlite3_bind_int (stmt, 7, period->partial ? 1 : 0);
      kpi_store_bind_text (stmt, 8, time_zone);
      sqlite3_bind_int (stmt, 9, (int) period->fiscal_year_start_month);
      if (s == KPI_STORE_STMT_PERIOD_INSERT)
        {
          if (!kpi_store_stmt_run (self, stmt, "cannot record a period", error))
            return FALSE;
          continue;
        }
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64 (stmt, 0);
      else
        kpi_store_set_sqlite_error (self, "cannot find a period", error);
      kpi_store_stmt_release (stmt);
      if (rc != SQLITE_ROW)
        return FALSE;
    }
  return TRUE;
}

/* See kpi-store-private.h */
KpiPeriod *
kpi_store_period_read (KpiStore      *self,
                       sqlite3_stmt  *stmt,
                       int            col,
                       GError       **error)
{
  const char *label = (const char *) sqlite3_column_text (stmt, col);
  const char *zone = (const char *) sqlite3_column_text (stmt, col + 7);
  int granularity, base;
  gint64 start = sqlite3_column_int64 (stmt, col + 4);
  gint64 end = sqlite3_column_int64 (stmt, col + 5);
  int fiscal = sqlite3_column_int (stmt, col + 8);
  GTimeZone *tz;
  KpiPeriod *period;

  if (label == NULL || zone == NULL
      || !kpi_store_enum_from_nick (KPI_TYPE_GRANULARITY, (const char *) sqlite3_column_text (stmt, col + 1), &granularity)
      || !kpi_store_enum_from_nick (KPI_TYPE_GRANULARITY, (const char *) sqlite3_column_text (stmt, col + 2), &base)
      || start > end || fiscal < 1 || fiscal > 12)
    {
      g_autofree char *shown = kpi_text_for_message (label, -1, KPI_MESSAGE_QUOTE_CHARS);

      kpi_store_set_corrupt_error (self, error, "the period “%s”", shown);
      return NULL;
    }
  /* The zone of the calendar that made the period, so that the same
   * calendar navigates from it; an identifier this system does not know
   * (a store copied from elsewhere) keeps the instants and the label. */
  tz = g_time_zone_new_identifier (zone);
  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  period = kpi_period_new_internal (granularity, base, sqlite3_column_int64 (stmt, col + 3),
                                    start, end, g_strdup (label),
                                    sqlite3_column_int (stmt, col + 6) != 0,
                                    tz, (guint) fiscal);
  g_time_zone_unref (tz);
  return period;
}

/* ------------------------------------------------------------------------
 * Opening
 * ------------------------------------------------------------------------ */

/* What the file's header says: whose it is, which version, whether it is
 * empty. */
static gboolean
read_header (KpiStore  *self,
             gint32    *application_id,
             int       *version,
             int       *n_objects,
             GError   **error)
{
  sqlite3_stmt *stmt = kpi_store_stmt_get (self, KPI_STORE_STMT_HEADER, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *application_id = sqlite3_column_int (stmt, 0);
      *version = sqlite3_column_int (stmt, 1);
      *n_objects = sqlite3_column_int (stmt, 2);
    }
  else
    kpi_store_set_sqlite_error (self, "cannot read the schema", error);
  kpi_store_stmt_release (stmt);
  return rc == SQLITE_ROW;
}

/* Whether the header describes a store this libkpi can use (*@is_new:
 * an empty file to create one in). */
static gboolean
check_header (KpiStore  *self,
              gint32     application_id,
              int        version,
              int        n_objects,
              gboolean  *is_new,
              GError   **error)
{
  *is_new = FALSE;
  if (application_id == STORE_APPLICATION_ID && version > STORE_SCHEMA_VERSION)
    {
      g_set_error (error, KPI_STORE_ERROR, KPI_STORE_ERROR_NEWER_SCHEMA,
                   "%s: schema version %d is newer than this libkpi (%d): "
                   "open it with a newer libkpi", self->display, version, STORE_SCHEMA_VERSION);
      return FALSE;
    }
  if (application_id == STORE_APPLICATION_ID && version >= 1)
    return TRUE;
  if (application_id == 0 && version == 0 && n_objects == 0)
    {
      *is_new = TRUE;
      return TRUE;
    }
  if (application_id == STORE_APPLICATION_ID)
    g_set_error (error, KPI_STORE_ERROR, KPI_STORE_ERROR_NOT_A_STORE,
                 "%s: not a libkpi store: it has no schema version", self->display);
  else
    g_set_error (error, KPI_STORE_ERROR, KPI_STORE_ERROR_NOT_A_STORE,
                 "%s: not a libkpi store: an SQLite database of another application",
                 self->display);
  return FALSE;
}

/* Creates the schema in a new file, or brings an older one up to date, in
 * one transaction: a program killed meanwhile leaves the file as it was. */
static gboolean
upgrade_schema (KpiStore  *self,
                GError   **error)
{
  gint32 application_id;
  int version, n_objects;
  gboolean is_new;
  g_autofree char *header = NULL;

  if (!kpi_store_begin (self, TRUE, error))
    return FALSE;
  /* Again, under the lock: another process may have done it meanwhile. */
  if (!read_header (self, &application_id, &version, &n_objects, error)
      || !check_header (self, application_id, version, n_objects, &is_new, error))
    goto fail;
  for (int step = is_new ? 0 : version; step < STORE_SCHEMA_VERSION; step++)
    if (sqlite3_exec (self->db, schema_steps[step], NULL, NULL, NULL) != SQLITE_OK)
      {
        kpi_store_set_sqlite_error (self, "cannot create the schema", error);
        goto fail;
      }
  /* Pragmas take no bound values; these are our own constants. */
  header = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                            STORE_APPLICATION_ID, STORE_SCHEMA_VERSION);
  if (sqlite3_exec (self->db, header, NULL, NULL, NULL) != SQLITE_OK)
    {
      kpi_store_set_sqlite_error (self, "cannot write the schema version", error);
      goto fail;
    }
  return kpi_store_commit (self, error);

fail:
  kpi_store_rollback (self);
  return FALSE;
}

static gboolean
store_open (KpiStore  *self,
            GError   **error)
{
  gint32 application_id;
  int version, n_objects, rc;
  gboolean is_new;

  if (self->path == NULL || self->path[0] == '\0')
    {
      g_set_error_literal (error, KPI_STORE_ERROR, KPI_STORE_ERROR_INVALID,
                           "the path of the store is empty: expected a file name or “:memory:”");
      return FALSE;
    }
  if (strcmp (self->path, ":memory:") != 0 && g_file_test (self->path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, KPI_STORE_ERROR, KPI_STORE_ERROR_IO,
                   "%s: is a directory: expected a store file (a new one is created)",
                   self->display);
      return FALSE;
    }

  /* The store's own lock serialises the calls; SQLite's would be a second
   * one for nothing. */
  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *message = kpi_text_for_message (self->db != NULL ? sqlite3_errmsg (self->db)
                                                                        : sqlite3_errstr (rc),
                                                       -1, 0);

      g_set_error (error, KPI_STORE_ERROR, KPI_STORE_ERROR_IO,
                   "%s: cannot be opened: %s", self->display, message);
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, STORE_BUSY_TIMEOUT_MS);

  if (!read_header (self, &application_id, &version, &n_objects, error)
      || !check_header (self, application_id, version, n_objects, &is_new, error))
    return FALSE;
  /* SQLite opens a file it may not write read-only, silently. */
  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, KPI_STORE_ERROR, KPI_STORE_ERROR_IO,
                   "%s: cannot be written (read-only): a store must be writable",
                   self->display);
      return FALSE;
    }

  /* Only now that the file is known to be a store (or empty): a file of
   * another application is left as it was.
   *
   * Write-ahead log, synchronised at each commit: a commit that returned
   * is on disk. NORMAL would be safe against a killed program (the log
   * is written before the commit returns) but not against a power cut,
   * which may lose the last transactions; a store records a few
   * transactions per dashboard run, so the fsync per commit costs
   * nothing that matters (docs/store.md has the figures). */
  if (sqlite3_exec (self->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                              "PRAGMA foreign_keys = ON;",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      kpi_store_set_sqlite_error (self, "cannot set the journal mode", error);
      return FALSE;
    }
  if ((is_new || version < STORE_SCHEMA_VERSION) && !upgrade_schema (self, error))
    return FALSE;
  return TRUE;
}

static gboolean
kpi_store_initable_init (GInitable     *initable,
                         GCancellable  *cancellable,
                         GError       **error)
{
  KpiStore *self = KPI_STORE (initable);
  gboolean ok;

  g_mutex_lock (&self->lock);
  if (!self->initialized)
    {
      self->initialized = TRUE;
      self->display = kpi_text_for_message (self->path, -1, 0);
      if (!store_open (self, &self->init_error))
        {
          for (guint i = 0; i < KPI_STORE_N_STMTS; i++)
            g_clear_pointer (&self->stmts[i], sqlite3_finalize);
          sqlite3_close_v2 (self->db);
          self->db = NULL;
        }
    }
  ok = self->init_error == NULL;
  if (!ok)
    g_propagate_error (error, g_error_copy (self->init_error));
  g_mutex_unlock (&self->lock);
  return ok;
}

static void
kpi_store_initable_iface_init (GInitableIface *iface)
{
  iface->init = kpi_store_initable_init;
}

static void
kpi_store_finalize (GObject *object)
{
  KpiStore *self = KPI_STORE (object);

  for (guint i = 0; i < KPI_STORE_N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_error (&self->init_error);
  g_free (self->path);
  g_free (self->display);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kpi_store_parent_class)->finalize (object);
}

static void
kpi_store_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KpiStore *self = KPI_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_store_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KpiStore *self = KPI_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_store_class_init (KpiStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kpi_store_finalize;
  object_class->get_property = kpi_store_get_property;
  object_class->set_property = kpi_store_set_property;

  /**
   * KpiStore:path: (type filename)
   *
   * The store's file, or `:memory:` for a store that lives as long as the
   * object.
   *
   * Since: 0.1
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_store_init (KpiStore *self)
{
  g_mutex_init (&self->lock);
}

/**
 * kpi_store_open: (constructor)
 * @path: (type filename): the store's file, created if it does not exist,
 *   or `:memory:`
 * @error: return location for a #GError
 *
 * Opens a store, creating it when the file does not exist or is empty,
 * and bringing its schema up to date when an older libkpi wrote it.
 *
 * Fails with %KPI_STORE_ERROR_NOT_A_STORE when the file is not a store (a
 * text file, an SQLite database of another application; the file is left
 * untouched), %KPI_STORE_ERROR_NEWER_SCHEMA when a newer libkpi wrote it,
 * %KPI_STORE_ERROR_IO when it cannot be opened or written (a directory, a
 * read-only location).
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 *
 * Since: 0.1
 */
KpiStore *
kpi_store_open (const char  *path,
                GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (KPI_TYPE_STORE, NULL, error, "path", path, NULL);
}

/**
 * kpi_store_get_path:
 * @self: a store
 *
 * Gets the store's file, as it was given to [ctor@Kpi.Store.open].
 *
 * Returns: (type filename): the path, or `:memory:`
 *
 * Since: 0.1
 */
const char *
kpi_store_get_path (KpiStore *self)
{
  g_return_val_if_fail (KPI_IS_STORE (self), NULL);

  return self->path;
}

/* Every call but the getters: the store opened. */
#define KPI_STORE_USABLE(self) (KPI_IS_STORE (self) && (self)->db != NULL)

