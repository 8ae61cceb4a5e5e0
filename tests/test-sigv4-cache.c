/* test-sigv4-cache.c: what the per-request fast paths of the signer and
 * of GawsHttpHeaders must not change: signing keys found by credentials
 * object or by secret give the same signatures as a cold signer, header
 * values are folded the same way, headers keep their bytes
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"

#include <string.h>

#define ACCESS_KEY "AKIDEXAMPLE"
#define SECRET     "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define WHEN       "2015-08-30T12:36:00Z"

static GawsHttpRequest *
new_request (void)
{
  g_autoptr(GError) error = NULL;
  GawsHttpRequest *request =
    gaws_http_request_new_for_url ("POST", "https://dynamodb.us-east-1.amazonaws.com:8443/", &error);
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);

  g_assert_no_error (error);
  gaws_http_headers_append (gaws_http_request_get_headers (request), "X-Amz-Target",
                            "DynamoDB_20120810.GetItem");
  gaws_http_headers_append (gaws_http_request_get_headers (request), "Content-Type",
                            "application/x-amz-json-1.0");
  gaws_http_request_set_body (request, body);
  return request;
}

/* The canonical request @signer makes of @request, signed for @service in
 * us-east-1 at WHEN with the example credentials. */
static char *
canonical_request_of (GawsSigv4Signer *signer,
                      GawsHttpRequest *request,
                      const char      *service,
                      GawsSigv4Flags   flags)
{
  g_autoptr(GawsCredentials) credentials = gaws_credentials_new (ACCESS_KEY, SECRET, NULL, NULL, "test");
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (WHEN, NULL);
  g_autoptr(GError) error = NULL;
  char *canonical = NULL;

  g_assert_true (gaws_sigv4_signer_sign_full (signer, request, credentials, "us-east-1", service,
                                              when, flags, &canonical, NULL, NULL, &error));
  g_assert_no_error (error);
  return canonical;
}

/* The Authorization header that @signer gives a fresh request. */
static char *
authorization (GawsSigv4Signer *signer,
               GawsCredentials *credentials)
{
  g_autoptr(GawsHttpRequest) request = new_request ();
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (WHEN, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (gaws_sigv4_signer_sign (signer, request, credentials, "us-east-1", "dynamodb",
                                         when, GAWS_SIGV4_FLAGS_NONE, &error));
  g_assert_no_error (error);
  return g_strdup (gaws_http_headers_get_one (gaws_http_request_get_headers (request),
                                              "Authorization"));
}

static void
test_same_secret_other_object (void)
{
  g_autoptr(GawsSigv4Signer) cold = gaws_sigv4_signer_new ();
  g_autoptr(GawsSigv4Signer) warm = gaws_sigv4_signer_new ();
  g_autoptr(GawsCredentials) first = gaws_credentials_new (ACCESS_KEY, SECRET, NULL, NULL, "test");
  g_autoptr(GawsCredentials) second = gaws_credentials_new (ACCESS_KEY, SECRET, NULL, NULL, "test");
  g_autoptr(GawsCredentials) other = gaws_credentials_new (ACCESS_KEY, "another secret", NULL, NULL, "test");
  g_autofree char *expected = authorization (cold, first);
  g_autofree char *expected_other = authorization (cold, other);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *by_first = authorization (warm, first);
      g_autofree char *by_second = authorization (warm, second);
      g_autofree char *by_other = authorization (warm, other);

      g_assert_cmpstr (by_first, ==, expected);
      g_assert_cmpstr (by_second, ==, expected);
      g_assert_cmpstr (by_other, ==, expected_other);
    }
  g_assert_cmpstr (expected, !=, expected_other);
  /* One key per secret, whichever object carries it. */
  g_assert_cmpuint (gaws_sigv4_signer_get_n_derived_keys (warm), ==, 2);
}

