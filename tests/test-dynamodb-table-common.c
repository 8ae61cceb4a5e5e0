/* test-dynamodb-table-common.c: the tests of GawsDynamodbTable and
 * GawsDynamodbBatchWriter that run against every DynamoDB emulator (the
 * programs test-dynamodb-table-moto and test-dynamodb-table-npm give the
 * client)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-dynamodb.h"
#include "gaws-test-server.h"

#include <math.h>
#include <string.h>

static GawsTestDynamodbClientFunc get_client;

static GawsDynamodbTable *
new_table (const char *name, const char *hash_key, const char *range_key)
{
  GawsClient *client = get_client ();

  gaws_test_dynamodb_create_table (client, name, hash_key, range_key);
  return gaws_dynamodb_table_new (client, name);
}

/* ---- waiting for async calls ---- */

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* A task tagged with the function that made it, not named after a
 * variable by GLib's g_task_set_source_tag() macro ("source_tag"). */
static void
assert_task_not_misnamed (GAsyncResult *result)
{
  if (G_IS_TASK (result))
    g_assert_cmpstr (g_task_get_name (G_TASK (result)), !=, "source_tag");
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **slot = user_data;

  assert_task_not_misnamed (result);
  *slot = g_object_ref (result);
}

/* ---- comparing items ---- */

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
sort_sets (json_t *value)
{
  const char *key;
  json_t *member;
  size_t i;

  if (json_is_array (value))
    json_array_foreach (value, i, member)
      sort_sets (member);
  if (!json_is_object (value))
    return;
  json_object_foreach (value, key, member)
    {
      if (json_is_array (member) && (g_str_equal (key, "SS") || g_str_equal (key, "NS") || g_str_equal (key, "BS")))
        {
          g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

          for (i = 0; i < json_array_size (member); i++)
            g_ptr_array_add (texts, g_strdup (json_string_value (json_array_get (member, i))));
          g_ptr_array_sort (texts, compare_strings);
          json_array_clear (member);
          for (i = 0; i < texts->len; i++)
            json_array_append_new (member, json_string (texts->pdata[i]));
        }
      else
        sort_sets (member);
    }
}

/* The wire form of a natural item, sets sorted (DynamoDB keeps no order)
 * and keys sorted: equal text is equal items. */
static char *
canonical (GVariant *item)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wire = gaws_dynamodb_item_from_variant (item, &error);
  json_t *json;
  char *text;

  g_assert_no_error (error);
  json = json_loads (wire, 0, NULL);
  sort_sets (json);
  text = json_dumps (json, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref (json);
  return text;
}

static GVariant *
parsed (const char *format, ...)
{
  va_list args;
  GVariant *value;

  va_start (args, format);
  value = g_variant_new_parsed_va (format, &args);
  va_end (args);
  return value;
}

/* ---- aioboto3's usage page ---- */

/* await table.put_item(Item={'pk': 'test1', 'col1': 'some_data'})
 * result = await table.query(KeyConditionExpression=Key('pk').eq('test1'))
 * print(result['Items'])   # [{'col1': 'some_data', 'pk': 'test1'}] */
static void
test_aioboto3_put_then_query (void)
{
  g_autoptr(GawsDynamodbTable) table = new_table ("test_table", "pk", NULL);
  g_autoptr(GawsDynamodbOperand) pk = gaws_dynamodb_operand_key ("pk");
  g_autoptr(GawsDynamodbCondition) key = gaws_dynamodb_operand_eq (pk, g_variant_new_string ("test1"));
  g_autoptr(GAsyncResult) put_result = NULL;
  g_autoptr(GAsyncResult) query_result = NULL;
  g_autoptr(GawsDynamodbResult) put = NULL;
  g_autoptr(GawsDynamodbResult) found = NULL;
  g_autoptr(GVariant) expected = g_variant_ref_sink (parsed ("[{'col1': <'some_data'>, 'pk': <'test1'>}]"));
  g_autoptr(GError) error = NULL;

  gaws_dynamodb_table_put_item_async (table, parsed ("{'pk': <'test1'>, 'col1': <'some_data'>}"), NULL, NULL,
                                      NULL, store_result, &put_result);
  put = gaws_dynamodb_table_put_item_finish (table, wait_result (&put_result), &error);
  g_assert_no_error (error);
  g_assert_null (gaws_dynamodb_result_get_attributes (put));

  gaws_dynamodb_table_query_async (table, key, NULL, NULL, NULL, store_result, &query_result);
  found = gaws_dynamodb_table_query_finish (table, wait_result (&query_result), &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_equal (gaws_dynamodb_result_get_items (found), expected));
  g_assert_cmpint (gaws_dynamodb_result_get_count (found), ==, 1);
  g_assert_null (gaws_dynamodb_result_get_last_evaluated_key (found));
  g_assert_true (GAWS_IS_SHAPE (gaws_dynamodb_result_get_output (found)));
}

typedef struct {
  GawsDynamodbBatchWriter *writer;
  guint                    next;
  guint                    total;
  const char              *prefix;
  GError                  *error;
  gboolean                 done;
} Feed;

static void feed_next (Feed *feed);

static void
feed_closed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Feed *feed = user_data;

  gaws_dynamodb_batch_writer_close_finish (feed->writer, result, &feed->error);
  feed->done = TRUE;
}

static void
feed_put (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Feed *feed = user_data;

  assert_task_not_misnamed (result);
  if (!gaws_dynamodb_batch_writer_put_item_finish (feed->writer, result, &feed->error))
    {
      feed->done = TRUE;
      return;
    }
  /* back pressure: less than a batch queued besides the one in flight,
   * and the unprocessed requests of one batch that came back since */
  g_assert_cmpuint (gaws_dynamodb_batch_writer_get_n_queued (feed->writer), <,
                    2 * gaws_dynamodb_batch_writer_get_flush_amount (feed->writer));
  feed->next++;
  feed_next (feed);
}

static void
feed_next (Feed *feed)
{
  g_autofree char *pk = NULL;

  if (feed->next == feed->total)
    {
      gaws_dynamodb_batch_writer_close_async (feed->writer, NULL, feed_closed, feed);
      return;
    }
  pk = g_strdup_printf ("%s%05u", feed->prefix, feed->next + 1);
  gaws_dynamodb_batch_writer_put_item_async (feed->writer,
                                             parsed ("{'pk': <%s>, 'col1': <'some_data'>, 'n': <%u>}",
                                                     pk, feed->next),
                                             NULL, feed_put, feed);
}

/* Puts through the async writer, each awaited, then close, as aioboto3's
 * `async with table.batch_writer() as w: await w.put_item(…)`. */
