/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-database-pg.c: the PostgreSQL backend of KpiDatabase (libpq).
 *
 * The session reads and writes UTF-8, shows times with an offset in UTC
 * and in ISO 8601 (DateStyle ISO), and floats exactly (extra_float_digits
 * 3), so that what comes back as text reads back as the same value.
 *
 * A query is sent with its parameters apart from its text (the extended
 * protocol: one statement, never SQL pasted from values), and read in
 * single-row mode: the rows stream, one result each, rather than the
 * whole result being gathered in memory first.  A cancellable cancels the
 * query on the server (PQcancel, from the thread that cancels), and a
 * cursor freed before its last row cancels the rest. */

#include "config.h"

#include <string.h>
#include <libpq-fe.h>

#include "kpi.h"
#include "kpi-database-backend-private.h"
#include "kpi-util-private.h"

/* The type OIDs of pg_type.h that we read (fixed since PostgreSQL 7) */
#define BOOLOID          16
#define BYTEAOID         17
#define CHAROID          18
#define NAMEOID          19
#define INT8OID          20
#define INT2OID          21
#define INT4OID          23
#define TEXTOID          25
#define OIDOID           26
#define JSONOID          114
#define FLOAT4OID        700
#define FLOAT8OID        701
#define BPCHAROID        1042
#define VARCHAROID       1043
#define DATEOID          1082
#define TIMEOID          1083
#define TIMESTAMPOID     1114
#define TIMESTAMPTZOID   1184
#define INTERVALOID      1186
#define NUMERICOID       1700
#define UUIDOID          2950
#define JSONBOID         3802

typedef struct
{
  KpiSqlCursor  parent;
  PGconn       *conn;
  const char   *shown;          /* the database's name, owned by the KpiDatabase */
  PGresult     *result;         /* of the current row, or NULL */
  gboolean      pending;        /* @result is the first row, not read yet */
  gboolean      drained;        /* PQgetResult() gave NULL: the query is over */
  Oid          *types;          /* n_columns */
  PGcancel     *cancel;
  GCancellable *cancellable;    /* not owned: the parent's */
  gulong        cancelled_id;
} PgCursor;

/* ------------------------------------------------------------------------ */
/* Messages */

/* libpq's message on one line, without its final newline */
static char *
pg_message (const char *message)
{
  g_autofree char *copy = g_strstrip (g_strdup (message != NULL ? message : ""));
  GString *out = g_string_new (NULL);

  for (const char *p = copy; *p != '\0'; p++)
    {
      if (*p == '\n' || *p == '\t' || *p == '\r')
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          continue;
        }
      g_string_append_c (out, *p);
    }
  if (out->len > 0 && g_ascii_isupper (out->str[0]) && !g_ascii_isupper (out->str[1]))
    out->str[0] = g_ascii_tolower (out->str[0]);
  {
    char *valid = kpi_text_for_message (out->str, out->len, 0);

    g_string_free (out, TRUE);
    return valid;
  }
}

/* Sets @error from a failed result @result (or the connection's state
 * when NULL): the server's refusal of SQL, a cancellation, a lost
 * connection or another failure. */
static void
set_result_error (PGconn        *conn,
                  PGresult      *result,
                  const char    *shown,
                  GCancellable  *cancellable,
                  GError       **error)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = result != NULL ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY)
                                       : NULL;
  g_autofree char *reason = pg_message (primary != NULL ? primary : PQerrorMessage (conn));

  if (state != NULL && strcmp (state, "57014") == 0 &&
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return;
  if (state == NULL || g_str_has_prefix (state, "08") || PQstatus (conn) == CONNECTION_BAD)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                 "%s: the connection to the server failed: %s", shown, reason);
  else if (g_str_has_prefix (state, "42") || g_str_has_prefix (state, "0A"))
    g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE,
                 "%s: the database refused the query: %s", shown, reason);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: the query failed: %s",
                 shown, reason);
}

/* ------------------------------------------------------------------------ */
/* Connecting */

static gboolean
run_setting (PGconn      *conn,
             const char  *sql,
             const char  *shown,
             GError     **error)
{
  PGresult *result = PQexec (conn, sql);
  gboolean ok = PQresultStatus (result) == PGRES_COMMAND_OK;

  if (!ok)
    set_result_error (conn, result, shown, NULL, error);
  PQclear (result);
  return ok;
}

