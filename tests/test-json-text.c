/* test-json-text.c: json responses read straight from their text
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * The json protocols read a response body into the output shapes without
 * a jansson tree when they can (gaws_shape_update_from_json_text()), and
 * through the tree otherwise. Every body here is read both ways, through
 * the codec and through jansson + gaws_shape_new_from_json(): the outputs
 * must be equal, or both must fail with the same message. Request bodies
 * are written straight from the shapes too, byte for byte as jansson would.
 */
#include "gaws-test-util.h"

#include <string.h>

#include <gaws-dynamodb.h>
#include "gaws-protocol-codec.h"
#include "gaws-shape-json.h"

typedef struct {
  const char *operation;
  const char *body;
  gboolean    ok;        /* whether reading it succeeds */
} Case;

static const Case cases[] = {
  /* every kind of AttributeValue, escapes and white space */
  { "GetItem", "{\"Item\":{\"pk\":{\"S\":\"user#1\"},\"n\":{\"N\":\"42\"},\"b\":{\"B\":\"AAEC\"},"
               "\"t\":{\"BOOL\":true},\"f\":{\"BOOL\":false},\"z\":{\"NULL\":true},"
               "\"ss\":{\"SS\":[\"a\",\"b\"]},\"ns\":{\"NS\":[\"1\",\"2.5\"]},\"bs\":{\"BS\":[\"AA==\",\"AQ==\"]},"
               "\"l\":{\"L\":[{\"S\":\"x\"},{\"N\":\"1\"},{\"M\":{\"k\":{\"S\":\"v\"}}}]},"
               "\"m\":{\"M\":{\"inner\":{\"L\":[]},\"e\":{\"M\":{}}}}}}", TRUE },
  { "GetItem", " \r\n\t{ \"Item\" : { \"s\" : { \"S\" : \"tab\\tnl\\nq\\\"bs\\\\sl\\/\\b\\f\\r\" } } } \n", TRUE },
  { "GetItem", "{\"Item\":{\"u\":{\"S\":\"\\u00e9t\\u00E9 \\ud83d\\ude00 \xc3\xa9\"},\"k\\u00e9y\":{\"S\":\"\"}}}", TRUE },
  /* unknown members with nested values, nulls, duplicates */
  { "GetItem", "{\"Future\":{\"a\":[1,2.5e3,-0.5,true,false,null,\"x\",{\"b\":[]}]},\"Item\":null}", TRUE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"first\"}},\"Item\":{\"a\":{\"S\":\"second\"}}}", TRUE },
  /* a repeated member or map key whose last value is null: jansson keeps
   * the null, which drops the first (found by fuzz-protocol-response) */
  { "GetItem", "{\"ConsumedCapacity\":{\"TableName\":\"t\"},\"ConsumedCapacity\":null}", TRUE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"x\"},\"a\":null}}", TRUE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"x\",\"S\":null}}}", TRUE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"x\",\"N\":null}},\"ConsumedCapacity\":{\"TableName\":\"t\","
               "\"CapacityUnits\":0.5,\"ReadCapacityUnits\":1,\"WriteCapacityUnits\":\"2.5\"}}", TRUE },
  { "GetItem", "{}", TRUE },
  /* strings past eight bytes, which are scanned eight at a time, with what
   * stops the scan at every place of a word */
  { "GetItem", "{\"Item\":{\"a_long_key_name\":{\"S\":\"0123456789abcdef\\\"0123456\\\\01234567\"},"
               "\"b\":{\"S\":\"0123456\\n01234567\\u00e9012345678\"},"
               "\"c\":{\"S\":\"01234567\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 and some more ascii\"},"
               "\"d0123456789\\u00e9\":{\"SS\":[\"0123456789012345\",\"\",\"x\"]}}}", TRUE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"01234567890\x7f" "0123\"}}}", TRUE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"0123456789\x1f" "0123\"}}}", FALSE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"0123456789abc\xc3\"}}}", FALSE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"0123456789abcdefghij\xed\xa0\x80xyz\"}}}", FALSE },
  /* strings of up to seven bytes, which one word holds with their quote,
   * with what sends them to the long way: an escape, bytes past ASCII,
   * a control character, bad UTF-8 */
  { "GetItem", "{\"Item\":{\"k\\\"\":{\"S\":\"a\\nb\"},\"\xc3\xa9t\xc3\xa9\":{\"S\":\"\xc3\xa9\"},"
               "\"1234567\":{\"S\":\"\x7f\"},\"12345678\":{\"SS\":[\"\",\"123456\",\"1234567\"]}}}", TRUE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"ab\x01\"},\"b\":{\"S\":\"x\"}}}", FALSE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"ab\xff\"},\"b\":{\"S\":\"x\"}}}", FALSE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"\xc3\"},\"b\":{\"S\":\"x\"}}}", FALSE },
  /* keys that are prefixes of members, or members of prefixes, or empty */
  { "GetItem", "{\"Ite\":1,\"ItemX\":{\"a\":{\"S\":\"no\"}},\"\":{},\"Item\":{\"\":{\"S\":\"empty\"}}}", TRUE },
  /* unknown keys of a member's length and first and last bytes, after it,
   * in another structure of its kind (which the look-up's hint of the
   * member such a key found last must not take for it), and one of
   * another kind's */
  { "GetItem", "{\"Item\":{\"x\":{\"BOOL\":false},\"a\":{\"BOLL\":true}}}", TRUE },
  { "GetItem", "{\"Item\":{\"x\":{\"SS\":[\"s\"]},\"a\":{\"SxS\":[\"t\"],\"Sx\":\"u\",\"N\":\"1\"}}}", TRUE },
  { "GetItem", "{\"Itam\":{\"a\":{\"S\":\"no\"}},\"Item\":{\"a\":{\"BOLL\":true,\"NULL\":true}}}", TRUE },
  /* a repeated map key, a structure given two of its members */
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"x\"},\"a\":{\"S\":\"y\"}}}", TRUE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"x\",\"N\":\"1\"},\"b\":{\"BOOL\":true,\"L\":[{\"S\":\"z\",\"S\":\"w\"}]}}}", TRUE },
  /* numbers, timestamps, longs, integers, booleans and enums */
  { "DescribeTable", "{\"Table\":{\"TableName\":\"t\",\"TableStatus\":\"ACTIVE\",\"CreationDateTime\":1.7e9,"
                     "\"TableSizeBytes\":9007199254740993,\"ItemCount\":0,"
                     "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":1E1,"
                     "\"NumberOfDecreasesToday\":3,\"LastIncreaseDateTime\":1700000000.25},"
                     "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
                     "\"DeletionProtectionEnabled\":true}}", TRUE },
  { "DescribeTable", "{\"Table\":{\"CreationDateTime\":\"2026-11-25T12:00:00Z\",\"ItemCount\":-12}}", TRUE },
  { "DescribeTable", "{\"Table\":{\"ItemCount\":1.0}}", TRUE },
  { "Query", "{\"Items\":[{\"a\":{\"S\":\"1\"}},{\"b\":{\"N\":\"2\"}}],\"Count\":2,\"ScannedCount\":2,"
             "\"LastEvaluatedKey\":{\"pk\":{\"S\":\"x\"}}}", TRUE },
  { "BatchGetItem", "{\"Responses\":{\"t1\":[{\"a\":{\"S\":\"1\"}}],\"t2\":[]},\"UnprocessedKeys\":{}}", TRUE },
  /* what the text reader leaves to jansson, which gives the error */
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"x\"}}", FALSE },
  { "GetItem", "{\"Item\":{}} x", FALSE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"\\ud83d\"}}}", FALSE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"nul\\u0000\"}}}", FALSE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"ctl\x01\"}}}", FALSE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"bad \xff utf8\"}}}", FALSE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":\"x\"},}}", FALSE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":01}}}", FALSE },
  { "GetItem", "{\"Item\":[]}", FALSE },
  { "GetItem", "{\"Item\":{\"a\":{\"S\":5}}}", FALSE },
  { "GetItem", "[]", FALSE },
  { "GetItem", "null", FALSE },
  { "DescribeTable", "{\"Table\":{\"ItemCount\":\"12\"}}", FALSE },
  { "DescribeTable", "{\"Table\":{\"ItemCount\":1.5}}", FALSE },
  { "DescribeTable", "{\"Table\":{\"ItemCount\":99999999999999999999}}", FALSE },
  { "DescribeTable", "{\"Table\":{\"ProvisionedThroughput\":{\"NumberOfDecreasesToday\":3,"
                     "\"ReadCapacityUnits\":1e999}}}", FALSE },
  { "DescribeTable", "{\"Table\":{\"DeletionProtectionEnabled\":\"true\"}}", FALSE },
  { "DescribeTable", "{\"Table\":{\"CreationDateTime\":\"not a time\"}}", FALSE },
};

