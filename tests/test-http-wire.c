/* test-http-wire.c: GawsHttpEngine's HTTP/1.1 on the wire, against a
 * server that answers with scripted bytes
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
/* What users rely on, whoever reads and writes the bytes (libcurl, or
 * gaws's own exchange on a connection curl made): exact statuses, headers
 * and bodies, how a response is framed (length, chunks, the connection's
 * close), when a connection is reused or dropped, and which error a broken
 * or malformed response gives. The server replies with the exact bytes of
 * a script, one step per request in the order they arrive, and records
 * what it received. */
#include <string.h>

#include "gaws-test-server.h"
#include "gaws-test-util.h"

/* ---- the scripted server -------------------------------------------------- */

typedef struct {
  GawsTestServerAction action;
  const char          *bytes;   /* the whole reply, for GAWS_TEST_SERVER_RAW */
  gboolean             close;   /* close the connection after the reply */
} Step;

#define RAW(bytes)            { GAWS_TEST_SERVER_RAW, (bytes), FALSE }
#define RAW_THEN_CLOSE(bytes) { GAWS_TEST_SERVER_RAW, (bytes), TRUE }
#define CLOSE_UNANSWERED      { GAWS_TEST_SERVER_CLOSE, NULL, FALSE }
#define STALL                 { GAWS_TEST_SERVER_STALL, NULL, FALSE }
#define RESET_UNANSWERED      { GAWS_TEST_SERVER_RESET, NULL, FALSE }

#define OK_REPLY "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

/* A request as the server read it. */
typedef struct {
  char            *method;
  char            *path;
  GawsHttpHeaders *headers;
  GBytes          *body;
  gboolean         chunked;
  guint            index_on_connection;
} Seen;

typedef struct {
  GMutex          mutex;
  const Step     *steps;
  guint           n_steps;
  GPtrArray      *seen;      /* Seen, in the order the requests came */
  GawsTestServer *server;
  GawsHttpEngine *engine;
} Script;

static void
seen_free (gpointer data)
{
  Seen *seen = data;

  g_free (seen->method);
  g_free (seen->path);
  gaws_http_headers_unref (seen->headers);
  g_bytes_unref (seen->body);
  g_free (seen);
}

static GawsHttpHeaders *
headers_copy (GawsHttpHeaders *headers)
{
  GawsHttpHeaders *copy = gaws_http_headers_new ();

  for (guint i = 0; i < gaws_http_headers_get_length (headers); i++)
    gaws_http_headers_append (copy, gaws_http_headers_get_name (headers, i), gaws_http_headers_get_value (headers, i));
  return copy;
}

/* Request k gets step k; the last step answers all the requests after it. */
static void
script_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  Script *script = user_data;
  Seen *seen = g_new0 (Seen, 1);
  const Step *step;

  seen->method = g_strdup (request->method);
  seen->path = g_strdup (request->path);
  seen->headers = headers_copy (request->headers);
  seen->body = g_bytes_ref (request->body);
  seen->chunked = request->chunked;
  seen->index_on_connection = request->index_on_connection;
  g_mutex_lock (&script->mutex);
  g_ptr_array_add (script->seen, seen);
  step = &script->steps[MIN (script->seen->len, script->n_steps) - 1];
  g_mutex_unlock (&script->mutex);

  reply->action = step->action;
  reply->close_connection = step->close;
  if (step->bytes != NULL)
    reply->body = g_bytes_new_static (step->bytes, strlen (step->bytes));
}

static Script *
script_new_with_engine (const Step *steps, guint n_steps, GawsHttpEngine *engine)
{
  Script *script = g_new0 (Script, 1);

  g_mutex_init (&script->mutex);
  script->steps = steps;
  script->n_steps = n_steps;
  script->seen = g_ptr_array_new_with_free_func (seen_free);
  script->server = gaws_test_server_new (script_handler, script);
  script->engine = engine != NULL ? engine : gaws_http_engine_new ();
  return script;
}

#define script_new(steps) script_new_with_engine ((steps), G_N_ELEMENTS (steps), NULL)

static void
script_free (Script *script)
{
  /* the engine first: its connections close, and the server's threads end */
  g_object_unref (script->engine);
  gaws_test_server_free (script->server);
  g_ptr_array_unref (script->seen);
  g_mutex_clear (&script->mutex);
  g_free (script);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Script, script_free)

static guint
n_seen (Script *script)
{
  guint n;

  g_mutex_lock (&script->mutex);
  n = script->seen->len;
  g_mutex_unlock (&script->mutex);
  return n;
}

static const Seen *
seen_at (Script *script, guint k)
{
  const Seen *seen;

  g_mutex_lock (&script->mutex);
  g_assert_cmpuint (k, <, script->seen->len);
  seen = script->seen->pdata[k];
  g_mutex_unlock (&script->mutex);
  return seen;
}

static guint
n_connections (Script *script)
{
  return gaws_test_server_get_n_connections (script->server);
}

/* ---- sending ------------------------------------------------------------------ */

/* How a request goes: its method and, if any, its body in memory. */
typedef struct {
  const char *method;
  const char *body;
} Way;

static const Way get_way = { "GET", NULL };
static const Way post_way = { "POST", "{\"TableName\":\"t\",\"Key\":{\"k\":{\"S\":\"v\"}}}" };
static const Way head_way = { "HEAD", NULL };
static const Way *const get_and_post[] = { &get_way, &post_way };

static GawsHttpRequest *
request_for (Script *script, const Way *way, const char *path)
{
  g_autofree char *url = g_strconcat (gaws_test_server_get_url (script->server), path, NULL);
  g_autoptr(GError) error = NULL;
  GawsHttpRequest *request = gaws_http_request_new_for_url (way->method, url, &error);

  g_assert_no_error (error);
  if (way->body != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (way->body, strlen (way->body));

      gaws_http_request_set_body (request, body);
      gaws_http_headers_append (gaws_http_request_get_headers (request), "Content-Type",
                                "application/x-amz-json-1.0");
    }
  return request;
}

static GawsHttpResponse *
send_request (Script *script, GawsHttpRequest *request, GCancellable *cancellable, GError **error)
{
  return gaws_test_send (script->engine, request, GAWS_HTTP_BODY_BUFFERED, cancellable, error);
}

static GawsHttpResponse *
send_way (Script *script, const Way *way, const char *path, GError **error)
{
  g_autoptr(GawsHttpRequest) request = request_for (script, way, path);

  return send_request (script, request, NULL, error);
}

/* ---- checking ---------------------------------------------------------------- */

static void
assert_body (GawsHttpResponse *response, const char *expected, gsize expected_len)
{
  GBytes *body = gaws_http_response_get_body (response);

  /* a buffered response always has a body, empty when there is none */
  g_assert_nonnull (body);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), expected, expected_len);
}

static void
assert_response (GawsHttpResponse *response, const GError *error, guint status, const char *body)
{
  g_assert_no_error (error);
  g_assert_nonnull (response);
  g_assert_cmpuint (gaws_http_response_get_status (response), ==, status);
  assert_body (response, body, strlen (body));
}

static const char *
header (GawsHttpResponse *response, const char *name)
{
  return gaws_http_headers_get_one (gaws_http_response_get_headers (response), name);
}

/* The server got request k the way it was sent, on a new connection (index
 * 1) or as the n-th request of a kept-alive one. */
