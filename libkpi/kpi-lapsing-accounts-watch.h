/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-lapsing-accounts-watch.h: key accounts whose silence is long against
 * their usual interval between orders */

#pragma once

#if !defined (KPI_INSIDE) && !defined (KPI_COMPILATION)
#error "Only <libkpi/kpi.h> can be included directly."
#endif

#include <libkpi/kpi-watch.h>

G_BEGIN_DECLS

/**
 * KPI_LAPSING_ACCOUNTS_WATCH_DEFAULT_TOP:
 *
 * How many of the largest accounts a lapsing-accounts watch follows by
 * default: 20.
 *
 * Since: 0.1
 */
#define KPI_LAPSING_ACCOUNTS_WATCH_DEFAULT_TOP 20

/**
 * KPI_LAPSING_ACCOUNTS_WATCH_DEFAULT_FACTOR:
 *
 * How many of its usual intervals between orders an account may stay
 * silent before a lapsing-accounts watch calls it lapsing, by default: 3.
 *
 * Since: 0.1
 */
#define KPI_LAPSING_ACCOUNTS_WATCH_DEFAULT_FACTOR 3.0

/**
 * KPI_LAPSING_ACCOUNTS_WATCH_DEFAULT_MIN_ORDERS:
 *
 * The fewest orders an account needs for a lapsing-accounts watch to judge
 * its rhythm, by default: 3.
 *
 * Since: 0.1
 */
#define KPI_LAPSING_ACCOUNTS_WATCH_DEFAULT_MIN_ORDERS 3

#define KPI_TYPE_LAPSING_ACCOUNTS_WATCH (kpi_lapsing_accounts_watch_get_type ())

KPI_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (KpiLapsingAccountsWatch, kpi_lapsing_accounts_watch, KPI, LAPSING_ACCOUNTS_WATCH, KpiWatch)

KPI_AVAILABLE_IN_0_1
KpiWatch   *kpi_lapsing_accounts_watch_new            (const char              *id,
                                                       const char              *dataset,
                                                       const char              *entity,
                                                       const char              *amount);

KPI_AVAILABLE_IN_0_1
const char *kpi_lapsing_accounts_watch_get_dataset    (KpiLapsingAccountsWatch *self);
KPI_AVAILABLE_IN_0_1
void        kpi_lapsing_accounts_watch_set_dataset    (KpiLapsingAccountsWatch *self,
                                                       const char              *dataset);
KPI_AVAILABLE_IN_0_1
const char *kpi_lapsing_accounts_watch_get_entity     (KpiLapsingAccountsWatch *self);
KPI_AVAILABLE_IN_0_1
void        kpi_lapsing_accounts_watch_set_entity     (KpiLapsingAccountsWatch *self,
                                                       const char              *entity);
KPI_AVAILABLE_IN_0_1
const char *kpi_lapsing_accounts_watch_get_amount     (KpiLapsingAccountsWatch *self);
KPI_AVAILABLE_IN_0_1
void        kpi_lapsing_accounts_watch_set_amount     (KpiLapsingAccountsWatch *self,
                                                       const char              *amount);
KPI_AVAILABLE_IN_0_1
guint       kpi_lapsing_accounts_watch_get_top        (KpiLapsingAccountsWatch *self);
KPI_AVAILABLE_IN_0_1
void        kpi_lapsing_accounts_watch_set_top        (KpiLapsingAccountsWatch *self,
                                                       guint                    top);
KPI_AVAILABLE_IN_0_1
double      kpi_lapsing_accounts_watch_get_factor     (KpiLapsingAccountsWatch *self);
KPI_AVAILABLE_IN_0_1
void        kpi_lapsing_accounts_watch_set_factor     (KpiLapsingAccountsWatch *self,
                                                       double                   factor);
KPI_AVAILABLE_IN_0_1
guint       kpi_lapsing_accounts_watch_get_min_orders (KpiLapsingAccountsWatch *self);
KPI_AVAILABLE_IN_0_1
void        kpi_lapsing_accounts_watch_set_min_orders (KpiLapsingAccountsWatch *self,
                                                       guint                    min_orders);

G_END_DECLS
