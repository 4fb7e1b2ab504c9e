/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-check-result.c: what one data-quality check found */

#include "config.h"

#include <math.h>
#include <json-glib/json-glib.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-util-private.h"

/**
 * KpiCheckResult:
 *
 * What one [class@Kpi.Check] found: a status, the value it observed and
 * the bounds it expected, how many elements it looked at (with how many
 * missing and how many unexpected), a few sample rows, a message in plain
 * words that states the value seen and the bound broken, and the *scope*
 * of the finding: the dataset, the fields and the periods (and groups)
 * it is about.
 *
 * The scope is what lets a finding follow the numbers: a duplicated batch
 * of orders on 12 March affects the March values of the indicators that
 * read the orders ([method@Kpi.CheckResult.affects]), not April's, and not
 * an indicator over the survey answers.
 *
 * A check builds its result, then hands it over; a result is not changed
 * after that, and may be read from any thread. From Python, a subclass of
 * [class@Kpi.Check] makes one with
 * `Kpi.CheckResult(status=Kpi.CheckStatus.FAIL, message="...")`.
 *
 * ## Example
 *
 * ```c
 * const char * const fields[] = { "customer", NULL };
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
 * g_autoptr(KpiContext) context = kpi_context_new (NULL);
 * g_autoptr(KpiCheck) check = kpi_uniqueness_check_new ("orders", fields); // one order per customer?
 * g_autoptr(KpiCheckResult) result = NULL;
 *
 * if (!kpi_dataset_load_path (orders, "orders.csv", NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "orders", orders);
 * result = kpi_check_run (check, context, NULL, &error);
 * if (result == NULL)
 *   g_error ("%s", error->message);
 * g_print ("finding: %s, %u of %u rows\n", kpi_check_result_is_finding (result) ? "yes" : "no",
 *          kpi_check_result_get_unexpected_count (result), kpi_check_result_get_element_count (result));
 * for (guint i = 0; i < kpi_check_result_get_n_samples (result); i++)
 *   g_print ("row %u: %s\n", kpi_check_result_get_sample_row (result, i),
 *            kpi_check_result_get_sample_keys (result, i)[0]);
 * ```
 *
 * ```python
 * orders = Kpi.Dataset.new("date")
 * orders.load_path("orders.csv", None)
 * context = Kpi.Context.new(None)
 * context.add_dataset("orders", orders)
 * check = Kpi.UniquenessCheck.new("orders", ["customer"])  # one order per customer?
 * result = check.run(context, None)
 * print(f"finding: {'yes' if result.is_finding() else 'no'}, "
 *       f"{result.get_unexpected_count()} of {result.get_element_count()} rows")
 * for i in range(result.get_n_samples()):
 *     print(f"row {result.get_sample_row(i)}: {result.get_sample_keys(i)[0]}")
 * ```
 *
 * ```js
 * const orders = Kpi.Dataset.new('date');
 * orders.load_path('orders.csv', null);
 * const context = Kpi.Context.new(null);
 * context.add_dataset('orders', orders);
 * const check = Kpi.UniquenessCheck.new('orders', ['customer']); // one order per customer?
 * const result = check.run(context, null);
 * print(`finding: ${result.is_finding() ? 'yes' : 'no'}, ` +
 *       `${result.get_unexpected_count()} of ${result.get_element_count()} rows`);
 * for (let i = 0; i < result.get_n_samples(); i++)
 *     print(`row ${result.get_sample_row(i)}: ${result.get_sample_keys(i)[0]}`);
 * ```
 *
 * Since: 0.1
 */

typedef struct
{
  guint   row;
  char  **keys;
} Sample;

typedef struct
{
  KpiPeriod *period;      /* nullable: every period */
  char      *dimension;   /* nullable: every group */
  char      *group;
} Affected;

struct _KpiCheckResult
{
  GObject         parent_instance;

  KpiCheckStatus  status;
  char           *message;
  char           *check_id;
  char           *check_type;
  double          observed;        /* NaN: none */
  double          expected_min;    /* NaN: unbounded */
  double          expected_max;
  guint           element_count;
  guint           missing_count;
  guint           unexpected_count;
  GArray         *samples;         /* of Sample */
  char           *dataset_name;
  char          **fields;          /* never NULL */
  GArray         *affected;        /* of Affected */
  gint64          evaluated_at;    /* 0: unknown */
  gint64          data_as_of;      /* 0: unknown */
};