static void
test_sign_string_matches_request (void)
{
  g_autoptr(GawsSigv4Signer) signer = gaws_sigv4_signer_new ();
  g_autoptr(GawsCredentials) credentials = gaws_credentials_new (ACCESS_KEY, SECRET, NULL, NULL, "test");
  g_autoptr(GawsHttpRequest) request = new_request ();
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (WHEN, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *string_to_sign = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *again = NULL;

  g_assert_true (gaws_sigv4_signer_sign_full (signer, request, credentials, "us-east-1", "dynamodb",
                                              when, GAWS_SIGV4_FLAGS_NONE, NULL, &string_to_sign,
                                              &signature, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (string_to_sign, "AWS4-HMAC-SHA256\n20150830T123600Z\n"
                                                   "20150830/us-east-1/dynamodb/aws4_request\n"));
  /* The same cached key, through the other entry point. */
  again = gaws_sigv4_signer_sign_string (signer, credentials, "20150830", "us-east-1", "dynamodb",
                                         string_to_sign);
  g_assert_cmpstr (again, ==, signature);
  g_assert_cmpuint (gaws_sigv4_signer_get_n_derived_keys (signer), ==, 1);
}

static void
test_header_values_folded (void)
{
  g_autoptr(GawsSigv4Signer) signer = gaws_sigv4_signer_new ();
  g_autoptr(GawsHttpRequest) request = new_request ();
  g_autofree char *canonical = NULL;
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);

  gaws_http_headers_append (headers, "  X-Spaced  ", "  a \t b\n  c  ");
  gaws_http_headers_append (headers, "X-Repeated", "one ");
  gaws_http_headers_append (headers, "x-repeated", "two");
  gaws_http_headers_append (headers, "X-Plain", "a b c");
  gaws_http_headers_append (headers, "X-Empty", "");
  canonical = canonical_request_of (signer, request, "dynamodb", GAWS_SIGV4_FLAGS_NONE);
  g_assert_nonnull (strstr (canonical, "\nhost:dynamodb.us-east-1.amazonaws.com:8443\n"));
  g_assert_nonnull (strstr (canonical, "\nx-empty:\nx-plain:a b c\nx-repeated:one,two\nx-spaced:a b c\n"));
  g_assert_nonnull (strstr (canonical, "\n\ncontent-type;host;x-amz-date;x-amz-target;x-empty;"
                                       "x-plain;x-repeated;x-spaced\n"));
}

/* The canonical URI of a path that needs no encoding and no segment
 * removal is the path itself (one pass, no copies); any other path, and a
 * request with a query, takes the general way, with the same result. */
static void
test_canonical_uri_plain (void)
{
  static const struct {
    const char     *path;
    const char     *query;
    GawsSigv4Flags  flags;
    const char     *expected;  /* the canonical URI and query lines */
  } cases[] = {
    { "/", NULL, GAWS_SIGV4_FLAGS_NONE, "/\n\n" },
    { "", NULL, GAWS_SIGV4_FLAGS_NONE, "/\n\n" },
    { "", NULL, GAWS_SIGV4_NO_PATH_NORMALIZE, "/\n\n" },
    { "/Az09-_~/x/", NULL, GAWS_SIGV4_FLAGS_NONE, "/Az09-_~/x/\n\n" },
    { "/a.b", NULL, GAWS_SIGV4_FLAGS_NONE, "/a.b\n\n" },
    { "/a/./b/../c", NULL, GAWS_SIGV4_FLAGS_NONE, "/a/c\n\n" },
    { "/a/./b/../c", NULL, GAWS_SIGV4_NO_PATH_NORMALIZE, "/a/./b/../c\n\n" },
    { "/a//b", NULL, GAWS_SIGV4_FLAGS_NONE, "/a/b\n\n" },
    { "/a//b", NULL, GAWS_SIGV4_NO_PATH_NORMALIZE, "/a//b\n\n" },
    { "//", NULL, GAWS_SIGV4_FLAGS_NONE, "/\n\n" },
    { "/a b", NULL, GAWS_SIGV4_FLAGS_NONE, "/a%20b\n\n" },
    { "/a%20b", NULL, GAWS_SIGV4_FLAGS_NONE, "/a%2520b\n\n" },
    { "/a%20b", NULL, GAWS_SIGV4_NO_PATH_NORMALIZE, "/a%20b\n\n" },
    { "/a", "b=2&a=1", GAWS_SIGV4_FLAGS_NONE, "/a\na=1&b=2\n" },
  };
  g_autoptr(GawsSigv4Signer) signer = gaws_sigv4_signer_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GawsHttpRequest) request = new_request ();
      g_autofree char *canonical = NULL;
      g_autofree char *expected = g_strconcat ("POST\n", cases[i].expected, NULL);

      gaws_http_request_set_path (request, cases[i].path);
      gaws_http_request_set_query (request, cases[i].query);
      canonical = canonical_request_of (signer, request, "service", cases[i].flags);
      if (!g_str_has_prefix (canonical, expected))
        g_error ("path \"%s\": canonical request\n%s\nexpected to start with\n%s",
                 cases[i].path, canonical, expected);
    }
}

