/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-check-suite.c: checks run together, and their findings carried to
 * the values they affect */

#include "config.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-json-private.h"
#include "kpi-json-write-private.h"
#include "kpi-indicator-private.h"
#include "kpi-suggest-private.h"
#include "kpi-util-private.h"
#include "kpi-value-private.h"

/**
 * KpiCheckSuite:
 *
 * A set of [class@Kpi.Check]s run together over the datasets of a
 * [class@Kpi.Context], and the bridge from their findings to the numbers:
 * [method@Kpi.CheckSuite.annotate] gives each [struct@Kpi.Value] of an
 * indicator a quality status, a confidence and the findings whose scope
 * overlaps what the value reads. A duplicated batch of orders in March
 * taints March revenue and the count of sales, not April's, and not the
 * NPS, which reads another dataset.
 *
 * The suite is a [iface@Gio.ListModel] of its checks.
 *
 * ## Checks files
 *
 * Checks are declared in JSON, in a file of their own or next to the
 * indicators of a catalogue ([method@Kpi.Catalog.load_file] leaves the
 * `checks` member to the suite):
 *
 * ```json
 * { "checks": [
 *     { "id": "orders_unique", "type": "uniqueness", "dataset": "orders",
 *       "fields": ["order_id"], "key_fields": ["order_id", "date"] },
 *     { "id": "marketing_fresh", "type": "freshness", "dataset": "marketing",
 *       "warn": 2, "fail": 7 }
 * ] }
 * ```
 *
 * `type` names the kind of check ([func@Kpi.CheckSuite.list_types]) or
 * the type name of an application's own subclass; every other key sets
 * the property of the same name, `_` read as `-` (`max_samples` sets
 * [property@Kpi.Check:max-samples]), with three short forms: `dataset` for
 * [property@Kpi.Check:dataset-name], `warn` and `fail` for the thresholds.
 * Periods are labels (`"2025-06"`), granularities and other enumerations
 * their nicknames, missing thresholds `null`. A file loads whole or not at
 * all; its errors name the JSON path (`$.checks[2].warn_treshold: unknown
 * key; did you mean “warn_threshold”?`).
 *
 * ## Confidence
 *
 * [method@Kpi.CheckSuite.annotate] starts every value at a confidence of
 * 1 and multiplies it by 0.5 for each failure and by 0.8 for each warning
 * that affects it, then by 0.9 when its period is provisional and by 0.5
 * when it is overdue ([enum@Kpi.Closure]). Two failures give 0.25: the
 * number may still be right, but nobody should act on it unread. The
 * quality status is the worst finding: failed, warning, or good.
 *
 * ## Example
 *
 * ```c
 * const char *checks =
 *   "{\"checks\": ["
 *   " {\"id\": \"orders_unique\", \"type\": \"uniqueness\", \"dataset\": \"orders\", \"fields\": [\"order_id\"]},"
 *   " {\"id\": \"channel_valid\", \"type\": \"validity\", \"dataset\": \"orders\", \"fields\": [\"channel\"],"
 *   "  \"allowed\": [\"online\", \"store\"]}]}";
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiContext) context = kpi_context_new (NULL);
 * g_autoptr(KpiCheckSuite) suite = kpi_check_suite_new ();
 * g_autoptr(GPtrArray) results = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error) ||
 *     !kpi_check_suite_load_data (suite, checks, -1, NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "orders", orders);
 * results = kpi_check_suite_run (suite, context, NULL, &error);
 * if (results == NULL)
 *   g_error ("%s", error->message);
 * for (guint i = 0; i < results->len; i++)
 *   g_print ("%s: %s\n", kpi_check_result_get_check_id (g_ptr_array_index (results, i)),
 *            kpi_check_result_get_message (g_ptr_array_index (results, i)));
 * ```
 *
 * ```python
 * checks = """{"checks": [
 *   {"id": "orders_unique", "type": "uniqueness", "dataset": "orders", "fields": ["order_id"]},
 *   {"id": "channel_valid", "type": "validity", "dataset": "orders", "fields": ["channel"],
 *    "allowed": ["online", "store"]}]}"""
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * context = Kpi.Context.new(None)
 * context.add_dataset("orders", orders)
 * suite = Kpi.CheckSuite.new()
 * suite.load_data(checks, -1, None)
 * for result in suite.run(context, None):
 *     print(f"{result.get_check_id()}: {result.get_message()}")
 * ```
 *
 * ```js
 * const checks = JSON.stringify({checks: [
 *     {id: 'orders_unique', type: 'uniqueness', dataset: 'orders', fields: ['order_id']},
 *     {id: 'channel_valid', type: 'validity', dataset: 'orders', fields: ['channel'],
 *         allowed: ['online', 'store']},
 * ]});
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const context = Kpi.Context.new(null);
 * context.add_dataset('orders', orders);
 * const suite = Kpi.CheckSuite.new();
 * suite.load_data(checks, -1, null);
 * for (const result of suite.run(context, null))
 *     print(`${result.get_check_id()}: ${result.get_message()}`);
 * ```
 *
 * Since: 0.1
 */

#define CONFIDENCE_FAIL        0.5
#define CONFIDENCE_WARN        0.8
#define CONFIDENCE_PROVISIONAL 0.9
#define CONFIDENCE_OVERDUE     0.5

struct _KpiCheckSuite
{
  GObject    parent_instance;

  GMutex     lock;
  GPtrArray *checks;    /* lock; of KpiCheck */
  GPtrArray *results;   /* lock; of KpiCheckResult, the last run; nullable */
};

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void kpi_check_suite_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KpiCheckSuite, kpi_check_suite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      kpi_check_suite_list_model_init))

