/* gaws-operation.c: calling one operation of a service through the tables
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-operation.h"
#include "gaws-response-metadata.h"

#include "gaws-aws-chunked-input-stream.h"
#include "gaws-checksum.h"
#include "gaws-client-private.h"
#include "gaws-error.h"
#include "gaws-error-private.h"
#include "gaws-event-stream-private.h"
#include "gaws-http-headers-private.h"
#include "gaws-http-request-private.h"
#include "gaws-http-response-private.h"
#include "gaws-object-private.h"
#include "gaws-protocol-codec.h"
#include "gaws-protocol-rest-xml.h"
#include "gaws-protocol-util.h"
#include "gaws-scratch-private.h"
#include "gaws-retry-strategy.h"
#include "gaws-s3-customizations.h"  /* s3more */
#include "gaws-sigv4-signer.h"

#include <string.h>

/* Every generated `_async` comes here: validate, serialize with the
 * service's protocol, compress and checksum as the operation's traits and
 * the settings say, send through the client (which resolves the endpoint,
 * signs, retries and turns error statuses into GErrors), read the modelled
 * exception of an error, then deserialize. */

typedef struct {
  const GawsOperationInfo *op;
  GawsRequestOptions       options;
  char                    *host_prefix;   /* options.host_prefix points here */
  GawsHttpRequest         *request;
  guint                    attempts;      /* sends of a 200-with-error retry loop */
  GSource                 *delay;
  GSource                 *cancel;
  GError                  *lookup_error;  /* s3more: a redirect naming no region */
} InvokeData;

static void
clear_delay (InvokeData *data)
{
  if (data->delay != NULL)
    {
      g_source_destroy (data->delay);
      g_clear_pointer (&data->delay, g_source_unref);
    }
  if (data->cancel != NULL)
    {
      g_source_destroy (data->cancel);
      g_clear_pointer (&data->cancel, g_source_unref);
    }
}

/* Every call has one: each thread keeps the last one freed for the next
 * call rather than a malloc and a free each time. */
static GPrivate spare_invoke_data = GAWS_SPARE_BLOCK_INIT;

static InvokeData *
invoke_data_new (void)
{
  return gaws_spare_block_take0 (&spare_invoke_data, sizeof (InvokeData));
}

static void
invoke_data_free (InvokeData *data)
{
  clear_delay (data);
  g_clear_error (&data->lookup_error);  /* s3more */
  g_clear_pointer (&data->request, gaws_http_request_release);
  g_free (data->host_prefix);
  gaws_spare_block_give (&spare_invoke_data, data);
}

static const GawsProtocolCodec *
codec_or_error (const GawsOperationInfo  *op,
                GError                  **error)
{
  const GawsProtocolCodec *codec = gaws_protocol_codec_for_service (op->service);

  if (codec == NULL)
    g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                 "The runtime speaks none of the protocols of %s (first: %s)",
                 op->service->name, op->service->protocols[0]);
  return codec;
}

/* Tokens are filled in a copy: the caller's object must not change under it,
 * and a retried call must reuse the token the first attempt sent. Returns:
 * (transfer full) (nullable): the copy, or %NULL when @input lacks no token
 * (then it is serialized as it is, without a reference of its own: the
 * caller holds it for the call). */
static GawsShape *
input_with_tokens (GawsShape *input)
{
  const GawsShapeInfo *info = gaws_shape_get_info (input);
  GawsShape *copy = NULL;

  for (guint i = 0; i < info->n_members; i++)
    {
      g_autofree char *token = NULL;

      if (!(info->members[i].flags & GAWS_MEMBER_FLAG_IDEMPOTENCY_TOKEN) ||
          gaws_shape_is_set (input, i))
        continue;
      if (copy == NULL)
        copy = gaws_shape_copy (input);
      token = gaws_protocol_new_uuid ();
      gaws_shape_set_string (copy, i, token);
    }
  return copy;
}

/**
 * gaws_operation_prepare_request:
 * @op: a #GawsOperationInfo
 * @input: (nullable): the operation's input, or %NULL when it has none
 * @error: return location for a #GError
 *
 * Everything before I/O: checks @input against the model, fills in
 * idempotency tokens and serializes with the service's protocol.
 *
 * Returns: (transfer full) (nullable): the request, its host left for the
 *   client to fill in; %NULL with a %GAWS_ERROR_INVALID_ARGUMENT error
 *   naming the member path when @input is not valid
 */
