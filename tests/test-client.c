/* test-client.c: the client transport against a scripted loopback server:
 * retries and their reporting, back-off cancellation, body rewinding,
 * endpoints, signing headers and configuration errors
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-server.h"

#include <gio/gunixinputstream.h>
#include <string.h>
#include <unistd.h>

static const GawsClientServiceInfo test_service = {
  .service_id = "TestService", .endpoint_prefix = "test", .signing_name = "test", .env_name = "TEST",
};

typedef enum {
  STEP_OK,
  STEP_INTERNAL_ERROR,      /* 500 with a JSON error body */
  STEP_THROTTLE,            /* 400 ThrottlingException */
  STEP_VALIDATION,          /* 400 ValidationException */
  STEP_RESET,               /* connection reset midway through the body */
  STEP_RETRY_AFTER_60S,     /* 503 with x-amz-retry-after: 60000 */
  STEP_NOT_FOUND_XML,       /* 404 with an S3-style XML error */
} Step;

/* What the server does for each request, in order; the last step repeats.
 * The server thread records what it saw. */
typedef struct {
  GMutex     lock;
  Step       steps[8];
  guint      n_steps;
  guint      served;
  GPtrArray *paths;
  GPtrArray *bodies;
  GPtrArray *authorizations;
  GPtrArray *invocation_ids;
  GPtrArray *sdk_requests;
  GPtrArray *user_agents;
} Script;

static void
record (GPtrArray *list, const char *value)
{
  g_ptr_array_add (list, g_strdup (value ? value : ""));
}

static void
scripted_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  Script *script = user_data;
  Step step;

  g_mutex_lock (&script->lock);
  step = script->steps[MIN (script->served, script->n_steps - 1)];
  script->served++;
  record (script->paths, request->path);
  g_ptr_array_add (script->bodies, request->body ? g_strndup (g_bytes_get_data (request->body, NULL),
                                                              g_bytes_get_size (request->body))
                                                 : g_strdup (""));
  record (script->authorizations, gaws_http_headers_get_one (request->headers, "Authorization"));
  record (script->invocation_ids, gaws_http_headers_get_one (request->headers, "amz-sdk-invocation-id"));
  record (script->sdk_requests, gaws_http_headers_get_one (request->headers, "amz-sdk-request"));
  record (script->user_agents, gaws_http_headers_get_one (request->headers, "User-Agent"));
  g_mutex_unlock (&script->lock);

  switch (step)
    {
    case STEP_OK:
      gaws_test_server_reply_set_body (reply, "application/json", "{\"ok\":true}", -1);
      break;
    case STEP_INTERNAL_ERROR:
      reply->status = 500;
      gaws_test_server_reply_set_body (reply, "application/x-amz-json-1.0",
                                       "{\"__type\":\"InternalServerError\",\"message\":\"try again\"}", -1);
      break;
    case STEP_THROTTLE:
      reply->status = 400;
      gaws_test_server_reply_set_body (reply, "application/x-amz-json-1.0",
                                       "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}", -1);
      break;
    case STEP_VALIDATION:
      reply->status = 400;
      gaws_test_server_reply_set_body (reply, "application/x-amz-json-1.0",
                                       "{\"__type\":\"ValidationException\",\"message\":\"bad input\"}", -1);
      break;
    case STEP_RESET:
      /* A reset before any byte of the response is retried inside curl on
       * a reused connection; one midway through the body reaches us. */
      reply->action = GAWS_TEST_SERVER_RESET_AFTER;
      reply->fault_offset = 10;
      gaws_test_server_reply_set_body (reply, "application/json",
                                       "{\"ok\":true, \"padding\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}", -1);
      break;
    case STEP_RETRY_AFTER_60S:
      reply->status = 503;
      gaws_http_headers_append (reply->headers, "x-amz-retry-after", "60000");
      gaws_test_server_reply_set_body (reply, "application/x-amz-json-1.0",
                                       "{\"__type\":\"ServiceUnavailable\",\"message\":\"later\"}", -1);
      break;
    case STEP_NOT_FOUND_XML:
      reply->status = 404;
      gaws_test_server_reply_set_body (reply, "application/xml",
                                       "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code>"
                                       "<Message>The specified key does not exist.</Message></Error>", -1);
      break;
    }
}

