/* test-operation-features.c: what the operation layer adds to a request:
 * gzip for requestcompression, httpChecksum's checksums and validation mode
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-server.h"

#include <string.h>
#include <glib/gstdio.h>
#include "gaws-shape-loader.h"

/* Put (requestcompression, rest-json body), Delete (checksum required,
 * optional algorithm member), Upload (checksum supported, streamed body),
 * Fetch (validation mode member); Plain has none of those, and so needs
 * no settings. */
static const char model_text[] =
  "{\"metadata\": {\"protocol\": \"rest-json\", \"protocols\": [\"rest-json\"], \"apiVersion\": \"2020-01-01\","
  "  \"serviceId\": \"Test\", \"endpointPrefix\": \"test\", \"signatureVersion\": \"v4\"},"
  " \"operations\": {"
  "  \"Put\": {\"name\": \"Put\", \"http\": {\"method\": \"POST\", \"requestUri\": \"/put\"},"
  "   \"input\": {\"shape\": \"PutInput\"}, \"requestcompression\": {\"encodings\": [\"gzip\"]}},"
  "  \"Delete\": {\"name\": \"Delete\", \"http\": {\"method\": \"POST\", \"requestUri\": \"/delete\"},"
  "   \"input\": {\"shape\": \"DeleteInput\"},"
  "   \"httpChecksum\": {\"requestChecksumRequired\": true, \"requestAlgorithmMember\": \"ChecksumAlgorithm\"}},"
  "  \"Upload\": {\"name\": \"Upload\", \"http\": {\"method\": \"PUT\", \"requestUri\": \"/upload\"},"
  "   \"input\": {\"shape\": \"UploadInput\"},"
  "   \"httpChecksum\": {\"requestAlgorithmMember\": \"ChecksumAlgorithm\"}},"
  "  \"Plain\": {\"name\": \"Plain\", \"http\": {\"method\": \"POST\", \"requestUri\": \"/plain\"},"
  "   \"input\": {\"shape\": \"PutInput\"}},"
  "  \"Fetch\": {\"name\": \"Fetch\", \"http\": {\"method\": \"GET\", \"requestUri\": \"/fetch\"},"
  "   \"input\": {\"shape\": \"FetchInput\"},"
  "   \"httpChecksum\": {\"requestValidationModeMember\": \"ChecksumMode\","
  "                     \"responseAlgorithms\": [\"CRC32\", \"SHA256\"]}}},"
  " \"shapes\": {"
  "  \"PutInput\": {\"type\": \"structure\", \"members\": {\"Data\": {\"shape\": \"S\"},"
  "   \"Encoding\": {\"shape\": \"S\", \"location\": \"header\", \"locationName\": \"Content-Encoding\"}}},"
  "  \"DeleteInput\": {\"type\": \"structure\", \"members\": {\"Data\": {\"shape\": \"S\"},"
  "   \"ChecksumAlgorithm\": {\"shape\": \"S\", \"location\": \"header\","
  "    \"locationName\": \"x-amz-sdk-checksum-algorithm\"},"
  "   \"ChecksumSHA256\": {\"shape\": \"S\", \"location\": \"header\", \"locationName\": \"x-amz-checksum-sha256\"}}},"
  "  \"UploadInput\": {\"type\": \"structure\", \"payload\": \"Body\", \"members\": {"
  "   \"Body\": {\"shape\": \"Stream\"},"
  "   \"ContentLength\": {\"shape\": \"Long\", \"location\": \"header\", \"locationName\": \"Content-Length\"},"
  "   \"ChecksumAlgorithm\": {\"shape\": \"S\", \"location\": \"header\","
  "    \"locationName\": \"x-amz-sdk-checksum-algorithm\"}}},"
  "  \"FetchInput\": {\"type\": \"structure\", \"members\": {"
  "   \"ChecksumMode\": {\"shape\": \"S\", \"location\": \"header\", \"locationName\": \"x-amz-checksum-mode\"}}},"
  "  \"Stream\": {\"type\": \"blob\", \"streaming\": true},"
  "  \"Long\": {\"type\": \"long\"},"
  "  \"S\": {\"type\": \"string\"}}}";

typedef struct {
  GMutex           lock;
  GawsHttpHeaders *headers;
  GBytes          *body;
} Seen;

