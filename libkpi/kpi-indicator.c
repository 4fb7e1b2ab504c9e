/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-indicator.c: a named, documented formula over a dataset */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-catalog-private.h"
#include "kpi-dataset-private.h"
#include "kpi-formula-ast-private.h"
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
 * g_autoptr(KpiValue) value = kpi_indicator_evaluate (margin, calendar, march, &error);
 * ```
 *
 * Formulas may refer to other indicators by id (`@marketing_spend /
 * @new_customers`), possibly over other datasets: such indicators live in a
 * [class@Kpi.Catalog], which resolves the references and, for indicators
 * that name their dataset ([property@Kpi.Indicator:dataset-name]), the
 * dataset.
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
  KpiDirection      direction;
  KpiIndicatorKind  kind;
  KpiFormula       *formula;
  KpiDataset       *dataset;
  char             *dataset_name;
  KpiGranularity    granularity;
  int               decimals;
  guint64           min_sample;
  gboolean          rate;
  double            on_track;
  double            at_risk;
  double            small_base;  /* NAN when not set */
  GWeakRef          catalog;
  KpiDataset       *no_data;   /* stands in for formulas that read no field */
};

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_UNIT,
  PROP_DIRECTION,
  PROP_KIND,
  PROP_FORMULA,
  PROP_DATASET,
  PROP_DATASET_NAME,
  PROP_GRANULARITY,
  PROP_DECIMALS,
  PROP_MIN_SAMPLE,
  PROP_RATE,
  PROP_ON_TRACK_THRESHOLD,
  PROP_AT_RISK_THRESHOLD,
  PROP_SMALL_BASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiIndicator, kpi_indicator, G_TYPE_OBJECT)

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
  g_weak_ref_clear (&self->catalog);
  g_clear_object (&self->no_data);

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
    case PROP_DIRECTION:
      g_value_set_enum (value, self->direction);
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
      g_value_set_uint64 (value, self->min_sample);
      break;
    case PROP_RATE:
      g_value_set_boolean (value, self->rate);
      break;
    case PROP_ON_TRACK_THRESHOLD:
      g_value_set_double (value, self->on_track);
      break;
    case PROP_AT_RISK_THRESHOLD:
      g_value_set_double (value, self->at_risk);
      break;
    case PROP_SMALL_BASE:
      g_value_set_double (value, self->small_base);
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
    case PROP_DIRECTION:
      kpi_indicator_set_direction (self, g_value_get_enum (value));
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
      kpi_indicator_set_min_sample (self, g_value_get_uint64 (value));
      break;
    case PROP_RATE:
      kpi_indicator_set_rate (self, g_value_get_boolean (value));
      break;
    case PROP_ON_TRACK_THRESHOLD:
      /* One band edge at a time: keep the pair ordered, as
       * kpi_indicator_set_tolerance() requires. */
      kpi_indicator_set_tolerance (self, g_value_get_double (value),
                                   MIN (self->at_risk, g_value_get_double (value)));
      break;
    case PROP_AT_RISK_THRESHOLD:
      kpi_indicator_set_tolerance (self,
                                   MAX (self->on_track, g_value_get_double (value)),
                                   g_value_get_double (value));
      break;
    case PROP_SMALL_BASE:
      kpi_indicator_set_small_base (self, g_value_get_double (value));
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
   * KpiIndicator:direction:
   *
   * Which way the indicator improves.
   *
   * Since: 0.1
   */
  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL, KPI_TYPE_DIRECTION,
                       KPI_DIRECTION_HIGHER_IS_BETTER, rw);
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
   * How many decimals to display.
   *
   * Since: 0.1
   */
  properties[PROP_DECIMALS] = g_param_spec_int ("decimals", NULL, NULL, 0, 15, 0, rw);
  /**
   * KpiIndicator:min-sample:
   *
   * Values computed from fewer rows are flagged
   * %KPI_VALUE_FLAG_LOW_SAMPLE; 0 never flags.
   *
   * Since: 0.1
   */
  properties[PROP_MIN_SAMPLE] =
    g_param_spec_uint64 ("min-sample", NULL, NULL, 0, G_MAXUINT64, 0, rw);
  /**
   * KpiIndicator:rate:
   *
   * Whether the values are rates or percentages (a conversion rate, a
   * margin rate, a retention rate, an NPS). Changes of a rate are read in
   * percentage points, not in percent of the base: a conversion rate going
   * from 0.34 to 0.36 is +2.0 pp (see [method@Kpi.Comparison.get_point_change]).
   *
   * Since: 0.1
   */
  properties[PROP_RATE] = g_param_spec_boolean ("rate", NULL, NULL, FALSE, rw);
  /**
   * KpiIndicator:on-track-threshold:
   *
   * The attainment (actual over target, inverted for lower-is-better
   * indicators) from which a comparison is on track: 1.0 means the target
   * itself. Set it with [method@Kpi.Indicator.set_tolerance], which keeps
   * it at or above [property@Kpi.Indicator:at-risk-threshold].
   *
   * Since: 0.1
   */
  properties[PROP_ON_TRACK_THRESHOLD] =
    g_param_spec_double ("on-track-threshold", NULL, NULL,
                         G_MINDOUBLE, G_MAXDOUBLE, 1.0, rw);
  /**
   * KpiIndicator:at-risk-threshold:
   *
   * The attainment from which a comparison that is not on track is at
   * risk rather than off track: 0.9 means 90 % of the target.
   *
   * Since: 0.1
   */
  properties[PROP_AT_RISK_THRESHOLD] =
    g_param_spec_double ("at-risk-threshold", NULL, NULL,
                         G_MINDOUBLE, G_MAXDOUBLE, 0.9, rw);
  /**
   * KpiIndicator:small-base:
   *
   * The smallest reference, in absolute value, against which a relative
   * change means something: comparisons against a smaller (non-zero)
   * reference are flagged %KPI_COMPARISON_FLAG_SMALL_BASE (+600 % on a
   * 1 000 € start is not remarkable). NaN, the default, means not set:
   * benchmarks then derive a minimum from the indicator's history.
   *
   * Since: 0.1
   */
  properties[PROP_SMALL_BASE] =
    g_param_spec_double ("small-base", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         rw | G_PARAM_LAX_VALIDATION);
  /* "Not set" is NaN, which no range admits: it is the default, set after
   * the fact, and lax validation lets g_object_set() unset with NaN (a
   * negative number is clamped to 0, which tests nothing) */
  G_PARAM_SPEC_DOUBLE (properties[PROP_SMALL_BASE])->default_value = NAN;

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_indicator_init (KpiIndicator *self)
{
  self->unit = g_strdup ("count");
  self->granularity = KPI_GRANULARITY_MONTH;
  self->on_track = 1.0;
  self->at_risk = 0.9;
  self->small_base = NAN;
  g_weak_ref_init (&self->catalog, NULL);
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
 * with %KPI_FORMULA_ERROR_SYNTAX. Fields are checked against the dataset
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
      g_autofree char *shown = kpi_text_for_message (id, -1, 40);

      g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_SYNTAX,
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
 * kpi_indicator_get_direction:
 * @self: an indicator
 *
 * Returns: which way the indicator improves
 *
 * Since: 0.1
 */
KpiDirection
kpi_indicator_get_direction (KpiIndicator *self)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), KPI_DIRECTION_HIGHER_IS_BETTER);
  return self->direction;
}

/**
 * kpi_indicator_set_direction:
 * @self: an indicator
 * @direction: which way the indicator improves
 *
 * Sets [property@Kpi.Indicator:direction].
 *
 * Since: 0.1
 */
void
kpi_indicator_set_direction (KpiIndicator *self,
                             KpiDirection  direction)
{
  g_return_if_fail (KPI_IS_INDICATOR (self));
  if (self->direction == direction)
    return;
  self->direction = direction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

/**
 * kpi_indicator_get_kind:
 * @self: an indicator
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
  g_clear_pointer (&self->formula, kpi_formula_unref);
  self->formula = parsed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMULA]);
  return TRUE;
}

/**
 * kpi_indicator_get_dataset:
 * @self: an indicator
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
  g_return_if_fail (KPI_IS_INDICATOR (self));
  g_return_if_fail (dataset == NULL || KPI_IS_DATASET (dataset));
  if (g_set_object (&self->dataset, dataset))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}

/**
 * kpi_indicator_get_dataset_name:
 * @self: an indicator
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
  g_return_if_fail (KPI_IS_INDICATOR (self));
  set_string_prop (self, &self->dataset_name, name, PROP_DATASET_NAME);
}

/**
 * kpi_indicator_get_granularity:
 * @self: an indicator
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
 * @decimals: how many decimals to display, 0 to 15
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
  g_return_if_fail (decimals >= 0 && decimals <= 15);
  if (self->decimals == decimals)
    return;
  self->decimals = decimals;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECIMALS]);
}

/**
 * kpi_indicator_get_min_sample:
 * @self: an indicator
 *
 * Returns: the minimum sample size below which values are flagged
 *
 * Since: 0.1
 */
guint64
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
                              guint64       min_sample)
{
  g_return_if_fail (KPI_IS_INDICATOR (self));
  if (self->min_sample == min_sample)
    return;
  self->min_sample = min_sample;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_SAMPLE]);
}

/**
 * kpi_indicator_get_rate:
 * @self: an indicator
 *
 * Returns: %TRUE when the values are rates, compared in percentage points
 *
 * Since: 0.1
 */
gboolean
kpi_indicator_get_rate (KpiIndicator *self)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), FALSE);
  return self->rate;
}

/**
 * kpi_indicator_set_rate:
 * @self: an indicator
 * @rate: whether the values are rates or percentages
 *
 * Sets [property@Kpi.Indicator:rate].
 *
 * Since: 0.1
 */
void
kpi_indicator_set_rate (KpiIndicator *self,
                        gboolean      rate)
{
  g_return_if_fail (KPI_IS_INDICATOR (self));
  rate = !!rate;
  if (self->rate == rate)
    return;
  self->rate = rate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

/**
 * kpi_indicator_get_on_track_threshold:
 * @self: an indicator
 *
 * Returns: the attainment from which a comparison is on track (1.0 unless
 *   set)
 *
 * Since: 0.1
 */
double
kpi_indicator_get_on_track_threshold (KpiIndicator *self)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), 1.0);
  return self->on_track;
}

/**
 * kpi_indicator_get_at_risk_threshold:
 * @self: an indicator
 *
 * Returns: the attainment from which a comparison is at risk rather than
 *   off track (0.9 unless set)
 *
 * Since: 0.1
 */
double
kpi_indicator_get_at_risk_threshold (KpiIndicator *self)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), 0.9);
  return self->at_risk;
}

/**
 * kpi_indicator_set_tolerance:
 * @self: an indicator
 * @on_track: the attainment from which a comparison is on track, > 0
 * @at_risk: the attainment from which it is at risk, > 0 and at most
 *   @on_track
 *
 * Sets the tolerance bands of the status of comparisons
 * ([property@Kpi.Indicator:on-track-threshold] and
 * [property@Kpi.Indicator:at-risk-threshold]): an attainment `a` is on
 * track when `a ≥ on_track`, at risk when `at_risk ≤ a < on_track`, off
 * track below. The defaults are 1.0 and 0.9.
 *
 * Since: 0.1
 */
void
kpi_indicator_set_tolerance (KpiIndicator *self,
                             double        on_track,
                             double        at_risk)
{
  g_return_if_fail (KPI_IS_INDICATOR (self));
  g_return_if_fail (isfinite (on_track) && isfinite (at_risk));
  g_return_if_fail (on_track > 0 && at_risk > 0);
  g_return_if_fail (at_risk <= on_track);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->on_track != on_track)
    {
      self->on_track = on_track;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_TRACK_THRESHOLD]);
    }
  if (self->at_risk != at_risk)
    {
      self->at_risk = at_risk;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AT_RISK_THRESHOLD]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * kpi_indicator_get_small_base:
 * @self: an indicator
 *
 * Returns: the minimum base of relative changes, or NaN when not set
 *
 * Since: 0.1
 */
double
kpi_indicator_get_small_base (KpiIndicator *self)
{
  g_return_val_if_fail (KPI_IS_INDICATOR (self), NAN);
  return self->small_base;
}

/**
 * kpi_indicator_set_small_base:
 * @self: an indicator
 * @small_base: the minimum base (≥ 0), or NaN to unset it
 *
 * Sets [property@Kpi.Indicator:small-base].
 *
 * Since: 0.1
 */
void
kpi_indicator_set_small_base (KpiIndicator *self,
                              double        small_base)
{
  g_return_if_fail (KPI_IS_INDICATOR (self));
  g_return_if_fail (isnan (small_base) || (isfinite (small_base) && small_base >= 0));
  if (self->small_base == small_base || (isnan (self->small_base) && isnan (small_base)))
    return;
  self->small_base = small_base;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMALL_BASE]);
}

/* ------------------------------------------------------------------------ */
/* Private */

void
kpi_indicator_set_catalog (KpiIndicator *self,
                           KpiCatalog   *catalog)
{
  g_weak_ref_set (&self->catalog, catalog);
}

KpiCatalog *
kpi_indicator_get_catalog (KpiIndicator *self)
{
  /* A weak link: the catalog owns its indicators. The caller gets a
   * reference it must drop. */
  return g_weak_ref_get (&self->catalog);
}

KpiFormula *
kpi_indicator_get_parsed (KpiIndicator *self)
{
  return self->formula;
}

KpiDataset *
kpi_indicator_resolve_dataset (KpiIndicator  *self,
                               GError       **error)
{
  g_autoptr(KpiCatalog) catalog = NULL;
  KpiDataset *dataset;

  if (self->dataset != NULL)
    return self->dataset;
  catalog = kpi_indicator_get_catalog (self);
  if (self->dataset_name == NULL)
    {
      gboolean reads_rows = FALSE;

      for (guint i = 0; i < self->formula->nodes->len && !reads_rows; i++)
        reads_rows = ((KpiNode *) g_ptr_array_index (self->formula->nodes, i))->kind == KPI_NODE_AGGREGATE;

      /* `@marketing_spend / @new_customers` reads no row of its own: it
       * needs no dataset, only its references. */
      if (!reads_rows)
        {
          if (self->no_data == NULL)
            self->no_data = kpi_dataset_new (NULL);
          return self->no_data;
        }
      g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_UNKNOWN_DATASET,
                   "indicator “%s” has no dataset", self->id);
      return NULL;
    }
  dataset = catalog != NULL ? kpi_catalog_get_dataset (catalog, self->dataset_name) : NULL;
  if (dataset == NULL)
    {
      g_autofree char *shown = kpi_text_for_message (self->dataset_name, -1, 0);
      const char *near = catalog != NULL
        ? kpi_catalog_suggest_dataset (catalog, self->dataset_name) : NULL;

      g_set_error (error, KPI_CATALOG_ERROR, KPI_CATALOG_ERROR_UNKNOWN_DATASET,
                   "indicator “%s” reads dataset “%s”, which %s%s%s%s", self->id, shown,
                   catalog != NULL ? "the catalog does not have" : "is not set (the indicator is in no catalog)",
                   near != NULL ? "; did you mean “" : "", near != NULL ? near : "",
                   near != NULL ? "”?" : "");
      return NULL;
    }
  return dataset;
}

typedef struct
{
  KpiIndicator *indicator;   /* the one whose formula is being evaluated */
  GPtrArray    *stack;       /* ids under evaluation */
} ResolveData;

/* Maps the groups of one dataset onto another's by value, so that a
 * reference to an indicator over another dataset can be broken down by the
 * same dimension. */
static guint32 *
remap_groups (const KpiEvalRequest *request,
              KpiDataset           *target,
              gsize                *len,
              GError              **error)
{
  gsize n_from, n_to;
  const char * const *from = kpi_dataset_get_dimension_dictionary (request->dataset, request->group_by, &n_from);
  const char * const *to = kpi_dataset_get_dimension_dictionary (target, request->group_by, &n_to);
  g_autoptr(GHashTable) index = NULL;
  guint32 *map;

  if (to == NULL)
    {
      g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_TYPE,
                   "cannot break down by “%s”: a referenced indicator’s dataset has no such dimension",
                   request->group_by);
      return NULL;
    }
  index = g_hash_table_new (g_str_hash, g_str_equal);
  for (gsize i = 0; i < n_from; i++)
    g_hash_table_insert (index, (gpointer) from[i], GSIZE_TO_POINTER (i + 1));
  map = g_new (guint32, MAX (n_to, 1));
  for (gsize j = 0; j < n_to; j++)
    {
      gsize i = GPOINTER_TO_SIZE (g_hash_table_lookup (index, to[j]));
      /* A value the first dataset never has falls where its rows' slot
       * would be: nowhere, unless the caller groups the rest as "other". */
      map[j] = i == 0 ? G_MAXUINT32 : (i - 1 < request->group_map_len ? request->group_map[i - 1] : G_MAXUINT32);
    }
  *len = n_to;
  return map;
}

static GPtrArray *
resolve_reference (const char           *id,
                   const KpiEvalRequest *request,
                   gpointer              user_data,
                   GError              **error)
{
  ResolveData *data = user_data;
  g_autoptr(KpiCatalog) catalog = kpi_indicator_get_catalog (data->indicator);
  KpiIndicator *target;

  if (catalog == NULL || (target = kpi_catalog_lookup (catalog, id)) == NULL)
    {
      const char *near = catalog != NULL ? kpi_catalog_suggest_indicator (catalog, id) : NULL;

      g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_UNKNOWN_INDICATOR,
                   "indicator “%s” refers to “@%s”, which %s%s%s%s", data->indicator->id, id,
                   catalog != NULL ? "the catalog does not have" : "cannot be found (the indicator is in no catalog)",
                   near != NULL ? "; did you mean “@" : "", near != NULL ? near : "",
                   near != NULL ? "”?" : "");
      return NULL;
    }
  for (guint i = 0; i < data->stack->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (data->stack, i), id) == 0)
        {
          g_autoptr(GString) chain = g_string_new (NULL);
          for (guint j = i; j < data->stack->len; j++)
            g_string_append_printf (chain, "@%s → ", (const char *) g_ptr_array_index (data->stack, j));
          g_string_append_printf (chain, "@%s", id);
          g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_CYCLE,
                       "indicators refer to each other in a cycle: %s", chain->str);
          return NULL;
        }
    }
  return kpi_indicator_evaluate_request (target, request, data->stack, error);
}

GPtrArray *
kpi_indicator_evaluate_request (KpiIndicator         *self,
                                const KpiEvalRequest *request,
                                GPtrArray            *stack,
                                GError              **error)
{
  KpiEvalRequest own = *request;
  ResolveData data = { self, stack };
  g_autofree guint32 *map = NULL;
  KpiDataset *dataset;
  GPtrArray *values;

  dataset = kpi_indicator_resolve_dataset (self, error);
  if (dataset == NULL)
    return NULL;

  if (request->group_by != NULL && request->dataset != NULL && request->dataset != dataset)
    {
      map = remap_groups (request, dataset, &own.group_map_len, error);
      if (map == NULL)
        return NULL;
      own.group_map = map;
    }
  own.dataset = dataset;
  own.min_sample = self->min_sample;
  own.resolve = resolve_reference;
  own.resolve_data = &data;

  g_ptr_array_add (stack, self->id);
  values = kpi_formula_evaluate (self->formula, &own, error);
  g_ptr_array_remove_index (stack, stack->len - 1);
  return values;
}

/* ------------------------------------------------------------------------ */
/* Evaluation */

static GPtrArray *
evaluate_periods (KpiIndicator  *self,
                  KpiCalendar   *calendar,
                  GPtrArray     *periods,
                  const char    *group_by,
                  const guint32 *group_map,
                  gsize          group_map_len,
                  guint32        missing_slot,
                  guint          n_groups,
                  GError       **error)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  KpiEvalRequest request = { 0 };

  request.dataset = NULL;
  request.calendar = calendar;
  request.periods = periods;
  request.group_by = group_by;
  request.group_map = group_map;
  request.group_map_len = group_map_len;
  request.missing_slot = missing_slot;
  request.n_groups = n_groups;
  if (group_by != NULL)
    {
      request.dataset = kpi_indicator_resolve_dataset (self, error);
      if (request.dataset == NULL)
        return NULL;
    }
  return kpi_indicator_evaluate_request (self, &request, stack, error);
}

/**
 * kpi_indicator_evaluate:
 * @self: an indicator
 * @calendar: the calendar of the period
 * @period: the period
 * @error: return location for a #GError
 *
 * Computes the indicator for one period. A value that cannot be computed
 * (a division by zero, an average of no rows) is not an error: it is a
 * missing value whose flags say why. Errors are for formulas that do not fit
 * the data: an unknown field (%KPI_FORMULA_ERROR_UNKNOWN_FIELD), an unknown
 * or cyclic reference, a missing dataset.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL on error
 *
 * Since: 0.1
 */
KpiValue *
kpi_indicator_evaluate (KpiIndicator     *self,
                        KpiCalendar      *calendar,
                        const KpiPeriod  *period,
                        GError          **error)
{
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GPtrArray) values = NULL;

  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  g_return_val_if_fail (KPI_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  periods = g_ptr_array_new ();
  g_ptr_array_add (periods, (gpointer) period);
  values = evaluate_periods (self, calendar, periods, NULL, NULL, 0, 0, 0, error);
  if (values == NULL)
    return NULL;
  return kpi_value_ref (g_ptr_array_index (values, 0));
}

/**
 * kpi_indicator_evaluate_series:
 * @self: an indicator
 * @calendar: the calendar of the periods
 * @first: the first period
 * @last: the last period, of the same granularity
 * @error: return location for a #GError
 *
 * Computes the indicator for every period from @first to @last, empty
 * periods included (a sum over no rows is 0, an average is missing with
 * %KPI_VALUE_FLAG_NO_DATA).
 *
 * Returns: (transfer container) (element-type KpiValue) (nullable): one
 *   value per period, in order, or %NULL on error
 *
 * Since: 0.1
 */
GPtrArray *
kpi_indicator_evaluate_series (KpiIndicator     *self,
                               KpiCalendar      *calendar,
                               const KpiPeriod  *first,
                               const KpiPeriod  *last,
                               GError          **error)
{
  g_autoptr(GPtrArray) periods = NULL;

  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  g_return_val_if_fail (KPI_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (first != NULL && last != NULL, NULL);
  g_return_val_if_fail (kpi_period_get_granularity (first) == kpi_period_get_granularity (last), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  periods = kpi_calendar_list_periods (calendar, first, last);
  return evaluate_periods (self, calendar, periods, NULL, NULL, 0, 0, 0, error);
}

typedef struct
{
  guint32 code;
  double  value;
  gboolean missing;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  /* Missing values last; then by value, largest first; then by code, so
   * that ties keep the order of first appearance. */
  if (x->missing != y->missing)
    return x->missing ? 1 : -1;
  if (!x->missing && x->value != y->value)
    return x->value > y->value ? -1 : 1;
  return x->code < y->code ? -1 : x->code > y->code;
}

/**
 * kpi_indicator_evaluate_breakdown:
 * @self: an indicator
 * @calendar: the calendar of the period
 * @period: the period
 * @dimension: a dimension column of the indicator's dataset
 * @top_n: how many groups to keep, the largest values first; 0 keeps all
 * @total: (out) (optional) (transfer full): the value over all rows
 * @error: return location for a #GError
 *
 * Computes the indicator for each value of @dimension in @period. With
 * @top_n, the @top_n groups of largest value are kept and the others are
 * gathered into one group called `other`, computed from their rows (not by
 * adding up their values): the `other` of a ratio is the ratio of its sums,
 * and a distinct count is never summed. Rows whose dimension is missing go
 * to a group called `(missing)`, or to `other` when @top_n cuts it. @total is
 * computed from all the rows the same way.
 *
 * Returns: (transfer container) (element-type KpiValue) (nullable): one
 *   value per group, named by [method@Kpi.Value.get_group], largest first
 *   and `other` last, or %NULL on error
 *
 * Since: 0.1
 */
GPtrArray *
kpi_indicator_evaluate_breakdown (KpiIndicator     *self,
                                  KpiCalendar      *calendar,
                                  const KpiPeriod  *period,
                                  const char       *dimension,
                                  guint             top_n,
                                  KpiValue        **total,
                                  GError          **error)
{
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GArray) ranked = NULL;
  g_autofree guint32 *map = NULL;
  const char * const *dict;
  KpiDataset *dataset;
  KpiColumnKind kind;
  GPtrArray *result;
  gsize n_codes;
  guint n_slots;

  g_return_val_if_fail (KPI_IS_INDICATOR (self), NULL);
  g_return_val_if_fail (KPI_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (dimension != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dataset = kpi_indicator_resolve_dataset (self, error);
  if (dataset == NULL)
    return NULL;
  if (!kpi_dataset_lookup_column (dataset, dimension, NULL, &kind) || kind != KPI_COLUMN_DIMENSION)
    {
      g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_UNKNOWN_FIELD,
                   "cannot break “%s” down by “%s”: not a dimension of its dataset",
                   self->id, dimension);
      return NULL;
    }

  periods = g_ptr_array_new ();
  g_ptr_array_add (periods, (gpointer) period);
  dict = kpi_dataset_get_dimension_dictionary (dataset, dimension, &n_codes);

  /* First pass: every group on its own (the missing value last). */
  map = g_new (guint32, MAX (n_codes, 1));
  for (gsize i = 0; i < n_codes; i++)
    map[i] = (guint32) i;
  all = evaluate_periods (self, calendar, periods, dimension, map, n_codes,
                          (guint32) n_codes, (guint) n_codes + 1, error);
  if (all == NULL)
    return NULL;

  ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  for (gsize i = 0; i <= n_codes; i++)
    {
      KpiValue *v = g_ptr_array_index (all, i);
      Ranked r = { (guint32) i, 0, TRUE };

      /* Groups without a single row are not groups. */
      if (kpi_value_get_sample_size (v) == 0 && kpi_value_is_missing (v))
        continue;
      if (i == n_codes && kpi_value_get_sample_size (v) == 0)
        continue;
      r.missing = !kpi_value_get_number (v, &r.value);
      g_array_append_val (ranked, r);
    }
  g_array_sort (ranked, compare_ranked);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_value_unref);
  if (top_n == 0 || ranked->len <= top_n)
    {
      for (guint i = 0; i < ranked->len; i++)
        {
          Ranked *r = &g_array_index (ranked, Ranked, i);
          KpiValue *v = kpi_value_ref (g_ptr_array_index (all, r->code));
          kpi_value_set_group (v, r->code == n_codes ? "(missing)" : dict[r->code]);
          g_ptr_array_add (result, v);
        }
    }
  else
    {
      g_autoptr(GPtrArray) cut = NULL;

      /* Second pass: the kept groups, and every other row in one group. */
      n_slots = top_n + 1;
      for (gsize i = 0; i < n_codes; i++)
        map[i] = top_n;
      for (guint i = 0; i < top_n; i++)
        {
          Ranked *r = &g_array_index (ranked, Ranked, i);
          if (r->code < n_codes)
            map[r->code] = i;
        }
      {
        guint32 missing_slot = top_n;
        for (guint i = 0; i < top_n; i++)
          if (g_array_index (ranked, Ranked, i).code == n_codes)
            missing_slot = i;
        cut = evaluate_periods (self, calendar, periods, dimension, map, n_codes,
                                missing_slot, n_slots, error);
      }
      if (cut == NULL)
        {
          g_ptr_array_unref (result);
          return NULL;
        }
      for (guint i = 0; i < n_slots; i++)
        {
          KpiValue *v = kpi_value_ref (g_ptr_array_index (cut, i));
          const char *name = "other";

          if (i < top_n)
            {
              guint32 code = g_array_index (ranked, Ranked, i).code;
              name = code == n_codes ? "(missing)" : dict[code];
            }
          kpi_value_set_group (v, name);
          g_ptr_array_add (result, v);
        }
    }

  if (total != NULL)
    {
      *total = kpi_indicator_evaluate (self, calendar, period, error);
      if (*total == NULL)
        {
          g_ptr_array_unref (result);
          return NULL;
        }
    }
  return result;
}
