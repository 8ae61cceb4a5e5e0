/* fuzz-jmespath.c: libFuzzer target for the JMESPath compiler and evaluator
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Build and run: see fuzz/README.md.
 *
 * Input layout: the expression, a NUL byte, then the JSON document it is
 * searched on (any JSON value). Without a NUL the whole input is the
 * expression and the document is a fixed one. Seeds are the cases of the
 * JMESPath compliance suite.
 * What must hold, besides no crash, leak or sanitizer report:
 *  - compiling and searching either succeed or fail with a
 *    GAWS_ERROR_INVALID_ARGUMENT error whose code is one of the
 *    GAWS_JMESPATH_ERROR_* kinds and whose message is UTF-8;
 *  - a compiled expression keeps its text;
 *  - searching never changes the document.
 * Results are not printed or compared: `[@,@] | [@,@] | ...` shares one
 * value many times, and walking it would time out on the harness's work,
 * not on the evaluator's.
 */
#include "gaws-error.h"
#include "gaws-jmespath.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char default_document[] =
  "{\"foo\": {\"bar\": [{\"baz\": 1, \"name\": \"a\"}, {\"baz\": -2.5, \"name\": \"b\"}],"
  " \"empty\": [], \"s\": \"text\", \"n\": null, \"t\": true}, \"list\": [3, 1, 2]}";

static void
check_error (const GError *error)
{
  static const char *const kinds[] = {
    GAWS_JMESPATH_ERROR_SYNTAX, GAWS_JMESPATH_ERROR_INVALID_TYPE,
    GAWS_JMESPATH_ERROR_INVALID_VALUE, GAWS_JMESPATH_ERROR_INVALID_ARITY,
    GAWS_JMESPATH_ERROR_UNKNOWN_FUNCTION,
  };
  const char *code;

  if (!g_error_matches (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT) ||
      !g_utf8_validate (error->message, -1, NULL))
    abort ();
  code = gaws_error_get_code (error);
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (code, kinds[i]) == 0)
      return;
  abort ();
}

static void
search (GawsJmespath *path, json_t *document)
{
  json_t *before = json_deep_copy (document);
  GError *error = NULL;
  json_t *result = gaws_jmespath_search (path, document, &error);

  if ((result == NULL) == (error == NULL))
    abort ();
  if (error != NULL)
    check_error (error);
  if (!json_equal (before, document))
    abort ();
  g_clear_error (&error);
  json_decref (result);
  json_decref (before);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* A critical is a broken precondition inside the runtime: a finding. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const uint8_t *nul = memchr (data, '\0', size);
  char *expression = g_strndup ((const char *) data, nul ? (gsize) (nul - data) : size);
  GawsJmespath *path;
  GError *error = NULL;
  json_t *document;

  path = gaws_jmespath_compile (expression, &error);
  if ((path == NULL) == (error == NULL))
    abort ();
  if (path == NULL)
    {
      check_error (error);
      g_error_free (error);
      g_free (expression);
      return 0;
    }
  if (strcmp (gaws_jmespath_get_expression (path), expression) != 0)
    abort ();

  if (nul != NULL)
    document = json_loadb ((const char *) nul + 1, size - (nul + 1 - data), JSON_DECODE_ANY, NULL);
  else
    document = json_loads (default_document, 0, NULL);
  if (document != NULL)
    search (path, document);

  json_decref (document);
  gaws_jmespath_unref (path);
  g_free (expression);
  return 0;
}
