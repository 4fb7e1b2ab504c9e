/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-dataset-private.h: what the evaluator needs of a dataset.
 * Not installed, not scanned. */

#pragma once

#include "kpi.h"
#include "kpi-table-private.h"

G_BEGIN_DECLS

/* The storage itself, read-only for everything but the dataset. Rows are
 * only ever appended: a prefix of every column stays valid until the next
 * append, which may move the columns. Readers in any thread hold the read
 * lock while they use the table (appends and loads wait for them); they
 * must not call a function that takes the lock again, nor keep a pointer
 * into the table once they let it go. */
KpiTable *kpi_dataset_get_table     (KpiDataset *self);
void      kpi_dataset_read_lock     (KpiDataset *self);
void      kpi_dataset_read_unlock   (KpiDataset *self);

/* Derived per-row data (period ordinals, first-seen times...) kept with the
 * dataset under a key. Since rows are only appended, a cache entry that
 * records how many rows it covers can be extended instead of rebuilt. The
 * dataset frees entries with @destroy when it is finalized or the key is
 * set again. Callers hold the read lock, and the cache lock around finding,
 * making and extending an entry: several evaluations may ask at once, the
 * first extends it, and since no row is appended while they hold the read
 * lock, the entry does not move until they let it go. */
void      kpi_dataset_lock_caches   (KpiDataset *self);
void      kpi_dataset_unlock_caches (KpiDataset *self);
gpointer  kpi_dataset_get_cache     (KpiDataset     *self,
                                     const char     *key);
void      kpi_dataset_set_cache     (KpiDataset     *self,
                                     const char     *key,
                                     gpointer        data,
                                     GDestroyNotify  destroy);

/* kpi_dataset_get_period_coverage() for the period [start, end), the
 * read lock held. */
KpiCoverage kpi_dataset_cover (KpiDataset *self,
                               gint64      start,
                               gint64      end);

G_END_DECLS
