/* gaws-rate-limiter.h: the client-side rate limiter of the adaptive retry mode
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GAWS_TYPE_RATE_LIMITER (gaws_rate_limiter_get_type ())
G_DECLARE_FINAL_TYPE (GawsRateLimiter, gaws_rate_limiter, GAWS, RATE_LIMITER, GObject)

GawsRateLimiter *gaws_rate_limiter_new              (void);
double           gaws_rate_limiter_acquire_at       (GawsRateLimiter *self,
                                                     double           now);
double           gaws_rate_limiter_acquire          (GawsRateLimiter *self);
void             gaws_rate_limiter_update_at        (GawsRateLimiter *self,
                                                     gboolean         throttled,
                                                     double           now);
void             gaws_rate_limiter_update           (GawsRateLimiter *self,
                                                     gboolean         throttled);
gboolean         gaws_rate_limiter_is_enabled       (GawsRateLimiter *self);
double           gaws_rate_limiter_get_fill_rate    (GawsRateLimiter *self);
double           gaws_rate_limiter_get_measured_rate (GawsRateLimiter *self);

G_END_DECLS
