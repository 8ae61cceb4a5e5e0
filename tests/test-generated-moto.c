/* test-generated-moto.c: the generated clients of json and rest-json
 * services against moto, with signature checking on
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "test-generated-common.h"

#include <string.h>
#include <gaws-dynamodb.h>
#include <gaws-kinesis.h>
#include <gaws-cloudwatch.h>
#include <gaws-kms.h>
#include <gaws-logs.h>
#include <gaws-organizations.h>
#include <gaws-secretsmanager.h>
#include <gaws-ssm.h>

#define CLIENT(Type, func) \
  ({ g_autoptr(GawsSession) s_ = tg_new_session (); \
     g_autoptr(GawsClientConfig) c_ = tg_new_config (); \
     (Type *) func (s_, c_); })

static GawsDynamodbAttributeValue *
string_value (const char *text)
{
  GawsDynamodbAttributeValue *value = gaws_dynamodb_attribute_value_new ();

  gaws_dynamodb_attribute_value_set_s (value, text);
  return value;
}

static GHashTable *
new_item (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static void
create_table (GawsDynamodbClient *client,
              const char         *name)
{
  g_autoptr(GawsDynamodbCreateTableInput) input = gaws_dynamodb_create_table_input_new ();
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) attributes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GawsDynamodbCreateTableOutput) output = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "pk", "sk" };
  const char *types[] = { GAWS_DYNAMODB_KEY_TYPE_HASH, GAWS_DYNAMODB_KEY_TYPE_RANGE };

  for (guint i = 0; i < 2; i++)
    {
      GawsDynamodbKeySchemaElement *key = gaws_dynamodb_key_schema_element_new ();
      GawsDynamodbAttributeDefinition *attribute = gaws_dynamodb_attribute_definition_new ();

      gaws_dynamodb_key_schema_element_set_attribute_name (key, names[i]);
      gaws_dynamodb_key_schema_element_set_key_type (key, types[i]);
      g_ptr_array_add (keys, key);
      gaws_dynamodb_attribute_definition_set_attribute_name (attribute, names[i]);
      gaws_dynamodb_attribute_definition_set_attribute_type (attribute, GAWS_DYNAMODB_SCALAR_ATTRIBUTE_TYPE_S);
      g_ptr_array_add (attributes, attribute);
    }
  gaws_dynamodb_create_table_input_set_table_name (input, name);
  gaws_dynamodb_create_table_input_set_key_schema (input, keys);
  gaws_dynamodb_create_table_input_set_attribute_definitions (input, attributes);
  gaws_dynamodb_create_table_input_set_billing_mode (input, GAWS_DYNAMODB_BILLING_MODE_PAY_PER_REQUEST);
  output = gaws_dynamodb_client_create_table_sync (client, input, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (output);
  g_assert_cmpstr (gaws_dynamodb_table_description_get_table_name (
                     gaws_dynamodb_create_table_output_get_table_description (output)), ==, name);
}

static void
put_item (GawsDynamodbClient *client,
          const char         *table,
          const char         *pk,
          const char         *sk,
          const char         *colour)
{
  g_autoptr(GawsDynamodbPutItemInput) input = gaws_dynamodb_put_item_input_new ();
  g_autoptr(GHashTable) item = new_item ();
  g_autoptr(GawsDynamodbPutItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;
  GawsResponseMetadata *metadata;

  g_hash_table_insert (item, g_strdup ("pk"), string_value (pk));
  g_hash_table_insert (item, g_strdup ("sk"), string_value (sk));
  g_hash_table_insert (item, g_strdup ("colour"), string_value (colour));
  gaws_dynamodb_put_item_input_set_table_name (input, table);
  gaws_dynamodb_put_item_input_set_item (input, item);
  output = gaws_dynamodb_client_put_item_sync (client, input, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (output);

  /* botocore's ResponseMetadata rides with every output. */
  metadata = gaws_shape_get_response_metadata (GAWS_SHAPE (output));
  g_assert_nonnull (metadata);
  g_assert_cmpuint (gaws_response_metadata_get_http_status_code (metadata), ==, 200);
  g_assert_cmpuint (gaws_response_metadata_get_retry_attempts (metadata), ==, 0);
  g_assert_nonnull (gaws_response_metadata_get_request_id (metadata));
  g_assert_nonnull (gaws_response_metadata_get_http_headers (metadata));
}

