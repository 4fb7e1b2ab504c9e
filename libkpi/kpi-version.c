/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "kpi.h"

/**
 * kpi_get_major_version:
 *
 * The major version of the libkpi the program runs against, which may differ
 * from %KPI_MAJOR_VERSION, the one it was compiled against.
 *
 * Returns: the run-time major version
 *
 * Since: 0.1
 */
guint
kpi_get_major_version (void)
{
  return KPI_MAJOR_VERSION;
}

/**
 * kpi_get_minor_version:
 *
 * The minor version of the libkpi the program runs against.
 *
 * Returns: the run-time minor version
 *
 * Since: 0.1
 */
guint
kpi_get_minor_version (void)
{
  return KPI_MINOR_VERSION;
}

/**
 * kpi_get_micro_version:
 *
 * The micro version of the libkpi the program runs against.
 *
 * Returns: the run-time micro version
 *
 * Since: 0.1
 */
guint
kpi_get_micro_version (void)
{
  return KPI_MICRO_VERSION;
}
