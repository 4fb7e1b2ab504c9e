/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-funnel.c: ordered stages over an entity key, and the weighted pipeline */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
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
 * Since: 0.1
 */

/**
 * KpiFunnelResult:
 *
 * The counts of a [class@Kpi.Funnel] for one period, on one
 * [enum@Kpi.FunnelBasis], and what follows from them: stage-to-stage and
 * overall conversions and the biggest drop-off. An immutable value.
 *
 * Since: 0.1
 */

/**
 * KpiFunnelPipeline:
 *
 * The open pipeline of a [class@Kpi.Funnel] at one instant: the entities
 * that are not closed, their amount and their weighted amount, in total and
 * stage by stage. An immutable value, from
 * [method@Kpi.Funnel.weighted_pipeline].
 *
 * Since: 0.1
 */

/* A time no event has: "never reached". */
#define NEVER G_MAXINT64

struct _KpiFunnelResult
{
  gatomicrefcount  ref_count;
  KpiFunnelBasis   basis;
  KpiPeriod       *period;
  gboolean         has_as_of;
  gint64           as_of;
  char            *group;         /* NULL: all entities, or no group value */
  KpiFunnelFlags   flags;
  guint            n_entities;
  guint            n_ignored_rows;
  guint            n_stages;
  char           **stages;
  guint           *counts;        /* n_stages */
  double          *conversions;   /* n_stages - 1; NAN when missing */
  KpiFunnelFlags  *conversion_flags;
  double           overall;       /* NAN when missing */
  int              biggest_drop_off;
  int              biggest_relative_drop_off;
  char           **warnings;      /* nullable, NULL-terminated */
};

struct _KpiFunnelPipeline
{
  gatomicrefcount  ref_count;
  gint64           at;
  double           weighted_amount;
  double           open_amount;
  guint            n_open;
  guint            n_without_amount;
  guint            n_without_probability;
  guint            n_stages;
  char           **stages;
  guint           *stage_n_open;
  double          *stage_open_amount;
  double          *stage_weighted_amount;
};

struct _KpiFunnel
{
  GObject      parent_instance;

  KpiDataset  *dataset;
  char        *entity_column;
  char        *stage_column;
  char       **stages;            /* NULL-terminated, in funnel order */
  guint        n_stages;
  char        *amount_column;
  char        *probability_column;
  GHashTable  *stage_probability; /* name -> double* */
  GHashTable  *closed;            /* set of names; NULL: the default */
};

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

G_DEFINE_QUARK (kpi-funnel-error-quark, kpi_funnel_error)

G_DEFINE_BOXED_TYPE (KpiFunnelResult, kpi_funnel_result,
                     kpi_funnel_result_ref, kpi_funnel_result_unref)

G_DEFINE_BOXED_TYPE (KpiFunnelPipeline, kpi_funnel_pipeline,
                     kpi_funnel_pipeline_ref, kpi_funnel_pipeline_unref)

/* ------------------------------------------------------------------------ */
/* KpiFunnelResult                                                          */
/* ------------------------------------------------------------------------ */

/**
 * kpi_funnel_result_ref:
 * @self: a funnel result
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
KpiFunnelResult *
kpi_funnel_result_ref (KpiFunnelResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * kpi_funnel_result_unref:
 * @self: (transfer full): a funnel result
 *
 * Drops a reference to @self, freeing it when it was the last one.
 *
 * Since: 0.1
 */
void
kpi_funnel_result_unref (KpiFunnelResult *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  kpi_period_free (self->period);
  g_free (self->group);
  g_strfreev (self->stages);
  g_free (self->counts);
  g_free (self->conversions);
  g_free (self->conversion_flags);
  g_strfreev (self->warnings);
  g_free (self);
}

/**
 * kpi_funnel_result_get_warnings:
 * @self: a funnel result
 *
 * Gets what is suspect in the funnel's definition: stages that the stage
 * column has never held, with their near miss (`stage has no value “Won”;
 * did you mean “won”?`, see %KPI_FUNNEL_FLAG_UNKNOWN_STAGE).
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the
 *   warnings, or %NULL when there are none
 *
 * Since: 0.1
 */
const char * const *
kpi_funnel_result_get_warnings (const KpiFunnelResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->warnings;
}

/**
 * kpi_funnel_result_get_basis:
 * @self: a funnel result
 *
 * Gives the basis the counts are on.
 *
 * Returns: the basis
 *
 * Since: 0.1
 */
