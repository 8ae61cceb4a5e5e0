/* test-s3-presign.c: presigned S3 URLs and POST policies, against botocore's
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * tests/data/s3-presign.jsonl holds what botocore 1.43 made for each case
 * with its clock fixed at 2013-05-24T00:00:00Z (see make-s3-presign.py,
 * which wrote it): URLs are compared whole, but for the order of their
 * query parameters, which botocore takes from the operation model and gaws
 * sorts (the signature does not depend on it); POSTs field by field and
 * their policy documents byte for byte.
 */
#include "gaws-test-util.h"

#include <jansson.h>
#include <string.h>

#define KEY_ID  "AKIAIOSFODNN7EXAMPLE"
#define SECRET  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

static GDateTime *
fixed_time (void)
{
  return g_date_time_new_utc (2013, 5, 24, 0, 0, 0);
}

static GawsCredentials *
credentials_with_token (const char *token)
{
  return gaws_credentials_new (KEY_ID, SECRET, token, NULL, "test");
}

static GawsS3AddressingStyle
style_from (const char *name)
{
  if (g_str_equal (name, "path"))
    return GAWS_S3_ADDRESSING_STYLE_PATH;
  if (g_str_equal (name, "virtual"))
    return GAWS_S3_ADDRESSING_STYLE_VIRTUAL;
  return GAWS_S3_ADDRESSING_STYLE_AUTO;
}

static const char *
string_or_null (json_t *object, const char *member)
{
  return json_string_value (json_object_get (object, member));
}

static GHashTable *
string_table (json_t *object)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *name;
  json_t *value;

  json_object_foreach (object, name, value)
    g_hash_table_insert (table, g_strdup (name), g_strdup (json_string_value (value)));
  return table;
}

