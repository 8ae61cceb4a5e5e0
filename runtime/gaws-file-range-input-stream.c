/* gaws-file-range-input-stream.c: a byte range of a regular file, read with pread()
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-file-range-input-stream-private.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

/* The range [offset, offset + length) of the file behind fd, which is our
 * own descriptor (a dup()): pread() leaves the file position alone, so the
 * parts of one file read at once without getting in each other's way. */
struct _GawsFileRangeInputStream {
  GInputStream parent_instance;

  int          fd;
  goffset      offset;
  goffset      length;
  goffset      position;   /* within the range */
};

static void gaws_file_range_input_stream_pollable_iface_init (GPollableInputStreamInterface *iface);
static void gaws_file_range_input_stream_seekable_iface_init (GSeekableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GawsFileRangeInputStream, gaws_file_range_input_stream, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      gaws_file_range_input_stream_pollable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_SEEKABLE,
                                                      gaws_file_range_input_stream_seekable_iface_init))

static void
close_fd (GawsFileRangeInputStream *self)
{
  if (self->fd >= 0)
    close (self->fd);
  self->fd = -1;
}

static void
gaws_file_range_input_stream_finalize (GObject *object)
{
  close_fd (GAWS_FILE_RANGE_INPUT_STREAM (object));
  G_OBJECT_CLASS (gaws_file_range_input_stream_parent_class)->finalize (object);
}

/* ---- reading ------------------------------------------------------------- */

/* One pread() of what is left of the range. A file that ends before its
 * range does is an error, not an early end: the request declared the
 * range's length, and a short body would leave the server waiting. */
static gssize
read_range (GawsFileRangeInputStream  *self,
            void                      *buffer,
            gsize                      count,
            GError                   **error)
{
  gsize want = (gsize) MIN ((goffset) count, self->length - self->position);
  ssize_t n;

  if (want == 0)
    return 0;
  do
    n = pread (self->fd, buffer, want, self->offset + self->position);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Could not read the file to upload: %s",
                   g_strerror (saved));
      return -1;
    }
  if (n == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The file to upload ended %" G_GOFFSET_FORMAT " bytes before the part it was to hold",
                   self->length - self->position);
      return -1;
    }
  self->position += n;
  return n;
}

static gssize
gaws_file_range_input_stream_read (GInputStream  *stream,
                                   void          *buffer,
                                   gsize          count,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  return read_range (GAWS_FILE_RANGE_INPUT_STREAM (stream), buffer, count, error);
}

static gboolean
gaws_file_range_input_stream_close (GInputStream  *stream,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  close_fd (GAWS_FILE_RANGE_INPUT_STREAM (stream));
  return TRUE;
}

/* ---- GPollableInputStream: a regular file is always readable -------------- */

static gboolean
gaws_file_range_input_stream_can_poll (GPollableInputStream *stream)
{
  return TRUE;
}

static gboolean
gaws_file_range_input_stream_is_readable (GPollableInputStream *stream)
{
  return TRUE;
}

static GSource *
gaws_file_range_input_stream_create_source (GPollableInputStream *stream,
                                            GCancellable         *cancellable)
{
  g_autoptr(GSource) ready = g_timeout_source_new (0);

  return g_pollable_source_new_full (stream, ready, cancellable);
}

static gssize
gaws_file_range_input_stream_read_nonblocking (GPollableInputStream  *stream,
                                               void                  *buffer,
                                               gsize                  count,
                                               GError               **error)
{
  return read_range (GAWS_FILE_RANGE_INPUT_STREAM (stream), buffer, count, error);
}

static void
gaws_file_range_input_stream_pollable_iface_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = gaws_file_range_input_stream_can_poll;
  iface->is_readable = gaws_file_range_input_stream_is_readable;
  iface->create_source = gaws_file_range_input_stream_create_source;
  iface->read_nonblocking = gaws_file_range_input_stream_read_nonblocking;
}

