/* fuzz-http1-parser-check.h: what fuzz-http1-parser checks on one input
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Shared by the target (fuzz/fuzz-http1-parser.c) and by
 * tests/test-fuzz-regressions.c, so that a finding replays through the
 * very checks that found it. The properties are listed at the top of
 * fuzz-http1-parser.c; a violated one prints its condition and aborts.
 */
#pragma once

#include "gaws-error.h"
#include "gaws-http1-parser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HTTP1_CHECK(cond)                                                  \
  G_STMT_START {                                                           \
    if (G_UNLIKELY (!(cond)))                                              \
      {                                                                    \
        fprintf (stderr, "%s:%d: property broken: %s\n", __FILE__,         \
                 __LINE__, #cond);                                         \
        abort ();                                                          \
      }                                                                    \
  } G_STMT_END

/* What the callbacks saw in one run, then how the run ended. */
typedef struct {
  GString    *trace;        /* status, header and headers_done events, the outcome */
  GString    *body;
  guint       n_status;     /* status lines, interim ones too */
  guint       final_status; /* 0 until the final status line */
  gboolean    headers_done;
  guint       n_content_length;    /* headers named so, in any case */
  guint       n_transfer_encoding;
  const char *fed;          /* a whole-input run: the bytes fed, else NULL */
  gsize       fed_len;
} Http1Trace;

static gboolean
http1_is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static void
http1_on_status (gpointer data,
                 guint    status,
                 guint    minor_version)
{
  Http1Trace *t = data;

  HTTP1_CHECK (t->final_status == 0 && !t->headers_done);
  HTTP1_CHECK (status >= 100 && status <= 999 && status != 101);
  HTTP1_CHECK (minor_version <= 9);
  t->n_status++;
  if (status >= 200)
    t->final_status = status;
  g_string_append_printf (t->trace, "S%u/%u\n", status, minor_version);
}

static void
http1_on_header (gpointer    data,
                 const char *line,
                 gsize       name_len,
                 gsize       value_offset,
                 gsize       value_len)
{
  Http1Trace *t = data;
  const char *value = line + value_offset;

  HTTP1_CHECK (t->final_status != 0 && !t->headers_done);
  HTTP1_CHECK (name_len > 0 && value_offset > name_len && line[name_len] == ':');
  /* the slices lie inside the line: no line end before the value's end,
   * and, fed whole, inside the bytes fed */
  HTTP1_CHECK (memchr (line, '\n', value_offset + value_len) == NULL);
  HTTP1_CHECK (memchr (line, '\r', value_offset + value_len) == NULL);
  if (t->fed != NULL)
    HTTP1_CHECK (line >= t->fed && value_offset + value_len <= t->fed_len
                 && (gsize) (line - t->fed) <= t->fed_len - (value_offset + value_len));
  /* a name is a token: no ':', blank, control or non-ASCII byte */
  for (gsize i = 0; i < name_len; i++)
    HTTP1_CHECK (line[i] != ':' && (guchar) line[i] > 0x20 && (guchar) line[i] < 0x7f);
  for (gsize i = name_len + 1; i < value_offset; i++)
    HTTP1_CHECK (http1_is_blank (line[i]));
  /* a value is trimmed and holds no control but HTAB */
  if (value_len > 0)
    HTTP1_CHECK (!http1_is_blank (value[0]) && !http1_is_blank (value[value_len - 1]));
  for (gsize i = 0; i < value_len; i++)
    HTTP1_CHECK (((guchar) value[i] >= 0x20 || value[i] == '\t') && (guchar) value[i] != 0x7f);

  if (name_len == 14 && g_ascii_strncasecmp (line, "content-length", 14) == 0)
    t->n_content_length++;
  if (name_len == 17 && g_ascii_strncasecmp (line, "transfer-encoding", 17) == 0)
    t->n_transfer_encoding++;

  g_string_append_printf (t->trace, "H%" G_GSIZE_FORMAT ":", name_len);
  g_string_append_len (t->trace, line, name_len);
  g_string_append_printf (t->trace, "%" G_GSIZE_FORMAT ":", value_len);
  g_string_append_len (t->trace, value, value_len);
  g_string_append_c (t->trace, '\n');
}

static void
http1_on_headers_done (gpointer data)
{
  Http1Trace *t = data;

  HTTP1_CHECK (t->final_status != 0 && !t->headers_done);
  t->headers_done = TRUE;
  g_string_append (t->trace, "D\n");
}

static void
http1_on_body (gpointer    data,
               const char *bytes,
               gsize       len)
{
  Http1Trace *t = data;

  HTTP1_CHECK (t->headers_done && len > 0);
  g_string_append_len (t->body, bytes, len);
}

static const GawsHttp1ParserCallbacks http1_check_callbacks = {
  http1_on_status, http1_on_header, http1_on_headers_done, http1_on_body,
};

static void
http1_check_error (const GError *error,
                   gint          code)
{
  HTTP1_CHECK (error != NULL && error->domain == GAWS_ERROR && error->code == code);
  HTTP1_CHECK (g_utf8_validate (error->message, -1, NULL));
}

/* Feeds @len bytes of @stream in pieces of @chunk (all at once if 0),
 * each in a buffer of its own size so that the sanitizers see any read
 * past it or any pointer kept into it, until a feed takes fewer bytes than
 * it was given or fails. Returns the bytes taken, or -1. */
static gssize
http1_check_feed (GawsHttp1Parser *parser,
                  const char      *stream,
                  gsize            len,
                  gsize            chunk,
                  Http1Trace      *t)
{
  gsize pos = 0;

  do
    {
      gsize n = chunk == 0 ? len : MIN (chunk, len - pos);
      char *piece = g_memdup2 (stream + pos, n);
      gboolean was_complete = gaws_http1_parser_is_complete (parser);
      GError *error = NULL;
      gssize used;

      if (chunk == 0)
        {
          t->fed = piece;
          t->fed_len = n;
        }
      used = gaws_http1_parser_feed (parser, piece, n, &http1_check_callbacks, t, &error);
      t->fed = NULL;
      g_free (piece);
      if (used < 0)
        {
          http1_check_error (error, GAWS_ERROR_PROTOCOL);
          g_string_append_printf (t->trace, "E%d\n", error->code);
          g_error_free (error);
          HTTP1_CHECK (!gaws_http1_parser_is_complete (parser));
          return -1;
        }
      HTTP1_CHECK (error == NULL);
      HTTP1_CHECK ((gsize) used <= n);
      HTTP1_CHECK (!was_complete || used == 0);
      /* fewer bytes than given only once the response is complete */
      HTTP1_CHECK ((gsize) used == n || gaws_http1_parser_is_complete (parser));
      if (n > 0)
        HTTP1_CHECK (gaws_http1_parser_has_started (parser));
      pos += used;
      if ((gsize) used < n)
        break;
    }
  while (pos < len);
  return pos;
}

/* The offset just past the @n-th empty line of @stream (the end of the
 * final head, when @n counts the status lines of a head the parser took),
 * or -1. */
static gssize
http1_head_end (const char *stream,
                gsize       len,
                guint       n)
{
  gsize pos = 0;

  while (n > 0)
    {
      const char *lf = memchr (stream + pos, '\n', len - pos);
      gsize line_len;

      if (lf == NULL)
        return -1;
      line_len = lf - (stream + pos);
      if (line_len == 0 || (line_len == 1 && stream[pos] == '\r'))
        n--;
      pos += line_len + 1;
    }
  return pos;
}

/* A chunked body read on its own, trusting what the parser took to be
 * well-formed: the data of the chunks into @out; returns the offset past
 * the trailers' empty line, or -1. */
static gssize
http1_dechunk (const char *p,
               gsize       len,
               GString    *out)
{
  gsize pos = 0;

  for (;;)
    {
      const char *lf = memchr (p + pos, '\n', len - pos);
      guint64 size = 0;
      gsize digits = 0;

      if (lf == NULL)
        return -1;
      for (; pos < len && g_ascii_isxdigit (p[pos]); pos++, digits++)
        {
          if (size >> 59)
            return -1;
          size = size * 16 + g_ascii_xdigit_value (p[pos]);
        }
      if (digits == 0)
        return -1;
      pos = lf - p + 1;
      if (size == 0)
        break;
      if (size > len - pos || len - pos - size < 2)
        return -1;
      g_string_append_len (out, p + pos, size);
      pos += size;
      if (p[pos] != '\r' || p[pos + 1] != '\n')
        return -1;
      pos += 2;
    }
  for (;;)
    {
      const char *lf = memchr (p + pos, '\n', len - pos);
      gsize start = pos;

      if (lf == NULL)
        return -1;
      pos = lf - p + 1;
      if (pos - start == 1 || (pos - start == 2 && p[start] == '\r'))
        return pos;
    }
}

/* How the body was framed, checked against the bytes and against the
 * headers the callbacks saw (RFC 9112 6.3): the response completed (in a
 * feed if @complete_in_feed, else at the connection's end) after taking
 * @used bytes of @stream. */
static void
http1_check_framing (GawsHttp1Parser  *parser,
                     gboolean          head_request,
                     const char       *stream,
                     gsize             used,
                     gboolean          complete_in_feed,
                     const Http1Trace *t)
{
  gint64 length = gaws_http1_parser_get_content_length (parser);
  gssize head_end = http1_head_end (stream, used, t->n_status);

  HTTP1_CHECK (t->headers_done && head_end >= 0);
  if (head_request || t->final_status == 204 || t->final_status == 304)
    HTTP1_CHECK (complete_in_feed && length == 0);
  else if (t->n_transfer_encoding > 0)
    HTTP1_CHECK (complete_in_feed && length == -1);
  else if (t->n_content_length > 0)
    HTTP1_CHECK (complete_in_feed && length >= 0);
  else
    HTTP1_CHECK (!complete_in_feed && length == -1);
  if (!complete_in_feed)
    {
      /* delimited by the close: everything after the head */
      HTTP1_CHECK (length == -1 && !gaws_http1_parser_keep_alive (parser));
      HTTP1_CHECK (t->body->len == used - head_end
                   && memcmp (t->body->str, stream + head_end, t->body->len) == 0);
    }
  else if (length >= 0)
    {
      HTTP1_CHECK ((guint64) length == t->body->len);
      HTTP1_CHECK (used == head_end + t->body->len
                   && memcmp (t->body->str, stream + head_end, t->body->len) == 0);
    }
  else
    {
      g_autoptr(GString) body = g_string_new (NULL);
      gssize end = http1_dechunk (stream + head_end, used - head_end, body);

      HTTP1_CHECK (end >= 0 && (gsize) (head_end + end) == used);
      HTTP1_CHECK (g_string_equal (body, t->body));
    }
}

/* One run over the whole stream: returns its trace (to compare, the body
 * last), and checks what holds of any one run. */
static GString *
http1_check_run (const char *stream,
                 gsize       len,
                 gboolean    head_request,
                 gsize       chunk,
                 gboolean    check_framing)
{
  GawsHttp1Parser parser;
  Http1Trace t = { g_string_new (NULL), g_string_new (NULL), 0, 0, FALSE, 0, 0, NULL, 0 };
  GError *error = NULL;
  gboolean complete_in_feed, eof_ok;
  gssize used;

  gaws_http1_parser_init (&parser, head_request);
  used = http1_check_feed (&parser, stream, len, chunk, &t);
  complete_in_feed = gaws_http1_parser_is_complete (&parser);
  if (used >= 0)
    g_string_append_printf (t.trace, "%c%" G_GSSIZE_FORMAT "\n", complete_in_feed ? 'C' : 'I', used);

  eof_ok = gaws_http1_parser_feed_eof (&parser, &http1_check_callbacks, &t, &error);
  HTTP1_CHECK (eof_ok == (error == NULL));
  HTTP1_CHECK (eof_ok == gaws_http1_parser_is_complete (&parser));
  if (!eof_ok)
    {
      http1_check_error (error, used < 0 ? GAWS_ERROR_PROTOCOL : GAWS_ERROR_CONNECTION);
      g_string_append_printf (t.trace, "eof E%d\n", error->code);
      g_clear_error (&error);
    }
  g_string_append_printf (t.trace, "eof %d, status %u, length %" G_GINT64_FORMAT ", keep-alive %d\n",
                          eof_ok, gaws_http1_parser_get_status (&parser),
                          gaws_http1_parser_get_content_length (&parser),
                          gaws_http1_parser_keep_alive (&parser));
  HTTP1_CHECK (gaws_http1_parser_has_started (&parser) == (len > 0));
  HTTP1_CHECK (gaws_http1_parser_get_status (&parser) == t.final_status);
  /* a connection kept for another request has nothing left over */
  if (gaws_http1_parser_keep_alive (&parser))
    HTTP1_CHECK (used >= 0 && (gsize) used == len);

  if (eof_ok)
    {
      if (check_framing)
        http1_check_framing (&parser, head_request, stream, used, complete_in_feed, &t);
      /* complete: takes nothing more */
      HTTP1_CHECK (gaws_http1_parser_feed (&parser, "HTTP/1.1 200 OK\r\n", 17, &http1_check_callbacks, &t, &error) == 0);
      HTTP1_CHECK (error == NULL);
      HTTP1_CHECK (gaws_http1_parser_feed_eof (&parser, &http1_check_callbacks, &t, &error));
    }
  else
    {
      /* failed: stays failed */
      HTTP1_CHECK (gaws_http1_parser_feed (&parser, "HTTP/1.1 200 OK\r\n", 17, &http1_check_callbacks, &t, &error) < 0);
      http1_check_error (error, GAWS_ERROR_PROTOCOL);
      g_clear_error (&error);
      HTTP1_CHECK (!gaws_http1_parser_feed_eof (&parser, &http1_check_callbacks, &t, &error));
      http1_check_error (error, GAWS_ERROR_PROTOCOL);
      g_clear_error (&error);
    }

  gaws_http1_parser_clear (&parser);
  g_string_append_len (t.trace, t.body->str, t.body->len);
  g_string_free (t.body, TRUE);
  return t.trace;
}

/* One input: the steering byte, then the response. */
static void
http1_check_input (const guint8 *data,
                   gsize         size)
{
  const char *stream = (const char *) data + 1;
  gboolean head_request;
  gsize len, chunk;
  GString *whole, *split;

  if (size < 1)
    return;
  head_request = data[0] & 1;
  chunk = (gsize) (data[0] >> 1) + 1;
  len = size - 1;

  whole = http1_check_run (stream, len, head_request, 0, TRUE);
  split = http1_check_run (stream, len, head_request, chunk, FALSE);
  if (!g_string_equal (whole, split))
    {
      fprintf (stderr, "fed whole:\n%s\n--- in pieces of %" G_GSIZE_FORMAT ":\n%s\n",
               whole->str, chunk, split->str);
      HTTP1_CHECK (!"the same trace fed whole and in pieces");
    }
  g_string_free (whole, TRUE);
  g_string_free (split, TRUE);
}
