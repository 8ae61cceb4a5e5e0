/* test-credentials.c: credential providers, the chain and its cache
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include <glib/gstdio.h>
#include <string.h>

#include "gaws-test-util.h"
#include "gaws-test-server.h"

/* ---- a counting fake provider --------------------------------------------- */

typedef enum {
  FAKE_NOTHING,
  FAKE_CREDENTIALS,
  FAKE_ERROR,
} FakeMode;

#define TEST_TYPE_FAKE_PROVIDER (test_fake_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestFakeProvider, test_fake_provider, TEST, FAKE_PROVIDER, GObject)

/* Answers after a delay, so that callers pile up while it is "fetching";
 * each answer is numbered: AKID1, AKID2, ... */
struct _TestFakeProvider {
  GObject   parent_instance;
  FakeMode  mode;
  guint     calls;
  guint     delay_ms;
  GTimeSpan lifetime;  /* 0: credentials that never expire */
};

static void test_fake_provider_iface_init (GawsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestFakeProvider, test_fake_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GAWS_TYPE_CREDENTIALS_PROVIDER,
                                                      test_fake_provider_iface_init))

static void
test_fake_provider_class_init (TestFakeProviderClass *klass)
{
}

static void
test_fake_provider_init (TestFakeProvider *self)
{
  self->mode = FAKE_CREDENTIALS;
  self->delay_ms = 20;
}

static TestFakeProvider *
fake_new (FakeMode mode, GTimeSpan lifetime)
{
  TestFakeProvider *self = g_object_new (TEST_TYPE_FAKE_PROVIDER, NULL);

  self->mode = mode;
  self->lifetime = lifetime;
  return self;
}

static gboolean
fake_answer (gpointer data)
{
  GTask *task = data;
  TestFakeProvider *self = g_task_get_source_object (task);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expiration = NULL;
  g_autofree char *akid = NULL;

  switch (self->mode)
    {
    case FAKE_NOTHING:
      g_task_return_pointer (task, NULL, NULL);
      break;
    case FAKE_ERROR:
      g_task_return_new_error (task, GAWS_ERROR, GAWS_ERROR_CREDENTIALS, "fake failure %u", self->calls);
      break;
    case FAKE_CREDENTIALS:
      akid = g_strdup_printf ("AKID%u", self->calls);
      if (self->lifetime != 0)
        expiration = g_date_time_add (now, self->lifetime);
      g_task_return_pointer (task, gaws_credentials_new (akid, "fake-secret", NULL, expiration, "fake"),
                             g_object_unref);
      break;
    }
  return G_SOURCE_REMOVE;
}

static void
fake_get_async (GawsCredentialsProvider *provider,
                GCancellable            *cancellable,
                GAsyncReadyCallback      callback,
                gpointer                 user_data)
{
  TestFakeProvider *self = TEST_FAKE_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  self->calls++;
  g_timeout_add_full (G_PRIORITY_DEFAULT, self->delay_ms, fake_answer, task, g_object_unref);
}

