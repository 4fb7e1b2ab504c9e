/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-parse-date.c: dates as exports write them: a date format option in the
 * strftime style, spreadsheet serial dates, and the numeric day-first or
 * month-first dates that detection reads.
 *
 * A format is compiled once into a list of steps.  Most formats people set
 * are numeric and zero-padded ("%d/%m/%Y", "%d.%m.%Y %H:%M", "%Y%m%d"):
 * those also get a fixed template, one expected byte or "a digit" per
 * position, so that a value of the template's length is checked in one
 * loop and its fields read at known offsets, as the ISO path does.  Any
 * other value (a day without its zero, a month name) goes through the
 * steps. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi-parse-date-private.h"
#include "kpi-parse-private.h"

#define MAX_TEMPLATE 32

typedef enum {
  STEP_LITERAL,
  STEP_BLANKS,      /* a space in the format: any run of blanks, or none */
  STEP_DAY,         /* %d, %e */
  STEP_MONTH,       /* %m */
  STEP_MONTH_NAME,  /* %b, %B, %h */
  STEP_YEAR,        /* %Y: four digits */
  STEP_YEAR2,       /* %y: 69..99 are 19xx, 00..68 20xx (POSIX) */
  STEP_HOUR,        /* %H */
  STEP_HOUR12,      /* %I */
  STEP_MINUTE,      /* %M */
  STEP_SECOND,      /* %S */
  STEP_AMPM,        /* %p */
  STEP_FRACTION,    /* %f */
  STEP_OFFSET,      /* %z */
} StepKind;

typedef struct
{
  guint8 kind;
  char   c;         /* STEP_LITERAL */
} Step;

/* Which fields a format sets: each at most once */
enum {
  FIELD_YEAR = 1 << 0,
  FIELD_MONTH = 1 << 1,
  FIELD_DAY = 1 << 2,
  FIELD_HOUR = 1 << 3,
  FIELD_MINUTE = 1 << 4,
  FIELD_SECOND = 1 << 5,
  FIELD_AMPM = 1 << 6,
  FIELD_FRACTION = 1 << 7,
  FIELD_OFFSET = 1 << 8,
};

struct _KpiDateFormat
{
  char    *text;
  gboolean serial;
  Step    *steps;
  guint    n_steps;
  gboolean twelve_hour;

  /* The fixed template, when every step is a zero-padded number or a
   * literal: template[i] is the byte expected at i, or 0 for a digit. */
  gboolean fixed;
  guint    fixed_len;
  char     template[MAX_TEMPLATE];
  gint8    at_year, at_year2, at_month, at_day, at_hour, at_minute, at_second;
};

static inline gboolean
is_digit (char c)
{
  return (guint) (c - '0') < 10;
}

/* ------------------------------------------------------------------------ */
/* Compiling */

static const char *
field_name (guint field)
{
  switch (field)
    {
    case FIELD_YEAR: return "year";
    case FIELD_MONTH: return "month";
    case FIELD_DAY: return "day";
    case FIELD_HOUR: return "hour";
    case FIELD_MINUTE: return "minute";
    case FIELD_SECOND: return "second";
    case FIELD_AMPM: return "AM/PM marker";
    case FIELD_FRACTION: return "fraction of a second";
    default: return "offset";
    }
}

void
kpi_date_format_free (KpiDateFormat *format)
{
  if (format == NULL)
    return;
  g_free (format->text);
  g_free (format->steps);
  g_free (format);
}

