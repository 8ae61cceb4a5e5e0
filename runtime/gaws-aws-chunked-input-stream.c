/* gaws-aws-chunked-input-stream.c: a body framed as S3's aws-chunked, with a checksum trailer
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-aws-chunked-input-stream.h"
#include "gaws-aws-chunked-input-stream-private.h"
#include "gaws-checksum-private.h"
#include "gaws-error.h"
#include "gaws-filter-stream-private.h"
#include "gaws-scratch-private.h"

#include <string.h>

/**
 * GawsAwsChunkedInputStream:
 *
 * A body encoded as S3's `aws-chunked` content encoding with a trailing
 * checksum, for uploads signed with the payload hash
 * %GAWS_AWS_CHUNKED_PAYLOAD_UNSIGNED_TRAILER. The checksum of a body of any
 * size is computed while it is sent, and goes after it:
 *
 * |[
 * 10000\r\n<65536 bytes>\r\n
 * 2a\r\n<42 bytes>\r\n
 * 0\r\n
 * x-amz-checksum-crc32:AAAAAA==\r\n
 * \r\n
 * ]|
 *
 * Every chunk but the last has the same size, so the length of the encoded
 * body is known before it is read when the length of the body is
 * (gaws_aws_chunked_input_stream_get_encoded_length()), and the request can
 * announce both, as S3 wants: `Content-Length` and
 * `x-amz-decoded-content-length`. gaws_aws_chunked_input_stream_attach()
 * sets those headers and the body of a request.
 *
 * As #GawsChecksumInputStream, it reads its base stream asynchronously when
 * read asynchronously, and can be rewound to its start when its base stream
 * can seek. It is a #GPollableInputStream that can poll when its base
 * stream can: a non-blocking read frames a chunk once the base stream has
 * given all of it, and fails with %G_IO_ERROR_WOULD_BLOCK until then.
 */

/* The hex length of a chunk and its CRLF go just before its data, which is
 * read straight into place: "ffffffffffffffff\r\n" is 18 bytes. */
#define HEADER_ROOM   20
/* "0\r\n" + the longest header name + ":" + SHA-512's base64 + "\r\n\r\n" */
#define TRAILER_ROOM  160
/* Frames of small bodies (up to about 4 KiB, most PutObject calls of
 * small objects) are of this one size, kept per thread when the stream is
 * freed (gaws_spare_block_give()) rather than returned to malloc, which
 * does not keep blocks over 1 KiB in its per-thread cache and merges them
 * with their neighbours at every free. */
#define SPARE_FRAME_SIZE 4096

static GPrivate spare_frames = GAWS_SPARE_BLOCK_INIT;

struct _GawsAwsChunkedInputStream {
  GFilterInputStream     parent_instance;

  gint64                 decoded_length;  /* -1 when unknown */
  gsize                  chunk_size;
  GawsChecksumAlgorithm  algorithm;
  GawsRunningChecksum    sum;

  guint8                *frame;           /* the chunk being sent, framed */
  gsize                  filled;          /* bytes of the next chunk read so far */
  gsize                  out_start;       /* what is left of it to hand out */
  gsize                  out_end;
  guint64                decoded_read;    /* bytes read from the base stream */
  guint64                position;        /* encoded bytes handed out */
  goffset                base_start;
  gboolean               complete;        /* the trailer is framed */
  gboolean               frame_spare;     /* @frame is SPARE_FRAME_SIZE, kept in spare_frames */
};

enum {
  PROP_0,
  PROP_DECODED_LENGTH,
  PROP_CHUNK_SIZE,
  PROP_ALGORITHM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void gaws_aws_chunked_input_stream_seekable_init (GSeekableIface *iface);
static void gaws_aws_chunked_input_stream_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GawsAwsChunkedInputStream, gaws_aws_chunked_input_stream,
                               G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_SEEKABLE, gaws_aws_chunked_input_stream_seekable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      gaws_aws_chunked_input_stream_pollable_init))

static GInputStream *
base_of (GawsAwsChunkedInputStream *self)
{
  /* GFilterInputStream's field, which its getter returns after checking
   * the type of what is known to be a filter stream: every read asks */
  return ((GFilterInputStream *) self)->base_stream;
}

static gsize
hex_digits (guint64 n)
{
  gsize digits = 1;

  while (n >>= 4)
    digits++;
  return digits;
}

/* ---- framing ------------------------------------------------------------ */

/* How much to read from the base stream for the next chunk; 0 when a known
 * length has been read in full. */
static gsize
next_chunk_length (GawsAwsChunkedInputStream *self)
{
  if (self->decoded_length < 0)
    return self->chunk_size;
  return (gsize) MIN ((guint64) self->chunk_size, (guint64) self->decoded_length - self->decoded_read);
}

