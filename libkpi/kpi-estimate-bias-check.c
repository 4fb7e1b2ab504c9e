/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-estimate-bias-check.c: estimates that are systematically off what
 * happened (the tracking signal) */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-check-private.h"
#include "kpi-stats-private.h"
#include "kpi-util-private.h"

/**
 * KpiEstimateBiasCheck:
 *
 * Whether the estimates people give are systematically off what then
 * happened: a project team whose "remaining work" is always short of the
 * work that was really left (was the remaining work deliberately
 * under-estimated?), a sales rep whose probability-weighted pipeline is
 * always more than what they win. Honest estimates are wrong both ways
 * and their errors cancel out; biased ones are wrong one way.
 *
 * ## What an estimate is compared with
 *
 * The rows are grouped by entity ([property@Kpi.EstimateBiasCheck:entity-field]:
 * a task, an opportunity), and the truth of an entity is known once it is
 * over. With [property@Kpi.EstimateBiasCheck:mode]:
 *
 * - %KPI_ESTIMATE_BIAS_MODE_REMAINING_WORK: the rows are status reports
 *   (every week, say), each with the estimated work left
 *   ([property@Kpi.EstimateBiasCheck:estimate-field]), the work spent so
 *   far, cumulative ([property@Kpi.EstimateBiasCheck:spent-field]), and
 *   whether the entity is done ([property@Kpi.EstimateBiasCheck:done-field],
 *   not 0 when done). An entity is finished when its last report (by
 *   time; of two at the same time, the later row) says done; its final
 *   spent is that report's. Each report of a finished entity that was not
 *   done is an estimate, and the work that was actually left then is
 *   `final spent − spent at the report`.
 * - %KPI_ESTIMATE_BIAS_MODE_OUTCOME: the rows are events (stage changes),
 *   each with a probability ([property@Kpi.EstimateBiasCheck:estimate-field])
 *   and an amount ([property@Kpi.EstimateBiasCheck:amount-field]); the
 *   estimate is their product. An entity whose last event's
 *   [property@Kpi.EstimateBiasCheck:stage-field] is one of
 *   [property@Kpi.EstimateBiasCheck:won-values] (`won`) came to its last
 *   event's amount, one whose last stage is one of
 *   [property@Kpi.EstimateBiasCheck:lost-values] (`lost`) came to 0. Each
 *   other event of such an entity is an estimate; the events of entities
 *   still open are not scored, nor are the closing events themselves.
 *
 * The error of an estimate is `e = actual − estimate`: positive when the
 * estimate was too low (under-estimated), negative when it was too high.
 * Rows with a missing value the check needs (entity, estimate, spent,
 * done, amount, stage, group) are counted as missing and not scored. Only
 * the rows in [property@Kpi.Check:period] are scored when it is set; the
 * outcome of their entities is read from all the rows.
 *
 * ## The statistics
 *
 * The estimates are judged group by group ([property@Kpi.Check:group-by],
 * the team or the rep; the whole data when unset), each group with at
 * least [property@Kpi.EstimateBiasCheck:min-estimates] scored estimates
 * (8). Over the n errors of a group:
 *
 * - the tracking signal (Brown's; Trigg's has the same ratio, smoothed):
 *   `TS = Σ e / MAD`, with `MAD = Σ |e| / n` the mean absolute deviation
 *   of the errors. It is ± n when every error has the same sign (so when
 *   every error is the same, whatever it is), and 0 when every error is 0
 *   (estimates exactly right are not biased).
 * - the z-score: `z = Σ e / √(Σⱼ Sⱼ²)`, the sum of the errors against its
 *   standard deviation if the estimates were unbiased, the estimates of
 *   one entity (which share its outcome) taken together. For outcomes, Sⱼ
 *   is the sum over entity j's estimates of `amount × √(p (1 − p))`, the
 *   standard deviation of each error if its probability p were right (p
 *   taken within 1 % .. 99 %, so that a certain estimate proved wrong is a
 *   large surprise rather than an infinite one): z says how unlikely what
 *   was won is under the rep's own probabilities, and errs on the side of
 *   caution (the sum of the standard deviations is the most the errors of
 *   an entity can spread together). A probability outside 0 .. 1 is not
 *   scored. For remaining work, which has no probability, Sⱼ is the sum of
 *   entity j's errors: the spread is read from the errors, and |z| is at
 *   most √(entities). z is 0 when every Sⱼ is 0.
 *
 * [property@Kpi.EstimateBiasCheck:statistic] chooses; by default the
 * tracking signal for remaining work and the z-score for outcomes. The
 * tracking signal is a running sum of errors: when the errors of an
 * unbiased estimator are independent, it drifts like a random walk, about
 * 1.25 √n wide, and crosses ±4 by chance once there are a few dozen
 * estimates. Remaining-work estimates of an honest team correct last
 * week's error (an over-estimate is followed by a smaller estimate), so
 * that their errors cancel and their tracking signal stays near 0 — the
 * tracking signal suits them, and finds a team that under-estimates every
 * week at once (± the number of estimates), where the z-score, which
 * counts each task once, could not say much from a dozen tasks. A
 * won-or-lost outcome has no such correction: a rep whose probabilities
 * are right still wins a deal at 10 % now and then, an error nine times
 * the usual size; on the generated sample the reps' tracking signals are
 * between −280 and +70. The z-score measures the same sum against the
 * spread the probabilities give it.
 *
 * ## The result
 *
 * The observed value is the largest size (|TS| or |z|) among the groups
 * judged, graded by [property@Kpi.Check:warn-threshold] (4 by default,
 * the classic limit of the tracking signal,
 * %KPI_DEFAULT_TRACKING_SIGNAL_LIMIT) and [property@Kpi.Check:fail-threshold]
 * (6, the top of the limits in common use). The same limits suit the
 * z-score: beyond 4 by chance is 1 in 15 000 for one group, about 1 in
 * 650 for 24. On the generated sample data (seeds 1 to 10 and 42, 20 000
 * and 100 000 orders), the under-estimating team has a tracking signal
 * equal to its number of estimates (+213 to +367; +240 with the default
 * seed) while the honest teams stay within ±1.3; the reps' z-scores stay
 * within ±4 (at most 3.0 with 20 000 orders, 3.97 with 100 000: the
 * sample's stage probabilities are above its conversion rates, and its
 * reps win about three quarters of their weighted pipeline).
 *
 * A group beyond the warning threshold is biased. The message names the
 * most biased group, its statistic, the number of estimates and of
 * entities, the direction and the average size of the bias (the sum of
 * the errors against the sum of what actually happened, and the mean
 * error), and then the other biased groups: `team-b: tracking signal +240
 * over 240 estimates of 12 entities, beyond ±6: remaining work
 * under-estimated by 44 % on average (mean error +119.4)`. Its scope is
 * the estimate field, for the periods of [property@Kpi.Check:granularity]
 * from the first to the last scored estimate of each biased group (and
 * that group, when there is a group-by): a biased pipeline taints the
 * weighted pipeline, not the amounts. The samples are the row of each
 * biased group whose error is the largest, shown by
 * [property@Kpi.Check:key-fields] (else the time, the entity and the
 * estimate). The element count is the number of rows read, the missing
 * count those with a missing value, the unexpected count the estimates of
 * the biased groups.
 *
 * Without a scored estimate (no rows, no entity finished or closed, all
 * values missing) or without a group of
 * [property@Kpi.EstimateBiasCheck:min-estimates], the result is
 * %KPI_CHECK_STATUS_INSUFFICIENT_DATA, saying what was missing.
 *
 * The check reads the columns twice: once for the outcome of each entity,
 * then to score the estimates. It keeps a few numbers per entity (the
 * values of a dimension: tasks, opportunities) and per group.
 *
 * ```c
 * g_autoptr(KpiCheck) bias = kpi_estimate_bias_check_new ("tasks",
 *     KPI_ESTIMATE_BIAS_MODE_REMAINING_WORK, "task", "remaining");
 * kpi_estimate_bias_check_set_spent_field (KPI_ESTIMATE_BIAS_CHECK (bias), "spent");
 * kpi_estimate_bias_check_set_done_field (KPI_ESTIMATE_BIAS_CHECK (bias), "done");
 * kpi_check_set_group_by (bias, "team");
 * g_autoptr(KpiCheckResult) result = kpi_check_run (bias, context, NULL, &error);
 * ```
 *
 * ```python
 * check = Kpi.EstimateBiasCheck.new("opportunities", Kpi.EstimateBiasMode.OUTCOME,
 *                                   "opportunity", "probability")
 * check.props.amount_field = "amount"
 * check.props.stage_field = "stage"
 * check.props.group_by = "rep"
 * result = check.run(context, None)
 * print(result.get_status(), result.get_message())
 * ```
 *
 * In a checks file:
 *
 * ```json
 * { "id": "remaining_work_bias", "type": "estimate-bias", "dataset": "tasks",
 *   "mode": "remaining-work", "entity_field": "task", "estimate_field": "remaining",
 *   "spent_field": "spent", "done_field": "done", "group_by": "team" }
 * ```
 *
 * ## Example
 *
 * ```c
 * // the stage changes of two opportunities of crm-small, one won, one lost
 * const char *opportunities_csv = "date,opportunity,stage,amount,probability\n"
 *                                 "2025-01-02,O1,lead,1000,0.1\n2025-01-05,O2,lead,500,0.1\n"
 *                                 "2025-01-10,O1,qualified,1000,0.25\n2025-01-25,O1,proposal,1000,0.5\n"
 *                                 "2025-02-01,O2,qualified,500,0.25\n2025-02-10,O1,won,1000,1\n"
 *                                 "2025-03-05,O2,lost,500,0\n";
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDataset) opportunities = kpi_dataset_new ("date");
 * g_autoptr(KpiContext) context = kpi_context_new (NULL);
 * g_autoptr(KpiCheck) check = kpi_estimate_bias_check_new ("opportunities", KPI_ESTIMATE_BIAS_MODE_OUTCOME,
 *                                                          "opportunity", "probability");
 * g_autoptr(KpiCheckResult) result = NULL;
 * g_autofree char *status = NULL;
 *
 * if (!kpi_dataset_load_data (opportunities, (const guint8 *) opportunities_csv, strlen (opportunities_csv),
 *                             NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_context_add_dataset (context, "opportunities", opportunities);
 * kpi_estimate_bias_check_set_amount_field (KPI_ESTIMATE_BIAS_CHECK (check), "amount");
 * kpi_estimate_bias_check_set_stage_field (KPI_ESTIMATE_BIAS_CHECK (check), "stage");
 * kpi_estimate_bias_check_set_min_estimates (KPI_ESTIMATE_BIAS_CHECK (check), 5); // far too few, for the example
 * result = kpi_check_run (check, context, NULL, &error);
 * if (result == NULL)
 *   g_error ("%s", error->message);
 * status = g_enum_to_string (KPI_TYPE_CHECK_STATUS, kpi_check_result_get_status (result));
 * g_print ("%s: %s\n", status, kpi_check_result_get_message (result));
 * ```
 *
 * ```python
 * # the stage changes of two opportunities of crm-small, one won, one lost
 * opportunities_csv = """date,opportunity,stage,amount,probability
 * 2025-01-02,O1,lead,1000,0.1
 * 2025-01-05,O2,lead,500,0.1
 * 2025-01-10,O1,qualified,1000,0.25
 * 2025-01-25,O1,proposal,1000,0.5
 * 2025-02-01,O2,qualified,500,0.25
 * 2025-02-10,O1,won,1000,1
 * 2025-03-05,O2,lost,500,0
 * """
 * opportunities = Kpi.Dataset.new("date")
 * opportunities.load_data(opportunities_csv.encode(), None)
 * context = Kpi.Context.new(None)
 * context.add_dataset("opportunities", opportunities)
 * check = Kpi.EstimateBiasCheck.new("opportunities", Kpi.EstimateBiasMode.OUTCOME,
 *                                   "opportunity", "probability")
 * check.set_amount_field("amount")
 * check.set_stage_field("stage")
 * check.set_min_estimates(5)  # far too few, for the example
 * result = check.run(context, None)
 * print(f"{result.get_status().value_name}: {result.get_message()}")
 * ```
 *
 * ```js
 * import GObject from 'gi://GObject';
 *
 * // the stage changes of two opportunities of crm-small, one won, one lost
 * const opportunitiesCsv = `date,opportunity,stage,amount,probability
 * 2025-01-02,O1,lead,1000,0.1
 * 2025-01-05,O2,lead,500,0.1
 * 2025-01-10,O1,qualified,1000,0.25
 * 2025-01-25,O1,proposal,1000,0.5
 * 2025-02-01,O2,qualified,500,0.25
 * 2025-02-10,O1,won,1000,1
 * 2025-03-05,O2,lost,500,0
 * `;
 * const opportunities = Kpi.Dataset.new('date');
 * opportunities.load_data(new TextEncoder().encode(opportunitiesCsv), null);
 * const context = Kpi.Context.new(null);
 * context.add_dataset('opportunities', opportunities);
 * const check = Kpi.EstimateBiasCheck.new('opportunities', Kpi.EstimateBiasMode.OUTCOME,
 *                                         'opportunity', 'probability');
 * check.set_amount_field('amount');
 * check.set_stage_field('stage');
 * check.set_min_estimates(5); // far too few, for the example
 * const result = check.run(context, null);
 * print(`${GObject.enum_to_string(Kpi.CheckStatus, result.get_status())}: ${result.get_message()}`);
 * ```
 *
 * Since: 0.1
 */

