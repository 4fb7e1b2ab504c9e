/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-table.c: columnar storage and dictionaries behind KpiDataset */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi-table-private.h"

/* ------------------------------------------------------------------------ */
/* KpiDict: an open-addressing hash of the strings of one dimension column.
 * Loading millions of rows interns one string per cell, so this is on the
 * hot path: the slots hold codes, the hashes are kept per code so that a
 * probe compares an integer before touching the string.
 *
 * Two views of the same strings: by code (strings, lengths, hashes: arrays
 * indexed by code, appended to, never reordered) and by content (slots: a
 * hash table of codes, linear probing, at most 3/4 full).  The by-code
 * arrays are the dictionary; the slots are an index over them, rebuilt
 * from them whenever it grows, and allowed to lag behind: kpi_dict_append
 * adds a code without indexing it (the CSV loader keeps its own index of
 * the short values it saw), and n_indexed says how far the slots go. */

#define SLOT_EMPTY G_MAXUINT32

struct _KpiDict
{
  GStringChunk *chunk;     /* the string bytes, packed, NUL-terminated: one
                              allocation per 4 KiB rather than per string */
  GPtrArray    *strings;   /* code -> const char* into chunk, NULL-terminated
                              (kpi_dict_get_strings hands it out as is) */
  GArray       *lengths;   /* code -> guint32, in bytes */
  GArray       *hashes;    /* code -> guint32, hash_bytes() of the string */
  guint32      *slots;     /* SLOT_EMPTY or a code; mask + 1 of them */
  guint         mask;      /* n_slots - 1 (a power of 2 minus 1) */
  guint32       n_indexed; /* codes below are in the slots, see dict_index */
};