enum {
  PROP_0,
  PROP_STATUS,
  PROP_MESSAGE,
  PROP_CHECK_ID,
  PROP_CHECK_TYPE,
  PROP_OBSERVED,
  PROP_DATASET_NAME,
  PROP_EVALUATED_AT,
  PROP_DATA_AS_OF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiCheckResult, kpi_check_result, G_TYPE_OBJECT)

static void
sample_clear (gpointer data)
{
  Sample *s = data;

  g_strfreev (s->keys);
}

static void
affected_clear (gpointer data)
{
  Affected *a = data;

  g_clear_pointer (&a->period, kpi_period_free);
  g_free (a->dimension);
  g_free (a->group);
}

static void
kpi_check_result_finalize (GObject *object)
{
  KpiCheckResult *self = KPI_CHECK_RESULT (object);

  g_free (self->message);
  g_free (self->check_id);
  g_free (self->check_type);
  g_array_unref (self->samples);
  g_free (self->dataset_name);
  g_strfreev (self->fields);
  g_array_unref (self->affected);

  G_OBJECT_CLASS (kpi_check_result_parent_class)->finalize (object);
}

static void
kpi_check_result_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KpiCheckResult *self = KPI_CHECK_RESULT (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_CHECK_ID:
      g_value_set_string (value, self->check_id);
      break;
    case PROP_CHECK_TYPE:
      g_value_set_string (value, self->check_type);
      break;
    case PROP_OBSERVED:
      g_value_set_double (value, self->observed);
      break;
    case PROP_DATASET_NAME:
      g_value_set_string (value, self->dataset_name);
      break;
    case PROP_EVALUATED_AT:
      g_value_set_int64 (value, self->evaluated_at);
      break;
    case PROP_DATA_AS_OF:
      g_value_set_int64 (value, self->data_as_of);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_check_result_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KpiCheckResult *self = KPI_CHECK_RESULT (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      kpi_check_result_set_status (self, g_value_get_enum (value));
      break;
    case PROP_MESSAGE:
      kpi_check_result_set_message (self, g_value_get_string (value));
      break;
    case PROP_CHECK_ID:
      kpi_check_result_set_check_id (self, g_value_get_string (value));
      break;
    case PROP_CHECK_TYPE:
      kpi_check_result_set_check_type (self, g_value_get_string (value));
      break;
    case PROP_OBSERVED:
      kpi_check_result_set_observed (self, g_value_get_double (value));
      break;
    case PROP_DATASET_NAME:
      kpi_check_result_set_dataset_name (self, g_value_get_string (value));
      break;
    case PROP_EVALUATED_AT:
      kpi_check_result_set_evaluated_at (self, g_value_get_int64 (value));
      break;
    case PROP_DATA_AS_OF:
      kpi_check_result_set_data_as_of (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_check_result_class_init (KpiCheckResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kpi_check_result_finalize;
  object_class->get_property = kpi_check_result_get_property;
  object_class->set_property = kpi_check_result_set_property;

  /**
   * KpiCheckResult:status:
   *
   * The verdict.
   *
   * Since: 0.1
   */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       KPI_TYPE_CHECK_STATUS, KPI_CHECK_STATUS_PASS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiCheckResult:message:
   *
   * What was found, in plain words, with the value seen and the bound
   * broken (`R07: no order since 2025-10-01; 4.1 orders a day before`).
   *
   * Since: 0.1
   */
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiCheckResult:check-id:
   *
   * The [property@Kpi.Check:id] of the check that found it.
   *
   * Since: 0.1
   */
  properties[PROP_CHECK_ID] =
    g_param_spec_string ("check-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiCheckResult:check-type:
   *
   * The kind of check, as a checks file names it (`uniqueness`), or the
   * type name of an application's own check.
   *
   * Since: 0.1
   */
  properties[PROP_CHECK_TYPE] =
    g_param_spec_string ("check-type", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiCheckResult:observed:
   *
   * The value the check observed (an age in days, a share of missing
   * values, a robust z-score...), NaN when there is none.
   *
   * Since: 0.1
   */
  properties[PROP_OBSERVED] =
    kpi_param_spec_nan_double ("observed", NAN,
                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiCheckResult:dataset-name:
   *
   * The dataset the result is about, as the context names it.
   *
   * Since: 0.1
   */
  properties[PROP_DATASET_NAME] =
    g_param_spec_string ("dataset-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiCheckResult:evaluated-at:
   *
   * When the check ran (the calendar's now), in microseconds since the
   * Unix epoch; 0 when unknown.
   *
   * Since: 0.1
   */
  properties[PROP_EVALUATED_AT] =
    g_param_spec_int64 ("evaluated-at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiCheckResult:data-as-of:
   *
   * How recent the data was ([property@Kpi.Dataset:data-as-of], or the
   * time of the newest row), in microseconds since the Unix epoch; 0 when
   * unknown.
   *
   * Since: 0.1
   */
  properties[PROP_DATA_AS_OF] =
    g_param_spec_int64 ("data-as-of", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_check_result_init (KpiCheckResult *self)
{
  self->observed = NAN;
  self->expected_min = NAN;
  self->expected_max = NAN;
  self->samples = g_array_new (FALSE, FALSE, sizeof (Sample));
  g_array_set_clear_func (self->samples, sample_clear);
  self->affected = g_array_new (FALSE, FALSE, sizeof (Affected));
  g_array_set_clear_func (self->affected, affected_clear);
  self->fields = g_new0 (char *, 1);
}

/**
 * kpi_check_result_new:
 * @status: the verdict
 * @message: (nullable): what was found, in plain words
 *
 * Creates a result, for a [class@Kpi.Check]'s `run` to fill in.
 *
 * Returns: (transfer full): a new result
 *
 * Since: 0.1
 */
KpiCheckResult *
kpi_check_result_new (KpiCheckStatus  status,
                      const char     *message)
{
  return g_object_new (KPI_TYPE_CHECK_RESULT,
                       "status", status,
                       "message", message,
                       NULL);
}

/**
 * kpi_check_result_get_status:
 * @self: a result
 *
 * Gets the verdict of the check.
 *
 * Returns: the verdict
 *
 * Since: 0.1
 */
KpiCheckStatus
kpi_check_result_get_status (KpiCheckResult *self)
{
  g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), KPI_CHECK_STATUS_ERROR);

  return self->status;
}

/**
 * kpi_check_result_set_status:
 * @self: a result
 * @status: the verdict
 *
 * Sets the verdict.
 *
 * Since: 0.1
 */
void
kpi_check_result_set_status (KpiCheckResult *self,
                             KpiCheckStatus  status)
{
  g_return_if_fail (KPI_IS_CHECK_RESULT (self));
  g_return_if_fail (status <= KPI_CHECK_STATUS_INSUFFICIENT_DATA);

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/**
 * kpi_check_result_is_finding:
 * @self: a result
 *
 * Whether the result is a finding: a warning or a failure, which taints
 * the values it affects.
 *
 * Returns: %TRUE for %KPI_CHECK_STATUS_WARN and %KPI_CHECK_STATUS_FAIL
 *
 * Since: 0.1
 */
gboolean
kpi_check_result_is_finding (KpiCheckResult *self)
{
  g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), FALSE);

  return self->status == KPI_CHECK_STATUS_WARN || self->status == KPI_CHECK_STATUS_FAIL;
}

#define STRING_ACCESSORS(field, prop)                            \
  const char *                                                          \
  kpi_check_result_get_##field (KpiCheckResult *self)                   \
  {                                                                     \
    g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), NULL);            \
    return self->field;                                                 \
  }                                                                     \
  void                                                                  \
  kpi_check_result_set_##field (KpiCheckResult *self,                   \
                                const char     *field)                  \
  {                                                                     \
    g_return_if_fail (KPI_IS_CHECK_RESULT (self));                      \
    if (kpi_set_str (&self->field, field))                              \
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);     \
  }

/**
 * kpi_check_result_get_message:
 * @self: a result
 *
 * Gets what was found, in plain words.
 *
 * Returns: (nullable): what was found, in plain words
 *
 * Since: 0.1
 */
/**
 * kpi_check_result_set_message:
 * @self: a result
 * @message: (nullable): what was found, in plain words
 *
 * Sets [property@Kpi.CheckResult:message].
 *
 * Since: 0.1
 */
STRING_ACCESSORS (message, PROP_MESSAGE)

/**
 * kpi_check_result_get_check_id:
 * @self: a result
 *
 * Gets the id of the check that made the result.
 *
 * Returns: (nullable): the id of the check that found it
 *
 * Since: 0.1
 */
/**
 * kpi_check_result_set_check_id:
 * @self: a result
 * @check_id: (nullable): the id of the check
 *
 * Sets [property@Kpi.CheckResult:check-id].
 *
 * Since: 0.1
 */
STRING_ACCESSORS (check_id, PROP_CHECK_ID)

/**
 * kpi_check_result_get_check_type:
 * @self: a result
 *
 * Gets the kind of check (`uniqueness`).
 *
 * Returns: (nullable): the kind of check (`uniqueness`)
 *
 * Since: 0.1
 */
/**
 * kpi_check_result_set_check_type:
 * @self: a result
 * @check_type: (nullable): the kind of check
 *
 * Sets [property@Kpi.CheckResult:check-type].
 *
 * Since: 0.1
 */
STRING_ACCESSORS (check_type, PROP_CHECK_TYPE)

/**
 * kpi_check_result_get_dataset_name:
 * @self: a result
 *
 * Gets the name of the dataset the result is about.
 *
 * Returns: (nullable): the name of the dataset the result is about
 *
 * Since: 0.1
 */
/**
 * kpi_check_result_set_dataset_name:
 * @self: a result
 * @dataset_name: (nullable): the name of the dataset
 *
 * Sets [property@Kpi.CheckResult:dataset-name].
 *
 * Since: 0.1
 */
STRING_ACCESSORS (dataset_name, PROP_DATASET_NAME)

#undef STRING_ACCESSORS

/**
 * kpi_check_result_get_observed:
 * @self: a result
 *
 * Gets the value the check observed.
 *
 * Returns: the value the check observed, NaN when there is none
 *
 * Since: 0.1
 */
double
kpi_check_result_get_observed (KpiCheckResult *self)
{
  g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), NAN);

  return self->observed;
}

/**
 * kpi_check_result_set_observed:
 * @self: a result
 * @observed: the value observed, NaN for none
 *
 * Sets [property@Kpi.CheckResult:observed].
 *
 * Since: 0.1
 */
void
kpi_check_result_set_observed (KpiCheckResult *self,
                               double          observed)
{
  g_return_if_fail (KPI_IS_CHECK_RESULT (self));

  if (self->observed == observed || (isnan (self->observed) && isnan (observed)))
    return;
  self->observed = observed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OBSERVED]);
}