static void
assert_seen (Script *script, guint k, const Way *way, const char *path, guint index_on_connection)
{
  const Seen *seen = seen_at (script, k);
  const char *body = way->body != NULL ? way->body : "";

  g_assert_cmpstr (seen->method, ==, way->method);
  g_assert_cmpstr (seen->path, ==, path);
  g_assert_cmpmem (g_bytes_get_data (seen->body, NULL), g_bytes_get_size (seen->body), body, strlen (body));
  g_assert_false (seen->chunked);
  g_assert_cmpuint (seen->index_on_connection, ==, index_on_connection);
}

/* Sends a request that must fail with GAWS_ERROR @code, never a response. */
static void
assert_send_fails (Script *script, const Way *way, const char *path, GawsError code)
{
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = send_way (script, way, path, &error);
  if (error != NULL)
    g_test_message ("%s %s: %s", way->method, path, error->message);
  g_assert_error (error, GAWS_ERROR, (gint) code);
  g_assert_null (response);
  /* says where it went wrong */
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
}

/* After a failed exchange the engine works, on a new connection: the broken
 * one is never reused. */
static void
assert_recovers (Script *script, guint n_connections_before)
{
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  guint k = n_seen (script);

  response = send_way (script, &get_way, "/after", &error);
  assert_response (response, error, 200, "ok");
  g_assert_cmpuint (n_seen (script), ==, k + 1);
  assert_seen (script, k, &get_way, "/after", 1);
  g_assert_cmpuint (n_connections (script), ==, n_connections_before + 1);
}

/* A script whose first reply is malformed or broken, and the next fine:
 * the first request fails with @code, the next works on a new connection. */
static void
check_fails_with (const char *reply, gboolean close, GawsError code)
{
  for (guint w = 0; w < G_N_ELEMENTS (get_and_post); w++)
    {
      const Step steps[] = { { GAWS_TEST_SERVER_RAW, reply, close }, RAW (OK_REPLY) };
      g_autoptr(Script) script = script_new (steps);

      assert_send_fails (script, get_and_post[w], "/bad", code);
      g_assert_cmpuint (n_seen (script), ==, 1);
      assert_seen (script, 0, get_and_post[w], "/bad", 1);
      assert_recovers (script, 1);
    }
}

/* The request after: GET or POST /next is answered "ok", as the @k-th
 * request the server saw, the @index-th on its connection, with
 * @connections connections made in all. */
static void
assert_next_works (Script *script, const Way *way, guint k, guint index, guint connections)
{
  g_autoptr(GawsHttpResponse) next = NULL;
  g_autoptr(GError) error = NULL;

  next = send_way (script, way, "/next", &error);
  assert_response (next, error, 200, "ok");
  assert_seen (script, k, way, "/next", index);
  g_assert_cmpuint (n_connections (script), ==, connections);
}

/* ---- 1. framing by length, and no body ------------------------------------- */

static void
test_content_length_body (void)
{
  for (guint w = 0; w < G_N_ELEMENTS (get_and_post); w++)
    {
      const Step steps[] = {
        RAW ("HTTP/1.1 200 OK\r\nContent-Length: 11\r\nContent-Type: text/plain\r\n\r\nhello world"),
        RAW ("HTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\n\r\n."),
      };
      g_autoptr(Script) script = script_new (steps);
      const Way *way = get_and_post[w];
      g_autoptr(GawsHttpResponse) first = NULL;
      g_autoptr(GawsHttpResponse) second = NULL;
      g_autoptr(GError) error = NULL;

      first = send_way (script, way, "/one", &error);
      assert_response (first, error, 200, "hello world");
      g_assert_cmpstr (header (first, "Content-Length"), ==, "11");
      g_assert_cmpstr (header (first, "Content-Type"), ==, "text/plain");
      /* the body's bytes are the body, even when they look like a head's end */
      second = send_way (script, way, "/two", &error);
      assert_response (second, error, 201, "\r\n.");
      assert_seen (script, 0, way, "/one", 1);
      assert_seen (script, 1, way, "/two", 2);
      g_assert_cmpuint (n_connections (script), ==, 1);
    }
}

static void
test_zero_length_body (void)
{
  for (guint w = 0; w < G_N_ELEMENTS (get_and_post); w++)
    {
      const Step steps[] = { RAW ("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), RAW (OK_REPLY) };
      g_autoptr(Script) script = script_new (steps);
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      response = send_way (script, get_and_post[w], "/empty", &error);
      assert_response (response, error, 200, "");
      g_assert_cmpstr (header (response, "Content-Length"), ==, "0");
      assert_next_works (script, get_and_post[w], 1, 2, 1);
    }
}

/* 204 and 304 have no body whatever their head says; the connection goes on. */
static void
test_no_body_statuses (void)
{
  const Step steps[] = {
    RAW ("HTTP/1.1 204 No Content\r\nX-Amz-Request-Id: r1\r\n\r\n"),
    RAW ("HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\n\r\n"),
    RAW ("HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\nContent-Length: 5000\r\n\r\n"),
    RAW (OK_REPLY),
  };
  g_autoptr(Script) script = script_new (steps);
  const guint statuses[] = { 204, 304, 304, 200 };
  const char *const bodies[] = { "", "", "", "ok" };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;
      const Way *way = i == 0 ? &post_way : &get_way;

      response = send_way (script, way, "/s", &error);
      assert_response (response, error, statuses[i], bodies[i]);
      assert_seen (script, i, way, "/s", i + 1);
      if (i == 0)
        g_assert_cmpstr (header (response, "X-Amz-Request-Id"), ==, "r1");
      else if (i < 3)
        g_assert_cmpstr (header (response, "ETag"), ==, "\"abc\"");
    }
  g_assert_cmpuint (n_connections (script), ==, 1);
}

/* A HEAD response announces the length of the body a GET would have, and
 * has none: the next request on the connection reads its own response. */
static void
test_head_with_length_no_body (void)
{
  const Step steps[] = {
    RAW ("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nETag: \"e\"\r\n\r\n"),
    RAW ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
    RAW ("HTTP/1.1 404 Not Found\r\nX-Amz-Request-Id: r3\r\n\r\n"),
    RAW (OK_REPLY),
  };
  g_autoptr(Script) script = script_new (steps);
  g_autoptr(GawsHttpResponse) head = NULL;
  g_autoptr(GawsHttpResponse) chunked_head = NULL;
  g_autoptr(GawsHttpResponse) missing = NULL;
  g_autoptr(GawsHttpResponse) next = NULL;
  g_autoptr(GError) error = NULL;

  head = send_way (script, &head_way, "/object", &error);
  assert_response (head, error, 200, "");
  g_assert_cmpstr (header (head, "Content-Length"), ==, "1234");
  g_assert_cmpstr (header (head, "ETag"), ==, "\"e\"");
  chunked_head = send_way (script, &head_way, "/object", &error);
  assert_response (chunked_head, error, 200, "");
  /* nor does a HEAD response without a length wait for the close */
  missing = send_way (script, &head_way, "/missing", &error);
  assert_response (missing, error, 404, "");
  g_assert_cmpstr (header (missing, "X-Amz-Request-Id"), ==, "r3");
  next = send_way (script, &get_way, "/next", &error);
  assert_response (next, error, 200, "ok");
  assert_seen (script, 0, &head_way, "/object", 1);
  assert_seen (script, 1, &head_way, "/object", 2);
  assert_seen (script, 2, &head_way, "/missing", 3);
  assert_seen (script, 3, &get_way, "/next", 4);
  g_assert_cmpuint (n_connections (script), ==, 1);
}

/* ---- 2. chunked ------------------------------------------------------------ */

static void
test_chunked_extensions_and_trailers (void)
{
  for (guint w = 0; w < G_N_ELEMENTS (get_and_post); w++)
    {
      const Step steps[] = {
        RAW ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n"
             "5;name=value\r\nhello\r\n"
             "1;a=\"quoted;\"\r\n \r\n"
             "A\r\n0123456789\r\n"
             "0;last\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n"),
        RAW (OK_REPLY),
      };
      g_autoptr(Script) script = script_new (steps);
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      response = send_way (script, get_and_post[w], "/chunked", &error);
      assert_response (response, error, 200, "hello 0123456789");
      g_assert_cmpstr (header (response, "Transfer-Encoding"), ==, "chunked");
      assert_next_works (script, get_and_post[w], 1, 2, 1);
    }
}

