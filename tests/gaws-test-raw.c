/* gaws-test-raw.c: raw service calls through GawsClient, for transport tests
 * that run before (and beside) the generated clients
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-raw.h"

#include <jansson.h>
#include <string.h>

const GawsClientServiceInfo gaws_test_iam_service = {
  .service_id = "IAM", .endpoint_prefix = "iam", .signing_name = "iam",
  .env_name = "IAM", .global_region = "us-east-1",
};

const GawsClientServiceInfo gaws_test_dynamodb_service = {
  .service_id = "DynamoDB", .endpoint_prefix = "dynamodb", .signing_name = "dynamodb",
  .env_name = "DYNAMODB",
};

const GawsClientServiceInfo gaws_test_s3_service = {
  .service_id = "S3", .endpoint_prefix = "s3", .signing_name = "s3", .env_name = "S3",
  .signing_flags = GAWS_SIGV4_CONTENT_SHA256_HEADER | GAWS_SIGV4_NO_PATH_NORMALIZE,
};

/**
 * gaws_test_query_request:
 * @action: the query-protocol action, such as `CreateUser`
 * @version: the API version, such as `2010-05-08`
 * @params: (nullable): more form parameters, already encoded
 *
 * Returns: (transfer full): a form-encoded query-protocol POST
 */
GawsHttpRequest *
gaws_test_query_request (const char *action, const char *version, const char *params)
{
  GawsHttpRequest *request = gaws_http_request_new ("POST");
  g_autofree char *body = g_strdup_printf ("Action=%s&Version=%s%s%s", action, version,
                                           params ? "&" : "", params ? params : "");
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  gaws_http_headers_append (gaws_http_request_get_headers (request), "Content-Type",
                            "application/x-www-form-urlencoded; charset=utf-8");
  gaws_http_request_set_body (request, bytes);
  return request;
}

/**
 * gaws_test_xml_text:
 * @body: an XML response body
 * @element: an element name
 *
 * Returns: (transfer full) (nullable): the text of the first @element, or
 *   %NULL; enough for the flat answers of the query protocol
 */
char *
gaws_test_xml_text (GBytes *body, const char *element)
{
  g_autofree char *open = g_strdup_printf ("<%s>", element);
  g_autofree char *close = g_strdup_printf ("</%s>", element);
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  const char *start = strstr (text, open);
  const char *end = start ? strstr (start, close) : NULL;

  if (start == NULL || end == NULL)
    return NULL;
  start += strlen (open);
  return g_strndup (start, end - start);
}

/**
 * gaws_test_dynamodb_call:
 * @client: a client for #gaws_test_dynamodb_service
 * @operation: such as `PutItem`
 * @json_body: the request document
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the response
 */
GawsHttpResponse *
gaws_test_dynamodb_call (GawsClient *client, const char *operation, const char *json_body, GError **error)
{
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("POST");
  g_autofree char *target = g_strdup_printf ("DynamoDB_20120810.%s", operation);
  g_autoptr(GBytes) body = g_bytes_new (json_body, strlen (json_body));
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);
  GawsRequestOptions options = { .operation_name = operation };

  gaws_http_headers_append (headers, "X-Amz-Target", target);
  gaws_http_headers_append (headers, "Content-Type", "application/x-amz-json-1.0");
  gaws_http_request_set_body (request, body);
  return gaws_client_send_sync (client, request, &options, NULL, error);
}

/**
 * gaws_test_s3_call:
 * @client: a client for #gaws_test_s3_service
 * @method: HTTP method
 * @path: path-style `/bucket/key`, encoded
 * @body: (nullable): body stream
 * @body_length: its length
 * @mode: buffered or streamed response
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the response
 */
GawsHttpResponse *
gaws_test_s3_call (GawsClient *client, const char *method, const char *path, GInputStream *body,
                   gint64 body_length, GawsHttpBodyMode mode, GError **error)
{
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new (method);
  GawsRequestOptions options = { .operation_name = method, .body_mode = mode };

  gaws_http_request_set_path (request, path);
  if (body)
    {
      gaws_http_request_set_body_stream (request, body, body_length);
      gaws_http_request_set_payload_hash (request, "UNSIGNED-PAYLOAD");
    }
  return gaws_client_send_sync (client, request, &options, NULL, error);
}

static json_t *
response_json (GawsHttpResponse *response)
{
  GBytes *body = gaws_http_response_get_body (response);
  json_t *json = json_loadb (g_bytes_get_data (body, NULL), g_bytes_get_size (body), 0, NULL);
  g_assert_nonnull (json);
  return json;
}

/**
 * gaws_test_check_dynamodb_round_trip:
 * @client: a client for #gaws_test_dynamodb_service
 *
 * Creates a table, puts and gets an item, and checks that a missing table is
 * a matchable `ResourceNotFoundException`.
 */
