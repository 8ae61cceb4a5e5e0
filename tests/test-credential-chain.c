/* test-credential-chain.c: the remote credential providers against local fakes
 * (container endpoint, instance metadata, SSO portal and OIDC, STS), the
 * default chain's order and precedence, its refresh under load, and that no
 * secret reaches a log line, an error or a property
 *
 * Every endpoint is a loopback test server: nothing here touches the network.
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include <glib/gstdio.h>
#include <string.h>

#include "gaws-test-server.h"
#include "gaws-test-util.h"

/* ---- captured logs -------------------------------------------------------- */

/* Every log line of the process, debug ones included, for the secrets test. */
static GMutex log_mutex;
static GString *log_text;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_mutex_lock (&log_mutex);
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") || g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      {
        g_string_append_len (log_text, fields[i].value,
                             fields[i].length < 0 ? (gssize) strlen (fields[i].value) : fields[i].length);
        g_string_append_c (log_text, ' ');
      }
  g_string_append_c (log_text, '\n');
  g_mutex_unlock (&log_mutex);
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static char *
captured_logs (void)
{
  char *text;

  g_mutex_lock (&log_mutex);
  text = g_strdup (log_text->str);
  g_mutex_unlock (&log_mutex);
  return text;
}

/* ---- fixture: a fresh HOME and a clean environment for each test ---------- */

typedef struct {
  char *home;
} Fixture;

static void
clear_aws_environment (void)
{
  g_auto(GStrv) environment = g_get_environ ();

  for (gsize i = 0; environment[i]; i++)
    if (g_str_has_prefix (environment[i], "AWS_"))
      {
        g_autofree char *name = g_strndup (environment[i], strcspn (environment[i], "="));
        g_unsetenv (name);
      }
  g_setenv ("AWS_EC2_METADATA_DISABLED", "true", TRUE);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->home = gaws_test_make_temp_dir ();
  g_setenv ("HOME", fixture->home, TRUE);
  clear_aws_environment ();
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  clear_aws_environment ();
  remove_tree (fixture->home);
  g_free (fixture->home);
}

static char *
home_file (Fixture *fixture, const char *relative)
{
  return g_build_filename (fixture->home, relative, NULL);
}

static void
write_text (const char *path, const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
write_aws_files (Fixture *fixture, const char *config, const char *credentials)
{
  g_autofree char *config_path = home_file (fixture, ".aws/config");
  g_autofree char *credentials_path = home_file (fixture, ".aws/credentials");

  write_text (config_path, config ? config : "");
  write_text (credentials_path, credentials ? credentials : "");
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* ---- running providers ---------------------------------------------------- */

typedef struct {
  gboolean         done;
  GawsCredentials *credentials;
  GError          *error;
} Outcome;

static void
provider_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Outcome *outcome = user_data;

  outcome->credentials = gaws_credentials_provider_get_credentials_finish (
                           GAWS_CREDENTIALS_PROVIDER (source), result, &outcome->error);
  outcome->done = TRUE;
}

static GawsCredentials *
provider_get (GawsCredentialsProvider *provider, GError **error)
{
  Outcome outcome = { 0 };

  gaws_credentials_provider_get_credentials_async (provider, NULL, provider_done_cb, &outcome);
  gaws_test_wait_for_task (&outcome.done);
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.credentials;
}

static void
session_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
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

  gaws_session_get_credentials_async (session, NULL, session_done_cb, &outcome);
  gaws_test_wait_for_task (&outcome.done);
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.credentials;
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
load_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gaws_session_load_finish (GAWS_SESSION (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
session_load (GawsSession *session)
{
  gboolean done = FALSE;

  gaws_session_load_async (session, NULL, load_done_cb, &done);
  gaws_test_wait_for_task (&done);
}

static GawsSession *
session_for_profile (const char *profile)
{
  GawsSession *session = gaws_session_new ();

  if (profile != NULL)
    gaws_session_set_profile_name (session, profile);
  return session;
}

static char *
iso_time_from_now (gint64 seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, (gdouble) seconds);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

static gint64
seconds_until (GDateTime *time)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_difference (time, now) / G_TIME_SPAN_SECOND;
}

static char *
credentials_json (const char *akid, const char *secret, const char *token, gint64 lifetime_s)
{
  g_autofree char *expiration = iso_time_from_now (lifetime_s);

  return g_strdup_printf ("{\"Code\": \"Success\", \"Type\": \"AWS-HMAC\", \"AccessKeyId\": \"%s\", "
                          "\"SecretAccessKey\": \"%s\", \"Token\": \"%s\", \"Expiration\": \"%s\"}",
                          akid, secret, token, expiration);
}

static guint16
closed_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  /* Closed when the socket goes: nothing listens there afterwards. */
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static char *
closed_url (void)
{
  return g_strdup_printf ("http://127.0.0.1:%u/", closed_port ());
}

#define assert_error_names(error, provider) \
  g_assert_nonnull (strstr ((error)->message, provider))

/* ---- a fake container endpoint -------------------------------------------- */

typedef struct {
  int         requests;             /* atomic */
  gint64      lifetime_s;
  guint       status;
  const char *body;                 /* instead of credentials, or NULL */
  const char *expect_authorization; /* or NULL */
  int         authorized;           /* atomic */
} ContainerFake;

static void
container_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer data)
{
  ContainerFake *fake = data;
  const char *authorization = gaws_http_headers_get_one (request->headers, "Authorization");
  int n = g_atomic_int_add (&fake->requests, 1) + 1;
  g_autofree char *akid = g_strdup_printf ("ASIACONTAINER%d", n);
  g_autofree char *body = NULL;

  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_cmpstr (gaws_http_headers_get_one (request->headers, "Accept"), ==, "application/json");
  if (fake->expect_authorization != NULL)
    {
      if (g_strcmp0 (authorization, fake->expect_authorization) != 0)
        {
          reply->status = 401;
          return;
        }
      g_atomic_int_inc (&fake->authorized);
    }
  reply->status = fake->status ? fake->status : 200;
  body = fake->body ? g_strdup (fake->body)
                    : credentials_json (akid, "container-secret-XYZZY", "container-session-token-XYZZY",
                                        fake->lifetime_s ? fake->lifetime_s : 3600);
  gaws_test_server_reply_set_body (reply, "application/json", body, -1);
}

static void
set_container_uri (GawsTestServer *server, const char *path)
{
  g_autofree char *uri = g_strconcat (gaws_test_server_get_url (server), path, NULL);

  g_setenv ("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri, TRUE);
}

static void
test_container_full_uri (Fixture *fixture, gconstpointer data)
{
  ContainerFake fake = { .expect_authorization = "container-auth-token-XYZZY" };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (container_handler, &fake);
  g_autoptr(GawsCredentialsProvider) provider = gaws_container_credentials_provider_new ();
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  /* Not configured: nothing to offer, nothing sent. */
  credentials = provider_get (provider, &error);
  g_assert_no_error (error);
  g_assert_null (credentials);

  set_container_uri (server, "/v2/credentials/abc");
  g_setenv ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-auth-token-XYZZY", TRUE);
  credentials = provider_get (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (credentials), ==, "ASIACONTAINER1");
  g_assert_cmpstr (gaws_credentials_get_secret_access_key (credentials), ==, "container-secret-XYZZY");
  g_assert_cmpstr (gaws_credentials_get_session_token (credentials), ==, "container-session-token-XYZZY");
  g_assert_cmpstr (gaws_credentials_get_source (credentials), ==, "container-role");
  g_assert_cmpint (seconds_until (gaws_credentials_get_expiration (credentials)), >, 3500);
  g_assert_cmpint (g_atomic_int_get (&fake.authorized), ==, 1);
}

static void
test_container_token_file (Fixture *fixture, gconstpointer data)
{
  ContainerFake fake = { .expect_authorization = "token-from-file-XYZZY" };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (container_handler, &fake);
  g_autoptr(GawsCredentialsProvider) provider = gaws_container_credentials_provider_new ();
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token_path = home_file (fixture, "eks-token");

  write_text (token_path, "token-from-file-XYZZY");
  set_container_uri (server, "/creds");
  /* The file wins over the variable. */
  g_setenv ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "not-this-one", TRUE);
  g_setenv ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_path, TRUE);
  credentials = provider_get (provider, &error);
  g_assert_no_error (error);
  g_assert_nonnull (credentials);
  g_assert_cmpint (g_atomic_int_get (&fake.authorized), ==, 1);

  /* A token that cannot be a header value is refused before sending. */
  write_text (token_path, "bad\ntoken");
  g_clear_object (&credentials);
  credentials = provider_get (provider, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
  assert_error_names (error, "container-role");
  g_assert_null (strstr (error->message, "bad\ntoken"));
  g_assert_cmpint (g_atomic_int_get (&fake.requests), ==, 1);
}

static void
test_container_refuses_remote_http (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsCredentialsProvider) provider = gaws_container_credentials_provider_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsCredentials) credentials = NULL;

  /* Checked before anything is sent: this address is never contacted. */
  g_setenv ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://192.0.2.1/creds", TRUE);
  credentials = provider_get (provider, &error);
  g_assert_null (credentials);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
  assert_error_names (error, "container-role");
  g_assert_nonnull (strstr (error->message, "Unsupported host '192.0.2.1'"));
}

