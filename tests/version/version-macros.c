/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* version-macros.c: compiled by test-version-macros.sh under several
 * KPI_VERSION_MIN_REQUIRED / KPI_VERSION_MAX_ALLOWED settings. The kpi_test_*
 * functions exist only here: they are declared through the availability and
 * deprecation macros as the public headers would declare real API, and the
 * file is only compiled (-fsyntax-only), never linked. USE names the one
 * whose use is under test. */

#include <libkpi/kpi.h>

KPI_AVAILABLE_IN_ALL
void kpi_test_in_all (void);
KPI_AVAILABLE_IN_0_1
void kpi_test_in_0_1 (void);
KPI_AVAILABLE_IN_0_2
void kpi_test_in_0_2 (void);
KPI_DEPRECATED_IN_0_1
void kpi_test_deprecated_in_0_1 (void);
KPI_DEPRECATED_IN_0_1_FOR (kpi_test_in_0_1)
void kpi_test_deprecated_in_0_1_for (void);
KPI_DEPRECATED_IN_0_2_FOR (kpi_test_in_0_2)
void kpi_test_deprecated_in_0_2_for (void);

guint kpi_test_use (void);

guint
kpi_test_use (void)
{
  /* the real 0.1 API never warns under a setting the headers accept */
  guint major = kpi_get_major_version ();

  USE ();
  return major;
}