/**
 * kpi_check_result_get_expected:
 * @self: a result
 * @min: (out) (optional): the lowest value expected, NaN when unbounded
 * @max: (out) (optional): the highest value expected, NaN when unbounded
 *
 * Gets the bounds the observed value was expected to lie within.
 *
 * Since: 0.1
 */
void
kpi_check_result_get_expected (KpiCheckResult *self,
                               double         *min,
                               double         *max)
{
  g_return_if_fail (KPI_IS_CHECK_RESULT (self));

  if (min != NULL)
    *min = self->expected_min;
  if (max != NULL)
    *max = self->expected_max;
}

/**
 * kpi_check_result_set_expected:
 * @self: a result
 * @min: the lowest value expected, NaN when unbounded
 * @max: the highest value expected, NaN when unbounded
 *
 * Sets the bounds the observed value was expected to lie within.
 *
 * Since: 0.1
 */
void
kpi_check_result_set_expected (KpiCheckResult *self,
                               double          min,
                               double          max)
{
  g_return_if_fail (KPI_IS_CHECK_RESULT (self));

  self->expected_min = min;
  self->expected_max = max;
}

/**
 * kpi_check_result_get_element_count:
 * @self: a result
 *
 * Gets how many elements (rows, periods, contributors) were looked at.
 *
 * Returns: how many elements (rows, periods, contributors) were looked at
 *
 * Since: 0.1
 */
