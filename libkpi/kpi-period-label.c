/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-period-label.c: writing and reading period labels
 *
 * The labels of #KpiGranularity: `2025-02-14`, `2025-W07`, `2025-02`,
 * `2025-Q1`, `2025`, `FY2025-Q3`, `FY2025`, and the custom periods
 * `START..END` whose bounds are dates or date-times with their offsets.
 * What is written here reads back through the parser here: the calendar
 * (kpi-calendar.c) makes periods from what the parser reads, so that
 * labels and periods round-trip. */

#include "config.h"

#include <string.h>

#include "kpi.h"
#include "kpi-calendar-zone-private.h"
#include "kpi-civil-private.h"
#include "kpi-period-label-private.h"
#include "kpi-util-private.h"

/* ------------------------------------------------------------------------
 * Writing labels
 * ------------------------------------------------------------------------ */

static void
append_date (GString *s,
             gint64   days)
{
  gint64 y;
  int m, d;

  kpi_civil_from_days (days, &y, &m, &d);
  g_string_append_printf (s, "%04d-%02d-%02d", (int) y, m, d);
}

/* In range only: years of four digits. */
char *
kpi_period_label_natural (KpiGranularity granularity,
                          gint64         ordinal)
{
  GString *s = g_string_sized_new (16);
  gint64 y;
  int n;

  switch (granularity)
    {
    case KPI_GRANULARITY_DAY:
      append_date (s, ordinal);
      break;
    case KPI_GRANULARITY_WEEK:
      kpi_iso_week_of_ordinal (ordinal, &y, &n);
      g_string_append_printf (s, "%04d-W%02d", (int) y, n);
      break;
    case KPI_GRANULARITY_MONTH:
      g_string_append_printf (s, "%04d-%02d", (int) kpi_floor_div (ordinal, 12),
                              (int) kpi_floor_mod (ordinal, 12) + 1);
      break;
    case KPI_GRANULARITY_QUARTER:
      g_string_append_printf (s, "%04d-Q%d", (int) kpi_floor_div (ordinal, 4),
                              (int) kpi_floor_mod (ordinal, 4) + 1);
      break;
    case KPI_GRANULARITY_YEAR:
      g_string_append_printf (s, "%04d", (int) ordinal);
      break;
    case KPI_GRANULARITY_FISCAL_QUARTER:
      g_string_append_printf (s, "FY%04d-Q%d", (int) kpi_floor_div (ordinal, 4),
                              (int) kpi_floor_mod (ordinal, 4) + 1);
      break;
    case KPI_GRANULARITY_FISCAL_YEAR:
      g_string_append_printf (s, "FY%04d", (int) ordinal);
      break;
    case KPI_GRANULARITY_CUSTOM:
    default:
      g_assert_not_reached ();
    }
  return g_string_free (s, FALSE);
}

/* An instant as `2025-02-14T15:30+01:00`: seconds and microseconds only
 * when not zero, the offset always (an hour repeats when the clocks go
 * back), `Z` for a zero offset. */
static void
append_date_time (KpiCalendar *self,
                  GString     *s,
                  gint64       time)
{
  gint64 offset = kpi_calendar_offset_at (self, time);
  gint64 naive = time + offset;
  gint64 days = kpi_floor_div (naive, USEC_PER_DAY);
  gint64 tod = naive - days * USEC_PER_DAY;
  int hour = (int) (tod / USEC_PER_HOUR);
  int minute = (int) (tod / USEC_PER_MINUTE % 60);
  int second = (int) (tod / USEC_PER_SEC % 60);
  int usec = (int) (tod % USEC_PER_SEC);
  gint64 abs_offset;

  append_date (s, days);
  g_string_append_printf (s, "T%02d:%02d", hour, minute);
  if (second != 0 || usec != 0)
    g_string_append_printf (s, ":%02d", second);
  if (usec != 0)
    {
      int digits = 6;

      while (usec % 10 == 0)
        {
          usec /= 10;
          digits--;
        }
      g_string_append_printf (s, ".%0*d", digits, usec);
    }

  if (offset == 0)
    {
      g_string_append_c (s, 'Z');
      return;
    }
  abs_offset = (offset < 0 ? -offset : offset) / USEC_PER_SEC;
  g_string_append_printf (s, "%c%02d:%02d", offset < 0 ? '-' : '+',
                          (int) (abs_offset / 3600), (int) (abs_offset / 60 % 60));
  /* Local mean times before 1900 have offsets in seconds (Paris: +00:09:21). */
  if (abs_offset % 60 != 0)
    g_string_append_printf (s, ":%02d", (int) (abs_offset % 60));
}

