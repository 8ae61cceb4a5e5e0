/* gaws-event-stream.c: the typed events of an operation's event-stream output
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-event-stream.h"
#include "gaws-event-stream-private.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "gaws-error.h"
#include "gaws-event-stream-reader.h"
#include "gaws-protocol-codec.h"
#include "gaws-protocol-rest.h"
#include "gaws-protocol-xml.h"
#include "gaws-shape-json.h"

/**
 * GawsEventStream:
 *
 * The events of an operation whose output has an event-stream member, such
 * as Bedrock runtime's `ConverseStream`, S3's `SelectObjectContent` or
 * Kinesis's `SubscribeToShard`.
 *
 * The operation's `_finish` returns its output as soon as the response's
 * head has arrived (for the `json` protocol: once the stream's
 * `initial-response` event has); the event-stream member of the output
 * holds a #GawsEventStream, which gaws_event_stream_from_output() finds.
 * The response body is then read as events come:
 * gaws_event_stream_next_event_async() gives each event as an instance of
 * its own structure (for `ConverseStream`, a `MessageStartEvent`, a
 * `ContentBlockDeltaEvent`, ...), and gaws_event_stream_get_event_name()
 * tells which member of the event-stream union it is (`messageStart`,
 * `contentBlockDelta`, ...). At the end of the stream it gives %NULL
 * without an error.
 *
 * A modelled exception event (`:message-type: exception`, such as
 * `ThrottlingException`) is a %GAWS_ERROR_SERVICE error whose code is the
 * exception's error code and whose shape (gaws_error_get_shape()) is the
 * exception, so it matches gaws_error_matches_code() and
 * gaws_error_matches_type() as the operation's own errors do; an `error`
 * message gets its code and message from `:error-code` and
 * `:error-message`. A malformed or truncated stream is a
 * %GAWS_ERROR_PROTOCOL error. After an error the stream is closed and
 * later calls give %NULL.
 *
 * Cancelling a call gives %G_IO_ERROR_CANCELLED and closes the stream, as
 * gaws_event_stream_close() does: the transfer is aborted and its
 * connection closed. Dropping the last reference does the same.
 *
 * Events the model does not know (a newer service's) are skipped, as are
 * `initial-response` events outside the `json` protocol.
 *
 * Events may be far apart (a model thinking, a quiet shard): as in the AWS
 * SDKs, event streams are exempt from stalled-stream protection
 * (#GawsClientConfig:stalled-stream-protection); the read timeout still
 * applies.
 *
 * Operations whose input is an event stream, such as Bedrock's
 * `InvokeModelWithBidirectionalStream`, take their events from a
 * #GawsEventStreamWriter; gaws_event_stream_encode_event() makes the
 * message of one event.
 */

struct _GawsEventStream {
  GObject                  parent_instance;

  const GawsOperationInfo *op;
  const GawsShapeInfo     *shape;       /* the event-stream union */
  GInputStream            *body;
  GawsEventStreamReader   *reader;
  GObject                 *client;      /* its engine feeds the body */
  const char              *event_name;  /* the last event's member name */
  gboolean                 done;        /* no more events: end, error or close */
  gboolean                 busy;        /* a call is under way */
};

G_DEFINE_FINAL_TYPE (GawsEventStream, gaws_event_stream, G_TYPE_OBJECT)

static void
close_body (GawsEventStream *self)
{
  self->done = TRUE;
  self->event_name = NULL;
  /* A body stream closed before its end aborts the transfer, which closes
   * the connection rather than giving it back to the pool half read. */
  if (self->body != NULL && !g_input_stream_is_closed (self->body))
    g_input_stream_close (self->body, NULL, NULL);
}

static void
gaws_event_stream_dispose (GObject *object)
{
  GawsEventStream *self = GAWS_EVENT_STREAM (object);

  close_body (self);
  g_clear_object (&self->reader);
  g_clear_object (&self->body);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (gaws_event_stream_parent_class)->dispose (object);
}

static void
gaws_event_stream_class_init (GawsEventStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gaws_event_stream_dispose;
}

static void
gaws_event_stream_init (GawsEventStream *self)
{
}

