/* test-waiter-moto.c: the waiters of dynamodb and s3 against moto: tables
 * and buckets and objects that exist or not, a failure state, a time-out
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "test-generated-common.h"

#include <string.h>
#include <gaws-dynamodb.h>
#include <gaws-s3.h>

#define CLIENT(Type, func) \
  ({ g_autoptr(GawsSession) s_ = tg_new_session (); \
     g_autoptr(GawsClientConfig) c_ = tg_new_config (); \
     (Type *) func (s_, c_); })

/* The model's waiters, copied from models/<service>/.../waiters-2.json, to
 * check the generated tables against. */
typedef struct {
  const char                   *name;
  const char                   *python_name;
  const char                   *operation;
  guint                         delay;
  guint                         max_attempts;
  const GawsWaiterAcceptorInfo *acceptors;
  guint                         n_acceptors;
} ModelWaiter;

static const GawsWaiterAcceptorInfo table_exists[] = {
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_PATH, "Table.TableStatus", "\"ACTIVE\"" },
  { GAWS_WAITER_STATE_RETRY, GAWS_WAITER_MATCHER_ERROR, NULL, "\"ResourceNotFoundException\"" },
};
static const GawsWaiterAcceptorInfo table_not_exists[] = {
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_ERROR, NULL, "\"ResourceNotFoundException\"" },
};
static const GawsWaiterAcceptorInfo export_completed[] = {
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_PATH, "ExportDescription.ExportStatus", "\"COMPLETED\"" },
  { GAWS_WAITER_STATE_FAILURE, GAWS_WAITER_MATCHER_PATH, "ExportDescription.ExportStatus", "\"FAILED\"" },
};
static const GawsWaiterAcceptorInfo bucket_exists[] = {
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_STATUS, NULL, "200" },
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_STATUS, NULL, "301" },
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_STATUS, NULL, "403" },
  { GAWS_WAITER_STATE_RETRY, GAWS_WAITER_MATCHER_STATUS, NULL, "404" },
};
static const GawsWaiterAcceptorInfo bucket_not_exists[] = {
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_STATUS, NULL, "404" },
};
static const GawsWaiterAcceptorInfo object_exists[] = {
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_STATUS, NULL, "200" },
  { GAWS_WAITER_STATE_RETRY, GAWS_WAITER_MATCHER_STATUS, NULL, "404" },
};
static const GawsWaiterAcceptorInfo object_not_exists[] = {
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_STATUS, NULL, "404" },
};

#define MODEL_WAITER(name, python_name, operation, delay, max, acceptors) \
  { name, python_name, operation, delay, max, acceptors, G_N_ELEMENTS (acceptors) }

static const ModelWaiter model_waiters[] = {
  MODEL_WAITER ("TableExists", "table_exists", "DescribeTable", 20, 25, table_exists),
  MODEL_WAITER ("TableNotExists", "table_not_exists", "DescribeTable", 20, 25, table_not_exists),
  MODEL_WAITER ("ExportCompleted", "export_completed", "DescribeExport", 20, 60, export_completed),
  MODEL_WAITER ("BucketExists", "bucket_exists", "HeadBucket", 5, 20, bucket_exists),
  MODEL_WAITER ("BucketNotExists", "bucket_not_exists", "HeadBucket", 5, 20, bucket_not_exists),
  MODEL_WAITER ("ObjectExists", "object_exists", "HeadObject", 5, 20, object_exists),
  MODEL_WAITER ("ObjectNotExists", "object_not_exists", "HeadObject", 5, 20, object_not_exists),
};

static const ModelWaiter *
find_model_waiter (const char *python_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (model_waiters); i++)
    if (g_str_equal (model_waiters[i].python_name, python_name))
      return &model_waiters[i];
  g_assert_not_reached ();
}

static void
assert_json_text_equal (const char *a,
                        const char *b)
{
  g_autoptr(json_t) json_a = json_loads (a, JSON_DECODE_ANY, NULL);
  g_autoptr(json_t) json_b = json_loads (b, JSON_DECODE_ANY, NULL);

  g_assert_nonnull (json_a);
  g_assert_nonnull (json_b);
  if (!json_equal (json_a, json_b))
    g_error ("expected values differ: %s and %s", a, b);
}

/* The generated table says what waiters-2.json says. */
static void
assert_same_as_model (const GawsWaiterInfo *info)
{
  const ModelWaiter *known = find_model_waiter (info->python_name);

  g_assert_cmpstr (info->name, ==, known->name);
  g_assert_cmpstr (info->operation->name, ==, known->operation);
  g_assert_cmpuint (info->delay, ==, known->delay);
  g_assert_cmpuint (info->max_attempts, ==, known->max_attempts);
  g_assert_cmpuint (info->n_acceptors, ==, known->n_acceptors);
  for (guint i = 0; i < info->n_acceptors; i++)
    {
      g_assert_cmpuint (info->acceptors[i].state, ==, known->acceptors[i].state);
      g_assert_cmpuint (info->acceptors[i].matcher, ==, known->acceptors[i].matcher);
      g_assert_cmpstr (info->acceptors[i].argument, ==, known->acceptors[i].argument);
      assert_json_text_equal (info->acceptors[i].expected, known->acceptors[i].expected);
    }
}

