/* test-protocols.c: GawsShape, and botocore's protocol test suites
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "gaws-protocol-cbor.h"
#include "gaws-protocol-codec.h"
#include "gaws-protocol-xml.h"
#include "gaws-protocol-util.h"
#include "gaws-shape-json.h"
#include "gaws-shape-loader.h"

/* The protocol cases are data: each suite brings its own model, which the
 * runtime's loader turns into descriptor tables, exactly as a dynamic
 * client would. Cases the runtime cannot pass yet are in protocols-skip.txt
 * with a reason, and so are those botocore itself skips. */

static const char *const suite_files[] = {
  "input/json.json",
  "input/json_1_0.json",
  "input/json_1_0-query-compatible.json",
  "input/rest-json.json",
  "input/rest-xml.json",
  "input/query.json",
  "input/ec2.json",
  "input/smithy-rpc-v2-cbor.json",
  "input/smithy-rpc-v2-cbor-query-compatible.json",
  "input/smithy-rpc-v2-cbor-non-query-compatible.json",
  "output/json.json",
  "output/json_1_0.json",
  "output/json_1_0-query-compatible.json",
  "output/rest-json.json",
  "output/rest-xml.json",
  "output/query.json",
  "output/ec2.json",
  "output/smithy-rpc-v2-cbor.json",
  "output/smithy-rpc-v2-cbor-query-compatible.json",
  "output/smithy-rpc-v2-cbor-non-query-compatible.json",
};

typedef struct {
  const char *file;       /* such as `input/rest-json.json` */
  gboolean    is_input;
  json_t     *suite;
  json_t     *test_case;
  char       *skip_reason;
} ProtocolCase;

/* Lenient JSON equality: numbers compare by value (1 and 1.0 are equal),
 * objects by keys, arrays in order. */
static gboolean
json_same (json_t *a,
           json_t *b)
{
  const char *key;
  json_t *value;
  size_t i;

  if (json_is_number (a) && json_is_number (b))
    return json_number_value (a) == json_number_value (b) ||
           fabs (json_number_value (a) - json_number_value (b)) < 1e-9 * fabs (json_number_value (a));
  if (json_typeof (a) != json_typeof (b))
    return FALSE;
  if (json_is_object (a))
    {
      if (json_object_size (a) != json_object_size (b))
        return FALSE;
      json_object_foreach (a, key, value)
        if (json_object_get (b, key) == NULL || !json_same (value, json_object_get (b, key)))
          return FALSE;
      return TRUE;
    }
  if (json_is_array (a))
    {
      if (json_array_size (a) != json_array_size (b))
        return FALSE;
      json_array_foreach (a, i, value)
        if (!json_same (value, json_array_get (b, i)))
          return FALSE;
      return TRUE;
    }
  return json_equal (a, b);
}

