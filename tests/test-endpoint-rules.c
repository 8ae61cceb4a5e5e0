/* test-endpoint-rules.c: GawsEndpointRules against the rules' own tests
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Every case of the shared endpoint-rules test data is one GLib test:
 *  - /endpoint-rules/engine/<file>/<n>: _engine/test-cases/<file>.json run
 *    against _engine/valid-rules/<file>.json;
 *  - /endpoint-rules/valid-rules/<file>: every rule set there compiles;
 *  - /endpoint-rules/service/<service>/<n>: <service>/endpoint-tests-1.json
 *    run against the service's endpoint-rule-set-1.json, from models/ or,
 *    for a service not vendored yet, from the botocore data folder
 *    ($GAWS_BOTOCORE_DATA, else the one python3's botocore has). A case is
 *    evaluated with its `params`; a case with `operationInputs` is also
 *    evaluated the way a client would, from the built-ins, the operation's
 *    staticContextParams, its input members' contextParams and its
 *    operationContextParams (JMESPath) in the service model.
 * Cases listed in endpoint-rules-skip.txt are reported and skipped.
 */
#include "gaws-test-util.h"

#include "gaws-endpoint-partitions-private.h"

#include <jansson.h>
#include <string.h>

static int
strcmp_ptr (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

typedef json_t JsonValue;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JsonValue, json_decref)

static json_t *
load_json (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  json_error_t jerror;
  json_t *root;

  stream = G_INPUT_STREAM (g_file_read (file, NULL, &error));
  g_assert_no_error (error);
  if (g_str_has_suffix (path, ".gz"))
    {
      g_autoptr(GConverter) gunzip = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
      GInputStream *plain = g_converter_input_stream_new (stream, gunzip);
      g_object_unref (stream);
      stream = plain;
    }
  g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                          G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  root = json_loadb (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                     g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), 0, &jerror);
  if (root == NULL)
    g_error ("%s:%d:%d: %s", path, jerror.line, jerror.column, jerror.text);
  return root;
}

/* ---- the cases ---- */

typedef struct {
  char              *id;
  GawsEndpointRules *rules;
  json_t            *service_model;   /* nullable */
  json_t            *test;
  char              *skip_reason;
} Case;

static void
case_free (gpointer data)
{
  Case *c = data;

  g_free (c->id);
  g_clear_pointer (&c->rules, gaws_endpoint_rules_unref);
  json_decref (c->service_model);
  json_decref (c->test);
  g_free (c->skip_reason);
  g_free (c);
}

static void
check_result (const char *what, json_t *expect, GawsEndpoint *endpoint, GError *error)
{
  json_t *want_error = json_object_get (expect, "error");
  json_t *want = json_object_get (expect, "endpoint");

  if (json_is_string (want_error))
    {
      if (endpoint)
        {
          g_test_message ("%s: expected error “%s”, got endpoint %s", what,
                          json_string_value (want_error), gaws_endpoint_get_url (endpoint));
          g_test_fail ();
          return;
        }
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
      g_assert_cmpstr (error->message, ==, json_string_value (want_error));
      return;
    }
  if (endpoint == NULL)
    {
      g_test_message ("%s: expected %s, got error “%s”", what,
                      json_string_value (json_object_get (want, "url")), error->message);
      g_test_fail ();
      return;
    }
  g_assert_cmpstr (gaws_endpoint_get_url (endpoint), ==, json_string_value (json_object_get (want, "url")));
  {
    json_t *headers = json_object_get (want, "headers");
    json_t *properties = json_object_get (want, "properties");
    g_autofree char *got_h = json_dumps (gaws_endpoint_get_headers (endpoint), JSON_SORT_KEYS);
    g_autofree char *got_p = json_dumps (gaws_endpoint_get_properties (endpoint), JSON_SORT_KEYS);
    g_autofree char *want_h = headers ? json_dumps (headers, JSON_SORT_KEYS) : g_strdup ("{}");
    g_autofree char *want_p = properties ? json_dumps (properties, JSON_SORT_KEYS) : g_strdup ("{}");

    g_assert_cmpstr (got_h, ==, want_h);
    g_assert_cmpstr (got_p, ==, want_p);
  }
}

static json_t *
find_operation (json_t *model, const char *name)
{
  return json_object_get (json_object_get (model, "operations"), name);
}

