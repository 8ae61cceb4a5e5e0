/* gaws-event-stream-private.h: what the operation layer calls for event streams
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-event-stream.h"
#include "gaws-http-response.h"

G_BEGIN_DECLS

gint       gaws_event_stream_find_member       (const GawsShapeInfo     *shape);
gboolean   gaws_event_stream_has_output        (const GawsOperationInfo *op);
gboolean   gaws_event_stream_check_input       (const GawsOperationInfo *op,
                                                GError                 **error);

void       gaws_event_stream_read_output_async  (GObject                 *client,
                                                 const GawsOperationInfo *op,
                                                 GawsHttpResponse        *response,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data);
GawsShape *gaws_event_stream_read_output_finish (GAsyncResult            *result,
                                                 GError                 **error);
GawsShape *gaws_event_stream_read_output        (GObject                 *client,
                                                 const GawsOperationInfo *op,
                                                 GawsHttpResponse        *response,
                                                 GCancellable            *cancellable,
                                                 GError                 **error);

G_END_DECLS
