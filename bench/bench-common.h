/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench-common.h: what the benchmarks share */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Monotonic wall time, in seconds */
double bench_now_seconds (void);
/* CPU time of the whole process (every thread), in seconds */
double bench_cpu_seconds (void);
/* Sets @error from an errno value: "WHAT PATH: strerror" */
void   bench_set_errno_error (GError    **error,
                              int         saved_errno,
                              const char *what,
                              const char *path);
/* Removes a directory and the files in it */
void   bench_remove_dir (const char *dir);
/* Makes sure DIR/orders-ROWS.csv exists, generating it with @generator
 * when it does not; returns its path, or NULL with @error set. */
char  *bench_ensure_data_file (const char  *dir,
                               gint64       rows,
                               const char  *generator,
                               gboolean    *generated,
                               GError     **error);

G_END_DECLS
