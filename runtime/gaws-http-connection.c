/* gaws-http-connection.c: an HTTP/1.1 connection that gaws writes its
 * requests to and reads its responses from itself (private)
 *
 * Why gaws writes the request head and not libcurl: libcurl 7.88 formats
 * every header line of a request through its printf, one byte at a time
 * (some 110 instructions a byte), which was more than half of what a
 * DynamoDB GetItem cost in libcurl and a third of all gaws spent on it.
 * The head of a signed AWS request is some 700 bytes of headers gaws
 * already has in hand; here it goes out as they are, with the body: in one
 * sendmsg() over plain http, through curl_easy_send() over TLS. libcurl
 * still makes the connection (name resolution, connect timeout, socket
 * options, the TLS handshake and its certificate checks), keeps the TLS
 * state, and still carries what this does not: proxies, request bodies
 * streamed from a GInputStream, HTTP/2.
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-http-connection.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "gaws-decimal-private.h"
#include "gaws-error.h"
#include "gaws-http-headers-private.h"
#include "gaws-http-request-private.h"
#include "gaws-scratch-private.h"

/* A TLS record holds 16 KiB: a body up to that goes out with the head. */
#define TLS_INLINE_BODY_MAX (16 * 1024 - 1024)

GawsHttpConnection *
gaws_http_connection_new (const char *host,
                          int         port,
                          gboolean    https)
{
  GawsHttpConnection *connection = g_new0 (GawsHttpConnection, 1);

  connection->https = https;
  connection->pollfd.fd = -1;
  connection->host = g_strdup (host);
  connection->port = port;
  connection->link.data = connection;
  connection->head = g_string_sized_new (1024);
  return connection;
}

/* Closes a plain socket too; the engine takes the poll record out first,
 * and lets go of the curl handle of an https one (which closes it). */
void
gaws_http_connection_free (GawsHttpConnection *connection)
{
  g_assert (!connection->polled && connection->tls == NULL);
  if (connection->pollfd.fd >= 0 && !connection->https)
    close (connection->pollfd.fd);
  g_string_free (connection->head, TRUE);
  g_free (connection->host);
  g_free (connection);
}

gboolean
gaws_http_connection_is_for (GawsHttpConnection *connection,
                             const char         *host,
                             int                 port,
                             gboolean            https)
{
  return connection->port == port && connection->https == https && strcmp (connection->host, host) == 0;
}

/* Headers that ask for what this does not do: an interim 100 Continue
 * before the body, a body framed other than by its length. */
static gboolean
header_needs_curl (const GawsHttpHeaderLine *line)
{
  return (line->name_len == 6 && g_ascii_strncasecmp (line->name, "Expect", 6) == 0) ||
         (line->name_len == 17 && g_ascii_strncasecmp (line->name, "Transfer-Encoding", 17) == 0);
}

/* Whether @request's head can go out on a connection of this kind: it
 * asks for nothing only libcurl does (the scheme, the body and the
 * response's mode are the engine's concern). */
gboolean
gaws_http_connection_can_carry (GawsHttpRequest *request)
{
  guint n_lines = 0;
  const GawsHttpHeaderLine *lines;

  if (gaws_http_request_get_host (request) == NULL)
    return FALSE;
  lines = gaws_http_headers_peek_lines (gaws_http_request_get_headers (request), &n_lines);
  for (guint i = 0; i < n_lines; i++)
    if ((*lines[i].name | 0x20) == 'e' || (*lines[i].name | 0x20) == 't')
      if (header_needs_curl (&lines[i]))
        return FALSE;
  return TRUE;
}

static inline void
put (GString *out, const char *text, gsize len)
{
  gaws_string_append_len (out, text, len);
}

static inline void
put_string (GString *out, const char *text)
{
  gaws_string_append_len (out, text, strlen (text));
}

static gboolean
is_header (const GawsHttpHeaderLine *line, const char *name, gsize len)
{
  return line->name_len == len && g_ascii_strncasecmp (line->name, name, len) == 0;
}

static void
put_host (GString *out, GawsHttpRequest *request)
{
  put (out, "Host: ", 6);
  gaws_http_request_append_authority (request, out);
  put (out, "\r\n", 2);
}

/* Whether @len bytes of @text hold a blank or a control character, which
 * would split the request line (curl refuses such a URL as malformed). */
static gboolean
has_blank_or_control (const char *text, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) text[i] <= 0x20 || (guchar) text[i] == 0x7f)
      return TRUE;
  return FALSE;
}