static void
record (const GawsTestServerRequest *request,
        GawsTestServerReply         *reply,
        gpointer                     user_data)
{
  Seen *seen = user_data;

  g_mutex_lock (&seen->lock);
  g_clear_pointer (&seen->headers, gaws_http_headers_unref);
  g_clear_pointer (&seen->body, g_bytes_unref);
  seen->headers = gaws_http_headers_ref (request->headers);
  seen->body = g_bytes_ref (request->body);
  g_mutex_unlock (&seen->lock);
  reply->status = 200;
}

typedef struct {
  GawsServiceInfo       *model;
  GawsClientServiceInfo  service;
  GawsTestServer        *server;
  Seen                   seen;
  GawsClientConfig      *config;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  json_t *json = json_loads (model_text, 0, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (json);
  fixture->model = gaws_service_info_load (json, "test", &error);
  g_assert_no_error (error);
  json_decref (json);
  fixture->service = (GawsClientServiceInfo) { .service_id = "Test", .endpoint_prefix = "test",
                                               .signing_name = "test", .model = fixture->model };
  g_mutex_init (&fixture->seen.lock);
  fixture->server = gaws_test_server_new (record, &fixture->seen);
  fixture->config = gaws_client_config_new ();
  gaws_client_config_set_endpoint_url (fixture->config, gaws_test_server_get_url (fixture->server));
  gaws_client_config_set_max_attempts (fixture->config, 1);
  g_unsetenv ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES");
  g_unsetenv ("AWS_DISABLE_REQUEST_COMPRESSION");
  g_unsetenv ("AWS_REQUEST_CHECKSUM_CALCULATION");
  g_unsetenv ("AWS_RESPONSE_CHECKSUM_VALIDATION");
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gaws_test_server_free (fixture->server);
  g_clear_pointer (&fixture->seen.headers, gaws_http_headers_unref);
  g_clear_pointer (&fixture->seen.body, g_bytes_unref);
  g_mutex_clear (&fixture->seen.lock);
  g_object_unref (fixture->config);
  gaws_service_info_free (fixture->model);
}

/* Calls @operation with the input @json; the request as the server saw it
 * is in fixture->seen. */
static gboolean
call (Fixture     *fixture,
      const char  *operation,
      GawsShape   *input,
      GError     **error)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  g_autoptr(GawsClient) client = NULL;
  g_autoptr(GawsShape) output = NULL;
  GError *local_error = NULL;

  gaws_session_set_region (session, "us-east-1");
  client = gaws_client_new (session, fixture->config, &fixture->service);
  output = gaws_operation_invoke_sync (client, gaws_service_info_find_operation (fixture->model, operation),
                                       input, NULL, &local_error);
  if (local_error == NULL)
    return TRUE;
  g_propagate_error (error, local_error);
  return FALSE;
}

static GawsShape *
new_input (Fixture    *fixture,
           const char *shape,
           const char *json_text)
{
  GawsShape *input = gaws_shape_new (gaws_service_info_find_shape (fixture->model, shape));
  g_autoptr(GError) error = NULL;

  gaws_shape_update_from_json_string (input, json_text, &error);
  g_assert_no_error (error);
  return input;
}

/* Sets @input's streaming `Body` member to @body. */
static void
set_body (GawsShape    *input,
          GInputStream *body)
{
  GValue value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_INPUT_STREAM);
  g_value_set_object (&value, body);
  g_assert_true (gaws_shape_set_value_by_name (input, "Body", &value));
  g_value_unset (&value);
}

static GBytes *
gunzip (GBytes *data)
{
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) base = g_memory_input_stream_new_from_bytes (data);
  g_autoptr(GInputStream) stream = g_converter_input_stream_new (base, G_CONVERTER (decompressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static char *
put_json (gsize size)
{
  g_autofree char *filler = g_strnfill (size, 'x');

  return g_strdup_printf ("{\"Data\": \"%s\"}", filler);
}

static void
test_compresses_large_body (Fixture *fixture, gconstpointer data)
{
  g_autofree char *json = put_json (20000);
  g_autoptr(GawsShape) input = new_input (fixture, "PutInput", json);
  g_autoptr(GBytes) inflated = NULL;
  g_autoptr(GError) error = NULL;
  const char *sent;

  g_assert_true (call (fixture, "Put", input, &error));
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "Content-Encoding"), ==, "gzip");
  g_assert_cmpuint (g_bytes_get_size (fixture->seen.body), <, 1000);
  inflated = gunzip (fixture->seen.body);
  sent = g_bytes_get_data (inflated, NULL);
  g_assert_cmpuint (g_bytes_get_size (inflated), ==, strlen ("{\"Data\":\"\"}") + 20000);
  g_assert_true (g_str_has_prefix (sent, "{\"Data\":\"xxx"));
  /* Signed after compressing: the Content-Length is the compressed one. */
  g_assert_cmpuint (g_ascii_strtoull (gaws_http_headers_get_one (fixture->seen.headers, "Content-Length"), NULL, 10),
                    ==, g_bytes_get_size (fixture->seen.body));
}

