/* gaws-test-dynamodb.c: DynamoDB emulators (dynalite, moto) and raw JSON
 * calls for the tests of the DynamoDB values and conditions
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-dynamodb.h"
#include "gaws-test-emulator.h"
#include "gaws-test-moto.h"
#include "gaws-test-raw.h"

/* Each emulator starts on first use and serves every test of the program:
 * starting one takes longer than all the requests a test makes. */
static GawsTestEmulator *dynalite;
static GawsTestMoto *moto;
static GawsClient *clients[2];

static GawsClient *
client_for (const char *url)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDGAWSTEST", "secret", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();

  gaws_session_set_region (session, "us-east-1");
  gaws_client_config_set_endpoint_url (config, url);
  return gaws_client_new (session, config, &gaws_test_dynamodb_service);
}

/**
 * gaws_test_dynamodb_get_client:
 * @kind: which emulator
 *
 * Starts the emulator if this program has not yet.
 *
 * Returns: (transfer none): a client for it
 */
GawsClient *
gaws_test_dynamodb_get_client (GawsTestDynamodbKind kind)
{
  if (clients[kind] != NULL)
    return clients[kind];
  if (kind == GAWS_TEST_DYNAMODB_DYNALITE)
    {
      dynalite = gaws_test_emulator_start (GAWS_TEST_EMULATOR_DYNALITE, NULL);
      clients[kind] = client_for (gaws_test_emulator_get_url (dynalite));
    }
  else
    {
      moto = gaws_test_moto_start (G_MAXUINT);
      clients[kind] = client_for (gaws_test_moto_get_url (moto));
    }
  return clients[kind];
}

/**
 * gaws_test_dynamodb_stop_all:
 *
 * Stops the emulators this program started.
 */
void
gaws_test_dynamodb_stop_all (void)
{
  g_clear_object (&clients[GAWS_TEST_DYNAMODB_DYNALITE]);
  g_clear_object (&clients[GAWS_TEST_DYNAMODB_MOTO]);
  g_clear_pointer (&dynalite, gaws_test_emulator_stop);
  g_clear_pointer (&moto, gaws_test_moto_stop);
}

static json_t *
call (GawsClient *client, const char *operation, json_t *request, GError **error)
{
  g_autofree char *body = json_dumps (request, JSON_COMPACT);
  g_autoptr(GawsHttpResponse) response = gaws_test_dynamodb_call (client, operation, body, error);
  GBytes *bytes;
  json_t *json;

  if (response == NULL)
    return NULL;
  bytes = gaws_http_response_get_body (response);
  json = json_loadb (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), 0, NULL);
  g_assert_nonnull (json);
  return json;
}

/**
 * gaws_test_dynamodb_request:
 * @client: a client from gaws_test_dynamodb_get_client()
 * @operation: such as `PutItem`
 * @request: (transfer full): the request document
 *
 * Fails the test on any error. dynalite creates tables asynchronously, so a
 * `ResourceNotFoundException` is retried for a while.
 *
 * Returns: (transfer full): the response document
 */
json_t *
gaws_test_dynamodb_request (GawsClient *client, const char *operation, json_t *request)
{
  g_autoptr(GError) error = NULL;
  json_t *response = call (client, operation, request, &error);

  for (int i = 0; i < 200 && error && gaws_error_matches_code (error, "ResourceNotFoundException"); i++)
    {
      g_clear_error (&error);
      g_usleep (25000);
      response = call (client, operation, request, &error);
    }
  if (error != NULL)
    {
      g_autofree char *text = json_dumps (request, JSON_COMPACT);
      g_test_message ("%s %s", operation, text);
    }
  g_assert_no_error (error);
  json_decref (request);
  return response;
}

/**
 * gaws_test_dynamodb_create_table:
 * @client: a client from gaws_test_dynamodb_get_client()
 * @table: its name
 * @hash_key: the name of its string partition key
 * @range_key: (nullable): the name of its string sort key
 *
 * Creates the table, which must not exist yet, and waits until it is active.
 */
void
gaws_test_dynamodb_create_table (GawsClient *client, const char *table, const char *hash_key,
                                 const char *range_key)
{
  json_t *keys = json_pack ("[{s:s, s:s}]", "AttributeName", hash_key, "KeyType", "HASH");
  json_t *definitions = json_pack ("[{s:s, s:s}]", "AttributeName", hash_key, "AttributeType", "S");
  json_t *response;

  if (range_key != NULL)
    {
      json_array_append_new (keys, json_pack ("{s:s, s:s}", "AttributeName", range_key, "KeyType", "RANGE"));
      json_array_append_new (definitions,
                             json_pack ("{s:s, s:s}", "AttributeName", range_key, "AttributeType", "S"));
    }
  response = gaws_test_dynamodb_request (client, "CreateTable",
                                         json_pack ("{s:s, s:o, s:o, s:s}", "TableName", table,
                                                    "KeySchema", keys, "AttributeDefinitions", definitions,
                                                    "BillingMode", "PAY_PER_REQUEST"));
  json_decref (response);
  for (int i = 0; i < 400; i++)
    {
      const char *status;

      response = gaws_test_dynamodb_request (client, "DescribeTable", json_pack ("{s:s}", "TableName", table));
      status = json_string_value (json_object_get (json_object_get (response, "Table"), "TableStatus"));
      if (g_strcmp0 (status, "ACTIVE") == 0)
        {
          json_decref (response);
          return;
        }
      json_decref (response);
      g_usleep (25000);
    }
  g_assert_not_reached ();
}
