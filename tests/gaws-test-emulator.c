/* gaws-test-emulator.c: an AWS emulator process on a free loopback port
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-emulator.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

/* Each test program starts the emulators it needs, so programs run in
 * parallel without sharing state, and stops them when done. A missing
 * emulator fails the test loudly: it never turns into a skip. */

struct _GawsTestEmulator {
  GawsTestEmulatorKind  kind;
  GSubprocess          *process;
  char                 *data_dir;
  guint16               port;
  char                 *url;
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
  /* A test that aborts must not leave its emulator behind. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* moto_server's own bugs (see moto-server-patched.py) make it refuse
 * requests AWS accepts, so the tests run it through that wrapper unless
 * GAWS_MOTO_SERVER names another program. The wrapper is found in
 * G_TEST_SRCDIR, else where meson says the sources are (the GI runner
 * calls no g_test_init). */
static char *
find_patched_moto (void)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  char *script = g_build_filename (srcdir ? srcdir : GAWS_TEST_SRCDIR, "moto-server-patched.py", NULL);

  if (!g_file_test (script, G_FILE_TEST_IS_REGULAR))
    g_error ("%s is missing", script);
  return script;
}

static void
add_program (GPtrArray *argv, GawsTestEmulatorKind kind)
{
  const char *npm_bin = g_getenv ("GAWS_NPM_BIN");
  const char *override = g_getenv ("GAWS_MOTO_SERVER");
  char *path = NULL;

  switch (kind)
    {
    case GAWS_TEST_EMULATOR_MOTO:
      path = g_find_program_in_path (override ? override : "python3");
      if (path == NULL)
        g_error ("%s is not on PATH: the tests need it (see tools/install-deps.sh)",
                 override ? override : "python3");
      g_ptr_array_add (argv, path);
      if (override == NULL)
        g_ptr_array_add (argv, find_patched_moto ());
      break;
    case GAWS_TEST_EMULATOR_DYNALITE:
    case GAWS_TEST_EMULATOR_S3RVER:
      g_assert_nonnull (npm_bin);
      path = g_build_filename (npm_bin, kind == GAWS_TEST_EMULATOR_DYNALITE ? "dynalite" : "s3rver", NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        g_error ("%s is missing: run tools/install-deps.sh", path);
      g_ptr_array_add (argv, path);
      break;
    }
}

static GPtrArray *
build_argv (GawsTestEmulator *emulator)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  char *port = g_strdup_printf ("%u", emulator->port);

  add_program (argv, emulator->kind);
  switch (emulator->kind)
    {
    case GAWS_TEST_EMULATOR_MOTO:
      g_ptr_array_add (argv, g_strdup ("-H"));
      g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
      g_ptr_array_add (argv, g_strdup ("-p"));
      break;
    case GAWS_TEST_EMULATOR_DYNALITE:
      g_ptr_array_add (argv, g_strdup ("--port"));
      break;
    case GAWS_TEST_EMULATOR_S3RVER:
      g_ptr_array_add (argv, g_strdup ("--silent"));
      g_ptr_array_add (argv, g_strdup ("--address"));
      g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
      g_ptr_array_add (argv, g_strdup ("--directory"));
      g_ptr_array_add (argv, g_strdup (emulator->data_dir));
      g_ptr_array_add (argv, g_strdup ("--port"));
      break;
    }
  g_ptr_array_add (argv, port);
  g_ptr_array_add (argv, NULL);
  return argv;
}

static gboolean
try_start (GawsTestEmulator *emulator, const char *const *environment)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  if (!g_getenv ("GAWS_TEST_EMULATOR_VERBOSE"))
    g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                               G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  for (gsize i = 0; environment && environment[i] && environment[i + 1]; i += 2)
    g_subprocess_launcher_setenv (launcher, environment[i], environment[i + 1], TRUE);

  emulator->port = pick_free_port ();
  argv = build_argv (emulator);
  emulator->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + STARTUP_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      if (port_accepts (emulator->port))
        return TRUE;
      if (g_subprocess_get_identifier (emulator->process) == NULL)
        break;   /* it exited: most likely the port was taken meanwhile */
      g_usleep (50 * 1000);
    }
  g_subprocess_force_exit (emulator->process);
  g_subprocess_wait (emulator->process, NULL, NULL);
  g_clear_object (&emulator->process);
  return FALSE;
}

/**
 * gaws_test_emulator_start:
 * @kind: which emulator
 * @environment: (nullable) (array zero-terminated=1): NAME, VALUE pairs to set
 *   in its environment
 *
 * Starts the emulator on a free loopback port and waits until it accepts
 * connections. Fails the test program if it cannot.
 *
 * Returns: (transfer full): the running emulator
 */
GawsTestEmulator *
gaws_test_emulator_start (GawsTestEmulatorKind kind, const char *const *environment)
{
  GawsTestEmulator *emulator = g_new0 (GawsTestEmulator, 1);

  emulator->kind = kind;
  if (kind == GAWS_TEST_EMULATOR_S3RVER)
    emulator->data_dir = g_dir_make_tmp ("gaws-s3rver-XXXXXX", NULL);
  for (int tries = 0; tries < 3; tries++)
    if (try_start (emulator, environment))
      {
        emulator->url = g_strdup_printf ("http://127.0.0.1:%u", emulator->port);
        return emulator;
      }
  g_error ("emulator %d did not start within %d s", kind, STARTUP_TIMEOUT_SECONDS);
  return NULL;
}

/**
 * gaws_test_emulator_get_url:
 * @emulator: the emulator
 *
 * Returns: its endpoint URL, `http://127.0.0.1:PORT`
 */
const char *
gaws_test_emulator_get_url (GawsTestEmulator *emulator)
{
  return emulator->url;
}

/**
 * gaws_test_emulator_get_port:
 * @emulator: the emulator
 *
 * Returns: its port on 127.0.0.1
 */
guint16
gaws_test_emulator_get_port (GawsTestEmulator *emulator)
{
  return emulator->port;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

#define STOP_GRACE_S 10

static void
on_exited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static gboolean
on_tick (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Stops @process and waits for it: SIGTERM, sent again every second, then
 * SIGKILL after STOP_GRACE_S seconds. Once, moto_server let a SIGTERM go
 * unheeded (it exited at the second one), and the suite waited on it
 * until its timeout. */
static void
stop_process (GSubprocess *process)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  gboolean exited = FALSE;

  g_main_context_push_thread_default (context);
  g_subprocess_wait_async (process, NULL, on_exited, &exited);
  for (guint second = 0; !exited; second++)
    {
      g_autoptr(GSource) tick = g_timeout_source_new (1000);
      gboolean ticked = FALSE;

      if (second < STOP_GRACE_S)
        g_subprocess_send_signal (process, SIGTERM);
      else
        g_subprocess_force_exit (process);
      g_source_set_callback (tick, on_tick, &ticked, NULL);
      g_source_attach (tick, context);
      while (!exited && !ticked)
        g_main_context_iteration (context, TRUE);
      g_source_destroy (tick);
    }
  g_main_context_pop_thread_default (context);
}

/**
 * gaws_test_emulator_stop:
 * @emulator: (transfer full): the emulator
 *
 * Stops the emulator, removes its data and frees @emulator.
 */
void
gaws_test_emulator_stop (GawsTestEmulator *emulator)
{
  if (emulator->process)
    {
      stop_process (emulator->process);
      g_object_unref (emulator->process);
    }
  if (emulator->data_dir)
    remove_tree (emulator->data_dir);
  g_free (emulator->data_dir);
  g_free (emulator->url);
  g_free (emulator);
}
