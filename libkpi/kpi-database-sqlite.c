/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-database-sqlite.c: the SQLite backend of KpiDatabase.
 *
 * A file is opened read-only, never created.  Statements are prepared,
 * bound (?NNN placeholders, values never in the SQL text) and stepped one
 * row at a time; a progress handler checks the cancellable every few
 * thousand virtual machine steps, so that a long aggregate stops too.
 *
 * The connection gets the function kpi_time_us(time, zone): a time of a
 * row as microseconds since the epoch, read exactly as the file loaders
 * read it (kpi-parse.c), so that a formula pushed down to SQLite puts a
 * row in the same period as the evaluation in memory does. */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "kpi.h"
#include "kpi-database-backend-private.h"
#include "kpi-parse-private.h"
#include "kpi-util-private.h"

#define BUSY_TIMEOUT_MS     5000    /* a writer's transaction may hold the file that long */
#define PROGRESS_STEPS      10000   /* virtual machine steps between cancellation checks */
/* The instants the ISO 8601 parser can write, 0000-01-01 to the end of
 * 9999, as seconds since the epoch: numeric times are held to them. */
#define MIN_SECONDS         G_GINT64_CONSTANT (-62167219200)
#define MAX_SECONDS         G_GINT64_CONSTANT (253402300800)

typedef struct
{
  KpiSqlCursor  parent;
  sqlite3      *db;
  sqlite3_stmt *stmt;
  const char   *shown;          /* the database's name, owned by the KpiDatabase */
  gboolean      pending;        /* the first row was stepped to by the query */
  GCancellable *cancellable;    /* not owned: the parent's */
} SqliteCursor;

/* ------------------------------------------------------------------------ */
/* Errors */

/* Sets @error from a result code @rc of @db, in our words: what the file
 * is, or why it cannot be read.  @prepare: SQL refused before it ran. */
static void
set_error (sqlite3       *db,
           const char    *shown,
           int            rc,
           gboolean       prepare,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *reason = kpi_text_for_message (db != NULL ? sqlite3_errmsg (db)
                                                             : sqlite3_errstr (rc), -1, 0);

  if ((rc & 0xFF) == SQLITE_INTERRUPT && g_cancellable_is_cancelled (cancellable))
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return;
    }
  switch (rc & 0xFF)
    {
    case SQLITE_NOTADB:
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE,
                   "%s: not an SQLite database: expected an SQLite 3 database file", shown);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE,
                   "%s: the database is damaged (%s): expected a sound SQLite 3 database",
                   shown, reason);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   "%s: the database is locked by another connection (%s)", shown, reason);
      break;
    case SQLITE_PERM:
    case SQLITE_AUTH:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "%s: permission denied: the database cannot be read (%s)", shown, reason);
      break;
    case SQLITE_READONLY:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                   "%s: the database is opened read-only (%s)", shown, reason);
      break;
    case SQLITE_ERROR:
      if (prepare)
        {
          g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE,
                       "%s: the database refused the query: %s", shown, reason);
          break;
        }
      G_GNUC_FALLTHROUGH;
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot be read: %s",
                   shown, reason);
      break;
    }
}

/* ------------------------------------------------------------------------ */
/* kpi_time_us(time, zone) */

/* The parser of the zone named by the constant second argument, kept
 * with the statement while the argument stays the same. */
static KpiTimeParser *
zone_parser (sqlite3_context *ctx,
             sqlite3_value   *zone_arg)
{
  KpiTimeParser *parser = sqlite3_get_auxdata (ctx, 1);
  const char *id;
  GTimeZone *zone;

  if (parser != NULL)
    return parser;
  id = (const char *) sqlite3_value_text (zone_arg);
  if (id == NULL || id[0] == '\0' || strcmp (id, "UTC") == 0)
    zone = g_time_zone_new_utc ();
  else
    zone = g_time_zone_new_identifier (id);
  if (zone == NULL)
    {
      g_autofree char *shown = kpi_text_for_message (id, -1, KPI_MESSAGE_QUOTE_CHARS);
      g_autofree char *message = g_strdup_printf ("kpi_time_us: unknown time zone “%s”: "
                                                  "expected an IANA name such as "
                                                  "Europe/Paris, or UTC", shown);

      sqlite3_result_error (ctx, message, -1);
      return NULL;
    }
  parser = kpi_time_parser_new (zone);
  g_time_zone_unref (zone);
  sqlite3_set_auxdata (ctx, 1, parser, (void (*) (void *)) kpi_time_parser_free);
  /* SQLite may free it at once (a value that is not constant): ask again */
  return sqlite3_get_auxdata (ctx, 1) != NULL ? parser : NULL;
}

