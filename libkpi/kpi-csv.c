/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-csv.c: CSV (RFC 4180) to a KpiTable: the header, the kinds of the
 * columns, and the row loop that turns fields into times, numbers and
 * dimension codes.  Cutting the bytes into fields (quotes, delimiters, line
 * breaks, byte order marks) and the positions of messages are
 * kpi-csv-scanner.c's.
 *
 * The dialect: a header row naming the columns; one delimiter byte (option
 * "delimiter", or detected: see sniff_delimiter); fields optionally quoted with '"', a quote inside a quoted
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
 * a couple of seconds at most): one pass over the bytes; the ends of
 * unquoted fields found from a bit mask of the stop bytes of 64 bytes at a
 * time (SSE2), so that fields of varying length cost no mispredicted branch;
 * fields used in place (only a quoted field holding "" is unescaped, into a
 * scratch buffer reused for every field); plain numbers converted without a
 * loop over their digits; the last time text remembered (data sorted by day
 * repeat it); dimension values of up to 12 bytes looked up in a per-column
 * hash of their bytes as two integers, prefetched a few rows ahead when the
 * column has many values.  No allocation per field or row: the columns are
 * reserved once for the whole data after a few thousand rows.
 *
 * Numbers as exports write amounts ("1 234,56 €", "(1 234,56)", "12,5 %")
 * leave the fast paths for kpi_parse_amount (parse_amount), which also
 * records the column's currency and refuses a second one.  Once a column
 * read one amount as a plain number then its currency ("94,53 €"), its
 * values that end with the same bytes are plain numbers to the fast paths
 * (issue 15: a French export loads at no less than 80 % of the speed of
 * the same data in ISO form).
 *
 * Column kinds are guessed optimistically: every column not forced is a
 * measure until one of its values is not a number; the parse then restarts
 * with that column as a dimension (at most once per column, and in practice
 * on the first row, where a text column shows text). */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/mman.h>

#include "kpi-csv-scanner-private.h"
#include "kpi-load-options-private.h"
#include "kpi-parse-private.h"
#include "kpi-util-private.h"

#define PROGRESS_STEP     ((gsize) 1 << 20)
#define CANCEL_CHECK_MASK 0xFFFF     /* every 65536 rows */
#define POPULATE_ROWS     (CANCEL_CHECK_MASK + 1)
#define ESTIMATE_AT_ROW   4096       /* rows after which capacity is estimated */

/* A dimension value of up to SHORT_KEY (12) bytes, held in two words (zero
 * padded), and its code: a probe compares two integers, without touching
 * the data or the dictionary.  Values hold no NUL byte (those are refused),
 * so the words alone tell the length, and w0 == 0 marks a free slot.  Twelve
 * bytes keep the slot at 16: a column of many values (customers) is probed
 * at random, and the fewer pages its slots span, the fewer TLB misses. */
typedef struct
{
  guint64 w0;
  guint32 w1;
  guint32 code;
} DimSlot;

/* A short dimension value waiting for its code, see resolve_pending */
typedef struct
{
  guint64      w0, w1;
  const char  *text;      /* in the data */
  const char  *start;     /* of the field, for a message */
  gsize        row_1;     /* row + 1; 0: a free entry */
  guint32      len;
  guint32      hash;
} Pending;

#define PENDING_ROWS     4   /* a power of 2 */
#define SHORT_KEY        12
#define SLOTS_INITIAL    64
#define SLOTS_IN_CACHE   4096  /* slots (64 KiB) looked up without delay */
/* Past this many distinct values (16 MiB of slots) new values go to the
 * dictionary only: a column of unique identifiers must not make the cache
 * as big as the data. */
#define SLOTS_MAX_USED   (1u << 19)

/* A column of the header: what it is, and, for each pass over the rows,
 * where its values go and the caches that make most of them cheap. */
typedef struct
{
  char          *name;
  KpiColumnKind  kind;         /* a guessed measure may become a dimension */
  gboolean       fixed;        /* forced by the options or the dataset */
  gboolean       percent;      /* a measure declared as percentages */
  guint          table_index;  /* in the table the pass fills */

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
  /* Dimension values of up to SHORT_KEY bytes and their codes, see
   * lookup_short */
  DimSlot       *slots;
  guint          mask;
  guint          n_slots_used;
  /* Short values of the last rows whose slots are being prefetched, at
   * row % PENDING_ROWS: see resolve_pending. */
  Pending        pending[PENDING_ROWS];
  /* Measures: the currency of the first amount that had one (static ISO
   * code) and where it was; the first percentage in a column not declared
   * as such, an error once the pass shows the column is numbers. */
  const char    *currency;
  const char    *currency_at;
  const char    *percent_at;
  char          *percent_text;
  /* What follows the number in the column's amounts once one was read
   * with a currency (" €", zero padded, the first byte lowest, and its
   * length, 1 to 8; 0: none yet): a value that ends with it is read as the
   * plain number before it, see parse_measure_suffixed. */
  guint64        suffix;
  guint          suffix_len;
} CsvColumn;

typedef enum {
  PASS_DONE,
  PASS_FAILED,
  PASS_RESTART,          /* a guessed measure column is a dimension */
} PassResult;

