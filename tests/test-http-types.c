/* test-http-types.c: headers, requests and responses as plain values
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"

#include <string.h>
#include "gaws-error-private.h"
#include "gaws-http-request-private.h"
#include "gaws-http-response-private.h"

static void
test_headers_case_insensitive_and_ordered (void)
{
  g_autoptr(GawsHttpHeaders) h = gaws_http_headers_new ();

  gaws_http_headers_append (h, "X-Amz-Meta-A", "1");
  gaws_http_headers_append (h, "Content-Type", "text/plain");
  gaws_http_headers_append (h, "x-amz-meta-a", "2");
  g_assert_cmpuint (gaws_http_headers_get_length (h), ==, 3);
  g_assert_cmpstr (gaws_http_headers_get_one (h, "X-AMZ-META-A"), ==, "1");
  g_assert_cmpstr (gaws_http_headers_get_name (h, 2), ==, "x-amz-meta-a");
  gaws_http_headers_replace (h, "x-amz-META-a", "3");
  g_assert_cmpuint (gaws_http_headers_get_length (h), ==, 2);
  g_assert_cmpstr (gaws_http_headers_get_one (h, "x-amz-meta-a"), ==, "3");
  g_assert_cmpstr (gaws_http_headers_get_name (h, 0), ==, "Content-Type");
  gaws_http_headers_remove (h, "content-type");
  g_assert_null (gaws_http_headers_get_one (h, "Content-Type"));
  gaws_http_headers_clear (h);
  g_assert_cmpuint (gaws_http_headers_get_length (h), ==, 0);
}

/* An output's metadata copies the ids out of its response: ids that fit
 * the blocks each thread keeps, ids that do not, missing ids; blocks freed
 * and taken again keep nothing of the metadata before. */
static void
test_response_metadata_ids (void)
{
  g_autofree char *long_id = g_strnfill (300, 'r');

  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200 + round);
      GawsHttpHeaders *headers = gaws_http_response_get_headers (response);
      g_autofree char *request_id = g_strdup_printf ("req-%u", round);
      GawsResponseMetadata *metadata;

      if (round != 2)
        gaws_http_headers_append (headers, "x-amz-request-id", round == 1 ? long_id : request_id);
      if (round % 2 == 0)
        gaws_http_headers_append (headers, "x-amz-id-2", "host/id+2=");
      gaws_http_response_set_retry_attempts (response, round);
      metadata = gaws_response_metadata_new_from_response (response);
      if (round == 1)
        g_assert_cmpstr (gaws_response_metadata_get_request_id (metadata), ==, long_id);
      else if (round == 2)
        g_assert_null (gaws_response_metadata_get_request_id (metadata));
      else
        g_assert_cmpstr (gaws_response_metadata_get_request_id (metadata), ==, request_id);
      if (round % 2 == 0)
        g_assert_cmpstr (gaws_response_metadata_get_host_id (metadata), ==, "host/id+2=");
      else
        g_assert_null (gaws_response_metadata_get_host_id (metadata));
      g_assert_cmpuint (gaws_response_metadata_get_http_status_code (metadata), ==, 200 + round);
      g_assert_cmpuint (gaws_response_metadata_get_retry_attempts (metadata), ==, round);
      g_assert_true (gaws_response_metadata_get_http_headers (metadata) == headers);
      /* a second reference keeps it */
      gaws_response_metadata_unref (gaws_response_metadata_ref (metadata));
      g_assert_cmpuint (gaws_response_metadata_get_retry_attempts (metadata), ==, round);
      gaws_response_metadata_unref (metadata);
    }
}

/* Names match without regard to ASCII case in every byte of short and
 * long names; bytes that differ by the case bit but are not letters
 * (`@` and `` ` ``, `[` and `{`, bytes past ASCII) do not match. */
