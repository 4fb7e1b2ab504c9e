/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* White-box tests of the number and time parsers shared by the loaders
 * (libkpi/kpi-parse-private.h), against independent references:
 * g_ascii_strtod for numbers, GDateTime for local times in zones with
 * daylight saving time, half-hour offsets and skipped days. */

#include "config.h"

#include <math.h>
#include <string.h>
#include <check.h>
#include "kpi-test.h"

#include "kpi-parse-private.h"

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
  };

  return kpi_test_run ("parse", cases, G_N_ELEMENTS (cases), 120);
}
