/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-util-private.h: small helpers every class uses.
 * Not installed, not scanned. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Replaces the string *@ptr by a copy of @str unless they are equal
 * (g_set_str() is GLib 2.76; we require 2.74). Returns whether it changed,
 * that is whether a property must be notified. */
static inline gboolean
kpi_set_str (char       **ptr,
             const char  *str)
{
  if (g_strcmp0 (*ptr, str) == 0)
    return FALSE;
  g_free (*ptr);
  *ptr = g_strdup (str);
  return TRUE;
}

/* Text a message may quote, whatever @text holds: every message the
 * library emits is valid UTF-8, and the text someone typed or a file held
 * may not be.  The first @length bytes of @text (-1: up to its NUL) with
 * each byte that is not part of valid UTF-8 as U+FFFD, line breaks, tabs
 * and other control characters (NUL included) escaped as `\n`, `\r`, `\t`,
 * `\xNN`, and cut to @max_chars characters with a `…` (0: no limit).
 * A NULL @text gives "(null)". */
char *kpi_text_for_message (const char *text,
                            gssize      length,
                            guint       max_chars);

/* The characters of a name or value someone typed that a message quotes
 * (the @max_chars of kpi_text_for_message()): enough to recognise it, not
 * a whole line of a file. */
#define KPI_MESSAGE_QUOTE_CHARS 40

/* A double property whose "not set" (derive it, estimate it, the default)
 * is NaN: no range admits NaN, so the default (NaN or a number) is set
 * after the fact, and lax validation lets g_object_set() store a NaN (or
 * any number: the setter or the computation checks it) without a
 * warning. */
GParamSpec *kpi_param_spec_nan_double (const char  *name,
                                       double       default_value,
                                       GParamFlags  flags);

/* The name a file gives a subclass of an extension point (a check, a
 * watch rule): "Kpi" + NAME + @suffix in kebab case without them
 * (KpiContributorCoverageCheck, "Check": "contributor-coverage"); any other
 * type's whole name in kebab case (an application's MyOrdersWatch:
 * "my-orders-watch"). To free. */
char *kpi_type_nick (GType       type,
                     const char *suffix);

/* json-glib's parse errors read "<data>:LINE:COLUMN: Parse error: what".
 * Sets *line and *column (1-based, LINE counted in the text json-glib was
 * given) and returns what went wrong in our words: valid UTF-8, from a
 * lower-case letter. For another wording (a translation) *line is 0 and
 * the whole message is returned, made valid UTF-8. */
char *kpi_json_parse_error_split (const GError *json_error,
                                  guint64      *line,
                                  guint64      *column);

/* The worker of an _async function: computes a list from @source and the
 * @job data, in a thread; NULL with @error set on failure. */
typedef GPtrArray *(*KpiTaskFunc) (gpointer       source,
                                   gpointer       job,
                                   GCancellable  *cancellable,
                                   GError       **error);

/* The _async half of a pair: runs @func over @job (owned by the task,
 * freed with @job_free) in a GTask worker thread, then calls @callback in
 * the thread-default main context of this call. @source_tag is the _async
 * function, which the _finish half checks. Cancelled before or while it
 * runs (@func checks @cancellable), the task fails with
 * G_IO_ERROR_CANCELLED. */
void       kpi_task_run_in_thread (gpointer             source,
                                   gpointer             source_tag,
                                   gpointer             job,
                                   GDestroyNotify       job_free,
                                   KpiTaskFunc          func,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
/* The _finish half: the list @func gave (transfer full), or NULL with
 * @error set. Criticals when @result is not a task of @source_tag's. */
GPtrArray *kpi_task_finish        (gpointer             source,
                                   GAsyncResult        *result,
                                   gpointer             source_tag,
                                   GError             **error);
/* The @job of the task behind @result, as kpi_task_run_in_thread() got it
 * (for what @func left there besides the list). */
gpointer   kpi_task_get_job       (GAsyncResult        *result);

/* A count of rows summed over several evaluations, as the guint sample
 * size of a KpiValue: capped, never wrapped around. */
static inline guint
kpi_sample_size_cap (guint64 n)
{
  return n > G_MAXUINT ? G_MAXUINT : (guint) n;
}

/* Emits @signal_id of @object with (done, total), two guint: now when
 * @context is NULL, else from an idle source in @context (an _async
 * function's worker reports progress in the caller's main context). */
void kpi_emit_progress (gpointer      object,
                        guint         signal_id,
                        GMainContext *context,
                        guint         done,
                        guint         total);

G_END_DECLS
