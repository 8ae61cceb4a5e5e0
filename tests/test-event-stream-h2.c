/* test-event-stream-h2.c: an operation that sends an event stream, over
 * HTTPS and HTTP/2, against a fake Bedrock runtime written with node's
 * http2 module (tests/h2-event-stream-server.mjs)
 *
 * The fake is started per test on a free loopback port with a certificate
 * made for the run by openssl's command line, which the client trusts
 * through its configuration's CA bundle. It checks, on its own, that the
 * request came over HTTP/2 without HTTP/1.1's connection headers, the
 * request's signature, and every frame's CRCs and chunk signature along
 * the chain; it answers every event while the request body is still open,
 * and reports what it saw as JSON lines on its stdout, which the test
 * reads as they come.
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include <gaws-bedrock-runtime.h>
#include <curl/curl.h>
#include <jansson.h>
#include <string.h>

#define GUARD_SECONDS 30
#define ACCESS_KEY "AKIDTEST"
#define SECRET_KEY "secret-test"
#define REGION "us-east-1"
#define SIGNING_NAME "bedrock"

typedef struct {
  char                     *dir;
  char                     *cert_file;
  GSubprocess              *server;
  GDataInputStream         *server_out;
  GCancellable             *reading;
  GPtrArray                *reports;   /* json_t *: the fake's lines, in order */
  gboolean                  server_gone; /* its stdout closed */
  char                     *url;
  GawsBedrockRuntimeClient *client;
} Fixture;

/* ---- waiting on the main context ---- */

static gboolean
guard_cb (gpointer data)
{
  g_error ("%s: still waiting after %d s", (const char *) data, GUARD_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
wait_until (gboolean  (*ready) (gpointer),
            gpointer    data,
            const char *what)
{
  GSource *guard = g_timeout_source_new_seconds (GUARD_SECONDS);

  g_source_set_callback (guard, guard_cb, (gpointer) what, NULL);
  g_source_attach (guard, NULL);
  while (!ready (data))
    g_main_context_iteration (NULL, TRUE);
  g_source_destroy (guard);
  g_source_unref (guard);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
wait_for (gpointer   *result,
          const char *what)
{
  wait_until (is_set, result, what);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* ---- the fake's reports ---- */

static void read_next_report (Fixture *f);

static void
on_report_line (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                                     NULL, &error);
  json_error_t json_error;
  json_t *report;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_assert_no_error (error);
  if (line == NULL)
    {
      f->server_gone = TRUE;
      return;
    }
  g_test_message ("fake: %s", line);
  report = json_loads (line, 0, &json_error);
  if (report == NULL)
    g_error ("the fake wrote a line that is not JSON: %s", line);
  g_ptr_array_add (f->reports, report);
  read_next_report (f);
}

static void
read_next_report (Fixture *f)
{
  g_data_input_stream_read_line_async (f->server_out, G_PRIORITY_DEFAULT, f->reading, on_report_line, f);
}

typedef struct {
  Fixture    *f;
  const char *event;
  const char *model;   /* for stream-done reports, or NULL for any */
  json_t     *found;
} Want;

static gboolean
report_matches (json_t     *report,
                const char *event,
                const char *model)
{
  return g_strcmp0 (json_string_value (json_object_get (report, "event")), event) == 0 &&
         (model == NULL || g_strcmp0 (json_string_value (json_object_get (report, "model")), model) == 0);
}

static gboolean
want_found (gpointer data)
{
  Want *want = data;

  for (guint i = 0; i < want->f->reports->len; i++)
    if (report_matches (want->f->reports->pdata[i], want->event, want->model))
      {
        want->found = want->f->reports->pdata[i];
        return TRUE;
      }
  return want->f->server_gone;
}

/* The fake's first report of @event (for @model), once it came. */
static json_t *
wait_for_report (Fixture    *f,
                 const char *event,
                 const char *model)
{
  Want want = { f, event, model, NULL };

  wait_until (want_found, &want, event);
  if (want.found == NULL)
    g_error ("the fake exited before it reported %s", event);
  return want.found;
}

static guint
count_reports (Fixture    *f,
               const char *event)
{
  guint n = 0;

  for (guint i = 0; i < f->reports->len; i++)
    n += report_matches (f->reports->pdata[i], event, NULL);
  return n;
}

static gboolean
report_bool (json_t     *report,
             const char *key)
{
  json_t *value = json_object_get (report, key);

  g_assert_true (json_is_boolean (value));
  return json_is_true (value);
}

static json_int_t
report_int (json_t     *report,
            const char *key)
{
  json_t *value = json_object_get (report, key);

  g_assert_true (json_is_integer (value));
  return json_integer_value (value);
}

/* ---- the fake's process (its certificate: gaws_test_make_certificate()) ---- */

/* Why this machine cannot run the test, or NULL. */
static const char *
missing_prerequisite (void)
{
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *openssl = g_find_program_in_path ("openssl");

  if (!(curl_version_info (CURLVERSION_NOW)->features & CURL_VERSION_HTTP2))
    return "libcurl was built without HTTP/2";
  if (node == NULL)
    return "node is not installed";
  if (openssl == NULL)
    return "openssl is not installed";
  return NULL;
}

static void
start_server (Fixture    *f,
              const char *key_file)
{
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "h2-event-stream-server.mjs", NULL);
  g_autoptr(GError) error = NULL;
  json_t *listening;

  /* Its stdin is a pipe that only closes when this process ends, however
   * it ends: the fake exits then. */
  f->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                node, script, f->cert_file, key_file, ACCESS_KEY, SECRET_KEY,
                                REGION, SIGNING_NAME, NULL);
  g_assert_no_error (error);
  f->server_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->server));
  f->reading = g_cancellable_new ();
  f->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
  read_next_report (f);
  listening = wait_for_report (f, "listening", NULL);
  f->url = g_strdup_printf ("https://127.0.0.1:%" JSON_INTEGER_FORMAT, report_int (listening, "port"));
}