typedef struct
{
  /* The bytes: fields, rows, messages (kpi-csv-scanner.c).  Apart from
   * the parser, not in it, with the stop mask and the end of the data kept
   * here: see KpiCsvStops. */
  const KpiCsvScanner *scan;
  KpiCsvStops    stops;         /* the row loop's */
  const char    *end;           /* scan->end */
  const KpiLoadContext *ctx;    /* options, existing columns, progress */
  char           decimal;       /* '.' or ',' */
  char           thousands;     /* 0 (none), ' ', ',', '.' or '\'' */
#ifdef KPI_CSV_SSE2
  __m128i        decimal_v;     /* the decimal sign in every byte */
#endif
  const char    *time_name;     /* the time column's name */

  CsvColumn     *columns;       /* in header order */
  guint          n_columns;
  guint          time_column;   /* header index of the time column */
  const char    *rows_begin;    /* first byte after the header */

  KpiTimeParser *time_parser;
  KpiTable      *table;

  gsize          progress_done; /* highest value reported, over restarts */
  const char    *next_progress;
} CsvParser;

/* ------------------------------------------------------------------------ */
/* Messages */

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

/* ------------------------------------------------------------------------ */
/* Values */

static const double powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
};

/* Plain numbers ("-123.45", at most 19 characters) in line: an exact
 * mantissa divided by an exact power of ten is correctly rounded.  Returns
 * FALSE for anything else (separators, exponents, spaces, currencies, long
 * numbers, errors), which parse_amount reads, giving the same value to a
 * plain number. */
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
  return FALSE;
}

