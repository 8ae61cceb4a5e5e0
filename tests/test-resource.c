/* test-resource.c: boto3's resource models read and interpreted offline:
 * parsing, names, identifiers, request parameters and response handling,
 * custom actions, and the errors of unknown names
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-resource-private.h"
#include "gaws-resource-collection-private.h"

#include <string.h>
#include <gaws-cloudformation.h>
#include <gaws-cloudwatch.h>
#include <gaws-dynamodb.h>
#include <gaws-ec2.h>
#include <gaws-glacier.h>
#include <gaws-iam.h>
#include <gaws-s3.h>
#include <gaws-sns.h>
#include <gaws-sqs.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

static const char *const services[] = {
  "cloudformation", "cloudwatch", "dynamodb", "ec2", "glacier", "iam", "s3", "sns", "sqs",
};

static const GawsClientServiceInfo offline_service = {
  .service_id = "Offline", .endpoint_prefix = "offline", .signing_name = "offline", .env_name = "OFFLINE",
};

/* The newest resources-1.json of @service: the vendored one in models/,
 * else boto3's own (while the generator has not vendored it yet). */
static char *
find_model_file (const char *service)
{
  g_autofree char *models = g_test_build_filename (G_TEST_DIST, "..", "models", NULL);
  const char *roots[] = {
    models, g_getenv ("GAWS_BOTO3_DATA"),
    "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/boto3/data",
  };

  for (guint r = 0; r < G_N_ELEMENTS (roots); r++)
    {
      g_autofree char *dir_name = roots[r] ? g_build_filename (roots[r], service, NULL) : NULL;
      g_autoptr(GDir) dir = dir_name ? g_dir_open (dir_name, 0, NULL) : NULL;
      g_autofree char *best = NULL;
      const char *version;

      while (dir != NULL && (version = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir_name, version, "resources-1.json", NULL);

          if (g_file_test (path, G_FILE_TEST_EXISTS) && (best == NULL || strcmp (path, best) > 0))
            {
              g_free (best);
              best = g_steal_pointer (&path);
            }
        }
      if (best != NULL)
        return g_steal_pointer (&best);
    }
  return NULL;
}

static GawsResourceModel *
load_model (const char *service)
{
  g_autofree char *path = find_model_file (service);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GawsResourceModel *model;

  if (path == NULL)
    return NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  model = gaws_resource_model_new_from_json (text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

static GawsClient *
offline_client (void)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();

  return gaws_client_new (session, config, &offline_service);
}

static GawsServiceResource *
offline_service_resource (const char *service)
{
  g_autoptr(GawsResourceModel) model = load_model (service);
  g_autoptr(GawsClient) client = offline_client ();

  if (model == NULL)
    return NULL;
  return gaws_service_resource_new_for_model (client, model);
}

static gboolean
strv_has (char **strv, const char *value)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, value);
}

#define SKIP_WITHOUT(x) G_STMT_START { if ((x) == NULL) { g_test_skip ("no resources-1.json found"); return; } } G_STMT_END

static void
test_model_parses_every_service (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      g_autoptr(GawsResourceModel) model = load_model (services[i]);
      g_auto(GStrv) names = NULL;

      SKIP_WITHOUT (model);
      names = gaws_resource_model_get_resource_names (model);
      g_assert_cmpuint (g_strv_length (names), >, 0);
      for (guint n = 0; names[n] != NULL; n++)
        {
          g_auto(GStrv) identifiers = gaws_resource_model_get_identifier_names (model, names[n]);

          g_assert_nonnull (identifiers);
        }
    }
}

/* The generated tables carry the vendored model, and it agrees with the
 * service's operations, shapes and waiters. */
static void
test_model_matches_every_service (void)
{
  const GawsServiceInfo *infos[] = {
    gaws_cloudformation_get_service_info (), gaws_cloudwatch_get_service_info (),
    gaws_dynamodb_get_service_info (), gaws_ec2_get_service_info (), gaws_glacier_get_service_info (),
    gaws_iam_get_service_info (), gaws_s3_get_service_info (), gaws_sns_get_service_info (),
    gaws_sqs_get_service_info (),
  };

  for (guint i = 0; i < G_N_ELEMENTS (infos); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GawsResourceModel) model = gaws_resource_model_get_for_service (infos[i], &error);
      g_autoptr(GawsResourceModel) again = gaws_resource_model_get_for_service (infos[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (model);
      g_assert_true (model == again);
      g_assert_true (gaws_resource_model_get_service (model) == infos[i]);
      g_assert_cmpstr (infos[i]->name, ==, services[i]);
    }
  {
    g_autoptr(GError) error = NULL;
    GawsServiceInfo without = { .name = "sts" };
    g_autoptr(GawsResourceModel) none = gaws_resource_model_get_for_service (&without, &error);

    g_assert_null (none);
    g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  }
}

/* Checking against the service catches a model naming an operation that
 * does not exist. */
static void
test_model_rejects_unknown_operation (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsResourceModel) model = gaws_resource_model_new_from_json (
    "{\"resources\": {\"T\": {\"identifiers\": [{\"name\": \"Name\"}],"
    " \"load\": {\"request\": {\"operation\": \"DescribeTables\"}}}}}",
    gaws_dynamodb_get_service_info (), &error);

  g_assert_null (model);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "unknown operation DescribeTables"));
}