/* Structures known to have no event-stream member, by a hash of their
 * address: the operation layer asks for the input and the output of every
 * call, most often of structures of some forty members (S3's), and the
 * answer is nearly always no. Only a generated class's descriptor is
 * remembered: it is static, as its registered type holds it for good,
 * while one built at run time may be freed and its address reused. An
 * entry is one pointer, written and read whole: a thread that misses, or
 * finds another structure there, scans. */
#define NO_STREAM_CACHE_BITS 8

static const GawsShapeInfo *no_stream_cache[1 << NO_STREAM_CACHE_BITS];

static inline guint
no_stream_hash (const GawsShapeInfo *shape)
{
  return (guint) (((guint64) (guintptr) shape * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >>
                  (64 - NO_STREAM_CACHE_BITS));
}

/* gaws_event_stream_find_member: (private, for the operation layer)
 * @shape: (nullable): a structure
 *
 * Returns: the index of @shape's event-stream member, or -1
 */
gint
gaws_event_stream_find_member (const GawsShapeInfo *shape)
{
  guint hash;

  if (shape == NULL)
    return -1;
  hash = no_stream_hash (shape);
  if (g_atomic_pointer_get (&no_stream_cache[hash]) == shape)
    return -1;
  for (guint i = 0; i < shape->n_members; i++)
    if (shape->members[i].shape->flags & GAWS_SHAPE_FLAG_EVENTSTREAM)
      return (gint) i;
  if (shape->get_type != NULL)
    g_atomic_pointer_set (&no_stream_cache[hash], shape);
  return -1;
}

/* gaws_event_stream_has_output: (private, for the operation layer)
 * @op: a #GawsOperationInfo
 *
 * Returns: whether @op's output has an event-stream member
 */
gboolean
gaws_event_stream_has_output (const GawsOperationInfo *op)
{
  return gaws_event_stream_find_member (op->output) >= 0;
}

/**
 * gaws_event_stream_new:
 * @op: an operation whose output has an event-stream member
 * @body: the response body: `application/vnd.amazon.eventstream` messages
 *
 * Reads the events of @op from @body. The operation's `_finish` makes the
 * stream; this is for other transports and for tests.
 *
 * Returns: (transfer full): a new #GawsEventStream
 */
GawsEventStream *
gaws_event_stream_new (const GawsOperationInfo *op,
                       GInputStream            *body)
{
  GawsEventStream *self;
  gint index;

  g_return_val_if_fail (op != NULL, NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (body), NULL);
  index = gaws_event_stream_find_member (op->output);
  g_return_val_if_fail (index >= 0, NULL);

  self = g_object_new (GAWS_TYPE_EVENT_STREAM, NULL);
  self->op = op;
  self->shape = op->output->members[index].shape;
  self->body = g_object_ref (body);
  self->reader = gaws_event_stream_reader_new (body);
  return self;
}

/**
 * gaws_event_stream_from_output:
 * @output: the output of an operation that returns an event stream
 *
 * Finds the #GawsEventStream in @output's event-stream member (such as
 * `ConverseStreamResponse.stream` or `SelectObjectContentOutput.Payload`).
 * Generated accessors of that member are typed after the event union; use
 * this instead.
 *
 * Returns: (transfer none) (nullable): the stream, or %NULL when @output
 *   has none
 */
GawsEventStream *
gaws_event_stream_from_output (GawsShape *output)
{
  gint index;
  const GValue *value;

  g_return_val_if_fail (GAWS_IS_SHAPE (output), NULL);
  index = gaws_event_stream_find_member (gaws_shape_get_info (output));
  value = index >= 0 ? gaws_shape_get_value (output, (guint) index) : NULL;
  if (value == NULL || !G_VALUE_HOLDS_OBJECT (value) || !GAWS_IS_EVENT_STREAM (g_value_get_object (value)))
    return NULL;
  return g_value_get_object (value);
}

/**
 * gaws_event_stream_get_shape_info:
 * @self: a #GawsEventStream
 *
 * Returns: (transfer none): the event-stream union whose members are the
 *   events, such as `ConverseStreamOutput`
 */
const GawsShapeInfo *
gaws_event_stream_get_shape_info (GawsEventStream *self)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM (self), NULL);
  return self->shape;
}