static void
test_headers_case_insensitive_names (void)
{
  g_autoptr(GawsHttpHeaders) h = gaws_http_headers_new ();
  static const struct {
    const char *stored;
    const char *asked;
    gboolean    match;
  } cases[] = {
    { "x-amzn-RequestId", "X-AMZN-REQUESTID", TRUE },
    { "X-Amz-Meta-AbcdefgH", "x-amz-meta-abcdefgh", TRUE },
    { "Content-Type", "content-type", TRUE },
    { "Host", "hOST", TRUE },
    { "x-amz-meta-a@", "x-amz-meta-a`", FALSE },
    { "x-amz-meta-[b", "x-amz-meta-{b", FALSE },
    { "x-amz-meta-\xc3\xa9", "x-amz-meta-\xc3\x89", FALSE },
    { "x-amz-me@a-b", "x-amz-me`a-b", FALSE },
    { "a@", "a`", FALSE },
    { "x-amz-meta-abc", "x-amz-meta-abd", FALSE },
    { "y-amz-meta-abc", "x-amz-meta-abc", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gaws_http_headers_clear (h);
      gaws_http_headers_append (h, "Other", "o");
      gaws_http_headers_append (h, cases[i].stored, "v");
      if (cases[i].match)
        g_assert_cmpstr (gaws_http_headers_get_one (h, cases[i].asked), ==, "v");
      else
        g_assert_null (gaws_http_headers_get_one (h, cases[i].asked));
      gaws_http_headers_remove (h, cases[i].asked);
      g_assert_cmpuint (gaws_http_headers_get_length (h), ==, cases[i].match ? 1 : 2);
    }
}

/* A removal drops every line of the name, wherever it is, and keeps the
 * others in their order; removing a name that is not there changes
 * nothing. */
static void
test_headers_remove_keeps_order (void)
{
  g_autoptr(GawsHttpHeaders) h = gaws_http_headers_new ();
  static const char *const names[] = { "A", "x-gone", "B", "X-Gone", "C" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    gaws_http_headers_append (h, names[i], names[i]);
  gaws_http_headers_remove (h, "Absent");
  g_assert_cmpuint (gaws_http_headers_get_length (h), ==, 5);
  gaws_http_headers_remove (h, "X-GONE");
  g_assert_cmpuint (gaws_http_headers_get_length (h), ==, 3);
  g_assert_cmpstr (gaws_http_headers_get_name (h, 0), ==, "A");
  g_assert_cmpstr (gaws_http_headers_get_value (h, 1), ==, "B");
  g_assert_cmpstr (gaws_http_headers_get_name (h, 2), ==, "C");
  g_assert_cmpstr (gaws_http_headers_get_value (h, 2), ==, "C");
  gaws_http_headers_remove (h, "a");
  g_assert_cmpstr (gaws_http_headers_get_name (h, 0), ==, "B");
  g_assert_cmpstr (gaws_http_headers_get_one (h, "c"), ==, "C");
}

/* Beyond the inline storage: many headers, long values, and a header
 * replaced over and over, which must neither lose values nor keep every
 * old one. */
static void
test_headers_many_and_replaced (void)
{
  g_autoptr(GawsHttpHeaders) h = gaws_http_headers_new ();
  g_autofree char *long_value = g_strnfill (3000, 'v');

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("X-Header-%u", i);
      g_autofree char *value = g_strdup_printf ("value %u %s", i, i % 10 == 0 ? long_value : "");

      gaws_http_headers_append (h, name, value);
    }
  gaws_http_headers_append_len (h, "X-Cut\0after", 12, "short\0tail", 10);
  g_assert_cmpuint (gaws_http_headers_get_length (h), ==, 41);
  g_assert_cmpstr (gaws_http_headers_get_name (h, 40), ==, "X-Cut");
  g_assert_cmpstr (gaws_http_headers_get_value (h, 40), ==, "short");
  for (guint round = 0; round < 2000; round++)
    {
      g_autofree char *value = g_strdup_printf ("%u %s", round, round % 3 == 0 ? long_value : "x");

      gaws_http_headers_replace (h, "x-header-5", value);
      /* a value taken from the list itself, while it may be moving */
      gaws_http_headers_replace (h, "X-Copy", gaws_http_headers_get_one (h, "x-header-5"));
      g_assert_cmpstr (gaws_http_headers_get_one (h, "X-Copy"), ==, value);
    }
  g_assert_cmpuint (gaws_http_headers_get_length (h), ==, 42);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("X-Header-%u", i);
      g_autofree char *value = g_strdup_printf ("value %u %s", i, i % 10 == 0 ? long_value : "");

      if (i != 5)
        g_assert_cmpstr (gaws_http_headers_get_one (h, name), ==, value);
    }
  /* replaced headers go to the end, in the order they were set */
  g_assert_cmpstr (gaws_http_headers_get_name (h, 39), ==, "X-Cut");
  g_assert_cmpstr (gaws_http_headers_get_name (h, 40), ==, "x-header-5");
  g_assert_cmpstr (gaws_http_headers_get_name (h, 41), ==, "X-Copy");
  gaws_http_headers_clear (h);
  g_assert_cmpuint (gaws_http_headers_get_length (h), ==, 0);
  gaws_http_headers_append (h, "A", "");
  g_assert_cmpstr (gaws_http_headers_get_one (h, "a"), ==, "");
}