static GawsBedrockRuntimeClient *
new_client (Fixture    *f,
            const char *secret,
            gboolean    trusted)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials (ACCESS_KEY, secret, NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();

  gaws_session_set_region (session, REGION);
  gaws_client_config_set_endpoint_url (config, f->url);
  gaws_client_config_set_max_attempts (config, 1);
  if (trusted)
    gaws_client_config_set_ca_bundle (config, f->cert_file);
  return gaws_bedrock_runtime_client_new (session, config);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *key_file = NULL;
  const char *missing = missing_prerequisite ();

  if (missing != NULL)
    {
      g_test_skip (missing);
      return;
    }
  f->dir = gaws_test_make_temp_dir ();
  f->cert_file = g_build_filename (f->dir, "cert.pem", NULL);
  g_assert_true (gaws_test_make_certificate (f->dir, f->cert_file, &key_file));
  start_server (f, key_file);
  f->client = new_client (f, SECRET_KEY, TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  if (f->server != NULL)
    {
      g_cancellable_cancel (f->reading);
      g_subprocess_force_exit (f->server);
      g_assert_true (g_subprocess_wait (f->server, NULL, NULL));
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->server_out);
  g_clear_object (&f->reading);
  g_clear_object (&f->server);
  g_clear_pointer (&f->reports, g_ptr_array_unref);
  if (f->dir != NULL)
    gaws_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->cert_file);
  g_free (f->url);
}

/* ---- the client's side ---- */

static GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest *
new_request (const char             *model,
             GawsEventStreamWriter **writer)
{
  GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest *request =
    gaws_bedrock_runtime_invoke_model_with_bidirectional_stream_request_new ();

  gaws_bedrock_runtime_invoke_model_with_bidirectional_stream_request_set_model_id (request, model);
  *writer = gaws_event_stream_writer_new_for_input (GAWS_SHAPE (request));
  return request;
}

static GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse *
try_invoke (GawsBedrockRuntimeClient                                    *client,
            GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest *request,
            GCancellable                                                *cancellable,
            GError                                                     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gaws_bedrock_runtime_client_invoke_model_with_bidirectional_stream_async (client, request, cancellable,
                                                                            store_result, &result);
  wait_for ((gpointer *) &result, "invoke_model_with_bidirectional_stream");
  return gaws_bedrock_runtime_client_invoke_model_with_bidirectional_stream_finish (client, result, error);
}

static GawsEventStream *
invoke (Fixture                                                       *f,
        GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest   *request,
        GCancellable                                                  *cancellable,
        GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse **out_response)
{
  g_autoptr(GError) error = NULL;

  *out_response = try_invoke (f->client, request, cancellable, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out_response);
  return gaws_event_stream_from_output (GAWS_SHAPE (*out_response));
}

