/* test-event-stream-ops.c: generated operations with event-stream output
 * against a local fake service that streams events in random chunk splits
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-server.h"
#include <gaws-bedrock-runtime.h>
#include <gaws-kinesis.h>
#include <gaws-s3.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define GUARD_SECONDS 30

/* What the fake service answers with; set before each call, read by the
 * server's threads. */
typedef struct {
  GMutex                lock;
  GawsTestServerAction  action;
  guint                 status;
  char                 *content_type;
  GBytes               *body;
  gsize                 chunk;
  guint                 interval_ms;
  guint64               fault_offset;
  gboolean              chunked;
  const char           *error_type;     /* x-amzn-ErrorType, or NULL */
  char                 *method;         /* of the last request */
  char                 *path;
} Script;

typedef struct {
  Script            script;
  GawsTestServer   *server;
  GawsSession      *session;
  GawsClientConfig *config;
} Fixture;

static void
handler (const GawsTestServerRequest *request,
         GawsTestServerReply         *reply,
         gpointer                     user_data)
{
  Script *script = user_data;

  g_mutex_lock (&script->lock);
  g_free (script->method);
  g_free (script->path);
  script->method = g_strdup (request->method);
  script->path = g_strdup (request->path);
  reply->action = script->action;
  reply->status = script->status;
  reply->chunked = script->chunked;
  reply->fault_offset = script->fault_offset;
  reply->trickle_chunk = script->chunk;
  reply->trickle_interval_ms = script->interval_ms;
  if (script->error_type != NULL)
    gaws_http_headers_append (reply->headers, "x-amzn-ErrorType", script->error_type);
  if (script->body != NULL)
    gaws_test_server_reply_set_body (reply, script->content_type, g_bytes_get_data (script->body, NULL),
                                     (gssize) g_bytes_get_size (script->body));
  g_mutex_unlock (&script->lock);
}

/* The body streamed in pieces of a random size, so that frames split
 * anywhere: in the prelude, the headers, the payload or the CRC. */
static void
script_stream (Fixture    *f,
               GBytes     *body,
               const char *content_type)
{
  g_mutex_lock (&f->script.lock);
  g_clear_pointer (&f->script.body, g_bytes_unref);
  g_free (f->script.content_type);
  f->script.body = g_bytes_ref (body);
  f->script.content_type = g_strdup (content_type ? content_type : "application/vnd.amazon.eventstream");
  f->script.action = GAWS_TEST_SERVER_TRICKLE;
  f->script.status = 200;
  f->script.chunk = (gsize) g_test_rand_int_range (1, 48);
  /* The test server trickles with a Content-Length only. */
  f->script.chunked = FALSE;
  g_mutex_unlock (&f->script.lock);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_mutex_init (&f->script.lock);
  f->server = gaws_test_server_new (handler, &f->script);
  f->session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  gaws_session_set_region (f->session, "us-east-1");
  f->config = gaws_client_config_new ();
  gaws_client_config_set_endpoint_url (f->config, gaws_test_server_get_url (f->server));
  gaws_client_config_set_max_attempts (f->config, 1);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->config);
  g_clear_object (&f->session);
  g_clear_pointer (&f->server, gaws_test_server_free);
  g_clear_pointer (&f->script.body, g_bytes_unref);
  g_free (f->script.content_type);
  g_free (f->script.method);
  g_free (f->script.path);
  g_mutex_clear (&f->script.lock);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ---- frames --------------------------------------------------------------- */

static void
append_message (GByteArray             *out,
                GawsEventStreamMessage *message)
{
  g_autoptr(GawsEventStreamEncoder) encoder = gaws_event_stream_encoder_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) frame = gaws_event_stream_encoder_encode (encoder, message, NULL, &error);

  g_assert_no_error (error);
  g_byte_array_append (out, g_bytes_get_data (frame, NULL), g_bytes_get_size (frame));
}

static void
append_event (GByteArray *out,
              const char *event_type,
              const char *content_type,
              const char *payload)
{
  g_autoptr(GBytes) bytes = g_bytes_new (payload, strlen (payload));
  g_autoptr(GawsEventStreamMessage) message = gaws_event_stream_message_new_event (event_type, content_type, bytes);

  append_message (out, message);
}

static void
append_exception (GByteArray *out,
                  const char *exception_type,
                  const char *payload)
{
  g_autoptr(GBytes) bytes = g_bytes_new (payload, strlen (payload));
  g_autoptr(GawsEventStreamMessage) message = gaws_event_stream_message_new ();

  gaws_event_stream_message_set_string (message, ":message-type", "exception");
  gaws_event_stream_message_set_string (message, ":exception-type", exception_type);
  gaws_event_stream_message_set_string (message, ":content-type", "application/json");
  gaws_event_stream_message_set_payload (message, bytes);
  append_message (out, message);
}

static void
append_error (GByteArray *out,
              const char *code,
              const char *text)
{
  g_autoptr(GawsEventStreamMessage) message = gaws_event_stream_message_new ();

  gaws_event_stream_message_set_string (message, ":message-type", "error");
  gaws_event_stream_message_set_string (message, ":error-code", code);
  gaws_event_stream_message_set_string (message, ":error-message", text);
  append_message (out, message);
}

static const char *const delta_texts[] = { "Hello", ", ", "wörld", "! ", "{\"json\": \"in text\"}", "" };

/* messageStart, contentBlockDelta for each text, contentBlockStop,
 * messageStop, metadata: what ConverseStream sends; and an event newer
 * than the model and an initial-response, which the reader skips. */
