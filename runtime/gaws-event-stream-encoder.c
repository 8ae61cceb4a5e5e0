/* gaws-event-stream-encoder.c: AWS event stream frames, optionally signed
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-event-stream-encoder.h"
#include "gaws-event-stream-decoder.h"
#include "gaws-sigv4-signer.h"
#include "gaws-error.h"

#include <string.h>
#include <zlib.h>

/**
 * GawsEventStreamEncoder:
 *
 * Encodes messages (#GawsEventStreamMessage) as
 * `application/vnd.amazon.eventstream` frames, for the body of a request
 * with event-stream input.
 *
 * An encoder made with gaws_event_stream_encoder_new_signing() signs every
 * frame the way SigV4 event streams require (Transcribe streaming, Bedrock
 * bidirectional streams, ...): the encoded message becomes the payload of
 * an outer frame whose headers are `:date` (a timestamp) and
 * `:chunk-signature` (32 bytes), and the signature chains to the one of the
 * frame before, starting from the seed signature of the HTTP request. Its
 * string to sign is
 *
 * |[
 * AWS4-HMAC-SHA256-PAYLOAD
 * <X-Amz-Date form of :date, such as 20130524T000000Z>
 * <credential scope: date/region/service/aws4_request>
 * <signature of the previous frame, or the seed signature>
 * <hex SHA-256 of the encoded :date header alone>
 * <hex SHA-256 of the payload, the encoded inner message>
 * ]|
 *
 * The stream ends with gaws_event_stream_encoder_encode_end(): a signed
 * frame with an empty payload. Frames chain, so a signing encoder must
 * encode them in the order they are sent, from one thread at a time. The
 * request itself is signed with the payload hash
 * %GAWS_EVENT_STREAM_PAYLOAD_SIGNED.
 *
 * The encoder checks the limits of the wire format (header names, value
 * lengths, %GAWS_EVENT_STREAM_MAX_HEADERS_LEN of headers, 4 GiB frames); it
 * leaves the services' own size limits to them.
 */

#define ALGORITHM "AWS4-HMAC-SHA256-PAYLOAD"

struct _GawsEventStreamEncoder {
  GObject          parent_instance;
  GawsCredentials *credentials;       /* NULL for an encoder that does not sign */
  char            *region;
  char            *service;
  char            *prior_signature;
  GawsSigv4Signer *signer;            /* derives the key once a day, and caches it */
};

G_DEFINE_FINAL_TYPE (GawsEventStreamEncoder, gaws_event_stream_encoder, G_TYPE_OBJECT)

static void
gaws_event_stream_encoder_finalize (GObject *object)
{
  GawsEventStreamEncoder *self = GAWS_EVENT_STREAM_ENCODER (object);

  g_clear_object (&self->credentials);
  g_free (self->region);
  g_free (self->service);
  g_free (self->prior_signature);
  g_clear_object (&self->signer);
  G_OBJECT_CLASS (gaws_event_stream_encoder_parent_class)->finalize (object);
}

static void
gaws_event_stream_encoder_class_init (GawsEventStreamEncoderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_event_stream_encoder_finalize;
}

static void
gaws_event_stream_encoder_init (GawsEventStreamEncoder *self)
{
}

/**
 * gaws_event_stream_encoder_new:
 *
 * Returns: (transfer full): a new encoder that does not sign
 */
GawsEventStreamEncoder *
gaws_event_stream_encoder_new (void)
{
  return g_object_new (GAWS_TYPE_EVENT_STREAM_ENCODER, NULL);
}

/**
 * gaws_event_stream_encoder_new_signing:
 * @credentials: the credentials the request was signed with
 * @region: the signing region of the request
 * @service: the signing name of the service
 * @seed_signature: the signature of the request (from its `Authorization`
 *   header; see gaws_sigv4_signer_sign_full()), which the first frame's
 *   signature chains to
 *
 * Returns: (transfer full): a new encoder that signs every frame
 */
GawsEventStreamEncoder *
gaws_event_stream_encoder_new_signing (GawsCredentials *credentials,
                                       const char      *region,
                                       const char      *service,
                                       const char      *seed_signature)
{
  GawsEventStreamEncoder *self;

  g_return_val_if_fail (GAWS_IS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (seed_signature != NULL, NULL);

  self = gaws_event_stream_encoder_new ();
  self->credentials = g_object_ref (credentials);
  self->region = g_strdup (region);
  self->service = g_strdup (service);
  self->prior_signature = g_strdup (seed_signature);
  self->signer = gaws_sigv4_signer_new ();
  return self;
}

/**
 * gaws_event_stream_encoder_is_signing:
 * @self: a #GawsEventStreamEncoder
 *
 * Returns: %TRUE if @self signs the frames it encodes
 */
gboolean
gaws_event_stream_encoder_is_signing (GawsEventStreamEncoder *self)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_ENCODER (self), FALSE);
  return self->credentials != NULL;
}