/**
 * gaws_event_stream_get_event_name:
 * @self: a #GawsEventStream
 *
 * Which event the last gaws_event_stream_next_event_finish() gave: its
 * member name in the event-stream union, such as `contentBlockDelta` or
 * `Records`.
 *
 * Returns: (nullable): the member name, or %NULL before the first event
 *   and after the end
 */
const char *
gaws_event_stream_get_event_name (GawsEventStream *self)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM (self), NULL);
  return self->event_name;
}

/**
 * gaws_event_stream_close:
 * @self: a #GawsEventStream
 *
 * Stops reading: the transfer is aborted and its connection closed. Later
 * calls to gaws_event_stream_next_event_async() give %NULL. Not to be
 * called while a call is under way: cancel it instead.
 */
void
gaws_event_stream_close (GawsEventStream *self)
{
  g_return_if_fail (GAWS_IS_EVENT_STREAM (self));
  g_return_if_fail (!self->busy);
  close_body (self);
}

/**
 * gaws_event_stream_is_closed:
 * @self: a #GawsEventStream
 *
 * Returns: whether no more events will come: the stream ended, failed or
 *   was closed
 */
gboolean
gaws_event_stream_is_closed (GawsEventStream *self)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM (self), TRUE);
  return self->done;
}

/* ---- payloads ---- */

static gboolean
is_json_payload (const GawsOperationInfo *op,
                 GawsEventStreamMessage  *message)
{
  const char *content_type = gaws_event_stream_message_get_content_type (message);
  const GawsProtocolCodec *codec = gaws_protocol_codec_for_service (op->service);

  if (content_type != NULL && strstr (content_type, "json") != NULL)
    return TRUE;
  if (content_type != NULL && strstr (content_type, "xml") != NULL)
    return FALSE;
  return codec == NULL || strstr (codec->name, "xml") == NULL;
}

static gboolean
parse_json_payload (GawsShape  *shape,
                    gint        member,
                    GBytes     *payload,
                    GError    **error)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (payload, &length);
  json_error_t json_error;
  json_t *json;
  gboolean ok;

  if (length == 0)
    return TRUE;
  json = json_loadb (data, length, JSON_DECODE_ANY, &json_error);
  if (json == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL, "Malformed JSON in an event of %s: %s",
                   gaws_shape_get_info (shape)->name, json_error.text);
      return FALSE;
    }
  if (member >= 0)
    ok = gaws_shape_json_to_member (shape, (guint) member, json, GAWS_SHAPE_JSON_WIRE, error);
  else
    ok = gaws_shape_update_from_json (shape, json, GAWS_SHAPE_JSON_WIRE, error);
  json_decref (json);
  return ok;
}

static gboolean
parse_xml_payload (GawsShape  *shape,
                   gint        member,
                   GBytes     *payload,
                   GError    **error)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (payload, &length);
  g_autoptr(GawsXmlNode) root = NULL;

  if (length == 0)
    return TRUE;
  root = gaws_xml_parse (data, length, error);
  if (root == NULL)
    return FALSE;
  return member >= 0 ? gaws_xml_read_member (shape, (guint) member, root, error)
                     : gaws_xml_read_structure (shape, root, error);
}

/* botocore's BaseEventStreamParser._parse_payload: the eventpayload member
 * takes the payload (a blob as it is, a string as text, a structure
 * parsed); without one, the payload is the event structure itself. */
static gboolean
read_payload (GawsEventStream         *self,
              GawsShape               *event,
              GawsEventStreamMessage  *message,
              GError                 **error)
{
  const GawsShapeInfo *info = gaws_shape_get_info (event);
  GBytes *payload = gaws_event_stream_message_get_payload (message);
  gint member = -1;

  for (guint i = 0; i < info->n_members && member < 0; i++)
    if (info->members[i].flags & GAWS_MEMBER_FLAG_EVENT_PAYLOAD)
      member = (gint) i;
  if (member >= 0 && info->members[member].shape->kind == GAWS_SHAPE_KIND_BLOB)
    {
      gaws_shape_set_bytes (event, (guint) member, payload);
      return TRUE;
    }
  if (member >= 0 && info->members[member].shape->kind == GAWS_SHAPE_KIND_STRING)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
      gaws_shape_set_string (event, (guint) member, text);
      return TRUE;
    }
  if (is_json_payload (self->op, message))
    return parse_json_payload (event, member, payload, error);
  return parse_xml_payload (event, member, payload, error);
}