static void
test_container_unreachable (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsCredentialsProvider) provider = gaws_container_credentials_provider_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autofree char *url = closed_url ();
  gint64 start = g_get_monotonic_time ();

  g_setenv ("AWS_CONTAINER_CREDENTIALS_FULL_URI", url, TRUE);
  credentials = provider_get (provider, &error);
  g_assert_null (credentials);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  assert_error_names (error, "Error when retrieving credentials from container-role");
  /* Three attempts one second apart, then a clear error: never a hang. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 6 * G_USEC_PER_SEC);
}

static void
test_container_malformed_json (Fixture *fixture, gconstpointer data)
{
  ContainerFake fake = { .body = "{\"AccessKeyId\": \"ASIA\", \"SecretAccessKey\": \"secret-in-bad-json\"" };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (container_handler, &fake);
  g_autoptr(GawsCredentialsProvider) provider = gaws_container_credentials_provider_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsCredentials) credentials = NULL;

  set_container_uri (server, "/creds");
  credentials = provider_get (provider, &error);
  g_assert_null (credentials);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  assert_error_names (error, "container-role");
  g_assert_nonnull (strstr (error->message, "not valid JSON"));
  g_assert_null (strstr (error->message, "secret-in-bad-json"));
  /* botocore tries a bad answer three times. */
  g_assert_cmpint (g_atomic_int_get (&fake.requests), ==, 3);

  /* Valid JSON without the token is an error too. */
  fake.body = "{\"AccessKeyId\": \"ASIA\", \"SecretAccessKey\": \"s\", \"Expiration\": \"2030-01-01T00:00:00Z\"}";
  g_clear_error (&error);
  credentials = provider_get (provider, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "has no Token"));
}

static void
test_container_error_status (Fixture *fixture, gconstpointer data)
{
  ContainerFake fake = { .status = 500, .body = "{\"message\": \"agent unavailable\"}" };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (container_handler, &fake);
  g_autoptr(GawsCredentialsProvider) provider = gaws_container_credentials_provider_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsCredentials) credentials = NULL;

  set_container_uri (server, "/creds");
  credentials = provider_get (provider, &error);
  g_assert_null (credentials);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  g_assert_cmpstr (error->message, ==, "Error when retrieving credentials from container-role: "
                                       "Received non 200 response 500 from container metadata");
  g_assert_cmpint (g_atomic_int_get (&fake.requests), ==, 3);
}

/* ---- a fake instance metadata service ------------------------------------- */

typedef struct {
  GMutex      mutex;
  guint       n_requests;
  guint       n_token_requests;
  guint       n_unauthorized;
  guint       token_status;      /* 200 unless set */
  gboolean    stall;             /* answer nothing at all */
  gboolean    require_token;     /* IMDSv2 only */
  char       *valid_token;
  guint       token_counter;
  guint       role_failures;     /* 500s before the role name */
  gint64      lifetime_s;
  gboolean    saw_v1_read;
  const char *zone;
} ImdsFake;

static void
imds_fake_clear (ImdsFake *fake)
{
  g_free (fake->valid_token);
  g_mutex_clear (&fake->mutex);
}

static void
imds_reply_token (ImdsFake *fake, const GawsTestServerRequest *request, GawsTestServerReply *reply)
{
  g_autofree char *token = NULL;

  fake->n_token_requests++;
  g_assert_cmpstr (request->method, ==, "PUT");
  g_assert_cmpstr (gaws_http_headers_get_one (request->headers, "x-aws-ec2-metadata-token-ttl-seconds"),
                   ==, "21600");
  if (fake->token_status != 0 && fake->token_status != 200)
    {
      reply->status = fake->token_status;
      return;
    }
  token = g_strdup_printf ("imds-session-token-%u-XYZZY", ++fake->token_counter);
  g_free (fake->valid_token);
  fake->valid_token = g_strdup (token);
  gaws_test_server_reply_set_body (reply, "text/plain", token, -1);
}

static void
imds_reply_read (ImdsFake *fake, const GawsTestServerRequest *request, GawsTestServerReply *reply)
{
  const char *token = gaws_http_headers_get_one (request->headers, "x-aws-ec2-metadata-token");
  g_autofree char *body = NULL;

  if ((token != NULL && g_strcmp0 (token, fake->valid_token) != 0) ||
      (token == NULL && fake->require_token))
    {
      fake->n_unauthorized++;
      reply->status = 401;
      return;
    }
  fake->saw_v1_read |= token == NULL;
  if (g_str_equal (request->path, "/latest/meta-data/iam/security-credentials/"))
    {
      if (fake->role_failures > 0)
        {
          fake->role_failures--;
          reply->status = 500;
          return;
        }
      body = g_strdup ("gaws-instance-role");
    }
  else if (g_str_equal (request->path, "/latest/meta-data/iam/security-credentials/gaws-instance-role"))
    body = credentials_json ("ASIAIMDS", "imds-secret-XYZZY", "imds-role-token-XYZZY",
                             fake->lifetime_s ? fake->lifetime_s : 6 * 3600);
  else if (g_str_equal (request->path, "/latest/meta-data/placement/availability-zone/") && fake->zone)
    body = g_strdup (fake->zone);
  if (body == NULL)
    {
      reply->status = 404;
      return;
    }
  gaws_test_server_reply_set_body (reply, "text/plain", body, -1);
}

static void
imds_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer data)
{
  ImdsFake *fake = data;

  g_mutex_lock (&fake->mutex);
  fake->n_requests++;
  if (fake->stall)
    reply->action = GAWS_TEST_SERVER_STALL;
  else if (g_str_equal (request->path, "/latest/api/token"))
    imds_reply_token (fake, request, reply);
  else
    imds_reply_read (fake, request, reply);
  g_mutex_unlock (&fake->mutex);
}

static guint
imds_count (ImdsFake *fake, guint *field)
{
  guint value;

  g_mutex_lock (&fake->mutex);
  value = *field;
  g_mutex_unlock (&fake->mutex);
  return value;
}

static void
use_imds (GawsTestServer *server)
{
  g_unsetenv ("AWS_EC2_METADATA_DISABLED");
  g_setenv ("AWS_EC2_METADATA_SERVICE_ENDPOINT", gaws_test_server_get_url (server), TRUE);
}

static void
test_imds_token_flow (Fixture *fixture, gconstpointer data)
{
  ImdsFake fake = { .require_token = TRUE };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (imds_handler, &fake);
  g_autoptr(GawsCredentialsProvider) provider = gaws_imds_credentials_provider_new (NULL);
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GawsCredentials) again = NULL;
  g_autoptr(GError) error = NULL;

  use_imds (server);
  credentials = provider_get (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (credentials), ==, "ASIAIMDS");
  g_assert_cmpstr (gaws_credentials_get_session_token (credentials), ==, "imds-role-token-XYZZY");
  g_assert_cmpstr (gaws_credentials_get_source (credentials), ==, "iam-role");
  g_assert_cmpint (seconds_until (gaws_credentials_get_expiration (credentials)), >, 5 * 3600);
  /* A token, the role, its credentials. */
  g_assert_cmpuint (imds_count (&fake, &fake.n_requests), ==, 3);
  g_assert_cmpuint (imds_count (&fake, &fake.n_token_requests), ==, 1);

  /* The token is kept for the next refresh. */
  again = provider_get (provider, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_cmpuint (imds_count (&fake, &fake.n_token_requests), ==, 1);
  g_assert_cmpuint (imds_count (&fake, &fake.n_requests), ==, 5);
  imds_fake_clear (&fake);
}

static void
test_imds_expired_token_retried (Fixture *fixture, gconstpointer data)
{
  ImdsFake fake = { .require_token = TRUE };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (imds_handler, &fake);
  g_autoptr(GawsCredentialsProvider) provider = gaws_imds_credentials_provider_new (NULL);
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GawsCredentials) again = NULL;
  g_autoptr(GError) error = NULL;

  use_imds (server);
  credentials = provider_get (provider, &error);
  g_assert_no_error (error);

  /* The service forgets the token: the kept one now gets a 401, which
   * fetches a new token and tries again. */
  g_mutex_lock (&fake.mutex);
  g_clear_pointer (&fake.valid_token, g_free);
  g_mutex_unlock (&fake.mutex);
  again = provider_get (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (again), ==, "ASIAIMDS");
  g_assert_cmpuint (imds_count (&fake, &fake.n_unauthorized), ==, 1);
  g_assert_cmpuint (imds_count (&fake, &fake.n_token_requests), ==, 2);
  imds_fake_clear (&fake);
}

static void
test_imds_v1_fallback (Fixture *fixture, gconstpointer data)
{
  ImdsFake fake = { .token_status = 404 };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (imds_handler, &fake);
  g_autoptr(GawsCredentialsProvider) provider = gaws_imds_credentials_provider_new (NULL);
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  use_imds (server);
  credentials = provider_get (provider, &error);
  g_assert_no_error (error);
  g_assert_nonnull (credentials);
  g_assert_true (fake.saw_v1_read);

  /* Unless IMDSv1 is turned off. */
  g_setenv ("AWS_EC2_METADATA_V1_DISABLED", "true", TRUE);
  {
    g_autoptr(GawsCredentialsProvider) strict = gaws_imds_credentials_provider_new (NULL);
    g_autoptr(GawsCredentials) none = NULL;

    gaws_imds_credentials_provider_set_required (GAWS_IMDS_CREDENTIALS_PROVIDER (strict), TRUE);
    none = provider_get (strict, &error);
    g_assert_null (none);
    g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
    assert_error_names (error, "iam-role");
    g_assert_nonnull (strstr (error->message, "IMDSv1 has been disabled"));
  }
  imds_fake_clear (&fake);
}

