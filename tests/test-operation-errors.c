/* test-operation-errors.c: error responses of every protocol become
 * GErrors carrying their modelled exception; S3's 200 with an error
 * document is an error, retried
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-server.h"

#include <string.h>
#include "gaws-shape-loader.h"

/* One operation, Fail, whose modelled error is Broken (query code
 * `BrokenCode`); Other is an error of the service only. */
static const char model_template[] =
  "{\"metadata\": {\"protocol\": \"%s\", \"protocols\": [\"%s\"], \"apiVersion\": \"2020-01-01\","
  "  \"serviceId\": \"Test\", \"endpointPrefix\": \"test\", \"signatureVersion\": \"v4\","
  "  \"jsonVersion\": \"1.0\", \"targetPrefix\": \"Test\"%s},"
  " \"operations\": {"
  "  \"Fail\": {\"name\": \"Fail\", \"http\": {\"method\": \"POST\", \"requestUri\": \"/fail\"},"
  "   \"input\": {\"shape\": \"FailInput\"}, \"output\": {\"shape\": \"FailOutput\"},"
  "   \"errors\": [{\"shape\": \"Broken\"}]},"
  "  \"Fetch\": {\"name\": \"Fetch\", \"http\": {\"method\": \"GET\", \"requestUri\": \"/fetch\"},"
  "   \"input\": {\"shape\": \"FailInput\"}, \"output\": {\"shape\": \"FetchOutput\"}}},"
  " \"shapes\": {"
  "  \"FailInput\": {\"type\": \"structure\", \"members\": {}},"
  "  \"FailOutput\": {\"type\": \"structure\", \"members\": {\"Value\": {\"shape\": \"S\"}}},"
  "  \"FetchOutput\": {\"type\": \"structure\", \"members\": {\"Body\": {\"shape\": \"B\"}}, \"payload\": \"Body\"},"
  "  \"Broken\": {\"type\": \"structure\", \"exception\": true,"
  "   \"error\": {\"code\": \"BrokenCode\", \"httpStatusCode\": 400, \"senderFault\": true},"
  "   \"members\": {\"message\": {\"shape\": \"S\"}, \"Reasons\": {\"shape\": \"L\"}}},"
  "  \"Other\": {\"type\": \"structure\", \"exception\": true, \"members\": {\"message\": {\"shape\": \"S\"}}},"
  "  \"L\": {\"type\": \"list\", \"member\": {\"shape\": \"S\"}},"
  "  \"B\": {\"type\": \"blob\"},"
  "  \"S\": {\"type\": \"string\"}}}";

typedef struct {
  const char *protocol;
  const char *metadata_extra;
  guint       status;
  const char *header_name;
  const char *header_value;
  const char *content_type;
  const char *body;
  gsize       body_len;          /* 0: strlen (body) */
  const char *code;
  const char *shape_name;        /* NULL: no modelled exception */
  const char *message;
  guint       n_reasons;
} Case;

typedef struct {
  GMutex       lock;
  const Case  *test_case;
  const char **bodies;           /* replies in turn, the last one repeated */
  guint        n_seen;
} Script;

static void
reply_case (const GawsTestServerRequest *request,
            GawsTestServerReply         *reply,
            gpointer                     user_data)
{
  Script *script = user_data;
  const Case *c = script->test_case;

  g_mutex_lock (&script->lock);
  script->n_seen++;
  g_mutex_unlock (&script->lock);
  reply->status = c->status;
  if (c->header_name != NULL)
    gaws_http_headers_append (reply->headers, c->header_name, c->header_value);
  if (c->body != NULL)
    gaws_test_server_reply_set_body (reply, c->content_type, c->body,
                                     c->body_len ? (gssize) c->body_len : -1);
}

static GawsServiceInfo *
load_model (const char *protocol,
            const char *metadata_extra,
            const char *name)
{
  g_autofree char *text = g_strdup_printf (model_template, protocol, protocol,
                                           metadata_extra ? metadata_extra : "");
  json_error_t json_error;
  json_t *json = json_loads (text, 0, &json_error);
  g_autoptr(GError) error = NULL;
  GawsServiceInfo *service;

  g_assert_nonnull (json);
  service = gaws_service_info_load (json, name, &error);
  g_assert_no_error (error);
  json_decref (json);
  return service;
}

static GawsClient *
new_client (GawsTestServer              *server,
            const GawsClientServiceInfo *service,
            guint                        max_attempts)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();

  gaws_session_set_region (session, "us-east-1");
  gaws_client_config_set_endpoint_url (config, gaws_test_server_get_url (server));
  gaws_client_config_set_max_attempts (config, max_attempts);
  return gaws_client_new (session, config, service);
}

