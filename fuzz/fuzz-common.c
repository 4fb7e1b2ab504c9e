/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-common.c: what the fuzzing harnesses share (see fuzz-common.h) */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

/* Zones with the cases calendars get wrong: none, DST at 2 h and at 3 h,
 * a half-hour DST (Lord Howe), a quarter-hour offset, the date line. */
static const char * const zone_ids[] = {
  "UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe",
  "Asia/Kathmandu", "Pacific/Kiritimati",
};
static GTimeZone *zones[G_N_ELEMENTS (zone_ids)];
static const char * const dataset_names[] = { "orders", "opportunities", "nps", "marketing", "complaints" };
static KpiCalendar *calendar;

/* Rows in two years, so that prev(), last_year(), new(), retained() and
 * snapshot() all have something to read; a missing amount and a missing
 * channel, for the missing cases. */
static const char dataset_csv[] =
  "date,customer,channel,region,stage,opportunity,amount,cost,score,probability\n"
  "2024-01-15,C1,online,north,lead,O1,100,60,9,0.1\n"
  "2024-02-10,C2,store,south,qualified,O1,200,150,7,0.25\n"
  "2024-03-05,C1,online,north,won,O2,50,30,10,1\n"
  "2024-12-31T23:30:00+01:00,C3,mobile,west,lost,O3,0,0,3,0\n"
  "2025-01-05,C1,online,north,lead,O4,100,60,9,0.1\n"
  "2025-01-10,C2,store,south,proposal,O4,200,150,6,0.5\n"
  "2025-01-20,C1,online,north,negotiation,O5,50,30,10,0.75\n"
  "2025-02-03,C3,,east,won,O4,80,40,8,1\n"
  "2025-02-28,C4,mobile,west,lost,O5,,10,2,0\n"
  "2025-03-01,C2,store,south,qualified,O6,-20,5,9,0.25\n"
  "2025-03-30T01:30:00Z,C5,online,north,lead,O7,1e6,1,0,0.1\n"
  "2025-04-01,C1,online,north,won,O6,300,100,10,1\n";

/* Criticals and warnings abort, whatever their domain (GLib's own
 * criticals, called with what an input gave, are bugs of ours too); the
 * rest is dropped, to keep the fuzzer's output readable. */
static void
log_handler (const char     *domain,
             GLogLevelFlags  level,
             const char     *message,
             gpointer        user_data)
{
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) == 0)
    return;
  fprintf (stderr, "%s-%s: %s\n", domain != NULL ? domain : "(none)",
           (level & G_LOG_LEVEL_WARNING) ? "WARNING" : "CRITICAL", message);
  abort ();
}

void
kpi_fuzz_init (void)
{
  static gsize done = 0;

  if (!g_once_init_enter (&done))
    return;
  /* G_DEBUG=fatal-criticals without the environment */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_default_handler (log_handler, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (zone_ids); i++)
    {
      zones[i] = g_time_zone_new_identifier (zone_ids[i]);
      if (zones[i] == NULL)
        kpi_fuzz_fail (__FILE__, __LINE__, "zone", "time zone %s is not installed (tzdata)", zone_ids[i]);
    }
  calendar = kpi_calendar_new (zones[1], 4, NULL);
  /* the same present for every run: 2025-04-15 UTC */
  kpi_calendar_set_now (calendar, (gint64) 1744675200 * G_USEC_PER_SEC);
  g_once_init_leave (&done, 1);
}

GTimeZone *
kpi_fuzz_time_zone (guint index)
{
  return zones[index % G_N_ELEMENTS (zones)];
}

guint
kpi_fuzz_n_time_zones (void)
{
  return G_N_ELEMENTS (zones);
}

guint8
kpi_fuzz_take_byte (KpiFuzzInput *input)
{
  guint8 byte;

  if (input->size == 0)
    return 0;
  byte = input->data[0];
  input->data++;
  input->size--;
  return byte;
}

guint
kpi_fuzz_take_choice (KpiFuzzInput *input,
                      guint         n)
{
  return kpi_fuzz_take_byte (input) % n;
}

char *
kpi_fuzz_take_rest (KpiFuzzInput *input,
                    gsize        *length)
{
  char *text = g_malloc (input->size + 1);

  memcpy (text, input->data, input->size);
  text[input->size] = '\0';
  if (length != NULL)
    *length = input->size;
  input->data += input->size;
  input->size = 0;
  return text;
}