static void
build_template (KpiDateFormat *format)
{
  guint n = 0;

  format->at_year = format->at_year2 = format->at_month = format->at_day = -1;
  format->at_hour = format->at_minute = format->at_second = -1;
  for (guint i = 0; i < format->n_steps; i++)
    {
      const Step *step = &format->steps[i];
      guint width = step->kind == STEP_YEAR ? 4 : 2;
      gint8 *at;

      switch (step->kind)
        {
        case STEP_LITERAL:
        case STEP_BLANKS:
          if (n + 1 > MAX_TEMPLATE)
            return;
          format->template[n++] = step->kind == STEP_LITERAL ? step->c : ' ';
          continue;
        case STEP_DAY: at = &format->at_day; break;
        case STEP_MONTH: at = &format->at_month; break;
        case STEP_YEAR: at = &format->at_year; break;
        case STEP_YEAR2: at = &format->at_year2; break;
        case STEP_HOUR: at = &format->at_hour; break;
        case STEP_MINUTE: at = &format->at_minute; break;
        case STEP_SECOND: at = &format->at_second; break;
        default:
          return;   /* names, AM/PM, fractions, offsets: the steps only */
        }
      if (n + width > MAX_TEMPLATE)
        return;
      *at = (gint8) n;
      memset (format->template + n, 0, width);
      n += width;
    }
  format->fixed = TRUE;
  format->fixed_len = n;
}

KpiDateFormat *
kpi_date_format_new (const char  *text,
                     char       **message)
{
  g_autoptr(GArray) steps = NULL;
  KpiDateFormat *format;
  guint fields = 0;
  guint missing;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      *message = g_strdup_printf ("the date format is not valid UTF-8 text");
      return NULL;
    }
  if (g_ascii_strcasecmp (text, "serial") == 0)
    {
      format = g_new0 (KpiDateFormat, 1);
      format->text = g_strdup ("serial");
      format->serial = TRUE;
      return format;
    }
  if (text[0] == '\0')
    {
      *message = g_strdup_printf ("empty date format: expected a format such as “%%d/%%m/%%Y”, "
                                  "or “serial”");
      return NULL;
    }

  steps = g_array_new (FALSE, FALSE, sizeof (Step));
  for (const char *p = text; *p != '\0'; p++)
    {
      Step step = { STEP_LITERAL, 0 };
      guint field = 0;

      if (*p == ' ')
        {
          step.kind = STEP_BLANKS;
          while (p[1] == ' ')
            p++;
          g_array_append_val (steps, step);
          continue;
        }
      if (*p != '%')
        {
          step.c = *p;
          g_array_append_val (steps, step);
          continue;
        }
      p++;
      switch (*p)
        {
        case 'd': case 'e': step.kind = STEP_DAY; field = FIELD_DAY; break;
        case 'm': step.kind = STEP_MONTH; field = FIELD_MONTH; break;
        case 'b': case 'B': case 'h':
          step.kind = STEP_MONTH_NAME; field = FIELD_MONTH; break;
        case 'Y': step.kind = STEP_YEAR; field = FIELD_YEAR; break;
        case 'y': step.kind = STEP_YEAR2; field = FIELD_YEAR; break;
        case 'H': step.kind = STEP_HOUR; field = FIELD_HOUR; break;
        case 'I': step.kind = STEP_HOUR12; field = FIELD_HOUR; break;
        case 'M': step.kind = STEP_MINUTE; field = FIELD_MINUTE; break;
        case 'S': step.kind = STEP_SECOND; field = FIELD_SECOND; break;
        case 'p': step.kind = STEP_AMPM; field = FIELD_AMPM; break;
        case 'f': step.kind = STEP_FRACTION; field = FIELD_FRACTION; break;
        case 'z': step.kind = STEP_OFFSET; field = FIELD_OFFSET; break;
        case '%': step.c = '%'; break;
        default:
          {
            g_autofree char *directive = NULL;

            if (*p == '\0')
              directive = g_strdup ("%");
            else
              directive = g_strdup_printf ("%%%.*s", (int) (g_utf8_next_char (p) - p), p);
            *message = g_strdup_printf ("unknown directive “%s” in date format “%s”: expected "
                                        "%%d %%e %%m %%b %%B %%y %%Y %%H %%I %%M %%S %%p %%f %%z or %%%%, "
                                        "or “serial”", directive, text);
            return NULL;
          }
        }
      if ((fields & field) != 0)
        {
          *message = g_strdup_printf ("date format “%s” gives the %s twice: expected each field once",
                                      text, field_name (field));
          return NULL;
        }
      fields |= field;
      g_array_append_val (steps, step);
    }

  missing = (FIELD_YEAR | FIELD_MONTH | FIELD_DAY) & ~fields;
  if (missing != 0)
    {
      GString *what = g_string_new (NULL);

      for (guint f = FIELD_YEAR; f <= FIELD_DAY; f <<= 1)
        if ((missing & f) != 0)
          {
            if (what->len > 0)
              g_string_append (what, (missing & ~(f | (f - 1))) != 0 ? ", " : " or ");
            g_string_append (what, field_name (f));
          }
      *message = g_strdup_printf ("date format “%s” has no %s: expected a year (%%Y or %%y), a month "
                                  "(%%m or %%b) and a day (%%d)", text, what->str);
      g_string_free (what, TRUE);
      return NULL;
    }
  {
    gboolean hour12 = FALSE;

    for (guint i = 0; i < steps->len; i++)
      hour12 = hour12 || g_array_index (steps, Step, i).kind == STEP_HOUR12;
    if (hour12 != ((fields & FIELD_AMPM) != 0))
      {
        *message = g_strdup_printf ("date format “%s” has %s: expected %%I (hour 1 to 12) and %%p "
                                    "(AM or PM) together", text, hour12 ? "%I without %p" : "%p without %I");
        return NULL;
      }
  }

  format = g_new0 (KpiDateFormat, 1);
  format->text = g_strdup (text);
  format->n_steps = steps->len;
  format->steps = (Step *) (gpointer) g_array_free (g_steal_pointer (&steps), FALSE);
  format->twelve_hour = (fields & FIELD_AMPM) != 0;
  build_template (format);
  return format;
}