typedef struct {
  Script          script;
  GawsTestServer *server;
  GawsSession    *session;
  GawsClientConfig *config;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_mutex_init (&f->script.lock);
  f->script.paths = g_ptr_array_new_with_free_func (g_free);
  f->script.bodies = g_ptr_array_new_with_free_func (g_free);
  f->script.authorizations = g_ptr_array_new_with_free_func (g_free);
  f->script.invocation_ids = g_ptr_array_new_with_free_func (g_free);
  f->script.sdk_requests = g_ptr_array_new_with_free_func (g_free);
  f->script.user_agents = g_ptr_array_new_with_free_func (g_free);
  f->script.steps[0] = STEP_OK;
  f->script.n_steps = 1;
  f->server = gaws_test_server_new (scripted_handler, &f->script);
  f->session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  gaws_session_set_region (f->session, "eu-west-1");
  f->config = gaws_client_config_new ();
  gaws_client_config_set_endpoint_url (f->config, gaws_test_server_get_url (f->server));
  gaws_client_config_set_retry_mode (f->config, GAWS_RETRY_MODE_STANDARD);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gaws_test_server_free (f->server);
  g_object_unref (f->session);
  g_object_unref (f->config);
  g_ptr_array_unref (f->script.paths);
  g_ptr_array_unref (f->script.bodies);
  g_ptr_array_unref (f->script.authorizations);
  g_ptr_array_unref (f->script.invocation_ids);
  g_ptr_array_unref (f->script.sdk_requests);
  g_ptr_array_unref (f->script.user_agents);
  g_mutex_clear (&f->script.lock);
}

static void
script (Fixture *f, guint n, const Step *steps)
{
  memcpy (f->script.steps, steps, n * sizeof (Step));
  f->script.n_steps = n;
}

static GawsHttpRequest *
json_request (const char *path, const char *body)
{
  GawsHttpRequest *request = gaws_http_request_new ("POST");
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  gaws_http_request_set_path (request, path);
  gaws_http_headers_append (gaws_http_request_get_headers (request), "Content-Type",
                            "application/x-amz-json-1.0");
  gaws_http_request_set_body (request, bytes);
  return request;
}

static GawsHttpResponse *
send_sync (Fixture *f, GawsHttpRequest *request, GawsHttpBodyMode mode, GError **error)
{
  g_autoptr(GawsClient) client = gaws_client_new (f->session, f->config, &test_service);
  GawsRequestOptions options = { .operation_name = "DoThing", .body_mode = mode };

  return gaws_client_send_sync (client, request, &options, NULL, error);
}

