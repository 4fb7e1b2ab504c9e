/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-funnel-pipeline.c: the open pipeline of a funnel at an instant
 *
 * KpiFunnelPipeline, an immutable boxed value, and its getters; and
 * kpi_funnel_weighted_pipeline(), which makes it: the latest event of
 * each entity at or before the instant says whether it is open and in
 * which stage, and its amount is weighted by that stage's probability.
 * A pipeline is a balance, never added up over periods. */

#include "config.h"

#include <math.h>

#include "kpi.h"
#include "kpi-funnel-private.h"

/**
 * KpiFunnelPipeline:
 *
 * The open pipeline of a [class@Kpi.Funnel] at one instant: the entities
 * that are not closed, their amount and their weighted amount, in total and
 * stage by stage. An immutable value, from
 * [method@Kpi.Funnel.weighted_pipeline].
 *
 * ## Example
 *
 * ```c
 * // one row per stage an opportunity reached, with the deal's amount
 * const char *events_csv = "date,opportunity,stage,amount\n"
 *                          "2025-01-03,O1,lead,1000\n2025-01-05,O2,lead,500\n2025-01-08,O3,lead,2000\n"
 *                          "2025-01-10,O1,qualified,1000\n2025-01-20,O2,qualified,500\n2025-02-02,O1,won,1000\n";
 * const char * const stages[] = { "lead", "qualified", "won" };
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) events = kpi_dataset_new ("date");
 * g_autoptr(KpiCalendar) calendar = kpi_calendar_new (NULL, 1, NULL);
 * g_autoptr(KpiPeriod) january = kpi_calendar_parse_period (calendar, "2025-01", NULL);
 * g_autoptr(KpiFunnel) funnel = NULL;
 * g_autoptr(KpiFunnelPipeline) pipeline = NULL;
 *
 * if (!kpi_dataset_load_data (events, (const guint8 *) events_csv, strlen (events_csv), NULL, &error) ||
 *     (funnel = kpi_funnel_new (events, "opportunity", "stage", stages, 3, &error)) == NULL ||
 *     !kpi_funnel_set_amount_column (funnel, "amount", &error) ||
 *     !kpi_funnel_set_stage_probability (funnel, "lead", 0.1, &error) ||
 *     !kpi_funnel_set_stage_probability (funnel, "qualified", 0.4, &error) ||
 *     (pipeline = kpi_funnel_weighted_pipeline_at_end (funnel, january, &error)) == NULL)
 *   g_error ("%s", error->message);
 * // the deals still open on 31 January, stage by stage
 * g_print ("%u open: %g, weighted %g\n", kpi_funnel_pipeline_get_n_open (pipeline),
 *          kpi_funnel_pipeline_get_open_amount (pipeline), kpi_funnel_pipeline_get_weighted_amount (pipeline));
 * for (guint i = 0; i < kpi_funnel_pipeline_get_n_stages (pipeline); i++)
 *   g_print ("%s: %u, weighted %g\n", kpi_funnel_pipeline_get_stage_name (pipeline, i),
 *            kpi_funnel_pipeline_get_stage_n_open (pipeline, i),
 *            kpi_funnel_pipeline_get_stage_weighted_amount (pipeline, i));
 * ```
 *
 * ```python
 * # one row per stage an opportunity reached, with the deal's amount
 * events_csv = """date,opportunity,stage,amount
 * 2025-01-03,O1,lead,1000
 * 2025-01-05,O2,lead,500
 * 2025-01-08,O3,lead,2000
 * 2025-01-10,O1,qualified,1000
 * 2025-01-20,O2,qualified,500
 * 2025-02-02,O1,won,1000
 * """
 * events = Kpi.Dataset.new("date")
 * events.load_data(events_csv.encode(), None)
 * calendar = Kpi.Calendar.new(None, 1)
 * funnel = Kpi.Funnel.new(events, "opportunity", "stage", ["lead", "qualified", "won"])
 * funnel.set_amount_column("amount")
 * funnel.set_stage_probability("lead", 0.1)
 * funnel.set_stage_probability("qualified", 0.4)
 * pipeline = funnel.weighted_pipeline_at_end(calendar.parse_period("2025-01"))
 * # the deals still open on 31 January, stage by stage
 * print(f"{pipeline.get_n_open()} open: {pipeline.get_open_amount()}, "
 *       f"weighted {pipeline.get_weighted_amount()}")
 * for i in range(pipeline.get_n_stages()):
 *     print(f"{pipeline.get_stage_name(i)}: {pipeline.get_stage_n_open(i)}, "
 *           f"weighted {pipeline.get_stage_weighted_amount(i)}")
 * ```
 *
 * ```js
 * // one row per stage an opportunity reached, with the deal's amount
 * const eventsCsv = `date,opportunity,stage,amount
 * 2025-01-03,O1,lead,1000
 * 2025-01-05,O2,lead,500
 * 2025-01-08,O3,lead,2000
 * 2025-01-10,O1,qualified,1000
 * 2025-01-20,O2,qualified,500
 * 2025-02-02,O1,won,1000
 * `;
 * const events = Kpi.Dataset.new('date');
 * events.load_data(new TextEncoder().encode(eventsCsv), null);
 * const calendar = Kpi.Calendar.new(null, 1);
 * const funnel = Kpi.Funnel.new(events, 'opportunity', 'stage', ['lead', 'qualified', 'won']);
 * funnel.set_amount_column('amount');
 * funnel.set_stage_probability('lead', 0.1);
 * funnel.set_stage_probability('qualified', 0.4);
 * const pipeline = funnel.weighted_pipeline_at_end(calendar.parse_period('2025-01'));
 * // the deals still open on 31 January, stage by stage
 * print(`${pipeline.get_n_open()} open: ${pipeline.get_open_amount()}, ` +
 *       `weighted ${pipeline.get_weighted_amount()}`);
 * for (let i = 0; i < pipeline.get_n_stages(); i++) {
 *     print(`${pipeline.get_stage_name(i)}: ${pipeline.get_stage_n_open(i)}, ` +
 *           `weighted ${pipeline.get_stage_weighted_amount(i)}`);
 * }
 * ```
 *
 * Since: 0.1
 */

struct _KpiFunnelPipeline
{
  gatomicrefcount  ref_count;
  gint64           at;                    /* events at or before it count */
  double           weighted_amount;       /* Σ amount × probability */
  double           open_amount;           /* Σ amount of the open entities */
  guint            n_open;                /* open entities, with or without
                                           * an amount */
  guint            n_without_amount;      /* open, no amount in any event */
  guint            n_without_probability; /* open, an amount, no usable
                                           * probability: not weighted */
  guint            n_stages;
  char           **stages;                /* the funnel's, NULL-terminated */
  /* Per stage (n_stages), the open entities whose current stage it is; an
   * entity whose latest event is of a stage the funnel does not list
   * (such as on-hold) counts in the totals only. */
  guint           *stage_n_open;
  double          *stage_open_amount;
  double          *stage_weighted_amount;
};

G_DEFINE_BOXED_TYPE (KpiFunnelPipeline, kpi_funnel_pipeline,
                     kpi_funnel_pipeline_ref, kpi_funnel_pipeline_unref)

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
is_later (const KpiFunnelColumns *c,
          const int              *rank,
          gsize                   row,
          gsize                   prev)
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
  KpiFunnelColumns c;
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

  kpi_funnel_columns_init (self, &c);
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

  kpi_funnel_columns_clear (&c);
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
