/* gaws-http-engine.c: libcurl's multi interface driven by a GMainContext
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-http-engine-private.h"
#include "gaws-scratch-private.h"

#include <curl/curl.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gaws-error.h"
#include "gaws-http-body-stream.h"
#include "gaws-http-connection.h"
#include "gaws-http1-parser.h"
#include "gaws-http-headers-private.h"
#include "gaws-http-request-private.h"
#include "gaws-object-private.h"

/**
 * GawsHttpEngine:
 *
 * Sends #GawsHttpRequests with libcurl, inside a #GMainContext: one curl
 * multi handle whose sockets and timer are watched by GLib sources on the
 * thread-default context of the thread that made the engine. There is no
 * extra thread and no polling: curl is told about a socket when GLib sees it
 * ready, and about its timer when the timer is due.
 *
 * Connections are kept alive and reused, at most
 * #GawsHttpEngine:max-connections at a time; requests beyond that wait for a
 * free connection. Requests go out as HTTP/1.1 with exactly the headers and
 * body they carry: no `Expect: 100-continue` unless asked for, no
 * `Accept-Encoding` and no decompression, so that checksums can be checked
 * on the bytes the server sent. Proxies come from the environment as curl
 * reads it (`http_proxy`, `https_proxy`, `all_proxy`, `no_proxy`); whether
 * one is set at all is looked at once, when the engine is made.
 *
 * Three clocks watch a transfer: the read timeout (no byte either way for
 * #GawsHttpEngine:read-timeout-ms), stalled-stream protection (a request
 * or response body moving slower than #GawsHttpEngine:stall-min-throughput
 * for #GawsHttpEngine:stall-grace-period-ms, on by default at 1 byte/s for
 * 5 s, as in the AWS Rust SDK), and the deadline of
 * gaws_http_engine_send_full_async(). Each fails the transfer with
 * %GAWS_ERROR_TIMEOUT. Time spent paused, waiting for a slow reader or
 * request body stream, counts for neither of the first two: that wait is
 * not the server's doing.
 *
 * All of the engine's methods, and the body streams it hands out, must be
 * used from the thread that runs its context. A pending send holds a
 * reference on the engine, as GIO operations do; a body stream does not, and
 * when the engine goes away (or g_object_run_dispose() is called on it) every
 * transfer still running fails with %G_IO_ERROR_CANCELLED.
 */

#define DEFAULT_MAX_CONNECTIONS    10      /* botocore's max_pool_connections */
#define DEFAULT_CONNECT_TIMEOUT_MS 60000
#define DEFAULT_READ_TIMEOUT_MS    60000
#define DEFAULT_STALL_GRACE_MS     5000    /* the AWS Rust SDK's defaults */
#define DEFAULT_STALL_MIN_RATE     1       /* bytes per second */
#define DEFAULT_USER_AGENT         "gaws/0.1"
#define STREAM_HIGH_WATER          (2 * 1024 * 1024)
#define UPLOAD_BUFFER_SIZE         (64 * 1024)
#define DIRECT_UPLOAD_BUFFER_SIZE  (512 * 1024L)   /* xfer2: see read_direct() */
#define RECEIVE_BUFFER_STREAMED    (128 * 1024L)   /* xfer2: see receive_buffer_size() */
#define RECEIVE_BUFFER_BUFFERED    (16 * 1024L)    /* curl's default */
#define LARGE_BODY                 (64 * 1024)     /* see receive_buffer_size() */
#define INLINE_UPLOAD_MAX          (64 * 1024 - 1) /* curl puts bodies under 64 KiB into the header's send() */
#define RECEIVE_WINDOW             (8 * 1024 * 1024) /* see gaws_http_engine_prepare_socket() */
#define BUFFERED_PREALLOC_MAX      (16 * 1024 * 1024)
#define BODY_BLOCK_SIZE            2048            /* see take_body_block() */
#define IDLE_WATCH_US              (10 * 1000)
#define UPLOAD_BLOCK_MAX           (4 * 1024)      /* see upload_buf_new() */

typedef struct _Transfer Transfer;

/* An easy handle, with what its callbacks get as their data: set once,
 * when it is made, rather than seven options for every transfer. */
typedef struct _Easy Easy;

struct _Easy {
  CURL     *handle;
  Transfer *transfer;                  /* the one it carries, or NULL */
  GawsHttpEngine     *engine;
  GawsHttpConnection *connecting;      /* h1 exchanges: the connection it makes */
  long      local_port;                /* h1 exchanges: of that connection, once made */
  Easy     *next_idle;                 /* in GawsHttpEngine.idle_easies */
  long      receive_buffer;            /* CURLOPT_BUFFERSIZE as last set */
  GString  *url;                       /* CURLOPT_URL as last set: see setup_easy() */
  char      errbuf[CURL_ERROR_SIZE];
};

/* The engine's source: it watches curl's sockets, runs curl's timer, and
 * fails transfers that stopped moving (the watchdog: read timeout, stalled
 * streams, deadlines). One source rather than one for curl and one for the
 * watchdog: each source costs every main loop iteration a prepare() and a
 * check() (with the context's lock dropped and taken again around each)
 * and a clock read in each. It works out its poll timeout in prepare()
 * from the earlier of its two deadlines, and the sockets are GPollFDs
 * that the engine owns and edits in place, rather than calling
 * g_source_set_ready_time() or g_source_add_unix_fd(): each of those
 * writes to the context's wakeup fd, which costs a syscall and another
 * loop iteration, a few times per request. */
typedef struct {
  GSource         source;
  GawsHttpEngine *engine;
  gint64          deadline;        /* curl's timer: monotonic time to act at, or -1 */
  gint64          h1_deadline;     /* the same for the h1 connections' multi handle */
  gint64          watch_deadline;  /* the watchdog's next look at the transfers, or -1 */
} EngineSource;

/* A socket curl told us about. When curl stops watching it, it stays a
 * little while (watching nothing), since a kept-alive connection usually
 * comes back with the next request at once; it goes when curl closes it,
 * when it reports an error while nobody watches it, or after IDLE_WATCH_US,
 * so that idle pooled connections do not make every poll() longer. */
typedef struct {
  GPollFD pollfd;
  CURLM  *multi;        /* whose socket it is */
  int     what;         /* CURL_POLL_IN / CURL_POLL_OUT; 0 while curl does not watch */
  gint64  idle_since;   /* when what became 0 */
  gboolean ends_known;  /* @local and @peer, once connected: see watch_ends_known() */
  struct sockaddr_storage local;
  struct sockaddr_storage peer;
  GList   link;         /* in GawsHttpEngine.sockets */
} SocketWatch;

typedef struct {
  CURLM        *multi;
  curl_socket_t fd;
  int           events;
} ReadySocket;

struct _GawsHttpEngine {
  GObject       parent_instance;

  GMainContext *context;
  CURLM        *multi;
  CURLM        *h1_multi;        /* the h1 connections': see "HTTP/1.1 written by gaws" */
  GSource      *source;
  guint         timer_calls;
  guint         h1_timer_calls;
  guint         in_curl;         /* depth of curl_multi_socket_action calls */
  gint64        curl_time;       /* see engine_now(); -1 outside the dispatch's curl calls */
  gint64        dispatch_time;   /* see source_time(); -1 outside the source's dispatch */
  GQueue        sockets;         /* SocketWatch */
  GHashTable   *socket_table;    /* fd -> SocketWatch */
  GArray       *ready;           /* ReadySocket, scratch for dispatch */
  GQueue        transfers;       /* Transfer, all running */
  GQueue        notify;          /* Transfer, with news for its caller or stream */
  Easy         *idle_easies;     /* a stack, configured with settings_serial: see take_easy() */
  guint         n_idle_easies;
  guint         settings_serial; /* bumped when a setting easy handles carry changes */
  GString      *scratch;
  gboolean      disposed;
  gboolean      small_unsized;   /* see receive_buffer_size() */

  /* h1 exchanges: see "HTTP/1.1 written by gaws" below */
  gboolean      own_http1;
  GQueue        connections;      /* GawsHttpConnection: all, connecting, busy or idle */
  GawsHttpConnection *idle_connections;   /* a stack */
  guint         n_idle_connections;
  GQueue        h1_waiting;       /* Transfer, for a connection */
  GPtrArray    *ready_connections; /* scratch for dispatch */
  char         *h1_buffer;        /* receive buffer for streamed bodies */

  guint         max_connections;
  guint         connect_timeout_ms;
  guint         read_timeout_ms;
  guint         stall_grace_ms;
  guint         stall_min_rate;
  gboolean      tcp_keepalive;
  gboolean      proxy_from_env;  /* a proxy variable was set when the engine was made */
  char         *ca_file;
  char         *user_agent;
};

struct _Transfer {
  guint               ref_count;
  GawsHttpEngine     *engine;       /* NULL once the transfer is over */
  Easy               *slot;         /* its curl handle, while it runs */
  guint               easy_serial;  /* the settings @slot was configured with */
  GawsHttpEngineSendDone done;      /* until it is called */
  gpointer            done_data;
  GawsHttpEngine     *owner;        /* a reference, until done is called */
  GCancellable       *cancellable;
  gint64              creation_time; /* of the main loop iteration, as GTask's */
  GawsHttpRequest    *request;
  GawsHttpBodyMode    mode;
  struct curl_slist  *headers;      /* in header_block: see setup_headers() */
  gpointer            header_block; /* kept with a spare transfer */
  gsize               header_block_size;
  GawsHttpResponse   *response;     /* until it is handed out */
  gboolean            headers_done;
  /* buffered mode, once the headers are in: @body_len bytes in @body of
   * @body_alloc; a plain buffer, not a GByteArray, so that the GBytes of
   * the response takes it without an allocation of its own */
  gboolean            buffering;
  guint8             *body;
  gsize               body_len;
  gsize               body_alloc;
  GawsHttpBodyStream *stream;       /* streamed mode; the response owns it */
  GSource            *cancel_source;
  GError             *error;        /* why the engine itself stopped it */
  gboolean            failed;       /* error is set, complete at the next flush */
  long                pause;        /* CURLPAUSE_RECV / CURLPAUSE_SEND in force */
  gboolean            connected;
  gint64              last_activity;
  gint64              deadline;          /* monotonic; -1 for none */
  guint               timeout_ms;        /* what @deadline was made from */
  gint64              stall_start;       /* the stall window, -1 when not measuring */
  curl_off_t          stall_bytes;       /* bytes moved when the window started */
  gint64              upload_total;      /* request body length, -1 unknown */
  GawsHttpSendFlags   flags;             /* event streams: per-send options */
  gboolean            curl_done;         /* event streams (h2): curl finished it */
  gboolean            notify_queued;
  curl_socket_t       lowat_fd;     /* while the body is paused, the socket whose mark pause_body() raised */
  GList               link;         /* in GawsHttpEngine.transfers */
  GList               notify_link;  /* in GawsHttpEngine.notify */

  /* a request body read from a GInputStream */
  GInputStream       *upload;
  GCancellable       *upload_cancellable;
  guint8             *upload_buf;       /* may be upload_block */
  gsize               upload_buf_size;
  guint8             *upload_block;     /* kept with a spare transfer: see upload_buf_new() */
  gsize               upload_block_size;
  gsize               upload_len;
  gsize               upload_pos;
  gint64              upload_base;       /* stream offset of upload_buf[0] */
  gint64              upload_remaining;  /* -1 when the length is unknown */
  gboolean            upload_reading;
  gboolean            upload_eof;
  gboolean            upload_direct;     /* xfer2: see read_direct() */
  gboolean            custom_method;     /* CURLOPT_CUSTOMREQUEST set: see release_easy() */
  gboolean            unsized;           /* streamed, no Range to tell its size: see receive_buffer_size() */
  goffset             upload_start;      /* xfer2: the stream's offset at the start */

  /* h1 exchanges: see "HTTP/1.1 written by gaws" below */
  gboolean            h1;
  GawsHttpConnection *connection;        /* its connection, once it has one */
  gboolean            reused;            /* which carried an earlier request */
  gboolean            waiting;           /* in GawsHttpEngine.h1_waiting */
  GList               wait_link;
  GawsHttp1Parser     parser;
  const guint8       *h1_body;           /* the request body: the request's or upload_buf */
  gsize               h1_body_len;
  gboolean            inline_tried;      /* see h1_take_body() */
  guint64             h1_received;       /* response body bytes */
  GByteArray         *held;              /* streamed: what the body stream refused, for its resume */
  gboolean            h1_finished;       /* streamed: all in, @held to hand over first */
  gboolean            h1_read_now;       /* TLS: see h1_resume() */
  gboolean            h1_unsent;         /* its head could not be made: nothing went out */
};

G_DEFINE_FINAL_TYPE (GawsHttpEngine, gaws_http_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAX_CONNECTIONS,
  PROP_CONNECT_TIMEOUT_MS,
  PROP_READ_TIMEOUT_MS,
  PROP_STALL_GRACE_PERIOD_MS,
  PROP_STALL_MIN_THROUGHPUT,
  PROP_TCP_KEEPALIVE,
  PROP_CA_FILE,
  PROP_USER_AGENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * gaws_http_body_mode_get_type:
 *
 * Returns: the #GType of #GawsHttpBodyMode
 */
GType
gaws_http_body_mode_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { GAWS_HTTP_BODY_BUFFERED, "GAWS_HTTP_BODY_BUFFERED", "buffered" },
        { GAWS_HTTP_BODY_STREAMED, "GAWS_HTTP_BODY_STREAMED", "streamed" },
        { 0, NULL, NULL },
      };
      g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("GawsHttpBodyMode"),
                                                        values));
    }
  return type;
}

/**
 * gaws_http_send_flags_get_type:
 *
 * Returns: the #GType of #GawsHttpSendFlags
 */
GType
gaws_http_send_flags_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GFlagsValue values[] = {
        { GAWS_HTTP_SEND_NO_STALL_PROTECTION, "GAWS_HTTP_SEND_NO_STALL_PROTECTION", "no-stall-protection" },
        { GAWS_HTTP_SEND_DUPLEX, "GAWS_HTTP_SEND_DUPLEX", "duplex" },
        { 0, NULL, NULL },
      };
      g_once_init_leave (&type, g_flags_register_static (g_intern_static_string ("GawsHttpSendFlags"),
                                                         values));
    }
  return type;
}

/* ---- transfers: life cycle ---------------------------------------------- */

static Transfer *
transfer_ref (Transfer *t)
{
  t->ref_count++;
  return t;
}

/* Every request needs a Transfer: each thread keeps the memory of its last
 * finished one for the next, rather than a malloc and a free each time. */
static void
transfer_free (gpointer data)
{
  Transfer *t = data;

  g_free (t->header_block);
  g_free (t->upload_block);
  g_free (t);
}

/* Transfers are kept per thread for the next requests, as many as are in
 * flight at once (up to the spares' depth), with their header blocks. */
static GPrivate spare_transfer = G_PRIVATE_INIT (transfer_free);

static Transfer *
transfer_alloc (void)
{
  Transfer *t = gaws_spare_block_take (&spare_transfer);
  gpointer header_block, upload_block;
  gsize header_block_size, upload_block_size;

  if (t == NULL)
    return g_new0 (Transfer, 1);
  /* the header block too is kept for the next request's headers, and the
   * upload block for its body */
  header_block = t->header_block;
  header_block_size = t->header_block_size;
  upload_block = t->upload_block;
  upload_block_size = t->upload_block_size;
  memset (t, 0, sizeof *t);
  t->header_block = header_block;
  t->header_block_size = header_block_size;
  t->upload_block = upload_block;
  t->upload_block_size = upload_block_size;
  return t;
}

static void
transfer_release (Transfer *t)
{
  /* what one request with unusually many headers grew is not kept */
  if (t->header_block_size > 16 * 1024 || !gaws_spare_object_give (&spare_transfer, t, transfer_free))
    transfer_free (t);
}

/* A buffer of @size bytes for the request body: the block an earlier
 * transfer left when it is large enough. A small body read from a stream
 * (a PutObject of a KiB, framed aws-chunked: 1067 bytes) would otherwise
 * take a malloc() that glibc serves from its large bins, consolidating
 * its fast bins first, and a free() for every request. */
static guint8 *
upload_buf_new (Transfer *t,
                gsize     size)
{
  return size <= t->upload_block_size ? t->upload_block : g_malloc (size);
}

/* Frees the body's buffer, or keeps it, when small, as the block for the
 * next transfer to use this memory. */
static void
upload_buf_free (Transfer *t)
{
  guint8 *buf = g_steal_pointer (&t->upload_buf);

  if (buf == NULL || buf == t->upload_block)
    return;
  if (t->upload_buf_size > UPLOAD_BLOCK_MAX)
    {
      g_free (buf);
      return;
    }
  g_free (t->upload_block);
  t->upload_block = buf;
  t->upload_block_size = t->upload_buf_size;
}

static void
transfer_unref (Transfer *t)
{
  if (--t->ref_count > 0)
    return;
  g_assert (t->engine == NULL && t->slot == NULL);
  g_assert (t->done == NULL && t->owner == NULL);
  g_clear_object (&t->cancellable);
  /* the transfer often holds a call's request last: see
   * gaws_http_request_release() */
  g_clear_pointer (&t->request, gaws_http_request_release);
  g_clear_object (&t->response);
  g_free (t->body);
  g_clear_object (&t->upload);
  g_clear_object (&t->upload_cancellable);
  upload_buf_free (t);
  g_clear_error (&t->error);
  g_clear_pointer (&t->held, g_byte_array_unref);
  transfer_release (t);
}

