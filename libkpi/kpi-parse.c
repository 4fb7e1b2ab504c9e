/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-parse.c: numbers and ISO 8601 times, shared by the CSV and JSON loaders.
 *
 * Amounts (kpi_parse_amount) are numbers with what exports write around
 * them: a currency, a percent sign, accounting parentheses.
 *
 * Numbers and times are read once per cell of a file of millions of rows, so both are written
 * for the common case first: a short plain number converts with one exact
 * multiplication or division (Clinger's fast path), and a time whose date
 * (and, for local times, whose day in the zone) was seen just before costs a
 * few comparisons. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi-parse-private.h"
#include "kpi-parse-date-private.h"
#include "kpi-util-private.h"

/* ------------------------------------------------------------------------ */
/* Numbers                                                                  */
/* ------------------------------------------------------------------------ */

/* 10^0 .. 10^22 are exact doubles: the fast path multiplies or divides an
 * exact mantissa by one of them, which IEEE 754 rounds correctly. */
static const double exact_powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

#define MAX_MANTISSA_DIGITS 19  /* 10^19 - 1 < 2^64 */
#define MAX_EXACT_MANTISSA  (G_GUINT64_CONSTANT (1) << 53)
/* Beyond this an exponent makes the value overflow or underflow anyway; the
 * clamp keeps the arithmetic on it from overflowing an int. */
#define EXPONENT_CLAMP      100000

static inline gboolean
is_digit (char c)
{
  return (guint) (c - '0') < 10;
}

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* Length of the thousands separator at @p (0 if none).  A ' ' separator also
 * matches the no-break spaces that spreadsheets write, U+00A0 and U+202F,
 * and a '\'' separator the typographic apostrophe U+2019 (Swiss exports):
 * the option stays one byte, and the multi-byte forms cost a comparison
 * only where the byte itself is not there. */
static inline gsize
thousands_separator_at (const char *p,
                        const char *end,
                        char        thousands)
{
  if (*p == thousands)
    return 1;
  if (thousands == ' ')
    {
      if (end - p >= 2 && (guchar) p[0] == 0xC2 && (guchar) p[1] == 0xA0)
        return 2;
      if (end - p >= 3 && (guchar) p[0] == 0xE2 && (guchar) p[1] == 0x80 &&
          (guchar) p[2] == 0xAF)
        return 3;
    }
  else if (thousands == '\'')
    {
      if (end - p >= 3 && (guchar) p[0] == 0xE2 && (guchar) p[1] == 0x80 &&
          (guchar) p[2] == 0x99)
        return 3;
    }
  return 0;
}

/* The slow path: the significant text rewritten as "-DDDDe-N" (no
 * separators, no decimal sign), through g_ascii_strtod, which rounds
 * correctly whatever the number of digits.  @start..@end holds the digits,
 * separators and decimal sign as kpi_parse_number accepted them. */
static gboolean
parse_number_slow (gboolean    negative,
                   const char *start,
                   const char *end,
                   char        decimal,
                   int         exponent,
                   double     *value)
{
  char stack_buf[256];
  char *buf = stack_buf;
  gsize needed = (end - start) + 32;
  gboolean in_fraction = FALSE;
  char *q;
  double d;

  if (needed > sizeof stack_buf)
    buf = g_malloc (needed);

  q = buf;
  if (negative)
    *q++ = '-';
  for (const char *p = start; p < end; p++)
    {
      if (is_digit (*p))
        {
          *q++ = *p;
          if (in_fraction)
            exponent--;
        }
      else if (*p == decimal)
        in_fraction = TRUE;
      else if (*p == 'e' || *p == 'E')
        break;
      /* else: a byte of a thousands separator */
    }
  g_snprintf (q, 16, "e%d", exponent);

  d = g_ascii_strtod (buf, NULL);
  if (buf != stack_buf)
    g_free (buf);

  /* A finite result of an underflow is the closest double (0 or a
   * subnormal), the right answer; an overflow is refused. */
  if (!isfinite (d))
    return FALSE;
  *value = d;
  return TRUE;
}

/* kpi_parse_number, the value times 10^@shift (rounded once) */
static gboolean
parse_number_scaled (const char *text,
                     gsize       len,
                     char        decimal,
                     char        thousands,
                     int         shift,
                     double     *value)
{
  const char *p = text;
  const char *end = text + len;
  gboolean negative = FALSE;
  guint64 mantissa = 0;
  int n_significant = 0;   /* digits in mantissa, leading zeros excluded */
  int dropped_exp = 0;     /* power of ten of the digits not in mantissa */
  int frac_exp = 0;        /* minus the number of fraction digits kept */
  gboolean truncated = FALSE;
  gboolean any_digit = FALSE;
  int exponent = 0;
  int exp10;
  const char *int_start;

  /* A separator equal to the decimal sign would make "1,234" ambiguous */
  if (thousands == decimal)
    thousands = 0;

  while (p < end && is_blank (*p))
    p++;
  while (end > p && is_blank (end[-1]))
    end--;
  if (p == end)
    return FALSE;

  if (*p == '-' || *p == '+')
    {
      negative = (*p == '-');
      p++;
    }

  /* Integer part, with optional thousands groups: the first group has one to
   * three digits, every later one exactly three, so that "1,23" is not read
   * as 123 when ',' is the thousands separator. */
  int_start = p;
  {
    int group = 0;
    gboolean grouped = FALSE;

    for (;;)
      {
        if (p < end && is_digit (*p))
          {
            guint d = (guint) (*p - '0');

            any_digit = TRUE;
            if (n_significant < MAX_MANTISSA_DIGITS)
              {
                mantissa = mantissa * 10 + d;
                if (mantissa != 0)
                  n_significant++;
              }
            else
              {
                dropped_exp++;
                if (d != 0)
                  truncated = TRUE;
              }
            group++;
            p++;
            continue;
          }
        if (thousands != 0 && p < end && p != int_start)
          {
            gsize sep = thousands_separator_at (p, end, thousands);

            if (sep > 0)
              {
                /* The digits before: 1..3 for the first group, 3 after */
                if (grouped ? group != 3 : (group < 1 || group > 3))
                  return FALSE;
                grouped = TRUE;
                group = 0;
                p += sep;
                /* A separator must be followed by a digit */
                if (p >= end || !is_digit (*p))
                  return FALSE;
                continue;
              }
          }
        break;
      }
    if (grouped && group != 3)
      return FALSE;
  }

  if (p < end && *p == decimal)
    {
      p++;
      while (p < end && is_digit (*p))
        {
          guint d = (guint) (*p - '0');

          any_digit = TRUE;
          if (n_significant < MAX_MANTISSA_DIGITS)
            {
              mantissa = mantissa * 10 + d;
              if (mantissa != 0)
                n_significant++;
              frac_exp--;
            }
          else if (d != 0)
            truncated = TRUE;
          p++;
        }
    }

  if (!any_digit)
    return FALSE;

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      gboolean exp_negative = FALSE;

      p++;
      if (p < end && (*p == '-' || *p == '+'))
        {
          exp_negative = (*p == '-');
          p++;
        }
      if (p == end || !is_digit (*p))
        return FALSE;
      while (p < end && is_digit (*p))
        {
          if (exponent < EXPONENT_CLAMP)
            exponent = exponent * 10 + (*p - '0');
          p++;
        }
      if (exp_negative)
        exponent = -exponent;
    }

  if (p != end)
    return FALSE;

  exponent += shift;
  exp10 = exponent + dropped_exp + frac_exp;

  if (mantissa == 0 && !truncated)
    {
      *value = negative ? -0.0 : 0.0;
      return TRUE;
    }

  /* Clinger's fast path: both operands exact, one correctly rounded op. */
  if (!truncated && mantissa <= MAX_EXACT_MANTISSA &&
      exp10 >= -22 && exp10 <= 22)
    {
      double d = (double) mantissa;

      if (exp10 >= 0)
        d *= exact_powers_of_ten[exp10];
      else
        d /= exact_powers_of_ten[-exp10];
      *value = negative ? -d : d;
      return TRUE;
    }

  /* Slow path: many digits, or a power of ten beyond the exact ones */
  return parse_number_slow (negative, int_start, p, decimal, exponent, value);
}

