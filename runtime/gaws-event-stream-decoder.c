/* gaws-event-stream-decoder.c: incremental decoding of AWS event stream frames
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-event-stream-decoder.h"
#include "gaws-error.h"

#include <string.h>
#include <zlib.h>

/**
 * GawsEventStreamDecoder:
 *
 * Decodes the frames of an `application/vnd.amazon.eventstream` body into
 * messages (#GawsEventStreamMessage), from chunks of any size that need not
 * line up with frames.
 *
 * A frame is a prelude (total length, headers length, CRC32 of those eight
 * bytes, all big-endian), the headers, the payload and a CRC32 of all that
 * comes before it. The decoder checks both CRCs, the lengths against each
 * other and against #GawsEventStreamDecoder:max-frame-size, and every header
 * (name length, value type, value length, UTF-8 of names and strings, no
 * name twice). The first fault is a %GAWS_ERROR_PROTOCOL error that says
 * what was wrong and at which byte of the stream; a stream that went wrong
 * once cannot be trusted to be back in step, so every later call fails
 * with the same error. Messages completed before the fault can still be
 * popped.
 *
 * The prelude is checked as soon as its twelve bytes are in, so that a
 * corrupt or hostile length is refused before anything is buffered for it.
 */

#define CRC_LEN 4

struct _GawsEventStreamDecoder {
  GObject     parent_instance;
  GByteArray *pending;         /* bytes of the frame not yet complete */
  guint64     pending_offset;  /* stream offset of pending->data[0] */
  gboolean    prelude_checked; /* for the frame that pending starts */
  GQueue      messages;        /* GawsEventStreamMessage *, oldest first */
  GError     *error;
  guint       max_frame_size;
};

G_DEFINE_FINAL_TYPE (GawsEventStreamDecoder, gaws_event_stream_decoder, G_TYPE_OBJECT)

enum { PROP_0, PROP_MAX_FRAME_SIZE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
gaws_event_stream_decoder_finalize (GObject *object)
{
  GawsEventStreamDecoder *self = GAWS_EVENT_STREAM_DECODER (object);

  g_byte_array_unref (self->pending);
  g_queue_clear_full (&self->messages, g_object_unref);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (gaws_event_stream_decoder_parent_class)->finalize (object);
}

static void
gaws_event_stream_decoder_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  GawsEventStreamDecoder *self = GAWS_EVENT_STREAM_DECODER (object);