/* Names shorter than eight bytes are lower-cased a word at a time when
 * their value follows them for long enough, byte by byte otherwise, trimmed
 * or not; names of the lengths of the unsigned ones are signed unless they
 * are one of them. */
static void
test_header_names_short (void)
{
  g_autoptr(GawsSigv4Signer) signer = gaws_sigv4_signer_new ();
  g_autoptr(GawsHttpRequest) request = new_request ();
  g_autofree char *canonical = NULL;
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);

  gaws_http_headers_append (headers, "X", "");
  gaws_http_headers_append (headers, "AB", "c");
  gaws_http_headers_append (headers, "Cd", "a value of some length");
  gaws_http_headers_append (headers, " EF\t", "ghijklmn");
  gaws_http_headers_append (headers, "EXPECTS", "1");
  gaws_http_headers_append (headers, "Upgrade", "h2c");
  gaws_http_headers_append (headers, "X-Custom-1", "v");
  gaws_http_headers_append (headers, "Connection", "keep-alive");
  gaws_http_headers_append (headers, "X-Amzn-Trace-Id", "Root=1");
  gaws_http_headers_append (headers, "X-Amzn-Trace-Ix", "2");
  canonical = canonical_request_of (signer, request, "dynamodb", GAWS_SIGV4_FLAGS_NONE);
  g_assert_nonnull (strstr (canonical, "\nab:c\ncd:a value of some length\ncontent-type:"));
  g_assert_nonnull (strstr (canonical, "\nef:ghijklmn\nexpects:1\nhost:"));
  g_assert_nonnull (strstr (canonical, "\nx:\nx-amz-date:20150830T123600Z\nx-amz-target:DynamoDB_20120810.GetItem\n"
                                       "x-amzn-trace-ix:2\nx-custom-1:v\n\n"));
  g_assert_nonnull (strstr (canonical, "\n\nab;cd;content-type;ef;expects;host;x;x-amz-date;x-amz-target;"
                                       "x-amzn-trace-ix;x-custom-1\n"));
}

/* The headers signing replaces or adds are found whatever their case,
 * and told from other names of their lengths. */