static void
test_imds_disabled (Fixture *fixture, gconstpointer data)
{
  ImdsFake fake = { 0 };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (imds_handler, &fake);
  g_autoptr(GawsCredentialsProvider) provider = gaws_imds_credentials_provider_new (NULL);
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  use_imds (server);
  g_setenv ("AWS_EC2_METADATA_DISABLED", "TRUE", TRUE);
  credentials = provider_get (provider, &error);
  g_assert_no_error (error);
  g_assert_null (credentials);
  g_assert_cmpuint (imds_count (&fake, &fake.n_requests), ==, 0);
  imds_fake_clear (&fake);
}

static void
test_imds_unreachable (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsCredentialsProvider) provider = gaws_imds_credentials_provider_new (NULL);
  g_autoptr(GawsCredentialsProvider) required = gaws_imds_credentials_provider_new (NULL);
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = closed_url ();
  gint64 start = g_get_monotonic_time ();

  g_unsetenv ("AWS_EC2_METADATA_DISABLED");
  g_setenv ("AWS_EC2_METADATA_SERVICE_ENDPOINT", url, TRUE);
  /* Not on EC2 is not an error for the chain... */
  credentials = provider_get (provider, &error);
  g_assert_no_error (error);
  g_assert_null (credentials);
  /* ...but a clear one for a provider that must answer. */
  gaws_imds_credentials_provider_set_required (GAWS_IMDS_CREDENTIALS_PROVIDER (required), TRUE);
  credentials = provider_get (required, &error);
  g_assert_null (credentials);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  assert_error_names (error, "Error when retrieving credentials from iam-role");
  assert_error_names (error, "did not answer");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

static void
test_imds_timeout (Fixture *fixture, gconstpointer data)
{
  ImdsFake fake = { .stall = TRUE };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (imds_handler, &fake);
  g_autoptr(GawsCredentialsProvider) provider = gaws_imds_credentials_provider_new (NULL);
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  use_imds (server);
  g_setenv ("AWS_METADATA_SERVICE_TIMEOUT", "1", TRUE);
  credentials = provider_get (provider, &error);
  g_assert_no_error (error);
  g_assert_null (credentials);
  /* The token times out, then the IMDSv1 read: a second each. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (imds_count (&fake, &fake.n_requests), ==, 2);
  imds_fake_clear (&fake);
}

static void
test_imds_attempts_from_profile (Fixture *fixture, gconstpointer data)
{
  ImdsFake fake = { .role_failures = 2 };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (imds_handler, &fake);
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GawsCredentialsProvider) provider = gaws_imds_credentials_provider_new (session);
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_strdup_printf ("[default]\nmetadata_service_num_attempts = 3\n"
                                             "ec2_metadata_service_endpoint = %s\n",
                                             gaws_test_server_get_url (server));

  write_aws_files (fixture, config, NULL);
  g_unsetenv ("AWS_EC2_METADATA_DISABLED");
  credentials = provider_get (provider, &error);
  g_assert_no_error (error);
  g_assert_nonnull (credentials);
  imds_fake_clear (&fake);
}

static void
test_imds_bad_settings (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsCredentialsProvider) provider = gaws_imds_credentials_provider_new (NULL);
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  g_unsetenv ("AWS_EC2_METADATA_DISABLED");
  g_setenv ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv5", TRUE);
  credentials = provider_get (provider, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
  assert_error_names (error, "ipv5");
}

static void
test_imds_expiring_credentials_extended (Fixture *fixture, gconstpointer data)
{
  ImdsFake fake = { .lifetime_s = 300 };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (imds_handler, &fake);
  g_autoptr(GawsCredentialsProvider) provider = gaws_imds_credentials_provider_new (NULL);
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  gint64 left;

  use_imds (server);
  credentials = provider_get (provider, &error);
  g_assert_no_error (error);
  /* As in botocore: pushed out by the advisory window plus 2 to 10 minutes. */
  left = seconds_until (gaws_credentials_get_expiration (credentials));
  g_assert_cmpint (left, >=, 17 * 60 - 5);
  g_assert_cmpint (left, <=, 25 * 60);
  imds_fake_clear (&fake);
}

static void
test_region_from_imds (Fixture *fixture, gconstpointer data)
{
  ImdsFake fake = { .zone = "eu-west-3b", .require_token = TRUE };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (imds_handler, &fake);
  g_autoptr(GawsSession) plain = gaws_session_new ();
  g_autoptr(GawsSession) automatic = gaws_session_new ();
  g_autoptr(GawsSession) configured = gaws_session_new ();
  g_autoptr(GError) error = NULL;

  use_imds (server);
  write_aws_files (fixture, "[default]\noutput = json\n", NULL);
  /* Without defaults_mode = auto, no lookup. */
  g_assert_true (gaws_session_load_sync (plain, NULL, &error));
  g_assert_null (gaws_session_get_region (plain));
  g_assert_cmpuint (imds_count (&fake, &fake.n_requests), ==, 0);

  g_setenv ("AWS_DEFAULTS_MODE", "auto", TRUE);
  session_load (automatic);
  g_assert_cmpstr (gaws_session_get_region (automatic), ==, "eu-west-3");

  /* A configured region wins, and nothing is asked. */
  g_setenv ("AWS_REGION", "ap-south-1", TRUE);
  g_mutex_lock (&fake.mutex);
  fake.n_requests = 0;
  g_mutex_unlock (&fake.mutex);
  session_load (configured);
  g_assert_cmpstr (gaws_session_get_region (configured), ==, "ap-south-1");
  g_assert_cmpuint (imds_count (&fake, &fake.n_requests), ==, 0);
  imds_fake_clear (&fake);
}

/* ---- a fake SSO portal and sso-oidc --------------------------------------- */

typedef struct {
  GMutex      mutex;
  guint       n_portal;
  guint       n_oidc;
  const char *accepted_token;
  guint       oidc_status;   /* 200 unless set */
  char       *last_query;
  guint       n_unlike_botocore;  /* requests that botocore would not send so */
} SsoFake;

/* As botocore sends them: the sso and sso-oidc operations used are auth
 * none, so unsigned, and carry no session credentials. */
static void
sso_check_unsigned (SsoFake *fake, const GawsTestServerRequest *request)
{
  const char *const absent[] = { "Authorization", "X-Amz-Security-Token", "X-Amz-Date" };

  for (guint i = 0; i < G_N_ELEMENTS (absent); i++)
    if (gaws_http_headers_get_one (request->headers, absent[i]) != NULL)
      {
        g_test_message ("%s %s has a %s header", request->method, request->path, absent[i]);
        fake->n_unlike_botocore++;
      }
}

static void
sso_reply_portal (SsoFake *fake, const GawsTestServerRequest *request, GawsTestServerReply *reply)
{
  const char *token = gaws_http_headers_get_one (request->headers, "x-amz-sso_bearer_token");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *body = NULL;

  fake->n_portal++;
  g_free (fake->last_query);
  fake->last_query = g_strdup (strchr (request->path, '?'));
  sso_check_unsigned (fake, request);
  if (!g_str_equal (request->method, "GET") || (request->body != NULL && g_bytes_get_size (request->body) > 0))
    fake->n_unlike_botocore++;
  if (g_strcmp0 (token, fake->accepted_token) != 0)
    {
      reply->status = 401;
      gaws_http_headers_replace (reply->headers, "x-amzn-ErrorType", "UnauthorizedException");
      gaws_test_server_reply_set_body (reply, "application/json",
                                       "{\"message\": \"Session token not found or invalid\"}", -1);
      return;
    }
  body = g_strdup_printf ("{\"roleCredentials\": {\"accessKeyId\": \"ASIASSO\", "
                          "\"secretAccessKey\": \"sso-role-secret-XYZZY\", "
                          "\"sessionToken\": \"sso-role-session-token-XYZZY\", "
                          "\"expiration\": %" G_GINT64_FORMAT "}}",
                          (g_date_time_to_unix (now) + 3600) * 1000);
  gaws_test_server_reply_set_body (reply, "application/json", body, -1);
}

static void
sso_reply_oidc (SsoFake *fake, const GawsTestServerRequest *request, GawsTestServerReply *reply)
{
  g_autofree char *sent = g_strndup (g_bytes_get_data (request->body, NULL),
                                     g_bytes_get_size (request->body));

  fake->n_oidc++;
  g_assert_cmpstr (request->method, ==, "POST");
  sso_check_unsigned (fake, request);
  if (g_strcmp0 (gaws_http_headers_get_one (request->headers, "Content-Type"), "application/json") != 0)
    fake->n_unlike_botocore++;
  g_assert_nonnull (strstr (sent, "\"grantType\":\"refresh_token\""));
  g_assert_nonnull (strstr (sent, "\"clientId\":\"sso-client-id\""));
  g_assert_nonnull (strstr (sent, "\"clientSecret\":\"sso-client-secret-XYZZY\""));
  g_assert_nonnull (strstr (sent, "\"refreshToken\":\"sso-refresh-token-XYZZY\""));
  if (fake->oidc_status != 0 && fake->oidc_status != 200)
    {
      reply->status = fake->oidc_status;
      gaws_http_headers_replace (reply->headers, "x-amzn-ErrorType", "InvalidGrantException");
      gaws_test_server_reply_set_body (reply, "application/json",
                                       "{\"error\": \"invalid_grant\"}", -1);
      return;
    }
  gaws_test_server_reply_set_body (reply, "application/json",
                                   "{\"accessToken\": \"sso-refreshed-access-token-XYZZY\", "
                                   "\"expiresIn\": 28800, \"tokenType\": \"Bearer\", "
                                   "\"refreshToken\": \"sso-new-refresh-token-XYZZY\"}", -1);
}

