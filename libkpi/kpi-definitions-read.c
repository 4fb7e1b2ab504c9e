/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-definitions-read.c: a definitions document read, whole or not at
 * all: its calendar, datasets, indicators, benchmarks, checks and
 * dashboards, with the JSON path of every error */

#include "config.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-definitions-private.h"
#include "kpi-json-private.h"
#include "kpi-json-write-private.h"
#include "kpi-sqlite-source-private.h"
#include "kpi-suggest-private.h"
#include "kpi-util-private.h"
#include "kpi-watch-private.h"

static gboolean invalid (GError **error, const char *path, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
invalid (GError     **error,
         const char  *path,
         const char  *format,
         ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID, "%s: %s", path, what);
  return FALSE;
}

/* Every member of @object is one of @allowed, or the error names the
 * first that is not and its near miss. */
static gboolean
known_members (JsonObject          *object,
               const char          *path,
               const char * const  *allowed,
               GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *shown = kpi_text_for_message (l->data, -1, KPI_MESSAGE_QUOTE_CHARS);
        g_autofree char *near = kpi_suggest_suffix (l->data, allowed, g_strv_length ((char **) allowed), "");

        return invalid (error, path, "unknown member “%s”%s", shown, near);
      }
  return TRUE;
}

/* The string member @key of @object: *@out NULL when absent (an error
 * when @required), or the string. */
static gboolean
member_string (JsonObject  *object,
               const char  *key,
               const char  *path,
               gboolean     required,
               const char **out,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL)
    return required ? invalid (error, path, "the member “%s” is missing", key) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0')
    {
      g_autofree char *p = g_strdup_printf ("%s.%s", path, key);
      return invalid (error, p, "expected a non-empty string, found %s", kpi_json_kind (node));
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
member_number (JsonObject  *object,
               const char  *key,
               const char  *path,
               double      *out,
               gboolean    *present,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *present = node != NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    {
      g_autofree char *p = g_strdup_printf ("%s.%s", path, key);
      return invalid (error, p, "expected a number, found %s", kpi_json_kind (node));
    }
  *out = json_node_get_double (node);
  return TRUE;
}

/* A list of strings: *@out NULL when absent. */
static gboolean
member_strv (JsonObject  *object,
             const char  *key,
             const char  *path,
             char      ***out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autofree char *p = g_strdup_printf ("%s.%s", path, key);
  JsonArray *array;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, p, "expected an array of strings, found %s", kpi_json_kind (node));
  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING ||
          *json_node_get_string (e) == '\0')
        {
          g_autofree char *q = g_strdup_printf ("%s[%u]", p, i);
          return invalid (error, q, "expected a non-empty string, found %s", kpi_json_kind (e));
        }
      g_strv_builder_add (builder, json_node_get_string (e));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
enum_member (JsonObject  *object,
             const char  *key,
             const char  *path,
             GType        type,
             int         *out,
             gboolean    *present,
             GError     **error)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  g_autoptr(GPtrArray) nicks = g_ptr_array_new ();
  const char *nick;
  GEnumValue *v;

  if (!member_string (object, key, path, FALSE, &nick, error))
    return FALSE;
  *present = nick != NULL;
  if (nick == NULL)
    return TRUE;
  if ((v = g_enum_get_value_by_nick (klass, nick)) != NULL)
    {
      *out = v->value;
      return TRUE;
    }
  for (guint i = 0; i < klass->n_values; i++)
    g_ptr_array_add (nicks, (gpointer) klass->values[i].value_nick);
  {
    g_autofree char *p = g_strdup_printf ("%s.%s", path, key);
    g_autofree char *shown = kpi_text_for_message (nick, -1, KPI_MESSAGE_QUOTE_CHARS);
    g_autofree char *near = kpi_suggest_suffix (nick, (const char * const *) nicks->pdata, nicks->len, "");

    return invalid (error, p, "unknown value “%s”%s", shown, near);
  }
}

const char *
kpi_definitions_nick (GType type,
                      int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);

  /* enum classes of the library are never unloaded: the nick stays */
  return v != NULL ? v->value_nick : NULL;
}

static gboolean
parse_calendar (JsonNode     *node,
                KpiCalendar **out,
                GError      **error)
{
  static const char * const allowed[] = { "time_zone", "fiscal_year_start_month", NULL };
  const char *path = "$.calendar";
  JsonObject *object;
  const char *zone_id;
  double month = 1;
  gboolean present;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "expected an object, found %s", kpi_json_kind (node));
  object = json_node_get_object (node);
  if (!known_members (object, path, allowed, error) ||
      !member_string (object, "time_zone", path, FALSE, &zone_id, error) ||
      !member_number (object, "fiscal_year_start_month", path, &month, &present, error))
    return FALSE;
  if (zone_id == NULL)
    zone = g_time_zone_new_utc ();
  else if ((zone = g_time_zone_new_identifier (zone_id)) == NULL)
    return invalid (error, "$.calendar.time_zone",
                    "unknown time zone “%s” (expected an IANA name such as “Europe/Paris”)",
                    zone_id);
  if (month != floor (month) || month < 1 || month > 12)
    return invalid (error, "$.calendar.fiscal_year_start_month",
                    "expected a month from 1 to 12, found %g", month);
  *out = kpi_calendar_new (zone, (guint) month, &local_error);
  if (*out == NULL)
    return invalid (error, path, "%s", local_error->message);
  return TRUE;
}

/* The start of the period a label names, or its end (the instant after
 * it) when @end. */
static gboolean
period_bound (KpiCalendar  *calendar,
              JsonObject   *object,
              const char   *key,
              const char   *path,
              gboolean      end,
              gint64       *out,
              GError      **error)
{
  const char *label;
  g_autoptr(KpiPeriod) period = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!member_string (object, key, path, FALSE, &label, error))
    return FALSE;
  if (label == NULL)
    return TRUE;
  period = kpi_calendar_parse_period (calendar, label, &local_error);
  if (period == NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.%s", path, key);
      return invalid (error, p, "%s", local_error->message);
    }
  *out = end ? kpi_period_get_end (period) : kpi_period_get_start (period);
  return TRUE;
}

/* An instant: an ISO 8601 date and time with its offset, or a period
 * label, for the period's start. */
