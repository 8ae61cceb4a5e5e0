/* gaws-http-body-stream.c: a response body fed by the HTTP engine
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-http-body-stream.h"

#include <string.h>

#include "gaws-error.h"
#include "gaws-object-private.h"
#include "gaws-scratch-private.h"

/**
 * GawsHttpBodyStream:
 *
 * The body of a response sent with %GAWS_HTTP_BODY_STREAMED. The engine
 * feeds it as bytes come off the connection; when more than its high-water
 * mark is waiting to be read, the transfer is paused until the reader has
 * drained half of it, so a slow reader slows the download down instead of
 * making the whole object pile up in memory. While a read waits, bytes go
 * straight from the connection into its buffer; a splice
 * (gaws_http_body_stream_splice_to_pollable_async()) writes them straight
 * to a #GPollableOutputStream instead.
 *
 * A broken connection, a body shorter than its `Content-Length` or a timeout
 * makes the next read fail with a #GAWS_ERROR (bytes still buffered are
 * dropped: what the reader got is exactly what it can count on);
 * cancelling the request's #GCancellable makes it fail with
 * %G_IO_ERROR_CANCELLED. A body stream is never cut short silently: end of
 * stream means the whole body arrived. Closing the stream before the end
 * aborts the transfer and closes its connection.
 *
 * The stream belongs to the thread that runs the engine's #GMainContext.
 * Reading it asynchronously is the normal way. A synchronous read that has
 * to wait iterates that context (as the engine needs it to run to deliver
 * data), so it works from the thread that owns the context, even from a
 * callback; from any other thread it fails with %G_IO_ERROR_NOT_SUPPORTED.
 */

/* Bytes are kept in chunks that appends fill up before a new one is made,
 * so that small writes from curl do not mean one allocation each. */
#define CHUNK_SIZE (64 * 1024)
#define FIRST_CHUNK_SIZE (4 * 1024)

typedef struct {
  gsize  capacity;
  gsize  start;
  gsize  end;
  guint8 data[];
} Chunk;

struct _GawsHttpBodyStream {
  GInputStream                  parent_instance;

  GMainContext                 *context;
  GCancellable                 *cancellable; /* the send's */
  GQueue                        chunks;
  gsize                         buffered;
  gsize                         max_buffered;
  gsize                         high_water;
  gsize                         initial_high_water; /* until the first read; 0: none */
  gboolean                      refused;     /* a push was refused: the feed is paused */
  gboolean                      eof;
  GError                       *error;

  const GawsHttpBodyStreamFeed *feed;        /* NULL once the transfer is over */
  gpointer                      transfer;

  /* The buffer of the read waiting for data (async or sync): pushes fill it
   * straight, saving the copy into chunks and out again, as long as no
   * bytes are queued before theirs. NULL when no read waits. */
  guint8                       *slot;
  gsize                         slot_count;
  gsize                         slot_filled;

  GTask                        *pending;     /* the read_async waiting for data */
  GawsHttpBodyStreamReadDone    pending_done; /* completes it when not our own task: see
                                               * gaws_http_body_stream_read_for_task() */
  GSource                      *pending_cancel;
  GSource                      *later;       /* completes it on a later iteration: see complete_later() */
  gint64                        pending_time; /* when it began */

  /* A splice to a pollable sink: pushes are written straight to @sink,
   * what it does not take is queued (and written first) until it is
   * writable again. NULL when no splice runs. */
  GTask                        *splice;
  GPollableOutputStream        *sink;
  GSource                      *sink_source;
  GSource                      *splice_cancel;
  guint64                       spliced;      /* bytes the sink took */
  guint64                       splice_limit;
  gsize                         unreported;   /* of @spliced, not yet given to progress */
  GError                       *splice_error; /* the sink's, or too many bytes */
  gboolean                      body_failed;  /* the last splice failed on the body's error */
  const GawsHttpBodyStreamSpliceObserver *observer;
  gpointer                      observer_data;

  gboolean                      unkept;       /* never to be kept as a spare: see free_spare() */
};

G_DEFINE_FINAL_TYPE (GawsHttpBodyStream, gaws_http_body_stream, G_TYPE_INPUT_STREAM)

static gboolean
is_readable (GawsHttpBodyStream *self)
{
  return self->buffered > 0 || self->slot_filled > 0 || self->eof || self->error != NULL || self->feed == NULL ||
         g_cancellable_is_cancelled (self->cancellable);
}

static void
clear_chunks (GawsHttpBodyStream *self)
{
  Chunk *chunk;

  while ((chunk = g_queue_pop_head (&self->chunks)) != NULL)
    g_free (chunk);
  self->buffered = 0;
}

/* Lets a paused transfer go on once half the buffer is free: resuming at
 * every read would pause and unpause curl for each small read. Resuming
 * may push at once, so the slot has to be up to date. */
static void
maybe_resume (GawsHttpBodyStream *self)
{
  if (self->refused && self->buffered <= self->high_water / 2 && self->feed != NULL)
    {
      self->refused = FALSE;
      self->feed->resume (self->transfer);
    }
}

