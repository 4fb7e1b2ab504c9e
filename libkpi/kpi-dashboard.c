/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-dashboard.c: a manager's selection of indicators, and what is
 * compared, broken down and watched on it */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kpi.h"
#include "kpi-dashboard-private.h"
#include "kpi-suggest-private.h"
#include "kpi-util-private.h"

/**
 * KpiDashboard:
 *
 * What one manager looks at: a selection of indicators of the shared
 * catalogue (a [iface@Gio.ListModel] of [class@Kpi.DashboardItem]s), each
 * with its target, the benchmarks it is compared with, its thresholds and
 * its breakdowns; an owner or role; and, by type
 * ([enum@Kpi.DashboardType]), perspectives and weights (strategic), budgets
 * (budget) or a project (operational).
 *
 * A dashboard names indicators and benchmarks; it does not hold them. The
 * [class@Kpi.Definitions] it is evaluated with resolves the names, so one
 * catalogue serves every manager's dashboard. A conversion funnel
 * ([property@Kpi.Dashboard:funnel]) is the exception: a [class@Kpi.Funnel]
 * holds its dataset, which the definitions resolve when they load.
 *
 * [method@Kpi.Dashboard.validate] says what makes a dashboard hard to read
 * or to trust, as advisories: fewer than 5 indicators or more than 9 (7 is
 * ideal; beyond 9 it has become a report), a strategic dashboard missing
 * one of the four kinds of indicator, a performance indicator without a
 * target, an indicator whose data no quality check looks at, names that
 * resolve to nothing.
 *
 * ```c
 * g_autoptr(KpiDashboard) board = kpi_dashboard_new ("sales", KPI_DASHBOARD_TYPE_STRATEGIC);
 * g_autoptr(KpiDashboardItem) revenue = kpi_dashboard_item_new ("revenue");
 * kpi_dashboard_item_set_perspective (revenue, "financial");
 * kpi_dashboard_item_set_target (revenue, "revenue_target");
 * kpi_dashboard_add_item (board, revenue, &error);
 * ```
 *
 * A dashboard is a definition: change it in one thread, and evaluate it
 * in others only once it is set up.
 *
 * ## Example
 *
 * ```c
 * const char *document =
 *   "{\"version\": 1, \"datasets\": [{\"name\": \"orders\", \"path\": \"orders.csv\"}],"
 *   " \"indicators\": [{\"id\": \"revenue\", \"dataset\": \"orders\", \"formula\": \"sum(amount)\"}],"
 *   " \"benchmarks\": [{\"name\": \"revenue_target\", \"kind\": \"target\", \"value\": 250}]}";
 * g_autoptr(GError) error = NULL;
 * g_autoptr(KpiDefinitions) definitions = kpi_definitions_new (NULL);
 * g_autoptr(KpiDashboard) board = kpi_dashboard_new ("sales", KPI_DASHBOARD_TYPE_STRATEGIC);
 * g_autoptr(KpiDashboardItem) revenue = kpi_dashboard_item_new ("revenue");
 * g_autoptr(GPtrArray) advisories = NULL;
 *
 * if (!kpi_definitions_load_data (definitions, document, -1, NULL, NULL, &error))
 *   g_error ("%s", error->message);
 * kpi_dashboard_set_owner (board, "Head of sales");
 * kpi_dashboard_item_set_perspective (revenue, "financial");
 * kpi_dashboard_item_set_target (revenue, "revenue_target");
 * if (!kpi_dashboard_add_item (board, revenue, &error) ||
 *     !kpi_definitions_add_dashboard (definitions, board, &error))
 *   g_error ("%s", error->message);
 * advisories = kpi_dashboard_validate (board, definitions);
 * for (guint i = 0; i < advisories->len; i++)
 *   g_print ("%s\n", kpi_advisory_get_message (g_ptr_array_index (advisories, i)));
 * ```
 *
 * ```python
 * document = """{"version": 1, "datasets": [{"name": "orders", "path": "orders.csv"}],
 *   "indicators": [{"id": "revenue", "dataset": "orders", "formula": "sum(amount)"}],
 *   "benchmarks": [{"name": "revenue_target", "kind": "target", "value": 250}]}"""
 * definitions = Kpi.Definitions.new(None)
 * definitions.load_data(document.encode(), None, None)
 * board = Kpi.Dashboard.new("sales", Kpi.DashboardType.STRATEGIC)
 * board.set_owner("Head of sales")
 * revenue = Kpi.DashboardItem.new("revenue")
 * revenue.set_perspective("financial")
 * revenue.set_target("revenue_target")
 * board.add_item(revenue)
 * definitions.add_dashboard(board)
 * for advisory in board.validate(definitions):
 *     print(advisory.get_message())
 * ```
 *
 * ```js
 * const document = JSON.stringify({
 *     version: 1,
 *     datasets: [{name: 'orders', path: 'orders.csv'}],
 *     indicators: [{id: 'revenue', dataset: 'orders', formula: 'sum(amount)'}],
 *     benchmarks: [{name: 'revenue_target', kind: 'target', value: 250}],
 * });
 * const definitions = Kpi.Definitions.new(null);
 * definitions.load_data(new TextEncoder().encode(document), null, null);
 * const board = Kpi.Dashboard.new('sales', Kpi.DashboardType.STRATEGIC);
 * board.set_owner('Head of sales');
 * const revenue = Kpi.DashboardItem.new('revenue');
 * revenue.set_perspective('financial');
 * revenue.set_target('revenue_target');
 * board.add_item(revenue);
 * definitions.add_dashboard(board);
 * for (const advisory of board.validate(definitions))
 *     print(advisory.get_message());
 * ```
 *
 * Since: 0.1
 */