static GDateTime *
date_time_from_millis (gint64 millis)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (millis / 1000);

  return seconds ? g_date_time_add (seconds, (millis % 1000) * 1000) : NULL;
}

/* One eventheader member from the message header of its name. */
static void
read_header (GawsShape              *event,
             guint                   index,
             GawsEventStreamMessage *message)
{
  const GawsMemberInfo *member = &gaws_shape_get_info (event)->members[index];
  const char *name = member->name;
  gint64 number = 0;
  gint32 small = 0;
  gboolean flag = FALSE;

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRING:
      if (gaws_event_stream_message_get_string (message, name) != NULL)
        gaws_shape_set_string (event, index, gaws_event_stream_message_get_string (message, name));
      break;
    case GAWS_SHAPE_KIND_INTEGER:
      if (gaws_event_stream_message_get_int (message, name, &small))
        gaws_shape_set_int (event, index, small);
      break;
    case GAWS_SHAPE_KIND_LONG:
      if (gaws_event_stream_message_get_long (message, name, &number))
        gaws_shape_set_int64 (event, index, number);
      else if (gaws_event_stream_message_get_int (message, name, &small))
        gaws_shape_set_int64 (event, index, small);
      break;
    case GAWS_SHAPE_KIND_BOOLEAN:
      if (gaws_event_stream_message_get_bool (message, name, &flag))
        gaws_shape_set_boolean (event, index, flag);
      break;
    case GAWS_SHAPE_KIND_TIMESTAMP:
      if (gaws_event_stream_message_get_timestamp (message, name, &number))
        {
          g_autoptr(GDateTime) when = date_time_from_millis (number);
          gaws_shape_set_date_time (event, index, when);
        }
      break;
    case GAWS_SHAPE_KIND_BLOB:
      if (gaws_event_stream_message_get_byte_array (message, name) != NULL)
        gaws_shape_set_bytes (event, index, gaws_event_stream_message_get_byte_array (message, name));
      break;
    default:
      break;
    }
}

static GawsShape *
read_event (GawsEventStream         *self,
            const GawsMemberInfo    *member,
            GawsEventStreamMessage  *message,
            GError                 **error)
{
  g_autoptr(GawsShape) event = gaws_shape_new (member->shape);
  const GawsShapeInfo *info = member->shape;

  if (!read_payload (self, event, message, error))
    return NULL;
  for (guint i = 0; i < info->n_members; i++)
    if (info->members[i].flags & GAWS_MEMBER_FLAG_EVENT_HEADER)
      read_header (event, i, message);
  return g_steal_pointer (&event);
}

static const GawsMemberInfo *
find_event_member (GawsEventStream *self,
                   const char      *name)
{
  gint index = name ? gaws_shape_info_find_member (self->shape, name) : -1;

  return index >= 0 ? &self->shape->members[index] : NULL;
}

/* An exception event is the modelled error member of the union named by
 * :exception-type; its code is the exception's own (ThrottlingException,
 * not the member name throttlingException) so that it matches as the
 * operation's errors do. */
static GError *
read_exception (GawsEventStream        *self,
                GawsEventStreamMessage *message)
{
  GError *error = gaws_event_stream_message_to_error (message);
  const char *type = gaws_event_stream_message_get_exception_type (message);
  const GawsMemberInfo *member = find_event_member (self, type);
  g_autoptr(GawsShape) shape = NULL;

  if (member != NULL && (member->shape->flags & GAWS_SHAPE_FLAG_EXCEPTION) &&
      g_strcmp0 (gaws_event_stream_message_get_message_type (message), "exception") == 0)
    {
      g_autofree char *text = g_strdup (gaws_error_get_message (error));

      shape = read_event (self, member, message, NULL);
      gaws_error_set_details (error, gaws_shape_info_get_error_code (member->shape), text, 0, NULL);
      if (shape != NULL)
        gaws_error_set_shape (error, shape);
    }
  gaws_error_add_operation_context (error, self->op->name, 0, FALSE);
  return error;
}

