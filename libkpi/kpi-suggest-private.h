/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-suggest-private.h: "did you mean": the near miss of a name or value
 * someone typed, for error and warning messages.
 * Not installed, not scanned. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lists of more candidates than this get no suggestion: the distance to
 * every one of them would cost more than the typo it catches. */
#define KPI_SUGGEST_MAX_CANDIDATES 10000

/* The closest of @candidates to @word by optimal string alignment distance
 * (Damerau-Levenshtein with a swap of neighbours as one edit),
 * case-insensitive, over characters; or NULL when none is close enough to
 * be a plausible typo (1 edit up to 3 characters, 2 up to 6, 3 beyond;
 * never as many edits as the word has characters). All strings are valid
 * UTF-8. */
const char *kpi_suggest (const char         *word,
                         const char * const *candidates,
                         gsize               n_candidates);

/* The end of a message that names the near miss of @word among
 * @candidates: "; did you mean “PREFIXnear”?" (@prefix: "@" for an
 * indicator id, "" otherwise), or "" when none is close or @word is not
 * valid UTF-8. To free. */
char       *kpi_suggest_suffix (const char         *word,
                                const char * const *candidates,
                                gsize               n_candidates,
                                const char         *prefix);

G_END_DECLS