guint
kpi_check_result_get_element_count (KpiCheckResult *self)
{
  g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), 0);

  return self->element_count;
}

/**
 * kpi_check_result_get_missing_count:
 * @self: a result
 *
 * Gets how many of the elements were missing.
 *
 * Returns: how many of the elements were missing
 *
 * Since: 0.1
 */
guint
kpi_check_result_get_missing_count (KpiCheckResult *self)
{
  g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), 0);

  return self->missing_count;
}

/**
 * kpi_check_result_get_unexpected_count:
 * @self: a result
 *
 * Gets how many of the elements broke the expectation.
 *
 * Returns: how many of the elements broke the expectation
 *
 * Since: 0.1
 */
guint
kpi_check_result_get_unexpected_count (KpiCheckResult *self)
{
  g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), 0);

  return self->unexpected_count;
}

/**
 * kpi_check_result_get_unexpected_fraction:
 * @self: a result
 *
 * The share of unexpected elements among those that were not missing,
 * as Great Expectations counts it: missing values are neither expected
 * nor unexpected.
 *
 * Returns: the unexpected count over the element count less the missing
 *   count, or NaN when every element is missing
 *
 * Since: 0.1
 */
double
kpi_check_result_get_unexpected_fraction (KpiCheckResult *self)
{
  guint present;

  g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), NAN);

  present = self->element_count - MIN (self->missing_count, self->element_count);
  return present == 0 ? NAN : (double) self->unexpected_count / present;
}

