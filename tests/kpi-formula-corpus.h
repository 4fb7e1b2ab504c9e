/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-formula-corpus.h: the formulas and the random rows the differential
 * tests of the evaluator share (test-kpi-formula-sqlite.c against SQLite's
 * own aggregates, test-kpi-formula-pushdown.c in memory against the same
 * formulas pushed down to SQLite and PostgreSQL). */

#pragma once

#include <glib.h>

/* Each formula with its twin in SQLite's SQL over the table t (ts, d1, d2,
 * d3, m1, m2, m3) */
typedef struct { const char *kpi; const char *sql; } KpiCorpusPair;

extern const KpiCorpusPair kpi_corpus_pairs[];
extern const gsize kpi_corpus_n_pairs;

#define N_DIMS 3
#define N_MEAS 3

/* Seeded random rows: a few thousand, times over 2024 and 2025 (none in
 * March 2025), d1 and d2 of small vocabularies, d3 a customer of 40 to 200,
 * m1 cents, m2 small integers (zeros for divisions), m3 fractions; about
 * 10% of each value missing. */
typedef struct
{
  gsize        n;
  gint64      *times;     /* µs */
  const char **dims;      /* n * N_DIMS, "" missing */
  double      *meas;      /* n * N_MEAS, NAN missing */
  GPtrArray   *strings;   /* owns the d3 names */
} Rows;

void kpi_corpus_make_rows (Rows *rows, guint32 seed, gboolean sorted);
void kpi_corpus_rows_free (Rows *rows);
