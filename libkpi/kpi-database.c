/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-database.c: a connection to an SQLite file or a PostgreSQL
 * database: the object, what a URI names, the one-query-at-a-time rule,
 * cursors, and the SQL text helpers (parameters, identifiers, times).
 *
 * The backends (kpi-database-sqlite.c, kpi-database-pg.c) open, query
 * and read rows; this file is what both share, so that the loaders and
 * the SQL evaluator see one kind of connection (kpi-database-private.h). */

#include "config.h"

#include <string.h>

#include "kpi.h"
#include "kpi-database-backend-private.h"
#include "kpi-suggest-private.h"
#include "kpi-util-private.h"

/**
 * KpiDatabase:
 *
 * A connection to a database that datasets read from: an SQLite file or a
 * PostgreSQL server.
 *
 * [func@Kpi.Database.open] takes a URI or a path: `sqlite:orders.db`,
 * `sqlite:///srv/data/orders.db`, the path of an existing SQLite file, a
 * PostgreSQL URI (`postgresql://user@host/crm`, `postgres://…`) or a libpq
 * connection string (`host=/run/postgresql dbname=crm`). SQLite files are
 * opened read-only and never created.
 *
 * A dataset loads the rows of a table or of a query
 * ([method@Kpi.Dataset.load_table], [method@Kpi.Dataset.load_query]), or is
 * attached to one without reading its rows
 * ([method@Kpi.Dataset.attach_table]), its formulas then evaluated in the
 * database.
 *
 * A #KpiDatabase holds one connection. It may be shared between threads:
 * their queries take turns, each waiting until the one before has read its
 * last row.
 *
 * ## Example
 *
 * The orders of an SQLite file, their revenue of February computed in the
 * database (the dataset is attached: no row is read into memory):
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDatabase) db = kpi_database_open ("sqlite:orders.db", NULL, &error);
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) february = kpi_calendar_parse_period (calendar, "2025-02", NULL);
 * g_autoptr(KpiValue) value = NULL;
 *
 * if (db == NULL || !kpi_dataset_attach_table (orders, db, "orders", NULL, NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_indicator_set_dataset (revenue, orders);
 * value = kpi_indicator_evaluate (revenue, context, february, &error);
 * if (value == NULL)
 *   g_error ("%s", error->message);
 * g_print ("revenue of February: %g\n", kpi_value_get_value (value));
 * ```
 *
 * ```python
 * db = Kpi.Database.open("sqlite:orders.db", None)
 * print("tables:", db.list_tables(None))
 * orders = Kpi.Dataset.new("date")
 * orders.attach_table(db, "orders", None, None)
 * revenue = Kpi.Indicator.new("revenue", "sum(amount)")
 * revenue.set_dataset(orders)
 * calendar = Kpi.Calendar.new(None, 1)
 * value = revenue.evaluate(Kpi.Context.new(calendar), calendar.parse_period("2025-02"))
 * print("revenue of February:", value.get_value())
 * ```
 *
 * ```js
 * const db = Kpi.Database.open('sqlite:orders.db', null);
 * const orders = Kpi.Dataset.new('date');
 * orders.attach_table(db, 'orders', null, null);
 * const revenue = Kpi.Indicator.new('revenue', 'sum(amount)');
 * revenue.set_dataset(orders);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const value = revenue.evaluate(Kpi.Context.new(calendar), calendar.parse_period('2025-02'));
 * print(`revenue of February: ${value.get_value()}`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiDatabase
{
  GObject parent_instance;

  const KpiDatabaseBackend *backend;
  gpointer   connection;    /* the backend's; NULL once closed */
  char      *uri;           /* as given, its password masked */
  char      *name;          /* for messages: the path, or the database name */

  /* One query at a time: busy from kpi_database_query() to
   * kpi_sql_cursor_free(); the others wait on @cond. */
  GMutex     lock;
  GCond      cond;
  gboolean   busy;
  GThread   *owner;
};

