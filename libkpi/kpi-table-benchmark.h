/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-table-benchmark.h: figures per period from a table */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-benchmark.h>

G_BEGIN_DECLS

#define KPI_TYPE_TABLE_BENCHMARK (kpi_table_benchmark_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiTableBenchmark, kpi_table_benchmark, KPI, TABLE_BENCHMARK, KpiBenchmark)

KPI_AVAILABLE_IN_0_1
KpiBenchmark   *kpi_table_benchmark_new                    (KpiBenchmarkKind    kind,
                                                            KpiDataset         *table,
                                                            const char         *formula,
                                                            GError            **error);
KPI_AVAILABLE_IN_0_1
KpiDataset     *kpi_table_benchmark_get_table              (KpiTableBenchmark  *self);
KPI_AVAILABLE_IN_0_1
const char     *kpi_table_benchmark_get_formula            (KpiTableBenchmark  *self);
KPI_AVAILABLE_IN_0_1
KpiGranularity  kpi_table_benchmark_get_source_granularity (KpiTableBenchmark  *self);
KPI_AVAILABLE_IN_0_1
void            kpi_table_benchmark_set_source_granularity (KpiTableBenchmark  *self,
                                                            KpiGranularity      granularity);

G_END_DECLS
