/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-context.c: what an evaluation resolves names against */

#include "config.h"

#include "kpi.h"

/**
 * KpiContext:
 *
 * What an evaluation resolves names against: the [class@Kpi.Calendar] that
 * makes its periods, the datasets an indicator names
 * ([property@Kpi.Indicator:dataset-name]) and the indicators a formula
 * refers to (`@new_customers`).
 *
 * An indicator is a definition: it does not know the catalogue it was
 * loaded from, and may be in several. Whoever evaluates it says where its
 * names lead, by passing a context:
 *
 * ```c
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * kpi_context_add_catalog (context, crm);              // indicators and datasets
 * kpi_context_add_dataset (context, "orders", orders); // or one by one
 * g_autoptr(KpiValue) cac =
 *   kpi_indicator_evaluate (kpi_catalog_lookup (crm, "customer_acquisition_cost"),
 *                           context, march, &error);
 * ```
 *
 * ```python
 * context = Kpi.Context.new(calendar)
 * context.add_catalog(crm)
 * value = crm.lookup("customer_acquisition_cost").evaluate(context, march)
 * ```
 *
 * Names are looked up among the datasets and indicators added to the
 * context first, then in its catalogues in the order they were added. An
 * application that finds them elsewhere (datasets loaded on demand,
 * definitions in a database) subclasses it and overrides
 * [vfunc@Kpi.Context.lookup_dataset] and
 * [vfunc@Kpi.Context.lookup_indicator], in C or in Python.
 *
 * A context may be used by several evaluations at once, from several
 * threads, and changed while they run: lookups and additions are guarded
 * by a lock, and each lookup returns a reference of its own.
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiIndicator) revenue = kpi_indicator_new ("revenue", "sum(amount)", NULL);
 * g_autoptr(KpiIndicator) sales = kpi_indicator_new ("sales", "count()", NULL);
 * g_autoptr(KpiIndicator) basket = kpi_indicator_new ("basket", "@revenue / @sales", NULL);
 * g_autoptr(KpiPeriod) january = kpi_calendar_parse_period (calendar, "2025-01", NULL);
 * g_autoptr(KpiValue) value = NULL;
 * g_autofree char *text = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * // indicators name their dataset; @id names another indicator
 * kpi_context_add_dataset (context, "orders", orders);
 * kpi_indicator_set_dataset_name (revenue, "orders");
 * kpi_indicator_set_dataset_name (sales, "orders");
 * kpi_context_add_indicator (context, revenue);
 * kpi_context_add_indicator (context, sales);
 * value = kpi_indicator_evaluate (basket, context, january, &error);
 * if (value == NULL)
 *   g_error ("%s", error->message);
 * text = kpi_value_format (value, 2);
 * g_print ("average basket: %s\n", text);
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * calendar = Kpi.Calendar.new(None, 1)
 * context = Kpi.Context.new(calendar)
 * # indicators name their dataset; @id names another indicator
 * context.add_dataset("orders", orders)
 * for id_, formula in [("revenue", "sum(amount)"), ("sales", "count()")]:
 *     indicator = Kpi.Indicator.new(id_, formula)
 *     indicator.set_dataset_name("orders")
 *     context.add_indicator(indicator)
 * basket = Kpi.Indicator.new("basket", "@revenue / @sales")
 * value = basket.evaluate(context, calendar.parse_period("2025-01"))
 * print("average basket:", value.format(2))
 * ```
 *
 * ```js
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const context = Kpi.Context.new(calendar);
 * // indicators name their dataset; @id names another indicator
 * context.add_dataset('orders', orders);
 * for (const [id, formula] of [['revenue', 'sum(amount)'], ['sales', 'count()']]) {
 *     const indicator = Kpi.Indicator.new(id, formula);
 *     indicator.set_dataset_name('orders');
 *     context.add_indicator(indicator);
 * }
 * const basket = Kpi.Indicator.new('basket', '@revenue / @sales');
 * const value = basket.evaluate(context, calendar.parse_period('2025-01'));
 * print(`average basket: ${value.format(2)}`);
 * ```
 *
 * Since: 0.1
 */

