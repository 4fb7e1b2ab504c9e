/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-json.c: the JSON and JSON Lines loaders.
 *
 * json-glib builds the tree.  Column kinds depend on every row (a column is
 * a measure only when no row holds a string in it), so the whole document
 * is parsed first, the kinds are decided in a first walk over the rows, and
 * the table is filled in a second one.
 *
 * json-glib 1.6 is lenient in ways that would lose data without a word: it
 * wraps integers beyond 64 bits (hexadecimal ones too, which it accepts),
 * cuts strings at an escaped NUL, ignores a second top-level array or object
 * after the first, and recurses without a limit (a deep enough nesting
 * overflows the stack).  scan_text() looks for these in the raw text, so
 * that they become errors. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "kpi-json-private.h"
#include "kpi-load-options-private.h"
#include "kpi-parse-private.h"
#include "kpi-util-private.h"

/* Rows (or lines) between two looks at the cancellable */
#define CHECK_EVERY 4096
/* Bytes between two progress reports: the dataset promises about one per
 * megabyte. */
#define PROGRESS_STEP (1024 * 1024)
/* Rows are objects of plain values in an array: depth 2.  Anything deeper is
 * an error anyway; the limit only keeps json-glib's recursion off deep
 * nestings, which would overflow the stack (of a worker thread first). */
#define MAX_DEPTH 64
/* Characters of a value quoted in a message */
#define QUOTE_MAX 60

typedef struct
{
  const KpiLoadContext *ctx;
  const char           *source;        /* ctx->source_name, never NULL */
  const char           *data;
  gsize                 length;
  gboolean              json_lines;

  GPtrArray            *nodes;         /* JsonNode*: the parsed roots, owned */
  GPtrArray            *rows;          /* JsonObject*: one per row, owned refs */
  GArray               *lines;         /* gsize: the line of each row (JSON Lines) */

  gsize                 progress_next; /* next offset worth a report */
  /* json-glib reports its position as a line and a byte in that line:
   * a cursor on the start of a line turns that into an offset. */
  gsize                 cursor_line;
  gsize                 cursor_offset;
} JsonLoad;

typedef struct
{
  const char    *name;        /* owned by the first row that has it */
  gboolean       is_time;
  gboolean       has_string;  /* a non-empty string: a dimension, unless forced */
  KpiColumnKind  kind;
  guint          index;       /* in the table */
  /* Measures: declared as percentages; the currency of the first string
   * amount that had one, and its row */
  gboolean       percent;
  const char    *currency;
  guint          currency_row;
} JsonColumn;

/* How strings of measures are read: the options' separators */
typedef struct
{
  char decimal;
  char thousands;
} JsonNumbers;

/* ------------------------------------------------------------------------ */
/* Messages */

static const char *
node_description (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    default:
      return "a number";
    }
}

/* “text”, cut to QUOTE_MAX characters; the text may be invalid UTF-8 (a
 * lone surrogate escape makes json-glib produce some) and a message may not. */
static char *
quote_text (const char *text,
            gssize      len)
{
  g_autofree char *shown = kpi_text_for_message (text, len, QUOTE_MAX);

  return g_strdup_printf ("“%s”", shown);
}

/* A member in JSONPath: .name when it is a plain identifier, ["…"]
 * otherwise, so that the path can be pasted into a JSONPath tool. */
static void
append_member (GString    *path,
               const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name, -1);
  gboolean plain = g_ascii_isalpha (valid[0]) || valid[0] == '_';

  for (const char *p = valid; plain && *p != '\0'; p++)
    plain = g_ascii_isalnum (*p) || *p == '_';
  if (plain)
    {
      g_string_append_c (path, '.');
      g_string_append (path, valid);
      return;
    }
  g_string_append (path, "[\"");
  for (const char *p = valid; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (path, '\\');
      if ((guchar) *p < 0x20)
        g_string_append_printf (path, "\\u%04x", (guint) (guchar) *p);
      else
        g_string_append_c (path, *p);
    }
  g_string_append (path, "\"]");
}

/* "orders.json: $[12].date: …" or "orders.jsonl:13: $.date: …" (rows of
 * JSON Lines are named by their line, which an editor can jump to). */
static void G_GNUC_PRINTF (6, 7)
set_row_error (JsonLoad         *load,
               GError          **error,
               KpiDatasetError   code,
               guint             row,
               const char       *member,
               const char       *format,
               ...)
{
  g_autoptr(GString) where = g_string_new (load->source);
  g_autofree char *what = NULL;
  va_list args;

  if (load->json_lines)
    g_string_append_printf (where, ":%" G_GSIZE_FORMAT ": $",
                            g_array_index (load->lines, gsize, row));
  else
    g_string_append_printf (where, ": $[%u]", row);
  if (member != NULL)
    append_member (where, member);

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, KPI_DATASET_ERROR, code, "%s: %s", where->str, what);
}