static GawsCredentials *
fake_get_finish (GawsCredentialsProvider *provider, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_fake_provider_iface_init (GawsCredentialsProviderInterface *iface)
{
  iface->get_credentials_async = fake_get_async;
  iface->get_credentials_finish = fake_get_finish;
}

/* ---- helpers -------------------------------------------------------------- */

static void
clear_aws_environment (void)
{
  g_auto(GStrv) names = g_listenv ();

  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_has_prefix (names[i], "AWS_") && !g_str_equal (names[i], "AWS_EC2_METADATA_DISABLED"))
      g_unsetenv (names[i]);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

typedef struct {
  char *home;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  clear_aws_environment ();
  fixture->home = gaws_test_make_temp_dir ();
  g_setenv ("HOME", fixture->home, TRUE);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  clear_aws_environment ();
  remove_tree (fixture->home);
  g_free (fixture->home);
}

static char *
write_file (const char *dir, const char *name, const char *contents, int mode)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

static void
write_aws_files (Fixture *fixture, const char *config, const char *credentials)
{
  g_autofree char *a = config ? write_file (fixture->home, ".aws/config", config, 0600) : NULL;
  g_autofree char *b = credentials ? write_file (fixture->home, ".aws/credentials", credentials, 0600)
                                   : NULL;
}

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GawsCredentials *
provider_get (GawsCredentialsProvider *provider, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gaws_credentials_provider_get_credentials_async (provider, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gaws_credentials_provider_get_credentials_finish (provider, result, error);
}

static GawsCredentials *
session_get (GawsSession *session, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gaws_session_get_credentials_async (session, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gaws_session_get_credentials_finish (session, result, error);
}

static GawsCredentials *
session_get_ok (GawsSession *session)
{
  g_autoptr(GError) error = NULL;
  GawsCredentials *credentials = session_get (session, &error);

  g_assert_no_error (error);
  g_assert_nonnull (credentials);
  return credentials;
}

static void
assert_error_contains (const GError *error, const char *fragment)
{
  g_assert_nonnull (error);
  if (strstr (error->message, fragment) == NULL)
    g_error ("\"%s\" does not contain \"%s\"", error->message, fragment);
}

/* ---- static and environment ----------------------------------------------- */

static void
test_static_explicit (void)
{
  g_autoptr(GawsCredentialsProvider) provider =
    gaws_static_credentials_provider_new ("AKIDSTATIC", "static-secret", "static-token");
  g_autoptr(GawsCredentialsProvider) partial =
    gaws_static_credentials_provider_new ("AKIDSTATIC", NULL, NULL);
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = provider_get (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (credentials), ==, "AKIDSTATIC");
  g_assert_cmpstr (gaws_credentials_get_secret_access_key (credentials), ==, "static-secret");
  g_assert_cmpstr (gaws_credentials_get_session_token (credentials), ==, "static-token");
  g_assert_cmpstr (gaws_credentials_get_source (credentials), ==, "explicit");

  g_assert_null (provider_get (partial, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  g_assert_cmpstr (error->message, ==, "Partial credentials found in explicit, missing: aws_secret_access_key");
}

static void
test_env_credentials (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsCredentialsProvider) provider = gaws_env_credentials_provider_new ();
  g_autoptr(GawsCredentials) plain = NULL;
  g_autoptr(GawsCredentials) temporary = NULL;
  g_autoptr(GError) error = NULL;
  GDateTime *expiration;

  g_assert_null (provider_get (provider, &error));
  g_assert_no_error (error);

  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "env-secret", TRUE);
  plain = provider_get (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (plain), ==, "AKIDENV");
  g_assert_cmpstr (gaws_credentials_get_secret_access_key (plain), ==, "env-secret");
  g_assert_null (gaws_credentials_get_session_token (plain));
  g_assert_null (gaws_credentials_get_expiration (plain));
  g_assert_cmpstr (gaws_credentials_get_source (plain), ==, "env");

  g_setenv ("AWS_SESSION_TOKEN", "session-token", TRUE);
  g_setenv ("AWS_SECURITY_TOKEN", "security-token", TRUE);
  g_setenv ("AWS_CREDENTIAL_EXPIRATION", "2099-01-02T03:04:05Z", TRUE);
  temporary = provider_get (provider, &error);
  g_assert_no_error (error);
  /* botocore reads AWS_SECURITY_TOKEN first. */
  g_assert_cmpstr (gaws_credentials_get_session_token (temporary), ==, "security-token");
  expiration = gaws_credentials_get_expiration (temporary);
  g_assert_nonnull (expiration);
  g_assert_cmpint (g_date_time_get_year (expiration), ==, 2099);
  g_assert_cmpint (g_date_time_get_hour (expiration), ==, 3);

  g_setenv ("AWS_CREDENTIAL_EXPIRATION", "soon", TRUE);
  g_assert_null (provider_get (provider, &error));
  assert_error_contains (error, "AWS_CREDENTIAL_EXPIRATION");
}

static void
test_env_partial_is_error (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsCredentialsProvider) provider = gaws_env_credentials_provider_new ();
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GError) error = NULL;

  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  g_assert_null (provider_get (provider, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  g_assert_cmpstr (error->message, ==, "Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY");
  g_clear_error (&error);

  /* It stops the default chain rather than letting a file win. */
  write_aws_files (fixture, NULL, "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n");
  g_assert_null (session_get (session, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
}

/* ---- the shared files ----------------------------------------------------- */

static void
test_profile_credentials_file (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GawsCredentialsProvider) provider =
    gaws_profile_credentials_provider_new (session, NULL, GAWS_PROFILE_CREDENTIALS_FILES_BOTH);
  g_autoptr(GawsCredentialsProvider) named =
    gaws_profile_credentials_provider_new (session, "dev", GAWS_PROFILE_CREDENTIALS_FILES_BOTH);
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GawsCredentials) dev = NULL;
  g_autoptr(GError) error = NULL;

  write_aws_files (fixture,
                   "[profile dev]\naws_access_key_id = AKIDCONFIGDEV\naws_secret_access_key = config-secret\n",
                   "[default]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = creds-secret\n"
                   "aws_session_token = creds-token\n");
  credentials = provider_get (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (credentials), ==, "AKIDCREDS");
  g_assert_cmpstr (gaws_credentials_get_session_token (credentials), ==, "creds-token");
  g_assert_cmpstr (gaws_credentials_get_source (credentials), ==, "shared-credentials-file");

  dev = provider_get (named, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (dev), ==, "AKIDCONFIGDEV");
  g_assert_cmpstr (gaws_credentials_get_source (dev), ==, "config-file");
}

static void
test_profile_partial_is_error (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GawsCredentialsProvider) provider =
    gaws_profile_credentials_provider_new (session, NULL, GAWS_PROFILE_CREDENTIALS_FILES_CREDENTIALS);
  g_autoptr(GError) error = NULL;

  write_aws_files (fixture, NULL, "[default]\naws_access_key_id = AKIDCREDS\n");
  g_assert_null (provider_get (provider, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  g_assert_cmpstr (error->message, ==,
                   "Partial credentials found in shared-credentials-file, missing: aws_secret_access_key");
}

static const char *const precedence_config =
  "[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = config-secret\n"
  "[profile other]\naws_access_key_id = AKIDOTHERCONFIG\naws_secret_access_key = other-secret\n";
static const char *const precedence_credentials =
  "[default]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = creds-secret\n";

static void
assert_session_akid (GawsSession *session, const char *expected)
{
  g_autoptr(GawsCredentials) credentials = session_get_ok (session);

  g_assert_cmpstr (gaws_credentials_get_access_key_id (credentials), ==, expected);
}

static void
test_session_precedence (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) explicit = NULL;
  g_autoptr(GawsSession) env = gaws_session_new ();
  g_autoptr(GawsSession) creds = gaws_session_new ();
  g_autoptr(GawsSession) config = gaws_session_new ();
  g_autoptr(GawsSession) named = gaws_session_new ();

  write_aws_files (fixture, precedence_config, precedence_credentials);
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "env-secret", TRUE);

  explicit = gaws_session_new_with_credentials ("AKIDEXPLICIT", "explicit-secret", NULL);
  assert_session_akid (explicit, "AKIDEXPLICIT");
  assert_session_akid (env, "AKIDENV");

  g_unsetenv ("AWS_ACCESS_KEY_ID");
  assert_session_akid (creds, "AKIDCREDS");

  write_aws_files (fixture, NULL, "[default]\nregion = r\n");
  assert_session_akid (config, "AKIDCONFIG");

  /* AWS_PROFILE picks the profile the files are read for. */
  g_setenv ("AWS_PROFILE", "other", TRUE);
  assert_session_akid (named, "AKIDOTHERCONFIG");
}

static void
test_session_explicit_profile_skips_env (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GawsSession) env_profile = gaws_session_new ();

  write_aws_files (fixture, precedence_config, precedence_credentials);
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "env-secret", TRUE);

  /* As in botocore, a profile named in code wins over environment keys... */
  gaws_session_set_profile_name (session, "other");
  assert_session_akid (session, "AKIDOTHERCONFIG");

  /* ...but one named through AWS_PROFILE does not. */
  g_setenv ("AWS_PROFILE", "other", TRUE);
  assert_session_akid (env_profile, "AKIDENV");
}

