/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-check.c: a data-quality check, the abstract class */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-dataset-private.h"
#include "kpi-suggest-private.h"
#include "kpi-util-private.h"

/**
 * KpiCheck:
 *
 * A data-quality check: an expectation about a dataset (its freshness,
 * its completeness, keys that are unique, contributors who report, amounts
 * that are not out of line) that [method@Kpi.Check.run] tests, giving a
 * [class@Kpi.CheckResult].
 *
 * What every check has:
 *
 * - the dataset: [property@Kpi.Check:dataset] itself, or
 *   [property@Kpi.Check:dataset-name] resolved through the
 *   [class@Kpi.Context] it runs in;
 * - the [property@Kpi.Check:fields] it reads, and the
 *   [property@Kpi.Check:key-fields] that identify a row in its samples;
 * - a [property@Kpi.Check:period] (all periods of the data when unset) and
 *   the [property@Kpi.Check:granularity] of the periods it judges one by
 *   one, with an optional dimension to judge group by group
 *   ([property@Kpi.Check:group-by]);
 * - two thresholds on the value it observes,
 *   [property@Kpi.Check:warn-threshold] and
 *   [property@Kpi.Check:fail-threshold] (NaN: none), where higher is worse
 *   ([method@Kpi.Check.grade]);
 * - for checks that judge rows one at a time (a range, an allowed set, a
 *   pattern), [property@Kpi.Check:mostly]: the fraction of the rows that
 *   must pass, counted over the rows whose value is not missing, as Great
 *   Expectations does ([method@Kpi.Check.grade_rows]).
 *
 * The kinds of check the library has are subclasses (one file each); an
 * application adds its own by overriding `run`, in C or in Python, and
 * uses the helpers for subclasses: [method@Kpi.Check.dup_dataset],
 * [method@Kpi.Check.lookup_field], [method@Kpi.Check.list_periods],
 * [method@Kpi.Check.grade], [method@Kpi.Check.add_sample].
 *
 * A check is a definition: set it up, then run it (from several threads
 * at once if need be); do not change it while it runs.
 *
 * ## Example
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiContext) context = kpi_context_new (NULL);
 * g_autoptr(KpiCheck) check = kpi_validity_check_new ("orders", "amount");
 * g_autoptr(KpiCheckResult) result = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "orders", orders);
 * kpi_validity_check_set_max (KPI_VALIDITY_CHECK (check), 150); // no order above 150
 * result = kpi_check_run (check, context, NULL, &error);
 * if (result == NULL)
 *   g_error ("%s", error->message);
 * g_print ("%s\n", kpi_check_result_get_message (result));
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * context = Kpi.Context.new(None)
 * context.add_dataset("orders", orders)
 * check = Kpi.ValidityCheck.new("orders", "amount")
 * check.set_max(150)  # no order above 150
 * result = check.run(context, None)
 * print(result.get_message())
 * ```
 *
 * ```js
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const context = Kpi.Context.new(null);
 * context.add_dataset('orders', orders);
 * const check = Kpi.ValidityCheck.new('orders', 'amount');
 * check.set_max(150); // no order above 150
 * const result = check.run(context, null);
 * print(result.get_message());
 * ```
 *
 * Since: 0.1
 */

typedef struct
{
  char           *id;
  char           *description;
  KpiDataset     *dataset;
  char           *dataset_name;
  char          **fields;        /* never NULL */
  char          **key_fields;    /* never NULL */
  KpiPeriod      *period;        /* nullable */
  KpiGranularity  granularity;
  char           *group_by;
  double          warn;          /* NaN: none */
  double          fail;
  double          mostly;
  guint           max_samples;
} KpiCheckPrivate;

enum {
  PROP_0,
  PROP_ID,
  PROP_DESCRIPTION,
  PROP_DATASET,
  PROP_DATASET_NAME,
  PROP_FIELDS,
  PROP_KEY_FIELDS,
  PROP_PERIOD,
  PROP_GRANULARITY,
  PROP_GROUP_BY,
  PROP_WARN_THRESHOLD,
  PROP_FAIL_THRESHOLD,
  PROP_MOSTLY,
  PROP_MAX_SAMPLES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KpiCheck, kpi_check, G_TYPE_OBJECT)

