/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-database-load.c: a dataset's rows from a table or a query of a
 * database (KpiDatabase), and a dataset attached to one.
 *
 * A load runs as the file loads do (kpi-dataset-load.c): a parse that
 * builds a new KpiTable through a cursor and reads nothing of the dataset
 * but a copy of its columns, then kpi_dataset_commit_table(), which merges
 * the table in one step or refuses it whole.
 *
 * Column kinds follow the CSV loader's rules.  PostgreSQL's declared types
 * decide where they can: numbers (and booleans, as 1 and 0) are measures,
 * text and every other type dimensions; SQLite's storage classes stand in
 * for the text of a field: a column not forced is a measure until a value
 * is neither NULL nor a number (an INTEGER, a REAL, or a TEXT that reads
 * as one); the pass then runs the query again with that column as a
 * dimension, at most once per column, and in practice on the first row.
 * A column of NULLs only is a dimension when its declared type is text.
 *
 * Messages name the source, the table (or "query"), the row by its key
 * (the value of a single-column primary key, else SQLite's rowid, else
 * its number in the order read) and the column.
 *
 * Attaching reads no rows: the columns (of the first rows, for SQLite's
 * kinds), the distinct values of each dimension, the span of the times;
 * the dataset keeps them and the relation (KpiDatasetRemote), and its
 * formulas are evaluated in the database. */

#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "kpi.h"
#include "kpi-database-private.h"
#include "kpi-dataset-private.h"
#include "kpi-load-options-private.h"
#include "kpi-parse-private.h"
#include "kpi-sqlite-source-private.h"
#include "kpi-suggest-private.h"
#include "kpi-util-private.h"

#define CANCEL_CHECK_MASK   0xFFF       /* every 4096 rows */
#define MAX_DICTIONARY      100000      /* distinct values an attached dimension keeps */
#define SAMPLE_ROWS         1000        /* rows that give an attached SQLite relation's kinds */
#define MIN_SECONDS         G_GINT64_CONSTANT (-62167219200)
#define MAX_SECONDS         G_GINT64_CONSTANT (253402300800)

typedef struct
{
  char          *name;           /* UTF-8, as the database names it */
  KpiColumnKind  kind;           /* a guessed measure may become a dimension */
  gboolean       fixed;          /* forced, the dataset's, decided by its type, or changed once */
  gboolean       text_type;      /* declared as text (SQLite: TEXT affinity) */
  gboolean       seen_value;     /* a value that is not NULL, this pass */
  gboolean       seen_text;      /* a measure stored as text, this pass */
  KpiColumn     *column;         /* in the table of this pass */
  GString       *last_text;      /* the last dimension text and its code */
  guint32        last_code;
} DbColumn;

typedef enum {
  PASS_DONE,
  PASS_FAILED,
  PASS_RESTART,          /* a guessed measure column is a dimension */
} PassResult;

typedef struct
{
  const KpiLoadContext *ctx;
  KpiDatabase   *db;
  KpiSqlDialect  dialect;
  const char    *source;         /* for messages */
  char          *what;           /* "table “orders”" or "query" */
  char          *table;          /* the table, or NULL */
  char          *relation;       /* the FROM item */
  char          *sql;            /* the SELECT of the rows */
  int            first;          /* cursor column of the first relation column:
                                    1 after SQLite's rowid, else 0 */
  char          *key_name;       /* the single primary key column, or NULL */
  int            key_column;     /* its index among the columns, or -1 */
  const char    *time_name;
  char           decimal;
  char           thousands;
  guint64        sample;         /* 0, or the rows a kinds-only pass reads */

  KpiSqlCursor  *cursor;
  DbColumn      *columns;
  guint          n_columns;
  guint          time_column;
  KpiTimeParser *time_parser;
  KpiTable      *table_built;
  gint64         row_number;
} DbLoad;

/* ------------------------------------------------------------------------ */
/* Messages */

static void G_GNUC_PRINTF (4, 5)
set_relation_error (DbLoad      *load,
                    GError     **error,
                    int          code,
                    const char  *format,
                    ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, KPI_DATASET_ERROR, code, "%s: %s: %s", load->source, load->what, text);
}

/* The text of value @i of the current row, quoted for a message */
static char *
value_shown (DbLoad *load,
             guint   i)
{
  gsize length = 0;
  const char *text = kpi_sql_cursor_get_text (load->cursor, i, &length);

  return kpi_text_for_message (text != NULL ? text : "", (gssize) length,
                               KPI_MESSAGE_QUOTE_CHARS);
}

/* "crm: table “orders”, row order_id=17, column “amount”: " and the
 * message */
static PassResult G_GNUC_PRINTF (5, 6)
set_value_error (DbLoad      *load,
                 GError     **error,
                 int          code,
                 DbColumn    *column,
                 const char  *format,
                 ...)
{
  g_autofree char *text = NULL;
  g_autofree char *row = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  if (load->key_column >= 0 &&
      kpi_sql_cursor_get_type (load->cursor, load->first + load->key_column) != KPI_SQL_NULL)
    {
      g_autofree char *key = value_shown (load, load->first + load->key_column);

      row = g_strdup_printf ("row %s=%s", load->columns[load->key_column].name, key);
    }
  else if (load->first == 1 && kpi_sql_cursor_get_type (load->cursor, 0) == KPI_SQL_INTEGER)
    row = g_strdup_printf ("row %" G_GINT64_FORMAT, kpi_sql_cursor_get_int (load->cursor, 0));
  else
    row = g_strdup_printf ("row %" G_GINT64_FORMAT " (in the order read)", load->row_number);
  g_set_error (error, KPI_DATASET_ERROR, code, "%s: %s, %s, column “%s”: %s",
               load->source, load->what, row, column->name, text);
  return PASS_FAILED;
}

/* ------------------------------------------------------------------------ */
/* The relation and its columns */

static gboolean
has_text_affinity (const char *decl)
{
  g_autofree char *upper = g_ascii_strup (decl != NULL ? decl : "", -1);

  return strstr (upper, "INT") == NULL &&
         (strstr (upper, "CHAR") != NULL || strstr (upper, "CLOB") != NULL ||
          strstr (upper, "TEXT") != NULL);
}

