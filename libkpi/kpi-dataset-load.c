/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-dataset-load.c: loading a dataset from CSV, JSON or JSON Lines.
 *
 * A load runs in three steps, so that a load that fails, in any step,
 * leaves the dataset as it was:
 *
 *  1. load_job_new(), in the caller's thread: captures what the load needs
 *     (a copy of the options, the dataset's columns without their rows, the
 *     source's name for messages), so that step 2 never reads the dataset;
 *  2. job_run(), in the caller's thread or a worker's: reads the bytes
 *     (a local file is mapped), guesses the format, and has the CSV or JSON
 *     parser build a new KpiTable of the rows (kpi-csv.c, kpi-json.c), the
 *     kinds of new columns inferred from their values;
 *  3. commit_table(), in the caller's thread (for an asynchronous load, in
 *     the _finish call): kpi_dataset_commit_table() merges the table into
 *     the dataset under its write lock, or refuses it whole.
 *
 * Step 1 copies the dataset's shape under its read lock, step 2 touches
 * nothing of it, step 3 is the dataset's own writer (kpi-dataset.c). */

#include "config.h"

#include <string.h>

#include "kpi.h"
#include "kpi-dataset-private.h"
#include "kpi-load-options-private.h"
#include "kpi-parse-private.h"
#include "kpi-table-private.h"
#include "kpi-util-private.h"

/* What a load needs, captured when it starts so that a thread never reads
 * the dataset itself. */
typedef struct
{
  KpiDataset     *dataset;        /* owned */
  KpiLoadOptions *options;        /* owned, a copy */
  KpiTable       *schema;         /* the dataset's columns, no rows */
  char           *source_name;
  GFile          *file;           /* owned, or NULL */
  GInputStream   *stream;         /* owned, or NULL */
  GBytes         *bytes;          /* owned, or NULL */
  GMainContext   *context;        /* where progress is emitted; NULL: at once */
  int             io_priority;
  GCancellable   *cancellable;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_clear_object (&job->dataset);
  g_clear_object (&job->options);
  kpi_table_free (job->schema);
  g_free (job->source_name);
  g_clear_object (&job->file);
  g_clear_object (&job->stream);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_object (&job->cancellable);
  g_free (job);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadJob, load_job_free)

KpiTable *
kpi_dataset_dup_schema (KpiDataset *self)
{
  KpiTable *table, *copy = NULL;

  kpi_dataset_read_lock (self);
  table = kpi_dataset_get_table (self);
  if (table->n_rows > 0 || kpi_table_n_columns (table) > 1)
    {
      copy = kpi_table_new (kpi_table_column (table, table->time_index)->name);
      for (guint i = 0; i < kpi_table_n_columns (table); i++)
        if (i != table->time_index)
          kpi_table_add_column (copy, kpi_table_column (table, i)->name,
                                kpi_table_column (table, i)->kind);
    }
  kpi_dataset_read_unlock (self);
  return copy;
}

static KpiLoadOptions *
options_copy (KpiDataset     *self,
              KpiLoadOptions *options)
{
  KpiLoadOptions *copy;

  if (options != NULL)
    return kpi_load_options_copy (options);
  /* Without options, the dataset's own time column name. */
  copy = kpi_load_options_new ();
  kpi_load_options_set_time_column (copy, kpi_dataset_get_time_column (self), NULL);
  return copy;
}

static LoadJob *
load_job_new (KpiDataset     *self,
              KpiLoadOptions *options,
              const char     *default_name,
              GCancellable   *cancellable)
{
  LoadJob *job = g_new0 (LoadJob, 1);
  const char *name = options != NULL ? kpi_load_options_get_source_name (options) : NULL;

  job->dataset = g_object_ref (self);
  job->options = options_copy (self, options);
  /* The columns as they are now, so that the parser gives them their
   * kinds; whether the rows fit is checked again at the commit, under the
   * write lock. */
  job->schema = kpi_dataset_dup_schema (self);
  /* Messages quote it: a path in another encoding than UTF-8 must not
   * make them invalid. */
  job->source_name = kpi_text_for_message (name != NULL ? name : default_name, -1, 0);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  return job;
}

