/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-eval-private.h: the state of one evaluation of a formula, shared by
 * the parts of the evaluator: the driver (kpi-eval.c: planning, combining,
 * kpi_formula_evaluate()), the compiler and VM of row programs
 * (kpi-eval-vm.c), the scan over chunks of rows (kpi-eval-scan.c) and the
 * aggregates' accumulators and results (kpi-eval-agg.c).
 *
 * Slots: every per-period, per-group number of the scan is indexed by
 * slot = period * G + group (period: an index into the period table of the
 * evaluation; G: the groups of the breakdown, 1 without one), and one
 * more slot, the last (n_slots - 1), is a trash slot for rows outside every
 * period or group: writing there saves a test in the loops.
 *
 * Threads: an evaluation runs in the thread that called it and owns all
 * its state; several may run at once over one dataset. What they share is
 * the dataset: its table, read under the dataset's read lock (taken at the
 * start of kpi_formula_evaluate() and released after the results of the
 * aggregates: phases 1 and 2; phase 3 reads no row), and its caches,
 * guarded by the cache lock (kpi-eval-cache-private.h).
 *
 * Not installed, not scanned. */

#pragma once

#include <math.h>

#include "kpi.h"
#include "kpi-formula-private.h"
#include "kpi-formula-ast-private.h"
#include "kpi-table-private.h"
#include "kpi-eval-vm-private.h"
#include "kpi-eval-kernels-private.h"

G_BEGIN_DECLS

/* One aggregate of the formula (sum(amount where ...), count_distinct(...)),
 * computed once for every slot however many times the formula writes it:
 * aggregates are told apart by their canonical key. Its row expressions
 * are registers of a row program (KpiEval.prog, or KpiEval.sprog for
 * snapshot()); its accumulators, one entry per slot, are those its kind
 * needs (kpi_eval_agg_alloc()), fed a chunk at a time by
 * kpi_eval_accumulate_chunk(), and turned into results by
 * kpi_eval_agg_finish(). */
typedef struct
{
  KpiAggKind      kind;
  const KpiNode  *node;         /* the first node of its key met */
  int             value_reg;    /* R_NUM or -1 */
  int             filter_reg;   /* R_BOOL or -1: the condition (where, and
                                 * count()'s argument) */
  int             code_reg;     /* R_CODE (distinct family) or -1 */
  guint           n_codes;      /* distinct family: codes of the column */
  const gint64   *first_seen;   /* KPI_AGG_NEW: code -> time of first row
                                 * (a dataset cache) */
  /* snapshot(): the codes of the entity column (NULL for other aggregates),
   * whose latest row per entity the aggregate is taken over; a dataset
   * cache or the column itself */
  const guint32  *by_codes;
  guint           n_by;

  /* Accumulators, one per slot (the last slot is a trash slot) */
  double         *s;            /* sum; min/max: the extremum; first/last: value */
  double         *c;            /* sum: compensation (see kpi_two_sum()) */
  guint64        *n;            /* rows that went in: the sample size */
  gint64         *t;            /* first/last: time of the kept row */
  GArray        **vals;         /* median: the values (NULL: none yet) */
  guint64        *bits;         /* distinct family: a bitset of codes per
                                 * slot, words guint64 each; or NULL when
                                 * that is too large and pairs is used */
  gsize           words;
  GArray         *pairs;        /* distinct family: slot << 32 | code,
                                 * sorted and deduplicated at the end */

  gsize           n_slots;

  /* Results, one per slot */
  double         *result;       /* NAN when missing */
  guint8         *rflags;       /* KpiValueFlags of missing results */
} KpiEvalAgg;

/* The state of one evaluation (kpi_formula_evaluate()). */
typedef struct
{
  KpiFormula            *formula;
  const KpiEvalRequest  *req;
  KpiDataset            *dataset;

  /* The table, under the read lock: its size when the evaluation started
   * (no row is appended while the lock is held) */
  KpiTable              *table;
  gsize                  n_rows;
  const gint64          *times;
  guint                  G;           /* groups, at least 1 */
  const guint32         *group_codes; /* the codes of the breakdown's
                                       * column; NULL: no breakdown */
  guint32               *group_lut;   /* code + 1 -> group, G: none */

  /* The period table: every period an aggregate is needed for, the
   * request's and those prev() and last_year() shift them to, once each */
  GPtrArray             *periods;     /* KpiPeriod*, owned */
  GHashTable            *period_index;/* KpiPeriod* -> index + 1 */
  GArray                *prev_of;     /* int per period: the index of the
                                       * previous period, for retained() and
                                       * churned(); -2 not looked up, -1 none */
  GArray                *starts;      /* gint64 per period */
  GArray                *ends;        /* gint64 per period */
  guint8                *cover;       /* KpiCoverage per period */

  /* The aggregates, and the slots of their accumulators */
  GPtrArray             *aggs;        /* KpiEvalAgg*, owned */
  GHashTable            *agg_by_key;  /* canonical key -> KpiEvalAgg* */
  GHashTable            *agg_by_node; /* KpiNode* -> KpiEvalAgg* */
  gsize                  n_slots;     /* periods * G, plus the trash slot */

  /* The row programs */
  KpiEvalProgram         prog;        /* over ranges of rows */
  KpiEvalProgram         sprog;       /* snapshot(): over gathered rows */
  KpiEvalProgram        *cur;         /* the one being compiled into */
  const KpiSumFunc      *kernels;     /* for this processor: plain,
                                       * filtered, slotted, both */

  GPtrArray             *warnings;    /* char*: unknown values, those of
                                       * referenced indicators too */
  GCancellable          *cancellable; /* checked once a chunk */
  GError                *error;       /* phase 3: the first error of a
                                       * reference */
} KpiEval;

