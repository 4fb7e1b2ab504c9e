/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-csv-scanner-private.h: the byte level of CSV, shared by kpi-csv.c.
 * Not installed, not scanned.
 *
 * The scanner cuts the data into fields and rows; what the fields mean
 * (numbers, times, dimension values, the columns they fill) is kpi-csv.c's.
 * It knows the dialect (see the top of kpi-csv.c): one delimiter byte,
 * fields optionally quoted with '"', line breaks LF, CRLF or CR, UTF-8 with
 * an optional byte order mark.
 *
 * It is a state machine with few states, kept in the caller's position
 * pointer rather than in a variable, since every state but one is a single
 * step:
 *
 *   FIELD START   at the first byte of a field.  A '"' starts a quoted
 *                 field (QUOTED), anything else an unquoted one (UNQUOTED).
 *   UNQUOTED      runs to the first stop byte: the delimiter, CR, LF, NUL,
 *                 or the end of the data (kpi_csv_find_stop).  A '"' in
 *                 the middle is an ordinary byte.
 *   QUOTED        runs to the next '"' not doubled ("" is one quote; the
 *                 field is then unescaped into the scratch buffer); the
 *                 closing quote must be followed by a delimiter, a line
 *                 break or the end of the data (kpi_csv_read_quoted_field).
 *   FIELD END     the caller looks at the byte that ended the field: the
 *                 delimiter starts the next field of the row, a line
 *                 break (kpi_csv_skip_line_break) the next row, the end of
 *                 the data ends the last row, and a NUL byte is an error
 *                 (kpi_csv_nul_error), as NUL is no UTF-8 text.
 *
 * No line or column is tracked while scanning: the position of an error
 * is counted from the start of the data when the message is made
 * (kpi_csv_set_error), which costs nothing on the way of a valid file. */

#pragma once

#include "kpi.h"

#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
#define KPI_CSV_SSE2 1
#endif

G_BEGIN_DECLS

/* Characters of a value quoted in a message */
#define KPI_CSV_SHOWN_CHARS 40

/* What stops an unquoted field (KpiCsvScanner.classes) */
enum {
  KPI_CSV_CLASS_TEXT = 0,
  KPI_CSV_CLASS_STOP = 1,   /* delimiter, CR, LF, NUL */
};

/* One field, as the scanner found it. */
typedef struct
{
  const char   *text;      /* the value: in the data, or in the scratch buffer */
  gsize         len;       /* its bytes, quotes and escapes removed */
  const char   *start;     /* where the field starts in the data (its opening
                              quote, if quoted): messages point there */
  gboolean      in_place;  /* text is in the data, so it stays valid (and
                              bytes after it may be read, up to end); FALSE:
                              in the scratch buffer, until the next field
                              that needs unescaping */
} KpiCsvField;

/* What the data is: set by kpi_csv_scanner_init, read-only afterwards but
 * for the contents of the scratch buffer. */
typedef struct
{
  const char   *source;       /* the data's name, for messages */
  const char   *data;         /* as given (progress counts from here) */
  gsize         length;       /* of data, in bytes */
  const char   *begin;        /* data, after a UTF-8 byte order mark */
  const char   *end;          /* data + length: the data need not hold a NUL */
  char          delimiter;    /* ',' by default, ';', '\t', '|'... */
  /* Bytes that stop an unquoted field (the delimiter, CR, LF, NUL) are
   * KPI_CSV_CLASS_STOP, others KPI_CSV_CLASS_TEXT: the byte-by-byte
   * fallback of the stop mask. */
  guint8        classes[256];
#ifdef KPI_CSV_SSE2
  __m128i       delimiter_v;  /* the delimiter in every byte */
#endif
  /* Quoted fields that hold "" are unescaped here, reused for each. */
  GByteArray   *scratch;
} KpiCsvScanner;