static KpiFileFormat
guess_format (KpiLoadOptions *options,
              const char     *name,
              const char     *data,
              gsize           length)
{
  KpiFileFormat format = kpi_load_options_get_format (options);

  if (format != KPI_FILE_FORMAT_AUTO)
    return format;

  if (name != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (name, -1);
      if (g_str_has_suffix (lower, ".jsonl") || g_str_has_suffix (lower, ".ndjson"))
        return KPI_FILE_FORMAT_JSON_LINES;
      if (g_str_has_suffix (lower, ".json"))
        return KPI_FILE_FORMAT_JSON;
      if (g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".tsv") ||
          g_str_has_suffix (lower, ".txt"))
        return KPI_FILE_FORMAT_CSV;
    }

  /* Sniff: the first non-blank byte after an optional BOM. */
  for (gsize i = (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0) ? 3 : 0; i < length; i++)
    {
      if (g_ascii_isspace (data[i]))
        continue;
      if (data[i] == '[')
        return KPI_FILE_FORMAT_JSON;
      if (data[i] == '{')
        return KPI_FILE_FORMAT_JSON_LINES;
      break;
    }
  return KPI_FILE_FORMAT_CSV;
}

typedef struct
{
  KpiDataset *dataset;
  guint64     done;
  guint64     total;
} Progress;

static gboolean
emit_progress_idle (gpointer data)
{
  Progress *p = data;

  kpi_dataset_emit_load_progress (p->dataset, p->done, p->total);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->dataset);
  g_free (p);
}

static void
job_progress (gsize    done,
              gsize    total,
              gpointer user_data)
{
  LoadJob *job = user_data;
  GSource *source;
  Progress *p;

  if (job->context == NULL)
    {
      kpi_dataset_emit_load_progress (job->dataset, done, total);
      return;
    }
  p = g_new (Progress, 1);
  p->dataset = g_object_ref (job->dataset);
  p->done = done;
  p->total = total;
  /* Always through a source of the caller's context, never at once: the
   * worker could otherwise own a free default context and emit the
   * signal itself, in its own thread. The task's priority keeps the last
   * report ahead of the completion callback. */
  source = g_idle_source_new ();
  g_source_set_priority (source, job->io_priority);
  g_source_set_callback (source, emit_progress_idle, p, progress_free);
  g_source_set_static_name (source, "[kpi] load progress");
  g_source_attach (source, job->context);
  g_source_unref (source);
}

/* Sets @error from an error of reading the job's input, in our words:
 * "orders.csv: no such file", or "orders.csv: cannot be read: " and the
 * reason (of a mapped file, the end of GLib's message, "file name too
 * long").  A file's errors are in GIO's domain, as for every other source
 * of a GFile; a stream's keep theirs.  A cancellation is passed on as it
 * is.  Takes @read_error. */
static void
set_read_error (LoadJob  *job,
                GError   *read_error,
                gboolean  mapped,
                GError  **error)
{
  GQuark domain = read_error->domain;
  int code = read_error->code;
  const char *reason = read_error->message;
  g_autofree char *shown = NULL;

  if (domain == G_FILE_ERROR)
    {
      domain = G_IO_ERROR;
      code = g_io_error_from_file_error (code);
    }
  if (domain == G_IO_ERROR && code == G_IO_ERROR_CANCELLED)
    {
      g_propagate_error (error, read_error);
      return;
    }

  if (domain == G_IO_ERROR && code == G_IO_ERROR_NOT_FOUND)
    g_set_error (error, domain, code, "%s: no such file", job->source_name);
  else if (domain == G_IO_ERROR && code == G_IO_ERROR_PERMISSION_DENIED)
    g_set_error (error, domain, code, "%s: permission denied: the file cannot be read",
                 job->source_name);
  else
    {
      /* "Failed to open file “…”: open() failed: File name too long": the
       * reason follows the last colon, the rest names the file again. */
      if (mapped && strrchr (reason, ':') != NULL && strrchr (reason, ':')[1] == ' ')
        reason = strrchr (reason, ':') + 2;
      shown = kpi_text_for_message (reason, -1, 0);
      if (g_ascii_isupper (shown[0]) && !g_ascii_isupper (shown[1]))
        shown[0] = g_ascii_tolower (shown[0]);
      g_set_error (error, domain, code, "%s: cannot be read: %s", job->source_name, shown);
    }
  g_error_free (read_error);
}