/* The other biased groups a message names before it says how many more. */
#define MAX_NAMED 5
/* The probabilities a z-score's variance takes as certain, at most. */
#define CERTAIN 0.01
/* Rows between two looks at the cancellable. */
#define CANCEL_MASK 0xFFFF

struct _KpiEstimateBiasCheck
{
  KpiCheck                  parent_instance;

  KpiEstimateBiasMode       mode;
  KpiEstimateBiasStatistic  statistic;
  char                     *entity_field;
  char                     *estimate_field;
  char                     *spent_field;
  char                     *done_field;
  char                     *amount_field;
  char                     *stage_field;
  char                    **won_values;    /* never NULL */
  char                    **lost_values;   /* never NULL */
  guint                     min_estimates;
};

enum {
  PROP_0,
  PROP_MODE,
  PROP_STATISTIC,
  PROP_ENTITY_FIELD,
  PROP_ESTIMATE_FIELD,
  PROP_SPENT_FIELD,
  PROP_DONE_FIELD,
  PROP_AMOUNT_FIELD,
  PROP_STAGE_FIELD,
  PROP_WON_VALUES,
  PROP_LOST_VALUES,
  PROP_MIN_ESTIMATES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KpiEstimateBiasCheck, kpi_estimate_bias_check, KPI_TYPE_CHECK)

static const char * const default_won[] = { "won", NULL };
static const char * const default_lost[] = { "lost", NULL };

static void
kpi_estimate_bias_check_finalize (GObject *object)
{
  KpiEstimateBiasCheck *self = KPI_ESTIMATE_BIAS_CHECK (object);

  g_free (self->entity_field);
  g_free (self->estimate_field);
  g_free (self->spent_field);
  g_free (self->done_field);
  g_free (self->amount_field);
  g_free (self->stage_field);
  g_strfreev (self->won_values);
  g_strfreev (self->lost_values);

  G_OBJECT_CLASS (kpi_estimate_bias_check_parent_class)->finalize (object);
}