/* ------------------------------------------------------------------ */
/* Dashboards                                                         */

struct _KpiDashboard
{
  GObject            parent_instance;

  char              *id;
  KpiDashboardType   type;
  char              *title;
  char              *owner;
  char              *role;
  char             **perspectives;
  char             **breakdowns;
  guint              history;
  char              *project;
  KpiFunnel         *funnel;      /* nullable */
  KpiFunnelBasis     funnel_basis;
  GPtrArray         *items;       /* of KpiDashboardItem */
  GListStore        *watches;     /* of KpiWatch */
};

enum {
  PROP_0,
  PROP_ID,
  PROP_DASHBOARD_TYPE,
  PROP_TITLE,
  PROP_OWNER,
  PROP_ROLE,
  PROP_PERSPECTIVES,
  PROP_BREAKDOWNS,
  PROP_HISTORY,
  PROP_PROJECT,
  PROP_FUNNEL,
  PROP_FUNNEL_BASIS,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void kpi_dashboard_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KpiDashboard, kpi_dashboard, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      kpi_dashboard_list_model_init))

static const char * const balanced_scorecard[] = {
  "financial", "customer", "internal-process", "learning-and-growth", NULL
};

#define DEFAULT_HISTORY 12

static GType
kpi_dashboard_get_item_type (GListModel *model)
{
  return KPI_TYPE_DASHBOARD_ITEM;
}

static guint
kpi_dashboard_get_n_items (GListModel *model)
{
  return KPI_DASHBOARD (model)->items->len;
}