/* The kinds of check a checks file names. */
static const struct
{
  const char *name;
  GType     (*get_type) (void);
} builtin_types[] = {
  { "benford", kpi_benford_check_get_type },
  { "completeness", kpi_completeness_check_get_type },
  { "contributor-coverage", kpi_contributor_coverage_check_get_type },
  { "end-of-period", kpi_end_of_period_check_get_type },
  { "estimate-bias", kpi_estimate_bias_check_get_type },
  { "freshness", kpi_freshness_check_get_type },
  { "outlier", kpi_outlier_check_get_type },
  { "reconciliation", kpi_reconciliation_check_get_type },
  { "restatement", kpi_restatement_check_get_type },
  { "seasonal", kpi_seasonal_check_get_type },
  { "uniqueness", kpi_uniqueness_check_get_type },
  { "validity", kpi_validity_check_get_type },
  { "volume", kpi_volume_check_get_type },
  { NULL, NULL },
};

static GType
suite_get_item_type (GListModel *model G_GNUC_UNUSED)
{
  return KPI_TYPE_CHECK;
}

static guint
suite_get_n_items (GListModel *model)
{
  KpiCheckSuite *self = KPI_CHECK_SUITE (model);
  guint n;

  g_mutex_lock (&self->lock);
  n = self->checks->len;
  g_mutex_unlock (&self->lock);
  return n;
}

static gpointer
suite_get_item (GListModel *model,
                guint       position)
{
  KpiCheckSuite *self = KPI_CHECK_SUITE (model);
  gpointer item = NULL;

  g_mutex_lock (&self->lock);
  if (position < self->checks->len)
    item = g_object_ref (g_ptr_array_index (self->checks, position));
  g_mutex_unlock (&self->lock);
  return item;
}

static void
kpi_check_suite_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = suite_get_item_type;
  iface->get_n_items = suite_get_n_items;
  iface->get_item = suite_get_item;
}

static void
kpi_check_suite_finalize (GObject *object)
{
  KpiCheckSuite *self = KPI_CHECK_SUITE (object);

  g_ptr_array_unref (self->checks);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kpi_check_suite_parent_class)->finalize (object);
}

static void
kpi_check_suite_class_init (KpiCheckSuiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kpi_check_suite_finalize;

  /**
   * KpiCheckSuite::progress:
   * @self: the suite
   * @done: how many checks have run
   * @total: how many there are
   *
   * Emitted after each check of a run; for
   * [method@Kpi.CheckSuite.run_async], in the main context of the call.
   *
   * Since: 0.1
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
kpi_check_suite_init (KpiCheckSuite *self)
{
  g_mutex_init (&self->lock);
  self->checks = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * kpi_check_suite_new:
 *
 * Creates an empty suite.
 *
 * Returns: (transfer full): a new suite
 *
 * Since: 0.1
 */
KpiCheckSuite *
kpi_check_suite_new (void)
{
  return g_object_new (KPI_TYPE_CHECK_SUITE, NULL);
}

static KpiCheck *
lookup_locked (KpiCheckSuite *self,
               const char    *id)
{
  for (guint i = 0; i < self->checks->len; i++)
    {
      KpiCheck *check = g_ptr_array_index (self->checks, i);
      if (g_strcmp0 (kpi_check_get_id (check), id) == 0)
        return check;
    }
  return NULL;
}

/**
 * kpi_check_suite_add:
 * @self: a suite
 * @check: a check with an id
 * @error: return location for a #GError
 *
 * Adds @check to the suite.
 *
 * Returns: %TRUE, or %FALSE with %KPI_CHECK_ERROR_INVALID when @check has
 *   no id or the suite has a check of that id already
 *
 * Since: 0.1
 */
gboolean
kpi_check_suite_add (KpiCheckSuite  *self,
                     KpiCheck       *check,
                     GError        **error)
{
  const char *id;
  guint position;

  g_return_val_if_fail (KPI_IS_CHECK_SUITE (self), FALSE);
  g_return_val_if_fail (KPI_IS_CHECK (check), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = kpi_check_get_id (check);
  if (id == NULL || id[0] == '\0')
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "a check in a suite needs an id");
      return FALSE;
    }
  g_mutex_lock (&self->lock);
  if (lookup_locked (self, id) != NULL)
    {
      g_autofree char *shown = kpi_text_for_message (id, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_mutex_unlock (&self->lock);
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "the suite has a check “%s” already", shown);
      return FALSE;
    }
  g_ptr_array_add (self->checks, g_object_ref (check));
  position = self->checks->len - 1;
  g_mutex_unlock (&self->lock);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  return TRUE;
}

/**
 * kpi_check_suite_lookup:
 * @self: a suite
 * @id: a check's id
 *
 * Finds a check by its id.
 *
 * Returns: (transfer full) (nullable): the check, or %NULL
 *
 * Since: 0.1
 */
KpiCheck *
kpi_check_suite_lookup (KpiCheckSuite *self,
                        const char    *id)
{
  KpiCheck *check;

  g_return_val_if_fail (KPI_IS_CHECK_SUITE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  g_mutex_lock (&self->lock);
  check = lookup_locked (self, id);
  if (check != NULL)
    g_object_ref (check);
  g_mutex_unlock (&self->lock);
  return check;
}

/**
 * kpi_check_suite_list_types:
 *
 * Lists the kinds of check a checks file can name in `type`.
 *
 * Returns: (transfer full) (array zero-terminated=1): the names
 *
 * Since: 0.1
 */
char **
kpi_check_suite_list_types (void)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **names;

  for (guint i = 0; builtin_types[i].name != NULL; i++)
    g_strv_builder_add (builder, builtin_types[i].name);
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return names;
}