/**
 * kpi_check_result_set_counts:
 * @self: a result
 * @element_count: how many elements were looked at
 * @missing_count: how many of them were missing
 * @unexpected_count: how many of those not missing broke the expectation
 *
 * Sets the counts.
 *
 * Since: 0.1
 */
void
kpi_check_result_set_counts (KpiCheckResult *self,
                             guint           element_count,
                             guint           missing_count,
                             guint           unexpected_count)
{
  g_return_if_fail (KPI_IS_CHECK_RESULT (self));
  g_return_if_fail (missing_count <= element_count);
  g_return_if_fail (unexpected_count <= element_count - missing_count);

  self->element_count = element_count;
  self->missing_count = missing_count;
  self->unexpected_count = unexpected_count;
}

/**
 * kpi_check_result_add_sample:
 * @self: a result
 * @row: the row's index in the dataset (0-based)
 * @keys: (array zero-terminated=1) (nullable): the row's key fields, as
 *   text (`O057469`, `2025-03-12`)
 *
 * Adds a sample of the rows behind the finding. [method@Kpi.Check.add_sample]
 * adds one with the check's key fields, up to its maximum.
 *
 * Since: 0.1
 */
void
kpi_check_result_add_sample (KpiCheckResult     *self,
                             guint               row,
                             const char * const *keys)
{
  Sample s;

  g_return_if_fail (KPI_IS_CHECK_RESULT (self));

  s.row = row;
  s.keys = keys != NULL ? g_strdupv ((char **) keys) : g_new0 (char *, 1);
  g_array_append_val (self->samples, s);
}

/**
 * kpi_check_result_get_n_samples:
 * @self: a result
 *
 * Gets how many sample rows the result holds.
 *
 * Returns: how many sample rows the result holds
 *
 * Since: 0.1
 */
guint
kpi_check_result_get_n_samples (KpiCheckResult *self)
{
  g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), 0);

  return self->samples->len;
}

/**
 * kpi_check_result_get_sample_row:
 * @self: a result
 * @index: a sample, below [method@Kpi.CheckResult.get_n_samples]
 *
 * Gets the dataset row of a sample.
 *
 * Returns: the dataset row (0-based) of sample @index
 *
 * Since: 0.1
 */
guint
kpi_check_result_get_sample_row (KpiCheckResult *self,
                                 guint           index)
{
  g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), 0);
  g_return_val_if_fail (index < self->samples->len, 0);

  return g_array_index (self->samples, Sample, index).row;
}

