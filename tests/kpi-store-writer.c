/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kpi-store-writer: records calls into a store for ever (or up to a
 * number), printing after each one that returned the number of calls
 * committed so far. The crash test of test-kpi-store kills it with
 * SIGKILL at random points, then checks that the store is sound and holds
 * every call it printed (kpi-store-writer.h says what each call records).
 *
 * Usage: kpi-store-writer STORE RUN [CALLS] */

#include <stdio.h>
#include <stdlib.h>

#include "kpi-store-writer.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpiStore) store = NULL;
  g_autoptr(KpiCalendar) utc = NULL;
  guint run, calls;

  if (argc < 3 || argc > 4)
    {
      fprintf (stderr, "usage: kpi-store-writer STORE RUN [CALLS]\n");
      return 2;
    }
  run = (guint) strtoul (argv[2], NULL, 10);
  calls = argc == 4 ? (guint) strtoul (argv[3], NULL, 10) : G_MAXUINT;

  utc = kpi_calendar_new (NULL, 1, &error);
  if (utc != NULL)
    store = kpi_store_open (argv[1], &error);
  if (store == NULL)
    {
      fprintf (stderr, "kpi-store-writer: %s\n", error->message);
      return 1;
    }
  for (guint call = 1; call <= calls; call++)
    {
      if (!kpi_store_writer_call (store, utc, run, call, &error))
        {
          fprintf (stderr, "kpi-store-writer: call %u: %s\n", call, error->message);
          return 1;
        }
      /* Only now is the call committed: say so at once. */
      printf ("%u\n", call);
      fflush (stdout);
    }
  return 0;
}
