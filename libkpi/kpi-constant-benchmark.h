/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-constant-benchmark.h: the same figure for every period */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-benchmark.h>

G_BEGIN_DECLS

#define KPI_TYPE_CONSTANT_BENCHMARK (kpi_constant_benchmark_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiConstantBenchmark, kpi_constant_benchmark, KPI, CONSTANT_BENCHMARK, KpiBenchmark)

KPI_AVAILABLE_IN_0_1
KpiBenchmark *kpi_constant_benchmark_new       (KpiBenchmarkKind       kind,
                                                double                 value,
                                                GError               **error);
KPI_AVAILABLE_IN_0_1
double        kpi_constant_benchmark_get_value (KpiConstantBenchmark  *self);

G_END_DECLS
