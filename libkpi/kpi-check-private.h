/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-check-private.h: helpers the built-in checks share.
 * Not installed, not scanned. */

#pragma once

#include "kpi-check.h"

G_BEGIN_DECLS

/* The index of the period that holds @time, among @n_periods contiguous
 * periods that start at @starts (ascending) and whose last one ends at
 * @end; -1 when @time is outside them all. A binary search: for a pass
 * over many rows, where kpi_calendar_period_at() per row would be slow. */
gssize kpi_check_period_index (const gint64 *starts,
                               guint         n_periods,
                               gint64        end,
                               gint64        time);

G_END_DECLS