char *
kpi_fuzz_take_string (KpiFuzzInput *input,
                      guint         max_length)
{
  /* MIN evaluates its arguments twice: the byte first */
  gsize wanted = kpi_fuzz_take_byte (input) % (max_length + 1);
  gsize length = MIN (wanted, input->size);
  char *text = g_malloc (length + 1);

  memcpy (text, input->data, length);
  text[length] = '\0';

  input->data += length;
  input->size -= length;
  return text;
}

/* Formats that exports write, and a few that are refused */
static const char * const date_formats[] = {
  "serial", "%d/%m/%Y", "%m/%d/%Y %I:%M %p", "%d.%m.%Y %H:%M", "%Y%m%d", "%d %B %Y",
  "%b %d, %Y", "%Y-%m-%dT%H:%M:%S%z", "%d/%m/%y", "%e %b %Y %H:%M:%S.%f", "%m/%d/%Y",
  "%d-%b-%y", "%Y/%m/%d %H:%M:%S", "%d %m %Y", "%I:%M %p %d/%m/%Y", "%%%Y%m%d",
  "%Y-%m", "%d/%m/%Y %I:%M", "%q", "", "%Y%Y%m%d",
};

void
kpi_fuzz_take_date_format (KpiLoadOptions *options,
                           KpiFuzzInput   *input,
                           const char     *time_column)
{
  static const char * const other_columns[] = { "date", "jour", "Date", "amount", "" };
  guint8 which = kpi_fuzz_take_byte (input);
  guint8 choice;
  const char *column;
  g_autofree char *random = NULL;
  const char *format;
  GError *error = NULL;

  /* a quarter of the inputs (0 among them, as inputs from before this
   * option read) leave the dates to detection */
  if (which % 4 == 0)
    return;
  column = which % 4 == 1 ? NULL : which % 4 == 2 ? time_column
           : other_columns[(which / 4) % G_N_ELEMENTS (other_columns)];
  choice = kpi_fuzz_take_byte (input);
  if (choice < 2 * G_N_ELEMENTS (date_formats))
    format = date_formats[choice % G_N_ELEMENTS (date_formats)];
  else
    format = random = kpi_fuzz_take_string (input, 24);
  if (!kpi_load_options_set_date_format (options, column, format, &error))
    {
      kpi_fuzz_expect_error (&error, "a date format");
      kpi_fuzz_assert (kpi_load_options_get_date_format (options, column) == NULL,
                       "a refused date format was kept");
    }
  else
    kpi_fuzz_assert (g_strcmp0 (kpi_load_options_get_date_format (options, column), format) == 0,
                     "date format %s set, %s read back", format,
                     kpi_load_options_get_date_format (options, column));
}

void
kpi_fuzz_take_number_style (KpiLoadOptions *options,
                            KpiFuzzInput   *input)
{
  /* every name (the styles and their short names) and what it reads back as */
  static const struct { const char *name, *canonical; } styles[] = {
    { "english", "english" }, { "french", "french" }, { "german", "german" }, { "swiss", "swiss" },
    { "en", "english" }, { "FR", "french" }, { "De", "german" }, { "ch", "swiss" },
  };
  guint8 choice = kpi_fuzz_take_byte (input);
  g_autofree char *random = NULL;
  g_autofree char *before = NULL;
  const char *style;
  GError *error = NULL;

  /* 0 (and most bytes): none, as inputs from before this option read */
  if (choice % 16 == 0 || choice % 16 > G_N_ELEMENTS (styles) + 1)
    return;
  style = choice % 16 <= G_N_ELEMENTS (styles) ? styles[choice % 16 - 1].name
          : (random = kpi_fuzz_take_string (input, 12));
  before = g_strdup (kpi_load_options_get_number_style (options));
  if (kpi_load_options_set_number_style (options, style, &error))
    {
      const char *now = kpi_load_options_get_number_style (options);
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
        if (g_ascii_strcasecmp (style, styles[i].name) == 0)
          {
            known = TRUE;
            kpi_fuzz_assert (g_strcmp0 (now, styles[i].canonical) == 0,
                             "number style %s set, %s read back", style, now);
          }
      /* the eight names in any case, nothing else */
      kpi_fuzz_assert (known, "number style %s taken", style);
    }
  else
    {
      kpi_fuzz_expect_error (&error, "a number style");
      kpi_fuzz_assert (g_strcmp0 (before, kpi_load_options_get_number_style (options)) == 0,
                       "a refused number style changed the separators");
    }
}

