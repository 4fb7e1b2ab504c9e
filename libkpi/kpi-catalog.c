/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-catalog.c: a set of indicators and the datasets they read */

#include "config.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "kpi.h"
#include "kpi-indicator-private.h"
#include "kpi-json-private.h"
#include "kpi-suggest-private.h"
#include "kpi-util-private.h"

/**
 * KpiCatalog:
 *
 * A set of indicators, by id, and the datasets they read, by name. It is a
 * #GListModel of [class@Kpi.Indicator], so a user interface can list it.
 *
 * A catalog resolves what an indicator's formula cannot say by itself: the
 * indicators it refers to (`@new_customers`) and the dataset called by
 * [property@Kpi.Indicator:dataset-name]. Definitions are data: load them
 * from JSON ([method@Kpi.Catalog.load_file]), or start from a built-in
 * catalog such as `crm` ([method@Kpi.Catalog.load_builtin]) and adapt it.
 *
 * The JSON is an object with an `indicators` array:
 *
 * ```json
 * { "indicators": [
 *   { "id": "revenue", "title": "Revenue", "dataset": "orders",
 *     "formula": "sum(amount)", "unit": "EUR",
 *     "direction": "higher-is-better", "kind": "performance",
 *     "granularity": "month", "decimals": 0,
 *     "description": "Order amounts, before costs." }
 * ] }
 * ```
 *
 * Only `id` and `formula` are required; `direction`, `kind` and
 * `granularity` take the nicknames of [enum@Kpi.Direction],
 * [enum@Kpi.IndicatorKind] and [enum@Kpi.Granularity]; `min_sample` is a
 * number.
 *
 * How the indicator is compared with its references (its
 * [class@Kpi.ComparisonPolicy]) is optional too: `"rate_scale"` for rates
 * and scores, whose changes read in points (`"fraction"` for 0.34,
 * `"percent"` for 34, `"points"` for a score such as an NPS:
 * [property@Kpi.ComparisonPolicy:rate-scale]), or `"rate": true` for a
 * fraction; `"tolerance": {"on_track": 1.0, "at_risk": 0.9}` for the status
 * bands on the attainment ([method@Kpi.ComparisonPolicy.set_thresholds];
 * either member may be left out); `"small_base": 1000`, the smallest base a
 * relative change is meaningful on
 * ([property@Kpi.ComparisonPolicy:small-base]).
 *
 * ## Threads
 *
 * A catalogue may be read from several threads while one changes it: its
 * tables are guarded by a lock, [method@Kpi.Catalog.dup_indicator] and
 * [method@Kpi.Catalog.dup_dataset] return references of their own, and
 * [signal@Gio.ListModel::items-changed] is emitted, unlocked, in the thread
 * that made the change (connect a user interface from the thread that
 * changes the catalogue).
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiCatalog) catalog = kpi_catalog_new ();
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiPeriod) q1 = kpi_calendar_parse_period (calendar, "2025-Q1", NULL);
 * g_autoptr(KpiValue) value = NULL;
 * g_autofree char *text = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error) ||
 *     !kpi_catalog_load_builtin (catalog, "crm", &error))
 *   g_error ("%s", error->message);
 * kpi_catalog_add_dataset (catalog, "orders", orders);
 * kpi_context_add_catalog (context, catalog);
 * value = kpi_indicator_evaluate (kpi_catalog_lookup (catalog, "gross_margin"),
 *                                 context, q1, &error);
 * if (value == NULL)
 *   g_error ("%s", error->message);
 * text = kpi_value_format (value, -1);
 * g_print ("gross margin: %s\n", text);
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * catalog = Kpi.Catalog.new()
 * catalog.load_builtin("crm")
 * catalog.add_dataset("orders", orders)
 * calendar = Kpi.Calendar.new(None, 1)
 * context = Kpi.Context.new(calendar)
 * context.add_catalog(catalog)
 * margin = catalog.lookup("gross_margin")
 * print(margin.get_title(), margin.evaluate(context, calendar.parse_period("2025-Q1")).format(-1))
 * ```
 *
 * ```js
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const catalog = Kpi.Catalog.new();
 * catalog.load_builtin('crm');
 * catalog.add_dataset('orders', orders);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * context.add_catalog(catalog);
 * const margin = catalog.lookup('gross_margin');
 * print(`${margin.get_title()}: ${margin.evaluate(context, calendar.parse_period('2025-Q1')).format(-1)}`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiCatalog
{
  GObject     parent_instance;

  /* Guards the three tables: evaluations in other threads look names up
   * while the catalogue may be changed. Signals are emitted unlocked. */
  GMutex      lock;
  GPtrArray  *indicators;   /* KpiIndicator*, in order of addition */
  GHashTable *by_id;        /* id -> KpiIndicator* (borrowed) */
  GHashTable *datasets;     /* name -> KpiDataset* (owned) */
};