/* The longest chunk this stream will frame. */
static gsize
frame_chunk_room (GawsAwsChunkedInputStream *self)
{
  if (self->decoded_length < 0)
    return self->chunk_size;
  return (gsize) MIN ((guint64) self->chunk_size, (guint64) self->decoded_length);
}

static guint8 *
chunk_data (GawsAwsChunkedInputStream *self)
{
  return self->frame + HEADER_ROOM;
}

/* Writes "<hex length>\r\n" just before @data: by hand, as this is done
 * for every chunk and printf is slow. */
static gsize
put_chunk_header (guint8 *data,
                  gsize   length)
{
  static const char hex[] = "0123456789abcdef";
  gsize digits = hex_digits (length);
  guint8 *p = data - 2;

  p[0] = '\r';
  p[1] = '\n';
  for (gsize i = 0; i < digits; i++, length >>= 4)
    *--p = (guint8) hex[length & 0xf];
  return digits + 2;
}

static void
frame_chunk (GawsAwsChunkedInputStream *self,
             gsize                      length)
{
  gsize header_length = put_chunk_header (chunk_data (self), length);

  gaws_checksum_state_update (self->sum.state, chunk_data (self), length);
  self->decoded_read += length;
  memcpy (chunk_data (self) + length, "\r\n", 2);
  self->out_start = HEADER_ROOM - header_length;
  self->out_end = HEADER_ROOM + length + 2;
}

static guint8 *
put_string (guint8     *to,
            const char *string)
{
  gsize length = strlen (string);

  memcpy (to, string, length);
  return to + length;
}

static gboolean
frame_trailer (GawsAwsChunkedInputStream  *self,
               GError                    **error)
{
  char value[GAWS_CHECKSUM_BASE64_ROOM];
  guint8 *end = self->frame;

  /* A short body would otherwise go out as a complete one, with a
   * checksum that matches it, and fail only on the Content-Length. */
  if (self->decoded_length >= 0 && self->decoded_read < (guint64) self->decoded_length)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "The request body stream ended %" G_GUINT64_FORMAT " bytes before its "
                   "announced length", (guint64) self->decoded_length - self->decoded_read);
      return FALSE;
    }
  /* "0\r\n<name>:<value>\r\n\r\n", which TRAILER_ROOM holds */
  gaws_checksum_state_write_base64 (self->sum.state, value);
  end = put_string (end, "0\r\n");
  end = put_string (end, gaws_checksum_algorithm_get_header_name (self->algorithm));
  end = put_string (end, ":");
  end = put_string (end, value);
  end = put_string (end, "\r\n\r\n");
  self->out_start = 0;
  self->out_end = (gsize) (end - self->frame);
  self->complete = TRUE;
  return TRUE;
}

/* Frames what a read of @length bytes from the base stream brought: a
 * chunk, or the end. */
static gboolean
frame_read (GawsAwsChunkedInputStream  *self,
            gsize                       length,
            GError                    **error)
{
  if (length == 0)
    return frame_trailer (self, error);
  frame_chunk (self, length);
  return TRUE;
}

static gssize
copy_out (GawsAwsChunkedInputStream *self,
          void                      *buffer,
          gsize                      count)
{
  gsize n = MIN (count, self->out_end - self->out_start);

  memcpy (buffer, self->frame + self->out_start, n);
  self->out_start += n;
  self->position += n;
  return (gssize) n;
}

static gboolean
has_output (GawsAwsChunkedInputStream *self)
{
  return self->out_start < self->out_end || self->complete;
}

/* ---- reading ------------------------------------------------------------ */

/* Copies out what is framed and, while @buffer has room, the trailer when
 * a known length has been read in full: that needs no read and cannot
 * fail, so the last chunk and the trailer go out in one read, not two. */
static gssize
copy_out_more (GawsAwsChunkedInputStream *self,
               void                      *buffer,
               gsize                      count)
{
  gsize n = (gsize) copy_out (self, buffer, count);

  if (n < count && !self->complete && next_chunk_length (self) == 0 &&
      frame_trailer (self, NULL))
    n += (gsize) copy_out (self, (guint8 *) buffer + n, count - n);
  return (gssize) n;
}

/* The length of the next chunk, of which @got more bytes were just read. */
static gsize
take_filled (GawsAwsChunkedInputStream *self,
             gsize                      got)
{
  gsize length = self->filled + got;

  self->filled = 0;
  return length;
}

