/* test-event-stream-input.c: operations that send an event stream, against
 * a local fake service that checks every frame's chunk signature on its
 * own and answers each event while the request body is still open
 *
 * The fake speaks HTTP/1.1: over plain-text loopback the engine sends a
 * duplex body chunked (HTTP/2 is only negotiated over TLS), so these tests
 * cover the framing, the signing and the interleaving, not HTTP/2 itself.
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include <gaws-bedrock-runtime.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define GUARD_SECONDS 30
#define ACCESS_KEY "AKIDTEST"
#define SECRET_KEY "secret-test"
#define REGION "us-east-1"
#define SIGNING_NAME "bedrock"

/* ---- checking a signed frame, independently of the runtime's signer ---- */

static void
hmac_sha256 (const guint8 *key,
             gsize         key_len,
             const char   *data,
             guint8        out[32])
{
  GHmac *hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_len);
  gsize len = 32;

  g_hmac_update (hmac, (const guchar *) data, -1);
  g_hmac_get_digest (hmac, out, &len);
  g_hmac_unref (hmac);
}

static char *
sha256_hex (const void *data,
            gsize       len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}

/* The key that signs for the fake's credentials, on @date. */
static void
signing_key (const char *date,
             guint8      key[32])
{
  g_autofree char *secret = g_strconcat ("AWS4", SECRET_KEY, NULL);
  guint8 next[32];

  hmac_sha256 ((const guint8 *) secret, strlen (secret), date, key);
  hmac_sha256 (key, 32, REGION, next);
  hmac_sha256 (next, 32, SIGNING_NAME, key);
  hmac_sha256 (key, 32, "aws4_request", next);
  memcpy (key, next, 32);
}

/* The SigV4 event-stream signature of one frame: the string to sign is
 * the algorithm, the :date as an X-Amz-Date, the scope, the prior
 * signature, the hash of the encoded :date header alone and the hash of
 * the payload. */
static char *
expected_signature (gint64      millis,
                    const char *prior,
                    GBytes     *payload)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (millis / 1000);
  g_autofree char *date = g_date_time_format (when, "%Y%m%d");
  g_autofree char *amz_date = g_date_time_format (when, "%Y%m%dT%H%M%SZ");
  guint8 date_header[15] = { 5, ':', 'd', 'a', 't', 'e', 8 };
  g_autofree char *headers_hash = NULL;
  g_autofree char *payload_hash = NULL;
  g_autofree char *text = NULL;
  guint8 key[32], signature[32];
  GString *hex = g_string_new (NULL);

  for (guint i = 0; i < 8; i++)
    date_header[7 + i] = (guint8) ((guint64) millis >> (56 - 8 * i));
  headers_hash = sha256_hex (date_header, sizeof date_header);
  payload_hash = sha256_hex (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
  text = g_strdup_printf ("AWS4-HMAC-SHA256-PAYLOAD\n%s\n%s/%s/%s/aws4_request\n%s\n%s\n%s",
                          amz_date, date, REGION, SIGNING_NAME, prior, headers_hash, payload_hash);
  signing_key (date, key);
  hmac_sha256 (key, 32, text, signature);
  for (guint i = 0; i < 32; i++)
    g_string_append_printf (hex, "%02x", signature[i]);
  return g_string_free (hex, FALSE);
}

/* Checks @frame against the chain so far; on success @prior moves on to
 * its signature. */
static gboolean
verify_frame (GawsEventStreamMessage  *frame,
              GBytes                  *payload,
              char                   **prior)
{
  GBytes *signature = gaws_event_stream_message_get_byte_array (frame, ":chunk-signature");
  g_autofree char *expected = NULL;
  GString *hex;
  gint64 millis = 0;
  gboolean ok;

  if (signature == NULL || g_bytes_get_size (signature) != 32 ||
      !gaws_event_stream_message_get_timestamp (frame, ":date", &millis))
    return FALSE;
  expected = expected_signature (millis, *prior, payload);
  hex = g_string_new (NULL);
  for (gsize i = 0; i < 32; i++)
    g_string_append_printf (hex, "%02x", ((const guint8 *) g_bytes_get_data (signature, NULL))[i]);
  ok = g_str_equal (hex->str, expected);
  if (ok)
    {
      g_free (*prior);
      *prior = g_string_free (hex, FALSE);
    }
  else
    g_string_free (hex, TRUE);
  return ok;
}

/* ---- the fake service: one connection, HTTP/1.1, chunked both ways ---- */

