/* test-paginator-moto.c: the paginators of list_objects_v2, dynamodb scan
 * and query, and ssm describe_parameters against moto, with signature
 * checking on
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "test-generated-common.h"

#include <string.h>
#include <gaws-dynamodb.h>
#include <gaws-s3.h>
#include <gaws-ssm.h>

#define N_KEYS       2500
#define IN_FLIGHT    50
#define BUCKET       "gaws-pages"
#define DELIM_BUCKET "gaws-delimited"
#define TABLE        "gaws-pages"

#define CLIENT(Type, func) \
  ({ g_autoptr(GawsSession) s_ = tg_new_session (); \
     g_autoptr(GawsClientConfig) c_ = tg_new_config (); \
     (Type *) func (s_, c_); })

/* The paginators come from the generated tables: S3's through its typed
 * constructor, the others by their boto3 name. */
static GawsPaginator *
get_paginator (gpointer    client,
               const char *python_name,
               gpointer    input)
{
  g_autoptr(GError) error = NULL;
  GawsPaginator *paginator = gaws_client_get_paginator (GAWS_CLIENT (client), python_name, input, &error);

  g_assert_no_error (error);
  g_assert_nonnull (paginator);
  g_assert_cmpstr (gaws_paginator_get_info (paginator)->python_name, ==, python_name);
  return paginator;
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
next_page (GawsPaginator *paginator)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GawsShape *page;

  gaws_paginator_next_page_async (paginator, NULL, store_result_cb, &result);
  page = gaws_paginator_next_page_finish (paginator, await_result (&result), &error);
  g_assert_no_error (error);
  return page;
}

static gboolean
next_item (GawsPaginator *paginator,
           GValue        *item)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found;

  gaws_paginator_next_item_async (paginator, NULL, store_result_cb, &result);
  found = gaws_paginator_next_item_finish (paginator, await_result (&result), item, &error);
  g_assert_no_error (error);
  return found;
}

static GawsShape *
full_result (GawsPaginator *paginator)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GawsShape *full;

  gaws_paginator_build_full_result_async (paginator, NULL, store_result_cb, &result);
  full = gaws_paginator_build_full_result_finish (paginator, await_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (full);
  return full;
}

/* --- S3: 2,500 keys ------------------------------------------------- */

static char *
key_name (guint i)
{
  return g_strdup_printf ("k/%05u", i);
}

typedef struct {
  GawsS3Client *client;
  const char   *bucket;
  char        **keys;
  guint         n_keys;
  guint         next;
  guint         done;
  GError       *error;
} Uploads;

static void upload_next (Uploads *uploads);

static void
put_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Uploads *uploads = user_data;
  g_autoptr(GawsS3PutObjectOutput) output = NULL;
  GError *error = NULL;

  output = gaws_s3_client_put_object_finish (GAWS_S3_CLIENT (source), result, &error);
  if (error != NULL && uploads->error == NULL)
    uploads->error = error;
  else
    g_clear_error (&error);
  uploads->done++;
  upload_next (uploads);
}

static void
upload_next (Uploads *uploads)
{
  g_autoptr(GawsS3PutObjectRequest) input = NULL;
  g_autoptr(GInputStream) body = NULL;

  if (uploads->next >= uploads->n_keys)
    return;
  input = gaws_s3_put_object_request_new ();
  body = g_memory_input_stream_new_from_data ("x", 1, NULL);
  gaws_s3_put_object_request_set_bucket (input, uploads->bucket);
  gaws_s3_put_object_request_set_key (input, uploads->keys[uploads->next++]);
  gaws_s3_put_object_request_set_body (input, body);
  gaws_s3_client_put_object_async (uploads->client, input, NULL, put_done_cb, uploads);
}