KpiFunnelBasis
kpi_funnel_result_get_basis (const KpiFunnelResult *self)
{
  g_return_val_if_fail (self != NULL, KPI_FUNNEL_BASIS_COHORT);

  return self->basis;
}

/**
 * kpi_funnel_result_get_period:
 * @self: a funnel result
 *
 * Gives the period the result is for.
 *
 * Returns: (transfer none): the period
 *
 * Since: 0.1
 */
const KpiPeriod *
kpi_funnel_result_get_period (const KpiFunnelResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->period;
}

/**
 * kpi_funnel_result_get_as_of:
 * @self: a funnel result
 * @as_of: (out) (optional): the instant, in microseconds since the Unix
 *   epoch (UTC)
 *
 * Gives the instant the result was computed as of: the present of the
 * calendar given to [method@Kpi.Funnel.evaluate]. Events after it were not
 * counted.
 *
 * Returns: %TRUE, or %FALSE (and 0 in @as_of) when the result was computed
 *   without a calendar, from every event of the dataset
 *
 * Since: 0.1
 */
gboolean
kpi_funnel_result_get_as_of (const KpiFunnelResult *self,
                             gint64                *as_of)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (as_of != NULL)
    *as_of = self->has_as_of ? self->as_of : 0;
  return self->has_as_of;
}

/**
 * kpi_funnel_result_get_group:
 * @self: a funnel result
 *
 * Gives the value of the group column of the entities counted, for a
 * result of [method@Kpi.Funnel.evaluate_by].
 *
 * Returns: (nullable): the group, or %NULL for a result over all entities
 *   or over the entities without a group value
 *
 * Since: 0.1
 */
const char *
kpi_funnel_result_get_group (const KpiFunnelResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->group;
}

/**
 * kpi_funnel_result_get_flags:
 * @self: a funnel result
 *
 * Gives what to know before reading the result: every flag of the
 * conversions, and %KPI_FUNNEL_FLAG_PARTIAL_PERIOD when the period had not
 * ended.
 *
 * Returns: the flags
 *
 * Since: 0.1
 */
KpiFunnelFlags
kpi_funnel_result_get_flags (const KpiFunnelResult *self)
{
  g_return_val_if_fail (self != NULL, KPI_FUNNEL_FLAG_NONE);

  return self->flags;
}

/**
 * kpi_funnel_result_get_n_entities:
 * @self: a funnel result
 *
 * Gives the number of entities the result is about: on the cohort basis,
 * the entities that entered in the period (the cohort, whether or not they
 * reached the first stage); on the period basis, the entities with at least
 * one event in the period.
 *
 * Returns: the number of entities
 *
 * Since: 0.1
 */
guint
kpi_funnel_result_get_n_entities (const KpiFunnelResult *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_entities;
}

/**
 * kpi_funnel_result_get_n_ignored_rows:
 * @self: a funnel result
 *
 * Gives the number of rows of the dataset that could not be counted
 * because their entity or their stage is missing (empty).
 *
 * Returns: the number of rows ignored
 *
 * Since: 0.1
 */
guint
kpi_funnel_result_get_n_ignored_rows (const KpiFunnelResult *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_ignored_rows;
}

/**
 * kpi_funnel_result_get_n_stages:
 * @self: a funnel result
 *
 * Gives the number of stages of the funnel.
 *
 * Returns: the number of stages
 *
 * Since: 0.1
 */
guint
kpi_funnel_result_get_n_stages (const KpiFunnelResult *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_stages;
}

/**
 * kpi_funnel_result_get_stage_name:
 * @self: a funnel result
 * @stage: the index of a stage, from 0
 *
 * Gives the name of a stage.
 *
 * Returns: the name
 *
 * Since: 0.1
 */
const char *
kpi_funnel_result_get_stage_name (const KpiFunnelResult *self,
                                  guint                  stage)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (stage < self->n_stages, NULL);

  return self->stages[stage];
}

/**
 * kpi_funnel_result_get_stage_count:
 * @self: a funnel result
 * @stage: the index of a stage, from 0
 *
 * Gives the number of entities that reached a stage (see
 * [enum@Kpi.FunnelBasis] for which ones are counted).
 *
 * Returns: the number of entities
 *
 * Since: 0.1
 */
guint
kpi_funnel_result_get_stage_count (const KpiFunnelResult *self,
                                   guint                  stage)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (stage < self->n_stages, 0);

  return self->counts[stage];
}