static char *
dump (json_t *json)
{
  char *text = json_dumps (json, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
  char *copy = g_strdup (text);

  free (text);
  return copy;
}

static void
assert_json_same (json_t     *expected,
                  json_t     *actual,
                  const char *what)
{
  g_autofree char *expected_text = NULL, *actual_text = NULL;

  if (json_same (expected, actual))
    return;
  expected_text = dump (expected);
  actual_text = dump (actual);
  g_test_message ("%s differs:\n  expected %s\n  actual   %s", what, expected_text, actual_text);
  g_test_fail ();
}

/* The suite's shapes and metadata plus the case's one operation make a
 * service model. */
static GawsServiceInfo *
load_case_model (ProtocolCase *pc)
{
  json_t *given = json_object_get (pc->test_case, "given");
  g_autoptr(GError) error = NULL;
  GawsServiceInfo *service;
  json_t *model;

  model = json_pack ("{s:O, s:O, s:{s:O}}",
                     "metadata", json_object_get (pc->suite, "metadata"),
                     "shapes", json_object_get (pc->suite, "shapes"),
                     "operations", json_string_value (json_object_get (given, "name")), given);
  service = gaws_service_info_load (model, "protocol-test", &error);
  g_assert_no_error (error);
  json_decref (model);
  return service;
}

static GBytes *
read_stream (GInputStream *stream)
{
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (sink, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
}

static GBytes *
request_body (GawsHttpRequest *request)
{
  if (gaws_http_request_get_body (request) != NULL)
    return g_bytes_ref (gaws_http_request_get_body (request));
  if (gaws_http_request_get_body_stream (request) != NULL)
    return read_stream (gaws_http_request_get_body_stream (request));
  return g_bytes_new_static ("", 0);
}

static char *normalize_query (const char *query);
static int   compare_pairs   (const void *a, const void *b);

/* A canonical text of a tree with siblings sorted. */
static char *
canonical_xml (GawsXmlNode *node)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < node->n_children; i++)
    g_ptr_array_add (parts, canonical_xml (node->children[i]));
  for (guint i = 0; node->attribute_names[i] != NULL; i++)
    g_ptr_array_add (parts, g_strdup_printf ("@%s=%s", node->attribute_names[i], node->attribute_values[i]));
  g_ptr_array_sort (parts, compare_pairs);
  g_string_append_printf (out, "<%s>", node->name);
  for (guint i = 0; i < parts->len; i++)
    g_string_append (out, parts->pdata[i]);
  if (node->n_children == 0)
    g_string_append (out, node->text);
  g_string_append_printf (out, "</%s>", node->name);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Maps are unordered, and requests write their entries in key order while
 * the cases list them in the order of their params; so a body that only
 * differs in the order of siblings is the same request, and the message
 * says so. */
static gboolean
same_xml_unordered (GawsXmlNode *a,
                    GawsXmlNode *b)
{
  g_autofree char *ca = canonical_xml (a);
  g_autofree char *cb = canonical_xml (b);

  if (strcmp (ca, cb) != 0)
    return FALSE;
  g_test_message ("body equal up to the order of sibling elements (map entries)");
  return TRUE;
}

static gboolean json_same (json_t *a, json_t *b);

/* The cases hold CBOR bodies in base64; they compare as decoded items. */
static gboolean
same_cbor_body (const char *expected_base64,
                GBytes     *actual)
{
  gsize length;
  g_autofree guchar *expected = g_base64_decode (expected_base64, &length);
  g_autoptr(GawsCborItem) a = NULL;
  g_autoptr(GawsCborItem) b = NULL;
  json_t *ja, *jb;
  gboolean same;

  if (length == 0 && g_bytes_get_size (actual) == 0)
    return TRUE;
  a = gaws_cbor_decode (expected, length, NULL);
  b = gaws_cbor_decode (g_bytes_get_data (actual, NULL), g_bytes_get_size (actual), NULL);
  if (a == NULL || b == NULL)
    return FALSE;
  ja = gaws_cbor_item_to_json (a);
  jb = gaws_cbor_item_to_json (b);
  same = json_same (ja, jb);
  if (!same)
    {
      char *ta = json_dumps (ja, JSON_SORT_KEYS | JSON_ENCODE_ANY), *tb = json_dumps (jb, JSON_SORT_KEYS | JSON_ENCODE_ANY);

      g_test_message ("CBOR body differs:\n  expected %s\n  actual   %s", ta, tb);
      free (ta);
      free (tb);
    }
  json_decref (ja);
  json_decref (jb);
  return same;
}

/* XML bodies compare as trees, forms as lists of pairs: neither
 * whitespace between elements nor the order of parameters is part of
 * the protocols. */
static gboolean
same_protocol_body (const char *protocol,
                    const char *expected,
                    const char *actual)
{
  if (g_strcmp0 (protocol, "query") == 0 || g_strcmp0 (protocol, "ec2") == 0)
    {
      g_autofree char *a = normalize_query (expected);
      g_autofree char *b = normalize_query (actual);

      return strcmp (a, b) == 0;
    }
  if (g_strcmp0 (protocol, "rest-xml") == 0 && g_str_has_prefix (expected + strspn (expected, " \t\r\n"), "<"))
    {
      g_autoptr(GawsXmlNode) a = gaws_xml_parse (expected, strlen (expected), NULL);
      g_autoptr(GawsXmlNode) b = gaws_xml_parse (actual, strlen (actual), NULL);

      return a != NULL && b != NULL && (gaws_xml_node_equal (a, b) || same_xml_unordered (a, b));
    }
  return FALSE;
}

static void
compare_body (const char *protocol,
              const char *expected,
              GBytes     *actual)
{
  g_autofree char *actual_text = g_strndup (g_bytes_get_data (actual, NULL), g_bytes_get_size (actual));
  json_t *expected_json, *actual_json;

  if (g_strcmp0 (protocol, "smithy-rpc-v2-cbor") == 0)
    {
      if (!same_cbor_body (expected, actual))
        g_test_fail ();
      return;
    }
  if (g_strcmp0 (expected, actual_text) == 0 || same_protocol_body (protocol, expected, actual_text))
    return;
  expected_json = json_loads (expected, JSON_DECODE_ANY, NULL);
  actual_json = json_loads (actual_text, JSON_DECODE_ANY, NULL);
  if (expected_json != NULL && actual_json != NULL)
    assert_json_same (expected_json, actual_json, "body");
  else
    {
      g_test_message ("body differs:\n  expected “%s”\n  actual   “%s”", expected, actual_text);
      g_test_fail ();
    }
  json_decref (expected_json);
  json_decref (actual_json);
}

/* Query parameters compare as a list of pairs, in order within each name:
 * the order across names is not part of any protocol. */
static int
compare_pairs (const void *a,
               const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static char *
normalize_query (const char *query)
{
  g_auto(GStrv) pairs = g_strsplit (query ? query : "", "&", -1);
  guint n = g_strv_length (pairs);

  /* qsort is not stable: the original position breaks ties. */
  for (guint i = 0; i < n; i++)
    {
      char *eq = strchr (pairs[i], '=');
      g_autofree char *name = eq ? g_strndup (pairs[i], eq - pairs[i]) : g_strdup (pairs[i]);
      char *tagged = g_strdup_printf ("%s\x02%04u\x03%s", name, i, pairs[i]);

      g_free (pairs[i]);
      pairs[i] = tagged;
    }
  qsort (pairs, n, sizeof (char *), compare_pairs);
  for (guint i = 0; i < n; i++)
    {
      char *pair = g_strdup (strchr (pairs[i], '\x03') + 1);
      g_free (pairs[i]);
      pairs[i] = pair;
    }
  return g_strjoinv ("&", pairs);
}

static void
compare_uri (const char      *expected,
             GawsHttpRequest *request)
{
  const char *question = strchr (expected, '?');
  g_autofree char *expected_path = question ? g_strndup (expected, question - expected) : g_strdup (expected);
  g_autofree char *expected_query = normalize_query (question ? question + 1 : "");
  g_autofree char *actual_query = normalize_query (gaws_http_request_get_query (request));

  g_assert_cmpstr (gaws_http_request_get_path (request), ==, expected_path);
  g_assert_cmpstr (actual_query, ==, expected_query);
}

static void
compare_headers (json_t          *serialized,
                 GawsHttpRequest *request)
{
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);
  const char *name;
  json_t *value;
  size_t i;

  json_object_foreach (json_object_get (serialized, "headers"), name, value)
    g_assert_cmpstr (gaws_http_headers_get_one (headers, name), ==, json_string_value (value));
  json_array_foreach (json_object_get (serialized, "forbidHeaders"), i, value)
    g_assert_null (gaws_http_headers_get_one (headers, json_string_value (value)));
  json_array_foreach (json_object_get (serialized, "requireHeaders"), i, value)
    {
      /* The engine sets Content-Length from the body it sends. */
      if (g_ascii_strcasecmp (json_string_value (value), "Content-Length") == 0)
        continue;
      g_assert_nonnull (gaws_http_headers_get_one (headers, json_string_value (value)));
    }
}

static void
compare_host (json_t                  *serialized,
              const GawsOperationInfo *op,
              GawsShape               *input)
{
  const char *expected = json_string_value (json_object_get (serialized, "host"));
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL, *host = NULL;

  if (expected == NULL)
    return;
  prefix = gaws_protocol_expand_host_prefix (op, input, &error);
  g_assert_no_error (error);
  /* The suites' endpoint is example.com; a path in it is the endpoint's. */
  host = g_strconcat (prefix ? prefix : "", "example.com", NULL);
  if (strchr (expected, '/') != NULL)
    g_assert_true (g_str_has_prefix (expected, host));
  else
    g_assert_cmpstr (host, ==, expected);
}

static void
test_input_case (gconstpointer data)
{
  ProtocolCase *pc = (ProtocolCase *) data;
  json_t *serialized = json_object_get (pc->test_case, "serialized");
  const char *operation = json_string_value (json_object_get (json_object_get (pc->test_case, "given"), "name"));
  g_autoptr(GawsServiceInfo) service = NULL;
  g_autoptr(GawsShape) input = NULL;
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  const GawsOperationInfo *op;
  const GawsProtocolCodec *codec;

  if (pc->skip_reason != NULL)
    {
      g_test_skip (pc->skip_reason);
      return;
    }
  service = load_case_model (pc);
  op = gaws_service_info_find_operation (service, operation);
  g_assert_nonnull (op);
  if (op->input != NULL)
    {
      input = gaws_shape_new_from_json (op->input, json_object_get (pc->test_case, "params"),
                                        GAWS_SHAPE_JSON_BLOB_TEXT, &error);
      if (input == NULL)
        {
          g_test_fail_printf ("params: %s", error->message);
          return;
        }
    }
  codec = gaws_protocol_codec_for_service (service);
  g_assert_nonnull (codec);
  request = codec->serialize (op, input, &error);
  if (request == NULL)
    {
      g_test_fail_printf ("serialize: %s", error->message);
      return;
    }

  g_assert_cmpstr (gaws_http_request_get_method (request), ==,
                   json_string_value (json_object_get (serialized, "method")));
  compare_uri (json_string_value (json_object_get (serialized, "uri")), request);
  compare_headers (serialized, request);
  compare_host (serialized, op, input);
  if (json_object_get (serialized, "body") != NULL)
    {
      body = request_body (request);
      compare_body (json_string_value (json_object_get (json_object_get (pc->suite, "metadata"), "protocol")),
                    json_string_value (json_object_get (serialized, "body")), body);
    }
}

static GawsHttpResponse *
case_response (json_t     *description,
               const char *protocol)
{
  GawsHttpResponse *response = gaws_http_response_new ((guint) json_integer_value (json_object_get (description, "status_code")));
  const char *body = json_string_value (json_object_get (description, "body"));
  const char *name;
  json_t *value;

  json_object_foreach (json_object_get (description, "headers"), name, value)
    gaws_http_headers_append (gaws_http_response_get_headers (response), name, json_string_value (value));
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = NULL;

      /* CBOR bodies are base64 in the cases. */
      if (g_strcmp0 (protocol, "smithy-rpc-v2-cbor") == 0)
        {
          gsize length;
          guchar *data = g_base64_decode (body, &length);

          bytes = g_bytes_new_take (data, length);
        }
      else
        bytes = g_bytes_new (body, strlen (body));
      gaws_http_response_set_body (response, bytes);
    }
  return response;
}

