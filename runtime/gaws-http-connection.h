/* gaws-http-connection.h: an HTTP/1.1 connection that gaws writes its
 * requests to itself, once libcurl connected it (private; see
 * gaws-http-engine.c, "HTTP/1.1 written by gaws")
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <curl/curl.h>
#include <gio/gio.h>
#include "gaws-http-request.h"

G_BEGIN_DECLS

typedef struct _GawsHttpConnection GawsHttpConnection;

/* What the engine reads and edits in place: see gaws-http-engine.c. */
struct _GawsHttpConnection {
  GPollFD             pollfd;     /* fd -1 until connected */
  char               *host;
  int                 port;       /* as the request has it: 0 or less for the scheme's */
  gboolean            https;
  CURL               *tls;        /* https: the curl handle whose connection it is, else NULL */
  gpointer            exchange;   /* the engine's transfer on it, or NULL */
  GawsHttpConnection *next_idle;  /* in the engine's idle stack */
  GList               link;       /* in the engine's connections */
  guint               requests;   /* requests it carried, this one included */
  gboolean            polled;     /* @pollfd is in the engine's source */
  gboolean            broken;     /* it must not carry another request */

  /*< private >*/
  GString            *head;       /* the request head being sent */
  const guint8       *body;       /* and its body, which the caller keeps */
  gsize               body_len;
  gsize               sent;       /* bytes of head and body out so far */
  guint64             bytes_moved;
};

GawsHttpConnection *gaws_http_connection_new        (const char          *host,
                                                     int                  port,
                                                     gboolean             https);
void                gaws_http_connection_free       (GawsHttpConnection  *connection);
gboolean            gaws_http_connection_is_for     (GawsHttpConnection  *connection,
                                                     const char          *host,
                                                     int                  port,
                                                     gboolean             https);
gboolean            gaws_http_connection_can_carry  (GawsHttpRequest     *request);
gboolean            gaws_http_connection_put_request (GawsHttpConnection *connection,
                                                     GawsHttpRequest     *request,
                                                     const guint8        *body,
                                                     gsize                body_len,
                                                     const char          *user_agent,
                                                     GError             **error);
void                gaws_http_connection_forget_body (GawsHttpConnection *connection);

typedef enum {
  GAWS_HTTP_CONNECTION_DONE,      /* all of it went out */
  GAWS_HTTP_CONNECTION_AGAIN,     /* wait until the socket is writable */
  GAWS_HTTP_CONNECTION_FAILED,    /* the connection is broken */
} GawsHttpConnectionSend;

GawsHttpConnectionSend gaws_http_connection_send    (GawsHttpConnection  *connection,
                                                     GError             **error);
gboolean            gaws_http_connection_is_sending (GawsHttpConnection  *connection);
gssize              gaws_http_connection_receive    (GawsHttpConnection  *connection,
                                                     char                *buffer,
                                                     gsize                size,
                                                     GError             **error);
guint64             gaws_http_connection_get_bytes_moved (GawsHttpConnection *connection);

G_END_DECLS