static void
test_model_facts (void)
{
  g_autoptr(GawsResourceModel) dynamodb = load_model ("dynamodb");
  g_autoptr(GawsResourceModel) s3 = load_model ("s3");
  g_autoptr(GawsResourceModel) ec2 = load_model ("ec2");
  g_auto(GStrv) table_ids = NULL, object_ids = NULL, subresources = NULL, collections = NULL;
  g_auto(GStrv) bucket_collections = NULL, batch = NULL, references = NULL, waiters = NULL;
  g_auto(GStrv) instance_subresources = NULL, actions = NULL;

  SKIP_WITHOUT (dynamodb);
  SKIP_WITHOUT (s3);
  SKIP_WITHOUT (ec2);
  table_ids = gaws_resource_model_get_identifier_names (dynamodb, "Table");
  g_assert_cmpuint (g_strv_length (table_ids), ==, 1);
  g_assert_cmpstr (table_ids[0], ==, "Name");
  g_assert_cmpstr (gaws_resource_model_get_shape_name (dynamodb, "Table"), ==, "TableDescription");
  waiters = gaws_resource_model_list_members (dynamodb, "Table", GAWS_RESOURCE_MEMBER_WAITER);
  g_assert_true (strv_has (waiters, "Exists"));
  actions = gaws_resource_model_list_members (dynamodb, "Table", GAWS_RESOURCE_MEMBER_ACTION);
  g_assert_true (strv_has (actions, "PutItem"));
  g_assert_true (strv_has (actions, "Query"));

  object_ids = gaws_resource_model_get_identifier_names (s3, "Object");
  g_assert_cmpuint (g_strv_length (object_ids), ==, 2);
  g_assert_cmpstr (object_ids[0], ==, "BucketName");
  g_assert_cmpstr (object_ids[1], ==, "Key");
  /* The service resource has every type, as boto3 adds them. */
  subresources = gaws_resource_model_list_members (s3, NULL, GAWS_RESOURCE_MEMBER_SUBRESOURCE);
  g_assert_true (strv_has (subresources, "Bucket"));
  g_assert_true (strv_has (subresources, "Object"));
  g_assert_true (strv_has (subresources, "MultipartUploadPart"));
  collections = gaws_resource_model_list_members (s3, NULL, GAWS_RESOURCE_MEMBER_COLLECTION);
  g_assert_true (strv_has (collections, "Buckets"));
  bucket_collections = gaws_resource_model_list_members (s3, "Bucket", GAWS_RESOURCE_MEMBER_COLLECTION);
  g_assert_true (strv_has (bucket_collections, "Objects"));
  batch = gaws_resource_model_list_members (s3, "ObjectSummary", GAWS_RESOURCE_MEMBER_BATCH_ACTION);
  g_assert_true (strv_has (batch, "Delete"));

  /* `has` splits into references (needing data) and sub-resources. */
  references = gaws_resource_model_list_members (ec2, "Instance", GAWS_RESOURCE_MEMBER_REFERENCE);
  g_assert_true (strv_has (references, "Vpc"));
  g_assert_true (strv_has (references, "Subnet"));
  instance_subresources = gaws_resource_model_list_members (ec2, "Instance", GAWS_RESOURCE_MEMBER_SUBRESOURCE);
  g_assert_false (strv_has (instance_subresources, "Vpc"));
  g_assert_false (gaws_resource_model_has_resource (ec2, "NoSuchThing"));
  g_assert_null (gaws_resource_model_get_identifier_names (ec2, "NoSuchThing"));
}

static void
assert_malformed (const char *json,
                  const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsResourceModel) model = gaws_resource_model_new_from_json (json, NULL, &error);

  g_assert_null (model);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  if (strstr (error->message, fragment) == NULL)
    g_error ("'%s' is not in '%s'", fragment, error->message);
}

