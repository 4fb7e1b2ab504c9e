/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-dataset-private.h: what the evaluator needs of a dataset.
 * Not installed, not scanned. */

#pragma once

#include "kpi.h"
#include "kpi-table-private.h"

G_BEGIN_DECLS

/* The storage itself, read-only for everything but the dataset. Rows are
 * only ever appended: a prefix of every column stays valid forever. */
KpiTable *kpi_dataset_get_table (KpiDataset *self);

/* Derived per-row data (period ordinals, first-seen times...) kept with the
 * dataset under a key. Since rows are only appended, a cache entry that
 * records how many rows it covers can be extended instead of rebuilt. The
 * dataset frees entries with @destroy when it is finalized or the key is
 * set again. */
gpointer  kpi_dataset_get_cache (KpiDataset     *self,
                                 const char     *key);
void      kpi_dataset_set_cache (KpiDataset     *self,
                                 const char     *key,
                                 gpointer        data,
                                 GDestroyNotify  destroy);

/* kpi_dataset_get_period_coverage() for the period [start, end). */
KpiCoverage kpi_dataset_cover (KpiDataset *self,
                               gint64      start,
                               gint64      end);

G_END_DECLS