/* The output as canonical JSON text, or the error. */
static char *
outcome_text (GawsShape *shape,
              GError    *error)
{
  json_t *json;
  char *dumped, *text;

  if (shape == NULL)
    return g_strdup_printf ("error %s %d: %s", g_quark_to_string (error->domain), error->code,
                            error->message);
  json = gaws_shape_to_json (shape, GAWS_SHAPE_JSON_TIMESTAMP_EPOCH);
  dumped = json_dumps (json, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION (17));
  text = g_strdup (dumped);
  free (dumped);
  json_decref (json);
  return text;
}

/* What the tree path alone makes of @body. */
static char *
tree_outcome (const GawsOperationInfo *op,
              const char              *body,
              gsize                    len)
{
  g_autoptr(GawsShape) shape = NULL;
  g_autoptr(GError) error = NULL;
  json_error_t json_error;
  json_t *json = json_loadb (body, len, JSON_DECODE_ANY, &json_error);

  if (json == NULL)
    return g_strdup ("invalid JSON");
  shape = gaws_shape_new_from_json (op->output, json, GAWS_SHAPE_JSON_WIRE, &error);
  json_decref (json);
  return outcome_text (shape, error);
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  const GawsServiceInfo *service = gaws_dynamodb_get_service_info ();
  const GawsOperationInfo *op = gaws_service_info_find_operation (service, c->operation);
  const GawsProtocolCodec *codec = gaws_protocol_codec_for_service (service);
  g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200);
  g_autoptr(GBytes) body = g_bytes_new_static (c->body, strlen (c->body));
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = tree_outcome (op, c->body, strlen (c->body));
  g_autofree char *actual = NULL;

  g_assert_nonnull (op);
  gaws_http_response_set_body (response, body);
  output = codec->deserialize (op, response, &error);
  g_assert_true ((output != NULL) == c->ok);
  if (output == NULL)
    {
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
      /* the tree's own error, word for word */
      if (g_str_equal (expected, "invalid JSON"))
        g_assert_true (g_str_has_prefix (error->message, "Invalid JSON in the response at line"));
      else
        g_assert_true (strstr (expected, error->message) != NULL);
      return;
    }
  actual = outcome_text (output, NULL);
  g_assert_cmpstr (actual, ==, expected);
}

