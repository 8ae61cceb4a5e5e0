/* gaws-gi-runner.c: runs a Python or GJS test against a moto_server of its own
 *
 * Usage: gaws-gi-runner PROGRAM [ARGUMENT...]
 *
 * Starts moto_server on a free loopback port (the fixture the C tests use),
 * runs PROGRAM with GAWS_TEST_ENDPOINT_URL set to it, stops moto and exits
 * with PROGRAM's status. The bindings' tests then need nothing but the
 * typelibs, and never leave a moto behind.
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-emulator.h"

#include <gio/gio.h>

int
main (int argc, char **argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  GawsTestEmulator *moto;
  int status = 1;

  if (argc < 2)
    {
      g_printerr ("usage: %s PROGRAM [ARGUMENT...]\n", argv[0]);
      return 2;
    }

  moto = gaws_test_emulator_start (GAWS_TEST_EMULATOR_MOTO, NULL);
  g_subprocess_launcher_setenv (launcher, "GAWS_TEST_ENDPOINT_URL",
                                gaws_test_emulator_get_url (moto), TRUE);
  child = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv + 1, &error);
  if (child == NULL)
    g_printerr ("%s: %s\n", argv[1], error->message);
  else if (!g_subprocess_wait (child, NULL, &error))
    g_printerr ("%s: %s\n", argv[1], error->message);
  else if (g_subprocess_get_if_exited (child))
    status = g_subprocess_get_exit_status (child);
  else
    g_printerr ("%s: killed by signal %d\n", argv[1], g_subprocess_get_term_sig (child));

  gaws_test_emulator_stop (moto);
  return status;
}