static void kpi_catalog_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KpiCatalog, kpi_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      kpi_catalog_list_model_init))

/**
 * kpi_catalog_error_quark:
 *
 * The error domain of [class@Kpi.Catalog], %KPI_CATALOG_ERROR; its codes
 * are the #KpiCatalogError enumeration.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-catalog-error-quark, kpi_catalog_error)

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static GType
kpi_catalog_get_item_type (GListModel *model)
{
  return KPI_TYPE_INDICATOR;
}

static guint
kpi_catalog_get_n_items (GListModel *model)
{
  KpiCatalog *self = KPI_CATALOG (model);
  guint n;

  g_mutex_lock (&self->lock);
  n = self->indicators->len;
  g_mutex_unlock (&self->lock);
  return n;
}

static gpointer
kpi_catalog_get_item (GListModel *model,
                      guint       position)
{
  KpiCatalog *self = KPI_CATALOG (model);
  gpointer item = NULL;

  g_mutex_lock (&self->lock);
  if (position < self->indicators->len)
    item = g_object_ref (g_ptr_array_index (self->indicators, position));
  g_mutex_unlock (&self->lock);
  return item;
}

static void
kpi_catalog_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kpi_catalog_get_item_type;
  iface->get_n_items = kpi_catalog_get_n_items;
  iface->get_item = kpi_catalog_get_item;
}

static void
kpi_catalog_finalize (GObject *object)
{
  KpiCatalog *self = KPI_CATALOG (object);

  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->indicators);
  g_hash_table_unref (self->datasets);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kpi_catalog_parent_class)->finalize (object);
}

static void
kpi_catalog_class_init (KpiCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kpi_catalog_finalize;
}

static void
kpi_catalog_init (KpiCatalog *self)
{
  g_mutex_init (&self->lock);
  self->indicators = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->datasets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/**
 * kpi_catalog_new:
 *
 * Creates an empty catalog.
 *
 * Returns: (transfer full): a new catalog
 *
 * Since: 0.1
 */
KpiCatalog *
kpi_catalog_new (void)
{
  return g_object_new (KPI_TYPE_CATALOG, NULL);
}

/**
 * kpi_catalog_add:
 * @self: a catalog
 * @indicator: an indicator
 * @error: return location for a #GError
 *
 * Adds an indicator. Fails with %KPI_CATALOG_ERROR_DUPLICATE_ID if the
 * catalog has one of that id already. The indicator is not changed: it
 * may be in other catalogues too, and is evaluated against a
 * [class@Kpi.Context] that says where its names lead.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_catalog_add (KpiCatalog    *self,
                 KpiIndicator  *indicator,
                 GError       **error)
{
  const char *id;
  guint position;

  g_return_val_if_fail (KPI_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (KPI_IS_INDICATOR (indicator), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = kpi_indicator_get_id (indicator);
  g_mutex_lock (&self->lock);
  if (g_hash_table_contains (self->by_id, id))
    {
      g_mutex_unlock (&self->lock);
      g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_DUPLICATE_ID,
                   "the catalog has an indicator “%s” already", id);
      return FALSE;
    }
  g_ptr_array_add (self->indicators, g_object_ref (indicator));
  g_hash_table_insert (self->by_id, (gpointer) id, indicator);
  position = self->indicators->len - 1;
  g_mutex_unlock (&self->lock);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  return TRUE;
}

/**
 * kpi_catalog_remove:
 * @self: a catalog
 * @id: the id of an indicator
 *
 * Removes an indicator.
 *
 * Returns: %TRUE if the catalog had it
 *
 * Since: 0.1
 */
