/* fuzz-protocol-response.c: libFuzzer target for the protocol deserializers
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Build and run: see fuzz/README.md.
 *
 * At start the target loads every output case of the botocore protocol
 * suites (the .json files of GAWS_TESTDATA/protocols/output in name
 * order, suites and cases in file order) as a one-operation service.
 * Input layout: two bytes picking the case (big-endian, modulo their
 * number; a case of a protocol without a codec does nothing), two bytes
 * of HTTP status (folded into 100-599), header lines `Name: value` up to
 * the first empty line, then the body. A 2xx response goes to the codec's deserializer, any other to its
 * error parser, with the operation's output and error shapes: hostile
 * JSON and XML meet every member type the suites have.
 * What must hold, besides no crash, leak or sanitizer report:
 *  - a failure is a GAWS_ERROR with a UTF-8 message, and a success gives
 *    a shape (for an operation with output) that converts to JSON;
 *  - error codes and messages are UTF-8;
 *  - the json protocols' text reader (gaws_shape_update_from_json_text)
 *    and writer (gaws_shape_to_json_text), which skip jansson in the
 *    common case, agree with the jansson path: a body the reader accepts
 *    parses with jansson into the same shape, and that shape written as
 *    text is the JSON jansson writes for it.
 */
#include "gaws-error.h"
#include "gaws-http-response.h"
#include "gaws-protocol-codec.h"
#include "gaws-shape-json.h"
#include "gaws-shape-loader.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef struct {
  GawsServiceInfo         *service;
  const GawsOperationInfo *op;
  const GawsProtocolCodec *codec;
} Case;

/* Loaded once and kept for the life of the process. */
static GArray *cases;

/* Every case gets an entry, loadable or not, so that an input picks the
 * same case whichever codecs exist. */
static void
load_case (json_t *suite, json_t *test_case)
{
  json_t *given = json_object_get (test_case, "given");
  const char *name = json_string_value (json_object_get (given, "name"));
  json_t *model;
  Case c = { NULL, NULL, NULL };

  model = json_pack ("{s:O, s:O, s:{s:O}}", "metadata", json_object_get (suite, "metadata"),
                     "shapes", json_object_get (suite, "shapes"), "operations", name, given);
  c.service = model ? gaws_service_info_load (model, "fuzz", NULL) : NULL;
  json_decref (model);
  if (c.service != NULL)
    {
      c.op = gaws_service_info_find_operation (c.service, name);
      c.codec = gaws_protocol_codec_for_service (c.service);
    }
  g_array_append_val (cases, c);
}