static void
write_items (GawsDynamodbBatchWriter *writer, const char *prefix, guint total)
{
  Feed feed = { writer, 0, total, prefix, NULL, FALSE };

  feed_next (&feed);
  while (!feed.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (feed.error);
  g_assert_cmpuint (gaws_dynamodb_batch_writer_get_n_queued (writer), ==, 0);
  g_assert_cmpuint (gaws_dynamodb_batch_writer_get_n_written (writer), ==, total);
  g_assert_null (gaws_dynamodb_batch_writer_get_unwritten (writer));
}

/* async with table.batch_writer() as dynamo_writer:
 *     await dynamo_writer.put_item(Item={'pk': 'test1', 'col1': 'some_data'})   # … test5
 * result = await table.scan()
 * print(result['Count'])   # 5 */
static void
test_aioboto3_batch_writer_then_scan (void)
{
  g_autoptr(GawsDynamodbTable) table = new_table ("batch_table", "pk", NULL);
  g_autoptr(GawsDynamodbBatchWriter) writer = gaws_dynamodb_table_batch_writer (table, 0, NULL);
  g_autoptr(GawsDynamodbResult) scanned = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (gaws_dynamodb_batch_writer_get_flush_amount (writer), ==, 25);
  write_items (writer, "test", 5);
  scanned = gaws_dynamodb_table_scan_sync (table, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gaws_dynamodb_result_get_count (scanned), ==, 5);
  g_assert_cmpuint (gaws_dynamodb_result_get_n_items (scanned), ==, 5);
}

/* ---- values ---- */

static GVariant *
every_kind_item (void)
{
  return parsed ("{'pk': <'every-kind'>, 's': <'h\\u00e9llo \\u2603'>, 'empty': <''>,"
                 " 'n38': <('N', <'12345678901234567890123456789012345678'>)>,"
                 " 'frac38': <('N', <'-0.12345678901234567890123456789012345678'>)>,"
                 " 'big': <('N', <'9.9999999999999999999999999999999999999E+125'>)>,"
                 " 'tiny': <('N', <'1E-130'>)>, 'int': <int64 -9007199254740993>,"
                 " 'b': <[byte 0x00, 0x01, 0xfe, 0xff]>, 'yes': <true>, 'no': <false>,"
                 " 'nothing': <@mv nothing>,"
                 " 'list': <[<'a'>, <('N', <'1'>)>, <[<@mv nothing>]>, <{'k': <'v'>}>]>, 'emptylist': <@av []>,"
                 " 'map': <{'inner': <{'deep': <('SS', <['x']>)>}>, 'flag': <true>}>, 'emptymap': <@a{sv} {}>,"
                 " 'ss': <('SS', <['a', 'b', 'c']>)>, 'ns': <('NS', <['-1', '0.5', '10']>)>,"
                 " 'bs': <('BS', <[[byte 0x00], [byte 0x01, 0x02]]>)>}");
}

static void
test_every_kind_round_trip (void)
{
  g_autoptr(GawsDynamodbTable) table = new_table ("values", "pk", NULL);
  g_autoptr(GVariant) item = g_variant_ref_sink (every_kind_item ());
  g_autoptr(GawsDynamodbResult) put = NULL;
  g_autoptr(GawsDynamodbResult) got = NULL;
  g_autoptr(GawsDynamodbResult) as_int64 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = canonical (item);
  g_autofree char *back = NULL;
  gint64 number;

  put = gaws_dynamodb_table_put_item_sync (table, item, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  got = gaws_dynamodb_table_get_item_sync (table, parsed ("{'pk': <'every-kind'>}"),
                                           parsed ("{'ConsistentRead': <true>}"), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (gaws_dynamodb_result_get_item (got));
  back = canonical (gaws_dynamodb_result_get_item (got));
  g_assert_cmpstr (back, ==, expected);

  /* exact decimal text by default; integers as x when asked */
  g_assert_true (g_variant_lookup (gaws_dynamodb_result_get_item (got), "int", "(s@v)", NULL, NULL));
  gaws_dynamodb_table_set_value_flags (table, GAWS_DYNAMODB_VALUE_INT64_NUMBERS);
  as_int64 = gaws_dynamodb_table_get_item_sync (table, parsed ("{'pk': <'every-kind'>}"), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (gaws_dynamodb_result_get_item (as_int64), "int", "x", &number));
  g_assert_cmpint (number, ==, -9007199254740993);
}

/* ---- the other actions ---- */

static void
test_update_delete_and_missing (void)
{
  g_autoptr(GawsDynamodbTable) table = new_table ("actions", "pk", "sk");
  g_autoptr(GawsDynamodbOperand) count = gaws_dynamodb_operand_attr ("count");
  g_autoptr(GawsDynamodbCondition) is_one = gaws_dynamodb_operand_eq (count, g_variant_new_int32 (1));
  g_autoptr(GawsDynamodbResult) put = NULL;
  g_autoptr(GawsDynamodbResult) updated = NULL;
  g_autoptr(GawsDynamodbResult) refused = NULL;
  g_autoptr(GawsDynamodbResult) deleted = NULL;
  g_autoptr(GawsDynamodbResult) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) key = g_variant_ref_sink (parsed ("{'pk': <'a'>, 'sk': <'1'>}"));
  g_autofree char *attributes = NULL;

  put = gaws_dynamodb_table_put_item_sync (table, parsed ("{'pk': <'a'>, 'sk': <'1'>, 'count': <1>}"), NULL,
                                           NULL, NULL, &error);
  g_assert_no_error (error);

  /* an update expression of one's own, its values merged with the condition's */
  updated = gaws_dynamodb_table_update_item_sync (table, key, "SET #c = #c + :inc, note = :note", is_one,
                                                  parsed ("{'ExpressionAttributeNames': <{'#c': <'count'>}>,"
                                                          " 'ExpressionAttributeValues': <{':inc': <2>, ':note': <'x'>}>,"
                                                          " 'ReturnValues': <'ALL_NEW'>}"),
                                                  NULL, &error);
  g_assert_no_error (error);
  attributes = canonical (gaws_dynamodb_result_get_attributes (updated));
  g_assert_cmpstr (attributes, ==,
                   "{\"count\":{\"N\":\"3\"},\"note\":{\"S\":\"x\"},\"pk\":{\"S\":\"a\"},\"sk\":{\"S\":\"1\"}}");

  /* the same condition now fails */
  refused = gaws_dynamodb_table_update_item_sync (table, key, "SET #c = #c + :inc", is_one,
                                                  parsed ("{'ExpressionAttributeNames': <{'#c': <'count'>}>,"
                                                          " 'ExpressionAttributeValues': <{':inc': <2>}>}"),
                                                  NULL, &error);
  g_assert_null (refused);
  g_assert_true (gaws_error_matches_code (error, "ConditionalCheckFailedException"));
  g_clear_error (&error);

  deleted = gaws_dynamodb_table_delete_item_sync (table, key, NULL, parsed ("{'ReturnValues': <'ALL_OLD'>}"),
                                                  NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (gaws_dynamodb_result_get_attributes (deleted));
  missing = gaws_dynamodb_table_get_item_sync (table, key, parsed ("{'ConsistentRead': <true>}"), NULL, &error);
  g_assert_no_error (error);
  g_assert_null (gaws_dynamodb_result_get_item (missing));
}

/* Refused before any request: the client would otherwise send nonsense. */
static void
test_bad_arguments (void)
{
  g_autoptr(GawsDynamodbTable) table = gaws_dynamodb_table_new (get_client (), "never-created");
  g_autoptr(GawsDynamodbOperand) a = gaws_dynamodb_operand_attr ("a");
  g_autoptr(GawsDynamodbCondition) condition = gaws_dynamodb_operand_eq (a, g_variant_new_int32 (1));
  g_autoptr(GawsDynamodbCondition) nan = gaws_dynamodb_operand_eq (a, g_variant_new_double (NAN));
  struct {
    GVariant              *item;
    GawsDynamodbCondition *condition;
    GVariant              *params;
    const char            *message;
  } cases[] = {
    { parsed ("{'pk': <'x'>}"), NULL, parsed ("[1, 2]"), "must be an a{sv}" },
    { parsed ("{'pk': <'x'>}"), NULL, parsed ("{'NoSuchMember': <1>}"), "NoSuchMember" },
    { parsed ("{'pk': <@mv nothing>, 'bad': <('SS', <@as []>)>}"), NULL, NULL, "empty" },
    { parsed ("{'pk': <'x'>}"), NULL, parsed ("{'Item': <{'pk': <'y'>}>}"), "both" },
    { parsed ("{'pk': <'x'>}"), condition, parsed ("{'ConditionExpression': <'a = b'>}"), "both" },
    { parsed ("{'pk': <'x'>}"), condition, parsed ("{'ExpressionAttributeValues': <{':v0': <1>}>}"), ":v0" },
    { parsed ("{'pk': <'x'>}"), nan, NULL, "NaN" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GawsDynamodbResult) result =
        gaws_dynamodb_table_put_item_sync (table, cases[i].item, cases[i].condition, cases[i].params, NULL, &error);

      g_assert_null (result);
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

/* A client made without the model tables cannot call by name. */
static void
test_client_without_model (void)
{
  static const GawsClientServiceInfo bare = {
    .service_id = "DynamoDB", .endpoint_prefix = "dynamodb", .signing_name = "dynamodb", .env_name = "DYNAMODB",
  };
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKID", "secret", NULL);
  g_autoptr(GawsClient) client = NULL;
  g_autoptr(GawsDynamodbTable) table = NULL;
  g_autoptr(GawsDynamodbResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gaws_session_set_region (session, "us-east-1");
  client = gaws_client_new (session, NULL, &bare);
  table = gaws_dynamodb_table_new (client, "t");
  result = gaws_dynamodb_table_scan_sync (table, NULL, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
}

/* ---- the batch writer at scale ---- */

static void
test_batch_writer_ten_thousand (void)
{
  g_autoptr(GawsDynamodbTable) table = new_table ("many", "pk", NULL);
  g_autoptr(GawsDynamodbBatchWriter) writer = gaws_dynamodb_table_batch_writer (table, 25, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GVariant) start = NULL;
  guint pages = 0;

  write_items (writer, "item", 10000);
  do
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariantDict) params = g_variant_dict_new (NULL);
      g_autoptr(GawsDynamodbResult) page = NULL;
      GPtrArray *items;

      g_variant_dict_insert (params, "Limit", "i", 1000);
      if (start != NULL)
        g_variant_dict_insert_value (params, "ExclusiveStartKey", start);
      page = gaws_dynamodb_table_scan_sync (table, NULL, g_variant_dict_end (params), NULL, &error);
      g_assert_no_error (error);
      items = gaws_dynamodb_result_get_item_array (page);
      g_assert_cmpint (gaws_dynamodb_result_get_count (page), ==, items->len);
      for (guint i = 0; i < items->len; i++)
        {
          const char *pk = NULL;

          g_assert_true (g_variant_lookup (items->pdata[i], "pk", "&s", &pk));
          g_assert_true (g_hash_table_add (seen, g_strdup (pk)));
        }
      g_clear_pointer (&start, g_variant_unref);
      if (gaws_dynamodb_result_get_last_evaluated_key (page) != NULL)
        start = g_variant_ref (gaws_dynamodb_result_get_last_evaluated_key (page));
      pages++;
    }
  while (start != NULL);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 10000);
  g_assert_cmpuint (pages, >=, 10);
  g_assert_true (g_hash_table_contains (seen, "item00001"));
  g_assert_true (g_hash_table_contains (seen, "item10000"));
}

/* Two puts of one key in one batch make DynamoDB refuse the batch; with
 * overwrite_by_pkeys the last one wins, as in boto3. Deletes queue too. */
static void
test_batch_writer_overwrite_and_delete (void)
{
  const char * const pkeys[] = { "pk", "sk", NULL };
  g_autoptr(GawsDynamodbTable) table = new_table ("overwrite", "pk", "sk");
  g_autoptr(GawsDynamodbBatchWriter) writer = gaws_dynamodb_table_batch_writer (table, 10, pkeys);
  g_autoptr(GawsDynamodbResult) scanned = NULL;
  g_autoptr(GVariant) expected = NULL;
  g_autoptr(GError) error = NULL;

  gaws_dynamodb_batch_writer_set_on_exit_loop_sleep (writer, 10);
  for (guint i = 0; i < 3; i++)
    {
      gaws_dynamodb_batch_writer_put_item_sync (writer, parsed ("{'pk': <'p'>, 'sk': <'a'>, 'v': <%u>}", i), NULL,
                                                &error);
      g_assert_no_error (error);
      gaws_dynamodb_batch_writer_put_item_sync (writer, parsed ("{'pk': <'p'>, 'sk': <'b'>, 'v': <%u>}", i), NULL,
                                                &error);
      g_assert_no_error (error);
    }
  gaws_dynamodb_batch_writer_put_item_sync (writer, parsed ("{'pk': <'p'>, 'sk': <'c'>}"), NULL, &error);
  g_assert_no_error (error);
  gaws_dynamodb_batch_writer_delete_item_sync (writer, parsed ("{'pk': <'p'>, 'sk': <'c'>}"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_dynamodb_batch_writer_get_n_queued (writer), ==, 3);

  /* an item without a key attribute named in overwrite_by_pkeys */
  g_assert_false (gaws_dynamodb_batch_writer_put_item_sync (writer, parsed ("{'pk': <'p'>}"), NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (gaws_dynamodb_batch_writer_close_sync (writer, NULL, &error));
  g_assert_no_error (error);
  scanned = gaws_dynamodb_table_scan_sync (table, NULL, parsed ("{'ConsistentRead': <true>}"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gaws_dynamodb_result_get_count (scanned), ==, 2);
  expected = g_variant_ref_sink (parsed ("[{'pk': <'p'>, 'sk': <'a'>, 'v': <('N', <'2'>)>},"
                                         " {'pk': <'p'>, 'sk': <'b'>, 'v': <('N', <'2'>)>}]"));
  g_assert_true (g_variant_equal (gaws_dynamodb_result_get_items (scanned), expected));
}

/* More keys than one BatchGetItem takes. */
static void
test_batch_get_item (void)
{
  g_autoptr(GawsDynamodbTable) table = new_table ("batch_get", "pk", NULL);
  g_autoptr(GawsDynamodbBatchWriter) writer = gaws_dynamodb_table_batch_writer (table, 25, NULL);
  g_autoptr(GVariantBuilder) keys = g_variant_builder_new (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GawsDynamodbResult) got = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  write_items (writer, "get", 150);
  for (guint i = 1; i <= 160; i++)   /* ten of them missing */
    {
      g_autofree char *pk = g_strdup_printf ("get%05u", i);
      g_variant_builder_add_value (keys, parsed ("{'pk': <%s>}", pk));
    }
  got = gaws_dynamodb_table_batch_get_item_sync (table, g_variant_builder_end (keys),
                                                 parsed ("{'ConsistentRead': <true>,"
                                                         " 'ProjectionExpression': <'pk, n'>,"
                                                         " 'ReturnConsumedCapacity': <'TOTAL'>}"),
                                                 NULL, &error);
  g_assert_no_error (error);
  items = gaws_dynamodb_result_get_item_array (got);
  g_assert_cmpuint (items->len, ==, 150);
  for (guint i = 0; i < items->len; i++)
    {
      const char *pk = NULL;

      g_assert_true (g_variant_lookup (items->pdata[i], "pk", "&s", &pk));
      g_assert_false (g_variant_lookup (items->pdata[i], "col1", "&s", NULL));
      g_assert_true (g_hash_table_add (seen, g_strdup (pk)));
    }
  g_assert_null (gaws_dynamodb_result_get_unprocessed_keys (got));
}

/* ---- every condition operator against real data ---- */

static const char * const operator_items[] = {
  "{'pk': <'p'>, 'sk': <'01'>, 'n': <1>, 's': <'apple'>, 'tags': <('SS', <['x', 'y']>)>,"
  " 'l': <[<1>, <2>]>, 'flag': <true>}",
  "{'pk': <'p'>, 'sk': <'02'>, 'n': <5>, 's': <'banana'>, 'tags': <('SS', <['y']>)>,"
  " 'l': <[<3>]>, 'nul': <@mv nothing>}",
  "{'pk': <'p'>, 'sk': <'03'>, 'n': <10>, 's': <'cherry'>, 'tags': <('SS', <['z']>)>,"
  " 'l': <@av []>, 'flag': <true>}",
  "{'pk': <'p'>, 'sk': <'10'>, 'n': <('N', <'-2.5'>)>, 's': <'apricot'>, 'tags': <('SS', <['x']>)>,"
  " 'l': <[<1>, <2>, <3>]>}",
};

/* A condition from text: `op attr value`, where attr may be `size:name`
 * and value is GVariant text (a tuple of two for between). */
static GawsDynamodbCondition *
condition (const char *op, const char *attr, const char *value)
{
  g_autoptr(GawsDynamodbOperand) named = gaws_dynamodb_operand_attr (g_str_has_prefix (attr, "size:") ? attr + 5
                                                                                                       : attr);
  g_autoptr(GawsDynamodbOperand) operand = g_str_has_prefix (attr, "size:") ? gaws_dynamodb_operand_size (named)
                                                                            : gaws_dynamodb_operand_ref (named);
  g_autoptr(GVariant) v = value ? g_variant_ref_sink (g_variant_new_parsed (value)) : NULL;

  if (g_str_equal (op, "eq"))
    return gaws_dynamodb_operand_eq (operand, v);
  if (g_str_equal (op, "ne"))
    return gaws_dynamodb_operand_ne (operand, v);
  if (g_str_equal (op, "lt"))
    return gaws_dynamodb_operand_lt (operand, v);
  if (g_str_equal (op, "lte"))
    return gaws_dynamodb_operand_lte (operand, v);
  if (g_str_equal (op, "gt"))
    return gaws_dynamodb_operand_gt (operand, v);
  if (g_str_equal (op, "gte"))
    return gaws_dynamodb_operand_gte (operand, v);
  if (g_str_equal (op, "between"))
    {
      g_autoptr(GVariant) low = g_variant_get_child_value (v, 0);
      g_autoptr(GVariant) high = g_variant_get_child_value (v, 1);
      return gaws_dynamodb_operand_between (operand, low, high);
    }
  if (g_str_equal (op, "begins_with"))
    return gaws_dynamodb_operand_begins_with (operand, v);
  if (g_str_equal (op, "is_in"))
    return gaws_dynamodb_operand_is_in (operand, v);
  if (g_str_equal (op, "exists"))
    return gaws_dynamodb_operand_exists (operand);
  if (g_str_equal (op, "not_exists"))
    return gaws_dynamodb_operand_not_exists (operand);
  if (g_str_equal (op, "contains"))
    return gaws_dynamodb_operand_contains (operand, v);
  if (g_str_equal (op, "attribute_type"))
    return gaws_dynamodb_operand_attribute_type (operand, g_variant_get_string (v, NULL));
  g_assert_not_reached ();
}

typedef struct {
  const char *op;
  const char *attr;
  const char *value;
  const char *combine;   /* NULL, or `and`/`or` with the next case, or `not` of this one */
  const char *expected;  /* sort keys the scan filter selects */
} OperatorCase;

static const OperatorCase operator_cases[] = {
  { "eq", "n", "5", NULL, "02" },
  { "ne", "n", "5", NULL, "01,03,10" },
  { "lt", "n", "5", NULL, "01,10" },
  { "lte", "n", "5", NULL, "01,02,10" },
  { "gt", "n", "5", NULL, "03" },
  { "gte", "n", "5", NULL, "02,03" },
  { "between", "n", "(1, 10)", NULL, "01,02,03" },
  { "lt", "n", "('N', <'-2.4'>)", NULL, "10" },
  { "begins_with", "s", "'ap'", NULL, "01,10" },
  { "is_in", "s", "['banana', 'cherry', 'kiwi']", NULL, "02,03" },
  { "exists", "flag", NULL, NULL, "01,03" },
  { "not_exists", "flag", NULL, NULL, "02,10" },
  { "contains", "tags", "'y'", NULL, "01,02" },
  { "contains", "s", "'an'", NULL, "02" },
  { "contains", "l", "2", NULL, "01,10" },
  { "gt", "size:s", "5", NULL, "02,03,10" },
  { "eq", "size:l", "0", NULL, "03" },
  { "attribute_type", "nul", "'NULL'", NULL, "02" },
  { "attribute_type", "tags", "'SS'", NULL, "01,02,03,10" },
  { "attribute_type", "l", "'L'", NULL, "01,02,03,10" },
  { "gt", "n", "0", "and", "02" },
  { "begins_with", "s", "'b'", NULL, NULL },
  { "eq", "s", "'apple'", "or", "01,03" },
  { "eq", "s", "'cherry'", NULL, NULL },
  { "lt", "n", "5", "not", "02,03" },
};

/* A condition of the table, and how many cases it took. */
static GawsDynamodbCondition *
case_condition (const OperatorCase *c, guint *used)
{
  GawsDynamodbCondition *first = condition (c->op, c->attr, c->value);
  g_autoptr(GawsDynamodbCondition) owned = first;
  g_autoptr(GawsDynamodbCondition) second = NULL;

  *used = 1;
  if (c->combine == NULL)
    return g_steal_pointer (&owned);
  if (g_str_equal (c->combine, "not"))
    return gaws_dynamodb_condition_not (first);
  *used = 2;
  second = condition (c[1].op, c[1].attr, c[1].value);
  return g_str_equal (c->combine, "and") ? gaws_dynamodb_condition_and (first, second)
                                         : gaws_dynamodb_condition_or (first, second);
}

static char *
sort_keys_of (GVariant *items)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  for (gsize i = 0; items != NULL && i < g_variant_n_children (items); i++)
    {
      g_autoptr(GVariant) item = g_variant_get_child_value (items, i);
      char *sk = NULL;

      g_assert_true (g_variant_lookup (item, "sk", "s", &sk));
      g_ptr_array_add (keys, sk);
    }
  g_ptr_array_sort (keys, compare_strings);
  g_ptr_array_add (keys, NULL);
  return g_strjoinv (",", (char **) keys->pdata);
}

static void
test_every_operator_as_scan_filter (void)
{
  g_autoptr(GawsDynamodbTable) table = new_table ("operators", "pk", "sk");
  g_autoptr(GawsDynamodbBatchWriter) writer = gaws_dynamodb_table_batch_writer (table, 0, NULL);
  g_autoptr(GError) error = NULL;
  guint used;

  for (gsize i = 0; i < G_N_ELEMENTS (operator_items); i++)
    gaws_dynamodb_batch_writer_put_item_sync (writer, parsed (operator_items[i]), NULL, &error);
  gaws_dynamodb_batch_writer_close_sync (writer, NULL, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (operator_cases); i += used)
    {
      g_autoptr(GawsDynamodbCondition) filter = case_condition (&operator_cases[i], &used);
      g_autoptr(GawsDynamodbResult) scanned =
        gaws_dynamodb_table_scan_sync (table, filter, parsed ("{'ConsistentRead': <true>}"), NULL, &error);
      g_autofree char *keys = NULL;

      g_assert_no_error (error);
      keys = sort_keys_of (gaws_dynamodb_result_get_items (scanned));
      g_test_message ("filter %s %s: %s", operator_cases[i].op, operator_cases[i].attr, keys);
      g_assert_cmpstr (keys, ==, operator_cases[i].expected);
    }
}

/* The key conditions of a Query, with a filter on top. */
static void
test_key_conditions_as_query (void)
{
  static const struct {
    const char *op;
    const char *value;
    const char *expected;
  } cases[] = {
    { "eq", "'02'", "02" }, { "lt", "'03'", "01,02" }, { "lte", "'03'", "01,02,03" },
    { "gt", "'03'", "10" }, { "gte", "'03'", "03,10" }, { "between", "('02', '10')", "02,03,10" },
    { "begins_with", "'0'", "01,02,03" },
  };
  g_autoptr(GawsDynamodbTable) table = new_table ("keys", "pk", "sk");
  g_autoptr(GawsDynamodbBatchWriter) writer = gaws_dynamodb_table_batch_writer (table, 0, NULL);
  g_autoptr(GawsDynamodbOperand) pk = gaws_dynamodb_operand_key ("pk");
  g_autoptr(GawsDynamodbOperand) sk = gaws_dynamodb_operand_key ("sk");
  g_autoptr(GawsDynamodbCondition) on_p = gaws_dynamodb_operand_eq (pk, g_variant_new_string ("p"));
  g_autoptr(GawsDynamodbCondition) filter = condition ("gt", "n", "1");
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (operator_items); i++)
    gaws_dynamodb_batch_writer_put_item_sync (writer, parsed (operator_items[i]), NULL, &error);
  gaws_dynamodb_batch_writer_close_sync (writer, NULL, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GVariant) value = g_variant_ref_sink (g_variant_new_parsed (cases[i].value));
      g_autoptr(GawsDynamodbCondition) on_sk = NULL;
      g_autoptr(GawsDynamodbCondition) key = NULL;
      g_autoptr(GawsDynamodbResult) found = NULL;
      g_autofree char *keys = NULL;

      if (g_str_equal (cases[i].op, "between"))
        {
          g_autoptr(GVariant) low = g_variant_get_child_value (value, 0);
          g_autoptr(GVariant) high = g_variant_get_child_value (value, 1);
          on_sk = gaws_dynamodb_operand_between (sk, low, high);
        }
      else if (g_str_equal (cases[i].op, "begins_with"))
        on_sk = gaws_dynamodb_operand_begins_with (sk, value);
      else if (g_str_equal (cases[i].op, "eq"))
        on_sk = gaws_dynamodb_operand_eq (sk, value);
      else if (g_str_equal (cases[i].op, "lt"))
        on_sk = gaws_dynamodb_operand_lt (sk, value);
      else if (g_str_equal (cases[i].op, "lte"))
        on_sk = gaws_dynamodb_operand_lte (sk, value);
      else if (g_str_equal (cases[i].op, "gt"))
        on_sk = gaws_dynamodb_operand_gt (sk, value);
      else
        on_sk = gaws_dynamodb_operand_gte (sk, value);
      key = gaws_dynamodb_condition_and (on_p, on_sk);
      found = gaws_dynamodb_table_query_sync (table, key, NULL, parsed ("{'ConsistentRead': <true>}"), NULL,
                                              &error);
      g_assert_no_error (error);
      keys = sort_keys_of (gaws_dynamodb_result_get_items (found));
      g_assert_cmpstr (keys, ==, cases[i].expected);
    }

  /* with a filter: placeholders of both, the filter's first as in boto3 */
  {
    g_autoptr(GawsDynamodbResult) found =
      gaws_dynamodb_table_query_sync (table, on_p, filter, parsed ("{'ConsistentRead': <true>}"), NULL, &error);
    g_autofree char *keys = NULL;

    g_assert_no_error (error);
    keys = sort_keys_of (gaws_dynamodb_result_get_items (found));
    g_assert_cmpstr (keys, ==, "02,03");
    g_assert_cmpint (gaws_dynamodb_result_get_scanned_count (found), ==, 4);
  }
}

/* Conditional puts and updates: each operator once where it holds (the
 * write is done) and once where it does not (ConditionalCheckFailed). */
static const struct {
  const char *op;
  const char *attr;
  const char *holds;
  const char *fails;
} write_cases[] = {
  { "eq", "n", "5", "4" }, { "ne", "n", "4", "5" }, { "lt", "n", "6", "5" }, { "lte", "n", "5", "4" },
  { "gt", "n", "4", "5" }, { "gte", "n", "5", "6" }, { "between", "n", "(5, 6)", "(6, 7)" },
  { "begins_with", "s", "'ban'", "'x'" }, { "is_in", "s", "['kiwi', 'banana']", "['kiwi']" },
  { "contains", "tags", "'y'", "'x'" }, { "eq", "size:l", "1", "2" },
  { "attribute_type", "nul", "'NULL'", "'S'" },
};

static void
check_conditional_update (GawsDynamodbTable *table, GawsDynamodbCondition *when, gboolean holds, guint *touched)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsDynamodbResult) result =
    gaws_dynamodb_table_update_item_sync (table, parsed ("{'pk': <'p'>, 'sk': <'02'>}"), "SET touched = :t", when,
                                          parsed ("{'ExpressionAttributeValues': <{':t': <%u>}>,"
                                                  " 'ReturnValues': <'UPDATED_NEW'>}", *touched + 1),
                                          NULL, &error);

  if (holds)
    {
      g_autofree char *expected = g_strdup_printf ("{'touched': <('N', <'%u'>)>}", *touched + 1);
      g_autofree char *got = NULL;

      g_assert_no_error (error);
      got = g_variant_print (gaws_dynamodb_result_get_attributes (result), FALSE);
      g_assert_cmpstr (got, ==, expected);
      (*touched)++;
    }
  else
    {
      g_assert_null (result);
      g_assert_true (gaws_error_matches_code (error, "ConditionalCheckFailedException"));
    }
}

static void
test_every_operator_as_write_condition (void)
{
  g_autoptr(GawsDynamodbTable) table = new_table ("conditional", "pk", "sk");
  g_autoptr(GawsDynamodbOperand) pk = gaws_dynamodb_operand_attr ("pk");
  g_autoptr(GawsDynamodbCondition) new_only = gaws_dynamodb_operand_not_exists (pk);
  g_autoptr(GawsDynamodbCondition) present = gaws_dynamodb_operand_exists (pk);
  g_autoptr(GawsDynamodbResult) first = NULL;
  g_autoptr(GawsDynamodbResult) second = NULL;
  g_autoptr(GawsDynamodbResult) final = NULL;
  g_autoptr(GError) error = NULL;
  guint touched = 0;
  gint64 final_touched = 0;

  /* put if absent: once, not twice */
  first = gaws_dynamodb_table_put_item_sync (table, parsed (operator_items[1]), new_only, NULL, NULL, &error);
  g_assert_no_error (error);
  second = gaws_dynamodb_table_put_item_sync (table, parsed (operator_items[1]), new_only, NULL, NULL, &error);
  g_assert_null (second);
  g_assert_true (gaws_error_matches_code (error, "ConditionalCheckFailedException"));
  g_clear_error (&error);
  check_conditional_update (table, present, TRUE, &touched);

  for (gsize i = 0; i < G_N_ELEMENTS (write_cases); i++)
    {
      g_autoptr(GawsDynamodbCondition) holds = condition (write_cases[i].op, write_cases[i].attr,
                                                          write_cases[i].holds);
      g_autoptr(GawsDynamodbCondition) fails = condition (write_cases[i].op, write_cases[i].attr,
                                                          write_cases[i].fails);
      g_autoptr(GawsDynamodbCondition) not_fails = gaws_dynamodb_condition_not (fails);
      g_autoptr(GawsDynamodbCondition) both = gaws_dynamodb_condition_and (holds, fails);
      g_autoptr(GawsDynamodbCondition) either = gaws_dynamodb_condition_or (fails, holds);

      g_test_message ("condition %s %s", write_cases[i].op, write_cases[i].attr);
      check_conditional_update (table, holds, TRUE, &touched);
      check_conditional_update (table, fails, FALSE, &touched);
      check_conditional_update (table, not_fails, TRUE, &touched);
      check_conditional_update (table, both, FALSE, &touched);
      check_conditional_update (table, either, TRUE, &touched);
    }
  final = gaws_dynamodb_table_get_item_sync (table, parsed ("{'pk': <'p'>, 'sk': <'02'>}"),
                                             parsed ("{'ConsistentRead': <true>}"), NULL, &error);
  g_assert_no_error (error);
  gaws_dynamodb_table_set_value_flags (table, GAWS_DYNAMODB_VALUE_INT64_NUMBERS);
  g_clear_object (&final);
  final = gaws_dynamodb_table_get_item_sync (table, parsed ("{'pk': <'p'>, 'sk': <'02'>}"),
                                             parsed ("{'ConsistentRead': <true>}"), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (gaws_dynamodb_result_get_item (final), "touched", "x", &final_touched));
  g_assert_cmpint (final_touched, ==, touched);
  g_assert_cmpuint (touched, ==, 1 + 3 * G_N_ELEMENTS (write_cases));
}

/* ---- a fake DynamoDB that leaves part of each batch unprocessed ---- */

typedef struct {
  GMutex      lock;
  GHashTable *offered;     /* pk → times sent to us */
  GHashTable *accepted;    /* pk → times written */
  guint       n_batches;
  guint       largest;
  guint       fail_from;   /* answer this batch and all after it with a ValidationException; 0 never */
  gboolean    throttled;   /* the first batch was answered with a throttling error */
} Fake;

static guint
bump (GHashTable *table, const char *key)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (table, key)) + 1;

  g_hash_table_insert (table, g_strdup (key), GUINT_TO_POINTER (n));
  return n;
}

static void
fake_error (GawsTestServerReply *reply, const char *type, const char *message)
{
  g_autofree char *body = g_strdup_printf ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#%s\","
                                           "\"message\":\"%s\"}", type, message);

  reply->status = 400;
  gaws_test_server_reply_set_body (reply, "application/x-amz-json-1.0", body, -1);
}