/**
 * kpi_check_result_get_sample_keys:
 * @self: a result
 * @index: a sample, below [method@Kpi.CheckResult.get_n_samples]
 *
 * Gets the key fields of a sample, as text.
 *
 * Returns: (transfer none) (array zero-terminated=1): the key fields of
 *   sample @index, as text
 *
 * Since: 0.1
 */
const char * const *
kpi_check_result_get_sample_keys (KpiCheckResult *self,
                                  guint           index)
{
  g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), NULL);
  g_return_val_if_fail (index < self->samples->len, NULL);

  return (const char * const *) g_array_index (self->samples, Sample, index).keys;
}

/**
 * kpi_check_result_get_fields:
 * @self: a result
 *
 * The fields the result is about; none means whole rows (a duplicated
 * row, a period with no rows), which affects every field.
 *
 * Returns: (transfer none) (array zero-terminated=1): the field names
 *
 * Since: 0.1
 */
const char * const *
kpi_check_result_get_fields (KpiCheckResult *self)
{
  g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), NULL);

  return (const char * const *) self->fields;
}

/**
 * kpi_check_result_set_fields:
 * @self: a result
 * @fields: (array zero-terminated=1) (nullable): the field names; %NULL
 *   or none for whole rows
 *
 * Sets the fields the result is about.
 *
 * Since: 0.1
 */
void
kpi_check_result_set_fields (KpiCheckResult     *self,
                             const char * const *fields)
{
  g_return_if_fail (KPI_IS_CHECK_RESULT (self));

  g_strfreev (self->fields);
  self->fields = fields != NULL ? g_strdupv ((char **) fields) : g_new0 (char *, 1);
}

/**
 * kpi_check_result_add_affected:
 * @self: a result
 * @period: (nullable): a period the finding is about, %NULL for every
 *   period
 * @dimension: (nullable): the dimension of @group, %NULL for every group
 * @group: (nullable): the value of @dimension the finding is about (`R07`,
 *   `online`)
 *
 * Adds to the scope of the finding: the rows of @period (where
 * @dimension is @group, when given). A result with no such entry is about
 * every period of its dataset.
 *
 * Since: 0.1
 */
void
kpi_check_result_add_affected (KpiCheckResult  *self,
                               const KpiPeriod *period,
                               const char      *dimension,
                               const char      *group)
{
  Affected a;

  g_return_if_fail (KPI_IS_CHECK_RESULT (self));
  g_return_if_fail ((dimension == NULL) == (group == NULL));

  a.period = period != NULL ? kpi_period_copy (period) : NULL;
  a.dimension = g_strdup (dimension);
  a.group = g_strdup (group);
  g_array_append_val (self->affected, a);
}

/**
 * kpi_check_result_get_n_affected:
 * @self: a result
 *
 * Gets how many entries the scope has ([method@Kpi.CheckResult.add_affected]).
 *
 * Returns: how many entries the scope has
 *   ([method@Kpi.CheckResult.add_affected])
 *
 * Since: 0.1
 */
guint
kpi_check_result_get_n_affected (KpiCheckResult *self)
{
  g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), 0);

  return self->affected->len;
}

/**
 * kpi_check_result_get_affected:
 * @self: a result
 * @index: an entry, below [method@Kpi.CheckResult.get_n_affected]
 * @dimension: (out) (optional) (nullable) (transfer none): the dimension
 *   of the group
 * @group: (out) (optional) (nullable) (transfer none): the group
 *
 * Gets an entry of the finding's scope.
 *
 * Returns: (nullable) (transfer none): the period, %NULL for every period
 *
 * Since: 0.1
 */
const KpiPeriod *
kpi_check_result_get_affected (KpiCheckResult  *self,
                               guint            index,
                               const char     **dimension,
                               const char     **group)
{
  Affected *a;

  g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), NULL);
  g_return_val_if_fail (index < self->affected->len, NULL);

  a = &g_array_index (self->affected, Affected, index);
  if (dimension != NULL)
    *dimension = a->dimension;
  if (group != NULL)
    *group = a->group;
  return a->period;
}

