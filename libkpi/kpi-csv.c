/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-csv.c: CSV (RFC 4180) to a KpiTable.
 *
 * The dialect: a header row naming the columns; one delimiter byte (option
 * "delimiter"); fields optionally quoted with '"', a quote inside a quoted
 * field doubled; quoted fields may hold delimiters and line breaks; lines end
 * with LF, CRLF or a lone CR; a final line needs no line break.  The data is
 * UTF-8, with or without a byte order mark.
 *
 * Lenient where real exports are sloppy and no meaning is lost: a quote in
 * the middle of an unquoted field is an ordinary character (5" screen);
 * spaces around unquoted header names are dropped; any run of empty lines at
 * the end of the data is ignored.  Strict where guessing would corrupt data:
 * every row has exactly as many fields as the header, so an empty line in the
 * middle of the data is a ragged row, except in a file of a single column,
 * where it is a row whose only value (the time) is empty, which is an
 * invalid time either way.
 *
 * Speed is the point of this file (a 10-million-row export should load in
 * about a second): one pass over the bytes, a 256-entry class table to find
 * the end of an unquoted field, fields used in place (only a quoted field
 * holding "" is unescaped, into a scratch buffer reused for every field), a
 * cache of the last time text and of the last value of every dimension
 * column, and an inline fast path for plain numbers.  Column kinds are
 * guessed optimistically (every column not forced is a measure until a value
 * is not a number); when a guess turns out wrong the parse restarts once for
 * that column, which in practice happens on the first row. */

#include "config.h"

#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <sys/mman.h>

#include "kpi-parse-private.h"

/* What stops an unquoted field */
enum {
  CLASS_TEXT = 0,
  CLASS_STOP = 1,   /* delimiter, CR, LF, NUL */
};

#define PROGRESS_STEP     ((gsize) 1 << 20)
#define CANCEL_CHECK_MASK 0xFFFF     /* every 65536 rows */
#define ESTIMATE_AT_ROW   4096       /* rows after which capacity is estimated */
#define SHOWN_CHARS       40         /* characters of a value quoted in a message */

typedef struct
{
  const char   *text;    /* the value: in the data, or in the scratch buffer */
  gsize         len;
  const char   *start;   /* where the field starts in the data */
  gboolean      in_place;
} Field;

/* A dimension value of up to 16 bytes, held in two words (zero padded), and
 * its code: a probe compares three integers, without touching the data or
 * the dictionary. */
typedef struct
{
  guint64 w0, w1;
  guint32 len;        /* 0: a free slot (empty values never get here) */
  guint32 code;
} DimSlot;

#define SHORT_KEY        16
#define SLOTS_INITIAL    64
/* Past this many distinct values (24 MB of slots) new values go to the
 * dictionary directly: a column of unique identifiers must not make the
 * cache as big as the data. */
#define SLOTS_MAX_USED   (1u << 19)

typedef struct
{
  char          *name;
  KpiColumnKind  kind;
  gboolean       fixed;        /* forced by the options or the dataset */
  guint          table_index;

  /* Per pass */
  KpiColumn     *column;
  gpointer       data;         /* column->times, values or codes */
  /* The last in-place value and what it gave: sorted data repeat it. */
  const char    *last_text;
  gsize          last_len;
  guint32        last_code;
  gint64         last_time;
  /* The last short time text, as a key */
  guint64        last_key[2];
  gsize          last_key_len;
  /* Dimension values of up to 16 bytes and their codes, see lookup_short */
  DimSlot       *slots;
  guint          mask;
  guint          n_slots_used;
  /* The short value of the previous row, whose slot is being prefetched:
   * see resolve_pending. */
  gboolean       pending;
  guint64        pending_w0, pending_w1;
  guint          pending_hash;
  gsize          pending_row;
  Field          pending_field;
} CsvColumn;

typedef enum {
  PASS_DONE,
  PASS_FAILED,
  PASS_RESTART,          /* a guessed measure column is a dimension */
} PassResult;

typedef struct
{
  const KpiLoadContext *ctx;
  const char    *source;
  const char    *data;          /* as given, for progress */
  gsize          length;
  const char    *begin;         /* after the byte order mark */
  const char    *end;
  guint8         classes[256];
  /* The stop bytes of the 64 bytes from scan_base, one bit each; the end of
   * the data counts as a stop.  See find_stop. */
  const char    *scan_base;
  guint64        scan_mask;
  char           delimiter;
  char           decimal;
  char           thousands;
  const char    *time_name;

  CsvColumn     *columns;       /* in header order */
  guint          n_columns;
  guint          time_column;   /* header index of the time column */
  const char    *rows_begin;    /* first byte after the header */

  KpiTimeParser *time_parser;
  GByteArray    *scratch;       /* unescaped quoted fields */
  KpiTable      *table;

  gsize          progress_done; /* highest value reported, over restarts */
  const char    *next_progress;
} CsvParser;

/* ------------------------------------------------------------------------ */
/* Messages */

/* 1-based line and character column of @at, counted from the start of the
 * data: done only for a message, so the parse loop tracks no lines. */
static void
position_of (CsvParser  *parser,
             const char *at,
             gsize      *line,
             gsize      *column)
{
  const char *line_start = parser->begin;
  const char *p;
  gsize n = 1, col = 1;

  for (p = parser->begin; p < at; p++)
    {
      if (*p == '\n' || (*p == '\r' && (p + 1 >= parser->end || p[1] != '\n')))
        {
          n++;
          line_start = p + 1;
        }
    }
  for (p = line_start; p < at; p++)
    if (((guchar) *p & 0xC0) != 0x80)
      col++;
  *line = n;
  *column = col;
}

/* A value as a message shows it: at most SHOWN_CHARS characters, invalid
 * UTF-8 as U+FFFD, control characters escaped. */
static char *
shown_text (const char *text,
            gsize       len)
{
  GString *out = g_string_sized_new (MIN (len, SHOWN_CHARS * 2) + 8);
  const char *p = text;
  const char *end = text + len;
  guint n = 0;

  while (p < end)
    {
      gunichar c;
      const char *next;

      if (n == SHOWN_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append (out, "\xef\xbf\xbd");
          p++;
          n++;
          continue;
        }
      next = g_utf8_next_char (p);
      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7F)
        g_string_append_printf (out, "\\x%02X", c);
      else
        g_string_append_len (out, p, next - p);
      p = next;
      n++;
    }
  return g_string_free (out, FALSE);
}

