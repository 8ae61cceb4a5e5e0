/* test-tls-keepalive.c: GawsHttpEngine's HTTP/1.1 over TLS on loopback:
 * keep-alive, framing, large and streamed bodies, and broken exchanges
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
/* What users rely on over https, whoever reads and writes the HTTP on the
 * TLS connection (libcurl today, or gaws's own HTTP/1.1 through
 * curl_easy_send/recv): exact bodies both ways, one TLS connection for
 * sequential requests, a new one when the server closed the old, at most
 * max-connections at once, and the error each broken exchange gives.
 *
 * The server (gaws-test-server.c with a certificate made by openssl's
 * command line for this run) answers by path: /echo/... with what it
 * received, as text, the others with scripted replies. Every reply tells
 * which request it was on its TLS connection (X-Request-On-Connection). */
#include <string.h>

#include "gaws-test-server.h"
#include "gaws-test-util.h"

#define LARGE_LENGTH   (3 * 1024 * 1024)
#define CHUNKED_LENGTH (200 * 1000)   /* four chunks of the server's 64 KiB writes */
#define UPLOAD_LENGTH  (100 * 1024)
#define SLOW_READ      (16 * 1024)

#define CHUNKED_WITH_TRAILER \
  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Request-On-Connection: %u\r\n\r\n" \
  "7\r\nchunks \r\n4\r\nand \r\n1\r\na\r\nb\r\n trailer at\r\n5\r\n last\r\n" \
  "0\r\nX-Trailer: done\r\nX-Other-Trailer: too\r\n\r\n"
#define CHUNKED_BODY "chunks and a trailer at last"

/* The certificate, made once per run; NULL when the test cannot run. */
static struct {
  char            *dir;
  char            *cert_file;
  GTlsCertificate *certificate;
  const char      *skip_reason;
} tls;

typedef struct {
  GawsTestServer *server;
  GawsHttpEngine *engine;   /* trusts the server's certificate */
} Fixture;

/* ---- the server ---------------------------------------------------------- */

/* What an /echo/ request gets back; the tests make the same text from what
 * they sent. */
static char *
echo_text (const char *method, const char *path, GBytes *body, const char *content_type, const char *x_test)
{
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);

  return g_strdup_printf ("%s %s length=%zu sha256=%s content-type=%s x-test=%s", method, path,
                          g_bytes_get_size (body), sha256, content_type != NULL ? content_type : "-",
                          x_test != NULL ? x_test : "-");
}

/* An echo; with `?idle-close-after=N` in the path, the N-th request on a
 * connection is answered as usual (no `Connection: close`), then the server
 * closes the connection as if it had been idle too long. */
static void
reply_echo (const GawsTestServerRequest *request, GawsTestServerReply *reply)
{
  const char *close_after = strstr (request->path, "?idle-close-after=");
  g_autofree char *echo =
    echo_text (request->method, request->path, request->body,
               gaws_http_headers_get_one (request->headers, "Content-Type"),
               gaws_http_headers_get_one (request->headers, "X-Test"));

  if (close_after != NULL &&
      g_ascii_strtoull (close_after + strlen ("?idle-close-after="), NULL, 10) == request->index_on_connection)
    {
      char *raw = g_strdup_printf ("HTTP/1.1 200 OK\r\nX-Request-On-Connection: %u\r\n"
                                   "Content-Length: %zu\r\n\r\n%s",
                                   request->index_on_connection, strlen (echo), echo);

      reply->action = GAWS_TEST_SERVER_RAW;
      reply->close_connection = TRUE;
      reply->body = g_bytes_new_take (raw, strlen (raw));
      return;
    }
  gaws_test_server_reply_set_body (reply, "text/plain", echo, -1);
}

static void
reply_chunked_with_trailer (const GawsTestServerRequest *request, GawsTestServerReply *reply)
{
  char *raw = g_strdup_printf (CHUNKED_WITH_TRAILER, request->index_on_connection);

  reply->action = GAWS_TEST_SERVER_RAW;
  reply->body = g_bytes_new_take (raw, strlen (raw));
}