/* Every third request of a batch is handed back unprocessed the first
 * time it is offered; the rest are written and counted. */
static void
fake_batch (Fake *fake, json_t *requests, json_t *unprocessed)
{
  size_t i;
  json_t *request;

  json_array_foreach (requests, i, request)
    {
      json_t *put = json_object_get (request, "PutRequest");
      const char *pk = json_string_value (json_object_get (json_object_get (json_object_get (put, "Item"), "pk"),
                                                           "S"));

      g_assert_nonnull (pk);
      if (bump (fake->offered, pk) == 1 && i % 3 == 0)
        json_array_append (unprocessed, request);
      else
        bump (fake->accepted, pk);
    }
}

/* BatchGetItem: every other key is left unprocessed the first time it is
 * asked for; the others are read as {pk, n: times asked}. */
static char *
fake_batch_get (Fake *fake, json_t *body)
{
  json_t *keys = json_object_get (json_object_get (json_object_get (body, "RequestItems"), "fake"), "Keys");
  json_t *items = json_array ();
  json_t *unprocessed = json_array ();
  json_t *answer;
  size_t i;
  json_t *key;
  char *text;

  fake->n_batches++;
  fake->largest = MAX (fake->largest, json_array_size (keys));
  json_array_foreach (keys, i, key)
    {
      const char *pk = json_string_value (json_object_get (json_object_get (key, "pk"), "S"));
      guint times = bump (fake->offered, pk);

      if (times == 1 && i % 2 == 0)
        json_array_append (unprocessed, key);
      else
        {
          g_autofree char *n = g_strdup_printf ("%u", times);

          bump (fake->accepted, pk);
          json_array_append_new (items, json_pack ("{s:{s:s}, s:{s:s}}", "pk", "S", pk, "n", "N", n));
        }
    }
  answer = json_pack ("{s:{s:o}, s:{}}", "Responses", "fake", items, "UnprocessedKeys");
  if (json_array_size (unprocessed) > 0)
    json_object_set_new (json_object_get (answer, "UnprocessedKeys"), "fake",
                         json_pack ("{s:O}", "Keys", unprocessed));
  text = json_dumps (answer, JSON_COMPACT);
  json_decref (answer);
  json_decref (unprocessed);
  return text;
}

