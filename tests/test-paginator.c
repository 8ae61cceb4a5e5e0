/* test-paginator.c: GawsPaginator against a scripted loopback server:
 * tokens, more_results, MaxItems and resume tokens, starting tokens,
 * repeated tokens, cancellation and one call at a time
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-server.h"

#include <string.h>
#include <jansson.h>
#include <gaws-dynamodb.h>
#include <gaws-s3.h>

typedef enum {
  MODE_SCAN,      /* DynamoDB Scan: pages follow LastEvaluatedKey {pk: p<N>} */
  MODE_REPEAT,    /* DynamoDB Scan: always the same LastEvaluatedKey */
  MODE_NESTED,    /* DynamoDB Scan: pages follow ConsumedCapacity.TableName
                   * (p<N>, "" on the last page), sent back as TableName */
  MODE_LIST,      /* S3 ListObjects: keys key-0000..., pages follow the marker */
  MODE_STALL,     /* never answer */
} Mode;

typedef struct {
  GMutex     lock;
  Mode       mode;
  guint      n_items;
  guint      per_page;
  const char *fixed_token;  /* MODE_NESTED: this token on every page */
  GPtrArray *requests;   /* bodies (DynamoDB) or paths (S3) */
} Script;

typedef struct {
  Script            script;
  GawsTestServer   *server;
  GawsSession      *session;
  GawsClientConfig *config;
} Fixture;

static char *
scan_page (Script *script,
           json_t *body,
           gboolean repeat)
{
  const char *start = json_string_value (json_object_get (json_object_get (json_object_get (body, "ExclusiveStartKey"), "pk"), "S"));
  const char *table = json_string_value (json_object_get (body, "TableName"));
  gboolean nested = script->mode == MODE_NESTED;
  guint page;
  g_autofree char *table_token = NULL;
  guint first;
  guint n;
  json_t *reply = json_object ();
  json_t *items = json_array ();
  char *text;

  if (nested)
    start = table != NULL && table[0] == 'p' ? table : NULL;
  page = start != NULL ? (guint) g_ascii_strtoull (start + 1, NULL, 10) + 1 : 0;
  first = page * script->per_page;
  n = repeat ? 1 : MIN (script->per_page, script->n_items - first);
  table_token = first + n < script->n_items ? g_strdup_printf ("p%u", page) : g_strdup ("");
  if (nested && script->fixed_token != NULL)
    {
      g_free (table_token);
      table_token = g_strdup (script->fixed_token);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("item-%u-%u", page, i);
      json_array_append_new (items, json_pack ("{s:{s:s}}", "pk", "S", name));
    }
  json_object_set_new (reply, "Items", items);
  json_object_set_new (reply, "Count", json_integer (n));
  json_object_set_new (reply, "ScannedCount", json_integer (n));
  json_object_set_new (reply, "ConsumedCapacity",
                       json_pack ("{s:s,s:f}", "TableName", nested ? table_token : "t",
                                  "CapacityUnits", 1.0 + page));
  if (repeat)
    json_object_set_new (reply, "LastEvaluatedKey", json_pack ("{s:{s:s}}", "pk", "S", "same"));
  else if (first + n < script->n_items)
    {
      g_autofree char *key = g_strdup_printf ("p%u", page);
      json_object_set_new (reply, "LastEvaluatedKey", json_pack ("{s:{s:s}}", "pk", "S", key));
    }
  text = json_dumps (reply, JSON_COMPACT);
  json_decref (reply);
  return text;
}

static char *
list_page (Script     *script,
           const char *path)
{
  const char *marker = strstr (path, "marker=");
  guint first = 0;
  guint n;
  GString *xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                               "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                               "<Name>bucket</Name>");

  if (marker != NULL)
    first = (guint) g_ascii_strtoull (marker + strlen ("marker=key-"), NULL, 10) + 1;
  n = first < script->n_items ? MIN (script->per_page, script->n_items - first) : 0;
  g_string_append_printf (xml, "<IsTruncated>%s</IsTruncated>",
                          first + n < script->n_items ? "true" : "false");
  for (guint i = first; i < first + n; i++)
    g_string_append_printf (xml, "<Contents><Key>key-%04u</Key><Size>1</Size></Contents>", i);
  g_string_append_printf (xml, "<CommonPrefixes><Prefix>dir-%u/</Prefix></CommonPrefixes>", first);
  g_string_append (xml, "</ListBucketResult>");
  return g_string_free (xml, FALSE);
}

static void
scripted_handler (const GawsTestServerRequest *request,
                  GawsTestServerReply         *reply,
                  gpointer                     user_data)
{
  Script *script = user_data;
  gsize size = 0;
  const char *data = g_bytes_get_data (request->body, &size);
  g_autofree char *text = NULL;
  json_t *body;

  g_mutex_lock (&script->lock);
  g_ptr_array_add (script->requests,
                   script->mode == MODE_LIST ? g_strdup (request->path) : g_strndup (data, size));
  switch (script->mode)
    {
    case MODE_STALL:
      reply->action = GAWS_TEST_SERVER_STALL;
      break;
    case MODE_LIST:
      text = list_page (script, request->path);
      gaws_test_server_reply_set_body (reply, "application/xml", text, -1);
      break;
    case MODE_SCAN:
    case MODE_REPEAT:
    case MODE_NESTED:
    default:
      body = json_loadb (data, size, 0, NULL);
      text = scan_page (script, body, script->mode == MODE_REPEAT);
      json_decref (body);
      gaws_test_server_reply_set_body (reply, "application/x-amz-json-1.0", text, -1);
      break;
    }
  g_mutex_unlock (&script->lock);
}

