/* gaws-http1-parser.c: an HTTP/1.1 response, read incrementally
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * RFC 9112, from the client's side. The server is not trusted: every line
 * is checked before anything in it is believed, lengths are checked for
 * overflow, and a head or a chunk line may not grow past
 * GAWS_HTTP1_MAX_HEAD however the bytes are split.
 *
 * This runs for every response of a direct exchange, so the common case
 * (a whole line in one feed) touches no allocation: lines are found with
 * memchr() and handed out in place; only a line split across two feeds is
 * put together in parser->line, which is kept for the next split.
 */
#include "gaws-http1-parser.h"
#include "gaws-error.h"

#include <string.h>

enum {
  STATE_START,          /* no byte yet */
  STATE_STATUS_LINE,
  STATE_INTERIM_HEADER, /* the header lines of a 1xx response, skipped */
  STATE_HEADER,
  STATE_BODY_LENGTH,    /* parser->remaining bytes of a Content-Length body */
  STATE_BODY_CLOSE,     /* a body delimited by the connection's close */
  STATE_CHUNK_SIZE,
  STATE_CHUNK_DATA,     /* parser->remaining bytes of the current chunk */
  STATE_CHUNK_CR,       /* the CR LF after a chunk's data */
  STATE_CHUNK_LF,
  STATE_TRAILER,
  STATE_COMPLETE,
  STATE_ERROR,
};

enum {
  FLAG_STARTED = 1 << 0,
  FLAG_CONNECTION_CLOSE = 1 << 1,
  FLAG_CONNECTION_KEEP_ALIVE = 1 << 2,
};

/* parser->remaining while in a head: no Content-Length seen (a real one
 * is at most G_MAXINT64). */
#define NO_LENGTH G_MAXUINT64

/* tchar of RFC 9110 5.6.2: what a header name is made of. */
static const guint8 tchar[256] = {
  /* 0x00 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  /* 0x10 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  /*  !"#$%&'()*+,-./ */
             0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0,
  /* 0123456789:;<=>? */
             1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
  /* @ABCDEFGHIJKLMNO */
             0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  /* PQRSTUVWXYZ[\]^_ */
             1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1,
  /* `abcdefghijklmno */
             1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  /* pqrstuvwxyz{|}~ DEL */
             1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0,
  /* 0x80 - 0xff: none */
};

static const GawsHttp1ParserCallbacks no_callbacks = { NULL, };

/* Errors */

/* What came, fit for a message: the first bytes, anything but printable
 * ASCII escaped, so that a hostile server cannot put controls or huge
 * text into a log line. */
static char *
quote_bytes (const char *bytes,
             gsize       len)
{
  GString *s = g_string_new ("\"");
  gsize n = MIN (len, 64);

  for (gsize i = 0; i < n; i++)
    {
      guchar c = (guchar) bytes[i];

      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
        g_string_append_c (s, (char) c);
      else
        g_string_append_printf (s, "\\x%02x", c);
    }
  g_string_append_c (s, '"');
  if (n < len)
    g_string_append (s, "...");
  return g_string_free (s, FALSE);
}

static gssize
fail (GawsHttp1Parser  *parser,
      GError          **error,
      const char       *what,
      const char       *bytes,
      gsize             len)
{
  g_autofree char *quoted = bytes != NULL ? quote_bytes (bytes, len) : NULL;

  parser->state = STATE_ERROR;
  if (quoted != NULL)
    g_set_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL,
                 "Malformed HTTP response: %s: %s", what, quoted);
  else
    g_set_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL,
                 "Malformed HTTP response: %s", what);
  return -1;
}

/* Scanning */

/* Sets the high bit of each byte of @w (8 bytes of a line) that is below
 * 0x20 or is 0x7f, and maybe of bytes above one that is (a carry), never
 * else: exact for "some byte is a control character or DEL". */