static void
fake_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  Fake *fake = user_data;
  const char *target = gaws_http_headers_get_one (request->headers, "X-Amz-Target");
  json_t *body = json_loadb (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body), 0, NULL);
  json_t *requests = json_object_get (json_object_get (body, "RequestItems"), "fake");
  json_t *unprocessed = json_array ();
  g_autofree char *text = NULL;

  g_mutex_lock (&fake->lock);
  if (g_strcmp0 (target, "DynamoDB_20120810.BatchGetItem") == 0)
    {
      text = fake_batch_get (fake, body);
      gaws_test_server_reply_set_body (reply, "application/x-amz-json-1.0", text, -1);
    }
  else if (g_strcmp0 (target, "DynamoDB_20120810.BatchWriteItem") != 0 || !json_is_array (requests))
    fake_error (reply, "UnknownOperationException", "only BatchWriteItem on table fake");
  else if (!fake->throttled)
    {
      fake->throttled = TRUE;
      fake_error (reply, "ThrottlingException", "Rate exceeded");
    }
  else if (fake->fail_from != 0 && fake->n_batches + 1 >= fake->fail_from)
    {
      fake->n_batches++;
      fake_error (reply, "ValidationException", "the fake refuses this batch");
    }
  else
    {
      fake->n_batches++;
      fake->largest = MAX (fake->largest, json_array_size (requests));
      fake_batch (fake, requests, unprocessed);
      if (json_array_size (unprocessed) == 0)
        text = g_strdup ("{\"UnprocessedItems\":{}}");
      else
        {
          json_t *answer = json_pack ("{s:{s:O}}", "UnprocessedItems", "fake", unprocessed);

          text = json_dumps (answer, JSON_COMPACT);
          json_decref (answer);
        }
      gaws_test_server_reply_set_body (reply, "application/x-amz-json-1.0", text, -1);
    }
  g_mutex_unlock (&fake->lock);
  json_decref (unprocessed);
  json_decref (body);
}