/* A chunk of rows for the accumulators: @n rows (at most CHUNK), from
 * @row0 in the table, or gathered (snapshot()), each going to a slot: all
 * to @slot, or row i to slots[i]. */
typedef struct
{
  gsize           row0;
  guint           n;
  guint32         slot;     /* when slots == NULL */
  const guint32  *slots;    /* else the slot of each row (trash: n_slots - 1) */
  guint32         slot_lo;  /* slots other than the trash are in */
  guint32         slot_n;   /* [slot_lo, slot_lo + slot_n) */
  const gint64   *times;    /* of the chunk's rows */
} KpiEvalChunk;

/* kpi-eval-vm.c */

/* Compiles the row expressions and the condition of @agg into the row
 * program it runs in (ev->prog, or ev->sprog for snapshot()), sharing the
 * registers of subexpressions already compiled, and sets its registers
 * (value_reg, filter_reg, code_reg) and, for the distinct family and
 * snapshot(), the codes it reads. */
void         kpi_eval_compile_aggregate (KpiEval            *ev,
                                         KpiEvalAgg         *agg);

/* kpi-eval-agg.c */

KpiEvalAgg  *kpi_eval_agg_new           (const KpiNode      *node);
/* Allocates the accumulators and results of @a for ev->n_slots slots;
 * after kpi_eval_compile_aggregate() (the distinct family needs n_codes). */
void         kpi_eval_agg_alloc         (KpiEval            *ev,
                                         KpiEvalAgg         *a);
void         kpi_eval_agg_free          (gpointer            a);
/* Feeds the chunk @ch to the aggregates of the program that ran over it:
 * the plain ones (@by NULL, ev->prog), or the snapshot() ones over entity
 * codes @by (ev->sprog). */
void         kpi_eval_accumulate_chunk  (KpiEval            *ev,
                                         const KpiEvalChunk *ch,
                                         const guint32      *by);
/* The result and flags of @a for each slot, from its accumulators. */
void         kpi_eval_agg_finish        (KpiEval            *ev,
                                         KpiEvalAgg         *a);
/* Makes the results of @a missing (KPI_VALUE_FLAG_NO_DATA, sample size 0)
 * in the periods the dataset does not cover (ev->cover); part of
 * kpi_eval_agg_finish(), for results made elsewhere (kpi-eval-sql.c). */
void         kpi_eval_agg_apply_coverage (KpiEval           *ev,
                                          KpiEvalAgg        *a);

/* Sets the result of @slot of @a. A number that is not finite is
 * missing: NaN given with @flags (why there is no number), or what an
 * overflow made (flags 0: the overflow flag). Shared by the scan's
 * results and those of a query (kpi-eval-sql.c). */
static inline void
kpi_eval_agg_set_result (KpiEvalAgg *a,
                         gsize       slot,
                         double      v,
                         guint       flags)
{
  if (isfinite (v))
    {
      a->result[slot] = v;
      a->rflags[slot] = 0;
    }
  else
    {
      a->result[slot] = NAN;
      a->rflags[slot] = flags != 0 ? flags : KPI_VALUE_FLAG_OVERFLOW;
    }
}

/* kpi-eval-scan.c */

/* The group of each dictionary code of the breakdown's column @col (entry
 * code + 1; entry 0 for rows without a value), ev->G for none. */
guint32     *kpi_eval_group_lut_new     (KpiEval            *ev,
                                         KpiColumn          *col);
/* Runs the row programs over the rows and feeds the aggregates, every
 * period of the period table at once; stops early when ev->cancellable
 * is cancelled (checked once a chunk: the caller then fails). */
void         kpi_eval_scan              (KpiEval            *ev);

/* kpi-eval-sql.c: phase 2 in the database, for a dataset attached to one
 * (kpi_dataset_get_remote() not NULL) */

/* Whether every aggregate of @formula, and @request's breakdown, can be
 * computed by the dataset's database; else a KPI_FORMULA_ERROR_NOT_PUSHABLE
 * naming the construct and its column. */
gboolean     kpi_eval_sql_check         (KpiFormula            *formula,
                                         const KpiEvalRequest  *request,
                                         GError               **error);
/* Phase 2 after planning: compiles every aggregate into one query, runs
 * it, and sets each aggregate's result, rflags and n per slot as
 * kpi_eval_agg_finish() does (ev->cover set before). */
gboolean     kpi_eval_sql_run           (KpiEval            *ev,
                                         GError            **error);
/* The query kpi_eval_sql_run() would run, its parameters listed after it
 * as SQL comments (a new string). */
char        *kpi_eval_sql_explain       (KpiEval            *ev);

G_END_DECLS