/* What one message means: an event (returned), an error, or nothing to
 * give (an unknown event or an initial-response): NULL without an error. */
static GawsShape *
handle_message (GawsEventStream         *self,
                GawsEventStreamMessage  *message,
                GError                 **error)
{
  const char *type = gaws_event_stream_message_get_message_type (message);
  const char *name = gaws_event_stream_message_get_event_type (message);
  const GawsMemberInfo *member;

  if (gaws_event_stream_message_is_error (message))
    {
      g_propagate_error (error, read_exception (self, message));
      return NULL;
    }
  if (type != NULL && strcmp (type, "event") != 0)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL,
                   "%s: an event stream message of unknown type \"%s\"", self->op->name, type);
      return NULL;
    }
  member = find_event_member (self, name);
  if (member == NULL || (member->shape->flags & GAWS_SHAPE_FLAG_EXCEPTION))
    {
      g_debug ("%s: skipping an event of type %s", self->op->name, name ? name : "(none)");
      return NULL;
    }
  self->event_name = member->name;
  return read_event (self, member, message, error);
}

/* ---- next event ---- */

static void read_next (GTask *task);

static void
on_message (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  GawsEventStream *self = g_task_get_source_object (task);
  g_autoptr(GawsEventStreamMessage) message = NULL;
  GError *error = NULL;
  GawsShape *event = NULL;

  message = gaws_event_stream_reader_next_message_finish (GAWS_EVENT_STREAM_READER (source), result, &error);
  if (message != NULL)
    event = handle_message (self, message, &error);
  if (message != NULL && event == NULL && error == NULL)
    {
      read_next (task);
      return;
    }
  self->busy = FALSE;
  if (message == NULL || error != NULL)
    {
      self->event_name = NULL;
      close_body (self);
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, message != NULL ? event : NULL, g_object_unref);
  g_object_unref (task);
}

static void
read_next (GTask *task)
{
  GawsEventStream *self = g_task_get_source_object (task);

  gaws_event_stream_reader_next_message_async (self->reader, g_task_get_cancellable (task), on_message, task);
}

/**
 * gaws_event_stream_next_event_async:
 * @self: a #GawsEventStream
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the next event has arrived
 * @user_data: data for @callback
 *
 * Waits for the next event. One call at a time.
 */
void
gaws_event_stream_next_event_async (GawsEventStream     *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GAWS_IS_EVENT_STREAM (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_event_stream_next_event_async);
  if (self->busy)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "The event stream already has a call under way");
      return;
    }
  if (self->done)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  self->busy = TRUE;
  read_next (g_steal_pointer (&task));
}

/**
 * gaws_event_stream_next_event_finish:
 * @self: a #GawsEventStream
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the event, an instance of the
 *   structure of its member of the event-stream union (see
 *   gaws_event_stream_get_event_name()); %NULL with @error set on an
 *   exception event, an error or cancellation, and %NULL without an error
 *   at the end of the stream
 */
