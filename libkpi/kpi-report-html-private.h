/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-report-html-private.h: the HTML page of a report with the project
 * part given from outside. Not installed, not scanned.
 *
 * An operational dashboard's page shows its project's progress, which the
 * report does not hold yet (kpi_report_get_project_status() comes with
 * the project's merge into the report). Until then the public
 * kpi_report_to_html() writes the page without it, and a caller that has
 * measured the project itself (the browser test) passes the status here. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* kpi_report_to_html() with the operational dashboard's @project status
 * (NULL: the page has no project part). */
char *kpi_report_to_html_with_project (KpiReport        *self,
                                       KpiProjectStatus *project,
                                       gsize            *length);

G_END_DECLS