G_DEFINE_FINAL_TYPE (KpiDatabase, kpi_database, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  PROP_NAME,
  PROP_DIALECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kpi_database_finalize (GObject *object)
{
  KpiDatabase *self = KPI_DATABASE (object);

  if (self->connection != NULL)
    self->backend->close (self->connection);
  g_free (self->uri);
  g_free (self->name);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (kpi_database_parent_class)->finalize (object);
}

static void
kpi_database_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KpiDatabase *self = KPI_DATABASE (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DIALECT:
      g_value_set_enum (value, self->backend->dialect);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_database_class_init (KpiDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kpi_database_finalize;
  object_class->get_property = kpi_database_get_property;

  /**
   * KpiDatabase:uri:
   *
   * The URI, path or connection string the database was opened with, its
   * password (if any) replaced by `***`.
   *
   * Since: 0.1
   */
  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * KpiDatabase:name:
   *
   * What messages call the database: the path of an SQLite file, the name
   * of a PostgreSQL database.
   *
   * Since: 0.1
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * KpiDatabase:dialect:
   *
   * The kind of database, which is the SQL it speaks.
   *
   * Since: 0.1
   */
  properties[PROP_DIALECT] =
    g_param_spec_enum ("dialect", NULL, NULL, KPI_TYPE_SQL_DIALECT, KPI_SQL_DIALECT_SQLITE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_database_init (KpiDatabase *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

/* ------------------------------------------------------------------------ */
/* What a URI names */

/* "password=secret" (a keyword of a libpq string, or a parameter of a
 * URI) and "user:secret@" (the user information of a URI) with the
 * secret replaced by "***". */
char *
kpi_database_mask_uri (const char *uri)
{
  GString *out = g_string_new (NULL);
  const char *p = uri;
  gboolean is_uri = g_str_has_prefix (uri, "postgresql://") || g_str_has_prefix (uri, "postgres://");

  if (is_uri)
    {
      const char *start = strstr (uri, "://") + 3;
      const char *end = start + strcspn (start, "/?#");
      const char *at = NULL;

      /* The last '@' of the authority ends the user information */
      for (const char *q = start; q < end; q++)
        if (*q == '@')
          at = q;
      if (at != NULL)
        {
          const char *colon = memchr (start, ':', at - start);

          if (colon != NULL)
            {
              g_string_append_len (out, uri, colon + 1 - uri);
              g_string_append (out, "***");
              p = at;
            }
        }
    }

  while (*p != '\0')
    {
      gboolean at_word = p == uri || strchr (" \t\n?&", p[-1]) != NULL;

      if (at_word && g_ascii_strncasecmp (p, "password", 8) == 0)
        {
          const char *q = p + 8;

          while (*q == ' ' || *q == '\t')
            q++;
          if (*q == '=')
            {
              q++;
              while (!is_uri && (*q == ' ' || *q == '\t'))
                q++;
              g_string_append (out, "password=***");
              if (is_uri)
                q += strcspn (q, "&#");
              else if (*q == '\'')
                {
                  /* A quoted value, backslash escapes inside */
                  for (q++; *q != '\0' && *q != '\''; q++)
                    if (*q == '\\' && q[1] != '\0')
                      q++;
                  if (*q == '\'')
                    q++;
                }
              else
                while (*q != '\0' && !g_ascii_isspace (*q))
                  {
                    if (*q == '\\' && q[1] != '\0')
                      q++;
                    q++;
                  }
              p = q;
              continue;
            }
        }
      g_string_append_c (out, *p);
      p++;
    }
  return g_string_free (out, FALSE);
}

/* A libpq "keyword=value ..." string: starts with a keyword and '=' */
static gboolean
is_keyword_string (const char *uri)
{
  const char *p = uri;

  while (g_ascii_isspace (*p))
    p++;
  if (!g_ascii_isalpha (*p))
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '_')
    p++;
  while (*p == ' ' || *p == '\t')
    p++;
  return *p == '=';
}

/* The backend @uri names and what to give it: a path, or the libpq
 * string; NULL with @error set when it names nothing we can open. */
static const KpiDatabaseBackend *
parse_uri (const char  *uri,
           const char  *shown,
           char       **target,
           GError     **error)
{
  if (g_str_has_prefix (uri, "postgresql://") || g_str_has_prefix (uri, "postgres://") ||
      is_keyword_string (uri))
    {
      *target = g_strdup (uri);
      return &kpi_database_pg_backend;
    }
  if (g_str_has_prefix (uri, "sqlite://"))
    {
      const char *rest = uri + strlen ("sqlite://");

      if (rest[0] != '/')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "%s: not an SQLite URI: expected sqlite:///absolute/path.db or "
                       "sqlite:PATH", shown);
          return NULL;
        }
      *target = g_uri_unescape_string (rest, NULL);
      if (*target == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "%s: invalid escape in the SQLite URI: expected %%XX escapes of "
                       "bytes other than NUL", shown);
          return NULL;
        }
      return &kpi_database_sqlite_backend;
    }
  if (g_str_has_prefix (uri, "sqlite:"))
    {
      *target = g_strdup (uri + strlen ("sqlite:"));
      return &kpi_database_sqlite_backend;
    }
  if (strstr (uri, "://") != NULL && g_uri_peek_scheme (uri) != NULL &&
      !g_file_test (uri, G_FILE_TEST_EXISTS))
    {
      const char *scheme = g_uri_peek_scheme (uri);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "%s: unknown kind of database “%s”: expected sqlite:, postgresql:// or "
                   "the path of an SQLite file", shown, scheme);
      return NULL;
    }
  *target = g_strdup (uri);
  return &kpi_database_sqlite_backend;
}