static GType
check_type_from_name (const char *name)
{
  GType type;

  for (guint i = 0; builtin_types[i].name != NULL; i++)
    if (strcmp (builtin_types[i].name, name) == 0)
      return builtin_types[i].get_type ();
  /* an application's subclass, by its type name */
  type = g_type_from_name (name);
  if (type != 0 && g_type_is_a (type, KPI_TYPE_CHECK) && !G_TYPE_IS_ABSTRACT (type))
    return type;
  return 0;
}

static void
set_unknown_type_error (const char  *name,
                        const char  *path,
                        GError     **error)
{
  g_auto(GStrv) types = kpi_check_suite_list_types ();
  g_autofree char *shown = kpi_text_for_message (name, -1, KPI_MESSAGE_QUOTE_CHARS);
  g_autofree char *near = kpi_suggest_suffix (name, (const char * const *) types,
                                              g_strv_length (types), "");

  g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
               "%s%sunknown type of check “%s”%s",
               path != NULL ? path : "", path != NULL ? ": " : "", shown, near);
}

/**
 * kpi_check_suite_new_check:
 * @type: a kind of check ([func@Kpi.CheckSuite.list_types]) or the type
 *   name of a subclass of [class@Kpi.Check]
 * @error: return location for a #GError
 *
 * Creates a check of a kind named in a checks file, with its defaults.
 *
 * Returns: (transfer full): the check, or %NULL with
 *   %KPI_CHECK_ERROR_PARSE for a name that is no kind of check
 *
 * Since: 0.1
 */
KpiCheck *
kpi_check_suite_new_check (const char  *type,
                           GError     **error)
{
  GType gtype;

  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  gtype = check_type_from_name (type);
  if (gtype == 0)
    {
      set_unknown_type_error (type, NULL, error);
      return NULL;
    }
  return g_object_new (gtype, NULL);
}

/* ------------------------------------------------------------------------ */
/* Loading */

static gboolean
json_is_number (JsonNode *node)
{
  GType t;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

static gboolean
json_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* The JSON key of a property: its name with `-` as `_`. */
static char *
key_of (const char *property)
{
  char *key = g_strdup (property);

  g_strdelimit (key, "-", '_');
  return key;
}

/* The property a key of a check object sets, or NULL. */
static GParamSpec *
property_of_key (GObjectClass *klass,
                 const char   *key)
{
  g_autofree char *name = NULL;

  if (strcmp (key, "dataset") == 0)
    return g_object_class_find_property (klass, "dataset-name");
  if (strcmp (key, "warn") == 0)
    return g_object_class_find_property (klass, "warn-threshold");
  if (strcmp (key, "fail") == 0)
    return g_object_class_find_property (klass, "fail-threshold");
  name = g_strdup (key);
  g_strdelimit (name, "_", '-');
  if (strcmp (name, "dataset-name") == 0)
    return NULL;   /* `dataset` is the key */
  return g_object_class_find_property (klass, name);
}

static gboolean
settable (GParamSpec *pspec)
{
  GType t = G_PARAM_SPEC_VALUE_TYPE (pspec);

  if (!(pspec->flags & G_PARAM_WRITABLE) || (pspec->flags & G_PARAM_CONSTRUCT_ONLY))
    return FALSE;
  return t == G_TYPE_STRING || t == G_TYPE_STRV || t == G_TYPE_DOUBLE || t == G_TYPE_FLOAT
         || t == G_TYPE_INT || t == G_TYPE_UINT || t == G_TYPE_INT64 || t == G_TYPE_UINT64
         || t == G_TYPE_BOOLEAN || G_TYPE_IS_ENUM (t) || t == KPI_TYPE_PERIOD;
}

static void
set_unknown_key_error (GObjectClass  *klass,
                       const char    *key,
                       const char    *path,
                       GError       **error)
{
  guint n_props;
  g_autofree GParamSpec **props = g_object_class_list_properties (klass, &n_props);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *shown = kpi_text_for_message (key, -1, KPI_MESSAGE_QUOTE_CHARS);
  g_autofree char *near = NULL;

  g_ptr_array_add (keys, g_strdup ("type"));
  g_ptr_array_add (keys, g_strdup ("dataset"));
  g_ptr_array_add (keys, g_strdup ("warn"));
  g_ptr_array_add (keys, g_strdup ("fail"));
  for (guint i = 0; i < n_props; i++)
    if (settable (props[i]) && strcmp (props[i]->name, "dataset-name") != 0)
      g_ptr_array_add (keys, key_of (props[i]->name));
  near = kpi_suggest_suffix (key, (const char * const *) keys->pdata, keys->len, "");
  g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
               "%s.%s: unknown key for a check of type %s%s",
               path, shown, G_OBJECT_CLASS_NAME (klass), near);
}

