/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-csv-scanner.c: the byte level of CSV: fields, quotes, delimiters,
 * line breaks, byte order marks, and the positions of messages.  See
 * kpi-csv-scanner-private.h for its states; kpi-csv.c turns the fields
 * into columns. */

#include "config.h"

#include <string.h>

#include "kpi-csv-scanner-private.h"
#include "kpi-util-private.h"

/* ------------------------------------------------------------------------ */
/* Messages */

/* 1-based line and character column of @at, counted from the start of the
 * data: done only for a message, so the parse loop tracks no lines.  A
 * line ends at LF, CRLF or a lone CR, as rows do. */
static void
position_of (const KpiCsvScanner *scanner,
             const char          *at,
             gsize               *line,
             gsize               *column)
{
  const char *line_start = scanner->begin;
  const char *p;
  gsize n = 1, col = 1;

  for (p = scanner->begin; p < at; p++)
    {
      if (*p == '\n' || (*p == '\r' && (p + 1 >= scanner->end || p[1] != '\n')))
        {
          n++;
          line_start = p + 1;
        }
    }
  /* Characters, not bytes: every byte but UTF-8 continuation bytes */
  for (p = line_start; p < at; p++)
    if (((guchar) *p & 0xC0) != 0x80)
      col++;
  *line = n;
  *column = col;
}

gsize
kpi_csv_line_of (const KpiCsvScanner *scanner,
                 const char          *at)
{
  gsize line, column;

  position_of (scanner, at, &line, &column);
  return line;
}

char *
kpi_csv_shown_text (const char *text,
                    gsize       len)
{
  return kpi_text_for_message (text, (gssize) len, KPI_CSV_SHOWN_CHARS);
}

void
kpi_csv_set_error (const KpiCsvScanner  *scanner,
                   GError              **error,
                   int                   code,
                   const char           *at,
                   const char           *format,
                   ...)
{
  va_list args;
  char *message;
  gsize line, column;

  if (error == NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  position_of (scanner, at, &line, &column);
  g_set_error (error, KPI_DATASET_ERROR, code,
               "%s:%" G_GSIZE_FORMAT ":%" G_GSIZE_FORMAT ": %s",
               scanner->source, line, column, message);
  g_free (message);
}

gboolean
kpi_csv_text_is_utf8 (const char *text,
                      gsize       len)
{
  return memchr (text, '\0', len) == NULL && g_utf8_validate_len (text, len, NULL);
}

void
kpi_csv_set_encoding_error (const KpiCsvScanner  *scanner,
                            GError              **error,
                            const KpiCsvField    *field,
                            const char           *what)
{
  g_autofree char *shown = kpi_csv_shown_text (field->text, field->len);

  if (memchr (field->text, '\0', field->len) != NULL)
    kpi_csv_set_error (scanner, error, KPI_DATASET_ERROR_ENCODING, field->start,
                       "NUL byte in %s “%s”: expected UTF-8 text, not binary data",
                       what, shown);
  else
    kpi_csv_set_error (scanner, error, KPI_DATASET_ERROR_ENCODING, field->start,
                       "invalid UTF-8 in %s “%s”: expected UTF-8 text "
                       "(convert the data to UTF-8)", what, shown);
}

/* ------------------------------------------------------------------------ */
/* Setting up */

gboolean
kpi_csv_scanner_init (KpiCsvScanner  *scanner,
                      const char     *source,
                      const char     *data,
                      gsize           length,
                      char            delimiter,
                      GError        **error)
{
  memset (scanner, 0, sizeof *scanner);
  scanner->source = source;
  scanner->data = data;
  scanner->length = length;
  scanner->begin = data;
  scanner->end = data + length;
  scanner->delimiter = delimiter;

  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r')
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_FAILED,
                   "%s: unusable delimiter “%c”", source, delimiter);
      return FALSE;
    }

  /* Byte order marks: UTF-8 is skipped; UTF-16 (and UTF-32, whose little
   * endian mark starts the same) is not what this reads. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    scanner->begin += 3;
  else if (length >= 2 && (memcmp (data, "\xff\xfe", 2) == 0 ||
                           memcmp (data, "\xfe\xff", 2) == 0))
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_ENCODING,
                   "%s:1:1: UTF-16 byte order mark: expected UTF-8 text "
                   "(convert the data to UTF-8)", source);
      return FALSE;
    }

  if (kpi_csv_only_line_breaks_remain (scanner->begin, scanner->end))
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_EMPTY,
                   "%s:1:1: no header row: the data is empty", source);
      return FALSE;
    }

#ifdef KPI_CSV_SSE2
  scanner->delimiter_v = _mm_set1_epi8 (delimiter);
#endif
  memset (scanner->classes, KPI_CSV_CLASS_TEXT, sizeof scanner->classes);
  scanner->classes[(guchar) delimiter] = KPI_CSV_CLASS_STOP;
  scanner->classes['\n'] = KPI_CSV_CLASS_STOP;
  scanner->classes['\r'] = KPI_CSV_CLASS_STOP;
  scanner->classes['\0'] = KPI_CSV_CLASS_STOP;
  scanner->scratch = g_byte_array_new ();
  return TRUE;
}

void
kpi_csv_scanner_clear (KpiCsvScanner *scanner)
{
  g_clear_pointer (&scanner->scratch, g_byte_array_unref);
}

/* ------------------------------------------------------------------------ */
/* Fields */

