/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-jsonl.c: the JSON Lines loader (one row object a line), as
 * fuzz-json.c fuzzes the JSON one. */

#define FUZZ_FORMAT KPI_FILE_FORMAT_JSON_LINES
#define FUZZ_NAME jsonl
#include "fuzz-json.c"