static gboolean
put_request_line (GString *out, GawsHttpRequest *request, GError **error)
{
  const char *method = gaws_http_request_get_method (request);
  const char *path = gaws_http_request_get_path (request);
  const char *query = gaws_http_request_get_query (request);
  gsize method_len = strlen (method);

  if (method_len == 0 || has_blank_or_control (method, method_len))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT, "Invalid HTTP method \"%s\"", method);
      return FALSE;
    }
  put (out, method, method_len);
  g_string_append_c (out, ' ');
  if (path == NULL || *path != '/')
    g_string_append_c (out, '/');
  if (path != NULL)
    put_string (out, path);
  if (query != NULL && *query != '\0')
    {
      g_string_append_c (out, '?');
      put_string (out, query);
    }
  if (has_blank_or_control (out->str + method_len + 1, out->len - method_len - 1))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Invalid URL: the request target has a blank or a control character: %s",
                   out->str + method_len + 1);
      return FALSE;
    }
  put (out, " HTTP/1.1\r\n", 11);
  return TRUE;
}

/* The request's own headers, which the engine checked
 * (gaws_http_headers_check_sendable()); records which of those the
 * engine would otherwise add. */
static void
put_headers (GString *out, GawsHttpRequest *request, gboolean *has_host,
             gboolean *has_agent, gboolean *has_length)
{
  guint n_lines = 0;
  const GawsHttpHeaderLine *lines =
    gaws_http_headers_peek_lines (gaws_http_request_get_headers (request), &n_lines);

  for (guint i = 0; i < n_lines; i++)
    {
      const GawsHttpHeaderLine *line = &lines[i];
      const char *value = gaws_http_header_line_get_value (line);

      switch (*line->name | 0x20)
        {
        case 'h': *has_host |= is_header (line, "Host", 4); break;
        case 'u': *has_agent |= is_header (line, "User-Agent", 10); break;
        case 'c': *has_length |= is_header (line, "Content-Length", 14); break;
        default: break;
        }
      put (out, line->name, line->name_len);
      put (out, ": ", 2);
      put (out, value, line->value_len);
      put (out, "\r\n", 2);
    }
}

/*
 * gaws_http_connection_put_request:
 * @connection: a connection with no request under way
 * @request: a request gaws_http_connection_can_carry() said yes to; it
 *   must outlive the exchange
 * @body: (nullable): the request's body, @body_len bytes, which must stay
 *   until it went out or gaws_http_connection_forget_body(); %NULL for a
 *   request without one
 * @user_agent: (nullable): the `User-Agent` to send if @request has none
 *
 * Makes @request's head, as libcurl would send it for the engine: its own
 * headers as they are, `Host` and `User-Agent` when it has none, and
 * `Content-Length` when it has a body; none of curl's `Accept` (any type) or
 * form `Content-Type`, which the engine has curl leave out. Then
 * gaws_http_connection_send() sends it with the body.
 *
 * Returns: %FALSE, with @error set, if a header cannot go on the wire
 */
gboolean
gaws_http_connection_put_request (GawsHttpConnection *connection,
                                  GawsHttpRequest    *request,
                                  const guint8       *body,
                                  gsize               body_len,
                                  const char         *user_agent,
                                  GError            **error)
{
  GString *out = connection->head;
  gboolean has_host = FALSE, has_agent = FALSE, has_length = FALSE;
  gboolean head = g_ascii_strcasecmp (gaws_http_request_get_method (request), "HEAD") == 0;

  g_string_truncate (out, 0);
  if (!put_request_line (out, request, error))
    return FALSE;
  put_headers (out, request, &has_host, &has_agent, &has_length);
  if (!has_host)
    put_host (out, request);
  if (!has_agent && user_agent != NULL)
    {
      put (out, "User-Agent: ", 12);
      put_string (out, user_agent);
      put (out, "\r\n", 2);
    }
  if (body != NULL && !head && !has_length)
    {
      char digits[GAWS_DECIMAL_MAX_DIGITS];

      put (out, "Content-Length: ", 16);
      put (out, digits, gaws_put_decimal (digits, body_len) - digits);
      put (out, "\r\n", 2);
    }
  put (out, "\r\n", 2);
  gaws_http_connection_forget_body (connection);
  /* over TLS, a small body goes in the head's record */
  if (body != NULL && !head && connection->https && body_len <= TLS_INLINE_BODY_MAX)
    put (out, (const char *) body, body_len);
  else if (body != NULL && !head)
    {
      connection->body = body;
      connection->body_len = body_len;
    }
  connection->sent = 0;
  connection->requests++;
  return TRUE;
}

/* curl_easy_send() of what is left of the head, else of the body: over
 * TLS one piece at a time, each a record or more. */
