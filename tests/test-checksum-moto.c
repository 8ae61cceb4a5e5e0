/* test-checksum-moto.c: trailing checksums on upload and validation on download, against moto_server
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * moto decodes an aws-chunked body sent as STREAMING-UNSIGNED-PAYLOAD-TRAILER
 * and keeps the trailer's checksum (it does not recompute it) when the
 * request names its algorithm in x-amz-sdk-checksum-algorithm, as botocore's
 * PutObject does; a GET with x-amz-checksum-mode: ENABLED returns it. So the
 * round trip checks that the framing is what S3 decodes, and the download
 * validation checks the trailer against the bytes that came back. moto runs
 * without signature checks here; test-client-moto covers signing.
 */
#include "gaws-test-util.h"
#include "gaws-test-moto.h"
#include "gaws-test-raw.h"

#include <string.h>

#define BUCKET "gaws-checksums"

static GawsTestMoto *moto;

static GawsClient *
s3_client (void)
{
  g_autoptr(GawsSession) session = gaws_test_moto_new_session (moto, "AKIDCHECKSUMS", "secret");
  g_autoptr(GawsClientConfig) config = gaws_test_moto_new_config (moto);

  return gaws_client_new (session, config, &gaws_test_s3_service);
}

static GBytes *
pattern (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 13 + 5);
  return g_bytes_new_take (data, size);
}

static GawsHttpResponse *
put_chunked (GawsClient *client, const char *key, GawsChecksumAlgorithm algorithm, GBytes *data, GError **error)
{
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("PUT");
  g_autoptr(GInputStream) base = g_memory_input_stream_new_from_bytes (data);
  g_autoptr(GInputStream) body =
    gaws_aws_chunked_input_stream_new (base, (gint64) g_bytes_get_size (data), algorithm);
  g_autofree char *path = g_strconcat ("/" BUCKET "/", key, NULL);
  GawsRequestOptions options = { .operation_name = "PutObject" };

  gaws_http_request_set_path (request, path);
  gaws_http_headers_append (gaws_http_request_get_headers (request), "x-amz-sdk-checksum-algorithm",
                            gaws_checksum_algorithm_get_name (algorithm));
  gaws_aws_chunked_input_stream_attach (GAWS_AWS_CHUNKED_INPUT_STREAM (body), request);
  return gaws_client_send_sync (client, request, &options, NULL, error);
}

static GawsHttpResponse *
get_with_checksum (GawsClient *client, const char *key, GError **error)
{
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("GET");
  g_autofree char *path = g_strconcat ("/" BUCKET "/", key, NULL);
  GawsRequestOptions options = { .operation_name = "GetObject", .body_mode = GAWS_HTTP_BODY_STREAMED };

  gaws_http_request_set_path (request, path);
  gaws_http_headers_append (gaws_http_request_get_headers (request), "x-amz-checksum-mode", "ENABLED");
  return gaws_client_send_sync (client, request, &options, NULL, error);
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  gsize     got;
  GError   *error;
} ReadAll;

static void
on_read_all (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ReadAll *r = user_data;

  r->ok = g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &r->got, &r->error);
  r->done = TRUE;
}

/* Reads the whole body through a validating stream, asynchronously as an
 * application on a main loop would; fails if the checksum does not match. */
static GBytes *
read_validated (GawsHttpResponse *response, GawsChecksumAlgorithm *out_algorithm, GError **error)
{
  GawsHttpHeaders *headers = gaws_http_response_get_headers (response);
  GawsChecksumAlgorithm algorithm;
  const char *expected = NULL;
  g_autoptr(GInputStream) stream = NULL;
  gsize size = 1024 * 1024;
  guint8 *buffer = g_malloc (size);
  ReadAll r = { 0 };

  g_assert_true (gaws_checksum_find_in_headers (headers, &algorithm, &expected));
  stream = gaws_checksum_input_stream_new_validating (gaws_http_response_get_body_stream (response),
                                                      algorithm, expected);
  g_input_stream_read_all_async (stream, buffer, size, G_PRIORITY_DEFAULT, NULL, on_read_all, &r);
  gaws_test_wait_for_task (&r.done);
  *out_algorithm = algorithm;
  if (!r.ok)
    {
      g_propagate_error (error, r.error);
      g_free (buffer);
      return NULL;
    }
  g_assert_true (gaws_checksum_input_stream_is_complete (GAWS_CHECKSUM_INPUT_STREAM (stream)));
  return g_bytes_new_take (buffer, r.got);
}

