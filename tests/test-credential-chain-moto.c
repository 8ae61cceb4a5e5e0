/* test-credential-chain-moto.c: assume-role and web identity against moto's STS,
 * with signature checking on: the assumed role's temporary credentials must
 * sign a GetCallerIdentity that moto accepts and answers with the role's ARN
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "gaws-test-moto.h"
#include "gaws-test-raw.h"
#include "gaws-test-util.h"

static const GawsClientServiceInfo sts_service = {
  .service_id = "STS", .endpoint_prefix = "sts", .signing_name = "sts", .env_name = "STS",
};

#define ACCOUNT         "123456789012"

static GawsTestMoto *moto;
static char *user_key_id;
static char *user_secret;

static GawsHttpResponse *
call_with_session (GawsSession *session, const GawsClientServiceInfo *service,
                   const char *action, const char *version, const char *params, GError **error)
{
  g_autoptr(GawsClient) client = gaws_client_new (session, NULL, service);
  g_autoptr(GawsHttpRequest) request = gaws_test_query_request (action, version, params);
  GawsRequestOptions options = { .operation_name = action };

  return gaws_client_send_sync (client, request, &options, NULL, error);
}

static GawsHttpResponse *
call_as (const char *key, const char *secret, const GawsClientServiceInfo *service,
         const char *action, const char *version, const char *params, GError **error)
{
  g_autoptr(GawsSession) session = gaws_test_moto_new_session (moto, key, secret);

  return call_with_session (session, service, action, version, params, error);
}

static void
create_role (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *create = g_strdup_printf ("RoleName=%s&AssumeRolePolicyDocument=%s", name, GAWS_TEST_ADMIN_POLICY);
  g_autofree char *policy = g_strdup_printf ("RoleName=%s&PolicyName=admin&PolicyDocument=%s", name,
                                             GAWS_TEST_ADMIN_POLICY);
  g_autoptr(GawsHttpResponse) created =
    call_as (user_key_id, user_secret, &gaws_test_iam_service, "CreateRole", "2010-05-08", create, &error);
  g_autoptr(GawsHttpResponse) attached = NULL;

  g_assert_no_error (error);
  attached = call_as (user_key_id, user_secret, &gaws_test_iam_service, "PutRolePolicy", "2010-05-08", policy, &error);
  g_assert_no_error (error);
}

static void
set_up_account (void)
{
  gaws_test_moto_create_admin_user (moto, "gaws-tester", &user_key_id, &user_secret);
  /* From here on moto checks signatures. */
  create_role ("gaws-role-a");
  create_role ("gaws-role-b");
}

static void
write_profiles (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("HOME"), ".aws", NULL);
  g_autofree char *config_path = g_build_filename (dir, "config", NULL);
  g_autofree char *credentials_path = g_build_filename (dir, "credentials", NULL);
  g_autofree char *credentials = g_strdup_printf ("[base]\naws_access_key_id = %s\n"
                                                  "aws_secret_access_key = %s\n",
                                                  user_key_id, user_secret);
  const char *config =
    "[default]\nregion = us-east-1\n"
    "[profile base]\nregion = us-east-1\n"
    "[profile app]\nregion = us-east-1\nrole_arn = arn:aws:iam::" ACCOUNT ":role/gaws-role-a\n"
    "source_profile = base\nrole_session_name = gaws-moto-session\nduration_seconds = 900\n"
    "[profile chained]\nregion = us-east-1\nrole_arn = arn:aws:iam::" ACCOUNT ":role/gaws-role-b\n"
    "source_profile = app\nrole_session_name = gaws-chained\n"
    "[profile from-env]\nregion = us-east-1\nrole_arn = arn:aws:iam::" ACCOUNT ":role/gaws-role-a\n"
    "credential_source = Environment\nrole_session_name = env-session\n"
    "[profile loop]\nregion = us-east-1\nrole_arn = arn:aws:iam::" ACCOUNT ":role/gaws-role-a\n"
    "source_profile = loop-back\n"
    "[profile loop-back]\nrole_arn = arn:aws:iam::" ACCOUNT ":role/gaws-role-b\nsource_profile = loop\n";

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (credentials_path, credentials, -1, &error);
  g_assert_no_error (error);
}

static char *
caller_arn (GawsSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response =
    call_with_session (session, &sts_service, "GetCallerIdentity", "2011-06-15", NULL, &error);

  g_assert_no_error (error);
  return gaws_test_xml_text (gaws_http_response_get_body (response), "Arn");
}

typedef struct {
  gboolean         done;
  GawsCredentials *credentials;
  GError          *error;
} Outcome;

static void
credentials_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Outcome *outcome = user_data;

  outcome->credentials = gaws_session_get_credentials_finish (GAWS_SESSION (source), result,
                                                              &outcome->error);
  outcome->done = TRUE;
}