static inline guint64
control_bits (guint64 w)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 del = w ^ (ones * 0x7f);

  return (((w - ones * 0x20) & ~w) | ((del - ones) & ~del)) & (ones * 0x80);
}

static gboolean
bytes_have_control (const char *s,
                    gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) s[i];

      if ((c < 0x20 && c != '\t') || c == 0x7f)
        return TRUE;
    }
  return FALSE;
}

/* Whether @s has a control character other than HTAB, or DEL: what a
 * status line or a header value may not hold (RFC 9110 5.5; a bare CR or
 * a NUL in a value is how headers are smuggled). Eight bytes a step, the
 * last step overlapping the one before, with no branch until the end;
 * the bytes are looked at one by one only if some word may have one
 * (HTAB is the false alarm). */
static gboolean
has_control (const char *s,
             gsize       len)
{
  guint64 w, bits = 0;
  gsize i;

  if (len < 8)
    return bytes_have_control (s, len);
  for (i = 0; i + 8 < len; i += 8)
    {
      memcpy (&w, s + i, 8);
      bits |= control_bits (w);
    }
  memcpy (&w, s + len - 8, 8);
  bits |= control_bits (w);
  return G_UNLIKELY (bits != 0) && bytes_have_control (s, len);
}

/* @s equals @lower (lower-case letters and '-'), ignoring case. Only for
 * what has_control() or the tchar check passed: OR-ing 0x20 in maps no
 * other byte they let through onto a letter or '-' (CR would become
 * '-'). Eight bytes a step, the last step overlapping the one before, so
 * that every byte is compared however long the names are
 * ("transfer-encoding" is 17). */
static gboolean
ascii_caseeq (const char *s,
              gsize       len,
              const char *lower,
              gsize       lower_len)
{
  const guint64 blanks = G_GUINT64_CONSTANT (0x2020202020202020);
  guint64 a, b;

  if (len != lower_len)
    return FALSE;
  if (len < 8)
    {
      for (gsize i = 0; i < len; i++)
        if ((s[i] | 0x20) != lower[i])
          return FALSE;
      return TRUE;
    }
  for (gsize i = 0; i + 8 < len; i += 8)
    {
      memcpy (&a, s + i, 8);
      memcpy (&b, lower + i, 8);
      if ((a | blanks) != b)
        return FALSE;
    }
  memcpy (&a, s + len - 8, 8);
  memcpy (&b, lower + len - 8, 8);
  return (a | blanks) == b;
}

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* The next element of a comma-separated list (RFC 9110 5.6.1), blanks
 * around it left out; empty elements are skipped as the RFC asks. */
static gboolean
next_element (const char **p,
              const char  *end,
              const char **element,
              gsize       *element_len)
{
  const char *s = *p;

  for (;;)
    {
      const char *comma, *e;

      while (s < end && (is_blank (*s) || *s == ','))
        s++;
      if (s == end)
        {
          *p = s;
          return FALSE;
        }
      comma = memchr (s, ',', end - s);
      e = comma != NULL ? comma : end;
      *p = e;
      while (e > s && is_blank (e[-1]))
        e--;
      *element = s;
      *element_len = e - s;
      return TRUE;
    }
}

/* The head's lines */