/* create_table, put_item, get_item, query, scan, delete_item and
 * delete_table, all with _sync. */
static void
test_dynamodb_table_lifecycle (void)
{
  g_autoptr(GawsDynamodbClient) client = CLIENT (GawsDynamodbClient, gaws_dynamodb_client_new);
  g_autoptr(GError) error = NULL;
  const char *table = "gaws-generated";

  create_table (client, table);
  put_item (client, table, "fruit", "apple", "green");
  put_item (client, table, "fruit", "cherry", "red");
  put_item (client, table, "veg", "leek", "white");

  {
    g_autoptr(GawsDynamodbGetItemInput) input = gaws_dynamodb_get_item_input_new ();
    g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
    g_autoptr(GHashTable) key = new_item ();
    GHashTable *item;

    g_hash_table_insert (key, g_strdup ("pk"), string_value ("fruit"));
    g_hash_table_insert (key, g_strdup ("sk"), string_value ("cherry"));
    gaws_dynamodb_get_item_input_set_table_name (input, table);
    gaws_dynamodb_get_item_input_set_key (input, key);
    gaws_dynamodb_get_item_input_set_consistent_read (input, TRUE);
    output = gaws_dynamodb_client_get_item_sync (client, input, NULL, &error);
    g_assert_no_error (error);
    item = gaws_dynamodb_get_item_output_get_item (output);
    g_assert_nonnull (item);
    g_assert_cmpuint (g_hash_table_size (item), ==, 3);
    g_assert_cmpstr (gaws_dynamodb_attribute_value_get_s (g_hash_table_lookup (item, "colour")), ==, "red");
  }

  {
    g_autoptr(GawsDynamodbQueryInput) input = gaws_dynamodb_query_input_new ();
    g_autoptr(GawsDynamodbQueryOutput) output = NULL;
    g_autoptr(json_t) json = NULL;

    gaws_dynamodb_query_input_set_table_name (input, table);
    tg_fill (input, "{\"KeyConditionExpression\": \"pk = :pk AND begins_with(sk, :c)\","
                    " \"ExpressionAttributeValues\": {\":pk\": {\"S\": \"fruit\"}, \":c\": {\"S\": \"ch\"}}}");
    output = gaws_dynamodb_client_query_sync (client, input, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gaws_dynamodb_query_output_get_count (output), ==, 1);
    g_assert_cmpuint (gaws_dynamodb_query_output_get_items (output)->len, ==, 1);
    json = tg_to_json (output);
    g_assert_cmpstr (tg_json_string (json, "Items/0/sk/S"), ==, "cherry");
  }

  {
    g_autoptr(GawsDynamodbScanInput) input = gaws_dynamodb_scan_input_new ();
    g_autoptr(GawsDynamodbScanOutput) output = NULL;

    gaws_dynamodb_scan_input_set_table_name (input, table);
    output = gaws_dynamodb_client_scan_sync (client, input, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gaws_dynamodb_scan_output_get_count (output), ==, 3);
    g_assert_true (gaws_dynamodb_scan_output_has_count (output));
  }

  {
    g_autoptr(GawsDynamodbDeleteItemInput) input = gaws_dynamodb_delete_item_input_new ();
    g_autoptr(GawsDynamodbDeleteItemOutput) output = NULL;
    g_autoptr(GawsDynamodbScanInput) scan = gaws_dynamodb_scan_input_new ();
    g_autoptr(GawsDynamodbScanOutput) scanned = NULL;
    g_autoptr(json_t) json = NULL;

    gaws_dynamodb_delete_item_input_set_table_name (input, table);
    tg_fill (input, "{\"Key\": {\"pk\": {\"S\": \"veg\"}, \"sk\": {\"S\": \"leek\"}}, \"ReturnValues\": \"ALL_OLD\"}");
    output = gaws_dynamodb_client_delete_item_sync (client, input, NULL, &error);
    g_assert_no_error (error);
    json = tg_to_json (output);
    g_assert_cmpstr (tg_json_string (json, "Attributes/colour/S"), ==, "white");
    gaws_dynamodb_scan_input_set_table_name (scan, table);
    scanned = gaws_dynamodb_client_scan_sync (client, scan, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gaws_dynamodb_scan_output_get_count (scanned), ==, 2);
  }

  {
    g_autoptr(GawsDynamodbDeleteTableInput) input = gaws_dynamodb_delete_table_input_new ();
    g_autoptr(GawsDynamodbDeleteTableOutput) output = NULL;

    gaws_dynamodb_delete_table_input_set_table_name (input, table);
    output = gaws_dynamodb_client_delete_table_sync (client, input, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (output);
  }
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

  call->output = (GObject *) gaws_dynamodb_client_describe_table_finish (GAWS_DYNAMODB_CLIENT (source), result,
                                                                          &call->error);
  g_main_loop_quit (call->loop);
}

/* A modelled error, through _async and a main loop: matchable by the
 * generated constant. */
static void
test_dynamodb_resource_not_found_is_matchable (void)
{
  g_autoptr(GawsDynamodbClient) client = CLIENT (GawsDynamodbClient, gaws_dynamodb_client_new);
  g_autoptr(GawsDynamodbDescribeTableInput) input = gaws_dynamodb_describe_table_input_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncCall call = { loop, NULL, NULL };

  gaws_dynamodb_describe_table_input_set_table_name (input, "no-such-table");
  gaws_dynamodb_client_describe_table_async (client, input, NULL, describe_table_cb, &call);
  g_main_loop_run (loop);
  g_assert_null (call.output);
  g_assert_error (call.error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_true (gaws_error_matches_code (call.error, GAWS_DYNAMODB_ERROR_RESOURCE_NOT_FOUND_EXCEPTION));
  g_assert_false (gaws_error_matches_code (call.error, GAWS_DYNAMODB_ERROR_CONDITIONAL_CHECK_FAILED_EXCEPTION));
  g_assert_cmpuint (gaws_error_get_http_status (call.error), ==, 400);
  g_assert_true (g_str_has_prefix (call.error->message,
                                   "An error occurred (ResourceNotFoundException) when calling the "
                                   "DescribeTable operation"));
  g_clear_error (&call.error);
}

static void
ssm_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncCall *call = user_data;

  if (call->output == NULL)
    call->output = (GObject *) gaws_ssm_client_put_parameter_finish (GAWS_SSM_CLIENT (source), result, &call->error);
  else
    {
      g_clear_object (&call->output);
      call->output = (GObject *) gaws_ssm_client_describe_parameters_finish (GAWS_SSM_CLIENT (source), result,
                                                                            &call->error);
    }
  g_main_loop_quit (call->loop);
}

/* put_parameter and describe_parameters through _async. */
static void
test_ssm_put_and_describe_parameters (void)
{
  g_autoptr(GawsSsmClient) client = CLIENT (GawsSsmClient, gaws_ssm_client_new);
  g_autoptr(GawsSsmPutParameterRequest) put = gaws_ssm_put_parameter_request_new ();
  g_autoptr(GawsSsmDescribeParametersRequest) describe = gaws_ssm_describe_parameters_request_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(json_t) json = NULL;
  AsyncCall call = { loop, NULL, NULL };

  gaws_ssm_put_parameter_request_set_name (put, "/gaws/colour");
  gaws_ssm_put_parameter_request_set_value (put, "teal");
  gaws_ssm_put_parameter_request_set_type_ (put, GAWS_SSM_PARAMETER_TYPE_STRING);
  gaws_ssm_client_put_parameter_async (client, put, NULL, ssm_done_cb, &call);
  g_main_loop_run (loop);
  g_assert_no_error (call.error);
  g_assert_cmpint (gaws_ssm_put_parameter_result_get_version (GAWS_SSM_PUT_PARAMETER_RESULT (call.output)), ==, 1);

  gaws_ssm_client_describe_parameters_async (client, describe, NULL, ssm_done_cb, &call);
  g_main_loop_run (loop);
  g_assert_no_error (call.error);
  json = tg_to_json (call.output);
  g_assert_cmpstr (tg_json_string (json, "Parameters/0/Name"), ==, "/gaws/colour");
  g_assert_cmpstr (tg_json_string (json, "Parameters/0/Type"), ==, "String");
  g_clear_object (&call.output);
}

static void
test_organizations_create_and_list_roots (void)
{
  g_autoptr(GawsOrganizationsClient) client = CLIENT (GawsOrganizationsClient, gaws_organizations_client_new);
  g_autoptr(GawsOrganizationsCreateOrganizationRequest) create = gaws_organizations_create_organization_request_new ();
  g_autoptr(GawsOrganizationsCreateOrganizationResponse) created = NULL;
  g_autoptr(GawsOrganizationsListRootsResponse) roots = NULL;
  g_autoptr(GError) error = NULL;
  GawsOrganizationsRoot *root;

  gaws_organizations_create_organization_request_set_feature_set (create, GAWS_ORGANIZATIONS_ORGANIZATION_FEATURE_SET_ALL);
  created = gaws_organizations_client_create_organization_sync (client, create, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (gaws_organizations_organization_get_id (
                   gaws_organizations_create_organization_response_get_organization (created)), "o-"));

  /* An input with no member set may be NULL. */
  roots = gaws_organizations_client_list_roots_sync (client, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_organizations_list_roots_response_get_roots (roots)->len, ==, 1);
  root = g_ptr_array_index (gaws_organizations_list_roots_response_get_roots (roots), 0);
  g_assert_true (g_str_has_prefix (gaws_organizations_root_get_id (root), "r-"));
  g_assert_cmpstr (gaws_organizations_root_get_name (root), ==, "Root");
}

/* Blobs both ways: the plaintext goes out base64 and comes back as bytes. */
static void
test_kms_encrypt_decrypt (void)
{
  g_autoptr(GawsKmsClient) client = CLIENT (GawsKmsClient, gaws_kms_client_new);
  g_autoptr(GawsKmsCreateKeyResponse) key = NULL;
  g_autoptr(GawsKmsEncryptRequest) encrypt = gaws_kms_encrypt_request_new ();
  g_autoptr(GawsKmsEncryptResponse) encrypted = NULL;
  g_autoptr(GawsKmsDecryptRequest) decrypt = gaws_kms_decrypt_request_new ();
  g_autoptr(GawsKmsDecryptResponse) decrypted = NULL;
  g_autoptr(GBytes) plaintext = g_bytes_new_static ("attack at dawn\0\xff", 16);
  g_autoptr(GError) error = NULL;
  const char *key_id;

  key = gaws_kms_client_create_key_sync (client, NULL, NULL, &error);
  g_assert_no_error (error);
  key_id = gaws_kms_key_metadata_get_key_id (gaws_kms_create_key_response_get_key_metadata (key));
  g_assert_nonnull (key_id);

  gaws_kms_encrypt_request_set_key_id (encrypt, key_id);
  gaws_kms_encrypt_request_set_plaintext (encrypt, plaintext);
  encrypted = gaws_kms_client_encrypt_sync (client, encrypt, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (gaws_kms_encrypt_response_get_ciphertext_blob (encrypted));
  g_assert_false (g_bytes_equal (gaws_kms_encrypt_response_get_ciphertext_blob (encrypted), plaintext));

  gaws_kms_decrypt_request_set_ciphertext_blob (decrypt, gaws_kms_encrypt_response_get_ciphertext_blob (encrypted));
  decrypted = gaws_kms_client_decrypt_sync (client, decrypt, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (gaws_kms_decrypt_response_get_plaintext (decrypted), plaintext));
}

static void
test_secretsmanager_create_and_get (void)
{
  g_autoptr(GawsSecretsmanagerClient) client = CLIENT (GawsSecretsmanagerClient, gaws_secretsmanager_client_new);
  g_autoptr(GawsSecretsmanagerCreateSecretRequest) create = gaws_secretsmanager_create_secret_request_new ();
  g_autoptr(GawsSecretsmanagerCreateSecretResponse) created = NULL;
  g_autoptr(GawsSecretsmanagerGetSecretValueRequest) get = gaws_secretsmanager_get_secret_value_request_new ();
  g_autoptr(GawsSecretsmanagerGetSecretValueResponse) got = NULL;
  g_autoptr(GError) error = NULL;

  /* ClientRequestToken is an idempotency token: the runtime fills it in. */
  gaws_secretsmanager_create_secret_request_set_name (create, "gaws/secret");
  gaws_secretsmanager_create_secret_request_set_secret_string (create, "s3cr3t, with \"quotes\"");
  created = gaws_secretsmanager_client_create_secret_sync (client, create, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_secretsmanager_create_secret_response_get_name (created), ==, "gaws/secret");
  g_assert_null (gaws_secretsmanager_create_secret_request_get_client_request_token (create));

  gaws_secretsmanager_get_secret_value_request_set_secret_id (get, "gaws/secret");
  got = gaws_secretsmanager_client_get_secret_value_sync (client, get, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_secretsmanager_get_secret_value_response_get_secret_string (got), ==,
                   "s3cr3t, with \"quotes\"");
}

static void
test_logs_create_and_describe_log_groups (void)
{
  g_autoptr(GawsLogsClient) client = CLIENT (GawsLogsClient, gaws_logs_client_new);
  g_autoptr(GawsLogsCreateLogGroupRequest) create = gaws_logs_create_log_group_request_new ();
  g_autoptr(GawsLogsDescribeLogGroupsResponse) groups = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *list;

  gaws_logs_create_log_group_request_set_log_group_name (create, "/gaws/test");
  g_assert_true (gaws_logs_client_create_log_group_sync (client, create, NULL, &error));
  g_assert_no_error (error);
  groups = gaws_logs_client_describe_log_groups_sync (client, NULL, NULL, &error);
  g_assert_no_error (error);
  list = gaws_logs_describe_log_groups_response_get_log_groups (groups);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (gaws_logs_log_group_get_log_group_name (g_ptr_array_index (list, 0)), ==, "/gaws/test");
}

static void
test_kinesis_create_and_list_streams (void)
{
  g_autoptr(GawsKinesisClient) client = CLIENT (GawsKinesisClient, gaws_kinesis_client_new);
  g_autoptr(GawsKinesisCreateStreamInput) create = gaws_kinesis_create_stream_input_new ();
  g_autoptr(GawsKinesisListStreamsOutput) streams = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *names;

  gaws_kinesis_create_stream_input_set_stream_name (create, "gaws-stream");
  gaws_kinesis_create_stream_input_set_shard_count (create, 1);
  g_assert_true (gaws_kinesis_client_create_stream_sync (client, create, NULL, &error));
  g_assert_no_error (error);
  streams = gaws_kinesis_client_list_streams_sync (client, NULL, NULL, &error);
  g_assert_no_error (error);
  names = gaws_kinesis_list_streams_output_get_stream_names (streams);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "gaws-stream");
}

/* CloudWatch lists smithy-rpc-v2-cbor, json and query: as in botocore, the
 * runtime's preference picks json. */
static void
test_cloudwatch_put_and_get_metric_data (void)
{
  g_autoptr(GawsCloudwatchClient) client = CLIENT (GawsCloudwatchClient, gaws_cloudwatch_client_new);
  g_autoptr(GawsCloudwatchPutMetricDataInput) put = gaws_cloudwatch_put_metric_data_input_new ();
  g_autoptr(GawsCloudwatchGetMetricDataInput) get = gaws_cloudwatch_get_metric_data_input_new ();
  g_autoptr(GawsCloudwatchGetMetricDataOutput) got = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start = g_date_time_add_minutes (now, -10);
  g_autoptr(GDateTime) end = g_date_time_add_minutes (now, 10);
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  g_autofree char *start_text = g_date_time_format_iso8601 (start);
  g_autofree char *end_text = g_date_time_format_iso8601 (end);
  g_autofree char *put_json = g_strdup_printf (
    "{\"Namespace\": \"gaws/test\", \"MetricData\": ["
    "{\"MetricName\": \"latency\", \"Timestamp\": \"%s\", \"Value\": 12.5, \"Unit\": \"Milliseconds\"},"
    "{\"MetricName\": \"latency\", \"Timestamp\": \"%s\", \"Value\": 7.5, \"Unit\": \"Milliseconds\"}]}",
    stamp, stamp);
  g_autofree char *get_json = g_strdup_printf (
    "{\"StartTime\": \"%s\", \"EndTime\": \"%s\", \"MetricDataQueries\": [{\"Id\": \"q1\","
    "\"MetricStat\": {\"Metric\": {\"Namespace\": \"gaws/test\", \"MetricName\": \"latency\"},"
    "\"Period\": 60, \"Stat\": \"Sum\"}}]}", start_text, end_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(json_t) json = NULL;
  json_t *values;

  tg_fill (put, put_json);
  g_assert_true (gaws_cloudwatch_client_put_metric_data_sync (client, put, NULL, &error));
  g_assert_no_error (error);
  tg_fill (get, get_json);
  got = gaws_cloudwatch_client_get_metric_data_sync (client, get, NULL, &error);
  g_assert_no_error (error);
  json = tg_to_json (got);
  values = json_object_get (json_array_get (json_object_get (json, "MetricDataResults"), 0), "Values");
  g_assert_cmpuint (json_array_size (values), ==, 1);
  g_assert_cmpfloat_with_epsilon (json_number_value (json_array_get (values, 0)), 20.0, 1e-9);
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  tg_moto_start ();

  g_test_add_func ("/generated/moto/dynamodb/table-lifecycle", test_dynamodb_table_lifecycle);
  g_test_add_func ("/generated/moto/dynamodb/resource-not-found-is-matchable",
                   test_dynamodb_resource_not_found_is_matchable);
  g_test_add_func ("/generated/moto/ssm/put-and-describe-parameters", test_ssm_put_and_describe_parameters);
  g_test_add_func ("/generated/moto/organizations/create-and-list-roots", test_organizations_create_and_list_roots);
  g_test_add_func ("/generated/moto/kms/encrypt-decrypt", test_kms_encrypt_decrypt);
  g_test_add_func ("/generated/moto/secretsmanager/create-and-get", test_secretsmanager_create_and_get);
  g_test_add_func ("/generated/moto/logs/create-and-describe-log-groups", test_logs_create_and_describe_log_groups);
  g_test_add_func ("/generated/moto/kinesis/create-and-list-streams", test_kinesis_create_and_list_streams);
  g_test_add_func ("/generated/moto/cloudwatch/put-and-get-metric-data", test_cloudwatch_put_and_get_metric_data);
  status = g_test_run ();

  tg_moto_stop ();
  return status;
}
