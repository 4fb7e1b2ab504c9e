/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-indicator.c: a named, documented formula over a dataset */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-dataset-private.h"
#include "kpi-indicator-private.h"
#include "kpi-util-private.h"

/**
 * KpiIndicator:
 *
 * An indicator: an id, a title, a unit, which way is good, what kind of
 * indicator it is, and a formula over a dataset that turns rows into one
 * number per period.
 *
 * ```c
 * g_autoptr(KpiIndicator) margin =
 *   kpi_indicator_new ("gross_margin_rate",
 *                      "(sum(amount) - sum(cost)) / sum(amount)", &error);
 * kpi_indicator_set_dataset (margin, orders);
 * g_autoptr(KpiContext) context = kpi_context_new (calendar);
 * g_autoptr(KpiValue) value = kpi_indicator_evaluate (margin, context, march, &error);
 * ```
 *
 * An indicator is a definition: evaluating it takes a [class@Kpi.Context],
 * which holds the calendar of the periods and resolves the names in the
 * definition: references to other indicators by id (`@marketing_spend /
 * @new_customers`, possibly over other datasets) and, for an indicator
 * that names its dataset ([property@Kpi.Indicator:dataset-name]), the
 * dataset. The same indicator may be in several catalogues and contexts.
 * How its values are judged against references is its
 * [class@Kpi.ComparisonPolicy].
 *
 * ## Threads
 *
 * An indicator may be evaluated from several threads at once, also while
 * one thread changes it: each evaluation takes the formula, the dataset and
 * the policy's settings once, under the indicator's lock, and sees the old
 * definition or the new one, whole. The getters that return a borrowed
 * string or object ([method@Kpi.Indicator.get_formula]) are for the thread
 * that changes the indicator.
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiIndicator) margin = NULL;
 * g_autoptr(KpiCalendar) calendar = NULL;
 * g_autoptr(KpiContext) context = NULL;
 * g_autoptr(KpiPeriod) january = NULL;
 * g_autoptr(KpiValue) value = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * margin = kpi_indicator_new ("margin", "(sum(amount) - sum(cost)) / sum(amount)", NULL);
 * kpi_indicator_set_dataset (margin, orders);
 * calendar = kpi_calendar_new (NULL, 1, NULL);     // UTC, the year from January
 * context = kpi_context_new (calendar);
 * january = kpi_calendar_parse_period (calendar, "2025-01", NULL);
 * value = kpi_indicator_evaluate (margin, context, january, &error);
 * if (value == NULL)
 *   g_error ("%s", error->message);
 * g_print ("%s: %g\n", kpi_period_get_label (january), kpi_value_get_value (value));
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * margin = Kpi.Indicator.new("margin", "(sum(amount) - sum(cost)) / sum(amount)")
 * margin.set_dataset(orders)
 * calendar = Kpi.Calendar.new(None, 1)   # UTC, the year from January
 * context = Kpi.Context.new(calendar)
 * value = margin.evaluate(context, calendar.parse_period("2025-01"))
 * print(value.get_period().get_label(), value.get_value())
 * ```
 *
 * ```js
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const margin = Kpi.Indicator.new('margin', '(sum(amount) - sum(cost)) / sum(amount)');
 * margin.set_dataset(orders);
 * const calendar = Kpi.Calendar.new(null, 1);  // UTC, the year from January
 * const context = Kpi.Context.new(calendar);
 * const value = margin.evaluate(context, calendar.parse_period('2025-01'));
 * print(`${value.get_period().get_label()}: ${value.get_value()}`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiIndicator
{
  GObject           parent_instance;

  char             *id;
  char             *title;
  char             *description;
  char             *unit;
  KpiIndicatorKind  kind;
  KpiFormula       *formula;
  KpiDataset       *dataset;
  char             *dataset_name;
  KpiGranularity    granularity;
  int               decimals;
  guint             min_sample;
  KpiComparisonPolicy *policy;  /* how its numbers are judged; never NULL */
  /* Guards formula, dataset and dataset_name: evaluations in other
   * threads take references to them while the owner may change them. */
  GMutex            lock;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_UNIT,
  PROP_KIND,
  PROP_FORMULA,
  PROP_DATASET,
  PROP_DATASET_NAME,
  PROP_GRANULARITY,
  PROP_DECIMALS,
  PROP_MIN_SAMPLE,
  PROP_POLICY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiIndicator, kpi_indicator, G_TYPE_OBJECT)