/* The server's notices ("table does not exist, skipping") are not ours
 * to print on the application's stderr, libpq's default. */
static void
ignore_notice (void       *data,
               const char *message)
{
  g_debug ("PostgreSQL notice: %s", message);
}

static gpointer
pg_open (const char    *conninfo,
         const char    *shown,
         GCancellable  *cancellable,
         GError       **error)
{
  PGconn *conn = PQconnectdb (conninfo);

  if (conn == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot connect: out of memory",
                   shown);
      return NULL;
    }
  if (PQstatus (conn) != CONNECTION_OK)
    {
      const char *message = PQerrorMessage (conn);
      g_autofree char *reason = pg_message (message);
      gboolean refused = strstr (message, "Connection refused") != NULL ||
                         strstr (message, "No such file or directory") != NULL;

      g_set_error (error, G_IO_ERROR,
                   refused ? G_IO_ERROR_CONNECTION_REFUSED : G_IO_ERROR_FAILED,
                   "%s: cannot connect: %s", shown, reason);
      PQfinish (conn);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      PQfinish (conn);
      return NULL;
    }
  PQsetNoticeProcessor (conn, ignore_notice, NULL);
  if (PQsetClientEncoding (conn, "UTF8") != 0)
    {
      g_autofree char *reason = pg_message (PQerrorMessage (conn));

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s: the server cannot send UTF-8: %s", shown, reason);
      PQfinish (conn);
      return NULL;
    }
  if (!run_setting (conn, "SET TimeZone = 'UTC'", shown, error) ||
      !run_setting (conn, "SET DateStyle = 'ISO, YMD'", shown, error) ||
      !run_setting (conn, "SET extra_float_digits = 3", shown, error) ||
      /* The hashes and sorts of pushed-down formulas (kpi-eval-sql.c) in
       * memory: PostgreSQL's default of 4 MB a node spills the presences
       * of entities (a row per entity and period) to disk from a few
       * hundred thousand rows on.  A ceiling, taken only by the nodes that
       * need it; the connection is this object's alone. */
      !run_setting (conn, "SET work_mem = '256MB'", shown, error))
    {
      PQfinish (conn);
      return NULL;
    }
  return conn;
}

static void
pg_close (gpointer connection)
{
  PQfinish (connection);
}

char *
kpi_database_pg_name (gpointer connection)
{
  const char *name = PQdb (connection);

  return kpi_text_for_message (name != NULL && name[0] != '\0' ? name : "postgresql", -1, 0);
}

/* ------------------------------------------------------------------------ */
/* Types */

static const char *
type_decl (Oid type)
{
  switch (type)
    {
    case BOOLOID: return "boolean";
    case BYTEAOID: return "bytea";
    case CHAROID: return "\"char\"";
    case NAMEOID: return "name";
    case INT8OID: return "bigint";
    case INT2OID: return "smallint";
    case INT4OID: return "integer";
    case TEXTOID: return "text";
    case OIDOID: return "oid";
    case JSONOID: return "json";
    case FLOAT4OID: return "real";
    case FLOAT8OID: return "double precision";
    case BPCHAROID: return "character";
    case VARCHAROID: return "character varying";
    case DATEOID: return "date";
    case TIMEOID: return "time without time zone";
    case TIMESTAMPOID: return "timestamp without time zone";
    case TIMESTAMPTZOID: return "timestamp with time zone";
    case INTERVALOID: return "interval";
    case NUMERICOID: return "numeric";
    case UUIDOID: return "uuid";
    case JSONBOID: return "jsonb";
    default: return "";
    }
}

static KpiSqlType
type_of (Oid type)
{
  switch (type)
    {
    case BOOLOID:
    case INT8OID:
    case INT2OID:
    case INT4OID:
    case OIDOID:
      return KPI_SQL_INTEGER;
    case FLOAT4OID:
    case FLOAT8OID:
    case NUMERICOID:
      return KPI_SQL_REAL;
    default:
      return KPI_SQL_TEXT;
    }
}

/* ------------------------------------------------------------------------ */
/* Cursors */

/* Reads what is left of the query's results, so that the connection
 * takes the next query. */