const char *
kpi_date_format_get_text (const KpiDateFormat *format)
{
  return format->text;
}

gboolean
kpi_date_format_is_serial (const KpiDateFormat *format)
{
  return format->serial;
}

/* ------------------------------------------------------------------------ */
/* Reading */

/* Month names, English and French, without accents, lower case */
static const struct { const char *name; int month; } month_names[] = {
  { "january", 1 }, { "jan", 1 }, { "janvier", 1 }, { "janv", 1 },
  { "february", 2 }, { "feb", 2 }, { "fevrier", 2 }, { "fevr", 2 }, { "fev", 2 },
  { "march", 3 }, { "mar", 3 }, { "mars", 3 },
  { "april", 4 }, { "apr", 4 }, { "avril", 4 }, { "avr", 4 },
  { "may", 5 }, { "mai", 5 },
  { "june", 6 }, { "jun", 6 }, { "juin", 6 },
  { "july", 7 }, { "jul", 7 }, { "juillet", 7 }, { "juil", 7 },
  { "august", 8 }, { "aug", 8 }, { "aout", 8 },
  { "september", 9 }, { "sep", 9 }, { "sept", 9 }, { "septembre", 9 },
  { "october", 10 }, { "oct", 10 }, { "octobre", 10 },
  { "november", 11 }, { "nov", 11 }, { "novembre", 11 },
  { "december", 12 }, { "dec", 12 }, { "decembre", 12 },
};

/* The letter without its accent of the Latin-1 letter U+00C0..U+00FF
 * written 0xC3 @b, lower case; 0 for anything else. */
static char
fold_accented (guchar b)
{
  if (b < 0x80 || b > 0xBF)
    return 0;
  b &= ~0x20;   /* lower case (0xA0..0xBF) to upper (0x80..0x9F) */
  if (b <= 0x85)
    return 'a';
  if (b == 0x87)
    return 'c';
  if (b >= 0x88 && b <= 0x8B)
    return 'e';
  if (b >= 0x8C && b <= 0x8F)
    return 'i';
  if (b >= 0x92 && b <= 0x96)
    return 'o';
  if (b >= 0x99 && b <= 0x9C)
    return 'u';
  return 0;
}

/* A month name at *@p: letters (accents optional, any case), then an
 * optional '.' (the French abbreviations: "janv.") unless the format
 * expects a '.' next. */