/**
 * gaws_event_stream_encoder_get_prior_signature:
 * @self: a #GawsEventStreamEncoder
 *
 * Returns: (nullable): the signature of the last frame encoded, the seed
 *   signature before the first, or %NULL if @self does not sign
 */
const char *
gaws_event_stream_encoder_get_prior_signature (GawsEventStreamEncoder *self)
{
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_ENCODER (self), NULL);
  return self->prior_signature;
}

/* ---- frames ----------------------------------------------------------- */

static void
put_u8 (GByteArray *out, guint8 value)
{
  g_byte_array_append (out, &value, 1);
}

static void
put_be (GByteArray *out, guint64 value, guint n_bytes)
{
  guint8 bytes[8];

  for (guint i = 0; i < n_bytes; i++)
    bytes[i] = (guint8) (value >> (8 * (n_bytes - 1 - i)));
  g_byte_array_append (out, bytes, n_bytes);
}

static gboolean
put_counted (GByteArray  *out,
             const char  *name,
             const void  *data,
             gsize        len,
             GError     **error)
{
  if (len > GAWS_EVENT_STREAM_MAX_HEADER_VALUE_LEN)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Event stream header '%s' is %" G_GSIZE_FORMAT " bytes long; the limit is %u",
                   name, len, GAWS_EVENT_STREAM_MAX_HEADER_VALUE_LEN);
      return FALSE;
    }
  put_be (out, len, 2);
  g_byte_array_append (out, data, (guint) len);
  return TRUE;
}

/* Writes the value of header @name, which has @type, after its type byte. */
static gboolean
put_value (GByteArray                 *out,
           GawsEventStreamMessage     *message,
           const char                 *name,
           GawsEventStreamHeaderType   type,
           GError                    **error)
{
  gint8 byte;
  gint16 short_value;
  gint32 int_value;
  gint64 long_value;
  GBytes *bytes;
  const char *string;

  switch (type)
    {
    case GAWS_EVENT_STREAM_HEADER_BOOL_TRUE:
    case GAWS_EVENT_STREAM_HEADER_BOOL_FALSE:
      break;
    case GAWS_EVENT_STREAM_HEADER_BYTE:
      gaws_event_stream_message_get_byte (message, name, &byte);
      put_u8 (out, (guint8) byte);
      break;
    case GAWS_EVENT_STREAM_HEADER_SHORT:
      gaws_event_stream_message_get_short (message, name, &short_value);
      put_be (out, (guint16) short_value, 2);
      break;
    case GAWS_EVENT_STREAM_HEADER_INT:
      gaws_event_stream_message_get_int (message, name, &int_value);
      put_be (out, (guint32) int_value, 4);
      break;
    case GAWS_EVENT_STREAM_HEADER_LONG:
      gaws_event_stream_message_get_long (message, name, &long_value);
      put_be (out, (guint64) long_value, 8);
      break;
    case GAWS_EVENT_STREAM_HEADER_TIMESTAMP:
      gaws_event_stream_message_get_timestamp (message, name, &long_value);
      put_be (out, (guint64) long_value, 8);
      break;
    case GAWS_EVENT_STREAM_HEADER_BYTE_ARRAY:
      bytes = gaws_event_stream_message_get_byte_array (message, name);
      return put_counted (out, name, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
    case GAWS_EVENT_STREAM_HEADER_STRING:
      string = gaws_event_stream_message_get_string (message, name);
      return put_counted (out, name, string, strlen (string), error);
    case GAWS_EVENT_STREAM_HEADER_UUID:
      g_byte_array_append (out, gaws_event_stream_message_get_uuid (message, name),
                           GAWS_EVENT_STREAM_UUID_LEN);
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/* The headers section of @message, in its header order. */
static GBytes *
encode_headers (GawsEventStreamMessage  *message,
                GError                 **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  for (guint i = 0; i < gaws_event_stream_message_get_n_headers (message); i++)
    {
      const char *name = gaws_event_stream_message_get_header_name (message, i);
      GawsEventStreamHeaderType type;

      gaws_event_stream_message_get_header_type (message, name, &type);
      put_u8 (out, (guint8) strlen (name));
      g_byte_array_append (out, (const guint8 *) name, (guint) strlen (name));
      put_u8 (out, (guint8) type);
      if (!put_value (out, message, name, type, error))
        return NULL;
    }
  if (out->len > GAWS_EVENT_STREAM_MAX_HEADERS_LEN)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "The headers of an event stream message take %u bytes; the limit is %u",
                   out->len, GAWS_EVENT_STREAM_MAX_HEADERS_LEN);
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
put_crc (GByteArray *out)
{
  put_be (out, (guint32) crc32 (crc32 (0L, Z_NULL, 0), out->data, out->len), 4);
}

static GBytes *
encode_frame (GawsEventStreamMessage  *message,
              GError                 **error)
{
  g_autoptr(GBytes) headers = encode_headers (message, error);
  GBytes *payload = gaws_event_stream_message_get_payload (message);
  g_autoptr(GByteArray) out = NULL;
  guint64 total;

  if (headers == NULL)
    return NULL;
  total = (guint64) GAWS_EVENT_STREAM_MIN_FRAME_SIZE + g_bytes_get_size (headers) + g_bytes_get_size (payload);
  if (total > G_MAXUINT32)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "An event stream frame of %" G_GUINT64_FORMAT " bytes is beyond the 4 GiB the format allows",
                   total);
      return NULL;
    }

  out = g_byte_array_sized_new ((guint) total);
  put_be (out, total, 4);
  put_be (out, g_bytes_get_size (headers), 4);
  put_crc (out);
  g_byte_array_append (out, g_bytes_get_data (headers, NULL), (guint) g_bytes_get_size (headers));
  g_byte_array_append (out, g_bytes_get_data (payload, NULL), (guint) g_bytes_get_size (payload));
  put_crc (out);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* ---- signing ---------------------------------------------------------- */

static gboolean
check_signing_inputs (GawsCredentials  *credentials,
                      const char       *region,
                      const char       *service,
                      GError          **error)
{
  const char *key_id = gaws_credentials_get_access_key_id (credentials);
  const char *secret = gaws_credentials_get_secret_access_key (credentials);

  if (key_id == NULL || *key_id == '\0' || secret == NULL || *secret == '\0')
    g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_SIGNING,
                         "Cannot sign an event stream frame without an access key id and a secret access key");
  else if (*region == '\0' || *service == '\0')
    g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_SIGNING,
                         "Cannot sign an event stream frame without a region and a service name");
  else
    return TRUE;
  return FALSE;
}