static void
drain (PgCursor *self)
{
  PGresult *result;

  while (!self->drained)
    {
      result = PQgetResult (self->conn);
      if (result == NULL)
        self->drained = TRUE;
      PQclear (result);
    }
}

static gboolean
pg_next (KpiSqlCursor  *cursor,
         GError       **error)
{
  PgCursor *self = (PgCursor *) cursor;

  if (self->pending)
    {
      self->pending = FALSE;
      return TRUE;
    }
  g_clear_pointer (&self->result, PQclear);
  self->result = PQgetResult (self->conn);
  if (self->result == NULL)
    {
      self->drained = TRUE;
      return FALSE;
    }
  switch (PQresultStatus (self->result))
    {
    case PGRES_SINGLE_TUPLE:
      return TRUE;
    case PGRES_TUPLES_OK:
    case PGRES_COMMAND_OK:
      g_clear_pointer (&self->result, PQclear);
      drain (self);
      return FALSE;
    default:
      set_result_error (self->conn, self->result, self->shown, self->cancellable, error);
      g_clear_pointer (&self->result, PQclear);
      drain (self);
      return FALSE;
    }
}

static KpiSqlType
pg_get_type (KpiSqlCursor *cursor,
             guint         column)
{
  PgCursor *self = (PgCursor *) cursor;

  if (self->result == NULL || PQgetisnull (self->result, 0, (int) column))
    return KPI_SQL_NULL;
  return type_of (self->types[column]);
}

static gint64
pg_get_int (KpiSqlCursor *cursor,
            guint         column)
{
  PgCursor *self = (PgCursor *) cursor;
  const char *text;

  if (self->result == NULL || PQgetisnull (self->result, 0, (int) column))
    return 0;
  text = PQgetvalue (self->result, 0, (int) column);
  if (self->types[column] == BOOLOID)
    return text[0] == 't' ? 1 : 0;
  if (type_of (self->types[column]) == KPI_SQL_REAL)
    return (gint64) g_ascii_strtod (text, NULL);
  return g_ascii_strtoll (text, NULL, 10);
}

static double
pg_get_real (KpiSqlCursor *cursor,
             guint         column)
{
  PgCursor *self = (PgCursor *) cursor;
  const char *text;

  if (self->result == NULL || PQgetisnull (self->result, 0, (int) column))
    return 0.0;
  text = PQgetvalue (self->result, 0, (int) column);
  if (self->types[column] == BOOLOID)
    return text[0] == 't' ? 1.0 : 0.0;
  return g_ascii_strtod (text, NULL);
}

static const char *
pg_get_text (KpiSqlCursor *cursor,
             guint         column,
             gsize        *length)
{
  PgCursor *self = (PgCursor *) cursor;

  if (self->result == NULL || PQgetisnull (self->result, 0, (int) column))
    {
      if (length != NULL)
        *length = 0;
      return NULL;
    }
  if (length != NULL)
    *length = (gsize) PQgetlength (self->result, 0, (int) column);
  return PQgetvalue (self->result, 0, (int) column);
}

static gboolean
pg_is_blob (KpiSqlCursor *cursor,
            guint         column)
{
  PgCursor *self = (PgCursor *) cursor;

  return self->types[column] == BYTEAOID && pg_get_type (cursor, column) != KPI_SQL_NULL;
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      data)
{
  char message[256];

  PQcancel (data, message, sizeof message);
}

static void
pg_finish (KpiSqlCursor *cursor)
{
  PgCursor *self = (PgCursor *) cursor;

  g_clear_pointer (&self->result, PQclear);
  if (!self->drained)
    {
      /* Rows are left: have the server stop sending them */
      char message[256];

      if (self->cancel != NULL)
        PQcancel (self->cancel, message, sizeof message);
      drain (self);
    }
  if (self->cancelled_id != 0)
    g_cancellable_disconnect (self->cancellable, self->cancelled_id);
  g_clear_pointer (&self->cancel, PQfreeCancel);
  g_free (self->types);
}

static const KpiSqlCursorClass pg_cursor_class = {
  pg_next,
  pg_get_type,
  pg_get_int,
  pg_get_real,
  pg_get_text,
  pg_is_blob,
  pg_finish,
};

static void
cursor_free (PgCursor *self)
{
  pg_finish (&self->parent);
  g_strfreev (self->parent.names);
  g_strfreev (self->parent.decls);
  g_free (self);
}