/* The parameters a client derives for one operation call. */
static json_t *
operation_params (json_t *model, json_t *input)
{
  json_t *op = find_operation (model, json_string_value (json_object_get (input, "operationName")));
  json_t *op_params = json_object_get (input, "operationParams");
  json_t *params = json_object ();
  json_t *shape, *members, *value;
  const char *key;

  g_assert_nonnull (op);
  json_object_foreach (json_object_get (op, "staticContextParams"), key, value)
    json_object_set (params, key, json_object_get (value, "value"));

  shape = json_object_get (json_object_get (model, "shapes"),
                           json_string_value (json_object_get (json_object_get (op, "input"), "shape")));
  members = json_object_get (shape, "members");
  json_object_foreach (members, key, value)
    {
      json_t *context = json_object_get (value, "contextParam");
      json_t *given = json_object_get (op_params, key);
      if (context && given)
        json_object_set (params, json_string_value (json_object_get (context, "name")), given);
    }

  json_object_foreach (json_object_get (op, "operationContextParams"), key, value)
    {
      g_autoptr(GError) error = NULL;
      json_t *found = gaws_jmespath_search_string (json_string_value (json_object_get (value, "path")),
                                                   op_params ? op_params : json_null (), &error);
      g_assert_no_error (error);
      if (found && !json_is_null (found))
        json_object_set (params, key, found);
      json_decref (found);
    }
  return params;
}

static void
run_case (gconstpointer data)
{
  const Case *c = data;
  json_t *expect = json_object_get (c->test, "expect");
  json_t *inputs = json_object_get (c->test, "operationInputs");
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsEndpoint) endpoint = NULL;
  json_t *input;
  gsize i;

  if (c->skip_reason)
    {
      g_test_message ("skipping %s: %s", c->id, c->skip_reason);
      g_test_skip (c->skip_reason);
      return;
    }

  endpoint = gaws_endpoint_rules_evaluate (c->rules, NULL, json_object_get (c->test, "params"), &error);
  check_result (c->id, expect, endpoint, error);

  json_array_foreach (inputs, i, input)
    {
      g_autoptr(JsonValue) params = NULL;
      g_autoptr(GError) op_error = NULL;
      g_autoptr(GawsEndpoint) op_endpoint = NULL;
      g_autofree char *what = g_strdup_printf ("%s operationInputs[%zu]", c->id, i);

      g_assert_nonnull (c->service_model);
      if (find_operation (c->service_model, json_string_value (json_object_get (input, "operationName"))) == NULL)
        {
          g_test_message ("%s: %s is not in the service model; only its params were checked", what,
                          json_string_value (json_object_get (input, "operationName")));
          continue;
        }
      params = operation_params (c->service_model, input);
      op_endpoint = gaws_endpoint_rules_evaluate (c->rules, json_object_get (input, "builtInParams"),
                                                  params, &op_error);
      check_result (what, expect, op_endpoint, op_error);
    }
}

/* endpoint-rules-skip.txt: "group<TAB>index<TAB>reason" a line, # for comments. */
static GHashTable *
load_skips (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "endpoint-rules-skip.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *skips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return skips;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) fields = NULL;
      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", 3);
      if (g_strv_length (fields) == 3)
        g_hash_table_insert (skips, g_strdup_printf ("%s/%s", g_strstrip (fields[0]), g_strstrip (fields[1])),
                             g_strdup (g_strstrip (fields[2])));
    }
  return skips;
}

static void
add_cases (GPtrArray *cases, GHashTable *skips, const char *group, GawsEndpointRules *rules,
           json_t *service_model, const char *tests_path)
{
  g_autoptr(JsonValue) root = load_json (tests_path);
  json_t *test;
  gsize i;

  json_array_foreach (json_object_get (root, "testCases"), i, test)
    {
      Case *c = g_new0 (Case, 1);
      c->id = g_strdup_printf ("%s/%zu", group, i);
      c->rules = gaws_endpoint_rules_ref (rules);
      c->service_model = service_model ? json_incref (service_model) : NULL;
      c->test = json_incref (test);
      c->skip_reason = g_strdup (g_hash_table_lookup (skips, c->id));
      g_hash_table_remove (skips, c->id);
      g_ptr_array_add (cases, c);
    }
}