/**
 * kpi_check_error_quark:
 *
 * The error domain of [class@Kpi.Check], %KPI_CHECK_ERROR; its codes
 * are the #KpiCheckError enumeration.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-check-error-quark, kpi_check_error)

#define DEFAULT_MAX_SAMPLES 20

static void
kpi_check_finalize (GObject *object)
{
  KpiCheckPrivate *priv = kpi_check_get_instance_private (KPI_CHECK (object));

  g_free (priv->id);
  g_free (priv->description);
  g_clear_object (&priv->dataset);
  g_free (priv->dataset_name);
  g_strfreev (priv->fields);
  g_strfreev (priv->key_fields);
  g_clear_pointer (&priv->period, kpi_period_free);
  g_free (priv->group_by);

  G_OBJECT_CLASS (kpi_check_parent_class)->finalize (object);
}

static void
kpi_check_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KpiCheckPrivate *priv = kpi_check_get_instance_private (KPI_CHECK (object));

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, priv->id);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, priv->description);
      break;
    case PROP_DATASET:
      g_value_set_object (value, priv->dataset);
      break;
    case PROP_DATASET_NAME:
      g_value_set_string (value, priv->dataset_name);
      break;
    case PROP_FIELDS:
      g_value_set_boxed (value, priv->fields);
      break;
    case PROP_KEY_FIELDS:
      g_value_set_boxed (value, priv->key_fields);
      break;
    case PROP_PERIOD:
      g_value_set_boxed (value, priv->period);
      break;
    case PROP_GRANULARITY:
      g_value_set_enum (value, priv->granularity);
      break;
    case PROP_GROUP_BY:
      g_value_set_string (value, priv->group_by);
      break;
    case PROP_WARN_THRESHOLD:
      g_value_set_double (value, priv->warn);
      break;
    case PROP_FAIL_THRESHOLD:
      g_value_set_double (value, priv->fail);
      break;
    case PROP_MOSTLY:
      g_value_set_double (value, priv->mostly);
      break;
    case PROP_MAX_SAMPLES:
      g_value_set_uint (value, priv->max_samples);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_check_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KpiCheck *self = KPI_CHECK (object);
  KpiCheckPrivate *priv = kpi_check_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ID:
      kpi_check_set_id (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      kpi_check_set_description (self, g_value_get_string (value));
      break;
    case PROP_DATASET:
      kpi_check_set_dataset (self, g_value_get_object (value));
      break;
    case PROP_DATASET_NAME:
      kpi_check_set_dataset_name (self, g_value_get_string (value));
      break;
    case PROP_FIELDS:
      kpi_check_set_fields (self, g_value_get_boxed (value));
      break;
    case PROP_KEY_FIELDS:
      kpi_check_set_key_fields (self, g_value_get_boxed (value));
      break;
    case PROP_PERIOD:
      kpi_check_set_period (self, g_value_get_boxed (value));
      break;
    case PROP_GRANULARITY:
      kpi_check_set_granularity (self, g_value_get_enum (value));
      break;
    case PROP_GROUP_BY:
      kpi_check_set_group_by (self, g_value_get_string (value));
      break;
    case PROP_WARN_THRESHOLD:
      kpi_check_set_thresholds (self, g_value_get_double (value), priv->fail);
      break;
    case PROP_FAIL_THRESHOLD:
      kpi_check_set_thresholds (self, priv->warn, g_value_get_double (value));
      break;
    case PROP_MOSTLY:
      kpi_check_set_mostly (self, g_value_get_double (value));
      break;
    case PROP_MAX_SAMPLES:
      kpi_check_set_max_samples (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static KpiCheckResult *
kpi_check_real_run (KpiCheck      *self,
                    KpiContext    *context G_GNUC_UNUSED,
                    GCancellable  *cancellable G_GNUC_UNUSED,
                    GError       **error)
{
  g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_NO_RESULT,
               "%s does not implement run()", G_OBJECT_TYPE_NAME (self));
  return NULL;
}

static void
kpi_check_class_init (KpiCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_check_finalize;
  object_class->get_property = kpi_check_get_property;
  object_class->set_property = kpi_check_set_property;
  klass->run = kpi_check_real_run;

  /**
   * KpiCheck:id:
   *
   * The check's name, which its results carry (`orders_unique`).
   *
   * Since: 0.1
   */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, rw);

  /**
   * KpiCheck:description:
   *
   * What the check is for, in words.
   *
   * Since: 0.1
   */
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, rw);

  /**
   * KpiCheck:dataset:
   *
   * The dataset to check; when unset, [property@Kpi.Check:dataset-name]
   * is looked up in the context.
   *
   * Since: 0.1
   */
  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, KPI_TYPE_DATASET, rw);

  /**
   * KpiCheck:dataset-name:
   *
   * The name of the dataset to check, as the context knows it; results
   * carry it, so that they find the values they affect.
   *
   * Since: 0.1
   */
  properties[PROP_DATASET_NAME] = g_param_spec_string ("dataset-name", NULL, NULL, NULL, rw);

  /**
   * KpiCheck:fields:
   *
   * The fields (columns) the check reads.
   *
   * Since: 0.1
   */
  properties[PROP_FIELDS] = g_param_spec_boxed ("fields", NULL, NULL, G_TYPE_STRV, rw);

  /**
   * KpiCheck:key-fields:
   *
   * The fields that identify a row in the samples of a result (`order_id`);
   * when none are set, the samples show [property@Kpi.Check:fields].
   *
   * Since: 0.1
   */
  properties[PROP_KEY_FIELDS] = g_param_spec_boxed ("key-fields", NULL, NULL, G_TYPE_STRV, rw);

  /**
   * KpiCheck:period:
   *
   * The period to check; %NULL (the default) for all the data.
   *
   * Since: 0.1
   */
  properties[PROP_PERIOD] = g_param_spec_boxed ("period", NULL, NULL, KPI_TYPE_PERIOD, rw);

  /**
   * KpiCheck:granularity:
   *
   * The periods a check that judges period by period (volume, contributor
   * coverage, outliers) works in. The default is a month.
   *
   * Since: 0.1
   */
  properties[PROP_GRANULARITY] =
    g_param_spec_enum ("granularity", NULL, NULL, KPI_TYPE_GRANULARITY,
                       KPI_GRANULARITY_MONTH, rw);

  /**
   * KpiCheck:group-by:
   *
   * A dimension to judge group by group (the online channel apart from
   * the store), for the checks that can; %NULL for the whole data.
   *
   * Since: 0.1
   */
  properties[PROP_GROUP_BY] = g_param_spec_string ("group-by", NULL, NULL, NULL, rw);

  /**
   * KpiCheck:warn-threshold:
   *
   * The observed value above which the check warns; NaN for none. What
   * is observed (an age in days, a share, a score) is the subclass's, and
   * so is the default.
   *
   * Since: 0.1
   */
  properties[PROP_WARN_THRESHOLD] = kpi_param_spec_nan_double ("warn-threshold", NAN, rw);

  /**
   * KpiCheck:fail-threshold:
   *
   * The observed value above which the check fails; NaN for none.
   *
   * Since: 0.1
   */
  properties[PROP_FAIL_THRESHOLD] = kpi_param_spec_nan_double ("fail-threshold", NAN, rw);

  /**
   * KpiCheck:mostly:
   *
   * For checks that judge rows one at a time: the fraction of the rows
   * whose value is not missing that must pass, from 0 to 1. The default,
   * 1, fails on the first unexpected row.
   *
   * Since: 0.1
   */
  properties[PROP_MOSTLY] =
    g_param_spec_double ("mostly", NULL, NULL, 0.0, 1.0, 1.0, rw);

  /**
   * KpiCheck:max-samples:
   *
   * How many sample rows a result keeps at most.
   *
   * Since: 0.1
   */
  properties[PROP_MAX_SAMPLES] =
    g_param_spec_uint ("max-samples", NULL, NULL, 0, 10000, DEFAULT_MAX_SAMPLES, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_check_init (KpiCheck *self)
{
  KpiCheckPrivate *priv = kpi_check_get_instance_private (self);

  priv->fields = g_new0 (char *, 1);
  priv->key_fields = g_new0 (char *, 1);
  priv->granularity = KPI_GRANULARITY_MONTH;
  priv->warn = NAN;
  priv->fail = NAN;
  priv->mostly = 1.0;
  priv->max_samples = DEFAULT_MAX_SAMPLES;
}

#define STRING_PROPERTY(field, prop)                                    \
  const char *                                                          \
  kpi_check_get_##field (KpiCheck *self)                                \
  {                                                                     \
    KpiCheckPrivate *priv;                                              \
    g_return_val_if_fail (KPI_IS_CHECK (self), NULL);                   \
    priv = kpi_check_get_instance_private (self);                       \
    return priv->field;                                                 \
  }                                                                     \
  void                                                                  \
  kpi_check_set_##field (KpiCheck   *self,                              \
                         const char *field)                             \
  {                                                                     \
    KpiCheckPrivate *priv;                                              \
    g_return_if_fail (KPI_IS_CHECK (self));                             \
    priv = kpi_check_get_instance_private (self);                       \
    if (kpi_set_str (&priv->field, field))                              \
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);     \
  }