/**
 * kpi_database_open:
 * @uri: what to connect to: `sqlite:PATH`, `sqlite:///ABSOLUTE/PATH`, the
 *   path of an existing SQLite file, a `postgresql://` or `postgres://`
 *   URI, or a libpq connection string (`host=/tmp dbname=crm`)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Opens a connection. An SQLite file is opened read-only, and never
 * created. A PostgreSQL connection reads text as UTF-8 and times with
 * an offset in UTC (its session's `TimeZone` is `UTC`).
 *
 * Errors are in the %G_IO_ERROR domain: %G_IO_ERROR_NOT_FOUND for a file
 * that is not there, %G_IO_ERROR_CONNECTION_REFUSED for a server that does
 * not answer, %G_IO_ERROR_FAILED with libpq's message otherwise; a file
 * that is not an SQLite database is %KPI_DATASET_ERROR_PARSE. Messages
 * never show the password.
 *
 * Returns: (transfer full): the database, or %NULL with @error set
 *
 * Since: 0.1
 */
KpiDatabase *
kpi_database_open (const char    *uri,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *masked = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *target = NULL;
  const KpiDatabaseBackend *backend;
  KpiDatabase *self;
  gpointer connection;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  masked = kpi_database_mask_uri (uri);
  shown = kpi_text_for_message (masked, -1, 0);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (uri[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "empty database URI: expected sqlite:PATH, a path, or a PostgreSQL URI "
                   "or connection string");
      return NULL;
    }
  backend = parse_uri (uri, shown, &target, error);
  if (backend == NULL)
    return NULL;

  connection = backend->open (target, shown, cancellable, error);
  if (connection == NULL)
    return NULL;

  self = g_object_new (KPI_TYPE_DATABASE, NULL);
  self->backend = backend;
  self->connection = connection;
  self->uri = g_steal_pointer (&masked);
  if (backend->dialect == KPI_SQL_DIALECT_SQLITE)
    self->name = kpi_text_for_message (target, -1, 0);
  else
    self->name = kpi_database_pg_name (connection);
  return self;
}

KpiDatabase *
kpi_database_open_sqlite_path (const char    *path,
                               const char    *shown,
                               GCancellable  *cancellable,
                               GError       **error)
{
  KpiDatabase *self;
  gpointer connection;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  connection = kpi_database_sqlite_backend.open (path, shown, cancellable, error);
  if (connection == NULL)
    return NULL;
  self = g_object_new (KPI_TYPE_DATABASE, NULL);
  self->backend = &kpi_database_sqlite_backend;
  self->connection = connection;
  self->uri = kpi_text_for_message (path, -1, 0);
  self->name = g_strdup (shown);
  return self;
}