static gboolean
instant_member (KpiCalendar  *calendar,
                JsonObject   *object,
                const char   *key,
                const char   *path,
                gint64       *out,
                GError      **error)
{
  const char *text;
  g_autoptr(GDateTime) dt = NULL;

  if (!member_string (object, key, path, FALSE, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  dt = g_date_time_new_from_iso8601 (text, kpi_calendar_get_time_zone (calendar));
  if (dt != NULL)
    {
      *out = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
      return TRUE;
    }
  return period_bound (calendar, object, key, path, FALSE, out, error);
}

/* What reads one element of an array of the document: @data is the
 * caller's (the dashboard an item goes on, what a dataset loads with). */
typedef gboolean (*ParseFunc) (KpiDefinitions  *self,
                               gpointer         data,
                               JsonNode        *node,
                               const char      *path,
                               GError         **error);

/* Calls @parse on each element of the array @key of @object (at @path),
 * if it has one; an error names the element's path. */
static gboolean
parse_each (KpiDefinitions  *self,
            JsonObject      *object,
            const char      *path,
            const char      *key,
            ParseFunc        parse,
            gpointer         data,
            GError         **error)
{
  JsonNode *member = json_object_get_member (object, key);
  g_autofree char *p = g_strdup_printf ("%s.%s", path, key);
  JsonArray *array;

  if (member == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (member))
    return invalid (error, p, "expected an array, found %s", kpi_json_kind (member));
  array = json_node_get_array (member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *q = g_strdup_printf ("%s[%u]", p, i);
      if (!parse (self, data, json_array_get_element (array, i), q, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  KpiDefinitions *emitter;
  const char     *name;
} Progress;

/* What the datasets of a document load with. */
typedef struct
{
  KpiDefinitions *emitter;      /* the object loading: its signal */
  GFile          *base;
  GCancellable   *cancellable;
} DatasetLoad;

static void
on_load_progress (KpiDataset *dataset,
                  guint64     done,
                  guint64     total,
                  gpointer    user_data)
{
  Progress *progress = user_data;

  kpi_definitions_emit_load_progress (progress->emitter, progress->name, done, total);
}

/* A boolean member: *@present whether it is there. */
static gboolean
member_boolean (JsonObject  *object,
                const char  *key,
                const char  *path,
                gboolean    *out,
                gboolean    *present,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *present = node != NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree char *p = g_strdup_printf ("%s.%s", path, key);
      return invalid (error, p, "expected true or false, found %s", kpi_json_kind (node));
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* A "database" dataset: the rows of its table or query loaded, or with
 * @pushdown the dataset attached to them (formulas run in the database).
 * An SQLite file named by a relative path (sqlite:crm.db) is relative to
 * the document, as a "path" is. */
static gboolean
load_database (KpiDataset      *dataset,
               const char      *uri,
               GFile           *base,
               const char      *table,
               const char      *query,
               gboolean         pushdown,
               KpiLoadOptions  *options,
               GCancellable    *cancellable,
               GError         **error)
{
  g_autoptr(KpiDatabase) database = NULL;
  g_autofree char *resolved = NULL;

  if (g_str_has_prefix (uri, "sqlite:") && !g_str_has_prefix (uri, "sqlite://") &&
      !g_path_is_absolute (uri + strlen ("sqlite:")) && base != NULL)
    {
      g_autoptr(GFile) file = g_file_resolve_relative_path (base, uri + strlen ("sqlite:"));
      g_autofree char *local = g_file_get_path (file);

      resolved = g_strconcat ("sqlite:", local, NULL);
    }
  database = kpi_database_open (resolved != NULL ? resolved : uri, cancellable, error);
  if (database == NULL)
    return FALSE;
  if (pushdown)
    return table != NULL ? kpi_dataset_attach_table (dataset, database, table, options, cancellable, error)
                         : kpi_dataset_attach_query (dataset, database, query, options, cancellable, error);
  return table != NULL ? kpi_dataset_load_table (dataset, database, table, options, cancellable, error)
                       : kpi_dataset_load_query (dataset, database, query, options, cancellable, error);
}

/* A dataset's "date_format": one format for every time column, or an
 * object of a format per column ({"Created Date": "%m/%d/%Y %I:%M %p"}). */
static gboolean
parse_date_format (JsonObject      *object,
                   const char      *path,
                   KpiLoadOptions  *options,
                   GError         **error)
{
  JsonNode *member = json_object_get_member (object, "date_format");
  g_autofree char *p = g_strdup_printf ("%s.date_format", path);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GList) columns = NULL;
  JsonObject *formats;

  if (member == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
    {
      if (!kpi_load_options_set_date_format (options, NULL, json_node_get_string (member), &local_error))
        return invalid (error, p, "%s", local_error->message);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (member))
    return invalid (error, p, "expected a format such as \"%%d/%%m/%%Y\", or an object of a format "
                    "per column such as {\"Date\": \"%%d/%%m/%%Y\"}, found %s", kpi_json_kind (member));
  formats = json_node_get_object (member);
  columns = json_object_get_members (formats);
  for (GList *l = columns; l != NULL; l = l->next)
    {
      const char *format;

      if (!member_string (formats, l->data, p, FALSE, &format, error))
        return FALSE;
      if (!kpi_load_options_set_date_format (options, l->data, format, &local_error))
        {
          g_autofree char *q = g_strdup_printf ("%s.%s", p, (const char *) l->data);
          return invalid (error, q, "%s", local_error->message);
        }
    }
  return TRUE;
}

static gboolean
parse_dataset (KpiDefinitions  *self,
               gpointer         data,
               JsonNode        *node,
               const char      *path,
               GError         **error)
{
  DatasetLoad *load = data;
  KpiDefinitions *emitter = load->emitter;
  GFile *base = load->base;
  GCancellable *cancellable = load->cancellable;
  static const char * const allowed[] = {
    "name", "description", "path", "sqlite", "database", "table", "query", "pushdown",
    "format", "time_column", "delimiter",
    "number_style", "decimal_separator", "thousands_separator", "date_format", "percent_columns",
    "time_zone", "columns", "coverage", "data_as_of", "expected_lag_hours", NULL
  };
  JsonObject *object;
  const char *name, *file_path, *sqlite_path, *database_uri, *table, *query, *s;
  gboolean pushdown = FALSE;
  g_autoptr(KpiLoadOptions) options = kpi_load_options_new ();
  g_autoptr(KpiDataset) dataset = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *member;
  double lag = 0;
  gboolean present;
  int format;
  DatasetEntry *entry;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "expected an object, found %s", kpi_json_kind (node));
  object = json_node_get_object (node);
  if (!known_members (object, path, allowed, error) ||
      !member_string (object, "name", path, TRUE, &name, error) ||
      !member_string (object, "path", path, FALSE, &file_path, error) ||
      !member_string (object, "sqlite", path, FALSE, &sqlite_path, error) ||
      !member_string (object, "database", path, FALSE, &database_uri, error) ||
      !member_string (object, "table", path, FALSE, &table, error) ||
      !member_string (object, "query", path, FALSE, &query, error) ||
      !member_boolean (object, "pushdown", path, &pushdown, &present, error))
    return FALSE;
  if ((file_path != NULL) + (sqlite_path != NULL) + (database_uri != NULL) != 1)
    return invalid (error, path, "a dataset is read from a “path” (a CSV or JSON file), "
                    "from the “table” of an “sqlite” database file, or from the “table” or "
                    "“query” of a “database” (postgresql://…, sqlite:…): give one of them");
  if (sqlite_path != NULL && (table == NULL || query != NULL))
    return invalid (error, path, table == NULL ? "an “sqlite” dataset needs the “table” to read"
                                               : "an “sqlite” dataset reads a “table”: for a “query”, "
                                                 "give the file as a “database” (sqlite:FILE)");
  if (database_uri != NULL && (table == NULL) == (query == NULL))
    return invalid (error, path, "a “database” dataset reads a “table” or a “query”: give one of them");
  if (file_path != NULL && (table != NULL || query != NULL))
    return invalid (error, path, "“%s” goes with a database (“sqlite” or “database”), not a “path”",
                    table != NULL ? "table" : "query");
  if (present && database_uri == NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.pushdown", path);
      return invalid (error, p, "only a “database” dataset can have its formulas evaluated "
                      "in the database");
    }
  if (kpi_definitions_find_dataset (self, name) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.name", path);
      g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_DUPLICATE,
                   "%s: a second dataset named “%s”", p, name);
      return FALSE;
    }

  if (!enum_member (object, "format", path, KPI_TYPE_FILE_FORMAT, &format, &present, error))
    return FALSE;
  if (present)
    kpi_load_options_set_format (options, format);

#define OPTION(key, setter)                                                   \
  if (!member_string (object, key, path, FALSE, &s, error))                   \
    return FALSE;                                                             \
  if (s != NULL && !setter (options, s, &local_error))                        \
    {                                                                         \
      g_autofree char *p = g_strdup_printf ("%s.%s", path, key);              \
      return invalid (error, p, "%s", local_error->message);                  \
    }
  OPTION ("time_column", kpi_load_options_set_time_column)
  /* "auto": detected, as when it is left out */
  if (!member_string (object, "delimiter", path, FALSE, &s, error))
    return FALSE;
  if (s != NULL && strcmp (s, "auto") != 0 && !kpi_load_options_set_delimiter (options, s, &local_error))
    {
      g_autofree char *p = g_strdup_printf ("%s.delimiter", path);
      return invalid (error, p, "%s", local_error->message);
    }
  /* the style first: a separator given beside it changes one of the two */
  OPTION ("number_style", kpi_load_options_set_number_style)
  OPTION ("decimal_separator", kpi_load_options_set_decimal_separator)
  OPTION ("thousands_separator", kpi_load_options_set_thousands_separator)
#undef OPTION

  if (!parse_date_format (object, path, options, error))
    return FALSE;
  {
    g_auto(GStrv) percent = NULL;

    if (!member_strv (object, "percent_columns", path, &percent, error))
      return FALSE;
    for (guint i = 0; percent != NULL && percent[i] != NULL; i++)
      kpi_load_options_set_percent_column (options, percent[i], TRUE);
  }

  if (!member_string (object, "time_zone", path, FALSE, &s, error))
    return FALSE;
  if (s != NULL)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (s);

      if (zone == NULL)
        {
          g_autofree char *p = g_strdup_printf ("%s.time_zone", path);
          return invalid (error, p, "unknown time zone “%s”", s);
        }
      kpi_load_options_set_time_zone (options, zone);
    }

  if ((member = json_object_get_member (object, "columns")) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.columns", path);
      g_autoptr(GList) columns = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        return invalid (error, p, "expected an object such as {\"order_id\": \"dimension\"}, found %s",
                        kpi_json_kind (member));
      columns = json_object_get_members (json_node_get_object (member));
      for (GList *l = columns; l != NULL; l = l->next)
        {
          int kind;

          if (!enum_member (json_node_get_object (member), l->data, p,
                            KPI_TYPE_COLUMN_KIND, &kind, &present, error))
            return FALSE;
          kpi_load_options_set_column_kind (options, l->data, kind);
        }
    }

  if ((member = json_object_get_member (object, "coverage")) != NULL)
    {
      static const char * const bounds[] = { "from", "to", NULL };
      g_autofree char *p = g_strdup_printf ("%s.coverage", path);
      gint64 start = KPI_TIME_UNSET, end = KPI_TIME_UNSET;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        return invalid (error, p, "expected an object such as {\"from\": \"2024-01\", \"to\": \"2025-12\"}");
      if (!known_members (json_node_get_object (member), p, bounds, error) ||
          !period_bound (self->calendar, json_node_get_object (member), "from", p, FALSE, &start, error) ||
          !period_bound (self->calendar, json_node_get_object (member), "to", p, TRUE, &end, error))
        return FALSE;
      if (!kpi_load_options_set_coverage (options, start, end, &local_error))
        return invalid (error, p, "%s", local_error->message);
    }

  {
    gint64 as_of = KPI_TIME_UNSET;

    if (!instant_member (self->calendar, object, "data_as_of", path, &as_of, error))
      return FALSE;
    if (as_of != KPI_TIME_UNSET)
      kpi_load_options_set_data_as_of (options, as_of);
  }

  if (!member_number (object, "expected_lag_hours", path, &lag, &present, error))
    return FALSE;
  if (present && (!isfinite (lag) || lag < 0 || lag > 24 * 366 * 10))
    {
      g_autofree char *p = g_strdup_printf ("%s.expected_lag_hours", path);
      return invalid (error, p, "expected a number of hours, 0 or more, found %g", lag);
    }

  if (file_path == NULL)
    file_path = sqlite_path;
  if (file_path == NULL)
    ;
  else if (g_path_is_absolute (file_path) || base == NULL)
    file = g_file_new_for_path (file_path);
  else
    file = g_file_resolve_relative_path (base, file_path);

  dataset = kpi_dataset_new (kpi_load_options_get_time_column (options));
  {
    Progress progress = { emitter, name };
    gulong handler = g_signal_connect (dataset, "load-progress", G_CALLBACK (on_load_progress), &progress);
    g_autofree char *local = file != NULL ? g_file_get_path (file) : NULL;
    gboolean loaded;

    if (database_uri != NULL)
      loaded = load_database (dataset, database_uri, base, table, query, pushdown,
                              options, cancellable, &local_error);
    else if (sqlite_path != NULL)
      loaded = kpi_dataset_load_sqlite_table (dataset, local, table, options, cancellable, &local_error);
    else
      loaded = kpi_dataset_load_file (dataset, file, options, cancellable, &local_error);

    g_signal_handler_disconnect (dataset, handler);
    if (loaded)
      g_clear_error (&local_error);
  }
  if (local_error != NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_DATA,
                   "%s (dataset “%s”): %s", path, name, local_error->message);
      return FALSE;
    }
  if (present)
    kpi_dataset_set_expected_lag (dataset, (GTimeSpan) llround (lag * G_TIME_SPAN_HOUR));

  entry = g_new0 (DatasetEntry, 1);
  entry->name = g_strdup (name);
  entry->dataset = g_steal_pointer (&dataset);
  entry->spec = json_node_copy (node);
  g_ptr_array_add (self->datasets, entry);
  kpi_context_add_dataset (self->context, name, entry->dataset);
  return TRUE;
}

/* The property a member names: `_` read as `-`. */
static GParamSpec *
find_pspec (GObjectClass *klass,
            const char   *member)
{
  g_autofree char *name = g_strdelimit (g_strdup (member), "_", '-');

  return g_object_class_find_property (klass, name);
}

/* Sets the properties of @object from the members of @json, but those of
 * @skip; an unknown member is an error with its near miss. */
static gboolean
properties_from_json (GObject             *object,
                      JsonObject          *json,
                      const char          *path,
                      const char * const  *skip,
                      KpiCalendar         *calendar,
                      GError             **error)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS (object);
  g_autoptr(GList) members = json_object_get_members (json);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      GParamSpec *pspec;
      g_autofree char *p = NULL;
      g_auto(GValue) value = G_VALUE_INIT;
      g_autoptr(GError) local_error = NULL;

      if (g_strv_contains (skip, key))
        continue;
      pspec = find_pspec (klass, key);
      if (pspec == NULL || !(pspec->flags & G_PARAM_WRITABLE) ||
          (pspec->flags & G_PARAM_CONSTRUCT_ONLY) ||
          G_TYPE_IS_OBJECT (pspec->value_type))
        {
          g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
          g_autofree GParamSpec **all = NULL;
          g_autofree char *shown = kpi_text_for_message (key, -1, KPI_MESSAGE_QUOTE_CHARS);
          g_autofree char *near = NULL;
          guint n;

          all = g_object_class_list_properties (klass, &n);
          for (guint i = 0; i < n; i++)
            if ((all[i]->flags & G_PARAM_WRITABLE) && !(all[i]->flags & G_PARAM_CONSTRUCT_ONLY))
              g_ptr_array_add (names, g_strdelimit (g_strdup (all[i]->name), "-", '_'));
          for (guint i = 0; skip[i] != NULL; i++)
            g_ptr_array_add (names, g_strdup (skip[i]));
          near = kpi_suggest_suffix (key, (const char * const *) names->pdata, names->len, "");
          return invalid (error, path, "unknown member “%s”%s", shown, near);
        }
      p = g_strdup_printf ("%s.%s", path, key);
      g_value_init (&value, pspec->value_type);
      if (!kpi_check_value_from_json (pspec, json_object_get_member (json, key),
                                      calendar, &value, p, &local_error))
        {
          g_set_error_literal (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID,
                               local_error->message);
          return FALSE;
        }
      g_object_set_property (object, pspec->name, &value);
    }
  return TRUE;
}