static gboolean
parse_status_line (GawsHttp1Parser                *parser,
                   const char                     *line,
                   gsize                           len,
                   const GawsHttp1ParserCallbacks *callbacks,
                   gpointer                        user_data,
                   GError                        **error)
{
  guint status;

  /* HTTP/1.x SSS[ reason]: curl takes a status line without the space
   * before an empty reason too. */
  if (len < 12 || memcmp (line, "HTTP/1.", 7) != 0
      || !g_ascii_isdigit (line[7]) || line[8] != ' '
      || line[9] < '1' || line[9] > '9'
      || !g_ascii_isdigit (line[10]) || !g_ascii_isdigit (line[11])
      || (len > 12 && line[12] != ' ')
      || has_control (line, len))
    {
      fail (parser, error, "status line", line, len);
      return FALSE;
    }
  status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
  if (status == 101)
    {
      /* gaws never asks for an upgrade: a server switching protocols
       * answered some other request. */
      fail (parser, error, "unexpected 101 Switching Protocols", line, len);
      return FALSE;
    }
  parser->minor_version = line[7] - '0';
  if (status < 200)
    {
      parser->state = STATE_INTERIM_HEADER;
    }
  else
    {
      parser->status = status;
      parser->state = STATE_HEADER;
      parser->keep_alive = parser->minor_version >= 1;
      parser->chunked = FALSE;
      parser->flags &= ~(FLAG_CONNECTION_CLOSE | FLAG_CONNECTION_KEEP_ALIVE);
      parser->remaining = NO_LENGTH;
    }
  if (callbacks->status != NULL)
    callbacks->status (user_data, status, parser->minor_version);
  return TRUE;
}

/* Splits a header line (or a trailer line) into its name and its value,
 * blanks around the value left out. */
static gboolean
split_header_line (GawsHttp1Parser  *parser,
                   const char       *line,
                   gsize             len,
                   gsize            *name_len,
                   gsize            *value_offset,
                   gsize            *value_len,
                   GError          **error)
{
  const char *colon, *p, *v, *end;

  if (is_blank (line[0]))
    {
      /* RFC 9112 5.2: obsolete line folding, refused rather than joined */
      fail (parser, error, "folded header line", line, len);
      return FALSE;
    }
  /* The line is followed by its CR, LF or (put together) NUL, none of
   * them a tchar: the name ends within the line or right after it. */
  for (p = line; p + 4 <= line + len; p += 4)
    if (!(tchar[(guchar) p[0]] & tchar[(guchar) p[1]] & tchar[(guchar) p[2]] & tchar[(guchar) p[3]]))
      break;
  for (; tchar[(guchar) *p]; p++)
    ;
  if (p == line || p == line + len || *p != ':')
    {
      fail (parser, error, memchr (line, ':', len) == NULL ? "header line without a colon" : "header line",
            line, len);
      return FALSE;
    }
  colon = p;
  if (has_control (colon + 1, len - (colon + 1 - line)))
    {
      fail (parser, error, "header line", line, len);
      return FALSE;
    }
  end = line + len;
  for (v = colon + 1; v < end && is_blank (*v); v++)
    ;
  while (end > v && is_blank (end[-1]))
    end--;
  *name_len = colon - line;
  *value_offset = v - line;
  *value_len = end - v;
  return TRUE;
}

static gboolean
parse_content_length (GawsHttp1Parser  *parser,
                      const char       *line,
                      const char       *value,
                      gsize             value_len,
                      GError          **error)
{
  const char *p = value, *end = value + value_len, *element;
  gsize element_len;
  gboolean any = FALSE;

  /* "42, 42" and a repeated header with the same value are one length
   * (RFC 9110 8.6); anything else is how responses are smuggled. */
  while (next_element (&p, end, &element, &element_len))
    {
      guint64 n = 0;

      for (gsize i = 0; i < element_len; i++)
        {
          guint d = (guchar) element[i] - '0';

          if (d > 9)
            goto malformed;
          if (G_UNLIKELY (n >= (guint64) G_MAXINT64 / 10) && n > ((guint64) G_MAXINT64 - d) / 10)
            goto malformed;
          n = n * 10 + d;
        }
      if (parser->remaining != NO_LENGTH && parser->remaining != n)
        {
          fail (parser, error, "conflicting Content-Length", line, end - line);
          return FALSE;
        }
      parser->remaining = n;
      any = TRUE;
    }
  if (any)
    return TRUE;

malformed:
  fail (parser, error, "Content-Length", line, end - line);
  return FALSE;
}

