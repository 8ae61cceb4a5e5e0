/* fuzz-endpoint-rules.c: libFuzzer target for the endpoint rules engine
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Build and run: see fuzz/README.md.
 *
 * Input layout: a rule set (JSON), a NUL byte, then the parameters (a JSON
 * object), which are also passed as the built-ins under their names, so
 * that parameters declaring a `builtIn` get values too. Seeds are the
 * generic rule sets of botocore's rules-engine suite with the parameters
 * of their test cases.
 * What must hold, besides no crash, leak or sanitizer report:
 *  - loading and evaluating either succeed or fail with a GAWS_ERROR
 *    whose message is UTF-8;
 *  - an endpoint has a URL;
 *  - evaluating is deterministic.
 */
#include "gaws-endpoint-rules.h"
#include "gaws-error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_error (const GError *error)
{
  if (error == NULL || error->domain != GAWS_ERROR || !g_utf8_validate (error->message, -1, NULL))
    abort ();
}

/* The URL, or the error message, of one evaluation. */
static char *
evaluate (GawsEndpointRules *rules, json_t *builtins, json_t *params)
{
  GError *error = NULL;
  GawsEndpoint *endpoint = gaws_endpoint_rules_evaluate (rules, builtins, params, &error);
  char *outcome;

  if (endpoint == NULL)
    {
      check_error (error);
      outcome = g_strdup (error->message);
      g_error_free (error);
      return outcome;
    }
  if (error != NULL || gaws_endpoint_get_url (endpoint) == NULL)
    abort ();
  gaws_endpoint_get_headers (endpoint);
  gaws_endpoint_get_properties (endpoint);
  gaws_endpoint_get_auth_scheme_name (endpoint);
  gaws_endpoint_get_signing_region (endpoint);
  gaws_endpoint_get_signing_name (endpoint);
  outcome = g_strdup (gaws_endpoint_get_url (endpoint));
  gaws_endpoint_unref (endpoint);
  return outcome;
}

/* Built-ins are keyed by the names parameters declare in `builtIn`. */
static json_t *
builtins_from (json_t *params)
{
  json_t *builtins = json_object ();
  const char *name;
  json_t *value;

  json_object_set_new (builtins, "AWS::Region", json_string ("us-east-1"));
  json_object_foreach (params, name, value)
    json_object_set (builtins, name, value);
  return builtins;
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
  gsize rules_len = nul ? (gsize) (nul - data) : size;
  GError *error = NULL;
  GawsEndpointRules *rules;
  json_t *params = NULL, *builtins;
  char *first, *second;

  rules = gaws_endpoint_rules_new ((const char *) data, rules_len, &error);
  if ((rules == NULL) == (error == NULL))
    abort ();
  if (rules == NULL)
    {
      check_error (error);
      g_error_free (error);
      return 0;
    }
  if (nul != NULL)
    params = json_loadb ((const char *) nul + 1, size - rules_len - 1, 0, NULL);
  builtins = builtins_from (params);
  first = evaluate (rules, builtins, params);
  second = evaluate (rules, builtins, params);
  if (strcmp (first, second) != 0)
    abort ();

  g_free (first);
  g_free (second);
  json_decref (builtins);
  json_decref (params);
  gaws_endpoint_rules_unref (rules);
  return 0;
}