static gboolean
parse_phasing (KpiBenchmark  *benchmark,
               JsonNode      *node,
               const char    *path,
               KpiCalendar   *calendar,
               GError       **error)
{
  static const char * const special[] = { "holidays", "profile", NULL };
  g_autoptr(KpiPhasing) phasing = kpi_phasing_new (KPI_PHASING_METHOD_EVEN);
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *member;
  g_auto(GStrv) holidays = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "expected an object, found %s", kpi_json_kind (node));
  object = json_node_get_object (node);
  if (!properties_from_json (G_OBJECT (phasing), object, path, special, calendar, error) ||
      !member_strv (object, "holidays", path, &holidays, error))
    return FALSE;
  if (holidays != NULL && !kpi_phasing_set_holidays (phasing, (const char * const *) holidays, &local_error))
    {
      g_autofree char *p = g_strdup_printf ("%s.holidays", path);
      return invalid (error, p, "%s", local_error->message);
    }
  if ((member = json_object_get_member (object, "profile")) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.profile", path);
      g_autoptr(GArray) weights = g_array_new (FALSE, FALSE, sizeof (double));
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        return invalid (error, p, "expected an array of 12 numbers, found %s", kpi_json_kind (member));
      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *e = json_array_get_element (array, i);
          double w;

          if (!JSON_NODE_HOLDS_VALUE (e) ||
              (json_node_get_value_type (e) != G_TYPE_INT64 && json_node_get_value_type (e) != G_TYPE_DOUBLE))
            {
              g_autofree char *q = g_strdup_printf ("%s[%u]", p, i);
              return invalid (error, q, "expected a number, found %s", kpi_json_kind (e));
            }
          w = json_node_get_double (e);
          g_array_append_val (weights, w);
        }
      if (!kpi_phasing_set_profile (phasing, (const double *) weights->data, weights->len, &local_error))
        return invalid (error, p, "%s", local_error->message);
    }
  kpi_benchmark_set_phasing (benchmark, phasing);
  return TRUE;
}