static void
handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  g_autofree char *index = g_strdup_printf ("%u", request->index_on_connection);

  gaws_http_headers_append (reply->headers, "X-Request-On-Connection", index);
  if (g_str_equal (request->path, "/chunked-with-trailer"))
    reply_chunked_with_trailer (request, reply);
  else if (g_str_equal (request->path, "/chunked-large"))
    {
      reply->chunked = TRUE;
      reply->body_length = CHUNKED_LENGTH;
    }
  else if (g_str_equal (request->path, "/large"))
    reply->body_length = LARGE_LENGTH;
  else if (g_str_equal (request->path, "/connection-close"))
    {
      gaws_test_server_reply_set_body (reply, "text/plain", "bye", -1);
      reply->close_connection = TRUE;
    }
  else if (g_str_equal (request->path, "/mid-body"))
    {
      reply->action = GAWS_TEST_SERVER_CLOSE_AFTER;
      reply->body_length = 1000;
      reply->fault_offset = 10;
    }
  else if (g_str_equal (request->path, "/stall"))
    reply->action = GAWS_TEST_SERVER_STALL;
  else
    {
      /* slow enough that concurrent requests queue for a connection */
      if (g_str_has_prefix (request->path, "/echo/concurrent/"))
        g_usleep (1000);
      reply_echo (request, reply);
    }
}

/* ---- the fixture ------------------------------------------------------------- */

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  if (tls.certificate == NULL)
    return;
  f->server = gaws_test_server_new_tls (handler, NULL, tls.certificate);
  f->engine = gaws_http_engine_new ();
  gaws_http_engine_set_ca_file (f->engine, tls.cert_file);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  /* the engine first: its connections close, and the server's threads end */
  g_clear_object (&f->engine);
  g_clear_pointer (&f->server, gaws_test_server_free);
}

/* Whether the test can run; it is skipped if not. */
static gboolean
can_run (Fixture *f)
{
  if (f->server == NULL)
    g_test_skip (tls.skip_reason);
  return f->server != NULL;
}

static guint
n_connections (Fixture *f)
{
  return gaws_test_server_get_n_connections (f->server);
}

/* ---- sending ----------------------------------------------------------------- */

static GawsHttpRequest *
request_new (Fixture *f, const char *method, const char *path)
{
  g_autofree char *url = g_strconcat (gaws_test_server_get_url (f->server), path, NULL);
  g_autoptr(GError) error = NULL;
  GawsHttpRequest *request = gaws_http_request_new_for_url (method, url, &error);

  g_assert_no_error (error);
  return request;
}

static GawsHttpResponse *
get (Fixture *f, const char *path, GError **error)
{
  g_autoptr(GawsHttpRequest) request = request_new (f, "GET", path);

  return gaws_test_send (f->engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, error);
}

/* ---- checking ---------------------------------------------------------------- */

static void
assert_response (GawsHttpResponse *response, const GError *error, const void *body, gsize body_len)
{
  GBytes *got;

  g_assert_no_error (error);
  g_assert_nonnull (response);
  g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
  got = gaws_http_response_get_body (response);
  g_assert_nonnull (got);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), body, body_len);
}

/* The response came as request @index of its TLS connection. */
static void
assert_on_connection (GawsHttpResponse *response, guint index)
{
  g_autofree char *expected = g_strdup_printf ("%u", index);

  g_assert_cmpstr (gaws_http_headers_get_one (gaws_http_response_get_headers (response), "X-Request-On-Connection"),
                   ==, expected);
}

/* The server echoed a bodiless GET of @path, request @index on its connection. */
static void
assert_get_echo (GawsHttpResponse *response, const GError *error, const char *path, guint index)
{
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autofree char *echo = echo_text ("GET", path, empty, NULL, NULL);

  assert_response (response, error, echo, strlen (echo));
  assert_on_connection (response, index);
}

