/* gaws-smoke.c: the demo: the runtime end to end against an AWS endpoint
 *
 * Usage: gaws-smoke [--endpoint-url URL]
 *
 * With moto_server it creates an IAM user and an access key, then signs
 * with that key: STS GetCallerIdentity, 20 concurrent calls on one client
 * printing each output's RetryAttempts (from its ResponseMetadata, as
 * botocore's r["ResponseMetadata"]["RetryAttempts"]), and then aioboto3's
 * DynamoDB example through the generated client: put an item, query it
 * back with Key("pk").eq("test1").
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include <gaws.h>
#include <gaws-dynamodb.h>
#include <gaws-iam.h>
#include <gaws-sts.h>

static char *endpoint_url;

static GawsSession *
make_session (const char *key, const char *secret)
{
  GawsSession *session = gaws_session_new_with_credentials (key, secret, NULL);

  gaws_session_set_region (session, "us-east-1");
  return session;
}

static GawsClientConfig *
make_config (void)
{
  GawsClientConfig *config = gaws_client_config_new ();

  if (endpoint_url)
    gaws_client_config_set_endpoint_url (config, endpoint_url);
  gaws_client_config_set_max_attempts (config, 5);
  gaws_client_config_set_retry_mode (config, GAWS_RETRY_MODE_STANDARD);
  return config;
}

/* CreateUser then CreateAccessKey: the new key's id and secret. */
static gboolean
create_user_and_key (char **key_id, char **secret)
{
  g_autoptr(GawsSession) session = make_session ("AKIDDEMO", "demo-secret");
  g_autoptr(GawsClientConfig) config = make_config ();
  g_autoptr(GawsIamClient) iam = gaws_iam_client_new (session, config);
  g_autoptr(GawsIamCreateUserRequest) user = gaws_iam_create_user_request_new ();
  g_autoptr(GawsIamCreateUserResponse) created = NULL;
  g_autoptr(GawsIamCreateAccessKeyRequest) key = gaws_iam_create_access_key_request_new ();
  g_autoptr(GawsIamCreateAccessKeyResponse) key_created = NULL;
  g_autoptr(GError) error = NULL;
  GawsIamAccessKey *access_key;

  gaws_iam_create_user_request_set_user_name (user, "gaws-demo");
  created = gaws_iam_client_create_user_sync (iam, user, NULL, &error);
  if (created == NULL)
    {
      g_printerr ("CreateUser failed: %s\n", error->message);
      return FALSE;
    }
  gaws_iam_create_access_key_request_set_user_name (key, "gaws-demo");
  key_created = gaws_iam_client_create_access_key_sync (iam, key, NULL, &error);
  if (key_created == NULL)
    {
      g_printerr ("CreateAccessKey failed: %s\n", error->message);
      return FALSE;
    }
  access_key = gaws_iam_create_access_key_response_get_access_key (key_created);
  *key_id = g_strdup (gaws_iam_access_key_get_access_key_id (access_key));
  *secret = g_strdup (gaws_iam_access_key_get_secret_access_key (access_key));
  return TRUE;
}

typedef struct {
  int pending;
  int failed;
} Batch;

static void
identity_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Batch *batch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsStsGetCallerIdentityResponse) identity =
    gaws_sts_client_get_caller_identity_finish (GAWS_STS_CLIENT (source), result, &error);

  if (identity)
    {
      GawsResponseMetadata *metadata = gaws_shape_get_response_metadata (GAWS_SHAPE (identity));

      g_print ("  GetCallerIdentity: account %s, RetryAttempts %u\n",
               gaws_sts_get_caller_identity_response_get_account (identity),
               gaws_response_metadata_get_retry_attempts (metadata));
    }
  else
    {
      g_printerr ("  GetCallerIdentity failed: %s\n", error->message);
      batch->failed++;
    }
  batch->pending--;
}

static GawsDynamodbClient *
make_dynamodb_client (const char *key, const char *secret)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials (key, secret, NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();

  gaws_session_set_region (session, "us-east-1");
  if (endpoint_url)
    gaws_client_config_set_endpoint_url (config, endpoint_url);
  return gaws_dynamodb_client_new (session, config);
}

/* Each item as natural JSON, as boto3's resource layer would show it. */
static void
print_natural_items (GawsDynamodbQueryOutput *output)
{
  g_autofree char *text = gaws_shape_to_json_string (GAWS_SHAPE (output));
  json_t *json = json_loads (text, 0, NULL);
  json_t *item;
  gsize i;

  json_array_foreach (json_object_get (json, "Items"), i, item)
    {
      g_autofree char *wire = json_dumps (item, JSON_SORT_KEYS | JSON_COMPACT);
      g_autofree char *natural = gaws_dynamodb_item_to_json (wire, NULL);
      g_print ("  %s\n", natural ? natural : wire);
    }
  json_decref (json);
}

/* aioboto3's usage page: put {'pk': 'test1', 'col1': 'some_data'}, then
 * query with Key('pk').eq('test1'). */