static gboolean
parse_benchmark (KpiDefinitions  *self,
                 gpointer         data G_GNUC_UNUSED,
                 JsonNode        *node,
                 const char      *path,
                 GError         **error)
{
  static const char * const allowed[] = {
    "name", "kind", "source_name", "version", "value", "table", "formula",
    "source_granularity", "forecast", "milestones", "phasing", NULL
  };
  JsonObject *object;
  const char *name, *table_name, *formula, *s;
  int kind = KPI_BENCHMARK_KIND_TARGET, granularity;
  gboolean present, has_value;
  double value = 0;
  g_autoptr(KpiBenchmark) benchmark = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "expected an object, found %s", kpi_json_kind (node));
  object = json_node_get_object (node);
  if (!known_members (object, path, allowed, error) ||
      !member_string (object, "name", path, TRUE, &name, error) ||
      !enum_member (object, "kind", path, KPI_TYPE_BENCHMARK_KIND, &kind, &present, error) ||
      !member_number (object, "value", path, &value, &has_value, error) ||
      !member_string (object, "table", path, FALSE, &table_name, error) ||
      !member_string (object, "formula", path, FALSE, &formula, error))
    return FALSE;
  if (!present)
    return invalid (error, path, "the member “kind” is missing (target, budget, forecast, "
                    "previous-period, last-year, peer or plan)");
  if (kpi_definitions_find_benchmark (self, name) != NULL)
    {
      g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_DUPLICATE,
                   "%s.name: a second benchmark named “%s”", path, name);
      return FALSE;
    }

  if (has_value)
    benchmark = kpi_constant_benchmark_new (kind, value, &local_error);
  else if (table_name != NULL)
    {
      DatasetEntry *table = kpi_definitions_find_dataset (self, table_name);

      if (table == NULL)
        {
          g_auto(GStrv) names = kpi_definitions_list_dataset_names (self);
          g_autofree char *near = kpi_suggest_suffix (table_name, (const char * const *) names,
                                                      g_strv_length (names), "");

          return invalid (error, path, "“table”: unknown dataset “%s”%s", table_name, near);
        }
      if (formula == NULL)
        return invalid (error, path, "a benchmark read from a table needs a “formula”");
      benchmark = kpi_table_benchmark_new (kind, table->dataset, formula, &local_error);
      if (benchmark != NULL &&
          !enum_member (object, "source_granularity", path, KPI_TYPE_GRANULARITY, &granularity, &present, error))
        return FALSE;
      if (benchmark != NULL && present)
        kpi_table_benchmark_set_source_granularity (KPI_TABLE_BENCHMARK (benchmark), granularity);
    }
  else if ((member = json_object_get_member (object, "forecast")) != NULL)
    {
      static const char * const none[] = { NULL };
      g_autoptr(KpiForecaster) forecaster = kpi_forecaster_new ();
      g_autofree char *p = g_strdup_printf ("%s.forecast", path);

      if (!JSON_NODE_HOLDS_OBJECT (member))
        return invalid (error, p, "expected an object, found %s", kpi_json_kind (member));
      if (!properties_from_json (G_OBJECT (forecaster), json_node_get_object (member), p, none,
                                 self->calendar, error))
        return FALSE;
      benchmark = kpi_forecast_benchmark_new (forecaster);
    }
  else if ((member = json_object_get_member (object, "milestones")) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.milestones", path);
      g_autoptr(KpiPlan) plan = kpi_plan_new (name);
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        return invalid (error, p, "expected an array of {\"date\": …, \"percent\": …}, found %s",
                        kpi_json_kind (member));
      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          static const char * const keys[] = { "date", "percent", NULL };
          JsonNode *e = json_array_get_element (array, i);
          g_autofree char *q = g_strdup_printf ("%s[%u]", p, i);
          gint64 date = KPI_TIME_UNSET;
          double percent = 0;

          if (!JSON_NODE_HOLDS_OBJECT (e))
            return invalid (error, q, "expected an object, found %s", kpi_json_kind (e));
          if (!known_members (json_node_get_object (e), q, keys, error) ||
              !period_bound (self->calendar, json_node_get_object (e), "date", q, FALSE, &date, error) ||
              !member_number (json_node_get_object (e), "percent", q, &percent, &present, error))
            return FALSE;
          if (date == KPI_TIME_UNSET || !present)
            return invalid (error, q, "a milestone needs a “date” and a “percent”");
          if (!kpi_plan_add_milestone (plan, date, percent, &local_error))
            return invalid (error, q, "%s", local_error->message);
        }
      benchmark = kpi_plan_benchmark_new (plan);
    }
  else if (kind == KPI_BENCHMARK_KIND_PREVIOUS_PERIOD || kind == KPI_BENCHMARK_KIND_LAST_YEAR)
    benchmark = kpi_offset_benchmark_new (kind, &local_error);
  else
    return invalid (error, path, "a %s benchmark needs a “value”, a “table” and its "
                    "“formula”, a “forecast” or “milestones”", kpi_definitions_nick (KPI_TYPE_BENCHMARK_KIND, kind));
  if (benchmark == NULL)
    return invalid (error, path, "%s", local_error->message);
  if (kpi_benchmark_get_kind (benchmark) != (KpiBenchmarkKind) kind)
    return invalid (error, path, "a benchmark of this form is a %s, not a %s",
                    kpi_definitions_nick (KPI_TYPE_BENCHMARK_KIND, kpi_benchmark_get_kind (benchmark)),
                    kpi_definitions_nick (KPI_TYPE_BENCHMARK_KIND, kind));

  kpi_benchmark_set_name (benchmark, name);
  if (!member_string (object, "source_name", path, FALSE, &s, error))
    return FALSE;
  if (s != NULL)
    kpi_benchmark_set_source_name (benchmark, s);
  if (!member_string (object, "version", path, FALSE, &s, error))
    return FALSE;
  if (s != NULL)
    kpi_benchmark_set_version (benchmark, s);
  if ((member = json_object_get_member (object, "phasing")) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.phasing", path);
      if (!parse_phasing (benchmark, member, p, self->calendar, error))
        return FALSE;
    }
  g_ptr_array_add (self->benchmarks, g_steal_pointer (&benchmark));
  return TRUE;
}

