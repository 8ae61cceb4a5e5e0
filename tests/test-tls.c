/* test-tls.c: certificate verification against a self-signed HTTPS server
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * A loopback HTTPS server whose certificate no public CA signed, made with
 * openssl's command line for each run, must be refused by default and
 * accepted once its certificate is trusted: through the engine's ca-file,
 * the client configuration's ca-bundle, and AWS_CA_BUNDLE.
 */
#include "gaws-test-server.h"
#include "gaws-test-util.h"

#include <string.h>

static const GawsClientServiceInfo test_service = {
  .service_id = "TestService", .endpoint_prefix = "test", .signing_name = "test", .env_name = "TEST",
};

typedef struct {
  char            *dir;
  char            *cert_file;
  GTlsCertificate *certificate;
  GawsTestServer  *server;
  const char      *url;
} Fixture;

/* ---- the server (gaws-test-server.c over TLS) ------------------------------ */

static void
reply_ok (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  gaws_test_server_reply_set_body (reply, "text/plain", "ok", 2);
  reply->close_connection = TRUE;
}

static guint
n_served (Fixture *f)
{
  return gaws_test_server_get_n_requests (f->server);
}

/* ---- the fixture (its certificate: gaws_test_new_tls_certificate()) ------- */

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  const char *skip_reason = NULL;

  f->dir = gaws_test_make_temp_dir ();
  f->certificate = gaws_test_new_tls_certificate (f->dir, &f->cert_file, &skip_reason);
  if (f->certificate == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }
  /* The environment is changed before there is a thread to race with. */
  if (data != NULL)
    g_setenv (data, f->cert_file, TRUE);
  f->server = gaws_test_server_new_tls (reply_ok, NULL, f->certificate);
  f->url = gaws_test_server_get_url (f->server);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->server, gaws_test_server_free);
  if (data != NULL)
    g_unsetenv (data);
  g_clear_object (&f->certificate);
  gaws_test_remove_dir (f->dir);
  g_free (f->cert_file);
  g_free (f->dir);
}

/* ---- the engine ----------------------------------------------------------- */

typedef struct {
  GawsHttpResponse *response;
  GError           *error;
  gboolean          done;
} Result;

static void
engine_send_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  r->response = gaws_http_engine_send_finish (GAWS_HTTP_ENGINE (source), result, &r->error);
  r->done = TRUE;
}

static GawsHttpResponse *
engine_get (Fixture *f, const char *ca_file, GError **error)
{
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = NULL;
  Result r = { NULL, NULL, FALSE };

  request = gaws_http_request_new_for_url ("GET", f->url, error);
  g_assert_nonnull (request);
  if (ca_file != NULL)
    gaws_http_engine_set_ca_file (engine, ca_file);
  gaws_http_engine_send_async (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, engine_send_cb, &r);
  gaws_test_wait_for_task (&r.done);
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.response;
}

static void
assert_ok (GawsHttpResponse *response)
{
  GBytes *body;

  g_assert_nonnull (response);
  g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
  body = gaws_http_response_get_body (response);
  g_assert_nonnull (body);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "ok", 2);
}

/* Refused for the certificate, not for some other failure. */
static void
assert_refused (Fixture *f, GawsHttpResponse *response, const GError *error)
{
  g_assert_null (response);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_assert_cmpint (n_served (f), ==, 0);
}

static void
test_engine_refuses_self_signed (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  if (f->server == NULL)
    return;
  response = engine_get (f, NULL, &error);
  assert_refused (f, response, error);
}

static void
test_engine_trusts_ca_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  if (f->server == NULL)
    return;
  response = engine_get (f, f->cert_file, &error);
  g_assert_no_error (error);
  assert_ok (response);
  g_assert_cmpint (n_served (f), ==, 1);
}

/* ---- the client ----------------------------------------------------------- */

static GawsHttpResponse *
client_get (Fixture *f, const char *ca_bundle, GError **error)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsClient) client = NULL;
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("GET");
  GawsRequestOptions options = { .operation_name = "GetThing" };

  gaws_session_set_region (session, "eu-west-1");
  gaws_client_config_set_endpoint_url (config, f->url);
  /* A refused certificate is not worth retrying; one attempt keeps it quick. */
  gaws_client_config_set_max_attempts (config, 1);
  if (ca_bundle != NULL)
    gaws_client_config_set_ca_bundle (config, ca_bundle);
  client = gaws_client_new (session, config, &test_service);
  return gaws_client_send_sync (client, request, &options, NULL, error);
}

static void
test_client_refuses_self_signed (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  if (f->server == NULL)
    return;
  response = client_get (f, NULL, &error);
  assert_refused (f, response, error);
}

static void
test_client_trusts_ca_bundle (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  if (f->server == NULL)
    return;
  response = client_get (f, f->cert_file, &error);
  g_assert_no_error (error);
  assert_ok (response);
}

static void
test_client_trusts_aws_ca_bundle_env (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  if (f->server == NULL)
    return;
  g_assert_cmpstr (g_getenv ("AWS_CA_BUNDLE"), ==, f->cert_file);
  response = client_get (f, NULL, &error);
  g_assert_no_error (error);
  assert_ok (response);
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);

#define ADD(path, func, env) \
  g_test_add (path, Fixture, env, fixture_set_up, func, fixture_tear_down)
  ADD ("/tls/engine/refuses-self-signed-by-default", test_engine_refuses_self_signed, NULL);
  ADD ("/tls/engine/trusts-its-ca-file", test_engine_trusts_ca_file, NULL);
  ADD ("/tls/client/refuses-self-signed-by-default", test_client_refuses_self_signed, NULL);
  ADD ("/tls/client/trusts-config-ca-bundle", test_client_trusts_ca_bundle, NULL);
  ADD ("/tls/client/trusts-aws-ca-bundle-env", test_client_trusts_aws_ca_bundle_env, "AWS_CA_BUNDLE");
#undef ADD

  return g_test_run ();
}
