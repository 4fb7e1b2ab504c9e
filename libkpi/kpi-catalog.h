/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-catalog.h: a set of indicators and the datasets they read */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-dataset.h>
#include <libkpi/kpi-indicator.h>

G_BEGIN_DECLS

/**
 * KPI_CATALOG_ERROR:
 *
 * The error domain of #KpiCatalog. Errors are from the #KpiCatalogError
 * enumeration.
 *
 * Since: 0.1
 */
#define KPI_CATALOG_ERROR (kpi_catalog_error_quark ())

/**
 * KpiCatalogError:
 * @KPI_CATALOG_ERROR_INVALID: a definition file is not valid: its message
 *   gives the JSON path of the problem
 * @KPI_CATALOG_ERROR_DUPLICATE_ID: two indicators with one id
 * @KPI_CATALOG_ERROR_NOT_FOUND: no built-in catalog of that name
 * @KPI_CATALOG_ERROR_UNKNOWN_DATASET: [method@Kpi.Catalog.check]: an
 *   indicator reads a dataset the catalogue does not have, or has no
 *   dataset at all
 * @KPI_CATALOG_ERROR_UNKNOWN_INDICATOR: [method@Kpi.Catalog.check]: an
 *   indicator refers to one (`@id`) the catalogue does not have
 * @KPI_CATALOG_ERROR_CYCLE: [method@Kpi.Catalog.check]: indicators refer
 *   to each other in a cycle
 *
 * Errors of the %KPI_CATALOG_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_CATALOG_ERROR_INVALID,
  KPI_CATALOG_ERROR_DUPLICATE_ID,
  KPI_CATALOG_ERROR_NOT_FOUND,
  KPI_CATALOG_ERROR_UNKNOWN_DATASET,
  KPI_CATALOG_ERROR_UNKNOWN_INDICATOR,
  KPI_CATALOG_ERROR_CYCLE,
} KpiCatalogError;

KPI_AVAILABLE_IN_0_1
GQuark kpi_catalog_error_quark (void);

#define KPI_TYPE_CATALOG (kpi_catalog_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiCatalog, kpi_catalog, KPI, CATALOG, GObject)

KPI_AVAILABLE_IN_0_1
KpiCatalog   *kpi_catalog_new            (void);
KPI_AVAILABLE_IN_0_1
gboolean      kpi_catalog_add            (KpiCatalog    *self,
                                          KpiIndicator  *indicator,
                                          GError       **error);
KPI_AVAILABLE_IN_0_1
gboolean      kpi_catalog_remove         (KpiCatalog    *self,
                                          const char    *id);
KPI_AVAILABLE_IN_0_1
KpiIndicator *kpi_catalog_lookup         (KpiCatalog    *self,
                                          const char    *id);
KPI_AVAILABLE_IN_0_1
KpiIndicator *kpi_catalog_dup_indicator  (KpiCatalog    *self,
                                          const char    *id);
KPI_AVAILABLE_IN_0_1
char        **kpi_catalog_list_ids       (KpiCatalog    *self);
KPI_AVAILABLE_IN_0_1
void          kpi_catalog_add_dataset    (KpiCatalog    *self,
                                          const char    *name,
                                          KpiDataset    *dataset);
KPI_AVAILABLE_IN_0_1
KpiDataset   *kpi_catalog_get_dataset    (KpiCatalog    *self,
                                          const char    *name);
KPI_AVAILABLE_IN_0_1
KpiDataset   *kpi_catalog_dup_dataset    (KpiCatalog    *self,
                                          const char    *name);
KPI_AVAILABLE_IN_0_1
char        **kpi_catalog_list_dataset_names (KpiCatalog *self);
KPI_AVAILABLE_IN_0_1
gboolean      kpi_catalog_load_data      (KpiCatalog    *self,
                                          const char    *json,
                                          gssize         length,
                                          GError       **error);
KPI_AVAILABLE_IN_0_1
gboolean      kpi_catalog_load_file      (KpiCatalog    *self,
                                          GFile         *file,
                                          GCancellable  *cancellable,
                                          GError       **error);
KPI_AVAILABLE_IN_0_1
gboolean      kpi_catalog_load_builtin   (KpiCatalog    *self,
                                          const char    *name,
                                          GError       **error);
KPI_AVAILABLE_IN_0_1
char        **kpi_catalog_list_builtins  (void);
KPI_AVAILABLE_IN_0_1
gboolean      kpi_catalog_check          (KpiCatalog    *self,
                                          GError       **error);
KPI_AVAILABLE_IN_0_1
char        **kpi_catalog_list_warnings  (KpiCatalog    *self);

G_END_DECLS
