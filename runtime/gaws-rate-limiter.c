/* gaws-rate-limiter.c: the client-side rate limiter of the adaptive retry mode
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-rate-limiter.h"

#include <math.h>

/**
 * GawsRateLimiter:
 *
 * The adaptive retry mode's client-side rate limiter, as botocore's
 * `retries/adaptive.py` defines it: a token bucket whose fill rate follows a
 * CUBIC curve. It stays off until the first throttling error; then each
 * throttle cuts the rate to `beta` times the measured rate and each success
 * grows it back along the cubic. Times are in seconds; the `_at` variants
 * take the clock as an argument so the arithmetic can be tested exactly.
 */

#define CUBIC_SCALE 0.4
#define CUBIC_BETA 0.7
#define MIN_FILL_RATE 0.5
#define SMOOTHING 0.8
#define TIME_BUCKET_RANGE 0.5   /* measured rate is sampled per half second */

struct _GawsRateLimiter {
  GObject  parent_instance;
  GMutex   lock;

  /* token bucket */
  gboolean enabled;
  double   fill_rate;
  double   max_capacity;
  double   current_capacity;
  double   last_timestamp;

  /* cubic */
  double   last_max_rate;
  double   last_throttle_time;
  double   time_window;

  /* The clock starts at the first request, so that callers may pass their
   * own clock to the _at functions. */
  gboolean clock_started;

  /* measured sending rate */
  double   measured_rate;
  double   last_tx_bucket;
  guint    request_count;
};

G_DEFINE_FINAL_TYPE (GawsRateLimiter, gaws_rate_limiter, G_TYPE_OBJECT)

static void
gaws_rate_limiter_finalize (GObject *object)
{
  g_mutex_clear (&GAWS_RATE_LIMITER (object)->lock);
  G_OBJECT_CLASS (gaws_rate_limiter_parent_class)->finalize (object);
}

static void
gaws_rate_limiter_class_init (GawsRateLimiterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_rate_limiter_finalize;
}

static double
monotonic_seconds (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

static void
gaws_rate_limiter_init (GawsRateLimiter *self)
{
  g_mutex_init (&self->lock);
  self->fill_rate = MIN_FILL_RATE;
  self->max_capacity = 1;
}

static void
start_clock (GawsRateLimiter *self, double now)
{
  if (self->clock_started)
    return;
  self->clock_started = TRUE;
  self->last_timestamp = now;
  self->last_throttle_time = now;
  self->last_tx_bucket = floor (now / TIME_BUCKET_RANGE) * TIME_BUCKET_RANGE;
}

/**
 * gaws_rate_limiter_new:
 *
 * Returns: (transfer full): a rate limiter, off until the first throttle
 */
GawsRateLimiter *
gaws_rate_limiter_new (void)
{
  return g_object_new (GAWS_TYPE_RATE_LIMITER, NULL);
}

static void
refill (GawsRateLimiter *self, double now)
{
  double added = (now - self->last_timestamp) * self->fill_rate;
  if (added > 0)
    self->current_capacity = MIN (self->max_capacity, self->current_capacity + added);
  self->last_timestamp = now;
}

/**
 * gaws_rate_limiter_acquire_at:
 * @self: a #GawsRateLimiter
 * @now: the current time in seconds
 *
 * Takes one token to send a request.
 *
 * Returns: how many seconds the caller must wait before sending; 0 while
 *   the limiter is off or a token is available
 */
double
gaws_rate_limiter_acquire_at (GawsRateLimiter *self, double now)
{
  double wait = 0;

  g_mutex_lock (&self->lock);
  start_clock (self, now);
  if (self->enabled)
    {
      refill (self, now);
      if (self->current_capacity < 1)
        wait = (1 - self->current_capacity) / self->fill_rate;
      /* The token is ours either way: the wait pays for it. */
      self->current_capacity -= 1;
    }
  g_mutex_unlock (&self->lock);
  return wait;
}

/**
 * gaws_rate_limiter_acquire:
 * @self: a #GawsRateLimiter
 *
 * gaws_rate_limiter_acquire_at() with the monotonic clock.
 *
 * Returns: seconds to wait before sending
 */
double
gaws_rate_limiter_acquire (GawsRateLimiter *self)
{
  return gaws_rate_limiter_acquire_at (self, monotonic_seconds ());
}

static void
measure_rate (GawsRateLimiter *self, double now)
{
  double bucket = floor (now / TIME_BUCKET_RANGE) * TIME_BUCKET_RANGE;

  self->request_count++;
  if (bucket > self->last_tx_bucket)
    {
      double current = self->request_count / (bucket - self->last_tx_bucket);
      self->measured_rate = current * SMOOTHING + self->measured_rate * (1 - SMOOTHING);
      self->request_count = 0;
      self->last_tx_bucket = bucket;
    }
}

static void
set_fill_rate (GawsRateLimiter *self, double rate, double now)
{
  refill (self, now);
  self->fill_rate = MAX (rate, MIN_FILL_RATE);
  self->max_capacity = MAX (rate, 1);
  self->current_capacity = MIN (self->current_capacity, self->max_capacity);
}

/**
 * gaws_rate_limiter_update_at:
 * @self: a #GawsRateLimiter
 * @throttled: whether the response was a throttling error
 * @now: the current time in seconds
 *
 * Feeds one response into the limiter.
 */
void
gaws_rate_limiter_update_at (GawsRateLimiter *self, gboolean throttled, double now)
{
  double new_rate;

  g_mutex_lock (&self->lock);
  start_clock (self, now);
  measure_rate (self, now);
  if (throttled)
    {
      double rate_to_use = self->enabled ? MIN (self->measured_rate, self->fill_rate)
                                         : self->measured_rate;
      self->last_max_rate = rate_to_use;
      self->time_window = cbrt (self->last_max_rate * (1 - CUBIC_BETA) / CUBIC_SCALE);
      self->last_throttle_time = now;
      new_rate = rate_to_use * CUBIC_BETA;
      self->enabled = TRUE;
    }
  else
    {
      double dt = now - self->last_throttle_time;
      new_rate = CUBIC_SCALE * pow (dt - self->time_window, 3) + self->last_max_rate;
    }
  new_rate = MIN (new_rate, 2 * self->measured_rate);
  set_fill_rate (self, new_rate, now);
  g_mutex_unlock (&self->lock);
}

/**
 * gaws_rate_limiter_update:
 * @self: a #GawsRateLimiter
 * @throttled: whether the response was a throttling error
 *
 * gaws_rate_limiter_update_at() with the monotonic clock.
 */
void
gaws_rate_limiter_update (GawsRateLimiter *self, gboolean throttled)
{
  gaws_rate_limiter_update_at (self, throttled, monotonic_seconds ());
}

/**
 * gaws_rate_limiter_is_enabled:
 * @self: a #GawsRateLimiter
 *
 * Returns: whether a throttle has switched rate limiting on
 */
gboolean
gaws_rate_limiter_is_enabled (GawsRateLimiter *self)
{
  return self->enabled;
}

/**
 * gaws_rate_limiter_get_fill_rate:
 * @self: a #GawsRateLimiter
 *
 * Returns: the bucket's fill rate in requests per second
 */
double
gaws_rate_limiter_get_fill_rate (GawsRateLimiter *self)
{
  return self->fill_rate;
}

/**
 * gaws_rate_limiter_get_measured_rate:
 * @self: a #GawsRateLimiter
 *
 * Returns: the smoothed rate at which responses arrive, in requests per second
 */
double
gaws_rate_limiter_get_measured_rate (GawsRateLimiter *self)
{
  return self->measured_rate;
}