GawsHttpRequest *
gaws_operation_prepare_request (const GawsOperationInfo  *op,
                                GawsShape                *input,
                                GError                  **error)
{
  const GawsProtocolCodec *codec = codec_or_error (op, error);
  g_autoptr(GawsShape) filled = NULL;
  g_autoptr(GawsShape) events_input = NULL;
  g_autoptr(GawsEventStreamWriter) writer = NULL;
  GawsHttpRequest *request;

  if (codec == NULL)
    return NULL;
  /* event streams: the input's writer sends the body */
  if (!gaws_event_stream_prepare_input (op, input, &events_input, &writer, error))
    return NULL;
  if (events_input != NULL)
    input = events_input;
  if (op->input != NULL && input == NULL)
    input = filled = gaws_shape_new (op->input);
  else if (input != NULL)
    {
      g_return_val_if_fail (op->input != NULL && gaws_shape_get_info (input) == op->input, NULL);
      filled = input_with_tokens (input);
      if (filled != NULL)
        input = filled;
    }
  if (input != NULL && !gaws_shape_validate (input, error))
    return NULL;
  request = codec->serialize (op, input, error);
  /* event streams */
  if (request != NULL && writer != NULL)
    gaws_event_stream_writer_attach (writer, op, request);
  return request;
}

static gboolean
has_streaming_output (const GawsOperationInfo *op)
{
  const GawsShapeInfo *output = op->output;

  return output != NULL && output->payload >= 0 &&
         gaws_member_info_is_streaming (&output->members[output->payload]);
}

static void
fill_options (const GawsOperationInfo *op,
              GawsRequestOptions      *options)
{
  /* each a scan of the members (S3's PutObject has some forty): once */
  gboolean events_out = gaws_event_stream_has_output (op);
  gboolean events_in = gaws_event_stream_has_input (op);

  options->operation_name = op->name;
  options->body_mode = has_streaming_output (op) ? GAWS_HTTP_BODY_STREAMED : GAWS_HTTP_BODY_BUFFERED;
  /* event streams: events are read as they come */
  if (events_out)
    options->body_mode = GAWS_HTTP_BODY_STREAMED;
  /* event streams: exempt from stalled-stream protection, as in the AWS
   * SDKs; events sent go out while the response is read */
  if (events_out || events_in)
    options->http_flags |= GAWS_HTTP_SEND_NO_STALL_PROTECTION;
  if (events_in)
    options->http_flags |= GAWS_HTTP_SEND_DUPLEX;
  options->signing_flags = (op->flags & GAWS_OPERATION_FLAG_UNSIGNED_PAYLOAD) ? GAWS_SIGV4_UNSIGNED_PAYLOAD : 0;
  /* auth none: sent unsigned, without asking the session for credentials,
   * which may themselves come from such a call (SSO GetRoleCredentials) */
  if (op->flags & GAWS_OPERATION_FLAG_AUTH_NONE)
    options->signing_flags |= GAWS_SIGV4_ANONYMOUS;
}

/* ---- request compression and checksums ---- */

static gboolean
needs_settings (const GawsOperationInfo *op)
{
  return (op->flags & (GAWS_OPERATION_FLAG_REQUEST_COMPRESSION | GAWS_OPERATION_FLAG_CHECKSUM_REQUIRED)) ||
         op->request_algorithm_member != NULL || op->request_validation_mode_member != NULL;
}

/* Compression and checksum settings come from the client's config, the
 * environment and the profile: the session must be loaded. */
static const GawsResolvedConfig *
resolve_settings (GawsClient  *client,
                  GError     **error)
{
  return gaws_protocol_client_settings_peek (client, error);
}

static GBytes *
gzip_bytes (GBytes *input)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  GByteArray *output = g_byte_array_new ();
  gsize in_length;
  const guint8 *in = g_bytes_get_data (input, &in_length);
  guint8 buffer[64 * 1024];
  GConverterResult result;

  do
    {
      gsize bytes_read = 0, bytes_written = 0;

      /* Compressing memory into memory fails only for want of room, which
       * the loop gives. */
      result = g_converter_convert (G_CONVERTER (compressor), in, in_length, buffer, sizeof buffer,
                                    G_CONVERTER_INPUT_AT_END, &bytes_read, &bytes_written, NULL);
      g_assert (result != G_CONVERTER_ERROR);
      in += bytes_read;
      in_length -= bytes_read;
      g_byte_array_append (output, buffer, bytes_written);
    }
  while (result != G_CONVERTER_FINISHED);
  return g_byte_array_free_to_bytes (output);
}

/* botocore's maybe_compress_request: gzip a body of at least the minimum
 * size, before it is checksummed and signed. A streamed body is sent as it
 * is: no operation with requestcompression streams its input. */