static gboolean
dynamodb_put_and_query (const char *key, const char *secret)
{
  g_autoptr(GawsDynamodbClient) client = make_dynamodb_client (key, secret);
  g_autoptr(GawsDynamodbCreateTableInput) create = gaws_dynamodb_create_table_input_new ();
  g_autoptr(GawsDynamodbCreateTableOutput) created = NULL;
  g_autoptr(GawsDynamodbPutItemInput) put = gaws_dynamodb_put_item_input_new ();
  g_autoptr(GawsDynamodbPutItemOutput) put_done = NULL;
  g_autoptr(GawsDynamodbQueryInput) query_input = gaws_dynamodb_query_input_new ();
  g_autoptr(GawsDynamodbQueryOutput) found = NULL;
  g_autoptr(GawsDynamodbExpressionBuilder) builder = gaws_dynamodb_expression_builder_new ();
  g_autoptr(GawsDynamodbOperand) pk = gaws_dynamodb_operand_key ("pk");
  g_autoptr(GawsDynamodbCondition) condition = gaws_dynamodb_operand_eq (pk, g_variant_new_string ("test1"));
  g_autoptr(GVariant) item = g_variant_ref_sink (g_variant_new_parsed ("{'pk': <'test1'>, 'col1': <'some_data'>}"));
  g_autofree char *item_json = NULL;
  g_autofree char *put_json = NULL;
  g_autofree char *expression = NULL;
  g_autofree char *names = NULL;
  g_autofree char *values = NULL;
  g_autofree char *query_json = NULL;
  g_autoptr(GError) error = NULL;

  gaws_shape_update_from_json_string (GAWS_SHAPE (create),
    "{\"TableName\": \"test_table\", \"BillingMode\": \"PAY_PER_REQUEST\","
    " \"KeySchema\": [{\"AttributeName\": \"pk\", \"KeyType\": \"HASH\"}],"
    " \"AttributeDefinitions\": [{\"AttributeName\": \"pk\", \"AttributeType\": \"S\"}]}", &error);
  if (error == NULL)
    created = gaws_dynamodb_client_create_table_sync (client, create, NULL, &error);

  /* natural values in, AttributeValues on the wire */
  if (error == NULL)
    item_json = gaws_dynamodb_item_from_variant (item, &error);
  if (error == NULL)
    {
      put_json = g_strdup_printf ("{\"TableName\": \"test_table\", \"Item\": %s}", item_json);
      gaws_shape_update_from_json_string (GAWS_SHAPE (put), put_json, &error);
    }
  if (error == NULL)
    put_done = gaws_dynamodb_client_put_item_sync (client, put, NULL, &error);

  /* Key("pk").eq("test1"), compiled as boto3 compiles it */
  if (error == NULL)
    expression = gaws_dynamodb_expression_builder_add_key_condition (builder, condition, &error);
  if (error == NULL)
    {
      names = gaws_dynamodb_expression_builder_get_names_json (builder);
      values = gaws_dynamodb_expression_builder_get_values_json (builder);
      query_json = g_strdup_printf ("{\"TableName\": \"test_table\", \"KeyConditionExpression\": \"%s\","
                                    " \"ExpressionAttributeNames\": %s, \"ExpressionAttributeValues\": %s}",
                                    expression, names, values);
      gaws_shape_update_from_json_string (GAWS_SHAPE (query_input), query_json, &error);
    }
  if (error == NULL)
    found = gaws_dynamodb_client_query_sync (client, query_input, NULL, &error);
  if (error != NULL)
    {
      g_printerr ("DynamoDB example failed: %s\n", error->message);
      return FALSE;
    }
  g_print ("DynamoDB: query with KeyConditionExpression %s returned:\n", expression);
  print_natural_items (found);
  return TRUE;
}

int
main (int argc, char **argv)
{
  GOptionEntry entries[] = {
    { "endpoint-url", 0, 0, G_OPTION_ARG_STRING, &endpoint_url, "Endpoint of all services", "URL" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- gaws runtime demo");
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsSession) session = NULL;
  g_autoptr(GawsClientConfig) config = NULL;
  g_autoptr(GawsStsClient) sts = NULL;
  g_autoptr(GawsStsGetCallerIdentityRequest) identity = gaws_sts_get_caller_identity_request_new ();
  g_autofree char *key_id = NULL;
  g_autofree char *secret = NULL;
  Batch batch = { 0, 0 };

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  g_print ("IAM endpoint: %s\n", endpoint_url ? endpoint_url : "(default)");
  if (!create_user_and_key (&key_id, &secret))
    return 1;
  g_print ("Created user gaws-demo with access key %s\n", key_id);

  session = make_session (key_id, secret);
  config = make_config ();
  sts = gaws_sts_client_new (session, config);
  g_print ("20 concurrent signed calls on one client:\n");
  for (int i = 0; i < 20; i++)
    {
      batch.pending++;
      gaws_sts_client_get_caller_identity_async (sts, identity, NULL, identity_cb, &batch);
    }
  while (batch.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_print ("%s\n", batch.failed ? "Some calls failed" : "All calls succeeded");
  if (!dynamodb_put_and_query (key_id, secret))
    return 1;
  return batch.failed ? 1 : 0;
}
