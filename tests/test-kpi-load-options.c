/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests of KpiLoadOptions: defaults, setters, notifications, values the
 * setters refuse with a GError, forced kinds. */

#include <check.h>
#include "kpi-test.h"
#include <libkpi/kpi.h>

START_TEST (test_defaults)
{
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  KpiColumnKind kind;

  ck_assert_int_eq (kpi_load_options_get_format (options), KPI_FILE_FORMAT_AUTO);
  /* NULL: the CSV loader detects it */
  ck_assert_ptr_null (kpi_load_options_get_delimiter (options));
  ck_assert_ptr_null (kpi_load_options_get_number_style (options));
  ck_assert_str_eq (kpi_load_options_get_decimal_separator (options), ".");
  ck_assert_str_eq (kpi_load_options_get_thousands_separator (options), "");
  ck_assert_str_eq (kpi_load_options_get_time_column (options), "date");
  ck_assert_str_eq (g_time_zone_get_identifier (kpi_load_options_get_time_zone (options)), "UTC");
  ck_assert_ptr_null (kpi_load_options_get_source_name (options));
  ck_assert (!kpi_load_options_get_column_kind (options, "customer", &kind));
}
END_TEST

START_TEST (test_setters_notify)
{
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  guint notified = 0;

  g_signal_connect (options, "notify", G_CALLBACK (kpi_test_count_notify), &notified);
  kpi_load_options_set_delimiter (options, ";", NULL);
  kpi_load_options_set_delimiter (options, ";", NULL);  /* no change, no notify */
  kpi_load_options_set_format (options, KPI_FILE_FORMAT_CSV);
  kpi_load_options_set_time_column (options, "day", NULL);
  kpi_load_options_set_time_zone (options, paris);
  kpi_load_options_set_source_name (options, "export.csv");
  ck_assert_uint_eq (notified, 5);

  ck_assert_str_eq (kpi_load_options_get_delimiter (options), ";");
  ck_assert_str_eq (kpi_load_options_get_time_column (options), "day");
  ck_assert_str_eq (g_time_zone_get_identifier (kpi_load_options_get_time_zone (options)),
                    "Europe/Paris");
  ck_assert_str_eq (kpi_load_options_get_source_name (options), "export.csv");

  kpi_load_options_set_time_zone (options, NULL);
  ck_assert_str_eq (g_time_zone_get_identifier (kpi_load_options_get_time_zone (options)), "UTC");
}
END_TEST

START_TEST (test_french_numbers)
{
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  g_autofree char *decimal = NULL;

  /* From a thousands comma (which must not stay, as the decimal one is
   * now a comma) */
  ck_assert (kpi_load_options_set_thousands_separator (options, ",", NULL));
  kpi_load_options_use_french_numbers (options);
  g_object_get (options, "decimal-separator", &decimal, NULL);
  ck_assert_str_eq (decimal, ",");
  ck_assert_str_eq (kpi_load_options_get_thousands_separator (options), " ");
  ck_assert_str_eq (kpi_load_options_get_number_style (options), "french");
  /* The delimiter is left alone: set it separately. */
  ck_assert_ptr_null (kpi_load_options_get_delimiter (options));
  kpi_load_options_set_thousands_separator (options, NULL, NULL);
  ck_assert_str_eq (kpi_load_options_get_thousands_separator (options), "");
}
END_TEST

/* What a user may type (in a form, on a command line) gets a GError, and
 * the option keeps its value. */
