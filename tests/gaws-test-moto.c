/* gaws-test-moto.c: a moto_server for one test program, on a free loopback port
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-moto.h"

#include <gio/gio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

/* Each test program that needs AWS starts its own moto_server, so programs
 * run in parallel without sharing state, and stops it when done. A missing
 * moto_server fails the test loudly: it never turns into a skip. */

struct _GawsTestMoto {
  GSubprocess *process;
  guint16      port;
  char        *url;
};

#define STARTUP_TIMEOUT_SECONDS 60

static guint16
pick_free_port (void)
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
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
port_accepts (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection =
    g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return connection != NULL;
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static const char *
moto_program (void)
{
  const char *program = g_getenv ("GAWS_MOTO_SERVER");
  return program ? program : "moto_server";
}

static gboolean
try_start (GawsTestMoto *moto, guint no_auth_action_count)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *port = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  path = g_find_program_in_path (moto_program ());
  if (path == NULL)
    g_error ("moto_server (%s) is not on PATH: the tests need it (see tools/install-deps.sh)",
             moto_program ());

  moto->port = pick_free_port ();
  port = g_strdup_printf ("%u", moto->port);
  if (no_auth_action_count != G_MAXUINT)
    {
      g_autofree char *count = g_strdup_printf ("%u", no_auth_action_count);
      g_subprocess_launcher_setenv (launcher, "INITIAL_NO_AUTH_ACTION_COUNT", count, TRUE);
    }
  /* A test that aborts must not leave its moto_server behind. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (g_getenv ("GAWS_TEST_MOTO_VERBOSE"))
    g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_NONE);
  moto->process = g_subprocess_launcher_spawn (launcher, &error, path, "-H", "127.0.0.1", "-p", port, NULL);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + STARTUP_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      if (port_accepts (moto->port))
        return TRUE;
      if (g_subprocess_get_identifier (moto->process) == NULL)
        break;   /* it exited: most likely the port was taken meanwhile */
      g_usleep (50 * 1000);
    }
  g_subprocess_force_exit (moto->process);
  g_subprocess_wait (moto->process, NULL, NULL);
  g_clear_object (&moto->process);
  return FALSE;
}

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

  for (int tries = 0; tries < 3; tries++)
    if (try_start (moto, no_auth_action_count))
      {
        moto->url = g_strdup_printf ("http://127.0.0.1:%u", moto->port);
        return moto;
      }
  g_error ("moto_server did not start within %d s", STARTUP_TIMEOUT_SECONDS);
  return NULL;
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
  return moto->url;
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
  gaws_client_config_set_endpoint_url (config, moto->url);
  return config;
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
    g_socket_client_connect_to_host (client, "127.0.0.1", moto->port, NULL, &error);
  g_autofree char *request = g_strdup_printf ("POST /moto-api/reset HTTP/1.0\r\nHost: 127.0.0.1:%u\r\n"
                                              "Content-Length: 0\r\n\r\n", moto->port);
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
  if (moto->process)
    {
      g_subprocess_send_signal (moto->process, SIGTERM);
      g_subprocess_wait (moto->process, NULL, NULL);
      g_object_unref (moto->process);
    }
  g_free (moto->url);
  g_free (moto);
}