/**
 * kpi_indicator_error_quark:
 *
 * The error domain of [class@Kpi.Indicator], %KPI_INDICATOR_ERROR; its codes
 * are the #KpiIndicatorError enumeration.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-indicator-error-quark, kpi_indicator_error)

static void
kpi_indicator_finalize (GObject *object)
{
  KpiIndicator *self = KPI_INDICATOR (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->description);
  g_free (self->unit);
  g_clear_pointer (&self->formula, kpi_formula_unref);
  g_clear_object (&self->dataset);
  g_free (self->dataset_name);
  g_clear_object (&self->policy);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kpi_indicator_parent_class)->finalize (object);
}

static void
kpi_indicator_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KpiIndicator *self = KPI_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, kpi_indicator_get_title (self));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_FORMULA:
      g_value_set_string (value, kpi_indicator_get_formula (self));
      break;
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_DATASET_NAME:
      g_value_set_string (value, self->dataset_name);
      break;
    case PROP_GRANULARITY:
      g_value_set_enum (value, self->granularity);
      break;
    case PROP_DECIMALS:
      g_value_set_int (value, self->decimals);
      break;
    case PROP_MIN_SAMPLE:
      g_value_set_uint (value, self->min_sample);
      break;
    case PROP_POLICY:
      g_value_set_object (value, self->policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_indicator_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KpiIndicator *self = KPI_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      kpi_indicator_set_title (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      kpi_indicator_set_description (self, g_value_get_string (value));
      break;
    case PROP_UNIT:
      kpi_indicator_set_unit (self, g_value_get_string (value));
      break;
    case PROP_KIND:
      kpi_indicator_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_DATASET:
      kpi_indicator_set_dataset (self, g_value_get_object (value));
      break;
    case PROP_DATASET_NAME:
      kpi_indicator_set_dataset_name (self, g_value_get_string (value));
      break;
    case PROP_GRANULARITY:
      kpi_indicator_set_granularity (self, g_value_get_enum (value));
      break;
    case PROP_DECIMALS:
      kpi_indicator_set_decimals (self, g_value_get_int (value));
      break;
    case PROP_MIN_SAMPLE:
      kpi_indicator_set_min_sample (self, g_value_get_uint (value));
      break;
    case PROP_POLICY:
      if (g_value_get_object (value) != NULL)
        kpi_indicator_set_policy (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_indicator_class_init (KpiIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_indicator_finalize;
  object_class->get_property = kpi_indicator_get_property;
  object_class->set_property = kpi_indicator_set_property;

  /**
   * KpiIndicator:id:
   *
   * The identifier other formulas use to refer to this indicator
   * (`@revenue`): letters, digits and underscores.
   *
   * Since: 0.1
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KpiIndicator:title:
   *
   * The name people read; the id when unset.
   *
   * Since: 0.1
   */
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  /**
   * KpiIndicator:description:
   *
   * What the indicator measures and how to read it.
   *
   * Since: 0.1
   */
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, rw);
  /**
   * KpiIndicator:unit:
   *
   * The unit of the values: an ISO 4217 currency code (`EUR`), or
   * `percent`, `count`, `score`, `ratio`, `duration`.
   *
   * Since: 0.1
   */
  properties[PROP_UNIT] = g_param_spec_string ("unit", NULL, NULL, "count", rw);
  /**
   * KpiIndicator:kind:
   *
   * Performance, steering, context or impact.
   *
   * Since: 0.1
   */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, KPI_TYPE_INDICATOR_KIND,
                       KPI_INDICATOR_KIND_PERFORMANCE, rw);
  /**
   * KpiIndicator:formula:
   *
   * The text of the formula; set it with [method@Kpi.Indicator.set_formula],
   * which reports syntax errors.
   *
   * Since: 0.1
   */
  properties[PROP_FORMULA] =
    g_param_spec_string ("formula", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KpiIndicator:dataset:
   *
   * The dataset the formula reads, or %NULL to take the one the catalog
   * has under [property@Kpi.Indicator:dataset-name].
   *
   * Since: 0.1
   */
  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, KPI_TYPE_DATASET, rw);
  /**
   * KpiIndicator:dataset-name:
   *
   * The name of the catalog dataset the formula reads, when
   * [property@Kpi.Indicator:dataset] is not set.
   *
   * Since: 0.1
   */
  properties[PROP_DATASET_NAME] = g_param_spec_string ("dataset-name", NULL, NULL, NULL, rw);
  /**
   * KpiIndicator:granularity:
   *
   * The periods the indicator is usually shown by.
   *
   * Since: 0.1
   */
  properties[PROP_GRANULARITY] =
    g_param_spec_enum ("granularity", NULL, NULL, KPI_TYPE_GRANULARITY,
                       KPI_GRANULARITY_MONTH, rw);
  /**
   * KpiIndicator:decimals:
   *
   * How many decimals to display, 0 (the default) to %KPI_MAX_DECIMALS.
   *
   * Since: 0.1
   */
  properties[PROP_DECIMALS] = g_param_spec_int ("decimals", NULL, NULL, 0, KPI_MAX_DECIMALS, 0, rw);
  /**
   * KpiIndicator:min-sample:
   *
   * Values computed from fewer rows are flagged
   * %KPI_VALUE_FLAG_LOW_SAMPLE; 0 never flags.
   *
   * Since: 0.1
   */
  properties[PROP_MIN_SAMPLE] =
    g_param_spec_uint ("min-sample", NULL, NULL, 0, G_MAXUINT, 0, rw);
  /**
   * KpiIndicator:policy:
   *
   * How the indicator's numbers are judged against references: which way
   * is good, the tolerance bands of the status, the small base, whether it
   * is a rate ([class@Kpi.ComparisonPolicy]). The indicator makes its own
   * at construction; change its settings, or give it another.
   *
   * Since: 0.1
   */
  properties[PROP_POLICY] =
    g_param_spec_object ("policy", NULL, NULL, KPI_TYPE_COMPARISON_POLICY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_indicator_init (KpiIndicator *self)
{
  self->unit = g_strdup ("count");
  self->granularity = KPI_GRANULARITY_MONTH;
  self->policy = kpi_comparison_policy_new ();
  g_mutex_init (&self->lock);
}

/* See kpi-indicator-private.h */
gboolean
kpi_indicator_id_is_valid (const char *id)
{
  if (id == NULL || !(g_ascii_isalpha (id[0]) || id[0] == '_'))
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

/**
 * kpi_indicator_new:
 * @id: the identifier: letters, digits and underscores, not starting with
 *   a digit
 * @formula: the formula, such as `sum(amount where channel = "online")`
 * @error: return location for a #GError
 *
 * Creates an indicator. The formula is parsed now: a syntax error fails
 * with %KPI_FORMULA_ERROR_SYNTAX, an id that is not one with
 * %KPI_INDICATOR_ERROR_INVALID_ID. Fields are checked against the dataset
 * when the indicator is evaluated.
 *
 * Returns: (transfer full) (nullable): a new indicator, or %NULL on error
 *
 * Since: 0.1
 */
KpiIndicator *
kpi_indicator_new (const char  *id,
                   const char  *formula,
                   GError     **error)
{
  KpiIndicator *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (formula != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!kpi_indicator_id_is_valid (id))
    {
      g_autofree char *shown = kpi_text_for_message (id, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_set_error (error, KPI_INDICATOR_ERROR, KPI_INDICATOR_ERROR_INVALID_ID,
                   "“%s” is not an indicator id: use letters, digits and "
                   "underscores, not starting with a digit", shown);
      return NULL;
    }
  self = g_object_new (KPI_TYPE_INDICATOR, "id", id, NULL);
  if (!kpi_indicator_set_formula (self, formula, error))
    {
      g_object_unref (self);
      return NULL;
    }
  return self;
}

/**
 * kpi_indicator_get_id:
 * @self: an indicator
 *
 * Gets the identifier of the indicator.
 *
 * Returns: the identifier
 *
 * Since: 0.1
 */
const char *
kpi_indicator_get_id (KpiIndicator *self)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  return self->id;
}

static void
set_string_prop (KpiIndicator *self,
                 char        **field,
                 const char   *value,
                 guint         prop)
{
  if (kpi_set_str (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * kpi_indicator_get_title:
 * @self: an indicator
 *
 * Gets the title of the indicator.
 *
 * Returns: the title, or the id when no title was set
 *
 * Since: 0.1
 */
const char *
kpi_indicator_get_title (KpiIndicator *self)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  return self->title != NULL ? self->title : self->id;
}

/**
 * kpi_indicator_set_title:
 * @self: an indicator
 * @title: (nullable): the title
 *
 * Sets [property@Kpi.Indicator:title].
 *
 * Since: 0.1
 */
void
kpi_indicator_set_title (KpiIndicator *self,
                         const char   *title)
{
  g_return_if_fail (KPI_IS_INDICATOR (self));
  set_string_prop (self, &self->title, title, PROP_TITLE);
}

/**
 * kpi_indicator_get_description:
 * @self: an indicator
 *
 * Gets the description of the indicator.
 *
 * Returns: (nullable): the description
 *
 * Since: 0.1
 */
const char *
kpi_indicator_get_description (KpiIndicator *self)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  return self->description;
}

/**
 * kpi_indicator_set_description:
 * @self: an indicator
 * @description: (nullable): the description
 *
 * Sets [property@Kpi.Indicator:description].
 *
 * Since: 0.1
 */
void
kpi_indicator_set_description (KpiIndicator *self,
                               const char   *description)
{
  g_return_if_fail (KPI_IS_INDICATOR (self));
  set_string_prop (self, &self->description, description, PROP_DESCRIPTION);
}

/**
 * kpi_indicator_get_unit:
 * @self: an indicator
 *
 * Gets the unit of the indicator's values.
 *
 * Returns: the unit
 *
 * Since: 0.1
 */
const char *
kpi_indicator_get_unit (KpiIndicator *self)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  return self->unit;
}

/**
 * kpi_indicator_set_unit:
 * @self: an indicator
 * @unit: a currency code, or `percent`, `count`, `score`, `ratio`,
 *   `duration`
 *
 * Sets [property@Kpi.Indicator:unit].
 *
 * Since: 0.1
 */
void
kpi_indicator_set_unit (KpiIndicator *self,
                        const char   *unit)
{
  g_return_if_fail (KPI_IS_INDICATOR (self));
  g_return_if_fail (unit != NULL);
  set_string_prop (self, &self->unit, unit, PROP_UNIT);
}

/**
 * kpi_indicator_get_kind:
 * @self: an indicator
 *
 * Gets the kind of the indicator.
 *
 * Returns: the kind of indicator
 *
 * Since: 0.1
 */
KpiIndicatorKind
kpi_indicator_get_kind (KpiIndicator *self)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), KPI_INDICATOR_KIND_PERFORMANCE);
  return self->kind;
}