static inline guint32
hash_bytes (const char *s, gsize len)
{
  /* FNV-1a over 64 bits, folded: dimension values are short (a few bytes),
   * where it is as fast as anything wider. */
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  for (gsize i = 0; i < len; i++)
    {
      h ^= (guchar) s[i];
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  return (guint32) (h ^ (h >> 32));
}

KpiDict *
kpi_dict_new (void)
{
  KpiDict *dict = g_new0 (KpiDict, 1);

  dict->chunk = g_string_chunk_new (4096);
  dict->strings = g_ptr_array_new_null_terminated (16, NULL, TRUE);
  dict->lengths = g_array_new (FALSE, FALSE, sizeof (guint32));
  dict->hashes = g_array_new (FALSE, FALSE, sizeof (guint32));
  dict->mask = 63;
  dict->slots = g_new (guint32, dict->mask + 1);
  memset (dict->slots, 0xff, sizeof (guint32) * (dict->mask + 1));
  return dict;
}

void
kpi_dict_free (KpiDict *dict)
{
  if (dict == NULL)
    return;
  g_string_chunk_free (dict->chunk);
  g_ptr_array_unref (dict->strings);
  g_array_unref (dict->lengths);
  g_array_unref (dict->hashes);
  g_free (dict->slots);
  g_free (dict);
}

/* Slots for the codes from @first on; the slots of a big dictionary are
 * written at random, so each one is prefetched a few codes ahead. */
static void
dict_insert_codes (KpiDict *dict,
                   guint32  first)
{
  const guint32 *hashes = (const guint32 *) (gpointer) dict->hashes->data;
  guint32 n = dict->strings->len;

  for (guint32 code = first; code < n; code++)
    {
      guint i;

      if (code + 8 < n)
        __builtin_prefetch (&dict->slots[hashes[code + 8] & dict->mask], 1);
      i = hashes[code] & dict->mask;
      while (dict->slots[i] != SLOT_EMPTY)
        i = (i + 1) & dict->mask;
      dict->slots[i] = code;
    }
  dict->n_indexed = n;
}

/* Makes the slots index every code, at most 3/4 full: codes added by
 * kpi_dict_append are not in them yet. */
static void
dict_index (KpiDict *dict)
{
  guint32 n = dict->strings->len;
  gsize n_slots = (gsize) dict->mask + 1;

  if (G_LIKELY (dict->n_indexed == n))
    return;
  if ((gsize) n * 4 <= n_slots * 3)
    {
      dict_insert_codes (dict, dict->n_indexed);
      return;
    }
  while ((gsize) n * 4 > n_slots * 3)
    n_slots *= 2;
  g_free (dict->slots);
  dict->slots = g_new (guint32, n_slots);
  memset (dict->slots, 0xff, sizeof (guint32) * n_slots);
  dict->mask = n_slots - 1;
  dict_insert_codes (dict, 0);
}

static void
dict_rehash (KpiDict *dict)
{
  guint n_slots = (dict->mask + 1) * 2;

  g_free (dict->slots);
  dict->slots = g_new (guint32, n_slots);
  memset (dict->slots, 0xff, sizeof (guint32) * n_slots);
  dict->mask = n_slots - 1;
  dict_insert_codes (dict, 0);
}

/* Stores a string that is not in the dictionary yet as code @n, without
 * touching the slots: FALSE if it is not valid UTF-8 or holds a NUL. */
static inline gboolean
dict_store (KpiDict    *dict,
            const char *str,
            gsize       len,
            guint32     h)
{
  if (len >= G_MAXUINT32 || memchr (str, '\0', len) != NULL ||
      !g_utf8_validate_len (str, len, NULL))
    return FALSE;
  g_ptr_array_add (dict->strings, g_string_chunk_insert_len (dict->chunk, str, len));
  g_array_append_val (dict->lengths, (guint32) { len });
  g_array_append_val (dict->hashes, h);
  return TRUE;
}

static inline guint
dict_find (KpiDict    *dict,
           const char *str,
           gsize       len,
           guint32     h)
{
  const guint32 *hashes = (const guint32 *) (gpointer) dict->hashes->data;
  const guint32 *lengths = (const guint32 *) (gpointer) dict->lengths->data;
  guint i = h & dict->mask;

  for (;;)
    {
      guint32 code = dict->slots[i];
      if (code == SLOT_EMPTY)
        return i;
      if (hashes[code] == h && lengths[code] == len &&
          memcmp (g_ptr_array_index (dict->strings, code), str, len) == 0)
        return i;
      i = (i + 1) & dict->mask;
    }
}

gboolean
kpi_dict_intern (KpiDict    *dict,
                 const char *str,
                 gsize       len,
                 guint32    *code)
{
  guint32 h, n;
  guint slot;

  if (len == 0)
    {
      *code = KPI_DIMENSION_MISSING;
      return TRUE;
    }

  dict_index (dict);
  h = hash_bytes (str, len);
  slot = dict_find (dict, str, len, h);
  if (dict->slots[slot] != SLOT_EMPTY)
    {
      *code = dict->slots[slot];
      return TRUE;
    }

  /* A new value: only now is it worth validating. */
  n = dict->strings->len;
  if (!dict_store (dict, str, len, h))
    return FALSE;
  dict->slots[slot] = n;
  dict->n_indexed = n + 1;
  if ((gsize) (n + 1) * 4 > (gsize) (dict->mask + 1) * 3)
    dict_rehash (dict);
  *code = n;
  return TRUE;
}

gboolean
kpi_dict_append (KpiDict    *dict,
                 const char *str,
                 gsize       len,
                 guint32    *code)
{
  guint32 n = dict->strings->len;

  g_assert (len > 0);
  if (!dict_store (dict, str, len, hash_bytes (str, len)))
    return FALSE;
  *code = n;
  return TRUE;
}

void
kpi_dict_build_index (KpiDict *dict)
{
  dict_index (dict);
}

guint32
kpi_dict_lookup (KpiDict    *dict,
                 const char *str,
                 gsize       len)
{
  guint slot;

  if (len == 0)
    return KPI_DIMENSION_MISSING;
  dict_index (dict);
  slot = dict_find (dict, str, len, hash_bytes (str, len));
  return dict->slots[slot];
}

const char *
kpi_dict_get (KpiDict *dict,
              guint32  code)
{
  if (code >= dict->strings->len)
    return NULL;
  return g_ptr_array_index (dict->strings, code);
}

guint
kpi_dict_get_size (KpiDict *dict)
{
  return dict->strings->len;
}

const char * const *
kpi_dict_get_strings (KpiDict *dict)
{
  return (const char * const *) dict->strings->pdata;
}

gsize
kpi_dict_get_memory_size (KpiDict *dict)
{
  gsize bytes = sizeof (KpiDict);
  guint n = dict->strings->len;

  bytes += (gsize) (dict->mask + 1) * sizeof (guint32);
  bytes += (gsize) n * (sizeof (gpointer) + 2 * sizeof (guint32));
  for (guint i = 0; i < n; i++)
    bytes += g_array_index (dict->lengths, guint32, i) + 1;
  return bytes;
}

/* ------------------------------------------------------------------------ */
/* KpiTable: see kpi-table-private.h for what each structure holds */

static gsize
column_element_size (KpiColumn *column)
{
  switch (column->kind)
    {
    case KPI_COLUMN_TIME:
      return sizeof (gint64);
    case KPI_COLUMN_MEASURE:
      return sizeof (double);
    case KPI_COLUMN_DIMENSION:
      return sizeof (guint32);
    default:
      g_assert_not_reached ();
    }
}

static gpointer
column_storage (KpiColumn *column)
{
  switch (column->kind)
    {
    case KPI_COLUMN_TIME:
      return column->times;
    case KPI_COLUMN_MEASURE:
      return column->values;
    case KPI_COLUMN_DIMENSION:
      return column->codes;
    default:
      g_assert_not_reached ();
    }
}

/* Drops the column's storage: an exported one belongs to its GBytes,
 * which frees it when the last export goes. */
static void
column_release_storage (KpiColumn *column)
{
  if (column->exported != NULL)
    {
      g_clear_pointer (&column->exported, g_bytes_unref);
      column->times = NULL;
      column->values = NULL;
      column->codes = NULL;
      return;
    }
  g_clear_pointer (&column->times, g_free);
  g_clear_pointer (&column->values, g_free);
  g_clear_pointer (&column->codes, g_free);
}

static void
column_free (gpointer data)
{
  KpiColumn *column = data;

  g_free (column->name);
  g_free (column->currency);
  column_release_storage (column);
  kpi_dict_free (column->dict);
  g_free (column);
}

KpiTable *
kpi_table_new (const char *time_column)
{
  KpiTable *table = g_new0 (KpiTable, 1);

  table->columns = g_ptr_array_new_with_free_func (column_free);
  table->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  table->time_index = kpi_table_add_column (table, time_column, KPI_COLUMN_TIME);
  table->sorted = TRUE;
  return table;
}

void
kpi_table_free (KpiTable *table)
{
  if (table == NULL)
    return;
  g_hash_table_unref (table->by_name);
  g_ptr_array_unref (table->columns);
  g_free (table);
}

static void
column_resize (KpiColumn *column,
               gsize      capacity)
{
  if (column->exported != NULL)
    {
      /* The exports keep the old buffer, rows and all: copy to a new one
       * instead of reallocating it under them. */
      gsize size = column_element_size (column);
      gsize old_capacity = g_bytes_get_size (column->exported) / size;
      gpointer storage = g_malloc_n (capacity, size);

      memcpy (storage, column_storage (column), MIN (old_capacity, capacity) * size);
      column_release_storage (column);
      if (column->kind == KPI_COLUMN_TIME)
        column->times = storage;
      else if (column->kind == KPI_COLUMN_MEASURE)
        column->values = storage;
      else
        column->codes = storage;
      return;
    }

  switch (column->kind)
    {
    case KPI_COLUMN_TIME:
      column->times = g_renew (gint64, column->times, capacity);
      break;
    case KPI_COLUMN_MEASURE:
      column->values = g_renew (double, column->values, capacity);
      break;
    case KPI_COLUMN_DIMENSION:
      column->codes = g_renew (guint32, column->codes, capacity);
      break;
    default:
      g_assert_not_reached ();
    }
}

guint
kpi_table_add_column (KpiTable      *table,
                      const char    *name,
                      KpiColumnKind  kind)
{
  KpiColumn *column = g_new0 (KpiColumn, 1);
  guint index = table->columns->len;

  column->name = g_strdup (name);
  column->kind = kind;
  if (kind == KPI_COLUMN_DIMENSION)
    column->dict = kpi_dict_new ();
  if (table->capacity > 0)
    column_resize (column, table->capacity);
  /* Rows that exist already have no value in the new column. */
  for (gsize row = 0; row < table->n_rows; row++)
    {
      if (kind == KPI_COLUMN_MEASURE)
        column->values[row] = NAN;
      else if (kind == KPI_COLUMN_DIMENSION)
        column->codes[row] = KPI_DIMENSION_MISSING;
    }
  g_ptr_array_add (table->columns, column);
  g_hash_table_insert (table->by_name, column->name, GUINT_TO_POINTER (index + 1));
  return index;
}

int
kpi_table_lookup (KpiTable   *table,
                  const char *name)
{
  gpointer p = g_hash_table_lookup (table->by_name, name);

  return p == NULL ? -1 : (int) GPOINTER_TO_UINT (p) - 1;
}

void
kpi_table_reserve (KpiTable *table,
                   gsize     n_rows)
{
  gsize capacity;

  if (n_rows <= table->capacity)
    return;
  /* Grow by half: doubling would leave up to 2x the data allocated after a
   * large load, before kpi_table_shrink gives it back. */
  capacity = MAX (n_rows, table->capacity + table->capacity / 2);
  capacity = MAX (capacity, 1024);
  for (guint i = 0; i < table->columns->len; i++)
    column_resize (kpi_table_column (table, i), capacity);
  table->capacity = capacity;
}

GBytes *
kpi_table_export_column (KpiTable *table,
                         guint     index)
{
  KpiColumn *column = kpi_table_column (table, index);
  gsize size = column_element_size (column);

  if (table->n_rows == 0)
    return g_bytes_new (NULL, 0);
  if (column->exported == NULL)
    {
      gpointer storage = column_storage (column);

      column->exported = g_bytes_new_with_free_func (storage, table->capacity * size,
                                                     g_free, storage);
    }
  return g_bytes_new_from_bytes (column->exported, 0, table->n_rows * size);
}

void
kpi_table_shrink (KpiTable *table)
{
  /* Keep about 3 % of headroom: a live dataset grows by small appends (a
   * day of rows is 1/730 of two years), and a column filled exactly would
   * make the first append reallocate, and copy, the whole history. */
  gsize target = table->n_rows + table->n_rows / 32;

  if (table->capacity <= target)
    return;
  for (guint i = 0; i < table->columns->len; i++)
    {
      KpiColumn *column = kpi_table_column (table, i);
      if (target == 0)
        {
          column_release_storage (column);
        }
      else
        column_resize (column, target);
    }
  table->capacity = target;
}

static const char *
kind_name (KpiColumnKind kind)
{
  switch (kind)
    {
    case KPI_COLUMN_TIME:
      return "time";
    case KPI_COLUMN_DIMENSION:
      return "dimension";
    case KPI_COLUMN_MEASURE:
      return "measure";
    default:
      return "unknown";
    }
}

static gboolean
table_is_blank (KpiTable *table)
{
  return table->n_rows == 0 && table->columns->len == 1;
}

gboolean
kpi_table_check_compatible (KpiTable  *dst,
                            KpiTable  *src,
                            GError   **error)
{
  KpiColumn *dst_time = kpi_table_column (dst, dst->time_index);
  KpiColumn *src_time = kpi_table_column (src, src->time_index);

  if (g_strcmp0 (dst_time->name, src_time->name) != 0)
    {
      g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA,
                   "the time column is “%s”, the dataset’s is “%s”",
                   src_time->name, dst_time->name);
      return FALSE;
    }

  if (table_is_blank (dst))
    return TRUE;

  for (guint i = 0; i < src->columns->len; i++)
    {
      KpiColumn *column = kpi_table_column (src, i);
      int j = kpi_table_lookup (dst, column->name);

      if (j < 0)
        {
          g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA,
                       "column “%s” is not in the dataset", column->name);
          return FALSE;
        }
      if (kpi_table_column (dst, j)->kind != column->kind)
        {
          g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA,
                       "column “%s” holds a %s, the dataset’s holds a %s",
                       column->name, kind_name (column->kind),
                       kind_name (kpi_table_column (dst, j)->kind));
          return FALSE;
        }
      /* Amounts in two currencies do not add up: a sum would be wrong */
      if (column->currency != NULL && kpi_table_column (dst, j)->currency != NULL &&
          strcmp (column->currency, kpi_table_column (dst, j)->currency) != 0)
        {
          g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA,
                       "column “%s” holds amounts in %s, the dataset’s in %s: "
                       "expected one currency per column",
                       column->name, column->currency,
                       kpi_table_column (dst, j)->currency);
          return FALSE;
        }
    }
  for (guint j = 0; j < dst->columns->len; j++)
    {
      KpiColumn *column = kpi_table_column (dst, j);
      if (kpi_table_lookup (src, column->name) < 0)
        {
          g_set_error (error, KPI_DATASET_ERROR, KPI_DATASET_ERROR_SCHEMA,
                       "the data has no column “%s”, which the dataset has",
                       column->name);
          return FALSE;
        }
    }
  return TRUE;
}

