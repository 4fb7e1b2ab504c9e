/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-dataset-private.h: what the evaluator, the column readers
 * (kpi-dataset-columns.c) and the loader (kpi-dataset-load.c) need of a
 * dataset (kpi-dataset.c).  Not installed, not scanned. */

#pragma once

#include "kpi.h"
#include "kpi-table-private.h"
#include "kpi-database-private.h"

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

/* The end of a load, in the caller's thread (kpi-dataset-load.c).  Under
 * the write lock: checks that @parsed fits the dataset (same columns, or
 * any when the dataset has none yet), that the rows still fit in a guint,
 * and that the coverage [@coverage_start, @coverage_end) of the load fits
 * the dataset's (KPI_TIME_UNSET: the dataset's end stays); then appends
 * the rows.  Then, the lock released, sets the coverage and @data_as_of
 * (unless KPI_TIME_UNSET) and emits the notifications and rows-added.  On
 * failure nothing changes and the message starts with "@source_name: ".
 * @parsed is consumed either way. */
gboolean  kpi_dataset_commit_table (KpiDataset  *self,
                                    KpiTable    *parsed,
                                    const char  *source_name,
                                    gint64       coverage_start,
                                    gint64       coverage_end,
                                    gint64       data_as_of,
                                    GError     **error);
/* Attaches @self, a dataset without rows nor a relation, to @remote:
 * commits @columns (a table of no rows, the dimensions' dictionaries
 * filled) as kpi_dataset_commit_table() does, then keeps @remote and the
 * span of its times (@has_rows FALSE: the relation has none), which the
 * time range and the coverage then give.  Both consumed either way. */
gboolean  kpi_dataset_commit_remote (KpiDataset        *self,
                                     KpiTable          *columns,
                                     KpiDatasetRemote  *remote,
                                     gboolean           has_rows,
                                     gint64             min_time,
                                     gint64             max_time,
                                     gint64             coverage_start,
                                     gint64             coverage_end,
                                     gint64             data_as_of,
                                     GError           **error);
/* kpi_dataset_fetch(): takes the relation away (rows may be added then),
 * and gives it back when the load of its rows failed. */
KpiDatasetRemote *kpi_dataset_steal_remote   (KpiDataset       *self);
void              kpi_dataset_restore_remote (KpiDataset       *self,
                                              KpiDatasetRemote *remote);

/* The dataset's columns without their rows, so that a parse gives them
 * their kinds (kpi-dataset-load.c); NULL when the dataset has neither rows
 * nor columns but its time column, which then constrains nothing.  Takes
 * the read lock: another thread may be adding a column. */
KpiTable *kpi_dataset_dup_schema (KpiDataset *self);
/* Emits KpiDataset::load-progress in the calling thread. */
void      kpi_dataset_emit_load_progress (KpiDataset *self,
                                          guint64     done,
                                          guint64     total);

G_END_DECLS