static char *
botocore_data_dir (void)
{
  const char *env = g_getenv ("GAWS_BOTOCORE_DATA");
  g_autofree char *out = NULL;

  if (env)
    return g_strdup (env);
  if (g_spawn_command_line_sync ("python3 -c \"import botocore,os;print(os.path.dirname(botocore.__file__))\"",
                                 &out, NULL, NULL, NULL) && out && *g_strstrip (out))
    return g_build_filename (out, "data", NULL);
  return NULL;
}

/* The newest API version folder of @service under @root holding a rule set. */
static char *
find_service_file (const char *root, const char *service, const char *base)
{
  g_autofree char *dir = g_build_filename (root, service, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (versions, g_strdup (name));
  g_ptr_array_sort (versions, strcmp_ptr);
  for (guint i = versions->len; i > 0; i--)
    for (guint gz = 0; gz < 2; gz++)
      {
        g_autofree char *file = g_strdup_printf ("%s%s", base, gz ? ".gz" : "");
        char *path = g_build_filename (dir, g_ptr_array_index (versions, i - 1), file, NULL);
        if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
          return path;
        g_free (path);
      }
  return NULL;
}

static void
add_service_cases (GPtrArray *cases, GHashTable *skips, const char *testdata, const char *service)
{
  g_autofree char *models = g_test_build_filename (G_TEST_DIST, "..", "models", NULL);
  g_autofree char *botocore = NULL;
  g_autofree char *rules_path = find_service_file (models, service, "endpoint-rule-set-1.json");
  g_autofree char *model_path = NULL;
  g_autofree char *tests_path = g_build_filename (testdata, service, "endpoint-tests-1.json", NULL);
  g_autofree char *group = g_strdup_printf ("service/%s", service);
  g_autoptr(GawsEndpointRules) rules = NULL;
  g_autoptr(JsonValue) model = NULL;
  g_autoptr(GError) error = NULL;

  if (rules_path)
    model_path = find_service_file (models, service, "service-2.json");
  else if ((botocore = botocore_data_dir ()) != NULL)
    {
      rules_path = find_service_file (botocore, service, "endpoint-rule-set-1.json");
      model_path = find_service_file (botocore, service, "service-2.json");
    }
  if (rules_path == NULL)
    {
      g_printerr ("# no endpoint-rule-set-1.json for %s: its cases are not run\n", service);
      return;
    }
  rules = gaws_endpoint_rules_new_from_file (rules_path, &error);
  g_assert_no_error (error);
  if (model_path)
    model = load_json (model_path);
  add_cases (cases, skips, group, rules, model, tests_path);
}

static void
test_valid_rules_compile (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsEndpointRules) rules = gaws_endpoint_rules_new_from_file (data, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rules);
}

static void
test_embedded_partitions_match_models (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "models", "partitions.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsEndpointRules) rules = NULL;
  g_autoptr(GawsEndpoint) endpoint = NULL;
  g_autoptr(JsonValue) params = json_pack ("{s:s}", "Region", "cn-north-1");
  static const char ruleset[] =
    "{\"version\":\"1.0\",\"parameters\":{\"Region\":{\"type\":\"string\",\"required\":true}},"
    "\"rules\":[{\"conditions\":[{\"fn\":\"aws.partition\",\"argv\":[{\"ref\":\"Region\"}],\"assign\":\"p\"}],"
    "\"endpoint\":{\"url\":\"https://x.{Region}.{p#dnsSuffix}\"},\"type\":\"endpoint\"}]}";

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_endpoint_partitions_json, ==, text);

  rules = gaws_endpoint_rules_new (ruleset, -1, &error);
  g_assert_no_error (error);
  endpoint = gaws_endpoint_rules_evaluate (rules, NULL, params, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_endpoint_get_url (endpoint), ==, "https://x.cn-north-1.amazonaws.com.cn");
}

