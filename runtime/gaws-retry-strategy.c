/* gaws-retry-strategy.c: when and after how long a failed request is retried
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-retry-strategy.h"

#include <gio/gio.h>
#include <math.h>
#include "gaws-error.h"

/**
 * GawsRetryStrategy:
 *
 * The three retry modes of botocore, shared by all requests of one client:
 *
 * - legacy: up to 5 attempts (DynamoDB 10), delay `rand * 2^(n-1)` seconds
 *   (DynamoDB `0.05 * 2^(n-1)`), retrying 5xx, 429, 509, throttling codes and
 *   connection errors; no quota.
 * - standard: up to 3 attempts (DynamoDB 4), delay `rand * min(2^(n-1), 20)`,
 *   a retry quota of 500 that a retry costs 5 (10 after a timeout) and a
 *   success gives back.
 * - adaptive: standard, plus a #GawsRateLimiter in front of every attempt.
 */

#define QUOTA_INITIAL 500
#define QUOTA_RETRY_COST 5
#define QUOTA_TIMEOUT_COST 10
#define QUOTA_NO_RETRY_INCREMENT 1
#define STANDARD_MAX_BACKOFF 20.0
#define RETRY_AFTER_MAX_EXTRA 5.0

struct _GawsRetryStrategy {
  GObject          parent_instance;
  GawsRetryMode    mode;
  guint            max_attempts;
  char            *service_id;
  gboolean         is_dynamodb;
  GMutex           lock;
  guint            quota;
  GawsRateLimiter *rate_limiter;
  GRand           *rand;
};

G_DEFINE_FINAL_TYPE (GawsRetryStrategy, gaws_retry_strategy, G_TYPE_OBJECT)

/* botocore's retries/standard.py and data/_retry.json, merged: the codes
 * any mode treats as throttling or as transient. */
static const char *const throttling_codes[] = {
  "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
  "TooManyRequestsException", "ProvisionedThroughputExceededException",
  "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
  "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
  "EC2ThrottledException",
};

static const char *const transient_codes[] = {
  "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
  "IDPCommunicationError", "BadDigest", "ReplicatedWriteConflictException",
};

static void
gaws_retry_strategy_finalize (GObject *object)
{
  GawsRetryStrategy *self = GAWS_RETRY_STRATEGY (object);

  g_free (self->service_id);
  g_mutex_clear (&self->lock);
  g_clear_object (&self->rate_limiter);
  g_rand_free (self->rand);
  G_OBJECT_CLASS (gaws_retry_strategy_parent_class)->finalize (object);
}

static void
gaws_retry_strategy_class_init (GawsRetryStrategyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_retry_strategy_finalize;
}

static void
gaws_retry_strategy_init (GawsRetryStrategy *self)
{
  g_mutex_init (&self->lock);
  self->quota = QUOTA_INITIAL;
  self->rand = g_rand_new ();
}

static guint
default_max_attempts (GawsRetryMode mode, gboolean is_dynamodb)
{
  if (mode == GAWS_RETRY_MODE_LEGACY)
    return is_dynamodb ? 10 : 5;
  return is_dynamodb ? 4 : 3;
}

/**
 * gaws_retry_strategy_new:
 * @mode: the retry mode; %GAWS_RETRY_MODE_UNSET means legacy, botocore's default
 * @max_attempts: total attempts including the first, or 0 for the mode's default
 * @service_id: (nullable): the model's service id, for per-service defaults
 *
 * Returns: (transfer full): a retry strategy for one client
 */
GawsRetryStrategy *
gaws_retry_strategy_new (GawsRetryMode  mode,
                         guint          max_attempts,
                         const char    *service_id)
{
  GawsRetryStrategy *self = g_object_new (GAWS_TYPE_RETRY_STRATEGY, NULL);

  self->mode = mode == GAWS_RETRY_MODE_UNSET ? GAWS_RETRY_MODE_LEGACY : mode;
  self->service_id = g_strdup (service_id);
  self->is_dynamodb = service_id && g_ascii_strcasecmp (service_id, "DynamoDB") == 0;
  self->max_attempts = max_attempts ? max_attempts
                                    : default_max_attempts (self->mode, self->is_dynamodb);
  if (self->mode == GAWS_RETRY_MODE_ADAPTIVE)
    self->rate_limiter = gaws_rate_limiter_new ();
  return self;
}

/**
 * gaws_retry_strategy_get_mode:
 * @self: a #GawsRetryStrategy
 *
 * Returns: the retry mode in force
 */