static gboolean
known_benchmark (KpiDefinitions  *self,
                 const char      *name,
                 const char      *path,
                 GError         **error)
{
  g_auto(GStrv) names = NULL;
  g_autofree char *near = NULL;

  if (name == NULL || kpi_definitions_find_benchmark (self, name) != NULL)
    return TRUE;
  names = kpi_definitions_list_benchmark_names (self);
  near = kpi_suggest_suffix (name, (const char * const *) names, g_strv_length (names), "");
  return invalid (error, path, "unknown benchmark “%s”%s", name, near);
}

static gboolean
parse_item (KpiDefinitions  *self,
            gpointer         data,
            JsonNode        *node,
            const char      *path,
            GError         **error)
{
  KpiDashboard *dashboard = data;
  static const char * const allowed[] = {
    "indicator", "perspective", "weight", "target", "budget", "comparisons",
    "breakdowns", "tolerance", NULL
  };
  g_autoptr(KpiDashboardItem) item = NULL;
  g_autoptr(KpiIndicator) indicator = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object = NULL;
  const char *id, *s;
  g_auto(GStrv) list = NULL;
  double weight;
  gboolean present;
  JsonNode *member;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    id = json_node_get_string (node);
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      object = json_node_get_object (node);
      if (!known_members (object, path, allowed, error) ||
          !member_string (object, "indicator", path, TRUE, &id, error))
        return FALSE;
    }
  else
    return invalid (error, path, "expected an indicator id or an object, found %s", kpi_json_kind (node));

  indicator = kpi_catalog_dup_indicator (self->catalog, id);
  if (indicator == NULL)
    {
      g_auto(GStrv) ids = kpi_catalog_list_ids (self->catalog);
      g_autofree char *shown = kpi_text_for_message (id, -1, KPI_MESSAGE_QUOTE_CHARS);
      g_autofree char *near = kpi_suggest_suffix (id, (const char * const *) ids, g_strv_length (ids), "");

      return invalid (error, path, "unknown indicator “%s”%s", shown, near);
    }
  item = kpi_dashboard_item_new (id);

  if (object != NULL)
    {
      g_autofree char *p = NULL;

      if (!member_string (object, "perspective", path, FALSE, &s, error))
        return FALSE;
      kpi_dashboard_item_set_perspective (item, s);
      if (!member_number (object, "weight", path, &weight, &present, error))
        return FALSE;
      if (present && !kpi_dashboard_item_set_weight (item, weight, &local_error))
        {
          p = g_strdup_printf ("%s.weight", path);
          return invalid (error, p, "expected a finite number, 0 or more, found %g", weight);
        }
      if (!member_string (object, "target", path, FALSE, &s, error))
        return FALSE;
      g_clear_pointer (&p, g_free);
      p = g_strdup_printf ("%s.target", path);
      if (!known_benchmark (self, s, p, error))
        return FALSE;
      kpi_dashboard_item_set_target (item, s);
      if (!member_string (object, "budget", path, FALSE, &s, error))
        return FALSE;
      g_clear_pointer (&p, g_free);
      p = g_strdup_printf ("%s.budget", path);
      if (!known_benchmark (self, s, p, error))
        return FALSE;
      kpi_dashboard_item_set_budget (item, s);
      if (!member_strv (object, "comparisons", path, &list, error))
        return FALSE;
      if (list != NULL)
        {
          for (guint i = 0; list[i] != NULL; i++)
            {
              g_clear_pointer (&p, g_free);
              p = g_strdup_printf ("%s.comparisons[%u]", path, i);
              if (!known_benchmark (self, list[i], p, error))
                return FALSE;
            }
          kpi_dashboard_item_set_comparisons (item, (const char * const *) list);
        }
      g_clear_pointer (&list, g_strfreev);
      if (!member_strv (object, "breakdowns", path, &list, error))
        return FALSE;
      if (list != NULL)
        kpi_dashboard_item_set_breakdowns (item, (const char * const *) list);
      if ((member = json_object_get_member (object, "tolerance")) != NULL)
        {
          static const char * const edges[] = { "on_track", "at_risk", NULL };
          g_autoptr(KpiComparisonPolicy) policy =
            kpi_comparison_policy_copy (kpi_indicator_get_policy (indicator));
          double on_track = kpi_comparison_policy_get_on_track_threshold (policy);
          double at_risk = kpi_comparison_policy_get_at_risk_threshold (policy);
          gboolean has_on, has_at;

          g_clear_pointer (&p, g_free);
          p = g_strdup_printf ("%s.tolerance", path);
          if (!JSON_NODE_HOLDS_OBJECT (member))
            return invalid (error, p, "expected an object such as {\"on_track\": 1.0, \"at_risk\": 0.9}");
          if (!known_members (json_node_get_object (member), p, edges, error) ||
              !member_number (json_node_get_object (member), "on_track", p, &on_track, &has_on, error) ||
              !member_number (json_node_get_object (member), "at_risk", p, &at_risk, &has_at, error))
            return FALSE;
          if (!kpi_comparison_policy_set_thresholds (policy, on_track, at_risk, &local_error))
            return invalid (error, p, "%s", local_error->message);
          kpi_dashboard_item_set_policy (item, policy);
        }
    }
  if (!kpi_dashboard_add_item (dashboard, item, &local_error))
    return invalid (error, path, "%s", local_error->message);
  return TRUE;
}