static GawsShape *
chunk_event (const char *text)
{
  GawsBedrockRuntimeBidirectionalInputPayloadPart *part = gaws_bedrock_runtime_bidirectional_input_payload_part_new ();
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  gaws_bedrock_runtime_bidirectional_input_payload_part_set_bytes (part, bytes);
  return GAWS_SHAPE (part);
}

static gboolean
send_event (GawsEventStreamWriter  *writer,
            const char             *text,
            GError                **error)
{
  g_autoptr(GawsShape) event = chunk_event (text);
  g_autoptr(GAsyncResult) result = NULL;

  gaws_event_stream_writer_send_event_async (writer, "chunk", event, NULL, store_result, &result);
  wait_for ((gpointer *) &result, "send_event");
  return gaws_event_stream_writer_send_event_finish (writer, result, error);
}

static void
end_stream (GawsEventStreamWriter *writer)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gaws_event_stream_writer_end_async (writer, NULL, store_result, &result);
  wait_for ((gpointer *) &result, "end");
  g_assert_true (gaws_event_stream_writer_end_finish (writer, result, &error));
  g_assert_no_error (error);
}

static GawsShape *
next_event (GawsEventStream  *stream,
            GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gaws_event_stream_next_event_async (stream, NULL, store_result, &result);
  wait_for ((gpointer *) &result, "next_event");
  return gaws_event_stream_next_event_finish (stream, result, error);
}

/* The next answer must be the echo of @text. */
static void
expect_echo (GawsEventStream *stream,
             const char      *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) event = next_event (stream, &error);
  g_autofree char *expected = g_strconcat ("echo:", text, NULL);
  GBytes *bytes;

  g_assert_no_error (error);
  g_assert_nonnull (event);
  g_assert_cmpstr (gaws_event_stream_get_event_name (stream), ==, "chunk");
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (event, GAWS_BEDROCK_RUNTIME_TYPE_BIDIRECTIONAL_OUTPUT_PAYLOAD_PART));
  bytes = gaws_bedrock_runtime_bidirectional_output_payload_part_get_bytes (
    GAWS_BEDROCK_RUNTIME_BIDIRECTIONAL_OUTPUT_PAYLOAD_PART (event));
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected, strlen (expected));
}

static gboolean
writer_closed (gpointer writer)
{
  return gaws_event_stream_writer_is_closed (writer);
}

/* What every request the fake took must have looked like on the wire. */
static void
assert_h2_request (json_t *report)
{
  g_assert_cmpstr (json_string_value (json_object_get (report, "httpVersion")), ==, "2.0");
  g_assert_cmpstr (json_string_value (json_object_get (report, "method")), ==, "POST");
  g_assert_cmpuint (json_array_size (json_object_get (report, "forbiddenHeaders")), ==, 0);
  g_assert_true (json_is_null (json_object_get (report, "contentLength")));
  g_assert_cmpstr (json_string_value (json_object_get (report, "contentType")), ==,
                   "application/vnd.amazon.eventstream");
  g_assert_cmpstr (json_string_value (json_object_get (report, "contentSha256")), ==,
                   "STREAMING-AWS4-HMAC-SHA256-EVENTS");
}

