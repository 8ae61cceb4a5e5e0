/* gaws-s3-bucket-objects.c: the objects of an S3 Bucket resource: all,
 * filter and delete
 *
 * aioboto3's S3 resource example:
 *
 *   bucket = await s3.Bucket('mybucket')
 *   async for s3_object in bucket.objects.all():
 *       print(s3_object)
 *   async for s3_object in bucket.objects.filter(Prefix='someprefix/'):
 *       print(s3_object)
 *   await bucket.objects.filter(Prefix='test/').delete()
 *   await bucket.objects.all().delete()
 *
 * Collections are lazy: iterating one calls ListObjects page by page, and
 * delete() sends one DeleteObjects per page. The keys here use `_` where
 * the Python has `/` (moto checks the signature of a query value that
 * needs percent-encoding against the decoded value, and rejects it).
 *
 * Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 gaws-s3-bucket-objects
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#define GAWS_EXAMPLE_S3
#include "gaws-example.h"

static const char *const keys[] = {
  "someprefix_a.txt", "someprefix_b.txt", "test_1.txt", "test_2.txt", "other.txt",
};

/* What boto3 prints for an object of a listing. */
static void
print_object (GawsResource *object)
{
  g_print ("s3.ObjectSummary(bucket_name='%s', key='%s')\n", gaws_resource_get_identifier (object, "BucketName"),
           gaws_resource_get_identifier (object, "Key"));
}

/* async for s3_object in collection: print(s3_object) */
static gboolean
print_objects (GawsResourceCollection  *collection,
               GError                 **error)
{
  g_autoptr(GawsResourceIterator) objects = gaws_resource_collection_iterate (collection);
  ExampleCall call = { NULL };

  for (;;)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GawsResource) object = NULL;
      GError *local = NULL;

      gaws_resource_iterator_next_item_async (objects, NULL, example_call_done, &call);
      result = example_await (&call);
      object = gaws_resource_iterator_next_item_finish (objects, result, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      if (object == NULL)
        return TRUE;
      print_object (object);
    }
}

/* await collection.delete(): the number of objects deleted. */
static gboolean
delete_objects (GawsResourceCollection  *collection,
                guint                   *n_deleted,
                GError                 **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) outputs = NULL;
  ExampleCall call = { NULL };

  gaws_resource_collection_batch_action_async (collection, "delete", NULL, NULL, example_call_done, &call);
  result = example_await (&call);
  outputs = gaws_resource_collection_batch_action_finish (collection, result, error);
  if (outputs == NULL)
    return FALSE;
  *n_deleted = 0;
  for (guint i = 0; i < outputs->len; i++)
    {
      GPtrArray *deleted = gaws_s3_delete_objects_output_get_deleted (outputs->pdata[i]);
      *n_deleted += deleted ? deleted->len : 0;
    }
  return TRUE;
}

static gboolean
put_object (GawsResource  *bucket,
            const char    *key,
            GError       **error)
{
  g_autoptr(GawsShape) params = gaws_resource_new_params (bucket, "put_object", error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GObject) object = NULL;
  g_autofree char *json = g_strdup_printf ("{\"Key\": \"%s\"}", key);
  ExampleCall call = { NULL };

  if (params == NULL)
    return FALSE;
  if (!gaws_shape_update_from_json_string (params, json, error))
    return FALSE;
  gaws_resource_action_async (bucket, "put_object", params, NULL, example_call_done, &call);
  result = example_await (&call);
  object = gaws_resource_action_finish (bucket, result, error);
  return object != NULL;
}

int
main (void)
{
  g_autoptr(GawsSession) session = example_session_new ();
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsS3Client) client = gaws_s3_client_new (session, config);
  g_autoptr(GawsServiceResource) s3 = NULL;
  g_autoptr(GawsResource) bucket = NULL;
  g_autoptr(GawsResourceCollection) objects = NULL;
  g_autoptr(GawsResourceCollection) all = NULL;
  g_autoptr(GawsResourceCollection) someprefix = NULL;
  g_autoptr(GawsResourceCollection) test = NULL;
  g_autoptr(GError) error = NULL;
  const char *const bucket_name[] = { "mybucket", NULL };
  guint n_deleted = 0;

  if (!example_ensure_bucket (client, "mybucket", &error))
    return example_fail ("CreateBucket", error);
  s3 = gaws_service_resource_new (GAWS_CLIENT (client), &error);
  if (s3 == NULL)
    return example_fail ("The S3 resource model", error);
  bucket = gaws_service_resource_get_resource (s3, "Bucket", bucket_name, &error);
  if (bucket == NULL)
    return example_fail ("s3.Bucket('mybucket')", error);

  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_print ("bucket.put_object(Key='%s')\n", keys[i]);
      if (!put_object (bucket, keys[i], &error))
        return example_fail ("put_object", error);
    }

  objects = gaws_resource_get_collection (bucket, "objects", &error);
  if (objects == NULL)
    return example_fail ("bucket.objects", error);
  all = gaws_resource_collection_all (objects);
  g_print ("bucket.objects.all():\n");
  if (!print_objects (all, &error))
    return example_fail ("objects.all()", error);

  someprefix = gaws_resource_collection_filter_json (objects, "{\"Prefix\": \"someprefix_\"}", &error);
  g_print ("bucket.objects.filter(Prefix='someprefix_'):\n");
  if (someprefix == NULL || !print_objects (someprefix, &error))
    return example_fail ("objects.filter()", error);

  test = gaws_resource_collection_filter_json (objects, "{\"Prefix\": \"test_\"}", &error);
  if (test == NULL || !delete_objects (test, &n_deleted, &error))
    return example_fail ("objects.filter().delete()", error);
  g_print ("bucket.objects.filter(Prefix='test_').delete(): %u deleted\n", n_deleted);

  if (!delete_objects (all, &n_deleted, &error))
    return example_fail ("objects.all().delete()", error);
  g_print ("bucket.objects.all().delete(): %u deleted\n", n_deleted);

  g_print ("bucket.objects.all():\n");
  if (!print_objects (all, &error))
    return example_fail ("objects.all()", error);
  g_print ("(empty)\n");
  return 0;
}