/* Where a scan of unquoted fields is: the stop bytes (the delimiter, CR,
 * LF, NUL) of the 64 bytes from base, one bit each (bit i for base[i]), the
 * end of the data counting as a stop.  A field end then costs a shift and
 * a count of trailing zeros: fields are short and vary in length, and a
 * byte loop would mispredict its exit at nearly every field.  Only moves
 * forward (kpi_csv_stops_reset to go back).
 *
 * It is kept apart from the scanner, by the caller (the parser of
 * kpi-csv.c, whose row loop reads it for every field), and the inline
 * functions below take the end of the data rather than the scanner: the
 * compiler cannot see into kpi-csv-scanner.c from kpi-csv.c, so memory
 * whose address that file gets may change under any call the row loop
 * makes, and the loop would reload it around each call and keep fewer of
 * its values in registers (4 % more instructions a row when the scanner,
 * stop mask included, was a member of the parser). */
typedef struct
{
  const char   *base;
  guint64       mask;
} KpiCsvStops;

/* Sets the scanner up on @data (@length bytes) with @delimiter, or fails
 * with a KPI_DATASET_ERROR: a delimiter that cannot be one, a UTF-16 byte
 * order mark, no header row (nothing but line breaks).  Clear it with
 * kpi_csv_scanner_clear either way. */
gboolean     kpi_csv_scanner_init   (KpiCsvScanner  *scanner,
                                     const char     *source,
                                     const char     *data,
                                     gsize           length,
                                     char            delimiter,
                                     GError        **error);
void         kpi_csv_scanner_clear  (KpiCsvScanner  *scanner);

/* The stop mask, defined here, static, rather than in kpi-csv-scanner.c:
 * the row loop calls kpi_csv_find_stop_slow once per 64 bytes, and a
 * function of the same file is one whose registers and memory effects the
 * compiler knows. */
#ifdef KPI_CSV_SSE2
static inline guint64
kpi_csv_stops16 (const KpiCsvScanner *scanner,
                 const char          *p)
{
  __m128i v = _mm_loadu_si128 ((const __m128i *) (gconstpointer) p);
  __m128i m = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, scanner->delimiter_v),
                                          _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\n'))),
                            _mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\r')),
                                          _mm_cmpeq_epi8 (v, _mm_setzero_si128 ())));

  return (guint) _mm_movemask_epi8 (m);
}
#endif

/* Restarts @stops at @p, which may be anywhere in the data. */
static inline void
kpi_csv_stops_reset (const KpiCsvScanner *scanner,
                     KpiCsvStops         *stops,
                     const char          *p)
{
  gsize avail = scanner->end - p;
  guint64 mask = 0;

  stops->base = p;
  if (avail >= 64)
    {
#ifdef KPI_CSV_SSE2
      mask = kpi_csv_stops16 (scanner, p) | kpi_csv_stops16 (scanner, p + 16) << 16 |
             kpi_csv_stops16 (scanner, p + 32) << 32 | kpi_csv_stops16 (scanner, p + 48) << 48;
#else
      for (guint i = 0; i < 64; i++)
        mask |= (guint64) scanner->classes[(guchar) p[i]] << i;
#endif
      stops->mask = mask;
      return;
    }

  /* The last bytes: the end of the data stops a field too */
  for (gsize i = 0; i < avail; i++)
    mask |= (guint64) scanner->classes[(guchar) p[i]] << i;
  stops->mask = mask | (G_GUINT64_CONSTANT (1) << avail);
}

static G_NO_INLINE G_GNUC_UNUSED const char *
kpi_csv_find_stop_slow (const KpiCsvScanner *scanner,
                        KpiCsvStops         *stops,
                        const char          *p)
{
  /* No stop left in the block: the next one; past the block: from @p */
  const char *base = (gsize) (p - stops->base) < 64 ? stops->base + 64 : p;

  for (;;)
    {
      kpi_csv_stops_reset (scanner, stops, base);
      if (stops->mask != 0)
        return base + __builtin_ctzll (stops->mask);
      base += 64;
    }
}