static void
kpi_estimate_bias_check_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  KpiEstimateBiasCheck *self = KPI_ESTIMATE_BIAS_CHECK (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_STATISTIC:
      g_value_set_enum (value, self->statistic);
      break;
    case PROP_ENTITY_FIELD:
      g_value_set_string (value, self->entity_field);
      break;
    case PROP_ESTIMATE_FIELD:
      g_value_set_string (value, self->estimate_field);
      break;
    case PROP_SPENT_FIELD:
      g_value_set_string (value, self->spent_field);
      break;
    case PROP_DONE_FIELD:
      g_value_set_string (value, self->done_field);
      break;
    case PROP_AMOUNT_FIELD:
      g_value_set_string (value, self->amount_field);
      break;
    case PROP_STAGE_FIELD:
      g_value_set_string (value, self->stage_field);
      break;
    case PROP_WON_VALUES:
      g_value_set_boxed (value, self->won_values);
      break;
    case PROP_LOST_VALUES:
      g_value_set_boxed (value, self->lost_values);
      break;
    case PROP_MIN_ESTIMATES:
      g_value_set_uint (value, self->min_estimates);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_estimate_bias_check_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  KpiEstimateBiasCheck *self = KPI_ESTIMATE_BIAS_CHECK (object);

  switch (prop_id)
    {
    case PROP_MODE:
      kpi_estimate_bias_check_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_STATISTIC:
      kpi_estimate_bias_check_set_statistic (self, g_value_get_enum (value));
      break;
    case PROP_ENTITY_FIELD:
      kpi_estimate_bias_check_set_entity_field (self, g_value_get_string (value));
      break;
    case PROP_ESTIMATE_FIELD:
      kpi_estimate_bias_check_set_estimate_field (self, g_value_get_string (value));
      break;
    case PROP_SPENT_FIELD:
      kpi_estimate_bias_check_set_spent_field (self, g_value_get_string (value));
      break;
    case PROP_DONE_FIELD:
      kpi_estimate_bias_check_set_done_field (self, g_value_get_string (value));
      break;
    case PROP_AMOUNT_FIELD:
      kpi_estimate_bias_check_set_amount_field (self, g_value_get_string (value));
      break;
    case PROP_STAGE_FIELD:
      kpi_estimate_bias_check_set_stage_field (self, g_value_get_string (value));
      break;
    case PROP_WON_VALUES:
      kpi_estimate_bias_check_set_won_values (self, g_value_get_boxed (value));
      break;
    case PROP_LOST_VALUES:
      kpi_estimate_bias_check_set_lost_values (self, g_value_get_boxed (value));
      break;
    case PROP_MIN_ESTIMATES:
      kpi_estimate_bias_check_set_min_estimates (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* ------------------------------------------------------------------------
 * Run
 * ------------------------------------------------------------------------ */

/* What a group's estimates add up to. */
typedef struct
{
  guint    n;            /* scored estimates */
  guint    n_entities;   /* runs of estimates of one entity (see flush) */
  double   sum;          /* Σ e */
  double   sum_abs;      /* Σ |e| */
  double   sum_sq;       /* Σ Sⱼ², Sⱼ the spread of entity j's errors */
  double   sum_actual;   /* Σ actual */
  double   stat;         /* the statistic, once computed */
  gint64   first_time;   /* of its first and last scored estimates */
  gint64   last_time;
  guint    worst_row;    /* the row whose |e| is the largest */
  double   worst_abs;
} Group;

static int
compare_by_size (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Group *groups = user_data;
  double x = fabs (groups[*(const guint *) a].stat);
  double y = fabs (groups[*(const guint *) b].stat);

  if (x != y)
    return x > y ? -1 : 1;
  return (*(const guint *) a > *(const guint *) b) - (*(const guint *) a < *(const guint *) b);
}

/* "+240", "−1.0", "0": a statistic, signed with U+2212; whole above 100. */
static void
append_signed (GString *out,
               double   x,
               int      decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (x > 0)
    g_string_append_c (out, '+');
  else if (x < 0)
    g_string_append (out, "\u2212");
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, decimals == 0 ? "%.0f" : "%.1f", fabs (x)));
}

/* "+0.6", "−1527.1", "−0.0042": a mean, with a tenth, or two
 * significant digits when it is smaller than that */
static void
append_mean (GString *out,
             double   x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (x == 0 || fabs (x) >= 0.05)
    {
      append_signed (out, x, 1);
      return;
    }
  g_string_append (out, x > 0 ? "+" : "\u2212");
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.2g", fabs (x)));
}

static void
append_statistic (GString *out,
                  double   x)
{
  append_signed (out, x, fabs (x) >= 99.95 ? 0 : 1);
}

/* "±4" */
static void
append_limit (GString *out,
              double   limit)
{
  g_autofree char *text = kpi_check_format_short (limit);

  g_string_append (out, "\u00b1");
  g_string_append (out, text);
}

/* "team-b: " (nothing for the whole data) */
static void
append_group_name (GString            *out,
                   const char * const *dictionary,
                   gsize               n_dictionary,
                   guint               g)
{
  g_autofree char *name = NULL;

  if (dictionary == NULL || g >= n_dictionary)
    return;
  name = kpi_text_for_message (dictionary[g], -1, KPI_MESSAGE_QUOTE_CHARS);
  g_string_append_printf (out, "%s: ", name);
}

/* "tracking signal +240 over 240 estimates of 12 entities" */
static void
append_group_summary (GString                  *out,
                      KpiEstimateBiasStatistic  statistic,
                      const Group              *group)
{
  g_string_append (out, statistic == KPI_ESTIMATE_BIAS_STATISTIC_Z_SCORE
                        ? "z-score " : "tracking signal ");
  append_statistic (out, group->stat);
  g_string_append_printf (out, " over %u estimate%s of %u entit%s", group->n,
                          group->n == 1 ? "" : "s", group->n_entities,
                          group->n_entities == 1 ? "y" : "ies");
}

/* "remaining work under-estimated by 44 % on average (mean error +119.4)" */
static void
append_direction (GString             *out,
                  KpiEstimateBiasMode  mode,
                  const Group         *group)
{
  const char *noun = mode == KPI_ESTIMATE_BIAS_MODE_OUTCOME ? "weighted amounts" : "remaining work";
  double mean = group->sum / group->n;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (group->sum == 0)
    g_string_append_printf (out, "%s neither under- nor over-estimated on the whole", noun);
  else
    {
      g_string_append_printf (out, "%s %s-estimated", noun, group->sum > 0 ? "under" : "over");
      /* against what actually happened: the share of it the estimates
       * missed, or by which they exceeded it */
      if (group->sum_actual > 0)
        {
          double percent = 100.0 * fabs (group->sum) / group->sum_actual;

          if (percent < 0.05)
            g_string_append (out, " by less than 0.1 % on average");
          else
            g_string_append_printf (out, " by %s %% on average",
                                    g_ascii_formatd (buf, sizeof buf, percent < 0.5 ? "%.1f" : "%.0f",
                                                     percent));
        }
      else
        g_string_append (out, ", against an actual total of 0");
    }
  g_string_append (out, " (mean error ");
  append_mean (out, mean);
  g_string_append_c (out, ')');
}

/* The samples of a biased group: its row that missed the most, by the
 * key fields, else by time, entity and estimate. */
static void
add_sample (KpiCheck       *check,
            KpiCheckResult *result,
            KpiDataset     *dataset,
            guint           row,
            const char     *entity_field,
            const char     *estimate_field)
{
  const char *key_fields[4] = { NULL, };
  g_autofree char *day = NULL;
  g_autofree char *estimate = NULL;
  double x;

  if (kpi_check_get_key_fields (check)[0] != NULL || kpi_check_get_fields (check)[0] != NULL)
    {
      kpi_check_add_sample (check, result, dataset, row);
      return;
    }
  if (kpi_check_result_get_n_samples (result) >= kpi_check_get_max_samples (check))
    return;

  day = kpi_check_format_sample_time (kpi_dataset_get_time (dataset, row));
  estimate = kpi_dataset_get_measure_value (dataset, estimate_field, row, &x)
             ? kpi_check_format_sample_number (x) : g_strdup ("");
  key_fields[0] = day;
  key_fields[1] = kpi_dataset_get_dimension_value (dataset, entity_field, row);
  key_fields[2] = estimate;
  if (key_fields[1] == NULL)
    key_fields[1] = "";
  kpi_check_result_add_sample (result, row, key_fields);
}

/* "; 3 rows with a missing value; 2 rows with a probability outside 0 to 1" */
static void
append_missing (GString *out,
                guint    n_missing,
                guint    n_invalid)
{
  if (n_missing > n_invalid)
    g_string_append_printf (out, "; %u row%s with a missing value", n_missing - n_invalid,
                            n_missing - n_invalid == 1 ? "" : "s");
  if (n_invalid > 0)
    g_string_append_printf (out, "; %u row%s with a probability outside 0 to 1", n_invalid,
                            n_invalid == 1 ? "" : "s");
}

/* Looks up a field of the given kind; the error names the check and the
 * property. */
static gboolean
lookup_field (KpiCheck       *check,
              KpiDataset     *dataset,
              const char     *property,
              const char     *field,
              KpiColumnKind   kind,
              GError        **error)
{
  guint column;

  if (field == NULL || field[0] == '\0')
    {
      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: no %s: expected the name of a %s column",
                   kpi_check_display_name (check, "estimate-bias"), property,
                   kind == KPI_COLUMN_DIMENSION ? "dimension" : "measure");
      return FALSE;
    }
  if (!kpi_check_lookup_field (check, dataset, field, &column, error))
    return FALSE;
  if (kpi_dataset_get_column_kind (dataset, column) != kind)
    {
      g_autofree char *name = kpi_text_for_message (field, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                   "%s: the %s “%s” is not a %s: expected %s",
                   kpi_check_display_name (check, "estimate-bias"), property, name,
                   kind == KPI_COLUMN_DIMENSION ? "dimension" : "measure",
                   kind == KPI_COLUMN_DIMENSION ? "a column of names or codes"
                                                : "a column of numbers");
      return FALSE;
    }
  return TRUE;
}

