/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-json.c: the JSON loader (an array of row objects).
 *
 * Two bytes of options first (the time column, then the time zone and
 * forced column kinds), then the options the JSON loaders read of issue
 * 15 (a date format, a number style for numbers written as strings,
 * percent columns: see fuzz-common.h), then the document; loaded twice into one dataset
 * (the second load appends, or is refused whole), then read back. The
 * JSON Lines harness (fuzz-jsonl.c) is this one with the other format. */

#include "config.h"

#include "fuzz-common.h"

#ifndef FUZZ_FORMAT
#define FUZZ_FORMAT KPI_FILE_FORMAT_JSON
#define FUZZ_NAME json
#endif

static const char * const time_columns[] = { "date", "time", "d", "amount" };

static int
load_json (const uint8_t *data,
           size_t         size,
           KpiFileFormat  format)
{
  KpiFuzzInput input = { data, size };
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  g_autofree char *text = NULL;
  guint8 byte;
  gsize length;
  GError *error = NULL;

  kpi_fuzz_init ();
  kpi_load_options_set_format (options, format);
  byte = kpi_fuzz_take_byte (&input);
  if (!kpi_load_options_set_time_column (options, time_columns[byte % G_N_ELEMENTS (time_columns)], &error))
    kpi_fuzz_expect_error (&error, "the time column");
  if (byte / G_N_ELEMENTS (time_columns) % 2 == 1)
    kpi_load_options_set_time_zone (options, kpi_fuzz_time_zone (byte / 8));
  kpi_fuzz_set_column_kinds (options, kpi_fuzz_take_byte (&input));
  kpi_fuzz_take_date_format (options, &input, kpi_load_options_get_time_column (options));
  kpi_fuzz_take_number_style (options, &input);
  kpi_fuzz_take_percent_columns (options, &input);
  text = kpi_fuzz_take_rest (&input, &length);
  kpi_fuzz_load_twice (options, text, length);
  return 0;
}

KPI_FUZZ_HARNESS (FUZZ_NAME)
{
  return load_json (data, size, FUZZ_FORMAT);
}