static void
test_signing_headers_any_case (void)
{
  g_autoptr(GawsSigv4Signer) signer = gaws_sigv4_signer_new ();
  g_autoptr(GawsCredentials) credentials = gaws_credentials_new (ACCESS_KEY, SECRET, NULL, NULL, "test");
  g_autoptr(GawsHttpRequest) request = new_request ();
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (WHEN, NULL);
  g_autoptr(GError) error = NULL;
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);
  guint n_host = 0, n_date = 0, n_authorization = 0;

  gaws_http_headers_append (headers, "HOST", "example.com");
  gaws_http_headers_append (headers, "x-AMZ-date", "20000101T000000Z");
  gaws_http_headers_append (headers, "AUTHORIZATION", "old");
  gaws_http_headers_append (headers, "Hosu", "1");
  gaws_http_headers_append (headers, "x-amz-datf", "2");
  gaws_http_headers_append (headers, "authorizatioo", "3");
  g_assert_true (gaws_sigv4_signer_sign (signer, request, credentials, "us-east-1", "dynamodb",
                                         when, GAWS_SIGV4_FLAGS_NONE, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < gaws_http_headers_get_length (headers); i++)
    {
      const char *name = gaws_http_headers_get_name (headers, i);

      n_host += g_ascii_strcasecmp (name, "host") == 0;
      n_date += g_ascii_strcasecmp (name, "x-amz-date") == 0;
      n_authorization += g_ascii_strcasecmp (name, "authorization") == 0;
    }
  g_assert_cmpuint (n_host, ==, 1);
  g_assert_cmpuint (n_date, ==, 1);
  g_assert_cmpuint (n_authorization, ==, 1);
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "Host"), ==, "example.com");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Amz-Date"), ==, "20150830T123600Z");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "x-amz-datf"), ==, "2");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "authorizatioo"), ==, "3");
  g_assert_nonnull (strstr (gaws_http_headers_get_one (headers, "Authorization"),
                            "SignedHeaders=authorizatioo;content-type;host;hosu;x-amz-date;x-amz-datf;x-amz-target,"));
}

/* Names that outgrow the signer's stack buffer part way through the list
 * move to the heap with the lines already made: long names, with an
 * unsigned one and short ones before and after the move. */
static void
test_header_names_long (void)
{
  g_autoptr(GawsSigv4Signer) signer = gaws_sigv4_signer_new ();
  g_autoptr(GawsHttpRequest) request = new_request ();
  g_autofree char *canonical = NULL;
  g_autofree char *padding = g_strnfill (60, 'P');
  g_autofree char *lower_padding = g_strnfill (60, 'p');
  g_autoptr(GString) expected_lines = g_string_new (NULL);
  g_autoptr(GString) expected_names = g_string_new (NULL);
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);

  gaws_http_headers_append (headers, "A", "first");
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("X-Long-%u-%s", i, padding);
      g_autofree char *value = g_strdup_printf ("v%u", i);

      gaws_http_headers_append (headers, name, value);
      if (i == 5)
        gaws_http_headers_append (headers, "User-Agent", "not signed");
      g_string_append_printf (expected_lines, "x-long-%u-%s:v%u\n", i, lower_padding, i);
      g_string_append_printf (expected_names, ";x-long-%u-%s", i, lower_padding);
    }
  gaws_http_headers_append (headers, "Zz", "last");
  g_string_append (expected_lines, "zz:last\n\n");
  g_string_append (expected_names, ";zz\n");
  canonical = canonical_request_of (signer, request, "dynamodb", GAWS_SIGV4_FLAGS_NONE);
  g_assert_nonnull (strstr (canonical, "POST\n/\n\na:first\ncontent-type:"));
  g_assert_nonnull (strstr (canonical, "\nx-amz-target:DynamoDB_20120810.GetItem\n"));
  g_assert_nonnull (strstr (canonical, expected_lines->str));
  g_assert_nonnull (strstr (canonical, expected_names->str));
  g_assert_null (strstr (canonical, "user-agent"));
}

/* The canonical form of a header value by the rule itself: trimmed, each
 * run of white space one space. */
static char *
fold_value (const char *value)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = value; *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Values of every length up to 40 with a space, two spaces, a tab or a
 * line break at every place, or none: each word a value is copied in is
 * checked as it goes, so the rule must hold wherever the word boundaries
 * fall. */