static gssize
gaws_aws_chunked_input_stream_read (GInputStream  *stream,
                                    void          *buffer,
                                    gsize          count,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  GawsAwsChunkedInputStream *self = GAWS_AWS_CHUNKED_INPUT_STREAM (stream);
  gsize want, got = 0;

  if (has_output (self))
    return copy_out_more (self, buffer, count);
  want = next_chunk_length (self);
  /* Whole chunks, however the base stream hands out its bytes: the
   * encoded length was computed from them. A non-blocking read may have
   * read the start of this one. */
  if (want > self->filled &&
      !g_input_stream_read_all (base_of (self), chunk_data (self) + self->filled, want - self->filled, &got,
                                cancellable, error))
    {
      self->filled += got;
      return -1;
    }
  if (!frame_read (self, take_filled (self, got), error))
    return -1;
  return copy_out_more (self, buffer, count);
}

typedef struct {
  void  *buffer;
  gsize  count;
} ReadData;

static void
on_chunk_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GawsAwsChunkedInputStream *self = g_task_get_source_object (task);
  ReadData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gsize got = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &got, &error))
    {
      self->filled += got;
      g_task_return_error (task, error);
      return;
    }
  if (!frame_read (self, take_filled (self, got), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_int (task, copy_out_more (self, data->buffer, data->count));
}

static void
gaws_aws_chunked_input_stream_read_async (GInputStream        *stream,
                                          void                *buffer,
                                          gsize                count,
                                          int                  io_priority,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GawsAwsChunkedInputStream *self = GAWS_AWS_CHUNKED_INPUT_STREAM (stream);
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);
  ReadData *data = g_new (ReadData, 1);
  GError *error = NULL;
  gsize want;

  g_task_set_source_tag (task, gaws_aws_chunked_input_stream_read_async);
  data->buffer = buffer;
  data->count = count;
  g_task_set_task_data (task, data, g_free);

  if (has_output (self))
    {
      g_task_return_int (task, copy_out_more (self, buffer, count));
      return;
    }
  want = next_chunk_length (self);
  /* A body in memory is read at once: no blocking, and none of the tasks
   * of an asynchronous read_all. */
  if (want > self->filled && G_IS_MEMORY_INPUT_STREAM (base_of (self)))
    {
      gssize n = gaws_aws_chunked_input_stream_read (stream, buffer, count, cancellable, &error);

      if (n < 0)
        g_task_return_error (task, error);
      else
        g_task_return_int (task, n);
      return;
    }
  if (want > self->filled)
    {
      g_input_stream_read_all_async (base_of (self), chunk_data (self) + self->filled, want - self->filled,
                                     io_priority, cancellable, on_chunk_read, g_steal_pointer (&task));
      return;
    }
  if (!frame_read (self, take_filled (self, 0), &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, copy_out_more (self, buffer, count));
}

/* ---- polling ------------------------------------------------------------ */

/* The base stream's GPollableInputStream interface, or NULL. */
static GPollableInputStreamInterface *
pollable_iface_of (GInputStream *base)
{
  return base != NULL ? g_type_interface_peek (G_OBJECT_GET_CLASS (base), G_TYPE_POLLABLE_INPUT_STREAM) : NULL;
}

static GPollableInputStream *
pollable_base_of (GawsAwsChunkedInputStream *self)
{
  GInputStream *base = base_of (self);

  /* G_IS_POLLABLE_INPUT_STREAM() and G_POLLABLE_INPUT_STREAM() in one
   * look-up: asked at every read */
  return pollable_iface_of (base) != NULL ? (GPollableInputStream *) base : NULL;
}

static gboolean
gaws_aws_chunked_input_stream_can_poll (GPollableInputStream *stream)
{
  GInputStream *base = base_of ((GawsAwsChunkedInputStream *) stream);
  GPollableInputStreamInterface *iface = pollable_iface_of (base);

  /* what g_pollable_input_stream_can_poll() calls, without its type
   * check: asked for every PutObject */
  return iface != NULL && iface->can_poll ((GPollableInputStream *) base);
}

/* Whether a read can go on without the base stream: what is framed, and
 * the trailer of a known length read in full. */
static gboolean
ready_without_base (GawsAwsChunkedInputStream *self)
{
  return has_output (self) || next_chunk_length (self) <= self->filled;
}

static gboolean
gaws_aws_chunked_input_stream_is_readable (GPollableInputStream *stream)
{
  GawsAwsChunkedInputStream *self = (GawsAwsChunkedInputStream *) stream;
  GInputStream *base;
  GPollableInputStreamInterface *iface;

  if (ready_without_base (self))
    return TRUE;
  /* what g_pollable_input_stream_is_readable() calls, without its type
   * check */
  base = base_of (self);
  iface = pollable_iface_of (base);
  return iface != NULL && iface->is_readable ((GPollableInputStream *) base);
}

static GSource *
gaws_aws_chunked_input_stream_create_source (GPollableInputStream *stream,
                                             GCancellable         *cancellable)
{
  GawsAwsChunkedInputStream *self = GAWS_AWS_CHUNKED_INPUT_STREAM (stream);
  g_autoptr(GSource) base_source = NULL;

  /* As GConverterInputStream: ready at once, or when the base stream is. */
  if (ready_without_base (self))
    base_source = g_timeout_source_new (0);
  else
    base_source = g_pollable_input_stream_create_source (pollable_base_of (self), NULL);
  return g_pollable_source_new_full (stream, base_source, cancellable);
}

/* Frames whole chunks straight in @buffer while it has room for them: the
 * base stream reads each into place after its header, so the body is not
 * copied once more through the frame, and a large buffer (the HTTP
 * engine's direct read gives curl's upload buffer) takes many chunks and
 * the trailer at once rather than one chunk a read. A chunk the base
 * stream gives only part of waits in the frame, as in the framed path.
 * Returns the bytes framed (0 if none fit or the base stream had nothing
 * whole), or -1 with @error when the first read fails. */
static gssize
frame_in_place (GawsAwsChunkedInputStream  *self,
                GPollableInputStream       *base,
                guint8                     *buffer,
                gsize                       count,
                GError                    **error)
{
  gsize used = 0, want, framed;

  while (self->filled == 0 && (want = next_chunk_length (self)) > 0 &&
         count - used >= hex_digits (want) + 2 + want + 2)
    {
      guint8 *data = buffer + used + hex_digits (want) + 2;
      GError *local_error = NULL;
      gssize n = g_pollable_input_stream_read_nonblocking (base, data, want, NULL, &local_error);

      if (n < 0 && used == 0)
        {
          g_propagate_error (error, local_error);
          return -1;
        }
      g_clear_error (&local_error);
      if (n <= 0)
        break;
      if ((gsize) n < want)
        {
          memcpy (chunk_data (self), data, (gsize) n);
          self->filled = (gsize) n;
          break;
        }
      framed = put_chunk_header (data, want) + want + 2;
      gaws_checksum_state_update (self->sum.state, data, want);
      memcpy (data + want, "\r\n", 2);
      self->decoded_read += want;
      self->position += framed;
      used += framed;
    }
  if (used > 0)
    used += (gsize) copy_out_more (self, buffer + used, count - used);
  return (gssize) used;
}

/* Reads what the base stream has of the next chunk without blocking, and
 * frames it once it is whole (or the base stream ended): until then the
 * read would block, and what was read waits in the frame. */
static gssize
gaws_aws_chunked_input_stream_read_nonblocking (GPollableInputStream  *stream,
                                                void                  *buffer,
                                                gsize                  count,
                                                GError               **error)
{
  GawsAwsChunkedInputStream *self = GAWS_AWS_CHUNKED_INPUT_STREAM (stream);
  GPollableInputStream *base = pollable_base_of (self);
  gsize want;
  gssize framed;

  if (has_output (self))
    return copy_out_more (self, buffer, count);
  if (base != NULL && (framed = frame_in_place (self, base, buffer, count, error)) != 0)
    return framed;
  want = next_chunk_length (self);
  if (want > self->filled && base == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "The body of an aws-chunked stream cannot be read without blocking");
      return -1;
    }
  while (self->filled < want)
    {
      gssize n = g_pollable_input_stream_read_nonblocking (base,
                                                           chunk_data (self) + self->filled,
                                                           want - self->filled, NULL, error);

      if (n < 0)
        return -1;
      if (n == 0)
        break;
      self->filled += (gsize) n;
    }
  if (!frame_read (self, take_filled (self, 0), error))
    return -1;
  return copy_out_more (self, buffer, count);
}