GawsRetryMode
gaws_retry_strategy_get_mode (GawsRetryStrategy *self)
{
  return self->mode;
}

/**
 * gaws_retry_strategy_get_max_attempts:
 * @self: a #GawsRetryStrategy
 *
 * Returns: the total number of attempts allowed, the first included
 */
guint
gaws_retry_strategy_get_max_attempts (GawsRetryStrategy *self)
{
  return self->max_attempts;
}

/**
 * gaws_retry_strategy_get_quota:
 * @self: a #GawsRetryStrategy
 *
 * Returns: the retry quota left (standard and adaptive modes)
 */
guint
gaws_retry_strategy_get_quota (GawsRetryStrategy *self)
{
  guint quota;

  g_mutex_lock (&self->lock);
  quota = self->quota;
  g_mutex_unlock (&self->lock);
  return quota;
}

/**
 * gaws_retry_strategy_get_rate_limiter:
 * @self: a #GawsRetryStrategy
 *
 * Returns: (transfer none) (nullable): the rate limiter of the adaptive mode
 */
GawsRateLimiter *
gaws_retry_strategy_get_rate_limiter (GawsRetryStrategy *self)
{
  return self->rate_limiter;
}

static gboolean
code_in (const char *code, const char *const *codes, gsize n)
{
  for (gsize i = 0; code && i < n; i++)
    if (g_str_equal (code, codes[i]))
      return TRUE;
  return FALSE;
}

static gboolean
status_is_transient (GawsRetryStrategy *self, guint status)
{
  if (status == 500 || status == 502 || status == 503 || status == 504)
    return TRUE;
  /* 509 is only in the legacy mode's table. */
  return status == 509 && self->mode == GAWS_RETRY_MODE_LEGACY;
}

/**
 * gaws_retry_strategy_classify:
 * @self: a #GawsRetryStrategy
 * @error: the error of a failed attempt
 *
 * Returns: whether and why @error is retryable
 */
GawsRetryKind
gaws_retry_strategy_classify (GawsRetryStrategy *self,
                              const GError      *error)
{
  const char *code;
  guint status;

  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return GAWS_RETRY_KIND_NONE;
  if (error->domain != GAWS_ERROR)
    return GAWS_RETRY_KIND_NONE;
  if (error->code == GAWS_ERROR_TIMEOUT)
    return GAWS_RETRY_KIND_TIMEOUT;
  if (error->code == GAWS_ERROR_CONNECTION)
    return GAWS_RETRY_KIND_TRANSIENT;

  code = gaws_error_get_code (error);
  status = gaws_error_get_http_status (error);
  if (code_in (code, throttling_codes, G_N_ELEMENTS (throttling_codes)) || status == 429)
    return GAWS_RETRY_KIND_THROTTLING;
  if (code_in (code, transient_codes, G_N_ELEMENTS (transient_codes)) ||
      status_is_transient (self, status))
    return GAWS_RETRY_KIND_TRANSIENT;
  return GAWS_RETRY_KIND_NONE;
}

/**
 * gaws_retry_strategy_compute_delay:
 * @self: a #GawsRetryStrategy
 * @attempts: attempts made so far (1 after the first failure)
 * @kind: the kind of the failure
 * @random01: a random number in [0, 1)
 *
 * The back-off formula of the mode, with the randomness passed in so that it
 * can be tested.
 *
 * Returns: the delay before the next attempt, in seconds
 */
double
gaws_retry_strategy_compute_delay (GawsRetryStrategy *self,
                                   guint              attempts,
                                   GawsRetryKind      kind,
                                   double             random01)
{
  double exponential = ldexp (1.0, (int) MIN (attempts, 62) - 1);

  if (self->mode == GAWS_RETRY_MODE_LEGACY)
    return (self->is_dynamodb ? 0.05 : random01) * exponential;
  return random01 * MIN (exponential, STANDARD_MAX_BACKOFF);
}

/**
 * gaws_retry_strategy_before_attempt:
 * @self: a #GawsRetryStrategy
 * @state: the request's retry state
 *
 * Counts the attempt about to be made and, in adaptive mode, takes a token
 * from the rate limiter.
 *
 * Returns: how many seconds to wait before sending it
 */
double
gaws_retry_strategy_before_attempt (GawsRetryStrategy *self,
                                    GawsRetryState    *state)
{
  state->attempts++;
  return self->rate_limiter ? gaws_rate_limiter_acquire (self->rate_limiter) : 0;
}

