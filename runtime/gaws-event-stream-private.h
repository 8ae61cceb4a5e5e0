/* gaws-event-stream-private.h: what the operation layer calls for event streams
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-credentials.h"
#include "gaws-event-stream.h"
#include "gaws-event-stream-writer.h"
#include "gaws-http-request.h"
#include "gaws-http-response.h"

G_BEGIN_DECLS

gint       gaws_event_stream_find_member       (const GawsShapeInfo     *shape);
gboolean   gaws_event_stream_has_output        (const GawsOperationInfo *op);
gboolean   gaws_event_stream_has_input         (const GawsOperationInfo  *op);
gboolean   gaws_event_stream_prepare_input     (const GawsOperationInfo  *op,
                                                GawsShape                *input,
                                                GawsShape               **out_input,
                                                GawsEventStreamWriter   **out_writer,
                                                GError                  **error);
void       gaws_event_stream_writer_attach     (GawsEventStreamWriter    *self,
                                                const GawsOperationInfo  *op,
                                                GawsHttpRequest          *request);
void       gaws_event_stream_writer_abort_request (GawsHttpRequest       *request,
                                                   const GError          *error);
gboolean   gaws_event_stream_writer_start_signing (GawsHttpRequest       *attempt,
                                                   GawsCredentials       *credentials,
                                                   const char            *region,
                                                   const char            *service,
                                                   gint64                 clock_offset_us,
                                                   GError               **error);

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
