/* gaws-event-stream-message.c: one message of an AWS event stream
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-event-stream-message.h"
#include "gaws-error.h"
#include "gaws-http-headers.h"
#include "gaws-service-error.h"

#include <string.h>

/**
 * GawsEventStreamMessage:
 *
 * One message of an `application/vnd.amazon.eventstream` stream: typed
 * headers, in the order they are sent, and a payload.
 *
 * AWS services use a few headers to say what a message is: `:message-type`
 * (`event`, `exception` or `error`), `:event-type` or `:exception-type` (the
 * name of the modelled event or error), `:content-type` (of the payload),
 * and for `error` messages `:error-code` and `:error-message`. The getters
 * such as gaws_event_stream_message_get_event_type() read them.
 *
 * Setting a header that is already there replaces its value in place, so a
 * message never holds two headers of one name.
 */

typedef struct {
  char                      *name;
  GawsEventStreamHeaderType  type;
  union {
    gint64  number;   /* byte, short, int, long and timestamp */
    GBytes *bytes;    /* byte array */
    char   *string;
    guint8  uuid[GAWS_EVENT_STREAM_UUID_LEN];
  } value;
} Header;

struct _GawsEventStreamMessage {
  GObject     parent_instance;
  GPtrArray  *headers;   /* Header *, in wire order */
  GHashTable *by_name;   /* name → Header *, borrowed from headers */
  GBytes     *payload;
};

G_DEFINE_FINAL_TYPE (GawsEventStreamMessage, gaws_event_stream_message, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (GawsEventStreamHeaderType, gaws_event_stream_header_type,
  G_DEFINE_ENUM_VALUE (GAWS_EVENT_STREAM_HEADER_BOOL_TRUE, "bool-true"),
  G_DEFINE_ENUM_VALUE (GAWS_EVENT_STREAM_HEADER_BOOL_FALSE, "bool-false"),
  G_DEFINE_ENUM_VALUE (GAWS_EVENT_STREAM_HEADER_BYTE, "byte"),
  G_DEFINE_ENUM_VALUE (GAWS_EVENT_STREAM_HEADER_SHORT, "short"),
  G_DEFINE_ENUM_VALUE (GAWS_EVENT_STREAM_HEADER_INT, "int"),
  G_DEFINE_ENUM_VALUE (GAWS_EVENT_STREAM_HEADER_LONG, "long"),
  G_DEFINE_ENUM_VALUE (GAWS_EVENT_STREAM_HEADER_BYTE_ARRAY, "byte-array"),
  G_DEFINE_ENUM_VALUE (GAWS_EVENT_STREAM_HEADER_STRING, "string"),
  G_DEFINE_ENUM_VALUE (GAWS_EVENT_STREAM_HEADER_TIMESTAMP, "timestamp"),
  G_DEFINE_ENUM_VALUE (GAWS_EVENT_STREAM_HEADER_UUID, "uuid"))

static void
header_clear_value (Header *header)
{
  if (header->type == GAWS_EVENT_STREAM_HEADER_BYTE_ARRAY)
    g_clear_pointer (&header->value.bytes, g_bytes_unref);
  else if (header->type == GAWS_EVENT_STREAM_HEADER_STRING)
    g_clear_pointer (&header->value.string, g_free);
}

static void
header_free (gpointer data)
{
  Header *header = data;

  header_clear_value (header);
  g_free (header->name);
  g_free (header);
}

static void
gaws_event_stream_message_finalize (GObject *object)
{
  GawsEventStreamMessage *self = GAWS_EVENT_STREAM_MESSAGE (object);

  g_hash_table_unref (self->by_name);
  g_ptr_array_unref (self->headers);
  g_bytes_unref (self->payload);
  G_OBJECT_CLASS (gaws_event_stream_message_parent_class)->finalize (object);
}

static void
gaws_event_stream_message_class_init (GawsEventStreamMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_event_stream_message_finalize;
}

static void
gaws_event_stream_message_init (GawsEventStreamMessage *self)
{
  self->headers = g_ptr_array_new_with_free_func (header_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->payload = g_bytes_new_static ("", 0);
}

/**
 * gaws_event_stream_message_new:
 *
 * Returns: (transfer full): a new message with no headers and an empty payload
 */
GawsEventStreamMessage *
gaws_event_stream_message_new (void)
{
  return g_object_new (GAWS_TYPE_EVENT_STREAM_MESSAGE, NULL);
}

/**
 * gaws_event_stream_message_new_event:
 * @event_type: the name of the event, such as `AudioEvent`
 * @content_type: (nullable): the media type of @payload, such as
 *   `application/json`, or %NULL to send none
 * @payload: (nullable): the payload; %NULL for an empty one
 *
 * Builds the message of an event as AWS services expect it: `:message-type`
 * `event`, `:event-type` @event_type and `:content-type` @content_type, in
 * that order.
 *
 * Returns: (transfer full): a new message
 */
GawsEventStreamMessage *
gaws_event_stream_message_new_event (const char *event_type,
                                     const char *content_type,
                                     GBytes     *payload)
{
  GawsEventStreamMessage *self;

  g_return_val_if_fail (event_type != NULL, NULL);

  self = gaws_event_stream_message_new ();
  gaws_event_stream_message_set_string (self, ":message-type", "event");
  gaws_event_stream_message_set_string (self, ":event-type", event_type);
  if (content_type)
    gaws_event_stream_message_set_string (self, ":content-type", content_type);
  gaws_event_stream_message_set_payload (self, payload);
  return self;
}

/**
 * gaws_event_stream_message_get_payload:
 * @self: a #GawsEventStreamMessage
 *
 * Returns: (transfer none): the payload, possibly empty but never %NULL
 */
GBytes *
gaws_event_stream_message_get_payload (GawsEventStreamMessage *self)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_MESSAGE (self), NULL);
  return self->payload;
}