static void
sso_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer data)
{
  SsoFake *fake = data;

  g_mutex_lock (&fake->mutex);
  if (g_str_has_prefix (request->path, "/federation/credentials"))
    sso_reply_portal (fake, request, reply);
  else if (g_str_equal (request->path, "/token"))
    sso_reply_oidc (fake, request, reply);
  else
    reply->status = 404;
  g_mutex_unlock (&fake->mutex);
}

static void
sso_fake_clear (SsoFake *fake)
{
  g_free (fake->last_query);
  g_mutex_clear (&fake->mutex);
}

static const char sso_session_config[] =
  "[profile dev]\nsso_session = my-sso\nsso_account_id = 111122223333\n"
  "sso_role_name = Developer\nregion = us-west-2\n"
  "[sso-session my-sso]\nsso_start_url = https://example.awsapps.com/start\n"
  "sso_region = us-east-1\nsso_registration_scopes = sso:account:access\n";

static char *
sso_cache_path (Fixture *fixture, const char *key)
{
  g_autofree char *sha1 = g_compute_checksum_for_string (G_CHECKSUM_SHA1, key, -1);
  g_autofree char *name = g_strconcat (".aws/sso/cache/", sha1, ".json", NULL);

  return home_file (fixture, name);
}

static void
write_sso_token (Fixture *fixture, const char *key, const char *access_token, gint64 lifetime_s)
{
  g_autofree char *path = sso_cache_path (fixture, key);
  g_autofree char *expires = iso_time_from_now (lifetime_s);
  g_autofree char *registration = iso_time_from_now (90 * 24 * 3600);
  g_autofree char *text =
    g_strdup_printf ("{\"startUrl\": \"https://example.awsapps.com/start\", \"region\": \"us-east-1\", "
                     "\"accessToken\": \"%s\", \"expiresAt\": \"%s\", \"clientId\": \"sso-client-id\", "
                     "\"clientSecret\": \"sso-client-secret-XYZZY\", \"registrationExpiresAt\": \"%s\", "
                     "\"refreshToken\": \"sso-refresh-token-XYZZY\"}",
                     access_token, expires, registration);

  write_text (path, text);
}

static void
use_sso (GawsTestServer *server)
{
  g_setenv ("AWS_ENDPOINT_URL_SSO", gaws_test_server_get_url (server), TRUE);
  g_setenv ("AWS_ENDPOINT_URL_SSO_OIDC", gaws_test_server_get_url (server), TRUE);
}

static void
test_sso_session_profile (Fixture *fixture, gconstpointer data)
{
  SsoFake fake = { .accepted_token = "sso-access-token-XYZZY" };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (sso_handler, &fake);
  g_autoptr(GawsSession) session = session_for_profile ("dev");
  g_autoptr(GawsCredentials) credentials = NULL;

  use_sso (server);
  write_aws_files (fixture, sso_session_config, NULL);
  write_sso_token (fixture, "my-sso", "sso-access-token-XYZZY", 3600);
  credentials = session_get_ok (session);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (credentials), ==, "ASIASSO");
  g_assert_cmpstr (gaws_credentials_get_secret_access_key (credentials), ==, "sso-role-secret-XYZZY");
  g_assert_cmpstr (gaws_credentials_get_source (credentials), ==, "sso");
  g_assert_cmpint (seconds_until (gaws_credentials_get_expiration (credentials)), >, 3500);
  g_assert_cmpstr (fake.last_query, ==, "?role_name=Developer&account_id=111122223333");
  g_assert_cmpuint (fake.n_oidc, ==, 0);
  g_assert_cmpuint (fake.n_unlike_botocore, ==, 0);
  sso_fake_clear (&fake);
}

static void
test_sso_expired_token_refreshed (Fixture *fixture, gconstpointer data)
{
  SsoFake fake = { .accepted_token = "sso-refreshed-access-token-XYZZY" };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (sso_handler, &fake);
  g_autoptr(GawsSession) session = session_for_profile ("dev");
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autofree char *path = sso_cache_path (fixture, "my-sso");
  g_autofree char *cache = NULL;
  GStatBuf st;

  use_sso (server);
  write_aws_files (fixture, sso_session_config, NULL);
  write_sso_token (fixture, "my-sso", "sso-expired-access-token-XYZZY", -60);
  credentials = session_get_ok (session);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (credentials), ==, "ASIASSO");
  g_assert_cmpuint (fake.n_oidc, ==, 1);
  g_assert_cmpuint (fake.n_portal, ==, 1);

  /* The cache holds the new token, readable by its owner alone. */
  cache = read_text (path);
  g_assert_nonnull (strstr (cache, "\"accessToken\":\"sso-refreshed-access-token-XYZZY\""));
  g_assert_nonnull (strstr (cache, "\"refreshToken\":\"sso-new-refresh-token-XYZZY\""));
  g_assert_nonnull (strstr (cache, "\"clientSecret\":\"sso-client-secret-XYZZY\""));
  g_assert_nonnull (strstr (cache, "\"startUrl\":\"https://example.awsapps.com/start\""));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);
  g_assert_cmpuint (fake.n_unlike_botocore, ==, 0);
  sso_fake_clear (&fake);
}

/* Without the generated sso library the provider says which library it
 * misses. A fresh process, since a library once loaded stays. */
static void
test_sso_library_missing (Fixture *fixture, gconstpointer data)
{
  SsoFake fake = { .accepted_token = "sso-access-token-XYZZY" };
  g_autoptr(GawsTestServer) server = NULL;
  g_autoptr(GawsSession) session = NULL;
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  g_setenv ("GAWS_SERVICE_PATH", fixture->home, TRUE);
  server = gaws_test_server_new (sso_handler, &fake);
  session = session_for_profile ("dev");
  use_sso (server);
  write_aws_files (fixture, sso_session_config, NULL);
  write_sso_token (fixture, "my-sso", "sso-access-token-XYZZY", 3600);
  credentials = session_get (session, &error);
  if (credentials != NULL)
    {
      g_test_skip ("libgaws-sso-1 is installed on the library search path");
      sso_fake_clear (&fake);
      return;
    }
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
  assert_error_names (error, "Error when retrieving credentials from sso: ");
  if (strstr (error->message, "libgaws-sso-1") == NULL)
    g_error ("unexpected message: %s", error->message);
  g_assert_cmpuint (fake.n_portal, ==, 0);
  sso_fake_clear (&fake);
}

static void
test_sso_refresh_fails (Fixture *fixture, gconstpointer data)
{
  SsoFake fake = { .accepted_token = "whatever", .oidc_status = 400 };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (sso_handler, &fake);
  g_autoptr(GawsSession) session = session_for_profile ("dev");
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  use_sso (server);
  write_aws_files (fixture, sso_session_config, NULL);
  write_sso_token (fixture, "my-sso", "sso-expired-access-token-XYZZY", -60);
  credentials = session_get (session, &error);
  g_assert_null (credentials);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  assert_error_names (error, "Error when retrieving credentials from sso");
  assert_error_names (error, "Token has expired and refresh failed");
  g_assert_cmpuint (fake.n_portal, ==, 0);

  /* A token still valid for a while is used when its refresh fails. */
  g_clear_error (&error);
  fake.accepted_token = "sso-nearly-expired-XYZZY";
  write_sso_token (fixture, "my-sso", "sso-nearly-expired-XYZZY", 5 * 60);
  {
    g_autoptr(GawsSession) other = session_for_profile ("dev");

    credentials = session_get_ok (other);
  }
  g_assert_cmpuint (fake.n_portal, ==, 1);
  sso_fake_clear (&fake);
}

