/* test-s3-presign-npm.c: presigned URLs against s3rver, which refuses expired ones
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * s3rver checks a presigned URL's X-Amz-Date and X-Amz-Expires against its
 * clock and its access key id against its account (S3RVER), though not the
 * SigV4 signature itself (see test-s3-presign for that, against botocore).
 */
#include "gaws-test-util.h"
#include "gaws-test-curl.h"
#include "gaws-test-emulator.h"

#include <string.h>

#define BUCKET "gaws-presign-expiry"

static GawsTestEmulator *s3rver;

static char *
presign (const char *key_id, const char *method, GDateTime *when, guint expires)
{
  g_autoptr(GawsCredentials) credentials = gaws_credentials_new (key_id, "S3RVER", NULL, NULL, "test");
  g_autoptr(GError) error = NULL;
  char *url = gaws_s3_generate_presigned_url (credentials, "us-east-1", gaws_test_emulator_get_url (s3rver),
                                              GAWS_S3_ADDRESSING_STYLE_AUTO, method, BUCKET, "object.txt", NULL,
                                              expires, when, &error);

  g_assert_no_error (error);
  return url;
}

static void
test_fresh_url_accepted (void)
{
  g_autoptr(GBytes) data = g_bytes_new_static ("presigned body", 14);
  g_autofree char *put = presign ("S3RVER", "PUT", NULL, 60);
  g_autofree char *get = presign ("S3RVER", "GET", NULL, 60);
  g_autoptr(GBytes) got = NULL;

  g_assert_cmpuint (gaws_test_curl_request ("PUT", put, NULL, data, NULL), ==, 200);
  g_assert_cmpuint (gaws_test_curl_request ("GET", get, NULL, NULL, &got), ==, 200);
  g_assert_true (g_bytes_equal (got, data));
}

static void
test_expired_url_refused (void)
{
  /* signed two hours ago for one hour */
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_hours (now, -2);
  g_autofree char *get = presign ("S3RVER", "GET", then, 3600);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpuint (gaws_test_curl_request ("GET", get, NULL, NULL, &body), ==, 403);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_nonnull (strstr (text, "<Code>AccessDenied</Code>"));
  g_assert_nonnull (strstr (text, "Request has expired"));
}

static void
test_unknown_key_refused (void)
{
  g_autofree char *get = presign ("AKIDNOSUCHKEY", "GET", NULL, 60);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpuint (gaws_test_curl_request ("GET", get, NULL, NULL, &body), ==, 403);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_nonnull (strstr (text, "<Code>InvalidAccessKeyId</Code>"));
}

static void
create_bucket (void)
{
  g_autoptr(GawsCredentials) credentials = gaws_credentials_new ("S3RVER", "S3RVER", NULL, NULL, "test");
  g_autoptr(GError) error = NULL;
  g_autofree char *url = gaws_s3_generate_presigned_url (credentials, "us-east-1", gaws_test_emulator_get_url (s3rver),
                                                         GAWS_S3_ADDRESSING_STYLE_AUTO, "PUT", BUCKET, NULL, NULL,
                                                         60, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (gaws_test_curl_request ("PUT", url, NULL, NULL, NULL), ==, 200);
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  s3rver = gaws_test_emulator_start (GAWS_TEST_EMULATOR_S3RVER, NULL);
  create_bucket ();

  g_test_add_func ("/s3/presign/s3rver/fresh-url-accepted", test_fresh_url_accepted);
  g_test_add_func ("/s3/presign/s3rver/expired-url-refused", test_expired_url_refused);
  g_test_add_func ("/s3/presign/s3rver/unknown-key-refused", test_unknown_key_refused);
  status = g_test_run ();

  gaws_test_emulator_stop (s3rver);
  return status;
}
