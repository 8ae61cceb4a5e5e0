/* test-http1-parser.c: HTTP/1.1 responses read incrementally
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Each response is fed whole, one byte at a time, and in two pieces split
 * at every position: all must give the same trace (what the callbacks
 * saw, in order, then how the parser ended), and that trace is compared
 * with the one expected.
 */
#include "gaws-test-util.h"

#include <string.h>
#include "gaws-http1-parser.h"

typedef struct {
  GString  *trace;
  GString  *body;
  gboolean  headers_done;
  gboolean  complete_seen;
} Recorder;

static void
on_status (gpointer data,
           guint    status,
           guint    minor_version)
{
  Recorder *r = data;

  g_assert_false (r->headers_done);
  g_string_append_printf (r->trace, "status %u/%u;", status, minor_version);
}

static void
on_header (gpointer    data,
           const char *line,
           gsize       name_len,
           gsize       value_offset,
           gsize       value_len)
{
  Recorder *r = data;

  g_assert_false (r->headers_done);
  g_assert_cmpuint (name_len, >, 0);
  g_assert_cmpuint (value_offset, >, name_len);
  g_assert_true (line[name_len] == ':');
  /* the value is trimmed and holds no line end */
  if (value_len > 0)
    {
      g_assert_true (line[value_offset] != ' ' && line[value_offset] != '\t');
      g_assert_true (line[value_offset + value_len - 1] != ' ' && line[value_offset + value_len - 1] != '\t');
    }
  g_assert_null (memchr (line, '\n', value_offset + value_len));
  g_assert_null (memchr (line, '\r', value_offset + value_len));
  g_string_append_printf (r->trace, "header [%.*s]=[%.*s];",
                          (int) name_len, line, (int) value_len, line + value_offset);
}

static void
on_headers_done (gpointer data)
{
  Recorder *r = data;

  g_assert_false (r->headers_done);
  r->headers_done = TRUE;
  g_string_append (r->trace, "done;");
}

static void
on_body (gpointer    data,
         const char *bytes,
         gsize       len)
{
  Recorder *r = data;

  g_assert_true (r->headers_done);
  g_assert_cmpuint (len, >, 0);
  g_string_append_len (r->body, bytes, len);
}

static const GawsHttp1ParserCallbacks callbacks = {
  on_status, on_header, on_headers_done, on_body,
};

static const char *
code_name (const GError *error)
{
  g_assert_true (error->domain == GAWS_ERROR);
  switch (error->code)
    {
    case GAWS_ERROR_PROTOCOL:
      return "protocol";
    case GAWS_ERROR_CONNECTION:
      return "connection";
    default:
      g_assert_not_reached ();
    }
}

/* Feeds @response in the pieces that @cuts (ascending, ending with @len)
 * say, then the connection's end if @eof; returns the trace, and the
 * first error's message in @message. */
static char *
run (const char  *response,
     gsize        len,
     gboolean     head_request,
     gboolean     eof,
     const gsize *cuts,
     gsize        n_cuts,
     char       **message)
{
  GawsHttp1Parser parser;
  Recorder r = { g_string_new (NULL), g_string_new (NULL), FALSE, FALSE };
  g_autoptr(GError) error = NULL;
  gsize start = 0, used = 0;
  gboolean failed = FALSE;

  gaws_http1_parser_init (&parser, head_request);
  g_assert_false (gaws_http1_parser_has_started (&parser));
  for (gsize i = 0; i < n_cuts; i++)
    {
      gsize piece = cuts[i] - start;
      gssize n = gaws_http1_parser_feed (&parser, response + start, piece, &callbacks, &r, &error);

      if (n < 0)
        {
          g_assert_nonnull (error);
          g_string_append_printf (r.trace, "error %s;", code_name (error));
          failed = TRUE;
          /* and it stays failed */
          g_assert_cmpint (gaws_http1_parser_feed (&parser, "x", 1, &callbacks, &r, NULL), ==, -1);
          break;
        }
      g_assert_null (error);
      g_assert_cmpint (n, <=, piece);
      used += n;
      if (piece > 0)
        g_assert_true (gaws_http1_parser_has_started (&parser));
      if ((gsize) n < piece)
        {
          g_assert_true (gaws_http1_parser_is_complete (&parser));
          break;
        }
      start = cuts[i];
    }
  if (!failed)
    {
      g_string_append_printf (r.trace, "used %" G_GSIZE_FORMAT ";", used);
      if (eof)
        {
          if (gaws_http1_parser_feed_eof (&parser, &callbacks, &r, &error))
            {
              g_string_append (r.trace, "eof ok;");
            }
          else
            {
              g_string_append_printf (r.trace, "eof error %s;", code_name (error));
              failed = TRUE;
            }
        }
    }
  if (!failed)
    {
      g_string_append_printf (r.trace, "%s status %u length %" G_GINT64_FORMAT " %s",
                              gaws_http1_parser_is_complete (&parser) ? "complete" : "incomplete",
                              gaws_http1_parser_get_status (&parser),
                              gaws_http1_parser_get_content_length (&parser),
                              gaws_http1_parser_keep_alive (&parser) ? "keep-alive" : "close");
      /* feeding on after the end takes nothing */
      if (gaws_http1_parser_is_complete (&parser))
        g_assert_cmpint (gaws_http1_parser_feed (&parser, "HTTP/1.1", 8, &callbacks, &r, NULL), ==, 0);
    }
  if (r.body->len > 0)
    g_string_append_printf (r.trace, "%sbody [%s]", g_str_has_suffix (r.trace->str, ";") ? "" : ";", r.body->str);
  if (message != NULL)
    *message = error != NULL ? g_strdup (error->message) : NULL;
  gaws_http1_parser_clear (&parser);
  g_string_free (r.body, TRUE);
  return g_string_free (r.trace, FALSE);
}

