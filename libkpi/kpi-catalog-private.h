/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-catalog-private.h: "did you mean" for the names a catalog holds.
 * Not installed, not scanned. */

#pragma once

#include "kpi.h"

G_BEGIN_DECLS

/* The name of a dataset of @self close enough to @name to be what was
 * meant (see kpi_suggest()), or NULL. Owned by @self. */
const char *kpi_catalog_suggest_dataset   (KpiCatalog *self,
                                           const char *name);

/* The same for the id of an indicator of @self. */
const char *kpi_catalog_suggest_indicator (KpiCatalog *self,
                                           const char *id);

G_END_DECLS