/**
 * kpi_indicator_set_kind:
 * @self: an indicator
 * @kind: the kind of indicator
 *
 * Sets [property@Kpi.Indicator:kind].
 *
 * Since: 0.1
 */
void
kpi_indicator_set_kind (KpiIndicator     *self,
                        KpiIndicatorKind  kind)
{
  g_return_if_fail (KPI_IS_INDICATOR (self));
  if (self->kind == kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

/**
 * kpi_indicator_get_formula:
 * @self: an indicator
 *
 * Gets the text of the formula.
 *
 * Returns: the text of the formula
 *
 * Since: 0.1
 */
const char *
kpi_indicator_get_formula (KpiIndicator *self)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  return self->formula != NULL ? kpi_formula_get_text (self->formula) : NULL;
}

/**
 * kpi_indicator_set_formula:
 * @self: an indicator
 * @formula: the new formula
 * @error: return location for a #GError
 *
 * Replaces the formula. On a syntax error the indicator keeps its formula.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_indicator_set_formula (KpiIndicator  *self,
                           const char    *formula,
                           GError       **error)
{
  KpiFormula *parsed;

  g_return_val_if_fail (KPI_IS_INDICATOR (self), FALSE);
  g_return_val_if_fail (formula != NULL, FALSE);

  parsed = kpi_formula_parse (formula, error);
  if (parsed == NULL)
    return FALSE;
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->formula, kpi_formula_unref);
  self->formula = parsed;
  g_mutex_unlock (&self->lock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMULA]);
  return TRUE;
}

/**
 * kpi_indicator_get_dataset:
 * @self: an indicator
 *
 * Gets the dataset set on the indicator.
 *
 * Returns: (transfer none) (nullable): the dataset set on the indicator
 *
 * Since: 0.1
 */
KpiDataset *
kpi_indicator_get_dataset (KpiIndicator *self)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  return self->dataset;
}

