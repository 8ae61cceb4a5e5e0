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
 *
 * --tls CERT KEY serves the same replies over TLS (OpenSSL's libssl, its
 * default protocol versions and ciphers: TLS 1.3 with today's clients),
 * the handshake, reads and writes non-blocking in the same epoll loop, as
 * real AWS endpoints only speak https. Built only where meson found
 * libssl (BENCH_HAVE_OPENSSL).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef BENCH_HAVE_OPENSSL
#include <openssl/err.h>
#include <openssl/ssl.h>
#else
typedef struct ssl_st SSL;
#endif

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
  SSL    *ssl;         /* --tls: the connection's TLS state, else NULL */
  int     handshaking; /* --tls: SSL_accept() has not finished yet */
} Conn;

/* conn_recv() and conn_send() return this when the socket (or TLS) would
 * block: the caller waits for the poll set to say when to go on. */
#define WOULD_BLOCK (-2)

#ifdef BENCH_HAVE_OPENSSL
static SSL_CTX *tls_context;

static SSL_CTX *
tls_context_new (const char *cert, const char *key)
{
  SSL_CTX *ctx = SSL_CTX_new (TLS_server_method ());

  if (ctx == NULL ||
      SSL_CTX_use_certificate_chain_file (ctx, cert) != 1 ||
      SSL_CTX_use_PrivateKey_file (ctx, key, SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key (ctx) != 1)
    {
      ERR_print_errors_fp (stderr);
      exit (1);
    }
  /* A reply is sent from c->out, which may grow (and move) between
   * the tries of a write that would block. */
  SSL_CTX_set_mode (ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  return ctx;
}

/* What an SSL_* call's result @n means for the loop: WOULD_BLOCK (setting
 * *want_write when TLS waits for the socket to take bytes), 0 on a clean
 * close, -1 on an error. */
static int
tls_result (Conn *c, int n, int *want_write)
{
  switch (SSL_get_error (c->ssl, n))
    {
    case SSL_ERROR_WANT_WRITE:
      *want_write = 1;
      return WOULD_BLOCK;
    case SSL_ERROR_WANT_READ:
      return WOULD_BLOCK;
    case SSL_ERROR_ZERO_RETURN:
      return 0;
    default:
      ERR_clear_error ();
      return -1;
    }
}
#endif

/* Reads into @buf: the bytes read, 0 at the end, -1 on an error or
 * WOULD_BLOCK. */
static ssize_t
conn_recv (Conn *c, char *buf, size_t len, int *want_write)
{
#ifdef BENCH_HAVE_OPENSSL
  if (c->ssl != NULL)
    {
      int n = SSL_read (c->ssl, buf, len > INT32_MAX ? INT32_MAX : (int) len);

      return n > 0 ? n : tls_result (c, n, want_write);
    }
#else
  (void) want_write;
#endif
  for (;;)
    {
      ssize_t n = recv (c->fd, buf, len, 0);

      if (n >= 0)
        return n;
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        return WOULD_BLOCK;
      if (errno != EINTR)
        return -1;
    }
}

/* Writes from @buf: the bytes written, -1 on an error or WOULD_BLOCK. */
static ssize_t
conn_send (Conn *c, const char *buf, size_t len)
{
#ifdef BENCH_HAVE_OPENSSL
  if (c->ssl != NULL)
    {
      int want_write = 0;
      int n = SSL_write (c->ssl, buf, len > INT32_MAX ? INT32_MAX : (int) len);

      if (n > 0)
        return n;
      n = tls_result (c, n, &want_write);
      return n == 0 ? -1 : n;
    }
#endif
  {
    ssize_t n = send (c->fd, buf, len, MSG_NOSIGNAL);

    if (n >= 0)
      return n;
    return errno == EAGAIN || errno == EWOULDBLOCK ? WOULD_BLOCK : -1;
  }
}

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
      ssize_t n = conn_send (c, c->out + c->out_sent, c->out_len - c->out_sent);

      if (n < 0)
        return n == WOULD_BLOCK ? 0 : -1;
      c->out_sent += (size_t) n;
    }
  c->out_len = c->out_sent = 0;
  return 0;
}

static void
conn_close (int epfd, Conn *c)
{
  epoll_ctl (epfd, EPOLL_CTL_DEL, c->fd, NULL);
#ifdef BENCH_HAVE_OPENSSL
  SSL_free (c->ssl);
#endif
  close (c->fd);
  free (c->in);
  free (c->out);
  free (c);
}