static void
test_request_url_keeps_dot_segments (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpRequest) r =
    gaws_http_request_new_for_url ("GET", "http://127.0.0.1:9000/bucket/../a/./key?x=1%202&y", &error);
  g_autofree char *url = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (gaws_http_request_get_scheme (r), ==, "http");
  g_assert_cmpstr (gaws_http_request_get_host (r), ==, "127.0.0.1");
  g_assert_cmpint (gaws_http_request_get_port (r), ==, 9000);
  /* S3 keys may contain `..` and `.`: they are never normalized away */
  g_assert_cmpstr (gaws_http_request_get_path (r), ==, "/bucket/../a/./key");
  g_assert_cmpstr (gaws_http_request_get_query (r), ==, "x=1%202&y");
  url = gaws_http_request_dup_url (r);
  g_assert_cmpstr (url, ==, "http://127.0.0.1:9000/bucket/../a/./key?x=1%202&y");
}

static void
test_request_authority (void)
{
  g_autoptr(GawsHttpRequest) r = gaws_http_request_new ("GET");
  g_autofree char *a1 = NULL, *a2 = NULL, *a3 = NULL, *a4 = NULL;

  gaws_http_request_set_host (r, "s3.amazonaws.com");
  a1 = gaws_http_request_dup_authority (r);
  g_assert_cmpstr (a1, ==, "s3.amazonaws.com");
  gaws_http_request_set_port (r, 443);
  a2 = gaws_http_request_dup_authority (r);
  g_assert_cmpstr (a2, ==, "s3.amazonaws.com");
  gaws_http_request_set_port (r, 8443);
  a3 = gaws_http_request_dup_authority (r);
  g_assert_cmpstr (a3, ==, "s3.amazonaws.com:8443");
  gaws_http_request_set_host (r, "::1");
  a4 = gaws_http_request_dup_authority (r);
  g_assert_cmpstr (a4, ==, "[::1]:8443");
}

static void
test_request_bad_urls (void)
{
  const char *bad[] = { "not a url", "http://", "/relative/path", "http://[::1/", "" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GawsHttpRequest) r = gaws_http_request_new_for_url ("GET", bad[i], &error);
      g_assert_null (r);
      g_assert_nonnull (error);
    }
}

static void
test_request_query_params_encoded (void)
{
  g_autoptr(GawsHttpRequest) r = gaws_http_request_new ("GET");

  gaws_http_request_add_query_param (r, "prefix", "a b/c+d~e");
  gaws_http_request_add_query_param (r, "list-type", "2");
  gaws_http_request_add_query_param (r, "versions", NULL);
  g_assert_cmpstr (gaws_http_request_get_query (r), ==, "prefix=a%20b%2Fc%2Bd~e&list-type=2&versions");
}

static void
test_uri_encode (void)
{
  g_autofree char *path = gaws_uri_encode ("dir/ünï code+(1).txt", FALSE);
  g_autofree char *value = gaws_uri_encode ("dir/a=b&c", TRUE);

  g_assert_cmpstr (path, ==, "dir/%C3%BCn%C3%AF%20code%2B%281%29.txt");
  g_assert_cmpstr (value, ==, "dir%2Fa%3Db%26c");
}

/* Every byte, with `/` encoded and not: only A-Z a-z 0-9 - . _ ~ (and
 * `/` when asked) are kept, the others become %XX in capitals, as the
 * table of kept bytes must say. */
static void
test_uri_encode_every_byte (void)
{
  for (guint c = 1; c < 256; c++)
    for (int slash = 0; slash < 2; slash++)
      {
        char text[2] = { (char) c, '\0' };
        g_autofree char *encoded = gaws_uri_encode (text, slash);
        g_autofree char *expected = NULL;
        gboolean kept = g_ascii_isalnum (c) || strchr ("-._~", c) != NULL || (c == '/' && !slash);

        expected = kept ? g_strdup (text) : g_strdup_printf ("%%%02X", c);
        g_assert_cmpstr (encoded, ==, expected);
        g_assert_cmpuint (gaws_uri_encoded_length (text, slash), ==, strlen (expected));
      }
}