static gboolean
read_month_name (const char **pp,
                 const char  *end,
                 gboolean     dot_follows,
                 int         *month)
{
  const char *p = *pp;
  char word[12];
  gsize n = 0;

  while (p < end)
    {
      char c;

      if (g_ascii_isalpha (*p))
        c = g_ascii_tolower (*p++);
      else if ((guchar) *p == 0xC3 && end - p >= 2 && (c = fold_accented ((guchar) p[1])) != 0)
        p += 2;
      else
        break;
      if (n == sizeof word - 1)
        return FALSE;
      word[n++] = c;
    }
  word[n] = '\0';
  if (n == 0)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (month_names); i++)
    if (strcmp (word, month_names[i].name) == 0)
      {
        *month = month_names[i].month;
        if (p < end && *p == '.' && !dot_follows)
          p++;
        *pp = p;
        return TRUE;
      }
  return FALSE;
}

/* One to @max digits */
static gboolean
read_number (const char **pp,
             const char  *end,
             int          min,
             int          max,
             int         *value)
{
  const char *p = *pp;
  int v = 0;
  int n = 0;

  while (p < end && n < max && is_digit (*p))
    {
      v = v * 10 + (*p++ - '0');
      n++;
    }
  if (n < min)
    return FALSE;
  *value = v;
  *pp = p;
  return TRUE;
}

/* AM, PM, a.m., p.m., any case: TRUE for PM in @pm */
static gboolean
read_ampm (const char **pp,
           const char  *end,
           gboolean    *pm)
{
  const char *p = *pp;
  char c;

  if (p >= end)
    return FALSE;
  c = g_ascii_tolower (*p);
  if (c != 'a' && c != 'p')
    return FALSE;
  *pm = c == 'p';
  p++;
  if (p < end && *p == '.')
    {
      p++;
      if (p < end && g_ascii_tolower (*p) == 'm')
        p++;
      else
        return FALSE;
      if (p < end && *p == '.')
        p++;
    }
  else if (p < end && g_ascii_tolower (*p) == 'm')
    p++;
  else
    return FALSE;
  *pp = p;
  return TRUE;
}

/* Z | ±HH | ±HHMM | ±HH:MM */
static gboolean
read_offset (const char **pp,
             const char  *end,
             int         *offset)
{
  const char *p = *pp;
  int sign, oh, om = 0;

  if (p < end && (*p == 'Z' || *p == 'z'))
    {
      *offset = 0;
      *pp = p + 1;
      return TRUE;
    }
  if (p >= end || (*p != '+' && *p != '-'))
    return FALSE;
  sign = *p == '-' ? -1 : 1;
  p++;
  if (end - p < 2 || !is_digit (p[0]) || !is_digit (p[1]))
    return FALSE;
  oh = (p[0] - '0') * 10 + (p[1] - '0');
  p += 2;
  if (p < end && *p == ':')
    p++;
  if (end - p >= 2 && is_digit (p[0]) && is_digit (p[1]))
    {
      om = (p[0] - '0') * 10 + (p[1] - '0');
      p += 2;
    }
  else if (p[-1] == ':')
    return FALSE;
  if (oh > 23 || om > 59)
    return FALSE;
  *offset = sign * (oh * 3600 + om * 60);
  *pp = p;
  return TRUE;
}

static inline int
digits2 (const char *p)
{
  return (p[0] - '0') * 10 + (p[1] - '0');
}

static inline int
year2_to_year (int yy)
{
  return yy < 69 ? 2000 + yy : 1900 + yy;
}

