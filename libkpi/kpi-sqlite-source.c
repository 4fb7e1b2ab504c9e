/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-sqlite-source.c: a dataset's rows from a table of an SQLite file.
 *
 * The load runs as the CSV and JSON loads do (kpi-dataset-load.c): a
 * parse that builds a new KpiTable and reads nothing of the dataset but a
 * copy of its columns, then kpi_dataset_commit_table(), which merges the
 * table in one step or refuses it whole.  The parse is the part a public
 * asynchronous API (SQLite, later PostgreSQL) can move into a thread.
 *
 * The rows are read with `SELECT rowid, * FROM "table"` (the name quoted,
 * its quotes doubled, so that any name is a name), the rowid for messages
 * only; a table without one (WITHOUT ROWID, a view) is read without it and
 * its rows are numbered in the order read.
 *
 * Column kinds follow the CSV loader's rules, SQLite's storage classes
 * standing in for the text of a field: a column not forced is a measure
 * until a value is neither NULL nor a number (an INTEGER, a REAL, or a
 * TEXT that reads as one); the pass then restarts with that column as a
 * dimension, at most once per column, and in practice on the first row.
 * What the CSV loader cannot know, a column's declared type, decides a
 * column of NULLs only: TEXT affinity makes it a dimension. */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "kpi-dataset-private.h"
#include "kpi-load-options-private.h"
#include "kpi-sqlite-source-private.h"
#include "kpi-suggest-private.h"
#include "kpi-util-private.h"

#define CANCEL_CHECK_MASK 0xFFF          /* every 4096 rows */
#define BUSY_TIMEOUT_MS   5000           /* a writer's transaction may hold
                                            the file that long */
/* The instants the ISO 8601 parser can write, 0000-01-01 to the end of
 * 9999, as seconds since the epoch: numeric times are held to them. */
#define MIN_SECONDS       G_GINT64_CONSTANT (-62167219200)
#define MAX_SECONDS       G_GINT64_CONSTANT (253402300800)

typedef struct
{
  char          *name;           /* UTF-8, as SQLite names it */
  KpiColumnKind  kind;           /* a guessed measure may become a dimension */
  gboolean       fixed;          /* forced, or the dataset's, or changed once */
  gboolean       text_affinity;  /* declared TEXT, CHAR or CLOB */
  gboolean       seen_value;     /* a value that is not NULL, this pass */
  KpiColumn     *column;         /* in the table of this pass */
  /* The last dimension text and its code: sorted data repeat it. */
  GString       *last_text;      /* NULL until a first value */
  guint32        last_code;
} SqlColumn;

typedef enum {
  PASS_DONE,
  PASS_FAILED,
  PASS_RESTART,          /* a guessed measure column is a dimension */
} PassResult;

typedef struct
{
  const KpiLoadContext *ctx;
  const char    *source;         /* the file, for messages */
  char          *table_shown;    /* the table's name, for messages */
  const char    *time_name;
  char           decimal;
  char           thousands;

  sqlite3       *db;
  sqlite3_stmt  *stmt;
  int            first;          /* statement column of the first table
                                    column: 1 after the rowid, else 0 */
  SqlColumn     *columns;
  guint          n_columns;
  guint          time_column;

  KpiTimeParser *time_parser;
  KpiTable      *table;
  gint64         row_number;     /* in the order read, from 1 */
} SqlLoad;

/* ------------------------------------------------------------------------ */
/* Messages */

/* Sets @error from an SQLite result code @rc of @load's database, in our
 * words: what the file is, or why it cannot be read. */
static void
set_sqlite_error (SqlLoad  *load,
                  int       rc,
                  GError  **error)
{
  g_autofree char *reason = kpi_text_for_message (load->db != NULL ? sqlite3_errmsg (load->db)
                                                                   : sqlite3_errstr (rc),
                                                  -1, 0);

  switch (rc & 0xFF)
    {
    case SQLITE_NOTADB:
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE,
                   "%s: not an SQLite database: expected an SQLite 3 database file",
                   load->source);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE,
                   "%s: the database is damaged (%s): expected a sound SQLite 3 database",
                   load->source, reason);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   "%s: the database is locked by another connection (%s)", load->source, reason);
      break;
    case SQLITE_PERM:
    case SQLITE_AUTH:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "%s: permission denied: the database cannot be read (%s)",
                   load->source, reason);
      break;
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot be read: %s",
                   load->source, reason);
      break;
    }
}

