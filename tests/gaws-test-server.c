/* gaws-test-server.c: a scriptable loopback HTTP/1.1 server for tests
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-server.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

/* The server accepts on its own thread and main context, so that the test's
 * thread-default context is free to run the engine under test, and serves
 * each connection on a thread of its own with blocking I/O: faults such as
 * "stall" or "trickle" are then a sleep or a blocking read. Every blocking
 * call takes the server's cancellable, so freeing the server ends them.
 * With a certificate, each connection is TLS: the handshake and all the
 * HTTP go through a GTlsServerConnection on the connection's thread, while
 * resets and stalls still act on the TCP socket beneath it. */

#define IO_CHUNK       (64 * 1024)
#define PATTERN_PERIOD 251   /* prime, so that a lost or repeated block shows */

struct _GawsTestServer {
  GawsTestServerHandler  handler;
  gpointer               user_data;

  GMainContext          *context;
  GMainLoop             *loop;
  GThread               *thread;
  GCancellable          *cancellable;
  char                  *url;
  guint16                port;

  GMutex                 mutex;
  GCond                  cond;
  gboolean               ready;
  GTlsCertificate       *certificate;   /* NULL: plain HTTP */
  gboolean               stopping;
  GPtrArray             *threads;   /* GThread, one per connection ever accepted */
  guint                  n_open;
  guint                  max_open;  /* the most n_open has been */

  int                    n_connections;   /* atomic */
  int                    n_requests;      /* atomic */
  int                    n_body_stalls;   /* atomic: request bodies to leave unread */
};

typedef struct {
  GawsTestServer    *server;
  GSocketConnection *connection;
  GIOStream         *stream;   /* the TLS connection over @connection, or @connection */
  GDataInputStream  *in;
  GOutputStream     *out;
} Connection;

/* ---- the body pattern ---------------------------------------------------- */

static const guint8 *
pattern_table (void)
{
  static guint8 table[IO_CHUNK + PATTERN_PERIOD];
  static gsize initialized = 0;

  /* Built once and never written again; a body is copied out of it. */
  if (g_once_init_enter (&initialized))
    {
      for (gsize i = 0; i < sizeof table; i++)
        table[i] = (guint8) (i % PATTERN_PERIOD);
      g_once_init_leave (&initialized, 1);
    }
  return table;
}

/**
 * gaws_test_pattern_fill:
 * @buffer: where to write
 * @offset: the offset of @buffer[0] in the body
 * @len: how many bytes
 *
 * Writes the bytes a generated body has at @offset: byte i is i mod 251.
 */
void
gaws_test_pattern_fill (guint8 *buffer, guint64 offset, gsize len)
{
  const guint8 *table = pattern_table ();

  while (len > 0)
    {
      gsize n = MIN (len, IO_CHUNK);
      memcpy (buffer, table + offset % PATTERN_PERIOD, n);
      buffer += n;
      offset += n;
      len -= n;
    }
}

/**
 * gaws_test_pattern_check:
 * @buffer: bytes received
 * @offset: the offset of @buffer[0] in the body
 * @len: how many bytes
 *
 * Returns: whether @buffer holds what gaws_test_pattern_fill() writes there
 */
gboolean
gaws_test_pattern_check (const guint8 *buffer, guint64 offset, gsize len)
{
  const guint8 *table = pattern_table ();

  while (len > 0)
    {
      gsize n = MIN (len, IO_CHUNK);
      if (memcmp (buffer, table + offset % PATTERN_PERIOD, n) != 0)
        return FALSE;
      buffer += n;
      offset += n;
      len -= n;
    }
  return TRUE;
}

/* ---- reading a request --------------------------------------------------- */

static char *
read_line (Connection *c)
{
  gsize len;
  return g_data_input_stream_read_line (c->in, &len, c->server->cancellable, NULL);
}

