/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-eval-vm-private.h: the row program of the evaluator, the registers
 * it computes over a chunk of rows and running it (kpi-eval-vm.c), for the
 * scan (kpi-eval-scan.c) and the accumulators (kpi-eval-agg.c) that read
 * its registers.
 *
 * Not installed, not scanned. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* Rows per chunk: the row program runs over this many rows at a time and
 * each register buffer holds this many values, so that a register stays in
 * cache between the instruction that writes it and those that read it. */
#define CHUNK 2048

/* Three-valued logic, SQL's: a condition on a missing value is unknown.
 * With this encoding and = min, or = max, not = 2 - x. */
#define B_FALSE   0
#define B_UNKNOWN 1
#define B_TRUE    2

typedef enum {
  R_NUM,    /* doubles, NaN for a missing value */
  R_BOOL,   /* B_FALSE, B_UNKNOWN or B_TRUE bytes */
  R_CODE,   /* dictionary codes (or measure codes), KPI_DIMENSION_MISSING
             * for a missing value */
} KpiEvalRegKind;

/* A register: one value per row of the chunk being run. A load of a range
 * of rows points into the column itself (num or codes = column + row0, no
 * copy, no buffer); any other register, and a load of gathered rows, is
 * written into buf at each run. A constant is a buffer filled once at
 * compile time (is_const, with its value in cval), which lets the compiler
 * fold constant arithmetic. */
typedef struct
{
  KpiEvalRegKind  kind;
  gboolean        is_const;
  double          cval;       /* the constant, R_NUM or R_BOOL */
  const double   *num;        /* R_NUM: this chunk's values */
  const guint8   *b;          /* R_BOOL: this chunk's truths */
  const guint32  *codes;      /* R_CODE: this chunk's codes */
  gpointer        buf;        /* owned storage, CHUNK elements, or NULL */
} KpiEvalReg;

/* A row program: the instructions, in order, that compute its registers
 * over one chunk. Compiled once per evaluation from the row expressions
 * and conditions of its aggregates (kpi_eval_compile_aggregate()), then
 * run once per chunk. A program belongs to one evaluation, in one thread:
 * running it writes its buffers. The tables its instructions point to
 * (lookup tables over a dictionary, the sets of `in`) are made when it is
 * compiled, from dictionaries read under the dataset's read lock. */
typedef struct
{
  GArray     *regs;      /* KpiEvalReg */
  GArray     *instrs;    /* the instructions (see kpi-eval-vm.c) */
  GHashTable *by_key;    /* canonical key of a row subtree -> register
                          * index + 1: a subexpression that several
                          * aggregates share is computed once */
  GPtrArray  *owned;     /* the tables the instructions point to */
} KpiEvalProgram;

#define REG(prog, i) (&g_array_index ((prog)->regs, KpiEvalReg, (i)))

void  kpi_eval_program_init  (KpiEvalProgram *prog);
void  kpi_eval_program_clear (KpiEvalProgram *prog);
/* Runs @prog over the @n rows from @row0, or over the @n rows listed in
 * @rows (gathered into the load registers' buffers) when it is not NULL;
 * @n is at most CHUNK. The caller holds the dataset's read lock: loads
 * read the columns. */
void  kpi_eval_program_run   (KpiEvalProgram *prog,
                              gsize           row0,
                              guint           n,
                              const guint32  *rows);

G_END_DECLS