static gboolean
fields_overlap (char               **mine,
                const char * const  *theirs)
{
  if (mine[0] == NULL || theirs == NULL || theirs[0] == NULL)
    return TRUE;   /* whole rows on either side */
  for (guint i = 0; mine[i] != NULL; i++)
    if (g_strv_contains (theirs, mine[i]))
      return TRUE;
  return FALSE;
}

static gboolean
periods_overlap (const KpiPeriod *a,
                 const KpiPeriod *b)
{
  if (a == NULL || b == NULL)
    return TRUE;
  return kpi_period_get_start (a) < kpi_period_get_end (b)
         && kpi_period_get_start (b) < kpi_period_get_end (a);
}

/**
 * kpi_check_result_affects:
 * @self: a result
 * @dataset_name: the name of a dataset a value reads
 * @fields: (array zero-terminated=1) (nullable): the fields it reads;
 *   %NULL for all
 * @period: (nullable): the period it reads; %NULL for all
 * @dimension: (nullable): the dimension of the value's group, for a value
 *   of a breakdown
 * @group: (nullable): the value's group
 *
 * Whether the finding's scope overlaps what a value reads: the same
 * dataset, a field in common (or whole rows), a period that overlaps one
 * of the scope's, and, when both name a group of the same dimension, the
 * same group. Results that are not findings affect nothing.
 *
 * Returns: %TRUE when the finding taints such a value
 *
 * Since: 0.1
 */
gboolean
kpi_check_result_affects (KpiCheckResult     *self,
                          const char         *dataset_name,
                          const char * const *fields,
                          const KpiPeriod    *period,
                          const char         *dimension,
                          const char         *group)
{
  g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), FALSE);
  g_return_val_if_fail (dataset_name != NULL, FALSE);

  if (!kpi_check_result_is_finding (self))
    return FALSE;
  if (g_strcmp0 (self->dataset_name, dataset_name) != 0)
    return FALSE;
  if (!fields_overlap (self->fields, fields))
    return FALSE;
  return kpi_check_result_affects_scope (self, period, dimension, group);
}

/* See kpi-check-private.h */
gboolean
kpi_check_result_affects_scope (KpiCheckResult  *self,
                                const KpiPeriod *period,
                                const char      *dimension,
                                const char      *group)
{
  if (self->affected->len == 0)
    return TRUE;
  for (guint i = 0; i < self->affected->len; i++)
    {
      Affected *a = &g_array_index (self->affected, Affected, i);

      if (!periods_overlap (a->period, period))
        continue;
      if (a->dimension != NULL && dimension != NULL
          && strcmp (a->dimension, dimension) == 0
          && g_strcmp0 (a->group, group) != 0)
        continue;
      return TRUE;
    }
  return FALSE;
}

/**
 * kpi_check_result_get_evaluated_at:
 * @self: a result
 *
 * Gets when the check ran.
 *
 * Returns: when the check ran, in microseconds since the Unix epoch; 0
 *   when unknown
 *
 * Since: 0.1
 */
gint64
kpi_check_result_get_evaluated_at (KpiCheckResult *self)
{
  g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), 0);

  return self->evaluated_at;
}

/**
 * kpi_check_result_set_evaluated_at:
 * @self: a result
 * @evaluated_at: when the check ran, in microseconds since the Unix epoch
 *
 * Sets [property@Kpi.CheckResult:evaluated-at].
 *
 * Since: 0.1
 */
void
kpi_check_result_set_evaluated_at (KpiCheckResult *self,
                                   gint64          evaluated_at)
{
  g_return_if_fail (KPI_IS_CHECK_RESULT (self));

  if (self->evaluated_at == evaluated_at)
    return;
  self->evaluated_at = evaluated_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVALUATED_AT]);
}

/**
 * kpi_check_result_get_data_as_of:
 * @self: a result
 *
 * Gets how recent the data was.
 *
 * Returns: how recent the data was, in microseconds since the Unix epoch;
 *   0 when unknown
 *
 * Since: 0.1
 */
gint64
kpi_check_result_get_data_as_of (KpiCheckResult *self)
{
  g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), 0);

  return self->data_as_of;
}