static json_t *
shape_as_result (GawsShape *shape)
{
  if (shape == NULL)
    return json_object ();
  return gaws_shape_to_json (shape, GAWS_SHAPE_JSON_TIMESTAMP_EPOCH | GAWS_SHAPE_JSON_BLOB_TEXT);
}

static void
check_error_case (ProtocolCase            *pc,
                  const GawsProtocolCodec *codec,
                  const GawsOperationInfo *op,
                  GawsHttpResponse        *response)
{
  g_autofree char *code = NULL, *message = NULL;
  g_autoptr(GawsShape) shape = NULL;
  g_autoptr(GError) error = NULL;
  json_t *actual;

  if (!codec->parse_error (op, response, &code, &message, &shape, &error))
    {
      g_test_fail_printf ("parse_error: %s", error->message);
      return;
    }
  g_assert_cmpstr (code, ==, json_string_value (json_object_get (pc->test_case, "errorCode")));
  if (json_object_get (pc->test_case, "errorMessage") != NULL)
    g_assert_cmpstr (message, ==, json_string_value (json_object_get (pc->test_case, "errorMessage")));
  actual = shape_as_result (shape);
  assert_json_same (json_object_get (pc->test_case, "error"), actual, "error");
  json_decref (actual);
}

static void
test_output_case (gconstpointer data)
{
  ProtocolCase *pc = (ProtocolCase *) data;
  const char *operation = json_string_value (json_object_get (json_object_get (pc->test_case, "given"), "name"));
  g_autoptr(GawsServiceInfo) service = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;
  const GawsOperationInfo *op;
  const GawsProtocolCodec *codec;
  json_t *actual;

  if (pc->skip_reason != NULL)
    {
      g_test_skip (pc->skip_reason);
      return;
    }
  service = load_case_model (pc);
  op = gaws_service_info_find_operation (service, operation);
  g_assert_nonnull (op);
  codec = gaws_protocol_codec_for_service (service);
  g_assert_nonnull (codec);
  response = case_response (json_object_get (pc->test_case, "response"),
                            json_string_value (json_object_get (json_object_get (pc->suite, "metadata"), "protocol")));
  if (json_object_get (pc->test_case, "errorCode") != NULL)
    {
      check_error_case (pc, codec, op, response);
      return;
    }
  output = codec->deserialize (op, response, &error);
  if (error != NULL)
    {
      g_test_fail_printf ("deserialize: %s", error->message);
      return;
    }
  actual = shape_as_result (output);
  assert_json_same (json_object_get (pc->test_case, "result"), actual, "result");
  json_decref (actual);
}