static GBytes *
converse_body (void)
{
  GByteArray *out = g_byte_array_new ();

  append_event (out, "initial-response", "application/json", "{}");
  append_event (out, "messageStart", "application/json", "{\"role\":\"assistant\"}");
  append_event (out, "someFutureEvent", "application/json", "{\"x\":1}");
  for (guint i = 0; i < G_N_ELEMENTS (delta_texts); i++)
    {
      g_autofree char *payload = NULL;
      json_t *json = json_pack ("{s:i,s:{s:s},s:s}", "contentBlockIndex", 0, "delta", "text",
                                delta_texts[i], "p", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0");
      char *dumped = json_dumps (json, JSON_COMPACT);

      payload = g_strdup (dumped);
      free (dumped);
      json_decref (json);
      append_event (out, "contentBlockDelta", "application/json", payload);
    }
  append_event (out, "contentBlockStop", "application/json", "{\"contentBlockIndex\":0,\"p\":\"x\"}");
  append_event (out, "messageStop", "application/json", "{\"stopReason\":\"end_turn\"}");
  append_event (out, "metadata", "application/json",
                "{\"usage\":{\"inputTokens\":12,\"outputTokens\":34,\"totalTokens\":46},"
                "\"metrics\":{\"latencyMs\":789}}");
  return g_byte_array_free_to_bytes (out);
}

/* ---- calls ---------------------------------------------------------------- */

static gboolean
guard_cb (gpointer data)
{
  g_error ("%s: still waiting after %d s", (const char *) data, GUARD_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
wait_for (gpointer   *done,
          const char *what)
{
  GSource *guard = g_timeout_source_new_seconds (GUARD_SECONDS);

  g_source_set_callback (guard, guard_cb, (gpointer) what, NULL);
  g_source_attach (guard, NULL);
  while (*done == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_destroy (guard);
  g_source_unref (guard);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GawsBedrockRuntimeConverseStreamResponse *
converse_stream (Fixture  *f,
                 GError  **error)
{
  g_autoptr(GawsBedrockRuntimeClient) client = gaws_bedrock_runtime_client_new (f->session, f->config);
  g_autoptr(GawsBedrockRuntimeConverseStreamRequest) request = gaws_bedrock_runtime_converse_stream_request_new ();
  g_autoptr(GAsyncResult) result = NULL;

  gaws_bedrock_runtime_converse_stream_request_set_model_id (request, "anthropic.claude-v2");
  gaws_bedrock_runtime_client_converse_stream_async (client, request, NULL, store_result, &result);
  wait_for ((gpointer *) &result, "converse_stream");
  return gaws_bedrock_runtime_client_converse_stream_finish (client, result, error);
}

static GawsShape *
next_event (GawsEventStream  *stream,
            GCancellable     *cancellable,
            GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gaws_event_stream_next_event_async (stream, cancellable, store_result, &result);
  wait_for ((gpointer *) &result, "next_event");
  return gaws_event_stream_next_event_finish (stream, result, error);
}

static GawsShape *
expect_event (GawsEventStream *stream,
              const char      *name,
              GType            type)
{
  g_autoptr(GError) error = NULL;
  GawsShape *event = next_event (stream, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (event);
  g_assert_cmpstr (gaws_event_stream_get_event_name (stream), ==, name);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (event, type));
  return event;
}

static void
expect_end (GawsEventStream *stream)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) event = next_event (stream, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (event);
  g_assert_null (gaws_event_stream_get_event_name (stream));
  g_assert_true (gaws_event_stream_is_closed (stream));
}

/* Polls (the server counts from its own threads) until the client has
 * closed its connection. */
static void
wait_connections_closed (Fixture *f)
{
  gint64 end = g_get_monotonic_time () + GUARD_SECONDS * G_USEC_PER_SEC;

  while (gaws_test_server_get_n_open_connections (f->server) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/* ---- bedrock-runtime ConverseStream --------------------------------------- */

static void
check_converse_events (GawsEventStream *stream)
{
  g_autoptr(GawsShape) start = NULL, stop = NULL, block_stop = NULL, metadata = NULL;
  GawsBedrockRuntimeConverseStreamMetadataEvent *meta;
  GawsBedrockRuntimeTokenUsage *usage;

  start = expect_event (stream, "messageStart", GAWS_BEDROCK_RUNTIME_TYPE_MESSAGE_START_EVENT);
  g_assert_cmpstr (gaws_bedrock_runtime_message_start_event_get_role (GAWS_BEDROCK_RUNTIME_MESSAGE_START_EVENT (start)),
                   ==, "assistant");
  for (guint i = 0; i < G_N_ELEMENTS (delta_texts); i++)
    {
      g_autoptr(GawsShape) event = expect_event (stream, "contentBlockDelta",
                                                 GAWS_BEDROCK_RUNTIME_TYPE_CONTENT_BLOCK_DELTA_EVENT);
      GawsBedrockRuntimeContentBlockDeltaEvent *delta = GAWS_BEDROCK_RUNTIME_CONTENT_BLOCK_DELTA_EVENT (event);

      g_assert_cmpint (gaws_bedrock_runtime_content_block_delta_event_get_content_block_index (delta), ==, 0);
      g_assert_true (gaws_shape_is_set_by_name (event, "contentBlockIndex"));
      g_assert_cmpstr (gaws_bedrock_runtime_content_block_delta_get_text (
                         gaws_bedrock_runtime_content_block_delta_event_get_delta (delta)), ==, delta_texts[i]);
    }
  block_stop = expect_event (stream, "contentBlockStop", GAWS_BEDROCK_RUNTIME_TYPE_CONTENT_BLOCK_STOP_EVENT);
  g_assert_true (gaws_shape_is_set_by_name (block_stop, "contentBlockIndex"));
  stop = expect_event (stream, "messageStop", GAWS_BEDROCK_RUNTIME_TYPE_MESSAGE_STOP_EVENT);
  g_assert_cmpstr (gaws_bedrock_runtime_message_stop_event_get_stop_reason (GAWS_BEDROCK_RUNTIME_MESSAGE_STOP_EVENT (stop)),
                   ==, "end_turn");
  metadata = expect_event (stream, "metadata", GAWS_BEDROCK_RUNTIME_TYPE_CONVERSE_STREAM_METADATA_EVENT);
  meta = GAWS_BEDROCK_RUNTIME_CONVERSE_STREAM_METADATA_EVENT (metadata);
  usage = gaws_bedrock_runtime_converse_stream_metadata_event_get_usage (meta);
  g_assert_cmpint (gaws_bedrock_runtime_token_usage_get_input_tokens (usage), ==, 12);
  g_assert_cmpint (gaws_bedrock_runtime_token_usage_get_output_tokens (usage), ==, 34);
  g_assert_cmpint (gaws_bedrock_runtime_token_usage_get_total_tokens (usage), ==, 46);
  g_assert_cmpint (gaws_bedrock_runtime_converse_stream_metrics_get_latency_ms (
                     gaws_bedrock_runtime_converse_stream_metadata_event_get_metrics (meta)), ==, 789);
  expect_end (stream);
}

static void
test_converse_stream (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) body = converse_body ();

  /* Several splits per run; each run picks others (see --seed). */
  for (guint round = 0; round < 8; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GawsBedrockRuntimeConverseStreamResponse) response = NULL;
      GawsEventStream *stream;

      script_stream (f, body, NULL);
      if (round == 7)
        {
          /* All at once, chunked. */
          g_mutex_lock (&f->script.lock);
          f->script.action = GAWS_TEST_SERVER_RESPOND;
          f->script.chunked = TRUE;
          g_mutex_unlock (&f->script.lock);
        }
      response = converse_stream (f, &error);
      g_assert_no_error (error);
      g_assert_nonnull (response);
      g_assert_cmpstr (f->script.method, ==, "POST");
      g_assert_cmpstr (f->script.path, ==, "/model/anthropic.claude-v2/converse-stream");
      stream = gaws_event_stream_from_output (GAWS_SHAPE (response));
      g_assert_nonnull (stream);
      g_assert_cmpstr (gaws_event_stream_get_shape_info (stream)->name, ==, "ConverseStreamOutput");
      /* The member's value is the stream, also through GObject. */
      {
        g_autoptr(GObject) through_property = NULL;
        g_object_get (response, "stream", &through_property, NULL);
        g_assert_true (through_property == G_OBJECT (stream));
      }
      check_converse_events (stream);
    }
}

static void
test_converse_stream_sync (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GBytes) body = converse_body ();
  g_autoptr(GawsBedrockRuntimeClient) client = gaws_bedrock_runtime_client_new (f->session, f->config);
  g_autoptr(GawsBedrockRuntimeConverseStreamRequest) request = gaws_bedrock_runtime_converse_stream_request_new ();
  g_autoptr(GawsBedrockRuntimeConverseStreamResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GawsEventStream *stream;
  GawsShape *event;
  guint deltas = 0, events = 0;

  script_stream (f, body, NULL);
  gaws_bedrock_runtime_converse_stream_request_set_model_id (request, "m");
  response = gaws_bedrock_runtime_client_converse_stream_sync (client, request, NULL, &error);
  g_assert_no_error (error);
  stream = gaws_event_stream_from_output (GAWS_SHAPE (response));
  while ((event = gaws_event_stream_next_event (stream, NULL, &error)) != NULL)
    {
      events++;
      if (g_str_equal (gaws_event_stream_get_event_name (stream), "contentBlockDelta"))
        deltas++;
      g_object_unref (event);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (deltas, ==, G_N_ELEMENTS (delta_texts));
  g_assert_cmpuint (events, ==, G_N_ELEMENTS (delta_texts) + 4);
}

/* ---- bedrock-runtime InvokeModelWithResponseStream ------------------------- */

static void
test_invoke_model_with_response_stream (Fixture       *f,
                                        gconstpointer  data)
{
  static const char *const chunks[] = { "{\"completion\":\"Hel\"}", "{\"completion\":\"lo\"}", "\x01\x02\xff" };
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GawsBedrockRuntimeClient) client = gaws_bedrock_runtime_client_new (f->session, f->config);
  g_autoptr(GawsBedrockRuntimeInvokeModelWithResponseStreamRequest) request =
    gaws_bedrock_runtime_invoke_model_with_response_stream_request_new ();
  g_autoptr(GawsBedrockRuntimeInvokeModelWithResponseStreamResponse) response = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GawsEventStream *stream;

  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    {
      g_autofree char *encoded = g_base64_encode ((const guchar *) chunks[i], strlen (chunks[i]));
      g_autofree char *payload = g_strdup_printf ("{\"bytes\":\"%s\"}", encoded);

      append_event (out, "chunk", "application/json", payload);
    }
  body = g_byte_array_free_to_bytes (out);
  script_stream (f, body, NULL);
  gaws_bedrock_runtime_invoke_model_with_response_stream_request_set_model_id (request, "amazon.titan");
  gaws_bedrock_runtime_client_invoke_model_with_response_stream_async (client, request, NULL, store_result, &result);
  wait_for ((gpointer *) &result, "invoke_model_with_response_stream");
  response = gaws_bedrock_runtime_client_invoke_model_with_response_stream_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (f->script.path, ==, "/model/amazon.titan/invoke-with-response-stream");
  stream = gaws_event_stream_from_output (GAWS_SHAPE (response));
  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    {
      g_autoptr(GawsShape) event = expect_event (stream, "chunk", GAWS_BEDROCK_RUNTIME_TYPE_PAYLOAD_PART);
      GBytes *bytes = gaws_bedrock_runtime_payload_part_get_bytes (GAWS_BEDROCK_RUNTIME_PAYLOAD_PART (event));

      g_assert_nonnull (bytes);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), chunks[i], strlen (chunks[i]));
    }
  expect_end (stream);
}

/* ---- errors --------------------------------------------------------------- */

static void
test_modelled_exception (Fixture       *f,
                         gconstpointer  data)
{
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GawsBedrockRuntimeConverseStreamResponse) response = NULL;
  g_autoptr(GawsShape) start = NULL, after = NULL;
  g_autoptr(GError) error = NULL;
  GawsEventStream *stream;
  GawsShape *shape;

  append_event (out, "messageStart", "application/json", "{\"role\":\"assistant\"}");
  append_exception (out, "modelStreamErrorException",
                    "{\"message\":\"the model broke\",\"originalStatusCode\":503,\"originalMessage\":\"busy\"}");
  append_event (out, "messageStop", "application/json", "{\"stopReason\":\"end_turn\"}");
  body = g_byte_array_free_to_bytes (out);
  script_stream (f, body, NULL);
  response = converse_stream (f, &error);
  g_assert_no_error (error);
  stream = gaws_event_stream_from_output (GAWS_SHAPE (response));
  start = expect_event (stream, "messageStart", GAWS_BEDROCK_RUNTIME_TYPE_MESSAGE_START_EVENT);

  g_assert_null (next_event (stream, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "ModelStreamErrorException");
  g_assert_true (gaws_error_matches_code (error, "ModelStreamErrorException"));
  g_assert_true (gaws_error_matches_type (error, GAWS_BEDROCK_RUNTIME_TYPE_MODEL_STREAM_ERROR_EXCEPTION));
  g_assert_cmpstr (gaws_error_get_message (error), ==, "the model broke");
  g_assert_nonnull (strstr (error->message, "ConverseStream"));
  shape = gaws_error_get_shape (error);
  g_assert_nonnull (shape);
  g_assert_cmpint (gaws_shape_get_int (shape, (guint) gaws_shape_info_find_member (gaws_shape_get_info (shape),
                                                                                    "originalStatusCode")), ==, 503);
  g_clear_error (&error);
  /* The stream is over after an error. */
  after = next_event (stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (after);
}

static void
test_throttling_exception (Fixture       *f,
                           gconstpointer  data)
{
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GawsBedrockRuntimeConverseStreamResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GawsEventStream *stream;

  append_exception (out, "throttlingException", "{\"message\":\"slow down\"}");
  body = g_byte_array_free_to_bytes (out);
  script_stream (f, body, NULL);
  response = converse_stream (f, &error);
  g_assert_no_error (error);
  stream = gaws_event_stream_from_output (GAWS_SHAPE (response));
  g_assert_null (next_event (stream, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "ThrottlingException");
  g_assert_true (gaws_error_matches_type (error, GAWS_BEDROCK_RUNTIME_TYPE_THROTTLING_EXCEPTION));
  g_assert_cmpstr (gaws_error_get_message (error), ==, "slow down");
}

static void
test_error_message (Fixture       *f,
                    gconstpointer  data)
{
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GawsBedrockRuntimeConverseStreamResponse) response = NULL;
  g_autoptr(GawsShape) start = NULL;
  g_autoptr(GError) error = NULL;
  GawsEventStream *stream;

  append_event (out, "messageStart", "application/json", "{\"role\":\"assistant\"}");
  append_error (out, "InternalFailure", "something went wrong");
  body = g_byte_array_free_to_bytes (out);
  script_stream (f, body, NULL);
  response = converse_stream (f, &error);
  g_assert_no_error (error);
  stream = gaws_event_stream_from_output (GAWS_SHAPE (response));
  start = expect_event (stream, "messageStart", GAWS_BEDROCK_RUNTIME_TYPE_MESSAGE_START_EVENT);
  g_assert_null (next_event (stream, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "InternalFailure");
  g_assert_cmpstr (gaws_error_get_message (error), ==, "something went wrong");
}

/* An error status before any event is the operation's own error. */
static void
test_http_error (Fixture       *f,
                 gconstpointer  data)
{
  static const char json[] = "{\"message\":\"Too many requests\"}";
  g_autoptr(GBytes) body = g_bytes_new_static (json, sizeof json - 1);
  g_autoptr(GawsBedrockRuntimeConverseStreamResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  script_stream (f, body, "application/json");
  g_mutex_lock (&f->script.lock);
  f->script.action = GAWS_TEST_SERVER_RESPOND;
  f->script.status = 429;
  f->script.error_type = "ThrottlingException";
  g_mutex_unlock (&f->script.lock);
  response = converse_stream (f, &error);
  g_assert_null (response);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_true (gaws_error_matches_type (error, GAWS_BEDROCK_RUNTIME_TYPE_THROTTLING_EXCEPTION));
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 429);
  g_assert_cmpstr (gaws_error_get_message (error), ==, "Too many requests");
}

static void
test_corrupt_crc (Fixture       *f,
                  gconstpointer  data)
{
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GawsBedrockRuntimeConverseStreamResponse) response = NULL;
  g_autoptr(GawsShape) start = NULL;
  g_autoptr(GError) error = NULL;
  GawsEventStream *stream;
  guint first_length;

  append_event (out, "messageStart", "application/json", "{\"role\":\"assistant\"}");
  first_length = out->len;
  append_event (out, "messageStop", "application/json", "{\"stopReason\":\"end_turn\"}");
  /* A flipped bit in the second frame's payload: its message CRC fails. */
  out->data[out->len - 8] ^= 0x04;
  g_assert_cmpuint (out->len - 8, >, first_length);
  body = g_byte_array_free_to_bytes (out);
  script_stream (f, body, NULL);
  response = converse_stream (f, &error);
  g_assert_no_error (error);
  stream = gaws_event_stream_from_output (GAWS_SHAPE (response));
  start = expect_event (stream, "messageStart", GAWS_BEDROCK_RUNTIME_TYPE_MESSAGE_START_EVENT);
  g_assert_null (next_event (stream, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "CRC"));
  g_assert_true (gaws_event_stream_is_closed (stream));
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) full = converse_body ();
  gsize cut = g_bytes_get_size (full) - 7;

  /* Cut inside the last frame: a body that ends cleanly (chunked) but
   * mid-frame, and one shorter than its Content-Length. */
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GBytes) body = round == 0 ? g_bytes_new_from_bytes (full, 0, cut) : g_bytes_ref (full);
      g_autoptr(GawsBedrockRuntimeConverseStreamResponse) response = NULL;
      g_autoptr(GError) error = NULL;
      GawsEventStream *stream;
      GawsShape *event;
      guint events = 0;

      script_stream (f, body, NULL);
      if (round == 1)
        {
          g_mutex_lock (&f->script.lock);
          f->script.action = GAWS_TEST_SERVER_CLOSE_AFTER;
          f->script.fault_offset = cut;
          f->script.chunked = FALSE;
          g_mutex_unlock (&f->script.lock);
        }
      response = converse_stream (f, &error);
      /* A connection that breaks before the head is handed over fails
       * the call itself. */
      if (round == 1 && response == NULL)
        {
          g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
          continue;
        }
      g_assert_no_error (error);
      stream = gaws_event_stream_from_output (GAWS_SHAPE (response));
      while ((event = next_event (stream, NULL, &error)) != NULL)
        {
          events++;
          g_object_unref (event);
        }
      /* A broken connection drops what was buffered (GawsHttpBodyStream):
       * only a clean end gives every whole frame. */
      if (round == 0)
        g_assert_cmpuint (events, ==, G_N_ELEMENTS (delta_texts) + 3);
      else
        g_assert_cmpuint (events, <=, G_N_ELEMENTS (delta_texts) + 3);
      g_assert_nonnull (error);
      g_assert_true (error->domain == GAWS_ERROR);
      if (round == 0)
        {
          g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
          g_test_message ("truncated: %s", error->message);
        }
      else
        g_test_message ("short body: %s", error->message);
    }
}

