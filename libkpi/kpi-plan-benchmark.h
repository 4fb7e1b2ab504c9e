/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-plan-benchmark.h: an action plan's curve as the reference */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-benchmark.h>

G_BEGIN_DECLS

#define KPI_TYPE_PLAN_BENCHMARK (kpi_plan_benchmark_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiPlanBenchmark, kpi_plan_benchmark, KPI, PLAN_BENCHMARK, KpiBenchmark)

KPI_AVAILABLE_IN_0_1
KpiBenchmark *kpi_plan_benchmark_new      (KpiPlan          *plan);
KPI_AVAILABLE_IN_0_1
KpiPlan      *kpi_plan_benchmark_get_plan (KpiPlanBenchmark *self);

G_END_DECLS