static void
test_trailing_checksum_round_trip (void)
{
  static const GawsChecksumAlgorithm algorithms[] = {
    GAWS_CHECKSUM_ALGORITHM_CRC32, GAWS_CHECKSUM_ALGORITHM_CRC32C, GAWS_CHECKSUM_ALGORITHM_CRC64NVME,
    GAWS_CHECKSUM_ALGORITHM_SHA1, GAWS_CHECKSUM_ALGORITHM_SHA256,
  };
  g_autoptr(GawsClient) client = s3_client ();
  /* several 64 KiB chunks and a short last one */
  g_autoptr(GBytes) data = pattern (300 * 1024 + 17);

  for (guint i = 0; i < G_N_ELEMENTS (algorithms); i++)
    {
      const char *name = gaws_checksum_algorithm_get_name (algorithms[i]);
      g_autofree char *key = g_strdup_printf ("trailer/%s.bin", name);
      g_autofree char *expected = gaws_checksum_compute_base64 (algorithms[i], g_bytes_get_data (data, NULL),
                                                                g_bytes_get_size (data));
      g_autoptr(GError) error = NULL;
      g_autoptr(GawsHttpResponse) put = put_chunked (client, key, algorithms[i], data, &error);
      g_autoptr(GawsHttpResponse) got = NULL;
      g_autoptr(GBytes) body = NULL;
      GawsChecksumAlgorithm algorithm;

      g_test_message ("%s", name);
      g_assert_no_error (error);
      g_assert_cmpuint (gaws_http_response_get_status (put), ==, 200);
      /* what moto took from the trailer */
      g_assert_cmpstr (gaws_http_headers_get_one (gaws_http_response_get_headers (put),
                                                  gaws_checksum_algorithm_get_header_name (algorithms[i])),
                       ==, expected);

      got = get_with_checksum (client, key, &error);
      g_assert_no_error (error);
      body = read_validated (got, &algorithm, &error);
      g_assert_no_error (error);
      g_assert_cmpint (algorithm, ==, algorithms[i]);
      g_assert_true (g_bytes_equal (body, data));
    }
}

static void
test_mismatched_download_detected (void)
{
  /* An upload whose trailer lies, framed by hand: the object then comes
   * back with a checksum that is not that of its bytes. */
  static const char framed[] = "b\r\nHello world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";
  g_autoptr(GawsClient) client = s3_client ();
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("PUT");
  g_autoptr(GInputStream) body = g_memory_input_stream_new_from_data (framed, strlen (framed), NULL);
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);
  GawsRequestOptions options = { .operation_name = "PutObject" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) put = NULL;
  g_autoptr(GawsHttpResponse) got = NULL;
  g_autoptr(GBytes) read = NULL;
  GawsChecksumAlgorithm algorithm;

  gaws_http_request_set_path (request, "/" BUCKET "/lying-trailer.txt");
  gaws_http_headers_append (headers, "Content-Encoding", "aws-chunked");
  gaws_http_headers_append (headers, "x-amz-trailer", "x-amz-checksum-crc32");
  gaws_http_headers_append (headers, "x-amz-decoded-content-length", "11");
  gaws_http_headers_append (headers, "x-amz-sdk-checksum-algorithm", "CRC32");
  gaws_http_request_set_body_stream (request, body, (gint64) strlen (framed));
  gaws_http_request_set_payload_hash (request, GAWS_AWS_CHUNKED_PAYLOAD_UNSIGNED_TRAILER);
  put = gaws_client_send_sync (client, request, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_http_response_get_status (put), ==, 200);

  got = get_with_checksum (client, "lying-trailer.txt", &error);
  g_assert_no_error (error);
  read = read_validated (got, &algorithm, &error);
  g_assert_null (read);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "CRC32"));
  g_assert_nonnull (strstr (error->message, "AAAAAA=="));
  g_assert_nonnull (strstr (error->message, "i9aeUg=="));   /* CRC32 of "Hello world" */
}

static void
create_bucket (void)
{
  g_autoptr(GawsClient) client = s3_client ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response =
    gaws_test_s3_call (client, "PUT", "/" BUCKET, NULL, -1, GAWS_HTTP_BODY_BUFFERED, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  moto = gaws_test_moto_start (G_MAXUINT);
  create_bucket ();

  g_test_add_func ("/checksum/moto/trailing-checksum-round-trip", test_trailing_checksum_round_trip);
  g_test_add_func ("/checksum/moto/mismatched-download-detected", test_mismatched_download_detected);
  status = g_test_run ();

  gaws_test_moto_stop (moto);
  return status;
}