/* ---- cancel and drop ------------------------------------------------------ */

static GawsBedrockRuntimeConverseStreamResponse *
converse_stream_stalled (Fixture *f)
{
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  GawsBedrockRuntimeConverseStreamResponse *response;
  guint first;

  append_event (out, "messageStart", "application/json", "{\"role\":\"assistant\"}");
  first = out->len;
  append_event (out, "messageStop", "application/json", "{\"stopReason\":\"end_turn\"}");
  body = g_byte_array_free_to_bytes (out);
  script_stream (f, body, NULL);
  g_mutex_lock (&f->script.lock);
  /* The first frame and part of the second, then nothing. */
  f->script.action = GAWS_TEST_SERVER_STALL_AFTER;
  f->script.fault_offset = first + 5;
  g_mutex_unlock (&f->script.lock);
  response = converse_stream (f, &error);
  g_assert_no_error (error);
  return response;
}

static gboolean
cancel_cb (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_mid_stream (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GawsBedrockRuntimeConverseStreamResponse) response = converse_stream_stalled (f);
  GawsEventStream *stream = gaws_event_stream_from_output (GAWS_SHAPE (response));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GawsShape) start = NULL, after = NULL;
  g_autoptr(GError) error = NULL;

  start = expect_event (stream, "messageStart", GAWS_BEDROCK_RUNTIME_TYPE_MESSAGE_START_EVENT);
  g_assert_cmpuint (gaws_test_server_get_n_open_connections (f->server), ==, 1);
  g_timeout_add (20, cancel_cb, cancellable);
  g_assert_null (next_event (stream, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (gaws_event_stream_is_closed (stream));
  wait_connections_closed (f);
  g_clear_error (&error);
  after = next_event (stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (after);
}

static void
test_unref_mid_stream (Fixture       *f,
                       gconstpointer  data)
{
  GawsBedrockRuntimeConverseStreamResponse *response = converse_stream_stalled (f);
  GawsEventStream *stream = gaws_event_stream_from_output (GAWS_SHAPE (response));
  g_autoptr(GawsShape) start = NULL;

  g_object_add_weak_pointer (G_OBJECT (stream), (gpointer *) &stream);
  start = expect_event (stream, "messageStart", GAWS_BEDROCK_RUNTIME_TYPE_MESSAGE_START_EVENT);
  g_object_unref (response);
  g_assert_null (stream);
  wait_connections_closed (f);
}

static void
test_close_mid_stream (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GawsBedrockRuntimeConverseStreamResponse) response = converse_stream_stalled (f);
  GawsEventStream *stream = gaws_event_stream_from_output (GAWS_SHAPE (response));
  g_autoptr(GawsShape) start = NULL;

  start = expect_event (stream, "messageStart", GAWS_BEDROCK_RUNTIME_TYPE_MESSAGE_START_EVENT);
  gaws_event_stream_close (stream);
  g_assert_true (gaws_event_stream_is_closed (stream));
  wait_connections_closed (f);
  expect_end (stream);
}

/* Events may be far apart (a model thinking, a quiet shard): a pause
 * between frames six times the stalled-stream grace period does not end
 * the stream, with the protection on or off: as in the AWS SDKs, event
 * streams are exempt from it. */
static void
test_idle_gaps (Fixture       *f,
                gconstpointer  data)
{
  gboolean protect = GPOINTER_TO_INT (data);
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GawsBedrockRuntimeConverseStreamResponse) response = NULL;
  g_autoptr(GawsShape) start = NULL, stop = NULL;
  g_autoptr(GError) error = NULL;
  GawsEventStream *stream;
  guint first;

  append_event (out, "messageStart", "application/json", "{\"role\":\"assistant\"}");
  first = out->len;
  append_event (out, "messageStop", "application/json", "{\"stopReason\":\"end_turn\"}");
  body = g_byte_array_free_to_bytes (out);
  script_stream (f, body, NULL);
  g_mutex_lock (&f->script.lock);
  f->script.chunk = first;
  f->script.interval_ms = 600;
  g_mutex_unlock (&f->script.lock);
  gaws_client_config_set_stalled_stream_protection (f->config, protect, 100, 1);
  response = converse_stream (f, &error);
  g_assert_no_error (error);
  stream = gaws_event_stream_from_output (GAWS_SHAPE (response));
  start = expect_event (stream, "messageStart", GAWS_BEDROCK_RUNTIME_TYPE_MESSAGE_START_EVENT);
  stop = next_event (stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stop);
  g_assert_cmpstr (gaws_event_stream_get_event_name (stream), ==, "messageStop");
  expect_end (stream);
}

