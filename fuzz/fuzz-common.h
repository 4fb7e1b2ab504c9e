/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-common.h: what the fuzzing harnesses share.
 *
 * Each harness (fuzz-csv.c, fuzz-formula.c, ...) defines its entry point
 * with KPI_FUZZ_HARNESS (name): a function kpi_fuzz_<name> () that takes
 * one input. Built for libFuzzer (KPI_FUZZ_LIBFUZZER, --enable-fuzzing),
 * the file also defines LLVMFuzzerTestOneInput and LLVMFuzzerInitialize
 * around it, one program per harness; built with the normal compiler, all
 * the harnesses link into fuzz-replay, which runs each of them on the
 * inputs kept in regressions/ and corpus/ (a make check test).
 *
 * Not a library API: the harnesses see the library's private headers. */

#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kpi.h"

G_BEGIN_DECLS

/* Sets up what every harness needs once: criticals and warnings abort
 * (a g_return_if_fail tripped by an input is a bug: values from a file are
 * validated with a GError), the time zones the harnesses use are loaded
 * (and kept: no file is read per input). Idempotent. */
void          kpi_fuzz_init           (void);

/* A time zone loaded by kpi_fuzz_init: index % kpi_fuzz_n_time_zones ().
 * Transfer none. */
GTimeZone    *kpi_fuzz_time_zone      (guint index);
guint         kpi_fuzz_n_time_zones   (void);

/* The bytes of an input, consumed from the front: the options of a
 * harness first, then the rest (the document). */
typedef struct
{
  const guint8 *data;
  gsize         size;
} KpiFuzzInput;

/* The next byte, 0 once the input is exhausted. */
guint8        kpi_fuzz_take_byte      (KpiFuzzInput *input);
/* One of @n choices (0 .. n - 1) from the next byte. */
guint         kpi_fuzz_take_choice    (KpiFuzzInput *input,
                                       guint         n);
/* The rest of the input as a NUL-terminated string (it may hold other
 * NULs before the end); free with g_free. */
char         *kpi_fuzz_take_rest      (KpiFuzzInput *input,
                                       gsize        *length);

/* A string from the input: a length byte (at most @max_length bytes),
 * then that many bytes; it ends at a NUL the bytes hold. Free with
 * g_free. */
char         *kpi_fuzz_take_string    (KpiFuzzInput *input,
                                       guint         max_length);

/* The load options of issue 15 that the CSV and JSON loaders share, each
 * taken from the input (a byte, and for some a string after it): a date
 * format for the time column @time_column, every time column or another
 * column (one of the common formats, `serial`, or a random strftime-like
 * string); a number style (the four, their short names, or a random
 * string); up to two percent columns. A refused value must be refused
 * with a GError. */
void          kpi_fuzz_take_date_format   (KpiLoadOptions *options,
                                           KpiFuzzInput   *input,
                                           const char     *time_column);
void          kpi_fuzz_take_number_style  (KpiLoadOptions *options,
                                           KpiFuzzInput   *input);
void          kpi_fuzz_take_percent_columns (KpiLoadOptions *options,
                                             KpiFuzzInput   *input);

/* A GError that a harness expects (a refused input): it must be set, say
 * something and be valid UTF-8; then it is freed. Aborts otherwise. */
void          kpi_fuzz_expect_error   (GError       **error,
                                       const char    *what);

/* Aborts with @format when @condition is false: an invariant the input
 * broke. Not g_assert: it stays in every build. */
#define kpi_fuzz_assert(condition, ...) \
  G_STMT_START { if (G_UNLIKELY (!(condition))) kpi_fuzz_fail (__FILE__, __LINE__, #condition, __VA_ARGS__); } G_STMT_END
G_NORETURN void kpi_fuzz_fail          (const char *file,
                                       int         line,
                                       const char *condition,
                                       const char *format,
                                       ...) G_GNUC_PRINTF (4, 5);

/* A calendar for harnesses that evaluate: Europe/Paris, fiscal year from
 * April, now 2025-04-15; kept. Transfer none. */
KpiCalendar  *kpi_fuzz_calendar       (void);

/* A new dataset (time column `date`) of a few rows in 2024 and 2025:
 * dimensions customer, channel, region, stage, opportunity; measures
 * amount, cost, score, probability. The same every call. */
KpiDataset   *kpi_fuzz_new_dataset    (void);

/* A new context over kpi_fuzz_calendar () holding kpi_fuzz_new_dataset ()
 * as `orders` (and as `opportunities`, `nps`, `marketing`, `complaints`), and a few indicators the formulas
 * of the seeds refer to (@spend, @new_customers, @marketing_spend, @ref,
 * @gap). */
KpiContext   *kpi_fuzz_new_context    (void);

/* Forces up to three columns (choice % 4) to a kind, the names and kinds
 * picked by the other bits of @choice: names the seeds use, and names
 * that are not there. */
void          kpi_fuzz_set_column_kinds (KpiLoadOptions *options,
                                         guint8          choice);

/* Checks what a loaded dataset promises: as many values as rows in each
 * column, codes within the dictionary, UTF-8 dimension values, times
 * within the time range, and every row counted once by count() over the
 * months it spans (the first 24; when every month has a value). Aborts
 * otherwise. */
void          kpi_fuzz_check_dataset  (KpiDataset   *dataset);
/* Loads @text (@length bytes) into a new dataset with @options: it loads
 * or fails with a GError leaving no row; loaded, the same text again
 * appends as many rows or fails changing nothing; then the dataset is
 * checked (kpi_fuzz_check_dataset()). Shared by the file harnesses. */
void          kpi_fuzz_load_twice     (KpiLoadOptions *options,
                                       const char     *text,
                                       gsize           length);

/* A harness: int kpi_fuzz_NAME (const uint8_t *data, size_t size). */
#define KPI_FUZZ_HARNESS(name) KPI_FUZZ_HARNESS_ (name)
#ifdef KPI_FUZZ_LIBFUZZER
#define KPI_FUZZ_HARNESS_(name) \
  int kpi_fuzz_##name (const uint8_t *data, size_t size); \
  int LLVMFuzzerInitialize (int *argc, char ***argv); \
  int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size); \
  int LLVMFuzzerInitialize (int *argc, char ***argv) { kpi_fuzz_init (); return 0; } \
  int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size) { return kpi_fuzz_##name (data, size); } \
  int kpi_fuzz_##name (const uint8_t *data, size_t size)
#else
#define KPI_FUZZ_HARNESS_(name) \
  int kpi_fuzz_##name (const uint8_t *data, size_t size); \
  int kpi_fuzz_##name (const uint8_t *data, size_t size)
#endif

G_END_DECLS
