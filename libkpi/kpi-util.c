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