static gboolean
parse_transfer_encoding (GawsHttp1Parser  *parser,
                         const char       *line,
                         const char       *value,
                         gsize             value_len,
                         GError          **error)
{
  const char *p = value, *end = value + value_len, *element;
  gsize element_len;
  gboolean any = FALSE;

  /* gaws decodes no transfer coding but chunked, which must come last
   * and once (RFC 9112 6.1): chunked, then anything, could not be
   * framed. */
  while (next_element (&p, end, &element, &element_len))
    {
      if (parser->chunked || !ascii_caseeq (element, element_len, "chunked", 7))
        {
          fail (parser, error, "unsupported Transfer-Encoding", line, end - line);
          return FALSE;
        }
      parser->chunked = TRUE;
      any = TRUE;
    }
  if (!any)
    {
      fail (parser, error, "empty Transfer-Encoding", line, end - line);
      return FALSE;
    }
  return TRUE;
}

static void
parse_connection (GawsHttp1Parser *parser,
                  const char      *value,
                  gsize            value_len)
{
  const char *p = value, *end = value + value_len, *element;
  gsize element_len;

  while (next_element (&p, end, &element, &element_len))
    {
      if (ascii_caseeq (element, element_len, "close", 5))
        parser->flags |= FLAG_CONNECTION_CLOSE;
      else if (ascii_caseeq (element, element_len, "keep-alive", 10))
        parser->flags |= FLAG_CONNECTION_KEEP_ALIVE;
    }
}

/* The headers that frame the response: only these are looked at. */
static gboolean
interpret_header (GawsHttp1Parser  *parser,
                  const char       *line,
                  gsize             name_len,
                  const char       *value,
                  gsize             value_len,
                  GError          **error)
{
  switch (name_len)
    {
    case 10:
      if (ascii_caseeq (line, name_len, "connection", 10))
        parse_connection (parser, value, value_len);
      return TRUE;
    case 14:
      if (ascii_caseeq (line, name_len, "content-length", 14))
        return parse_content_length (parser, line, value, value_len, error);
      return TRUE;
    case 17:
      if (ascii_caseeq (line, name_len, "transfer-encoding", 17))
        return parse_transfer_encoding (parser, line, value, value_len, error);
      return TRUE;
    default:
      return TRUE;
    }
}

/* The final response's head is over: how its body is framed (RFC 9112
 * 6.3) and whether the connection outlives it. */
static void
end_head (GawsHttp1Parser *parser)
{
  guint64 length = parser->remaining;

  if (parser->flags & FLAG_CONNECTION_CLOSE)
    parser->keep_alive = FALSE;
  else if (parser->minor_version == 0)
    parser->keep_alive = (parser->flags & FLAG_CONNECTION_KEEP_ALIVE) != 0;
  parser->head_bytes = 0;

  if (parser->head_request || parser->status == 204 || parser->status == 304)
    {
      parser->content_length = 0;
      parser->state = STATE_COMPLETE;
    }
  else if (parser->chunked)
    {
      /* a Content-Length beside chunked is a smuggling attempt or a broken
       * proxy: the body is read as chunked, the connection not trusted
       * after it; nor is an HTTP/1.0 server's that says chunked */
      if (length != NO_LENGTH || parser->minor_version == 0)
        parser->keep_alive = FALSE;
      parser->state = STATE_CHUNK_SIZE;
    }
  else if (length != NO_LENGTH)
    {
      parser->content_length = (gint64) length;
      parser->state = length > 0 ? STATE_BODY_LENGTH : STATE_COMPLETE;
    }
  else
    {
      parser->keep_alive = FALSE;
      parser->state = STATE_BODY_CLOSE;
    }
}