static GPtrArray *
load_cases (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "s3-presign.jsonl", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *cases = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      {
        json_t *json = json_loads (lines[i], 0, NULL);
        g_assert_nonnull (json);
        g_ptr_array_add (cases, json);
      }
  g_assert_cmpuint (cases->len, >=, 20);
  return cases;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static char *
sorted_query (const char *query)
{
  g_auto(GStrv) params = g_strsplit (query, "&", -1);

  qsort (params, g_strv_length (params), sizeof (char *), compare_strings);
  return g_strjoinv ("&", params);
}

/* "base?b=2&a=1" and "base?a=1&b=2" are the same URL to S3. */
static void
assert_same_url (const char *got, const char *expected)
{
  g_auto(GStrv) got_parts = g_strsplit (got, "?", 2);
  g_auto(GStrv) expected_parts = g_strsplit (expected, "?", 2);
  g_autofree char *got_query = NULL;
  g_autofree char *expected_query = NULL;

  g_assert_cmpstr (got_parts[0], ==, expected_parts[0]);
  g_assert_nonnull (got_parts[1]);
  g_assert_nonnull (expected_parts[1]);
  got_query = sorted_query (got_parts[1]);
  expected_query = sorted_query (expected_parts[1]);
  g_assert_cmpstr (got_query, ==, expected_query);
}

static void
test_presigned_urls_match_botocore (void)
{
  g_autoptr(GPtrArray) cases = load_cases ();
  g_autoptr(GDateTime) when = fixed_time ();
  guint n = 0;

  for (guint i = 0; i < cases->len; i++)
    {
      json_t *c = cases->pdata[i];
      g_autoptr(GawsCredentials) credentials = NULL;
      g_autoptr(GHashTable) params = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *url = NULL;
      const char *region = string_or_null (c, "region");
      GawsS3AddressingStyle style = style_from (string_or_null (c, "style"));
      guint expires = (guint) json_integer_value (json_object_get (c, "expires"));

      if (!g_str_equal (string_or_null (c, "kind"), "url"))
        continue;
      g_test_message ("%s", string_or_null (c, "name"));
      credentials = credentials_with_token (string_or_null (c, "token"));
      params = string_table (json_object_get (c, "params"));

      if (json_object_size (json_object_get (c, "headers")) == 0)
        url = gaws_s3_generate_presigned_url (credentials, region, string_or_null (c, "endpoint_url"), style,
                                              string_or_null (c, "method"), string_or_null (c, "bucket"),
                                              string_or_null (c, "key"), params, expires, when, &error);
      else
        {
          /* headers to sign: build the request, add them, presign it */
          g_autoptr(GawsHttpRequest) request =
            gaws_s3_presign_build_request (string_or_null (c, "method"), region, string_or_null (c, "endpoint_url"),
                                           style, string_or_null (c, "bucket"), string_or_null (c, "key"), &error);
          const char *name;
          json_t *value;

          g_assert_no_error (error);
          json_object_foreach (json_object_get (c, "headers"), name, value)
            gaws_http_headers_append (gaws_http_request_get_headers (request), name, json_string_value (value));
          url = gaws_s3_presign_request (request, credentials, region, expires, when, &error);
        }
      g_assert_no_error (error);
      assert_same_url (url, string_or_null (c, "url"));
      n++;
    }
  g_assert_cmpuint (n, ==, 17);
}

static void
test_aws_documentation_example (void)
{
  /* https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html */
  g_autoptr(GawsCredentials) credentials = credentials_with_token (NULL);
  g_autoptr(GDateTime) when = fixed_time ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = gaws_s3_generate_presigned_url (credentials, "us-east-1", NULL, GAWS_S3_ADDRESSING_STYLE_UNSET,
                                                         "GET", "examplebucket", "test.txt", NULL, 86400, when,
                                                         &error);

  g_assert_no_error (error);
  g_assert_cmpstr (url, ==,
                   "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                   "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                   "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                   "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

static void
test_presigned_posts_match_botocore (void)
{
  g_autoptr(GPtrArray) cases = load_cases ();
  g_autoptr(GDateTime) when = fixed_time ();
  guint n = 0;

  for (guint i = 0; i < cases->len; i++)
    {
      json_t *c = cases->pdata[i];
      g_autoptr(GawsCredentials) credentials = NULL;
      g_autoptr(GHashTable) fields = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GawsS3PresignedPost) post = NULL;
      json_t *expected_fields = json_object_get (c, "fields_out");
      const char * const *names;
      size_t index;
      json_t *pair;
      guint n_fields = 0;

      if (!g_str_equal (string_or_null (c, "kind"), "post"))
        continue;
      g_test_message ("%s", string_or_null (c, "name"));
      credentials = credentials_with_token (string_or_null (c, "token"));
      fields = string_table (json_object_get (c, "fields"));
      post = gaws_s3_generate_presigned_post (credentials, string_or_null (c, "region"),
                                              string_or_null (c, "endpoint_url"),
                                              style_from (string_or_null (c, "style")),
                                              string_or_null (c, "bucket"), string_or_null (c, "key"), fields,
                                              string_or_null (c, "conditions"),
                                              (guint) json_integer_value (json_object_get (c, "expires")),
                                              when, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (gaws_s3_presigned_post_get_url (post), ==, string_or_null (c, "url"));
      g_assert_cmpstr (gaws_s3_presigned_post_get_policy (post), ==, string_or_null (c, "policy"));

      names = gaws_s3_presigned_post_get_field_names (post);
      json_array_foreach (expected_fields, index, pair)
        {
          const char *name = json_string_value (json_array_get (pair, 0));
          g_assert_cmpstr (gaws_s3_presigned_post_get_field (post, name), ==,
                           json_string_value (json_array_get (pair, 1)));
        }
      while (names[n_fields] != NULL)
        n_fields++;
      g_assert_cmpuint (n_fields, ==, json_array_size (expected_fields));
      g_assert_cmpuint (g_hash_table_size (gaws_s3_presigned_post_get_fields (post)), ==, n_fields);
      /* the caller's fields come in the order of the hash table, sorted;
       * botocore's in the order of its dict: compare the signing fields,
       * which come after them, in order */
      for (guint k = g_hash_table_size (fields); k < n_fields; k++)
        g_assert_cmpstr (names[k], ==, json_string_value (json_array_get (json_array_get (expected_fields, k), 0)));
      n++;
    }
  g_assert_cmpuint (n, ==, 3);
}

static void
test_post_policy_contents (void)
{
  g_autoptr(GawsCredentials) credentials = credentials_with_token (NULL);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 12, 31, 23, 30, 0);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsS3PresignedPost) post = NULL;
  g_autofree guchar *decoded = NULL;
  gsize decoded_length = 0;
  json_t *policy;

  /* a caller's "key" or "policy" field cannot replace the signed ones */
  g_hash_table_insert (fields, "key", "other");
  g_hash_table_insert (fields, "policy", "forged");
  g_hash_table_insert (fields, "success_action_status", "201");
  post = gaws_s3_generate_presigned_post (credentials, "us-west-2", NULL, GAWS_S3_ADDRESSING_STYLE_AUTO,
                                          "bucket", "k", fields, "[[\"eq\", \"$success_action_status\", \"201\"]]",
                                          3600, when, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_s3_presigned_post_get_field (post, "key"), ==, "k");
  g_assert_cmpstr (gaws_s3_presigned_post_get_field (post, "success_action_status"), ==, "201");
  g_assert_cmpstr (gaws_s3_presigned_post_get_field (post, "x-amz-date"), ==, "20261231T233000Z");
  g_assert_cmpstr (gaws_s3_presigned_post_get_field (post, "x-amz-credential"), ==,
                   KEY_ID "/20261231/us-west-2/s3/aws4_request");
  g_assert_null (gaws_s3_presigned_post_get_field (post, "x-amz-security-token"));
  g_assert_cmpstr (gaws_s3_presigned_post_get_field_names (post)[0], ==, "success_action_status");

  decoded = g_base64_decode (gaws_s3_presigned_post_get_field (post, "policy"), &decoded_length);
  g_assert_cmpmem (decoded, decoded_length, gaws_s3_presigned_post_get_policy (post),
                   strlen (gaws_s3_presigned_post_get_policy (post)));
  policy = json_loads (gaws_s3_presigned_post_get_policy (post), 0, NULL);
  /* expiration crosses the year */
  g_assert_cmpstr (json_string_value (json_object_get (policy, "expiration")), ==, "2027-01-01T00:30:00Z");
  g_assert_cmpuint (json_array_size (json_object_get (policy, "conditions")), ==, 6);
  json_decref (policy);
}

static void
test_errors (void)
{
  g_autoptr(GawsCredentials) credentials = credentials_with_token (NULL);
  g_autoptr(GawsCredentials) no_secret = gaws_credentials_new (KEY_ID, "", NULL, NULL, "test");
  g_autoptr(GError) error = NULL;
  char *url;
  GawsS3PresignedPost *post;

  url = gaws_s3_generate_presigned_url (credentials, "us-east-1", NULL, 0, "GET", "b", "k", NULL, 0, NULL, &error);
  g_assert_null (url);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SIGNING);
  g_clear_error (&error);
  url = gaws_s3_generate_presigned_url (credentials, "us-east-1", NULL, 0, "GET", "b", "k", NULL, 604801, NULL, &error);
  g_assert_null (url);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SIGNING);
  g_clear_error (&error);
  url = gaws_s3_generate_presigned_url (credentials, "", NULL, 0, "GET", "b", "k", NULL, 60, NULL, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  url = gaws_s3_generate_presigned_url (credentials, "us-east-1", NULL, 0, "GET", NULL, "k", NULL, 60, NULL, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  url = gaws_s3_generate_presigned_url (credentials, "us-east-1", NULL, 0, "GET", "b", "", NULL, 60, NULL, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  url = gaws_s3_generate_presigned_url (credentials, "us-east-1", "not a url", 0, "GET", "b", "k", NULL, 60, NULL,
                                        &error);
  g_assert_null (url);
  g_assert_error (error, G_URI_ERROR, G_URI_ERROR_BAD_HOST);
  g_clear_error (&error);

  post = gaws_s3_generate_presigned_post (credentials, "us-east-1", NULL, 0, "b", "k", NULL, "{\"a\": 1}", 60, NULL,
                                          &error);
  g_assert_null (post);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  post = gaws_s3_generate_presigned_post (credentials, "us-east-1", NULL, 0, "b", "k", NULL, "[1,", 60, NULL, &error);
  g_assert_null (post);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  post = gaws_s3_generate_presigned_post (no_secret, "us-east-1", NULL, 0, "b", "k", NULL, NULL, 60, NULL, &error);
  g_assert_null (post);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SIGNING);
}

static void
test_now_is_the_default_time (void)
{
  g_autoptr(GawsCredentials) credentials = credentials_with_token (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "X-Amz-Date=%Y%m%dT");
  g_autoptr(GError) error = NULL;
  g_autofree char *url = gaws_s3_generate_presigned_url (credentials, "us-east-1", NULL, 0, "GET", "b-b", "k", NULL,
                                                         60, NULL, &error);

  g_assert_no_error (error);
  /* (could fail only in the second around midnight UTC) */
  g_assert_nonnull (strstr (url, today));
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);

  g_test_add_func ("/s3/presign/aws-documentation-example", test_aws_documentation_example);
  g_test_add_func ("/s3/presign/urls-match-botocore", test_presigned_urls_match_botocore);
  g_test_add_func ("/s3/presign/posts-match-botocore", test_presigned_posts_match_botocore);
  g_test_add_func ("/s3/presign/post-policy-contents", test_post_policy_contents);
  g_test_add_func ("/s3/presign/errors", test_errors);
  g_test_add_func ("/s3/presign/now-is-the-default-time", test_now_is_the_default_time);
  return g_test_run ();
}
