/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kpi-sample-data.c - deterministic generator of a synthetic CRM data set.
 *
 * Used by the demo, the test suite and the benchmarks of libkpi.  Depends on
 * GLib only.  Same seed and options => byte-identical output files.
 *
 * See docs/sample-data.md for the file formats and the list of the seeded
 * anomalies (also written to anomalies.json next to the CSV files).
 *
 * Every file has its own pseudo-random stream (xoshiro256** seeded through
 * splitmix64 from the seed and a per-file stream number, kpi-sample-rng.h),
 * so orders.csv is the same whether or not the other files are generated
 * (--only orders).  --clean draws the same numbers and applies none of the
 * anomalies, so that its files differ from the seeded ones only where an
 * anomaly is.  Project Apollo's task log is in kpi-sample-project.c.
 */

#include <glib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpi-sample-project.h"
#include "kpi-sample-rng.h"

/* ------------------------------------------------------------------------ */
/* Constants                                                                */
/* ------------------------------------------------------------------------ */

#define N_CHANNELS 3
#define N_REGIONS  4
#define N_REPS     24
#define REPS_PER_REGION (N_REPS / N_REGIONS)

#define REP_STOP   6   /* R07: stops reporting */
#define REP_EOQ    2   /* R03: end-of-quarter concentration */

#define DUP_BATCH_ROWS 40
#define SPIKE_FACTOR_MIN 7.0
#define SPIKE_FACTOR_MAX 10.0
#define EOQ_WINDOW_DAYS 5
#define EOQ_MOVE_PROB 0.75
#define REWRITE_PROB 0.05
#define REWRITE_FACTOR_DOWN 0.80
#define REWRITE_FACTOR_UP 1.15
#define SNAPSHOT_LAG_DAYS 5
#define MARKETING_LAG_DAYS 6

/* Where the anomalies sit, as a fraction of the date range.  With the
 * default range (2024-01-01 + 731 days) these give exactly the dates listed
 * in docs/sample-data.md. */
#define POS_DUP     0.5965 /* 2025-03-12 */
#define POS_SPIKE   0.6909 /* 2025-05-20 */
#define POS_REWRITE 0.725  /* month of 2025-06-13 -> June 2025 */
#define POS_EOQ     0.81   /* quarter of 2025-08-15 -> 2025-Q3 */
#define POS_STOP    0.875  /* month of 2025-10-01 -> from 2025-10-01 */

#define OUT_BUF_SIZE (8u << 20)

static const char *const CHANNELS[N_CHANNELS] = { "online", "mobile", "store" };
static const double CHANNEL_WEIGHT[N_CHANNELS] = { 0.50, 0.30, 0.20 };
/* Average basket per channel relative to the global one. */
static const double CHANNEL_BASKET[N_CHANNELS] = { 1.00, 0.85, 1.20 };
/* Weekly profile, Monday .. Sunday. */
static const double CHANNEL_WEEK[N_CHANNELS][7] = {
  { 1.00, 1.00, 1.00, 1.00, 1.05, 0.95, 1.00 },
  { 0.95, 0.95, 0.95, 1.00, 1.05, 1.15, 1.20 },
  { 1.10, 1.05, 1.05, 1.10, 1.20, 0.55, 0.30 },
};
/* Yearly profile, January .. December. */
static const double MONTH_SEASON[12] = {
  0.90, 0.88, 0.97, 0.98, 1.00, 1.00, 0.95, 0.92, 1.00, 1.03, 1.15, 1.40
};
static const char *const REGIONS[N_REGIONS] = { "north", "south", "east", "west" };
static const double REGION_WEIGHT[N_REGIONS] = { 0.30, 0.25, 0.25, 0.20 };
/* Relative activity of the six reps of a region. */
static const double REP_WEIGHT[REPS_PER_REGION] = { 1.25, 1.10, 1.00, 0.95, 0.90, 0.80 };
#define REP_HOME_PROB 0.92

static const char *const STAGES[6] = {
  "lead", "qualified", "proposal", "negotiation", "won", "lost"
};
static const char *const STAGE_PROB[6] = { "0.10", "0.25", "0.50", "0.75", "1.00", "0.00" };
/* Probability of moving on from lead, qualified, proposal; the last value is
 * won (vs lost) at negotiation. */
static const double STAGE_CONV[4] = { 0.60, 0.55, 0.50, 0.60 };

static const char *const CATEGORIES[4] = { "delivery", "billing", "quality", "service" };
static const double CATEGORY_WEIGHT[N_CHANNELS][4] = {
  { 0.40, 0.20, 0.20, 0.20 },
  { 0.35, 0.30, 0.15, 0.20 },
  { 0.05, 0.20, 0.40, 0.35 },
};
/* NPS: share of promoters (9-10) and detractors (0-6) per channel. */
static const double NPS_PROMOTER[N_CHANNELS] = { 0.50, 0.46, 0.56 };
static const double NPS_DETRACTOR[N_CHANNELS] = { 0.22, 0.25, 0.18 };
static const double NPS_DETRACTOR_W[7] = { 1, 1, 1, 2, 3, 5, 7 };

/* ------------------------------------------------------------------------ */
/* Buffered output                                                          */
/* ------------------------------------------------------------------------ */

typedef struct {
  FILE *fp;
  char *path;
  char *buf;
  gsize len;
  guint64 bytes;
  guint64 rows; /* data rows, header excluded */
} Out;

static void G_GNUC_NORETURN
die_errno (const char *what, const char *path, int err)
{
  g_printerr ("kpi-sample-data: %s %s: %s\n", what, path, g_strerror (err));
  exit (1);
}

static void
out_flush (Out *o)
{
  if (o->len == 0)
    return;
  if (fwrite (o->buf, 1, o->len, o->fp) != o->len)
    die_errno ("cannot write", o->path, errno);
  o->bytes += o->len;
  o->len = 0;
}

static void
out_open (Out *o, const char *dir, const char *name)
{
  memset (o, 0, sizeof *o);
  o->path = g_build_filename (dir, name, NULL);
  o->fp = fopen (o->path, "wb");
  if (o->fp == NULL)
    die_errno ("cannot create", o->path, errno);
  o->buf = g_malloc (OUT_BUF_SIZE);
}

static void
out_close (Out *o)
{
  out_flush (o);
  if (fclose (o->fp) != 0)
    die_errno ("cannot close", o->path, errno);
  o->fp = NULL;
  g_free (o->buf);
  o->buf = NULL;
}

static void
out_clear (Out *o)
{
  g_free (o->path);
  o->path = NULL;
}

/* Returns a pointer where at least `need` bytes may be written. */
static inline char *
out_reserve (Out *o, gsize need)
{
  if (OUT_BUF_SIZE - o->len < need)
    out_flush (o);
  return o->buf + o->len;
}

static inline void
out_commit (Out *o, const char *end)
{
  o->len = (gsize) (end - o->buf);
}

static inline char *
put_str (char *p, const char *s)
{
  while (*s)
    *p++ = *s++;
  return p;
}