static void
test_bad_rule_sets_are_rejected (void)
{
  static const char *const bad[] = {
    "not json",
    "{\"parameters\":{},\"rules\":[{\"type\":\"endpoint\",\"conditions\":[],\"endpoint\":{\"url\":\"{Nope}\"}}]}",
    "{\"parameters\":{},\"rules\":[{\"type\":\"endpoint\",\"conditions\":[{\"fn\":\"nope\",\"argv\":[]}],\"endpoint\":{\"url\":\"x\"}}]}",
    "{\"parameters\":{},\"rules\":[{\"type\":\"bogus\",\"conditions\":[]}]}",
    "{\"parameters\":{\"A\":{\"type\":\"integer\"}},\"rules\":[]}",
    "{\"parameters\":{},\"rules\":[{\"type\":\"endpoint\",\"conditions\":[],\"endpoint\":{\"url\":\"{unterminated\"}}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GawsEndpointRules) rules = gaws_endpoint_rules_new (bad[i], -1, &error);
      g_assert_null (rules);
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
    }
}

/* ---- the client uses the rules ---- */

static const char client_rules[] =
  "{\"version\":\"1.0\",\"parameters\":{"
  "\"Region\":{\"type\":\"string\",\"builtIn\":\"AWS::Region\"},"
  "\"Endpoint\":{\"type\":\"string\",\"builtIn\":\"SDK::Endpoint\"},"
  "\"Shard\":{\"type\":\"string\"}},"
  "\"rules\":["
  "{\"conditions\":[{\"fn\":\"stringEquals\",\"argv\":[{\"ref\":\"Region\"},\"mars-1\"]}],"
  "\"error\":\"mars is not supported\",\"type\":\"error\"},"
  "{\"conditions\":[{\"fn\":\"isSet\",\"argv\":[{\"ref\":\"Endpoint\"}]}],"
  "\"endpoint\":{\"url\":{\"ref\":\"Endpoint\"}},\"type\":\"endpoint\"},"
  "{\"conditions\":[{\"fn\":\"isSet\",\"argv\":[{\"ref\":\"Shard\"}]},"
  "{\"fn\":\"aws.partition\",\"argv\":[{\"ref\":\"Region\"}],\"assign\":\"p\"}],"
  "\"endpoint\":{\"url\":\"https://{Shard}.svc.{Region}.{p#dnsSuffix}\"},\"type\":\"endpoint\"},"
  "{\"conditions\":[{\"fn\":\"aws.partition\",\"argv\":[{\"ref\":\"Region\"}],\"assign\":\"p\"}],"
  "\"endpoint\":{\"url\":\"https://svc.{Region}.{p#dnsSuffix}\",\"properties\":{\"authSchemes\":"
  "[{\"name\":\"sigv4\",\"signingName\":\"svc-signing\",\"signingRegion\":\"{Region}\"}]}},"
  "\"type\":\"endpoint\"}]}";

static const GawsClientServiceInfo rules_service = {
  .service_id = "RulesService", .endpoint_prefix = "rules", .signing_name = "rules", .env_name = "RULES",
  .endpoint_rule_set_json = client_rules,
};

static void
prepare_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;

  if (!gaws_client_prepare_finish (GAWS_CLIENT (source), result, error) && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "failed without error");
  if (*error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

static GawsClient *
prepared_client (const char *region, const char *endpoint_url, GError **error)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  GawsClient *client;
  GError *result = NULL;

  gaws_session_set_region (session, region);
  if (endpoint_url)
    gaws_client_config_set_endpoint_url (config, endpoint_url);
  client = gaws_client_new (session, config, &rules_service);
  gaws_client_prepare_async (client, NULL, prepare_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (g_error_matches (result, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_clear_error (&result);
  else
    g_propagate_error (error, result);
  return client;
}

static void
test_client_uses_rule_set (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsClient) client = prepared_client ("cn-north-1", NULL, &error);
  g_autoptr(GawsEndpoint) endpoint = NULL;
  g_autoptr(JsonValue) params = json_pack ("{s:s}", "Shard", "s7");

  g_assert_no_error (error);
  g_assert_cmpstr (gaws_client_get_endpoint_url (client), ==, "https://svc.cn-north-1.amazonaws.com.cn");

  /* per request, with parameters over the client's built-ins */
  endpoint = gaws_client_resolve_endpoint (client, params, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_endpoint_get_url (endpoint), ==, "https://s7.svc.cn-north-1.amazonaws.com.cn");
}

static void
test_client_passes_endpoint_url_to_rules (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsClient) client = prepared_client ("us-west-2", "http://127.0.0.1:4566", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (gaws_client_get_endpoint_url (client), ==, "http://127.0.0.1:4566");
}

static void
test_client_reports_rule_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsClient) client = prepared_client ("mars-1", NULL, &error);

  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
  g_assert_cmpstr (error->message, ==, "mars is not supported");
}

