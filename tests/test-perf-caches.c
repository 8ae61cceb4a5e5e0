/* test-perf-caches.c: what the runtime keeps between requests so as not to
 * redo it per request, and the cheap checks that replaced full parses
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Endpoint rule sets compiled once per process, the S3 endpoints and
 * client settings kept per client (and forgotten when the config
 * changes), invocation ids, and S3's 200-with-error check without a parse.
 */
#include "gaws-test-util.h"

#include <string.h>

#include <gaws-s3.h>
#include "gaws-endpoint-rules.h"
#include "gaws-protocol-rest.h"
#include "gaws-protocol-rest-xml.h"
#include "gaws-protocol-util.h"
#include "gaws-s3-customizations.h"

/* ---- endpoint rule sets ---- */

static void
test_rules_shared (void)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret", NULL);
  g_autoptr(GawsS3Client) client = gaws_s3_client_new (session, NULL);
  const char *text = gaws_client_get_service_info (GAWS_CLIENT (client))->endpoint_rule_set_json;
  g_autofree char *copy = g_strdup (text);
  g_autoptr(GawsEndpointRules) first = NULL;
  g_autoptr(GawsEndpointRules) second = NULL;
  g_autoptr(GawsEndpointRules) other = NULL;
  g_autoptr(GawsEndpointRules) bad = NULL;
  g_autoptr(GError) error = NULL;

  first = gaws_endpoint_rules_get_shared (text, &error);
  g_assert_no_error (error);
  second = gaws_endpoint_rules_get_shared (text, &error);
  g_assert_no_error (error);
  g_assert_true (first == second);
  g_assert_true (gaws_endpoint_rules_has_parameter (first, "Bucket"));
  /* another address is another entry */
  other = gaws_endpoint_rules_get_shared (copy, &error);
  g_assert_no_error (error);
  g_assert_true (other != first);
  bad = gaws_endpoint_rules_get_shared ("{\"rules\": 3", &error);
  g_assert_null (bad);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
}

/* ---- S3 endpoints and settings per client ---- */

static void
address (GawsS3Client *client, const char *bucket, char **host, char **path)
{
  const GawsOperationInfo *op = gaws_service_info_find_operation (gaws_s3_get_service_info (), "PutObject");
  g_autofree char *request_path = g_strdup_printf ("/%s/some/key", bucket);
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("PUT");
  GawsRequestOptions options = { 0 };
  g_autoptr(GError) error = NULL;

  gaws_http_request_set_path (request, request_path);
  g_assert_true (gaws_s3_customizations_prepare_request_sync (GAWS_CLIENT (client), op, request,
                                                              &options, NULL, &error));
  g_assert_no_error (error);
  *host = g_strdup (gaws_http_request_get_host (request));
  *path = g_strdup (gaws_http_request_get_path (request));
}

/* A custom endpoint with a base path, long enough that the cache's key
 * does not fit on the stack, twice (the second from the cache); a bucket
 * written escaped in the path. */
static void
test_s3_endpoints_long_url (void)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsS3Client) client = NULL;
  g_autofree char *long_path = g_strnfill (300, 'p');
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:9/%s", long_path);
  g_autofree char *expected = g_strdup_printf ("/%s/bucket-a/some/key", long_path);
  g_autofree char *host = NULL, *path = NULL;

  gaws_session_set_region (session, "us-west-2");
  gaws_client_config_set_endpoint_url (config, url);
  client = gaws_s3_client_new (session, config);
  for (guint i = 0; i < 2; i++)
    {
      address (client, "bucket-a", &host, &path);
      g_assert_cmpstr (host, ==, "127.0.0.1");
      g_assert_cmpstr (path, ==, expected);
      g_clear_pointer (&host, g_free);
      g_clear_pointer (&path, g_free);
    }
  address (client, "bucket%2Db", &host, &path);
  g_assert_cmpstr (host, ==, "127.0.0.1");
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("/%s/bucket-b/some/key", long_path);
  g_assert_cmpstr (path, ==, expected);
}