static size_t header_cb (char *buffer, size_t size, size_t nitems, void *userdata);
static size_t write_cb (char *data, size_t size, size_t nmemb, void *userdata);
static size_t read_cb (char *buffer, size_t size, size_t nitems, void *userdata);
static int seek_cb (void *userdata, curl_off_t offset, int origin);
static int prereq_cb (void *userdata, char *primary_ip, char *local_ip, int primary_port, int local_port);
static int closesocket_cb (void *clientp, curl_socket_t fd);
static int sockopt_cb (void *clientp, curl_socket_t fd, curlsocktype purpose);

/* What every transfer of the engine shares. Set once per easy handle:
 * easy handles are reused as they are, not reset, since resetting and
 * setting all this again was a good part of the cost of a small request. */
static void
easy_free (gpointer data)
{
  Easy *slot = data;

  curl_easy_cleanup (slot->handle);
  g_string_free (slot->url, TRUE);
  g_free (slot);
}

static Easy *
configure_easy (GawsHttpEngine *self)
{
  Easy *slot = g_new0 (Easy, 1);
  CURL *easy = curl_easy_init ();

  slot->handle = easy;
  slot->url = g_string_new (NULL);
  slot->engine = self;
  slot->receive_buffer = RECEIVE_BUFFER_BUFFERED;   /* curl's default: setup_easy() */
  curl_easy_setopt (easy, CURLOPT_PRIVATE, slot);
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, slot->errbuf);
  curl_easy_setopt (easy, CURLOPT_HEADERDATA, slot);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, slot);
  curl_easy_setopt (easy, CURLOPT_READDATA, slot);
  curl_easy_setopt (easy, CURLOPT_SEEKDATA, slot);
  curl_easy_setopt (easy, CURLOPT_PREREQDATA, slot);

  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS, (long) (CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  /* One request per connection at a time, as botocore does, so that
   * max-connections means what it says. */
  curl_easy_setopt (easy, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_1_1);
  curl_easy_setopt (easy, CURLOPT_HTTP_CONTENT_DECODING, 0L);
  /* The path goes out as it was signed: `.` and `..` are parts of S3 keys,
   * which curl would otherwise remove. */
  curl_easy_setopt (easy, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT_MS, (long) self->connect_timeout_ms);
  curl_easy_setopt (easy, CURLOPT_TCP_KEEPALIVE, self->tcp_keepalive ? 1L : 0L);
  /* NULL would remove curl's built-in CA bundle, not select it. */
  if (self->ca_file != NULL)
    curl_easy_setopt (easy, CURLOPT_CAINFO, self->ca_file);
  /* The bundle alone, as botocore trusts: Debian's libcurl also looks in
   * a CA directory, and with one set, libcurl 7.88 keeps no parsed CA
   * store between connections: every new TLS connection read and parsed
   * the whole system bundle again, some 20 ms of CPU each. */
  curl_easy_setopt (easy, CURLOPT_CAPATH, NULL);
  curl_easy_setopt (easy, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (easy, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (easy, CURLOPT_SEEKFUNCTION, seek_cb);
  curl_easy_setopt (easy, CURLOPT_PREREQFUNCTION, prereq_cb);
  curl_easy_setopt (easy, CURLOPT_SOCKOPTFUNCTION, sockopt_cb);
  curl_easy_setopt (easy, CURLOPT_CLOSESOCKETFUNCTION, closesocket_cb);
  curl_easy_setopt (easy, CURLOPT_CLOSESOCKETDATA, self);
  /* With no proxy in the environment, say so: otherwise curl looks up five
   * variables for every transfer. */
  if (!self->proxy_from_env)
    {
      curl_easy_setopt (easy, CURLOPT_PROXY, "");
      curl_easy_setopt (easy, CURLOPT_NOPROXY, "");
    }
  return slot;
}

/* The idle easy handle released last (its connection most likely still
 * open), or a new one. The idle ones are a stack linked through them, not
 * a GPtrArray: no GLib call either way for every transfer. */
static Easy *
take_easy (GawsHttpEngine *self)
{
  Easy *slot = self->idle_easies;

  if (slot == NULL)
    return configure_easy (self);
  self->idle_easies = slot->next_idle;
  self->n_idle_easies--;
  slot->next_idle = NULL;
  return slot;
}

static void
drop_idle_easies (GawsHttpEngine *self)
{
  Easy *slot;

  while ((slot = self->idle_easies) != NULL)
    {
      self->idle_easies = slot->next_idle;
      easy_free (slot);
    }
  self->n_idle_easies = 0;
}

/* An easy handle goes back to the idle ones with what setup_easy() only
 * sets for some transfers put back as configure_easy() left it, so that
 * the usual transfer sets nothing of it. */
static void
release_easy (GawsHttpEngine *self, Transfer *t)
{
  Easy *slot = g_steal_pointer (&t->slot);
  CURL *easy = slot->handle;

  g_assert (self->in_curl == 0);
  slot->transfer = NULL;
  curl_multi_remove_handle (self->multi, easy);
  if (t->easy_serial == self->settings_serial && self->n_idle_easies < MAX (self->max_connections, 16u))
    {
      /* back to curl's default, which the next transfers expect */
      if (t->upload_direct)
        curl_easy_setopt (easy, CURLOPT_UPLOAD_BUFFERSIZE, 65536L);
      if (t->flags & GAWS_HTTP_SEND_DUPLEX)
        curl_easy_setopt (easy, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_1_1);
      if (t->custom_method)
        curl_easy_setopt (easy, CURLOPT_CUSTOMREQUEST, NULL);
      slot->next_idle = self->idle_easies;
      self->idle_easies = slot;
      self->n_idle_easies++;
    }
  else
    easy_free (slot);
}

/* Easy handles in use keep the settings they started with; idle ones are
 * dropped so that the next transfers pick the new settings up. */
static void h1_close_idle (GawsHttpEngine *self);

static void
settings_changed (GawsHttpEngine *self)
{
  self->settings_serial++;
  drop_idle_easies (self);
}

static void
queue_notify (Transfer *t)
{
  if (t->notify_queued || t->engine == NULL)
    return;
  t->notify_queued = TRUE;
  t->notify_link.data = t;
  g_queue_push_tail_link (&t->engine->notify, &t->notify_link);
}

/* ---- handing the outcome out ------------------------------------------- */

typedef struct {
  GawsHttpEngineSendDone  done;
  gpointer                done_data;
  GawsHttpEngine         *owner;
  GawsHttpResponse       *response;
  GError                 *error;
} DeferredDone;

static gboolean
deferred_done_dispatch (gpointer user_data)
{
  DeferredDone *d = user_data;

  d->done (g_steal_pointer (&d->response), g_steal_pointer (&d->error), d->done_data);
  return G_SOURCE_REMOVE;
}

static void
deferred_done_free (gpointer user_data)
{
  DeferredDone *d = user_data;

  g_clear_object (&d->response);
  g_clear_error (&d->error);
  g_object_unref (d->owner);
  g_free (d);
}

/* Calls @done at the next iteration of @self's context: the caller of a
 * send never sees its callback run inside the call. */
static void
done_later (GawsHttpEngine *self, GawsHttpEngineSendDone done, gpointer done_data,
            GawsHttpResponse *response, GError *error)
{
  DeferredDone *d = g_new (DeferredDone, 1);
  GSource *source = g_idle_source_new ();

  d->done = done;
  d->done_data = done_data;
  d->owner = self;   /* takes the reference */
  d->response = response;
  d->error = error;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[gaws] GawsHttpEngine send done");
  g_source_set_callback (source, deferred_done_dispatch, d, deferred_done_free);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* g_source_get_time() of @current, the source being dispatched: the
 * engine's own source knows its dispatch's time (a response's callback
 * runs there, and so does a send made from one), where GLib would take
 * the context's lock to read it again. A nested iteration inside that
 * dispatch may have moved the context's time on since: the time kept is
 * then older, which at worst defers a callback (see can_return_now()). */
static gint64
source_time (GawsHttpEngine *self, GSource *current)
{
  if (current == self->source && self->dispatch_time >= 0)
    return self->dispatch_time;
  return g_source_get_time (current);
}

/* GTask's rule: the callback runs at once only from a source of the
 * engine's context, in a later main loop iteration than the send's;
 * otherwise (g_object_run_dispose() from elsewhere, say) in an idle. */
static gboolean
can_return_now (GawsHttpEngine *self, gint64 creation_time)
{
  GSource *source = g_main_current_source ();

  return source != NULL && (source == self->source || g_source_get_context (source) == self->context) &&
         source_time (self, source) > creation_time;
}

/* Gives @response or @error (both taken) to the send's callback. */
static void
transfer_return (Transfer *t, GawsHttpResponse *response, GError *error)
{
  GawsHttpEngineSendDone done = g_steal_pointer (&t->done);
  GawsHttpEngine *owner = g_steal_pointer (&t->owner);

  if (!can_return_now (owner, t->creation_time))
    {
      done_later (owner, done, t->done_data, response, error);
      return;
    }
  done (response, error, t->done_data);
  g_object_unref (owner);
}

/* A buffered body of a known BODY_BLOCK_SIZE bytes or less (a DynamoDB
 * GetItem's is some 200) goes into a block of that size kept per thread:
 * the response's GBytes gives it back when it is freed (on whatever
 * thread), rather than a malloc() and a free() for every response. */
static GPrivate spare_body_blocks = GAWS_SPARE_BLOCK_INIT;

static gpointer
take_body_block (void)
{
  gpointer block = gaws_spare_block_take (&spare_body_blocks);

  return block != NULL ? block : g_malloc (BODY_BLOCK_SIZE);
}

static void
give_body_block (gpointer block)
{
  gaws_spare_block_give (&spare_body_blocks, block);
}

/* The body, taken as it is: a buffer of BODY_BLOCK_SIZE bytes (one that
 * take_body_block() made, or that body_append() grew to that size, which
 * is as good) goes back to the spare blocks with its GBytes. */
static GBytes *
steal_body (Transfer *t)
{
  guint8 *body = g_steal_pointer (&t->body);

  if (body != NULL && t->body_alloc == BODY_BLOCK_SIZE)
    return g_bytes_new_with_free_func (body, t->body_len, give_body_block, body);
  return g_bytes_new_take (body, t->body_len);
}

static void
return_response (Transfer *t)
{
  if (t->mode == GAWS_HTTP_BODY_BUFFERED)
    {
      g_autoptr(GBytes) body = steal_body (t);
      gaws_http_response_set_body (t->response, body);
    }
  transfer_return (t, g_steal_pointer (&t->response), NULL);
}

/* event streams (h2): libcurl 7.88 does not reset the HTTP/2 stream of a
 * transfer removed before its end while its upload is paused after some
 * of it went out (cancelled, timed out, response body closed, writer
 * dropped): the service would wait on a stream nobody sends on.
 * Forbidding reuse makes curl send RST_STREAM and close the connection, as
 * with HTTP/1.1; the handle, which keeps the option, is not reused. */
static void
duplex_release_stopped (GawsHttpEngine *self, Transfer *t)
{
  Easy *slot = g_steal_pointer (&t->slot);

  g_assert (self->in_curl == 0);
  curl_easy_setopt (slot->handle, CURLOPT_FORBID_REUSE, 1L);
  curl_multi_remove_handle (self->multi, slot->handle);
  easy_free (slot);
}

/* Sets @fd's receive low-water mark (SO_RCVLOWAT) to @bytes: see
 * gaws_http_engine_prepare_socket() and raise_receive_mark() for why.
 * Returns: %FALSE if that failed. */
static gboolean
set_receive_mark (int fd,
                  int bytes)
{
  return setsockopt (fd, SOL_SOCKET, SO_RCVLOWAT, &bytes, sizeof bytes) == 0;
}

/* Puts back the receive low-water mark pause_body() raised, to one byte.
 * Returns: %FALSE if that failed. */
static gboolean
lower_receive_mark (Transfer *t)
{
  curl_socket_t fd = t->lowat_fd;

  if (fd == CURL_SOCKET_BAD)
    return TRUE;
  t->lowat_fd = CURL_SOCKET_BAD;
  return set_receive_mark (fd, 1);
}

static void h1_release (GawsHttpEngine *self, Transfer *t);
static void h1_resume (Transfer *t);
static void h1_raise_receive_mark (Transfer *t);

/* Ends a transfer, whether curl finished it or the engine stops it: the easy
 * handle leaves the multi handle (closing the connection if the response was
 * not read to its end), then the send's callback or the body stream learns
 * the outcome. Must not be called from inside a curl callback. */
static void
transfer_complete (Transfer *t, GError *error)
{
  GawsHttpEngine *self = t->engine;
  GawsHttpBodyStream *stream = g_steal_pointer (&t->stream);

  if (self == NULL)
    {
      g_clear_error (&error);
      return;
    }
  t->engine = NULL;
  g_queue_unlink (&self->transfers, &t->link);
  if (t->notify_queued)
    {
      g_queue_unlink (&self->notify, &t->notify_link);
      t->notify_queued = FALSE;
    }
  /* A paused body's connection is closed, not read to its end, but it
   * must not go back to the pool with its mark up in any case. */
  lower_receive_mark (t);
  if (t->h1)
    h1_release (self, t);
  else if ((t->flags & GAWS_HTTP_SEND_DUPLEX) && !t->curl_done)
    duplex_release_stopped (self, t);   /* event streams (h2) */
  else
    release_easy (self, t);
  if (t->cancel_source != NULL)
    {
      g_source_destroy (t->cancel_source);
      g_clear_pointer (&t->cancel_source, g_source_unref);
    }
  if (t->upload_cancellable != NULL)
    g_cancellable_cancel (t->upload_cancellable);
  /* event streams: the writer of a duplex body learns the transfer is over */
  if ((t->flags & GAWS_HTTP_SEND_DUPLEX) && t->upload != NULL && !t->upload_reading)
    g_input_stream_close (t->upload, NULL, NULL);

  if (stream != NULL)
    gaws_http_body_stream_finish (stream, error ? g_error_copy (error) : NULL);
  if (t->done != NULL && error != NULL)
    transfer_return (t, NULL, g_steal_pointer (&error));
  else if (t->done != NULL)
    return_response (t);
  g_clear_error (&error);
  transfer_unref (t);
}

static GError *
error_from_curl (Transfer *t, CURLcode code)
{
  g_autofree char *authority = gaws_http_request_dup_authority (t->request);
  const char *detail = t->slot != NULL && t->slot->errbuf[0] ? t->slot->errbuf : curl_easy_strerror (code);
  GawsError gcode = GAWS_ERROR_CONNECTION;
  const char *what = "Connection to %s failed: %s";

  switch (code)
    {
    case CURLE_OPERATION_TIMEDOUT:
      gcode = GAWS_ERROR_TIMEOUT;
      what = "Timed out connecting to %s: %s";
      break;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      what = "Could not resolve %s: %s";
      break;
    case CURLE_COULDNT_CONNECT:
      what = "Could not connect to %s: %s";
      break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      what = "TLS with %s failed: %s";
      break;
    case CURLE_PARTIAL_FILE:
      what = "Connection to %s closed before the whole body arrived: %s";
      break;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_RANGE_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      gcode = GAWS_ERROR_PROTOCOL;
      what = "Malformed response from %s: %s";
      break;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      gcode = GAWS_ERROR_INVALID_ARGUMENT;
      what = "Invalid URL for %s: %s";
      break;
    default:
      break;
    }
  return g_error_new (GAWS_ERROR, gcode, what, authority, detail);
}

static void
transfer_done (Transfer *t, CURLcode code)
{
  GError *error = g_steal_pointer (&t->error);

  if (error == NULL && code != CURLE_OK)
    error = error_from_curl (t, code);
  else if (error == NULL && !t->headers_done)
    {
      g_autofree char *authority = gaws_http_request_dup_authority (t->request);
      error = g_error_new (GAWS_ERROR, GAWS_ERROR_PROTOCOL, "No HTTP response from %s", authority);
    }
  t->curl_done = TRUE;   /* event streams (h2): see duplex_release_stopped() */
  transfer_complete (t, error);
}

/* Stops a transfer from a curl callback: the easy handle may not leave the
 * multi handle there, so the error waits for the next flush. */
static void
transfer_fail_later (Transfer *t, GError *error)
{
  if (t->error == NULL)
    t->error = error;
  else
    g_error_free (error);
  t->failed = TRUE;
  queue_notify (t);
}

/* ---- timeouts: read timeout, stalled streams, deadlines ------------- */

static void
watchdog_arm (GawsHttpEngine *self, gint64 deadline)
{
  EngineSource *source = (EngineSource *) self->source;

  if (source->watch_deadline < 0 || deadline < source->watch_deadline)
    source->watch_deadline = deadline;
}

/* The monotonic time for activity stamps, curl's timer and idle sockets.
 * Within the curl calls of a dispatch it is the dispatch's time (GLib reads
 * the clock once per iteration), at most as old as that run of curl, which
 * calls back for every header line and body write: a clock read each would
 * be six or seven a request. Callers' code never runs in there. */
static gint64
engine_now (GawsHttpEngine *self)
{
  return self != NULL && self->in_curl > 0 && self->curl_time >= 0 ? self->curl_time
                                                                   : g_get_monotonic_time ();
}

static void
touch (Transfer *t)
{
  t->last_activity = engine_now (t->engine);
}

static gboolean
is_watched (Transfer *t)
{
  /* Paused transfers wait for the reader or the request body, not for the
   * server, and connecting has a timeout of its own. */
  return t->connected && t->pause == 0;
}

static gboolean
stall_protection_on (GawsHttpEngine *self)
{
  return self->stall_grace_ms > 0 && self->stall_min_rate > 0;
}

static curl_off_t
bytes_moved (Transfer *t)
{
  curl_off_t up = 0, down = 0;

  if (t->h1)
    return t->connection != NULL ? (curl_off_t) gaws_http_connection_get_bytes_moved (t->connection) : 0;

  curl_easy_getinfo (t->slot->handle, CURLINFO_SIZE_UPLOAD_T, &up);
  curl_easy_getinfo (t->slot->handle, CURLINFO_SIZE_DOWNLOAD_T, &down);
  return up + down;
}

/* Whether a body is moving: the request body going out, or the response
 * body coming in. Waiting for the server to answer is the read timeout's
 * business, as in the AWS Rust SDK, whose stalled-stream protection this
 * follows: a server may think for a while, a body must keep flowing. */
static gboolean
in_body (Transfer *t)
{
  curl_off_t up = 0;

  if (t->headers_done)
    return TRUE;
  if (t->h1)
    return t->connection != NULL && gaws_http_connection_is_sending (t->connection);
  if (t->upload != NULL)
    return !(t->upload_eof && t->upload_pos >= t->upload_len);
  if (t->upload_total <= 0)
    return FALSE;
  curl_easy_getinfo (t->slot->handle, CURLINFO_SIZE_UPLOAD_T, &up);
  return up < t->upload_total;
}

/* Starts a measuring window afresh: when a body starts to move, and when a
 * pause (which does not count against the server) ends. */
static void
stall_window_reset (Transfer *t)
{
  GawsHttpEngine *self = t->engine;

  t->stall_start = -1;
  if (self == NULL || !stall_protection_on (self))
    return;
  t->stall_start = engine_now (self);
  t->stall_bytes = bytes_moved (t);
  watchdog_arm (self, t->stall_start + (gint64) self->stall_grace_ms * 1000);
}

static void
watchdog_kick (Transfer *t)
{
  GawsHttpEngine *self = t->engine;

  if (self->read_timeout_ms > 0)
    watchdog_arm (self, t->last_activity + (gint64) self->read_timeout_ms * 1000);
  stall_window_reset (t);
}

static GError *
timeout_error (Transfer *t, const char *doing, const char *format, ...) G_GNUC_PRINTF (3, 4);

/* "Timed out reading from host:port: no data for 60000 ms" */
static GError *
timeout_error (Transfer *t, const char *doing, const char *format, ...)
{
  g_autofree char *authority = gaws_http_request_dup_authority (t->request);
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  return g_error_new (GAWS_ERROR, GAWS_ERROR_TIMEOUT, "Timed out %s %s: %s", doing, authority, detail);
}

/* The earliest of the transfer's deadlines, or the error it failed with
 * now; -1 when nothing is pending. */
static gint64
check_transfer (GawsHttpEngine *self, Transfer *t, gint64 now, GError **error)
{
  gint64 next = -1;

  if (t->deadline >= 0 && t->done != NULL)
    {
      if (t->deadline <= now)
        {
          *error = timeout_error (t, "waiting for", "no response within %u ms", t->timeout_ms);
          return -1;
        }
      next = t->deadline;
    }
  if (!is_watched (t))
    return next;
  if (self->read_timeout_ms > 0)
    {
      gint64 deadline = t->last_activity + (gint64) self->read_timeout_ms * 1000;

      if (deadline <= now)
        {
          *error = timeout_error (t, "reading from", "no data for %u ms", self->read_timeout_ms);
          return -1;
        }
      next = next < 0 ? deadline : MIN (next, deadline);
    }
  /* event streams: exempt, as in the AWS SDKs */
  if (stall_protection_on (self) && !(t->flags & GAWS_HTTP_SEND_NO_STALL_PROTECTION) && in_body (t))
    {
      gint64 grace = (gint64) self->stall_grace_ms * 1000;
      curl_off_t moved;

      if (t->stall_start < 0)
        {
          t->stall_start = now;
          t->stall_bytes = bytes_moved (t);
        }
      else if (t->stall_start + grace <= now)
        {
          moved = bytes_moved (t) - t->stall_bytes;
          /* moved / grace < min rate, in integers */
          if ((guint64) moved * 1000 < (guint64) self->stall_min_rate * self->stall_grace_ms)
            {
              *error = timeout_error (t, "transferring with", "stalled stream: %" G_GINT64_FORMAT
                                      " bytes in %u ms, below the minimum of %u bytes/s",
                                      (gint64) moved, self->stall_grace_ms, self->stall_min_rate);
              return -1;
            }
          t->stall_start = now;
          t->stall_bytes += moved;
        }
      next = next < 0 ? t->stall_start + grace : MIN (next, t->stall_start + grace);
    }
  else
    t->stall_start = -1;
  return next;
}

/* The watchdog fires at the earliest possible deadline only: activity just
 * stamps the transfer, and the next deadline is worked out when it fires.
 * The caller holds a reference on @self. */
static void
watchdog_run (GawsHttpEngine *self)
{
  EngineSource *source = (EngineSource *) self->source;
  gint64 now = g_get_monotonic_time ();
  gint64 next = -1;
  g_autoptr(GPtrArray) expired = g_ptr_array_new_with_free_func ((GDestroyNotify) transfer_unref);
  g_autoptr(GPtrArray) errors = g_ptr_array_new ();

  for (GList *l = self->transfers.head; l != NULL; l = l->next)
    {
      Transfer *t = l->data;
      GError *error = NULL;
      gint64 deadline = check_transfer (self, t, now, &error);

      if (error != NULL)
        {
          g_ptr_array_add (expired, transfer_ref (t));
          g_ptr_array_add (errors, error);
        }
      else if (deadline >= 0 && (next < 0 || deadline < next))
        next = deadline;
    }
  source->watch_deadline = next;
  for (guint i = 0; i < expired->len; i++)
    {
      Transfer *t = expired->pdata[i];

      if (t->engine != NULL)
        transfer_complete (t, errors->pdata[i]);
      else
        g_error_free (errors->pdata[i]);
    }
}

static gboolean
deadline_due_at (gint64 deadline, gint64 now)
{
  return deadline >= 0 && deadline <= now;
}

/* The earlier of the source's two deadlines, or -1 for none. */
static gint64
next_deadline (EngineSource *source)
{
  gint64 a = source->deadline, b = source->watch_deadline, c = source->h1_deadline;
  gint64 first = a < 0 || (b >= 0 && b < a) ? b : a;

  return first < 0 || (c >= 0 && c < first) ? c : first;
}

/* ---- curl callbacks: they only record, never call out ------------------ */

static void attach_stream (Transfer *t);

static void
body_append (Transfer   *t,
             const char *data,
             gsize       len)
{
  if (len == 0)
    return;
  if (len > t->body_alloc - t->body_len)
    {
      gsize want = MAX (MAX (t->body_alloc * 2, 256), t->body_len + len);

      t->body = g_realloc (t->body, want);
      t->body_alloc = want;
    }
  memcpy (t->body + t->body_len, data, len);
  t->body_len += len;
}

static void
on_headers_done (Transfer *t)
{
  curl_off_t length = -1;

  t->headers_done = TRUE;
  stall_window_reset (t);
  if (t->mode == GAWS_HTTP_BODY_STREAMED)
    {
      /* what the next body without a Range is likely to be: see
       * receive_buffer_size() */
      if (t->unsized && gaws_http_response_get_status (t->response) < 300)
        {
          curl_easy_getinfo (t->slot->handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
          t->engine->small_unsized = length >= 0 && length < LARGE_BODY;
        }
      /* The body may follow in this very callback round. */
      attach_stream (t);
      queue_notify (t);
      return;
    }
  if (t->h1)
    length = gaws_http1_parser_get_content_length (&t->parser);
  else
    curl_easy_getinfo (t->slot->handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
  t->buffering = TRUE;
  t->body_len = 0;
  g_free (t->body);
  if (length > 0 && length <= BODY_BLOCK_SIZE)
    {
      t->body_alloc = BODY_BLOCK_SIZE;
      t->body = take_body_block ();
      return;
    }
  t->body_alloc = length > 0 && length <= BUFFERED_PREALLOC_MAX ? (gsize) length : 0;
  t->body = t->body_alloc > 0 ? g_malloc (t->body_alloc) : NULL;
}

static void
parse_header_line (Transfer *t, const char *line, gsize len)
{
  const char *colon = memchr (line, ':', len);
  const char *value, *end = line + len;

  if (colon == NULL || colon == line)
    return;
  value = colon + 1;
  while (value < end && (*value == ' ' || *value == '\t'))
    value++;
  while (end > value && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
    end--;
  gaws_http_headers_append_line (gaws_http_response_get_headers (t->response), line,
                                 (gsize) (colon - line), (gsize) (value - line), (gsize) (end - value));
}

static size_t
header_cb (char *buffer, size_t size, size_t nitems, void *userdata)
{
  Transfer *t = ((Easy *) userdata)->transfer;
  gsize len = size * nitems;
  long status = 0;

  if (t->headers_done)
    return len;   /* trailers */
  if (len >= 5 && memcmp (buffer, "HTTP/", 5) == 0)
    {
      touch (t);
      /* A new head: after a 1xx, the real one starts over. */
      if (t->response == NULL)
        t->response = gaws_http_response_new (0);
      else
        gaws_http_headers_clear (gaws_http_response_get_headers (t->response));
      return len;
    }
  if (t->response == NULL)
    return len;
  if (len > 2 || (buffer[0] != '\r' && buffer[0] != '\n'))
    {
      parse_header_line (t, buffer, len);
      return len;
    }
  touch (t);
  curl_easy_getinfo (t->slot->handle, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200)
    {
      gaws_http_response_set_status (t->response, (guint) status);
      on_headers_done (t);
    }
  return len;
}

/* While a body is paused, nothing reads its socket, and Linux then
 * acknowledges what arrives at once only as long as the receive window
 * can still advance (which depends on the buffer's state: its free space
 * against rcv_ssthresh, the overhead of the packets held) or the unread
 * bytes are below the socket's low-water mark; otherwise with delayed ACKs
 * (every 40 ms or so). A sender whose congestion control paces by the
 * delivery rate it measures (BBR) then takes the connection for a slow
 * one, and keeps sending slowly once the body is read again: on loopback
 * (bench/s3), the parts of a download that wait for their turn then came
 * in at a fraction of curl's speed, some of the time. So the mark is
 * raised, while the body is paused, to the bytes of the body still to come
 * (less a margin: TLS may hold some of them already read, decrypted), and
 * put back to one byte before curl reads again (resume_body()); never
 * above what is still to come, so that poll() would still report the end
 * of the body. Not over HTTP/2, where one socket carries other streams
 * that must still be read. */
#define PAUSED_LOWAT_MARGIN        (64 * 1024)
#define PAUSED_LOWAT_MIN           (256 * 1024)

#if defined(__linux__) && defined(SO_RCVLOWAT)
static long
port_of (const struct sockaddr_storage *address)
{
  if (address->ss_family == AF_INET)
    return ntohs (((const struct sockaddr_in *) address)->sin_port);
  if (address->ss_family == AF_INET6)
    return ntohs (((const struct sockaddr_in6 *) address)->sin6_port);
  return -1;
}

/* Whether @address is @ip (as curl writes it) and @port. */
static gboolean
is_endpoint (const struct sockaddr_storage *address,
             const char                    *ip,
             long                           port)
{
  struct in6_addr parsed;   /* large enough for either family */

  if (ip == NULL || port_of (address) != port || inet_pton (address->ss_family, ip, &parsed) != 1)
    return FALSE;
  if (address->ss_family == AF_INET)
    return memcmp (&parsed, &((const struct sockaddr_in *) address)->sin_addr, sizeof (struct in_addr)) == 0;
  return memcmp (&parsed, &((const struct sockaddr_in6 *) address)->sin6_addr, sizeof (struct in6_addr)) == 0;
}

/* Both ends of a socket, learnt once it is connected. */
static gboolean
watch_ends_known (SocketWatch *watch)
{
  socklen_t local_len = sizeof watch->local, peer_len = sizeof watch->peer;

  if (!watch->ends_known)
    watch->ends_known = getsockname (watch->pollfd.fd, (struct sockaddr *) &watch->local, &local_len) == 0 &&
                        getpeername (watch->pollfd.fd, (struct sockaddr *) &watch->peer, &peer_len) == 0;
  return watch->ends_known;
}

/* The socket of @t's connection, found among those curl watches by the
 * addresses and ports curl reports for the connection: the socket
 * callback names a transfer only when a socket is new to the multi
 * handle, not always when a kept-alive connection is reused. */
static curl_socket_t
transfer_socket (Transfer *t)
{
  char *local_ip = NULL, *peer_ip = NULL;
  long local_port = 0, peer_port = 0;

  if (curl_easy_getinfo (t->slot->handle, CURLINFO_LOCAL_IP, &local_ip) != CURLE_OK ||
      curl_easy_getinfo (t->slot->handle, CURLINFO_LOCAL_PORT, &local_port) != CURLE_OK ||
      curl_easy_getinfo (t->slot->handle, CURLINFO_PRIMARY_IP, &peer_ip) != CURLE_OK ||
      curl_easy_getinfo (t->slot->handle, CURLINFO_PRIMARY_PORT, &peer_port) != CURLE_OK)
    return CURL_SOCKET_BAD;
  for (GList *l = t->engine->sockets.head; l != NULL; l = l->next)
    {
      SocketWatch *watch = l->data;

      if (watch_ends_known (watch) && is_endpoint (&watch->local, local_ip, local_port) &&
          is_endpoint (&watch->peer, peer_ip, peer_port))
        return watch->pollfd.fd;
    }
  return CURL_SOCKET_BAD;
}

static void
raise_receive_mark (Transfer *t)
{
  curl_off_t length = -1;
  curl_off_t received = 0;
  long version = 0;
  curl_socket_t fd;
  int lowat;

  if (t->lowat_fd != CURL_SOCKET_BAD || (t->flags & GAWS_HTTP_SEND_DUPLEX))
    return;
  if (t->h1)
    {
      h1_raise_receive_mark (t);
      return;
    }
  if (curl_easy_getinfo (t->slot->handle, CURLINFO_HTTP_VERSION, &version) != CURLE_OK ||
      (version != CURL_HTTP_VERSION_1_0 && version != CURL_HTTP_VERSION_1_1) ||
      curl_easy_getinfo (t->slot->handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) != CURLE_OK ||
      curl_easy_getinfo (t->slot->handle, CURLINFO_SIZE_DOWNLOAD_T, &received) != CURLE_OK ||
      length - received < PAUSED_LOWAT_MIN + PAUSED_LOWAT_MARGIN ||
      (fd = transfer_socket (t)) == CURL_SOCKET_BAD)
    return;
  /* curl counts the bytes it holds back, refused by write_cb, as received. */
  lowat = (int) MIN (length - received - PAUSED_LOWAT_MARGIN, RECEIVE_WINDOW);
  if (set_receive_mark (fd, lowat))
    t->lowat_fd = fd;
}
#endif

static void
pause_body (Transfer *t)
{
  t->pause |= CURLPAUSE_RECV;
#if defined(__linux__) && defined(SO_RCVLOWAT)
  raise_receive_mark (t);
#endif
}

/* Returns: %FALSE if the mark could not be put back, when the connection
 * must not be read on. */
static gboolean
resume_body (Transfer *t)
{
  t->pause &= ~CURLPAUSE_RECV;
  return lower_receive_mark (t);
}

/* The body's reader made room: the body moves again, which counts as
 * activity. Returns: %FALSE if the transfer failed (later). */
static gboolean
body_resumed (Transfer *t)
{
  if (!resume_body (t))
    {
      transfer_fail_later (t, g_error_new (GAWS_ERROR, GAWS_ERROR_CONNECTION,
                                           "Could not reset the receive low-water mark: %s", g_strerror (errno)));
      return FALSE;
    }
  touch (t);
  watchdog_kick (t);
  return TRUE;
}

static size_t
write_cb (char *data, size_t size, size_t nmemb, void *userdata)
{
  Transfer *t = ((Easy *) userdata)->transfer;
  gsize len = size * nmemb;

  touch (t);
  if (t->mode == GAWS_HTTP_BODY_BUFFERED)
    {
      if (t->buffering)
        body_append (t, data, len);
      return len;
    }
  if (t->stream == NULL)
    return len;
  if (!gaws_http_body_stream_push (t->stream, data, len))
    {
      pause_body (t);
      return CURL_WRITEFUNC_PAUSE;
    }
  queue_notify (t);
  return len;
}

static int
prereq_cb (void *userdata, char *primary_ip, char *local_ip, int primary_port, int local_port)
{
  Easy *slot = userdata;
  Transfer *t = slot->transfer;

  slot->local_port = local_port;   /* h1 exchanges: see h1_closesocket_cb() */
  t->connected = TRUE;
  touch (t);
  watchdog_kick (t);
  return CURL_PREREQFUNC_OK;
}

/* ---- request bodies read from a GInputStream --------------------------- */

static void start_upload_read (Transfer *t);

static void
upload_resume (Transfer *t)
{
  CURLcode code;

  if (!(t->pause & CURLPAUSE_SEND))
    return;
  t->pause &= ~CURLPAUSE_SEND;
  touch (t);
  watchdog_kick (t);
  code = curl_easy_pause (t->slot->handle, (int) t->pause);
  if (code != CURLE_OK)
    transfer_complete (t, error_from_curl (t, code));
}

static void
upload_got (Transfer *t, gssize n, GError *error)
{
  if (error != NULL)
    {
      transfer_complete (t, error);
      return;
    }
  if (n == 0 && t->upload_remaining > 0)
    {
      transfer_complete (t, g_error_new (GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                                         "The request body stream ended %" G_GINT64_FORMAT
                                         " bytes before its announced length",
                                         t->upload_remaining));
      return;
    }
  t->upload_base += (gint64) t->upload_len;
  t->upload_len = (gsize) n;
  t->upload_pos = 0;
  if (t->upload_remaining > 0)
    t->upload_remaining -= n;
  t->upload_eof = n == 0 || t->upload_remaining == 0;
  upload_resume (t);
}

static void
on_upload_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Transfer *t = user_data;
  GError *error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  t->upload_reading = FALSE;
  if (t->engine != NULL)
    upload_got (t, n, error);
  else
    g_clear_error (&error);
  /* event streams: see transfer_complete() */
  if (t->engine == NULL && (t->flags & GAWS_HTTP_SEND_DUPLEX))
    g_input_stream_close (t->upload, NULL, NULL);
  transfer_unref (t);
}

static void
start_upload_read (Transfer *t)
{
  gsize count = UPLOAD_BUFFER_SIZE;

  if (t->upload_remaining >= 0)
    count = (gsize) MIN ((gint64) count, t->upload_remaining);
  /* Made at the first read, no larger than the body: most are small, and
   * direct uploads never need it. The remaining length only grows back
   * with a rewind, to at most what it was at the first read. */
  if (t->upload_buf == NULL)
    {
      t->upload_buf_size = MAX (count, 1);
      t->upload_buf = upload_buf_new (t, t->upload_buf_size);
    }
  count = MIN (count, t->upload_buf_size);
  /* Made at the first read too: a body read in read_direct() needs none. */
  if (t->upload_cancellable == NULL)
    t->upload_cancellable = g_cancellable_new ();
  t->upload_reading = TRUE;
  /* The read's GTask completes on the thread-default context, which must be
   * the engine's even when curl is run from some other context's loop. */
  g_main_context_push_thread_default (t->engine->context);
  g_input_stream_read_async (t->upload, t->upload_buf, count, G_PRIORITY_DEFAULT,
                             t->upload_cancellable, on_upload_read, transfer_ref (t));
  g_main_context_pop_thread_default (t->engine->context);
}

/* xfer2 (begin): a request body held in memory behind a pollable,
 * seekable stream (a GMemoryInputStream over GBytes, as the S3 transfer
 * manager sends its parts) is read straight into curl's buffer: no copy
 * into upload_buf and no trip through the main loop for every
 * UPLOAD_BUFFER_SIZE bytes. Anything else, the stream's end and its errors
 * take the asynchronous path, which knows what to do with them. */
static gssize
read_direct (Transfer *t, char *buffer, gsize room)
{
  gssize n;

  if (!t->upload_direct || t->upload_reading || t->upload_pos < t->upload_len)
    return -1;
  if (t->upload_remaining >= 0)
    room = (gsize) MIN ((gint64) room, t->upload_remaining);
  if (room == 0)
    return -1;
  n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (t->upload), buffer, room, NULL, NULL);
  if (n <= 0)
    return -1;
  t->upload_base += (gint64) t->upload_len + n;
  t->upload_len = t->upload_pos = 0;
  if (t->upload_remaining > 0)
    t->upload_remaining -= n;
  t->upload_eof = t->upload_remaining == 0;
  touch (t);
  return n;
}

/* curl rewinds a direct body (see read_direct()) by seeking the stream. */
static gboolean
seek_direct (Transfer *t, curl_off_t offset)
{
  gint64 length = gaws_http_request_get_body_length (t->request);

  if (!t->upload_direct || t->upload_reading || offset < 0 || (length >= 0 && offset > length) ||
      !g_seekable_seek (G_SEEKABLE (t->upload), t->upload_start + offset, G_SEEK_SET, NULL, NULL))
    return FALSE;
  t->upload_base = offset;
  t->upload_len = t->upload_pos = 0;
  t->upload_remaining = length >= 0 ? length - offset : -1;
  t->upload_eof = t->upload_remaining == 0;
  return TRUE;
}
/* xfer2 (end) */

static size_t
read_cb (char *buffer, size_t size, size_t nitems, void *userdata)
{
  Transfer *t = ((Easy *) userdata)->transfer;
  gsize room = size * nitems;

  if (t->upload_pos < t->upload_len)
    {
      gsize n = MIN (room, t->upload_len - t->upload_pos);

      memcpy (buffer, t->upload_buf + t->upload_pos, n);
      t->upload_pos += n;
      touch (t);
      return n;
    }
  if (t->upload_eof)
    return 0;
  {
    gssize direct = read_direct (t, buffer, room);   /* xfer2 */

    if (direct > 0)
      return (size_t) direct;
  }
  if (!t->upload_reading)
    start_upload_read (t);
  t->pause |= CURLPAUSE_SEND;
  return CURL_READFUNC_PAUSE;
}

/* curl rewinds when a reused connection turns out to be dead before the
 * request got through; that works while what was sent is still buffered. */
static int
seek_cb (void *userdata, curl_off_t offset, int origin)
{
  Transfer *t = ((Easy *) userdata)->transfer;

  if (origin != SEEK_SET || offset < t->upload_base ||
      offset > t->upload_base + (gint64) t->upload_len)
    return origin == SEEK_SET && seek_direct (t, offset) ? CURL_SEEKFUNC_OK : CURL_SEEKFUNC_CANTSEEK;
  t->upload_pos = (gsize) (offset - t->upload_base);
  return CURL_SEEKFUNC_OK;
}

/* ---- body streams ------------------------------------------------------- */

static void
feed_resume (gpointer data)
{
  Transfer *t = data;
  CURLcode code;

  if (t->engine == NULL || !(t->pause & CURLPAUSE_RECV))
    return;
  if (t->h1)
    {
      h1_resume (t);
      return;
    }
  if (!body_resumed (t))
    return;
  /* This may hand curl's held-back data to write_cb at once. We are inside
   * a read of the stream, so completing the transfer has to wait. */
  code = curl_easy_pause (t->slot->handle, (int) t->pause);
  if (code != CURLE_OK)
    transfer_fail_later (t, error_from_curl (t, code));
}

static void
feed_abort (gpointer data)
{
  Transfer *t = data;

  t->stream = NULL;
  transfer_complete (t, NULL);
}

static const GawsHttpBodyStreamFeed stream_feed = { feed_resume, feed_abort };

static void
attach_stream (Transfer *t)
{
  g_autoptr(GawsHttpBodyStream) stream =
    gaws_http_body_stream_new_for_feed (t->engine->context, t->cancellable,
                                        STREAM_HIGH_WATER, &stream_feed, t);

  /* Until its reader starts, a body stream holds at most 64 KiB: bytes
   * queued before the first read are copied twice (into the queue, then
   * out), while those that arrive once a read waits go straight into the
   * reader's buffer. bench/s3 downloads: 0.89x -> 0.94x of curl, peak
   * RSS 45 -> 26 MiB. */
  gaws_http_body_stream_set_initial_high_water (stream, 64 * 1024);
  gaws_http_response_set_body_stream (t->response, G_INPUT_STREAM (stream));
  t->stream = stream;
}

/* ---- setting a transfer up ---------------------------------------------- */

/* One header line as curl takes it: "Name: value", "Name:" to drop curl's
 * own header of that name, "Name;" for the header with an empty value. */
typedef struct {
  const char *name;
  const char *value;   /* NULL: drop curl's own */
  gsize       name_len;
  gsize       value_len;
} HeaderLine;

static HeaderLine
header_line (const char *name, const char *value)
{
  return (HeaderLine) { name, value, strlen (name), value != NULL ? strlen (value) : 0 };
}

static gsize
header_line_size (const HeaderLine *line)
{
  gsize size = line->name_len + 2;   /* ':' or ';', and the NUL */

  if (line->value_len > 0)
    size += 1 + line->value_len;
  return size;
}

static char *
put_header_line (char *out, const HeaderLine *line)
{
  memcpy (out, line->name, line->name_len);
  out += line->name_len;
  if (line->value == NULL)
    *out++ = ':';
  else if (line->value_len == 0)
    *out++ = ';';
  else
    {
      *out++ = ':';
      *out++ = ' ';
      memcpy (out, line->value, line->value_len);
      out += line->value_len;
    }
  *out++ = '\0';
  return out;
}

/* A curl_slist whose nodes and text are one allocation rather than two per
 * line as curl_slist_append() makes them: curl only reads the list. */
static struct curl_slist *
header_list_new (Transfer *t, const HeaderLine *lines, guint n_lines)
{
  gsize size = 0;
  struct curl_slist *list;
  char *text;

  if (n_lines == 0)
    return NULL;
  for (guint i = 0; i < n_lines; i++)
    size += header_line_size (&lines[i]);
  size += n_lines * sizeof (struct curl_slist);
  if (size > t->header_block_size)
    {
      g_free (t->header_block);
      t->header_block = g_malloc (size);
      t->header_block_size = size;
    }
  list = t->header_block;
  text = (char *) (list + n_lines);
  for (guint i = 0; i < n_lines; i++)
    {
      list[i].data = text;
      list[i].next = i + 1 < n_lines ? &list[i + 1] : NULL;
      text = put_header_line (text, &lines[i]);
    }
  return list;
}

/* Whether @line is the header @name, of @len bytes (its case aside). The
 * serializers write these names as @name spells them: a memcmp() first,
 * a letter-by-letter comparison only when that fails. */
static gboolean
header_line_is (const HeaderLine *line, const char *name, gsize len)
{
  return line->name_len == len &&
         (memcmp (line->name, name, len) == 0 || g_ascii_strncasecmp (line->name, name, len) == 0);
}

/* The request's headers, then what curl must add or leave out, measured
 * once, on the stack for the usual dozen. */
static void
setup_headers (Transfer *t, gboolean has_body)
{
  guint n_headers = 0;
  /* with their lengths: no strlen() of each name and value */
  const GawsHttpHeaderLine *header_lines =
    gaws_http_headers_peek_lines (gaws_http_request_get_headers (t->request), &n_headers);
  gint64 body_length = gaws_http_request_get_body_length (t->request);
  gboolean expect = FALSE, accept = FALSE, content_type = FALSE, user_agent = FALSE;
  guint n_lines = n_headers;
  HeaderLine stack_lines[24];
  g_autofree HeaderLine *heap_lines = NULL;
  HeaderLine *lines = stack_lines;

  /* four more at most: see below */
  if (n_headers + 4 > G_N_ELEMENTS (stack_lines))
    lines = heap_lines = g_new (HeaderLine, n_headers + 4);
  for (guint i = 0; i < n_headers; i++)
    {
      const HeaderLine *line = &lines[i];

      lines[i] = (HeaderLine) { header_lines[i].name, gaws_http_header_line_get_value (&header_lines[i]),
                                header_lines[i].name_len, header_lines[i].value_len };
      /* the first letter and the length first: this runs for every header
       * of every request */
      switch (*line->name | 0x20)
        {
        case 'e': expect |= header_line_is (line, "Expect", 6); break;
        case 'a': accept |= header_line_is (line, "Accept", 6); break;
        case 'c': content_type |= header_line_is (line, "Content-Type", 12); break;
        case 'u': user_agent |= header_line_is (line, "User-Agent", 10); break;
        default: break;
        }
    }
  /* A header line rather than CURLOPT_USERAGENT, which curl formats with
   * its own printf at every request. */
  if (!user_agent && t->engine->user_agent != NULL)
    lines[n_lines++] = header_line ("User-Agent", t->engine->user_agent);
  /* Remove what curl would add on its own. It only asks for 100-continue
   * for bodies of unknown length or of a mebibyte and more. */
  if (!expect && has_body && (body_length < 0 || body_length >= 1024 * 1024))
    lines[n_lines++] = header_line ("Expect", NULL);
  if (!accept)
    lines[n_lines++] = header_line ("Accept", NULL);
  if (!content_type && has_body)
    lines[n_lines++] = header_line ("Content-Type", NULL);
  t->headers = header_list_new (t, lines, n_lines);
  curl_easy_setopt (t->slot->handle, CURLOPT_HTTPHEADER, t->headers);
}

/* A body curl sends straight from memory that outlives the transfer (the
 * request's GBytes, or what upload_inline() read), in the header's send()
 * when it is small. */
static void
send_from_memory (Transfer *t, const char *data, gsize size)
{
  curl_easy_setopt (t->slot->handle, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) size);
  curl_easy_setopt (t->slot->handle, CURLOPT_POSTFIELDS, data != NULL ? data : "");
  t->upload_total = (gint64) size;
}

/* A small body behind a pollable, seekable stream (a PutObject of a few
 * KiB from a GMemoryInputStream, framed aws-chunked) is read whole before
 * the transfer starts, and curl gets it as it gets a body in GBytes: curl
 * then writes it in the same send() as the header. Through the read
 * callback it would go out in a send() of its own: one more system call
 * and one more wakeup of the server for every such request. Whatever the
 * stream does not have at hand stays for the usual path, with the bytes
 * read so far kept as the first buffer of the upload. */
static gboolean
read_inline (Transfer *t, GInputStream *stream, gint64 length)
{
  GPollableInputStream *pollable = G_POLLABLE_INPUT_STREAM (stream);
  gsize got = 0;

  t->inline_tried = TRUE;
  t->upload_buf_size = (gsize) length;
  t->upload_buf = upload_buf_new (t, t->upload_buf_size);
  while (got < t->upload_buf_size)
    {
      gssize n = g_pollable_input_stream_read_nonblocking (pollable, t->upload_buf + got,
                                                           t->upload_buf_size - got, NULL, NULL);

      if (n <= 0)
        break;
      got += (gsize) n;
    }
  if (got < t->upload_buf_size)
    {
      t->upload_len = got;
      return FALSE;
    }
  return TRUE;
}

static gboolean
upload_inline (Transfer *t, GInputStream *stream, gint64 length)
{
  if (!read_inline (t, stream, length))
    return FALSE;
  send_from_memory (t, (const char *) t->upload_buf, t->upload_buf_size);
  return TRUE;
}

/* Whether @stream can be read without blocking and sought back: read
 * straight by curl's read callback (read_direct()), or whole before the
 * request goes out when small (upload_inline()). */
static gboolean
is_pollable_and_seekable (GInputStream *stream)
{
  return G_IS_POLLABLE_INPUT_STREAM (stream) && g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (stream)) &&
         G_IS_SEEKABLE (stream) && g_seekable_can_seek (G_SEEKABLE (stream));
}

/* Whether @stream, of @length bytes, is one to read whole before the
 * request goes out: see upload_inline(). */
static gboolean
is_inline_stream (GInputStream *stream, gint64 length)
{
  return length > 0 && length <= INLINE_UPLOAD_MAX && is_pollable_and_seekable (stream);
}

static void
setup_upload_stream (Transfer *t, GInputStream *stream)
{
  CURL *easy = t->slot->handle;
  gint64 length = gaws_http_request_get_body_length (t->request);
  /* xfer2: see read_direct() */
  gboolean direct = !(t->flags & GAWS_HTTP_SEND_DUPLEX) && is_pollable_and_seekable (stream);
  goffset start = direct ? g_seekable_tell (G_SEEKABLE (stream)) : 0;

  /* when h1_take_body() read part of it already, the rest follows that */
  if (direct && !t->inline_tried && length > 0 && length <= INLINE_UPLOAD_MAX && upload_inline (t, stream, length))
    return;
  t->upload = g_object_ref (stream);
  t->upload_direct = direct;
  t->upload_start = start;
  t->upload_remaining = length >= 0 ? length - (gint64) t->upload_len : -1;
  t->upload_eof = t->upload_remaining == 0;
  curl_easy_setopt (easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) length);
}

static void
setup_method_and_body (Transfer *t)
{
  CURL *easy = t->slot->handle;
  const char *method = gaws_http_request_get_method (t->request);
  GBytes *body = gaws_http_request_get_body (t->request);
  GInputStream *stream = gaws_http_request_get_body_stream (t->request);
  gboolean head = g_ascii_strcasecmp (method, "HEAD") == 0;
  gboolean has_body = !head && (body != NULL || stream != NULL);
  const char *curl_method = head ? "HEAD" : has_body ? "POST" : "GET";

  /* The easy handle may come from an earlier transfer: every option that
   * differs between requests is set, to its default if need be. */
  if (head)
    curl_easy_setopt (easy, CURLOPT_NOBODY, 1L);
  else if (!has_body)
    curl_easy_setopt (easy, CURLOPT_HTTPGET, 1L);
  else if (body != NULL)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (body, &size);

      /* the request keeps the GBytes alive */
      curl_easy_setopt (easy, CURLOPT_POST, 1L);
      send_from_memory (t, data, size);
    }
  else
    {
      curl_easy_setopt (easy, CURLOPT_POSTFIELDS, NULL);
      curl_easy_setopt (easy, CURLOPT_POST, 1L);
      setup_upload_stream (t, stream);
    }
  /* release_easy() puts it back to NULL */
  if (strcmp (method, curl_method) != 0)
    {
      curl_easy_setopt (easy, CURLOPT_CUSTOMREQUEST, method);
      t->custom_method = TRUE;
    }
  /* xfer2: a body in memory goes out in larger sends (curl's default is
   * 64 KiB). Only then: curl frees its upload buffer whenever the option
   * is set, and release_easy() sets it back. */
  if (t->upload_direct)
    curl_easy_setopt (easy, CURLOPT_UPLOAD_BUFFERSIZE, DIRECT_UPLOAD_BUFFER_SIZE);
  setup_headers (t, has_body);
}