/**
 * kpi_indicator_set_dataset:
 * @self: an indicator
 * @dataset: (nullable): the dataset the formula reads
 *
 * Sets [property@Kpi.Indicator:dataset].
 *
 * Since: 0.1
 */
void
kpi_indicator_set_dataset (KpiIndicator *self,
                           KpiDataset   *dataset)
{
  gboolean changed;

  g_return_if_fail (KPI_IS_INDICATOR (self));
  g_return_if_fail (dataset == NULL || KPI_IS_DATASET (dataset));

  g_mutex_lock (&self->lock);
  changed = g_set_object (&self->dataset, dataset);
  g_mutex_unlock (&self->lock);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}

/**
 * kpi_indicator_get_dataset_name:
 * @self: an indicator
 *
 * Gets the name of the catalog dataset the formula reads.
 *
 * Returns: (nullable): the name of the catalog dataset the formula reads
 *
 * Since: 0.1
 */
const char *
kpi_indicator_get_dataset_name (KpiIndicator *self)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  return self->dataset_name;
}

/**
 * kpi_indicator_set_dataset_name:
 * @self: an indicator
 * @name: (nullable): the name of a catalog dataset
 *
 * Sets [property@Kpi.Indicator:dataset-name].
 *
 * Since: 0.1
 */
