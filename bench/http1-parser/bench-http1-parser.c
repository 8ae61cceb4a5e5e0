/* bench-http1-parser.c: instructions the HTTP/1.1 parser spends on a
 * typical DynamoDB response (see run.sh beside it: callgrind, not clocks)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>
#include "gaws-http1-parser.h"

static const char head[] =
  "HTTP/1.1 200 OK\r\n"
  "Server: Server\r\n"
  "Date: Thu, 27 Nov 2026 10:00:00 GMT\r\n"
  "Content-Type: application/x-amz-json-1.0\r\n"
  "Content-Length: 200\r\n"
  "Connection: keep-alive\r\n"
  "x-amzn-RequestId: 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEF\r\n"
  "x-amz-crc32: 2745614147\r\n"
  "\r\n";

typedef struct {
  guint  headers;
  gsize  body;
} Counts;

static void
on_header (gpointer data, const char *line, gsize name_len, gsize value_offset, gsize value_len)
{
  ((Counts *) data)->headers++;
}

static void
on_body (gpointer data, const char *bytes, gsize len)
{
  ((Counts *) data)->body += len;
}

static const GawsHttp1ParserCallbacks callbacks = { NULL, on_header, NULL, on_body };

/* One response, as one recv() would bring it. Not inlined, so that
 * callgrind shows it as the unit. */
static G_GNUC_NO_INLINE void
parse_one (const char *response, gsize len, Counts *counts)
{
  GawsHttp1Parser parser;

  gaws_http1_parser_init (&parser, FALSE);
  if (gaws_http1_parser_feed (&parser, response, len, &callbacks, counts, NULL) != (gssize) len
      || !gaws_http1_parser_is_complete (&parser) || !gaws_http1_parser_keep_alive (&parser))
    abort ();
  gaws_http1_parser_clear (&parser);
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 1000;
  gsize head_len = sizeof head - 1;
  char *response = g_malloc (head_len + 200);
  Counts counts = { 0, };

  memcpy (response, head, head_len);
  memset (response + head_len, 'j', 200);
  for (guint i = 0; i < n; i++)
    parse_one (response, head_len + 200, &counts);
  if (counts.headers != 7 * n || counts.body != 200 * (gsize) n)
    abort ();
  g_free (response);
  return 0;
}