/* Line (from @first_line) and column (in characters, from 1) of @offset in
 * @text, the UTF-8 of which is valid before @offset. */
static void
text_position (const char *text,
               gsize       offset,
               gsize       first_line,
               gsize      *line,
               gsize      *column)
{
  const char *p = text;
  const char *end = text + offset;
  const char *nl;

  *line = first_line;
  while ((nl = memchr (p, '\n', end - p)) != NULL)
    {
      (*line)++;
      p = nl + 1;
    }
  *column = 1 + g_utf8_strlen (p, end - p);
}

/* "orders.json:3:14: …" */
static void G_GNUC_PRINTF (7, 8)
set_position_error (JsonLoad         *load,
                    GError          **error,
                    KpiDatasetError   code,
                    const char       *text,
                    gsize             offset,
                    gsize             first_line,
                    const char       *format,
                    ...)
{
  g_autofree char *what = NULL;
  gsize line, column;
  va_list args;

  text_position (text, offset, first_line, &line, &column);
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, KPI_DATASET_ERROR, code,
               "%s:%" G_GSIZE_FORMAT ":%" G_GSIZE_FORMAT ": %s",
               load->source, line, column, what);
}

/* json-glib says "<data>:LINE:COLUMN: Parse error: …", LINE counting from
 * the start of the text it was given (a single line, for JSON Lines): put
 * the source's name and the line in the data in its place, and drop
 * "Parse error: " (messages say what was found, in lower case). */
static void
set_syntax_error (JsonLoad      *load,
                  GError       **error,
                  const GError  *json_error,
                  gsize          first_line)
{
  guint64 line, column;
  g_autofree char *what = kpi_json_parse_error_split (json_error, &line, &column);

  if (line > 0)
    g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE,
                 "%s:%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ": %s",
                 load->source, (guint64) first_line + line - 1, column, what);
  /* Some other wording (a translation): kept whole. */
  else if (load->json_lines)
    g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE,
                 "%s:%" G_GSIZE_FORMAT ": %s", load->source, first_line, what);
  else
    g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE,
                 "%s: %s", load->source, what);
}

/* ------------------------------------------------------------------------ */
/* Progress and cancellation */

static void
report_progress (JsonLoad *load,
                 gsize     done)
{
  /* The last report, done == length, is made once the table is complete. */
  if (load->ctx->progress == NULL || done < load->progress_next || done >= load->length)
    return;
  load->ctx->progress (done, load->length, load->ctx->progress_data);
  load->progress_next = done + PROGRESS_STEP;
}

/* json-glib parses a whole document in one call: its "array-element"
 * signal is the only way to know how far it has got.  Elements of nested
 * arrays report too, which does no harm. */
static void
on_array_element (JsonParser *parser,
                  JsonArray  *array,
                  int         index,
                  gpointer    user_data)
{
  JsonLoad *load = user_data;
  gsize line = json_parser_get_current_line (parser);
  gsize pos = json_parser_get_current_pos (parser);

  while (load->cursor_line < line)
    {
      const char *nl = memchr (load->data + load->cursor_offset, '\n',
                               load->length - load->cursor_offset);
      if (nl == NULL)
        break;
      load->cursor_offset = nl - load->data + 1;
      load->cursor_line++;
    }
  report_progress (load, MIN (load->cursor_offset + pos, load->length));
}

static inline gboolean
check_cancelled (JsonLoad  *load,
                 gsize      count,
                 GError   **error)
{
  return count % CHECK_EVERY == 0 &&
         g_cancellable_set_error_if_cancelled (load->ctx->cancellable, error);
}

/* ------------------------------------------------------------------------ */
/* The raw text */

static gboolean
is_blank (const char *text,
          gsize       len)
{
  gsize i = 0;

  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  for (; i < len; i++)
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
      return FALSE;
  return TRUE;
}

typedef enum
{
  SCAN_OK,
  SCAN_TOO_DEEP,
  SCAN_BIG_INTEGER,
  SCAN_HEX,
  SCAN_NUL,
  SCAN_TRAILING,
} ScanIssue;

typedef struct
{
  ScanIssue issue;         /* the first one found, but SCAN_TOO_DEEP wins */
  gsize     offset;
  gsize     length;        /* of the number */
  gsize     parse_length;  /* up to the end of the first top-level value */
} Scan;

/* json-glib 1.6 reads an integer into a gint64 without looking at overflow:
 * 9223372036854775808 becomes -9223372036854775808. */
static gboolean
integer_fits (const char *digits,
              gsize       n,
              gboolean    negative)
{
  while (n > 1 && *digits == '0')
    digits++, n--;
  if (n != 19)
    return n < 19;
  return memcmp (digits, negative ? "9223372036854775808" : "9223372036854775807", 19) <= 0;
}

/* Looks at the text json-glib is about to parse for what it would get
 * wrong (see the top of the file).  Runs before the parse, so that the text
 * may be malformed: then json-glib reports its error and the other issues
 * are not reported.  Strings in single quotes and C comments are skipped
 * as json-glib skips them (it knows no other comments). */