/* @utc is whole seconds: the :date header counts milliseconds but the
 * X-Amz-Date form in the string to sign does not, and both must agree. */
static char *
string_to_sign (GDateTime  *utc,
                const char *region,
                const char *service,
                const char *prior_signature,
                GBytes     *headers,
                GBytes     *payload)
{
  g_autofree char *amz_date = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
  g_autofree char *date = g_date_time_format (utc, "%Y%m%d");
  g_autofree char *headers_hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, headers);
  g_autofree char *payload_hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, payload);

  return g_strdup_printf (ALGORITHM "\n%s\n%s/%s/%s/aws4_request\n%s\n%s\n%s",
                          amz_date, date, region, service, prior_signature,
                          headers_hash, payload_hash);
}

/* The :chunk-signature header carries the signature's bytes, not its hex. */
static GBytes *
hex_to_bytes (const char *hex)
{
  gsize len = strlen (hex) / 2;
  guint8 *bytes = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    bytes[i] = (guint8) (g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]));
  return g_bytes_new_take (bytes, len);
}

/* Whole seconds in UTC: see string_to_sign(). */
static GDateTime *
signing_time (GDateTime *when)
{
  gint64 seconds = when ? g_date_time_to_unix (when) : g_get_real_time () / G_USEC_PER_SEC;
  return g_date_time_new_from_unix_utc (seconds);
}

/**
 * gaws_event_stream_encoder_compute_signature:
 * @credentials: the credentials to sign with
 * @region: the signing region
 * @service: the signing name of the service
 * @when: the signing time; only whole seconds count
 * @prior_signature: the signature of the previous frame, or the seed
 *   signature of the request for the first frame
 * @headers: the encoded headers that are signed: in a stream, the `:date`
 *   header alone, holding @when
 * @payload: the payload of the signed frame: the encoded inner message, or
 *   nothing for the frame that ends the stream
 * @out_string_to_sign: (out) (optional) (transfer full): the string to sign,
 *   for diagnostics and tests
 * @error: return location for a #GError
 *
 * Computes the signature of one event stream frame, the step that
 * gaws_event_stream_encoder_encode() takes for each frame of a signing
 * encoder. Most callers want the encoder; this is for checking signatures
 * and for the known-answer tests of other SDKs.
 *
 * Returns: (transfer full) (nullable): the signature, in hex, or %NULL with
 *   @error set (%GAWS_ERROR_SIGNING)
 */
