/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-benchmark-private.h: what benchmarks share with landings.
 * Not installed, not scanned. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* The history a forecast may learn from in @series (the values of
 * consecutive periods, oldest first): the periods over at @now and known
 * (a prefix of @series, whose length goes to @n_closed: periods over but
 * after the data's coverage are to be forecast too), without the leading
 * ones that have no rows (before the data starts). The values are borrowed
 * from @series. */
GPtrArray  *kpi_forecast_history  (GPtrArray  *series,
                                   gint64      now,
                                   guint      *n_closed);

G_END_DECLS