static void set_error (CsvParser   *parser,
                       GError     **error,
                       int          code,
                       const char  *at,
                       const char  *format,
                       ...) G_GNUC_PRINTF (5, 6);

/* Sets @error to "SOURCE:LINE:COLUMN: message", the position being @at's. */
static void
set_error (CsvParser   *parser,
           GError     **error,
           int          code,
           const char  *at,
           const char  *format,
           ...)
{
  va_list args;
  char *message;
  gsize line, column;

  if (error == NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  position_of (parser, at, &line, &column);
  g_set_error (error, KPI_DATASET_ERROR, code,
               "%s:%" G_GSIZE_FORMAT ":%" G_GSIZE_FORMAT ": %s",
               parser->source, line, column, message);
  g_free (message);
}

/* "1234.56", "1 234,56": what a number looks like with these options */
static const char *
number_example (CsvParser *parser)
{
  static const char *const examples[] = {
    "1234.56", "1234,56", "1 234.56", "1 234,56", "1,234.56", "1.234,56",
    "1'234.56", "1'234,56",
  };
  int dec = parser->decimal == ',' ? 1 : 0;

  switch (parser->thousands)
    {
    case ' ': return examples[2 + dec];
    case ',': return examples[4];
    case '.': return examples[5];
    case '\'': return examples[6 + dec];
    default: return examples[dec];
    }
}

static gboolean
text_is_utf8 (const char *text,
              gsize       len)
{
  return memchr (text, '\0', len) == NULL && g_utf8_validate_len (text, len, NULL);
}

static void
set_encoding_error (CsvParser   *parser,
                    GError     **error,
                    const Field *field,
                    const char  *what)
{
  g_autofree char *shown = shown_text (field->text, field->len);

  if (memchr (field->text, '\0', field->len) != NULL)
    set_error (parser, error, KPI_DATASET_ERROR_ENCODING, field->start,
               "NUL byte in %s “%s”: expected UTF-8 text, not binary data",
               what, shown);
  else
    set_error (parser, error, KPI_DATASET_ERROR_ENCODING, field->start,
               "invalid UTF-8 in %s “%s”: expected UTF-8 text "
               "(convert the data to UTF-8)", what, shown);
}

/* ------------------------------------------------------------------------ */
/* Fields */

static gboolean read_quoted_field (CsvParser   *parser,
                                   const char **pp,
                                   Field       *field,
                                   GError     **error);

/* Finding the end of unquoted fields: a bit mask of the stop bytes (the
 * delimiter, CR, LF, NUL) of 64 bytes at a time, computed with SSE2 where
 * there is SSE2.  Fields are short and vary in length, so a byte loop would
 * mispredict its exit at nearly every field; here a field end costs a shift
 * and a count of trailing zeros. */
static guint64
stop_mask (CsvParser  *parser,
           const char *base)
{
  gsize avail = parser->end - base;
  guint64 mask = 0;

  if (avail >= 64)
    {
#ifdef __SSE2__
      const __m128i delimiter = _mm_set1_epi8 (parser->delimiter);
      const __m128i lf = _mm_set1_epi8 ('\n');
      const __m128i cr = _mm_set1_epi8 ('\r');
      const __m128i nul = _mm_setzero_si128 ();

      for (guint k = 0; k < 4; k++)
        {
          __m128i v = _mm_loadu_si128 ((const __m128i *) (gconstpointer) (base + 16 * k));
          __m128i m = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, delimiter),
                                                  _mm_cmpeq_epi8 (v, lf)),
                                    _mm_or_si128 (_mm_cmpeq_epi8 (v, cr),
                                                  _mm_cmpeq_epi8 (v, nul)));
          mask |= (guint64) (guint16) _mm_movemask_epi8 (m) << (16 * k);
        }
#else
      for (guint i = 0; i < 64; i++)
        mask |= (guint64) parser->classes[(guchar) base[i]] << i;
#endif
      return mask;
    }

  /* The last bytes: the end of the data stops a field too */
  for (gsize i = 0; i < avail; i++)
    mask |= (guint64) parser->classes[(guchar) base[i]] << i;
  return mask | (G_GUINT64_CONSTANT (1) << avail);
}

static void
scan_reset (CsvParser  *parser,
            const char *p)
{
  parser->scan_base = p;
  parser->scan_mask = stop_mask (parser, p);
}

static G_NO_INLINE const char *
find_stop_slow (CsvParser  *parser,
                const char *p)
{
  /* No stop left in the block: the next one; past the block: from @p */
  const char *base = (gsize) (p - parser->scan_base) < 64 ? parser->scan_base + 64 : p;

  for (;;)
    {
      scan_reset (parser, base);
      if (parser->scan_mask != 0)
        return base + __builtin_ctzll (parser->scan_mask);
      base += 64;
    }
}

/* The first stop byte at or after @p (which never goes backwards), or the
 * end of the data. */