static void
time_us_function (sqlite3_context  *ctx,
                  int               argc,
                  sqlite3_value   **argv)
{
  sqlite3_value *value = argv[0];

  g_assert (argc == 2);

  switch (sqlite3_value_type (value))
    {
    case SQLITE_INTEGER:
      {
        sqlite3_int64 s = sqlite3_value_int64 (value);

        if (s >= MIN_SECONDS && s < MAX_SECONDS)
          sqlite3_result_int64 (ctx, s * G_USEC_PER_SEC);
        else
          sqlite3_result_null (ctx);
        return;
      }
    case SQLITE_FLOAT:
      {
        double s = sqlite3_value_double (value);

        if (s >= (double) MIN_SECONDS && s < (double) MAX_SECONDS)
          sqlite3_result_int64 (ctx, (sqlite3_int64) llround (s * G_USEC_PER_SEC));
        else
          sqlite3_result_null (ctx);
        return;
      }
    case SQLITE_TEXT:
      {
        const char *text = (const char *) sqlite3_value_text (value);
        int len = sqlite3_value_bytes (value);
        KpiTimeParser *parser;
        gint64 usec;

        if (len == 0)
          break;
        parser = zone_parser (ctx, argv[1]);
        if (parser == NULL)
          {
            /* Not kept: a parser for this call only, unless it failed */
            const char *id = (const char *) sqlite3_value_text (argv[1]);
            GTimeZone *zone = id == NULL || id[0] == '\0' ? g_time_zone_new_utc ()
                                                          : g_time_zone_new_identifier (id);

            if (zone == NULL)
              return;   /* the error is set */
            parser = kpi_time_parser_new (zone);
            g_time_zone_unref (zone);
            if (kpi_time_parser_parse (parser, text, len, &usec))
              sqlite3_result_int64 (ctx, usec);
            else
              sqlite3_result_null (ctx);
            kpi_time_parser_free (parser);
            return;
          }
        if (kpi_time_parser_parse (parser, text, len, &usec))
          sqlite3_result_int64 (ctx, usec);
        else
          sqlite3_result_null (ctx);
        return;
      }
    default:
      break;
    }
  sqlite3_result_null (ctx);
}

/* ------------------------------------------------------------------------ */
/* Opening */

