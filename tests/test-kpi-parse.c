/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* White-box tests of the number and time parsers shared by the loaders
 * (libkpi/kpi-parse-private.h), against independent references:
 * g_ascii_strtod for numbers, GDateTime for local times in zones with
 * daylight saving time, half-hour offsets and skipped days. */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include "kpi-test.h"

#include "kpi-parse-private.h"

static gint64
utc_usec (int y, int mo, int d, int h, int mi)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (y, mo, d, h, mi, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static gboolean
parse (const char *text,
       char        decimal,
       char        thousands,
       double     *value)
{
  return kpi_parse_number (text, strlen (text), decimal, thousands, value);
}

/* Random decimal texts, short and long, with and without exponents: the
 * same double as g_ascii_strtod, bit for bit; overflow refused. */
START_TEST (test_number_random)
{
  GRand *rand = g_rand_new_with_seed (17);
  char buf[128];

  for (int i = 0; i < 300000; i++)
    {
      int n = 0;
      int n_digits = g_rand_int_range (rand, 1, i % 10 == 0 ? 45 : 20);
      int dot = g_rand_int_range (rand, -1, n_digits);
      double expected, got = 0;
      gboolean ok;

      if (g_rand_boolean (rand))
        buf[n++] = '-';
      for (int k = 0; k < n_digits; k++)
        {
          if (k == dot)
            buf[n++] = '.';
          buf[n++] = '0' + g_rand_int_range (rand, 0, 10);
        }
      if (g_rand_int_range (rand, 0, 4) == 0)
        n += g_snprintf (buf + n, sizeof buf - n, "e%d", g_rand_int_range (rand, -340, 330));
      buf[n] = '\0';

      expected = g_ascii_strtod (buf, NULL);
      ok = kpi_parse_number (buf, n, '.', 0, &got);
      if (isinf (expected))
        ck_assert_msg (!ok, "%s: overflow accepted", buf);
      else
        ck_assert_msg (ok && memcmp (&got, &expected, sizeof got) == 0,
                       "%s: got %.17g (%d), expected %.17g", buf, got, ok, expected);
    }
  g_rand_free (rand);
}
END_TEST

/* Hard cases of correct rounding, on both sides of the fast path. */
START_TEST (test_number_exact)
{
  static const char *const texts[] = {
    "9007199254740992", "9007199254740993", "9007199254740994", "9007199254740995",
    "1e22", "1e23", "8.98846567431158e307", "1.7976931348623157e308",
    "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324",
    "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400", "0.1", "0.3",
    "123456789012345678901234567890e-20", "7.0000000000000000000000000000000000001",
    "0.000000000000000000000000000000000000000000001e45", "-0", "-0.0e10",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      double expected = g_ascii_strtod (texts[i], NULL);
      double got;

      ck_assert_msg (parse (texts[i], '.', 0, &got), "%s refused", texts[i]);
      ck_assert_msg (memcmp (&got, &expected, sizeof got) == 0,
                     "%s: got %.17g, expected %.17g", texts[i], got, expected);
    }
}
END_TEST

/* Separators as French, English, German and Swiss exports write them. */
START_TEST (test_number_separators)
{
  static const struct {
    const char *text;
    char decimal, thousands;
    gboolean ok;
    double value;
  } cases[] = {
    { "1 234,56", ',', ' ', TRUE, 1234.56 },
    { "1\xc2\xa0" "234", ',', ' ', TRUE, 1234 },
    { "12\xe2\x80\xaf" "345\xe2\x80\xaf" "678,9", ',', ' ', TRUE, 12345678.9 },
    { " 1 234 ", ',', ' ', TRUE, 1234 },
    { "-1 000 000", '.', ' ', TRUE, -1e6 },
    { "1,234.5", '.', ',', TRUE, 1234.5 },
    { "1.234,5", ',', '.', TRUE, 1234.5 },
    { "1'000'000.25", '.', '\'', TRUE, 1000000.25 },
    { ",5", ',', ' ', TRUE, 0.5 },
    { "1 234,", ',', ' ', TRUE, 1234 },
    { "1 234,5e1", ',', ' ', TRUE, 12345 },
    { "1234", ',', ' ', TRUE, 1234 },
    { "1 23", ',', ' ', FALSE, 0 },
    { "1  234", ',', ' ', FALSE, 0 },
    { "1234 567", ',', ' ', FALSE, 0 },
    { "1 234 56", ',', ' ', FALSE, 0 },
    { " 1", ',', ' ', TRUE, 1 },
    { "\xc2\xa0" "1", '.', ' ', FALSE, 0 },
    { "1\xc2", '.', ' ', FALSE, 0 },
    { "1\xe2\x80", '.', ' ', FALSE, 0 },
    { "1 000", '.', 0, FALSE, 0 },
    { "1,5", '.', 0, FALSE, 0 },
    { "1,23", '.', ',', FALSE, 0 },
    { "0,1 234", ',', ' ', FALSE, 0 },
    { "1 234.5", ',', ' ', FALSE, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double value = 0;
      gboolean ok = parse (cases[i].text, cases[i].decimal, cases[i].thousands, &value);

      ck_assert_msg (ok == cases[i].ok, "%s: %s", cases[i].text, ok ? "accepted" : "refused");
      if (ok)
        ck_assert_msg (value == cases[i].value, "%s: %.17g", cases[i].text, value);
    }
}
END_TEST

START_TEST (test_number_rejects)
{
  static const char *const texts[] = {
    "", " ", "nan", "NAN", "inf", "-inf", "Infinity", "0x1p3", "0x10", "1e", "1e+",
    "e1", ".", "-", "+", "+-1", "--1", "1..2", "1.2.3", "1e5.5", "1e400", "-1e400",
    "12a", "a12", "1 2", "١", "1_000", "\xef\xbc\x91",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      double value;

      ck_assert_msg (!parse (texts[i], '.', 0, &value), "“%s” accepted", texts[i]);
    }
  /* The length is the length: what follows is not read */
  {
    double value;

    ck_assert (kpi_parse_number ("12x", 2, '.', 0, &value));
    ck_assert_double_eq (value, 12);
  }
}
END_TEST

/* Local times in many zones, at random and around transitions, read the
 * way g_date_time_new reads them (a time in a gap moves forward, an
 * ambiguous time is standard time). */
START_TEST (test_time_zones)
{
  static const char *const zones[] = {
    "UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe",
    "Asia/Kathmandu", "America/St_Johns", "Pacific/Apia", "Europe/London",
    "Africa/Casablanca", "America/Sao_Paulo",
  };
  GRand *rand = g_rand_new_with_seed (8601);
  char buf[64];

  for (gsize z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      GTimeZone *zone = g_time_zone_new_identifier (zones[z]);
      KpiTimeParser *parser;

      if (zone == NULL)
        continue;   /* not in this time zone database */
      parser = kpi_time_parser_new (zone);
      for (int i = 0; i < 60000; i++)
        {
          int y = g_rand_int_range (rand, 1900, 2040);
          int mo = g_rand_int_range (rand, 1, 13);
          int d = g_rand_int_range (rand, 1, 29);
          int h = g_rand_int_range (rand, 0, 24);
          int mi = g_rand_int_range (rand, 0, 60);
          int s = g_rand_int_range (rand, 0, 60);
          gint64 got, expected;
          GDateTime *dt;

          /* A third walk through the nights of spring and autumn, in
           * order, as sorted data do */
          if (i % 3 == 0)
            {
              y = 2011 + (i / 3000) % 20;
              mo = (i / 1500) % 2 ? 3 : 10;
              d = 24 + (i / 60) % 8;
              h = (i / 3) % 24;
            }
          if (i % 5 == 0)
            {
              g_snprintf (buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
              h = mi = s = 0;
            }
          else
            g_snprintf (buf, sizeof buf, "%04d-%02d-%02d%c%02d:%02d:%02d", y, mo, d,
                        i % 2 ? 'T' : ' ', h, mi, s);
          ck_assert_msg (kpi_time_parser_parse (parser, buf, strlen (buf), &got),
                         "%s refused", buf);
          dt = g_date_time_new (zone, y, mo, d, h, mi, s);
          expected = g_date_time_to_unix (dt) * G_USEC_PER_SEC;
          g_date_time_unref (dt);
          ck_assert_msg (got == expected, "%s in %s: got %" G_GINT64_FORMAT
                         ", expected %" G_GINT64_FORMAT, buf, zones[z], got, expected);
        }
      kpi_time_parser_free (parser);
      g_time_zone_unref (zone);
    }
  g_rand_free (rand);
}
END_TEST

/* Explicit offsets and fractions; the zone does not matter then. */
START_TEST (test_time_offsets)
{
  static const struct {
    const char *text;
    gint64 seconds;   /* since the epoch */
    int usec;
  } cases[] = {
    { "1970-01-01", 0, 0 },
    { "1970-01-01T00:00Z", 0, 0 },
    { "1970-01-01T01:00+01:00", 0, 0 },
    { "1970-01-01T01:00+0100", 0, 0 },
    { "1970-01-01T01:00+01", 0, 0 },
    { "1969-12-31T19:00-05:00", 0, 0 },
    { "1970-01-01T05:45:00+05:45", 0, 0 },
    { "1969-12-31T23:59:59.999999Z", -1, 999999 },
    { "1970-01-01T00:00:00.5z", 0, 500000 },
    { "1970-01-01t00:00:00,25Z", 0, 250000 },
    { "1970-01-01T00:00:00.1234567Z", 0, 123456 },
    { "2000-02-29T12:00:00Z", 951825600, 0 },
    { "2038-01-19T03:14:08Z", G_GINT64_CONSTANT (2147483648), 0 },
    { "0001-01-01", G_GINT64_CONSTANT (-62135596800), 0 },
    { "9999-12-31T23:59:59Z", G_GINT64_CONSTANT (253402300799), 0 },
  };
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (-7 * 3600);
  KpiTimeParser *utc = kpi_time_parser_new (NULL);
  KpiTimeParser *west = kpi_time_parser_new (zone);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 expected = cases[i].seconds * G_USEC_PER_SEC + cases[i].usec;
      gint64 got;
      gboolean has_offset = strchr (cases[i].text + 10, 'Z') || strchr (cases[i].text + 10, 'z') ||
                            strchr (cases[i].text + 10, '+') || strchr (cases[i].text + 10, '-');

      ck_assert_msg (kpi_time_parser_parse (utc, cases[i].text, strlen (cases[i].text), &got),
                     "%s refused", cases[i].text);
      ck_assert_msg (got == expected, "%s: %" G_GINT64_FORMAT, cases[i].text, got);
      ck_assert (kpi_time_parser_parse (west, cases[i].text, strlen (cases[i].text), &got));
      if (has_offset)
        ck_assert_int_eq (got, expected);
      else
        ck_assert_int_eq (got, expected + (gint64) 7 * 3600 * G_USEC_PER_SEC);
    }
  kpi_time_parser_free (utc);
  kpi_time_parser_free (west);
}
END_TEST

START_TEST (test_time_rejects)
{
  static const char *const texts[] = {
    "", "2024", "2024-01", "2024-1-05", "2024-01-5", "24-01-05", "2024/01/05",
    "20240105", "2024-00-05", "2024-13-05", "2024-01-00", "2024-01-32", "2023-02-29",
    "1900-02-29", "2024-04-31", "2024-01-05T", "2024-01-05T1", "2024-01-05T12",
    "2024-01-05T12:", "2024-01-05T12:3", "2024-01-05T1:30", "2024-01-05T24:00",
    "2024-01-05T23:60", "2024-01-05T23:59:60", "2024-01-05T23:59:5",
    "2024-01-05T23:59:59.", "2024-01-05T23:59:59.Z", "2024-01-05T12:00+",
    "2024-01-05T12:00+1", "2024-01-05T12:00+24:00", "2024-01-05T12:00+01:60",
    "2024-01-05T12:00+01:", "2024-01-05T12:00+01:0", "2024-01-05T12:00+010",
    "2024-01-05T12:00Z+01", "2024-01-05T12:00 Z", "2024-01-05 ", "2024-01-05x",
    " 2024-01-05", "2024-01-05T12:00:00.5.5", "2024-01-05_12:00", "２０２４-01-05",
    "2024-01-05T12:00:00+01:00:00",
  };
  KpiTimeParser *parser = kpi_time_parser_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      gint64 usec;

      ck_assert_msg (!kpi_time_parser_parse (parser, texts[i], strlen (texts[i]), &usec),
                     "“%s” accepted", texts[i]);
    }
  /* A valid date right after a refused one sharing its first bytes: the
   * cache of the last date must not keep a refused date. */
  {
    gint64 usec;

    ck_assert (!kpi_time_parser_parse (parser, "2023-02-29", 10, &usec));
    ck_assert (kpi_time_parser_parse (parser, "2023-02-28", 10, &usec));
    ck_assert_int_eq (usec, G_GINT64_CONSTANT (1677542400) * G_USEC_PER_SEC);
  }
  kpi_time_parser_free (parser);
}
END_TEST

/* Writes the digits of @plain ("-1234567.891", from g_ascii_formatd) in a
 * style: @decimal for '.', @thousands (a UTF-8 string, or "") between groups
 * of three integer digits; returns the length written to @out. */
static gsize
format_styled (const char *plain,
               char        decimal,
               const char *thousands,
               char       *out)
{
  const char *dot = strchr (plain, '.');
  const char *digits = plain[0] == '-' ? plain + 1 : plain;
  gsize n_int = (dot != NULL ? (gsize) (dot - digits) : strlen (digits));
  char *q = out;

  for (gsize i = 0; i < n_int; i++)
    {
      if (i > 0 && (n_int - i) % 3 == 0)
        q = g_stpcpy (q, thousands);
      *q++ = digits[i];
    }
  if (dot != NULL)
    {
      *q++ = decimal;
      q = g_stpcpy (q, dot + 1);
    }
  *q = '\0';
  return q - out;
}

/* Amounts in every style, with a currency before or after, negatives in
 * every form, percentages: the same double as g_ascii_strtod gives the
 * plain text (for a percentage, of the text with "e-2" after it: one
 * rounding, not a division of a rounded value). */
START_TEST (test_amount_random)
{
  static const struct
  {
    char        decimal;
    char        thousands;    /* the option */
    const char *written[3];   /* what the exports write between groups */
  } styles[] = {
    { '.', ',', { ",", ",", "," } },
    { ',', ' ', { " ", "\xc2\xa0", "\xe2\x80\xaf" } },
    { ',', '.', { ".", ".", "." } },
    { '.', '\'', { "'", "\xe2\x80\x99", "'" } },
  };
  static const char *const prefixes[] = { "", "\xe2\x82\xac", "$", "USD ", "CHF\xc2\xa0", "\xc2\xa3" };
  static const char *const suffixes[] = { "", " \xe2\x82\xac", "\xc2\xa0\xe2\x82\xac", " EUR", "CHF", "\xc2\xa5" };
  static const char *const codes[] = { NULL, "EUR", "USD", "USD", "CHF", "GBP", NULL, "EUR", "EUR", "EUR", "CHF", "JPY" };
  GRand *rand = g_rand_new_with_seed (15);

  for (int i = 0; i < 200000; i++)
    {
      guint s = g_rand_int_range (rand, 0, G_N_ELEMENTS (styles));
      double x = g_rand_double_range (rand, -1e9, 1e9) / pow (10, g_rand_int_range (rand, 0, 6));
      int n_fraction = g_rand_int_range (rand, 0, 5);
      char plain[64], styled[128], text[256], reference[80];
      gboolean negative, percent = g_rand_int_range (rand, 0, 5) == 0;
      int sign_form = g_rand_int_range (rand, 0, 4);   /* '-', parentheses, trailing '-', '+' */
      int cur = percent ? 0 : g_rand_int_range (rand, 0, 12);
      const char *prefix = cur > 0 && cur < 6 ? prefixes[cur] : "";
      const char *suffix = cur > 6 ? suffixes[cur - 6] : "";
      KpiAmountInfo info;
      double expected, got = 0;

      g_snprintf (plain, sizeof plain, "%.*f", n_fraction, x);
      negative = plain[0] == '-';
      format_styled (plain, styles[s].decimal,
                     styles[s].written[g_rand_int_range (rand, 0, 3)], styled);
      if (!negative && sign_form == 3)
        g_snprintf (text, sizeof text, "+%s%s%s%s", prefix, styled, suffix, percent ? " %" : "");
      else if (!negative || sign_form == 0)
        g_snprintf (text, sizeof text, "%s%s%s%s%s", negative ? "-" : "", prefix, styled, suffix,
                    percent ? "\xe2\x80\xaf%" : "");
      else if (sign_form == 1)
        g_snprintf (text, sizeof text, "(%s%s%s%s)", prefix, styled, suffix, percent ? "%" : "");
      else
        g_snprintf (text, sizeof text, "%s%s%s-%s", prefix, styled, percent ? "%" : "", suffix);

      g_snprintf (reference, sizeof reference, "%s%s", plain, percent ? "e-2" : "");
      expected = g_ascii_strtod (reference, NULL);
      ck_assert_msg (kpi_parse_amount (text, strlen (text), styles[s].decimal, styles[s].thousands,
                                       percent ? -2 : 0, &got, &info),
                     "%s: refused", text);
      ck_assert_msg (memcmp (&got, &expected, sizeof got) == 0 || (got == 0 && expected == 0),
                     "%s: got %.17g, expected %.17g", text, got, expected);
      ck_assert_msg (info.percent == percent, "%s: percent %d", text, info.percent);
      ck_assert_msg (g_strcmp0 (info.currency, codes[cur]) == 0, "%s: currency %s", text,
                     info.currency);
    }
  g_rand_free (rand);
}
END_TEST

/* A plain number reads the same as kpi_parse_number; what is no amount is
 * refused. */
START_TEST (test_amount_rejects)
{
  static const char *const rejects[] = {
    "", " ", "EUR", "$", "(12", "12)", "(-12)", "-(12)", "12--", "--12", "+-12", "(12)-",
    "12 % EUR", "$12%", "EUR 12 USD", "XYZ 12", "EURO 12", "12 EURO", "12EURO", "E12",
    "1,2,3", "%12", "12%%", "€€12", "( )", "-", "+", "12-3",
  };
  KpiAmountInfo info;
  double value;

  for (gsize i = 0; i < G_N_ELEMENTS (rejects); i++)
    ck_assert_msg (!kpi_parse_amount (rejects[i], strlen (rejects[i]), '.', ',', 0, &value, &info),
                   "“%s” accepted: %g", rejects[i], value);
  ck_assert (kpi_parse_amount ("1e3", 3, '.', 0, 0, &value, &info));
  ck_assert_double_eq (value, 1000);
  ck_assert_ptr_null (info.currency);
  ck_assert_str_eq (kpi_currency_code ("SEK", 3), "SEK");
  ck_assert_ptr_null (kpi_currency_code ("ABC", 3));
}
END_TEST


/* The bytes after a plain number when they are a currency alone (what the
 * CSV loader strips once a column settled on them); and the promise the
 * loader relies on: any plain number followed by those bytes reads, through
 * kpi_parse_amount, as the number alone (g_ascii_strtod of it written with
 * '.') with that currency, bit for bit. */
START_TEST (test_amount_currency_suffix)
{
  static const struct
  {
    const char *text;
    char        decimal;
    gsize       len;       /* 0: refused */
    const char *code;
  } cases[] = {
    { "94,53 \xe2\x82\xac", ',', 4, "EUR" },
    { "-,5\xc2\xa0\xe2\x82\xac", ',', 5, "EUR" },
    { "5,\xe2\x80\xaf\xe2\x82\xac", ',', 6, "EUR" },
    { "12.5USD", '.', 3, "USD" },
    { "12 $", '.', 2, "USD" },
    { "7\xc2\xa3", '.', 2, "GBP" },
    { "1234,56 CHF", ',', 4, "CHF" },
    /* Not a plain number, or not a currency alone after it */
    { "(5 \xe2\x82\xac)", ',', 0, NULL },
    { "5 \xe2\x82\xac ", ',', 0, NULL },
    { "1 234,56 \xe2\x82\xac", ',', 0, NULL },
    { "5- \xe2\x82\xac", ',', 0, NULL },
    { "\xe2\x82\xac" "5", ',', 0, NULL },
    { "5 %", ',', 0, NULL },
    { "5  \xe2\x82\xac", ',', 0, NULL },
    { "5 EURO", ',', 0, NULL },
    { "5 XYZ", ',', 0, NULL },
    { "5", ',', 0, NULL },
    { "\xe2\x82\xac", ',', 0, NULL },
    { "5.5 \xe2\x82\xac", ',', 0, NULL },
  };
  static const struct
  {
    char decimal, thousands;
  } styles[] = { { ',', ' ' }, { '.', ',' }, { ',', '.' }, { '.', '\'' }, { ',', 0 } };
  static const char *const suffixes[] = {
    " \xe2\x82\xac", "\xc2\xa0\xe2\x82\xac", "\xe2\x80\xaf\xe2\x82\xac", "\xe2\x82\xac",
    " EUR", "USD", " $", "\xc2\xa3", "\xc2\xa5",
  };
  GRand *rand = g_rand_new_with_seed (1515);
  const char *code;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      code = NULL;
      ck_assert_msg (kpi_amount_currency_suffix (cases[i].text, strlen (cases[i].text),
                                                 cases[i].decimal, &code) == cases[i].len,
                     "“%s”: not %" G_GSIZE_FORMAT " bytes", cases[i].text, cases[i].len);
      if (cases[i].len > 0)
        ck_assert_str_eq (code, cases[i].code);
    }

  for (int i = 0; i < 40000; i++)
    {
      guint st = g_rand_int_range (rand, 0, G_N_ELEMENTS (styles));
      const char *suffix = suffixes[g_rand_int_range (rand, 0, G_N_ELEMENTS (suffixes))];
      char decimal = styles[st].decimal;
      int n_int = g_rand_int_range (rand, 0, 12);
      int n_fraction = g_rand_int_range (rand, 0, 6);
      gboolean dot = n_int == 0 || g_rand_boolean (rand);
      char number[32], text[64], iso[32];
      const char *expected_code = NULL;
      KpiAmountInfo info;
      double got, expected;
      gsize n = 0, n_suffix;

      /* '-'?, digits (a leading 0 at times), the decimal sign (alone at
       * either end at times), digits: the plain forms the loader reads */
      if (g_rand_int_range (rand, 0, 4) == 0)
        number[n++] = '-';
      for (int d = 0; d < n_int; d++)
        number[n++] = '0' + g_rand_int_range (rand, 0, 10);
      if (dot)
        {
          number[n++] = decimal;
          for (int d = 0; d < n_fraction; d++)
            number[n++] = '0' + g_rand_int_range (rand, 0, 10);
        }
      number[n] = '\0';
      if (n_int + (dot ? n_fraction : 0) == 0)
        continue;
      g_strlcpy (iso, number, sizeof iso);
      for (char *c = iso; *c; c++)
        if (*c == decimal)
          *c = '.';
      g_snprintf (text, sizeof text, "%s%s", number, suffix);

      n_suffix = kpi_amount_currency_suffix (text, strlen (text), decimal, &expected_code);
      ck_assert_msg (n_suffix == strlen (suffix), "“%s”: suffix of %" G_GSIZE_FORMAT " bytes",
                     text, n_suffix);
      expected = g_ascii_strtod (iso, NULL);
      ck_assert_msg (kpi_parse_amount (text, strlen (text), decimal, styles[st].thousands, 0,
                                       &got, &info), "“%s” refused", text);
      ck_assert_msg (memcmp (&got, &expected, sizeof got) == 0,
                     "“%s”: got %.17g, expected %.17g", text, got, expected);
      ck_assert_str_eq (info.currency, expected_code);
      ck_assert (!info.percent);
    }
  g_rand_free (rand);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Dates with a format, serial dates, detection */

/* Microseconds of a local time, by GDateTime (independent of the parser) */
static gint64
local_usec (GTimeZone *zone, int y, int mo, int d, int h, int mi, double s)
{
  g_autoptr(GDateTime) dt = g_date_time_new (zone, y, mo, d, h, mi, s);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static gboolean
parse_with (KpiTimeParser *parser,
            const char    *text,
            gint64        *usec)
{
  return kpi_time_parser_parse (parser, text, strlen (text), usec);
}

static KpiTimeParser *
parser_with_format (GTimeZone  *zone,
                    const char *format,
                    char        decimal)
{
  KpiTimeParser *parser = kpi_time_parser_new (zone);
  g_autofree char *message = NULL;

  ck_assert_msg (kpi_time_parser_set_format (parser, format, decimal, &message),
                 "%s: %s", format, message);
  return parser;
}

/* Every directive, padded and not, against GDateTime */
START_TEST (test_date_format_directives)
{
  static const struct {
    const char *format;
    const char *text;
    int y, mo, d, h, mi;
    double s;
  } cases[] = {
    { "%d/%m/%Y", "19/02/2025", 2025, 2, 19, 0, 0, 0 },
    { "%d/%m/%Y", "1/2/2025", 2025, 2, 1, 0, 0, 0 },
    { "%m/%d/%Y %I:%M %p", "2/19/2025 2:05 PM", 2025, 2, 19, 14, 5, 0 },
    { "%m/%d/%Y %I:%M %p", "02/19/2025 12:05 am", 2025, 2, 19, 0, 5, 0 },
    { "%m/%d/%Y %I:%M %p", "02/19/2025 12:05 pm", 2025, 2, 19, 12, 5, 0 },
    { "%m/%d/%Y %I:%M %p", "02/19/2025 11:59 P.M.", 2025, 2, 19, 23, 59, 0 },
    { "%d.%m.%Y", "19.02.2025", 2025, 2, 19, 0, 0, 0 },
    { "%d.%m.%Y %H:%M", "19.02.2025 14:05", 2025, 2, 19, 14, 5, 0 },
    { "%d.%m.%Y %H:%M:%S", "19.02.2025 14:05:09", 2025, 2, 19, 14, 5, 9 },
    { "%d.%m.%Y %H:%M:%S.%f", "19.02.2025 14:05:09.25", 2025, 2, 19, 14, 5, 9.25 },
    { "%Y%m%d", "20250219", 2025, 2, 19, 0, 0, 0 },
    { "%Y%m%d%H%M%S", "20250219140509", 2025, 2, 19, 14, 5, 9 },
    { "%d/%m/%y", "19/02/25", 2025, 2, 19, 0, 0, 0 },
    { "%d/%m/%y", "19/02/69", 1969, 2, 19, 0, 0, 0 },
    { "%d/%m/%y", "19/02/68", 2068, 2, 19, 0, 0, 0 },
    { "%e %b %Y", " 9 Feb 2025", 2025, 2, 9, 0, 0, 0 },
    { "%e %b %Y", "9 Feb 2025", 2025, 2, 9, 0, 0, 0 },
    { "%d %B %Y", "19 February 2025", 2025, 2, 19, 0, 0, 0 },
    { "%d %B %Y", "19  february   2025", 2025, 2, 19, 0, 0, 0 },
    { "%d-%b-%Y", "19-FEB-2025", 2025, 2, 19, 0, 0, 0 },
    { "%b %d, %Y", "Sept 3, 2025", 2025, 9, 3, 0, 0, 0 },
    { "%Y-%m-%dT%H:%M", "2025-02-19T14:05", 2025, 2, 19, 14, 5, 0 },
    { "%d%%%m%%%Y", "19%02%2025", 2025, 2, 19, 0, 0, 0 },
  };
  GTimeZone *zone = g_time_zone_new_utc ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KpiTimeParser *parser = parser_with_format (NULL, cases[i].format, '.');
      gint64 got = 0;
      gint64 expected = local_usec (zone, cases[i].y, cases[i].mo, cases[i].d,
                                    cases[i].h, cases[i].mi, cases[i].s);

      ck_assert_msg (parse_with (parser, cases[i].text, &got), "“%s” with %s refused",
                     cases[i].text, cases[i].format);
      ck_assert_msg (got == expected, "“%s” with %s: %" G_GINT64_FORMAT ", expected %"
                     G_GINT64_FORMAT, cases[i].text, cases[i].format, got, expected);
      kpi_time_parser_free (parser);
    }
  g_time_zone_unref (zone);
}
END_TEST

/* %z: the offset of the text, not the parser's zone */
START_TEST (test_date_format_offset)
{
  GTimeZone *paris = g_time_zone_new_identifier ("Europe/Paris");
  KpiTimeParser *parser = parser_with_format (paris, "%d/%m/%Y %H:%M %z", '.');
  gint64 got;

  ck_assert (paris != NULL);
  ck_assert (parse_with (parser, "19/02/2025 14:05 +0530", &got));
  /* 14:05 at +05:30 is 08:35 UTC */
  ck_assert_int_eq (got, (G_GINT64_CONSTANT (1739923200) + 8 * 3600 + 35 * 60) * G_USEC_PER_SEC);
  ck_assert (parse_with (parser, "19/02/2025 14:05 Z", &got));
  ck_assert_int_eq (got, (G_GINT64_CONSTANT (1739923200) + 14 * 3600 + 5 * 60) * G_USEC_PER_SEC);
  /* Without %z the time is Paris time: 14:05 CET is 13:05 UTC */
  kpi_time_parser_free (parser);
  parser = parser_with_format (paris, "%d/%m/%Y %H:%M", '.');
  ck_assert (parse_with (parser, "19/02/2025 14:05", &got));
  ck_assert_int_eq (got, (G_GINT64_CONSTANT (1739923200) + 13 * 3600 + 5 * 60) * G_USEC_PER_SEC);
  kpi_time_parser_free (parser);
  g_time_zone_unref (paris);
}
END_TEST

/* English and French month names, whole or abbreviated, any case, with or
 * without accents and dots */
START_TEST (test_date_month_names)
{
  static const char *const names[12][8] = {
    { "January", "jan", "JAN.", "janvier", "janv.", "Janv", NULL },
    { "February", "Feb", "février", "fevrier", "févr.", "fevr", "FÉVR.", NULL },
    { "March", "mar", "mars", "MARS", NULL },
    { "April", "Apr", "avril", "avr.", NULL },
    { "May", "mai", "MAI", NULL },
    { "June", "jun", "juin", NULL },
    { "July", "Jul", "juillet", "juil.", NULL },
    { "August", "aug", "août", "aout", "AOÛT", NULL },
    { "September", "sep", "sept.", "septembre", NULL },
    { "October", "oct", "octobre", "oct.", NULL },
    { "November", "nov", "novembre", "nov.", NULL },
    { "December", "dec", "décembre", "déc.", "DÉC", "decembre", NULL },
  };
  KpiTimeParser *parser = parser_with_format (NULL, "%d %b %Y", '.');
  GTimeZone *zone = g_time_zone_new_utc ();
  gint64 got;

  for (int m = 0; m < 12; m++)
    for (int k = 0; names[m][k] != NULL; k++)
      {
        g_autofree char *text = g_strdup_printf ("3 %s 2025", names[m][k]);

        ck_assert_msg (parse_with (parser, text, &got), "“%s” refused", text);
        ck_assert_msg (got == local_usec (zone, 2025, m + 1, 3, 0, 0, 0), "“%s”: wrong month", text);
      }
  /* Not month names */
  ck_assert (!parse_with (parser, "3 Febr 2025", &got));
  ck_assert (!parse_with (parser, "3 ja 2025", &got));
  ck_assert (!parse_with (parser, "3 2 2025", &got));
  ck_assert (!parse_with (parser, "3 févrierr 2025", &got));
  kpi_time_parser_free (parser);
  g_time_zone_unref (zone);
}
END_TEST

/* Values a format refuses */
START_TEST (test_date_format_rejects)
{
  static const struct { const char *format, *text; } cases[] = {
    { "%d/%m/%Y", "31/02/2025" }, { "%d/%m/%Y", "29/02/2025" }, { "%d/%m/%Y", "00/01/2025" },
    { "%d/%m/%Y", "19/13/2025" }, { "%d/%m/%Y", "19/02/25" }, { "%d/%m/%Y", "19-02-2025" },
    { "%d/%m/%Y", "19/02/2025 " }, { "%d/%m/%Y", "19/02/20251" }, { "%d/%m/%Y", "" },
    { "%d/%m/%Y", "123/02/2025" }, { "%m/%d/%Y %I:%M %p", "2/19/2025 13:05 PM" },
    { "%m/%d/%Y %I:%M %p", "2/19/2025 0:05 AM" }, { "%m/%d/%Y %I:%M %p", "2/19/2025 2:05" },
    { "%m/%d/%Y %I:%M %p", "2/19/2025 2:05 XM" }, { "%d.%m.%Y %H:%M", "19.02.2025 24:00" },
    { "%d.%m.%Y %H:%M", "19.02.2025 23:60" }, { "%Y%m%d", "2025219" },
    { "%d/%m/%Y %H:%M:%S", "19/02/2025 10:00:60" }, { "%d/%m/%Y %z", "19/02/2025 +2400" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KpiTimeParser *parser = parser_with_format (NULL, cases[i].format, '.');
      gint64 got;

      ck_assert_msg (!parse_with (parser, cases[i].text, &got), "“%s” with %s accepted",
                     cases[i].text, cases[i].format);
      kpi_time_parser_free (parser);
    }
}
END_TEST

/* Formats refused when set, each named in the message */
START_TEST (test_date_format_invalid)
{
  static const struct { const char *format, *message; } cases[] = {
    { "%d/%m/%Q", "unknown directive “%Q” in date format “%d/%m/%Q”" },
    { "%d/%m/%Y%", "unknown directive “%” in date format “%d/%m/%Y%”" },
    { "%H:%M", "date format “%H:%M” has no year, month or day" },
    { "%d/%m", "date format “%d/%m” has no year" },
    { "%d/%Y", "date format “%d/%Y” has no month" },
    { "%d/%m/%Y %d", "date format “%d/%m/%Y %d” gives the day twice" },
    { "%d %b %m %Y", "gives the month twice" },
    { "%d/%m/%Y %I:%M", "has %I without %p" },
    { "%d/%m/%Y %H:%M %p", "has %p without %I" },
    { "", "empty date format" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KpiTimeParser *parser = kpi_time_parser_new (NULL);
      g_autofree char *message = NULL;

      ck_assert_msg (!kpi_time_parser_set_format (parser, cases[i].format, '.', &message),
                     "%s accepted", cases[i].format);
      kpi_test_assert_contains (message, cases[i].message);
      kpi_time_parser_free (parser);
    }
}
END_TEST

/* Spreadsheet serial dates: 45707 is 2025-02-19 (45707 - 25569 = 20138 days
 * after 1970-01-01), a fraction the time of day */
START_TEST (test_date_serial)
{
  KpiTimeParser *parser = parser_with_format (NULL, "serial", ',');
  GTimeZone *paris = g_time_zone_new_identifier ("Europe/Paris");
  gint64 day = G_GINT64_CONSTANT (20138) * 86400 * G_USEC_PER_SEC;
  gint64 got;

  ck_assert_int_eq (20138, (G_GINT64_CONSTANT (1739923200) / 86400));
  ck_assert (parse_with (parser, "45707", &got));
  ck_assert_int_eq (got, day);
  ck_assert (parse_with (parser, "45707,5", &got));
  ck_assert_int_eq (got, day + 12 * G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC);
  /* 14:05 is 50700 / 86400 of a day: to the millisecond, not 14:04:59.999 */
  ck_assert (parse_with (parser, "45707,586805555556", &got));
  ck_assert_int_eq (got, day + G_GINT64_CONSTANT (50700) * G_USEC_PER_SEC);
  ck_assert (kpi_time_parser_parse_serial (parser, 45707.25, &got));
  ck_assert_int_eq (got, day + 6 * G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC);
  /* 1 is 1899-12-31 */
  ck_assert (parse_with (parser, "1", &got));
  ck_assert_int_eq (got, (G_GINT64_CONSTANT (1) - 25569) * 86400 * G_USEC_PER_SEC);
  ck_assert (!parse_with (parser, "45707.5", &got));   /* the decimal is ',' */
  ck_assert (!parse_with (parser, "-1", &got));
  ck_assert (!parse_with (parser, "4.5e4", &got));
  ck_assert (!parse_with (parser, "3000000", &got));
  ck_assert (!parse_with (parser, "19/02/2025", &got));
  kpi_time_parser_free (parser);

  /* Local days of the parser's zone: midnight in Paris is 23:00 UTC */
  parser = parser_with_format (paris, "serial", '.');
  ck_assert (parse_with (parser, "45707", &got));
  ck_assert_int_eq (got, local_usec (paris, 2025, 2, 19, 0, 0, 0));
  kpi_time_parser_free (parser);
  /* Numbers are serials only when the format says so */
  parser = kpi_time_parser_new (NULL);
  ck_assert (!kpi_time_parser_takes_serials (parser));
  ck_assert (!kpi_time_parser_parse_serial (parser, 45707, &got));
  kpi_time_parser_free (parser);
  g_time_zone_unref (paris);
}
END_TEST

/* A local time in Europe/Paris on the days of the DST changes, read with a
 * format, as GDateTime reads it (a time in the gap moves forward, an
 * ambiguous one is standard time) */
START_TEST (test_date_format_dst)
{
  static const char *const texts[] = {
    "30/03/2025 01:30", "30/03/2025 02:30", "30/03/2025 03:30",
    "26/10/2025 01:30", "26/10/2025 02:30", "26/10/2025 03:30",
  };
  GTimeZone *paris = g_time_zone_new_identifier ("Europe/Paris");
  KpiTimeParser *parser = parser_with_format (paris, "%d/%m/%Y %H:%M", '.');
  KpiTimeParser *detect = parser_with_format (paris, NULL, '.');

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      int d = atoi (texts[i]), mo = atoi (texts[i] + 3), h = atoi (texts[i] + 11);
      gint64 expected = local_usec (paris, 2025, mo, d, h, 30, 0);
      gint64 got, got_detected;

      ck_assert (parse_with (parser, texts[i], &got));
      ck_assert_msg (got == expected, "%s: %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
                     texts[i], got, expected);
      ck_assert (parse_with (detect, texts[i], &got_detected));
      ck_assert_int_eq (got_detected, expected);
    }
  /* 02:30 on 30 March does not exist: GLib moves it to the end of the
   * gap, 03:00 CEST, 01:00 UTC; 02:30 on 26 October happens twice: read
   * as standard time, CET (+01:00), 01:30 UTC */
  {
    gint64 got;

    ck_assert (parse_with (parser, "30/03/2025 02:30", &got));
    ck_assert_int_eq (got, utc_usec (2025, 3, 30, 1, 0));
    ck_assert (parse_with (parser, "26/10/2025 02:30", &got));
    ck_assert_int_eq (got, utc_usec (2025, 10, 26, 1, 30));
  }
  kpi_time_parser_free (parser);
  kpi_time_parser_free (detect);
  g_time_zone_unref (paris);
}
END_TEST

/* Detection: ISO first, then day first or month first as a value decides;
 * values read day first before a value decides month first are read again */
START_TEST (test_date_detection)
{
  KpiTimeParser *parser = parser_with_format (NULL, NULL, '.');
  g_autofree char *ambiguity = NULL;
  gint64 got;

  /* ISO: the first value decides, and later ones must be ISO too */
  ck_assert (parse_with (parser, "2025-02-19", &got));
  ck_assert_int_eq (got, utc_usec (2025, 2, 19, 0, 0));
  ck_assert (!parse_with (parser, "19/02/2025", &got));
  ck_assert_str_eq (kpi_time_parser_expected (parser), "an ISO 8601 date (YYYY-MM-DD) or date-time");
  kpi_time_parser_free (parser);

  /* Day first: 03/04 read as 3 April, then 19/02 decides */
  parser = parser_with_format (NULL, NULL, '.');
  ck_assert (parse_with (parser, "03/04/2025", &got));
  ck_assert_int_eq (got, utc_usec (2025, 4, 3, 0, 0));
  ck_assert_str_eq (kpi_time_parser_expected (parser), "a date as %d/%m/%Y or %m/%d/%Y");
  ck_assert (parse_with (parser, "19/02/2025", &got));
  ck_assert_int_eq (got, utc_usec (2025, 2, 19, 0, 0));
  ck_assert (!kpi_time_parser_take_restart (parser));
  ck_assert (parse_with (parser, "03/04/2025", &got));
  ck_assert_int_eq (got, utc_usec (2025, 4, 3, 0, 0));
  ck_assert (!parse_with (parser, "02/19/2025", &got));
  ck_assert (!kpi_time_parser_take_restart (parser));
  ck_assert_str_eq (kpi_time_parser_expected (parser), "a date as %d/%m/%Y");
  ck_assert_ptr_null (kpi_time_parser_ambiguity (parser, "Date"));
  kpi_time_parser_free (parser);

  /* Month first: 03/04 read day first, then 2/19 asks for a restart;
   * read again, 03/04 is 4 March */
  parser = parser_with_format (NULL, NULL, '.');
  ck_assert (parse_with (parser, "03/04/2025 10:00 AM", &got));
  ck_assert (!parse_with (parser, "2/19/2025 2:05 PM", &got));
  ck_assert (kpi_time_parser_take_restart (parser));
  ck_assert (!kpi_time_parser_take_restart (parser));
  ck_assert (parse_with (parser, "03/04/2025 10:00 AM", &got));
  ck_assert_int_eq (got, utc_usec (2025, 3, 4, 10, 0));
  ck_assert (parse_with (parser, "2/19/2025 2:05 PM", &got));
  ck_assert_int_eq (got, utc_usec (2025, 2, 19, 14, 5));
  ck_assert_str_eq (kpi_time_parser_expected (parser), "a date as %m/%d/%Y %I:%M %p");
  kpi_time_parser_free (parser);

  /* Month first decided before any value that reads both ways: no restart */
  parser = parser_with_format (NULL, NULL, '.');
  ck_assert (parse_with (parser, "05/05/2025", &got));
  ck_assert (parse_with (parser, "12/31/2025", &got));
  ck_assert (!kpi_time_parser_take_restart (parser));
  ck_assert_int_eq (got, utc_usec (2025, 12, 31, 0, 0));
  kpi_time_parser_free (parser);

  /* Dotted and dashed, with seconds */
  parser = parser_with_format (NULL, NULL, '.');
  ck_assert (parse_with (parser, "19.02.2025 14:05:09", &got));
  ck_assert_int_eq (got, utc_usec (2025, 2, 19, 14, 5) + 9 * G_USEC_PER_SEC);
  ck_assert (!parse_with (parser, "19-02-2025", &got));   /* another separator */
  kpi_time_parser_free (parser);

  /* Never decided */
  parser = parser_with_format (NULL, NULL, '.');
  ck_assert (parse_with (parser, "03/04/2025", &got));
  ck_assert (parse_with (parser, "05/05/2025", &got));
  ambiguity = kpi_time_parser_ambiguity (parser, "Date");
  ck_assert_str_eq (ambiguity, "column “Date”: “03/04/2025” reads as 3 April 2025 (day first) "
                    "or 4 March 2025 (month first); set the date format "
                    "(--date-format %d/%m/%Y or %m/%d/%Y)");
  kpi_time_parser_free (parser);

  /* Every value the same both ways: nothing to decide */
  parser = parser_with_format (NULL, NULL, '.');
  ck_assert (parse_with (parser, "05/05/2025", &got));
  ck_assert_ptr_null (kpi_time_parser_ambiguity (parser, "Date"));
  kpi_time_parser_free (parser);
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "number-random", test_number_random },
    { "number-exact", test_number_exact },
    { "number-separators", test_number_separators },
    { "number-rejects", test_number_rejects },
    { "time-zones", test_time_zones },
    { "time-offsets", test_time_offsets },
    { "time-rejects", test_time_rejects },
    { "amount-random", test_amount_random },
    { "amount-rejects", test_amount_rejects },
    { "amount-currency-suffix", test_amount_currency_suffix },
    { "date-format-directives", test_date_format_directives },
    { "date-format-offset", test_date_format_offset },
    { "date-month-names", test_date_month_names },
    { "date-format-rejects", test_date_format_rejects },
    { "date-format-invalid", test_date_format_invalid },
    { "date-serial", test_date_serial },
    { "date-format-dst", test_date_format_dst },
    { "date-detection", test_date_detection },
  };

  return kpi_test_run ("parse", cases, G_N_ELEMENTS (cases), 120);
}
