/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-funnel-result.c: the counts of a funnel for one period
 *
 * KpiFunnelResult, an immutable boxed value, and its getters. Everything
 * that follows from the counts (conversions, the clamping of throughput
 * ratios, drop-offs, flags, the warnings about stages the data never
 * held) is computed once, in kpi_funnel_result_new(), so that the getters
 * only read. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-funnel-private.h"
#include "kpi-suggest-private.h"

/**
 * KpiFunnelResult:
 *
 * The counts of a [class@Kpi.Funnel] for one period, on one
 * [enum@Kpi.FunnelBasis], and what follows from them: stage-to-stage and
 * overall conversions and the biggest drop-off. An immutable value.
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
 * double overall;
 *
 * if (!kpi_dataset_load_data (events, (const guint8 *) events_csv, strlen (events_csv), NULL, &error) ||
 *     (funnel = kpi_funnel_new (events, "opportunity", "stage", stages, 3, &error)) == NULL ||
 *     (result = kpi_funnel_evaluate (funnel, calendar, january, KPI_FUNNEL_BASIS_COHORT, &error)) == NULL)
 *   g_error ("%s", error->message);
 * // each stage's conversion to the next, then lead to won, and where most are lost
 * for (guint i = 0; i + 1 < kpi_funnel_result_get_n_stages (result); i++)
 *   {
 *     double rate;
 *     if (kpi_funnel_result_get_conversion (result, i, &rate))
 *       g_print ("%s -> %s: %.0f %%\n", kpi_funnel_result_get_stage_name (result, i),
 *                kpi_funnel_result_get_stage_name (result, i + 1), 100 * rate);
 *   }
 * if (kpi_funnel_result_get_overall_conversion (result, &overall))
 *   g_print ("overall: %.0f %%\n", 100 * overall);
 * g_print ("most lost after: %s\n",
 *          kpi_funnel_result_get_stage_name (result, kpi_funnel_result_get_biggest_drop_off (result)));
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
 * # each stage's conversion to the next, then lead to won, and where most are lost
 * for i in range(result.get_n_stages() - 1):
 *     ok, rate = result.get_conversion(i)
 *     if ok:
 *         print(f"{result.get_stage_name(i)} -> {result.get_stage_name(i + 1)}: {100 * rate:.0f} %")
 * ok, overall = result.get_overall_conversion()
 * if ok:
 *     print(f"overall: {100 * overall:.0f} %")
 * print(f"most lost after: {result.get_stage_name(result.get_biggest_drop_off())}")
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
 * // each stage's conversion to the next, then lead to won, and where most are lost
 * for (let i = 0; i + 1 < result.get_n_stages(); i++) {
 *     const [ok, rate] = result.get_conversion(i);
 *     if (ok)
 *         print(`${result.get_stage_name(i)} -> ${result.get_stage_name(i + 1)}: ${(100 * rate).toFixed(0)} %`);
 * }
 * const [ok, overall] = result.get_overall_conversion();
 * if (ok)
 *     print(`overall: ${(100 * overall).toFixed(0)} %`);
 * print(`most lost after: ${result.get_stage_name(result.get_biggest_drop_off())}`);
 * ```
 *
 * Since: 0.1
 */

struct _KpiFunnelResult
{
  gatomicrefcount  ref_count;
  KpiFunnelBasis   basis;
  KpiPeriod       *period;
  gboolean         has_as_of;     /* FALSE: every event counted */
  gint64           as_of;         /* the calendar's present, or 0 */
  char            *group;         /* NULL: all entities, or no group value */
  KpiFunnelFlags   flags;         /* every flag of the conversions, and more */
  guint            n_entities;    /* the entities the result is about */
  guint            n_ignored_rows; /* rows without an entity or a stage */
  guint            n_stages;
  char           **stages;        /* the funnel's, NULL-terminated */
  guint           *counts;        /* n_stages */
  double          *conversions;   /* n_stages - 1 (one slot more, so never
                                   * empty); NAN when missing */
  KpiFunnelFlags  *conversion_flags; /* per conversion */
  double           overall;       /* NAN when missing */
  int              biggest_drop_off;          /* stage index, or -1 */
  int              biggest_relative_drop_off; /* stage index, or -1 */
  char           **warnings;      /* nullable, NULL-terminated */
};

G_DEFINE_BOXED_TYPE (KpiFunnelResult, kpi_funnel_result,
                     kpi_funnel_result_ref, kpi_funnel_result_unref)

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
KpiFunnelResult *
kpi_funnel_result_new (KpiFunnel       *funnel,
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
        near = values != NULL && n_values <= KPI_SUGGEST_MAX_CANDIDATES
          ? kpi_suggest (funnel->stages[k], values, n_values) : NULL;
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
