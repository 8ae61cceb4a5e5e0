/* test-generated-errors-moto.c: modelled service errors of every protocol,
 * matched by type, through the generated clients against moto with
 * signature checking on
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "test-generated-common.h"

#include <string.h>
#include <gaws-dynamodb.h>
#include <gaws-iam.h>
#include <gaws-lambda.h>
#include <gaws-s3.h>
#include <gaws-sqs.h>

#define CLIENT(Type, func) \
  ({ g_autoptr(GawsSession) s_ = tg_new_session (); \
     g_autoptr(GawsClientConfig) c_ = tg_new_config (); \
     (Type *) func (s_, c_); })

static void
create_table (GawsDynamodbClient *client,
              const char         *name)
{
  g_autoptr(GawsDynamodbCreateTableInput) input = gaws_dynamodb_create_table_input_new ();
  g_autoptr(GawsDynamodbCreateTableOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  tg_fill (input, "{\"KeySchema\": [{\"AttributeName\": \"pk\", \"KeyType\": \"HASH\"}],"
                  " \"AttributeDefinitions\": [{\"AttributeName\": \"pk\", \"AttributeType\": \"S\"}],"
                  " \"BillingMode\": \"PAY_PER_REQUEST\"}");
  gaws_dynamodb_create_table_input_set_table_name (input, name);
  output = gaws_dynamodb_client_create_table_sync (client, input, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (output);
}

static void
put_item (GawsDynamodbClient *client,
          const char         *table,
          const char         *json,
          GError            **error)
{
  g_autoptr(GawsDynamodbPutItemInput) input = gaws_dynamodb_put_item_input_new ();
  g_autoptr(GawsDynamodbPutItemOutput) output = NULL;

  tg_fill (input, json);
  gaws_dynamodb_put_item_input_set_table_name (input, table);
  output = gaws_dynamodb_client_put_item_sync (client, input, NULL, error);
}

typedef struct {
  GMainLoop *loop;
  GObject   *output;
  GError    *error;
} AsyncCall;

static void
describe_table_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncCall *call = user_data;

  call->output = (GObject *) gaws_dynamodb_client_describe_table_finish (GAWS_DYNAMODB_CLIENT (source),
                                                                        result, &call->error);
  g_main_loop_quit (call->loop);
}

static void
test_dynamodb_resource_not_found (void)
{
  g_autoptr(GawsDynamodbClient) client = CLIENT (GawsDynamodbClient, gaws_dynamodb_client_new);
  g_autoptr(GawsDynamodbDescribeTableInput) input = gaws_dynamodb_describe_table_input_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncCall call = { loop, NULL, NULL };
  g_autoptr(GError) copy = NULL;
  g_autoptr(json_t) json = NULL;
  GawsShape *shape;

  gaws_dynamodb_describe_table_input_set_table_name (input, "no-such-table");
  gaws_dynamodb_client_describe_table_async (client, input, NULL, describe_table_cb, &call);
  g_main_loop_run (loop);
  g_assert_null (call.output);
  g_assert_error (call.error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_true (gaws_error_matches_type (call.error, GAWS_DYNAMODB_TYPE_RESOURCE_NOT_FOUND_EXCEPTION));
  g_assert_false (gaws_error_matches_type (call.error, GAWS_DYNAMODB_TYPE_CONDITIONAL_CHECK_FAILED_EXCEPTION));
  g_assert_true (gaws_error_matches_type (call.error, GAWS_TYPE_SHAPE));
  g_assert_true (gaws_error_matches_code (call.error, "ResourceNotFoundException"));
  shape = gaws_error_get_shape (call.error);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (shape, GAWS_DYNAMODB_TYPE_RESOURCE_NOT_FOUND_EXCEPTION));
  g_assert_cmpstr (gaws_error_get_shape_info (call.error)->name, ==, "ResourceNotFoundException");
  json = tg_to_json (shape);
  g_assert_cmpstr (tg_json_string (json, "message"), ==, gaws_error_get_message (call.error));

  /* A copy shares the exception. */
  copy = g_error_copy (call.error);
  g_assert_true (gaws_error_get_shape (copy) == shape);
  g_assert_cmpstr (gaws_error_get_code (copy), ==, "ResourceNotFoundException");
  g_clear_error (&call.error);
  g_assert_true (gaws_error_matches_type (copy, GAWS_DYNAMODB_TYPE_RESOURCE_NOT_FOUND_EXCEPTION));
}