static void
test_sso_legacy_profile (Fixture *fixture, gconstpointer data)
{
  SsoFake fake = { .accepted_token = "sso-legacy-token-XYZZY" };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (sso_handler, &fake);
  g_autoptr(GawsSession) session = session_for_profile ("legacy");
  g_autoptr(GawsSession) expired = session_for_profile ("legacy");
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  const char *config = "[profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\n"
                       "sso_region = eu-west-1\nsso_account_id = 444455556666\nsso_role_name = Admin\n";

  use_sso (server);
  write_aws_files (fixture, config, NULL);
  write_sso_token (fixture, "https://legacy.awsapps.com/start", "sso-legacy-token-XYZZY", 3600);
  credentials = session_get_ok (session);
  g_assert_cmpstr (fake.last_query, ==, "?role_name=Admin&account_id=444455556666");

  /* A legacy token cannot be refreshed: expired means log in again. */
  write_sso_token (fixture, "https://legacy.awsapps.com/start", "sso-legacy-token-XYZZY", -10);
  g_clear_object (&credentials);
  credentials = session_get (expired, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  assert_error_names (error, "run aws sso login");
  g_assert_cmpuint (fake.n_oidc, ==, 0);
  g_assert_cmpuint (fake.n_portal, ==, 1);
  sso_fake_clear (&fake);
}

static void
test_sso_errors (Fixture *fixture, gconstpointer data)
{
  SsoFake fake = { .accepted_token = "another-token" };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (sso_handler, &fake);
  g_autofree char *path = sso_cache_path (fixture, "my-sso");
  struct {
    const char *config;
    const char *token_json;   /* NULL: the valid one */
    int         code;
    const char *message;
  } cases[] = {
    { "[profile dev]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = R\n", NULL,
      GAWS_ERROR_CONFIG, "The specified sso-session does not exist: \"nope\"" },
    { "[profile dev]\nsso_session = my-sso\nsso_account_id = 1\n[sso-session my-sso]\n"
      "sso_start_url = https://x\n", NULL,
      GAWS_ERROR_CONFIG, "missing required configuration: sso_role_name, sso_region" },
    { "[profile dev]\nsso_session = my-sso\nsso_account_id = 1\nsso_role_name = R\n"
      "sso_region = eu-west-1\n[sso-session my-sso]\nsso_start_url = https://x\nsso_region = us-east-1\n",
      NULL, GAWS_ERROR_CONFIG, "The value for sso_region is inconsistent between profile (eu-west-1) "
      "and sso-session (us-east-1)." },
    { sso_session_config, "{\"accessToken\": \"sso-access-token-XYZZY\"",
      GAWS_ERROR_CREDENTIALS, "Error loading SSO Token: Token for my-sso is invalid" },
    { sso_session_config, "",
      GAWS_ERROR_CREDENTIALS, "Error loading SSO Token: Token for my-sso does not exist" },
    { sso_session_config, NULL,
      GAWS_ERROR_CREDENTIALS, "The SSO session associated with this profile has expired" },
  };

  use_sso (server);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GawsSession) session = session_for_profile ("dev");
      g_autoptr(GawsCredentials) credentials = NULL;
      g_autoptr(GError) error = NULL;

      write_aws_files (fixture, cases[i].config, NULL);
      g_unlink (path);
      if (cases[i].token_json == NULL)
        write_sso_token (fixture, "my-sso", "sso-access-token-XYZZY", 3600);
      else if (*cases[i].token_json != '\0')
        write_text (path, cases[i].token_json);
      credentials = session_get (session, &error);
      g_assert_null (credentials);
      g_assert_error (error, GAWS_ERROR, cases[i].code);
      assert_error_names (error, "Error when retrieving credentials from sso: ");
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: unexpected message: %s", i, error->message);
      g_assert_null (strstr (error->message, "XYZZY"));
    }
  sso_fake_clear (&fake);
}

/* ---- a fake STS ----------------------------------------------------------- */

typedef struct {
  GMutex      mutex;
  guint       n_calls;
  GHashTable *params;          /* the last call's */
  char       *authorization;   /* the last call's, or NULL */
  guint       status;          /* 200 unless set */
  const char *body;            /* instead of credentials, or NULL */
} StsFake;

static void
sts_reply_credentials (StsFake *fake, const char *action, GawsTestServerReply *reply)
{
  g_autofree char *expiration = iso_time_from_now (3600);
  g_autofree char *body =
    g_strdup_printf ("<%sResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><%sResult>"
                     "<Credentials><AccessKeyId>ASIASTS%u</AccessKeyId>"
                     "<SecretAccessKey>sts-secret-%u-XYZZY</SecretAccessKey>"
                     "<SessionToken>sts-session-token-%u-XYZZY</SessionToken>"
                     "<Expiration>%s</Expiration></Credentials>"
                     "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn>"
                     "<AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser>"
                     "</%sResult></%sResponse>",
                     action, action, fake->n_calls, fake->n_calls, fake->n_calls, expiration,
                     action, action);

  gaws_test_server_reply_set_body (reply, "text/xml", body, -1);
}

static void
sts_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer data)
{
  StsFake *fake = data;
  g_autoptr(GError) error = NULL;
  GHashTable *params;

  g_mutex_lock (&fake->mutex);
  fake->n_calls++;
  params = g_uri_parse_params (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body),
                               "&", G_URI_PARAMS_WWW_FORM, &error);
  g_assert_no_error (error);
  g_clear_pointer (&fake->params, g_hash_table_unref);
  fake->params = params;
  g_free (fake->authorization);
  fake->authorization = g_strdup (gaws_http_headers_get_one (request->headers, "Authorization"));
  if (fake->status != 0 && fake->status != 200)
    {
      reply->status = fake->status;
      gaws_test_server_reply_set_body (reply, "text/xml", fake->body, -1);
    }
  else if (fake->body != NULL)
    gaws_test_server_reply_set_body (reply, "text/xml", fake->body, -1);
  else
    sts_reply_credentials (fake, g_hash_table_lookup (params, "Action"), reply);
  g_mutex_unlock (&fake->mutex);
}

static void
sts_fake_clear (StsFake *fake)
{
  g_clear_pointer (&fake->params, g_hash_table_unref);
  g_free (fake->authorization);
  g_mutex_clear (&fake->mutex);
}

static const char *
sts_param (StsFake *fake, const char *name)
{
  return fake->params ? g_hash_table_lookup (fake->params, name) : NULL;
}

static void
use_sts (GawsTestServer *server)
{
  g_setenv ("AWS_ENDPOINT_URL_STS", gaws_test_server_get_url (server), TRUE);
}

static const char assume_role_config[] =
  "[profile base]\nregion = us-east-1\n"
  "[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\n"
  "role_session_name = gaws-tests\nexternal_id = ext-1234\nduration_seconds = 1800\n"
  "[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/mfa\nsource_profile = base\n"
  "mfa_serial = arn:aws:iam::123456789012:mfa/tester\n"
  "[profile chained]\nrole_arn = arn:aws:iam::123456789012:role/second\nsource_profile = app\n"
  "[profile env]\nrole_arn = arn:aws:iam::123456789012:role/env\ncredential_source = Environment\n"
  "[profile selfish]\nrole_arn = arn:aws:iam::123456789012:role/self\nsource_profile = selfish\n"
  "aws_access_key_id = AKIDSELF\naws_secret_access_key = self-secret-XYZZY\n"
  "[profile loop-a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = loop-b\n"
  "[profile loop-b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = loop-a\n"
  "[profile both]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = base\n"
  "credential_source = Environment\n"
  "[profile neither]\nrole_arn = arn:aws:iam::123456789012:role/x\n"
  "[profile ghost]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = nobody\n"
  "[profile weird]\nrole_arn = arn:aws:iam::123456789012:role/x\ncredential_source = Moon\n"
  "[profile imds]\nrole_arn = arn:aws:iam::123456789012:role/x\ncredential_source = Ec2InstanceMetadata\n"
  "[profile empty]\nregion = eu-west-1\n"
  "[profile hollow]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = empty\n";

static const char assume_role_credentials[] =
  "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret-XYZZY\n";

static void
test_assume_role_parameters (Fixture *fixture, gconstpointer data)
{
  StsFake fake = { 0 };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (sts_handler, &fake);
  g_autoptr(GawsSession) session = session_for_profile ("app");
  g_autoptr(GawsCredentials) credentials = NULL;

  use_sts (server);
  write_aws_files (fixture, assume_role_config, assume_role_credentials);
  credentials = session_get_ok (session);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (credentials), ==, "ASIASTS1");
  g_assert_cmpstr (gaws_credentials_get_secret_access_key (credentials), ==, "sts-secret-1-XYZZY");
  g_assert_cmpstr (gaws_credentials_get_session_token (credentials), ==, "sts-session-token-1-XYZZY");
  g_assert_cmpstr (gaws_credentials_get_source (credentials), ==, "assume-role");
  g_assert_cmpint (seconds_until (gaws_credentials_get_expiration (credentials)), >, 3500);

  g_assert_cmpstr (sts_param (&fake, "Action"), ==, "AssumeRole");
  g_assert_cmpstr (sts_param (&fake, "Version"), ==, "2011-06-15");
  g_assert_cmpstr (sts_param (&fake, "RoleArn"), ==, "arn:aws:iam::123456789012:role/app");
  g_assert_cmpstr (sts_param (&fake, "RoleSessionName"), ==, "gaws-tests");
  g_assert_cmpstr (sts_param (&fake, "ExternalId"), ==, "ext-1234");
  g_assert_cmpstr (sts_param (&fake, "DurationSeconds"), ==, "1800");
  g_assert_null (sts_param (&fake, "SerialNumber"));
  /* Signed with the source profile's key. */
  g_assert_true (g_str_has_prefix (fake.authorization, "AWS4-HMAC-SHA256 Credential=AKIDBASE/"));
  g_assert_nonnull (strstr (fake.authorization, "/us-east-1/sts/aws4_request"));
  sts_fake_clear (&fake);
}