static void
test_request_copy_is_independent (void)
{
  g_autoptr(GawsHttpRequest) r = gaws_http_request_new ("PUT");
  g_autoptr(GawsHttpRequest) copy = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("abc", 3);

  gaws_http_request_set_host (r, "example.com");
  gaws_http_request_set_path (r, "/k");
  gaws_http_headers_append (gaws_http_request_get_headers (r), "A", "1");
  gaws_http_request_set_body (r, body);
  copy = gaws_http_request_copy (r);
  gaws_http_headers_append (gaws_http_request_get_headers (copy), "Authorization", "x");
  g_assert_null (gaws_http_headers_get_one (gaws_http_request_get_headers (r), "Authorization"));
  g_assert_cmpstr (gaws_http_headers_get_one (gaws_http_request_get_headers (copy), "A"), ==, "1");
  g_assert_true (g_bytes_equal (gaws_http_request_get_body (copy), body));
  g_assert_cmpint (gaws_http_request_get_body_length (copy), ==, 3);
  g_assert_cmpstr (gaws_http_request_get_method (copy), ==, "PUT");
}

static void
test_request_body_kinds_exclusive (void)
{
  g_autoptr(GawsHttpRequest) r = gaws_http_request_new ("PUT");
  g_autoptr(GBytes) body = g_bytes_new_static ("abc", 3);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new ();

  gaws_http_request_set_body (r, body);
  gaws_http_request_set_body_stream (r, stream, -1);
  g_assert_null (gaws_http_request_get_body (r));
  g_assert_true (gaws_http_request_get_body_stream (r) == stream);
  g_assert_cmpint (gaws_http_request_get_body_length (r), ==, -1);
  gaws_http_request_set_body (r, NULL);
  g_assert_null (gaws_http_request_get_body_stream (r));
}

static void
test_response_basics (void)
{
  g_autoptr(GawsHttpResponse) r = gaws_http_response_new (204);

  g_assert_true (gaws_http_response_is_success (r));
  gaws_http_response_set_status (r, 302);
  g_assert_false (gaws_http_response_is_success (r));
  gaws_http_response_set_retry_attempts (r, 3);
  g_assert_cmpuint (gaws_http_response_get_retry_attempts (r), ==, 3);
}

static void
count_free (gpointer data)
{
  (*(guint *) data)++;
}

/* The note libgaws keeps on a request (gaws-http-request-private.h): a
 * replaced note and the last one are freed, a copy has none of its own. */
static void
test_request_note (void)
{
  GawsHttpRequest *request = gaws_http_request_new ("GET");
  g_autoptr(GawsHttpRequest) copy = NULL;
  guint first = 0, second = 0;

  g_assert_null (gaws_http_request_get_note (request));
  gaws_http_request_set_note (request, &first, count_free);
  g_assert_true (gaws_http_request_get_note (request) == &first);
  /* the same note again is kept, not freed */
  gaws_http_request_set_note (request, &first, count_free);
  g_assert_cmpuint (first, ==, 0);
  gaws_http_request_set_note (request, &second, count_free);
  g_assert_cmpuint (first, ==, 1);
  g_assert_true (gaws_http_request_get_note (request) == &second);
  copy = gaws_http_request_copy (request);
  g_assert_null (gaws_http_request_get_note (copy));
  g_object_unref (request);
  g_assert_cmpuint (second, ==, 1);
  g_assert_cmpuint (first, ==, 1);
}

/* gaws_uri_encode() in two steps, as the REST serializer writes labels */
static void
test_uri_encode_to (void)
{
  const char *texts[] = { "", "plain-._~", "a b/c", "\xc3\xa9t\xc3\xa9 100%", "/\x01\x7f" };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    for (int slash = 0; slash < 2; slash++)
      {
        g_autofree char *whole = gaws_uri_encode (texts[i], slash);
        char out[64];
        char *end;

        memset (out, '#', sizeof out);
        end = gaws_uri_encode_to (out, texts[i], slash);
        g_assert_cmpuint (end - out, ==, gaws_uri_encoded_length (texts[i], slash));
        g_assert_cmpint (*end, ==, '#');
        g_assert_cmpmem (out, end - out, whole, strlen (whole));
      }
}

/* Requests and responses skip GObject's own dispose on their last unref
 * (gaws-object-private.h). */
static void
test_dispose (void)
{
  g_autoptr(GawsHttpRequest) kept_request = gaws_http_request_new ("GET");
  g_autoptr(GawsHttpResponse) kept_response = gaws_http_response_new (200);

  gaws_test_check_dispose (G_OBJECT (gaws_http_request_new ("PUT")), G_OBJECT (kept_request));
  gaws_http_request_set_path (kept_request, "/still");
  g_assert_cmpstr (gaws_http_request_get_path (kept_request), ==, "/still");
  gaws_test_check_dispose (G_OBJECT (gaws_http_response_new (404)), G_OBJECT (kept_response));
  g_assert_cmpuint (gaws_http_response_get_status (kept_response), ==, 200);
}