static void
scan_text (const char *text,
           gsize       len,
           Scan       *scan)
{
  gsize i = 0;
  guint depth = 0;
  gboolean ended = FALSE;     /* the top-level value is complete */
  gboolean minus = FALSE;     /* the last token was a '-' ... */
  gsize minus_at = 0;         /* ... there */

  scan->issue = SCAN_OK;
  scan->parse_length = len;
  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    i = 3;

  while (i < len)
    {
      guchar c = text[i];
      gsize start = i;

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          i++;
          continue;
        }
      if (c == '/' && i + 1 < len && text[i + 1] == '*')
        {
          const char *close = g_strstr_len (text + i + 2, len - i - 2, "*/");
          i = close != NULL ? (gsize) (close - text) + 2 : len;
          continue;
        }

      /* What follows is not given to json-glib (it would parse it, drop it
       * and leak it): nothing more to look for. */
      if (ended)
        {
          if (scan->issue == SCAN_OK)
            {
              scan->issue = SCAN_TRAILING;
              scan->offset = i;
            }
          scan->parse_length = i;
          return;
        }

      if (c == '\'')
        {
          /* json-glib takes no escapes in single quotes */
          const char *close = memchr (text + i + 1, '\'', len - i - 1);
          i = close != NULL ? (gsize) (close - text) + 1 : len;
          minus = FALSE;
          ended = depth == 0;
          continue;
        }
      if (c == '"')
        {
          for (i++; i < len && text[i] != '"'; i++)
            {
              if (text[i] != '\\')
                continue;
              if (i + 5 < len && text[i + 1] == 'u' &&
                  memcmp (text + i + 2, "0000", 4) == 0 && scan->issue == SCAN_OK)
                {
                  scan->issue = SCAN_NUL;
                  scan->offset = i;
                }
              i++;  /* the escaped character */
            }
          i++;  /* the closing quote */
          minus = FALSE;
          ended = depth == 0;
          continue;
        }

      if (c == '[' || c == '{')
        {
          if (++depth > MAX_DEPTH)
            {
              scan->issue = SCAN_TOO_DEEP;
              scan->offset = i;
              return;
            }
        }
      else if (c == ']' || c == '}')
        {
          if (depth > 0 && --depth == 0)
            ended = TRUE;
        }
      else if (g_ascii_isalnum (c) || c == '.')
        {
          gboolean digits_only = TRUE;

          /* A number (with its exponent sign), or a word */
          for (; i < len; i++)
            {
              char d = text[i];
              if (g_ascii_isalnum (d) || d == '.' ||
                  ((d == '+' || d == '-') && (text[i - 1] == 'e' || text[i - 1] == 'E')))
                digits_only = digits_only && g_ascii_isdigit (d);
              else
                break;
            }
          if (scan->issue == SCAN_OK &&
              ((digits_only && !integer_fits (text + start, i - start, minus)) ||
               (i - start > 1 && c == '0' && (text[start + 1] == 'x' || text[start + 1] == 'X'))))
            {
              scan->issue = digits_only ? SCAN_BIG_INTEGER : SCAN_HEX;
              scan->offset = minus ? minus_at : start;
              scan->length = i - scan->offset;
            }
          minus = FALSE;
          ended = depth == 0;
          continue;
        }

      minus = c == '-';
      minus_at = i;
      i++;
    }
}

/* Parses one JSON text (the document, or one line of JSON Lines) into
 * @root: NULL without an error when the text holds nothing but white space
 * and comments. */