static gboolean
read_steps (const KpiDateFormat *format,
            const char          *text,
            gsize                len,
            KpiDateFields       *f)
{
  const char *p = text;
  const char *end = text + len;
  int hour12 = -1;
  gboolean pm = FALSE;

  for (guint i = 0; i < format->n_steps; i++)
    {
      const Step *step = &format->steps[i];
      int frac_digits = 0;

      switch (step->kind)
        {
        case STEP_LITERAL:
          if (p >= end || *p != step->c)
            return FALSE;
          p++;
          break;
        case STEP_BLANKS:
          while (p < end && (*p == ' ' || *p == '\t'))
            p++;
          break;
        case STEP_DAY:
          if (p < end && *p == ' ')
            p++;   /* %e pads with a space */
          if (!read_number (&p, end, 1, 2, &f->day))
            return FALSE;
          break;
        case STEP_MONTH:
          if (!read_number (&p, end, 1, 2, &f->month))
            return FALSE;
          break;
        case STEP_MONTH_NAME:
          {
            gboolean dot_follows = i + 1 < format->n_steps &&
                                   format->steps[i + 1].kind == STEP_LITERAL &&
                                   format->steps[i + 1].c == '.';

            if (!read_month_name (&p, end, dot_follows, &f->month))
              return FALSE;
          }
          break;
        case STEP_YEAR:
          if (!read_number (&p, end, 4, 4, &f->year))
            return FALSE;
          break;
        case STEP_YEAR2:
          if (!read_number (&p, end, 2, 2, &f->year))
            return FALSE;
          f->year = year2_to_year (f->year);
          break;
        case STEP_HOUR:
          if (!read_number (&p, end, 1, 2, &f->hour))
            return FALSE;
          break;
        case STEP_HOUR12:
          if (!read_number (&p, end, 1, 2, &hour12))
            return FALSE;
          break;
        case STEP_MINUTE:
          if (!read_number (&p, end, 1, 2, &f->minute))
            return FALSE;
          break;
        case STEP_SECOND:
          if (!read_number (&p, end, 1, 2, &f->second))
            return FALSE;
          break;
        case STEP_AMPM:
          if (!read_ampm (&p, end, &pm))
            return FALSE;
          break;
        case STEP_FRACTION:
          if (p >= end || !is_digit (*p))
            return FALSE;
          /* Microseconds: the first six digits; more are truncated */
          f->usec = 0;
          for (; p < end && is_digit (*p); p++)
            if (frac_digits < 6)
              {
                f->usec = f->usec * 10 + (*p - '0');
                frac_digits++;
              }
          for (; frac_digits < 6; frac_digits++)
            f->usec *= 10;
          break;
        case STEP_OFFSET:
        default:
          if (!read_offset (&p, end, &f->offset))
            return FALSE;
          f->has_offset = TRUE;
          break;
        }
    }
  if (p != end)
    return FALSE;
  if (format->twelve_hour)
    {
      if (hour12 < 1 || hour12 > 12)
        return FALSE;
      /* 12 AM is midnight, 12 PM noon */
      f->hour = hour12 % 12 + (pm ? 12 : 0);
    }
  return TRUE;
}

gboolean
kpi_date_format_read (const KpiDateFormat *format,
                      const char          *text,
                      gsize                len,
                      KpiDateFields       *f)
{
  memset (f, 0, sizeof *f);

  if (format->fixed && len == format->fixed_len)
    {
      gboolean match = TRUE;

      for (guint i = 0; i < len; i++)
        {
          char e = format->template[i];

          if (e == 0 ? !is_digit (text[i]) : text[i] != e)
            {
              match = FALSE;
              break;
            }
        }
      if (match)
        {
          if (format->at_year >= 0)
            f->year = digits2 (text + format->at_year) * 100 + digits2 (text + format->at_year + 2);
          else
            f->year = year2_to_year (digits2 (text + format->at_year2));
          f->month = digits2 (text + format->at_month);
          f->day = digits2 (text + format->at_day);
          if (format->at_hour >= 0)
            f->hour = digits2 (text + format->at_hour);
          if (format->at_minute >= 0)
            f->minute = digits2 (text + format->at_minute);
          if (format->at_second >= 0)
            f->second = digits2 (text + format->at_second);
          goto check;
        }
    }

  if (!read_steps (format, text, len, f))
    return FALSE;

check:
  return f->month >= 1 && f->month <= 12 && f->day >= 1 && f->day <= 31 &&
         f->hour <= 23 && f->minute <= 59 && f->second <= 59;
}

