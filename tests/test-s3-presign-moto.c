/* test-s3-presign-moto.c: presigned URLs and POSTs used with plain libcurl against moto_server
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * moto 5 does not check the signature of a presigned URL, nor its expiry:
 * with authentication on (INITIAL_NO_AUTH_ACTION_COUNT) it looks for an
 * Authorization header and answers 500 without one. So moto runs without
 * authentication here, and these tests check that the URLs and forms
 * reach the right bucket and key and carry the bodies through: encoded
 * keys, path and virtual-hosted style, signed headers, multipart/form-data
 * POST. The signatures are checked against botocore's in test-s3-presign,
 * and expiry against s3rver, which enforces it, in test-s3-presign-npm.
 */
#include "gaws-test-util.h"
#include "gaws-test-curl.h"
#include "gaws-test-moto.h"
#include "gaws-test-raw.h"

#include <string.h>

#define BUCKET "gaws-presign"
#define REGION "us-east-1"

static GawsTestMoto *moto;

static GawsCredentials *
credentials (void)
{
  return gaws_credentials_new ("AKIDPRESIGN", "presign-secret", NULL, NULL, "test");
}

static GawsClient *
s3_client (void)
{
  g_autoptr(GawsSession) session = gaws_test_moto_new_session (moto, "AKIDPRESIGN", "presign-secret");
  g_autoptr(GawsClientConfig) config = gaws_test_moto_new_config (moto);

  return gaws_client_new (session, config, &gaws_test_s3_service);
}

static GBytes *
pattern (gsize size, guint seed)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 17 + seed);
  return g_bytes_new_take (data, size);
}

static char *
presign (const char *method, const char *key, const char *endpoint, GawsS3AddressingStyle style)
{
  g_autoptr(GawsCredentials) creds = credentials ();
  g_autoptr(GError) error = NULL;
  char *url = gaws_s3_generate_presigned_url (creds, REGION, endpoint, style, method, BUCKET, key, NULL, 300, NULL,
                                              &error);

  g_assert_no_error (error);
  return url;
}

static void
put_and_get_back (const char *key, const char *endpoint, GawsS3AddressingStyle style, gsize size)
{
  g_autoptr(GBytes) data = pattern (size, (guint) strlen (key));
  g_autofree char *put_url = presign ("PUT", key, endpoint, style);
  g_autofree char *get_url = presign ("GET", key, endpoint, style);
  g_autoptr(GBytes) got = NULL;

  g_test_message ("%s", put_url);
  g_assert_cmpuint (gaws_test_curl_request ("PUT", put_url, NULL, data, NULL), ==, 200);
  g_assert_cmpuint (gaws_test_curl_request ("GET", get_url, NULL, NULL, &got), ==, 200);
  g_assert_true (g_bytes_equal (got, data));
}

static void
test_put_then_get (void)
{
  put_and_get_back ("plain.bin", gaws_test_moto_get_url (moto), GAWS_S3_ADDRESSING_STYLE_AUTO, 200 * 1024);
}

static void
test_encoded_key (void)
{
  /* A space, UTF-8 and slashes; moto re-encodes paths with werkzeug's
   * rules, so characters it leaves bare (`+`, `(`) are for the botocore
   * comparison in test-s3-presign, not here. */
  put_and_get_back ("dir/sub dir/caf\xc3\xa9 n\xc2\xb0" "1.txt", gaws_test_moto_get_url (moto),
                    GAWS_S3_ADDRESSING_STYLE_PATH, 1000);
}

static void
test_virtual_hosted (void)
{
  /* bucket.localhost resolves to the loopback address in curl */
  g_autofree char *endpoint = g_strdup_printf ("http://localhost:%s",
                                               strrchr (gaws_test_moto_get_url (moto), ':') + 1);
  g_autofree char *url = presign ("GET", "k", endpoint, GAWS_S3_ADDRESSING_STYLE_VIRTUAL);

  g_assert_true (g_str_has_prefix (url, "http://" BUCKET ".localhost:"));
  put_and_get_back ("virtual/k.bin", endpoint, GAWS_S3_ADDRESSING_STYLE_VIRTUAL, 5000);
}

