/* test-service-registry.c: generated services found by name at run time:
 * registered by a linked library, loaded with GModule, or a clear error
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * This program links the generated sso library but not sso-oidc, which the
 * registry loads from GAWS_SERVICE_PATH (set by tests/meson.build).
 */
#include "gaws-test-util.h"
#include "gaws-test-server.h"

#include <string.h>
#include <gaws-sso.h>

/* Linking is enough: the library registered itself when it was loaded,
 * before its client class was ever used. */
static void
test_registered_by_linked_library (void)
{
  g_autoptr(GError) error = NULL;
  const GawsServiceInfo *info;

  g_assert_true (g_type_from_name ("GawsSsoClient") == G_TYPE_INVALID);
  info = gaws_service_registry_lookup ("sso", &error);
  g_assert_no_error (error);
  g_assert_true (info == gaws_sso_get_service_info ());
  /* found without the class, so by the library's constructor */
  g_assert_true (g_type_from_name ("GawsSsoClient") == G_TYPE_INVALID);
  g_assert_nonnull (gaws_service_info_find_operation (info, "GetRoleCredentials"));
}

static void
test_new_client_of_linked_library (void)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsClient) client = NULL;

  gaws_client_config_set_region (config, "eu-west-1");
  client = gaws_service_registry_new_client ("sso", session, config, &error);
  g_assert_no_error (error);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (client, GAWS_SSO_TYPE_CLIENT));
  g_assert_true (gaws_client_get_model (client) == gaws_sso_get_service_info ());
  g_assert_cmpstr (gaws_client_get_service_info (client)->signing_name, ==, "awsssoportal");
  g_assert_true (gaws_client_get_config (client) == config);
}

/* sso-oidc is not linked: the registry loads libgaws-sso-oidc-1 itself. */
static void
test_loaded_with_gmodule (void)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsClient) client = NULL;
  GType type;

  g_assert_true (g_type_from_name ("GawsSsoOidcClient") == G_TYPE_INVALID);
  type = gaws_service_registry_get_client_type ("sso-oidc", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_type_name (type), ==, "GawsSsoOidcClient");
  g_assert_true (g_type_is_a (type, GAWS_TYPE_CLIENT));
  client = gaws_service_registry_new_client ("sso-oidc", session, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (G_OBJECT_TYPE (client) == type);
  g_assert_nonnull (gaws_service_info_find_operation (gaws_client_get_model (client), "CreateToken"));
  /* found again without loading again */
  g_assert_true (gaws_service_registry_lookup ("sso-oidc", &error) == gaws_client_get_model (client));
  g_assert_no_error (error);
}

static void
test_unknown_service (void)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsClient) client = gaws_service_registry_new_client ("no-such-service", session, NULL,
                                                                   &error);

  g_assert_null (client);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "The no-such-service service is not available"));
  g_assert_nonnull (strstr (error->message, "libgaws-no-such-service-1"));
  g_clear_error (&error);
  g_assert_true (gaws_service_registry_get_client_type ("no-such-service", &error) == G_TYPE_INVALID);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
}

/* ---- an auth-none operation through a client found by name ---------------- */

typedef struct {
  GMutex  lock;
  char   *path;
  char   *authorization;
  char   *bearer;
} Seen;

static void
record_request (const GawsTestServerRequest *request,
                GawsTestServerReply         *reply,
                gpointer                     user_data)
{
  Seen *seen = user_data;

  g_mutex_lock (&seen->lock);
  g_free (seen->path);
  seen->path = g_strdup (request->path);
  g_free (seen->authorization);
  seen->authorization = g_strdup (gaws_http_headers_get_one (request->headers, "Authorization"));
  g_free (seen->bearer);
  seen->bearer = g_strdup (gaws_http_headers_get_one (request->headers, "x-amz-sso_bearer_token"));
  g_mutex_unlock (&seen->lock);
  gaws_test_server_reply_set_body (reply, "application/json",
                                   "{\"roleCredentials\": {\"accessKeyId\": \"ASIAX\", "
                                   "\"secretAccessKey\": \"s\", \"sessionToken\": \"t\", "
                                   "\"expiration\": 1700000000000}}", -1);
}

/* GetRoleCredentials is auth none: sent unsigned, as botocore sends it,
 * even when the session has credentials. */
static void
test_auth_none_is_unsigned (void)
{
  Seen seen = { 0 };
  GawsTestServer *server = gaws_test_server_new (record_request, &seen);
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsClient) client = NULL;
  g_autoptr(GawsShape) input = NULL;
  g_autoptr(GawsShape) output = NULL;
  g_autofree char *json = NULL;
  const GawsOperationInfo *op;

  gaws_client_config_set_region (config, "us-east-1");
  gaws_client_config_set_endpoint_url (config, gaws_test_server_get_url (server));
  client = gaws_service_registry_new_client ("sso", session, config, &error);
  g_assert_no_error (error);
  op = gaws_service_info_find_operation (gaws_client_get_model (client), "GetRoleCredentials");
  input = gaws_shape_new_from_json_string (op->input,
                                           "{\"roleName\": \"Dev\", \"accountId\": \"123456789012\", "
                                           "\"accessToken\": \"bearer-token\"}", &error);
  g_assert_no_error (error);
  output = gaws_operation_invoke_sync (client, op, input, NULL, &error);
  g_assert_no_error (error);
  json = gaws_shape_to_json_string (output);
  g_assert_nonnull (strstr (json, "\"accessKeyId\":\"ASIAX\""));
  g_assert_cmpstr (seen.path, ==, "/federation/credentials?role_name=Dev&account_id=123456789012");
  g_assert_cmpstr (seen.bearer, ==, "bearer-token");
  g_assert_null (seen.authorization);
  gaws_test_server_free (server);
  g_free (seen.path);
  g_free (seen.authorization);
  g_free (seen.bearer);
  g_mutex_clear (&seen.lock);
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);
  g_test_add_func ("/service-registry/registered-by-linked-library", test_registered_by_linked_library);
  g_test_add_func ("/service-registry/new-client-of-linked-library", test_new_client_of_linked_library);
  g_test_add_func ("/service-registry/loaded-with-gmodule", test_loaded_with_gmodule);
  g_test_add_func ("/service-registry/unknown-service", test_unknown_service);
  g_test_add_func ("/service-registry/auth-none-is-unsigned", test_auth_none_is_unsigned);
  return g_test_run ();
}