static void
test_model_rejects_malformed (void)
{
  assert_malformed ("{", "Malformed resource model");
  assert_malformed ("[]", "no resources object");
  assert_malformed ("{\"resources\": {\"A\": {\"has\": {\"B\": {\"resource\": {\"type\": \"Nope\"}}}}}}",
                    "A.has.B: unknown resource type Nope");
  assert_malformed ("{\"resources\": {\"A\": {\"identifiers\": [{\"name\": \"Id\"}],"
                    " \"actions\": {\"Go\": {\"request\": {\"operation\": \"Go\","
                    " \"params\": [{\"target\": \"X\", \"source\": \"magic\"}]}}}}}}",
                    "A.actions.Go: item 0 has an unknown source magic");
  assert_malformed ("{\"resources\": {\"A\": {\"identifiers\": [{\"name\": \"Id\"}],"
                    " \"actions\": {\"Go\": {\"request\": {\"operation\": \"Go\","
                    " \"params\": [{\"target\": \"X\", \"source\": \"identifier\", \"name\": \"Other\"}]}}}}}}",
                    "names no identifier");
  assert_malformed ("{\"resources\": {\"A\": {\"load\": {\"request\": {}}}}}", "no request operation");
}

static void
test_names_match (void)
{
  g_assert_true (gaws_resource_name_matches ("PutItem", "put_item"));
  g_assert_true (gaws_resource_name_matches ("PutItem", "PutItem"));
  g_assert_true (gaws_resource_name_matches ("Objects", "objects"));
  g_assert_false (gaws_resource_name_matches ("PutItem", "put_items"));
  g_assert_false (gaws_resource_name_matches ("PutItem", "get_item"));
  g_assert_false (gaws_resource_name_matches (NULL, "x"));
}

static void
assert_json (json_t *value, const char *expected)
{
  g_autofree char *text = json_dumps (value, JSON_COMPACT | JSON_SORT_KEYS);

  g_assert_cmpstr (text, ==, expected);
}

