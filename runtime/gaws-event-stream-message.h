/* gaws-event-stream-message.h: one message of an AWS event stream
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * GawsEventStreamHeaderType:
 * @GAWS_EVENT_STREAM_HEADER_BOOL_TRUE: a boolean that is true (no value bytes)
 * @GAWS_EVENT_STREAM_HEADER_BOOL_FALSE: a boolean that is false (no value bytes)
 * @GAWS_EVENT_STREAM_HEADER_BYTE: a signed 8-bit integer
 * @GAWS_EVENT_STREAM_HEADER_SHORT: a signed 16-bit integer
 * @GAWS_EVENT_STREAM_HEADER_INT: a signed 32-bit integer
 * @GAWS_EVENT_STREAM_HEADER_LONG: a signed 64-bit integer
 * @GAWS_EVENT_STREAM_HEADER_BYTE_ARRAY: up to 65535 bytes
 * @GAWS_EVENT_STREAM_HEADER_STRING: up to 65535 bytes of UTF-8
 * @GAWS_EVENT_STREAM_HEADER_TIMESTAMP: milliseconds since the Unix epoch, as
 *   a signed 64-bit integer
 * @GAWS_EVENT_STREAM_HEADER_UUID: 16 bytes
 *
 * The types a header value of an `application/vnd.amazon.eventstream`
 * message can have. Each value is the type byte that precedes the header
 * value on the wire.
 */
typedef enum {
  GAWS_EVENT_STREAM_HEADER_BOOL_TRUE  = 0,
  GAWS_EVENT_STREAM_HEADER_BOOL_FALSE = 1,
  GAWS_EVENT_STREAM_HEADER_BYTE       = 2,
  GAWS_EVENT_STREAM_HEADER_SHORT      = 3,
  GAWS_EVENT_STREAM_HEADER_INT        = 4,
  GAWS_EVENT_STREAM_HEADER_LONG       = 5,
  GAWS_EVENT_STREAM_HEADER_BYTE_ARRAY = 6,
  GAWS_EVENT_STREAM_HEADER_STRING     = 7,
  GAWS_EVENT_STREAM_HEADER_TIMESTAMP  = 8,
  GAWS_EVENT_STREAM_HEADER_UUID       = 9,
} GawsEventStreamHeaderType;

GType gaws_event_stream_header_type_get_type (void) G_GNUC_CONST;
#define GAWS_TYPE_EVENT_STREAM_HEADER_TYPE (gaws_event_stream_header_type_get_type ())

/**
 * GAWS_EVENT_STREAM_MAX_HEADER_NAME_LEN:
 *
 * The longest header name, in bytes, that the wire format can carry.
 */
#define GAWS_EVENT_STREAM_MAX_HEADER_NAME_LEN 255

/**
 * GAWS_EVENT_STREAM_MAX_HEADER_VALUE_LEN:
 *
 * The longest byte array or string header value, in bytes, that the wire
 * format can carry.
 */
#define GAWS_EVENT_STREAM_MAX_HEADER_VALUE_LEN 65535

/**
 * GAWS_EVENT_STREAM_UUID_LEN:
 *
 * The length in bytes of a %GAWS_EVENT_STREAM_HEADER_UUID value.
 */
#define GAWS_EVENT_STREAM_UUID_LEN 16

#define GAWS_TYPE_EVENT_STREAM_MESSAGE (gaws_event_stream_message_get_type ())
G_DECLARE_FINAL_TYPE (GawsEventStreamMessage, gaws_event_stream_message, GAWS, EVENT_STREAM_MESSAGE, GObject)

GawsEventStreamMessage *gaws_event_stream_message_new              (void);
GawsEventStreamMessage *gaws_event_stream_message_new_event        (const char             *event_type,
                                                                    const char             *content_type,
                                                                    GBytes                 *payload);

GBytes                 *gaws_event_stream_message_get_payload      (GawsEventStreamMessage *self);
void                    gaws_event_stream_message_set_payload      (GawsEventStreamMessage *self,
                                                                    GBytes                 *payload);