static gpointer
kpi_dashboard_get_item (GListModel *model,
                        guint       position)
{
  KpiDashboard *self = KPI_DASHBOARD (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
kpi_dashboard_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kpi_dashboard_get_item_type;
  iface->get_n_items = kpi_dashboard_get_n_items;
  iface->get_item = kpi_dashboard_get_item;
}

static void
kpi_dashboard_finalize (GObject *object)
{
  KpiDashboard *self = KPI_DASHBOARD (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->owner);
  g_free (self->role);
  g_strfreev (self->perspectives);
  g_strfreev (self->breakdowns);
  g_free (self->project);
  g_clear_object (&self->funnel);
  g_ptr_array_unref (self->items);
  g_object_unref (self->watches);

  G_OBJECT_CLASS (kpi_dashboard_parent_class)->finalize (object);
}

static void
kpi_dashboard_constructed (GObject *object)
{
  KpiDashboard *self = KPI_DASHBOARD (object);

  G_OBJECT_CLASS (kpi_dashboard_parent_class)->constructed (object);

  if (self->type == KPI_DASHBOARD_TYPE_STRATEGIC && self->perspectives == NULL)
    self->perspectives = g_strdupv ((char **) balanced_scorecard);
}

static void
kpi_dashboard_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KpiDashboard *self = KPI_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_DASHBOARD_TYPE:
      g_value_set_enum (value, self->type);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_OWNER:
      g_value_set_string (value, self->owner);
      break;
    case PROP_ROLE:
      g_value_set_string (value, self->role);
      break;
    case PROP_PERSPECTIVES:
      g_value_set_boxed (value, self->perspectives);
      break;
    case PROP_BREAKDOWNS:
      g_value_set_boxed (value, self->breakdowns);
      break;
    case PROP_HISTORY:
      g_value_set_uint (value, self->history);
      break;
    case PROP_PROJECT:
      g_value_set_string (value, self->project);
      break;
    case PROP_FUNNEL:
      g_value_set_object (value, self->funnel);
      break;
    case PROP_FUNNEL_BASIS:
      g_value_set_enum (value, self->funnel_basis);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_dashboard_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KpiDashboard *self = KPI_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_DASHBOARD_TYPE:
      self->type = g_value_get_enum (value);
      break;
    case PROP_TITLE:
      kpi_dashboard_set_title (self, g_value_get_string (value));
      break;
    case PROP_OWNER:
      kpi_dashboard_set_owner (self, g_value_get_string (value));
      break;
    case PROP_ROLE:
      kpi_dashboard_set_role (self, g_value_get_string (value));
      break;
    case PROP_PERSPECTIVES:
      kpi_dashboard_set_perspectives (self, g_value_get_boxed (value));
      break;
    case PROP_BREAKDOWNS:
      kpi_dashboard_set_breakdowns (self, g_value_get_boxed (value));
      break;
    case PROP_HISTORY:
      kpi_dashboard_set_history (self, g_value_get_uint (value));
      break;
    case PROP_PROJECT:
      kpi_dashboard_set_project (self, g_value_get_string (value));
      break;
    case PROP_FUNNEL:
      kpi_dashboard_set_funnel (self, g_value_get_object (value));
      break;
    case PROP_FUNNEL_BASIS:
      kpi_dashboard_set_funnel_basis (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kpi_dashboard_class_init (KpiDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kpi_dashboard_finalize;
  object_class->constructed = kpi_dashboard_constructed;
  object_class->get_property = kpi_dashboard_get_property;
  object_class->set_property = kpi_dashboard_set_property;

  /**
   * KpiDashboard:id:
   *
   * The dashboard's id, unique in its [class@Kpi.Definitions].
   *
   * Since: 0.1
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KpiDashboard:dashboard-type:
   *
   * Strategic, budget or operational.
   *
   * Since: 0.1
   */
  properties[PROP_DASHBOARD_TYPE] =
    g_param_spec_enum ("dashboard-type", NULL, NULL, KPI_TYPE_DASHBOARD_TYPE,
                       KPI_DASHBOARD_TYPE_STRATEGIC,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KpiDashboard:title:
   *
   * The title shown at the top of the dashboard, or %NULL for its id.
   *
   * Since: 0.1
   */
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  /**
   * KpiDashboard:owner:
   *
   * The person the dashboard is for, or %NULL.
   *
   * Since: 0.1
   */
  properties[PROP_OWNER] = g_param_spec_string ("owner", NULL, NULL, NULL, rw);
  /**
   * KpiDashboard:role:
   *
   * The role the dashboard is for (a sales manager, the board), or %NULL.
   *
   * Since: 0.1
   */
  properties[PROP_ROLE] = g_param_spec_string ("role", NULL, NULL, NULL, rw);
  /**
   * KpiDashboard:perspectives:
   *
   * The perspectives of a strategic dashboard, in the order they are
   * shown: the balanced scorecard's four (`financial`, `customer`,
   * `internal-process`, `learning-and-growth`) unless set.
   *
   * Since: 0.1
   */
  properties[PROP_PERSPECTIVES] =
    g_param_spec_boxed ("perspectives", NULL, NULL, G_TYPE_STRV, rw);
  /**
   * KpiDashboard:breakdowns:
   *
   * The dimensions every indicator is broken down by (`channel`,
   * `region`), unless an item says otherwise; %NULL for none.
   *
   * Since: 0.1
   */
  properties[PROP_BREAKDOWNS] =
    g_param_spec_boxed ("breakdowns", NULL, NULL, G_TYPE_STRV, rw);
  /**
   * KpiDashboard:history:
   *
   * How many periods the sparklines and trends look back, the current one
   * included (12 by default; at least 2).
   *
   * Since: 0.1
   */
  properties[PROP_HISTORY] =
    g_param_spec_uint ("history", NULL, NULL, 2, 1000, DEFAULT_HISTORY, rw);
  /**
   * KpiDashboard:project:
   *
   * The project an operational dashboard follows, by name (`apollo`), or
   * %NULL.
   *
   * Since: 0.1
   */
  properties[PROP_PROJECT] = g_param_spec_string ("project", NULL, NULL, NULL, rw);
  /**
   * KpiDashboard:funnel:
   *
   * The conversion funnel the dashboard shows below its indicators (leads
   * to qualified to won), or %NULL for none. Its report counts it for the
   * report's period ([method@Kpi.Report.get_funnel]) on
   * [property@Kpi.Dashboard:funnel-basis].
   *
   * Since: 0.1
   */
  properties[PROP_FUNNEL] =
    g_param_spec_object ("funnel", NULL, NULL, KPI_TYPE_FUNNEL, rw);
  /**
   * KpiDashboard:funnel-basis:
   *
   * Which entities the dashboard's funnel counts: the cohort that entered
   * in the period (the default) or the stages reached in it.
   *
   * Since: 0.1
   */
  properties[PROP_FUNNEL_BASIS] =
    g_param_spec_enum ("funnel-basis", NULL, NULL, KPI_TYPE_FUNNEL_BASIS,
                       KPI_FUNNEL_BASIS_COHORT, rw);
  /**
   * KpiDashboard:n-items:
   *
   * The number of indicators on the dashboard.
   *
   * Since: 0.1
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KpiDashboard::progress:
   * @self: the dashboard
   * @done: how many items have been evaluated
   * @total: how many there are
   *
   * Emitted after each item of an evaluation
   * ([method@Kpi.Dashboard.evaluate]); for
   * [method@Kpi.Dashboard.evaluate_async], in the main context of the call.
   *
   * Since: 0.1
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
kpi_dashboard_init (KpiDashboard *self)
{
  self->history = DEFAULT_HISTORY;
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->watches = g_list_store_new (KPI_TYPE_WATCH);
}

/**
 * kpi_dashboard_new:
 * @id: the dashboard's id
 * @type: strategic, budget or operational
 *
 * Makes an empty dashboard.
 *
 * Returns: (transfer full): a new dashboard
 *
 * Since: 0.1
 */
KpiDashboard *
kpi_dashboard_new (const char       *id,
                   KpiDashboardType  type)
{
  g_return_val_if_fail (id != NULL && *id != '\0', NULL);
  return g_object_new (KPI_TYPE_DASHBOARD, "id", id, "dashboard-type", type, NULL);
}

/**
 * kpi_dashboard_get_id:
 * @self: a dashboard
 *
 * Gets the id of the dashboard.
 *
 * Returns: its id
 *
 * Since: 0.1
 */
const char *
kpi_dashboard_get_id (KpiDashboard *self)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD (self), NULL);
  return self->id;
}

/**
 * kpi_dashboard_get_dashboard_type:
 * @self: a dashboard
 *
 * Gets the type of the dashboard: strategic, budget or operational.
 *
 * Returns: strategic, budget or operational
 *
 * Since: 0.1
 */
KpiDashboardType
kpi_dashboard_get_dashboard_type (KpiDashboard *self)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD (self), KPI_DASHBOARD_TYPE_STRATEGIC);
  return self->type;
}

