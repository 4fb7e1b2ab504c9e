/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-load-options-private.h: not installed, not scanned */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* A deep copy, forced column kinds included: a load in a thread works on
 * its own copy while the caller may change the original. */
KpiLoadOptions *kpi_load_options_copy (KpiLoadOptions *self);

G_END_DECLS
