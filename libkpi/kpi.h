/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi.h: the umbrella header of libkpi */

#pragma once

#define KPI_INSIDE

#include <glib-object.h>
#include <gio/gio.h>

#include <libkpi/kpi-version.h>
#include <libkpi/kpi-enum-types.h>
#include <libkpi/kpi-load-options.h>
#include <libkpi/kpi-database.h>
#include <libkpi/kpi-dataset.h>
#include <libkpi/kpi-period.h>
#include <libkpi/kpi-calendar.h>
#include <libkpi/kpi-value.h>
#include <libkpi/kpi-formula.h>
#include <libkpi/kpi-funnel-result.h>
#include <libkpi/kpi-funnel-pipeline.h>
#include <libkpi/kpi-funnel.h>
#include <libkpi/kpi-context.h>
#include <libkpi/kpi-comparison-policy.h>
#include <libkpi/kpi-indicator.h>
#include <libkpi/kpi-catalog.h>
#include <libkpi/kpi-comparison.h>
#include <libkpi/kpi-phasing.h>
#include <libkpi/kpi-benchmark.h>
#include <libkpi/kpi-constant-benchmark.h>
#include <libkpi/kpi-table-benchmark.h>
#include <libkpi/kpi-offset-benchmark.h>
#include <libkpi/kpi-forecast-benchmark.h>
#include <libkpi/kpi-plan-benchmark.h>
#include <libkpi/kpi-trend.h>
#include <libkpi/kpi-forecast.h>
#include <libkpi/kpi-forecaster.h>
#include <libkpi/kpi-forecast-accuracy.h>
#include <libkpi/kpi-plan.h>
#include <libkpi/kpi-landing.h>
#include <libkpi/kpi-project.h>
#include <libkpi/kpi-check-result.h>
#include <libkpi/kpi-check.h>
#include <libkpi/kpi-check-suite.h>
#include <libkpi/kpi-outlier-check.h>
#include <libkpi/kpi-seasonal-check.h>
#include <libkpi/kpi-revision.h>
#include <libkpi/kpi-store.h>
#include <libkpi/kpi-restatement-check.h>
#include <libkpi/kpi-reconciliation-check.h>
#include <libkpi/kpi-benford-check.h>
#include <libkpi/kpi-estimate-bias-check.h>
#include <libkpi/kpi-freshness-check.h>
#include <libkpi/kpi-contributor-coverage-check.h>
#include <libkpi/kpi-end-of-period-check.h>
#include <libkpi/kpi-completeness-check.h>
#include <libkpi/kpi-validity-check.h>
#include <libkpi/kpi-uniqueness-check.h>
#include <libkpi/kpi-volume-check.h>
#include <libkpi/kpi-watch.h>
#include <libkpi/kpi-indicator-watch.h>
#include <libkpi/kpi-threshold-watch.h>
#include <libkpi/kpi-stagnation-watch.h>
#include <libkpi/kpi-lapsing-accounts-watch.h>
#include <libkpi/kpi-dashboard.h>
#include <libkpi/kpi-definitions.h>
#include <libkpi/kpi-report.h>

#undef KPI_INSIDE