static inline void
append_string (GString *out, const char *text)
{
  gaws_string_append_len (out, text, strlen (text));
}

/* The URL from the request's parts, as gaws_http_request_dup_url() makes
 * it, but into a reused buffer and without printf: this is done for every
 * request. Appended in place (gaws_string_append_len()), not through GLib
 * 2.74's general insertion, some seventy instructions a piece. */
static void
build_url (GawsHttpRequest *request, GString *url)
{
  const char *query = gaws_http_request_get_query (request);

  g_string_truncate (url, 0);
  append_string (url, gaws_http_request_get_scheme (request));
  gaws_string_append_len (url, "://", 3);
  gaws_http_request_append_authority (request, url);
  append_string (url, gaws_http_request_get_path (request));
  if (query != NULL && *query != '\0')
    {
      g_string_append_c (url, '?');
      append_string (url, query);
    }
}

/* The length of the body a `Range: bytes=FIRST-LAST` or `bytes=-SUFFIX`
 * request header asks for, or -1 (none, another form). */
static gint64
range_length (GawsHttpRequest *request)
{
  const char *range = gaws_http_headers_get_one (gaws_http_request_get_headers (request), "Range");
  guint64 first = 0, last;
  gboolean suffix;
  char *end;

  if (range == NULL || strncmp (range, "bytes=", 6) != 0)
    return -1;
  range += 6;
  suffix = *range == '-';
  if (!suffix)
    {
      if (!g_ascii_isdigit (*range))
        return -1;
      first = g_ascii_strtoull (range, &end, 10);
      range = end;
      if (*range != '-')
        return -1;
    }
  if (!g_ascii_isdigit (range[1]))
    return -1;
  last = g_ascii_strtoull (range + 1, &end, 10);
  if (*end != '\0' || (!suffix && last < first))
    return -1;
  if (suffix)
    return (gint64) MIN (last, (guint64) G_MAXINT64);
  return (gint64) MIN (last - first, (guint64) G_MAXINT64 - 1) + 1;
}

