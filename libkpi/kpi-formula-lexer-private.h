/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-formula-lexer-private.h: the tokens of the formula language, and the
 * state of one parse, shared by the lexer (kpi-formula-lexer.c) and the
 * parser (kpi-formula-parser.c).
 *
 * Not installed, not scanned. */

#pragma once

#include "kpi.h"
#include "kpi-formula-ast-private.h"

G_BEGIN_DECLS

/* The kinds of token. Keywords (and, or, not, in, where) have their own
 * kind; function names are T_IDENT, told apart by the parser. */
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
} KpiTokenKind;

typedef struct
{
  KpiTokenKind  kind;
  gsize         start;   /* byte offset of its first byte in the text */
  gsize         end;     /* byte offset just after it */
  double        number;  /* T_NUMBER: its value, finite */
  char         *text;    /* T_STRING, T_IDENT, T_QIDENT, T_REF: decoded */
} KpiToken;

/* The state of one parse: the lexer's position (the current token) and
 * the descent's. */
typedef struct
{
  KpiFormula  *formula;   /* being parsed: the parser adds its nodes */
  const char  *s;         /* formula->text, valid UTF-8 */
  gsize        len;       /* its length in bytes */
  KpiToken     tok;       /* the current token, read ahead by one */
  guint        depth;     /* recursion depth of the descent */
  gboolean     in_agg;    /* inside the parentheses of an aggregate: row
                           * level, where fields and conditions are */
  GError      *error;     /* the first error; later ones are dropped */
} KpiParser;

/* Sets the error of the parse unless one is set, at byte @pos (its
 * message starts with the column: see kpi_formula_error_new_valist()). */
void          kpi_parser_error       (KpiParser       *p,
                                      KpiFormulaError  code,
                                      gsize            pos,
                                      const char      *format,
                                      ...) G_GNUC_PRINTF (4, 5);
/* Reads the token at byte @i (after spaces) into @t; on a lexical error
 * sets the error and gives a T_ERROR token. */
void          kpi_lex_at             (KpiParser *p,
                                      gsize      i,
                                      KpiToken  *t);
/* Reads the token after the current one into p->tok. */
void          kpi_lex_advance        (KpiParser *p);
/* The kind of the token after the current one, without reading it nor
 * reporting its errors. */
KpiTokenKind  kpi_lex_peek_kind      (KpiParser *p);
/* How a token reads in an error message: “sum”, the end of the formula. */
char         *kpi_lex_describe_token (KpiParser      *p,
                                      const KpiToken *t);
/* Reads a token of @kind, or sets an error ("column N: expected @what,
 * found ...") and gives FALSE. */
gboolean      kpi_lex_expect         (KpiParser    *p,
                                      KpiTokenKind  kind,
                                      const char   *what);

G_END_DECLS