static void
test_signed_header_goes_through (void)
{
  g_autoptr(GawsCredentials) creds = credentials ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpRequest) request =
    gaws_s3_presign_build_request ("PUT", REGION, gaws_test_moto_get_url (moto), GAWS_S3_ADDRESSING_STYLE_AUTO,
                                   BUCKET, "typed.json", &error);
  g_autoptr(GBytes) data = g_bytes_new_static ("{\"a\": 1}", 8);
  g_autoptr(GawsClient) client = s3_client ();
  g_autoptr(GawsHttpResponse) head = NULL;
  g_autofree char *url = NULL;
  const char *headers[] = { "Content-Type: application/json", NULL };

  g_assert_no_error (error);
  gaws_http_headers_append (gaws_http_request_get_headers (request), "Content-Type", "application/json");
  url = gaws_s3_presign_request (request, creds, REGION, 300, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (url, "X-Amz-SignedHeaders=content-type%3Bhost"));
  g_assert_cmpuint (gaws_test_curl_request ("PUT", url, headers, data, NULL), ==, 200);

  head = gaws_test_s3_call (client, "HEAD", "/" BUCKET "/typed.json", NULL, -1, GAWS_HTTP_BODY_BUFFERED, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_http_headers_get_one (gaws_http_response_get_headers (head), "Content-Type"), ==,
                   "application/json");
}

static void
test_presigned_post_upload (void)
{
  g_autoptr(GawsCredentials) creds = credentials ();
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsS3PresignedPost) post = NULL;
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GBytes) file = pattern (70 * 1024, 3);
  g_autoptr(GBytes) got = NULL;
  g_autofree char *get_url = NULL;
  const char * const *names;

  g_hash_table_insert (fields, "success_action_status", "201");
  g_hash_table_insert (fields, "Content-Type", "application/octet-stream");
  post = gaws_s3_generate_presigned_post (creds, REGION, gaws_test_moto_get_url (moto), GAWS_S3_ADDRESSING_STYLE_AUTO,
                                          BUCKET, "posted/form upload.bin", fields,
                                          "[[\"content-length-range\", 1, 1048576], "
                                          "{\"success_action_status\": \"201\"}, "
                                          "[\"starts-with\", \"$Content-Type\", \"application/\"]]",
                                          600, NULL, &error);
  g_assert_no_error (error);
  names = gaws_s3_presigned_post_get_field_names (post);
  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (values, (gpointer) gaws_s3_presigned_post_get_field (post, names[i]));
  g_ptr_array_add (values, NULL);

  g_assert_cmpuint (gaws_test_curl_post_form (gaws_s3_presigned_post_get_url (post), names,
                                              (const char * const *) values->pdata, "upload.bin", file, NULL),
                    ==, 201);
  get_url = presign ("GET", "posted/form upload.bin", gaws_test_moto_get_url (moto), GAWS_S3_ADDRESSING_STYLE_AUTO);
  g_assert_cmpuint (gaws_test_curl_request ("GET", get_url, NULL, NULL, &got), ==, 200);
  g_assert_true (g_bytes_equal (got, file));
}

static void
create_bucket (void)
{
  g_autoptr(GawsClient) client = s3_client ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response =
    gaws_test_s3_call (client, "PUT", "/" BUCKET, NULL, -1, GAWS_HTTP_BODY_BUFFERED, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  moto = gaws_test_moto_start (G_MAXUINT);
  create_bucket ();

  g_test_add_func ("/s3/presign/moto/put-then-get-with-curl", test_put_then_get);
  g_test_add_func ("/s3/presign/moto/encoded-key", test_encoded_key);
  g_test_add_func ("/s3/presign/moto/virtual-hosted", test_virtual_hosted);
  g_test_add_func ("/s3/presign/moto/signed-header-goes-through", test_signed_header_goes_through);
  g_test_add_func ("/s3/presign/moto/post-upload-with-curl-mime", test_presigned_post_upload);
  status = g_test_run ();

  gaws_test_moto_stop (moto);
  return status;
}