guint                   gaws_event_stream_message_get_n_headers    (GawsEventStreamMessage *self);
const char             *gaws_event_stream_message_get_header_name  (GawsEventStreamMessage *self,
                                                                    guint                   index);
gboolean                gaws_event_stream_message_has_header       (GawsEventStreamMessage *self,
                                                                    const char             *name);
gboolean                gaws_event_stream_message_get_header_type  (GawsEventStreamMessage *self,
                                                                    const char             *name,
                                                                    GawsEventStreamHeaderType *out_type);
gboolean                gaws_event_stream_message_remove_header    (GawsEventStreamMessage *self,
                                                                    const char             *name);

void                    gaws_event_stream_message_set_bool         (GawsEventStreamMessage *self,
                                                                    const char             *name,
                                                                    gboolean                value);
void                    gaws_event_stream_message_set_byte         (GawsEventStreamMessage *self,
                                                                    const char             *name,
                                                                    gint8                   value);
void                    gaws_event_stream_message_set_short        (GawsEventStreamMessage *self,
                                                                    const char             *name,
                                                                    gint16                  value);
void                    gaws_event_stream_message_set_int          (GawsEventStreamMessage *self,
                                                                    const char             *name,
                                                                    gint32                  value);
void                    gaws_event_stream_message_set_long         (GawsEventStreamMessage *self,
                                                                    const char             *name,
                                                                    gint64                  value);
void                    gaws_event_stream_message_set_byte_array   (GawsEventStreamMessage *self,
                                                                    const char             *name,
                                                                    GBytes                 *value);
void                    gaws_event_stream_message_set_string       (GawsEventStreamMessage *self,
                                                                    const char             *name,
                                                                    const char             *value);
void                    gaws_event_stream_message_set_timestamp    (GawsEventStreamMessage *self,
                                                                    const char             *name,
                                                                    gint64                  epoch_millis);
void                    gaws_event_stream_message_set_uuid         (GawsEventStreamMessage *self,
                                                                    const char             *name,
                                                                    const guint8           *uuid);

gboolean                gaws_event_stream_message_get_bool         (GawsEventStreamMessage *self,
                                                                    const char             *name,
                                                                    gboolean               *out_value);
gboolean                gaws_event_stream_message_get_byte         (GawsEventStreamMessage *self,
                                                                    const char             *name,
                                                                    gint8                  *out_value);
gboolean                gaws_event_stream_message_get_short        (GawsEventStreamMessage *self,
                                                                    const char             *name,
                                                                    gint16                 *out_value);
gboolean                gaws_event_stream_message_get_int          (GawsEventStreamMessage *self,
                                                                    const char             *name,
                                                                    gint32                 *out_value);
gboolean                gaws_event_stream_message_get_long         (GawsEventStreamMessage *self,
                                                                    const char             *name,
                                                                    gint64                 *out_value);
GBytes                 *gaws_event_stream_message_get_byte_array   (GawsEventStreamMessage *self,
                                                                    const char             *name);
const char             *gaws_event_stream_message_get_string       (GawsEventStreamMessage *self,
                                                                    const char             *name);
gboolean                gaws_event_stream_message_get_timestamp    (GawsEventStreamMessage *self,
                                                                    const char             *name,
                                                                    gint64                 *out_epoch_millis);
const guint8           *gaws_event_stream_message_get_uuid         (GawsEventStreamMessage *self,
                                                                    const char             *name);

const char             *gaws_event_stream_message_get_message_type (GawsEventStreamMessage *self);
const char             *gaws_event_stream_message_get_event_type   (GawsEventStreamMessage *self);
const char             *gaws_event_stream_message_get_exception_type (GawsEventStreamMessage *self);
const char             *gaws_event_stream_message_get_content_type (GawsEventStreamMessage *self);
const char             *gaws_event_stream_message_get_error_code   (GawsEventStreamMessage *self);
const char             *gaws_event_stream_message_get_error_message (GawsEventStreamMessage *self);

gboolean                gaws_event_stream_message_is_error         (GawsEventStreamMessage *self);
GError                 *gaws_event_stream_message_to_error         (GawsEventStreamMessage *self);

G_END_DECLS