/**
 * kpi_check_get_id:
 * @self: a check
 *
 * Gets the name of the check.
 *
 * Returns: (nullable): the check's name
 *
 * Since: 0.1
 */
/**
 * kpi_check_set_id:
 * @self: a check
 * @id: (nullable): the check's name
 *
 * Sets [property@Kpi.Check:id].
 *
 * Since: 0.1
 */
STRING_PROPERTY (id, PROP_ID)

/**
 * kpi_check_get_description:
 * @self: a check
 *
 * Gets what the check is for.
 *
 * Returns: (nullable): what the check is for
 *
 * Since: 0.1
 */
/**
 * kpi_check_set_description:
 * @self: a check
 * @description: (nullable): what the check is for
 *
 * Sets [property@Kpi.Check:description].
 *
 * Since: 0.1
 */
STRING_PROPERTY (description, PROP_DESCRIPTION)

/**
 * kpi_check_get_dataset_name:
 * @self: a check
 *
 * Gets the name of the dataset to check.
 *
 * Returns: (nullable): the name of the dataset to check
 *
 * Since: 0.1
 */
/**
 * kpi_check_set_dataset_name:
 * @self: a check
 * @dataset_name: (nullable): the name of the dataset, as the context knows
 *   it
 *
 * Sets [property@Kpi.Check:dataset-name].
 *
 * Since: 0.1
 */
STRING_PROPERTY (dataset_name, PROP_DATASET_NAME)

/**
 * kpi_check_get_group_by:
 * @self: a check
 *
 * Gets the dimension the check judges group by group.
 *
 * Returns: (nullable): the dimension the check judges group by group
 *
 * Since: 0.1
 */
/**
 * kpi_check_set_group_by:
 * @self: a check
 * @dimension: (nullable): a dimension, or %NULL for the whole data
 *
 * Sets [property@Kpi.Check:group-by].
 *
 * Since: 0.1
 */
const char *
kpi_check_get_group_by (KpiCheck *self)
{
  KpiCheckPrivate *priv;

  g_return_val_if_fail (KPI_IS_CHECK (self), NULL);
  priv = kpi_check_get_instance_private (self);
  return priv->group_by;
}

void
kpi_check_set_group_by (KpiCheck   *self,
                        const char *dimension)
{
  KpiCheckPrivate *priv;

  g_return_if_fail (KPI_IS_CHECK (self));
  priv = kpi_check_get_instance_private (self);
  if (kpi_set_str (&priv->group_by, dimension))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP_BY]);
}

#undef STRING_PROPERTY

/**
 * kpi_check_get_dataset:
 * @self: a check
 *
 * Gets the dataset set on the check.
 *
 * Returns: (transfer none) (nullable): the dataset set on the check
 *
 * Since: 0.1
 */
KpiDataset *
kpi_check_get_dataset (KpiCheck *self)
{
  KpiCheckPrivate *priv;

  g_return_val_if_fail (KPI_IS_CHECK (self), NULL);
  priv = kpi_check_get_instance_private (self);
  return priv->dataset;
}

/**
 * kpi_check_set_dataset:
 * @self: a check
 * @dataset: (nullable): the dataset to check
 *
 * Sets [property@Kpi.Check:dataset].
 *
 * Since: 0.1
 */
void
kpi_check_set_dataset (KpiCheck   *self,
                       KpiDataset *dataset)
{
  KpiCheckPrivate *priv;

  g_return_if_fail (KPI_IS_CHECK (self));
  g_return_if_fail (dataset == NULL || KPI_IS_DATASET (dataset));
  priv = kpi_check_get_instance_private (self);
  if (g_set_object (&priv->dataset, dataset))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}