static void
test_s3_endpoints_per_client (void)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsS3Client) client = NULL;
  g_autofree char *host = NULL, *path = NULL;

  gaws_session_set_region (session, "us-west-2");
  client = gaws_s3_client_new (session, config);

  address (client, "bucket-a", &host, &path);
  g_assert_cmpstr (host, ==, "bucket-a.s3.us-west-2.amazonaws.com");
  g_assert_cmpstr (path, ==, "/some/key");
  g_clear_pointer (&host, g_free);
  g_clear_pointer (&path, g_free);
  /* a second bucket is not the first one's cached endpoint */
  address (client, "bucket-b", &host, &path);
  g_assert_cmpstr (host, ==, "bucket-b.s3.us-west-2.amazonaws.com");
  g_assert_cmpstr (path, ==, "/some/key");
  g_clear_pointer (&host, g_free);
  g_clear_pointer (&path, g_free);
  address (client, "bucket-a", &host, &path);
  g_assert_cmpstr (host, ==, "bucket-a.s3.us-west-2.amazonaws.com");
  g_clear_pointer (&host, g_free);
  g_clear_pointer (&path, g_free);

  /* a config changed after the first request counts from the next one */
  gaws_client_config_set_s3_addressing_style (config, GAWS_S3_ADDRESSING_STYLE_PATH);
  address (client, "bucket-a", &host, &path);
  g_assert_cmpstr (host, ==, "s3.us-west-2.amazonaws.com");
  g_assert_cmpstr (path, ==, "/bucket-a/some/key");
  g_clear_pointer (&host, g_free);
  g_clear_pointer (&path, g_free);
  gaws_client_config_set_s3_addressing_style (config, GAWS_S3_ADDRESSING_STYLE_VIRTUAL);
  address (client, "bucket-a", &host, &path);
  g_assert_cmpstr (host, ==, "bucket-a.s3.us-west-2.amazonaws.com");
  g_clear_pointer (&host, g_free);
  g_clear_pointer (&path, g_free);

  /* many buckets: the cache stays bounded and right */
  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *bucket = g_strdup_printf ("bucket-%u", i);
      g_autofree char *expected = g_strdup_printf ("bucket-%u.s3.us-west-2.amazonaws.com", i);

      address (client, bucket, &host, &path);
      g_assert_cmpstr (host, ==, expected);
      g_clear_pointer (&host, g_free);
      g_clear_pointer (&path, g_free);
    }
}

/* The endpoint found last is reused only for the same key: the same
 * bucket asked again, in the same region and addressing style; any other
 * bucket, region or style, one after another in every order, gets its own,
 * and so does the last one once the cache started again. */
static void
test_s3_endpoints_last_found (void)
{
  static const struct {
    const char *bucket;
    const char *region;
    gboolean    path_style;
    const char *host;
    const char *path;
  } steps[] = {
    { "bucket-a", "us-west-2", FALSE, "bucket-a.s3.us-west-2.amazonaws.com", "/some/key" },
    { "bucket-a", "us-west-2", FALSE, "bucket-a.s3.us-west-2.amazonaws.com", "/some/key" },
    { "bucket-b", "us-west-2", FALSE, "bucket-b.s3.us-west-2.amazonaws.com", "/some/key" },
    { "bucket-a", "us-west-2", FALSE, "bucket-a.s3.us-west-2.amazonaws.com", "/some/key" },
    { "bucket-a", "eu-west-1", FALSE, "bucket-a.s3.eu-west-1.amazonaws.com", "/some/key" },
    { "bucket-a", "us-west-2", FALSE, "bucket-a.s3.us-west-2.amazonaws.com", "/some/key" },
    { "bucket-a", "us-west-2", TRUE, "s3.us-west-2.amazonaws.com", "/bucket-a/some/key" },
    { "bucket-a", "us-west-2", TRUE, "s3.us-west-2.amazonaws.com", "/bucket-a/some/key" },
    { "bucket-b", "us-west-2", TRUE, "s3.us-west-2.amazonaws.com", "/bucket-b/some/key" },
    { "bucket-a", "us-west-2", FALSE, "bucket-a.s3.us-west-2.amazonaws.com", "/some/key" },
    { "bucket-ab", "us-west-2", FALSE, "bucket-ab.s3.us-west-2.amazonaws.com", "/some/key" },
    { "bucket-a", "us-west-2", FALSE, "bucket-a.s3.us-west-2.amazonaws.com", "/some/key" },
  };
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsS3Client) client = NULL;
  g_autofree char *host = NULL, *path = NULL;

  gaws_session_set_region (session, "us-west-2");
  client = gaws_s3_client_new (session, config);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      gaws_client_config_set_region (config, steps[i].region);
      gaws_client_config_set_s3_addressing_style (config, steps[i].path_style ? GAWS_S3_ADDRESSING_STYLE_PATH
                                                                               : GAWS_S3_ADDRESSING_STYLE_VIRTUAL);
      address (client, steps[i].bucket, &host, &path);
      g_assert_cmpstr (host, ==, steps[i].host);
      g_assert_cmpstr (path, ==, steps[i].path);
      g_clear_pointer (&host, g_free);
      g_clear_pointer (&path, g_free);
    }

  /* the last found, asked again after the cache started again */
  gaws_client_config_set_s3_addressing_style (config, GAWS_S3_ADDRESSING_STYLE_VIRTUAL);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *bucket = g_strdup_printf ("bucket-%u", i % 2 == 0 ? 0 : i);
      g_autofree char *expected = g_strdup_printf ("bucket-%u.s3.us-west-2.amazonaws.com", i % 2 == 0 ? 0 : i);

      address (client, bucket, &host, &path);
      g_assert_cmpstr (host, ==, expected);
      g_clear_pointer (&host, g_free);
      g_clear_pointer (&path, g_free);
    }
}