/* Puts EPOLLOUT in the poll set when there is something to write that
 * the socket did not take (rare), takes it out when there is not. */
static void
conn_watch (int epfd, Conn *c, int want_out)
{
  if (want_out != c->want_out)
    {
      struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };

      c->want_out = want_out;
      if (want_out)
        ev.events |= EPOLLOUT;
      epoll_ctl (epfd, EPOLL_CTL_MOD, c->fd, &ev);
    }
}

/* --tls: goes on with the handshake; returns -1 when it failed. */
static int
conn_handshake (int epfd, Conn *c)
{
#ifdef BENCH_HAVE_OPENSSL
  int want_write = 0;
  int n = SSL_accept (c->ssl);

  if (n == 1)
    c->handshaking = 0;
  else if (tls_result (c, n, &want_write) != WOULD_BLOCK)
    return -1;
  conn_watch (epfd, c, want_write);
#else
  (void) epfd;
  (void) c;
#endif
  return 0;
}

/* Reads what there is, answers it; returns -1 when the connection is done. */
static int
conn_readable (int epfd, Conn *c)
{
  int want_write = 0;

  if (c->handshaking)
    {
      if (conn_handshake (epfd, c) < 0)
        return -1;
      if (c->handshaking)
        return 0;
    }
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
      n = conn_recv (c, c->in + c->in_len, room, &want_write);
      if (n == WOULD_BLOCK)
        break;
      if (n <= 0)
        return -1;
      c->in_len += (size_t) n;
      /* A short read drained the socket; TLS hands out one record at a
       * time, and a level-triggered poll would not tell of the rest it
       * holds: it is read until it would block. */
      if ((size_t) n < room && c->ssl == NULL)
        break;
    }
  if (serve_buffer (c) < 0 || flush_out (c) < 0)
    return -1;
  /* Only touch the poll set when the socket is full (rare). */
  conn_watch (epfd, c, c->out_len > c->out_sent || want_write);
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
  const char *tls_cert = NULL, *tls_key = NULL;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--port") == 0 && i + 1 < argc)
        port = atoi (argv[++i]);
      else if (strcmp (argv[i], "--pages") == 0 && i + 1 < argc)
        pages = (unsigned) atoi (argv[++i]);
      else if (strcmp (argv[i], "--keys-per-page") == 0 && i + 1 < argc)
        keys_per_page = (unsigned) atoi (argv[++i]);
      else if (strcmp (argv[i], "--tls") == 0 && i + 2 < argc)
        {
          tls_cert = argv[++i];
          tls_key = argv[++i];
        }
      else
        {
          fprintf (stderr, "usage: %s [--port N] [--pages N] [--keys-per-page N] [--tls CERT KEY]\n",
                   argv[0]);
          return 2;
        }
    }
  if (tls_cert != NULL)
    {
#ifdef BENCH_HAVE_OPENSSL
      tls_context = tls_context_new (tls_cert, tls_key);
#else
      (void) tls_key;
      fprintf (stderr, "%s: --tls: built without OpenSSL (libssl-dev)\n", argv[0]);
      return 2;
#endif
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
#ifdef BENCH_HAVE_OPENSSL
                  if (tls_context != NULL)
                    {
                      nc->ssl = SSL_new (tls_context);
                      SSL_set_fd (nc->ssl, fd);
                      SSL_set_accept_state (nc->ssl);
                      nc->handshaking = 1;
                    }
#endif
                  ev.events = EPOLLIN;
                  ev.data.ptr = nc;
                  epoll_ctl (epfd, EPOLL_CTL_ADD, fd, &ev);
                }
              continue;
            }
          if ((events[i].events & (EPOLLERR | EPOLLHUP)) && !(events[i].events & EPOLLIN))
            conn_close (epfd, c);
          /* over TLS, a handshake or a read may have waited for the socket
           * to take bytes: conn_readable() goes on with it */
          else if (events[i].events & EPOLLOUT && !(events[i].events & EPOLLIN) && c->ssl == NULL)
            {
              if (flush_out (c) < 0)
                conn_close (epfd, c);
              else if (c->out_len == 0)
                conn_watch (epfd, c, 0);
            }
          else if (conn_readable (epfd, c) < 0)
            conn_close (epfd, c);
        }
    }
  return 0;
}