/**
 * gaws_event_stream_message_set_payload:
 * @self: a #GawsEventStreamMessage
 * @payload: (nullable): the payload; %NULL for an empty one
 */
void
gaws_event_stream_message_set_payload (GawsEventStreamMessage *self,
                                       GBytes                 *payload)
{
  g_return_if_fail (GAWS_IS_EVENT_STREAM_MESSAGE (self));

  g_bytes_unref (self->payload);
  self->payload = payload ? g_bytes_ref (payload) : g_bytes_new_static ("", 0);
}

/**
 * gaws_event_stream_message_get_n_headers:
 * @self: a #GawsEventStreamMessage
 *
 * Returns: how many headers @self has
 */
guint
gaws_event_stream_message_get_n_headers (GawsEventStreamMessage *self)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_MESSAGE (self), 0);
  return self->headers->len;
}

/**
 * gaws_event_stream_message_get_header_name:
 * @self: a #GawsEventStreamMessage
 * @index: a header position, below gaws_event_stream_message_get_n_headers()
 *
 * Headers keep the order in which they were decoded or first set, which is
 * the order the encoder writes them in.
 *
 * Returns: the name of the header at @index
 */
const char *
gaws_event_stream_message_get_header_name (GawsEventStreamMessage *self,
                                           guint                   index)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_MESSAGE (self), NULL);
  g_return_val_if_fail (index < self->headers->len, NULL);
  return ((Header *) g_ptr_array_index (self->headers, index))->name;
}

static Header *
lookup (GawsEventStreamMessage *self,
        const char             *name)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_MESSAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return g_hash_table_lookup (self->by_name, name);
}

/**
 * gaws_event_stream_message_has_header:
 * @self: a #GawsEventStreamMessage
 * @name: a header name
 *
 * Returns: %TRUE if @self has a header called @name, of any type
 */
gboolean
gaws_event_stream_message_has_header (GawsEventStreamMessage *self,
                                      const char             *name)
{
  return lookup (self, name) != NULL;
}

/**
 * gaws_event_stream_message_get_header_type:
 * @self: a #GawsEventStreamMessage
 * @name: a header name
 * @out_type: (out) (optional): the type of the header's value
 *
 * Returns: %TRUE if @self has a header called @name
 */
gboolean
gaws_event_stream_message_get_header_type (GawsEventStreamMessage    *self,
                                           const char                *name,
                                           GawsEventStreamHeaderType *out_type)
{
  Header *header = lookup (self, name);

  if (header == NULL)
    return FALSE;
  if (out_type)
    *out_type = header->type;
  return TRUE;
}

/**
 * gaws_event_stream_message_remove_header:
 * @self: a #GawsEventStreamMessage
 * @name: a header name
 *
 * Returns: %TRUE if there was a header called @name
 */
gboolean
gaws_event_stream_message_remove_header (GawsEventStreamMessage *self,
                                         const char             *name)
{
  Header *header = lookup (self, name);

  if (header == NULL)
    return FALSE;
  g_hash_table_remove (self->by_name, name);
  g_ptr_array_remove (self->headers, header);
  return TRUE;
}