static gboolean
read_exactly (Connection *c, GByteArray *into, gsize len)
{
  gsize start = into->len, done = 0;

  if (len == 0)
    return TRUE;
  g_byte_array_set_size (into, (guint) (start + len));
  return g_input_stream_read_all (G_INPUT_STREAM (c->in), into->data + start, len, &done,
                                  c->server->cancellable, NULL) && done == len;
}

static gboolean
read_chunked_body (Connection *c, GByteArray *body)
{
  for (;;)
    {
      g_autofree char *size_line = read_line (c);
      g_autofree char *crlf = NULL;
      guint64 size;

      if (size_line == NULL)
        return FALSE;
      size = g_ascii_strtoull (size_line, NULL, 16);
      if (size == 0)
        break;
      if (!read_exactly (c, body, size))
        return FALSE;
      crlf = read_line (c);
      if (crlf == NULL)
        return FALSE;
    }
  /* trailers, up to the empty line */
  for (;;)
    {
      g_autofree char *line = read_line (c);
      if (line == NULL)
        return FALSE;
      if (*line == '\0')
        return TRUE;
    }
}

static gboolean
read_headers (Connection *c, GawsHttpHeaders *headers)
{
  for (;;)
    {
      g_autofree char *line = read_line (c);
      char *colon;

      if (line == NULL)
        return FALSE;
      if (*line == '\0')
        return TRUE;
      colon = strchr (line, ':');
      if (colon == NULL)
        continue;
      *colon = '\0';
      gaws_http_headers_append (headers, line, g_strstrip (colon + 1));
    }
}

static gboolean
write_all (Connection *c, const void *data, gsize len)
{
  return g_output_stream_write_all (c->out, data, len, NULL, c->server->cancellable, NULL);
}

static gboolean
read_body (Connection *c, GawsTestServerRequest *request, GByteArray *body)
{
  const char *te = gaws_http_headers_get_one (request->headers, "Transfer-Encoding");
  const char *cl = gaws_http_headers_get_one (request->headers, "Content-Length");
  const char *expect = gaws_http_headers_get_one (request->headers, "Expect");

  if (expect != NULL && g_ascii_strcasecmp (expect, "100-continue") == 0 &&
      !write_all (c, "HTTP/1.1 100 Continue\r\n\r\n", 25))
    return FALSE;
  request->chunked = te != NULL && g_ascii_strcasecmp (te, "chunked") == 0;
  if (request->chunked)
    return read_chunked_body (c, body);
  if (cl != NULL)
    return read_exactly (c, body, g_ascii_strtoull (cl, NULL, 10));
  return TRUE;
}

/* ---- writing a reply ----------------------------------------------------- */

static const char *
reason_phrase (guint status)
{
  switch (status)
    {
    case 200: return "OK";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default:  return "Status";
    }
}

static guint64
reply_length (const GawsTestServerReply *reply)
{
  return reply->body != NULL ? g_bytes_get_size (reply->body) : reply->body_length;
}

static gboolean
write_head (Connection *c, const GawsTestServerReply *reply)
{
  g_autoptr(GString) head = g_string_sized_new (256);

  g_string_append_printf (head, "HTTP/1.1 %u %s\r\n", reply->status, reason_phrase (reply->status));
  for (guint i = 0; i < gaws_http_headers_get_length (reply->headers); i++)
    g_string_append_printf (head, "%s: %s\r\n", gaws_http_headers_get_name (reply->headers, i),
                            gaws_http_headers_get_value (reply->headers, i));
  if (reply->chunked)
    g_string_append (head, "Transfer-Encoding: chunked\r\n");
  else
    g_string_append_printf (head, "Content-Length: %" G_GUINT64_FORMAT "\r\n", reply_length (reply));
  if (reply->close_connection)
    g_string_append (head, "Connection: close\r\n");
  g_string_append (head, "\r\n");
  return write_all (c, head->str, head->len);
}