static guint
n_requests (Fixture *f)
{
  guint n;

  g_mutex_lock (&f->script.lock);
  n = f->script.requests->len;
  g_mutex_unlock (&f->script.lock);
  return n;
}

static const char *
request_at (Fixture *f,
            guint    index)
{
  const char *text;

  g_mutex_lock (&f->script.lock);
  g_assert_cmpuint (index, <, f->script.requests->len);
  text = f->script.requests->pdata[index];
  g_mutex_unlock (&f->script.lock);
  return text;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_mutex_init (&f->script.lock);
  f->script.mode = MODE_SCAN;
  f->script.n_items = 9;
  f->script.per_page = 3;
  f->script.requests = g_ptr_array_new_with_free_func (g_free);
  f->server = gaws_test_server_new (scripted_handler, &f->script);
  f->session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  gaws_session_set_region (f->session, "eu-west-1");
  f->config = gaws_client_config_new ();
  gaws_client_config_set_endpoint_url (f->config, gaws_test_server_get_url (f->server));
  gaws_client_config_set_max_attempts (f->config, 1);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gaws_test_server_free (f->server);
  g_object_unref (f->session);
  g_object_unref (f->config);
  g_ptr_array_unref (f->script.requests);
  g_mutex_clear (&f->script.lock);
}

/* The paginators of the generated tables, copied so that a test can make
 * the variants the models lack. */
static GawsPaginatorInfo
scan_info (void)
{
  const GawsPaginatorInfo *info = gaws_service_info_find_paginator (gaws_dynamodb_get_service_info (), "scan");

  g_assert_nonnull (info);
  g_assert_cmpstr (info->output_tokens[0], ==, "LastEvaluatedKey");
  return *info;
}

static GawsPaginatorInfo
list_info (void)
{
  const GawsPaginatorInfo *info = gaws_service_info_find_paginator (gaws_s3_get_service_info (), "ListObjects");

  g_assert_nonnull (info);
  g_assert_cmpstr (info->output_tokens[0], ==, "NextMarker || Contents[-1].Key");
  return *info;
}

static GawsPaginator *
new_scan_paginator (Fixture                 *f,
                    const GawsPaginatorInfo *info)
{
  g_autoptr(GawsDynamodbClient) client = gaws_dynamodb_client_new (f->session, f->config);
  g_autoptr(GawsDynamodbScanInput) input = gaws_dynamodb_scan_input_new ();

  gaws_dynamodb_scan_input_set_table_name (input, "t");
  return gaws_paginator_new (GAWS_CLIENT (client), info, GAWS_SHAPE (input));
}

static GawsPaginator *
new_list_paginator (Fixture                 *f,
                    const GawsPaginatorInfo *info)
{
  g_autoptr(GawsS3Client) client = gaws_s3_client_new (f->session, f->config);
  g_autoptr(GawsS3ListObjectsRequest) input = gaws_s3_list_objects_request_new ();

  gaws_s3_list_objects_request_set_bucket (input, "bucket");
  f->script.mode = MODE_LIST;
  return gaws_paginator_new (GAWS_CLIENT (client), info, GAWS_SHAPE (input));
}

/* --- async helpers -------------------------------------------------- */

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
await_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static GawsShape *
next_page (GawsPaginator  *paginator,
           GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gaws_paginator_next_page_async (paginator, NULL, store_result_cb, &result);
  await_result (&result);
  /* tagged, and not named after begin_call()'s argument ("source_tag") */
  g_assert_true (g_async_result_is_tagged (result, gaws_paginator_next_page_async));
  g_assert_null (g_task_get_name (G_TASK (result)));
  return gaws_paginator_next_page_finish (paginator, result, error);
}

static gboolean
next_item (GawsPaginator  *paginator,
           GValue         *item,
           GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gaws_paginator_next_item_async (paginator, NULL, store_result_cb, &result);
  return gaws_paginator_next_item_finish (paginator, await_result (&result), item, error);
}

static GawsShape *
full_result (GawsPaginator  *paginator,
             GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gaws_paginator_build_full_result_async (paginator, NULL, store_result_cb, &result);
  return gaws_paginator_build_full_result_finish (paginator, await_result (&result), error);
}

/* The `pk` of every item (DynamoDB) or the key of every object (S3) the
 * paginator's next_item gives, joined with spaces. */