/* The checks the wire format needs from a name; value lengths are checked
 * when encoding, where an over-long value from user data is a GError. */
static gboolean
is_valid_name (const char *name)
{
  gsize len = name ? strlen (name) : 0;
  return len > 0 && len <= GAWS_EVENT_STREAM_MAX_HEADER_NAME_LEN && g_utf8_validate (name, len, NULL);
}

/* Returns the header called @name, emptied and given @type, appending it
 * if it is new so that a replaced header keeps its position. */
static Header *
take_slot (GawsEventStreamMessage    *self,
           const char                *name,
           GawsEventStreamHeaderType  type)
{
  Header *header = g_hash_table_lookup (self->by_name, name);

  if (header == NULL)
    {
      header = g_new0 (Header, 1);
      header->name = g_strdup (name);
      g_ptr_array_add (self->headers, header);
      g_hash_table_insert (self->by_name, header->name, header);
    }
  else
    header_clear_value (header);
  header->type = type;
  return header;
}

#define CHECK_SET_ARGS(self, name) \
  G_STMT_START { \
    g_return_if_fail (GAWS_IS_EVENT_STREAM_MESSAGE (self)); \
    g_return_if_fail (is_valid_name (name)); \
  } G_STMT_END

/**
 * gaws_event_stream_message_set_bool:
 * @self: a #GawsEventStreamMessage
 * @name: the header name: 1 to 255 bytes of UTF-8
 * @value: the value
 */
void
gaws_event_stream_message_set_bool (GawsEventStreamMessage *self,
                                    const char             *name,
                                    gboolean                value)
{
  CHECK_SET_ARGS (self, name);
  take_slot (self, name, value ? GAWS_EVENT_STREAM_HEADER_BOOL_TRUE
                               : GAWS_EVENT_STREAM_HEADER_BOOL_FALSE);
}

static void
set_number (GawsEventStreamMessage    *self,
            const char                *name,
            GawsEventStreamHeaderType  type,
            gint64                     value)
{
  CHECK_SET_ARGS (self, name);
  take_slot (self, name, type)->value.number = value;
}

/**
 * gaws_event_stream_message_set_byte:
 * @self: a #GawsEventStreamMessage
 * @name: the header name: 1 to 255 bytes of UTF-8
 * @value: the value
 */
void
gaws_event_stream_message_set_byte (GawsEventStreamMessage *self,
                                    const char             *name,
                                    gint8                   value)
{
  set_number (self, name, GAWS_EVENT_STREAM_HEADER_BYTE, value);
}

/**
 * gaws_event_stream_message_set_short:
 * @self: a #GawsEventStreamMessage
 * @name: the header name: 1 to 255 bytes of UTF-8
 * @value: the value
 */
void
gaws_event_stream_message_set_short (GawsEventStreamMessage *self,
                                     const char             *name,
                                     gint16                  value)
{
  set_number (self, name, GAWS_EVENT_STREAM_HEADER_SHORT, value);
}

/**
 * gaws_event_stream_message_set_int:
 * @self: a #GawsEventStreamMessage
 * @name: the header name: 1 to 255 bytes of UTF-8
 * @value: the value
 */
void
gaws_event_stream_message_set_int (GawsEventStreamMessage *self,
                                   const char             *name,
                                   gint32                  value)
{
  set_number (self, name, GAWS_EVENT_STREAM_HEADER_INT, value);
}

/**
 * gaws_event_stream_message_set_long:
 * @self: a #GawsEventStreamMessage
 * @name: the header name: 1 to 255 bytes of UTF-8
 * @value: the value
 */
void
gaws_event_stream_message_set_long (GawsEventStreamMessage *self,
                                    const char             *name,
                                    gint64                  value)
{
  set_number (self, name, GAWS_EVENT_STREAM_HEADER_LONG, value);
}

/**
 * gaws_event_stream_message_set_timestamp:
 * @self: a #GawsEventStreamMessage
 * @name: the header name: 1 to 255 bytes of UTF-8
 * @epoch_millis: milliseconds since 1970-01-01T00:00:00Z
 *
 * Sets a timestamp header. The wire format counts milliseconds, so a time
 * with finer precision must be truncated by the caller.
 */
