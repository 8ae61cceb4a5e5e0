/* gaws-http-request.c: an HTTP request as the engine sends it
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-http-request-private.h"
#include "gaws-aws-chunked-input-stream-private.h"
#include "gaws-object-private.h"
#include "gaws-decimal-private.h"
#include "gaws-http-headers-private.h"
#include "gaws-scratch-private.h"

#include <string.h>

/**
 * GawsHttpRequest:
 *
 * One HTTP request: method, target (scheme, host, port, already-encoded path
 * and query), headers and a body that is either #GBytes or a #GInputStream.
 * Serializers build it, the signer adds its headers, the engine sends it.
 * The path and query are kept encoded exactly as they go on the wire, so
 * that what is signed is what is sent.
 */
struct _GawsHttpRequest {
  GObject          parent_instance;
  char            *method;
  char            *scheme;
  char            *host;
  int              port;
  char            *path;
  char            *query;
  GawsHttpHeaders *headers;
  GBytes          *body;
  GInputStream    *body_stream;
  gint64           body_length;
  char            *payload_hash;
  gpointer         note;              /* gaws_http_request_set_note() */
  GDestroyNotify   free_note;
  gboolean         recyclable;        /* gaws_http_request_set_recyclable() */
  char             host_inline[64];   /* @host when it fits */
  char             path_inline[128];  /* @path when it fits */
};

G_DEFINE_FINAL_TYPE (GawsHttpRequest, gaws_http_request, G_TYPE_OBJECT)

/* Every request has a method, a scheme and a path, and nearly all are among
 * these: the fields point at the constants rather than at copies, which
 * saves a few allocations on every request and on every copy of it. Any
 * string field may hold one, so they are all freed with free_field(). */
static const char *const constants[] = {
  "GET", "PUT", "POST", "HEAD", "DELETE", "PATCH", "OPTIONS", "http", "https", "/",
  /* payload hashes: the SigV4 markers (gaws-sigv4-signer.h,
   * gaws-aws-chunked-input-stream.h, gaws-event-stream-encoder.h) */
  "UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
  "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", "STREAMING-AWS4-HMAC-SHA256-EVENTS",
};

static const char *
find_constant (const char *value)
{
  if (value == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (constants); i++)
    if (constants[i][0] == value[0] && strcmp (constants[i], value) == 0)
      return constants[i];
  return NULL;
}

static void
free_field (char *field)
{
  for (gsize i = 0; i < G_N_ELEMENTS (constants); i++)
    if (field == constants[i])
      return;
  g_free (field);
}

/* A constant when @value is one, else a copy. */
static char *
dup_field (const char *value)
{
  const char *constant = find_constant (value);

  return constant != NULL ? (char *) constant : g_strdup (value);
}

static void
replace_string (char **field, const char *value)
{
  char *copy = dup_field (value);
  free_field (*field);
  *field = copy;
}

/* Sets *@field to @value: a constant when it is one, else in @storage
 * (@size bytes of the request's own) when it fits, else a copy. @value may
 * be the field's own. */
static void
set_inline_field (char       **field,
                  char        *storage,
                  gsize        size,
                  const char  *value)
{
  char *old = *field;
  const char *constant = find_constant (value);
  gsize len = value != NULL ? strlen (value) : 0;

  if (constant != NULL)
    *field = (char *) constant;
  else if (value != NULL && len < size)
    {
      memmove (storage, value, len + 1);
      *field = storage;
    }
  else
    *field = g_strdup (value);
  if (old != storage)
    free_field (old);
}

/* Every request that goes out gets a host and a path: in the request's own
 * storage when they are of a usual length, rather than copies of their
 * own (S3 sets the path twice: the key's, then the bucket's and key's). */
static void
set_host_field (GawsHttpRequest *self,
                const char      *value)
{
  set_inline_field (&self->host, self->host_inline, sizeof self->host_inline, value);
}

static void
set_path_field (GawsHttpRequest *self,
                const char      *value)
{
  set_inline_field (&self->path, self->path_inline, sizeof self->path_inline, value);
}

/* Frees what @self holds, leaving its fields dangling: finalize, or a
 * reset that sets them anew. */