  switch (prop_id)
    {
    case PROP_MAX_FRAME_SIZE:
      g_value_set_uint (value, self->max_frame_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_event_stream_decoder_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  GawsEventStreamDecoder *self = GAWS_EVENT_STREAM_DECODER (object);

  switch (prop_id)
    {
    case PROP_MAX_FRAME_SIZE:
      gaws_event_stream_decoder_set_max_frame_size (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_event_stream_decoder_class_init (GawsEventStreamDecoderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gaws_event_stream_decoder_finalize;
  object_class->get_property = gaws_event_stream_decoder_get_property;
  object_class->set_property = gaws_event_stream_decoder_set_property;

  /**
   * GawsEventStreamDecoder:max-frame-size:
   *
   * The longest frame, in bytes, that the decoder accepts; a longer one is
   * an error as soon as its prelude is read. It bounds the memory one frame
   * can take.
   */
  properties[PROP_MAX_FRAME_SIZE] =
    g_param_spec_uint ("max-frame-size", NULL, NULL,
                       GAWS_EVENT_STREAM_MIN_FRAME_SIZE, G_MAXUINT32,
                       GAWS_EVENT_STREAM_DEFAULT_MAX_FRAME_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gaws_event_stream_decoder_init (GawsEventStreamDecoder *self)
{
  self->pending = g_byte_array_new ();
  g_queue_init (&self->messages);
  self->max_frame_size = GAWS_EVENT_STREAM_DEFAULT_MAX_FRAME_SIZE;
}

/**
 * gaws_event_stream_decoder_new:
 *
 * Returns: (transfer full): a new decoder, waiting for the first byte of a
 *   stream
 */
GawsEventStreamDecoder *
gaws_event_stream_decoder_new (void)
{
  return g_object_new (GAWS_TYPE_EVENT_STREAM_DECODER, NULL);
}

/**
 * gaws_event_stream_decoder_get_max_frame_size:
 * @self: a #GawsEventStreamDecoder
 *
 * Returns: the value of #GawsEventStreamDecoder:max-frame-size
 */
guint
gaws_event_stream_decoder_get_max_frame_size (GawsEventStreamDecoder *self)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_DECODER (self), 0);
  return self->max_frame_size;
}

/**
 * gaws_event_stream_decoder_set_max_frame_size:
 * @self: a #GawsEventStreamDecoder
 * @max_frame_size: the longest frame to accept, in bytes, at least
 *   %GAWS_EVENT_STREAM_MIN_FRAME_SIZE
 *
 * Sets #GawsEventStreamDecoder:max-frame-size. The new bound applies to
 * frames whose prelude has not been read yet.
 */
void
gaws_event_stream_decoder_set_max_frame_size (GawsEventStreamDecoder *self,
                                              guint                   max_frame_size)
{
  g_return_if_fail (GAWS_IS_EVENT_STREAM_DECODER (self));
  g_return_if_fail (max_frame_size >= GAWS_EVENT_STREAM_MIN_FRAME_SIZE);

  if (self->max_frame_size == max_frame_size)
    return;
  self->max_frame_size = max_frame_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_FRAME_SIZE]);
}

/* ---- reading the wire ------------------------------------------------- */

static guint32
read_u32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint64
read_u64 (const guint8 *p)
{
  return ((guint64) read_u32 (p) << 32) | read_u32 (p + 4);
}

static guint32
crc32_of (const guint8 *data,
          gsize         len)
{
  return (guint32) crc32 (crc32 (0L, Z_NULL, 0), data, (uInt) len);
}

G_GNUC_PRINTF (4, 5)
static void
set_fault (GError     **error,
           guint64      fault_offset,
           guint64      frame_offset,
           const char  *format,
           ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL,
               "Malformed event stream at byte %" G_GUINT64_FORMAT
               " (in the frame that starts at byte %" G_GUINT64_FORMAT "): %s",
               fault_offset, frame_offset, what);
}

/* Checks what the prelude alone can tell: its CRC first, since lengths
 * under a bad CRC are noise, then the lengths against each other and the
 * bounds. */
static gboolean
check_prelude (GawsEventStreamDecoder  *self,
               const guint8            *frame,
               guint64                  offset,
               GError                 **error)
{
  guint32 total = read_u32 (frame);
  guint32 headers_len = read_u32 (frame + 4);
  guint32 expected = read_u32 (frame + 8);
  guint32 computed = crc32_of (frame, 8);

  if (computed != expected)
    set_fault (error, offset + 8, offset,
               "prelude CRC mismatch: the frame says 0x%08x, its first 8 bytes give 0x%08x",
               expected, computed);
  else if (total < GAWS_EVENT_STREAM_MIN_FRAME_SIZE)
    set_fault (error, offset, offset, "total length %u is below the minimum of %u bytes",
               total, GAWS_EVENT_STREAM_MIN_FRAME_SIZE);
  else if (total > self->max_frame_size)
    set_fault (error, offset, offset, "total length %u exceeds the maximum frame size of %u bytes",
               total, self->max_frame_size);
  else if (headers_len > total - GAWS_EVENT_STREAM_MIN_FRAME_SIZE)
    set_fault (error, offset + 4, offset,
               "headers length %u does not fit in a frame of total length %u",
               headers_len, total);
  else if (headers_len > GAWS_EVENT_STREAM_MAX_HEADERS_LEN)
    set_fault (error, offset + 4, offset, "headers length %u exceeds the maximum of %u bytes",
               headers_len, GAWS_EVENT_STREAM_MAX_HEADERS_LEN);
  else
    return TRUE;
  return FALSE;
}

/* Where the header being read is, for reading and for error messages. */
typedef struct {
  const guint8 *frame;
  gsize         pos;     /* within frame */
  gsize         end;     /* end of the headers section within frame */
  guint64       offset;  /* stream offset of frame */
} Cursor;

static const char *
type_name (GawsEventStreamHeaderType type)
{
  static const char *const names[] = {
    "bool true", "bool false", "byte", "short", "int", "long",
    "byte array", "string", "timestamp", "uuid",
  };
  return names[type];
}

/* The length of the value that follows the type byte, or -1 for a type
 * the format does not define. Byte arrays and strings count their 2-byte
 * length prefix here; the bytes they announce are checked after it. */
static gssize
fixed_value_len (guint8 type)
{
  static const gint8 lens[] = { 0, 0, 1, 2, 4, 8, 2, 2, 8, GAWS_EVENT_STREAM_UUID_LEN };
  return type < G_N_ELEMENTS (lens) ? lens[type] : -1;
}

static void
store_value (GawsEventStreamMessage    *message,
             const char                *name,
             GawsEventStreamHeaderType  type,
             const guint8              *value,
             gsize                      len)
{
  switch (type)
    {
    case GAWS_EVENT_STREAM_HEADER_BOOL_TRUE:
    case GAWS_EVENT_STREAM_HEADER_BOOL_FALSE:
      gaws_event_stream_message_set_bool (message, name, type == GAWS_EVENT_STREAM_HEADER_BOOL_TRUE);
      break;
    case GAWS_EVENT_STREAM_HEADER_BYTE:
      gaws_event_stream_message_set_byte (message, name, (gint8) value[0]);
      break;
    case GAWS_EVENT_STREAM_HEADER_SHORT:
      gaws_event_stream_message_set_short (message, name, (gint16) (((guint16) value[0] << 8) | value[1]));
      break;
    case GAWS_EVENT_STREAM_HEADER_INT:
      gaws_event_stream_message_set_int (message, name, (gint32) read_u32 (value));
      break;
    case GAWS_EVENT_STREAM_HEADER_LONG:
      gaws_event_stream_message_set_long (message, name, (gint64) read_u64 (value));
      break;
    case GAWS_EVENT_STREAM_HEADER_BYTE_ARRAY:
      {
        g_autoptr(GBytes) bytes = g_bytes_new (value, len);
        gaws_event_stream_message_set_byte_array (message, name, bytes);
      }
      break;
    case GAWS_EVENT_STREAM_HEADER_STRING:
      {
        g_autofree char *text = g_strndup ((const char *) value, len);
        gaws_event_stream_message_set_string (message, name, text);
      }
      break;
    case GAWS_EVENT_STREAM_HEADER_TIMESTAMP:
      gaws_event_stream_message_set_timestamp (message, name, (gint64) read_u64 (value));
      break;
    case GAWS_EVENT_STREAM_HEADER_UUID:
      gaws_event_stream_message_set_uuid (message, name, value);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Reads the name of the header at the cursor into @name (NUL-terminated)
 * and leaves the cursor on its type byte. */
static gboolean
read_header_name (Cursor   *cur,
                  char      name[GAWS_EVENT_STREAM_MAX_HEADER_NAME_LEN + 1],
                  GError  **error)
{
  guint64 at = cur->offset + cur->pos;
  guint8 name_len = cur->frame[cur->pos];

  if (name_len == 0)
    {
      set_fault (error, at, cur->offset, "header with an empty name");
      return FALSE;
    }
  /* The name and at least the type byte must fit. */
  if (cur->end - cur->pos < (gsize) name_len + 2)
    {
      set_fault (error, at, cur->offset,
                 "header name of %u bytes runs past the end of the headers (%" G_GSIZE_FORMAT " bytes left)",
                 name_len, cur->end - cur->pos - 1);
      return FALSE;
    }
  memcpy (name, cur->frame + cur->pos + 1, name_len);
  name[name_len] = '\0';
  /* A NUL inside the name fails here too: UTF-8 validation stops there. */
  if (!g_utf8_validate_len (name, name_len, NULL) || strlen (name) != name_len)
    {
      set_fault (error, at + 1, cur->offset, "header name is not valid UTF-8");
      return FALSE;
    }
  cur->pos += 1 + (gsize) name_len;
  return TRUE;
}

/* Reads the type and value of header @name at the cursor and leaves the
 * cursor after it. Returns the value's bytes through @value and @len. */
static gboolean
read_header_value (Cursor                     *cur,
                   const char                 *name,
                   GawsEventStreamHeaderType  *type,
                   const guint8              **value,
                   gsize                      *len,
                   GError                    **error)
{
  guint64 at = cur->offset + cur->pos;
  guint8 raw_type = cur->frame[cur->pos];
  gssize fixed = fixed_value_len (raw_type);
  gsize left = cur->end - cur->pos - 1;

  if (fixed < 0)
    {
      set_fault (error, at, cur->offset, "header '%s' has unknown value type %u", name, raw_type);
      return FALSE;
    }
  *type = (GawsEventStreamHeaderType) raw_type;
  if ((gsize) fixed > left)
    {
      set_fault (error, at, cur->offset,
                 "%s value of header '%s' runs past the end of the headers (%" G_GSIZE_FORMAT
                 " bytes left, %" G_GSSIZE_FORMAT " needed)",
                 type_name (*type), name, left, fixed);
      return FALSE;
    }
  *value = cur->frame + cur->pos + 1;
  *len = (gsize) fixed;
  if (*type == GAWS_EVENT_STREAM_HEADER_BYTE_ARRAY || *type == GAWS_EVENT_STREAM_HEADER_STRING)
    {
      *len = ((gsize) (*value)[0] << 8) | (*value)[1];
      if (*len > left - 2)
        {
          set_fault (error, at + 1, cur->offset,
                     "%s value of header '%s' announces %" G_GSIZE_FORMAT
                     " bytes but only %" G_GSIZE_FORMAT " are left in the headers",
                     type_name (*type), name, *len, left - 2);
          return FALSE;
        }
      *value += 2;
      cur->pos += 2;
    }
  cur->pos += 1 + *len;
  return TRUE;
}

static gboolean
read_header (Cursor                  *cur,
             GawsEventStreamMessage  *message,
             GError                 **error)
{
  char name[GAWS_EVENT_STREAM_MAX_HEADER_NAME_LEN + 1];
  guint64 at = cur->offset + cur->pos;
  GawsEventStreamHeaderType type;
  const guint8 *value;
  gsize len;

  if (!read_header_name (cur, name, error))
    return FALSE;
  if (!read_header_value (cur, name, &type, &value, &len, error))
    return FALSE;
  if (type == GAWS_EVENT_STREAM_HEADER_STRING &&
      (!g_utf8_validate_len ((const char *) value, len, NULL) || memchr (value, '\0', len) != NULL))
    {
      set_fault (error, at, cur->offset, "string value of header '%s' is not valid UTF-8", name);
      return FALSE;
    }
  /* Two values for one name would leave it to chance which one a reader
   * of the message sees. */
  if (gaws_event_stream_message_has_header (message, name))
    {
      set_fault (error, at, cur->offset, "header '%s' appears twice", name);
      return FALSE;
    }
  store_value (message, name, type, value, len);
  return TRUE;
}

/* Decodes one whole frame whose prelude check_prelude() accepted. */
static GawsEventStreamMessage *
decode_frame (const guint8  *frame,
              guint64        offset,
              GError       **error)
{
  g_autoptr(GawsEventStreamMessage) message = NULL;
  g_autoptr(GBytes) payload = NULL;
  guint32 total = read_u32 (frame);
  guint32 headers_len = read_u32 (frame + 4);
  guint32 expected = read_u32 (frame + total - CRC_LEN);
  guint32 computed = crc32_of (frame, total - CRC_LEN);
  Cursor cur = { frame, GAWS_EVENT_STREAM_PRELUDE_LEN,
                 GAWS_EVENT_STREAM_PRELUDE_LEN + (gsize) headers_len, offset };

  if (computed != expected)
    {
      set_fault (error, offset + total - CRC_LEN, offset,
                 "message CRC mismatch: the frame says 0x%08x, its first %u bytes give 0x%08x",
                 expected, total - CRC_LEN, computed);
      return NULL;
    }

  message = gaws_event_stream_message_new ();
  while (cur.pos < cur.end)
    if (!read_header (&cur, message, error))
      return NULL;

  payload = g_bytes_new (frame + cur.end, total - CRC_LEN - cur.end);
  gaws_event_stream_message_set_payload (message, payload);
  return g_steal_pointer (&message);
}

/* Decodes the complete frames at the start of @data, which starts on a
 * frame boundary at stream offset @offset. Sets @used to the bytes those
 * frames took, also when a later frame is at fault. */
static gboolean
decode_frames (GawsEventStreamDecoder  *self,
               const guint8            *data,
               gsize                    len,
               guint64                  offset,
               gsize                   *used,
               GError                 **error)
{
  *used = 0;
  while (len - *used >= GAWS_EVENT_STREAM_PRELUDE_LEN)
    {
      const guint8 *frame = data + *used;
      GawsEventStreamMessage *message;

      if (!self->prelude_checked && !check_prelude (self, frame, offset + *used, error))
        return FALSE;
      self->prelude_checked = TRUE;
      if (len - *used < read_u32 (frame))
        break;

      message = decode_frame (frame, offset + *used, error);
      if (message == NULL)
        return FALSE;
      g_queue_push_tail (&self->messages, message);
      *used += read_u32 (frame);
      self->prelude_checked = FALSE;
    }
  return TRUE;
}

static gboolean
fail (GawsEventStreamDecoder  *self,
      GError                  *fault,
      GError                 **error)
{
  self->error = fault;
  g_byte_array_set_size (self->pending, 0);
  g_propagate_error (error, g_error_copy (fault));
  return FALSE;
}

static gboolean
check_not_failed (GawsEventStreamDecoder  *self,
                  GError                 **error)
{
  if (self->error == NULL)
    return TRUE;
  g_propagate_error (error, g_error_copy (self->error));
  return FALSE;
}

/* GByteArray counts in guint: a caller's buffer may be longer. */
#define MAX_SLICE (G_MAXUINT32 / 2)

static gboolean
feed_slice (GawsEventStreamDecoder  *self,
            const guint8            *data,
            gsize                    len,
            GError                 **error)
{
  GError *fault = NULL;
  gsize used;
  gboolean ok;

  /* With nothing pending, whole frames are decoded straight from @data
   * and only the tail, less than one frame, is copied. */
  if (self->pending->len == 0)
    {
      ok = decode_frames (self, data, len, self->pending_offset, &used, &fault);
      if (ok)
        g_byte_array_append (self->pending, data + used, (guint) (len - used));
    }
  else
    {
      g_byte_array_append (self->pending, data, (guint) len);
      ok = decode_frames (self, self->pending->data, self->pending->len, self->pending_offset,
                          &used, &fault);
      g_byte_array_remove_range (self->pending, 0, (guint) used);
    }
  self->pending_offset += used;
  return ok ? TRUE : fail (self, fault, error);
}

/**
 * gaws_event_stream_decoder_feed:
 * @self: a #GawsEventStreamDecoder
 * @data: (array length=len) (nullable): the next bytes of the stream
 * @len: how many bytes @data holds
 * @error: return location for a #GError
 *
 * Decodes @data, the bytes that follow those fed before, and queues each
 * message it completes for gaws_event_stream_decoder_pop(). Bytes of a frame
 * that is not complete yet are kept for the next call.
 *
 * Returns: %TRUE, or %FALSE with @error set (%GAWS_ERROR_PROTOCOL) if the
 *   stream is malformed here or was before
 */
gboolean
gaws_event_stream_decoder_feed (GawsEventStreamDecoder  *self,
                                const guint8            *data,
                                gsize                    len,
                                GError                 **error)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_DECODER (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_not_failed (self, error))
    return FALSE;
  while (len > 0)
    {
      gsize slice = MIN (len, MAX_SLICE);

      if (!feed_slice (self, data, slice, error))
        return FALSE;
      data += slice;
      len -= slice;
    }
  return TRUE;
}

/**
 * gaws_event_stream_decoder_end:
 * @self: a #GawsEventStreamDecoder
 * @error: return location for a #GError
 *
 * Tells @self that the stream has ended. A stream may only end between
 * frames: one that stops inside a frame was cut short.
 *
 * Returns: %TRUE if the stream ended cleanly, or %FALSE with @error set
 *   (%GAWS_ERROR_PROTOCOL) if it was truncated or malformed
 */
gboolean
gaws_event_stream_decoder_end (GawsEventStreamDecoder  *self,
                               GError                 **error)
{
  GError *fault = NULL;
  guint64 at;

  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_DECODER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_not_failed (self, error))
    return FALSE;
  if (self->pending->len == 0)
    return TRUE;

  at = self->pending_offset + self->pending->len;
  if (self->pending->len < GAWS_EVENT_STREAM_PRELUDE_LEN)
    set_fault (&fault, at, self->pending_offset,
               "the stream ends inside a frame's prelude, after %u of its %u bytes",
               self->pending->len, GAWS_EVENT_STREAM_PRELUDE_LEN);
  else
    set_fault (&fault, at, self->pending_offset,
               "the stream ends inside a frame, after %u of its %u bytes",
               self->pending->len, read_u32 (self->pending->data));
  return fail (self, fault, error);
}

/**
 * gaws_event_stream_decoder_pop:
 * @self: a #GawsEventStreamDecoder
 *
 * Takes the oldest decoded message.
 *
 * Returns: (transfer full) (nullable): the next message, or %NULL if no
 *   complete message is waiting
 */
GawsEventStreamMessage *
gaws_event_stream_decoder_pop (GawsEventStreamDecoder *self)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_DECODER (self), NULL);
  return g_queue_pop_head (&self->messages);
}

