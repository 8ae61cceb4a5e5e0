/* gaws-test-server.h: a scriptable loopback HTTP/1.1 server for tests
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gaws.h>

G_BEGIN_DECLS

/**
 * GawsTestServerRequest:
 * @method: the request method
 * @path: the request target as sent: encoded path and query
 * @headers: the request headers
 * @body: the request body, de-chunked; empty when there is none
 * @chunked: whether the body came with `Transfer-Encoding: chunked`
 * @index_on_connection: 1 for the first request on its connection, 2 for
 *   the next, ...
 *
 * A request as the server's handler sees it.
 */
typedef struct {
  const char      *method;
  const char      *path;
  GawsHttpHeaders *headers;
  GBytes          *body;
  gboolean         chunked;
  guint            index_on_connection;
} GawsTestServerRequest;

/**
 * GawsTestServerAction:
 * @GAWS_TEST_SERVER_RESPOND: send the reply in full
 * @GAWS_TEST_SERVER_TRICKLE: send the body @trickle_chunk bytes at a time,
 *   every @trickle_interval_ms
 * @GAWS_TEST_SERVER_RESET_AFTER: send the head and @fault_offset bytes of
 *   body, then reset the connection (TCP RST)
 * @GAWS_TEST_SERVER_CLOSE_AFTER: send the head (announcing the full length)
 *   and @fault_offset bytes of body, then close the connection cleanly
 * @GAWS_TEST_SERVER_STALL_AFTER: send the head and @fault_offset bytes of
 *   body, then send nothing more until the client goes away or the server
 *   is freed
 * @GAWS_TEST_SERVER_STALL: send nothing at all, until the client goes away
 *   or the server is freed
 * @GAWS_TEST_SERVER_CLOSE: close the connection without answering
 * @GAWS_TEST_SERVER_RESET: reset the connection (TCP RST) without answering
 * @GAWS_TEST_SERVER_RAW: send @body as it is, as the whole reply: status
 *   line, head and framing included, nothing added (not even for HEAD);
 *   then close the connection if @close_connection, else read the next
 *   request. For malformed or unusual replies, byte for byte.
 *
 * What the server does with a request. New faults go at the end.
 */
typedef enum {
  GAWS_TEST_SERVER_RESPOND,
  GAWS_TEST_SERVER_TRICKLE,
  GAWS_TEST_SERVER_RESET_AFTER,
  GAWS_TEST_SERVER_CLOSE_AFTER,
  GAWS_TEST_SERVER_STALL_AFTER,
  GAWS_TEST_SERVER_STALL,
  GAWS_TEST_SERVER_CLOSE,
  GAWS_TEST_SERVER_RESET,
  GAWS_TEST_SERVER_RAW,
} GawsTestServerAction;

/**
 * GawsTestServerReply:
 * @action: what to do; %GAWS_TEST_SERVER_RESPOND by default
 * @status: the status code; 200 by default
 * @headers: headers to send besides `Content-Length` or
 *   `Transfer-Encoding`, which the server adds; empty by default
 * @body: (nullable): the body; when %NULL, a generated body of
 *   @body_length bytes following gaws_test_pattern_fill()
 * @body_length: length of the generated body when @body is %NULL
 * @chunked: send the body with `Transfer-Encoding: chunked`
 * @fault_offset: body bytes sent before the fault of
 *   %GAWS_TEST_SERVER_RESET_AFTER, %GAWS_TEST_SERVER_CLOSE_AFTER and
 *   %GAWS_TEST_SERVER_STALL_AFTER
 * @trickle_chunk: bytes per write for %GAWS_TEST_SERVER_TRICKLE
 * @trickle_interval_ms: pause between writes for %GAWS_TEST_SERVER_TRICKLE
 * @close_connection: close the connection after this reply (and, but for
 *   %GAWS_TEST_SERVER_RAW, say so with `Connection: close`)
 *
 * What the handler fills in. The server owns @headers and @body: set
 * @body with gaws_test_server_reply_set_body() or give it a reference.
 */
typedef struct {
  GawsTestServerAction  action;
  guint                 status;
  GawsHttpHeaders      *headers;
  GBytes               *body;
  guint64               body_length;
  gboolean              chunked;
  guint64               fault_offset;
  gsize                 trickle_chunk;
  guint                 trickle_interval_ms;
  gboolean              close_connection;
} GawsTestServerReply;

/**
 * GawsTestServerHandler:
 * @request: the request
 * @reply: the reply to fill in
 * @user_data: the data given to gaws_test_server_new()
 *
 * Decides the reply to a request. Called from the server's connection
 * threads, several at once when there are several connections: it must be
 * thread-safe.
 */
typedef void (*GawsTestServerHandler) (const GawsTestServerRequest *request,
                                       GawsTestServerReply         *reply,
                                       gpointer                     user_data);

typedef struct _GawsTestServer GawsTestServer;

GawsTestServer *gaws_test_server_new                  (GawsTestServerHandler  handler,
                                                       gpointer               user_data);
GawsTestServer *gaws_test_server_new_tls              (GawsTestServerHandler  handler,
                                                       gpointer               user_data,
                                                       GTlsCertificate       *certificate);
void            gaws_test_server_free                 (GawsTestServer        *server);
const char     *gaws_test_server_get_url              (GawsTestServer        *server);
guint16         gaws_test_server_get_port             (GawsTestServer        *server);
guint           gaws_test_server_get_n_connections    (GawsTestServer        *server);
guint           gaws_test_server_get_n_open_connections (GawsTestServer      *server);
guint           gaws_test_server_get_max_open_connections (GawsTestServer    *server);
guint           gaws_test_server_get_n_requests       (GawsTestServer        *server);
void            gaws_test_server_stall_request_bodies (GawsTestServer        *server,
                                                       guint                  n);

void            gaws_test_server_reply_set_body       (GawsTestServerReply   *reply,
                                                       const char            *content_type,
                                                       const void            *data,
                                                       gssize                 len);

void            gaws_test_pattern_fill                (guint8                *buffer,
                                                       guint64                offset,
                                                       gsize                  len);
gboolean        gaws_test_pattern_check               (const guint8          *buffer,
                                                       guint64                offset,
                                                       gsize                  len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GawsTestServer, gaws_test_server_free)

G_END_DECLS