static gpointer
sqlite_open (const char    *path,
             const char    *shown,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *plain = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GStatBuf st;
  int rc;

  if (path[0] == '\0' || g_stat (path, &st) != 0)
    {
      int saved = path[0] == '\0' ? ENOENT : errno;

      if (saved == ENOENT || saved == ENOTDIR)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: no such file", shown);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     "%s: cannot be read: %s", shown, g_strerror (saved));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   "%s: is a directory: expected an SQLite database file", shown);
      return NULL;
    }
  /* Where SQLite is built to read URIs, "file:..." would be one: a path
   * is a path. */
  if (g_str_has_prefix (path, "file:"))
    path = plain = g_strconcat ("./", path, NULL);

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (db, shown, rc, FALSE, cancellable, error);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  sqlite3_create_function (db, "kpi_time_us", 2,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                           NULL, time_us_function, NULL, NULL);

  /* SQLite reads the file at the first statement: a text file fails here,
   * not at the first load. */
  rc = sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_master", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      set_error (db, shown, rc, FALSE, cancellable, error);
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

static void
sqlite_close (gpointer connection)
{
  sqlite3_close (connection);
}

/* ------------------------------------------------------------------------ */
/* Cursors */

static int
progress_handler (void *data)
{
  return g_cancellable_is_cancelled (data) ? 1 : 0;
}

static gboolean
sqlite_next (KpiSqlCursor  *cursor,
             GError       **error)
{
  SqliteCursor *self = (SqliteCursor *) cursor;
  int rc;

  if (self->pending)
    {
      self->pending = FALSE;
      return TRUE;
    }
  rc = sqlite3_step (self->stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    set_error (self->db, self->shown, rc, FALSE, self->cancellable, error);
  return FALSE;
}

static KpiSqlType
sqlite_get_type (KpiSqlCursor *cursor,
                 guint         column)
{
  SqliteCursor *self = (SqliteCursor *) cursor;

  switch (sqlite3_column_type (self->stmt, (int) column))
    {
    case SQLITE_INTEGER:
      return KPI_SQL_INTEGER;
    case SQLITE_FLOAT:
      return KPI_SQL_REAL;
    case SQLITE_TEXT:
    case SQLITE_BLOB:
      return KPI_SQL_TEXT;
    case SQLITE_NULL:
    default:
      return KPI_SQL_NULL;
    }
}

static gint64
sqlite_get_int (KpiSqlCursor *cursor,
                guint         column)
{
  return sqlite3_column_int64 (((SqliteCursor *) cursor)->stmt, (int) column);
}

static double
sqlite_get_real (KpiSqlCursor *cursor,
                 guint         column)
{
  return sqlite3_column_double (((SqliteCursor *) cursor)->stmt, (int) column);
}

static const char *
sqlite_get_text (KpiSqlCursor *cursor,
                 guint         column,
                 gsize        *length)
{
  SqliteCursor *self = (SqliteCursor *) cursor;
  const char *text;

  if (sqlite3_column_type (self->stmt, (int) column) == SQLITE_BLOB)
    text = sqlite3_column_blob (self->stmt, (int) column);
  else
    text = (const char *) sqlite3_column_text (self->stmt, (int) column);
  if (length != NULL)
    *length = (gsize) sqlite3_column_bytes (self->stmt, (int) column);
  return text;
}

static gboolean
sqlite_is_blob (KpiSqlCursor *cursor,
                guint         column)
{
  return sqlite3_column_type (((SqliteCursor *) cursor)->stmt, (int) column) == SQLITE_BLOB;
}

static void
sqlite_finish (KpiSqlCursor *cursor)
{
  SqliteCursor *self = (SqliteCursor *) cursor;

  sqlite3_finalize (self->stmt);
  sqlite3_progress_handler (self->db, 0, NULL, NULL);
}

static const KpiSqlCursorClass sqlite_cursor_class = {
  sqlite_next,
  sqlite_get_type,
  sqlite_get_int,
  sqlite_get_real,
  sqlite_get_text,
  sqlite_is_blob,
  sqlite_finish,
};

static KpiSqlCursor *
sqlite_query (gpointer       connection,
              const char    *shown,
              const char    *sql,
              GArray        *params,
              GCancellable  *cancellable,
              GError       **error)
{
  sqlite3 *db = connection;
  sqlite3_stmt *stmt = NULL;
  SqliteCursor *self;
  int rc, n;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK || stmt == NULL)
    {
      if (rc == SQLITE_OK)
        g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE,
                     "%s: the database refused the query: it holds no statement", shown);
      else
        set_error (db, shown, rc, TRUE, cancellable, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  for (guint i = 0; params != NULL && i < params->len; i++)
    {
      KpiSqlValue *value = &g_array_index (params, KpiSqlValue, i);
      int index = (int) i + 1;

      switch (value->type)
        {
        case KPI_SQL_INTEGER:
          rc = sqlite3_bind_int64 (stmt, index, value->i);
          break;
        case KPI_SQL_REAL:
          rc = sqlite3_bind_double (stmt, index, value->d);
          break;
        case KPI_SQL_TEXT:
          rc = sqlite3_bind_text (stmt, index, value->s != NULL ? value->s : "", -1,
                                  SQLITE_TRANSIENT);
          break;
        case KPI_SQL_NULL:
        default:
          rc = sqlite3_bind_null (stmt, index);
          break;
        }
      if (rc != SQLITE_OK)
        {
          set_error (db, shown, rc, TRUE, cancellable, error);
          sqlite3_finalize (stmt);
          return NULL;
        }
    }

  if (cancellable != NULL)
    sqlite3_progress_handler (db, PROGRESS_STEPS, progress_handler, cancellable);

  self = g_new0 (SqliteCursor, 1);
  self->parent.klass = &sqlite_cursor_class;
  self->db = db;
  self->stmt = stmt;
  self->shown = shown;
  self->cancellable = cancellable;
  n = sqlite3_column_count (stmt);
  self->parent.n_columns = (guint) MAX (n, 0);
  self->parent.names = g_new0 (char *, self->parent.n_columns + 1);
  self->parent.decls = g_new0 (char *, self->parent.n_columns + 1);
  for (int i = 0; i < n; i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      self->parent.names[i] = name != NULL && g_utf8_validate (name, -1, NULL)
        ? g_strdup (name) : kpi_text_for_message (name, -1, 0);
      self->parent.decls[i] = kpi_sql_decl_normalize (sqlite3_column_decltype (stmt, i));
    }

  /* The first step, so that the errors of running the query are the
   * query's (as PostgreSQL's are) */
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    self->pending = TRUE;
  else if (rc == SQLITE_DONE)
    self->parent.done = TRUE;
  else
    {
      set_error (db, shown, rc, FALSE, cancellable, error);
      sqlite_finish (&self->parent);
      g_strfreev (self->parent.names);
      g_strfreev (self->parent.decls);
      g_free (self);
      return NULL;
    }
  return &self->parent;
}

const KpiDatabaseBackend kpi_database_sqlite_backend = {
  KPI_SQL_DIALECT_SQLITE,
  sqlite_open,
  sqlite_close,
  sqlite_query,
  "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
  "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
  "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk",
};
