/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-parse-private.h: parsing of numbers and times, shared by the loaders.
 * Not installed, not scanned. */

#pragma once

#include "kpi.h"
#include "kpi-table-private.h"

G_BEGIN_DECLS

/* Parses a whole number text (@len bytes, not necessarily NUL-terminated):
 * optional surrounding spaces, optional sign, digits with @decimal ('.' or
 * ',') as decimal separator, optional exponent (e/E), and, when @thousands is
 * not 0, digit groups separated by @thousands (a ' ' separator also accepts
 * U+00A0 and U+202F, as French-language exports write "1 234,56", and a
 * '\'' separator U+2019, as Swiss ones write "1’234.56").
 * Fails on anything else, including empty text, "nan", "inf" and values out of
 * the range of a double.  The result is the correctly rounded double. */
gboolean kpi_parse_number (const char *text,
                           gsize       len,
                           char        decimal,
                           char        thousands,
                           double     *value);

/* What an amount carried besides its number (kpi_parse_amount) */
typedef struct
{
  const char *currency;  /* an ISO 4217 code, static, or NULL */
  gboolean    percent;   /* written with a '%' sign */
} KpiAmountInfo;

/* A number as exports write amounts: kpi_parse_number's number, with
 * around it, in any of the orders spreadsheets use, a currency symbol
 * (€ $ £ ¥) or ISO 4217 code before or after it (with or without a
 * space: "1 234,56 €", "USD 1,234.56", "€1234"), a '%' sign after it
 * ("12,5 %"), and a sign: '-' or '+' before it, '-' after it ("1234,56-")
 * or parentheses ("(1 234,56)", "(€5)", "(5) €").  The value is the
 * number times 10^@shift (rounded once: -2 reads percentages as
 * fractions).  @info says which currency and whether a '%' was there.  A
 * plain number costs a test of its first and last bytes more than
 * kpi_parse_number. */
gboolean kpi_parse_amount (const char    *text,
                           gsize          len,
                           char           decimal,
                           char           thousands,
                           int            shift,
                           double        *value,
                           KpiAmountInfo *info);

/* When @text is a plain number ('-', digits, @decimal) followed by a
 * currency alone, with or without a space before it ("94,53 €", "5USD"),
 * the length of what follows the number (" €", "USD"), and the code in
 * @code; else 0.  kpi_parse_amount reads any plain number followed by these
 * same bytes as that number with that currency: a loader whose column has
 * settled on one suffix can strip it and read the number alone. */
gsize kpi_amount_currency_suffix (const char  *text,
                                  gsize        len,
                                  char         decimal,
                                  const char **code);

/* The static ISO 4217 code of @text (3 bytes) when it is one of the
 * common currencies, else NULL */
const char *kpi_currency_code (const char *text,
                               gsize       len);

/* ISO 8601 dates and date-times to microseconds since the epoch, UTC:
 *   YYYY-MM-DD
 *   YYYY-MM-DD[T ]HH:MM[:SS[.f+]][Z|+HH:MM|-HH:MM|+HHMM|+HH]
 * Texts without an offset are local times of the parser's zone.
 * A new parser reads ISO 8601 only; kpi_time_parser_set_format() makes it
 * read what a load option says. */
typedef struct _KpiTimeParser KpiTimeParser;

KpiTimeParser *kpi_time_parser_new   (GTimeZone     *zone);
void           kpi_time_parser_free  (KpiTimeParser *parser);
gboolean       kpi_time_parser_parse (KpiTimeParser *parser,
                                      const char    *text,
                                      gsize          len,
                                      gint64        *usec);

/* How the loaders read a time column (kpi_load_options_get_date_format):
 * @format a date format (see kpi-parse-date-private.h), "serial" for
 * spreadsheet serial dates written with @decimal, or NULL to detect: ISO
 * 8601 when the first value is, else numeric dates day first or month
 * first as the values decide.  Times without an offset are local times of
 * the parser's zone.  Fails with a message (to free) on a format that does
 * not compile. */
gboolean       kpi_time_parser_set_format    (KpiTimeParser  *parser,
                                              const char     *format,
                                              char            decimal,
                                              char          **message);
/* A serial date given as a number (a JSON number); FALSE unless the format
 * is "serial" */
gboolean       kpi_time_parser_takes_serials (KpiTimeParser  *parser);
gboolean       kpi_time_parser_parse_serial  (KpiTimeParser  *parser,
                                              double          serial,
                                              gint64         *usec);
/* After kpi_time_parser_parse() failed: whether it was because the values
 * turned out to be month first, read day first so far; the loader then
 * reads the column again from its first value, and the parser keeps the
 * order.  Clears the flag. */
gboolean       kpi_time_parser_take_restart  (KpiTimeParser  *parser);
/* What a value should look like, for a message ("an ISO 8601 date
 * (YYYY-MM-DD) or date-time", "a date as %d/%m/%Y"); valid until the next
 * call. */
const char    *kpi_time_parser_expected      (KpiTimeParser  *parser);
/* After the last value: NULL, or when the column @column held numeric
 * dates that all read both day first and month first, a message (to free)
 * naming the two readings of one and the option to set, for a
 * KPI_DATASET_ERROR_INVALID_TIME. */
char          *kpi_time_parser_ambiguity     (KpiTimeParser  *parser,
                                              const char     *column);

/* What a loader is given besides the bytes. */
typedef struct
{
  const char     *source_name;  /* for messages: a path, or "<stream>" */
  KpiLoadOptions *options;      /* never NULL */
  KpiTable       *existing;     /* the dataset's columns (no rows), read-only:
                                   their kinds win over type guessing; NULL =
                                   no constraint */
  GCancellable   *cancellable;
  /* called now and then with bytes done and total; may be NULL */
  void          (*progress) (gsize done, gsize total, gpointer user_data);
  gpointer        progress_data;
} KpiLoadContext;

/* Both return a new table, or NULL with @error set (KPI_DATASET_ERROR, or
 * G_IO_ERROR_CANCELLED).  @data need not be NUL-terminated. */
KpiTable *kpi_csv_parse  (const KpiLoadContext *ctx,
                          const char           *data,
                          gsize                 length,
                          GError              **error);
KpiTable *kpi_json_parse (const KpiLoadContext *ctx,
                          const char           *data,
                          gsize                 length,
                          gboolean              json_lines,
                          GError              **error);

G_END_DECLS
