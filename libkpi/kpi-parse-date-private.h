/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-parse-date-private.h: dates as exports write them (kpi-parse-date.c):
 * a format in the strftime style ("%d/%m/%Y %H:%M"), spreadsheet serial
 * dates, and the numeric day-first or month-first dates that detection
 * reads ("19/02/2025", "2/19/2025 2:05 PM").  Pure functions of the text:
 * no time zone (kpi-parse.c turns the fields into an instant).
 * Not installed, not scanned. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* What a date text says.  The ranges are checked (month 1..12, day 1..31,
 * hour 0..23, minute and second 0..59); whether the day exists in its month
 * is the caller's to check. */
typedef struct
{
  int      year;
  int      month;
  int      day;
  int      hour;
  int      minute;
  int      second;
  int      usec;         /* 0..999999 */
  gboolean has_offset;
  int      offset;       /* seconds east of UTC, when has_offset */
} KpiDateFields;

/* A compiled date format option. */
typedef struct _KpiDateFormat KpiDateFormat;

/* Compiles @format: strftime-style directives (%d %e %m %b %B %h %y %Y %H
 * %I %M %S %p %f %z %%), other characters literal, a space matching any run
 * of blanks; or "serial" for spreadsheet serial dates.  Fails with a
 * message for an error (in @message, to free) on an unknown directive, a
 * format without a year, a month and a day, a field given twice, %I
 * without %p.  (A message, not a GError: the error domains are the
 * dataset's, a layer above.) */
KpiDateFormat *kpi_date_format_new       (const char          *format,
                                          char               **message);
void           kpi_date_format_free      (KpiDateFormat       *format);
/* The format as given */
const char    *kpi_date_format_get_text  (const KpiDateFormat *format);
gboolean       kpi_date_format_is_serial (const KpiDateFormat *format);
/* Reads the whole of @text (@len bytes) with @format (not "serial"). */
gboolean       kpi_date_format_read      (const KpiDateFormat *format,
                                          const char          *text,
                                          gsize                len,
                                          KpiDateFields       *fields);

/* A spreadsheet serial date: days since 1899-12-30, the fraction the time of
 * day (to the millisecond), written with @decimal as decimal separator.
 * Gives the local day (days since 1970-01-01) and the microseconds into it.
 * Serials from 0 to the end of year 9999. */
gboolean       kpi_date_serial_read      (const char          *text,
                                          gsize                len,
                                          char                 decimal,
                                          gint64              *days,
                                          gint64              *usec_of_day);
gboolean       kpi_date_serial_from_double (double             serial,
                                            gint64            *days,
                                            gint64            *usec_of_day);

/* A numeric date with the year last, as detection reads it: two fields of
 * one or two digits and a four-digit year separated by one of '/', '.' and
 * '-' (the same twice), then optionally a space and H:MM, H:MM:SS, with an
 * AM/PM marker or not.  @first and @second are not checked (0..99); the
 * time fields are (hour made 0..23 from a 12-hour clock). */
typedef struct
{
  int      first;
  int      second;
  int      year;
  char     separator;
  gboolean has_time;
  gboolean has_seconds;
  gboolean twelve_hour;
  int      hour;
  int      minute;
  int      sec;
} KpiNumericDate;

gboolean       kpi_numeric_date_scan     (const char          *text,
                                          gsize                len,
                                          KpiNumericDate      *date);
/* The format that reads dates shaped like @date, day first or month first
 * ("%d/%m/%Y %H:%M"), into @buf. */
void           kpi_numeric_date_format   (const KpiNumericDate *date,
                                          gboolean              day_first,
                                          char                  buf[32]);

G_END_DECLS
