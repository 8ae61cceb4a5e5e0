/* gaws-http1-parser.h: an HTTP/1.1 response, read incrementally off a
 * connection gaws writes its requests to itself (see gaws-http-engine.c,
 * "direct exchanges")
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest status line or header line, and the most header bytes in
 * all, a response may have (curl's limits: 100 KiB a head). */
#define GAWS_HTTP1_MAX_HEAD 102400

/* What the parser reports, in the order the response has it. Each may be
 * NULL. @data is gaws_http1_parser_feed()'s @user_data. */
typedef struct {
  /* A status line: for each interim (1xx) response too. */
  void (*status)       (gpointer data, guint status, guint minor_version);
  /* A header line of the final (>= 200) response, as it came (no CR LF):
   * the name is line[0 .. name_len), the value line[value_offset ..
   * value_offset + value_len), blanks around it left out. Headers of
   * interim responses and trailers of a chunked body are not reported. */
  void (*header)       (gpointer data, const char *line, gsize name_len, gsize value_offset, gsize value_len);
  /* The final response's head is over; the body (if any) follows. */
  void (*headers_done) (gpointer data);
  /* Body bytes, de-chunked; never called with 0 bytes. */
  void (*body)         (gpointer data, const char *bytes, gsize len);
} GawsHttp1ParserCallbacks;

typedef struct {
  /*< private >*/
  guint    state;
  guint    status;
  guint    minor_version;
  gboolean head_request;     /* the request was HEAD: no body follows */
  gboolean keep_alive;
  gboolean chunked;
  gint64   content_length;   /* -1 until known */
  guint64  remaining;        /* of the body or of the current chunk */
  gsize    head_bytes;       /* of the current head, against GAWS_HTTP1_MAX_HEAD */
  guint    flags;            /* bytes came; the Connection tokens seen */
  GString *line;             /* a line split across two feeds, or NULL */
} GawsHttp1Parser;

void     gaws_http1_parser_init             (GawsHttp1Parser *parser,
                                             gboolean         head_request);
void     gaws_http1_parser_clear            (GawsHttp1Parser *parser);

/* Reads @len bytes of @bytes, calling @callbacks for what they hold.
 * Returns: how many bytes belong to this response (fewer than @len only
 * once it is complete: what follows belongs to no request and the caller
 * must not reuse the connection), or -1 with @error set (%GAWS_ERROR,
 * %GAWS_ERROR_PROTOCOL: malformed status line, header line, chunk size,
 * conflicting Content-Length, a head over GAWS_HTTP1_MAX_HEAD, ...). */
gssize   gaws_http1_parser_feed             (GawsHttp1Parser                *parser,
                                             const char                     *bytes,
                                             gsize                           len,
                                             const GawsHttp1ParserCallbacks *callbacks,
                                             gpointer                        user_data,
                                             GError                        **error);

/* The connection reached its end (recv() gave 0). Returns: %TRUE if that
 * ends the response properly (a body delimited by the connection's close,
 * or the response already complete), %FALSE with @error set
 * (%GAWS_ERROR_CONNECTION: closed before the response, or in the middle of
 * its head or body). Calls @callbacks->headers_done or nothing else. */
gboolean gaws_http1_parser_feed_eof         (GawsHttp1Parser                *parser,
                                             const GawsHttp1ParserCallbacks *callbacks,
                                             gpointer                        user_data,
                                             GError                        **error);

/* Whether the whole response is in. */
gboolean gaws_http1_parser_is_complete      (const GawsHttp1Parser *parser);
/* Whether any byte of a response came yet (a reused connection that the
 * server closed before answering is retried on a new one only then). */
gboolean gaws_http1_parser_has_started      (const GawsHttp1Parser *parser);
/* Once complete: whether the connection may carry another request
 * (HTTP/1.1 without `Connection: close`, HTTP/1.0 with
 * `Connection: keep-alive`, and a body not delimited by the close). */
gboolean gaws_http1_parser_keep_alive       (const GawsHttp1Parser *parser);
/* The final response's status, 0 before its status line. */
guint    gaws_http1_parser_get_status       (const GawsHttp1Parser *parser);
/* The body's length from Content-Length once the head is in, or -1
 * (chunked, delimited by the close, not known yet); 0 for HEAD, 1xx, 204
 * and 304 responses. */
gint64   gaws_http1_parser_get_content_length (const GawsHttp1Parser *parser);

G_END_DECLS