#if defined(KPI_CSV_SSE2)
/* prefix_masks[n]: 0xFF in the first n bytes, 0 in the others */
static const guint8 prefix_masks[17][16] = {
  { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
  { 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
  { 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
  { 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
  { 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
  { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
  { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
  { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
  { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0 },
  { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0 },
  { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0 },
  { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0 },
  { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0 },
  { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0 },
  { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0 },
  { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0 },
  { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF },
};

/* Eight digit values (0 to 9, not ASCII), the first in the lowest byte, to
 * the number they write: three multiply-shift steps, pairs then quads. */
static inline guint64
eight_digits (guint64 v)
{
  v = (v * 2561) >> 8;
  v = ((v & G_GUINT64_CONSTANT (0x00FF00FF00FF00FF)) * 6553601) >> 16;
  return ((v & G_GUINT64_CONSTANT (0x0000FFFF0000FFFF)) * G_GUINT64_CONSTANT (42949672960001)) >> 32;
}

/* What parse_measure_simd found */
typedef enum {
  SIMD_UNKNOWN,          /* too long, or out of the data: parse_measure */
  SIMD_NUMBER,           /* *value is set */
  SIMD_NOT_PLAIN,        /* other bytes than digits, the sign and the
                            decimal sign: parse_amount directly */
} SimdResult;

/* The same as parse_measure for a plain number of at most 16 characters
 * ("-123.45"), without a branch on its digits: the lengths of numbers vary
 * from row to row, and a digit loop mispredicts its exits.  Anything else
 * is SIMD_UNKNOWN, or SIMD_NOT_PLAIN when the bytes show it (an amount
 * written with a currency or spaces need not go through parse_measure's
 * loop before parse_amount reads it). */
static inline SimdResult
parse_measure_simd (CsvParser         *parser,
                    const KpiCsvField *field,
                    double            *value)
{
  const char *s = field->text;
  guint len = (guint) field->len;
  __m128i v, t, is_digit, before_dot, digits_v, packed;
  guint in_field, negative, digits, dots, dot, n_fraction, n_digits, k;
  guint64 lo, hi, mantissa;
  double d;

  if (len > 16 || !field->in_place || (gsize) (parser->end - s) < 16)
    return SIMD_UNKNOWN;

  v = _mm_loadu_si128 ((const __m128i *) (gconstpointer) s);
  t = _mm_sub_epi8 (v, _mm_set1_epi8 ('0'));
  is_digit = _mm_cmpeq_epi8 (_mm_min_epu8 (t, _mm_set1_epi8 (9)), t);
  in_field = (1u << len) - 1;
  negative = s[0] == '-';
  digits = (guint) _mm_movemask_epi8 (is_digit) & in_field;
  dots = (guint) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, parser->decimal_v)) & in_field;
  /* Digits, at most one decimal sign, a leading '-', nothing else */
  if ((digits | dots | negative) != in_field)
    return SIMD_NOT_PLAIN;
  if ((dots & (dots - 1)) != 0 || digits == 0)
    return SIMD_UNKNOWN;

  dot = dots != 0 ? (guint) __builtin_ctz (dots) : len;
  n_fraction = dots != 0 ? len - dot - 1 : 0;
  n_digits = len - (dots != 0);

  /* The digit values (sign, dot and what follows the field as 0), the
   * fraction moved one byte down over the dot */
  digits_v = _mm_and_si128 (_mm_and_si128 (t, is_digit),
                            _mm_loadu_si128 ((const __m128i *) (gconstpointer) prefix_masks[len]));
  before_dot = _mm_loadu_si128 ((const __m128i *) (gconstpointer) prefix_masks[dot]);
  packed = _mm_or_si128 (_mm_and_si128 (digits_v, before_dot),
                         _mm_srli_si128 (_mm_andnot_si128 (before_dot, digits_v), 1));
  lo = (guint64) _mm_cvtsi128_si64 (packed);
  hi = (guint64) _mm_cvtsi128_si64 (_mm_unpackhi_epi64 (packed, packed));

  /* Right-align the n_digits to 16, leading zeros in front */
  k = 16 - n_digits;
  if (k >= 8)
    {
      hi = lo << (8 * (k - 8));
      lo = 0;
    }
  else if (k > 0)
    {
      hi = (hi << (8 * k)) | (lo >> (64 - 8 * k));
      lo <<= 8 * k;
    }
  mantissa = eight_digits (lo) * 100000000 + eight_digits (hi);
  if (mantissa > (G_GUINT64_CONSTANT (1) << 53))
    return SIMD_UNKNOWN;

  d = (double) mantissa / powers_of_ten[n_fraction];
  *value = negative ? -d : d;
  return SIMD_NUMBER;
}
#else
typedef enum {
  SIMD_UNKNOWN,
  SIMD_NUMBER,
  SIMD_NOT_PLAIN,
} SimdResult;

static inline SimdResult
parse_measure_simd (CsvParser         *parser,
                    const KpiCsvField *field,
                    double            *value)
{
  return SIMD_UNKNOWN;
}
#endif

/* Whether @field ends with the column's currency suffix, after at least
 * one byte: one masked comparison of 8 bytes, read from the data in place */
static inline gboolean
has_suffix (CsvParser         *parser,
            const CsvColumn   *c,
            const KpiCsvField *field)
{
  const char *tail = field->text + field->len - c->suffix_len;
  guint64 w;

  if (field->len <= c->suffix_len)
    return FALSE;
  if (G_LIKELY (field->in_place && (gsize) (parser->end - tail) >= sizeof w))
    memcpy (&w, tail, sizeof w);
  else
    {
      guint8 bytes[8] = { 0 };

      memcpy (bytes, tail, c->suffix_len);
      memcpy (&w, bytes, sizeof w);
    }
  return (GUINT64_FROM_LE (w) & (G_MAXUINT64 >> (64 - 8 * c->suffix_len))) == c->suffix;
}

/* A value that is no plain number, read without kpi_parse_amount when it
 * is a plain number followed by the currency suffix its column settled on
 * ("94,53 €"): the same value that kpi_parse_amount would give. */
static G_NO_INLINE __attribute__ ((flatten)) gboolean
parse_measure_suffixed (CsvParser         *parser,
                        const CsvColumn   *c,
                        const KpiCsvField *field,
                        double            *value)
{
  KpiCsvField number = *field;
  SimdResult simd;

  if (!has_suffix (parser, c, field))
    return FALSE;
  number.len -= c->suffix_len;
  simd = parse_measure_simd (parser, &number, value);
  if (simd == SIMD_NUMBER)
    return TRUE;
  return simd == SIMD_UNKNOWN && parse_measure (parser, number.text, number.len, value);
}

/* Loads a value of up to SHORT_KEY bytes into two words, zero padded, the
 * first byte lowest.  Reads 16 bytes at once when the data has them. */
static inline gboolean
load_key (CsvParser         *parser,
          const KpiCsvField *field,
          guint64           *w0,
          guint64           *w1)
{
  const char *s = field->text;
  gsize len = field->len;
  guint64 a, b;

  if (len > SHORT_KEY)
    return FALSE;
  if (G_LIKELY (field->in_place && (gsize) (parser->end - s) >= 16))
    {
      memcpy (&a, s, 8);
      memcpy (&b, s + 8, 8);
    }
  else
    {
      char buf[16] = { 0 };

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
  else
    b &= (G_GUINT64_CONSTANT (1) << ((len - 8) * 8)) - 1;
  *w0 = a;
  *w1 = b;
  return TRUE;
}

static inline guint
key_hash (guint64 w0,
          guint64 w1)
{
  guint64 h = (w0 ^ (w1 * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15))) *
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
      /* Whole huge pages, aligned: over-map by one and trim both ends */
      gsize rounded = (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
      char *mem = mmap (NULL, rounded + HUGE_PAGE, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

      if (mem != MAP_FAILED)
        {
          char *aligned = (char *) (((guintptr) mem + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1));

          if (aligned > mem)
            munmap (mem, aligned - mem);
          if (aligned + rounded < mem + rounded + HUGE_PAGE)
            munmap (aligned + rounded, mem + rounded + HUGE_PAGE - (aligned + rounded));
          madvise (aligned, rounded, MADV_HUGEPAGE);
          return (DimSlot *) (gpointer) aligned;
        }
    }
#endif
  return g_malloc0 (size);
}

static void
slots_free (DimSlot *slots,
            guint    n)
{
  gsize size = (gsize) n * sizeof (DimSlot);

  if (slots == NULL)
    return;
#if defined(MADV_HUGEPAGE)
  if (size >= HUGE_PAGE)
    {
      munmap (slots, (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1));
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

      if (old->w0 == 0)
        continue;
      j = key_hash (old->w0, old->w1) & (n - 1);
      while (slots[j].w0 != 0)
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
lookup_short (CsvColumn         *c,
              const KpiCsvField *field,
              guint64            w0,
              guint64            w1,
              guint              hash,
              guint32           *code)
{
  guint i = hash & c->mask;
  guint32 new_code;

  for (;;)
    {
      DimSlot *slot = &c->slots[i];

      if (slot->w0 == w0 && slot->w1 == (guint32) w1)
        {
          *code = slot->code;
          return TRUE;
        }
      if (slot->w0 == 0)
        break;
      i = (i + 1) & c->mask;
    }

  /* While every short value seen is in the slots, a value missing from
   * them is new to the dictionary too: it is added without a lookup there
   * (the dictionary's own index is built once, at the end). */
  if (c->n_slots_used < SLOTS_MAX_USED
      ? !kpi_dict_append (c->column->dict, field->text, field->len, &new_code)
      : !kpi_dict_intern (c->column->dict, field->text, field->len, &new_code))
    return FALSE;
  *code = new_code;
  if (c->n_slots_used < SLOTS_MAX_USED)
    {
      DimSlot *slot = &c->slots[i];

      slot->w0 = w0;
      slot->w1 = (guint32) w1;
      slot->code = new_code;
      /* At most 70% full: probes stay short, and mostly in one cache line */
      if (++c->n_slots_used * 10 > (c->mask + 1) * 7)
        slots_grow (c);
    }
  return TRUE;
}

/* A column of many distinct values (customers) makes a probe of its slots
 * a cache miss per row.  So a short value is looked up a few rows late: its
 * slot is prefetched when the field is read and the lookup is done when the
 * field of the same column PENDING_ROWS rows later is read, by which time
 * the slot is in the cache.  Values are still looked up in row order, so
 * codes keep the order of first appearance. */
static G_NO_INLINE gboolean
resolve_one_slow (CsvParser  *parser,
                  CsvColumn  *c,
                  Pending    *e,
                  gsize       row,
                  GError    **error)
{
  KpiCsvField field = { e->text, e->len, e->start, TRUE };
  guint32 code;

  if (G_UNLIKELY (!lookup_short (c, &field, e->w0, e->w1, e->hash, &code)))
    {
      g_autofree char *what = g_strdup_printf ("a value of column “%s”", c->name);
      kpi_csv_set_encoding_error (parser->scan, error, &field, what);
      return FALSE;
    }
  ((guint32 *) c->data)[row] = code;
  return TRUE;
}

static inline gboolean
resolve_one (CsvParser  *parser,
             CsvColumn  *c,
             Pending    *e,
             GError    **error)
{
  gsize row = e->row_1 - 1;
  guint i = e->hash & c->mask;

  e->row_1 = 0;
  /* A value seen before: its slot, prefetched */
  for (;;)
    {
      DimSlot *slot = &c->slots[i];

      if (slot->w0 == e->w0 && slot->w1 == (guint32) e->w1)
        {
          ((guint32 *) c->data)[row] = slot->code;
          return TRUE;
        }
      if (slot->w0 == 0)
        break;
      i = (i + 1) & c->mask;
    }
  /* A new one */
  return resolve_one_slow (parser, c, e, row, error);
}

/* Looks up all the values pending in column @c, oldest first. */
static gboolean
resolve_pending (CsvParser  *parser,
                 CsvColumn  *c,
                 GError    **error)
{
  for (;;)
    {
      Pending *oldest = NULL;

      for (guint k = 0; k < PENDING_ROWS; k++)
        if (c->pending[k].row_1 != 0 &&
            (oldest == NULL || c->pending[k].row_1 < oldest->row_1))
          oldest = &c->pending[k];
      if (oldest == NULL)
        return TRUE;
      if (!resolve_one (parser, c, oldest, error))
        return FALSE;
    }
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
      g_free (parser->columns[i].percent_text);
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
  const char *p = parser->scan->begin;
  const char *header_start = p;
  KpiLoadOptions *options = parser->ctx->options;
  KpiTable *existing = parser->ctx->existing;
  gboolean found_time = FALSE;
  KpiCsvStops stops;

  kpi_csv_stops_reset (parser->scan, &stops, p);

  for (;;)
    {
      KpiCsvField field;
      CsvColumn column = { 0 };
      const char *name = NULL;
      gsize len;
      KpiColumnKind kind;
      int existing_index;

      if (!kpi_csv_read_field (parser->scan, &stops, &p, &field, error))
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
      if (!kpi_csv_text_is_utf8 (name, len))
        {
          kpi_csv_set_encoding_error (parser->scan, error, &field, "the header");
          goto fail;
        }
      if (len == 0)
        {
          kpi_csv_set_error (parser->scan, error, KPI_DATASET_ERROR_SCHEMA, field.start,
                             "empty name of column %u in the header: expected a name "
                             "for every column", columns->len + 1);
          goto fail;
        }
      column.name = g_strndup (name, len);
      g_array_append_val (columns, column);
      if (g_hash_table_contains (seen, column.name))
        {
          guint first = GPOINTER_TO_UINT (g_hash_table_lookup (seen, column.name));
          kpi_csv_set_error (parser->scan, error, KPI_DATASET_ERROR_SCHEMA, field.start,
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
              kpi_csv_set_error (parser->scan, error, KPI_DATASET_ERROR_SCHEMA, field.start,
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
              kpi_csv_set_error (parser->scan, error, KPI_DATASET_ERROR_SCHEMA, field.start,
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
              kpi_csv_set_error (parser->scan, error, KPI_DATASET_ERROR_SCHEMA, field.start,
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

      /* A column of percentages is a measure, whatever its values */
      if (g_array_index (columns, CsvColumn, columns->len - 1).kind == KPI_COLUMN_MEASURE &&
          kpi_load_options_get_percent_column (options, column.name))
        {
          g_array_index (columns, CsvColumn, columns->len - 1).percent = TRUE;
          g_array_index (columns, CsvColumn, columns->len - 1).fixed = TRUE;
        }

      if (p < parser->end && *p == parser->scan->delimiter)
        {
          p++;
          continue;
        }
      break;
    }

  if (!found_time)
    {
      g_autofree char *shown = kpi_csv_shown_text (header_start, p - header_start);
      kpi_csv_set_error (parser->scan, error, KPI_DATASET_ERROR_NO_TIME_COLUMN, header_start,
                         "no time column “%s” in the header “%s”: expected a column of "
                         "that name (see the time-column option)%s",
                         parser->time_name, shown,
                         columns->len == 1 && parser->scan->delimiter == ',' &&
                         (memchr (header_start, ';', p - header_start) != NULL ||
                          memchr (header_start, '\t', p - header_start) != NULL)
                         ? ", or another delimiter" : "");
      goto fail;
    }

  parser->rows_begin = p < parser->end ? kpi_csv_skip_line_break (p, parser->end) : p;
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

/* The columns of a big load are hundreds of megabytes written once: on
 * some machines the page faults of their first touch cost a third of the
 * load.  Faulting rows in with one call per column and chunk of rows is
 * cheaper than one fault per page; doing it a chunk ahead of the parse,
 * rather than all at once, finds the freshly zeroed lines still in the
 * cache when the rows are written (Linux 5.14; elsewhere nothing). */
static void
populate_rows (CsvParser *parser,
               gsize      first,
               gsize      n_rows)
{
#if defined(MADV_POPULATE_WRITE)
  KpiTable *table = parser->table;
  gsize page = 4096;

  n_rows = MIN (n_rows, table->capacity > first ? table->capacity - first : 0);
  for (guint i = 0; i < parser->n_columns && n_rows > 0; i++)
    {
      CsvColumn *c = &parser->columns[i];
      gsize width = c->kind == KPI_COLUMN_DIMENSION ? sizeof (guint32) : sizeof (double);
      guintptr start = ((guintptr) c->data + first * width + page - 1) & ~(guintptr) (page - 1);
      guintptr stop = ((guintptr) c->data + (first + n_rows) * width) & ~(guintptr) (page - 1);

      if (stop > start)
        madvise ((void *) start, stop - start, MADV_POPULATE_WRITE);
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
  if (rows >= ESTIMATE_AT_ROW)
    populate_rows (parser, table->n_rows, POPULATE_ROWS + (POPULATE_ROWS - rows % POPULATE_ROWS));
}

static void
report_progress (CsvParser  *parser,
                 const char *p)
{
  gsize done = p - parser->scan->data;

  parser->next_progress = (gsize) (parser->end - p) > PROGRESS_STEP
    ? p + PROGRESS_STEP : parser->end;
  if (parser->ctx->progress != NULL && done > parser->progress_done)
    {
      parser->progress_done = done;
      parser->ctx->progress (done, parser->scan->length, parser->ctx->progress_data);
    }
}

static PassResult
value_error (CsvParser          *parser,
             GError            **error,
             CsvColumn          *column,
             const KpiCsvField  *field)
{
  g_autofree char *shown = kpi_csv_shown_text (field->text, field->len);

  if (column->kind == KPI_COLUMN_TIME)
    {
      if (!kpi_csv_text_is_utf8 (field->text, field->len))
        kpi_csv_set_encoding_error (parser->scan, error, field, "the time column");
      else if (field->len == 0)
        kpi_csv_set_error (parser->scan, error, KPI_DATASET_ERROR_INVALID_TIME, field->start,
                           "empty value in time column “%s”: expected %s", column->name,
                           kpi_time_parser_expected (parser->time_parser));
      else
        kpi_csv_set_error (parser->scan, error, KPI_DATASET_ERROR_INVALID_TIME, field->start,
                           "invalid date “%s” in column “%s”: expected %s", shown,
                           column->name, kpi_time_parser_expected (parser->time_parser));
    }
  else if (column->kind == KPI_COLUMN_MEASURE)
    {
      if (!kpi_csv_text_is_utf8 (field->text, field->len))
        kpi_csv_set_encoding_error (parser->scan, error, field, "a value");
      else
        kpi_csv_set_error (parser->scan, error, KPI_DATASET_ERROR_INVALID_NUMBER, field->start,
                           "invalid number “%s” in measure column “%s”: expected a "
                           "number such as %s, or nothing", shown, column->name,
                           number_example (parser));
    }
  else
    {
      g_autofree char *what = g_strdup_printf ("a value of column “%s”", column->name);
      kpi_csv_set_encoding_error (parser->scan, error, field, what);
    }
  return PASS_FAILED;
}

/* The same, for a KpiCsvField the caller keeps in registers */
static G_NO_INLINE PassResult
value_error_copy (CsvParser    *parser,
                  GError      **error,
                  CsvColumn    *column,
                  KpiCsvField   field)
{
  return value_error (parser, error, column, &field);
}

/* The column's first amount of the form "94,53 €" (a plain number, then
 * a currency alone) gives the bytes after the number: the column's later
 * amounts that end with the same bytes are read as the plain number before
 * them, without kpi_parse_amount, which would give the same value and
 * currency (see kpi_amount_currency_suffix). */
static void
remember_suffix (CsvParser         *parser,
                 CsvColumn         *c,
                 const KpiCsvField *field,
                 const char        *currency)
{
  const char *code = NULL;
  gsize n = kpi_amount_currency_suffix (field->text, field->len, parser->decimal, &code);
  guint8 bytes[8] = { 0 };

  if (n == 0 || n > sizeof bytes || code != currency)
    return;
  memcpy (bytes, field->text + field->len - n, n);
  memcpy (&c->suffix, bytes, sizeof bytes);
  c->suffix = GUINT64_FROM_LE (c->suffix);
  c->suffix_len = (guint) n;
}

typedef enum {
  AMOUNT_OK,
  AMOUNT_NOT_NUMBER,
  AMOUNT_FAILED,         /* @error is set */
} AmountResult;

/* A measure value that is not a plain number, or any value of a column of
 * percentages: an amount with a currency, a sign, parentheses or a '%'
 * sign (kpi_parse_amount), which also gives a value that the fast paths
 * gave up on (separators, exponents, long numbers).  A plain number
 * followed by the column's currency suffix is read here too, so that the
 * row loop, and with it every plain number, costs no more. */
static G_NO_INLINE AmountResult
parse_amount (CsvParser    *parser,
              CsvColumn    *c,
              KpiCsvField   field,
              double       *value,
              GError      **error)
{
  KpiAmountInfo info;
  double d;

  if (!kpi_parse_amount (field.text, field.len, parser->decimal, parser->thousands,
                         c->percent ? -2 : 0, &d, &info))
    return AMOUNT_NOT_NUMBER;

  if (G_UNLIKELY (info.percent) && !c->percent)
    {
      if (c->fixed)
        {
          g_autofree char *shown = kpi_csv_shown_text (field.text, field.len);

          kpi_csv_set_error (parser->scan, error, KPI_DATASET_ERROR_INVALID_NUMBER, field.start,
                             "percentage “%s” in measure column “%s”: expected a number "
                             "without “%%”, or the column declared as percentages "
                             "(the percent-column option)", shown, c->name);
          return AMOUNT_FAILED;
        }
      /* A guessed column may still show text further down, and be a
       * dimension: the error waits for the end of the pass. */
      if (c->percent_at == NULL)
        {
          c->percent_at = field.start;
          c->percent_text = g_strndup (field.text, field.len);
        }
      d = NAN;
    }

  if (info.currency != NULL && c->currency != info.currency)
    {
      if (c->currency == NULL)
        {
          c->currency = info.currency;
          c->currency_at = field.start;
        }
      else if (strcmp (c->currency, info.currency) != 0)
        {
          g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_NUMBER,
                       "%s: column “%s” mixes currencies: %s (line %" G_GSIZE_FORMAT
                       ") and %s (line %" G_GSIZE_FORMAT "): expected one currency "
                       "per column", parser->scan->source, c->name,
                       c->currency, kpi_csv_line_of (parser->scan, c->currency_at),
                       info.currency, kpi_csv_line_of (parser->scan, field.start));
          return AMOUNT_FAILED;
        }
    }
  if (info.currency != NULL && c->suffix_len == 0 && !c->percent)
    remember_suffix (parser, c, &field, info.currency);

  *value = d;
  return AMOUNT_OK;
}

/* After a pass: a percentage in a column that stayed a measure but was not
 * declared as percentages is an error. */
static gboolean
check_undeclared_percent (CsvParser  *parser,
                          GError    **error)
{
  for (guint i = 0; i < parser->n_columns; i++)
    {
      CsvColumn *c = &parser->columns[i];
      g_autofree char *shown = NULL;

      if (c->kind != KPI_COLUMN_MEASURE || c->percent_at == NULL)
        continue;
      shown = kpi_csv_shown_text (c->percent_text, strlen (c->percent_text));
      kpi_csv_set_error (parser->scan, error, KPI_DATASET_ERROR_INVALID_NUMBER, c->percent_at,
                         "percentage “%s” in column “%s”: expected numbers without "
                         "“%%”, or the column declared as percentages (the "
                         "percent-column option), which reads “12.5 %%” as 0.125",
                         shown, c->name);
      return FALSE;
    }
  return TRUE;
}

static G_NO_INLINE gboolean
nul_error_copy (CsvParser    *parser,
                const char   *p,
                KpiCsvField   field,
                GError      **error)
{
  return kpi_csv_nul_error (parser->scan, p, &field, error);
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
      found = parser->n_columns + kpi_csv_count_remaining_fields (parser->scan, at, &row_end);
      /* The position of the first field too many */
      at++;
    }
  shown = kpi_csv_shown_text (row_start, row_end - row_start);
  kpi_csv_set_error (parser->scan, error, KPI_DATASET_ERROR_PARSE, at,
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
      memset (c->pending, 0, sizeof c->pending);
      c->currency = NULL;
      c->currency_at = NULL;
      c->suffix = 0;
      c->suffix_len = 0;
      c->percent_at = NULL;
      g_clear_pointer (&c->percent_text, g_free);
      if (c->kind == KPI_COLUMN_DIMENSION)
        slots_grow (c);
    }
  parser->next_progress = parser->rows_begin;
  kpi_csv_stops_reset (parser->scan, &parser->stops, parser->rows_begin);
}

/* One pass over the rows with the current column kinds. */
static PassResult
parse_rows_inner (CsvParser  *parser,
                  GError    **error)
{
  const char *p = parser->rows_begin;
  const char *end = parser->end;
  const char delimiter = parser->scan->delimiter;
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

      if (G_UNLIKELY ((rows & CANCEL_CHECK_MASK) == 0))
        {
          if (cancellable != NULL && g_cancellable_set_error_if_cancelled (cancellable, error))
            return PASS_FAILED;
          /* The rows after the next POPULATE_ROWS */
          if (estimated)
            populate_rows (parser, rows + POPULATE_ROWS, POPULATE_ROWS);
        }
      if (G_UNLIKELY (p >= parser->next_progress))
        report_progress (parser, p);

      if (G_UNLIKELY (*p == '\n' || *p == '\r'))
        {
          if (kpi_csv_only_line_breaks_remain (p, end))
            break;
          if (n_columns > 1)
            {
              kpi_csv_set_error (parser->scan, error, KPI_DATASET_ERROR_PARSE, p,
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
          KpiCsvField field;

          /* read_field_unchecked, written out so that neither p nor field
           * has its address taken on the common path: both stay in
           * registers.  Calls that need a KpiCsvField get a copy. */
          if (G_UNLIKELY (p < end && *p == '"'))
            {
              const char *q = p;
              KpiCsvField quoted;

              if (G_UNLIKELY (!kpi_csv_read_quoted_field (parser->scan, &q, &quoted, restart ? NULL : error)))
                return restart ? PASS_RESTART : PASS_FAILED;
              field = quoted;
              p = q;
            }
          else
            {
              const char *q = kpi_csv_find_stop (parser->scan, &parser->stops, p);

              field.start = field.text = p;
              field.len = q - p;
              field.in_place = TRUE;
              p = q;
            }

          switch (c->kind)
            {
            case KPI_COLUMN_MEASURE:
              {
                double value = NAN;
                AmountResult amount;
                SimdResult simd;

                if (field.len > 0 &&
                    (G_UNLIKELY (c->percent) ||
                     ((simd = parse_measure_simd (parser, &field, &value)) != SIMD_NUMBER &&
                      (simd == SIMD_NOT_PLAIN
                       ? c->suffix_len == 0 || !parse_measure_suffixed (parser, c, &field, &value)
                       : !parse_measure (parser, field.text, field.len, &value)))) &&
                    G_UNLIKELY ((amount = parse_amount (parser, c, field, &value,
                                                        restart ? NULL : error)) != AMOUNT_OK))
                  {
                    if (amount == AMOUNT_FAILED)
                      return restart ? PASS_RESTART : PASS_FAILED;
                    if (c->fixed)
                      {
                        KpiCsvField copy = field;

                        if (restart)
                          return PASS_RESTART;
                        return value_error (parser, error, c, &copy);
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
                Pending *e = &c->pending[row & (PENDING_ROWS - 1)];
                guint32 code;
                guint64 w0, w1;

                if (restart)
                  break;
                /* The value of PENDING_ROWS rows ago */
                if (e->row_1 != 0 && G_UNLIKELY (!resolve_one (parser, c, e, error)))
                  return PASS_FAILED;
                if (G_LIKELY (field.len > 0 && field.in_place) &&
                    G_LIKELY (load_key (parser, &field, &w0, &w1)))
                  {
                    guint hash = key_hash (w0, w1);

                    /* Few values (channels, regions): the slots stay in
                     * the cache, look up at once */
                    if (c->mask < SLOTS_IN_CACHE)
                      {
                        if (G_UNLIKELY (!lookup_short (c, &field, w0, w1, hash, &code)))
                          return value_error_copy (parser, error, c, field);
                        ((guint32 *) c->data)[row] = code;
                        break;
                      }
                    __builtin_prefetch (&c->slots[hash & c->mask]);
                    e->w0 = w0;
                    e->w1 = w1;
                    e->text = field.text;
                    e->start = field.start;
                    e->row_1 = row + 1;
                    e->len = (guint32) field.len;
                    e->hash = hash;
                    break;
                  }
                /* Any other value is looked up now, after the older ones */
                if (G_UNLIKELY (!resolve_pending (parser, c, error)))
                  return PASS_FAILED;
                if (field.len == 0)
                  code = KPI_DIMENSION_MISSING;
                else if (load_key (parser, &field, &w0, &w1))
                  {
                    if (G_UNLIKELY (!lookup_short (c, &field, w0, w1,
                                                   key_hash (w0, w1), &code)))
                      return value_error_copy (parser, error, c, field);
                  }
                else if (field.len == c->last_len && c->last_text != NULL &&
                         memcmp (field.text, c->last_text, field.len) == 0)
                  code = c->last_code;
                else
                  {
                    guint32 new_code;

                    if (G_UNLIKELY (!kpi_dict_intern (c->column->dict, field.text,
                                                      field.len, &new_code)))
                      return value_error_copy (parser, error, c, field);
                    code = new_code;
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
                  gint64 parsed;

                  while (len > 0 && *t == ' ')
                    t++, len--;
                  while (len > 0 && t[len - 1] == ' ')
                    len--;
                  if (G_UNLIKELY (!kpi_time_parser_parse (parser->time_parser,
                                                          t, len, &parsed)))
                    {
                      /* Numeric dates read day first so far are month
                       * first: read them again */
                      if (kpi_time_parser_take_restart (parser->time_parser))
                        return PASS_RESTART;
                      return value_error_copy (parser, error, c, field);
                    }
                  time = parsed;
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
                  if (!nul_error_copy (parser, p, field, error))
                    return PASS_FAILED;
                  return ragged_row_error (parser, error, row_start, p, i + 1);
                }
              p++;
            }
          else if (p < end)
            {
              /* The end of the row */
              if (G_LIKELY (*p == '\n'))
                p++;
              else if (*p == '\r')
                p = kpi_csv_skip_line_break (p, end);
              else
                {
                  if (restart)
                    return PASS_RESTART;
                  if (!nul_error_copy (parser, p, field, error))
                    return PASS_FAILED;
                  return ragged_row_error (parser, error, row_start, p, n_columns + 1);
                }
            }
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
  if (result == PASS_DONE && !check_undeclared_percent (parser, error))
    return PASS_FAILED;
  return result;
}

/* ------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------ */
/* Delimiter detection */

#define SNIFF_RECORDS 50   /* rows read after the header */

/* The fields of the record at *@pp split at @delimiter, quoted fields
 * (which may hold delimiters and line breaks) respected; *@pp moves to the
 * next record. */
static gsize
sniff_record (const char **pp,
              const char  *end,
              char         delimiter)
{
  const char *p = *pp;
  gsize n = 1;

  while (p < end)
    {
      if (*p == '"')
        {
          /* To the closing quote ("" is a quote inside) */
          p++;
          for (;;)
            {
              const char *q = memchr (p, '"', end - p);

              if (q == NULL)
                {
                  p = end;
                  break;
                }
              p = q + 1;
              if (p < end && *p == '"')
                {
                  p++;
                  continue;
                }
              break;
            }
        }
      while (p < end && *p != delimiter && *p != '\n' && *p != '\r')
        p++;
      if (p < end && *p == delimiter)
        {
          n++;
          p++;
          continue;
        }
      break;
    }
  if (p < end)
    p = kpi_csv_skip_line_break (p, end);
  *pp = p;
  return n;
}

/* The delimiter among ',', ';', tab and '|' (the first that fits, in this
 * order) that gives the header and the first SNIFF_RECORDS rows one
 * number of fields, more than one; ',' when none does, so that such a
 * file fails as it would with ',' given. */
static char
sniff_delimiter (const char *data,
                 gsize       length)
{
  static const char candidates[] = { ',', ';', '\t', '|' };
  const char *begin = data;
  const char *end = data + length;

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    begin += 3;

  for (gsize i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      const char *p = begin;
      gsize n_fields = sniff_record (&p, end, candidates[i]);
      gboolean consistent = n_fields > 1;

      for (guint r = 0; consistent && r < SNIFF_RECORDS; r++)
        {
          if (kpi_csv_only_line_breaks_remain (p, end))
            break;
          consistent = sniff_record (&p, end, candidates[i]) == n_fields;
        }
      if (consistent)
        return candidates[i];
    }
  return ',';
}

/* ------------------------------------------------------------------------ */

static void
parser_clear (CsvParser *parser)
{
  csv_columns_free (parser);
  g_clear_pointer (&parser->time_parser, kpi_time_parser_free);
  g_clear_pointer (&parser->table, kpi_table_free);
}

KpiTable *
kpi_csv_parse (const KpiLoadContext *ctx,
               const char           *data,
               gsize                 length,
               GError              **error)
{
  CsvParser parser = { 0 };
  KpiCsvScanner scanner;
  KpiLoadOptions *options;
  KpiTable *table;
  char delimiter;
  g_autofree char *message = NULL;

  g_return_val_if_fail (ctx != NULL && ctx->options != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  options = ctx->options;
  if (data == NULL)
    data = "";
  parser.ctx = ctx;
  parser.scan = &scanner;
  delimiter = kpi_load_option_char (kpi_load_options_get_delimiter (options), 0);
  parser.decimal = kpi_load_option_char (kpi_load_options_get_decimal_separator (options), '.');
  parser.thousands = kpi_load_option_char (kpi_load_options_get_thousands_separator (options), 0);

  parser.time_name = kpi_load_options_get_time_column (options);
  if (parser.time_name == NULL)
    parser.time_name = "date";
  /* No delimiter given: a .tsv file has tabs, another one is looked at */
  if (delimiter == 0 && ctx->source_name != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (ctx->source_name, -1);
      if (g_str_has_suffix (lower, ".tsv"))
        delimiter = '\t';
    }
  if (delimiter == 0)
    delimiter = sniff_delimiter (data, length);
  if (!kpi_csv_scanner_init (&scanner,
                             ctx->source_name != NULL ? ctx->source_name : "<data>",
                             data, length, delimiter, error))
    {
      kpi_csv_scanner_clear (&scanner);
      return NULL;
    }
  parser.end = scanner.end;
#ifdef KPI_CSV_SSE2
  parser.decimal_v = _mm_set1_epi8 (parser.decimal);
#endif

  if (!read_header (&parser, error))
    {
      parser_clear (&parser);
      kpi_csv_scanner_clear (&scanner);
      return NULL;
    }
  parser.time_parser = kpi_time_parser_new (kpi_load_options_get_time_zone (options));
  if (!kpi_time_parser_set_format (parser.time_parser,
                                   kpi_load_options_get_date_format (options, parser.time_name),
                                   parser.decimal, &message))
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_OPTION, "%s", message);
      parser_clear (&parser);
      kpi_csv_scanner_clear (&scanner);
      return NULL;
    }

  /* Each restart turns a guessed measure column into a dimension for good,
   * so there are at most as many passes as columns. */
  for (;;)
    {
      PassResult result;

      start_pass (&parser);
      result = parse_rows (&parser, error);
      /* A column of numeric dates that read both day and month first */
      if (result == PASS_DONE &&
          (message = kpi_time_parser_ambiguity (parser.time_parser, parser.time_name)) != NULL)
        {
          g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_INVALID_TIME, "%s: %s",
                       ctx->source_name != NULL ? ctx->source_name : "<data>", message);
          result = PASS_FAILED;
        }
      if (result == PASS_DONE)
        break;
      g_clear_pointer (&parser.table, kpi_table_free);
      if (result == PASS_FAILED)
        {
          parser_clear (&parser);
          kpi_csv_scanner_clear (&scanner);
          return NULL;
        }
    }

  for (guint i = 0; i < kpi_table_n_columns (parser.table); i++)
    {
      KpiColumn *column = kpi_table_column (parser.table, i);

      if (column->kind == KPI_COLUMN_DIMENSION)
        kpi_dict_build_index (column->dict);
    }
  for (guint i = 0; i < parser.n_columns; i++)
    {
      CsvColumn *c = &parser.columns[i];

      if (c->kind == KPI_COLUMN_MEASURE && c->currency != NULL)
        kpi_table_column (parser.table, c->table_index)->currency = g_strdup (c->currency);
    }
  parser.table->csv_delimiter = scanner.delimiter;
  kpi_table_shrink (parser.table);
  if (ctx->progress != NULL)
    ctx->progress (length, length, ctx->progress_data);
  table = g_steal_pointer (&parser.table);
  parser_clear (&parser);
  kpi_csv_scanner_clear (&scanner);
  return table;
}