typedef struct {
  GMutex      lock;
  GSocket    *listener;
  char       *url;
  GThread    *thread;
  gint        tamper_at;        /* the frame whose payload is changed on arrival, or -1 */

  /* what it saw, under lock */
  char       *content_sha256;
  char       *content_type;
  gboolean    chunked;
  gboolean    request_signed;   /* the request's own signature checked out */
  guint       n_verified;       /* frames whose signature matched */
  guint       n_bad;            /* frames whose signature did not */
  gboolean    got_end;          /* the signed empty frame */
  gboolean    body_complete;    /* the chunked body's last chunk */
  GPtrArray  *received;         /* char *: each event's bytes, as text */
  gboolean    done;
} Fake;

typedef struct {
  GSocket    *socket;
  GByteArray *in;
} Conn;

static gboolean
conn_fill (Conn *c)
{
  guint8 buffer[4096];
  gssize n = g_socket_receive (c->socket, (char *) buffer, sizeof buffer, NULL, NULL);

  if (n <= 0)
    return FALSE;
  g_byte_array_append (c->in, buffer, (guint) n);
  return TRUE;
}

/* The offset just after the first "\r\n" (or "\r\n\r\n") in what came. */
static gssize
conn_find (Conn       *c,
           const char *needle)
{
  gsize len = strlen (needle);

  for (gsize i = 0; i + len <= c->in->len; i++)
    if (memcmp (c->in->data + i, needle, len) == 0)
      return (gssize) (i + len);
  return -1;
}