/* Reads @node into @value (initialised to the property's type). */
gboolean
kpi_check_value_from_json (GParamSpec   *pspec,
                           JsonNode     *node,
                           KpiCalendar  *calendar,
                           GValue       *value,
                           const char   *path,
                           GError      **error)
{
  GType t = G_PARAM_SPEC_VALUE_TYPE (pspec);
  const char *expected;

  if (t == G_TYPE_STRING)
    {
      if (JSON_NODE_HOLDS_NULL (node))
        return TRUE;
      if (json_is_string (node))
        {
          g_value_set_string (value, json_node_get_string (node));
          return TRUE;
        }
      expected = "a string";
    }
  else if (t == G_TYPE_STRV)
    {
      if (json_is_string (node))
        {
          const char *one[] = { json_node_get_string (node), NULL };
          g_value_set_boxed (value, one);
          return TRUE;
        }
      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint n = json_array_get_length (array);
          g_auto(GStrv) strv = g_new0 (char *, n + 1);

          for (guint i = 0; i < n; i++)
            {
              JsonNode *item = json_array_get_element (array, i);

              if (!json_is_string (item))
                {
                  g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
                               "%s[%u]: expected a string, found %s", path, i, kpi_json_kind (item));
                  return FALSE;
                }
              strv[i] = g_strdup (json_node_get_string (item));
            }
          g_value_set_boxed (value, strv);
          return TRUE;
        }
      expected = "an array of strings";
    }
  else if (t == G_TYPE_DOUBLE || t == G_TYPE_FLOAT)
    {
      if (JSON_NODE_HOLDS_NULL (node) && t == G_TYPE_DOUBLE)
        {
          g_value_set_double (value, NAN);
          return TRUE;
        }
      if (json_is_number (node))
        {
          double x = json_node_get_double (node);
          if (t == G_TYPE_DOUBLE)
            g_value_set_double (value, x);
          else
            g_value_set_float (value, (float) x);
          return TRUE;
        }
      expected = "a number";
    }
  else if (t == G_TYPE_INT || t == G_TYPE_UINT || t == G_TYPE_INT64 || t == G_TYPE_UINT64)
    {
      if (json_is_number (node))
        {
          double x = json_node_get_double (node);

          if (x != floor (x) || fabs (x) > 9007199254740992.0)
            {
              g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
                           "%s: expected a whole number, found %g", path, x);
              return FALSE;
            }
          if (t == G_TYPE_INT)
            {
              if (x < G_MININT || x > G_MAXINT)
                goto range;
              g_value_set_int (value, (int) x);
            }
          else if (t == G_TYPE_UINT)
            {
              if (x < 0 || x > G_MAXUINT)
                goto range;
              g_value_set_uint (value, (guint) x);
            }
          else if (t == G_TYPE_INT64)
            g_value_set_int64 (value, (gint64) x);
          else
            {
              if (x < 0)
                goto range;
              g_value_set_uint64 (value, (guint64) x);
            }
          return TRUE;
        }
      expected = "a whole number";
    }
  else if (t == G_TYPE_BOOLEAN)
    {
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        {
          g_value_set_boolean (value, json_node_get_boolean (node));
          return TRUE;
        }
      expected = "true or false";
    }
  else if (G_TYPE_IS_ENUM (t))
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (t);

      if (json_is_string (node))
        {
          const char *nick = json_node_get_string (node);
          GEnumValue *v = g_enum_get_value_by_nick (klass, nick);

          if (v != NULL && !(t == KPI_TYPE_GRANULARITY && v->value == KPI_GRANULARITY_CUSTOM))
            {
              g_value_set_enum (value, v->value);
              return TRUE;
            }
          else
            {
              g_autoptr(GPtrArray) nicks = g_ptr_array_new ();
              g_autofree char *shown = kpi_text_for_message (nick, -1, KPI_MESSAGE_QUOTE_CHARS);
              g_autofree char *near = NULL;

              for (guint i = 0; i < klass->n_values; i++)
                if (!(t == KPI_TYPE_GRANULARITY && klass->values[i].value == KPI_GRANULARITY_CUSTOM))
                  g_ptr_array_add (nicks, (gpointer) klass->values[i].value_nick);
              near = kpi_suggest_suffix (nick, (const char * const *) nicks->pdata, nicks->len, "");
              g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
                           "%s: unknown value “%s”%s", path, shown, near);
              return FALSE;
            }
        }
      expected = "a string";
    }
  else if (t == KPI_TYPE_PERIOD)
    {
      if (JSON_NODE_HOLDS_NULL (node))
        return TRUE;
      if (json_is_string (node))
        {
          g_autoptr(GError) local_error = NULL;
          g_autoptr(KpiPeriod) period = kpi_calendar_parse_period (calendar, json_node_get_string (node),
                                                                  &local_error);
          if (period == NULL)
            {
              g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
                           "%s: %s", path, local_error->message);
              return FALSE;
            }
          g_value_set_boxed (value, period);
          return TRUE;
        }
      expected = "a period label";
    }
  else
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
                   "%s: cannot be set from a checks file", path);
      return FALSE;
    }

  g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
               "%s: expected %s, found %s", path, expected, kpi_json_kind (node));
  return FALSE;

range:
  g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
               "%s: %g is out of range", path, json_node_get_double (node));
  return FALSE;
}