#define STRING_ACCESSORS(field, PROP, what)                                  \
const char *                                                                 \
kpi_dashboard_get_##field (KpiDashboard *self)                               \
{                                                                            \
  g_return_val_if_fail (KPI_IS_DASHBOARD (self), NULL);                      \
  return self->field;                                                        \
}                                                                            \
void                                                                         \
kpi_dashboard_set_##field (KpiDashboard *self,                               \
                           const char   *field)                              \
{                                                                            \
  g_return_if_fail (KPI_IS_DASHBOARD (self));                                \
  if (kpi_set_str (&self->field, field))                                     \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);            \
}

/**
 * kpi_dashboard_get_title:
 * @self: a dashboard
 *
 * Gets the title of the dashboard.
 *
 * Returns: (nullable): its title, or %NULL
 *
 * Since: 0.1
 */
/**
 * kpi_dashboard_set_title:
 * @self: a dashboard
 * @title: (nullable): a title, or %NULL
 *
 * Sets [property@Kpi.Dashboard:title].
 *
 * Since: 0.1
 */
STRING_ACCESSORS (title, PROP_TITLE, "title")

/**
 * kpi_dashboard_get_owner:
 * @self: a dashboard
 *
 * Gets the owner of the dashboard.
 *
 * Returns: (nullable): its owner, or %NULL
 *
 * Since: 0.1
 */
/**
 * kpi_dashboard_set_owner:
 * @self: a dashboard
 * @owner: (nullable): a person, or %NULL
 *
 * Sets [property@Kpi.Dashboard:owner].
 *
 * Since: 0.1
 */
STRING_ACCESSORS (owner, PROP_OWNER, "owner")

/**
 * kpi_dashboard_get_role:
 * @self: a dashboard
 *
 * Gets the role the dashboard is made for.
 *
 * Returns: (nullable): its role, or %NULL
 *
 * Since: 0.1
 */
/**
 * kpi_dashboard_set_role:
 * @self: a dashboard
 * @role: (nullable): a role, or %NULL
 *
 * Sets [property@Kpi.Dashboard:role].
 *
 * Since: 0.1
 */
STRING_ACCESSORS (role, PROP_ROLE, "role")

/**
 * kpi_dashboard_get_project:
 * @self: a dashboard
 *
 * Gets the id of the project the dashboard follows.
 *
 * Returns: (nullable): the project it follows, or %NULL
 *
 * Since: 0.1
 */
/**
 * kpi_dashboard_set_project:
 * @self: a dashboard
 * @project: (nullable): the name of a project, or %NULL
 *
 * Sets [property@Kpi.Dashboard:project].
 *
 * Since: 0.1
 */
STRING_ACCESSORS (project, PROP_PROJECT, "project")