/* Skips: protocols-skip.txt lines are `<file> <case id> <reason>`; `*` as
 * case id skips a whole file. botocore's own ignore list is honoured too. */

static GHashTable *
load_skip_file (void)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *skips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *path = g_build_filename (srcdir ? srcdir : ".", "protocols-skip.txt", NULL);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      fields = g_strsplit_set (lines[i], " \t", 3);
      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      g_hash_table_insert (skips, g_strdup_printf ("%s %s", fields[0], fields[1]), g_strdup (g_strstrip (fields[2])));
    }
  return skips;
}

static gboolean
json_array_has_string (json_t     *array,
                       const char *text)
{
  size_t i;
  json_t *value;

  json_array_foreach (array, i, value)
    if (g_strcmp0 (json_string_value (value), text) == 0)
      return TRUE;
  return FALSE;
}

static char *
botocore_skip_reason (json_t     *ignore_list,
                      const char *file,
                      json_t     *suite,
                      const char *id)
{
  g_autofree char *protocol = g_path_get_basename (file);
  const char *direction = g_str_has_prefix (file, "input/") ? "input" : "output";
  json_t *general = json_object_get (json_object_get (ignore_list, "general"), direction);
  json_t *specific;

  *strrchr (protocol, '.') = '\0';
  specific = json_object_get (json_object_get (json_object_get (ignore_list, "protocols"), protocol), direction);
  if (json_array_has_string (json_object_get (general, "suites"),
                             json_string_value (json_object_get (suite, "description"))) ||
      json_array_has_string (json_object_get (specific, "cases"), id))
    return g_strdup ("botocore skips this case too (botocore-ignore-list.json)");
  return NULL;
}