/* Sleeps unless the server is being freed; returns FALSE if it is. */
static gboolean
server_sleep (GawsTestServer *server, guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  gboolean stopping;

  g_mutex_lock (&server->mutex);
  while (!server->stopping && g_cond_wait_until (&server->cond, &server->mutex, end))
    ;
  stopping = server->stopping;
  g_mutex_unlock (&server->mutex);
  return !stopping;
}

static gboolean
write_body_piece (Connection *c, const GawsTestServerReply *reply, guint64 offset, gsize len)
{
  guint8 buffer[IO_CHUNK];
  const guint8 *data = buffer;
  char size_line[32];

  if (reply->body != NULL)
    data = (const guint8 *) g_bytes_get_data (reply->body, NULL) + offset;
  else
    gaws_test_pattern_fill (buffer, offset, len);
  if (reply->chunked)
    {
      int n = g_snprintf (size_line, sizeof size_line, "%zx\r\n", len);
      if (!write_all (c, size_line, (gsize) n))
        return FALSE;
    }
  if (!write_all (c, data, len))
    return FALSE;
  return !reply->chunked || write_all (c, "\r\n", 2);
}

/* Writes body bytes [0, end), in pieces of @piece bytes, @interval_ms apart. */
static gboolean
write_body (Connection *c, const GawsTestServerReply *reply, guint64 end, gsize piece, guint interval_ms)
{
  for (guint64 offset = 0; offset < end;)
    {
      gsize n = (gsize) MIN ((guint64) piece, end - offset);

      if (!write_body_piece (c, reply, offset, n))
        return FALSE;
      offset += n;
      if (interval_ms > 0 && offset < end && !server_sleep (c->server, interval_ms))
        return FALSE;
    }
  return TRUE;
}

/* Blocks until the client goes away or the server is freed. */
static void
wait_until_closed (Connection *c)
{
  guint8 sink[4096];

  while (g_input_stream_read (G_INPUT_STREAM (c->in), sink, sizeof sink, c->server->cancellable, NULL) > 0)
    ;
}

static void
reset_connection (Connection *c)
{
  GSocket *socket = g_socket_connection_get_socket (c->connection);
  struct linger linger = { 1, 0 };

  /* A zero linger time makes close() send RST instead of FIN. */
  setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  g_socket_close (socket, NULL);
}

/* Returns whether the connection can take another request. */
static gboolean
perform (Connection *c, const GawsTestServerRequest *request, GawsTestServerReply *reply)
{
  gboolean head_only = g_ascii_strcasecmp (request->method, "HEAD") == 0;
  guint64 length = reply_length (reply);
  guint64 fault_at = MIN (reply->fault_offset, length);

  switch (reply->action)
    {
    case GAWS_TEST_SERVER_CLOSE:
      return FALSE;
    case GAWS_TEST_SERVER_STALL:
      wait_until_closed (c);
      return FALSE;
    case GAWS_TEST_SERVER_RESET:
      reset_connection (c);
      return FALSE;
    case GAWS_TEST_SERVER_RAW:
      return write_body_piece (c, reply, 0, (gsize) length) && !reply->close_connection;
    default:
      break;
    }
  if (!write_head (c, reply))
    return FALSE;
  switch (reply->action)
    {
    case GAWS_TEST_SERVER_TRICKLE:
      return (head_only || write_body (c, reply, length, MAX (reply->trickle_chunk, 1),
                                       reply->trickle_interval_ms)) &&
             !reply->close_connection;
    case GAWS_TEST_SERVER_RESET_AFTER:
      if (write_body (c, reply, fault_at, IO_CHUNK, 0))
        reset_connection (c);
      return FALSE;
    case GAWS_TEST_SERVER_CLOSE_AFTER:
      write_body (c, reply, fault_at, IO_CHUNK, 0);
      return FALSE;
    case GAWS_TEST_SERVER_STALL_AFTER:
      if (write_body (c, reply, fault_at, IO_CHUNK, 0))
        wait_until_closed (c);
      return FALSE;
    default:
      break;
    }
  if (!head_only && !write_body (c, reply, length, IO_CHUNK, 0))
    return FALSE;
  if (reply->chunked && !head_only && !write_all (c, "0\r\n\r\n", 5))
    return FALSE;
  return !reply->close_connection;
}