static void
test_assume_role_chained_profiles (Fixture *fixture, gconstpointer data)
{
  StsFake fake = { 0 };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (sts_handler, &fake);
  g_autoptr(GawsSession) session = session_for_profile ("chained");
  g_autoptr(GawsSession) selfish = session_for_profile ("selfish");
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GawsCredentials) self_credentials = NULL;

  use_sts (server);
  write_aws_files (fixture, assume_role_config, assume_role_credentials);
  credentials = session_get_ok (session);
  /* base's key assumes app, whose credentials assume second. */
  g_assert_cmpuint (fake.n_calls, ==, 2);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (credentials), ==, "ASIASTS2");
  g_assert_cmpstr (sts_param (&fake, "RoleArn"), ==, "arn:aws:iam::123456789012:role/second");
  g_assert_true (g_str_has_prefix (fake.authorization, "AWS4-HMAC-SHA256 Credential=ASIASTS1/"));
  g_assert_true (g_str_has_prefix (sts_param (&fake, "RoleSessionName"), "gaws-session-"));

  /* A profile may be its own source when it holds keys. */
  self_credentials = session_get_ok (selfish);
  g_assert_true (g_str_has_prefix (fake.authorization, "AWS4-HMAC-SHA256 Credential=AKIDSELF/"));
  g_assert_cmpstr (sts_param (&fake, "RoleArn"), ==, "arn:aws:iam::123456789012:role/self");
  sts_fake_clear (&fake);
}

static void
test_assume_role_credential_source (Fixture *fixture, gconstpointer data)
{
  StsFake fake = { 0 };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (sts_handler, &fake);
  g_autoptr(GawsSession) session = session_for_profile ("env");
  g_autoptr(GawsSession) imds = session_for_profile ("imds");
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  use_sts (server);
  write_aws_files (fixture, assume_role_config, assume_role_credentials);
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDFROMENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "env-secret-XYZZY", TRUE);
  credentials = session_get_ok (session);
  g_assert_true (g_str_has_prefix (fake.authorization, "AWS4-HMAC-SHA256 Credential=AKIDFROMENV/"));
  g_assert_cmpstr (sts_param (&fake, "RoleArn"), ==, "arn:aws:iam::123456789012:role/env");

  /* No instance metadata here: a clear error naming the source. */
  g_clear_object (&credentials);
  credentials = session_get (imds, &error);
  g_assert_null (credentials);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  g_assert_cmpstr (error->message, ==, "Error when retrieving credentials from Ec2InstanceMetadata: "
                                       "No credentials found in credential_source referenced in "
                                       "profile imds");
  sts_fake_clear (&fake);
}

static void
test_assume_role_cycle (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = session_for_profile ("loop-a");
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sts = closed_url ();

  g_setenv ("AWS_ENDPOINT_URL_STS", sts, TRUE);
  write_aws_files (fixture, assume_role_config, assume_role_credentials);
  credentials = session_get (session, &error);
  g_assert_null (credentials);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
  g_assert_cmpstr (error->message, ==, "Error when retrieving credentials from assume-role: "
                                       "Infinite loop in credential configuration detected. "
                                       "Attempting to load from profile loop-a which has already "
                                       "been visited. Visited profiles: loop-a, loop-b");
}

static void
test_assume_role_config_errors (Fixture *fixture, gconstpointer data)
{
  struct {
    const char *profile;
    int         code;
    const char *message;
  } cases[] = {
    { "both", GAWS_ERROR_CONFIG, "The profile \"both\" contains both source_profile and credential_source." },
    { "neither", GAWS_ERROR_CREDENTIALS, "missing: source_profile or credential_source" },
    { "ghost", GAWS_ERROR_CONFIG, "The source_profile \"nobody\" referenced in the profile \"ghost\" does not exist." },
    { "weird", GAWS_ERROR_CONFIG, "The credential source \"Moon\" referenced in profile \"weird\" is not valid." },
    { "hollow", GAWS_ERROR_CONFIG, "The source profile \"empty\" must have credentials." },
  };
  g_autofree char *sts = closed_url ();

  g_setenv ("AWS_ENDPOINT_URL_STS", sts, TRUE);
  write_aws_files (fixture, assume_role_config, assume_role_credentials);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GawsSession) session = session_for_profile (cases[i].profile);
      g_autoptr(GawsCredentials) credentials = NULL;
      g_autoptr(GError) error = NULL;

      credentials = session_get (session, &error);
      g_assert_null (credentials);
      g_assert_error (error, GAWS_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("%s: unexpected message: %s", cases[i].profile, error->message);
    }
}

static void
test_assume_role_sts_errors (Fixture *fixture, gconstpointer data)
{
  StsFake fake = { .status = 403, .body = "<ErrorResponse><Error><Type>Sender</Type>"
                   "<Code>AccessDenied</Code><Message>not allowed to assume</Message></Error>"
                   "<RequestId>req-1</RequestId></ErrorResponse>" };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (sts_handler, &fake);
  g_autoptr(GawsSession) session = session_for_profile ("app");
  g_autoptr(GawsSession) garbled = session_for_profile ("app");
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  use_sts (server);
  write_aws_files (fixture, assume_role_config, assume_role_credentials);
  credentials = session_get (session, &error);
  g_assert_null (credentials);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "AccessDenied");
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 403);
  g_assert_cmpstr (error->message, ==, "Error when retrieving credentials from assume-role: "
                                       "An error occurred (AccessDenied) when calling the "
                                       "AssumeRole operation: not allowed to assume");

  /* An answer that is not the XML expected. */
  g_mutex_lock (&fake.mutex);
  fake.status = 200;
  fake.body = "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA</AccessKeyId>"
              "<SecretAccessKey>half-secret-XYZZY</SecretAccessKey></Credentials>";
  g_mutex_unlock (&fake.mutex);
  g_clear_error (&error);
  credentials = session_get (garbled, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
  assert_error_names (error, "assume-role");
  g_assert_null (strstr (error->message, "XYZZY"));
  sts_fake_clear (&fake);
}

/* ---- MFA ------------------------------------------------------------------ */

typedef struct {
  guint    calls;
  gboolean later;
  char    *serial;
  char    *profile;
} MfaHandler;

static gboolean
answer_later (gpointer data)
{
  GawsMfaTokenRequest *request = data;

  gaws_mfa_token_request_return_token (request, "654321");
  g_object_unref (request);
  return G_SOURCE_REMOVE;
}

static gboolean
on_mfa_requested (GawsSession *session, GawsMfaTokenRequest *request, gpointer data)
{
  MfaHandler *handler = data;

  handler->calls++;
  g_free (handler->serial);
  handler->serial = g_strdup (gaws_mfa_token_request_get_mfa_serial (request));
  g_free (handler->profile);
  handler->profile = g_strdup (gaws_mfa_token_request_get_profile_name (request));
  g_assert_cmpstr (gaws_mfa_token_request_get_role_arn (request), ==, "arn:aws:iam::123456789012:role/mfa");
  if (handler->later)
    g_idle_add (answer_later, g_object_ref (request));
  else
    gaws_mfa_token_request_return_token (request, "123456");
  return TRUE;
}

static void
test_assume_role_mfa (Fixture *fixture, gconstpointer data)
{
  StsFake fake = { 0 };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (sts_handler, &fake);
  g_autoptr(GawsSession) session = session_for_profile ("mfa");
  g_autoptr(GawsSession) later = session_for_profile ("mfa");
  g_autoptr(GawsSession) unhandled = session_for_profile ("mfa");
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  MfaHandler handler = { 0 };
  MfaHandler later_handler = { .later = TRUE };

  use_sts (server);
  write_aws_files (fixture, assume_role_config, assume_role_credentials);
  g_signal_connect (session, "mfa-token-requested", G_CALLBACK (on_mfa_requested), &handler);
  credentials = session_get_ok (session);
  g_assert_cmpuint (handler.calls, ==, 1);
  g_assert_cmpstr (handler.serial, ==, "arn:aws:iam::123456789012:mfa/tester");
  g_assert_cmpstr (handler.profile, ==, "mfa");
  g_assert_cmpstr (sts_param (&fake, "SerialNumber"), ==, "arn:aws:iam::123456789012:mfa/tester");
  g_assert_cmpstr (sts_param (&fake, "TokenCode"), ==, "123456");

  /* The application may answer later, from the main loop. */
  g_signal_connect (later, "mfa-token-requested", G_CALLBACK (on_mfa_requested), &later_handler);
  g_clear_object (&credentials);
  credentials = session_get_ok (later);
  g_assert_cmpstr (sts_param (&fake, "TokenCode"), ==, "654321");

  /* Nobody to ask: an error, and no call to STS. */
  g_clear_object (&credentials);
  credentials = session_get (unhandled, &error);
  g_assert_null (credentials);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS);
  assert_error_names (error, "assume-role");
  assert_error_names (error, "mfa-token-requested");
  g_assert_cmpuint (fake.n_calls, ==, 2);
  g_free (handler.serial);
  g_free (handler.profile);
  g_free (later_handler.serial);
  g_free (later_handler.profile);
  sts_fake_clear (&fake);
}

/* ---- web identity --------------------------------------------------------- */