static void
set_strv (KpiCheck            *self,
          char              ***ptr,
          const char * const  *strv,
          guint                prop)
{
  static const char * const none[] = { NULL };

  if (strv == NULL)
    strv = none;
  if (g_strv_equal ((const char * const *) *ptr, strv))
    return;
  g_strfreev (*ptr);
  *ptr = g_strdupv ((char **) strv);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * kpi_check_get_fields:
 * @self: a check
 *
 * Gets the fields the check reads.
 *
 * Returns: (transfer none) (array zero-terminated=1): the fields the
 *   check reads
 *
 * Since: 0.1
 */
const char * const *
kpi_check_get_fields (KpiCheck *self)
{
  KpiCheckPrivate *priv;

  g_return_val_if_fail (KPI_IS_CHECK (self), NULL);
  priv = kpi_check_get_instance_private (self);
  return (const char * const *) priv->fields;
}

/**
 * kpi_check_set_fields:
 * @self: a check
 * @fields: (array zero-terminated=1) (nullable): the fields to read
 *
 * Sets [property@Kpi.Check:fields].
 *
 * Since: 0.1
 */
void
kpi_check_set_fields (KpiCheck           *self,
                      const char * const *fields)
{
  KpiCheckPrivate *priv;

  g_return_if_fail (KPI_IS_CHECK (self));
  priv = kpi_check_get_instance_private (self);
  set_strv (self, &priv->fields, fields, PROP_FIELDS);
}

/**
 * kpi_check_get_key_fields:
 * @self: a check
 *
 * Gets the fields that identify a row in samples.
 *
 * Returns: (transfer none) (array zero-terminated=1): the fields that
 *   identify a row in samples
 *
 * Since: 0.1
 */
const char * const *
kpi_check_get_key_fields (KpiCheck *self)
{
  KpiCheckPrivate *priv;

  g_return_val_if_fail (KPI_IS_CHECK (self), NULL);
  priv = kpi_check_get_instance_private (self);
  return (const char * const *) priv->key_fields;
}

/**
 * kpi_check_set_key_fields:
 * @self: a check
 * @key_fields: (array zero-terminated=1) (nullable): the fields that
 *   identify a row
 *
 * Sets [property@Kpi.Check:key-fields].
 *
 * Since: 0.1
 */
void
kpi_check_set_key_fields (KpiCheck           *self,
                          const char * const *key_fields)
{
  KpiCheckPrivate *priv;

  g_return_if_fail (KPI_IS_CHECK (self));
  priv = kpi_check_get_instance_private (self);
  set_strv (self, &priv->key_fields, key_fields, PROP_KEY_FIELDS);
}

/**
 * kpi_check_get_period:
 * @self: a check
 *
 * Gets the period to check.
 *
 * Returns: (transfer none) (nullable): the period to check, %NULL for all
 *   the data
 *
 * Since: 0.1
 */
const KpiPeriod *
kpi_check_get_period (KpiCheck *self)
{
  KpiCheckPrivate *priv;

  g_return_val_if_fail (KPI_IS_CHECK (self), NULL);
  priv = kpi_check_get_instance_private (self);
  return priv->period;
}

/**
 * kpi_check_set_period:
 * @self: a check
 * @period: (nullable): the period to check, %NULL for all the data
 *
 * Sets [property@Kpi.Check:period].
 *
 * Since: 0.1
 */
void
kpi_check_set_period (KpiCheck        *self,
                      const KpiPeriod *period)
{
  KpiCheckPrivate *priv;

  g_return_if_fail (KPI_IS_CHECK (self));
  priv = kpi_check_get_instance_private (self);
  if (priv->period == period
      || (priv->period != NULL && period != NULL && kpi_period_equal (priv->period, period)))
    return;
  g_clear_pointer (&priv->period, kpi_period_free);
  priv->period = period != NULL ? kpi_period_copy (period) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
}

/**
 * kpi_check_get_granularity:
 * @self: a check
 *
 * Gets the granularity of the periods the check judges.
 *
 * Returns: the granularity of the periods the check judges
 *
 * Since: 0.1
 */
KpiGranularity
kpi_check_get_granularity (KpiCheck *self)
{
  KpiCheckPrivate *priv;

  g_return_val_if_fail (KPI_IS_CHECK (self), KPI_GRANULARITY_MONTH);
  priv = kpi_check_get_instance_private (self);
  return priv->granularity;
}

/**
 * kpi_check_set_granularity:
 * @self: a check
 * @granularity: a natural granularity (not %KPI_GRANULARITY_CUSTOM)
 *
 * Sets [property@Kpi.Check:granularity].
 *
 * Since: 0.1
 */
void
kpi_check_set_granularity (KpiCheck       *self,
                           KpiGranularity  granularity)
{
  KpiCheckPrivate *priv;

  g_return_if_fail (KPI_IS_CHECK (self));
  g_return_if_fail (granularity != KPI_GRANULARITY_CUSTOM);
  priv = kpi_check_get_instance_private (self);
  if (priv->granularity == granularity)
    return;
  priv->granularity = granularity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRANULARITY]);
}

/**
 * kpi_check_get_warn_threshold:
 * @self: a check
 *
 * Gets the observed value above which the check warns.
 *
 * Returns: the observed value above which the check warns, NaN for none
 *
 * Since: 0.1
 */
double
kpi_check_get_warn_threshold (KpiCheck *self)
{
  KpiCheckPrivate *priv;

  g_return_val_if_fail (KPI_IS_CHECK (self), NAN);
  priv = kpi_check_get_instance_private (self);
  return priv->warn;
}