static void
test_header_values_every_place (void)
{
  static const char *const breaks[] = { NULL, " ", "  ", "\t", "\r\n " };
  g_autoptr(GawsSigv4Signer) signer = gaws_sigv4_signer_new ();

  for (guint len = 0; len <= 40; len++)
    for (guint b = 0; b < G_N_ELEMENTS (breaks); b++)
      for (guint at = 0; at <= (breaks[b] ? len : 0); at++)
        {
          g_autoptr(GawsHttpRequest) request = new_request ();
          g_autofree char *letters = g_strnfill (len, 'v');
          g_autofree char *value = NULL, *folded = NULL, *line = NULL, *canonical = NULL;

          value = breaks[b] ? g_strdup_printf ("%.*s%s%s", at, letters, breaks[b], letters + at)
                            : g_strdup (letters);
          folded = fold_value (value);
          line = g_strdup_printf ("\nx-v:%s\nx-w:w\n", folded);
          gaws_http_headers_append (gaws_http_request_get_headers (request), "X-V", value);
          gaws_http_headers_append (gaws_http_request_get_headers (request), "X-W", "w");
          canonical = canonical_request_of (signer, request, "dynamodb", GAWS_SIGV4_FLAGS_NONE);
          if (strstr (canonical, line) == NULL)
            g_error ("value \"%s\": canonical request\n%s\nhas no line x-v:%s", value, canonical, folded);
        }
}

static void
test_headers_keep_bytes (void)
{
  g_autoptr(GawsHttpHeaders) headers = gaws_http_headers_new ();
  const char line[] = "Content-Type: text/plain; charset=utf-8\r\n";

  /* Counted, not terminated: a header line as the engine reads it. */
  gaws_http_headers_append_len (headers, line, 12, line + 14, strlen (line) - 16);
  gaws_http_headers_append (headers, "X-A", "1");
  gaws_http_headers_append (headers, "X-B", "");
  gaws_http_headers_replace (headers, "x-a", "2");
  g_assert_cmpuint (gaws_http_headers_get_length (headers), ==, 3);
  g_assert_cmpstr (gaws_http_headers_get_name (headers, 0), ==, "Content-Type");
  g_assert_cmpstr (gaws_http_headers_get_value (headers, 0), ==, "text/plain; charset=utf-8");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "x-b"), ==, "");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-A"), ==, "2");
  gaws_http_headers_remove (headers, "content-type");
  g_assert_cmpuint (gaws_http_headers_get_length (headers), ==, 2);
  g_assert_cmpstr (gaws_http_headers_get_name (headers, 0), ==, "X-B");
  /* A NUL ends a name or a value, as it always has. */
  gaws_http_headers_append_len (headers, "X-N\0ul", 6, "v\0w", 3);
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "x-n"), ==, "v");
  g_assert_null (gaws_http_headers_get_one (headers, "X-"));
  gaws_http_headers_clear (headers);
  g_assert_cmpuint (gaws_http_headers_get_length (headers), ==, 0);
}

static void
test_authority (void)
{
  const struct { const char *url, *authority; } cases[] = {
    { "https://example.com/", "example.com" },
    { "https://example.com:443/", "example.com" },
    { "http://example.com:80/", "example.com" },
    { "http://127.0.0.1:8000/", "127.0.0.1:8000" },
    { "https://example.com:1/", "example.com:1" },
    { "http://[::1]:65535/x", "[::1]:65535" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GawsHttpRequest) request = gaws_http_request_new_for_url ("GET", cases[i].url, &error);
      g_autofree char *authority = NULL;

      g_assert_no_error (error);
      authority = gaws_http_request_dup_authority (request);
      g_assert_cmpstr (authority, ==, cases[i].authority);
    }
}

/* The signing key of the AWS documentation's example, by GLib's HMAC. */
static GBytes *
glib_signing_key (const char *date, const char *region, const char *service)
{
  const char *parts[] = { date, region, service, "aws4_request" };
  g_autofree char *secret = g_strconcat ("AWS4", SECRET, NULL);
  g_autoptr(GBytes) key = g_bytes_new (secret, strlen (secret));

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, g_bytes_get_data (key, NULL),
                                          g_bytes_get_size (key));
      guint8 digest[32];
      gsize len = sizeof digest;

      g_hmac_update (hmac, (const guchar *) parts[i], (gssize) strlen (parts[i]));
      g_hmac_get_digest (hmac, digest, &len);
      g_bytes_unref (key);
      key = g_bytes_new (digest, len);
    }
  return g_steal_pointer (&key);
}