/* The trace of @response fed whole, checked against @expected, and the
 * same trace fed one byte at a time and in two pieces split anywhere
 * (when @all_splits; else at a few places). Returns the whole feed's
 * error message, if any. */
static char *
check_full (const char *response,
            gsize       len,
            gboolean    head_request,
            gboolean    eof,
            gboolean    all_splits,
            const char *expected)
{
  g_autofree gsize *bytes = g_new (gsize, len + 1);
  char *message = NULL;
  g_autofree char *whole = NULL, *by_byte = NULL;

  whole = run (response, len, head_request, eof, &len, 1, &message);
  g_assert_cmpstr (whole, ==, expected);

  for (gsize i = 0; i < len; i++)
    bytes[i] = i + 1;
  by_byte = run (response, len, head_request, eof, bytes, len, NULL);
  g_assert_cmpstr (by_byte, ==, expected);

  for (gsize at = 0; at <= len; at++)
    {
      gsize cuts[2] = { at, len };
      g_autofree char *split = NULL;

      if (!all_splits && at > 64 && at + 64 < len && at % 997 != 0)
        continue;
      split = run (response, len, head_request, eof, cuts, 2, NULL);
      if (g_strcmp0 (split, expected) != 0)
        g_error ("split at %" G_GSIZE_FORMAT ": %s\nexpected: %s", at, split, expected);
    }
  return message;
}

static char *
check_message (const char *response,
               gboolean    head_request,
               gboolean    eof,
               const char *expected)
{
  return check_full (response, strlen (response), head_request, eof, TRUE, expected);
}

static void
check (const char *response,
       gboolean    head_request,
       gboolean    eof,
       const char *expected)
{
  g_free (check_message (response, head_request, eof, expected));
}

/* A malformed response: the whole feed's message names @what. */
static void
check_malformed (const char *response,
                 const char *expected,
                 const char *what)
{
  g_autofree char *message = check_message (response, FALSE, FALSE, expected);

  g_assert_nonnull (message);
  if (strstr (message, what) == NULL)
    g_error ("\"%s\" not in \"%s\"", what, message);
}

/* Framing */

static void
test_content_length (void)
{
  check ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello", FALSE, FALSE,
         "status 200/1;header [Content-Type]=[text/plain];header [Content-Length]=[5];done;"
         "used 69;complete status 200 length 5 keep-alive;body [hello]");
  /* the connection's end after a complete response is no error */
  check ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", FALSE, TRUE,
         "status 200/1;header [Content-Length]=[5];done;"
         "used 43;eof ok;complete status 200 length 5 keep-alive;body [hello]");
  /* before the end, incomplete */
  check ("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello", FALSE, FALSE,
         "status 200/1;header [Content-Length]=[6];done;"
         "used 43;incomplete status 200 length 6 close;body [hello]");
}

static void
test_zero_length (void)
{
  check ("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", FALSE, FALSE,
         "status 200/1;header [Content-Length]=[0];done;"
         "used 38;complete status 200 length 0 keep-alive");
  check ("HTTP/1.1 404 Not Found\r\ncontent-length:0\r\n\r\n", FALSE, TRUE,
         "status 404/1;header [content-length]=[0];done;"
         "used 44;eof ok;complete status 404 length 0 keep-alive");
}

static void
test_chunked (void)
{
  /* several chunks, extensions (with blanks before them), upper- and
   * lower-case hex, trailers skipped */
  check ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
         "5;name=value\r\nhello\r\n"
         "1 ; x\r\n,\r\n"
         "a\r\n0123456789\r\n"
         "B\r\nABCDEFGHIJK\r\n"
         "0;last\r\nX-Trailer: t\r\nX-Checksum: c\r\n\r\n",
         FALSE, FALSE,
         "status 200/1;header [Transfer-Encoding]=[chunked];done;"
         "used 148;complete status 200 length -1 keep-alive;body [hello,0123456789ABCDEFGHIJK]");
  /* no chunk but the last, no trailer; case-insensitive, in a list with
   * empty elements; LF alone ends the size lines too */
  check ("HTTP/1.1 200 OK\r\ntransfer-encoding: , CHUNKED\r\n\r\n0\n\n", FALSE, TRUE,
         "status 200/1;header [transfer-encoding]=[, CHUNKED];done;"
         "used 52;eof ok;complete status 200 length -1 keep-alive");
  /* leading zeroes */
  check ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0002\r\nab\r\n00\r\n\r\n", FALSE, FALSE,
         "status 200/1;header [Transfer-Encoding]=[chunked];done;"
         "used 63;complete status 200 length -1 keep-alive;body [ab]");
}

static void
test_chunked_wins_over_content_length (void)
{
  /* RFC 9112 6.3: chunked frames the body, and the connection is not
   * reused after it */
  check ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", FALSE, FALSE,
         "status 200/1;header [Content-Length]=[3];header [Transfer-Encoding]=[chunked];done;"
         "used 81;complete status 200 length -1 close;body [hello]");
  check ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n5\r\nhello\r\n0\r\n\r\n", FALSE, FALSE,
         "status 200/1;header [Transfer-Encoding]=[chunked];header [Content-Length]=[3];done;"
         "used 81;complete status 200 length -1 close;body [hello]");
  /* an HTTP/1.0 server saying chunked is read, not trusted after */
  check ("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n", FALSE, FALSE,
         "status 200/0;header [Connection]=[keep-alive];header [Transfer-Encoding]=[chunked];done;"
         "used 82;complete status 200 length -1 close;body [x]");
}

/* The framing headers are found by their whole names: a name 17 bytes
 * long that differs from Transfer-Encoding in its 9th byte only (found by
 * fuzz-http1-parser) is some other header. */
