/* gaws-event-stream-writer.c: the events an operation sends
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-event-stream-writer.h"
#include "gaws-event-stream-private.h"

#include <string.h>

#include "gaws-error.h"
#include "gaws-event-stream-encoder.h"
#include "gaws-http-body-stream.h"

/**
 * GawsEventStreamWriter:
 *
 * The events of an operation whose input is an event stream, such as
 * Bedrock runtime's `InvokeModelWithBidirectionalStream`.
 *
 * Make one with gaws_event_stream_writer_new_for_input(), which puts it in
 * the input's event-stream member, then call the operation: the request's
 * body is the stream of events the writer is given. Each
 * gaws_event_stream_writer_send_event_async() queues one event, which goes
 * out as a frame once the request is under way;
 * gaws_event_stream_writer_end_async() sends the empty frame that ends the
 * stream. Events may be sent before the operation is called, while it
 * waits for the response's head, and after its `_finish` has returned,
 * while the output's #GawsEventStream is read: the request body and the
 * response body travel at the same time (over HTTP/2 where TLS negotiates
 * it, else as an HTTP/1.1 chunked body).
 *
 * Every frame is signed as SigV4 event streams are: the encoded event is
 * the payload of a frame whose `:date` and `:chunk-signature` headers
 * chain its signature to the one of the frame before, starting from the
 * request's own signature (see #GawsEventStreamEncoder). The request is
 * signed with the payload hash %GAWS_EVENT_STREAM_PAYLOAD_SIGNED. A
 * frame's `:date` is when it leaves, on the service's clock as the client
 * knows it: corrected for the clock skew an earlier error revealed, like
 * the request's own signing time.
 *
 * A send completes once its frame is handed to the transfer; when more
 * than a few hundred kilobytes wait to go out, sends wait for the
 * connection. Once the request is over (the response ended, failed, was
 * cancelled or its #GawsEventStream was closed), sends fail with
 * %GAWS_ERROR_CONNECTION. Dropping the last reference to a writer that has
 * not ended fails the request. A writer serves one call: its request
 * cannot be retried.
 */

#define WRITER_HIGH_WATER (256 * 1024)
#define EVENT_STREAM_CONTENT_TYPE "application/vnd.amazon.eventstream"

typedef struct {
  char      *event_name;   /* NULL for the end frame */
  GawsShape *event;
  GBytes    *frame;        /* once encoded (and signed): it goes out as it is */
  GTask     *task;         /* NULL once answered */
  GSource   *cancel;
} Pending;

struct _GawsEventStreamWriter {
  GObject                  parent_instance;

  GMainContext            *context;
  const GawsOperationInfo *op;       /* once a request carries the writer */
  GawsHttpBodyStream      *body;     /* that request's body (weak: it lives as long as
                                      * the request), which the engine reads */
  GawsEventStreamEncoder  *encoder;  /* once the request is signed */
  gint64                   clock_offset_us; /* the client's clock-skew correction */
  GQueue                   pending;  /* Pending */
  GSource                 *flush_source;
  gboolean                 ended;    /* the end was asked for */
  gboolean                 finished; /* the end frame went out */
  GError                  *error;    /* the request is over: why nothing more goes out */
};

G_DEFINE_FINAL_TYPE (GawsEventStreamWriter, gaws_event_stream_writer, G_TYPE_OBJECT)

/* The writer whose events a request body stream carries. */
static GQuark
writer_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("gaws-event-stream-writer");
  return quark;
}

static void
pending_free (Pending *pending)
{
  if (pending->cancel != NULL)
    {
      g_source_destroy (pending->cancel);
      g_source_unref (pending->cancel);
    }
  g_free (pending->event_name);
  g_clear_object (&pending->event);
  g_clear_pointer (&pending->frame, g_bytes_unref);
  g_clear_object (&pending->task);
  g_free (pending);
}

