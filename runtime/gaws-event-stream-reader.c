/* gaws-event-stream-reader.c: messages of an AWS event stream read from a GInputStream
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-event-stream-reader.h"

/**
 * GawsEventStreamReader:
 *
 * Reads the messages of an `application/vnd.amazon.eventstream` body, such
 * as the streamed body of a response, one at a time:
 * gaws_event_stream_reader_next_message_async() gives the next message, and
 * %NULL without an error once the stream has ended cleanly between frames.
 *
 * A stream that ends inside a frame, or a malformed frame, is a
 * %GAWS_ERROR_PROTOCOL error (see #GawsEventStreamDecoder), and so is every
 * later call. An error from the stream itself is passed on as it is; a
 * cancelled call loses nothing, and the next call goes on where it left.
 *
 * The reader does not look at what the messages say: an `exception`
 * message is returned like any other, for the caller to turn into a
 * #GError with gaws_event_stream_message_to_error().
 */

/* Large enough for a typical event in one read, small enough that a slow
 * trickle of events is not held up waiting to fill it: reads return what
 * is there. */
#define READ_SIZE (64 * 1024)

struct _GawsEventStreamReader {
  GObject                 parent_instance;
  GInputStream           *stream;
  GawsEventStreamDecoder *decoder;
  gboolean                at_end;   /* the stream said end of file */
  gboolean                busy;     /* a call is under way */
};

G_DEFINE_FINAL_TYPE (GawsEventStreamReader, gaws_event_stream_reader, G_TYPE_OBJECT)

enum { PROP_0, PROP_STREAM, PROP_DECODER, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
gaws_event_stream_reader_dispose (GObject *object)
{
  GawsEventStreamReader *self = GAWS_EVENT_STREAM_READER (object);

  g_clear_object (&self->stream);
  g_clear_object (&self->decoder);
  G_OBJECT_CLASS (gaws_event_stream_reader_parent_class)->dispose (object);
}

static void
gaws_event_stream_reader_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  GawsEventStreamReader *self = GAWS_EVENT_STREAM_READER (object);

  switch (prop_id)
    {
    case PROP_STREAM:
      g_value_set_object (value, self->stream);
      break;
    case PROP_DECODER:
      g_value_set_object (value, self->decoder);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_event_stream_reader_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  GawsEventStreamReader *self = GAWS_EVENT_STREAM_READER (object);

  switch (prop_id)
    {
    case PROP_STREAM:
      self->stream = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_event_stream_reader_class_init (GawsEventStreamReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gaws_event_stream_reader_dispose;
  object_class->get_property = gaws_event_stream_reader_get_property;
  object_class->set_property = gaws_event_stream_reader_set_property;

  /**
   * GawsEventStreamReader:stream:
   *
   * The stream the frames are read from.
   */
  properties[PROP_STREAM] =
    g_param_spec_object ("stream", NULL, NULL, G_TYPE_INPUT_STREAM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * GawsEventStreamReader:decoder:
   *
   * The decoder the reader feeds, whose #GawsEventStreamDecoder:max-frame-size
   * may be changed before the first read.
   */
  properties[PROP_DECODER] =
    g_param_spec_object ("decoder", NULL, NULL, GAWS_TYPE_EVENT_STREAM_DECODER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gaws_event_stream_reader_init (GawsEventStreamReader *self)
{
  self->decoder = gaws_event_stream_decoder_new ();
}

/**
 * gaws_event_stream_reader_new:
 * @stream: the stream to read frames from
 *
 * Returns: (transfer full): a new reader of @stream
 */
GawsEventStreamReader *
gaws_event_stream_reader_new (GInputStream *stream)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  return g_object_new (GAWS_TYPE_EVENT_STREAM_READER, "stream", stream, NULL);
}

/**
 * gaws_event_stream_reader_get_stream:
 * @self: a #GawsEventStreamReader
 *
 * Returns: (transfer none): the value of #GawsEventStreamReader:stream
 */
GInputStream *
gaws_event_stream_reader_get_stream (GawsEventStreamReader *self)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_READER (self), NULL);
  return self->stream;
}

/**
 * gaws_event_stream_reader_get_decoder:
 * @self: a #GawsEventStreamReader
 *
 * Returns: (transfer none): the value of #GawsEventStreamReader:decoder
 */
GawsEventStreamDecoder *
gaws_event_stream_reader_get_decoder (GawsEventStreamReader *self)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_READER (self), NULL);
  return self->decoder;
}

/* What the reader can answer without reading: a decoded message, then the
 * decoder's fault, then the end. Messages that were complete before a
 * fault are good ones, so they come first. Returns FALSE if it must read. */
static gboolean
answer_without_reading (GawsEventStreamReader   *self,
                        GawsEventStreamMessage **message,
                        GError                 **error)
{
  const GError *fault;

  *message = gaws_event_stream_decoder_pop (self->decoder);
  if (*message != NULL)
    return TRUE;
  fault = gaws_event_stream_decoder_get_error (self->decoder);
  if (fault != NULL)
    {
      g_propagate_error (error, g_error_copy (fault));
      return TRUE;
    }
  return self->at_end;
}

/* Takes what a read gave. Decoder faults are not reported here but by
 * answer_without_reading(), after the messages before them. */
static void
take_bytes (GawsEventStreamReader *self,
            GBytes                *bytes)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  if (len > 0)
    {
      gaws_event_stream_decoder_feed (self->decoder, data, len, NULL);
      return;
    }
  self->at_end = TRUE;
  gaws_event_stream_decoder_end (self->decoder, NULL);
}