static void
test_client_settings (void)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsS3Client) client = NULL;
  g_autoptr(GawsResolvedConfig) first = NULL;
  g_autoptr(GawsResolvedConfig) second = NULL;
  g_autoptr(GError) error = NULL;

  gaws_session_set_region (session, "us-west-2");
  g_assert_true (gaws_session_load_sync (session, NULL, &error));
  g_assert_no_error (error);
  client = gaws_s3_client_new (session, config);
  first = gaws_protocol_client_settings (GAWS_CLIENT (client), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->region, ==, "us-west-2");
  gaws_client_config_set_region (config, "eu-west-1");
  second = gaws_protocol_client_settings (GAWS_CLIENT (client), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second->region, ==, "eu-west-1");
  /* the copy handed out stays the caller's */
  g_assert_cmpstr (first->region, ==, "us-west-2");
}

/* The settings a request peeks at are the client's own, not a copy, and
 * stay valid when a change of the config resolves new ones. */
static void
test_client_settings_peek (void)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsS3Client) client = NULL;
  const GawsResolvedConfig *first, *again, *second;
  g_autoptr(GError) error = NULL;

  gaws_session_set_region (session, "us-west-2");
  g_assert_true (gaws_session_load_sync (session, NULL, &error));
  g_assert_no_error (error);
  client = gaws_s3_client_new (session, config);
  first = gaws_protocol_client_settings_peek (GAWS_CLIENT (client), &error);
  g_assert_no_error (error);
  again = gaws_protocol_client_settings_peek (GAWS_CLIENT (client), &error);
  g_assert_true (first == again);
  g_assert_cmpstr (first->region, ==, "us-west-2");
  gaws_client_config_set_region (config, "eu-west-1");
  second = gaws_protocol_client_settings_peek (GAWS_CLIENT (client), &error);
  g_assert_no_error (error);
  g_assert_true (second != first);
  g_assert_cmpstr (second->region, ==, "eu-west-1");
  g_assert_cmpstr (first->region, ==, "us-west-2");
}

/* ---- invocation ids ---- */

static void
test_invocation_ids (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 10000; i++)
    {
      char *id = gaws_protocol_new_invocation_id ();

      g_assert_cmpuint (strlen (id), ==, 36);
      g_assert_true (g_uuid_string_is_valid (id));
      for (guint j = 0; j < 36; j++)
        if (j != 8 && j != 13 && j != 18 && j != 23)
          g_assert_true (g_ascii_isxdigit (id[j]) && !g_ascii_isupper (id[j]));
      g_assert_cmpint (id[14], ==, '4');
      g_assert_nonnull (strchr ("89ab", id[19]));
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);
    }
}

/* ---- S3's 200 with an error, told without a parse ---- */

typedef struct {
  const char *body;
  gboolean    is_error;
} Body200;

static const Body200 bodies_200[] = {
  { "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult><Name>b</Name></ListBucketResult>", FALSE },
  { "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name></ListBucketResult>\n  ", FALSE },
  { "<!-- a comment --><?pi x?>\n<ListBucketResult><Name>b</Name></ListBucketResult >", FALSE },
  { "<!DOCTYPE x><ListBucketResult/>", FALSE },
  { "<ListBucketResult />\n", FALSE },
  { "   \n\t ", FALSE },
  { "<?xml version=\"1.0\"?>\n<Error><Code>InternalError</Code><Message>m</Message></Error>", TRUE },
  { "<!-- x --><Error><Code>SlowDown</Code></Error>", TRUE },
  { "<ListBucketResult><Name>b</Name></ListBucketResult", TRUE },
  { "<ListBucketResult><Name>b</Na", TRUE },
  { "<ListBucketResult><Name>b</Name></Name>", TRUE },
  { "<ListBucketResult", TRUE },
  { "<!-- never closed", TRUE },
  { "<?xml version=\"1.0\"?>", TRUE },
  { "not xml", TRUE },
  { "</ListBucketResult>", TRUE },
  /* a '>' in a declaration or comment does not end it; their ends
   * never overlap their starts */
  { "<?pi a>b ?><ListBucketResult/>", FALSE },
  { "<!-- a > b -> c -- > d --><ListBucketResult/>", FALSE },
  { "<?><ListBucketResult/>", TRUE },
  { "<!--><ListBucketResult/>", TRUE },
  { "<?xml version=\"1.0\"?", TRUE },
};

static void
test_200_error_sniffed (void)
{
  const GawsOperationInfo *op = gaws_service_info_find_operation (gaws_s3_get_service_info (), "ListObjectsV2");

  for (gsize i = 0; i < G_N_ELEMENTS (bodies_200); i++)
    {
      g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200);
      g_autoptr(GBytes) body = g_bytes_new_static (bodies_200[i].body, strlen (bodies_200[i].body));
      g_autoptr(GError) error = NULL;

      gaws_http_response_set_body (response, body);
      error = gaws_protocol_rest_xml_check_200_error (op, response);
      g_test_message ("body %" G_GSIZE_FORMAT ": %s", i, bodies_200[i].body);
      if (bodies_200[i].is_error)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == GAWS_ERROR);
        }
      else
        g_assert_no_error (error);
    }
}