/* The mark pushes are held to. */
static gsize
limit (GawsHttpBodyStream *self)
{
  if (self->initial_high_water > 0)
    return MIN (self->initial_high_water, self->high_water);
  return self->high_water;
}

/* Copies what is buffered into @buffer. */
static gsize
copy_out (GawsHttpBodyStream *self, guint8 *buffer, gsize count)
{
  gsize done = 0;

  while (done < count && self->buffered > 0)
    {
      Chunk *chunk = g_queue_peek_head (&self->chunks);
      gsize n = MIN (count - done, chunk->end - chunk->start);

      memcpy (buffer + done, chunk->data + chunk->start, n);
      chunk->start += n;
      done += n;
      self->buffered -= n;
      if (chunk->start == chunk->end)
        g_free (g_queue_pop_head (&self->chunks));
    }
  return done;
}

static void
set_slot (GawsHttpBodyStream *self, void *buffer, gsize count)
{
  self->slot = buffer;
  self->slot_count = count;
  self->slot_filled = 0;
}

/* Ends the waiting read: returns how many bytes pushes put in its buffer. */
static gsize
clear_slot (GawsHttpBodyStream *self)
{
  gsize filled = self->slot_filled;

  set_slot (self, NULL, 0);
  return filled;
}

/* A read that is not completed after all (it was cancelled) hands the bytes
 * pushes put in its buffer back to the front of the queue, where the next
 * read finds them. */
static void
give_back (GawsHttpBodyStream *self)
{
  const guint8 *data = self->slot;
  gsize len = clear_slot (self);
  Chunk *chunk;

  if (len == 0)
    return;
  chunk = g_malloc (sizeof (Chunk) + len);
  chunk->capacity = chunk->end = len;
  chunk->start = 0;
  memcpy (chunk->data, data, len);
  g_queue_push_head (&self->chunks, chunk);
  self->buffered += len;
  self->max_buffered = MAX (self->max_buffered, self->buffered);
}

/* Completes the read into the slot: the bytes pushes put there and what
 * else is buffered, else the error, else end of stream. */
static gssize
take (GawsHttpBodyStream *self, GError **error)
{
  guint8 *buffer = self->slot;
  gsize count = self->slot_count;
  gsize filled = clear_slot (self);

  /* The send's cancellable stops the body at once, even before the engine
   * got round to aborting the transfer. */
  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    {
      clear_chunks (self);
      return -1;
    }
  if (filled > 0 || self->buffered > 0 || count == 0)
    {
      filled += copy_out (self, buffer + filled, count - filled);
      maybe_resume (self);
      return (gssize) filled;
    }
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return -1;
    }
  if (!self->eof)
    {
      /* Only a stream whose transfer was aborted under it gets here. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "The body stream was closed");
      return -1;
    }
  return 0;
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

/* The read that completes another way leaves @later armed: disarming it
 * from outside its dispatch would wake the context up for nothing (see
 * complete_later()), and a dispatch that finds no read to complete costs
 * less. */
static void
clear_pending_sources (GawsHttpBodyStream *self)
{
  clear_source (&self->pending_cancel);
}

static gboolean on_pending_idle (gpointer user_data);

/* GTask runs the callback of a task that returns in the iteration of the
 * context it began in only on the next one (or from outside a source of
 * the context): a read completed now would stop taking pushes straight
 * into its buffer for nothing, and bytes that come meanwhile would have
 * to be queued. Such a read is completed on the next iteration instead. */
static gboolean
can_complete_now (GawsHttpBodyStream *self)
{
  GSource *source = g_main_current_source ();

  return source != NULL && g_source_get_context (source) == g_task_get_context (self->pending) &&
         g_source_get_time (source) > self->pending_time;
}

/* A GSource with no prepare nor check: its ready time says when it runs. */
static gboolean
later_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  g_source_set_ready_time (source, -1);   /* no wake-up: it is blocked while dispatched */
  return callback (user_data);
}

static GSourceFuncs later_funcs = { NULL, NULL, later_dispatch, NULL, NULL, NULL };

static void
new_later (GawsHttpBodyStream *self, GMainContext *context, int priority)
{
  clear_source (&self->later);
  self->later = g_source_new (&later_funcs, sizeof (GSource));
  g_source_set_ready_time (self->later, 0);   /* not attached yet: wakes nobody up */
  g_source_set_priority (self->later, priority);
  g_source_set_callback (self->later, on_pending_idle, self, NULL);
  g_source_attach (self->later, context);
}

/* Runs on_pending_idle() on the next iteration of the read's context (where
 * GTask would have completed it), at its priority. A stream keeps its
 * source: the read a reader makes from the callback of the one before
 * (read_all_async()'s end-of-stream read after the data) re-arms it
 * instead of making, attaching and destroying a new one. Only from its own
 * dispatch, though: there g_source_set_ready_time() wakes nobody up, while
 * from anywhere else it writes to the context's wake-up fd, dearer than an
 * attach from the thread that runs the context. */
