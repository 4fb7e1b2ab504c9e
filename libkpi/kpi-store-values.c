/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-store-values.c: the values a store keeps with their revisions, and
 * the fingerprints of datasets' periods */

#include "config.h"

#include <string.h>

#include "kpi.h"
#include "kpi-formula-private.h"
#include "kpi-store-private.h"
#include "kpi-util-private.h"
#include "kpi-value-private.h"

/* ------------------------------------------------------------------------
 * Values and their revisions
 * ------------------------------------------------------------------------ */

typedef struct
{
  gint64           recorded_at;
  KpiRevisionKind  kind;
  gboolean         missing;
  double           value;
  KpiValueFlags    flags;
  gint64           sample_size;
  int              closure;
} Latest;

/* The series (indicator, period label, group) of @value, added if new. */
static gboolean
series_id (KpiStore        *self,
           const char      *indicator_id,
           const KpiValue  *value,
           sqlite3_int64   *id,
           GError         **error)
{
  KpiGroupKind kind = kpi_value_get_group_kind (value);
  const char *group = kpi_value_get_group (value);
  sqlite3_stmt *stmt;
  int rc;

  for (KpiStoreStmt s = KPI_STORE_STMT_SERIES_INSERT; s <= KPI_STORE_STMT_SERIES_FIND; s++)
    {
      if ((stmt = kpi_store_stmt_get (self, s, error)) == NULL)
        return FALSE;
      kpi_store_bind_text (stmt, 1, indicator_id);
      kpi_store_bind_text (stmt, 2, kpi_period_get_label (kpi_value_get_period (value)));
      kpi_store_bind_text (stmt, 3, kpi_store_enum_nick (KPI_TYPE_GROUP_KIND, kind));
      kpi_store_bind_text (stmt, 4, kind == KPI_GROUP_KIND_NONE || group == NULL ? "" : group);
      if (s == KPI_STORE_STMT_SERIES_INSERT)
        {
          if (!kpi_store_stmt_run (self, stmt, "cannot record a value", error))
            return FALSE;
          continue;
        }
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64 (stmt, 0);
      else
        kpi_store_set_sqlite_error (self, "cannot find a value's series", error);
      kpi_store_stmt_release (stmt);
      if (rc != SQLITE_ROW)
        return FALSE;
    }
  return TRUE;
}

/* The latest revision of the series @series into @latest; *@found FALSE
 * when it has none. */
static gboolean
revision_latest (KpiStore       *self,
                 sqlite3_int64   series,
                 Latest         *latest,
                 gboolean       *found,
                 GError        **error)
{
  sqlite3_stmt *stmt = kpi_store_stmt_get (self, KPI_STORE_STMT_REVISION_LATEST, error);
  gboolean ok = TRUE;
  int kind = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, series);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW)
    {
      latest->recorded_at = sqlite3_column_int64 (stmt, 0);
      latest->missing = sqlite3_column_type (stmt, 2) == SQLITE_NULL;
      latest->value = sqlite3_column_double (stmt, 2);
      latest->flags = (KpiValueFlags) sqlite3_column_int64 (stmt, 3);
      latest->sample_size = sqlite3_column_int64 (stmt, 4);
      if (!kpi_store_enum_from_nick (KPI_TYPE_REVISION_KIND, (const char *) sqlite3_column_text (stmt, 1), &kind)
          || !kpi_store_enum_from_nick (KPI_TYPE_CLOSURE, (const char *) sqlite3_column_text (stmt, 5),
                                        &latest->closure))
        {
          kpi_store_set_corrupt_error (self, error, "a revision of series %" G_GINT64_FORMAT,
                                       (gint64) series);
          ok = FALSE;
        }
      latest->kind = kind;
    }
  else if (rc != SQLITE_DONE)
    {
      kpi_store_set_sqlite_error (self, "cannot read a revision", error);
      ok = FALSE;
    }
  kpi_store_stmt_release (stmt);
  return ok;
}