gboolean
kpi_parse_number (const char *text,
                  gsize       len,
                  char        decimal,
                  char        thousands,
                  double     *value)
{
  return parse_number_scaled (text, len, decimal, thousands, 0, value);
}

/* ------------------------------------------------------------------------ */
/* Amounts: numbers with a currency, a percent sign, accounting negatives   */
/* ------------------------------------------------------------------------ */

/* The ISO 4217 codes an export commonly writes, in alphabetical order (a
 * binary search).  Three upper-case letters that are not here are text: a
 * code of a product or a region must not turn a column into amounts. */
static const char iso_currencies[][4] = {
  "AED", "ARS", "AUD", "BGN", "BRL", "CAD", "CHF", "CLP", "CNY", "COP", "CZK",
  "DKK", "EGP", "EUR", "GBP", "HKD", "HUF", "IDR", "ILS", "INR", "ISK", "JPY",
  "KRW", "KWD", "MAD", "MXN", "MYR", "NGN", "NOK", "NZD", "PEN", "PHP", "PKR",
  "PLN", "QAR", "RON", "RSD", "RUB", "SAR", "SEK", "SGD", "THB", "TND", "TRY",
  "TWD", "UAH", "USD", "VND", "XAF", "XOF", "ZAR",
};

/* The symbols, and the code each stands for */
static const struct
{
  const char *symbol;
  gsize       len;
  const char *code;
} currency_symbols[] = {
  { "\xe2\x82\xac", 3, "EUR" },   /* € */
  { "$", 1, "USD" },
  { "\xc2\xa3", 2, "GBP" },       /* £ */
  { "\xc2\xa5", 2, "JPY" },       /* ¥ */
};