static void
test_framing_names_compared_whole (void)
{
  static const char *const names[] = {
    "TransferLEncoding", "Transfer_Encoding", "transfer.encoding", "Transfer~Encoding",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *response = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n%s: chunked\r\n\r\n"
                                                   "3\r\nab", names[i]);
      g_autofree char *expected = g_strdup_printf ("status 200/1;header [Content-Length]=[5];header [%s]=[chunked];done;"
                                                   "used 71;complete status 200 length 5 keep-alive;body [3\r\nab]",
                                                   names[i]);

      check (response, FALSE, FALSE, expected);
    }
  /* nor is a name that differs in its first or last 8 bytes */
  check ("HTTP/1.1 200 OK\r\nTransferXEncodinx: chunked\r\nContent-Length: 1\r\n\r\nx", FALSE, FALSE,
         "status 200/1;header [TransferXEncodinx]=[chunked];header [Content-Length]=[1];done;"
         "used 67;complete status 200 length 1 keep-alive;body [x]");
}

static void
test_close_delimited (void)
{
  check ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it\r\n\r\nuntil the end", FALSE, TRUE,
         "status 200/1;header [Content-Type]=[text/plain];done;"
         "used 71;eof ok;complete status 200 length -1 close;body [all of it\r\n\r\nuntil the end]");
  /* not complete until the end came */
  check ("HTTP/1.1 200 OK\r\n\r\nabc", FALSE, FALSE,
         "status 200/1;done;used 22;incomplete status 200 length -1 close;body [abc]");
  /* an empty body */
  check ("HTTP/1.1 200 OK\r\n\r\n", FALSE, TRUE,
         "status 200/1;done;used 19;eof ok;complete status 200 length -1 close");
}

static void
test_no_body (void)
{
  /* HEAD: the Content-Length is the GET's, no body follows; what does is
   * no part of the response */
  check ("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", TRUE, TRUE,
         "status 200/1;header [Content-Length]=[100];done;"
         "used 40;eof ok;complete status 200 length 0 keep-alive");
  check ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", TRUE, FALSE,
         "status 200/1;header [Transfer-Encoding]=[chunked];done;"
         "used 47;complete status 200 length 0 keep-alive");
  check ("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello", FALSE, FALSE,
         "status 204/1;header [Content-Length]=[5];done;"
         "used 46;complete status 204 length 0 close");
  check ("HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n", FALSE, FALSE,
         "status 304/1;header [Content-Length]=[5];done;"
         "used 48;complete status 304 length 0 keep-alive");
  check ("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n", FALSE, TRUE,
         "status 304/1;header [Transfer-Encoding]=[chunked];done;"
         "used 57;eof ok;complete status 304 length 0 keep-alive");
  /* no length: not delimited by the close either */
  check ("HTTP/1.1 204 No Content\r\n\r\n", FALSE, FALSE,
         "status 204/1;done;used 27;complete status 204 length 0 keep-alive");
}

static void
test_extra_bytes (void)
{
  /* what follows a complete response is not taken, and the connection
   * is not reused */
  check ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n", FALSE, FALSE,
         "status 200/1;header [Content-Length]=[2];done;"
         "used 40;complete status 200 length 2 close;body [ok]");
  check ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n\r\n", FALSE, FALSE,
         "status 200/1;header [Transfer-Encoding]=[chunked];done;"
         "used 52;complete status 200 length -1 close");
}