static void
maybe_compress (const GawsOperationInfo  *op,
                const GawsResolvedConfig *settings,
                GawsHttpRequest          *request)
{
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);
  GBytes *body = gaws_http_request_get_body (request);
  g_autoptr(GBytes) compressed = NULL;
  const char *encoding;

  if (!(op->flags & GAWS_OPERATION_FLAG_REQUEST_COMPRESSION) || settings->disable_request_compression ||
      body == NULL || gaws_http_request_get_body_stream (request) != NULL ||
      g_bytes_get_size (body) < settings->request_min_compression_size_bytes)
    return;
  compressed = gzip_bytes (body);
  gaws_http_request_set_body (request, compressed);
  encoding = gaws_http_headers_get_one (headers, "Content-Encoding");
  if (encoding == NULL)
    gaws_http_headers_replace (headers, "Content-Encoding", "gzip");
  else
    {
      g_autofree char *both = g_strconcat (encoding, ",gzip", NULL);
      gaws_http_headers_replace (headers, "Content-Encoding", both);
    }
}

/* The user's own checksum (a Checksum<Algorithm> member) wins, as in
 * botocore's has_checksum_header; a ContentMD5 does not stop the flexible
 * checksum. */
static gboolean
has_checksum_header (GawsHttpHeaders *headers)
{
  static const char prefix[] = "x-amz-checksum-";
  guint n_lines;
  const GawsHttpHeaderLine *lines = gaws_http_headers_peek_lines (headers, &n_lines);
  GEnumClass *algorithms;
  gboolean found = FALSE;

  /* Every algorithm's header has this prefix: most requests have none,
   * which one pass over their few headers tells, most of them too short
   * to compare. */
  for (guint i = 0; i < n_lines && !found; i++)
    found = lines[i].name_len >= sizeof prefix - 1 &&
            g_ascii_strncasecmp (lines[i].name, prefix, sizeof prefix - 1) == 0;
  if (!found)
    return FALSE;
  found = FALSE;
  algorithms = g_type_class_ref (GAWS_TYPE_CHECKSUM_ALGORITHM);
  for (guint i = 0; i < algorithms->n_values && !found; i++)
    found = gaws_http_headers_get_one (headers,
                                       gaws_checksum_algorithm_get_header_name (algorithms->values[i].value)) != NULL;
  g_type_class_unref (algorithms);
  return found;
}

static const GawsMemberInfo *
input_member (const GawsOperationInfo *op,
              const char              *name)
{
  gint index = op->input && name ? gaws_shape_info_find_member (op->input, name) : -1;

  return index >= 0 ? &op->input->members[index] : NULL;
}

/* The header an input member travels in, when it is one. */
static const char *
member_header (const GawsMemberInfo *member)
{
  if (member == NULL || member->location != GAWS_LOCATION_HEADER)
    return NULL;
  return gaws_member_info_get_wire_name (member);
}

/* botocore (1.36 and later) resolve_request_checksum_algorithm: the
 * algorithm the user chose; else, when the operation requires a checksum
 * or supports one and request_checksum_calculation is when_supported,
 * CRC32, named in the algorithm member's header. */
static gboolean
choose_algorithm (const GawsOperationInfo   *op,
                  const GawsResolvedConfig  *settings,
                  GawsHttpRequest           *request,
                  GawsChecksumAlgorithm     *algorithm,
                  GError                   **error)
{
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);
  const char *header = member_header (input_member (op, op->request_algorithm_member));
  const char *chosen = header ? gaws_http_headers_get_one (headers, header) : NULL;

  if (chosen != NULL)
    return gaws_checksum_algorithm_parse (chosen, algorithm, error);
  if (!(op->flags & GAWS_OPERATION_FLAG_CHECKSUM_REQUIRED) &&
      !(op->request_algorithm_member != NULL &&
        settings->request_checksum_calculation != GAWS_CHECKSUM_POLICY_WHEN_REQUIRED))
    return FALSE;
  *algorithm = GAWS_CHECKSUM_ALGORITHM_CRC32;
  if (header != NULL)
    gaws_http_headers_replace (headers, header, gaws_checksum_algorithm_get_name (*algorithm));
  return TRUE;
}

/* The length of a streamed body: the stream's, or the Content-Length a
 * member declares (S3's ContentLength). -1 when unknown. */
static gint64
stream_length (GawsHttpRequest *request)
{
  gint64 length = gaws_http_request_get_body_length (request);
  const char *declared;
  guint64 value;

  if (length >= 0)
    return length;
  declared = gaws_http_headers_get_one (gaws_http_request_get_headers (request), "Content-Length");
  if (declared != NULL && g_ascii_string_to_unsigned (declared, 10, 0, G_MAXINT64, &value, NULL))
    length = (gint64) value;
  return length;
}