static void
invoke_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;
  g_autoptr(GawsShape) output = gaws_operation_invoke_finish (GAWS_CLIENT (source), result, error);

  if (*error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

/* The asynchronous call loads the session before it reads the settings. */
static void
test_compresses_async (Fixture *fixture, gconstpointer data)
{
  g_autofree char *json = put_json (20000);
  g_autoptr(GawsShape) input = new_input (fixture, "PutInput", json);
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  g_autoptr(GawsClient) client = NULL;
  g_autoptr(GBytes) inflated = NULL;
  GError *error = NULL;

  gaws_session_set_region (session, "us-east-1");
  client = gaws_client_new (session, fixture->config, &fixture->service);
  gaws_operation_invoke_async (client, gaws_service_info_find_operation (fixture->model, "Put"), input, NULL,
                               invoke_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "Content-Encoding"), ==, "gzip");
  inflated = gunzip (fixture->seen.body);
  g_assert_cmpuint (g_bytes_get_size (inflated), ==, strlen ("{\"Data\":\"\"}") + 20000);
}

static void
test_small_body_is_not_compressed (Fixture *fixture, gconstpointer data)
{
  g_autofree char *json = put_json (100);
  g_autoptr(GawsShape) input = new_input (fixture, "PutInput", json);
  g_autoptr(GError) error = NULL;

  g_assert_true (call (fixture, "Put", input, &error));
  g_assert_null (gaws_http_headers_get_one (fixture->seen.headers, "Content-Encoding"));
  g_assert_cmpmem (g_bytes_get_data (fixture->seen.body, NULL), 9, "{\"Data\":\"", 9);
}

static void
test_compression_settings (Fixture *fixture, gconstpointer data)
{
  g_autofree char *json = put_json (200);
  g_autoptr(GawsShape) input = new_input (fixture, "PutInput", json);
  g_autoptr(GError) error = NULL;

  /* From the environment. */
  g_setenv ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "100", TRUE);
  g_assert_true (call (fixture, "Put", input, &error));
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "Content-Encoding"), ==, "gzip");
  g_setenv ("AWS_DISABLE_REQUEST_COMPRESSION", "true", TRUE);
  g_assert_true (call (fixture, "Put", input, &error));
  g_assert_null (gaws_http_headers_get_one (fixture->seen.headers, "Content-Encoding"));

  /* The client's config wins over the environment. */
  gaws_client_config_set_disable_request_compression (fixture->config, FALSE);
  gaws_client_config_set_request_min_compression_size_bytes (fixture->config, 0);
  g_assert_true (call (fixture, "Put", input, &error));
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "Content-Encoding"), ==, "gzip");
  gaws_client_config_set_request_min_compression_size_bytes (fixture->config, 10000);
  g_assert_true (call (fixture, "Put", input, &error));
  g_assert_null (gaws_http_headers_get_one (fixture->seen.headers, "Content-Encoding"));

  /* Out of range: a configuration error before any I/O. */
  gaws_client_config_unset (fixture->config, "request-min-compression-size-bytes");
  g_setenv ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "10485761", TRUE);
  g_assert_false (call (fixture, "Put", input, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "request_min_compression_size_bytes"));
}

/* The config file's keys, below the environment. */
static void
test_compression_settings_from_profile (Fixture *fixture, gconstpointer data)
{
  g_autofree char *json = put_json (200);
  g_autoptr(GawsShape) input = new_input (fixture, "PutInput", json);
  g_autofree char *dir = gaws_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "config", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "[default]\nrequest_min_compression_size_bytes = 100\n", -1, NULL));
  g_setenv ("AWS_CONFIG_FILE", path, TRUE);
  g_assert_true (call (fixture, "Put", input, &error));
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "Content-Encoding"), ==, "gzip");

  g_assert_true (g_file_set_contents (path, "[default]\nrequest_min_compression_size_bytes = 100\n"
                                      "disable_request_compression = true\n", -1, NULL));
  g_assert_true (call (fixture, "Put", input, &error));
  g_assert_null (gaws_http_headers_get_one (fixture->seen.headers, "Content-Encoding"));

  g_setenv ("AWS_DISABLE_REQUEST_COMPRESSION", "false", TRUE);
  g_assert_true (call (fixture, "Put", input, &error));
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "Content-Encoding"), ==, "gzip");
  g_unsetenv ("AWS_CONFIG_FILE");
  g_unlink (path);
  g_rmdir (dir);
}

