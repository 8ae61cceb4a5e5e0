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
#include "gaws-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

static const GawsClientServiceInfo test_service = {
  .service_id = "TestService", .endpoint_prefix = "test", .signing_name = "test", .env_name = "TEST",
};

static const char reply[] =
  "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
  "Connection: close\r\n\r\nok";

typedef struct {
  char            *dir;
  char            *cert_file;
  GTlsCertificate *certificate;
  GSocketListener *listener;
  GCancellable    *cancellable;
  GThread         *thread;
  char            *url;
  gint             n_handshakes_failed;
  gint             n_served;
} Fixture;

/* ---- the server ----------------------------------------------------------- */

static gboolean
read_request_head (GInputStream *input, GCancellable *cancellable)
{
  g_autoptr(GString) head = g_string_new (NULL);
  char buffer[1024];
  gssize n;

  while (strstr (head->str, "\r\n\r\n") == NULL)
    {
      n = g_input_stream_read (input, buffer, sizeof buffer, cancellable, NULL);
      if (n <= 0)
        return FALSE;
      g_string_append_len (head, buffer, n);
    }
  return TRUE;
}

static void
serve_connection (Fixture *f, GSocketConnection *connection)
{
  g_autoptr(GIOStream) tls = NULL;

  /* A client that gives up in the middle must not hang the server. */
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 10);
  tls = g_tls_server_connection_new (G_IO_STREAM (connection), f->certificate, NULL);
  g_assert_nonnull (tls);
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), f->cancellable, NULL))
    {
      g_atomic_int_inc (&f->n_handshakes_failed);
      return;
    }
  /* Counted before the reply goes out: once the client has its response,
   * the count must already say so. */
  if (read_request_head (g_io_stream_get_input_stream (tls), f->cancellable))
    {
      g_atomic_int_inc (&f->n_served);
      g_output_stream_write_all (g_io_stream_get_output_stream (tls), reply, strlen (reply),
                                 NULL, f->cancellable, NULL);
    }
  g_io_stream_close (tls, NULL, NULL);
}

static gpointer
serve (gpointer data)
{
  Fixture *f = data;

  while (!g_cancellable_is_cancelled (f->cancellable))
    {
      g_autoptr(GSocketConnection) connection =
        g_socket_listener_accept (f->listener, NULL, f->cancellable, NULL);

      if (connection != NULL)
        serve_connection (f, connection);
    }
  return NULL;
}

static guint16
listen_on_loopback (Fixture *f)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  f->listener = g_socket_listener_new ();
  g_socket_listener_add_address (f->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* ---- the fixture (its certificate: gaws_test_make_certificate()) ---------- */

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *key_file = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no GIO TLS backend: install glib-networking");
      return;
    }
  f->dir = gaws_test_make_temp_dir ();
  f->cert_file = g_build_filename (f->dir, "cert.pem", NULL);
  if (!gaws_test_make_certificate (f->dir, f->cert_file, &key_file))
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  f->certificate = g_tls_certificate_new_from_files (f->cert_file, key_file, &error);
  g_assert_no_error (error);
  f->cancellable = g_cancellable_new ();
  port = listen_on_loopback (f);
  f->url = g_strdup_printf ("https://127.0.0.1:%u", port);
  /* The environment is changed before there is a thread to race with. */
  if (data != NULL)
    g_setenv (data, f->cert_file, TRUE);
  f->thread = g_thread_new ("tls-server", serve, f);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->thread != NULL)
    {
      g_cancellable_cancel (f->cancellable);
      g_thread_join (f->thread);
    }
  if (data != NULL)
    g_unsetenv (data);
  if (f->listener != NULL)
    g_socket_listener_close (f->listener);
  g_clear_object (&f->listener);
  g_clear_object (&f->cancellable);
  g_clear_object (&f->certificate);
  if (f->dir != NULL)
    remove_dir (f->dir);
  g_free (f->url);
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
  g_assert_cmpint (g_atomic_int_get (&f->n_served), ==, 0);
}

static void
test_engine_refuses_self_signed (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  if (f->thread == NULL)
    return;
  response = engine_get (f, NULL, &error);
  assert_refused (f, response, error);
}

static void
test_engine_trusts_ca_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  if (f->thread == NULL)
    return;
  response = engine_get (f, f->cert_file, &error);
  g_assert_no_error (error);
  assert_ok (response);
  g_assert_cmpint (g_atomic_int_get (&f->n_served), ==, 1);
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

  if (f->thread == NULL)
    return;
  response = client_get (f, NULL, &error);
  assert_refused (f, response, error);
}

static void
test_client_trusts_ca_bundle (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  if (f->thread == NULL)
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

  if (f->thread == NULL)
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