/**
 * kpi_funnel_result_get_counts:
 * @self: a funnel result
 * @n_stages: (out): the number of stages
 *
 * Gives the number of entities that reached each stage, in funnel order.
 *
 * Returns: (array length=n_stages) (transfer none): the counts
 *
 * Since: 0.1
 */
const guint *
kpi_funnel_result_get_counts (const KpiFunnelResult *self,
                              gsize                 *n_stages)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_stages != NULL, NULL);

  *n_stages = self->n_stages;
  return self->counts;
}

/**
 * kpi_funnel_result_get_conversion:
 * @self: a funnel result
 * @stage: the index of a stage but the last
 * @rate: (out) (optional): the conversion, between 0 and 1
 *
 * Gives the conversion from a stage to the next one: the share of the
 * entities counted at @stage that are counted at @stage + 1. It is missing
 * when no entity was counted at @stage, and never above 1 (see
 * %KPI_FUNNEL_FLAG_CLAMPED).
 *
 * Returns: %TRUE, or %FALSE (and NaN in @rate) when the conversion is
 *   missing
 *
 * Since: 0.1
 */
gboolean
kpi_funnel_result_get_conversion (const KpiFunnelResult *self,
                                  guint                  stage,
                                  double                *rate)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (stage + 1 < self->n_stages, FALSE);

  if (rate != NULL)
    *rate = self->conversions[stage];
  return !isnan (self->conversions[stage]);
}

/**
 * kpi_funnel_result_get_conversion_flags:
 * @self: a funnel result
 * @stage: the index of a stage but the last
 *
 * Gives what to know about the conversion from @stage to the next one:
 * %KPI_FUNNEL_FLAG_DIVISION_BY_ZERO when it is missing,
 * %KPI_FUNNEL_FLAG_CLAMPED when it is reported as 1 but the next stage
 * counted more entities.
 *
 * Returns: the flags
 *
 * Since: 0.1
 */
KpiFunnelFlags
kpi_funnel_result_get_conversion_flags (const KpiFunnelResult *self,
                                        guint                  stage)
{
  g_return_val_if_fail (self != NULL, KPI_FUNNEL_FLAG_NONE);
  g_return_val_if_fail (stage + 1 < self->n_stages, KPI_FUNNEL_FLAG_NONE);

  return self->conversion_flags[stage];
}

/**
 * kpi_funnel_result_get_conversions:
 * @self: a funnel result
 * @n_conversions: (out): the number of conversions, one less than the
 *   number of stages
 *
 * Gives every stage-to-stage conversion, as
 * [method@Kpi.FunnelResult.get_conversion] does, with NaN for a missing
 * one.
 *
 * Returns: (array length=n_conversions) (transfer none) (nullable): the
 *   conversions, or %NULL for a funnel of one stage
 *
 * Since: 0.1
 */
const double *
kpi_funnel_result_get_conversions (const KpiFunnelResult *self,
                                   gsize                 *n_conversions)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_conversions != NULL, NULL);

  *n_conversions = self->n_stages - 1;
  return self->n_stages > 1 ? self->conversions : NULL;
}

/**
 * kpi_funnel_result_get_overall_conversion:
 * @self: a funnel result
 * @rate: (out) (optional): the conversion, between 0 and 1
 *
 * Gives the conversion from the first stage to the last one: the number of
 * entities counted at the last stage over the number counted at the first,
 * never above 1.
 *
 * Returns: %TRUE, or %FALSE (and NaN in @rate) when no entity was counted at
 *   the first stage
 *
 * Since: 0.1
 */
gboolean
kpi_funnel_result_get_overall_conversion (const KpiFunnelResult *self,
                                          double                *rate)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (rate != NULL)
    *rate = self->overall;
  return !isnan (self->overall);
}

/**
 * kpi_funnel_result_get_biggest_drop_off:
 * @self: a funnel result
 *
 * Gives the stage that loses the most entities: the stage @k for which
 * `count[k] - count[k + 1]` is largest (the earliest one on a tie). This is
 * where the most prospects drop out; compare
 * [method@Kpi.FunnelResult.get_biggest_relative_drop_off], which finds the
 * lowest conversion.
 *
 * Returns: the index of the stage, or -1 when no stage loses any entity
 *
 * Since: 0.1
 */
int
kpi_funnel_result_get_biggest_drop_off (const KpiFunnelResult *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->biggest_drop_off;
}

