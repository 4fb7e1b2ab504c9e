/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-funnel.c: the funnel and its counts
 *
 * The KpiFunnel object (its dataset, entity and stage columns, stages,
 * amount and probability columns, closed stages) and the counting behind
 * kpi_funnel_evaluate() and kpi_funnel_evaluate_by(): one scan of the
 * events finds when each entity entered and when it first reached each
 * stage, and each basis counts from that. What follows from the counts
 * (conversions, drop-offs, warnings) is the result's, in
 * kpi-funnel-result.c; the open pipeline is in kpi-funnel-pipeline.c. */

#include "config.h"

#include <string.h>

#include "kpi.h"
#include "kpi-funnel-private.h"
#include "kpi-suggest-private.h"
#include "kpi-util-private.h"

/**
 * KpiFunnel:
 *
 * A sales funnel: ordered stages that entities (opportunities, leads,
 * sign-ups) go through, computed from a dataset of stage events.
 *
 * The dataset holds one row per stage an entity reached: the time of the
 * row, the entity (a dimension such as an opportunity id), the stage (a
 * dimension such as `lead`, `qualified`, `proposal`, `negotiation`, `won`)
 * and, for the weighted pipeline, an amount and a probability. The funnel
 * is given its stages in order; rows of a stage that is not listed (such as
 * `lost`) make no progress.
 *
 * An entity *reached* a stage when it has an event of that stage or of any
 * later one: an opportunity that went from `lead` straight to `proposal`
 * reached `qualified` too, at the time of its `proposal` event. This keeps
 * the counts of a cohort from growing from one stage to the next, so that a
 * conversion rate can never exceed 100 %. An entity reaches each stage
 * once, at the first time it does: a reopened opportunity that goes through
 * `proposal` again is not counted twice.
 *
 * [method@Kpi.Funnel.evaluate] counts, for a period, how many entities
 * reached each stage, on one of two bases that answer two questions:
 *
 * - %KPI_FUNNEL_BASIS_COHORT: of the opportunities created in January, how
 *   many got to each stage (by now)? The entities whose first event is in
 *   the period, followed through all their later events, whenever they
 *   happen. Its stage-to-stage conversions are true rates.
 * - %KPI_FUNNEL_BASIS_PERIOD: how many opportunities got to each stage in
 *   January, whenever they were created? Each entity is counted for the
 *   stages it first reached in the period. These counts add up over
 *   periods, but their ratios are throughput ratios rather than conversion
 *   rates: December's leads may become January's proposals, so a later
 *   stage can count more entities than an earlier one. Such ratios are
 *   reported as 1 and flagged with %KPI_FUNNEL_FLAG_CLAMPED; the counts
 *   themselves are reported as they are.
 *
 * The result ([struct@Kpi.FunnelResult]) gives the counts, the stage-to-stage
 * and overall conversions, and the stage with the biggest drop-off.
 *
 * [method@Kpi.Funnel.weighted_pipeline] gives the open pipeline at an
 * instant: the entities whose latest event is not of a closed stage, their
 * amount, and their amount weighted by the probability of their current
 * stage. By default the last listed stage and every stage that is not
 * listed close an entity (`won` and `lost`);
 * [method@Kpi.Funnel.set_closed_stages] says otherwise.
 *
 * ```python
 * from gi.repository import Kpi
 *
 * events = Kpi.Dataset.new("date")
 * events.load_path("opportunities.csv", None)
 * funnel = Kpi.Funnel.new(events, "opportunity", "stage",
 *                         ["lead", "qualified", "proposal", "negotiation", "won"])
 * funnel.set_amount_column("amount")
 * funnel.set_probability_column("probability")
 *
 * calendar = Kpi.Calendar.new(None, 1)
 * january = calendar.parse_period("2025-01")
 * result = funnel.evaluate(calendar, january, Kpi.FunnelBasis.COHORT)
 * for i in range(result.get_n_stages()):
 *     print(result.get_stage_name(i), result.get_stage_count(i))
 * print("won:", result.get_overall_conversion())
 * ```
 *
 * ## Threads
 *
 * A funnel may be evaluated from several threads at once (its dataset
 * takes care of the rows), but its stages and columns must not change
 * while another thread evaluates it. Its results are immutable values.
 *
 * ## Example
 *
 * ```c
 * // one row per stage an opportunity reached
 * const char *events_csv = "date,opportunity,stage\n"
 *                          "2025-01-03,O1,lead\n2025-01-05,O2,lead\n2025-01-08,O3,lead\n"
 *                          "2025-01-10,O1,qualified\n2025-01-20,O2,qualified\n2025-02-02,O1,won\n";
 * const char * const stages[] = { "lead", "qualified", "won" };
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) events = kpi_dataset_new ("date");
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiPeriod) january = kpi_calendar_parse_period (calendar, "2025-01", NULL);
 * g_autoptr(KpiFunnel) funnel = NULL;
 * g_autoptr(KpiFunnelResult) result = NULL;
 *
 * if (!kpi_dataset_load_data (events, (const guint8 *) events_csv, strlen (events_csv), NULL, &error) ||
 *     (funnel = kpi_funnel_new (events, "opportunity", "stage", stages, 3, &error)) == NULL ||
 *     (result = kpi_funnel_evaluate (funnel, calendar, january, KPI_FUNNEL_BASIS_COHORT, &error)) == NULL)
 *   g_error ("%s", error->message);
 * for (guint i = 0; i < kpi_funnel_result_get_n_stages (result); i++)
 *   g_print ("%s: %u\n", kpi_funnel_result_get_stage_name (result, i),
 *            kpi_funnel_result_get_stage_count (result, i));
 * ```
 *
 * ```python
 * # one row per stage an opportunity reached
 * events_csv = """date,opportunity,stage
 * 2025-01-03,O1,lead
 * 2025-01-05,O2,lead
 * 2025-01-08,O3,lead
 * 2025-01-10,O1,qualified
 * 2025-01-20,O2,qualified
 * 2025-02-02,O1,won
 * """
 * events = Kpi.Dataset.new("date")
 * events.load_data(events_csv.encode(), None)
 * calendar = Kpi.Calendar.new(None, 1)
 * funnel = Kpi.Funnel.new(events, "opportunity", "stage", ["lead", "qualified", "won"])
 * result = funnel.evaluate(calendar, calendar.parse_period("2025-01"), Kpi.FunnelBasis.COHORT)
 * for i in range(result.get_n_stages()):
 *     print(f"{result.get_stage_name(i)}: {result.get_stage_count(i)}")
 * ```
 *
 * ```js
 * // one row per stage an opportunity reached
 * const eventsCsv = `date,opportunity,stage
 * 2025-01-03,O1,lead
 * 2025-01-05,O2,lead
 * 2025-01-08,O3,lead
 * 2025-01-10,O1,qualified
 * 2025-01-20,O2,qualified
 * 2025-02-02,O1,won
 * `;
 * const events = Kpi.Dataset.new('date');
 * events.load_data(new TextEncoder().encode(eventsCsv), null);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const funnel = Kpi.Funnel.new(events, 'opportunity', 'stage', ['lead', 'qualified', 'won']);
 * const result = funnel.evaluate(calendar, calendar.parse_period('2025-01'), Kpi.FunnelBasis.COHORT);
 * for (let i = 0; i < result.get_n_stages(); i++)
 *     print(`${result.get_stage_name(i)}: ${result.get_stage_count(i)}`);
 * ```
 *
 * Since: 0.1
 */