static void
assert_received (json_t      *report,
                 const char **texts)
{
  json_t *received = json_object_get (report, "received");
  guint n = texts ? g_strv_length ((GStrv) texts) : 0;

  g_assert_cmpuint (json_array_size (received), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (json_string_value (json_array_get (received, i)), ==, texts[i]);
}

/* ---- tests ---- */

/* Events go out one by one over HTTP/2 while their answers come back: each
 * answer is read before the next event is sent, so the request body stays
 * open after the response's head (true duplex). The fake verifies every
 * frame's chunk signature along the chain and the signed end frame, after
 * which both sides end cleanly. */
static void
test_duplex_echo (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GawsEventStreamWriter) writer = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) request = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse) response = NULL;
  g_autoptr(GAsyncResult) early = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) first = chunk_event ("one");
  g_autoptr(GawsShape) end = NULL;
  const char *texts[] = { "one", "twö", "", "four", NULL };
  GawsEventStream *stream;
  json_t *report;

  if (f->server == NULL)
    return;
  request = new_request ("echo", &writer);
  /* Sent before the call: it waits for the request's signature. */
  gaws_event_stream_writer_send_event_async (writer, "chunk", first, NULL, store_result, &early);
  stream = invoke (f, request, NULL, &response);
  g_assert_nonnull (stream);
  wait_for ((gpointer *) &early, "early send");
  g_assert_true (gaws_event_stream_writer_send_event_finish (writer, early, &error));
  g_assert_no_error (error);
  expect_echo (stream, "one");
  for (guint i = 1; texts[i] != NULL; i++)
    {
      g_assert_true (send_event (writer, texts[i], &error));
      g_assert_no_error (error);
      expect_echo (stream, texts[i]);
    }
  end_stream (writer);
  g_assert_true (gaws_event_stream_writer_is_closed (writer));
  end = next_event (stream, &error);
  g_assert_no_error (error);
  g_assert_null (end);

  report = wait_for_report (f, "stream-done", "echo");
  assert_h2_request (report);
  g_assert_true (report_bool (report, "requestSigned"));
  g_assert_cmpint (report_int (report, "bad"), ==, 0);
  g_assert_cmpint (report_int (report, "verified"), ==, 5);
  g_assert_true (report_bool (report, "gotEnd"));
  g_assert_true (report_bool (report, "bodyComplete"));
  g_assert_false (report_bool (report, "aborted"));
  g_assert_cmpint (report_int (report, "answeredWhileOpen"), ==, 4);
  g_assert_cmpint (report_int (report, "rstCode"), ==, 0);
  g_assert_true (json_is_null (json_object_get (report, "error")));
  assert_received (report, texts);
}

/* A frame whose payload changed on the way (the fake flips a byte of the
 * second frame as it arrives) fails its chunk signature: the fake answers
 * with an exception event, which the reader gets as a GError, and the
 * writer learns the request is over. */
static void
test_bad_frame_signature (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GawsEventStreamWriter) writer = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) request = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) event = NULL;
  const char *texts[] = { "one", NULL };
  GawsEventStream *stream;
  json_t *report;

  if (f->server == NULL)
    return;
  request = new_request ("tamper-1", &writer);
  stream = invoke (f, request, NULL, &response);
  g_assert_true (send_event (writer, "one", &error));
  expect_echo (stream, "one");
  g_assert_true (send_event (writer, "two", &error));
  event = next_event (stream, &error);
  g_assert_null (event);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_true (gaws_error_matches_code (error, "ValidationException"));
  g_assert_nonnull (strstr (error->message, "Invalid chunk signature on frame 1"));
  g_clear_error (&error);

  report = wait_for_report (f, "stream-done", "tamper-1");
  assert_h2_request (report);
  g_assert_cmpint (report_int (report, "verified"), ==, 1);
  g_assert_cmpint (report_int (report, "bad"), ==, 1);
  g_assert_false (report_bool (report, "gotEnd"));
  assert_received (report, texts);
  wait_until (writer_closed, writer, "writer closed");
  g_assert_false (send_event (writer, "three", &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
}

/* A request signed with the wrong secret is refused with a 403 before any
 * event: the call fails with the service's error, and the writer with it. */
static void
test_bad_request_signature (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GawsBedrockRuntimeClient) client = NULL;
  g_autoptr(GawsEventStreamWriter) writer = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) request = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse) response = NULL;
  g_autoptr(GawsShape) first = chunk_event ("one");
  g_autoptr(GAsyncResult) sent = NULL;
  g_autoptr(GError) error = NULL;
  json_t *report;

  if (f->server == NULL)
    return;
  client = new_client (f, "not-the-secret", TRUE);
  request = new_request ("echo", &writer);
  gaws_event_stream_writer_send_event_async (writer, "chunk", first, NULL, store_result, &sent);
  response = try_invoke (client, request, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_true (gaws_error_matches_code (error, "InvalidSignatureException"));
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 403);
  g_assert_nonnull (strstr (error->message, "signature"));
  g_clear_error (&error);

  report = wait_for_report (f, "stream-done", "echo");
  assert_h2_request (report);
  g_assert_false (report_bool (report, "requestSigned"));
  g_assert_cmpint (report_int (report, "verified"), ==, 0);
  wait_for ((gpointer *) &sent, "send");
  /* It may have been handed to the transfer before the refusal came. */
  if (!gaws_event_stream_writer_send_event_finish (writer, sent, &error))
    g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_clear_error (&error);
  wait_until (writer_closed, writer, "writer closed");
  g_assert_false (send_event (writer, "two", &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
}

/* Cancelling the call mid-stream resets the HTTP/2 stream: the reader
 * gets G_IO_ERROR_CANCELLED, the writer's sends fail, and the fake sees
 * the stream reset before any end frame. */
static void
test_cancel_mid_stream (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GawsEventStreamWriter) writer = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) request = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse) response = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) event = NULL;
  const char *texts[] = { "one", NULL };
  GawsEventStream *stream;
  json_t *report;

  if (f->server == NULL)
    return;
  request = new_request ("echo", &writer);
  stream = invoke (f, request, cancellable, &response);
  g_assert_true (send_event (writer, "one", &error));
  expect_echo (stream, "one");
  g_cancellable_cancel (cancellable);
  event = next_event (stream, &error);
  g_assert_null (event);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  wait_until (writer_closed, writer, "writer closed");
  g_assert_false (send_event (writer, "two", &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);

  report = wait_for_report (f, "stream-done", "echo");
  assert_h2_request (report);
  g_assert_true (report_bool (report, "aborted"));
  g_assert_false (report_bool (report, "bodyComplete"));
  g_assert_false (report_bool (report, "gotEnd"));
  g_assert_cmpint (report_int (report, "verified"), ==, 1);
  g_assert_cmpint (report_int (report, "bad"), ==, 0);
  /* RST_STREAM with CANCEL (8), not the clean close (0). */
  g_assert_cmpint (report_int (report, "rstCode"), ==, 8);
  assert_received (report, texts);
}