static char *
collect_items (GawsPaginator *paginator)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GValue item = G_VALUE_INIT;

  while (next_item (paginator, &item, &error))
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      if (G_VALUE_HOLDS (&item, G_TYPE_HASH_TABLE))
        {
          GawsDynamodbAttributeValue *pk = g_hash_table_lookup (g_value_get_boxed (&item), "pk");
          g_string_append (out, gaws_dynamodb_attribute_value_get_s (pk));
        }
      else if (G_VALUE_HOLDS (&item, GAWS_S3_TYPE_OBJECT))
        g_string_append (out, gaws_s3_object_get_key (g_value_get_object (&item)));
      else if (G_VALUE_HOLDS (&item, GAWS_S3_TYPE_COMMON_PREFIX))
        g_string_append (out, gaws_s3_common_prefix_get_prefix (g_value_get_object (&item)));
      else
        g_assert_not_reached ();
      g_value_unset (&item);
    }
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

static char *
page_items (GawsShape *page)
{
  GPtrArray *items = gaws_dynamodb_scan_output_get_items (GAWS_DYNAMODB_SCAN_OUTPUT (page));
  GString *out = g_string_new (NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      GawsDynamodbAttributeValue *pk = g_hash_table_lookup (items->pdata[i], "pk");

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, gaws_dynamodb_attribute_value_get_s (pk));
    }
  return g_string_free (out, FALSE);
}

/* --- tests ------------------------------------------------------------ */

/* Each request carries the map token of the page before; the page size
 * goes in the limit key; the end is NULL without error and sends nothing. */
static void
test_follows_map_token (Fixture       *f,
                        gconstpointer  data)
{
  GawsPaginatorInfo info = scan_info ();
  g_autoptr(GawsPaginator) paginator = new_scan_paginator (f, &info);
  g_autoptr(GError) error = NULL;
  guint n_pages = 0;

  gaws_paginator_set_page_size (paginator, 3);
  for (;;)
    {
      g_autoptr(GawsShape) page = next_page (paginator, &error);
      g_autofree char *items = NULL;
      g_autofree char *expected = NULL;

      g_assert_no_error (error);
      if (page == NULL)
        break;
      items = page_items (page);
      expected = g_strdup_printf ("item-%u-0 item-%u-1 item-%u-2", n_pages, n_pages, n_pages);
      g_assert_cmpstr (items, ==, expected);
      n_pages++;
    }
  g_assert_cmpuint (n_pages, ==, 3);
  g_assert_cmpuint (n_requests (f), ==, 3);
  g_assert_null (strstr (request_at (f, 0), "ExclusiveStartKey"));
  g_assert_nonnull (strstr (request_at (f, 0), "\"Limit\":3"));
  g_assert_nonnull (strstr (request_at (f, 1), "\"ExclusiveStartKey\":{\"pk\":{\"S\":\"p0\"}}"));
  g_assert_nonnull (strstr (request_at (f, 2), "\"ExclusiveStartKey\":{\"pk\":{\"S\":\"p1\"}}"));
  g_assert_true (gaws_paginator_is_done (paginator));
  g_assert_null (gaws_paginator_get_resume_token (paginator));

  /* past the end: still NULL, no error, no request */
  g_assert_null (next_page (paginator, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_requests (f), ==, 3);
}

/* botocore's "The same next token was received twice": an error, after
 * the two pages that carried it, and no third request. */
static void
test_repeated_token_is_error (Fixture       *f,
                              gconstpointer  data)
{
  GawsPaginatorInfo info = scan_info ();
  g_autoptr(GawsPaginator) paginator = new_scan_paginator (f, &info);
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) page1 = NULL;
  g_autoptr(GawsShape) page2 = NULL;
  g_autoptr(GawsShape) page3 = NULL;

  f->script.mode = MODE_REPEAT;
  page1 = next_page (paginator, &error);
  g_assert_no_error (error);
  g_assert_nonnull (page1);
  page2 = next_page (paginator, &error);
  g_assert_no_error (error);
  g_assert_nonnull (page2);
  g_assert_true (gaws_paginator_is_done (paginator));
  page3 = next_page (paginator, &error);
  g_assert_null (page3);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PAGINATION);
  g_assert_nonnull (strstr (error->message, "The same next token was received twice"));
  g_assert_cmpuint (n_requests (f), ==, 2);

  /* the error sticks: no loop, no request */
  g_clear_error (&error);
  g_assert_null (next_page (paginator, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PAGINATION);
  g_assert_cmpuint (n_requests (f), ==, 2);
}

/* A false more_results ends the pagination even with a token in the page. */
static void
test_more_results_false_stops (Fixture       *f,
                               gconstpointer  data)
{
  GawsPaginatorInfo info = scan_info ();
  g_autoptr(GawsPaginator) paginator = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *items = NULL;

  info.more_results = "Count > `1`";
  paginator = new_scan_paginator (f, &info);
  f->script.mode = MODE_REPEAT;  /* Count 1, a LastEvaluatedKey every time */
  items = collect_items (paginator);
  g_assert_cmpstr (items, ==, "item-0-0");
  g_assert_cmpuint (n_requests (f), ==, 1);
  g_assert_true (gaws_paginator_is_done (paginator));
}

/* MaxItems cuts the page that crosses it and gives botocore's resume
 * token, byte for byte; resuming with it gives the rest exactly. */