/* A body the caller framed as aws-chunked (the S3 transfer manager does,
 * to read back the checksum its trailer sent) goes as it is, with the
 * headers of its encoding and its algorithm named: framing it once more
 * would send the frames as the data. Its declared Content-Length is the
 * decoded one; the encoded one replaces it. */
static void
attach_framed (const GawsOperationInfo   *op,
               GawsHttpRequest           *request,
               GawsAwsChunkedInputStream *framed)
{
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);
  const char *header = member_header (input_member (op, op->request_algorithm_member));
  GawsChecksumAlgorithm algorithm = gaws_aws_chunked_input_stream_get_algorithm (framed);

  if (header != NULL)
    gaws_http_headers_replace (headers, header, gaws_checksum_algorithm_get_name (algorithm));
  gaws_http_headers_remove (headers, "Content-Length");
  gaws_aws_chunked_input_stream_attach (framed, request);
}

/* A buffered body is checksummed in a header; a streamed one in the
 * trailer of an aws-chunked body, which needs its length: a stream of
 * unknown length goes without (S3 needs the length anyway). */
static gboolean
apply_request_checksum (const GawsOperationInfo   *op,
                        const GawsResolvedConfig  *settings,
                        GawsHttpRequest           *request,
                        GError                   **error)
{
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);
  GInputStream *stream = gaws_http_request_get_body_stream (request);
  GBytes *body = gaws_http_request_get_body (request);
  gint64 length = stream ? stream_length (request) : 0;
  GawsChecksumAlgorithm algorithm;
  GError *local_error = NULL;
  g_autofree char *value = NULL;

  if (GAWS_IS_AWS_CHUNKED_INPUT_STREAM (stream))
    {
      attach_framed (op, request, GAWS_AWS_CHUNKED_INPUT_STREAM (stream));
      return TRUE;
    }
  /* An operation that neither requires nor supports a checksum gets none
   * (see choose_algorithm()): its headers need no look. */
  if (!(op->flags & GAWS_OPERATION_FLAG_CHECKSUM_REQUIRED) && op->request_algorithm_member == NULL)
    return TRUE;
  /* A body the caller framed as aws-chunked has its trailer already. */
  if (has_checksum_header (headers) || gaws_http_headers_get_one (headers, "x-amz-trailer") != NULL ||
      length < 0)
    return TRUE;
  if (!choose_algorithm (op, settings, request, &algorithm, &local_error))
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (stream != NULL)
    {
      g_autoptr(GInputStream) chunked = gaws_aws_chunked_input_stream_new (stream, length, algorithm);

      /* The length sent is the encoded one, which the body now has. */
      gaws_http_headers_remove (headers, "Content-Length");
      gaws_aws_chunked_input_stream_attach (GAWS_AWS_CHUNKED_INPUT_STREAM (chunked), request);
      return TRUE;
    }
  value = gaws_checksum_compute_base64 (algorithm, body ? g_bytes_get_data (body, NULL) : NULL,
                                        body ? g_bytes_get_size (body) : 0);
  gaws_http_headers_replace (headers, gaws_checksum_algorithm_get_header_name (algorithm), value);
  return TRUE;
}

/* botocore's _handle_request_validation_mode_member: ask for the
 * response's checksum, which the transport then checks. */
static void
request_response_checksum (const GawsOperationInfo  *op,
                           const GawsResolvedConfig *settings,
                           GawsHttpRequest          *request)
{
  const char *header = member_header (input_member (op, op->request_validation_mode_member));
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);

  if (header != NULL && settings->response_checksum_validation != GAWS_CHECKSUM_POLICY_WHEN_REQUIRED &&
      gaws_http_headers_get_one (headers, header) == NULL)
    gaws_http_headers_replace (headers, header, "ENABLED");
}

static gboolean
apply_request_features (GawsClient               *client,
                        const GawsOperationInfo  *op,
                        GawsHttpRequest          *request,
                        GError                  **error)
{
  const GawsResolvedConfig *settings;

  if (!needs_settings (op))
    return TRUE;
  settings = resolve_settings (client, error);
  if (settings == NULL)
    return FALSE;
  maybe_compress (op, settings, request);
  request_response_checksum (op, settings, request);
  return apply_request_checksum (op, settings, request, error);
}