/**
 * kpi_check_get_fail_threshold:
 * @self: a check
 *
 * Gets the observed value above which the check fails.
 *
 * Returns: the observed value above which the check fails, NaN for none
 *
 * Since: 0.1
 */
double
kpi_check_get_fail_threshold (KpiCheck *self)
{
  KpiCheckPrivate *priv;

  g_return_val_if_fail (KPI_IS_CHECK (self), NAN);
  priv = kpi_check_get_instance_private (self);
  return priv->fail;
}

/**
 * kpi_check_set_thresholds:
 * @self: a check
 * @warn: the observed value above which the check warns, NaN for none
 * @fail: the observed value above which it fails, NaN for none
 *
 * Sets both thresholds. A warning threshold above the failure threshold
 * never warns; [method@Kpi.Check.run] refuses it with
 * %KPI_CHECK_ERROR_INVALID.
 *
 * Since: 0.1
 */
void
kpi_check_set_thresholds (KpiCheck *self,
                          double    warn,
                          double    fail)
{
  KpiCheckPrivate *priv;
  gboolean warn_changed, fail_changed;

  g_return_if_fail (KPI_IS_CHECK (self));
  priv = kpi_check_get_instance_private (self);

  warn = isinf (warn) ? NAN : warn;
  fail = isinf (fail) ? NAN : fail;
  warn_changed = !(priv->warn == warn || (isnan (priv->warn) && isnan (warn)));
  fail_changed = !(priv->fail == fail || (isnan (priv->fail) && isnan (fail)));
  priv->warn = warn;
  priv->fail = fail;
  if (warn_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARN_THRESHOLD]);
  if (fail_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAIL_THRESHOLD]);
}

/**
 * kpi_check_get_mostly:
 * @self: a check
 *
 * Gets the fraction of rows that must pass.
 *
 * Returns: the fraction of rows that must pass
 *
 * Since: 0.1
 */
double
kpi_check_get_mostly (KpiCheck *self)
{
  KpiCheckPrivate *priv;

  g_return_val_if_fail (KPI_IS_CHECK (self), 1.0);
  priv = kpi_check_get_instance_private (self);
  return priv->mostly;
}

/**
 * kpi_check_set_mostly:
 * @self: a check
 * @mostly: the fraction of the rows (not missing) that must pass, from 0
 *   to 1
 *
 * Sets [property@Kpi.Check:mostly].
 *
 * Since: 0.1
 */
void
kpi_check_set_mostly (KpiCheck *self,
                      double    mostly)
{
  KpiCheckPrivate *priv;

  g_return_if_fail (KPI_IS_CHECK (self));
  g_return_if_fail (mostly >= 0.0 && mostly <= 1.0);
  priv = kpi_check_get_instance_private (self);
  if (priv->mostly == mostly)
    return;
  priv->mostly = mostly;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOSTLY]);
}

/**
 * kpi_check_get_max_samples:
 * @self: a check
 *
 * Gets how many sample rows a result keeps at most.
 *
 * Returns: how many sample rows a result keeps at most
 *
 * Since: 0.1
 */
guint
kpi_check_get_max_samples (KpiCheck *self)
{
  KpiCheckPrivate *priv;

  g_return_val_if_fail (KPI_IS_CHECK (self), 0);
  priv = kpi_check_get_instance_private (self);
  return priv->max_samples;
}

/**
 * kpi_check_set_max_samples:
 * @self: a check
 * @max_samples: how many sample rows a result keeps at most
 *
 * Sets [property@Kpi.Check:max-samples].
 *
 * Since: 0.1
 */
void
kpi_check_set_max_samples (KpiCheck *self,
                           guint     max_samples)
{
  KpiCheckPrivate *priv;

  g_return_if_fail (KPI_IS_CHECK (self));
  priv = kpi_check_get_instance_private (self);
  if (priv->max_samples == max_samples)
    return;
  priv->max_samples = max_samples;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_SAMPLES]);
}

/* See kpi-check-private.h */
char *
kpi_check_type_nick (GType type)
{
  return kpi_type_nick (type, "Check");
}

/**
 * kpi_check_run:
 * @self: a check
 * @context: (nullable): the context that resolves the dataset's name and
 *   gives the calendar (a default one when %NULL: UTC, the real time)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Runs the check. What the subclass's result leaves unsaid is filled in:
 * the check's id and type, the dataset's name, when the check ran (the
 * calendar's now) and how recent the data was
 * ([property@Kpi.Dataset:data-as-of], or the time of the newest row).
 *
 * A check that cannot run (no such dataset or field, settings that do not
 * make sense) fails with an error; one that ran and found the data wanting
 * returns a result with %KPI_CHECK_STATUS_WARN or %KPI_CHECK_STATUS_FAIL.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 *
 * Since: 0.1
 */