static void
test_chunked_many_small_chunks (void)
{
  g_autoptr(GString) reply = g_string_new ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
  g_autoptr(GString) expected = g_string_new (NULL);
  Step steps[] = { RAW (NULL), RAW (OK_REPLY) };
  g_autoptr(Script) script = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GawsHttpResponse) next = NULL;
  g_autoptr(GError) error = NULL;

  /* 3000 chunks of 1 to 17 bytes, sizes in either case of hex */
  for (guint i = 0; i < 3000; i++)
    {
      guint size = 1 + i % 17;

      g_string_append_printf (reply, i % 2 ? "%x\r\n" : "%X\r\n", size);
      for (guint j = 0; j < size; j++)
        {
          char c = (char) ('a' + (i + j) % 26);

          g_string_append_c (reply, c);
          g_string_append_c (expected, c);
        }
      g_string_append (reply, "\r\n");
    }
  g_string_append (reply, "0\r\n\r\n");
  steps[0].bytes = reply->str;
  script = script_new (steps);

  response = send_way (script, &get_way, "/many", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
  assert_body (response, expected->str, expected->len);
  next = send_way (script, &get_way, "/next", &error);
  assert_response (next, error, 200, "ok");
  g_assert_cmpuint (n_connections (script), ==, 1);
}

/* ---- framing as servers write it ------------------------------------------------ */

/* Replies that are well-formed, or that HTTP clients have always taken,
 * written in unusual ways; each is followed on the same connection by
 * another: one connection in all. */
static void
test_framing_variants (void)
{
  static const struct {
    const char *reply;
    guint       status;
    const char *body;
  } variants[] = {
    /* no reason phrase, with and without the blank before it */
    { "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok", 200, "ok" },
    { "HTTP/1.1 503 \r\nRetry-After: 1\r\nContent-Length: 4\r\n\r\nbusy", 503, "busy" },
    /* a reason phrase of several words */
    { "HTTP/1.1 500 Internal  Server Error\r\nContent-Length: 3\r\n\r\nerr", 500, "err" },
    /* bare LF line ends */
    { "HTTP/1.1 200 OK\nContent-Length: 2\n\nlf", 200, "lf" },
    /* names and values in any case */
    { "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nlower", 200, "lower" },
    { "HTTP/1.1 200 OK\r\nTRANSFER-ENCODING: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 200, "abc" },
    /* blanks around the length; a chunk size with blanks before its CR LF */
    { "HTTP/1.1 200 OK\r\nContent-Length:   3  \r\n\r\nabc", 200, "abc" },
    { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3 \r\nxyz\r\n0\r\n\r\n", 200, "xyz" },
    /* an HTTP/1.0 server that keeps the connection alive says so */
    { "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 4\r\n\r\nold1", 200, "old1" },
    { "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlast", 200, "last" },
    /* chunks win over a length (RFC 9112 6.3); last, as the connection is
     * not kept after such a response */
    { "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwins\r\n0\r\n\r\n", 200, "wins" },
  };
  Step steps[G_N_ELEMENTS (variants)];
  g_autoptr(Script) script = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    steps[i] = (Step) RAW (variants[i].reply);
  script = script_new (steps);
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *path = g_strdup_printf ("/v%u", i);
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      response = send_way (script, get_and_post[i % 2], path, &error);
      assert_response (response, error, variants[i].status, variants[i].body);
      assert_seen (script, i, get_and_post[i % 2], path, i + 1);
    }
  g_assert_cmpuint (n_connections (script), ==, 1);
}

/* Bodies and heads larger than a read, whole and exact. */
static void
test_large_body_and_head (void)
{
  g_autoptr(GString) sized = g_string_new (NULL);
  g_autoptr(GString) chunked = g_string_new ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
  g_autoptr(GString) big_head = g_string_new ("HTTP/1.1 200 OK\r\n");
  g_autoptr(GString) body = g_string_new (NULL);
  Step steps[] = { RAW (NULL), RAW (NULL), RAW (NULL), RAW (OK_REPLY) };
  g_autoptr(Script) script = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GawsHttpHeaders *headers;

  /* 1 MiB and a bit, not a multiple of any buffer */
  for (guint i = 0; body->len < 1024 * 1024 + 77; i++)
    g_string_append_printf (body, "%08x,", i);
  g_string_printf (sized, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n%s", body->len, body->str);
  for (gsize offset = 0; offset < body->len;)
    {
      gsize n = MIN (body->len - offset, 65536 + 13);

      g_string_append_printf (chunked, "%zx\r\n", n);
      g_string_append_len (chunked, body->str + offset, (gssize) n);
      g_string_append (chunked, "\r\n");
      offset += n;
    }
  g_string_append (chunked, "0\r\n\r\n");
  /* 400 headers, some 40 KiB of head */
  for (guint i = 0; i < 400; i++)
    g_string_append_printf (big_head, "X-Amz-Meta-H%03u: value %u %0*d\r\n", i, i, (int) (i % 80), 0);
  g_string_append (big_head, "Content-Length: 4\r\n\r\nbody");
  steps[0].bytes = sized->str;
  steps[1].bytes = chunked->str;
  steps[2].bytes = big_head->str;
  script = script_new (steps);

  for (guint i = 0; i < 2; i++)
    {
      response = send_way (script, get_and_post[i], "/big", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
      assert_body (response, body->str, body->len);
      g_clear_object (&response);
    }
  response = send_way (script, &get_way, "/big-head", &error);
  assert_response (response, error, 200, "body");
  headers = gaws_http_response_get_headers (response);
  g_assert_cmpuint (gaws_http_headers_get_length (headers), ==, 401);
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *name = g_strdup_printf ("X-Amz-Meta-H%03u", i);
      g_autofree char *value = g_strdup_printf ("value %u %0*d", i, (int) (i % 80), 0);

      g_assert_cmpstr (gaws_http_headers_get_name (headers, i), ==, name);
      g_assert_cmpstr (gaws_http_headers_get_value (headers, i), ==, value);
    }
  g_clear_object (&response);
  response = send_way (script, &get_way, "/next", &error);
  assert_response (response, error, 200, "ok");
  g_assert_cmpuint (n_connections (script), ==, 1);
}

/* ---- 3, 4. the connection's close ------------------------------------------ */

/* With neither a length nor chunks, the body ends with the connection: it
 * is whole, and the next request goes on a new connection. */
static void
check_close_delimited (const char *reply)
{
  for (guint w = 0; w < G_N_ELEMENTS (get_and_post); w++)
    {
      const Step steps[] = { RAW_THEN_CLOSE (reply), RAW (OK_REPLY) };
      g_autoptr(Script) script = script_new (steps);
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GawsHttpResponse) next = NULL;
      g_autoptr(GError) error = NULL;

      response = send_way (script, get_and_post[w], "/till-close", &error);
      assert_response (response, error, 200, "all of it\r\n\r\nuntil the end");
      g_assert_cmpstr (header (response, "X-Kind"), ==, "close-delimited");
      next = send_way (script, get_and_post[w], "/next", &error);
      assert_response (next, error, 200, "ok");
      assert_seen (script, 0, get_and_post[w], "/till-close", 1);
      assert_seen (script, 1, get_and_post[w], "/next", 1);
      g_assert_cmpuint (n_connections (script), ==, 2);
    }
}

static void
test_close_delimited_body_http11 (void)
{
  check_close_delimited ("HTTP/1.1 200 OK\r\nX-Kind: close-delimited\r\n\r\nall of it\r\n\r\nuntil the end");
}

static void
test_close_delimited_body_http10 (void)
{
  check_close_delimited ("HTTP/1.0 200 OK\r\nX-Kind: close-delimited\r\n\r\nall of it\r\n\r\nuntil the end");
}

/* `Connection: close` is obeyed even by a server that would go on: the
 * next request goes on a new connection. */
static void
test_connection_close_obeyed (void)
{
  for (guint w = 0; w < G_N_ELEMENTS (get_and_post); w++)
    {
      const Step steps[] = {
        RAW ("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n\r\nfirst"),
        RAW (OK_REPLY),
      };
      g_autoptr(Script) script = script_new (steps);
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      response = send_way (script, get_and_post[w], "/first", &error);
      assert_response (response, error, 200, "first");
      g_assert_cmpstr (header (response, "Connection"), ==, "close");
      assert_next_works (script, get_and_post[w], 1, 1, 2);
    }
}

/* An HTTP/1.0 server keeps nothing alive unless it says so. */
static void
test_http10_not_kept_alive (void)
{
  const Step steps[] = {
    RAW ("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nold"),
    RAW (OK_REPLY),
  };
  g_autoptr(Script) script = script_new (steps);
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = send_way (script, &get_way, "/old", &error);
  assert_response (response, error, 200, "old");
  assert_next_works (script, &get_way, 1, 1, 2);
}

/* ---- 5, 6. keep-alive -------------------------------------------------------- */

static void
test_keep_alive_five_requests_one_connection (void)
{
  const Step steps[] = {
    RAW ("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1"),
    RAW ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n2\r\n0\r\n\r\n"),
    RAW ("HTTP/1.1 204 No Content\r\n\r\n"),
    RAW ("HTTP/1.1 404 Not Found\r\nContent-Length: 1\r\n\r\n4"),
    RAW ("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\n5"),
  };
  const guint statuses[] = { 200, 200, 204, 404, 200 };
  const char *const bodies[] = { "1", "2", "", "4", "5" };
  g_autoptr(Script) script = script_new (steps);

  for (guint i = 0; i < 5; i++)
    {
      const Way *way = get_and_post[i % 2];
      g_autofree char *path = g_strdup_printf ("/r%u", i);
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      response = send_way (script, way, path, &error);
      assert_response (response, error, statuses[i], bodies[i]);
      assert_seen (script, i, way, path, i + 1);
    }
  g_assert_cmpuint (n_connections (script), ==, 1);
}

static gboolean
server_has_no_connection (gpointer data)
{
  return gaws_test_server_get_n_open_connections (data) == 0;
}

/* The server closed an idle kept-alive connection (without saying so in
 * its response): the next request still works, on a new connection. */
static void
test_idle_connection_closed_by_server (void)
{
  for (guint w = 0; w < G_N_ELEMENTS (get_and_post); w++)
    {
      const Step steps[] = { RAW_THEN_CLOSE (OK_REPLY), RAW ("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext") };
      g_autoptr(Script) script = script_new (steps);
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GawsHttpResponse) next = NULL;
      g_autoptr(GError) error = NULL;

      response = send_way (script, get_and_post[w], "/first", &error);
      assert_response (response, error, 200, "ok");
      gaws_test_wait_until (server_has_no_connection, script->server);
      next = send_way (script, get_and_post[w], "/next", &error);
      assert_response (next, error, 200, "next");
      g_assert_cmpuint (n_seen (script), ==, 2);
      assert_seen (script, 1, get_and_post[w], "/next", 1);
      g_assert_cmpuint (n_connections (script), ==, 2);
    }
}