gboolean
kpi_catalog_remove (KpiCatalog *self,
                    const char *id)
{
  KpiIndicator *indicator;
  guint position;

  g_return_val_if_fail (KPI_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  g_mutex_lock (&self->lock);
  indicator = g_hash_table_lookup (self->by_id, id);
  if (indicator == NULL || !g_ptr_array_find (self->indicators, indicator, &position))
    {
      g_mutex_unlock (&self->lock);
      return FALSE;
    }
  g_hash_table_remove (self->by_id, id);
  g_ptr_array_remove_index (self->indicators, position);
  g_mutex_unlock (&self->lock);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  return TRUE;
}

/**
 * kpi_catalog_lookup:
 * @self: a catalog
 * @id: the id of an indicator
 *
 * Finds an indicator. The catalogue keeps it while it holds it: a thread
 * that removes indicators while another looks them up should use
 * [method@Kpi.Catalog.dup_indicator] instead.
 *
 * Returns: (transfer none) (nullable): the indicator, or %NULL
 *
 * Since: 0.1
 */
KpiIndicator *
kpi_catalog_lookup (KpiCatalog *self,
                    const char *id)
{
  KpiIndicator *indicator;

  g_return_val_if_fail (KPI_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  g_mutex_lock (&self->lock);
  indicator = g_hash_table_lookup (self->by_id, id);
  g_mutex_unlock (&self->lock);
  return indicator;
}

/**
 * kpi_catalog_dup_indicator:
 * @self: a catalog
 * @id: the id of an indicator
 *
 * Finds an indicator and takes a reference to it, safe from another
 * thread's [method@Kpi.Catalog.remove].
 *
 * Returns: (transfer full) (nullable): the indicator, or %NULL
 *
 * Since: 0.1
 */
KpiIndicator *
kpi_catalog_dup_indicator (KpiCatalog *self,
                           const char *id)
{
  KpiIndicator *indicator;

  g_return_val_if_fail (KPI_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  g_mutex_lock (&self->lock);
  indicator = g_hash_table_lookup (self->by_id, id);
  if (indicator != NULL)
    g_object_ref (indicator);
  g_mutex_unlock (&self->lock);
  return indicator;
}

/**
 * kpi_catalog_list_ids:
 * @self: a catalog
 *
 * Lists the ids of the indicators, in order of addition.
 *
 * Returns: (transfer full) (array zero-terminated=1): the ids
 *
 * Since: 0.1
 */
char **
kpi_catalog_list_ids (KpiCatalog *self)
{
  GStrvBuilder *builder;
  char **ids;

  g_return_val_if_fail (KPI_IS_CATALOG (self), NULL);

  builder = g_strv_builder_new ();
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->indicators->len; i++)
    g_strv_builder_add (builder, kpi_indicator_get_id (g_ptr_array_index (self->indicators, i)));
  g_mutex_unlock (&self->lock);
  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ids;
}

/**
 * kpi_catalog_list_dataset_names:
 * @self: a catalog
 *
 * Lists the names of the datasets, sorted.
 *
 * Returns: (transfer full) (array zero-terminated=1): the names
 *
 * Since: 0.1
 */
char **
kpi_catalog_list_dataset_names (KpiCatalog *self)
{
  char **names;
  guint n;

  g_return_val_if_fail (KPI_IS_CATALOG (self), NULL);

  g_mutex_lock (&self->lock);
  names = (char **) g_hash_table_get_keys_as_array (self->datasets, &n);
  for (guint i = 0; i < n; i++)
    names[i] = g_strdup (names[i]);
  g_mutex_unlock (&self->lock);
  qsort (names, n, sizeof (char *), compare_names);
  return names;
}

/**
 * kpi_catalog_add_dataset:
 * @self: a catalog
 * @name: the name indicators use for the dataset (`orders`)
 * @dataset: the dataset
 *
 * Makes a dataset available to the indicators whose
 * [property@Kpi.Indicator:dataset-name] is @name, replacing any dataset of
 * that name.
 *
 * Since: 0.1
 */
void
kpi_catalog_add_dataset (KpiCatalog *self,
                         const char *name,
                         KpiDataset *dataset)
{
  g_return_if_fail (KPI_IS_CATALOG (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (KPI_IS_DATASET (dataset));

  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->datasets, g_strdup (name), g_object_ref (dataset));
  g_mutex_unlock (&self->lock);
}

/**
 * kpi_catalog_get_dataset:
 * @self: a catalog
 * @name: a dataset name
 *
 * Finds a dataset. A thread that replaces datasets while another looks
 * them up should use [method@Kpi.Catalog.dup_dataset] instead.
 *
 * Returns: (transfer none) (nullable): the dataset, or %NULL
 *
 * Since: 0.1
 */
KpiDataset *
kpi_catalog_get_dataset (KpiCatalog *self,
                         const char *name)
{
  KpiDataset *dataset;

  g_return_val_if_fail (KPI_IS_CATALOG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_mutex_lock (&self->lock);
  dataset = g_hash_table_lookup (self->datasets, name);
  g_mutex_unlock (&self->lock);
  return dataset;
}

/**
 * kpi_catalog_dup_dataset:
 * @self: a catalog
 * @name: a dataset name
 *
 * Finds a dataset and takes a reference to it.
 *
 * Returns: (transfer full) (nullable): the dataset, or %NULL
 *
 * Since: 0.1
 */
KpiDataset *
kpi_catalog_dup_dataset (KpiCatalog *self,
                         const char *name)
{
  KpiDataset *dataset;

  g_return_val_if_fail (KPI_IS_CATALOG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_mutex_lock (&self->lock);
  dataset = g_hash_table_lookup (self->datasets, name);
  if (dataset != NULL)
    g_object_ref (dataset);
  g_mutex_unlock (&self->lock);
  return dataset;
}

static gboolean
enum_from_nick (GType        type,
                JsonNode    *node,
                const char  *path,
                int         *out,
                GError     **error)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  const char *nick = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
    ? json_node_get_string (node) : NULL;
  GEnumValue *value = nick != NULL ? g_enum_get_value_by_nick (klass, nick) : NULL;

  if (value == NULL)
    {
      g_autoptr(GString) allowed = g_string_new (NULL);
      g_autofree const char **nicks = g_new (const char *, klass->n_values + 1);
      g_autofree char *shown = NULL;
      const char *near = NULL;

      for (guint i = 0; i < klass->n_values; i++)
        {
          nicks[i] = klass->values[i].value_nick;
          g_string_append_printf (allowed, "%s“%s”", i ? ", " : "", nicks[i]);
        }
      if (nick == NULL)
        {
          g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                       "%s: expected a string, one of %s", path, allowed->str);
          return FALSE;
        }
      shown = kpi_text_for_message (nick, -1, KPI_MESSAGE_QUOTE_CHARS);
      if (g_utf8_validate (nick, -1, NULL))
        near = kpi_suggest (nick, nicks, klass->n_values);
      if (near != NULL)
        g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                     "%s: unknown value “%s”; did you mean “%s”?", path, shown, near);
      else
        g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                     "%s: unknown value “%s”: expected one of %s", path, shown, allowed->str);
      return FALSE;
    }
  *out = value->value;
  return TRUE;
}

/* A finite JSON number, whole or not */
static gboolean
json_number (JsonNode *node,
             double   *out)
{
  double d;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    d = (double) json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    d = json_node_get_double (node);
  else
    return FALSE;
  if (!isfinite (d))
    return FALSE;
  *out = d;
  return TRUE;
}

static gboolean
json_positive_number (JsonNode *node,
                      double   *out)
{
  double d;

  if (!json_number (node, &d) || d <= 0)
    return FALSE;
  *out = d;
  return TRUE;
}

static const char *
member_string (JsonObject  *object,
               const char  *member,
               const char  *path,
               gboolean     required,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                     "%s: the member “%s” is required", path, member);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                   "%s.%s: expected a string", path, member);
      return NULL;
    }
  /* json-glib decodes an unpaired surrogate escape (\ud800) into bytes
   * that are not UTF-8: refuse them here, where the path is known, rather
   * than carry them into ids, titles and messages. */
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    {
      g_autofree char *shown = kpi_text_for_message (json_node_get_string (node), -1, KPI_MESSAGE_QUOTE_CHARS);

      g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                   "%s.%s: “%s” is not valid UTF-8 text (an unpaired surrogate "
                   "escape such as \\ud800?)", path, member, shown);
      return NULL;
    }
  return json_node_get_string (node);
}