/* curl allocates its receive buffer at the start of every transfer and
 * frees it at the end. A large streamed body (downloads) is read in large
 * reads, as the curl command line does (100 KiB): fewer calls per byte
 * (xfer2). Everything else keeps curl's 16 KiB: a block of 64 KiB or more
 * makes glibc's free() consolidate its fast bins, and the 128 KiB malloc()
 * and free() of a small call cost more than all its recv() calls (a 1 KiB
 * GetObject: about 1 us of CPU each). Whether a streamed body is large is
 * known from the request when it has a Range (the transfer manager's
 * parts), and else guessed from the last streamed body without one that
 * the engine got (S3 GetObjects of a kind tend to be of a size), large
 * until one was small. A wrong guess costs one transfer either the large
 * buffer or more reads, never a wrong result: curl cannot grow the buffer
 * once the response tells the length, it is made before. */
static long
receive_buffer_size (Transfer *t)
{
  gint64 expected;

  if (t->mode != GAWS_HTTP_BODY_STREAMED)
    return RECEIVE_BUFFER_BUFFERED;
  expected = range_length (t->request);
  t->unsized = expected < 0;
  if (t->unsized)
    return t->engine->small_unsized ? RECEIVE_BUFFER_BUFFERED : RECEIVE_BUFFER_STREAMED;
  return expected < LARGE_BODY ? RECEIVE_BUFFER_BUFFERED : RECEIVE_BUFFER_STREAMED;
}