static void
test_skip_file_names_existing_cases (gconstpointer data)
{
  GHashTable *skips = (GHashTable *) data;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, skips);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_test_message ("endpoint-rules-skip.txt names %s, which is no case", (const char *) key);
  g_assert_cmpuint (g_hash_table_size (skips), ==, 0);
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (case_free);
  g_autoptr(GPtrArray) valid = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) skips = NULL;
  g_autofree char *testdata = NULL;
  g_autofree char *engine_cases = NULL;
  g_autofree char *engine_rules = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  GDir *dir;
  int ret;

  /* Before gaws_test_init() moves HOME, which a pyenv python3 needs. */
  if (g_getenv ("GAWS_BOTOCORE_DATA") == NULL)
    {
      g_autofree char *botocore = botocore_data_dir ();
      if (botocore)
        g_setenv ("GAWS_BOTOCORE_DATA", botocore, TRUE);
    }
  gaws_test_init (&argc, &argv);
  g_test_set_nonfatal_assertions ();
  skips = load_skips ();
  testdata = g_build_filename (gaws_test_get_testdata_dir (), "endpoint-rules", NULL);
  engine_cases = g_build_filename (testdata, "_engine", "test-cases", NULL);
  engine_rules = g_build_filename (testdata, "_engine", "valid-rules", NULL);

  /* the engine's own cases */
  dir = g_dir_open (engine_rules, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);
  g_ptr_array_sort (names, strcmp_ptr);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *rules_path = g_build_filename (engine_rules, file, NULL);
      g_autofree char *cases_path = g_build_filename (engine_cases, file, NULL);
      g_autofree char *base = g_strndup (file, strlen (file) - strlen (".json"));
      g_autofree char *path = g_strdup_printf ("/endpoint-rules/valid-rules/%s", base);
      g_autofree char *group = g_strdup_printf ("engine/%s", base);
      g_autoptr(GError) error = NULL;
      g_autoptr(GawsEndpointRules) rules = NULL;

      g_ptr_array_add (valid, g_strdup (rules_path));
      g_test_add_data_func (path, g_ptr_array_index (valid, valid->len - 1), test_valid_rules_compile);
      if (!g_file_test (cases_path, G_FILE_TEST_EXISTS))
        continue;
      rules = gaws_endpoint_rules_new_from_file (rules_path, &error);
      g_assert_no_error (error);
      add_cases (cases, skips, group, rules, NULL, cases_path);
    }

  /* every service folder */
  g_ptr_array_set_size (names, 0);
  dir = g_dir_open (testdata, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '_' && name[0] != '.')
      {
        g_autofree char *sub = g_build_filename (testdata, name, NULL);
        if (g_file_test (sub, G_FILE_TEST_IS_DIR))
          g_ptr_array_add (names, g_strdup (name));
      }
  g_dir_close (dir);
  g_ptr_array_sort (names, strcmp_ptr);
  for (guint i = 0; i < names->len; i++)
    add_service_cases (cases, skips, testdata, g_ptr_array_index (names, i));

  for (guint i = 0; i < cases->len; i++)
    {
      Case *c = g_ptr_array_index (cases, i);
      g_autofree char *path = g_strdup_printf ("/endpoint-rules/%s", c->id);
      g_test_add_data_func (path, c, run_case);
    }
  g_test_add_func ("/endpoint-rules/partitions/embedded-copy-matches-models", test_embedded_partitions_match_models);
  g_test_add_func ("/endpoint-rules/compile/rejects-bad-rule-sets", test_bad_rule_sets_are_rejected);
  g_test_add_func ("/endpoint-rules/client/uses-rule-set", test_client_uses_rule_set);
  g_test_add_func ("/endpoint-rules/client/passes-endpoint-url-to-rules", test_client_passes_endpoint_url_to_rules);
  g_test_add_func ("/endpoint-rules/client/reports-rule-errors", test_client_reports_rule_errors);
  g_test_add_data_func ("/endpoint-rules/skip-file/names-existing-cases", skips,
                        test_skip_file_names_existing_cases);

  ret = g_test_run ();
  return ret;
}