static void
create_bucket (GawsS3Client *client,
               const char   *bucket)
{
  g_autoptr(GawsS3CreateBucketRequest) input = gaws_s3_create_bucket_request_new ();
  g_autoptr(GawsS3CreateBucketOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_s3_create_bucket_request_set_bucket (input, bucket);
  output = gaws_s3_client_create_bucket_sync (client, input, NULL, &error);
  g_assert_no_error (error);
}

/* Puts @keys, IN_FLIGHT at a time. */
static void
upload_all (GawsS3Client  *client,
            const char    *bucket,
            char         **keys)
{
  Uploads uploads = { client, bucket, keys, g_strv_length (keys), 0, 0, NULL };

  for (guint i = 0; i < IN_FLIGHT; i++)
    upload_next (&uploads);
  while (uploads.done < uploads.n_keys)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (uploads.error);
}

static GawsS3Client *
s3_client_with_keys (void)
{
  static gboolean filled;
  GawsS3Client *client = CLIENT (GawsS3Client, gaws_s3_client_new);

  if (!filled)
    {
      g_auto(GStrv) keys = g_new0 (char *, N_KEYS + 1);

      for (guint i = 0; i < N_KEYS; i++)
        keys[i] = key_name (i);
      create_bucket (client, BUCKET);
      upload_all (client, BUCKET, keys);
      filled = TRUE;
    }
  return client;
}

static GawsPaginator *
list_paginator (GawsS3Client *client,
                const char   *bucket,
                const char   *delimiter)
{
  g_autoptr(GawsS3ListObjectsV2Request) input = gaws_s3_list_objects_v2_request_new ();

  gaws_s3_list_objects_v2_request_set_bucket (input, bucket);
  if (delimiter != NULL)
    gaws_s3_list_objects_v2_request_set_delimiter (input, delimiter);
  else
    gaws_s3_list_objects_v2_request_set_prefix (input, "k/");
  return gaws_s3_client_get_paginator_list_objects_v2 (client, input);
}

/* Checks that the keys of @pages' Contents, in order, are k/<first>,
 * k/<first+1>, ... and returns how many there were. */
static guint
check_pages (GawsPaginator *paginator,
             guint          first,
             guint          expected_pages,
             guint          page_size)
{
  guint n_keys = 0;
  guint n_pages = 0;

  for (;;)
    {
      g_autoptr(GawsShape) page = next_page (paginator);
      GPtrArray *contents;

      if (page == NULL)
        break;
      contents = gaws_s3_list_objects_v2_output_get_contents (GAWS_S3_LIST_OBJECTS_V2_OUTPUT (page));
      g_assert_nonnull (contents);
      if (page_size > 0)
        g_assert_cmpuint (contents->len, <=, page_size);
      for (guint i = 0; i < contents->len; i++)
        {
          g_autofree char *expected = key_name (first + n_keys++);
          g_assert_cmpstr (gaws_s3_object_get_key (contents->pdata[i]), ==, expected);
        }
      n_pages++;
    }
  if (expected_pages > 0)
    g_assert_cmpuint (n_pages, ==, expected_pages);
  return n_keys;
}

static void
test_s3_page_sizes (void)
{
  g_autoptr(GawsS3Client) client = s3_client_with_keys ();
  const guint sizes[] = { 1000, 333 };
  const guint pages[] = { 3, 8 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GawsPaginator) paginator = list_paginator (client, BUCKET, NULL);

      gaws_paginator_set_page_size (paginator, sizes[i]);
      g_assert_cmpuint (check_pages (paginator, 0, pages[i], sizes[i]), ==, N_KEYS);
      g_assert_true (gaws_paginator_is_done (paginator));
      g_assert_null (gaws_paginator_get_resume_token (paginator));
    }
}

/* MaxItems 1234 then the resume token: the rest exactly, no duplicates,
 * no gaps, whatever the page size of each run. */
