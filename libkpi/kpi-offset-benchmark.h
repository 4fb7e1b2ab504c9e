/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-offset-benchmark.h: the indicator one period or one year back */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-benchmark.h>

G_BEGIN_DECLS

#define KPI_TYPE_OFFSET_BENCHMARK (kpi_offset_benchmark_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiOffsetBenchmark, kpi_offset_benchmark, KPI, OFFSET_BENCHMARK, KpiBenchmark)

KPI_AVAILABLE_IN_0_1
KpiBenchmark *kpi_offset_benchmark_new (KpiBenchmarkKind   kind,
                                        GError           **error);

G_END_DECLS
