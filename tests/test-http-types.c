/* test-http-types.c: headers, requests and responses as plain values
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"

#include <string.h>
#include "gaws-http-request-private.h"

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
  g_test_add_func ("/http-types/request/copy-is-independent", test_request_copy_is_independent);
  g_test_add_func ("/http-types/request/body-kinds-exclusive", test_request_body_kinds_exclusive);
  g_test_add_func ("/http-types/request/inline-fields", test_request_inline_fields);
  g_test_add_func ("/http-types/response/basics", test_response_basics);
  g_test_add_func ("/http-types/dispose", test_dispose);
  g_test_add_func ("/http-types/request/note", test_request_note);
  g_test_add_func ("/http-types/request/uri-encode-to", test_uri_encode_to);
  return g_test_run ();
}