/**
 * kpi_funnel_result_get_biggest_relative_drop_off:
 * @self: a funnel result
 *
 * Gives the stage with the lowest conversion to the next stage (the
 * earliest one on a tie), among the conversions that are not missing.
 * A late stage that few entities reach may lose a larger share of them
 * than an early one loses, while losing fewer entities.
 *
 * Returns: the index of the stage, or -1 when no conversion is below 1
 *
 * Since: 0.1
 */
int
kpi_funnel_result_get_biggest_relative_drop_off (const KpiFunnelResult *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->biggest_relative_drop_off;
}

/* Everything that follows from the counts is computed once, here. */
static KpiFunnelResult *
result_new (KpiFunnel       *funnel,
            KpiFunnelBasis   basis,
            const KpiPeriod *period,
            gboolean         has_as_of,
            gint64           as_of,
            const char      *group,
            const guint     *counts,
            guint            n_entities,
            guint            n_ignored_rows)
{
  KpiFunnelResult *r = g_new0 (KpiFunnelResult, 1);
  guint n = funnel->n_stages;
  guint max_loss = 0;
  double min_rate = 1.0;

  g_atomic_ref_count_init (&r->ref_count);
  r->basis = basis;
  r->period = kpi_period_copy (period);
  r->has_as_of = has_as_of;
  r->as_of = as_of;
  r->group = g_strdup (group);
  r->n_entities = n_entities;
  r->n_ignored_rows = n_ignored_rows;
  r->n_stages = n;
  r->stages = g_strdupv (funnel->stages);
  r->counts = g_memdup2 (counts, n * sizeof (guint));
  /* n >= 1: one slot more than needed keeps these non-empty */
  r->conversions = g_new (double, n);
  r->conversion_flags = g_new0 (KpiFunnelFlags, n);
  r->biggest_drop_off = -1;
  r->biggest_relative_drop_off = -1;

  /* Stages the data has never held: probably typos ("Won" for "won"). */
  {
    gsize n_values = 0;
    const char * const *values =
      kpi_dataset_get_dimension_dictionary (funnel->dataset, funnel->stage_column, &n_values);
    GStrvBuilder *builder = g_strv_builder_new ();

    for (guint k = 0; k < n; k++)
      {
        const char *near;
        g_autofree char *sentence = NULL;

        if (values != NULL && g_strv_contains (values, funnel->stages[k]))
          continue;
        near = values != NULL && n_values <= 10000 ? kpi_suggest (funnel->stages[k], values, n_values) : NULL;
        sentence = near != NULL
          ? g_strdup_printf ("%s has no value “%s”; did you mean “%s”?", funnel->stage_column, funnel->stages[k], near)
          : g_strdup_printf ("%s has no value “%s”", funnel->stage_column, funnel->stages[k]);
        g_strv_builder_add (builder, sentence);
        r->flags |= KPI_FUNNEL_FLAG_UNKNOWN_STAGE;
      }
    r->warnings = g_strv_builder_end (builder);
    g_strv_builder_unref (builder);
    if (r->warnings[0] == NULL)
      g_clear_pointer (&r->warnings, g_strfreev);
  }

  /* A period still running, or one the calendar's "now" falls in, can
   * still gain events. */
  if (kpi_period_is_partial (period) ||
      (has_as_of && as_of < kpi_period_get_end (period) - 1))
    r->flags |= KPI_FUNNEL_FLAG_PARTIAL_PERIOD;

  for (guint k = 0; k + 1 < n; k++)
    {
      if (counts[k] == 0)
        {
          r->conversions[k] = NAN;
          r->conversion_flags[k] = KPI_FUNNEL_FLAG_DIVISION_BY_ZERO;
        }
      else if (counts[k + 1] > counts[k])
        {
          /* Only the period basis gets here: entities that entered before
           * the period reach later stages in it. A ratio above 1 is not a
           * rate; say 1 and flag it rather than print 140 %. */
          r->conversions[k] = 1.0;
          r->conversion_flags[k] = KPI_FUNNEL_FLAG_CLAMPED;
        }
      else
        {
          guint loss = counts[k] - counts[k + 1];

          r->conversions[k] = (double) counts[k + 1] / (double) counts[k];
          if (loss > max_loss)
            {
              max_loss = loss;
              r->biggest_drop_off = (int) k;
            }
          if (r->conversions[k] < min_rate)
            {
              min_rate = r->conversions[k];
              r->biggest_relative_drop_off = (int) k;
            }
        }
      r->flags |= r->conversion_flags[k];
    }

  if (counts[0] == 0)
    {
      r->overall = NAN;
      r->flags |= KPI_FUNNEL_FLAG_DIVISION_BY_ZERO;
    }
  else if (counts[n - 1] > counts[0])
    {
      r->overall = 1.0;
      r->flags |= KPI_FUNNEL_FLAG_CLAMPED;
    }
  else
    r->overall = (double) counts[n - 1] / (double) counts[0];

  return r;
}