static KpiIndicator *
indicator_from_json (JsonNode    *node,
                     const char  *path,
                     GError     **error)
{
  JsonObject *object;
  const char *id, *formula, *s;
  g_autoptr(KpiIndicator) indicator = NULL;
  KpiComparisonPolicy *policy;
  KpiRateScale scale = KPI_RATE_SCALE_NONE;
  gboolean rate = FALSE;
  GError *local_error = NULL;
  JsonNode *member;
  int e;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                   "%s: expected an object", path);
      return NULL;
    }
  object = json_node_get_object (node);
  id = member_string (object, "id", path, TRUE, error);
  if (id == NULL)
    return NULL;
  /* The id's own error, at its own path: kpi_indicator_new() would report
   * it as the formula's. */
  if (!kpi_indicator_id_is_valid (id))
    {
      g_autofree char *shown = kpi_text_for_message (id, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                   "%s.id: “%s” is not an indicator id: use letters, digits and "
                   "underscores, not starting with a digit", path, shown);
      return NULL;
    }
  formula = member_string (object, "formula", path, TRUE, error);
  if (formula == NULL)
    return NULL;
  indicator = kpi_indicator_new (id, formula, &local_error);
  if (indicator == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   "%s.formula: %s", path, local_error->message);
      g_error_free (local_error);
      return NULL;
    }
  policy = kpi_indicator_get_policy (indicator);

#define STRING_MEMBER(name, setter)                                       \
  if ((s = member_string (object, name, path, FALSE, &local_error)) != NULL) \
    setter (indicator, s);                                                \
  else if (local_error != NULL)                                           \
    {                                                                     \
      g_propagate_error (error, local_error);                             \
      return NULL;                                                        \
    }
  STRING_MEMBER ("title", kpi_indicator_set_title)
  STRING_MEMBER ("description", kpi_indicator_set_description)
  STRING_MEMBER ("unit", kpi_indicator_set_unit)
  STRING_MEMBER ("dataset", kpi_indicator_set_dataset_name)
