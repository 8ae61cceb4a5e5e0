/* test-generated-host-prefix.c: an operation's hostPrefix goes before the
 * endpoint's host, with its labels filled in from the input, and is signed
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-server.h"

#include <string.h>
#include <gaws-logs.h>
#include <gaws-s3.h>

typedef struct {
  GMutex  lock;
  char   *host;
  char   *authorization;
} Seen;

static void
record_host (const GawsTestServerRequest *request,
             GawsTestServerReply         *reply,
             gpointer                     user_data)
{
  Seen *seen = user_data;

  g_mutex_lock (&seen->lock);
  g_free (seen->host);
  seen->host = g_strdup (gaws_http_headers_get_one (request->headers, "Host"));
  g_free (seen->authorization);
  seen->authorization = g_strdup (gaws_http_headers_get_one (request->headers, "Authorization"));
  g_mutex_unlock (&seen->lock);
  reply->status = 400;
  gaws_test_server_reply_set_body (reply, "application/x-amz-json-1.1",
                                   "{\"__type\":\"ResourceNotFoundException\",\"message\":\"no such log\"}", -1);
}

/* The endpoint is a name under localhost, which curl resolves to the
 * loopback address whatever goes before it. */
static GawsClientConfig *
config_for (GawsTestServer *server)
{
  GawsClientConfig *config = gaws_client_config_new ();
  g_autofree char *url = g_strdup_printf ("http://gaws.localhost:%u", gaws_test_server_get_port (server));

  gaws_client_config_set_endpoint_url (config, url);
  gaws_client_config_set_max_attempts (config, 1);
  return config;
}

static void
test_transport_puts_prefix_before_host (void)
{
  Seen seen = { 0 };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (record_host, &seen);
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  g_autoptr(GawsClientConfig) config = config_for (server);
  const GawsClientServiceInfo service = { .service_id = "Test", .endpoint_prefix = "test", .signing_name = "test" };
  g_autoptr(GawsClient) client = NULL;
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("POST");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strdup_printf ("data.gaws.localhost:%u", gaws_test_server_get_port (server));
  GawsRequestOptions options = { .operation_name = "Put", .host_prefix = "data." };

  g_mutex_init (&seen.lock);
  gaws_session_set_region (session, "eu-west-1");
  client = gaws_client_new (session, config, &service);
  response = gaws_client_send_sync (client, request, &options, NULL, &error);
  g_assert_null (response);
  g_assert_nonnull (error);
  g_assert_cmpstr (seen.host, ==, expected);
  /* the host header is signed, with the prefix */
  g_assert_nonnull (strstr (seen.authorization, "SignedHeaders="));
  g_assert_nonnull (strstr (seen.authorization, "host"));
  g_free (seen.host);
  g_free (seen.authorization);
  g_mutex_clear (&seen.lock);
}

/* CloudWatch Logs' GetLogObject has the hostPrefix `stream-`. */
static void
test_generated_operation_uses_its_prefix (void)
{
  Seen seen = { 0 };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (record_host, &seen);
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  g_autoptr(GawsClientConfig) config = config_for (server);
  g_autoptr(GawsLogsClient) client = NULL;
  g_autoptr(GawsLogsGetLogObjectRequest) input = gaws_logs_get_log_object_request_new ();
  g_autoptr(GawsLogsGetLogObjectResponse) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strdup_printf ("stream-gaws.localhost:%u", gaws_test_server_get_port (server));

  g_mutex_init (&seen.lock);
  gaws_session_set_region (session, "eu-west-1");
  client = gaws_logs_client_new (session, config);
  gaws_logs_get_log_object_request_set_log_object_pointer (input, "pointer");
  output = gaws_logs_client_get_log_object_sync (client, input, NULL, &error);
  g_assert_null (output);
  g_assert_true (gaws_error_matches_code (error, GAWS_LOGS_ERROR_RESOURCE_NOT_FOUND_EXCEPTION));
  g_assert_cmpstr (seen.host, ==, expected);
  g_free (seen.host);
  g_free (seen.authorization);
  g_mutex_clear (&seen.lock);
}

/* S3's WriteGetObjectResponse has `{RequestRoute}.`: a value that is not a
 * host label fails before any I/O. */
static void
test_bad_label_fails_before_io (void)
{
  Seen seen = { 0 };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (record_host, &seen);
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  g_autoptr(GawsClientConfig) config = config_for (server);
  g_autoptr(GawsS3Client) client = NULL;
  g_autoptr(GawsS3WriteGetObjectResponseRequest) input = gaws_s3_write_get_object_response_request_new ();
  g_autoptr(GError) error = NULL;

  g_mutex_init (&seen.lock);
  gaws_session_set_region (session, "eu-west-1");
  client = gaws_s3_client_new (session, config);
  gaws_s3_write_get_object_response_request_set_request_route (input, "not_a.label");
  gaws_s3_write_get_object_response_request_set_request_token (input, "token");
  g_assert_false (gaws_s3_client_write_get_object_response_sync (client, input, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "RequestRoute"));
  g_assert_cmpuint (gaws_test_server_get_n_requests (server), ==, 0);
  g_mutex_clear (&seen.lock);
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);

  g_test_add_func ("/generated/host-prefix/transport-puts-prefix-before-host", test_transport_puts_prefix_before_host);
  g_test_add_func ("/generated/host-prefix/generated-operation-uses-its-prefix", test_generated_operation_uses_its_prefix);
  g_test_add_func ("/generated/host-prefix/bad-label-fails-before-io", test_bad_label_fails_before_io);
  return g_test_run ();
}