/* What a PostgreSQL type makes of a column (not the time column) */
static KpiColumnKind
pg_kind (const char *decl)
{
  static const char *const numbers[] = {
    "smallint", "integer", "bigint", "real", "double precision", "numeric", "boolean", "oid",
  };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    if (strcmp (decl, numbers[i]) == 0)
      return KPI_COLUMN_MEASURE;
  return KPI_COLUMN_DIMENSION;
}

static void
columns_free (DbLoad *load)
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

static void
load_clear (DbLoad *load)
{
  columns_free (load);
  g_clear_pointer (&load->cursor, kpi_sql_cursor_free);
  g_clear_pointer (&load->time_parser, kpi_time_parser_free);
  g_clear_pointer (&load->table_built, kpi_table_free);
  g_clear_pointer (&load->what, g_free);
  g_clear_pointer (&load->table, g_free);
  g_clear_pointer (&load->relation, g_free);
  g_clear_pointer (&load->sql, g_free);
  g_clear_pointer (&load->key_name, g_free);
}

/* Runs the query of the rows */
static gboolean
start_query (DbLoad  *load,
             GError **error)
{
  g_clear_pointer (&load->cursor, kpi_sql_cursor_free);
  load->cursor = kpi_database_query (load->db, load->sql, NULL, load->ctx->cancellable, error);
  return load->cursor != NULL;
}

/* The FROM item and the SELECT of the rows: of a table, with SQLite's
 * rowid first when the table has one that no column hides and no
 * single-column primary key names its rows. */
static gboolean
prepare_relation (DbLoad      *load,
                  const char  *table,
                  const char  *sql,
                  GError     **error)
{
  GCancellable *cancellable = load->ctx->cancellable;
  g_autoptr(GString) relation = g_string_new (NULL);
  g_autoptr(GPtrArray) key = NULL;
  g_autofree char *shown = NULL;

  load->key_column = -1;
  if (table == NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (sql));
      gsize len = strlen (trimmed);

      /* A query's own final ';' would end the subquery */
      while (len > 0 && (trimmed[len - 1] == ';' || g_ascii_isspace (trimmed[len - 1])))
        trimmed[--len] = '\0';
      load->what = g_strdup ("query");
      load->relation = g_strdup_printf ("(%s) AS kpi_q", trimmed);
      load->sql = g_strdup_printf ("SELECT * FROM %s", load->relation);
      return TRUE;
    }

  shown = kpi_text_for_message (table, -1, KPI_MESSAGE_QUOTE_CHARS);
  load->what = g_strdup_printf ("table “%s”", shown);
  load->table = g_strdup (table);
  if (!kpi_database_find_table (load->db, table, load->source, cancellable, error))
    return FALSE;
  kpi_sql_add_identifier (relation, table);
  load->relation = g_string_free (g_steal_pointer (&relation), FALSE);

  key = kpi_database_get_primary_key (load->db, table, cancellable, error);
  if (key == NULL)
    return FALSE;
  if (key->len == 1)
    load->key_name = g_strdup (g_ptr_array_index (key, 0));

  if (load->key_name == NULL && load->dialect == KPI_SQL_DIALECT_SQLITE)
    {
      /* The first of SQLite's three names of the rowid that no column
       * takes; a table without one (WITHOUT ROWID, a view) is read
       * without it. */
      static const char *const aliases[] = { "rowid", "_rowid_", "oid" };
      g_autofree char *probe = g_strdup_printf ("SELECT * FROM %s LIMIT 0", load->relation);
      KpiSqlCursor *cursor = kpi_database_query (load->db, probe, NULL, cancellable, error);
      const char *alias = NULL;

      if (cursor == NULL)
        return FALSE;
      for (guint a = 0; a < G_N_ELEMENTS (aliases) && alias == NULL; a++)
        {
          gboolean taken = FALSE;

          for (guint i = 0; i < kpi_sql_cursor_get_n_columns (cursor) && !taken; i++)
            taken = g_ascii_strcasecmp (kpi_sql_cursor_get_column_name (cursor, i),
                                        aliases[a]) == 0;
          if (!taken)
            alias = aliases[a];
        }
      kpi_sql_cursor_free (cursor);
      if (alias != NULL)
        {
          g_autofree char *with_rowid = g_strdup_printf ("SELECT %s, * FROM %s LIMIT 0",
                                                         alias, load->relation);

          cursor = kpi_database_query (load->db, with_rowid, NULL, cancellable, NULL);
          if (cursor != NULL)
            {
              kpi_sql_cursor_free (cursor);
              load->first = 1;
              load->sql = g_strdup_printf ("SELECT %s, * FROM %s", alias, load->relation);
            }
        }
    }
  if (load->sql == NULL)
    load->sql = g_strdup_printf ("SELECT * FROM %s", load->relation);
  return TRUE;
}

/* The columns of the cursor and their kinds: the time column, the
 * dataset's own, the options' forced kinds, PostgreSQL's types; any other
 * a measure until a value says otherwise. */