static void
gaws_aws_chunked_input_stream_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = gaws_aws_chunked_input_stream_can_poll;
  iface->is_readable = gaws_aws_chunked_input_stream_is_readable;
  iface->create_source = gaws_aws_chunked_input_stream_create_source;
  iface->read_nonblocking = gaws_aws_chunked_input_stream_read_nonblocking;
}

/* ---- seeking back to the start ----------------------------------------- */

static goffset
gaws_aws_chunked_input_stream_tell (GSeekable *seekable)
{
  return (goffset) GAWS_AWS_CHUNKED_INPUT_STREAM (seekable)->position;
}

static void
gaws_aws_chunked_input_stream_reset (GSeekable *seekable)
{
  GawsAwsChunkedInputStream *self = GAWS_AWS_CHUNKED_INPUT_STREAM (seekable);

  gaws_checksum_state_reset (self->sum.state);
  self->out_start = self->out_end = 0;
  self->filled = 0;
  self->decoded_read = 0;
  self->position = 0;
  self->complete = FALSE;
}

/* The checksum in the trailer cannot be taken back to the middle. */
static gboolean
gaws_aws_chunked_input_stream_seek (GSeekable     *seekable,
                                    goffset        offset,
                                    GSeekType      type,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  GawsAwsChunkedInputStream *self = GAWS_AWS_CHUNKED_INPUT_STREAM (seekable);

  return gaws_filter_stream_rewind (seekable, (goffset) self->position, self->base_start, offset, type,
                                    "An aws-chunked stream can only be rewound to its start",
                                    gaws_aws_chunked_input_stream_reset, cancellable, error);
}

