/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-json-write.c: JSON text as the library writes it: numbers in their
 * shortest form, indented two spaces a level */

#include "config.h"

#include <math.h>

#include "kpi-json-write-private.h"

/* The shortest decimal that reads back as @x. */
void
kpi_json_write_double (GString *out,
                       double   x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (x == floor (x) && fabs (x) < 1e15)
    {
      g_string_append_printf (out, "%.0f", x);
      return;
    }
  for (int digits = 15; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, sizeof buf, format, x);
      if (g_ascii_strtod (buf, NULL) == x)
        break;
    }
  g_string_append (out, buf);
}

void
kpi_json_write_string (GString    *out,
                       const char *s)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p != '\0'; p++)
    switch (*p)
      {
      case '"':
        g_string_append (out, "\\\"");
        break;
      case '\\':
        g_string_append (out, "\\\\");
        break;
      case '\n':
        g_string_append (out, "\\n");
        break;
      case '\t':
        g_string_append (out, "\\t");
        break;
      case '\r':
        g_string_append (out, "\\r");
        break;
      default:
        if (*p < 0x20)
          g_string_append_printf (out, "\\u%04x", *p);
        else
          g_string_append_c (out, (char) *p);
      }
  g_string_append_c (out, '"');
}

static gboolean
is_scalar (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) || JSON_NODE_HOLDS_NULL (node);
}

/* Two spaces per level; arrays of scalars on one line. */
void
kpi_json_write_node (GString  *out,
                     JsonNode *node,
                     guint     indent)
{
  if (JSON_NODE_HOLDS_NULL (node))
    g_string_append (out, "null");
  else if (JSON_NODE_HOLDS_VALUE (node))
    switch (json_node_get_value_type (node))
      {
      case G_TYPE_STRING:
        kpi_json_write_string (out, json_node_get_string (node));
        break;
      case G_TYPE_BOOLEAN:
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        break;
      case G_TYPE_INT64:
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        break;
      default:
        kpi_json_write_double (out, json_node_get_double (node));
      }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);
      gboolean flat = TRUE;

      for (guint i = 0; i < n && flat; i++)
        flat = is_scalar (json_array_get_element (array, i));
      g_string_append_c (out, '[');
      for (guint i = 0; i < n; i++)
        {
          if (flat)
            g_string_append (out, i > 0 ? ", " : "");
          else
            {
              g_string_append (out, i > 0 ? ",\n" : "\n");
              g_string_append_printf (out, "%*s", (int) indent + 2, "");
            }
          kpi_json_write_node (out, json_array_get_element (array, i), indent + 2);
        }
      if (!flat && n > 0)
        g_string_append_printf (out, "\n%*s", (int) indent, "");
      g_string_append_c (out, ']');
    }
  else
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      g_string_append_c (out, '{');
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_string_append (out, l == members ? "\n" : ",\n");
          g_string_append_printf (out, "%*s", (int) indent + 2, "");
          kpi_json_write_string (out, l->data);
          g_string_append (out, ": ");
          kpi_json_write_node (out, json_object_get_member (object, l->data), indent + 2);
        }
      if (members != NULL)
        g_string_append_printf (out, "\n%*s", (int) indent, "");
      g_string_append_c (out, '}');
    }
}

const char *
kpi_json_kind (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    default:
      return "a number";
    }
}