static inline gboolean
same_string (const GString *a,
             const GString *b)
{
  return a->len == b->len && memcmp (a->str, b->str, a->len) == 0;
}

static void
setup_easy (Transfer *t)
{
  CURL *easy = t->slot->handle;
  long receive_buffer;

  build_url (t->request, t->engine->scratch);
  /* curl keeps the URL of a handle's last transfer, and reads what it has
   * anew for each: set only when it changed (a DynamoDB client's never
   * does), which spares curl's copy of it. The URL built and the one set
   * trade buffers: no copy of ours either. */
  if (!same_string (t->engine->scratch, t->slot->url))
    {
      GString *url = t->engine->scratch;

      t->engine->scratch = t->slot->url;
      t->slot->url = url;
      curl_easy_setopt (easy, CURLOPT_URL, url->str);
    }
  /* event streams: a duplex body is best sent over HTTP/2, which TLS
   * negotiates; every other request keeps to HTTP/1.1 (configure_easy()
   * sets it, release_easy() sets it back) */
  if (t->flags & GAWS_HTTP_SEND_DUPLEX)
    curl_easy_setopt (easy, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_2TLS);
  receive_buffer = receive_buffer_size (t);
  if (t->slot->receive_buffer != receive_buffer)
    {
      t->slot->receive_buffer = receive_buffer;
      curl_easy_setopt (easy, CURLOPT_BUFFERSIZE, receive_buffer);
    }
  setup_method_and_body (t);
}

/* ---- HTTP/1.1 written by gaws: h1 exchanges ----------------------------
 *
 * A request over http or https with no proxy, whose body is in memory (or
 * none, or a small stream read whole first), goes out on a connection of
 * the engine's own, its response buffered or streamed: libcurl makes the
 * connection (CURLOPT_CONNECT_ONLY: name resolution, connect timeout, the
 * socket options, the TLS handshake and certificate checks), and gaws
 * writes the request head and reads the response itself
 * (gaws-http-connection.c says why; the response through
 * gaws-http1-parser.c). Over plain http curl lets go of the socket at
 * once (h1_closesocket_cb()); over https it keeps the connection and its
 * TLS state, and gaws reads and writes through curl_easy_recv() and
 * curl_easy_send(), for as long as the handle stays in the engine's second
 * multi handle (see gaws_http_engine_constructed() for why a second one).
 * Everything else goes through libcurl's HTTP as before: proxies, HTTP/2
 * event streams, request bodies streamed from a GInputStream, and every
 * request when GAWS_OWN_HTTP1=0 is in the environment.
 *
 * The connections are a pool like curl's: one request at a time each, at
 * most max-connections of them (connecting, busy and idle together, apart
 * from curl's own), the idle ones a stack so that the warmest is taken
 * first. A reused connection the server had closed (it tells by closing
 * before answering) is retried on another, as curl does. Their GPollFDs
 * stay in the engine's source for as long as they are open, watching for
 * input even when idle, which tells of a server that closed one at once;
 * adding and removing a poll record would wake the context up each time. */

static void h1_start (Transfer *t);
static void forget_socket (GawsHttpEngine *self, curl_socket_t fd);

static gboolean
h1_eligible (GawsHttpEngine *self, GawsHttpRequest *request, GawsHttpBodyMode mode, GawsHttpSendFlags flags)
{
  const char *scheme;

  if (!self->own_http1 || self->proxy_from_env || (flags & GAWS_HTTP_SEND_DUPLEX))
    return FALSE;
  scheme = gaws_http_request_get_scheme (request);
  return scheme != NULL && (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         gaws_http_connection_can_carry (request);
}

/* The request body, where h1 exchanges need it: in memory. A body in a
 * stream is read whole first when it is small and at hand, as for curl
 * (upload_inline()); otherwise the request goes through curl, with what
 * was read so far. */
static gboolean
h1_take_body (Transfer *t)
{
  GBytes *body = gaws_http_request_get_body (t->request);
  GInputStream *stream = gaws_http_request_get_body_stream (t->request);
  gint64 length = gaws_http_request_get_body_length (t->request);

  if (body != NULL)
    {
      gsize size = 0;

      t->h1_body = g_bytes_get_data (body, &size);
      t->h1_body_len = size;
      if (t->h1_body == NULL)
        t->h1_body = (const guint8 *) "";   /* empty, but there: Content-Length: 0 */
      return TRUE;
    }
  if (stream == NULL)
    return TRUE;
  if (!is_inline_stream (stream, length) || !read_inline (t, stream, length))
    return FALSE;
  t->h1_body = t->upload_buf;
  t->h1_body_len = t->upload_buf_size;
  return TRUE;
}

static gboolean
is_https (GawsHttpRequest *request)
{
  return g_ascii_strcasecmp (gaws_http_request_get_scheme (request), "https") == 0;
}

static void
h1_unpoll (GawsHttpEngine *self, GawsHttpConnection *c)
{
  if (!c->polled)
    return;
  g_source_remove_poll (self->source, &c->pollfd);
  c->polled = FALSE;
}

/* Closes @c, which carries nothing; a transfer waiting for a connection
 * may now make one. */
static void
h1_close (GawsHttpEngine *self, GawsHttpConnection *c)
{
  g_assert (c->exchange == NULL);
  h1_unpoll (self, c);
  /* a dispatch may have it among the connections to act on */
  for (guint i = 0; i < self->ready_connections->len; i++)
    if (self->ready_connections->pdata[i] == c)
      self->ready_connections->pdata[i] = NULL;
  g_queue_unlink (&self->connections, &c->link);
  /* curl closes an https one as its handle leaves the multi handle
   * (a CONNECT_ONLY handle's connection goes with it) */
  if (c->tls != NULL)
    {
      Easy *slot = NULL;

      curl_easy_getinfo (c->tls, CURLINFO_PRIVATE, (char **) &slot);
      curl_multi_remove_handle (self->h1_multi, c->tls);
      c->tls = NULL;
      easy_free (slot);
    }
  gaws_http_connection_free (c);
}

static void
h1_unlink_idle (GawsHttpEngine *self, GawsHttpConnection *c)
{
  for (GawsHttpConnection **p = &self->idle_connections; *p != NULL; p = &(*p)->next_idle)
    if (*p == c)
      {
        *p = c->next_idle;
        c->next_idle = NULL;
        self->n_idle_connections--;
        return;
      }
}

static GawsHttpConnection *
h1_take_idle (GawsHttpEngine *self, GawsHttpRequest *request)
{
  const char *host = gaws_http_request_get_host (request);
  int port = gaws_http_request_get_port (request);
  gboolean https = is_https (request);

  for (GawsHttpConnection *c = self->idle_connections; c != NULL; c = c->next_idle)
    if (gaws_http_connection_is_for (c, host, port, https))
      {
        h1_unlink_idle (self, c);
        return c;
      }
  return NULL;
}

/* Starts the transfers that waited for a connection, as far as there is
 * room. */
static void
h1_start_waiting (GawsHttpEngine *self)
{
  GList *link;

  while ((link = g_queue_peek_head_link (&self->h1_waiting)) != NULL)
    {
      Transfer *t = link->data;
      guint busy = self->connections.length - self->n_idle_connections;

      /* an idle connection to another host makes room when closed */
      if (busy >= self->max_connections)
        return;
      g_queue_unlink (&self->h1_waiting, link);
      t->waiting = FALSE;
      h1_start (t);
      if (t->waiting)
        return;
    }
}

static void
h1_on_status (gpointer data, guint status, guint minor_version)
{
  Transfer *t = data;

  if (t->response == NULL)
    t->response = gaws_http_response_new (0);
}

static void
h1_on_header (gpointer data, const char *line, gsize name_len, gsize value_offset, gsize value_len)
{
  Transfer *t = data;

  gaws_http_headers_append_line (gaws_http_response_get_headers (t->response), line, name_len,
                                 value_offset, value_len);
}

static void
h1_on_headers_done (gpointer data)
{
  Transfer *t = data;

  gaws_http_response_set_status (t->response, gaws_http1_parser_get_status (&t->parser));
  on_headers_done (t);
}

/* A streamed body goes to its stream; what the stream refuses (its reader
 * is behind) waits in @held, and the connection is not read until the
 * stream asks for more (h1_resume()). */
static void
h1_on_body (gpointer data, const char *bytes, gsize len)
{
  Transfer *t = data;

  t->h1_received += len;
  if (t->mode == GAWS_HTTP_BODY_BUFFERED)
    {
      body_append (t, bytes, len);
      return;
    }
  if (t->stream == NULL)
    return;
  if (t->held == NULL && gaws_http_body_stream_push (t->stream, bytes, len))
    {
      queue_notify (t);
      return;
    }
  if (t->held == NULL)
    {
      t->held = g_byte_array_sized_new ((guint) len);
      t->connection->pollfd.events &= ~G_IO_IN;
      pause_body (t);
    }
  g_byte_array_append (t->held, (const guint8 *) bytes, (guint) len);
}

/* The body stream's reader made room (from feed_resume()). */
static void
h1_resume (Transfer *t)
{
  if (t->held != NULL)
    {
      if (!gaws_http_body_stream_push (t->stream, t->held->data, t->held->len))
        return;   /* it calls again */
      g_clear_pointer (&t->held, g_byte_array_unref);
      queue_notify (t);
    }
  if (!body_resumed (t))
    return;
  /* inside a read of the stream: completing the transfer has to wait */
  if (gaws_http1_parser_is_complete (&t->parser))
    {
      t->h1_finished = TRUE;
      queue_notify (t);
      return;
    }
  t->connection->pollfd.events |= G_IO_IN;
  /* TLS may hold decrypted bytes that poll() cannot see */
  if (t->connection->tls != NULL)
    {
      t->h1_read_now = TRUE;
      queue_notify (t);
    }
}

#if defined(__linux__) && defined(SO_RCVLOWAT)
/* raise_receive_mark() for an h1 exchange, which knows the numbers. */
static void
h1_raise_receive_mark (Transfer *t)
{
  gint64 length = gaws_http1_parser_get_content_length (&t->parser);
  gint64 rest = length - (gint64) t->h1_received;
  int fd = t->connection->pollfd.fd;

  if (length < 0 || rest < PAUSED_LOWAT_MIN + PAUSED_LOWAT_MARGIN)
    return;
  if (set_receive_mark (fd, (int) MIN (rest - PAUSED_LOWAT_MARGIN, RECEIVE_WINDOW)))
    t->lowat_fd = fd;
}
#else
static void
h1_raise_receive_mark (Transfer *t)
{
}
#endif

static const GawsHttp1ParserCallbacks h1_callbacks = {
  h1_on_status, h1_on_header, h1_on_headers_done, h1_on_body,
};

/* @error (taken) as error_from_curl() words it: who it was with. */
static GError *
h1_error (Transfer *t, GError *error)
{
  g_autofree char *authority = gaws_http_request_dup_authority (t->request);
  const char *what = error->code == GAWS_ERROR_PROTOCOL ? "Malformed response from %s: %s"
                                                        : "Connection to %s failed: %s";
  GError *named;

  if (error->domain != GAWS_ERROR)
    return error;
  named = g_error_new (GAWS_ERROR, error->code, what, authority, error->message);
  g_error_free (error);
  return named;
}

/* Puts the request on the wire, what the socket takes of it now. */
static void
h1_send (Transfer *t)
{
  GawsHttpConnection *c = t->connection;
  guint64 moved = gaws_http_connection_get_bytes_moved (c);
  GError *error = NULL;
  GawsHttpConnectionSend sent = gaws_http_connection_send (c, &error);

  /* a body going out slowly is activity, for the read timeout */
  if (gaws_http_connection_get_bytes_moved (c) != moved)
    touch (t);
  /* a body paused for its reader is not read meanwhile: see h1_on_body() */
  switch (sent)
    {
    case GAWS_HTTP_CONNECTION_DONE:
      c->pollfd.events = t->held != NULL ? 0 : G_IO_IN;
      break;
    case GAWS_HTTP_CONNECTION_AGAIN:
      c->pollfd.events = (t->held != NULL ? 0 : G_IO_IN) | G_IO_OUT;
      break;
    case GAWS_HTTP_CONNECTION_FAILED:
      /* The server closed or reset the connection: a kept-alive one it had
       * let go of, or it answered early (a 413 before the whole body) and
       * closed. Reading tells which: the response if there is one, else
       * a retry or an error (h1_receive()). */
      g_clear_error (&error);
      c->broken = TRUE;
      c->pollfd.events = G_IO_IN;
      break;
    }
}

static void
h1_begin (Transfer *t, GawsHttpConnection *c)
{
  GawsHttpEngine *self = t->engine;
  GError *error = NULL;

  t->connection = c;
  c->exchange = t;
  t->connected = TRUE;
  gaws_http1_parser_clear (&t->parser);
  gaws_http1_parser_init (&t->parser, g_ascii_strcasecmp (gaws_http_request_get_method (t->request), "HEAD") == 0);
  if (!gaws_http_connection_put_request (c, t->request, t->h1_body, t->h1_body_len, self->user_agent, &error))
    {
      t->h1_unsent = TRUE;
      transfer_fail_later (t, error);
      return;
    }
  t->upload_total = (gint64) t->h1_body_len;
  touch (t);
  watchdog_kick (t);
  h1_send (t);
}

/* The origin alone: all CURLOPT_CONNECT_ONLY needs, and nothing of the
 * path that curl's URL parser could take issue with. */
static void
build_origin_url (GawsHttpRequest *request, GString *url)
{
  g_string_truncate (url, 0);
  g_string_append (url, is_https (request) ? "https://" : "http://");
  gaws_http_request_append_authority (request, url);
  g_string_append_c (url, '/');
}

/* curl closes the connection it made as soon as it is made (the handle
 * forbids its reuse, so curl forgets it at once and can never close the
 * socket later, after gaws closed it and its number went to another);
 * the socket it connected, told by the local port prereq_cb() learnt, is
 * kept instead of closed. */
static int
h1_closesocket_cb (void *clientp, curl_socket_t fd)
{
  Easy *slot = clientp;
  GawsHttpConnection *c = slot->connecting;
  struct sockaddr_storage local;
  socklen_t len = sizeof local;

  forget_socket (slot->engine, fd);
  if (c != NULL && c->pollfd.fd < 0 && slot->local_port > 0 &&
      getsockname (fd, (struct sockaddr *) &local, &len) == 0 && port_of (&local) == slot->local_port)
    {
      c->pollfd.fd = fd;
      return 0;
    }
  return close (fd);
}

static void
h1_connect (Transfer *t)
{
  GawsHttpEngine *self = t->engine;
  gboolean https = is_https (t->request);
  GawsHttpConnection *c = gaws_http_connection_new (gaws_http_request_get_host (t->request),
                                                    gaws_http_request_get_port (t->request), https);
  Easy *slot = configure_easy (self);

  g_queue_push_tail_link (&self->connections, &c->link);
  c->exchange = t;
  t->connection = c;
  t->reused = FALSE;
  slot->transfer = t;
  slot->connecting = c;
  curl_easy_setopt (slot->handle, CURLOPT_CONNECT_ONLY, 1L);
  if (https)
    {
      /* curl keeps the connection, and its TLS state, for as long as the
       * handle stays in the multi handle: see h1_connected(). Its pool
       * must not take it for an idle one too old to keep. */
      curl_easy_setopt (slot->handle, CURLOPT_MAXAGE_CONN, (long) G_MAXINT);
    }
  else
    {
      curl_easy_setopt (slot->handle, CURLOPT_FORBID_REUSE, 1L);
      curl_easy_setopt (slot->handle, CURLOPT_CLOSESOCKETFUNCTION, h1_closesocket_cb);
      curl_easy_setopt (slot->handle, CURLOPT_CLOSESOCKETDATA, slot);
    }
  build_origin_url (t->request, slot->url);
  curl_easy_setopt (slot->handle, CURLOPT_URL, slot->url->str);
  t->slot = slot;
  curl_multi_add_handle (self->h1_multi, slot->handle);
}

/* Lets go of the curl handle that made @t's connection. */
static void
h1_drop_connect_easy (GawsHttpEngine *self, Transfer *t)
{
  Easy *slot = g_steal_pointer (&t->slot);

  slot->transfer = NULL;
  curl_multi_remove_handle (self->h1_multi, slot->handle);
  /* a socket curl closes from now on is not one to keep */
  slot->connecting = NULL;
  easy_free (slot);
}

/* curl is done connecting @t's connection (from flush()). */
static void
h1_connected (Transfer *t, CURLcode code)
{
  GawsHttpEngine *self = t->engine;
  GawsHttpConnection *c = t->connection;
  GError *error = NULL;

  if (code == CURLE_OK && c->https)
    {
      curl_socket_t fd = CURL_SOCKET_BAD;

      /* the handle stays, in the h1 multi handle, as the connection's */
      if (curl_easy_getinfo (t->slot->handle, CURLINFO_ACTIVESOCKET, &fd) == CURLE_OK && fd != CURL_SOCKET_BAD)
        {
          Easy *slot = g_steal_pointer (&t->slot);

          slot->transfer = NULL;
          slot->connecting = NULL;
          c->tls = slot->handle;
          c->pollfd.fd = fd;
        }
    }
  if (code != CURLE_OK)
    error = error_from_curl (t, code);
  else if (c->pollfd.fd < 0)
    error = g_error_new (GAWS_ERROR, GAWS_ERROR_CONNECTION, "Connection to %s failed: its socket was lost",
                         c->host);
  if (t->slot != NULL)
    h1_drop_connect_easy (self, t);
  if (error != NULL)
    {
      transfer_complete (t, error);
      return;
    }
  c->pollfd.events = G_IO_IN;
  g_source_add_poll (self->source, &c->pollfd);
  c->polled = TRUE;
  h1_begin (t, c);
}

static void
h1_start (Transfer *t)
{
  GawsHttpEngine *self = t->engine;
  GawsHttpConnection *c = h1_take_idle (self, t->request);

  if (c != NULL)
    {
      t->reused = TRUE;
      h1_begin (t, c);
      return;
    }
  if (self->connections.length >= self->max_connections && self->idle_connections != NULL)
    {
      /* room, made by closing the idle connection used longest ago */
      GawsHttpConnection *oldest = self->idle_connections;

      while (oldest->next_idle != NULL)
        oldest = oldest->next_idle;
      h1_unlink_idle (self, oldest);
      h1_close (self, oldest);
    }
  if (self->connections.length >= self->max_connections)
    {
      t->waiting = TRUE;
      t->wait_link.data = t;
      g_queue_push_tail_link (&self->h1_waiting, &t->wait_link);
      return;
    }
  h1_connect (t);
}

/* Sends @t again on another connection: its reused one was closed by the
 * server before any of the response came. */
static void
h1_retry (Transfer *t)
{
  GawsHttpEngine *self = t->engine;
  GawsHttpConnection *c = g_steal_pointer (&t->connection);

  c->exchange = NULL;
  h1_close (self, c);
  g_clear_object (&t->response);
  t->connected = FALSE;
  h1_start (t);
}

/* Whether @t's connection can carry another request once @t is over. */
static gboolean
h1_reusable (Transfer *t, GawsHttpConnection *c)
{
  /* nothing of it went out: the connection is as it was */
  if (t->h1_unsent)
    return c->pollfd.fd >= 0 && !c->broken;
  return !t->failed && c->pollfd.fd >= 0 && !c->broken && !gaws_http_connection_is_sending (c) &&
         gaws_http1_parser_is_complete (&t->parser) && gaws_http1_parser_keep_alive (&t->parser);
}

/* From transfer_complete(): @t's connection goes back to the idle ones if
 * the exchange ended cleanly, else it is closed. */
static void
h1_release (GawsHttpEngine *self, Transfer *t)
{
  GawsHttpConnection *c = g_steal_pointer (&t->connection);

  if (t->waiting)
    {
      g_queue_unlink (&self->h1_waiting, &t->wait_link);
      t->waiting = FALSE;
    }
  if (t->slot != NULL)
    h1_drop_connect_easy (self, t);
  if (c != NULL)
    {
      c->exchange = NULL;
      gaws_http_connection_forget_body (c);
      if (h1_reusable (t, c) && self->n_idle_connections < self->max_connections)
        {
          c->pollfd.events = G_IO_IN;
          c->next_idle = self->idle_connections;
          self->idle_connections = c;
          self->n_idle_connections++;
        }
      else
        h1_close (self, c);
    }
  gaws_http1_parser_clear (&t->parser);
  if (!self->disposed)
    h1_start_waiting (self);
}

/* Reads what the server sent, until the response is complete or the
 * socket has nothing more for now. A response usually comes in one
 * recv(): no second one to learn there is nothing more. */
static void
h1_receive (Transfer *t)
{
  GawsHttpConnection *c = t->connection;
  char stack_buffer[16 * 1024];
  char *buffer = stack_buffer;
  gsize size = sizeof stack_buffer;
  GError *error = NULL;

  /* a large body in large reads, as curl has them: see receive_buffer_size() */
  if (t->mode == GAWS_HTTP_BODY_STREAMED)
    {
      if (t->engine->h1_buffer == NULL)
        t->engine->h1_buffer = g_malloc (RECEIVE_BUFFER_STREAMED);
      buffer = t->engine->h1_buffer;
      size = RECEIVE_BUFFER_STREAMED;
    }
  for (;;)
    {
      gssize n = gaws_http_connection_receive (c, buffer, size, &error);
      gssize used;

      if (n == -2)
        return;
      if (n > 0)
        {
          touch (t);
          used = gaws_http1_parser_feed (&t->parser, buffer, (gsize) n, &h1_callbacks, t, &error);
          if (used < 0)
            break;
          /* bytes after the response answer no request */
          c->broken |= used < n;
          if (gaws_http1_parser_is_complete (&t->parser) && t->held == NULL)
            {
              transfer_complete (t, NULL);
              return;
            }
          if (t->held != NULL)
            return;   /* paused: h1_resume() goes on */
          continue;
        }
      if (n == 0 && gaws_http1_parser_feed_eof (&t->parser, &h1_callbacks, t, &error))
        {
          if (t->held == NULL)
            transfer_complete (t, NULL);
          return;
        }
      if (t->reused && !gaws_http1_parser_has_started (&t->parser))
        {
          g_clear_error (&error);
          h1_retry (t);
          return;
        }
      break;
    }
  transfer_complete (t, h1_error (t, error));
}

/* Whether an idle TLS connection that poll() found readable still has
 * nothing to say (what came was TLS's own, which curl took in). */
static gboolean
h1_idle_tls_quiet (GawsHttpConnection *c)
{
  char byte;

  return gaws_http_connection_receive (c, &byte, 1, NULL) == -2;
}

static void
h1_connection_ready (GawsHttpEngine *self, GawsHttpConnection *c)
{
  gushort revents = c->pollfd.revents;
  Transfer *t = c->exchange;

  c->pollfd.revents = 0;
  if (t == NULL)
    {
      /* idle: the server closed it, or said something unasked; over TLS
       * it may have sent no data at all (a TLS 1.3 session ticket) */
      if (c->tls != NULL && h1_idle_tls_quiet (c))
        return;
      h1_unlink_idle (self, c);
      h1_close (self, c);
      h1_start_waiting (self);
      return;
    }
  if (t->failed)
    return;   /* flush() ends it */
  transfer_ref (t);
  if ((revents & G_IO_OUT) && gaws_http_connection_is_sending (c))
    h1_send (t);
  if ((revents & (G_IO_IN | G_IO_HUP | G_IO_ERR)) && t->connection == c && !t->failed)
    h1_receive (t);
  transfer_unref (t);
}

/* The connections poll() reported on, from the source's dispatch. They
 * are collected first: acting on one can close others. */
static void
h1_run (GawsHttpEngine *self)
{
  GPtrArray *ready = self->ready_connections;

  if (self->connections.length == 0)
    return;
  g_ptr_array_set_size (ready, 0);
  for (GList *l = self->connections.head; l != NULL; l = l->next)
    if (((GawsHttpConnection *) l->data)->pollfd.revents != 0)
      g_ptr_array_add (ready, l->data);
  for (guint i = 0; i < ready->len; i++)
    if (ready->pdata[i] != NULL)
      h1_connection_ready (self, ready->pdata[i]);
  g_ptr_array_set_size (ready, 0);
}

/* The idle connections were made with a CA file that changed: new ones
 * are checked against the new one. */
static void
h1_close_idle (GawsHttpEngine *self)
{
  GawsHttpConnection *c;

  while ((c = self->idle_connections) != NULL)
    {
      h1_unlink_idle (self, c);
      h1_close (self, c);
    }
}

/* From finalize: every transfer is over by then. */
static void
h1_close_all (GawsHttpEngine *self)
{
  GList *link;

  self->idle_connections = NULL;
  self->n_idle_connections = 0;
  while ((link = g_queue_peek_head_link (&self->connections)) != NULL)
    {
      ((GawsHttpConnection *) link->data)->exchange = NULL;
      h1_close (self, link->data);
    }
}

static gboolean
on_cancelled (GCancellable *cancellable, gpointer user_data)
{
  Transfer *t = transfer_ref (user_data);

  transfer_complete (t, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             "Operation was cancelled"));
  transfer_unref (t);
  return G_SOURCE_REMOVE;
}

