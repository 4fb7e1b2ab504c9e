/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-json-write-private.h: JSON text as the library writes it (the
 * definitions, the reports). Not installed, not scanned. */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The shortest decimal that reads back as @x (json-glib writes 0.1 as
 * 0.10000000000000001): integers without a point, else 15, 16 or 17
 * significant digits, the first that round-trip. @x must be finite. */
void kpi_json_write_double (GString    *out,
                            double      x);
/* @s as a JSON string, quoted and escaped (UTF-8 passes through). */
void kpi_json_write_string (GString    *out,
                            const char *s);
/* @node at @indent: two spaces per level, arrays of scalars on one line,
 * doubles by kpi_json_write_double(). */
void kpi_json_write_node   (GString    *out,
                            JsonNode   *node,
                            guint       indent);

/* What @node holds, for a message: "an object", "an array", "null", "a
 * string", "a boolean" or "a number". */
const char *kpi_json_kind (JsonNode *node);

G_END_DECLS