/* ------------------------------------------------------------------------ */
/* Serial dates */

/* Days from 1899-12-30 to 1970-01-01, and serials up to 9999-12-31 */
#define SERIAL_EPOCH_DAYS 25569
#define SERIAL_END        2958466.0
#define MSEC_PER_DAY      G_GINT64_CONSTANT (86400000)

gboolean
kpi_date_serial_from_double (double  serial,
                             gint64 *days,
                             gint64 *usec_of_day)
{
  gint64 msec;

  if (!(serial >= 0 && serial < SERIAL_END))
    return FALSE;
  /* To the millisecond: a spreadsheet's time of day is a binary fraction
   * of a day (14:05 is 0.586805555…), which microseconds would show as
   * 14:04:59.999999. */
  msec = (gint64) llround (serial * (double) MSEC_PER_DAY);
  *days = msec / MSEC_PER_DAY - SERIAL_EPOCH_DAYS;
  *usec_of_day = (msec % MSEC_PER_DAY) * 1000;
  return TRUE;
}

gboolean
kpi_date_serial_read (const char *text,
                      gsize       len,
                      char        decimal,
                      gint64     *days,
                      gint64     *usec_of_day)
{
  double serial;

  for (gsize i = 0; i < len; i++)
    if (text[i] == 'e' || text[i] == 'E')
      return FALSE;   /* "4.5e4" is no way to write a date */
  if (!kpi_parse_number (text, len, decimal, 0, &serial))
    return FALSE;
  return kpi_date_serial_from_double (serial, days, usec_of_day);
}

/* ------------------------------------------------------------------------ */
/* Numeric dates, day or month first */

gboolean
kpi_numeric_date_scan (const char     *text,
                       gsize           len,
                       KpiNumericDate *d)
{
  const char *p = text;
  const char *end = text + len;

  memset (d, 0, sizeof *d);
  if (!read_number (&p, end, 1, 2, &d->first) || p >= end ||
      (*p != '/' && *p != '.' && *p != '-'))
    return FALSE;
  d->separator = *p++;
  if (!read_number (&p, end, 1, 2, &d->second) || p >= end || *p != d->separator)
    return FALSE;
  p++;
  if (!read_number (&p, end, 4, 4, &d->year))
    return FALSE;
  if (p == end)
    return TRUE;

  /* " H:MM[:SS][ AM|PM]" */
  if (*p != ' ')
    return FALSE;
  while (p < end && *p == ' ')
    p++;
  if (!read_number (&p, end, 1, 2, &d->hour) || p >= end || *p != ':')
    return FALSE;
  p++;
  if (end - p < 2 || !is_digit (p[0]) || !is_digit (p[1]))
    return FALSE;
  d->minute = digits2 (p);
  p += 2;
  if (p < end && *p == ':')
    {
      if (end - p < 3 || !is_digit (p[1]) || !is_digit (p[2]))
        return FALSE;
      d->sec = digits2 (p + 1);
      d->has_seconds = TRUE;
      p += 3;
    }
  d->has_time = TRUE;
  if (p < end)
    {
      gboolean pm;

      while (p < end && *p == ' ')
        p++;
      if (!read_ampm (&p, end, &pm) || p != end)
        return FALSE;
      if (d->hour < 1 || d->hour > 12)
        return FALSE;
      d->twelve_hour = TRUE;
      d->hour = d->hour % 12 + (pm ? 12 : 0);
    }
  return d->hour <= 23 && d->minute <= 59 && d->sec <= 59;
}

void
kpi_numeric_date_format (const KpiNumericDate *d,
                         gboolean              day_first,
                         char                  buf[32])
{
  char s = d->separator;

  g_snprintf (buf, 32, "%s%c%s%c%%Y%s%s%s",
              day_first ? "%d" : "%m", s, day_first ? "%m" : "%d", s,
              !d->has_time ? "" : d->twelve_hour ? " %I:%M" : " %H:%M",
              d->has_time && d->has_seconds ? ":%S" : "",
              d->twelve_hour ? " %p" : "");
}