static void
test_s3_max_items_and_resume (void)
{
  g_autoptr(GawsS3Client) client = s3_client_with_keys ();
  g_autoptr(GawsPaginator) paginator = list_paginator (client, BUCKET, NULL);
  g_autoptr(GawsPaginator) resumed = NULL;
  g_autoptr(GawsPaginator) resumed333 = NULL;
  g_autofree char *token = NULL;

  gaws_paginator_set_page_size (paginator, 1000);
  gaws_paginator_set_max_items (paginator, 1234);
  g_assert_cmpuint (check_pages (paginator, 0, 2, 1000), ==, 1234);
  token = g_strdup (gaws_paginator_get_resume_token (paginator));
  g_assert_nonnull (token);

  resumed = list_paginator (client, BUCKET, NULL);
  gaws_paginator_set_page_size (resumed, 1000);
  gaws_paginator_set_starting_token (resumed, token);
  g_assert_cmpuint (check_pages (resumed, 1234, 2, 1000), ==, N_KEYS - 1234);

  /* The token holds the service's token and the offset into its page, so
   * the same page size must be used to resume: botocore's rule too. Two
   * steps of 1234 with page size 333 end on a page boundary once. */
  resumed333 = list_paginator (client, BUCKET, NULL);
  gaws_paginator_set_page_size (resumed333, 333);
  gaws_paginator_set_max_items (resumed333, 999);
  g_assert_cmpuint (check_pages (resumed333, 0, 3, 333), ==, 999);
  g_clear_pointer (&token, g_free);
  token = g_strdup (gaws_paginator_get_resume_token (resumed333));
  g_assert_nonnull (token);
  g_clear_object (&resumed333);
  resumed333 = list_paginator (client, BUCKET, NULL);
  gaws_paginator_set_page_size (resumed333, 333);
  gaws_paginator_set_starting_token (resumed333, token);
  g_assert_cmpuint (check_pages (resumed333, 999, 5, 333), ==, N_KEYS - 999);
}

static void
test_s3_next_item (void)
{
  g_autoptr(GawsS3Client) client = s3_client_with_keys ();
  g_autoptr(GawsPaginator) paginator = list_paginator (client, BUCKET, NULL);
  GValue item = G_VALUE_INIT;
  guint n = 0;

  while (next_item (paginator, &item))
    {
      g_autofree char *expected = key_name (n++);

      g_assert_true (G_VALUE_HOLDS (&item, GAWS_S3_TYPE_OBJECT));
      g_assert_cmpstr (gaws_s3_object_get_key (g_value_get_object (&item)), ==, expected);
      g_value_unset (&item);
    }
  g_assert_cmpuint (n, ==, N_KEYS);
}

static void
test_s3_full_result (void)
{
  g_autoptr(GawsS3Client) client = s3_client_with_keys ();
  g_autoptr(GawsPaginator) paginator = list_paginator (client, BUCKET, NULL);
  g_autoptr(GawsPaginator) limited = list_paginator (client, BUCKET, NULL);
  g_autoptr(GawsPaginator) rest = NULL;
  g_autoptr(GawsShape) full = full_result (paginator);
  g_autoptr(GawsShape) first = NULL;
  g_autoptr(GawsShape) second = NULL;
  GawsS3ListObjectsV2Output *output = GAWS_S3_LIST_OBJECTS_V2_OUTPUT (full);
  GPtrArray *contents = gaws_s3_list_objects_v2_output_get_contents (output);

  g_assert_cmpuint (contents->len, ==, N_KEYS);
  for (guint i = 0; i < N_KEYS; i += 499)
    {
      g_autofree char *expected = key_name (i);
      g_assert_cmpstr (gaws_s3_object_get_key (contents->pdata[i]), ==, expected);
    }
  /* a non-aggregate key, from the first page */
  g_assert_cmpstr (gaws_s3_list_objects_v2_output_get_prefix (output), ==, "k/");
  /* not part of botocore's full result */
  g_assert_null (gaws_s3_list_objects_v2_output_get_next_continuation_token (output));

  gaws_paginator_set_max_items (limited, 1234);
  first = full_result (limited);
  g_assert_cmpuint (gaws_s3_list_objects_v2_output_get_contents (GAWS_S3_LIST_OBJECTS_V2_OUTPUT (first))->len, ==, 1234);
  g_assert_nonnull (gaws_paginator_get_resume_token (limited));
  rest = list_paginator (client, BUCKET, NULL);
  gaws_paginator_set_starting_token (rest, gaws_paginator_get_resume_token (limited));
  second = full_result (rest);
  contents = gaws_s3_list_objects_v2_output_get_contents (GAWS_S3_LIST_OBJECTS_V2_OUTPUT (second));
  g_assert_cmpuint (contents->len, ==, N_KEYS - 1234);
  {
    g_autofree char *expected = key_name (1234);
    g_assert_cmpstr (gaws_s3_object_get_key (contents->pdata[0]), ==, expected);
  }
}

