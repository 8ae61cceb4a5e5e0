/* fuzz-http-request-url.c: libFuzzer target for gaws_http_request_set_url()
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Build and run: see fuzz/README.md.
 *
 * The input, up to its first NUL byte, is a URL (endpoint URLs come from
 * config files, environment variables and endpoint rules).
 * What must hold, besides no crash, leak or sanitizer report:
 *  - a refused URL gives an error and leaves the request as it was;
 *  - an accepted URL round-trips: the URL the request gives back parses to
 *    the same scheme, host, authority (host and port), path and query;
 *  - a copy of the request gives back the same URL;
 *  - gaws_uri_encode() of the text decodes back to it.
 */
#include "gaws-http-request.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char initial_url[] = "https://initial.example.com:8443/a/b?c=d";

/* An empty query and no query send the same request. */
static gboolean
same_query (const char *a, const char *b)
{
  return g_strcmp0 (a ? a : "", b ? b : "") == 0;
}

/* Ports compare through the authority: 0 and the scheme's own port both
 * mean the default, and GLib fills in the latter for a URL without one. */
static gboolean
same_authority (GawsHttpRequest *a, GawsHttpRequest *b)
{
  char *authority_a = gaws_http_request_dup_authority (a);
  char *authority_b = gaws_http_request_dup_authority (b);
  gboolean same = strcmp (authority_a, authority_b) == 0;

  g_free (authority_a);
  g_free (authority_b);
  return same;
}

static gboolean
same_target (GawsHttpRequest *a, GawsHttpRequest *b)
{
  return g_strcmp0 (gaws_http_request_get_scheme (a), gaws_http_request_get_scheme (b)) == 0 &&
         g_strcmp0 (gaws_http_request_get_host (a), gaws_http_request_get_host (b)) == 0 &&
         same_authority (a, b) &&
         g_strcmp0 (gaws_http_request_get_path (a), gaws_http_request_get_path (b)) == 0 &&
         same_query (gaws_http_request_get_query (a), gaws_http_request_get_query (b));
}

static void
check_round_trip (GawsHttpRequest *request)
{
  char *url = gaws_http_request_dup_url (request);
  GawsHttpRequest *again = gaws_http_request_new ("GET");
  GawsHttpRequest *copy = gaws_http_request_copy (request);
  char *copy_url = gaws_http_request_dup_url (copy);
  GError *error = NULL;

  if (!gaws_http_request_set_url (again, url, &error) || !same_target (request, again))
    abort ();
  if (strcmp (url, copy_url) != 0)
    abort ();
  g_free (copy_url);
  g_object_unref (copy);
  g_object_unref (again);
  g_free (url);
}

static void
check_encode (const char *text)
{
  char *encoded = gaws_uri_encode (text, TRUE);
  char *decoded = g_uri_unescape_string (encoded, NULL);

  if (decoded == NULL || strcmp (decoded, text) != 0)
    abort ();
  g_free (decoded);
  g_free (encoded);
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
  char *url = g_strndup ((const char *) data, size);
  GawsHttpRequest *request = gaws_http_request_new_for_url ("GET", initial_url, NULL);
  char *before = gaws_http_request_dup_url (request);
  GError *error = NULL;

  if (gaws_http_request_set_url (request, url, &error))
    check_round_trip (request);
  else
    {
      char *after = gaws_http_request_dup_url (request);

      if (error == NULL || strcmp (before, after) != 0)
        abort ();
      g_free (after);
      g_error_free (error);
    }
  check_encode (url);

  g_free (before);
  g_object_unref (request);
  g_free (url);
  return 0;
}