/* Whether @value says what the revision @latest said: the same number (or
 * both missing), flags, sample size and closure. */
static gboolean
revision_equal (const Latest   *latest,
                const KpiValue *value)
{
  double x;
  gboolean present = kpi_value_get_number (value, &x);

  if (present == latest->missing)
    return FALSE;
  if (present && x != latest->value)
    return FALSE;
  return latest->flags == kpi_value_get_flags (value)
         && latest->sample_size == kpi_value_get_sample_size (value)
         && latest->closure == (int) kpi_value_get_closure (value);
}

static gboolean
revision_insert (KpiStore         *self,
                 sqlite3_int64     series,
                 gint64            recorded_at,
                 KpiRevisionKind   kind,
                 const KpiValue   *value,
                 GError          **error)
{
  sqlite3_int64 period;
  sqlite3_stmt *stmt;
  double x;

  if (!kpi_store_period_id (self, kpi_value_get_period (value), &period, error)
      || (stmt = kpi_store_stmt_get (self, KPI_STORE_STMT_REVISION_INSERT, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, series);
  sqlite3_bind_int64 (stmt, 2, recorded_at);
  kpi_store_bind_text (stmt, 3, kpi_store_enum_nick (KPI_TYPE_REVISION_KIND, kind));
  if (kpi_value_get_number (value, &x))
    sqlite3_bind_double (stmt, 4, x);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_int64 (stmt, 5, kpi_value_get_flags (value));
  sqlite3_bind_int64 (stmt, 6, kpi_value_get_sample_size (value));
  kpi_store_bind_text (stmt, 7, kpi_store_enum_nick (KPI_TYPE_CLOSURE, kpi_value_get_closure (value)));
  sqlite3_bind_int64 (stmt, 8, period);
  return kpi_store_stmt_run (self, stmt, "cannot record a value", error);
}

/* Records @value unless it is what its series says already. */
static gboolean
record_value (KpiStore        *self,
              const char      *indicator_id,
              gsize            index,
              const KpiValue  *value,
              gint64           recorded_at,
              GError         **error)
{
  sqlite3_int64 series;
  Latest latest;
  gboolean found;
  KpiRevisionKind kind;

  if (!series_id (self, indicator_id, value, &series, error)
      || !revision_latest (self, series, &latest, &found, error))
    return FALSE;
  if (found && recorded_at < latest.recorded_at)
    {
      g_autofree char *when = kpi_store_instant_text (recorded_at);
      g_autofree char *before = kpi_store_instant_text (latest.recorded_at);
      const char *group = kpi_value_get_group (value);
      g_autofree char *shown = kpi_text_for_message (group, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_set_error (error, KPI_STORE_ERROR, KPI_STORE_ERROR_INVALID,
                   "values[%" G_GSIZE_FORMAT "]: %s%s%s%s is recorded at %s, before its latest revision (%s): "
                   "history is recorded in order",
                   index, kpi_period_get_label (kpi_value_get_period (value)),
                   group != NULL ? " (" : "", group != NULL ? shown : "", group != NULL ? ")" : "",
                   when, before);
      return FALSE;
    }
  if (found && revision_equal (&latest, value))
    return TRUE;   /* a re-run: nothing new */

  if (found && latest.kind != KPI_REVISION_KIND_PROVISIONAL)
    kind = KPI_REVISION_KIND_RESTATED;
  else if (kpi_value_get_closure (value) == KPI_CLOSURE_FINAL)
    kind = KPI_REVISION_KIND_FINAL;
  else
    kind = KPI_REVISION_KIND_PROVISIONAL;
  return revision_insert (self, series, recorded_at, kind, value, error);
}

/**
 * kpi_store_record_values:
 * @self: a store
 * @indicator_id: the id of the indicator the values are of
 * @values: (array length=n_values): the values, each with a period (and a
 *   group for a breakdown), such as an evaluation's series
 * @n_values: the number of values
 * @recorded_at: when they were reported, in microseconds since the Unix
 *   epoch, or %KPI_TIME_UNSET for now
 * @error: return location for a #GError
 *
 * Records what was reported for @indicator_id: for each value, a new
 * revision of its (period label, group), unless the latest revision says
 * the same already (the same number or both missing, the same flags,
 * sample size and closure): a dashboard may record every run, and only
 * changes make history.
 *
 * A revision's kind ([enum@Kpi.RevisionKind]) follows from the value's
 * closure ([method@Kpi.Value.get_closure]) and what came before: final
 * when its period is final, provisional otherwise (open, provisional,
 * overdue, or unknown: a dataset that does not say when its periods
 * close never makes final values), and restated when the period already
 * had a final value and this one differs from it.
 *
 * What is kept of a value: its number or that it was missing, its flags,
 * sample size, group, period and the period's closure; not its warnings,
 * quality or findings (check results have their own history,
 * [method@Kpi.Store.record_results]).
 *
 * All the values are recorded in one transaction, or none. History only
 * grows forward: a value recorded at a time before the latest revision of
 * its period is refused (%KPI_STORE_ERROR_INVALID), as are an empty
 * indicator id and a value without a period.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 *
 * Since: 0.1
 */
gboolean
kpi_store_record_values (KpiStore          *self,
                         const char        *indicator_id,
                         KpiValue * const  *values,
                         gsize              n_values,
                         gint64             recorded_at,
                         GError           **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (KPI_STORE_USABLE (self), FALSE);
  g_return_val_if_fail (indicator_id != NULL, FALSE);
  g_return_val_if_fail (values != NULL || n_values == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!kpi_store_check_name ("indicator id", indicator_id, error))
    return FALSE;
  for (gsize i = 0; i < n_values; i++)
    {
      g_return_val_if_fail (values[i] != NULL, FALSE);
      if (kpi_value_get_period (values[i]) == NULL)
        {
          g_set_error (error, KPI_STORE_ERROR, KPI_STORE_ERROR_INVALID,
                       "values[%" G_GSIZE_FORMAT "] has no period: a store keeps values by period", i);
          return FALSE;
        }
    }
  if (recorded_at == KPI_TIME_UNSET)
    recorded_at = g_get_real_time ();

  g_mutex_lock (&self->lock);
  if (!kpi_store_begin (self, TRUE, error))
    ok = FALSE;
  for (gsize i = 0; ok && i < n_values; i++)
    ok = record_value (self, indicator_id, i, values[i], recorded_at, error);
  if (ok)
    ok = kpi_store_commit (self, error);
  if (!ok)
    kpi_store_rollback (self);
  g_mutex_unlock (&self->lock);
  return ok;
}

/* The revision in the row of @stmt (REVISION_COLUMNS); *@kind and
 * *@recorded_at when not NULL. */
static KpiValue *
revision_read (KpiStore         *self,
               sqlite3_stmt     *stmt,
               KpiRevisionKind  *kind,
               gint64           *recorded_at,
               GError          **error)
{
  g_autoptr(KpiPeriod) period = NULL;
  int group_kind, revision_kind, closure;
  gint64 sample_size = sqlite3_column_int64 (stmt, 6);
  KpiValueFlags flags = (KpiValueFlags) sqlite3_column_int64 (stmt, 5);
  const char *group = (const char *) sqlite3_column_text (stmt, 1);
  KpiValue *value;

  if (!kpi_store_enum_from_nick (KPI_TYPE_GROUP_KIND, (const char *) sqlite3_column_text (stmt, 0), &group_kind)
      || !kpi_store_enum_from_nick (KPI_TYPE_REVISION_KIND, (const char *) sqlite3_column_text (stmt, 3), &revision_kind)
      || !kpi_store_enum_from_nick (KPI_TYPE_CLOSURE, (const char *) sqlite3_column_text (stmt, 7), &closure)
      || sample_size < 0 || sample_size > G_MAXUINT || group == NULL)
    {
      kpi_store_set_corrupt_error (self, error, "a revision");
      return NULL;
    }
  if ((period = kpi_store_period_read (self, stmt, 8, error)) == NULL)
    return NULL;
  if (sqlite3_column_type (stmt, 4) == SQLITE_NULL)
    value = kpi_value_new_missing (period, (guint) sample_size, flags);
  else
    value = kpi_value_new (period, sqlite3_column_double (stmt, 4), (guint) sample_size, flags);
  kpi_value_set_group (value, group_kind,
                       group_kind == KPI_GROUP_KIND_NONE ? NULL : group);
  kpi_value_set_closure (value, closure);
  if (kind != NULL)
    *kind = revision_kind;
  if (recorded_at != NULL)
    *recorded_at = sqlite3_column_int64 (stmt, 2);
  return value;
}

/* Binds the series a lookup means (SERIES_PICK). */
static void
bind_series (sqlite3_stmt *stmt,
             const char   *indicator_id,
             const char   *period_label,
             const char   *group)
{
  kpi_store_bind_text (stmt, 1, indicator_id);
  kpi_store_bind_text (stmt, 2, period_label);
  kpi_store_bind_text (stmt, 3, group);
}

/**
 * kpi_store_lookup_value:
 * @self: a store
 * @indicator_id: the id of the indicator
 * @period_label: the label of the period (`2025-06`)
 * @group: (nullable): the group of a breakdown (`online`), or %NULL for
 *   the value of the whole
 * @as_of: the instant to look back from, in microseconds since the Unix
 *   epoch (revisions recorded at that instant count), or %KPI_TIME_UNSET
 *   for the latest revision
 * @error: return location for a #GError
 *
 * Gets the value reported for a period as of a time: what was said about
 * June on 5 July, and, with %KPI_TIME_UNSET, what is said now. The value
 * is as it was recorded: its number or that it was missing, flags, sample
 * size, group and the closure of its period then.
 *
 * A @group that names both a value of the dimension and the `other` (or
 * `(missing)`) group of a top-n breakdown gets the value of the dimension.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL when nothing
 *   was recorded for it by then (and @error is not set), or %NULL with
 *   @error set
 *
 * Since: 0.1
 */
KpiValue *
kpi_store_lookup_value (KpiStore    *self,
                        const char  *indicator_id,
                        const char  *period_label,
                        const char  *group,
                        gint64       as_of,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  KpiValue *value = NULL;
  int rc;

  g_return_val_if_fail (KPI_STORE_USABLE (self), NULL);
  g_return_val_if_fail (indicator_id != NULL, NULL);
  g_return_val_if_fail (period_label != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_mutex_lock (&self->lock);
  if ((stmt = kpi_store_stmt_get (self, KPI_STORE_STMT_REVISION_AS_OF, error)) != NULL)
    {
      bind_series (stmt, indicator_id, period_label, group);
      sqlite3_bind_int64 (stmt, 4, as_of == KPI_TIME_UNSET ? G_MAXINT64 : as_of);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        value = revision_read (self, stmt, NULL, NULL, error);
      else if (rc != SQLITE_DONE)
        kpi_store_set_sqlite_error (self, "cannot read a value", error);
      kpi_store_stmt_release (stmt);
    }
  g_mutex_unlock (&self->lock);
  return value;
}

/**
 * kpi_store_list_revisions:
 * @self: a store
 * @indicator_id: the id of the indicator
 * @period_label: the label of the period (`2025-06`)
 * @group: (nullable): the group of a breakdown, or %NULL for the value of
 *   the whole
 * @error: return location for a #GError
 *
 * Lists the revisions of the value of a period, oldest first: each value
 * recorded for it, with its kind (provisional, final, restated) and when
 * it was recorded.
 *
 * Returns: (transfer container) (element-type KpiRevision): the
 *   revisions, none when nothing was recorded, or %NULL with @error set
 *
 * Since: 0.1
 */
GPtrArray *
kpi_store_list_revisions (KpiStore    *self,
                          const char  *indicator_id,
                          const char  *period_label,
                          const char  *group,
                          GError     **error)
{
  g_autoptr(GPtrArray) revisions = NULL;
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (KPI_STORE_USABLE (self), NULL);
  g_return_val_if_fail (indicator_id != NULL, NULL);
  g_return_val_if_fail (period_label != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  revisions = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_revision_unref);
  g_mutex_lock (&self->lock);
  if ((stmt = kpi_store_stmt_get (self, KPI_STORE_STMT_REVISION_LIST, error)) == NULL)
    {
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  bind_series (stmt, indicator_id, period_label, group);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KpiRevisionKind kind;
      gint64 recorded_at;
      g_autoptr(KpiValue) value = revision_read (self, stmt, &kind, &recorded_at, error);

      if (value == NULL)
        break;
      g_ptr_array_add (revisions, kpi_revision_new (value, kind, recorded_at));
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    kpi_store_set_sqlite_error (self, "cannot read the revisions", error);
  kpi_store_stmt_release (stmt);
  g_mutex_unlock (&self->lock);
  return rc == SQLITE_DONE ? g_steal_pointer (&revisions) : NULL;
}

/* ------------------------------------------------------------------------
 * Fingerprints
 * ------------------------------------------------------------------------ */

static gboolean
record_fingerprint (KpiStore    *self,
                    const char  *dataset_name,
                    guint        index,
                    const char  *entry,
                    gint64       recorded_at,
                    GError     **error)
{
  const char *equals = strchr (entry, '=');
  g_autofree char *label = NULL;
  const char *text;
  sqlite3_stmt *stmt;
  gboolean same = FALSE;
  int rc;

  if (!g_utf8_validate (entry, -1, NULL) || equals == NULL || equals == entry)
    {
      g_autofree char *shown = kpi_text_for_message (entry, -1, KPI_MESSAGE_QUOTE_CHARS);

      g_set_error (error, KPI_STORE_ERROR, KPI_STORE_ERROR_INVALID,
                   "fingerprints[%u]: “%s” is not LABEL=TEXT%s", index, shown,
                   g_utf8_validate (entry, -1, NULL) ? "" : " in UTF-8");
      return FALSE;
    }
  label = g_strndup (entry, equals - entry);
  text = equals + 1;

  if ((stmt = kpi_store_stmt_get (self, KPI_STORE_STMT_FINGERPRINT_LATEST, error)) == NULL)
    return FALSE;
  kpi_store_bind_text (stmt, 1, dataset_name);
  kpi_store_bind_text (stmt, 2, label);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gint64 latest = sqlite3_column_int64 (stmt, 0);

      if (recorded_at < latest)
        {
          g_autofree char *when = kpi_store_instant_text (recorded_at);
          g_autofree char *before = kpi_store_instant_text (latest);
          g_autofree char *shown = kpi_text_for_message (label, -1, KPI_MESSAGE_QUOTE_CHARS);

          g_set_error (error, KPI_STORE_ERROR, KPI_STORE_ERROR_INVALID,
                       "fingerprints[%u]: %s is recorded at %s, before its latest "
                       "fingerprint (%s): history is recorded in order",
                       index, shown, when, before);
          kpi_store_stmt_release (stmt);
          return FALSE;
        }
      same = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), text) == 0;
    }
  else if (rc != SQLITE_DONE)
    kpi_store_set_sqlite_error (self, "cannot read a fingerprint", error);
  kpi_store_stmt_release (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return FALSE;
  if (same)
    return TRUE;

  if ((stmt = kpi_store_stmt_get (self, KPI_STORE_STMT_FINGERPRINT_INSERT, error)) == NULL)
    return FALSE;
  kpi_store_bind_text (stmt, 1, dataset_name);
  kpi_store_bind_text (stmt, 2, label);
  kpi_store_bind_text (stmt, 3, text);
  sqlite3_bind_int64 (stmt, 4, recorded_at);
  return kpi_store_stmt_run (self, stmt, "cannot record a fingerprint", error);
}

/**
 * kpi_store_record_fingerprints:
 * @self: a store
 * @dataset_name: the name of the dataset the fingerprints are of
 * @fingerprints: (array zero-terminated=1): `LABEL=TEXT` entries: a
 *   period's label, `=`, and its fingerprint, text the store does not
 *   read (the restatement check writes and compares it)
 * @recorded_at: when the fingerprints were taken, in microseconds since the
 *   Unix epoch, or %KPI_TIME_UNSET for now
 * @error: return location for a #GError
 *
 * Records the fingerprints of a dataset's periods, as they were when the
 * periods were reported: comparing them later with the data as it is then
 * tells which closed periods were rewritten. A fingerprint equal to the
 * latest one recorded for its period is not recorded again.
 *
 * All are recorded in one transaction, or none. An entry without a label
 * or without `=`, and a time before the latest fingerprint of the same
 * period, are refused (%KPI_STORE_ERROR_INVALID).
 *
 * Returns: %TRUE on success, %FALSE with @error set
 *
 * Since: 0.1
 */
gboolean
kpi_store_record_fingerprints (KpiStore            *self,
                               const char          *dataset_name,
                               const char * const  *fingerprints,
                               gint64               recorded_at,
                               GError             **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (KPI_STORE_USABLE (self), FALSE);
  g_return_val_if_fail (dataset_name != NULL, FALSE);
  g_return_val_if_fail (fingerprints != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!kpi_store_check_name ("dataset name", dataset_name, error))
    return FALSE;
  if (recorded_at == KPI_TIME_UNSET)
    recorded_at = g_get_real_time ();

  g_mutex_lock (&self->lock);
  if (!kpi_store_begin (self, TRUE, error))
    ok = FALSE;
  for (guint i = 0; ok && fingerprints[i] != NULL; i++)
    ok = record_fingerprint (self, dataset_name, i, fingerprints[i], recorded_at, error);
  if (ok)
    ok = kpi_store_commit (self, error);
  if (!ok)
    kpi_store_rollback (self);
  g_mutex_unlock (&self->lock);
  return ok;
}

/**
 * kpi_store_lookup_fingerprints:
 * @self: a store
 * @dataset_name: the name of the dataset
 * @as_of: the instant to look back from, in microseconds since the Unix
 *   epoch (fingerprints recorded at that instant count), or
 *   %KPI_TIME_UNSET for the latest
 * @error: return location for a #GError
 *
 * Gets the fingerprints of a dataset's periods as they were recorded by a
 * time: for each period, the latest fingerprint recorded for it by then,
 * as `LABEL=TEXT` entries ordered by label, ready for the restatement
 * check.
 *
 * Returns: (transfer full) (array zero-terminated=1): the entries (none
 *   when nothing was recorded by then), or %NULL with @error set
 *
 * Since: 0.1
 */
char **
kpi_store_lookup_fingerprints (KpiStore    *self,
                               const char  *dataset_name,
                               gint64       as_of,
                               GError     **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KPI_STORE_USABLE (self), NULL);
  g_return_val_if_fail (dataset_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  builder = g_strv_builder_new ();
  g_mutex_lock (&self->lock);
  if ((stmt = kpi_store_stmt_get (self, KPI_STORE_STMT_FINGERPRINT_AS_OF, error)) == NULL)
    {
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  kpi_store_bind_text (stmt, 1, dataset_name);
  sqlite3_bind_int64 (stmt, 2, as_of == KPI_TIME_UNSET ? G_MAXINT64 : as_of);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *entry = g_strconcat ((const char *) sqlite3_column_text (stmt, 0), "=",
                                            (const char *) sqlite3_column_text (stmt, 1), NULL);

      g_strv_builder_add (builder, entry);
    }
  if (rc != SQLITE_DONE)
    kpi_store_set_sqlite_error (self, "cannot read the fingerprints", error);
  kpi_store_stmt_release (stmt);
  g_mutex_unlock (&self->lock);
  return rc == SQLITE_DONE ? g_strv_builder_end (builder) : NULL;
}