static gboolean
read_columns (DbLoad  *load,
              GError **error)
{
  KpiLoadOptions *options = load->ctx->options;
  KpiTable *existing = load->ctx->existing;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  gboolean found_time = FALSE;
  guint n = kpi_sql_cursor_get_n_columns (load->cursor);

  load->n_columns = n > (guint) load->first ? n - load->first : 0;
  load->columns = g_new0 (DbColumn, load->n_columns);
  for (guint i = 0; i < load->n_columns; i++)
    {
      guint index = load->first + i;
      const char *name = kpi_sql_cursor_get_column_name (load->cursor, index);
      const char *decl = kpi_sql_cursor_get_column_decl (load->cursor, index);
      DbColumn *column = &load->columns[i];
      int existing_index;
      KpiColumnKind kind;

      if (name[0] == '\0')
        {
          set_relation_error (load, error, KPI_DATASET_ERROR_SCHEMA,
                              "empty name of column %u: expected a name for every column",
                              i + 1);
          return FALSE;
        }
      column->name = g_strdup (name);
      if (load->dialect == KPI_SQL_DIALECT_SQLITE)
        column->text_type = has_text_affinity (decl);
      else
        column->text_type = pg_kind (decl) == KPI_COLUMN_DIMENSION;
      /* Views and queries can repeat a name */
      if (g_hash_table_contains (seen, column->name))
        {
          set_relation_error (load, error, KPI_DATASET_ERROR_SCHEMA,
                              "duplicate column name “%s”: expected distinct names",
                              column->name);
          return FALSE;
        }
      g_hash_table_add (seen, column->name);
      g_ptr_array_add (names, column->name);
      if (load->key_name != NULL && strcmp (load->key_name, column->name) == 0)
        load->key_column = (int) i;

      existing_index = existing != NULL ? kpi_table_lookup (existing, column->name) : -1;
      if (strcmp (column->name, load->time_name) == 0)
        {
          KpiColumnKind forced;

          if (kpi_load_options_get_column_kind (options, column->name, &forced) &&
              forced != KPI_COLUMN_TIME)
            {
              set_relation_error (load, error, KPI_DATASET_ERROR_SCHEMA,
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
              set_relation_error (load, error, KPI_DATASET_ERROR_SCHEMA,
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
              set_relation_error (load, error, KPI_DATASET_ERROR_SCHEMA,
                                  "column “%s” is forced to be a time column: expected only "
                                  "the time column “%s” to hold times",
                                  column->name, load->time_name);
              return FALSE;
            }
          column->kind = kind;
          column->fixed = TRUE;
        }
      else if (load->dialect == KPI_SQL_DIALECT_POSTGRESQL && decl[0] != '\0')
        {
          /* The type says it */
          column->kind = pg_kind (decl);
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

      set_relation_error (load, error, KPI_DATASET_ERROR_NO_TIME_COLUMN,
                          "no time column “%s”: expected a column of that name (see the "
                          "time-column option)%s", load->time_name, suffix);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Rows */

static void
start_pass (DbLoad *load)
{
  load->table_built = kpi_table_new (load->time_name);
  for (guint i = 0; i < load->n_columns; i++)
    {
      DbColumn *c = &load->columns[i];
      guint index = i == load->time_column
        ? load->table_built->time_index
        : kpi_table_add_column (load->table_built, c->name, c->kind);

      c->column = kpi_table_column (load->table_built, index);
      c->seen_value = FALSE;
      c->seen_text = FALSE;
      if (c->last_text != NULL)
        g_string_free (g_steal_pointer (&c->last_text), TRUE);
    }
  load->row_number = 0;
}

static PassResult
blob_error (DbLoad    *load,
            GError   **error,
            DbColumn  *column,
            guint      i)
{
  gsize length = 0;

  kpi_sql_cursor_get_text (load->cursor, i, &length);
  if (load->dialect == KPI_SQL_DIALECT_POSTGRESQL)
    length = length >= 2 ? (length - 2) / 2 : 0;   /* \x and two hex digits a byte */
  return set_value_error (load, error, KPI_DATASET_ERROR_PARSE, column,
                          "a BLOB of %" G_GSIZE_FORMAT " bytes: expected text or a number "
                          "(BLOB values cannot be loaded)", length);
}

static PassResult
read_time (DbLoad    *load,
           DbColumn  *column,
           guint      i,
           gint64    *time,
           GError   **error)
{
  KpiSqlCursor *cursor = load->cursor;
  double seconds;

  if (kpi_sql_cursor_is_blob (cursor, i))
    return blob_error (load, error, column, i);
  switch (kpi_sql_cursor_get_type (cursor, i))
    {
    case KPI_SQL_TEXT:
      {
        gsize len = 0;
        const char *text = kpi_sql_cursor_get_text (cursor, i, &len);

        if (len == 0)
          break;
        if (!kpi_time_parser_parse (load->time_parser, text, len, time))
          {
            g_autofree char *shown = value_shown (load, i);

            return set_value_error (load, error, KPI_DATASET_ERROR_INVALID_TIME, column,
                                    "invalid date “%s”: expected an ISO 8601 date "
                                    "(YYYY-MM-DD) or date-time (seconds since the Unix "
                                    "epoch are read from numbers, not from text)", shown);
          }
        return PASS_DONE;
      }
    case KPI_SQL_INTEGER:
      {
        gint64 s = kpi_sql_cursor_get_int (cursor, i);

        if (s < MIN_SECONDS || s >= MAX_SECONDS)
          return set_value_error (load, error, KPI_DATASET_ERROR_INVALID_TIME, column,
                                  "%" G_GINT64_FORMAT " seconds since the Unix epoch: "
                                  "expected a time between the years 0 and 9999", s);
        *time = s * G_USEC_PER_SEC;
        return PASS_DONE;
      }
    case KPI_SQL_REAL:
      seconds = kpi_sql_cursor_get_real (cursor, i);
      if (!(seconds >= (double) MIN_SECONDS && seconds < (double) MAX_SECONDS))
        {
          g_autofree char *shown = value_shown (load, i);

          return set_value_error (load, error, KPI_DATASET_ERROR_INVALID_TIME, column,
                                  "%s seconds since the Unix epoch: expected a time "
                                  "between the years 0 and 9999", shown);
        }
      *time = (gint64) llround (seconds * G_USEC_PER_SEC);
      return PASS_DONE;
    case KPI_SQL_NULL:
    default:
      break;
    }
  return set_value_error (load, error, KPI_DATASET_ERROR_INVALID_TIME, column,
                          "no value in the time column: expected an ISO 8601 date "
                          "(YYYY-MM-DD) or date-time, or seconds since the Unix epoch");
}

static PassResult
read_measure (DbLoad    *load,
              DbColumn  *column,
              guint      i,
              double    *value,
              GError   **error)
{
  KpiSqlCursor *cursor = load->cursor;

  if (kpi_sql_cursor_is_blob (cursor, i))
    return blob_error (load, error, column, i);
  switch (kpi_sql_cursor_get_type (cursor, i))
    {
    case KPI_SQL_NULL:
      *value = NAN;
      return PASS_DONE;
    case KPI_SQL_INTEGER:
      column->seen_value = TRUE;
      *value = (double) kpi_sql_cursor_get_int (cursor, i);
      return PASS_DONE;
    case KPI_SQL_REAL:
      column->seen_value = TRUE;
      *value = kpi_sql_cursor_get_real (cursor, i);
      if (isnan (*value))
        return set_value_error (load, error, KPI_DATASET_ERROR_INVALID_NUMBER, column,
                                "NaN: expected a finite number, or NULL");
      if (!isfinite (*value))
        return set_value_error (load, error, KPI_DATASET_ERROR_INVALID_NUMBER, column,
                                "an infinite number: expected a finite number, or NULL");
      return PASS_DONE;
    case KPI_SQL_TEXT:
    default:
      {
        gsize len = 0;
        const char *text = kpi_sql_cursor_get_text (cursor, i, &len);

        column->seen_value = TRUE;
        column->seen_text = TRUE;
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
    }
}

static PassResult
read_dimension (DbLoad    *load,
                DbColumn  *column,
                guint      i,
                guint32   *code,
                GError   **error)
{
  KpiSqlCursor *cursor = load->cursor;
  const char *text;
  gsize len = 0;

  if (kpi_sql_cursor_get_type (cursor, i) == KPI_SQL_NULL)
    {
      *code = KPI_DIMENSION_MISSING;
      return PASS_DONE;
    }
  if (kpi_sql_cursor_is_blob (cursor, i))
    return blob_error (load, error, column, i);

  /* Text, or a number as the database writes it ("42", "2.5") */
  column->seen_value = TRUE;
  text = kpi_sql_cursor_get_text (cursor, i, &len);
  if (text == NULL)
    text = "";
  if (column->last_text != NULL && len == column->last_text->len &&
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

/* One pass over the rows with the current column kinds (the first
 * load->sample rows only when that is set). */
static PassResult
parse_rows (DbLoad  *load,
            GError  **error)
{
  KpiTable *table = load->table_built;
  const KpiLoadContext *ctx = load->ctx;
  GError *local_error = NULL;

  while (kpi_sql_cursor_next (load->cursor, &local_error))
    {
      gsize row = table->n_rows;
      gint64 time = 0;

      load->row_number++;
      if ((load->row_number & CANCEL_CHECK_MASK) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (ctx->cancellable, error))
            return PASS_FAILED;
          if (ctx->progress != NULL)
            ctx->progress (load->row_number, 0, ctx->progress_data);
        }

      kpi_table_ensure_room (table);
      for (guint c = 0; c < load->n_columns; c++)
        {
          DbColumn *column = &load->columns[c];
          guint i = load->first + c;
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
      if (load->sample > 0 && (guint64) load->row_number >= load->sample)
        break;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return PASS_FAILED;
    }

  /* A guessed column of NULLs only: its declared type decides. */
  {
    gboolean restart = FALSE;

    for (guint c = 0; c < load->n_columns; c++)
      {
        DbColumn *column = &load->columns[c];

        if (!column->fixed && !column->seen_value && column->text_type)
          {
            column->kind = KPI_COLUMN_DIMENSION;
            column->fixed = TRUE;
            restart = TRUE;
          }
      }
    if (restart)
      return PASS_RESTART;
  }
  if (ctx->progress != NULL)
    ctx->progress (load->row_number, 0, ctx->progress_data);
  return PASS_DONE;
}

/* Sets up @load for @table or @sql of @db, and reads the rows (with
 * load->sample, the first rows only) into load->table_built. */
static gboolean
load_run (DbLoad               *load,
          const KpiLoadContext *ctx,
          KpiDatabase          *db,
          const char           *table,
          const char           *sql,
          GError              **error)
{
  KpiLoadOptions *options = ctx->options;

  load->ctx = ctx;
  load->db = db;
  load->dialect = kpi_database_get_dialect (db);
  load->source = ctx->source_name != NULL ? ctx->source_name : kpi_database_get_name (db);
  load->time_name = kpi_load_options_get_time_column (options);
  if (load->time_name == NULL)
    load->time_name = "date";
  load->decimal = kpi_load_option_char (kpi_load_options_get_decimal_separator (options), '.');
  load->thousands = kpi_load_option_char (kpi_load_options_get_thousands_separator (options), 0);

  if (g_cancellable_set_error_if_cancelled (ctx->cancellable, error) ||
      !prepare_relation (load, table, sql, error) ||
      !start_query (load, error) ||
      !read_columns (load, error))
    return FALSE;
  load->time_parser = kpi_time_parser_new (kpi_load_options_get_time_zone (options));

  /* Each restart makes a guessed column a dimension for good: at most as
   * many passes as columns. */
  for (gboolean first_pass = TRUE;; first_pass = FALSE)
    {
      PassResult pass;

      if (!first_pass && !start_query (load, error))
        return FALSE;
      start_pass (load);
      pass = parse_rows (load, error);
      g_clear_pointer (&load->cursor, kpi_sql_cursor_free);
      if (pass == PASS_DONE)
        return TRUE;
      g_clear_pointer (&load->table_built, kpi_table_free);
      if (pass == PASS_FAILED)
        return FALSE;
    }
}

KpiTable *
kpi_database_table_parse (const KpiLoadContext  *ctx,
                          KpiDatabase           *db,
                          const char            *table,
                          const char            *sql,
                          GError               **error)
{
  DbLoad load = { 0 };
  KpiTable *result = NULL;

  g_return_val_if_fail (ctx != NULL && ctx->options != NULL, NULL);
  g_return_val_if_fail (KPI_IS_DATABASE (db), NULL);
  g_return_val_if_fail ((table == NULL) != (sql == NULL), NULL);

  if (load_run (&load, ctx, db, table, sql, error))
    {
      kpi_table_shrink (load.table_built);
      result = g_steal_pointer (&load.table_built);
    }
  load_clear (&load);
  return result;
}

/* ------------------------------------------------------------------------ */
/* Loading */

/* What a load needs, captured when it starts so that a thread never reads
 * the dataset itself. */
typedef struct
{
  KpiDataset     *dataset;
  KpiDatabase    *db;
  KpiLoadOptions *options;        /* a copy */
  KpiTable       *schema;         /* the dataset's columns, no rows, or NULL */
  char           *source_name;
  char           *table;
  char           *sql;
  GMainContext   *context;        /* where progress is emitted; NULL: at once */
  int             io_priority;
  GCancellable   *cancellable;
} DbJob;

static void
db_job_free (DbJob *job)
{
  g_clear_object (&job->dataset);
  g_clear_object (&job->db);
  g_clear_object (&job->options);
  g_clear_pointer (&job->schema, kpi_table_free);
  g_free (job->source_name);
  g_free (job->table);
  g_free (job->sql);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_object (&job->cancellable);
  g_free (job);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DbJob, db_job_free)

static DbJob *
db_job_new (KpiDataset     *self,
            KpiDatabase    *db,
            const char     *table,
            const char     *sql,
            KpiLoadOptions *options,
            GCancellable   *cancellable)
{
  DbJob *job = g_new0 (DbJob, 1);
  const char *name;

  job->dataset = g_object_ref (self);
  job->db = g_object_ref (db);
  if (options != NULL)
    job->options = kpi_load_options_copy (options);
  else
    {
      /* Without options, the dataset's own time column name */
      job->options = kpi_load_options_new ();
      kpi_load_options_set_time_column (job->options, kpi_dataset_get_time_column (self), NULL);
    }
  name = kpi_load_options_get_source_name (job->options);
  job->source_name = name != NULL ? kpi_text_for_message (name, -1, 0)
                                  : g_strdup (kpi_database_get_name (db));
  job->schema = kpi_dataset_dup_schema (self);
  job->table = g_strdup (table);
  job->sql = g_strdup (sql);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  return job;
}

typedef struct
{
  KpiDataset *dataset;
  guint64     done;
} Progress;

static gboolean
emit_progress_idle (gpointer data)
{
  Progress *p = data;

  kpi_dataset_emit_load_progress (p->dataset, p->done, 0);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->dataset);
  g_free (p);
}

static void
job_progress (gsize    done,
              gsize    total,
              gpointer user_data)
{
  DbJob *job = user_data;
  GSource *source;
  Progress *p;

  if (job->context == NULL)
    {
      kpi_dataset_emit_load_progress (job->dataset, done, 0);
      return;
    }
  /* Through a source of the caller's context, never at once (see
   * kpi-dataset-load.c) */
  p = g_new (Progress, 1);
  p->dataset = g_object_ref (job->dataset);
  p->done = done;
  source = g_idle_source_new ();
  g_source_set_priority (source, job->io_priority);
  g_source_set_callback (source, emit_progress_idle, p, progress_free);
  g_source_set_static_name (source, "[kpi] database load progress");
  g_source_attach (source, job->context);
  g_source_unref (source);
}

/* The parse of a job: may run in a thread */
static KpiTable *
db_job_run (DbJob   *job,
            GError **error)
{
  KpiLoadContext ctx = { 0 };

  ctx.source_name = job->source_name;
  ctx.options = job->options;
  ctx.existing = job->schema;
  ctx.cancellable = job->cancellable;
  ctx.progress = job_progress;
  ctx.progress_data = job;
  return kpi_database_table_parse (&ctx, job->db, job->table, job->sql, error);
}

/* "crm: table “orders”" or "crm: query", for the commit's messages */
static char *
job_where (DbJob *job)
{
  g_autofree char *shown = NULL;

  if (job->table == NULL)
    return g_strdup_printf ("%s: query", job->source_name);
  shown = kpi_text_for_message (job->table, -1, KPI_MESSAGE_QUOTE_CHARS);
  return g_strdup_printf ("%s: table “%s”", job->source_name, shown);
}

static gboolean
db_job_commit (DbJob     *job,
               KpiTable  *parsed,
               GError   **error)
{
  g_autofree char *where = job_where (job);
  gint64 start, end;

  kpi_load_options_get_coverage (job->options, &start, &end);
  return kpi_dataset_commit_table (job->dataset, parsed, where, start, end,
                                   kpi_load_options_get_data_as_of (job->options), error);
}

static gboolean
load_sync (DbJob   *job,
           GError **error)
{
  KpiTable *parsed = db_job_run (job, error);

  return parsed != NULL && db_job_commit (job, parsed, error);
}

/**
 * kpi_dataset_load_table:
 * @self: a dataset
 * @database: the database to read
 * @table: the name of a table or view of @database, as it is stored (no
 *   quoting: any name is a name)
 * @options: (nullable): how to read it, or %NULL for the defaults
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads every row of a table or view of a database and appends them to the
 * dataset, all or nothing, as [method@Kpi.Dataset.load_file] loads a CSV
 * file: an empty dataset takes the table's columns, a dataset with columns
 * needs the same.
 *
 * The time column is named by [property@Kpi.LoadOptions:time-column] (the
 * dataset's when @options is %NULL); it holds ISO 8601 text, seconds since
 * the Unix epoch, or PostgreSQL dates and timestamps (those without a time
 * zone in [property@Kpi.LoadOptions:time-zone]). The options' forced kinds
 * and the dataset's columns win; then PostgreSQL's types decide: numbers
 * (and booleans, as 1 and 0) are measures, text and other types dimensions.
 * An SQLite column is a measure when every value is NULL, a number or text
 * that reads as one, else a dimension, as a CSV column is.
 *
 * Errors name the source (the database, or
 * [property@Kpi.LoadOptions:source-name]), the table, the row (the value of
 * a single-column primary key, else SQLite's rowid, else its number in the
 * order read) and the column: `crm: table “orders”, row order_id=17, column
 * “amount”: invalid number “n/a” in a measure column: …`. A table that is
 * not there is %G_IO_ERROR_NOT_FOUND, with a near miss among the
 * database's tables.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_load_table (KpiDataset      *self,
                        KpiDatabase     *database,
                        const char      *table,
                        KpiLoadOptions  *options,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_autoptr(DbJob) job = NULL;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (KPI_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  job = db_job_new (self, database, table, NULL, options, cancellable);
  return load_sync (job, error);
}

/**
 * kpi_dataset_load_query:
 * @self: a dataset
 * @database: the database to read
 * @sql: a query (one SELECT statement) in the SQL of @database
 * @options: (nullable): how to read it, or %NULL for the defaults
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads the rows of a query: see [method@Kpi.Dataset.load_table]. Rows are
 * named in messages by their number in the order read. SQL the database
 * refuses is %KPI_DATASET_ERROR_PARSE, quoting the database's message.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_load_query (KpiDataset      *self,
                        KpiDatabase     *database,
                        const char      *sql,
                        KpiLoadOptions  *options,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_autoptr(DbJob) job = NULL;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (KPI_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);
  g_return_val_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  job = db_job_new (self, database, NULL, sql, options, cancellable);
  return load_sync (job, error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  KpiTable *parsed = db_job_run (task_data, &error);

  if (parsed == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, parsed, (GDestroyNotify) kpi_table_free);
}

static void
load_async (DbJob               *job,
            int                  io_priority,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (job->dataset, job->cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_priority (task, io_priority);
  job->context = g_main_context_ref_thread_default ();
  job->io_priority = io_priority;
  g_task_set_task_data (task, job, (GDestroyNotify) db_job_free);
  g_task_run_in_thread (task, load_thread);
}

static gboolean
load_finish (KpiDataset    *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  GTask *task = G_TASK (result);
  KpiTable *parsed;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (task) == source_tag, FALSE);

  parsed = g_task_propagate_pointer (task, error);
  if (parsed == NULL)
    return FALSE;
  /* The dataset may have changed while the thread ran: the commit checks
   * again, in the caller's thread. */
  return db_job_commit (g_task_get_task_data (task), parsed, error);
}

/**
 * kpi_dataset_load_table_async:
 * @self: a dataset
 * @database: the database to read
 * @table: the name of a table or view of @database
 * @options: (nullable): how to read it, or %NULL for the defaults
 * @io_priority: the I/O priority of the request, such as %G_PRIORITY_DEFAULT
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the rows have been read
 * @user_data: data for @callback
 *
 * Reads the rows of a table in a worker thread: see
 * [method@Kpi.Dataset.load_table]. [signal@Kpi.Dataset::load-progress] is
 * emitted in the thread-default main context of this call with the rows
 * read so far (the total is not known: 0). The rows are added by
 * [method@Kpi.Dataset.load_table_finish], which @callback must call.
 * Queries of other threads on @database wait until the rows are read.
 *
 * Since: 0.1
 */
void
kpi_dataset_load_table_async (KpiDataset          *self,
                              KpiDatabase         *database,
                              const char          *table,
                              KpiLoadOptions      *options,
                              int                  io_priority,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (KPI_IS_DATASET (self));
  g_return_if_fail (KPI_IS_DATABASE (database));
  g_return_if_fail (table != NULL);
  g_return_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  load_async (db_job_new (self, database, table, NULL, options, cancellable), io_priority,
              callback, user_data, kpi_dataset_load_table_async);
}

/**
 * kpi_dataset_load_table_finish:
 * @self: a dataset
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Kpi.Dataset.load_table_async]: adds the rows to the
 * dataset, or leaves it unchanged and sets @error.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_load_table_finish (KpiDataset    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  return load_finish (self, result, kpi_dataset_load_table_async, error);
}

/**
 * kpi_dataset_load_query_async:
 * @self: a dataset
 * @database: the database to read
 * @sql: a query in the SQL of @database
 * @options: (nullable): how to read it, or %NULL for the defaults
 * @io_priority: the I/O priority of the request, such as %G_PRIORITY_DEFAULT
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the rows have been read
 * @user_data: data for @callback
 *
 * Reads the rows of a query in a worker thread: see
 * [method@Kpi.Dataset.load_table_async].
 *
 * Since: 0.1
 */
void
kpi_dataset_load_query_async (KpiDataset          *self,
                              KpiDatabase         *database,
                              const char          *sql,
                              KpiLoadOptions      *options,
                              int                  io_priority,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (KPI_IS_DATASET (self));
  g_return_if_fail (KPI_IS_DATABASE (database));
  g_return_if_fail (sql != NULL);
  g_return_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  load_async (db_job_new (self, database, NULL, sql, options, cancellable), io_priority,
              callback, user_data, kpi_dataset_load_query_async);
}

/**
 * kpi_dataset_load_query_finish:
 * @self: a dataset
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Kpi.Dataset.load_query_async].
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_load_query_finish (KpiDataset    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  return load_finish (self, result, kpi_dataset_load_query_async, error);
}

/* ------------------------------------------------------------------------ */
/* Attaching */

/* The way the time column is stored, from its declared type (PostgreSQL)
 * or the first value (SQLite, whose kpi_time_us() reads every kind). */
static gboolean
time_kind_of (DbLoad          *load,
              KpiSqlTimeKind  *kind,
              GError         **error)
{
  guint i = load->first + load->time_column;
  const char *decl = kpi_sql_cursor_get_column_decl (load->cursor, i);
  KpiTable *table = load->table_built;

  if (load->dialect == KPI_SQL_DIALECT_SQLITE)
    {
      g_autofree char *upper = g_ascii_strup (decl, -1);

      /* The first rows read as times: their storage says it */
      *kind = table != NULL && table->n_rows > 0 && !has_text_affinity (decl) &&
              (strstr (upper, "INT") != NULL || strstr (upper, "REAL") != NULL ||
               strstr (upper, "FLOA") != NULL || strstr (upper, "DOUB") != NULL)
              ? KPI_SQL_TIME_EPOCH : KPI_SQL_TIME_TEXT;
      return TRUE;
    }
  if (strcmp (decl, "date") == 0)
    *kind = KPI_SQL_TIME_DATE;
  else if (strcmp (decl, "timestamp without time zone") == 0)
    *kind = KPI_SQL_TIME_TIMESTAMP;
  else if (strcmp (decl, "timestamp with time zone") == 0)
    *kind = KPI_SQL_TIME_TIMESTAMPTZ;
  else if (pg_kind (decl) == KPI_COLUMN_MEASURE && strcmp (decl, "boolean") != 0)
    *kind = KPI_SQL_TIME_EPOCH;
  else if (strcmp (decl, "text") == 0 || strcmp (decl, "character varying") == 0 ||
           strcmp (decl, "character") == 0)
    *kind = KPI_SQL_TIME_TEXT;
  else
    {
      set_relation_error (load, error, KPI_DATASET_ERROR_INVALID_TIME,
                          "the time column “%s” is of type %s: expected a date, a "
                          "timestamp, ISO 8601 text or seconds since the Unix epoch",
                          load->columns[load->time_column].name,
                          decl[0] != '\0' ? decl : "unknown");
      return FALSE;
    }
  return TRUE;
}

/* The distinct values of dimension @column of the relation into its
 * dictionary, or FALSE in *bounded when they are too many to keep. */
static gboolean
fill_dictionary (DbLoad     *load,
                 DbColumn   *column,
                 gboolean   *bounded,
                 GError    **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT DISTINCT ");
  g_autoptr(GArray) params = kpi_sql_params_new ();
  g_autoptr(KpiSqlCursor) cursor = NULL;
  GError *local_error = NULL;
  guint n = 0;

  /* SQLite: the values as text, as the loader and a pushed-down query read
   * them, since DISTINCT compares the numbers of a column that mixes
   * storage classes as numbers (0 and 0.0 are one value, two texts); BLOBs
   * are no dimension values */
  if (load->dialect == KPI_SQL_DIALECT_SQLITE)
    g_string_append (sql, "CAST(");
  kpi_sql_add_identifier (sql, column->name);
  if (load->dialect == KPI_SQL_DIALECT_SQLITE)
    g_string_append (sql, " AS TEXT)");
  g_string_append_printf (sql, " FROM %s WHERE ", load->relation);
  kpi_sql_add_identifier (sql, column->name);
  g_string_append (sql, " IS NOT NULL");
  if (load->dialect == KPI_SQL_DIALECT_SQLITE)
    {
      g_string_append (sql, " AND typeof(");
      kpi_sql_add_identifier (sql, column->name);
      g_string_append (sql, ") <> 'blob'");
    }
  g_string_append (sql, " ORDER BY 1 LIMIT ");
  kpi_sql_add_int (sql, load->dialect, params, MAX_DICTIONARY + 1);
  cursor = kpi_database_query (load->db, sql->str, params, load->ctx->cancellable, error);
  if (cursor == NULL)
    return FALSE;
  *bounded = TRUE;
  while (kpi_sql_cursor_next (cursor, &local_error))
    {
      gsize len = 0;
      const char *text;
      guint32 code;

      if (++n > MAX_DICTIONARY)
        {
          /* Too many to break down by: no dictionary at all, rather than
           * part of one */
          KpiDict *empty = kpi_dict_new ();

          kpi_dict_free (column->column->dict);
          column->column->dict = empty;
          *bounded = FALSE;
          return TRUE;
        }
      if (kpi_sql_cursor_is_blob (cursor, 0))
        continue;
      text = kpi_sql_cursor_get_text (cursor, 0, &len);
      if (text == NULL || len == 0)
        continue;
      if (!kpi_dict_intern (column->column->dict, text, len, &code))
        {
          g_autofree char *shown = kpi_text_for_message (text, (gssize) len,
                                                         KPI_MESSAGE_QUOTE_CHARS);

          set_relation_error (load, error, KPI_DATASET_ERROR_ENCODING,
                              "column “%s”: “%s” is not valid UTF-8 text or holds a NUL "
                              "byte: expected UTF-8 text", column->name, shown);
          return FALSE;
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* The span of the relation's times, through kpi_sql_add_time_us() (the
 * reading a pushed-down formula makes of them) */
static gboolean
time_span (DbLoad                 *load,
           const KpiDatasetRemote *remote,
           gboolean               *has_rows,
           gint64                 *min_time,
           gint64                 *max_time,
           GError                **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT min(t), max(t) FROM (SELECT ");
  g_autoptr(GArray) params = kpi_sql_params_new ();
  g_autoptr(KpiSqlCursor) cursor = NULL;
  GError *local_error = NULL;

  kpi_sql_add_time_us (sql, remote, params);
  g_string_append_printf (sql, " AS t FROM %s) AS kpi_t", remote->relation);
  cursor = kpi_database_query (load->db, sql->str, params, load->ctx->cancellable, error);
  if (cursor == NULL)
    return FALSE;
  if (!kpi_sql_cursor_next (cursor, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      *has_rows = FALSE;
      return TRUE;
    }
  *has_rows = kpi_sql_cursor_get_type (cursor, 0) != KPI_SQL_NULL;
  *min_time = kpi_sql_cursor_get_int (cursor, 0);
  *max_time = kpi_sql_cursor_get_int (cursor, 1);
  return TRUE;
}

static gboolean
attach (KpiDataset      *self,
        KpiDatabase     *database,
        const char      *table,
        const char      *sql,
        KpiLoadOptions  *options,
        GCancellable    *cancellable,
        GError         **error)
{
  g_autoptr(DbJob) job = db_job_new (self, database, table, sql, options, cancellable);
  KpiLoadContext ctx = { 0 };
  DbLoad load = { 0 };
  KpiDatasetRemote *remote = NULL;
  KpiSqlTimeKind time_kind = KPI_SQL_TIME_TEXT;
  g_autofree char *where = NULL;
  gboolean has_rows = FALSE;
  gint64 min_time = 0, max_time = 0;
  gint64 start, end;
  GTimeZone *zone;

  ctx.source_name = job->source_name;
  ctx.options = job->options;
  ctx.existing = job->schema;
  ctx.cancellable = cancellable;
  /* The first rows only, for the kinds of SQLite's columns; PostgreSQL's
   * types decide, and one row tells whether the times read. */
  load.sample = kpi_database_get_dialect (database) == KPI_SQL_DIALECT_SQLITE ? SAMPLE_ROWS : 1;
  if (!load_run (&load, &ctx, database, table, sql, error))
    goto failed;
  /* A cursor for the declared types of the columns */
  {
    g_autofree char *describe = g_strdup_printf ("SELECT * FROM %s LIMIT 0", load.relation);

    load.cursor = kpi_database_query (database, describe, NULL, cancellable, error);
    if (load.cursor == NULL || !time_kind_of (&load, &time_kind, error))
      goto failed;
    g_clear_pointer (&load.cursor, kpi_sql_cursor_free);
  }

  remote = g_new0 (KpiDatasetRemote, 1);
  remote->db = g_object_ref (database);
  remote->relation = g_strdup (load.relation);
  remote->time_column = g_strdup (load.columns[load.time_column].name);
  remote->time_kind = time_kind;
  zone = kpi_load_options_get_time_zone (job->options);
  remote->time_zone = zone != NULL ? g_time_zone_ref (zone) : g_time_zone_new_utc ();
  remote->text_measures = g_ptr_array_new_with_free_func (g_free);
  remote->unbounded_dimensions = g_ptr_array_new_with_free_func (g_free);
  remote->table = g_strdup (table);
  remote->sql = g_strdup (sql);
  remote->what = g_strdup (load.what);
  remote->source_name = g_strdup (job->source_name);
  remote->options = g_object_ref (job->options);

  /* The rows of the sample go: the columns stay, the dictionaries are
   * the relation's */
  {
    KpiTable *columns = kpi_table_new (load.time_name);

    for (guint i = 0; i < load.n_columns; i++)
      {
        DbColumn *c = &load.columns[i];

        if (i == load.time_column)
          continue;
        c->column = kpi_table_column (columns, kpi_table_add_column (columns, c->name, c->kind));
        if (c->kind == KPI_COLUMN_MEASURE && (c->seen_text || c->text_type))
          g_ptr_array_add (remote->text_measures, g_strdup (c->name));
      }
    g_clear_pointer (&load.table_built, kpi_table_free);
    load.table_built = columns;
  }
  for (guint i = 0; i < load.n_columns; i++)
    {
      DbColumn *c = &load.columns[i];
      gboolean bounded = TRUE;

      if (c->kind != KPI_COLUMN_DIMENSION)
        continue;
      if (!fill_dictionary (&load, c, &bounded, error))
        goto failed;
      if (!bounded)
        g_ptr_array_add (remote->unbounded_dimensions, g_strdup (c->name));
      kpi_dict_build_index (c->column->dict);
    }
  if (!time_span (&load, remote, &has_rows, &min_time, &max_time, error))
    goto failed;

  kpi_load_options_get_coverage (job->options, &start, &end);
  where = job_where (job);
  g_free (remote->source_name);
  remote->source_name = g_strdup (where);
  if (!kpi_dataset_commit_remote (self, g_steal_pointer (&load.table_built),
                                  g_steal_pointer (&remote), has_rows, min_time, max_time,
                                  start, end, kpi_load_options_get_data_as_of (job->options),
                                  error))
    goto failed;
  load_clear (&load);
  return TRUE;

failed:
  kpi_dataset_remote_free (remote);
  load_clear (&load);
  return FALSE;
}

/**
 * kpi_dataset_attach_table:
 * @self: a dataset without rows
 * @database: the database the rows are in
 * @table: the name of a table or view of @database
 * @options: (nullable): how to read it, or %NULL for the defaults
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Attaches a dataset to a table of a database, without reading its rows:
 * formulas over the dataset are then evaluated in the database (see
 * [property@Kpi.Dataset:pushdown]), and [method@Kpi.Dataset.fetch] loads
 * the rows when they are wanted in memory.
 *
 * The dataset takes the table's columns, of the kinds a load would give
 * them ([method@Kpi.Dataset.load_table]; an SQLite column's kind is judged
 * on its first 1000 rows); each dimension's dictionary holds its distinct
 * values (a dimension of more than 100 000 has none: it can be counted, not
 * broken down by); its time range is the table's, which gives the
 * coverage unless @options sets one. Rows cannot be appended to an
 * attached dataset (%KPI_DATASET_ERROR_ATTACHED).
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_attach_table (KpiDataset      *self,
                          KpiDatabase     *database,
                          const char      *table,
                          KpiLoadOptions  *options,
                          GCancellable    *cancellable,
                          GError         **error)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (KPI_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return attach (self, database, table, NULL, options, cancellable, error);
}

/**
 * kpi_dataset_attach_query:
 * @self: a dataset without rows
 * @database: the database the rows are in
 * @sql: a query (one SELECT statement) in the SQL of @database
 * @options: (nullable): how to read it, or %NULL for the defaults
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Attaches a dataset to the rows of a query, without reading them: see
 * [method@Kpi.Dataset.attach_table]. The query runs as a subquery of
 * every evaluation.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_attach_query (KpiDataset      *self,
                          KpiDatabase     *database,
                          const char      *sql,
                          KpiLoadOptions  *options,
                          GCancellable    *cancellable,
                          GError         **error)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (KPI_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);
  g_return_val_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return attach (self, database, NULL, sql, options, cancellable, error);
}

/**
 * kpi_dataset_fetch:
 * @self: a dataset attached to a database
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads the rows of the table or query a dataset is attached to
 * ([method@Kpi.Dataset.attach_table]), as [method@Kpi.Dataset.load_table]
 * with the options of the attach would. The dataset is then an ordinary
 * dataset of rows in memory: [method@Kpi.Dataset.get_database] gives
 * %NULL. On failure it stays attached, without rows.
 *
 * Returns: %TRUE on success (also for a dataset that is not attached:
 *   nothing to do)
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_fetch (KpiDataset    *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  KpiDatasetRemote *remote;
  g_autoptr(DbJob) job = NULL;
  KpiTable *parsed;
  gboolean ok;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (kpi_dataset_get_remote (self) == NULL)
    return TRUE;
  {
    const KpiDatasetRemote *r = kpi_dataset_get_remote (self);

    job = db_job_new (self, r->db, r->table, r->sql, r->options, cancellable);
  }
  /* The dataset's columns give the kinds, as they did at the attach */
  parsed = db_job_run (job, error);
  if (parsed == NULL)
    return FALSE;
  remote = kpi_dataset_steal_remote (self);
  if (remote == NULL)
    {
      kpi_table_free (parsed);
      return TRUE;       /* another thread fetched meanwhile */
    }
  ok = db_job_commit (job, parsed, error);
  if (ok)
    kpi_dataset_remote_free (remote);
  else
    kpi_dataset_restore_remote (self, remote);
  return ok;
}