/* The signer's SHA-256 and HMAC-SHA256 write their own padding: every
 * length across the block boundaries (55, 56, 63, 64, 119, 120 bytes...)
 * gives what GLib gives, through the signer's public calls. */
static void
test_hash_lengths (void)
{
  g_autoptr(GawsSigv4Signer) signer = gaws_sigv4_signer_new ();
  g_autoptr(GawsCredentials) credentials = gaws_credentials_new (ACCESS_KEY, SECRET, NULL, NULL, "test");
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (WHEN, NULL);
  g_autoptr(GBytes) key = glib_signing_key ("20150830", "us-east-1", "s3");
  char text[700];   /* past the texts sha256_last() hashes in one call */

  for (guint i = 0; i < sizeof text; i++)
    text[i] = (char) ('a' + i % 26);
  for (gsize len = 0; len < sizeof text; len++)
    {
      g_autofree char *message = g_strndup (text, len);
      g_autofree char *expected = g_compute_hmac_for_data (G_CHECKSUM_SHA256, g_bytes_get_data (key, NULL),
                                                           g_bytes_get_size (key), (const guchar *) message, len);
      g_autofree char *signature = gaws_sigv4_signer_sign_string (signer, credentials, "20150830",
                                                                  "us-east-1", "s3", message);
      g_autoptr(GBytes) chunk = g_bytes_new (text, len);
      g_autofree char *chunk_hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, len);
      g_autofree char *string_to_sign =
        g_strconcat ("AWS4-HMAC-SHA256-PAYLOAD\n20150830T123600Z\n20150830/us-east-1/s3/aws4_request\nseed\n"
                     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n", chunk_hash, NULL);
      g_autofree char *expected_chunk =
        g_compute_hmac_for_data (G_CHECKSUM_SHA256, g_bytes_get_data (key, NULL), g_bytes_get_size (key),
                                 (const guchar *) string_to_sign, strlen (string_to_sign));
      g_autoptr(GError) error = NULL;
      g_autofree char *chunk_signature = gaws_sigv4_signer_sign_chunk (signer, credentials, "us-east-1", "s3",
                                                                       when, "seed", chunk, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (signature, ==, expected);
      g_assert_cmpstr (chunk_signature, ==, expected_chunk);
    }
}

/* The canonical request's hash reuses the state after its first block
 * when the last one hashed on the thread began with the same block: paths
 * of every length from 0 to 599 bytes, so that neighbours share their first
 * block once the path passes it, and differ in it before, and the rest is
 * hashed in one call or, past four blocks, in two; the hash in the string
 * to sign is the canonical request's each time. */
static void
test_canonical_hash_same_head (void)
{
  g_autoptr(GawsSigv4Signer) signer = gaws_sigv4_signer_new ();
  g_autoptr(GawsCredentials) credentials = gaws_credentials_new (ACCESS_KEY, SECRET, NULL, NULL, "test");
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (WHEN, NULL);

  for (guint pass = 0; pass < 2; pass++)
    for (guint len = 0; len < 600; len++)
      {
        g_autofree char *path = g_strnfill (len, pass == 0 ? 'a' : 'b');
        g_autofree char *url = g_strconcat ("https://example.amazonaws.com/", path, NULL);
        g_autoptr(GError) error = NULL;
        g_autoptr(GawsHttpRequest) request = gaws_http_request_new_for_url ("GET", url, &error);
        g_autofree char *canonical = NULL, *string_to_sign = NULL;
        g_autofree char *expected = NULL;

        g_assert_no_error (error);
        g_assert_true (gaws_sigv4_signer_sign_full (signer, request, credentials, "us-east-1", "service",
                                                    when, GAWS_SIGV4_FLAGS_NONE, &canonical,
                                                    &string_to_sign, NULL, &error));
        g_assert_no_error (error);
        expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
        g_assert_true (g_str_has_suffix (string_to_sign, expected));
      }
}

/* A warm signer's cached keys and pad states serve only their own secret,
 * day, region and service: each signature equals a cold signer's, first
 * when the key is derived and again when it comes from the cache. The
 * entries are matched by their scope text, so two scopes that spell the same
 * text ("a/b" + "c", "a" + "b/c") must still be told apart. */
static void
test_scope_changes (void)
{
  static const struct {
    const char *date, *region, *service;
    gboolean    other_secret;
  } scopes[] = {
    { "20150830", "us-east-1", "dynamodb", FALSE },
    { "20150831", "us-east-1", "dynamodb", FALSE },
    { "20150830", "us-west-2", "dynamodb", FALSE },
    { "20150830", "us-east-1", "s3", FALSE },
    { "20150830", "a/b", "c", FALSE },
    { "20150830", "a", "b/c", FALSE },
    { "20150830/a", "b", "c", FALSE },
    { "20150830", "us-east-1", "dynamodb", TRUE },
  };
  g_autoptr(GawsSigv4Signer) warm = gaws_sigv4_signer_new ();
  g_autoptr(GawsCredentials) credentials = gaws_credentials_new (ACCESS_KEY, SECRET, NULL, NULL, "test");
  g_autoptr(GawsCredentials) other = gaws_credentials_new (ACCESS_KEY, "another secret", NULL, NULL, "test");
  const char *text = "AWS4-HMAC-SHA256\n20150830T123600Z\nscope\nhash";

  for (guint pass = 0; pass < 2; pass++)
    for (guint k = 0; k < G_N_ELEMENTS (scopes); k++)
      {
        guint i = pass == 0 ? k : G_N_ELEMENTS (scopes) - 1 - k;
        GawsCredentials *with = scopes[i].other_secret ? other : credentials;
        g_autoptr(GawsSigv4Signer) cold = gaws_sigv4_signer_new ();
        g_autofree char *expected = gaws_sigv4_signer_sign_string (cold, with, scopes[i].date, scopes[i].region,
                                                                   scopes[i].service, text);
        g_autofree char *signature = gaws_sigv4_signer_sign_string (warm, with, scopes[i].date, scopes[i].region,
                                                                    scopes[i].service, text);

        g_assert_cmpstr (signature, ==, expected);
      }
  g_assert_cmpuint (gaws_sigv4_signer_get_n_derived_keys (warm), ==, G_N_ELEMENTS (scopes));
}

int
main (int argc, char *argv[])
{
  gaws_test_init (&argc, &argv);
  g_test_add_func ("/sigv4/key-cache/same-secret-other-object", test_same_secret_other_object);
  g_test_add_func ("/sigv4/key-cache/sign-string-matches-request", test_sign_string_matches_request);
  g_test_add_func ("/sigv4/key-cache/scope-changes", test_scope_changes);
  g_test_add_func ("/sigv4/hash-lengths", test_hash_lengths);
  g_test_add_func ("/sigv4/canonical-hash-same-head", test_canonical_hash_same_head);
  g_test_add_func ("/sigv4/canonical-headers/values-folded", test_header_values_folded);
  g_test_add_func ("/sigv4/canonical-uri/plain", test_canonical_uri_plain);
  g_test_add_func ("/sigv4/canonical-headers/short-names", test_header_names_short);
  g_test_add_func ("/sigv4/signing-headers/any-case", test_signing_headers_any_case);
  g_test_add_func ("/sigv4/canonical-headers/long-names", test_header_names_long);
  g_test_add_func ("/sigv4/canonical-headers/values-every-place", test_header_values_every_place);
  g_test_add_func ("/http/headers/keep-bytes", test_headers_keep_bytes);
  g_test_add_func ("/http/request/authority", test_authority);
  return g_test_run ();
}