typedef struct
{
  KpiCalendar *calendar;
  GMutex       lock;
  GHashTable  *datasets;     /* name -> KpiDataset* (owned) */
  GHashTable  *indicators;   /* id -> KpiIndicator* (owned) */
  GPtrArray   *catalogs;     /* KpiCatalog*, owned, in order of addition */
} KpiContextPrivate;

enum {
  PROP_0,
  PROP_CALENDAR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE_WITH_PRIVATE (KpiContext, kpi_context, G_TYPE_OBJECT)

/**
 * kpi_context_error_quark:
 *
 * The error domain of [class@Kpi.Context], %KPI_CONTEXT_ERROR; its codes
 * are the #KpiContextError enumeration.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-context-error-quark, kpi_context_error)

static void
kpi_context_finalize (GObject *object)
{
  KpiContextPrivate *priv = kpi_context_get_instance_private (KPI_CONTEXT (object));

  g_clear_object (&priv->calendar);
  g_hash_table_unref (priv->datasets);
  g_hash_table_unref (priv->indicators);
  g_ptr_array_unref (priv->catalogs);
  g_mutex_clear (&priv->lock);

  G_OBJECT_CLASS (kpi_context_parent_class)->finalize (object);
}

static void
kpi_context_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KpiContextPrivate *priv = kpi_context_get_instance_private (KPI_CONTEXT (object));

  switch (prop_id)
    {
    case PROP_CALENDAR:
      g_value_set_object (value, priv->calendar);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_context_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  KpiContextPrivate *priv = kpi_context_get_instance_private (KPI_CONTEXT (object));

  switch (prop_id)
    {
    case PROP_CALENDAR:
      g_set_object (&priv->calendar, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_context_constructed (GObject *object)
{
  KpiContextPrivate *priv = kpi_context_get_instance_private (KPI_CONTEXT (object));

  G_OBJECT_CLASS (kpi_context_parent_class)->constructed (object);

  /* A context made with g_object_new() and no calendar: UTC, fiscal years
   * from January. */
  if (priv->calendar == NULL)
    priv->calendar = kpi_calendar_new (NULL, 1, NULL);
}

static KpiDataset *
kpi_context_real_lookup_dataset (KpiContext *self,
                                 const char *name)
{
  KpiContextPrivate *priv = kpi_context_get_instance_private (self);
  KpiDataset *dataset;

  g_mutex_lock (&priv->lock);
  dataset = g_hash_table_lookup (priv->datasets, name);
  if (dataset != NULL)
    g_object_ref (dataset);
  for (guint i = 0; dataset == NULL && i < priv->catalogs->len; i++)
    dataset = kpi_catalog_dup_dataset (g_ptr_array_index (priv->catalogs, i), name);
  g_mutex_unlock (&priv->lock);
  return dataset;
}

static KpiIndicator *
kpi_context_real_lookup_indicator (KpiContext *self,
                                   const char *id)
{
  KpiContextPrivate *priv = kpi_context_get_instance_private (self);
  KpiIndicator *indicator;

  g_mutex_lock (&priv->lock);
  indicator = g_hash_table_lookup (priv->indicators, id);
  if (indicator != NULL)
    g_object_ref (indicator);
  for (guint i = 0; indicator == NULL && i < priv->catalogs->len; i++)
    indicator = kpi_catalog_dup_indicator (g_ptr_array_index (priv->catalogs, i), id);
  g_mutex_unlock (&priv->lock);
  return indicator;
}

/* The keys of @table then the names each catalogue gives, each once. */
static char **
list_names (KpiContextPrivate  *priv,
            GHashTable         *table,
            char             **(*from_catalog) (KpiCatalog *catalog))
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;

  g_mutex_lock (&priv->lock);
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_hash_table_add (seen, g_strdup (key)))
      g_strv_builder_add (builder, key);
  for (guint i = 0; i < priv->catalogs->len; i++)
    {
      g_auto(GStrv) names = from_catalog (g_ptr_array_index (priv->catalogs, i));

      for (gsize k = 0; names[k] != NULL; k++)
        if (g_hash_table_add (seen, g_strdup (names[k])))
          g_strv_builder_add (builder, names[k]);
    }
  g_mutex_unlock (&priv->lock);
  return g_strv_builder_end (builder);
}

static char **
kpi_context_real_list_dataset_names (KpiContext *self)
{
  KpiContextPrivate *priv = kpi_context_get_instance_private (self);

  return list_names (priv, priv->datasets, kpi_catalog_list_dataset_names);
}

