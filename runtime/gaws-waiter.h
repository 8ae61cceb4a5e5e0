/* gaws-waiter.h: polling an operation until the model's acceptors say done
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-client.h"
#include "gaws-shape.h"
#include "gaws-shape-info.h"

G_BEGIN_DECLS

#define GAWS_TYPE_WAITER (gaws_waiter_get_type ())
G_DECLARE_FINAL_TYPE (GawsWaiter, gaws_waiter, GAWS, WAITER, GObject)

GawsWaiter           *gaws_waiter_new              (GawsClient           *client,
                                                    const GawsWaiterInfo *info);
GawsWaiter           *gaws_client_get_waiter       (GawsClient           *client,
                                                    const char           *name,
                                                    GError              **error);

const GawsWaiterInfo *gaws_waiter_get_info         (GawsWaiter           *self);
GawsClient           *gaws_waiter_get_client       (GawsWaiter           *self);
/* WaiterConfig: Delay (seconds) and MaxAttempts; the model's by default. */
void                  gaws_waiter_set_delay        (GawsWaiter           *self,
                                                    double                seconds);
double                gaws_waiter_get_delay        (GawsWaiter           *self);
void                  gaws_waiter_set_max_attempts (GawsWaiter           *self,
                                                    guint                 max_attempts);
guint                 gaws_waiter_get_max_attempts (GawsWaiter           *self);

void                  gaws_waiter_wait_async       (GawsWaiter           *self,
                                                    GawsShape            *input,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean              gaws_waiter_wait_finish      (GawsWaiter           *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
gboolean              gaws_waiter_wait_sync        (GawsWaiter           *self,
                                                    GawsShape            *input,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
/* The last output polled (NULL when the last poll failed), and how many polls. */
GawsShape            *gaws_waiter_get_last_response (GawsWaiter          *self);
guint                 gaws_waiter_get_attempts     (GawsWaiter           *self);

G_END_DECLS