#undef STRING_MEMBER

  if ((member = json_object_get_member (object, "direction")) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.direction", path);
      if (!enum_from_nick (KPI_TYPE_DIRECTION, member, p, &e, error))
        return NULL;
      kpi_comparison_policy_set_direction (policy, e);
    }
  if ((member = json_object_get_member (object, "kind")) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.kind", path);
      if (!enum_from_nick (KPI_TYPE_INDICATOR_KIND, member, p, &e, error))
        return NULL;
      kpi_indicator_set_kind (indicator, e);
    }
  if ((member = json_object_get_member (object, "granularity")) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.granularity", path);
      if (!enum_from_nick (KPI_TYPE_GRANULARITY, member, p, &e, error))
        return NULL;
      kpi_indicator_set_granularity (indicator, e);
    }
  if ((member = json_object_get_member (object, "decimals")) != NULL)
    {
      gint64 d = JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_INT64
        ? json_node_get_int (member) : -1;
      if (d < 0 || d > KPI_MAX_DECIMALS)
        {
          g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                       "%s.decimals: expected a whole number from 0 to %d", path, KPI_MAX_DECIMALS);
          return NULL;
        }
      kpi_indicator_set_decimals (indicator, (int) d);
    }
  if ((member = json_object_get_member (object, "min_sample")) != NULL)
    {
      gint64 m = JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_INT64
        ? json_node_get_int (member) : -1;
      if (m < 0 || m > G_MAXUINT)
        {
          g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                       "%s.min_sample: expected a whole number from 0 to %u", path, G_MAXUINT);
          return NULL;
        }
      kpi_indicator_set_min_sample (indicator, (guint) m);
    }
  if ((member = json_object_get_member (object, "rate")) != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                       "%s.rate: expected true or false", path);
          return NULL;
        }
      rate = json_node_get_boolean (member);
    }
  if ((member = json_object_get_member (object, "rate_scale")) != NULL)
    {
      g_autofree char *p = g_strdup_printf ("%s.rate_scale", path);
      if (!enum_from_nick (KPI_TYPE_RATE_SCALE, member, p, &e, error))
        return NULL;
      scale = e;
    }
  /* "rate": true is a fraction unless "rate_scale" says how it is written;
   * a rate scale alone makes a rate. */
  if (scale != KPI_RATE_SCALE_NONE)
    kpi_comparison_policy_set_rate_scale (policy, scale);
  else if (rate)
    kpi_comparison_policy_set_rate_scale (policy, KPI_RATE_SCALE_FRACTION);
  if ((member = json_object_get_member (object, "tolerance")) != NULL)
    {
      double on_track = kpi_comparison_policy_get_on_track_threshold (policy);
      double at_risk = kpi_comparison_policy_get_at_risk_threshold (policy);
      JsonObject *tolerance;
      JsonNode *edge;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                       "%s.tolerance: expected an object such as "
                       "{\"on_track\": 1.0, \"at_risk\": 0.9}", path);
          return NULL;
        }
      tolerance = json_node_get_object (member);
      if ((edge = json_object_get_member (tolerance, "on_track")) != NULL &&
          !json_positive_number (edge, &on_track))
        {
          g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                       "%s.tolerance.on_track: expected a number above 0", path);
          return NULL;
        }
      if ((edge = json_object_get_member (tolerance, "at_risk")) != NULL &&
          !json_positive_number (edge, &at_risk))
        {
          g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                       "%s.tolerance.at_risk: expected a number above 0", path);
          return NULL;
        }
      if (at_risk > on_track)
        {
          g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                       "%s.tolerance: at_risk (%g) must not be above on_track (%g)",
                       path, at_risk, on_track);
          return NULL;
        }
      /* checked above: cannot fail */
      kpi_comparison_policy_set_thresholds (policy, on_track, at_risk, NULL);
    }
  if ((member = json_object_get_member (object, "small_base")) != NULL)
    {
      double base = 0;

      if (!json_number (member, &base) || base < 0)
        {
          g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                       "%s.small_base: expected a number, 0 or more", path);
          return NULL;
        }
      kpi_comparison_policy_set_small_base (policy, base, NULL);
    }
  return g_steal_pointer (&indicator);
}

