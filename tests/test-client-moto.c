/* test-client-moto.c: the transport against moto_server with SigV4 checking
 * on: a key created through IAM must pass moto's signature checks, and a
 * wrong secret or an unknown key must be refused
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-moto.h"
#include "gaws-test-raw.h"

#include <string.h>

static const GawsClientServiceInfo sts_service = {
  .service_id = "STS", .endpoint_prefix = "sts", .signing_name = "sts", .env_name = "STS",
};


static GawsTestMoto *moto;
static char *user_key_id;
static char *user_secret;

static GawsHttpResponse *
call (const GawsClientServiceInfo *service, const char *key, const char *secret,
      const char *action, const char *version, const char *params, GError **error)
{
  g_autoptr(GawsSession) session = gaws_test_moto_new_session (moto, key, secret);
  g_autoptr(GawsClientConfig) config = gaws_test_moto_new_config (moto);
  g_autoptr(GawsClient) client = gaws_client_new (session, config, service);
  g_autoptr(GawsHttpRequest) request = gaws_test_query_request (action, version, params);
  GawsRequestOptions options = { .operation_name = action };

  return gaws_client_send_sync (client, request, &options, NULL, error);
}

static void
test_signed_request_accepted (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response =
    call (&sts_service, user_key_id, user_secret, "GetCallerIdentity", "2011-06-15", NULL, &error);
  g_autofree char *arn = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (gaws_http_response_get_status (response), ==, 200);
  g_assert_cmpuint (gaws_http_response_get_retry_attempts (response), ==, 0);
  arn = gaws_test_xml_text (gaws_http_response_get_body (response), "Arn");
  g_assert_nonnull (arn);
  g_assert_true (g_str_has_suffix (arn, ":user/gaws-tester"));
}

static void
test_signed_global_service_accepted (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response =
    call (&gaws_test_iam_service, user_key_id, user_secret, "ListUsers", "2010-05-08", "MaxItems=10", &error);
  g_autofree char *name = NULL;

  g_assert_no_error (error);
  name = gaws_test_xml_text (gaws_http_response_get_body (response), "UserName");
  g_assert_cmpstr (name, ==, "gaws-tester");
}

static void
test_wrong_secret_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wrong = g_strconcat (user_secret, "x", NULL);
  g_autoptr(GawsHttpResponse) response =
    call (&sts_service, user_key_id, wrong, "GetCallerIdentity", "2011-06-15", NULL, &error);

  g_assert_null (response);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "SignatureDoesNotMatch");
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 403);
  /* a refused signature is not retried */
  g_assert_cmpuint (gaws_error_get_retry_attempts (error), ==, 0);
  g_assert_true (g_str_has_prefix (error->message,
                                   "An error occurred (SignatureDoesNotMatch) when calling the "
                                   "GetCallerIdentity operation: "));
  /* the secret never shows in the message */
  g_assert_null (strstr (error->message, user_secret));
}

static void
test_unknown_key_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response =
    call (&sts_service, "AKIDNOSUCHKEY0000000", user_secret, "GetCallerIdentity", "2011-06-15", NULL, &error);

  g_assert_null (response);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "InvalidClientTokenId");
}

static void
test_service_error_is_matchable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response =
    call (&gaws_test_iam_service, user_key_id, user_secret, "GetUser", "2010-05-08", "UserName=nobody", &error);

  g_assert_null (response);
  g_assert_true (gaws_error_matches_code (error, "NoSuchEntity"));
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 404);
  g_assert_nonnull (gaws_error_get_request_id (error));
}

typedef struct {
  guint  pending;
  guint  succeeded;
} Concurrent;

static void
concurrent_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Concurrent *c = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response = gaws_client_send_finish (GAWS_CLIENT (source), result, &error);

  g_assert_no_error (error);
  c->succeeded++;
  c->pending--;
}

static void
test_concurrent_calls_one_client (void)
{
  g_autoptr(GawsSession) session = gaws_test_moto_new_session (moto, user_key_id, user_secret);
  g_autoptr(GawsClientConfig) config = gaws_test_moto_new_config (moto);
  g_autoptr(GawsClient) client = gaws_client_new (session, config, &sts_service);
  Concurrent c = { 0, 0 };

  for (int i = 0; i < 20; i++)
    {
      g_autoptr(GawsHttpRequest) request = gaws_test_query_request ("GetCallerIdentity", "2011-06-15", NULL);
      GawsRequestOptions options = { .operation_name = "GetCallerIdentity" };
      c.pending++;
      gaws_client_send_async (client, request, &options, NULL, concurrent_done_cb, &c);
    }
  while (c.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (c.succeeded, ==, 20);
}

static GawsClient *
user_client (const GawsClientServiceInfo *service)
{
  g_autoptr(GawsSession) session = gaws_test_moto_new_session (moto, user_key_id, user_secret);
  g_autoptr(GawsClientConfig) config = gaws_test_moto_new_config (moto);
  return gaws_client_new (session, config, service);
}

static void
test_dynamodb_round_trip (void)
{
  g_autoptr(GawsClient) client = user_client (&gaws_test_dynamodb_service);
  gaws_test_check_dynamodb_round_trip (client);
}

static void
test_s3_round_trip (void)
{
  /* S3 signs differently: no path normalization, x-amz-content-sha256 */
  g_autoptr(GawsClient) client = user_client (&gaws_test_s3_service);
  gaws_test_check_s3_round_trip (client);
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  /* moto lets the user's set-up through unsigned and checks every request after it */
  moto = gaws_test_moto_start (GAWS_TEST_MOTO_ADMIN_USER_ACTIONS);
  gaws_test_moto_create_admin_user (moto, "gaws-tester", &user_key_id, &user_secret);

  g_test_add_func ("/client/moto/signed-request-accepted", test_signed_request_accepted);
  g_test_add_func ("/client/moto/signed-global-service-accepted", test_signed_global_service_accepted);
  g_test_add_func ("/client/moto/wrong-secret-refused", test_wrong_secret_refused);
  g_test_add_func ("/client/moto/unknown-key-refused", test_unknown_key_refused);
  g_test_add_func ("/client/moto/service-error-is-matchable", test_service_error_is_matchable);
  g_test_add_func ("/client/moto/concurrent-calls-one-client", test_concurrent_calls_one_client);
  g_test_add_func ("/client/moto/signed-dynamodb-round-trip", test_dynamodb_round_trip);
  g_test_add_func ("/client/moto/signed-s3-round-trip", test_s3_round_trip);
  status = g_test_run ();

  g_free (user_key_id);
  g_free (user_secret);
  gaws_test_moto_stop (moto);
  return status;
}
