/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-eval-sql.c: phase 2 of the evaluator in the database: the
 * aggregates of an evaluation compiled into one SQL query over the
 * relation a dataset is attached to (kpi-database-private.h), run, and its
 * rows turned into the per-slot results, sample sizes and flags that
 * kpi_eval_agg_finish() gives in memory. Phases 1 and 3 (the period table,
 * prev(), last_year(), references, the arithmetic of the period level)
 * are kpi-eval.c's, unchanged: the semantics of the two engines differ
 * only where the rows are read.
 *
 * The query, in both dialects (PostgreSQL and SQLite):
 *
 *   WITH kpi_rows AS (                       -- one SELECT per layer
 *     SELECT <period of kpi_t> AS kpi_p, <group> AS kpi_g, kpi_c0, ...
 *     FROM (SELECT <time in µs> AS kpi_t, <column 0> AS kpi_c0, ...
 *           FROM <relation> OFFSET 0) AS kpi_b
 *     UNION ALL ...),
 *   kpi_periods (kpi_p, kpi_start, kpi_prev) AS (VALUES ...),
 *   kpi_e3 AS (SELECT kpi_p, kpi_g, kpi_c2 AS kpi_e, COUNT(*) AS kpi_n
 *              FROM kpi_rows WHERE ... GROUP BY ...)   -- new, retained, churned
 *   SELECT 0, kpi_p, kpi_g, SUM(...), COUNT(...), ... FROM kpi_rows
 *   GROUP BY kpi_p, kpi_g
 *   UNION ALL SELECT 4, ...                              -- one per entity aggregate
 *
 * - Periods: the period table's bounds (µs, computed by the calendar, so
 *   with its time zone, DST and fiscal year) are bound parameters, and a
 *   row's period is found by a balanced nested CASE over sorted disjoint
 *   periods. Periods that overlap go to separate layers (a greedy split),
 *   whose rows are combined with UNION ALL: a row counts once per layer.
 *   A row outside the layer's first start and last end, or in a gap
 *   between its periods, has no period (NULL), and is left out.
 * - Groups: the request's group map, as CASE WHEN d IS NULL THEN <missing
 *   slot> WHEN d IN (<values>) THEN <slot> ... END over the dictionary the
 *   attached dataset keeps: a bucket ("other") is aggregated over its rows.
 * - Rows: measures as doubles (no integer division), dimensions as text
 *   with '' missing, x / y as x / NULLIF (y, 0) (a row divided by zero is
 *   missing, as in memory), three-valued conditions (SQL's own), text
 *   compared byte by byte (COLLATE "C", BINARY). Every literal of the
 *   formula is a bound parameter; every name is quoted.
 * - Aggregates: each gives the columns the results are made from in C as
 *   kpi-eval-agg.c makes them: sum() and avg() a sum and a count (the mean
 *   divided here), median() the two middle values (PostgreSQL only),
 *   count_distinct() COUNT(DISTINCT), and new(), retained(), churned() the
 *   presence of each entity per period and group (a CTE) joined with its
 *   first time over the whole relation, or with the previous period's.
 * - first(), last() and snapshot() are not compiled: SQL rows have no
 *   order to break ties of time with. The dataset's pushdown property says
 *   whether such a formula fails or fetches the rows (kpi-eval.c). */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi-eval-private.h"
#include "kpi-dataset-private.h"
#include "kpi-database-private.h"
#include "kpi-civil-private.h"
#include "kpi-parse-private.h"

/* Above this many values in the IN lists of a breakdown, the largest group
 * takes every value the others do not (ELSE): the limits on parameters of
 * both engines (PostgreSQL 65535, SQLite 32766) are not reached, and a
 * value that appeared in the database after the dictionary was read goes
 * there rather than nowhere. */
#define MAX_GROUP_PARAMS 8000

/* What the query compares the times of rows with (PostgreSQL): the time
 * column as it is stored, and each bound of a period converted in C to a
 * value of the column's type that splits the rows exactly where the bound
 * in microseconds does (t < bound ⟺ column < converted bound). A
 * comparison of the raw column costs a row what a comparison of integers
 * does, where the microseconds cost extract(epoch …) (a numeric), and an
 * index on the column serves the WHERE. SQLite, and text times in
 * PostgreSQL, keep the microseconds (kpi_sql_add_time_us()). */
typedef enum {
  TIME_US,         /* bigint microseconds, computed per row */
  TIME_INSTANT,    /* timestamptz: the bound as an instant */
  TIME_DATE,       /* date: the first date whose midnight is at or after it */
  TIME_LOCAL,      /* timestamp: the first wall time read at or after it */
  TIME_SECONDS,    /* epoch seconds as float8: the first such number */
} TimeDomain;

typedef struct
{
  KpiEval                *ev;
  TimeDomain              domain;
  KpiTimeParser          *parser;    /* TIME_DATE, TIME_LOCAL: the loaders' reading */
  const KpiDatasetRemote *remote;
  KpiSqlDialect           dialect;
  GArray                 *params;
  GPtrArray              *columns;   /* field names, alias kpi_c<index> */
  int                     group_col; /* index in columns, or -1 */
  /* Per aggregate: its part of the result (0: the plain aggregates, k + 1:
   * the entity aggregate k) and its first column in that part */
  int                    *part;
  int                    *col;
  int                     n_plain_cols;
  int                     width;     /* value columns of every part */
  gboolean                need_periods;
  /* The prefix of the CTEs' names (<cte>rows, <cte>periods, <cte>e<k>):
   * kpi_, unless the relation names something that one of them would hide
   * (a table "kpi_rows", a query that reads one) */
  char                    cte[16];
} Sql;

/* ------------------------------------------------------------------------ */
/* What can be pushed down */

static gboolean
is_text_measure (const KpiDatasetRemote *remote,
                 const char             *name)
{
  for (guint i = 0; remote->text_measures != NULL && i < remote->text_measures->len; i++)
    if (strcmp (g_ptr_array_index (remote->text_measures, i), name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_unbounded (const KpiDatasetRemote *remote,
              const char             *name)
{
  for (guint i = 0; remote->unbounded_dimensions != NULL && i < remote->unbounded_dimensions->len; i++)
    if (strcmp (g_ptr_array_index (remote->unbounded_dimensions, i), name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
check_node (KpiFormula             *formula,
            const KpiNode          *node,
            const KpiDatasetRemote *remote,
            KpiTable               *table,
            KpiSqlDialect           dialect,
            GError                **error)
{
  const char *why = NULL;

  if (node == NULL)
    return TRUE;
  if (node->kind == KPI_NODE_AGGREGATE)
    {
      if (node->by != NULL)
        why = "snapshot() takes the latest row of each entity, and SQL rows have no order "
              "to break ties of time with";
      else if (node->agg == KPI_AGG_FIRST || node->agg == KPI_AGG_LAST)
        why = "SQL rows have no order to break ties of time with";
      else if (node->agg == KPI_AGG_MEDIAN && dialect == KPI_SQL_DIALECT_SQLITE)
        why = "SQLite has no median";
      if (why != NULL)
        {
          g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_NOT_PUSHABLE,
                       "column %u: %s() cannot be evaluated in the database: %s; set the "
                       "dataset's pushdown to fetch to evaluate it in memory",
                       kpi_formula_column (formula, node->pos),
                       node->by != NULL ? "snapshot" : kpi_formula_agg_name (node->agg), why);
          return FALSE;
        }
    }
  if (node->kind == KPI_NODE_FIELD && table != NULL)
    {
      int index = kpi_table_lookup (table, node->text);

      if (index >= 0 && kpi_table_column (table, index)->kind == KPI_COLUMN_MEASURE &&
          is_text_measure (remote, node->text))
        {
          g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_NOT_PUSHABLE,
                       "column %u: measure “%s” is stored as text in the database, which SQL "
                       "does not add up; set the dataset's pushdown to fetch to evaluate it in memory",
                       kpi_formula_column (formula, node->pos), node->text);
          return FALSE;
        }
    }
  if (!check_node (formula, node->a, remote, table, dialect, error) ||
      !check_node (formula, node->b, remote, table, dialect, error) ||
      !check_node (formula, node->by, remote, table, dialect, error))
    return FALSE;
  for (guint i = 0; i < node->n_items; i++)
    if (!check_node (formula, node->items[i], remote, table, dialect, error))
      return FALSE;
  return TRUE;
}

gboolean
kpi_eval_sql_check (KpiFormula            *formula,
                    const KpiEvalRequest  *request,
                    GError               **error)
{
  const KpiDatasetRemote *remote = kpi_dataset_get_remote (request->dataset);
  KpiSqlDialect dialect;

  g_return_val_if_fail (remote != NULL, FALSE);

  dialect = kpi_database_get_dialect (remote->db);
  if (request->group_by != NULL && is_unbounded (remote, request->group_by))
    {
      g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_NOT_PUSHABLE,
                   "cannot break down by “%s” in the database: it has too many distinct values "
                   "to be kept as a dictionary", request->group_by);
      return FALSE;
    }
  return check_node (formula, formula->root, remote, kpi_dataset_get_table (request->dataset),
                     dialect, error);
}

/* ------------------------------------------------------------------------ */
/* Row expressions */

static int
column_index (Sql        *c,
              const char *name)
{
  for (guint i = 0; i < c->columns->len; i++)
    if (strcmp (g_ptr_array_index (c->columns, i), name) == 0)
      return i;
  g_ptr_array_add (c->columns, (gpointer) name);
  return c->columns->len - 1;
}

static void
collect_fields (Sql           *c,
                const KpiNode *node)
{
  if (node == NULL)
    return;
  if (node->kind == KPI_NODE_FIELD)
    column_index (c, node->text);
  collect_fields (c, node->a);
  collect_fields (c, node->b);
}

static const char *
collate (Sql *c)
{
  return c->dialect == KPI_SQL_DIALECT_POSTGRESQL ? " COLLATE \"C\"" : " COLLATE BINARY";
}

static void row_sql (Sql *c, const KpiNode *node, GString *out);

static gboolean
is_text (Sql           *c,
         const KpiNode *node)
{
  return kpi_formula_row_type (node, c->ev->table) == KPI_ROW_TEXT;
}

static void
literal_sql (Sql           *c,
             const KpiNode *node,
             GString       *out)
{
  if (node->kind == KPI_NODE_STRING)
    kpi_sql_add_text (out, c->dialect, c->params, node->text);
  else
    kpi_sql_add_real (out, c->dialect, c->params, node->number);
}

static void
row_sql (Sql           *c,
         const KpiNode *node,
         GString       *out)
{
  switch (node->kind)
    {
    case KPI_NODE_NUMBER:
    case KPI_NODE_STRING:
      literal_sql (c, node, out);
      return;

    case KPI_NODE_FIELD:
      g_string_append_printf (out, "kpi_c%d", column_index (c, node->text));
      return;

    case KPI_NODE_NEG:
      g_string_append (out, "(- ");
      row_sql (c, node->a, out);
      g_string_append_c (out, ')');
      return;

    case KPI_NODE_ADD:
    case KPI_NODE_SUB:
    case KPI_NODE_MUL:
      g_string_append_c (out, '(');
      row_sql (c, node->a, out);
      g_string_append (out, node->kind == KPI_NODE_ADD ? " + " : node->kind == KPI_NODE_SUB ? " - " : " * ");
      row_sql (c, node->b, out);
      g_string_append_c (out, ')');
      return;

    case KPI_NODE_DIV:
      /* A row divided by zero is missing (kpi-eval-vm.c's OP_DIV). */
      g_string_append_c (out, '(');
      row_sql (c, node->a, out);
      g_string_append (out, " / NULLIF(");
      row_sql (c, node->b, out);
      g_string_append (out, ", 0))");
      return;

    case KPI_NODE_EQ:
    case KPI_NODE_NE:
    case KPI_NODE_LT:
    case KPI_NODE_LE:
    case KPI_NODE_GT:
    case KPI_NODE_GE:
      {
        static const char *ops[] = { "=", "<>", "<", "<=", ">", ">=" };
        gboolean text = is_text (c, node->a);

        g_string_append_c (out, '(');
        row_sql (c, node->a, out);
        if (text)
          g_string_append (out, collate (c));
        g_string_append_printf (out, " %s ", ops[node->kind - KPI_NODE_EQ]);
        row_sql (c, node->b, out);
        if (text)
          g_string_append (out, collate (c));
        g_string_append_c (out, ')');
      }
      return;

    case KPI_NODE_IN:
      g_string_append_c (out, '(');
      row_sql (c, node->a, out);
      g_string_append (out, node->negate ? " NOT IN (" : " IN (");
      for (guint i = 0; i < node->n_items; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          literal_sql (c, node->items[i], out);
        }
      g_string_append (out, "))");
      return;

    case KPI_NODE_AND:
    case KPI_NODE_OR:
      g_string_append_c (out, '(');
      row_sql (c, node->a, out);
      g_string_append (out, node->kind == KPI_NODE_AND ? " AND " : " OR ");
      row_sql (c, node->b, out);
      g_string_append_c (out, ')');
      return;

    case KPI_NODE_NOT:
      g_string_append (out, "(NOT ");
      row_sql (c, node->a, out);
      g_string_append_c (out, ')');
      return;

    default:
      g_assert_not_reached ();
    }
}

/* The condition under which a row goes into @a (NULL: every row): its
 * where, and for count(x) that x is present (or true, for a condition). */
static char *
filter_sql (Sql              *c,
            const KpiEvalAgg *a)
{
  const KpiNode *node = a->node;
  GString *out = g_string_new (NULL);
  const char *and = "";

  if (a->kind == KPI_AGG_COUNT && node->a != NULL && node->a->kind != KPI_NODE_STRING)
    {
      if (kpi_formula_is_condition (node->a))
        row_sql (c, node->a, out);
      else
        {
          g_string_append_c (out, '(');
          row_sql (c, node->a, out);
          g_string_append (out, " IS NOT NULL)");
        }
      and = " AND ";
    }
  if (node->b != NULL)
    {
      g_string_append (out, and);
      row_sql (c, node->b, out);
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* The value of @a for a row that goes into it, NULL for one that does not:
 * CASE WHEN filter THEN value END. */
static void
value_sql (Sql              *c,
           const KpiEvalAgg *a,
           const char       *filter,
           GString          *out)
{
  if (filter != NULL)
    g_string_append_printf (out, "CASE WHEN %s THEN ", filter);
  row_sql (c, a->node->a, out);
  if (filter != NULL)
    g_string_append (out, " END");
}

static const char *
real_type (Sql *c)
{
  return c->dialect == KPI_SQL_DIALECT_POSTGRESQL ? "double precision" : "REAL";
}

/* ------------------------------------------------------------------------ */
/* Times */

static const char *time_types[] = { "bigint", "timestamptz", "date", "timestamp", "float8" };

static void
append_day (GString *out,
            gint64   days)
{
  gint64 y;
  int m, d;

  kpi_civil_from_days (days, &y, &m, &d);
  g_string_append_printf (out, "%04" G_GINT64_FORMAT "-%02d-%02d", y, m, d);
}

/* @us of a calendar (UTC's or a zone's local one) as YYYY-MM-DD
 * HH:MM:SS.ffffff */
static void
append_wall (GString *out,
             gint64   us)
{
  gint64 days = kpi_floor_div (us, USEC_PER_DAY);
  gint64 rest = us - days * USEC_PER_DAY;

  append_day (out, days);
  g_string_append_printf (out, " %02d:%02d:%02d.%06d", (int) (rest / G_USEC_PER_SEC / 3600),
                          (int) (rest / G_USEC_PER_SEC / 60 % 60), (int) (rest / G_USEC_PER_SEC % 60),
                          (int) (rest % G_USEC_PER_SEC));
}

/* The instant the loaders read PostgreSQL's text of the local wall time
 * @wall (µs of the local calendar), or of the date of the day @wall is
 * the midnight of: the same parser, so the same rule for the repeated and
 * skipped hours of DST (kpi-parse.c: a repeated time is standard time, a
 * skipped one the end of the gap). */
static gint64
read_local (Sql      *c,
            gint64    wall,
            gboolean  date)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 us = 0;
  gboolean ok;

  if (date)
    append_day (text, kpi_floor_div (wall, USEC_PER_DAY));
  else
    append_wall (text, wall);
  ok = kpi_time_parser_parse (c->parser, text->str, text->len, &us);
  g_assert (ok);
  return us;
}

/* The domain the query compares times in: the raw column's where every
 * bound converts exactly, else microseconds. */
static TimeDomain
time_domain (KpiEval                *ev,
             const KpiDatasetRemote *remote)
{
  /* bounds well inside years 1000 to 9999 (four digits, and two days of
   * margin for the searches of bound_text()), and within 2^52 µs, where
   * b - 0.5 is exact in a double */
  const gint64 lo = kpi_days_from_civil (1000, 1, 1) * USEC_PER_DAY;
  const gint64 hi = MIN (kpi_days_from_civil (9999, 12, 1) * USEC_PER_DAY, G_GINT64_CONSTANT (1) << 52);
  TimeDomain domain;

  if (kpi_database_get_dialect (remote->db) != KPI_SQL_DIALECT_POSTGRESQL)
    return TIME_US;
  switch (remote->time_kind)
    {
    case KPI_SQL_TIME_TIMESTAMPTZ: domain = TIME_INSTANT; break;
    case KPI_SQL_TIME_DATE:        domain = TIME_DATE; break;
    case KPI_SQL_TIME_TIMESTAMP:   domain = TIME_LOCAL; break;
    case KPI_SQL_TIME_EPOCH:       domain = TIME_SECONDS; break;
    case KPI_SQL_TIME_TEXT:
    default:
      return TIME_US;
    }
  for (guint p = 0; p < ev->periods->len; p++)
    {
      gint64 b[2] = { g_array_index (ev->starts, gint64, p), g_array_index (ev->ends, gint64, p) };

      for (int i = 0; i < 2; i++)
        {
          if (b[i] < lo || b[i] > hi)
            return TIME_US;
          /* Within a skipped hour the loaders' reading of a fraction of a
           * second goes back at the next second: only whole seconds split
           * the wall times in two. */
          if (domain == TIME_LOCAL && b[i] % G_USEC_PER_SEC != 0)
            return TIME_US;
        }
    }
  return domain;
}

/* The bound @b (µs) in @c's domain, as the text PostgreSQL reads a value
 * of its type from: the least value v of the column whose time is at or
 * after @b, so that time < @b ⟺ column < v. */
static void
bound_text (Sql     *c,
            gint64   b,
            GString *out)
{
  switch (c->domain)
    {
    case TIME_INSTANT:
      append_wall (out, b);
      g_string_append (out, "+00");
      break;

    case TIME_DATE:
      {
        /* The midnights of days rise with the days: the first day whose
         * midnight is at or after b, from a day whose midnight is before
         * it in every zone (offsets are within ±26 h) */
        gint64 day = kpi_floor_div (b, USEC_PER_DAY) - 2;

        while (read_local (c, day * USEC_PER_DAY, TRUE) < b)
          day++;
        append_day (out, day);
      }
      break;

    case TIME_LOCAL:
      {
        /* The reading of wall times never goes back at whole seconds
         * (time_domain()): bisect for the first one read at or after b,
         * between two days before it (read before b) and two days after
         * (read after) */
        gint64 lo = b - 2 * USEC_PER_DAY, hi = b + 2 * USEC_PER_DAY;

        while (hi - lo > 1)
          {
            gint64 mid = lo + (hi - lo) / 2;

            if (read_local (c, mid, FALSE) >= b)
              hi = mid;
            else
              lo = mid;
          }
        append_wall (out, hi);
      }
      break;

    case TIME_SECONDS:
      {
        /* kpi_sql_add_time_us(): t = trunc(x + sign(x) * 0.5) with x =
         * seconds::float8 * 1000000 (exact: x is a multiple of 0.25 below
         * 2^52). t < b ⟺ x < b - 0.5 for b ≥ 1 and x ≤ b - 0.5 for b ≤ 0;
         * x rises with the seconds, so that is seconds < s for the least
         * double s whose x reaches the threshold. */
        double threshold = b >= 1 ? (double) b - 0.5 : nextafter ((double) b - 0.5, INFINITY);
        double s = threshold / 1000000;
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        while (s * 1000000 >= threshold)
          s = nextafter (s, -INFINITY);
        while (s * 1000000 < threshold)
          s = nextafter (s, INFINITY);
        g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.17g", s));
      }
      break;

    case TIME_US:
    default:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, b);
      break;
    }
}

/* A parameter of text read as @type (PostgreSQL) */
static void
add_typed (Sql        *c,
           GString    *out,
           const char *text,
           const char *type)
{
  KpiSqlValue v = { KPI_SQL_TEXT, 0, 0.0, g_strdup (text) };

  g_array_append_val (c->params, v);
  g_string_append_printf (out, "$%u::%s", c->params->len, type);
}

/* The bound @b as a parameter of the domain's type */
static void
add_bound (Sql     *c,
           GString *out,
           gint64   b)
{
  g_autoptr(GString) text = NULL;

  if (c->domain == TIME_US)
    {
      kpi_sql_add_int (out, c->dialect, c->params, b);
      return;
    }
  text = g_string_new (NULL);
  bound_text (c, b, text);
  add_typed (c, out, text->str, time_types[c->domain]);
}

/* The time of a row in the domain: the column itself, or a number */
static void
time_sql (Sql     *c,
          GString *out)
{
  switch (c->domain)
    {
    case TIME_INSTANT:
    case TIME_DATE:
    case TIME_LOCAL:
      kpi_sql_add_identifier (out, c->remote->time_column);
      break;
    case TIME_SECONDS:
      g_string_append_c (out, '(');
      kpi_sql_add_identifier (out, c->remote->time_column);
      g_string_append (out, ")::float8");
      break;
    case TIME_US:
    default:
      kpi_sql_add_time_us (out, c->remote, c->params);
      break;
    }
}

/* ------------------------------------------------------------------------ */
/* Periods and groups */

typedef struct
{
  guint  index;
  gint64 start, end;
} Range;

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const Range *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->end < y->end ? -1 : x->end > y->end;
}

/* The period of kpi_t among @r[lo, hi), sorted and disjoint, knowing that
 * kpi_t >= r[lo].start and kpi_t < @upper: a balanced nested CASE whose
 * leaves are period indices (or NULL in a gap). */
static void
period_case (Sql         *c,
             const Range *r,
             guint        lo,
             guint        hi,
             gint64       upper,
             GString     *out)
{
  if (hi - lo == 1)
    {
      if (r[lo].end >= upper)
        g_string_append_printf (out, "%u", r[lo].index);
      else
        {
          g_string_append (out, "CASE WHEN kpi_t < ");
          add_bound (c, out, r[lo].end);
          g_string_append_printf (out, " THEN %u END", r[lo].index);
        }
      return;
    }
  {
    guint mid = lo + (hi - lo) / 2;

    g_string_append (out, "CASE WHEN kpi_t < ");
    add_bound (c, out, r[mid].start);
    g_string_append (out, " THEN ");
    period_case (c, r, lo, mid, r[mid].start, out);
    g_string_append (out, " ELSE ");
    period_case (c, r, mid, hi, upper, out);
    g_string_append (out, " END");
  }
}

/* PostgreSQL: the period of kpi_t among @r[0, n), sorted and disjoint:
 * width_bucket() over the bounds (a binary search, in C) gives the number
 * of bounds at or before kpi_t, and an array maps it to the period (NULL
 * before the first bound, in a gap and after the last, which is past the
 * array's end). */
static void
period_bucket (Sql         *c,
               const Range *r,
               guint        n,
               GString     *out)
{
  g_autoptr(GString) bounds = g_string_new ("{");
  g_autoptr(GString) map = g_string_new ("(ARRAY[");
  gint64 last = 0;

  for (guint i = 0; i < n; i++)
    {
      if (i == 0 || r[i].start > last)
        {
          if (i > 0)
            {
              g_string_append (bounds, ",");
              g_string_append (map, "NULL,");   /* the gap before r[i] */
            }
          g_string_append_c (bounds, '"');
          bound_text (c, r[i].start, bounds);
          g_string_append_c (bounds, '"');
        }
      g_string_append (bounds, ",\"");
      bound_text (c, r[i].end, bounds);
      g_string_append_c (bounds, '"');
      g_string_append_printf (map, "%s%u", i > 0 && r[i].start <= last ? "," : "", r[i].index);
      last = r[i].end;
    }
  g_string_append_c (bounds, '}');
  g_string_append (map, "]::int[])[width_bucket(kpi_t, ");
  g_string_append (out, map->str);
  {
    g_autofree char *type = g_strconcat (time_types[c->domain], "[]", NULL);
    add_typed (c, out, bounds->str, type);
  }
  g_string_append (out, ")]");
}

/* Splits the periods into layers of disjoint ones (greedy, by start): a
 * list of GArray of Range. */
static GPtrArray *
period_layers (KpiEval *ev)
{
  GPtrArray *layers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  guint n = ev->periods->len;
  Range *all = g_new (Range, MAX (n, 1));

  for (guint p = 0; p < n; p++)
    {
      all[p].index = p;
      all[p].start = g_array_index (ev->starts, gint64, p);
      all[p].end = g_array_index (ev->ends, gint64, p);
    }
  qsort (all, n, sizeof (Range), compare_ranges);
  for (guint p = 0; p < n; p++)
    {
      GArray *layer = NULL;

      if (all[p].end <= all[p].start)
        continue;   /* an empty period holds no row */
      for (guint l = 0; l < layers->len && layer == NULL; l++)
        {
          GArray *cand = g_ptr_array_index (layers, l);
          if (g_array_index (cand, Range, cand->len - 1).end <= all[p].start)
            layer = cand;
        }
      if (layer == NULL)
        {
          layer = g_array_new (FALSE, FALSE, sizeof (Range));
          g_ptr_array_add (layers, layer);
        }
      g_array_append_val (layer, all[p]);
    }
  g_free (all);
  return layers;
}

/* The group of a row: CASE over the breakdown's column, NULL for a row of
 * no group. */
static void
group_case (Sql     *c,
            GString *out)
{
  KpiEval *ev = c->ev;
  const KpiEvalRequest *req = ev->req;
  KpiColumn *col = kpi_table_column (ev->table, kpi_table_lookup (ev->table, req->group_by));
  guint n = MIN ((gsize) kpi_dict_get_size (col->dict), req->group_map_len);
  guint *sizes = g_new0 (guint, ev->G);
  guint biggest = 0, total = 0;
  gboolean any = FALSE;

  for (guint code = 0; code < n; code++)
    if (req->group_map[code] < ev->G)
      {
        sizes[req->group_map[code]]++;
        total++;
      }
  for (guint g = 0; g < ev->G; g++)
    if (sizes[g] > sizes[biggest])
      biggest = g;
  if (total <= MAX_GROUP_PARAMS)
    biggest = ev->G;   /* no ELSE */

  g_string_append (out, "CASE");
  if (req->missing_slot < ev->G)
    {
      g_string_append_printf (out, " WHEN kpi_c%d IS NULL THEN %u", c->group_col, req->missing_slot);
      any = TRUE;
    }
  for (guint g = 0; g < ev->G; g++)
    {
      gboolean first = TRUE;

      if (sizes[g] == 0 || g == biggest)
        continue;
      for (guint code = 0; code < n; code++)
        {
          if (req->group_map[code] != g)
            continue;
          if (first)
            g_string_append_printf (out, " WHEN kpi_c%d IN (", c->group_col);
          else
            g_string_append (out, ", ");
          kpi_sql_add_text (out, c->dialect, c->params, kpi_dict_get (col->dict, code));
          first = FALSE;
        }
      g_string_append_printf (out, ") THEN %u", g);
      any = TRUE;
    }
  if (biggest < ev->G)
    {
      g_string_append_printf (out, " WHEN kpi_c%d IS NOT NULL THEN %u", c->group_col, biggest);
      any = TRUE;
    }
  if (!any)
    g_string_append (out, " WHEN 1 = 0 THEN 0");
  g_string_append (out, " END");
  g_free (sizes);
}

/* ------------------------------------------------------------------------ */
/* The query */

/* (SELECT <time> AS kpi_t, <columns> FROM <relation>) AS kpi_b */
static void
base_sql (Sql     *c,
          GString *out)
{
  g_string_append (out, "(SELECT ");
  time_sql (c, out);
  g_string_append (out, " AS kpi_t");
  for (guint i = 0; i < c->columns->len; i++)
    {
      const char *name = g_ptr_array_index (c->columns, i);
      KpiColumn *col = kpi_table_column (c->ev->table, kpi_table_lookup (c->ev->table, name));

      g_string_append (out, ", ");
      if (col->kind == KPI_COLUMN_MEASURE)
        {
          /* SQLite: '' is no number (CAST would make it 0) */
          g_string_append (out, "CAST(");
          if (c->dialect == KPI_SQL_DIALECT_SQLITE)
            g_string_append (out, "NULLIF(");
          kpi_sql_add_identifier (out, name);
          if (c->dialect == KPI_SQL_DIALECT_SQLITE)
            g_string_append (out, ", '')");
          g_string_append_printf (out, " AS %s)", real_type (c));
        }
      else
        {
          g_string_append (out, "NULLIF(CAST(");
          kpi_sql_add_identifier (out, name);
          g_string_append (out, " AS text), '')");
        }
      g_string_append_printf (out, " AS kpi_c%u", i);
    }
  g_string_append (out, " FROM ");
  g_string_append (out, c->remote->relation);
  /* SQLite: a fence, as flattened into the query that reads it, the time
   * expression would be computed again at every test of the period CASE.
   * PostgreSQL reads kpi_t once a row (width_bucket()), and the subquery
   * flattened lets a WHERE on the raw time column reach the scan (and an
   * index). */
  g_string_append (out, c->dialect == KPI_SQL_DIALECT_POSTGRESQL ? ") AS kpi_b" : " LIMIT -1 OFFSET 0) AS kpi_b");
}

static void
rows_cte (Sql     *c,
          GString *out)
{
  g_autoptr(GPtrArray) layers = period_layers (c->ev);
  g_autoptr(GString) base = g_string_new (NULL);
  g_autoptr(GString) group = g_string_new (NULL);

  base_sql (c, base);
  if (c->group_col >= 0)
    group_case (c, group);
  else
    g_string_append (group, "0");

  g_string_append_printf (out, "%srows AS (", c->cte);
  for (guint l = 0; l < layers->len; l++)
    {
      GArray *layer = g_ptr_array_index (layers, l);
      const Range *r = (const Range *) (gpointer) layer->data;
      gint64 upper = 0;

      for (guint i = 0; i < layer->len; i++)
        upper = MAX (upper, r[i].end);
      if (l > 0)
        g_string_append (out, "\n  UNION ALL ");
      if (c->dialect == KPI_SQL_DIALECT_POSTGRESQL)
        {
          g_string_append (out, "SELECT ");
          period_bucket (c, r, layer->len, out);
        }
      else
        {
          /* The layer's bounds in the CASE rather than in a WHERE: SQLite
           * cannot use an index on the computed time anyway. */
          g_string_append (out, "SELECT CASE WHEN kpi_t < ");
          add_bound (c, out, r[0].start);
          g_string_append (out, " OR kpi_t >= ");
          add_bound (c, out, upper);
          g_string_append (out, " THEN NULL ELSE ");
          period_case (c, r, 0, layer->len, upper, out);
          g_string_append (out, " END");
        }
      g_string_append_printf (out, " AS kpi_p, %s AS kpi_g", group->str);
      for (guint i = 0; i < c->columns->len; i++)
        g_string_append_printf (out, ", kpi_c%u", i);
      g_string_append_printf (out, "\n    FROM %s", base->str);
      if (c->domain != TIME_US)
        {
          /* On the raw column the planner estimates the range from the
           * column's statistics, and an index serves it: the rows of the
           * layer's periods only. (The microseconds of text times
           * have no statistics: the CASE keeps the rows out.) */
          g_string_append (out, " WHERE kpi_t >= ");
          add_bound (c, out, r[0].start);
          g_string_append (out, " AND kpi_t < ");
          add_bound (c, out, upper);
        }
    }
  if (layers->len == 0)
    {
      /* no period holds an instant: no row */
      g_string_append (out, "SELECT 0 AS kpi_p, 0 AS kpi_g");
      for (guint i = 0; i < c->columns->len; i++)
        g_string_append_printf (out, ", kpi_c%u", i);
      g_string_append_printf (out, " FROM %s WHERE 1 = 0", base->str);
    }
  g_string_append (out, ")");
}

static gboolean
is_entity_kind (KpiAggKind kind)
{
  return kind == KPI_AGG_NEW || kind == KPI_AGG_RETAINED || kind == KPI_AGG_CHURNED;
}

static void
pad (Sql     *c,
     GString *out,
     int      used)
{
  for (int i = used; i < c->width; i++)
    g_string_append (out, ", NULL");
}

/* One column of a part: CAST(expr AS double precision) AS kpi_v<n> */
static void
value_column (Sql        *c,
              GString    *out,
              const char *expr,
              int         n)
{
  g_string_append_printf (out, ", CAST(%s AS %s) AS kpi_v%d", expr, real_type (c), n);
}

static void
plain_part (Sql     *c,
            GString *out)
{
  int n = 0;

  g_string_append (out, "SELECT 0 AS kpi_part, kpi_p, kpi_g");
  for (guint k = 0; k < c->ev->aggs->len; k++)
    {
      KpiEvalAgg *a = g_ptr_array_index (c->ev->aggs, k);
      g_autofree char *filter = NULL;
      g_autoptr(GString) v = g_string_new (NULL);
      g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL;

      if (c->part[k] != 0)
        continue;
      filter = filter_sql (c, a);
      switch (a->kind)
        {
        case KPI_AGG_COUNT:
          e1 = filter != NULL ? g_strdup_printf ("COUNT(CASE WHEN %s THEN 1 END)", filter)
                              : g_strdup ("COUNT(*)");
          break;
        case KPI_AGG_SUM:
        case KPI_AGG_AVG:
        case KPI_AGG_MIN:
        case KPI_AGG_MAX:
          value_sql (c, a, filter, v);
          e1 = g_strdup_printf ("%s(%s)", a->kind == KPI_AGG_MIN ? "MIN" : a->kind == KPI_AGG_MAX ? "MAX" : "SUM",
                                v->str);
          e2 = g_strdup_printf ("COUNT(%s)", v->str);
          break;
        case KPI_AGG_MEDIAN:
          /* The two middle values (the same one for an odd count), for
           * the mean of them that kpi_median_inplace() takes. */
          value_sql (c, a, filter, v);
          e1 = g_strdup_printf ("percentile_disc(0.5) WITHIN GROUP (ORDER BY %s)", v->str);
          e2 = g_strdup_printf ("percentile_disc(0.5) WITHIN GROUP (ORDER BY %s DESC)", v->str);
          e3 = g_strdup_printf ("COUNT(%s)", v->str);
          break;
        case KPI_AGG_COUNT_DISTINCT:
          value_sql (c, a, filter, v);
          e1 = g_strdup_printf ("COUNT(DISTINCT %s)", v->str);
          e2 = g_strdup_printf ("COUNT(%s)", v->str);
          break;
        default:
          g_assert_not_reached ();
        }
      value_column (c, out, e1, n++);
      if (e2 != NULL)
        value_column (c, out, e2, n++);
      if (e3 != NULL)
        value_column (c, out, e3, n++);
    }
  pad (c, out, n);
  /* Rows of no period or group make a group of NULL that read_rows()
   * drops: a filter here would make PostgreSQL expect few groups, and sort
   * the rows rather than hash them. */
  g_string_append_printf (out, "\n  FROM %srows GROUP BY kpi_p, kpi_g", c->cte);
}

/* kpi_e<k>: the rows of entity aggregate @k per period, group and entity */
static void
entity_cte (Sql     *c,
            guint    k,
            GString *out)
{
  KpiEvalAgg *a = g_ptr_array_index (c->ev->aggs, k);
  int e = column_index (c, a->node->a->text);

  g_string_append_printf (out, ",\n%se%u AS (SELECT kpi_p, kpi_g, kpi_c%d AS kpi_e, COUNT(*) AS kpi_n "
                          "FROM %srows WHERE kpi_p IS NOT NULL AND kpi_g IS NOT NULL AND kpi_c%d IS NOT NULL",
                          c->cte, k, e, c->cte, e);
  if (a->node->b != NULL)
    {
      g_string_append (out, " AND ");
      row_sql (c, a->node->b, out);
    }
  g_string_append_printf (out, " GROUP BY kpi_p, kpi_g, kpi_c%d)", e);
}

static void
periods_cte (Sql     *c,
             GString *out)
{
  KpiEval *ev = c->ev;

  g_string_append_printf (out, ",\n%speriods (kpi_p, kpi_start, kpi_prev) AS (VALUES ", c->cte);
  for (guint p = 0; p < ev->periods->len; p++)
    {
      g_string_append_printf (out, "%s(%u, ", p > 0 ? ", " : "", p);
      add_bound (c, out, g_array_index (ev->starts, gint64, p));
      g_string_append_printf (out, ", %d)", g_array_index (ev->prev_of, int, p));
    }
  g_string_append (out, ")");
}

static void
entity_part (Sql     *c,
             guint    k,
             GString *out)
{
  KpiEvalAgg *a = g_ptr_array_index (c->ev->aggs, k);
  g_autofree char *n = g_strdup_printf ("SUM(x.kpi_n)");

  if (a->kind == KPI_AGG_NEW)
    {
      /* new(): entities whose first row of the whole relation is at or
       * after the start of the period (their row in the period is before
       * its end) */
      int e = column_index (c, a->node->a->text);
      g_autoptr(GString) base = g_string_new (NULL);

      base_sql (c, base);
      g_string_append_printf (out, "SELECT %d AS kpi_part, x.kpi_p, x.kpi_g", c->part[k]);
      value_column (c, out, "SUM(CASE WHEN f.kpi_first >= pr.kpi_start THEN 1 ELSE 0 END)", 0);
      value_column (c, out, n, 1);
      pad (c, out, 2);
      g_string_append_printf (out, "\n  FROM %se%u AS x JOIN %speriods AS pr ON pr.kpi_p = x.kpi_p"
                              "\n  JOIN (SELECT kpi_c%d AS kpi_e, MIN(kpi_t) AS kpi_first FROM %s"
                              " WHERE kpi_c%d IS NOT NULL AND kpi_t IS NOT NULL GROUP BY kpi_c%d) AS f"
                              " ON f.kpi_e = x.kpi_e"
                              "\n  GROUP BY x.kpi_p, x.kpi_g",
                              c->cte, k, c->cte, e, base->str, e, e);
      return;
    }
  /* retained(), churned(): the entities of the slot, and those of them
   * in the previous period's slot of the same group. Rather than a join
   * of the presences with themselves (which PostgreSQL, misjudging the
   * size of a CTE, makes a merge join of two sorts of text), each
   * presence also counts as "was there" in every period it is the
   * previous one of, and one aggregation by period, group and entity
   * (hashed) tells the two apart. */
  g_string_append_printf (out, "SELECT %d AS kpi_part, z.kpi_p, z.kpi_g", c->part[k]);
  value_column (c, out, "COUNT(z.kpi_n)", 0);
  value_column (c, out, "COUNT(CASE WHEN z.kpi_n IS NOT NULL AND z.kpi_was > 0 THEN 1 END)", 1);
  value_column (c, out, "SUM(z.kpi_n)", 2);
  pad (c, out, 3);
  g_string_append_printf (out, "\n  FROM (SELECT u.kpi_p, u.kpi_g, u.kpi_e, SUM(u.kpi_n) AS kpi_n, SUM(u.kpi_was) AS kpi_was"
                          "\n    FROM (SELECT kpi_p, kpi_g, kpi_e, kpi_n, 0 AS kpi_was FROM %se%u"
                          "\n      UNION ALL SELECT pr.kpi_p, y.kpi_g, y.kpi_e, NULL, 1 FROM %se%u AS y"
                          " JOIN %speriods AS pr ON pr.kpi_prev = y.kpi_p) AS u"
                          "\n    GROUP BY u.kpi_p, u.kpi_g, u.kpi_e) AS z"
                          "\n  GROUP BY z.kpi_p, z.kpi_g", c->cte, k, c->cte, k, c->cte);
}

/* A prefix for the CTEs' names under which none of them is a name the
 * relation holds: inside the WITH, a CTE would hide a table of its name
 * (SQLite then refuses the query as a circular reference, PostgreSQL reads
 * the wrong rows). Compared in any case and as text, conservatively: the
 * relation's SQL is a quoted name or a subquery. */
static void
choose_cte_prefix (Sql *c)
{
  g_autofree char *relation = g_ascii_strdown (c->remote->relation, -1);

  for (guint i = 0;; i++)
    {
      const char *names[] = { "rows", "periods", "e" };
      gboolean taken = FALSE;

      if (i == 0)
        g_strlcpy (c->cte, "kpi_", sizeof c->cte);
      else
        g_snprintf (c->cte, sizeof c->cte, "kpi%u_", i);
      for (guint n = 0; n < G_N_ELEMENTS (names) && !taken; n++)
        {
          g_autofree char *name = g_strconcat (c->cte, names[n], NULL);

          taken = strstr (relation, name) != NULL;
        }
      if (!taken)
        return;
    }
}

static void
sql_init (Sql     *c,
          KpiEval *ev)
{
  int n_entity = 0;

  memset (c, 0, sizeof *c);
  c->ev = ev;
  c->remote = kpi_dataset_get_remote (ev->dataset);
  c->dialect = kpi_database_get_dialect (c->remote->db);
  choose_cte_prefix (c);
  c->domain = time_domain (ev, c->remote);
  if (c->domain == TIME_DATE || c->domain == TIME_LOCAL)
    c->parser = kpi_time_parser_new (c->remote->time_zone);
  c->params = kpi_sql_params_new ();
  c->columns = g_ptr_array_new ();
  c->group_col = -1;
  c->part = g_new0 (int, MAX (ev->aggs->len, 1));
  c->col = g_new0 (int, MAX (ev->aggs->len, 1));

  /* The columns: those the aggregates read, and the breakdown's */
  for (guint k = 0; k < ev->aggs->len; k++)
    {
      KpiEvalAgg *a = g_ptr_array_index (ev->aggs, k);
      collect_fields (c, a->node->a);
      collect_fields (c, a->node->b);
    }
  if (ev->req->group_by != NULL)
    c->group_col = column_index (c, ev->req->group_by);

  for (guint k = 0; k < ev->aggs->len; k++)
    {
      KpiEvalAgg *a = g_ptr_array_index (ev->aggs, k);

      if (is_entity_kind (a->kind))
        {
          c->part[k] = k + 1;
          c->col[k] = 0;
          c->need_periods = TRUE;
          n_entity++;
          continue;
        }
      c->part[k] = 0;
      c->col[k] = c->n_plain_cols;
      c->n_plain_cols += a->kind == KPI_AGG_COUNT ? 1 : a->kind == KPI_AGG_MEDIAN ? 3 : 2;
    }
  c->width = MAX (c->n_plain_cols, n_entity > 0 ? 3 : 0);
}

static void
sql_clear (Sql *c)
{
  g_array_unref (c->params);
  g_clear_pointer (&c->parser, kpi_time_parser_free);
  g_ptr_array_unref (c->columns);
  g_free (c->part);
  g_free (c->col);
}

static char *
compile (Sql *c)
{
  KpiEval *ev = c->ev;
  GString *out = g_string_new ("WITH ");
  gboolean first = TRUE;

  rows_cte (c, out);
  if (c->need_periods)
    periods_cte (c, out);
  for (guint k = 0; k < ev->aggs->len; k++)
    if (c->part[k] > 0)
      entity_cte (c, k, out);
  g_string_append_c (out, '\n');
  if (c->n_plain_cols > 0)
    {
      plain_part (c, out);
      first = FALSE;
    }
  for (guint k = 0; k < ev->aggs->len; k++)
    if (c->part[k] > 0)
      {
        if (!first)
          g_string_append (out, "\nUNION ALL\n");
        entity_part (c, k, out);
        first = FALSE;
      }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Results */

static double
cursor_number (KpiSqlCursor *cursor,
               guint         column)
{
  switch (kpi_sql_cursor_get_type (cursor, column))
    {
    case KPI_SQL_INTEGER:
      return (double) kpi_sql_cursor_get_int (cursor, column);
    case KPI_SQL_REAL:
      return kpi_sql_cursor_get_real (cursor, column);
    case KPI_SQL_TEXT:
      return g_ascii_strtod (kpi_sql_cursor_get_text (cursor, column, NULL), NULL);
    default:
      return NAN;
    }
}

/* The per-slot columns of the query's rows, before they become results:
 * vals[k] holds width values per slot, NAN where the query gave none. */
static gboolean
read_rows (Sql          *c,
           KpiSqlCursor *cursor,
           double      **vals,
           GError      **error)
{
  KpiEval *ev = c->ev;
  gsize n_real = ev->n_slots - 1;
  GError *local = NULL;

  while (kpi_sql_cursor_next (cursor, &local))
    {
      gint64 part, p, g;
      gsize slot;

      if (kpi_sql_cursor_get_type (cursor, 1) == KPI_SQL_NULL ||
          kpi_sql_cursor_get_type (cursor, 2) == KPI_SQL_NULL)
        continue;   /* the rows of no period or of no group */
      part = kpi_sql_cursor_get_int (cursor, 0);
      p = kpi_sql_cursor_get_int (cursor, 1);
      g = kpi_sql_cursor_get_int (cursor, 2);

      if (part < 0 || part > ev->aggs->len || p < 0 || p >= ev->periods->len || g < 0 || g >= ev->G)
        continue;
      slot = (gsize) p * ev->G + g;
      if (slot >= n_real)
        continue;
      for (int i = 0; i < c->width; i++)
        vals[part][slot * c->width + i] = cursor_number (cursor, 3 + i);
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

static void
finish (Sql     *c,
        double **vals)
{
  KpiEval *ev = c->ev;
  gsize n_real = ev->n_slots - 1;
  int w = c->width;

  for (guint k = 0; k < ev->aggs->len; k++)
    {
      KpiEvalAgg *a = g_ptr_array_index (ev->aggs, k);
      const double *v = vals[c->part[k]];
      int o = c->col[k];

      a->n_slots = ev->n_slots;
      a->n = g_new0 (guint64, ev->n_slots);
      a->result = g_new (double, ev->n_slots);
      a->rflags = g_new0 (guint8, ev->n_slots);

      for (gsize slot = 0; slot < n_real; slot++)
        {
          const double *row = v + slot * w + o;
          double x = row[0];
          guint64 n;

#define COUNT_AT(i) (isnan (row[i]) ? 0 : (guint64) row[i])
          switch (a->kind)
            {
            case KPI_AGG_COUNT:
              a->n[slot] = n = COUNT_AT (0);
              kpi_eval_agg_set_result (a, slot, (double) n, 0);
              break;
            case KPI_AGG_SUM:
              a->n[slot] = n = COUNT_AT (1);
              kpi_eval_agg_set_result (a, slot, n == 0 ? 0.0 : x, 0);
              break;
            case KPI_AGG_AVG:
              a->n[slot] = n = COUNT_AT (1);
              if (n == 0)
                kpi_eval_agg_set_result (a, slot, NAN, KPI_VALUE_FLAG_NO_DATA);
              else
                kpi_eval_agg_set_result (a, slot, x / (double) n, 0);
              break;
            case KPI_AGG_MIN:
            case KPI_AGG_MAX:
              a->n[slot] = n = COUNT_AT (1);
              kpi_eval_agg_set_result (a, slot, n == 0 ? NAN : x, KPI_VALUE_FLAG_NO_DATA);
              break;
            case KPI_AGG_MEDIAN:
              a->n[slot] = n = COUNT_AT (2);
              if (n == 0)
                kpi_eval_agg_set_result (a, slot, NAN, KPI_VALUE_FLAG_NO_DATA);
              else
                {
                  double lo = row[0], hi = row[1], mid = 0.5 * (lo + hi);

                  /* as kpi_median_inplace() */
                  if (isinf (mid) && isfinite (lo) && isfinite (hi))
                    mid = lo / 2 + hi / 2;
                  kpi_eval_agg_set_result (a, slot, mid, 0);
                }
              break;
            case KPI_AGG_COUNT_DISTINCT:
              a->n[slot] = COUNT_AT (1);
              kpi_eval_agg_set_result (a, slot, (double) COUNT_AT (0), 0);
              break;
            case KPI_AGG_NEW:
              a->n[slot] = COUNT_AT (1);
              kpi_eval_agg_set_result (a, slot, (double) COUNT_AT (0), 0);
              break;
            case KPI_AGG_RETAINED:
            case KPI_AGG_CHURNED:
              {
                guint p = slot / ev->G;
                int pp = g_array_index (ev->prev_of, int, p);

                a->n[slot] = COUNT_AT (2);
                if (pp < 0)
                  kpi_eval_agg_set_result (a, slot, NAN, KPI_VALUE_FLAG_MISSING_INPUT);
                else if (a->kind == KPI_AGG_RETAINED)
                  kpi_eval_agg_set_result (a, slot, (double) COUNT_AT (1), 0);
                else
                  {
                    const double *prev = v + ((gsize) pp * ev->G + slot % ev->G) * w + o;
                    guint64 size = isnan (prev[0]) ? 0 : (guint64) prev[0];

                    kpi_eval_agg_set_result (a, slot, (double) (size - COUNT_AT (1)), 0);
                  }
              }
              break;
            default:
              g_assert_not_reached ();
            }
#undef COUNT_AT
        }
      kpi_eval_agg_apply_coverage (ev, a);
    }
}

/* The query and its parameters, for kpi_eval_sql_run() and explain */
static char *
compile_query (KpiEval  *ev,
               Sql      *c)
{
  sql_init (c, ev);
  return compile (c);
}

gboolean
kpi_eval_sql_run (KpiEval  *ev,
                  GError  **error)
{
  Sql c;
  g_autofree char *sql = NULL;
  g_autoptr(KpiSqlCursor) cursor = NULL;
  double **vals;
  gsize per_part;
  gboolean ok = FALSE;

  if (ev->aggs->len == 0)
    return TRUE;
  sql = compile_query (ev, &c);
  per_part = (gsize) ev->n_slots * MAX (c.width, 1);
  vals = g_new0 (double *, ev->aggs->len + 1);
  for (guint k = 0; k <= ev->aggs->len; k++)
    {
      vals[k] = g_new (double, per_part);
      for (gsize i = 0; i < per_part; i++)
        vals[k][i] = NAN;
    }

  cursor = kpi_database_query (c.remote->db, sql, c.params, ev->cancellable, error);
  if (cursor != NULL && read_rows (&c, cursor, vals, error))
    {
      finish (&c, vals);
      ok = TRUE;
    }
  g_clear_pointer (&cursor, kpi_sql_cursor_free);

  for (guint k = 0; k <= ev->aggs->len; k++)
    g_free (vals[k]);
  g_free (vals);
  sql_clear (&c);
  return ok;
}

/* One parameter as a comment shows it: numbers as SQL reads them, text
 * quoted on one line. */
static void
append_param (GString           *out,
              const KpiSqlValue *value)
{
  switch (value->type)
    {
    case KPI_SQL_NULL:
      g_string_append (out, "NULL");
      break;
    case KPI_SQL_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, value->i);
      break;
    case KPI_SQL_REAL:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        g_string_append (out, g_ascii_dtostr (buf, sizeof buf, value->d));
      }
      break;
    case KPI_SQL_TEXT:
      g_string_append_c (out, '\'');
      for (const char *s = value->s; *s != '\0'; s++)
        {
          if (*s == '\'')
            g_string_append (out, "''");
          else if (*s == '\n')
            g_string_append (out, "\\n");
          else if (*s == '\r')
            g_string_append (out, "\\r");
          else
            g_string_append_c (out, *s);
        }
      g_string_append_c (out, '\'');
      break;
    default:
      g_assert_not_reached ();
    }
}

char *
kpi_eval_sql_explain (KpiEval *ev)
{
  Sql c;
  g_autofree char *sql = NULL;
  GString *out;

  if (ev->aggs->len == 0)
    return g_strdup ("-- no aggregate: nothing to compute in the database\n");
  sql = compile_query (ev, &c);
  out = g_string_new (sql);
  g_string_append (out, ";\n");
  for (guint i = 0; i < c.params->len; i++)
    {
      g_string_append_printf (out, "-- %s%u = ", c.dialect == KPI_SQL_DIALECT_POSTGRESQL ? "$" : "?", i + 1);
      append_param (out, &g_array_index (c.params, KpiSqlValue, i));
      g_string_append_c (out, '\n');
    }
  sql_clear (&c);
  return g_string_free (out, FALSE);
}