void
kpi_fuzz_take_percent_columns (KpiLoadOptions *options,
                               KpiFuzzInput   *input)
{
  static const char * const names[] = {
    "amount", "pct", "taux", "rate", "conversion", "date", "customer", "x", "",
  };
  guint8 choice = kpi_fuzz_take_byte (input);

  for (guint i = 0; i < choice % 3; i++)
    kpi_load_options_set_percent_column (options, names[(choice / 3 + 5 * i) % G_N_ELEMENTS (names)], TRUE);
}

void
kpi_fuzz_fail (const char *file,
               int         line,
               const char *condition,
               const char *format,
               ...)
{
  va_list args;

  fprintf (stderr, "%s:%d: %s: ", file, line, condition);
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
  abort ();
}

void
kpi_fuzz_expect_error (GError    **error,
                       const char *what)
{
  kpi_fuzz_assert (*error != NULL, "%s failed without an error", what);
  kpi_fuzz_assert ((*error)->message != NULL && (*error)->message[0] != '\0',
                   "%s failed with an empty message", what);
  kpi_fuzz_assert (g_utf8_validate ((*error)->message, -1, NULL),
                   "%s failed with a message that is not UTF-8", what);
  g_clear_error (error);
}

KpiCalendar *
kpi_fuzz_calendar (void)
{
  return calendar;
}

KpiDataset *
kpi_fuzz_new_dataset (void)
{
  KpiDataset *dataset = kpi_dataset_new ("date");
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  GError *error = NULL;

  kpi_load_options_set_format (options, KPI_FILE_FORMAT_CSV);
  if (!kpi_dataset_load_data (dataset, (const guint8 *) dataset_csv, sizeof dataset_csv - 1, options, &error))
    kpi_fuzz_fail (__FILE__, __LINE__, "load", "the fixed dataset does not load: %s", error->message);
  return dataset;
}

KpiContext *
kpi_fuzz_new_context (void)
{
  static const struct { const char *id, *formula; } indicators[] = {
    { "spend", "sum(cost)" },
    { "marketing_spend", "sum(cost where channel = \"online\")" },
    { "new_customers", "new(customer)" },
    { "ref", "count()" },
    { "gap", "@spend - @ref" },
  };
  KpiContext *context = kpi_context_new (calendar);
  g_autoptr(KpiDataset) dataset = kpi_fuzz_new_dataset ();

  /* under the names the crm catalogue's indicators and checks read */
  for (guint i = 0; i < G_N_ELEMENTS (dataset_names); i++)
    kpi_context_add_dataset (context, dataset_names[i], dataset);
  for (guint i = 0; i < G_N_ELEMENTS (indicators); i++)
    {
      g_autoptr(KpiIndicator) indicator = kpi_indicator_new (indicators[i].id, indicators[i].formula, NULL);

      kpi_indicator_set_dataset_name (indicator, "orders");
      kpi_context_add_indicator (context, indicator);
    }
  return context;
}

/* Up to three columns forced to a kind: the names the seeds use, and
 * names that are not there. */
void
kpi_fuzz_set_column_kinds (KpiLoadOptions *options,
                           guint8          choice)
{
  static const char * const names[] = {
    "date", "amount", "customer", "order_id", "channel", "score", "a", "b", "x", "",
  };

  for (guint i = 0; i < choice % 4; i++)
    {
      guint8 bits = choice >> (2 + 2 * i);

      kpi_load_options_set_column_kind (options, names[(bits * 7 + i) % G_N_ELEMENTS (names)],
                                        bits % 2 == 0 ? KPI_COLUMN_DIMENSION : KPI_COLUMN_MEASURE);
    }
}

/* Reads every column back and counts the rows by month: what a loaded
 * dataset promises (as many values as rows in each column, codes within
 * the dictionary, times within the range). */