static GawsTestDynamodbClientForUrlFunc client_for_url;

static Fake *
fake_new (guint fail_from)
{
  Fake *fake = g_new0 (Fake, 1);

  g_mutex_init (&fake->lock);
  fake->offered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fake->accepted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fake->fail_from = fail_from;
  return fake;
}

static void
fake_free (Fake *fake)
{
  g_hash_table_unref (fake->offered);
  g_hash_table_unref (fake->accepted);
  g_mutex_clear (&fake->lock);
  g_free (fake);
}

static void
test_fake_unprocessed_items_resent (void)
{
  Fake *fake = fake_new (0);
  g_autoptr(GawsTestServer) server = gaws_test_server_new (fake_handler, fake);
  g_autoptr(GawsClient) client = client_for_url (gaws_test_server_get_url (server));
  g_autoptr(GawsDynamodbTable) table = gaws_dynamodb_table_new (client, "fake");
  g_autoptr(GawsDynamodbBatchWriter) writer = gaws_dynamodb_table_batch_writer (table, 0, NULL);
  GHashTableIter iter;
  gpointer key, value;

  /* every batch leaves some unprocessed: keep the back-off short */
  gaws_dynamodb_batch_writer_set_backoff (writer, 1, 20);
  write_items (writer, "fake", 200);
  g_mutex_lock (&fake->lock);
  g_assert_cmpuint (g_hash_table_size (fake->accepted), ==, 200);
  g_hash_table_iter_init (&iter, fake->accepted);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpuint (GPOINTER_TO_UINT (value), ==, 1);
  /* each batch left a third unprocessed, so there were more than 200/25 */
  g_assert_cmpuint (fake->n_batches, >, 8);
  g_assert_cmpuint (fake->largest, ==, 25);
  g_assert_true (fake->throttled);
  g_mutex_unlock (&fake->lock);
  g_clear_object (&writer);
  g_clear_object (&table);
  g_clear_object (&client);
  g_clear_pointer (&server, gaws_test_server_free);
  fake_free (fake);
}