void
kpi_indicator_set_dataset_name (KpiIndicator *self,
                                const char   *name)
{
  gboolean changed;

  g_return_if_fail (KPI_IS_INDICATOR (self));

  g_mutex_lock (&self->lock);
  changed = kpi_set_str (&self->dataset_name, name);
  g_mutex_unlock (&self->lock);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET_NAME]);
}

/**
 * kpi_indicator_get_granularity:
 * @self: an indicator
 *
 * Gets the default granularity of the indicator.
 *
 * Returns: the default granularity
 *
 * Since: 0.1
 */
KpiGranularity
kpi_indicator_get_granularity (KpiIndicator *self)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), KPI_GRANULARITY_MONTH);
  return self->granularity;
}

/**
 * kpi_indicator_set_granularity:
 * @self: an indicator
 * @granularity: the default granularity
 *
 * Sets [property@Kpi.Indicator:granularity].
 *
 * Since: 0.1
 */
void
kpi_indicator_set_granularity (KpiIndicator   *self,
                               KpiGranularity  granularity)
{
  g_return_if_fail (KPI_IS_INDICATOR (self));
  if (self->granularity == granularity)
    return;
  self->granularity = granularity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRANULARITY]);
}

/**
 * kpi_indicator_get_decimals:
 * @self: an indicator
 *
 * Gets how many decimals to display.
 *
 * Returns: how many decimals to display
 *
 * Since: 0.1
 */