/**
 * kpi_dashboard_get_perspectives:
 * @self: a dashboard
 *
 * Gets the perspectives the dashboard groups its items by.
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): its
 *   perspectives, or %NULL
 *
 * Since: 0.1
 */
const char * const *
kpi_dashboard_get_perspectives (KpiDashboard *self)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD (self), NULL);
  return (const char * const *) self->perspectives;
}

/**
 * kpi_dashboard_set_perspectives:
 * @self: a dashboard
 * @perspectives: (nullable) (array zero-terminated=1): perspectives, in
 *   order
 *
 * Sets [property@Kpi.Dashboard:perspectives].
 *
 * Since: 0.1
 */
void
kpi_dashboard_set_perspectives (KpiDashboard       *self,
                                const char * const *perspectives)
{
  g_return_if_fail (KPI_IS_DASHBOARD (self));
  if (kpi_dashboard_strv_set (&self->perspectives, perspectives))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSPECTIVES]);
}

/**
 * kpi_dashboard_get_breakdowns:
 * @self: a dashboard
 *
 * Gets the dimensions the dashboard breaks its values down by.
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the
 *   dimensions of its breakdowns, or %NULL
 *
 * Since: 0.1
 */
const char * const *
kpi_dashboard_get_breakdowns (KpiDashboard *self)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD (self), NULL);
  return (const char * const *) self->breakdowns;
}

/**
 * kpi_dashboard_set_breakdowns:
 * @self: a dashboard
 * @dimensions: (nullable) (array zero-terminated=1): dimensions, or %NULL
 *
 * Sets [property@Kpi.Dashboard:breakdowns].
 *
 * Since: 0.1
 */
void
kpi_dashboard_set_breakdowns (KpiDashboard       *self,
                              const char * const *dimensions)
{
  g_return_if_fail (KPI_IS_DASHBOARD (self));
  if (kpi_dashboard_strv_set (&self->breakdowns, dimensions))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BREAKDOWNS]);
}

/**
 * kpi_dashboard_get_history:
 * @self: a dashboard
 *
 * Gets how many periods sparklines and trends look back.
 *
 * Returns: how many periods sparklines and trends look back
 *
 * Since: 0.1
 */
guint
kpi_dashboard_get_history (KpiDashboard *self)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD (self), DEFAULT_HISTORY);
  return self->history;
}

/**
 * kpi_dashboard_set_history:
 * @self: a dashboard
 * @n_periods: periods, the current one included, 2 to 1000
 *
 * Sets [property@Kpi.Dashboard:history].
 *
 * Since: 0.1
 */
void
kpi_dashboard_set_history (KpiDashboard *self,
                           guint         n_periods)
{
  g_return_if_fail (KPI_IS_DASHBOARD (self));
  g_return_if_fail (n_periods >= 2 && n_periods <= 1000);
  if (self->history != n_periods)
    {
      self->history = n_periods;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
    }
}

/**
 * kpi_dashboard_get_funnel:
 * @self: a dashboard
 *
 * Gets [property@Kpi.Dashboard:funnel].
 *
 * Returns: (transfer none) (nullable): its conversion funnel, or %NULL
 *
 * Since: 0.1
 */
KpiFunnel *
kpi_dashboard_get_funnel (KpiDashboard *self)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD (self), NULL);
  return self->funnel;
}

/**
 * kpi_dashboard_set_funnel:
 * @self: a dashboard
 * @funnel: (nullable): a funnel over one of the definitions' datasets, or
 *   %NULL for none
 *
 * Sets [property@Kpi.Dashboard:funnel]: the stages its report counts and
 * draws after the indicators' cards. The dashboard keeps a reference; the
 * funnel is read, never changed, by the evaluations.
 *
 * Since: 0.1
 */
void
kpi_dashboard_set_funnel (KpiDashboard *self,
                          KpiFunnel    *funnel)
{
  g_return_if_fail (KPI_IS_DASHBOARD (self));
  g_return_if_fail (funnel == NULL || KPI_IS_FUNNEL (funnel));
  if (g_set_object (&self->funnel, funnel))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FUNNEL]);
}

/**
 * kpi_dashboard_get_funnel_basis:
 * @self: a dashboard
 *
 * Gets [property@Kpi.Dashboard:funnel-basis].
 *
 * Returns: which entities its funnel counts
 *
 * Since: 0.1
 */
KpiFunnelBasis
kpi_dashboard_get_funnel_basis (KpiDashboard *self)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD (self), KPI_FUNNEL_BASIS_COHORT);
  return self->funnel_basis;
}

/**
 * kpi_dashboard_set_funnel_basis:
 * @self: a dashboard
 * @basis: the cohort that entered in the period, or the stages reached in
 *   it
 *
 * Sets [property@Kpi.Dashboard:funnel-basis].
 *
 * Since: 0.1
 */