static Transfer *
transfer_new (GawsHttpEngine *self, GawsHttpRequest *request, GawsHttpBodyMode mode,
              GawsHttpSendFlags flags, GCancellable *cancellable,
              GawsHttpEngineSendDone done, gpointer done_data, gint64 creation_time)
{
  Transfer *t = transfer_alloc ();

  t->ref_count = 1;
  t->engine = self;
  t->request = g_object_ref (request);
  t->h1 = h1_eligible (self, request, mode, flags) && h1_take_body (t);
  if (!t->h1)
    {
      t->slot = take_easy (self);
      t->slot->transfer = t;
      t->slot->errbuf[0] = '\0';
      t->easy_serial = self->settings_serial;
    }
  t->done = done;
  t->done_data = done_data;
  t->owner = g_object_ref (self);
  t->creation_time = creation_time;
  t->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  t->mode = mode;
  t->flags = flags;
  t->upload_remaining = -1;
  t->upload_total = -1;
  t->deadline = -1;
  t->stall_start = -1;
  t->lowat_fd = CURL_SOCKET_BAD;
  t->link.data = t;
  touch (t);
  if (cancellable != NULL)
    {
      t->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (t->cancel_source, G_SOURCE_FUNC (on_cancelled), t, NULL);
      g_source_attach (t->cancel_source, self->context);
    }
  if (!t->h1)
    setup_easy (t);
  return t;
}

/* ---- driving curl from the main context -------------------------------- */

static void
socket_action (GawsHttpEngine *self, CURLM *multi, curl_socket_t fd, int events)
{
  int running = 0;

  self->in_curl++;
  curl_multi_socket_action (multi, fd, events, &running);
  self->in_curl--;
}

/* event streams (h2): when an error status arrives before the end of a
 * duplex body, curl stops sending ("HTTP error before end of send"), but
 * libcurl 7.88 leaves a paused upload paused and, over HTTP/2, then never
 * looks at the stream again, even once the server has closed it: the
 * transfer would hang. Unpausing makes curl check the stream and finish. */
static void
duplex_unpause_after_error (Transfer *t)
{
  CURLcode code;

  if (!(t->flags & GAWS_HTTP_SEND_DUPLEX) || !(t->pause & CURLPAUSE_SEND) ||
      gaws_http_response_get_status (t->response) < 300)
    return;
  t->pause &= ~CURLPAUSE_SEND;
  code = curl_easy_pause (t->slot->handle, (int) t->pause);
  if (code != CURLE_OK)
    transfer_fail_later (t, error_from_curl (t, code));
}

static void
notify_transfer (Transfer *t)
{
  if (t->failed)
    {
      transfer_complete (t, g_steal_pointer (&t->error));
      return;
    }
  if (t->h1_finished)
    {
      transfer_complete (t, NULL);
      return;
    }
  if (t->h1_read_now)
    {
      t->h1_read_now = FALSE;
      h1_receive (t);
      if (t->engine == NULL)
        return;
    }
  if (t->done != NULL && t->headers_done)
    {
      duplex_unpause_after_error (t);   /* event streams (h2) */

      /* Streamed: hand out the response now, and keep nothing that would
       * hold its body stream alive once the caller drops it. */
      return_response (t);
    }
  if (t->stream != NULL)
    gaws_http_body_stream_dispatch (t->stream);
}

/* Acts on what curl's callbacks recorded, now that it is safe to run the
 * callers' code: finished transfers, then responses and body data. */
static void
flush (GawsHttpEngine *self)
{
  CURLMsg *msg;
  GList *link;
  int left;

  while ((msg = curl_multi_info_read (self->multi, &left)) != NULL ||
         (msg = curl_multi_info_read (self->h1_multi, &left)) != NULL)
    {
      Easy *slot = NULL;
      Transfer *t;
      CURLcode code = msg->data.result;

      if (msg->msg != CURLMSG_DONE)
        continue;
      curl_easy_getinfo (msg->easy_handle, CURLINFO_PRIVATE, (char **) &slot);
      /* none once the transfer is over: see transfer_complete() */
      if (slot == NULL || (t = slot->transfer) == NULL)
        continue;
      transfer_ref (t);
      if (slot->connecting != NULL)
        h1_connected (t, code);
      else
        transfer_done (t, code);
      transfer_unref (t);
    }
  while ((link = g_queue_pop_head_link (&self->notify)) != NULL)
    {
      Transfer *t = transfer_ref (link->data);

      t->notify_queued = FALSE;
      notify_transfer (t);
      transfer_unref (t);
    }
}

static void
drop_watch (GawsHttpEngine *self, SocketWatch *watch)
{
  g_source_remove_poll (self->source, &watch->pollfd);
  g_queue_unlink (&self->sockets, &watch->link);
  g_hash_table_remove (self->socket_table, GINT_TO_POINTER (watch->pollfd.fd));
  g_free (watch);
}

static int
watch_socket (GawsHttpEngine *self, CURLM *multi, curl_socket_t fd, int what)
{
  SocketWatch *watch = g_hash_table_lookup (self->socket_table, GINT_TO_POINTER (fd));

  if (what == CURL_POLL_REMOVE)
    {
      what = 0;
      if (watch != NULL && watch->what != 0)
        watch->idle_since = engine_now (self);
    }
  if (watch == NULL)
    {
      if (what == 0)
        return 0;
      watch = g_new0 (SocketWatch, 1);
      watch->pollfd.fd = fd;
      watch->multi = multi;
      watch->link.data = watch;
      g_source_add_poll (self->source, &watch->pollfd);
      g_queue_push_tail_link (&self->sockets, &watch->link);
      g_hash_table_insert (self->socket_table, GINT_TO_POINTER (fd), watch);
    }
  watch->what = what;
  /* GLib copies the events from our GPollFD at every iteration. */
  watch->pollfd.events = ((what & CURL_POLL_IN) ? G_IO_IN : 0) | ((what & CURL_POLL_OUT) ? G_IO_OUT : 0);
  return 0;
}

static int
socket_cb (CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
  GawsHttpEngine *self = userp;

  return watch_socket (self, self->multi, fd, what);
}

static int
h1_socket_cb (CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
  GawsHttpEngine *self = userp;

  return watch_socket (self, self->h1_multi, fd, what);
}

/* curl closes @fd: its watch goes (the socket, if kept, is no longer
 * curl's to watch). */
static void
forget_socket (GawsHttpEngine *self, curl_socket_t fd)
{
  SocketWatch *watch = g_hash_table_lookup (self->socket_table, GINT_TO_POINTER (fd));

  if (watch != NULL)
    drop_watch (self, watch);
}

static int
closesocket_cb (void *clientp, curl_socket_t fd)
{
  forget_socket (clientp, fd);
  return close (fd);
}

