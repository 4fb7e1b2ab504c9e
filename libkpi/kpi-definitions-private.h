/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-definitions-private.h: what the reading and the writing of a
 * definitions document share. Not installed, not scanned. */

#pragma once

#include <json-glib/json-glib.h>

#include "kpi.h"

G_BEGIN_DECLS

typedef struct
{
  char       *name;
  KpiDataset *dataset;
  JsonNode   *spec;      /* how the document describes it, written back */
} DatasetEntry;

struct _KpiDefinitions
{
  GObject         parent_instance;

  GFile          *file;
  KpiCalendar    *calendar;
  JsonNode       *calendar_spec;   /* NULL: not declared */
  KpiContext     *context;
  KpiCatalog     *catalog;
  KpiCheckSuite  *checks;
  GPtrArray      *datasets;        /* of DatasetEntry */
  GPtrArray      *benchmarks;      /* of KpiBenchmark: the built-in, then the document's */
  GListStore     *dashboards;      /* of KpiDashboard */

  GMutex          checks_lock;     /* guards the two below */
  GPtrArray      *check_results;   /* of KpiCheckResult: the last run's */
  char           *checks_key;      /* what it read, as check_run_key() says */
};

/* previous_period and last_year, first in the benchmarks: not written */
#define KPI_DEFINITIONS_N_BUILTIN 2

/* The nickname of @value of the enumeration @type (NULL for none). */
const char *kpi_definitions_nick            (GType           type,
                                             int             value);
/* How a document describes @dataset, loaded from @path with @options
 * (the options for its columns: their date formats, percentages, kinds). */
JsonNode   *kpi_definitions_options_to_spec (const char     *name,
                                             const char     *path,
                                             KpiLoadOptions *options,
                                             KpiDataset     *dataset);
/* A check as a checks file declares it: id, type, what differs from a
 * fresh check of its type. */
JsonNode   *kpi_definitions_check_to_json   (KpiCheck       *check);

/* Shared by the reading (kpi-definitions-read.c) and the object: */
DatasetEntry *kpi_definitions_find_dataset   (KpiDefinitions *self,
                                              const char     *name);
KpiBenchmark *kpi_definitions_find_benchmark (KpiDefinitions *self,
                                              const char     *name);
/* Sets the calendar, the context over the catalogue, the built-in
 * benchmarks: what a new object (or a document being read) starts with. */
void          kpi_definitions_setup          (KpiDefinitions *self,
                                              KpiCalendar    *calendar);
void          kpi_definitions_emit_load_progress (KpiDefinitions *self,
                                              const char     *dataset,
                                              guint64         done,
                                              guint64         total);

G_END_DECLS