static void
test_retry_then_success (Fixture *f, gconstpointer data)
{
  const Step steps[] = { STEP_INTERNAL_ERROR, STEP_RESET, STEP_OK };
  g_autoptr(GawsHttpRequest) request = json_request ("/", "{\"a\":1}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;

  script (f, G_N_ELEMENTS (steps), steps);
  response = send_sync (f, request, GAWS_HTTP_BODY_BUFFERED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
  g_assert_cmpuint (gaws_http_response_get_retry_attempts (response), ==, 2);
  g_assert_cmpuint (f->script.served, ==, 3);
  /* one invocation id for all attempts, and the attempt counted in amz-sdk-request */
  g_assert_cmpstr (f->script.invocation_ids->pdata[0], ==, f->script.invocation_ids->pdata[2]);
  g_assert_cmpstr (f->script.sdk_requests->pdata[0], ==, "attempt=1; max=3");
  g_assert_cmpstr (f->script.sdk_requests->pdata[2], ==, "attempt=3; max=3");
  /* every attempt is signed afresh and carries the same body */
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (g_str_has_prefix (f->script.authorizations->pdata[i],
                                       "AWS4-HMAC-SHA256 Credential=AKIDTEST/"));
      g_assert_nonnull (strstr (f->script.authorizations->pdata[i], "/eu-west-1/test/aws4_request"));
      g_assert_cmpstr (f->script.bodies->pdata[i], ==, "{\"a\":1}");
      g_assert_true (g_str_has_prefix (f->script.user_agents->pdata[i], "gaws/"));
    }
}

static void
test_throttling_exhausts_attempts (Fixture *f, gconstpointer data)
{
  const Step steps[] = { STEP_THROTTLE };
  g_autoptr(GawsHttpRequest) request = json_request ("/", "{}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;

  script (f, 1, steps);
  gaws_client_config_set_max_attempts (f->config, 2);
  response = send_sync (f, request, GAWS_HTTP_BODY_BUFFERED, &error);
  g_assert_null (response);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_true (gaws_error_matches_code (error, "ThrottlingException"));
  g_assert_cmpuint (gaws_error_get_retry_attempts (error), ==, 1);
  g_assert_cmpstr (error->message, ==,
                   "An error occurred (ThrottlingException) when calling the DoThing operation "
                   "(reached max retries: 1): Rate exceeded");
  g_assert_cmpuint (f->script.served, ==, 2);
}

static void
test_non_retryable_not_retried (Fixture *f, gconstpointer data)
{
  const Step steps[] = { STEP_VALIDATION, STEP_OK };
  g_autoptr(GawsHttpRequest) request = json_request ("/", "{}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;

  script (f, G_N_ELEMENTS (steps), steps);
  response = send_sync (f, request, GAWS_HTTP_BODY_BUFFERED, &error);
  g_assert_null (response);
  g_assert_true (gaws_error_matches_code (error, "ValidationException"));
  g_assert_cmpuint (gaws_error_get_retry_attempts (error), ==, 0);
  g_assert_cmpstr (error->message, ==,
                   "An error occurred (ValidationException) when calling the DoThing operation: bad input");
  g_assert_cmpuint (f->script.served, ==, 1);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
record_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

static void
test_cancel_during_backoff (Fixture *f, gconstpointer data)
{
  const Step steps[] = { STEP_RETRY_AFTER_60S };
  g_autoptr(GawsHttpRequest) request = json_request ("/", "{}");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GawsClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  GawsRequestOptions options = { .operation_name = "DoThing" };
  gint64 started;

  script (f, 1, steps);
  gaws_client_config_set_max_attempts (f->config, 5);
  client = gaws_client_new (f->session, f->config, &test_service);
  gaws_client_send_async (client, request, &options, cancellable, record_result_cb, &result);
  /* The server asks for a 60 s wait (capped to back-off + 5 s); cancel inside it. */
  while (f->script.served == 0)
    g_main_context_iteration (NULL, TRUE);
  started = g_get_monotonic_time ();
  g_timeout_add (100, cancel_cb, cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  response = gaws_client_send_finish (client, result, &error);
  g_assert_null (response);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* It stopped waiting when cancelled, well before the 5 s the back-off asked for. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 4 * G_USEC_PER_SEC);
  g_assert_cmpuint (f->script.served, ==, 1);
}

static void
test_unreachable_endpoint (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsHttpRequest) request = json_request ("/", "{}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autofree char *closed_url = NULL;

  {
    /* a port that was just free: nothing listens there */
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, NULL);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;
    g_socket_bind (socket, any, FALSE, NULL);
    bound = g_socket_get_local_address (socket, NULL);
    closed_url = g_strdup_printf ("http://127.0.0.1:%u",
                                  g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  }
  gaws_client_config_set_endpoint_url (f->config, closed_url);
  gaws_client_config_set_max_attempts (f->config, 2);
  response = send_sync (f, request, GAWS_HTTP_BODY_BUFFERED, &error);
  g_assert_null (response);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_assert_cmpuint (gaws_error_get_retry_attempts (error), ==, 1);
  g_assert_true (g_str_has_prefix (error->message, "Error when calling the DoThing operation: "));
}

static void
test_no_region_is_config_error (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret", NULL);
  g_autoptr(GawsClient) client = gaws_client_new (session, f->config, &test_service);
  g_autoptr(GawsHttpRequest) request = json_request ("/", "{}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response = gaws_client_send_sync (client, request, NULL, NULL, &error);

  g_assert_null (response);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "region"));
  g_assert_cmpuint (f->script.served, ==, 0);
}

static void
test_no_credentials_is_clear_error (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GawsClient) client = NULL;
  g_autoptr(GawsHttpRequest) request = json_request ("/", "{}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;

  gaws_session_set_region (session, "eu-west-1");
  client = gaws_client_new (session, f->config, &test_service);
  response = gaws_client_send_sync (client, request, NULL, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "Unable to locate credentials"));
  g_assert_cmpuint (f->script.served, ==, 0);
}

static void
test_endpoint_path_prefix (Fixture *f, gconstpointer data)
{
  g_autofree char *url = g_strdup_printf ("%s/prefix/", gaws_test_server_get_url (f->server));
  g_autoptr(GawsHttpRequest) request = json_request ("/thing/a%20b", "{}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;

  gaws_client_config_set_endpoint_url (f->config, url);
  response = send_sync (f, request, GAWS_HTTP_BODY_BUFFERED, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (f->script.paths->pdata[0], ==, "/prefix/thing/a%20b");
}

static void
test_seekable_body_rewound (Fixture *f, gconstpointer data)
{
  const Step steps[] = { STEP_INTERNAL_ERROR, STEP_OK };
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("PUT");
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data ("0123456789streamed", 18, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  char skip[10];

  /* A stream already advanced by the caller is sent, and resent, from there. */
  g_input_stream_read (stream, skip, sizeof skip, NULL, NULL);
  gaws_http_request_set_body_stream (request, stream, 8);
  script (f, G_N_ELEMENTS (steps), steps);
  response = send_sync (f, request, GAWS_HTTP_BODY_BUFFERED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->script.served, ==, 2);
  g_assert_cmpstr (f->script.bodies->pdata[0], ==, "streamed");
  g_assert_cmpstr (f->script.bodies->pdata[1], ==, "streamed");
}

static void
test_unseekable_body_not_retried (Fixture *f, gconstpointer data)
{
  const Step steps[] = { STEP_INTERNAL_ERROR, STEP_OK };
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("PUT");
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  int fds[2];

  /* a pipe cannot be rewound */
  g_assert_no_errno (pipe (fds));
  g_assert_cmpint (write (fds[1], "streamed", 8), ==, 8);
  close (fds[1]);
  stream = g_unix_input_stream_new (fds[0], TRUE);

  gaws_http_request_set_body_stream (request, stream, 8);
  script (f, G_N_ELEMENTS (steps), steps);
  response = send_sync (f, request, GAWS_HTTP_BODY_BUFFERED, &error);
  g_assert_null (response);
  g_assert_true (gaws_error_matches_code (error, "InternalServerError"));
  g_assert_cmpuint (f->script.served, ==, 1);
}

static void
test_streamed_error_body_parsed (Fixture *f, gconstpointer data)
{
  const Step steps[] = { STEP_NOT_FOUND_XML };
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("GET");
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;

  gaws_http_request_set_path (request, "/bucket/key");
  script (f, 1, steps);
  response = send_sync (f, request, GAWS_HTTP_BODY_STREAMED, &error);
  g_assert_null (response);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "NoSuchKey");
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 404);
}

static void
test_streamed_success_body (Fixture *f, gconstpointer data)
{
  /* The body streams from the client's engine: the client outlives the read. */
  g_autoptr(GawsClient) client = gaws_client_new (f->session, f->config, &test_service);
  GawsRequestOptions options = { .operation_name = "DoThing", .body_mode = GAWS_HTTP_BODY_STREAMED };
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("GET");
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  char buffer[64] = { 0 };
  gsize got = 0;

  response = gaws_client_send_sync (client, request, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (gaws_http_response_get_body_stream (response));
  g_input_stream_read_all (gaws_http_response_get_body_stream (response), buffer, sizeof buffer - 1,
                           &got, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (buffer, ==, "{\"ok\":true}");
}

static void
count_destroy (gpointer data)
{
  (*(guint *) data)++;
}

/* The client recycles the requests and responses it alone holds
 * (gaws-http-request-private.h): a caller's request, let go of while it
 * is being sent, and the response the caller gets are never reused. Both
 * go as any object does when their last reference goes, data attached
 * without a reference and all, and a response still held stays as it was
 * while other sends run. Each send has a retry, whose attempts are copies
 * the client recycles, so a recycled copy is taken for the next. */
static void
test_callers_objects_not_recycled (Fixture *f, gconstpointer data)
{
  const Step steps[] = { STEP_INTERNAL_ERROR, STEP_OK, STEP_INTERNAL_ERROR, STEP_OK };
  GawsRequestOptions options = { .operation_name = "DoThing" };
  g_autoptr(GawsClient) client = gaws_client_new (f->session, f->config, &test_service);
  g_autoptr(GawsHttpResponse) first = NULL;
  GQuark quark = g_quark_from_static_string ("test-client-recycle");
  guint request_data_freed = 0, response_data_freed = 0;

  script (f, G_N_ELEMENTS (steps), steps);
  for (guint round = 0; round < 2; round++)
    {
      GawsHttpRequest *request = json_request (round == 0 ? "/first" : "/second", "{\"a\":1}");
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      GawsHttpResponse *response;
      gpointer request_alive = request;

      g_object_set_qdata_full (G_OBJECT (request), quark, &request_data_freed, count_destroy);
      g_object_add_weak_pointer (G_OBJECT (request), &request_alive);
      gaws_client_send_async (client, request, &options, NULL, record_result_cb, &result);
      g_object_unref (request);  /* the client's is the last now */
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_null (request_alive);
      g_assert_cmpuint (request_data_freed, ==, round + 1);

      response = gaws_client_send_finish (client, result, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
      g_assert_cmpuint (gaws_http_response_get_retry_attempts (response), ==, 1);
      g_object_set_qdata_full (G_OBJECT (response), quark, &response_data_freed, count_destroy);
      if (round == 0)
        first = response;
      else
        {
          g_assert_true (response != first);
          g_object_unref (response);
          g_assert_cmpuint (response_data_freed, ==, 1);
        }
    }
  g_assert_cmpuint (f->script.served, ==, 4);
  g_assert_cmpstr (f->script.paths->pdata[1], ==, "/first");
  g_assert_cmpstr (f->script.paths->pdata[3], ==, "/second");
  /* the first response, held meanwhile, is as it came */
  g_assert_cmpuint (gaws_http_response_get_status (first), ==, 200);
  g_assert_cmpuint (gaws_http_response_get_retry_attempts (first), ==, 1);
  g_assert_cmpmem (g_bytes_get_data (gaws_http_response_get_body (first), NULL),
                   g_bytes_get_size (gaws_http_response_get_body (first)), "{\"ok\":true}", 11);
  g_clear_object (&first);
  g_assert_cmpuint (response_data_freed, ==, 2);
}

#define ADD(path, func) \
  g_test_add ("/client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);

  ADD ("retry/then-success-reports-retry-attempts", test_retry_then_success);
  ADD ("retry/throttling-exhausts-max-attempts", test_throttling_exhausts_attempts);
  ADD ("retry/non-retryable-not-retried", test_non_retryable_not_retried);
  ADD ("retry/cancel-during-backoff-is-prompt", test_cancel_during_backoff);
  ADD ("errors/unreachable-endpoint", test_unreachable_endpoint);
  ADD ("config/no-region-is-config-error", test_no_region_is_config_error);
  ADD ("config/no-credentials-is-clear-error", test_no_credentials_is_clear_error);
  ADD ("endpoint/url-path-prefix", test_endpoint_path_prefix);
  ADD ("body/seekable-stream-rewound-for-retry", test_seekable_body_rewound);
  ADD ("body/unseekable-stream-not-retried", test_unseekable_body_not_retried);
  ADD ("body/streamed-error-body-parsed", test_streamed_error_body_parsed);
  ADD ("body/streamed-success-body", test_streamed_success_body);
  ADD ("recycle/callers-objects-not-recycled", test_callers_objects_not_recycled);
  return g_test_run ();
}