void
gaws_event_stream_message_set_timestamp (GawsEventStreamMessage *self,
                                         const char             *name,
                                         gint64                  epoch_millis)
{
  set_number (self, name, GAWS_EVENT_STREAM_HEADER_TIMESTAMP, epoch_millis);
}

/**
 * gaws_event_stream_message_set_byte_array:
 * @self: a #GawsEventStreamMessage
 * @name: the header name: 1 to 255 bytes of UTF-8
 * @value: the value; encoding fails if it is longer than
 *   %GAWS_EVENT_STREAM_MAX_HEADER_VALUE_LEN
 */
void
gaws_event_stream_message_set_byte_array (GawsEventStreamMessage *self,
                                          const char             *name,
                                          GBytes                 *value)
{
  CHECK_SET_ARGS (self, name);
  g_return_if_fail (value != NULL);
  take_slot (self, name, GAWS_EVENT_STREAM_HEADER_BYTE_ARRAY)->value.bytes = g_bytes_ref (value);
}

/**
 * gaws_event_stream_message_set_string:
 * @self: a #GawsEventStreamMessage
 * @name: the header name: 1 to 255 bytes of UTF-8
 * @value: the value, in UTF-8; encoding fails if it is longer than
 *   %GAWS_EVENT_STREAM_MAX_HEADER_VALUE_LEN bytes
 */
void
gaws_event_stream_message_set_string (GawsEventStreamMessage *self,
                                      const char             *name,
                                      const char             *value)
{
  CHECK_SET_ARGS (self, name);
  g_return_if_fail (value != NULL && g_utf8_validate (value, -1, NULL));
  take_slot (self, name, GAWS_EVENT_STREAM_HEADER_STRING)->value.string = g_strdup (value);
}

/**
 * gaws_event_stream_message_set_uuid:
 * @self: a #GawsEventStreamMessage
 * @name: the header name: 1 to 255 bytes of UTF-8
 * @uuid: (array fixed-size=16): the 16 bytes of the UUID
 */
void
gaws_event_stream_message_set_uuid (GawsEventStreamMessage *self,
                                    const char             *name,
                                    const guint8           *uuid)
{
  CHECK_SET_ARGS (self, name);
  g_return_if_fail (uuid != NULL);
  memcpy (take_slot (self, name, GAWS_EVENT_STREAM_HEADER_UUID)->value.uuid, uuid,
          GAWS_EVENT_STREAM_UUID_LEN);
}

/* The header called @name if it has @type, else NULL: a getter of one type
 * must not reinterpret a value of another. */
static Header *
lookup_typed (GawsEventStreamMessage    *self,
              const char                *name,
              GawsEventStreamHeaderType  type)
{
  Header *header = lookup (self, name);
  return header && header->type == type ? header : NULL;
}

/**
 * gaws_event_stream_message_get_bool:
 * @self: a #GawsEventStreamMessage
 * @name: a header name
 * @out_value: (out) (optional): the value
 *
 * Returns: %TRUE if @self has a boolean header called @name
 */
gboolean
gaws_event_stream_message_get_bool (GawsEventStreamMessage *self,
                                    const char             *name,
                                    gboolean               *out_value)
{
  Header *header = lookup (self, name);

  if (header == NULL || (header->type != GAWS_EVENT_STREAM_HEADER_BOOL_TRUE &&
                         header->type != GAWS_EVENT_STREAM_HEADER_BOOL_FALSE))
    return FALSE;
  if (out_value)
    *out_value = header->type == GAWS_EVENT_STREAM_HEADER_BOOL_TRUE;
  return TRUE;
}

static gboolean
get_number (GawsEventStreamMessage    *self,
            const char                *name,
            GawsEventStreamHeaderType  type,
            gint64                    *out_value)
{
  Header *header = lookup_typed (self, name, type);

  if (header == NULL)
    return FALSE;
  *out_value = header->value.number;
  return TRUE;
}

/**
 * gaws_event_stream_message_get_byte:
 * @self: a #GawsEventStreamMessage
 * @name: a header name
 * @out_value: (out) (optional): the value
 *
 * Returns: %TRUE if @self has a byte header called @name
 */
gboolean
gaws_event_stream_message_get_byte (GawsEventStreamMessage *self,
                                    const char             *name,
                                    gint8                  *out_value)
{
  gint64 value;

  if (!get_number (self, name, GAWS_EVENT_STREAM_HEADER_BYTE, &value))
    return FALSE;
  if (out_value)
    *out_value = (gint8) value;
  return TRUE;
}