/* A time no event has: "never reached". */
#define NEVER G_MAXINT64

enum {
  PROP_0,
  PROP_DATASET,
  PROP_ENTITY_COLUMN,
  PROP_STAGE_COLUMN,
  PROP_AMOUNT_COLUMN,
  PROP_PROBABILITY_COLUMN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiFunnel, kpi_funnel, G_TYPE_OBJECT)

/**
 * kpi_funnel_error_quark:
 *
 * The error domain of [class@Kpi.Funnel], %KPI_FUNNEL_ERROR; its codes
 * are the #KpiFunnelError enumeration.
 *
 * Returns: the quark of the domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (kpi-funnel-error-quark, kpi_funnel_error)

/* ------------------------------------------------------------------------ */
/* KpiFunnel                                                                */
/* ------------------------------------------------------------------------ */

static void
kpi_funnel_finalize (GObject *object)
{
  KpiFunnel *self = KPI_FUNNEL (object);

  g_clear_object (&self->dataset);
  g_free (self->entity_column);
  g_free (self->stage_column);
  g_strfreev (self->stages);
  g_free (self->amount_column);
  g_free (self->probability_column);
  g_hash_table_unref (self->stage_probability);
  g_clear_pointer (&self->closed, g_hash_table_unref);

  G_OBJECT_CLASS (kpi_funnel_parent_class)->finalize (object);
}