static void
test_200_error_code (void)
{
  const GawsOperationInfo *op = gaws_service_info_find_operation (gaws_s3_get_service_info (), "CopyObject");
  g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200);
  g_autoptr(GBytes) body = g_bytes_new_static (bodies_200[6].body, strlen (bodies_200[6].body));
  g_autoptr(GError) error = NULL;

  gaws_http_response_set_body (response, body);
  error = gaws_protocol_rest_xml_check_200_error (op, response);
  g_assert_nonnull (error);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "InternalError");
}

/* The output's members are looked at only for a body that is not a
 * success: an event stream (SelectObjectContent) or a raw payload
 * (GetObject) that reads as an <Error> is still not one. */
static void
test_200_error_not_for_streams_nor_payloads (void)
{
  const char *names[] = { "SelectObjectContent", "GetObject" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const GawsOperationInfo *op = gaws_service_info_find_operation (gaws_s3_get_service_info (), names[i]);
      g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200);
      g_autoptr(GBytes) body = g_bytes_new_static (bodies_200[6].body, strlen (bodies_200[6].body));
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (op);
      gaws_http_response_set_body (response, body);
      error = gaws_protocol_rest_xml_check_200_error (op, response);
      g_assert_no_error (error);
    }
}

/* ---- REST paths, rendered in place ---- */

/* The path is built on the stack while it fits and on the heap past
 * that: labels of every length come out encoded as gaws_uri_encode()
 * does, a greedy one keeping its slashes. */
static void
test_rest_path_lengths (void)
{
  const GawsOperationInfo *op = gaws_service_info_find_operation (gaws_s3_get_service_info (), "GetObject");
  const gsize lengths[] = { 1, 100, 240, 260, 700, 3000 };

  for (gsize i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autoptr(GawsShape) input = gaws_shape_new (op->input);
      g_autoptr(GString) key = g_string_new (NULL);
      g_autoptr(GawsHttpRequest) request = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *encoded = NULL, *expected = NULL;
      const GawsShapeInfo *info = gaws_shape_get_info (input);

      while (key->len < lengths[i])
        g_string_append (key, key->len % 7 == 3 ? "a b/\xc3\xa9" : "k");
      gaws_shape_set_string (input, gaws_shape_info_find_member (info, "Bucket"), "bu cket");
      gaws_shape_set_string (input, gaws_shape_info_find_member (info, "Key"), key->str);
      request = gaws_protocol_rest_new_request (op, input, &error);
      g_assert_no_error (error);
      encoded = gaws_uri_encode (key->str, FALSE);
      expected = g_strconcat ("/bu%20cket/", encoded, NULL);
      g_assert_cmpstr (gaws_http_request_get_path (request), ==, expected);
    }
}

static void
test_rest_path_missing_label (void)
{
  const GawsOperationInfo *op = gaws_service_info_find_operation (gaws_s3_get_service_info (), "GetObject");
  g_autoptr(GawsShape) input = gaws_shape_new (op->input);
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpRequest) request = NULL;

  gaws_shape_set_string (input, gaws_shape_info_find_member (gaws_shape_get_info (input), "Bucket"), "b");
  request = gaws_protocol_rest_new_request (op, input, &error);
  g_assert_null (request);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Key"));
}

/* A generated input class keeps the parsed template of the operation it
 * is first the input of, not a rendering: each request fills the labels
 * anew (encoded characters, a greedy label keeping its slashes, the other
 * not), and another operation with the same input class but another
 * template, even one freed and made again at the same place, renders its
 * own. */
static GawsHttpRequest *
new_object_request (const GawsOperationInfo *op,
                    const char              *bucket,
                    const char              *key)
{
  g_autoptr(GawsShape) input = gaws_shape_new (op->input);
  const GawsShapeInfo *info = gaws_shape_get_info (input);
  g_autoptr(GError) error = NULL;
  GawsHttpRequest *request;

  gaws_shape_set_string (input, gaws_shape_info_find_member (info, "Bucket"), bucket);
  gaws_shape_set_string (input, gaws_shape_info_find_member (info, "Key"), key);
  request = gaws_protocol_rest_new_request (op, input, &error);
  g_assert_no_error (error);
  return request;
}

static void
test_rest_path_kept_template (void)
{
  const GawsOperationInfo *op = gaws_service_info_find_operation (gaws_s3_get_service_info (), "PutObject");
  const char *other_uris[] = { "/k/{Key}/b/{Bucket+}?tail", "/{Bucket}{Key}", "/{Key+}" };
  const char *other_paths[] = { "/k/a%2Fb%20c/b/x/y", "/x%2Fya%2Fb%20c", "/a/b%20c" };

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GawsHttpRequest) first = new_object_request (op, "bucket", "a/b c");
      g_autoptr(GawsHttpRequest) second = new_object_request (op, "b.2", "\xc3\xa9/~-_.%+{}?#");
      g_autofree GawsOperationInfo *other = g_memdup2 (op, sizeof *op);
      g_autofree char *uri = g_strdup (other_uris[round]);
      g_autoptr(GawsHttpRequest) third = NULL;

      g_assert_cmpstr (gaws_http_request_get_path (first), ==, "/bucket/a/b%20c");
      g_assert_null (gaws_http_request_get_query (first));
      g_assert_cmpstr (gaws_http_request_get_path (second), ==, "/b.2/%C3%A9/~-_.%25%2B%7B%7D%3F%23");
      other->request_uri = uri;
      third = new_object_request (other, "x/y", "a/b c");
      g_assert_cmpstr (gaws_http_request_get_path (third), ==, other_paths[round]);
      g_assert_cmpstr (gaws_http_request_get_query (third), ==, round == 0 ? "tail" : NULL);
    }
}