/* ------------------------------------------------------------------------ */
/* KpiFunnelPipeline                                                        */
/* ------------------------------------------------------------------------ */

/**
 * kpi_funnel_pipeline_ref:
 * @self: a pipeline
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
KpiFunnelPipeline *
kpi_funnel_pipeline_ref (KpiFunnelPipeline *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * kpi_funnel_pipeline_unref:
 * @self: (transfer full): a pipeline
 *
 * Drops a reference to @self, freeing it when it was the last one.
 *
 * Since: 0.1
 */
void
kpi_funnel_pipeline_unref (KpiFunnelPipeline *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_strfreev (self->stages);
  g_free (self->stage_n_open);
  g_free (self->stage_open_amount);
  g_free (self->stage_weighted_amount);
  g_free (self);
}

/**
 * kpi_funnel_pipeline_get_at:
 * @self: a pipeline
 *
 * Gives the instant of the pipeline: it counts the events at or before it.
 *
 * Returns: the instant, in microseconds since the Unix epoch (UTC)
 *
 * Since: 0.1
 */
gint64
kpi_funnel_pipeline_get_at (const KpiFunnelPipeline *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->at;
}

/**
 * kpi_funnel_pipeline_get_weighted_amount:
 * @self: a pipeline
 *
 * Gives the weighted pipeline: the sum, over the open entities, of their
 * amount times the probability of their current stage. Entities without a
 * probability add nothing (see
 * [method@Kpi.FunnelPipeline.get_n_without_probability]).
 *
 * Returns: the weighted amount
 *
 * Since: 0.1
 */
double
kpi_funnel_pipeline_get_weighted_amount (const KpiFunnelPipeline *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return self->weighted_amount;
}

/**
 * kpi_funnel_pipeline_get_open_amount:
 * @self: a pipeline
 *
 * Gives the unweighted pipeline: the sum of the amounts of the open
 * entities.
 *
 * Returns: the open amount
 *
 * Since: 0.1
 */
double
kpi_funnel_pipeline_get_open_amount (const KpiFunnelPipeline *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return self->open_amount;
}

/**
 * kpi_funnel_pipeline_get_n_open:
 * @self: a pipeline
 *
 * Gives the number of open entities: those with an event at or before the
 * instant, the latest of which is not of a closed stage.
 *
 * Returns: the number of open entities
 *
 * Since: 0.1
 */
guint
kpi_funnel_pipeline_get_n_open (const KpiFunnelPipeline *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_open;
}

/**
 * kpi_funnel_pipeline_get_n_without_amount:
 * @self: a pipeline
 *
 * Gives the number of open entities that have no amount in any of their
 * events so far. They are counted as open but add nothing to the amounts:
 * a pipeline with many of them is understated.
 *
 * Returns: the number of open entities without an amount
 *
 * Since: 0.1
 */
guint
kpi_funnel_pipeline_get_n_without_amount (const KpiFunnelPipeline *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_without_amount;
}

/**
 * kpi_funnel_pipeline_get_n_without_probability:
 * @self: a pipeline
 *
 * Gives the number of open entities with an amount but no usable
 * probability: their stage has no probability of its own and the
 * probability of their latest event is missing or outside 0..1. They add to
 * the open amount but not to the weighted amount.
 *
 * Returns: the number of open entities without a probability
 *
 * Since: 0.1
 */
guint
kpi_funnel_pipeline_get_n_without_probability (const KpiFunnelPipeline *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_without_probability;
}

/**
 * kpi_funnel_pipeline_get_n_stages:
 * @self: a pipeline
 *
 * Gives the number of stages of the funnel.
 *
 * Returns: the number of stages
 *
 * Since: 0.1
 */
guint
kpi_funnel_pipeline_get_n_stages (const KpiFunnelPipeline *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_stages;
}

/**
 * kpi_funnel_pipeline_get_stage_name:
 * @self: a pipeline
 * @stage: the index of a stage, from 0
 *
 * Gives the name of a stage.
 *
 * Returns: the name
 *
 * Since: 0.1
 */