static void
check_case (gconstpointer data)
{
  const Case *c = data;
  Script script = { .test_case = c };
  g_autoptr(GawsServiceInfo) model = load_model (c->protocol, c->metadata_extra, "test");
  const GawsClientServiceInfo service = { .service_id = "Test", .endpoint_prefix = "test",
                                          .signing_name = "test", .model = model };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (reply_case, &script);
  g_autoptr(GawsClient) client = new_client (server, &service, 1);
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  GawsShape *shape;

  g_mutex_init (&script.lock);
  output = gaws_operation_invoke_sync (client, gaws_service_info_find_operation (model, "Fail"),
                                       NULL, NULL, &error);
  g_assert_null (output);
  g_assert_nonnull (error);
  g_assert_true (error->domain == GAWS_ERROR);
  g_assert_cmpstr (gaws_error_get_code (error), ==, c->code);
  shape = gaws_error_get_shape (error);
  if (c->shape_name == NULL)
    {
      g_assert_null (shape);
      g_assert_null (gaws_error_get_shape_info (error));
      g_assert_false (gaws_error_matches_type (error, GAWS_TYPE_SHAPE));
      g_mutex_clear (&script.lock);
      return;
    }
  g_assert_nonnull (shape);
  g_assert_true (gaws_error_matches_type (error, GAWS_TYPE_SHAPE));
  g_assert_false (gaws_error_matches_type (error, G_TYPE_INPUT_STREAM));
  g_assert_cmpstr (gaws_error_get_shape_info (error)->name, ==, c->shape_name);
  g_assert_cmpstr (gaws_error_get_message (error), ==, c->message);
  /* XML errors have their message in <Message>, not the member `message`:
   * as in botocore, only the body's members fill the exception. */
  if (!g_str_has_suffix (c->protocol, "query") && strcmp (c->protocol, "rest-xml") != 0 &&
      strcmp (c->protocol, "ec2") != 0)
    g_assert_cmpstr (gaws_shape_get_string (shape, gaws_shape_info_find_member (gaws_shape_get_info (shape),
                                                                                 "message")), ==, c->message);
  if (c->n_reasons > 0)
    {
      GPtrArray *reasons = g_value_get_boxed (gaws_shape_get_value_by_name (shape, "Reasons"));
      g_assert_nonnull (reasons);
      g_assert_cmpuint (reasons->len, ==, c->n_reasons);
    }
  copy = g_error_copy (error);
  g_clear_error (&error);
  g_assert_true (gaws_error_get_shape (copy) == shape);
  g_mutex_clear (&script.lock);
}

static const guint8 cbor_body[] = {
  0xa3,
  0x66, '_', '_', 't', 'y', 'p', 'e', 0x66, 'B', 'r', 'o', 'k', 'e', 'n',
  0x67, 'm', 'e', 's', 's', 'a', 'g', 'e', 0x61, 'm',
  0x67, 'R', 'e', 'a', 's', 'o', 'n', 's', 0x82, 0x61, 'a', 0x61, 'b',
};

static const Case cases[] = {
  { "json", NULL, 400, NULL, NULL, "application/x-amz-json-1.0",
    "{\"__type\": \"com.example#Broken\", \"message\": \"m\", \"Reasons\": [\"a\", \"b\"]}", 0,
    "Broken", "Broken", "m", 2 },
  { "json", NULL, 400, NULL, NULL, "application/x-amz-json-1.0",
    "{\"__type\": \"Other\", \"message\": \"from the service table\"}", 0,
    "Other", "Other", "from the service table", 0 },
  { "json", NULL, 400, NULL, NULL, "application/x-amz-json-1.0",
    "{\"__type\": \"NotModelled\", \"message\": \"m\"}", 0,
    "NotModelled", NULL, NULL, 0 },
  { "json", ", \"awsQueryCompatible\": {}", 400, "x-amzn-query-error", "BrokenCode;Sender",
    "application/x-amz-json-1.0", "{\"__type\": \"com.example#Broken\", \"message\": \"m\"}", 0,
    "BrokenCode", "Broken", "m", 0 },
  /* SQS: the query code is not modelled, the class comes from the body. */
  { "json", ", \"awsQueryCompatible\": {}", 400, "x-amzn-query-error", "Legacy.Other;Sender",
    "application/x-amz-json-1.0", "{\"__type\": \"com.example#Other\", \"message\": \"legacy\"}", 0,
    "Legacy.Other", "Other", "legacy", 0 },
  { "rest-json", NULL, 404, "x-amzn-ErrorType", "Broken:http://internal.example.com/", "application/json",
    "{\"message\": \"m\", \"Reasons\": [\"a\"]}", 0,
    "Broken", "Broken", "m", 1 },
  { "rest-xml", NULL, 404, NULL, NULL, "application/xml",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>Other</Code><Message>m</Message>"
    "<RequestId>r</RequestId></Error>", 0,
    "Other", "Other", "m", 0 },
  { "rest-xml", NULL, 404, NULL, NULL, NULL, NULL, 0, "404", NULL, NULL, 0 },
  { "query", NULL, 400, NULL, NULL, "text/xml",
    "<ErrorResponse><Error><Type>Sender</Type><Code>BrokenCode</Code><Message>m</Message>"
    "<Reasons><member>a</member><member>b</member></Reasons></Error><RequestId>r</RequestId></ErrorResponse>", 0,
    "BrokenCode", "Broken", "m", 2 },
  { "ec2", NULL, 400, NULL, NULL, "text/xml",
    "<Response><Errors><Error><Code>BrokenCode</Code><Message>m</Message></Error></Errors>"
    "<RequestID>r</RequestID></Response>", 0,
    "BrokenCode", "Broken", "m", 0 },
  { "smithy-rpc-v2-cbor", NULL, 400, "smithy-protocol", "rpc-v2-cbor", "application/cbor",
    (const char *) cbor_body, sizeof cbor_body,
    "Broken", "Broken", "m", 2 },
};