/* A GET of /echo/@name works, as request @index of its connection. */
static void
assert_get_works (Fixture *f, const char *name, guint index)
{
  g_autofree char *path = g_strconcat ("/echo/", name, NULL);
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = get (f, path, &error);
  assert_get_echo (response, error, path, index);
}

/* A GET of @path fails with @domain and @code, and gives no response. */
static GError *
assert_get_fails (Fixture *f, const char *path, GQuark domain, gint code)
{
  g_autoptr(GawsHttpResponse) response = NULL;
  GError *error = NULL;

  response = get (f, path, &error);
  if (error != NULL)
    g_test_message ("GET %s: %s", path, error->message);
  g_assert_error (error, domain, code);
  g_assert_null (response);
  return error;
}

/* ---- 1-3. keep-alive and framing -------------------------------------------- */

static void
test_sequential_gets_one_connection (Fixture *f, gconstpointer data)
{
  if (!can_run (f))
    return;
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("%u", i);

      assert_get_works (f, name, i);
    }
  g_assert_cmpuint (n_connections (f), ==, 1);
  g_assert_cmpuint (gaws_test_server_get_n_requests (f->server), ==, 5);
}

/* A kept-alive TLS connection is reused only under the CA file it was
 * checked against, as curl reuses its own: a new CA file (the same
 * certificate, another path) means a new connection, checked anew. */
static void
test_ca_file_change_drops_idle_connections (Fixture *f, gconstpointer data)
{
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  if (!can_run (f))
    return;
  assert_get_works (f, "1", 1);
  assert_get_works (f, "2", 2);
  copy = g_build_filename (tls.dir, "copy.pem", NULL);
  g_file_get_contents (tls.cert_file, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (copy, contents, (gssize) length, &error);
  g_assert_no_error (error);
  gaws_http_engine_set_ca_file (f->engine, copy);
  assert_get_works (f, "3", 1);
  g_assert_cmpuint (n_connections (f), ==, 2);
}

static void
test_post_body_exact (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *echo = NULL;
  guint8 *bytes;

  if (!can_run (f))
    return;
  bytes = g_malloc (UPLOAD_LENGTH);
  gaws_test_pattern_fill (bytes, 0, UPLOAD_LENGTH);
  bytes[UPLOAD_LENGTH / 2] ^= 0xff;   /* not only the pattern: a shifted copy would not match */
  body = g_bytes_new_take (bytes, UPLOAD_LENGTH);
  request = request_new (f, "POST", "/echo/upload");
  gaws_http_request_set_body (request, body);
  gaws_http_headers_append (gaws_http_request_get_headers (request), "Content-Type", "application/octet-stream");
  gaws_http_headers_append (gaws_http_request_get_headers (request), "X-Test", "upload");

  response = gaws_test_send (f->engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
  echo = echo_text ("POST", "/echo/upload", body, "application/octet-stream", "upload");
  assert_response (response, error, echo, strlen (echo));
  assert_on_connection (response, 1);
  /* the connection is still good for the next request */
  assert_get_works (f, "after", 2);
  g_assert_cmpuint (n_connections (f), ==, 1);
}

static void
test_chunked_response_exact (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsHttpResponse) trailer = NULL;
  g_autoptr(GawsHttpResponse) large = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *expected = g_malloc (CHUNKED_LENGTH);

  if (!can_run (f))
    return;
  trailer = get (f, "/chunked-with-trailer", &error);
  assert_response (trailer, error, CHUNKED_BODY, strlen (CHUNKED_BODY));
  assert_on_connection (trailer, 1);

  large = get (f, "/chunked-large", &error);
  gaws_test_pattern_fill (expected, 0, CHUNKED_LENGTH);
  assert_response (large, error, expected, CHUNKED_LENGTH);
  assert_on_connection (large, 2);

  /* the trailer and the last chunk were read to their end */
  assert_get_works (f, "after", 3);
  g_assert_cmpuint (n_connections (f), ==, 1);
}

/* ---- 4. a large streamed body, read slowly ---------------------------------- */

/* Reads @stream to its end, SLOW_READ bytes at a time, letting the main
 * context run between reads (the engine gets ahead of the reader), and
 * checks each piece against the body pattern. Returns the bytes read. */
static guint64
read_slowly (GInputStream *stream)
{
  g_autofree guint8 *buffer = g_malloc (SLOW_READ);
  guint64 offset = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = gaws_test_read (stream, buffer, SLOW_READ, NULL, &error);

      g_assert_no_error (error);
      if (n == 0)
        return offset;
      if (!gaws_test_pattern_check (buffer, offset, (gsize) n))
        g_error ("the body differs from the pattern in the %zd bytes at %" G_GUINT64_FORMAT, n, offset);
      offset += (guint64) n;
      for (guint i = 0; i < 4; i++)
        g_main_context_iteration (NULL, FALSE);
    }
}