/* For each value of @dictionary, whether it is one of @values. */
static gboolean *
flag_values (const char * const *dictionary,
             gsize               n,
             char              **values)
{
  gboolean *flags = g_new0 (gboolean, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    flags[i] = g_strv_contains ((const char * const *) values, dictionary[i]);
  return flags;
}

/* Closes the run of estimates of entity @e in the group it is counted
 * in: its spread is one Sⱼ of the z-score. */
static inline void
flush_entity (Group   *groups,
              double  *entity_spread,
              guint32 *entity_group,
              guint32  e)
{
  if (entity_group[e] == G_MAXUINT32)
    return;
  groups[entity_group[e]].sum_sq += entity_spread[e] * entity_spread[e];
  entity_spread[e] = 0;
  entity_group[e] = G_MAXUINT32;
}

static KpiCheckResult *
kpi_estimate_bias_check_run (KpiCheck      *check,
                             KpiContext    *context,
                             GCancellable  *cancellable,
                             GError       **error)
{
  KpiEstimateBiasCheck *self = KPI_ESTIMATE_BIAS_CHECK (check);
  gboolean outcome = self->mode == KPI_ESTIMATE_BIAS_MODE_OUTCOME;
  KpiEstimateBiasStatistic statistic = self->statistic;
  const char *group_by = kpi_check_get_group_by (check);
  double warn = kpi_check_get_warn_threshold (check);
  double fail = kpi_check_get_fail_threshold (check);
  double limit = !isnan (warn) ? warn : fail;
  const char *fields[] = { self->estimate_field, NULL };
  g_autoptr(KpiDataset) dataset = NULL;
  g_autoptr(KpiCheckResult) result = NULL;
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GString) message = g_string_new (NULL);
  g_autoptr(GArray) biased = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree gint64 *period_starts = NULL;
  g_autofree gint64 *last_time = NULL;
  g_autofree gint64 *last_row = NULL;
  g_autofree double *truth = NULL;
  g_autofree double *entity_spread = NULL;
  g_autofree guint32 *entity_group = NULL;
  g_autofree gboolean *is_won = NULL;
  g_autofree gboolean *is_lost = NULL;
  g_autofree gboolean *has_estimate = NULL;
  g_autofree Group *groups = NULL;
  const gint64 *times;
  const double *estimates, *spent = NULL, *done = NULL, *amounts = NULL;
  const guint32 *entities, *stages = NULL, *group_codes = NULL;
  const char * const *group_dictionary = NULL;
  const char * const *stage_dictionary = NULL;
  gsize n_rows = 0, n_entities = 0, n_stages = 0, n_group_values = 0, n_groups;
  guint n_periods, n_missing = 0, n_elements = 0, n_scored = 0, n_invalid = 0;
  guint n_with_estimates = 0, n_judged = 0, n_small = 0, n_unexpected = 0;
  guint worst = G_MAXUINT, most = G_MAXUINT;
  gint64 periods_start, periods_end;
  double observed = NAN;
  KpiCheckStatus status;

  if (statistic == KPI_ESTIMATE_BIAS_STATISTIC_AUTO)
    statistic = outcome ? KPI_ESTIMATE_BIAS_STATISTIC_Z_SCORE
                        : KPI_ESTIMATE_BIAS_STATISTIC_TRACKING_SIGNAL;

  dataset = kpi_check_dup_dataset (check, context, error);
  if (dataset == NULL)
    return NULL;
  if (!lookup_field (check, dataset, "entity-field", self->entity_field, KPI_COLUMN_DIMENSION, error)
      || !lookup_field (check, dataset, "estimate-field", self->estimate_field, KPI_COLUMN_MEASURE, error))
    return NULL;
  if (outcome)
    {
      if (!lookup_field (check, dataset, "amount-field", self->amount_field, KPI_COLUMN_MEASURE, error)
          || !lookup_field (check, dataset, "stage-field", self->stage_field, KPI_COLUMN_DIMENSION, error))
        return NULL;
      for (guint i = 0; self->won_values[i] != NULL; i++)
        if (g_strv_contains ((const char * const *) self->lost_values, self->won_values[i]))
          {
            g_autofree char *value = kpi_text_for_message (self->won_values[i], -1,
                                                           KPI_MESSAGE_QUOTE_CHARS);

            g_set_error (error, KPI_CHECK_ERROR, KPI_CHECK_ERROR_INVALID,
                         "%s: “%s” is both a won and a lost value: expected each stage in one "
                         "list at most", kpi_check_display_name (check, "estimate-bias"), value);
            return NULL;
          }
    }
  else if (!lookup_field (check, dataset, "spent-field", self->spent_field, KPI_COLUMN_MEASURE, error)
           || !lookup_field (check, dataset, "done-field", self->done_field, KPI_COLUMN_MEASURE, error))
    return NULL;
  if (group_by != NULL
      && !lookup_field (check, dataset, "group-by", group_by, KPI_COLUMN_DIMENSION, error))
    return NULL;

  result = kpi_check_result_new (KPI_CHECK_STATUS_PASS, NULL);
  kpi_check_result_set_fields (result, fields);

  times = kpi_dataset_get_times (dataset, &n_rows);
  if (n_rows == 0)
    {
      kpi_check_result_set_status (result, KPI_CHECK_STATUS_INSUFFICIENT_DATA);
      kpi_check_result_set_message (result, "no rows: no estimate to judge");
      return g_steal_pointer (&result);
    }
  estimates = kpi_dataset_get_measure (dataset, self->estimate_field, &n_rows);
  entities = kpi_dataset_get_dimension_codes (dataset, self->entity_field, &n_rows);
  (void) kpi_dataset_get_dimension_dictionary (dataset, self->entity_field, &n_entities);
  if (outcome)
    {
      amounts = kpi_dataset_get_measure (dataset, self->amount_field, &n_rows);
      stages = kpi_dataset_get_dimension_codes (dataset, self->stage_field, &n_rows);
      stage_dictionary = kpi_dataset_get_dimension_dictionary (dataset, self->stage_field, &n_stages);
      is_won = flag_values (stage_dictionary, n_stages, self->won_values);
      is_lost = flag_values (stage_dictionary, n_stages, self->lost_values);
    }
  else
    {
      spent = kpi_dataset_get_measure (dataset, self->spent_field, &n_rows);
      done = kpi_dataset_get_measure (dataset, self->done_field, &n_rows);
    }
  if (group_by != NULL)
    {
      group_codes = kpi_dataset_get_dimension_codes (dataset, group_by, &n_rows);
      group_dictionary = kpi_dataset_get_dimension_dictionary (dataset, group_by, &n_group_values);
    }
  n_groups = group_by != NULL ? n_group_values : 1;

  periods = kpi_check_list_periods (check, context, dataset);
  n_periods = periods->len;
  period_starts = g_new (gint64, MAX (n_periods, 1));
  for (guint p = 0; p < n_periods; p++)
    period_starts[p] = kpi_period_get_start (g_ptr_array_index (periods, p));
  /* the rows to score are those of the periods (all the data when the
   * check has no period); the periods are contiguous */
  periods_start = n_periods > 0 ? period_starts[0] : 0;
  periods_end = n_periods > 0 ? kpi_period_get_end (g_ptr_array_index (periods, n_periods - 1)) : 0;

  /* First pass: the last report (or event) of each entity, which tells
   * whether it is over and what it came to. */
  last_time = g_new (gint64, MAX (n_entities, 1));
  last_row = g_new (gint64, MAX (n_entities, 1));
  for (gsize e = 0; e < n_entities; e++)
    last_row[e] = -1;
  for (gsize i = 0; i < n_rows; i++)
    {
      guint32 e = entities[i];

      if ((i & CANCEL_MASK) == 0 && i > 0
          && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (e >= n_entities)
        continue;
      /* a report that does not say whether it is done, an event without
       * a stage, says nothing of the outcome */
      if (outcome ? stages[i] >= n_stages : isnan (done[i]))
        continue;
      if (last_row[e] < 0 || times[i] >= last_time[e])
        {
          last_time[e] = times[i];
          last_row[e] = (gint64) i;
        }
    }

  /* What each finished entity came to: its final spent, or the amount
   * won (0 when lost); NaN while it is not over. */
  truth = g_new (double, MAX (n_entities, 1));
  for (gsize e = 0; e < n_entities; e++)
    {
      gint64 r = last_row[e];

      truth[e] = NAN;
      if (r < 0)
        continue;
      if (outcome)
        {
          if (is_won[stages[r]])
            truth[e] = amounts[r];
          else if (is_lost[stages[r]])
            truth[e] = 0.0;
        }
      else if (done[r] != 0)
        truth[e] = spent[r];
    }

  /* Second pass: score the estimates of the finished entities. */
  groups = g_new0 (Group, MAX (n_groups, 1));
  entity_spread = g_new0 (double, MAX (n_entities, 1));
  entity_group = g_new (guint32, MAX (n_entities, 1));
  has_estimate = g_new0 (gboolean, MAX (n_entities, 1));
  for (gsize e = 0; e < n_entities; e++)
    entity_group[e] = G_MAXUINT32;
  for (gsize i = 0; i < n_rows; i++)
    {
      guint32 e = entities[i];
      guint32 g = 0;
      double actual, estimate, error_i, spread;
      Group *group;

      if ((i & CANCEL_MASK) == 0 && i > 0
          && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (times[i] < periods_start || times[i] >= periods_end)
        continue;
      n_elements++;
      if (group_codes != NULL)
        g = group_codes[i];
      if (e >= n_entities || g >= n_groups)
        {
          n_missing++;
          continue;
        }
      /* only the rows that estimate something: not a report that says
       * done, nor the event that closes the entity */
      if (outcome ? stages[i] >= n_stages : isnan (done[i]))
        {
          n_missing++;
          continue;
        }
      if (outcome ? is_won[stages[i]] || is_lost[stages[i]] : done[i] != 0)
        continue;
      if (isnan (estimates[i]) || isnan (outcome ? amounts[i] : spent[i]))
        {
          n_missing++;
          continue;
        }
      if (outcome)
        {
          double p = estimates[i];

          /* a probability, or the z-score has no variance to go by */
          if (!(p >= 0 && p <= 1))
            {
              n_missing++;
              n_invalid++;
              continue;
            }
          actual = truth[e];
          estimate = p * amounts[i];
          /* the standard deviation of the error if p is right, with p
           * kept within 1 % .. 99 %: a certain estimate proved wrong is a
           * large surprise, not an infinite one */
          p = CLAMP (p, CERTAIN, 1 - CERTAIN);
          spread = fabs (amounts[i]) * sqrt (p * (1 - p));
        }
      else
        {
          actual = truth[e] - spent[i];
          estimate = estimates[i];
          spread = NAN;   /* the error itself, below */
        }
      if (!has_estimate[e])
        {
          has_estimate[e] = TRUE;
          n_with_estimates++;
        }
      if (isnan (actual))
        continue;   /* not over yet */

      error_i = actual - estimate;
      group = &groups[g];
      group->n++;
      group->sum += error_i;
      group->sum_abs += fabs (error_i);
      group->sum_actual += actual;
      if (group->n == 1 || times[i] < group->first_time)
        group->first_time = times[i];
      if (group->n == 1 || times[i] > group->last_time)
        group->last_time = times[i];
      if (group->n == 1 || fabs (error_i) > group->worst_abs)
        {
          group->worst_abs = fabs (error_i);
          group->worst_row = (guint) i;
        }
      /* an entity's spreads are summed for the z-score while it stays in
       * one group (a task handed to another team starts a new sum) */
      if (entity_group[e] != g)
        {
          flush_entity (groups, entity_spread, entity_group, e);
          entity_group[e] = g;
          group->n_entities++;
        }
      entity_spread[e] += outcome ? spread : error_i;
      n_scored++;
    }
  for (gsize e = 0; e < n_entities; e++)
    flush_entity (groups, entity_spread, entity_group, e);

  /* The statistic of each group with enough estimates. */
  for (guint g = 0; g < n_groups; g++)
    {
      Group *group = &groups[g];
      KpiCheckStatus grade;

      if (group->n == 0)
        continue;
      if (most == G_MAXUINT || group->n > groups[most].n)
        most = g;
      if (group->n < self->min_estimates)
        {
          n_small++;
          continue;
        }
      /* all errors 0 (or entity sums 0): no bias, rather than 0 / 0 */
      if (statistic == KPI_ESTIMATE_BIAS_STATISTIC_Z_SCORE)
        group->stat = group->sum_sq > 0 ? group->sum / sqrt (group->sum_sq) : 0.0;
      else
        group->stat = kpi_tracking_signal (group->sum, group->sum_abs, group->n);
      n_judged++;
      if (worst == G_MAXUINT || fabs (group->stat) > fabs (groups[worst].stat))
        worst = g;
      grade = kpi_check_grade (check, fabs (group->stat));
      if (grade == KPI_CHECK_STATUS_WARN || grade == KPI_CHECK_STATUS_FAIL)
        g_array_append_val (biased, g);
    }

  kpi_check_result_set_expected (result, NAN, limit);

  if (n_judged == 0)
    {
      kpi_check_result_set_status (result, KPI_CHECK_STATUS_INSUFFICIENT_DATA);
      if (n_scored > 0)
        {
          append_group_name (message, group_dictionary, n_group_values, most);
          g_string_append_printf (message, "%u scored estimate%s, fewer than the %u needed to judge "
                                  "a bias", groups[most].n, groups[most].n == 1 ? "" : "s",
                                  self->min_estimates);
          if (group_by != NULL)
            g_string_append_printf (message, " (the most of %u group%s)", n_small,
                                    n_small == 1 ? "" : "s");
        }
      else if (n_with_estimates == 0)
        {
          const KpiPeriod *only = kpi_check_get_period (check);

          g_string_append_printf (message, "no estimate to score in %u row%s",
                                  n_elements, n_elements == 1 ? "" : "s");
          if (only != NULL)
            g_string_append_printf (message, " of %s", kpi_period_get_label (only));
        }
      else
        {
          const char *field = outcome ? self->stage_field : self->done_field;
          g_autofree char *name = kpi_text_for_message (field, -1, KPI_MESSAGE_QUOTE_CHARS);

          if (n_with_estimates == 1)
            g_string_append_printf (message, "no estimate to score: the only entity with estimates "
                                    "is not %s", outcome ? "closed" : "done");
          else
            g_string_append_printf (message, "no estimate to score: none of the %u entities with "
                                    "estimates is %s", n_with_estimates, outcome ? "closed" : "done");
          if (outcome)
            g_string_append_printf (message, " (closed: the “%s” of its last event is a won or "
                                    "lost value)", name);
          else
            g_string_append_printf (message, " (done: “%s” is not 0 on its last report)", name);
        }
      append_missing (message, n_missing, n_invalid);
      kpi_check_result_set_counts (result, n_elements, n_missing, 0);
      kpi_check_result_set_message (result, message->str);
      return g_steal_pointer (&result);
    }

  observed = fabs (groups[worst].stat);
  status = kpi_check_grade (check, observed);
  g_array_sort_with_data (biased, compare_by_size, groups);

  if (biased->len > 0)
    {
      for (guint k = 0; k < biased->len; k++)
        {
          guint g = g_array_index (biased, guint, k);
          Group *group = &groups[g];
          double size = fabs (group->stat);
          const char *name = group_by != NULL ? group_dictionary[g] : NULL;

          gssize first = kpi_check_period_index (period_starts, n_periods, periods_end,
                                                 group->first_time);
          gssize last = kpi_check_period_index (period_starts, n_periods, periods_end,
                                                group->last_time);

          n_unexpected += group->n;
          for (gssize p = first; p >= 0 && p <= last; p++)
            kpi_check_result_add_affected (result, g_ptr_array_index (periods, p),
                                           name != NULL ? group_by : NULL, name);
          add_sample (check, result, dataset, group->worst_row, self->entity_field,
                      self->estimate_field);

          if (k == 0)
            {
              append_group_name (message, group_dictionary, n_group_values, g);
              append_group_summary (message, statistic, group);
              g_string_append (message, ", beyond ");
              append_limit (message, !isnan (fail) && size > fail ? fail : limit);
              g_string_append (message, ": ");
              append_direction (message, self->mode, group);
            }
          else if (k < MAX_NAMED)
            {
              g_string_append (message, k == 1 ? "; also " : ", ");
              append_group_name (message, group_dictionary, n_group_values, g);
              append_statistic (message, group->stat);
              g_string_append_printf (message, " over %u", group->n);
            }
        }
      if (biased->len > MAX_NAMED)
        g_string_append_printf (message, " and %u more", biased->len - MAX_NAMED);
    }
  else
    {
      g_string_append (message, "no bias");
      if (!isnan (limit))
        {
          g_string_append (message, " beyond ");
          append_limit (message, limit);
        }
      g_string_append (message, ": ");
      if (group_by != NULL)
        {
          g_string_append_printf (message, "%u group%s judged, the largest ", n_judged,
                                  n_judged == 1 ? "" : "s");
          append_group_name (message, group_dictionary, n_group_values, worst);
        }
      append_group_summary (message, statistic, &groups[worst]);
      g_string_append (message, " (mean error ");
      append_mean (message, groups[worst].sum / groups[worst].n);
      g_string_append_c (message, ')');
    }
  if (n_small > 0)
    g_string_append_printf (message, "; %u group%s with fewer than %u estimates not judged",
                            n_small, n_small == 1 ? "" : "s", self->min_estimates);
  append_missing (message, n_missing, n_invalid);

  kpi_check_result_set_status (result, status);
  kpi_check_result_set_observed (result, observed);
  kpi_check_result_set_counts (result, n_elements, n_missing, n_unexpected);
  kpi_check_result_set_message (result, message->str);
  return g_steal_pointer (&result);
}

/* ------------------------------------------------------------------------
 * Class
 * ------------------------------------------------------------------------ */

static void
kpi_estimate_bias_check_class_init (KpiEstimateBiasCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KpiCheckClass *check_class = KPI_CHECK_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_estimate_bias_check_finalize;
  object_class->get_property = kpi_estimate_bias_check_get_property;
  object_class->set_property = kpi_estimate_bias_check_set_property;
  check_class->run = kpi_estimate_bias_check_run;

  /**
   * KpiEstimateBiasCheck:mode:
   *
   * What the rows are: status reports with the remaining work (the
   * default), or events with a probability and an amount.
   *
   * Since: 0.1
   */
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, KPI_TYPE_ESTIMATE_BIAS_MODE,
                       KPI_ESTIMATE_BIAS_MODE_REMAINING_WORK, rw);

  /**
   * KpiEstimateBiasCheck:statistic:
   *
   * How the bias of a group is measured: by default, the tracking signal
   * for remaining work and the z-score for outcomes (see the class's
   * documentation for why).
   *
   * Since: 0.1
   */
  properties[PROP_STATISTIC] =
    g_param_spec_enum ("statistic", NULL, NULL, KPI_TYPE_ESTIMATE_BIAS_STATISTIC,
                       KPI_ESTIMATE_BIAS_STATISTIC_AUTO, rw);

  /**
   * KpiEstimateBiasCheck:entity-field:
   *
   * The dimension whose values are the things estimated: a task, an
   * opportunity. Required.
   *
   * Since: 0.1
   */
  properties[PROP_ENTITY_FIELD] = g_param_spec_string ("entity-field", NULL, NULL, NULL, rw);

  /**
   * KpiEstimateBiasCheck:estimate-field:
   *
   * The measure that holds the estimate: the remaining work, or the
   * probability that multiplies [property@Kpi.EstimateBiasCheck:amount-field].
   * Required; a finding is about this field.
   *
   * Since: 0.1
   */
  properties[PROP_ESTIMATE_FIELD] = g_param_spec_string ("estimate-field", NULL, NULL, NULL, rw);

  /**
   * KpiEstimateBiasCheck:spent-field:
   *
   * For remaining work: the measure of the work spent so far on the
   * entity, cumulative. Required in that mode.
   *
   * Since: 0.1
   */
  properties[PROP_SPENT_FIELD] = g_param_spec_string ("spent-field", NULL, NULL, NULL, rw);

  /**
   * KpiEstimateBiasCheck:done-field:
   *
   * For remaining work: the measure that says whether the entity is done
   * (not 0) or not (0). Required in that mode.
   *
   * Since: 0.1
   */
  properties[PROP_DONE_FIELD] = g_param_spec_string ("done-field", NULL, NULL, NULL, rw);

  /**
   * KpiEstimateBiasCheck:amount-field:
   *
   * For outcomes: the measure of the amount at stake, which the
   * probability weighs, and which a won entity comes to. Required in that
   * mode.
   *
   * Since: 0.1
   */
  properties[PROP_AMOUNT_FIELD] = g_param_spec_string ("amount-field", NULL, NULL, NULL, rw);

  /**
   * KpiEstimateBiasCheck:stage-field:
   *
   * For outcomes: the dimension whose value on an entity's last event
   * says whether it was won, lost or is still open. Required in that mode.
   *
   * Since: 0.1
   */
  properties[PROP_STAGE_FIELD] = g_param_spec_string ("stage-field", NULL, NULL, NULL, rw);

  /**
   * KpiEstimateBiasCheck:won-values:
   *
   * For outcomes: the stages that mean won (`["won"]` by default).
   *
   * Since: 0.1
   */
  properties[PROP_WON_VALUES] = g_param_spec_boxed ("won-values", NULL, NULL, G_TYPE_STRV, rw);

  /**
   * KpiEstimateBiasCheck:lost-values:
   *
   * For outcomes: the stages that mean lost (`["lost"]` by default).
   *
   * Since: 0.1
   */
  properties[PROP_LOST_VALUES] = g_param_spec_boxed ("lost-values", NULL, NULL, G_TYPE_STRV, rw);

  /**
   * KpiEstimateBiasCheck:min-estimates:
   *
   * How many scored estimates a group needs to be judged
   * (%KPI_ESTIMATE_BIAS_DEFAULT_MIN_ESTIMATES, 8, by default); at least 1.
   *
   * Since: 0.1
   */
  properties[PROP_MIN_ESTIMATES] =
    g_param_spec_uint ("min-estimates", NULL, NULL, 1, G_MAXUINT,
                       KPI_ESTIMATE_BIAS_DEFAULT_MIN_ESTIMATES, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kpi_estimate_bias_check_init (KpiEstimateBiasCheck *self)
{
  self->mode = KPI_ESTIMATE_BIAS_MODE_REMAINING_WORK;
  self->statistic = KPI_ESTIMATE_BIAS_STATISTIC_AUTO;
  self->won_values = g_strdupv ((char **) default_won);
  self->lost_values = g_strdupv ((char **) default_lost);
  self->min_estimates = KPI_ESTIMATE_BIAS_DEFAULT_MIN_ESTIMATES;
  kpi_check_set_thresholds (KPI_CHECK (self), KPI_ESTIMATE_BIAS_DEFAULT_WARN,
                            KPI_ESTIMATE_BIAS_DEFAULT_FAIL);
}

/**
 * kpi_estimate_bias_check_new:
 * @dataset_name: (nullable): the name of the dataset to check, as the
 *   context knows it
 * @mode: what the rows are
 * @entity_field: (nullable): the dimension of the things estimated (a
 *   task, an opportunity)
 * @estimate_field: (nullable): the measure of the estimate (the remaining
 *   work, the probability)
 *
 * Creates a check of the bias of estimates, with the default thresholds
 * (warn beyond ±4, fail beyond ±6). Set the fields its mode needs too:
 * [property@Kpi.EstimateBiasCheck:spent-field] and
 * [property@Kpi.EstimateBiasCheck:done-field] for remaining work,
 * [property@Kpi.EstimateBiasCheck:amount-field] and
 * [property@Kpi.EstimateBiasCheck:stage-field] for outcomes.
 *
 * Returns: (transfer full): the check
 *
 * Since: 0.1
 */
KpiCheck *
kpi_estimate_bias_check_new (const char          *dataset_name,
                             KpiEstimateBiasMode  mode,
                             const char          *entity_field,
                             const char          *estimate_field)
{
  return g_object_new (KPI_TYPE_ESTIMATE_BIAS_CHECK,
                       "dataset-name", dataset_name,
                       "mode", mode,
                       "entity-field", entity_field,
                       "estimate-field", estimate_field,
                       NULL);
}

/**
 * kpi_estimate_bias_check_get_mode:
 * @self: a check
 *
 * Gets [property@Kpi.EstimateBiasCheck:mode].
 *
 * Returns: what the rows are
 *
 * Since: 0.1
 */
KpiEstimateBiasMode
kpi_estimate_bias_check_get_mode (KpiEstimateBiasCheck *self)
{
  g_return_val_if_fail (KPI_IS_ESTIMATE_BIAS_CHECK (self), KPI_ESTIMATE_BIAS_MODE_REMAINING_WORK);

  return self->mode;
}

/**
 * kpi_estimate_bias_check_set_mode:
 * @self: a check
 * @mode: what the rows are
 *
 * Sets [property@Kpi.EstimateBiasCheck:mode].
 *
 * Since: 0.1
 */
void
kpi_estimate_bias_check_set_mode (KpiEstimateBiasCheck *self,
                                  KpiEstimateBiasMode   mode)
{
  g_return_if_fail (KPI_IS_ESTIMATE_BIAS_CHECK (self));
  g_return_if_fail (mode == KPI_ESTIMATE_BIAS_MODE_REMAINING_WORK
                    || mode == KPI_ESTIMATE_BIAS_MODE_OUTCOME);

  if (self->mode == mode)
    return;
  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

/**
 * kpi_estimate_bias_check_get_statistic:
 * @self: a check
 *
 * Gets [property@Kpi.EstimateBiasCheck:statistic].
 *
 * Returns: how the bias is measured
 *
 * Since: 0.1
 */
KpiEstimateBiasStatistic
kpi_estimate_bias_check_get_statistic (KpiEstimateBiasCheck *self)
{
  g_return_val_if_fail (KPI_IS_ESTIMATE_BIAS_CHECK (self), KPI_ESTIMATE_BIAS_STATISTIC_AUTO);

  return self->statistic;
}

/**
 * kpi_estimate_bias_check_set_statistic:
 * @self: a check
 * @statistic: how to measure the bias
 *
 * Sets [property@Kpi.EstimateBiasCheck:statistic].
 *
 * Since: 0.1
 */
void
kpi_estimate_bias_check_set_statistic (KpiEstimateBiasCheck     *self,
                                       KpiEstimateBiasStatistic  statistic)
{
  g_return_if_fail (KPI_IS_ESTIMATE_BIAS_CHECK (self));
  g_return_if_fail (statistic <= KPI_ESTIMATE_BIAS_STATISTIC_Z_SCORE);

  if (self->statistic == statistic)
    return;
  self->statistic = statistic;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATISTIC]);
}

#define STRING_PROPERTY(field, prop)                                            \
  const char *                                                                  \
  kpi_estimate_bias_check_get_##field (KpiEstimateBiasCheck *self)              \
  {                                                                             \
    g_return_val_if_fail (KPI_IS_ESTIMATE_BIAS_CHECK (self), NULL);             \
    return self->field;                                                         \
  }                                                                             \
  void                                                                          \
  kpi_estimate_bias_check_set_##field (KpiEstimateBiasCheck *self,              \
                                       const char           *field)             \
  {                                                                             \
    g_return_if_fail (KPI_IS_ESTIMATE_BIAS_CHECK (self));                       \
    if (kpi_set_str (&self->field, field))                                      \
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);             \
  }

