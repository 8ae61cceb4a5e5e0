/* test-fuzz-regressions.c: the inputs the fuzz targets found problems with
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Each file in data/fuzz-regressions/ is an input one of the targets in
 * fuzz/ once failed on, in that target's input layout; its name starts with
 * the target's name (`service-error-`, `jmespath-`, `http-request-url-`,
 * ...). Each is run here through the same checks the target makes, so that
 * the fixes stay fixed in an ordinary build, under the sanitizers and
 * under valgrind, without clang or libFuzzer. A new finding needs only its
 * file: copy the crash artifact there under a name that says what it is.
 */
#include "gaws-test-util.h"

#include <string.h>
#include "gaws-protocol-codec.h"
#include "gaws-shape-json.h"
#include "gaws-shape-loader.h"
/* the target's own checks, so that its findings replay exactly */
#include "../fuzz/fuzz-http1-parser-check.h"

typedef void (*RegressionCheck) (const guint8 *data, gsize size);

/* g_ptr_array_sort() hands the comparator pointers to the elements. */
static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* ---- service-error: status, header lines, a blank line, the body ----------- */

static gsize
read_header_lines (const char *data, gsize size, GawsHttpHeaders *headers)
{
  gsize pos = 0;

  while (pos < size)
    {
      const char *line = data + pos;
      const char *nl = memchr (line, '\n', size - pos);
      gsize len = nl ? (gsize) (nl - line) : size - pos;
      const char *colon = memchr (line, ':', len);
      const char *value;
      gsize value_len;

      pos += len + (nl ? 1 : 0);
      if (len == 0)
        break;
      if (colon == NULL)
        continue;
      value = colon + 1;
      value_len = len - (colon - line) - 1;
      while (value_len > 0 && *value == ' ')
        value++, value_len--;
      gaws_http_headers_append_len (headers, line, colon - line, value, value_len);
    }
  return pos;
}

static void
check_service_error (const guint8 *data, gsize size)
{
  g_autoptr(GawsHttpHeaders) headers = gaws_http_headers_new ();
  g_autoptr(GError) error = NULL;
  const char *text = (const char *) data + 2;
  g_autofree char *body = NULL;
  gsize body_start, body_len;
  guint status;

  g_assert_cmpuint (size, >=, 2);
  status = 100 + (((guint) data[0] << 8) | data[1]) % 500;
  body_start = read_header_lines (text, size - 2, headers);
  body_len = size - 2 - body_start;
  body = g_memdup2 (text + body_start, body_len);

  error = gaws_service_error_parse (status, headers, body, body_len);
  g_assert_nonnull (error);
  g_assert_true (error->domain == GAWS_ERROR);
  g_assert_true (error->code == GAWS_ERROR_SERVICE || error->code == GAWS_ERROR_HTTP);
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, status);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_utf8_validate (gaws_error_get_code (error), -1, NULL));
  if (gaws_error_get_request_id (error) != NULL)
    g_assert_true (g_utf8_validate (gaws_error_get_request_id (error), -1, NULL));
}

/* ---- jmespath: the expression, NUL, the document ---------------------------- */

static void
assert_jmespath_error (const GError *error)
{
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (gaws_error_get_code (error));
}

static void
check_jmespath (const guint8 *data, gsize size)
{
  const guint8 *nul = memchr (data, '\0', size);
  g_autofree char *expression = g_strndup ((const char *) data, nul ? (gsize) (nul - data) : size);
  g_autoptr(GawsJmespath) path = NULL;
  g_autoptr(GError) error = NULL;
  json_t *document, *before, *result;

  path = gaws_jmespath_compile (expression, &error);
  if (path == NULL)
    {
      assert_jmespath_error (error);
      return;
    }
  g_assert_cmpstr (gaws_jmespath_get_expression (path), ==, expression);
  if (nul == NULL)
    return;
  document = json_loadb ((const char *) nul + 1, size - (nul + 1 - data), JSON_DECODE_ANY, NULL);
  if (document == NULL)
    return;
  before = json_deep_copy (document);
  result = gaws_jmespath_search (path, document, &error);
  g_assert_true ((result == NULL) == (error != NULL));
  if (error != NULL)
    assert_jmespath_error (error);
  g_assert_true (json_equal (before, document));
  json_decref (result);
  json_decref (before);
  json_decref (document);
}

/* ---- http-request-url: the URL ---------------------------------------------- */

static void
assert_same_target (GawsHttpRequest *a, GawsHttpRequest *b)
{
  g_autofree char *authority_a = gaws_http_request_dup_authority (a);
  g_autofree char *authority_b = gaws_http_request_dup_authority (b);

  g_assert_cmpstr (gaws_http_request_get_scheme (a), ==, gaws_http_request_get_scheme (b));
  g_assert_cmpstr (gaws_http_request_get_host (a), ==, gaws_http_request_get_host (b));
  g_assert_cmpstr (authority_a, ==, authority_b);
  g_assert_cmpstr (gaws_http_request_get_path (a), ==, gaws_http_request_get_path (b));
  g_assert_cmpstr (gaws_http_request_get_query (a) ? gaws_http_request_get_query (a) : "", ==,
                   gaws_http_request_get_query (b) ? gaws_http_request_get_query (b) : "");
}

/* A URL is refused, or the URL the request writes back names the same
 * target: never a different host. */