static void
load_suites (const char *path)
{
  json_t *suites = json_load_file (path, 0, NULL);
  size_t i, j;
  json_t *suite, *test_case;

  json_array_foreach (suites, i, suite)
    json_array_foreach (json_object_get (suite, "cases"), j, test_case)
      load_case (suite, test_case);
  json_decref (suites);
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
load_cases (void)
{
  const char *testdata = g_getenv ("GAWS_TESTDATA");
  g_autofree char *dir = g_build_filename (testdata ? testdata : GAWS_FUZZ_TESTDATA,
                                           "protocols", "output", NULL);
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (handle == NULL)
    g_error ("no protocol suites in %s: set GAWS_TESTDATA", dir);
  /* In name order: the case an input picks must not depend on the disk. */
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    load_suites (names->pdata[i]);
  if (cases->len == 0)
    g_error ("no protocol cases in %s", dir);
}

/* Reads header lines from @text; returns where the body starts. */
static gsize
read_headers (const char *text, gsize size, GawsHttpHeaders *headers)
{
  gsize pos = 0;

  while (pos < size)
    {
      const char *line = text + pos;
      const char *nl = memchr (line, '\n', size - pos);
      gsize len = nl ? (gsize) (nl - line) : size - pos;
      const char *colon = memchr (line, ':', len);

      pos += len + (nl ? 1 : 0);
      if (len == 0)
        break;
      if (colon != NULL)
        {
          const char *value = colon + 1;
          gsize value_len = len - (colon - line) - 1;

          while (value_len > 0 && *value == ' ')
            value++, value_len--;
          gaws_http_headers_append_len (headers, line, colon - line, value, value_len);
        }
    }
  return pos;
}

static GawsHttpResponse *
response_from_input (guint status, const char *text, gsize size)
{
  GawsHttpResponse *response = gaws_http_response_new (status);
  gsize pos = read_headers (text, size, gaws_http_response_get_headers (response));
  GBytes *body = g_bytes_new (text + pos, size - pos);

  gaws_http_response_set_body (response, body);
  g_bytes_unref (body);
  return response;
}

static void
check_error (const GError *error)
{
  if (error == NULL || !g_utf8_validate (error->message, -1, NULL))
    abort ();
}

static void
check_shape (GawsShape *shape)
{
  json_t *json;
  char *text;

  if (shape == NULL)
    return;
  json = gaws_shape_to_json (shape, GAWS_SHAPE_JSON_DEFAULT);
  text = json_dumps (json, JSON_ENCODE_ANY);
  if (text == NULL)
    abort ();
  free (text);
  json_decref (json);
}

static json_t *
shape_to_wire_json (GawsShape *shape)
{
  return gaws_shape_to_json (shape, GAWS_SHAPE_JSON_WIRE);
}

/* The text reader against the jansson path, then the text writer against
 * jansson's, on the shape the body makes (see the properties above). */
static void
check_json_text_paths (const Case *c, GawsHttpResponse *response)
{
  GBytes *body = gaws_http_response_get_body (response);
  GawsShape *fast, *slow;
  json_t *tree, *fast_json, *slow_json, *written_json;
  GString *written;
  GError *error = NULL;
  gsize size;
  const char *text;

  if (c->op->output == NULL || body == NULL || g_bytes_get_size (body) == 0)
    return;
  text = g_bytes_get_data (body, &size);
  fast = gaws_shape_new (c->op->output);
  if (!gaws_shape_update_from_json_text (fast, text, size, GAWS_SHAPE_JSON_WIRE))
    {
      g_object_unref (fast);
      return;
    }
  tree = json_loadb (text, size, JSON_DECODE_ANY, NULL);
  slow = gaws_shape_new (c->op->output);
  if (tree == NULL || !gaws_shape_update_from_json (slow, tree, GAWS_SHAPE_JSON_WIRE, &error))
    abort ();
  fast_json = shape_to_wire_json (fast);
  slow_json = shape_to_wire_json (slow);
  if (!json_equal (fast_json, slow_json))
    abort ();
  written = g_string_new (NULL);
  if (gaws_shape_to_json_text (fast, GAWS_SHAPE_JSON_WIRE, written))
    {
      written_json = json_loadb (written->str, written->len, JSON_DECODE_ANY, NULL);
      if (written_json == NULL || !json_equal (written_json, fast_json))
        abort ();
      json_decref (written_json);
    }
  g_string_free (written, TRUE);
  json_decref (fast_json);
  json_decref (slow_json);
  json_decref (tree);
  g_object_unref (slow);
  g_object_unref (fast);
}

static void
deserialize (const Case *c, GawsHttpResponse *response)
{
  GError *error = NULL;
  GawsShape *output = c->codec->deserialize (c->op, response, &error);

  if (error != NULL)
    {
      if (output != NULL)
        abort ();
      check_error (error);
      g_error_free (error);
      return;
    }
  if (output == NULL && c->op->output != NULL)
    abort ();
  check_shape (output);
  g_clear_object (&output);
}

static void
parse_error (const Case *c, GawsHttpResponse *response)
{
  char *code = NULL, *message = NULL;
  GawsShape *shape = NULL;
  GError *error = NULL;

  if (!c->codec->parse_error (c->op, response, &code, &message, &shape, &error))
    check_error (error);
  else if (error != NULL)
    abort ();
  if ((code && !g_utf8_validate (code, -1, NULL)) ||
      (message && !g_utf8_validate (message, -1, NULL)))
    abort ();
  check_shape (shape);
  g_clear_object (&shape);
  g_clear_error (&error);
  g_free (code);
  g_free (message);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* A critical is a broken precondition inside the runtime: a finding. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  cases = g_array_new (FALSE, FALSE, sizeof (Case));
  load_cases ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GawsHttpResponse *response;
  const Case *c;
  guint status;

  if (size < 4)
    return 0;
  c = &g_array_index (cases, Case, (((guint) data[0] << 8) | data[1]) % cases->len);
  if (c->op == NULL || c->codec == NULL)
    return 0;
  status = 100 + (((guint) data[2] << 8) | data[3]) % 500;
  response = response_from_input (status, (const char *) data + 4, size - 4);
  if (status >= 200 && status < 300)
    {
      check_json_text_paths (c, response);
      deserialize (c, response);
    }
  else
    parse_error (c, response);
  g_object_unref (response);
  return 0;
}