/**
 * kpi_database_get_dialect:
 * @self: a database
 *
 * Gets the SQL dialect of the database: SQLite or PostgreSQL.
 *
 * Returns: the kind of database, which is the SQL it speaks
 *
 * Since: 0.1
 */
KpiSqlDialect
kpi_database_get_dialect (KpiDatabase *self)
{
  g_return_val_if_fail (KPI_IS_DATABASE (self), KPI_SQL_DIALECT_SQLITE);
  return self->backend->dialect;
}

/**
 * kpi_database_get_uri:
 * @self: a database
 *
 * Gets the URI, path or connection string the database was opened with.
 *
 * Returns: the URI, path or connection string @self was opened with, its
 *   password replaced by `***`
 *
 * Since: 0.1
 */
const char *
kpi_database_get_uri (KpiDatabase *self)
{
  g_return_val_if_fail (KPI_IS_DATABASE (self), NULL);
  return self->uri;
}

/**
 * kpi_database_get_name:
 * @self: a database
 *
 * Gets the name messages give the database.
 *
 * Returns: what messages call the database: the path of an SQLite file,
 *   the name of a PostgreSQL database
 *
 * Since: 0.1
 */
const char *
kpi_database_get_name (KpiDatabase *self)
{
  g_return_val_if_fail (KPI_IS_DATABASE (self), NULL);
  return self->name;
}

/* ------------------------------------------------------------------------ */
/* One query at a time */

static gboolean
acquire (KpiDatabase  *self,
         GError      **error)
{
  GThread *me = g_thread_self ();

  g_mutex_lock (&self->lock);
  while (self->busy)
    {
      if (self->owner == me)
        {
          g_mutex_unlock (&self->lock);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                       "%s: a query of this thread is still reading rows: expected its "
                       "cursor to be freed first (one query at a time per connection)",
                       self->name);
          return FALSE;
        }
      g_cond_wait (&self->cond, &self->lock);
    }
  if (self->connection == NULL)
    {
      g_mutex_unlock (&self->lock);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "%s: the database is closed",
                   self->name);
      return FALSE;
    }
  self->busy = TRUE;
  self->owner = me;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static void
release (KpiDatabase *self)
{
  g_mutex_lock (&self->lock);
  self->busy = FALSE;
  self->owner = NULL;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/**
 * kpi_database_close:
 * @self: a database
 *
 * Closes the connection, after the query running in another thread (if
 * any) has ended. Queries on a closed database fail with
 * %G_IO_ERROR_CLOSED; datasets attached to it can no longer be evaluated.
 * Closing twice is harmless. Dropping the last reference closes it too.
 *
 * Since: 0.1
 */
void
kpi_database_close (KpiDatabase *self)
{
  gpointer connection;

  g_return_if_fail (KPI_IS_DATABASE (self));

  g_mutex_lock (&self->lock);
  while (self->busy)
    g_cond_wait (&self->cond, &self->lock);
  connection = g_steal_pointer (&self->connection);
  g_mutex_unlock (&self->lock);
  if (connection != NULL)
    self->backend->close (connection);
}

/**
 * kpi_database_is_closed:
 * @self: a database
 *
 * Gets whether the connection is closed.
 *
 * Returns: whether [method@Kpi.Database.close] closed the connection
 *
 * Since: 0.1
 */
gboolean
kpi_database_is_closed (KpiDatabase *self)
{
  gboolean closed;

  g_return_val_if_fail (KPI_IS_DATABASE (self), TRUE);
  g_mutex_lock (&self->lock);
  closed = self->connection == NULL;
  g_mutex_unlock (&self->lock);
  return closed;
}

/* ------------------------------------------------------------------------ */
/* Queries and cursors */

KpiSqlCursor *
kpi_database_query (KpiDatabase   *db,
                    const char    *sql,
                    GArray        *params,
                    GCancellable  *cancellable,
                    GError       **error)
{
  KpiSqlCursor *cursor;

  g_return_val_if_fail (KPI_IS_DATABASE (db), NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) || !acquire (db, error))
    return NULL;
  cursor = db->backend->query (db->connection, db->name, sql, params, cancellable, error);
  if (cursor == NULL)
    {
      release (db);
      return NULL;
    }
  cursor->db = g_object_ref (db);
  cursor->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  return cursor;
}

