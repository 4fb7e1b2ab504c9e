/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-watch-private.h: helpers the built-in watch rules share: the figures
 * of their messages, names checked against the context, and the series of
 * an indicator watch.
 * Not installed, not scanned. */

#pragma once

#include "kpi-watch.h"
#include "kpi-indicator-watch.h"
#include "kpi-indicator.h"
#include "kpi-dataset.h"

G_BEGIN_DECLS

/* The name a definitions file gives a watch's type: KpiLapsingAccountsWatch
 * is "lapsing-accounts"; an application's type keeps its whole name in
 * kebab case. What alerts say in their watch-type. To free. */
char *kpi_watch_type_nick (GType type);

/* kpi_alert_new() taking @message */
static inline KpiAlert *
kpi_watch_alert_take (KpiWatch   *watch,
                      KpiStatus   status,
                      const char *indicator_id,
                      const char *subject,
                      char       *message,
                      double      value,
                      double      threshold,
                      gint64      since)
{
  KpiAlert *alert = kpi_alert_new (watch, status, indicator_id, subject, message,
                                   value, threshold, since);

  g_free (message);
  return alert;
}

/* Figures for messages */

/* @x with @decimals decimals, a `.` as decimal point whatever the locale,
 * the thousands of a number of five digits or more grouped by a space
 * (18 400, but 2025). */
void  kpi_watch_append_number (GString *out,
                               double   x,
                               int      decimals);
char *kpi_watch_format_number (double x,
                               int    decimals);
/* The decimals that show @x and @limit apart (from the indicator's own, at
 * most 6 more), and that show @limit exactly when few enough do. */
int   kpi_watch_decimals_apart (double x,
                                double limit,
                                int    decimals);
/* " UNIT" after a figure of @indicator, unless its unit names no unit of
 * measure (a count, a ratio, a score). */
void  kpi_watch_append_unit   (GString      *out,
                               KpiIndicator *indicator);
/* The indicator's name in a message: its title (its first letter lowered
 * unless the title starts with an acronym), else its id; with the group
 * in brackets. */
char *kpi_watch_name_of       (KpiIndicator *indicator,
                               const char   *group);

/* Names checked against the context, errors in %KPI_WATCH_ERROR naming
 * the watch and the near miss */

KpiDataset *kpi_watch_lookup_dataset (KpiWatch      *self,
                                      KpiContext    *context,
                                      const char    *name,
                                      GError       **error);
/* Whether @column is a column of @dataset of @kind (@role names it in the
 * error). */
gboolean    kpi_watch_check_column   (KpiWatch      *self,
                                      KpiDataset    *dataset,
                                      const char    *dataset_name,
                                      const char    *column,
                                      KpiColumnKind  kind,
                                      const char    *role,
                                      GError       **error);

/* Indicator watches (kpi-indicator-watch.c) */

/* The watched indicator, found in @context; an error when it has none or
 * the context does not know it. */
KpiIndicator *kpi_indicator_watch_lookup_indicator (KpiIndicatorWatch  *self,
                                                    KpiContext         *context,
                                                    GError            **error);
/* The group-by column and group, checked against the indicator's dataset. */
gboolean      kpi_indicator_watch_check_grouping   (KpiIndicatorWatch  *self,
                                                    KpiContext         *context,
                                                    KpiIndicator       *indicator,
                                                    GError            **error);

/* What an indicator watch looks at: for each subject (NULL for the
 * indicator as a whole, else a group), one value per period, NaN where it
 * is missing. */
typedef struct {
  GPtrArray  *subjects;   /* char *, NULL for the whole */
  GPtrArray  *values;     /* GArray of double, one per period */
  GHashTable *index;      /* group → position + 1 */
} KpiWatchSeries;

void kpi_watch_series_clear (KpiWatchSeries *series);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KpiWatchSeries, kpi_watch_series_clear)

/* Fills @series with the values of @indicator over the @periods: the
 * whole, or the groups of the watch's group-by column. */
gboolean  kpi_indicator_watch_fill_series  (KpiIndicatorWatch  *self,
                                            KpiContext         *context,
                                            KpiIndicator       *indicator,
                                            GPtrArray          *periods,
                                            KpiWatchSeries     *series,
                                            GError            **error);
/* A note (status unknown, value NaN) that the values of @subject are
 * missing in the @periods where @row is NaN; @no_verdict ends the message
 * ("; no verdict on the threshold"). */
KpiAlert *kpi_indicator_watch_missing_note (KpiIndicatorWatch  *self,
                                            KpiIndicator       *indicator,
                                            const char         *subject,
                                            GArray             *row,
                                            GPtrArray          *periods,
                                            const char         *no_verdict);

G_END_DECLS