/* With a delimiter, two result keys: Contents and CommonPrefixes, both
 * collected over the pages, none twice. The delimiter is `/`, which the
 * query carries percent-encoded (see moto-server-patched.py). */
static void
test_s3_delimiter (void)
{
  g_autoptr(GawsS3Client) client = CLIENT (GawsS3Client, gaws_s3_client_new);
  g_autoptr(GawsPaginator) paginator = NULL;
  g_autoptr(GawsPaginator) for_full = NULL;
  g_autoptr(GawsShape) full = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  GValue item = G_VALUE_INIT;
  guint n_objects = 0;
  guint n_prefixes = 0;

  for (guint i = 0; i < 7; i++)
    g_ptr_array_add (keys, g_strdup_printf ("top-%u", i));
  for (guint d = 0; d < 5; d++)
    for (guint i = 0; i < 3; i++)
      g_ptr_array_add (keys, g_strdup_printf ("dir-%u/file-%u", d, i));
  g_ptr_array_add (keys, NULL);
  create_bucket (client, DELIM_BUCKET);
  upload_all (client, DELIM_BUCKET, (char **) keys->pdata);

  paginator = list_paginator (client, DELIM_BUCKET, "/");
  gaws_paginator_set_page_size (paginator, 3);
  while (next_item (paginator, &item))
    {
      const char *name;

      if (G_VALUE_HOLDS (&item, GAWS_S3_TYPE_OBJECT))
        {
          name = gaws_s3_object_get_key (g_value_get_object (&item));
          g_assert_true (g_str_has_prefix (name, "top-"));
          n_objects++;
        }
      else
        {
          g_assert_true (G_VALUE_HOLDS (&item, GAWS_S3_TYPE_COMMON_PREFIX));
          name = gaws_s3_common_prefix_get_prefix (g_value_get_object (&item));
          g_assert_true (g_str_has_prefix (name, "dir-") && g_str_has_suffix (name, "/"));
          n_prefixes++;
        }
      g_assert_true (g_hash_table_add (seen, g_strdup (name)));
      g_value_unset (&item);
    }
  g_assert_cmpuint (n_objects, ==, 7);
  g_assert_cmpuint (n_prefixes, ==, 5);

  for_full = list_paginator (client, DELIM_BUCKET, "/");
  gaws_paginator_set_page_size (for_full, 4);
  full = full_result (for_full);
  g_assert_cmpuint (gaws_s3_list_objects_v2_output_get_contents (GAWS_S3_LIST_OBJECTS_V2_OUTPUT (full))->len, ==, 7);
  g_assert_cmpuint (gaws_s3_list_objects_v2_output_get_common_prefixes (GAWS_S3_LIST_OBJECTS_V2_OUTPUT (full))->len, ==, 5);

  /* One "folder": Prefix and Delimiter both with '/', as users write them. */
  {
    g_autoptr(GawsS3ListObjectsV2Request) input = gaws_s3_list_objects_v2_request_new ();
    g_autoptr(GawsPaginator) folder = NULL;
    g_autoptr(GawsShape) listing = NULL;
    GawsS3ListObjectsV2Output *output;
    GPtrArray *contents;
    GPtrArray *prefixes;

    gaws_s3_list_objects_v2_request_set_bucket (input, DELIM_BUCKET);
    gaws_s3_list_objects_v2_request_set_prefix (input, "dir-1/");
    gaws_s3_list_objects_v2_request_set_delimiter (input, "/");
    folder = gaws_s3_client_get_paginator_list_objects_v2 (client, input);
    gaws_paginator_set_page_size (folder, 2);
    listing = full_result (folder);
    output = GAWS_S3_LIST_OBJECTS_V2_OUTPUT (listing);
    contents = gaws_s3_list_objects_v2_output_get_contents (output);
    g_assert_cmpuint (contents->len, ==, 3);
    for (guint i = 0; i < contents->len; i++)
      {
        g_autofree char *expected = g_strdup_printf ("dir-1/file-%u", i);
        g_assert_cmpstr (gaws_s3_object_get_key (contents->pdata[i]), ==, expected);
      }
    prefixes = gaws_s3_list_objects_v2_output_get_common_prefixes (output);
    g_assert_true (prefixes == NULL || prefixes->len == 0);
  }
}