static gboolean
take_quota (GawsRetryStrategy *self, GawsRetryState *state, GawsRetryKind kind)
{
  guint cost = kind == GAWS_RETRY_KIND_TIMEOUT ? QUOTA_TIMEOUT_COST : QUOTA_RETRY_COST;
  gboolean ok;

  g_mutex_lock (&self->lock);
  ok = self->quota >= cost;
  if (ok)
    self->quota -= cost;
  g_mutex_unlock (&self->lock);
  if (ok)
    state->quota_held = cost;
  else
    state->quota_exhausted = TRUE;
  return ok;
}

static double
retry_after_seconds (const char *retry_after_ms)
{
  guint64 ms;

  if (retry_after_ms == NULL ||
      !g_ascii_string_to_unsigned (retry_after_ms, 10, 0, G_MAXUINT32, &ms, NULL))
    return -1;
  return ms / 1000.0;
}

/**
 * gaws_retry_strategy_should_retry:
 * @self: a #GawsRetryStrategy
 * @state: the request's retry state
 * @error: the error of the attempt that failed
 * @retry_after_ms: (nullable): the response's `x-amz-retry-after` header
 * @delay_seconds: (out): how long to wait before the next attempt
 *
 * Decides whether to retry after a failed attempt, taking retry quota in the
 * standard and adaptive modes, and feeds the rate limiter.
 *
 * Returns: %TRUE to retry after *@delay_seconds
 */
gboolean
gaws_retry_strategy_should_retry (GawsRetryStrategy *self,
                                  GawsRetryState    *state,
                                  const GError      *error,
                                  const char        *retry_after_ms,
                                  double            *delay_seconds)
{
  return gaws_retry_strategy_should_retry_as (self, state, error,
                                              gaws_retry_strategy_classify (self, error),
                                              retry_after_ms, delay_seconds);
}

/**
 * gaws_retry_strategy_should_retry_as:
 * @self: a #GawsRetryStrategy
 * @state: the request's retry state
 * @error: the error of the attempt that failed
 * @kind: how to treat @error, when the caller knows better than
 *   gaws_retry_strategy_classify(): a clock-skew error is worth one more
 *   attempt once the client has corrected its clock
 * @retry_after_ms: (nullable): the response's `x-amz-retry-after` header
 * @delay_seconds: (out): how long to wait before the next attempt
 *
 * gaws_retry_strategy_should_retry() with the classification given.
 *
 * Returns: %TRUE to retry after *@delay_seconds
 */
gboolean
gaws_retry_strategy_should_retry_as (GawsRetryStrategy *self,
                                     GawsRetryState    *state,
                                     const GError      *error,
                                     GawsRetryKind      kind,
                                     const char        *retry_after_ms,
                                     double            *delay_seconds)
{
  double delay, hint;

  *delay_seconds = 0;
  if (self->rate_limiter && error && error->domain == GAWS_ERROR)
    gaws_rate_limiter_update (self->rate_limiter, kind == GAWS_RETRY_KIND_THROTTLING);
  if (kind == GAWS_RETRY_KIND_NONE || state->attempts >= self->max_attempts)
    return FALSE;
  if (self->mode != GAWS_RETRY_MODE_LEGACY && !take_quota (self, state, kind))
    return FALSE;

  g_mutex_lock (&self->lock);
  delay = gaws_retry_strategy_compute_delay (self, state->attempts, kind,
                                             g_rand_double (self->rand));
  g_mutex_unlock (&self->lock);
  /* A server's hint may stretch the delay, by at most five seconds. */
  hint = retry_after_seconds (retry_after_ms);
  if (hint >= 0 && self->mode != GAWS_RETRY_MODE_LEGACY)
    delay = MAX (delay, MIN (hint, delay + RETRY_AFTER_MAX_EXTRA));
  *delay_seconds = delay;
  return TRUE;
}

/**
 * gaws_retry_strategy_record_success:
 * @self: a #GawsRetryStrategy
 * @state: the request's retry state
 *
 * Gives retry quota back after a successful response: what the last retry
 * took, or one unit when there was no retry.
 */
void
gaws_retry_strategy_record_success (GawsRetryStrategy *self,
                                    GawsRetryState    *state)
{
  if (self->rate_limiter)
    gaws_rate_limiter_update (self->rate_limiter, FALSE);
  if (self->mode == GAWS_RETRY_MODE_LEGACY)
    return;
  g_mutex_lock (&self->lock);
  self->quota = MIN (QUOTA_INITIAL,
                     self->quota + (state->quota_held ? state->quota_held : QUOTA_NO_RETRY_INCREMENT));
  g_mutex_unlock (&self->lock);
  state->quota_held = 0;
}