static void
pending_return (Pending *pending,
                GError  *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&pending->task);

  if (task == NULL)
    g_clear_error (&error);
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
gaws_event_stream_writer_dispose (GObject *object)
{
  GawsEventStreamWriter *self = GAWS_EVENT_STREAM_WRITER (object);

  if (self->body != NULL)
    {
      g_object_set_qdata (G_OBJECT (self->body), writer_quark (), NULL);
      /* Without its end the service would take a cut stream for a whole
       * one: the request fails instead. */
      if (!self->finished)
        gaws_http_body_stream_finish (self->body,
                                      g_error_new_literal (GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                                                           "The event stream writer was dropped before its end"));
      g_object_remove_weak_pointer (G_OBJECT (self->body), (gpointer *) &self->body);
      self->body = NULL;
    }
  g_queue_clear_full (&self->pending, (GDestroyNotify) pending_free);
  g_clear_object (&self->encoder);
  G_OBJECT_CLASS (gaws_event_stream_writer_parent_class)->dispose (object);
}

static void
gaws_event_stream_writer_finalize (GObject *object)
{
  GawsEventStreamWriter *self = GAWS_EVENT_STREAM_WRITER (object);

  g_assert (self->flush_source == NULL);
  g_clear_error (&self->error);
  g_main_context_unref (self->context);
  G_OBJECT_CLASS (gaws_event_stream_writer_parent_class)->finalize (object);
}

static void
gaws_event_stream_writer_class_init (GawsEventStreamWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gaws_event_stream_writer_dispose;
  object_class->finalize = gaws_event_stream_writer_finalize;
}

static void
gaws_event_stream_writer_init (GawsEventStreamWriter *self)
{
  self->context = g_main_context_ref_thread_default ();
  g_queue_init (&self->pending);
}

/* ---- sending frames ---- */

static void schedule_flush (GawsEventStreamWriter *self);

/* Now, on the service's clock: corrected for the skew the client found,
 * as the request's own signing time is, so that frames are not refused as
 * too old or too new. */
static GDateTime *
signing_now (GawsEventStreamWriter *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return self->clock_offset_us != 0 ? g_date_time_add (now, self->clock_offset_us) : g_steal_pointer (&now);
}

/* The next frame to go out, encoded and signed now: its :date is when it
 * leaves, and its signature chains to the frame sent before it. */
static gboolean
encode_pending (GawsEventStreamWriter  *self,
                Pending                *pending,
                GError                **error)
{
  g_autoptr(GawsEventStreamMessage) message = NULL;
  g_autoptr(GDateTime) now = signing_now (self);

  if (pending->event_name == NULL)
    {
      pending->frame = gaws_event_stream_encoder_encode_end (self->encoder, now, error);
      return pending->frame != NULL;
    }
  message = gaws_event_stream_encode_event (self->op, pending->event_name, pending->event, error);
  if (message != NULL)
    pending->frame = gaws_event_stream_encoder_encode (self->encoder, message, now, error);
  return pending->frame != NULL;
}

static void
fail_all (GawsEventStreamWriter *self)
{
  Pending *pending;

  while ((pending = g_queue_pop_head (&self->pending)) != NULL)
    {
      pending_return (pending, g_error_copy (self->error));
      pending_free (pending);
    }
}

/* Hands the queued frames to the transfer, in order, until it has no room
 * or the request is not signed yet. */
