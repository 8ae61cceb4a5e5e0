/* bench-canned-server.c: a canned-reply AWS endpoint for bench/clients
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * One thread, epoll, non-blocking sockets, HTTP/1.1 keep-alive (and
 * pipelining). It answers, without looking at signatures:
 *
 *   POST (DynamoDB JSON 1.0)          GetItem: a fixed item; others: {}
 *   PUT  /bucket/key                  PutObject: 200, an ETag
 *   GET  /bucket/key                  GetObject: a 1 KiB body, its ETag and its
 *                                     CRC32 (as S3 answers for an object put
 *                                     with a CRC32 trailer, which clients that
 *                                     ask for it with x-amz-checksum-mode
 *                                     then validate)
 *   GET  /bucket?list-type=2&...      ListObjectsV2: page N of --pages, the
 *                                     next one named by a continuation token
 *   HEAD, DELETE                      what S3 would say, no body
 *
 * Request bodies are read (Content-Length, chunked, Expect: 100-continue)
 * and dropped. Replies are formatted into one buffer and written with one
 * send(). It prints the port it listens on, then serves until killed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define OBJECT_SIZE 1024
#define OBJECT_ETAG "\"0f343b0931126a20f133d67c2b018a3b\""
#define OBJECT_CRC32 "zAEjUA=="   /* base64 of the CRC32 of object_body */

static const char get_item_reply[] =
  "{\"Item\":{\"pk\":{\"S\":\"user#00000001\"},\"sk\":{\"S\":\"profile\"},"
  "\"name\":{\"S\":\"Ada Lovelace\"},\"email\":{\"S\":\"ada@example.com\"},"
  "\"age\":{\"N\":\"36\"},\"active\":{\"BOOL\":true},"
  "\"tags\":{\"SS\":[\"math\",\"engines\"]}}}";

static unsigned pages = 1000;
static unsigned keys_per_page = 10;
static char object_body[OBJECT_SIZE];

typedef struct {
  int     fd;
  char   *in;
  size_t  in_len, in_cap;
  char   *out;
  size_t  out_len, out_cap, out_sent;
  int     continued;   /* sent "100 Continue" for the request at the head */
  int     want_out;    /* EPOLLOUT is in the poll set */
} Conn;

static void *
xrealloc (void *p, size_t n)
{
  p = realloc (p, n);
  if (p == NULL)
    {
      perror ("realloc");
      exit (1);
    }
  return p;
}

static void
out_append (Conn *c, const char *data, size_t len)
{
  if (c->out_len + len > c->out_cap)
    {
      c->out_cap = (c->out_len + len) * 2;
      c->out = xrealloc (c->out, c->out_cap);
    }
  memcpy (c->out + c->out_len, data, len);
  c->out_len += len;
}

static void
out_printf (Conn *c, const char *format, ...) __attribute__ ((format (printf, 2, 3)));

static void
out_printf (Conn *c, const char *format, ...)
{
  va_list ap;
  int n;

  for (;;)
    {
      size_t room = c->out_cap - c->out_len;

      va_start (ap, format);
      n = vsnprintf (c->out + c->out_len, room, format, ap);
      va_end (ap);
      if ((size_t) n < room)
        break;
      c->out_cap = c->out_cap * 2 + (size_t) n + 1;
      c->out = xrealloc (c->out, c->out_cap);
    }
  c->out_len += (size_t) n;
}

/* A header's value in the head [head, end), or NULL; *len gets its length. */
static const char *
find_header (const char *head, const char *end, const char *name, size_t *len)
{
  size_t name_len = strlen (name);
  const char *line = memchr (head, '\n', (size_t) (end - head));

  while (line != NULL && line + 1 < end)
    {
      const char *start = line + 1;
      const char *eol = memchr (start, '\n', (size_t) (end - start));

      if (eol == NULL)
        eol = end;
      if ((size_t) (eol - start) > name_len && start[name_len] == ':' &&
          strncasecmp (start, name, name_len) == 0)
        {
          const char *v = start + name_len + 1;
          const char *ve = eol;

          while (v < ve && (*v == ' ' || *v == '\t'))
            v++;
          while (ve > v && (ve[-1] == '\r' || ve[-1] == ' '))
            ve--;
          *len = (size_t) (ve - v);
          return v;
        }
      line = eol < end ? eol : NULL;
    }
  return NULL;
}

