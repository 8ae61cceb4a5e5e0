/* gaws-example-dynamodb.h: the table aioboto3's DynamoDB examples assume
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-example.h"
#include <gaws-dynamodb.h>

/* Creates table @name with the string partition key @key unless it exists,
 * then waits until it is ACTIVE (the TableExists waiter). */
static inline gboolean
example_ensure_table (GawsDynamodbClient  *client,
                      const char          *name,
                      const char          *key,
                      GError             **error)
{
  g_autoptr(GawsDynamodbCreateTableInput) create = gaws_dynamodb_create_table_input_new ();
  g_autoptr(GawsDynamodbDescribeTableInput) describe = gaws_dynamodb_describe_table_input_new ();
  g_autoptr(GawsWaiter) waiter = gaws_dynamodb_client_get_waiter_table_exists (client);
  g_autoptr(GawsDynamodbCreateTableOutput) created = NULL;
  g_autofree char *json = g_strdup_printf (
    "{\"TableName\": \"%s\", \"BillingMode\": \"PAY_PER_REQUEST\","
    " \"KeySchema\": [{\"AttributeName\": \"%s\", \"KeyType\": \"HASH\"}],"
    " \"AttributeDefinitions\": [{\"AttributeName\": \"%s\", \"AttributeType\": \"S\"}]}", name, key, key);
  GError *local = NULL;
  ExampleCall call = { NULL };
  g_autoptr(GAsyncResult) created_result = NULL;
  g_autoptr(GAsyncResult) waited = NULL;

  if (!gaws_shape_update_from_json_string (GAWS_SHAPE (create), json, error))
    return FALSE;
  gaws_dynamodb_client_create_table_async (client, create, NULL, example_call_done, &call);
  created_result = example_await (&call);
  created = gaws_dynamodb_client_create_table_finish (client, created_result, &local);
  if (created != NULL)
    g_print ("Created table %s\n", name);
  else if (gaws_error_matches_code (local, GAWS_DYNAMODB_ERROR_RESOURCE_IN_USE_EXCEPTION))
    g_clear_error (&local);
  else
    {
      g_propagate_error (error, local);
      return FALSE;
    }

  gaws_dynamodb_describe_table_input_set_table_name (describe, name);
  gaws_waiter_wait_async (waiter, GAWS_SHAPE (describe), NULL, example_call_done, &call);
  waited = example_await (&call);
  return gaws_waiter_wait_finish (waiter, waited, error);
}
