/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-check-private.h: helpers the built-in checks share.
 * Not installed, not scanned. */

#pragma once

#include <json-glib/json-glib.h>

#include "kpi-check.h"

G_BEGIN_DECLS

/* The index of the period that holds @time, among @n_periods contiguous
 * periods that start at @starts (ascending) and whose last one ends at
 * @end; -1 when @time is outside them all. A binary search: for a pass
 * over many rows, where kpi_calendar_period_at() per row would be slow. */
gssize kpi_check_period_index (const gint64 *starts,
                               guint         n_periods,
                               gint64        end,
                               gint64        time);

/* The periods of @granularity that overlap [@from, @to), oldest first;
 * none when the span is empty. */
GPtrArray *kpi_check_periods_between (KpiCalendar    *calendar,
                                      KpiGranularity  granularity,
                                      gint64          from,
                                      gint64          to);

/* The span of time @dataset holds data for, in *@start and *@end (each
 * KPI_TIME_UNSET when it has neither coverage nor rows): its coverage where
 * set, else from its first row to just after its last one.
 * *@start_from_rows (nullable) tells whether the start came from the rows.
 * Whether the span is a non-empty one. */
gboolean kpi_check_data_span (KpiDataset *dataset,
                              gint64     *start,
                              gint64     *end,
                              gboolean   *start_from_rows);

/* Every period of @granularity from the start of @dataset's data (its
 * coverage, or its first row) to its end; none when it has neither rows
 * nor coverage. */
GPtrArray *kpi_check_data_periods (KpiCalendar    *calendar,
                                   KpiDataset     *dataset,
                                   KpiGranularity  granularity);

/* The date of @t in @calendar's zone (`2025-03-12`), "?" when it has none. */
char *kpi_check_format_day (KpiCalendar *calendar,
                            gint64       t);

/* Where a row at @t leaves off: the end of its day when it is dated
 * without a time (at the start of its day in @calendar), else just after
 * it. */
gint64 kpi_check_end_of_row (KpiCalendar *calendar,
                             gint64       t);

/* The name a message gives @check: its id, else @fallback ("freshness
 * check"). */
const char *kpi_check_display_name (KpiCheck   *check,
                                    const char *fallback);

/* The dataset's read lock, held while its columns are read in place (an
 * append waits for it, see kpi-dataset-private.h), and let go at the end
 * of the scope:
 *
 *   g_autoptr(KpiCheckReadLock) locked = kpi_check_read_lock (dataset);
 *
 * Nothing that takes the lock again (looking a column up, counting rows,
 * adding a sample) may be called while it is held. */
typedef KpiDataset KpiCheckReadLock;

KpiCheckReadLock *kpi_check_read_lock   (KpiDataset       *dataset);
void              kpi_check_read_unlock (KpiCheckReadLock *locked);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpiCheckReadLock, kpi_check_read_unlock)

/* The periods of @granularity in a message: "days", "fiscal quarters",
 * "periods" for custom ones. */
const char *kpi_check_granularity_plural (KpiGranularity granularity);

/* A time as a sample's key shows it (kpi_check_add_sample()): the UTC
 * date at midnight UTC (`2025-03-12`), else ISO 8601; "?" out of range. */
char *kpi_check_format_sample_time   (gint64 t);
/* A measure as a sample's key shows it: %.15g, C locale. */
char *kpi_check_format_sample_number (double x);

/* A threshold or a setting in a message, as short as it is (10, 3.5,
 * 1e+06): %g, C locale. */
char *kpi_check_format_short (double x);

/* The part of kpi_check_result_affects() that depends on the value: does
 * one of @self's scope entries overlap @period (NULL: any) and, when both
 * name a group of the same dimension, @group? For a finding already known
 * to be about the value's dataset and fields. */
gboolean kpi_check_result_affects_scope (KpiCheckResult  *self,
                                         const KpiPeriod *period,
                                         const char      *dimension,
                                         const char      *group);

/* The name a checks file gives a check's type: KpiContributorCoverageCheck
 * is "contributor-coverage"; an application's type keeps its whole name
 * in kebab case. What results say in their check-type. To free. */
char *kpi_check_type_nick (GType type);

/* Reads a JSON value into @value, initialised to the type of @pspec: how
 * a checks file (and a definitions file's watch rules) set properties.
 * Strings, numbers (NaN thresholds as null), booleans, enumerations by
 * nick, string lists, periods by label (read with @calendar). Errors are
 * %KPI_CHECK_ERROR_PARSE and start with @path. */
gboolean kpi_check_value_from_json (GParamSpec   *pspec,
                                    JsonNode     *node,
                                    KpiCalendar  *calendar,
                                    GValue       *value,
                                    const char   *path,
                                    GError      **error);

G_END_DECLS
