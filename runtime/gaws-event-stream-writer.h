/* gaws-event-stream-writer.h: the events an operation sends
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-shape.h"

G_BEGIN_DECLS

#define GAWS_TYPE_EVENT_STREAM_WRITER (gaws_event_stream_writer_get_type ())
G_DECLARE_FINAL_TYPE (GawsEventStreamWriter, gaws_event_stream_writer, GAWS, EVENT_STREAM_WRITER, GObject)

GawsEventStreamWriter *gaws_event_stream_writer_new_for_input    (GawsShape              *input);
GawsEventStreamWriter *gaws_event_stream_writer_from_input       (GawsShape              *input);

void                   gaws_event_stream_writer_send_event_async  (GawsEventStreamWriter  *self,
                                                                   const char             *event_name,
                                                                   GawsShape              *event,
                                                                   GCancellable           *cancellable,
                                                                   GAsyncReadyCallback     callback,
                                                                   gpointer                user_data);
gboolean               gaws_event_stream_writer_send_event_finish (GawsEventStreamWriter  *self,
                                                                   GAsyncResult           *result,
                                                                   GError                **error);
void                   gaws_event_stream_writer_end_async         (GawsEventStreamWriter  *self,
                                                                   GCancellable           *cancellable,
                                                                   GAsyncReadyCallback     callback,
                                                                   gpointer                user_data);
gboolean               gaws_event_stream_writer_end_finish        (GawsEventStreamWriter  *self,
                                                                   GAsyncResult           *result,
                                                                   GError                **error);
gboolean               gaws_event_stream_writer_is_closed         (GawsEventStreamWriter  *self);
const char            *gaws_event_stream_writer_get_last_signature (GawsEventStreamWriter *self);

G_END_DECLS
