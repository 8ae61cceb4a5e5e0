/* test-http-engine.c: GawsHttpEngine and GawsHttpBodyStream against a
 * loopback server
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
/* The body stream's engine side (push, dispatch, finish) is private to the
 * library; the direct-fill tests drive it with a fake feed. */
#define GAWS_COMPILATION 1

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib-unix.h>

#include "gaws-checksum-input-stream.h"
#include "gaws-checksum.h"
#include "gaws-http-engine-private.h"
#include "gaws-test-server.h"
#include "gaws-test-util.h"

#define MIB (1024 * 1024)

/* ---- helpers ------------------------------------------------------------- */

static GawsHttpRequest *
request_for (GawsTestServer *server, const char *method, const char *path)
{
  g_autofree char *url = g_strconcat (gaws_test_server_get_url (server), path, NULL);
  g_autoptr(GError) error = NULL;
  GawsHttpRequest *request = gaws_http_request_new_for_url (method, url, &error);

  g_assert_no_error (error);
  return request;
}

typedef struct {
  gboolean done;
  gssize   n;
  GError  *error;
} Read;

static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Read *read = user_data;

  read->n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &read->error);
  read->done = TRUE;
}

/* Reads to the end or the first error; returns the bytes read and checks
 * that they follow the server's generated pattern. */
static guint64
drain_pattern (GInputStream *stream, guint64 offset, gsize piece, GError **error)
{
  g_autofree guint8 *buffer = g_malloc (piece);
  guint64 total = 0;
  gssize n;

  while ((n = gaws_test_read (stream, buffer, piece, NULL, error)) > 0)
    {
      g_assert_true (gaws_test_pattern_check (buffer, offset + total, (gsize) n));
      total += (guint64) n;
    }
  return total;
}

/* A body that breaks off fails either the send, when the whole of it came
 * in at once, or a later read of the stream: never an early end of stream. */
static void
assert_streamed_body_fails (GawsHttpEngine *engine, GawsHttpRequest *request, GawsError code,
                            guint64 max_bytes)
{
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  guint64 total;

  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  if (response == NULL)
    {
      g_assert_error (error, GAWS_ERROR, (gint) code);
      return;
    }
  total = drain_pattern (gaws_http_response_get_body_stream (response), 0, 8192, &error);
  g_assert_error (error, GAWS_ERROR, (gint) code);
  g_assert_cmpuint (total, <=, max_bytes);
}

static gboolean
on_timeout_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
sleep_in_loop (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout_flag, &done);
  gaws_test_wait_for_task (&done);
}

/* Iterates the main context until @check holds or @timeout_ms pass. */
static gboolean
wait_until (gboolean (*check) (gpointer), gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!check (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      sleep_in_loop (5);
    }
  return TRUE;
}

static gboolean
server_has_no_connection (gpointer data)
{
  return gaws_test_server_get_n_open_connections (data) == 0;
}

static gboolean
server_has_a_request (gpointer data)
{
  return gaws_test_server_get_n_requests (data) > 0;
}

/* ---- handlers ----------------------------------------------------------- */

/* Answers with the request seen from the server side, so tests can check
 * what went on the wire. */
static void
echo_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  const char *ua = gaws_http_headers_get_one (request->headers, "User-Agent");
  const char *accept = gaws_http_headers_get_one (request->headers, "Accept");
  const char *expect = gaws_http_headers_get_one (request->headers, "Expect");
  const char *ct = gaws_http_headers_get_one (request->headers, "Content-Type");
  const char *cl = gaws_http_headers_get_one (request->headers, "Content-Length");

  gaws_http_headers_append (reply->headers, "X-Method", request->method);
  gaws_http_headers_append (reply->headers, "X-Path", request->path);
  gaws_http_headers_append (reply->headers, "X-Chunked", request->chunked ? "yes" : "no");
  gaws_http_headers_append (reply->headers, "X-User-Agent", ua ? ua : "(none)");
  gaws_http_headers_append (reply->headers, "X-Accept", accept ? accept : "(none)");
  gaws_http_headers_append (reply->headers, "X-Expect", expect ? expect : "(none)");
  gaws_http_headers_append (reply->headers, "X-Content-Type", ct ? ct : "(none)");
  gaws_http_headers_append (reply->headers, "X-Content-Length", cl ? cl : "(none)");
  reply->body = g_bytes_ref (request->body);
}

static void
hello_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  gaws_test_server_reply_set_body (reply, "text/plain", "hello, world", -1);
  gaws_http_headers_append (reply->headers, "X-Amz-Request-Id", "req-1");
}

static void
generated_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  reply->body_length = GPOINTER_TO_SIZE (user_data);
}

static void
big_or_small_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  reply->body_length = g_str_equal (request->path, "/small") ? 10 : 256 * MIB;
}

static void
slow_hello_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  /* Long enough that the client has many requests waiting at once. */
  g_usleep (2000);
  gaws_test_server_reply_set_body (reply, "text/plain", request->path, -1);
}

static void
reset_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  reply->action = GAWS_TEST_SERVER_RESET_AFTER;
  reply->body_length = 4 * MIB;
  reply->fault_offset = 100000;
}

static void
short_body_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  reply->action = GAWS_TEST_SERVER_CLOSE_AFTER;
  reply->body_length = 10000;
  reply->fault_offset = 5000;
  reply->chunked = g_str_has_prefix (request->path, "/chunked");
}

static void
stall_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  reply->action = GAWS_TEST_SERVER_STALL;
}

static void
stall_after_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  reply->action = GAWS_TEST_SERVER_STALL_AFTER;
  reply->body_length = 1 * MIB;
  reply->fault_offset = 1000;
}

static void
trickle_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  reply->action = GAWS_TEST_SERVER_TRICKLE;
  reply->body_length = 1 * MIB;
  reply->trickle_chunk = 1024;
  reply->trickle_interval_ms = 10;
}

/* A body of the size the path names ("/1500"), of the letter after it
 * ("/1500/a"), chunked with "/chunked" at the end; the path in X-Path. */
static void
sized_letter_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  g_auto(GStrv) parts = g_strsplit (request->path + 1, "/", -1);
  gsize size = (gsize) g_ascii_strtoull (parts[0], NULL, 10);
  g_autofree char *body = g_malloc (size + 1);

  memset (body, parts[1][0], size);
  gaws_test_server_reply_set_body (reply, "text/plain", body, (gssize) size);
  gaws_http_headers_append (reply->headers, "X-Path", request->path);
  reply->chunked = parts[2] != NULL && g_str_equal (parts[2], "chunked");
}

/* ---- tests ---------------------------------------------------------------- */

static void
test_get_buffered (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (hello_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/hello?x=1");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GawsHttpHeaders *headers;
  GBytes *body;

  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
  headers = gaws_http_response_get_headers (response);
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "Content-Type"), ==, "text/plain");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "x-amz-request-id"), ==, "req-1");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "Content-Length"), ==, "12");
  body = gaws_http_response_get_body (response);
  g_assert_nonnull (body);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "hello, world", 12);
  g_assert_null (gaws_http_response_get_body_stream (response));
}

static GawsHttpResponse *
get_sized_letter (GawsHttpEngine *engine, GawsTestServer *server, const char *path)
{
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", path);
  g_autoptr(GError) error = NULL;
  GawsHttpResponse *response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
  return response;
}

static void
assert_sized_letter (GawsHttpResponse *response, const char *path, gsize size, char letter)
{
  GBytes *body = gaws_http_response_get_body (response);
  const char *data = g_bytes_get_data (body, NULL);

  g_assert_cmpstr (gaws_http_headers_get_one (gaws_http_response_get_headers (response), "X-Path"), ==, path);
  g_assert_cmpuint (g_bytes_get_size (body), ==, size);
  for (gsize i = 0; i < size; i++)
    g_assert_cmpint (data[i], ==, letter);
}

/* Small buffered bodies go into blocks kept for the next responses: one
 * response's body or headers never show in another's, whether the one
 * before is dropped (its block reused) or still held, sized or chunked,
 * longer or shorter than the block. */
static void
test_buffered_bodies_kept_apart (void)
{
  static const struct { const char *path; gsize size; char letter; } gets[] = {
    { "/1500/a", 1500, 'a' }, { "/2/b", 2, 'b' }, { "/2048/c", 2048, 'c' }, { "/0/d", 0, 'd' },
    { "/1700/e/chunked", 1700, 'e' }, { "/3/f", 3, 'f' }, { "/3000/g", 3000, 'g' }, { "/1/h", 1, 'h' },
    { "/600/i/chunked", 600, 'i' }, { "/5/j", 5, 'j' },
  };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (sized_letter_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpResponse) held = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (gets); i++)
    {
      g_autoptr(GawsHttpResponse) response = get_sized_letter (engine, server, gets[i].path);

      assert_sized_letter (response, gets[i].path, gets[i].size, gets[i].letter);
    }
  /* a response held while others come and go keeps its body */
  held = get_sized_letter (engine, server, "/1000/k");
  for (guint i = 0; i < G_N_ELEMENTS (gets); i++)
    {
      g_autoptr(GawsHttpResponse) response = get_sized_letter (engine, server, gets[i].path);

      assert_sized_letter (response, gets[i].path, gets[i].size, gets[i].letter);
      assert_sized_letter (held, "/1000/k", 1000, 'k');
    }
}

static void
test_request_headers_on_the_wire (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (echo_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = g_object_new (GAWS_TYPE_HTTP_ENGINE, "user-agent", "gaws-test/1", NULL);
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/a%20b/c?list-type=2&prefix=x%2Fy");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GawsHttpHeaders *headers;

  gaws_http_headers_append (gaws_http_request_get_headers (request), "X-Amz-Empty", "");
  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
  g_assert_no_error (error);
  headers = gaws_http_response_get_headers (response);
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Method"), ==, "GET");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Path"), ==, "/a%20b/c?list-type=2&prefix=x%2Fy");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-User-Agent"), ==, "gaws-test/1");
  /* Nothing curl would add on its own. */
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Accept"), ==, "(none)");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Expect"), ==, "(none)");
}

static void
test_post_bytes_body (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (echo_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "POST", "/post");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *data = g_malloc (2 * MIB);
  g_autoptr(GBytes) body = NULL;
  GawsHttpHeaders *headers;
  GBytes *echoed;

  /* Big enough that curl would ask for 100-continue if let. */
  gaws_test_pattern_fill (data, 0, 2 * MIB);
  body = g_bytes_new_static (data, 2 * MIB);
  gaws_http_request_set_body (request, body);
  gaws_http_headers_append (gaws_http_request_get_headers (request), "Content-Type", "application/x-amz-json-1.0");
  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
  g_assert_no_error (error);
  headers = gaws_http_response_get_headers (response);
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Method"), ==, "POST");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Chunked"), ==, "no");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Expect"), ==, "(none)");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Content-Length"), ==, "2097152");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Content-Type"), ==, "application/x-amz-json-1.0");
  echoed = gaws_http_response_get_body (response);
  g_assert_cmpmem (g_bytes_get_data (echoed, NULL), g_bytes_get_size (echoed), data, 2 * MIB);
}

static void
test_expect_continue_when_asked (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (echo_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "PUT", "/continue");
  g_autoptr(GBytes) body = g_bytes_new_static ("payload", 7);
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *echoed;

  gaws_http_request_set_body (request, body);
  gaws_http_headers_append (gaws_http_request_get_headers (request), "Expect", "100-continue");
  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
  g_assert_no_error (error);
  /* The interim 100 is not the response. */
  g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
  g_assert_cmpstr (gaws_http_headers_get_one (gaws_http_response_get_headers (response), "X-Expect"), ==,
                   "100-continue");
  echoed = gaws_http_response_get_body (response);
  g_assert_cmpmem (g_bytes_get_data (echoed, NULL), g_bytes_get_size (echoed), "payload", 7);
}

static void
test_put_empty_body_and_other_methods (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (echo_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  const char *methods[] = { "PUT", "DELETE", "HEAD", "PATCH" };

  for (gsize i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(GawsHttpRequest) request = request_for (server, methods[i], "/key");
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
      GawsHttpHeaders *headers;

      if (g_str_equal (methods[i], "PUT"))
        gaws_http_request_set_body (request, empty);
      response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
      g_assert_no_error (error);
      headers = gaws_http_response_get_headers (response);
      g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Method"), ==, methods[i]);
      g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Content-Length"), ==,
                       g_str_equal (methods[i], "PUT") ? "0" : "(none)");
      g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Content-Type"), ==, "(none)");
      g_assert_cmpuint (g_bytes_get_size (gaws_http_response_get_body (response)), ==, 0);
    }
  /* All on one kept-alive connection, HEAD included. */
  g_assert_cmpuint (gaws_test_server_get_n_connections (server), ==, 1);
}

/* An easy handle goes back to the idle ones with a custom method put back
 * (the engine sets it only for the methods curl does not say itself): each
 * request on the kept-alive connection goes out with its own. */