static void
test_feed_after_complete (void)
{
  GawsHttp1Parser parser;
  const char *response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
  g_autoptr(GError) error = NULL;

  gaws_http1_parser_init (&parser, FALSE);
  g_assert_cmpint (gaws_http1_parser_feed (&parser, response, strlen (response), NULL, NULL, &error), ==, strlen (response));
  g_assert_no_error (error);
  g_assert_true (gaws_http1_parser_keep_alive (&parser));
  g_assert_cmpint (gaws_http1_parser_feed (&parser, "", 0, NULL, NULL, &error), ==, 0);
  g_assert_true (gaws_http1_parser_keep_alive (&parser));
  g_assert_cmpint (gaws_http1_parser_feed (&parser, "x", 1, NULL, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_false (gaws_http1_parser_keep_alive (&parser));
  g_assert_true (gaws_http1_parser_feed_eof (&parser, NULL, NULL, &error));
  g_assert_no_error (error);
  gaws_http1_parser_clear (&parser);
}

/* Interim responses */

static void
test_interim (void)
{
  check ("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", FALSE, FALSE,
         "status 100/1;status 200/1;header [Content-Length]=[2];done;"
         "used 65;complete status 200 length 2 keep-alive;body [ok]");
  /* their headers are not reported nor taken for the final response's */
  check ("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\nContent-Length: 7\r\nConnection: close\r\n\r\n"
         "HTTP/1.1 100 Continue\r\n\r\n"
         "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
         FALSE, FALSE,
         "status 103/1;status 100/1;status 200/1;header [Content-Length]=[2];done;"
         "used 147;complete status 200 length 2 keep-alive;body [ok]");
}

static void
test_interim_status_not_final (void)
{
  GawsHttp1Parser parser;
  const char *interim = "HTTP/1.1 100 Continue\r\n\r\n";
  g_autoptr(GError) error = NULL;

  gaws_http1_parser_init (&parser, FALSE);
  g_assert_cmpint (gaws_http1_parser_feed (&parser, interim, strlen (interim), NULL, NULL, &error), ==, strlen (interim));
  g_assert_cmpuint (gaws_http1_parser_get_status (&parser), ==, 0);
  g_assert_cmpint (gaws_http1_parser_get_content_length (&parser), ==, -1);
  g_assert_false (gaws_http1_parser_is_complete (&parser));
  g_assert_false (gaws_http1_parser_feed_eof (&parser, NULL, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  gaws_http1_parser_clear (&parser);
}

static void
test_switching_protocols (void)
{
  check_malformed ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
                   "error protocol;", "101");
}

/* Keep-alive */

static void
test_keep_alive (void)
{
  check ("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", FALSE, FALSE,
         "status 200/0;header [Content-Length]=[0];done;used 38;complete status 200 length 0 close");
  check ("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n", FALSE, FALSE,
         "status 200/0;header [Connection]=[Keep-Alive];header [Content-Length]=[0];done;"
         "used 62;complete status 200 length 0 keep-alive");
  /* close wins, whatever the order */
  check ("HTTP/1.0 200 OK\r\nConnection: close\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", FALSE, FALSE,
         "status 200/0;header [Connection]=[close];header [Connection]=[keep-alive];header [Content-Length]=[0];done;"
         "used 81;complete status 200 length 0 close");
  /* HTTP/1.0, keep-alive but no length: delimited by the close */
  check ("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\nxy", FALSE, TRUE,
         "status 200/0;header [Connection]=[keep-alive];done;"
         "used 45;eof ok;complete status 200 length -1 close;body [xy]");
  check ("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", FALSE, FALSE,
         "status 200/1;header [Connection]=[close];header [Content-Length]=[0];done;"
         "used 57;complete status 200 length 0 close");
  check ("HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n", FALSE, FALSE,
         "status 200/1;header [Connection]=[keep-alive, close];header [Content-Length]=[0];done;"
         "used 69;complete status 200 length 0 close");
  check ("HTTP/1.1 200 OK\r\nconnection:CLoSe ,foo\r\nContent-Length: 0\r\n\r\n", FALSE, FALSE,
         "status 200/1;header [connection]=[CLoSe ,foo];header [Content-Length]=[0];done;"
         "used 61;complete status 200 length 0 close");
  /* tokens are whole: "closed" is not close */
  check ("HTTP/1.1 200 OK\r\nConnection: closed, x-close\r\nContent-Length: 0\r\n\r\n", FALSE, FALSE,
         "status 200/1;header [Connection]=[closed, x-close];header [Content-Length]=[0];done;"
         "used 67;complete status 200 length 0 keep-alive");
  /* a Connection header named otherwise is not one */
  check ("HTTP/1.1 200 OK\r\nX-Connection: close\r\nContent-Length: 0\r\n\r\n", FALSE, FALSE,
         "status 200/1;header [X-Connection]=[close];header [Content-Length]=[0];done;"
         "used 59;complete status 200 length 0 keep-alive");
}

/* Lines */

static void
test_status_lines (void)
{
  check ("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", FALSE, FALSE,
         "status 200/1;header [Content-Length]=[0];done;used 35;complete status 200 length 0 keep-alive");
  check ("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n", FALSE, FALSE,
         "status 200/1;header [Content-Length]=[0];done;used 36;complete status 200 length 0 keep-alive");
  check ("HTTP/1.1 599 Whatever \t it\x80\xff says\nContent-Length: 0\n\n", FALSE, FALSE,
         "status 599/1;header [Content-Length]=[0];done;used 53;complete status 599 length 0 keep-alive");
  check ("HTTP/1.1 999 x\r\n\r\n", FALSE, TRUE,
         "status 999/1;done;used 18;eof ok;complete status 999 length -1 close");
}

static void
test_malformed_status_lines (void)
{
  static const char *const lines[] = {
    "HTTP/2 200 OK",
    "HTTP/2.0 200 OK",
    "HTTP/1.1 20 OK",
    "HTTP/1.1 2000 OK",
    "HTTP/1.1 200OK",
    "HTTP/1.1 099 Low",
    "HTTP/1.1 -20 OK",
    "HTTP/1.1 2x0 OK",
    "HTTP/1.1  200 OK",
    "HTTP/1.1\t200 OK",
    "HTTP/1.x 200 OK",
    "http/1.1 200 OK",
    " HTTP/1.1 200 OK",
    "ICY 200 OK",
    "HTTP/1.1 200 O\x01K",
    "HTTP/1.1 200 O\rK",
    "HTTP/1.1 200 O\x7fK",
    "",
    "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *response = g_strconcat (lines[i], "\r\nContent-Length: 0\r\n\r\n", NULL);

      check_malformed (response, "error protocol;", "status line");
    }
  /* the line comes in the message, escaped */
  {
    g_autofree char *message = check_message ("SSH-2.0-OpenSSH\x01\r\n", FALSE, FALSE, "error protocol;");

    g_assert_cmpstr (message, ==, "Malformed HTTP response: status line: \"SSH-2.0-OpenSSH\\x01\"");
  }
  /* NUL counted in */
  {
    static const char with_nul[] = "HTTP/1.1 200 A\0B\r\n\r\n";

    g_free (check_full (with_nul, sizeof with_nul - 1, FALSE, FALSE, TRUE, "error protocol;"));
  }
}

static void
test_long_status_line_message_truncated (void)
{
  g_autofree char *reason = g_strnfill (500, 'r');
  g_autofree char *response = g_strconcat ("HTTP/1.1 200\x02", reason, "\r\n\r\n", NULL);
  g_autofree char *message = check_message (response, FALSE, FALSE, "error protocol;");

  g_assert_true (g_str_has_prefix (message, "Malformed HTTP response: status line: \"HTTP/1.1 200\\x02rrr"));
  g_assert_true (g_str_has_suffix (message, "rrr\"..."));
  g_assert_cmpuint (strlen (message), <, 150);
}

static void
test_header_values (void)
{
  check ("HTTP/1.1 200 OK\r\n"
         "X-A:   spaced  \r\n"
         "X-B:\r\n"
         "X-C: \t \r\n"
         "X-D:\tin\tside  blanks\t\r\n"
         "X-E::colon: in value:\r\n"
         "x-obs: caf\xc3\xa9\r\n"
         "!#$%&'*+-.^_`|~09az: tchars\r\n"
         "Content-Length: 0\r\n\r\n",
         FALSE, FALSE,
         "status 200/1;header [X-A]=[spaced];header [X-B]=[];header [X-C]=[];"
         "header [X-D]=[in\tside  blanks];header [X-E]=[:colon: in value:];header [x-obs]=[caf\xc3\xa9];"
         "header [!#$%&'*+-.^_`|~09az]=[tchars];header [Content-Length]=[0];done;"
         "used 159;complete status 200 length 0 keep-alive");
  /* LF alone ends lines */
  check ("HTTP/1.1 200 OK\nA: 1\nContent-Length: 1\n\nz", FALSE, FALSE,
         "status 200/1;header [A]=[1];header [Content-Length]=[1];done;"
         "used 41;complete status 200 length 1 keep-alive;body [z]");
}

/* The header callback's offsets, on the line as it came. */
typedef struct {
  guint  calls;
  char  *line;
  gsize  name_len, value_offset, value_len;
} OffsetRecord;

static void
record_offsets (gpointer    data,
                const char *line,
                gsize       name_len,
                gsize       value_offset,
                gsize       value_len)
{
  OffsetRecord *r = data;

  r->calls++;
  g_free (r->line);
  r->line = g_strndup (line, value_offset + value_len);
  r->name_len = name_len;
  r->value_offset = value_offset;
  r->value_len = value_len;
}

static void
test_header_offsets (void)
{
  static const GawsHttp1ParserCallbacks offsets_callbacks = { NULL, record_offsets, NULL, NULL };
  static const struct {
    const char *line;
    gsize name_len, value_offset, value_len;
  } cases[] = {
    { "Name: value", 4, 6, 5 },
    { "Name:value", 4, 5, 5 },
    { "Name: \t value \t ", 4, 8, 5 },
    { "N:", 1, 2, 0 },
    { "Name:   ", 4, 8, 0 },
    { "x-amzn-RequestId: ABC DEF", 16, 18, 7 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *response = g_strconcat ("HTTP/1.1 200 OK\r\n", cases[i].line, "\r\n", NULL);
      OffsetRecord r = { 0, };
      GawsHttp1Parser parser;
      g_autoptr(GError) error = NULL;

      gaws_http1_parser_init (&parser, FALSE);
      g_assert_cmpint (gaws_http1_parser_feed (&parser, response, strlen (response), &offsets_callbacks, &r, &error),
                       ==, strlen (response));
      g_assert_no_error (error);
      g_assert_cmpuint (r.calls, ==, 1);
      g_assert_true (strncmp (r.line, cases[i].line, cases[i].value_offset + cases[i].value_len) == 0);
      g_assert_cmpuint (r.name_len, ==, cases[i].name_len);
      g_assert_cmpuint (r.value_offset, ==, cases[i].value_offset);
      g_assert_cmpuint (r.value_len, ==, cases[i].value_len);
      gaws_http1_parser_clear (&parser);
      g_free (r.line);
    }
}

static void
test_malformed_header_lines (void)
{
  static const struct {
    const char *line;
    const char *what;
  } cases[] = {
    { "No colon here", "without a colon" },
    { "Name : value", "header line" },
    { "Name\t: value", "header line" },
    { ": value", "header line" },
    { "Na(me: value", "header line" },
    { "Na\"me: value", "header line" },
    { "Na\x80me: value", "header line" },
    { "Na\x01me: value", "header line" },
    { "Name: va\rlue", "header line" },
    { "Name: va\x01lue", "header line" },
    { "Name: value\x7f", "header line" },
    { "Name: 12345678\x1b" "90123456", "header line" },
    { " folded: value", "folded" },
    { "\tfolded", "folded" },
    { "Content-Length: 1\r\n continued", "folded" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *response = g_strconcat ("HTTP/1.1 200 OK\r\n", cases[i].line, "\r\nContent-Length: 0\r\n\r\n", NULL);
      const char *expected = g_str_has_prefix (cases[i].line, "Content-Length")
                             ? "status 200/1;header [Content-Length]=[1];error protocol;"
                             : "status 200/1;error protocol;";

      check_malformed (response, expected, cases[i].what);
    }
  /* a NUL in a value */
  {
    static const char with_nul[] = "HTTP/1.1 200 OK\r\nName: a\0b\r\n\r\n";

    g_free (check_full (with_nul, sizeof with_nul - 1, FALSE, FALSE, TRUE, "status 200/1;error protocol;"));
  }
  /* interim responses' headers are checked too */
  check_malformed ("HTTP/1.1 100 Continue\r\nBad Name: x\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
                   "status 100/1;error protocol;", "header line");
  check_malformed ("HTTP/1.1 100 Continue\r\n folded\r\n\r\n",
                   "status 100/1;error protocol;", "folded");
}

/* Lengths */

static void
test_content_length_lists (void)
{
  check ("HTTP/1.1 200 OK\r\nContent-Length: 2, 2 ,2\r\n\r\nab", FALSE, FALSE,
         "status 200/1;header [Content-Length]=[2, 2 ,2];done;used 46;complete status 200 length 2 keep-alive;body [ab]");
  check ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\ncontent-length: 02\r\n\r\nab", FALSE, FALSE,
         "status 200/1;header [Content-Length]=[2];header [content-length]=[02];done;"
         "used 60;complete status 200 length 2 keep-alive;body [ab]");
  check ("HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775807\r\n\r\nab", FALSE, TRUE,
         "status 200/1;header [Content-Length]=[9223372036854775807];done;"
         "used 58;eof error connection;body [ab]");
}

static void
test_malformed_content_length (void)
{
  static const char *const values[] = {
    "", " ", ",", "abc", "-1", "+5", "5 5", "0x10", "1.0", "5;", "\t",
    "9223372036854775808", "18446744073709551616", "99999999999999999999999",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *response = g_strconcat ("HTTP/1.1 200 OK\r\nContent-Length: ", values[i], "\r\n\r\n", NULL);

      check_malformed (response, "status 200/1;error protocol;", "Content-Length");
    }
  check_malformed ("HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nab", "status 200/1;error protocol;",
                   "conflicting Content-Length");
  check_malformed ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
                   "status 200/1;header [Content-Length]=[2];error protocol;", "conflicting Content-Length");
}

static void
test_malformed_transfer_encoding (void)
{
  static const char *const values[] = {
    "gzip", "gzip, chunked", "chunked, gzip", "chunked, chunked", "chunkedx", "identity", "", ",",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *response = g_strconcat ("HTTP/1.1 200 OK\r\nTransfer-Encoding: ", values[i], "\r\n\r\n", NULL);

      check_malformed (response, "status 200/1;error protocol;", "Transfer-Encoding");
    }
  check_malformed ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
                   "status 200/1;header [Transfer-Encoding]=[chunked];error protocol;", "Transfer-Encoding");
}

static void
test_malformed_chunks (void)
{
#define CHUNKED_HEAD "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
#define CHUNKED_TRACE "status 200/1;header [Transfer-Encoding]=[chunked];done;"
  static const struct {
    const char *chunks;
    const char *what;
    const char *body;
  } cases[] = {
    { "\r\n", "chunk size", NULL },
    { "x\r\n", "chunk size", NULL },
    { "5x\r\nhello\r\n", "chunk size", NULL },
    { "-5\r\nhello\r\n", "chunk size", NULL },
    { "+5\r\nhello\r\n", "chunk size", NULL },
    { "0x5\r\nhello\r\n", "chunk size", NULL },
    { " 5\r\nhello\r\n", "chunk size", NULL },
    { "5 x\r\nhello\r\n", "chunk size", NULL },
    { "8000000000000000\r\n", "too large", NULL },
    { "10000000000000000\r\n", "too large", NULL },
    { "ffffffffffffffffffff\r\n", "too large", NULL },
    { "5\r\nhelloX\r\n0\r\n\r\n", "CR LF", "hello" },
    { "5\r\nhello\n0\r\n\r\n", "CR LF", "hello" },
    { "5\r\nhello\r\r\n0\r\n\r\n", "CR LF", "hello" },
    { "3\r\nhello\r\n0\r\n\r\n", "CR LF", "hel" },
    { "0\r\nbad trailer\r\n\r\n", "without a colon", NULL },
    { "0\r\n folded\r\n\r\n", "folded", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *response = g_strconcat (CHUNKED_HEAD, cases[i].chunks, NULL);
      g_autofree char *expected = g_strconcat (CHUNKED_TRACE "error protocol;",
                                               cases[i].body != NULL ? "body [" : "",
                                               cases[i].body, cases[i].body != NULL ? "]" : "", NULL);

      check_malformed (response, expected, cases[i].what);
    }
  /* the biggest size is no error (the body is just not all there) */
  check (CHUNKED_HEAD "7fffffffffffffff\r\nab", FALSE, TRUE,
         CHUNKED_TRACE "used 67;eof error connection;body [ab]");
}

/* Limits */

/* A head of exactly @size bytes: a status line, a long header, a short
 * one to make up the size, the empty line. */
static char *
head_of_size (gsize size)
{
  GString *s = g_string_new ("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Long: ");
  gsize fill = size - s->len - strlen ("\r\n\r\n");

  for (gsize i = 0; i < fill; i++)
    g_string_append_c (s, 'a' + i % 26);
  g_string_append (s, "\r\n\r\n");
  g_assert_cmpuint (s->len, ==, size);
  return g_string_free (s, FALSE);
}

static void
test_head_limit (void)
{
  g_autofree char *fits = head_of_size (GAWS_HTTP1_MAX_HEAD);
  g_autofree char *over = head_of_size (GAWS_HTTP1_MAX_HEAD + 1);
  g_autofree char *fits_trace = NULL;
  g_autofree char *over_trace = NULL;
  g_autofree char *message = NULL;
  g_autofree char *unterminated = NULL;
  g_autofree char *interim = NULL;
  gsize value_len = GAWS_HTTP1_MAX_HEAD - 36 - 8 - 4;

  fits_trace = g_strdup_printf ("status 200/1;header [Content-Length]=[0];header [X-Long]=[%.*s];done;"
                                "used %u;complete status 200 length 0 keep-alive",
                                (int) value_len, fits + 36 + 8, GAWS_HTTP1_MAX_HEAD);
  g_free (check_full (fits, strlen (fits), FALSE, FALSE, FALSE, fits_trace));
  /* the empty line is the byte too many */
  over_trace = g_strdup_printf ("status 200/1;header [Content-Length]=[0];header [X-Long]=[%.*s];error protocol;",
                                (int) value_len + 1, over + 36 + 8);
  message = check_full (over, strlen (over), FALSE, FALSE, FALSE, over_trace);
  g_assert_cmpstr (message, ==, "Malformed HTTP response: response head over 102400 bytes");

  /* a line with no end is refused as soon as it is too long */
  unterminated = g_strnfill (GAWS_HTTP1_MAX_HEAD, 'a');
  memcpy (unterminated, "HTTP/1.1 200 OK\r\nX: ", 20);
  g_free (check_full (unterminated, strlen (unterminated), FALSE, FALSE, FALSE, "status 200/1;error protocol;"));
  /* one byte less: waits for more */
  g_free (check_full (unterminated, GAWS_HTTP1_MAX_HEAD - 1, FALSE, TRUE, FALSE,
                      "status 200/1;used 102399;eof error connection;"));

  /* each head has its own limit: an interim one's bytes are not counted
   * in the final one's */
  interim = g_strconcat ("HTTP/1.1 100 Continue\r\n\r\n", fits, NULL);
  g_free (fits_trace);
  fits_trace = g_strdup_printf ("status 100/1;status 200/1;header [Content-Length]=[0];header [X-Long]=[%.*s];done;"
                                "used %u;complete status 200 length 0 keep-alive",
                                (int) value_len, fits + 36 + 8, GAWS_HTTP1_MAX_HEAD + 25);
  g_free (check_full (interim, strlen (interim), FALSE, FALSE, FALSE, fits_trace));
}

static void
test_chunk_limits (void)
{
  g_autofree char *extension = g_strnfill (GAWS_HTTP1_MAX_HEAD, 'e');
  g_autofree char *long_line = NULL;
  g_autofree char *trailers = NULL;
  GString *many = g_string_new (CHUNKED_HEAD);

  /* a chunk size line with an endless extension */
  long_line = g_strconcat (CHUNKED_HEAD "1;", extension, NULL);
  g_free (check_full (long_line, strlen (long_line), FALSE, FALSE, FALSE, CHUNKED_TRACE "error protocol;"));

  /* trailers without end */
  trailers = g_strconcat (CHUNKED_HEAD "0\r\nX: ", extension, NULL);
  g_free (check_full (trailers, strlen (trailers), FALSE, FALSE, FALSE, CHUNKED_TRACE "error protocol;"));

  /* many chunks are no long head: the limit is per chunk line */
  for (guint i = 0; i < 30000; i++)
    g_string_append (many, "1;e\r\nx\r\n");
  g_string_append (many, "0\r\n\r\n");
  {
    GawsHttp1Parser parser;
    g_autoptr(GError) error = NULL;

    gaws_http1_parser_init (&parser, FALSE);
    g_assert_cmpint (gaws_http1_parser_feed (&parser, many->str, many->len, NULL, NULL, &error), ==, many->len);
    g_assert_no_error (error);
    g_assert_true (gaws_http1_parser_is_complete (&parser));
    gaws_http1_parser_clear (&parser);
  }
  g_string_free (many, TRUE);
}

/* The connection's end */

static void
test_early_eof (void)
{
  check ("", FALSE, TRUE, "used 0;eof error connection;");
  check ("HTTP/1.1 2", FALSE, TRUE, "used 10;eof error connection;");
  check ("HTTP/1.1 200 OK\r\n", FALSE, TRUE, "status 200/1;used 17;eof error connection;");
  check ("HTTP/1.1 200 OK\r\nContent-Le", FALSE, TRUE, "status 200/1;used 27;eof error connection;");
  check ("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n", FALSE, TRUE,
         "status 200/1;header [Content-Length]=[1];used 36;eof error connection;");
  check ("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r", FALSE, TRUE,
         "status 200/1;header [Content-Length]=[1];used 37;eof error connection;");
  check ("HTTP/1.1 100 Continue\r\n\r\n", FALSE, TRUE, "status 100/1;used 25;eof error connection;");
  check ("HTTP/1.1 100 Continue\r\nA: b\r\n", FALSE, TRUE, "status 100/1;used 29;eof error connection;");
  check (CHUNKED_HEAD, FALSE, TRUE, CHUNKED_TRACE "used 47;eof error connection;");
  check (CHUNKED_HEAD "5", FALSE, TRUE, CHUNKED_TRACE "used 48;eof error connection;");
  check (CHUNKED_HEAD "5\r\nhel", FALSE, TRUE, CHUNKED_TRACE "used 53;eof error connection;body [hel]");
  check (CHUNKED_HEAD "5\r\nhello", FALSE, TRUE, CHUNKED_TRACE "used 55;eof error connection;body [hello]");
  check (CHUNKED_HEAD "5\r\nhello\r", FALSE, TRUE, CHUNKED_TRACE "used 56;eof error connection;body [hello]");
  check (CHUNKED_HEAD "0\r\n", FALSE, TRUE, CHUNKED_TRACE "used 50;eof error connection;");
  check (CHUNKED_HEAD "0\r\nX: y\r\n", FALSE, TRUE, CHUNKED_TRACE "used 56;eof error connection;");
}

static void
test_early_eof_messages (void)
{
  static const struct {
    const char *response;
    const char *message;
  } cases[] = {
    { "", "The connection was closed before any response" },
    { "HTTP/1.1 200 OK\r\n", "The connection was closed in the middle of the response head" },
    { "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", "The connection was closed 7 bytes before the end of the body" },
    { CHUNKED_HEAD "5\r\nab", "The connection was closed in the middle of the chunked body" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GawsHttp1Parser parser;
      g_autoptr(GError) error = NULL;
      gsize len = strlen (cases[i].response);

      gaws_http1_parser_init (&parser, FALSE);
      g_assert_cmpint (gaws_http1_parser_feed (&parser, cases[i].response, len, NULL, NULL, &error), ==, len);
      g_assert_cmpint (gaws_http1_parser_has_started (&parser), ==, len > 0);
      g_assert_false (gaws_http1_parser_feed_eof (&parser, NULL, NULL, &error));
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      /* what the caller asks after the failure still holds */
      g_assert_cmpint (gaws_http1_parser_has_started (&parser), ==, len > 0);
      g_assert_false (gaws_http1_parser_is_complete (&parser));
      g_assert_false (gaws_http1_parser_keep_alive (&parser));
      gaws_http1_parser_clear (&parser);
    }
}

static void
test_errors_stick (void)
{
  GawsHttp1Parser parser;
  g_autoptr(GError) error = NULL;
  const char *good = "HTTP/1.1 200 OK\r\n\r\n";

  gaws_http1_parser_init (&parser, FALSE);
  g_assert_cmpint (gaws_http1_parser_feed (&parser, "HTTP/1.1 2x0 OK\r\n", 17, NULL, NULL, &error), ==, -1);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_cmpint (gaws_http1_parser_feed (&parser, good, strlen (good), NULL, NULL, &error), ==, -1);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_cmpint (gaws_http1_parser_feed (&parser, "", 0, NULL, NULL, &error), ==, -1);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_false (gaws_http1_parser_feed_eof (&parser, NULL, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
  g_assert_false (gaws_http1_parser_is_complete (&parser));
  g_assert_false (gaws_http1_parser_keep_alive (&parser));
  g_assert_true (gaws_http1_parser_has_started (&parser));
  gaws_http1_parser_clear (&parser);
}

static void
test_started (void)
{
  GawsHttp1Parser parser;
  g_autoptr(GError) error = NULL;

  gaws_http1_parser_init (&parser, FALSE);
  g_assert_false (gaws_http1_parser_has_started (&parser));
  g_assert_cmpint (gaws_http1_parser_feed (&parser, "", 0, NULL, NULL, &error), ==, 0);
  g_assert_false (gaws_http1_parser_has_started (&parser));
  g_assert_cmpuint (gaws_http1_parser_get_status (&parser), ==, 0);
  g_assert_cmpint (gaws_http1_parser_get_content_length (&parser), ==, -1);
  g_assert_cmpint (gaws_http1_parser_feed (&parser, "H", 1, NULL, NULL, &error), ==, 1);
  g_assert_true (gaws_http1_parser_has_started (&parser));
  gaws_http1_parser_clear (&parser);
  /* cleared, it is ready again */
  gaws_http1_parser_init (&parser, FALSE);
  g_assert_false (gaws_http1_parser_has_started (&parser));
  gaws_http1_parser_clear (&parser);
}

/* A typical DynamoDB response, and the parser's state while it is read:
 * the head's figures are known once the head is in, not before. */
static void
test_state_during_response (void)
{
  static const char head[] =
    "HTTP/1.1 200 OK\r\n"
    "Server: Server\r\n"
    "Date: Thu, 27 Nov 2026 10:00:00 GMT\r\n"
    "Content-Type: application/x-amz-json-1.0\r\n"
    "Content-Length: 4\r\n"
    "Connection: keep-alive\r\n"
    "x-amzn-RequestId: 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEF\r\n"
    "x-amz-crc32: 2745614147\r\n"
    "\r\n";
  GawsHttp1Parser parser;
  g_autoptr(GError) error = NULL;
  gsize status_end = strlen ("HTTP/1.1 200 OK\r\n");

  gaws_http1_parser_init (&parser, FALSE);
  g_assert_cmpint (gaws_http1_parser_feed (&parser, head, status_end, NULL, NULL, &error), ==, status_end);
  g_assert_cmpuint (gaws_http1_parser_get_status (&parser), ==, 200);
  g_assert_cmpint (gaws_http1_parser_get_content_length (&parser), ==, -1);
  g_assert_cmpint (gaws_http1_parser_feed (&parser, head + status_end, sizeof head - 1 - status_end, NULL, NULL, &error),
                   ==, sizeof head - 1 - status_end);
  g_assert_cmpint (gaws_http1_parser_get_content_length (&parser), ==, 4);
  g_assert_false (gaws_http1_parser_is_complete (&parser));
  g_assert_false (gaws_http1_parser_keep_alive (&parser));
  g_assert_cmpint (gaws_http1_parser_feed (&parser, "{}{}", 4, NULL, NULL, &error), ==, 4);
  g_assert_true (gaws_http1_parser_is_complete (&parser));
  g_assert_true (gaws_http1_parser_keep_alive (&parser));
  g_assert_no_error (error);
  gaws_http1_parser_clear (&parser);
}

int
main (int    argc,
      char **argv)
{
  gaws_test_init (&argc, &argv);

  g_test_add_func ("/http1-parser/framing/content-length", test_content_length);
  g_test_add_func ("/http1-parser/framing/zero-length", test_zero_length);
  g_test_add_func ("/http1-parser/framing/chunked", test_chunked);
  g_test_add_func ("/http1-parser/framing/chunked-wins-over-content-length", test_chunked_wins_over_content_length);
  g_test_add_func ("/http1-parser/framing/names-compared-whole", test_framing_names_compared_whole);
  g_test_add_func ("/http1-parser/framing/close-delimited", test_close_delimited);
  g_test_add_func ("/http1-parser/framing/no-body", test_no_body);
  g_test_add_func ("/http1-parser/framing/extra-bytes-not-taken", test_extra_bytes);
  g_test_add_func ("/http1-parser/framing/feed-after-complete", test_feed_after_complete);
  g_test_add_func ("/http1-parser/interim/skipped", test_interim);
  g_test_add_func ("/http1-parser/interim/status-not-final", test_interim_status_not_final);
  g_test_add_func ("/http1-parser/interim/101-refused", test_switching_protocols);
  g_test_add_func ("/http1-parser/keep-alive", test_keep_alive);
  g_test_add_func ("/http1-parser/lines/status", test_status_lines);
  g_test_add_func ("/http1-parser/lines/malformed-status", test_malformed_status_lines);
  g_test_add_func ("/http1-parser/lines/long-status-message-truncated", test_long_status_line_message_truncated);
  g_test_add_func ("/http1-parser/lines/header-values", test_header_values);
  g_test_add_func ("/http1-parser/lines/header-offsets", test_header_offsets);
  g_test_add_func ("/http1-parser/lines/malformed-headers", test_malformed_header_lines);
  g_test_add_func ("/http1-parser/lengths/content-length-lists", test_content_length_lists);
  g_test_add_func ("/http1-parser/lengths/malformed-content-length", test_malformed_content_length);
  g_test_add_func ("/http1-parser/lengths/malformed-transfer-encoding", test_malformed_transfer_encoding);
  g_test_add_func ("/http1-parser/lengths/malformed-chunks", test_malformed_chunks);
  g_test_add_func ("/http1-parser/limits/head", test_head_limit);
  g_test_add_func ("/http1-parser/limits/chunks", test_chunk_limits);
  g_test_add_func ("/http1-parser/eof/early", test_early_eof);
  g_test_add_func ("/http1-parser/eof/messages", test_early_eof_messages);
  g_test_add_func ("/http1-parser/errors-stick", test_errors_stick);
  g_test_add_func ("/http1-parser/started", test_started);
  g_test_add_func ("/http1-parser/state-during-response", test_state_during_response);

  return g_test_run ();
}