static gboolean
check_not_busy (GawsEventStreamReader  *self,
                GError                **error)
{
  if (!self->busy)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                       "The event stream reader already has a call under way");
  return FALSE;
}

static void read_some (GTask *task);

static void
finish_task (GTask                  *task,
             GawsEventStreamMessage *message,
             GError                 *error)
{
  GawsEventStreamReader *self = g_task_get_source_object (task);

  self->busy = FALSE;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, message, g_object_unref);
  g_object_unref (task);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  GawsEventStreamReader *self = g_task_get_source_object (task);
  g_autoptr(GBytes) bytes = NULL;
  GawsEventStreamMessage *message = NULL;
  GError *error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL)
    {
      finish_task (task, NULL, error);
      return;
    }
  take_bytes (self, bytes);
  if (answer_without_reading (self, &message, &error))
    finish_task (task, message, error);
  else
    read_some (task);
}

static void
read_some (GTask *task)
{
  GawsEventStreamReader *self = g_task_get_source_object (task);

  g_input_stream_read_bytes_async (self->stream, READ_SIZE, g_task_get_priority (task),
                                   g_task_get_cancellable (task), read_cb, task);
}

/**
 * gaws_event_stream_reader_next_message_async:
 * @self: a #GawsEventStreamReader
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the next message, the end or an error is there
 * @user_data: data for @callback
 *
 * Reads the next message. One call at a time: a second call while one is
 * under way fails with %G_IO_ERROR_PENDING.
 */
void
gaws_event_stream_reader_next_message_async (GawsEventStreamReader *self,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data)
{
  GTask *task;
  GawsEventStreamMessage *message = NULL;
  GError *error = NULL;

  g_return_if_fail (GAWS_IS_EVENT_STREAM_READER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_event_stream_reader_next_message_async);

  if (!check_not_busy (self, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  self->busy = TRUE;
  if (answer_without_reading (self, &message, &error))
    finish_task (task, message, error);
  else
    read_some (task);
}

/**
 * gaws_event_stream_reader_next_message_finish:
 * @self: a #GawsEventStreamReader
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the next message, or %NULL: with
 *   @error set if the stream failed or was malformed, without it if the
 *   stream has ended
 */
GawsEventStreamMessage *
gaws_event_stream_reader_next_message_finish (GawsEventStreamReader  *self,
                                              GAsyncResult           *result,
                                              GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        gaws_event_stream_reader_next_message_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gaws_event_stream_reader_next_message:
 * @self: a #GawsEventStreamReader
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the next message, blocking: the synchronous form of
 * gaws_event_stream_reader_next_message_async(), for threads.
 *
 * Returns: (transfer full) (nullable): the next message, or %NULL: with
 *   @error set if the stream failed or was malformed, without it if the
 *   stream has ended
 */
GawsEventStreamMessage *
gaws_event_stream_reader_next_message (GawsEventStreamReader  *self,
                                       GCancellable           *cancellable,
                                       GError                **error)
{
  GawsEventStreamMessage *message = NULL;

  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_READER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_not_busy (self, error))
    return NULL;
  self->busy = TRUE;
  while (!answer_without_reading (self, &message, error))
    {
      g_autoptr(GBytes) bytes = g_input_stream_read_bytes (self->stream, READ_SIZE,
                                                           cancellable, error);
      if (bytes == NULL)
        break;
      take_bytes (self, bytes);
    }
  self->busy = FALSE;
  return message;
}