/* The server closes a kept-alive connection as the next request arrives,
 * before a byte of response: the request is sent again on a new
 * connection, transparently (the server sees it twice). */
static void
check_reused_connection_dropped_unanswered (const Step *drop)
{
  for (guint w = 0; w < G_N_ELEMENTS (get_and_post); w++)
    {
      const Step steps[] = {
        RAW (OK_REPLY), *drop, RAW ("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext"),
      };
      g_autoptr(Script) script = script_new (steps);
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GawsHttpResponse) next = NULL;
      g_autoptr(GError) error = NULL;

      response = send_way (script, get_and_post[w], "/first", &error);
      assert_response (response, error, 200, "ok");
      next = send_way (script, get_and_post[w], "/next", &error);
      assert_response (next, error, 200, "next");
      g_assert_cmpuint (n_seen (script), ==, 3);
      assert_seen (script, 1, get_and_post[w], "/next", 2);
      assert_seen (script, 2, get_and_post[w], "/next", 1);
      g_assert_cmpuint (n_connections (script), ==, 2);
    }
}

static void
test_reused_connection_closed_unanswered_is_retried (void)
{
  const Step close = CLOSE_UNANSWERED;

  check_reused_connection_dropped_unanswered (&close);
}

/* The same with a reset (RST) rather than a close (FIN). */
static void
test_reused_connection_reset_unanswered_is_retried (void)
{
  const Step reset = RESET_UNANSWERED;

  check_reused_connection_dropped_unanswered (&reset);
}

/* Once any byte of the response came, a request is never sent again: the
 * server had it. A kept-alive connection that breaks in the middle of a
 * head or a body fails the request, with the error a new connection would
 * give (see the tests after this one). */
static void
test_reused_connection_broken_mid_response_not_retried (void)
{
  static const struct {
    const char *reply;
    GawsError   code;
  } broken[] = {
    { "HTTP/1.1 20", GAWS_ERROR_CONNECTION },
    { "HTTP/1.1 200 OK\r\n", GAWS_ERROR_CONNECTION },
    { "HTTP/1.1 200 OK\r\nContent-Le", GAWS_ERROR_CONNECTION },
    { "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n", GAWS_ERROR_CONNECTION },
    { "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc", GAWS_ERROR_CONNECTION },
  };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    for (guint w = 0; w < G_N_ELEMENTS (get_and_post); w++)
      {
        const Step steps[] = { RAW (OK_REPLY), RAW_THEN_CLOSE (broken[i].reply), RAW (OK_REPLY) };
        g_autoptr(Script) script = script_new (steps);
        g_autoptr(GawsHttpResponse) response = NULL;
        g_autoptr(GError) error = NULL;

        response = send_way (script, get_and_post[w], "/first", &error);
        assert_response (response, error, 200, "ok");
        assert_send_fails (script, get_and_post[w], "/broken", broken[i].code);
        g_assert_cmpuint (n_seen (script), ==, 2);
        assert_seen (script, 1, get_and_post[w], "/broken", 2);
        assert_recovers (script, 1);
      }
}