/* ---- event-stream input without a writer is refused before I/O ------------ */
/* (sending events: test-event-stream-input.c) */

static void
test_input_stream_unsupported (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GawsBedrockRuntimeClient) client = gaws_bedrock_runtime_client_new (f->session, f->config);
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) request =
    gaws_bedrock_runtime_invoke_model_with_bidirectional_stream_request_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse) response = NULL;

  gaws_bedrock_runtime_invoke_model_with_bidirectional_stream_request_set_model_id (request, "m");
  gaws_bedrock_runtime_client_invoke_model_with_bidirectional_stream_async (client, request, NULL, store_result, &result);
  wait_for ((gpointer *) &result, "invoke_model_with_bidirectional_stream");
  response = gaws_bedrock_runtime_client_invoke_model_with_bidirectional_stream_finish (client, result, &error);
  g_assert_null (response);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (gaws_test_server_get_n_requests (f->server), ==, 0);
}

/* ---- Kinesis SubscribeToShard (json: an initial-response first) ----------- */

static GawsKinesisSubscribeToShardOutput *
subscribe_to_shard (Fixture  *f,
                    GError  **error)
{
  g_autoptr(GawsKinesisClient) client = gaws_kinesis_client_new (f->session, f->config);
  g_autoptr(GawsKinesisSubscribeToShardInput) input = gaws_kinesis_subscribe_to_shard_input_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) local_error = NULL;

  g_assert_true (gaws_shape_update_from_json_string (
    GAWS_SHAPE (input),
    "{\"ConsumerARN\":\"arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:1\","
    "\"ShardId\":\"shardId-000000000000\",\"StartingPosition\":{\"Type\":\"LATEST\"}}", &local_error));
  g_assert_no_error (local_error);
  gaws_kinesis_client_subscribe_to_shard_async (client, input, NULL, store_result, &result);
  wait_for ((gpointer *) &result, "subscribe_to_shard");
  return gaws_kinesis_client_subscribe_to_shard_finish (client, result, error);
}