static char *
skip_reason (GHashTable *skips,
             json_t     *ignore_list,
             const char *file,
             json_t     *suite,
             const char *id)
{
  g_autofree char *key = g_strdup_printf ("%s %s", file, id);
  g_autofree char *any = g_strdup_printf ("%s *", file);
  const char *reason = g_hash_table_lookup (skips, key);

  if (reason == NULL)
    reason = g_hash_table_lookup (skips, any);
  if (reason != NULL)
    return g_strdup (reason);
  return botocore_skip_reason (ignore_list, file, suite, id);
}

static json_t *
load_json_file (const char *path)
{
  json_error_t json_error;
  json_t *json = json_load_file (path, 0, &json_error);

  if (json == NULL)
    g_error ("%s:%d:%d: %s", path, json_error.line, json_error.column, json_error.text);
  return json;
}

static void
protocol_case_free (gpointer data)
{
  ProtocolCase *pc = data;

  g_free (pc->skip_reason);
  g_free (pc);
}

/* The suites stay loaded while the tests run: the cases point into them. */
static void
add_protocol_cases (GPtrArray *loaded_suites)
{
  g_autofree char *dir = g_build_filename (gaws_test_get_testdata_dir (), "protocols", NULL);
  g_autofree char *ignore_path = g_build_filename (dir, "botocore-ignore-list.json", NULL);
  json_t *ignore_list = load_json_file (ignore_path);
  GHashTable *skips = load_skip_file ();
  GHashTable *paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_skipped = 0;

  for (gsize f = 0; f < G_N_ELEMENTS (suite_files); f++)
    {
      g_autofree char *path = g_build_filename (dir, suite_files[f], NULL);
      json_t *suites = load_json_file (path);
      size_t i, j;
      json_t *suite, *test_case;

      g_ptr_array_add (loaded_suites, suites);
      json_array_foreach (suites, i, suite)
        json_array_foreach (json_object_get (suite, "cases"), j, test_case)
          {
            ProtocolCase *pc = g_new0 (ProtocolCase, 1);
            const char *id = json_string_value (json_object_get (test_case, "id"));
            g_autofree char *stem = g_strndup (suite_files[f], strlen (suite_files[f]) - 5);
            char *test_path = g_strdup_printf ("/protocols/%s/%s", stem, id);

            while (g_hash_table_contains (paths, test_path))
              {
                char *longer = g_strconcat (test_path, "+", NULL);
                g_free (test_path);
                test_path = longer;
              }
            g_hash_table_add (paths, test_path);
            pc->file = suite_files[f];
            pc->is_input = g_str_has_prefix (suite_files[f], "input/");
            pc->suite = suite;
            pc->test_case = test_case;
            pc->skip_reason = skip_reason (skips, ignore_list, suite_files[f], suite, id);
            n_skipped += pc->skip_reason != NULL;
            g_test_add_data_func_full (test_path, pc, pc->is_input ? test_input_case : test_output_case,
                                       protocol_case_free);
          }
    }
  g_test_message ("%u protocol cases are skipped; each test says why", n_skipped);
  g_hash_table_unref (paths);
  g_hash_table_unref (skips);
  json_decref (ignore_list);
}