/* ---- serving a connection -------------------------------------------------- */

static void
reply_init (GawsTestServerReply *reply)
{
  memset (reply, 0, sizeof *reply);
  reply->action = GAWS_TEST_SERVER_RESPOND;
  reply->status = 200;
  reply->headers = gaws_http_headers_new ();
}

static void
reply_clear (GawsTestServerReply *reply)
{
  gaws_http_headers_unref (reply->headers);
  g_clear_pointer (&reply->body, g_bytes_unref);
}

static gboolean
wants_close (const GawsTestServerRequest *request)
{
  const char *connection = gaws_http_headers_get_one (request->headers, "Connection");
  return connection != NULL && g_ascii_strcasecmp (connection, "close") == 0;
}

static gboolean
has_body (GawsHttpHeaders *headers)
{
  const char *length = gaws_http_headers_get_one (headers, "Content-Length");

  return gaws_http_headers_get_one (headers, "Transfer-Encoding") != NULL ||
         (length != NULL && g_ascii_strtoull (length, NULL, 10) > 0);
}

static gboolean
take_body_stall (GawsTestServer *server)
{
  int n;

  do
    {
      n = g_atomic_int_get (&server->n_body_stalls);
      if (n <= 0)
        return FALSE;
    }
  while (!g_atomic_int_compare_and_exchange (&server->n_body_stalls, n, n - 1));
  return TRUE;
}

/* Reads nothing more, so that the client's sends fill the socket buffers
 * and stop, until the client goes away or the server is freed. */
static void
stall_unread (Connection *c)
{
  GSocket *socket = g_socket_connection_get_socket (c->connection);

  g_atomic_int_inc (&c->server->n_requests);
  g_socket_condition_wait (socket, G_IO_ERR | G_IO_HUP, c->server->cancellable, NULL);
}

/* Reads one request, answers it; returns whether to go on. */
static gboolean
serve_one (Connection *c, guint index)
{
  g_autofree char *line = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GawsHttpHeaders) headers = gaws_http_headers_new ();
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(GBytes) body_bytes = NULL;
  GawsTestServerRequest request = { 0 };
  GawsTestServerReply reply;
  gboolean keep;

  do
    {
      g_free (line);
      line = read_line (c);
    }
  while (line != NULL && *line == '\0');
  if (line == NULL)
    return FALSE;
  parts = g_strsplit (line, " ", 3);
  if (g_strv_length (parts) != 3 || !read_headers (c, headers))
    return FALSE;
  request.method = parts[0];
  request.path = parts[1];
  request.headers = headers;
  request.index_on_connection = index;
  if (has_body (headers) && take_body_stall (c->server))
    {
      stall_unread (c);
      return FALSE;
    }
  if (!read_body (c, &request, body))
    return FALSE;
  body_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&body));
  request.body = body_bytes;
  g_atomic_int_inc (&c->server->n_requests);

  reply_init (&reply);
  c->server->handler (&request, &reply, c->server->user_data);
  keep = perform (c, &request, &reply) && !wants_close (&request);
  reply_clear (&reply);
  return keep;
}

/* Opens the streams the HTTP goes through; returns FALSE if the TLS
 * handshake failed (say, a client that does not trust the certificate). */
static gboolean
connection_open (Connection *c)
{
  GawsTestServer *server = c->server;

  if (server->certificate == NULL)
    c->stream = G_IO_STREAM (g_object_ref (c->connection));
  else
    {
      c->stream = g_tls_server_connection_new (G_IO_STREAM (c->connection), server->certificate, NULL);
      g_assert_nonnull (c->stream);
      if (!g_tls_connection_handshake (G_TLS_CONNECTION (c->stream), server->cancellable, NULL))
        return FALSE;
    }
  c->in = g_data_input_stream_new (g_io_stream_get_input_stream (c->stream));
  g_data_input_stream_set_newline_type (c->in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (c->in), FALSE);
  c->out = g_io_stream_get_output_stream (c->stream);
  return TRUE;
}