static void
append_shard_event (GByteArray *out,
                    const char *continuation)
{
  g_autofree char *payload = g_strdup_printf (
    "{\"Records\":[{\"SequenceNumber\":\"49590338271490256608559692538361571095921575989136588898\","
    "\"ApproximateArrivalTimestamp\":1700000000.5,\"Data\":\"aGVsbG8=\",\"PartitionKey\":\"pk\"}],"
    "\"ContinuationSequenceNumber\":\"%s\",\"MillisBehindLatest\":42}", continuation);

  append_event (out, "SubscribeToShardEvent", "application/json", payload);
}

static void
test_subscribe_to_shard (Fixture       *f,
                         gconstpointer  data)
{
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GawsKinesisSubscribeToShardOutput) output = NULL;
  g_autoptr(GError) error = NULL;
  GawsEventStream *stream;

  append_event (out, "initial-response", "application/json", "{}");
  append_shard_event (out, "1");
  append_shard_event (out, "2");
  append_exception (out, "ResourceInUseException", "{\"message\":\"consumer busy\"}");
  body = g_byte_array_free_to_bytes (out);
  script_stream (f, body, "application/vnd.amazon.eventstream");
  output = subscribe_to_shard (f, &error);
  g_assert_no_error (error);
  stream = gaws_event_stream_from_output (GAWS_SHAPE (output));
  g_assert_nonnull (stream);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GawsShape) event = expect_event (stream, "SubscribeToShardEvent", GAWS_KINESIS_TYPE_SUBSCRIBE_TO_SHARD_EVENT);
      GawsKinesisSubscribeToShardEvent *shard_event = GAWS_KINESIS_SUBSCRIBE_TO_SHARD_EVENT (event);
      GPtrArray *records = gaws_kinesis_subscribe_to_shard_event_get_records (shard_event);
      GawsKinesisRecord *record;
      GBytes *bytes;
      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      g_assert_cmpstr (gaws_kinesis_subscribe_to_shard_event_get_continuation_sequence_number (shard_event), ==, number);
      g_assert_cmpint (gaws_kinesis_subscribe_to_shard_event_get_millis_behind_latest (shard_event), ==, 42);
      g_assert_cmpuint (records->len, ==, 1);
      record = records->pdata[0];
      bytes = gaws_kinesis_record_get_data (record);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "hello", 5);
      g_assert_cmpstr (gaws_kinesis_record_get_partition_key (record), ==, "pk");
      g_assert_cmpint (g_date_time_to_unix (gaws_kinesis_record_get_approximate_arrival_timestamp (record)), ==, 1700000000);
    }
  g_assert_null (next_event (stream, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_true (gaws_error_matches_type (error, GAWS_KINESIS_TYPE_RESOURCE_IN_USE_EXCEPTION));
  g_assert_cmpstr (gaws_error_get_message (error), ==, "consumer busy");
}

static void
test_subscribe_to_shard_without_initial_response (Fixture       *f,
                                                  gconstpointer  data)
{
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GawsKinesisSubscribeToShardOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  append_shard_event (out, "1");
  body = g_byte_array_free_to_bytes (out);
  script_stream (f, body, NULL);
  output = subscribe_to_shard (f, &error);
  g_assert_null (output);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "initial-response"));
  wait_connections_closed (f);
}

