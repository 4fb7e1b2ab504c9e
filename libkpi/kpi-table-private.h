/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-table-private.h: the columnar storage behind KpiDataset.
 *
 * Not installed, not scanned.  Loaders build a fresh KpiTable and the dataset
 * merges it in one step (kpi_table_append), so that a load that fails half
 * way leaves the dataset untouched.
 *
 * The shape, and why:
 *
 *   KpiTable   the rows: one KpiColumn per column, each a plain C array of
 *              one value per row, all of the same capacity.  Columns
 *              rather than rows, because an evaluation reads a few columns
 *              of every row (a sum of amount where channel = "online"
 *              reads two of eight), and a column of doubles or codes is
 *              read at the speed of memory; the rows are in the order they
 *              came, which is usually but not always time order (sorted).
 *   KpiColumn  a name, a kind, and the array of its kind: times (gint64
 *              microseconds, UTC), values (double, NAN for missing) or
 *              codes (guint32, KPI_DIMENSION_MISSING for missing, else an
 *              index into the column's dictionary).  The other two arrays
 *              are NULL.
 *   KpiDict    the distinct strings of one dimension column, each stored
 *              once, and given codes 0, 1, 2... in order of first
 *              appearance.  A row holds 4 bytes whatever its string, and
 *              comparing or grouping by a dimension compares integers;
 *              codes never change once given, so a code read before an
 *              append still means the same string after it.
 *
 * None of this is thread-safe by itself: the dataset's lock guards it (see
 * kpi-dataset.c). */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

typedef struct _KpiDict   KpiDict;
typedef struct _KpiColumn KpiColumn;
typedef struct _KpiTable  KpiTable;

/* Dictionary of a dimension column: code -> string, string -> code.
 * Codes are dense, 0 .. size-1, in order of first appearance. The empty
 * string is never stored: it is a missing value, KPI_DIMENSION_MISSING.
 * Strings are valid UTF-8 without NUL bytes: a string that is not is
 * refused when it is added, so that every string read back is. */
KpiDict     *kpi_dict_new      (void);
void         kpi_dict_free     (KpiDict *dict);
/* Returns the code of @str (@len bytes, need not be NUL-terminated), adding
 * it when new.  Returns FALSE (and adds nothing) when a new string is not
 * valid UTF-8 or contains a NUL byte. @len == 0 gives KPI_DIMENSION_MISSING. */
gboolean     kpi_dict_intern   (KpiDict    *dict,
                                const char *str,
                                gsize       len,
                                guint32    *code);
/* Adds @str (@len > 0 bytes), which the caller knows is not in @dict yet,
 * and returns its code, without updating the string -> code index (a
 * loader that keeps its own index of the values it saw saves a random
 * access per new value); FALSE, and nothing added, when it is not valid
 * UTF-8 or holds a NUL byte.  The index catches up in one pass at the next
 * kpi_dict_intern, kpi_dict_lookup or kpi_dict_build_index. */
gboolean     kpi_dict_append   (KpiDict    *dict,
                                const char *str,
                                gsize       len,
                                guint32    *code);
/* Brings the index up to date (see kpi_dict_append): a loader calls it
 * before handing the dictionary over, so that lookups never write. */
void         kpi_dict_build_index (KpiDict *dict);
/* -1 cast to guint32 (KPI_DIMENSION_MISSING) when absent */
guint32      kpi_dict_lookup   (KpiDict    *dict,
                                const char *str,
                                gsize       len);
const char  *kpi_dict_get      (KpiDict    *dict,
                                guint32     code);
guint        kpi_dict_get_size (KpiDict    *dict);
/* NULL-terminated array of the strings, in code order; owned by @dict */
const char * const *kpi_dict_get_strings (KpiDict *dict);
gsize        kpi_dict_get_memory_size (KpiDict *dict);

/* One column.  Exactly one of times, values and codes is used, by kind;
 * it holds KpiTable.capacity elements, the first n_rows of which are rows
 * (the others are room for appends, uninitialized).  NULL while the
 * capacity is 0. */
struct _KpiColumn
{
  char          *name;    /* UTF-8, unique in the table */
  KpiColumnKind  kind;
  gint64        *times;   /* KPI_COLUMN_TIME: microseconds since the epoch,
                             UTC; never missing */
  double        *values;  /* KPI_COLUMN_MEASURE: NAN is missing; no value is
                             ever infinite */
  guint32       *codes;   /* KPI_COLUMN_DIMENSION: codes of dict, or
                             KPI_DIMENSION_MISSING */
  KpiDict       *dict;    /* KPI_COLUMN_DIMENSION: owned, the strings */
  /* The storage above (times, values or codes) once it was handed out by
   * kpi_table_export_column: this GBytes owns it then, of its capacity
   * at the time, so that an export outlives the column's next resize
   * (which copies to a new buffer, rather than reallocating, and drops
   * it) and the table itself.  NULL when never exported. */
  GBytes        *exported;
  /* KPI_COLUMN_MEASURE: the ISO 4217 code of the currency its amounts
   * were written with ("EUR"), or NULL when none was; owned.  Appends
   * keep it: a load in another currency is refused
   * (kpi_table_check_compatible). */
  char          *currency;
};