static KpiCheck *
check_from_json (JsonNode     *node,
                 const char   *path,
                 KpiCalendar  *calendar,
                 GError      **error)
{
  JsonObject *object;
  JsonNode *type_node;
  GType type;
  g_autoptr(KpiCheck) check = NULL;
  GObjectClass *klass;
  g_autoptr(GList) members = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
                   "%s: expected an object, found %s", path, kpi_json_kind (node));
      return NULL;
    }
  object = json_node_get_object (node);
  type_node = json_object_get_member (object, "type");
  if (type_node == NULL || !json_is_string (type_node))
    {
      g_auto(GStrv) types = kpi_check_suite_list_types ();
      g_autofree char *list = g_strjoinv (", ", types);

      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
                   "%s.type: expected the kind of check, one of %s", path, list);
      return NULL;
    }
  type = check_type_from_name (json_node_get_string (type_node));
  if (type == 0)
    {
      g_autofree char *where = g_strdup_printf ("%s.type", path);
      set_unknown_type_error (json_node_get_string (type_node), where, error);
      return NULL;
    }

  check = g_object_new (type, NULL);
  klass = G_OBJECT_GET_CLASS (check);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *member = json_object_get_member (object, key);
      g_autofree char *where = NULL;
      g_autofree char *shown = NULL;
      GParamSpec *pspec;
      g_auto(GValue) value = G_VALUE_INIT;

      if (strcmp (key, "type") == 0)
        continue;
      shown = kpi_text_for_message (key, -1, KPI_MESSAGE_QUOTE_CHARS);
      where = g_strdup_printf ("%s.%s", path, shown);
      pspec = property_of_key (klass, key);
      if (pspec == NULL || !settable (pspec))
        {
          set_unknown_key_error (klass, key, path, error);
          return NULL;
        }
      g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (pspec));
      if (!kpi_check_value_from_json (pspec, member, calendar, &value, where, error))
        return NULL;
      /* a value out of the property's range would be clamped (with a
       * warning): refuse it here with the path */
      if (G_PARAM_SPEC_VALUE_TYPE (pspec) != G_TYPE_DOUBLE || !isnan (g_value_get_double (&value)))
        {
          g_auto(GValue) validated = G_VALUE_INIT;

          g_value_init (&validated, G_PARAM_SPEC_VALUE_TYPE (pspec));
          g_value_copy (&value, &validated);
          if (g_param_value_validate (pspec, &validated))
            {
              if (G_IS_PARAM_SPEC_DOUBLE (pspec))
                g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
                             "%s: %g is out of range: expected %g to %g", where,
                             g_value_get_double (&value),
                             G_PARAM_SPEC_DOUBLE (pspec)->minimum, G_PARAM_SPEC_DOUBLE (pspec)->maximum);
              else if (G_IS_PARAM_SPEC_UINT (pspec))
                g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
                             "%s: %u is out of range: expected %u to %u", where,
                             g_value_get_uint (&value),
                             G_PARAM_SPEC_UINT (pspec)->minimum, G_PARAM_SPEC_UINT (pspec)->maximum);
              else if (G_IS_PARAM_SPEC_INT (pspec))
                g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
                             "%s: %d is out of range: expected %d to %d", where,
                             g_value_get_int (&value),
                             G_PARAM_SPEC_INT (pspec)->minimum, G_PARAM_SPEC_INT (pspec)->maximum);
              else
                g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
                             "%s: out of range", where);
              return NULL;
            }
        }
      g_object_set_property (G_OBJECT (check), pspec->name, &value);
    }
  if (kpi_check_get_id (check) == NULL || kpi_check_get_id (check)[0] == '\0')
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
                   "%s.id: every check needs an id", path);
      return NULL;
    }
  return g_steal_pointer (&check);
}

/**
 * kpi_check_suite_load_data:
 * @self: a suite
 * @data: a checks file's text: an object with a `checks` array (a
 *   catalogue's file will do), or the array itself
 * @length: the length of @data in bytes, or -1 when it ends with a NUL
 * @calendar: (nullable): the calendar of the periods the file names (UTC
 *   when %NULL)
 * @error: return location for a #GError
 *
 * Adds the checks @data declares (see [class@Kpi.CheckSuite] for the
 * format). Nothing is added unless every check is read.
 *
 * Returns: %TRUE on success, %FALSE with %KPI_CHECK_ERROR_PARSE (the
 *   message starts with the line and column, or the JSON path)
 *
 * Since: 0.1
 */
gboolean
kpi_check_suite_load_data (KpiCheckSuite  *self,
                           const char     *data,
                           gssize          length,
                           KpiCalendar    *calendar,
                           GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(KpiCalendar) utc = NULL;
  JsonNode *root, *list = NULL;
  JsonArray *array;
  const char *prefix = "$";
  g_autofree char *what = NULL;
  guint64 line, column;
  guint position;

  g_return_val_if_fail (KPI_IS_CHECK_SUITE (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (calendar == NULL || KPI_IS_CALENDAR (calendar), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (calendar == NULL)
    calendar = utc = kpi_calendar_new (NULL, 1, NULL);

  if (!kpi_json_parse_document (parser, data, length, &line, &column, &what))
    {
      if (line > 0)
        g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
                     "%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ": not a JSON document: %s",
                     line, column, what);
      else
        g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
                     "not a JSON document: %s", what);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    list = root;
  else if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      list = json_object_get_member (json_node_get_object (root), "checks");
      prefix = "$.checks";
      if (list != NULL && !JSON_NODE_HOLDS_ARRAY (list))
        {
          g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
                       "$.checks: expected an array, found %s", kpi_json_kind (list));
          return FALSE;
        }
      if (list == NULL)
        return TRUE;   /* a catalogue without checks declares none */
    }
  else
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
                   "$: expected an object with a “checks” array, or an array of checks");
      return FALSE;
    }

  /* json-glib decodes an unpaired surrogate escape into bytes that are
   * not UTF-8, which ids and messages would carry */
  {
    g_autofree char *bad = kpi_json_find_invalid_text (list, prefix);

    if (bad != NULL)
      {
        g_set_error_literal (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE, bad);
        return FALSE;
      }
  }
  array = json_node_get_array (list);
  parsed = g_ptr_array_new_with_free_func (g_object_unref);
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", prefix, i);
      KpiCheck *check = check_from_json (json_array_get_element (array, i), path, calendar, error);
      g_autoptr(KpiCheck) existing = NULL;
      const char *id;

      if (check == NULL)
        return FALSE;
      g_ptr_array_add (parsed, check);
      id = kpi_check_get_id (check);
      existing = kpi_check_suite_lookup (self, id);
      if (existing != NULL || !g_hash_table_add (ids, (gpointer) id))
        {
          g_autofree char *shown = kpi_text_for_message (id, -1, KPI_MESSAGE_QUOTE_CHARS);
          g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_PARSE,
                       "%s.id: the suite has a check “%s” already", path, shown);
          return FALSE;
        }
    }

  g_mutex_lock (&self->lock);
  position = self->checks->len;
  for (guint i = 0; i < parsed->len; i++)
    g_ptr_array_add (self->checks, g_object_ref (g_ptr_array_index (parsed, i)));
  g_mutex_unlock (&self->lock);
  if (parsed->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, parsed->len);
  return TRUE;
}