GawsShape *
gaws_event_stream_next_event_finish (GawsEventStream  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gaws_event_stream_next_event_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gaws_event_stream_next_event:
 * @self: a #GawsEventStream
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The blocking gaws_event_stream_next_event_async(), for the thread that
 * runs the client's #GMainContext (see #GawsHttpBodyStream).
 *
 * Returns: (transfer full) (nullable): as gaws_event_stream_next_event_finish()
 */
GawsShape *
gaws_event_stream_next_event (GawsEventStream  *self,
                              GCancellable     *cancellable,
                              GError          **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (GAWS_IS_EVENT_STREAM (self), NULL);
  g_return_val_if_fail (!self->busy, NULL);

  while (!self->done)
    {
      g_autoptr(GawsEventStreamMessage) message =
        gaws_event_stream_reader_next_message (self->reader, cancellable, &local_error);
      GawsShape *event = message ? handle_message (self, message, &local_error) : NULL;

      if (event != NULL)
        return event;
      if (message == NULL || local_error != NULL)
        break;
    }
  self->event_name = NULL;
  close_body (self);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return NULL;
}

/* ---- encoding events ---- */

/* The union whose events @op sends, or else the one it receives. */
static const GawsShapeInfo *
event_union (const GawsOperationInfo *op)
{
  gint index = gaws_event_stream_find_member (op->input);

  if (index >= 0)
    return op->input->members[index].shape;
  index = gaws_event_stream_find_member (op->output);
  return index >= 0 ? op->output->members[index].shape : NULL;
}

static void
write_header (GawsEventStreamMessage *message,
              GawsShape              *event,
              guint                   index)
{
  const GawsMemberInfo *member = &gaws_shape_get_info (event)->members[index];
  GDateTime *when;

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRING:
      gaws_event_stream_message_set_string (message, member->name, gaws_shape_get_string (event, index));
      break;
    case GAWS_SHAPE_KIND_INTEGER:
      gaws_event_stream_message_set_int (message, member->name, gaws_shape_get_int (event, index));
      break;
    case GAWS_SHAPE_KIND_LONG:
      gaws_event_stream_message_set_long (message, member->name, gaws_shape_get_int64 (event, index));
      break;
    case GAWS_SHAPE_KIND_BOOLEAN:
      gaws_event_stream_message_set_bool (message, member->name, gaws_shape_get_boolean (event, index));
      break;
    case GAWS_SHAPE_KIND_TIMESTAMP:
      when = gaws_shape_get_date_time (event, index);
      gaws_event_stream_message_set_timestamp (message, member->name,
                                               g_date_time_to_unix (when) * 1000 +
                                               g_date_time_get_microsecond (when) / 1000);
      break;
    case GAWS_SHAPE_KIND_BLOB:
      gaws_event_stream_message_set_byte_array (message, member->name, gaws_shape_get_bytes (event, index));
      break;
    default:
      g_warning ("%s: event header %s of kind %u cannot be sent", G_STRFUNC, member->name, member->shape->kind);
      break;
    }
}

static GBytes *
dump_json (json_t *json)
{
  char *text = json_dumps (json, JSON_COMPACT | JSON_REAL_PRECISION (17));
  GBytes *bytes = g_bytes_new (text, strlen (text));

  free (text);
  json_decref (json);
  return bytes;
}

/* The payload of @event, which has no eventheader member set: the
 * eventpayload member, or the whole structure, in the protocol's format. */
static GBytes *
write_payload (const GawsOperationInfo  *op,
               GawsShape                *event,
               const char              **content_type)
{
  const GawsShapeInfo *info = gaws_shape_get_info (event);
  const GawsProtocolCodec *codec = gaws_protocol_codec_for_service (op->service);
  gboolean xml = codec != NULL && strstr (codec->name, "xml") != NULL;
  const GValue *value;
  GString *out;

  for (guint i = 0; i < info->n_members; i++)
    {
      const GawsMemberInfo *member = &info->members[i];

      if (!(member->flags & GAWS_MEMBER_FLAG_EVENT_PAYLOAD))
        continue;
      value = gaws_shape_get_value (event, i);
      if (member->shape->kind == GAWS_SHAPE_KIND_BLOB)
        {
          *content_type = "application/octet-stream";
          return value ? g_bytes_ref (g_value_get_boxed (value)) : g_bytes_new (NULL, 0);
        }
      if (member->shape->kind == GAWS_SHAPE_KIND_STRING)
        {
          const char *text = value ? g_value_get_string (value) : "";

          *content_type = "text/plain";
          return g_bytes_new (text, strlen (text));
        }
      *content_type = xml ? "text/xml" : "application/json";
      if (value == NULL)
        return g_bytes_new (NULL, 0);
      if (!xml)
        return dump_json (gaws_shape_json_from_value (member, value, GAWS_SHAPE_JSON_WIRE));
      out = g_string_new (NULL);
      gaws_xml_write_member (out, member, member->location_name ? member->location_name : member->shape->name,
                             value, NULL);
      return g_string_free_to_bytes (out);
    }
  *content_type = xml ? "text/xml" : "application/json";
  if (!xml)
    return dump_json (gaws_shape_to_json (event, GAWS_SHAPE_JSON_WIRE));
  out = g_string_new (NULL);
  gaws_xml_write_structure (out, event, info->location_name ? info->location_name : info->name, NULL, NULL, FALSE);
  return g_string_free_to_bytes (out);
}