/* ---- S3's 200 with an error document ---- */

static void
reply_in_turn (const GawsTestServerRequest *request,
               GawsTestServerReply         *reply,
               gpointer                     user_data)
{
  Script *script = user_data;
  const char *body;

  g_mutex_lock (&script->lock);
  body = script->bodies[script->n_seen];
  if (script->bodies[script->n_seen + 1] != NULL)
    script->n_seen++;
  g_mutex_unlock (&script->lock);
  reply->status = 200;
  gaws_test_server_reply_set_body (reply, "application/xml", body, -1);
}

static const char s3_error[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message>"
  "<RequestId>r1</RequestId></Error>";
static const char s3_success[] = "<FailOutput><Value>done</Value></FailOutput>";

typedef struct {
  GawsServiceInfo       *model;
  GawsClientServiceInfo  service;
  GawsTestServer        *server;
  Script                 script;
} S3Fixture;

static void
s3_fixture_set_up (S3Fixture *fixture, gconstpointer data)
{
  g_mutex_init (&fixture->script.lock);
  fixture->script.bodies = (const char **) data;
  fixture->model = load_model ("rest-xml", NULL, "s3");
  fixture->service = (GawsClientServiceInfo) { .service_id = "S3", .endpoint_prefix = "s3",
                                               .signing_name = "s3", .model = fixture->model };
  fixture->server = gaws_test_server_new (reply_in_turn, &fixture->script);
}

static void
s3_fixture_tear_down (S3Fixture *fixture, gconstpointer data)
{
  gaws_test_server_free (fixture->server);
  gaws_service_info_free (fixture->model);
  g_mutex_clear (&fixture->script.lock);
}

static guint
s3_requests (S3Fixture *fixture)
{
  return gaws_test_server_get_n_requests (fixture->server);
}

static const char *error_then_success[] = { s3_error, s3_success, NULL };
static const char *always_error[] = { s3_error, NULL };
static const char *cut_short[] = { "<FailOutput><Value>do", NULL };

static void
test_200_error_is_retried (S3Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsClient) client = new_client (fixture->server, &fixture->service, 3);
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;
  const GawsOperationInfo *op = gaws_service_info_find_operation (fixture->model, "Fail");

  output = gaws_operation_invoke_sync (client, op, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (output);
  g_assert_cmpstr (gaws_shape_get_string (output, 0), ==, "done");
  g_assert_cmpuint (s3_requests (fixture), ==, 2);
}

static void
invoke_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;
  g_autoptr(GawsShape) output = gaws_operation_invoke_finish (GAWS_CLIENT (source), result, error);

  g_assert_true (output == NULL || *error == NULL);
  if (*error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no error");
}

static void
test_200_error_exhausts_retries (S3Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsClient) client = new_client (fixture->server, &fixture->service, 2);
  const GawsOperationInfo *op = gaws_service_info_find_operation (fixture->model, "Fail");
  GError *error = NULL;

  gaws_operation_invoke_async (client, op, NULL, NULL, invoke_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "InternalError");
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 500);
  g_assert_cmpuint (gaws_error_get_retry_attempts (error), ==, 1);
  g_assert_true (g_str_has_prefix (error->message, "An error occurred (InternalError) when calling the Fail "
                                                   "operation (reached max retries: 1)"));
  g_assert_cmpuint (s3_requests (fixture), ==, 2);
  g_error_free (error);
}