/* A refused batch stops the writer: close fails with the service's error,
 * and every request not written is listed, none lost. */
static void
test_fake_error_lists_unwritten (void)
{
  Fake *fake = fake_new (3);
  g_autoptr(GawsTestServer) server = gaws_test_server_new (fake_handler, fake);
  g_autoptr(GawsClient) client = client_for_url (gaws_test_server_get_url (server));
  g_autoptr(GawsDynamodbTable) table = gaws_dynamodb_table_new (client, "fake");
  g_autoptr(GawsDynamodbBatchWriter) writer = gaws_dynamodb_table_batch_writer (table, 10, NULL);
  g_autoptr(GVariant) unwritten = NULL;
  g_autoptr(GHashTable) all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) later = NULL;
  GHashTableIter iter;
  gpointer key;
  guint queued = 0;

  for (guint i = 0; i < 45 && error == NULL; i++)
    {
      g_autofree char *pk = g_strdup_printf ("e%02u", i);

      /* a put that fails (on the batch it set off, or because the writer
       * has stopped) is listed with the unwritten all the same */
      gaws_dynamodb_batch_writer_put_item_sync (writer, parsed ("{'pk': <%s>}", pk), NULL, &error);
      queued++;
    }
  if (error == NULL)
    gaws_dynamodb_batch_writer_close_sync (writer, NULL, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_true (gaws_error_matches_code (error, "ValidationException"));
  g_test_message ("%s", error->message);

  /* later calls get the same error */
  g_assert_false (gaws_dynamodb_batch_writer_put_item_sync (writer, parsed ("{'pk': <'late'>}"), NULL, &later));
  g_assert_true (gaws_error_matches_code (later, "ValidationException"));
  queued++;

  unwritten = gaws_dynamodb_batch_writer_get_unwritten (writer);
  g_assert_nonnull (unwritten);
  for (gsize i = 0; i < g_variant_n_children (unwritten); i++)
    {
      const char *kind = NULL;
      g_autoptr(GVariant) item = NULL;
      const char *pk = NULL;

      g_variant_get_child (unwritten, i, "(&s@a{sv})", &kind, &item);
      g_assert_cmpstr (kind, ==, "PutRequest");
      g_assert_true (g_variant_lookup (item, "pk", "&s", &pk));
      g_assert_true (g_hash_table_add (all, g_strdup (pk)));
    }
  /* written + unwritten = every item queued, each once */
  g_mutex_lock (&fake->lock);
  g_hash_table_iter_init (&iter, fake->accepted);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_true (g_hash_table_add (all, g_strdup (key)));
  g_assert_cmpuint (gaws_dynamodb_batch_writer_get_n_written (writer), ==, g_hash_table_size (fake->accepted));
  g_mutex_unlock (&fake->lock);
  g_assert_cmpuint (g_hash_table_size (all), ==, queued);
  g_assert_cmpuint (g_variant_n_children (unwritten), >, 0);

  g_clear_object (&writer);
  g_clear_object (&table);
  g_clear_object (&client);
  g_clear_pointer (&server, gaws_test_server_free);
  fake_free (fake);
}