static gboolean
parse_text (JsonLoad    *load,
            JsonParser  *parser,
            const char  *text,
            gsize        len,
            gsize        first_line,
            JsonNode   **root,
            GError     **error)
{
  g_autoptr(GError) json_error = NULL;
  g_autofree char *quoted = NULL;
  Scan scan = { SCAN_OK, 0, 0, 0 };

  *root = NULL;
  scan_text (text, len, &scan);
  if (scan.issue == SCAN_TOO_DEEP)
    {
      set_position_error (load, error, KPI_DATASET_ERROR_PARSE, text, scan.offset, first_line,
                          "nesting deeper than %d levels: expected %s",
                          MAX_DEPTH, load->json_lines ? "an object of plain values"
                                                      : "an array of objects of plain values");
      return FALSE;
    }

  /* Only the first value: a syntax error after it is not worth more than
   * the "unexpected data" reported below. */
  if (!json_parser_load_from_data (parser, text, (gssize) scan.parse_length, &json_error))
    {
      set_syntax_error (load, error, json_error, first_line);
      return FALSE;
    }

  switch (scan.issue)
    {
    case SCAN_BIG_INTEGER:
      quoted = quote_text (text + scan.offset, MIN (scan.length, QUOTE_MAX + 1));
      set_position_error (load, error, KPI_DATASET_ERROR_INVALID_NUMBER, text, scan.offset, first_line,
                          "integer %s out of range: beyond 64 bits, write it with a "
                          "decimal point (as a measure) or in quotes (as a dimension)",
                          quoted);
      return FALSE;
    case SCAN_HEX:
      quoted = quote_text (text + scan.offset, MIN (scan.length, QUOTE_MAX + 1));
      set_position_error (load, error, KPI_DATASET_ERROR_PARSE, text, scan.offset, first_line,
                          "hexadecimal number %s: JSON numbers are decimal", quoted);
      return FALSE;
    case SCAN_NUL:
      set_position_error (load, error, KPI_DATASET_ERROR_ENCODING, text, scan.offset, first_line,
                          "a \\u0000 escape: strings cannot hold NUL characters");
      return FALSE;
    case SCAN_TRAILING:
      if (load->json_lines)
        set_position_error (load, error, KPI_DATASET_ERROR_PARSE, text, scan.offset, first_line,
                            "unexpected data after the first value: expected one object per line");
      else
        set_position_error (load, error, KPI_DATASET_ERROR_PARSE, text, scan.offset, first_line,
                            "unexpected data after the end of the JSON document: expected "
                            "a single array (for one object per line, load it as JSON Lines)");
      return FALSE;
    case SCAN_OK:
    case SCAN_TOO_DEEP:
    default:
      break;
    }

  *root = json_parser_steal_root (parser);
  return TRUE;
}

/* See kpi-json-private.h. The documents' readers take the big integers
 * and the \u0000 that the scan finds as json-glib reads them (a document's
 * numbers are small settings, its strings names). */
gboolean
kpi_json_parse_document (JsonParser  *parser,
                         const char  *text,
                         gssize       length,
                         guint64     *line,
                         guint64     *column,
                         char       **what)
{
  g_autoptr(GError) json_error = NULL;
  gsize len = length < 0 ? strlen (text) : (gsize) length;
  Scan scan = { SCAN_OK, 0, 0, 0 };

  scan_text (text, len, &scan);
  if (scan.issue == SCAN_TOO_DEEP || scan.issue == SCAN_TRAILING)
    {
      gsize l, c;

      text_position (text, scan.offset, 1, &l, &c);
      *line = l;
      *column = c;
      *what = scan.issue == SCAN_TOO_DEEP
        ? g_strdup_printf ("nesting deeper than %d levels", MAX_DEPTH)
        : g_strdup ("unexpected data after the first value: expected the end of the document");
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, text, (gssize) len, &json_error))
    {
      *what = kpi_json_parse_error_split (json_error, line, column);
      return FALSE;
    }
  return TRUE;
}

static gboolean
find_invalid_text (JsonNode *node,
                   GString  *path)
{
  gsize len = path->len;

  if (JSON_NODE_HOLDS_VALUE (node))
    return json_node_get_value_type (node) == G_TYPE_STRING &&
           !g_utf8_validate (json_node_get_string (node), -1, NULL);
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_string_append_printf (path, "[%u]", i);
          if (find_invalid_text (json_array_get_element (array, i), path))
            return TRUE;
          g_string_truncate (path, len);
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          if (!g_utf8_validate (l->data, -1, NULL))
            return TRUE;
          g_string_append_printf (path, ".%s", (const char *) l->data);
          if (find_invalid_text (json_object_get_member (object, l->data), path))
            return TRUE;
          g_string_truncate (path, len);
        }
    }
  return FALSE;
}

char *
kpi_json_find_invalid_text (JsonNode   *node,
                            const char *prefix)
{
  GString *path = g_string_new (prefix);

  if (node != NULL && find_invalid_text (node, path))
    {
      g_string_append (path, ": text that is not UTF-8 (an unpaired surrogate escape such as "
                       "\\ud800?): expected UTF-8 text");
      return g_string_free (path, FALSE);
    }
  g_string_free (path, TRUE);
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Reading the rows */

static gboolean
read_document (JsonLoad  *load,
               GError   **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *array;
  guint n;

  if (load->ctx->progress != NULL)
    g_signal_connect (parser, "array-element", G_CALLBACK (on_array_element), load);
  if (!parse_text (load, parser, load->data, load->length, 1, &root, error))
    return FALSE;
  if (root == NULL)
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_EMPTY,
                   "%s: no JSON value in the document: expected an array of objects",
                   load->source);
      return FALSE;
    }
  g_ptr_array_add (load->nodes, root);

  /* json-glib cannot be interrupted in the middle of a document. */
  if (g_cancellable_set_error_if_cancelled (load->ctx->cancellable, error))
    return FALSE;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE,
                   "%s: $: expected an array of objects, found %s%s",
                   load->source, node_description (root),
                   JSON_NODE_HOLDS_OBJECT (root)
                   ? " (for one object per line, load it as JSON Lines)" : "");
      return FALSE;
    }

  array = json_node_get_array (root);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          set_row_error (load, error, KPI_DATASET_ERROR_PARSE, i, NULL,
                         "expected an object (a row), found %s",
                         node_description (element));
          return FALSE;
        }
      g_ptr_array_add (load->rows, json_object_ref (json_node_get_object (element)));
    }
  return TRUE;
}