static void
free_fields (GawsHttpRequest *self)
{
  free_field (self->method);
  free_field (self->scheme);
  if (self->host != self->host_inline)
    free_field (self->host);
  if (self->path != self->path_inline)
    free_field (self->path);
  free_field (self->query);
  g_clear_pointer (&self->body, g_bytes_unref);
  if (self->body_stream != NULL)
    gaws_aws_chunked_input_stream_unref_body (g_steal_pointer (&self->body_stream));
  free_field (self->payload_hash);
  if (self->free_note != NULL && self->note != NULL)
    self->free_note (self->note);
}

static void
gaws_http_request_finalize (GObject *object)
{
  GawsHttpRequest *self = GAWS_HTTP_REQUEST (object);

  free_fields (self);
  gaws_http_headers_unref (self->headers);

  G_OBJECT_CLASS (gaws_http_request_parent_class)->finalize (object);
}

gpointer
gaws_http_request_get_note (GawsHttpRequest *request)
{
  g_return_val_if_fail (GAWS_IS_HTTP_REQUEST (request), NULL);
  return request->note;
}

void
gaws_http_request_set_note (GawsHttpRequest *request,
                            gpointer         note,
                            GDestroyNotify   free_note)
{
  gpointer old;
  GDestroyNotify free_old;

  g_return_if_fail (GAWS_IS_HTTP_REQUEST (request));
  old = request->note;
  free_old = request->free_note;
  request->note = note;
  request->free_note = free_note;
  if (free_old != NULL && old != NULL && old != note)
    free_old (old);
}

/* see gaws_object_dispose_unless_last() */
static void
gaws_http_request_dispose (GObject *object)
{
  gaws_object_dispose_unless_last (object, gaws_http_request_parent_class);
}

static void
gaws_http_request_class_init (GawsHttpRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gaws_http_request_dispose;
  G_OBJECT_CLASS (klass)->finalize = gaws_http_request_finalize;
}

/* The state of a new request, in every field but @headers. */
static void
init_fields (GawsHttpRequest *self)
{
  self->method = dup_field ("GET");
  self->scheme = dup_field ("https");
  self->host = NULL;
  self->port = 0;
  self->path = dup_field ("/");
  self->query = NULL;
  self->body = NULL;
  self->body_stream = NULL;
  self->body_length = -1;
  self->payload_hash = NULL;
  self->note = NULL;
  self->free_note = NULL;
  self->recyclable = FALSE;
}

static void
gaws_http_request_init (GawsHttpRequest *self)
{
  init_fields (self);
  self->headers = gaws_http_headers_new ();
}

/* Requests the runtime dropped last (gaws_http_request_release()), reset,
 * kept per thread for the next gaws_http_request_new(): g_object_new() and
 * the last g_object_unref() cost some 2k instructions each on GLib 2.74
 * (the qdata bit locks, the signal handler table's lock, the class's
 * reference), and every call makes a request. */
static GPrivate spare_requests = GAWS_SPARE_OBJECT_INIT;

/**
 * gaws_http_request_new:
 * @method: HTTP method such as `GET`
 *
 * Returns: (transfer full): a request for `https://` with path `/`
 */
GawsHttpRequest *
gaws_http_request_new (const char *method)
{
  GawsHttpRequest *self = gaws_spare_block_take (&spare_requests);

  if (self == NULL)
    self = g_object_new (GAWS_TYPE_HTTP_REQUEST, NULL);
  gaws_http_request_set_method (self, method);
  return self;
}

void
gaws_http_request_set_recyclable (GawsHttpRequest *request)
{
  g_return_if_fail (GAWS_IS_HTTP_REQUEST (request));
  request->recyclable = TRUE;
}

/* Back to what gaws_http_request_new() makes: every field, the note and
 * the recyclable mark included. Headers held elsewhere too are left to
 * their holder. */
static void
reset (gpointer request)
{
  GawsHttpRequest *self = request;

  free_fields (self);
  init_fields (self);
  self->headers = gaws_http_headers_recycle (self->headers);
}