gboolean
kpi_sql_cursor_next (KpiSqlCursor  *cursor,
                     GError       **error)
{
  g_return_val_if_fail (cursor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (cursor->done)
    return FALSE;
  if (!cursor->klass->next (cursor, error))
    {
      cursor->done = TRUE;
      return FALSE;
    }
  return TRUE;
}

guint
kpi_sql_cursor_get_n_columns (KpiSqlCursor *cursor)
{
  g_return_val_if_fail (cursor != NULL, 0);
  return cursor->n_columns;
}

const char *
kpi_sql_cursor_get_column_name (KpiSqlCursor *cursor,
                                guint         column)
{
  g_return_val_if_fail (cursor != NULL && column < cursor->n_columns, NULL);
  return cursor->names[column];
}

const char *
kpi_sql_cursor_get_column_decl (KpiSqlCursor *cursor,
                                guint         column)
{
  g_return_val_if_fail (cursor != NULL && column < cursor->n_columns, NULL);
  return cursor->decls[column];
}

KpiSqlType
kpi_sql_cursor_get_type (KpiSqlCursor *cursor,
                         guint         column)
{
  g_return_val_if_fail (cursor != NULL && column < cursor->n_columns, KPI_SQL_NULL);
  return cursor->klass->get_type (cursor, column);
}

gint64
kpi_sql_cursor_get_int (KpiSqlCursor *cursor,
                        guint         column)
{
  g_return_val_if_fail (cursor != NULL && column < cursor->n_columns, 0);
  return cursor->klass->get_int (cursor, column);
}

double
kpi_sql_cursor_get_real (KpiSqlCursor *cursor,
                         guint         column)
{
  g_return_val_if_fail (cursor != NULL && column < cursor->n_columns, 0.0);
  return cursor->klass->get_real (cursor, column);
}

const char *
kpi_sql_cursor_get_text (KpiSqlCursor *cursor,
                         guint         column,
                         gsize        *length)
{
  g_return_val_if_fail (cursor != NULL && column < cursor->n_columns, NULL);
  return cursor->klass->get_text (cursor, column, length);
}

gboolean
kpi_sql_cursor_is_blob (KpiSqlCursor *cursor,
                        guint         column)
{
  g_return_val_if_fail (cursor != NULL && column < cursor->n_columns, FALSE);
  return cursor->klass->is_blob (cursor, column);
}

void
kpi_sql_cursor_free (KpiSqlCursor *cursor)
{
  KpiDatabase *db;

  if (cursor == NULL)
    return;
  db = cursor->db;
  cursor->klass->finish (cursor);
  g_strfreev (cursor->names);
  g_strfreev (cursor->decls);
  g_clear_object (&cursor->cancellable);
  g_free (cursor);
  if (db != NULL)
    {
      release (db);
      g_object_unref (db);
    }
}

char *
kpi_sql_decl_normalize (const char *decl)
{
  return decl != NULL ? g_ascii_strdown (decl, -1) : g_strdup ("");
}

/* ------------------------------------------------------------------------ */
/* Tables */

/* Runs @sql, a query of one text column, into a list */
static GPtrArray *
query_strings (KpiDatabase   *self,
               const char    *sql,
               GArray        *params,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(KpiSqlCursor) cursor = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GError *local_error = NULL;

  cursor = kpi_database_query (self, sql, params, cancellable, error);
  if (cursor == NULL)
    return NULL;
  while (kpi_sql_cursor_next (cursor, &local_error))
    {
      const char *name = kpi_sql_cursor_get_text (cursor, 0, NULL);

      if (name != NULL && g_utf8_validate (name, -1, NULL))
        g_ptr_array_add (names, g_strdup (name));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&names);
}

/**
 * kpi_database_list_tables:
 * @self: a database
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists the tables and views a dataset can read: of an SQLite file, all of
 * them; of PostgreSQL, those of the schemas of the connection's
 * `search_path`. Names are in the database's order of sorting.
 *
 * Returns: (transfer full) (array zero-terminated=1): the names, or %NULL
 *   with @error set
 *
 * Since: 0.1
 */
char **
kpi_database_list_tables (KpiDatabase   *self,
                          GCancellable  *cancellable,
                          GError       **error)
{
  GPtrArray *names;

  g_return_val_if_fail (KPI_IS_DATABASE (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  names = query_strings (self, self->backend->list_tables_sql, NULL, cancellable, error);
  if (names == NULL)
    return NULL;
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

gboolean
kpi_database_find_table (KpiDatabase   *self,
                         const char    *table,
                         const char    *source,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *suffix = NULL;
  gboolean sqlite = self->backend->dialect == KPI_SQL_DIALECT_SQLITE;

  if (source == NULL)
    source = self->name;
  names = query_strings (self, self->backend->list_tables_sql, NULL, cancellable, error);
  if (names == NULL)
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      /* SQLite finds names ignoring ASCII case; PostgreSQL's quoted
       * names are exact. */
      if (sqlite ? g_ascii_strcasecmp (name, table) == 0 : strcmp (name, table) == 0)
        return TRUE;
    }

  shown = kpi_text_for_message (table, -1, KPI_MESSAGE_QUOTE_CHARS);
  suffix = kpi_suggest_suffix (table, (const char * const *) names->pdata, names->len, "");
  if (names->len == 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 "%s: no table “%s”: the database has no table", source, shown);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 "%s: no table “%s”: expected one of the database's %u tables and views%s",
                 source, shown, names->len, suffix);
  return FALSE;
}

GPtrArray *
kpi_database_get_primary_key (KpiDatabase   *self,
                              const char    *table,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GArray) params = kpi_sql_params_new ();
  KpiSqlValue value = { KPI_SQL_TEXT, 0, 0.0, g_strdup (table) };

  g_array_append_val (params, value);
  return query_strings (self, self->backend->primary_key_sql, params, cancellable, error);
}

/* ------------------------------------------------------------------------ */
/* Attached datasets */

void
kpi_dataset_remote_free (KpiDatasetRemote *remote)
{
  if (remote == NULL)
    return;
  g_clear_object (&remote->db);
  g_free (remote->relation);
  g_free (remote->time_column);
  g_clear_pointer (&remote->time_zone, g_time_zone_unref);
  g_clear_pointer (&remote->text_measures, g_ptr_array_unref);
  g_clear_pointer (&remote->unbounded_dimensions, g_ptr_array_unref);
  g_free (remote->table);
  g_free (remote->sql);
  g_free (remote->what);
  g_free (remote->source_name);
  g_clear_object (&remote->options);
  g_free (remote);
}

/* ------------------------------------------------------------------------ */
/* SQL text */

static void
sql_value_clear (gpointer data)
{
  KpiSqlValue *value = data;

  g_clear_pointer (&value->s, g_free);
}

GArray *
kpi_sql_params_new (void)
{
  GArray *params = g_array_new (FALSE, TRUE, sizeof (KpiSqlValue));

  g_array_set_clear_func (params, sql_value_clear);
  return params;
}

static void
add_param (GString       *sql,
           KpiSqlDialect  dialect,
           GArray        *params,
           KpiSqlValue   *value,
           const char    *cast)
{
  g_array_append_val (params, *value);
  if (dialect == KPI_SQL_DIALECT_POSTGRESQL)
    g_string_append_printf (sql, "$%u::%s", params->len, cast);
  else
    g_string_append_printf (sql, "?%u", params->len);
}

void
kpi_sql_add_int (GString       *sql,
                 KpiSqlDialect  dialect,
                 GArray        *params,
                 gint64         value)
{
  KpiSqlValue v = { KPI_SQL_INTEGER, value, 0.0, NULL };

  add_param (sql, dialect, params, &v, "bigint");
}

void
kpi_sql_add_real (GString       *sql,
                  KpiSqlDialect  dialect,
                  GArray        *params,
                  double         value)
{
  KpiSqlValue v = { KPI_SQL_REAL, 0, value, NULL };

  add_param (sql, dialect, params, &v, "float8");
}

void
kpi_sql_add_text (GString       *sql,
                  KpiSqlDialect  dialect,
                  GArray        *params,
                  const char    *value)
{
  KpiSqlValue v = { KPI_SQL_TEXT, 0, 0.0, g_strdup (value != NULL ? value : "") };

  add_param (sql, dialect, params, &v, "text");
}

void
kpi_sql_add_identifier (GString    *sql,
                        const char *name)
{
  g_string_append_c (sql, '"');
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (sql, '"');
      g_string_append_c (sql, *p);
    }
  g_string_append_c (sql, '"');
}

