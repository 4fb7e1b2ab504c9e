/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-store-results.c: the check results a store keeps */

#include "config.h"

#include <math.h>
#include <json-glib/json-glib.h>

#include "kpi.h"
#include "kpi-store-private.h"

/* ------------------------------------------------------------------------
 * Check results
 * ------------------------------------------------------------------------ */

static gboolean
record_result (KpiStore        *self,
               KpiCheckResult  *result,
               gint64           now,
               GError         **error)
{
  g_autofree char *json = kpi_check_result_to_json (result);
  gint64 evaluated_at = kpi_check_result_get_evaluated_at (result);
  sqlite3_int64 id;
  sqlite3_stmt *stmt;

  if ((stmt = kpi_store_stmt_get (self, KPI_STORE_STMT_RESULT_INSERT, error)) == NULL)
    return FALSE;
  kpi_store_bind_text (stmt, 1, kpi_check_result_get_check_id (result));
  kpi_store_bind_text (stmt, 2, kpi_store_enum_nick (KPI_TYPE_CHECK_STATUS, kpi_check_result_get_status (result)));
  kpi_store_bind_text (stmt, 3, kpi_check_result_get_dataset_name (result));
  /* A result that does not say when it ran is placed when it is recorded. */
  sqlite3_bind_int64 (stmt, 4, evaluated_at != KPI_TIME_UNSET ? evaluated_at : now);
  sqlite3_bind_int64 (stmt, 5, kpi_check_result_get_data_as_of (result));
  kpi_store_bind_text (stmt, 6, json);
  if (!kpi_store_stmt_run (self, stmt, "cannot record a check result", error))
    return FALSE;
  id = sqlite3_last_insert_rowid (self->db);

  for (guint i = 0; i < kpi_check_result_get_n_affected (result); i++)
    {
      const char *dimension, *group;
      const KpiPeriod *period = kpi_check_result_get_affected (result, i, &dimension, &group);
      sqlite3_int64 period_row = 0;

      if (period != NULL && !kpi_store_period_id (self, period, &period_row, error))
        return FALSE;
      if ((stmt = kpi_store_stmt_get (self, KPI_STORE_STMT_AFFECTED_INSERT, error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, (int) i);
      if (period != NULL)
        sqlite3_bind_int64 (stmt, 3, period_row);
      else
        sqlite3_bind_null (stmt, 3);
      kpi_store_bind_text (stmt, 4, dimension);
      kpi_store_bind_text (stmt, 5, group);
      if (!kpi_store_stmt_run (self, stmt, "cannot record a check result", error))
        return FALSE;
    }
  return TRUE;
}

/**
 * kpi_store_record_results:
 * @self: a store
 * @results: (array length=n_results): the results of data-quality checks
 * @n_results: the number of results
 * @error: return location for a #GError
 *
 * Records check results, so that their history can be listed later
 * ([method@Kpi.Store.list_results]): each result's JSON
 * ([method@Kpi.CheckResult.to_json]) and what finds it again (its check
 * id, status, dataset, times and scope). A result without an
 * [property@Kpi.CheckResult:evaluated-at] time is recorded as evaluated
 * now. All are recorded in one transaction, or none.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 *
 * Since: 0.1
 */
gboolean
kpi_store_record_results (KpiStore               *self,
                          KpiCheckResult * const *results,
                          gsize                   n_results,
                          GError                **error)
{
  gint64 now = g_get_real_time ();
  gboolean ok;

  g_return_val_if_fail (KPI_STORE_USABLE (self), FALSE);
  g_return_val_if_fail (results != NULL || n_results == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  for (gsize i = 0; i < n_results; i++)
    g_return_val_if_fail (KPI_IS_CHECK_RESULT (results[i]), FALSE);

  g_mutex_lock (&self->lock);
  ok = kpi_store_begin (self, TRUE, error);
  for (gsize i = 0; ok && i < n_results; i++)
    ok = record_result (self, results[i], now, error);
  if (ok)
    ok = kpi_store_commit (self, error);
  if (!ok)
    kpi_store_rollback (self);
  g_mutex_unlock (&self->lock);
  return ok;
}

/* The number member @name of @object (null: NaN) into *@x. */
static gboolean
json_number (JsonObject *object,
             const char *name,
             double     *x)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *x = NAN;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_DOUBLE
          && json_node_get_value_type (node) != G_TYPE_INT64))
    return FALSE;
  *x = json_node_get_double (node);
  return TRUE;
}

