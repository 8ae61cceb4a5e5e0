/* gaws-event-stream.h: the typed events of an operation's event-stream output
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-event-stream-message.h"
#include "gaws-shape.h"
#include "gaws-shape-info.h"

G_BEGIN_DECLS

#define GAWS_TYPE_EVENT_STREAM (gaws_event_stream_get_type ())
G_DECLARE_FINAL_TYPE (GawsEventStream, gaws_event_stream, GAWS, EVENT_STREAM, GObject)

GawsEventStream     *gaws_event_stream_new               (const GawsOperationInfo *op,
                                                          GInputStream            *body);
GawsEventStream     *gaws_event_stream_from_output       (GawsShape               *output);

const GawsShapeInfo *gaws_event_stream_get_shape_info    (GawsEventStream         *self);
const char          *gaws_event_stream_get_event_name    (GawsEventStream         *self);

void                 gaws_event_stream_next_event_async  (GawsEventStream         *self,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
GawsShape           *gaws_event_stream_next_event_finish (GawsEventStream         *self,
                                                          GAsyncResult            *result,
                                                          GError                 **error);
GawsShape           *gaws_event_stream_next_event        (GawsEventStream         *self,
                                                          GCancellable            *cancellable,
                                                          GError                 **error);

void                 gaws_event_stream_close             (GawsEventStream         *self);
gboolean             gaws_event_stream_is_closed         (GawsEventStream         *self);

GawsEventStreamMessage *gaws_event_stream_encode_event   (const GawsOperationInfo *op,
                                                          const char              *event_name,
                                                          GawsShape               *event,
                                                          GError                 **error);

G_END_DECLS