/* An instant for a message: a local date-time with its offset, or a count
 * of microseconds for one beyond the times the calendar computes with. */
char *
kpi_period_label_instant (KpiCalendar *self,
                          gint64       time)
{
  GString *s;

  if (time < -TIME_LIMIT || time > TIME_LIMIT)
    return g_strdup_printf ("%" G_GINT64_FORMAT " µs since the Unix epoch", time);
  s = g_string_new (NULL);
  append_date_time (self, s, time);
  return g_string_free (s, FALSE);
}

/* `START..END`, see KpiGranularity.  @base_label is the label of the
 * natural period a to-date period runs from, NULL for a plain range. */
char *
kpi_period_label_custom (KpiCalendar *self,
                         const char  *base_label,
                         gint64       start,
                         gint64       end)
{
  GString *s = g_string_sized_new (48);
  gboolean start_is_midnight, end_is_midnight;
  gint64 start_day = kpi_calendar_local_day (self, start, &start_is_midnight);
  gint64 end_day = kpi_calendar_local_day (self, end, &end_is_midnight);

  if (base_label != NULL)
    g_string_append (s, base_label);
  else if (start_is_midnight)
    append_date (s, start_day);
  else
    append_date_time (self, s, start);

  g_string_append (s, "..");

  /* A date names its whole day: an end at a midnight is the day before,
   * included.  An empty period has no such day: its end is an instant. */
  if (end > start && end_is_midnight)
    append_date (s, end_day - 1);
  else
    append_date_time (self, s, end);

  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------
 * Parsing labels
 * ------------------------------------------------------------------------ */

/* Exactly @n ASCII digits. */
static gboolean
read_digits (const char **p,
             const char  *end,
             int          n,
             int         *value)
{
  int v = 0;

  if (end - *p < n)
    return FALSE;
  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *value = v;
  return TRUE;
}

static gboolean
read_char (const char **p,
           const char  *end,
           char         c)
{
  if (*p < end && **p == c)
    {
      (*p)++;
      return TRUE;
    }
  return FALSE;
}

/* `THH:MM[:SS[.ffffff]][Z|±HH:MM[:SS]]` after a date, into a local time
 * (µs since midnight) and an offset (µs) when one is written. */
static gboolean
read_time (const char **p,
           const char  *end,
           gint64      *tod,
           gboolean    *has_offset,
           gint64      *offset,
           char       **reason)
{
  int hour, minute, second = 0, usec = 0, oh, om, os = 0;
  char sign;

  if (!read_digits (p, end, 2, &hour) || !read_char (p, end, ':') ||
      !read_digits (p, end, 2, &minute))
    return FALSE;
  if (read_char (p, end, ':'))
    {
      if (!read_digits (p, end, 2, &second))
        return FALSE;
      if (read_char (p, end, '.'))
        {
          int n = 0;

          while (*p < end && g_ascii_isdigit (**p) && n < 6)
            {
              usec = usec * 10 + (**p - '0');
              (*p)++;
              n++;
            }
          if (n == 0 || (*p < end && g_ascii_isdigit (**p)))
            return FALSE;
          for (; n < 6; n++)
            usec *= 10;
        }
    }
  if (hour > 23 || minute > 59 || second > 59)
    {
      *reason = g_strdup ("hours run from 00 to 23, minutes and seconds from 00 to 59");
      return FALSE;
    }
  *tod = hour * USEC_PER_HOUR + minute * USEC_PER_MINUTE + second * USEC_PER_SEC + usec;

  *has_offset = FALSE;
  *offset = 0;
  if (read_char (p, end, 'Z'))
    {
      *has_offset = TRUE;
      return TRUE;
    }
  if (*p >= end || (**p != '+' && **p != '-'))
    return TRUE;
  sign = *(*p)++;
  if (!read_digits (p, end, 2, &oh) || !read_char (p, end, ':') || !read_digits (p, end, 2, &om))
    return FALSE;
  if (read_char (p, end, ':') && !read_digits (p, end, 2, &os))
    return FALSE;
  if (oh > 23 || om > 59 || os > 59)
    {
      *reason = g_strdup ("a UTC offset is less than 24 hours");
      return FALSE;
    }
  *has_offset = TRUE;
  *offset = (oh * 3600 + om * 60 + os) * USEC_PER_SEC * (sign == '-' ? -1 : 1);
  return TRUE;
}

/* The label or date-time of one token, its year aside: see
 * kpi_period_label_parse_token(). */
static gboolean
parse_token_text (KpiCalendar    *self,
                  const char     *p,
                  const char     *end,
                  KpiLabelToken  *token,
                  int            *out_year,
                  int            *code,
                  char          **reason)
{
  gboolean fiscal = FALSE;
  int year, n, month, day, more;

  *code = KPI_CALENDAR_ERROR_INVALID_LABEL;
  memset (token, 0, sizeof *token);
  token->kind = KPI_LABEL_NATURAL;

  if (end - p >= 2 && p[0] == 'F' && p[1] == 'Y')
    {
      fiscal = TRUE;
      p += 2;
    }
  if (!read_digits (&p, end, 4, &year))
    return FALSE;
  /* A year of more than four digits (FY10000-Q1) is read whole, so that a
   * label the calendar would write if its range went further is said to be
   * out of range rather than not a label. */
  for (n = 0; n < 5 && p < end && g_ascii_isdigit (*p); n++)
    {
      if (!read_digits (&p, end, 1, &more))
        return FALSE;
      year = year * 10 + more;
    }
  if (p < end && g_ascii_isdigit (*p))
    return FALSE;
  *out_year = year;
  if (year == 0)
    {
      *code = KPI_CALENDAR_ERROR_OUT_OF_RANGE;
      return FALSE;
    }

  if (p == end)
    {
      token->granularity = fiscal ? KPI_GRANULARITY_FISCAL_YEAR : KPI_GRANULARITY_YEAR;
      token->ordinal = year;
      return TRUE;
    }
  if (!read_char (&p, end, '-'))
    return FALSE;

  if (read_char (&p, end, 'Q'))
    {
      if (!read_digits (&p, end, 1, &n) || p != end)
        return FALSE;
      if (n < 1 || n > 4)
        {
          *reason = g_strdup ("quarters run from Q1 to Q4");
          return FALSE;
        }
      token->granularity = fiscal ? KPI_GRANULARITY_FISCAL_QUARTER : KPI_GRANULARITY_QUARTER;
      token->ordinal = (gint64) year * 4 + n - 1;
      return TRUE;
    }
  if (fiscal)
    return FALSE;

  if (read_char (&p, end, 'W'))
    {
      if (!read_digits (&p, end, 2, &n) || p != end)
        return FALSE;
      if (n < 1 || n > kpi_iso_weeks_in_year (year))
        {
          *reason = g_strdup_printf ("the ISO week-year %04d has weeks W01 to W%02d",
                                     year, kpi_iso_weeks_in_year (year));
          return FALSE;
        }
      token->granularity = KPI_GRANULARITY_WEEK;
      token->ordinal = kpi_iso_week_ordinal (year, n);
      return TRUE;
    }

  if (!read_digits (&p, end, 2, &month))
    return FALSE;
  if (month < 1 || month > 12)
    {
      *reason = g_strdup ("months run from 01 to 12");
      return FALSE;
    }
  if (p == end)
    {
      token->granularity = KPI_GRANULARITY_MONTH;
      token->ordinal = (gint64) year * 12 + month - 1;
      return TRUE;
    }

  if (!read_char (&p, end, '-') || !read_digits (&p, end, 2, &day))
    return FALSE;
  if (day < 1 || day > kpi_days_in_month (year, month))
    {
      *reason = g_strdup_printf ("%04d-%02d has %d days", year, month,
                                 kpi_days_in_month (year, month));
      return FALSE;
    }
  token->granularity = KPI_GRANULARITY_DAY;
  token->ordinal = kpi_days_from_civil (year, month, day);
  if (p == end)
    return TRUE;

  if (read_char (&p, end, 'T'))
    {
      gint64 tod, offset, naive;
      gboolean has_offset, exists = TRUE;

      if (!read_time (&p, end, &tod, &has_offset, &offset, reason) || p != end)
        return FALSE;
      token->kind = KPI_LABEL_DATE_TIME;
      if (year > 9999)
        return TRUE;   /* out of range, and too far for arithmetic in µs */
      naive = token->ordinal * USEC_PER_DAY + tod;
      token->time = has_offset ? naive - offset : kpi_calendar_from_local (self, naive, &exists);
      if (!exists)
        {
          *reason = g_strdup_printf ("that local time does not exist in %s (the clocks jump over it)",
                                     g_time_zone_get_identifier (self->time_zone));
          return FALSE;
        }
      return TRUE;
    }
  return FALSE;
}

/* One label, or one side of `START..END`: a natural period's label or a
 * date-time.  On failure, returns the error code and may set @reason. */
gboolean
kpi_period_label_parse_token (KpiCalendar    *self,
                              const char     *p,
                              const char     *end,
                              KpiLabelToken  *token,
                              int            *code,
                              char          **reason)
{
  int year = 0;

  if (!parse_token_text (self, p, end, token, &year, code, reason))
    return FALSE;
  if (year > 9999)
    {
      *code = KPI_CALENDAR_ERROR_OUT_OF_RANGE;
      return FALSE;
    }
  return TRUE;
}

/* The characters of a label a message quotes: a custom period's label,
 * two date-times, is longer than a name. */
#define LABEL_QUOTE_CHARS 48

/* The text of a label for an error message: valid UTF-8, not too long. */
static char *
shown_label (const char *label)
{
  return kpi_text_for_message (label, -1, LABEL_QUOTE_CHARS);
}

void
kpi_period_label_set_error (GError     **error,
                            int          code,
                            const char  *label,
                            const char  *reason)
{
  g_autofree char *shown = shown_label (label);

  if (code == KPI_CALENDAR_ERROR_OUT_OF_RANGE)
    g_set_error (error, KPI_CALENDAR_ERROR, code,
                 "“%s” is outside the years 0001 to 9999", shown);
  else
    g_set_error (error, KPI_CALENDAR_ERROR, code,
                 "“%s” is not a period label%s%s; expected a day (2025-02-14), "
                 "an ISO week (2025-W07), a month (2025-02), a quarter (2025-Q1), "
                 "a year (2025), a fiscal year (FY2025), a fiscal quarter (FY2025-Q3), "
                 "or a range START..END such as 2025-02-01..2025-02-14 (the last day "
                 "included), 2025-02..2025-02-14 (a month-to-date) or "
                 "2025-02-01T09:00+01:00..2025-02-01T17:30+01:00",
                 shown, reason ? ": " : "", reason ? reason : "");
}

/* The end of `START..END`: a date (its whole day included) or an instant. */
gboolean
kpi_period_label_token_end (KpiCalendar         *self,
                            const KpiLabelToken *token,
                            gint64              *time)
{
  if (token->kind == KPI_LABEL_DATE_TIME)
    *time = token->time;
  else if (token->granularity == KPI_GRANULARITY_DAY)
    *time = kpi_calendar_day_start (self, token->ordinal + 1);
  else
    return FALSE;
  return TRUE;
}
