/* gaws-retry-strategy.h: when and after how long a failed request is retried
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include "gaws-client-config.h"
#include "gaws-rate-limiter.h"

G_BEGIN_DECLS

/**
 * GawsRetryKind:
 * @GAWS_RETRY_KIND_NONE: not retryable
 * @GAWS_RETRY_KIND_TRANSIENT: a 5xx status, a transient error code or a
 *   broken connection
 * @GAWS_RETRY_KIND_THROTTLING: a throttling error code or status 429
 * @GAWS_RETRY_KIND_TIMEOUT: a connect or read timeout
 *
 * How a failed attempt is classified for retrying.
 */
typedef enum {
  GAWS_RETRY_KIND_NONE,
  GAWS_RETRY_KIND_TRANSIENT,
  GAWS_RETRY_KIND_THROTTLING,
  GAWS_RETRY_KIND_TIMEOUT,
} GawsRetryKind;

/**
 * GawsRetryState:
 * @attempts: attempts made so far, counting the first
 * @quota_held: retry quota taken for the last retry, returned on success
 * @quota_exhausted: whether a retry was refused for lack of quota
 *
 * The per-request part of retrying, kept by the caller.
 */
typedef struct {
  guint    attempts;
  guint    quota_held;
  gboolean quota_exhausted;
} GawsRetryState;

#define GAWS_TYPE_RETRY_STRATEGY (gaws_retry_strategy_get_type ())
G_DECLARE_FINAL_TYPE (GawsRetryStrategy, gaws_retry_strategy, GAWS, RETRY_STRATEGY, GObject)

GawsRetryStrategy *gaws_retry_strategy_new              (GawsRetryMode      mode,
                                                         guint              max_attempts,
                                                         const char        *service_id);
GawsRetryMode      gaws_retry_strategy_get_mode         (GawsRetryStrategy *self);
guint              gaws_retry_strategy_get_max_attempts (GawsRetryStrategy *self);
guint              gaws_retry_strategy_get_quota        (GawsRetryStrategy *self);
GawsRateLimiter   *gaws_retry_strategy_get_rate_limiter (GawsRetryStrategy *self);

GawsRetryKind      gaws_retry_strategy_classify         (GawsRetryStrategy *self,
                                                         const GError      *error);
double             gaws_retry_strategy_compute_delay    (GawsRetryStrategy *self,
                                                         guint              attempts,
                                                         GawsRetryKind      kind,
                                                         double             random01);

double             gaws_retry_strategy_before_attempt   (GawsRetryStrategy *self,
                                                         GawsRetryState    *state);
gboolean           gaws_retry_strategy_should_retry     (GawsRetryStrategy *self,
                                                         GawsRetryState    *state,
                                                         const GError      *error,
                                                         const char        *retry_after_ms,
                                                         double            *delay_seconds);
gboolean           gaws_retry_strategy_should_retry_as  (GawsRetryStrategy *self,
                                                         GawsRetryState    *state,
                                                         const GError      *error,
                                                         GawsRetryKind      kind,
                                                         const char        *retry_after_ms,
                                                         double            *delay_seconds);
void               gaws_retry_strategy_record_success   (GawsRetryStrategy *self,
                                                         GawsRetryState    *state);

G_END_DECLS