/* ---- 7, 8. connections that break ---------------------------------------------- */

/* A new connection closed or reset before any response: no retry (the
 * request may have been acted on), an error. */
static void
test_fresh_connection_dropped_unanswered (void)
{
  /* curl: CURLE_GOT_NOTHING ("Empty reply from server") for the close,
   * CURLE_RECV_ERROR ("Recv failure: Connection reset by peer") for the
   * reset */
  const Step drops[] = { CLOSE_UNANSWERED, RESET_UNANSWERED };

  for (guint d = 0; d < G_N_ELEMENTS (drops); d++)
    for (guint w = 0; w < G_N_ELEMENTS (get_and_post); w++)
      {
        const Step steps[] = { drops[d], RAW (OK_REPLY) };
        g_autoptr(Script) script = script_new (steps);

        assert_send_fails (script, get_and_post[w], "/nothing", GAWS_ERROR_CONNECTION);
        g_assert_cmpuint (n_seen (script), ==, 1);
        assert_seen (script, 0, get_and_post[w], "/nothing", 1);
        assert_recovers (script, 1);
      }
}

static void
test_closed_mid_status_line (void)
{
  /* curl: CURLE_GOT_NOTHING ("Empty reply from server") */
  check_fails_with ("H", TRUE, GAWS_ERROR_CONNECTION);
  check_fails_with ("HTTP/1.1 20", TRUE, GAWS_ERROR_CONNECTION);
}

static void
test_closed_mid_head (void)
{
  /* curl: CURLE_PARTIAL_FILE ("transfer closed with 2 bytes remaining to
   * read"): it counts on the length of a head it never finished */
  check_fails_with ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Amz-Req", TRUE, GAWS_ERROR_CONNECTION);
}

/* Closed after the status line, before the head's end: a connection
 * closed mid-head, whatever the lines so far. (Through curl 7.88, which
 * ends such a transfer without an error and without a head, the engine
 * says GAWS_ERROR_PROTOCOL, "No HTTP response from ...".) */
static void
test_closed_mid_head_before_length (void)
{
  check_fails_with ("HTTP/1.1 200 OK\r\n", TRUE, GAWS_ERROR_CONNECTION);
  check_fails_with ("HTTP/1.1 200 OK\r\nContent-Le", TRUE, GAWS_ERROR_CONNECTION);
  check_fails_with ("HTTP/1.1 200 OK\r\nX-Amz-Request-Id: r\r\n", TRUE, GAWS_ERROR_CONNECTION);
}

static void
test_closed_mid_body (void)
{
  /* curl: CURLE_PARTIAL_FILE */
  check_fails_with ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcde", TRUE, GAWS_ERROR_CONNECTION);
}

static void
test_closed_mid_chunk (void)
{
  /* curl: CURLE_PARTIAL_FILE ("transfer closed with outstanding read data
   * remaining"), as for the next one */
  check_fails_with ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n5\r\nab", TRUE,
                    GAWS_ERROR_CONNECTION);
}

static void
test_closed_before_last_chunk (void)
{
  check_fails_with ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n", TRUE,
                    GAWS_ERROR_CONNECTION);
}

/* ---- 9. interim responses ------------------------------------------------------- */

static void
check_interim (const char *interim)
{
  for (guint w = 0; w < G_N_ELEMENTS (get_and_post); w++)
    {
      g_autofree char *reply = g_strconcat (interim, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Final: yes\r\n\r\nfinal",
                                            NULL);
      const Step steps[] = { RAW (reply), RAW (OK_REPLY) };
      g_autoptr(Script) script = script_new (steps);
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GawsHttpResponse) next = NULL;
      g_autoptr(GError) error = NULL;

      response = send_way (script, get_and_post[w], "/interim", &error);
      assert_response (response, error, 200, "final");
      g_assert_cmpstr (header (response, "X-Final"), ==, "yes");
      /* the interim response's headers are not the response's */
      g_assert_null (header (response, "Link"));
      g_assert_null (header (response, "X-Interim"));
      next = send_way (script, get_and_post[w], "/next", &error);
      assert_response (next, error, 200, "ok");
      g_assert_cmpuint (n_connections (script), ==, 1);
    }
}

static void
test_interim_100_continue (void)
{
  check_interim ("HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\n");
}

static void
test_interim_103_early_hints (void)
{
  check_interim ("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                 "HTTP/1.1 103 Early Hints\r\nLink: </script.js>; rel=preload\r\n\r\n");
}

/* ---- 10. malformed responses ------------------------------------------------- */

static void
test_malformed_status_line (void)
{
  /* (curl 7.88 takes a reply not starting with "HTTP/" for HTTP/0.9 and
   * refuses it with CURLE_UNSUPPORTED_PROTOCOL, which the engine's curl
   * path maps to a bad URL) */
  check_fails_with ("HELLO\r\n\r\n", FALSE, GAWS_ERROR_PROTOCOL);
}

static void
test_malformed_header_line (void)
{
  /* curl: CURLE_WEIRD_SERVER_REPLY ("Header without colon") */
  check_fails_with ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nno colon here\r\n\r\nok", FALSE, GAWS_ERROR_PROTOCOL);
}

static void
test_malformed_chunk_size (void)
{
  /* (curl 7.88: CURLE_RECV_ERROR, "Illegal or missing hexadecimal
   * sequence in chunked-encoding", a broken connection to the curl path) */
  check_fails_with ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", FALSE,
                    GAWS_ERROR_PROTOCOL);
}

/* RFC 9112 6.3 has a recipient fail on differing lengths: the body's
 * end is not known, nor where the next response would start. (curl 7.88
 * takes the last one, and the connection goes on.) */
static void
test_conflicting_content_lengths (void)
{
  check_fails_with ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef", FALSE,
                    GAWS_ERROR_PROTOCOL);
}

/* ---- 10b. requests that cannot go on the wire ----------------------------- */

/* A line break in a header value, a blank or a control character in the
 * request target: the request fails with GAWS_ERROR_INVALID_ARGUMENT
 * before anything is sent (they would end the line early and start one
 * of the sender's choosing), and the connection goes on serving. */
static void
test_unsendable_requests_refused (void)
{
  const Step steps[] = { RAW (OK_REPLY) };
  g_autoptr(Script) script = script_new (steps);
  const char *const values[] = { "a\r\nX-Injected: 1", "a\nb", "a\rb" };
  const char *const paths[] = { "/a%20b?x=1", "/a b", "/a\tb", "/a?x=1 2", "/a\x7f" };
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GawsHttpRequest) request = request_for (script, &get_way, "/header");
      g_autoptr(GawsHttpResponse) refused = NULL;

      gaws_http_headers_append (gaws_http_request_get_headers (request), "X-Value", values[i]);
      refused = send_request (script, request, NULL, &error);
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
      g_assert_null (refused);
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GawsHttpRequest) request = request_for (script, &get_way, "/");
      g_autoptr(GawsHttpResponse) sent = NULL;
      const char *query = strchr (paths[i], '?');
      g_autofree char *path = g_strndup (paths[i], query != NULL ? (gsize) (query - paths[i]) : strlen (paths[i]));

      gaws_http_request_set_path (request, path);
      gaws_http_request_set_query (request, query != NULL ? query + 1 : NULL);
      sent = send_request (script, request, NULL, &error);
      if (i == 0)
        {
          assert_response (sent, error, 200, "ok");
          continue;
        }
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
      g_assert_null (sent);
      g_clear_error (&error);
    }
  /* only the good one reached the server, and the connection still serves */
  g_assert_cmpuint (n_seen (script), ==, 1);
  response = send_way (script, &get_way, "/after", &error);
  assert_response (response, error, 200, "ok");
  g_assert_cmpuint (n_connections (script), ==, 1);
}