/* client.get_waiter (name), checked against the model, with a short delay
 * so that the tests are quick */
static GawsWaiter *
get_waiter (gpointer    client,
            const char *python_name)
{
  g_autoptr(GError) error = NULL;
  GawsWaiter *waiter = gaws_client_get_waiter (GAWS_CLIENT (client), python_name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (waiter);
  assert_same_as_model (gaws_waiter_get_info (waiter));
  gaws_waiter_set_delay (waiter, 0.05);
  return waiter;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
wait_async (GawsWaiter  *waiter,
            gpointer     input,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gaws_waiter_wait_async (waiter, GAWS_SHAPE (input), NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gaws_waiter_wait_finish (waiter, result, error);
}

/* DynamoDB */

static char *
create_table (GawsDynamodbClient *client,
              const char         *name)
{
  g_autoptr(GawsDynamodbCreateTableInput) input = gaws_dynamodb_create_table_input_new ();
  g_autoptr(GawsDynamodbCreateTableOutput) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf (
    "{\"TableName\":\"%s\",\"BillingMode\":\"PAY_PER_REQUEST\","
    "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
    "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}]}", name);

  tg_fill (input, json);
  output = gaws_dynamodb_client_create_table_sync (client, input, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (gaws_dynamodb_table_description_get_table_arn (
                     gaws_dynamodb_create_table_output_get_table_description (output)));
}

static void
delete_table (GawsDynamodbClient *client,
              const char         *name)
{
  g_autoptr(GawsDynamodbDeleteTableInput) input = gaws_dynamodb_delete_table_input_new ();
  g_autoptr(GawsDynamodbDeleteTableOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_dynamodb_delete_table_input_set_table_name (input, name);
  output = gaws_dynamodb_client_delete_table_sync (client, input, NULL, &error);
  g_assert_no_error (error);
}

static GawsDynamodbDescribeTableInput *
describe_table_input (const char *name)
{
  GawsDynamodbDescribeTableInput *input = gaws_dynamodb_describe_table_input_new ();

  gaws_dynamodb_describe_table_input_set_table_name (input, name);
  return input;
}

/* Before the table exists, table_exists retries on ResourceNotFoundException
 * until it gives up; after create_table it succeeds. */
static void
test_table_exists (void)
{
  g_autoptr(GawsDynamodbClient) client = CLIENT (GawsDynamodbClient, gaws_dynamodb_client_new);
  g_autoptr(GawsWaiter) waiter = gaws_dynamodb_client_get_waiter_table_exists (client);
  g_autoptr(GawsDynamodbDescribeTableInput) input = describe_table_input ("gaws-waiter-exists");
  g_autoptr(GError) error = NULL;
  g_autofree char *arn = NULL;
  GawsShape *last;

  /* the typed constructor gives the model's waiter */
  assert_same_as_model (gaws_waiter_get_info (waiter));
  g_assert_cmpfloat (gaws_waiter_get_delay (waiter), ==, 20);
  g_assert_cmpuint (gaws_waiter_get_max_attempts (waiter), ==, 25);
  gaws_waiter_set_delay (waiter, 0.05);
  gaws_waiter_set_max_attempts (waiter, 2);
  g_assert_false (wait_async (waiter, input, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_WAITER);
  g_assert_cmpstr (error->message, ==,
                   "Waiter TableExists failed: Max attempts exceeded after 2 attempts. Previously "
                   "accepted state: Matched expected service error code: ResourceNotFoundException");
  g_assert_null (gaws_waiter_get_last_response (waiter));
  g_clear_error (&error);

  arn = create_table (client, "gaws-waiter-exists");
  g_assert_true (wait_async (waiter, input, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 1);
  last = gaws_waiter_get_last_response (waiter);
  g_assert_nonnull (last);
  g_assert_cmpstr (gaws_dynamodb_table_description_get_table_status (
                     gaws_dynamodb_describe_table_output_get_table (GAWS_DYNAMODB_DESCRIBE_TABLE_OUTPUT (last))),
                   ==, "ACTIVE");
  delete_table (client, "gaws-waiter-exists");
}

static void
test_table_not_exists (void)
{
  g_autoptr(GawsDynamodbClient) client = CLIENT (GawsDynamodbClient, gaws_dynamodb_client_new);
  g_autoptr(GawsWaiter) waiter = get_waiter (client, "table_not_exists");
  g_autoptr(GawsDynamodbDescribeTableInput) input = describe_table_input ("gaws-waiter-gone");
  g_autoptr(GError) error = NULL;
  g_autofree char *arn = create_table (client, "gaws-waiter-gone");

  /* while it is there, the wait times out */
  gaws_waiter_set_max_attempts (waiter, 2);
  g_assert_false (gaws_waiter_wait_sync (waiter, GAWS_SHAPE (input), NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_WAITER);
  g_assert_cmpstr (error->message, ==, "Waiter TableNotExists failed: Max attempts exceeded after 2 attempts");
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 2);
  g_assert_nonnull (gaws_waiter_get_last_response (waiter));
  g_clear_error (&error);

  delete_table (client, "gaws-waiter-gone");
  g_assert_true (gaws_waiter_wait_sync (waiter, GAWS_SHAPE (input), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 1);
}

/* moto fails an export to a bucket that does not exist: ExportCompleted
 * reaches its failure state. */
static void
test_export_completed_failure_state (void)
{
  g_autoptr(GawsDynamodbClient) client = CLIENT (GawsDynamodbClient, gaws_dynamodb_client_new);
  g_autoptr(GawsWaiter) waiter = get_waiter (client, "export_completed");
  g_autoptr(GawsDynamodbDescribeExportInput) input = gaws_dynamodb_describe_export_input_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *arn = create_table (client, "gaws-waiter-export");
  g_autofree char *export_arn = NULL;

  {
    g_autoptr(GawsDynamodbUpdateContinuousBackupsInput) backups = gaws_dynamodb_update_continuous_backups_input_new ();
    g_autoptr(GawsDynamodbUpdateContinuousBackupsOutput) output = NULL;

    tg_fill (backups, "{\"TableName\":\"gaws-waiter-export\","
                      "\"PointInTimeRecoverySpecification\":{\"PointInTimeRecoveryEnabled\":true}}");
    output = gaws_dynamodb_client_update_continuous_backups_sync (client, backups, NULL, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(GawsDynamodbExportTableToPointInTimeInput) export = gaws_dynamodb_export_table_to_point_in_time_input_new ();
    g_autoptr(GawsDynamodbExportTableToPointInTimeOutput) output = NULL;

    gaws_dynamodb_export_table_to_point_in_time_input_set_table_arn (export, arn);
    gaws_dynamodb_export_table_to_point_in_time_input_set_s3_bucket (export, "gaws-no-such-bucket");
    gaws_dynamodb_export_table_to_point_in_time_input_set_s3_prefix (export, "exports");
    output = gaws_dynamodb_client_export_table_to_point_in_time_sync (client, export, NULL, &error);
    g_assert_no_error (error);
    export_arn = g_strdup (gaws_dynamodb_export_description_get_export_arn (
                             gaws_dynamodb_export_table_to_point_in_time_output_get_export_description (output)));
  }

  gaws_dynamodb_describe_export_input_set_export_arn (input, export_arn);
  gaws_waiter_set_max_attempts (waiter, 100);
  g_assert_false (wait_async (waiter, input, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_WAITER);
  g_assert_cmpstr (error->message, ==,
                   "Waiter ExportCompleted failed: Waiter encountered a terminal failure state: For "
                   "expression \"ExportDescription.ExportStatus\" we matched expected path: \"FAILED\"");
  g_assert_nonnull (gaws_waiter_get_last_response (waiter));
  delete_table (client, "gaws-waiter-export");
}

/* S3 */

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
put_object (GawsS3Client *client,
            const char   *bucket,
            const char   *key)
{
  g_autoptr(GawsS3PutObjectRequest) input = gaws_s3_put_object_request_new ();
  g_autoptr(GInputStream) body = g_memory_input_stream_new_from_data ("waited for", 10, NULL);
  g_autoptr(GawsS3PutObjectOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_s3_put_object_request_set_bucket (input, bucket);
  gaws_s3_put_object_request_set_key (input, key);
  gaws_s3_put_object_request_set_body (input, body);
  output = gaws_s3_client_put_object_sync (client, input, NULL, &error);
  g_assert_no_error (error);
}

static void
delete_object (GawsS3Client *client,
               const char   *bucket,
               const char   *key)
{
  g_autoptr(GawsS3DeleteObjectRequest) input = gaws_s3_delete_object_request_new ();
  g_autoptr(GawsS3DeleteObjectOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_s3_delete_object_request_set_bucket (input, bucket);
  gaws_s3_delete_object_request_set_key (input, key);
  output = gaws_s3_client_delete_object_sync (client, input, NULL, &error);
  g_assert_no_error (error);
}

static GawsS3HeadBucketRequest *
head_bucket_input (const char *bucket)
{
  GawsS3HeadBucketRequest *input = gaws_s3_head_bucket_request_new ();

  gaws_s3_head_bucket_request_set_bucket (input, bucket);
  return input;
}

static GawsS3HeadObjectRequest *
head_object_input (const char *bucket,
                   const char *key)
{
  GawsS3HeadObjectRequest *input = gaws_s3_head_object_request_new ();

  gaws_s3_head_object_request_set_bucket (input, bucket);
  gaws_s3_head_object_request_set_key (input, key);
  return input;
}

static void
test_bucket_exists (void)
{
  g_autoptr(GawsS3Client) client = CLIENT (GawsS3Client, gaws_s3_client_new);
  g_autoptr(GawsWaiter) exists = get_waiter (client, "bucket_exists");
  g_autoptr(GawsWaiter) not_exists = get_waiter (client, "bucket_not_exists");
  g_autoptr(GawsS3HeadBucketRequest) input = head_bucket_input ("gaws-waiter-bucket");
  g_autoptr(GError) error = NULL;

  g_assert_true (wait_async (not_exists, input, &error));
  g_assert_no_error (error);
  create_bucket (client, "gaws-waiter-bucket");
  g_assert_true (wait_async (exists, input, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_waiter_get_attempts (exists), ==, 1);
  g_assert_nonnull (gaws_waiter_get_last_response (exists));
}

/* A bucket that never appears: bucket_exists gives up after 2 attempts. */
static void
test_bucket_exists_times_out (void)
{
  g_autoptr(GawsS3Client) client = CLIENT (GawsS3Client, gaws_s3_client_new);
  g_autoptr(GawsWaiter) waiter = get_waiter (client, "bucket_exists");
  g_autoptr(GawsS3HeadBucketRequest) input = head_bucket_input ("gaws-waiter-never");
  g_autoptr(GError) error = NULL;

  gaws_waiter_set_max_attempts (waiter, 2);
  g_assert_false (wait_async (waiter, input, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_WAITER);
  g_assert_cmpstr (error->message, ==,
                   "Waiter BucketExists failed: Max attempts exceeded after 2 attempts. Previously "
                   "accepted state: Matched expected HTTP status code: 404");
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 404);
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 2);
}

static void
test_object_exists_and_not_exists (void)
{
  g_autoptr(GawsS3Client) client = CLIENT (GawsS3Client, gaws_s3_client_new);
  g_autoptr(GawsWaiter) exists = get_waiter (client, "object_exists");
  g_autoptr(GawsWaiter) not_exists = get_waiter (client, "object_not_exists");
  g_autoptr(GawsS3HeadObjectRequest) input = head_object_input ("gaws-waiter-objects", "a/b.txt");
  g_autoptr(GError) error = NULL;
  GawsShape *last;

  create_bucket (client, "gaws-waiter-objects");
  g_assert_true (wait_async (not_exists, input, &error));
  g_assert_no_error (error);

  /* object_exists retries on 404 until it gives up */
  gaws_waiter_set_max_attempts (exists, 2);
  g_assert_false (wait_async (exists, input, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_WAITER);
  g_clear_error (&error);

  put_object (client, "gaws-waiter-objects", "a/b.txt");
  g_assert_true (gaws_waiter_wait_sync (exists, GAWS_SHAPE (input), NULL, &error));
  g_assert_no_error (error);
  last = gaws_waiter_get_last_response (exists);
  g_assert_nonnull (last);
  g_assert_cmpint (gaws_s3_head_object_output_get_content_length (GAWS_S3_HEAD_OBJECT_OUTPUT (last)), ==, 10);

  /* and object_not_exists after delete_object */
  gaws_waiter_set_max_attempts (not_exists, 2);
  g_assert_false (wait_async (not_exists, input, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_WAITER);
  g_clear_error (&error);
  delete_object (client, "gaws-waiter-objects", "a/b.txt");
  g_assert_true (wait_async (not_exists, input, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  tg_moto_start ();

  g_test_add_func ("/waiter/moto/dynamodb/table-exists", test_table_exists);
  g_test_add_func ("/waiter/moto/dynamodb/table-not-exists", test_table_not_exists);
  g_test_add_func ("/waiter/moto/dynamodb/export-completed-failure-state", test_export_completed_failure_state);
  g_test_add_func ("/waiter/moto/s3/bucket-exists", test_bucket_exists);
  g_test_add_func ("/waiter/moto/s3/bucket-exists-times-out", test_bucket_exists_times_out);
  g_test_add_func ("/waiter/moto/s3/object-exists-and-not-exists", test_object_exists_and_not_exists);
  status = g_test_run ();

  tg_moto_stop ();
  return status;
}