static void
complete_later (GawsHttpBodyStream *self)
{
  GMainContext *context = g_task_get_context (self->pending);
  int priority = g_task_get_priority (self->pending);
  GSource *later = self->later;

  gboolean armed = later != NULL && g_source_get_ready_time (later) == 0;

  if (later == NULL || g_source_get_context (later) != context || (!armed && g_main_current_source () != later))
    {
      new_later (self, context, priority);
      return;
    }
  /* armed already (by a read that then completed another way) or in its
   * own dispatch */
  if (g_source_get_priority (later) != priority)
    g_source_set_priority (later, priority);
  if (!armed)
    g_source_set_ready_time (later, 0);
}

/* Completes the read of @task (whose reference it takes): @n bytes, or
 * @error when @n is -1. */
static void
return_read (GawsHttpBodyStream *self, GTask *task, gssize n, GError *error)
{
  GawsHttpBodyStreamReadDone done = self->pending_done;

  self->pending_done = NULL;
  if (done != NULL)
    {
      g_input_stream_clear_pending (G_INPUT_STREAM (self));
      done (task, n, error);
      return;
    }
  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
  g_object_unref (task);
}

static void
complete_pending (GawsHttpBodyStream *self)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  gssize n;

  if (self->pending == NULL || !is_readable (self))
    return;
  if (!can_complete_now (self))
    {
      complete_later (self);
      return;
    }
  task = g_steal_pointer (&self->pending);
  clear_pending_sources (self);
  /* GTask would report the cancellation and drop what the read took: it
   * goes back for the next read instead. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      give_back (self);
      return_read (self, g_steal_pointer (&task), -1,
                   g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled"));
      return;
    }
  n = take (self, &error);
  return_read (self, g_steal_pointer (&task), n, error);
}

static void
detach_feed (GawsHttpBodyStream *self, gboolean abort)
{
  const GawsHttpBodyStreamFeed *feed = self->feed;

  self->feed = NULL;
  if (feed != NULL && abort)
    feed->abort (self->transfer);
  self->transfer = NULL;
}

/* A synchronous read cannot block: the data it waits for comes from the very
 * context it would block. So it runs that context until there is something
 * to return, which is only safe from the thread that may run it. */
static gboolean
wait_readable (GawsHttpBodyStream  *self,
               void                *buffer,
               gsize                count,
               GCancellable        *cancellable,
               GError             **error)
{
  GSource *cancel_source = NULL;
  gboolean ok = TRUE;

  if (is_readable (self))
    return TRUE;
  if (!g_main_context_acquire (self->context))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "A body stream can only be read synchronously from the thread "
                           "that runs its engine's main context; use read_async");
      return FALSE;
    }
  if (cancellable != NULL)
    {
      /* Only there to wake the iteration up when cancelled. */
      cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_dummy_callback (cancel_source);
      g_source_attach (cancel_source, self->context);
    }
  /* Only now that pushes come from this thread can they fill @buffer. */
  set_slot (self, buffer, count);
  while (!is_readable (self) && (ok = !g_cancellable_set_error_if_cancelled (cancellable, error)))
    g_main_context_iteration (self->context, TRUE);
  if (cancel_source != NULL)
    {
      g_source_destroy (cancel_source);
      g_source_unref (cancel_source);
    }
  g_main_context_release (self->context);
  return ok;
}

static gssize
gaws_http_body_stream_read_fn (GInputStream  *stream,
                               void          *buffer,
                               gsize          count,
                               GCancellable  *cancellable,
                               GError       **error)
{
  GawsHttpBodyStream *self = GAWS_HTTP_BODY_STREAM (stream);

  self->initial_high_water = 0;
  if (!wait_readable (self, buffer, count, cancellable, error))
    {
      /* Cancelled: nothing was pushed into @buffer, or it would be readable. */
      clear_slot (self);
      return -1;
    }
  if (self->slot == NULL)
    set_slot (self, buffer, count);   /* was readable without waiting */
  return take (self, error);
}