/* Where a chunked body starting at @p ends (after its trailers), or NULL. */
static const char *
chunked_end (const char *p, const char *end)
{
  for (;;)
    {
      const char *eol = memmem (p, (size_t) (end - p), "\r\n", 2);
      unsigned long size;

      if (eol == NULL)
        return NULL;
      size = strtoul (p, NULL, 16);
      p = eol + 2;
      if (size == 0)
        {
          /* trailers, then an empty line */
          for (;;)
            {
              eol = memmem (p, (size_t) (end - p), "\r\n", 2);
              if (eol == NULL)
                return NULL;
              if (eol == p)
                return p + 2;
              p = eol + 2;
            }
        }
      if ((size_t) (end - p) < size + 2)
        return NULL;
      p += size + 2;
    }
}

static void
reply_head (Conn *c, int status, const char *reason, const char *type, size_t length,
            const char *extra)
{
  out_printf (c, "HTTP/1.1 %d %s\r\n"
              "x-amzn-RequestId: BENCHREQUESTID0000000000000000000000000000000000000\r\n"
              "x-amz-request-id: BENCH0000000000\r\n"
              "Content-Type: %s\r\n"
              "Content-Length: %zu\r\n"
              "%s"
              "\r\n", status, reason, type, length, extra);
}

static unsigned
page_of (const char *query, size_t len)
{
  const char *token = memmem (query, len, "continuation-token=tok-", 23);

  return token != NULL ? (unsigned) strtoul (token + 23, NULL, 10) : 0;
}

static void
reply_list (Conn *c, const char *query, size_t query_len)
{
  unsigned page = page_of (query, query_len);
  int truncated = page + 1 < pages;
  char body[8192 + 256 * 64];
  int n = 0;

  n += snprintf (body + n, sizeof body - n,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                 "<Name>bench</Name><Prefix></Prefix><KeyCount>%u</KeyCount>"
                 "<MaxKeys>1000</MaxKeys><IsTruncated>%s</IsTruncated>",
                 keys_per_page, truncated ? "true" : "false");
  if (page > 0)
    n += snprintf (body + n, sizeof body - n,
                   "<ContinuationToken>tok-%06u</ContinuationToken>", page);
  if (truncated)
    n += snprintf (body + n, sizeof body - n,
                   "<NextContinuationToken>tok-%06u</NextContinuationToken>", page + 1);
  for (unsigned i = 0; i < keys_per_page && n < (int) sizeof body - 512; i++)
    n += snprintf (body + n, sizeof body - n,
                   "<Contents><Key>obj-%06u-%03u</Key>"
                   "<LastModified>2026-11-25T12:00:00.000Z</LastModified>"
                   "<ETag>&quot;0f343b0931126a20f133d67c2b018a3b&quot;</ETag>"
                   "<Size>1024</Size><StorageClass>STANDARD</StorageClass></Contents>",
                   page, i);
  n += snprintf (body + n, sizeof body - n, "</ListBucketResult>");
  reply_head (c, 200, "OK", "application/xml", (size_t) n, "");
  out_append (c, body, (size_t) n);
}

