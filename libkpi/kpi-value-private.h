/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-value-private.h: what the layers above the value set on a value
 * before they hand it out.  Not installed, not scanned. */

#pragma once

#include "kpi-value.h"

G_BEGIN_DECLS

/* A new value (one reference, not shared yet) equal to @value in every
 * respect, for a layer that adds to it what @value does not say. */
KpiValue *kpi_value_copy        (const KpiValue *value);

/* Before the value is handed out: the closure of its period. */
void      kpi_value_set_closure (KpiValue       *value,
                                 KpiClosure      closure);

/* Before the value is handed out: what the checks say of it. @findings
 * (of KpiCheckResult, nullable) is referenced, not copied. */
void      kpi_value_set_quality (KpiValue       *value,
                                 KpiQuality      quality,
                                 double          confidence,
                                 GPtrArray      *findings);

G_END_DECLS