static void
gaws_aws_chunked_input_stream_seekable_init (GSeekableIface *iface)
{
  gaws_filter_stream_seekable_init (iface);
  iface->tell = gaws_aws_chunked_input_stream_tell;
  iface->seek = gaws_aws_chunked_input_stream_seek;
}

/* ---- GObject ------------------------------------------------------------ */

/* What the properties make: the checksum, the frame, where the body
 * starts. Made by the constructed, or by new_stream() for a kept stream. */
static void
set_up (GawsAwsChunkedInputStream *self)
{
  gsize frame_size;

  gaws_running_checksum_init (&self->sum, self->algorithm);
  /* A chunk is never longer than a known body: a small body gets a small
   * frame, not one of chunk_size (64 KiB by default), whose free makes
   * malloc consolidate its heap at every request. */
  frame_size = MAX (HEADER_ROOM + frame_chunk_room (self) + 2, TRAILER_ROOM);
  self->frame_spare = frame_size <= SPARE_FRAME_SIZE;
  if (self->frame_spare)
    self->frame = gaws_spare_block_take (&spare_frames);
  if (self->frame == NULL)
    self->frame = g_malloc (self->frame_spare ? SPARE_FRAME_SIZE : frame_size);
  self->base_start = gaws_filter_stream_tell_base ((GFilterInputStream *) self);
}

static void
gaws_aws_chunked_input_stream_constructed (GObject *object)
{
  G_OBJECT_CLASS (gaws_aws_chunked_input_stream_parent_class)->constructed (object);
  set_up (GAWS_AWS_CHUNKED_INPUT_STREAM (object));
}

/* Streams dropped with nothing else on them, kept for the next
 * gaws_aws_chunked_input_stream_new_full() (see
 * gaws_filter_stream_recycle_last()): every PutObject makes one. */
static GPrivate spare_streams = GAWS_FILTER_STREAM_SPARE_INIT;

/* What the finalize frees; the fields as the instance init leaves them. */
static void
clear_own (GObject *object)
{
  GawsAwsChunkedInputStream *self = (GawsAwsChunkedInputStream *) object;

  gaws_running_checksum_clear (&self->sum);
  if (self->frame_spare)
    gaws_spare_block_give (&spare_frames, g_steal_pointer (&self->frame));
  else
    g_clear_pointer (&self->frame, g_free);
  self->decoded_length = 0;
  self->chunk_size = 0;
  self->algorithm = 0;
  self->filled = self->out_start = self->out_end = 0;
  self->decoded_read = self->position = 0;
  self->base_start = 0;
  self->complete = self->frame_spare = FALSE;
}

/* see gaws_filter_stream_dispose(); the last reference of a stream with
 * nothing else on it keeps it as a spare */
static void
gaws_aws_chunked_input_stream_dispose (GObject *object)
{
  if (gaws_filter_stream_recycle_last (object, &spare_streams, clear_own))
    return;
  gaws_filter_stream_dispose (object, gaws_aws_chunked_input_stream_parent_class);
}

/* g_object_unref() for a request's body stream, which the request most
 * often holds last: an aws-chunked one with nothing else on it is kept at
 * once (gaws_filter_stream_unref()). */
void
gaws_aws_chunked_input_stream_unref_body (GInputStream *body)
{
  /* the class is final: its dispose tells it without a type check */
  if (G_OBJECT_GET_CLASS (body)->dispose == gaws_aws_chunked_input_stream_dispose)
    gaws_filter_stream_unref (body, &spare_streams, clear_own);
  else
    g_object_unref (body);
}

static void
gaws_aws_chunked_input_stream_finalize (GObject *object)
{
  clear_own (object);
  G_OBJECT_CLASS (gaws_aws_chunked_input_stream_parent_class)->finalize (object);
}