static gboolean
read_lines (JsonLoad  *load,
            GError   **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *p = load->data;
  const char *end = load->data + load->length;
  gsize line = 0;

  /* One parse per line, not one of the whole text: a line that is not an
   * object is an error of its own, and errors name the line. */
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *next = nl != NULL ? nl + 1 : end;
      gsize len = (nl != NULL ? nl : end) - p;
      JsonNode *root;

      line++;
      if (check_cancelled (load, line, error))
        return FALSE;
      if (len > 0 && p[len - 1] == '\r')
        len--;

      if (!is_blank (p, len))
        {
          if (!parse_text (load, parser, p, len, line, &root, error))
            return FALSE;
          /* A line with just a comment counts as blank. */
          if (root != NULL)
            {
              g_ptr_array_add (load->nodes, root);
              if (!JSON_NODE_HOLDS_OBJECT (root))
                {
                  g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_PARSE,
                               "%s:%" G_GSIZE_FORMAT ": $: expected an object, found %s",
                               load->source, line, node_description (root));
                  return FALSE;
                }
              g_ptr_array_add (load->rows, json_object_ref (json_node_get_object (root)));
              g_array_append_val (load->lines, line);
            }
        }

      report_progress (load, next - load->data);
      p = next;
    }

  if (load->rows->len == 0)
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_EMPTY,
                   "%s: no JSON object in the data: expected one object per line",
                   load->source);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Kinds */

/* The kind of a column: the dataset's kind when it has that column, then a
 * kind forced by the options, then what the values say. */
static KpiColumnKind
decide_kind (JsonLoad         *load,
             const JsonColumn *column)
{
  KpiTable *existing = load->ctx->existing;
  KpiColumnKind kind;

  if (existing != NULL)
    {
      int i = kpi_table_lookup (existing, column->name);
      /* A time column of another name is the dataset's problem to report,
       * when the tables are merged. */
      if (i >= 0 && kpi_table_column (existing, i)->kind != KPI_COLUMN_TIME)
        return kpi_table_column (existing, i)->kind;
    }
  if (kpi_load_options_get_column_kind (load->ctx->options, column->name, &kind) &&
      kind != KPI_COLUMN_TIME)
    return kind;
  if (kpi_load_options_get_percent_column (load->ctx->options, column->name))
    return KPI_COLUMN_MEASURE;
  return column->has_string ? KPI_COLUMN_DIMENSION : KPI_COLUMN_MEASURE;
}

/* The first walk: the columns, in order of first appearance, and what their
 * values say about their kind.  Values no column can hold are errors here. */