START_TEST (test_invalid_values)
{
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  static const char *delimiters[] = { ";;", "", "\"", "\n", "\r", "é", "\xff" };
  static const char *decimals[] = { "x", "", "..", " ", "'" };
  static const char *thousands[] = { "x", "  ", "_", "\xe2\x80\xaf\xe2\x80\xaf", "\xe2\x80\x98" };
  guint notified = 0;
  GError *error = NULL;

  g_signal_connect (options, "notify", G_CALLBACK (kpi_test_count_notify), &notified);

  for (gsize i = 0; i < G_N_ELEMENTS (delimiters); i++)
    {
      ck_assert (!kpi_load_options_set_delimiter (options, delimiters[i], &error));
      ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION));
      ck_assert (g_utf8_validate (error->message, -1, NULL));
      ck_assert_msg (strstr (error->message, "is not a CSV delimiter: expected one ASCII character") != NULL,
                     "%s", error->message);
      g_clear_error (&error);
    }
  ck_assert (!kpi_load_options_set_delimiter (options, ";;", &error));
  ck_assert_str_eq (error->message, "“;;” is not a CSV delimiter: expected one ASCII character "
                                    "other than a quote or a line break, such as “,”, “;”, “|” "
                                    "or a tab");
  g_clear_error (&error);
  ck_assert (!kpi_load_options_set_delimiter (options, "\n", &error));
  ck_assert_ptr_nonnull (strstr (error->message, "“\\n”"));
  g_clear_error (&error);

  for (gsize i = 0; i < G_N_ELEMENTS (decimals); i++)
    {
      ck_assert (!kpi_load_options_set_decimal_separator (options, decimals[i], &error));
      ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION));
      g_clear_error (&error);
    }
  ck_assert (!kpi_load_options_set_decimal_separator (options, "x", &error));
  ck_assert_str_eq (error->message, "“x” is not a decimal separator: expected “.” or “,”");
  g_clear_error (&error);

  for (gsize i = 0; i < G_N_ELEMENTS (thousands); i++)
    {
      ck_assert (!kpi_load_options_set_thousands_separator (options, thousands[i], &error));
      ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION));
      ck_assert (g_utf8_validate (error->message, -1, NULL));
      g_clear_error (&error);
    }
  /* The two separators may not be the same character. */
  ck_assert (!kpi_load_options_set_thousands_separator (options, ".", &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION));
  ck_assert_ptr_nonnull (strstr (error->message, "is the decimal separator already"));
  g_clear_error (&error);

  ck_assert (!kpi_load_options_set_time_column (options, "", &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION));
  g_clear_error (&error);
  ck_assert (!kpi_load_options_set_time_column (options, "d\xff", &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION));
  ck_assert (g_utf8_validate (error->message, -1, NULL));
  g_clear_error (&error);

  /* Nothing changed, nothing was notified. */
  ck_assert_uint_eq (notified, 0);
  ck_assert_ptr_null (kpi_load_options_get_delimiter (options));
  ck_assert_str_eq (kpi_load_options_get_decimal_separator (options), ".");
  ck_assert_str_eq (kpi_load_options_get_thousands_separator (options), "");
  ck_assert_str_eq (kpi_load_options_get_time_column (options), "date");

  /* Valid values pass, and the swap of the separators needs two steps. */
  ck_assert (kpi_load_options_set_delimiter (options, "\t", &error));
  ck_assert (kpi_load_options_set_thousands_separator (options, ",", &error));
  ck_assert (!kpi_load_options_set_decimal_separator (options, ",", &error));
  ck_assert_ptr_nonnull (strstr (error->message, "is the thousands separator already"));
  g_clear_error (&error);
  ck_assert (kpi_load_options_set_thousands_separator (options, "'", &error));
  ck_assert (kpi_load_options_set_decimal_separator (options, ",", &error));
  ck_assert (kpi_load_options_set_time_column (options, "jour", &error));
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (notified, 5);
}
END_TEST

/* Properties take valid values as the setters do (an invalid one is a
 * programmer error, refused with a critical: not tested here, the suite
 * runs with fatal warnings). */
START_TEST (test_properties)
{
  g_autoptr(KpiLoadOptions) options =
    g_object_new (KPI_TYPE_LOAD_OPTIONS, "delimiter", ";", "thousands-separator", " ",
                  "decimal-separator", ",", "time-column", "jour", NULL);

  ck_assert_str_eq (kpi_load_options_get_delimiter (options), ";");
  ck_assert_str_eq (kpi_load_options_get_decimal_separator (options), ",");
  ck_assert_str_eq (kpi_load_options_get_thousands_separator (options), " ");
  ck_assert_str_eq (kpi_load_options_get_time_column (options), "jour");
}
END_TEST

START_TEST (test_column_kinds)
{
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  KpiColumnKind kind = KPI_COLUMN_TIME;

  kpi_load_options_set_column_kind (options, "customer_id", KPI_COLUMN_DIMENSION);
  kpi_load_options_set_column_kind (options, "score", KPI_COLUMN_MEASURE);
  ck_assert (kpi_load_options_get_column_kind (options, "customer_id", &kind));
  ck_assert_int_eq (kind, KPI_COLUMN_DIMENSION);
  ck_assert (kpi_load_options_get_column_kind (options, "score", &kind));
  ck_assert_int_eq (kind, KPI_COLUMN_MEASURE);
  /* Forcing again replaces the earlier choice. */
  kpi_load_options_set_column_kind (options, "score", KPI_COLUMN_DIMENSION);
  ck_assert (kpi_load_options_get_column_kind (options, "score", NULL));
  ck_assert (kpi_load_options_get_column_kind (options, "score", &kind));
  ck_assert_int_eq (kind, KPI_COLUMN_DIMENSION);
  ck_assert (!kpi_load_options_get_column_kind (options, "amount", NULL));
}
END_TEST