static void
test_methods_alternate_on_one_handle (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (echo_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  const char *methods[] = { "DELETE", "GET", "PATCH", "POST", "PUT", "GET", "OPTIONS", "HEAD", "GET" };

  for (gsize i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(GawsHttpRequest) request = request_for (server, methods[i], "/m");
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) body = g_bytes_new_static ("x", 1);

      if (g_str_equal (methods[i], "POST") || g_str_equal (methods[i], "PUT"))
        gaws_http_request_set_body (request, body);
      response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (gaws_http_headers_get_one (gaws_http_response_get_headers (response), "X-Method"), ==,
                       methods[i]);
    }
  g_assert_cmpuint (gaws_test_server_get_n_connections (server), ==, 1);
}

static guint
count_headers (GawsHttpHeaders *headers, const char *name)
{
  guint n = 0;

  for (guint i = 0; i < gaws_http_headers_get_length (headers); i++)
    n += g_ascii_strcasecmp (gaws_http_headers_get_name (headers, i), name) == 0;
  return n;
}

/* Tells how many of some headers arrived, whatever their case. */
static void
count_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  const char *names[] = { "User-Agent", "Accept", "Content-Type", "Expect" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *name = g_strconcat ("X-N-", names[i], NULL);
      char n[16];

      g_snprintf (n, sizeof n, "%u", count_headers (request->headers, names[i]));
      gaws_http_headers_append (reply->headers, name, n);
    }
  gaws_http_headers_append (reply->headers, "X-Accept", gaws_http_headers_get_one (request->headers, "Accept"));
}

/* The caller's own User-Agent, Accept, Content-Type and Expect, in any
 * case, replace what the engine or curl would add: one of each goes out. */
static void
test_request_headers_any_case (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (count_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = g_object_new (GAWS_TYPE_HTTP_ENGINE, "user-agent", "gaws-test/1", NULL);
  const char *spellings[][4] = {
    { "User-Agent", "Accept", "Content-Type", "Expect" },
    { "user-agent", "accept", "content-type", "expect" },
    { "USER-AGENT", "ACCEPT", "CONTENT-TYPE", "EXPECT" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      g_autoptr(GawsHttpRequest) request = request_for (server, "POST", "/h");
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
      GawsHttpHeaders *headers = gaws_http_request_get_headers (request);

      gaws_http_request_set_body (request, body);
      gaws_http_headers_append (headers, spellings[i][0], "mine/1");
      gaws_http_headers_append (headers, spellings[i][1], "text/plain");
      gaws_http_headers_append (headers, spellings[i][2], "application/json");
      gaws_http_headers_append (headers, spellings[i][3], "");
      response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
      g_assert_no_error (error);
      headers = gaws_http_response_get_headers (response);
      g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-N-User-Agent"), ==, "1");
      g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-N-Accept"), ==, "1");
      g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-N-Content-Type"), ==, "1");
      g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Accept"), ==, "text/plain");
    }
}

static void
post_stream (gboolean known_length)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (echo_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "PUT", "/upload");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 3 * MIB + 123;
  guint8 *data = g_malloc (size);
  g_autoptr(GInputStream) stream = NULL;
  GawsHttpHeaders *headers;
  GBytes *echoed;

  gaws_test_pattern_fill (data, 0, size);
  stream = g_memory_input_stream_new_from_data (data, (gssize) size, g_free);
  gaws_http_request_set_body_stream (request, stream, known_length ? (gint64) size : -1);
  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
  g_assert_no_error (error);
  headers = gaws_http_response_get_headers (response);
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Method"), ==, "PUT");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Chunked"), ==, known_length ? "no" : "yes");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Expect"), ==, "(none)");
  echoed = gaws_http_response_get_body (response);
  g_assert_cmpuint (g_bytes_get_size (echoed), ==, size);
  g_assert_true (gaws_test_pattern_check (g_bytes_get_data (echoed, NULL), 0, size));
}

static void
test_post_stream_body_chunked (void)
{
  post_stream (FALSE);
}

static void
test_post_stream_body_with_length (void)
{
  post_stream (TRUE);
}

static void
test_stream_body_shorter_than_length (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (echo_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "PUT", "/upload");
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data ("0123456789", 10, NULL);
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  gaws_http_request_set_body_stream (request, stream, 20);
  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_null (response);
}

/* Sends @stream as a PUT body of @size bytes and checks that every byte
 * arrives; returns how far the stream had been read when send_async()
 * returned. */
static goffset
put_stream_checked (GInputStream *stream, const guint8 *data, gsize size)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (echo_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "PUT", "/upload");
  g_autoptr(GawsHttpResponse) response = NULL;
  GawsHttpHeaders *headers;
  GBytes *echoed;
  GawsTestSent sent = { 0 };
  goffset read_at_once;

  gaws_http_request_set_body_stream (request, stream, (gint64) size);
  gaws_http_engine_send_async (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, gaws_test_on_sent, &sent);
  read_at_once = g_seekable_tell (G_SEEKABLE (stream));
  gaws_test_wait_for_task (&sent.done);
  g_assert_no_error (sent.error);
  response = g_steal_pointer (&sent.response);
  headers = gaws_http_response_get_headers (response);
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Chunked"), ==, "no");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Expect"), ==, "(none)");
  echoed = gaws_http_response_get_body (response);
  g_assert_cmpmem (g_bytes_get_data (echoed, NULL), g_bytes_get_size (echoed), data, size);
  return read_at_once;
}

/* A body under 64 KiB behind a memory stream goes to curl whole when the
 * transfer starts, as a body in GBytes does, so that curl writes it in the
 * header's send(); a larger one is read as curl sends it. */
static void
test_small_stream_body_goes_inline (void)
{
  gsize sizes[] = { 1, 1024, 64 * 1024 - 1, 64 * 1024, 200 * 1024 };

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree guint8 *data = g_malloc (sizes[i]);
      g_autoptr(GInputStream) stream = NULL;

      gaws_test_pattern_fill (data, 0, sizes[i]);
      stream = g_memory_input_stream_new_from_data (data, (gssize) sizes[i], NULL);
      g_assert_cmpint (put_stream_checked (stream, data, sizes[i]), ==,
                       sizes[i] < 64 * 1024 ? (goffset) sizes[i] : 0);
    }
}

/* A memory stream with only some of its bytes at hand for each
 * non-blocking read, as a stream fed from elsewhere may have: 100 bytes,
 * then "would block", in turn. */
typedef struct {
  GMemoryInputStream parent_instance;
  gboolean           blocked;
} TrickleStream;

typedef GMemoryInputStreamClass TrickleStreamClass;

GType trickle_stream_get_type (void);
static void trickle_stream_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_TYPE_WITH_CODE (TrickleStream, trickle_stream, G_TYPE_MEMORY_INPUT_STREAM,
                         G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM, trickle_stream_pollable_init))

static GPollableInputStreamInterface *trickle_stream_parent_pollable;

static gssize
trickle_stream_read_nonblocking (GPollableInputStream *stream, void *buffer, gsize count, GError **error)
{
  TrickleStream *self = (TrickleStream *) stream;

  self->blocked = !self->blocked;
  if (!self->blocked)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "not yet");
      return -1;
    }
  return trickle_stream_parent_pollable->read_nonblocking (stream, buffer, MIN (count, 100), error);
}

static void
trickle_stream_pollable_init (GPollableInputStreamInterface *iface)
{
  trickle_stream_parent_pollable = g_type_interface_peek_parent (iface);
  iface->read_nonblocking = trickle_stream_read_nonblocking;
}

static void
trickle_stream_class_init (TrickleStreamClass *klass)
{
}

static void
trickle_stream_init (TrickleStream *self)
{
}

/* What a small body's stream does not have at hand when the transfer
 * starts follows through the read callback, after the bytes already read. */
static void
test_small_stream_body_not_at_hand (void)
{
  gsize size = 5000;
  g_autofree guint8 *data = g_malloc (size);
  g_autoptr(GInputStream) stream = g_object_new (trickle_stream_get_type (), NULL);

  gaws_test_pattern_fill (data, 0, size);
  g_memory_input_stream_add_data (G_MEMORY_INPUT_STREAM (stream), data, (gssize) size, NULL);
  g_assert_cmpint (put_stream_checked (stream, data, size), ==, 100);
}