/* GawsShape itself, on a hand-written table like the ones gaws-codegen
 * emits. */

static const GawsShapeInfo test_shapes[7];

static const GawsMemberInfo test_list_members[] = {
  { .name = "member", .shape = &test_shapes[3] },
};

static const GawsMemberInfo test_map_members[] = {
  { .name = "key", .shape = &test_shapes[3] },
  { .name = "value", .shape = &test_shapes[1] },
};

static const GawsMemberInfo test_item_members[] = {
  { .name = "Name", .property_name = "name", .shape = &test_shapes[3], .flags = GAWS_MEMBER_FLAG_REQUIRED },
  { .name = "Count", .property_name = "count", .shape = &test_shapes[0] },
  { .name = "Tags", .property_name = "tags", .shape = &test_shapes[2] },
  { .name = "When", .property_name = "when", .shape = &test_shapes[4] },
  { .name = "Next", .property_name = "next", .shape = &test_shapes[5] },
  { .name = "Counts", .property_name = "counts", .shape = &test_shapes[6] },
};

static const GawsShapeInfo test_shapes[] = {
  { .name = "Count", .kind = GAWS_SHAPE_KIND_INTEGER, .payload = -1,
    .flags = GAWS_SHAPE_FLAG_HAS_MIN | GAWS_SHAPE_FLAG_HAS_MAX, .min = 0, .max = 10 },
  { .name = "Double", .kind = GAWS_SHAPE_KIND_DOUBLE, .payload = -1 },
  { .name = "Tags", .kind = GAWS_SHAPE_KIND_LIST, .members = test_list_members, .n_members = 1,
    .payload = -1, .flags = GAWS_SHAPE_FLAG_HAS_MAX, .max = 2 },
  { .name = "Text", .kind = GAWS_SHAPE_KIND_STRING, .payload = -1,
    .flags = GAWS_SHAPE_FLAG_HAS_MIN, .min = 1 },
  { .name = "When", .kind = GAWS_SHAPE_KIND_TIMESTAMP, .payload = -1 },
  { .name = "Item", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = test_item_members,
    .n_members = G_N_ELEMENTS (test_item_members), .payload = -1, .get_type = NULL },
  { .name = "Counts", .kind = GAWS_SHAPE_KIND_MAP, .members = test_map_members, .n_members = 2, .payload = -1 },
};

static const GawsShapeInfo *const item_info = &test_shapes[5];

static GType test_item_get_type (void);
GAWS_DEFINE_SHAPE_TYPE (TestItem, test_item, item_info)