static gssize
send_tls (GawsHttpConnection *connection, GError **error)
{
  gsize head_len = connection->head->len;
  const char *data = connection->sent < head_len ? connection->head->str + connection->sent
                                                 : (const char *) connection->body + (connection->sent - head_len);
  gsize len = connection->sent < head_len ? head_len - connection->sent
                                          : head_len + connection->body_len - connection->sent;
  size_t n = 0;
  CURLcode code = curl_easy_send (connection->tls, data, len, &n);

  if (code == CURLE_AGAIN)
    return -2;
  if (code != CURLE_OK)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION, "sending: %s", curl_easy_strerror (code));
      return -1;
    }
  return (gssize) n;
}

/* The engine names the host when it passes this on. */
static GError *
socket_error (const char *doing, int errsv)
{
  return g_error_new (GAWS_ERROR, GAWS_ERROR_CONNECTION, "%s: %s", doing, g_strerror (errsv));
}

/*
 * gaws_http_connection_send:
 *
 * Sends what is left of the request's head and body, in one sendmsg()
 * while the socket takes it all (the usual request: one system call).
 */
GawsHttpConnectionSend
gaws_http_connection_send (GawsHttpConnection *connection,
                           GError            **error)
{
  gsize head_len = connection->head->len;
  gsize body_len = connection->body_len;

  while (connection->sent < head_len + body_len)
    {
      struct iovec iov[2];
      struct msghdr msg = { 0 };
      gsize sent = connection->sent;
      ssize_t n;

      if (connection->tls != NULL)
        {
          n = send_tls (connection, error);
          if (n == -2)
            return GAWS_HTTP_CONNECTION_AGAIN;
          if (n < 0)
            return GAWS_HTTP_CONNECTION_FAILED;
          connection->sent += (gsize) n;
          connection->bytes_moved += (guint64) n;
          continue;
        }
      if (sent < head_len)
        {
          iov[msg.msg_iovlen++] = (struct iovec) { connection->head->str + sent, head_len - sent };
          sent = head_len;
        }
      if (body_len > 0)
        iov[msg.msg_iovlen++] =
          (struct iovec) { (char *) connection->body + (sent - head_len), head_len + body_len - sent };
      msg.msg_iov = iov;
      n = sendmsg (connection->pollfd.fd, &msg, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return GAWS_HTTP_CONNECTION_AGAIN;
      if (n < 0)
        {
          g_propagate_error (error, socket_error ("sending", errno));
          return GAWS_HTTP_CONNECTION_FAILED;
        }
      connection->sent += (gsize) n;
      connection->bytes_moved += (guint64) n;
    }
  gaws_http_connection_forget_body (connection);
  return GAWS_HTTP_CONNECTION_DONE;
}

/* Drops the body's pointer, whether it went out or not: its owner is
 * about to free it. A connection that did not send all of it is left in
 * the middle of a request, fit for nothing else. */
void
gaws_http_connection_forget_body (GawsHttpConnection *connection)
{
  if (connection->body == NULL)
    return;
  connection->broken |= connection->sent < connection->head->len + connection->body_len;
  connection->body = NULL;
  connection->body_len = 0;
  connection->sent = connection->head->len;
}

/* Whether some of the request is still to go out. */
gboolean
gaws_http_connection_is_sending (GawsHttpConnection *connection)
{
  return connection->sent < connection->head->len + connection->body_len;
}

static gssize
receive_tls (GawsHttpConnection *connection, char *buffer, gsize size, GError **error)
{
  size_t n = 0;
  CURLcode code = curl_easy_recv (connection->tls, buffer, size, &n);

  if (code == CURLE_AGAIN)
    return -2;
  if (code != CURLE_OK)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION, "receiving: %s", curl_easy_strerror (code));
      return -1;
    }
  connection->bytes_moved += n;
  return (gssize) n;
}

/*
 * gaws_http_connection_receive:
 *
 * Returns: the bytes read into @buffer; 0 at the end of the connection;
 *   -1 with @error set when it failed; -2 when nothing is there yet.
 */
gssize
gaws_http_connection_receive (GawsHttpConnection *connection,
                              char               *buffer,
                              gsize               size,
                              GError            **error)
{
  ssize_t n;

  if (connection->tls != NULL)
    return receive_tls (connection, buffer, size, error);
  do
    n = recv (connection->pollfd.fd, buffer, size, 0);
  while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    return -2;
  if (n < 0)
    {
      g_propagate_error (error, socket_error ("receiving", errno));
      return -1;
    }
  connection->bytes_moved += (guint64) n;
  return n;
}

guint64
gaws_http_connection_get_bytes_moved (GawsHttpConnection *connection)
{
  return connection->bytes_moved;
}