const char *
kpi_currency_code (const char *text,
                   gsize       len)
{
  gsize lo = 0, hi = G_N_ELEMENTS (iso_currencies);

  if (len != 3)
    return NULL;
  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;
      int cmp = memcmp (text, iso_currencies[mid], 3);

      if (cmp == 0)
        return iso_currencies[mid];
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  return NULL;
}

static inline gboolean
is_upper (char c)
{
  return (guint) (c - 'A') < 26;
}

static inline gboolean
is_letter (char c)
{
  return is_upper (c) || (guint) (c - 'a') < 26;
}

/* A currency at the start of @p..@end: its length, and its code in @code */
static gsize
currency_prefix (const char  *p,
                 const char  *end,
                 const char **code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (currency_symbols); i++)
    if ((gsize) (end - p) >= currency_symbols[i].len &&
        memcmp (p, currency_symbols[i].symbol, currency_symbols[i].len) == 0)
      {
        *code = currency_symbols[i].code;
        return currency_symbols[i].len;
      }
  if (end - p >= 3 && is_upper (p[0]) && (end - p == 3 || !is_letter (p[3])))
    {
      *code = kpi_currency_code (p, 3);
      return *code != NULL ? 3 : 0;
    }
  return 0;
}

/* A currency at the end of @start..@end: its length, and its code */
static gsize
currency_suffix (const char  *start,
                 const char  *end,
                 const char **code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (currency_symbols); i++)
    if ((gsize) (end - start) >= currency_symbols[i].len &&
        memcmp (end - currency_symbols[i].len, currency_symbols[i].symbol,
                currency_symbols[i].len) == 0)
      {
        *code = currency_symbols[i].code;
        return currency_symbols[i].len;
      }
  if (end - start >= 3 && is_upper (end[-1]) &&
      (end - start == 3 || !is_letter (end[-4])))
    {
      *code = kpi_currency_code (end - 3, 3);
      return *code != NULL ? 3 : 0;
    }
  return 0;
}

/* Spaces around the parts of an amount: blanks and the no-break spaces
 * U+00A0 and U+202F ("1 234,56 €", "12,5 %") */
static inline gsize
space_at (const char *p,
          const char *end)
{
  if (p >= end)
    return 0;
  if (is_blank (*p))
    return 1;
  if (end - p >= 2 && (guchar) p[0] == 0xC2 && (guchar) p[1] == 0xA0)
    return 2;
  if (end - p >= 3 && (guchar) p[0] == 0xE2 && (guchar) p[1] == 0x80 &&
      (guchar) p[2] == 0xAF)
    return 3;
  return 0;
}

static inline gsize
space_before (const char *start,
              const char *end)
{
  if (end <= start)
    return 0;
  if (is_blank (end[-1]))
    return 1;
  if (end - start >= 2 && (guchar) end[-2] == 0xC2 && (guchar) end[-1] == 0xA0)
    return 2;
  if (end - start >= 3 && (guchar) end[-3] == 0xE2 && (guchar) end[-2] == 0x80 &&
      (guchar) end[-1] == 0xAF)
    return 3;
  return 0;
}

static inline const char *
skip_spaces (const char *p,
             const char *end)
{
  gsize n;

  while ((n = space_at (p, end)) > 0)
    p += n;
  return p;
}

static inline const char *
trim_spaces (const char *start,
             const char *end)
{
  gsize n;

  while ((n = space_before (start, end)) > 0)
    end -= n;
  return end;
}

/* The forms of most amounts, in one pass over the bytes: an optional '-',
 * digits in groups, a decimal part, and an optional currency after a space
 * or not ("1 234,56 €", "-1.234,56", "99,5EUR"), of at most 15 digits.
 * Returns FALSE for anything else, which kpi_parse_amount's general path
 * then reads. */
static inline gboolean
parse_amount_fast (const char  *p,
                   const char  *end,
                   char         decimal,
                   char         thousands,
                   int          shift,
                   double      *value,
                   const char **currency)
{
  gboolean negative = FALSE;
  guint64 mantissa = 0;
  int n_digits = 0, n_fraction = 0, group = 0, exp10;
  gboolean grouped = FALSE;
  double d;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (p == end || !is_digit (*p))
    return FALSE;
  for (;;)
    {
      gsize sep;

      if (p < end && is_digit (*p))
        {
          mantissa = mantissa * 10 + (guint) (*p++ - '0');
          n_digits++;
          group++;
          continue;
        }
      if (p == end || thousands == 0 ||
          (sep = thousands_separator_at (p, end, thousands)) == 0)
        break;
      if (grouped ? group != 3 : group > 3)
        return FALSE;
      grouped = TRUE;
      group = 0;
      p += sep;
      if (p == end || !is_digit (*p))
        return FALSE;
    }
  if (grouped && group != 3)
    return FALSE;
  if (p < end && *p == decimal)
    {
      const char *fraction = ++p;

      while (p < end && is_digit (*p))
        mantissa = mantissa * 10 + (guint) (*p++ - '0');
      n_fraction = (int) (p - fraction);
      n_digits += n_fraction;
    }
  if (n_digits > 15)
    return FALSE;

  *currency = NULL;
  if (p < end)
    {
      gsize n;

      p += space_at (p, end);
      n = currency_prefix (p, end, currency);
      if (n == 0 || p + n != end)
        return FALSE;
    }

  /* Below 10^15, exact; one correctly rounded operation */
  exp10 = shift - n_fraction;
  d = (double) mantissa;
  if (exp10 < 0)
    d /= exact_powers_of_ten[-exp10];
  else
    d *= exact_powers_of_ten[exp10];
  *value = negative ? -d : d;
  return TRUE;
}

