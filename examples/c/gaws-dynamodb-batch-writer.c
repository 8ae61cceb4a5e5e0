/* gaws-dynamodb-batch-writer.c: write items with the batch writer, then
 * count them with a scan
 *
 * aioboto3's second DynamoDB example:
 *
 *   async with table.batch_writer() as dynamo_writer:
 *       await dynamo_writer.put_item(Item={'pk': 'test1', 'col1': 'some_data'})
 *       ...                                                  # test2 to test5
 *   result = await table.scan()
 *   print(result['Count'])       # 5
 *
 * The writer queues the items and sends them in BatchWriteItem calls of up
 * to 25 (its flush amount), resending what DynamoDB leaves unprocessed;
 * closing it (the end of `async with`) flushes the rest.
 *
 * Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 gaws-dynamodb-batch-writer
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
  g_autoptr(GawsDynamodbBatchWriter) writer = NULL;
  g_autoptr(GAsyncResult) closed = NULL;
  g_autoptr(GAsyncResult) scanned = NULL;
  g_autoptr(GawsDynamodbResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ExampleCall call = { NULL };

  if (!example_ensure_table (client, "test_table", "pk", &error))
    return example_fail ("Setting up test_table", error);
  table = gaws_dynamodb_table_new (GAWS_CLIENT (client), "test_table");

  /* flush_amount 0: the default, 25 */
  writer = gaws_dynamodb_table_batch_writer (table, 0, NULL);
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *pk = g_strdup_printf ("test%u", i);
      g_autoptr(GAsyncResult) queued = NULL;

      g_print ("batch writer: put_item {'pk': '%s', 'col1': 'some_data'}\n", pk);
      gaws_dynamodb_batch_writer_put_item_async (writer,
                                                 g_variant_new_parsed ("{'pk': <%s>, 'col1': <'some_data'>}", pk),
                                                 NULL, example_call_done, &call);
      queued = example_await (&call);
      if (!gaws_dynamodb_batch_writer_put_item_finish (writer, queued, &error))
        return example_fail ("batch writer put_item", error);
    }
  gaws_dynamodb_batch_writer_close_async (writer, NULL, example_call_done, &call);
  closed = example_await (&call);
  if (!gaws_dynamodb_batch_writer_close_finish (writer, closed, &error))
    return example_fail ("batch writer", error);
  g_print ("batch writer closed: %" G_GUINT64_FORMAT " items written\n",
           gaws_dynamodb_batch_writer_get_n_written (writer));

  g_print ("scan\n");
  gaws_dynamodb_table_scan_async (table, NULL, NULL, NULL, example_call_done, &call);
  scanned = example_await (&call);
  result = gaws_dynamodb_table_scan_finish (table, scanned, &error);
  if (result == NULL)
    return example_fail ("scan", error);
  g_print ("%" G_GINT64_FORMAT "\n", gaws_dynamodb_result_get_count (result));
  return 0;
}