static void
flush (GawsEventStreamWriter *self)
{
  Pending *pending;

  while (self->error == NULL && (pending = g_queue_peek_head (&self->pending)) != NULL)
    {
      GError *error = NULL;
      gboolean end;

      if (pending->frame == NULL)
        {
          /* Not encoded yet, so leaving it out breaks no chain. */
          if (pending->task == NULL || g_task_return_error_if_cancelled (pending->task))
            {
              /* A cancelled end may be asked for again. */
              if (pending->event_name == NULL)
                self->ended = FALSE;
              g_clear_object (&pending->task);
              pending_free (g_queue_pop_head (&self->pending));
              continue;
            }
          if (self->encoder == NULL)
            return;
          if (!encode_pending (self, pending, &error))
            {
              g_queue_pop_head (&self->pending);
              pending_return (pending, error);
              pending_free (pending);
              continue;
            }
        }
      if (!gaws_http_body_stream_push (self->body, g_bytes_get_data (pending->frame, NULL),
                                       g_bytes_get_size (pending->frame)))
        return;   /* the feed's resume flushes again */
      end = pending->event_name == NULL;
      g_queue_pop_head (&self->pending);
      if (end)
        {
          self->finished = TRUE;
          gaws_http_body_stream_finish (self->body, NULL);
        }
      else
        gaws_http_body_stream_dispatch (self->body);
      pending_return (pending, NULL);
      pending_free (pending);
    }
  if (self->error != NULL)
    fail_all (self);
}

static gboolean
flush_cb (gpointer user_data)
{
  GawsEventStreamWriter *self = user_data;

  g_clear_pointer (&self->flush_source, g_source_unref);
  flush (self);
  return G_SOURCE_REMOVE;
}

/* Flushing from an idle keeps callers' callbacks and the engine out of
 * each other's stacks. */
static void
schedule_flush (GawsEventStreamWriter *self)
{
  if (self->flush_source != NULL)
    return;
  self->flush_source = g_idle_source_new ();
  g_source_set_priority (self->flush_source, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->flush_source, flush_cb, g_object_ref (self), g_object_unref);
  g_source_attach (self->flush_source, self->context);
}

/* ---- the transfer's side of the body ---- */

static void
feed_resume (gpointer data)
{
  schedule_flush (data);
}

/* The engine closed the body, or the request that held it is gone: the
 * request is over before the end frame. */
static void
feed_abort (gpointer data)
{
  GawsEventStreamWriter *self = data;

  if (self->error == NULL)
    self->error = g_error_new (GAWS_ERROR, GAWS_ERROR_CONNECTION,
                               "The %s request is over: no more events can be sent",
                               self->op ? self->op->name : "event stream");
  schedule_flush (self);
}

static const GawsHttpBodyStreamFeed writer_feed = { feed_resume, feed_abort };

/* ---- public API ---- */

/**
 * gaws_event_stream_writer_new_for_input:
 * @input: the input of an operation that sends an event stream, such as a
 *   `InvokeModelWithBidirectionalStreamRequest`
 *
 * Makes a writer and puts it in @input's event-stream member (`body` for
 * `InvokeModelWithBidirectionalStream`), replacing what it held. The
 * writer completes its sends on the thread-default main context of the
 * caller, which must be the one the client runs on.
 *
 * Returns: (transfer full): a new #GawsEventStreamWriter
 */
GawsEventStreamWriter *
gaws_event_stream_writer_new_for_input (GawsShape *input)
{
  GawsEventStreamWriter *self;
  GValue value = G_VALUE_INIT;
  gint index;

  g_return_val_if_fail (GAWS_IS_SHAPE (input), NULL);
  index = gaws_event_stream_find_member (gaws_shape_get_info (input));
  g_return_val_if_fail (index >= 0, NULL);

  self = g_object_new (GAWS_TYPE_EVENT_STREAM_WRITER, NULL);
  g_value_init (&value, G_TYPE_OBJECT);
  g_value_set_object (&value, self);
  gaws_shape_take_value (input, (guint) index, &value);
  return self;
}

/**
 * gaws_event_stream_writer_from_input:
 * @input: the input of an operation that sends an event stream
 *
 * Returns: (transfer none) (nullable): the writer in @input's event-stream
 *   member, or %NULL
 */