/**
 * kpi_check_result_set_data_as_of:
 * @self: a result
 * @data_as_of: how recent the data was, in microseconds since the Unix
 *   epoch
 *
 * Sets [property@Kpi.CheckResult:data-as-of].
 *
 * Since: 0.1
 */
void
kpi_check_result_set_data_as_of (KpiCheckResult *self,
                                 gint64          data_as_of)
{
  g_return_if_fail (KPI_IS_CHECK_RESULT (self));

  if (self->data_as_of == data_as_of)
    return;
  self->data_as_of = data_as_of;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_AS_OF]);
}

static void
add_number (JsonBuilder *b,
            const char  *name,
            double       x)
{
  json_builder_set_member_name (b, name);
  if (isfinite (x))
    json_builder_add_double_value (b, x);
  else
    json_builder_add_null_value (b);
}

static void
add_instant (JsonBuilder *b,
             const char  *name,
             gint64       t)
{
  json_builder_set_member_name (b, name);
  if (t != 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC);

      if (dt != NULL)
        {
          g_autofree char *text = g_date_time_format_iso8601 (dt);
          json_builder_add_string_value (b, text);
          return;
        }
    }
  json_builder_add_null_value (b);
}

/**
 * kpi_check_result_to_json:
 * @self: a result
 *
 * Writes the result as one JSON object: `check`, `type`, `status`
 * (`pass`, `warn`, `fail`, `error`, `insufficient-data`), `message`,
 * `observed`, `expected_min`, `expected_max` (null when none),
 * `element_count`, `missing_count`, `unexpected_count`,
 * `unexpected_fraction`, `dataset`, `fields`, `affected` (objects with
 * `period`, and `dimension` and `group` when set), `samples` (objects
 * with `row` and `keys`), `evaluated_at` and `data_as_of` (ISO 8601 in
 * UTC, null when unknown). `kpi check --format json` prints these.
 *
 * Returns: (transfer full): the JSON text, on one line
 *
 * Since: 0.1
 */
char *
kpi_check_result_to_json (KpiCheckResult *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GEnumValue *status;

  g_return_val_if_fail (KPI_IS_CHECK_RESULT (self), NULL);

  status = g_enum_get_value (g_type_class_peek (KPI_TYPE_CHECK_STATUS), self->status);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "check");
  json_builder_add_string_value (b, self->check_id);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, self->check_type);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, status->value_nick);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, self->message);
  add_number (b, "observed", self->observed);
  add_number (b, "expected_min", self->expected_min);
  add_number (b, "expected_max", self->expected_max);
  json_builder_set_member_name (b, "element_count");
  json_builder_add_int_value (b, self->element_count);
  json_builder_set_member_name (b, "missing_count");
  json_builder_add_int_value (b, self->missing_count);
  json_builder_set_member_name (b, "unexpected_count");
  json_builder_add_int_value (b, self->unexpected_count);
  add_number (b, "unexpected_fraction", kpi_check_result_get_unexpected_fraction (self));
  json_builder_set_member_name (b, "dataset");
  json_builder_add_string_value (b, self->dataset_name);
  json_builder_set_member_name (b, "fields");
  json_builder_begin_array (b);
  for (guint i = 0; self->fields[i] != NULL; i++)
    json_builder_add_string_value (b, self->fields[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "affected");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->affected->len; i++)
    {
      Affected *a = &g_array_index (self->affected, Affected, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "period");
      json_builder_add_string_value (b, a->period != NULL ? kpi_period_get_label (a->period) : NULL);
      if (a->dimension != NULL)
        {
          json_builder_set_member_name (b, "dimension");
          json_builder_add_string_value (b, a->dimension);
          json_builder_set_member_name (b, "group");
          json_builder_add_string_value (b, a->group);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "samples");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->samples->len; i++)
    {
      Sample *s = &g_array_index (self->samples, Sample, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "row");
      json_builder_add_int_value (b, s->row);
      json_builder_set_member_name (b, "keys");
      json_builder_begin_array (b);
      for (guint k = 0; s->keys[k] != NULL; k++)
        json_builder_add_string_value (b, s->keys[k]);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_instant (b, "evaluated_at", self->evaluated_at);
  add_instant (b, "data_as_of", self->data_as_of);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}