gboolean
kpi_csv_nul_error (const KpiCsvScanner  *scanner,
                   const char           *p,
                   const KpiCsvField    *field,
                   GError              **error)
{
  if (p < scanner->end && *p == '\0')
    {
      KpiCsvField shown = *field;

      shown.len = p + 1 - shown.text;   /* show the NUL */
      kpi_csv_set_encoding_error (scanner, error, &shown, "a value");
      return FALSE;
    }
  return TRUE;
}

gboolean
kpi_csv_read_field (const KpiCsvScanner  *scanner,
                    KpiCsvStops          *stops,
                    const char          **pp,
                    KpiCsvField          *field,
                    GError              **error)
{
  const char *p = *pp;

  field->start = p;
  if (p < scanner->end && *p == '"')
    {
      if (!kpi_csv_read_quoted_field (scanner, pp, field, error))
        return FALSE;
    }
  else
    {
      p = kpi_csv_find_stop (scanner, stops, p);
      field->text = field->start;
      field->len = p - field->start;
      field->in_place = TRUE;
      *pp = p;
    }
  return kpi_csv_nul_error (scanner, *pp, field, error);
}

gboolean
kpi_csv_read_quoted_field (const KpiCsvScanner  *scanner,
                           const char          **pp,
                           KpiCsvField          *field,
                           GError              **error)
{
  const char *open = *pp;
  const char *segment = open + 1;
  const char *end = scanner->end;
  gboolean unescaped = FALSE;
  const char *p;

  field->start = open;
  /* From quote to quote: the text between two is copied only once a
   * doubled quote shows that the field must be unescaped. */
  for (;;)
    {
      const char *quote = memchr (segment, '"', end - segment);

      if (quote == NULL)
        {
          g_autofree char *shown = kpi_csv_shown_text (open, end - open);
          kpi_csv_set_error (scanner, error, KPI_DATASET_ERROR_PARSE, open,
                             "unterminated quoted field “%s”: expected a closing quote "
                             "(\") before the end of the data", shown);
          return FALSE;
        }
      if (quote + 1 < end && quote[1] == '"')
        {
          /* "" stands for one quote: copy up to and including the first */
          if (!unescaped)
            {
              g_byte_array_set_size (scanner->scratch, 0);
              unescaped = TRUE;
            }
          g_byte_array_append (scanner->scratch, (const guint8 *) segment,
                               quote + 1 - segment);
          segment = quote + 2;
          continue;
        }

      if (unescaped)
        {
          g_byte_array_append (scanner->scratch, (const guint8 *) segment,
                               quote - segment);
          field->text = (const char *) scanner->scratch->data;
          field->len = scanner->scratch->len;
          field->in_place = FALSE;
        }
      else
        {
          field->text = segment;
          field->len = quote - segment;
          field->in_place = TRUE;
        }
      p = quote + 1;
      break;
    }

  /* The closing quote ends the field: what follows must end it too. */
  if (p < end && *p != scanner->delimiter && *p != '\n' && *p != '\r')
    {
      const char *stop = p;
      g_autofree char *shown = NULL;

      while (stop < end && *stop != scanner->delimiter && *stop != '\n' && *stop != '\r')
        stop++;
      shown = kpi_csv_shown_text (open, stop - open);
      kpi_csv_set_error (scanner, error, KPI_DATASET_ERROR_PARSE, open,
                         "unexpected text after the closing quote in “%s”: expected "
                         "the delimiter (%s) or the end of the line; a quote inside a "
                         "quoted field is written twice (\"\")", shown,
                         scanner->delimiter == '\t' ? "tab" : (char[]) { scanner->delimiter, 0 });
      return FALSE;
    }
  if (memchr (field->text, '\0', field->len) != NULL)
    {
      kpi_csv_set_encoding_error (scanner, error, field, "a value");
      return FALSE;
    }

  *pp = p;
  return TRUE;
}

gsize
kpi_csv_count_remaining_fields (const KpiCsvScanner  *scanner,
                                const char           *p,
                                const char          **row_end)
{
  KpiCsvStops stops;
  gsize n = 0;

  kpi_csv_stops_reset (scanner, &stops, p);
  while (p < scanner->end && *p == scanner->delimiter)
    {
      KpiCsvField field;

      p++;
      n++;
      if (!kpi_csv_read_field (scanner, &stops, &p, &field, NULL))
        break;
    }
  *row_end = p;
  return n;
}