/* The first stop byte at or after @p, or the end of the data (the
 * UNQUOTED state above).  @p never goes backwards from one call to the
 * next with the same @stops. */
static inline const char *
kpi_csv_find_stop (const KpiCsvScanner *scanner,
                   KpiCsvStops         *stops,
                   const char          *p)
{
  gsize off = p - stops->base;

  if (G_LIKELY (off < 64))
    {
      guint64 m = stops->mask >> off;
      if (G_LIKELY (m != 0))
        return p + __builtin_ctzll (m);
    }
  return kpi_csv_find_stop_slow (scanner, stops, p);
}

/* Skips the line break at @p (CRLF, LF or CR), before @end. */
static inline const char *
kpi_csv_skip_line_break (const char *p,
                         const char *end)
{
  if (*p == '\r' && p + 1 < end && p[1] == '\n')
    return p + 2;
  return p + 1;
}

/* Whether nothing but line breaks follows @p up to @end: the end of the
 * rows. */
static inline gboolean
kpi_csv_only_line_breaks_remain (const char *p,
                                 const char *end)
{
  for (; p < end; p++)
    if (*p != '\n' && *p != '\r')
      return FALSE;
  return TRUE;
}

/* Reads the field at *@pp, quoted or not, and leaves *@pp on what ends
 * it; fails on a malformed quoted field or a NUL byte in or after the
 * field.  @stops is the caller's, for this scan.  @error may be NULL. */
gboolean     kpi_csv_read_field        (const KpiCsvScanner  *scanner,
                                        KpiCsvStops          *stops,
                                        const char          **pp,
                                        KpiCsvField          *field,
                                        GError              **error);
/* The quoted field at *@pp, which is a '"' (the QUOTED state above). */
gboolean     kpi_csv_read_quoted_field (const KpiCsvScanner  *scanner,
                                        const char          **pp,
                                        KpiCsvField          *field,
                                        GError              **error);
/* For a field ended at @p by a NUL byte: the error, and FALSE; else TRUE. */
gboolean     kpi_csv_nul_error         (const KpiCsvScanner  *scanner,
                                        const char           *p,
                                        const KpiCsvField    *field,
                                        GError              **error);
/* Counts the fields of the row that goes on at @p (a delimiter), for the
 * message of a row with too many; *@row_end gets where the row ends. */
gsize        kpi_csv_count_remaining_fields (const KpiCsvScanner  *scanner,
                                             const char           *p,
                                             const char          **row_end);

/* Messages */

/* Sets @error to "SOURCE:LINE:COLUMN: message" in KPI_DATASET_ERROR, the
 * line and column (1-based, the column in characters) being @at's. */
void         kpi_csv_set_error          (const KpiCsvScanner  *scanner,
                                         GError              **error,
                                         int                   code,
                                         const char           *at,
                                         const char           *format,
                                         ...) G_GNUC_PRINTF (5, 6);
/* "invalid UTF-8 in @what “…”: expected UTF-8 text…", or the same for a
 * NUL byte, at the field's start. */
void         kpi_csv_set_encoding_error (const KpiCsvScanner  *scanner,
                                         GError              **error,
                                         const KpiCsvField    *field,
                                         const char           *what);
/* The 1-based line of @at, for a message that names lines */
gsize        kpi_csv_line_of            (const KpiCsvScanner  *scanner,
                                         const char           *at);
/* A value as a message shows it: at most KPI_CSV_SHOWN_CHARS characters,
 * invalid UTF-8 as U+FFFD, control characters escaped. */
char        *kpi_csv_shown_text         (const char           *text,
                                         gsize                 len);
/* Valid UTF-8 without a NUL byte */
gboolean     kpi_csv_text_is_utf8       (const char           *text,
                                         gsize                 len);

G_END_DECLS