/**
 * kpi_catalog_load_data:
 * @self: a catalog
 * @json: the JSON text of indicator definitions
 * @length: the length of @json in bytes, or -1 if it is NUL-terminated
 * @error: return location for a #GError
 *
 * Adds the indicators defined by a JSON document (see [class@Kpi.Catalog]
 * for the format). Either every indicator is added or, on an error (which
 * names the JSON path of the problem, such as `$.indicators[3].direction`),
 * none is.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_catalog_load_data (KpiCatalog  *self,
                       const char  *json,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autofree char *what = NULL;
  guint64 line, column;
  JsonNode *root, *list;
  JsonArray *array;

  g_return_val_if_fail (KPI_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parser = json_parser_new ();
  if (!kpi_json_parse_document (parser, json, length, &line, &column, &what))
    {
      if (line > 0)
        g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                     "%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ": not a JSON document: %s",
                     line, column, what);
      else
        g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                     "not a JSON document: %s", what);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (list = json_object_get_member (json_node_get_object (root), "indicators")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_INVALID,
                   "$: expected an object with an “indicators” array");
      return FALSE;
    }

  array = json_node_get_array (list);
  parsed = g_ptr_array_new_with_free_func (g_object_unref);
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("$.indicators[%u]", i);
      KpiIndicator *indicator = indicator_from_json (json_array_get_element (array, i), path, error);
      const char *id;

      if (indicator == NULL)
        return FALSE;
      g_ptr_array_add (parsed, indicator);
      id = kpi_indicator_get_id (indicator);
      if (g_hash_table_contains (self->by_id, id) || !g_hash_table_add (ids, (gpointer) id))
        {
          g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_DUPLICATE_ID,
                       "%s.id: the catalog has an indicator “%s” already", path, id);
          return FALSE;
        }
    }

  for (guint i = 0; i < parsed->len; i++)
    {
      gboolean ok = kpi_catalog_add (self, g_ptr_array_index (parsed, i), NULL);
      g_assert (ok);  /* ids checked above */
    }
  return TRUE;
}

/**
 * kpi_catalog_load_file:
 * @self: a catalog
 * @file: a JSON file of indicator definitions
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Adds the indicators a file defines: see [method@Kpi.Catalog.load_data].
 * Error messages start with the file's name.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_catalog_load_file (KpiCatalog    *self,
                       GFile         *file,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  GError *local_error = NULL;
  gsize length;

  g_return_val_if_fail (KPI_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_file_get_parse_name (file);
  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error))
    {
      /* The commonest failures in our words, the others in GIO's. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                     "%s: is a directory: expected a JSON file of indicator definitions", name);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: no such file", name);
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_error_free (local_error);
      return FALSE;
    }
  if (!kpi_catalog_load_data (self, contents, length, &local_error))
    {
      /* file.json:3:7: for a line and column, file.json: $.path: for a
       * member */
      g_set_error (error, local_error->domain, local_error->code,
                   g_ascii_isdigit (local_error->message[0]) ? "%s:%s" : "%s: %s",
                   name, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  return TRUE;
}

#define BUILTIN_PREFIX "/org/libkpi/catalog/"

/**
 * kpi_catalog_list_builtins:
 *
 * Lists the catalogs that ship with the library, for
 * [method@Kpi.Catalog.load_builtin].
 *
 * Returns: (transfer full) (array zero-terminated=1): their names, such as
 *   `crm`
 *
 * Since: 0.1
 */
char **
kpi_catalog_list_builtins (void)
{
  g_auto(GStrv) children = g_resources_enumerate_children (BUILTIN_PREFIX, 0, NULL);
  GStrvBuilder *builder = g_strv_builder_new ();
  char **names;

  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    if (g_str_has_suffix (children[i], ".json"))
      {
        g_autofree char *name = g_strndup (children[i], strlen (children[i]) - 5);
        g_strv_builder_add (builder, name);
      }
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return names;
}

/**
 * kpi_catalog_load_builtin:
 * @self: a catalog
 * @name: the name of a built-in catalog, such as `crm`
 * @error: return location for a #GError
 *
 * Adds the indicators of a catalog that ships with the library. The `crm`
 * catalog defines revenue, number of sales, active and new customers, gross
 * margin (amount and rate), average basket, weighted pipeline,
 * stage-to-stage conversion, customer acquisition cost, lifetime value,
 * retention rate, complaints and NPS over datasets named `orders`,
 * `opportunities`, `marketing`, `nps` and `complaints` (the columns of the
 * generated sample data). Its JSON is installed in the library's data
 * directory too, as a starting point for your own.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_catalog_load_builtin (KpiCatalog  *self,
                          const char  *name,
                          GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (KPI_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_strconcat (BUILTIN_PREFIX, name, ".json", NULL);
  bytes = g_resources_lookup_data (path, 0, NULL);
  if (bytes == NULL)
    {
      g_auto(GStrv) names = kpi_catalog_list_builtins ();
      g_autofree char *shown = kpi_text_for_message (name, -1, KPI_MESSAGE_QUOTE_CHARS);
      g_autofree char *known = g_strjoinv ("”, “", names);
      const char *near = g_utf8_validate (name, -1, NULL)
        ? kpi_suggest (name, (const char * const *) names, g_strv_length (names)) : NULL;

      if (near != NULL)
        g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_NOT_FOUND,
                     "no built-in catalog “%s”; did you mean “%s”?", shown, near);
      else
        g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_NOT_FOUND,
                     "no built-in catalog “%s”: expected one of “%s”", shown, known);
      return FALSE;
    }
  data = g_bytes_get_data (bytes, &length);
  return kpi_catalog_load_data (self, data, length, error);
}

/* A reference to each indicator, in order: a snapshot that another
 * thread's additions and removals do not change. */