static void
gaws_aws_chunked_input_stream_get_property (GObject    *object,
                                            guint       prop_id,
                                            GValue     *value,
                                            GParamSpec *pspec)
{
  GawsAwsChunkedInputStream *self = GAWS_AWS_CHUNKED_INPUT_STREAM (object);

  switch (prop_id)
    {
    case PROP_DECODED_LENGTH:
      g_value_set_int64 (value, self->decoded_length);
      break;
    case PROP_CHUNK_SIZE:
      g_value_set_uint64 (value, self->chunk_size);
      break;
    case PROP_ALGORITHM:
      g_value_set_enum (value, self->algorithm);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_aws_chunked_input_stream_set_property (GObject      *object,
                                            guint         prop_id,
                                            const GValue *value,
                                            GParamSpec   *pspec)
{
  GawsAwsChunkedInputStream *self = GAWS_AWS_CHUNKED_INPUT_STREAM (object);

  switch (prop_id)
    {
    case PROP_DECODED_LENGTH:
      self->decoded_length = g_value_get_int64 (value);
      break;
    case PROP_CHUNK_SIZE:
      self->chunk_size = (gsize) g_value_get_uint64 (value);
      break;
    case PROP_ALGORITHM:
      self->algorithm = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_aws_chunked_input_stream_class_init (GawsAwsChunkedInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->constructed = gaws_aws_chunked_input_stream_constructed;
  object_class->dispose = gaws_aws_chunked_input_stream_dispose;
  object_class->finalize = gaws_aws_chunked_input_stream_finalize;
  object_class->get_property = gaws_aws_chunked_input_stream_get_property;
  object_class->set_property = gaws_aws_chunked_input_stream_set_property;

  gaws_filter_stream_class_init (stream_class);
  stream_class->read_fn = gaws_aws_chunked_input_stream_read;
  stream_class->read_async = gaws_aws_chunked_input_stream_read_async;

  /**
   * GawsAwsChunkedInputStream:decoded-length:
   *
   * The length of the body before encoding, or -1 when it is not known
   * (the encoded length is not known either then).
   */
  properties[PROP_DECODED_LENGTH] =
    g_param_spec_int64 ("decoded-length", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * GawsAwsChunkedInputStream:chunk-size:
   *
   * The size of every chunk but the last.
   */
  properties[PROP_CHUNK_SIZE] =
    g_param_spec_uint64 ("chunk-size", NULL, NULL, 1, G_MAXSIZE - HEADER_ROOM - 2,
                         GAWS_AWS_CHUNKED_DEFAULT_CHUNK_SIZE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * GawsAwsChunkedInputStream:algorithm:
   *
   * The algorithm of the checksum in the trailer.
   */
  properties[PROP_ALGORITHM] =
    g_param_spec_enum ("algorithm", NULL, NULL, GAWS_TYPE_CHECKSUM_ALGORITHM,
                       GAWS_CHECKSUM_ALGORITHM_CRC32,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gaws_aws_chunked_input_stream_init (GawsAwsChunkedInputStream *self)
{
}

/* ---- public API --------------------------------------------------------- */

/* A kept stream (see gaws_filter_stream_recycle_last()), or g_object_new()
 * with the four properties, built here rather than collected from varargs
 * (every PutObject makes one). The GValues are set
 * in place, as g_value_init() and g_value_set_*() would leave them; the
 * stream's is borrowed: the property's setter takes its own reference, and
 * nothing unsets them. */
static GInputStream *
new_stream (GInputStream          *base_stream,
            gint64                 decoded_length,
            GawsChecksumAlgorithm  algorithm,
            gsize                  chunk_size)
{
  static const char *const names[] = { "base-stream", "decoded-length", "chunk-size", "algorithm" };
  GValue values[G_N_ELEMENTS (names)] = { G_VALUE_INIT, G_VALUE_INIT, G_VALUE_INIT, G_VALUE_INIT };
  GawsAwsChunkedInputStream *self = gaws_filter_stream_take_spare (&spare_streams, base_stream);

  /* a kept one: what the properties set, and what its constructed makes */
  if (self != NULL)
    {
      self->decoded_length = decoded_length;
      self->chunk_size = chunk_size;
      self->algorithm = algorithm;
      set_up (self);
      return (GInputStream *) self;
    }
  values[0].g_type = G_TYPE_INPUT_STREAM;
  values[0].data[0].v_pointer = base_stream;
  values[1].g_type = G_TYPE_INT64;
  values[1].data[0].v_int64 = decoded_length;
  values[2].g_type = G_TYPE_UINT64;
  values[2].data[0].v_uint64 = chunk_size;
  values[3].g_type = GAWS_TYPE_CHECKSUM_ALGORITHM;
  values[3].data[0].v_long = algorithm;
  return (GInputStream *) g_object_new_with_properties (GAWS_TYPE_AWS_CHUNKED_INPUT_STREAM, G_N_ELEMENTS (names),
                                                        (const char **) names, values);
}

/**
 * gaws_aws_chunked_input_stream_new:
 * @base_stream: the body
 * @decoded_length: its length, or -1 if it is not known
 * @algorithm: the checksum to send in the trailer
 *
 * Like gaws_aws_chunked_input_stream_new_full(), with chunks of
 * %GAWS_AWS_CHUNKED_DEFAULT_CHUNK_SIZE.
 *
 * Returns: (transfer full): a new #GawsAwsChunkedInputStream
 */
GInputStream *
gaws_aws_chunked_input_stream_new (GInputStream          *base_stream,
                                   gint64                 decoded_length,
                                   GawsChecksumAlgorithm  algorithm)
{
  return gaws_aws_chunked_input_stream_new_full (base_stream, decoded_length, algorithm,
                                                 GAWS_AWS_CHUNKED_DEFAULT_CHUNK_SIZE);
}

/**
 * gaws_aws_chunked_input_stream_new_full:
 * @base_stream: the body
 * @decoded_length: its length, or -1 if it is not known
 * @algorithm: the checksum to send in the trailer
 * @chunk_size: the size of every chunk but the last; S3 wants at least
 *   8 KiB
 *
 * Makes a stream that reads @base_stream and gives it `aws-chunked`
 * encoded, with the @algorithm checksum of the body in a trailer. With a
 * known @decoded_length, exactly that many bytes are read from
 * @base_stream, and a base stream that ends sooner makes the read fail
 * with %GAWS_ERROR_INVALID_ARGUMENT. Closing the stream closes
 * @base_stream.
 *
 * Returns: (transfer full): a new #GawsAwsChunkedInputStream
 */
GInputStream *
gaws_aws_chunked_input_stream_new_full (GInputStream          *base_stream,
                                        gint64                 decoded_length,
                                        GawsChecksumAlgorithm  algorithm,
                                        gsize                  chunk_size)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (base_stream), NULL);
  g_return_val_if_fail (decoded_length >= -1, NULL);
  g_return_val_if_fail (gaws_checksum_algorithm_get_name (algorithm) != NULL, NULL);
  g_return_val_if_fail (chunk_size > 0, NULL);

  return new_stream (base_stream, decoded_length, algorithm, chunk_size);
}

/**
 * gaws_aws_chunked_encoded_length:
 * @decoded_length: the length of a body, or -1 if it is not known
 * @chunk_size: the size of its chunks
 * @algorithm: the checksum in its trailer
 *
 * Returns: the length of the body once `aws-chunked` encoded with a
 *   checksum trailer, or -1 if @decoded_length is
 */
gint64
gaws_aws_chunked_encoded_length (gint64                 decoded_length,
                                 gsize                  chunk_size,
                                 GawsChecksumAlgorithm  algorithm)
{
  guint64 full, rest, length;

  g_return_val_if_fail (chunk_size > 0, -1);
  g_return_val_if_fail (gaws_checksum_algorithm_get_name (algorithm) != NULL, -1);

  if (decoded_length < 0)
    return -1;
  full = (guint64) decoded_length / chunk_size;
  rest = (guint64) decoded_length % chunk_size;
  /* hex length, CRLF, data, CRLF */
  length = full * (hex_digits (chunk_size) + 2 + chunk_size + 2);
  if (rest > 0)
    length += hex_digits (rest) + 2 + rest + 2;
  /* "0" CRLF, "name:value" CRLF, CRLF */
  length += 3 + strlen (gaws_checksum_algorithm_get_header_name (algorithm)) + 1 +
            gaws_checksum_algorithm_get_base64_length (algorithm) + 2 + 2;
  return (gint64) length;
}

/**
 * gaws_aws_chunked_input_stream_get_decoded_length:
 * @self: a #GawsAwsChunkedInputStream
 *
 * Returns: the length of the body, the value of
 *   `x-amz-decoded-content-length`, or -1 if it is not known
 */
gint64
gaws_aws_chunked_input_stream_get_decoded_length (GawsAwsChunkedInputStream *self)
{
  g_return_val_if_fail (GAWS_IS_AWS_CHUNKED_INPUT_STREAM (self), -1);
  return self->decoded_length;
}

/**
 * gaws_aws_chunked_input_stream_get_encoded_length:
 * @self: a #GawsAwsChunkedInputStream
 *
 * Returns: the length of the stream, the value of `Content-Length`, or -1
 *   if the length of the body is not known
 */
gint64
gaws_aws_chunked_input_stream_get_encoded_length (GawsAwsChunkedInputStream *self)
{
  g_return_val_if_fail (GAWS_IS_AWS_CHUNKED_INPUT_STREAM (self), -1);
  return gaws_aws_chunked_encoded_length (self->decoded_length, self->chunk_size, self->algorithm);
}

/**
 * gaws_aws_chunked_input_stream_get_chunk_size:
 * @self: a #GawsAwsChunkedInputStream
 *
 * Returns: the size of every chunk but the last
 */
gsize
gaws_aws_chunked_input_stream_get_chunk_size (GawsAwsChunkedInputStream *self)
{
  g_return_val_if_fail (GAWS_IS_AWS_CHUNKED_INPUT_STREAM (self), 0);
  return self->chunk_size;
}

/**
 * gaws_aws_chunked_input_stream_get_algorithm:
 * @self: a #GawsAwsChunkedInputStream
 *
 * Returns: the algorithm of the checksum in the trailer
 */
GawsChecksumAlgorithm
gaws_aws_chunked_input_stream_get_algorithm (GawsAwsChunkedInputStream *self)
{
  g_return_val_if_fail (GAWS_IS_AWS_CHUNKED_INPUT_STREAM (self), GAWS_CHECKSUM_ALGORITHM_CRC32);
  return self->algorithm;
}

/**
 * gaws_aws_chunked_input_stream_get_checksum:
 * @self: a #GawsAwsChunkedInputStream
 *
 * Returns: (transfer none): the checksum of the body read so far; the one
 *   sent in the trailer once gaws_aws_chunked_input_stream_is_complete()
 */
GawsChecksum *
gaws_aws_chunked_input_stream_get_checksum (GawsAwsChunkedInputStream *self)
{
  g_return_val_if_fail (GAWS_IS_AWS_CHUNKED_INPUT_STREAM (self), NULL);
  return gaws_running_checksum_get_object (&self->sum);
}

/**
 * gaws_aws_chunked_input_stream_is_complete:
 * @self: a #GawsAwsChunkedInputStream
 *
 * Returns: %TRUE once the whole body was read and the trailer framed
 */
gboolean
gaws_aws_chunked_input_stream_is_complete (GawsAwsChunkedInputStream *self)
{
  g_return_val_if_fail (GAWS_IS_AWS_CHUNKED_INPUT_STREAM (self), FALSE);
  return self->complete;
}

/* @n in decimal at the end of @buffer (of 24 bytes): by hand, as every
 * PutObject sends its length and printf costs a thousand instructions. */
static const char *
decimal (char    *buffer,
         guint64  n)
{
  char *p = buffer + 23;

  *p = '\0';
  do
    *--p = (char) ('0' + n % 10);
  while ((n /= 10) > 0);
  return p;
}

/**
 * gaws_aws_chunked_input_stream_attach:
 * @self: a #GawsAwsChunkedInputStream
 * @request: the request to send it with
 *
 * Makes @self the body of @request, with the headers S3 needs to decode
 * it: `Content-Encoding` gets `aws-chunked` (after any encoding of the
 * body's own), `x-amz-trailer` names the checksum header,
 * `x-amz-decoded-content-length` gives the length of the body when known,
 * and the payload hash becomes %GAWS_AWS_CHUNKED_PAYLOAD_UNSIGNED_TRAILER.
 * The operation's own `x-amz-sdk-checksum-algorithm` is left to the caller.
 */
void
gaws_aws_chunked_input_stream_attach (GawsAwsChunkedInputStream *self,
                                      GawsHttpRequest           *request)
{
  GawsHttpHeaders *headers;
  const char *encoding;

  g_return_if_fail (GAWS_IS_AWS_CHUNKED_INPUT_STREAM (self));
  g_return_if_fail (GAWS_IS_HTTP_REQUEST (request));

  headers = gaws_http_request_get_headers (request);
  encoding = gaws_http_headers_get_one (headers, "Content-Encoding");
  if (encoding == NULL)
    gaws_http_headers_append (headers, "Content-Encoding", "aws-chunked");
  else if (strstr (encoding, "aws-chunked") == NULL)
    {
      g_autofree char *both = g_strconcat (encoding, ",aws-chunked", NULL);
      gaws_http_headers_replace (headers, "Content-Encoding", both);
    }
  gaws_http_headers_replace (headers, "x-amz-trailer",
                             gaws_checksum_algorithm_get_header_name (self->algorithm));
  if (self->decoded_length >= 0)
    {
      char length[24];

      gaws_http_headers_replace (headers, "x-amz-decoded-content-length",
                                 decimal (length, (guint64) self->decoded_length));
    }
  else
    gaws_http_headers_remove (headers, "x-amz-decoded-content-length");
  gaws_http_request_set_body_stream (request, G_INPUT_STREAM (self),
                                     gaws_aws_chunked_input_stream_get_encoded_length (self));
  gaws_http_request_set_payload_hash (request, GAWS_AWS_CHUNKED_PAYLOAD_UNSIGNED_TRAILER);
}