KpiCheckResult *
kpi_check_run (KpiCheck      *self,
               KpiContext    *context,
               GCancellable  *cancellable,
               GError       **error)
{
  KpiCheckPrivate *priv;
  g_autoptr(KpiContext) own_context = NULL;
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(KpiDataset) dataset = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (KPI_IS_CHECK (self), NULL);
  g_return_val_if_fail (context == NULL || KPI_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  priv = kpi_check_get_instance_private (self);

  if (context == NULL)
    context = own_context = kpi_context_new (NULL);

  if (priv->warn > priv->fail)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: the warning threshold (%g) is above the failure threshold (%g)",
                   priv->id != NULL ? priv->id : "check", priv->warn, priv->fail);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  result = KPI_CHECK_GET_CLASS (self)->run (self, context, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_clear_object (&result);
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (result == NULL)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_NO_RESULT,
                   "%s (%s) gave no result",
                   priv->id != NULL ? priv->id : "check", G_OBJECT_TYPE_NAME (self));
      return NULL;
    }

  if (kpi_check_result_get_check_id (result) == NULL)
    kpi_check_result_set_check_id (result, priv->id);
  if (kpi_check_result_get_check_type (result) == NULL)
    {
      g_autofree char *nick = kpi_check_type_nick (G_OBJECT_TYPE (self));
      kpi_check_result_set_check_type (result, nick);
    }
  if (kpi_check_result_get_evaluated_at (result) == 0)
    {
      gint64 now = kpi_calendar_get_now (kpi_context_get_calendar (context));
      kpi_check_result_set_evaluated_at (result, now != 0 ? now : g_get_real_time ());
    }

  dataset = kpi_check_dup_dataset (self, context, NULL);
  if (kpi_check_result_get_dataset_name (result) == NULL)
    {
      if (priv->dataset_name != NULL)
        kpi_check_result_set_dataset_name (result, priv->dataset_name);
      else if (dataset != NULL)
        {
          g_autofree char *name = kpi_context_dup_dataset_name (context, dataset);
          kpi_check_result_set_dataset_name (result, name);
        }
    }
  if (kpi_check_result_get_data_as_of (result) == 0 && dataset != NULL)
    {
      gint64 as_of = kpi_dataset_get_data_as_of (dataset);
      gint64 min_time, max_time;

      if (as_of == KPI_TIME_UNSET && kpi_dataset_get_time_range (dataset, &min_time, &max_time))
        as_of = max_time;
      kpi_check_result_set_data_as_of (result, as_of);
    }
  return g_steal_pointer (&result);
}

/**
 * kpi_check_dup_dataset:
 * @self: a check
 * @context: (nullable): the context that resolves
 *   [property@Kpi.Check:dataset-name]
 * @error: return location for a #GError
 *
 * The dataset the check reads: [property@Kpi.Check:dataset], or the one
 * @context knows by [property@Kpi.Check:dataset-name]. For subclasses.
 *
 * Returns: (transfer full): the dataset, or %NULL with
 *   %KPI_CHECK_ERROR_NO_DATASET
 *
 * Since: 0.1
 */
KpiDataset *
kpi_check_dup_dataset (KpiCheck    *self,
                       KpiContext  *context,
                       GError     **error)
{
  KpiCheckPrivate *priv;
  KpiDataset *dataset;
  g_auto(GStrv) names = NULL;
  g_autofree char *name = NULL;
  g_autofree char *suffix = NULL;

  g_return_val_if_fail (KPI_IS_CHECK (self), NULL);
  g_return_val_if_fail (context == NULL || KPI_IS_CONTEXT (context), NULL);
  priv = kpi_check_get_instance_private (self);

  if (priv->dataset != NULL)
    return g_object_ref (priv->dataset);
  if (priv->dataset_name == NULL)
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_NO_DATASET,
                   "%s: no dataset to check", priv->id != NULL ? priv->id : "check");
      return NULL;
    }
  dataset = context != NULL ? kpi_context_lookup_dataset (context, priv->dataset_name) : NULL;
  if (dataset != NULL)
    return dataset;

  names = context != NULL ? kpi_context_list_dataset_names (context) : NULL;
  name = kpi_text_for_message (priv->dataset_name, -1, KPI_MESSAGE_QUOTE_CHARS);
  suffix = kpi_suggest_suffix (priv->dataset_name, (const char * const *) names,
                               names != NULL ? g_strv_length (names) : 0, "");
  g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_NO_DATASET,
               "%s: unknown dataset “%s”%s",
               priv->id != NULL ? priv->id : "check", name, suffix);
  return NULL;
}

/**
 * kpi_check_lookup_field:
 * @self: a check
 * @dataset: the dataset the check reads
 * @field: a field name
 * @column: (out) (optional): the field's column
 * @error: return location for a #GError
 *
 * Finds a field the check reads in @dataset. For subclasses: the error
 * names the check and suggests a near miss (`orders_valid: unknown field
 * “amout”; did you mean “amount”?`).
 *
 * Returns: %TRUE when @dataset has the field, %FALSE with
 *   %KPI_CHECK_ERROR_UNKNOWN_FIELD
 *
 * Since: 0.1
 */
gboolean
kpi_check_lookup_field (KpiCheck    *self,
                        KpiDataset  *dataset,
                        const char  *field,
                        guint       *column,
                        GError     **error)
{
  KpiCheckPrivate *priv;
  g_auto(GStrv) names = NULL;
  g_autofree char *name = NULL;
  g_autofree char *suffix = NULL;
  guint n;

  g_return_val_if_fail (KPI_IS_CHECK (self), FALSE);
  g_return_val_if_fail (KPI_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  priv = kpi_check_get_instance_private (self);

  if (kpi_dataset_lookup_column (dataset, field, column, NULL))
    return TRUE;

  n = kpi_dataset_get_n_columns (dataset);
  names = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    names[i] = g_strdup (kpi_dataset_get_column_name (dataset, i));
  name = kpi_text_for_message (field, -1, KPI_MESSAGE_QUOTE_CHARS);
  suffix = kpi_suggest_suffix (field, (const char * const *) names, n, "");
  g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_UNKNOWN_FIELD,
               "%s: unknown field “%s”%s",
               priv->id != NULL ? priv->id : "check", name, suffix);
  return FALSE;
}