static gboolean
on_pending_cancelled (GCancellable *cancellable, gpointer user_data)
{
  GawsHttpBodyStream *self = user_data;
  GTask *task = g_steal_pointer (&self->pending);

  clear_pending_sources (self);
  give_back (self);
  if (task != NULL)
    return_read (self, task, -1, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled"));
  return G_SOURCE_REMOVE;
}

static gboolean
on_pending_idle (gpointer user_data)
{
  complete_pending (user_data);
  return G_SOURCE_CONTINUE;   /* kept for the next read: see complete_later() */
}

/* A read that finds bytes queued takes them at once, but completes only on
 * the next iteration of the context (as GTask would anyway): pushes that
 * come in before then go straight into the rest of its buffer. Otherwise
 * the reader, always answered from the queue, would never catch up with
 * the transfer and every byte would be copied twice. */
static void
take_and_defer (GawsHttpBodyStream *self)
{
  self->slot_filled = copy_out (self, self->slot, self->slot_count);
  complete_later (self);
  maybe_resume (self);
}

/* Begins the read of @task (whose reference it takes), at its priority
 * and with its cancellable; @done completes it, or NULL when the task is
 * the stream's own. */
static void
begin_read (GawsHttpBodyStream         *self,
            void                       *buffer,
            gsize                       count,
            GTask                      *task,
            GawsHttpBodyStreamReadDone  done)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  self->pending = task;
  self->pending_done = done;
  self->pending_time = g_get_monotonic_time ();
  self->initial_high_water = 0;
  set_slot (self, buffer, count);
  if (is_readable (self) && (self->buffered == 0 || count == 0 || g_cancellable_is_cancelled (self->cancellable)))
    {
      complete_pending (self);
      return;
    }
  if (cancellable != NULL)
    {
      self->pending_cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->pending_cancel, G_SOURCE_FUNC (on_pending_cancelled), self, NULL);
      g_source_attach (self->pending_cancel, self->context);
    }
  if (self->buffered > 0)
    take_and_defer (self);
}

static void
gaws_http_body_stream_read_async (GInputStream        *stream,
                                  void                *buffer,
                                  gsize                count,
                                  int                  io_priority,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = g_task_new (stream, cancellable, callback, user_data);

  /* The function, not GLib's macro, which also copies the tag's name into
   * the task: an allocation per call, on a hot path. */
  (g_task_set_source_tag) (task, gaws_http_body_stream_read_async);
  g_task_set_priority (task, io_priority);
  begin_read (GAWS_HTTP_BODY_STREAM (stream), buffer, count, task, NULL);
}

/* gaws_http_body_stream_read_for_task:
 * @buffer: (out caller-allocates): where the bytes go
 * @count: its size
 * @task: (transfer full): the task of a filter stream's read, whose
 *   priority and cancellable the read takes
 * @done: completes it
 *
 * Internal: g_input_stream_read_async() for a filter stream that reads
 * this one, without a task of its own between them: the read is the
 * same (the stream is pending meanwhile; a closed or pending stream
 * fails it), but @done gets the count, or -1 and the error (owned), and
 * @task. It may be called before this returns (for those failures) or
 * from the context's next iteration, as GTask would complete the read:
 * @task's own return then completes it as GTask does. */
void
gaws_http_body_stream_read_for_task (GawsHttpBodyStream         *self,
                                     void                       *buffer,
                                     gsize                       count,
                                     GTask                      *task,
                                     GawsHttpBodyStreamReadDone  done)
{
  GError *error = NULL;

  if (!g_input_stream_set_pending (G_INPUT_STREAM (self), &error))
    {
      done (task, -1, error);
      return;
    }
  begin_read (self, buffer, count, task, done);
}

static gssize
gaws_http_body_stream_read_finish (GInputStream  *stream,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, stream), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

static gboolean
gaws_http_body_stream_close_fn (GInputStream  *stream,
                                GCancellable  *cancellable,
                                GError       **error)
{
  GawsHttpBodyStream *self = GAWS_HTTP_BODY_STREAM (stream);

  detach_feed (self, TRUE);
  clear_chunks (self);
  return TRUE;
}

/* Closing never blocks, so it is done at once rather than in a thread as
 * GInputStream would by default: the transfer may only be touched from the
 * engine's thread. */
static void
gaws_http_body_stream_close_async (GInputStream        *stream,
                                   int                  io_priority,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, gaws_http_body_stream_close_async);
  gaws_http_body_stream_close_fn (stream, cancellable, NULL);
  g_task_return_boolean (task, TRUE);
}

static gboolean
gaws_http_body_stream_close_finish (GInputStream  *stream,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, stream), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- spares ------------------------------------------------------------- */

/* Every streamed response (every GetObject) has a body stream, most often
 * dropped once read to its end: a g_object_new() of a GInputStream subclass
 * and its close and finalize through GLib 2.74 cost some 2,500
 * instructions and a hundred cache misses, for an object that is all
 * fields of this file. (A validating checksum stream leaves the closing
 * of a base it alone holds to the base's dispose: see
 * gaws-filter-stream.c.) A stream whose last reference goes with its
 * transfer over, nothing pending and nothing else on it is kept per
 * thread instead, as the runtime's filter streams are (gaws-filter-stream.c),
 * and handed out again by gaws_http_body_stream_new_for_feed(). */

static void free_spare (gpointer stream);

static GPrivate spare_streams = G_PRIVATE_INIT (free_spare);

/* A spare the thread does not keep, or keeps no more at its exit: its
 * last unref finalizes it. */
static void
free_spare (gpointer stream)
{
  ((GawsHttpBodyStream *) stream)->unkept = TRUE;
  g_object_unref (stream);
}

/* Drops all @self holds and sets it back to what g_object_new() makes,
 * without a context. */