void
kpi_dashboard_set_funnel_basis (KpiDashboard   *self,
                                KpiFunnelBasis  basis)
{
  g_return_if_fail (KPI_IS_DASHBOARD (self));
  g_return_if_fail (basis == KPI_FUNNEL_BASIS_COHORT || basis == KPI_FUNNEL_BASIS_PERIOD);
  if (self->funnel_basis != basis)
    {
      self->funnel_basis = basis;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FUNNEL_BASIS]);
    }
}

static gssize
find_item (KpiDashboard *self,
           const char   *indicator_id)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      KpiDashboardItem *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (item->indicator_id, indicator_id) == 0)
        return i;
    }
  return -1;
}

/**
 * kpi_dashboard_add_item:
 * @self: a dashboard
 * @item: an item
 * @error: return location for a #GError
 *
 * Adds an indicator at the end of the dashboard.
 *
 * Returns: %TRUE, or %FALSE with %KPI_DEFINITIONS_ERROR_DUPLICATE when the
 *   dashboard already shows that indicator
 *
 * Since: 0.1
 */
gboolean
kpi_dashboard_add_item (KpiDashboard      *self,
                        KpiDashboardItem  *item,
                        GError           **error)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD (self), FALSE);
  g_return_val_if_fail (KPI_IS_DASHBOARD_ITEM (item), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (find_item (self, item->indicator_id) >= 0)
    {
      g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_DUPLICATE,
                   "dashboard “%s” already shows “%s”", self->id, item->indicator_id);
      return FALSE;
    }
  g_ptr_array_add (self->items, g_object_ref (item));
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return TRUE;
}

/**
 * kpi_dashboard_remove_item:
 * @self: a dashboard
 * @indicator_id: the id of an indicator
 *
 * Takes an indicator off the dashboard.
 *
 * Returns: whether the dashboard showed it
 *
 * Since: 0.1
 */
gboolean
kpi_dashboard_remove_item (KpiDashboard *self,
                           const char   *indicator_id)
{
  gssize i;

  g_return_val_if_fail (KPI_IS_DASHBOARD (self), FALSE);
  g_return_val_if_fail (indicator_id != NULL, FALSE);

  if ((i = find_item (self, indicator_id)) < 0)
    return FALSE;
  g_ptr_array_remove_index (self->items, i);
  g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return TRUE;
}

/**
 * kpi_dashboard_lookup_item:
 * @self: a dashboard
 * @indicator_id: the id of an indicator
 *
 * Looks up the item of an indicator in the dashboard.
 *
 * Returns: (transfer none) (nullable): the item of the indicator, or
 *   %NULL when the dashboard does not show it
 *
 * Since: 0.1
 */
KpiDashboardItem *
kpi_dashboard_lookup_item (KpiDashboard *self,
                           const char   *indicator_id)
{
  gssize i;

  g_return_val_if_fail (KPI_IS_DASHBOARD (self), NULL);
  g_return_val_if_fail (indicator_id != NULL, NULL);

  i = find_item (self, indicator_id);
  return i < 0 ? NULL : g_ptr_array_index (self->items, i);
}

/**
 * kpi_dashboard_get_watches:
 * @self: a dashboard
 *
 * The watch rules of the dashboard, evaluated with it.
 *
 * Returns: (transfer none): a list model of [class@Kpi.Watch]
 *
 * Since: 0.1
 */
GListModel *
kpi_dashboard_get_watches (KpiDashboard *self)
{
  g_return_val_if_fail (KPI_IS_DASHBOARD (self), NULL);
  return G_LIST_MODEL (self->watches);
}

/**
 * kpi_dashboard_add_watch:
 * @self: a dashboard
 * @watch: a watch rule
 * @error: return location for a #GError
 *
 * Adds a watch rule.
 *
 * Returns: %TRUE, or %FALSE with %KPI_DEFINITIONS_ERROR_DUPLICATE when the
 *   dashboard has a rule of that id
 *
 * Since: 0.1
 */
gboolean
kpi_dashboard_add_watch (KpiDashboard  *self,
                         KpiWatch      *watch,
                         GError       **error)
{
  guint n;

  g_return_val_if_fail (KPI_IS_DASHBOARD (self), FALSE);
  g_return_val_if_fail (KPI_IS_WATCH (watch), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->watches));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiWatch) other = g_list_model_get_item (G_LIST_MODEL (self->watches), i);

      if (g_strcmp0 (kpi_watch_get_id (other), kpi_watch_get_id (watch)) == 0)
        {
          g_set_error (error, KPI_DEFINITIONS_ERROR, KPI_DEFINITIONS_ERROR_DUPLICATE,
                       "dashboard “%s” already has a watch rule “%s”",
                       self->id, kpi_watch_get_id (watch));
          return FALSE;
        }
    }
  g_list_store_append (self->watches, watch);
  return TRUE;
}

