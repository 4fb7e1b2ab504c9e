/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-util.c: small helpers every class uses */

#include "config.h"

#include <math.h>

#include <string.h>

#include "kpi-util-private.h"

/* See kpi-util-private.h */
char *
kpi_text_for_message (const char *text,
                      gssize      length,
                      guint       max_chars)
{
  GString *out;
  const char *p, *end;
  guint n = 0;

  if (text == NULL)
    return g_strdup ("(null)");
  if (length < 0)
    length = strlen (text);
  out = g_string_sized_new (MIN ((gsize) length, 256) + 8);
  p = text;
  end = text + length;
  while (p < end)
    {
      gunichar c;
      const char *next;

      if (max_chars > 0 && n == max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      /* (GLib refuses U+0000 as a character: take ASCII as it is) */
      c = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append (out, "\xef\xbf\xbd");
          p++;
          n++;
          continue;
        }
      next = g_utf8_next_char (p);
      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7F)
        g_string_append_printf (out, "\\x%02X", c);
      else
        g_string_append_len (out, p, next - p);
      p = next;
      n++;
    }
  return g_string_free (out, FALSE);
}

/* See kpi-util-private.h */
GParamSpec *
kpi_param_spec_nan_double (const char  *name,
                           double       default_value,
                           GParamFlags  flags)
{
  GParamSpec *pspec = g_param_spec_double (name, NULL, NULL, -INFINITY, INFINITY, 0.0,
                                           flags | G_PARAM_LAX_VALIDATION);

  G_PARAM_SPEC_DOUBLE (pspec)->default_value = default_value;
  return pspec;
}

/* See kpi-util-private.h */
char *
kpi_json_parse_error_split (const GError *json_error,
                            guint64      *line,
                            guint64      *column)
{
  /* json-glib quotes the text it stopped at, decoded: a broken \u escape
   * puts invalid UTF-8 in its message, which ours may not hold. */
  g_autofree char *msg = kpi_text_for_message (json_error->message, -1, 0);
  const char *p;
  char *end;

  *line = 0;
  *column = 0;
  if (!g_str_has_prefix (msg, "<data>:"))
    return g_steal_pointer (&msg);
  p = msg + strlen ("<data>:");
  *line = g_ascii_strtoull (p, &end, 10);
  if (end == p || *end != ':')
    goto whole;
  p = end + 1;
  *column = g_ascii_strtoull (p, &end, 10);
  if (end == p || *end != ':')
    goto whole;
  p = end + 1;
  while (*p == ' ')
    p++;
  if (g_str_has_prefix (p, "Parse error: "))
    p += strlen ("Parse error: ");
  if (*line == 0)
    *line = 1;
  if (g_ascii_isupper (*p) && !g_ascii_isupper (p[1]))
    {
      /* "Unexpected end of file" and the like, mid-sentence in ours */
      char *text = g_strdup (p);

      text[0] = g_ascii_tolower (text[0]);
      return text;
    }
  return g_strdup (p);

whole:
  *line = 0;
  *column = 0;
  return g_steal_pointer (&msg);
}

/* What the task holds: the worker, and the job data it runs over. */
typedef struct
{
  KpiTaskFunc    func;
  gpointer       job;
  GDestroyNotify job_free;
} TaskData;

static void
task_data_free (gpointer data)
{
  TaskData *td = data;

  if (td->job_free != NULL)
    td->job_free (td->job);
  g_free (td);
}

static void
task_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TaskData *td = task_data;
  GError *error = NULL;
  GPtrArray *list = td->func (source, td->job, cancellable, &error);

  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, (GDestroyNotify) g_ptr_array_unref);
}

/* See kpi-util-private.h */
void
kpi_task_run_in_thread (gpointer             source,
                        gpointer             source_tag,
                        gpointer             job,
                        GDestroyNotify       job_free,
                        KpiTaskFunc          func,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  TaskData *td = g_new0 (TaskData, 1);

  td->func = func;
  td->job = job;
  td->job_free = job_free;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, td, task_data_free);
  /* a task cancelled before its thread starts fails without running */
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, task_thread);
}

/* See kpi-util-private.h */
GPtrArray *
kpi_task_finish (gpointer       source,
                 GAsyncResult  *result,
                 gpointer       source_tag,
                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* See kpi-util-private.h */
gpointer
kpi_task_get_job (GAsyncResult *result)
{
  TaskData *td = g_task_get_task_data (G_TASK (result));

  return td->job;
}

/* See kpi-util-private.h */
char *
kpi_type_nick (GType       type,
               const char *suffix)
{
  const char *name = g_type_name (type);
  gsize len = strlen (name);
  gsize strip = 3 + strlen (suffix);
  GString *nick = g_string_new (NULL);

  if (g_str_has_prefix (name, "Kpi") && g_str_has_suffix (name, suffix) && len > strip)
    {
      name += 3;
      len -= strip;
    }
  for (gsize i = 0; i < len; i++)
    {
      char c = name[i];

      if (g_ascii_isupper (c))
        {
          if (i > 0 && nick->len > 0 && nick->str[nick->len - 1] != '-')
            g_string_append_c (nick, '-');
          g_string_append_c (nick, g_ascii_tolower (c));
        }
      else if (g_ascii_isalnum (c))
        g_string_append_c (nick, c);
      else if (nick->len > 0 && nick->str[nick->len - 1] != '-')
        g_string_append_c (nick, '-');
    }
  return g_string_free (nick, FALSE);
}

typedef struct
{
  GObject *object;
  guint    signal_id;
  guint    done;
  guint    total;
} Progress;

static gboolean
emit_progress_idle (gpointer data)
{
  Progress *p = data;

  g_signal_emit (p->object, p->signal_id, 0, p->done, p->total);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->object);
  g_free (p);
}

void
kpi_emit_progress (gpointer      object,
                   guint         signal_id,
                   GMainContext *context,
                   guint         done,
                   guint         total)
{
  Progress *p;
  GSource *source;

  if (context == NULL)
    {
      g_signal_emit (object, signal_id, 0, done, total);
      return;
    }
  p = g_new (Progress, 1);
  p->object = g_object_ref (object);
  p->signal_id = signal_id;
  p->done = done;
  p->total = total;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_progress_idle, p, progress_free);
  g_source_set_static_name (source, "[kpi] progress");
  g_source_attach (source, context);
  g_source_unref (source);
}