/* A document nested deeper than the text reader goes, in a member the
 * output does not know: jansson reads it. */
static void
test_deep (void)
{
  const GawsServiceInfo *service = gaws_dynamodb_get_service_info ();
  const GawsOperationInfo *op = gaws_service_info_find_operation (service, "GetItem");
  const GawsProtocolCodec *codec = gaws_protocol_codec_for_service (service);
  g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200);
  GString *text = g_string_new ("{\"Item\":{\"a\":{\"S\":\"deep\"}},\"Unknown\":");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *expected = NULL;

  for (int i = 0; i < 1000; i++)
    g_string_append_c (text, '[');
  for (int i = 0; i < 1000; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');
  body = g_string_free_to_bytes (text);
  gaws_http_response_set_body (response, body);
  output = codec->deserialize (op, response, &error);
  g_assert_no_error (error);
  actual = outcome_text (output, NULL);
  expected = tree_outcome (op, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_cmpstr (actual, ==, expected);
  g_assert_true (strstr (actual, "deep") != NULL);
}

/* Requests: inputs, as the wire JSON they are made from. */
static const Case inputs[] = {
  { "PutItem", "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"user#00000001\"},\"n\":{\"N\":\"-1.5e3\"},"
               "\"b\":{\"B\":\"AAECAwQ=\"},\"t\":{\"BOOL\":true},\"f\":{\"BOOL\":false},\"z\":{\"NULL\":true},"
               "\"ss\":{\"SS\":[\"b\",\"a\"]},\"l\":{\"L\":[{\"S\":\"x\"},{\"M\":{\"z\":{\"N\":\"1\"},\"a\":{\"S\":\"y\"}}}]}},"
               "\"ReturnValues\":\"ALL_OLD\",\"ConditionExpression\":\"attribute_not_exists(pk)\"}", TRUE },
  { "PutItem", "{\"TableName\":\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f \u00e9 \\ud83d\\ude00\","
               "\"Item\":{\"k\\u00e9y\\n\":{\"S\":\"\"}},\"ExpressionAttributeNames\":{\"#b\":\"b\",\"#a\":\"a\"}}", TRUE },
  { "Query", "{\"TableName\":\"t\",\"Limit\":2147483647,\"ConsistentRead\":false,\"ScanIndexForward\":true,"
             "\"KeyConditionExpression\":\"pk = :v\",\"ExpressionAttributeValues\":{\":v\":{\"S\":\"x\"}},"
             "\"ExclusiveStartKey\":{\"pk\":{\"S\":\"a\"}}}", TRUE },
  { "Scan", "{\"TableName\":\"t\",\"Segment\":0,\"TotalSegments\":-3}", TRUE },
  /* a map past the writer's stack room, keys to sort */
  { "Scan", "{\"TableName\":\"t\",\"ExpressionAttributeNames\":{\"#j\":\"j\",\"#b\":\"b\",\"#i\":\"i\","
            "\"#a\":\"a\",\"#h\":\"h\",\"#c\":\"c\",\"#g\":\"g\",\"#d\":\"d\",\"#f\":\"f\",\"#e\":\"e\","
            "\"#\\u00e9\":\"\\u00e9\",\"#A\":\"A\"}}", TRUE },
  { "ListBackups", "{\"TableName\":\"t\",\"TimeRangeLowerBound\":1700000000,\"TimeRangeUpperBound\":1700000000.5}", TRUE },
  { "ListBackups", "{}", TRUE },
  /* strings of seven, eight, nine and more bytes with what needs care in
   * each of their words, the last of which overlaps the one before */
  { "Query", "{\"TableName\":\"1234567\",\"IndexName\":\"12345678\",\"Select\":\"123456789\","
             "\"KeyConditionExpression\":\"0123456789abcde\\\"\",\"FilterExpression\":\"\\u00010123456789abcdef\","
             "\"ProjectionExpression\":\"01234567\\\\89\",\"ReturnConsumedCapacity\":\"0123456789\u00e9\","
             "\"ExpressionAttributeNames\":{\"#1234567\":\"a\\tb\",\"#12345678\":\"\\u007f\"}}", TRUE },
};

/* A request body: written straight from the shapes, byte for byte what
 * jansson writes from gaws_shape_to_json()'s tree. */
static void
test_input (gconstpointer data)
{
  const Case *c = data;
  const GawsServiceInfo *service = gaws_dynamodb_get_service_info ();
  const GawsOperationInfo *op = gaws_service_info_find_operation (service, c->operation);
  const GawsProtocolCodec *codec = gaws_protocol_codec_for_service (service);
  g_autoptr(GawsShape) input = NULL;
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  json_t *json = json_loads (c->body, 0, NULL);
  json_t *tree;
  char *expected;
  GBytes *body;

  g_assert_nonnull (op);
  g_assert_nonnull (json);
  input = gaws_shape_new_from_json (op->input, json, GAWS_SHAPE_JSON_WIRE, &error);
  json_decref (json);
  g_assert_no_error (error);
  request = codec->serialize (op, input, &error);
  g_assert_no_error (error);
  body = gaws_http_request_get_body (request);
  tree = gaws_shape_to_json (input, GAWS_SHAPE_JSON_WIRE);
  expected = json_dumps (tree, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION (17));
  json_decref (tree);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), expected, strlen (expected));
  free (expected);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* The slots of a generated structure, its properties and their
 * notifications, and values the shape does not own. */