/* A template of more labels than the stack room holds, of a shape without
 * a class of its own, and braces that make no label, render as before:
 * an unclosed one is text, a label naming no member is missing. */
static const GawsShapeInfo label_string = { .name = "S", .kind = GAWS_SHAPE_KIND_STRING, .payload = -1 };

static void
test_rest_path_odd_templates (void)
{
  static const GawsMemberInfo members[] = {
    { .name = "A", .shape = &label_string, .location = GAWS_LOCATION_URI, .location_name = "A" },
  };
  const GawsShapeInfo info = {
    .name = "Labels", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = members, .n_members = 1, .payload = -1,
  };
  g_autoptr(GString) uri = g_string_new (NULL), expected = g_string_new (NULL);
  GawsOperationInfo op = { .name = "Labels", .http_method = "GET", .input = &info };
  g_autoptr(GawsShape) input = gaws_shape_new (&info);
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  gaws_shape_set_string (input, 0, "a/b");
  for (guint i = 0; i < 20; i++)
    {
      g_string_append_printf (uri, "/%u{A}", i);
      g_string_append_printf (expected, "/%ua%%2Fb", i);
    }
  g_string_append (uri, "/{A+}?q");
  g_string_append (expected, "/a/b");
  op.request_uri = uri->str;
  request = gaws_protocol_rest_new_request (&op, input, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_http_request_get_path (request), ==, expected->str);
  g_assert_cmpstr (gaws_http_request_get_query (request), ==, "q");
  g_clear_object (&request);

  op.request_uri = "/{A}/x{y";
  request = gaws_protocol_rest_new_request (&op, input, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_http_request_get_path (request), ==, "/a%2Fb/x{y");
  g_clear_object (&request);

  op.request_uri = "/{A}/{B+}";
  request = gaws_protocol_rest_new_request (&op, input, &error);
  g_assert_null (request);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, ": B"));
}

/* ---- REST bindings, one list per shape for requests and responses ---- */

static const GawsShapeInfo bound_string = { .name = "S", .kind = GAWS_SHAPE_KIND_STRING, .payload = -1 };
static const GawsShapeInfo bound_integer = { .name = "I", .kind = GAWS_SHAPE_KIND_INTEGER, .payload = -1 };

/* every location, interleaved, under names a response could have as
 * headers too */
static const GawsMemberInfo bound_members[] = {
  { .name = "Body", .shape = &bound_string },
  { .name = "Label", .shape = &bound_string, .location = GAWS_LOCATION_URI, .location_name = "Label" },
  { .name = "Second", .shape = &bound_string, .location = GAWS_LOCATION_HEADER, .location_name = "x-second" },
  { .name = "Query", .shape = &bound_string, .location = GAWS_LOCATION_QUERYSTRING, .location_name = "x-query" },
  { .name = "First", .shape = &bound_string, .location = GAWS_LOCATION_HEADER, .location_name = "x-first" },
  { .name = "Status", .shape = &bound_integer, .location = GAWS_LOCATION_STATUS_CODE },
  { .name = "Count", .shape = &bound_integer, .location = GAWS_LOCATION_QUERYSTRING, .location_name = "count" },
  { .name = "Unset", .shape = &bound_string, .location = GAWS_LOCATION_HEADER, .location_name = "x-unset" },
};

static const GawsShapeInfo bound_struct = {
  .name = "Bound", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = bound_members,
  .n_members = G_N_ELEMENTS (bound_members), .payload = -1,
};

/* A request takes the query and headers in member order, with only the
 * members set, and its URI labels encoded; a response sets its header and
 * status code members, not its URI or query ones of the same names. */
