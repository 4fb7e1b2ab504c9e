/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-context.h: what an evaluation resolves names against */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <glib-object.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-dataset.h>
#include <libkpi/kpi-calendar.h>

G_BEGIN_DECLS

/**
 * KPI_CONTEXT_ERROR:
 *
 * The error domain of evaluation contexts: names that do not resolve.
 * Errors are from the #KpiContextError enumeration.
 *
 * Since: 0.1
 */
#define KPI_CONTEXT_ERROR (kpi_context_error_quark ())

/**
 * KpiContextError:
 * @KPI_CONTEXT_ERROR_UNKNOWN_DATASET: an indicator reads a dataset by a
 *   name the context does not know, or has no dataset at all
 * @KPI_CONTEXT_ERROR_UNKNOWN_INDICATOR: a formula refers (`@id`) to an
 *   indicator the context does not know
 * @KPI_CONTEXT_ERROR_CYCLE: indicators refer to each other in a cycle
 *
 * Errors of the %KPI_CONTEXT_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  KPI_CONTEXT_ERROR_UNKNOWN_DATASET,
  KPI_CONTEXT_ERROR_UNKNOWN_INDICATOR,
  KPI_CONTEXT_ERROR_CYCLE,
} KpiContextError;

KPI_AVAILABLE_IN_0_1
GQuark kpi_context_error_quark (void);

/* Declared here, defined in kpi-indicator.h and kpi-catalog.h, which
 * include this header. */
typedef struct _KpiIndicator KpiIndicator;
typedef struct _KpiCatalog KpiCatalog;

#define KPI_TYPE_CONTEXT (kpi_context_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_DERIVABLE_TYPE (KpiContext, kpi_context, KPI, CONTEXT, GObject)

/**
 * KpiContextClass:
 * @parent_class: the parent class
 * @lookup_dataset: finds the dataset of a name, or returns %NULL; the
 *   default looks among the datasets added to the context, then in its
 *   catalogs, in the order they were added
 * @lookup_indicator: finds the indicator of an id, or returns %NULL; the
 *   default looks as @lookup_dataset does
 * @list_dataset_names: the names @lookup_dataset knows, for suggestions
 *   in error messages
 * @list_indicator_ids: the ids @lookup_indicator knows
 *
 * The virtual methods of [class@Kpi.Context]. A subclass may resolve names
 * its own way (datasets loaded on demand, indicators from a database);
 * it chains up to keep the default ones as a fallback. The methods may be
 * called from several threads at once.
 *
 * Since: 0.1
 */
struct _KpiContextClass
{
  GObjectClass parent_class;

  KpiDataset   * (*lookup_dataset)     (KpiContext *self,
                                        const char *name);
  KpiIndicator * (*lookup_indicator)   (KpiContext *self,
                                        const char *id);
  char        ** (*list_dataset_names) (KpiContext *self);
  char        ** (*list_indicator_ids) (KpiContext *self);

  /*< private >*/
  gpointer padding[12];
};

KPI_AVAILABLE_IN_0_1
KpiContext   *kpi_context_new                 (KpiCalendar  *calendar);

KPI_AVAILABLE_IN_0_1
KpiCalendar  *kpi_context_get_calendar        (KpiContext   *self);

KPI_AVAILABLE_IN_0_1
void          kpi_context_add_dataset         (KpiContext   *self,
                                               const char   *name,
                                               KpiDataset   *dataset);
KPI_AVAILABLE_IN_0_1
void          kpi_context_add_indicator       (KpiContext   *self,
                                               KpiIndicator *indicator);
KPI_AVAILABLE_IN_0_1
void          kpi_context_add_catalog         (KpiContext   *self,
                                               KpiCatalog   *catalog);

KPI_AVAILABLE_IN_0_1
KpiDataset   *kpi_context_lookup_dataset      (KpiContext   *self,
                                               const char   *name);
KPI_AVAILABLE_IN_0_1
KpiIndicator *kpi_context_lookup_indicator    (KpiContext   *self,
                                               const char   *id);
KPI_AVAILABLE_IN_0_1
char        **kpi_context_list_dataset_names  (KpiContext   *self);
KPI_AVAILABLE_IN_0_1
char         *kpi_context_dup_dataset_name    (KpiContext   *self,
                                               KpiDataset   *dataset);
KPI_AVAILABLE_IN_0_1
char        **kpi_context_list_indicator_ids  (KpiContext   *self);

G_END_DECLS