static gboolean
parse_watch (KpiDefinitions  *self,
             gpointer         data,
             JsonNode        *node,
             const char      *path,
             GError         **error)
{
  KpiDashboard *dashboard = data;
  static const char * const skip[] = { "id", "kind", NULL };
  g_autoptr(KpiWatch) watch = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  const char *id;
  const char *kind;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "expected an object, found %s", kpi_json_kind (node));
  object = json_node_get_object (node);
  if (!member_string (object, "id", path, TRUE, &id, error) ||
      !member_string (object, "kind", path, FALSE, &kind, error))
    return FALSE;
  if (kind == NULL)
    return invalid (error, path, "the member “kind” is missing (threshold, stagnation or lapsing-accounts)");
  /* a kind of the library's, or an application's registered subclass */
  watch = kpi_watch_new_for_type (kind, id, &local_error);
  if (watch == NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.kind", path);
      return invalid (error, p, "%s", local_error->message);
    }
  if (!properties_from_json (G_OBJECT (watch), object, path, skip, self->calendar, error))
    return FALSE;
  if (KPI_IS_INDICATOR_WATCH (watch) &&
      kpi_indicator_watch_get_indicator (KPI_INDICATOR_WATCH (watch)) != NULL &&
      !kpi_catalog_lookup (self->catalog, kpi_indicator_watch_get_indicator (KPI_INDICATOR_WATCH (watch))))
    {
      const char *indicator = kpi_indicator_watch_get_indicator (KPI_INDICATOR_WATCH (watch));
      g_auto(GStrv) ids = kpi_catalog_list_ids (self->catalog);
      g_autofree char *p = g_strdup_printf ("%s.indicator", path);
      g_autofree char *near = kpi_suggest_suffix (indicator, (const char * const *) ids,
                                                  g_strv_length (ids), "");

      return invalid (error, p, "unknown indicator “%s”%s", indicator, near);
    }
  if (!kpi_dashboard_add_watch (dashboard, watch, &local_error))
    return invalid (error, path, "%s", local_error->message);
  return TRUE;
}