/* "orders.db: table “orders”: " and the message */
static void G_GNUC_PRINTF (4, 5)
set_table_error (SqlLoad     *load,
                 GError     **error,
                 int          code,
                 const char  *format,
                 ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, KPI_DATASET_ERROR, code, "%s: table “%s”: %s",
               load->source, load->table_shown, what);
}

/* "orders.db: table “orders”, row 17, column “date”: " and the message;
 * the row is the rowid when the table has one. */
static PassResult G_GNUC_PRINTF (5, 6)
set_value_error (SqlLoad     *load,
                 GError     **error,
                 int          code,
                 SqlColumn   *column,
                 const char  *format,
                 ...)
{
  g_autofree char *what = NULL;
  g_autofree char *row = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (load->first == 1 && sqlite3_column_type (load->stmt, 0) == SQLITE_INTEGER)
    row = g_strdup_printf ("row %" G_GINT64_FORMAT,
                           (gint64) sqlite3_column_int64 (load->stmt, 0));
  else
    row = g_strdup_printf ("row %" G_GINT64_FORMAT " (in the order read)", load->row_number);
  g_set_error (error, KPI_DATASET_ERROR, code, "%s: table “%s”, %s, column “%s”: %s",
               load->source, load->table_shown, row, column->name, what);
  return PASS_FAILED;
}

/* The text of value @i of the current row, quoted for a message */
static char *
value_shown (SqlLoad *load,
             int      i)
{
  const char *text = (const char *) sqlite3_column_text (load->stmt, i);

  return kpi_text_for_message (text != NULL ? text : "", sqlite3_column_bytes (load->stmt, i),
                               KPI_MESSAGE_QUOTE_CHARS);
}

/* ------------------------------------------------------------------------ */
/* The file, the table, the columns */

/* Opens @path read-only: never creates it, and says so when it is not
 * there rather than leaving SQLite's "unable to open database file". */
static gboolean
open_database (SqlLoad     *load,
               const char  *path,
               GError     **error)
{
  g_autofree char *plain = NULL;
  GStatBuf st;
  int rc;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT || saved == ENOTDIR || path[0] == '\0')
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: no such file", load->source);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     "%s: cannot be read: %s", load->source, g_strerror (saved));
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   "%s: is a directory: expected an SQLite database file", load->source);
      return FALSE;
    }
  /* Where SQLite is built to read URIs, "file:..." would be one: a path
   * is a path. */
  if (g_str_has_prefix (path, "file:"))
    path = plain = g_strconcat ("./", path, NULL);

  rc = sqlite3_open_v2 (path, &load->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (load, rc, error);
      return FALSE;
    }
  sqlite3_extended_result_codes (load->db, 1);
  sqlite3_busy_timeout (load->db, BUSY_TIMEOUT_MS);
  return TRUE;
}

/* Checks that @table is a table or view of the database (as SQLite finds
 * names: ignoring ASCII case), or says which one was meant. */
static gboolean
find_table (SqlLoad     *load,
            const char  *table,
            GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *suffix = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;
  int rc;

  rc = sqlite3_prepare_v2 (load->db,
                           "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                           "ORDER BY name", -1, &stmt, NULL);
  while (rc == SQLITE_OK || rc == SQLITE_ROW)
    {
      const char *name;

      if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
        break;
      name = (const char *) sqlite3_column_text (stmt, 0);
      if (name == NULL)
        continue;
      if (sqlite3_stricmp (name, table) == 0)
        found = TRUE;
      if (g_utf8_validate (name, -1, NULL))
        g_ptr_array_add (names, g_strdup (name));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (load, rc, error);
      return FALSE;
    }
  if (found)
    return TRUE;

  suffix = kpi_suggest_suffix (table, (const char * const *) names->pdata, names->len, "");
  if (names->len == 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 "%s: no table “%s”: the database has no table", load->source, load->table_shown);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 "%s: no table “%s”: expected one of the database's %u tables and views%s",
                 load->source, load->table_shown, names->len, suffix);
  return FALSE;
}