static void
test_rest_bindings_both_ways (void)
{
  const GawsOperationInfo op = {
    .name = "Bound", .http_method = "PUT", .request_uri = "/{Label}?fixed", .input = &bound_struct,
    .output = &bound_struct,
  };
  g_autoptr(GawsShape) input = gaws_shape_new (&bound_struct);
  g_autoptr(GawsShape) output = gaws_shape_new (&bound_struct);
  g_autoptr(GawsHttpResponse) response = gaws_http_response_new (206);
  GawsHttpHeaders *response_headers = gaws_http_response_get_headers (response);
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  GawsHttpHeaders *headers;

  gaws_shape_set_string (input, 0, "body");
  gaws_shape_set_string (input, 1, "a b/c");
  gaws_shape_set_string (input, 2, "two, \"2\"");
  gaws_shape_set_string (input, 3, "q&v");
  gaws_shape_set_string (input, 4, " one\t");
  gaws_shape_set_int (input, 6, -7);
  request = gaws_protocol_rest_new_request (&op, input, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_http_request_get_path (request), ==, "/a%20b%2Fc");
  g_assert_cmpstr (gaws_http_request_get_query (request), ==, "fixed&x-query=q%26v&count=-7");
  headers = gaws_http_request_get_headers (request);
  g_assert_cmpuint (gaws_http_headers_get_length (headers), ==, 2);
  g_assert_cmpstr (gaws_http_headers_get_name (headers, 0), ==, "x-second");
  g_assert_cmpstr (gaws_http_headers_get_value (headers, 0), ==, "two, \"2\"");
  g_assert_cmpstr (gaws_http_headers_get_name (headers, 1), ==, "x-first");
  g_assert_cmpstr (gaws_http_headers_get_value (headers, 1), ==, " one\t");

  gaws_http_headers_append (response_headers, "Label", "no");
  gaws_http_headers_append (response_headers, "x-query", "no");
  gaws_http_headers_append (response_headers, "count", "3");
  gaws_http_headers_append (response_headers, "X-First", "1");
  g_assert_true (gaws_protocol_rest_read_new_bindings (output, response, &error));
  g_assert_no_error (error);
  g_assert_false (gaws_shape_is_set (output, 0));
  g_assert_false (gaws_shape_is_set (output, 1));
  g_assert_false (gaws_shape_is_set (output, 2));
  g_assert_false (gaws_shape_is_set (output, 3));
  g_assert_cmpstr (gaws_shape_get_string (output, 4), ==, "1");
  g_assert_cmpint (gaws_shape_get_int (output, 5), ==, 206);
  g_assert_false (gaws_shape_is_set (output, 6));
  g_assert_false (gaws_shape_is_set (output, 7));
}

/* A generated input class keeps its bindings: ListObjectsV2's query
 * string and headers, asked twice, come out the same and in member
 * order, and its output reads only its headers. */
static void
test_rest_bindings_generated (void)
{
  const GawsOperationInfo *op = gaws_service_info_find_operation (gaws_s3_get_service_info (), "ListObjectsV2");

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GawsShape) input = gaws_shape_new_from_json_string (
        op->input, "{\"Bucket\": \"b k\", \"Prefix\": \"a/b c\", \"MaxKeys\": 5, "
        "\"ExpectedBucketOwner\": \"owner\", \"StartAfter\": \"\"}", &error);
      g_autoptr(GawsHttpRequest) request = NULL;
      g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200);
      g_autoptr(GawsShape) output = gaws_shape_new (op->output);

      g_assert_no_error (error);
      request = gaws_protocol_rest_new_request (op, input, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (gaws_http_request_get_path (request), ==, "/b%20k");
      g_assert_cmpstr (gaws_http_request_get_query (request), ==,
                       "list-type=2&max-keys=5&prefix=a%2Fb%20c&start-after=");
      g_assert_cmpstr (gaws_http_headers_get_one (gaws_http_request_get_headers (request),
                                                  "x-amz-expected-bucket-owner"), ==, "owner");

      gaws_http_headers_append (gaws_http_response_get_headers (response), "x-amz-request-charged", "requester");
      gaws_http_headers_append (gaws_http_response_get_headers (response), "prefix", "no");
      g_assert_true (gaws_protocol_rest_read_new_bindings (output, response, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (gaws_shape_get_string (output, gaws_shape_info_find_member (op->output, "RequestCharged")),
                       ==, "requester");
      g_assert_false (gaws_shape_is_set (output, gaws_shape_info_find_member (op->output, "Prefix")));
    }
}

/* Integers travel as their decimal text, written on the stack: in a URI
 * label, the query string and headers, at the ends of their ranges; the
 * other scalars as before. */

static const GawsShapeInfo bound_long = { .name = "L", .kind = GAWS_SHAPE_KIND_LONG, .payload = -1 };
static const GawsShapeInfo bound_boolean = { .name = "B", .kind = GAWS_SHAPE_KIND_BOOLEAN, .payload = -1 };

static const GawsMemberInfo integer_members[] = {
  { .name = "Part", .shape = &bound_integer, .location = GAWS_LOCATION_URI, .location_name = "Part" },
  { .name = "Low", .shape = &bound_long, .location = GAWS_LOCATION_QUERYSTRING, .location_name = "low" },
  { .name = "High", .shape = &bound_long, .location = GAWS_LOCATION_HEADER, .location_name = "x-high" },
  { .name = "Zero", .shape = &bound_integer, .location = GAWS_LOCATION_HEADER, .location_name = "x-zero" },
  { .name = "Min", .shape = &bound_integer, .location = GAWS_LOCATION_HEADER, .location_name = "x-min" },
  { .name = "Flag", .shape = &bound_boolean, .location = GAWS_LOCATION_HEADER, .location_name = "x-flag" },
  { .name = "Name", .shape = &bound_string, .location = GAWS_LOCATION_HEADER, .location_name = "x-name" },
  { .name = "Empty", .shape = &bound_string, .location = GAWS_LOCATION_QUERYSTRING, .location_name = "empty" },
};

static const GawsShapeInfo integer_struct = {
  .name = "Integers", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = integer_members,
  .n_members = G_N_ELEMENTS (integer_members), .payload = -1,
};

static void
test_rest_bindings_integers (void)
{
  const GawsOperationInfo op = {
    .name = "Integers", .http_method = "GET", .request_uri = "/p/{Part}", .input = &integer_struct,
  };
  g_autoptr(GawsShape) input = gaws_shape_new (&integer_struct);
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  GawsHttpHeaders *headers;

  gaws_shape_set_int (input, 0, -12);
  gaws_shape_set_int64 (input, 1, G_MININT64);
  gaws_shape_set_int64 (input, 2, G_MAXINT64);
  gaws_shape_set_int (input, 3, 0);
  gaws_shape_set_int (input, 4, G_MININT32);
  gaws_shape_set_boolean (input, 5, FALSE);
  gaws_shape_set_string (input, 6, "caf\xc3\xa9 \"x\"");
  gaws_shape_set_string (input, 7, "");
  request = gaws_protocol_rest_new_request (&op, input, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_http_request_get_path (request), ==, "/p/-12");
  g_assert_cmpstr (gaws_http_request_get_query (request), ==, "low=-9223372036854775808&empty=");
  headers = gaws_http_request_get_headers (request);
  g_assert_cmpuint (gaws_http_headers_get_length (headers), ==, 5);
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "x-high"), ==, "9223372036854775807");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "x-zero"), ==, "0");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "x-min"), ==, "-2147483648");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "x-flag"), ==, "false");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "x-name"), ==, "caf\xc3\xa9 \"x\"");
}

