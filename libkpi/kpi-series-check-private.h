/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-series-check-private.h: what the checks over an indicator's series
 * (KpiOutlierCheck, KpiSeasonalCheck) share: the series itself, period by
 * period and group by group, a robust spread, and the verdict built from
 * one score per value. Not installed, not scanned. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* The series a check judges: the indicator's value in every period of
 * the check's granularity over the data (and the check's period), for the
 * whole data or for each group of the check's group-by dimension. */
typedef struct
{
  KpiIndicator  *indicator;     /* looked up, or built from the formula */
  KpiDataset    *dataset;       /* the one it reads: periods and sample rows */
  char          *dataset_name;  /* the scope's, nullable */
  char         **fields;        /* the formula's fields, never NULL */
  GPtrArray     *periods;       /* of KpiPeriod, oldest first, contiguous */
  guint          n_periods;
  gboolean      *judged;        /* per period: within the check's period */
  char          *dimension;     /* the group-by dimension, or NULL */
  char         **groups;        /* its values (n_groups), NULL without it */
  guint          n_groups;      /* 1 without a dimension */
  double        *values;        /* [group * n_periods + period], NaN: none */
  int            decimals;      /* the indicator's, for messages */
} KpiSeries;

/* Evaluates the series of @check: the indicator @indicator_id looked up in
 * @context, or @formula over the check's dataset (exactly one of them), at
 * the check's granularity, grouped by its group-by dimension. A value that
 * is missing, or flagged KPI_VALUE_FLAG_PARTIAL_PERIOD (its period not
 * over, or covered in part by the data), is NaN. NULL with an error naming
 * the check when it cannot run. */
KpiSeries *kpi_series_new            (KpiCheck      *check,
                                      KpiContext    *context,
                                      const char    *indicator_id,
                                      const char    *formula,
                                      GCancellable  *cancellable,
                                      GError       **error);
void       kpi_series_free           (KpiSeries     *self);

/* The values of one group, n_periods of them. */
static inline double *
kpi_series_group_values (KpiSeries *self,
                         guint      group)
{
  return self->values + (gsize) group * self->n_periods;
}

/* The name of a period of the check's granularity ("days", "months"):
 * @n of them. */
const char *kpi_series_unit_name     (KpiGranularity granularity,
                                      guint          n);

/* A robust standard deviation of @n values (n > 0), with their median in
 * *@median: @factor × their MAD (the median of |x − median|: 1.4826 makes
 * it estimate σ for normal data, 1 / 0.6745 gives Iglewicz and Hoaglin's
 * modified z), or, when half the values or more tie with the median (a MAD
 * of 0), 1.253314 × their mean absolute deviation from the median (IBM
 * SPSS's fallback: √(π/2) turns it into σ for normal data). 0 when all the
 * values are equal. Reorders @values. */
double     kpi_series_spread         (double        *values,
                                      gsize          n,
                                      double         factor,
                                      double        *median);

/* Describes the reference of a score for a message: "the median of the 29
 * days around it". Transfer full. */
typedef char *(*KpiSeriesDescribe) (gpointer user_data,
                                    guint    group,
                                    guint    period);

/* What a check worked out, value by value: the arrays are laid out as
 * KpiSeries.values. */
typedef struct
{
  const double      *scores;      /* signed; NaN: not judged */
  const double      *centers;     /* the value expected */
  char             **why_not;     /* per group, NULL when it was judged */
  const char        *score_name;  /* "modified z" */
  const char        *finding;     /* "outlier" */
  KpiSeriesDescribe  describe;
  gpointer           user_data;
} KpiSeriesScores;

/* The arrays a check scores a series into, laid out as KpiSeries.values:
 * the scores and the centers (all NaN until scored), the reason each
 * group was not judged (NULL until one is set), and a scratch buffer of
 * n_periods values. */
typedef struct
{
  double  *scores;
  double  *centers;
  char   **why_not;
  double  *buf;
} KpiSeriesCells;

void kpi_series_cells_init  (KpiSeriesCells  *cells,
                             const KpiSeries *series);
void kpi_series_cells_clear (KpiSeriesCells  *cells);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KpiSeriesCells, kpi_series_cells_clear)

/* The result: graded on the largest |score|, with the counts (values of
 * the periods judged, missing ones, those beyond the lowest threshold), a
 * message naming the worst value, the scope (the formula's fields, every
 * period and group beyond the lowest threshold) and sample rows of those
 * periods and groups, the worst first. NULL with @error when cancelled. */
KpiCheckResult *kpi_series_verdict   (KpiSeries             *self,
                                      KpiCheck              *check,
                                      const KpiSeriesScores *scores,
                                      GCancellable          *cancellable,
                                      GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiSeries, kpi_series_free)

G_END_DECLS