static gboolean
collect_columns (JsonLoad    *load,
                 const char  *time_name,
                 GArray      *columns,
                 GHashTable  *by_name,
                 GError     **error)
{
  for (guint r = 0; r < load->rows->len; r++)
    {
      JsonObject *object = g_ptr_array_index (load->rows, r);
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      if (check_cancelled (load, r, error))
        return FALSE;

      json_object_iter_init_ordered (&iter, object);
      while (json_object_iter_next_ordered (&iter, &name, &node))
        {
          gpointer p = g_hash_table_lookup (by_name, name);
          JsonColumn *column;

          if (p == NULL)
            {
              JsonColumn new_column = { 0 };

              if (name[0] == '\0')
                {
                  set_row_error (load, error, KPI_DATASET_ERROR_SCHEMA, r, name,
                                 "a member with an empty name: every column needs a name");
                  return FALSE;
                }
              if (!g_utf8_validate (name, -1, NULL))
                {
                  set_row_error (load, error, KPI_DATASET_ERROR_ENCODING, r, name,
                                 "a member name that is not valid UTF-8 "
                                 "(an unpaired surrogate escape?)");
                  return FALSE;
                }
              new_column.name = name;
              new_column.is_time = strcmp (name, time_name) == 0;
              g_array_append_val (columns, new_column);
              p = GUINT_TO_POINTER (columns->len);
              g_hash_table_insert (by_name, (gpointer) name, p);
            }
          column = &g_array_index (columns, JsonColumn, GPOINTER_TO_UINT (p) - 1);

          /* The time column has errors of its own, in the second walk. */
          if (column->is_time)
            continue;

          if (JSON_NODE_HOLDS_NULL (node))
            continue;
          if (!JSON_NODE_HOLDS_VALUE (node) ||
              json_node_get_value_type (node) == G_TYPE_BOOLEAN)
            {
              set_row_error (load, error, KPI_DATASET_ERROR_PARSE, r, name,
                             "expected a number, a string or null, found %s",
                             node_description (node));
              return FALSE;
            }
          if (json_node_get_value_type (node) == G_TYPE_DOUBLE &&
              !isfinite (json_node_get_double (node)))
            {
              set_row_error (load, error, KPI_DATASET_ERROR_INVALID_NUMBER, r, name,
                             "number out of range: beyond ±1.8e308");
              return FALSE;
            }
          /* "" is a missing value, as an empty CSV field is: it says nothing
           * about the kind (JSON exports often write "" for an empty cell). */
          if (json_node_get_value_type (node) == G_TYPE_STRING &&
              *json_node_get_string (node) != '\0')
            column->has_string = TRUE;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Values */

/* The text of a JSON number as json-glib read it: integers as written,
 * other numbers in the shortest form that reads back to the same double. */
static void
format_number (JsonNode *node,
               char      buf[G_ASCII_DTOSTR_BUF_SIZE])
{
  double value;

  if (json_node_get_value_type (node) != G_TYPE_DOUBLE)
    {
      g_snprintf (buf, G_ASCII_DTOSTR_BUF_SIZE, "%" G_GINT64_FORMAT, json_node_get_int (node));
      return;
    }
  value = json_node_get_double (node);
  g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.16g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.17g", value);
}

static gboolean
read_time (JsonLoad       *load,
           KpiTimeParser  *parser,
           guint           row,
           const char     *time_name,
           JsonNode       *node,
           gint64         *time,
           gboolean       *restart,
           GError        **error)
{
  const char *text;
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) ||
      (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
       *json_node_get_string (node) == '\0'))
    {
      set_row_error (load, error, KPI_DATASET_ERROR_INVALID_TIME, row, time_name,
                     "missing value in the time column");
      return FALSE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) &&
      (json_node_get_value_type (node) == G_TYPE_INT64 ||
       json_node_get_value_type (node) == G_TYPE_DOUBLE))
    {
      /* Spreadsheet serial dates, when the options say so */
      if (kpi_time_parser_takes_serials (parser))
        {
          if (kpi_time_parser_parse_serial (parser, json_node_get_double (node), time))
            return TRUE;
          format_number (node, number);
          set_row_error (load, error, KPI_DATASET_ERROR_INVALID_TIME, row, time_name,
                         "invalid date %s: expected %s", number,
                         kpi_time_parser_expected (parser));
          return FALSE;
        }
      /* Seconds or milliseconds since the epoch?  Guessing would be wrong
       * by a factor of 1000 for some files. */
      format_number (node, number);
      set_row_error (load, error, KPI_DATASET_ERROR_INVALID_TIME, row, time_name,
                     "expected an ISO 8601 date string, found the number %s "
                     "(a number of seconds or milliseconds is ambiguous)", number);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_row_error (load, error, KPI_DATASET_ERROR_PARSE, row, time_name,
                     "expected an ISO 8601 date string, found %s", node_description (node));
      return FALSE;
    }

  text = json_node_get_string (node);
  if (!kpi_time_parser_parse (parser, text, strlen (text), time))
    {
      g_autofree char *quoted = NULL;

      /* Numeric dates read day first so far are month first: the caller
       * reads them again */
      if (kpi_time_parser_take_restart (parser))
        {
          *restart = TRUE;
          return FALSE;
        }
      quoted = quote_text (text, -1);
      set_row_error (load, error, KPI_DATASET_ERROR_INVALID_TIME, row, time_name,
                     "invalid date %s: expected %s", quoted, kpi_time_parser_expected (parser));
      return FALSE;
    }
  return TRUE;
}

/* Where a row is, in a message that names two: "$[12]" or "line 13" */
static char *
row_place (JsonLoad *load,
           guint     row)
{
  if (load->json_lines)
    return g_strdup_printf ("line %" G_GSIZE_FORMAT, g_array_index (load->lines, gsize, row));
  return g_strdup_printf ("$[%u]", row);
}

/* A measure: a number, or a string holding one as the CSV loader reads
 * them (the options' separators, a currency, a sign, parentheses, a '%'
 * sign in a column of percentages); in a column of percentages, numbers
 * and strings alike are fractions: 12.5 is 0.125. */