const char *
kpi_funnel_pipeline_get_stage_name (const KpiFunnelPipeline *self,
                                    guint                    stage)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (stage < self->n_stages, NULL);

  return self->stages[stage];
}

/**
 * kpi_funnel_pipeline_get_stage_n_open:
 * @self: a pipeline
 * @stage: the index of a stage, from 0
 *
 * Gives the number of open entities whose current stage is @stage. Open
 * entities whose latest event is of a stage that is not listed but not
 * closed either are in the totals only.
 *
 * Returns: the number of open entities at @stage
 *
 * Since: 0.1
 */
guint
kpi_funnel_pipeline_get_stage_n_open (const KpiFunnelPipeline *self,
                                      guint                    stage)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (stage < self->n_stages, 0);

  return self->stage_n_open[stage];
}

/**
 * kpi_funnel_pipeline_get_stage_open_amount:
 * @self: a pipeline
 * @stage: the index of a stage, from 0
 *
 * Gives the amount of the open entities whose current stage is @stage.
 *
 * Returns: the open amount at @stage
 *
 * Since: 0.1
 */
double
kpi_funnel_pipeline_get_stage_open_amount (const KpiFunnelPipeline *self,
                                           guint                    stage)
{
  g_return_val_if_fail (self != NULL, 0.0);
  g_return_val_if_fail (stage < self->n_stages, 0.0);

  return self->stage_open_amount[stage];
}

/**
 * kpi_funnel_pipeline_get_stage_weighted_amount:
 * @self: a pipeline
 * @stage: the index of a stage, from 0
 *
 * Gives the weighted amount of the open entities whose current stage is
 * @stage.
 *
 * Returns: the weighted amount at @stage
 *
 * Since: 0.1
 */
double
kpi_funnel_pipeline_get_stage_weighted_amount (const KpiFunnelPipeline *self,
                                               guint                    stage)
{
  g_return_val_if_fail (self != NULL, 0.0);
  g_return_val_if_fail (stage < self->n_stages, 0.0);

  return self->stage_weighted_amount[stage];
}

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
      g_autofree char *shown = kpi_text_for_message (column, -1, 40);
      const char *near = NULL;

      for (guint i = 0; i < n; i++)
        names[i] = kpi_dataset_get_column_name (dataset, i);
      if (g_utf8_validate (column, -1, NULL))
        near = kpi_suggest (column, names, n);
      g_set_error (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_UNKNOWN_COLUMN,
                   "the %s column “%s” is not a column of the dataset%s%s%s",
                   role, shown, near != NULL ? "; did you mean “" : "",
                   near != NULL ? near : "", near != NULL ? "”?" : "");
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
      g_autofree char *shown = kpi_text_for_message (stage, -1, 40);

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

static int
stage_index (KpiFunnel  *self,
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
  k = stage_index (self, stage);
  return k < 0 || (guint) k == self->n_stages - 1;
}

/* ------------------------------------------------------------------------ */
/* Evaluation                                                               */
/* ------------------------------------------------------------------------ */

/* The columns of the dataset as they are now. Rows are only ever appended,
 * and dictionary codes never change, so these stay consistent for one
 * evaluation. */
typedef struct
{
  gsize           n_rows;
  const gint64   *times;
  const guint32  *entity;
  const guint32  *stage;
  gsize           n_entities;  /* size of the entity dictionary */
  gsize           n_stage_codes;
  int            *stage_of_code; /* stage code -> funnel index, or -1 */
} Columns;

static void
columns_clear (Columns *c)
{
  g_free (c->stage_of_code);
}

static void
columns_init (KpiFunnel *self,
              Columns   *c)
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
    c->stage_of_code[i] = stage_index (self, stage_dict[i]);
  if (c->n_rows == 0)
    c->times = NULL;
}

/* When each entity entered, and when it first reached each stage. */
typedef struct
{
  gint64  *first;        /* per entity: time of its first event, or NEVER */
  gsize   *first_row;    /* per entity: the row of that event */
  gint64  *reach;        /* per entity × stage: when it reached it, or NEVER */
  guint8  *in_period;    /* per entity: has an event in the period */
  guint    n_ignored;
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
scan_events (KpiFunnel     *self,
             const Columns *c,
             gint64         start,
             gint64         end,
             gboolean       has_as_of,
             gint64         as_of,
             Scan          *s)
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
  Columns c;
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

  columns_init (self, &c);
  scan_events (self, &c, start, end, has_as_of, as_of, &s);
  counts = g_new0 (guint, self->n_stages);
  for (gsize e = 0; e < c.n_entities; e++)
    if (count_entity (&s, e, self->n_stages, basis, start, end, counts))
      n_entities++;

  result = result_new (self, basis, period, has_as_of, as_of, NULL,
                       counts, n_entities, s.n_ignored);
  scan_clear (&s);
  columns_clear (&c);
  return result;
}