static const char *
enum_nick (GType type,
           int   value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);
  const char *nick = v != NULL ? v->value_nick : "?";

  g_type_class_unref (klass);   /* the enum classes of the library stay */
  return nick;
}

static void
advise (GPtrArray       *out,
        KpiAdvisoryKind  kind,
        KpiDashboard    *self,
        const char      *subject,
        const char      *format,
        ...) G_GNUC_PRINTF (5, 6);

static void
advise (GPtrArray       *out,
        KpiAdvisoryKind  kind,
        KpiDashboard    *self,
        const char      *subject,
        const char      *format,
        ...)
{
  g_autofree char *body = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  body = g_strdup_vprintf (format, args);
  va_end (args);
  message = g_strdup_printf ("dashboard “%s”: %s", self->id, body);
  g_ptr_array_add (out, kpi_advisory_new (kind, self->id, subject, message));
}

/* Whether a check of the suite looks at the dataset @name. */
static gboolean
dataset_is_checked (KpiCheckSuite *checks,
                    KpiContext    *context,
                    const char    *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (checks));
  g_autoptr(KpiDataset) dataset = kpi_context_lookup_dataset (context, name);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KpiCheck) check = g_list_model_get_item (G_LIST_MODEL (checks), i);
      g_autoptr(KpiDataset) own = NULL;

      if (g_strcmp0 (kpi_check_get_dataset_name (check), name) == 0)
        return TRUE;
      g_object_get (check, "dataset", &own, NULL);
      if (own != NULL && own == dataset)
        return TRUE;
    }
  return FALSE;
}

static void
check_benchmark (GPtrArray      *out,
                 KpiDashboard   *self,
                 KpiDefinitions *definitions,
                 const char     *indicator_id,
                 const char     *role,
                 const char     *name)
{
  g_autoptr(KpiBenchmark) benchmark = NULL;
  g_auto(GStrv) names = NULL;
  const char *near;

  if (name == NULL || (benchmark = kpi_definitions_lookup_benchmark (definitions, name)) != NULL)
    return;
  names = kpi_definitions_list_benchmark_names (definitions);
  near = kpi_suggest (name, (const char * const *) names, g_strv_length (names));
  if (near != NULL)
    advise (out, KPI_ADVISORY_UNKNOWN_BENCHMARK, self, name,
            "the %s of “%s” is an unknown benchmark “%s”; did you mean “%s”?",
            role, indicator_id, name, near);
  else
    advise (out, KPI_ADVISORY_UNKNOWN_BENCHMARK, self, name,
            "the %s of “%s” is an unknown benchmark “%s”", role, indicator_id, name);
}

/**
 * kpi_dashboard_validate:
 * @self: a dashboard
 * @definitions: the definitions it is evaluated with: its indicators,
 *   datasets, benchmarks and checks
 *
 * Says what makes the dashboard hard to read or to trust. None of these
 * stops it from being evaluated; each is said rather than silently
 * accepted:
 *
 * - fewer than 5 indicators, or more than 9 (7 is ideal; beyond 9 it has
 *   become a report);
 * - on a strategic dashboard, one of the four kinds of indicator
 *   ([enum@Kpi.IndicatorKind]) missing, or an indicator without a
 *   perspective of the dashboard's;
 * - a performance indicator without a target (or, on a budget dashboard,
 *   a budget);
 * - an indicator reading a dataset that no check of the definitions looks
 *   at, or a dataset that does not exist;
 * - an indicator or benchmark name that resolves to nothing;
 * - an operational dashboard without a project.
 *
 * Returns: (transfer container) (element-type KpiAdvisory): the
 *   advisories, in the dashboard's order; empty when there is nothing to
 *   say
 *
 * Since: 0.1
 */