static void
test_dynamodb_conditional_check_failed (void)
{
  g_autoptr(GawsDynamodbClient) client = CLIENT (GawsDynamodbClient, gaws_dynamodb_client_new);
  g_autoptr(GError) error = NULL;

  create_table (client, "errors-conditional");
  put_item (client, "errors-conditional", "{\"Item\": {\"pk\": {\"S\": \"one\"}}}", &error);
  g_assert_no_error (error);
  put_item (client, "errors-conditional",
            "{\"Item\": {\"pk\": {\"S\": \"one\"}}, \"ConditionExpression\": \"attribute_not_exists(pk)\"}",
            &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_true (gaws_error_matches_type (error, GAWS_DYNAMODB_TYPE_CONDITIONAL_CHECK_FAILED_EXCEPTION));
  g_assert_false (gaws_error_matches_type (error, GAWS_DYNAMODB_TYPE_RESOURCE_NOT_FOUND_EXCEPTION));
}

static void
test_dynamodb_transaction_canceled (void)
{
  g_autoptr(GawsDynamodbClient) client = CLIENT (GawsDynamodbClient, gaws_dynamodb_client_new);
  g_autoptr(GawsDynamodbTransactWriteItemsInput) input = gaws_dynamodb_transact_write_items_input_new ();
  g_autoptr(GawsDynamodbTransactWriteItemsOutput) output = NULL;
  g_autoptr(GError) error = NULL;
  GawsDynamodbTransactionCanceledException *canceled;
  GawsDynamodbCancellationReason *reason;
  GPtrArray *reasons;

  create_table (client, "errors-transact");
  put_item (client, "errors-transact", "{\"Item\": {\"pk\": {\"S\": \"taken\"}}}", &error);
  g_assert_no_error (error);
  tg_fill (input, "{\"TransactItems\": ["
                  " {\"Put\": {\"TableName\": \"errors-transact\", \"Item\": {\"pk\": {\"S\": \"free\"}}}},"
                  " {\"Put\": {\"TableName\": \"errors-transact\", \"Item\": {\"pk\": {\"S\": \"taken\"}},"
                  "   \"ConditionExpression\": \"attribute_not_exists(pk)\"}}]}");
  output = gaws_dynamodb_client_transact_write_items_sync (client, input, NULL, &error);
  g_assert_null (output);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_true (gaws_error_matches_type (error, GAWS_DYNAMODB_TYPE_TRANSACTION_CANCELED_EXCEPTION));
  canceled = GAWS_DYNAMODB_TRANSACTION_CANCELED_EXCEPTION (gaws_error_get_shape (error));
  reasons = gaws_dynamodb_transaction_canceled_exception_get_cancellation_reasons (canceled);
  g_assert_nonnull (reasons);
  g_assert_cmpuint (reasons->len, ==, 2);
  reason = reasons->pdata[0];
  g_assert_cmpstr (gaws_dynamodb_cancellation_reason_get_code (reason), ==, "None");
  reason = reasons->pdata[1];
  g_assert_cmpstr (gaws_dynamodb_cancellation_reason_get_code (reason), ==, "ConditionalCheckFailed");
}

static void
create_bucket (GawsS3Client *client,
               const char   *bucket)
{
  g_autoptr(GawsS3CreateBucketRequest) input = gaws_s3_create_bucket_request_new ();
  g_autoptr(GawsS3CreateBucketOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_s3_create_bucket_request_set_bucket (input, bucket);
  output = gaws_s3_client_create_bucket_sync (client, input, NULL, &error);
  g_assert_no_error (error);
}

static void
test_s3_no_such_key (void)
{
  g_autoptr(GawsS3Client) client = CLIENT (GawsS3Client, gaws_s3_client_new);
  g_autoptr(GawsS3GetObjectRequest) input = gaws_s3_get_object_request_new ();
  g_autoptr(GawsS3GetObjectOutput) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(json_t) json = NULL;

  create_bucket (client, "errors-no-such-key");
  gaws_s3_get_object_request_set_bucket (input, "errors-no-such-key");
  gaws_s3_get_object_request_set_key (input, "missing.txt");
  output = gaws_s3_client_get_object_sync (client, input, NULL, &error);
  g_assert_null (output);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_true (gaws_error_matches_type (error, GAWS_S3_TYPE_NO_SUCH_KEY));
  g_assert_false (gaws_error_matches_type (error, GAWS_S3_TYPE_NO_SUCH_BUCKET));
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 404);
}

static void
test_s3_no_such_bucket (void)
{
  g_autoptr(GawsS3Client) client = CLIENT (GawsS3Client, gaws_s3_client_new);
  g_autoptr(GawsS3ListObjectsV2Request) input = gaws_s3_list_objects_v2_request_new ();
  g_autoptr(GawsS3ListObjectsV2Output) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_s3_list_objects_v2_request_set_bucket (input, "errors-no-such-bucket");
  output = gaws_s3_client_list_objects_v2_sync (client, input, NULL, &error);
  g_assert_null (output);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_true (gaws_error_matches_type (error, GAWS_S3_TYPE_NO_SUCH_BUCKET));
  g_assert_cmpstr (gaws_error_get_code (error), ==, "NoSuchBucket");
}

/* A HEAD has no body: as in botocore, the error is the status, `404`, and
 * no modelled exception (botocore's `client.exceptions.NoSuchKey` does not
 * catch it either). */
static void
test_s3_head_404_is_status_only (void)
{
  g_autoptr(GawsS3Client) client = CLIENT (GawsS3Client, gaws_s3_client_new);
  g_autoptr(GawsS3HeadObjectRequest) input = gaws_s3_head_object_request_new ();
  g_autoptr(GawsS3HeadObjectOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  create_bucket (client, "errors-head");
  gaws_s3_head_object_request_set_bucket (input, "errors-head");
  gaws_s3_head_object_request_set_key (input, "missing.txt");
  output = gaws_s3_client_head_object_sync (client, input, NULL, &error);
  g_assert_null (output);
  g_assert_nonnull (error);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "404");
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 404);
  g_assert_null (gaws_error_get_shape (error));
  g_assert_false (gaws_error_matches_type (error, GAWS_S3_TYPE_NO_SUCH_KEY));
}