static void
test_max_items_and_resume (Fixture       *f,
                           gconstpointer  data)
{
  GawsPaginatorInfo info = scan_info ();
  g_autoptr(GawsPaginator) paginator = new_scan_paginator (f, &info);
  g_autoptr(GawsPaginator) resumed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *rest = NULL;
  g_autoptr(GawsShape) full = NULL;
  GawsDynamodbScanOutput *output;
  /* base64 (json.dumps ({'ExclusiveStartKey': {'pk': {'S': 'p0'}}, 'boto_truncate_amount': 1})) */
  const char *expected_token = "eyJFeGNsdXNpdmVTdGFydEtleSI6IHsicGsiOiB7IlMiOiAicDAifX0sICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDF9";

  gaws_paginator_set_max_items (paginator, 4);
  first = collect_items (paginator);
  g_assert_cmpstr (first, ==, "item-0-0 item-0-1 item-0-2 item-1-0");
  g_assert_cmpuint (n_requests (f), ==, 2);
  g_assert_cmpstr (gaws_paginator_get_resume_token (paginator), ==, expected_token);

  resumed = new_scan_paginator (f, &info);
  gaws_paginator_set_starting_token (resumed, expected_token);
  rest = collect_items (resumed);
  g_assert_cmpstr (rest, ==, "item-1-1 item-1-2 item-2-0 item-2-1 item-2-2");
  g_assert_nonnull (strstr (request_at (f, 2), "\"ExclusiveStartKey\":{\"pk\":{\"S\":\"p0\"}}"));
  g_assert_cmpuint (n_requests (f), ==, 4);
  g_assert_null (gaws_paginator_get_resume_token (resumed));

  /* Cut again inside the page the token cut: the offset adds up. */
  g_clear_object (&resumed);
  resumed = new_scan_paginator (f, &info);
  gaws_paginator_set_starting_token (resumed, expected_token);
  gaws_paginator_set_max_items (resumed, 1);
  g_clear_pointer (&rest, g_free);
  rest = collect_items (resumed);
  g_assert_cmpstr (rest, ==, "item-1-1");
  /* base64 (json.dumps ({'ExclusiveStartKey': {'pk': {'S': 'p0'}}, 'boto_truncate_amount': 2})) */
  g_assert_cmpstr (gaws_paginator_get_resume_token (resumed), ==,
                   "eyJFeGNsdXNpdmVTdGFydEtleSI6IHsicGsiOiB7IlMiOiAicDAifX0sICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDJ9");
  g_assert_cmpuint (n_requests (f), ==, 5);

  /* The full result of a resumed scan: Items concatenated, Count added
   * (kept whole on the cut page, as in botocore), ConsumedCapacity from the
   * first page. */
  g_clear_object (&resumed);
  resumed = new_scan_paginator (f, &info);
  gaws_paginator_set_starting_token (resumed, expected_token);
  full = full_result (resumed, &error);
  g_assert_no_error (error);
  output = GAWS_DYNAMODB_SCAN_OUTPUT (full);
  g_assert_cmpuint (gaws_dynamodb_scan_output_get_items (output)->len, ==, 5);
  g_assert_cmpint (gaws_dynamodb_scan_output_get_count (output), ==, 6);
  g_assert_cmpfloat (gaws_dynamodb_consumed_capacity_get_capacity_units (
                       gaws_dynamodb_scan_output_get_consumed_capacity (output)), ==, 2.0);
  g_assert_null (gaws_dynamodb_scan_output_get_last_evaluated_key (output));
}

/* MaxItems on a page boundary: the resume token is the next token alone. */
static void
test_max_items_on_boundary (Fixture       *f,
                            gconstpointer  data)
{
  GawsPaginatorInfo info = scan_info ();
  g_autoptr(GawsPaginator) paginator = new_scan_paginator (f, &info);
  g_autoptr(GawsShape) full = NULL;
  g_autoptr(GError) error = NULL;

  gaws_paginator_set_max_items (paginator, 3);
  full = full_result (paginator, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_dynamodb_scan_output_get_items (GAWS_DYNAMODB_SCAN_OUTPUT (full))->len, ==, 3);
  g_assert_cmpuint (n_requests (f), ==, 1);
  /* base64 (json.dumps ({'ExclusiveStartKey': {'pk': {'S': 'p0'}}})) */
  g_assert_cmpstr (gaws_paginator_get_resume_token (paginator), ==,
                   "eyJFeGNsdXNpdmVTdGFydEtleSI6IHsicGsiOiB7IlMiOiAicDAifX19");
}

/* S3 ListObjects: the output token `NextMarker || Contents[-1].Key`,
 * more_results `IsTruncated`, two result keys flattened in order. */
static void
test_jmespath_token_and_two_result_keys (Fixture       *f,
                                         gconstpointer  data)
{
  GawsPaginatorInfo info = list_info ();
  g_autoptr(GawsPaginator) paginator = new_list_paginator (f, &info);
  g_autofree char *items = NULL;

  f->script.n_items = 7;
  items = collect_items (paginator);
  g_assert_cmpstr (items, ==,
                   "key-0000 key-0001 key-0002 dir-0/ "
                   "key-0003 key-0004 key-0005 dir-3/ "
                   "key-0006 dir-6/");
  g_assert_cmpuint (n_requests (f), ==, 3);
  g_assert_null (strstr (request_at (f, 0), "marker="));
  g_assert_nonnull (strstr (request_at (f, 1), "marker=key-0002"));
  g_assert_nonnull (strstr (request_at (f, 2), "marker=key-0005"));
}