static inline const char *
find_stop (CsvParser  *parser,
           const char *p)
{
  gsize off = p - parser->scan_base;

  if (G_LIKELY (off < 64))
    {
      guint64 m = parser->scan_mask >> off;
      if (G_LIKELY (m != 0))
        return p + __builtin_ctzll (m);
    }
  return find_stop_slow (parser, p);
}

/* Reads the field at *@pp and leaves *@pp on what ends it: the delimiter, CR,
 * LF or the end of the data. */
static inline gboolean
read_field (CsvParser   *parser,
            const char **pp,
            Field       *field,
            GError     **error)
{
  const char *p = *pp;

  field->start = p;
  if (G_UNLIKELY (p < parser->end && *p == '"'))
    return read_quoted_field (parser, pp, field, error);
  p = find_stop (parser, p);

  field->text = field->start;
  field->len = p - field->start;
  field->in_place = TRUE;
  *pp = p;

  if (G_UNLIKELY (p < parser->end && *p == '\0'))
    {
      field->len++;   /* show the NUL */
      set_encoding_error (parser, error, field, "a value");
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_quoted_field (CsvParser   *parser,
                   const char **pp,
                   Field       *field,
                   GError     **error)
{
  const char *open = *pp;
  const char *segment = open + 1;
  const char *end = parser->end;
  gboolean unescaped = FALSE;
  const char *p;

  for (;;)
    {
      const char *quote = memchr (segment, '"', end - segment);

      if (quote == NULL)
        {
          g_autofree char *shown = shown_text (open, end - open);
          set_error (parser, error, KPI_DATASET_ERROR_PARSE, open,
                     "unterminated quoted field “%s”: expected a closing quote "
                     "(\") before the end of the data", shown);
          return FALSE;
        }
      if (quote + 1 < end && quote[1] == '"')
        {
          /* "" stands for one quote: copy up to and including the first */
          if (!unescaped)
            {
              g_byte_array_set_size (parser->scratch, 0);
              unescaped = TRUE;
            }
          g_byte_array_append (parser->scratch, (const guint8 *) segment,
                               quote + 1 - segment);
          segment = quote + 2;
          continue;
        }

      if (unescaped)
        {
          g_byte_array_append (parser->scratch, (const guint8 *) segment,
                               quote - segment);
          field->text = (const char *) parser->scratch->data;
          field->len = parser->scratch->len;
          field->in_place = FALSE;
        }
      else
        {
          field->text = segment;
          field->len = quote - segment;
          field->in_place = TRUE;
        }
      p = quote + 1;
      break;
    }

  if (p < end && *p != parser->delimiter && *p != '\n' && *p != '\r')
    {
      const char *stop = p;
      g_autofree char *shown = NULL;

      while (stop < end && *stop != parser->delimiter && *stop != '\n' && *stop != '\r')
        stop++;
      shown = shown_text (open, stop - open);
      set_error (parser, error, KPI_DATASET_ERROR_PARSE, open,
                 "unexpected text after the closing quote in “%s”: expected "
                 "the delimiter (%s) or the end of the line; a quote inside a "
                 "quoted field is written twice (\"\")", shown,
                 parser->delimiter == '\t' ? "tab" : (char[]) { parser->delimiter, 0 });
      return FALSE;
    }
  if (memchr (field->text, '\0', field->len) != NULL)
    {
      set_encoding_error (parser, error, field, "a value");
      return FALSE;
    }

  *pp = p;
  return TRUE;
}

/* Skips the line break at @p (CRLF, LF or CR). */
static inline const char *
skip_line_break (CsvParser  *parser,
                 const char *p)
{
  if (*p == '\r' && p + 1 < parser->end && p[1] == '\n')
    return p + 2;
  return p + 1;
}

static gboolean
only_line_breaks_remain (CsvParser  *parser,
                         const char *p)
{
  for (; p < parser->end; p++)
    if (*p != '\n' && *p != '\r')
      return FALSE;
  return TRUE;
}

/* Counts the fields of the row that goes on at @p (after a delimiter), for
 * the message of a row with too many. */
static gsize
count_remaining_fields (CsvParser   *parser,
                        const char  *p,
                        const char **row_end)
{
  gsize n = 0;

  while (p < parser->end && *p == parser->delimiter)
    {
      Field field;

      p++;
      n++;
      if (!read_field (parser, &p, &field, NULL))
        break;
    }
  *row_end = p;
  return n;
}

/* ------------------------------------------------------------------------ */
/* Values */

static const double powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
};

/* Plain numbers ("-123.45", at most 19 characters) in line: an exact
 * mantissa divided by an exact power of ten is correctly rounded.  Anything
 * else (separators, exponents, spaces, long numbers, errors) goes to
 * kpi_parse_number, which gives the same value. */
static inline gboolean
parse_measure (CsvParser  *parser,
               const char *text,
               gsize       len,
               double     *value)
{
  const char *p = text;
  const char *end = text + len;
  const char *digits;
  guint64 mantissa = 0;
  gsize n_fraction = 0;
  gboolean negative = FALSE;
  double d;

  if (len > 19)
    goto slow;
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  digits = p;
  while (p < end && (guint) (*p - '0') < 10)
    mantissa = mantissa * 10 + (guint) (*p++ - '0');
  if (p < end && *p == parser->decimal)
    {
      const char *fraction = ++p;

      while (p < end && (guint) (*p - '0') < 10)
        mantissa = mantissa * 10 + (guint) (*p++ - '0');
      n_fraction = p - fraction;
      if (p - digits == 1)
        goto slow;   /* "." alone */
    }
  if (p != end || p == digits || mantissa > (G_GUINT64_CONSTANT (1) << 53))
    goto slow;

  d = (double) mantissa / powers_of_ten[n_fraction];
  *value = negative ? -d : d;
  return TRUE;

slow:
  return kpi_parse_number (text, len, parser->decimal, parser->thousands, value);
}

/* Loads a value of up to SHORT_KEY bytes into two words, zero padded, the
 * first byte lowest.  Reads 16 bytes at once when the data has them. */
static inline gboolean
load_key (CsvParser   *parser,
          const Field *field,
          guint64     *w0,
          guint64     *w1)
{
  const char *s = field->text;
  gsize len = field->len;
  guint64 a, b;

  if (len > SHORT_KEY)
    return FALSE;
  if (G_LIKELY (field->in_place && (gsize) (parser->end - s) >= SHORT_KEY))
    {
      memcpy (&a, s, 8);
      memcpy (&b, s + 8, 8);
    }
  else
    {
      char buf[SHORT_KEY] = { 0 };

      memcpy (buf, s, len);
      memcpy (&a, buf, 8);
      memcpy (&b, buf + 8, 8);
    }
  a = GUINT64_FROM_LE (a);
  b = GUINT64_FROM_LE (b);
  if (len < 8)
    {
      a &= (G_GUINT64_CONSTANT (1) << (len * 8)) - 1;
      b = 0;
    }
  else if (len < 16)
    b &= (G_GUINT64_CONSTANT (1) << ((len - 8) * 8)) - 1;
  *w0 = a;
  *w1 = b;
  return TRUE;
}

static inline guint
key_hash (guint64 w0,
          guint64 w1,
          gsize   len)
{
  guint64 h = (w0 ^ (w1 * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) ^ len) *
              G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);

  return (guint) (h ^ (h >> 31) ^ (h >> 47));
}