/* The operation's hostPrefix with its labels filled in from @input. */
static gboolean
expand_host_prefix (const GawsOperationInfo  *op,
                    GawsShape                *input,
                    char                    **prefix,
                    GError                  **error)
{
  GError *local_error = NULL;

  *prefix = gaws_protocol_expand_host_prefix (op, input, &local_error);
  if (local_error == NULL)
    return TRUE;
  g_propagate_error (error, local_error);
  return FALSE;
}

static GawsShape *
read_response (const GawsOperationInfo  *op,
               GawsHttpResponse         *response,
               GError                  **error)
{
  const GawsProtocolCodec *codec = codec_or_error (op, error);
  GawsShape *output;

  if (codec == NULL)
    return NULL;
  /* An operation without output has nothing to read: success is all. */
  if (op->output == NULL)
    return NULL;
  output = codec->deserialize (op, response, error);
  if (output != NULL)
    {
      g_autoptr(GawsResponseMetadata) metadata = gaws_response_metadata_new_from_response (response);

      gaws_shape_set_response_metadata (output, metadata);
    }
  return output;
}

/* The transport made @error from the response without knowing the
 * operation; now its protocol reads the body into the modelled exception,
 * found among the operation's errors first and then the service's. */
static void
read_modelled_error (const GawsOperationInfo *op,
                     GError                  *error)
{
  g_autoptr(GawsHttpResponse) response = gaws_error_steal_response (error);
  const GawsProtocolCodec *codec = gaws_protocol_codec_for_service (op->service);
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GawsShape) shape = NULL;

  if (response == NULL || codec == NULL || codec->parse_error == NULL)
    return;
  /* A body too broken to parse leaves the error as the transport made it. */
  if (!codec->parse_error (op, response, &code, &message, &shape, NULL))
    return;
  if (shape != NULL)
    gaws_error_set_shape (error, shape);
  /* The transport reads JSON and XML error bodies, not CBOR ones: what it
   * took for a bare HTTP error may have a code the protocol can read. */
  if (error->code == GAWS_ERROR_HTTP && code != NULL &&
      g_strcmp0 (code, gaws_error_get_code (error)) != 0)
    {
      guint retries = gaws_error_get_retry_attempts (error);

      error->code = GAWS_ERROR_SERVICE;
      gaws_error_set_details (error, code, message, gaws_error_get_http_status (error),
                              gaws_error_get_request_id (error));
      gaws_error_add_operation_context (error, op->name, retries, retries > 0);
    }
}

/* A success status that still is an error (S3's 200 with an <Error>). */
static GError *
check_response (const GawsOperationInfo *op,
                GawsHttpResponse        *response)
{
  GError *error = gaws_protocol_rest_xml_check_200_error (op, response);

  if (error != NULL)
    read_modelled_error (op, error);
  return error;
}

/* What the transport does to the errors it makes. */
static void
finish_200_error (const GawsOperationInfo *op,
                  GError                  *error,
                  guint                    attempts)
{
  gaws_error_add_operation_context (error, op->name, attempts - 1, attempts > 1);
}

/* What the client's send gave (gaws_client_send_owned()), both taken. */
static GawsHttpResponse *
send_finish (const GawsOperationInfo  *op,
             GawsClient               *client,
             InvokeData               *data,  /* s3more */
             GawsHttpResponse         *response,
             GError                   *local_error,
             GError                  **error)
{
  if (local_error != NULL)
    {
      /* s3more: an S3 region redirect, read before read_modelled_error()
       * takes the response: neither response nor error, send again (after
       * on_sent() looked the region up, when the redirect named none). */
      GawsS3CustomizationsRedirect redirect = GAWS_S3_CUSTOMIZATIONS_REDIRECT_NONE;

      if (gaws_s3_customizations_wanted (client))
        redirect = gaws_s3_customizations_redirect (client, op, data->request, &data->options, local_error);
      if (redirect == GAWS_S3_CUSTOMIZATIONS_REDIRECT_LOOK_UP)
        data->lookup_error = g_steal_pointer (&local_error);
      if (redirect != GAWS_S3_CUSTOMIZATIONS_REDIRECT_NONE)
        {
          g_clear_error (&local_error);
          return NULL;
        }
      read_modelled_error (op, local_error);
      g_propagate_error (error, local_error);
    }
  return response;
}

/* The transport retried what failed with an error status; an S3 `200` that
 * carries an error (see gaws_protocol_rest_xml_check_200_error()) is only
 * known here, so it is retried here, the same number of times and with the
 * same back-off. A body stream may be half read: then the error is final. */