static void
test_web_identity (Fixture *fixture, gconstpointer data)
{
  StsFake fake = { 0 };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (sts_handler, &fake);
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autofree char *token_path = home_file (fixture, "web-identity-token");

  use_sts (server);
  write_aws_files (fixture, "[default]\nregion = eu-central-1\n", NULL);
  write_text (token_path, "oidc-web-identity-token-XYZZY");
  g_setenv ("AWS_WEB_IDENTITY_TOKEN_FILE", token_path, TRUE);
  g_setenv ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa", TRUE);
  g_setenv ("AWS_ROLE_SESSION_NAME", "pod-1", TRUE);
  credentials = session_get_ok (session);
  g_assert_cmpstr (gaws_credentials_get_access_key_id (credentials), ==, "ASIASTS1");
  g_assert_cmpstr (gaws_credentials_get_source (credentials), ==, "assume-role-with-web-identity");
  g_assert_cmpstr (sts_param (&fake, "Action"), ==, "AssumeRoleWithWebIdentity");
  g_assert_cmpstr (sts_param (&fake, "RoleArn"), ==, "arn:aws:iam::123456789012:role/irsa");
  g_assert_cmpstr (sts_param (&fake, "RoleSessionName"), ==, "pod-1");
  g_assert_cmpstr (sts_param (&fake, "WebIdentityToken"), ==, "oidc-web-identity-token-XYZZY");
  /* Unsigned, as in botocore. */
  g_assert_null (fake.authorization);
  sts_fake_clear (&fake);
}

static void
test_web_identity_profile (Fixture *fixture, gconstpointer data)
{
  StsFake fake = { 0 };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (sts_handler, &fake);
  g_autoptr(GawsSession) session = session_for_profile ("web");
  g_autoptr(GawsSession) broken = session_for_profile ("norole");
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token_path = home_file (fixture, "profile-token");
  g_autofree char *config = g_strdup_printf ("[profile web]\nweb_identity_token_file = %s\n"
                                             "role_arn = arn:aws:iam::123456789012:role/web\n"
                                             "[profile norole]\nweb_identity_token_file = %s\n",
                                             token_path, token_path);

  use_sts (server);
  write_aws_files (fixture, config, NULL);
  write_text (token_path, "profile-web-token-XYZZY");
  /* The profile was named in code: the environment's settings are ignored. */
  g_setenv ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/from-env", TRUE);
  credentials = session_get_ok (session);
  g_assert_cmpstr (sts_param (&fake, "RoleArn"), ==, "arn:aws:iam::123456789012:role/web");
  g_assert_cmpstr (sts_param (&fake, "WebIdentityToken"), ==, "profile-web-token-XYZZY");

  g_clear_object (&credentials);
  credentials = session_get (broken, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
  assert_error_names (error, "assume-role-with-web-identity");
  assert_error_names (error, "has no role ARN configured");
  sts_fake_clear (&fake);
}

/* ---- the default chain ---------------------------------------------------- */

static void
test_chain_order (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GawsSession) named = session_for_profile ("x");
  g_autoptr(GawsChainCredentialsProvider) chain = gaws_chain_credentials_provider_new_default (session);
  g_autoptr(GawsChainCredentialsProvider) named_chain = gaws_chain_credentials_provider_new_default (named);
  GType expected[] = {
    GAWS_TYPE_ENV_CREDENTIALS_PROVIDER, GAWS_TYPE_ASSUME_ROLE_CREDENTIALS_PROVIDER,
    GAWS_TYPE_WEB_IDENTITY_CREDENTIALS_PROVIDER, GAWS_TYPE_SSO_CREDENTIALS_PROVIDER,
    GAWS_TYPE_PROFILE_CREDENTIALS_PROVIDER, GAWS_TYPE_PROCESS_CREDENTIALS_PROVIDER,
    GAWS_TYPE_PROFILE_CREDENTIALS_PROVIDER, GAWS_TYPE_CONTAINER_CREDENTIALS_PROVIDER,
    GAWS_TYPE_IMDS_CREDENTIALS_PROVIDER,
  };

  /* botocore's create_credential_resolver, less its boto2 and login providers. */
  g_assert_cmpuint (gaws_chain_credentials_provider_get_n_providers (chain), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (G_OBJECT_TYPE_NAME (gaws_chain_credentials_provider_get_provider (chain, i)), ==,
                     g_type_name (expected[i]));
  /* A profile named in code drops the environment. */
  g_assert_cmpuint (gaws_chain_credentials_provider_get_n_providers (named_chain), ==,
                    G_N_ELEMENTS (expected) - 1);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (gaws_chain_credentials_provider_get_provider (named_chain, 0),
                                             GAWS_TYPE_ASSUME_ROLE_CREDENTIALS_PROVIDER));
}

static void
test_chain_precedence (Fixture *fixture, gconstpointer data)
{
  StsFake sts = { 0 };
  ContainerFake container = { 0 };
  ImdsFake imds = { 0 };
  g_autoptr(GawsTestServer) sts_server = gaws_test_server_new (sts_handler, &sts);
  g_autoptr(GawsTestServer) container_server = gaws_test_server_new (container_handler, &container);
  g_autoptr(GawsTestServer) imds_server = gaws_test_server_new (imds_handler, &imds);
  g_autofree char *config = g_strdup_printf ("%s[profile keyed]\nrole_arn = arn:aws:iam::123456789012:role/k\n"
                                             "source_profile = base\n", assume_role_config);
  const char *credentials = "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret-XYZZY\n"
                            "[keyed]\naws_access_key_id = AKIDKEYED\naws_secret_access_key = keyed-secret\n";

  use_sts (sts_server);
  use_imds (imds_server);
  set_container_uri (container_server, "/creds");
  write_aws_files (fixture, config, credentials);
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "env-secret", TRUE);

  /* Each step removes the winner: env, assume-role over the same profile's
   * keys, shared keys, the container endpoint, instance metadata. */
  {
    g_autoptr(GawsSession) session = gaws_session_new ();
    g_autoptr(GawsCredentials) found = NULL;

    g_setenv ("AWS_PROFILE", "keyed", TRUE);
    found = session_get_ok (session);
    g_assert_cmpstr (gaws_credentials_get_source (found), ==, "env");
  }
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  {
    g_autoptr(GawsSession) session = gaws_session_new ();
    g_autoptr(GawsCredentials) found = session_get_ok (session);

    g_assert_cmpstr (gaws_credentials_get_source (found), ==, "assume-role");
    g_assert_cmpstr (sts_param (&sts, "RoleArn"), ==, "arn:aws:iam::123456789012:role/k");
  }
  g_setenv ("AWS_PROFILE", "base", TRUE);
  {
    g_autoptr(GawsSession) session = gaws_session_new ();
    g_autoptr(GawsCredentials) found = session_get_ok (session);

    g_assert_cmpstr (gaws_credentials_get_source (found), ==, "shared-credentials-file");
  }
  g_setenv ("AWS_PROFILE", "empty", TRUE);
  {
    g_autoptr(GawsSession) session = gaws_session_new ();
    g_autoptr(GawsCredentials) found = session_get_ok (session);

    g_assert_cmpstr (gaws_credentials_get_source (found), ==, "container-role");
  }
  g_unsetenv ("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  {
    g_autoptr(GawsSession) session = gaws_session_new ();
    g_autoptr(GawsCredentials) found = session_get_ok (session);

    g_assert_cmpstr (gaws_credentials_get_source (found), ==, "iam-role");
  }
  g_assert_cmpint (g_atomic_int_get (&container.requests), ==, 1);
  g_assert_cmpuint (sts.n_calls, ==, 1);
  imds_fake_clear (&imds);
  sts_fake_clear (&sts);
}

static void
test_chain_malformed_config (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  write_aws_files (fixture, "[profile broken\nrole_arn = x\n", NULL);
  credentials = session_get (session, &error);
  g_assert_null (credentials);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
}

typedef struct {
  guint pending;
  guint succeeded;
  GHashTable *keys;
} Crowd;

static void
crowd_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Crowd *crowd = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsCredentials) credentials =
    gaws_session_get_credentials_finish (GAWS_SESSION (source), result, &error);

  g_assert_no_error (error);
  g_hash_table_add (crowd->keys, g_strdup (gaws_credentials_get_access_key_id (credentials)));
  crowd->succeeded++;
  crowd->pending--;
}

static guint
crowd_run (GawsSession *session, guint n)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Crowd crowd = { 0, 0, keys };

  for (guint i = 0; i < n; i++)
    {
      crowd.pending++;
      gaws_session_get_credentials_async (session, NULL, crowd_done_cb, &crowd);
    }
  while (crowd.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (crowd.succeeded, ==, n);
  return g_hash_table_size (keys);
}

static void
test_chain_concurrent_refresh (Fixture *fixture, gconstpointer data)
{
  ContainerFake fake = { .lifetime_s = 3600 };
  g_autoptr(GawsTestServer) server = gaws_test_server_new (container_handler, &fake);
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GawsSession) expiring = gaws_session_new ();

  set_container_uri (server, "/creds");
  write_aws_files (fixture, "[default]\nregion = us-east-1\n", NULL);
  /* 100 callers at once: one fetch, everyone shares it... */
  g_assert_cmpuint (crowd_run (session, 100), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&fake.requests), ==, 1);
  /* ...and the next 100 are served from the cache. */
  g_assert_cmpuint (crowd_run (session, 100), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&fake.requests), ==, 1);

  /* Credentials inside the mandatory window: each crowd waits for one
   * refresh, never 100. */
  fake.lifetime_s = 5 * 60;
  g_assert_cmpuint (crowd_run (expiring, 100), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&fake.requests), ==, 2);
  g_assert_cmpuint (crowd_run (expiring, 100), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&fake.requests), ==, 3);
}

/* ---- no secret in logs, errors or properties ------------------------------ */