/* boto3's own examples and tests of build_param_structure(). */
static void
test_param_structure (void)
{
  g_autoptr(json_t) params = json_object ();
  g_autoptr(json_t) one = json_integer (1);
  g_autoptr(json_t) hello = json_string ("hello");
  g_autoptr(json_t) a = json_string ("a");
  g_autoptr(json_t) b = json_string ("b");
  g_autoptr(json_t) batch = json_object ();
  g_autoptr(json_t) appended = json_object ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gaws_resource_build_param_structure (params, "test[0]", one, -1, &error));
  g_assert_true (gaws_resource_build_param_structure (params, "foo.bar[0].baz", hello, -1, &error));
  g_assert_no_error (error);
  assert_json (params, "{\"foo\":{\"bar\":[{\"baz\":\"hello\"}]},\"test\":[1]}");

  /* A batch action puts the item at @index into `[*]`. */
  g_assert_true (gaws_resource_build_param_structure (batch, "Delete.Objects[*].Key", a, 0, &error));
  g_assert_true (gaws_resource_build_param_structure (batch, "Delete.Objects[*].Key", b, 1, &error));
  assert_json (batch, "{\"Delete\":{\"Objects\":[{\"Key\":\"a\"},{\"Key\":\"b\"}]}}");

  /* `[]` appends. */
  g_assert_true (gaws_resource_build_param_structure (appended, "Names[]", a, -1, &error));
  g_assert_true (gaws_resource_build_param_structure (appended, "Names[]", b, -1, &error));
  assert_json (appended, "{\"Names\":[\"a\",\"b\"]}");

  g_assert_false (gaws_resource_build_param_structure (appended, "Names[x]", b, -1, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
}

static void
test_merge_params (void)
{
  g_autoptr(json_t) params = json_loads ("{\"A\": 1, \"F\": [1], \"O\": {\"x\": 1}}", 0, NULL);
  g_autoptr(json_t) extra = json_loads ("{\"A\": 2, \"F\": [2], \"O\": {\"y\": 2}}", 0, NULL);

  gaws_resource_merge_params (params, extra, TRUE);
  assert_json (params, "{\"A\":2,\"F\":[1,2],\"O\":{\"x\":1,\"y\":2}}");
}

static void
test_identifiers (void)
{
  g_autoptr(GawsServiceResource) dynamodb = offline_service_resource ("dynamodb");
  g_autoptr(GawsServiceResource) s3 = offline_service_resource ("s3");
  g_autoptr(GawsResource) table = NULL, bucket = NULL, object = NULL, object2 = NULL, bad = NULL;
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) values = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  const char *table_ids[] = { "test_table", NULL };
  const char *bucket_ids[] = { "mybucket", NULL };
  const char *key_ids[] = { "photos/cat.jpg", NULL };
  const char *too_many[] = { "a", "b", NULL };

  SKIP_WITHOUT (dynamodb);
  SKIP_WITHOUT (s3);
  g_assert_null (gaws_resource_get_resource_name (GAWS_RESOURCE (dynamodb)));
  table = gaws_service_resource_get_resource (dynamodb, "Table", table_ids, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_resource_get_resource_name (table), ==, "Table");
  g_assert_cmpstr (gaws_resource_get_identifier (table, "Name"), ==, "test_table");
  g_assert_cmpstr (gaws_resource_get_identifier (table, "name"), ==, "test_table");
  g_assert_false (gaws_resource_is_loaded (table));
  g_assert_null (gaws_resource_get_data (table));
  /* The identifier's memberName reads before any load. */
  g_assert_true (gaws_resource_get_attribute (table, "table_name", &value));
  g_assert_cmpstr (g_value_get_string (&value), ==, "test_table");
  g_assert_true (gaws_resource_get_client (table) == gaws_resource_get_client (GAWS_RESOURCE (dynamodb)));

  bad = gaws_service_resource_get_resource (dynamodb, "Table", too_many, &error);
  g_assert_null (bad);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  bad = gaws_service_resource_get_resource (dynamodb, "Table", NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  bad = gaws_service_resource_get_resource (dynamodb, "Chair", table_ids, &error);
  g_assert_null (bad);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* bucket.Object(key) takes the bucket's name from the bucket. */
  bucket = gaws_service_resource_get_resource (s3, "bucket", bucket_ids, &error);
  g_assert_no_error (error);
  object = gaws_resource_get_resource (bucket, "Object", key_ids, &error);
  g_assert_no_error (error);
  values = gaws_resource_get_identifiers (object);
  g_assert_cmpuint (g_strv_length (values), ==, 2);
  g_assert_cmpstr (values[0], ==, "mybucket");
  g_assert_cmpstr (values[1], ==, "photos/cat.jpg");
  g_hash_table_insert (by_name, "key", "photos/dog.jpg");
  object2 = gaws_resource_get_resource_with_map (bucket, "Object", by_name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_resource_get_identifier (object2, "Key"), ==, "photos/dog.jpg");
  g_assert_cmpstr (gaws_resource_get_identifier (object2, "BucketName"), ==, "mybucket");
}

static json_t *
params_for (GawsResource *resource,
            const char   *action)
{
  GawsResourceModel *model = gaws_resource_get_model (resource);
  json_t *definition = gaws_resource_model_find_member (model, gaws_resource_get_resource_name (resource),
                                                        GAWS_RESOURCE_MEMBER_ACTION, action, NULL);
  json_t *params = json_object ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (definition);
  g_assert_true (gaws_resource_build_params (resource, json_object_get (definition, "request"),
                                             params, -1, &error));
  g_assert_no_error (error);
  return params;
}

static void
test_request_params (void)
{
  g_autoptr(GawsServiceResource) dynamodb = offline_service_resource ("dynamodb");
  g_autoptr(GawsServiceResource) s3 = offline_service_resource ("s3");
  g_autoptr(GawsServiceResource) ec2 = offline_service_resource ("ec2");
  g_autoptr(GawsResource) table = NULL, object = NULL, summary1 = NULL, summary2 = NULL;
  g_autoptr(json_t) put = NULL, get = NULL, batch = json_object ();
  g_autoptr(GError) error = NULL;
  const char *table_ids[] = { "test_table", NULL };
  const char *object_ids[] = { "mybucket", "a/b", NULL };
  const char *summary_ids[] = { "mybucket", "k2", NULL };
  json_t *definition;

  SKIP_WITHOUT (dynamodb);
  SKIP_WITHOUT (s3);
  SKIP_WITHOUT (ec2);
  table = gaws_service_resource_get_resource (dynamodb, "Table", table_ids, &error);
  put = params_for (table, "put_item");
  assert_json (put, "{\"TableName\":\"test_table\"}");

  object = gaws_service_resource_get_resource (s3, "Object", object_ids, &error);
  g_assert_no_error (error);
  get = params_for (object, "Get");
  assert_json (get, "{\"Bucket\":\"mybucket\",\"Key\":\"a/b\"}");

  /* A batch action gathers the page's items by index. */
  summary1 = gaws_service_resource_get_resource (s3, "ObjectSummary", object_ids, &error);
  summary2 = gaws_service_resource_get_resource (s3, "ObjectSummary", summary_ids, &error);
  definition = gaws_resource_model_find_member (gaws_resource_get_model (summary1), "ObjectSummary",
                                                GAWS_RESOURCE_MEMBER_BATCH_ACTION, "delete", NULL);
  g_assert_nonnull (definition);
  g_assert_true (gaws_resource_build_params (summary1, json_object_get (definition, "request"), batch, 0, &error));
  g_assert_true (gaws_resource_build_params (summary2, json_object_get (definition, "request"), batch, 1, &error));
  g_assert_no_error (error);
  assert_json (batch, "{\"Bucket\":\"mybucket\",\"Delete\":{\"Objects\":[{\"Key\":\"a/b\"},{\"Key\":\"k2\"}]}}");

  /* A data member needs the data: a clear error before a load. */
  {
    const char *ids[] = { "i-1234", NULL };
    g_autoptr(GawsResource) instance = gaws_service_resource_get_resource (ec2, "Instance", ids, &error);
    g_autoptr(json_t) data = json_loads ("{\"InstanceId\": \"i-1234\", \"VpcId\": \"vpc-9\", \"SubnetId\": \"subnet-1\"}", 0, NULL);
    g_autoptr(GawsResource) loaded = NULL;
    g_autoptr(GObject) vpc = NULL;
    g_autoptr(GObject) none = NULL;

    g_assert_no_error (error);
    none = gaws_resource_get_reference (instance, "vpc", &error);
    g_assert_null (none);
    g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "not loaded"));
    g_clear_error (&error);

    loaded = gaws_resource_new_with_data (gaws_resource_get_client (instance), gaws_resource_get_model (instance),
                                          "Instance", ids, data, &error);
    g_assert_no_error (error);
    g_assert_true (gaws_resource_is_loaded (loaded));
    vpc = gaws_resource_get_reference (loaded, "Vpc", &error);
    g_assert_no_error (error);
    g_assert_true (GAWS_IS_RESOURCE (vpc));
    g_assert_cmpstr (gaws_resource_get_resource_name (GAWS_RESOURCE (vpc)), ==, "Vpc");
    g_assert_cmpstr (gaws_resource_get_identifier (GAWS_RESOURCE (vpc), "Id"), ==, "vpc-9");
  }
}