static void
test_iam_no_such_entity (void)
{
  g_autoptr(GawsIamClient) client = CLIENT (GawsIamClient, gaws_iam_client_new);
  g_autoptr(GawsIamGetRoleRequest) input = gaws_iam_get_role_request_new ();
  g_autoptr(GawsIamGetRoleResponse) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(json_t) json = NULL;

  gaws_iam_get_role_request_set_role_name (input, "no-such-role");
  output = gaws_iam_client_get_role_sync (client, input, NULL, &error);
  g_assert_null (output);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  /* The query code and the exception's class differ in name. */
  g_assert_cmpstr (gaws_error_get_code (error), ==, "NoSuchEntity");
  g_assert_true (gaws_error_matches_type (error, GAWS_IAM_TYPE_NO_SUCH_ENTITY_EXCEPTION));
  json = tg_to_json (gaws_error_get_shape (error));
  g_assert_nonnull (tg_json_string (json, "message"));
}

/* SQS left the query protocol (awsQueryCompatible): the code is the query
 * one, the class the one the body names. */
static void
test_sqs_queue_does_not_exist (void)
{
  g_autoptr(GawsSqsClient) client = CLIENT (GawsSqsClient, gaws_sqs_client_new);
  g_autoptr(GawsSqsGetQueueUrlRequest) input = gaws_sqs_get_queue_url_request_new ();
  g_autoptr(GawsSqsGetQueueUrlResult) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_sqs_get_queue_url_request_set_queue_name (input, "no-such-queue");
  output = gaws_sqs_client_get_queue_url_sync (client, input, NULL, &error);
  g_assert_null (output);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_true (gaws_error_matches_type (error, GAWS_SQS_TYPE_QUEUE_DOES_NOT_EXIST));
}