static gboolean
parse_header_line (GawsHttp1Parser                *parser,
                   const char                     *line,
                   gsize                           len,
                   const GawsHttp1ParserCallbacks *callbacks,
                   gpointer                        user_data,
                   GError                        **error)
{
  gsize name_len, value_offset, value_len;

  if (len == 0)
    {
      if (parser->state == STATE_INTERIM_HEADER)
        {
          parser->state = STATE_STATUS_LINE;
          parser->head_bytes = 0;
          return TRUE;
        }
      end_head (parser);
      if (callbacks->headers_done != NULL)
        callbacks->headers_done (user_data);
      return TRUE;
    }
  if (!split_header_line (parser, line, len, &name_len, &value_offset, &value_len, error))
    return FALSE;
  if (parser->state == STATE_INTERIM_HEADER)
    return TRUE;
  if (!interpret_header (parser, line, name_len, line + value_offset, value_len, error))
    return FALSE;
  if (callbacks->header != NULL)
    callbacks->header (user_data, line, name_len, value_offset, value_len);
  return TRUE;
}

/* The chunked body's lines */

static gboolean
parse_chunk_size (GawsHttp1Parser  *parser,
                  const char       *line,
                  gsize             len,
                  GError          **error)
{
  guint64 size = 0;
  gsize i;

  for (i = 0; i < len; i++)
    {
      guint d;

      if (!g_ascii_isxdigit (line[i]))
        break;
      d = g_ascii_xdigit_value (line[i]);
      if (size > ((guint64) G_MAXINT64 >> 4))
        {
          fail (parser, error, "chunk size too large", line, len);
          return FALSE;
        }
      size = (size << 4) | d;
    }
  if (i == 0)
    goto malformed;
  /* chunk extensions (RFC 9112 7.1.1), after optional blanks, are
   * ignored */
  while (i < len && is_blank (line[i]))
    i++;
  if (i < len && line[i] != ';')
    goto malformed;

  parser->head_bytes = 0;
  if (size == 0)
    {
      parser->state = STATE_TRAILER;
    }
  else
    {
      parser->remaining = size;
      parser->state = STATE_CHUNK_DATA;
    }
  return TRUE;

malformed:
  fail (parser, error, "chunk size", line, len);
  return FALSE;
}

static gboolean
parse_trailer_line (GawsHttp1Parser  *parser,
                    const char       *line,
                    gsize             len,
                    GError          **error)
{
  gsize name_len, value_offset, value_len;

  if (len == 0)
    {
      parser->state = STATE_COMPLETE;
      return TRUE;
    }
  /* checked as header lines are, though no one reads them */
  return split_header_line (parser, line, len, &name_len, &value_offset, &value_len, error);
}

static gboolean
parse_line (GawsHttp1Parser                *parser,
            const char                     *line,
            gsize                           len,
            const GawsHttp1ParserCallbacks *callbacks,
            gpointer                        user_data,
            GError                        **error)
{
  switch (parser->state)
    {
    case STATE_STATUS_LINE:
      return parse_status_line (parser, line, len, callbacks, user_data, error);
    case STATE_INTERIM_HEADER:
    case STATE_HEADER:
      return parse_header_line (parser, line, len, callbacks, user_data, error);
    case STATE_CHUNK_SIZE:
      return parse_chunk_size (parser, line, len, error);
    case STATE_TRAILER:
      return parse_trailer_line (parser, line, len, error);
    default:
      g_assert_not_reached ();
    }
}

/* Lines */

static const char *
what_is_too_long (GawsHttp1Parser *parser)
{
  switch (parser->state)
    {
    case STATE_CHUNK_SIZE:
      return "chunk size line over " G_STRINGIFY (GAWS_HTTP1_MAX_HEAD) " bytes";
    case STATE_TRAILER:
      return "trailers over " G_STRINGIFY (GAWS_HTTP1_MAX_HEAD) " bytes";
    default:
      return "response head over " G_STRINGIFY (GAWS_HTTP1_MAX_HEAD) " bytes";
    }
}

/* A line that the feed ends in the middle of, kept for the next feed.
 * Checked against the limit now, so that a server sending no LF cannot
 * make it grow; and a status line against its first bytes, so that a
 * server speaking anything but HTTP/1 is found out at once. */