static void
test_session_missing_profile (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GError) error = NULL;

  write_aws_files (fixture, precedence_config, NULL);
  gaws_session_set_profile_name (session, "ghost");
  g_assert_null (session_get (session, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
  g_assert_cmpstr (error->message, ==, "The config profile (ghost) could not be found");
}

static void
test_no_credentials (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GError) error = NULL;

  write_aws_files (fixture, "[default]\nregion = us-east-1\n", NULL);
  g_assert_null (session_get (session, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  g_assert_cmpstr (error->message, ==, "Unable to locate credentials");
}

static void
test_chain_outlives_session (Fixture *fixture, gconstpointer data)
{
  GawsSession *session = gaws_session_new ();
  g_autoptr(GawsChainCredentialsProvider) chain = gaws_chain_credentials_provider_new_default (session);
  g_autoptr(GError) error = NULL;

  write_aws_files (fixture, NULL, precedence_credentials);
  g_assert_cmpuint (gaws_chain_credentials_provider_get_n_providers (chain), ==, 9);   /* botocore's default chain: env, assume-role, web identity, SSO, shared files, process, config, container, IMDS */
  g_object_unref (session);
  g_assert_null (provider_get (GAWS_CREDENTIALS_PROVIDER (chain), &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
}

/* ---- credential_process --------------------------------------------------- */

static char *
write_script (Fixture *fixture, const char *name, const char *body)
{
  g_autofree char *script = g_strconcat ("#!/bin/sh\n", body, NULL);

  return write_file (fixture->home, name, script, 0700);
}

static void
use_process (Fixture *fixture, const char *command_line)
{
  g_autofree char *config = g_strdup_printf ("[default]\ncredential_process = %s\n", command_line);

  write_aws_files (fixture, config, NULL);
}

static void
test_process_success (Fixture *fixture, gconstpointer data)
{
  g_autofree char *script = write_script (fixture, "bin dir/creds.sh",
    "printf '{\"Version\": 1, \"AccessKeyId\": \"%s\", \"SecretAccessKey\": \"%s\",'"
    " \"$2\" \"$3\"\n"
    "printf ' \"SessionToken\": \"tok\", \"Expiration\": \"2099-05-06T07:08:09Z\"}'\n");
  g_autofree char *quoted = g_shell_quote (script);
  g_autofree char *command = g_strdup_printf ("%s --key AKIDPROCESS 'process secret'", quoted);
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GawsCredentials) credentials = NULL;
  GDateTime *expiration;

  use_process (fixture, command);
  credentials = session_get_ok (session);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (credentials), ==, "AKIDPROCESS");
  g_assert_cmpstr (gaws_credentials_get_secret_access_key (credentials), ==, "process secret");
  g_assert_cmpstr (gaws_credentials_get_session_token (credentials), ==, "tok");
  g_assert_cmpstr (gaws_credentials_get_source (credentials), ==, "credential-process");
  expiration = gaws_credentials_get_expiration (credentials);
  g_assert_nonnull (expiration);
  g_assert_cmpint (g_date_time_get_month (expiration), ==, 5);
  g_assert_cmpint (g_date_time_get_second (expiration), ==, 9);
}

static void
test_process_failure_shows_stderr (Fixture *fixture, gconstpointer data)
{
  g_autofree char *script = write_script (fixture, "fail.sh",
    "echo '{\"Version\": 1, \"AccessKeyId\": \"AKID\", \"SecretAccessKey\": \"LEAKED-SECRET\"}'\n"
    "echo 'boom: token expired, run login' >&2\n"
    "exit 3\n");
  g_autofree char *silent = write_script (fixture, "silent.sh", "exit 4\n");
  g_autoptr(GawsCredentialsProvider) provider = gaws_process_credentials_provider_new_for_command (script);
  g_autoptr(GawsCredentialsProvider) quiet = gaws_process_credentials_provider_new_for_command (silent);
  g_autoptr(GawsCredentialsProvider) missing =
    gaws_process_credentials_provider_new_for_command ("/nonexistent/helper --flag");
  g_autoptr(GError) error = NULL;

  g_assert_null (provider_get (provider, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  assert_error_contains (error, "credential-process");
  assert_error_contains (error, "boom: token expired, run login");
  g_assert_null (strstr (error->message, "LEAKED-SECRET"));
  g_clear_error (&error);

  g_assert_null (provider_get (quiet, &error));
  assert_error_contains (error, "status 4");
  g_clear_error (&error);

  g_assert_null (provider_get (missing, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  g_clear_error (&error);
}

static void
expect_process_error (Fixture *fixture, const char *name, const char *output, const char *fragment)
{
  g_autofree char *body = g_strdup_printf ("cat <<'EOF'\n%s\nEOF\n", output);
  g_autofree char *script = write_script (fixture, name, body);
  g_autoptr(GawsCredentialsProvider) provider = gaws_process_credentials_provider_new_for_command (script);
  g_autoptr(GError) error = NULL;

  g_assert_null (provider_get (provider, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  g_test_message ("%s", error->message);
  assert_error_contains (error, fragment);
  g_assert_null (strstr (error->message, "SECRETXYZ"));
}

static void
test_process_bad_output (Fixture *fixture, gconstpointer data)
{
  expect_process_error (fixture, "a.sh",
                        "{\"Version\": 1, \"AccessKeyId\": \"AKID\", \"SecretAccessKey\": \"SECRETXYZ\"",
                        "not valid JSON");
  expect_process_error (fixture, "b.sh", "SECRETXYZ is not json", "not valid JSON");
  expect_process_error (fixture, "c.sh", "[\"SECRETXYZ\"]", "not a JSON object");
  expect_process_error (fixture, "d.sh", "{\"Version\": 1, \"AccessKeyId\": \"AKID\"}",
                        "Missing required key in response: 'SecretAccessKey'");
  expect_process_error (fixture, "e.sh",
                        "{\"Version\": 2, \"AccessKeyId\": \"AKID\", \"SecretAccessKey\": \"SECRETXYZ\"}",
                        "Unsupported version '2'");
  expect_process_error (fixture, "f.sh", "{\"AccessKeyId\": \"AKID\", \"SecretAccessKey\": \"SECRETXYZ\"}",
                        "<Version key not provided>");
  expect_process_error (fixture, "g.sh",
                        "{\"Version\": 1, \"AccessKeyId\": 7, \"SecretAccessKey\": \"SECRETXYZ\"}",
                        "'AccessKeyId' in the response is not a string");
  expect_process_error (fixture, "h.sh",
                        "{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"SECRETXYZ\","
                        " \"Expiration\": \"tomorrow\"}",
                        "not an ISO 8601 time");
}

static char *
format_expiration (GTimeSpan from_now)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add (now, from_now);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

static void
write_response (Fixture *fixture, guint n, GTimeSpan lifetime)
{
  g_autofree char *expiration = format_expiration (lifetime);
  g_autofree char *name = g_strdup_printf ("responses/%u.json", n);
  g_autofree char *json = g_strdup_printf ("{\"Version\": 1, \"AccessKeyId\": \"AKID%u\", "
                                           "\"SecretAccessKey\": \"s%u\", \"Expiration\": \"%s\"}",
                                           n, n, expiration);
  g_autofree char *path = write_file (fixture->home, name, json, 0600);
}

static guint
read_counter (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->home, "responses", "count", NULL);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  return (guint) g_ascii_strtoull (text, NULL, 10);
}

static void
test_process_expiry_refreshes (Fixture *fixture, gconstpointer data)
{
  /* Each run prints the next numbered response and counts itself. */
  g_autofree char *script = write_script (fixture, "refresh.sh",
    "dir=\"$(dirname \"$0\")/responses\"\n"
    "n=$(( $(cat \"$dir/count\" 2>/dev/null || echo 0) + 1 ))\n"
    "echo $n > \"$dir/count\"\n"
    "cat \"$dir/$n.json\"\n");
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GawsCredentials) first = NULL;
  g_autoptr(GawsCredentials) second = NULL;
  g_autoptr(GawsCredentials) third = NULL;
  g_autoptr(GError) error = NULL;

  /* Within the mandatory margin, then good for an hour, then expired. */
  write_response (fixture, 1, 5 * G_TIME_SPAN_MINUTE);
  write_response (fixture, 2, G_TIME_SPAN_HOUR);
  use_process (fixture, script);

  first = session_get_ok (session);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (first), ==, "AKID1");
  second = session_get_ok (session);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (second), ==, "AKID2");
  third = session_get_ok (session);
  g_assert_true (third == second);
  g_assert_cmpuint (read_counter (fixture), ==, 2);

  /* A process that hands out expired credentials is an error. */
  gaws_chain_credentials_provider_invalidate (
    GAWS_CHAIN_CREDENTIALS_PROVIDER (gaws_session_get_credentials_provider (session)));
  write_response (fixture, 3, -G_TIME_SPAN_MINUTE);
  g_assert_null (session_get (session, &error));
  assert_error_contains (error, "still expired");
  g_assert_cmpuint (read_counter (fixture), ==, 3);
}

/* ---- the chain ------------------------------------------------------------ */

static GawsChainCredentialsProvider *
chain_of (TestFakeProvider *first, ...)
{
  GawsChainCredentialsProvider *chain = gaws_chain_credentials_provider_new ();
  va_list args;

  va_start (args, first);
  for (TestFakeProvider *p = first; p != NULL; p = va_arg (args, TestFakeProvider *))
    gaws_chain_credentials_provider_append (chain, GAWS_CREDENTIALS_PROVIDER (p));
  va_end (args);
  return chain;
}

static void
test_chain_first_wins_and_caches (void)
{
  g_autoptr(TestFakeProvider) nothing = fake_new (FAKE_NOTHING, 0);
  g_autoptr(TestFakeProvider) some = fake_new (FAKE_CREDENTIALS, 0);
  g_autoptr(TestFakeProvider) later = fake_new (FAKE_CREDENTIALS, 0);
  g_autoptr(GawsChainCredentialsProvider) chain = chain_of (nothing, some, later, NULL);
  g_autoptr(GawsCredentials) a = NULL;
  g_autoptr(GawsCredentials) b = NULL;
  g_autoptr(GawsCredentials) c = NULL;

  a = provider_get (GAWS_CREDENTIALS_PROVIDER (chain), NULL);
  b = provider_get (GAWS_CREDENTIALS_PROVIDER (chain), NULL);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (a), ==, "AKID1");
  g_assert_true (a == b);
  g_assert_cmpuint (nothing->calls, ==, 1);
  g_assert_cmpuint (some->calls, ==, 1);
  g_assert_cmpuint (later->calls, ==, 0);

  gaws_chain_credentials_provider_invalidate (chain);
  c = provider_get (GAWS_CREDENTIALS_PROVIDER (chain), NULL);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (c), ==, "AKID2");
  g_assert_cmpuint (some->calls, ==, 2);
}

static void
test_chain_error_stops_chain (void)
{
  g_autoptr(TestFakeProvider) failing = fake_new (FAKE_ERROR, 0);
  g_autoptr(TestFakeProvider) later = fake_new (FAKE_CREDENTIALS, 0);
  g_autoptr(GawsChainCredentialsProvider) chain = chain_of (failing, later, NULL);
  g_autoptr(TestFakeProvider) nothing = fake_new (FAKE_NOTHING, 0);
  g_autoptr(GawsChainCredentialsProvider) empty = chain_of (nothing, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (provider_get (GAWS_CREDENTIALS_PROVIDER (chain), &error));
  assert_error_contains (error, "fake failure 1");
  g_assert_cmpuint (later->calls, ==, 0);
  g_clear_error (&error);

  g_assert_null (provider_get (GAWS_CREDENTIALS_PROVIDER (empty), &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  g_assert_cmpstr (error->message, ==, "Unable to locate credentials");
}

typedef struct {
  guint            done;
  guint            errors;
  GPtrArray       *results;  /* GawsCredentials, in completion order */
} Burst;

static void
burst_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Burst *burst = user_data;
  g_autoptr(GError) error = NULL;
  GawsCredentials *credentials =
    gaws_credentials_provider_get_credentials_finish (GAWS_CREDENTIALS_PROVIDER (source), result, &error);

  if (credentials != NULL)
    g_ptr_array_add (burst->results, credentials);
  else
    burst->errors++;
  burst->done++;
}

/* Starts @n gets at once and waits for all of them. */
static void
burst (GawsChainCredentialsProvider *chain, guint n, Burst *out)
{
  out->done = out->errors = 0;
  g_clear_pointer (&out->results, g_ptr_array_unref);
  out->results = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    gaws_credentials_provider_get_credentials_async (GAWS_CREDENTIALS_PROVIDER (chain), NULL,
                                                     burst_cb, out);
  while (out->done < n)
    g_main_context_iteration (NULL, TRUE);
}

static void
assert_all_are (Burst *burst, const char *akid)
{
  for (guint i = 0; i < burst->results->len; i++)
    g_assert_cmpstr (gaws_credentials_get_access_key_id (burst->results->pdata[i]), ==, akid);
}

static void
test_chain_concurrent_gets_share_one_refresh (void)
{
  g_autoptr(TestFakeProvider) fake = fake_new (FAKE_CREDENTIALS, 5 * G_TIME_SPAN_MINUTE);
  g_autoptr(GawsChainCredentialsProvider) chain = chain_of (fake, NULL);
  Burst result = { 0 };

  /* Nothing cached: 50 callers, one fetch. */
  burst (chain, 50, &result);
  g_assert_cmpuint (fake->calls, ==, 1);
  g_assert_cmpuint (result.results->len, ==, 50);
  assert_all_are (&result, "AKID1");

  /* Inside the mandatory margin: all 50 wait for one refresh. */
  fake->lifetime = G_TIME_SPAN_HOUR;
  burst (chain, 50, &result);
  g_assert_cmpuint (fake->calls, ==, 2);
  g_assert_cmpuint (result.results->len, ==, 50);
  assert_all_are (&result, "AKID2");

  /* Fresh: served from the cache. */
  burst (chain, 50, &result);
  g_assert_cmpuint (fake->calls, ==, 2);
  assert_all_are (&result, "AKID2");
  g_ptr_array_unref (result.results);
}

static void
test_chain_advisory_refresh (void)
{
  g_autoptr(TestFakeProvider) fake = fake_new (FAKE_CREDENTIALS, 12 * G_TIME_SPAN_MINUTE);
  g_autoptr(GawsChainCredentialsProvider) chain = chain_of (fake, NULL);
  g_autoptr(GawsCredentials) first = provider_get (GAWS_CREDENTIALS_PROVIDER (chain), NULL);
  guint akid1 = 0, akid2 = 0;
  Burst result = { 0 };

  /* Inside the advisory margin: one caller refreshes, the others carry on
   * with the current credentials meanwhile. */
  fake->lifetime = G_TIME_SPAN_HOUR;
  burst (chain, 50, &result);
  g_assert_cmpuint (fake->calls, ==, 2);
  for (guint i = 0; i < result.results->len; i++)
    {
      const char *akid = gaws_credentials_get_access_key_id (result.results->pdata[i]);
      akid1 += g_str_equal (akid, "AKID1");
      akid2 += g_str_equal (akid, "AKID2");
    }
  g_assert_cmpuint (akid1, ==, 49);
  g_assert_cmpuint (akid2, ==, 1);

  /* A failed advisory refresh keeps the current credentials. */
  gaws_chain_credentials_provider_invalidate (chain);
  fake->lifetime = 12 * G_TIME_SPAN_MINUTE;
  g_clear_object (&first);
  first = provider_get (GAWS_CREDENTIALS_PROVIDER (chain), NULL);
  fake->mode = FAKE_ERROR;
  burst (chain, 10, &result);
  g_assert_cmpuint (result.errors, ==, 0);
  assert_all_are (&result, "AKID3");
  g_ptr_array_unref (result.results);
}

/* ---- clients and the chain's cache ---------------------------------------- */

static const GawsClientServiceInfo test_service = {
  .service_id = "TestService", .endpoint_prefix = "test", .signing_name = "test", .env_name = "TEST",
};

typedef struct {
  GMutex     lock;
  GPtrArray *authorizations;
} Seen;

static void
record_authorization (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  Seen *seen = user_data;
  const char *authorization = gaws_http_headers_get_one (request->headers, "Authorization");

  g_mutex_lock (&seen->lock);
  g_ptr_array_add (seen->authorizations, g_strdup (authorization ? authorization : ""));
  g_mutex_unlock (&seen->lock);
  gaws_test_server_reply_set_body (reply, "application/json", "{}", -1);
}

/* Sends @n requests one after the other through a client whose session
 * takes its credentials from a chain of @fake; returns the Authorization
 * headers the server saw. */
static GPtrArray *
send_through_chain (TestFakeProvider *fake, guint n)
{
  Seen seen = { .authorizations = g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(GawsChainCredentialsProvider) chain = chain_of (fake, NULL);
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsClient) client = NULL;
  GawsTestServer *server;

  g_mutex_init (&seen.lock);
  server = gaws_test_server_new (record_authorization, &seen);
  gaws_session_set_region (session, "eu-west-1");
  gaws_session_set_credentials_provider (session, GAWS_CREDENTIALS_PROVIDER (chain));
  gaws_client_config_set_endpoint_url (config, gaws_test_server_get_url (server));
  client = gaws_client_new (session, config, &test_service);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("POST");
      g_autoptr(GawsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      response = gaws_client_send_sync (client, request, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (response);
    }
  gaws_test_server_free (server);
  g_mutex_clear (&seen.lock);
  return seen.authorizations;
}

static void
assert_signed_by (GPtrArray *authorizations, guint index, const char *akid)
{
  g_autofree char *credential = g_strdup_printf ("Credential=%s/", akid);

  g_assert_cmpuint (index, <, authorizations->len);
  g_assert_nonnull (strstr (authorizations->pdata[index], credential));
}

/* Clients take cached credentials at every request without asking the
 * provider again; ones inside the refresh window are refreshed first. */
static void
test_client_uses_cache_and_refreshes (Fixture *fixture, gconstpointer data)
{
  g_autoptr(TestFakeProvider) lasting = fake_new (FAKE_CREDENTIALS, G_TIME_SPAN_HOUR);
  g_autoptr(TestFakeProvider) expiring = fake_new (FAKE_CREDENTIALS, 12 * G_TIME_SPAN_MINUTE);
  g_autoptr(GPtrArray) seen = NULL;

  seen = send_through_chain (lasting, 3);
  g_assert_cmpuint (lasting->calls, ==, 1);
  for (guint i = 0; i < 3; i++)
    assert_signed_by (seen, i, "AKID1");
  g_clear_pointer (&seen, g_ptr_array_unref);

  /* Twelve minutes left: inside the advisory window, so every request
   * refreshes, and signs with what the refresh brought. */
  seen = send_through_chain (expiring, 3);
  g_assert_cmpuint (expiring->calls, ==, 3);
  assert_signed_by (seen, 0, "AKID1");
  assert_signed_by (seen, 1, "AKID2");
  assert_signed_by (seen, 2, "AKID3");
}

static void
test_chain_mandatory_refresh_failure (void)
{
  g_autoptr(TestFakeProvider) fake = fake_new (FAKE_CREDENTIALS, 2 * G_TIME_SPAN_MINUTE);
  g_autoptr(GawsChainCredentialsProvider) chain = chain_of (fake, NULL);
  g_autoptr(GawsCredentials) first = provider_get (GAWS_CREDENTIALS_PROVIDER (chain), NULL);
  Burst result = { 0 };

  g_assert_nonnull (first);
  fake->mode = FAKE_ERROR;
  burst (chain, 20, &result);
  g_assert_cmpuint (fake->calls, ==, 2);
  g_assert_cmpuint (result.errors, ==, 20);
  g_ptr_array_unref (result.results);
}

static void
test_chain_falls_back_when_source_runs_dry (void)
{
  g_autoptr(TestFakeProvider) first = fake_new (FAKE_CREDENTIALS, 5 * G_TIME_SPAN_MINUTE);
  g_autoptr(TestFakeProvider) second = fake_new (FAKE_CREDENTIALS, 0);
  g_autoptr(GawsChainCredentialsProvider) chain = chain_of (first, second, NULL);
  g_autoptr(GawsCredentials) a = provider_get (GAWS_CREDENTIALS_PROVIDER (chain), NULL);
  g_autoptr(GawsCredentials) b = NULL;

  g_assert_cmpstr (gaws_credentials_get_source (a), ==, "fake");
  first->mode = FAKE_NOTHING;
  b = provider_get (GAWS_CREDENTIALS_PROVIDER (chain), NULL);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (b), ==, "AKID1");
  g_assert_cmpuint (second->calls, ==, 1);
}

/* ---- secrets stay out of dumps -------------------------------------------- */

static void
assert_dump_hides (GObject *object, const char *const *secrets)
{
  guint n = 0;
  g_autofree GParamSpec **pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n);

  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *shown = NULL;

      if (!(pspecs[i]->flags & G_PARAM_READABLE))
        continue;
      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (object, pspecs[i]->name, &value);
      shown = g_strdup_value_contents (&value);
      g_test_message ("%s:%s = %s", G_OBJECT_TYPE_NAME (object), pspecs[i]->name, shown);
      for (guint s = 0; secrets[s] != NULL; s++)
        g_assert_null (strstr (shown, secrets[s]));
    }
}

static void
test_dumps_hide_secrets (Fixture *fixture, gconstpointer data)
{
  static const char *const secrets[] = { "TOP-SECRET-KEY", "TOP-SECRET-TOKEN", NULL };
  g_autoptr(GawsSession) session =
    gaws_session_new_with_credentials ("AKIDVISIBLE", "TOP-SECRET-KEY", "TOP-SECRET-TOKEN");
  g_autoptr(GawsSession) other = gaws_session_new ();
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GawsCredentials) from_env = NULL;
  GawsCredentialsProvider *provider;

  gaws_session_set_region (session, "eu-west-1");
  credentials = session_get_ok (session);
  g_assert_cmpstr (gaws_credentials_get_secret_access_key (credentials), ==, "TOP-SECRET-KEY");
  assert_dump_hides (G_OBJECT (session), secrets);
  assert_dump_hides (G_OBJECT (credentials), secrets);
  provider = gaws_session_get_credentials_provider (session);
  assert_dump_hides (G_OBJECT (provider), secrets);

  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "TOP-SECRET-KEY", TRUE);
  g_setenv ("AWS_SESSION_TOKEN", "TOP-SECRET-TOKEN", TRUE);
  from_env = session_get_ok (other);
  assert_dump_hides (G_OBJECT (other), secrets);
  assert_dump_hides (G_OBJECT (from_env), secrets);
  provider = gaws_session_get_credentials_provider (other);
  assert_dump_hides (G_OBJECT (provider), secrets);
  for (guint i = 0; i < gaws_chain_credentials_provider_get_n_providers (GAWS_CHAIN_CREDENTIALS_PROVIDER (provider)); i++)
    assert_dump_hides (G_OBJECT (gaws_chain_credentials_provider_get_provider (
                         GAWS_CHAIN_CREDENTIALS_PROVIDER (provider), i)), secrets);
}