static void
test_shape_unset_versus_default (void)
{
  g_autoptr(GawsShape) item = gaws_shape_new (item_info);

  g_assert_false (gaws_shape_is_set (item, 1));
  g_assert_cmpint (gaws_shape_get_int (item, 1), ==, 0);
  gaws_shape_set_int (item, 1, 0);
  g_assert_true (gaws_shape_is_set (item, 1));
  g_assert_cmpint (gaws_shape_get_int (item, 1), ==, 0);
  gaws_shape_unset (item, 1);
  g_assert_false (gaws_shape_is_set (item, 1));
  gaws_shape_set_string (item, 0, "");
  g_assert_true (gaws_shape_is_set (item, 0));
  gaws_shape_set_string (item, 0, NULL);
  g_assert_false (gaws_shape_is_set (item, 0));
}

static void
test_shape_json_round_trip (void)
{
  const char *text = "{\"Name\":\"a,[b]$1\",\"Count\":3,\"Tags\":[\"x\",\"y\"],"
                     "\"When\":\"2019-12-16T23:48:18Z\",\"Next\":{\"Name\":\"n\"},\"Counts\":{\"k\":1.5}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) item = gaws_shape_new_from_json_string (item_info, text, &error);
  g_autofree char *back = NULL;
  json_t *expected, *actual;

  g_assert_no_error (error);
  g_assert_cmpstr (gaws_shape_get_string (item, 0), ==, "a,[b]$1");
  g_assert_cmpuint (gaws_shape_get_list (item, 2)->len, ==, 2);
  g_assert_cmpstr (gaws_shape_get_string (gaws_shape_get_shape (item, 4), 0), ==, "n");
  back = gaws_shape_to_json_string (item);
  expected = json_loads (text, 0, NULL);
  actual = json_loads (back, 0, NULL);
  assert_json_same (expected, actual, "round trip");
  json_decref (expected);
  json_decref (actual);
}

static void
test_shape_json_error_names_member_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) item = gaws_shape_new_from_json_string (item_info, "{\"Next\":{\"Tags\":[\"a\",2]}}", &error);

  g_assert_null (item);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Next.Tags[1]"));
  g_clear_error (&error);
  item = gaws_shape_new_from_json_string (item_info, "{\"Bogus\":1}", &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Bogus"));
}

static void
test_shape_validate_reports_every_problem (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) item = gaws_shape_new_from_json_string (item_info,
      "{\"Count\":11,\"Tags\":[\"a\",\"b\",\"\"],\"Next\":{\"Name\":\"n\",\"Count\":-1}}", &error);

  g_assert_no_error (error);
  g_assert_false (gaws_shape_validate (item, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Missing required parameter in input: \"Name\""));
  g_assert_nonnull (strstr (error->message, "parameter Count, value: 11, valid max value: 10"));
  g_assert_nonnull (strstr (error->message, "parameter Tags, value: 3, valid max length: 2"));
  g_assert_nonnull (strstr (error->message, "parameter Tags[2], value: 0, valid min length: 1"));
  g_assert_nonnull (strstr (error->message, "parameter Next.Count, value: -1, valid min value: 0"));
  g_clear_error (&error);
  gaws_shape_set_string (item, 0, "x");
  gaws_shape_unset (item, 1);
  gaws_shape_unset (item, 2);
  gaws_shape_unset (item, 4);
  g_assert_true (gaws_shape_validate (item, &error));
  g_assert_no_error (error);
}

static void
test_shape_generated_class_properties (void)
{
  g_autoptr(GawsShape) item = g_object_new (test_item_get_type (), "name", "via-property", "count", 7, NULL);
  g_autofree char *name = NULL;
  int count = -1;

  g_assert_true (gaws_shape_get_info (item) == item_info);
  g_assert_cmpstr (gaws_shape_get_string (item, 0), ==, "via-property");
  g_object_get (item, "name", &name, "count", &count, NULL);
  g_assert_cmpstr (name, ==, "via-property");
  g_assert_cmpint (count, ==, 7);
}

static void
test_loader_reports_line_and_column (void)
{
  g_autofree char *dir = gaws_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "service-2.json", NULL);
  g_autoptr(GError) error = NULL;
  GawsServiceInfo *service;

  g_file_set_contents (path, "{\n  \"metadata\": {,\n}", -1, &error);
  g_assert_no_error (error);
  service = gaws_service_info_load_file (path, "broken", &error);
  g_assert_null (service);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, ":2:"));
  g_unlink (path);
  g_rmdir (dir);
}