/* ---- 11. bytes after the response ----------------------------------------------- */

static void
test_extra_bytes_after_response (void)
{
  const Step steps[] = {
    RAW ("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbodyGARBAGE"),
    RAW ("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond"),
  };
  g_autoptr(Script) script = script_new (steps);
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GawsHttpResponse) next = NULL;
  g_autoptr(GError) error = NULL;

  response = send_way (script, &get_way, "/first", &error);
  assert_response (response, error, 200, "body");
  /* the garbage is never taken for the next response: the connection that
   * carried it is dropped */
  next = send_way (script, &get_way, "/next", &error);
  assert_response (next, error, 200, "second");
  assert_seen (script, 1, &get_way, "/next", 1);
  g_assert_cmpuint (n_connections (script), ==, 2);
}

/* ---- 12. response headers ------------------------------------------------------- */

static void
test_response_headers_as_sent (void)
{
  const Step steps[] = {
    RAW ("HTTP/1.1 200 OK\r\n"
         "X-Multi: first\r\n"
         "Content-Length: 2\r\n"
         "x-multi: second\r\n"
         "X-Empty:\r\n"
         "X-Empty-Blank:   \r\n"
         "X-Blanks:  \t padded value \t \r\n"
         "X-Inner:a  b\r\n"
         "X-Multi: third\r\n"
         "\r\nok"),
  };
  const char *const names[] = {
    "X-Multi", "Content-Length", "x-multi", "X-Empty", "X-Empty-Blank", "X-Blanks", "X-Inner", "X-Multi",
  };
  const char *const values[] = { "first", "2", "second", "", "", "padded value", "a  b", "third" };
  g_autoptr(Script) script = script_new (steps);
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GawsHttpHeaders *headers;

  response = send_way (script, &get_way, "/headers", &error);
  assert_response (response, error, 200, "ok");
  headers = gaws_http_response_get_headers (response);
  /* every header line, in order, names as sent */
  g_assert_cmpuint (gaws_http_headers_get_length (headers), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (gaws_http_headers_get_name (headers, i), ==, names[i]);
      g_assert_cmpstr (gaws_http_headers_get_value (headers, i), ==, values[i]);
    }
  /* the first of several, whatever the case */
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "x-MULTI"), ==, "first");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Empty"), ==, "");
}

/* ---- 13. the request on the wire -------------------------------------------------- */

/* Exactly @names (in any order, in any case), each once, with @values. */
static void
assert_request_headers (const Seen *seen, const char *const *names, const char *const *values, guint n)
{
  g_assert_cmpuint (gaws_http_headers_get_length (seen->headers), ==, n);
  for (guint i = 0; i < n; i++)
    {
      guint count = 0;

      for (guint j = 0; j < n; j++)
        count += g_ascii_strcasecmp (gaws_http_headers_get_name (seen->headers, j), names[i]) == 0;
      g_assert_cmpuint (count, ==, 1);
      g_assert_cmpstr (gaws_http_headers_get_one (seen->headers, names[i]), ==, values[i]);
    }
}

static void
test_request_target_and_headers (void)
{
  const Step steps[] = { RAW (OK_REPLY) };
  g_autoptr(Script) script = script_new (steps);
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", gaws_test_server_get_port (script->server));
  const char *const paths[] = {
    "/", "/bucket/../a/./key?x=1", "/b/%2Fx%3A/..", "/a%20b/c?list-type=2&prefix=x%2Fy&empty=&flag",
    "/k~%25/.?q=%3D%26", "/bucket/key%20with%2Bplus", "//double//slash",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GawsHttpRequest) request = request_for (script, &get_way, paths[i]);
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;
      GawsHttpHeaders *headers = gaws_http_request_get_headers (request);
      const char *const names[] = {
        "Host", "User-Agent", "X-Amz-Date", "X-Amz-Content-Sha256", "Authorization", "X-Amz-Security-Token",
        "X-Amz-Meta-Inner",
      };
      const char *const values[] = {
        host, "gaws/0.1", "20261127T095500Z", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "AWS4-HMAC-SHA256 Credential=AKID/20261127/us-east-1/s3/aws4_request, "
        "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=0123abcd",
        "tok/en+=", "a  b,c",
      };

      for (guint h = 2; h < G_N_ELEMENTS (names); h++)
        gaws_http_headers_append (headers, names[h], values[h]);
      response = send_request (script, request, NULL, &error);
      assert_response (response, error, 200, "ok");
      assert_seen (script, i, &get_way, paths[i], i + 1);
      /* nothing else: no Accept, Expect, Transfer-Encoding, Content-Length */
      assert_request_headers (seen_at (script, i), names, values, G_N_ELEMENTS (names));
    }
  g_assert_cmpuint (n_connections (script), ==, 1);
}

/* A path and query set as they are (gaws_http_request_new_for_url() would
 * decode %7E) go out as they are. */
static void
test_request_target_set_as_is (void)
{
  const Step steps[] = { RAW (OK_REPLY) };
  g_autoptr(Script) script = script_new (steps);
  g_autoptr(GawsHttpRequest) request = request_for (script, &get_way, "/");
  g_autoptr(GawsHttpRequest) no_query = request_for (script, &get_way, "/?x");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  gaws_http_request_set_path (request, "/k%7E~%25/./../%2e%2E/x");
  gaws_http_request_set_query (request, "q=%3D%26&%7E&a=b=c");
  response = send_request (script, request, NULL, &error);
  assert_response (response, error, 200, "ok");
  assert_seen (script, 0, &get_way, "/k%7E~%25/./../%2e%2E/x?q=%3D%26&%7E&a=b=c", 1);
  g_clear_object (&response);
  gaws_http_request_set_query (no_query, NULL);
  response = send_request (script, no_query, NULL, &error);
  assert_response (response, error, 200, "ok");
  assert_seen (script, 1, &get_way, "/", 2);
}

/* A body in memory goes with its length, whole, without 100-continue. */
static void
test_request_with_body (void)
{
  const Step steps[] = { RAW (OK_REPLY) };
  g_autoptr(Script) script = script_new (steps);
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", gaws_test_server_get_port (script->server));
  g_autofree char *length = g_strdup_printf ("%zu", strlen (post_way.body));
  g_autoptr(GawsHttpRequest) request = request_for (script, &post_way, "/?Action=x");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  const char *const names[] = { "Host", "User-Agent", "Content-Type", "Content-Length", "X-Amz-Target" };
  const char *const values[] = { host, "gaws/0.1", "application/x-amz-json-1.0", length, "DynamoDB_20120810.GetItem" };

  gaws_http_headers_append (gaws_http_request_get_headers (request), "X-Amz-Target", "DynamoDB_20120810.GetItem");
  response = send_request (script, request, NULL, &error);
  assert_response (response, error, 200, "ok");
  assert_seen (script, 0, &post_way, "/?Action=x", 1);
  assert_request_headers (seen_at (script, 0), names, values, G_N_ELEMENTS (names));
}