/* The path (in the request's own storage when short), the host and the
 * payload hash (a constant when it is a SigV4 marker) read back as set:
 * set from themselves, from a part of themselves, short and long, and in a
 * copy that outlives the original. */
static void
test_request_inline_fields (void)
{
  g_autoptr(GawsHttpRequest) r = gaws_http_request_new ("PUT");
  g_autoptr(GawsHttpRequest) copy = NULL;
  g_autofree char *ks = g_strnfill (300, 'k');
  g_autofree char *hs = g_strnfill (100, 'h');
  g_autofree char *long_path = g_strconcat ("/bucket/", ks, NULL);
  g_autofree char *long_host = g_strconcat (hs, ".example.com", NULL);
  g_autofree char *tail = g_strconcat ("/", ks, NULL);

  g_assert_cmpstr (gaws_http_request_get_path (r), ==, "/");
  gaws_http_request_set_path (r, "/bucket/key");
  g_assert_cmpstr (gaws_http_request_get_path (r), ==, "/bucket/key");
  gaws_http_request_set_path (r, gaws_http_request_get_path (r));
  g_assert_cmpstr (gaws_http_request_get_path (r), ==, "/bucket/key");
  /* a part of itself, overlapping */
  gaws_http_request_set_path (r, gaws_http_request_get_path (r) + 7);
  g_assert_cmpstr (gaws_http_request_get_path (r), ==, "/key");
  gaws_http_request_set_path (r, long_path);
  g_assert_cmpstr (gaws_http_request_get_path (r), ==, long_path);
  gaws_http_request_set_path (r, gaws_http_request_get_path (r) + 7);
  g_assert_cmpstr (gaws_http_request_get_path (r), ==, tail);
  gaws_http_request_set_path (r, "");
  g_assert_cmpstr (gaws_http_request_get_path (r), ==, "/");
  gaws_http_request_set_path (r, "/a%20b");

  gaws_http_request_set_host (r, long_host);
  g_assert_cmpstr (gaws_http_request_get_host (r), ==, long_host);
  gaws_http_request_set_host (r, "s3.amazonaws.com");
  g_assert_cmpstr (gaws_http_request_get_host (r), ==, "s3.amazonaws.com");

  gaws_http_request_set_payload_hash (r, "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
  g_assert_cmpstr (gaws_http_request_get_payload_hash (r), ==, "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
  gaws_http_request_set_payload_hash (r, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpstr (gaws_http_request_get_payload_hash (r), ==,
                   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  gaws_http_request_set_payload_hash (r, "UNSIGNED-PAYLOAD");

  copy = gaws_http_request_copy (r);
  g_clear_object (&r);
  g_assert_cmpstr (gaws_http_request_get_path (copy), ==, "/a%20b");
  g_assert_cmpstr (gaws_http_request_get_host (copy), ==, "s3.amazonaws.com");
  g_assert_cmpstr (gaws_http_request_get_payload_hash (copy), ==, "UNSIGNED-PAYLOAD");
  gaws_http_request_set_path (copy, long_path);
  g_assert_cmpstr (gaws_http_request_get_path (copy), ==, long_path);
}

/* ---- recycling (gaws-http-request-private.h) ---- */

static void
count_bytes_free (gpointer data)
{
  (*(guint *) data)++;
}

/* Everything a call can set on a request, with the host and path either
 * in the request's own storage or too long for it, and the headers grown
 * past their inline room. */
static void
fill_request (GawsHttpRequest *r,
              gboolean         long_fields,
              guint           *note_freed)
{
  GawsHttpHeaders *headers = gaws_http_request_get_headers (r);
  g_autofree char *hs = g_strnfill (80, 'h');
  g_autofree char *ps = g_strnfill (200, 'p');
  g_autofree char *host = long_fields ? g_strconcat (hs, ".example", NULL) : g_strdup ("h.example");
  g_autofree char *path = long_fields ? g_strconcat ("/", ps, NULL) : g_strdup ("/a/b");
  g_autofree char *url = g_strdup_printf ("http://%s:8080%s?x=1", host, path);

  g_assert_true (gaws_http_request_set_url (r, url, NULL));
  gaws_http_request_add_query_param (r, "y", "2 3");
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("X-Header-%u", i);
      gaws_http_headers_append (headers, name, "value");
    }
  gaws_http_request_set_payload_hash (r, "0123456789abcdef");
  gaws_http_request_set_note (r, note_freed, count_free);
  g_assert_cmpint (gaws_http_request_get_port (r), ==, 8080);
  g_assert_cmpstr (gaws_http_request_get_path (r), ==, path);
}

static void
assert_request_pristine (GawsHttpRequest *r,
                         const char      *method)
{
  g_assert_cmpstr (gaws_http_request_get_method (r), ==, method);
  g_assert_cmpstr (gaws_http_request_get_scheme (r), ==, "https");
  g_assert_null (gaws_http_request_get_host (r));
  g_assert_cmpint (gaws_http_request_get_port (r), ==, 0);
  g_assert_cmpstr (gaws_http_request_get_path (r), ==, "/");
  g_assert_null (gaws_http_request_get_query (r));
  g_assert_cmpuint (gaws_http_headers_get_length (gaws_http_request_get_headers (r)), ==, 0);
  g_assert_null (gaws_http_request_get_body (r));
  g_assert_null (gaws_http_request_get_body_stream (r));
  g_assert_cmpint (gaws_http_request_get_body_length (r), ==, -1);
  g_assert_null (gaws_http_request_get_payload_hash (r));
  g_assert_null (gaws_http_request_get_note (r));
}

/* A request is not marked any more once taken again: released by one who
 * is not the runtime, it goes as any object does. */
static void
assert_released_unmarked_goes (GawsHttpRequest *r)
{
  gpointer weak = r;

  g_object_add_weak_pointer (G_OBJECT (r), &weak);
  gaws_http_request_release (r);
  g_assert_null (weak);
}

/* A marked request whose last reference the runtime drops comes back from
 * the next gaws_http_request_new() with every member as a new request's:
 * its note, body and body stream freed, its headers emptied. */
static void
test_recycle_request_reset (void)
{
  for (int long_fields = 0; long_fields < 2; long_fields++)
    {
      GawsHttpRequest *r = gaws_http_request_new ("PUT");
      GawsHttpRequest *again;
      GInputStream *stream = g_memory_input_stream_new ();
      gpointer stream_alive = stream;
      g_autoptr(GBytes) body = NULL;
      guint note_freed = 0, body_freed = 0;

      fill_request (r, long_fields, &note_freed);
      g_object_add_weak_pointer (G_OBJECT (stream), &stream_alive);
      /* a body stream in one round, a body in the other */
      if (long_fields)
        {
          body = g_bytes_new_with_free_func ("abc", 3, count_bytes_free, &body_freed);
          gaws_http_request_set_body (r, body);
          g_clear_pointer (&body, g_bytes_unref);
          g_object_unref (stream);
          g_assert_null (stream_alive);
        }
      else
        {
          gaws_http_request_set_body_stream (r, stream, 42);
          g_object_unref (stream);
          g_assert_cmpint (gaws_http_request_get_body_length (r), ==, 42);
        }
      gaws_http_request_set_recyclable (r);
      gaws_http_request_release (r);
      g_assert_cmpuint (note_freed, ==, 1);
      g_assert_null (stream_alive);
      g_assert_cmpuint (body_freed, ==, long_fields ? 1 : 0);

      again = gaws_http_request_new ("POST");
      g_assert_true (again == r);
      assert_request_pristine (again, "POST");
      /* and it works as a new one */
      fill_request (again, !long_fields, &note_freed);
      g_assert_cmpuint (gaws_http_headers_get_length (gaws_http_request_get_headers (again)), ==, 20);
      assert_released_unmarked_goes (again);
      g_assert_cmpuint (note_freed, ==, 2);
    }
}

/* A response likewise; headers an output's metadata still holds stay its
 * own, as they were. */
static void
test_recycle_response_reset (void)
{
  for (int shared_headers = 0; shared_headers < 2; shared_headers++)
    {
      GawsHttpResponse *r = gaws_http_response_new (503);
      GawsHttpResponse *again;
      GawsHttpHeaders *headers = gaws_http_response_get_headers (r);
      g_autoptr(GawsResponseMetadata) metadata = NULL;
      GInputStream *stream = g_memory_input_stream_new ();
      gpointer stream_alive = stream;
      g_autoptr(GBytes) body = NULL;
      guint body_freed = 0;
      gpointer weak;

      for (guint i = 0; i < 20; i++)
        {
          g_autofree char *name = g_strdup_printf ("X-Header-%u", i);
          gaws_http_headers_append (headers, name, "value");
        }
      gaws_http_headers_append (headers, "x-amzn-RequestId", "req-1");
      body = g_bytes_new_with_free_func ("abc", 3, count_bytes_free, &body_freed);
      gaws_http_response_set_body (r, body);
      g_clear_pointer (&body, g_bytes_unref);
      g_object_add_weak_pointer (G_OBJECT (stream), &stream_alive);
      gaws_http_response_set_body_stream (r, stream);
      g_object_unref (stream);
      gaws_http_response_set_retry_attempts (r, 2);
      if (shared_headers)
        metadata = gaws_response_metadata_new_from_response (r);

      gaws_http_response_set_recyclable (r);
      gaws_http_response_release (r);
      g_assert_cmpuint (body_freed, ==, 1);
      g_assert_null (stream_alive);
      if (shared_headers)
        {
          GawsHttpHeaders *kept = gaws_response_metadata_get_http_headers (metadata);

          g_assert_cmpuint (gaws_http_headers_get_length (kept), ==, 21);
          g_assert_cmpstr (gaws_http_headers_get_one (kept, "x-amzn-requestid"), ==, "req-1");
        }

      again = gaws_http_response_new (200);
      g_assert_true (again == r);
      g_assert_cmpuint (gaws_http_response_get_status (again), ==, 200);
      g_assert_cmpuint (gaws_http_headers_get_length (gaws_http_response_get_headers (again)), ==, 0);
      if (shared_headers)
        g_assert_true (gaws_http_response_get_headers (again) !=
                       gaws_response_metadata_get_http_headers (metadata));
      g_assert_null (gaws_http_response_get_body (again));
      g_assert_null (gaws_http_response_get_body_stream (again));
      g_assert_cmpuint (gaws_http_response_get_retry_attempts (again), ==, 0);
      /* no longer marked: released, it goes */
      weak = again;
      g_object_add_weak_pointer (G_OBJECT (again), &weak);
      gaws_http_response_release (again);
      g_assert_null (weak);
    }
}

/* Only the last reference recycles, and only a marked object: a request a
 * caller still holds, or one the runtime did not mark, and a response an
 * error holds, stay as they are and are never handed out again. */
static void
test_recycle_only_unreferenced (void)
{
  GawsHttpRequest *held = gaws_http_request_new ("PUT");
  GawsHttpRequest *unmarked = gaws_http_request_new ("PUT");
  GawsHttpResponse *response = gaws_http_response_new (500);
  g_autoptr(GawsHttpRequest) other = NULL;
  g_autoptr(GawsHttpResponse) other_response = NULL;
  g_autoptr(GError) error = g_error_new_literal (GAWS_ERROR, GAWS_ERROR_SERVICE, "boom");
  guint note_freed = 0, unmarked_note_freed = 0;
  gpointer held_alive = held, unmarked_alive = unmarked, response_alive = response;

  fill_request (held, FALSE, &note_freed);
  gaws_http_request_set_recyclable (held);
  g_object_ref (held);   /* the caller's */
  g_object_add_weak_pointer (G_OBJECT (held), &held_alive);
  gaws_http_request_release (held);
  g_assert_nonnull (held_alive);
  g_assert_cmpuint (note_freed, ==, 0);
  g_assert_cmpstr (gaws_http_request_get_host (held), ==, "h.example");
  g_assert_cmpuint (gaws_http_headers_get_length (gaws_http_request_get_headers (held)), ==, 20);
  other = gaws_http_request_new ("GET");
  g_assert_true (other != held);
  g_assert_cmpstr (gaws_http_request_get_method (held), ==, "PUT");
  g_object_unref (held);  /* the caller's, the last: it goes */
  g_assert_null (held_alive);
  g_assert_cmpuint (note_freed, ==, 1);

  /* marked and the last reference, but watched: freed, the watcher told */
  {
    GawsHttpRequest *watched = gaws_http_request_new ("PUT");
    gpointer watched_alive = watched;
    guint watched_note_freed = 0;

    fill_request (watched, FALSE, &watched_note_freed);
    gaws_http_request_set_recyclable (watched);
    g_object_add_weak_pointer (G_OBJECT (watched), &watched_alive);
    gaws_http_request_release (watched);
    g_assert_null (watched_alive);
    g_assert_cmpuint (watched_note_freed, ==, 1);
  }

  fill_request (unmarked, TRUE, &unmarked_note_freed);
  g_object_add_weak_pointer (G_OBJECT (unmarked), &unmarked_alive);
  gaws_http_request_release (unmarked);
  g_assert_null (unmarked_alive);
  g_assert_cmpuint (unmarked_note_freed, ==, 1);

  gaws_http_headers_append (gaws_http_response_get_headers (response), "x-amzn-RequestId", "req-2");
  gaws_http_response_set_recyclable (response);
  gaws_error_set_response (error, response);
  gaws_http_response_release (response);
  other_response = gaws_http_response_new (200);
  g_assert_true (other_response != response);
  g_assert_cmpuint (gaws_http_response_get_status (response), ==, 500);
  g_assert_cmpstr (gaws_http_headers_get_one (gaws_http_response_get_headers (response), "x-amzn-requestid"),
                   ==, "req-2");
  g_object_add_weak_pointer (G_OBJECT (response), &response_alive);
  g_clear_error (&error);
  g_assert_null (response_alive);
}

#define SPARE_DEPTH 64

/* A thread keeps SPARE_DEPTH requests at most (those released beyond go
 * at once), hands them out last first, and frees them when it exits. */
static gpointer
recycle_bounded_thread (gpointer data)
{
  guint *gone = data;
  GawsHttpRequest *kept[SPARE_DEPTH];

  for (guint i = 0; i < SPARE_DEPTH; i++)
    {
      kept[i] = gaws_http_request_new ("GET");
      gaws_http_request_set_recyclable (kept[i]);
    }
  for (guint i = 0; i < SPARE_DEPTH; i++)
    gaws_http_request_release (kept[i]);

  /* beyond the bound: not kept, so the next ones taken are the first
   * kept, last first (an extra kept would be on top) */
  for (guint i = 0; i < 3; i++)
    {
      GawsHttpRequest *extra = g_object_new (GAWS_TYPE_HTTP_REQUEST, NULL);

      gaws_http_request_set_recyclable (extra);
      gaws_http_request_release (extra);
    }
  for (guint i = 0; i < SPARE_DEPTH; i++)
    {
      GawsHttpRequest *request = gaws_http_request_new ("GET");

      g_assert_true (request == kept[SPARE_DEPTH - 1 - i]);
      gaws_http_request_set_recyclable (request);
    }
  for (guint i = 0; i < SPARE_DEPTH; i++)
    gaws_http_request_release (kept[i]);

  /* what the thread keeps goes when it exits (watched only now: a watched
   * request is never kept) */
  for (guint i = 0; i < SPARE_DEPTH; i++)
    g_object_weak_ref (G_OBJECT (kept[i]), gaws_test_count_weak_notify, gone);
  g_assert_cmpuint (*gone, ==, 0);
  return NULL;
}

static void
test_recycle_bounded_per_thread (void)
{
  guint gone = 0;
  GThread *thread = g_thread_new ("recycle", recycle_bounded_thread, &gone);

  g_thread_join (thread);
  g_assert_cmpuint (gone, ==, SPARE_DEPTH);
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);

  g_test_add_func ("/http-types/headers/case-insensitive-and-ordered", test_headers_case_insensitive_and_ordered);
  g_test_add_func ("/http-types/headers/many-and-replaced", test_headers_many_and_replaced);
  g_test_add_func ("/http-types/headers/remove-keeps-order", test_headers_remove_keeps_order);
  g_test_add_func ("/http-types/headers/case-insensitive-names", test_headers_case_insensitive_names);
  g_test_add_func ("/http-types/response-metadata/ids", test_response_metadata_ids);
  g_test_add_func ("/http-types/request/url-keeps-dot-segments", test_request_url_keeps_dot_segments);
  g_test_add_func ("/http-types/request/authority", test_request_authority);
  g_test_add_func ("/http-types/request/bad-urls-are-errors", test_request_bad_urls);
  g_test_add_func ("/http-types/request/query-params-encoded", test_request_query_params_encoded);
  g_test_add_func ("/http-types/request/uri-encode", test_uri_encode);
  g_test_add_func ("/http-types/request/uri-encode-every-byte", test_uri_encode_every_byte);
  g_test_add_func ("/http-types/request/copy-is-independent", test_request_copy_is_independent);
  g_test_add_func ("/http-types/request/body-kinds-exclusive", test_request_body_kinds_exclusive);
  g_test_add_func ("/http-types/request/inline-fields", test_request_inline_fields);
  g_test_add_func ("/http-types/response/basics", test_response_basics);
  g_test_add_func ("/http-types/dispose", test_dispose);
  g_test_add_func ("/http-types/request/note", test_request_note);
  g_test_add_func ("/http-types/request/uri-encode-to", test_uri_encode_to);
  g_test_add_func ("/http-types/recycle/request-reset", test_recycle_request_reset);
  g_test_add_func ("/http-types/recycle/response-reset", test_recycle_response_reset);
  g_test_add_func ("/http-types/recycle/only-unreferenced", test_recycle_only_unreferenced);
  g_test_add_func ("/http-types/recycle/bounded-per-thread", test_recycle_bounded_per_thread);
  return g_test_run ();
}