GawsEventStreamWriter *
gaws_event_stream_writer_from_input (GawsShape *input)
{
  const GValue *value;
  gint index;

  g_return_val_if_fail (GAWS_IS_SHAPE (input), NULL);
  index = gaws_event_stream_find_member (gaws_shape_get_info (input));
  value = index >= 0 ? gaws_shape_get_value (input, (guint) index) : NULL;
  if (value == NULL || !G_VALUE_HOLDS_OBJECT (value) || !GAWS_IS_EVENT_STREAM_WRITER (g_value_get_object (value)))
    return NULL;
  return g_value_get_object (value);
}

static void
on_pending_cancelled (GCancellable *cancellable,
                      gpointer      user_data)
{
  schedule_flush (user_data);
}

static void
queue (GawsEventStreamWriter *self,
       const char            *event_name,
       GawsShape             *event,
       GTask                 *task)
{
  Pending *pending = g_new0 (Pending, 1);
  GCancellable *cancellable = g_task_get_cancellable (task);

  pending->event_name = g_strdup (event_name);
  pending->event = event ? gaws_shape_copy (event) : NULL;
  pending->task = g_object_ref (task);
  if (cancellable != NULL)
    {
      /* A queued event still unencoded is dropped at once when cancelled. */
      pending->cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (pending->cancel, G_SOURCE_FUNC (on_pending_cancelled), self, NULL);
      g_source_attach (pending->cancel, self->context);
    }
  g_queue_push_tail (&self->pending, pending);
  schedule_flush (self);
}

/**
 * gaws_event_stream_writer_send_event_async:
 * @self: a #GawsEventStreamWriter
 * @event_name: the event's member name in the event-stream union, such as
 *   `chunk`
 * @event: the event, an instance of that member's structure (copied)
 * @cancellable: (nullable): a #GCancellable: an event not yet encoded is
 *   then left out (one already signed still goes out, to keep the chain)
 * @callback: (scope async): called once the event is handed to the
 *   transfer
 * @user_data: data for @callback
 *
 * Sends one event, after those sent before it.
 */
void
gaws_event_stream_writer_send_event_async (GawsEventStreamWriter *self,
                                           const char            *event_name,
                                           GawsShape             *event,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GAWS_IS_EVENT_STREAM_WRITER (self));
  g_return_if_fail (event_name != NULL);
  g_return_if_fail (GAWS_IS_SHAPE (event));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_event_stream_writer_send_event_async);
  if (self->ended)
    {
      g_task_return_new_error (task, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                               "Event %s sent after the end of the event stream", event_name);
      return;
    }
  if (self->error != NULL)
    {
      g_task_return_error (task, g_error_copy (self->error));
      return;
    }
  queue (self, event_name, event, task);
}

/**
 * gaws_event_stream_writer_send_event_finish:
 * @self: a #GawsEventStreamWriter
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the event is on its way; %FALSE with
 *   %GAWS_ERROR_INVALID_ARGUMENT for an event the operation does not take,
 *   %GAWS_ERROR_CONNECTION once the request is over, or
 *   %G_IO_ERROR_CANCELLED
 */
gboolean
gaws_event_stream_writer_send_event_finish (GawsEventStreamWriter  *self,
                                            GAsyncResult           *result,
                                            GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gaws_event_stream_writer_end_async:
 * @self: a #GawsEventStreamWriter
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called once the end frame is handed to the
 *   transfer
 * @user_data: data for @callback
 *
 * Ends the stream with its (signed) empty frame, after the events sent
 * before. The response may go on after it.
 */
void
gaws_event_stream_writer_end_async (GawsEventStreamWriter *self,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GAWS_IS_EVENT_STREAM_WRITER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_event_stream_writer_end_async);
  if (self->ended)
    {
      g_task_return_new_error (task, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                               "The event stream was ended already");
      return;
    }
  if (self->error != NULL)
    {
      g_task_return_error (task, g_error_copy (self->error));
      return;
    }
  self->ended = TRUE;
  queue (self, NULL, NULL, task);
}

/**
 * gaws_event_stream_writer_end_finish:
 * @self: a #GawsEventStreamWriter
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the end frame is on its way
 */