char *
gaws_event_stream_encoder_compute_signature (GawsCredentials  *credentials,
                                             const char       *region,
                                             const char       *service,
                                             GDateTime        *when,
                                             const char       *prior_signature,
                                             GBytes           *headers,
                                             GBytes           *payload,
                                             char            **out_string_to_sign,
                                             GError          **error)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GawsSigv4Signer) signer = gaws_sigv4_signer_new ();
  char *signature;

  g_return_val_if_fail (GAWS_IS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (region != NULL && service != NULL, NULL);
  g_return_val_if_fail (when != NULL, NULL);
  g_return_val_if_fail (prior_signature != NULL, NULL);
  g_return_val_if_fail (headers != NULL && payload != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_signing_inputs (credentials, region, service, error))
    return NULL;

  utc = signing_time (when);
  date = g_date_time_format (utc, "%Y%m%d");
  text = string_to_sign (utc, region, service, prior_signature, headers, payload);
  signature = gaws_sigv4_signer_sign_string (signer, credentials, date, region, service, text);
  if (out_string_to_sign)
    *out_string_to_sign = g_steal_pointer (&text);
  return signature;
}

/* Wraps @payload (an encoded frame, or nothing at the end) in a frame
 * signed at @when, and makes its signature the prior one. */
static GBytes *
sign_frame (GawsEventStreamEncoder  *self,
            GBytes                  *payload,
            GDateTime               *when,
            GError                 **error)
{
  g_autoptr(GDateTime) utc = signing_time (when);
  g_autoptr(GawsEventStreamMessage) date_only = gaws_event_stream_message_new ();
  g_autoptr(GawsEventStreamMessage) outer = gaws_event_stream_message_new ();
  g_autoptr(GBytes) date_header = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *text = NULL;
  g_autofree char *date = g_date_time_format (utc, "%Y%m%d");
  g_autofree char *hex = NULL;
  gint64 millis = g_date_time_to_unix (utc) * 1000;
  GBytes *frame;

  if (!check_signing_inputs (self->credentials, self->region, self->service, error))
    return NULL;

  gaws_event_stream_message_set_timestamp (date_only, ":date", millis);
  date_header = encode_headers (date_only, error);
  text = string_to_sign (utc, self->region, self->service, self->prior_signature,
                         date_header, payload);
  hex = gaws_sigv4_signer_sign_string (self->signer, self->credentials, date, self->region,
                                       self->service, text);
  signature = hex_to_bytes (hex);

  gaws_event_stream_message_set_timestamp (outer, ":date", millis);
  gaws_event_stream_message_set_byte_array (outer, ":chunk-signature", signature);
  gaws_event_stream_message_set_payload (outer, payload);
  frame = encode_frame (outer, error);
  if (frame != NULL)
    {
      g_free (self->prior_signature);
      self->prior_signature = g_steal_pointer (&hex);
    }
  return frame;
}

/**
 * gaws_event_stream_encoder_encode:
 * @self: a #GawsEventStreamEncoder
 * @message: the message to encode
 * @when: (nullable): the signing time, for a signing encoder; %NULL for now
 * @error: return location for a #GError
 *
 * Encodes @message as one frame; a signing encoder wraps it in a signed
 * frame and chains the next frame's signature to this one.
 *
 * Returns: (transfer full) (nullable): the bytes to send, or %NULL with
 *   @error set if @message breaks a limit of the format
 *   (%GAWS_ERROR_INVALID_ARGUMENT) or cannot be signed
 *   (%GAWS_ERROR_SIGNING)
 */
GBytes *
gaws_event_stream_encoder_encode (GawsEventStreamEncoder  *self,
                                  GawsEventStreamMessage  *message,
                                  GDateTime               *when,
                                  GError                 **error)
{
  g_autoptr(GBytes) inner = NULL;

  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_ENCODER (self), NULL);
  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_MESSAGE (message), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  inner = encode_frame (message, error);
  if (inner == NULL || self->credentials == NULL)
    return g_steal_pointer (&inner);
  return sign_frame (self, inner, when, error);
}

/**
 * gaws_event_stream_encoder_encode_end:
 * @self: a #GawsEventStreamEncoder
 * @when: (nullable): the signing time; %NULL for now
 * @error: return location for a #GError
 *
 * Encodes what ends a stream: for a signing encoder, a signed frame with
 * an empty payload, which tells the service that no events follow; for an
 * encoder that does not sign, nothing, as the end of the body says it.
 *
 * Returns: (transfer full) (nullable): the bytes to send (none for an
 *   encoder that does not sign), or %NULL with @error set
 */
GBytes *
gaws_event_stream_encoder_encode_end (GawsEventStreamEncoder  *self,
                                      GDateTime               *when,
                                      GError                 **error)
{
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

  g_return_val_if_fail (GAWS_IS_EVENT_STREAM_ENCODER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->credentials == NULL)
    return g_steal_pointer (&empty);
  return sign_frame (self, empty, when, error);
}