/* A dashboard's conversion funnel: the dataset resolved by name, the
 * columns and stages checked by the funnel's own constructor. */
static gboolean
parse_funnel (KpiDefinitions  *self,
              KpiDashboard    *dashboard,
              JsonNode        *node,
              const char      *path,
              GError         **error)
{
  static const char * const allowed[] = {
    "dataset", "entity", "stage", "stages", "basis", NULL
  };
  g_autoptr(KpiFunnel) funnel = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) stages = NULL;
  JsonObject *object;
  const char *name, *entity, *stage;
  int basis = KPI_FUNNEL_BASIS_COHORT;
  gboolean present;
  DatasetEntry *entry;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "expected an object such as {\"dataset\": \"opportunities\", "
                    "\"entity\": \"opportunity\", \"stage\": \"stage\", \"stages\": [\"lead\", \"won\"]}, "
                    "found %s", kpi_json_kind (node));
  object = json_node_get_object (node);
  if (!known_members (object, path, allowed, error) ||
      !member_string (object, "dataset", path, TRUE, &name, error) ||
      !member_string (object, "entity", path, TRUE, &entity, error) ||
      !member_string (object, "stage", path, TRUE, &stage, error) ||
      !member_strv (object, "stages", path, &stages, error) ||
      !enum_member (object, "basis", path, KPI_TYPE_FUNNEL_BASIS, &basis, &present, error))
    return FALSE;
  if (stages == NULL)
    return invalid (error, path, "the member “stages” is missing (the stages in order, "
                    "such as [\"lead\", \"qualified\", \"won\"])");
  entry = kpi_definitions_find_dataset (self, name);
  if (entry == NULL)
    {
      g_auto(GStrv) names = kpi_definitions_list_dataset_names (self);
      g_autofree char *p = g_strdup_printf ("%s.dataset", path);
      g_autofree char *shown = kpi_text_for_message (name, -1, KPI_MESSAGE_QUOTE_CHARS);
      g_autofree char *near = kpi_suggest_suffix (name, (const char * const *) names,
                                                  g_strv_length (names), "");

      return invalid (error, p, "unknown dataset “%s”%s", shown, near);
    }
  funnel = kpi_funnel_new (entry->dataset, entity, stage, (const char * const *) stages,
                           g_strv_length (stages), &local_error);
  if (funnel == NULL)
    return invalid (error, path, "%s", local_error->message);
  kpi_dashboard_set_funnel (dashboard, funnel);
  kpi_dashboard_set_funnel_basis (dashboard, basis);
  return TRUE;
}

static gboolean
parse_dashboard (KpiDefinitions  *self,
                 gpointer         data G_GNUC_UNUSED,
                 JsonNode        *node,
                 const char      *path,
                 GError         **error)
{
  static const char * const allowed[] = {
    "id", "type", "title", "owner", "role", "perspectives", "breakdowns",
    "history", "project", "indicators", "funnel", "watches", NULL
  };
  g_autoptr(KpiDashboard) dashboard = NULL;
  JsonObject *object;
  JsonNode *member;
  const char *id, *s;
  int type = KPI_DASHBOARD_TYPE_STRATEGIC;
  gboolean present;
  double history;
  g_auto(GStrv) list = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "expected an object, found %s", kpi_json_kind (node));
  object = json_node_get_object (node);
  if (!known_members (object, path, allowed, error) ||
      !member_string (object, "id", path, TRUE, &id, error) ||
      !enum_member (object, "type", path, KPI_TYPE_DASHBOARD_TYPE, &type, &present, error))
    return FALSE;
  if (!present)
    return invalid (error, path, "the member “type” is missing (strategic, budget or operational)");
  {
    g_autoptr(KpiDashboard) other = kpi_definitions_lookup_dashboard (self, id);
    if (other != NULL)
      {
        g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_DUPLICATE,
                     "%s.id: a second dashboard with the id “%s”", path, id);
        return FALSE;
      }
  }
  dashboard = kpi_dashboard_new (id, type);

#define STRING(key, setter)                                   \
  if (!member_string (object, key, path, FALSE, &s, error))   \
    return FALSE;                                             \
  if (s != NULL)                                              \
    setter (dashboard, s);
  STRING ("title", kpi_dashboard_set_title)
  STRING ("owner", kpi_dashboard_set_owner)
  STRING ("role", kpi_dashboard_set_role)
  STRING ("project", kpi_dashboard_set_project)
#undef STRING

  if (!member_strv (object, "perspectives", path, &list, error))
    return FALSE;
  if (list != NULL)
    kpi_dashboard_set_perspectives (dashboard, (const char * const *) list);
  g_clear_pointer (&list, g_strfreev);
  if (!member_strv (object, "breakdowns", path, &list, error))
    return FALSE;
  if (list != NULL)
    kpi_dashboard_set_breakdowns (dashboard, (const char * const *) list);
  if (!member_number (object, "history", path, &history, &present, error))
    return FALSE;
  if (present)
    {
      if (history != floor (history) || history < 2 || history > 1000)
        {
          g_autofree char *p = g_strdup_printf ("%s.history", path);
          return invalid (error, p, "expected a whole number of periods from 2 to 1000, found %g", history);
        }
      kpi_dashboard_set_history (dashboard, (guint) history);
    }

  if (!parse_each (self, object, path, "indicators", parse_item, dashboard, error))
    return FALSE;
  if ((member = json_object_get_member (object, "funnel")) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.funnel", path);

      if (!parse_funnel (self, dashboard, member, p, error))
        return FALSE;
    }
  if (!parse_each (self, object, path, "watches", parse_watch, dashboard, error))
    return FALSE;
  g_list_store_append (self->dashboards, dashboard);
  return TRUE;
}