/* Closing the output's event stream mid-way ends the call the same way:
 * the writer closes and the fake sees the stream reset. */
static void
test_close_mid_stream (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GawsEventStreamWriter) writer = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) request = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  const char *texts[] = { "one", NULL };
  GawsEventStream *stream;
  json_t *report;

  if (f->server == NULL)
    return;
  request = new_request ("echo", &writer);
  stream = invoke (f, request, NULL, &response);
  g_assert_true (send_event (writer, "one", &error));
  expect_echo (stream, "one");
  gaws_event_stream_close (stream);
  wait_until (writer_closed, writer, "writer closed");
  g_assert_false (send_event (writer, "two", &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);

  report = wait_for_report (f, "stream-done", "echo");
  g_assert_true (report_bool (report, "aborted"));
  g_assert_false (report_bool (report, "gotEnd"));
  g_assert_cmpint (report_int (report, "rstCode"), ==, 8);
  assert_received (report, texts);
}

/* A client that does not trust the fake's certificate refuses it: the
 * call fails for the certificate and no request reaches the fake, whose
 * next request (from a client that trusts it) is the only one it sees. */
static void
test_untrusted_certificate (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GawsBedrockRuntimeClient) client = NULL;
  g_autoptr(GawsEventStreamWriter) writer = NULL;
  g_autoptr(GawsEventStreamWriter) trusted_writer = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) request = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) trusted_request = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GawsEventStream *stream;
  json_t *report;

  if (f->server == NULL)
    return;
  client = new_client (f, SECRET_KEY, FALSE);
  request = new_request ("untrusted", &writer);
  g_assert_null (try_invoke (client, request, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_clear_error (&error);
  wait_until (writer_closed, writer, "writer closed");
  /* The fake saw the handshake fail with the client's alert. */
  report = wait_for_report (f, "tls-error", NULL);
  g_assert_nonnull (strstr (json_string_value (json_object_get (report, "message")), "unknown ca"));

  trusted_request = new_request ("echo", &trusted_writer);
  stream = invoke (f, trusted_request, NULL, &response);
  end_stream (trusted_writer);
  g_assert_null (next_event (stream, &error));
  g_assert_no_error (error);
  report = wait_for_report (f, "stream-done", "echo");
  assert_h2_request (report);
  g_assert_true (report_bool (report, "gotEnd"));
  g_assert_cmpuint (count_reports (f, "stream-done"), ==, 1);
}

/* Events larger than HTTP/2's initial flow-control windows (64 KiB) and
 * than what the writer lets wait (256 KiB) go through whole, both ways,
 * while the other direction is busy: the upload pauses and resumes over
 * the stream's window updates. */
static void
test_large_events (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GawsEventStreamWriter) writer = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) request = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  char *texts[4] = { NULL };
  GawsEventStream *stream;
  json_t *report;

  if (f->server == NULL)
    return;
  request = new_request ("echo", &writer);
  stream = invoke (f, request, NULL, &response);
  /* Three events queued at once, each of its own letter. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GawsShape) event = NULL;

      texts[i] = g_strnfill (100 * 1024 + i * 37 * 1024, (char) ('a' + i));
      event = chunk_event (texts[i]);
      gaws_event_stream_writer_send_event_async (writer, "chunk", event, NULL, NULL, NULL);
    }
  for (guint i = 0; i < 3; i++)
    expect_echo (stream, texts[i]);
  end_stream (writer);
  g_assert_null (next_event (stream, &error));
  g_assert_no_error (error);

  report = wait_for_report (f, "stream-done", "echo");
  assert_h2_request (report);
  g_assert_cmpint (report_int (report, "verified"), ==, 4);
  g_assert_cmpint (report_int (report, "bad"), ==, 0);
  g_assert_true (report_bool (report, "gotEnd"));
  assert_received (report, (const char **) texts);
  for (guint i = 0; i < 3; i++)
    g_free (texts[i]);
}

/* A service whose clock is an hour ahead refuses a request dated by ours
 * with a clock-skew error; the client learns the skew from its Date and
 * signs its next request with the service's time, and the frames' :date
 * must follow the same correction, or the service would refuse them. */