void
kpi_fuzz_check_dataset (KpiDataset *dataset)
{
  guint n_rows = kpi_dataset_get_n_rows (dataset);
  guint n_columns = kpi_dataset_get_n_columns (dataset);
  gint64 min_time = 0, max_time = 0;
  const gint64 *times;
  gsize n;

  times = kpi_dataset_get_times (dataset, &n);
  kpi_fuzz_assert (n == n_rows, "%zu times for %u rows", n, n_rows);
  if (kpi_dataset_get_time_range (dataset, &min_time, &max_time))
    for (gsize r = 0; r < n; r++)
      kpi_fuzz_assert (times[r] >= min_time && times[r] <= max_time, "row %zu out of the time range", r);

  for (guint c = 0; c < n_columns; c++)
    {
      const char *name = kpi_dataset_get_column_name (dataset, c);

      switch (kpi_dataset_get_column_kind (dataset, c))
        {
        case KPI_COLUMN_MEASURE:
          {
            const double *values = kpi_dataset_get_measure (dataset, name, &n);

            kpi_fuzz_assert (n == n_rows && (n == 0 || values != NULL), "measure %s", name);
          }
          break;
        case KPI_COLUMN_DIMENSION:
          {
            gsize n_values = 0;
            const guint32 *codes = kpi_dataset_get_dimension_codes (dataset, name, &n);
            const char * const *dictionary = kpi_dataset_get_dimension_dictionary (dataset, name, &n_values);
            g_auto(GStrv) copies = kpi_dataset_dup_dimension_values (dataset, name);

            kpi_fuzz_assert (n == n_rows, "dimension %s", name);
            for (gsize r = 0; r < n; r++)
              {
                kpi_fuzz_assert (codes[r] == KPI_DIMENSION_MISSING || codes[r] < n_values,
                                 "dimension %s, row %zu: code %u of %zu", name, r, codes[r], n_values);
                kpi_fuzz_assert (codes[r] == KPI_DIMENSION_MISSING || g_utf8_validate (dictionary[codes[r]], -1, NULL),
                                 "dimension %s, row %zu: not UTF-8", name, r);
              }
            (void) copies;
          }
          break;
        case KPI_COLUMN_TIME:
          break;
        }
    }
  g_bytes_unref (kpi_dataset_dup_column_bytes (dataset, kpi_dataset_get_time_column (dataset)));

  /* the rows counted month by month, from the first to at most the 24th;
   * the calendar has no periods outside the years 1 to 9999, which a
   * dataset's times may be in */
  if (n_rows > 0)
    {
      g_autoptr(KpiPeriod) first = kpi_calendar_period_at (calendar, min_time, KPI_GRANULARITY_MONTH);
      g_autoptr(KpiPeriod) last = kpi_calendar_period_at (calendar, max_time, KPI_GRANULARITY_MONTH);
      g_autoptr(KpiPeriod) cap = first != NULL ? kpi_calendar_offset (calendar, first, 23) : NULL;
      g_autoptr(KpiIndicator) count = kpi_indicator_new ("count", "count()", NULL);
      g_autoptr(KpiContext) context = kpi_context_new (calendar);
      g_autoptr(GPtrArray) values = NULL;
      const KpiPeriod *end;
      gboolean whole;
      GError *error = NULL;
      double total = 0;

      if (first == NULL)
        return;
      whole = last != NULL && (cap == NULL || kpi_period_compare (last, cap) <= 0);
      end = whole ? last : cap != NULL ? cap : first;
      kpi_context_add_dataset (context, "data", dataset);
      kpi_indicator_set_dataset_name (count, "data");
      values = kpi_indicator_evaluate_series (count, context, first, end, &error);
      kpi_fuzz_assert (values != NULL, "count(): %s", error->message);
      for (guint i = 0; i < values->len; i++)
        {
          KpiValue *value = g_ptr_array_index (values, i);

          /* missing: after the data's as-of time, say */
          if (kpi_value_is_missing (value))
            whole = FALSE;
          else
            total += kpi_value_get_value (value);
        }
      kpi_fuzz_assert (total <= n_rows, "%g rows counted of %u", total, n_rows);
      if (whole)
        kpi_fuzz_assert (total == n_rows, "%g rows counted of %u", total, n_rows);
    }
}

void
kpi_fuzz_load_twice (KpiLoadOptions *options,
                     const char     *text,
                     gsize           length)
{
  g_autoptr(KpiDataset) dataset = kpi_dataset_new (kpi_load_options_get_time_column (options));
  GError *error = NULL;
  guint n_rows;

  if (!kpi_dataset_load_data (dataset, (const guint8 *) text, length, options, &error))
    {
      kpi_fuzz_expect_error (&error, "the load");
      kpi_fuzz_assert (kpi_dataset_get_n_rows (dataset) == 0, "a failed load left rows");
      return;
    }
  /* again: appends the same rows, or is refused and changes nothing */
  n_rows = kpi_dataset_get_n_rows (dataset);
  if (kpi_dataset_load_data (dataset, (const guint8 *) text, length, options, &error))
    kpi_fuzz_assert (kpi_dataset_get_n_rows (dataset) == 2 * n_rows, "%u rows after appending %u to %u",
                     kpi_dataset_get_n_rows (dataset), n_rows, n_rows);
  else
    {
      kpi_fuzz_expect_error (&error, "the second load");
      kpi_fuzz_assert (kpi_dataset_get_n_rows (dataset) == n_rows, "a failed append left rows");
    }
  kpi_fuzz_check_dataset (dataset);
}