static gboolean
should_retry_200_error (GawsClient      *client,
                        GawsHttpRequest *request,
                        guint            attempts,
                        const GError    *error,
                        double          *delay)
{
  const GawsResolvedConfig *settings;
  g_autoptr(GawsRetryStrategy) strategy = NULL;
  GawsRetryKind kind;

  if (gaws_http_request_get_body_stream (request) != NULL ||
      (settings = resolve_settings (client, NULL)) == NULL)
    return FALSE;
  strategy = gaws_retry_strategy_new (settings->retry_mode, settings->max_attempts,
                                      gaws_client_get_service_info (client)->service_id);
  kind = gaws_retry_strategy_classify (strategy, error);
  if (kind == GAWS_RETRY_KIND_NONE || attempts >= gaws_retry_strategy_get_max_attempts (strategy))
    return FALSE;
  *delay = gaws_retry_strategy_compute_delay (strategy, attempts, kind, g_random_double ());
  return TRUE;
}

static void send_attempt (GTask *task);

static gboolean
delay_done_cb (gpointer user_data)
{
  GTask *task = user_data;

  clear_delay (g_task_get_task_data (task));
  send_attempt (task);
  return G_SOURCE_REMOVE;
}

static gboolean
delay_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  return delay_done_cb (user_data);
}

static void
schedule_retry (GTask  *task,
                double  delay)
{
  InvokeData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  data->delay = g_timeout_source_new ((guint) (delay * 1000 + 0.5));
  g_source_set_callback (data->delay, delay_done_cb, task, NULL);
  g_source_attach (data->delay, g_task_get_context (task));
  /* A cancelled call stops waiting at once: send_attempt() sees it. */
  if (cancellable != NULL)
    {
      data->cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->cancel, G_SOURCE_FUNC (delay_cancelled_cb), task, NULL);
      g_source_attach (data->cancel, g_task_get_context (task));
    }
}

/* event streams: the output, its stream member set, came with the head. */
static void
on_event_stream_output (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  GawsShape *output = gaws_event_stream_read_output_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, output, g_object_unref);
  g_object_unref (task);
}

/* s3more: HeadBucket told the bucket's region (send there), or not (the
 * redirect is the error, read as send_finish() reads it), or the call was
 * cancelled. */
static void
on_region_looked_up (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  InvokeData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (gaws_s3_customizations_lookup_region_finish (GAWS_CLIENT (source), result, &error))
    {
      send_attempt (task);
      return;
    }
  read_modelled_error (data->op, error);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
on_sent (GawsClient       *client,
         GawsHttpResponse *sent,
         GError           *sent_error,
         gpointer          user_data)
{
  GTask *task = user_data;
  InvokeData *data = g_task_get_task_data (task);
  GObject *source = G_OBJECT (client);
  g_autoptr(GawsHttpResponseOwned) response = NULL;
  GError *error = NULL;
  GawsShape *output;
  double delay;

  response = send_finish (data->op, client, data, sent, sent_error, &error);
  /* The call's alone (its output takes the headers, not the response) */
  if (response != NULL)
    gaws_http_response_set_recyclable (response);
  /* s3more: redirected (see send_finish()), to a region to look up first */
  if (response == NULL && error == NULL && data->lookup_error != NULL)
    {
      gaws_s3_customizations_lookup_region_async (GAWS_CLIENT (source), data->op, data->request, &data->options,
                                                  g_steal_pointer (&data->lookup_error),
                                                  g_task_get_cancellable (task), on_region_looked_up, task);
      return;
    }
  if (response == NULL && error == NULL)
    {
      send_attempt (task);
      return;
    }
  if (response != NULL)
    error = check_response (data->op, response);
  if (response != NULL && error != NULL &&
      should_retry_200_error (GAWS_CLIENT (source), data->request, data->attempts, error, &delay))
    {
      g_debug ("%s: attempt %u answered 200 with an error (%s), retrying in %.3f s",
               data->op->name, data->attempts, error->message, delay);
      g_error_free (error);
      schedule_retry (task, delay);
      return;
    }
  if (error != NULL)
    {
      if (response != NULL)
        finish_200_error (data->op, error, data->attempts);
      /* event streams: the writer of a failed call stops */
      gaws_event_stream_writer_abort_request (data->request, error);
      g_task_return_error (task, error);
      gaws_object_unref_base (task);
      return;
    }
  /* event streams: hand the body to a GawsEventStream */
  if (gaws_event_stream_has_output (data->op))
    {
      gaws_event_stream_read_output_async (source, data->op, response, g_task_get_cancellable (task),
                                           on_event_stream_output, task);
      return;
    }
  /* s3more: S3's customizations (gaws-s3-customizations.c) */
  if (gaws_s3_customizations_wanted (GAWS_CLIENT (source)))
    gaws_s3_customizations_fix_response (data->op, response);
  output = read_response (data->op, response, &error);
  if (output != NULL && gaws_s3_customizations_wanted (GAWS_CLIENT (source)))
    gaws_s3_customizations_fix_output (data->op, data->request, response, output);
  /* s3more: end */
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, output, output ? g_object_unref : NULL);
  /* most often the last reference, the callback having run */
  gaws_object_unref_base (task);
}