static gboolean
json_count (JsonObject *object,
            const char *name,
            guint      *n)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 x;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  x = json_node_get_int (node);
  if (x < 0 || x > G_MAXUINT)
    return FALSE;
  *n = (guint) x;
  return TRUE;
}

/* The string member @name of @object, NULL when null or absent; FALSE
 * when it is something else. */
static gboolean
json_string (JsonObject  *object,
             const char  *name,
             const char **text)
{
  JsonNode *node = json_object_get_member (object, name);

  *text = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *text = json_node_get_string (node);
  return TRUE;
}

/* The strings of the array @node into a new NULL-terminated array. */
static char **
json_strings (JsonNode *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        return NULL;
      g_strv_builder_add (builder, json_node_get_string (item));
    }
  return g_strv_builder_end (builder);
}

/* What a result's JSON holds that its columns do not: the message, the
 * numbers, the counts, the fields and the samples. */
static gboolean
result_from_json (KpiCheckResult *result,
                  const char     *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) fields = NULL;
  JsonObject *object;
  JsonNode *samples;
  const char *message, *type;
  double observed, min, max;
  guint n, missing, unexpected;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  object = json_node_get_object (json_parser_get_root (parser));
  if (!json_string (object, "message", &message) || !json_string (object, "type", &type)
      || !json_number (object, "observed", &observed)
      || !json_number (object, "expected_min", &min)
      || !json_number (object, "expected_max", &max)
      || !json_count (object, "element_count", &n)
      || !json_count (object, "missing_count", &missing)
      || !json_count (object, "unexpected_count", &unexpected)
      || missing > n || unexpected > n - missing
      || (fields = json_strings (json_object_get_member (object, "fields"))) == NULL)
    return FALSE;

  kpi_check_result_set_message (result, message);
  kpi_check_result_set_check_type (result, type);
  kpi_check_result_set_observed (result, observed);
  kpi_check_result_set_expected (result, min, max);
  kpi_check_result_set_counts (result, n, missing, unexpected);
  kpi_check_result_set_fields (result, (const char * const *) fields);

  samples = json_object_get_member (object, "samples");
  if (samples == NULL || !JSON_NODE_HOLDS_ARRAY (samples))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (samples)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (samples), i);
      g_auto(GStrv) keys = NULL;
      guint row;

      if (!JSON_NODE_HOLDS_OBJECT (item)
          || !json_count (json_node_get_object (item), "row", &row)
          || (keys = json_strings (json_object_get_member (json_node_get_object (item), "keys"))) == NULL)
        return FALSE;
      kpi_check_result_add_sample (result, row, (const char * const *) keys);
    }
  return TRUE;
}

/* The scope of the result @id (KPI_STORE_STMT_AFFECTED_LIST) into @result. */
static gboolean
result_read_affected (KpiStore        *self,
                      sqlite3_int64    id,
                      KpiCheckResult  *result,
                      GError         **error)
{
  sqlite3_stmt *stmt = kpi_store_stmt_get (self, KPI_STORE_STMT_AFFECTED_LIST, error);
  gboolean ok = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *dimension = (const char *) sqlite3_column_text (stmt, 0);
      const char *group = (const char *) sqlite3_column_text (stmt, 1);
      g_autoptr(KpiPeriod) period = NULL;

      if ((dimension == NULL) != (group == NULL))
        {
          kpi_store_set_corrupt_error (self, error, "the scope of check result %" G_GINT64_FORMAT,
                                       (gint64) id);
          ok = FALSE;
        }
      else if (sqlite3_column_int (stmt, 2) != 0
               && (period = kpi_store_period_read (self, stmt, 3, error)) == NULL)
        ok = FALSE;
      else
        kpi_check_result_add_affected (result, period, dimension, group);
    }
  if (ok && rc != SQLITE_DONE)
    {
      kpi_store_set_sqlite_error (self, "cannot read a check result", error);
      ok = FALSE;
    }
  kpi_store_stmt_release (stmt);
  return ok;
}