/* A cut with no service token yet: {"Marker": null, "boto_truncate_amount": 2};
 * the resumed paginator skips what was returned, and empties the other
 * result keys of that first page (they were returned with it). */
static void
test_resume_without_service_token (Fixture       *f,
                                   gconstpointer  data)
{
  GawsPaginatorInfo info = list_info ();
  g_autoptr(GawsPaginator) paginator = new_list_paginator (f, &info);
  g_autoptr(GawsPaginator) resumed = NULL;
  g_autofree char *first = NULL;
  g_autofree char *rest = NULL;

  f->script.n_items = 7;
  gaws_paginator_set_max_items (paginator, 2);
  first = collect_items (paginator);
  g_assert_cmpstr (first, ==, "key-0000 key-0001 dir-0/");
  g_assert_cmpstr (gaws_paginator_get_resume_token (paginator), ==,
                   "eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ==");

  resumed = new_list_paginator (f, &info);
  gaws_paginator_set_starting_token (resumed, gaws_paginator_get_resume_token (paginator));
  rest = collect_items (resumed);
  g_assert_cmpstr (rest, ==, "key-0002 key-0003 key-0004 key-0005 dir-3/ key-0006 dir-6/");
}

/* botocore's deprecated token form: `marker___offset`. */
static void
test_deprecated_starting_token (Fixture       *f,
                                gconstpointer  data)
{
  GawsPaginatorInfo info = list_info ();
  g_autoptr(GawsPaginator) paginator = new_list_paginator (f, &info);
  g_autofree char *items = NULL;

  f->script.n_items = 7;
  gaws_paginator_set_starting_token (paginator, "key-0002___1");
  items = collect_items (paginator);
  g_assert_cmpstr (items, ==, "key-0004 key-0005 key-0006 dir-6/");
  g_assert_nonnull (strstr (request_at (f, 0), "marker=key-0002"));
}

/* Tokens that are not botocore's fail before any request. */
static void
test_malformed_starting_token (Fixture       *f,
                               gconstpointer  data)
{
  GawsPaginatorInfo info = scan_info ();
  const char *tokens[] = {
    "not a token",
    "eyJCb2d1cyI6IDF9",  /* {"Bogus": 1}: not an input token */
    "WzFd",              /* [1] */
    "eyJFeGNsdXNpdmVTdGFydEtleSI6IHsicGsiOiB7IlMiOiAicDAifX0sICJib3RvX3RydW5jYXRlX2Ftb3VudCI6ICJ4In0=",  /* amount "x" */
    "a___b___c",         /* more parts than input tokens */
    "eyJFeGNsdXNpdmVTdGFydEtleSI6IDF9",  /* {"ExclusiveStartKey": 1}: not a map */
  };

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(GawsPaginator) paginator = new_scan_paginator (f, &info);
      g_autoptr(GError) error = NULL;
      g_autoptr(GawsShape) page = NULL;
      GValue item = G_VALUE_INIT;

      g_test_message ("token %s", tokens[i]);
      gaws_paginator_set_starting_token (paginator, tokens[i]);
      page = next_page (paginator, &error);
      g_assert_null (page);
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PAGINATION);
      g_clear_error (&error);
      g_assert_false (next_item (paginator, &item, &error));
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PAGINATION);
      g_assert_true (gaws_paginator_is_done (paginator));
    }
  g_assert_cmpuint (n_requests (f), ==, 0);
}

static void
test_page_size_needs_limit_key (Fixture       *f,
                                gconstpointer  data)
{
  GawsPaginatorInfo info = scan_info ();
  g_autoptr(GawsPaginator) paginator = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) page = NULL;

  info.limit_key = NULL;
  paginator = new_scan_paginator (f, &info);
  gaws_paginator_set_page_size (paginator, 10);
  page = next_page (paginator, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PAGINATION);
  g_assert_cmpuint (n_requests (f), ==, 0);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Cancelling a page in flight ends the call with G_IO_ERROR_CANCELLED; a
 * second call meanwhile fails with G_IO_ERROR_PENDING; the paginator can
 * try the same page again afterwards. */