/**
 * gaws_event_stream_message_get_short:
 * @self: a #GawsEventStreamMessage
 * @name: a header name
 * @out_value: (out) (optional): the value
 *
 * Returns: %TRUE if @self has a short header called @name
 */
gboolean
gaws_event_stream_message_get_short (GawsEventStreamMessage *self,
                                     const char             *name,
                                     gint16                 *out_value)
{
  gint64 value;

  if (!get_number (self, name, GAWS_EVENT_STREAM_HEADER_SHORT, &value))
    return FALSE;
  if (out_value)
    *out_value = (gint16) value;
  return TRUE;
}

/**
 * gaws_event_stream_message_get_int:
 * @self: a #GawsEventStreamMessage
 * @name: a header name
 * @out_value: (out) (optional): the value
 *
 * Returns: %TRUE if @self has an int header called @name
 */
gboolean
gaws_event_stream_message_get_int (GawsEventStreamMessage *self,
                                   const char             *name,
                                   gint32                 *out_value)
{
  gint64 value;

  if (!get_number (self, name, GAWS_EVENT_STREAM_HEADER_INT, &value))
    return FALSE;
  if (out_value)
    *out_value = (gint32) value;
  return TRUE;
}

/**
 * gaws_event_stream_message_get_long:
 * @self: a #GawsEventStreamMessage
 * @name: a header name
 * @out_value: (out) (optional): the value
 *
 * Returns: %TRUE if @self has a long header called @name
 */
gboolean
gaws_event_stream_message_get_long (GawsEventStreamMessage *self,
                                    const char             *name,
                                    gint64                 *out_value)
{
  gint64 value;

  if (!get_number (self, name, GAWS_EVENT_STREAM_HEADER_LONG, &value))
    return FALSE;
  if (out_value)
    *out_value = value;
  return TRUE;
}

/**
 * gaws_event_stream_message_get_timestamp:
 * @self: a #GawsEventStreamMessage
 * @name: a header name
 * @out_epoch_millis: (out) (optional): the value, in milliseconds since
 *   1970-01-01T00:00:00Z
 *
 * Returns: %TRUE if @self has a timestamp header called @name
 */
gboolean
gaws_event_stream_message_get_timestamp (GawsEventStreamMessage *self,
                                         const char             *name,
                                         gint64                 *out_epoch_millis)
{
  gint64 value;

  if (!get_number (self, name, GAWS_EVENT_STREAM_HEADER_TIMESTAMP, &value))
    return FALSE;
  if (out_epoch_millis)
    *out_epoch_millis = value;
  return TRUE;
}

/**
 * gaws_event_stream_message_get_byte_array:
 * @self: a #GawsEventStreamMessage
 * @name: a header name
 *
 * Returns: (transfer none) (nullable): the value of the byte array header
 *   called @name, or %NULL if there is none
 */
GBytes *
gaws_event_stream_message_get_byte_array (GawsEventStreamMessage *self,
                                          const char             *name)
{
  Header *header = lookup_typed (self, name, GAWS_EVENT_STREAM_HEADER_BYTE_ARRAY);
  return header ? header->value.bytes : NULL;
}

/**
 * gaws_event_stream_message_get_string:
 * @self: a #GawsEventStreamMessage
 * @name: a header name
 *
 * Returns: (nullable): the value of the string header called @name, or
 *   %NULL if there is none
 */
const char *
gaws_event_stream_message_get_string (GawsEventStreamMessage *self,
                                      const char             *name)
{
  Header *header = lookup_typed (self, name, GAWS_EVENT_STREAM_HEADER_STRING);
  return header ? header->value.string : NULL;
}

/**
 * gaws_event_stream_message_get_uuid:
 * @self: a #GawsEventStreamMessage
 * @name: a header name
 *
 * Returns: (nullable) (array fixed-size=16): the 16 bytes of the UUID header
 *   called @name, or %NULL if there is none
 */
const guint8 *
gaws_event_stream_message_get_uuid (GawsEventStreamMessage *self,
                                    const char             *name)
{
  Header *header = lookup_typed (self, name, GAWS_EVENT_STREAM_HEADER_UUID);
  return header ? header->value.uuid : NULL;
}

/**
 * gaws_event_stream_message_get_message_type:
 * @self: a #GawsEventStreamMessage
 *
 * Returns: (nullable): the `:message-type` header: `event`, `exception` or
 *   `error`
 */
const char *
gaws_event_stream_message_get_message_type (GawsEventStreamMessage *self)
{
  return gaws_event_stream_message_get_string (self, ":message-type");
}