struct _KpiTable
{
  GPtrArray  *columns;      /* KpiColumn*, owned, in schema order: the time
                               column (kpi_table_new), then the others in
                               the order they were added */
  GHashTable *by_name;      /* name -> GUINT_TO_POINTER (index + 1): 0 (NULL)
                               means absent; keys are the columns' names */
  guint       time_index;   /* the index of the one KPI_COLUMN_TIME column */
  gsize       n_rows;
  gsize       capacity;     /* rows allocated in every column: growth by
                               half (kpi_table_reserve), so that appending
                               row by row costs amortized O(1) */
  /* The range of the times, kept as rows come (kpi_table_commit_row,
   * kpi_table_append): the coverage and the evaluator read it without a
   * pass over the rows.  Valid when n_rows > 0. */
  gint64      min_time;
  gint64      max_time;
  /* Every row's time >= the previous row's.  Exports are mostly written in
   * time order: the evaluator then scans a period's rows only, found by
   * binary search (recomputing the current month costs the month's rows);
   * otherwise it scans every row (see kpi-eval.c). */
  gboolean    sorted;
  /* The delimiter a CSV loader read the table with (given or detected),
   * 0 for other loaders: the dataset keeps the last one. */
  char        csv_delimiter;
};

/* A table with just the time column, named @time_column. */
KpiTable    *kpi_table_new          (const char    *time_column);
void         kpi_table_free         (KpiTable      *table);
/* Adds a column (all values missing for existing rows); returns its index.
 * The caller checks that the name is new (kpi_table_lookup). */
guint        kpi_table_add_column   (KpiTable      *table,
                                     const char    *name,
                                     KpiColumnKind  kind);
/* Index of the column named @name, or -1 */
int          kpi_table_lookup       (KpiTable      *table,
                                     const char    *name);
static inline KpiColumn *
kpi_table_column (KpiTable *table, guint index)
{
  return (KpiColumn *) g_ptr_array_index (table->columns, index);
}
static inline guint
kpi_table_n_columns (KpiTable *table)
{
  return table->columns->len;
}

/* Capacity management for row-by-row building: make room for at least
 * @n_rows rows in every column; grows geometrically. */
void         kpi_table_reserve      (KpiTable      *table,
                                     gsize          n_rows);
static inline void
kpi_table_ensure_room (KpiTable *table)
{
  if (G_UNLIKELY (table->n_rows == table->capacity))
    kpi_table_reserve (table, table->n_rows + 1);
}
/* After a parser has written row table->n_rows in every column:
 * counts it and updates the time range. */
static inline void
kpi_table_commit_row (KpiTable *table, gint64 time)
{
  if (table->n_rows == 0)
    table->sorted = TRUE;
  else if (time < table->max_time)
    table->sorted = FALSE;
  if (table->n_rows == 0 || time < table->min_time)
    table->min_time = time;
  if (table->n_rows == 0 || time > table->max_time)
    table->max_time = time;
  table->n_rows++;
}
/* The first n_rows elements of column @index's storage, without a copy:
 * the column keeps writing into the same memory until its next resize. */
GBytes      *kpi_table_export_column (KpiTable     *table,
                                      guint         index);
/* Gives back the unused capacity, but for a little headroom for appends. */
void         kpi_table_shrink       (KpiTable      *table);

/* Checks that @src fits @dst: same column names and kinds, in any order,
 * and, for a measure whose currency both know, the same currency;
 * when @dst has no rows and no columns but its time column, @src's columns
 * are adopted (the time column names must still agree).  Does not modify
 * anything. */
gboolean     kpi_table_check_compatible (KpiTable  *dst,
                                         KpiTable  *src,
                                         GError   **error);
/* Appends every row of @src to @dst (after kpi_table_check_compatible
 * succeeded), remapping dictionary codes; a column of @dst without a
 * currency takes @src's.  @src is consumed. */
void         kpi_table_append       (KpiTable      *dst,
                                     KpiTable      *src);

gsize        kpi_table_get_memory_size (KpiTable *table);

G_END_DECLS