/* A body of a mebibyte and more goes the same way: whole, with its length,
 * and no 100-continue (curl would ask for it). */
static void
test_request_with_large_body (void)
{
  const Step steps[] = { RAW (OK_REPLY) };
  g_autoptr(Script) script = script_new (steps);
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", gaws_test_server_get_port (script->server));
  gsize size = 2 * 1024 * 1024 + 3;
  g_autofree char *data = g_malloc (size + 1);
  g_autofree char *length = g_strdup_printf ("%zu", size);
  Way big_way = { "PUT", NULL };
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  const char *const names[] = { "Host", "User-Agent", "Content-Type", "Content-Length" };
  const char *const values[] = { host, "gaws/0.1", "application/x-amz-json-1.0", length };

  for (gsize i = 0; i < size; i++)
    data[i] = (char) ('A' + i % 53 % 26);
  data[size] = '\0';
  big_way.body = data;
  request = request_for (script, &big_way, "/bucket/big");
  response = send_request (script, request, NULL, &error);
  assert_response (response, error, 200, "ok");
  assert_seen (script, 0, &big_way, "/bucket/big", 1);
  assert_request_headers (seen_at (script, 0), names, values, G_N_ELEMENTS (names));
}

/* An empty body is a body: `Content-Length: 0`, and no Content-Type. */
static void
test_request_put_empty_body (void)
{
  const Step steps[] = { RAW (OK_REPLY) };
  g_autoptr(Script) script = script_new (steps);
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", gaws_test_server_get_port (script->server));
  const Way put_way = { "PUT", "" };
  g_autoptr(GawsHttpRequest) request = request_for (script, &put_way, "/bucket/empty");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  const char *const names[] = { "Host", "User-Agent", "Content-Length" };
  const char *const values[] = { host, "gaws/0.1", "0" };

  gaws_http_headers_remove (gaws_http_request_get_headers (request), "Content-Type");
  response = send_request (script, request, NULL, &error);
  assert_response (response, error, 200, "ok");
  assert_seen (script, 0, &put_way, "/bucket/empty", 1);
  assert_request_headers (seen_at (script, 0), names, values, G_N_ELEMENTS (names));
}

/* The request's own User-Agent replaces the engine's, and an engine with
 * none sends none. */
static void
test_request_user_agent (void)
{
  const Step steps[] = { RAW (OK_REPLY) };
  g_autoptr(Script) script =
    script_new_with_engine (steps, G_N_ELEMENTS (steps), g_object_new (GAWS_TYPE_HTTP_ENGINE, "user-agent", "mine/2", NULL));
  g_autoptr(GawsHttpRequest) own = request_for (script, &get_way, "/own");
  g_autoptr(GawsHttpRequest) engines = request_for (script, &get_way, "/engine");
  g_autoptr(GawsHttpRequest) none = request_for (script, &get_way, "/none");
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  gaws_http_headers_append (gaws_http_request_get_headers (own), "User-Agent", "app/3 gaws/0.1");
  response = send_request (script, own, NULL, &error);
  assert_response (response, error, 200, "ok");
  g_clear_object (&response);
  response = send_request (script, engines, NULL, &error);
  assert_response (response, error, 200, "ok");
  g_clear_object (&response);
  gaws_http_engine_set_user_agent (script->engine, NULL);
  response = send_request (script, none, NULL, &error);
  assert_response (response, error, 200, "ok");
  g_assert_cmpstr (gaws_http_headers_get_one (seen_at (script, 0)->headers, "User-Agent"), ==, "app/3 gaws/0.1");
  g_assert_cmpuint (gaws_http_headers_get_length (seen_at (script, 0)->headers), ==, 2);
  g_assert_cmpstr (gaws_http_headers_get_one (seen_at (script, 1)->headers, "User-Agent"), ==, "mine/2");
  g_assert_null (gaws_http_headers_get_one (seen_at (script, 2)->headers, "User-Agent"));
  g_assert_cmpuint (gaws_http_headers_get_length (seen_at (script, 2)->headers), ==, 1);
}

static GString *
read_to_end (GInputStream *stream)
{
  GString *all = g_string_new (NULL);
  char buffer[7];   /* small: many reads */

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = gaws_test_read (stream, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      if (n == 0)
        return all;
      g_string_append_len (all, buffer, n);
    }
}

/* Buffered and streamed responses take turns on one kept-alive connection,
 * each read exactly. */
static void
test_buffered_and_streamed_share_a_connection (void)
{
  const Step steps[] = {
    RAW ("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nbuffered"),
    RAW ("HTTP/1.1 200 OK\r\nContent-Length: 26\r\n\r\nstreamed by length, intact"),
    RAW ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nbuffer\r\n2\r\ned\r\n0\r\n\r\n"),
    RAW ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\nstreamed\r\n9\r\n, chunked\r\n0\r\n\r\n"),
    RAW (OK_REPLY),
  };
  const char *const bodies[] = { "buffered", "streamed by length, intact", "buffered", "streamed, chunked", "ok" };
  g_autoptr(Script) script = script_new (steps);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *path = g_strdup_printf ("/m%u", i);
      g_autoptr(GawsHttpRequest) request = request_for (script, get_and_post[i % 2], path);
      GawsHttpBodyMode mode = i % 2 ? GAWS_HTTP_BODY_STREAMED : GAWS_HTTP_BODY_BUFFERED;
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      response = gaws_test_send (script->engine, request, mode, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
      if (mode == GAWS_HTTP_BODY_STREAMED)
        {
          g_autoptr(GString) body = read_to_end (gaws_http_response_get_body_stream (response));

          g_assert_null (gaws_http_response_get_body (response));
          g_assert_cmpstr (body->str, ==, bodies[i]);
        }
      else
        assert_body (response, bodies[i], strlen (bodies[i]));
      assert_seen (script, i, get_and_post[i % 2], path, i + 1);
    }
  g_assert_cmpuint (n_connections (script), ==, 1);
}

/* ---- 14, 15. timeout and cancellation ---------------------------------------------- */

static void
test_read_timeout (void)
{
  for (guint w = 0; w < G_N_ELEMENTS (get_and_post); w++)
    {
      const Step steps[] = { STALL, RAW (OK_REPLY) };
      g_autoptr(Script) script =
        script_new_with_engine (steps, G_N_ELEMENTS (steps), g_object_new (GAWS_TYPE_HTTP_ENGINE, "read-timeout-ms", 200, NULL));

      assert_send_fails (script, get_and_post[w], "/stall", GAWS_ERROR_TIMEOUT);
      assert_seen (script, 0, get_and_post[w], "/stall", 1);
      assert_recovers (script, 1);
    }
}

static gboolean
script_has_a_request (gpointer data)
{
  return n_seen (data) > 0;
}