static void
kpi_funnel_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KpiFunnel *self = KPI_FUNNEL (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_ENTITY_COLUMN:
      g_value_set_string (value, self->entity_column);
      break;
    case PROP_STAGE_COLUMN:
      g_value_set_string (value, self->stage_column);
      break;
    case PROP_AMOUNT_COLUMN:
      g_value_set_string (value, self->amount_column);
      break;
    case PROP_PROBABILITY_COLUMN:
      g_value_set_string (value, self->probability_column);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_funnel_class_init (KpiFunnelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kpi_funnel_finalize;
  object_class->get_property = kpi_funnel_get_property;

  /**
   * KpiFunnel:dataset:
   *
   * The dataset of stage events.
   *
   * Since: 0.1
   */
  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, KPI_TYPE_DATASET,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * KpiFunnel:entity-column:
   *
   * The dimension column that identifies an entity (an opportunity id).
   *
   * Since: 0.1
   */
  properties[PROP_ENTITY_COLUMN] =
    g_param_spec_string ("entity-column", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * KpiFunnel:stage-column:
   *
   * The dimension column that holds the stage of an event.
   *
   * Since: 0.1
   */
  properties[PROP_STAGE_COLUMN] =
    g_param_spec_string ("stage-column", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * KpiFunnel:amount-column:
   *
   * The measure column that holds the amount of an entity, or %NULL. Set
   * it with [method@Kpi.Funnel.set_amount_column].
   *
   * Since: 0.1
   */
  properties[PROP_AMOUNT_COLUMN] =
    g_param_spec_string ("amount-column", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KpiFunnel:probability-column:
   *
   * The measure column that holds the probability of the stage of an event,
   * or %NULL. Set it with [method@Kpi.Funnel.set_probability_column].
   *
   * Since: 0.1
   */
  properties[PROP_PROBABILITY_COLUMN] =
    g_param_spec_string ("probability-column", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_funnel_init (KpiFunnel *self)
{
  self->stage_probability = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Checks that @column exists in @dataset and is of @kind, for the @role it
 * plays in the funnel; the messages name both, since "wrong kind" alone
 * does not say which argument was wrong. */
static gboolean
check_column (KpiDataset     *dataset,
              const char     *column,
              KpiColumnKind   kind,
              const char     *role,
              GError        **error)
{
  KpiColumnKind actual;

  if (!kpi_dataset_lookup_column (dataset, column, NULL, &actual))
    {
      guint n = kpi_dataset_get_n_columns (dataset);
      g_autofree const char **names = g_new (const char *, n);
      g_autofree char *shown = kpi_text_for_message (column, -1, KPI_MESSAGE_QUOTE_CHARS);
      g_autofree char *near = NULL;

      for (guint i = 0; i < n; i++)
        names[i] = kpi_dataset_get_column_name (dataset, i);
      near = kpi_suggest_suffix (column, names, n, "");
      g_set_error (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_UNKNOWN_COLUMN,
                   "the %s column “%s” is not a column of the dataset%s",
                   role, shown, near);
      return FALSE;
    }
  if (actual == kind)
    return TRUE;

  if (kind == KPI_COLUMN_DIMENSION && actual == KPI_COLUMN_MEASURE)
    /* the usual cause: numeric ids guessed to be numbers by the loader */
    g_set_error (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_COLUMN_KIND,
                 "the %s column “%s” must be a dimension, but it is a measure "
                 "(to read numeric identifiers as labels, load the data with "
                 "kpi_load_options_set_column_kind())", role, column);
  else if (kind == KPI_COLUMN_DIMENSION)
    g_set_error (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_COLUMN_KIND,
                 "the %s column “%s” must be a dimension, but it is the time column",
                 role, column);
  else
    g_set_error (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_COLUMN_KIND,
                 "the %s column “%s” must be a measure, but it is %s",
                 role, column,
                 actual == KPI_COLUMN_TIME ? "the time column" : "a dimension");
  return FALSE;
}

/**
 * kpi_funnel_new: (constructor)
 * @events: the dataset of stage events
 * @entity_column: the dimension column that identifies an entity
 * @stage_column: the dimension column that holds the stage of an event
 * @stages: (array length=n_stages): the stages, in funnel order
 * @n_stages: the number of stages
 * @error: return location for a #GError
 *
 * Creates a funnel over the events of @events. The dataset must have its
 * columns already; its rows may come later, every evaluation reading the
 * rows the dataset has at the time.
 *
 * Events of a stage that is not in @stages (such as `lost`) make no
 * progress; by default they close an entity, as the last stage does (see
 * [method@Kpi.Funnel.set_closed_stages]).
 *
 * Returns: (transfer full) (nullable): a new funnel, or %NULL with @error
 *   set when a column is unknown or of the wrong kind, or @stages is empty
 *   or holds an empty or duplicate name
 *
 * Since: 0.1
 */
KpiFunnel *
kpi_funnel_new (KpiDataset          *events,
                const char          *entity_column,
                const char          *stage_column,
                const char * const  *stages,
                gsize                n_stages,
                GError             **error)
{
  KpiFunnel *self;
  g_autoptr(GHashTable) seen = NULL;

  g_return_val_if_fail (KPI_IS_DATASET (events), NULL);
  g_return_val_if_fail (entity_column != NULL, NULL);
  g_return_val_if_fail (stage_column != NULL, NULL);
  g_return_val_if_fail (stages != NULL || n_stages == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_stages == 0)
    {
      g_set_error (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_INVALID_STAGES,
                   "a funnel needs at least one stage");
      return NULL;
    }
  /* Counts are guint and stage indices int: far beyond any real funnel. */
  if (n_stages > G_MAXINT / 2)
    {
      g_set_error (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_INVALID_STAGES,
                   "too many stages (%" G_GSIZE_FORMAT ")", n_stages);
      return NULL;
    }
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (gsize i = 0; i < n_stages; i++)
    {
      if (stages[i] == NULL || stages[i][0] == '\0' || !g_utf8_validate (stages[i], -1, NULL))
        {
          g_set_error (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_INVALID_STAGES,
                       "stage %" G_GSIZE_FORMAT ": a stage name must be non-empty UTF-8 text",
                       i + 1);
          return NULL;
        }
      if (!g_hash_table_add (seen, (gpointer) stages[i]))
        {
          g_set_error (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_INVALID_STAGES,
                       "the stage “%s” is listed twice", stages[i]);
          return NULL;
        }
    }
  if (!check_column (events, entity_column, KPI_COLUMN_DIMENSION, "entity", error) ||
      !check_column (events, stage_column, KPI_COLUMN_DIMENSION, "stage", error))
    return NULL;
  if (strcmp (entity_column, stage_column) == 0)
    {
      g_set_error (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_COLUMN_KIND,
                   "the entity and stage columns must differ (both are “%s”)",
                   entity_column);
      return NULL;
    }

  self = g_object_new (KPI_TYPE_FUNNEL, NULL);
  self->dataset = g_object_ref (events);
  self->entity_column = g_strdup (entity_column);
  self->stage_column = g_strdup (stage_column);
  self->n_stages = (guint) n_stages;
  self->stages = g_new (char *, n_stages + 1);
  for (gsize i = 0; i < n_stages; i++)
    self->stages[i] = g_strdup (stages[i]);
  self->stages[n_stages] = NULL;
  return self;
}

/**
 * kpi_funnel_get_dataset:
 * @self: a funnel
 *
 * Gives the dataset of stage events.
 *
 * Returns: (transfer none): the dataset
 *
 * Since: 0.1
 */
KpiDataset *
kpi_funnel_get_dataset (KpiFunnel *self)
{
  g_return_val_if_fail (KPI_IS_FUNNEL (self), NULL);

  return self->dataset;
}

/**
 * kpi_funnel_get_entity_column:
 * @self: a funnel
 *
 * Gives the name of the column that identifies an entity.
 *
 * Returns: the column name
 *
 * Since: 0.1
 */
const char *
kpi_funnel_get_entity_column (KpiFunnel *self)
{
  g_return_val_if_fail (KPI_IS_FUNNEL (self), NULL);

  return self->entity_column;
}

/**
 * kpi_funnel_get_stage_column:
 * @self: a funnel
 *
 * Gives the name of the column that holds the stage of an event.
 *
 * Returns: the column name
 *
 * Since: 0.1
 */
const char *
kpi_funnel_get_stage_column (KpiFunnel *self)
{
  g_return_val_if_fail (KPI_IS_FUNNEL (self), NULL);

  return self->stage_column;
}

/**
 * kpi_funnel_get_n_stages:
 * @self: a funnel
 *
 * Gives the number of stages.
 *
 * Returns: the number of stages
 *
 * Since: 0.1
 */
guint
kpi_funnel_get_n_stages (KpiFunnel *self)
{
  g_return_val_if_fail (KPI_IS_FUNNEL (self), 0);

  return self->n_stages;
}

/**
 * kpi_funnel_get_stages:
 * @self: a funnel
 *
 * Gives the stages, in funnel order.
 *
 * Returns: (array zero-terminated=1) (transfer none): the stage names
 *
 * Since: 0.1
 */
const char * const *
kpi_funnel_get_stages (KpiFunnel *self)
{
  g_return_val_if_fail (KPI_IS_FUNNEL (self), NULL);

  return (const char * const *) self->stages;
}

/**
 * kpi_funnel_set_amount_column:
 * @self: a funnel
 * @column: (nullable): the name of a measure column, or %NULL for none
 * @error: return location for a #GError
 *
 * Sets the column that holds the amount of an entity (the value of an
 * opportunity), which the weighted pipeline sums. When the amount changes
 * from one event to the next, the pipeline takes the latest one.
 *
 * Returns: %TRUE, or %FALSE with @error set when @column is not a measure
 *   column of the dataset
 *
 * Since: 0.1
 */
gboolean
kpi_funnel_set_amount_column (KpiFunnel   *self,
                              const char  *column,
                              GError     **error)
{
  g_return_val_if_fail (KPI_IS_FUNNEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (column != NULL && !check_column (self->dataset, column, KPI_COLUMN_MEASURE, "amount", error))
    return FALSE;
  if (kpi_set_str (&self->amount_column, column))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AMOUNT_COLUMN]);
  return TRUE;
}

/**
 * kpi_funnel_get_amount_column:
 * @self: a funnel
 *
 * Gives the name of the amount column.
 *
 * Returns: (nullable): the column name, or %NULL when none was set
 *
 * Since: 0.1
 */
const char *
kpi_funnel_get_amount_column (KpiFunnel *self)
{
  g_return_val_if_fail (KPI_IS_FUNNEL (self), NULL);

  return self->amount_column;
}

/**
 * kpi_funnel_set_probability_column:
 * @self: a funnel
 * @column: (nullable): the name of a measure column, or %NULL for none
 * @error: return location for a #GError
 *
 * Sets the column that holds, on each event, the probability (0 to 1) that
 * an entity at that stage is won. The weighted pipeline takes the
 * probability of an entity's latest event, unless its stage has a
 * probability of its own ([method@Kpi.Funnel.set_stage_probability]).
 *
 * Returns: %TRUE, or %FALSE with @error set when @column is not a measure
 *   column of the dataset
 *
 * Since: 0.1
 */
gboolean
kpi_funnel_set_probability_column (KpiFunnel   *self,
                                   const char  *column,
                                   GError     **error)
{
  g_return_val_if_fail (KPI_IS_FUNNEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (column != NULL && !check_column (self->dataset, column, KPI_COLUMN_MEASURE, "probability", error))
    return FALSE;
  if (kpi_set_str (&self->probability_column, column))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBABILITY_COLUMN]);
  return TRUE;
}

/**
 * kpi_funnel_get_probability_column:
 * @self: a funnel
 *
 * Gives the name of the probability column.
 *
 * Returns: (nullable): the column name, or %NULL when none was set
 *
 * Since: 0.1
 */
const char *
kpi_funnel_get_probability_column (KpiFunnel *self)
{
  g_return_val_if_fail (KPI_IS_FUNNEL (self), NULL);

  return self->probability_column;
}

/**
 * kpi_funnel_set_stage_probability:
 * @self: a funnel
 * @stage: a stage name, listed or not
 * @probability: the probability that an entity at @stage is won, from 0
 *   to 1
 * @error: return location for a #GError
 *
 * Sets the probability of a stage, for the weighted pipeline. It takes
 * precedence over the probability column, so that a sales policy (a
 * proposal is worth 50 %) can override what the events say.
 *
 * Returns: %TRUE, or %FALSE with @error set when @probability is not
 *   between 0 and 1
 *
 * Since: 0.1
 */
gboolean
kpi_funnel_set_stage_probability (KpiFunnel   *self,
                                  const char  *stage,
                                  double       probability,
                                  GError     **error)
{
  g_return_val_if_fail (KPI_IS_FUNNEL (self), FALSE);
  g_return_val_if_fail (stage != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* written so that NaN fails too */
  if (!(probability >= 0.0 && probability <= 1.0))
    {
      g_autofree char *shown = kpi_text_for_message (stage, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_set_error (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_INVALID_PROBABILITY,
                   "the probability of stage “%s” must be between 0 and 1, not %g",
                   shown, probability);
      return FALSE;
    }
  g_hash_table_replace (self->stage_probability, g_strdup (stage),
                        g_memdup2 (&probability, sizeof probability));
  return TRUE;
}

/**
 * kpi_funnel_set_closed_stages:
 * @self: a funnel
 * @stages: (array length=n_stages) (nullable): the stages that close an
 *   entity, listed in the funnel or not
 * @n_stages: the number of stages in @stages
 *
 * Sets the stages that close an entity: an entity whose latest event is of
 * one of them is out of the open pipeline. With %NULL (the default), the
 * last listed stage and every stage that is not listed close an entity,
 * which suits `lead` … `won` plus `lost`. With a list, exactly those stages
 * do: an entity whose latest event is of a stage neither listed in the
 * funnel nor closed (such as `on-hold`) stays open.
 *
 * Closed stages only matter to the pipeline: the counts of
 * [method@Kpi.Funnel.evaluate] follow every event.
 *
 * Since: 0.1
 */
void
kpi_funnel_set_closed_stages (KpiFunnel          *self,
                              const char * const *stages,
                              gsize               n_stages)
{
  g_return_if_fail (KPI_IS_FUNNEL (self));
  g_return_if_fail (stages != NULL || n_stages == 0);

  g_clear_pointer (&self->closed, g_hash_table_unref);
  if (stages == NULL)
    return;
  self->closed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (gsize i = 0; i < n_stages; i++)
    if (stages[i] != NULL)
      g_hash_table_add (self->closed, g_strdup (stages[i]));
}

int
kpi_funnel_stage_index (KpiFunnel  *self,
                        const char *stage)
{
  for (guint k = 0; k < self->n_stages; k++)
    if (strcmp (self->stages[k], stage) == 0)
      return (int) k;
  return -1;
}

/**
 * kpi_funnel_is_closed_stage:
 * @self: a funnel
 * @stage: a stage name
 *
 * Tells whether an event of @stage closes an entity (see
 * [method@Kpi.Funnel.set_closed_stages]).
 *
 * Returns: %TRUE if @stage is a closed stage
 *
 * Since: 0.1
 */
gboolean
kpi_funnel_is_closed_stage (KpiFunnel  *self,
                            const char *stage)
{
  int k;

  g_return_val_if_fail (KPI_IS_FUNNEL (self), FALSE);
  g_return_val_if_fail (stage != NULL, FALSE);

  if (self->closed != NULL)
    return g_hash_table_contains (self->closed, stage);
  k = kpi_funnel_stage_index (self, stage);
  return k < 0 || (guint) k == self->n_stages - 1;
}

/* ------------------------------------------------------------------------ */
/* Evaluation                                                               */
/* ------------------------------------------------------------------------ */

void
kpi_funnel_columns_clear (KpiFunnelColumns *c)
{
  g_free (c->stage_of_code);
}

void
kpi_funnel_columns_init (KpiFunnel        *self,
                         KpiFunnelColumns *c)
{
  const char * const *stage_dict;
  gsize n;

  memset (c, 0, sizeof *c);
  c->times = kpi_dataset_get_times (self->dataset, &c->n_rows);
  c->entity = kpi_dataset_get_dimension_codes (self->dataset, self->entity_column, &n);
  c->stage = kpi_dataset_get_dimension_codes (self->dataset, self->stage_column, &n);
  kpi_dataset_get_dimension_dictionary (self->dataset, self->entity_column, &c->n_entities);
  stage_dict = kpi_dataset_get_dimension_dictionary (self->dataset, self->stage_column,
                                                     &c->n_stage_codes);
  c->stage_of_code = g_new (int, MAX (c->n_stage_codes, 1));
  for (gsize i = 0; i < c->n_stage_codes; i++)
    c->stage_of_code[i] = kpi_funnel_stage_index (self, stage_dict[i]);
  if (c->n_rows == 0)
    c->times = NULL;
}

/* The scan state of one evaluation: when each entity entered, and when it
 * first reached each stage. Entities are indexed by their code in the
 * entity dictionary (KpiFunnelColumns.n_entities of them); an entity with
 * no counted event keeps first = NEVER. Both bases count from this: the
 * cohort basis by first, the period basis by reach. */
typedef struct
{
  gint64  *first;        /* per entity: time of its first event, or NEVER */
  gsize   *first_row;    /* per entity: the row of that event (its group
                          * in a breakdown) */
  gint64  *reach;        /* per entity × stage, row-major (entity e, stage
                          * k at e * n_stages + k): when it first reached
                          * the stage, or NEVER; reaching a stage reaches
                          * every earlier one */
  guint8  *in_period;    /* per entity: has an event in the period */
  guint    n_ignored;    /* rows without an entity or a stage */
} Scan;

static void
scan_clear (Scan *s)
{
  g_free (s->first);
  g_free (s->first_row);
  g_free (s->reach);
  g_free (s->in_period);
}

static void
scan_events (KpiFunnel              *self,
             const KpiFunnelColumns *c,
             gint64                  start,
             gint64                  end,
             gboolean                has_as_of,
             gint64                  as_of,
             Scan                   *s)
{
  gsize n_entities = c->n_entities, n_stages = self->n_stages;

  s->first = g_new (gint64, MAX (n_entities, 1));
  s->first_row = g_new0 (gsize, MAX (n_entities, 1));
  s->reach = g_new (gint64, MAX (n_entities * n_stages, 1));
  s->in_period = g_new0 (guint8, MAX (n_entities, 1));
  s->n_ignored = 0;
  for (gsize e = 0; e < n_entities; e++)
    s->first[e] = NEVER;
  for (gsize i = 0; i < n_entities * n_stages; i++)
    s->reach[i] = NEVER;

  for (gsize row = 0; row < c->n_rows; row++)
    {
      guint32 e = c->entity[row], code = c->stage[row];
      gint64 t = c->times[row];
      int k;

      if (e == KPI_DIMENSION_MISSING || code == KPI_DIMENSION_MISSING)
        {
          s->n_ignored++;
          continue;
        }
      /* Not happened yet, as of the calendar's now. */
      if (has_as_of && t > as_of)
        continue;
      /* strictly earlier: on a tie, the first row is the entry event */
      if (t < s->first[e])
        {
          s->first[e] = t;
          s->first_row[e] = row;
        }
      if (t >= start && t < end)
        s->in_period[e] = 1;
      k = c->stage_of_code[code];
      if (k >= 0 && t < s->reach[e * n_stages + (gsize) k])
        s->reach[e * n_stages + (gsize) k] = t;
    }

  /* Reaching a stage passes every earlier one, at the same time: a skipped
   * stage is reached when the next stage is, and a stage reached after a
   * later one (data entered out of order) counts as reached by then. */
  for (gsize e = 0; e < n_entities; e++)
    {
      gint64 *r = s->reach + e * n_stages;

      for (gsize k = n_stages - 1; k > 0; k--)
        if (r[k] < r[k - 1])
          r[k - 1] = r[k];
    }
}

/* Adds entity @e to @counts (n_stages) if the basis counts it; returns
 * whether it is one of the entities the result is about. */
static gboolean
count_entity (const Scan     *s,
              gsize           e,
              guint           n_stages,
              KpiFunnelBasis  basis,
              gint64          start,
              gint64          end,
              guint          *counts)
{
  const gint64 *r = s->reach + e * n_stages;

  if (basis == KPI_FUNNEL_BASIS_COHORT)
    {
      if (s->first[e] < start || s->first[e] >= end)
        return FALSE;
      for (guint k = 0; k < n_stages && r[k] != NEVER; k++)
        counts[k]++;
      return TRUE;
    }

  for (guint k = 0; k < n_stages; k++)
    if (r[k] >= start && r[k] < end)
      counts[k]++;
  return s->in_period[e] != 0;
}

static void
evaluation_time (KpiCalendar *calendar,
                 gboolean    *has_as_of,
                 gint64      *as_of)
{
  *has_as_of = calendar != NULL;
  *as_of = calendar != NULL ? kpi_calendar_get_now (calendar) : 0;
  /* a calendar's "now" of 0 means the real clock */
  if (calendar != NULL && *as_of == 0)
    *as_of = g_get_real_time ();
}

/**
 * kpi_funnel_evaluate:
 * @self: a funnel
 * @calendar: (nullable): the calendar whose present
 *   ([property@Kpi.Calendar:now], or the real clock) the result is computed
 *   as of, or %NULL to count every event of the dataset
 * @period: the period
 * @basis: which entities and events to count
 * @error: return location for a #GError
 *
 * Counts the entities that reached each stage, for @period, on @basis (see
 * [enum@Kpi.FunnelBasis]), and derives the conversions and drop-offs.
 *
 * Events after the calendar's present are left out, as if they had not
 * happened yet: a cohort is followed up to then, and a result can be
 * reproduced as it was on a given day by setting the calendar's
 * [property@Kpi.Calendar:now].
 *
 * Rows whose entity or stage is missing are ignored and counted
 * ([method@Kpi.FunnelResult.get_n_ignored_rows]).
 *
 * No error is defined yet: @error keeps room for evaluations that can fail
 * (cancelled ones, or over sources other than an in-memory dataset).
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error set
 *
 * Since: 0.1
 */
KpiFunnelResult *
kpi_funnel_evaluate (KpiFunnel        *self,
                     KpiCalendar      *calendar,
                     const KpiPeriod  *period,
                     KpiFunnelBasis    basis,
                     GError          **error)
{
  KpiFunnelColumns c;
  Scan s = { 0 };
  gint64 start, end, as_of;
  gboolean has_as_of;
  guint n_entities = 0;
  g_autofree guint *counts = NULL;
  KpiFunnelResult *result;

  g_return_val_if_fail (KPI_IS_FUNNEL (self), NULL);
  g_return_val_if_fail (self->dataset != NULL, NULL);
  g_return_val_if_fail (calendar == NULL || KPI_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (basis == KPI_FUNNEL_BASIS_COHORT || basis == KPI_FUNNEL_BASIS_PERIOD, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  start = kpi_period_get_start (period);
  end = kpi_period_get_end (period);
  evaluation_time (calendar, &has_as_of, &as_of);

  kpi_funnel_columns_init (self, &c);
  scan_events (self, &c, start, end, has_as_of, as_of, &s);
  counts = g_new0 (guint, self->n_stages);
  for (gsize e = 0; e < c.n_entities; e++)
    if (count_entity (&s, e, self->n_stages, basis, start, end, counts))
      n_entities++;

  result = kpi_funnel_result_new (self, basis, period, has_as_of, as_of, NULL,
                                  counts, n_entities, s.n_ignored);
  scan_clear (&s);
  kpi_funnel_columns_clear (&c);
  return result;
}

static int
compare_results_by_group (gconstpointer a,
                          gconstpointer b)
{
  const KpiFunnelResult *ra = *(KpiFunnelResult * const *) a;
  const KpiFunnelResult *rb = *(KpiFunnelResult * const *) b;

  const char *ga = kpi_funnel_result_get_group (ra);
  const char *gb = kpi_funnel_result_get_group (rb);

  /* the entities without a group value last */
  if (ga == NULL || gb == NULL)
    return (ga == NULL) - (gb == NULL);
  return strcmp (ga, gb);
}

/**
 * kpi_funnel_evaluate_by:
 * @self: a funnel
 * @calendar: (nullable): the calendar whose current time the results are
 *   computed as of, or %NULL to count every event
 * @period: the period
 * @basis: which entities and events to count
 * @group_column: a dimension column of the dataset, such as a region
 * @error: return location for a #GError
 *
 * Evaluates the funnel as [method@Kpi.Funnel.evaluate] does, once per value
 * of @group_column. An entity belongs to the group of its first event, so
 * that it is counted in one group only and the counts of the groups add up
 * to the counts of [method@Kpi.Funnel.evaluate]; the entities whose first
 * event has no group value make a last result whose group is %NULL.
 * Groups without any entity in the result are left out.
 *
 * The array frees its results when it is freed: free it with
 * g_ptr_array_unref(). (It is annotated `transfer container` because
 * bindings read `transfer full` of an array with a free function as a
 * licence to free every element a second time.)
 *
 * Returns: (transfer container) (element-type KpiFunnelResult) (nullable):
 *   the results, sorted by group, or %NULL with @error set when
 *   @group_column is not a dimension column
 *
 * Since: 0.1
 */
GPtrArray *
kpi_funnel_evaluate_by (KpiFunnel        *self,
                        KpiCalendar      *calendar,
                        const KpiPeriod  *period,
                        KpiFunnelBasis    basis,
                        const char       *group_column,
                        GError          **error)
{
  KpiFunnelColumns c;
  Scan s = { 0 };
  gint64 start, end, as_of;
  gboolean has_as_of;
  const guint32 *group;
  const char * const *group_dict;
  gsize n, n_groups, n_stages;
  g_autofree guint *counts = NULL;
  g_autofree guint *n_entities = NULL;
  GPtrArray *results;

  g_return_val_if_fail (KPI_IS_FUNNEL (self), NULL);
  g_return_val_if_fail (self->dataset != NULL, NULL);
  g_return_val_if_fail (calendar == NULL || KPI_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (basis == KPI_FUNNEL_BASIS_COHORT || basis == KPI_FUNNEL_BASIS_PERIOD, NULL);
  g_return_val_if_fail (group_column != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_column (self->dataset, group_column, KPI_COLUMN_DIMENSION, "group", error))
    return NULL;

  start = kpi_period_get_start (period);
  end = kpi_period_get_end (period);
  evaluation_time (calendar, &has_as_of, &as_of);

  kpi_funnel_columns_init (self, &c);
  scan_events (self, &c, start, end, has_as_of, as_of, &s);
  group = kpi_dataset_get_dimension_codes (self->dataset, group_column, &n);
  group_dict = kpi_dataset_get_dimension_dictionary (self->dataset, group_column, &n_groups);

  /* one slot more, the last one, for the entities without a group value */
  n_stages = self->n_stages;
  counts = g_new0 (guint, (n_groups + 1) * n_stages);
  n_entities = g_new0 (guint, n_groups + 1);
  for (gsize e = 0; e < c.n_entities; e++)
    {
      gsize g;

      if (s.first[e] == NEVER)
        continue;
      g = group[s.first_row[e]] == KPI_DIMENSION_MISSING ? n_groups : group[s.first_row[e]];
      if (count_entity (&s, e, self->n_stages, basis, start, end, counts + g * n_stages))
        n_entities[g]++;
    }

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_funnel_result_unref);
  for (gsize g = 0; g <= n_groups; g++)
    if (n_entities[g] > 0)
      g_ptr_array_add (results,
                       kpi_funnel_result_new (self, basis, period, has_as_of, as_of,
                                              g < n_groups ? group_dict[g] : NULL,
                                              counts + g * n_stages, n_entities[g],
                                              s.n_ignored));
  g_ptr_array_sort (results, compare_results_by_group);

  scan_clear (&s);
  kpi_funnel_columns_clear (&c);
  return results;
}