/* Prepares the statement that reads the rows: with the rowid first when
 * the table has one that no column hides. */
static gboolean
prepare_select (SqlLoad     *load,
                const char  *table,
                GError     **error)
{
  g_autoptr(GString) quoted = g_string_new ("\"");
  g_autofree char *plain = NULL;
  g_autofree char *with_rowid = NULL;
  const char *alias = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  for (const char *p = table; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (quoted, '"');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');

  plain = g_strconcat ("SELECT * FROM ", quoted->str, NULL);
  rc = sqlite3_prepare_v2 (load->db, plain, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (load, rc, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }

  /* The first of SQLite's three names of the rowid that no column takes */
  for (guint a = 0; a < 3 && alias == NULL; a++)
    {
      static const char *const aliases[] = { "rowid", "_rowid_", "oid" };
      gboolean taken = FALSE;

      for (int i = 0; i < sqlite3_column_count (stmt) && !taken; i++)
        taken = sqlite3_stricmp (sqlite3_column_name (stmt, i), aliases[a]) == 0;
      if (!taken)
        alias = aliases[a];
    }
  if (alias != NULL)
    {
      sqlite3_stmt *rowid_stmt = NULL;

      with_rowid = g_strconcat ("SELECT ", alias, ", * FROM ", quoted->str, NULL);
      /* Fails without a rowid (WITHOUT ROWID tables, views): then the
       * rows are numbered as read. */
      if (sqlite3_prepare_v2 (load->db, with_rowid, -1, &rowid_stmt, NULL) == SQLITE_OK)
        {
          sqlite3_finalize (stmt);
          stmt = rowid_stmt;
          load->first = 1;
        }
      else
        sqlite3_finalize (rowid_stmt);
    }
  load->stmt = stmt;
  return TRUE;
}

/* SQLite's affinity rule for TEXT: the declared type holds CHAR, CLOB or
 * TEXT, and not INT, which comes first. */
static gboolean
has_text_affinity (const char *decltype)
{
  g_autofree char *upper = NULL;

  if (decltype == NULL)
    return FALSE;
  upper = g_ascii_strup (decltype, -1);
  return strstr (upper, "INT") == NULL &&
         (strstr (upper, "CHAR") != NULL || strstr (upper, "CLOB") != NULL ||
          strstr (upper, "TEXT") != NULL);
}

static void
columns_free (SqlLoad *load)
{
  for (guint i = 0; i < load->n_columns; i++)
    {
      g_free (load->columns[i].name);
      if (load->columns[i].last_text != NULL)
        g_string_free (load->columns[i].last_text, TRUE);
    }
  g_clear_pointer (&load->columns, g_free);
  load->n_columns = 0;
}

/* The columns of the statement and their kinds: the dataset's own
 * columns win, then the options; everything else is guessed, starting as
 * a measure (kpi-csv.c, read_header). */
static gboolean
read_columns (SqlLoad  *load,
              GError  **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  KpiLoadOptions *options = load->ctx->options;
  KpiTable *existing = load->ctx->existing;
  gboolean found_time = FALSE;
  int n = sqlite3_column_count (load->stmt) - load->first;

  load->n_columns = (guint) MAX (n, 0);
  load->columns = g_new0 (SqlColumn, load->n_columns);
  for (guint i = 0; i < load->n_columns; i++)
    {
      int index = load->first + (int) i;
      const char *name = sqlite3_column_name (load->stmt, index);
      SqlColumn *column = &load->columns[i];
      int existing_index;
      KpiColumnKind kind;

      if (name == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: out of memory", load->source);
          return FALSE;
        }
      if (!g_utf8_validate (name, -1, NULL))
        {
          g_autofree char *shown = kpi_text_for_message (name, -1, KPI_MESSAGE_QUOTE_CHARS);

          set_table_error (load, error, KPI_DATASET_ERROR_ENCODING,
                           "the name of column %u, “%s”, is not UTF-8: expected UTF-8 text",
                           i + 1, shown);
          return FALSE;
        }
      if (name[0] == '\0')
        {
          set_table_error (load, error, KPI_DATASET_ERROR_SCHEMA,
                           "empty name of column %u: expected a name for every column", i + 1);
          return FALSE;
        }
      column->name = g_strdup (name);
      column->text_affinity = has_text_affinity (sqlite3_column_decltype (load->stmt, index));
      /* Views can repeat a name */
      if (g_hash_table_contains (seen, column->name))
        {
          set_table_error (load, error, KPI_DATASET_ERROR_SCHEMA,
                           "duplicate column name “%s”: expected distinct names", column->name);
          return FALSE;
        }
      g_hash_table_add (seen, column->name);
      g_ptr_array_add (names, column->name);

      existing_index = existing != NULL ? kpi_table_lookup (existing, column->name) : -1;
      if (strcmp (column->name, load->time_name) == 0)
        {
          KpiColumnKind forced;

          if (kpi_load_options_get_column_kind (options, column->name, &forced) &&
              forced != KPI_COLUMN_TIME)
            {
              set_table_error (load, error, KPI_DATASET_ERROR_SCHEMA,
                               "column “%s” is the time column but the options make it a "
                               "%s: expected the time column to hold times", column->name,
                               forced == KPI_COLUMN_DIMENSION ? "dimension" : "measure");
              return FALSE;
            }
          found_time = TRUE;
          load->time_column = i;
          column->kind = KPI_COLUMN_TIME;
          column->fixed = TRUE;
        }
      else if (existing_index >= 0)
        {
          column->kind = kpi_table_column (existing, existing_index)->kind;
          column->fixed = TRUE;
          if (column->kind == KPI_COLUMN_TIME)
            {
              set_table_error (load, error, KPI_DATASET_ERROR_SCHEMA,
                               "column “%s” is the time column of the dataset: expected "
                               "the time column option to name it, not “%s”",
                               column->name, load->time_name);
              return FALSE;
            }
        }
      else if (kpi_load_options_get_column_kind (options, column->name, &kind))
        {
          if (kind == KPI_COLUMN_TIME)
            {
              set_table_error (load, error, KPI_DATASET_ERROR_SCHEMA,
                               "column “%s” is forced to be a time column: expected only "
                               "the time column “%s” to hold times",
                               column->name, load->time_name);
              return FALSE;
            }
          column->kind = kind;
          column->fixed = TRUE;
        }
      else
        column->kind = KPI_COLUMN_MEASURE;
    }

  if (!found_time)
    {
      g_autofree char *suffix = kpi_suggest_suffix (load->time_name,
                                                    (const char * const *) names->pdata,
                                                    names->len, "");

      set_table_error (load, error, KPI_DATASET_ERROR_NO_TIME_COLUMN,
                       "no time column “%s”: expected a column of that name (see the "
                       "time-column option)%s", load->time_name, suffix);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Rows */

static void
start_pass (SqlLoad *load)
{
  load->table = kpi_table_new (load->time_name);
  for (guint i = 0; i < load->n_columns; i++)
    {
      SqlColumn *c = &load->columns[i];
      guint index = i == load->time_column
        ? load->table->time_index : kpi_table_add_column (load->table, c->name, c->kind);

      c->column = kpi_table_column (load->table, index);
      c->seen_value = FALSE;
      if (c->last_text != NULL)
        g_string_free (g_steal_pointer (&c->last_text), TRUE);
    }
  load->row_number = 0;
  sqlite3_reset (load->stmt);
}

static PassResult
blob_error (SqlLoad    *load,
            GError    **error,
            SqlColumn  *column,
            int         i)
{
  return set_value_error (load, error, KPI_DATASET_ERROR_PARSE, column,
                          "a BLOB of %d bytes: expected text or a number (BLOB values "
                          "cannot be loaded)", sqlite3_column_bytes (load->stmt, i));
}

static PassResult
read_time (SqlLoad    *load,
           SqlColumn  *column,
           int         i,
           gint64     *time,
           GError    **error)
{
  sqlite3_stmt *stmt = load->stmt;
  double seconds;

  switch (sqlite3_column_type (stmt, i))
    {
    case SQLITE_TEXT:
      {
        const char *text = (const char *) sqlite3_column_text (stmt, i);
        int len = sqlite3_column_bytes (stmt, i);

        if (len == 0)
          break;
        if (!kpi_time_parser_parse (load->time_parser, text, len, time))
          {
            g_autofree char *shown = value_shown (load, i);

            return set_value_error (load, error, KPI_DATASET_ERROR_INVALID_TIME, column,
                                    "invalid date “%s”: expected an ISO 8601 date "
                                    "(YYYY-MM-DD) or date-time, or seconds since the Unix "
                                    "epoch", shown);
          }
        return PASS_DONE;
      }
    case SQLITE_INTEGER:
      {
        gint64 s = sqlite3_column_int64 (stmt, i);

        if (s < MIN_SECONDS || s >= MAX_SECONDS)
          return set_value_error (load, error, KPI_DATASET_ERROR_INVALID_TIME, column,
                                  "%" G_GINT64_FORMAT " seconds since the Unix epoch: "
                                  "expected a time between the years 0 and 9999", s);
        *time = s * G_USEC_PER_SEC;
        return PASS_DONE;
      }
    case SQLITE_FLOAT:
      seconds = sqlite3_column_double (stmt, i);
      if (!(seconds >= (double) MIN_SECONDS && seconds < (double) MAX_SECONDS))
        {
          g_autofree char *shown = value_shown (load, i);

          return set_value_error (load, error, KPI_DATASET_ERROR_INVALID_TIME, column,
                                  "%s seconds since the Unix epoch: expected a time "
                                  "between the years 0 and 9999", shown);
        }
      *time = (gint64) llround (seconds * G_USEC_PER_SEC);
      return PASS_DONE;
    case SQLITE_BLOB:
      return blob_error (load, error, column, i);
    case SQLITE_NULL:
    default:
      break;
    }
  return set_value_error (load, error, KPI_DATASET_ERROR_INVALID_TIME, column,
                          "no value in the time column: expected an ISO 8601 date "
                          "(YYYY-MM-DD) or date-time, or seconds since the Unix epoch");
}

static PassResult
read_measure (SqlLoad    *load,
              SqlColumn  *column,
              int         i,
              double     *value,
              GError    **error)
{
  sqlite3_stmt *stmt = load->stmt;

  switch (sqlite3_column_type (stmt, i))
    {
    case SQLITE_NULL:
      *value = NAN;
      return PASS_DONE;
    case SQLITE_INTEGER:
      column->seen_value = TRUE;
      *value = (double) sqlite3_column_int64 (stmt, i);
      return PASS_DONE;
    case SQLITE_FLOAT:
      column->seen_value = TRUE;
      *value = sqlite3_column_double (stmt, i);
      if (!isfinite (*value))
        return set_value_error (load, error, KPI_DATASET_ERROR_INVALID_NUMBER, column,
                                "an infinite number: expected a finite number, or NULL");
      return PASS_DONE;
    case SQLITE_TEXT:
      {
        const char *text = (const char *) sqlite3_column_text (stmt, i);
        int len = sqlite3_column_bytes (stmt, i);

        column->seen_value = TRUE;
        /* Empty text is a missing value, as an empty CSV field is */
        if (len == 0)
          {
            *value = NAN;
            return PASS_DONE;
          }
        if (kpi_parse_number (text, len, load->decimal, load->thousands, value))
          return PASS_DONE;
        if (!column->fixed)
          {
            column->kind = KPI_COLUMN_DIMENSION;
            column->fixed = TRUE;
            return PASS_RESTART;
          }
        {
          g_autofree char *shown = value_shown (load, i);

          return set_value_error (load, error, KPI_DATASET_ERROR_INVALID_NUMBER, column,
                                  "invalid number “%s” in a measure column: expected a "
                                  "number, or NULL", shown);
        }
      }
    case SQLITE_BLOB:
    default:
      return blob_error (load, error, column, i);
    }
}

static PassResult
read_dimension (SqlLoad    *load,
                SqlColumn  *column,
                int         i,
                guint32    *code,
                GError    **error)
{
  sqlite3_stmt *stmt = load->stmt;
  const char *text;
  int len;

  switch (sqlite3_column_type (stmt, i))
    {
    case SQLITE_NULL:
      *code = KPI_DIMENSION_MISSING;
      return PASS_DONE;
    case SQLITE_BLOB:
      return blob_error (load, error, column, i);
    default:
      break;
    }

  /* Text, or a number as SQLite writes it ("42", "2.5") */
  column->seen_value = TRUE;
  text = (const char *) sqlite3_column_text (stmt, i);
  len = sqlite3_column_bytes (stmt, i);
  if (text == NULL)
    text = "";
  if (column->last_text != NULL && (gsize) len == column->last_text->len &&
      memcmp (text, column->last_text->str, len) == 0)
    {
      *code = column->last_code;
      return PASS_DONE;
    }
  if (!kpi_dict_intern (column->column->dict, text, len, code))
    {
      g_autofree char *shown = value_shown (load, i);

      return set_value_error (load, error, KPI_DATASET_ERROR_ENCODING, column,
                              "“%s” is not valid UTF-8 text or holds a NUL byte: expected "
                              "UTF-8 text", shown);
    }
  if (column->last_text == NULL)
    column->last_text = g_string_sized_new (32);
  g_string_truncate (column->last_text, 0);
  g_string_append_len (column->last_text, text, len);
  column->last_code = *code;
  return PASS_DONE;
}

/* One pass over the rows with the current column kinds. */
static PassResult
parse_rows (SqlLoad  *load,
            GError  **error)
{
  KpiTable *table = load->table;
  GCancellable *cancellable = load->ctx->cancellable;
  int rc;

  while ((rc = sqlite3_step (load->stmt)) == SQLITE_ROW)
    {
      gsize row = table->n_rows;
      gint64 time = 0;

      load->row_number++;
      if ((load->row_number & CANCEL_CHECK_MASK) == 0 &&
          g_cancellable_set_error_if_cancelled (cancellable, error))
        return PASS_FAILED;

      kpi_table_ensure_room (table);
      for (guint c = 0; c < load->n_columns; c++)
        {
          SqlColumn *column = &load->columns[c];
          int i = load->first + (int) c;
          PassResult result;

          switch (column->kind)
            {
            case KPI_COLUMN_TIME:
              result = read_time (load, column, i, &time, error);
              break;
            case KPI_COLUMN_MEASURE:
              result = read_measure (load, column, i, &column->column->values[row], error);
              break;
            case KPI_COLUMN_DIMENSION:
            default:
              result = read_dimension (load, column, i, &column->column->codes[row], error);
              break;
            }
          if (result != PASS_DONE)
            return result;
        }
      load->columns[load->time_column].column->times[row] = time;
      kpi_table_commit_row (table, time);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (load, rc, error);
      return PASS_FAILED;
    }

  /* A guessed column of NULLs only: its declared type decides. */
  {
    gboolean restart = FALSE;

    for (guint c = 0; c < load->n_columns; c++)
      {
        SqlColumn *column = &load->columns[c];

        if (!column->fixed && !column->seen_value && column->text_affinity)
          {
            column->kind = KPI_COLUMN_DIMENSION;
            column->fixed = TRUE;
            restart = TRUE;
          }
      }
    if (restart)
      return PASS_RESTART;
  }
  return PASS_DONE;
}

/* ------------------------------------------------------------------------ */

static void
load_clear (SqlLoad *load)
{
  columns_free (load);
  g_clear_pointer (&load->time_parser, kpi_time_parser_free);
  g_clear_pointer (&load->table, kpi_table_free);
  g_clear_pointer (&load->stmt, sqlite3_finalize);
  g_clear_pointer (&load->db, sqlite3_close);
  g_clear_pointer (&load->table_shown, g_free);
}

KpiTable *
kpi_sqlite_table_parse (const KpiLoadContext  *ctx,
                        const char            *path,
                        const char            *table,
                        GError               **error)
{
  SqlLoad load = { 0 };
  KpiLoadOptions *options;
  KpiTable *result;

  g_return_val_if_fail (ctx != NULL && ctx->options != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  options = ctx->options;
  load.ctx = ctx;
  load.source = ctx->source_name != NULL ? ctx->source_name : "<database>";
  load.table_shown = kpi_text_for_message (table, -1, KPI_MESSAGE_QUOTE_CHARS);
  load.time_name = kpi_load_options_get_time_column (options);
  if (load.time_name == NULL)
    load.time_name = "date";
  load.decimal = kpi_load_option_char (kpi_load_options_get_decimal_separator (options), '.');
  load.thousands = kpi_load_option_char (kpi_load_options_get_thousands_separator (options), 0);

  if (g_cancellable_set_error_if_cancelled (ctx->cancellable, error) ||
      !open_database (&load, path, error) ||
      !find_table (&load, table, error) ||
      !prepare_select (&load, table, error) ||
      !read_columns (&load, error))
    {
      load_clear (&load);
      return NULL;
    }
  load.time_parser = kpi_time_parser_new (kpi_load_options_get_time_zone (options));

  /* Each restart makes a guessed column a dimension for good: at most as
   * many passes as columns. */
  for (;;)
    {
      PassResult pass;

      start_pass (&load);
      pass = parse_rows (&load, error);
      if (pass == PASS_DONE)
        break;
      g_clear_pointer (&load.table, kpi_table_free);
      if (pass == PASS_FAILED)
        {
          load_clear (&load);
          return NULL;
        }
    }

  kpi_table_shrink (load.table);
  result = g_steal_pointer (&load.table);
  load_clear (&load);
  return result;
}

/* The dataset's columns without their rows, so that the parse gives them
 * their kinds (as kpi-dataset-load.c captures them); NULL when the
 * dataset has neither rows nor columns but its time column, which then
 * constrains nothing.  Under the read lock: another thread may be adding
 * a column. */
static KpiTable *
dataset_schema (KpiDataset *self)
{
  KpiTable *table, *copy = NULL;

  kpi_dataset_read_lock (self);
  table = kpi_dataset_get_table (self);
  if (table->n_rows > 0 || kpi_table_n_columns (table) > 1)
    {
      copy = kpi_table_new (kpi_table_column (table, table->time_index)->name);
      for (guint i = 0; i < kpi_table_n_columns (table); i++)
        if (i != table->time_index)
          kpi_table_add_column (copy, kpi_table_column (table, i)->name,
                                kpi_table_column (table, i)->kind);
    }
  kpi_dataset_read_unlock (self);
  return copy;
}

gboolean
kpi_dataset_load_sqlite_table (KpiDataset      *self,
                               const char      *path,
                               const char      *table,
                               KpiLoadOptions  *options,
                               GCancellable    *cancellable,
                               GError         **error)
{
  g_autoptr(KpiLoadOptions) own = NULL;
  g_autofree char *source = NULL;
  g_autofree char *table_shown = NULL;
  g_autofree char *where = NULL;
  KpiLoadContext ctx = { 0 };
  KpiTable *schema;
  KpiTable *parsed;
  const char *name;
  gint64 start, end;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      /* Without options, the dataset's own time column name */
      options = own = kpi_load_options_new ();
      kpi_load_options_set_time_column (own, kpi_dataset_get_time_column (self), NULL);
    }
  name = kpi_load_options_get_source_name (options);
  /* Messages quote it: a path in another encoding than UTF-8 must not
   * make them invalid. */
  source = kpi_text_for_message (name != NULL ? name : path, -1, 0);

  schema = dataset_schema (self);
  ctx.source_name = source;
  ctx.options = options;
  ctx.existing = schema;
  ctx.cancellable = cancellable;
  parsed = kpi_sqlite_table_parse (&ctx, path, table, error);
  g_clear_pointer (&schema, kpi_table_free);
  if (parsed == NULL)
    return FALSE;

  /* The commit's messages (columns that do not fit) name the table too */
  table_shown = kpi_text_for_message (table, -1, KPI_MESSAGE_QUOTE_CHARS);
  where = g_strdup_printf ("%s: table “%s”", source, table_shown);
  kpi_load_options_get_coverage (options, &start, &end);
  return kpi_dataset_commit_table (self, parsed, where, start, end,
                                   kpi_load_options_get_data_as_of (options), error);
}