/* The result in the row of @stmt (KPI_STORE_STMT_RESULT_LIST). */
static KpiCheckResult *
result_read (KpiStore      *self,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  sqlite3_int64 id = sqlite3_column_int64 (stmt, 0);
  g_autoptr(KpiCheckResult) result = NULL;
  int status;

  if (!kpi_store_enum_from_nick (KPI_TYPE_CHECK_STATUS, (const char *) sqlite3_column_text (stmt, 2), &status))
    {
      kpi_store_set_corrupt_error (self, error, "the status of check result %" G_GINT64_FORMAT, (gint64) id);
      return NULL;
    }
  result = kpi_check_result_new (status, NULL);
  kpi_check_result_set_check_id (result, (const char *) sqlite3_column_text (stmt, 1));
  kpi_check_result_set_dataset_name (result, (const char *) sqlite3_column_text (stmt, 3));
  kpi_check_result_set_evaluated_at (result, sqlite3_column_int64 (stmt, 4));
  kpi_check_result_set_data_as_of (result, sqlite3_column_int64 (stmt, 5));
  if (!result_from_json (result, (const char *) sqlite3_column_text (stmt, 6)))
    {
      kpi_store_set_corrupt_error (self, error, "the JSON of check result %" G_GINT64_FORMAT, (gint64) id);
      return NULL;
    }
  if (!result_read_affected (self, id, result, error))
    return NULL;
  return g_steal_pointer (&result);
}

/**
 * kpi_store_list_results:
 * @self: a store
 * @check_id: (nullable): the id of a check ([property@Kpi.Check:id]), or
 *   %NULL for the results of every check
 * @since: the first instant, in microseconds since the Unix epoch, or
 *   %KPI_TIME_UNSET for no bound
 * @until: the instant after the last (the end is not included), or
 *   %KPI_TIME_UNSET for no bound
 * @error: return location for a #GError
 *
 * Lists the check results recorded with an
 * [property@Kpi.CheckResult:evaluated-at] time in `[since, until)`, in
 * the order of that time. Each is rebuilt whole: status, message, numbers,
 * counts, samples, fields, scope (with its periods as they were, in the
 * calendar that made them) and times.
 *
 * Returns: (transfer container) (element-type KpiCheckResult): the
 *   results, or %NULL with @error set
 *
 * Since: 0.1
 */
GPtrArray *
kpi_store_list_results (KpiStore    *self,
                        const char  *check_id,
                        gint64       since,
                        gint64       until,
                        GError     **error)
{
  g_autoptr(GPtrArray) results = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (KPI_STORE_USABLE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  results = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_lock (&self->lock);
  /* One read transaction: the results and their scopes as of one time. */
  ok = kpi_store_begin (self, FALSE, error)
       && (stmt = kpi_store_stmt_get (self, check_id != NULL ? KPI_STORE_STMT_RESULT_LIST_CHECK : KPI_STORE_STMT_RESULT_LIST,
                                      error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, since == KPI_TIME_UNSET ? G_MININT64 : since);
      sqlite3_bind_int64 (stmt, 2, until == KPI_TIME_UNSET ? G_MAXINT64 : until);
      if (check_id != NULL)
        kpi_store_bind_text (stmt, 3, check_id);
      while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          KpiCheckResult *result = result_read (self, stmt, error);

          if (result == NULL)
            ok = FALSE;
          else
            g_ptr_array_add (results, result);
        }
      if (ok && rc != SQLITE_DONE)
        {
          kpi_store_set_sqlite_error (self, "cannot read the check results", error);
          ok = FALSE;
        }
      kpi_store_stmt_release (stmt);
    }
  if (ok)
    ok = kpi_store_commit (self, error);
  else
    kpi_store_rollback (self);
  g_mutex_unlock (&self->lock);
  return ok ? g_steal_pointer (&results) : NULL;
}