static void
test_frames_follow_clock_skew (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GawsEventStreamWriter) first_writer = NULL;
  g_autoptr(GawsEventStreamWriter) writer = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) first = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) request = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  const char *texts[] = { "one", "two", NULL };
  GawsEventStream *stream;
  json_t *report, *skews;

  if (f->server == NULL)
    return;
  first = new_request ("skewed-clock", &first_writer);
  g_assert_null (try_invoke (f->client, first, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_true (gaws_error_matches_code (error, "InvalidSignatureException"));
  g_clear_error (&error);
  report = wait_for_report (f, "stream-done", "skewed-clock");
  g_assert_true (report_bool (report, "requestSigned"));
  g_assert_cmpint (report_int (report, "requestSkewS"), <, -3000);
  g_ptr_array_remove (f->reports, report);

  request = new_request ("skewed-clock", &writer);
  stream = invoke (f, request, NULL, &response);
  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_assert_true (send_event (writer, texts[i], &error));
      g_assert_no_error (error);
      expect_echo (stream, texts[i]);
    }
  end_stream (writer);
  g_assert_null (next_event (stream, &error));
  g_assert_no_error (error);

  report = wait_for_report (f, "stream-done", "skewed-clock");
  assert_h2_request (report);
  g_assert_cmpint (ABS (report_int (report, "requestSkewS")), <=, 5 * 60);
  g_assert_cmpint (report_int (report, "verified"), ==, 3);
  g_assert_cmpint (report_int (report, "bad"), ==, 0);
  g_assert_true (report_bool (report, "gotEnd"));
  assert_received (report, texts);
  skews = json_object_get (report, "frameSkewsS");
  g_assert_cmpuint (json_array_size (skews), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (ABS (json_integer_value (json_array_get (skews, i))), <=, 5 * 60);
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/event-stream-h2/bedrock/duplex-echo-signed-frames", test_duplex_echo);
  ADD ("/event-stream-h2/bedrock/bad-frame-signature-refused", test_bad_frame_signature);
  ADD ("/event-stream-h2/bedrock/bad-request-signature-refused", test_bad_request_signature);
  ADD ("/event-stream-h2/bedrock/cancel-resets-stream", test_cancel_mid_stream);
  ADD ("/event-stream-h2/bedrock/close-resets-stream", test_close_mid_stream);
  ADD ("/event-stream-h2/bedrock/large-events-flow-control", test_large_events);
  ADD ("/event-stream-h2/bedrock/frames-follow-clock-skew-correction", test_frames_follow_clock_skew);
  ADD ("/event-stream-h2/tls/untrusted-certificate-refused", test_untrusted_certificate);
#undef ADD

  return g_test_run ();
}