static void
respond (Conn *c, const char *method, size_t method_len, const char *target, size_t target_len,
         const char *head, const char *head_end)
{
  const char *query = memchr (target, '?', target_len);
  size_t query_len = query != NULL ? target_len - (size_t) (query - target) : 0;

  if (method_len == 4 && memcmp (method, "POST", 4) == 0)
    {
      size_t len = 0;
      const char *amz_target = find_header (head, head_end, "X-Amz-Target", &len);

      if (amz_target != NULL && memmem (amz_target, len, ".GetItem", 8) != NULL)
        {
          reply_head (c, 200, "OK", "application/x-amz-json-1.0", sizeof get_item_reply - 1, "");
          out_append (c, get_item_reply, sizeof get_item_reply - 1);
        }
      else
        {
          reply_head (c, 200, "OK", "application/x-amz-json-1.0", 2, "");
          out_append (c, "{}", 2);
        }
    }
  else if (method_len == 3 && memcmp (method, "PUT", 3) == 0)
    reply_head (c, 200, "OK", "application/xml", 0, "ETag: " OBJECT_ETAG "\r\n");
  else if (method_len == 6 && memcmp (method, "DELETE", 6) == 0)
    out_printf (c, "HTTP/1.1 204 No Content\r\nx-amz-request-id: BENCH0000000000\r\n\r\n");
  else if (query != NULL && memmem (query, query_len, "list-type=2", 11) != NULL)
    reply_list (c, query, query_len);
  else
    {
      const char *extra = "ETag: " OBJECT_ETAG "\r\n"
                          "Last-Modified: Wed, 25 Nov 2026 12:00:00 GMT\r\n"
                          "x-amz-checksum-crc32: " OBJECT_CRC32 "\r\n"
                          "Accept-Ranges: bytes\r\n";

      reply_head (c, 200, "OK", "application/octet-stream", OBJECT_SIZE, extra);
      if (!(method_len == 4 && memcmp (method, "HEAD", 4) == 0))
        out_append (c, object_body, OBJECT_SIZE);
    }
}

/* Answers every complete request at the head of c->in. Returns -1 on a
 * request it cannot parse. */
static int
serve_buffer (Conn *c)
{
  size_t used = 0;

  for (;;)
    {
      const char *start = c->in + used;
      const char *end = c->in + c->in_len;
      const char *head_end = memmem (start, (size_t) (end - start), "\r\n\r\n", 4);
      const char *sp1, *sp2, *value, *body_end;
      size_t len = 0;

      if (head_end == NULL)
        break;
      head_end += 4;
      sp1 = memchr (start, ' ', (size_t) (head_end - start));
      sp2 = sp1 != NULL ? memchr (sp1 + 1, ' ', (size_t) (head_end - sp1 - 1)) : NULL;
      if (sp2 == NULL)
        return -1;

      if ((value = find_header (start, head_end, "Transfer-Encoding", &len)) != NULL &&
          memmem (value, len, "chunked", 7) != NULL)
        body_end = chunked_end (head_end, end);
      else if ((value = find_header (start, head_end, "Content-Length", &len)) != NULL)
        {
          size_t length = strtoul (value, NULL, 10);
          body_end = (size_t) (end - head_end) >= length ? head_end + length : NULL;
        }
      else
        body_end = head_end;

      if (body_end == NULL)
        {
          if (!c->continued && find_header (start, head_end, "Expect", &len) != NULL)
            {
              out_printf (c, "HTTP/1.1 100 Continue\r\n\r\n");
              c->continued = 1;
            }
          break;
        }
      respond (c, start, (size_t) (sp1 - start), sp1 + 1, (size_t) (sp2 - sp1 - 1),
               start, head_end);
      c->continued = 0;
      used = (size_t) (body_end - c->in);
    }
  memmove (c->in, c->in + used, c->in_len - used);
  c->in_len -= used;
  return 0;
}

