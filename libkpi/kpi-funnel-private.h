/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-funnel-private.h: what the funnel (kpi-funnel.c), its result
 * (kpi-funnel-result.c) and its open pipeline (kpi-funnel-pipeline.c)
 * share: the funnel's fields, the snapshot of the dataset's columns that
 * one evaluation reads, and the constructor of a result.
 *
 * Not installed, not scanned. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

struct _KpiFunnel
{
  GObject      parent_instance;

  KpiDataset  *dataset;            /* the stage events, one row per event */
  char        *entity_column;      /* dimension: the entity (opportunity id) */
  char        *stage_column;       /* dimension: the stage of an event */
  char       **stages;             /* NULL-terminated, in funnel order */
  guint        n_stages;           /* at least 1 */
  char        *amount_column;      /* measure, or NULL (no pipeline) */
  char        *probability_column; /* measure, or NULL */
  GHashTable  *stage_probability;  /* stage name -> double*: set by the
                                    * user, wins over the column */
  GHashTable  *closed;             /* set of names; NULL: the default (the
                                    * last stage and unlisted ones) */
};

/* The columns of the dataset as they are now. Rows are only ever appended,
 * and dictionary codes never change, so these stay consistent for one
 * evaluation. */
typedef struct
{
  gsize           n_rows;
  const gint64   *times;         /* n_rows, or NULL when there is no row */
  const guint32  *entity;        /* n_rows entity codes */
  const guint32  *stage;         /* n_rows stage codes */
  gsize           n_entities;    /* size of the entity dictionary */
  gsize           n_stage_codes; /* size of the stage dictionary */
  int            *stage_of_code; /* stage code -> funnel index, or -1 for a
                                  * stage the funnel does not list */
} KpiFunnelColumns;

void             kpi_funnel_columns_init  (KpiFunnel        *self,
                                           KpiFunnelColumns *c);
void             kpi_funnel_columns_clear (KpiFunnelColumns *c);

/* The index of @stage in the funnel's stages, or -1. */
int              kpi_funnel_stage_index   (KpiFunnel        *self,
                                           const char       *stage);

/* A result from the @counts (n_stages) of the entities that reached each
 * stage: the conversions, drop-offs, flags and warnings are computed here,
 * once. @group is the group value of a breakdown, or NULL. */
KpiFunnelResult *kpi_funnel_result_new    (KpiFunnel        *funnel,
                                           KpiFunnelBasis    basis,
                                           const KpiPeriod  *period,
                                           gboolean          has_as_of,
                                           gint64            as_of,
                                           const char       *group,
                                           const guint      *counts,
                                           guint             n_entities,
                                           guint             n_ignored_rows);

G_END_DECLS
