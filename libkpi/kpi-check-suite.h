/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-check-suite.h: checks run together, and their findings carried to
 * the values they affect */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libkpi/kpi-version.h>
#include <libkpi/kpi-calendar.h>
#include <libkpi/kpi-context.h>
#include <libkpi/kpi-indicator.h>
#include <libkpi/kpi-catalog.h>
#include <libkpi/kpi-check.h>

G_BEGIN_DECLS

#define KPI_TYPE_CHECK_SUITE (kpi_check_suite_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiCheckSuite, kpi_check_suite, KPI, CHECK_SUITE, GObject)

KPI_AVAILABLE_IN_0_1
KpiCheckSuite  *kpi_check_suite_new            (void);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_check_suite_add            (KpiCheckSuite       *self,
                                                KpiCheck            *check,
                                                GError             **error);
KPI_AVAILABLE_IN_0_1
KpiCheck       *kpi_check_suite_lookup         (KpiCheckSuite       *self,
                                                const char          *id);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_check_suite_load_data      (KpiCheckSuite       *self,
                                                const char          *data,
                                                gssize               length,
                                                KpiCalendar         *calendar,
                                                GError             **error);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_check_suite_load_file      (KpiCheckSuite       *self,
                                                GFile               *file,
                                                KpiCalendar         *calendar,
                                                GError             **error);
KPI_AVAILABLE_IN_0_1
gboolean        kpi_check_suite_load_builtin   (KpiCheckSuite       *self,
                                                const char          *name,
                                                KpiCalendar         *calendar,
                                                GError             **error);
KPI_AVAILABLE_IN_0_1
char          **kpi_check_suite_list_types     (void);
KPI_AVAILABLE_IN_0_1
KpiCheck       *kpi_check_suite_new_check      (const char          *type,
                                                GError             **error);

KPI_AVAILABLE_IN_0_1
GPtrArray      *kpi_check_suite_run            (KpiCheckSuite       *self,
                                                KpiContext          *context,
                                                GCancellable        *cancellable,
                                                GError             **error);
KPI_AVAILABLE_IN_0_1
void            kpi_check_suite_run_async      (KpiCheckSuite       *self,
                                                KpiContext          *context,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
KPI_AVAILABLE_IN_0_1
GPtrArray      *kpi_check_suite_run_finish     (KpiCheckSuite       *self,
                                                GAsyncResult        *result,
                                                GError             **error);
KPI_AVAILABLE_IN_0_1
GPtrArray      *kpi_check_suite_dup_results    (KpiCheckSuite       *self);

KPI_AVAILABLE_IN_0_1
GPtrArray      *kpi_check_suite_annotate       (KpiCheckSuite       *self,
                                                KpiIndicator        *indicator,
                                                KpiContext          *context,
                                                KpiValue * const    *values,
                                                gsize                n_values,
                                                const char          *group_by,
                                                GError             **error);
KPI_AVAILABLE_IN_0_1
GPtrArray      *kpi_check_suite_evaluate_series (KpiCheckSuite      *self,
                                                 KpiIndicator       *indicator,
                                                 KpiContext         *context,
                                                 const KpiPeriod    *first,
                                                 const KpiPeriod    *last,
                                                 GError            **error);

G_END_DECLS