static const char *const secret_markers[] = {
  "XYZZY", "123456", "654321",
};

static void
assert_no_secret (const char *where, const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (secret_markers); i++)
    if (text != NULL && strstr (text, secret_markers[i]) != NULL)
      g_error ("a secret (%s) shows in %s: %s", secret_markers[i], where, text);
}

static void
assert_properties_hide_secrets (GObject *object)
{
  guint n = 0;
  g_autofree GParamSpec **specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n);

  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *text = NULL;

      if (!(specs[i]->flags & G_PARAM_READABLE))
        continue;
      g_value_init (&value, specs[i]->value_type);
      g_object_get_property (object, specs[i]->name, &value);
      text = g_strdup_value_contents (&value);
      assert_no_secret (specs[i]->name, text);
    }
}

/* Runs the providers, succeeding and failing, with secrets everywhere. */
static void
exercise_providers (Fixture *fixture, GPtrArray *errors)
{
  StsFake sts = { 0 };
  ImdsFake imds = { .require_token = TRUE };
  SsoFake sso = { .accepted_token = "sso-refreshed-access-token-XYZZY" };
  ContainerFake container = { .expect_authorization = "container-auth-token-XYZZY" };
  g_autoptr(GawsTestServer) sts_server = gaws_test_server_new (sts_handler, &sts);
  g_autoptr(GawsTestServer) imds_server = gaws_test_server_new (imds_handler, &imds);
  g_autoptr(GawsTestServer) sso_server = gaws_test_server_new (sso_handler, &sso);
  g_autoptr(GawsTestServer) container_server = gaws_test_server_new (container_handler, &container);
  g_autofree char *token_path = home_file (fixture, "web-identity-token");
  g_autofree char *config = g_strdup_printf ("%s%s[profile web]\nweb_identity_token_file = %s\n"
                                             "role_arn = arn:aws:iam::123456789012:role/web\n",
                                             assume_role_config, sso_session_config, token_path);
  const char *profiles[] = { "app", "chained", "mfa", "dev", "web", "empty", "empty", "hollow" };
  MfaHandler handler = { 0 };

  use_sts (sts_server);
  use_imds (imds_server);
  use_sso (sso_server);
  write_aws_files (fixture, config, assume_role_credentials);
  write_text (token_path, "oidc-web-identity-token-XYZZY");
  write_sso_token (fixture, "my-sso", "sso-expired-access-token-XYZZY", -60);
  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      g_autoptr(GawsSession) session = session_for_profile (profiles[i]);
      g_autoptr(GawsCredentials) credentials = NULL;
      GError *error = NULL;

      g_signal_connect (session, "mfa-token-requested", G_CALLBACK (on_mfa_requested), &handler);
      /* The second "empty" finds the container endpoint, with its token. */
      if (i == 6)
        {
          set_container_uri (container_server, "/creds");
          g_setenv ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-auth-token-XYZZY", TRUE);
        }
      credentials = session_get (session, &error);
      if (error != NULL)
        g_ptr_array_add (errors, error);
      for (guint p = 0; p < gaws_chain_credentials_provider_get_n_providers (
                                GAWS_CHAIN_CREDENTIALS_PROVIDER (gaws_session_get_credentials_provider (session))); p++)
        assert_properties_hide_secrets (G_OBJECT (gaws_chain_credentials_provider_get_provider (
                                          GAWS_CHAIN_CREDENTIALS_PROVIDER (gaws_session_get_credentials_provider (session)), p)));
      if (credentials != NULL)
        assert_properties_hide_secrets (G_OBJECT (credentials));
    }
  /* Failures: a bad container answer, STS refusing, a required IMDS down. */
  {
    g_autoptr(GawsCredentialsProvider) provider = gaws_container_credentials_provider_new ();
    g_autoptr(GawsCredentials) credentials = NULL;
    GError *error = NULL;

    container.body = "{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"bad-json-XYZZY";
    credentials = provider_get (provider, &error);
    g_assert_nonnull (error);
    g_ptr_array_add (errors, error);
  }
  g_mutex_lock (&sts.mutex);
  sts.status = 403;
  sts.body = "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>";
  g_mutex_unlock (&sts.mutex);
  {
    g_autoptr(GawsSession) session = session_for_profile ("app");
    GError *error = NULL;
    g_autoptr(GawsCredentials) credentials = session_get (session, &error);

    g_assert_nonnull (error);
    g_ptr_array_add (errors, error);
  }
  /* The SSO token's refresh refused, and instance metadata out of reach:
   * both only say why in a debug line. */
  sso.oidc_status = 400;
  write_sso_token (fixture, "my-sso", "sso-nearly-expired-access-token-XYZZY", 5 * 60);
  {
    g_autoptr(GawsSession) session = session_for_profile ("dev");
    GError *error = NULL;
    g_autoptr(GawsCredentials) credentials = session_get (session, &error);

    if (error != NULL)
      g_ptr_array_add (errors, error);
  }
  {
    g_autoptr(GawsCredentialsProvider) provider = gaws_imds_credentials_provider_new (NULL);
    g_autofree char *url = closed_url ();
    GError *error = NULL;
    g_autoptr(GawsCredentials) credentials = NULL;

    g_setenv ("AWS_EC2_METADATA_SERVICE_ENDPOINT", url, TRUE);
    credentials = provider_get (provider, &error);
    g_assert_no_error (error);
    g_assert_null (credentials);
  }
  g_free (handler.serial);
  g_free (handler.profile);
  imds_fake_clear (&imds);
  sso_fake_clear (&sso);
  sts_fake_clear (&sts);
}

static void
test_logs_hide_secrets (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autofree char *logs = NULL;

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_mutex_lock (&log_mutex);
  g_string_truncate (log_text, 0);
  g_mutex_unlock (&log_mutex);

  exercise_providers (fixture, errors);

  logs = captured_logs ();
  /* The debug lines were captured. */
  g_assert_nonnull (strstr (logs, "iam-role: no credentials from the instance metadata service"));
  g_assert_nonnull (strstr (logs, "sso: refreshing the SSO token of my-sso failed"));
  assert_no_secret ("the logs", logs);
  g_assert_cmpuint (errors->len, >=, 3);
  for (guint i = 0; i < errors->len; i++)
    assert_no_secret ("an error", ((GError *) errors->pdata[i])->message);
  g_unsetenv ("G_MESSAGES_DEBUG");
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);
  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/credentials/container/full-uri-with-token", test_container_full_uri);
  ADD ("/credentials/container/token-file", test_container_token_file);
  ADD ("/credentials/container/refuses-remote-http", test_container_refuses_remote_http);
  ADD ("/credentials/container/unreachable-fails-fast", test_container_unreachable);
  ADD ("/credentials/container/malformed-json", test_container_malformed_json);
  ADD ("/credentials/container/error-status", test_container_error_status);
  ADD ("/credentials/imds/token-flow", test_imds_token_flow);
  ADD ("/credentials/imds/expired-token-retried", test_imds_expired_token_retried);
  ADD ("/credentials/imds/v1-fallback", test_imds_v1_fallback);
  ADD ("/credentials/imds/disabled", test_imds_disabled);
  ADD ("/credentials/imds/unreachable-fails-fast", test_imds_unreachable);
  ADD ("/credentials/imds/timeout-never-hangs", test_imds_timeout);
  ADD ("/credentials/imds/attempts-from-profile", test_imds_attempts_from_profile);
  ADD ("/credentials/imds/bad-settings", test_imds_bad_settings);
  ADD ("/credentials/imds/expiring-credentials-extended", test_imds_expiring_credentials_extended);
  ADD ("/region/imds-when-defaults-mode-auto", test_region_from_imds);
  ADD ("/credentials/sso/sso-session-profile", test_sso_session_profile);
  ADD ("/credentials/sso/expired-token-refreshed", test_sso_expired_token_refreshed);
  ADD ("/credentials/sso/refresh-fails", test_sso_refresh_fails);
  ADD ("/credentials/sso/legacy-profile", test_sso_legacy_profile);
  ADD ("/credentials/sso/errors", test_sso_errors);
  ADD ("/credentials/sso/library-missing", test_sso_library_missing);
  ADD ("/credentials/assume-role/parameters", test_assume_role_parameters);
  ADD ("/credentials/assume-role/chained-profiles", test_assume_role_chained_profiles);
  ADD ("/credentials/assume-role/credential-source", test_assume_role_credential_source);
  ADD ("/credentials/assume-role/cycle-detected", test_assume_role_cycle);
  ADD ("/credentials/assume-role/config-errors", test_assume_role_config_errors);
  ADD ("/credentials/assume-role/sts-errors", test_assume_role_sts_errors);
  ADD ("/credentials/assume-role/mfa-token-callback", test_assume_role_mfa);
  ADD ("/credentials/web-identity/environment", test_web_identity);
  ADD ("/credentials/web-identity/profile", test_web_identity_profile);
  ADD ("/credentials/chain/default-order", test_chain_order);
  ADD ("/credentials/chain/precedence", test_chain_precedence);
  ADD ("/credentials/chain/malformed-config", test_chain_malformed_config);
  ADD ("/credentials/chain/one-refresh-for-100-callers", test_chain_concurrent_refresh);
  ADD ("/credentials/secrets/not-in-logs-errors-or-properties", test_logs_hide_secrets);
  return g_test_run ();
}
