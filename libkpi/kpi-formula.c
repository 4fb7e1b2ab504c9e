/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-formula.c: the formula language: lexer, parser, checker */

#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "kpi-formula.h"
#include "kpi-formula-ast-private.h"
#include "kpi-suggest-private.h"
#include "kpi-dataset-private.h"
#include "kpi-formula-private.h"

/**
 * KpiFormula:
 *
 * How an indicator is computed from the rows of a [class@Kpi.Dataset]: a
 * small language meant to be written by the people who read the
 * dashboard.
 *
 * ```
 * sum(amount where channel = "online")
 * (sum(amount) - sum(cost)) / sum(amount)
 * count_distinct(customer)
 * 100 * (count(score >= 9) - count(score <= 6)) / count()
 * prev(sum(amount)), last_year(sum(amount))
 * @marketing_spend / @new_customers
 * ```
 *
 * ## Values
 *
 * A formula computes one number per period (and per group of a
 * breakdown). Outside aggregates only such period-level values are
 * allowed: numbers (`12`, `0.5`, `1e6`), aggregates, `prev()` and
 * `last_year()`, references to other indicators (`@id`) and the
 * arithmetic `+ - * /` (with unary minus and parentheses) between them.
 *
 * Inside an aggregate, expressions are computed row by row over the
 * fields (the columns of the dataset): arithmetic over measures,
 * comparisons `= != < <= > >=` (also written `==` and `<>`), `x in ("a",
 * "b")`, `x not in (1, 2)`, `and`, `or`, `not`. Text literals are written
 * in double quotes, with `\"` and `\\` as the only escapes. A field name
 * is a letter or `_` followed by letters, digits or `_`; names that are
 * not (spaces, keywords) are written between backquotes: `` `unit price` ``.
 * Dimensions (text) compare with text, measures with numbers; two
 * dimensions compare with `=` and `!=` only. Text order is byte order.
 *
 * Keywords and function names are case-insensitive (`SUM`, `Where`);
 * field names and indicator ids are not.
 *
 * ## Aggregates
 *
 * Every aggregate takes an optional `where` condition inside its
 * parentheses: `sum(amount - cost where channel = "online")`.
 *
 * - `sum(e)`, `avg(e)`, `min(e)`, `max(e)`, `median(e)` (the mean of the two
 *   middle values for an even count)
 * - `count()`: rows; `count(condition)`: rows meeting the condition;
 *   `count(e)`: rows where the value of `e` is not missing; `count(where
 *   condition)` is the same as `count(condition)`
 * - `count_distinct(field)`: distinct values
 * - `first(e)`, `last(e)`: the value of the earliest (latest) row by time;
 *   between rows of the same time, the first (last) row appended
 * - `new(field)`: distinct values whose first row in the whole dataset
 *   (whatever the `where`) falls in the period, counted among the rows of
 *   the period that pass the `where`
 * - `retained(field)`: distinct values present in the previous period and
 *   in this one; `churned(field)`: present in the previous period and not
 *   in this one. The `where` (and the group of a breakdown) applies to the
 *   rows of both periods.
 *
 * ## Levels: the latest row of each entity
 *
 * `snapshot(entity, aggregate)` computes the aggregate (`sum`, `avg`, `min`,
 * `max`, `median`, `count` or `count_distinct`) over one row per value of
 * the field `entity`: its latest row at or before the end of the period,
 * from every period up to it, not only this one. Between rows of the same
 * time, the last appended wins. The aggregate's `where` applies to those
 * latest rows, so
 *
 * ```
 * snapshot(opportunity, sum(amount * probability
 *                           where stage in ("lead", "qualified", "proposal", "negotiation")))
 * ```
 *
 * is the open weighted pipeline at the end of the period: each
 * opportunity in its current stage, the ones won or lost left out. Such a
 * value is a level (a balance, a headcount), not a flow: a quarter's is the
 * one at the end of the quarter, and levels of several periods are never
 * added up. In a breakdown, an entity counts in the group of its latest row.
 *
 * ## Missing values
 *
 * Aggregates skip missing values. Conditions follow SQL: a comparison with
 * a missing value is unknown, `not` unknown is unknown, `unknown and false`
 * is false, `unknown or true` is true, and a row counts only when its
 * condition is true. So with a missing channel, both `channel = "x"` and
 * `channel != "x"` leave the row out. A row-level division by zero is a
 * missing value, as in SQL.
 *
 * `sum` and `count` of no rows are 0; the other aggregates of no rows are
 * missing, with %KPI_VALUE_FLAG_NO_DATA. A division by zero gives a missing
 * value with %KPI_VALUE_FLAG_DIVISION_BY_ZERO, a result too large for a
 * double one with %KPI_VALUE_FLAG_OVERFLOW: no value is ever infinite or
 * NaN.
 *
 * The sample size of a value ([method@Kpi.Value.get_sample_size]) is the
 * largest number of rows that went into one of the formula's aggregates
 * for the period (and group): rows that met the aggregate's conditions and
 * had a value. Aggregates inside `prev()` and `last_year()` are about
 * other periods and do not count; references count with their own sample
 * size.
 *
 * ## Other periods and other indicators
 *
 * `prev(e)` is `e` computed for the previous period, `prev(e, n)` for the
 * period `n` periods back, `last_year(e)` for the same period one year
 * earlier. `@id` is the value of the indicator `id` for the same period
 * and group.
 *
 * Since: 0.1
 */

G_DEFINE_QUARK (kpi-formula-error-quark, kpi_formula_error)

G_DEFINE_BOXED_TYPE (KpiFormula, kpi_formula, kpi_formula_ref, kpi_formula_unref)

/* ------------------------------------------------------------------------ */
/* Names */

typedef enum {
  FN_AGGREGATE,
  FN_PREV,
  FN_LAST_YEAR,
  FN_SNAPSHOT,
} FunctionKind;

static const struct {
  const char   *name;
  FunctionKind  kind;
  KpiAggKind    agg;
} functions[] = {
  { "sum", FN_AGGREGATE, KPI_AGG_SUM },
  { "avg", FN_AGGREGATE, KPI_AGG_AVG },
  { "min", FN_AGGREGATE, KPI_AGG_MIN },
  { "max", FN_AGGREGATE, KPI_AGG_MAX },
  { "median", FN_AGGREGATE, KPI_AGG_MEDIAN },
  { "count", FN_AGGREGATE, KPI_AGG_COUNT },
  { "count_distinct", FN_AGGREGATE, KPI_AGG_COUNT_DISTINCT },
  { "first", FN_AGGREGATE, KPI_AGG_FIRST },
  { "last", FN_AGGREGATE, KPI_AGG_LAST },
  { "new", FN_AGGREGATE, KPI_AGG_NEW },
  { "retained", FN_AGGREGATE, KPI_AGG_RETAINED },
  { "churned", FN_AGGREGATE, KPI_AGG_CHURNED },
  { "prev", FN_PREV, 0 },
  { "last_year", FN_LAST_YEAR, 0 },
  { "snapshot", FN_SNAPSHOT, 0 },
};

const char *
kpi_formula_agg_name (KpiAggKind agg)
{
  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (functions[i].kind == FN_AGGREGATE && functions[i].agg == agg)
      return functions[i].name;
  g_return_val_if_reached ("?");
}

/* Words people reach for, suggested as the function that does it. */
static const struct {
  const char *alias;
  const char *name;
} aliases[] = {
  { "average", "avg" },
  { "mean", "avg" },
  { "total", "sum" },
  { "distinct", "count_distinct" },
  { "countdistinct", "count_distinct" },
  { "count_unique", "count_distinct" },
  { "unique", "count_distinct" },
  { "minimum", "min" },
  { "maximum", "max" },
  { "previous", "prev" },
  { "lag", "prev" },
  { "yoy", "last_year" },
  { "latest", "snapshot" },
  { "as_of", "snapshot" },
};

static gboolean
agg_takes_field (KpiAggKind agg)
{
  return agg == KPI_AGG_COUNT_DISTINCT || agg == KPI_AGG_NEW ||
         agg == KPI_AGG_RETAINED || agg == KPI_AGG_CHURNED;
}

/* ------------------------------------------------------------------------ */
/* Nodes and formulas */