static void
test_cancel_waiting_for_response (void)
{
  for (guint w = 0; w < G_N_ELEMENTS (get_and_post); w++)
    {
      const Step steps[] = { STALL, RAW (OK_REPLY) };
      g_autoptr(Script) script = script_new (steps);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GawsHttpRequest) request = request_for (script, get_and_post[w], "/stall");
      GawsTestSent sent = { 0 };

      gaws_http_engine_send_async (script->engine, request, GAWS_HTTP_BODY_BUFFERED, cancellable, gaws_test_on_sent, &sent);
      gaws_test_wait_until (script_has_a_request, script);
      g_assert_false (sent.done);
      g_cancellable_cancel (cancellable);
      gaws_test_wait_for_task (&sent.done);
      g_assert_error (sent.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (sent.response);
      g_clear_error (&sent.error);
      assert_seen (script, 0, get_and_post[w], "/stall", 1);
      assert_recovers (script, 1);
    }
}

/* ---- 16. many requests, few connections ---------------------------------------------- */

static void
path_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  /* slow enough that requests queue for a connection */
  g_usleep (1000);
  gaws_test_server_reply_set_body (reply, "text/plain", request->path, -1);
  reply->chunked = g_str_has_suffix (request->path, "/chunked");
}

typedef struct {
  guint  pending;
  guint  ok;
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

  assert_response (response, error, 200, pending->path);
  pending->batch->ok++;
  pending->batch->pending--;
  g_free (pending->path);
  g_free (pending);
}

static void
test_64_requests_8_connections (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (path_handler, NULL);
  g_autoptr(GawsHttpEngine) engine = g_object_new (GAWS_TYPE_HTTP_ENGINE, "max-connections", 8, NULL);
  Batch batch = { 0 };

  for (guint i = 0; i < 64; i++)
    {
      Pending *pending = g_new0 (Pending, 1);
      g_autoptr(GawsHttpRequest) request = NULL;
      g_autofree char *url = NULL;
      g_autoptr(GError) error = NULL;

      pending->batch = &batch;
      pending->path = g_strdup_printf ("/item/%u%s", i, i % 3 == 0 ? "/chunked" : "");
      url = g_strconcat (gaws_test_server_get_url (server), pending->path, NULL);
      request = gaws_http_request_new_for_url (i % 2 ? "POST" : "GET", url, &error);
      g_assert_no_error (error);
      if (i % 2)
        {
          g_autoptr(GBytes) body = g_bytes_new_take (g_strdup (pending->path), strlen (pending->path));

          gaws_http_request_set_body (request, body);
        }
      batch.pending++;
      gaws_http_engine_send_async (engine, request, GAWS_HTTP_BODY_BUFFERED, NULL, on_batch_sent, pending);
    }
  while (batch.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (batch.ok, ==, 64);
  g_assert_cmpuint (gaws_test_server_get_n_requests (server), ==, 64);
  g_assert_cmpuint (gaws_test_server_get_max_open_connections (server), <=, 8);
  g_assert_cmpuint (gaws_test_server_get_n_connections (server), <=, 8);
  g_assert_cmpuint (gaws_test_server_get_n_connections (server), >=, 2);
}


int
main (int argc, char *argv[])
{
  gaws_test_init (&argc, &argv);

  g_test_add_func ("/http-wire/content-length-body", test_content_length_body);
  g_test_add_func ("/http-wire/zero-length-body", test_zero_length_body);
  g_test_add_func ("/http-wire/no-body-statuses", test_no_body_statuses);
  g_test_add_func ("/http-wire/head-with-length-no-body", test_head_with_length_no_body);
  g_test_add_func ("/http-wire/chunked-extensions-and-trailers", test_chunked_extensions_and_trailers);
  g_test_add_func ("/http-wire/chunked-many-small-chunks", test_chunked_many_small_chunks);
  g_test_add_func ("/http-wire/framing-variants", test_framing_variants);
  g_test_add_func ("/http-wire/large-body-and-head", test_large_body_and_head);
  g_test_add_func ("/http-wire/close-delimited-body-http11", test_close_delimited_body_http11);
  g_test_add_func ("/http-wire/close-delimited-body-http10", test_close_delimited_body_http10);
  g_test_add_func ("/http-wire/connection-close-obeyed", test_connection_close_obeyed);
  g_test_add_func ("/http-wire/http10-not-kept-alive", test_http10_not_kept_alive);
  g_test_add_func ("/http-wire/keep-alive-five-requests-one-connection", test_keep_alive_five_requests_one_connection);
  g_test_add_func ("/http-wire/idle-connection-closed-by-server", test_idle_connection_closed_by_server);
  g_test_add_func ("/http-wire/reused-connection-closed-unanswered-is-retried",
                   test_reused_connection_closed_unanswered_is_retried);
  g_test_add_func ("/http-wire/reused-connection-reset-unanswered-is-retried",
                   test_reused_connection_reset_unanswered_is_retried);
  g_test_add_func ("/http-wire/reused-connection-broken-mid-response-not-retried",
                   test_reused_connection_broken_mid_response_not_retried);
  g_test_add_func ("/http-wire/fresh-connection-dropped-unanswered", test_fresh_connection_dropped_unanswered);
  g_test_add_func ("/http-wire/closed-mid-status-line", test_closed_mid_status_line);
  g_test_add_func ("/http-wire/closed-mid-head", test_closed_mid_head);
  g_test_add_func ("/http-wire/closed-mid-head-before-length", test_closed_mid_head_before_length);
  g_test_add_func ("/http-wire/closed-mid-body", test_closed_mid_body);
  g_test_add_func ("/http-wire/closed-mid-chunk", test_closed_mid_chunk);
  g_test_add_func ("/http-wire/closed-before-last-chunk", test_closed_before_last_chunk);
  g_test_add_func ("/http-wire/interim-100-continue", test_interim_100_continue);
  g_test_add_func ("/http-wire/interim-103-early-hints", test_interim_103_early_hints);
  g_test_add_func ("/http-wire/malformed-status-line", test_malformed_status_line);
  g_test_add_func ("/http-wire/malformed-header-line", test_malformed_header_line);
  g_test_add_func ("/http-wire/malformed-chunk-size", test_malformed_chunk_size);
  g_test_add_func ("/http-wire/conflicting-content-lengths", test_conflicting_content_lengths);
  g_test_add_func ("/http-wire/unsendable-requests-refused", test_unsendable_requests_refused);
  g_test_add_func ("/http-wire/extra-bytes-after-response", test_extra_bytes_after_response);
  g_test_add_func ("/http-wire/response-headers-as-sent", test_response_headers_as_sent);
  g_test_add_func ("/http-wire/request-target-and-headers", test_request_target_and_headers);
  g_test_add_func ("/http-wire/request-target-set-as-is", test_request_target_set_as_is);
  g_test_add_func ("/http-wire/request-with-body", test_request_with_body);
  g_test_add_func ("/http-wire/request-with-large-body", test_request_with_large_body);
  g_test_add_func ("/http-wire/request-put-empty-body", test_request_put_empty_body);
  g_test_add_func ("/http-wire/request-user-agent", test_request_user_agent);
  g_test_add_func ("/http-wire/buffered-and-streamed-share-a-connection",
                   test_buffered_and_streamed_share_a_connection);
  g_test_add_func ("/http-wire/read-timeout", test_read_timeout);
  g_test_add_func ("/http-wire/cancel-waiting-for-response", test_cancel_waiting_for_response);
  g_test_add_func ("/http-wire/64-requests-8-connections", test_64_requests_8_connections);
  return g_test_run ();
}