/**
 * kpi_estimate_bias_check_get_entity_field:
 * @self: a check
 *
 * Gets [property@Kpi.EstimateBiasCheck:entity-field].
 *
 * Returns: (nullable): the dimension of the things estimated
 *
 * Since: 0.1
 */
/**
 * kpi_estimate_bias_check_set_entity_field:
 * @self: a check
 * @entity_field: (nullable): the dimension of the things estimated
 *
 * Sets [property@Kpi.EstimateBiasCheck:entity-field].
 *
 * Since: 0.1
 */
STRING_PROPERTY (entity_field, PROP_ENTITY_FIELD)

/**
 * kpi_estimate_bias_check_get_estimate_field:
 * @self: a check
 *
 * Gets [property@Kpi.EstimateBiasCheck:estimate-field].
 *
 * Returns: (nullable): the measure of the estimate
 *
 * Since: 0.1
 */
/**
 * kpi_estimate_bias_check_set_estimate_field:
 * @self: a check
 * @estimate_field: (nullable): the measure of the estimate
 *
 * Sets [property@Kpi.EstimateBiasCheck:estimate-field].
 *
 * Since: 0.1
 */
STRING_PROPERTY (estimate_field, PROP_ESTIMATE_FIELD)

/**
 * kpi_estimate_bias_check_get_spent_field:
 * @self: a check
 *
 * Gets [property@Kpi.EstimateBiasCheck:spent-field].
 *
 * Returns: (nullable): the measure of the work spent so far
 *
 * Since: 0.1
 */
