/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-eval-cache-private.h: the per-row data the evaluator derives from a
 * dataset and keeps with it (kpi-eval-cache.c), for the scan
 * (kpi-eval-scan.c) and the compiler of row programs (kpi-eval-vm.c).
 *
 * Each function finds, makes or extends its cache entry under the
 * dataset's cache lock (kpi_dataset_lock_caches()), which it takes and
 * releases itself; the caller holds the dataset's read lock, from before
 * the call until it has done with the array returned. No row is appended
 * while a reader holds that lock, so no other evaluation extends (and
 * moves) the entry in the meantime: the array may be read without the
 * cache lock. It is owned by the dataset.
 *
 * Not installed, not scanned. */

#pragma once

#include "kpi.h"
#include "kpi-table-private.h"

G_BEGIN_DECLS

/* The period ordinal of each row of @dataset for @granularity in
 * @calendar, minus *@base (set by the call): row r is in the period of
 * ordinal ord[r] + *base. */
const gint32  *kpi_eval_cache_ordinals      (KpiDataset     *dataset,
                                             KpiCalendar    *calendar,
                                             KpiGranularity  granularity,
                                             gint64         *base);
/* Dense codes (0, 1, ... in order of first appearance; KPI_DIMENSION_MISSING
 * for a missing value) for the values of the measure @column of @dataset,
 * one per row, so that distinct counts and snapshot() entities work on a
 * measure as on a dimension; *@n_codes is set to the number of codes. */
const guint32 *kpi_eval_cache_measure_codes (KpiDataset     *dataset,
                                             KpiColumn      *column,
                                             guint          *n_codes);
/* The time of the first row of each code of the column named @column
 * (@codes: the column's codes, or its measure codes), over the whole
 * dataset: the @n_codes first entries, G_MAXINT64 for a code with no row.
 * For new(). */
const gint64  *kpi_eval_cache_first_seen    (KpiDataset     *dataset,
                                             const char     *column,
                                             const guint32  *codes,
                                             guint           n_codes);

G_END_DECLS
