/* test-generated-endpoints.c: generated clients carry their service's
 * endpoint rule set, and preparing one finds its endpoint from it, without
 * any network
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-server.h"

#include <string.h>

#include <gaws-dynamodb.h>
#include <gaws-iam.h>
#include <gaws-s3.h>
#include <gaws-sts.h>

typedef GawsClient *(*ClientNew) (GawsSession *session, GawsClientConfig *config);

static void
prepare_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;

  if (!gaws_client_prepare_finish (GAWS_CLIENT (source), result, error) && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "failed without error");
  if (*error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

/* A client of @client_new with explicit credentials, in @region (or none),
 * with @endpoint_url configured (or none), prepared on the main context. */
static GawsClient *
prepared_client (ClientNew    client_new,
                 const char  *region,
                 const char  *endpoint_url)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  GawsClient *client;
  GError *result = NULL;

  if (region != NULL)
    gaws_session_set_region (session, region);
  if (endpoint_url != NULL)
    gaws_client_config_set_endpoint_url (config, endpoint_url);
  client = client_new (session, config);
  g_assert_nonnull (gaws_client_get_service_info (client)->endpoint_rule_set_json);
  gaws_client_prepare_async (client, NULL, prepare_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!g_error_matches (result, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_assert_no_error (result);
  g_clear_error (&result);
  return client;
}

#define CLIENT_NEW(svc) \
  static GawsClient * \
  new_##svc (GawsSession *session, GawsClientConfig *config) \
  { \
    return GAWS_CLIENT (gaws_##svc##_client_new (session, config)); \
  }

CLIENT_NEW (dynamodb)
CLIENT_NEW (iam)
CLIENT_NEW (s3)
CLIENT_NEW (sts)

#define PREPARED(svc, region, url) prepared_client (new_##svc, region, url)

static void
test_dynamodb_regional (void)
{
  g_autoptr(GawsClient) client = PREPARED (dynamodb, "eu-west-1", NULL);

  g_assert_cmpstr (gaws_client_get_endpoint_url (client), ==, "https://dynamodb.eu-west-1.amazonaws.com");
}

static void
test_iam_global_signs_in_us_east_1 (void)
{
  g_autoptr(GawsClient) client = PREPARED (iam, "eu-west-1", NULL);
  g_autoptr(GawsClient) without_region = PREPARED (iam, NULL, NULL);
  g_autoptr(GawsEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (gaws_client_get_endpoint_url (client), ==, "https://iam.amazonaws.com");
  endpoint = gaws_client_resolve_endpoint (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_endpoint_get_url (endpoint), ==, "https://iam.amazonaws.com");
  g_assert_cmpstr (gaws_endpoint_get_signing_region (endpoint), ==, "us-east-1");

  g_assert_cmpstr (gaws_client_get_endpoint_url (without_region), ==, "https://iam.amazonaws.com");
}

/* The regional endpoint, as botocore does since sts_regional_endpoints
 * defaults to `regional`. */
static void
test_sts_regional (void)
{
  g_autoptr(GawsClient) client = PREPARED (sts, "us-east-1", NULL);

  g_assert_cmpstr (gaws_client_get_endpoint_url (client), ==, "https://sts.us-east-1.amazonaws.com");
}

static void
test_s3_regional (void)
{
  g_autoptr(GawsClient) client = PREPARED (s3, "us-west-2", NULL);

  g_assert_cmpstr (gaws_client_get_endpoint_url (client), ==, "https://s3.us-west-2.amazonaws.com");
}

static void
test_china_partition (void)
{
  g_autoptr(GawsClient) dynamodb = PREPARED (dynamodb, "cn-north-1", NULL);
  g_autoptr(GawsClient) s3 = PREPARED (s3, "cn-north-1", NULL);
  g_autoptr(GawsClient) iam = PREPARED (iam, "cn-north-1", NULL);
  g_autoptr(GawsEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (gaws_client_get_endpoint_url (dynamodb), ==, "https://dynamodb.cn-north-1.amazonaws.com.cn");
  g_assert_cmpstr (gaws_client_get_endpoint_url (s3), ==, "https://s3.cn-north-1.amazonaws.com.cn");
  g_assert_cmpstr (gaws_client_get_endpoint_url (iam), ==, "https://iam.cn-north-1.amazonaws.com.cn");
  endpoint = gaws_client_resolve_endpoint (iam, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_endpoint_get_signing_region (endpoint), ==, "cn-north-1");
}

static void
test_configured_endpoint_url_wins (void)
{
  const char *url = "http://127.0.0.1:4566";
  g_autoptr(GawsClient) dynamodb = PREPARED (dynamodb, "eu-west-1", url);
  g_autoptr(GawsClient) iam = PREPARED (iam, "eu-west-1", url);
  g_autoptr(GawsClient) sts = PREPARED (sts, "us-east-1", url);
  g_autoptr(GawsClient) s3 = PREPARED (s3, "us-west-2", url);

  g_assert_cmpstr (gaws_client_get_endpoint_url (dynamodb), ==, url);
  g_assert_cmpstr (gaws_client_get_endpoint_url (iam), ==, url);
  g_assert_cmpstr (gaws_client_get_endpoint_url (sts), ==, url);
  g_assert_cmpstr (gaws_client_get_endpoint_url (s3), ==, url);
}

static void
record_authorization (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  char **authorization = user_data;

  g_free (*authorization);
  *authorization = g_strdup (gaws_http_headers_get_one (request->headers, "Authorization"));
  gaws_test_server_reply_set_body (reply, "text/xml",
    "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/x</Arn>"
    "<UserId>X</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
    "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>", -1);
}

/* STS's regional rules give no signing region: the request must be signed
 * for the client's region, not for the global us-east-1. */
static void
test_sts_signs_for_its_region (void)
{
  g_autofree char *authorization = NULL;
  g_autoptr(GawsTestServer) server = gaws_test_server_new (record_authorization, &authorization);
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsStsClient) client = NULL;
  g_autoptr(GawsStsGetCallerIdentityResponse) identity = NULL;
  g_autoptr(GError) error = NULL;

  gaws_session_set_region (session, "eu-west-1");
  gaws_client_config_set_endpoint_url (config, gaws_test_server_get_url (server));
  client = gaws_sts_client_new (session, config);
  identity = gaws_sts_client_get_caller_identity_sync (client, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (authorization);
  g_assert_nonnull (strstr (authorization, "/eu-west-1/sts/aws4_request"));
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);
  g_test_add_func ("/generated/endpoints/dynamodb-regional", test_dynamodb_regional);
  g_test_add_func ("/generated/endpoints/iam-global-signs-in-us-east-1", test_iam_global_signs_in_us_east_1);
  g_test_add_func ("/generated/endpoints/sts-regional", test_sts_regional);
  g_test_add_func ("/generated/endpoints/sts-signs-for-its-region", test_sts_signs_for_its_region);
  g_test_add_func ("/generated/endpoints/s3-regional", test_s3_regional);
  g_test_add_func ("/generated/endpoints/china-partition", test_china_partition);
  g_test_add_func ("/generated/endpoints/configured-endpoint-url-wins", test_configured_endpoint_url_wins);
  return g_test_run ();
}