static KpiSqlCursor *
pg_query (gpointer       connection,
          const char    *shown,
          const char    *sql,
          GArray        *params,
          GCancellable  *cancellable,
          GError       **error)
{
  PGconn *conn = connection;
  guint n_params = params != NULL ? params->len : 0;
  g_autofree const char **values = g_new0 (const char *, n_params + 1);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  PgCursor *self;
  int n;

  for (guint i = 0; i < n_params; i++)
    {
      KpiSqlValue *value = &g_array_index (params, KpiSqlValue, i);
      char *text;

      switch (value->type)
        {
        case KPI_SQL_INTEGER:
          text = g_strdup_printf ("%" G_GINT64_FORMAT, value->i);
          break;
        case KPI_SQL_REAL:
          text = g_malloc (G_ASCII_DTOSTR_BUF_SIZE);
          g_ascii_dtostr (text, G_ASCII_DTOSTR_BUF_SIZE, value->d);
          break;
        case KPI_SQL_TEXT:
          text = g_strdup (value->s != NULL ? value->s : "");
          break;
        case KPI_SQL_NULL:
        default:
          text = NULL;
          break;
        }
      if (text != NULL)
        g_ptr_array_add (texts, text);
      values[i] = text;
    }

  if (PQstatus (conn) == CONNECTION_BAD)
    PQreset (conn);
  if (!PQsendQueryParams (conn, sql, (int) n_params, NULL, values, NULL, NULL, 0) ||
      !PQsetSingleRowMode (conn))
    {
      g_autofree char *reason = pg_message (PQerrorMessage (conn));
      PGresult *result;

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                   "%s: the query cannot be sent: %s", shown, reason);
      while ((result = PQgetResult (conn)) != NULL)
        PQclear (result);
      return NULL;
    }

  self = g_new0 (PgCursor, 1);
  self->parent.klass = &pg_cursor_class;
  self->conn = conn;
  self->shown = shown;
  self->cancellable = cancellable;
  self->cancel = PQgetCancel (conn);
  if (cancellable != NULL && self->cancel != NULL)
    self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled),
                                                self->cancel, NULL);

  /* The first result gives the columns (with the first row, or none) */
  self->result = PQgetResult (conn);
  if (self->result == NULL)
    self->drained = TRUE;
  switch (PQresultStatus (self->result))
    {
    case PGRES_SINGLE_TUPLE:
      self->pending = TRUE;
      break;
    case PGRES_TUPLES_OK:
    case PGRES_COMMAND_OK:
      self->parent.done = TRUE;
      break;
    default:
      set_result_error (conn, self->result, shown, cancellable, error);
      drain (self);
      cursor_free (self);
      return NULL;
    }

  n = self->result != NULL ? PQnfields (self->result) : 0;
  self->parent.n_columns = (guint) MAX (n, 0);
  self->parent.names = g_new0 (char *, self->parent.n_columns + 1);
  self->parent.decls = g_new0 (char *, self->parent.n_columns + 1);
  self->types = g_new0 (Oid, self->parent.n_columns + 1);
  for (int i = 0; i < n; i++)
    {
      const char *name = PQfname (self->result, i);

      self->parent.names[i] = name != NULL && g_utf8_validate (name, -1, NULL)
        ? g_strdup (name) : kpi_text_for_message (name, -1, 0);
      self->types[i] = PQftype (self->result, i);
      self->parent.decls[i] = g_strdup (type_decl (self->types[i]));
    }
  if (self->parent.done)
    {
      g_clear_pointer (&self->result, PQclear);
      drain (self);
    }
  return &self->parent;
}

const KpiDatabaseBackend kpi_database_pg_backend = {
  KPI_SQL_DIALECT_POSTGRESQL,
  pg_open,
  pg_close,
  pg_query,
  "SELECT DISTINCT c.relname::text FROM pg_catalog.pg_class c "
  "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
  "WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p') "
  "AND n.nspname = ANY (pg_catalog.current_schemas (false)) ORDER BY 1",
  "SELECT a.attname::text FROM pg_catalog.pg_index i "
  "JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) "
  "WHERE i.indisprimary AND i.indrelid = pg_catalog.to_regclass (pg_catalog.quote_ident ($1::text)) "
  "ORDER BY array_position (i.indkey::int2[], a.attnum)",
};
