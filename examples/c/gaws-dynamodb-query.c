/* gaws-dynamodb-query.c: put an item into a DynamoDB table, then query it
 * with Key('pk').eq('test1')
 *
 * aioboto3's first DynamoDB example:
 *
 *   table = await dynamo_resource.Table('test_table')
 *   await table.put_item(Item={'pk': 'test1', 'col1': 'some_data'})
 *   result = await table.query(KeyConditionExpression=Key('pk').eq('test1'))
 *   print(result['Items'])       # [{'col1': 'some_data', 'pk': 'test1'}]
 *
 * Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 gaws-dynamodb-query
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-example-dynamodb.h"

int
main (void)
{
  g_autoptr(GawsSession) session = example_session_new ();
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsDynamodbClient) client = gaws_dynamodb_client_new (session, config);
  g_autoptr(GawsDynamodbTable) table = NULL;
  g_autoptr(GawsDynamodbOperand) pk = gaws_dynamodb_operand_key ("pk");
  g_autoptr(GawsDynamodbCondition) key = gaws_dynamodb_operand_eq (pk, g_variant_new_string ("test1"));
  g_autoptr(GAsyncResult) put_result = NULL;
  g_autoptr(GAsyncResult) query_result = NULL;
  g_autoptr(GawsDynamodbResult) put = NULL;
  g_autoptr(GawsDynamodbResult) found = NULL;
  g_autofree char *items = NULL;
  g_autoptr(GError) error = NULL;
  ExampleCall call = { NULL };

  if (!example_ensure_table (client, "test_table", "pk", &error))
    return example_fail ("Setting up test_table", error);
  table = gaws_dynamodb_table_new (GAWS_CLIENT (client), "test_table");

  g_print ("put_item {'pk': 'test1', 'col1': 'some_data'}\n");
  gaws_dynamodb_table_put_item_async (table, g_variant_new_parsed ("{'pk': <'test1'>, 'col1': <'some_data'>}"),
                                      NULL, NULL, NULL, example_call_done, &call);
  put_result = example_await (&call);
  put = gaws_dynamodb_table_put_item_finish (table, put_result, &error);
  if (put == NULL)
    return example_fail ("put_item", error);

  g_print ("query KeyConditionExpression=Key('pk').eq('test1')\n");
  gaws_dynamodb_table_query_async (table, key, NULL, NULL, NULL, example_call_done, &call);
  query_result = example_await (&call);
  found = gaws_dynamodb_table_query_finish (table, query_result, &error);
  if (found == NULL)
    return example_fail ("query", error);

  items = example_format_python (gaws_dynamodb_result_get_items (found));
  g_print ("%s\n", items);
  return 0;
}