/* --- DynamoDB: scan and query --------------------------------------- */

static GawsDynamodbAttributeValue *
string_value (const char *text)
{
  GawsDynamodbAttributeValue *value = gaws_dynamodb_attribute_value_new ();

  gaws_dynamodb_attribute_value_set_s (value, text);
  return value;
}

static GawsDynamodbClient *
dynamodb_client_with_items (void)
{
  static gboolean filled;
  GawsDynamodbClient *client = CLIENT (GawsDynamodbClient, gaws_dynamodb_client_new);
  g_autoptr(GError) error = NULL;

  if (filled)
    return client;
  {
    g_autoptr(GawsDynamodbCreateTableInput) input = gaws_dynamodb_create_table_input_new ();
    g_autoptr(GawsDynamodbCreateTableOutput) output = NULL;

    tg_fill (input, "{\"TableName\": \"" TABLE "\", \"BillingMode\": \"PAY_PER_REQUEST\","
                    " \"KeySchema\": [{\"AttributeName\": \"pk\", \"KeyType\": \"HASH\"},"
                    "                 {\"AttributeName\": \"sk\", \"KeyType\": \"RANGE\"}],"
                    " \"AttributeDefinitions\": [{\"AttributeName\": \"pk\", \"AttributeType\": \"S\"},"
                    "                            {\"AttributeName\": \"sk\", \"AttributeType\": \"S\"}]}");
    output = gaws_dynamodb_client_create_table_sync (client, input, NULL, &error);
    g_assert_no_error (error);
  }
  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(GawsDynamodbPutItemInput) input = gaws_dynamodb_put_item_input_new ();
      g_autoptr(GawsDynamodbPutItemOutput) output = NULL;
      g_autoptr(GHashTable) item = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_autofree char *sk = g_strdup_printf ("s%02u", i);

      g_hash_table_insert (item, g_strdup ("pk"), string_value (i < 25 ? "p" : "q"));
      g_hash_table_insert (item, g_strdup ("sk"), string_value (sk));
      gaws_dynamodb_put_item_input_set_table_name (input, TABLE);
      gaws_dynamodb_put_item_input_set_item (input, item);
      output = gaws_dynamodb_client_put_item_sync (client, input, NULL, &error);
      g_assert_no_error (error);
    }
  filled = TRUE;
  return client;
}

static char *
item_sk (const GValue *item)
{
  GawsDynamodbAttributeValue *sk;

  g_assert_true (G_VALUE_HOLDS (item, G_TYPE_HASH_TABLE));
  sk = g_hash_table_lookup (g_value_get_boxed (item), "sk");
  g_assert_nonnull (sk);
  return g_strdup (gaws_dynamodb_attribute_value_get_s (sk));
}