/* A modelled Content-Encoding comes first, gzip after it. */
static void
test_compression_appends_encoding (Fixture *fixture, gconstpointer data)
{
  g_autofree char *json = put_json (20000);
  g_autoptr(GawsShape) input = new_input (fixture, "PutInput", json);
  g_autoptr(GError) error = NULL;

  gaws_shape_set_string (input, gaws_shape_info_find_member (gaws_shape_get_info (input), "Encoding"), "custom");
  g_assert_true (call (fixture, "Put", input, &error));
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "Content-Encoding"), ==, "custom,gzip");
}

static char *
crc32_of (GBytes *body)
{
  return gaws_checksum_compute_base64 (GAWS_CHECKSUM_ALGORITHM_CRC32, g_bytes_get_data (body, NULL),
                                       g_bytes_get_size (body));
}

/* A required checksum: CRC32 when none is chosen, named in the algorithm
 * member's header, whatever request_checksum_calculation says. */
static void
test_required_checksum_defaults_to_crc32 (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsShape) input = new_input (fixture, "DeleteInput", "{\"Data\": \"delete these\"}");
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  gaws_client_config_set_request_checksum_calculation (fixture->config, GAWS_CHECKSUM_POLICY_WHEN_REQUIRED);
  g_assert_true (call (fixture, "Delete", input, &error));
  expected = crc32_of (fixture->seen.body);
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "x-amz-checksum-crc32"), ==, expected);
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "x-amz-sdk-checksum-algorithm"), ==, "CRC32");
}

static void
test_chosen_algorithm (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsShape) input = new_input (fixture, "DeleteInput",
                                          "{\"Data\": \"delete these\", \"ChecksumAlgorithm\": \"sha256\"}");
  g_autoptr(GawsShape) bad = new_input (fixture, "DeleteInput", "{\"ChecksumAlgorithm\": \"ADLER32\"}");
  g_autoptr(GawsShape) own = new_input (fixture, "DeleteInput", "{\"ChecksumSHA256\": \"given\"}");
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  g_assert_true (call (fixture, "Delete", input, &error));
  expected = gaws_checksum_compute_base64 (GAWS_CHECKSUM_ALGORITHM_SHA256, g_bytes_get_data (fixture->seen.body, NULL),
                                           g_bytes_get_size (fixture->seen.body));
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "x-amz-checksum-sha256"), ==, expected);
  g_assert_null (gaws_http_headers_get_one (fixture->seen.headers, "x-amz-checksum-crc32"));

  g_assert_false (call (fixture, "Delete", bad, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* The user's own checksum is sent as it is. */
  g_assert_true (call (fixture, "Delete", own, &error));
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "x-amz-checksum-sha256"), ==, "given");
  g_assert_null (gaws_http_headers_get_one (fixture->seen.headers, "x-amz-checksum-crc32"));
}

/* A supported checksum: sent when_supported (the default), in the trailer
 * of an aws-chunked body for a stream; not when_required. */
static void
test_supported_checksum_streamed (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsShape) input = new_input (fixture, "UploadInput", "{\"ContentLength\": 11}");
  g_autoptr(GInputStream) body = g_memory_input_stream_new_from_data ("hello world", 11, NULL);
  g_autoptr(GInputStream) again = g_memory_input_stream_new_from_data ("hello world", 11, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = gaws_checksum_compute_base64 (GAWS_CHECKSUM_ALGORITHM_CRC32,
                                                            (const guint8 *) "hello world", 11);
  g_autofree char *trailer = g_strdup_printf ("x-amz-checksum-crc32:%s", expected);

  set_body (input, body);
  g_assert_true (call (fixture, "Upload", input, &error));
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "Content-Encoding"), ==, "aws-chunked");
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "x-amz-trailer"), ==, "x-amz-checksum-crc32");
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "x-amz-decoded-content-length"), ==, "11");
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "x-amz-sdk-checksum-algorithm"), ==, "CRC32");
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (fixture->seen.body, NULL), g_bytes_get_size (fixture->seen.body),
                                  trailer));

  gaws_client_config_set_request_checksum_calculation (fixture->config, GAWS_CHECKSUM_POLICY_WHEN_REQUIRED);
  set_body (input, again);
  g_assert_true (call (fixture, "Upload", input, &error));
  g_assert_null (gaws_http_headers_get_one (fixture->seen.headers, "x-amz-trailer"));
  g_assert_null (gaws_http_headers_get_one (fixture->seen.headers, "x-amz-sdk-checksum-algorithm"));
  g_assert_cmpmem (g_bytes_get_data (fixture->seen.body, NULL), g_bytes_get_size (fixture->seen.body),
                   "hello world", 11);
}