static void
table_steal (KpiTable *dst,
             KpiTable *src)
{
  /* Take src's columns as they are: no copy of a large first load. */
  g_hash_table_unref (dst->by_name);
  g_ptr_array_unref (dst->columns);
  *dst = *src;
  g_free (src);
}

void
kpi_table_append (KpiTable *dst,
                  KpiTable *src)
{
  gsize base = dst->n_rows;

  if (table_is_blank (dst))
    {
      table_steal (dst, src);
      return;
    }

  if (src->n_rows == 0)
    {
      kpi_table_free (src);
      return;
    }

  dst->sorted = (base == 0 || (dst->sorted && src->min_time >= dst->max_time)) && src->sorted;
  kpi_table_reserve (dst, base + src->n_rows);
  for (guint i = 0; i < src->columns->len; i++)
    {
      KpiColumn *from = kpi_table_column (src, i);
      KpiColumn *to = kpi_table_column (dst, kpi_table_lookup (dst, from->name));

      if (to->currency == NULL && from->currency != NULL)
        to->currency = g_strdup (from->currency);

      switch (from->kind)
        {
        case KPI_COLUMN_TIME:
          memcpy (to->times + base, from->times, src->n_rows * sizeof (gint64));
          break;
        case KPI_COLUMN_MEASURE:
          memcpy (to->values + base, from->values, src->n_rows * sizeof (double));
          break;
        case KPI_COLUMN_DIMENSION:
          {
            /* src's codes to dst's: each distinct string of src is
             * looked up once, then the rows are rewritten through the map;
             * dst's existing codes do not change. */
            guint n = kpi_dict_get_size (from->dict);
            guint32 *map = g_new (guint32, MAX (n, 1));

            for (guint32 code = 0; code < n; code++)
              {
                const char *s = kpi_dict_get (from->dict, code);
                gboolean ok = kpi_dict_intern (to->dict, s, strlen (s), &map[code]);
                g_assert (ok);  /* validated when interned in src */
              }
            for (gsize row = 0; row < src->n_rows; row++)
              {
                guint32 code = from->codes[row];
                to->codes[base + row] = code == KPI_DIMENSION_MISSING ? code : map[code];
              }
            g_free (map);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  dst->min_time = base == 0 ? src->min_time : MIN (dst->min_time, src->min_time);
  dst->max_time = base == 0 ? src->max_time : MAX (dst->max_time, src->max_time);
  dst->n_rows = base + src->n_rows;
  kpi_table_free (src);
}

gsize
kpi_table_get_memory_size (KpiTable *table)
{
  gsize bytes = sizeof (KpiTable);

  for (guint i = 0; i < table->columns->len; i++)
    {
      KpiColumn *column = kpi_table_column (table, i);

      bytes += sizeof (KpiColumn) + strlen (column->name) + 1;
      switch (column->kind)
        {
        case KPI_COLUMN_TIME:
          bytes += table->capacity * sizeof (gint64);
          break;
        case KPI_COLUMN_MEASURE:
          bytes += table->capacity * sizeof (double);
          break;
        case KPI_COLUMN_DIMENSION:
          bytes += table->capacity * sizeof (guint32);
          bytes += kpi_dict_get_memory_size (column->dict);
          break;
        default:
          break;
        }
    }
  return bytes;
}
