/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-csv.c: the CSV loader, with load options picked by the input.
 *
 * The first bytes of an input choose the options, one byte each, in the
 * order of the tables below (an option of input_options may take a string
 * after its byte); the rest is the file. It is loaded twice into
 * one dataset (the second load appends, or is refused whole: the dataset
 * keeps its rows), then read back column by column and counted by month.
 *
 * A new load option is one line: a string option in string_options (its
 * setter and the values worth trying; a setter that refuses a value, or
 * refuses it next to another option, is fine), anything else in
 * other_options, an option that reads more of the input in input_options.
 * Inputs in the corpus keep their meaning as long as lines
 * are only added at the end of a table. */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"

typedef gboolean (*StringSetter) (KpiLoadOptions *options,
                                  const char     *value,
                                  GError        **error);

typedef struct
{
  StringSetter        set;
  const char * const *values;   /* NULL-terminated; past the end: the default */
} StringOption;

#define STRING_OPTION(setter, ...) \
  { (StringSetter) (setter), (const char * const[]) { __VA_ARGS__, NULL } }

static const StringOption string_options[] = {
  /* "detect": delimiter sniffing, refused until the loader has it */
  STRING_OPTION (kpi_load_options_set_delimiter, ",", ";", "\t", "|", " ", "detect", ":", "\""),
  STRING_OPTION (kpi_load_options_set_decimal_separator, ".", ",", "'", "\u066b", ""),
  STRING_OPTION (kpi_load_options_set_thousands_separator, "", " ", ",", ".", "'", "\u202f", "\u00a0", "_"),
  STRING_OPTION (kpi_load_options_set_time_column, "date", "jour", "time", "d", "amount", "", "Date"),
};

/* Options that are not a string: @choice is the input's byte. */
typedef void (*OtherOption) (KpiLoadOptions *options,
                             guint8          choice);

static void
set_time_zone (KpiLoadOptions *options,
               guint8          choice)
{
  if (choice < kpi_fuzz_n_time_zones ())
    kpi_load_options_set_time_zone (options, kpi_fuzz_time_zone (choice));
}

static void
set_french_numbers (KpiLoadOptions *options,
                    guint8          choice)
{
  if (choice % 4 == 0)
    kpi_load_options_use_french_numbers (options);
}

static void
set_data_as_of (KpiLoadOptions *options,
                guint8          choice)
{
  if (choice % 2 == 1)
    kpi_load_options_set_data_as_of (options, (gint64) 1735689600 * G_USEC_PER_SEC);
}

static void
set_coverage (KpiLoadOptions *options,
              guint8          choice)
{
  GError *error = NULL;

  /* January 2025, or an empty span (refused) */
  if (choice % 3 == 1)
    kpi_load_options_set_coverage (options, (gint64) 1735689600 * G_USEC_PER_SEC,
                                   (gint64) 1738368000 * G_USEC_PER_SEC, &error);
  else if (choice % 3 == 2 && !kpi_load_options_set_coverage (options, 1, 1, &error))
    kpi_fuzz_expect_error (&error, "an empty coverage");
  g_clear_error (&error);
}

/* NULL: the delimiter detected, whatever the first table set (not for 0,
 * which inputs from before this option read) */
static void
set_delimiter_detect (KpiLoadOptions *options,
                      guint8          choice)
{
  GError *error = NULL;

  if (choice % 4 == 1 && !kpi_load_options_set_delimiter (options, NULL, &error))
    kpi_fuzz_assert (FALSE, "the delimiter NULL is refused: %s", error->message);
}

static const OtherOption other_options[] = {
  set_time_zone,
  set_french_numbers,
  kpi_fuzz_set_column_kinds,
  set_data_as_of,
  set_coverage,
  set_delimiter_detect,
};

/* Options that read more of the input than a byte (strings from it: a
 * date format, a number style) */
typedef void (*InputOption) (KpiLoadOptions *options,
                             KpiFuzzInput   *input);

static void
take_date_format (KpiLoadOptions *options,
                  KpiFuzzInput   *input)
{
  kpi_fuzz_take_date_format (options, input, kpi_load_options_get_time_column (options));
}

static const InputOption input_options[] = {
  take_date_format,
  kpi_fuzz_take_number_style,
  kpi_fuzz_take_percent_columns,
};

static KpiLoadOptions *
take_options (KpiFuzzInput *input)
{
  KpiLoadOptions *options = kpi_load_options_new ();

  kpi_load_options_set_format (options, KPI_FILE_FORMAT_CSV);
  for (guint i = 0; i < G_N_ELEMENTS (string_options); i++)
    {
      const StringOption *option = &string_options[i];
      guint n = g_strv_length ((char **) option->values);
      guint choice = kpi_fuzz_take_choice (input, n + 1);
      GError *error = NULL;

      if (choice < n && !option->set (options, option->values[choice], &error))
        kpi_fuzz_expect_error (&error, "a load option");
    }
  for (guint i = 0; i < G_N_ELEMENTS (other_options); i++)
    other_options[i] (options, kpi_fuzz_take_byte (input));
  for (guint i = 0; i < G_N_ELEMENTS (input_options); i++)
    input_options[i] (options, input);
  return options;
}

KPI_FUZZ_HARNESS (csv)
{
  KpiFuzzInput input = { data, size };
  g_autoptr(KpiLoadOptions) options = NULL;
  g_autofree char *text = NULL;
  gsize length;

  kpi_fuzz_init ();
  options = take_options (&input);
  text = kpi_fuzz_take_rest (&input, &length);
  kpi_fuzz_load_twice (options, text, length);
  return 0;
}