/* Cancelling close stops the wait promptly; nothing queued is lost, and a
 * second close writes it. */
static void
test_fake_close_cancelled (void)
{
  Fake *fake = fake_new (0);
  g_autoptr(GawsTestServer) server = gaws_test_server_new (fake_handler, fake);
  g_autoptr(GawsClient) client = client_for_url (gaws_test_server_get_url (server));
  g_autoptr(GawsDynamodbTable) table = gaws_dynamodb_table_new (client, "fake");
  g_autoptr(GawsDynamodbBatchWriter) writer = gaws_dynamodb_table_batch_writer (table, 25, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *pk = g_strdup_printf ("c%02u", i);
      g_assert_true (gaws_dynamodb_batch_writer_put_item_sync (writer, parsed ("{'pk': <%s>}", pk), NULL, &error));
    }
  gaws_dynamodb_batch_writer_close_async (writer, cancellable, store_result, &result);
  g_cancellable_cancel (cancellable);
  g_assert_false (gaws_dynamodb_batch_writer_close_finish (writer, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (gaws_dynamodb_batch_writer_close_sync (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_dynamodb_batch_writer_get_n_written (writer), ==, 10);
  g_mutex_lock (&fake->lock);
  g_assert_cmpuint (g_hash_table_size (fake->accepted), ==, 10);
  g_mutex_unlock (&fake->lock);

  g_clear_object (&writer);
  g_clear_object (&table);
  g_clear_object (&client);
  g_clear_pointer (&server, gaws_test_server_free);
  fake_free (fake);
}

/* BatchGetItem goes on until no key is left unprocessed, 100 keys a call. */
static void
test_fake_batch_get_unprocessed_keys (void)
{
  Fake *fake = fake_new (0);
  g_autoptr(GawsTestServer) server = gaws_test_server_new (fake_handler, fake);
  g_autoptr(GawsClient) client = client_for_url (gaws_test_server_get_url (server));
  g_autoptr(GawsDynamodbTable) table = gaws_dynamodb_table_new (client, "fake");
  g_autoptr(GVariantBuilder) keys = g_variant_builder_new (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GawsDynamodbResult) got = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  fake->throttled = TRUE;   /* no throttling here */
  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *pk = g_strdup_printf ("k%03u", i);
      g_variant_builder_add_value (keys, parsed ("{'pk': <%s>}", pk));
    }
  got = gaws_dynamodb_table_batch_get_item_sync (table, g_variant_builder_end (keys), NULL, NULL, &error);
  g_assert_no_error (error);
  items = gaws_dynamodb_result_get_item_array (got);
  g_assert_cmpuint (items->len, ==, 150);
  for (guint i = 0; i < items->len; i++)
    {
      const char *pk = NULL;

      g_assert_true (g_variant_lookup (items->pdata[i], "pk", "&s", &pk));
      g_assert_true (g_hash_table_add (seen, g_strdup (pk)));
    }
  g_assert_null (gaws_dynamodb_result_get_unprocessed_keys (got));
  g_mutex_lock (&fake->lock);
  g_assert_cmpuint (fake->largest, ==, 100);
  g_assert_cmpuint (fake->n_batches, >=, 3);
  g_assert_cmpuint (g_hash_table_size (fake->accepted), ==, 150);
  g_mutex_unlock (&fake->lock);

  g_clear_object (&table);
  g_clear_object (&client);
  g_clear_pointer (&server, gaws_test_server_free);
  fake_free (fake);
}

static void
stall_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  reply->action = GAWS_TEST_SERVER_STALL;
}

static gboolean
cancel_soon (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* A table action whose server never answers ends when cancelled. */
static void
test_fake_action_cancelled (void)
{
  g_autoptr(GawsTestServer) server = gaws_test_server_new (stall_handler, NULL);
  g_autoptr(GawsClient) client = client_for_url (gaws_test_server_get_url (server));
  g_autoptr(GawsDynamodbTable) table = gaws_dynamodb_table_new (client, "fake");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GawsDynamodbResult) scanned = NULL;
  g_autoptr(GError) error = NULL;

  gaws_dynamodb_table_scan_async (table, NULL, NULL, cancellable, store_result, &result);
  g_timeout_add (100, cancel_soon, cancellable);
  scanned = gaws_dynamodb_table_scan_finish (table, wait_result (&result), &error);
  g_assert_null (scanned);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&table);
  g_clear_object (&client);
}