/* ---- S3 SelectObjectContent (rest-xml) ------------------------------------ */

static const char select_records[] = "1,Alice\n2,Bob\n3,Carol\n";

static GBytes *
select_body (void)
{
  GByteArray *out = g_byte_array_new ();

  append_event (out, "Records", "application/octet-stream", "1,Alice\n2,Bob\n");
  append_event (out, "Cont", NULL, "");
  append_event (out, "Records", "application/octet-stream", "3,Carol\n");
  append_event (out, "Progress", "text/xml",
                "<Progress><BytesScanned>10</BytesScanned><BytesProcessed>10</BytesProcessed>"
                "<BytesReturned>5</BytesReturned></Progress>");
  append_event (out, "Stats", "text/xml",
                "<Stats><BytesScanned>100</BytesScanned><BytesProcessed>90</BytesProcessed>"
                "<BytesReturned>22</BytesReturned></Stats>");
  append_event (out, "End", NULL, "");
  return g_byte_array_free_to_bytes (out);
}

static void
test_select_object_content (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GBytes) body = select_body ();
  g_autoptr(GawsS3Client) client = gaws_s3_client_new (f->session, f->config);
  g_autoptr(GawsS3SelectObjectContentRequest) request = gaws_s3_select_object_content_request_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gaws_shape_update_from_json_string (
    GAWS_SHAPE (request),
    "{\"Bucket\":\"bucket\",\"Key\":\"people.csv\",\"Expression\":\"select * from s3object\","
    "\"ExpressionType\":\"SQL\",\"InputSerialization\":{\"CSV\":{}},\"OutputSerialization\":{\"CSV\":{}}}",
    &error));
  g_assert_no_error (error);
  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(GawsS3SelectObjectContentOutput) output = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GString) records = g_string_new (NULL);
      g_autoptr(GawsShape) stats = NULL, progress = NULL, end = NULL, cont = NULL;
      GawsS3Stats *details;
      GawsEventStream *stream;

      script_stream (f, body, NULL);
      gaws_s3_client_select_object_content_async (client, request, NULL, store_result, &result);
      wait_for ((gpointer *) &result, "select_object_content");
      output = gaws_s3_client_select_object_content_finish (client, result, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (f->script.method, ==, "POST");
      g_assert_nonnull (strstr (f->script.path, "people.csv?select&select-type=2"));
      stream = gaws_event_stream_from_output (GAWS_SHAPE (output));
      g_assert_nonnull (stream);
      for (guint i = 0; i < 2; i++)
        {
          g_autoptr(GawsShape) event = expect_event (stream, "Records", GAWS_S3_TYPE_RECORDS_EVENT);
          GBytes *payload = gaws_s3_records_event_get_payload (GAWS_S3_RECORDS_EVENT (event));

          g_string_append_len (records, g_bytes_get_data (payload, NULL), (gssize) g_bytes_get_size (payload));
          if (i == 0)
            cont = expect_event (stream, "Cont", GAWS_S3_TYPE_CONTINUATION_EVENT);
        }
      g_assert_cmpstr (records->str, ==, select_records);
      progress = expect_event (stream, "Progress", GAWS_S3_TYPE_PROGRESS_EVENT);
      g_assert_cmpint (gaws_s3_progress_get_bytes_returned (
                         gaws_s3_progress_event_get_details (GAWS_S3_PROGRESS_EVENT (progress))), ==, 5);
      stats = expect_event (stream, "Stats", GAWS_S3_TYPE_STATS_EVENT);
      details = gaws_s3_stats_event_get_details (GAWS_S3_STATS_EVENT (stats));
      g_assert_nonnull (details);
      g_assert_cmpint (gaws_s3_stats_get_bytes_scanned (details), ==, 100);
      g_assert_cmpint (gaws_s3_stats_get_bytes_processed (details), ==, 90);
      g_assert_cmpint (gaws_s3_stats_get_bytes_returned (details), ==, 22);
      end = expect_event (stream, "End", GAWS_S3_TYPE_END_EVENT);
      expect_end (stream);
    }
}

