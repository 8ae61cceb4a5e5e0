/* gaws-filter-stream.c: what the runtime's filter input streams share
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-filter-stream-private.h"
#include "gaws-object-private.h"
#include "gaws-scratch-private.h"

/* Only ever given the runtime's own filter streams: their field, without
 * the getter's type check. */
static GInputStream *
base_of (gpointer stream)
{
  return ((GFilterInputStream *) stream)->base_stream;
}

static gssize
gaws_filter_stream_read_finish (GInputStream  *stream,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, stream), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

/* GFilterInputStream skips in the base stream, which would hide the
 * skipped bytes from what the stream does with them. */
static gssize
gaws_filter_stream_skip (GInputStream  *stream,
                         gsize          count,
                         GCancellable  *cancellable,
                         GError       **error)
{
  guint8 scratch[8192];

  return G_INPUT_STREAM_GET_CLASS (stream)->read_fn (stream, scratch, MIN (count, sizeof scratch),
                                                     cancellable, error);
}

/* The default would close in a worker thread, where a #GawsHttpBodyStream
 * must not be touched. */
static void
on_base_closed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_input_stream_close_finish (G_INPUT_STREAM (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
gaws_filter_stream_close_async (GInputStream        *stream,
                                int                  io_priority,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, gaws_filter_stream_close_async);
  if (!g_filter_input_stream_get_close_base_stream (G_FILTER_INPUT_STREAM (stream)))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  g_input_stream_close_async (base_of (stream), io_priority, cancellable, on_base_closed, task);
}

static gboolean
gaws_filter_stream_close_finish (GInputStream  *stream,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, stream), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Fills in all of @stream_class but reading, which is the stream's own:
 * its read_async must return the count with g_task_return_int(). */
void
gaws_filter_stream_class_init (GInputStreamClass *stream_class)
{
  stream_class->read_finish = gaws_filter_stream_read_finish;
  stream_class->skip = gaws_filter_stream_skip;
  stream_class->close_async = gaws_filter_stream_close_async;
  stream_class->close_finish = gaws_filter_stream_close_finish;
}

/* For the dispose of the runtime's filter streams, made and dropped for
 * every request (a PutObject's aws-chunked body, a validated GetObject's
 * checksum stream): what GInputStream's dispose does, closing the stream
 * when it is still open, and on the last reference no more. GObject's own
 * dispose clears the signal handlers, closures and weak references, which
 * the last g_object_unref() clears after the dispose anyway (see
 * gaws_object_dispose_unless_last()). */
void
gaws_filter_stream_dispose (GObject  *object,
                            gpointer  parent_class)
{
  GInputStream *stream = (GInputStream *) object;

  if (g_atomic_int_get ((gint *) &object->ref_count) > 1)
    {
      G_OBJECT_CLASS (parent_class)->dispose (object);
      return;
    }
  if (!g_input_stream_is_closed (stream))
    g_input_stream_close (stream, NULL, NULL);
}

/* ---- spares ------------------------------------------------------------- */

/* Every PutObject frames its body in an aws-chunked stream and every
 * validated GetObject reads its body through a checksum stream: a
 * g_object_new() of a GFilterInputStream subclass costs some 3,500
 * instructions on GLib 2.74 (its construct property, the notify queue,
 * the qdata bit locks) and the finalize of its three parent classes 2,600
 * more. A stream whose last reference goes with nothing else on it is
 * kept per thread instead, as the runtime keeps its requests, and handed
 * out again by its class's constructor. */

/* A spare has no base stream (what it had went when it was kept), but
 * GFilterInputStream's finalize drops one: it gets an empty one, is
 * closed (which a spare never is: see gaws_filter_stream_recycle_last())
 * so that its dispose keeps it no more, and goes. For a spare the thread
 * does not keep, or keeps no more at its exit. */
void
gaws_filter_stream_free_spare (gpointer stream)
{
  GFilterInputStream *filter = stream;

  if (filter->base_stream == NULL)
    filter->base_stream = g_memory_input_stream_new ();
  g_input_stream_close (stream, NULL, NULL);
  g_object_unref (stream);
}

/* Whether @object, on the GLib whose objects hold no more state than
 * their qdata says (gaws_object_unref_is_known()), can be made a spare as
 * to its stream state: it reads a base stream, is open, with nothing
 * pending, and closes its base as made (close-base-stream). */
static gboolean
can_keep (GObject *object)
{
  GInputStream *stream = (GInputStream *) object;
  GFilterInputStream *filter = (GFilterInputStream *) object;

  return gaws_object_unref_is_known () && filter->base_stream != NULL && !g_input_stream_is_closed (stream) &&
         !g_input_stream_has_pending (stream) && g_filter_input_stream_get_close_base_stream (filter);
}

/* What closing and finalizing @object would do to its base stream
 * (closed, dropped), and to what its class holds (@clear) and its
 * handlers, the stream itself left open. FALSE, with the base closed but
 * still there, when the close ran code that took a reference (@alone no
 * more): the stream is left to its dispose. A base that the stream alone
 * holds is not closed here but by its own last unref (GInputStream's
 * dispose closes an open stream, and so does a body stream's, or keeps it
 * open as a spare: gaws-http-body-stream.c); the callers check for
 * references taken meanwhile after this anyway. */
static gboolean
empty_for_spare (GObject                   *object,
                 GawsFilterStreamClearFunc  clear,
                 gboolean                 (*alone) (GObject *object))
{
  GFilterInputStream *filter = (GFilterInputStream *) object;
  GInputStream *base = filter->base_stream;

  if (!gaws_object_is_sole ((GObject *) base))
    {
      g_input_stream_close (base, NULL, NULL);
      if (!alone (object))
        return FALSE;
    }
  filter->base_stream = NULL;
  g_object_unref (base);
  clear (object);
  g_signal_handlers_destroy (object);
  return TRUE;
}

/* For the dispose of a runtime filter stream, before anything else: when
 * this is the last g_object_unref() with nothing else on the stream
 * (gaws_object_is_last_unref_only(): no other reference, weak reference,
 * GWeakRef, toggle reference or user data; a stream the caller still
 * holds is never kept) and can_keep(), the stream is emptied
 * (empty_for_spare()) and kept in @spare by a reference taken here that
 * the g_object_unref() running then drops. FALSE when it is not kept: the
 * dispose goes on. */
gboolean
gaws_filter_stream_recycle_last (GObject                   *object,
                                 GPrivate                  *spare,
                                 GawsFilterStreamClearFunc  clear)
{
  if (!can_keep (object) || !gaws_object_is_last_unref_only (object) ||
      !empty_for_spare (object, clear, gaws_object_is_last_unref))
    return FALSE;
  /* freeing the base could have run anybody's code too */
  if (gaws_object_is_last_unref (object))
    {
      if (gaws_spare_object_keep_last (spare, object, gaws_filter_stream_free_spare))
        return TRUE;
    }
  /* not kept: the finalize, or whoever took a reference, finds an empty
   * base stream */
  ((GFilterInputStream *) object)->base_stream = g_memory_input_stream_new ();
  return FALSE;
}

/**
 * gaws_filter_stream_unref: (skip)
 * @stream: a runtime filter stream, of the class whose spares are @spare
 *   and whose state @clear frees
 *
 * g_object_unref() for a reference the runtime drops, most often the last
 * one (a request's aws-chunked body once sent): a stream with nothing
 * else on it (gaws_object_is_sole()) is kept in @spare at once, without
 * the notification queue that GLib 2.74's last g_object_unref() makes and
 * frees around the dispose (some 1,000 instructions). Anything else is
 * unreferenced as usual, and may still be kept by its dispose.
 */
void
gaws_filter_stream_unref (gpointer                   stream,
                          GPrivate                  *spare,
                          GawsFilterStreamClearFunc  clear)
{
  GObject *object = stream;

  if (can_keep (object) && gaws_object_is_sole (object) && empty_for_spare (object, clear, gaws_object_is_sole))
    {
      if (gaws_object_is_sole (object) && gaws_spare_object_give (spare, object, gaws_filter_stream_free_spare))
        return;
      ((GFilterInputStream *) object)->base_stream = g_memory_input_stream_new ();
    }
  g_object_unref (object);
}

/* A stream kept in @spare (gaws_spare_object_take_sole()), reading
 * @base_stream now, or NULL: its class's constructor sets the rest of it
 * up. */
gpointer
gaws_filter_stream_take_spare (GPrivate     *spare,
                               GInputStream *base_stream)
{
  GFilterInputStream *filter = gaws_spare_object_take_sole (spare, gaws_filter_stream_free_spare);

  if (filter == NULL)
    return NULL;
  filter->base_stream = g_object_ref (base_stream);
  return filter;
}

/* Where the base stream is, to rewind it there later; 0 when it cannot
 * tell. */
goffset
gaws_filter_stream_tell_base (GFilterInputStream *stream)
{
  GInputStream *base = base_of (stream);
  GSeekableIface *iface;

  /* what g_seekable_tell() calls, found once rather than by G_IS_SEEKABLE(),
   * G_SEEKABLE() and g_seekable_tell()'s own check: every stream made asks */
  if (base == NULL)
    return 0;
  iface = g_type_interface_peek (G_OBJECT_GET_CLASS (base), G_TYPE_SEEKABLE);
  return iface != NULL ? iface->tell ((GSeekable *) base) : 0;
}

static gboolean
can_seek (GSeekable *seekable)
{
  GInputStream *base = base_of (seekable);
  GSeekableIface *iface;

  /* what g_seekable_can_seek() calls, found once rather than by
   * G_IS_SEEKABLE(), G_SEEKABLE() and its own check: asked twice for
   * every PutObject's aws-chunked body (may it be rewound for a retry,
   * may it be read in place) */
  if (base == NULL)
    return FALSE;
  iface = g_type_interface_peek (G_OBJECT_GET_CLASS (base), G_TYPE_SEEKABLE);
  return iface != NULL && iface->can_seek ((GSeekable *) base);
}

/* A seek of a stream at @position: staying put, or going back to its start,
 * which rewinds the base stream to @base_start and calls @reset. Anything
 * else fails with @refusal: what was computed cannot be taken back to the
 * middle of the data. */
gboolean
gaws_filter_stream_rewind (GSeekable                 *seekable,
                           goffset                    position,
                           goffset                    base_start,
                           goffset                    offset,
                           GSeekType                  type,
                           const char                *refusal,
                           GawsFilterStreamResetFunc  reset,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  goffset target = type == G_SEEK_CUR ? position + offset : offset;

  if (type != G_SEEK_END && target == position)
    return TRUE;
  if (type == G_SEEK_END || target != 0 || !can_seek (seekable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, refusal);
      return FALSE;
    }
  if (!g_seekable_seek (G_SEEKABLE (base_of (seekable)), base_start, G_SEEK_SET, cancellable, error))
    return FALSE;
  reset (seekable);
  return TRUE;
}

static gboolean
can_truncate (GSeekable *seekable)
{
  return FALSE;
}

static gboolean
truncate_fn (GSeekable     *seekable,
             goffset        offset,
             GCancellable  *cancellable,
             GError       **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Cannot truncate an input stream");
  return FALSE;
}

/* Fills in all of @iface but tell and seek, which are the stream's own. */
void
gaws_filter_stream_seekable_init (GSeekableIface *iface)
{
  iface->can_seek = can_seek;
  iface->can_truncate = can_truncate;
  iface->truncate_fn = truncate_fn;
}
