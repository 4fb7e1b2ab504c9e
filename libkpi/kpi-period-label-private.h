/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-period-label-private.h: writing and reading period labels
 * (kpi-period-label.c).
 *
 * Not installed, not scanned. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* Longer labels are refused before being looked at: the longest valid one,
 * two date-times with microseconds and offsets with seconds, is 70 bytes. */
#define KPI_PERIOD_LABEL_MAX_LENGTH 128

/* One label, or one side of `START..END`, as read. */
typedef enum {
  KPI_LABEL_NATURAL,    /* granularity and ordinal */
  KPI_LABEL_DATE_TIME,  /* an instant */
} KpiLabelTokenKind;

typedef struct {
  KpiLabelTokenKind  kind;
  KpiGranularity     granularity;  /* KPI_LABEL_NATURAL: the period's... */
  gint64             ordinal;      /* ...granularity and ordinal */
  gint64             time;         /* KPI_LABEL_DATE_TIME: the instant */
} KpiLabelToken;

/* The label of a natural period in range: `2025-02-14`, `2025-W07`,
 * `2025-02`, `2025-Q1`, `2025`, `FY2025-Q3`, `FY2025`. */
char     *kpi_period_label_natural     (KpiGranularity granularity,
                                        gint64         ordinal);
/* The label `START..END` of a custom period; @base_label is the label of
 * the natural period a to-date period runs from, NULL for a plain range. */
char     *kpi_period_label_custom      (KpiCalendar *self,
                                        const char  *base_label,
                                        gint64       start,
                                        gint64       end);
/* An instant for a message: a local date-time with its offset, or a count
 * of microseconds for one beyond the times the calendar computes with. */
char     *kpi_period_label_instant     (KpiCalendar *self,
                                        gint64       time);
/* Reads [@p, @end): a natural period's label or a date-time, one label or
 * one side of `START..END`. On failure, gives the KpiCalendarError code
 * and may set @reason (a clause for the message). */
gboolean  kpi_period_label_parse_token (KpiCalendar    *self,
                                        const char     *p,
                                        const char     *end,
                                        KpiLabelToken  *token,
                                        int            *code,
                                        char          **reason);
/* The end instant of `START..END` from its END token: a date (its whole
 * day included) or an instant; FALSE for any other label. */
gboolean  kpi_period_label_token_end   (KpiCalendar         *self,
                                        const KpiLabelToken *token,
                                        gint64              *time);
/* Sets the KPI_CALENDAR_ERROR of a label that does not read, with
 * @reason (nullable) and the forms a label may take. */
void      kpi_period_label_set_error   (GError     **error,
                                        int          code,
                                        const char  *label,
                                        const char  *reason);

G_END_DECLS