static void
test_response_resources (void)
{
  g_autoptr(GawsServiceResource) dynamodb = offline_service_resource ("dynamodb");
  g_autoptr(GawsServiceResource) sqs = offline_service_resource ("sqs");
  g_autoptr(GawsResource) queue = NULL;
  g_autoptr(GPtrArray) tables = NULL, messages = NULL, none = NULL;
  g_autoptr(json_t) list = json_loads ("{\"TableNames\": [\"a\", \"b\"]}", 0, NULL);
  g_autoptr(json_t) empty = json_object ();
  g_autoptr(json_t) received = json_loads ("{\"Messages\": [{\"MessageId\": \"m1\", \"ReceiptHandle\": \"r1\","
                                           " \"Body\": \"hello\"}]}", 0, NULL);
  g_autoptr(GError) error = NULL;
  const char *queue_ids[] = { "http://sqs/123/q", NULL };
  json_t *tables_def, *receive_def;
  gboolean plural = FALSE;
  g_autofree char *data = NULL;

  SKIP_WITHOUT (dynamodb);
  SKIP_WITHOUT (sqs);
  tables_def = gaws_resource_model_find_member (gaws_resource_get_model (GAWS_RESOURCE (dynamodb)), NULL,
                                                GAWS_RESOURCE_MEMBER_COLLECTION, "tables", NULL);
  tables = gaws_resource_handle_response (GAWS_RESOURCE (dynamodb), json_object_get (tables_def, "resource"),
                                          empty, list, &plural, &error);
  g_assert_no_error (error);
  g_assert_true (plural);
  g_assert_cmpuint (tables->len, ==, 2);
  g_assert_cmpstr (gaws_resource_get_identifier (tables->pdata[1], "Name"), ==, "b");
  g_assert_false (gaws_resource_is_loaded (tables->pdata[1]));

  none = gaws_resource_handle_response (GAWS_RESOURCE (dynamodb), json_object_get (tables_def, "resource"),
                                        empty, empty, &plural, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  queue = gaws_service_resource_get_resource (sqs, "Queue", queue_ids, &error);
  g_assert_no_error (error);
  receive_def = gaws_resource_model_find_member (gaws_resource_get_model (queue), "Queue",
                                                 GAWS_RESOURCE_MEMBER_ACTION, "receive_messages", NULL);
  messages = gaws_resource_handle_response (queue, json_object_get (receive_def, "resource"),
                                            empty, received, &plural, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpstr (gaws_resource_get_identifier (messages->pdata[0], "QueueUrl"), ==, "http://sqs/123/q");
  g_assert_cmpstr (gaws_resource_get_identifier (messages->pdata[0], "ReceiptHandle"), ==, "r1");
  data = gaws_resource_get_data_json (messages->pdata[0]);
  g_assert_cmpstr (data, ==, "{\"Body\":\"hello\",\"MessageId\":\"m1\",\"ReceiptHandle\":\"r1\"}");
}

static void
test_collections_are_immutable (void)
{
  g_autoptr(GawsServiceResource) s3 = offline_service_resource ("s3");
  g_autoptr(GawsResource) bucket = NULL;
  g_autoptr(GawsResourceCollection) objects = NULL, prefixed = NULL, limited = NULL, both = NULL;
  g_autoptr(GawsResourceCollection) missing = NULL, bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *p0 = NULL, *p1 = NULL, *p2 = NULL;
  const char *ids[] = { "mybucket", NULL };

  SKIP_WITHOUT (s3);
  bucket = gaws_service_resource_get_resource (s3, "Bucket", ids, &error);
  objects = gaws_resource_get_collection (bucket, "objects", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_resource_collection_get_resource_name (objects), ==, "ObjectSummary");
  prefixed = gaws_resource_collection_filter_json (objects, "{\"Prefix\": \"a/\"}", &error);
  g_assert_no_error (error);
  limited = gaws_resource_collection_limit (prefixed, 5);
  both = gaws_resource_collection_page_size (limited, 2);
  p0 = gaws_resource_collection_get_params_json (objects);
  p1 = gaws_resource_collection_get_params_json (prefixed);
  p2 = gaws_resource_collection_get_params_json (both);
  g_assert_cmpstr (p0, ==, "{}");
  g_assert_cmpstr (p1, ==, "{\"Prefix\":\"a/\"}");
  g_assert_cmpstr (p2, ==, "{\"Prefix\":\"a/\"}");
  g_assert_cmpuint (gaws_resource_collection_get_limit (prefixed), ==, 0);
  g_assert_cmpuint (gaws_resource_collection_get_limit (both), ==, 5);
  g_assert_cmpuint (gaws_resource_collection_get_page_size (both), ==, 2);
  g_assert_cmpuint (gaws_resource_collection_get_page_size (limited), ==, 0);

  missing = gaws_resource_get_collection (bucket, "chairs", &error);
  g_assert_null (missing);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  bad = gaws_resource_collection_filter_json (objects, "[1]", &error);
  g_assert_null (bad);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
}

typedef struct {
  GMainLoop *loop;
  GObject   *result;
  GError    *error;
} Call;

static void
action_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Call *call = user_data;

  call->result = gaws_resource_action_finish (GAWS_RESOURCE (source), result, &call->error);
  g_main_loop_quit (call->loop);
}

static void
custom_upload (GawsResource *resource,
               GawsShape    *params,
               GTask        *task,
               gpointer      user_data)
{
  (*(guint *) user_data)++;
  g_task_return_pointer (task, g_object_ref (resource), g_object_unref);
}

/* The extension point: a registered action runs by name, in either
 * spelling; unknown actions and actions without operations fail cleanly. */
static void
test_custom_actions (void)
{
  g_autoptr(GawsResourceModel) model = load_model ("s3");
  g_autoptr(GawsClient) client = offline_client ();
  g_autoptr(GawsResource) object = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  const char *ids[] = { "b", "k", NULL };
  guint calls = 0;
  Call call = { loop, NULL, NULL };

  SKIP_WITHOUT (model);
  object = gaws_resource_new (client, model, "Object", ids, NULL);
  g_assert_nonnull (object);

  gaws_resource_action_async (object, "no_such_action", NULL, NULL, action_done, &call);
  g_main_loop_run (loop);
  g_assert_null (call.result);
  g_assert_error (call.error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&call.error);

  /* The offline client's service has no operations. */
  gaws_resource_action_async (object, "get", NULL, NULL, action_done, &call);
  g_main_loop_run (loop);
  g_assert_null (call.result);
  g_assert_error (call.error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&call.error);

  gaws_resource_register_custom_action ("offline", "Object", "UploadFile", custom_upload, &calls, NULL);
  gaws_resource_action_async (object, "upload_file", NULL, NULL, action_done, &call);
  g_main_loop_run (loop);
  g_assert_no_error (call.error);
  g_assert_true (call.result == G_OBJECT (object));
  g_clear_object (&call.result);
  g_assert_cmpuint (calls, ==, 1);
}

/* Glacier's create_vault: the model's constant account `-` goes into
 * the request, and the Vault is made from the request's parameters. (moto
 * rejects the signature of Glacier's requests, so this runs offline.) */
static void
test_glacier_create_vault (void)
{
  g_autoptr(GawsServiceResource) glacier = offline_service_resource ("glacier");
  g_autoptr(json_t) params = NULL, response = json_object ();
  g_autoptr(GPtrArray) vaults = NULL;
  g_autoptr(GError) error = NULL;
  json_t *definition;
  gboolean plural = TRUE;

  SKIP_WITHOUT (glacier);
  params = params_for (GAWS_RESOURCE (glacier), "create_vault");
  assert_json (params, "{\"accountId\":\"-\"}");
  json_object_set_new (params, "vaultName", json_string ("gaws-vault"));
  definition = gaws_resource_model_find_member (gaws_resource_get_model (GAWS_RESOURCE (glacier)), NULL,
                                                GAWS_RESOURCE_MEMBER_ACTION, "CreateVault", NULL);
  g_assert_nonnull (definition);
  vaults = gaws_resource_handle_response (GAWS_RESOURCE (glacier), json_object_get (definition, "resource"),
                                          params, response, &plural, &error);
  g_assert_no_error (error);
  g_assert_false (plural);
  g_assert_cmpuint (vaults->len, ==, 1);
  g_assert_cmpstr (gaws_resource_get_resource_name (vaults->pdata[0]), ==, "Vault");
  g_assert_cmpstr (gaws_resource_get_identifier (vaults->pdata[0], "AccountId"), ==, "-");
  g_assert_cmpstr (gaws_resource_get_identifier (vaults->pdata[0], "vault_name"), ==, NULL);
  g_assert_cmpstr (gaws_resource_get_identifier (vaults->pdata[0], "Name"), ==, "gaws-vault");
}

static const GawsShapeInfo text_shape = { .name = "Text", .kind = GAWS_SHAPE_KIND_STRING, .payload = -1 };
static const GawsMemberInfo greet_members[] = {
  { .name = "Who", .property_name = "who", .shape = &text_shape },
};
static const GawsShapeInfo greet_params = {
  .name = "GreetParams", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = greet_members, .n_members = 1, .payload = -1,
};
static const GawsShapeInfo other_params = {
  .name = "OtherParams", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = greet_members, .n_members = 1, .payload = -1,
};

/* Completes later, from an idle, as a real action would. */
static gboolean
greet_later (gpointer user_data)
{
  GTask *task = user_data;
  GawsShape *params = g_task_get_task_data (task);
  const GValue *who = gaws_shape_get_value_by_name (params, "Who");
  g_autoptr(GawsShape) answer = gaws_shape_new (&greet_params);
  g_auto(GValue) text = G_VALUE_INIT;
  g_autofree char *hello = g_strdup_printf ("hello %s", g_value_get_string (who));

  g_value_init (&text, G_TYPE_STRING);
  g_value_set_string (&text, hello);
  gaws_shape_set_value_by_name (answer, "Who", &text);
  g_task_return_pointer (task, g_steal_pointer (&answer), g_object_unref);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
custom_greet (GawsResource *resource,
              GawsShape    *params,
              GTask        *task,
              gpointer      user_data)
{
  g_autoptr(GSource) idle = g_idle_source_new ();

  /* On the thread-default context, which a sync call iterates. */
  g_task_set_task_data (task, g_object_ref (params), g_object_unref);
  g_source_set_callback (idle, greet_later, g_object_ref (task), NULL);
  g_source_attach (idle, g_main_context_get_thread_default ());
}

/* A custom action with its own parameter structure: gaws_resource_new_params()
 * makes it, parameters of another shape are refused before it runs, and
 * the sync form runs it to its end. */
static void
test_custom_action_params_and_sync (void)
{
  g_autoptr(GawsResourceModel) model = load_model ("s3");
  g_autoptr(GawsClient) client = offline_client ();
  g_autoptr(GawsResource) bucket = NULL;
  g_autoptr(GawsShape) params = NULL, other = NULL;
  g_autoptr(GObject) answer = NULL, none = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) who = G_VALUE_INIT;
  const char *ids[] = { "b", NULL };

  SKIP_WITHOUT (model);
  bucket = gaws_resource_new (client, model, "Bucket", ids, NULL);
  g_assert_nonnull (bucket);
  gaws_resource_register_custom_action_full ("offline", "Bucket", "Greet", &greet_params, custom_greet, NULL, NULL);

  params = gaws_resource_new_params (bucket, "greet", &error);
  g_assert_no_error (error);
  g_assert_true (gaws_shape_get_info (params) == &greet_params);
  g_value_init (&who, G_TYPE_STRING);
  g_value_set_string (&who, "world");
  g_assert_true (gaws_shape_set_value_by_name (params, "Who", &who));

  answer = gaws_resource_action_sync (bucket, "greet", params, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (GAWS_IS_SHAPE (answer));
  g_assert_cmpstr (g_value_get_string (gaws_shape_get_value_by_name (GAWS_SHAPE (answer), "Who")), ==,
                   "hello world");

  other = gaws_shape_new (&other_params);
  none = gaws_resource_action_sync (bucket, "Greet", other, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "GreetParams"));
  g_clear_error (&error);

  /* Unknown names stay errors, sync or not. */
  none = gaws_resource_action_sync (bucket, "no_such_action", NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gaws_resource_new_params (bucket, "no_such_action", &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
}

/* Bad names and counts give errors, never a crash: resource types,
 * sub-resources, identifiers, collections, waiters, attributes. */
static void
test_unknown_names (void)
{
  g_autoptr(GawsResourceModel) model = load_model ("s3");
  g_autoptr(GawsClient) client = offline_client ();
  g_autoptr(GawsServiceResource) s3 = NULL;
  g_autoptr(GawsResource) bucket = NULL, none = NULL;
  g_autoptr(GawsResourceCollection) collection = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  const char *one[] = { "b", NULL }, *two[] = { "b", "k", NULL }, *three[] = { "b", "k", "x", NULL };
  const char *empty[] = { "", NULL };

  SKIP_WITHOUT (model);
  s3 = gaws_service_resource_new_for_model (client, model);

  none = gaws_service_resource_get_resource (s3, "Chair", one, &error);
  g_assert_null (none);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Chair"));
  g_clear_error (&error);
  none = gaws_resource_new (client, model, "Chair", one, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  none = gaws_service_resource_get_resource (s3, "Bucket", two, &error);
  g_assert_null (none);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  none = gaws_service_resource_get_resource (s3, "Object", one, &error);
  g_assert_null (none);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Key"));
  g_clear_error (&error);
  none = gaws_resource_new (client, model, "Object", three, &error);
  g_assert_null (none);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  none = gaws_resource_new (client, model, "Bucket", empty, &error);
  g_assert_null (none);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  bucket = gaws_service_resource_get_resource (s3, "Bucket", one, &error);
  g_assert_no_error (error);
  none = gaws_resource_get_resource (bucket, "Chair", one, &error);
  g_assert_null (none);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  collection = gaws_service_resource_get_collection (s3, "chairs", &error);
  g_assert_null (collection);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gaws_resource_get_reference (bucket, "chair", &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* An identifier's member is an attribute without a load; an unknown
   * name is an error before any load is tried. */
  g_assert_false (gaws_resource_get_attribute_sync (bucket, "Colour", &value, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_false (G_IS_VALUE (&value));
  g_clear_error (&error);
  g_assert_null (gaws_resource_get_dynamodb_table (bucket, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
}

static void
wait_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Call *call = user_data;

  g_assert_false (gaws_resource_wait_until_finish (GAWS_RESOURCE (source), result, &call->error));
  g_main_loop_quit (call->loop);
}

static void
test_unknown_waiter (void)
{
  g_autoptr(GawsResourceModel) model = load_model ("s3");
  g_autoptr(GawsClient) client = offline_client ();
  g_autoptr(GawsResource) bucket = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  const char *ids[] = { "b", NULL };
  Call call = { loop, NULL, NULL };

  SKIP_WITHOUT (model);
  bucket = gaws_resource_new (client, model, "Bucket", ids, NULL);
  gaws_resource_wait_until_async (bucket, "wait_until_painted", NULL, NULL, wait_done, &call);
  g_main_loop_run (loop);
  g_assert_error (call.error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&call.error);
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);

  g_test_add_func ("/resource/model/parses-every-service", test_model_parses_every_service);
  g_test_add_func ("/resource/model/matches-every-service", test_model_matches_every_service);
  g_test_add_func ("/resource/model/rejects-unknown-operation", test_model_rejects_unknown_operation);
  g_test_add_func ("/resource/model/facts", test_model_facts);
  g_test_add_func ("/resource/model/rejects-malformed", test_model_rejects_malformed);
  g_test_add_func ("/resource/names/snake-and-camel-match", test_names_match);
  g_test_add_func ("/resource/params/reverse-jmespath", test_param_structure);
  g_test_add_func ("/resource/params/merge-appends-lists", test_merge_params);
  g_test_add_func ("/resource/identifiers/service-and-sub-resources", test_identifiers);
  g_test_add_func ("/resource/params/from-identifiers-data-and-batches", test_request_params);
  g_test_add_func ("/resource/response/builds-resources", test_response_resources);
  g_test_add_func ("/resource/collection/immutable-filters", test_collections_are_immutable);
  g_test_add_func ("/resource/actions/custom-unknown-and-unmodelled", test_custom_actions);
  g_test_add_func ("/resource/actions/custom-params-and-sync", test_custom_action_params_and_sync);
  g_test_add_func ("/resource/errors/unknown-names-and-counts", test_unknown_names);
  g_test_add_func ("/resource/errors/unknown-waiter", test_unknown_waiter);
  g_test_add_func ("/resource/glacier/create-vault-offline", test_glacier_create_vault);
  return g_test_run ();
}