/* A body the caller framed as aws-chunked (as the S3 transfer manager does,
 * to read back the checksum sent) goes as it is, framed once, with its
 * algorithm named and the encoded length, and the caller can read the
 * checksum the trailer sent. */
static void
test_caller_framed_body (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsShape) input = new_input (fixture, "UploadInput", "{\"ContentLength\": 11}");
  g_autoptr(GInputStream) base = g_memory_input_stream_new_from_data ("hello world", 11, NULL);
  g_autoptr(GInputStream) framed = gaws_aws_chunked_input_stream_new (base, 11, GAWS_CHECKSUM_ALGORITHM_SHA256);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = gaws_checksum_compute_base64 (GAWS_CHECKSUM_ALGORITHM_SHA256,
                                                            (const guint8 *) "hello world", 11);
  g_autofree char *body = g_strdup_printf ("b\r\nhello world\r\n0\r\nx-amz-checksum-sha256:%s\r\n\r\n", expected);
  g_autofree char *sent = NULL;
  g_autofree char *length = NULL;

  set_body (input, framed);
  g_assert_true (call (fixture, "Upload", input, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "Content-Encoding"), ==, "aws-chunked");
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "x-amz-trailer"), ==, "x-amz-checksum-sha256");
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "x-amz-decoded-content-length"), ==, "11");
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "x-amz-sdk-checksum-algorithm"), ==, "SHA256");
  length = g_strdup_printf ("%zu", strlen (body));
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "Content-Length"), ==, length);
  g_assert_cmpmem (g_bytes_get_data (fixture->seen.body, NULL), g_bytes_get_size (fixture->seen.body),
                   body, strlen (body));
  g_assert_true (gaws_aws_chunked_input_stream_is_complete (GAWS_AWS_CHUNKED_INPUT_STREAM (framed)));
  sent = gaws_checksum_dup_base64 (gaws_aws_chunked_input_stream_get_checksum (GAWS_AWS_CHUNKED_INPUT_STREAM (framed)));
  g_assert_cmpstr (sent, ==, expected);
}

static void
test_validation_mode (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (call (fixture, "Fetch", NULL, &error));
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "x-amz-checksum-mode"), ==, "ENABLED");
  g_setenv ("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required", TRUE);
  g_assert_true (call (fixture, "Fetch", NULL, &error));
  g_assert_null (gaws_http_headers_get_one (fixture->seen.headers, "x-amz-checksum-mode"));
}

/* ---- the call's task and references ---- */

typedef struct {
  guint     done;
  guint     weak_notified;
  guint     notified_destroyed;   /* notify handler calls, and then its closure's destruction */
  gpointer  weak_pointer;
  GObject  *kept;        /* the result, when the callback keeps it */
  gboolean  keep;
} TaskWatch;

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer data)
{
  (*(guint *) data)++;
}

/* Puts a weak reference, a weak pointer and a signal handler on the
 * call's task: the runtime drops the task's last reference after this
 * returns, and all three must go with it. */
static void
watch_task_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  TaskWatch *watch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) output = gaws_operation_invoke_finish (GAWS_CLIENT (source), result, &error);

  g_assert_no_error (error);
  if (watch->keep)
    watch->kept = g_object_ref (G_OBJECT (result));
  else
    {
      g_object_weak_ref (G_OBJECT (result), gaws_test_count_weak_notify, &watch->weak_notified);
      watch->weak_pointer = result;
      g_object_add_weak_pointer (G_OBJECT (result), &watch->weak_pointer);
      /* GTask notifies "completed" once the callback has run */
      g_signal_connect_data (result, "notify", G_CALLBACK (count_notify), &watch->notified_destroyed,
                             gaws_test_count_closure_destroy, 0);
    }
  watch->done++;
}

static GawsClient *
new_client (Fixture *fixture)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);

  gaws_session_set_region (session, "us-east-1");
  return gaws_client_new (session, fixture->config, &fixture->service);
}

