/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-formula-private.h: evaluating formulas over periods and groups.
 * Not installed, not scanned. */

#pragma once

#include "kpi.h"
#include "kpi-table-private.h"

G_BEGIN_DECLS

typedef struct _KpiEvalRequest KpiEvalRequest;

/* Resolves `@id`: evaluates the indicator @id for the same periods and
 * groups as @request (request->periods, request->group_*), returning a
 * new array of n_periods * MAX (n_groups, 1) KpiValue (same layout as
 * kpi_formula_evaluate), or NULL with @error set (KPI_CONTEXT_ERROR: an
 * unknown indicator, a cycle). */
typedef GPtrArray *(*KpiResolveFunc) (const char           *id,
                                      const KpiEvalRequest *request,
                                      gpointer              user_data,
                                      GError              **error);

struct _KpiEvalRequest
{
  KpiDataset     *dataset;
  KpiCalendar    *calendar;
  GPtrArray      *periods;      /* KpiPeriod*, any granularity, any order */

  /* Grouping (a breakdown), or group_by == NULL for none. Row r goes to
   * slot group_map[code] (code = the row's code in column group_by), or to
   * missing_slot when the row's value is missing; a slot of G_MAXUINT32
   * (or n_groups and above) leaves the row out, and so does a code at or
   * beyond group_map_len (a value appended after the map was made).
   * n_groups slots in all. */
  const char     *group_by;
  const guint32  *group_map;
  gsize           group_map_len;
  guint32         missing_slot;
  guint           n_groups;

  guint64         min_sample;   /* below: KPI_VALUE_FLAG_LOW_SAMPLE; 0: never */

  KpiResolveFunc  resolve;      /* NULL: any @id fails (G_IO_ERROR_NOT_SUPPORTED) */
  gpointer        resolve_data;
  GCancellable   *cancellable;  /* nullable: checked once a chunk of rows */
};

/* The two functions below are exported although not API (this header is
 * not installed): the C tests and the benchmarks evaluate formulas through
 * them, below the indicator layer. */

/* Evaluates @formula for every period (and group) of @request.
 * Returns n_periods * MAX (n_groups, 1) new KpiValue (element-type
 * KpiValue, free func kpi_value_unref), period-major: the value of period
 * p, group g is at p * MAX (n_groups, 1) + g. Values are missing (never
 * inf or nan) with flags saying why; the partial flag comes from the
 * period. A group value is named (kpi_value_get_group) after the
 * dimension value when exactly one value maps to its slot; the caller
 * names the others (buckets, the missing slot). Fails on formulas that do
 * not fit the dataset (KPI_FORMULA_ERROR) or when a resolve fails.
 *
 * Evaluations over one dataset may run in several threads at once: each
 * holds the dataset's read lock while it reads the rows (appends wait),
 * and builds the dataset's caches under their own lock. Cancelled
 * (request->cancellable), it fails with G_IO_ERROR_CANCELLED. */
GPtrArray *kpi_formula_evaluate (KpiFormula            *formula,
                                 const KpiEvalRequest  *request,
                                 GError               **error);

/* The SQL query that evaluates the aggregates of @formula for @request in
 * the database @request->dataset is attached to, with its parameters
 * listed after it as SQL comments ("-- $1 = 1735689600000000"): a new
 * string. Fails with KPI_FORMULA_ERROR_NOT_PUSHABLE when the dataset is
 * not attached or the formula cannot be pushed down. */
char      *kpi_formula_explain  (KpiFormula            *formula,
                                 const KpiEvalRequest  *request,
                                 GError               **error);

/* For KpiValue, before it is handed out: the group of a breakdown value,
 * its kind and name (nullable). */
void       kpi_value_set_group  (KpiValue     *value,
                                 KpiGroupKind  kind,
                                 const char   *group);
/* For KpiValue, before it is handed out: adds the @warnings (NULL-terminated,
 * nullable) it does not have yet. */
void       kpi_value_add_warnings (KpiValue           *value,
                                   const char * const *warnings);

G_END_DECLS