/* Found by fuzz-cbor-response: an empty text string (`0x60`) had no data
 * to point at, and reached strcmp as NULL when used as a map key. */
static void
test_cbor_empty_text_key_is_skipped (void)
{
  static const guint8 body[] = { 0xbf, 0x60, 0x60, 0x61, 0x78, 0x40, 0xff };
  const char *model = "{\"metadata\":{\"protocol\":\"smithy-rpc-v2-cbor\",\"targetPrefix\":\"T\","
                      "\"apiVersion\":\"1\"},\"operations\":{\"Op\":{\"name\":\"Op\","
                      "\"output\":{\"shape\":\"Out\"}}},\"shapes\":{\"Out\":{\"type\":\"structure\","
                      "\"members\":{\"x\":{\"shape\":\"B\"}}},\"B\":{\"type\":\"blob\"}}}";
  json_t *json = json_loads (model, 0, NULL);
  g_autoptr(GawsServiceInfo) service = NULL;
  g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200);
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, sizeof body);
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsCborItem) item = NULL;
  const GawsOperationInfo *op;

  service = gaws_service_info_load (json, "cbor-regression", &error);
  g_assert_no_error (error);
  json_decref (json);
  op = gaws_service_info_find_operation (service, "Op");
  gaws_http_response_set_body (response, bytes);
  output = gaws_protocol_codec_for_service (service)->deserialize (op, response, &error);
  g_assert_no_error (error);
  g_assert_nonnull (output);
  g_assert_true (gaws_shape_is_set (output, 0));
  g_assert_cmpuint (g_bytes_get_size (gaws_shape_get_bytes (output, 0)), ==, 0);
  item = gaws_cbor_decode (body, sizeof body, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (item->items->len, ==, 4);
}

/* Each protocol name finds the codec of that name, and a service that
 * lists several gets the first in botocore's order, whatever its own
 * order (the lookup compares with a table of names kept beside the
 * codecs, which must stay in step with them). */
static void
test_codec_names_and_preference (void)
{
  static const char *const names[] = { "json", "rest-json", "rest-xml", "smithy-rpc-v2-cbor", "query", "ec2" };
  const char *cloudwatch[] = { "smithy-rpc-v2-cbor", "query", "json", NULL };
  const char *xml_first[] = { "ec2", "rest-xml", NULL };
  const char *unknown[] = { "jsonx", "", NULL };
  GawsServiceInfo service = { 0 };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *one[] = { names[i], NULL };

      g_assert_cmpstr (gaws_protocol_codec_lookup (names[i])->name, ==, names[i]);
      service.protocols = one;
      g_assert_cmpstr (gaws_protocol_codec_for_service (&service)->name, ==, names[i]);
    }
  g_assert_null (gaws_protocol_codec_lookup ("rest"));
  g_assert_null (gaws_protocol_codec_lookup (NULL));
  service.protocols = cloudwatch;
  g_assert_cmpstr (gaws_protocol_codec_for_service (&service)->name, ==, "json");
  service.protocols = xml_first;
  g_assert_cmpstr (gaws_protocol_codec_for_service (&service)->name, ==, "rest-xml");
  service.protocols = unknown;
  g_assert_null (gaws_protocol_codec_for_service (&service));
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) loaded_suites = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
  int status;

  gaws_test_init (&argc, &argv);
  /* One failing case must not hide the others. */
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/shape/presence/unset-versus-default", test_shape_unset_versus_default);
  g_test_add_func ("/shape/json/round-trip", test_shape_json_round_trip);
  g_test_add_func ("/shape/json/error-names-member-path", test_shape_json_error_names_member_path);
  g_test_add_func ("/shape/validate/reports-every-problem", test_shape_validate_reports_every_problem);
  g_test_add_func ("/shape/class/properties-per-member", test_shape_generated_class_properties);
  g_test_add_func ("/shape/loader/bad-json-gives-line-and-column", test_loader_reports_line_and_column);
  g_test_add_func ("/protocols/cbor/empty-text-key-is-skipped", test_cbor_empty_text_key_is_skipped);
  g_test_add_func ("/protocols/codec/names-and-preference", test_codec_names_and_preference);
  add_protocol_cases (loaded_suites);

  status = g_test_run ();
  return status;
}