static void
test_keep_alive_reuses_connection (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (hello_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();

  for (int i = 0; i < 20; i++)
    {
      g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/again");
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (gaws_test_server_get_n_requests (server), ==, 20);
  g_assert_cmpuint (gaws_test_server_get_n_connections (server), ==, 1);
}

typedef struct {
  guint  pending;
  guint  ok;
  GError *first_error;
} Batch;

static void
on_batch_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Batch *batch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response =
    gaws_http_engine_send_finish (GAWS_HTTP_ENGINE (source), result, &error);

  batch->pending--;
  if (response != NULL && gaws_http_response_get_status (response) == 200 &&
      g_bytes_get_size (gaws_http_response_get_body (response)) > 0)
    batch->ok++;
  else if (error != NULL && batch->first_error == NULL)
    batch->first_error = g_steal_pointer (&error);
}

static void
test_concurrency_200_requests_20_connections (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (slow_hello_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = g_object_new (GAWS_TYPE_HTTP_ENGINE, "max-connections", 20, NULL);
  Batch batch = { 0 };

  for (int i = 0; i < 200; i++)
    {
      g_autofree char *path = g_strdup_printf ("/item/%d", i);
      g_autoptr(GawsHttpRequest) request = request_for (server, "GET", path);

      batch.pending++;
      gaws_http_engine_send_async (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, on_batch_sent, &batch);
    }
  while (batch.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (batch.first_error);
  g_assert_cmpuint (batch.ok, ==, 200);
  g_assert_cmpuint (gaws_test_server_get_n_requests (server), ==, 200);
  g_assert_cmpuint (gaws_test_server_get_n_connections (server), <=, 20);
  g_assert_cmpuint (gaws_test_server_get_n_connections (server), >=, 2);
}

static void
send_batch (GawsHttpEngine *engine, GawsTestServer *server, guint n)
{
  Batch batch = { 0 };

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/batch");

      batch.pending++;
      gaws_http_engine_send_async (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, on_batch_sent, &batch);
    }
  while (batch.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (batch.first_error);
  g_assert_cmpuint (batch.ok, ==, n);
}

/* The easy handles of finished transfers are kept for the next ones (a
 * stack of them: take_easy()), as many as run at once, and dropped when a
 * setting they carry changes; the transfers after that make new ones,
 * which are kept in turn, and the engine frees what it keeps at the end. */
static void
test_idle_handles_kept_and_dropped (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (slow_hello_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = g_object_new (GAWS_TYPE_HTTP_ENGINE, "max-connections", 4, NULL);

  send_batch (engine, server, 4);
  send_batch (engine, server, 8);
  gaws_http_engine_set_tcp_keepalive (engine, TRUE);
  send_batch (engine, server, 3);
  gaws_http_engine_set_connect_timeout_ms (engine, 5000);
  send_batch (engine, server, 6);
  send_batch (engine, server, 1);
  g_assert_cmpuint (gaws_test_server_get_n_requests (server), ==, 4 + 8 + 3 + 6 + 1);
  g_assert_cmpuint (gaws_test_server_get_n_connections (server), <=, 4);
}

/* Wakeups of the context: a readable fd that is not a socket (GLib's
 * wakeup fd; the engine polls only sockets). */
static guint context_wakeups;

static gint
counting_poll (GPollFD *fds, guint nfds, gint timeout)
{
  gint n = g_poll (fds, nfds, timeout);
  struct stat st;

  for (guint i = 0; i < nfds && n > 0; i++)
    if ((fds[i].revents & G_IO_IN) && fstat (fds[i].fd, &st) == 0 && !S_ISSOCK (st.st_mode))
      context_wakeups++;
  return n;
}

typedef struct {
  GawsHttpEngine *engine;
  GawsTestServer *server;
  GawsTestSent    second;
} Reuse;

static void
on_first_sent_reuse_late (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Reuse *reuse = user_data;
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GawsHttpRequest) request = request_for (reuse->server, "GET", "/second");
  g_autoptr(GError) error = NULL;

  response = gaws_http_engine_send_finish (GAWS_HTTP_ENGINE (source), result, &error);
  g_assert_no_error (error);
  /* This iteration outlasts the time an unused socket stays watched
   * (10 ms), as one with many responses on a busy machine can. */
  g_usleep (30 * 1000);
  context_wakeups = 0;
  gaws_http_engine_send_async (reuse->engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, gaws_test_on_sent,
                               &reuse->second);
}

/* A pooled connection that the next request takes again in the next
 * iteration keeps its socket watch, however long the iteration that
 * returned it took: the watch is neither dropped nor added again, which
 * would each wake the context up (a syscall, and a poll() that returns
 * at once). */
static void
test_reused_connection_keeps_watch (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (hello_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/first");
  GMainContext *context = g_main_context_default ();
  Reuse reuse = { engine, server, { 0 } };

  g_main_context_set_poll_func (context, counting_poll);
  gaws_http_engine_send_async (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL,
                               on_first_sent_reuse_late, &reuse);
  gaws_test_wait_for_task (&reuse.second.done);
  g_main_context_set_poll_func (context, g_poll);

  g_assert_no_error (reuse.second.error);
  g_assert_cmpuint (gaws_http_response_get_status (reuse.second.response), ==, 200);
  g_clear_object (&reuse.second.response);
  g_assert_cmpuint (gaws_test_server_get_n_connections (server), ==, 1);
  g_assert_cmpuint (context_wakeups, ==, 0);
}

static gsize
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  return line ? (gsize) g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

static void
test_stream_256mib_slow_reader_bounded_memory (void)
{
  const guint64 size = 256 * (guint64) MIB;
  g_autoptr(GawsTestServer) server = gaws_test_server_new (generated_handler, GSIZE_TO_POINTER (size));
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/big");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GawsHttpBodyStream *body;
  guint8 buffer[8 * 1024];
  guint64 total = 0;
  gssize n;

  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
  g_assert_null (gaws_http_response_get_body (response));
  body = GAWS_HTTP_BODY_STREAM (gaws_http_response_get_body_stream (response));
  g_assert_true (GAWS_IS_HTTP_BODY_STREAM (body));

  /* Small reads, and a pause after every MiB: the reader is much slower
   * than loopback, so the transfer has to be held back again and again. */
  while ((n = gaws_test_read (G_INPUT_STREAM (body), buffer, sizeof buffer, NULL, &error)) > 0)
    {
      g_assert_true (gaws_test_pattern_check (buffer, total, (gsize) n));
      total += (guint64) n;
      if (total % MIB < (guint64) n)
        sleep_in_loop (1);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, size);
  g_test_message ("high water %zu, max buffered %zu, peak RSS %zu KiB",
                  gaws_http_body_stream_get_high_water (body),
                  gaws_http_body_stream_get_max_buffered (body), peak_rss_kib ());
  g_assert_cmpuint (gaws_http_body_stream_get_max_buffered (body), <=,
                    gaws_http_body_stream_get_high_water (body));
  /* It did fill up, so pausing was what kept it bounded. */
  g_assert_cmpuint (gaws_http_body_stream_get_max_buffered (body), >,
                    gaws_http_body_stream_get_high_water (body) / 2);
  /* valgrind's own bookkeeping, or ASan's shadow memory and quarantine,
   * would swamp the figure */
#ifndef __SANITIZE_ADDRESS__
  if (peak_rss_kib () > 0 && strstr (g_getenv ("LD_PRELOAD") ? g_getenv ("LD_PRELOAD") : "", "vgpreload") == NULL)
    g_assert_cmpuint (peak_rss_kib (), <, 96 * 1024);
#endif
}

static void
test_stream_sync_read (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (generated_handler, GSIZE_TO_POINTER (5 * MIB + 7));
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/sync");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *data = g_malloc (6 * MIB);
  gsize got = 0;

  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  /* A blocking read runs the context itself until the data is in. */
  g_input_stream_read_all (gaws_http_response_get_body_stream (response), data, 6 * MIB, &got, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got, ==, 5 * MIB + 7);
  g_assert_true (gaws_test_pattern_check (data, 0, got));
}

typedef struct {
  gboolean done;
  gsize    got;
  GError  *error;
  guint8  *data;
} SyncInCallback;

static void
on_sent_read_sync (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SyncInCallback *state = user_data;
  g_autoptr(GawsHttpResponse) response =
    gaws_http_engine_send_finish (GAWS_HTTP_ENGINE (source), result, &state->error);

  /* Runs inside the engine's own dispatch: the blocking read has to drive
   * the engine from a nested iteration. */
  if (response != NULL)
    g_input_stream_read_all (gaws_http_response_get_body_stream (response), state->data, 4 * MIB,
                             &state->got, NULL, &state->error);
  state->done = TRUE;
}

static void
test_stream_sync_read_in_callback (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (generated_handler, GSIZE_TO_POINTER (3 * MIB));
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/sync");
  g_autofree guint8 *data = g_malloc (4 * MIB);
  SyncInCallback state = { .data = data };

  gaws_http_engine_send_async (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, on_sent_read_sync, &state);
  gaws_test_wait_for_task (&state.done);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.got, ==, 3 * MIB);
  g_assert_true (gaws_test_pattern_check (data, 0, state.got));
}

static gboolean
cancel_later (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_mid_body (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (trickle_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/trickle");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  /* Buffered: the body would take ~10 s to trickle in. */
  g_timeout_add (200, cancel_later, cancellable);
  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (response);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

static gpointer
cancel_from_thread (gpointer cancellable)
{
  g_usleep (100 * 1000);
  g_cancellable_cancel (cancellable);
  return NULL;
}

static void
test_cancel_from_another_thread (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (trickle_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/trickle");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GThread *thread = g_thread_new ("canceller", cancel_from_thread, cancellable);

  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_thread_join (thread);
}

static void
test_cancel_mid_body_streamed (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (generated_handler, GSIZE_TO_POINTER (64 * MIB));
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/big");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GInputStream *body;
  guint8 buffer[64 * 1024];
  guint64 total = 0;
  Read read = { 0 };

  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, cancellable, &error);
  g_assert_no_error (error);
  body = gaws_http_response_get_body_stream (response);
  while (total < 3 * MIB)
    {
      gssize n = gaws_test_read (body, buffer, sizeof buffer, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      total += (guint64) n;
    }
  /* Let the buffer fill up and the transfer pause, then cancel: the next
   * read fails rather than handing out what was buffered. */
  sleep_in_loop (50);
  g_cancellable_cancel (cancellable);
  g_input_stream_read_async (body, buffer, sizeof buffer, G_PRIORITY_DEFAULT, NULL, on_read, &read);
  gaws_test_wait_for_task (&read.done);
  g_assert_error (read.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&read.error);
  g_assert_true (wait_until (server_has_no_connection, server, 5000));
}

static void
test_read_cancellable_cancels_only_the_read (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (stall_after_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/stall");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  guint8 buffer[4096];
  gssize n;

  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  n = gaws_test_read (gaws_http_response_get_body_stream (response), buffer, sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 1000);
  g_timeout_add (50, cancel_later, cancellable);
  n = gaws_test_read (gaws_http_response_get_body_stream (response), buffer, sizeof buffer, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (n, ==, -1);
}

static void
test_close_stream_early_aborts (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (big_or_small_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/big");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GawsHttpResponse) again = NULL;
  g_autoptr(GError) error = NULL;
  GInputStream *body;
  guint8 buffer[64 * 1024];
  gssize n;

  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  body = gaws_http_response_get_body_stream (response);
  n = gaws_test_read (body, buffer, sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
  g_input_stream_close (body, NULL, &error);
  g_assert_no_error (error);
  /* The half-read connection is closed, not left paused or reused. */
  g_assert_true (wait_until (server_has_no_connection, server, 5000));

  /* A response dropped unread is aborted the same way. */
  g_clear_object (&response);
  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&response);
  g_assert_true (wait_until (server_has_no_connection, server, 5000));

  gaws_http_request_set_path (request, "/small");
  again = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (gaws_http_response_get_body (again)), ==, 10);
}

static void
test_connection_reset_mid_body (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (reset_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/reset");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_null (response);
  g_clear_error (&error);
  assert_streamed_body_fails (engine, request, GAWS_ERROR_CONNECTION, 100000);
}

static void
test_short_body_is_an_error (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (short_body_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  const char *paths[] = { "/length", "/chunked" };

  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GawsHttpRequest) request = request_for (server, "GET", paths[i]);
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
      g_assert_null (response);
      assert_streamed_body_fails (engine, request, GAWS_ERROR_CONNECTION, 5000);
    }
}

static void
test_connect_refused (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  /* A port that was free a moment ago and that nobody listens on. */
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u/",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);
  request = gaws_http_request_new_for_url ("GET", url, NULL);
  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_test_message ("%s", error->message);
}

/* A failed connection's message carries curl's own words about it (its
 * error buffer, which each easy handle keeps), also on a handle an earlier
 * transfer used. */
static void
test_connect_refused_after_success (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (hello_handler, NULL);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) first = request_for (server, "GET", "/");
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  response = gaws_test_send (engine, first, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&response);
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u/",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);
  for (int i = 0; i < 2; i++)
    {
      g_clear_object (&request);
      g_clear_error (&error);
      request = gaws_http_request_new_for_url ("GET", url, NULL);
      response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
      g_assert_null (response);
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
      /* curl_easy_strerror() says "Couldn't connect to server" alone */
      g_assert_nonnull (strstr (error->message, "Failed to connect to 127.0.0.1 port"));
    }
  /* and the handle still works */
  g_clear_error (&error);
  response = gaws_test_send (engine, first, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
}

static void
test_tls_handshake_timeout (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (hello_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = g_object_new (GAWS_TYPE_HTTP_ENGINE, "connect-timeout-ms", 300, NULL);
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  /* TLS to a plain-HTTP server, which waits for a request line that never
   * comes: the handshake counts against the connect timeout. */
  gaws_http_request_set_scheme (request, "https");
  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  /* Far below the default 60 s; loose, as loading the CA bundle is slow
   * under valgrind. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
}

static void
test_read_timeout (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (stall_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = g_object_new (GAWS_TYPE_HTTP_ENGINE, "read-timeout-ms", 300, NULL);
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/stall");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time (), elapsed;

  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_TIMEOUT);
  g_assert_null (response);
  g_assert_cmpint (elapsed, >=, 280 * 1000);
  g_assert_cmpint (elapsed, <, 3 * G_USEC_PER_SEC);
}

/* A source that counts the main loop iterations: its prepare() runs once
 * in each. */
typedef struct {
  GSource  source;
  guint   *count;
} IterationCounter;

static gboolean
counter_prepare (GSource *source, gint *timeout)
{
  (*((IterationCounter *) source)->count)++;
  *timeout = -1;
  return FALSE;
}

static GSourceFuncs counter_funcs = { counter_prepare, NULL, NULL, NULL, NULL, NULL };

static GSource *
iteration_counter_new (guint *count)
{
  GSource *source = g_source_new (&counter_funcs, sizeof (IterationCounter));

  ((IterationCounter *) source)->count = count;
  g_source_attach (source, NULL);
  return source;
}

typedef struct {
  GawsHttpEngine  *engine;
  GawsHttpRequest *request;
  guint            iterations;
  gboolean         nested;        /* run an iteration in the first callback before sending */
  guint            sent_at;       /* the iteration the second send was made in */
  guint            done_at;       /* the iteration its callback ran in */
  gboolean         in_first;
  GawsTestSent     second;
} SendFromCallback;

static void
on_second_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SendFromCallback *state = user_data;

  g_assert_false (state->in_first);
  state->done_at = state->iterations;
  gaws_test_on_sent (source, result, &state->second);
}

static void
on_first_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SendFromCallback *state = user_data;
  g_autoptr(GawsHttpResponse) response = gaws_http_engine_send_finish (state->engine, result, NULL);

  g_assert_nonnull (response);
  state->in_first = TRUE;
  if (state->nested)
    g_main_context_iteration (NULL, FALSE);
  state->sent_at = state->iterations;
  gaws_http_engine_send_async (state->engine, state->request, GAWS_HTTP_BODY_BUFFERED, NULL,
                               on_second_sent, state);
  state->in_first = FALSE;
}

/* GTask's rule for a send made from a response's callback, which runs in
 * the engine's own dispatch (whose time the engine keeps: source_time()):
 * its callback runs in a later main loop iteration, also when the first
 * callback ran an iteration of its own before sending. */
static void
test_send_from_callback_returns_later (gconstpointer data)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (hello_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) first = request_for (server, "GET", "/first");
  g_autoptr(GawsHttpRequest) second = request_for (server, "GET", "/second");
  SendFromCallback state = { engine, second };
  GSource *counter = iteration_counter_new (&state.iterations);

  state.nested = GPOINTER_TO_INT (data);
  gaws_http_engine_send_async (engine, first, GAWS_HTTP_BODY_BUFFERED, NULL, on_first_sent, &state);
  gaws_test_wait_for_task (&state.second.done);
  g_assert_no_error (state.second.error);
  g_assert_nonnull (state.second.response);
  g_assert_cmpuint (state.done_at, >, state.sent_at);
  g_clear_object (&state.second.response);
  g_source_destroy (counter);
  g_source_unref (counter);
}

static void
stall_noting_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  g_atomic_int_set ((gint *) user_data, 1);
  /* the test's loop may sleep in poll(): nothing else wakes it when the
   * engine has no timer of its own running */
  g_main_context_wakeup (NULL);
  reply->action = GAWS_TEST_SERVER_STALL;
}

/* A read timeout set while a transfer waits for its response applies to
 * it: the engine's source, which nothing else would wake (no read timeout
 * nor stalled-stream protection before), looks at the transfers afresh. */
static void
test_read_timeout_set_while_waiting (void)
{
  gint received = 0;
  g_autoptr(GawsTestServer) server = gaws_test_server_new (stall_noting_handler, &received);
  g_autoptr(GawsHttpEngine) engine = g_object_new (GAWS_TYPE_HTTP_ENGINE, "read-timeout-ms", 0, NULL);
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/stall");
  GawsTestSent sent = { 0 };

  gaws_http_engine_set_stall_protection (engine, 0, 0);
  gaws_http_engine_send_async (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, gaws_test_on_sent, &sent);
  while (!g_atomic_int_get (&received))
    g_main_context_iteration (NULL, TRUE);
  gaws_http_engine_set_read_timeout_ms (engine, 200);
  gaws_test_wait_for_task (&sent.done);
  g_assert_error (sent.error, GAWS_ERROR, GAWS_ERROR_TIMEOUT);
  g_assert_null (sent.response);
  g_clear_error (&sent.error);
}

static void
test_read_timeout_mid_body (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (stall_after_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = g_object_new (GAWS_TYPE_HTTP_ENGINE, "read-timeout-ms", 300, NULL);
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/stall");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  guint64 total;

  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  total = drain_pattern (gaws_http_response_get_body_stream (response), 0, 4096, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_TIMEOUT);
  g_assert_cmpuint (total, ==, 1000);
}

static void
test_read_timeout_ignores_paused_reader (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (generated_handler, GSIZE_TO_POINTER (16 * MIB));
  g_autoptr(GawsHttpEngine) engine = g_object_new (GAWS_TYPE_HTTP_ENGINE, "read-timeout-ms", 200, NULL);
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/big");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GInputStream *body;
  guint8 buffer[1024];
  guint64 total;

  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  body = gaws_http_response_get_body_stream (response);
  g_assert_cmpint (gaws_test_read (body, buffer, sizeof buffer, NULL, &error), >, 0);
  /* Four read timeouts' worth of not reading: the transfer is paused, which
   * is the reader's doing, not the server's. */
  sleep_in_loop (800);
  g_assert_cmpuint (gaws_http_body_stream_get_max_buffered (GAWS_HTTP_BODY_STREAM (body)), >, 1 * MIB);
  total = drain_pattern (body, sizeof buffer, 256 * 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 16 * MIB - sizeof buffer);
}

/* A listening socket whose accept queue is full: Linux drops further SYNs,
 * so connecting hangs until the client gives up. Returns -1 if this system
 * does not behave that way. */
static int
listen_with_full_backlog (guint16 *port, GArray *clients)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  if (bind (fd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen (fd, 0) < 0 ||
      getsockname (fd, (struct sockaddr *) &addr, &len) < 0)
    {
      close (fd);
      return -1;
    }
  *port = ntohs (addr.sin_port);
  for (int i = 0; i < 8; i++)
    {
      int client = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      struct pollfd pfd = { client, POLLOUT, 0 };
      int connected;

      g_array_append_val (clients, client);
      connected = connect (client, (struct sockaddr *) &addr, sizeof addr) == 0 ||
                  (errno == EINPROGRESS && poll (&pfd, 1, 200) == 1);
      if (!connected)
        return fd;   /* this one hangs: the queue is full */
    }
  close (fd);
  return -1;
}

static void
test_connect_timeout (void)
{
  g_autoptr(GArray) clients = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GawsHttpEngine) engine = g_object_new (GAWS_TYPE_HTTP_ENGINE, "connect-timeout-ms", 300, NULL);
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 port = 0;
  int listener = listen_with_full_backlog (&port, clients);
  gint64 start, elapsed;

  if (listener < 0)
    {
      g_test_skip ("cannot make a connect hang here: the accept queue does not fill up");
      goto out;
    }
  url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  request = gaws_http_request_new_for_url ("GET", url, NULL);
  start = g_get_monotonic_time ();
  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_cmpint (elapsed, >=, 250 * 1000);
  g_assert_cmpint (elapsed, <, 3 * G_USEC_PER_SEC);
  close (listener);
out:
  for (guint i = 0; i < clients->len; i++)
    close (g_array_index (clients, int, i));
}

static void
test_dispose_in_flight_cancels (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (stall_after_handler, NULL);
  g_autoptr(GawsTestServer) stalled = gaws_test_server_new (stall_handler, NULL);
  GawsHttpEngine *engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/stream");
  g_autoptr(GawsHttpRequest) stalled_request = request_for (stalled, "GET", "/never");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  guint8 buffer[4096];
  GawsTestSent sent = { 0 };

  /* A body stream does not keep the engine alive... */
  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gaws_test_read (gaws_http_response_get_body_stream (response), buffer, sizeof buffer, NULL, &error), ==, 1000);

  /* ...and a pending send does, but dispose still ends it. */
  gaws_http_engine_send_async (engine, stalled_request, GAWS_HTTP_BODY_BUFFERED, NULL, gaws_test_on_sent, &sent);
  g_assert_true (wait_until (server_has_a_request, stalled, 5000));
  g_object_run_dispose (G_OBJECT (engine));
  gaws_test_wait_for_task (&sent.done);
  g_assert_error (sent.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&sent.error);
  g_object_unref (engine);

  g_assert_cmpint (gaws_test_read (gaws_http_response_get_body_stream (response), buffer, sizeof buffer, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (wait_until (server_has_no_connection, server, 5000));
  g_assert_true (wait_until (server_has_no_connection, stalled, 5000));
}

/* ---- the send without a GTask (gaws-http-engine-private.h) ------------ */

typedef struct {
  GawsHttpEngine   *engine;
  gboolean          in_call;   /* inside the call that started the send */
  guint             calls;
  GawsHttpResponse *response;
  GError           *error;
  GawsHttpRequest  *next;      /* sent from inside the callback, if set */
  gpointer          next_sent;
} Direct;

static void direct_send (Direct *d, GawsHttpRequest *request, GCancellable *cancellable);

static void
on_direct_done (GawsHttpResponse *response, GError *error, gpointer data)
{
  Direct *d = data;
  GSource *source = g_main_current_source ();

  /* never from inside the send, always from a source of the engine's context */
  g_assert_false (d->in_call);
  g_assert_nonnull (source);
  g_assert_true (g_source_get_context (source) == gaws_http_engine_get_context (d->engine));
  g_assert_true ((response == NULL) != (error == NULL));
  d->calls++;
  d->response = response;
  d->error = error;
  if (d->next != NULL)
    {
      g_autoptr(GawsHttpRequest) next = g_steal_pointer (&d->next);

      direct_send (d->next_sent, next, NULL);
    }
}

static void
direct_send (Direct *d, GawsHttpRequest *request, GCancellable *cancellable)
{
  d->in_call = TRUE;
  gaws_http_engine_send_direct (d->engine, request, GAWS_HTTP_BODY_BUFFERED, 0, GAWS_HTTP_SEND_FLAGS_NONE,
                                cancellable, on_direct_done, d);
  d->in_call = FALSE;
}

static void
direct_wait (Direct *d)
{
  while (d->calls == 0)
    g_main_context_iteration (NULL, TRUE);
  /* and only once */
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (d->calls, ==, 1);
}

static void
direct_clear (Direct *d)
{
  g_clear_object (&d->response);
  g_clear_error (&d->error);
  d->calls = 0;
}

static char *
closed_port_url (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  g_socket_close (socket, NULL);
  return g_strdup_printf ("http://127.0.0.1:%u/", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

/* Sends that fail at once, or soon, still call back later, from the
 * engine's context: never from inside gaws_http_engine_send_direct(). */
static void
test_direct_send_never_calls_back_inside_the_call (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (hello_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpEngine) disposed = gaws_http_engine_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autofree char *url = closed_port_url ();
  g_autoptr(GawsHttpRequest) refused = gaws_http_request_new_for_url ("GET", url, NULL);
  g_autoptr(GawsHttpRequest) hello = request_for (server, "GET", "/");
  Direct d = { engine }, d2 = { engine };

  /* nobody listens */
  direct_send (&d, refused, NULL);
  direct_wait (&d);
  g_assert_error (d.error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  direct_clear (&d);

  /* cancelled before it starts */
  g_cancellable_cancel (cancelled);
  direct_send (&d, hello, cancelled);
  direct_wait (&d);
  g_assert_error (d.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  direct_clear (&d);

  /* the engine is gone */
  g_object_run_dispose (G_OBJECT (disposed));
  d.engine = disposed;
  direct_send (&d, hello, NULL);
  direct_wait (&d);
  g_assert_error (d.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  direct_clear (&d);
  d.engine = engine;

  /* a send started from a callback: the failing one from the engine's
   * source, as the client's retries are */
  d.next = g_object_ref (refused);
  d.next_sent = &d2;
  direct_send (&d, hello, NULL);
  direct_wait (&d);
  g_assert_no_error (d.error);
  g_assert_cmpuint (gaws_http_response_get_status (d.response), ==, 200);
  g_assert_cmpmem (g_bytes_get_data (gaws_http_response_get_body (d.response), NULL),
                   g_bytes_get_size (gaws_http_response_get_body (d.response)), "hello, world", 12);
  direct_wait (&d2);
  g_assert_error (d2.error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  direct_clear (&d);
  direct_clear (&d2);
}

static gboolean
server_has_two_requests (gpointer data)
{
  return gaws_test_server_get_n_requests (data) > 1;
}

/* Cancelling ends the send at once with G_IO_ERROR_CANCELLED, not from
 * inside g_cancellable_cancel(), and lets go of the cancellable; so does
 * disposing the engine. */
static void
test_direct_send_cancel (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (stall_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/never");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint signal_id = g_signal_lookup ("cancelled", G_TYPE_CANCELLABLE);
  Direct d = { engine };

  direct_send (&d, request, cancellable);
  g_assert_true (wait_until (server_has_a_request, server, 5000));
  g_assert_cmpuint (d.calls, ==, 0);
  g_idle_add (cancel_later, cancellable);
  direct_wait (&d);
  g_assert_error (d.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_signal_has_handler_pending (cancellable, signal_id, 0, TRUE));
  direct_clear (&d);
  g_assert_true (wait_until (server_has_no_connection, server, 5000));

  /* disposing the engine from outside its sources ends the send, but the
   * callback still waits for the context */
  direct_send (&d, request, NULL);
  g_assert_true (wait_until (server_has_two_requests, server, 5000));
  d.in_call = TRUE;
  g_object_run_dispose (G_OBJECT (engine));
  d.in_call = FALSE;
  direct_wait (&d);
  g_assert_error (d.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  direct_clear (&d);
}

/* ---- direct fill: pushes into a waiting read's buffer ------------------ */

typedef struct {
  guint resumed;
  guint aborted;
} FakeFeed;

static void
fake_resume (gpointer data)
{
  ((FakeFeed *) data)->resumed++;
}

static void
fake_abort (gpointer data)
{
  ((FakeFeed *) data)->aborted++;
}

static const GawsHttpBodyStreamFeed fake_feed = { fake_resume, fake_abort };

/* A body stream's last unref skips GObject's own dispose, as shapes do
 * (gaws-object-private.h), and still closes it as GInputStream's would:
 * the transfer of a body dropped unread is aborted, once;
 * g_object_run_dispose() still disposes (and closes). */
static void
test_stream_dispose (void)
{
  FakeFeed feed = { 0 };
  g_autoptr(GawsHttpBodyStream) kept =
    gaws_http_body_stream_new_for_feed (g_main_context_default (), NULL, 65536, &fake_feed, &feed);
  GawsHttpBodyStream *gone =
    gaws_http_body_stream_new_for_feed (g_main_context_default (), NULL, 65536, &fake_feed, &feed);

  gaws_test_check_dispose (G_OBJECT (gone), G_OBJECT (kept));
  g_assert_cmpuint (feed.aborted, ==, 2);
  g_assert_true (g_input_stream_is_closed (G_INPUT_STREAM (kept)));
}

/* ---- spare body streams ------------------------------------------------- */

static gboolean
recycles (void)
{
  /* gaws_object_unref_is_known(): GLib 2.74 and before */
  return glib_major_version == 2 && glib_minor_version < 75;
}

/* A body stream of @text, its transfer over, read to its end. */
static GawsHttpBodyStream *
read_body (const char *text, gsize high_water, FakeFeed *feed)
{
  GawsHttpBodyStream *stream =
    gaws_http_body_stream_new_for_feed (g_main_context_default (), NULL, high_water, &fake_feed, feed);
  char buffer[64] = { 0 };
  gsize n = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (gaws_http_body_stream_push (stream, text, strlen (text)));
  gaws_http_body_stream_finish (stream, NULL);
  g_assert_true (g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, sizeof buffer, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (buffer, ==, text);
  return stream;
}

/* A body stream whose last reference goes with its transfer over, open
 * and with nothing else on it is handed out again by the next
 * gaws_http_body_stream_new_for_feed() as a new one: its handlers
 * destroyed, nothing of the body before it left (bytes, end, error, peak),
 * its own high-water mark and feed; it reads, ends and fails as a new one. */
static void
test_stream_recycled (void)
{
  FakeFeed feed = { 0 }, second_feed = { 0 };
  GawsHttpBodyStream *first = read_body ("the first body", 65536, &feed);
  GawsHttpBodyStream *second;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint destroyed = 0;
  char buffer[64] = { 0 };
  gsize n = 0;
  g_autoptr(GError) error = NULL;

  g_signal_connect_data (first, "notify", G_CALLBACK (gaws_test_never_notified), &destroyed,
                         gaws_test_count_closure_destroy, 0);
  g_object_unref (first);
  g_assert_cmpuint (destroyed, ==, 1);

  second = gaws_http_body_stream_new_for_feed (g_main_context_default (), cancellable, 100, &fake_feed, &second_feed);
  if (recycles ())
    g_assert_true (second == first);
  g_assert_cmpuint (G_OBJECT (second)->ref_count, ==, 1);
  g_assert_null (G_OBJECT (second)->qdata);
  g_assert_false (g_input_stream_is_closed (G_INPUT_STREAM (second)));
  g_assert_false (g_input_stream_has_pending (G_INPUT_STREAM (second)));
  g_assert_cmpuint (gaws_http_body_stream_get_high_water (second), ==, 100);
  g_assert_cmpuint (gaws_http_body_stream_get_max_buffered (second), ==, 0);

  /* its own mark: a second push above it is refused, and resumes its own feed */
  g_assert_true (gaws_http_body_stream_push (second, "0123456789", 10));
  g_assert_false (gaws_http_body_stream_push (second, buffer, 95));
  g_assert_cmpuint (g_input_stream_read (G_INPUT_STREAM (second), buffer, 5, NULL, &error), ==, 5);
  g_assert_no_error (error);
  g_assert_cmpuint (second_feed.resumed, ==, 1);
  g_assert_cmpuint (feed.resumed, ==, 0);
  /* and its own end: an error, not the first one's end of stream */
  gaws_http_body_stream_finish (second, g_error_new_literal (GAWS_ERROR, GAWS_ERROR_CONNECTION, "cut"));
  g_assert_false (g_input_stream_read_all (G_INPUT_STREAM (second), buffer, sizeof buffer, &n, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_clear_error (&error);
  g_assert_cmpuint (feed.aborted + second_feed.aborted, ==, 0);
  g_object_unref (second);

  /* a third one after an error still reads its own body */
  g_object_unref (read_body ("the third body", 65536, &feed));
}

/* One that is closed, still has its transfer, is watched or still held
 * is never handed out again: it goes GObject's way (a transfer still on
 * aborted, once). */
static void
test_stream_not_recycled (void)
{
  FakeFeed feed = { 0 };
  GawsHttpBodyStream *stream, *other;
  guint weak_notified = 0;

  /* closed by its reader */
  stream = read_body ("closed", 65536, &feed);
  g_assert_true (g_input_stream_close (G_INPUT_STREAM (stream), NULL, NULL));
  g_object_weak_ref (G_OBJECT (stream), gaws_test_count_weak_notify, &weak_notified);
  g_object_unref (stream);
  g_assert_cmpuint (weak_notified, ==, 1);

  /* its transfer still on */
  stream = gaws_http_body_stream_new_for_feed (g_main_context_default (), NULL, 65536, &fake_feed, &feed);
  g_object_weak_ref (G_OBJECT (stream), gaws_test_count_weak_notify, &weak_notified);
  g_object_unref (stream);
  g_assert_cmpuint (weak_notified, ==, 2);
  g_assert_cmpuint (feed.aborted, ==, 1);

  /* still held by somebody else */
  stream = read_body ("held", 65536, &feed);
  g_object_ref (stream);
  g_object_unref (stream);
  other = gaws_http_body_stream_new_for_feed (g_main_context_default (), NULL, 65536, &fake_feed, &feed);
  g_assert_true (other != stream);
  g_assert_false (g_input_stream_is_closed (G_INPUT_STREAM (stream)));
  gaws_http_body_stream_finish (other, NULL);
  g_object_unref (other);
  g_object_weak_ref (G_OBJECT (stream), gaws_test_count_weak_notify, &weak_notified);
  g_object_unref (stream);
  g_assert_cmpuint (weak_notified, ==, 3);
  g_assert_cmpuint (feed.aborted, ==, 1);
}

typedef struct {
  char     buffer[64];
  gsize    got;
  gboolean done;
} AsyncRead;

static void
on_async_read_all (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncRead *read = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &read->got, &error));
  g_assert_no_error (error);
  read->done = TRUE;
}

/* A body stream of @text on @context, read to its end asynchronously
 * there, which its reads complete on later iterations of. */
static GawsHttpBodyStream *
read_body_async (GMainContext *context, const char *text, FakeFeed *feed)
{
  GawsHttpBodyStream *stream = gaws_http_body_stream_new_for_feed (context, NULL, 65536, &fake_feed, feed);
  AsyncRead read = { { 0 }, 0, FALSE };

  g_main_context_push_thread_default (context);
  g_assert_true (gaws_http_body_stream_push (stream, text, strlen (text)));
  gaws_http_body_stream_finish (stream, NULL);
  g_input_stream_read_all_async (G_INPUT_STREAM (stream), read.buffer, sizeof read.buffer, G_PRIORITY_DEFAULT, NULL,
                                 on_async_read_all, &read);
  g_assert_false (read.done);
  while (!read.done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  g_assert_cmpuint (read.got, ==, strlen (text));
  g_assert_cmpstr (read.buffer, ==, text);
  return stream;
}

/* A spare read asynchronously before is read asynchronously again, on
 * the same context, then on another one after the first was freed. */
static void
test_stream_recycled_async (void)
{
  GMainContext *context = g_main_context_new ();
  FakeFeed feed = { 0 };
  GawsHttpBodyStream *first, *second, *third;

  first = read_body_async (context, "read on its own context", &feed);
  g_object_unref (first);
  second = read_body_async (context, "and again there", &feed);
  if (recycles ())
    g_assert_true (second == first);
  g_object_unref (second);
  g_main_context_unref (context);
  third = read_body_async (g_main_context_default (), "then on another one", &feed);
  if (recycles ())
    g_assert_true (third == first);
  g_object_unref (third);
  g_assert_cmpuint (feed.aborted, ==, 0);
}

/* A validated GetObject reads its body through a checksum stream, the
 * body stream's one holder: the checksum stream, kept itself, leaves the
 * body stream to its own last unref, which keeps it open. */
static void
test_stream_recycled_under_checksum (void)
{
  static const char text[] = "a body validated on its way out";
  g_autofree char *value = gaws_checksum_compute_base64 (GAWS_CHECKSUM_ALGORITHM_CRC32, (const guint8 *) text, strlen (text));
  FakeFeed feed = { 0 };

  for (guint round = 0; round < 3; round++)
    {
      GawsHttpBodyStream *body =
        gaws_http_body_stream_new_for_feed (g_main_context_default (), NULL, 65536, &fake_feed, &feed);
      GInputStream *checked = gaws_checksum_input_stream_new_validating (G_INPUT_STREAM (body),
                                                                         GAWS_CHECKSUM_ALGORITHM_CRC32, value);
      GawsHttpBodyStream *next;
      char buffer[64] = { 0 };
      gsize n = 0;
      g_autoptr(GError) error = NULL;

      g_object_unref (body);
      g_assert_true (gaws_http_body_stream_push (body, text, strlen (text)));
      gaws_http_body_stream_finish (body, NULL);
      g_assert_true (g_input_stream_read_all (checked, buffer, sizeof buffer, &n, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (buffer, ==, text);
      g_object_unref (checked);

      next = gaws_http_body_stream_new_for_feed (g_main_context_default (), NULL, 65536, &fake_feed, &feed);
      if (recycles ())
        g_assert_true (next == body);
      g_assert_false (g_input_stream_is_closed (G_INPUT_STREAM (next)));
      gaws_http_body_stream_finish (next, NULL);
      g_object_unref (next);
    }
  g_assert_cmpuint (feed.aborted, ==, 0);
}

/* Pushes @len bytes of the pattern from *@pos, in pieces of odd sizes. */
static void
push_pattern (GawsHttpBodyStream *stream, guint64 *pos, gsize len)
{
  static const gsize pieces[] = { 1, 4093, 131072, 7, 65537, 100003, 3 };
  g_autofree guint8 *data = g_malloc (len);
  gsize done = 0;

  gaws_test_pattern_fill (data, *pos, len);
  for (guint i = 0; done < len; i++)
    {
      gsize n = MIN (pieces[i % G_N_ELEMENTS (pieces)], len - done);

      g_assert_true (gaws_http_body_stream_push (stream, data + done, n));
      done += n;
    }
  *pos += len;
}

/* Reads made from the callback of the one before, as read_all_async()
 * makes them, on a body whose transfer is over: each completes on a later
 * iteration, never inside its read_async(), at its own priority (a low
 * one lets an idle go first, the default one goes before it), and all of
 * the body then the end of it come out. */
typedef struct {
  GawsHttpBodyStream *stream;
  guint8              buffer[1000];
  gsize               got;
  guint               reads;
  gboolean            in_call;
  gboolean            idle_ran;
  gboolean            done;
} ChainedReads;

static gboolean
chained_idle (gpointer data)
{
  ((ChainedReads *) data)->idle_ran = TRUE;
  return G_SOURCE_REMOVE;
}

static void chained_read_next (ChainedReads *c);

static void
chained_read_done (GObject *source, GAsyncResult *result, gpointer data)
{
  ChainedReads *c = data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  int priority = c->reads % 2 == 1 ? G_PRIORITY_LOW : G_PRIORITY_DEFAULT;

  g_assert_no_error (error);
  g_assert_false (c->in_call);
  /* this read's priority against the idle added with it */
  g_assert_true (c->idle_ran == (priority == G_PRIORITY_LOW));
  if (n == 0)
    {
      c->done = TRUE;
      return;
    }
  c->got += (gsize) n;
  chained_read_next (c);
}

static void
chained_read_next (ChainedReads *c)
{
  int priority = ++c->reads % 2 == 1 ? G_PRIORITY_LOW : G_PRIORITY_DEFAULT;

  c->idle_ran = FALSE;
  g_idle_add (chained_idle, c);
  c->in_call = TRUE;
  g_input_stream_read_async (G_INPUT_STREAM (c->stream), c->buffer + c->got, MIN (sizeof c->buffer - c->got, 77),
                             priority, NULL, chained_read_done, c);
  c->in_call = FALSE;
}

static void
test_stream_chained_reads_after_the_end (void)
{
  FakeFeed feed = { 0 };
  g_autoptr(GawsHttpBodyStream) stream =
    gaws_http_body_stream_new_for_feed (g_main_context_default (), NULL, MIB, &fake_feed, &feed);
  ChainedReads c = { .stream = stream };
  guint64 pushed = 0;

  push_pattern (stream, &pushed, sizeof c.buffer);
  gaws_http_body_stream_finish (stream, NULL);
  chained_read_next (&c);
  gaws_test_wait_for_task (&c.done);
  /* the idle added with the last read points at @c: let it run */
  while (!c.idle_ran)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (c.got, ==, sizeof c.buffer);
  g_assert_true (gaws_test_pattern_check (c.buffer, 0, sizeof c.buffer));
  g_assert_cmpuint (c.reads, ==, (sizeof c.buffer + 76) / 77 + 1);
  g_assert_cmpuint (feed.aborted, ==, 0);
}

static void
test_stream_push_fills_waiting_read (void)
{
  const gsize high_water = 256 * 1024;
  const gsize big = 2 * MIB + 3;
  FakeFeed feed = { 0 };
  g_autoptr(GawsHttpBodyStream) stream =
    gaws_http_body_stream_new_for_feed (g_main_context_default (), NULL, 2 * MIB, &fake_feed, &feed);
  g_autoptr(GChecksum) sent = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GChecksum) got = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree guint8 *buffer = g_malloc (big);
  g_autofree guint8 *expected = g_malloc (big + 65536);
  g_autoptr(GError) error = NULL;
  guint64 pushed = 0, read = 0;
  Read r = { 0 };
  guint8 extra[70000];
  gssize n;

  gaws_http_body_stream_set_high_water (stream, high_water);
  g_assert_cmpuint (gaws_http_body_stream_get_high_water (stream), ==, high_water);

  /* A large read waits: pushes of odd sizes land in its buffer at once,
   * before any dispatch, and nothing is queued. */
  g_input_stream_read_async (G_INPUT_STREAM (stream), buffer, big, G_PRIORITY_DEFAULT, NULL, on_read, &r);
  push_pattern (stream, &pushed, big - 1000);
  g_assert_true (gaws_test_pattern_check (buffer, 0, big - 1000));
  g_assert_cmpuint (gaws_http_body_stream_get_max_buffered (stream), ==, 0);
  g_assert_false (r.done);
  /* What does not fit is queued behind it. */
  push_pattern (stream, &pushed, 5000);
  g_assert_cmpuint (gaws_http_body_stream_get_max_buffered (stream), ==, 4000);
  gaws_http_body_stream_dispatch (stream);
  gaws_test_wait_for_task (&r.done);
  g_assert_no_error (r.error);
  g_assert_cmpint (r.n, ==, (gssize) big);
  g_checksum_update (got, buffer, (gsize) r.n);
  read += (guint64) r.n;

  /* Nobody reading: pushes queue up to the high-water mark, then are
   * refused until a reader drains half of it. */
  push_pattern (stream, &pushed, high_water - 4000 - 1);
  gaws_test_pattern_fill (extra, pushed, sizeof extra);
  g_assert_false (gaws_http_body_stream_push (stream, extra, sizeof extra));
  for (gsize piece = 4099; feed.resumed == 0; piece = piece * 3 % 70001 + 1)
    {
      /* synchronous reads: bytes are there, nothing to wait for */
      n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, piece, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_checksum_update (got, buffer, (gsize) n);
      read += (guint64) n;
    }
  g_assert_true (gaws_http_body_stream_push (stream, extra, sizeof extra));
  pushed += sizeof extra;

  /* Odd-sized async reads drain the queue, the last one waits and gets a
   * push straight into its buffer behind what was queued. */
  while (read < pushed)
    {
      n = gaws_test_read (G_INPUT_STREAM (stream), buffer, 33333, NULL, &error);
      g_assert_no_error (error);
      g_checksum_update (got, buffer, (gsize) n);
      read += (guint64) n;
    }
  /* A read that finds bytes queued takes them, and what is pushed before
   * it completes (on the next iteration) joins them. */
  push_pattern (stream, &pushed, 1000);
  memset (&r, 0, sizeof r);
  g_input_stream_read_async (G_INPUT_STREAM (stream), buffer, 77777, G_PRIORITY_DEFAULT, NULL, on_read, &r);
  push_pattern (stream, &pushed, 2000);
  gaws_test_wait_for_task (&r.done);
  g_assert_no_error (r.error);
  g_assert_cmpint (r.n, ==, 3000);
  g_checksum_update (got, buffer, (gsize) r.n);
  read += (guint64) r.n;

  memset (&r, 0, sizeof r);
  g_input_stream_read_async (G_INPUT_STREAM (stream), buffer, 77777, G_PRIORITY_DEFAULT, cancellable, on_read, &r);
  push_pattern (stream, &pushed, 1234);
  /* A cancelled read gives what was pushed into it back: the next read
   * gets it, in order. */
  g_cancellable_cancel (cancellable);
  gaws_test_wait_for_task (&r.done);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  push_pattern (stream, &pushed, 99);
  gaws_http_body_stream_finish (stream, NULL);
  while ((n = gaws_test_read (G_INPUT_STREAM (stream), buffer, 1001, NULL, &error)) > 0)
    {
      g_checksum_update (got, buffer, (gsize) n);
      read += (guint64) n;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (read, ==, pushed);
  g_assert_cmpuint (feed.aborted, ==, 0);

  for (guint64 pos = 0; pos < pushed; pos += big)
    {
      gsize len = (gsize) MIN (big, pushed - pos);

      gaws_test_pattern_fill (expected, pos, len);
      g_checksum_update (sent, expected, len);
    }
  g_assert_cmpstr (g_checksum_get_string (got), ==, g_checksum_get_string (sent));
}

/* Bytes pushed into a waiting read are still buffered bytes: a broken
 * transfer drops them and the read fails. */
static void
test_stream_push_then_error_fails_read (void)
{
  FakeFeed feed = { 0 };
  g_autoptr(GawsHttpBodyStream) stream =
    gaws_http_body_stream_new_for_feed (g_main_context_default (), NULL, 65536, &fake_feed, &feed);
  guint8 buffer[8192];
  guint64 pushed = 0;
  Read r = { 0 };

  g_input_stream_read_async (G_INPUT_STREAM (stream), buffer, sizeof buffer, G_PRIORITY_DEFAULT, NULL, on_read, &r);
  push_pattern (stream, &pushed, 5000);
  gaws_http_body_stream_finish (stream, g_error_new_literal (GAWS_ERROR, GAWS_ERROR_CONNECTION, "reset"));
  gaws_test_wait_for_task (&r.done);
  g_assert_error (r.error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_clear_error (&r.error);
}

/* Before the first read the stream may hold less than its mark: the body
 * stays in the connection until someone reads it. */
static void
test_stream_initial_high_water (void)
{
  FakeFeed feed = { 0 };
  g_autoptr(GawsHttpBodyStream) stream =
    gaws_http_body_stream_new_for_feed (g_main_context_default (), NULL, MIB, &fake_feed, &feed);
  g_autofree guint8 *buffer = g_malloc (MIB);
  guint8 piece[40000];
  guint64 pushed = 0;
  Read r = { 0 };

  gaws_http_body_stream_set_initial_high_water (stream, 64 * 1024);
  push_pattern (stream, &pushed, sizeof piece);
  gaws_test_pattern_fill (piece, pushed, sizeof piece);
  g_assert_false (gaws_http_body_stream_push (stream, piece, sizeof piece));
  /* The first read lifts it: the transfer goes on, straight into the read. */
  g_input_stream_read_async (G_INPUT_STREAM (stream), buffer, 100000, G_PRIORITY_DEFAULT, NULL, on_read, &r);
  g_assert_cmpuint (feed.resumed, ==, 1);
  g_assert_true (gaws_http_body_stream_push (stream, piece, sizeof piece));
  pushed += sizeof piece;
  gaws_test_wait_for_task (&r.done);
  g_assert_no_error (r.error);
  g_assert_cmpint (r.n, ==, 80000);
  g_assert_true (gaws_test_pattern_check (buffer, 0, 80000));
  push_pattern (stream, &pushed, 500000);
  g_assert_cmpuint (gaws_http_body_stream_get_max_buffered (stream), ==, 500000);
  gaws_http_body_stream_finish (stream, NULL);
}

static void
on_read_all (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Read *read = user_data;
  gsize n = 0;

  if (g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, &read->error))
    read->n = (gssize) n;
  else
    read->n = -1;
  read->done = TRUE;
}

/* Reads @stream to its end with read_all_async(). */
static gssize
read_all_and_wait (GInputStream *stream, void *buffer, gsize count, GError **error)
{
  Read read = { 0 };

  g_input_stream_read_all_async (stream, buffer, count, G_PRIORITY_DEFAULT, NULL, on_read_all, &read);
  gaws_test_wait_for_task (&read.done);
  if (read.error != NULL)
    g_propagate_error (error, read.error);
  return read.n;
}

/* A validating checksum stream over a body stream, as a GetObject with
 * ChecksumMode gives it, reads the body without a task of its own in
 * between (gaws_http_body_stream_read_for_task()): the bytes and the
 * check at the end, a cancelled read whose bytes go back to the next, the
 * body pending meanwhile, a mismatch and a broken transfer all come
 * through as through g_input_stream_read_async(). */
static void
test_stream_under_checksum_stream (void)
{
  FakeFeed feed = { 0 };
  g_autoptr(GawsHttpBodyStream) body =
    gaws_http_body_stream_new_for_feed (g_main_context_default (), NULL, MIB, &fake_feed, &feed);
  g_autoptr(GawsHttpBodyStream) wrong_body =
    gaws_http_body_stream_new_for_feed (g_main_context_default (), NULL, MIB, &fake_feed, &feed);
  g_autoptr(GawsHttpBodyStream) broken_body =
    gaws_http_body_stream_new_for_feed (g_main_context_default (), NULL, MIB, &fake_feed, &feed);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GInputStream) stream = NULL, wrong = NULL, broken = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *crc = NULL;
  guint8 data[3000], buffer[4096];
  Read r = { 0 };

  gaws_test_pattern_fill (data, 0, sizeof data);
  crc = gaws_checksum_compute_base64 (GAWS_CHECKSUM_ALGORITHM_CRC32, data, sizeof data);
  stream = gaws_checksum_input_stream_new_validating (G_INPUT_STREAM (body), GAWS_CHECKSUM_ALGORITHM_CRC32, crc);

  g_input_stream_read_async (stream, buffer, sizeof buffer, G_PRIORITY_DEFAULT, cancellable, on_read, &r);
  g_assert_true (g_input_stream_has_pending (G_INPUT_STREAM (body)));
  g_assert_cmpint (g_input_stream_read (G_INPUT_STREAM (body), buffer, 1, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  g_assert_true (gaws_http_body_stream_push (body, data, 1000));
  g_cancellable_cancel (cancellable);
  gaws_test_wait_for_task (&r.done);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  g_assert_false (g_input_stream_has_pending (G_INPUT_STREAM (body)));

  g_assert_true (gaws_http_body_stream_push (body, data + 1000, sizeof data - 1000));
  gaws_http_body_stream_finish (body, NULL);
  g_assert_cmpint (read_all_and_wait (stream, buffer, sizeof buffer, &error), ==, sizeof data);
  g_assert_no_error (error);
  g_assert_cmpmem (buffer, sizeof data, data, sizeof data);
  g_assert_true (gaws_checksum_input_stream_is_complete (GAWS_CHECKSUM_INPUT_STREAM (stream)));
  g_assert_false (g_input_stream_has_pending (G_INPUT_STREAM (body)));

  wrong = gaws_checksum_input_stream_new_validating (G_INPUT_STREAM (wrong_body), GAWS_CHECKSUM_ALGORITHM_CRC32,
                                                     "AAAAAA==");
  g_assert_true (gaws_http_body_stream_push (wrong_body, data, sizeof data));
  gaws_http_body_stream_finish (wrong_body, NULL);
  g_assert_cmpint (read_all_and_wait (wrong, buffer, sizeof buffer, &error), ==, -1);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
  g_clear_error (&error);

  broken = gaws_checksum_input_stream_new_validating (G_INPUT_STREAM (broken_body), GAWS_CHECKSUM_ALGORITHM_CRC32,
                                                      crc);
  g_assert_true (gaws_http_body_stream_push (broken_body, data, 1000));
  gaws_http_body_stream_finish (broken_body, g_error_new_literal (GAWS_ERROR, GAWS_ERROR_CONNECTION, "reset"));
  g_assert_cmpint (read_all_and_wait (broken, buffer, sizeof buffer, &error), ==, -1);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_assert_cmpuint (feed.aborted, ==, 0);
}

/* Through the engine: large waiting reads, small ones, synchronous ones and
 * pauses of the reader, in turn; every byte arrives, in order. */
static void
test_stream_mixed_reads_intact (void)
{
  const gsize size = 40 * MIB + 13;
  g_autoptr(GawsTestServer) server = gaws_test_server_new (generated_handler, GSIZE_TO_POINTER (size));
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/mixed");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GChecksum) sent = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GChecksum) got = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GError) error = NULL;
  static const gsize reads[] = { 2 * MIB + 3, 4097, 1, 2 * MIB, 65537, 3 * MIB + 5 };
  g_autofree guint8 *buffer = g_malloc (3 * MIB + 5);
  GInputStream *body;
  guint64 total = 0;
  gssize n;

  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  body = gaws_http_response_get_body_stream (response);
  for (guint i = 0;; i++)
    {
      gsize count = reads[i % G_N_ELEMENTS (reads)];

      if (i % 4 == 3)
        n = g_input_stream_read (body, buffer, count, NULL, &error);
      else
        n = gaws_test_read (body, buffer, count, NULL, &error);
      g_assert_no_error (error);
      if (n == 0)
        break;
      g_checksum_update (got, buffer, (gsize) n);
      total += (guint64) n;
      if (i % 7 == 0)
        sleep_in_loop (1);   /* the queue fills meanwhile */
    }
  g_assert_cmpuint (total, ==, size);
  for (guint64 pos = 0; pos < size; pos += 3 * MIB)
    {
      gsize len = (gsize) MIN (3 * MIB, size - pos);

      gaws_test_pattern_fill (buffer, pos, len);
      g_checksum_update (sent, buffer, len);
    }
  g_assert_cmpstr (g_checksum_get_string (got), ==, g_checksum_get_string (sent));
}

/* A body of the length the path names ("/1000"), whatever the request's
 * Range says. */
static void
sized_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  reply->body_length = (gsize) g_ascii_strtoull (request->path + 1, NULL, 10);
}

/* Streamed bodies get a receive buffer sized by the request's Range, or
 * else by the last streamed body without one: a body larger or smaller
 * than what was guessed, a Range the server ignores, a malformed one, all
 * arrive whole. */
static void
test_stream_receive_buffer_guesses (void)
{
  static const struct {
    const char *path;
    const char *range;
    guint64     size;
  } cases[] = {
    { "/300000", NULL, 300000 },
    { "/1000", NULL, 1000 },
    { "/300001", NULL, 300001 },              /* after a small one */
    { "/1000", NULL, 1000 },
    { "/200000", "bytes=0-999", 200000 },     /* a Range the server ignores */
    { "/999", "bytes=0-299999", 999 },
    { "/70000", "bytes=-5", 70000 },
    { "/70000", "bytes=100-", 70000 },
    { "/70000", "bytes=9-3", 70000 },
    { "/70000", "bytes=a-b", 70000 },
    { "/70000", "bytes=0-18446744073709551615", 70000 },
    { "/0", NULL, 0 },
    { "/80000", NULL, 80000 },
  };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (sized_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GawsHttpRequest) request = request_for (server, "GET", cases[i].path);
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      if (cases[i].range != NULL)
        gaws_http_headers_append (gaws_http_request_get_headers (request), "Range", cases[i].range);
      response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (drain_pattern (gaws_http_response_get_body_stream (response), 0, 7000, &error), ==,
                        cases[i].size);
      g_assert_no_error (error);
    }
}

/* ---- splice to a pollable sink ------------------------------------------ */

/* The far end of a pipe, read by a thread: checks that the bytes follow the
 * pattern from 0, in order, and hashes them; reads slowly if asked. */
typedef struct {
  int        fd;
  gboolean   slow;
  guint64    total;
  gboolean   in_order;
  GChecksum *sha256;
} PipeReader;

static gpointer
pipe_reader_thread (gpointer data)
{
  PipeReader *reader = data;
  guint8 buffer[8192];
  ssize_t n;

  reader->in_order = TRUE;
  reader->sha256 = g_checksum_new (G_CHECKSUM_SHA256);
  while ((n = read (reader->fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      if (!gaws_test_pattern_check (buffer, reader->total, (gsize) n))
        reader->in_order = FALSE;
      g_checksum_update (reader->sha256, buffer, n);
      reader->total += (guint64) n;
      if (reader->slow && reader->total % (256 * 1024) < (guint64) n)
        g_usleep (2000);
    }
  close (reader->fd);
  return NULL;
}

/* SHA-256 of the first @len bytes of the pattern. */
static char *
pattern_sha256 (guint64 len)
{
  g_autoptr(GChecksum) sha256 = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (MIB);

  for (guint64 done = 0; done < len;)
    {
      gsize n = (gsize) MIN ((guint64) MIB, len - done);

      gaws_test_pattern_fill (buffer, done, n);
      g_checksum_update (sha256, buffer, n);
      done += n;
    }
  return g_strdup (g_checksum_get_string (sha256));
}

/* A pipe whose write end is a non-blocking GUnixOutputStream (a blocking
 * one would block in write_nonblocking once the pipe is nearly full) and
 * whose read end a PipeReader drains. */
static GOutputStream *
open_pipe_sink (PipeReader *reader, GThread **thread)
{
  g_autoptr(GError) error = NULL;
  int fds[2];

  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &error));
  g_assert_true (g_unix_set_fd_nonblocking (fds[1], TRUE, &error));
  reader->fd = fds[0];
  *thread = g_thread_new ("pipe-reader", pipe_reader_thread, reader);
  return g_unix_output_stream_new (fds[1], TRUE);
}

typedef struct {
  gboolean done;
  gssize   n;
  GError  *error;
} Spliced;

static void
on_spliced (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Spliced *spliced = user_data;

  spliced->n = gaws_http_body_stream_splice_to_pollable_finish (GAWS_HTTP_BODY_STREAM (source), result,
                                                                &spliced->error);
  spliced->done = TRUE;
}

/* Through the engine to a pipe read slowly: every byte arrives, in order,
 * and what the pipe does not take at once stays within the stream's mark
 * (plus one receive buffer of curl's, which a push may leave). */
static void
test_splice_to_pipe_slow_consumer (void)
{
  const gsize size = 24 * MIB + 7;
  const gsize high_water = 256 * 1024;
  g_autoptr(GawsTestServer) server = gaws_test_server_new (generated_handler, GSIZE_TO_POINTER (size));
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/splice");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) sink = NULL;
  g_autofree char *expected = pattern_sha256 (size);
  PipeReader reader = { .slow = TRUE };
  Spliced spliced = { 0 };
  GawsHttpBodyStream *body;
  GThread *thread;

  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  body = GAWS_HTTP_BODY_STREAM (gaws_http_response_get_body_stream (response));
  gaws_http_body_stream_set_high_water (body, high_water);
  sink = open_pipe_sink (&reader, &thread);
  gaws_http_body_stream_splice_to_pollable_async (body, G_POLLABLE_OUTPUT_STREAM (sink), NULL, on_spliced, &spliced);
  /* The stream is busy meanwhile. */
  g_assert_cmpint (gaws_test_read (G_INPUT_STREAM (body), &reader.in_order, 1, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  gaws_test_wait_for_task (&spliced.done);
  g_assert_no_error (spliced.error);
  g_assert_cmpint (spliced.n, ==, (gssize) size);
  g_assert_true (g_output_stream_close (sink, NULL, NULL));
  g_thread_join (thread);
  g_assert_true (reader.in_order);
  g_assert_cmpuint (reader.total, ==, size);
  g_assert_cmpstr (g_checksum_get_string (reader.sha256), ==, expected);
  g_checksum_free (reader.sha256);
  g_test_message ("max buffered %zu", gaws_http_body_stream_get_max_buffered (body));
  g_assert_cmpuint (gaws_http_body_stream_get_max_buffered (body), <=, high_water + 128 * 1024);
  /* The stream is at its end and can be read again. */
  g_assert_cmpint (gaws_test_read (G_INPUT_STREAM (body), &reader.in_order, 1, NULL, &error), ==, 0);
  g_assert_no_error (error);
}

/* A sink that takes nothing: cancelling the splice's cancellable ends it
 * promptly, and dropping the response closes the connection. */
static void
test_splice_cancelled (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (generated_handler, GSIZE_TO_POINTER (64 * MIB));
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/splice");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) sink = NULL;
  Spliced spliced = { 0 };
  GawsHttpBodyStream *body;
  int fds[2];

  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  body = GAWS_HTTP_BODY_STREAM (gaws_http_response_get_body_stream (response));
  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &error));
  g_assert_true (g_unix_set_fd_nonblocking (fds[1], TRUE, &error));
  sink = g_unix_output_stream_new (fds[1], TRUE);
  gaws_http_body_stream_splice_to_pollable_async (body, G_POLLABLE_OUTPUT_STREAM (sink), cancellable, on_spliced,
                                                  &spliced);
  sleep_in_loop (100);
  g_assert_false (spliced.done);
  g_cancellable_cancel (cancellable);
  gaws_test_wait_for_task (&spliced.done);
  g_assert_error (spliced.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (spliced.n, ==, -1);
  g_clear_error (&spliced.error);
  g_assert_false (gaws_http_body_stream_splice_body_failed (body));
  g_clear_object (&response);
  g_assert_true (wait_until (server_has_no_connection, server, 5000));
  close (fds[0]);
}

/* A sink that fails (a pipe with no reader) fails the splice with its
 * error, which is not the body's. */
static void
test_splice_sink_error (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (generated_handler, GSIZE_TO_POINTER (8 * MIB));
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/splice");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) sink = NULL;
  Spliced spliced = { 0 };
  GawsHttpBodyStream *body;
  int fds[2];

  signal (SIGPIPE, SIG_IGN);
  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  body = GAWS_HTTP_BODY_STREAM (gaws_http_response_get_body_stream (response));
  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &error));
  g_assert_true (g_unix_set_fd_nonblocking (fds[1], TRUE, &error));
  close (fds[0]);
  sink = g_unix_output_stream_new (fds[1], TRUE);
  gaws_http_body_stream_splice_to_pollable_async (body, G_POLLABLE_OUTPUT_STREAM (sink), NULL, on_spliced, &spliced);
  gaws_test_wait_for_task (&spliced.done);
  g_assert_error (spliced.error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
  g_clear_error (&spliced.error);
  g_assert_false (gaws_http_body_stream_splice_body_failed (body));
  g_clear_object (&response);
  g_assert_true (wait_until (server_has_no_connection, server, 5000));
}

/* Pushes the pattern from *@pos, waiting for the feed to be resumed when
 * the stream refuses a piece. */
static void
push_pattern_paced (GawsHttpBodyStream *stream, FakeFeed *feed, guint64 *pos, gsize len)
{
  guint8 piece[50001];

  while (len > 0)
    {
      gsize n = MIN (sizeof piece, len);
      guint resumed = feed->resumed;

      gaws_test_pattern_fill (piece, *pos, n);
      if (!gaws_http_body_stream_push (stream, piece, n))
        {
          while (feed->resumed == resumed)
            g_main_context_iteration (NULL, TRUE);
          continue;
        }
      gaws_http_body_stream_dispatch (stream);
      *pos += n;
      len -= n;
    }
}

/* Bytes the stream held before the splice began reach the sink first, then
 * those pushed since, in order; the body's error ends the splice. */
static void
test_splice_queued_then_direct (void)
{
  FakeFeed feed = { 0 };
  g_autoptr(GawsHttpBodyStream) stream =
    gaws_http_body_stream_new_for_feed (g_main_context_default (), NULL, 512 * 1024, &fake_feed, &feed);
  g_autoptr(GOutputStream) sink = NULL;
  g_autofree char *expected = pattern_sha256 (3 * MIB + 300000);
  PipeReader reader = { .slow = TRUE };
  Spliced spliced = { 0 };
  guint64 pushed = 0;
  GThread *thread;

  push_pattern (stream, &pushed, 300000);
  sink = open_pipe_sink (&reader, &thread);
  gaws_http_body_stream_splice_to_pollable_async (stream, G_POLLABLE_OUTPUT_STREAM (sink), NULL, on_spliced,
                                                  &spliced);
  push_pattern_paced (stream, &feed, &pushed, 3 * MIB);
  gaws_http_body_stream_finish (stream, NULL);
  gaws_test_wait_for_task (&spliced.done);
  g_assert_no_error (spliced.error);
  g_assert_cmpint (spliced.n, ==, 3 * MIB + 300000);
  g_assert_true (g_output_stream_close (sink, NULL, NULL));
  g_thread_join (thread);
  g_assert_true (reader.in_order);
  g_assert_cmpuint (reader.total, ==, 3 * MIB + 300000);
  g_assert_cmpstr (g_checksum_get_string (reader.sha256), ==, expected);
  g_checksum_free (reader.sha256);
}

static void
test_splice_body_error (void)
{
  FakeFeed feed = { 0 };
  g_autoptr(GawsHttpBodyStream) stream =
    gaws_http_body_stream_new_for_feed (g_main_context_default (), NULL, 512 * 1024, &fake_feed, &feed);
  g_autoptr(GOutputStream) sink = NULL;
  PipeReader reader = { 0 };
  Spliced spliced = { 0 };
  guint64 pushed = 0;
  GThread *thread;

  sink = open_pipe_sink (&reader, &thread);
  gaws_http_body_stream_splice_to_pollable_async (stream, G_POLLABLE_OUTPUT_STREAM (sink), NULL, on_spliced,
                                                  &spliced);
  push_pattern_paced (stream, &feed, &pushed, 100000);
  gaws_http_body_stream_finish (stream, g_error_new_literal (GAWS_ERROR, GAWS_ERROR_CONNECTION, "reset"));
  gaws_test_wait_for_task (&spliced.done);
  g_assert_error (spliced.error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_clear_error (&spliced.error);
  g_assert_true (gaws_http_body_stream_splice_body_failed (stream));
  g_assert_true (g_output_stream_close (sink, NULL, NULL));
  g_thread_join (thread);
  g_assert_true (reader.in_order);
  g_assert_cmpuint (reader.total, <=, 100000);
  g_checksum_free (reader.sha256);
}

static void
test_engine_dropped_with_stream_cancels_it (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (generated_handler, GSIZE_TO_POINTER (64 * MIB));
  GawsHttpEngine *engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/big");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GInputStream *body;
  guint8 buffer[4096];

  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  body = gaws_http_response_get_body_stream (response);
  g_assert_cmpint (gaws_test_read (body, buffer, sizeof buffer, NULL, &error), >, 0);
  g_object_unref (engine);
  g_assert_cmpint (gaws_test_read (body, buffer, sizeof buffer, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (wait_until (server_has_no_connection, server, 5000));
}

/* Every connection's socket gets a receive buffer for 8 MiB from the
 * start, so that a paused body keeps arriving (as far as the kernel
 * allows: net.ipv4.tcp_rmem), while its low-water mark stays at one byte:
 * a higher one would keep poll() from reporting a short response (every
 * other test here would hang). */
static void
test_prepare_socket_grows_receive_buffer (void)
{
#ifdef __linux__
  g_autofree char *rmem = NULL;
  g_auto(GStrv) fields = NULL;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  int before = 0, after = 0, lowat = 0;
  socklen_t len = sizeof before;
  gint64 want;

  struct utsname uts;
  guint major = 0, minor = 0;

  /* Linux grows the buffer for SO_RCVLOWAT from 4.18 on; before, the mark
   * alone changes (gaws then works as it did without this). */
  if (uname (&uts) != 0 || sscanf (uts.release, "%u.%u", &major, &minor) != 2 ||
      major < 4 || (major == 4 && minor < 18))
    {
      g_test_skip ("the kernel grows receive buffers for SO_RCVLOWAT from Linux 4.18 on");
      if (fd >= 0)
        close (fd);
      return;
    }
  g_assert_cmpint (fd, >=, 0);
  g_assert_true (g_file_get_contents ("/proc/sys/net/ipv4/tcp_rmem", &rmem, NULL, NULL));
  fields = g_strsplit_set (g_strstrip (rmem), " \t", -1);
  g_assert_cmpuint (g_strv_length (fields), >=, 3);
  /* The kernel holds the mark to half of tcp_rmem's maximum, and the
   * buffer to at least the mark. */
  want = MIN (8 * 1024 * 1024, g_ascii_strtoll (fields[g_strv_length (fields) - 1], NULL, 10) / 2);
  g_assert_cmpint (getsockopt (fd, SOL_SOCKET, SO_RCVBUF, &before, &len), ==, 0);
  g_assert_true (gaws_http_engine_prepare_socket (fd));
  len = sizeof after;
  g_assert_cmpint (getsockopt (fd, SOL_SOCKET, SO_RCVBUF, &after, &len), ==, 0);
  len = sizeof lowat;
  g_assert_cmpint (getsockopt (fd, SOL_SOCKET, SO_RCVLOWAT, &lowat, &len), ==, 0);
  close (fd);
  g_assert_cmpint (lowat, ==, 1);
  g_assert_cmpint (after, >=, MAX (before, want));
#else
  g_test_skip ("the receive buffer is only grown on Linux");
#endif
}

/* The highest SO_RCVLOWAT among this process's sockets connected to
 * @port (the client's side of the test server's connections), or -1 if
 * there are none. */
static int
client_lowat (guint16 port)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  int highest = -1;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      int fd = (int) g_ascii_strtoll (name, NULL, 10);
      struct sockaddr_in peer = { 0 };
      socklen_t len = sizeof peer;
      int lowat = 0;
      socklen_t lowat_len = sizeof lowat;

      if (getpeername (fd, (struct sockaddr *) &peer, &len) != 0 || peer.sin_family != AF_INET ||
          ntohs (peer.sin_port) != port ||
          getsockopt (fd, SOL_SOCKET, SO_RCVLOWAT, &lowat, &lowat_len) != 0)
        continue;
      highest = MAX (highest, lowat);
    }
  return highest;
}

static gboolean
client_lowat_raised (gpointer data)
{
  return client_lowat (gaws_test_server_get_port (data)) > 1;
}

/* While a body is paused, its socket's low-water mark stands at the bytes
 * still to come, so that Linux acknowledges them as they arrive rather
 * than with delayed ACKs (which slow a BBR sender down for the rest of the
 * body); it goes back to one byte before the body is read again, and the
 * whole body arrives, intact, with nothing left hanging on the mark. */
static void
test_paused_body_raises_low_water_mark (void)
{
#ifdef __linux__
  const gsize size = 8 * MIB;
  g_autoptr(GawsTestServer) server = gaws_test_server_new (generated_handler, GSIZE_TO_POINTER (size));
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  g_autoptr(GawsHttpRequest) request = request_for (server, "GET", "/paused");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port = gaws_test_server_get_port (server);
  int lowat;

  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
  /* Nothing reads: the stream fills up to its high-water mark (2 MiB) and
   * pauses the transfer. */
  g_assert_true (wait_until (client_lowat_raised, server, 10000));
  lowat = client_lowat (port);
  g_assert_cmpint (lowat, >, 1);
  g_assert_cmpint (lowat, <, (int) size);
  g_assert_cmpuint (drain_pattern (gaws_http_response_get_body_stream (response), 0, 64 * 1024, &error), ==, size);
  g_assert_no_error (error);
  /* The kept-alive connection is back to one byte. */
  g_assert_cmpint (client_lowat (port), ==, 1);

  /* The same for a second body, on the same connection. */
  g_clear_object (&response);
  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wait_until (client_lowat_raised, server, 10000));
  g_assert_cmpuint (drain_pattern (gaws_http_response_get_body_stream (response), 0, 1024 * 1024, &error), ==, size);
  g_assert_no_error (error);
  g_assert_cmpint (client_lowat (port), ==, 1);
  g_assert_cmpuint (gaws_test_server_get_n_connections (server), ==, 1);

  /* A paused body closed early leaves no socket with the mark up, and the
   * next request is served in full. */
  g_clear_object (&response);
  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wait_until (client_lowat_raised, server, 10000));
  g_assert_true (g_input_stream_close (gaws_http_response_get_body_stream (response), NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&response);
  g_assert_cmpint (client_lowat (port), <=, 1);
  response = gaws_test_send (engine, request, GAWS_HTTP_BODY_STREAMED, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drain_pattern (gaws_http_response_get_body_stream (response), 0, 1024 * 1024, &error), ==, size);
  g_assert_no_error (error);
#else
  g_test_skip ("the low-water mark is only raised on Linux");
#endif
}

/* S3 keys may hold `.` and `..` segments: the target goes out as it is,
 * since it is what was signed. */
static void
test_dot_segments_sent_as_they_are (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (echo_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = gaws_http_engine_new ();
  const char *const paths[] = {
    "/bucket/../a/./key?x=1", "/bucket/../a/./key", "/b/%2Fx%3A/..", "/b/%2Fx?p=%2F&q",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      const char *path = paths[i];
      g_autoptr(GawsHttpRequest) request = request_for (server, "GET", path);
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (gaws_http_headers_get_one (gaws_http_response_get_headers (response), "X-Path"), ==, path);
    }
}

/* The engine reads the proxy variables once, when it is made, and tells
 * curl when there is none; a proxy that is set is still used, in a
 * subprocess so that the variables reach no other test. */
static void
test_proxy_from_environment (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GawsTestServer) proxy = gaws_test_server_new (echo_handler, NULL);
      g_autoptr(GawsHttpEngine) engine = NULL;
      g_autoptr(GError) error = NULL;

      g_setenv ("http_proxy", gaws_test_server_get_url (proxy), TRUE);
      g_unsetenv ("no_proxy");
      g_unsetenv ("NO_PROXY");
      engine = gaws_http_engine_new ();
      /* twice: the second request reuses the easy handle */
      for (guint i = 0; i < 2; i++)
        {
          g_autoptr(GawsHttpRequest) request =
            gaws_http_request_new_for_url ("GET", "http://gaws-proxy-test.invalid/via?x=1", &error);
          g_autoptr(GawsHttpResponse) response = NULL;

          g_assert_no_error (error);
          response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
          /* a proxy gets the absolute form of the target */
          g_assert_cmpstr (gaws_http_headers_get_one (gaws_http_response_get_headers (response), "X-Path"), ==,
                           "http://gaws-proxy-test.invalid/via?x=1");
        }
      g_assert_cmpuint (gaws_test_server_get_n_requests (proxy), ==, 2);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* no_proxy still applies when a proxy variable is set. */
static void
test_no_proxy_from_environment (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GawsTestServer) server = gaws_test_server_new (echo_handler, NULL);
      g_autoptr(GawsHttpEngine) engine = NULL;
      g_autoptr(GawsHttpRequest) request = NULL;
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      /* a proxy that is not there: using it would fail */
      g_setenv ("http_proxy", "http://127.0.0.1:1", TRUE);
      g_setenv ("no_proxy", "127.0.0.1", TRUE);
      engine = gaws_http_engine_new ();
      request = request_for (server, "GET", "/direct");
      response = gaws_test_send (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (gaws_http_headers_get_one (gaws_http_response_get_headers (response), "X-Path"), ==,
                       "/direct");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int argc, char *argv[])
{
  gaws_test_init (&argc, &argv);

  g_test_add_func ("/http-engine/get-buffered", test_get_buffered);
  g_test_add_func ("/http-engine/buffered-bodies-kept-apart", test_buffered_bodies_kept_apart);
  g_test_add_func ("/http-engine/request-headers-on-the-wire", test_request_headers_on_the_wire);
  g_test_add_func ("/http-engine/post-bytes-body", test_post_bytes_body);
  g_test_add_func ("/http-engine/put-empty-body-and-other-methods", test_put_empty_body_and_other_methods);
  g_test_add_func ("/http-engine/expect-continue-when-asked", test_expect_continue_when_asked);
  g_test_add_func ("/http-engine/post-stream-body-chunked", test_post_stream_body_chunked);
  g_test_add_func ("/http-engine/post-stream-body-with-length", test_post_stream_body_with_length);
  g_test_add_func ("/http-engine/stream-body-shorter-than-length-is-an-error", test_stream_body_shorter_than_length);
  g_test_add_func ("/http-engine/small-stream-body-goes-inline", test_small_stream_body_goes_inline);
  g_test_add_func ("/http-engine/small-stream-body-not-at-hand", test_small_stream_body_not_at_hand);
  g_test_add_func ("/http-engine/keep-alive-reuses-connection", test_keep_alive_reuses_connection);
  g_test_add_func ("/http-engine/concurrency-200-requests-20-connections", test_concurrency_200_requests_20_connections);
  g_test_add_func ("/http-engine/idle-handles-kept-and-dropped", test_idle_handles_kept_and_dropped);
  g_test_add_func ("/http-engine/reused-connection-keeps-watch", test_reused_connection_keeps_watch);
  g_test_add_func ("/http-engine/stream-256mib-slow-reader-bounded-memory", test_stream_256mib_slow_reader_bounded_memory);
  g_test_add_func ("/http-engine/stream-sync-read-runs-the-context", test_stream_sync_read);
  g_test_add_func ("/http-engine/stream-sync-read-in-callback", test_stream_sync_read_in_callback);
  g_test_add_func ("/http-engine/cancel-mid-body", test_cancel_mid_body);
  g_test_add_func ("/http-engine/cancel-mid-body-streamed", test_cancel_mid_body_streamed);
  g_test_add_func ("/http-engine/cancel-from-another-thread", test_cancel_from_another_thread);
  g_test_add_func ("/http-engine/read-cancellable-cancels-only-the-read", test_read_cancellable_cancels_only_the_read);
  g_test_add_func ("/http-engine/close-stream-early-aborts", test_close_stream_early_aborts);
  g_test_add_func ("/http-engine/body-stream-dispose", test_stream_dispose);
  g_test_add_func ("/http-engine/body-stream-recycled", test_stream_recycled);
  g_test_add_func ("/http-engine/body-stream-not-recycled", test_stream_not_recycled);
  g_test_add_func ("/http-engine/body-stream-recycled-async", test_stream_recycled_async);
  g_test_add_func ("/http-engine/body-stream-recycled-under-checksum", test_stream_recycled_under_checksum);
  g_test_add_func ("/http-engine/connection-reset-mid-body", test_connection_reset_mid_body);
  g_test_add_func ("/http-engine/short-body-is-an-error", test_short_body_is_an_error);
  g_test_add_func ("/http-engine/connect-refused", test_connect_refused);
  g_test_add_func ("/http-engine/connect-refused-after-success", test_connect_refused_after_success);
  g_test_add_func ("/http-engine/methods-alternate-on-one-handle", test_methods_alternate_on_one_handle);
  g_test_add_func ("/http-engine/request-headers-any-case", test_request_headers_any_case);
  g_test_add_func ("/http-engine/tls-handshake-timeout", test_tls_handshake_timeout);
  g_test_add_func ("/http-engine/read-timeout", test_read_timeout);
  g_test_add_func ("/http-engine/read-timeout-set-while-waiting", test_read_timeout_set_while_waiting);
  g_test_add_data_func ("/http-engine/send-from-callback-returns-later", GINT_TO_POINTER (FALSE),
                        test_send_from_callback_returns_later);
  g_test_add_data_func ("/http-engine/send-from-callback-after-nested-iteration-returns-later",
                        GINT_TO_POINTER (TRUE), test_send_from_callback_returns_later);
  g_test_add_func ("/http-engine/read-timeout-mid-body", test_read_timeout_mid_body);
  g_test_add_func ("/http-engine/read-timeout-ignores-paused-reader", test_read_timeout_ignores_paused_reader);
  g_test_add_func ("/http-engine/connect-timeout", test_connect_timeout);
  g_test_add_func ("/http-engine/dispose-in-flight-cancels", test_dispose_in_flight_cancels);
  g_test_add_func ("/http-engine/direct-send-never-calls-back-inside-the-call",
                   test_direct_send_never_calls_back_inside_the_call);
  g_test_add_func ("/http-engine/direct-send-cancel", test_direct_send_cancel);
  g_test_add_func ("/http-engine/engine-dropped-with-stream-cancels-it", test_engine_dropped_with_stream_cancels_it);
  g_test_add_func ("/http-engine/splice-to-pipe-slow-consumer", test_splice_to_pipe_slow_consumer);
  g_test_add_func ("/http-engine/splice-cancelled", test_splice_cancelled);
  g_test_add_func ("/http-engine/splice-sink-error", test_splice_sink_error);
  g_test_add_func ("/http-engine/splice-queued-then-direct", test_splice_queued_then_direct);
  g_test_add_func ("/http-engine/splice-body-error", test_splice_body_error);
  g_test_add_func ("/http-engine/stream-push-fills-waiting-read", test_stream_push_fills_waiting_read);
  g_test_add_func ("/http-engine/stream-chained-reads-after-the-end", test_stream_chained_reads_after_the_end);
  g_test_add_func ("/http-engine/stream-push-then-error-fails-read", test_stream_push_then_error_fails_read);
  g_test_add_func ("/http-engine/stream-initial-high-water", test_stream_initial_high_water);
  g_test_add_func ("/http-engine/stream-under-checksum-stream", test_stream_under_checksum_stream);
  g_test_add_func ("/http-engine/stream-mixed-reads-intact", test_stream_mixed_reads_intact);
  g_test_add_func ("/http-engine/stream-receive-buffer-guesses", test_stream_receive_buffer_guesses);
  g_test_add_func ("/http-engine/prepare-socket-grows-receive-buffer", test_prepare_socket_grows_receive_buffer);
  g_test_add_func ("/http-engine/paused-body-raises-low-water-mark", test_paused_body_raises_low_water_mark);
  g_test_add_func ("/http-engine/dot-segments-sent-as-they-are", test_dot_segments_sent_as_they_are);
  g_test_add_func ("/http-engine/proxy-from-environment", test_proxy_from_environment);
  g_test_add_func ("/http-engine/no-proxy-from-environment", test_no_proxy_from_environment);

  return g_test_run ();
}