/**
 * kpi_check_suite_load_file:
 * @self: a suite
 * @file: a checks file, or a catalogue file with a `checks` array
 * @calendar: (nullable): the calendar of the periods the file names (UTC
 *   when %NULL)
 * @error: return location for a #GError
 *
 * Adds the checks @file declares, as [method@Kpi.CheckSuite.load_data]
 * does; errors start with the file's name (`checks.json:3:7: …`,
 * `checks.json: $.checks[1].fail: expected a number, found a string`).
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_check_suite_load_file (KpiCheckSuite  *self,
                           GFile          *file,
                           KpiCalendar    *calendar,
                           GError        **error)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autofree char *name = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (KPI_IS_CHECK_SUITE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_file_get_parse_name (file);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_prefix_error (&local_error, "%s: ", name);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (!kpi_check_suite_load_data (self, contents, length, calendar, &local_error))
    {
      gboolean positioned = g_ascii_isdigit (local_error->message[0]);

      g_prefix_error (&local_error, positioned ? "%s:" : "%s: ", name);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * kpi_check_suite_load_builtin:
 * @self: a suite
 * @name: the name of a built-in catalog ([func@Kpi.Catalog.list_builtins]),
 *   such as `crm`
 * @calendar: (nullable): the calendar of the periods the checks name (UTC
 *   when %NULL)
 * @error: return location for a #GError
 *
 * Adds the checks a built-in catalog declares next to its indicators.
 * The `crm` catalog checks the datasets of the generated sample data
 * (`orders`, `marketing`, `nps`, `complaints`, `opportunities`), with
 * thresholds that find its seeded anomalies and stay quiet on its clean
 * version ([docs](checks.html)).
 *
 * Returns: %TRUE on success, %FALSE with %KPI_CATALOG_ERROR_NOT_FOUND for
 *   a name that is no built-in catalog
 *
 * Since: 0.1
 */
gboolean
kpi_check_suite_load_builtin (KpiCheckSuite  *self,
                              const char     *name,
                              KpiCalendar    *calendar,
                              GError        **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (KPI_IS_CHECK_SUITE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_strconcat ("/org/libkpi/catalog/", name, ".json", NULL);
  bytes = g_resources_lookup_data (path, 0, NULL);
  if (bytes == NULL)
    {
      /* the catalogue says it best, with its near miss */
      g_autoptr(KpiCatalog) catalog = kpi_catalog_new ();
      if (!kpi_catalog_load_builtin (catalog, name, error))
        return FALSE;
      g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_NOT_FOUND,
                   "no built-in catalog “%s”", name);
      return FALSE;
    }
  data = g_bytes_get_data (bytes, &length);
  return kpi_check_suite_load_data (self, data, length, calendar, error);
}

/* ------------------------------------------------------------------------ */
/* Running */

typedef struct
{
  KpiCheckSuite *suite;
  KpiContext    *context;
  GMainContext  *main_context;   /* nullable: emit at once */
} RunJob;

static void
run_job_free (gpointer data)
{
  RunJob *job = data;

  g_object_unref (job->suite);
  g_object_unref (job->context);
  g_clear_pointer (&job->main_context, g_main_context_unref);
  g_free (job);
}

static void
report_progress (RunJob *job,
                 guint   done,
                 guint   total)
{
  kpi_emit_progress (job->suite, signals[PROGRESS], job->main_context, done, total);
}

/* The result of a check that could not run: its error, as a result with
 * %KPI_CHECK_STATUS_ERROR, so that one bad check does not hide the
 * others. */
static KpiCheckResult *
error_result (KpiCheck     *check,
              KpiContext   *context,
              const GError *error)
{
  KpiCheckResult *result = kpi_check_result_new (KPI_CHECK_STATUS_ERROR, error->message);
  gint64 now = kpi_calendar_get_now (kpi_context_get_calendar (context));
  g_autofree char *nick = kpi_check_type_nick (G_OBJECT_TYPE (check));

  kpi_check_result_set_check_id (result, kpi_check_get_id (check));
  kpi_check_result_set_check_type (result, nick);
  kpi_check_result_set_dataset_name (result, kpi_check_get_dataset_name (check));
  kpi_check_result_set_fields (result, kpi_check_get_fields (check));
  kpi_check_result_set_evaluated_at (result, now != 0 ? now : g_get_real_time ());
  return result;
}

/* A new array holding a reference to each object of @objects. */
static GPtrArray *
ref_all (GPtrArray *objects)
{
  GPtrArray *copy = g_ptr_array_copy (objects, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);

  g_ptr_array_set_free_func (copy, g_object_unref);
  return copy;
}

static GPtrArray *
run_job (gpointer       source G_GNUC_UNUSED,
         gpointer       data,
         GCancellable  *cancellable,
         GError       **error)
{
  RunJob *job = data;
  KpiCheckSuite *self = job->suite;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);

  g_mutex_lock (&self->lock);
  checks = ref_all (self->checks);
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < checks->len; i++)
    {
      KpiCheck *check = g_ptr_array_index (checks, i);
      GError *local_error = NULL;
      KpiCheckResult *result = kpi_check_run (check, job->context, cancellable, &local_error);

      if (result == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, local_error);
              return NULL;
            }
          result = error_result (check, job->context, local_error);
          g_error_free (local_error);
        }
      g_ptr_array_add (results, result);
      report_progress (job, i + 1, checks->len);
    }

  /* a copy: the caller owns the container it gets (bindings free it with
   * g_ptr_array_free(), which empties it whatever its reference count) */
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  self->results = ref_all (results);
  g_mutex_unlock (&self->lock);
  return g_steal_pointer (&results);
}

