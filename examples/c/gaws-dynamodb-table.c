/* gaws-dynamodb-table.c: aioboto3's two DynamoDB examples with the Table
 * resource and the batch writer, asynchronously on a main loop
 *
 * Usage: gaws-dynamodb-table [--endpoint-url URL]
 *
 * Creates test_table (partition key pk) if needed, then:
 *
 *   await table.put_item(Item={'pk': 'test1', 'col1': 'some_data'})
 *   result = await table.query(KeyConditionExpression=Key('pk').eq('test1'))
 *   print(result['Items'])         # [{'col1': 'some_data', 'pk': 'test1'}]
 *
 *   async with table.batch_writer() as dynamo_writer:
 *       await dynamo_writer.put_item(Item={'pk': 'test1', 'col1': 'some_data'})   # … test5
 *   result = await table.scan()
 *   print(result['Count'])         # 5
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include <gaws.h>
#include <gaws-dynamodb.h>

typedef struct {
  GMainLoop               *loop;
  GawsDynamodbTable       *table;
  GawsDynamodbBatchWriter *writer;
  guint                    next_put;
  int                      status;
} Demo;

static void
fail (Demo *demo, const char *what, GError *error)
{
  g_printerr ("%s failed: %s\n", what, error->message);
  g_error_free (error);
  demo->status = 1;
  g_main_loop_quit (demo->loop);
}

static void
scanned (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Demo *demo = user_data;
  GError *error = NULL;
  g_autoptr(GawsDynamodbResult) answer = gaws_dynamodb_table_scan_finish (demo->table, result, &error);

  if (answer == NULL)
    return fail (demo, "scan", error);
  g_print ("scan: Count %" G_GINT64_FORMAT "\n", gaws_dynamodb_result_get_count (answer));
  g_main_loop_quit (demo->loop);
}

static void
writer_closed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Demo *demo = user_data;
  GError *error = NULL;

  if (!gaws_dynamodb_batch_writer_close_finish (demo->writer, result, &error))
    return fail (demo, "batch writer", error);
  gaws_dynamodb_table_scan_async (demo->table, NULL, NULL, NULL, scanned, demo);
}

static void put_next (Demo *demo);

static void
writer_put_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Demo *demo = user_data;
  GError *error = NULL;

  if (!gaws_dynamodb_batch_writer_put_item_finish (demo->writer, result, &error))
    return fail (demo, "batch writer put", error);
  put_next (demo);
}

/* Each put awaited before the next, as `await dynamo_writer.put_item(…)`. */
static void
put_next (Demo *demo)
{
  g_autofree char *pk = NULL;

  if (demo->next_put == 5)
    {
      gaws_dynamodb_batch_writer_close_async (demo->writer, NULL, writer_closed, demo);
      return;
    }
  pk = g_strdup_printf ("test%u", ++demo->next_put);
  gaws_dynamodb_batch_writer_put_item_async (demo->writer,
                                             g_variant_new_parsed ("{'pk': <%s>, 'col1': <'some_data'>}", pk),
                                             NULL, writer_put_done, demo);
}

static void
queried (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Demo *demo = user_data;
  GError *error = NULL;
  g_autoptr(GawsDynamodbResult) answer = gaws_dynamodb_table_query_finish (demo->table, result, &error);
  g_autofree char *items = NULL;

  if (answer == NULL)
    return fail (demo, "query", error);
  items = g_variant_print (gaws_dynamodb_result_get_items (answer), FALSE);
  g_print ("query: %s\n", items);
  demo->writer = gaws_dynamodb_table_batch_writer (demo->table, 0, NULL);
  put_next (demo);
}

static void
put_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Demo *demo = user_data;
  GError *error = NULL;
  g_autoptr(GawsDynamodbResult) answer = gaws_dynamodb_table_put_item_finish (demo->table, result, &error);
  g_autoptr(GawsDynamodbOperand) pk = gaws_dynamodb_operand_key ("pk");
  g_autoptr(GawsDynamodbCondition) key = gaws_dynamodb_operand_eq (pk, g_variant_new_string ("test1"));

  if (answer == NULL)
    return fail (demo, "put_item", error);
  gaws_dynamodb_table_query_async (demo->table, key, NULL, NULL, NULL, queried, demo);
}

/* A new table is CREATING for a while; items go in once it is ACTIVE. */
static gboolean
wait_until_active (GawsDynamodbClient *client)
{
  g_autoptr(GawsDynamodbDescribeTableInput) input = gaws_dynamodb_describe_table_input_new ();

  gaws_dynamodb_describe_table_input_set_table_name (input, "test_table");
  for (int i = 0; i < 600; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GawsDynamodbDescribeTableOutput) output =
        gaws_dynamodb_client_describe_table_sync (client, input, NULL, &error);
      GawsDynamodbTableDescription *table = output ? gaws_dynamodb_describe_table_output_get_table (output) : NULL;

      if (table != NULL && g_strcmp0 (gaws_dynamodb_table_description_get_table_status (table), "ACTIVE") == 0)
        return TRUE;
      if (error != NULL && !gaws_error_matches_code (error, "ResourceNotFoundException"))
        {
          g_printerr ("DescribeTable failed: %s\n", error->message);
          return FALSE;
        }
      g_usleep (100000);
    }
  g_printerr ("test_table did not become ACTIVE\n");
  return FALSE;
}

static gboolean
create_table (GawsDynamodbClient *client)
{
  g_autoptr(GawsDynamodbCreateTableInput) input = gaws_dynamodb_create_table_input_new ();
  g_autoptr(GawsDynamodbCreateTableOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_shape_update_from_json_string (GAWS_SHAPE (input),
    "{\"TableName\": \"test_table\", \"BillingMode\": \"PAY_PER_REQUEST\","
    " \"KeySchema\": [{\"AttributeName\": \"pk\", \"KeyType\": \"HASH\"}],"
    " \"AttributeDefinitions\": [{\"AttributeName\": \"pk\", \"AttributeType\": \"S\"}]}", &error);
  if (error == NULL)
    output = gaws_dynamodb_client_create_table_sync (client, input, NULL, &error);
  if (error != NULL && !gaws_error_matches_code (error, "ResourceInUseException"))
    {
      g_printerr ("CreateTable failed: %s\n", error->message);
      return FALSE;
    }
  return wait_until_active (client);
}

int
main (int argc, char **argv)
{
  g_autofree char *endpoint_url = NULL;
  GOptionEntry entries[] = {
    { "endpoint-url", 0, 0, G_OPTION_ARG_STRING, &endpoint_url, "DynamoDB endpoint", "URL" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- aioboto3's DynamoDB examples");
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsDynamodbClient) client = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GawsDynamodbTable) table = NULL;
  Demo demo = { loop, NULL, NULL, 0, 0 };

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (endpoint_url != NULL)
    gaws_client_config_set_endpoint_url (config, endpoint_url);
  client = gaws_dynamodb_client_new (session, config);
  if (!create_table (client))
    return 1;

  table = gaws_dynamodb_table_new (GAWS_CLIENT (client), "test_table");
  demo.table = table;
  gaws_dynamodb_table_put_item_async (table, g_variant_new_parsed ("{'pk': <'test1'>, 'col1': <'some_data'>}"),
                                      NULL, NULL, NULL, put_done, &demo);
  g_main_loop_run (loop);
  g_clear_object (&demo.writer);
  return demo.status;
}
