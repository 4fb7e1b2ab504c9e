/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-store.h: the history of reported values, fingerprints and check
 * results, in SQLite */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-value.h>
#include <libkpi/kpi-revision.h>
#include <libkpi/kpi-check-result.h>

G_BEGIN_DECLS

/**
 * KPI_STORE_ERROR:
 *
 * The error domain of history stores. Errors are from the #KpiStoreError
 * enumeration.
 *
 * Since: 0.1
 */
#define KPI_STORE_ERROR (kpi_store_error_quark ())

/**
 * KpiStoreError:
 * @KPI_STORE_ERROR_NOT_A_STORE: the file is not a libkpi store: a text
 *   file, or an SQLite database of another application
 * @KPI_STORE_ERROR_NEWER_SCHEMA: the store was written by a newer libkpi,
 *   with a schema version this one does not know
 * @KPI_STORE_ERROR_IO: the store could not be opened, read or written (a
 *   directory, a missing folder, a read-only location, a full disk, a lock
 *   another process held too long); the message ends with SQLite's
 * @KPI_STORE_ERROR_INVALID: what was given to record is not valid (an
 *   empty indicator id, a value without a period, a fingerprint that is
 *   not `LABEL=TEXT`, a time before the latest record)
 * @KPI_STORE_ERROR_CORRUPT: what the store holds does not read back (a row
 *   changed by hand, or damaged)
 *
 * Errors of the %KPI_STORE_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_STORE_ERROR_NOT_A_STORE,
  KPI_STORE_ERROR_NEWER_SCHEMA,
  KPI_STORE_ERROR_IO,
  KPI_STORE_ERROR_INVALID,
  KPI_STORE_ERROR_CORRUPT,
} KpiStoreError;

KPI_AVAILABLE_IN_0_1
GQuark kpi_store_error_quark (void);

#define KPI_TYPE_STORE (kpi_store_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiStore, kpi_store, KPI, STORE, GObject)

KPI_AVAILABLE_IN_0_1
KpiStore   *kpi_store_open                 (const char               *path,
                                            GError                  **error);
KPI_AVAILABLE_IN_0_1
const char *kpi_store_get_path             (KpiStore                 *self);

KPI_AVAILABLE_IN_0_1
gboolean    kpi_store_record_values        (KpiStore                 *self,
                                            const char               *indicator_id,
                                            KpiValue * const         *values,
                                            gsize                     n_values,
                                            gint64                    recorded_at,
                                            GError                  **error);
KPI_AVAILABLE_IN_0_1
KpiValue   *kpi_store_lookup_value         (KpiStore                 *self,
                                            const char               *indicator_id,
                                            const char               *period_label,
                                            const char               *group,
                                            gint64                    as_of,
                                            GError                  **error);
KPI_AVAILABLE_IN_0_1
GPtrArray  *kpi_store_list_revisions       (KpiStore                 *self,
                                            const char               *indicator_id,
                                            const char               *period_label,
                                            const char               *group,
                                            GError                  **error);

KPI_AVAILABLE_IN_0_1
gboolean    kpi_store_record_fingerprints  (KpiStore                 *self,
                                            const char               *dataset_name,
                                            const char * const       *fingerprints,
                                            gint64                    recorded_at,
                                            GError                  **error);
KPI_AVAILABLE_IN_0_1
char      **kpi_store_lookup_fingerprints  (KpiStore                 *self,
                                            const char               *dataset_name,
                                            gint64                    as_of,
                                            GError                  **error);

KPI_AVAILABLE_IN_0_1
gboolean    kpi_store_record_results       (KpiStore                 *self,
                                            KpiCheckResult * const   *results,
                                            gsize                     n_results,
                                            GError                  **error);
KPI_AVAILABLE_IN_0_1
GPtrArray  *kpi_store_list_results         (KpiStore                 *self,
                                            const char               *check_id,
                                            gint64                    since,
                                            gint64                    until,
                                            GError                  **error);

G_END_DECLS