#define HUGE_PAGE ((gsize) 2 << 20)

/* Slots of a big column are probed at random: on 4 KiB pages nearly every
 * probe would also miss the TLB, so tables of 2 MiB and more ask for huge
 * pages (a hint; the kernel may ignore it). */
static DimSlot *
slots_alloc (guint n)
{
  gsize size = (gsize) n * sizeof (DimSlot);
#if defined(MADV_HUGEPAGE)
  if (size >= HUGE_PAGE)
    {
      void *mem = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (mem != MAP_FAILED)
        {
          madvise (mem, size, MADV_HUGEPAGE);
          return mem;
        }
    }
#endif
  return g_malloc0 (size);
}

static void
slots_free (DimSlot *slots, guint n)
{
  gsize size = (gsize) n * sizeof (DimSlot);
  if (slots == NULL)
    return;
#if defined(MADV_HUGEPAGE)
  if (size >= HUGE_PAGE)
    {
      munmap (slots, size);
      return;
    }
#endif
  g_free (slots);
}

static void
slots_grow (CsvColumn *c)
{
  guint n = c->slots == NULL ? SLOTS_INITIAL : (c->mask + 1) * 2;
  DimSlot *slots = slots_alloc (n);

  for (guint i = 0; c->slots != NULL && i <= c->mask; i++)
    {
      DimSlot *old = &c->slots[i];
      guint j;

      if (old->len == 0)
        continue;
      j = key_hash (old->w0, old->w1, old->len) & (n - 1);
      while (slots[j].len != 0)
        j = (j + 1) & (n - 1);
      slots[j] = *old;
    }
  slots_free (c->slots, c->mask + 1);
  c->slots = slots;
  c->mask = n - 1;
}

/* The code of a dimension value of up to SHORT_KEY bytes, from the column's
 * cache or, for a value not seen before, from the dictionary (which checks
 * that it is UTF-8). */
static inline gboolean
lookup_short (CsvColumn   *c,
              const Field *field,
              guint64      w0,
              guint64      w1,
              guint        hash,
              guint32     *code)
{
  guint32 len = (guint32) field->len;
  guint i = hash & c->mask;

  for (;;)
    {
      DimSlot *slot = &c->slots[i];

      if (slot->w0 == w0 && slot->w1 == w1 && slot->len == len)
        {
          *code = slot->code;
          return TRUE;
        }
      if (slot->len == 0)
        break;
      i = (i + 1) & c->mask;
    }

  if (!kpi_dict_intern (c->column->dict, field->text, field->len, code))
    return FALSE;
  if (c->n_slots_used < SLOTS_MAX_USED)
    {
      DimSlot *slot = &c->slots[i];

      slot->w0 = w0;
      slot->w1 = w1;
      slot->len = len;
      slot->code = *code;
      /* At most half full: probes stay short */
      if (++c->n_slots_used * 2 > c->mask + 1)
        slots_grow (c);
    }
  return TRUE;
}

/* A column of many distinct values (customers) makes a probe of its slots
 * a cache miss per row.  So a short value is looked up one row late: its
 * slot is prefetched when the field is read and resolved when the next
 * row reaches the same column, by which time it is in the cache.  Values
 * are still resolved in row order, so codes keep the order of first
 * appearance. */
static inline gboolean
resolve_pending (CsvParser  *parser,
                 CsvColumn  *c,
                 GError    **error)
{
  guint32 code;

  if (!c->pending)
    return TRUE;
  c->pending = FALSE;
  if (G_UNLIKELY (!lookup_short (c, &c->pending_field, c->pending_w0, c->pending_w1,
                                 c->pending_hash, &code)))
    {
      g_autofree char *shown = NULL;
      g_autofree char *what = g_strdup_printf ("a value of column “%s”", c->name);
      set_encoding_error (parser, error, &c->pending_field, what);
      return FALSE;
    }
  ((guint32 *) c->data)[c->pending_row] = code;
  return TRUE;
}