/* next_item over all pages; the sort keys, each once. */
static GHashTable *
collect_sks (GawsPaginator *paginator)
{
  GHashTable *seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GValue item = G_VALUE_INIT;

  while (next_item (paginator, &item))
    {
      g_assert_true (g_hash_table_add (seen, item_sk (&item)));
      g_value_unset (&item);
    }
  return seen;
}

static void
test_dynamodb_scan (void)
{
  g_autoptr(GawsDynamodbClient) client = dynamodb_client_with_items ();
  g_autoptr(GawsDynamodbScanInput) input = gaws_dynamodb_scan_input_new ();
  g_autoptr(GawsPaginator) paginator = NULL;
  g_autoptr(GawsPaginator) for_full = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GawsShape) full = NULL;
  guint n_pages = 0;

  gaws_dynamodb_scan_input_set_table_name (input, TABLE);
  paginator = get_paginator (client, "scan", input);
  gaws_paginator_set_page_size (paginator, 7);
  for (;;)
    {
      g_autoptr(GawsShape) page = next_page (paginator);

      if (page == NULL)
        break;
      g_assert_cmpuint (gaws_dynamodb_scan_output_get_items (GAWS_DYNAMODB_SCAN_OUTPUT (page))->len, <=, 7);
      n_pages++;
    }
  /* 30 items, 7 a page: 5 pages (a sixth, empty, when the last is full) */
  g_assert_cmpuint (n_pages, >=, 5);

  g_clear_object (&paginator);
  paginator = get_paginator (client, "scan", input);
  gaws_paginator_set_page_size (paginator, 7);
  seen = collect_sks (paginator);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 30);

  for_full = get_paginator (client, "scan", input);
  gaws_paginator_set_page_size (for_full, 4);
  full = full_result (for_full);
  g_assert_cmpuint (gaws_dynamodb_scan_output_get_items (GAWS_DYNAMODB_SCAN_OUTPUT (full))->len, ==, 30);
  g_assert_cmpint (gaws_dynamodb_scan_output_get_count (GAWS_DYNAMODB_SCAN_OUTPUT (full)), ==, 30);
  g_assert_cmpint (gaws_dynamodb_scan_output_get_scanned_count (GAWS_DYNAMODB_SCAN_OUTPUT (full)), ==, 30);
}

/* Query with Limit and MaxItems, resumed from the LastEvaluatedKey map
 * carried in the resume token. */
static void
test_dynamodb_query (void)
{
  g_autoptr(GawsDynamodbClient) client = dynamodb_client_with_items ();
  g_autoptr(GawsDynamodbQueryInput) input = gaws_dynamodb_query_input_new ();
  g_autoptr(GawsPaginator) paginator = NULL;
  g_autoptr(GawsPaginator) resumed = NULL;
  g_autoptr(GHashTable) first = NULL;
  g_autoptr(GHashTable) rest = NULL;
  GHashTableIter iter;
  gpointer key;

  tg_fill (input, "{\"TableName\": \"" TABLE "\", \"KeyConditionExpression\": \"pk = :pk\","
                  " \"ExpressionAttributeValues\": {\":pk\": {\"S\": \"p\"}}}");
  paginator = get_paginator (client, "query", input);
  gaws_paginator_set_page_size (paginator, 4);
  gaws_paginator_set_max_items (paginator, 10);
  first = collect_sks (paginator);
  g_assert_cmpuint (g_hash_table_size (first), ==, 10);
  g_assert_nonnull (gaws_paginator_get_resume_token (paginator));

  resumed = get_paginator (client, "query", input);
  gaws_paginator_set_page_size (resumed, 4);
  gaws_paginator_set_starting_token (resumed, gaws_paginator_get_resume_token (paginator));
  rest = collect_sks (resumed);
  g_assert_cmpuint (g_hash_table_size (rest), ==, 15);
  g_hash_table_iter_init (&iter, rest);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_false (g_hash_table_contains (first, key));
  /* query items come in sort key order: the first run took s00..s09 */
  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *sk = g_strdup_printf ("s%02u", i);
      g_assert_true (g_hash_table_contains (i < 10 ? first : rest, sk));
    }
}