GPtrArray *
kpi_dashboard_validate (KpiDashboard   *self,
                        KpiDefinitions *definitions)
{
  GPtrArray *out;
  KpiContext *context;
  KpiCheckSuite *checks;
  g_autoptr(GHashTable) seen_datasets = NULL;
  gboolean kinds[KPI_INDICATOR_KIND_IMPACT + 1] = { FALSE, };
  guint n = 0;

  g_return_val_if_fail (KPI_IS_DASHBOARD (self), NULL);
  g_return_val_if_fail (KPI_IS_DEFINITIONS (definitions), NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) kpi_advisory_unref);
  context = kpi_definitions_get_context (definitions);
  checks = kpi_definitions_get_checks (definitions);
  seen_datasets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n = self->items->len;

  if (n < 5)
    advise (out, KPI_ADVISORY_TOO_FEW_INDICATORS, self, NULL,
            "%u indicator%s: fewer than 5 leaves questions unanswered (7 is ideal)",
            n, n == 1 ? "" : "s");
  else if (n > 9)
    advise (out, KPI_ADVISORY_TOO_MANY_INDICATORS, self, NULL,
            "%u indicators: beyond 9 a dashboard has become a report (7 is ideal)", n);

  if (self->type == KPI_DASHBOARD_TYPE_OPERATIONAL && self->project == NULL)
    advise (out, KPI_ADVISORY_NO_PROJECT, self, NULL,
            "an operational dashboard follows a project, and none is set");

  for (guint i = 0; i < n; i++)
    {
      KpiDashboardItem *item = g_ptr_array_index (self->items, i);
      const char *id = item->indicator_id;
      g_autoptr(KpiIndicator) indicator = kpi_context_lookup_indicator (context, id);
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) datasets = NULL;

      if (indicator == NULL)
        {
          g_auto(GStrv) ids = kpi_context_list_indicator_ids (context);
          const char *near = kpi_suggest (id, (const char * const *) ids, g_strv_length (ids));

          if (near != NULL)
            advise (out, KPI_ADVISORY_UNKNOWN_INDICATOR, self, id,
                    "unknown indicator “%s”; did you mean “%s”?", id, near);
          else
            advise (out, KPI_ADVISORY_UNKNOWN_INDICATOR, self, id,
                    "unknown indicator “%s”", id);
          continue;
        }

      kinds[kpi_indicator_get_kind (indicator)] = TRUE;

      check_benchmark (out, self, definitions, id, "target", item->target);
      check_benchmark (out, self, definitions, id, "budget", item->budget);
      for (guint j = 0; item->comparisons != NULL && item->comparisons[j] != NULL; j++)
        check_benchmark (out, self, definitions, id, "comparison", item->comparisons[j]);

      if (kpi_indicator_get_kind (indicator) == KPI_INDICATOR_KIND_PERFORMANCE &&
          item->target == NULL &&
          !(self->type == KPI_DASHBOARD_TYPE_BUDGET && item->budget != NULL))
        advise (out, KPI_ADVISORY_NO_TARGET, self, id,
                "“%s” is a performance indicator without a target: its status "
                "cannot be said", id);

      if (self->type == KPI_DASHBOARD_TYPE_STRATEGIC &&
          (item->perspective == NULL || self->perspectives == NULL ||
           !g_strv_contains ((const char * const *) self->perspectives, item->perspective)))
        {
          if (item->perspective == NULL)
            advise (out, KPI_ADVISORY_UNKNOWN_PERSPECTIVE, self, id,
                    "“%s” has no perspective: it counts in no perspective's score", id);
          else
            advise (out, KPI_ADVISORY_UNKNOWN_PERSPECTIVE, self, id,
                    "“%s” is in perspective “%s”, which the dashboard does not list",
                    id, item->perspective);
        }

      datasets = kpi_indicator_list_datasets (indicator, context, &error);
      if (datasets == NULL)
        {
          advise (out, KPI_ADVISORY_UNKNOWN_DATASET, self, id, "“%s”: %s", id, error->message);
          continue;
        }
      for (guint j = 0; datasets[j] != NULL; j++)
        {
          g_autoptr(KpiDataset) dataset = NULL;

          if (g_hash_table_contains (seen_datasets, datasets[j]))
            continue;
          g_hash_table_add (seen_datasets, g_strdup (datasets[j]));
          dataset = kpi_context_lookup_dataset (context, datasets[j]);
          if (dataset == NULL)
            {
              g_auto(GStrv) names = kpi_context_list_dataset_names (context);
              g_autofree char *near = kpi_suggest_suffix (datasets[j], (const char * const *) names,
                                                          g_strv_length (names), "");

              advise (out, KPI_ADVISORY_UNKNOWN_DATASET, self, datasets[j],
                      "“%s” reads dataset “%s”, which does not exist%s", id, datasets[j], near);
            }
          else if (!dataset_is_checked (checks, context, datasets[j]))
            advise (out, KPI_ADVISORY_UNCHECKED_DATA, self, datasets[j],
                    "no quality check looks at dataset “%s”, which “%s” reads: "
                    "its numbers cannot be vouched for", datasets[j], id);
        }
    }

  if (self->type == KPI_DASHBOARD_TYPE_STRATEGIC && n > 0)
    for (int k = KPI_INDICATOR_KIND_PERFORMANCE; k <= KPI_INDICATOR_KIND_IMPACT; k++)
      if (!kinds[k])
        advise (out, KPI_ADVISORY_MISSING_KIND, self, enum_nick (KPI_TYPE_INDICATOR_KIND, k),
                "no %s indicator: a strategic dashboard balances performance, "
                "steering, context and impact", enum_nick (KPI_TYPE_INDICATOR_KIND, k));

  return out;
}