/* A body cut short after the status: botocore's 500 too. */
static void
test_200_truncated_is_error (S3Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsClient) client = new_client (fixture->server, &fixture->service, 1);
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;

  output = gaws_operation_invoke_sync (client, gaws_service_info_find_operation (fixture->model, "Fail"),
                                       NULL, NULL, &error);
  g_assert_null (output);
  g_assert_nonnull (error);
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 500);
  g_assert_cmpuint (s3_requests (fixture), ==, 1);
}

/* A blob payload cannot be told from an error document: it is the data. */
static void
test_200_blob_payload_is_data (S3Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsClient) client = new_client (fixture->server, &fixture->service, 3);
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *body;

  output = gaws_operation_invoke_sync (client, gaws_service_info_find_operation (fixture->model, "Fetch"),
                                       NULL, NULL, &error);
  g_assert_no_error (error);
  body = g_value_get_boxed (gaws_shape_get_value (output, 0));
  g_assert_nonnull (body);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), s3_error, strlen (s3_error));
  g_assert_cmpuint (s3_requests (fixture), ==, 1);
}

/* Only S3 answers that way. */
static void
test_200_error_other_service_is_success (void)
{
  Script script = { .bodies = (const char **) always_error };
  g_autoptr(GawsServiceInfo) model = load_model ("rest-xml", NULL, "route53");
  const GawsClientServiceInfo service = { .service_id = "Route 53", .endpoint_prefix = "route53",
                                          .signing_name = "route53", .model = model };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (reply_in_turn, &script);
  g_autoptr(GawsClient) client = new_client (server, &service, 3);
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&script.lock);
  output = gaws_operation_invoke_sync (client, gaws_service_info_find_operation (model, "Fail"),
                                       NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (output);
  g_mutex_clear (&script.lock);
}

/* Bindings such as PyGObject rebuild a GError from domain, code and
 * message: the service error code comes back from the message. */
static void
test_code_survives_rebuilt_error (void)
{
  g_autoptr(GError) original = gaws_error_new_service ("ResourceNotFoundException", "gone", 400, "rid");
  g_autoptr(GError) rebuilt = NULL;
  g_autoptr(GError) other = g_error_new_literal (GAWS_ERROR, GAWS_ERROR_TIMEOUT, "An error occurred (X): y");
  g_autofree char *from_message = NULL;

  gaws_error_add_operation_context (original, "GetItem", 2, FALSE);
  rebuilt = g_error_new_literal (original->domain, original->code, original->message);
  g_assert_cmpstr (gaws_error_get_code (rebuilt), ==, "ResourceNotFoundException");
  g_assert_true (gaws_error_matches_code (rebuilt, "ResourceNotFoundException"));
  g_assert_cmpuint (gaws_error_get_http_status (rebuilt), ==, 0);
  from_message = gaws_error_code_from_message (original->message);
  g_assert_cmpstr (from_message, ==, "ResourceNotFoundException");
  g_assert_null (gaws_error_code_from_message ("An error occurred (): empty"));
  g_assert_null (gaws_error_code_from_message ("Connection refused"));
  g_assert_null (gaws_error_code_from_message (NULL));
  /* only service errors have codes */
  g_assert_null (gaws_error_get_code (other));
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/operation/errors/%s/%s-%" G_GSIZE_FORMAT,
                                               cases[i].protocol,
                                               cases[i].shape_name ? "modelled" : "unmodelled", i);
      g_test_add_data_func (path, &cases[i], check_case);
    }
  g_test_add ("/operation/s3-200-error/retried", S3Fixture, error_then_success,
              s3_fixture_set_up, test_200_error_is_retried, s3_fixture_tear_down);
  g_test_add ("/operation/s3-200-error/exhausts-retries", S3Fixture, always_error,
              s3_fixture_set_up, test_200_error_exhausts_retries, s3_fixture_tear_down);
  g_test_add ("/operation/s3-200-error/truncated-body", S3Fixture, cut_short,
              s3_fixture_set_up, test_200_truncated_is_error, s3_fixture_tear_down);
  g_test_add ("/operation/s3-200-error/blob-payload-is-data", S3Fixture, always_error,
              s3_fixture_set_up, test_200_blob_payload_is_data, s3_fixture_tear_down);
  g_test_add_func ("/operation/s3-200-error/other-service-is-success", test_200_error_other_service_is_success);
  g_test_add_func ("/operation/errors/code-survives-rebuilt-error", test_code_survives_rebuilt_error);
  return g_test_run ();
}