gboolean
gaws_event_stream_writer_end_finish (GawsEventStreamWriter  *self,
                                     GAsyncResult           *result,
                                     GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gaws_event_stream_writer_is_closed:
 * @self: a #GawsEventStreamWriter
 *
 * Returns: whether nothing more can be sent: the end frame went out, or
 *   the request is over
 */
gboolean
gaws_event_stream_writer_is_closed (GawsEventStreamWriter *self)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_WRITER (self), TRUE);
  return self->finished || self->error != NULL;
}

/**
 * gaws_event_stream_writer_get_last_signature:
 * @self: a #GawsEventStreamWriter
 *
 * The signature chain so far, for logs and tests.
 *
 * Returns: (nullable): the hex signature of the last frame sent, the
 *   request's own before the first, or %NULL before the request is signed
 *   or when it is not
 */
const char *
gaws_event_stream_writer_get_last_signature (GawsEventStreamWriter *self)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_WRITER (self), NULL);
  return self->encoder ? gaws_event_stream_encoder_get_prior_signature (self->encoder) : NULL;
}

/* ---- the operation layer's side ---- */

/* gaws_event_stream_has_input: (private, for the operation layer)
 * @op: a #GawsOperationInfo
 *
 * Returns: whether @op's input has an event-stream member
 */
gboolean
gaws_event_stream_has_input (const GawsOperationInfo *op)
{
  return gaws_event_stream_find_member (op->input) >= 0;
}

/* gaws_event_stream_prepare_input: (private, for the operation layer)
 * @op: a #GawsOperationInfo
 * @input: (nullable): the caller's input
 * @out_input: (out) (transfer full): what to validate and serialize
 *   instead of @input: a copy whose event-stream member holds an empty
 *   union, so that it checks and serializes as a structure
 * @out_writer: (out) (transfer full): the writer from @input
 * @error: return location for a #GError
 *
 * Returns: %FALSE with a %GAWS_ERROR_INVALID_ARGUMENT error when @op sends
 *   events and @input has no unused #GawsEventStreamWriter; %TRUE, with
 *   nothing set, for other operations
 */
gboolean
gaws_event_stream_prepare_input (const GawsOperationInfo  *op,
                                 GawsShape                *input,
                                 GawsShape               **out_input,
                                 GawsEventStreamWriter   **out_writer,
                                 GError                  **error)
{
  gint index = gaws_event_stream_find_member (op->input);
  GawsEventStreamWriter *writer;
  g_autoptr(GawsShape) empty = NULL;
  GValue value = G_VALUE_INIT;

  *out_input = NULL;
  *out_writer = NULL;
  if (index < 0)
    return TRUE;
  writer = input ? gaws_event_stream_writer_from_input (input) : NULL;
  if (writer == NULL || writer->op != NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s sends an event stream: its input needs a writer of its own "
                   "(gaws_event_stream_writer_new_for_input())", op->name);
      return FALSE;
    }
  empty = gaws_shape_new (op->input->members[index].shape);
  g_value_init (&value, G_TYPE_OBJECT);
  g_value_set_object (&value, empty);
  *out_input = gaws_shape_copy (input);
  gaws_shape_take_value (*out_input, (guint) index, &value);
  *out_writer = g_object_ref (writer);
  return TRUE;
}

/* gaws_event_stream_writer_attach: (private, for the operation layer)
 * @self: a writer from gaws_event_stream_prepare_input()
 * @op: the operation
 * @request: its serialized request
 *
 * Makes @request's body the writer's events.
 */
