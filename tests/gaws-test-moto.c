/* gaws-test-moto.c: a moto_server for one test program, on a free loopback port
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-moto.h"

#include <string.h>

#include "gaws-test-emulator.h"
#include "gaws-test-raw.h"

struct _GawsTestMoto {
  GawsTestEmulator *emulator;
};

/**
 * gaws_test_moto_start:
 * @no_auth_action_count: requests moto serves before it starts checking
 *   SigV4 signatures and IAM permissions, or %G_MAXUINT never to check
 *
 * Starts moto_server on a free loopback port and waits until it answers.
 *
 * Returns: (transfer full): the running server
 */
GawsTestMoto *
gaws_test_moto_start (guint no_auth_action_count)
{
  GawsTestMoto *moto = g_new0 (GawsTestMoto, 1);
  g_autofree char *count = g_strdup_printf ("%u", no_auth_action_count);
  const char *environment[] = { "INITIAL_NO_AUTH_ACTION_COUNT", count, NULL };

  moto->emulator = gaws_test_emulator_start (GAWS_TEST_EMULATOR_MOTO,
                                             no_auth_action_count != G_MAXUINT ? environment : NULL);
  return moto;
}

/**
 * gaws_test_moto_get_url:
 * @moto: the server
 *
 * Returns: its endpoint URL, `http://127.0.0.1:PORT`
 */
const char *
gaws_test_moto_get_url (GawsTestMoto *moto)
{
  return gaws_test_emulator_get_url (moto->emulator);
}

/**
 * gaws_test_moto_new_session:
 * @moto: the server
 * @access_key_id: the access key to sign with
 * @secret_access_key: its secret
 *
 * Returns: (transfer full): a session in us-east-1 with these credentials
 */
GawsSession *
gaws_test_moto_new_session (GawsTestMoto *moto,
                            const char   *access_key_id,
                            const char   *secret_access_key)
{
  GawsSession *session = gaws_session_new ();

  gaws_session_set_region (session, "us-east-1");
  gaws_session_set_credentials (session, access_key_id, secret_access_key, NULL);
  return session;
}

/**
 * gaws_test_moto_new_config:
 * @moto: the server
 *
 * Returns: (transfer full): a client configuration pointing at @moto
 */
GawsClientConfig *
gaws_test_moto_new_config (GawsTestMoto *moto)
{
  GawsClientConfig *config = gaws_client_config_new ();
  gaws_client_config_set_endpoint_url (config, gaws_test_emulator_get_url (moto->emulator));
  return config;
}

static GawsHttpResponse *
bootstrap_iam_call (GawsTestMoto *moto, const char *action, const char *params)
{
  g_autoptr(GawsSession) session = gaws_test_moto_new_session (moto, "AKIDBOOTSTRAP", "bootstrap");
  g_autoptr(GawsClientConfig) config = gaws_test_moto_new_config (moto);
  g_autoptr(GawsClient) client = gaws_client_new (session, config, &gaws_test_iam_service);
  g_autoptr(GawsHttpRequest) request = gaws_test_query_request (action, "2010-05-08", params);
  GawsRequestOptions options = { .operation_name = action };
  g_autoptr(GError) error = NULL;
  GawsHttpResponse *response = gaws_client_send_sync (client, request, &options, NULL, &error);

  g_assert_no_error (error);
  return response;
}

/**
 * gaws_test_moto_create_admin_user:
 * @moto: the server
 * @user_name: the IAM user to create
 * @access_key_id: (out): its new access key id
 * @secret_access_key: (out): the key's secret
 *
 * Creates an IAM user allowed everything and an access key for it, in the
 * %GAWS_TEST_MOTO_ADMIN_USER_ACTIONS requests moto lets through unsigned;
 * after them moto checks every signature against keys such as this one.
 */
void
gaws_test_moto_create_admin_user (GawsTestMoto *moto,
                                  const char   *user_name,
                                  char        **access_key_id,
                                  char        **secret_access_key)
{
  g_autofree char *user = g_strdup_printf ("UserName=%s", user_name);
  g_autofree char *policy = g_strdup_printf ("UserName=%s&PolicyName=admin&PolicyDocument=%s",
                                             user_name, GAWS_TEST_ADMIN_POLICY);
  g_autoptr(GawsHttpResponse) created = bootstrap_iam_call (moto, "CreateUser", user);
  g_autoptr(GawsHttpResponse) key = bootstrap_iam_call (moto, "CreateAccessKey", user);
  g_autoptr(GawsHttpResponse) allowed = bootstrap_iam_call (moto, "PutUserPolicy", policy);

  *access_key_id = gaws_test_xml_text (gaws_http_response_get_body (key), "AccessKeyId");
  *secret_access_key = gaws_test_xml_text (gaws_http_response_get_body (key), "SecretAccessKey");
  g_assert_nonnull (*access_key_id);
  g_assert_nonnull (*secret_access_key);
}

/**
 * gaws_test_moto_reset:
 * @moto: the server
 *
 * Drops every resource moto holds (POST /moto-api/reset).
 */
void
gaws_test_moto_reset (GawsTestMoto *moto)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection =
    g_socket_client_connect_to_host (client, "127.0.0.1",
                                     gaws_test_emulator_get_port (moto->emulator), NULL, &error);
  g_autofree char *request = g_strdup_printf ("POST /moto-api/reset HTTP/1.0\r\nHost: 127.0.0.1:%u\r\n"
                                              "Content-Length: 0\r\n\r\n",
                                              gaws_test_emulator_get_port (moto->emulator));
  char reply[64] = { 0 };
  gsize got = 0;

  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                           reply, sizeof reply - 1, &got, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 200") || g_str_has_prefix (reply, "HTTP/1.0 200"));
}

/**
 * gaws_test_moto_stop:
 * @moto: (transfer full): the server
 *
 * Stops the server and frees @moto.
 */
void
gaws_test_moto_stop (GawsTestMoto *moto)
{
  gaws_test_emulator_stop (moto->emulator);
  g_free (moto);
}