static GPtrArray *
list_indicators (KpiCatalog *self)
{
  GPtrArray *indicators = g_ptr_array_new_with_free_func (g_object_unref);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->indicators->len; i++)
    g_ptr_array_add (indicators, g_object_ref (g_ptr_array_index (self->indicators, i)));
  g_mutex_unlock (&self->lock);
  return indicators;
}

/* The dataset @indicator reads, as a context holding only this catalogue
 * would resolve it: its own, or the catalogue's of its dataset name. An
 * indicator that reads no rows (`@spend / @customers`) needs none: an
 * empty dataset stands for it. NULL with @error set (when not NULL) when
 * the dataset is not there. */
static KpiDataset *
resolve_dataset (KpiCatalog    *self,
                 KpiIndicator  *indicator,
                 GError       **error)
{
  g_autofree char *name = NULL;
  KpiDataset *dataset = kpi_indicator_dup_dataset (indicator, &name);
  g_autofree char *shown = NULL;
  g_autofree char *near = NULL;
  g_auto(GStrv) names = NULL;

  if (dataset != NULL)
    return dataset;
  if (name == NULL)
    {
      g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_UNKNOWN_DATASET,
                   "indicator “%s” has no dataset: set one, or a dataset name the catalog has",
                   kpi_indicator_get_id (indicator));
      return NULL;
    }
  dataset = kpi_catalog_dup_dataset (self, name);
  if (dataset != NULL)
    return dataset;
  shown = kpi_text_for_message (name, -1, 0);
  names = kpi_catalog_list_dataset_names (self);
  near = kpi_suggest_suffix (name, (const char * const *) names, g_strv_length (names), "");
  g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_UNKNOWN_DATASET,
               "indicator “%s” reads dataset “%s”, which the catalog does not have%s",
               kpi_indicator_get_id (indicator), shown, near);
  return NULL;
}

/**
 * kpi_catalog_check:
 * @self: a catalog
 * @error: return location for a #GError
 *
 * Checks that every indicator can be evaluated: its dataset is there, its
 * fields are columns of it, and the indicators it refers to exist without
 * a cycle, as a [class@Kpi.Context] holding only this catalogue would
 * resolve them. Reports the first problem: %KPI_CATALOG_ERROR_UNKNOWN_DATASET,
 * %KPI_CATALOG_ERROR_UNKNOWN_INDICATOR, %KPI_CATALOG_ERROR_CYCLE, or the
 * %KPI_FORMULA_ERROR of a formula that does not fit its dataset (its
 * message prefixed with the indicator's id). What is suspect without being an
 * error (a value no dataset holds) is listed by
 * [method@Kpi.Catalog.list_warnings].
 *
 * Returns: %TRUE if every indicator checks
 *
 * Since: 0.1
 */