static void
test_shape_slots (void)
{
  g_autoptr(GawsDynamodbAttributeValue) value = gaws_dynamodb_attribute_value_new ();
  g_autoptr(GawsDynamodbAttributeValue) copy = NULL;
  g_autoptr(GawsDynamodbAttributeValue) built = NULL;
  GValue static_string = G_VALUE_INIT;
  g_autofree char *s = NULL;
  guint notified = 0;

  g_signal_connect (value, "notify::s", G_CALLBACK (count_notify), &notified);
  g_assert_false (gaws_shape_is_set (GAWS_SHAPE (value), 0));
  gaws_dynamodb_attribute_value_set_s (value, "one");
  g_assert_cmpuint (notified, ==, 1);
  g_object_set (value, "s", "two", NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_object_get (value, "s", &s, NULL);
  g_assert_cmpstr (s, ==, "two");

  /* a string the value does not own is not freed with the shape */
  g_value_init (&static_string, G_TYPE_STRING);
  g_value_set_static_string (&static_string, "static");
  gaws_shape_take_value (GAWS_SHAPE (value), 0, &static_string);
  g_assert_cmpuint (notified, ==, 3);
  g_assert_cmpstr (gaws_dynamodb_attribute_value_get_s (value), ==, "static");

  gaws_dynamodb_attribute_value_set_bool (value, TRUE);
  copy = (GawsDynamodbAttributeValue *) gaws_shape_copy (GAWS_SHAPE (value));
  g_assert_true (gaws_dynamodb_attribute_value_get_bool (copy));
  g_assert_cmpstr (gaws_dynamodb_attribute_value_get_s (copy), ==, "static");
  gaws_shape_unset (GAWS_SHAPE (value), 0);
  g_assert_cmpuint (notified, ==, 4);
  g_assert_false (gaws_shape_is_set (GAWS_SHAPE (value), 0));

  /* made by GObject itself, as bindings do */
  built = g_object_new (GAWS_DYNAMODB_TYPE_ATTRIBUTE_VALUE, "n", "12", NULL);
  g_assert_cmpstr (gaws_dynamodb_attribute_value_get_n (built), ==, "12");
  g_assert_true (gaws_shape_get_info (GAWS_SHAPE (built)) == gaws_shape_get_info (GAWS_SHAPE (value)));
  gaws_shape_unset (GAWS_SHAPE (built), 1);
  g_assert_null (gaws_dynamodb_attribute_value_get_n (built));
}

/* The typed setters fill their GValue by hand (gaws-shape.c): each keeps
 * what g_value_set_*() would, a copy of a string, a reference to the rest,
 * a boolean as TRUE or FALSE, and reads back through GObject too. */
static void
test_typed_setters (void)
{
  g_autoptr(GawsDynamodbTableDescription) table = gaws_dynamodb_table_description_new ();
  g_autoptr(GawsDynamodbConsumedCapacity) capacity = gaws_dynamodb_consumed_capacity_new ();
  g_autoptr(GawsDynamodbQueryInput) query = gaws_dynamodb_query_input_new ();
  g_autoptr(GawsDynamodbGetItemOutput) output = gaws_dynamodb_get_item_output_new ();
  g_autoptr(GawsDynamodbAttributeValue) value = gaws_dynamodb_attribute_value_new ();
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 26, 12, 0, 0);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("\x01\x02", 2);
  g_autoptr(GPtrArray) schema = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) item = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  const GawsShapeInfo *info = gaws_shape_get_info (GAWS_SHAPE (table));
  gint item_count = gaws_shape_info_find_member (info, "ItemCount");
  gint protection = gaws_shape_info_find_member (info, "DeletionProtectionEnabled");
  char name[] = "table";
  gboolean enabled = FALSE;
  gint64 count = 0;
  guint notified = 0;
  const GValue *slot;

  g_signal_connect (table, "notify::table-name", G_CALLBACK (count_notify), &notified);
  gaws_dynamodb_table_description_set_table_name (table, name);
  name[0] = 'T';
  g_assert_cmpstr (gaws_dynamodb_table_description_get_table_name (table), ==, "table");
  g_assert_cmpuint (notified, ==, 1);
  gaws_dynamodb_table_description_set_table_name (table, NULL);
  g_assert_null (gaws_dynamodb_table_description_get_table_name (table));
  g_assert_cmpuint (notified, ==, 2);

  gaws_dynamodb_table_description_set_item_count (table, G_GINT64_CONSTANT (9007199254740993));
  g_object_get (table, "item-count", &count, NULL);
  g_assert_cmpint (count, ==, G_GINT64_CONSTANT (9007199254740993));
  slot = gaws_shape_get_value (GAWS_SHAPE (table), (guint) item_count);
  g_assert_true (G_VALUE_HOLDS_INT64 (slot));

  /* any true value is kept as TRUE, as g_value_set_boolean() keeps it */
  gaws_shape_set_boolean (GAWS_SHAPE (table), (guint) protection, 2);
  slot = gaws_shape_get_value (GAWS_SHAPE (table), (guint) protection);
  g_assert_true (G_VALUE_HOLDS_BOOLEAN (slot));
  g_assert_cmpint (slot->data[0].v_int, ==, TRUE);
  g_object_get (table, "deletion-protection-enabled", &enabled, NULL);
  g_assert_true (enabled == TRUE);
  gaws_dynamodb_table_description_set_deletion_protection_enabled (table, FALSE);
  g_assert_false (gaws_dynamodb_table_description_get_deletion_protection_enabled (table));
  g_assert_true (gaws_shape_is_set (GAWS_SHAPE (table), (guint) protection));

  gaws_dynamodb_table_description_set_creation_date_time (table, when);
  g_assert_true (gaws_dynamodb_table_description_get_creation_date_time (table) == when);
  g_ptr_array_add (schema, gaws_dynamodb_key_schema_element_new ());
  gaws_dynamodb_table_description_set_key_schema (table, schema);
  g_assert_true (gaws_dynamodb_table_description_get_key_schema (table) == schema);

  gaws_dynamodb_consumed_capacity_set_capacity_units (capacity, 0.5);
  g_assert_cmpfloat (gaws_dynamodb_consumed_capacity_get_capacity_units (capacity), ==, 0.5);
  gaws_dynamodb_query_input_set_limit (query, -3);
  g_assert_cmpint (gaws_dynamodb_query_input_get_limit (query), ==, -3);

  gaws_dynamodb_attribute_value_set_b (value, bytes);
  g_assert_true (gaws_dynamodb_attribute_value_get_b (value) == bytes);
  g_hash_table_insert (item, g_strdup ("b"), g_object_ref (value));
  gaws_dynamodb_get_item_output_set_item (output, item);
  g_assert_true (gaws_dynamodb_get_item_output_get_item (output) == item);

  /* the references taken outlive the caller's */
  g_clear_pointer (&when, g_date_time_unref);
  g_clear_pointer (&schema, g_ptr_array_unref);
  g_clear_pointer (&bytes, g_bytes_unref);
  g_clear_pointer (&item, g_hash_table_unref);
  g_assert_cmpint (g_date_time_get_year (gaws_dynamodb_table_description_get_creation_date_time (table)), ==, 2026);
  g_assert_cmpuint (gaws_dynamodb_table_description_get_key_schema (table)->len, ==, 1);
  g_assert_cmpuint (g_bytes_get_size (gaws_dynamodb_attribute_value_get_b (value)), ==, 2);
  g_assert_cmpuint (g_hash_table_size (gaws_dynamodb_get_item_output_get_item (output)), ==, 1);

  /* a setter of another type than the member's complains and sets nothing */
  g_test_expect_message ("Gaws", G_LOG_LEVEL_CRITICAL, "*member ItemCount*");
  gaws_shape_set_string (GAWS_SHAPE (table), (guint) item_count, "many");
  g_test_assert_expected_messages ();
  g_assert_cmpint (gaws_dynamodb_table_description_get_item_count (table), ==, G_GINT64_CONSTANT (9007199254740993));
}