static RunJob *
run_job_new (KpiCheckSuite *self,
             KpiContext    *context,
             GMainContext  *main_context)
{
  RunJob *job = g_new0 (RunJob, 1);

  job->suite = g_object_ref (self);
  job->context = g_object_ref (context);
  job->main_context = main_context != NULL ? g_main_context_ref (main_context) : NULL;
  return job;
}

/**
 * kpi_check_suite_run:
 * @self: a suite
 * @context: the context that resolves the checks' datasets and gives the
 *   calendar
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Runs every check, in order, emitting [signal@Kpi.CheckSuite::progress]
 * after each. A check that cannot run (an unknown dataset or field) gives
 * a result with %KPI_CHECK_STATUS_ERROR rather than stopping the others.
 * The results are kept for [method@Kpi.CheckSuite.annotate].
 *
 * Returns: (transfer container) (element-type KpiCheckResult): one result
 *   per check, or %NULL with %G_IO_ERROR_CANCELLED when cancelled
 *
 * Since: 0.1
 */
GPtrArray *
kpi_check_suite_run (KpiCheckSuite  *self,
                     KpiContext     *context,
                     GCancellable   *cancellable,
                     GError        **error)
{
  RunJob *job;
  GPtrArray *results;

  g_return_val_if_fail (KPI_IS_CHECK_SUITE (self), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  job = run_job_new (self, context, NULL);
  results = run_job (self, job, cancellable, error);
  run_job_free (job);
  return results;
}

/**
 * kpi_check_suite_run_async:
 * @self: a suite
 * @context: the context that resolves the checks' datasets
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the run is over
 * @user_data: data for @callback
 *
 * Runs the checks in a worker thread, as [method@Kpi.CheckSuite.run]
 * does; [signal@Kpi.CheckSuite::progress] and @callback come in the
 * thread-default main context of this call. Checks written in JavaScript
 * cannot run in the worker: use the synchronous call from gjs with them.
 *
 * Since: 0.1
 */
void
kpi_check_suite_run_async (KpiCheckSuite       *self,
                           KpiContext          *context,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (KPI_IS_CHECK_SUITE (self));
  g_return_if_fail (KPI_IS_CONTEXT (context));

  kpi_task_run_in_thread (self, kpi_check_suite_run_async,
                          run_job_new (self, context, g_main_context_ref_thread_default ()),
                          run_job_free, run_job, cancellable, callback, user_data);
}

/**
 * kpi_check_suite_run_finish:
 * @self: a suite
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Kpi.CheckSuite.run_async].
 *
 * Returns: (transfer container) (element-type KpiCheckResult): one result
 *   per check, or %NULL with @error set
 *
 * Since: 0.1
 */
GPtrArray *
kpi_check_suite_run_finish (KpiCheckSuite  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (KPI_IS_CHECK_SUITE (self), NULL);

  return kpi_task_finish (self, result, kpi_check_suite_run_async, error);
}

/**
 * kpi_check_suite_dup_results:
 * @self: a suite
 *
 * Gets the results of the last run.
 *
 * Returns: (transfer container) (element-type KpiCheckResult) (nullable):
 *   the results, or %NULL before the first run
 *
 * Since: 0.1
 */
GPtrArray *
kpi_check_suite_dup_results (KpiCheckSuite *self)
{
  GPtrArray *results = NULL;

  g_return_val_if_fail (KPI_IS_CHECK_SUITE (self), NULL);

  g_mutex_lock (&self->lock);
  if (self->results != NULL)
    results = ref_all (self->results);
  g_mutex_unlock (&self->lock);
  return results;
}

/* ------------------------------------------------------------------------ */
/* Findings follow the numbers */

typedef struct
{
  char                    *dataset;
  char                   **fields;
  const KpiIndicatorReads *reads;     /* owned by the table of reads */
  GPtrArray               *findings;  /* the results that are findings about
                                       * this dataset and these fields */
} Read;

static void
read_clear (gpointer data)
{
  Read *r = data;

  g_free (r->dataset);
  g_strfreev (r->fields);
  g_ptr_array_unref (r->findings);
}

/**
 * kpi_check_suite_annotate:
 * @self: a suite that has run ([method@Kpi.CheckSuite.run])
 * @indicator: the indicator @values are of
 * @context: the context they were evaluated in
 * @values: (array length=n_values): values of @indicator
 * @n_values: the number of @values
 * @group_by: (nullable): the dimension of a breakdown's values, %NULL for
 *   values that are not broken down
 * @error: return location for a #GError
 *
 * Gives each value the findings of the last run whose scope overlaps what
 * the value reads ([method@Kpi.Indicator.list_datasets],
 * [method@Kpi.Indicator.list_fields],
 * [method@Kpi.Indicator.list_periods_read] and, for a breakdown, its
 * group), a quality status ([method@Kpi.Value.get_quality]) and a
 * confidence ([method@Kpi.Value.get_confidence], combined as the class
 * documentation says). Values keep their number and flags.
 *
 * Returns: (transfer container) (element-type KpiValue): new values, in
 *   the order of @values, or %NULL with @error set when what the indicator
 *   reads cannot be resolved in @context
 *
 * Since: 0.1
 */
GPtrArray *
kpi_check_suite_annotate (KpiCheckSuite    *self,
                          KpiIndicator     *indicator,
                          KpiContext       *context,
                          KpiValue * const *values,
                          gsize             n_values,
                          const char       *group_by,
                          GError          **error)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GArray) reads = NULL;
  KpiCalendar *calendar;
  GHashTableIter iter;
  gpointer key, data;
  GPtrArray *annotated;

  g_return_val_if_fail (KPI_IS_CHECK_SUITE (self), NULL);
  g_return_val_if_fail (KPI_IS_INDICATOR (indicator), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (values != NULL || n_values == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  results = kpi_check_suite_dup_results (self);
  if (results == NULL)
    results = g_ptr_array_new ();

  /* what the indicator reads, worked out once for all the values */
  table = kpi_indicator_collect_reads (indicator, context, error);
  if (table == NULL)
    return NULL;
  reads = g_array_new (FALSE, FALSE, sizeof (Read));
  g_array_set_clear_func (reads, read_clear);
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &data))
    {
      const KpiIndicatorReads *ir = data;
      Read r;

      g_autofree char **fields = (char **) g_hash_table_get_keys_as_array (ir->fields, NULL);

      r.dataset = g_strdup (key);
      r.fields = g_strdupv (fields);   /* the table's keys, copied: read_clear() frees them */
      r.reads = ir;
      /* whether a finding is about this dataset and its fields does not
       * depend on the value: sorted out once */
      r.findings = g_ptr_array_new ();
      for (guint i = 0; i < results->len; i++)
        if (kpi_check_result_affects (g_ptr_array_index (results, i), r.dataset,
                                      (const char * const *) r.fields, NULL, NULL, NULL))
          g_ptr_array_add (r.findings, g_ptr_array_index (results, i));
      g_array_append_val (reads, r);
    }

  calendar = kpi_context_get_calendar (context);
  annotated = g_ptr_array_new_full (n_values, (GDestroyNotify) kpi_value_unref);
  for (gsize v = 0; v < n_values; v++)
    {
      KpiValue *value = values[v];
      const KpiPeriod *period = kpi_value_get_period (value);
      const char *group = kpi_value_get_group_kind (value) == KPI_GROUP_KIND_VALUE
                          ? kpi_value_get_group (value) : NULL;
      const char *dimension = group != NULL ? group_by : NULL;
      g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
      KpiQuality quality = KPI_QUALITY_GOOD;
      double confidence = 1.0;
      KpiValue *copy;

      for (guint d = 0; d < reads->len; d++)
        {
          Read *r = &g_array_index (reads, Read, d);
          const KpiIndicatorReads *ir = r->reads;
          g_autoptr(GPtrArray) periods = NULL;
          /* most formulas read their own period only: no list to make */
          gboolean own_only = period == NULL || (ir->back == 0 && !ir->last_year && !ir->history);

          if (!own_only)
            periods = kpi_indicator_reads_periods (ir, calendar, period);
          for (guint i = 0; i < r->findings->len; i++)
            {
              KpiCheckResult *result = g_ptr_array_index (r->findings, i);
              gboolean hit = FALSE;

              if (g_ptr_array_find (findings, result, NULL))
                continue;
              if (own_only)
                hit = kpi_check_result_affects_scope (result, period, dimension, group);
              for (guint p = 0; periods != NULL && p < periods->len && !hit; p++)
                hit = kpi_check_result_affects_scope (result, g_ptr_array_index (periods, p), dimension, group);
              if (hit)
                g_ptr_array_add (findings, g_object_ref (result));
            }
        }

      for (guint i = 0; i < findings->len; i++)
        {
          if (kpi_check_result_get_status (g_ptr_array_index (findings, i)) == KPI_CHECK_STATUS_FAIL)
            {
              confidence *= CONFIDENCE_FAIL;
              quality = KPI_QUALITY_FAILED;
            }
          else
            {
              confidence *= CONFIDENCE_WARN;
              if (quality == KPI_QUALITY_GOOD)
                quality = KPI_QUALITY_WARNING;
            }
        }
      if (kpi_value_get_closure (value) == KPI_CLOSURE_PROVISIONAL)
        confidence *= CONFIDENCE_PROVISIONAL;
      else if (kpi_value_get_closure (value) == KPI_CLOSURE_OVERDUE)
        confidence *= CONFIDENCE_OVERDUE;

      copy = kpi_value_copy (value);
      kpi_value_set_quality (copy, quality, CLAMP (confidence, 0.0, 1.0), findings);
      g_ptr_array_add (annotated, copy);
    }
  return annotated;
}