static void
empty_for_spare (GawsHttpBodyStream *self)
{
  gsize start = G_STRUCT_OFFSET (GawsHttpBodyStream, context);

  clear_source (&self->later);
  clear_source (&self->pending_cancel);
  clear_source (&self->sink_source);
  clear_source (&self->splice_cancel);
  clear_chunks (self);
  g_clear_error (&self->error);
  g_clear_error (&self->splice_error);
  g_clear_object (&self->sink);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  memset ((char *) self + start, 0, sizeof *self - start);
  g_queue_init (&self->chunks);
}

/* For the dispose, first: when this is the last g_object_unref() with
 * nothing else on the stream (gaws_object_is_last_unref_only()), its
 * transfer over, open and with nothing pending, the stream is emptied, its
 * handlers destroyed, and kept in the spares by a reference taken here
 * that the g_object_unref() running then drops. A closed one is not: GLib
 * has no way to open it again. FALSE when it is not kept: the dispose
 * goes on (with an emptied stream, maybe). */
static gboolean
recycle_last (GawsHttpBodyStream *self)
{
  GObject *object = (GObject *) self;
  GInputStream *stream = (GInputStream *) self;

  if (!gaws_object_unref_is_known () || self->unkept || self->feed != NULL || self->pending != NULL ||
      self->splice != NULL || g_input_stream_is_closed (stream) || g_input_stream_has_pending (stream) ||
      !gaws_object_is_last_unref_only (object))
    return FALSE;
  empty_for_spare (self);
  g_signal_handlers_destroy (object);
  /* dropping the cancellable could have run anybody's code */
  if (!gaws_object_is_last_unref (object))
    return FALSE;
  return gaws_spare_object_keep_last (&spare_streams, object, free_spare);
}

/* A stream kept in the spares, or NULL */
static GawsHttpBodyStream *
take_spare (void)
{
  return gaws_spare_object_take_sole (&spare_streams, free_spare);
}

/* Every streamed response has one, dropped with it: its last reference
 * keeps it as a spare (recycle_last()), or closes it as GInputStream's
 * dispose does, which detaches the feed, and skips GObject's own dispose,
 * whose clears the last g_object_unref() makes after it anyway (see
 * gaws_object_dispose_unless_last()). */
static void
gaws_http_body_stream_dispose (GObject *object)
{
  GInputStream *stream = (GInputStream *) object;

  if (g_atomic_int_get ((gint *) &object->ref_count) > 1)
    {
      G_OBJECT_CLASS (gaws_http_body_stream_parent_class)->dispose (object);
      return;
    }
  if (recycle_last ((GawsHttpBodyStream *) object))
    return;
  if (!g_input_stream_is_closed (stream))
    g_input_stream_close (stream, NULL, NULL);
}

static void
gaws_http_body_stream_finalize (GObject *object)
{
  GawsHttpBodyStream *self = GAWS_HTTP_BODY_STREAM (object);

  /* the dispose closed the stream, which detached the feed */
  g_assert (self->feed == NULL);
  g_assert (self->pending == NULL);
  g_assert (self->splice == NULL);
  clear_source (&self->later);
  clear_chunks (self);
  g_clear_error (&self->error);
  g_clear_error (&self->splice_error);
  g_clear_object (&self->cancellable);
  /* none in a spare */
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (gaws_http_body_stream_parent_class)->finalize (object);
}

static void
gaws_http_body_stream_class_init (GawsHttpBodyStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->dispose = gaws_http_body_stream_dispose;
  object_class->finalize = gaws_http_body_stream_finalize;
  stream_class->read_fn = gaws_http_body_stream_read_fn;
  stream_class->read_async = gaws_http_body_stream_read_async;
  stream_class->read_finish = gaws_http_body_stream_read_finish;
  stream_class->close_fn = gaws_http_body_stream_close_fn;
  stream_class->close_async = gaws_http_body_stream_close_async;
  stream_class->close_finish = gaws_http_body_stream_close_finish;
}

static void
gaws_http_body_stream_init (GawsHttpBodyStream *self)
{
  g_queue_init (&self->chunks);
}

/**
 * gaws_http_body_stream_get_high_water:
 * @self: a #GawsHttpBodyStream
 *
 * Returns: the number of unread bytes above which the transfer is paused
 */
gsize
gaws_http_body_stream_get_high_water (GawsHttpBodyStream *self)
{
  g_return_val_if_fail (GAWS_IS_HTTP_BODY_STREAM (self), 0);
  return self->high_water;
}

/**
 * gaws_http_body_stream_set_high_water:
 * @self: a #GawsHttpBodyStream
 * @high_water: the number of unread bytes above which the transfer is
 *   paused; more than 0
 *
 * Sets how far the transfer may run ahead of the reader. Bytes that come
 * while a read is waiting go straight into its buffer and do not count;
 * only what does not fit there is held by the stream. A reader that reads
 * in large chunks can set a small mark: what its reads do not take then
 * stays in the connection (paused) instead of being copied into the
 * stream and out again. The default suits small reads.
 */