static void
test_cancel_and_pending (Fixture       *f,
                         gconstpointer  data)
{
  GawsPaginatorInfo info = scan_info ();
  g_autoptr(GawsPaginator) paginator = new_scan_paginator (f, &info);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) page = NULL;
  GValue item = G_VALUE_INIT;

  f->script.mode = MODE_STALL;
  gaws_paginator_next_page_async (paginator, cancellable, store_result_cb, &result);
  gaws_paginator_next_item_async (paginator, NULL, store_result_cb, &second);
  g_assert_false (gaws_paginator_next_item_finish (paginator, await_result (&second), &item, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  g_assert_null (result);

  while (n_requests (f) == 0)
    g_main_context_iteration (NULL, FALSE);
  g_timeout_add (50, cancel_cb, cancellable);
  page = gaws_paginator_next_page_finish (paginator, await_result (&result), &error);
  g_assert_null (page);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (gaws_paginator_is_done (paginator));

  /* already cancelled: no request at all */
  g_clear_object (&result);
  gaws_paginator_next_page_async (paginator, cancellable, store_result_cb, &result);
  g_assert_null (gaws_paginator_next_page_finish (paginator, await_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (n_requests (f), ==, 1);

  /* and the same page again, now that the server answers */
  f->script.mode = MODE_SCAN;
  g_clear_object (&page);
  page = next_page (paginator, &error);
  g_assert_no_error (error);
  g_assert_nonnull (page);
  g_assert_null (strstr (request_at (f, 1), "ExclusiveStartKey"));
}

/* The _sync variants share the state machine. */
static void
test_sync (Fixture       *f,
           gconstpointer  data)
{
  GawsPaginatorInfo info = scan_info ();
  g_autoptr(GawsPaginator) paginator = new_scan_paginator (f, &info);
  g_autoptr(GawsPaginator) second = new_scan_paginator (f, &info);
  g_autoptr(GawsShape) page = NULL;
  g_autoptr(GawsShape) full = NULL;
  g_autoptr(GError) error = NULL;
  GValue item = G_VALUE_INIT;
  guint n_items = 0;

  page = gaws_paginator_next_page_sync (paginator, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_dynamodb_scan_output_get_items (GAWS_DYNAMODB_SCAN_OUTPUT (page))->len, ==, 3);
  while (gaws_paginator_next_item_sync (paginator, &item, NULL, &error))
    {
      n_items++;
      g_value_unset (&item);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n_items, ==, 6);

  full = gaws_paginator_build_full_result_sync (second, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_dynamodb_scan_output_get_items (GAWS_DYNAMODB_SCAN_OUTPUT (full))->len, ==, 9);
  g_assert_cmpint (gaws_dynamodb_scan_output_get_count (GAWS_DYNAMODB_SCAN_OUTPUT (full)), ==, 9);
  g_assert_cmpuint (n_requests (f), ==, 6);
}

/* --- expressions that are member paths -------------------------------- */

/* Output tokens, more_results and non-aggregate keys that are member paths
 * (plain or dotted, through structures) are read from the page's shape;
 * the others are searched over the page's JSON. Both must give the same
 * requests, ends and resume tokens. */

static const char *const table_name_token[] = { "TableName", NULL };

/* Scan following ConsumedCapacity.TableName (MODE_NESTED): a dotted output
 * token, sent back as TableName, that is "" on the last page. */
static void
check_nested_token (Fixture    *f,
                    const char *expression)
{
  const char *output_tokens[] = { expression, NULL };
  GawsPaginatorInfo info = scan_info ();
  g_autoptr(GawsPaginator) paginator = NULL;
  g_autoptr(GawsPaginator) resumed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *rest = NULL;
  guint n0 = n_requests (f);
  guint n_pages = 0;
  /* base64 (json.dumps ({'TableName': 'p0', 'boto_truncate_amount': 1})) */
  const char *cut_token = "eyJUYWJsZU5hbWUiOiAicDAiLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==";

  g_test_message ("output token %s", expression);
  info.input_tokens = table_name_token;
  info.output_tokens = output_tokens;
  f->script.mode = MODE_NESTED;

  /* every page, the token of each sent back, the empty one ends it */
  paginator = new_scan_paginator (f, &info);
  for (;;)
    {
      g_autoptr(GawsShape) page = next_page (paginator, &error);

      g_assert_no_error (error);
      if (page == NULL)
        break;
      n_pages++;
    }
  g_assert_cmpuint (n_pages, ==, 3);
  g_assert_cmpuint (n_requests (f), ==, n0 + 3);
  g_assert_nonnull (strstr (request_at (f, n0), "\"TableName\":\"t\""));
  g_assert_nonnull (strstr (request_at (f, n0 + 1), "\"TableName\":\"p0\""));
  g_assert_nonnull (strstr (request_at (f, n0 + 2), "\"TableName\":\"p1\""));
  g_assert_true (gaws_paginator_is_done (paginator));
  g_assert_null (gaws_paginator_get_resume_token (paginator));
  g_clear_object (&paginator);

  /* a cut page: botocore's resume token, and resuming from it */
  paginator = new_scan_paginator (f, &info);
  gaws_paginator_set_max_items (paginator, 4);
  first = collect_items (paginator);
  g_assert_cmpstr (first, ==, "item-0-0 item-0-1 item-0-2 item-1-0");
  g_assert_cmpstr (gaws_paginator_get_resume_token (paginator), ==, cut_token);
  resumed = new_scan_paginator (f, &info);
  gaws_paginator_set_starting_token (resumed, cut_token);
  rest = collect_items (resumed);
  g_assert_cmpstr (rest, ==, "item-1-1 item-1-2 item-2-0 item-2-1 item-2-2");
  g_clear_object (&paginator);

  /* a page boundary: the next token alone,
   * base64 (json.dumps ({'TableName': 'p0'})) */
  paginator = new_scan_paginator (f, &info);
  gaws_paginator_set_max_items (paginator, 3);
  g_clear_pointer (&first, g_free);
  first = collect_items (paginator);
  g_assert_cmpstr (first, ==, "item-0-0 item-0-1 item-0-2");
  g_assert_cmpstr (gaws_paginator_get_resume_token (paginator), ==, "eyJUYWJsZU5hbWUiOiAicDAifQ==");
}

static void
test_member_path_dotted_token (Fixture       *f,
                               gconstpointer  data)
{
  check_nested_token (f, "ConsumedCapacity.TableName");          /* from the shape */
  check_nested_token (f, "ConsumedCapacity.TableName || Nope");  /* over the JSON */
}

/* A string token (ConsumedCapacity.TableName into TableName) goes from
 * page to page as a string, without JSON: the same token twice is still
 * botocore's error, with the token's JSON in the message; a token of
 * "None" still unsets the input token, as the JSON way does. */
static void
test_member_path_string_token_repeated (Fixture       *f,
                                        gconstpointer  data)
{
  const char *output_tokens[] = { "ConsumedCapacity.TableName", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) shape = NULL;
  guint n0;

  f->script.mode = MODE_NESTED;
  /* "same" on every page */
  {
    GawsPaginatorInfo info = scan_info ();
    g_autoptr(GawsPaginator) paginator = NULL;

    info.input_tokens = table_name_token;
    info.output_tokens = output_tokens;
    n0 = n_requests (f);
    f->script.fixed_token = "same";
    paginator = new_scan_paginator (f, &info);
    for (guint page = 0; page < 2; page++)
      {
        g_clear_object (&shape);
        shape = next_page (paginator, &error);
        g_assert_no_error (error);
        g_assert_nonnull (shape);
      }
    g_assert_true (gaws_paginator_is_done (paginator));
    g_assert_null (next_page (paginator, &error));
    g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PAGINATION);
    g_assert_nonnull (strstr (error->message, "The same next token was received twice: {\"TableName\": \"same\"}"));
    g_clear_error (&error);
    g_assert_cmpuint (n_requests (f), ==, n0 + 2);
    g_assert_nonnull (strstr (request_at (f, n0), "\"TableName\":\"t\""));
    g_assert_nonnull (strstr (request_at (f, n0 + 1), "\"TableName\":\"same\""));
  }

  /* "None": the input token unset (Scan then lacks its TableName) */
  {
    GawsPaginatorInfo info = scan_info ();
    g_autoptr(GawsPaginator) paginator = NULL;

    info.input_tokens = table_name_token;
    info.output_tokens = output_tokens;
    n0 = n_requests (f);
    f->script.fixed_token = "None";
    paginator = new_scan_paginator (f, &info);
    g_clear_object (&shape);
    shape = next_page (paginator, &error);
    g_assert_no_error (error);
    g_assert_nonnull (shape);
    g_clear_object (&shape);
    shape = next_page (paginator, &error);
    g_assert_null (shape);
    g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "TableName"));
    g_clear_error (&error);
    g_assert_cmpuint (n_requests (f), ==, n0 + 1);
  }
  f->script.fixed_token = NULL;

  /* a token that changes only after a repeat would have ended it: a
   * resume token made after string pages names the last token sent */
  {
    GawsPaginatorInfo info = scan_info ();
    g_autoptr(GawsPaginator) paginator = NULL;
    g_autofree char *items = NULL;

    info.input_tokens = table_name_token;
    info.output_tokens = output_tokens;
    f->script.n_items = 12;
    paginator = new_scan_paginator (f, &info);
    gaws_paginator_set_max_items (paginator, 8);
    items = collect_items (paginator);
    g_assert_cmpstr (items, ==, "item-0-0 item-0-1 item-0-2 item-1-0 item-1-1 item-1-2 item-2-0 item-2-1");
    /* base64 (json.dumps ({'TableName': 'p1', 'boto_truncate_amount': 2})) */
    g_assert_cmpstr (gaws_paginator_get_resume_token (paginator), ==,
                     "eyJUYWJsZU5hbWUiOiAicDEiLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ==");
  }
}