static gboolean
conn_write (Conn       *c,
            const void *data,
            gsize       len)
{
  const char *p = data;

  while (len > 0)
    {
      gssize n = g_socket_send (c->socket, p, len, NULL, NULL);

      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static void
write_chunk (Conn   *c,
             GBytes *data)
{
  g_autofree char *size = g_strdup_printf ("%" G_GSIZE_MODIFIER "x\r\n", g_bytes_get_size (data));

  conn_write (c, size, strlen (size));
  conn_write (c, g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  conn_write (c, "\r\n", 2);
}

static void
write_message (Conn                   *c,
               GawsEventStreamMessage *message)
{
  g_autoptr(GawsEventStreamEncoder) encoder = gaws_event_stream_encoder_new ();
  g_autoptr(GBytes) frame = gaws_event_stream_encoder_encode (encoder, message, NULL, NULL);

  g_assert_nonnull (frame);
  write_chunk (c, frame);
}

/* The answer to an event: a `chunk` whose bytes are "echo:" and its own. */
static void
write_echo (Conn       *c,
            const char *text)
{
  g_autofree char *echo = g_strconcat ("echo:", text, NULL);
  g_autofree char *b64 = g_base64_encode ((const guchar *) echo, strlen (echo));
  g_autofree char *json = g_strdup_printf ("{\"bytes\":\"%s\"}", b64);
  g_autoptr(GawsEventStreamMessage) message = gaws_event_stream_message_new ();
  g_autoptr(GBytes) payload = g_bytes_new (json, strlen (json));

  gaws_event_stream_message_set_string (message, ":message-type", "event");
  gaws_event_stream_message_set_string (message, ":event-type", "chunk");
  gaws_event_stream_message_set_string (message, ":content-type", "application/json");
  gaws_event_stream_message_set_payload (message, payload);
  write_message (c, message);
}

static void
write_signature_error (Conn *c)
{
  g_autoptr(GawsEventStreamMessage) message = gaws_event_stream_message_new ();

  gaws_event_stream_message_set_string (message, ":message-type", "error");
  gaws_event_stream_message_set_string (message, ":error-code", "InvalidSignatureException");
  gaws_event_stream_message_set_string (message, ":error-message", "The frame signature does not match");
  write_message (c, message);
}

/* The bytes of the BidirectionalInputPayloadPart event inside a frame. */
static char *
event_text (GBytes *payload)
{
  g_autoptr(GawsEventStreamDecoder) decoder = gaws_event_stream_decoder_new ();
  g_autoptr(GawsEventStreamMessage) inner = NULL;
  g_autofree guchar *bytes = NULL;
  json_t *json;
  const char *b64;
  gsize len = 0;
  char *text;

  g_assert_true (gaws_event_stream_decoder_feed (decoder, g_bytes_get_data (payload, NULL),
                                                 g_bytes_get_size (payload), NULL));
  inner = gaws_event_stream_decoder_pop (decoder);
  g_assert_nonnull (inner);
  g_assert_cmpstr (gaws_event_stream_message_get_event_type (inner), ==, "chunk");
  json = json_loadb (g_bytes_get_data (gaws_event_stream_message_get_payload (inner), NULL),
                     g_bytes_get_size (gaws_event_stream_message_get_payload (inner)), 0, NULL);
  g_assert_nonnull (json);
  b64 = json_string_value (json_object_get (json, "bytes"));
  g_assert_nonnull (b64);
  bytes = g_base64_decode (b64, &len);
  text = bytes != NULL ? g_strndup ((const char *) bytes, len) : g_strdup ("");
  json_decref (json);
  return text;
}

/* Checks one frame that arrived and answers it. Returns FALSE to stop. */
static gboolean
handle_frame (Fake                   *fake,
              Conn                   *c,
              GawsEventStreamMessage *frame,
              guint                   index,
              char                  **prior)
{
  g_autoptr(GBytes) payload = g_bytes_ref (gaws_event_stream_message_get_payload (frame));
  gboolean ok;

  if ((gint) index == fake->tamper_at && g_bytes_get_size (payload) > 0)
    {
      g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
      gsize len = g_bytes_get_size (payload);

      copy[len - 5] ^= 0x01;
      g_bytes_unref (payload);
      payload = g_bytes_new_take (g_steal_pointer (&copy), len);
    }
  ok = verify_frame (frame, payload, prior);
  g_mutex_lock (&fake->lock);
  if (ok)
    fake->n_verified++;
  else
    fake->n_bad++;
  if (ok && g_bytes_get_size (payload) == 0)
    fake->got_end = TRUE;
  g_mutex_unlock (&fake->lock);
  if (!ok)
    {
      write_signature_error (c);
      return FALSE;
    }
  if (g_bytes_get_size (payload) > 0)
    {
      g_autofree char *text = event_text (payload);

      write_echo (c, text);
      g_mutex_lock (&fake->lock);
      g_ptr_array_add (fake->received, g_steal_pointer (&text));
      g_mutex_unlock (&fake->lock);
    }
  return TRUE;
}

/* The request's head, as lines. */
static GStrv
read_head_lines (Conn *c)
{
  g_autofree char *text = NULL;
  gssize end;

  while ((end = conn_find (c, "\r\n\r\n")) < 0)
    g_assert_true (conn_fill (c));
  text = g_strndup ((const char *) c->in->data, (gsize) end);
  g_byte_array_remove_range (c->in, 0, (guint) end);
  return g_strsplit (text, "\r\n", -1);
}

/* Checks the request's SigV4 signature, whose payload hash must be the
 * event-stream marker; @headers maps lower-case names to values. */
static gboolean
check_request_signature (const char *method,
                         const char *path,
                         GHashTable *headers)
{
  const char *authorization = g_hash_table_lookup (headers, "authorization");
  const char *amz_date = g_hash_table_lookup (headers, "x-amz-date");
  const char *signed_headers, *signature;
  g_autofree char *signed_list = NULL;
  g_autofree char *canonical_path = NULL;
  g_autofree char *canonical_hash = NULL;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GString) canonical = g_string_new (NULL);
  g_autoptr(GString) hex = g_string_new (NULL);
  guint8 key[32], digest[32];

  if (authorization == NULL || amz_date == NULL ||
      (signed_headers = strstr (authorization, "SignedHeaders=")) == NULL ||
      (signature = strstr (authorization, "Signature=")) == NULL)
    return FALSE;
  signed_list = g_strndup (signed_headers + strlen ("SignedHeaders="),
                           strcspn (signed_headers + strlen ("SignedHeaders="), ","));
  /* Services other than S3 encode the path a second time. */
  canonical_path = g_uri_escape_string (path, "/-._~", FALSE);
  g_string_append_printf (canonical, "%s\n%s\n\n", method, canonical_path);
  names = g_strsplit (signed_list, ";", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *value = g_hash_table_lookup (headers, names[i]);

      g_string_append_printf (canonical, "%s:%s\n", names[i], value ? value : "");
    }
  g_string_append_printf (canonical, "\n%s\nSTREAMING-AWS4-HMAC-SHA256-EVENTS", signed_list);
  canonical_hash = sha256_hex (canonical->str, canonical->len);
  date = g_strndup (amz_date, 8);
  text = g_strdup_printf ("AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s", amz_date, date, REGION,
                          SIGNING_NAME, canonical_hash);
  signing_key (date, key);
  hmac_sha256 (key, 32, text, digest);
  for (guint i = 0; i < 32; i++)
    g_string_append_printf (hex, "%02x", digest[i]);
  return g_str_equal (hex->str, signature + strlen ("Signature="));
}

static void
read_head (Fake  *fake,
           Conn  *c,
           char **seed)
{
  g_auto(GStrv) lines = read_head_lines (c);
  g_auto(GStrv) request_line = g_strsplit (lines[0], " ", 3);
  g_autoptr(GHashTable) headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *value;

  for (guint i = 1; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');

      if (colon == NULL)
        continue;
      *colon = '\0';
      g_hash_table_insert (headers, g_ascii_strdown (lines[i], -1),
                           g_strstrip (g_strdup (colon + 1)));
    }
  value = g_hash_table_lookup (headers, "authorization");
  g_mutex_lock (&fake->lock);
  if (value != NULL && strstr (value, "Signature=") != NULL)
    *seed = g_strdup (strstr (value, "Signature=") + strlen ("Signature="));
  fake->content_sha256 = g_strdup (g_hash_table_lookup (headers, "x-amz-content-sha256"));
  fake->content_type = g_strdup (g_hash_table_lookup (headers, "content-type"));
  value = g_hash_table_lookup (headers, "transfer-encoding");
  fake->chunked = value != NULL && g_ascii_strcasecmp (value, "chunked") == 0;
  fake->request_signed = check_request_signature (request_line[0], request_line[1], headers);
  g_mutex_unlock (&fake->lock);
}

/* One chunk of the request body into @decoder; FALSE at its end or when
 * the connection goes. */
static gboolean
read_chunk (Fake                   *fake,
            Conn                   *c,
            GawsEventStreamDecoder *decoder)
{
  gssize line_end;
  guint64 size;

  while ((line_end = conn_find (c, "\r\n")) < 0)
    if (!conn_fill (c))
      return FALSE;
  size = g_ascii_strtoull ((const char *) c->in->data, NULL, 16);
  g_byte_array_remove_range (c->in, 0, (guint) line_end);
  if (size == 0)
    {
      g_mutex_lock (&fake->lock);
      fake->body_complete = TRUE;
      g_mutex_unlock (&fake->lock);
      return FALSE;
    }
  while (c->in->len < size + 2)
    if (!conn_fill (c))
      return FALSE;
  g_assert_true (gaws_event_stream_decoder_feed (decoder, c->in->data, size, NULL));
  g_byte_array_remove_range (c->in, 0, (guint) size + 2);
  return TRUE;
}

static gpointer
fake_thread (gpointer data)
{
  Fake *fake = data;
  g_autoptr(GawsEventStreamDecoder) decoder = gaws_event_stream_decoder_new ();
  g_autofree char *prior = NULL;
  static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.amazon.eventstream\r\n"
                             "Transfer-Encoding: chunked\r\n\r\n";
  Conn c = { NULL, g_byte_array_new () };
  gboolean going = TRUE;
  guint index = 0;

  c.socket = g_socket_accept (fake->listener, NULL, NULL);
  g_assert_nonnull (c.socket);
  g_socket_set_timeout (c.socket, GUARD_SECONDS);
  read_head (fake, &c, &prior);
  g_assert_nonnull (prior);
  /* The response's head goes out before any event came: the client reads
   * while it still sends. */
  conn_write (&c, head, strlen (head));
  while (going && read_chunk (fake, &c, decoder))
    {
      GawsEventStreamMessage *frame;

      while (going && (frame = gaws_event_stream_decoder_pop (decoder)) != NULL)
        {
          going = handle_frame (fake, &c, frame, index++, &prior);
          g_object_unref (frame);
        }
    }
  conn_write (&c, "0\r\n\r\n", 5);
  g_socket_close (c.socket, NULL);
  g_object_unref (c.socket);
  g_byte_array_unref (c.in);
  g_mutex_lock (&fake->lock);
  fake->done = TRUE;
  g_mutex_unlock (&fake->lock);
  return NULL;
}

static Fake *
fake_new (gint tamper_at)
{
  Fake *fake = g_new0 (Fake, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_mutex_init (&fake->lock);
  fake->tamper_at = tamper_at;
  fake->received = g_ptr_array_new_with_free_func (g_free);
  fake->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (fake->listener, address, TRUE, NULL));
  g_assert_true (g_socket_listen (fake->listener, NULL));
  bound = g_socket_get_local_address (fake->listener, NULL);
  fake->url = g_strdup_printf ("http://127.0.0.1:%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  fake->thread = g_thread_new ("fake-bidirectional", fake_thread, fake);
  return fake;
}

static gboolean
fake_is_done (Fake *fake)
{
  gboolean done;

  g_mutex_lock (&fake->lock);
  done = fake->done;
  g_mutex_unlock (&fake->lock);
  return done;
}

static void
fake_free (Fake *fake)
{
  g_thread_join (fake->thread);
  g_socket_close (fake->listener, NULL);
  g_object_unref (fake->listener);
  g_free (fake->url);
  g_free (fake->content_sha256);
  g_free (fake->content_type);
  g_ptr_array_unref (fake->received);
  g_mutex_clear (&fake->lock);
  g_free (fake);
}

/* ---- the client's side ---- */

typedef struct {
  Fake                      *fake;
  GawsSession               *session;
  GawsClientConfig          *config;
  GawsBedrockRuntimeClient  *client;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->fake = fake_new (GPOINTER_TO_INT (data) - 1);
  f->session = gaws_session_new_with_credentials (ACCESS_KEY, SECRET_KEY, NULL);
  gaws_session_set_region (f->session, REGION);
  f->config = gaws_client_config_new ();
  gaws_client_config_set_endpoint_url (f->config, f->fake->url);
  gaws_client_config_set_max_attempts (f->config, 1);
  /* Events are far apart while a test waits for answers. */
  gaws_client_config_set_stalled_stream_protection (f->config, TRUE, 50, 1);
  f->client = gaws_bedrock_runtime_client_new (f->session, f->config);
}

static gboolean
guard_cb (gpointer data)
{
  g_error ("%s: still waiting after %d s", (const char *) data, GUARD_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
wait_until (gboolean  (*ready) (gpointer),
            gpointer    data,
            const char *what)
{
  GSource *guard = g_timeout_source_new_seconds (GUARD_SECONDS);

  g_source_set_callback (guard, guard_cb, (gpointer) what, NULL);
  g_source_attach (guard, NULL);
  /* Polls: the fake's state changes on its own thread, which does not
   * wake the main context up. */
  while (!ready (data))
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_source_destroy (guard);
  g_source_unref (guard);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
wait_for (gpointer   *result,
          const char *what)
{
  wait_until (is_set, result, what);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* The fake ends when the client's connection does. */
  g_clear_object (&f->client);
  while (!fake_is_done (f->fake))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_clear_pointer (&f->fake, fake_free);
  g_clear_object (&f->config);
  g_clear_object (&f->session);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest *
new_request (GawsEventStreamWriter **writer)
{
  GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest *request =
    gaws_bedrock_runtime_invoke_model_with_bidirectional_stream_request_new ();

  gaws_bedrock_runtime_invoke_model_with_bidirectional_stream_request_set_model_id (request, "amazon.nova-sonic-v1:0");
  *writer = gaws_event_stream_writer_new_for_input (GAWS_SHAPE (request));
  return request;
}

static GawsEventStream *
invoke (Fixture                                                     *f,
        GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest *request,
        GCancellable                                                *cancellable,
        GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse **out_response)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gaws_bedrock_runtime_client_invoke_model_with_bidirectional_stream_async (f->client, request, cancellable,
                                                                            store_result, &result);
  wait_for ((gpointer *) &result, "invoke_model_with_bidirectional_stream");
  *out_response = gaws_bedrock_runtime_client_invoke_model_with_bidirectional_stream_finish (f->client, result,
                                                                                             &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out_response);
  return gaws_event_stream_from_output (GAWS_SHAPE (*out_response));
}

static GawsShape *
chunk_event (const char *text)
{
  GawsBedrockRuntimeBidirectionalInputPayloadPart *part = gaws_bedrock_runtime_bidirectional_input_payload_part_new ();
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  gaws_bedrock_runtime_bidirectional_input_payload_part_set_bytes (part, bytes);
  return GAWS_SHAPE (part);
}

static gboolean
send_event (GawsEventStreamWriter  *writer,
            const char             *text,
            GCancellable           *cancellable,
            GError                **error)
{
  g_autoptr(GawsShape) event = chunk_event (text);
  g_autoptr(GAsyncResult) result = NULL;

  gaws_event_stream_writer_send_event_async (writer, "chunk", event, cancellable, store_result, &result);
  wait_for ((gpointer *) &result, "send_event");
  return gaws_event_stream_writer_send_event_finish (writer, result, error);
}

static void
end_stream (GawsEventStreamWriter *writer)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gaws_event_stream_writer_end_async (writer, NULL, store_result, &result);
  wait_for ((gpointer *) &result, "end");
  g_assert_true (gaws_event_stream_writer_end_finish (writer, result, &error));
  g_assert_no_error (error);
}

static GawsShape *
next_event (GawsEventStream  *stream,
            GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gaws_event_stream_next_event_async (stream, NULL, store_result, &result);
  wait_for ((gpointer *) &result, "next_event");
  return gaws_event_stream_next_event_finish (stream, result, error);
}

/* The next answer must be the echo of @text. */
static void
expect_echo (GawsEventStream *stream,
             const char      *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) event = next_event (stream, &error);
  g_autofree char *expected = g_strconcat ("echo:", text, NULL);
  GBytes *bytes;

  g_assert_no_error (error);
  g_assert_nonnull (event);
  g_assert_cmpstr (gaws_event_stream_get_event_name (stream), ==, "chunk");
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (event, GAWS_BEDROCK_RUNTIME_TYPE_BIDIRECTIONAL_OUTPUT_PAYLOAD_PART));
  bytes = gaws_bedrock_runtime_bidirectional_output_payload_part_get_bytes (
    GAWS_BEDROCK_RUNTIME_BIDIRECTIONAL_OUTPUT_PAYLOAD_PART (event));
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected, strlen (expected));
}

static gboolean
writer_closed (gpointer writer)
{
  return gaws_event_stream_writer_is_closed (writer);
}

/* ---- tests ---- */

/* Events go out one by one while answers come back: each answer arrives
 * before the next event is sent, which only works if the request body
 * stays open after the response's head. Every frame's signature chains
 * to the one before, from the request's, and the end frame is signed. */
static void
test_duplex_echo (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GawsEventStreamWriter) writer = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) request = new_request (&writer);
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse) response = NULL;
  g_autoptr(GAsyncResult) early = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) first = chunk_event ("one");
  g_autoptr(GawsShape) end = NULL;
  GawsEventStream *stream;

  g_assert_true (gaws_event_stream_writer_from_input (GAWS_SHAPE (request)) == writer);
  g_assert_null (gaws_event_stream_writer_get_last_signature (writer));
  /* Sent before the call: it waits for the request's signature. */
  gaws_event_stream_writer_send_event_async (writer, "chunk", first, NULL, store_result, &early);
  stream = invoke (f, request, NULL, &response);
  g_assert_nonnull (stream);
  wait_for ((gpointer *) &early, "early send");
  g_assert_true (gaws_event_stream_writer_send_event_finish (writer, early, &error));
  g_assert_no_error (error);
  expect_echo (stream, "one");
  /* Longer than the stall grace period between events. */
  g_usleep (200 * 1000);
  g_assert_true (send_event (writer, "twö", NULL, &error));
  g_assert_no_error (error);
  expect_echo (stream, "twö");
  g_assert_true (send_event (writer, "", NULL, &error));
  expect_echo (stream, "");
  g_assert_nonnull (gaws_event_stream_writer_get_last_signature (writer));
  end_stream (writer);
  g_assert_true (gaws_event_stream_writer_is_closed (writer));
  end = next_event (stream, &error);
  g_assert_no_error (error);
  g_assert_null (end);

  wait_until ((gboolean (*) (gpointer)) fake_is_done, f->fake, "fake");
  g_assert_cmpstr (f->fake->content_sha256, ==, "STREAMING-AWS4-HMAC-SHA256-EVENTS");
  g_assert_cmpstr (f->fake->content_type, ==, "application/vnd.amazon.eventstream");
  g_assert_true (f->fake->chunked);
  g_assert_true (f->fake->request_signed);
  g_assert_cmpuint (f->fake->n_bad, ==, 0);
  g_assert_cmpuint (f->fake->n_verified, ==, 4);
  g_assert_true (f->fake->got_end);
  g_assert_true (f->fake->body_complete);
  g_assert_cmpuint (f->fake->received->len, ==, 3);
  g_assert_cmpstr (f->fake->received->pdata[0], ==, "one");
  g_assert_cmpstr (f->fake->received->pdata[1], ==, "twö");
  g_assert_cmpstr (f->fake->received->pdata[2], ==, "");

  /* Nothing goes after the end. */
  g_assert_false (send_event (writer, "late", NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
}

/* A frame changed on the way (the fake flips a payload byte of the second
 * frame) fails the check of its chunk signature: the fake's check is a
 * real one, and the service's error reaches the reader. */
static void
test_tampered_frame (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GawsEventStreamWriter) writer = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) request = new_request (&writer);
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) event = NULL;
  GawsEventStream *stream = invoke (f, request, NULL, &response);

  g_assert_true (send_event (writer, "one", NULL, &error));
  expect_echo (stream, "one");
  g_assert_true (send_event (writer, "two", NULL, &error));
  event = next_event (stream, &error);
  g_assert_null (event);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_true (gaws_error_matches_code (error, "InvalidSignatureException"));
  wait_until ((gboolean (*) (gpointer)) fake_is_done, f->fake, "fake");
  g_assert_cmpuint (f->fake->n_verified, ==, 1);
  g_assert_cmpuint (f->fake->n_bad, ==, 1);
  g_assert_false (f->fake->got_end);
  /* The request is over: the writer learns it. */
  wait_until (writer_closed, writer, "writer closed");
  g_clear_error (&error);
  g_assert_false (send_event (writer, "three", NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
}

/* Cancelling the call mid-stream aborts the transfer: the reader gets
 * G_IO_ERROR_CANCELLED, the writer's sends fail, and the service never
 * sees an end frame. A send cancelled before it went out is left out. */
static void
test_cancel_mid_send (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GawsEventStreamWriter) writer = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) request = new_request (&writer);
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse) response = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) event = NULL;
  GawsEventStream *stream;

  g_cancellable_cancel (cancelled);
  g_assert_false (send_event (writer, "never", cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  stream = invoke (f, request, cancellable, &response);
  g_assert_true (send_event (writer, "one", NULL, &error));
  expect_echo (stream, "one");
  g_cancellable_cancel (cancellable);
  wait_until (writer_closed, writer, "writer closed");
  g_assert_false (send_event (writer, "two", NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_clear_error (&error);
  event = next_event (stream, &error);
  g_assert_null (event);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  wait_until ((gboolean (*) (gpointer)) fake_is_done, f->fake, "fake");
  g_assert_cmpuint (f->fake->n_bad, ==, 0);
  g_assert_cmpuint (f->fake->n_verified, ==, 1);
  g_assert_false (f->fake->got_end);
  g_assert_false (f->fake->body_complete);
  g_assert_cmpuint (f->fake->received->len, ==, 1);
  g_assert_cmpstr (f->fake->received->pdata[0], ==, "one");
}

/* An input without a writer, or with one a call used already, is refused
 * before any I/O. */
static void
test_writer_required (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GawsEventStreamWriter) writer = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) request = new_request (&writer);
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) bare =
    gaws_bedrock_runtime_invoke_model_with_bidirectional_stream_request_new ();
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse) response = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse) again = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GawsEventStream *stream;

  gaws_bedrock_runtime_invoke_model_with_bidirectional_stream_request_set_model_id (bare, "m");
  gaws_bedrock_runtime_client_invoke_model_with_bidirectional_stream_async (f->client, bare, NULL, store_result, &result);
  wait_for ((gpointer *) &result, "without a writer");
  again = gaws_bedrock_runtime_client_invoke_model_with_bidirectional_stream_finish (f->client, result, &error);
  g_assert_null (again);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_object (&result);

  stream = invoke (f, request, NULL, &response);
  gaws_bedrock_runtime_client_invoke_model_with_bidirectional_stream_async (f->client, request, NULL, store_result, &result);
  wait_for ((gpointer *) &result, "with a used writer");
  again = gaws_bedrock_runtime_client_invoke_model_with_bidirectional_stream_finish (f->client, result, &error);
  g_assert_null (again);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  end_stream (writer);
  g_assert_null (next_event (stream, &error));
  g_assert_no_error (error);
  wait_until ((gboolean (*) (gpointer)) fake_is_done, f->fake, "fake");
  g_assert_cmpuint (f->fake->n_verified, ==, 1);
  g_assert_true (f->fake->got_end);
}

