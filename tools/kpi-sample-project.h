/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kpi-sample-project.h - project Apollo's weekly task log, written by
 * kpi-sample-data next to the CRM files (see docs/sample-data.md).
 */

#pragma once

#include <glib.h>

#define SAMPLE_PROJECT_TASKS_FILE      "project_tasks.csv"
#define SAMPLE_PROJECT_MILESTONES_FILE "project_milestones.csv"

typedef struct _SampleProject SampleProject;

/* Plans the project and simulates it week by week, from its own random
 * stream (STREAM_PROJECT): the orders and the other files do not change.
 * With @clean, every team reports honestly. */
SampleProject *sample_project_new (guint64      seed,
                                   const GDate *start,
                                   int          days,
                                   gboolean     clean);
void           sample_project_free (SampleProject *project);

/* Writes project_tasks.csv and project_milestones.csv into @outdir. */
gboolean       sample_project_write (SampleProject *project,
                                     const char    *outdir,
                                     GError       **error);

/* Rows (header excluded) and bytes of the files written. */
void           sample_project_get_tasks_size (const SampleProject *project,
                                              guint64             *rows,
                                              guint64             *bytes);
void           sample_project_get_milestones_size (const SampleProject *project,
                                                   guint64             *rows,
                                                   guint64             *bytes);

/* Appends the manifest's object of the seeded anomaly (nothing with
 * --clean): the "underestimated_remaining_work" entry of anomalies.json. */
void           sample_project_append_anomaly (const SampleProject *project,
                                              GString             *json);