/* Takes the contents of @from: what a successful load does. */
static void
take_contents (KpiDefinitions *self,
               KpiDefinitions *from)
{
#define SWAP(field) G_STMT_START { gpointer t = self->field; self->field = from->field; from->field = t; } G_STMT_END
  SWAP (calendar);
  SWAP (calendar_spec);
  SWAP (context);
  SWAP (catalog);
  SWAP (checks);
  SWAP (datasets);
  SWAP (benchmarks);
  SWAP (dashboards);
#undef SWAP
  g_mutex_lock (&self->checks_lock);
  g_clear_pointer (&self->check_results, g_ptr_array_unref);
  g_clear_pointer (&self->checks_key, g_free);
  g_mutex_unlock (&self->checks_lock);
}

static gboolean
load (KpiDefinitions  *self,
      const char      *data,
      gssize           length,
      GFile           *base,
      GCancellable    *cancellable,
      GError         **error)
{
  static const char * const allowed[] = {
    "version", "calendar", "datasets", "indicators", "benchmarks", "checks",
    "dashboards", NULL
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(KpiDefinitions) next = NULL;
  g_autoptr(KpiCalendar) calendar = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *member;
  double version = KPI_DEFINITIONS_VERSION;
  gboolean present;
  gsize size = length < 0 ? strlen (data) : (gsize) length;
  g_autofree char *what = NULL;
  guint64 line, column;
  DatasetLoad load_data;

  if (!kpi_json_parse_document (parser, data, size, &line, &column, &what))
    {
      if (line > 0)
        g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID,
                     "%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ": not a JSON document: %s",
                     line, column, what);
      else
        g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID,
                     "not a JSON document: %s", what);
      return FALSE;
    }
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return invalid (error, "$", "expected an object with “datasets”, “indicators”, "
                    "“benchmarks”, “checks” and “dashboards”");
  /* json-glib decodes an unpaired surrogate escape (\ud800) into bytes
   * that are not UTF-8: refused where it is, before any title, path or
   * message carries them */
  {
    g_autofree char *bad = kpi_json_find_invalid_text (json_parser_get_root (parser), "$");

    if (bad != NULL)
      {
        g_set_error_literal (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID, bad);
        return FALSE;
      }
  }
  root = json_node_get_object (json_parser_get_root (parser));
  if (!known_members (root, "$", allowed, error) ||
      !member_number (root, "version", "$", &version, &present, error))
    return FALSE;
  if (version != floor (version) || version < 1)
    return invalid (error, "$.version", "expected a whole number from 1, found %g", version);
  if (version > KPI_DEFINITIONS_VERSION)
    {
      g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_VERSION,
                   "$.version: the document is of version %g; this library reads up to %d",
                   version, KPI_DEFINITIONS_VERSION);
      return FALSE;
    }

  next = g_object_new (KPI_TYPE_DEFINITIONS, NULL);
  if ((member = json_object_get_member (root, "calendar")) != NULL)
    {
      if (!parse_calendar (member, &calendar, error))
        return FALSE;
      next->calendar_spec = json_node_copy (member);
    }
  kpi_definitions_setup (next, calendar != NULL ? calendar : self->calendar);

  load_data.emitter = self;
  load_data.base = base;
  load_data.cancellable = cancellable;
  if (!parse_each (next, root, "$", "datasets", parse_dataset, &load_data, error))
    return FALSE;
  if (json_object_has_member (root, "indicators") &&
      !kpi_catalog_load_data (next->catalog, data, size, &local_error))
    {
      g_set_error_literal (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID,
                           local_error->message);
      return FALSE;
    }
  if (json_object_has_member (root, "checks") &&
      !kpi_check_suite_load_data (next->checks, data, size, next->calendar, &local_error))
    {
      g_set_error_literal (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_INVALID,
                           local_error->message);
      return FALSE;
    }
  if (!parse_each (next, root, "$", "benchmarks", parse_benchmark, NULL, error) ||
      !parse_each (next, root, "$", "dashboards", parse_dashboard, NULL, error))
    return FALSE;

  take_contents (self, next);
  return TRUE;
}

/**
 * kpi_definitions_load_data:
 * @self: definitions
 * @data: (array length=length) (element-type guint8): a definitions
 *   document, JSON
 * @length: its length in bytes, or -1 when it ends with a NUL
 * @base: (nullable): the directory dataset paths are relative to, or
 *   %NULL for the current directory
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Replaces the contents of the definitions with a document's, loading its
 * datasets. The document loads whole or not at all: on an error
 * (%KPI_DEFINITIONS_ERROR_INVALID with the JSON path,
 * %KPI_DEFINITIONS_ERROR_DATA naming the dataset and its file's own error,
 * %KPI_DEFINITIONS_ERROR_VERSION, %KPI_DEFINITIONS_ERROR_DUPLICATE, or
 * %G_IO_ERROR_CANCELLED) the definitions are as they were.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_definitions_load_data (KpiDefinitions  *self,
                           const char      *data,
                           gssize           length,
                           GFile           *base,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (base == NULL || G_IS_FILE (base), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return load (self, data, length, base, cancellable, error);
}

/**
 * kpi_definitions_load_file:
 * @self: definitions
 * @file: a definitions document
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Replaces the contents of the definitions with those of a file, as
 * [method@Kpi.Definitions.load_data] does, dataset paths relative to the
 * file's directory. Errors start with the file's name.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_definitions_load_file (KpiDefinitions  *self,
                           GFile           *file,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) base = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (KPI_IS_DEFINITIONS (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_file_get_parse_name (file);
  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code, "%s", local_error->message);
      return FALSE;
    }
  base = g_file_get_parent (file);
  if (!load (self, contents, length, base, cancellable, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", name, local_error->message);
      return FALSE;
    }
  g_set_object (&self->file, file);
  return TRUE;
}