/* ---- GSeekable: anywhere within the range, so a retry reads it again ------ */

static goffset
gaws_file_range_input_stream_tell (GSeekable *seekable)
{
  return GAWS_FILE_RANGE_INPUT_STREAM (seekable)->position;
}

static gboolean
gaws_file_range_input_stream_can_seek (GSeekable *seekable)
{
  return TRUE;
}

static gboolean
gaws_file_range_input_stream_seek (GSeekable     *seekable,
                                   goffset        offset,
                                   GSeekType      type,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  GawsFileRangeInputStream *self = GAWS_FILE_RANGE_INPUT_STREAM (seekable);
  goffset target;

  switch (type)
    {
    case G_SEEK_CUR:
      target = self->position + offset;
      break;
    case G_SEEK_END:
      target = self->length + offset;
      break;
    case G_SEEK_SET:
    default:
      target = offset;
      break;
    }
  if (target < 0 || target > self->length)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Cannot seek to %" G_GOFFSET_FORMAT " in a range of %" G_GOFFSET_FORMAT " bytes",
                   target, self->length);
      return FALSE;
    }
  self->position = target;
  return TRUE;
}

static gboolean
gaws_file_range_input_stream_can_truncate (GSeekable *seekable)
{
  return FALSE;
}

static gboolean
gaws_file_range_input_stream_truncate (GSeekable     *seekable,
                                       goffset        offset,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Cannot truncate an input stream");
  return FALSE;
}

static void
gaws_file_range_input_stream_seekable_iface_init (GSeekableIface *iface)
{
  iface->tell = gaws_file_range_input_stream_tell;
  iface->can_seek = gaws_file_range_input_stream_can_seek;
  iface->seek = gaws_file_range_input_stream_seek;
  iface->can_truncate = gaws_file_range_input_stream_can_truncate;
  iface->truncate_fn = gaws_file_range_input_stream_truncate;
}

/* ---- the type ------------------------------------------------------------- */

static void
gaws_file_range_input_stream_class_init (GawsFileRangeInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = gaws_file_range_input_stream_finalize;
  stream_class->read_fn = gaws_file_range_input_stream_read;
  stream_class->close_fn = gaws_file_range_input_stream_close;
}

static void
gaws_file_range_input_stream_init (GawsFileRangeInputStream *self)
{
  self->fd = -1;
}

/* gaws_file_range_input_stream_new:
 * @fd: a descriptor of a regular file, open for reading; duplicated, so
 *   the caller keeps it
 * @offset: where the range starts in the file
 * @length: its length in bytes
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a stream of the @length bytes of the file from
 *   @offset, or %NULL with @error set when @fd cannot be duplicated (a
 *   closed descriptor, too many open files)
 */
GInputStream *
gaws_file_range_input_stream_new (int       fd,
                                  goffset   offset,
                                  goffset   length,
                                  GError  **error)
{
  GawsFileRangeInputStream *self;
  int own;

  g_return_val_if_fail (offset >= 0 && length >= 0, NULL);

  own = fcntl (fd, F_DUPFD_CLOEXEC, 0);
  if (own < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not open the file to upload for a part: %s", g_strerror (saved));
      return NULL;
    }
  self = g_object_new (GAWS_TYPE_FILE_RANGE_INPUT_STREAM, NULL);
  self->fd = own;
  self->offset = offset;
  self->length = length;
  return G_INPUT_STREAM (self);
}

/* Where the range starts in the file. */
goffset
gaws_file_range_input_stream_get_offset (GawsFileRangeInputStream *self)
{
  g_return_val_if_fail (GAWS_IS_FILE_RANGE_INPUT_STREAM (self), 0);
  return self->offset;
}

/* The length of the range: what the stream gives in all. */
goffset
gaws_file_range_input_stream_get_length (GawsFileRangeInputStream *self)
{
  g_return_val_if_fail (GAWS_IS_FILE_RANGE_INPUT_STREAM (self), 0);
  return self->length;
}