static gpointer
connection_thread (gpointer data)
{
  Connection *c = data;
  GawsTestServer *server = c->server;

  if (connection_open (c))
    for (guint index = 1; serve_one (c, index); index++)
      ;
  /* TLS says close_notify first; then the socket closes, if it has not */
  g_io_stream_close (c->stream, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (c->connection), NULL, NULL);
  g_clear_object (&c->in);
  g_object_unref (c->stream);
  g_object_unref (c->connection);
  g_free (c);

  g_mutex_lock (&server->mutex);
  server->n_open--;
  g_cond_broadcast (&server->cond);
  g_mutex_unlock (&server->mutex);
  return NULL;
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  GawsTestServer *server = user_data;
  Connection *c = g_new0 (Connection, 1);

  c->server = server;
  c->connection = g_object_ref (connection);
  g_atomic_int_inc (&server->n_connections);

  g_mutex_lock (&server->mutex);
  server->n_open++;
  server->max_open = MAX (server->max_open, server->n_open);
  g_ptr_array_add (server->threads, g_thread_new ("gaws-test-conn", connection_thread, c));
  g_mutex_unlock (&server->mutex);
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  GawsTestServer *server = data;
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (server->context);
  service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming), server);
  g_socket_service_start (service);

  g_mutex_lock (&server->mutex);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  server->ready = TRUE;
  g_cond_broadcast (&server->cond);
  g_mutex_unlock (&server->mutex);

  g_main_loop_run (server->loop);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/**
 * gaws_test_server_new:
 * @handler: decides the reply to each request
 * @user_data: data for @handler
 *
 * Starts a server on a free port of 127.0.0.1, in threads of its own.
 *
 * Returns: (transfer full): the running server
 */
GawsTestServer *
gaws_test_server_new (GawsTestServerHandler handler, gpointer user_data)
{
  return gaws_test_server_new_tls (handler, user_data, NULL);
}

/**
 * gaws_test_server_new_tls:
 * @handler: decides the reply to each request
 * @user_data: data for @handler
 * @certificate: (nullable): the server's certificate, with its private key;
 *   %NULL for plain HTTP
 *
 * Starts a server on a free port of 127.0.0.1, in threads of its own, that
 * speaks HTTPS when given a certificate (GIO's TLS: glib-networking must be
 * installed). Each accepted TCP connection counts in
 * gaws_test_server_get_n_connections(), whether its handshake succeeds or not.
 *
 * Returns: (transfer full): the running server
 */
GawsTestServer *
gaws_test_server_new_tls (GawsTestServerHandler  handler,
                          gpointer               user_data,
                          GTlsCertificate       *certificate)
{
  GawsTestServer *server = g_new0 (GawsTestServer, 1);

  server->handler = handler;
  server->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  server->user_data = user_data;
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->cancellable = g_cancellable_new ();
  server->threads = g_ptr_array_new ();
  g_mutex_init (&server->mutex);
  g_cond_init (&server->cond);
  server->thread = g_thread_new ("gaws-test-server", server_thread, server);

  g_mutex_lock (&server->mutex);
  while (!server->ready)
    g_cond_wait (&server->cond, &server->mutex);
  g_mutex_unlock (&server->mutex);
  server->url = g_strdup_printf ("%s://127.0.0.1:%u", certificate != NULL ? "https" : "http", server->port);
  return server;
}

/**
 * gaws_test_server_free:
 * @server: (transfer full): a server
 *
 * Stops the server: stalled and trickling replies end, connections close,
 * and every thread is joined.
 */