void
gaws_event_stream_writer_attach (GawsEventStreamWriter   *self,
                                 const GawsOperationInfo *op,
                                 GawsHttpRequest         *request)
{
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);
  g_autoptr(GawsHttpBodyStream) body = NULL;

  g_return_if_fail (self->op == NULL);
  self->op = op;
  body = gaws_http_body_stream_new_for_feed (self->context, NULL, WRITER_HIGH_WATER, &writer_feed, self);
  g_object_set_qdata (G_OBJECT (body), writer_quark (), self);
  gaws_http_request_set_body_stream (request, G_INPUT_STREAM (body), -1);
  /* A call that fails before its transfer drops the body, which tells
   * the writer (feed_abort()) */
  self->body = body;
  g_object_add_weak_pointer (G_OBJECT (body), (gpointer *) &self->body);
  gaws_http_headers_remove (headers, "Content-Length");
  gaws_http_headers_replace (headers, "Content-Type", EVENT_STREAM_CONTENT_TYPE);
  gaws_http_headers_replace (headers, "X-Amz-Content-Sha256", GAWS_EVENT_STREAM_PAYLOAD_SIGNED);
  gaws_http_request_set_payload_hash (request, GAWS_EVENT_STREAM_PAYLOAD_SIGNED);
}

/* The hex signature in a SigV4 Authorization header. */
static const char *
seed_signature (GawsHttpRequest *request)
{
  const char *authorization = gaws_http_headers_get_one (gaws_http_request_get_headers (request),
                                                         "Authorization");
  const char *signature = authorization ? strstr (authorization, "Signature=") : NULL;

  return signature ? signature + strlen ("Signature=") : NULL;
}

/* gaws_event_stream_writer_start_signing: (private, for the client)
 * @attempt: a signed request about to be sent
 * @credentials: (nullable): the credentials it was signed with
 * @region: the signing region
 * @service: the signing name
 * @clock_offset_us: the client's clock-skew correction (the service's time
 *   minus ours), which @attempt was signed with and the frames' `:date`
 *   follows too
 * @error: return location for a #GError
 *
 * When @attempt's body is a writer's events, their frames chain to its
 * signature from now on. Does nothing for other requests.
 *
 * Returns: %FALSE with a %GAWS_ERROR_INVALID_ARGUMENT error when the
 *   events were sent with an earlier attempt
 */
gboolean
gaws_event_stream_writer_start_signing (GawsHttpRequest  *attempt,
                                        GawsCredentials  *credentials,
                                        const char       *region,
                                        const char       *service,
                                        gint64            clock_offset_us,
                                        GError          **error)
{
  GInputStream *body = gaws_http_request_get_body_stream (attempt);
  GawsEventStreamWriter *self = body ? g_object_get_qdata (G_OBJECT (body), writer_quark ()) : NULL;
  const char *seed;

  if (self == NULL)
    return TRUE;
  if (self->encoder != NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "The events of %s went out with an earlier attempt and cannot be sent again",
                   self->op->name);
      return FALSE;
    }
  seed = seed_signature (attempt);
  self->clock_offset_us = clock_offset_us;
  /* Anonymous requests send their frames as they are. */
  if (credentials == NULL || seed == NULL)
    self->encoder = gaws_event_stream_encoder_new ();
  else
    self->encoder = gaws_event_stream_encoder_new_signing (credentials, region, service, seed);
  schedule_flush (self);
  return TRUE;
}

/* gaws_event_stream_writer_abort_request: (private, for the operation layer)
 * @request: a request whose call failed
 * @error: why
 *
 * When @request's body is a writer's events, the writer stops: its sends
 * fail from now on. Does nothing for other requests.
 */
void
gaws_event_stream_writer_abort_request (GawsHttpRequest *request,
                                        const GError    *error)
{
  GInputStream *body = gaws_http_request_get_body_stream (request);
  GawsEventStreamWriter *self = body ? g_object_get_qdata (G_OBJECT (body), writer_quark ()) : NULL;

  if (self == NULL || self->finished || self->error != NULL)
    return;
  self->error = g_error_new (GAWS_ERROR, GAWS_ERROR_CONNECTION, "The %s call failed: %s",
                             self->op->name, error->message);
  schedule_flush (self);
}