int
kpi_indicator_get_decimals (KpiIndicator *self)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), 0);
  return self->decimals;
}

/**
 * kpi_indicator_set_decimals:
 * @self: an indicator
 * @decimals: how many decimals to display, 0 to %KPI_MAX_DECIMALS (15)
 *
 * Sets [property@Kpi.Indicator:decimals].
 *
 * Since: 0.1
 */
void
kpi_indicator_set_decimals (KpiIndicator *self,
                            int           decimals)
{
  g_return_if_fail (KPI_IS_INDICATOR (self));
  g_return_if_fail (decimals >= 0 && decimals <= KPI_MAX_DECIMALS);
  if (self->decimals == decimals)
    return;
  self->decimals = decimals;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECIMALS]);
}

/**
 * kpi_indicator_get_min_sample:
 * @self: an indicator
 *
 * Gets the minimum sample size below which values are flagged.
 *
 * Returns: the minimum sample size below which values are flagged
 *
 * Since: 0.1
 */
guint
kpi_indicator_get_min_sample (KpiIndicator *self)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), 0);
  return self->min_sample;
}

/**
 * kpi_indicator_set_min_sample:
 * @self: an indicator
 * @min_sample: the minimum sample size, 0 for none
 *
 * Sets [property@Kpi.Indicator:min-sample].
 *
 * Since: 0.1
 */
void
kpi_indicator_set_min_sample (KpiIndicator *self,
                              guint         min_sample)
{
  g_return_if_fail (KPI_IS_INDICATOR (self));
  if (self->min_sample == min_sample)
    return;
  self->min_sample = min_sample;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_SAMPLE]);
}

/**
 * kpi_indicator_get_policy:
 * @self: an indicator
 *
 * Gets how the indicator's numbers are judged
 * ([property@Kpi.Indicator:policy]): change its settings in place.
 *
 * Returns: (transfer none): the policy
 *
 * Since: 0.1
 */
KpiComparisonPolicy *
kpi_indicator_get_policy (KpiIndicator *self)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  return self->policy;
}

/**
 * kpi_indicator_set_policy:
 * @self: an indicator
 * @policy: the policy, which may be shared with other indicators
 *
 * Replaces [property@Kpi.Indicator:policy].
 *
 * Since: 0.1
 */
void
kpi_indicator_set_policy (KpiIndicator        *self,
                          KpiComparisonPolicy *policy)
{
  g_return_if_fail (KPI_IS_INDICATOR (self));
  g_return_if_fail (KPI_IS_COMPARISON_POLICY (policy));

  if (g_set_object (&self->policy, policy))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLICY]);
}

/* ------------------------------------------------------------------------ */
/* For evaluations, in any thread (see kpi-indicator-private.h) */

KpiFormula *
kpi_indicator_dup_formula (KpiIndicator *self)
{
  KpiFormula *formula;

  g_mutex_lock (&self->lock);
  formula = kpi_formula_ref (self->formula);
  g_mutex_unlock (&self->lock);
  return formula;
}

KpiDataset *
kpi_indicator_dup_dataset (KpiIndicator  *self,
                           char         **dataset_name)
{
  KpiDataset *dataset;
  gboolean needs_none = FALSE;

  g_mutex_lock (&self->lock);
  dataset = self->dataset != NULL ? g_object_ref (self->dataset) : NULL;
  *dataset_name = g_strdup (self->dataset_name);
  if (dataset == NULL && *dataset_name == NULL)
    needs_none = self->formula != NULL && !kpi_formula_reads_rows (self->formula);
  g_mutex_unlock (&self->lock);
  return needs_none ? kpi_dataset_new (NULL) : dataset;
}
