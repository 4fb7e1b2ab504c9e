/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-formula-lexer.c: the tokens of the formula language
 *
 * Turns the text of a formula into tokens, one at a time, on demand of
 * the parser (kpi-formula-parser.c): numbers (decimal only: no hex, inf
 * or nan), quoted texts and backquoted names with their two escapes,
 * identifiers and keywords (case-insensitive), `@id` references and the
 * operators. A lexical error is the first error of the parse and names
 * its column. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi-formula-lexer-private.h"

void
kpi_parser_error (KpiParser       *p,
                  KpiFormulaError  code,
                  gsize            pos,
                  const char      *format,
                  ...)
{
  va_list args;

  if (p->error != NULL)
    return;
  va_start (args, format);
  p->error = kpi_formula_error_new_valist (p->formula, code, pos, format, args);
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

static const struct { const char *word; KpiTokenKind kind; } keywords[] = {
  { "and", T_AND }, { "or", T_OR }, { "not", T_NOT }, { "in", T_IN }, { "where", T_WHERE },
};

/* Quoted text ("..." or `...`) starting at @i: decodes the two escapes. */
static gboolean
lex_quoted (KpiParser *p,
            gsize      i,
            char       quote,
            KpiToken  *t)
{
  GString *buf = g_string_new (NULL);
  gsize j = i + 1;

  for (;;)
    {
      if (j >= p->len)
        {
          kpi_parser_error (p, KPI_FORMULA_ERROR_SYNTAX, i,
                            quote == '"' ? "unterminated string"
                                         : "unterminated name; close it with `");
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
          kpi_parser_error (p, KPI_FORMULA_ERROR_SYNTAX, j,
                            "invalid escape: only \\%c and \\\\ are allowed in %s",
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
      kpi_parser_error (p, KPI_FORMULA_ERROR_SYNTAX, i, "empty name");
      return FALSE;
    }
  return TRUE;
}

/* A decimal number: digits, an optional fraction, an optional exponent.
 * g_ascii_strtod would also take hexadecimal, "inf" and "nan", so the
 * lexeme is delimited here and only then converted. */
static gboolean
lex_number (KpiParser *p,
            gsize      i,
            KpiToken  *t)
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
          kpi_parser_error (p, KPI_FORMULA_ERROR_SYNTAX, i,
                            "malformed number: the exponent has no digits");
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
      kpi_parser_error (p, KPI_FORMULA_ERROR_SYNTAX, i, "number too large");
      return FALSE;
    }
  return TRUE;
}

/* Reads the token at byte @i (after spaces) into @t, or sets an error. */
void
kpi_lex_at (KpiParser *p,
            gsize      i,
            KpiToken  *t)
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
            kpi_parser_error (p, KPI_FORMULA_ERROR_SYNTAX, i,
                              "expected an indicator id after “@”");
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
    kpi_parser_error (p, KPI_FORMULA_ERROR_SYNTAX, i, "unexpected character “%s”", ch);
    t->kind = T_ERROR;
  }
}

void
kpi_lex_advance (KpiParser *p)
{
  gsize from = p->tok.end;

  g_clear_pointer (&p->tok.text, g_free);
  kpi_lex_at (p, from, &p->tok);
}

KpiTokenKind
kpi_lex_peek_kind (KpiParser *p)
{
  KpiToken t;
  KpiTokenKind kind;
  GError *saved = p->error;

  /* Peeking must not report errors: the real lexing will. */
  p->error = NULL;
  kpi_lex_at (p, p->tok.end, &t);
  kind = t.kind;
  g_free (t.text);
  g_clear_error (&p->error);
  p->error = saved;
  return kind;
}

/* The bytes of a token an error message quotes: a longer one (a long
 * string literal) is cut at a character boundary within them. */
#define TOKEN_QUOTE_BYTES 40

/* How a token reads in an error message. */
char *
kpi_lex_describe_token (KpiParser      *p,
                        const KpiToken *t)
{
  gsize n = t->end - t->start;

  if (t->kind == T_END)
    return g_strdup ("the end of the formula");
  if (n > TOKEN_QUOTE_BYTES)
    {
      const char *cut = g_utf8_find_prev_char (p->s + t->start,
                                               p->s + t->start + TOKEN_QUOTE_BYTES);
      return g_strdup_printf ("“%.*s…”", (int) (cut - (p->s + t->start)), p->s + t->start);
    }
  return g_strdup_printf ("“%.*s”", (int) n, p->s + t->start);
}

gboolean
kpi_lex_expect (KpiParser    *p,
                KpiTokenKind  kind,
                const char   *what)
{
  if (p->tok.kind == T_ERROR)
    return FALSE;
  if (p->tok.kind != kind)
    {
      char *found = kpi_lex_describe_token (p, &p->tok);
      kpi_parser_error (p, KPI_FORMULA_ERROR_SYNTAX, p->tok.start,
                        "expected %s, found %s", what, found);
      g_free (found);
      return FALSE;
    }
  kpi_lex_advance (p);
  return TRUE;
}