/* Reads all the job's input into memory. */
static GBytes *
job_read_all (LoadJob  *job,
              GError  **error)
{
  if (job->bytes != NULL)
    return g_bytes_ref (job->bytes);

  if (job->file != NULL)
    {
      g_autofree char *path = g_file_get_path (job->file);

      if (path != NULL)
        {
          /* Local files are mapped, not copied. */
          GError *file_error = NULL;
          GMappedFile *mapped = g_mapped_file_new (path, FALSE, &file_error);
          GBytes *bytes;

          if (mapped == NULL && g_file_test (path, G_FILE_TEST_IS_DIR))
            {
              /* GLib's message would be mmap()'s "No such device". */
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                           "%s: is a directory: expected a CSV, JSON or JSON Lines file",
                           job->source_name);
              g_error_free (file_error);
              return NULL;
            }
          if (mapped == NULL)
            {
              /* GIO's domain, as for every other source of a GFile */
              set_read_error (job, file_error, TRUE, error);
              return NULL;
            }
          bytes = g_mapped_file_get_bytes (mapped);
          g_mapped_file_unref (mapped);
          return bytes;
        }
      else
        {
          char *contents;
          gsize length;

          GError *io_error = NULL;

          if (!g_file_load_contents (job->file, job->cancellable, &contents, &length, NULL,
                                     &io_error))
            {
              set_read_error (job, io_error, FALSE, error);
              return NULL;
            }
          return g_bytes_new_take (contents, length);
        }
    }

  g_assert (job->stream != NULL);
  {
    g_autoptr(GByteArray) buffer = g_byte_array_new ();
    gsize chunk = 1 << 20;
    GError *io_error = NULL;

    for (;;)
      {
        gssize n;
        guint len = buffer->len;

        g_byte_array_set_size (buffer, len + chunk);
        n = g_input_stream_read (job->stream, buffer->data + len, chunk,
                                 job->cancellable, &io_error);
        if (n < 0)
          {
            set_read_error (job, io_error, FALSE, error);
            return NULL;
          }
        g_byte_array_set_size (buffer, len + n);
        if (n == 0)
          break;
      }
    return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  }
}

/* Runs the parse of a job: may run in a thread. */
static KpiTable *
job_run (LoadJob  *job,
         GError  **error)
{
  g_autoptr(GBytes) bytes = NULL;
  KpiLoadContext ctx = { 0 };
  const char *data;
  gsize length;

  bytes = job_read_all (job, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);
  if (data == NULL)
    data = "";

  ctx.source_name = job->source_name;
  ctx.options = job->options;
  ctx.existing = job->schema;
  ctx.cancellable = job->cancellable;
  ctx.progress = job_progress;
  ctx.progress_data = job;

  switch (guess_format (job->options, job->source_name, data, length))
    {
    case KPI_FILE_FORMAT_JSON:
      return kpi_json_parse (&ctx, data, length, FALSE, error);
    case KPI_FILE_FORMAT_JSON_LINES:
      return kpi_json_parse (&ctx, data, length, TRUE, error);
    case KPI_FILE_FORMAT_CSV:
    case KPI_FILE_FORMAT_AUTO:
    default:
      return kpi_csv_parse (&ctx, data, length, error);
    }
}

/* Hands a parsed table to the dataset (in the caller's thread), with the
 * coverage and data-as-of time the options give. */