/* more_results and output tokens naming what the page lacks are null: a
 * member that is unset, one under an unset structure, a name that is no
 * member. The pagination ends after the first page, without error. */
static void
test_member_path_missing (Fixture       *f,
                          gconstpointer  data)
{
  const char *missing[] = {
    "ConsumedCapacity.ReadCapacityUnits",    /* unset in a set structure */
    "ConsumedCapacity.Table.CapacityUnits",  /* under an unset structure */
    "NoSuchMember",                          /* not a member: over the JSON */
  };

  for (guint i = 0; i < G_N_ELEMENTS (missing) * 2; i++)
    {
      const char *output_tokens[] = { missing[i / 2], NULL };
      GawsPaginatorInfo info = scan_info ();
      g_autoptr(GawsPaginator) paginator = NULL;
      g_autofree char *items = NULL;
      guint n0 = n_requests (f);

      if (i % 2 == 0)
        info.more_results = missing[i / 2];
      else
        info.output_tokens = output_tokens;
      g_test_message ("%s %s", i % 2 == 0 ? "more_results" : "output token", missing[i / 2]);
      paginator = new_scan_paginator (f, &info);
      items = collect_items (paginator);
      g_assert_cmpstr (items, ==, "item-0-0 item-0-1 item-0-2");
      g_assert_cmpuint (n_requests (f), ==, n0 + 1);
      g_assert_true (gaws_paginator_is_done (paginator));
    }

  /* and a dotted more_results that is there ("t") goes on to the end */
  {
    GawsPaginatorInfo info = scan_info ();
    g_autoptr(GawsPaginator) paginator = NULL;
    g_autofree char *items = NULL;

    info.more_results = "ConsumedCapacity.TableName";
    paginator = new_scan_paginator (f, &info);
    items = collect_items (paginator);
    g_assert_cmpstr (items, ==, "item-0-0 item-0-1 item-0-2 item-1-0 item-1-1 item-1-2 "
                                "item-2-0 item-2-1 item-2-2");
  }
}