static int
compare_results_by_group (gconstpointer a,
                          gconstpointer b)
{
  const KpiFunnelResult *ra = *(KpiFunnelResult * const *) a;
  const KpiFunnelResult *rb = *(KpiFunnelResult * const *) b;

  /* the entities without a group value last */
  if (ra->group == NULL || rb->group == NULL)
    return (ra->group == NULL) - (rb->group == NULL);
  return strcmp (ra->group, rb->group);
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
  Columns c;
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

  columns_init (self, &c);
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
                       result_new (self, basis, period, has_as_of, as_of,
                                   g < n_groups ? group_dict[g] : NULL,
                                   counts + g * n_stages, n_entities[g], s.n_ignored));
  g_ptr_array_sort (results, compare_results_by_group);

  scan_clear (&s);
  columns_clear (&c);
  return results;
}

/* ------------------------------------------------------------------------ */
/* Weighted pipeline                                                        */
/* ------------------------------------------------------------------------ */

/* How far an event takes an entity, to order events of the same time:
 * dates without a time of day often give a lead and its qualification the
 * same timestamp, and the row order of an export is no evidence. A closed
 * stage ends the day, then the furthest stage wins. */
static int
stage_rank (KpiFunnel  *self,
            const char *name,
            int         index)
{
  if (kpi_funnel_is_closed_stage (self, name))
    return (int) self->n_stages + 1;
  return index + 1;
}

/* Whether event @row comes after event @prev (an earlier row) of the same
 * entity: by time, then by rank, then by row. */
static inline gboolean
is_later (const Columns *c,
          const int     *rank,
          gsize          row,
          gsize          prev)
{
  gint64 t = c->times[row], pt = c->times[prev];

  return t > pt || (t == pt && rank[c->stage[row]] >= rank[c->stage[prev]]);
}

/**
 * kpi_funnel_weighted_pipeline:
 * @self: a funnel
 * @at: an instant, in microseconds since the Unix epoch (UTC)
 * @error: return location for a #GError
 *
 * Computes the open pipeline at @at, from the events at or before it. An
 * entity is open when its latest event is not of a closed stage
 * ([method@Kpi.Funnel.set_closed_stages]); of events at the same instant,
 * one of a closed stage is taken as the latest, then the one of the
 * furthest stage, then the last row. Its amount is the latest amount in its
 * events, in the same order; its probability is that of its current stage
 * ([method@Kpi.Funnel.set_stage_probability]) or else the one on its
 * latest event. The weighted amount is the sum of amount × probability.
 *
 * A pipeline is a balance, not a flow: for a period, take it at the end
 * ([method@Kpi.Funnel.weighted_pipeline_at_end]); never add pipelines of
 * several periods.
 *
 * Returns: (transfer full) (nullable): the pipeline, or %NULL with @error
 *   set when the funnel has no amount column, or neither a probability
 *   column nor stage probabilities
 *
 * Since: 0.1
 */