static gboolean
resolve_all_pending (CsvParser  *parser,
                     GError    **error)
{
  for (guint i = 0; i < parser->n_columns; i++)
    if (!resolve_pending (parser, &parser->columns[i], error))
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Header */

static void
csv_columns_free (CsvParser *parser)
{
  for (guint i = 0; i < parser->n_columns; i++)
    {
      g_free (parser->columns[i].name);
      slots_free (parser->columns[i].slots, parser->columns[i].mask + 1);
    }
  g_free (parser->columns);
  parser->columns = NULL;
  parser->n_columns = 0;
}

static gboolean
read_header (CsvParser  *parser,
             GError    **error)
{
  g_autoptr(GArray) columns = g_array_new (FALSE, TRUE, sizeof (CsvColumn));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *p = parser->begin;
  const char *header_start = p;
  KpiLoadOptions *options = parser->ctx->options;
  KpiTable *existing = parser->ctx->existing;
  gboolean found_time = FALSE;

  for (;;)
    {
      Field field;
      CsvColumn column = { 0 };
      const char *name = NULL;
      gsize len;
      KpiColumnKind kind;
      int existing_index;

      if (!read_field (parser, &p, &field, error))
        goto fail;

      name = field.text;
      len = field.len;
      if (field.in_place && (field.start == field.text))
        {
          /* Unquoted names lose surrounding spaces: "date, amount" */
          while (len > 0 && (*name == ' ' || *name == '\t'))
            name++, len--;
          while (len > 0 && (name[len - 1] == ' ' || name[len - 1] == '\t'))
            len--;
        }
      if (!text_is_utf8 (name, len))
        {
          set_encoding_error (parser, error, &field, "the header");
          goto fail;
        }
      if (len == 0)
        {
          set_error (parser, error, KPI_DATASET_ERROR_SCHEMA, field.start,
                     "empty name of column %u in the header: expected a name "
                     "for every column", columns->len + 1);
          goto fail;
        }
      column.name = g_strndup (name, len);
      g_array_append_val (columns, column);
      if (g_hash_table_contains (seen, column.name))
        {
          guint first = GPOINTER_TO_UINT (g_hash_table_lookup (seen, column.name));
          set_error (parser, error, KPI_DATASET_ERROR_SCHEMA, field.start,
                     "duplicate column name “%s” in the header (columns %u and "
                     "%u): expected distinct names", column.name, first, columns->len);
          goto fail;
        }
      g_hash_table_insert (seen, column.name, GUINT_TO_POINTER (columns->len));

      /* Kinds: the dataset's own columns win, then the options; everything
       * else is guessed, starting as a measure. */
      existing_index = existing != NULL ? kpi_table_lookup (existing, column.name) : -1;
      if (strcmp (column.name, parser->time_name) == 0)
        {
          KpiColumnKind forced;

          if (kpi_load_options_get_column_kind (options, column.name, &forced) &&
              forced != KPI_COLUMN_TIME)
            {
              set_error (parser, error, KPI_DATASET_ERROR_SCHEMA, field.start,
                         "column “%s” is the time column but the options make "
                         "it a %s: expected the time column to hold times",
                         column.name,
                         forced == KPI_COLUMN_DIMENSION ? "dimension" : "measure");
              goto fail;
            }
          found_time = TRUE;
          parser->time_column = columns->len - 1;
          g_array_index (columns, CsvColumn, columns->len - 1).kind = KPI_COLUMN_TIME;
          g_array_index (columns, CsvColumn, columns->len - 1).fixed = TRUE;
        }
      else if (existing_index >= 0)
        {
          kind = kpi_table_column (existing, existing_index)->kind;
          if (kind == KPI_COLUMN_TIME)
            {
              set_error (parser, error, KPI_DATASET_ERROR_SCHEMA, field.start,
                         "column “%s” is the time column of the dataset: "
                         "expected the time column option to name it, not “%s”",
                         column.name, parser->time_name);
              goto fail;
            }
          g_array_index (columns, CsvColumn, columns->len - 1).kind = kind;
          g_array_index (columns, CsvColumn, columns->len - 1).fixed = TRUE;
        }
      else if (kpi_load_options_get_column_kind (options, column.name, &kind))
        {
          if (kind == KPI_COLUMN_TIME)
            {
              set_error (parser, error, KPI_DATASET_ERROR_SCHEMA, field.start,
                         "column “%s” is forced to be a time column: expected "
                         "only the time column “%s” to hold times",
                         column.name, parser->time_name);
              goto fail;
            }
          g_array_index (columns, CsvColumn, columns->len - 1).kind = kind;
          g_array_index (columns, CsvColumn, columns->len - 1).fixed = TRUE;
        }
      else
        g_array_index (columns, CsvColumn, columns->len - 1).kind = KPI_COLUMN_MEASURE;

      if (p < parser->end && *p == parser->delimiter)
        {
          p++;
          continue;
        }
      break;
    }

  if (!found_time)
    {
      g_autofree char *shown = shown_text (header_start, p - header_start);
      set_error (parser, error, KPI_DATASET_ERROR_NO_TIME_COLUMN, header_start,
                 "no time column “%s” in the header “%s”: expected a column of "
                 "that name (see the time-column option)%s",
                 parser->time_name, shown,
                 columns->len == 1 && parser->delimiter == ',' &&
                 (memchr (header_start, ';', p - header_start) != NULL ||
                  memchr (header_start, '\t', p - header_start) != NULL)
                 ? ", or another delimiter" : "");
      goto fail;
    }

  parser->rows_begin = p < parser->end ? skip_line_break (parser, p) : p;
  parser->n_columns = columns->len;
  parser->columns = (CsvColumn *) (gpointer) g_array_free (g_steal_pointer (&columns), FALSE);
  return TRUE;

fail:
  for (guint i = 0; i < columns->len; i++)
    g_free (g_array_index (columns, CsvColumn, i).name);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Rows */

static void
refresh_column_data (CsvParser *parser)
{
  for (guint i = 0; i < parser->n_columns; i++)
    {
      CsvColumn *c = &parser->columns[i];
      switch (c->kind)
        {
        case KPI_COLUMN_TIME:
          c->data = c->column->times;
          break;
        case KPI_COLUMN_MEASURE:
          c->data = c->column->values;
          break;
        case KPI_COLUMN_DIMENSION:
        default:
          c->data = c->column->codes;
          break;
        }
    }
}

/* The columns of a big load are hundreds of megabytes written once, in
 * order: first-touch faults on 4 KiB pages cost as much as the parse on some
 * machines.  Ask for huge pages on the page-aligned inside of each column
 * (memory we own; only a hint, which the kernel may ignore). */
static void
advise_huge_pages (CsvParser *parser)
{
#if defined(MADV_HUGEPAGE)
  gsize capacity = parser->table->capacity;

  if (g_getenv ("KPI_NO_HUGE")) return;
  for (guint i = 0; i < parser->n_columns; i++)
    {
      CsvColumn *c = &parser->columns[i];
      gsize size = capacity * (c->kind == KPI_COLUMN_DIMENSION ? sizeof (guint32) : sizeof (double));
      guintptr start = ((guintptr) c->data + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1);
      guintptr stop = ((guintptr) c->data + size) & ~(guintptr) (HUGE_PAGE - 1);

      if (stop > start)
        madvise ((void *) start, stop - start, MADV_HUGEPAGE);
    }
#endif
}

static void
grow_table (CsvParser  *parser,
            const char *p,
            gsize       rows)
{
  KpiTable *table = parser->table;
  gsize want = table->n_rows + 1;

  /* Once a few thousand rows tell the average row length, reserve for the
   * whole data in one step: growing 1.5x at a time would copy the columns
   * a dozen times.  Untouched capacity costs address space only, and
   * kpi_table_shrink gives back what is left. */
  if (rows >= ESTIMATE_AT_ROW && p > parser->rows_begin)
    {
      double per_row = (double) (p - parser->rows_begin) / (double) rows;
      double remaining = (double) (parser->end - p) / per_row;

      want = MAX (want, table->n_rows + (gsize) (remaining * 1.05) + 64);
    }
  kpi_table_reserve (table, want);
  refresh_column_data (parser);
  advise_huge_pages (parser);
}

static void
report_progress (CsvParser  *parser,
                 const char *p)
{
  gsize done = p - parser->data;

  parser->next_progress = (gsize) (parser->end - p) > PROGRESS_STEP
    ? p + PROGRESS_STEP : parser->end;
  if (parser->ctx->progress != NULL && done > parser->progress_done)
    {
      parser->progress_done = done;
      parser->ctx->progress (done, parser->length, parser->ctx->progress_data);
    }
}

static PassResult
value_error (CsvParser   *parser,
             GError     **error,
             CsvColumn   *column,
             const Field *field)
{
  g_autofree char *shown = shown_text (field->text, field->len);

  if (column->kind == KPI_COLUMN_TIME)
    {
      if (!text_is_utf8 (field->text, field->len))
        set_encoding_error (parser, error, field, "the time column");
      else if (field->len == 0)
        set_error (parser, error, KPI_DATASET_ERROR_INVALID_TIME, field->start,
                   "empty value in time column “%s”: expected an ISO 8601 "
                   "date (YYYY-MM-DD) or date-time", column->name);
      else
        set_error (parser, error, KPI_DATASET_ERROR_INVALID_TIME, field->start,
                   "invalid date “%s” in column “%s”: expected an ISO 8601 "
                   "date (YYYY-MM-DD) or date-time", shown, column->name);
    }
  else if (column->kind == KPI_COLUMN_MEASURE)
    {
      if (!text_is_utf8 (field->text, field->len))
        set_encoding_error (parser, error, field, "a value");
      else
        set_error (parser, error, KPI_DATASET_ERROR_INVALID_NUMBER, field->start,
                   "invalid number “%s” in measure column “%s”: expected a "
                   "number such as %s, or nothing", shown, column->name,
                   number_example (parser));
    }
  else
    {
      g_autofree char *what = g_strdup_printf ("a value of column “%s”", column->name);
      set_encoding_error (parser, error, field, what);
    }
  return PASS_FAILED;
}

static PassResult
ragged_row_error (CsvParser   *parser,
                  GError     **error,
                  const char  *row_start,
                  const char  *at,
                  gsize        found)
{
  const char *row_end = at;
  g_autofree char *shown = NULL;

  if (found > parser->n_columns)
    {
      found = parser->n_columns + count_remaining_fields (parser, at, &row_end);
      /* The position of the first field too many */
      at++;
    }
  shown = shown_text (row_start, row_end - row_start);
  set_error (parser, error, KPI_DATASET_ERROR_PARSE, at,
             "too %s fields in row “%s”: expected %u fields, found %" G_GSIZE_FORMAT,
             found > parser->n_columns ? "many" : "few", shown,
             parser->n_columns, found);
  return PASS_FAILED;
}

static void
start_pass (CsvParser *parser)
{
  parser->table = kpi_table_new (parser->time_name);
  for (guint i = 0; i < parser->n_columns; i++)
    {
      CsvColumn *c = &parser->columns[i];

      if (i == parser->time_column)
        c->table_index = parser->table->time_index;
      else
        c->table_index = kpi_table_add_column (parser->table, c->name, c->kind);
      c->column = kpi_table_column (parser->table, c->table_index);
      c->data = NULL;
      c->last_text = NULL;
      c->last_len = 0;
      /* An empty time never matches: it is parsed, and rejected */
      c->last_key[0] = c->last_key[1] = 0;
      c->last_key_len = G_MAXSIZE;
      slots_free (c->slots, c->mask + 1);
      c->slots = NULL;
      c->n_slots_used = 0;
      c->pending = FALSE;
      if (c->kind == KPI_COLUMN_DIMENSION)
        slots_grow (c);
    }
  parser->next_progress = parser->rows_begin;
  scan_reset (parser, parser->rows_begin);
}

/* One pass over the rows with the current column kinds. */
static PassResult
parse_rows_inner (CsvParser  *parser,
                  GError    **error)
{
  const char *p = parser->rows_begin;
  const char *end = parser->end;
  const char delimiter = parser->delimiter;
  const guint n_columns = parser->n_columns;
  KpiTable *table = parser->table;
  GCancellable *cancellable = parser->ctx->cancellable;
  gsize rows = 0;
  gboolean restart = FALSE;
  gboolean estimated = FALSE;

  while (p < end)
    {
      const char *row_start = p;
      gint64 time = 0;
      gsize row;

      if (G_UNLIKELY ((rows & CANCEL_CHECK_MASK) == 0) && cancellable != NULL &&
          g_cancellable_set_error_if_cancelled (cancellable, error))
        return PASS_FAILED;
      if (G_UNLIKELY (p >= parser->next_progress))
        report_progress (parser, p);

      if (G_UNLIKELY (*p == '\n' || *p == '\r'))
        {
          if (only_line_breaks_remain (parser, p))
            break;
          if (n_columns > 1)
            {
              set_error (parser, error, KPI_DATASET_ERROR_PARSE, p,
                         "empty line: expected %u fields", n_columns);
              return PASS_FAILED;
            }
          /* One column: an empty value, rejected as a time below */
        }

      if (G_UNLIKELY (table->n_rows == table->capacity ||
                      (!estimated && rows == ESTIMATE_AT_ROW)))
        {
          grow_table (parser, p, rows);
          estimated = estimated || rows >= ESTIMATE_AT_ROW;
        }
      row = table->n_rows;

      for (guint i = 0; i < n_columns; i++)
        {
          CsvColumn *c = &parser->columns[i];
          Field field;

          if (G_UNLIKELY (!read_field (parser, &p, &field, restart ? NULL : error)))
            return restart ? PASS_RESTART : PASS_FAILED;

          switch (c->kind)
            {
            case KPI_COLUMN_MEASURE:
              {
                double value = NAN;

                if (field.len > 0 &&
                    G_UNLIKELY (!parse_measure (parser, field.text, field.len, &value)))
                  {
                    if (c->fixed)
                      {
                        if (restart)
                          return PASS_RESTART;
                        return value_error (parser, error, c, &field);
                      }
                    /* Not a number: a dimension after all.  Finish the row
                     * to catch the other columns of the same kind. */
                    c->kind = KPI_COLUMN_DIMENSION;
                    restart = TRUE;
                  }
                ((double *) c->data)[row] = value;
              }
              break;

            case KPI_COLUMN_DIMENSION:
              {
                guint32 code;

                guint64 w0, w1;

                if (restart)
                  break;
                if (G_UNLIKELY (!resolve_pending (parser, c, error)))
                  return PASS_FAILED;
                if (G_UNLIKELY (field.len == 0))
                  code = KPI_DIMENSION_MISSING;
                else if (G_LIKELY (load_key (parser, &field, &w0, &w1)))
                  {
                    guint hash = key_hash (w0, w1, field.len);

                    if (G_LIKELY (field.in_place))
                      {
                        __builtin_prefetch (&c->slots[hash & c->mask]);
                        c->pending = TRUE;
                        c->pending_w0 = w0;
                        c->pending_w1 = w1;
                        c->pending_hash = hash;
                        c->pending_row = row;
                        c->pending_field = field;
                        break;
                      }
                    if (G_UNLIKELY (!lookup_short (c, &field, w0, w1, hash, &code)))
                      return value_error (parser, error, c, &field);
                  }
                else if (field.len == c->last_len && c->last_text != NULL &&
                         memcmp (field.text, c->last_text, field.len) == 0)
                  code = c->last_code;
                else
                  {
                    if (G_UNLIKELY (!kpi_dict_intern (c->column->dict, field.text,
                                                      field.len, &code)))
                      return value_error (parser, error, c, &field);
                    if (field.in_place)
                      {
                        c->last_text = field.text;
                        c->last_len = field.len;
                        c->last_code = code;
                      }
                  }
                ((guint32 *) c->data)[row] = code;
              }
              break;

            case KPI_COLUMN_TIME:
            default:
              {
              guint64 w0 = 0, w1 = 0;
              gboolean short_key;

              if (restart)
                break;
              short_key = load_key (parser, &field, &w0, &w1);
              if (short_key && w0 == c->last_key[0] && w1 == c->last_key[1] &&
                  field.len == c->last_key_len)
                time = c->last_time;
              else
                {
                  const char *t = field.text;
                  gsize len = field.len;

                  while (len > 0 && *t == ' ')
                    t++, len--;
                  while (len > 0 && t[len - 1] == ' ')
                    len--;
                  if (G_UNLIKELY (!kpi_time_parser_parse (parser->time_parser,
                                                          t, len, &time)))
                    return value_error (parser, error, c, &field);
                  if (short_key)
                    {
                      c->last_key[0] = w0;
                      c->last_key[1] = w1;
                      c->last_key_len = field.len;
                      c->last_time = time;
                    }
                }
              ((gint64 *) c->data)[row] = time;
              }
              break;
            }

          if (i + 1 < n_columns)
            {
              if (G_UNLIKELY (p >= end || *p != delimiter))
                {
                  if (restart)
                    return PASS_RESTART;
                  return ragged_row_error (parser, error, row_start, p, i + 1);
                }
              p++;
            }
        }

      if (p < end)
        {
          if (G_UNLIKELY (*p == delimiter))
            {
              if (restart)
                return PASS_RESTART;
              return ragged_row_error (parser, error, row_start, p, n_columns + 1);
            }
          p = skip_line_break (parser, p);
        }
      if (G_UNLIKELY (restart))
        return PASS_RESTART;

      kpi_table_commit_row (table, time);
      rows++;
    }

  return PASS_DONE;
}

static PassResult
parse_rows (CsvParser  *parser,
            GError    **error)
{
  GError *pending_error = NULL;
  PassResult result = parse_rows_inner (parser, error);

  if (result == PASS_RESTART)
    return result;
  /* The values still pending come from rows before any failure: their
   * errors come first. */
  if (!resolve_all_pending (parser, &pending_error))
    {
      if (result == PASS_FAILED && error != NULL)
        g_clear_error (error);
      g_propagate_error (error, pending_error);
      return PASS_FAILED;
    }
  return result;
}

/* ------------------------------------------------------------------------ */

static void
parser_clear (CsvParser *parser)
{
  csv_columns_free (parser);
  g_clear_pointer (&parser->time_parser, kpi_time_parser_free);
  g_clear_pointer (&parser->scratch, g_byte_array_unref);
  g_clear_pointer (&parser->table, kpi_table_free);
}

/* One ASCII byte from an option string ("," or "\t"), or @fallback */
static char
option_char (const char *value,
             char        fallback)
{
  if (value == NULL || value[0] == '\0')
    return fallback;
  /* U+00A0 and U+202F: the ' ' separator accepts them all */
  if (strcmp (value, "\xc2\xa0") == 0 || strcmp (value, "\xe2\x80\xaf") == 0)
    return ' ';
  return value[0];
}

KpiTable *
kpi_csv_parse (const KpiLoadContext *ctx,
               const char           *data,
               gsize                 length,
               GError              **error)
{
  CsvParser parser = { 0 };
  KpiLoadOptions *options = ctx->options;
  KpiTable *table;

  g_return_val_if_fail (ctx != NULL && ctx->options != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (data == NULL)
    data = "";
  parser.ctx = ctx;
  parser.source = ctx->source_name != NULL ? ctx->source_name : "<data>";
  parser.data = data;
  parser.length = length;
  parser.begin = data;
  parser.end = data + length;

  parser.delimiter = option_char (kpi_load_options_get_delimiter (options), ',');
  parser.decimal = option_char (kpi_load_options_get_decimal_separator (options), '.');
  parser.thousands = option_char (kpi_load_options_get_thousands_separator (options), 0);
  parser.time_name = kpi_load_options_get_time_column (options);
  if (parser.time_name == NULL)
    parser.time_name = "date";
  /* A .tsv file keeps its tabs unless another delimiter than the default
   * was chosen. */
  if (parser.delimiter == ',' && ctx->source_name != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (ctx->source_name, -1);
      if (g_str_has_suffix (lower, ".tsv"))
        parser.delimiter = '\t';
    }
  if (parser.delimiter == '"' || parser.delimiter == '\n' || parser.delimiter == '\r')
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_FAILED,
                   "%s: unusable delimiter “%c”", parser.source, parser.delimiter);
      return NULL;
    }

  /* Byte order marks: UTF-8 is skipped; UTF-16 (and UTF-32, whose little
   * endian mark starts the same) is not what this reads. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    parser.begin += 3;
  else if (length >= 2 && (memcmp (data, "\xff\xfe", 2) == 0 ||
                           memcmp (data, "\xfe\xff", 2) == 0))
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_ENCODING,
                   "%s:1:1: UTF-16 byte order mark: expected UTF-8 text "
                   "(convert the data to UTF-8)", parser.source);
      return NULL;
    }

  if (only_line_breaks_remain (&parser, parser.begin))
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_EMPTY,
                   "%s:1:1: no header row: the data is empty", parser.source);
      return NULL;
    }

  memset (parser.classes, CLASS_TEXT, sizeof parser.classes);
  parser.classes[(guchar) parser.delimiter] = CLASS_STOP;
  parser.classes['\n'] = CLASS_STOP;
  parser.classes['\r'] = CLASS_STOP;
  parser.classes['\0'] = CLASS_STOP;
  scan_reset (&parser, parser.begin);

  parser.scratch = g_byte_array_new ();
  if (!read_header (&parser, error))
    {
      parser_clear (&parser);
      return NULL;
    }
  parser.time_parser = kpi_time_parser_new (kpi_load_options_get_time_zone (options));

  /* Each restart turns a guessed measure column into a dimension for good,
   * so there are at most as many passes as columns. */
  for (;;)
    {
      PassResult result;

      start_pass (&parser);
      result = parse_rows (&parser, error);
      if (result == PASS_DONE)
        break;
      g_clear_pointer (&parser.table, kpi_table_free);
      if (result == PASS_FAILED)
        {
          parser_clear (&parser);
          return NULL;
        }
    }

  kpi_table_shrink (parser.table);
  if (ctx->progress != NULL)
    ctx->progress (length, length, ctx->progress_data);
  table = g_steal_pointer (&parser.table);
  parser_clear (&parser);
  return table;
}