void
gaws_test_server_free (GawsTestServer *server)
{
  g_mutex_lock (&server->mutex);
  server->stopping = TRUE;
  g_cond_broadcast (&server->cond);
  g_mutex_unlock (&server->mutex);
  g_cancellable_cancel (server->cancellable);
  /* Through the context, as the loop may not be running yet: quitting it
   * before g_main_loop_run() would be forgotten. */
  g_main_context_invoke (server->context, quit_loop, server->loop);
  g_thread_join (server->thread);

  /* No connection can start now that the accepting thread is gone. */
  for (guint i = 0; i < server->threads->len; i++)
    g_thread_join (server->threads->pdata[i]);
  g_ptr_array_unref (server->threads);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_object_unref (server->cancellable);
  g_clear_object (&server->certificate);
  g_mutex_clear (&server->mutex);
  g_cond_clear (&server->cond);
  g_free (server->url);
  g_free (server);
}

/**
 * gaws_test_server_get_url:
 * @server: a server
 *
 * Returns: the server's base URL, `http://127.0.0.1:PORT` (`https://` with
 *   TLS), without a slash
 */
const char *
gaws_test_server_get_url (GawsTestServer *server)
{
  return server->url;
}

/**
 * gaws_test_server_get_port:
 * @server: a server
 *
 * Returns: the port the server listens on
 */
guint16
gaws_test_server_get_port (GawsTestServer *server)
{
  return server->port;
}

/**
 * gaws_test_server_get_n_connections:
 * @server: a server
 *
 * Returns: how many connections the server has accepted so far
 */
guint
gaws_test_server_get_n_connections (GawsTestServer *server)
{
  return (guint) g_atomic_int_get (&server->n_connections);
}

/**
 * gaws_test_server_get_n_open_connections:
 * @server: a server
 *
 * Returns: how many connections are open now
 */
guint
gaws_test_server_get_n_open_connections (GawsTestServer *server)
{
  guint n;

  g_mutex_lock (&server->mutex);
  n = server->n_open;
  g_mutex_unlock (&server->mutex);
  return n;
}

/**
 * gaws_test_server_get_max_open_connections:
 * @server: a server
 *
 * A connection counts as open from its accept until the server sees it
 * closed and closes its side too: a client that closes one connection and
 * opens another at once may be seen with both open for a moment.
 *
 * Returns: the most connections that were open at once so far
 */
guint
gaws_test_server_get_max_open_connections (GawsTestServer *server)
{
  guint n;

  g_mutex_lock (&server->mutex);
  n = server->max_open;
  g_mutex_unlock (&server->mutex);
  return n;
}

/**
 * gaws_test_server_get_n_requests:
 * @server: a server
 *
 * Returns: how many requests the server has read in full so far
 */
guint
gaws_test_server_get_n_requests (GawsTestServer *server)
{
  return (guint) g_atomic_int_get (&server->n_requests);
}

/**
 * gaws_test_server_stall_request_bodies:
 * @server: a #GawsTestServer
 * @n: how many requests
 *
 * The next @n requests that have a body are not read past their headers
 * (nor answered): an upload to a server that stopped reading. They count
 * in gaws_test_server_get_n_requests() but never reach the handler.
 */
void
gaws_test_server_stall_request_bodies (GawsTestServer *server, guint n)
{
  g_atomic_int_set (&server->n_body_stalls, (int) n);
}

/**
 * gaws_test_server_reply_set_body:
 * @reply: the reply being filled in
 * @content_type: (nullable): its `Content-Type`
 * @data: the body
 * @len: its length, or -1 if @data is a string
 *
 * Sets a fixed body, copying @data.
 */
void
gaws_test_server_reply_set_body (GawsTestServerReply *reply,
                                 const char          *content_type,
                                 const void          *data,
                                 gssize               len)
{
  if (len < 0)
    len = (gssize) strlen (data);
  g_clear_pointer (&reply->body, g_bytes_unref);
  reply->body = g_bytes_new (data, (gsize) len);
  if (content_type != NULL)
    gaws_http_headers_replace (reply->headers, "Content-Type", content_type);
}
