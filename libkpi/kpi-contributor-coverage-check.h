/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-contributor-coverage-check.h: expected contributors who reported nothing */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-check.h>

G_BEGIN_DECLS

/**
 * KPI_CONTRIBUTOR_COVERAGE_DEFAULT_HISTORY:
 *
 * How many periods before a period tell a [class@Kpi.ContributorCoverageCheck]
 * who is expected in it, and how active they were, by default: three (a
 * quarter of months).
 *
 * Since: 0.1
 */
#define KPI_CONTRIBUTOR_COVERAGE_DEFAULT_HISTORY 3

/**
 * KPI_CONTRIBUTOR_COVERAGE_DEFAULT_SIGNIFICANCE:
 *
 * The chance, by default, that a [class@Kpi.ContributorCoverageCheck]
 * reports a contributor who reports as usual somewhere in the data: it
 * takes a silence for a finding when chance explains it less often.
 *
 * Since: 0.1
 */
#define KPI_CONTRIBUTOR_COVERAGE_DEFAULT_SIGNIFICANCE 0.05

#define KPI_TYPE_CONTRIBUTOR_COVERAGE_CHECK (kpi_contributor_coverage_check_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiContributorCoverageCheck, kpi_contributor_coverage_check,
                      KPI, CONTRIBUTOR_COVERAGE_CHECK, KpiCheck)

KPI_AVAILABLE_IN_0_1
KpiCheck           *kpi_contributor_coverage_check_new              (const char                  *dataset_name,
                                                                      const char                  *group_by);

KPI_AVAILABLE_IN_0_1
const char * const *kpi_contributor_coverage_check_get_expected     (KpiContributorCoverageCheck *self);
KPI_AVAILABLE_IN_0_1
void                kpi_contributor_coverage_check_set_expected     (KpiContributorCoverageCheck *self,
                                                                      const char * const          *expected);
KPI_AVAILABLE_IN_0_1
guint               kpi_contributor_coverage_check_get_history      (KpiContributorCoverageCheck *self);
KPI_AVAILABLE_IN_0_1
void                kpi_contributor_coverage_check_set_history      (KpiContributorCoverageCheck *self,
                                                                      guint                        history);
KPI_AVAILABLE_IN_0_1
double              kpi_contributor_coverage_check_get_significance (KpiContributorCoverageCheck *self);
KPI_AVAILABLE_IN_0_1
void                kpi_contributor_coverage_check_set_significance (KpiContributorCoverageCheck *self,
                                                                      double                       significance);
KPI_AVAILABLE_IN_0_1
const char         *kpi_contributor_coverage_check_get_row_noun     (KpiContributorCoverageCheck *self);
KPI_AVAILABLE_IN_0_1
void                kpi_contributor_coverage_check_set_row_noun     (KpiContributorCoverageCheck *self,
                                                                      const char                  *row_noun);

G_END_DECLS
