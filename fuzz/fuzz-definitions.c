/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-definitions.c: the definitions document (kpi_definitions_load_data).
 *
 * Datasets are read relative to a temporary directory that holds one
 * small CSV file, orders.csv: a document whose datasets point anywhere
 * else (an absolute path, a `..`) is skipped before the library sees it,
 * so that no input makes the harness read outside that directory (or
 * block on /dev/stdin). Other paths fail cleanly: the file is not there.
 *
 * A document that loads must write back (kpi_definitions_to_data), that
 * text load again and write back the same bytes; its checks run and its
 * dashboards validate. A failed load leaves the definitions empty. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fuzz-common.h"
#include "kpi-json-private.h"

static char *data_dir;
static GFile *base;

static void
remove_data_dir (void)
{
  g_autofree char *orders = g_build_filename (data_dir, "orders.csv", NULL);

  g_unlink (orders);
  g_rmdir (data_dir);
}

static void
setup (void)
{
  static const char orders[] =
    "date,customer,channel,amount\n"
    "2025-01-05,C1,online,100\n"
    "2025-02-10,C2,store,200\n"
    "2025-03-20,C1,online,50\n";
  g_autofree char *path = NULL;

  if (data_dir != NULL)
    return;
  data_dir = g_dir_make_tmp ("kpi-fuzz-definitions-XXXXXX", NULL);
  kpi_fuzz_assert (data_dir != NULL, "no temporary directory");
  path = g_build_filename (data_dir, "orders.csv", NULL);
  kpi_fuzz_assert (g_file_set_contents (path, orders, -1, NULL), "cannot write %s", path);
  base = g_file_new_for_path (data_dir);
  atexit (remove_data_dir);
}

/* Whether a dataset's file may be opened: a relative path without `..`
 * that stays in the data directory. */
static gboolean
path_stays_inside (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (g_path_is_absolute (path) || path[0] == '~')
    return FALSE;
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strcmp (parts[i], "..") == 0)
      return FALSE;
  return TRUE;
}

/* Whether every file the document's datasets name stays in the data
 * directory, as the library reads it: escapes decoded, the last of
 * repeated members. A document it refuses is safe: the library refuses it
 * before looking at its datasets. */
static gboolean
files_stay_inside (const char *text,
                   gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root, *datasets;
  JsonArray *array;
  guint64 line, column;
  g_autofree char *what = NULL;

  /* as the library parses it (json-glib alone overflows its stack on a
   * deep nesting) */
  if (!kpi_json_parse_document (parser, text, length, &line, &column, &what))
    return TRUE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;
  datasets = json_object_get_member (json_node_get_object (root), "datasets");
  if (datasets == NULL || !JSON_NODE_HOLDS_ARRAY (datasets))
    return TRUE;
  array = json_node_get_array (datasets);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      static const char * const keys[] = { "path", "sqlite" };

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          JsonNode *member = json_object_get_member (json_node_get_object (element), keys[k]);

          if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
              json_node_get_value_type (member) == G_TYPE_STRING &&
              !path_stays_inside (json_node_get_string (member)))
            return FALSE;
        }
    }
  return TRUE;
}

KPI_FUZZ_HARNESS (definitions)
{
  g_autoptr(KpiDefinitions) defs = NULL;
  g_autoptr(KpiDefinitions) again = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *written = NULL;
  g_autofree char *rewritten = NULL;
  GListModel *dashboards;
  GError *error = NULL;

  kpi_fuzz_init ();
  setup ();
  if (!files_stay_inside ((const char *) data, size))
    return 0;

  defs = kpi_definitions_new (kpi_fuzz_calendar ());
  if (!kpi_definitions_load_data (defs, (const char *) data, size, base, NULL, &error))
    {
      g_auto(GStrv) names = kpi_definitions_list_dataset_names (defs);

      kpi_fuzz_expect_error (&error, "the load");
      kpi_fuzz_assert (g_list_model_get_n_items (kpi_definitions_get_dashboards (defs)) == 0 && names[0] == NULL,
                       "a failed load left something");
      return 0;
    }

  /* what loaded writes back, and that loads again the same */
  written = kpi_definitions_to_data (defs, NULL);
  /* every text it kept is UTF-8 (an unpaired surrogate escape is not) */
  kpi_fuzz_assert (g_utf8_validate (written, -1, NULL), "what it writes back is not UTF-8:\n%s", written);
  again = kpi_definitions_new (kpi_fuzz_calendar ());
  kpi_fuzz_assert (kpi_definitions_load_data (again, written, -1, base, NULL, &error),
                   "what it wrote does not load: %s\n%s", error->message, written);
  rewritten = kpi_definitions_to_data (again, NULL);
  kpi_fuzz_assert (strcmp (written, rewritten) == 0, "written again, it changed:\n%s\n---\n%s", written, rewritten);

  results = kpi_definitions_run_checks (defs, NULL, &error);
  if (results == NULL)
    kpi_fuzz_expect_error (&error, "the checks");

  dashboards = kpi_definitions_get_dashboards (defs);
  for (guint i = 0; i < g_list_model_get_n_items (dashboards) && i < 4; i++)
    {
      g_autoptr(KpiDashboard) dashboard = g_list_model_get_item (dashboards, i);
      g_autoptr(GPtrArray) advisories = kpi_dashboard_validate (dashboard, defs);

      (void) advisories;
    }
  {
    g_autoptr(GPtrArray) advisories = kpi_definitions_validate (defs);

    (void) advisories;
  }
  return 0;
}