static void
call_plain_async (Fixture   *fixture,
                  GawsClient *client,
                  GawsShape  *input,
                  TaskWatch  *watch)
{
  gaws_operation_invoke_async (client, gaws_service_info_find_operation (fixture->model, "Plain"), input, NULL,
                               watch_task_cb, watch);
  while (watch->done == 0)
    g_main_context_iteration (NULL, TRUE);
}

/* The task the runtime drops last (gaws_object_unref_base()) still honours
 * what was put on it: weak references, weak pointers, handlers. */
static void
test_task_weak_ref_in_callback (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsClient) client = new_client (fixture);
  g_autoptr(GawsShape) input = new_input (fixture, "PutInput", "{\"Data\": \"x\"}");
  TaskWatch watch = { 0 };

  call_plain_async (fixture, client, input, &watch);
  g_assert_cmpuint (watch.weak_notified, ==, 1);
  g_assert_cmpuint (watch.notified_destroyed, ==, 2);
  g_assert_null (watch.weak_pointer);
}

/* A task with nothing on it is freed once its callback has run, with the
 * references it held (its source object); the call takes none of the
 * input's or the client's for good. */
static void
test_task_freed (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsClient) client = new_client (fixture);
  g_autoptr(GawsShape) input = new_input (fixture, "PutInput", "{\"Data\": \"x\"}");
  guint client_refs = G_OBJECT (client)->ref_count;
  TaskWatch watch = { 0 };

  watch.keep = TRUE;
  call_plain_async (fixture, client, input, &watch);
  /* kept by the callback: alive, still holding the client */
  g_assert_true (G_IS_TASK (watch.kept));
  g_assert_cmpuint (G_OBJECT (client)->ref_count, ==, client_refs + 1);
  g_object_add_weak_pointer (watch.kept, &watch.weak_pointer);
  watch.weak_pointer = watch.kept;
  g_object_unref (watch.kept);
  g_assert_null (watch.weak_pointer);

  watch = (TaskWatch) { 0 };
  call_plain_async (fixture, client, input, &watch);
  g_assert_cmpuint (G_OBJECT (client)->ref_count, ==, client_refs);
  g_assert_cmpuint (G_OBJECT (input)->ref_count, ==, 1);
}

/* A caller may drop its client once the call is made: the call's task
 * holds it, the send borrows it from there (gaws_client_send_owned()), and
 * it goes with the task, after the callback. */
static void
test_client_dropped_during_call (Fixture *fixture, gconstpointer data)
{
  GawsClient *client = new_client (fixture);
  g_autoptr(GawsShape) input = new_input (fixture, "PutInput", "{\"Data\": \"x\"}");
  gpointer client_pointer = client;
  TaskWatch watch = { 0 };

  g_object_add_weak_pointer (G_OBJECT (client), &client_pointer);
  gaws_operation_invoke_async (client, gaws_service_info_find_operation (fixture->model, "Plain"), input, NULL,
                               watch_task_cb, &watch);
  g_object_unref (client);
  g_assert_nonnull (client_pointer);
  while (watch.done == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (watch.weak_notified, ==, 1);
  /* the engine's last work (its transfer's end) may take an iteration */
  while (client_pointer != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (gaws_http_headers_get_one (fixture->seen.headers, "Content-Type"), !=, NULL);
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/operation/compression/large-body-is-gzipped", test_compresses_large_body);
  ADD ("/operation/compression/async", test_compresses_async);
  ADD ("/operation/compression/small-body-is-not", test_small_body_is_not_compressed);
  ADD ("/operation/compression/settings", test_compression_settings);
  ADD ("/operation/compression/settings-from-profile", test_compression_settings_from_profile);
  ADD ("/operation/compression/appends-content-encoding", test_compression_appends_encoding);
  ADD ("/operation/checksum/required-defaults-to-crc32", test_required_checksum_defaults_to_crc32);
  ADD ("/operation/checksum/chosen-algorithm", test_chosen_algorithm);
  ADD ("/operation/checksum/supported-streamed-in-trailer", test_supported_checksum_streamed);
  ADD ("/operation/checksum/caller-framed-body-sent-as-is", test_caller_framed_body);
  ADD ("/operation/checksum/validation-mode", test_validation_mode);
  ADD ("/operation/task/weak-ref-in-callback", test_task_weak_ref_in_callback);
  ADD ("/operation/task/freed", test_task_freed);
  ADD ("/operation/task/client-dropped-during-call", test_client_dropped_during_call);
#undef ADD
  return g_test_run ();
}