static gssize
keep_partial_line (GawsHttp1Parser  *parser,
                   const char       *bytes,
                   gsize             len,
                   GError          **error)
{
  gsize kept = parser->line != NULL ? parser->line->len : 0;

  /* + 1: its LF is still to come */
  if (parser->head_bytes + kept + len + 1 > GAWS_HTTP1_MAX_HEAD)
    return fail (parser, error, what_is_too_long (parser), NULL, 0);
  if (parser->line == NULL)
    parser->line = g_string_sized_new (MAX (len, 128));
  g_string_append_len (parser->line, bytes, len);
  if (parser->state == STATE_STATUS_LINE
      && memcmp (parser->line->str, "HTTP/1.", MIN (parser->line->len, 7)) != 0)
    return fail (parser, error, "status line", parser->line->str, parser->line->len);
  return len;
}

/* The states that read lines, for feed_lines() to go on in. */
#define IS_LINE_STATE(state) ((state) <= STATE_HEADER || (state) == STATE_CHUNK_SIZE || (state) == STATE_TRAILER)

/* Reads lines off @bytes and hands them to parse_line() for as long as
 * the state reads lines (a whole head in one go, the common case), and
 * keeps what there is of a last one. Returns: the bytes used, or -1. */
static gssize
feed_lines (GawsHttp1Parser                *parser,
            const char                     *bytes,
            gsize                           len,
            const GawsHttp1ParserCallbacks *callbacks,
            gpointer                        user_data,
            GError                        **error)
{
  gsize pos = 0;

  do
    {
      const char *lf = memchr (bytes + pos, '\n', len - pos);
      const char *line;
      gsize used, line_len;
      gboolean ok;

      if (lf == NULL)
        return keep_partial_line (parser, bytes + pos, len - pos, error) < 0 ? -1 : (gssize) len;

      used = lf + 1 - (bytes + pos);
      if (G_UNLIKELY (parser->line != NULL && parser->line->len > 0))
        {
          g_string_append_len (parser->line, bytes + pos, used - 1);
          line = parser->line->str;
          line_len = parser->line->len;
        }
      else
        {
          line = bytes + pos;
          line_len = used - 1;
        }
      parser->head_bytes += line_len + 1;
      if (parser->head_bytes > GAWS_HTTP1_MAX_HEAD)
        return fail (parser, error, what_is_too_long (parser), NULL, 0);
      if (line_len > 0 && line[line_len - 1] == '\r')
        line_len--;

      ok = parse_line (parser, line, line_len, callbacks, user_data, error);
      if (parser->line != NULL)
        g_string_truncate (parser->line, 0);
      if (!ok)
        return -1;
      pos += used;
    }
  while (pos < len && IS_LINE_STATE (parser->state));

  return pos;
}

/* Body bytes: @len of @bytes, of which parser->remaining are the body's
 * (or the current chunk's). */
static gsize
feed_body (GawsHttp1Parser                *parser,
           const char                     *bytes,
           gsize                           len,
           const GawsHttp1ParserCallbacks *callbacks,
           gpointer                        user_data)
{
  gsize n = parser->remaining < len ? (gsize) parser->remaining : len;

  parser->remaining -= n;
  if (parser->remaining == 0)
    parser->state = parser->state == STATE_CHUNK_DATA ? STATE_CHUNK_CR : STATE_COMPLETE;
  if (callbacks->body != NULL)
    callbacks->body (user_data, bytes, n);
  return n;
}

/* Public API: documented in the header */

void
gaws_http1_parser_init (GawsHttp1Parser *parser,
                        gboolean         head_request)
{
  memset (parser, 0, sizeof *parser);
  parser->state = STATE_START;
  parser->head_request = head_request;
  parser->content_length = -1;
  parser->remaining = NO_LENGTH;
}

void
gaws_http1_parser_clear (GawsHttp1Parser *parser)
{
  if (parser->line != NULL)
    g_string_free (g_steal_pointer (&parser->line), TRUE);
}