static gboolean
read_measure (JsonLoad          *load,
              const JsonNumbers *numbers,
              guint              row,
              JsonColumn        *column,
              JsonNode          *node,
              double            *value,
              GError           **error)
{
  const char *name = column->name;
  const char *text;
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  KpiAmountInfo info;
  char decimal = numbers->decimal;
  char thousands = numbers->thousands;

  /* collect_columns() let only null, numbers and strings through. */
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *value = NAN;
      return TRUE;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = (double) json_node_get_int (node);
      if (!column->percent)
        return TRUE;
      /* A percentage: the number's text divided by 100, rounded once */
      format_number (node, number);
      text = number;
      decimal = '.';
      thousands = 0;
      break;
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      if (!column->percent)
        return TRUE;
      format_number (node, number);
      text = number;
      decimal = '.';
      thousands = 0;
      break;
    default:
      /* A string in a column forced to be a measure */
      text = json_node_get_string (node);
      break;
    }

  if (*text == '\0')
    {
      *value = NAN;
      return TRUE;
    }
  if (!kpi_parse_amount (text, strlen (text), decimal, thousands,
                         column->percent ? -2 : 0, value, &info))
    {
      g_autofree char *quoted = quote_text (text, -1);
      set_row_error (load, error, KPI_DATASET_ERROR_INVALID_NUMBER, row, name,
                     "invalid number %s: expected a number, or a string holding one "
                     "such as “%s”", quoted, decimal == ',' ? "12,5" : "12.5");
      return FALSE;
    }
  if (info.percent && !column->percent)
    {
      g_autofree char *quoted = quote_text (text, -1);
      set_row_error (load, error, KPI_DATASET_ERROR_INVALID_NUMBER, row, name,
                     "percentage %s: expected a number without “%%”, or the column "
                     "declared as percentages (the percent-column option)", quoted);
      return FALSE;
    }
  if (info.currency != NULL)
    {
      if (column->currency == NULL)
        {
          column->currency = info.currency;
          column->currency_row = row;
        }
      else if (strcmp (column->currency, info.currency) != 0)
        {
          g_autofree char *first = row_place (load, column->currency_row);
          g_autofree char *here = row_place (load, row);

          g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_NUMBER,
                       "%s: column “%s” mixes currencies: %s (%s) and %s (%s): "
                       "expected one currency per column", load->source, name,
                       column->currency, first, info.currency, here);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
read_dimension (JsonLoad    *load,
                guint        row,
                const char  *name,
                JsonNode    *node,
                KpiDict     *dict,
                guint32     *code,
                GError     **error)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  const char *text;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *code = KPI_DIMENSION_MISSING;
      return TRUE;
    }
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    text = json_node_get_string (node);
  else
    {
      format_number (node, number);
      text = number;
    }
  if (!kpi_dict_intern (dict, text, strlen (text), code))
    {
      g_autofree char *quoted = quote_text (text, -1);
      set_row_error (load, error, KPI_DATASET_ERROR_ENCODING, row, name,
                     "%s is not valid UTF-8 (an unpaired surrogate escape?)", quoted);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The table */

static KpiTable *
build_table (JsonLoad  *load,
             GError   **error)
{
  const char *time_name = kpi_load_options_get_time_column (load->ctx->options);
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (JsonColumn));
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  KpiTimeParser *parser = NULL;
  KpiTable *table = NULL;
  g_autofree char *message = NULL;
  KpiTable *existing = load->ctx->existing;
  gboolean has_time = FALSE;
  guint n_rows = load->rows->len;
  JsonNumbers numbers;

  if (!collect_columns (load, time_name, columns, by_name, error))
    return NULL;

  for (guint c = 0; c < columns->len; c++)
    has_time = has_time || g_array_index (columns, JsonColumn, c).is_time;
  if (n_rows > 0 && !has_time)
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_NO_TIME_COLUMN,
                   "%s: no row has a member “%s”: expected it as the time column",
                   load->source, time_name);
      return NULL;
    }

  table = kpi_table_new (time_name);
  for (guint c = 0; c < columns->len; c++)
    {
      JsonColumn *column = &g_array_index (columns, JsonColumn, c);

      if (column->is_time)
        {
          column->kind = KPI_COLUMN_TIME;
          column->index = table->time_index;
          continue;
        }
      column->kind = decide_kind (load, column);
      column->index = kpi_table_add_column (table, column->name, column->kind);
      column->percent = column->kind == KPI_COLUMN_MEASURE &&
                        kpi_load_options_get_percent_column (load->ctx->options, column->name);
    }
  /* Writers of JSON often leave out members that are null: a column of the
   * dataset that no row mentions is a column of missing values, not a
   * different schema. */
  for (guint i = 0; existing != NULL && i < kpi_table_n_columns (existing); i++)
    {
      KpiColumn *column = kpi_table_column (existing, i);

      if (column->kind != KPI_COLUMN_TIME && kpi_table_lookup (table, column->name) < 0)
        kpi_table_add_column (table, column->name, column->kind);
    }

  if (n_rows == 0)
    return table;

  /* The second walk: the values.  Missing columns of the dataset were added
   * before any row, so their cells are set here too. */
  kpi_table_reserve (table, n_rows);
  for (guint i = 0; i < kpi_table_n_columns (table); i++)
    {
      KpiColumn *column = kpi_table_column (table, i);
      if (column->kind == KPI_COLUMN_MEASURE)
        for (guint r = 0; r < n_rows; r++)
          column->values[r] = NAN;
      else if (column->kind == KPI_COLUMN_DIMENSION)
        for (guint r = 0; r < n_rows; r++)
          column->codes[r] = KPI_DIMENSION_MISSING;
    }

  numbers.decimal = kpi_load_option_char (kpi_load_options_get_decimal_separator (load->ctx->options), '.');
  numbers.thousands = kpi_load_option_char (kpi_load_options_get_thousands_separator (load->ctx->options), 0);
  parser = kpi_time_parser_new (kpi_load_options_get_time_zone (load->ctx->options));
  if (!kpi_time_parser_set_format (parser,
                                   kpi_load_options_get_date_format (load->ctx->options, time_name),
                                   kpi_load_option_char (kpi_load_options_get_decimal_separator (load->ctx->options), '.'),
                                   &message))
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION, "%s", message);
      goto fail;
    }
  for (guint r = 0; r < n_rows; r++)
    {
      JsonObject *object = g_ptr_array_index (load->rows, r);
      gsize row = table->n_rows;
      gint64 time;
      gboolean restart = FALSE;

      if (check_cancelled (load, r, error))
        goto fail;

      kpi_table_ensure_room (table);
      if (!read_time (load, parser, r, time_name,
                      json_object_get_member (object, time_name), &time, &restart, error))
        {
          if (!restart)
            goto fail;
          /* Again from the first row, the dates month first: the cells
           * are written over, the dictionaries give the same codes. */
          table->n_rows = 0;
          r = (guint) -1;
          continue;
        }
      kpi_table_column (table, table->time_index)->times[row] = time;

      for (guint c = 0; c < columns->len; c++)
        {
          JsonColumn *column = &g_array_index (columns, JsonColumn, c);
          KpiColumn *storage = kpi_table_column (table, column->index);
          JsonNode *node;

          if (column->is_time)
            continue;
          node = json_object_get_member (object, column->name);
          if (column->kind == KPI_COLUMN_MEASURE
              ? !read_measure (load, &numbers, r, column, node, &storage->values[row], error)
              : !read_dimension (load, r, column->name, node, storage->dict,
                                 &storage->codes[row], error))
            goto fail;
        }
      kpi_table_commit_row (table, time);
    }
  message = kpi_time_parser_ambiguity (parser, time_name);
  if (message != NULL)
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_TIME, "%s: %s",
                   load->source, message);
      goto fail;
    }

  kpi_time_parser_free (parser);
  for (guint c = 0; c < columns->len; c++)
    {
      JsonColumn *column = &g_array_index (columns, JsonColumn, c);

      if (column->currency != NULL)
        kpi_table_column (table, column->index)->currency = g_strdup (column->currency);
    }
  kpi_table_shrink (table);
  return table;

