/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-formula-parser.c: the grammar of the formula language
 *
 * A recursive descent over the tokens of kpi-formula-lexer.c, one function
 * per precedence level (or, and, not, comparisons and `in`, + -, * /,
 * unary signs, primaries and function calls), that builds the tree of
 * kpi-formula-ast-private.h. The names of the functions and the words
 * people reach for instead (`average` for `avg`) are here; so are the
 * checks that need no dataset ("shapes": a condition is not a value, a
 * field lives inside an aggregate). What depends on a dataset is the
 * checker's (kpi-formula-checker.c). */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi-formula-lexer-private.h"
#include "kpi-formula-parser-private.h"
#include "kpi-suggest-private.h"

/* The most periods prev(e, n) looks back: a mistyped number of periods
 * is an error rather than an evaluation centuries back. */
#define MAX_PREV_PERIODS 10000

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

gboolean
kpi_formula_agg_takes_field (KpiAggKind agg)
{
  return agg == KPI_AGG_COUNT_DISTINCT || agg == KPI_AGG_NEW ||
         agg == KPI_AGG_RETAINED || agg == KPI_AGG_CHURNED;
}

/* ------------------------------------------------------------------------ */
/* The descent: one function per precedence level, lowest first. */

static KpiNode *
new_node (KpiParser   *p,
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
    kpi_parser_error (p, KPI_FORMULA_ERROR_SYNTAX, pos,
                      "the formula is too complex: it nests more than %d levels",
                      KPI_FORMULA_MAX_DEPTH);
  return node;
}

static KpiNode *parse_or (KpiParser *p);

