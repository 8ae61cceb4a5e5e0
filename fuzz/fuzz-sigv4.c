/* fuzz-sigv4.c: libFuzzer target for SigV4 canonicalization
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Build and run: see fuzz/README.md.
 *
 * Input layout: one byte of GawsSigv4Flags (bits 0-3; bit 4 adds a session
 * token), then lines: the method, the encoded path, the encoded query, and
 * `Name: value` headers up to the first empty line; the rest is the body.
 * Seeds are requests of the AWS SigV4 test suite.
 * What must hold, besides no crash, leak or sanitizer report:
 *  - a request with a host always signs, giving a canonical request that
 *    starts with the method and a 64-digit hex signature;
 *  - signing again (as each retry does) gives the same signature;
 *  - the canonical query is a fixed point: signing a request whose query
 *    is the canonical query gives the same canonical query;
 *  - presigning succeeds and leaves the request as it was.
 */
#include "gaws-sigv4-signer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef struct {
  GawsSigv4Signer *signer;
  GawsCredentials *credentials;
  GawsCredentials *with_token;
  GDateTime       *when;
} Fixture;

static Fixture fixture;

/* Takes the next line of @text: a copy without its `\n`, or NULL at the end. */
static char *
next_line (const char **text, const char *end)
{
  const char *nl;
  char *line;

  if (*text >= end)
    return NULL;
  nl = memchr (*text, '\n', end - *text);
  line = g_strndup (*text, (nl ? nl : end) - *text);
  *text = nl ? nl + 1 : end;
  return line;
}

static void
add_headers (GawsHttpHeaders *headers, const char **text, const char *end)
{
  char *line;

  while ((line = next_line (text, end)) != NULL && *line != '\0')
    {
      char *colon = strchr (line, ':');

      if (colon != NULL)
        {
          *colon = '\0';
          gaws_http_headers_append (headers, line, colon[1] == ' ' ? colon + 2 : colon + 1);
        }
      g_free (line);
    }
  g_free (line);
}

static GawsHttpRequest *
request_from_input (const char *text, const char *end)
{
  char *method = next_line (&text, end);
  char *path = next_line (&text, end);
  char *query = next_line (&text, end);
  GawsHttpRequest *request = gaws_http_request_new (method ? method : "GET");

  gaws_http_request_set_scheme (request, "https");
  gaws_http_request_set_host (request, "example.amazonaws.com");
  gaws_http_request_set_path (request, path);
  gaws_http_request_set_query (request, query);
  add_headers (gaws_http_request_get_headers (request), &text, end);
  if (text < end)
    {
      GBytes *body = g_bytes_new (text, end - text);

      gaws_http_request_set_body (request, body);
      g_bytes_unref (body);
    }
  g_free (method);
  g_free (path);
  g_free (query);
  return request;
}

static void
sign (GawsHttpRequest *request, GawsCredentials *credentials, GawsSigv4Flags flags,
      char **canonical, char **signature)
{
  GError *error = NULL;

  if (!gaws_sigv4_signer_sign_full (fixture.signer, request, credentials, "us-east-1",
                                    "service", fixture.when, flags, canonical, NULL,
                                    signature, &error))
    abort ();
}

static gboolean
is_hex_signature (const char *signature)
{
  if (strlen (signature) != 64)
    return FALSE;
  for (const char *p = signature; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

/* The third line of a canonical request. */
static char *
canonical_query_of (const char *canonical)
{
  char **lines = g_strsplit (canonical, "\n", 4);
  char *query;

  if (g_strv_length (lines) < 4)
    abort ();
  query = g_strdup (lines[2]);
  g_strfreev (lines);
  return query;
}

static void
check_query_fixed_point (GawsHttpRequest *request, GawsCredentials *credentials,
                         GawsSigv4Flags flags, const char *canonical)
{
  char *query = canonical_query_of (canonical);
  GawsHttpRequest *again = gaws_http_request_copy (request);
  char *canonical_again = NULL, *query_again;

  gaws_http_request_set_query (again, query);
  sign (again, credentials, flags, &canonical_again, NULL);
  query_again = canonical_query_of (canonical_again);
  if (strcmp (query, query_again) != 0)
    abort ();
  g_free (query_again);
  g_free (canonical_again);
  g_object_unref (again);
  g_free (query);
}

static void
check_presign (GawsHttpRequest *request, GawsCredentials *credentials, GawsSigv4Flags flags)
{
  char *before = gaws_http_request_dup_url (request);
  guint n_headers = gaws_http_headers_get_length (gaws_http_request_get_headers (request));
  GError *error = NULL;
  char *url = gaws_sigv4_signer_presign_url (fixture.signer, request, credentials, "us-east-1",
                                             "service", fixture.when, 900, flags, &error);
  char *after = gaws_http_request_dup_url (request);

  if (url == NULL || strcmp (before, after) != 0 ||
      n_headers != gaws_http_headers_get_length (gaws_http_request_get_headers (request)))
    abort ();
  g_free (after);
  g_free (url);
  g_free (before);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* A critical is a broken precondition inside the runtime: a finding. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  fixture.signer = gaws_sigv4_signer_new ();
  fixture.credentials = gaws_credentials_new ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                              NULL, NULL, "fuzz");
  fixture.with_token = gaws_credentials_new ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                             "token", NULL, "fuzz");
  fixture.when = g_date_time_new_utc (2015, 8, 30, 12, 36, 0);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GawsSigv4Flags flags;
  GawsCredentials *credentials;
  GawsHttpRequest *request, *original;
  char *canonical = NULL, *signature = NULL, *canonical2 = NULL, *signature2 = NULL;

  if (size < 1)
    return 0;
  flags = data[0] & 0xf;
  credentials = (data[0] & 0x10) ? fixture.with_token : fixture.credentials;
  request = request_from_input ((const char *) data + 1, (const char *) data + size);
  original = gaws_http_request_copy (request);

  check_presign (request, credentials, flags);
  sign (request, credentials, flags, &canonical, &signature);
  if (!is_hex_signature (signature) ||
      !g_str_has_prefix (canonical, gaws_http_request_get_method (request)) ||
      canonical[strlen (gaws_http_request_get_method (request))] != '\n')
    abort ();
  sign (request, credentials, flags, &canonical2, &signature2);
  if (strcmp (signature, signature2) != 0 || strcmp (canonical, canonical2) != 0)
    abort ();
  check_query_fixed_point (original, credentials, flags, canonical);

  g_free (canonical);
  g_free (canonical2);
  g_free (signature);
  g_free (signature2);
  g_object_unref (original);
  g_object_unref (request);
  return 0;
}
