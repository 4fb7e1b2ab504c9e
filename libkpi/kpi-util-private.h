/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-util-private.h: small helpers every class uses.
 * Not installed, not scanned. */

#pragma once

#include <glib.h>

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

G_END_DECLS
