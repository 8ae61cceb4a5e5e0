/* gaws-event-stream-decoder.h: incremental decoding of AWS event stream frames
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include "gaws-event-stream-message.h"

G_BEGIN_DECLS

/**
 * GAWS_EVENT_STREAM_PRELUDE_LEN:
 *
 * The length of a frame's prelude: total length, headers length and the
 * prelude CRC, four bytes each.
 */
#define GAWS_EVENT_STREAM_PRELUDE_LEN 12

/**
 * GAWS_EVENT_STREAM_MIN_FRAME_SIZE:
 *
 * The length of the shortest frame: a prelude and a message CRC, with no
 * headers and no payload.
 */
#define GAWS_EVENT_STREAM_MIN_FRAME_SIZE 16

/**
 * GAWS_EVENT_STREAM_MAX_HEADERS_LEN:
 *
 * The longest headers section a frame may have, as in the AWS SDKs
 * (128 KiB).
 */
#define GAWS_EVENT_STREAM_MAX_HEADERS_LEN (128 * 1024)

/**
 * GAWS_EVENT_STREAM_MAX_PAYLOAD_LEN:
 *
 * The longest payload the AWS SDKs send or accept (16 MiB).
 */
#define GAWS_EVENT_STREAM_MAX_PAYLOAD_LEN (16 * 1024 * 1024)

/**
 * GAWS_EVENT_STREAM_DEFAULT_MAX_FRAME_SIZE:
 *
 * The default of #GawsEventStreamDecoder:max-frame-size: the largest
 * payload and the largest headers section in one frame, with its prelude
 * and CRC.
 */
#define GAWS_EVENT_STREAM_DEFAULT_MAX_FRAME_SIZE \
  (GAWS_EVENT_STREAM_MAX_PAYLOAD_LEN + GAWS_EVENT_STREAM_MAX_HEADERS_LEN + GAWS_EVENT_STREAM_MIN_FRAME_SIZE)

#define GAWS_TYPE_EVENT_STREAM_DECODER (gaws_event_stream_decoder_get_type ())
G_DECLARE_FINAL_TYPE (GawsEventStreamDecoder, gaws_event_stream_decoder, GAWS, EVENT_STREAM_DECODER, GObject)

GawsEventStreamDecoder *gaws_event_stream_decoder_new                (void);

guint                   gaws_event_stream_decoder_get_max_frame_size (GawsEventStreamDecoder *self);
void                    gaws_event_stream_decoder_set_max_frame_size (GawsEventStreamDecoder *self,
                                                                      guint                   max_frame_size);

gboolean                gaws_event_stream_decoder_feed               (GawsEventStreamDecoder *self,
                                                                      const guint8           *data,
                                                                      gsize                   len,
                                                                      GError                **error);
gboolean                gaws_event_stream_decoder_end                (GawsEventStreamDecoder *self,
                                                                      GError                **error);
GawsEventStreamMessage *gaws_event_stream_decoder_pop                (GawsEventStreamDecoder *self);
guint                   gaws_event_stream_decoder_get_n_messages     (GawsEventStreamDecoder *self);

guint64                 gaws_event_stream_decoder_get_offset         (GawsEventStreamDecoder *self);
gboolean                gaws_event_stream_decoder_has_partial_frame  (GawsEventStreamDecoder *self);
const GError           *gaws_event_stream_decoder_get_error          (GawsEventStreamDecoder *self);

G_END_DECLS