static void
check_http_request_url (const guint8 *data, gsize size)
{
  g_autofree char *url = g_strndup ((const char *) data, size);
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("GET");
  g_autoptr(GawsHttpRequest) again = gaws_http_request_new ("GET");
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;

  if (!gaws_http_request_set_url (request, url, &error))
    {
      g_assert_nonnull (error);
      return;
    }
  written = gaws_http_request_dup_url (request);
  gaws_http_request_set_url (again, written, &error);
  g_assert_no_error (error);
  assert_same_target (request, again);
}

/* ---- protocol-response: case, status, header lines, a blank line, the body -- */

/* The n-th output case of the protocol suites, counted as the target counts
 * them: files in name order, suites and cases in file order. */
static json_t *
find_protocol_case (guint n, json_t **out_suite)
{
  g_autofree char *dir = g_build_filename (gaws_test_get_testdata_dir (), "protocols", "output", NULL);
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      json_t *suites = json_load_file (names->pdata[i], 0, NULL);
      json_t *suite, *test_case;
      size_t j, k;

      g_assert_nonnull (suites);
      json_array_foreach (suites, j, suite)
        json_array_foreach (json_object_get (suite, "cases"), k, test_case)
          g_ptr_array_add (cases, json_pack ("[O, O]", suite, test_case));
      json_decref (suites);
    }
  *out_suite = json_incref (json_array_get (cases->pdata[n % cases->len], 0));
  return json_incref (json_array_get (cases->pdata[n % cases->len], 1));
}

static GawsServiceInfo *
load_protocol_case (guint n, const GawsOperationInfo **out_op)
{
  json_t *suite = NULL;
  json_t *test_case = find_protocol_case (n, &suite);
  json_t *given = json_object_get (test_case, "given");
  g_autoptr(GError) error = NULL;
  GawsServiceInfo *service;
  json_t *model;

  model = json_pack ("{s:O, s:O, s:{s:O}}", "metadata", json_object_get (suite, "metadata"),
                     "shapes", json_object_get (suite, "shapes"),
                     "operations", json_string_value (json_object_get (given, "name")), given);
  service = gaws_service_info_load (model, "fuzz-regression", &error);
  g_assert_no_error (error);
  *out_op = gaws_service_info_find_operation (service, json_string_value (json_object_get (given, "name")));
  g_assert_nonnull (*out_op);
  json_decref (model);
  json_decref (test_case);
  json_decref (suite);
  return service;
}

static void
assert_protocol_result (GawsShape *shape, const GError *error)
{
  if (error != NULL)
    {
      g_assert_null (shape);
      g_assert_true (error->domain == GAWS_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
  if (shape != NULL)
    json_decref (gaws_shape_to_json (shape, GAWS_SHAPE_JSON_DEFAULT));
}

static void
check_protocol_response (const guint8 *data, gsize size)
{
  g_autoptr(GawsServiceInfo) service = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GawsShape) shape = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *code = NULL, *message = NULL;
  const GawsProtocolCodec *codec;
  const GawsOperationInfo *op;
  gsize body_start;
  guint status;

  g_assert_cmpuint (size, >=, 4);
  service = load_protocol_case (((guint) data[0] << 8) | data[1], &op);
  codec = gaws_protocol_codec_for_service (service);
  g_assert_nonnull (codec);
  status = 100 + (((guint) data[2] << 8) | data[3]) % 500;
  response = gaws_http_response_new (status);
  body_start = read_header_lines ((const char *) data + 4, size - 4, gaws_http_response_get_headers (response));
  body = g_bytes_new (data + 4 + body_start, size - 4 - body_start);
  gaws_http_response_set_body (response, body);

  if (status >= 200 && status < 300)
    shape = codec->deserialize (op, response, &error);
  else if (!codec->parse_error (op, response, &code, &message, &shape, &error))
    g_assert_nonnull (error);
  assert_protocol_result (shape, error);
  g_assert_true (code == NULL || g_utf8_validate (code, -1, NULL));
  g_assert_true (message == NULL || g_utf8_validate (message, -1, NULL));
}

/* ---- http1-parser: the steering byte, the response -------------------------- */

/* Fed whole and in pieces, with every check of fuzz-http1-parser (a broken
 * property aborts, naming itself). */
static void
check_http1_parser (const guint8 *data, gsize size)
{
  g_assert_cmpuint (size, >=, 1);
  http1_check_input (data, size);
}

/* ---- the table -------------------------------------------------------------- */

static const struct {
  const char      *prefix;
  RegressionCheck  check;
} checks[] = {
  { "service-error-", check_service_error },
  { "jmespath-", check_jmespath },
  { "http-request-url-", check_http_request_url },
  { "protocol-response-", check_protocol_response },
  { "http1-parser-", check_http1_parser },
};

static RegressionCheck
find_check (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (checks); i++)
    if (g_str_has_prefix (name, checks[i].prefix))
      return checks[i].check;
  return NULL;
}

static void
test_regression (gconstpointer data)
{
  const char *name = data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "fuzz-regressions", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 0;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  find_check (name) ((const guint8 *) contents, size);
}

/* In name order, so that the test paths come out in a fixed order. */
static GPtrArray *
list_inputs (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "fuzz-regressions", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) handle = g_dir_open (dir, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      /* A file no check claims is a mistake, not something to skip. */
      if (find_check (name) == NULL)
        g_error ("%s: no fuzz target has that prefix", name);
      g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  return names;
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) names = NULL;

  gaws_test_init (&argc, &argv);
  names = list_inputs ();
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *test_path = g_strconcat ("/fuzz-regressions/", (char *) names->pdata[i], NULL);
      g_test_add_data_func (test_path, names->pdata[i], test_regression);
    }
  return g_test_run ();
}