START_TEST (test_enum_types)
{
  GEnumClass *klass = g_type_class_ref (KPI_TYPE_FILE_FORMAT);
  GEnumValue *value = g_enum_get_value_by_nick (klass, "json-lines");

  ck_assert_ptr_nonnull (value);
  ck_assert_int_eq (value->value, KPI_FILE_FORMAT_JSON_LINES);
  g_type_class_unref (klass);

  klass = g_type_class_ref (KPI_TYPE_COLUMN_KIND);
  ck_assert_str_eq (g_enum_get_value (klass, KPI_COLUMN_MEASURE)->value_nick, "measure");
  g_type_class_unref (klass);
}
END_TEST

/* Number styles set both separators; the last call wins; an unknown style
 * is refused with the list of the styles. */
START_TEST (test_number_styles)
{
  static const struct
  {
    const char *style;
    const char *name;
    const char *decimal;
    const char *thousands;
  } cases[] = {
    { "english", "english", ".", "," },
    { "fr", "french", ",", " " },
    { "German", "german", ",", "." },
    { "ch", "swiss", ".", "'" },
    { "en", "english", ".", "," },
  };
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  GError *error = NULL;

  /* In a row: each style from the previous one, whose thousands separator
   * may be the next one's decimal separator */
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ck_assert (kpi_load_options_set_number_style (options, cases[i].style, &error));
      ck_assert_ptr_null (error);
      ck_assert_str_eq (kpi_load_options_get_number_style (options), cases[i].name);
      ck_assert_str_eq (kpi_load_options_get_decimal_separator (options), cases[i].decimal);
      ck_assert_str_eq (kpi_load_options_get_thousands_separator (options), cases[i].thousands);
    }

  /* A separator set afterwards wins; the style follows the separators */
  ck_assert (kpi_load_options_set_thousands_separator (options, NULL, NULL));
  ck_assert_ptr_null (kpi_load_options_get_number_style (options));
  ck_assert (kpi_load_options_set_number_style (options, "swiss", NULL));
  ck_assert (kpi_load_options_set_thousands_separator (options, "\xe2\x80\x99", NULL));
  ck_assert_str_eq (kpi_load_options_get_thousands_separator (options), "\xe2\x80\x99");
  ck_assert_str_eq (kpi_load_options_get_number_style (options), "swiss");
  ck_assert (kpi_load_options_set_decimal_separator (options, ",", NULL));
  ck_assert_ptr_null (kpi_load_options_get_number_style (options));
  ck_assert (kpi_load_options_set_number_style (options, "french", NULL));
  ck_assert (kpi_load_options_set_thousands_separator (options, "\xe2\x80\xaf", NULL));
  ck_assert_str_eq (kpi_load_options_get_number_style (options), "french");

  ck_assert (!kpi_load_options_set_number_style (options, "italian", &error));
  ck_assert (g_error_matches (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION));
  ck_assert_str_eq (error->message, "“italian” is not a number style: expected english "
                    "(1,234.56), french (1 234,56), german (1.234,56) or swiss (1'234.56), "
                    "or en, fr, de or ch");
  g_clear_error (&error);
  ck_assert_str_eq (kpi_load_options_get_decimal_separator (options), ",");
}
END_TEST

/* Percent columns are declared one by one, and copied with the options */
START_TEST (test_percent_columns)
{
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();

  ck_assert (!kpi_load_options_get_percent_column (options, "rate"));
  kpi_load_options_set_percent_column (options, "rate", TRUE);
  kpi_load_options_set_percent_column (options, "margin", TRUE);
  ck_assert (kpi_load_options_get_percent_column (options, "rate"));
  kpi_load_options_set_percent_column (options, "margin", FALSE);
  ck_assert (!kpi_load_options_get_percent_column (options, "margin"));
  ck_assert (kpi_load_options_get_percent_column (options, "rate"));

  /* NULL goes back to detection */
  ck_assert (kpi_load_options_set_delimiter (options, ";", NULL));
  ck_assert (kpi_load_options_set_delimiter (options, NULL, NULL));
  ck_assert_ptr_null (kpi_load_options_get_delimiter (options));
}
END_TEST

int
main (void)
{
  const KpiTestCase cases[] = {
    { "defaults", test_defaults },
    { "setters-notify", test_setters_notify },
    { "french-numbers", test_french_numbers },
    { "invalid-values", test_invalid_values },
    { "properties", test_properties },
    { "column-kinds", test_column_kinds },
    { "enum-types", test_enum_types },
    { "number-styles", test_number_styles },
    { "percent-columns", test_percent_columns },
  };

  return kpi_test_run ("load-options", cases, G_N_ELEMENTS (cases), 0);
}