/**
 * gaws_event_stream_encode_event:
 * @op: an operation that sends (or receives) an event stream
 * @event_name: the event's member name in the event-stream union, such as
 *   `chunk` or `AudioEvent`
 * @event: the event, an instance of that member's structure
 * @error: return location for a #GError
 *
 * Makes the message an event travels in, as the AWS SDKs write it: the
 * `:message-type`, `:event-type` and `:content-type` headers, one header
 * per eventheader member, and the eventpayload member (a blob as it is, a
 * string as text, a structure in the protocol's format) or, without one,
 * the event's other members as the payload. A #GawsEventStreamEncoder
 * then frames (and signs) it.
 *
 * Returns: (transfer full) (nullable): the message, or %NULL with a
 *   %GAWS_ERROR_INVALID_ARGUMENT error when @event is not that event
 */
GawsEventStreamMessage *
gaws_event_stream_encode_event (const GawsOperationInfo  *op,
                                const char               *event_name,
                                GawsShape                *event,
                                GError                  **error)
{
  const GawsShapeInfo *shape;
  const GawsShapeInfo *info;
  g_autoptr(GawsShape) body = NULL;
  g_autoptr(GBytes) payload = NULL;
  GawsEventStreamMessage *message;
  const char *content_type = NULL;
  gint index;

  g_return_val_if_fail (op != NULL, NULL);
  g_return_val_if_fail (event_name != NULL, NULL);
  g_return_val_if_fail (GAWS_IS_SHAPE (event), NULL);

  shape = event_union (op);
  index = shape ? gaws_shape_info_find_member (shape, event_name) : -1;
  info = gaws_shape_get_info (event);
  if (index < 0 || shape->members[index].shape != info)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s has no event %s of type %s", op->name, event_name, info->name);
      return NULL;
    }
  /* Header members travel in headers only. */
  body = gaws_shape_copy (event);
  message = gaws_event_stream_message_new ();
  gaws_event_stream_message_set_string (message, ":message-type", "event");
  gaws_event_stream_message_set_string (message, ":event-type", event_name);
  for (guint i = 0; i < info->n_members; i++)
    if ((info->members[i].flags & GAWS_MEMBER_FLAG_EVENT_HEADER) && gaws_shape_is_set (event, i))
      {
        write_header (message, event, i);
        gaws_shape_unset (body, i);
      }
  payload = write_payload (op, body, &content_type);
  gaws_event_stream_message_set_string (message, ":content-type", content_type);
  gaws_event_stream_message_set_payload (message, payload);
  return message;
}

/* ---- the operation's output ---- */

static gboolean
is_json_protocol (const GawsOperationInfo *op)
{
  const GawsProtocolCodec *codec = gaws_protocol_codec_for_service (op->service);

  return codec != NULL && strcmp (codec->name, "json") == 0;
}

static GawsShape *
new_output (GObject                  *client,
            const GawsOperationInfo  *op,
            GawsHttpResponse         *response,
            GawsEventStream         **out_stream,
            GError                  **error)
{
  g_autoptr(GawsShape) output = gaws_shape_new (op->output);
  GInputStream *body = gaws_http_response_get_body_stream (response);
  g_autoptr(GInputStream) memory = NULL;
  g_autoptr(GawsEventStream) stream = NULL;
  GValue value = G_VALUE_INIT;

  /* A buffered body (a transport that does not stream) reads the same. */
  if (body == NULL)
    {
      GBytes *bytes = gaws_http_response_get_body (response);
      g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

      body = memory = g_memory_input_stream_new_from_bytes (bytes ? bytes : empty);
    }
  if (!is_json_protocol (op) && !gaws_protocol_rest_read_bindings (output, response, error))
    {
      g_input_stream_close (body, NULL, NULL);
      return NULL;
    }
  stream = gaws_event_stream_new (op, body);
  /* The client's HTTP engine must outlive the transfer it feeds. */
  stream->client = client ? g_object_ref (client) : NULL;
  g_value_init (&value, G_TYPE_OBJECT);
  g_value_set_object (&value, stream);
  gaws_shape_take_value (output, (guint) gaws_event_stream_find_member (op->output), &value);
  *out_stream = g_steal_pointer (&stream);
  return g_steal_pointer (&output);
}