void
gaws_test_check_dynamodb_round_trip (GawsClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) created = NULL;
  g_autoptr(GawsHttpResponse) put = NULL;
  g_autoptr(GawsHttpResponse) got = NULL;
  g_autoptr(GawsHttpResponse) missing = NULL;
  json_t *item;

  created = gaws_test_dynamodb_call (client, "CreateTable",
    "{\"TableName\":\"gaws_raw\",\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
    "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
    "\"BillingMode\":\"PAY_PER_REQUEST\"}", &error);
  g_assert_no_error (error);
  put = gaws_test_dynamodb_call (client, "PutItem",
    "{\"TableName\":\"gaws_raw\",\"Item\":{\"pk\":{\"S\":\"k1\"},\"n\":{\"N\":\"12345678901234567890.5\"},"
    "\"s\":{\"S\":\"h\\u00e9llo \\u2603\"}}}", &error);
  if (error && gaws_error_matches_code (error, "ResourceNotFoundException"))
    {
      /* dynalite creates tables asynchronously: wait until it is active */
      for (int i = 0; i < 100 && error; i++)
        {
          g_clear_error (&error);
          g_usleep (50000);
          g_clear_object (&put);
          put = gaws_test_dynamodb_call (client, "PutItem",
            "{\"TableName\":\"gaws_raw\",\"Item\":{\"pk\":{\"S\":\"k1\"},\"n\":{\"N\":\"12345678901234567890.5\"},"
            "\"s\":{\"S\":\"h\\u00e9llo \\u2603\"}}}", &error);
        }
    }
  g_assert_no_error (error);
  got = gaws_test_dynamodb_call (client, "GetItem",
    "{\"TableName\":\"gaws_raw\",\"Key\":{\"pk\":{\"S\":\"k1\"}},\"ConsistentRead\":true}", &error);
  g_assert_no_error (error);
  {
    json_t *json = response_json (got);
    item = json_object_get (json, "Item");
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (item, "n"), "N")), ==,
                     "12345678901234567890.5");
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (item, "s"), "S")), ==,
                     "h\xc3\xa9llo \xe2\x98\x83");
    json_decref (json);
  }
  missing = gaws_test_dynamodb_call (client, "DescribeTable", "{\"TableName\":\"no_such_table\"}", &error);
  g_assert_null (missing);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_true (gaws_error_matches_code (error, "ResourceNotFoundException"));
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 400);
}

static GInputStream *
pattern_stream (gsize size)
{
  guint8 *data = g_malloc (size);
  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 7 + 3);
  return g_memory_input_stream_new_from_data (data, size, g_free);
}

/**
 * gaws_test_check_s3_round_trip:
 * @client: a client for #gaws_test_s3_service
 *
 * Creates a bucket, uploads a 3 MiB object from a stream, reads it back as
 * a stream, and checks that a missing key is a matchable `NoSuchKey` and a
 * HEAD of it a `404`.
 */
void
gaws_test_check_s3_round_trip (GawsClient *client)
{
  const gsize size = 3 * 1024 * 1024;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) bucket = NULL;
  g_autoptr(GawsHttpResponse) put = NULL;
  g_autoptr(GawsHttpResponse) got = NULL;
  g_autoptr(GawsHttpResponse) missing = NULL;
  g_autoptr(GawsHttpResponse) head = NULL;
  g_autoptr(GInputStream) upload = pattern_stream (size);
  guint8 *buffer = g_malloc (64 * 1024);
  gsize total = 0;
  gssize n;

  /* The key has a space to check S3's single path encoding. Not `+` or
   * `()`: moto re-encodes the path it received with werkzeug's rules, which
   * leave those bare, so it would refuse botocore's signatures for them too. */
  bucket = gaws_test_s3_call (client, "PUT", "/gaws-raw-bucket", NULL, -1, GAWS_HTTP_BODY_BUFFERED, &error);
  g_assert_no_error (error);
  put = gaws_test_s3_call (client, "PUT", "/gaws-raw-bucket/dir/a%20key.bin", upload, size,
                           GAWS_HTTP_BODY_BUFFERED, &error);
  g_assert_no_error (error);
  got = gaws_test_s3_call (client, "GET", "/gaws-raw-bucket/dir/a%20key.bin", NULL, -1,
                           GAWS_HTTP_BODY_STREAMED, &error);
  g_assert_no_error (error);
  while ((n = g_input_stream_read (gaws_http_response_get_body_stream (got), buffer, 64 * 1024,
                                   NULL, &error)) > 0)
    {
      for (gssize i = 0; i < n; i++)
        g_assert_cmpuint (buffer[i], ==, (guint8) ((total + i) * 7 + 3));
      total += n;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, size);
  g_free (buffer);

  missing = gaws_test_s3_call (client, "GET", "/gaws-raw-bucket/nope", NULL, -1,
                               GAWS_HTTP_BODY_STREAMED, &error);
  g_assert_null (missing);
  g_assert_true (gaws_error_matches_code (error, "NoSuchKey"));
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 404);
  g_clear_error (&error);
  head = gaws_test_s3_call (client, "HEAD", "/gaws-raw-bucket/nope", NULL, -1,
                            GAWS_HTTP_BODY_BUFFERED, &error);
  g_assert_null (head);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_HTTP);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "404");
}