/* ---- encoding events: what the decoder reads back ------------------------- */

static void
round_trip (const GawsOperationInfo *op,
            const char *const       *names,
            GawsShape *const        *events,
            guint                    n_events)
{
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GawsEventStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) end = NULL;

  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr(GawsEventStreamMessage) message = gaws_event_stream_encode_event (op, names[i], events[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (gaws_event_stream_message_get_event_type (message), ==, names[i]);
      append_message (out, message);
    }
  body = g_byte_array_free_to_bytes (out);
  input = g_memory_input_stream_new_from_bytes (body);
  stream = gaws_event_stream_new (op, input);
  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr(GawsShape) event = gaws_event_stream_next_event (stream, NULL, &error);
      g_autofree char *expected = gaws_shape_to_json_string (events[i]);
      g_autofree char *got = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (event);
      g_assert_cmpstr (gaws_event_stream_get_event_name (stream), ==, names[i]);
      got = gaws_shape_to_json_string (event);
      g_assert_cmpstr (got, ==, expected);
    }
  end = gaws_event_stream_next_event (stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (end);
}

static GawsShape *
event_from_json (const GawsOperationInfo *op,
                 const char              *name,
                 const char              *json)
{
  const GawsShapeInfo *info;
  gint stream_member = -1;
  g_autoptr(GError) error = NULL;
  GawsShape *event;

  for (guint i = 0; i < op->output->n_members; i++)
    if (op->output->members[i].shape->flags & GAWS_SHAPE_FLAG_EVENTSTREAM)
      stream_member = (gint) i;
  g_assert_cmpint (stream_member, >=, 0);
  info = op->output->members[stream_member].shape;
  event = gaws_shape_new_from_json_string (info->members[gaws_shape_info_find_member (info, name)].shape, json, &error);
  g_assert_no_error (error);
  return event;
}