/* gaws_http_engine_prepare_socket:
 * @fd: a new socket, before it connects
 *
 * Gives a connection's socket a receive buffer that can hold
 * RECEIVE_WINDOW bytes from the start. Linux sizes it by autotuning, from
 * how fast the application reads: a connection paused under back pressure
 * (a streamed body nobody reads yet, such as the parts of a download that
 * wait for their turn to be written to a stream) is read at no speed, so
 * its buffer stays at its initial 128 KiB and the rest of the body waits
 * in the server's send buffer. On loopback (bench/s3) that rest is then
 * sent from within this process, by the window updates its reads make,
 * while nginx sits idle: with 10 connections paused in turn, bench-s3 took
 * 0.25-0.27 s of CPU for the GiB and up to 0.43 s on a busy machine
 * (curl: 0.18 s), 0.21 s and 0.20 s with this. On a real network the
 * parts waiting for their turn get this far ahead instead of 64 KiB.
 *
 * Raising SO_RCVLOWAT grows the buffer to fit it and leaves autotuning on
 * (Linux 4.18 and later); SO_RCVBUF would turn autotuning off and is
 * capped by net.core.rmem_max. The mark goes back to one byte at once, or
 * poll() would not report a shorter response. The kernel caps the buffer
 * at net.ipv4.tcp_rmem's maximum; it takes memory only for bytes that
 * arrive and are not read yet.
 *
 * Exported for tests/test-http-engine.c. Returns: %FALSE if @fd was left
 * unusable (its low-water mark could not be put back), when the
 * connection must not go on. */
gboolean
gaws_http_engine_prepare_socket (int fd)
{
#if defined(__linux__) && defined(SO_RCVLOWAT)
  if (!set_receive_mark (fd, RECEIVE_WINDOW))
    return TRUE;   /* nothing changed */
  return set_receive_mark (fd, 1);
#else
  return TRUE;
#endif
}

static int
sockopt_cb (void *clientp, curl_socket_t fd, curlsocktype purpose)
{
  if (purpose != CURLSOCKTYPE_IPCXN || gaws_http_engine_prepare_socket (fd))
    return CURL_SOCKOPT_OK;
  return CURL_SOCKOPT_ERROR;
}

/* curl asks for a timeout action at a deadline; the source's prepare()
 * turns it into the poll timeout. */
static int
timer_cb (CURLM *multi, long timeout_ms, void *userp)
{
  GawsHttpEngine *self = userp;
  EngineSource *source = (EngineSource *) self->source;
  gint64 deadline = timeout_ms < 0 ? -1 : engine_now (self) + (gint64) timeout_ms * 1000;

  if (multi == self->h1_multi)
    {
      self->h1_timer_calls++;
      source->h1_deadline = deadline;
      return 0;
    }
  self->timer_calls++;
  source->deadline = deadline;
  return 0;
}

static void
run_timeout (GawsHttpEngine *self, CURLM *multi)
{
  gboolean h1 = multi == self->h1_multi;
  guint calls = h1 ? self->h1_timer_calls : self->timer_calls;
  long timeout_ms = -1;

  if (h1)
    ((EngineSource *) self->source)->h1_deadline = -1;
  else
    ((EngineSource *) self->source)->deadline = -1;
  socket_action (self, multi, CURL_SOCKET_TIMEOUT, 0);
  /* curl only calls timer_cb when its next deadline changes: if we woke a
   * little early, nothing expired and it stays silent, so ask. */
  if ((h1 ? self->h1_timer_calls : self->timer_calls) == calls &&
      curl_multi_timeout (multi, &timeout_ms) == CURLM_OK)
    timer_cb (multi, timeout_ms, self);
}

static int
events_for (SocketWatch *watch)
{
  GIOCondition condition = watch->pollfd.revents;
  int events = 0;

  if (condition & (G_IO_IN | G_IO_PRI))
    events |= CURL_CSELECT_IN;
  if (condition & G_IO_OUT)
    events |= CURL_CSELECT_OUT;
  /* Let curl find out what went wrong by reading or writing. */
  if (condition & (G_IO_ERR | G_IO_HUP | G_IO_NVAL))
    events |= ((watch->what & CURL_POLL_IN) ? CURL_CSELECT_IN : 0) |
              ((watch->what & CURL_POLL_OUT) ? CURL_CSELECT_OUT : 0);
  return events;
}

/* News queued outside a dispatch (data that a body stream read let curl
 * hand over, a failure found there) is acted on at the next iteration. */
static gboolean
engine_source_prepare (GSource *source, gint *timeout)
{
  GawsHttpEngine *self = ((EngineSource *) source)->engine;
  gint64 deadline = next_deadline ((EngineSource *) source);
  gint64 now;

  *timeout = -1;
  if (self->notify.length > 0)
    {
      *timeout = 0;
      return TRUE;
    }
  if (deadline < 0)
    return FALSE;
  now = g_source_get_time (source);
  if (deadline <= now)
    {
      *timeout = 0;
      return TRUE;
    }
  *timeout = (gint) MIN ((deadline - now + 999) / 1000, G_MAXINT);
  return FALSE;
}

static gboolean
engine_source_check (GSource *source)
{
  GawsHttpEngine *self = ((EngineSource *) source)->engine;
  gint64 deadline = next_deadline ((EngineSource *) source);

  if (self->notify.length > 0 || (deadline >= 0 && deadline <= g_source_get_time (source)))
    return TRUE;
  for (GList *l = self->sockets.head; l != NULL; l = l->next)
    if (((SocketWatch *) l->data)->pollfd.revents != 0)
      return TRUE;
  for (GList *l = self->connections.head; l != NULL; l = l->next)
    if (((GawsHttpConnection *) l->data)->pollfd.revents != 0)
      return TRUE;
  return FALSE;
}

/* Collects the sockets to act on first, as acting on one can remove
 * others. A socket nobody watches that reports something (the server
 * closed a pooled connection, or curl closed it behind our back) is
 * dropped: curl finds out for itself when it next uses the connection. */
static void
collect_ready (GawsHttpEngine *self)
{
  GList *l = self->sockets.head;

  g_array_set_size (self->ready, 0);
  while (l != NULL)
    {
      SocketWatch *watch = l->data;

      l = l->next;
      if (watch->what == 0 && watch->pollfd.revents != 0)
        {
          drop_watch (self, watch);
          continue;
        }
      if (watch->pollfd.revents == 0)
        continue;
      {
        ReadySocket ready = { watch->multi, watch->pollfd.fd, events_for (watch) };
        g_array_append_val (self->ready, ready);
      }
      watch->pollfd.revents = 0;
    }
}

/* Drops the sockets nobody watched for a while, once curl has run: a
 * connection that went back to the pool in the last iteration is usually
 * taken again by a transfer that this iteration's timeout starts, and
 * keeps its watch. Looked at before curl ran, an iteration longer than
 * IDLE_WATCH_US (many responses, a busy machine) dropped every connection
 * it had returned, for curl to add each back at once: for each, a poll
 * record taken out of the context's list and put back, and two writes to
 * its wakeup fd, which make the next poll() return at once. */
static void
drop_idle_watches (GawsHttpEngine *self, gint64 now)
{
  GList *l = self->sockets.head;

  while (l != NULL)
    {
      SocketWatch *watch = l->data;

      l = l->next;
      if (watch->what == 0 && now - watch->idle_since > IDLE_WATCH_US)
        drop_watch (self, watch);
    }
}

static gboolean
engine_source_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  GawsHttpEngine *self = g_object_ref (((EngineSource *) source)->engine);
  gint64 now = g_source_get_time (source);
  gint64 outer_time = self->dispatch_time;   /* when this one is nested */

  self->dispatch_time = now;
  self->curl_time = now;
  collect_ready (self);
  if (deadline_due_at (((EngineSource *) source)->deadline, now))
    run_timeout (self, self->multi);
  if (deadline_due_at (((EngineSource *) source)->h1_deadline, now))
    run_timeout (self, self->h1_multi);
  for (guint i = 0; i < self->ready->len; i++)
    {
      ReadySocket *ready = &g_array_index (self->ready, ReadySocket, i);
      socket_action (self, ready->multi, ready->fd, ready->events);
    }
  self->curl_time = -1;
  drop_idle_watches (self, now);
  h1_run (self);
  /* A request sent from a callback here starts at the next iteration: were
   * curl run again now, its response could come back in the iteration its
   * send was made in, which transfer_return() then defers to an idle source. */
  flush (self);
  /* after curl, as when the watchdog was a source of its own, attached
   * after this one */
  if (deadline_due_at (((EngineSource *) source)->watch_deadline, now))
    watchdog_run (self);
  self->dispatch_time = outer_time;
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs engine_source_funcs = {
  engine_source_prepare, engine_source_check, engine_source_dispatch, NULL, NULL, NULL
};

static GSource *
engine_source_new (GawsHttpEngine *self, GSourceFuncs *funcs, const char *name)
{
  GSource *source = g_source_new (funcs, sizeof (EngineSource));

  ((EngineSource *) source)->engine = self;
  ((EngineSource *) source)->deadline = -1;
  ((EngineSource *) source)->h1_deadline = -1;
  ((EngineSource *) source)->watch_deadline = -1;
  g_source_set_static_name (source, name);
  /* A synchronous read of a body stream from a callback iterates the
   * context from inside our dispatch; curl must still be driven then. */
  g_source_set_can_recurse (source, TRUE);
  g_source_attach (source, self->context);
  return source;
}

/* ---- GObject ------------------------------------------------------------ */

static void
apply_max_connections (GawsHttpEngine *self)
{
  long n = (long) self->max_connections;

  curl_multi_setopt (self->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, n);
  curl_multi_setopt (self->multi, CURLMOPT_MAX_HOST_CONNECTIONS, n);
  curl_multi_setopt (self->multi, CURLMOPT_MAXCONNECTS, n);
}