void
gaws_http_body_stream_set_high_water (GawsHttpBodyStream *self,
                                      gsize               high_water)
{
  g_return_if_fail (GAWS_IS_HTTP_BODY_STREAM (self));
  g_return_if_fail (high_water > 0);
  self->high_water = high_water;
}

/**
 * gaws_http_body_stream_get_max_buffered:
 * @self: a #GawsHttpBodyStream
 *
 * The most bytes that were ever waiting to be read at once: a figure for
 * tests and debugging, which shows that memory stayed bounded.
 *
 * Returns: the peak number of buffered bytes
 */
gsize
gaws_http_body_stream_get_max_buffered (GawsHttpBodyStream *self)
{
  g_return_val_if_fail (GAWS_IS_HTTP_BODY_STREAM (self), 0);
  return self->max_buffered;
}

/* gaws_http_body_stream_new_for_feed:
 * @context: the engine's context, where reads wait and complete
 * @cancellable: (nullable): the send's cancellable
 * @high_water: how many unread bytes the stream takes before refusing more
 * @feed: the transfer's callbacks
 * @transfer: their argument
 *
 * Internal to the engine. */
GawsHttpBodyStream *
gaws_http_body_stream_new_for_feed (GMainContext                 *context,
                                    GCancellable                 *cancellable,
                                    gsize                         high_water,
                                    const GawsHttpBodyStreamFeed *feed,
                                    gpointer                      transfer)
{
  GawsHttpBodyStream *self = take_spare ();

  if (self == NULL)
    self = g_object_new (GAWS_TYPE_HTTP_BODY_STREAM, NULL);
  self->context = g_main_context_ref (context);
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  self->high_water = high_water;
  self->feed = feed;
  self->transfer = transfer;
  return self;
}

static void
append (GawsHttpBodyStream *self, const void *data, gsize len)
{
  Chunk *tail = g_queue_peek_tail (&self->chunks);

  if (tail == NULL || tail->capacity - tail->end < len)
    {
      /* A first chunk of CHUNK_SIZE would be mostly empty for a body of a
       * few KiB (a small GetObject), and a 64 KiB malloc() and free() for
       * every such response makes glibc grow and trim its heap. */
      gsize capacity = MAX (len, tail == NULL ? FIRST_CHUNK_SIZE : CHUNK_SIZE);

      tail = g_malloc (sizeof (Chunk) + capacity);
      tail->capacity = capacity;
      tail->start = tail->end = 0;
      g_queue_push_tail (&self->chunks, tail);
    }
  memcpy (tail->data + tail->end, data, len);
  tail->end += len;
}

/* gaws_http_body_stream_set_initial_high_water:
 * @high_water: how many unread bytes the stream takes before the first
 *   read begins; 0 for its high-water mark
 *
 * Internal to the engine. A body nobody reads yet then stays in the
 * connection (paused) rather than in the stream, and the first large read
 * takes it straight from curl instead of a second copy. */
void
gaws_http_body_stream_set_initial_high_water (GawsHttpBodyStream *self,
                                              gsize               high_water)
{
  g_return_if_fail (GAWS_IS_HTTP_BODY_STREAM (self));
  self->initial_high_water = high_water;
}

/* ---- splicing to a pollable sink ---------------------------------------- */

/* Writes what the sink takes of @data now, as far as the limit allows;
 * returns how much it took. A failure is kept for the splice to report. */
static gsize
sink_write (GawsHttpBodyStream *self, const guint8 *data, gsize len)
{
  gsize done = 0;

  while (done < len && self->splice_error == NULL)
    {
      guint64 room = self->splice_limit - self->spliced;
      GError *error = NULL;
      gssize n;

      if (room == 0)
        {
          self->splice_error = g_error_new (GAWS_ERROR, GAWS_ERROR_PROTOCOL,
                                            "The body has more than the %" G_GUINT64_FORMAT " bytes expected",
                                            self->splice_limit);
          break;
        }
      n = g_pollable_output_stream_write_nonblocking (self->sink, data + done, (gsize) MIN (len - done, room),
                                                      NULL, &error);
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_error_free (error);
          break;
        }
      if (n < 0)
        {
          self->splice_error = error;
          break;
        }
      if (n == 0)
        break;
      if (self->observer != NULL && self->observer->data != NULL)
        self->observer->data (self->observer_data, data + done, (gsize) n);
      done += n;
      self->spliced += n;
      self->unreported += n;
    }
  return done;
}

/* Writes what is queued, in order, as far as the sink takes it. */
static void
drain_to_sink (GawsHttpBodyStream *self)
{
  while (self->buffered > 0 && self->splice_error == NULL)
    {
      Chunk *chunk = g_queue_peek_head (&self->chunks);
      gsize len = chunk->end - chunk->start;
      gsize n = sink_write (self, chunk->data + chunk->start, len);

      chunk->start += n;
      self->buffered -= n;
      if (chunk->start == chunk->end)
        g_free (g_queue_pop_head (&self->chunks));
      if (n < len)
        break;
    }
}