static void
test_encode_round_trip_json (void)
{
  const GawsOperationInfo *op = gaws_service_info_find_operation (gaws_bedrock_runtime_get_service_info (),
                                                                  "ConverseStream");
  const char *const names[] = { "messageStart", "contentBlockDelta", "messageStop", "metadata" };
  g_autoptr(GawsShape) start = event_from_json (op, names[0], "{\"role\":\"user\"}");
  g_autoptr(GawsShape) delta = event_from_json (op, names[1], "{\"contentBlockIndex\":3,\"delta\":{\"text\":\"é\\\"\"}}");
  g_autoptr(GawsShape) stop = event_from_json (op, names[2], "{\"stopReason\":\"max_tokens\"}");
  g_autoptr(GawsShape) metadata = event_from_json (op, names[3],
    "{\"usage\":{\"inputTokens\":1,\"outputTokens\":2,\"totalTokens\":3},\"metrics\":{\"latencyMs\":4}}");
  GawsShape *const events[] = { start, delta, stop, metadata };

  round_trip (op, names, events, G_N_ELEMENTS (events));
}

/* A blob payload, and an XML structure payload (S3's rest-xml). */
static void
test_encode_round_trip_payloads (void)
{
  const GawsOperationInfo *invoke = gaws_service_info_find_operation (gaws_bedrock_runtime_get_service_info (),
                                                                      "InvokeModelWithResponseStream");
  const GawsOperationInfo *select = gaws_service_info_find_operation (gaws_s3_get_service_info (),
                                                                      "SelectObjectContent");
  const char *const invoke_names[] = { "chunk" };
  const char *const select_names[] = { "Records", "Stats", "End" };
  g_autoptr(GawsShape) chunk = event_from_json (invoke, "chunk", "{\"bytes\":\"AAEC/w==\"}");
  g_autoptr(GawsShape) records = event_from_json (select, "Records", "{\"Payload\":\"YSxiCg==\"}");
  g_autoptr(GawsShape) stats = event_from_json (select, "Stats",
    "{\"Details\":{\"BytesScanned\":7,\"BytesProcessed\":8,\"BytesReturned\":9}}");
  g_autoptr(GawsShape) end = event_from_json (select, "End", "{}");
  GawsShape *const invoke_events[] = { chunk };
  GawsShape *const select_events[] = { records, stats, end };
  g_autoptr(GawsEventStreamMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  round_trip (invoke, invoke_names, invoke_events, 1);
  round_trip (select, select_names, select_events, 3);
  message = gaws_event_stream_encode_event (select, "Records", stats, &error);
  g_assert_null (message);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/event-stream-ops/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("bedrock/converse-stream", test_converse_stream);
  ADD ("bedrock/converse-stream-sync", test_converse_stream_sync);
  ADD ("bedrock/invoke-model-with-response-stream", test_invoke_model_with_response_stream);
  ADD ("bedrock/modelled-exception-event", test_modelled_exception);
  ADD ("bedrock/throttling-exception-event", test_throttling_exception);
  ADD ("bedrock/error-message", test_error_message);
  ADD ("bedrock/http-error-before-stream", test_http_error);
  ADD ("bedrock/corrupt-crc", test_corrupt_crc);
  ADD ("bedrock/truncated", test_truncated);
  ADD ("bedrock/cancel-mid-stream-closes-connection", test_cancel_mid_stream);
  ADD ("bedrock/unref-mid-stream-closes-connection", test_unref_mid_stream);
  ADD ("bedrock/close-mid-stream-closes-connection", test_close_mid_stream);
  ADD ("bedrock/input-event-stream-refused-before-io", test_input_stream_unsupported);
  g_test_add ("/event-stream-ops/bedrock/idle-gaps-protected", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_idle_gaps, fixture_tear_down);
  g_test_add ("/event-stream-ops/bedrock/idle-gaps", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, test_idle_gaps, fixture_tear_down);
  ADD ("kinesis/subscribe-to-shard", test_subscribe_to_shard);
  ADD ("kinesis/subscribe-to-shard-without-initial-response", test_subscribe_to_shard_without_initial_response);
  ADD ("s3/select-object-content", test_select_object_content);
#undef ADD
  g_test_add_func ("/event-stream-ops/encode/round-trip-json", test_encode_round_trip_json);
  g_test_add_func ("/event-stream-ops/encode/round-trip-payloads", test_encode_round_trip_payloads);

  return g_test_run ();
}