int
main (int argc, char *argv[])
{
  gaws_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/credentials/static/explicit-keys", test_static_explicit);
  ADD ("/credentials/env/reads-keys-token-and-expiration", test_env_credentials);
  ADD ("/credentials/env/partial-keys-are-an-error", test_env_partial_is_error);
  ADD ("/credentials/profile/credentials-file-then-config-file", test_profile_credentials_file);
  ADD ("/credentials/profile/partial-keys-are-an-error", test_profile_partial_is_error);
  ADD ("/credentials/session/explicit-over-env-over-files", test_session_precedence);
  ADD ("/credentials/session/explicit-profile-skips-env", test_session_explicit_profile_skips_env);
  ADD ("/credentials/session/missing-profile-is-an-error", test_session_missing_profile);
  ADD ("/credentials/session/no-credentials-is-a-clear-error", test_no_credentials);
  ADD ("/credentials/session/chain-outlives-session", test_chain_outlives_session);
  ADD ("/credentials/process/success-with-quoted-arguments", test_process_success);
  ADD ("/credentials/process/failure-shows-stderr-not-stdout", test_process_failure_shows_stderr);
  ADD ("/credentials/process/bad-output-is-a-clear-error", test_process_bad_output);
  ADD ("/credentials/process/expiry-refreshes-on-next-get", test_process_expiry_refreshes);
  g_test_add_func ("/credentials/chain/first-provider-wins-and-is-cached", test_chain_first_wins_and_caches);
  g_test_add_func ("/credentials/chain/error-stops-the-chain", test_chain_error_stops_chain);
  g_test_add_func ("/credentials/chain/concurrent-gets-share-one-refresh",
                   test_chain_concurrent_gets_share_one_refresh);
  g_test_add_func ("/credentials/chain/advisory-refresh-does-not-block-others", test_chain_advisory_refresh);
  g_test_add_func ("/credentials/chain/mandatory-refresh-failure-is-an-error",
                   test_chain_mandatory_refresh_failure);
  g_test_add_func ("/credentials/chain/falls-back-when-source-runs-dry",
                   test_chain_falls_back_when_source_runs_dry);
  ADD ("/credentials/chain/client-uses-cache-and-refreshes", test_client_uses_cache_and_refreshes);
  ADD ("/credentials/dump/properties-never-show-secrets", test_dumps_hide_secrets);

#undef ADD
  return g_test_run ();
}