static int
flush_out (Conn *c)
{
  while (c->out_sent < c->out_len)
    {
      ssize_t n = send (c->fd, c->out + c->out_sent, c->out_len - c->out_sent, MSG_NOSIGNAL);

      if (n < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
      c->out_sent += (size_t) n;
    }
  c->out_len = c->out_sent = 0;
  return 0;
}

static void
conn_close (int epfd, Conn *c)
{
  epoll_ctl (epfd, EPOLL_CTL_DEL, c->fd, NULL);
  close (c->fd);
  free (c->in);
  free (c->out);
  free (c);
}

/* Reads what there is, answers it; returns -1 when the connection is done. */
static int
conn_readable (int epfd, Conn *c)
{
  for (;;)
    {
      ssize_t n;
      size_t room;

      if (c->in_cap - c->in_len < 16384)
        {
          c->in_cap = c->in_cap * 2 + 16384;
          c->in = xrealloc (c->in, c->in_cap);
        }
      room = c->in_cap - c->in_len;
      n = recv (c->fd, c->in + c->in_len, room, 0);
      if (n == 0)
        return -1;
      if (n < 0)
        {
          if (errno == EAGAIN || errno == EWOULDBLOCK)
            break;
          if (errno == EINTR)
            continue;
          return -1;
        }
      c->in_len += (size_t) n;
      if ((size_t) n < room)
        break;   /* short read: the socket is drained */
    }
  if (serve_buffer (c) < 0 || flush_out (c) < 0)
    return -1;
  /* Only touch the poll set when the socket is full (rare). */
  if ((c->out_len > c->out_sent) != c->want_out)
    {
      struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };

      c->want_out = c->out_len > c->out_sent;
      if (c->want_out)
        ev.events |= EPOLLOUT;
      epoll_ctl (epfd, EPOLL_CTL_MOD, c->fd, &ev);
    }
  return 0;
}

int
main (int argc, char *argv[])
{
  int port = 0;
  int listener, epfd, one = 1;
  struct sockaddr_in addr = { .sin_family = AF_INET };
  socklen_t addr_len = sizeof addr;
  struct epoll_event ev, events[256];

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--port") == 0 && i + 1 < argc)
        port = atoi (argv[++i]);
      else if (strcmp (argv[i], "--pages") == 0 && i + 1 < argc)
        pages = (unsigned) atoi (argv[++i]);
      else if (strcmp (argv[i], "--keys-per-page") == 0 && i + 1 < argc)
        keys_per_page = (unsigned) atoi (argv[++i]);
      else
        {
          fprintf (stderr, "usage: %s [--port N] [--pages N] [--keys-per-page N]\n", argv[0]);
          return 2;
        }
    }
  for (size_t i = 0; i < OBJECT_SIZE; i++)
    object_body[i] = (char) ('a' + i % 26);
  signal (SIGPIPE, SIG_IGN);

  listener = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  setsockopt (listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons ((unsigned short) port);
  if (listener < 0 || bind (listener, (struct sockaddr *) &addr, sizeof addr) < 0 ||
      listen (listener, 1024) < 0 ||
      getsockname (listener, (struct sockaddr *) &addr, &addr_len) < 0)
    {
      perror ("listen");
      return 1;
    }
  printf ("%u\n", ntohs (addr.sin_port));
  fflush (stdout);

  epfd = epoll_create1 (0);
  ev.events = EPOLLIN;
  ev.data.ptr = NULL;
  epoll_ctl (epfd, EPOLL_CTL_ADD, listener, &ev);
  for (;;)
    {
      int n = epoll_wait (epfd, events, 256, -1);

      for (int i = 0; i < n; i++)
        {
          Conn *c = events[i].data.ptr;

          if (c == NULL)
            {
              int fd;

              while ((fd = accept4 (listener, NULL, NULL, SOCK_NONBLOCK)) >= 0)
                {
                  Conn *nc = calloc (1, sizeof *nc);

                  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                  nc->fd = fd;
                  ev.events = EPOLLIN;
                  ev.data.ptr = nc;
                  epoll_ctl (epfd, EPOLL_CTL_ADD, fd, &ev);
                }
              continue;
            }
          if ((events[i].events & (EPOLLERR | EPOLLHUP)) && !(events[i].events & EPOLLIN))
            conn_close (epfd, c);
          else if (events[i].events & EPOLLOUT && !(events[i].events & EPOLLIN))
            {
              if (flush_out (c) < 0)
                conn_close (epfd, c);
              else if (c->out_len == 0)
                {
                  c->want_out = 0;
                  ev.events = EPOLLIN;
                  ev.data.ptr = c;
                  epoll_ctl (epfd, EPOLL_CTL_MOD, c->fd, &ev);
                }
            }
          else if (conn_readable (epfd, c) < 0)
            conn_close (epfd, c);
        }
    }
  return 0;
}