/* A shape of more members than the stack room holds has its bindings on
 * the heap, the last one as bound as the first. */
static void
test_rest_bindings_many (void)
{
  GawsMemberInfo members[70];
  char *names[G_N_ELEMENTS (members)] = { 0 };
  GawsShapeInfo info = {
    .name = "Many", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = members, .n_members = G_N_ELEMENTS (members),
    .payload = -1,
  };
  const GawsOperationInfo op = { .name = "Many", .http_method = "GET", .request_uri = "/", .input = &info };
  g_autoptr(GawsShape) input = NULL;
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      names[i] = g_strdup_printf ("x-h%u", i);
      members[i] = (GawsMemberInfo) { .name = names[i], .shape = &bound_string, .location = GAWS_LOCATION_HEADER,
                                      .location_name = names[i] };
    }
  input = gaws_shape_new (&info);
  gaws_shape_set_string (input, 0, "first");
  gaws_shape_set_string (input, 69, "last");
  request = gaws_protocol_rest_new_request (&op, input, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_http_headers_get_one (gaws_http_request_get_headers (request), "x-h0"), ==, "first");
  g_assert_cmpstr (gaws_http_headers_get_one (gaws_http_request_get_headers (request), "x-h69"), ==, "last");
  g_assert_null (gaws_http_headers_get_one (gaws_http_request_get_headers (request), "x-h68"));
  g_clear_object (&request);
  g_clear_object (&input);
  /* g_autofree on an array would free its first element only */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_free (names[i]);
}

/* A stream payload's length is the one a Content-Length header declares,
 * as g_ascii_string_to_unsigned() reads it (plain digits in place), and
 * unknown (-1) when there is none or it is not a length; the stream given
 * is the body, and an octet-stream Content-Type is added. */
static void
test_rest_stream_payload_length (void)
{
  static const char *const declared[] = {
    NULL, "", "0", "1024", "007", "-5", "-0", "+5", " 5", "5 ", "12a", "0x10",
    "999999999999999999", "1000000000000000000", "9223372036854775807", "9223372036854775808",
    "99999999999999999999",
  };
  const GawsOperationInfo *op = gaws_service_info_find_operation (gaws_s3_get_service_info (), "PutObject");
  const GawsShapeInfo *info = op->input;
  const GawsMemberInfo *payload = gaws_protocol_rest_get_payload (info);

  g_assert_nonnull (payload);
  for (guint i = 0; i < G_N_ELEMENTS (declared); i++)
    {
      g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("PUT");
      g_autoptr(GInputStream) stream = g_memory_input_stream_new ();
      GValue value = G_VALUE_INIT;
      guint64 expected;

      if (declared[i] == NULL || !g_ascii_string_to_unsigned (declared[i], 10, 0, G_MAXINT64, &expected, NULL))
        expected = (guint64) -1;
      if (declared[i] != NULL)
        gaws_http_headers_append (gaws_http_request_get_headers (request), "Content-Length", declared[i]);
      g_value_init (&value, G_TYPE_INPUT_STREAM);
      g_value_set_object (&value, stream);
      gaws_protocol_rest_set_raw_payload (request, payload, &value);
      g_value_unset (&value);
      g_test_message ("Content-Length: %s", declared[i] ? declared[i] : "(none)");
      g_assert_cmpint (gaws_http_request_get_body_length (request), ==, (gint64) expected);
      g_assert_true (gaws_http_request_get_body_stream (request) == stream);
      g_assert_cmpstr (gaws_http_headers_get_one (gaws_http_request_get_headers (request), "Content-Type"), ==,
                       "application/octet-stream");
    }
}