gsize
kpi_amount_currency_suffix (const char  *text,
                            gsize        len,
                            char         decimal,
                            const char **code)
{
  const char *p = text;
  const char *end = text + len;
  const char *suffix;
  gsize n;

  /* The number: what the loaders' plain fast paths read */
  if (p < end && *p == '-')
    p++;
  while (p < end && (is_digit (*p) || *p == decimal))
    p++;
  if (p == text || p == end)
    return 0;
  suffix = p;
  p += space_at (p, end);
  n = currency_prefix (p, end, code);
  if (n == 0 || p + n != end)
    return 0;
  return end - suffix;
}

gboolean
kpi_parse_amount (const char    *text,
                  gsize          len,
                  char           decimal,
                  char           thousands,
                  int            shift,
                  double        *value,
                  KpiAmountInfo *info)
{
  const char *p = text;
  const char *end = text + len;
  const char *currency = NULL;
  char sign = 0;              /* '+' or '-' written before the number */
  gboolean parens = FALSE;
  gboolean trailing_minus = FALSE;
  gboolean percent = FALSE;
  gsize n;
  double d;

  info->currency = NULL;
  info->percent = FALSE;

  p = skip_spaces (p, end);
  end = trim_spaces (p, end);
  if (p == end)
    return FALSE;

  /* The common cases: a number alone ("1234.5", "-1 234,56"), or with a
   * currency after it ("1 234,56 €") */
  if (parse_amount_fast (p, end, decimal, thousands, shift, value, &info->currency))
    return TRUE;
  if (is_digit (end[-1]) && (is_digit (*p) || *p == '-') &&
      parse_number_scaled (p, end - p, decimal, thousands, shift, value))
    return TRUE;

  /* From the left: a sign, an opening parenthesis, a currency, a sign
   * after the currency ("-€5", "(€5)", "€(5)", "USD -5") */
  if (*p == '-' || *p == '+')
    {
      sign = *p++;
      p = skip_spaces (p, end);
    }
  if (p < end && *p == '(' && sign == 0)
    {
      parens = TRUE;
      p = skip_spaces (p + 1, end);
    }
  if ((n = currency_prefix (p, end, &currency)) > 0)
    p = skip_spaces (p + n, end);
  if (p < end && *p == '(' && sign == 0 && !parens)
    {
      parens = TRUE;
      p = skip_spaces (p + 1, end);
    }
  if (p < end && (*p == '-' || *p == '+') && sign == 0 && !parens)
    {
      sign = *p++;
      p = skip_spaces (p, end);
    }

  /* From the right: a currency after a closing parenthesis, the
   * parenthesis, a currency inside it, a percent sign, a trailing minus
   * ("(5) €", "(5 €)", "5 €", "12,5 %", "1234,56-") */
  if (currency == NULL && parens && (n = currency_suffix (p, end, &currency)) > 0)
    end = trim_spaces (p, end - n);
  if (parens)
    {
      if (end <= p || end[-1] != ')')
        return FALSE;
      end = trim_spaces (p, end - 1);
    }
  if (currency == NULL && (n = currency_suffix (p, end, &currency)) > 0)
    end = trim_spaces (p, end - n);
  /* The minus goes after the percent sign or before it ("12,5 %-") */
  if (end > p && end[-1] == '-' && sign == 0 && !parens)
    {
      trailing_minus = TRUE;
      end--;
    }
  if (end > p && end[-1] == '%')
    {
      percent = TRUE;
      end = trim_spaces (p, end - 1);
    }
  if (end > p && end[-1] == '-' && sign == 0 && !parens && !trailing_minus)
    {
      trailing_minus = TRUE;
      end--;
    }

  /* What is left is the number itself, without a sign of its own; a
   * percentage has no currency. */
  if (p == end || !(is_digit (*p) || *p == decimal) || (percent && currency != NULL))
    return FALSE;
  if (!parse_number_scaled (p, end - p, decimal, thousands, shift, &d))
    return FALSE;
  if (sign == '-' || parens || trailing_minus)
    d = -d;
  *value = d;
  info->currency = currency;
  info->percent = percent;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Times                                                                    */
/* ------------------------------------------------------------------------ */

#define USEC_PER_SECOND G_GINT64_CONSTANT (1000000)
#define SECONDS_PER_DAY G_GINT64_CONSTANT (86400)

typedef enum {
  TIME_ISO,       /* ISO 8601 only */
  TIME_DETECT,    /* nothing read yet: ISO, else numeric dates */
  TIME_NUMERIC,   /* numeric dates, day or month first */
  TIME_FORMAT,    /* a date format option */
  TIME_SERIAL,    /* spreadsheet serial dates */
} TimeMode;

#define DATE_CACHE_SIZE 512   /* a power of 2 */

typedef struct
{
  guint64 key[2];      /* the text, zero padded; key[0] == 0: free */
  gint64  usec;
} DateCacheEntry;

typedef enum {
  ORDER_UNKNOWN,
  ORDER_DAY_FIRST,
  ORDER_MONTH_FIRST,
} DateOrder;

struct _KpiTimeParser
{
  GTimeZone *zone;
  gboolean   utc;           /* the zone is UTC: no lookups at all */

  /* Last date text (YYYY-MM-DD) and its day number since 1970-01-01 */
  char       date_text[10];
  gint64     date_days;
  gboolean   date_valid;

  /* Local day (days since the epoch, local calendar) whose every second has
   * the same UTC offset, and that offset (seconds). */
  gint64     zone_day;
  gint32     zone_day_offset;
  gboolean   zone_day_valid;

  /* The same for one local hour, for days with a transition. */
  gint64     zone_hour;
  gint32     zone_hour_offset;
  gboolean   zone_hour_valid;

  /* How texts are read, see kpi_time_parser_set_format */
  TimeMode       mode;
  KpiDateFormat *format;          /* TIME_FORMAT, TIME_SERIAL */
  char           decimal;         /* TIME_SERIAL */
  /* Detection of numeric dates (TIME_NUMERIC): the shape of the first
   * value, the order once a value decided it, whether values read day
   * first while it was undecided would read otherwise month first, the
   * first of them (for the message), and whether the values read so far
   * must be read again. */
  KpiNumericDate shape;
  DateOrder      order;
  gboolean       provisional;
  char          *ambiguous;
  gboolean       restart;
  char          *expected;        /* the last kpi_time_parser_expected */

  /* Texts of up to 16 bytes read otherwise than as ISO 8601, and their
   * instants: unsorted exports repeat a few hundred dates in any order,
   * and a probe costs less than reading a date with a format.  Emptied
   * when the order of numeric dates changes. */
  DateCacheEntry date_cache[DATE_CACHE_SIZE];
};

KpiTimeParser *
kpi_time_parser_new (GTimeZone *zone)
{
  KpiTimeParser *parser = g_new0 (KpiTimeParser, 1);

  parser->zone = zone != NULL ? g_time_zone_ref (zone) : g_time_zone_new_utc ();
  /* A zone is "UTC" for our purpose when it has a single interval with a
   * zero offset: g_time_zone_find_interval then always finds interval 0. */
  parser->utc = g_strcmp0 (g_time_zone_get_identifier (parser->zone), "UTC") == 0;
  if (!parser->utc && g_time_zone_get_offset (parser->zone, 0) == 0 &&
      g_time_zone_find_interval (parser->zone, G_TIME_TYPE_STANDARD,
                                 G_GINT64_CONSTANT (4102444800)) == 0 &&
      g_time_zone_find_interval (parser->zone, G_TIME_TYPE_STANDARD,
                                 G_GINT64_CONSTANT (-2208988800)) == 0)
    parser->utc = TRUE;
  return parser;
}

void
kpi_time_parser_free (KpiTimeParser *parser)
{
  if (parser == NULL)
    return;
  g_time_zone_unref (parser->zone);
  kpi_date_format_free (parser->format);
  g_free (parser->ambiguous);
  g_free (parser->expected);
  g_free (parser);
}

static inline int
days_in_month (int year, int month)
{
  static const guint8 days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
    return 29;
  return days[month - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static inline gint64
days_from_civil (int y, int m, int d)
{
  gint64 era;
  int yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (int) (y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static inline gboolean
two_digits (const char *p, int *out)
{
  if (!is_digit (p[0]) || !is_digit (p[1]))
    return FALSE;
  *out = (p[0] - '0') * 10 + (p[1] - '0');
  return TRUE;
}

/* Parses YYYY-MM-DD at @p (10 bytes available) into days since the epoch. */
static gboolean
parse_date (KpiTimeParser *parser,
            const char    *p,
            gint64        *days)
{
  int year, month, day, hi, lo;

  if (parser->date_valid && memcmp (p, parser->date_text, 10) == 0)
    {
      *days = parser->date_days;
      return TRUE;
    }

  if (!two_digits (p, &hi) || !two_digits (p + 2, &lo) || p[4] != '-' ||
      !two_digits (p + 5, &month) || p[7] != '-' || !two_digits (p + 8, &day))
    return FALSE;
  year = hi * 100 + lo;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month (year, month))
    return FALSE;

  *days = days_from_civil (year, month, day);
  memcpy (parser->date_text, p, 10);
  parser->date_days = *days;
  parser->date_valid = TRUE;
  return TRUE;
}

/* UTC offset (seconds) that applies to local time @local (seconds since the
 * epoch, local calendar), with GDateTime's semantics: a time in a gap (spring
 * forward) moves forward by the gap, an ambiguous time (fall back) is read as
 * standard time.  Returns local - utc. */
static gint32
zone_offset_slow (GTimeZone *zone,
                  gint64     local)
{
  gint64 adjusted = local;
  int interval;

  interval = g_time_zone_adjust_time (zone, G_TIME_TYPE_STANDARD, &adjusted);
  /* utc = adjusted - offset; report the offset as seen from @local */
  return (gint32) (local - (adjusted - g_time_zone_get_offset (zone, interval)));
}

/* Whether every second of [first, last] gets the same offset, checked at both
 * ends: zones change offset at most twice a year, so a span whose ends agree
 * has no transition inside. */
static gboolean
zone_span_uniform (GTimeZone *zone,
                   gint64     first,
                   gint64     last,
                   gint32    *offset)
{
  gint32 a = zone_offset_slow (zone, first);
  gint32 b = zone_offset_slow (zone, last);
  gint64 t;

  if (a != b)
    return FALSE;
  /* A gap anywhere would show as adjust_time moving a time: check that the
   * ends are not moved (a gap strictly inside is caught by a != b). */
  t = first;
  g_time_zone_adjust_time (zone, G_TIME_TYPE_STANDARD, &t);
  if (t != first)
    return FALSE;
  t = last;
  g_time_zone_adjust_time (zone, G_TIME_TYPE_STANDARD, &t);
  if (t != last)
    return FALSE;
  *offset = a;
  return TRUE;
}

static gint64
local_to_utc (KpiTimeParser *parser,
              gint64         days,
              gint64         local)
{
  gint64 hour;
  gint32 offset;

  if (parser->utc)
    return local;

  /* Most data are sorted by time: the day (or hour) is the last one seen. */
  if (parser->zone_day_valid && parser->zone_day == days)
    return local - parser->zone_day_offset;

  hour = local / 3600 - (local % 3600 < 0);
  if (parser->zone_hour_valid && parser->zone_hour == hour)
    return local - parser->zone_hour_offset;

  if (zone_span_uniform (parser->zone, days * SECONDS_PER_DAY,
                         days * SECONDS_PER_DAY + SECONDS_PER_DAY - 1, &offset))
    {
      parser->zone_day = days;
      parser->zone_day_offset = offset;
      parser->zone_day_valid = TRUE;
      return local - offset;
    }
  if (zone_span_uniform (parser->zone, hour * 3600, hour * 3600 + 3599, &offset))
    {
      parser->zone_hour = hour;
      parser->zone_hour_offset = offset;
      parser->zone_hour_valid = TRUE;
      return local - offset;
    }

  /* The hour of a transition itself: no cache. */
  return local - zone_offset_slow (parser->zone, local);
}

static inline gboolean
parse_iso (KpiTimeParser *parser,
           const char    *text,
           gsize          len,
           gint64        *usec)
{
  const char *p;
  const char *end = text + len;
  gint64 days;
  int hour, minute, second = 0;
  gint64 fraction = 0;   /* microseconds */
  gint64 seconds;
  gboolean has_offset = FALSE;
  int offset = 0;        /* seconds east of UTC */

  if (len < 10 || !parse_date (parser, text, &days))
    return FALSE;

  if (len == 10)
    {
      *usec = local_to_utc (parser, days, days * SECONDS_PER_DAY) * USEC_PER_SECOND;
      return TRUE;
    }

  p = text + 10;
  if (*p != 'T' && *p != 't' && *p != ' ')
    return FALSE;
  p++;

  /* HH:MM */
  if (end - p < 5 || !two_digits (p, &hour) || p[2] != ':' ||
      !two_digits (p + 3, &minute))
    return FALSE;
  if (hour > 23 || minute > 59)
    return FALSE;
  p += 5;

  /* :SS[.fraction] */
  if (p < end && *p == ':')
    {
      if (end - p < 3 || !two_digits (p + 1, &second) || second > 59)
        return FALSE;
      p += 3;
      if (p < end && (*p == '.' || *p == ','))
        {
          int n = 0;

          p++;
          if (p == end || !is_digit (*p))
            return FALSE;
          /* Microseconds: the first six digits; more are truncated. */
          while (p < end && is_digit (*p))
            {
              if (n < 6)
                {
                  fraction = fraction * 10 + (*p - '0');
                  n++;
                }
              p++;
            }
          for (; n < 6; n++)
            fraction *= 10;
        }
    }

  /* Z | +HH:MM | -HH:MM | +HHMM | +HH */
  if (p < end)
    {
      if (*p == 'Z' || *p == 'z')
        {
          has_offset = TRUE;
          p++;
        }
      else if (*p == '+' || *p == '-')
        {
          int sign = *p == '-' ? -1 : 1;
          int oh, om = 0;

          p++;
          if (end - p < 2 || !two_digits (p, &oh))
            return FALSE;
          p += 2;
          if (p < end && *p == ':')
            {
              if (end - p < 3 || !two_digits (p + 1, &om))
                return FALSE;
              p += 3;
            }
          else if (end - p >= 2 && is_digit (p[0]))
            {
              if (!two_digits (p, &om))
                return FALSE;
              p += 2;
            }
          if (oh > 23 || om > 59)
            return FALSE;
          has_offset = TRUE;
          offset = sign * (oh * 3600 + om * 60);
        }
    }

  if (p != end)
    return FALSE;

  seconds = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
  if (has_offset)
    seconds -= offset;
  else
    seconds = local_to_utc (parser, days, seconds);

  *usec = seconds * USEC_PER_SECOND + fraction;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Times written otherwise: a date format, serial dates, detection          */
/* ------------------------------------------------------------------------ */

/* A civil date and time, local unless it has an offset */
static gboolean
fields_to_usec (KpiTimeParser       *parser,
                const KpiDateFields *f,
                gint64              *usec)
{
  gint64 days, seconds;

  if (f->day > days_in_month (f->year, f->month))
    return FALSE;
  days = days_from_civil (f->year, f->month, f->day);
  seconds = days * SECONDS_PER_DAY + f->hour * 3600 + f->minute * 60 + f->second;
  if (f->has_offset)
    seconds -= f->offset;
  else
    seconds = local_to_utc (parser, days, seconds);
  *usec = seconds * USEC_PER_SECOND + f->usec;
  return TRUE;
}

static gboolean
serial_to_usec (KpiTimeParser *parser,
                gint64         days,
                gint64         usec_of_day,
                gint64        *usec)
{
  gint64 local = days * SECONDS_PER_DAY + usec_of_day / USEC_PER_SECOND;

  *usec = local_to_utc (parser, days, local) * USEC_PER_SECOND + usec_of_day % USEC_PER_SECOND;
  return TRUE;
}

/* A numeric date, day first or month first as the column's values decide:
 * a first field above 12 makes them day first, a second one month first.
 * Until one does, values are read day first; a value whose two readings
 * differ is remembered, so that a later decision for month first has them
 * read again (see kpi_time_parser_take_restart), and a column that never
 * decides is refused (kpi_time_parser_ambiguity). */
static gboolean
parse_numeric (KpiTimeParser *parser,
               const char    *text,
               gsize          len,
               gint64        *usec)
{
  KpiNumericDate d;
  KpiDateFields f = { 0 };
  gboolean day_first;

  if (!kpi_numeric_date_scan (text, len, &d) || d.separator != parser->shape.separator)
    return FALSE;
  if (G_UNLIKELY (parser->order == ORDER_UNKNOWN))
    {
      if (d.first > 12 && d.second > 12)
        return FALSE;
      if (d.first > 12)
        parser->order = ORDER_DAY_FIRST;
      else if (d.second > 12)
        {
          parser->order = ORDER_MONTH_FIRST;
          if (parser->provisional)
            {
              parser->restart = TRUE;
              return FALSE;
            }
        }
      else if (d.first != d.second && d.first >= 1 && d.second >= 1 &&
               !parser->provisional)
        {
          parser->provisional = TRUE;
          parser->ambiguous = g_strndup (text, len);
        }
    }
  day_first = parser->order != ORDER_MONTH_FIRST;
  f.year = d.year;
  f.month = day_first ? d.second : d.first;
  f.day = day_first ? d.first : d.second;
  f.hour = d.hour;
  f.minute = d.minute;
  f.second = d.sec;
  if (f.month < 1 || f.month > 12 || f.day < 1)
    return FALSE;
  return fields_to_usec (parser, &f, usec);
}

static gboolean parse_other_uncached (KpiTimeParser *parser,
                                      const char    *text,
                                      gsize          len,
                                      gint64        *usec);

static G_NO_INLINE gboolean
parse_other (KpiTimeParser *parser,
             const char    *text,
             gsize          len,
             gint64        *usec)
{
  guint64 key[2] = { 0, 0 };
  DateCacheEntry *entry;
  DateOrder order = parser->order;
  gboolean ok;
  guint64 h;

  /* A text's instant depends on the text alone once the mode is set (the
   * order of numeric dates aside, see below): what was read once is read
   * from the cache.  (A value that changes the detection's state does so
   * the first time it is read, never again.) */
  if (len == 0 || len > sizeof key || text[0] == '\0' || parser->mode == TIME_DETECT)
    return parse_other_uncached (parser, text, len, usec);
  memcpy (key, text, len);
  h = (key[0] ^ (key[1] * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15))) *
      G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  entry = &parser->date_cache[(h >> 40) & (DATE_CACHE_SIZE - 1)];
  if (entry->key[0] == key[0] && entry->key[1] == key[1])
    {
      *usec = entry->usec;
      return TRUE;
    }
  ok = parse_other_uncached (parser, text, len, usec);
  if (parser->order != order)
    memset (parser->date_cache, 0, sizeof parser->date_cache);
  if (!ok)
    return FALSE;
  entry->key[0] = key[0];
  entry->key[1] = key[1];
  entry->usec = *usec;
  return TRUE;
}

static gboolean
parse_other_uncached (KpiTimeParser *parser,
                      const char    *text,
                      gsize          len,
                      gint64        *usec)
{
  switch (parser->mode)
    {
    case TIME_DETECT:
      /* The first value decides: ISO 8601 as always, else numeric dates */
      if (parse_iso (parser, text, len, usec))
        {
          parser->mode = TIME_ISO;
          return TRUE;
        }
      if (!kpi_numeric_date_scan (text, len, &parser->shape))
        return FALSE;
      parser->mode = TIME_NUMERIC;
      return parse_numeric (parser, text, len, usec);

    case TIME_NUMERIC:
      return parse_numeric (parser, text, len, usec);

    case TIME_FORMAT:
      {
        KpiDateFields f;

        return kpi_date_format_read (parser->format, text, len, &f) &&
               fields_to_usec (parser, &f, usec);
      }

    case TIME_SERIAL:
      {
        gint64 days, usec_of_day;

        return kpi_date_serial_read (text, len, parser->decimal, &days, &usec_of_day) &&
               serial_to_usec (parser, days, usec_of_day, usec);
      }

    case TIME_ISO:
    default:
      return parse_iso (parser, text, len, usec);
    }
}

gboolean
kpi_time_parser_parse (KpiTimeParser *parser,
                       const char    *text,
                       gsize          len,
                       gint64        *usec)
{
  if (G_LIKELY (parser->mode == TIME_ISO))
    return parse_iso (parser, text, len, usec);
  return parse_other (parser, text, len, usec);
}

gboolean
kpi_time_parser_set_format (KpiTimeParser  *parser,
                            const char     *format,
                            char            decimal,
                            char          **message)
{
  KpiDateFormat *compiled = NULL;

  if (format != NULL && (compiled = kpi_date_format_new (format, message)) == NULL)
    return FALSE;
  kpi_date_format_free (parser->format);
  parser->format = compiled;
  parser->decimal = decimal;
  parser->mode = compiled == NULL ? TIME_DETECT
               : kpi_date_format_is_serial (compiled) ? TIME_SERIAL : TIME_FORMAT;
  parser->order = ORDER_UNKNOWN;
  parser->provisional = FALSE;
  parser->restart = FALSE;
  g_clear_pointer (&parser->ambiguous, g_free);
  memset (parser->date_cache, 0, sizeof parser->date_cache);
  return TRUE;
}

gboolean
kpi_time_parser_parse_serial (KpiTimeParser *parser,
                              double         serial,
                              gint64        *usec)
{
  gint64 days, usec_of_day;

  return parser->mode == TIME_SERIAL &&
         kpi_date_serial_from_double (serial, &days, &usec_of_day) &&
         serial_to_usec (parser, days, usec_of_day, usec);
}

gboolean
kpi_time_parser_takes_serials (KpiTimeParser *parser)
{
  return parser->mode == TIME_SERIAL;
}

gboolean
kpi_time_parser_take_restart (KpiTimeParser *parser)
{
  gboolean restart = parser->restart;

  parser->restart = FALSE;
  return restart;
}

const char *
kpi_time_parser_expected (KpiTimeParser *parser)
{
  char day_first[32], month_first[32];

  g_free (parser->expected);
  switch (parser->mode)
    {
    case TIME_FORMAT:
      parser->expected = g_strdup_printf ("a date as %s", kpi_date_format_get_text (parser->format));
      break;
    case TIME_SERIAL:
      parser->expected = g_strdup_printf ("a spreadsheet serial date (days since 1899-12-30, "
                                          "such as 45707 or 45707%c5)", parser->decimal);
      break;
    case TIME_NUMERIC:
      kpi_numeric_date_format (&parser->shape, TRUE, day_first);
      kpi_numeric_date_format (&parser->shape, FALSE, month_first);
      if (parser->order == ORDER_UNKNOWN)
        parser->expected = g_strdup_printf ("a date as %s or %s", day_first, month_first);
      else
        parser->expected = g_strdup_printf ("a date as %s", parser->order == ORDER_DAY_FIRST
                                                            ? day_first : month_first);
      break;
    case TIME_ISO:
    case TIME_DETECT:
    default:
      parser->expected = g_strdup ("an ISO 8601 date (YYYY-MM-DD) or date-time");
      break;
    }
  return parser->expected;
}

char *
kpi_time_parser_ambiguity (KpiTimeParser *parser,
                           const char    *column)
{
  static const char *const months[] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
  };
  KpiNumericDate d;
  char day_first[32], month_first[32];
  g_autofree char *shown = NULL;

  if (parser->mode != TIME_NUMERIC || parser->order != ORDER_UNKNOWN ||
      !parser->provisional ||
      !kpi_numeric_date_scan (parser->ambiguous, strlen (parser->ambiguous), &d))
    return NULL;

  kpi_numeric_date_format (&parser->shape, TRUE, day_first);
  kpi_numeric_date_format (&parser->shape, FALSE, month_first);
  shown = kpi_text_for_message (parser->ambiguous, -1, KPI_MESSAGE_QUOTE_CHARS);
  return g_strdup_printf ("column “%s”: “%s” reads as %d %s %d (day first) or %d %s %d "
                          "(month first); set the date format (--date-format %s or %s)",
                          column, shown,
                          d.first, months[d.second - 1], d.year,
                          d.second, months[d.first - 1], d.year,
                          day_first, month_first);
}