/**
 * kpi_check_list_periods:
 * @self: a check
 * @context: (nullable): the context whose calendar makes the periods
 * @dataset: the dataset the check reads
 *
 * The periods a check judges one by one: [property@Kpi.Check:period] when
 * it is set, else every period of [property@Kpi.Check:granularity] from
 * the start of the data (its coverage, or its first row) to its end.
 * For subclasses.
 *
 * Returns: (transfer container) (element-type KpiPeriod): the periods,
 *   oldest first; none when the dataset has no rows and no coverage
 *
 * Since: 0.1
 */
GPtrArray *
kpi_check_list_periods (KpiCheck   *self,
                        KpiContext *context,
                        KpiDataset *dataset)
{
  KpiCheckPrivate *priv;
  g_autoptr(KpiContext) own_context = NULL;
  GPtrArray *periods;

  g_return_val_if_fail (KPI_IS_CHECK (self), NULL);
  g_return_val_if_fail (KPI_IS_DATASET (dataset), NULL);
  priv = kpi_check_get_instance_private (self);

  if (priv->period != NULL)
    {
      periods = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
      g_ptr_array_add (periods, kpi_period_copy (priv->period));
      return periods;
    }

  if (context == NULL)
    context = own_context = kpi_context_new (NULL);
  return kpi_check_data_periods (kpi_context_get_calendar (context), dataset, priv->granularity);
}

/**
 * kpi_check_grade:
 * @self: a check
 * @observed: the value the check observed
 *
 * Grades an observed value against the thresholds, where higher is worse:
 * above [property@Kpi.Check:fail-threshold] fails, above
 * [property@Kpi.Check:warn-threshold] warns, else passes; NaN is
 * %KPI_CHECK_STATUS_INSUFFICIENT_DATA. For subclasses.
 *
 * Returns: the status
 *
 * Since: 0.1
 */
KpiCheckStatus
kpi_check_grade (KpiCheck *self,
                 double    observed)
{
  KpiCheckPrivate *priv;

  g_return_val_if_fail (KPI_IS_CHECK (self), KPI_CHECK_STATUS_ERROR);
  priv = kpi_check_get_instance_private (self);

  if (isnan (observed))
    return KPI_CHECK_STATUS_INSUFFICIENT_DATA;
  if (!isnan (priv->fail) && observed > priv->fail)
    return KPI_CHECK_STATUS_FAIL;
  if (!isnan (priv->warn) && observed > priv->warn)
    return KPI_CHECK_STATUS_WARN;
  return KPI_CHECK_STATUS_PASS;
}

/**
 * kpi_check_grade_rows:
 * @self: a check
 * @element_count: how many rows were looked at
 * @missing_count: how many of them had no value
 * @unexpected_count: how many of the others broke the expectation
 *
 * Grades a check that judges rows one at a time. The unexpected fraction
 * is counted over the rows that are not missing; the check fails when
 * fewer than [property@Kpi.Check:mostly] of them pass, and otherwise the
 * fraction is graded by [method@Kpi.Check.grade]. With no row that is not
 * missing, there is nothing to judge:
 * %KPI_CHECK_STATUS_INSUFFICIENT_DATA. For subclasses.
 *
 * Returns: the status
 *
 * Since: 0.1
 */
KpiCheckStatus
kpi_check_grade_rows (KpiCheck *self,
                      guint     element_count,
                      guint     missing_count,
                      guint     unexpected_count)
{
  KpiCheckPrivate *priv;
  guint present;
  double fraction;

  g_return_val_if_fail (KPI_IS_CHECK (self), KPI_CHECK_STATUS_ERROR);
  g_return_val_if_fail (missing_count <= element_count, KPI_CHECK_STATUS_ERROR);
  priv = kpi_check_get_instance_private (self);

  present = element_count - missing_count;
  if (present == 0)
    return KPI_CHECK_STATUS_INSUFFICIENT_DATA;
  fraction = (double) MIN (unexpected_count, present) / present;
  /* passing share below mostly, with room for the rounding of a share
   * given in a file (0.95 of 20 rows is 19) */
  if (1.0 - fraction < priv->mostly - 1e-12)
    return KPI_CHECK_STATUS_FAIL;
  return kpi_check_grade (self, fraction);
}

static char *
format_field (KpiDataset *dataset,
              guint       column,
              guint       row)
{
  const char *name = kpi_dataset_get_column_name (dataset, column);

  switch (kpi_dataset_get_column_kind (dataset, column))
    {
    case KPI_COLUMN_TIME:
      return kpi_check_format_sample_time (kpi_dataset_get_time (dataset, row));
    case KPI_COLUMN_DIMENSION:
      {
        const char *v = kpi_dataset_get_dimension_value (dataset, name, row);
        return g_strdup (v != NULL ? v : "");
      }
    case KPI_COLUMN_MEASURE:
    default:
      {
        double x;

        if (!kpi_dataset_get_measure_value (dataset, name, row, &x))
          return g_strdup ("");
        return kpi_check_format_sample_number (x);
      }
    }
}

/**
 * kpi_check_add_sample:
 * @self: a check
 * @result: the result being built
 * @dataset: the dataset @row is in
 * @row: a row behind the finding (0-based)
 *
 * Adds @row to @result's samples with the values of the check's
 * [property@Kpi.Check:key-fields] (or of its fields when it has no key
 * fields), unless the result already holds
 * [property@Kpi.Check:max-samples] samples. Fields that are not columns
 * of @dataset are left out. For subclasses.
 *
 * Returns: %TRUE if the sample was added, %FALSE when the result was full
 *
 * Since: 0.1
 */