static gboolean
commit_table (KpiDataset      *self,
              KpiTable        *parsed,
              const char      *source_name,
              KpiLoadOptions  *options,
              GError         **error)
{
  gint64 start, end;

  kpi_load_options_get_coverage (options, &start, &end);
  return kpi_dataset_commit_table (self, parsed, source_name, start, end,
                                   kpi_load_options_get_data_as_of (options), error);
}

static gboolean
load_sync (KpiDataset  *self,
           LoadJob     *job,
           GError     **error)
{
  KpiTable *parsed = job_run (job, error);

  if (parsed == NULL)
    return FALSE;
  return commit_table (self, parsed, job->source_name, job->options, error);
}

/**
 * kpi_dataset_load_data:
 * @self: a dataset
 * @data: (array length=length) (element-type guint8): the bytes of a CSV or
 *   JSON document
 * @length: the number of bytes
 * @options: (nullable): how to read the data, or %NULL for the defaults
 * @error: return location for a #GError
 *
 * Loads rows from memory. The format is guessed from the first bytes unless
 * @options gives it. See [method@Kpi.Dataset.load_file].
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_load_data (KpiDataset     *self,
                       const guint8   *data,
                       gsize           length,
                       KpiLoadOptions *options,
                       GError        **error)
{
  g_autoptr(LoadJob) job = NULL;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  job = load_job_new (self, options, "<data>", NULL);
  job->bytes = g_bytes_new_static (data != NULL ? data : (const guint8 *) "", length);
  return load_sync (self, job, error);
}

/**
 * kpi_dataset_load_file:
 * @self: a dataset
 * @file: the file to read
 * @options: (nullable): how to read it, or %NULL for the defaults
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads the rows of a CSV, JSON or JSON Lines file and appends them to the
 * dataset. An empty dataset takes the file's columns; a dataset that has
 * columns already needs the same columns (by name, in any order).
 *
 * CSV follows RFC 4180: a header row, fields optionally quoted with `"`
 * (which may then hold delimiters, doubled quotes and newlines), UTF-8 with
 * or without a byte order mark. A column is a measure when every non-empty
 * value is a number, else a dimension, unless @options forces it. Times are
 * ISO 8601 dates (`2025-02-14`) or date-times (`2025-02-14T09:30:00`, with
 * or without an offset such as `Z` or `+01:00`); those without an offset are
 * read in [property@Kpi.LoadOptions:time-zone].
 *
 * On failure nothing is added and @error, in the %KPI_DATASET_ERROR domain
 * for bad data, says where (`orders.csv:12:18:` for a line and column of
 * a CSV file, or a JSON path such as `$[12].date`), what was found and what
 * was expected. I/O errors are in the %G_IO_ERROR domain.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_load_file (KpiDataset     *self,
                       GFile          *file,
                       KpiLoadOptions *options,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autoptr(LoadJob) job = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_file_get_parse_name (file);
  job = load_job_new (self, options, name, cancellable);
  job->file = g_object_ref (file);
  return load_sync (self, job, error);
}

/**
 * kpi_dataset_load_path:
 * @self: a dataset
 * @path: (type filename): the path of the file to read
 * @options: (nullable): how to read it, or %NULL for the defaults
 * @error: return location for a #GError
 *
 * Loads the rows of a file given by its path: see
 * [method@Kpi.Dataset.load_file].
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_load_path (KpiDataset     *self,
                       const char     *path,
                       KpiLoadOptions *options,
                       GError        **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(LoadJob) job = NULL;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = g_file_new_for_path (path);
  job = load_job_new (self, options, path, NULL);
  job->file = g_steal_pointer (&file);
  return load_sync (self, job, error);
}

/**
 * kpi_dataset_load_stream:
 * @self: a dataset
 * @stream: the stream to read to its end
 * @options: (nullable): how to read it, or %NULL for the defaults; give its
 *   format, or it is guessed from the first bytes
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads rows from a stream: see [method@Kpi.Dataset.load_file]. Error
 * messages call the data `<stream>` unless
 * [property@Kpi.LoadOptions:source-name] names it.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_load_stream (KpiDataset     *self,
                         GInputStream   *stream,
                         KpiLoadOptions *options,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_autoptr(LoadJob) job = NULL;

  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  job = load_job_new (self, options, "<stream>", cancellable);
  job->stream = g_object_ref (stream);
  return load_sync (self, job, error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GError *error = NULL;
  KpiTable *parsed = job_run (job, &error);

  if (parsed == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, parsed, (GDestroyNotify) kpi_table_free);
}

static void
load_async (KpiDataset          *self,
            LoadJob             *job,
            int                  io_priority,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, job->cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_priority (task, io_priority);
  job->context = g_main_context_ref_thread_default ();
  job->io_priority = io_priority;
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_thread);
}

static gboolean
load_finish (KpiDataset    *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  GTask *task = G_TASK (result);
  LoadJob *job;
  KpiTable *parsed;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (task) == source_tag, FALSE);

  parsed = g_task_propagate_pointer (task, error);
  if (parsed == NULL)
    return FALSE;
  job = g_task_get_task_data (task);
  /* The dataset may have changed while the thread ran: the compatibility
   * check happens now, in the caller's thread. */
  return commit_table (self, parsed, job->source_name, job->options, error);
}