static gboolean
enter (KpiParser *p)
{
  if (++p->depth > KPI_FORMULA_MAX_DEPTH)
    {
      kpi_parser_error (p, KPI_FORMULA_ERROR_SYNTAX, p->tok.start,
                        "the formula is too complex: it nests more than %d levels",
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
parse_snapshot (KpiParser *p,
                gsize      pos)
{
  KpiNode *entity, *agg;

  if (p->in_agg)
    {
      kpi_parser_error (p, KPI_FORMULA_ERROR_TYPE, pos,
                        "snapshot() cannot be used inside an aggregate; put the aggregate inside it, "
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
      kpi_parser_error (p, KPI_FORMULA_ERROR_TYPE, entity->start,
                        "snapshot() needs a field name, the entity whose latest rows count, "
                        "as in snapshot(opportunity, sum(amount))");
      return NULL;
    }
  if (!kpi_lex_expect (p, T_COMMA, "“,” and an aggregate"))
    return NULL;
  agg = parse_or (p);
  if (agg == NULL)
    return NULL;
  if (agg->kind != KPI_NODE_AGGREGATE || agg->by != NULL)
    {
      kpi_parser_error (p, KPI_FORMULA_ERROR_TYPE, agg->start,
                        "snapshot() takes one aggregate, as in snapshot(opportunity, sum(amount))");
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
      kpi_parser_error (p, KPI_FORMULA_ERROR_TYPE, agg->pos,
                        "%s cannot be taken over the latest rows: snapshot() takes "
                        "sum, avg, min, max, median, count or count_distinct",
                        kpi_formula_agg_name (agg->agg));
      return NULL;
    }
  if (!kpi_lex_expect (p, T_RPAREN, "“)”"))
    return NULL;
  agg->by = entity;
  agg->start = pos;
  return agg;
}

static KpiNode *
parse_function (KpiParser *p)
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
        kpi_parser_error (p, KPI_FORMULA_ERROR_UNKNOWN_FUNCTION, pos,
                          "unknown function “%s”; did you mean “%s”?", name, best);
      else
        kpi_parser_error (p, KPI_FORMULA_ERROR_UNKNOWN_FUNCTION, pos,
                          "unknown function “%s”", name);
      g_free (name);
      return NULL;
    }
  g_free (name);
  kpi_lex_advance (p);   /* the name */
  kpi_lex_advance (p);   /* the ( */

  if (functions[fn].kind == FN_AGGREGATE)
    {
      KpiAggKind agg = functions[fn].agg;
      KpiNode *arg = NULL, *where = NULL;

      if (p->in_agg)
        {
          kpi_parser_error (p, KPI_FORMULA_ERROR_TYPE, pos,
                            "aggregates cannot be nested: “%s” is inside another aggregate",
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
          kpi_lex_advance (p);
          where = parse_or (p);
          if (where == NULL)
            return NULL;
        }
      p->in_agg = FALSE;
      if (!kpi_lex_expect (p, T_RPAREN, "“)”"))
        return NULL;
      if (arg == NULL && agg != KPI_AGG_COUNT)
        {
          kpi_parser_error (p, KPI_FORMULA_ERROR_SYNTAX, pos,
                            kpi_formula_agg_takes_field (agg)
                              ? "%s needs a field, such as %s(customer)"
                              : "%s needs a value, such as %s(amount)",
                            functions[fn].name, functions[fn].name);
          return NULL;
        }
      if (kpi_formula_agg_takes_field (agg) && arg->kind != KPI_NODE_FIELD)
        {
          kpi_parser_error (p, KPI_FORMULA_ERROR_TYPE, arg->start,
                            "%s needs a field name, such as %s(customer)",
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
      kpi_parser_error (p, KPI_FORMULA_ERROR_TYPE, pos,
                        "%s() cannot be used inside an aggregate; put the aggregate inside it, as in %s(sum(amount))",
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
        kpi_lex_advance (p);
        if (p->tok.kind != T_NUMBER || p->tok.number != floor (p->tok.number) ||
            p->tok.number < 1 || p->tok.number > MAX_PREV_PERIODS)
          {
            kpi_parser_error (p, KPI_FORMULA_ERROR_SYNTAX, p->tok.start,
                              "expected a whole number of periods (1 to "
                              G_STRINGIFY (MAX_PREV_PERIODS) ")");
            return NULL;
          }
        n = (int) p->tok.number;
        kpi_lex_advance (p);
      }
    if (!kpi_lex_expect (p, T_RPAREN, "“)”"))
      return NULL;
    node = new_node (p, functions[fn].kind == FN_PREV ? KPI_NODE_PREV : KPI_NODE_LAST_YEAR,
                     pos, arg, NULL);
    node->offset = n;
  }
  return node;
}

static KpiNode *
parse_primary (KpiParser *p)
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
      kpi_lex_advance (p);
      return node;
    case T_STRING:
      node = new_node (p, KPI_NODE_STRING, pos, NULL, NULL);
      node->text = g_steal_pointer (&p->tok.text);
      kpi_lex_advance (p);
      return node;
    case T_REF:
      if (p->in_agg)
        {
          kpi_parser_error (p, KPI_FORMULA_ERROR_TYPE, pos,
                            "the indicator @%s cannot be used inside an aggregate",
                            p->tok.text);
          return NULL;
        }
      node = new_node (p, KPI_NODE_REF, pos, NULL, NULL);
      node->text = g_steal_pointer (&p->tok.text);
      add_name (p->formula->references, node->text);
      kpi_lex_advance (p);
      return node;
    case T_LPAREN:
      kpi_lex_advance (p);
      node = parse_or (p);
      if (node == NULL || !kpi_lex_expect (p, T_RPAREN, "“)”"))
        return NULL;
      return node;
    case T_IDENT:
      if (kpi_lex_peek_kind (p) == T_LPAREN)
        return parse_function (p);
      for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
        if (g_ascii_strcasecmp (p->tok.text, functions[i].name) == 0)
          {
            kpi_parser_error (p, KPI_FORMULA_ERROR_SYNTAX, p->tok.end,
                              "expected “(” after “%s” (to use a field named “%s”, write `%s`)",
                              p->tok.text, p->tok.text, p->tok.text);
            return NULL;
          }
      G_GNUC_FALLTHROUGH;
    case T_QIDENT:
      if (!p->in_agg)
        {
          kpi_parser_error (p, KPI_FORMULA_ERROR_TYPE, pos,
                            "field “%s” must be inside an aggregate such as sum(%s)",
                            p->tok.text, p->tok.text);
          return NULL;
        }
      node = new_node (p, KPI_NODE_FIELD, pos, NULL, NULL);
      node->text = g_steal_pointer (&p->tok.text);
      add_name (p->formula->fields, node->text);
      kpi_lex_advance (p);
      return node;
    case T_END:
      kpi_parser_error (p, KPI_FORMULA_ERROR_SYNTAX, pos,
                        "the formula ends too early: expected a number, a field or a function");
      return NULL;
    default:
      {
        char *found = kpi_lex_describe_token (p, &p->tok);
        kpi_parser_error (p, KPI_FORMULA_ERROR_SYNTAX, pos,
                          "expected a number, a field or a function, found %s", found);
        g_free (found);
        return NULL;
      }
    }
}

/* The operand of the prefix operator at the current token (`-`, `+`,
 * `not`): the operator is consumed and @parse reads the operand, one level
 * deeper, so that a long run of prefixes hits the depth limit. */
static KpiNode *
parse_prefixed (KpiParser  *p,
                KpiNode  *(*parse) (KpiParser *p))
{
  KpiNode *a;

  if (!enter (p))
    return NULL;
  kpi_lex_advance (p);
  a = parse (p);
  p->depth--;
  return a;
}

static KpiNode *
parse_unary (KpiParser *p)
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
parse_mul (KpiParser *p)
{
  KpiNode *left = parse_unary (p);

  while (left != NULL && (p->tok.kind == T_STAR || p->tok.kind == T_SLASH))
    {
      KpiNodeKind kind = p->tok.kind == T_STAR ? KPI_NODE_MUL : KPI_NODE_DIV;
      gsize pos = p->tok.start;
      KpiNode *right;

      kpi_lex_advance (p);
      right = parse_unary (p);
      if (right == NULL)
        return NULL;
      left = new_node (p, kind, pos, left, right);
    }
  return left;
}

static KpiNode *
parse_add (KpiParser *p)
{
  KpiNode *left = parse_mul (p);

  while (left != NULL && (p->tok.kind == T_PLUS || p->tok.kind == T_MINUS))
    {
      KpiNodeKind kind = p->tok.kind == T_PLUS ? KPI_NODE_ADD : KPI_NODE_SUB;
      gsize pos = p->tok.start;
      KpiNode *right;

      kpi_lex_advance (p);
      right = parse_mul (p);
      if (right == NULL)
        return NULL;
      left = new_node (p, kind, pos, left, right);
    }
  return left;
}

static gboolean
is_comparison (KpiTokenKind kind)
{
  return kind == T_EQ || kind == T_NE || kind == T_LT || kind == T_LE ||
         kind == T_GT || kind == T_GE;
}

static KpiNode *
parse_in_list (KpiParser *p,
               KpiNode   *left,
               gsize      pos,
               gboolean   negate)
{
  GPtrArray *items = g_ptr_array_new ();
  KpiNode *node;

  if (!kpi_lex_expect (p, T_LPAREN, "“(” and a list of values"))
    goto fail;
  for (;;)
    {
      gsize item_pos = p->tok.start;
      gboolean minus = FALSE;
      KpiNode *item;

      if (p->tok.kind == T_MINUS)
        {
          minus = TRUE;
          kpi_lex_advance (p);
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
            kpi_parser_error (p, KPI_FORMULA_ERROR_SYNTAX, p->tok.start,
                              "expected a number or a text in quotes: “in” takes a list of values");
          goto fail;
        }
      g_ptr_array_add (items, item);
      kpi_lex_advance (p);
      if (p->tok.kind == T_COMMA)
        {
          kpi_lex_advance (p);
          continue;
        }
      if (!kpi_lex_expect (p, T_RPAREN, "“,” or “)”"))
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
parse_comparison (KpiParser *p)
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

      kpi_lex_advance (p);
      right = parse_add (p);
      if (right == NULL)
        return NULL;
      node = new_node (p, kind, pos, left, right);
    }
  else if (p->tok.kind == T_IN)
    {
      kpi_lex_advance (p);
      node = parse_in_list (p, left, pos, FALSE);
    }
  else if (p->tok.kind == T_NOT && kpi_lex_peek_kind (p) == T_IN)
    {
      kpi_lex_advance (p);
      kpi_lex_advance (p);
      node = parse_in_list (p, left, pos, TRUE);
    }
  else
    return left;

  if (node != NULL && (is_comparison (p->tok.kind) || p->tok.kind == T_IN))
    {
      kpi_parser_error (p, KPI_FORMULA_ERROR_SYNTAX, p->tok.start,
                        "comparisons cannot be chained; join them with “and”");
      return NULL;
    }
  return node;
}

static KpiNode *
parse_not (KpiParser *p)
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
parse_and (KpiParser *p)
{
  KpiNode *left = parse_not (p);

  while (left != NULL && p->tok.kind == T_AND)
    {
      gsize pos = p->tok.start;
      KpiNode *right;

      kpi_lex_advance (p);
      right = parse_not (p);
      if (right == NULL)
        return NULL;
      left = new_node (p, KPI_NODE_AND, pos, left, right);
    }
  return left;
}

static KpiNode *
parse_or (KpiParser *p)
{
  KpiNode *left;

  if (!enter (p))
    return NULL;
  left = parse_and (p);
  while (left != NULL && p->tok.kind == T_OR)
    {
      gsize pos = p->tok.start;
      KpiNode *right;

      kpi_lex_advance (p);
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
check_shapes (KpiParser *p,
              KpiNode   *node,
              gboolean   row)
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
          kpi_parser_error (p, KPI_FORMULA_ERROR_TYPE, node->pos,
                            "the text “%s” can only be compared with a field inside an aggregate",
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
          if (kpi_formula_is_condition (c))
            {
              kpi_parser_error (p, KPI_FORMULA_ERROR_TYPE, c->pos,
                                row ? "the condition is not a number"
                                    : "the condition is not a number; count the rows that meet it with count(...)");
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
          kpi_parser_error (p, KPI_FORMULA_ERROR_TYPE, node->pos,
                            "the condition “%s” can only be used inside an aggregate, as in count(score >= 9) or sum(amount where channel = \"online\")",
                            kpi_formula_operator_name (node->kind));
          return FALSE;
        }
      for (KpiNode *c = node->a; c != NULL; c = c == node->a ? node->b : NULL)
        {
          gboolean want = node->kind == KPI_NODE_AND || node->kind == KPI_NODE_OR ||
                          node->kind == KPI_NODE_NOT;
          if (kpi_formula_is_condition (c) != want)
            {
              if (want)
                kpi_parser_error (p, KPI_FORMULA_ERROR_TYPE, c->pos,
                                  "“%s” needs conditions, but the value is not one",
                                  kpi_formula_operator_name (node->kind));
              else
                kpi_parser_error (p, KPI_FORMULA_ERROR_TYPE, c->pos,
                                  "“%s” compares values, but the condition is not one; use “and” or “or” to join conditions",
                                  kpi_formula_operator_name (node->kind));
              return FALSE;
            }
          if (!check_shapes (p, c, row))
            return FALSE;
        }
      return TRUE;
    case KPI_NODE_AGGREGATE:
      if (node->a != NULL)
        {
          if (node->agg != KPI_AGG_COUNT && kpi_formula_is_condition (node->a))
            {
              kpi_parser_error (p, KPI_FORMULA_ERROR_TYPE, node->a->pos,
                                "%s needs a value, but the condition is not one; to count the rows that meet a condition, use count(...)",
                                kpi_formula_agg_name (node->agg));
              return FALSE;
            }
          if (!check_shapes (p, node->a, TRUE))
            return FALSE;
        }
      if (node->b != NULL)
        {
          if (!kpi_formula_is_condition (node->b))
            {
              kpi_parser_error (p, KPI_FORMULA_ERROR_TYPE, node->b->pos,
                                "“where” needs a condition, such as channel = \"online\"");
              return FALSE;
            }
          if (!check_shapes (p, node->b, TRUE))
            return FALSE;
        }
      return TRUE;
    case KPI_NODE_PREV:
    case KPI_NODE_LAST_YEAR:
      if (kpi_formula_is_condition (node->a))
        {
          kpi_parser_error (p, KPI_FORMULA_ERROR_TYPE, node->a->pos,
                            "the condition “%s” can only be used inside an aggregate",
                            kpi_formula_operator_name (node->a->kind));
          return FALSE;
        }
      return check_shapes (p, node->a, FALSE);
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The whole formula */

/* Parses the text of @formula: its root, its nodes in formula->nodes and
 * the names it reads in formula->fields and formula->references, or NULL
 * with @error set. */
KpiNode *
kpi_formula_parse_tree (KpiFormula  *formula,
                        GError     **error)
{
  const char *bad = NULL;
  KpiParser p = { 0 };
  KpiNode *root;

  p.formula = formula;
  p.s = formula->text;
  p.len = strlen (formula->text);

  if (!g_utf8_validate (formula->text, -1, &bad))
    {
      g_set_error (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_SYNTAX,
                   "column %u: the formula is not valid UTF-8 text",
                   (guint) g_utf8_pointer_to_offset (formula->text, bad) + 1);
      return NULL;
    }

  kpi_lex_at (&p, 0, &p.tok);
  if (p.tok.kind == T_END)
    {
      g_set_error_literal (error, KPI_FORMULA_ERROR, KPI_FORMULA_ERROR_SYNTAX,
                           "the formula is empty");
      return NULL;
    }

  root = parse_or (&p);
  if (root != NULL && p.error == NULL && p.tok.kind != T_END)
    {
      char *found = kpi_lex_describe_token (&p, &p.tok);
      if (p.tok.kind == T_WHERE)
        kpi_parser_error (&p, KPI_FORMULA_ERROR_SYNTAX, p.tok.start,
                          "“where” must be inside the parentheses of an aggregate, as in sum(amount where channel = \"online\")");
      else if (p.tok.kind == T_RPAREN)
        kpi_parser_error (&p, KPI_FORMULA_ERROR_SYNTAX, p.tok.start,
                          "unbalanced “)”");
      else
        kpi_parser_error (&p, KPI_FORMULA_ERROR_SYNTAX, p.tok.start,
                          "expected an operator or the end of the formula, found %s", found);
      g_free (found);
    }
  if (p.error == NULL && root != NULL && kpi_formula_is_condition (root))
    kpi_parser_error (&p, KPI_FORMULA_ERROR_TYPE, root->pos,
                      "the condition “%s” can only be used inside an aggregate, as in count(score >= 9)",
                      kpi_formula_operator_name (root->kind));
  if (p.error == NULL && root != NULL)
    check_shapes (&p, root, FALSE);
  g_free (p.tok.text);

  if (p.error != NULL || root == NULL)
    {
      g_assert (p.error != NULL);
      g_propagate_error (error, p.error);
      return NULL;
    }
  return root;
}