gboolean
kpi_check_add_sample (KpiCheck       *self,
                      KpiCheckResult *result,
                      KpiDataset     *dataset,
                      guint           row)
{
  KpiCheckPrivate *priv;
  char **fields;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (KPI_IS_CHECK (self), FALSE);
  g_return_val_if_fail (KPI_IS_CHECK_RESULT (result), FALSE);
  g_return_val_if_fail (KPI_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (row < kpi_dataset_get_n_rows (dataset), FALSE);
  priv = kpi_check_get_instance_private (self);

  if (kpi_check_result_get_n_samples (result) >= priv->max_samples)
    return FALSE;
  fields = priv->key_fields[0] != NULL ? priv->key_fields : priv->fields;
  for (guint i = 0; fields[i] != NULL; i++)
    {
      guint column;

      if (kpi_dataset_lookup_column (dataset, fields[i], &column, NULL))
        g_ptr_array_add (keys, format_field (dataset, column, row));
    }
  g_ptr_array_add (keys, NULL);
  kpi_check_result_add_sample (result, row, (const char * const *) keys->pdata);
  return TRUE;
}

/* See kpi-check-private.h */
gssize
kpi_check_period_index (const gint64 *starts,
                        guint         n_periods,
                        gint64        end,
                        gint64        time)
{
  guint lo = 0, hi = n_periods;

  if (n_periods == 0 || time < starts[0] || time >= end)
    return -1;
  /* the last start at or before time */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] <= time)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* See kpi-check-private.h */
GPtrArray *
kpi_check_periods_between (KpiCalendar    *calendar,
                           KpiGranularity  granularity,
                           gint64          from,
                           gint64          to)
{
  g_autoptr(KpiPeriod) first = NULL;
  g_autoptr(KpiPeriod) last = NULL;

  if (to <= from)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
  first = kpi_calendar_period_at (calendar, from, granularity);
  last = kpi_calendar_period_at (calendar, to - 1, granularity);
  if (first == NULL || last == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
  return kpi_calendar_list_periods (calendar, first, last);
}

/* See kpi-check-private.h */
GPtrArray *
kpi_check_data_periods (KpiCalendar    *calendar,
                        KpiDataset     *dataset,
                        KpiGranularity  granularity)
{
  gint64 start, end;

  if (!kpi_check_data_span (dataset, &start, &end, NULL))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_period_free);
  return kpi_check_periods_between (calendar, granularity, start, end);
}

/* See kpi-check-private.h */
gboolean
kpi_check_data_span (KpiDataset *dataset,
                     gint64     *start,
                     gint64     *end,
                     gboolean   *start_from_rows)
{
  gint64 min_time, max_time;
  gboolean has_rows = kpi_dataset_get_time_range (dataset, &min_time, &max_time);

  kpi_dataset_get_coverage (dataset, start, end);
  if (start_from_rows != NULL)
    *start_from_rows = *start == KPI_TIME_UNSET;
  if (*start == KPI_TIME_UNSET && has_rows)
    *start = min_time;
  if (*end == KPI_TIME_UNSET && has_rows)
    *end = max_time + 1;
  return *start != KPI_TIME_UNSET && *end != KPI_TIME_UNSET && *start < *end;
}

/* See kpi-check-private.h */
char *
kpi_check_format_day (KpiCalendar *calendar,
                      gint64       t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC - (t % G_USEC_PER_SEC < 0));
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("?");
  local = g_date_time_to_timezone (utc, kpi_calendar_get_time_zone (calendar));
  return local != NULL ? g_date_time_format (local, "%Y-%m-%d") : g_strdup ("?");
}

/* See kpi-check-private.h */
gint64
kpi_check_end_of_row (KpiCalendar *calendar,
                      gint64       t)
{
  g_autoptr(KpiPeriod) day = kpi_calendar_period_at (calendar, t, KPI_GRANULARITY_DAY);

  if (day != NULL && kpi_period_get_start (day) == t)
    return kpi_period_get_end (day);
  return t + 1;
}

/* See kpi-check-private.h */
const char *
kpi_check_display_name (KpiCheck   *check,
                        const char *fallback)
{
  const char *id = kpi_check_get_id (check);

  return id != NULL ? id : fallback;
}

/* See kpi-check-private.h */
KpiCheckReadLock *
kpi_check_read_lock (KpiDataset *dataset)
{
  kpi_dataset_read_lock (dataset);
  return dataset;
}

/* See kpi-check-private.h */
void
kpi_check_read_unlock (KpiCheckReadLock *locked)
{
  kpi_dataset_read_unlock (locked);
}

/* See kpi-check-private.h */
const char *
kpi_check_granularity_plural (KpiGranularity granularity)
{
  switch (granularity)
    {
    case KPI_GRANULARITY_DAY: return "days";
    case KPI_GRANULARITY_WEEK: return "weeks";
    case KPI_GRANULARITY_MONTH: return "months";
    case KPI_GRANULARITY_QUARTER: return "quarters";
    case KPI_GRANULARITY_YEAR: return "years";
    case KPI_GRANULARITY_FISCAL_QUARTER: return "fiscal quarters";
    case KPI_GRANULARITY_FISCAL_YEAR: return "fiscal years";
    case KPI_GRANULARITY_CUSTOM:
    default: return "periods";
    }
}

/* See kpi-check-private.h */
char *
kpi_check_format_sample_time (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC);

  if (dt == NULL)
    return g_strdup ("?");
  if (t % (G_USEC_PER_SEC * G_GINT64_CONSTANT (86400)) == 0)
    return g_date_time_format (dt, "%Y-%m-%d");
  return g_date_time_format_iso8601 (dt);
}

/* See kpi-check-private.h */
char *
kpi_check_format_sample_number (double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", x));
}

/* See kpi-check-private.h */
char *
kpi_check_format_short (double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", x));
}