/* --- SSM: describe_parameters --------------------------------------- */

static void
test_ssm_describe_parameters (void)
{
  g_autoptr(GawsSsmClient) client = CLIENT (GawsSsmClient, gaws_ssm_client_new);
  g_autoptr(GawsSsmDescribeParametersRequest) input = gaws_ssm_describe_parameters_request_new ();
  g_autoptr(GawsPaginator) paginator = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  GValue item = G_VALUE_INIT;
  guint n_pages = 0;

  for (guint i = 0; i < 23; i++)
    {
      g_autoptr(GawsSsmPutParameterRequest) put = gaws_ssm_put_parameter_request_new ();
      g_autoptr(GawsSsmPutParameterResult) output = NULL;
      g_autofree char *name = g_strdup_printf ("/gaws/pages/p%02u", i);

      gaws_ssm_put_parameter_request_set_name (put, name);
      gaws_ssm_put_parameter_request_set_value (put, "v");
      gaws_ssm_put_parameter_request_set_type_ (put, GAWS_SSM_PARAMETER_TYPE_STRING);
      output = gaws_ssm_client_put_parameter_sync (client, put, NULL, &error);
      g_assert_no_error (error);
    }

  paginator = get_paginator (client, "describe_parameters", input);
  gaws_paginator_set_page_size (paginator, 10);
  for (;;)
    {
      g_autoptr(GawsShape) page = next_page (paginator);
      GPtrArray *parameters;

      if (page == NULL)
        break;
      parameters = gaws_ssm_describe_parameters_result_get_parameters (GAWS_SSM_DESCRIBE_PARAMETERS_RESULT (page));
      g_assert_cmpuint (parameters->len, <=, 10);
      for (guint i = 0; i < parameters->len; i++)
        {
          const char *name = gaws_ssm_parameter_metadata_get_name (parameters->pdata[i]);

          if (g_str_has_prefix (name, "/gaws/pages/"))
            g_assert_true (g_hash_table_add (seen, g_strdup (name)));
        }
      n_pages++;
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 23);
  g_assert_cmpuint (n_pages, >=, 3);

  g_clear_object (&paginator);
  paginator = get_paginator (client, "describe_parameters", input);
  gaws_paginator_set_page_size (paginator, 10);
  gaws_paginator_set_max_items (paginator, 15);
  g_hash_table_remove_all (seen);
  while (next_item (paginator, &item))
    {
      g_assert_true (G_VALUE_HOLDS (&item, GAWS_SSM_TYPE_PARAMETER_METADATA));
      g_hash_table_add (seen, g_strdup (gaws_ssm_parameter_metadata_get_name (g_value_get_object (&item))));
      g_value_unset (&item);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 15);
  g_assert_nonnull (gaws_paginator_get_resume_token (paginator));
}

int
main (int    argc,
      char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  tg_moto_start ();
  g_test_add_func ("/paginator/moto/s3/page-sizes", test_s3_page_sizes);
  g_test_add_func ("/paginator/moto/s3/max-items-and-resume", test_s3_max_items_and_resume);
  g_test_add_func ("/paginator/moto/s3/next-item", test_s3_next_item);
  g_test_add_func ("/paginator/moto/s3/full-result", test_s3_full_result);
  g_test_add_func ("/paginator/moto/s3/delimiter-two-result-keys", test_s3_delimiter);
  g_test_add_func ("/paginator/moto/dynamodb/scan", test_dynamodb_scan);
  g_test_add_func ("/paginator/moto/dynamodb/query-max-items-resume", test_dynamodb_query);
  g_test_add_func ("/paginator/moto/ssm/describe-parameters", test_ssm_describe_parameters);
  status = g_test_run ();
  tg_moto_stop ();
  return status;
}