/* The client is ready (or, with @error, could not get so): the request
 * gets the features its settings ask for, then goes out. */
static void
prepared (GTask       *task,
          GawsClient  *client,
          GError      *error)
{
  InvokeData *data = g_task_get_task_data (task);

  if (error != NULL ||
      !apply_request_features (client, data->op, data->request, &error) ||
      /* s3more */
      (gaws_s3_customizations_wanted (client) &&
       !gaws_s3_customizations_prepare_request (client, data->op, data->request,
                                                &data->options, &error)))
    {
      if (error->domain == GAWS_ERROR)
        gaws_error_add_operation_context (error, data->op->name, 0, FALSE);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  send_attempt (task);
}

static void
on_client_prepared (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GError *error = NULL;

  gaws_client_prepare_finish (GAWS_CLIENT (source), result, &error);
  prepared (user_data, GAWS_CLIENT (source), error);
}

static void
send_attempt (GTask *task)
{
  InvokeData *data = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  data->attempts++;
  /* The request is the call's own: signed in place, not copied per
   * attempt, and the call's task is the only one (on_sent() may run
   * before this returns). */
  gaws_client_send_owned (g_task_get_source_object (task), data->request, &data->options,
                          g_task_get_cancellable (task), on_sent, task);
}

/**
 * gaws_operation_invoke_async:
 * @client: the service's #GawsClient
 * @op: the #GawsOperationInfo to call
 * @input: (nullable): its input, or %NULL when it has none
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the call completes
 * @user_data: data for @callback
 *
 * Calls @op. An invalid @input fails before any I/O.
 */
void
gaws_operation_invoke_async (GawsClient              *client,
                             const GawsOperationInfo *op,
                             GawsShape               *input,
                             GCancellable            *cancellable,
                             GAsyncReadyCallback      callback,
                             gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GawsHttpRequest) request = NULL;
  InvokeData *data;
  GError *error = NULL;

  g_return_if_fail (GAWS_IS_CLIENT (client));
  g_return_if_fail (op != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  /* The function, not GLib's macro of the same name: that names the task
   * after the tag when it has no name yet, only for the next line to
   * rename it, for every call. */
  (g_task_set_source_tag) (task, gaws_operation_invoke_async);
  g_task_set_name (task, op->name);
  data = invoke_data_new ();
  data->op = op;
  fill_options (op, &data->options);
  g_task_set_task_data (task, data, (GDestroyNotify) invoke_data_free);

  request = gaws_operation_prepare_request (op, input, &error);
  if (request == NULL || !expand_host_prefix (op, input, &data->host_prefix, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  data->options.host_prefix = data->host_prefix;
  /* The call's alone: recycled once sent (gaws-http-request-private.h) */
  gaws_http_request_set_recyclable (request);
  data->request = g_steal_pointer (&request);
  if (!needs_settings (op) && !gaws_s3_customizations_wanted (client) /* s3more */)
    {
      send_attempt (g_steal_pointer (&task));
      return;
    }
  /* The settings need the session's profile: load it first, once. */
  if (gaws_client_is_prepared (client))
    prepared (g_steal_pointer (&task), client, NULL);
  else
    gaws_client_prepare_async (client, cancellable, on_client_prepared, g_steal_pointer (&task));
}

/**
 * gaws_operation_invoke_finish:
 * @client: the #GawsClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the output, or %NULL on error and
 *   for operations that have no output (then @error tells them apart)
 */
GawsShape *
gaws_operation_invoke_finish (GawsClient    *client,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gaws_operation_invoke_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The back-off of the blocking call: in slices, so that a cancellation
 * ends it soon. */
static gboolean
sleep_cancellable (double        seconds,
                   GCancellable *cancellable)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (MIN (20000, MAX (0, end - g_get_monotonic_time ())));
    }
  return !g_cancellable_is_cancelled (cancellable);
}

/**
 * gaws_operation_invoke_sync:
 * @client: the service's #GawsClient
 * @op: the #GawsOperationInfo to call
 * @input: (nullable): its input, or %NULL when it has none
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Calls @op, blocking the calling thread.
 *
 * Returns: (transfer full) (nullable): the output, or %NULL on error and
 *   for operations that have no output (then @error tells them apart)
 */
GawsShape *
gaws_operation_invoke_sync (GawsClient               *client,
                            const GawsOperationInfo  *op,
                            GawsShape                *input,
                            GCancellable             *cancellable,
                            GError                  **error)
{
  g_autoptr(GawsHttpRequestOwned) request = NULL;
  g_autoptr(GawsHttpResponseOwned) response = NULL;
  g_autofree char *host_prefix = NULL;
  GawsRequestOptions options = { NULL };  /* s3more: signing_region too */
  GError *local_error = NULL;

  g_return_val_if_fail (GAWS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (op != NULL, NULL);

  fill_options (op, &options);
  request = gaws_operation_prepare_request (op, input, error);
  if (request == NULL || !expand_host_prefix (op, input, &host_prefix, error))
    return NULL;
  /* the call's alone, as the request and responses of an _async call */
  gaws_http_request_set_recyclable (request);
  options.host_prefix = host_prefix;
  if (needs_settings (op))
    {
      GawsSession *session = gaws_client_get_session (client);

      if ((!gaws_session_is_loaded (session) && !gaws_session_load_sync (session, cancellable, error)) ||
          !apply_request_features (client, op, request, error))
        return NULL;
    }
  /* s3more: S3's customizations (gaws-s3-customizations.c) */
  if (gaws_s3_customizations_wanted (client) &&
      !gaws_s3_customizations_prepare_request_sync (client, op, request, &options, cancellable, error))
    return NULL;
  for (guint attempts = 1;; attempts++)
    {
      double delay;

      g_clear_pointer (&response, gaws_http_response_release);
      response = gaws_client_send_sync (client, request, &options, cancellable, &local_error);
      if (response != NULL)
        gaws_http_response_set_recyclable (response);
      /* s3more: an S3 region redirect is sent again, once, its region
       * looked up first when it names none */
      if (response == NULL && gaws_s3_customizations_wanted (client) &&
          gaws_s3_customizations_redirect_sync (client, op, request, &options, cancellable, &local_error))
        {
          g_clear_error (&local_error);
          continue;
        }
      if (response == NULL)
        {
          read_modelled_error (op, local_error);
          g_propagate_error (error, local_error);
          return NULL;
        }
      local_error = check_response (op, response);
      if (local_error == NULL)
        break;
      if (!should_retry_200_error (client, request, attempts, local_error, &delay))
        {
          finish_200_error (op, local_error, attempts);
          g_propagate_error (error, local_error);
          return NULL;
        }
      g_clear_error (&local_error);
      if (!sleep_cancellable (delay, cancellable))
        {
          g_cancellable_set_error_if_cancelled (cancellable, error);
          return NULL;
        }
    }
  /* event streams: hand the body to a GawsEventStream */
  if (gaws_event_stream_has_output (op))
    return gaws_event_stream_read_output (G_OBJECT (client), op, response, cancellable, error);
  /* s3more: S3's customizations (gaws-s3-customizations.c) */
  if (gaws_s3_customizations_wanted (client))
    {
      GawsShape *output;

      gaws_s3_customizations_fix_response (op, response);
      output = read_response (op, response, error);
      if (output != NULL)
        gaws_s3_customizations_fix_output (op, request, response, output);
      return output;
    }
  return read_response (op, response, error);
}

/**
 * gaws_operation_invoke_finish_no_output:
 * @client: the #GawsClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * gaws_operation_invoke_finish() for an operation that has no output.
 *
 * Returns: %TRUE on success
 */
gboolean
gaws_operation_invoke_finish_no_output (GawsClient    *client,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  GError *local_error = NULL;
  g_autoptr(GawsShape) output = gaws_operation_invoke_finish (client, result, &local_error);

  if (local_error == NULL)
    return TRUE;
  g_propagate_error (error, local_error);
  return FALSE;
}

/**
 * gaws_operation_invoke_sync_no_output:
 * @client: the service's #GawsClient
 * @op: the #GawsOperationInfo to call, which has no output
 * @input: (nullable): its input, or %NULL when it has none
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_operation_invoke_sync() for an operation that has no output.
 *
 * Returns: %TRUE on success
 */
gboolean
gaws_operation_invoke_sync_no_output (GawsClient               *client,
                                      const GawsOperationInfo  *op,
                                      GawsShape                *input,
                                      GCancellable             *cancellable,
                                      GError                  **error)
{
  GError *local_error = NULL;
  g_autoptr(GawsShape) output = gaws_operation_invoke_sync (client, op, input, cancellable, &local_error);

  if (local_error == NULL)
    return TRUE;
  g_propagate_error (error, local_error);
  return FALSE;
}