static void
gaws_http_engine_constructed (GObject *object)
{
  GawsHttpEngine *self = GAWS_HTTP_ENGINE (object);

  G_OBJECT_CLASS (gaws_http_engine_parent_class)->constructed (object);
  self->source = engine_source_new (self, &engine_source_funcs, "GawsHttpEngine");
  curl_multi_setopt (self->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
  curl_multi_setopt (self->multi, CURLMOPT_SOCKETDATA, self);
  curl_multi_setopt (self->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
  curl_multi_setopt (self->multi, CURLMOPT_TIMERDATA, self);
  curl_multi_setopt (self->multi, CURLMOPT_PIPELINING, (long) CURLPIPE_NOTHING);
  apply_max_connections (self);
  /* The h1 connections' own multi handle: curl takes every connection in
   * its pool for an idle one it may close (the oldest, when the pool is
   * full), and those that carry gaws's exchanges are not idle. So they
   * are kept apart from curl's transfers, in a pool curl never trims
   * (gaws limits them); curl closes one only when gaws lets go of it. */
  curl_multi_setopt (self->h1_multi, CURLMOPT_SOCKETFUNCTION, h1_socket_cb);
  curl_multi_setopt (self->h1_multi, CURLMOPT_SOCKETDATA, self);
  curl_multi_setopt (self->h1_multi, CURLMOPT_TIMERFUNCTION, timer_cb);
  curl_multi_setopt (self->h1_multi, CURLMOPT_TIMERDATA, self);
  curl_multi_setopt (self->h1_multi, CURLMOPT_MAXCONNECTS, (long) G_MAXINT);
}

static void
gaws_http_engine_dispose (GObject *object)
{
  GawsHttpEngine *self = GAWS_HTTP_ENGINE (object);
  GList *link;

  self->disposed = TRUE;
  while ((link = g_queue_peek_head_link (&self->transfers)) != NULL)
    {
      Transfer *t = transfer_ref (link->data);

      transfer_complete (t, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                 "The HTTP engine was disposed"));
      transfer_unref (t);
    }
  G_OBJECT_CLASS (gaws_http_engine_parent_class)->dispose (object);
}

static void
destroy_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
gaws_http_engine_finalize (GObject *object)
{
  GawsHttpEngine *self = GAWS_HTTP_ENGINE (object);
  GList *link;

  /* Closing the pooled connections calls socket_cb, so the source must
   * still be there. */
  h1_close_all (self);
  curl_multi_cleanup (self->h1_multi);
  curl_multi_cleanup (self->multi);
  while ((link = g_queue_peek_head_link (&self->sockets)) != NULL)
    drop_watch (self, link->data);
  g_ptr_array_unref (self->ready_connections);
  g_free (self->h1_buffer);
  g_hash_table_unref (self->socket_table);
  destroy_source (&self->source);
  drop_idle_easies (self);
  g_array_unref (self->ready);
  g_string_free (self->scratch, TRUE);
  g_main_context_unref (self->context);
  g_free (self->ca_file);
  g_free (self->user_agent);
  G_OBJECT_CLASS (gaws_http_engine_parent_class)->finalize (object);
}

static void
gaws_http_engine_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  GawsHttpEngine *self = GAWS_HTTP_ENGINE (object);

  switch (prop_id)
    {
    case PROP_MAX_CONNECTIONS:
      g_value_set_uint (value, self->max_connections);
      break;
    case PROP_CONNECT_TIMEOUT_MS:
      g_value_set_uint (value, self->connect_timeout_ms);
      break;
    case PROP_READ_TIMEOUT_MS:
      g_value_set_uint (value, self->read_timeout_ms);
      break;
    case PROP_STALL_GRACE_PERIOD_MS:
      g_value_set_uint (value, self->stall_grace_ms);
      break;
    case PROP_STALL_MIN_THROUGHPUT:
      g_value_set_uint (value, self->stall_min_rate);
      break;
    case PROP_TCP_KEEPALIVE:
      g_value_set_boolean (value, self->tcp_keepalive);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_USER_AGENT:
      g_value_set_string (value, self->user_agent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_http_engine_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  GawsHttpEngine *self = GAWS_HTTP_ENGINE (object);

  switch (prop_id)
    {
    case PROP_MAX_CONNECTIONS:
      gaws_http_engine_set_max_connections (self, g_value_get_uint (value));
      break;
    case PROP_CONNECT_TIMEOUT_MS:
      gaws_http_engine_set_connect_timeout_ms (self, g_value_get_uint (value));
      break;
    case PROP_READ_TIMEOUT_MS:
      gaws_http_engine_set_read_timeout_ms (self, g_value_get_uint (value));
      break;
    case PROP_STALL_GRACE_PERIOD_MS:
      gaws_http_engine_set_stall_protection (self, g_value_get_uint (value), self->stall_min_rate);
      break;
    case PROP_STALL_MIN_THROUGHPUT:
      gaws_http_engine_set_stall_protection (self, self->stall_grace_ms, g_value_get_uint (value));
      break;
    case PROP_TCP_KEEPALIVE:
      gaws_http_engine_set_tcp_keepalive (self, g_value_get_boolean (value));
      break;
    case PROP_CA_FILE:
      gaws_http_engine_set_ca_file (self, g_value_get_string (value));
      break;
    case PROP_USER_AGENT:
      gaws_http_engine_set_user_agent (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_http_engine_class_init (GawsHttpEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                      G_PARAM_STATIC_STRINGS;

  object_class->constructed = gaws_http_engine_constructed;
  object_class->dispose = gaws_http_engine_dispose;
  object_class->finalize = gaws_http_engine_finalize;
  object_class->get_property = gaws_http_engine_get_property;
  object_class->set_property = gaws_http_engine_set_property;

  /**
   * GawsHttpEngine:max-connections:
   *
   * The most connections open at once, in all and to any one host. The
   * requests whose HTTP/1.1 gaws writes itself (nearly all) and those it
   * leaves to libcurl's HTTP (through a proxy, with a request body
   * streamed from a #GInputStream, HTTP/2 event streams) keep pools of
   * their own, each of at most this many connections.
   */
  properties[PROP_MAX_CONNECTIONS] =
    g_param_spec_uint ("max-connections", NULL, NULL, 1, G_MAXINT, DEFAULT_MAX_CONNECTIONS, flags);
  /**
   * GawsHttpEngine:connect-timeout-ms:
   *
   * How long establishing a connection (TLS included) may take, in ms.
   */
  properties[PROP_CONNECT_TIMEOUT_MS] =
    g_param_spec_uint ("connect-timeout-ms", NULL, NULL, 0, G_MAXINT, DEFAULT_CONNECT_TIMEOUT_MS, flags);
  /**
   * GawsHttpEngine:read-timeout-ms:
   *
   * How long a connected transfer may go without a byte moving either way
   * before it fails with %GAWS_ERROR_TIMEOUT, in ms; 0 for no limit. Time
   * spent paused, waiting for a slow body reader or for the request body
   * stream, does not count.
   */
  properties[PROP_READ_TIMEOUT_MS] =
    g_param_spec_uint ("read-timeout-ms", NULL, NULL, 0, G_MAXINT, DEFAULT_READ_TIMEOUT_MS, flags);
  /**
   * GawsHttpEngine:stall-grace-period-ms:
   *
   * Stalled-stream protection, as the AWS Rust SDK has it: a request or
   * response body that moves slower than
   * #GawsHttpEngine:stall-min-throughput for this long fails with
   * %GAWS_ERROR_TIMEOUT; 0 turns the protection off. Only time spent
   * moving a body counts: not connecting, not waiting for the server to
   * answer, not being paused by a slow reader or request body stream.
   */
  properties[PROP_STALL_GRACE_PERIOD_MS] =
    g_param_spec_uint ("stall-grace-period-ms", NULL, NULL, 0, G_MAXINT, DEFAULT_STALL_GRACE_MS, flags);
  /**
   * GawsHttpEngine:stall-min-throughput:
   *
   * The slowest a body may move, in bytes per second, averaged over
   * #GawsHttpEngine:stall-grace-period-ms; 0 turns the protection off.
   */
  properties[PROP_STALL_MIN_THROUGHPUT] =
    g_param_spec_uint ("stall-min-throughput", NULL, NULL, 0, G_MAXINT, DEFAULT_STALL_MIN_RATE, flags);
  /**
   * GawsHttpEngine:tcp-keepalive:
   *
   * Whether TCP keep-alive probes are sent on idle connections.
   */
  properties[PROP_TCP_KEEPALIVE] =
    g_param_spec_boolean ("tcp-keepalive", NULL, NULL, FALSE, flags);
  /**
   * GawsHttpEngine:ca-file:
   *
   * A PEM file of certificate authorities to trust instead of the
   * system's, or %NULL.
   */
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL, flags);
  /**
   * GawsHttpEngine:user-agent:
   *
   * The `User-Agent` sent when a request has none of its own.
   */
  properties[PROP_USER_AGENT] =
    g_param_spec_string ("user-agent", NULL, NULL, DEFAULT_USER_AGENT, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* Whether curl would find a proxy for http or https URLs in the
 * environment: the variables it reads, set and not empty (curl ignores
 * empty ones, and `HTTP_PROXY` in capitals, which CGI scripts can be fed). */
static gboolean
environment_has_proxy (void)
{
  static const char *const names[] = { "http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = g_getenv (names[i]);
      if (value != NULL && *value != '\0')
        return TRUE;
    }
  return FALSE;
}

static void
gaws_http_engine_init (GawsHttpEngine *self)
{
  static gsize curl_initialized = 0;

  if (g_once_init_enter (&curl_initialized))
    g_once_init_leave (&curl_initialized, curl_global_init (CURL_GLOBAL_DEFAULT) == CURLE_OK ? 1 : 2);
  self->context = g_main_context_ref_thread_default ();
  self->multi = curl_multi_init ();
  self->h1_multi = curl_multi_init ();
  self->socket_table = g_hash_table_new (NULL, NULL);
  self->ready = g_array_new (FALSE, FALSE, sizeof (ReadySocket));
  self->curl_time = -1;
  self->dispatch_time = -1;
  self->scratch = g_string_sized_new (256);
  self->max_connections = DEFAULT_MAX_CONNECTIONS;
  self->proxy_from_env = environment_has_proxy ();
  self->own_http1 = g_strcmp0 (g_getenv ("GAWS_OWN_HTTP1"), "0") != 0;
  self->ready_connections = g_ptr_array_new ();
}

/* ---- public API --------------------------------------------------------- */

/* g_set_str() is GLib 2.76. */
static gboolean
replace_str (char **field, const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/**
 * gaws_http_engine_new:
 *
 * Makes an engine whose sources run on the thread-default main context.
 *
 * Returns: (transfer full): a new #GawsHttpEngine with default settings
 */
GawsHttpEngine *
gaws_http_engine_new (void)
{
  return g_object_new (GAWS_TYPE_HTTP_ENGINE, NULL);
}

/**
 * gaws_http_engine_get_context:
 * @self: a #GawsHttpEngine
 *
 * Returns: (transfer none): the main context the engine runs on
 */
GMainContext *
gaws_http_engine_get_context (GawsHttpEngine *self)
{
  g_return_val_if_fail (GAWS_IS_HTTP_ENGINE (self), NULL);
  return self->context;
}

/**
 * gaws_http_engine_get_max_connections:
 * @self: a #GawsHttpEngine
 *
 * Returns: the value of #GawsHttpEngine:max-connections
 */
guint
gaws_http_engine_get_max_connections (GawsHttpEngine *self)
{
  g_return_val_if_fail (GAWS_IS_HTTP_ENGINE (self), 0);
  return self->max_connections;
}

/**
 * gaws_http_engine_set_max_connections:
 * @self: a #GawsHttpEngine
 * @max_connections: the most connections open at once, at least 1
 *
 * Sets #GawsHttpEngine:max-connections.
 */
void
gaws_http_engine_set_max_connections (GawsHttpEngine *self, guint max_connections)
{
  g_return_if_fail (GAWS_IS_HTTP_ENGINE (self));
  g_return_if_fail (max_connections > 0);
  if (self->max_connections == max_connections)
    return;
  self->max_connections = max_connections;
  apply_max_connections (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_CONNECTIONS]);
}

/**
 * gaws_http_engine_get_connect_timeout_ms:
 * @self: a #GawsHttpEngine
 *
 * Returns: the value of #GawsHttpEngine:connect-timeout-ms
 */
guint
gaws_http_engine_get_connect_timeout_ms (GawsHttpEngine *self)
{
  g_return_val_if_fail (GAWS_IS_HTTP_ENGINE (self), 0);
  return self->connect_timeout_ms;
}

/**
 * gaws_http_engine_set_connect_timeout_ms:
 * @self: a #GawsHttpEngine
 * @timeout_ms: the connect timeout in milliseconds
 *
 * Sets #GawsHttpEngine:connect-timeout-ms, for the requests sent from now on.
 */
void
gaws_http_engine_set_connect_timeout_ms (GawsHttpEngine *self, guint timeout_ms)
{
  g_return_if_fail (GAWS_IS_HTTP_ENGINE (self));
  if (self->connect_timeout_ms == timeout_ms)
    return;
  self->connect_timeout_ms = timeout_ms;
  settings_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_TIMEOUT_MS]);
}

/**
 * gaws_http_engine_get_read_timeout_ms:
 * @self: a #GawsHttpEngine
 *
 * Returns: the value of #GawsHttpEngine:read-timeout-ms
 */
guint
gaws_http_engine_get_read_timeout_ms (GawsHttpEngine *self)
{
  g_return_val_if_fail (GAWS_IS_HTTP_ENGINE (self), 0);
  return self->read_timeout_ms;
}

/**
 * gaws_http_engine_set_read_timeout_ms:
 * @self: a #GawsHttpEngine
 * @timeout_ms: the read timeout in milliseconds, 0 for none
 *
 * Sets #GawsHttpEngine:read-timeout-ms; it applies to running transfers too.
 */
void
gaws_http_engine_set_read_timeout_ms (GawsHttpEngine *self, guint timeout_ms)
{
  g_return_if_fail (GAWS_IS_HTTP_ENGINE (self));
  if (self->read_timeout_ms == timeout_ms)
    return;
  self->read_timeout_ms = timeout_ms;
  /* Let the watchdog work out its next deadline afresh. */
  if (self->source != NULL)
    ((EngineSource *) self->source)->watch_deadline = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_TIMEOUT_MS]);
}

/**
 * gaws_http_engine_get_stall_grace_period_ms:
 * @self: a #GawsHttpEngine
 *
 * Returns: the value of #GawsHttpEngine:stall-grace-period-ms
 */
guint
gaws_http_engine_get_stall_grace_period_ms (GawsHttpEngine *self)
{
  g_return_val_if_fail (GAWS_IS_HTTP_ENGINE (self), 0);
  return self->stall_grace_ms;
}

/**
 * gaws_http_engine_get_stall_min_throughput:
 * @self: a #GawsHttpEngine
 *
 * Returns: the value of #GawsHttpEngine:stall-min-throughput
 */
guint
gaws_http_engine_get_stall_min_throughput (GawsHttpEngine *self)
{
  g_return_val_if_fail (GAWS_IS_HTTP_ENGINE (self), 0);
  return self->stall_min_rate;
}

/**
 * gaws_http_engine_set_stall_protection:
 * @self: a #GawsHttpEngine
 * @grace_period_ms: how long a body may move too slowly, in ms; 0 for no
 *   protection
 * @min_throughput: the slowest acceptable rate in bytes per second; 0 for
 *   no protection
 *
 * Sets #GawsHttpEngine:stall-grace-period-ms and
 * #GawsHttpEngine:stall-min-throughput; they apply to running transfers
 * too.
 */
void
gaws_http_engine_set_stall_protection (GawsHttpEngine *self,
                                       guint           grace_period_ms,
                                       guint           min_throughput)
{
  g_return_if_fail (GAWS_IS_HTTP_ENGINE (self));
  g_object_freeze_notify (G_OBJECT (self));
  if (self->stall_grace_ms != grace_period_ms)
    {
      self->stall_grace_ms = grace_period_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALL_GRACE_PERIOD_MS]);
    }
  if (self->stall_min_rate != min_throughput)
    {
      self->stall_min_rate = min_throughput;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALL_MIN_THROUGHPUT]);
    }
  if (self->source != NULL)
    ((EngineSource *) self->source)->watch_deadline = 0;
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * gaws_http_engine_get_tcp_keepalive:
 * @self: a #GawsHttpEngine
 *
 * Returns: the value of #GawsHttpEngine:tcp-keepalive
 */
gboolean
gaws_http_engine_get_tcp_keepalive (GawsHttpEngine *self)
{
  g_return_val_if_fail (GAWS_IS_HTTP_ENGINE (self), FALSE);
  return self->tcp_keepalive;
}

/**
 * gaws_http_engine_set_tcp_keepalive:
 * @self: a #GawsHttpEngine
 * @tcp_keepalive: whether to send TCP keep-alive probes
 *
 * Sets #GawsHttpEngine:tcp-keepalive, for connections opened from now on.
 */
void
gaws_http_engine_set_tcp_keepalive (GawsHttpEngine *self, gboolean tcp_keepalive)
{
  g_return_if_fail (GAWS_IS_HTTP_ENGINE (self));
  tcp_keepalive = !!tcp_keepalive;
  if (self->tcp_keepalive == tcp_keepalive)
    return;
  self->tcp_keepalive = tcp_keepalive;
  settings_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TCP_KEEPALIVE]);
}

/**
 * gaws_http_engine_get_ca_file:
 * @self: a #GawsHttpEngine
 *
 * Returns: (nullable): the value of #GawsHttpEngine:ca-file
 */
const char *
gaws_http_engine_get_ca_file (GawsHttpEngine *self)
{
  g_return_val_if_fail (GAWS_IS_HTTP_ENGINE (self), NULL);
  return self->ca_file;
}

/**
 * gaws_http_engine_set_ca_file:
 * @self: a #GawsHttpEngine
 * @ca_file: (nullable) (type filename): a PEM bundle, or %NULL for the
 *   system's certificate authorities
 *
 * Sets #GawsHttpEngine:ca-file, for requests sent from now on.
 */
void
gaws_http_engine_set_ca_file (GawsHttpEngine *self, const char *ca_file)
{
  g_return_if_fail (GAWS_IS_HTTP_ENGINE (self));
  if (!replace_str (&self->ca_file, ca_file))
    return;
  settings_changed (self);
  /* as curl, which reuses a TLS connection only under the same CA file */
  h1_close_idle (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CA_FILE]);
}

/**
 * gaws_http_engine_get_user_agent:
 * @self: a #GawsHttpEngine
 *
 * Returns: (nullable): the value of #GawsHttpEngine:user-agent
 */
const char *
gaws_http_engine_get_user_agent (GawsHttpEngine *self)
{
  g_return_val_if_fail (GAWS_IS_HTTP_ENGINE (self), NULL);
  return self->user_agent;
}

/**
 * gaws_http_engine_set_user_agent:
 * @self: a #GawsHttpEngine
 * @user_agent: (nullable): the default `User-Agent`, or %NULL to send none
 *
 * Sets #GawsHttpEngine:user-agent, for requests sent from now on.
 */
void
gaws_http_engine_set_user_agent (GawsHttpEngine *self, const char *user_agent)
{
  g_return_if_fail (GAWS_IS_HTTP_ENGINE (self));
  if (!replace_str (&self->user_agent, user_agent))
    return;
  settings_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_AGENT]);
}

/* ---- sending ------------------------------------------------------------ */

/* gaws_http_engine_send_with_flags_async() without a GTask, for the
 * runtime's own sends (see gaws-http-engine-private.h): @done gets the
 * response or the error. A send that cannot start (the engine disposed,
 * @cancellable already cancelled) still calls @done from an idle source of
 * the engine's context, never from in here. */
void
gaws_http_engine_send_direct (GawsHttpEngine         *self,
                              GawsHttpRequest        *request,
                              GawsHttpBodyMode        mode,
                              guint                   timeout_ms,
                              GawsHttpSendFlags       flags,
                              GCancellable           *cancellable,
                              GawsHttpEngineSendDone  done,
                              gpointer                data)
{
  GSource *current = g_main_current_source ();
  GError *error = NULL;
  Transfer *t;

  g_return_if_fail (GAWS_IS_HTTP_ENGINE (self));
  g_return_if_fail (GAWS_IS_HTTP_REQUEST (request));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (done != NULL);

  if (self->disposed)
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The HTTP engine was disposed");
  else if (!g_cancellable_set_error_if_cancelled (cancellable, &error))
    gaws_http_headers_check_sendable (gaws_http_request_get_headers (request), &error);
  if (error != NULL)
    {
      done_later (g_object_ref (self), done, data, NULL, error);
      return;
    }
  t = transfer_new (self, request, mode, flags, cancellable, done, data,
                    current != NULL ? source_time (self, current) : 0);
  if (timeout_ms > 0)
    {
      t->timeout_ms = timeout_ms;
      t->deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
      watchdog_arm (self, t->deadline);
    }
  g_queue_push_tail_link (&self->transfers, &t->link);
  if (t->h1)
    h1_start (t);
  else
    curl_multi_add_handle (self->multi, t->slot->handle);
}

/* The public sends' end: the engine's outcome into their GTask. */
static void
send_task_done (GawsHttpResponse *response, GError *error, gpointer data)
{
  GTask *task = data;

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, response, g_object_unref);
  gaws_object_unref_base (task);
}

/**
 * gaws_http_engine_send_async:
 * @self: a #GawsHttpEngine
 * @request: the request to send; it must not change until the send is over
 * @mode: whether to buffer the response body or stream it
 * @cancellable: (nullable): a #GCancellable; cancelling it aborts the
 *   transfer at once, also after a streamed response was handed out (the
 *   next read of its body then fails with %G_IO_ERROR_CANCELLED)
 * @callback: (scope async): called when the response is in
 * @user_data: data for @callback
 *
 * Sends @request. With %GAWS_HTTP_BODY_BUFFERED the send completes once the
 * whole response has arrived; with %GAWS_HTTP_BODY_STREAMED it completes as
 * soon as the status and headers are in, and the response's body stream is
 * a #GawsHttpBodyStream to read the body from. Any HTTP status is a
 * successful send; only failing to get a response is an error.
 *
 * Must be called from the thread that runs the engine's main context, with
 * that context as the thread-default one.
 */
void
gaws_http_engine_send_async (GawsHttpEngine      *self,
                             GawsHttpRequest     *request,
                             GawsHttpBodyMode     mode,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  gaws_http_engine_send_full_async (self, request, mode, 0, cancellable, callback, user_data);
}

/**
 * gaws_http_engine_send_full_async:
 * @self: a #GawsHttpEngine
 * @request: the request to send; it must not change until the send is over
 * @mode: whether to buffer the response body or stream it
 * @timeout_ms: how long the send may take in all, in milliseconds, or 0
 *   for no limit: for a buffered body until the whole body is in, for a
 *   streamed one until the headers are
 * @cancellable: (nullable): a #GCancellable, as for
 *   gaws_http_engine_send_async()
 * @callback: (scope async): called when the response is in
 * @user_data: data for @callback
 *
 * gaws_http_engine_send_async() with a time limit: a send still running
 * after @timeout_ms fails with %GAWS_ERROR_TIMEOUT. Finish it with
 * gaws_http_engine_send_finish().
 */
void
gaws_http_engine_send_full_async (GawsHttpEngine      *self,
                                  GawsHttpRequest     *request,
                                  GawsHttpBodyMode     mode,
                                  guint                timeout_ms,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  gaws_http_engine_send_with_flags_async (self, request, mode, timeout_ms, GAWS_HTTP_SEND_FLAGS_NONE,
                                          cancellable, callback, user_data);
}

/**
 * gaws_http_engine_send_with_flags_async:
 * @self: a #GawsHttpEngine
 * @request: the request to send; it must not change until the send is over
 * @mode: whether to buffer the response body or stream it
 * @timeout_ms: as for gaws_http_engine_send_full_async()
 * @flags: #GawsHttpSendFlags for this send
 * @cancellable: (nullable): a #GCancellable, as for
 *   gaws_http_engine_send_async()
 * @callback: (scope async): called when the response is in
 * @user_data: data for @callback
 *
 * gaws_http_engine_send_full_async() with per-send options, such as the
 * exemption of an event stream from stalled-stream protection. Finish it
 * with gaws_http_engine_send_finish().
 */
void
gaws_http_engine_send_with_flags_async (GawsHttpEngine      *self,
                                        GawsHttpRequest     *request,
                                        GawsHttpBodyMode     mode,
                                        guint                timeout_ms,
                                        GawsHttpSendFlags    flags,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GAWS_IS_HTTP_ENGINE (self));
  g_return_if_fail (GAWS_IS_HTTP_REQUEST (request));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  /* The function, not GLib's macro, which also copies the tag's name into
   * the task: an allocation per call, on a hot path. */
  (g_task_set_source_tag) (task, gaws_http_engine_send_async);
  gaws_http_engine_send_direct (self, request, mode, timeout_ms, flags, cancellable,
                                send_task_done, task);
}

/**
 * gaws_http_engine_send_finish:
 * @self: a #GawsHttpEngine
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes gaws_http_engine_send_async(). Failing to connect, a broken
 * connection or a body cut short are %GAWS_ERROR_CONNECTION, timeouts
 * %GAWS_ERROR_TIMEOUT, a malformed response %GAWS_ERROR_PROTOCOL, and a
 * cancelled send %G_IO_ERROR_CANCELLED.
 *
 * Returns: (transfer full): the response, or %NULL on error
 */
GawsHttpResponse *
gaws_http_engine_send_finish (GawsHttpEngine  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (GAWS_IS_HTTP_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gaws_http_engine_send_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