static GawsCredentials *
session_get (GawsSession *session, GError **error)
{
  Outcome outcome = { 0 };

  gaws_session_get_credentials_async (session, NULL, credentials_cb, &outcome);
  gaws_test_wait_for_task (&outcome.done);
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.credentials;
}

static GawsSession *
profile_session (const char *profile)
{
  GawsSession *session = gaws_session_new ();

  gaws_session_set_profile_name (session, profile);
  return session;
}

static void
test_assume_role_caller_identity (void)
{
  g_autoptr(GawsSession) session = profile_session ("app");
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *arn = NULL;

  credentials = session_get (session, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_credentials_get_source (credentials), ==, "assume-role");
  g_assert_true (g_str_has_prefix (gaws_credentials_get_access_key_id (credentials), "ASIA"));
  g_assert_nonnull (gaws_credentials_get_session_token (credentials));
  g_assert_nonnull (gaws_credentials_get_expiration (credentials));
  /* The same session signs GetCallerIdentity with the role's temporary
   * credentials; moto checks the signature and the session token. */
  arn = caller_arn (session);
  g_assert_cmpstr (arn, ==, "arn:aws:sts::" ACCOUNT ":assumed-role/gaws-role-a/gaws-moto-session");
}

static void
test_chained_roles (void)
{
  g_autoptr(GawsSession) session = profile_session ("chained");
  g_autofree char *arn = caller_arn (session);

  g_assert_cmpstr (arn, ==, "arn:aws:sts::" ACCOUNT ":assumed-role/gaws-role-b/gaws-chained");
}

static void
test_credential_source_environment (void)
{
  g_autoptr(GawsSession) session = profile_session ("from-env");
  g_autofree char *arn = NULL;

  g_setenv ("AWS_ACCESS_KEY_ID", user_key_id, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", user_secret, TRUE);
  arn = caller_arn (session);
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
  g_assert_cmpstr (arn, ==, "arn:aws:sts::" ACCOUNT ":assumed-role/gaws-role-a/env-session");
}

static void
test_cycle_is_an_error (void)
{
  g_autoptr(GawsSession) session = profile_session ("loop");
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = session_get (session, &error);
  g_assert_null (credentials);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "Infinite loop in credential configuration detected"));
}

/* AssumeRoleWithWebIdentity is unsigned, which moto's signature checks
 * cannot take: this one runs on a moto of its own that checks nothing. */
static void
test_web_identity (void)
{
  GawsTestMoto *open_moto = gaws_test_moto_start (G_MAXUINT);
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token_path = g_build_filename (g_getenv ("HOME"), "web-identity-token", NULL);
  g_autofree char *arn = NULL;

  g_setenv ("AWS_ENDPOINT_URL_STS", gaws_test_moto_get_url (open_moto), TRUE);
  g_file_set_contents (token_path, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwb2QifQ.c2lnbmF0dXJl", -1, &error);
  g_assert_no_error (error);
  g_setenv ("AWS_WEB_IDENTITY_TOKEN_FILE", token_path, TRUE);
  g_setenv ("AWS_ROLE_ARN", "arn:aws:iam::" ACCOUNT ":role/gaws-role-b", TRUE);
  g_setenv ("AWS_ROLE_SESSION_NAME", "gaws-irsa", TRUE);
  credentials = session_get (session, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_credentials_get_source (credentials), ==, "assume-role-with-web-identity");
  arn = caller_arn (session);
  g_assert_cmpstr (arn, ==, "arn:aws:sts::" ACCOUNT ":assumed-role/gaws-role-b/gaws-irsa");
  g_unsetenv ("AWS_WEB_IDENTITY_TOKEN_FILE");
  g_unsetenv ("AWS_ROLE_ARN");
  g_unsetenv ("AWS_ROLE_SESSION_NAME");
  g_unsetenv ("AWS_ENDPOINT_URL_STS");
  gaws_test_moto_stop (open_moto);
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  moto = gaws_test_moto_start (GAWS_TEST_MOTO_ADMIN_USER_ACTIONS);
  /* Every service, STS included, is moto. */
  g_setenv ("AWS_ENDPOINT_URL", gaws_test_moto_get_url (moto), TRUE);
  set_up_account ();
  write_profiles ();

  g_test_add_func ("/credentials/moto/assume-role-caller-identity", test_assume_role_caller_identity);
  g_test_add_func ("/credentials/moto/chained-roles", test_chained_roles);
  g_test_add_func ("/credentials/moto/credential-source-environment", test_credential_source_environment);
  g_test_add_func ("/credentials/moto/cycle-is-an-error", test_cycle_is_an_error);
  g_test_add_func ("/credentials/moto/web-identity", test_web_identity);
  status = g_test_run ();

  g_free (user_key_id);
  g_free (user_secret);
  gaws_test_moto_stop (moto);
  return status;
}