/**
 * kpi_estimate_bias_check_set_spent_field:
 * @self: a check
 * @spent_field: (nullable): the measure of the work spent so far
 *
 * Sets [property@Kpi.EstimateBiasCheck:spent-field].
 *
 * Since: 0.1
 */
STRING_PROPERTY (spent_field, PROP_SPENT_FIELD)

/**
 * kpi_estimate_bias_check_get_done_field:
 * @self: a check
 *
 * Gets [property@Kpi.EstimateBiasCheck:done-field].
 *
 * Returns: (nullable): the measure that says whether an entity is done
 *
 * Since: 0.1
 */
/**
 * kpi_estimate_bias_check_set_done_field:
 * @self: a check
 * @done_field: (nullable): the measure that says whether an entity is done
 *
 * Sets [property@Kpi.EstimateBiasCheck:done-field].
 *
 * Since: 0.1
 */
STRING_PROPERTY (done_field, PROP_DONE_FIELD)

/**
 * kpi_estimate_bias_check_get_amount_field:
 * @self: a check
 *
 * Gets [property@Kpi.EstimateBiasCheck:amount-field].
 *
 * Returns: (nullable): the measure of the amount at stake
 *
 * Since: 0.1
 */
/**
 * kpi_estimate_bias_check_set_amount_field:
 * @self: a check
 * @amount_field: (nullable): the measure of the amount at stake
 *
 * Sets [property@Kpi.EstimateBiasCheck:amount-field].
 *
 * Since: 0.1
 */