/* The zone of a remote as PostgreSQL reads it: a name it knows, or an
 * interval for a fixed offset (PostgreSQL reads "+01:00" as a POSIX zone,
 * whose sign is the other way round). */
static void
add_pg_zone (GString      *sql,
             GArray       *params,
             GTimeZone    *zone)
{
  const char *id = zone != NULL ? g_time_zone_get_identifier (zone) : "UTC";

  if (id[0] == '+' || id[0] == '-')
    {
      kpi_sql_add_text (sql, KPI_SQL_DIALECT_POSTGRESQL, params, id);
      g_string_append (sql, "::interval");
    }
  else
    kpi_sql_add_text (sql, KPI_SQL_DIALECT_POSTGRESQL, params, id);
}

void
kpi_sql_add_time_us (GString                *sql,
                     const KpiDatasetRemote *remote,
                     GArray                 *params)
{
  g_autoptr(GString) column = g_string_new (NULL);
  KpiSqlDialect dialect;

  g_return_if_fail (sql != NULL && remote != NULL && params != NULL);

  dialect = kpi_database_get_dialect (remote->db);
  kpi_sql_add_identifier (column, remote->time_column);

  if (dialect == KPI_SQL_DIALECT_SQLITE)
    {
      /* The loaders' reading of every storage class, in one function */
      g_string_append_printf (sql, "kpi_time_us(%s, ", column->str);
      kpi_sql_add_text (sql, dialect, params,
                        remote->time_zone != NULL
                        ? g_time_zone_get_identifier (remote->time_zone) : "UTC");
      g_string_append_c (sql, ')');
      return;
    }

  switch (remote->time_kind)
    {
    case KPI_SQL_TIME_EPOCH:
      /* llround(seconds * 1e6), half away from zero, as the loaders */
      g_string_append_printf (sql, "(trunc((%s)::float8 * 1000000 + "
                              "sign((%s)::float8) * 0.5))::bigint", column->str, column->str);
      break;
    case KPI_SQL_TIME_TEXT:
      /* With an offset the text is an instant; without, a local time */
      g_string_append_printf (sql, "(extract(epoch from CASE WHEN (%s) ~ "
                              "'[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?"
                              " *(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$' THEN (%s)::timestamptz "
                              "ELSE (%s)::timestamp AT TIME ZONE ",
                              column->str, column->str, column->str);
      add_pg_zone (sql, params, remote->time_zone);
      g_string_append (sql, " END) * 1000000)::bigint");
      break;
    case KPI_SQL_TIME_DATE:
      g_string_append_printf (sql, "(extract(epoch from (%s)::timestamp AT TIME ZONE ",
                              column->str);
      add_pg_zone (sql, params, remote->time_zone);
      g_string_append (sql, ") * 1000000)::bigint");
      break;
    case KPI_SQL_TIME_TIMESTAMP:
      g_string_append_printf (sql, "(extract(epoch from (%s) AT TIME ZONE ", column->str);
      add_pg_zone (sql, params, remote->time_zone);
      g_string_append (sql, ") * 1000000)::bigint");
      break;
    case KPI_SQL_TIME_TIMESTAMPTZ:
    default:
      g_string_append_printf (sql, "(extract(epoch from %s) * 1000000)::bigint", column->str);
      break;
    }
}
