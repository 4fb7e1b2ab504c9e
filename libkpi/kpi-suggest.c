/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-suggest.c: "did you mean", for the names and values people type */

#include "config.h"

#include "kpi-suggest-private.h"

/* Words or candidates longer than this (in characters) are not compared:
 * the distance costs the product of the lengths, and is meant for names,
 * not texts. */
#define MAX_WORD_CHARS 64

/* The most edits a suggestion may be away: 1 for a word of up to
 * SHORT_WORD_CHARS characters, 2 up to MEDIUM_WORD_CHARS, 3 beyond. */
#define SHORT_WORD_CHARS 3
#define MEDIUM_WORD_CHARS 6

/* Optimal string alignment distance (a Damerau-Levenshtein that counts a
 * swap of neighbours as one edit, the commonest typo), case-insensitive,
 * over characters. */

static guint
osa_distance (const char *a,
              const char *b)
{
  glong la, lb;
  gunichar *ua = g_utf8_to_ucs4_fast (a, -1, &la);
  gunichar *ub = g_utf8_to_ucs4_fast (b, -1, &lb);
  guint *d, result;
  glong w = lb + 1;

  for (glong i = 0; i < la; i++)
    ua[i] = g_unichar_tolower (ua[i]);
  for (glong j = 0; j < lb; j++)
    ub[j] = g_unichar_tolower (ub[j]);

  d = g_new (guint, (la + 1) * w);
  for (glong i = 0; i <= la; i++)
    d[i * w] = i;
  for (glong j = 0; j <= lb; j++)
    d[j] = j;
  for (glong i = 1; i <= la; i++)
    for (glong j = 1; j <= lb; j++)
      {
        guint cost = ua[i - 1] == ub[j - 1] ? 0 : 1;
        guint v = MIN (d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1);
        v = MIN (v, d[(i - 1) * w + j - 1] + cost);
        if (i > 1 && j > 1 && ua[i - 1] == ub[j - 2] && ua[i - 2] == ub[j - 1])
          v = MIN (v, d[(i - 2) * w + j - 2] + 1);
        d[i * w + j] = v;
      }
  result = d[la * w + lb];
  g_free (d);
  g_free (ua);
  g_free (ub);
  return result;
}

/* See kpi-suggest-private.h */
const char *
kpi_suggest (const char         *word,
             const char * const *candidates,
             gsize               n_candidates)
{
  glong len = g_utf8_strlen (word, -1);
  guint limit = len <= SHORT_WORD_CHARS ? 1 : len <= MEDIUM_WORD_CHARS ? 2 : 3;
  const char *best = NULL;
  guint best_d = G_MAXUINT;

  if (len > MAX_WORD_CHARS)
    return NULL;
  for (gsize i = 0; i < n_candidates; i++)
    {
      guint d;

      if (g_utf8_strlen (candidates[i], -1) > MAX_WORD_CHARS)
        continue;
      d = osa_distance (word, candidates[i]);
      if (d < best_d && (d <= limit && (glong) d < len))
        {
          best = candidates[i];
          best_d = d;
        }
    }
  return best;
}

/* See kpi-suggest-private.h */
char *
kpi_suggest_suffix (const char         *word,
                    const char * const *candidates,
                    gsize               n_candidates,
                    const char         *prefix)
{
  const char *near = NULL;

  if (candidates != NULL && g_utf8_validate (word, -1, NULL))
    near = kpi_suggest (word, candidates, n_candidates);
  return near != NULL ? g_strdup_printf ("; did you mean “%s%s”?", prefix, near) : g_strdup ("");
}