/**
 * kpi_dataset_load_file_async:
 * @self: a dataset
 * @file: the file to read
 * @options: (nullable): how to read it, or %NULL for the defaults
 * @io_priority: the I/O priority of the request, such as %G_PRIORITY_DEFAULT
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the file has been parsed
 * @user_data: data for @callback
 *
 * Reads and parses a file in a worker thread: see
 * [method@Kpi.Dataset.load_file]. [signal@Kpi.Dataset::load-progress] is
 * emitted in the thread-default main context of this call while it runs.
 * The rows are added to the dataset by [method@Kpi.Dataset.load_file_finish],
 * which @callback must call.
 *
 * Since: 0.1
 */
void
kpi_dataset_load_file_async (KpiDataset          *self,
                             GFile               *file,
                             KpiLoadOptions      *options,
                             int                  io_priority,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  LoadJob *job;
  g_autofree char *name = NULL;

  g_return_if_fail (KPI_IS_DATASET (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  name = g_file_get_parse_name (file);
  job = load_job_new (self, options, name, cancellable);
  job->file = g_object_ref (file);
  load_async (self, job, io_priority, callback, user_data, kpi_dataset_load_file_async);
}

/**
 * kpi_dataset_load_file_finish:
 * @self: a dataset
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Kpi.Dataset.load_file_async]: adds the parsed rows to
 * the dataset, or leaves it unchanged and sets @error.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_load_file_finish (KpiDataset    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  return load_finish (self, result, kpi_dataset_load_file_async, error);
}

/**
 * kpi_dataset_load_stream_async:
 * @self: a dataset
 * @stream: the stream to read to its end
 * @options: (nullable): how to read it, or %NULL for the defaults
 * @io_priority: the I/O priority of the request, such as %G_PRIORITY_DEFAULT
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the stream has been parsed
 * @user_data: data for @callback
 *
 * Reads and parses a stream in a worker thread: see
 * [method@Kpi.Dataset.load_file_async].
 *
 * Since: 0.1
 */
void
kpi_dataset_load_stream_async (KpiDataset          *self,
                               GInputStream        *stream,
                               KpiLoadOptions      *options,
                               int                  io_priority,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  LoadJob *job;

  g_return_if_fail (KPI_IS_DATASET (self));
  g_return_if_fail (G_IS_INPUT_STREAM (stream));
  g_return_if_fail (options == NULL || KPI_IS_LOAD_OPTIONS (options));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = load_job_new (self, options, "<stream>", cancellable);
  job->stream = g_object_ref (stream);
  load_async (self, job, io_priority, callback, user_data, kpi_dataset_load_stream_async);
}

/**
 * kpi_dataset_load_stream_finish:
 * @self: a dataset
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Kpi.Dataset.load_stream_async].
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
kpi_dataset_load_stream_finish (KpiDataset    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (KPI_IS_DATASET (self), FALSE);
  return load_finish (self, result, kpi_dataset_load_stream_async, error);
}