gboolean
kpi_catalog_check (KpiCatalog  *self,
                   GError     **error)
{
  g_autoptr(GPtrArray) indicators = NULL;
  g_autoptr(GHashTable) state = NULL;

  g_return_val_if_fail (KPI_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  indicators = list_indicators (self);

  for (guint i = 0; i < indicators->len; i++)
    {
      KpiIndicator *indicator = g_ptr_array_index (indicators, i);
      g_autoptr(KpiFormula) formula = kpi_indicator_dup_formula (indicator);
      g_auto(GStrv) refs = kpi_formula_list_references (formula);
      g_autoptr(KpiDataset) dataset = NULL;
      GError *local_error = NULL;

      dataset = resolve_dataset (self, indicator, error);
      if (dataset == NULL)
        return FALSE;
      if (!kpi_formula_check (formula, dataset, &local_error))
        {
          g_set_error (error, local_error->domain, local_error->code, "%s: %s",
                       kpi_indicator_get_id (indicator), local_error->message);
          g_error_free (local_error);
          return FALSE;
        }
      for (guint j = 0; refs[j] != NULL; j++)
        {
          g_autoptr(KpiIndicator) target = kpi_catalog_dup_indicator (self, refs[j]);

          if (target == NULL)
            {
              g_auto(GStrv) ids = kpi_catalog_list_ids (self);
              g_autofree char *near = kpi_suggest_suffix (refs[j], (const char * const *) ids,
                                                          g_strv_length (ids), "@");

              g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_UNKNOWN_INDICATOR,
                           "indicator “%s” refers to “@%s”, which the catalog does not have%s",
                           kpi_indicator_get_id (indicator), refs[j], near);
              return FALSE;
            }
        }
    }

  /* Cycles: a depth-first walk over the references, colouring ids (1: on
   * the path, 2: done). The walk holds the indicators it goes through, so
   * their ids live as long as it does. */
  state = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < indicators->len; i++)
    {
      typedef struct { KpiIndicator *indicator; char **refs; guint next; } Frame;
      g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Frame));
      KpiIndicator *root = g_ptr_array_index (indicators, i);
      gboolean failed = FALSE;

      if (g_hash_table_contains (state, kpi_indicator_get_id (root)))
        continue;
      {
        g_autoptr(KpiFormula) f = kpi_indicator_dup_formula (root);
        Frame frame = { g_object_ref (root), kpi_formula_list_references (f), 0 };
        g_array_append_val (stack, frame);
      }
      g_hash_table_insert (state, (gpointer) kpi_indicator_get_id (root), GINT_TO_POINTER (1));
      while (stack->len > 0 && !failed)
        {
          Frame *top = &g_array_index (stack, Frame, stack->len - 1);
          const char *next;

          if (top->refs[top->next] == NULL)
            {
              g_hash_table_insert (state, (gpointer) kpi_indicator_get_id (top->indicator), GINT_TO_POINTER (2));
              g_strfreev (top->refs);
              g_object_unref (top->indicator);
              g_array_set_size (stack, stack->len - 1);
              continue;
            }
          next = top->refs[top->next++];
          switch (GPOINTER_TO_INT (g_hash_table_lookup (state, next)))
            {
            case 1:
              {
                g_autoptr(GString) chain = g_string_new (NULL);
                gboolean on = FALSE;

                for (guint k = 0; k < stack->len; k++)
                  {
                    const char *id = kpi_indicator_get_id (g_array_index (stack, Frame, k).indicator);
                    on = on || g_strcmp0 (id, next) == 0;
                    if (on)
                      g_string_append_printf (chain, "@%s → ", id);
                  }
                g_string_append_printf (chain, "@%s", next);
                g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_CYCLE,
                             "indicators refer to each other in a cycle: %s", chain->str);
                failed = TRUE;
              }
              break;
            case 2:
              break;
            default:
              {
                KpiIndicator *target = kpi_catalog_dup_indicator (self, next);
                g_autoptr(KpiFormula) f = NULL;
                Frame frame;

                if (target == NULL)
                  break;   /* removed by another thread meanwhile */
                f = kpi_indicator_dup_formula (target);
                frame = (Frame) { target, kpi_formula_list_references (f), 0 };
                g_hash_table_insert (state, (gpointer) kpi_indicator_get_id (target), GINT_TO_POINTER (1));
                g_array_append_val (stack, frame);
                /* the id is the target's: it lives while the walk keeps it */
                g_ptr_array_add (indicators, g_object_ref (target));
              }
            }
        }
      for (guint k = 0; k < stack->len; k++)
        {
          g_strfreev (g_array_index (stack, Frame, k).refs);
          g_object_unref (g_array_index (stack, Frame, k).indicator);
        }
      if (failed)
        return FALSE;
    }
  return TRUE;
}

/**
 * kpi_catalog_list_warnings:
 * @self: a catalog
 *
 * Lists what is suspect in the definitions without being an error: for
 * now, the texts that formulas compare with a dimension that never held
 * them, probably typos (`revenue_online: channel has no value “onlin”; did
 * you mean “online”?`, see [method@Kpi.Formula.check_values]). Indicators
 * whose dataset is missing are left to [method@Kpi.Catalog.check].
 *
 * Returns: (transfer full) (array zero-terminated=1): the warnings, each
 *   prefixed with the indicator's id; an empty array when there are none
 *
 * Since: 0.1
 */
char **
kpi_catalog_list_warnings (KpiCatalog *self)
{
  g_autoptr(GPtrArray) indicators = NULL;
  GStrvBuilder *builder;
  char **result;

  g_return_val_if_fail (KPI_IS_CATALOG (self), NULL);

  indicators = list_indicators (self);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < indicators->len; i++)
    {
      KpiIndicator *indicator = g_ptr_array_index (indicators, i);
      g_autoptr(KpiDataset) dataset = resolve_dataset (self, indicator, NULL);
      g_autoptr(KpiFormula) formula = NULL;
      g_auto(GStrv) warnings = NULL;

      if (dataset == NULL)
        continue;
      formula = kpi_indicator_dup_formula (indicator);
      warnings = kpi_formula_check_values (formula, dataset);
      for (gsize k = 0; warnings != NULL && warnings[k] != NULL; k++)
        {
          g_autofree char *line = g_strdup_printf ("%s: %s", kpi_indicator_get_id (indicator), warnings[k]);
          g_strv_builder_add (builder, line);
        }
    }
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}