void
gaws_http_request_release (GawsHttpRequest *request)
{
  if (request == NULL)
    return;
  /* The mark says the runtime made it for itself: no handler is connected
   * to it. */
  if (!request->recyclable || !gaws_spare_object_recycle (&spare_requests, request, reset))
    g_object_unref (request);
}

/**
 * gaws_http_request_new_for_url:
 * @method: HTTP method
 * @url: absolute URL, already percent-encoded
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a new request, or %NULL if @url is invalid
 */
GawsHttpRequest *
gaws_http_request_new_for_url (const char  *method,
                               const char  *url,
                               GError     **error)
{
  g_autoptr(GawsHttpRequest) self = gaws_http_request_new (method);
  if (!gaws_http_request_set_url (self, url, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* GLib decodes the host even with G_URI_FLAGS_ENCODED, so `a%2Fb` or
 * `a%40b` would name another host once the URL is written out again; an
 * IPv6 zone (`%25eth0`) would too, and no endpoint needs one. */
static gboolean
host_is_valid (const char *host)
{
  if (strchr (host, ':') != NULL)
    return strchr (host, '%') == NULL && g_hostname_is_ip_address (host);
  for (const guchar *p = (const guchar *) host; *p != '\0'; p++)
    if (*p <= ' ' || *p == 0x7f || strchr ("/?#@[]%", *p) != NULL)
      return FALSE;
  return TRUE;
}

/**
 * gaws_http_request_set_url:
 * @self: a #GawsHttpRequest
 * @url: absolute URL, already percent-encoded
 * @error: return location for a #GError
 *
 * Sets scheme, host, port, path and query from @url.
 *
 * Returns: %TRUE on success
 */
gboolean
gaws_http_request_set_url (GawsHttpRequest  *self,
                           const char       *url,
                           GError          **error)
{
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  int port = -1;

  /* g_uri_split(), not g_uri_parse(): the latter removes `.` and `..`
   * segments, which in S3 are parts of object keys. */
  if (!g_uri_split (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE,
                    &scheme, NULL, &host, &port, &path, &query, NULL, error))
    return FALSE;
  if (scheme == NULL || host == NULL || *host == '\0')
    {
      g_set_error (error, G_URI_ERROR, G_URI_ERROR_BAD_HOST, "URL “%s” has no scheme or host", url);
      return FALSE;
    }
  /* The engine speaks nothing else, and GLib would give other schemes
   * default ports that the request does not know. */
  if (!g_str_equal (scheme, "http") && !g_str_equal (scheme, "https"))
    {
      g_set_error (error, G_URI_ERROR, G_URI_ERROR_BAD_SCHEME, "URL “%s” is not http or https", url);
      return FALSE;
    }
  if (!host_is_valid (host))
    {
      g_set_error (error, G_URI_ERROR, G_URI_ERROR_BAD_HOST, "URL “%s” has an invalid host", url);
      return FALSE;
    }
  gaws_http_request_set_scheme (self, scheme);
  gaws_http_request_set_host (self, host);
  self->port = port > 0 ? port : 0;
  gaws_http_request_set_path (self, path);
  gaws_http_request_set_query (self, query);
  return TRUE;
}

static gboolean
port_is_default (const char *scheme, int port)
{
  return port <= 0 ||
         (port == 443 && g_str_equal (scheme, "https")) ||
         (port == 80 && g_str_equal (scheme, "http"));
}

/**
 * gaws_http_request_dup_authority:
 * @self: a #GawsHttpRequest
 *
 * Returns: (transfer full): the host, with `:port` when it is not the
 *   scheme's default; the value of the `Host` header
 */
char *
gaws_http_request_dup_authority (GawsHttpRequest *self)
{
  gboolean ipv6 = self->host && strchr (self->host, ':') != NULL;
  const char *open = ipv6 ? "[" : "", *close = ipv6 ? "]" : "";
  char port[2 + GAWS_DECIMAL_MAX_DIGITS + 1], *end = port;

  /* Signing asks for it on every request: no printf. */
  if (port_is_default (self->scheme, self->port))
    return g_strconcat (open, self->host ? self->host : "", close, NULL);
  *end++ = ':';
  if (self->port < 0)
    *end++ = '-';
  end = gaws_put_decimal (end, (guint) ABS (self->port));
  *end = '\0';
  return g_strconcat (open, self->host ? self->host : "", close, port, NULL);
}

void
gaws_http_request_append_authority (GawsHttpRequest *self,
                                    GString         *out)
{
  gboolean ipv6 = self->host && strchr (self->host, ':') != NULL;
  char digits[GAWS_DECIMAL_MAX_DIGITS];

  if (ipv6)
    g_string_append_c (out, '[');
  if (self->host != NULL)
    gaws_string_append_len (out, self->host, strlen (self->host));
  if (ipv6)
    g_string_append_c (out, ']');
  if (port_is_default (self->scheme, self->port))
    return;
  g_string_append_c (out, ':');
  gaws_string_append_len (out, digits, gaws_put_decimal (digits, (guint) self->port) - digits);
}

/**
 * gaws_http_request_dup_url:
 * @self: a #GawsHttpRequest
 *
 * Returns: (transfer full): the absolute URL the request goes to
 */
char *
gaws_http_request_dup_url (GawsHttpRequest *self)
{
  g_autofree char *authority = gaws_http_request_dup_authority (self);
  return g_strconcat (self->scheme, "://", authority, self->path,
                      self->query && *self->query ? "?" : "",
                      self->query && *self->query ? self->query : "", NULL);
}

#define STRING_ACCESSORS(field)                                                 \
  const char *gaws_http_request_get_##field (GawsHttpRequest *self)              \
  {                                                                             \
    g_return_val_if_fail (GAWS_IS_HTTP_REQUEST (self), NULL);                   \
    return self->field;                                                         \
  }

/**
 * gaws_http_request_get_method:
 * @self: a #GawsHttpRequest
 *
 * Returns: the HTTP method
 */
STRING_ACCESSORS (method)
/**
 * gaws_http_request_get_scheme:
 * @self: a #GawsHttpRequest
 *
 * Returns: `http` or `https`
 */
STRING_ACCESSORS (scheme)
/**
 * gaws_http_request_get_host:
 * @self: a #GawsHttpRequest
 *
 * Returns: (nullable): the host name or address, without brackets
 */
STRING_ACCESSORS (host)
/**
 * gaws_http_request_get_path:
 * @self: a #GawsHttpRequest
 *
 * Returns: the percent-encoded path
 */
STRING_ACCESSORS (path)
/**
 * gaws_http_request_get_query:
 * @self: a #GawsHttpRequest
 *
 * Returns: (nullable): the percent-encoded query, without `?`
 */
STRING_ACCESSORS (query)
/**
 * gaws_http_request_get_payload_hash:
 * @self: a #GawsHttpRequest
 *
 * Returns: (nullable): the payload hash to sign, if set in advance
 */
STRING_ACCESSORS (payload_hash)

/**
 * gaws_http_request_set_method:
 * @self: a #GawsHttpRequest
 * @method: HTTP method
 */
void
gaws_http_request_set_method (GawsHttpRequest *self, const char *method)
{
  g_return_if_fail (method != NULL);
  replace_string (&self->method, method);
}

/**
 * gaws_http_request_set_scheme:
 * @self: a #GawsHttpRequest
 * @scheme: `http` or `https`
 */
void
gaws_http_request_set_scheme (GawsHttpRequest *self, const char *scheme)
{
  g_return_if_fail (scheme != NULL);
  replace_string (&self->scheme, scheme);
}

/**
 * gaws_http_request_set_host:
 * @self: a #GawsHttpRequest
 * @host: host name or address
 */
void
gaws_http_request_set_host (GawsHttpRequest *self, const char *host)
{
  set_host_field (self, host);
}

/**
 * gaws_http_request_get_port:
 * @self: a #GawsHttpRequest
 *
 * Returns: the port, or 0 for the scheme's default
 */
int
gaws_http_request_get_port (GawsHttpRequest *self)
{
  return self->port;
}

/**
 * gaws_http_request_set_port:
 * @self: a #GawsHttpRequest
 * @port: port, or 0 for the scheme's default
 */
void
gaws_http_request_set_port (GawsHttpRequest *self, int port)
{
  self->port = port;
}

/**
 * gaws_http_request_set_path:
 * @self: a #GawsHttpRequest
 * @encoded_path: the path, percent-encoded, starting with `/`
 */
void
gaws_http_request_set_path (GawsHttpRequest *self, const char *encoded_path)
{
  set_path_field (self, encoded_path && *encoded_path ? encoded_path : "/");
}

/**
 * gaws_http_request_set_query:
 * @self: a #GawsHttpRequest
 * @encoded_query: (nullable): the query, percent-encoded, without `?`
 */
void
gaws_http_request_set_query (GawsHttpRequest *self, const char *encoded_query)
{
  replace_string (&self->query, encoded_query);
}

/* The bytes SigV4 leaves as they are: A-Z a-z 0-9 - . _ ~ (bit 1), and
 * `/` when it is not encoded (bit 2); a look-up per byte rather than
 * g_ascii_isalnum()'s and five comparisons. */
static const guint8 uri_kept[256] = {
  ['A' ... 'Z'] = 1, ['a' ... 'z'] = 1, ['0' ... '9'] = 1,
  ['-'] = 1, ['.'] = 1, ['_'] = 1, ['~'] = 1, ['/'] = 2,
};

static inline guint
uri_kept_mask (gboolean encode_slash)
{
  return encode_slash ? 1 : 3;
}

/* The length of gaws_uri_encode()'s result: measured first, so that it is
 * written in place instead of grown a byte at a time. */
gsize
gaws_uri_encoded_length (const char *text,
                         gboolean    encode_slash)
{
  guint mask = uri_kept_mask (encode_slash);
  gsize length = 0;

  for (const guchar *p = (const guchar *) text; *p; p++)
    length += (uri_kept[*p] & mask) ? 1 : 3;
  return length;
}

/* Writes @text percent-encoded at @out, without a terminator; returns
 * the end. */
char *
gaws_uri_encode_to (char       *out,
                    const char *text,
                    gboolean    encode_slash)
{
  static const char hex[] = "0123456789ABCDEF";
  guint mask = uri_kept_mask (encode_slash);

  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      if (uri_kept[*p] & mask)
        *out++ = (char) *p;
      else
        {
          *out++ = '%';
          *out++ = hex[*p >> 4];
          *out++ = hex[*p & 15];
        }
    }
  return out;
}

/**
 * gaws_http_request_add_query_param:
 * @self: a #GawsHttpRequest
 * @name: parameter name, not encoded
 * @value: (nullable): parameter value, not encoded; %NULL adds `name` alone
 *
 * Appends one parameter to the query, percent-encoding it as SigV4 does.
 */
void
gaws_http_request_add_query_param (GawsHttpRequest *self,
                                   const char      *name,
                                   const char      *value)
{
  gsize old_length = self->query ? strlen (self->query) : 0;
  /* the query as it becomes, measured first and written once */
  gsize length = old_length + (old_length > 0) + gaws_uri_encoded_length (name, TRUE) +
                 (value ? 1 + gaws_uri_encoded_length (value, TRUE) : 0);
  char *query = g_malloc (length + 1), *p = query;

  if (old_length > 0)
    {
      memcpy (p, self->query, old_length);
      p += old_length;
      *p++ = '&';
    }
  p = gaws_uri_encode_to (p, name, TRUE);
  if (value != NULL)
    {
      *p++ = '=';
      p = gaws_uri_encode_to (p, value, TRUE);
    }
  *p = '\0';
  free_field (self->query);
  self->query = query;
}

/**
 * gaws_http_request_get_headers:
 * @self: a #GawsHttpRequest
 *
 * Returns: (transfer none): the request's headers, to read or change
 */
GawsHttpHeaders *
gaws_http_request_get_headers (GawsHttpRequest *self)
{
  return self->headers;
}

/**
 * gaws_http_request_get_body:
 * @self: a #GawsHttpRequest
 *
 * Returns: (transfer none) (nullable): the body, when it is held in memory
 */
GBytes *
gaws_http_request_get_body (GawsHttpRequest *self)
{
  return self->body;
}

/**
 * gaws_http_request_set_body:
 * @self: a #GawsHttpRequest
 * @body: (nullable): the body
 *
 * Sets an in-memory body, replacing any body stream.
 */
void
gaws_http_request_set_body (GawsHttpRequest *self, GBytes *body)
{
  g_clear_object (&self->body_stream);
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = body ? g_bytes_ref (body) : NULL;
  self->body_length = body ? (gint64) g_bytes_get_size (body) : -1;
}

/**
 * gaws_http_request_get_body_stream:
 * @self: a #GawsHttpRequest
 *
 * Returns: (transfer none) (nullable): the body stream, if the body is streamed
 */
GInputStream *
gaws_http_request_get_body_stream (GawsHttpRequest *self)
{
  return self->body_stream;
}

/**
 * gaws_http_request_get_body_length:
 * @self: a #GawsHttpRequest
 *
 * Returns: the body's length in bytes, or -1 when there is no body or its
 *   length is unknown
 */
gint64
gaws_http_request_get_body_length (GawsHttpRequest *self)
{
  return self->body_length;
}

/**
 * gaws_http_request_set_body_stream:
 * @self: a #GawsHttpRequest
 * @stream: (nullable): the body stream
 * @length: its length, or -1 if unknown (sent chunked)
 *
 * Sets a streamed body, replacing any in-memory body. A stream that is
 * #GSeekable can be rewound, so a request with it can be retried.
 */
void
gaws_http_request_set_body_stream (GawsHttpRequest *self,
                                   GInputStream    *stream,
                                   gint64           length)
{
  g_clear_pointer (&self->body, g_bytes_unref);
  g_set_object (&self->body_stream, stream);
  self->body_length = stream ? length : -1;
}

/**
 * gaws_http_request_set_payload_hash:
 * @self: a #GawsHttpRequest
 * @payload_hash: (nullable): hex SHA-256 of the body, or a SigV4 marker such
 *   as `UNSIGNED-PAYLOAD` or `STREAMING-UNSIGNED-PAYLOAD-TRAILER`
 */
void
gaws_http_request_set_payload_hash (GawsHttpRequest *self, const char *payload_hash)
{
  replace_string (&self->payload_hash, payload_hash);
}

/**
 * gaws_http_request_copy:
 * @self: a #GawsHttpRequest
 *
 * Copies the request, headers included, so that one attempt can be signed
 * without touching the original. A body stream is shared, not copied.
 *
 * Returns: (transfer full): a copy of @self
 */
GawsHttpRequest *
gaws_http_request_copy (GawsHttpRequest *self)
{
  GawsHttpRequest *copy = gaws_http_request_new (self->method);
  GawsHttpHeaders *headers = self->headers;

  gaws_http_request_set_scheme (copy, self->scheme);
  set_host_field (copy, self->host);
  copy->port = self->port;
  set_path_field (copy, self->path);
  replace_string (&copy->query, self->query);
  for (guint i = 0; i < gaws_http_headers_get_length (headers); i++)
    gaws_http_headers_append (copy->headers, gaws_http_headers_get_name (headers, i),
                              gaws_http_headers_get_value (headers, i));
  if (self->body)
    gaws_http_request_set_body (copy, self->body);
  else if (self->body_stream)
    gaws_http_request_set_body_stream (copy, self->body_stream, self->body_length);
  replace_string (&copy->payload_hash, self->payload_hash);
  return copy;
}

/**
 * gaws_uri_encode:
 * @text: text to encode
 * @encode_slash: whether `/` is encoded too (it is in query values and
 *   S3 keys in queries, it is not in paths)
 *
 * Percent-encodes @text as SigV4 requires: every byte but the unreserved
 * characters `A-Z a-z 0-9 - . _ ~` becomes `%XX` with upper-case hex.
 *
 * Returns: (transfer full): the encoded text
 */
char *
gaws_uri_encode (const char *text,
                 gboolean    encode_slash)
{
  char *out = g_malloc (gaws_uri_encoded_length (text, encode_slash) + 1);

  *gaws_uri_encode_to (out, text, encode_slash) = '\0';
  return out;
}