/**
 * gaws_test_dynamodb_table_add_fake_tests:
 * @func: makes a client with the DynamoDB model for a URL
 *
 * Adds the tests of the batch writer against a local fake.
 */
void
gaws_test_dynamodb_table_add_fake_tests (GawsTestDynamodbClientForUrlFunc func)
{
  client_for_url = func;
  g_test_add_func ("/dynamodb/batch-writer/fake/retries-unprocessed-items", test_fake_unprocessed_items_resent);
  g_test_add_func ("/dynamodb/batch-writer/fake/error-lists-unwritten-items", test_fake_error_lists_unwritten);
  g_test_add_func ("/dynamodb/batch-writer/fake/close-cancelled-then-closed", test_fake_close_cancelled);
  g_test_add_func ("/dynamodb/table/fake/batch-get-item-asks-again-for-unprocessed-keys",
                   test_fake_batch_get_unprocessed_keys);
  g_test_add_func ("/dynamodb/table/fake/action-cancelled", test_fake_action_cancelled);
}

/**
 * gaws_test_dynamodb_table_add_tests:
 * @emulator: its name in the test paths, such as `moto`
 * @func: gives the client, made for the emulator's endpoint, with the
 *   DynamoDB model (a `GawsDynamodbClient`); called from the tests
 *
 * Adds the tests that run against any emulator.
 */
void
gaws_test_dynamodb_table_add_tests (const char *emulator, GawsTestDynamodbClientFunc func)
{
  static const struct {
    const char *path;
    GTestFunc   func;
  } tests[] = {
    { "/dynamodb/table/%s/aioboto3-put-then-query", test_aioboto3_put_then_query },
    { "/dynamodb/batch-writer/%s/aioboto3-five-puts-then-scan-count", test_aioboto3_batch_writer_then_scan },
    { "/dynamodb/table/%s/every-kind-round-trip", test_every_kind_round_trip },
    { "/dynamodb/table/%s/update-delete-and-missing-item", test_update_delete_and_missing },
    { "/dynamodb/table/%s/bad-arguments-refused", test_bad_arguments },
    { "/dynamodb/table/%s/client-without-model-refused", test_client_without_model },
    { "/dynamodb/table/%s/batch-get-item-over-100-keys", test_batch_get_item },
    { "/dynamodb/table/%s/every-operator-as-scan-filter", test_every_operator_as_scan_filter },
    { "/dynamodb/table/%s/key-conditions-as-query", test_key_conditions_as_query },
    { "/dynamodb/table/%s/every-operator-as-write-condition", test_every_operator_as_write_condition },
    { "/dynamodb/batch-writer/%s/overwrite-by-pkeys-and-delete", test_batch_writer_overwrite_and_delete },
    { "/dynamodb/batch-writer/%s/ten-thousand-items-scanned-by-pages", test_batch_writer_ten_thousand },
  };

  get_client = func;
  for (gsize i = 0; i < G_N_ELEMENTS (tests); i++)
    {
      g_autofree char *path = g_strdup_printf (tests[i].path, emulator);
      g_test_add_func (path, tests[i].func);
    }
}