/* A shape skips GObject's own dispose on its last unref (gaws-shape.c):
 * what it would clear still goes, once; and an explicitly disposed shape
 * stays usable, its handlers gone. */
static void
test_shape_dispose (void)
{
  g_autoptr(GawsDynamodbAttributeValue) kept = gaws_dynamodb_attribute_value_new ();

  gaws_test_check_dispose (G_OBJECT (gaws_dynamodb_attribute_value_new ()), G_OBJECT (kept));
  gaws_dynamodb_attribute_value_set_s (kept, "still");
  g_assert_cmpstr (gaws_dynamodb_attribute_value_get_s (kept), ==, "still");
}

/* Freeing a structure frees what its members hold, whichever members were
 * set, in any order, even unset again (finalize looks only as far as the
 * last member ever set). */
static void
test_shape_frees_members (void)
{
  for (guint round = 0; round < 3; round++)
    {
      GawsDynamodbAttributeValue *outer = gaws_dynamodb_attribute_value_new ();
      GawsDynamodbAttributeValue *inner = gaws_dynamodb_attribute_value_new ();
      g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
      gpointer watch = inner;

      g_object_add_weak_pointer (G_OBJECT (inner), &watch);
      g_ptr_array_add (list, inner);
      if (round == 1)
        gaws_dynamodb_attribute_value_set_s (outer, "first");
      if (round == 2)
        {
          gaws_dynamodb_attribute_value_set_bool (outer, TRUE);
          gaws_shape_unset (GAWS_SHAPE (outer),
                            (guint) gaws_shape_info_find_member (gaws_shape_get_info (GAWS_SHAPE (outer)), "BOOL"));
        }
      /* L, past S and before BOOL */
      gaws_dynamodb_attribute_value_set_l (outer, list);
      g_clear_pointer (&list, g_ptr_array_unref);
      g_assert_nonnull (watch);
      g_object_unref (outer);
      g_assert_null (watch);
    }
}