/**
 * gaws_event_stream_decoder_get_n_messages:
 * @self: a #GawsEventStreamDecoder
 *
 * Returns: how many decoded messages wait to be popped
 */
guint
gaws_event_stream_decoder_get_n_messages (GawsEventStreamDecoder *self)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_DECODER (self), 0);
  return self->messages.length;
}

/**
 * gaws_event_stream_decoder_get_offset:
 * @self: a #GawsEventStreamDecoder
 *
 * Returns: the stream offset just after the last complete frame: how many
 *   bytes of the stream have been decoded into messages
 */
guint64
gaws_event_stream_decoder_get_offset (GawsEventStreamDecoder *self)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_DECODER (self), 0);
  return self->pending_offset;
}

/**
 * gaws_event_stream_decoder_has_partial_frame:
 * @self: a #GawsEventStreamDecoder
 *
 * Returns: %TRUE if bytes of a frame that is not complete yet are waiting
 *   for the rest of it
 */
gboolean
gaws_event_stream_decoder_has_partial_frame (GawsEventStreamDecoder *self)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_DECODER (self), FALSE);
  return self->pending->len > 0;
}

/**
 * gaws_event_stream_decoder_get_error:
 * @self: a #GawsEventStreamDecoder
 *
 * Returns: (transfer none) (nullable): the fault that stopped @self, or
 *   %NULL while the stream is well-formed
 */
const GError *
gaws_event_stream_decoder_get_error (GawsEventStreamDecoder *self)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_DECODER (self), NULL);
  return self->error;
}