static inline char *
put_u64 (char *p, guint64 v)
{
  char tmp[24];
  int n = 0;
  do
    {
      tmp[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  while (n > 0)
    *p++ = tmp[--n];
  return p;
}

static inline char *
put_u64_pad (char *p, guint64 v, int width)
{
  char tmp[24];
  int n = 0;
  do
    {
      tmp[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  while (n < width)
    tmp[n++] = '0';
  while (n > 0)
    *p++ = tmp[--n];
  return p;
}

/* Amount in cents -> "123.45". */
static inline char *
put_cents (char *p, gint64 c)
{
  if (c < 0)
    {
      *p++ = '-';
      c = -c;
    }
  p = put_u64 (p, (guint64) c / 100);
  *p++ = '.';
  *p++ = (char) ('0' + (c % 100) / 10);
  *p++ = (char) ('0' + c % 10);
  return p;
}

static void
out_line (Out *o, const char *s)
{
  char *p = out_reserve (o, strlen (s) + 1);
  p = put_str (p, s);
  *p++ = '\n';
  out_commit (o, p);
}

/* ------------------------------------------------------------------------ */
/* Calendar                                                                 */
/* ------------------------------------------------------------------------ */

typedef char IsoDate[11];

typedef struct {
  int days;
  GDate start;
  IsoDate *iso;   /* "YYYY-MM-DD" per day */
  guint8 *wday;      /* 0 = Monday .. 6 = Sunday */
  guint8 *mon;       /* 1 .. 12 */
  int *midx;         /* month index (0 = month of the start date) */
  int n_months;
  int *month_year;
  int *month_mon;
  IsoDate *month_iso; /* first day of each month */
} Cal;

static void
iso_of (char out[11], int y, int m, int d)
{
  char *p = out;
  p = put_u64_pad (p, (guint64) y, 4);
  *p++ = '-';
  p = put_u64_pad (p, (guint64) m, 2);
  *p++ = '-';
  p = put_u64_pad (p, (guint64) d, 2);
  *p = '\0';
}

static void
cal_init (Cal *c, const GDate *start, int days)
{
  c->days = days;
  c->start = *start;
  c->iso = g_new (IsoDate, days);
  c->wday = g_new (guint8, days);
  c->mon = g_new (guint8, days);
  c->midx = g_new (int, days);
  GDate d = *start;
  int y0 = g_date_get_year (start);
  int m0 = g_date_get_month (start);
  for (int i = 0; i < days; i++)
    {
      int y = g_date_get_year (&d);
      int m = g_date_get_month (&d);
      iso_of (c->iso[i], y, m, g_date_get_day (&d));
      c->wday[i] = (guint8) (g_date_get_weekday (&d) - 1);
      c->mon[i] = (guint8) m;
      c->midx[i] = (y - y0) * 12 + (m - m0);
      g_date_add_days (&d, 1);
    }
  c->n_months = c->midx[days - 1] + 1;
  c->month_year = g_new (int, c->n_months);
  c->month_mon = g_new (int, c->n_months);
  c->month_iso = g_new (IsoDate, c->n_months);
  for (int k = 0; k < c->n_months; k++)
    {
      int y = y0 + (m0 - 1 + k) / 12;
      int m = (m0 - 1 + k) % 12 + 1;
      c->month_year[k] = y;
      c->month_mon[k] = m;
      iso_of (c->month_iso[k], y, m, 1);
    }
}

static void
cal_clear (Cal *c)
{
  g_free (c->iso);
  g_free (c->wday);
  g_free (c->mon);
  g_free (c->midx);
  g_free (c->month_year);
  g_free (c->month_mon);
  g_free (c->month_iso);
}

/* Day index of a calendar date (may be outside [0, days)). */
static int
cal_day (const Cal *c, int y, int m, int d)
{
  GDate g;
  g_date_clear (&g, 1);
  g_date_set_dmy (&g, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return g_date_days_between (&c->start, &g);
}

static void
cal_ymd (const Cal *c, int day, int *y, int *m, int *d)
{
  GDate g = c->start;
  g_date_add_days (&g, (guint) day);
  *y = g_date_get_year (&g);
  *m = g_date_get_month (&g);
  *d = g_date_get_day (&g);
}

/* ------------------------------------------------------------------------ */
/* Anomaly plan                                                             */
/* ------------------------------------------------------------------------ */

typedef struct {
  int stop_day;              /* R07: no orders on or after this day */
  int dup_day;
  int spike_day;
  int q_start, q_end, w_start; /* R03 quarter and its last-5-days window */
  int q_year, q_num;
  int rw_start, rw_end;      /* rewritten month (clipped to the range) */
  int rw_year, rw_mon;
  int asof;                  /* snapshot date */
  int mkt_last;              /* last date in marketing.csv */
} Plan;

static int
clampi (int v, int lo, int hi)
{
  return v < lo ? lo : v > hi ? hi : v;
}

/* With @clean the plan keeps the anomalies' dates: the orders draw the
 * same numbers on those days but apply nothing.  Only the marketing export
 * changes here: it runs to the last day. */
static void
plan_init (Plan *p, const Cal *c, gboolean clean)
{
  int days = c->days, last = days - 1;
  int y, m, d;

  cal_ymd (c, (int) (POS_STOP * days), &y, &m, &d);
  p->stop_day = clampi (cal_day (c, y, m, 1), 1, last);

  p->dup_day = (int) (POS_DUP * days);
  p->spike_day = (int) (POS_SPIKE * days);

  cal_ymd (c, (int) (POS_EOQ * days), &y, &m, &d);
  int qm = ((m - 1) / 3) * 3 + 1;
  p->q_year = y;
  p->q_num = (m - 1) / 3 + 1;
  p->q_start = clampi (cal_day (c, y, qm, 1), 0, last);
  p->q_end = clampi (qm + 3 > 12 ? cal_day (c, y + 1, 1, 1) - 1
                                 : cal_day (c, y, qm + 3, 1) - 1, 0, last);
  p->w_start = MAX (p->q_start, p->q_end - (EOQ_WINDOW_DAYS - 1));

  cal_ymd (c, (int) (POS_REWRITE * days), &y, &m, &d);
  p->rw_year = y;
  p->rw_mon = m;
  p->rw_start = clampi (cal_day (c, y, m, 1), 0, last);
  p->rw_end = clampi (m == 12 ? cal_day (c, y + 1, 1, 1) - 1
                              : cal_day (c, y, m + 1, 1) - 1, 0, last);
  p->asof = MIN (p->rw_end + SNAPSHOT_LAG_DAYS, last);

  p->mkt_last = clean ? last : last - MARKETING_LAG_DAYS;
}

/* ------------------------------------------------------------------------ */
/* Orders                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct {
  gint64 amount;   /* original amount, cents (spike included) */
  gint64 final;    /* amount written to orders.csv (rewrite included) */
  gint64 base;     /* amount before the spike multiplier */
  gint64 cost;     /* original cost */
  gint64 final_cost; /* cost written to orders.csv */
  gint64 id;
  guint32 cust;
  gint32 day;
  guint8 chan, region, rep;
  guint8 rewritten;
} Order;

typedef struct {
  gint32 day;
  guint32 cust;
  guint8 chan;
  guint8 region;
  guint8 value; /* score or category */
} Survey;

typedef struct {
  /* options */
  guint64 seed;
  gint64 n_orders;
  const char *outdir;
  gboolean only_orders;
  gboolean snapshot;
  gboolean clean;   /* --clean: no seeded anomaly (same streams) */

  Cal cal;
  Plan plan;

  /* customers */
  guint32 n_customers;
  guint32 n_base;
  guint8 *tier;
  guint8 *seen;

  /* expected daily revenue per channel (cents, as double) for marketing */
  double *exp_rev;

  /* statistics collected while writing orders.csv */
  gint64 *base_rev;   /* [month][channel], before anomalies */
  gint64 *base_cost;  /* [month][channel] */
  gint64 *new_cust;   /* [month] */
  gint64 *day_rev;    /* [day][channel], as written (first copy only) */
  gint64 r07_rows, r07_last_day;
  gint64 r03_quarter, r03_window, r03_moved;
  gint64 dup_first_id, dup_last_id, dup_rows, dup_first_row;
  GArray *rewritten_ids; /* gint64 */
  gint64 rewrite_month_rows;
  guint64 orders_rows;
  guint64 orders_bytes;
  guint64 snapshot_rows;
  guint64 snapshot_bytes;
  char *snapshot_name;

  /* surveys generated from the orders */
  GArray *nps;         /* Survey */
  GArray *complaints;  /* Survey */
  Rng rng_nps, rng_cmp;
  double p_nps, p_cmp;

  /* row counts of the other files, for the manifest */
  guint64 rows_opps, rows_mkt, rows_nps, rows_cmp, rows_budget, rows_targets;
  guint64 bytes_opps, bytes_mkt, bytes_nps, bytes_cmp, bytes_budget, bytes_targets;
  gint64 n_opps;
} Gen;

static inline guint32
draw_customer (Rng *r, guint32 issued, const guint8 *tier)
{
  /* A quarter of the orders come from recently acquired customers, which
   * makes early repeat purchases (retention) visible. */
  if (rng_uniform (r) < 0.25)
    {
      guint32 win = MAX (50u, issued / 10);
      if (win > issued)
        win = issued;
      return issued - 1 - rng_below (r, win);
    }
  /* Otherwise rejection-sample on a per-customer activity tier:
   * 10 % loyal (weight 1), 30 % regular (0.35), 60 % occasional (0.08). */
  static const guint32 accept[3] = { 0xffffffffu, 1503238553u, 343597384u };
  for (;;)
    {
      guint64 x = rng_next (r);
      guint32 c = (guint32) (((x >> 32) * (guint64) issued) >> 32);
      if ((guint32) x <= accept[tier[c]])
        return c;
    }
}

/* Returns the rep of the seeded data (never R07 from stop_day on); *first
 * is the first rep drawn, the one of the clean data.  Both draw the same
 * numbers, so that the clean data keeps the stream of the seeded one. */
static inline int
draw_rep (Rng *r, int region, int day, int stop_day, int *first)
{
  *first = -1;
  for (;;)
    {
      int rep;
      if (rng_uniform (r) < REP_HOME_PROB)
        rep = region * REPS_PER_REGION + rng_pick (r, REP_WEIGHT, REPS_PER_REGION);
      else
        rep = (int) rng_below (r, N_REPS);
      if (*first < 0)
        *first = rep;
      if (rep != REP_STOP || day < stop_day)
        return rep;
    }
}

static void
shuffle_orders (Rng *r, Order *a, gsize n)
{
  for (gsize i = n; i > 1; i--)
    {
      gsize j = rng_below (r, (guint32) i);
      Order t = a[i - 1];
      a[i - 1] = a[j];
      a[j] = t;
    }
}

static inline char *
format_order (char *p, const Gen *g, const Order *o, gint64 amount, gint64 cost)
{
  memcpy (p, g->cal.iso[o->day], 10);
  p += 10;
  *p++ = ',';
  p = put_u64 (p, (guint64) o->id);
  *p++ = ',';
  *p++ = 'C';
  p = put_u64_pad (p, (guint64) o->cust + 1, 6);
  *p++ = ',';
  p = put_str (p, CHANNELS[o->chan]);
  *p++ = ',';
  p = put_str (p, REGIONS[o->region]);
  *p++ = ',';
  *p++ = 'R';
  *p++ = (char) ('0' + (o->rep + 1) / 10);
  *p++ = (char) ('0' + (o->rep + 1) % 10);
  *p++ = ',';
  p = put_cents (p, amount);
  *p++ = ',';
  p = put_cents (p, cost);
  *p++ = '\n';
  return p;
}

static void
emit_order (Gen *g, Out *out, Out *snap, const Order *o)
{
  char *p = out_reserve (out, 160);
  char *end = format_order (p, g, o, o->final, o->final_cost);
  out_commit (out, end);
  out->rows++;
  if (snap != NULL && o->day <= g->plan.asof)
    {
      char *q = out_reserve (snap, 160);
      if (o->rewritten)
        q = format_order (q, g, o, o->amount, o->cost);
      else
        {
          memcpy (q, p, (gsize) (end - p));
          q += end - p;
        }
      out_commit (snap, q);
      snap->rows++;
    }
}

/* Book-keeping for an order written for the first time (not the copy of the
 * duplicated batch). */
static void
account_order (Gen *g, const Order *o)
{
  int m = g->cal.midx[o->day];
  g->base_rev[m * N_CHANNELS + o->chan] += o->base;
  g->base_cost[m * N_CHANNELS + o->chan] += o->base == o->amount ? o->cost
    : llround ((double) o->cost * (double) o->base / (double) o->amount);
  g->day_rev[o->day * N_CHANNELS + o->chan] += o->final;
  if (!(g->seen[o->cust >> 3] & (1u << (o->cust & 7))))
    {
      g->seen[o->cust >> 3] |= (guint8) (1u << (o->cust & 7));
      g->new_cust[m]++;
    }
  if (o->rep == REP_STOP)
    {
      g->r07_rows++;
      g->r07_last_day = MAX (g->r07_last_day, o->day);
    }
  if (o->rep == REP_EOQ && o->day >= g->plan.q_start && o->day <= g->plan.q_end)
    {
      g->r03_quarter++;
      if (o->day >= g->plan.w_start)
        g->r03_window++;
    }

  if (g->only_orders)
    return;

  /* Surveys and complaints follow the order by a few days. */
  int last = g->cal.days - 1;
  double x = g->p_nps;
  for (; x > 0.0; x -= 1.0)
    {
      if (x < 1.0 && rng_uniform (&g->rng_nps) >= x)
        break;
      int day = o->day + 1 + (int) rng_below (&g->rng_nps, 14);
      double u = rng_uniform (&g->rng_nps);
      int score;
      if (u < NPS_PROMOTER[o->chan])
        score = rng_uniform (&g->rng_nps) < 0.45 ? 9 : 10;
      else if (u < 1.0 - NPS_DETRACTOR[o->chan])
        score = rng_uniform (&g->rng_nps) < 0.5 ? 7 : 8;
      else
        score = rng_pick (&g->rng_nps, NPS_DETRACTOR_W, 7);
      if (day > last)
        continue;
      Survey s = { day, o->cust, o->chan, o->region, (guint8) score };
      g_array_append_val (g->nps, s);
    }
  x = g->p_cmp;
  for (; x > 0.0; x -= 1.0)
    {
      if (x < 1.0 && rng_uniform (&g->rng_cmp) >= x)
        break;
      int day = o->day + 1 + (int) rng_below (&g->rng_cmp, 20);
      int cat = rng_pick (&g->rng_cmp, CATEGORY_WEIGHT[o->chan], 4);
      if (day > last)
        continue;
      Survey s = { day, o->cust, o->chan, o->region, (guint8) cat };
      g_array_append_val (g->complaints, s);
    }
}

static void
generate_orders (Gen *g)
{
  const Plan *pl = &g->plan;
  int days = g->cal.days;
  gint64 N = g->n_orders;
  Rng r;
  rng_init (&r, g->seed, STREAM_ORDERS);

  /* Customers: activity tier and acquisition schedule. */
  {
    Rng rc;
    rng_init (&rc, g->seed, STREAM_CUSTOMERS);
    g->tier = g_new (guint8, g->n_customers);
    for (guint32 i = 0; i < g->n_customers; i++)
      {
        double u = rng_uniform (&rc);
        g->tier[i] = u < 0.10 ? 0 : u < 0.40 ? 1 : 2;
      }
    g->seen = g_new0 (guint8, g->n_customers / 8 + 1);
  }

  /* Daily volume per channel. */
  double *w = g_new (double, (gsize) days * N_CHANNELS);
  double W = 0.0;
  for (int d = 0; d < days; d++)
    {
      double growth = 1.0 + 0.10 * (double) d / (double) MAX (days - 1, 1);
      double season = MONTH_SEASON[g->cal.mon[d] - 1];
      for (int c = 0; c < N_CHANNELS; c++)
        {
          double noise = rng_range (&r, 0.90, 1.10);
          double x = CHANNEL_WEIGHT[c] * CHANNEL_WEEK[c][g->cal.wday[d]]
                     * season * growth * noise;
          w[d * N_CHANNELS + c] = x;
          W += x;
        }
    }
  gint64 *counts = g_new (gint64, (gsize) days * N_CHANNELS);
  {
    double cum = 0.0;
    gint64 prev = 0;
    for (int i = 0; i < days * N_CHANNELS; i++)
      {
        cum += w[i];
        gint64 t = (i == days * N_CHANNELS - 1) ? N : llround (cum / W * (double) N);
        counts[i] = t - prev;
        prev = t;
      }
  }
  /* Lognormal basket: median 103, sigma 0.55 => mean about 120. */
  const double mu = log (103.0), sigma = 0.55;
  const double mean_amount = 103.0 * exp (sigma * sigma / 2.0) * 100.0;
  g->exp_rev = g_new (double, (gsize) days * N_CHANNELS);
  for (int i = 0; i < days * N_CHANNELS; i++)
    g->exp_rev[i] = w[i] / W * (double) N * mean_amount * CHANNEL_BASKET[i % N_CHANNELS];
  g_free (w);

  /* Outputs. */
  Out out, snap_out;
  Out *snap = NULL;
  out_open (&out, g->outdir, "orders.csv");
  out_line (&out, "date,order_id,customer,channel,region,rep,amount,cost");
  if (g->snapshot)
    {
      snap = &snap_out;
      out_open (snap, g->outdir, g->snapshot_name);
      out_line (snap, "date,order_id,customer,channel,region,rep,amount,cost");
    }

  /* Orders moved to the end of the quarter, waiting for their day; with
   * --clean, only their number (the orders stay on their day). */
  GArray **deferred = g_new0 (GArray *, days);
  guint32 *n_deferred = g_new0 (guint32, days);
  GArray *dayv = g_array_new (FALSE, FALSE, sizeof (Order));

  guint32 issued = g->n_base;
  gint64 next_id = 0;
  for (int d = 0; d < days; d++)
    {
      gint64 n = 0;
      for (int c = 0; c < N_CHANNELS; c++)
        n += counts[d * N_CHANNELS + c];
      g_array_set_size (dayv, (guint) n);
      Order *a = (Order *) (void *) dayv->data;
      gint64 k = 0;
      for (int c = 0; c < N_CHANNELS; c++)
        for (gint64 j = 0; j < counts[d * N_CHANNELS + c]; j++)
          a[k++].chan = (guint8) c;
      shuffle_orders (&r, a, (gsize) n);

      guint32 target = g->n_base + (guint32) ((double) (g->n_customers - g->n_base)
                                              * (double) (d + 1) / (double) days);
      if (target > g->n_customers)
        target = g->n_customers;
      gint64 keep = 0;
      for (gint64 i = 0; i < n; i++)
        {
          Order o;
          memset (&o, 0, sizeof o);
          o.day = d;
          o.chan = a[i].chan;
          /* Spread the day's newly acquired customers over its orders. */
          if (issued < target && rng_below (&r, (guint32) (n - i)) < target - issued)
            o.cust = issued++;
          else
            o.cust = draw_customer (&r, issued, g->tier);
          o.region = (guint8) rng_pick (&r, REGION_WEIGHT, N_REGIONS);
          int clean_rep;
          int rep = draw_rep (&r, o.region, d, pl->stop_day, &clean_rep);
          o.rep = (guint8) (g->clean ? clean_rep : rep);
          double amt = exp (mu + sigma * rng_normal (&r)) * CHANNEL_BASKET[o.chan];
          amt = CLAMP (amt, 1.0, 5000.0);
          o.base = llround (amt * 100.0);
          o.amount = o.base;
          if (d == pl->spike_day && o.chan == 0)
            {
              double f = rng_range (&r, SPIKE_FACTOR_MIN, SPIKE_FACTOR_MAX);
              if (!g->clean)
                o.amount = llround ((double) o.base * f);
            }
          o.cost = llround ((double) o.amount * rng_range (&r, 0.55, 0.75));
          o.final = o.amount;
          o.final_cost = o.cost;
          /* The seeded rep decides, so that both draw the same numbers. */
          if (rep == REP_EOQ && d >= pl->q_start && d < pl->w_start
              && rng_uniform (&r) < EOQ_MOVE_PROB)
            {
              int td = pl->w_start + (int) rng_below (&r, (guint32) (pl->q_end - pl->w_start + 1));
              n_deferred[td]++;
              if (g->clean)
                {
                  a[keep++] = o;
                  continue;
                }
              o.day = td;
              if (deferred[td] == NULL)
                deferred[td] = g_array_new (FALSE, FALSE, sizeof (Order));
              g_array_append_val (deferred[td], o);
              g->r03_moved++;
              continue;
            }
          a[keep++] = o;
        }
      g_array_set_size (dayv, (guint) keep);
      n = keep;
      if (deferred[d] != NULL)
        {
          g_array_append_vals (dayv, deferred[d]->data, deferred[d]->len);
          n = dayv->len;
          g_array_free (deferred[d], TRUE);
          deferred[d] = NULL;
          shuffle_orders (&r, (Order *) (void *) dayv->data, (gsize) n);
        }
      else if (n_deferred[d] > 0)
        {
          /* --clean: the draws of the shuffle above, without the moved
           * orders (one draw per element but the first). */
          for (gint64 i = n + n_deferred[d]; i > 1; i--)
            rng_next (&r);
        }
      a = (Order *) (void *) dayv->data;

      /* Order ids follow the file order; rewrite part of the chosen month. */
      for (gint64 i = 0; i < n; i++)
        {
          a[i].id = ++next_id;
          if (d >= pl->rw_start && d <= pl->rw_end)
            {
              g->rewrite_month_rows++;
              if (rng_uniform (&r) < REWRITE_PROB)
                {
                  double f = rng_uniform (&r) < 0.5 ? REWRITE_FACTOR_DOWN : REWRITE_FACTOR_UP;
                  if (!g->clean)
                    {
                      a[i].final = llround ((double) a[i].amount * f);
                      a[i].final_cost = llround ((double) a[i].cost * f);
                      a[i].rewritten = 1;
                      g_array_append_val (g->rewritten_ids, a[i].id);
                    }
                }
            }
        }

      gint64 dup_start = -1, dup_len = 0;
      if (d == pl->dup_day && !g->clean)
        {
          dup_len = MIN (n, DUP_BATCH_ROWS);
          dup_start = (n - dup_len) / 2;
        }
      for (gint64 i = 0; i < n; i++)
        {
          emit_order (g, &out, snap, &a[i]);
          account_order (g, &a[i]);
          if (dup_len > 0 && i == dup_start + dup_len - 1)
            {
              g->dup_first_id = a[dup_start].id;
              g->dup_last_id = a[i].id;
              g->dup_rows = dup_len;
              g->dup_first_row = (gint64) out.rows - dup_len + 1;
              for (gint64 j = dup_start; j <= i; j++)
                emit_order (g, &out, snap, &a[j]);
            }
        }
    }

  g_array_free (dayv, TRUE);
  g_free (deferred);
  g_free (n_deferred);
  g_free (counts);

  out_close (&out);
  g->orders_rows = out.rows;
  g->orders_bytes = out.bytes;
  out_clear (&out);
  if (snap != NULL)
    {
      out_close (snap);
      g->snapshot_rows = snap->rows;
      g->snapshot_bytes = snap->bytes;
      out_clear (snap);
    }
}

/* ------------------------------------------------------------------------ */
/* Surveys (nps.csv, complaints.csv)                                        */
/* ------------------------------------------------------------------------ */

/* Stable counting sort by day. */
static Survey *
sort_by_day (GArray *arr, int days)
{
  gsize n = arr->len;
  const Survey *src = (const Survey *) (void *) arr->data;
  gsize *pos = g_new0 (gsize, (gsize) days + 1);
  for (gsize i = 0; i < n; i++)
    pos[src[i].day + 1]++;
  for (int d = 0; d < days; d++)
    pos[d + 1] += pos[d];
  Survey *dst = g_new (Survey, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    dst[pos[src[i].day]++] = src[i];
  g_free (pos);
  return dst;
}

static void
write_nps (Gen *g)
{
  Survey *s = sort_by_day (g->nps, g->cal.days);
  Out out;
  out_open (&out, g->outdir, "nps.csv");
  out_line (&out, "date,customer,channel,score");
  for (guint i = 0; i < g->nps->len; i++)
    {
      char *p = out_reserve (&out, 64);
      memcpy (p, g->cal.iso[s[i].day], 10);
      p += 10;
      *p++ = ',';
      *p++ = 'C';
      p = put_u64_pad (p, (guint64) s[i].cust + 1, 6);
      *p++ = ',';
      p = put_str (p, CHANNELS[s[i].chan]);
      *p++ = ',';
      p = put_u64 (p, s[i].value);
      *p++ = '\n';
      out_commit (&out, p);
      out.rows++;
    }
  out_close (&out);
  g->rows_nps = out.rows;
  g->bytes_nps = out.bytes;
  out_clear (&out);
  g_free (s);
}

static void
write_complaints (Gen *g, gint64 *month_cmp)
{
  Survey *s = sort_by_day (g->complaints, g->cal.days);
  Out out;
  out_open (&out, g->outdir, "complaints.csv");
  out_line (&out, "date,customer,channel,region,category");
  for (guint i = 0; i < g->complaints->len; i++)
    {
      char *p = out_reserve (&out, 64);
      memcpy (p, g->cal.iso[s[i].day], 10);
      p += 10;
      *p++ = ',';
      *p++ = 'C';
      p = put_u64_pad (p, (guint64) s[i].cust + 1, 6);
      *p++ = ',';
      p = put_str (p, CHANNELS[s[i].chan]);
      *p++ = ',';
      p = put_str (p, REGIONS[s[i].region]);
      *p++ = ',';
      p = put_str (p, CATEGORIES[s[i].value]);
      *p++ = '\n';
      out_commit (&out, p);
      out.rows++;
      month_cmp[g->cal.midx[s[i].day]]++;
    }
  out_close (&out);
  g->rows_cmp = out.rows;
  g->bytes_cmp = out.bytes;
  out_clear (&out);
  g_free (s);
}

/* ------------------------------------------------------------------------ */
/* Opportunities                                                            */
/* ------------------------------------------------------------------------ */

typedef struct {
  gint32 day;
  guint32 opp;
  guint8 stage;
} Event;

static void
write_opportunities (Gen *g)
{
  int days = g->cal.days, last = days - 1;
  Rng r;
  rng_init (&r, g->seed, STREAM_OPPS);
  gint64 n_opp = MAX ((gint64) 500, g->n_orders / 20);
  g->n_opps = n_opp;

  double *w = g_new (double, days);
  double W = 0.0;
  for (int d = 0; d < days; d++)
    {
      double x = (1.0 + 0.10 * (double) d / (double) MAX (days - 1, 1))
                 * (g->cal.wday[d] >= 5 ? 0.15 : 1.0) * rng_range (&r, 0.8, 1.2);
      w[d] = x;
      W += x;
    }

  guint8 *rep = g_new (guint8, n_opp);
  gint64 *amount = g_new (gint64, n_opp);
  GArray *ev = g_array_new (FALSE, FALSE, sizeof (Event));
  double cum = 0.0;
  gint64 prev = 0, id = 0;
  for (int d = 0; d < days; d++)
    {
      cum += w[d];
      gint64 t = (d == last) ? n_opp : llround (cum / W * (double) n_opp);
      for (gint64 k = prev; k < t; k++, id++)
        {
          int region = rng_pick (&r, REGION_WEIGHT, N_REGIONS);
          rep[id] = (guint8) (region * REPS_PER_REGION
                              + rng_pick (&r, REP_WEIGHT, REPS_PER_REGION));
          double a = exp (log (6000.0) + 0.8 * rng_normal (&r));
          amount[id] = llround (CLAMP (a, 500.0, 250000.0) * 100.0);
          Event e = { d, (guint32) id, 0 };
          g_array_append_val (ev, e);
          int cur = d;
          for (int s = 0; s < 4; s++)
            {
              cur += 3 + (int) rng_below (&r, 4 + 5 * (guint32) s + 15);
              gboolean up = rng_uniform (&r) < STAGE_CONV[s];
              if (cur > last)
                break;
              e.day = cur;
              e.stage = up ? (guint8) (s + 1) : 5;
              g_array_append_val (ev, e);
              if (!up)
                break;
            }
        }
      prev = t;
    }
  g_free (w);

  /* Stable counting sort of the events by day. */
  gsize n = ev->len;
  const Event *src = (const Event *) (void *) ev->data;
  gsize *pos = g_new0 (gsize, (gsize) days + 1);
  for (gsize i = 0; i < n; i++)
    pos[src[i].day + 1]++;
  for (int d = 0; d < days; d++)
    pos[d + 1] += pos[d];
  Event *e = g_new (Event, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    e[pos[src[i].day]++] = src[i];
  g_free (pos);

  Out out;
  out_open (&out, g->outdir, "opportunities.csv");
  out_line (&out, "date,opportunity,stage,amount,probability,rep,region");
  for (gsize i = 0; i < n; i++)
    {
      char *p = out_reserve (&out, 96);
      memcpy (p, g->cal.iso[e[i].day], 10);
      p += 10;
      *p++ = ',';
      *p++ = 'O';
      p = put_u64_pad (p, (guint64) e[i].opp + 1, 6);
      *p++ = ',';
      p = put_str (p, STAGES[e[i].stage]);
      *p++ = ',';
      p = put_cents (p, amount[e[i].opp]);
      *p++ = ',';
      p = put_str (p, STAGE_PROB[e[i].stage]);
      *p++ = ',';
      int rp = rep[e[i].opp];
      *p++ = 'R';
      *p++ = (char) ('0' + (rp + 1) / 10);
      *p++ = (char) ('0' + (rp + 1) % 10);
      *p++ = ',';
      p = put_str (p, REGIONS[rp / REPS_PER_REGION]);
      *p++ = '\n';
      out_commit (&out, p);
      out.rows++;
    }
  out_close (&out);
  g->rows_opps = out.rows;
  g->bytes_opps = out.bytes;
  out_clear (&out);
  g_free (e);
  g_array_free (ev, TRUE);
  g_free (rep);
  g_free (amount);
}

/* ------------------------------------------------------------------------ */
/* Marketing                                                                */
/* ------------------------------------------------------------------------ */

typedef struct {
  const char *name;
  int from_mon, from_day, to_mon, to_day; /* inclusive, same year */
  gboolean channels[N_CHANNELS];
  double rate;
} Campaign;

static const Campaign CAMPAIGNS[] = {
  { "always-on",    1,  1, 12, 31, { TRUE, TRUE, TRUE },  1.00 },
  { "spring-sale",  3, 15,  4, 14, { TRUE, TRUE, FALSE }, 0.80 },
  { "black-friday", 11, 20, 11, 30, { TRUE, TRUE, TRUE },  1.50 },
  { "holiday",      12,  1, 12, 24, { TRUE, FALSE, TRUE }, 0.60 },
};
/* Base spend as a share of the expected revenue of the channel. */
static const double SPEND_RATE[N_CHANNELS] = { 0.06, 0.08, 0.03 };

static void
write_marketing (Gen *g)
{
  Rng r;
  rng_init (&r, g->seed, STREAM_MARKETING);
  Out out;
  out_open (&out, g->outdir, "marketing.csv");
  out_line (&out, "date,channel,campaign,spend");
  for (int d = 0; d <= g->plan.mkt_last; d++)
    {
      int y, m, dd;
      cal_ymd (&g->cal, d, &y, &m, &dd);
      int md = m * 100 + dd;
      for (int c = 0; c < N_CHANNELS; c++)
        for (gsize k = 0; k < G_N_ELEMENTS (CAMPAIGNS); k++)
          {
            const Campaign *cp = &CAMPAIGNS[k];
            if (!cp->channels[c] || md < cp->from_mon * 100 + cp->from_day
                || md > cp->to_mon * 100 + cp->to_day)
              continue;
            double spend = g->exp_rev[d * N_CHANNELS + c] * SPEND_RATE[c] * cp->rate
                           * rng_range (&r, 0.85, 1.15);
            char *p = out_reserve (&out, 96);
            memcpy (p, g->cal.iso[d], 10);
            p += 10;
            *p++ = ',';
            p = put_str (p, CHANNELS[c]);
            *p++ = ',';
            p = put_str (p, cp->name);
            *p++ = ',';
            p = put_cents (p, MAX (llround (spend), 1));
            *p++ = '\n';
            out_commit (&out, p);
            out.rows++;
          }
    }
  out_close (&out);
  g->rows_mkt = out.rows;
  g->bytes_mkt = out.bytes;
  out_clear (&out);
}

/* ------------------------------------------------------------------------ */
/* Budget and targets                                                       */
/* ------------------------------------------------------------------------ */

static void
write_budget (Gen *g)
{
  Rng r;
  rng_init (&r, g->seed, STREAM_BUDGET);
  Out out;
  out_open (&out, g->outdir, "budget.csv");
  out_line (&out, "date,channel,revenue,cost");
  for (int m = 0; m < g->cal.n_months; m++)
    for (int c = 0; c < N_CHANNELS; c++)
      {
        gint64 rev = g->base_rev[m * N_CHANNELS + c];
        gint64 cost = g->base_cost[m * N_CHANNELS + c];
        double ratio = rev > 0 ? (double) cost / (double) rev : 0.65;
        gint64 brev = llround ((double) rev * rng_range (&r, 0.95, 1.05) / 100.0) * 100;
        gint64 bcost = llround ((double) brev * ratio * rng_range (&r, 0.98, 1.02) / 100.0) * 100;
        char *p = out_reserve (&out, 96);
        p = put_str (p, g->cal.month_iso[m]);
        *p++ = ',';
        p = put_str (p, CHANNELS[c]);
        *p++ = ',';
        p = put_cents (p, brev);
        *p++ = ',';
        p = put_cents (p, bcost);
        *p++ = '\n';
        out_commit (&out, p);
        out.rows++;
      }
  out_close (&out);
  g->rows_budget = out.rows;
  g->bytes_budget = out.bytes;
  out_clear (&out);
}

static void
write_targets (Gen *g, const gint64 *month_cmp)
{
  Rng r;
  rng_init (&r, g->seed, STREAM_TARGETS);
  Out out;
  out_open (&out, g->outdir, "targets.csv");
  out_line (&out, "date,indicator,target");
  int y0 = g->cal.month_year[0];
  for (int m = 0; m < g->cal.n_months; m++)
    {
      gint64 rev = 0;
      for (int c = 0; c < N_CHANNELS; c++)
        rev += g->base_rev[m * N_CHANNELS + c];
      int yi = g->cal.month_year[m] - y0;
      gint64 trev = llround ((double) rev * rng_range (&r, 1.00, 1.06) / 10000.0) * 10000;
      gint64 tnew = llround ((double) g->new_cust[m] * rng_range (&r, 0.90, 1.10));
      gint64 tnps = MIN (25 + 5 * yi, 40);
      gint64 tcmp = llround ((double) month_cmp[m] * rng_range (&r, 0.85, 1.00));
      const char *iso = g->cal.month_iso[m];
      char *p = out_reserve (&out, 256);
      p = put_str (p, iso);
      p = put_str (p, ",revenue,");
      p = put_cents (p, trev);
      *p++ = '\n';
      p = put_str (p, iso);
      p = put_str (p, ",new_customers,");
      p = put_u64 (p, (guint64) tnew);
      *p++ = '\n';
      p = put_str (p, iso);
      p = put_str (p, ",nps,");
      p = put_u64 (p, (guint64) tnps);
      *p++ = '\n';
      p = put_str (p, iso);
      p = put_str (p, ",gross_margin_rate,0.34\n");
      p = put_str (p, iso);
      p = put_str (p, ",complaints,");
      p = put_u64 (p, (guint64) tcmp);
      *p++ = '\n';
      out_commit (&out, p);
      out.rows += 5;
    }
  out_close (&out);
  g->rows_targets = out.rows;
  g->bytes_targets = out.bytes;
  out_clear (&out);
}

/* ------------------------------------------------------------------------ */
/* anomalies.json                                                           */
/* ------------------------------------------------------------------------ */

static void
json_num (GString *s, double v, const char *fmt)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append (s, g_ascii_formatd (buf, sizeof buf, fmt, v));
}

static void
json_cents (GString *s, gint64 c)
{
  char buf[32];
  char *p = put_cents (buf, c);
  *p = '\0';
  g_string_append (s, buf);
}

/* The seeded anomalies of the CRM files, then that of the project's log. */
static void
append_anomalies (const Gen *g, const SampleProject *project, GString *s)
{
  const Plan *pl = &g->plan;
  const Cal *cal = &g->cal;

  g_string_append (s, "  \"anomalies\": [\n");

  /* Rep stops reporting. */
  g_string_append_printf (s,
    "    {\n"
    "      \"id\": \"rep_stops_reporting\",\n"
    "      \"file\": \"orders.csv\",\n"
    "      \"rep\": \"R%02d\",\n"
    "      \"region\": \"%s\",\n"
    "      \"from\": \"%s\",\n"
    "      \"last_order_date\": \"%s\",\n"
    "      \"rows_before\": %" G_GINT64_FORMAT ",\n"
    "      \"rows_from\": 0\n"
    "    },\n",
    REP_STOP + 1, REGIONS[REP_STOP / REPS_PER_REGION], cal->iso[pl->stop_day],
    g->r07_rows > 0 ? cal->iso[g->r07_last_day] : "", g->r07_rows);

  /* Duplicated batch. */
  g_string_append_printf (s,
    "    {\n"
    "      \"id\": \"duplicated_batch\",\n"
    "      \"file\": \"orders.csv\",\n"
    "      \"date\": \"%s\",\n"
    "      \"rows\": %" G_GINT64_FORMAT ",\n"
    "      \"order_id_first\": %" G_GINT64_FORMAT ",\n"
    "      \"order_id_last\": %" G_GINT64_FORMAT ",\n"
    "      \"first_row\": %" G_GINT64_FORMAT ",\n"
    "      \"copy_first_row\": %" G_GINT64_FORMAT ",\n"
    "      \"row_numbering\": \"1-based data rows, header excluded\"\n"
    "    },\n",
    cal->iso[pl->dup_day], g->dup_rows, g->dup_first_id, g->dup_last_id,
    g->dup_first_row, g->dup_first_row + g->dup_rows);

  /* Outlier spike. */
  {
    gint64 spike = g->day_rev[pl->spike_day * N_CHANNELS + 0];
    gint64 other = 0;
    int nother = 0;
    for (int d = MAX (0, pl->spike_day - 14); d <= MIN (cal->days - 1, pl->spike_day + 14); d++)
      if (d != pl->spike_day)
        {
          other += g->day_rev[d * N_CHANNELS + 0];
          nother++;
        }
    double baseline = nother > 0 ? (double) other / nother : 0.0;
    g_string_append_printf (s,
      "    {\n"
      "      \"id\": \"outlier_spike\",\n"
      "      \"file\": \"orders.csv\",\n"
      "      \"date\": \"%s\",\n"
      "      \"channel\": \"online\",\n"
      "      \"amount_factor_min\": ",
      cal->iso[pl->spike_day]);
    json_num (s, SPIKE_FACTOR_MIN, "%.1f");
    g_string_append (s, ",\n      \"amount_factor_max\": ");
    json_num (s, SPIKE_FACTOR_MAX, "%.1f");
    g_string_append (s, ",\n      \"revenue\": ");
    json_cents (s, spike);
    g_string_append (s, ",\n      \"baseline_revenue\": ");
    json_cents (s, llround (baseline));
    g_string_append (s, ",\n      \"baseline\": \"mean online revenue of the other days within +-14 days\",\n"
                        "      \"ratio\": ");
    json_num (s, baseline > 0 ? (double) spike / baseline : 0.0, "%.2f");
    g_string_append (s, "\n    },\n");
  }

  /* End-of-quarter concentration. */
  g_string_append_printf (s,
    "    {\n"
    "      \"id\": \"end_of_quarter_concentration\",\n"
    "      \"file\": \"orders.csv\",\n"
    "      \"rep\": \"R%02d\",\n"
    "      \"quarter\": \"%d-Q%d\",\n"
    "      \"quarter_start\": \"%s\",\n"
    "      \"quarter_end\": \"%s\",\n"
    "      \"window_start\": \"%s\",\n"
    "      \"window_end\": \"%s\",\n"
    "      \"rows_in_quarter\": %" G_GINT64_FORMAT ",\n"
    "      \"rows_in_window\": %" G_GINT64_FORMAT ",\n"
    "      \"rows_moved\": %" G_GINT64_FORMAT ",\n"
    "      \"share_in_window\": ",
    REP_EOQ + 1, pl->q_year, pl->q_num, cal->iso[pl->q_start], cal->iso[pl->q_end],
    cal->iso[pl->w_start], cal->iso[pl->q_end], g->r03_quarter, g->r03_window,
    g->r03_moved);
  json_num (s, g->r03_quarter > 0 ? (double) g->r03_window / (double) g->r03_quarter : 0.0, "%.3f");
  g_string_append (s, "\n    },\n");

  /* Rewritten month. */
  g_string_append_printf (s,
    "    {\n"
    "      \"id\": \"rewritten_month\",\n"
    "      \"file\": \"orders.csv\",\n"
    "      \"snapshot\": %s%s%s,\n"
    "      \"month\": \"%04d-%02d\",\n"
    "      \"month_start\": \"%s\",\n"
    "      \"month_end\": \"%s\",\n"
    "      \"as_of\": \"%s\",\n"
    "      \"rows_in_month\": %" G_GINT64_FORMAT ",\n"
    "      \"rows_changed\": %u,\n"
    "      \"columns\": [\"amount\", \"cost\"],\n"
    "      \"factors\": [",
    g->snapshot ? "\"" : "", g->snapshot ? g->snapshot_name : "null", g->snapshot ? "\"" : "",
    pl->rw_year, pl->rw_mon, cal->iso[pl->rw_start], cal->iso[pl->rw_end],
    cal->iso[pl->asof], g->rewrite_month_rows, g->rewritten_ids->len);
  json_num (s, REWRITE_FACTOR_DOWN, "%.2f");
  g_string_append (s, ", ");
  json_num (s, REWRITE_FACTOR_UP, "%.2f");
  g_string_append (s, "],\n      \"order_ids\": [");
  for (guint i = 0; i < g->rewritten_ids->len; i++)
    {
      if (i > 0)
        g_string_append (s, i % 16 == 0 ? ",\n        " : ", ");
      else
        g_string_append (s, "\n        ");
      g_string_append_printf (s, "%" G_GINT64_FORMAT,
                              g_array_index (g->rewritten_ids, gint64, i));
    }
  g_string_append (s, "\n      ]\n    },\n");

  /* Late source. */
  g_string_append_printf (s,
    "    {\n"
    "      \"id\": \"late_source\",\n"
    "      \"file\": \"marketing.csv\",\n"
    "      \"last_date\": \"%s\",\n"
    "      \"expected_last_date\": \"%s\",\n"
    "      \"lag_days\": %d\n"
    "    }",
    cal->iso[pl->mkt_last], cal->iso[cal->days - 1], MARKETING_LAG_DAYS);

  g_string_append (s, ",\n");
  sample_project_append_anomaly (project, s);
  g_string_append (s, "\n  ]\n");
}

static void
write_manifest (const Gen *g, const SampleProject *project, const char *start_str)
{
  const Cal *cal = &g->cal;
  GString *s = g_string_new (NULL);
  guint64 rows_tasks, bytes_tasks, rows_ms, bytes_ms;

  sample_project_get_tasks_size (project, &rows_tasks, &bytes_tasks);
  sample_project_get_milestones_size (project, &rows_ms, &bytes_ms);

  g_string_append_printf (s,
    "{\n"
    "  \"generator\": \"kpi-sample-data\",\n"
    "  \"format_version\": 1,\n"
    "  \"clean\": %s,\n"
    "  \"seed\": %" G_GUINT64_FORMAT ",\n"
    "  \"orders\": %" G_GINT64_FORMAT ",\n"
    "  \"start\": \"%s\",\n"
    "  \"end\": \"%s\",\n"
    "  \"days\": %d,\n"
    "  \"customers\": %u,\n"
    "  \"opportunities\": %" G_GINT64_FORMAT ",\n",
    g->clean ? "true" : "false", g->seed, g->n_orders, start_str,
    cal->iso[cal->days - 1], cal->days, g->n_customers, g->n_opps);

  g_string_append (s, "  \"files\": {\n");
  struct { const char *name; guint64 rows, bytes; } files[] = {
    { "orders.csv", g->orders_rows, g->orders_bytes },
    { "opportunities.csv", g->rows_opps, g->bytes_opps },
    { "marketing.csv", g->rows_mkt, g->bytes_mkt },
    { "nps.csv", g->rows_nps, g->bytes_nps },
    { "complaints.csv", g->rows_cmp, g->bytes_cmp },
    { "budget.csv", g->rows_budget, g->bytes_budget },
    { "targets.csv", g->rows_targets, g->bytes_targets },
    { SAMPLE_PROJECT_TASKS_FILE, rows_tasks, bytes_tasks },
    { SAMPLE_PROJECT_MILESTONES_FILE, rows_ms, bytes_ms },
    { g->snapshot_name, g->snapshot_rows, g->snapshot_bytes },
  };
  gsize nf = g->snapshot ? G_N_ELEMENTS (files) : G_N_ELEMENTS (files) - 1;
  for (gsize i = 0; i < nf; i++)
    g_string_append_printf (s, "    \"%s\": { \"rows\": %" G_GUINT64_FORMAT
                            ", \"bytes\": %" G_GUINT64_FORMAT " }%s\n",
                            files[i].name, files[i].rows, files[i].bytes,
                            i + 1 < nf ? "," : "");
  g_string_append (s, "  },\n");

  /* --clean keeps the manifest's shape, with no anomaly in the list. */
  if (g->clean)
    g_string_append (s, "  \"anomalies\": []\n");
  else
    append_anomalies (g, project, s);
  g_string_append (s, "}\n");

  char *path = g_build_filename (g->outdir, "anomalies.json", NULL);
  GError *err = NULL;
  if (!g_file_set_contents (path, s->str, (gssize) s->len, &err))
    {
      g_printerr ("kpi-sample-data: %s\n", err->message);
      exit (1);
    }
  g_free (path);
  g_string_free (s, TRUE);
}

/* ------------------------------------------------------------------------ */
/* Main                                                                     */
/* ------------------------------------------------------------------------ */

static gboolean
parse_start (const char *s, GDate *out)
{
  if (s == NULL || strlen (s) != 10 || s[4] != '-' || s[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (s[i]))
      return FALSE;
  int y = atoi (s), m = atoi (s + 5), d = atoi (s + 8);
  if (y < 1900 || y > 9000 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static void G_GNUC_NORETURN
usage_error (GOptionContext *ctx, const char *msg)
{
  g_printerr ("kpi-sample-data: %s\n", msg);
  g_printerr ("Try \"%s --help\" for more information.\n", g_get_prgname ());
  g_option_context_free (ctx);
  exit (2);
}

int
main (int argc, char **argv)
{
  gchar *opt_seed = NULL, *opt_start = NULL, *opt_output = NULL, *opt_only = NULL;
  gint64 opt_orders = 100000;
  gint opt_days = 731;
  gboolean opt_no_snapshot = FALSE, opt_quiet = FALSE, opt_clean = FALSE;
  GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_STRING, &opt_seed, "Random seed (default 42)", "N" },
    { "orders", 0, 0, G_OPTION_ARG_INT64, &opt_orders, "Number of orders (default 100000)", "N" },
    { "start", 0, 0, G_OPTION_ARG_STRING, &opt_start, "First date (default 2024-01-01)", "YYYY-MM-DD" },
    { "days", 0, 0, G_OPTION_ARG_INT, &opt_days, "Number of days (default 731)", "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output, "Output directory (default .)", "DIR" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &opt_only, "Write only this file (\"orders\")", "orders" },
    { "no-snapshot", 0, 0, G_OPTION_ARG_NONE, &opt_no_snapshot, "Do not write the orders_as_of_*.csv snapshot", NULL },
    { "clean", 0, 0, G_OPTION_ARG_NONE, &opt_clean, "The same data without the seeded anomalies", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet, "Print nothing on success", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };

  /* Only affects messages: every number in the output is formatted by hand
   * or with g_ascii_formatd(), independently of the locale. */
  setlocale (LC_ALL, "");
  g_set_prgname ("kpi-sample-data");
  GOptionContext *ctx = g_option_context_new ("- generate a deterministic synthetic CRM data set");
  g_option_context_set_summary (ctx,
    "Writes orders.csv, opportunities.csv, marketing.csv, nps.csv, complaints.csv,\n"
    "budget.csv, targets.csv, project_tasks.csv, project_milestones.csv,\n"
    "anomalies.json and an orders snapshot into DIR.\n"
    "See docs/sample-data.md.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  GError *err = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &err))
    {
      char *msg = g_strdup (err->message);
      g_error_free (err);
      usage_error (ctx, msg);
    }
  if (argc > 1)
    usage_error (ctx, "unexpected argument");

  Gen g;
  memset (&g, 0, sizeof g);
  g.seed = 42;
  if (opt_seed != NULL)
    {
      guint64 v;
      if (!g_ascii_string_to_unsigned (opt_seed, 10, 0, G_MAXUINT64, &v, NULL))
        usage_error (ctx, "--seed expects a non-negative integer");
      g.seed = v;
    }
  if (opt_orders < 1000 || opt_orders > G_GINT64_CONSTANT (1000000000))
    usage_error (ctx, "--orders must be between 1000 and 1000000000");
  if (opt_days < 90 || opt_days > 36600)
    usage_error (ctx, "--days must be between 90 and 36600");
  GDate start;
  const char *start_str = opt_start != NULL ? opt_start : "2024-01-01";
  if (!parse_start (start_str, &start))
    usage_error (ctx, "--start expects a valid date YYYY-MM-DD");
  if (opt_only != NULL && strcmp (opt_only, "orders") != 0)
    usage_error (ctx, "--only accepts only \"orders\"");
  g_option_context_free (ctx);

  g.n_orders = opt_orders;
  g.outdir = opt_output != NULL ? opt_output : ".";
  g.only_orders = opt_only != NULL;
  g.snapshot = !opt_no_snapshot && !g.only_orders;
  g.clean = opt_clean;

  if (g_mkdir_with_parents (g.outdir, 0755) != 0)
    die_errno ("cannot create directory", g.outdir, errno);

  cal_init (&g.cal, &start, opt_days);
  plan_init (&g.plan, &g.cal, g.clean);
  g.snapshot_name = g_strdup_printf ("orders_as_of_%s.csv", g.cal.iso[g.plan.asof]);

  g.n_customers = (guint32) MAX ((gint64) 2000, g.n_orders / 25);
  g.n_base = g.n_customers / 4;
  int nm = g.cal.n_months;
  g.base_rev = g_new0 (gint64, (gsize) nm * N_CHANNELS);
  g.base_cost = g_new0 (gint64, (gsize) nm * N_CHANNELS);
  g.new_cust = g_new0 (gint64, nm);
  g.day_rev = g_new0 (gint64, (gsize) g.cal.days * N_CHANNELS);
  g.rewritten_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g.nps = g_array_new (FALSE, FALSE, sizeof (Survey));
  g.complaints = g_array_new (FALSE, FALSE, sizeof (Survey));
  rng_init (&g.rng_nps, g.seed, STREAM_NPS);
  rng_init (&g.rng_cmp, g.seed, STREAM_COMPLAINTS);
  g.p_nps = (double) MAX ((gint64) 500, g.n_orders / 30) / (double) g.n_orders;
  g.p_cmp = (double) MAX ((gint64) 100, g.n_orders / 200) / (double) g.n_orders;

  generate_orders (&g);

  SampleProject *project = NULL;
  if (!g.only_orders)
    {
      gint64 *month_cmp = g_new0 (gint64, nm);
      write_opportunities (&g);
      write_marketing (&g);
      write_nps (&g);
      write_complaints (&g, month_cmp);
      write_budget (&g);
      write_targets (&g, month_cmp);
      project = sample_project_new (g.seed, &start, opt_days, g.clean);
      if (!sample_project_write (project, g.outdir, &err))
        {
          g_printerr ("kpi-sample-data: %s\n", err->message);
          exit (1);
        }
      write_manifest (&g, project, start_str);
      g_free (month_cmp);
    }

  if (!opt_quiet)
    {
      g_print ("%-32s %10" G_GUINT64_FORMAT " rows %12" G_GUINT64_FORMAT " bytes\n",
               "orders.csv", g.orders_rows, g.orders_bytes);
      if (g.snapshot)
        g_print ("%-32s %10" G_GUINT64_FORMAT " rows %12" G_GUINT64_FORMAT " bytes\n",
                 g.snapshot_name, g.snapshot_rows, g.snapshot_bytes);
      if (!g.only_orders)
        {
          g_print ("%-32s %10" G_GUINT64_FORMAT " rows %12" G_GUINT64_FORMAT " bytes\n",
                   "opportunities.csv", g.rows_opps, g.bytes_opps);
          g_print ("%-32s %10" G_GUINT64_FORMAT " rows %12" G_GUINT64_FORMAT " bytes\n",
                   "marketing.csv", g.rows_mkt, g.bytes_mkt);
          g_print ("%-32s %10" G_GUINT64_FORMAT " rows %12" G_GUINT64_FORMAT " bytes\n",
                   "nps.csv", g.rows_nps, g.bytes_nps);
          g_print ("%-32s %10" G_GUINT64_FORMAT " rows %12" G_GUINT64_FORMAT " bytes\n",
                   "complaints.csv", g.rows_cmp, g.bytes_cmp);
          g_print ("%-32s %10" G_GUINT64_FORMAT " rows %12" G_GUINT64_FORMAT " bytes\n",
                   "budget.csv", g.rows_budget, g.bytes_budget);
          g_print ("%-32s %10" G_GUINT64_FORMAT " rows %12" G_GUINT64_FORMAT " bytes\n",
                   "targets.csv", g.rows_targets, g.bytes_targets);
          guint64 rows, bytes;
          sample_project_get_tasks_size (project, &rows, &bytes);
          g_print ("%-32s %10" G_GUINT64_FORMAT " rows %12" G_GUINT64_FORMAT " bytes\n",
                   SAMPLE_PROJECT_TASKS_FILE, rows, bytes);
          sample_project_get_milestones_size (project, &rows, &bytes);
          g_print ("%-32s %10" G_GUINT64_FORMAT " rows %12" G_GUINT64_FORMAT " bytes\n",
                   SAMPLE_PROJECT_MILESTONES_FILE, rows, bytes);
          g_print ("%-32s\n", "anomalies.json");
        }
    }

  g_clear_pointer (&project, sample_project_free);
  cal_clear (&g.cal);
  g_free (g.snapshot_name);
  g_free (g.tier);
  g_free (g.seen);
  g_free (g.exp_rev);
  g_free (g.base_rev);
  g_free (g.base_cost);
  g_free (g.new_cust);
  g_free (g.day_rev);
  g_array_free (g.rewritten_ids, TRUE);
  g_array_free (g.nps, TRUE);
  g_array_free (g.complaints, TRUE);
  g_free (opt_seed);
  g_free (opt_start);
  g_free (opt_output);
  g_free (opt_only);
  return 0;
}