static void
test_streamed_large_body_slow_reader (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  if (!can_run (f))
    return;
  request = request_new (f, "GET", "/large");
  response = gaws_test_send (f->engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
  g_assert_null (gaws_http_response_get_body (response));
  assert_on_connection (response, 1);
  g_assert_cmpuint (read_slowly (gaws_http_response_get_body_stream (response)), ==, LARGE_LENGTH);

  assert_get_works (f, "after", 2);
  g_assert_cmpuint (n_connections (f), ==, 1);
}

/* ---- 5, 6. the server ends a connection -------------------------------------- */

static gboolean
server_has_no_connection (gpointer data)
{
  return gaws_test_server_get_n_open_connections (data) == 0;
}

/* The server answers request 1 as if it would keep the connection, then
 * closes it (close_notify and FIN) while it is idle in the engine's pool. */
static void
test_idle_connection_closed_by_server (Fixture *f, gconstpointer data)
{
  if (!can_run (f))
    return;
  assert_get_works (f, "first?idle-close-after=1", 1);
  gaws_test_wait_until (server_has_no_connection, f->server);
  assert_get_works (f, "second", 1);
  g_assert_cmpuint (n_connections (f), ==, 2);
  g_assert_cmpuint (gaws_test_server_get_n_requests (f->server), ==, 2);
}

static void
test_connection_close_obeyed (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  if (!can_run (f))
    return;
  response = get (f, "/connection-close", &error);
  assert_response (response, error, "bye", 3);
  assert_get_works (f, "next", 1);
  g_assert_cmpuint (n_connections (f), ==, 2);
}

/* ---- 7. many requests, few connections ---------------------------------------- */

typedef struct {
  guint pending;
  guint ok;
} Batch;

typedef struct {
  Batch *batch;
  char  *path;
} Pending;

static void
on_batch_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response = gaws_http_engine_send_finish (GAWS_HTTP_ENGINE (source), result, &error);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autofree char *echo = echo_text ("GET", pending->path, empty, NULL, NULL);

  assert_response (response, error, echo, strlen (echo));
  pending->batch->ok++;
  pending->batch->pending--;
  g_free (pending->path);
  g_free (pending);
}