static void splice_step (GawsHttpBodyStream *self);

static gboolean
on_sink_writable (GObject *sink, gpointer user_data)
{
  GawsHttpBodyStream *self = user_data;

  g_clear_pointer (&self->sink_source, g_source_unref);
  splice_step (self);
  return G_SOURCE_REMOVE;
}

/* What the sink did not take waits for it to be writable; meanwhile the
 * stream's high-water mark holds the transfer back, as for a slow reader. */
static void
watch_sink (GawsHttpBodyStream *self)
{
  if (self->sink_source != NULL)
    return;
  self->sink_source = g_pollable_output_stream_create_source (self->sink, NULL);
  g_source_set_callback (self->sink_source, G_SOURCE_FUNC (on_sink_writable), self, NULL);
  g_source_attach (self->sink_source, self->context);
}

static void
complete_splice (GawsHttpBodyStream *self, GError *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->splice);

  clear_source (&self->sink_source);
  clear_source (&self->splice_cancel);
  g_clear_object (&self->sink);
  self->observer = NULL;
  g_input_stream_clear_pending (G_INPUT_STREAM (self));
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, (gssize) self->spliced);
}

/* Completes the splice if it is over: returns FALSE if not. */
static gboolean
splice_over (GawsHttpBodyStream *self)
{
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (self->cancellable, &error))
    clear_chunks (self);
  else if (self->splice_error != NULL)
    error = g_steal_pointer (&self->splice_error);
  else if (self->buffered > 0)
    return FALSE;
  else if (self->error != NULL)
    {
      error = g_error_copy (self->error);
      self->body_failed = TRUE;
    }
  else if (!self->eof && self->feed == NULL)
    {
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED, "The body stream was closed");
      self->body_failed = TRUE;
    }
  else if (!self->eof)
    return FALSE;
  complete_splice (self, error);
  return TRUE;
}

/* Moves a splice on, outside pushes: writes what is queued, reports
 * progress, lets a paused transfer go on, and completes it once over. */
static void
splice_step (GawsHttpBodyStream *self)
{
  if (self->splice == NULL)
    return;
  if (!g_cancellable_is_cancelled (self->cancellable))
    drain_to_sink (self);
  if (self->unreported > 0 && self->observer != NULL && self->observer->progress != NULL)
    {
      gsize n = self->unreported;

      self->unreported = 0;
      self->observer->progress (self->observer_data, n);
      if (self->splice == NULL)
        return;
    }
  if (self->splice_error == NULL)
    maybe_resume (self);   /* may push */
  if (splice_over (self))
    return;
  if (self->buffered > 0)
    watch_sink (self);
}

static gboolean
on_splice_cancelled (GCancellable *cancellable, gpointer user_data)
{
  GawsHttpBodyStream *self = user_data;

  g_clear_pointer (&self->splice_cancel, g_source_unref);
  complete_splice (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled"));
  return G_SOURCE_REMOVE;
}

/**
 * gaws_http_body_stream_splice_to_pollable_async:
 * @self: a #GawsHttpBodyStream
 * @sink: a #GPollableOutputStream that can poll
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called at the end of the body or on failure
 * @user_data: data for @callback
 *
 * Writes the rest of the body to @sink as it comes off the connection,
 * without copying it: the bytes curl hands over go straight to
 * g_pollable_output_stream_write_nonblocking(). What @sink does not take
 * at once is held by the stream (first what it held already), up to its
 * high-water mark, above which the transfer is paused until @sink is
 * writable again: a slow sink slows the download down as a slow reader
 * does. The stream cannot be read while the splice runs. @sink's
 * non-blocking write must not block: a #GUnixOutputStream on a file
 * descriptor needs it to be non-blocking (g_unix_set_fd_nonblocking()).
 *
 * It fails with the body's error (as a read would), with @sink's, or
 * with %G_IO_ERROR_CANCELLED; the bytes @sink took by then stay written,
 * and the rest of the body is best closed.
 */
void
gaws_http_body_stream_splice_to_pollable_async (GawsHttpBodyStream    *self,
                                                GPollableOutputStream *sink,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data)
{
  gaws_http_body_stream_splice_to_pollable_full_async (self, sink, G_MAXUINT64, NULL, NULL, cancellable, callback,
                                                       user_data);
}

/**
 * gaws_http_body_stream_splice_to_pollable_finish:
 * @self: a #GawsHttpBodyStream
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: the number of bytes written to the sink, or -1 on error
 */
gssize
gaws_http_body_stream_splice_to_pollable_finish (GawsHttpBodyStream  *self,
                                                 GAsyncResult        *result,
                                                 GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

/* gaws_http_body_stream_splice_to_pollable_full_async:
 * @limit: the most bytes the body may have; more fails the splice with a
 *   %GAWS_ERROR_PROTOCOL before they reach the sink
 * @observer: (nullable): watches the bytes written
 *
 * Internal: gaws_http_body_stream_splice_to_pollable_async() with a limit
 * and an observer. */
void
gaws_http_body_stream_splice_to_pollable_full_async (GawsHttpBodyStream                     *self,
                                                     GPollableOutputStream                  *sink,
                                                     guint64                                 limit,
                                                     const GawsHttpBodyStreamSpliceObserver *observer,
                                                     gpointer                                observer_data,
                                                     GCancellable                           *cancellable,
                                                     GAsyncReadyCallback                     callback,
                                                     gpointer                                user_data)
{
  GTask *task;
  GError *error = NULL;

  g_return_if_fail (GAWS_IS_HTTP_BODY_STREAM (self));
  g_return_if_fail (G_IS_POLLABLE_OUTPUT_STREAM (sink));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_http_body_stream_splice_to_pollable_async);
  if (!g_pollable_output_stream_can_poll (sink))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "The sink cannot poll");
      g_object_unref (task);
      return;
    }
  if (!g_input_stream_set_pending (G_INPUT_STREAM (self), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  self->splice = task;
  self->sink = g_object_ref (sink);
  self->spliced = 0;
  self->unreported = 0;
  self->splice_limit = limit;
  self->body_failed = FALSE;
  self->observer = observer;
  self->observer_data = observer_data;
  self->initial_high_water = 0;
  if (cancellable != NULL)
    {
      self->splice_cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->splice_cancel, G_SOURCE_FUNC (on_splice_cancelled), self, NULL);
      g_source_attach (self->splice_cancel, self->context);
    }
  splice_step (self);
}