static char **
kpi_context_real_list_indicator_ids (KpiContext *self)
{
  KpiContextPrivate *priv = kpi_context_get_instance_private (self);

  return list_names (priv, priv->indicators, kpi_catalog_list_ids);
}

static void
kpi_context_class_init (KpiContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kpi_context_finalize;
  object_class->get_property = kpi_context_get_property;
  object_class->set_property = kpi_context_set_property;
  object_class->constructed = kpi_context_constructed;

  klass->lookup_dataset = kpi_context_real_lookup_dataset;
  klass->lookup_indicator = kpi_context_real_lookup_indicator;
  klass->list_dataset_names = kpi_context_real_list_dataset_names;
  klass->list_indicator_ids = kpi_context_real_list_indicator_ids;

  /**
   * KpiContext:calendar:
   *
   * The calendar that makes the periods of the evaluations: their time
   * zone, fiscal year and present ([property@Kpi.Calendar:now]).
   *
   * Since: 0.1
   */
  properties[PROP_CALENDAR] =
    g_param_spec_object ("calendar", NULL, NULL, KPI_TYPE_CALENDAR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_context_init (KpiContext *self)
{
  KpiContextPrivate *priv = kpi_context_get_instance_private (self);

  g_mutex_init (&priv->lock);
  priv->datasets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  priv->indicators = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  priv->catalogs = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * kpi_context_new:
 * @calendar: (nullable): the calendar of the evaluations, or %NULL for UTC
 *   with fiscal years from January
 *
 * Creates a context with no dataset, indicator or catalogue of its own.
 *
 * Returns: (transfer full): a new context
 *
 * Since: 0.1
 */
KpiContext *
kpi_context_new (KpiCalendar *calendar)
{
  g_return_val_if_fail (calendar == NULL || KPI_IS_CALENDAR (calendar), NULL);

  return g_object_new (KPI_TYPE_CONTEXT, "calendar", calendar, NULL);
}

/**
 * kpi_context_get_calendar:
 * @self: a context
 *
 * Gets [property@Kpi.Context:calendar].
 *
 * Returns: (transfer none): the calendar
 *
 * Since: 0.1
 */
KpiCalendar *
kpi_context_get_calendar (KpiContext *self)
{
  KpiContextPrivate *priv;

  g_return_val_if_fail (KPI_IS_CONTEXT (self), NULL);

  priv = kpi_context_get_instance_private (self);
  return priv->calendar;
}

/**
 * kpi_context_add_dataset:
 * @self: a context
 * @name: the name indicators read it by
 * @dataset: the dataset
 *
 * Makes @name resolve to @dataset, before any catalogue's dataset of that
 * name; a dataset added before under @name is replaced.
 *
 * Since: 0.1
 */
void
kpi_context_add_dataset (KpiContext *self,
                         const char *name,
                         KpiDataset *dataset)
{
  KpiContextPrivate *priv;

  g_return_if_fail (KPI_IS_CONTEXT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (KPI_IS_DATASET (dataset));

  priv = kpi_context_get_instance_private (self);
  g_mutex_lock (&priv->lock);
  g_hash_table_replace (priv->datasets, g_strdup (name), g_object_ref (dataset));
  g_mutex_unlock (&priv->lock);
}

/**
 * kpi_context_add_indicator:
 * @self: a context
 * @indicator: an indicator
 *
 * Makes `@id` references to the indicator's id resolve to @indicator,
 * before any catalogue's; an indicator added before with the same id is
 * replaced. The indicator is not changed: it may be in other contexts and
 * catalogues too.
 *
 * Since: 0.1
 */
void
kpi_context_add_indicator (KpiContext   *self,
                           KpiIndicator *indicator)
{
  KpiContextPrivate *priv;

  g_return_if_fail (KPI_IS_CONTEXT (self));
  g_return_if_fail (KPI_IS_INDICATOR (indicator));

  priv = kpi_context_get_instance_private (self);
  g_mutex_lock (&priv->lock);
  g_hash_table_replace (priv->indicators, g_strdup (kpi_indicator_get_id (indicator)),
                        g_object_ref (indicator));
  g_mutex_unlock (&priv->lock);
}

/**
 * kpi_context_add_catalog:
 * @self: a context
 * @catalog: a catalogue
 *
 * Looks names up in @catalog too, after the datasets and indicators added
 * to the context and the catalogues added before. The catalogue is used as
 * it is at each lookup: indicators and datasets added to it later are
 * found.
 *
 * Since: 0.1
 */
void
kpi_context_add_catalog (KpiContext *self,
                         KpiCatalog *catalog)
{
  KpiContextPrivate *priv;

  g_return_if_fail (KPI_IS_CONTEXT (self));
  g_return_if_fail (KPI_IS_CATALOG (catalog));

  priv = kpi_context_get_instance_private (self);
  g_mutex_lock (&priv->lock);
  if (!g_ptr_array_find (priv->catalogs, catalog, NULL))
    g_ptr_array_add (priv->catalogs, g_object_ref (catalog));
  g_mutex_unlock (&priv->lock);
}

/**
 * kpi_context_lookup_dataset:
 * @self: a context
 * @name: a dataset name
 *
 * Finds the dataset @name resolves to ([vfunc@Kpi.Context.lookup_dataset]).
 *
 * Returns: (transfer full) (nullable): the dataset, or %NULL
 *
 * Since: 0.1
 */
KpiDataset *
kpi_context_lookup_dataset (KpiContext *self,
                            const char *name)
{
  g_return_val_if_fail (KPI_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return KPI_CONTEXT_GET_CLASS (self)->lookup_dataset (self, name);
}

/**
 * kpi_context_lookup_indicator:
 * @self: a context
 * @id: an indicator id
 *
 * Finds the indicator `@id` resolves to
 * ([vfunc@Kpi.Context.lookup_indicator]).
 *
 * Returns: (transfer full) (nullable): the indicator, or %NULL
 *
 * Since: 0.1
 */
KpiIndicator *
kpi_context_lookup_indicator (KpiContext *self,
                              const char *id)
{
  g_return_val_if_fail (KPI_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return KPI_CONTEXT_GET_CLASS (self)->lookup_indicator (self, id);
}

/**
 * kpi_context_dup_dataset_name:
 * @self: a context
 * @dataset: a dataset
 *
 * Finds the name @self knows @dataset by: what a data-quality finding
 * about a dataset set directly on an indicator or a check is filed under.
 *
 * Returns: (transfer full) (nullable): the first name that resolves to
 *   @dataset ([method@Kpi.Context.list_dataset_names]), or %NULL
 *
 * Since: 0.1
 */
char *
kpi_context_dup_dataset_name (KpiContext *self,
                              KpiDataset *dataset)
{
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (KPI_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (KPI_IS_DATASET (dataset), NULL);

  names = kpi_context_list_dataset_names (self);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autoptr(KpiDataset) d = kpi_context_lookup_dataset (self, names[i]);

      if (d == dataset)
        return g_strdup (names[i]);
    }
  return NULL;
}

/**
 * kpi_context_list_dataset_names:
 * @self: a context
 *
 * Lists the dataset names the context resolves, each once: those added to
 * it, then its catalogues'.
 *
 * Returns: (transfer full) (array zero-terminated=1): the names
 *
 * Since: 0.1
 */
char **
kpi_context_list_dataset_names (KpiContext *self)
{
  char **names;

  g_return_val_if_fail (KPI_IS_CONTEXT (self), NULL);

  names = KPI_CONTEXT_GET_CLASS (self)->list_dataset_names (self);
  /* a subclass that lists nothing may return NULL: callers get an empty list */
  return names != NULL ? names : g_new0 (char *, 1);
}

/**
 * kpi_context_list_indicator_ids:
 * @self: a context
 *
 * Lists the indicator ids the context resolves, each once.
 *
 * Returns: (transfer full) (array zero-terminated=1): the ids
 *
 * Since: 0.1
 */
char **
kpi_context_list_indicator_ids (KpiContext *self)
{
  char **names;

  g_return_val_if_fail (KPI_IS_CONTEXT (self), NULL);

  names = KPI_CONTEXT_GET_CLASS (self)->list_indicator_ids (self);
  /* a subclass that lists nothing may return NULL: callers get an empty list */
  return names != NULL ? names : g_new0 (char *, 1);
}