STRING_PROPERTY (amount_field, PROP_AMOUNT_FIELD)

/**
 * kpi_estimate_bias_check_get_stage_field:
 * @self: a check
 *
 * Gets [property@Kpi.EstimateBiasCheck:stage-field].
 *
 * Returns: (nullable): the dimension of the stage
 *
 * Since: 0.1
 */
/**
 * kpi_estimate_bias_check_set_stage_field:
 * @self: a check
 * @stage_field: (nullable): the dimension of the stage
 *
 * Sets [property@Kpi.EstimateBiasCheck:stage-field].
 *
 * Since: 0.1
 */
STRING_PROPERTY (stage_field, PROP_STAGE_FIELD)

#undef STRING_PROPERTY

static void
set_values (KpiEstimateBiasCheck  *self,
            char                ***ptr,
            const char * const    *values,
            guint                  prop)
{
  static const char * const none[] = { NULL };

  if (values == NULL)
    values = none;
  if (g_strv_equal ((const char * const *) *ptr, values))
    return;
  g_strfreev (*ptr);
  *ptr = g_strdupv ((char **) values);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * kpi_estimate_bias_check_get_won_values:
 * @self: a check
 *
 * Gets [property@Kpi.EstimateBiasCheck:won-values].
 *
 * Returns: (transfer none) (array zero-terminated=1): the stages that mean
 *   won
 *
 * Since: 0.1
 */
const char * const *
kpi_estimate_bias_check_get_won_values (KpiEstimateBiasCheck *self)
{
  g_return_val_if_fail (KPI_IS_ESTIMATE_BIAS_CHECK (self), NULL);

  return (const char * const *) self->won_values;
}

/**
 * kpi_estimate_bias_check_set_won_values:
 * @self: a check
 * @values: (array zero-terminated=1) (nullable): the stages that mean won;
 *   %NULL for none
 *
 * Sets [property@Kpi.EstimateBiasCheck:won-values].
 *
 * Since: 0.1
 */
void
kpi_estimate_bias_check_set_won_values (KpiEstimateBiasCheck *self,
                                        const char * const   *values)
{
  g_return_if_fail (KPI_IS_ESTIMATE_BIAS_CHECK (self));

  set_values (self, &self->won_values, values, PROP_WON_VALUES);
}

/**
 * kpi_estimate_bias_check_get_lost_values:
 * @self: a check
 *
 * Gets [property@Kpi.EstimateBiasCheck:lost-values].
 *
 * Returns: (transfer none) (array zero-terminated=1): the stages that mean
 *   lost
 *
 * Since: 0.1
 */
const char * const *
kpi_estimate_bias_check_get_lost_values (KpiEstimateBiasCheck *self)
{
  g_return_val_if_fail (KPI_IS_ESTIMATE_BIAS_CHECK (self), NULL);

  return (const char * const *) self->lost_values;
}

/**
 * kpi_estimate_bias_check_set_lost_values:
 * @self: a check
 * @values: (array zero-terminated=1) (nullable): the stages that mean
 *   lost; %NULL for none
 *
 * Sets [property@Kpi.EstimateBiasCheck:lost-values].
 *
 * Since: 0.1
 */
void
kpi_estimate_bias_check_set_lost_values (KpiEstimateBiasCheck *self,
                                         const char * const   *values)
{
  g_return_if_fail (KPI_IS_ESTIMATE_BIAS_CHECK (self));

  set_values (self, &self->lost_values, values, PROP_LOST_VALUES);
}

/**
 * kpi_estimate_bias_check_get_min_estimates:
 * @self: a check
 *
 * Gets [property@Kpi.EstimateBiasCheck:min-estimates].
 *
 * Returns: how many scored estimates a group needs to be judged
 *
 * Since: 0.1
 */
guint
kpi_estimate_bias_check_get_min_estimates (KpiEstimateBiasCheck *self)
{
  g_return_val_if_fail (KPI_IS_ESTIMATE_BIAS_CHECK (self), 0);

  return self->min_estimates;
}

/**
 * kpi_estimate_bias_check_set_min_estimates:
 * @self: a check
 * @min_estimates: how many scored estimates a group needs, at least 1
 *
 * Sets [property@Kpi.EstimateBiasCheck:min-estimates].
 *
 * Since: 0.1
 */
void
kpi_estimate_bias_check_set_min_estimates (KpiEstimateBiasCheck *self,
                                           guint                 min_estimates)
{
  g_return_if_fail (KPI_IS_ESTIMATE_BIAS_CHECK (self));
  g_return_if_fail (min_estimates >= 1);

  if (self->min_estimates == min_estimates)
    return;
  self->min_estimates = min_estimates;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_ESTIMATES]);
}