gssize
gaws_http1_parser_feed (GawsHttp1Parser                *parser,
                        const char                     *bytes,
                        gsize                           len,
                        const GawsHttp1ParserCallbacks *callbacks,
                        gpointer                        user_data,
                        GError                        **error)
{
  gsize pos = 0;

  if (callbacks == NULL)
    callbacks = &no_callbacks;
  if (parser->state == STATE_ERROR)
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL,
                           "Malformed HTTP response: read on after an error");
      return -1;
    }
  if (parser->state == STATE_START && len > 0)
    {
      parser->state = STATE_STATUS_LINE;
      parser->flags |= FLAG_STARTED;
    }

  while (pos < len && parser->state != STATE_COMPLETE)
    {
      switch (parser->state)
        {
        case STATE_BODY_LENGTH:
        case STATE_CHUNK_DATA:
          pos += feed_body (parser, bytes + pos, len - pos, callbacks, user_data);
          break;
        case STATE_BODY_CLOSE:
          if (callbacks->body != NULL)
            callbacks->body (user_data, bytes + pos, len - pos);
          pos = len;
          break;
        case STATE_CHUNK_CR:
        case STATE_CHUNK_LF:
          /* exactly CR LF after a chunk's data: a chunk longer than its
           * size said is not cut short silently */
          if (bytes[pos] != (parser->state == STATE_CHUNK_CR ? '\r' : '\n'))
            return fail (parser, error, "no CR LF after a chunk's data", bytes + pos, MIN (len - pos, 16));
          parser->state = parser->state == STATE_CHUNK_CR ? STATE_CHUNK_LF : STATE_CHUNK_SIZE;
          pos++;
          break;
        default:
          {
            gssize used = feed_lines (parser, bytes + pos, len - pos, callbacks, user_data, error);

            if (used < 0)
              return -1;
            pos += used;
          }
          break;
        }
    }

  /* bytes beyond the response belong to no request: the connection is
   * not in a state to carry another one */
  if (pos < len)
    parser->keep_alive = FALSE;
  return pos;
}

gboolean
gaws_http1_parser_feed_eof (GawsHttp1Parser                *parser,
                            const GawsHttp1ParserCallbacks *callbacks,
                            gpointer                        user_data,
                            GError                        **error)
{
  guint state = parser->state;

  switch (state)
    {
    case STATE_COMPLETE:
      return TRUE;
    case STATE_BODY_CLOSE:
      parser->state = STATE_COMPLETE;
      return TRUE;
    case STATE_ERROR:
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL,
                           "Malformed HTTP response: read on after an error");
      return FALSE;
    default:
      break;
    }

  parser->state = STATE_ERROR;
  switch (state)
    {
    case STATE_START:
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_CONNECTION,
                           "The connection was closed before any response");
      break;
    case STATE_STATUS_LINE:
    case STATE_INTERIM_HEADER:
    case STATE_HEADER:
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_CONNECTION,
                           "The connection was closed in the middle of the response head");
      break;
    case STATE_BODY_LENGTH:
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION,
                   "The connection was closed %" G_GUINT64_FORMAT " bytes before the end of the body",
                   parser->remaining);
      break;
    default:
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_CONNECTION,
                           "The connection was closed in the middle of the chunked body");
      break;
    }
  return FALSE;
}

gboolean
gaws_http1_parser_is_complete (const GawsHttp1Parser *parser)
{
  return parser->state == STATE_COMPLETE;
}

gboolean
gaws_http1_parser_has_started (const GawsHttp1Parser *parser)
{
  return (parser->flags & FLAG_STARTED) != 0;
}

gboolean
gaws_http1_parser_keep_alive (const GawsHttp1Parser *parser)
{
  return parser->state == STATE_COMPLETE && parser->keep_alive;
}

guint
gaws_http1_parser_get_status (const GawsHttp1Parser *parser)
{
  return parser->status;
}

gint64
gaws_http1_parser_get_content_length (const GawsHttp1Parser *parser)
{
  return parser->content_length;
}