/* gaws_http_body_stream_splice_body_failed:
 *
 * Internal. Returns: whether the last splice failed on the body's own
 * error (the connection, a timeout), rather than the sink's, the limit or
 * a cancellation. */
gboolean
gaws_http_body_stream_splice_body_failed (GawsHttpBodyStream *self)
{
  g_return_val_if_fail (GAWS_IS_HTTP_BODY_STREAM (self), FALSE);
  return self->body_failed;
}

/* gaws_http_body_stream_push:
 *
 * Takes @len bytes unless that would put the stream above its high-water
 * mark; then it takes nothing, returns %FALSE, and calls the feed's resume
 * once the reader has made room. Bytes go straight into the buffer of a
 * waiting read as far as it has room (they do not count against the mark),
 * the rest into the stream's own. Never calls back into the engine nor
 * completes a read: the engine calls gaws_http_body_stream_dispatch() once
 * it is out of curl's callbacks. */
gboolean
gaws_http_body_stream_push (GawsHttpBodyStream *self, const void *data, gsize len)
{
  if (self->feed == NULL)
    return TRUE;
  if (self->splice != NULL && self->buffered == 0)
    {
      /* Straight to the sink; only what it does not take is queued. Once
       * the splice failed the bytes have nowhere to go. */
      gsize n = self->splice_error == NULL ? sink_write (self, data, len) : len;

      if (self->splice_error != NULL || n == len)
        return TRUE;
      data = (const guint8 *) data + n;
      len -= n;
      watch_sink (self);
    }
  else if (self->buffered > 0 && self->buffered + len > limit (self))
    {
      self->refused = TRUE;
      return FALSE;
    }
  if (self->buffered == 0 && self->slot_filled < self->slot_count)
    {
      /* Straight into the waiting reader's buffer; only the rest is queued
       * (never refused, as nothing was queued before it). */
      gsize n = MIN (len, self->slot_count - self->slot_filled);

      memcpy (self->slot + self->slot_filled, data, n);
      self->slot_filled += n;
      if (n == len)
        return TRUE;
      data = (const guint8 *) data + n;
      len -= n;
    }
  append (self, data, len);
  self->buffered += len;
  self->max_buffered = MAX (self->max_buffered, self->buffered);
  return TRUE;
}

/* gaws_http_body_stream_dispatch:
 *
 * Completes a waiting read_async if there is something for it. May run the
 * reader's callback. */
void
gaws_http_body_stream_dispatch (GawsHttpBodyStream *self)
{
  complete_pending (self);
  splice_step (self);
}

/* gaws_http_body_stream_finish:
 * @error: (transfer full) (nullable): why the transfer failed, or %NULL when
 *   the whole body arrived
 *
 * Detaches the transfer: what is buffered can still be read, then comes end
 * of stream or @error. Completes a waiting read. */
void
gaws_http_body_stream_finish (GawsHttpBodyStream *self, GError *error)
{
  g_object_ref (self);
  detach_feed (self, FALSE);
  if (error != NULL)
    {
      /* The body is known to be broken (or no longer wanted): the next read
       * says so rather than handing out more of it. */
      clear_chunks (self);
      self->slot_filled = 0;
      g_clear_error (&self->error);
      self->error = error;
    }
  else
    self->eof = TRUE;
  complete_pending (self);
  splice_step (self);
  g_object_unref (self);
}
