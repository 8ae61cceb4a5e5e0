/* gaws-event-stream-reader.h: messages of an AWS event stream read from a GInputStream
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-event-stream-decoder.h"
#include "gaws-event-stream-message.h"

G_BEGIN_DECLS

#define GAWS_TYPE_EVENT_STREAM_READER (gaws_event_stream_reader_get_type ())
G_DECLARE_FINAL_TYPE (GawsEventStreamReader, gaws_event_stream_reader, GAWS, EVENT_STREAM_READER, GObject)

GawsEventStreamReader  *gaws_event_stream_reader_new                 (GInputStream           *stream);

GInputStream           *gaws_event_stream_reader_get_stream          (GawsEventStreamReader  *self);
GawsEventStreamDecoder *gaws_event_stream_reader_get_decoder         (GawsEventStreamReader  *self);

void                    gaws_event_stream_reader_next_message_async  (GawsEventStreamReader  *self,
                                                                      GCancellable           *cancellable,
                                                                      GAsyncReadyCallback     callback,
                                                                      gpointer                user_data);
GawsEventStreamMessage *gaws_event_stream_reader_next_message_finish (GawsEventStreamReader  *self,
                                                                      GAsyncResult           *result,
                                                                      GError                **error);
GawsEventStreamMessage *gaws_event_stream_reader_next_message        (GawsEventStreamReader  *self,
                                                                      GCancellable           *cancellable,
                                                                      GError                **error);

G_END_DECLS