/* Non-aggregate keys: a dotted member path (from the shape) and a path
 * into a map (over the JSON), both taken from the first page only. */
static void
test_member_path_non_aggregate (Fixture       *f,
                                gconstpointer  data)
{
  const char *non_aggregate[] = { "ConsumedCapacity.TableName", "LastEvaluatedKey.pk", NULL };
  GawsPaginatorInfo info = scan_info ();
  g_autoptr(GawsPaginator) paginator = NULL;
  g_autoptr(GawsShape) full = NULL;
  g_autoptr(GError) error = NULL;
  GawsDynamodbScanOutput *output;
  GawsDynamodbConsumedCapacity *capacity;
  GHashTable *key;

  info.non_aggregate_keys = non_aggregate;
  paginator = new_scan_paginator (f, &info);
  full = full_result (paginator, &error);
  g_assert_no_error (error);
  output = GAWS_DYNAMODB_SCAN_OUTPUT (full);
  g_assert_cmpuint (gaws_dynamodb_scan_output_get_items (output)->len, ==, 9);
  capacity = gaws_dynamodb_scan_output_get_consumed_capacity (output);
  g_assert_nonnull (capacity);
  g_assert_cmpstr (gaws_dynamodb_consumed_capacity_get_table_name (capacity), ==, "t");
  g_assert_false (gaws_shape_is_set_by_name (GAWS_SHAPE (capacity), "CapacityUnits"));
  key = gaws_dynamodb_scan_output_get_last_evaluated_key (output);
  g_assert_nonnull (key);
  g_assert_cmpuint (g_hash_table_size (key), ==, 1);
  g_assert_cmpstr (gaws_dynamodb_attribute_value_get_s (g_hash_table_lookup (key, "pk")), ==, "p0");
}

static void
test_unknown_paginator (void)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsDynamodbClient) client = NULL;
  g_autoptr(GawsPaginator) paginator = NULL;
  g_autoptr(GError) error = NULL;

  gaws_session_set_region (session, "eu-west-1");
  client = gaws_dynamodb_client_new (session, config);
  paginator = gaws_client_get_paginator (GAWS_CLIENT (client), "put_item", NULL, &error);
  g_assert_null (paginator);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* an input of another operation */
  {
    g_autoptr(GawsDynamodbQueryInput) query = gaws_dynamodb_query_input_new ();

    paginator = gaws_client_get_paginator (GAWS_CLIENT (client), "scan", GAWS_SHAPE (query), &error);
    g_assert_null (paginator);
    g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  /* boto3's name and the model's */
  paginator = gaws_client_get_paginator (GAWS_CLIENT (client), "Scan", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_paginator_get_info (paginator)->python_name, ==, "scan");
  g_clear_object (&paginator);
  paginator = gaws_client_get_paginator (GAWS_CLIENT (client), "list_tables", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (gaws_paginator_is_done (paginator));
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  gaws_test_init (&argc, &argv);
  ADD ("/paginator/follows-map-token", test_follows_map_token);
  ADD ("/paginator/repeated-token-is-error", test_repeated_token_is_error);
  ADD ("/paginator/more-results-false-stops", test_more_results_false_stops);
  ADD ("/paginator/max-items/truncates-and-resumes", test_max_items_and_resume);
  ADD ("/paginator/max-items/page-boundary", test_max_items_on_boundary);
  ADD ("/paginator/jmespath-token-and-two-result-keys", test_jmespath_token_and_two_result_keys);
  ADD ("/paginator/max-items/resume-without-service-token", test_resume_without_service_token);
  ADD ("/paginator/starting-token/deprecated-form", test_deprecated_starting_token);
  ADD ("/paginator/starting-token/malformed", test_malformed_starting_token);
  ADD ("/paginator/page-size-needs-limit-key", test_page_size_needs_limit_key);
  ADD ("/paginator/cancel-and-pending", test_cancel_and_pending);
  ADD ("/paginator/sync", test_sync);
  ADD ("/paginator/member-path/dotted-token", test_member_path_dotted_token);
  ADD ("/paginator/member-path/string-token-repeated", test_member_path_string_token_repeated);
  ADD ("/paginator/member-path/missing", test_member_path_missing);
  ADD ("/paginator/member-path/non-aggregate", test_member_path_non_aggregate);
  g_test_add_func ("/paginator/unknown-operation", test_unknown_paginator);
  return g_test_run ();
}