/* botocore's JSONParser._handle_event_stream: in the json protocol the
 * first event carries the output's other members. */
static gboolean
read_initial_response (GawsShape               *output,
                       GawsEventStream         *stream,
                       GawsEventStreamMessage  *message,
                       GError                 **error)
{
  if (message != NULL && gaws_event_stream_message_is_error (message))
    {
      g_propagate_error (error, read_exception (stream, message));
      return FALSE;
    }
  if (message == NULL ||
      g_strcmp0 (gaws_event_stream_message_get_event_type (message), "initial-response") != 0)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL,
                   "%s: the first event was not of type initial-response", stream->op->name);
      return FALSE;
    }
  return parse_json_payload (output, -1, gaws_event_stream_message_get_payload (message), error);
}

typedef struct {
  GawsShape       *output;
  GawsEventStream *stream;
} ReadOutputData;

static void
read_output_data_free (ReadOutputData *data)
{
  g_clear_object (&data->output);
  g_clear_object (&data->stream);
  g_free (data);
}

static void
on_initial_response (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadOutputData *data = g_task_get_task_data (task);
  g_autoptr(GawsEventStreamMessage) message = NULL;
  GError *error = NULL;

  message = gaws_event_stream_reader_next_message_finish (GAWS_EVENT_STREAM_READER (source), result, &error);
  if (error == NULL && !read_initial_response (data->output, data->stream, message, &error))
    g_assert (error != NULL);
  if (error != NULL)
    {
      close_body (data->stream);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&data->output), g_object_unref);
}

/* gaws_event_stream_read_output_async: (private, for the operation layer)
 * @client: (nullable): the client that sent the request, kept alive with
 *   the stream
 * @op: an operation whose output has an event-stream member
 * @response: its response, with a streamed body
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the output
 * @user_data: data for @callback
 *
 * The operation layer's deserializer for event-stream outputs: the
 * response's bindings, then (json protocol) the initial-response event.
 */
void
gaws_event_stream_read_output_async (GObject                 *client,
                                     const GawsOperationInfo *op,
                                     GawsHttpResponse        *response,
                                     GCancellable            *cancellable,
                                     GAsyncReadyCallback      callback,
                                     gpointer                 user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ReadOutputData *data = g_new0 (ReadOutputData, 1);
  GError *error = NULL;

  g_task_set_source_tag (task, gaws_event_stream_read_output_async);
  g_task_set_task_data (task, data, (GDestroyNotify) read_output_data_free);
  data->output = new_output (client, op, response, &data->stream, &error);
  if (data->output == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!is_json_protocol (op))
    {
      g_task_return_pointer (task, g_steal_pointer (&data->output), g_object_unref);
      return;
    }
  gaws_event_stream_reader_next_message_async (data->stream->reader, cancellable, on_initial_response,
                                               g_steal_pointer (&task));
}

/* gaws_event_stream_read_output_finish: (private, for the operation layer)
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the output, its event-stream member
 *   holding a #GawsEventStream
 */
GawsShape *
gaws_event_stream_read_output_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* gaws_event_stream_read_output: (private, for the operation layer)
 * @client: (nullable): the client that sent the request
 * @op: an operation whose output has an event-stream member
 * @response: its response, with a streamed body
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The blocking gaws_event_stream_read_output_async().
 *
 * Returns: (transfer full) (nullable): the output
 */
GawsShape *
gaws_event_stream_read_output (GObject                  *client,
                               const GawsOperationInfo  *op,
                               GawsHttpResponse         *response,
                               GCancellable             *cancellable,
                               GError                  **error)
{
  g_autoptr(GawsEventStream) stream = NULL;
  g_autoptr(GawsShape) output = new_output (client, op, response, &stream, error);
  g_autoptr(GawsEventStreamMessage) message = NULL;
  GError *local_error = NULL;

  if (output == NULL || !is_json_protocol (op))
    return g_steal_pointer (&output);
  message = gaws_event_stream_reader_next_message (stream->reader, cancellable, &local_error);
  if (local_error != NULL || !read_initial_response (output, stream, message, &local_error))
    {
      close_body (stream);
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&output);
}