/**
 * kpi_check_suite_evaluate_series:
 * @self: a suite
 * @indicator: an indicator
 * @context: where names lead, and the calendar of the periods
 * @first: the first period
 * @last: the last period, of the same granularity
 * @error: return location for a #GError
 *
 * Evaluates @indicator over a series of periods
 * ([method@Kpi.Indicator.evaluate_series]) with the checks attached:
 * runs them first if the suite has not run yet, then gives each value its
 * quality, confidence and findings ([method@Kpi.CheckSuite.annotate]).
 *
 * Returns: (transfer container) (element-type KpiValue): one value per
 *   period, or %NULL with @error set
 *
 * Since: 0.1
 */
GPtrArray *
kpi_check_suite_evaluate_series (KpiCheckSuite    *self,
                                 KpiIndicator     *indicator,
                                 KpiContext       *context,
                                 const KpiPeriod  *first,
                                 const KpiPeriod  *last,
                                 GError          **error)
{
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) results = NULL;

  g_return_val_if_fail (KPI_IS_CHECK_SUITE (self), NULL);
  g_return_val_if_fail (KPI_IS_INDICATOR (indicator), NULL);
  g_return_val_if_fail (KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (first != NULL && last != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  results = kpi_check_suite_dup_results (self);
  if (results == NULL)
    {
      results = kpi_check_suite_run (self, context, NULL, error);
      if (results == NULL)
        return NULL;
    }
  values = kpi_indicator_evaluate_series (indicator, context, first, last, error);
  if (values == NULL)
    return NULL;
  return kpi_check_suite_annotate (self, indicator, context, (KpiValue * const *) values->pdata,
                                   values->len, NULL, error);
}
