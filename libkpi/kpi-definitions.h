/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-definitions.h: one document holding the datasets, indicators,
 * benchmarks, checks and dashboards of a business */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-benchmark.h>
#include <libkpi/kpi-catalog.h>
#include <libkpi/kpi-check-suite.h>
#include <libkpi/kpi-context.h>
#include <libkpi/kpi-dashboard.h>
#include <libkpi/kpi-load-options.h>

G_BEGIN_DECLS

/**
 * KPI_DEFINITIONS_ERROR:
 *
 * The error domain of #KpiDefinitions. Errors are from the
 * #KpiDefinitionsError enumeration.
 *
 * Since: 0.1
 */
#define KPI_DEFINITIONS_ERROR (kpi_definitions_error_quark ())

/**
 * KpiDefinitionsError:
 * @KPI_DEFINITIONS_ERROR_INVALID: the document is not valid: the message
 *   names the JSON path of the problem
 * @KPI_DEFINITIONS_ERROR_VERSION: the document's version is newer than
 *   this library reads
 * @KPI_DEFINITIONS_ERROR_DUPLICATE: two datasets, benchmarks or
 *   dashboards with one name
 * @KPI_DEFINITIONS_ERROR_NOT_FOUND: no dataset, benchmark or dashboard of
 *   that name
 * @KPI_DEFINITIONS_ERROR_DATA: a dataset of the document could not be
 *   loaded: the message names the dataset and its file
 *
 * Errors of the %KPI_DEFINITIONS_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_DEFINITIONS_ERROR_INVALID,
  KPI_DEFINITIONS_ERROR_VERSION,
  KPI_DEFINITIONS_ERROR_DUPLICATE,
  KPI_DEFINITIONS_ERROR_NOT_FOUND,
  KPI_DEFINITIONS_ERROR_DATA,
} KpiDefinitionsError;

/**
 * KPI_DEFINITIONS_VERSION:
 *
 * The version of the definitions format this library writes, and the
 * newest it reads.
 *
 * Since: 0.1
 */
#define KPI_DEFINITIONS_VERSION 1

KPI_AVAILABLE_IN_0_1
GQuark kpi_definitions_error_quark (void);

#define KPI_TYPE_DEFINITIONS (kpi_definitions_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiDefinitions, kpi_definitions, KPI, DEFINITIONS, GObject)

KPI_AVAILABLE_IN_0_1
KpiDefinitions *kpi_definitions_new                (KpiCalendar      *calendar);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_definitions_load_file          (KpiDefinitions   *self,
                                                    GFile            *file,
                                                    GCancellable     *cancellable,
                                                    GError          **error);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_definitions_load_data          (KpiDefinitions   *self,
                                                    const char       *data,
                                                    gssize            length,
                                                    GFile            *base,
                                                    GCancellable     *cancellable,
                                                    GError          **error);
KPI_AVAILABLE_IN_0_1
char           *kpi_definitions_to_data            (KpiDefinitions   *self,
                                                    gsize            *length);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_definitions_save_file          (KpiDefinitions   *self,
                                                    GFile            *file,
                                                    GCancellable     *cancellable,
                                                    GError          **error);
KPI_AVAILABLE_IN_0_1
GFile          *kpi_definitions_get_file           (KpiDefinitions   *self);
KPI_AVAILABLE_IN_0_1
KpiCalendar    *kpi_definitions_get_calendar       (KpiDefinitions   *self);
KPI_AVAILABLE_IN_0_1
KpiContext     *kpi_definitions_get_context        (KpiDefinitions   *self);
KPI_AVAILABLE_IN_0_1
KpiCatalog     *kpi_definitions_get_catalog        (KpiDefinitions   *self);
KPI_AVAILABLE_IN_0_1
KpiCheckSuite  *kpi_definitions_get_checks         (KpiDefinitions   *self);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_definitions_add_dataset        (KpiDefinitions   *self,
                                                    const char       *name,
                                                    KpiDataset       *dataset,
                                                    const char       *path,
                                                    KpiLoadOptions   *options,
                                                    GError          **error);
KPI_AVAILABLE_IN_0_1
KpiDataset     *kpi_definitions_lookup_dataset     (KpiDefinitions   *self,
                                                    const char       *name);
KPI_AVAILABLE_IN_0_1
char          **kpi_definitions_list_dataset_names (KpiDefinitions   *self);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_definitions_add_benchmark      (KpiDefinitions   *self,
                                                    KpiBenchmark     *benchmark,
                                                    GError          **error);
KPI_AVAILABLE_IN_0_1
KpiBenchmark   *kpi_definitions_lookup_benchmark   (KpiDefinitions   *self,
                                                    const char       *name);
KPI_AVAILABLE_IN_0_1
char          **kpi_definitions_list_benchmark_names (KpiDefinitions *self);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_definitions_add_dashboard      (KpiDefinitions   *self,
                                                    KpiDashboard     *dashboard,
                                                    GError          **error);
KPI_AVAILABLE_IN_0_1
KpiDashboard   *kpi_definitions_lookup_dashboard   (KpiDefinitions   *self,
                                                    const char       *id);
KPI_AVAILABLE_IN_0_1
GListModel     *kpi_definitions_get_dashboards     (KpiDefinitions   *self);
KPI_AVAILABLE_IN_0_1
GPtrArray      *kpi_definitions_run_checks         (KpiDefinitions   *self,
                                                    GCancellable     *cancellable,
                                                    GError          **error);
KPI_AVAILABLE_IN_0_1
GPtrArray      *kpi_definitions_validate           (KpiDefinitions   *self);

G_END_DECLS