guint
kpi_formula_column (KpiFormula *formula,
                    gsize       pos)
{
  /* The text was validated as UTF-8 up to at least @pos. */
  return (guint) g_utf8_pointer_to_offset (formula->text, formula->text + pos) + 1;
}

static void
node_free (gpointer p)
{
  KpiNode *node = p;

  g_free (node->text);
  g_free (node->items);
  g_free (node);
}

/**
 * kpi_formula_ref:
 * @self: a formula
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
KpiFormula *
kpi_formula_ref (KpiFormula *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * kpi_formula_unref:
 * @self: (transfer full): a formula
 *
 * Drops a reference to @self, freeing it when it was the last.
 *
 * Since: 0.1
 */
void
kpi_formula_unref (KpiFormula *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->text);
  g_ptr_array_unref (self->nodes);
  g_ptr_array_unref (self->fields);
  g_ptr_array_unref (self->references);
  g_free (self);
}

/**
 * kpi_formula_get_text:
 * @self: a formula
 *
 * Gets the text @self was parsed from.
 *
 * Returns: (transfer none): the text of the formula
 *
 * Since: 0.1
 */
const char *
kpi_formula_get_text (KpiFormula *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

static char **
dup_names (GPtrArray *names)
{
  char **out = g_new (char *, names->len + 1);

  for (guint i = 0; i < names->len; i++)
    out[i] = g_strdup (g_ptr_array_index (names, i));
  out[names->len] = NULL;
  return out;
}

/**
 * kpi_formula_list_fields:
 * @self: a formula
 *
 * Lists the fields (dataset columns) @self reads, each once, in the order
 * they first appear in the text.
 *
 * Returns: (transfer full) (array zero-terminated=1): the field names
 *
 * Since: 0.1
 */
char **
kpi_formula_list_fields (KpiFormula *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return dup_names (self->fields);
}

/**
 * kpi_formula_list_references:
 * @self: a formula
 *
 * Lists the indicators @self refers to with `@id`, each once, in the order
 * they first appear in the text.
 *
 * Returns: (transfer full) (array zero-terminated=1): the indicator ids
 *
 * Since: 0.1
 */
char **
kpi_formula_list_references (KpiFormula *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return dup_names (self->references);
}

/* ------------------------------------------------------------------------ */
/* Lexer */

typedef enum {
  T_END,
  T_NUMBER,
  T_STRING,
  T_IDENT,     /* a bare name: field, function or keyword */
  T_QIDENT,    /* a backquoted name: always a field */
  T_REF,
  T_LPAREN,
  T_RPAREN,
  T_COMMA,
  T_PLUS,
  T_MINUS,
  T_STAR,
  T_SLASH,
  T_EQ,
  T_NE,
  T_LT,
  T_LE,
  T_GT,
  T_GE,
  T_AND,
  T_OR,
  T_NOT,
  T_IN,
  T_WHERE,
  T_ERROR,
} TokKind;

typedef struct
{
  TokKind  kind;
  gsize    start;
  gsize    end;
  double   number;
  char    *text;    /* T_STRING, T_IDENT, T_QIDENT, T_REF: decoded */
} Token;

typedef struct
{
  KpiFormula  *formula;
  const char  *s;
  gsize        len;
  Token        tok;
  guint        depth;     /* recursion depth of the descent */
  gboolean     in_agg;
  GError      *error;
} Parser;

/* Messages say "at column {col}" where the sentence wants the column. It
 * is put into the (trusted) format before the arguments are substituted,
 * so that a "%" in a field name or a text cannot be taken for a
 * conversion. */
static GError *
new_error_valist (KpiFormula      *formula,
                  KpiFormulaError  code,
                  gsize            pos,
                  const char      *format,
                  va_list          args)
{
  char column[16];
  char **parts;
  char *real_format, *msg;
  GError *error;

  g_snprintf (column, sizeof column, "%u", kpi_formula_column (formula, pos));
  parts = g_strsplit (format, "{col}", -1);
  real_format = g_strjoinv (column, parts);
  g_strfreev (parts);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  msg = g_strdup_vprintf (real_format, args);
#pragma GCC diagnostic pop
  error = g_error_new_literal (KPI_FORMULA_ERROR, code, msg);
  g_free (real_format);
  g_free (msg);
  return error;
}

static void G_GNUC_PRINTF (4, 5)
parser_error (Parser          *p,
              KpiFormulaError  code,
              gsize            pos,
              const char      *format,
              ...)
{
  va_list args;

  if (p->error != NULL)
    return;
  va_start (args, format);
  p->error = new_error_valist (p->formula, code, pos, format, args);
  va_end (args);
}

static gboolean
is_ident_start (gunichar c)
{
  return c == '_' || g_unichar_isalpha (c);
}

static gboolean
is_ident_char (gunichar c)
{
  return c == '_' || g_unichar_isalnum (c);
}

static const struct { const char *word; TokKind kind; } keywords[] = {
  { "and", T_AND }, { "or", T_OR }, { "not", T_NOT }, { "in", T_IN }, { "where", T_WHERE },
};

/* Quoted text ("..." or `...`) starting at @i: decodes the two escapes. */
static gboolean
lex_quoted (Parser  *p,
            gsize    i,
            char     quote,
            Token   *t)
{
  GString *buf = g_string_new (NULL);
  gsize j = i + 1;

  for (;;)
    {
      if (j >= p->len)
        {
          parser_error (p, KPI_FORMULA_ERROR_SYNTAX, i,
                        quote == '"' ? "unterminated string starting at column {col}"
                                     : "unterminated name starting at column {col}; close it with `");
          g_string_free (buf, TRUE);
          return FALSE;
        }
      if (p->s[j] == quote)
        break;
      if (p->s[j] == '\\')
        {
          if (j + 1 < p->len && (p->s[j + 1] == quote || p->s[j + 1] == '\\'))
            {
              g_string_append_c (buf, p->s[j + 1]);
              j += 2;
              continue;
            }
          parser_error (p, KPI_FORMULA_ERROR_SYNTAX, j,
                        "invalid escape at column {col}: only \\%c and \\\\ are allowed in %s",
                        quote, quote == '"' ? "text" : "names");
          g_string_free (buf, TRUE);
          return FALSE;
        }
      g_string_append_c (buf, p->s[j]);
      j++;
    }
  t->end = j + 1;
  t->text = g_string_free (buf, FALSE);
  if (quote == '`' && t->text[0] == '\0')
    {
      parser_error (p, KPI_FORMULA_ERROR_SYNTAX, i, "empty name at column {col}");
      return FALSE;
    }
  return TRUE;
}

/* A decimal number: digits, an optional fraction, an optional exponent.
 * g_ascii_strtod would also take hexadecimal, "inf" and "nan", so the
 * lexeme is delimited here and only then converted. */
static gboolean
lex_number (Parser *p,
            gsize   i,
            Token  *t)
{
  const char *s = p->s;
  gsize j = i;
  char *copy;

  while (j < p->len && g_ascii_isdigit (s[j]))
    j++;
  if (j < p->len && s[j] == '.')
    {
      j++;
      while (j < p->len && g_ascii_isdigit (s[j]))
        j++;
    }
  if (j < p->len && (s[j] == 'e' || s[j] == 'E'))
    {
      gsize k = j + 1;
      if (k < p->len && (s[k] == '+' || s[k] == '-'))
        k++;
      if (k < p->len && g_ascii_isdigit (s[k]))
        {
          while (k < p->len && g_ascii_isdigit (s[k]))
            k++;
          j = k;
        }
      else
        {
          parser_error (p, KPI_FORMULA_ERROR_SYNTAX, i,
                        "malformed number at column {col}: the exponent has no digits");
          return FALSE;
        }
    }
  copy = g_strndup (s + i, j - i);
  t->number = g_ascii_strtod (copy, NULL);
  g_free (copy);
  t->kind = T_NUMBER;
  t->end = j;
  if (!isfinite (t->number))
    {
      parser_error (p, KPI_FORMULA_ERROR_SYNTAX, i, "number too large at column {col}");
      return FALSE;
    }
  return TRUE;
}

/* Reads the token at byte @i (after spaces) into @t, or sets an error. */
static void
lex_at (Parser *p,
        gsize   i,
        Token  *t)
{
  const char *s = p->s;
  char c;

  memset (t, 0, sizeof *t);
  while (i < p->len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
    i++;
  t->start = i;
  t->end = i + 1;
  if (i >= p->len)
    {
      t->kind = T_END;
      t->end = i;
      return;
    }

  c = s[i];
  switch (c)
    {
    case '(': t->kind = T_LPAREN; return;
    case ')': t->kind = T_RPAREN; return;
    case ',': t->kind = T_COMMA; return;
    case '+': t->kind = T_PLUS; return;
    case '-': t->kind = T_MINUS; return;
    case '*': t->kind = T_STAR; return;
    case '/': t->kind = T_SLASH; return;
    case '=':
      t->kind = T_EQ;
      if (i + 1 < p->len && s[i + 1] == '=')
        t->end = i + 2;
      return;
    case '!':
      if (i + 1 < p->len && s[i + 1] == '=')
        {
          t->kind = T_NE;
          t->end = i + 2;
          return;
        }
      break;
    case '<':
      t->kind = T_LT;
      if (i + 1 < p->len && s[i + 1] == '=')
        {
          t->kind = T_LE;
          t->end = i + 2;
        }
      else if (i + 1 < p->len && s[i + 1] == '>')
        {
          t->kind = T_NE;
          t->end = i + 2;
        }
      return;
    case '>':
      t->kind = T_GT;
      if (i + 1 < p->len && s[i + 1] == '=')
        {
          t->kind = T_GE;
          t->end = i + 2;
        }
      return;
    case '"':
      t->kind = T_STRING;
      if (!lex_quoted (p, i, '"', t))
        t->kind = T_ERROR;
      return;
    case '`':
      t->kind = T_QIDENT;
      if (!lex_quoted (p, i, '`', t))
        t->kind = T_ERROR;
      return;
    case '@':
      {
        gsize j = i + 1;

        if (j < p->len && s[j] == '`')
          {
            t->kind = T_REF;
            if (!lex_quoted (p, j, '`', t))
              t->kind = T_ERROR;
            return;
          }
        while (j < p->len && is_ident_char (g_utf8_get_char (s + j)))
          j = g_utf8_next_char (s + j) - s;
        if (j == i + 1)
          {
            parser_error (p, KPI_FORMULA_ERROR_SYNTAX, i,
                          "expected an indicator id after “@” at column {col}");
            t->kind = T_ERROR;
            return;
          }
        t->kind = T_REF;
        t->end = j;
        t->text = g_strndup (s + i + 1, j - i - 1);
        return;
      }
    default:
      break;
    }

  if (g_ascii_isdigit (c) || (c == '.' && i + 1 < p->len && g_ascii_isdigit (s[i + 1])))
    {
      if (!lex_number (p, i, t))
        t->kind = T_ERROR;
      return;
    }

  if (is_ident_start (g_utf8_get_char (s + i)))
    {
      gsize j = i;

      while (j < p->len && is_ident_char (g_utf8_get_char (s + j)))
        j = g_utf8_next_char (s + j) - s;
      t->end = j;
      t->text = g_strndup (s + i, j - i);
      t->kind = T_IDENT;
      for (guint k = 0; k < G_N_ELEMENTS (keywords); k++)
        if (g_ascii_strcasecmp (t->text, keywords[k].word) == 0)
          t->kind = keywords[k].kind;
      return;
    }

  {
    char ch[8] = { 0 };
    g_unichar_to_utf8 (g_utf8_get_char (s + i), ch);
    parser_error (p, KPI_FORMULA_ERROR_SYNTAX, i, "unexpected character “%s” at column {col}", ch);
    t->kind = T_ERROR;
  }
}

static void
advance (Parser *p)
{
  gsize from = p->tok.end;

  g_clear_pointer (&p->tok.text, g_free);
  lex_at (p, from, &p->tok);
}

static TokKind
peek_kind (Parser *p)
{
  Token t;
  TokKind kind;
  GError *saved = p->error;

  /* Peeking must not report errors: the real lexing will. */
  p->error = NULL;
  lex_at (p, p->tok.end, &t);
  kind = t.kind;
  g_free (t.text);
  g_clear_error (&p->error);
  p->error = saved;
  return kind;
}

/* How a token reads in an error message. */
static char *
describe_token (Parser *p, const Token *t)
{
  gsize n = t->end - t->start;

  if (t->kind == T_END)
    return g_strdup ("the end of the formula");
  if (n > 40)
    {
      const char *cut = g_utf8_find_prev_char (p->s + t->start, p->s + t->start + 40);
      return g_strdup_printf ("“%.*s…”", (int) (cut - (p->s + t->start)), p->s + t->start);
    }
  return g_strdup_printf ("“%.*s”", (int) n, p->s + t->start);
}

static gboolean
expect (Parser     *p,
        TokKind     kind,
        const char *what)
{
  if (p->tok.kind == T_ERROR)
    return FALSE;
  if (p->tok.kind != kind)
    {
      char *found = describe_token (p, &p->tok);
      parser_error (p, KPI_FORMULA_ERROR_SYNTAX, p->tok.start,
                    "expected %s at column {col}, found %s", what, found);
      g_free (found);
      return FALSE;
    }
  advance (p);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Parser: recursive descent, one function per precedence level. */

static KpiNode *
new_node (Parser      *p,
          KpiNodeKind  kind,
          gsize        pos,
          KpiNode     *a,
          KpiNode     *b)
{
  KpiNode *node = g_new0 (KpiNode, 1);

  node->kind = kind;
  node->pos = pos;
  node->a = a;
  node->b = b;
  node->depth = 1 + MAX (a != NULL ? a->depth : 0, b != NULL ? b->depth : 0);
  node->start = a != NULL ? MIN (pos, a->start) : pos;
  g_ptr_array_add (p->formula->nodes, node);
  if (node->depth > KPI_FORMULA_MAX_DEPTH)
    parser_error (p, KPI_FORMULA_ERROR_SYNTAX, pos,
                  "the formula is too complex at column {col}: it nests more than %d levels",
                  KPI_FORMULA_MAX_DEPTH);
  return node;
}

static KpiNode *parse_or (Parser *p);

static gboolean
enter (Parser *p)
{
  if (++p->depth > KPI_FORMULA_MAX_DEPTH)
    {
      parser_error (p, KPI_FORMULA_ERROR_SYNTAX, p->tok.start,
                    "the formula is too complex at column {col}: it nests more than %d levels",
                    KPI_FORMULA_MAX_DEPTH);
      return FALSE;
    }
  return TRUE;
}

static void
add_name (GPtrArray  *names,
          const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (strcmp (g_ptr_array_index (names, i), name) == 0)
      return;
  g_ptr_array_add (names, g_strdup (name));
}

/* snapshot(entity, aggregate): the aggregate node, marked with the entity
 * field it is taken over. The name and the ( are read. */
static KpiNode *
parse_snapshot (Parser *p,
                gsize   pos)
{
  KpiNode *entity, *agg;

  if (p->in_agg)
    {
      parser_error (p, KPI_FORMULA_ERROR_TYPE, pos,
                    "snapshot() at column {col} cannot be used inside an aggregate; put the aggregate inside it, "
                    "as in snapshot(opportunity, sum(amount))");
      return NULL;
    }
  /* The entity: a field, read as inside an aggregate. */
  p->in_agg = TRUE;
  entity = parse_or (p);
  p->in_agg = FALSE;
  if (entity == NULL)
    return NULL;
  if (entity->kind != KPI_NODE_FIELD)
    {
      parser_error (p, KPI_FORMULA_ERROR_TYPE, entity->start,
                    "snapshot() needs a field name at column {col}, the entity whose latest rows count, "
                    "as in snapshot(opportunity, sum(amount))");
      return NULL;
    }
  if (!expect (p, T_COMMA, "“,” and an aggregate"))
    return NULL;
  agg = parse_or (p);
  if (agg == NULL)
    return NULL;
  if (agg->kind != KPI_NODE_AGGREGATE || agg->by != NULL)
    {
      parser_error (p, KPI_FORMULA_ERROR_TYPE, agg->start,
                    "snapshot() takes one aggregate at column {col}, as in snapshot(opportunity, sum(amount))");
      return NULL;
    }
  switch (agg->agg)
    {
    case KPI_AGG_SUM:
    case KPI_AGG_AVG:
    case KPI_AGG_MIN:
    case KPI_AGG_MAX:
    case KPI_AGG_MEDIAN:
    case KPI_AGG_COUNT:
    case KPI_AGG_COUNT_DISTINCT:
      break;
    default:
      parser_error (p, KPI_FORMULA_ERROR_TYPE, agg->pos,
                    "%s at column {col} cannot be taken over the latest rows: snapshot() takes "
                    "sum, avg, min, max, median, count or count_distinct",
                    kpi_formula_agg_name (agg->agg));
      return NULL;
    }
  if (!expect (p, T_RPAREN, "“)”"))
    return NULL;
  agg->by = entity;
  agg->start = pos;
  return agg;
}

static KpiNode *
parse_function (Parser *p)
{
  gsize pos = p->tok.start;
  char *name = g_steal_pointer (&p->tok.text);
  int fn = -1;
  KpiNode *node = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (g_ascii_strcasecmp (name, functions[i].name) == 0)
      fn = i;
  if (fn < 0)
    {
      const char *names[G_N_ELEMENTS (functions) + G_N_ELEMENTS (aliases)];
      const char *best;

      for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
        names[i] = functions[i].name;
      for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
        names[G_N_ELEMENTS (functions) + i] = aliases[i].alias;
      best = kpi_suggest (name, names, G_N_ELEMENTS (names));
      for (guint i = 0; best != NULL && i < G_N_ELEMENTS (aliases); i++)
        if (best == aliases[i].alias)
          best = aliases[i].name;
      if (best != NULL)
        parser_error (p, KPI_FORMULA_ERROR_UNKNOWN_FUNCTION, pos,
                      "unknown function “%s” at column {col}; did you mean “%s”?", name, best);
      else
        parser_error (p, KPI_FORMULA_ERROR_UNKNOWN_FUNCTION, pos,
                      "unknown function “%s” at column {col}", name);
      g_free (name);
      return NULL;
    }
  g_free (name);
  advance (p);   /* the name */
  advance (p);   /* the ( */

  if (functions[fn].kind == FN_AGGREGATE)
    {
      KpiAggKind agg = functions[fn].agg;
      KpiNode *arg = NULL, *where = NULL;

      if (p->in_agg)
        {
          parser_error (p, KPI_FORMULA_ERROR_TYPE, pos,
                        "aggregates cannot be nested: “%s” at column {col} is inside another aggregate",
                        functions[fn].name);
          return NULL;
        }
      p->in_agg = TRUE;
      if (p->tok.kind != T_RPAREN && p->tok.kind != T_WHERE)
        {
          arg = parse_or (p);
          if (arg == NULL)
            return NULL;
        }
      if (p->tok.kind == T_WHERE)
        {
          advance (p);
          where = parse_or (p);
          if (where == NULL)
            return NULL;
        }
      p->in_agg = FALSE;
      if (!expect (p, T_RPAREN, "“)”"))
        return NULL;
      if (arg == NULL && agg != KPI_AGG_COUNT)
        {
          parser_error (p, KPI_FORMULA_ERROR_SYNTAX, pos,
                        agg_takes_field (agg)
                          ? "%s at column {col} needs a field, such as %s(customer)"
                          : "%s at column {col} needs a value, such as %s(amount)",
                        functions[fn].name, functions[fn].name);
          return NULL;
        }
      if (agg_takes_field (agg) && arg->kind != KPI_NODE_FIELD)
        {
          parser_error (p, KPI_FORMULA_ERROR_TYPE, arg->start,
                        "%s needs a field name at column {col}, such as %s(customer)",
                        functions[fn].name, functions[fn].name);
          return NULL;
        }
      node = new_node (p, KPI_NODE_AGGREGATE, pos, arg, where);
      node->agg = agg;
      return node;
    }

  if (functions[fn].kind == FN_SNAPSHOT)
    return parse_snapshot (p, pos);

  /* prev() and last_year(): period-level */
  if (p->in_agg)
    {
      parser_error (p, KPI_FORMULA_ERROR_TYPE, pos,
                    "%s() at column {col} cannot be used inside an aggregate; put the aggregate inside it, as in %s(sum(amount))",
                    functions[fn].name, functions[fn].name);
      return NULL;
    }
  {
    KpiNode *arg = parse_or (p);
    int n = 1;

    if (arg == NULL)
      return NULL;
    if (functions[fn].kind == FN_PREV && p->tok.kind == T_COMMA)
      {
        advance (p);
        if (p->tok.kind != T_NUMBER || p->tok.number != floor (p->tok.number) ||
            p->tok.number < 1 || p->tok.number > 10000)
          {
            parser_error (p, KPI_FORMULA_ERROR_SYNTAX, p->tok.start,
                          "expected a whole number of periods (1 to 10000) at column {col}");
            return NULL;
          }
        n = (int) p->tok.number;
        advance (p);
      }
    if (!expect (p, T_RPAREN, "“)”"))
      return NULL;
    node = new_node (p, functions[fn].kind == FN_PREV ? KPI_NODE_PREV : KPI_NODE_LAST_YEAR,
                     pos, arg, NULL);
    node->offset = n;
  }
  return node;
}

static KpiNode *
parse_primary (Parser *p)
{
  KpiNode *node;
  gsize pos = p->tok.start;

  switch (p->tok.kind)
    {
    case T_ERROR:
      return NULL;
    case T_NUMBER:
      node = new_node (p, KPI_NODE_NUMBER, pos, NULL, NULL);
      node->number = p->tok.number;
      advance (p);
      return node;
    case T_STRING:
      node = new_node (p, KPI_NODE_STRING, pos, NULL, NULL);
      node->text = g_steal_pointer (&p->tok.text);
      advance (p);
      return node;
    case T_REF:
      if (p->in_agg)
        {
          parser_error (p, KPI_FORMULA_ERROR_TYPE, pos,
                        "the indicator @%s at column {col} cannot be used inside an aggregate",
                        p->tok.text);
          return NULL;
        }
      node = new_node (p, KPI_NODE_REF, pos, NULL, NULL);
      node->text = g_steal_pointer (&p->tok.text);
      add_name (p->formula->references, node->text);
      advance (p);
      return node;
    case T_LPAREN:
      advance (p);
      node = parse_or (p);
      if (node == NULL || !expect (p, T_RPAREN, "“)”"))
        return NULL;
      return node;
    case T_IDENT:
      if (peek_kind (p) == T_LPAREN)
        return parse_function (p);
      for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
        if (g_ascii_strcasecmp (p->tok.text, functions[i].name) == 0)
          {
            parser_error (p, KPI_FORMULA_ERROR_SYNTAX, p->tok.end,
                          "expected “(” after “%s” at column {col} (to use a field named “%s”, write `%s`)",
                          p->tok.text, p->tok.text, p->tok.text);
            return NULL;
          }
      G_GNUC_FALLTHROUGH;
    case T_QIDENT:
      if (!p->in_agg)
        {
          parser_error (p, KPI_FORMULA_ERROR_TYPE, pos,
                        "field “%s” at column {col} must be inside an aggregate such as sum(%s)",
                        p->tok.text, p->tok.text);
          return NULL;
        }
      node = new_node (p, KPI_NODE_FIELD, pos, NULL, NULL);
      node->text = g_steal_pointer (&p->tok.text);
      add_name (p->formula->fields, node->text);
      advance (p);
      return node;
    case T_END:
      parser_error (p, KPI_FORMULA_ERROR_SYNTAX, pos,
                    "the formula ends too early at column {col}: expected a number, a field or a function");
      return NULL;
    default:
      {
        char *found = describe_token (p, &p->tok);
        parser_error (p, KPI_FORMULA_ERROR_SYNTAX, pos,
                      "expected a number, a field or a function at column {col}, found %s", found);
        g_free (found);
        return NULL;
      }
    }
}

/* The operand of the prefix operator at the current token (`-`, `+`,
 * `not`): the operator is consumed and @parse reads the operand, one level
 * deeper, so that a long run of prefixes hits the depth limit. */
static KpiNode *
parse_prefixed (Parser   *p,
                KpiNode *(*parse) (Parser *p))
{
  KpiNode *a;

  if (!enter (p))
    return NULL;
  advance (p);
  a = parse (p);
  p->depth--;
  return a;
}

static KpiNode *
parse_unary (Parser *p)
{
  if (p->tok.kind == T_MINUS)
    {
      gsize pos = p->tok.start;
      KpiNode *a = parse_prefixed (p, parse_unary);

      if (a == NULL)
        return NULL;
      /* Fold -number now: `in (-1, 2)` wants literals. */
      if (a->kind == KPI_NODE_NUMBER)
        {
          a->number = -a->number;
          a->pos = pos;
          a->start = pos;
          return a;
        }
      return new_node (p, KPI_NODE_NEG, pos, a, NULL);
    }
  if (p->tok.kind == T_PLUS)
    {
      /* An explicit + sign is allowed and means nothing. */
      return parse_prefixed (p, parse_unary);
    }
  return parse_primary (p);
}

static KpiNode *
parse_mul (Parser *p)
{
  KpiNode *left = parse_unary (p);

  while (left != NULL && (p->tok.kind == T_STAR || p->tok.kind == T_SLASH))
    {
      KpiNodeKind kind = p->tok.kind == T_STAR ? KPI_NODE_MUL : KPI_NODE_DIV;
      gsize pos = p->tok.start;
      KpiNode *right;

      advance (p);
      right = parse_unary (p);
      if (right == NULL)
        return NULL;
      left = new_node (p, kind, pos, left, right);
    }
  return left;
}

static KpiNode *
parse_add (Parser *p)
{
  KpiNode *left = parse_mul (p);

  while (left != NULL && (p->tok.kind == T_PLUS || p->tok.kind == T_MINUS))
    {
      KpiNodeKind kind = p->tok.kind == T_PLUS ? KPI_NODE_ADD : KPI_NODE_SUB;
      gsize pos = p->tok.start;
      KpiNode *right;

      advance (p);
      right = parse_mul (p);
      if (right == NULL)
        return NULL;
      left = new_node (p, kind, pos, left, right);
    }
  return left;
}

static gboolean
is_comparison (TokKind kind)
{
  return kind == T_EQ || kind == T_NE || kind == T_LT || kind == T_LE ||
         kind == T_GT || kind == T_GE;
}

static KpiNode *
parse_in_list (Parser  *p,
               KpiNode *left,
               gsize    pos,
               gboolean negate)
{
  GPtrArray *items = g_ptr_array_new ();
  KpiNode *node;

  if (!expect (p, T_LPAREN, "“(” and a list of values"))
    goto fail;
  for (;;)
    {
      gsize item_pos = p->tok.start;
      gboolean minus = FALSE;
      KpiNode *item;

      if (p->tok.kind == T_MINUS)
        {
          minus = TRUE;
          advance (p);
        }
      if (p->tok.kind == T_NUMBER)
        {
          item = new_node (p, KPI_NODE_NUMBER, item_pos, NULL, NULL);
          item->number = minus ? -p->tok.number : p->tok.number;
        }
      else if (p->tok.kind == T_STRING && !minus)
        {
          item = new_node (p, KPI_NODE_STRING, item_pos, NULL, NULL);
          item->text = g_steal_pointer (&p->tok.text);
        }
      else
        {
          if (p->tok.kind != T_ERROR)
            parser_error (p, KPI_FORMULA_ERROR_SYNTAX, p->tok.start,
                          "expected a number or a text in quotes at column {col}: “in” takes a list of values");
          goto fail;
        }
      g_ptr_array_add (items, item);
      advance (p);
      if (p->tok.kind == T_COMMA)
        {
          advance (p);
          continue;
        }
      if (!expect (p, T_RPAREN, "“,” or “)”"))
        goto fail;
      break;
    }
  node = new_node (p, KPI_NODE_IN, pos, left, NULL);
  node->negate = negate;
  node->n_items = items->len;
  node->items = (KpiNode **) g_ptr_array_free (items, FALSE);
  return node;

fail:
  g_ptr_array_free (items, TRUE);
  return NULL;
}

static KpiNode *
parse_comparison (Parser *p)
{
  KpiNode *left = parse_add (p);
  KpiNode *node = NULL;
  gsize pos = p->tok.start;

  if (left == NULL)
    return NULL;
  if (is_comparison (p->tok.kind))
    {
      static const KpiNodeKind kinds[] = {
        [T_EQ] = KPI_NODE_EQ, [T_NE] = KPI_NODE_NE, [T_LT] = KPI_NODE_LT,
        [T_LE] = KPI_NODE_LE, [T_GT] = KPI_NODE_GT, [T_GE] = KPI_NODE_GE,
      };
      KpiNodeKind kind = kinds[p->tok.kind];
      KpiNode *right;

      advance (p);
      right = parse_add (p);
      if (right == NULL)
        return NULL;
      node = new_node (p, kind, pos, left, right);
    }
  else if (p->tok.kind == T_IN)
    {
      advance (p);
      node = parse_in_list (p, left, pos, FALSE);
    }
  else if (p->tok.kind == T_NOT && peek_kind (p) == T_IN)
    {
      advance (p);
      advance (p);
      node = parse_in_list (p, left, pos, TRUE);
    }
  else
    return left;

  if (node != NULL && (is_comparison (p->tok.kind) || p->tok.kind == T_IN))
    {
      parser_error (p, KPI_FORMULA_ERROR_SYNTAX, p->tok.start,
                    "comparisons cannot be chained at column {col}; join them with “and”");
      return NULL;
    }
  return node;
}

static KpiNode *
parse_not (Parser *p)
{
  if (p->tok.kind == T_NOT)
    {
      gsize pos = p->tok.start;
      KpiNode *a = parse_prefixed (p, parse_not);

      if (a == NULL)
        return NULL;
      return new_node (p, KPI_NODE_NOT, pos, a, NULL);
    }
  return parse_comparison (p);
}

static KpiNode *
parse_and (Parser *p)
{
  KpiNode *left = parse_not (p);

  while (left != NULL && p->tok.kind == T_AND)
    {
      gsize pos = p->tok.start;
      KpiNode *right;

      advance (p);
      right = parse_not (p);
      if (right == NULL)
        return NULL;
      left = new_node (p, KPI_NODE_AND, pos, left, right);
    }
  return left;
}

static KpiNode *
parse_or (Parser *p)
{
  KpiNode *left;

  if (!enter (p))
    return NULL;
  left = parse_and (p);
  while (left != NULL && p->tok.kind == T_OR)
    {
      gsize pos = p->tok.start;
      KpiNode *right;

      advance (p);
      right = parse_and (p);
      if (right == NULL)
        return NULL;
      left = new_node (p, KPI_NODE_OR, pos, left, right);
    }
  p->depth--;
  return left;
}

/* ------------------------------------------------------------------------ */
/* Shapes: what can be known without a dataset. A condition (comparison,
 * and, or, not, in) is not a value, and the other way round. */

static gboolean
is_condition (const KpiNode *node)
{
  switch (node->kind)
    {
    case KPI_NODE_EQ: case KPI_NODE_NE: case KPI_NODE_LT: case KPI_NODE_LE:
    case KPI_NODE_GT: case KPI_NODE_GE: case KPI_NODE_IN: case KPI_NODE_AND:
    case KPI_NODE_OR: case KPI_NODE_NOT:
      return TRUE;
    default:
      return FALSE;
    }
}

static const char *
operator_name (KpiNodeKind kind)
{
  switch (kind)
    {
    case KPI_NODE_ADD: return "+";
    case KPI_NODE_SUB: return "-";
    case KPI_NODE_MUL: return "*";
    case KPI_NODE_DIV: return "/";
    case KPI_NODE_NEG: return "-";
    case KPI_NODE_EQ: return "=";
    case KPI_NODE_NE: return "!=";
    case KPI_NODE_LT: return "<";
    case KPI_NODE_LE: return "<=";
    case KPI_NODE_GT: return ">";
    case KPI_NODE_GE: return ">=";
    case KPI_NODE_IN: return "in";
    case KPI_NODE_AND: return "and";
    case KPI_NODE_OR: return "or";
    case KPI_NODE_NOT: return "not";
    default: return "?";
    }
}

static gboolean
check_shapes (Parser  *p,
              KpiNode *node,
              gboolean row)
{
  switch (node->kind)
    {
    case KPI_NODE_NUMBER:
    case KPI_NODE_FIELD:
    case KPI_NODE_REF:
      return TRUE;
    case KPI_NODE_STRING:
      if (!row)
        {
          parser_error (p, KPI_FORMULA_ERROR_TYPE, node->pos,
                        "the text “%s” at column {col} can only be compared with a field inside an aggregate",
                        node->text);
          return FALSE;
        }
      return TRUE;
    case KPI_NODE_NEG:
    case KPI_NODE_ADD:
    case KPI_NODE_SUB:
    case KPI_NODE_MUL:
    case KPI_NODE_DIV:
      for (KpiNode *c = node->a; c != NULL; c = c == node->a ? node->b : NULL)
        {
          if (is_condition (c))
            {
              parser_error (p, KPI_FORMULA_ERROR_TYPE, c->pos,
                            row ? "the condition at column {col} is not a number"
                                : "the condition at column {col} is not a number; count the rows that meet it with count(...)");
              return FALSE;
            }
          if (!check_shapes (p, c, row))
            return FALSE;
        }
      return TRUE;
    case KPI_NODE_EQ:
    case KPI_NODE_NE:
    case KPI_NODE_LT:
    case KPI_NODE_LE:
    case KPI_NODE_GT:
    case KPI_NODE_GE:
    case KPI_NODE_IN:
    case KPI_NODE_AND:
    case KPI_NODE_OR:
    case KPI_NODE_NOT:
      if (!row)
        {
          parser_error (p, KPI_FORMULA_ERROR_TYPE, node->pos,
                        "the condition “%s” at column {col} can only be used inside an aggregate, as in count(score >= 9) or sum(amount where channel = \"online\")",
                        operator_name (node->kind));
          return FALSE;
        }
      for (KpiNode *c = node->a; c != NULL; c = c == node->a ? node->b : NULL)
        {
          gboolean want = node->kind == KPI_NODE_AND || node->kind == KPI_NODE_OR ||
                          node->kind == KPI_NODE_NOT;
          if (is_condition (c) != want)
            {
              if (want)
                parser_error (p, KPI_FORMULA_ERROR_TYPE, c->pos,
                              "“%s” needs conditions, but the value at column {col} is not one",
                              operator_name (node->kind));
              else
                parser_error (p, KPI_FORMULA_ERROR_TYPE, c->pos,
                              "“%s” compares values, but the condition at column {col} is not one; use “and” or “or” to join conditions",
                              operator_name (node->kind));
              return FALSE;
            }
          if (!check_shapes (p, c, row))
            return FALSE;
        }
      return TRUE;
    case KPI_NODE_AGGREGATE:
      if (node->a != NULL)
        {
          if (node->agg != KPI_AGG_COUNT && is_condition (node->a))
            {
              parser_error (p, KPI_FORMULA_ERROR_TYPE, node->a->pos,
                            "%s needs a value, but the condition at column {col} is not one; to count the rows that meet a condition, use count(...)",
                            kpi_formula_agg_name (node->agg));
              return FALSE;
            }
          if (!check_shapes (p, node->a, TRUE))
            return FALSE;
        }
      if (node->b != NULL)
        {
          if (!is_condition (node->b))
            {
              parser_error (p, KPI_FORMULA_ERROR_TYPE, node->b->pos,
                            "“where” needs a condition at column {col}, such as channel = \"online\"");
              return FALSE;
            }
          if (!check_shapes (p, node->b, TRUE))
            return FALSE;
        }
      return TRUE;
    case KPI_NODE_PREV:
    case KPI_NODE_LAST_YEAR:
      if (is_condition (node->a))
        {
          parser_error (p, KPI_FORMULA_ERROR_TYPE, node->a->pos,
                        "the condition “%s” at column {col} can only be used inside an aggregate",
                        operator_name (node->a->kind));
          return FALSE;
        }
      return check_shapes (p, node->a, FALSE);
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/**
 * kpi_formula_parse:
 * @text: the formula, UTF-8
 * @error: return location for a #GError
 *
 * Parses @text (see [struct@Kpi.Formula] for the language). Errors are in
 * the %KPI_FORMULA_ERROR domain and give the 1-based column (counted in
 * characters) of the problem: syntax errors, unknown functions (with a
 * suggestion when a name is close: `did you mean “count_distinct”?`) and
 * type errors that do not depend on a dataset, such as a field outside an
 * aggregate. Fields are checked against a dataset by
 * [method@Kpi.Formula.check].
 *
 * Returns: (transfer full) (nullable): the formula, or %NULL on error
 *
 * Since: 0.1
 */
KpiFormula *
kpi_formula_parse (const char  *text,
                   GError     **error)
{
  KpiFormula *formula;
  const char *bad = NULL;
  Parser p = { 0 };
  KpiNode *root;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  formula = g_new0 (KpiFormula, 1);
  g_atomic_ref_count_init (&formula->ref_count);
  formula->text = g_strdup (text);
  formula->nodes = g_ptr_array_new_with_free_func (node_free);
  formula->fields = g_ptr_array_new_with_free_func (g_free);
  formula->references = g_ptr_array_new_with_free_func (g_free);

  p.formula = formula;
  p.s = formula->text;
  p.len = strlen (text);

  if (!g_utf8_validate (text, -1, &bad))
    {
      g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_SYNTAX,
                   "the formula is not valid UTF-8 text at column %u",
                   (guint) g_utf8_pointer_to_offset (text, bad) + 1);
      kpi_formula_unref (formula);
      return NULL;
    }

  lex_at (&p, 0, &p.tok);
  if (p.tok.kind == T_END)
    {
      g_set_error_literal (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_SYNTAX,
                           "the formula is empty");
      kpi_formula_unref (formula);
      return NULL;
    }

  root = parse_or (&p);
  if (root != NULL && p.error == NULL && p.tok.kind != T_END)
    {
      char *found = describe_token (&p, &p.tok);
      if (p.tok.kind == T_WHERE)
        parser_error (&p, KPI_FORMULA_ERROR_SYNTAX, p.tok.start,
                      "“where” at column {col} must be inside the parentheses of an aggregate, as in sum(amount where channel = \"online\")");
      else if (p.tok.kind == T_RPAREN)
        parser_error (&p, KPI_FORMULA_ERROR_SYNTAX, p.tok.start,
                      "unbalanced “)” at column {col}");
      else
        parser_error (&p, KPI_FORMULA_ERROR_SYNTAX, p.tok.start,
                      "expected an operator or the end of the formula at column {col}, found %s", found);
      g_free (found);
    }
  if (p.error == NULL && root != NULL && is_condition (root))
    parser_error (&p, KPI_FORMULA_ERROR_TYPE, root->pos,
                  "the condition “%s” at column {col} can only be used inside an aggregate, as in count(score >= 9)",
                  operator_name (root->kind));
  if (p.error == NULL && root != NULL)
    check_shapes (&p, root, FALSE);
  g_free (p.tok.text);

  if (p.error != NULL || root == NULL)
    {
      g_assert (p.error != NULL);
      g_propagate_error (error, p.error);
      kpi_formula_unref (formula);
      return NULL;
    }
  formula->root = root;
  return formula;
}

/* ------------------------------------------------------------------------ */
/* Checking against a dataset */

typedef struct
{
  KpiFormula *formula;
  KpiTable   *table;
  GError    **error;
} Checker;

static gboolean
check_error (Checker         *c,
             KpiFormulaError  code,
             gsize            pos,
             const char      *format,
             ...) G_GNUC_PRINTF (4, 5);

static gboolean
check_error (Checker         *c,
             KpiFormulaError  code,
             gsize            pos,
             const char      *format,
             ...)
{
  va_list args;
  GError *error;

  va_start (args, format);
  error = new_error_valist (c->formula, code, pos, format, args);
  va_end (args);
  g_propagate_error (c->error, error);
  return FALSE;
}

KpiRowType
kpi_formula_row_type (const KpiNode *node,
                      KpiTable      *table)
{
  switch (node->kind)
    {
    case KPI_NODE_NUMBER:
      return KPI_ROW_NUMBER;
    case KPI_NODE_STRING:
      return KPI_ROW_TEXT;
    case KPI_NODE_FIELD:
      {
        int index = kpi_table_lookup (table, node->text);
        g_return_val_if_fail (index >= 0, KPI_ROW_NUMBER);
        return kpi_table_column (table, index)->kind == KPI_COLUMN_DIMENSION
               ? KPI_ROW_TEXT : KPI_ROW_NUMBER;
      }
    default:
      return is_condition (node) ? KPI_ROW_CONDITION : KPI_ROW_NUMBER;
    }
}

/* How a row-level value reads in a type error. */
static char *
describe_value (Checker *c, const KpiNode *node)
{
  if (node->kind == KPI_NODE_FIELD)
    return g_strdup_printf ("“%s”", node->text);
  if (node->kind == KPI_NODE_STRING)
    return g_strdup_printf ("the text “%s”", node->text);
  return g_strdup ("the value");
}

static gboolean
check_node (Checker *c,
            KpiNode *node)
{
  switch (node->kind)
    {
    case KPI_NODE_NUMBER:
    case KPI_NODE_STRING:
    case KPI_NODE_REF:
      return TRUE;

    case KPI_NODE_FIELD:
      {
        int index = kpi_table_lookup (c->table, node->text);
        guint n = kpi_table_n_columns (c->table);
        const char **names;
        const char *best;

        if (index >= 0)
          {
            if ((guint) index == c->table->time_index)
              return check_error (c, KPI_FORMULA_ERROR_TYPE, node->pos,
                                  "“%s” at column {col} is the time column: the calendar chooses the rows of each period, formulas cannot use it",
                                  node->text);
            return TRUE;
          }
        names = g_new (const char *, n);
        for (guint i = 0; i < n; i++)
          names[i] = kpi_table_column (c->table, i)->name;
        /* The time column is no suggestion: it cannot be used anyway. */
        names[c->table->time_index] = names[n - 1];
        best = kpi_suggest (node->text, names, n - 1);
        if (best != NULL)
          check_error (c, KPI_FORMULA_ERROR_UNKNOWN_FIELD, node->pos,
                       "unknown field “%s” at column {col}; did you mean “%s”?", node->text, best);
        else
          check_error (c, KPI_FORMULA_ERROR_UNKNOWN_FIELD, node->pos,
                       "unknown field “%s” at column {col}", node->text);
        g_free (names);
        return FALSE;
      }

    case KPI_NODE_NEG:
    case KPI_NODE_ADD:
    case KPI_NODE_SUB:
    case KPI_NODE_MUL:
    case KPI_NODE_DIV:
      for (KpiNode *k = node->a; k != NULL; k = k == node->a ? node->b : NULL)
        {
          if (!check_node (c, k))
            return FALSE;
          if (k->kind != KPI_NODE_AGGREGATE && k->kind != KPI_NODE_PREV &&
              k->kind != KPI_NODE_LAST_YEAR && k->kind != KPI_NODE_REF &&
              kpi_formula_row_type (k, c->table) == KPI_ROW_TEXT)
            {
              char *what = describe_value (c, k);
              check_error (c, KPI_FORMULA_ERROR_TYPE, k->pos,
                           "%s at column {col} is text, but “%s” needs numbers", what,
                           operator_name (node->kind));
              g_free (what);
              return FALSE;
            }
        }
      return TRUE;

    case KPI_NODE_EQ:
    case KPI_NODE_NE:
    case KPI_NODE_LT:
    case KPI_NODE_LE:
    case KPI_NODE_GT:
    case KPI_NODE_GE:
      {
        KpiRowType ta, tb;

        if (!check_node (c, node->a) || !check_node (c, node->b))
          return FALSE;
        ta = kpi_formula_row_type (node->a, c->table);
        tb = kpi_formula_row_type (node->b, c->table);
        if (ta != tb)
          {
            const KpiNode *text = ta == KPI_ROW_TEXT ? node->a : node->b;
            char *what = describe_value (c, text);
            check_error (c, KPI_FORMULA_ERROR_TYPE, node->pos,
                         "cannot compare text with a number at column {col}: %s is text%s",
                         what, text->kind == KPI_NODE_FIELD ? " (a dimension)" : "");
            g_free (what);
            return FALSE;
          }
        if (ta == KPI_ROW_TEXT && node->a->kind == KPI_NODE_FIELD &&
            node->b->kind == KPI_NODE_FIELD &&
            node->kind != KPI_NODE_EQ && node->kind != KPI_NODE_NE)
          return check_error (c, KPI_FORMULA_ERROR_TYPE, node->pos,
                              "two dimensions can only be compared with “=” or “!=” (column {col})");
        return TRUE;
      }

    case KPI_NODE_IN:
      {
        KpiRowType t;

        if (!check_node (c, node->a))
          return FALSE;
        t = kpi_formula_row_type (node->a, c->table);
        for (guint i = 0; i < node->n_items; i++)
          if (kpi_formula_row_type (node->items[i], c->table) != t)
            {
              char *what = describe_value (c, node->a);
              check_error (c, KPI_FORMULA_ERROR_TYPE, node->items[i]->pos,
                           t == KPI_ROW_TEXT
                             ? "the list has a number at column {col}, but %s is text: write the values in quotes"
                             : "the list has a text at column {col}, but %s is a number",
                           what);
              g_free (what);
              return FALSE;
            }
        return TRUE;
      }

    case KPI_NODE_AND:
    case KPI_NODE_OR:
      return check_node (c, node->a) && check_node (c, node->b);
    case KPI_NODE_NOT:
    case KPI_NODE_PREV:
    case KPI_NODE_LAST_YEAR:
      return check_node (c, node->a);

    case KPI_NODE_AGGREGATE:
      if (node->by != NULL && !check_node (c, node->by))
        return FALSE;
      if (node->a != NULL)
        {
          if (!check_node (c, node->a))
            return FALSE;
          if (node->agg != KPI_AGG_COUNT && !agg_takes_field (node->agg) &&
              kpi_formula_row_type (node->a, c->table) == KPI_ROW_TEXT)
            {
              char *what = describe_value (c, node->a);
              if (node->a->kind == KPI_NODE_FIELD)
                check_error (c, KPI_FORMULA_ERROR_TYPE, node->a->pos,
                             "%s needs numbers, but %s at column {col} is a dimension (text); did you mean count_distinct(%s)?",
                             kpi_formula_agg_name (node->agg), what, node->a->text);
              else
                check_error (c, KPI_FORMULA_ERROR_TYPE, node->a->pos,
                             "%s needs numbers, but %s at column {col} is text",
                             kpi_formula_agg_name (node->agg), what);
              g_free (what);
              return FALSE;
            }
        }
      if (node->b != NULL && !check_node (c, node->b))
        return FALSE;
      return TRUE;

    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/**
 * kpi_formula_check:
 * @self: a formula
 * @dataset: the dataset the formula will be computed from
 * @error: return location for a #GError
 *
 * Checks that @self fits @dataset: every field is a column
 * (%KPI_FORMULA_ERROR_UNKNOWN_FIELD, with a suggestion when a column has a
 * close name: `unknown field “amout” at column 5; did you mean “amount”?`),
 * and values have the right kind (%KPI_FORMULA_ERROR_TYPE: the sum of a
 * dimension, a dimension compared with a number...). References to other
 * indicators are not checked here.
 *
 * Returns: %TRUE when @self can be computed from @dataset
 *
 * Since: 0.1
 */
gboolean
kpi_formula_check (KpiFormula  *self,
                   KpiDataset  *dataset,
                   GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (KPI_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kpi_dataset_read_lock (dataset);
  ok = kpi_formula_check_table (self, kpi_dataset_get_table (dataset), error);
  kpi_dataset_read_unlock (dataset);
  return ok;
}

/* See kpi-formula-private.h */
gboolean
kpi_formula_check_table (KpiFormula  *self,
                         KpiTable    *table,
                         GError     **error)
{
  Checker c;

  c.formula = self;
  c.table = table;
  c.error = error;
  return check_node (&c, self->root);
}

/* ------------------------------------------------------------------------ */
/* Canonical keys */

/* Whether @node over a period is the sum of its values over the parts of
 * the period. References are not followed: they count as not additive. */
static gboolean
node_is_additive (const KpiNode *node)
{
  switch (node->kind)
    {
    case KPI_NODE_AGGREGATE:
      return node->by == NULL && (node->agg == KPI_AGG_SUM || node->agg == KPI_AGG_COUNT);
    case KPI_NODE_NEG:
      return node_is_additive (node->a);
    case KPI_NODE_ADD:
    case KPI_NODE_SUB:
      return node_is_additive (node->a) && node_is_additive (node->b);
    case KPI_NODE_MUL:
      return (node->a->kind == KPI_NODE_NUMBER && node_is_additive (node->b)) ||
             (node->b->kind == KPI_NODE_NUMBER && node_is_additive (node->a));
    case KPI_NODE_DIV:
      return node->b->kind == KPI_NODE_NUMBER && node_is_additive (node->a);
    default:
      return FALSE;
    }
}

/**
 * kpi_formula_reads_rows:
 * @self: a formula
 *
 * Tells whether the formula reads rows of a dataset (it has an aggregate),
 * or only combines numbers and other indicators
 * (`@marketing_spend / @new_customers`), and so needs no dataset of its
 * own.
 *
 * Returns: %TRUE when the formula has an aggregate
 *
 * Since: 0.1
 */
gboolean
kpi_formula_reads_rows (KpiFormula *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->nodes->len; i++)
    if (((KpiNode *) g_ptr_array_index (self->nodes, i))->kind == KPI_NODE_AGGREGATE)
      return TRUE;
  return FALSE;
}

/**
 * kpi_formula_is_additive:
 * @self: a formula
 *
 * Tells whether the formula adds up over time: whether its value for a
 * period is the sum of its values for the parts of the period (a year is
 * its twelve months). Sums and counts are, and so are their sums,
 * differences and multiples by a number (`sum(amount) - sum(cost)`,
 * `sum(amount) / 1000`). Ratios, averages, distinct counts, levels
 * (`snapshot()`), offsets and references to other indicators are not: a
 * year-end landing or a total over periods must not add their values up.
 *
 * Returns: %TRUE when the formula is additive over time
 *
 * Since: 0.1
 */
gboolean
kpi_formula_is_additive (KpiFormula *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return node_is_additive (self->root);
}

/* Dictionaries above this size get no suggestion: the distance to every
 * value would cost more than the typo it catches. */
#define SUGGEST_MAX_VALUES 10000

/* Adds a warning for @value of dimension @field unless the dimension has
 * held it or the warning is there already. */
static void
check_value (KpiTable   *table,
             const char *field,
             const char *value,
             GPtrArray  *warnings)
{
  int index = kpi_table_lookup (table, field);
  KpiColumn *col;
  const char *near = NULL;
  char *sentence;

  if (index < 0)
    return;
  col = kpi_table_column (table, index);
  if (col->kind != KPI_COLUMN_DIMENSION || value[0] == '\0' ||
      kpi_dict_lookup (col->dict, value, strlen (value)) != KPI_DIMENSION_MISSING)
    return;
  if (kpi_dict_get_size (col->dict) <= SUGGEST_MAX_VALUES)
    near = kpi_suggest (value, kpi_dict_get_strings (col->dict), kpi_dict_get_size (col->dict));
  if (near != NULL)
    sentence = g_strdup_printf ("%s has no value “%s”; did you mean “%s”?", field, value, near);
  else
    sentence = g_strdup_printf ("%s has no value “%s”", field, value);
  for (guint i = 0; i < warnings->len; i++)
    if (strcmp (g_ptr_array_index (warnings, i), sentence) == 0)
      {
        g_free (sentence);
        return;
      }
  g_ptr_array_add (warnings, sentence);
}

/**
 * kpi_formula_check_values:
 * @self: a formula
 * @dataset: the dataset it reads
 *
 * Finds the texts the formula compares a dimension with (`channel =
 * "onlin"`, `stage in ("Won", "lost")`) that the dimension has never held:
 * probably typos, which would otherwise give a sum of 0 or a count of
 * nothing without a word. These are warnings, not errors: a value may
 * appear in tomorrow's data. Evaluations flag their values with
 * %KPI_VALUE_FLAG_UNKNOWN_VALUE and carry the same sentences
 * ([method@Kpi.Value.get_warnings]).
 *
 * Returns: (transfer full) (nullable) (array zero-terminated=1): one
 *   sentence per unknown value, with its near miss when there is one
 *   (`channel has no value “onlin”; did you mean “online”?`), or %NULL
 *   when every value is known
 *
 * Since: 0.1
 */
char **
kpi_formula_check_values (KpiFormula *self,
                          KpiDataset *dataset)
{
  char **warnings;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (KPI_IS_DATASET (dataset), NULL);

  kpi_dataset_read_lock (dataset);
  warnings = kpi_formula_check_values_table (self, kpi_dataset_get_table (dataset));
  kpi_dataset_read_unlock (dataset);
  return warnings;
}

/* See kpi-formula-private.h */
char **
kpi_formula_check_values_table (KpiFormula *self,
                                KpiTable   *table)
{
  GPtrArray *warnings;

  warnings = g_ptr_array_new ();
  for (guint i = 0; i < self->nodes->len; i++)
    {
      const KpiNode *node = g_ptr_array_index (self->nodes, i);

      switch (node->kind)
        {
        case KPI_NODE_EQ:
        case KPI_NODE_NE:
          if (node->a->kind == KPI_NODE_FIELD && node->b->kind == KPI_NODE_STRING)
            check_value (table, node->a->text, node->b->text, warnings);
          else if (node->b->kind == KPI_NODE_FIELD && node->a->kind == KPI_NODE_STRING)
            check_value (table, node->b->text, node->a->text, warnings);
          break;
        case KPI_NODE_IN:
          if (node->a->kind == KPI_NODE_FIELD)
            for (guint k = 0; k < node->n_items; k++)
              if (node->items[k]->kind == KPI_NODE_STRING)
                check_value (table, node->a->text, node->items[k]->text, warnings);
          break;
        default:
          break;
        }
    }
  if (warnings->len == 0)
    {
      g_ptr_array_free (warnings, TRUE);
      return NULL;
    }
  g_ptr_array_add (warnings, NULL);
  return (char **) g_ptr_array_free (warnings, FALSE);
}

void
kpi_formula_append_key (const KpiNode *node,
                        GString       *out)
{
  switch (node->kind)
    {
    case KPI_NODE_NUMBER:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        g_string_append (out, g_ascii_dtostr (buf, sizeof buf, node->number));
        return;
      }
    case KPI_NODE_STRING:
    case KPI_NODE_FIELD:
    case KPI_NODE_REF:
      /* Length-prefixed: no quoting problem whatever the text holds. */
      g_string_append_printf (out, "%c%zu:", node->kind == KPI_NODE_STRING ? 's'
                                             : node->kind == KPI_NODE_FIELD ? 'f' : 'r',
                              strlen (node->text));
      g_string_append (out, node->text);
      return;
    case KPI_NODE_IN:
      g_string_append (out, node->negate ? "(notin " : "(in ");
      kpi_formula_append_key (node->a, out);
      for (guint i = 0; i < node->n_items; i++)
        {
          g_string_append_c (out, ' ');
          kpi_formula_append_key (node->items[i], out);
        }
      g_string_append_c (out, ')');
      return;
    case KPI_NODE_AGGREGATE:
      if (node->by != NULL)
        {
          g_string_append (out, "(snapshot ");
          kpi_formula_append_key (node->by, out);
          g_string_append_c (out, ' ');
        }
      g_string_append_printf (out, "(%s ", kpi_formula_agg_name (node->agg));
      if (node->a != NULL)
        kpi_formula_append_key (node->a, out);
      g_string_append (out, " where ");
      if (node->b != NULL)
        kpi_formula_append_key (node->b, out);
      g_string_append_c (out, ')');
      if (node->by != NULL)
        g_string_append_c (out, ')');
      return;
    case KPI_NODE_PREV:
      g_string_append_printf (out, "(prev%d ", node->offset);
      kpi_formula_append_key (node->a, out);
      g_string_append_c (out, ')');
      return;
    case KPI_NODE_LAST_YEAR:
      g_string_append (out, "(last_year ");
      kpi_formula_append_key (node->a, out);
      g_string_append_c (out, ')');
      return;
    default:
      g_string_append_printf (out, "(%s ", node->kind == KPI_NODE_NEG ? "neg" : operator_name (node->kind));
      kpi_formula_append_key (node->a, out);
      if (node->b != NULL)
        {
          g_string_append_c (out, ' ');
          kpi_formula_append_key (node->b, out);
        }
      g_string_append_c (out, ')');
      return;
    }
}
