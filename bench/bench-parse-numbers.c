/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench-parse-numbers.c: the cost of numbers as exports write them.
 *
 * Loads the same amounts, written five ways, from memory into a dataset
 * (time column and two measure columns, the dates ISO and sorted, so that
 * the numbers are most of the work), best of --repeat:
 *
 *   iso        "2025-01-01,1234.56,12.5"             the reference
 *   comma      "2025-01-01;1234,56;12,5"             decimal comma
 *   grouped    "2025-01-01;1 234,56;12,5"            a plain space between groups
 *   french     "2025-01-01;1 234,56 €;12,5"          no-break spaces and the euro sign,
 *                                                     as spreadsheets write them
 *   accounting "2025-01-01;(1 234,56 €);12,5"        the negatives in parentheses
 *
 * and prints, for each, the rows per CPU second (the machine may be shared),
 * the ratio to iso and the extra nanoseconds per row (per amount written
 * that way).  The delimiter is detected (no option) and the number style
 * set, as a user of a French export would. */

#include <stdio.h>
#include <string.h>

#include <libkpi/kpi.h>

#include "bench-common.h"

static gint64 opt_rows = 5000000;
static int opt_repeat = 3;

static GOptionEntry entries[] = {
  { "rows", 0, 0, G_OPTION_ARG_INT64, &opt_rows, "Rows (default 5000000)", "N" },
  { "repeat", 0, 0, G_OPTION_ARG_INT, &opt_repeat, "Loads of each file, the best kept (default 3)", "N" },
  { NULL }
};

typedef enum { ISO, COMMA, GROUPED, FRENCH, ACCOUNTING, N_FORMS } Form;

static const char *const form_names[] = { "iso", "comma", "grouped", "french", "accounting" };

/* "1 234,56" with @space between groups and @decimal */
static int
write_grouped (char *out, guint cents, const char *space, char decimal)
{
  guint units = cents / 100;

  if (units >= 1000)
    return sprintf (out, "%u%s%03u%c%02u", units / 1000, space, units % 1000, decimal, cents % 100);
  return sprintf (out, "%u%c%02u", units, decimal, cents % 100);
}

static GString *
generate (Form form, gint64 rows)
{
  GString *s = g_string_sized_new (rows * 32);
  GRand *rand = g_rand_new_with_seed (42);
  char amount[64];

  g_string_append (s, form == ISO ? "date,amount,rate\n" : "date;amount;rate\n");
  for (gint64 i = 0; i < rows; i++)
    {
      int day = (int) (i * 730 / rows);
      guint cents = g_rand_int_range (rand, 100, 2000000);
      guint rate = g_rand_int_range (rand, 0, 1000);
      gboolean negative = g_rand_int_range (rand, 0, 20) == 0;
      g_autoptr(GDate) date = g_date_new_dmy (1, 1, 2024);
      char date_text[16];

      g_date_add_days (date, day);
      g_date_strftime (date_text, sizeof date_text, "%Y-%m-%d", date);
      switch (form)
        {
        case ISO:
          sprintf (amount, "%s%u.%02u", negative ? "-" : "", cents / 100, cents % 100);
          break;
        case COMMA:
          sprintf (amount, "%s%u,%02u", negative ? "-" : "", cents / 100, cents % 100);
          break;
        case GROUPED:
          amount[0] = '-';
          write_grouped (amount + negative, cents, " ", ',');
          break;
        case FRENCH:
          {
            int n;

            amount[0] = '-';
            n = negative + write_grouped (amount + negative, cents, "\xe2\x80\xaf", ',');
            strcpy (amount + n, "\xc2\xa0\xe2\x82\xac");
          }
          break;
        case ACCOUNTING:
        default:
          {
            int n = 0;

            if (negative)
              amount[n++] = '(';
            n += write_grouped (amount + n, cents, "\xe2\x80\xaf", ',');
            strcpy (amount + n, negative ? "\xc2\xa0\xe2\x82\xac)" : "\xc2\xa0\xe2\x82\xac");
          }
          break;
        }
      g_string_append_printf (s, form == ISO ? "%s,%s,%u.%u\n" : "%s;%s;%u,%u\n",
                              date_text, amount, rate / 10, rate % 10);
    }
  g_rand_free (rand);
  return s;
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- the cost of locale numbers");
  g_autoptr(GError) error = NULL;
  double best[N_FORMS];
  double sums[N_FORMS];

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  for (Form form = 0; form < N_FORMS; form++)
    {
      g_autoptr(GString) data = generate (form, opt_rows);

      best[form] = G_MAXDOUBLE;
      for (int r = 0; r < opt_repeat; r++)
        {
          g_autoptr(KpiDataset) ds = kpi_dataset_new (NULL);
          g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
          const double *amounts;
          gsize n = 0;
          double start, elapsed, sum = 0;

          kpi_load_options_set_format (options, KPI_FILE_FORMAT_CSV);
          if (form != ISO)
            kpi_load_options_set_number_style (options, "french", NULL);
          start = bench_cpu_seconds ();
          if (!kpi_dataset_load_data (ds, (const guint8 *) data->str, data->len, options, &error))
            {
              g_printerr ("%s: %s\n", form_names[form], error->message);
              return 1;
            }
          elapsed = bench_cpu_seconds () - start;
          best[form] = MIN (best[form], elapsed);
          amounts = kpi_dataset_get_measure (ds, "amount", &n);
          for (gsize i = 0; i < n; i++)
            sum += amounts[i];
          sums[form] = sum;
        }
    }

  printf ("%" G_GINT64_FORMAT " rows (an amount written in each form, a plain rate), "
          "CPU time, best of %d\n\n", opt_rows, opt_repeat);
  printf ("%-11s %10s %8s %10s\n", "form", "Mrows/s", "vs iso", "ns/row+");
  for (Form form = 0; form < N_FORMS; form++)
    printf ("%-11s %10.2f %7.0f%% %10.1f\n", form_names[form],
            opt_rows / best[form] / 1e6, 100 * best[ISO] / best[form],
            (best[form] - best[ISO]) * 1e9 / opt_rows);
  /* The same amounts however they were written */
  for (Form form = 1; form < N_FORMS; form++)
    if (form != ACCOUNTING && sums[form] != sums[ISO])
      {
        g_printerr ("%s: the amounts add up to %.17g, not %.17g\n", form_names[form],
                    sums[form], sums[ISO]);
        return 1;
      }
  return 0;
}