KpiFunnelPipeline *
kpi_funnel_weighted_pipeline (KpiFunnel  *self,
                              gint64      at,
                              GError    **error)
{
  Columns c;
  const double *amount = NULL, *probability = NULL;
  const char * const *stage_dict;
  gsize n, n_codes;
  g_autofree int *rank = NULL;
  g_autofree double *code_probability = NULL;
  g_autofree gsize *latest = NULL;        /* per entity: row + 1, 0 if none */
  g_autofree gsize *latest_amount = NULL; /* per entity: row + 1, 0 if none */
  KpiFunnelPipeline *p;

  g_return_val_if_fail (KPI_IS_FUNNEL (self), NULL);
  g_return_val_if_fail (self->dataset != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->amount_column == NULL)
    {
      g_set_error (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_NO_AMOUNT,
                   "the weighted pipeline needs an amount column "
                   "(kpi_funnel_set_amount_column())");
      return NULL;
    }
  if (self->probability_column == NULL && g_hash_table_size (self->stage_probability) == 0)
    {
      g_set_error (error, KPI_FUNNEL_ERROR, KPI_FUNNEL_ERROR_NO_PROBABILITY,
                   "the weighted pipeline needs a probability column "
                   "(kpi_funnel_set_probability_column()) or stage probabilities "
                   "(kpi_funnel_set_stage_probability())");
      return NULL;
    }

  columns_init (self, &c);
  if (c.n_rows > 0)
    {
      amount = kpi_dataset_get_measure (self->dataset, self->amount_column, &n);
      if (self->probability_column != NULL)
        probability = kpi_dataset_get_measure (self->dataset, self->probability_column, &n);
    }

  /* Per stage code: its rank, and its own probability (NaN if none). */
  stage_dict = kpi_dataset_get_dimension_dictionary (self->dataset, self->stage_column, &n_codes);
  rank = g_new (int, MAX (n_codes, 1));
  code_probability = g_new (double, MAX (n_codes, 1));
  for (gsize i = 0; i < n_codes; i++)
    {
      const double *q = g_hash_table_lookup (self->stage_probability, stage_dict[i]);

      rank[i] = stage_rank (self, stage_dict[i], c.stage_of_code[i]);
      code_probability[i] = q != NULL ? *q : NAN;
    }

  latest = g_new0 (gsize, MAX (c.n_entities, 1));
  latest_amount = g_new0 (gsize, MAX (c.n_entities, 1));
  for (gsize row = 0; row < c.n_rows; row++)
    {
      guint32 e = c.entity[row], code = c.stage[row];
      gint64 t = c.times[row];

      if (e == KPI_DIMENSION_MISSING || code == KPI_DIMENSION_MISSING || t > at)
        continue;
      if (latest[e] == 0 || is_later (&c, rank, row, latest[e] - 1))
        latest[e] = row + 1;
      /* the same order, so that the amount of a same-day pair of events is
       * that of the event taken as the current stage */
      if (!isnan (amount[row]) &&
          (latest_amount[e] == 0 || is_later (&c, rank, row, latest_amount[e] - 1)))
        latest_amount[e] = row + 1;
    }

  p = g_new0 (KpiFunnelPipeline, 1);
  g_atomic_ref_count_init (&p->ref_count);
  p->at = at;
  p->n_stages = self->n_stages;
  p->stages = g_strdupv (self->stages);
  p->stage_n_open = g_new0 (guint, self->n_stages);
  p->stage_open_amount = g_new0 (double, self->n_stages);
  p->stage_weighted_amount = g_new0 (double, self->n_stages);

  for (gsize e = 0; e < c.n_entities; e++)
    {
      gsize row;
      guint32 code;
      int k;
      double a, q;

      if (latest[e] == 0)
        continue;
      row = latest[e] - 1;
      code = c.stage[row];
      if (rank[code] > (int) self->n_stages)
        continue;  /* closed */

      k = c.stage_of_code[code];
      p->n_open++;
      if (k >= 0)
        p->stage_n_open[k]++;
      if (latest_amount[e] == 0)
        {
          p->n_without_amount++;
          continue;
        }
      a = amount[latest_amount[e] - 1];
      p->open_amount += a;
      if (k >= 0)
        p->stage_open_amount[k] += a;

      q = code_probability[code];
      if (isnan (q) && probability != NULL)
        q = probability[row];
      /* written so that NaN fails too */
      if (!(q >= 0.0 && q <= 1.0))
        {
          p->n_without_probability++;
          continue;
        }
      p->weighted_amount += a * q;
      if (k >= 0)
        p->stage_weighted_amount[k] += a * q;
    }

  columns_clear (&c);
  return p;
}

/**
 * kpi_funnel_weighted_pipeline_at_end:
 * @self: a funnel
 * @period: a period
 * @error: return location for a #GError
 *
 * Computes the open pipeline at the end of @period: from every event before
 * the end of the period (periods are half-open, so this is
 * [method@Kpi.Funnel.weighted_pipeline] at the last microsecond of the
 * period).
 *
 * Returns: (transfer full) (nullable): the pipeline, or %NULL with @error
 *   set as [method@Kpi.Funnel.weighted_pipeline] does
 *
 * Since: 0.1
 */
KpiFunnelPipeline *
kpi_funnel_weighted_pipeline_at_end (KpiFunnel        *self,
                                     const KpiPeriod  *period,
                                     GError          **error)
{
  g_return_val_if_fail (KPI_IS_FUNNEL (self), NULL);
  g_return_val_if_fail (period != NULL, NULL);

  return kpi_funnel_weighted_pipeline (self, kpi_period_get_end (period) - 1, error);
}