static void
test_concurrent_requests_max_connections (Fixture *f, gconstpointer data)
{
  Batch batch = { 0 };

  if (!can_run (f))
    return;
  gaws_http_engine_set_max_connections (f->engine, 4);
  for (guint i = 0; i < 32; i++)
    {
      Pending *pending = g_new0 (Pending, 1);
      g_autoptr(GawsHttpRequest) request = NULL;

      pending->batch = &batch;
      pending->path = g_strdup_printf ("/echo/concurrent/%u", i);
      request = request_new (f, "GET", pending->path);
      batch.pending++;
      gaws_http_engine_send_async (f->engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, on_batch_sent, pending);
    }
  while (batch.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (batch.ok, ==, 32);
  g_assert_cmpuint (gaws_test_server_get_n_requests (f->server), ==, 32);
  /* no connection was closed, so none was opened beyond the four either */
  g_assert_cmpuint (gaws_test_server_get_max_open_connections (f->server), <=, 4);
  g_assert_cmpuint (n_connections (f), <=, 4);
}

/* ---- 8-11. broken exchanges -------------------------------------------------- */

/* Content-Length 1000, 10 bytes of body, then close_notify and FIN. */
static void
test_closed_mid_body (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  if (!can_run (f))
    return;
  error = assert_get_fails (f, "/mid-body", GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  assert_get_works (f, "after", 1);
  g_assert_cmpuint (n_connections (f), ==, 2);
}

static gboolean
server_has_a_request (gpointer data)
{
  return gaws_test_server_get_n_requests (data) > 0;
}

static void
test_cancel_waiting_for_response (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GawsHttpRequest) request = NULL;
  GawsTestSent sent = { 0 };

  if (!can_run (f))
    return;
  request = request_new (f, "GET", "/stall");
  gaws_http_engine_send_async (f->engine, request, GAWS_HTTP_BODY_BUFFERED, cancellable, gaws_test_on_sent, &sent);
  gaws_test_wait_until (server_has_a_request, f->server);
  g_assert_false (sent.done);
  g_cancellable_cancel (cancellable);
  gaws_test_wait_for_task (&sent.done);
  g_assert_error (sent.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (sent.response);
  g_clear_error (&sent.error);
  /* the connection with a response pending is not reused */
  assert_get_works (f, "after", 1);
  g_assert_cmpuint (n_connections (f), ==, 2);
}

static void
test_read_timeout (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  if (!can_run (f))
    return;
  gaws_http_engine_set_read_timeout_ms (f->engine, 200);
  error = assert_get_fails (f, "/stall", GAWS_ERROR, GAWS_ERROR_TIMEOUT);
  assert_get_works (f, "after", 1);
  g_assert_cmpuint (n_connections (f), ==, 2);
}

/* Without the ca-file the certificate is refused, before any HTTP. */
static void
test_untrusted_certificate_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsHttpEngine) untrusting = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  if (!can_run (f))
    return;
  request = request_new (f, "GET", "/echo/refused");
  response = gaws_test_send (untrusting, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
  if (error != NULL)
    g_test_message ("untrusted: %s", error->message);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_assert_null (response);
  g_assert_cmpuint (gaws_test_server_get_n_requests (f->server), ==, 0);
  g_assert_cmpuint (n_connections (f), ==, 1);

  assert_get_works (f, "trusted", 1);
  g_assert_cmpuint (n_connections (f), ==, 2);
}

/* ---- main -------------------------------------------------------------------- */

static void
tls_set_up (void)
{
  tls.dir = gaws_test_make_temp_dir ();
  tls.certificate = gaws_test_new_tls_certificate (tls.dir, &tls.cert_file, &tls.skip_reason);
}

static void
tls_tear_down (void)
{
  g_clear_object (&tls.certificate);
  if (tls.dir != NULL)
    gaws_test_remove_dir (tls.dir);
  g_clear_pointer (&tls.cert_file, g_free);
  g_clear_pointer (&tls.dir, g_free);
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  tls_set_up ();

#define ADD(path, func) \
  g_test_add ("/tls-keepalive/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("sequential-gets-one-connection", test_sequential_gets_one_connection);
  ADD ("ca-file-change-drops-idle-connections", test_ca_file_change_drops_idle_connections);
  ADD ("post-body-exact", test_post_body_exact);
  ADD ("chunked-response-exact", test_chunked_response_exact);
  ADD ("streamed-large-body-slow-reader", test_streamed_large_body_slow_reader);
  ADD ("idle-connection-closed-by-server", test_idle_connection_closed_by_server);
  ADD ("connection-close-obeyed", test_connection_close_obeyed);
  ADD ("concurrent-requests-max-connections", test_concurrent_requests_max_connections);
  ADD ("closed-mid-body", test_closed_mid_body);
  ADD ("cancel-waiting-for-response", test_cancel_waiting_for_response);
  ADD ("read-timeout", test_read_timeout);
  ADD ("untrusted-certificate-refused", test_untrusted_certificate_refused);
#undef ADD

  status = g_test_run ();
  tls_tear_down ();
  return status;
}