/* A client of an endpoint where nobody listens. */
static GawsBedrockRuntimeClient *
dead_end_client (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials (ACCESS_KEY, SECRET_KEY, NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();

  g_assert_true (g_socket_bind (socket, address, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);
  gaws_session_set_region (session, REGION);
  gaws_client_config_set_endpoint_url (config, url);
  gaws_client_config_set_max_attempts (config, 1);
  return gaws_bedrock_runtime_client_new (session, config);
}

/* A call that fails to connect closes its writer: a send queued for it
 * completes (it may have been handed to the transfer before the failure
 * was known) and later sends fail, rather than waiting. */
static void
test_connection_refused (void)
{
  g_autoptr(GawsBedrockRuntimeClient) client = dead_end_client ();
  g_autoptr(GawsEventStreamWriter) writer = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) request = new_request (&writer);
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse) response = NULL;
  g_autoptr(GawsShape) event = chunk_event ("one");
  g_autoptr(GAsyncResult) sent = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gaws_event_stream_writer_send_event_async (writer, "chunk", event, NULL, store_result, &sent);
  gaws_bedrock_runtime_client_invoke_model_with_bidirectional_stream_async (client, request, NULL,
                                                                            store_result, &result);
  wait_for ((gpointer *) &result, "invoke");
  response = gaws_bedrock_runtime_client_invoke_model_with_bidirectional_stream_finish (client, result, &error);
  g_assert_null (response);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_clear_error (&error);
  wait_for ((gpointer *) &sent, "send");
  if (!gaws_event_stream_writer_send_event_finish (writer, sent, &error))
    g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_clear_error (&error);
  wait_until (writer_closed, writer, "writer closed");
  g_assert_false (send_event (writer, "two", NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
}

/* A call cancelled before its transfer started fails the sends waiting
 * for it: nothing was signed, nothing went out. */
static void
test_cancel_before_transfer (void)
{
  g_autoptr(GawsBedrockRuntimeClient) client = dead_end_client ();
  g_autoptr(GawsEventStreamWriter) writer = NULL;
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamRequest) request = new_request (&writer);
  g_autoptr(GawsBedrockRuntimeInvokeModelWithBidirectionalStreamResponse) response = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GawsShape) event = chunk_event ("one");
  g_autoptr(GAsyncResult) sent = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gaws_event_stream_writer_send_event_async (writer, "chunk", event, NULL, store_result, &sent);
  gaws_bedrock_runtime_client_invoke_model_with_bidirectional_stream_async (client, request, cancellable,
                                                                            store_result, &result);
  g_cancellable_cancel (cancellable);
  wait_for ((gpointer *) &result, "invoke");
  response = gaws_bedrock_runtime_client_invoke_model_with_bidirectional_stream_finish (client, result, &error);
  g_assert_null (response);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  wait_for ((gpointer *) &sent, "send");
  g_assert_false (gaws_event_stream_writer_send_event_finish (writer, sent, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_assert_true (gaws_event_stream_writer_is_closed (writer));
  g_assert_null (gaws_event_stream_writer_get_last_signature (writer));
}

/* The test's own check against the runtime's encoder: the chain verifies
 * frame by frame, and fails for a changed payload, a changed date, or a
 * frame taken out of order. */
static void
test_signature_chain (void)
{
  g_autoptr(GawsCredentials) credentials = gaws_credentials_new (ACCESS_KEY, SECRET_KEY, NULL, NULL, NULL);
  const char *seed = "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd";
  g_autoptr(GawsEventStreamEncoder) encoder =
    gaws_event_stream_encoder_new_signing (credentials, REGION, SIGNING_NAME, seed);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 25, 12, 0, 0);
  g_autoptr(GawsEventStreamDecoder) decoder = gaws_event_stream_decoder_new ();
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *prior = g_strdup (seed);
  g_autofree char *other = g_strdup (seed);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GawsEventStreamMessage) message = gaws_event_stream_message_new ();
      g_autofree char *text = g_strdup_printf ("{\"n\":%u}", i);
      g_autoptr(GBytes) payload = g_bytes_new (text, strlen (text));
      g_autoptr(GBytes) frame = NULL;

      gaws_event_stream_message_set_string (message, ":event-type", "chunk");
      gaws_event_stream_message_set_payload (message, payload);
      frame = i < 2 ? gaws_event_stream_encoder_encode (encoder, message, when, NULL)
                    : gaws_event_stream_encoder_encode_end (encoder, when, NULL);
      g_assert_nonnull (frame);
      g_assert_true (gaws_event_stream_decoder_feed (decoder, g_bytes_get_data (frame, NULL),
                                                     g_bytes_get_size (frame), NULL));
      g_ptr_array_add (frames, gaws_event_stream_decoder_pop (decoder));
    }
  /* Out of order: the second frame does not chain to the seed. */
  g_assert_false (verify_frame (frames->pdata[1], gaws_event_stream_message_get_payload (frames->pdata[1]), &other));
  for (guint i = 0; i < 3; i++)
    {
      GawsEventStreamMessage *frame = frames->pdata[i];
      GBytes *payload = gaws_event_stream_message_get_payload (frame);

      if (i == 1)
        {
          /* A changed byte or a changed date breaks the signature. */
          g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
          g_autoptr(GBytes) changed = NULL;
          g_autofree char *saved = g_strdup (prior);

          copy[g_bytes_get_size (payload) - 6] ^= 0x20;
          changed = g_bytes_new (copy, g_bytes_get_size (payload));
          g_assert_false (verify_frame (frame, changed, &prior));
          g_assert_cmpstr (prior, ==, saved);
          gaws_event_stream_message_set_timestamp (frame, ":date", 1000);
          g_assert_false (verify_frame (frame, payload, &prior));
          gaws_event_stream_message_set_timestamp (frame, ":date", g_date_time_to_unix (when) * 1000);
        }
      g_assert_true (verify_frame (frame, payload, &prior));
    }
  g_assert_cmpuint (g_bytes_get_size (gaws_event_stream_message_get_payload (frames->pdata[2])), ==, 0);
  g_assert_cmpstr (prior, ==, gaws_event_stream_encoder_get_prior_signature (encoder));
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);

  /* The fixture's data is the frame the fake tampers with, plus one. */
  g_test_add ("/event-stream-input/bedrock/duplex-echo-signed-frames", Fixture, GINT_TO_POINTER (0),
              fixture_set_up, test_duplex_echo, fixture_tear_down);
  g_test_add ("/event-stream-input/bedrock/tampered-frame-fails-signature", Fixture, GINT_TO_POINTER (2),
              fixture_set_up, test_tampered_frame, fixture_tear_down);
  g_test_add ("/event-stream-input/bedrock/cancel-mid-send", Fixture, GINT_TO_POINTER (0),
              fixture_set_up, test_cancel_mid_send, fixture_tear_down);
  g_test_add ("/event-stream-input/bedrock/writer-required-before-io", Fixture, GINT_TO_POINTER (0),
              fixture_set_up, test_writer_required, fixture_tear_down);
  g_test_add_func ("/event-stream-input/bedrock/connection-refused-fails-sends", test_connection_refused);
  g_test_add_func ("/event-stream-input/bedrock/cancel-before-transfer-fails-sends", test_cancel_before_transfer);
  g_test_add_func ("/event-stream-input/signing/chain-verifies-and-detects-tampering", test_signature_chain);

  return g_test_run ();
}
