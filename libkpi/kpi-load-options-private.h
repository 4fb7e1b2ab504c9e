/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-load-options-private.h: not installed, not scanned */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* A deep copy, forced column kinds included: a load in a thread works on
 * its own copy while the caller may change the original. */
KpiLoadOptions *kpi_load_options_copy (KpiLoadOptions *self);

/* Whether a coverage set by hand (on load options or a dataset) holds
 * together: either end may be KPI_TIME_UNSET, else @end must be after
 * @start (KPI_DATASET_ERROR_INVALID_COVERAGE). */
gboolean        kpi_coverage_check    (gint64           start,
                                       gint64           end,
                                       GError         **error);

/* One ASCII byte from a separator option ("," or "\t"), or @fallback when
 * it is unset; the no-break spaces (U+00A0, U+202F) stand for ' ', which
 * the scanners take to mean all three, and U+2019 for '\'', which they
 * take to mean both apostrophes. */
char            kpi_load_option_char  (const char      *value,
                                       char             fallback);

G_END_DECLS