fail:
  kpi_time_parser_free (parser);
  kpi_table_free (table);
  return NULL;
}

KpiTable *
kpi_json_parse (const KpiLoadContext *ctx,
                const char           *data,
                gsize                 length,
                gboolean              json_lines,
                GError              **error)
{
  JsonLoad load = { 0 };
  KpiTable *table = NULL;
  const char *bad;

  g_return_val_if_fail (ctx != NULL && ctx->options != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  load.ctx = ctx;
  load.source = ctx->source_name != NULL ? ctx->source_name : "<data>";
  load.data = data != NULL ? data : "";
  load.length = length;
  load.json_lines = json_lines;
  load.progress_next = PROGRESS_STEP;
  load.cursor_line = 1;

  if (g_cancellable_set_error_if_cancelled (ctx->cancellable, error))
    return NULL;

  if (length > G_MAXSSIZE)
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_FAILED,
                   "%s: too large for the JSON parser", load.source);
      return NULL;
    }

  /* Once, before anything else: every later step may then assume UTF-8,
   * and the position of the first bad byte is easy to report. */
  if (!g_utf8_validate_len (load.data, length, &bad))
    {
      gsize offset = bad - load.data;

      if (*bad == '\0')
        set_position_error (&load, error, KPI_DATASET_ERROR_ENCODING, load.data, offset, 1,
                            "a NUL byte: the data must be UTF-8 text");
      else
        set_position_error (&load, error, KPI_DATASET_ERROR_ENCODING, load.data, offset, 1,
                            "invalid UTF-8 (byte 0x%02X): the data must be UTF-8 text",
                            (guint) (guchar) *bad);
      return NULL;
    }

  if (is_blank (load.data, length))
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_EMPTY,
                   "%s: the data is empty: expected %s", load.source,
                   json_lines ? "one JSON object per line" : "a JSON array of objects");
      return NULL;
    }

  load.nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  load.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  load.lines = g_array_new (FALSE, FALSE, sizeof (gsize));

  if (json_lines ? read_lines (&load, error) : read_document (&load, error))
    table = build_table (&load, error);

  /* The rows hold references to objects of the roots: free them first. */
  g_ptr_array_unref (load.rows);
  g_ptr_array_unref (load.nodes);
  g_array_unref (load.lines);

  if (table != NULL && ctx->progress != NULL)
    ctx->progress (length, length, ctx->progress_data);
  return table;
}