/* The strings of a response its user keeps (a key and a value stolen from
 * its item, a string set still referred to) stay theirs when the response
 * is freed, whose other strings, and one the user put into its item, the
 * next responses read may reuse (gaws_string_free_held()). */
static void
test_user_strings_kept (void)
{
  static const char body[] = "{\"Item\":{\"pk\":{\"S\":\"user#00000001\"},\"name\":{\"S\":\"Ada Lovelace\"},"
                             "\"age\":{\"N\":\"36\"},\"tags\":{\"SS\":[\"math\",\"engines\"]}}}";
  const GawsServiceInfo *service = gaws_dynamodb_get_service_info ();
  const GawsOperationInfo *op = gaws_service_info_find_operation (service, "GetItem");
  const GawsProtocolCodec *codec = gaws_protocol_codec_for_service (service);
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));
  g_autoptr(GawsDynamodbAttributeValue) name = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autofree char *key = NULL;
  GawsDynamodbGetItemOutput *output;
  GHashTable *item;

  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200);
      g_autoptr(GError) error = NULL;
      gpointer stolen_key = NULL, stolen_value = NULL;

      gaws_http_response_set_body (response, bytes);
      output = (GawsDynamodbGetItemOutput *) codec->deserialize (op, response, &error);
      g_assert_no_error (error);
      item = gaws_dynamodb_get_item_output_get_item (output);
      g_assert_cmpstr (gaws_dynamodb_attribute_value_get_s (g_hash_table_lookup (item, "pk")), ==, "user#00000001");
      g_assert_cmpstr (g_ptr_array_index (gaws_dynamodb_attribute_value_get_ss (g_hash_table_lookup (item, "tags")), 1),
                       ==, "engines");
      if (round == 1)
        {
          g_assert_true (g_hash_table_steal_extended (item, "name", &stolen_key, &stolen_value));
          key = stolen_key;
          name = stolen_value;
          tags = g_ptr_array_ref (gaws_dynamodb_attribute_value_get_ss (g_hash_table_lookup (item, "tags")));
          g_hash_table_insert (item, g_strdup ("x"), gaws_dynamodb_attribute_value_new ());
        }
      g_object_unref (output);
      if (round >= 1)
        {
          g_assert_cmpstr (key, ==, "name");
          g_assert_cmpstr (gaws_dynamodb_attribute_value_get_s (name), ==, "Ada Lovelace");
          g_assert_cmpuint (tags->len, ==, 2);
          g_assert_cmpstr (g_ptr_array_index (tags, 0), ==, "math");
          g_assert_cmpstr (g_ptr_array_index (tags, 1), ==, "engines");
        }
    }
  /* still the user's to change and free */
  key[0] = 'N';
  g_ptr_array_add (tags, g_strdup ("kept"));
  g_assert_cmpstr (g_ptr_array_index (tags, 2), ==, "kept");
}

int
main (int argc, char *argv[])
{
  gaws_test_init (&argc, &argv);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/json-text/%s/%u", cases[i].operation, i);
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/json-text/deep", test_deep);
  g_test_add_func ("/json-text/shape-slots", test_shape_slots);
  g_test_add_func ("/json-text/typed-setters", test_typed_setters);
  g_test_add_func ("/json-text/shape-dispose", test_shape_dispose);
  g_test_add_func ("/json-text/shape-frees-members", test_shape_frees_members);
  g_test_add_func ("/json-text/user-strings-kept", test_user_strings_kept);
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/json-text/input/%s/%u", inputs[i].operation, i);
      g_test_add_data_func (path, &inputs[i], test_input);
    }
  return g_test_run ();
}