/* A rest-json error with a body. */
static void
test_lambda_resource_not_found (void)
{
  g_autoptr(GawsLambdaClient) client = CLIENT (GawsLambdaClient, gaws_lambda_client_new);
  g_autoptr(GawsLambdaPutFunctionConcurrencyRequest) input = gaws_lambda_put_function_concurrency_request_new ();
  g_autoptr(GawsLambdaConcurrency) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_lambda_put_function_concurrency_request_set_function_name (input, "no-such-function");
  gaws_lambda_put_function_concurrency_request_set_reserved_concurrent_executions (input, 1);
  output = gaws_lambda_client_put_function_concurrency_sync (client, input, NULL, &error);
  g_assert_null (output);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "ResourceNotFoundException");
  g_assert_true (gaws_error_matches_type (error, GAWS_LAMBDA_TYPE_RESOURCE_NOT_FOUND_EXCEPTION));
}

/* A rest-json GET without body, signed and checked. Plain moto_server
 * refuses it (SignatureDoesNotMatch) whoever signs it, botocore included:
 * see moto-server-patched.py. */
static void
test_lambda_list_functions (void)
{
  g_autoptr(GawsLambdaClient) client = CLIENT (GawsLambdaClient, gaws_lambda_client_new);
  g_autoptr(GawsLambdaListFunctionsRequest) input = gaws_lambda_list_functions_request_new ();
  g_autoptr(GawsLambdaListFunctionsResponse) output = NULL;
  g_autoptr(GawsLambdaGetFunctionRequest) get = gaws_lambda_get_function_request_new ();
  g_autoptr(GawsLambdaGetFunctionResponse) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(json_t) json = NULL;

  output = gaws_lambda_client_list_functions_sync (client, input, NULL, &error);
  g_assert_no_error (error);
  json = tg_to_json (output);
  g_assert_cmpuint (json_array_size (json_object_get (json, "Functions")), ==, 0);
  g_clear_object (&output);
  /* With a query string too. */
  gaws_lambda_list_functions_request_set_max_items (input, 5);
  output = gaws_lambda_client_list_functions_sync (client, input, NULL, &error);
  g_assert_no_error (error);

  gaws_lambda_get_function_request_set_function_name (get, "no-such-function");
  got = gaws_lambda_client_get_function_sync (client, get, NULL, &error);
  g_assert_null (got);
  g_assert_true (gaws_error_matches_type (error, GAWS_LAMBDA_TYPE_RESOURCE_NOT_FOUND_EXCEPTION));
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  tg_moto_start ();

  g_test_add_func ("/generated/errors/dynamodb/resource-not-found", test_dynamodb_resource_not_found);
  g_test_add_func ("/generated/errors/dynamodb/conditional-check-failed", test_dynamodb_conditional_check_failed);
  g_test_add_func ("/generated/errors/dynamodb/transaction-canceled-reasons", test_dynamodb_transaction_canceled);
  g_test_add_func ("/generated/errors/s3/no-such-key", test_s3_no_such_key);
  g_test_add_func ("/generated/errors/s3/no-such-bucket", test_s3_no_such_bucket);
  g_test_add_func ("/generated/errors/s3/head-404-is-status-only", test_s3_head_404_is_status_only);
  g_test_add_func ("/generated/errors/iam/no-such-entity", test_iam_no_such_entity);
  g_test_add_func ("/generated/errors/sqs/queue-does-not-exist", test_sqs_queue_does_not_exist);
  g_test_add_func ("/generated/errors/lambda/resource-not-found", test_lambda_resource_not_found);
  g_test_add_func ("/generated/errors/lambda/list-functions-signed-get", test_lambda_list_functions);
  status = g_test_run ();

  tg_moto_stop ();
  return status;
}