/**
 * gaws_event_stream_message_get_event_type:
 * @self: a #GawsEventStreamMessage
 *
 * Returns: (nullable): the `:event-type` header, the name of the event
 */
const char *
gaws_event_stream_message_get_event_type (GawsEventStreamMessage *self)
{
  return gaws_event_stream_message_get_string (self, ":event-type");
}

/**
 * gaws_event_stream_message_get_exception_type:
 * @self: a #GawsEventStreamMessage
 *
 * Returns: (nullable): the `:exception-type` header of an `exception`
 *   message, the name of the modelled error
 */
const char *
gaws_event_stream_message_get_exception_type (GawsEventStreamMessage *self)
{
  return gaws_event_stream_message_get_string (self, ":exception-type");
}

/**
 * gaws_event_stream_message_get_content_type:
 * @self: a #GawsEventStreamMessage
 *
 * Returns: (nullable): the `:content-type` header, the media type of the
 *   payload
 */
const char *
gaws_event_stream_message_get_content_type (GawsEventStreamMessage *self)
{
  return gaws_event_stream_message_get_string (self, ":content-type");
}

/**
 * gaws_event_stream_message_get_error_code:
 * @self: a #GawsEventStreamMessage
 *
 * Returns: (nullable): the `:error-code` header of an `error` message
 */
const char *
gaws_event_stream_message_get_error_code (GawsEventStreamMessage *self)
{
  return gaws_event_stream_message_get_string (self, ":error-code");
}

/**
 * gaws_event_stream_message_get_error_message:
 * @self: a #GawsEventStreamMessage
 *
 * Returns: (nullable): the `:error-message` header of an `error` message
 */
const char *
gaws_event_stream_message_get_error_message (GawsEventStreamMessage *self)
{
  return gaws_event_stream_message_get_string (self, ":error-message");
}

/**
 * gaws_event_stream_message_is_error:
 * @self: a #GawsEventStreamMessage
 *
 * Returns: %TRUE if @self is an `exception` or `error` message, one that
 *   gaws_event_stream_message_to_error() turns into a #GError
 */
gboolean
gaws_event_stream_message_is_error (GawsEventStreamMessage *self)
{
  const char *type = gaws_event_stream_message_get_message_type (self);
  return type != NULL && (g_str_equal (type, "exception") || g_str_equal (type, "error"));
}

/* An exception's payload is the modelled error shape in the protocol's
 * own format, the same as an error response body, so the parser of error
 * bodies finds its message; the header names the code, as x-amzn-ErrorType
 * does for a response. */
static GError *
exception_to_error (GawsEventStreamMessage *self,
                    const char             *exception_type)
{
  g_autoptr(GawsHttpHeaders) headers = gaws_http_headers_new ();
  gsize len = 0;
  const char *body = g_bytes_get_data (self->payload, &len);

  gaws_http_headers_append (headers, "x-amzn-ErrorType", exception_type);
  return gaws_service_error_parse (0, headers, len > 0 ? body : NULL, len);
}

/**
 * gaws_event_stream_message_to_error:
 * @self: a #GawsEventStreamMessage
 *
 * Turns an error message into a %GAWS_ERROR_SERVICE error: an `exception`
 * message (a modelled error, such as `ThrottlingException`) gets its code
 * from `:exception-type` and its message from the payload; an `error`
 * message (an unmodelled one) gets both from `:error-code` and
 * `:error-message`. gaws_error_get_code() then gives the code, and
 * gaws_error_get_http_status() gives 0: the stream's response said 200.
 *
 * Returns: (transfer full) (nullable): the error @self reports, or %NULL if
 *   @self is not an error message
 */
GError *
gaws_event_stream_message_to_error (GawsEventStreamMessage *self)
{
  const char *type;
  const char *code;

  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_MESSAGE (self), NULL);

  type = gaws_event_stream_message_get_message_type (self);
  if (type != NULL && g_str_equal (type, "exception"))
    {
      code = gaws_event_stream_message_get_exception_type (self);
      return exception_to_error (self, code && *code ? code : "UnknownException");
    }
  if (type != NULL && g_str_equal (type, "error"))
    {
      code = gaws_event_stream_message_get_error_code (self);
      return gaws_error_new_service (code && *code ? code : "UnknownError",
                                     gaws_event_stream_message_get_error_message (self), 0, NULL);
    }
  return NULL;
}