/* A stream of a subclass in a slot of that type is a stream payload too. */
static void
test_rest_stream_payload_subtype (void)
{
  const GawsOperationInfo *op = gaws_service_info_find_operation (gaws_s3_get_service_info (), "PutObject");
  const GawsMemberInfo *payload = gaws_protocol_rest_get_payload (op->input);
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("PUT");
  g_autoptr(GInputStream) stream = g_memory_input_stream_new ();
  GValue value = G_VALUE_INIT;

  gaws_http_headers_append (gaws_http_request_get_headers (request), "Content-Length", "12");
  gaws_http_headers_append (gaws_http_request_get_headers (request), "Content-Type", "text/x-odd; a=\"b\"");
  g_value_init (&value, G_TYPE_MEMORY_INPUT_STREAM);
  g_value_set_object (&value, stream);
  gaws_protocol_rest_set_raw_payload (request, payload, &value);
  g_value_unset (&value);
  g_assert_true (gaws_http_request_get_body_stream (request) == stream);
  g_assert_cmpint (gaws_http_request_get_body_length (request), ==, 12);
  g_assert_cmpstr (gaws_http_headers_get_one (gaws_http_request_get_headers (request), "Content-Type"), ==,
                   "text/x-odd; a=\"b\"");
}

/* ---- member paths, printed only for errors ---- */

static void
expect_path (const char *op_name, const char *json, const char *message)
{
  const GawsOperationInfo *op = gaws_service_info_find_operation (gaws_s3_get_service_info (), op_name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) input = gaws_shape_new_from_json_string (op->input, json, &error);

  g_assert_null (input);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_json_error_paths (void)
{
  expect_path ("PutObject", "{\"Bucket\": 3}", "Invalid type for parameter Bucket: expected a string");
  expect_path ("DeleteObjects", "{\"Bucket\": \"b\", \"Delete\": {\"Objects\": [{\"Key\": \"a\"}, {\"Key\": 5}]}}",
               "Invalid type for parameter Delete.Objects[1].Key: expected a string");
  expect_path ("PutObject", "{\"Bucket\": \"b\", \"Metadata\": {\"k\": 5}}",
               "Invalid type for parameter Metadata[\"k\"]: expected a string");
  expect_path ("DeleteObjects", "{\"Bucket\": \"b\", \"Delete\": {\"Nope\": 1}}",
               "Unknown parameter in Delete: “Nope”, must be one of the members of Delete");
  expect_path ("PutObject", "{\"Nope\": 1}",
               "Unknown parameter in input: “Nope”, must be one of the members of PutObjectRequest");
}

int
main (int argc, char *argv[])
{
  gaws_test_init (&argc, &argv);
  g_test_add_func ("/perf/endpoint-rules/shared", test_rules_shared);
  g_test_add_func ("/perf/s3/endpoints-per-client", test_s3_endpoints_per_client);
  g_test_add_func ("/perf/s3/endpoints-long-url", test_s3_endpoints_long_url);
  g_test_add_func ("/perf/s3/endpoints-last-found", test_s3_endpoints_last_found);
  g_test_add_func ("/perf/client-settings", test_client_settings);
  g_test_add_func ("/perf/client-settings-peek", test_client_settings_peek);
  g_test_add_func ("/perf/invocation-ids", test_invocation_ids);
  g_test_add_func ("/perf/s3-200-error/sniffed", test_200_error_sniffed);
  g_test_add_func ("/perf/s3-200-error/code", test_200_error_code);
  g_test_add_func ("/perf/s3-200-error/not-for-streams-nor-payloads", test_200_error_not_for_streams_nor_payloads);
  g_test_add_func ("/perf/json-error-paths", test_json_error_paths);
  g_test_add_func ("/perf/rest-path/lengths", test_rest_path_lengths);
  g_test_add_func ("/perf/rest-path/missing-label", test_rest_path_missing_label);
  g_test_add_func ("/perf/rest-path/kept-template", test_rest_path_kept_template);
  g_test_add_func ("/perf/rest-path/odd-templates", test_rest_path_odd_templates);
  g_test_add_func ("/perf/rest-bindings/both-ways", test_rest_bindings_both_ways);
  g_test_add_func ("/perf/rest-bindings/generated", test_rest_bindings_generated);
  g_test_add_func ("/perf/rest-bindings/many", test_rest_bindings_many);
  g_test_add_func ("/perf/rest-bindings/integers", test_rest_bindings_integers);
  g_test_add_func ("/perf/rest-payload/stream-length", test_rest_stream_payload_length);
  g_test_add_func ("/perf/rest-payload/stream-subtype", test_rest_stream_payload_subtype);
  return g_test_run ();
}
