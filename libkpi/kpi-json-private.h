/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-json-private.h: parsing the JSON documents the library reads
 * (definitions, catalogue, checks) past json-glib's gaps.
 * Not installed, not scanned. */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Parses the JSON document @text (@length bytes, or NUL-terminated when
 * negative) with @parser, refusing first what json-glib 1.6 cannot take:
 * a nesting deeper than 64 levels (its parser recurses without a limit,
 * and a deep enough nesting overflows the stack) and data after the first
 * value (which it parses, drops and leaks). On failure returns FALSE with
 * *line and *column (1-based; 0 when json-glib's message says no
 * position) and *what, the message without them (transfer full), for the
 * caller's error domain: "LINE:COLUMN: not a JSON document: WHAT". */
gboolean kpi_json_parse_document (JsonParser  *parser,
                                  const char  *text,
                                  gssize       length,
                                  guint64     *line,
                                  guint64     *column,
                                  char       **what);

/* The error message for the first text in @node, a member's name or a
 * string, that is not UTF-8 (json-glib decodes an unpaired surrogate
 * escape into such bytes): its JSON path under @prefix (such as
 * "$.checks"), what it is and what was expected; NULL when all of it is
 * UTF-8. A member name that is not UTF-8 is reported at its object's
 * path. Transfer full. */
char    *kpi_json_find_invalid_text (JsonNode    *node,
                                     const char  *prefix);

G_END_DECLS
