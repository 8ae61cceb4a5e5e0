/* gaws-example-runner.c: runs one example against a moto_server of its own
 * and checks what it prints
 *
 * Usage: gaws-example-runner EXPECTED PROGRAM [ARGUMENT...]
 *
 * Starts moto_server on a free loopback port (the fixture the C tests use),
 * runs PROGRAM with the AWS settings botocore reads from the environment
 * pointing at it (AWS_ENDPOINT_URL, static test credentials, a region, no
 * config files), and compares PROGRAM's standard output with the file
 * EXPECTED once the values moto makes up (organization root ids) are
 * replaced by placeholders. Passes when PROGRAM exits with 0 and printed
 * exactly that; on a mismatch it shows both texts.
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-emulator.h"

#include <gio/gio.h>

/* Replaces what differs from run to run. */
static char *
normalize (const char *text)
{
  static const struct { const char *pattern; const char *replacement; } rules[] = {
    { "\\br-[0-9a-z]{4,32}\\b", "r-ROOTID" },
  };
  char *normalized = g_strdup (text);

  for (gsize i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autoptr(GRegex) regex = g_regex_new (rules[i].pattern, G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, NULL);
      char *next = g_regex_replace_literal (regex, normalized, -1, 0, rules[i].replacement, 0, NULL);

      g_free (normalized);
      normalized = next;
    }
  return normalized;
}

static int
run (GawsTestEmulator  *moto,
     const char        *expected_path,
     char             **argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *output = NULL;
  g_autofree char *normalized = NULL;

  if (!g_file_get_contents (expected_path, &expected, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_subprocess_launcher_setenv (launcher, "AWS_ENDPOINT_URL", gaws_test_emulator_get_url (moto), TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID", "testing", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY", "testing", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_DEFAULT_REGION", "us-east-1", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_CONFIG_FILE", "/nonexistent/gaws-config", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/gaws-credentials", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_EC2_METADATA_DISABLED", "true", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "AWS_PROFILE");
  g_subprocess_launcher_unsetenv (launcher, "AWS_SESSION_TOKEN");
  g_subprocess_launcher_unsetenv (launcher, "AWS_REGION");
  child = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv, &error);
  if (child == NULL || !g_subprocess_communicate_utf8 (child, NULL, NULL, &output, NULL, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }
  g_subprocess_wait (child, NULL, NULL);
  normalized = normalize (output);
  g_print ("%s", normalized);
  if (!g_subprocess_get_if_exited (child) || g_subprocess_get_exit_status (child) != 0)
    {
      g_printerr ("%s did not exit with 0\n", argv[0]);
      return 1;
    }
  if (g_strcmp0 (normalized, expected) != 0)
    {
      g_printerr ("%s printed, normalized:\n%s\nbut %s expects:\n%s\n", argv[0], normalized, expected_path, expected);
      return 1;
    }
  return 0;
}

int
main (int argc, char **argv)
{
  GawsTestEmulator *moto;
  int status;

  if (argc < 3)
    {
      g_printerr ("usage: %s EXPECTED PROGRAM [ARGUMENT...]\n", argv[0]);
      return 2;
    }
  moto = gaws_test_emulator_start (GAWS_TEST_EMULATOR_MOTO, NULL);
  status = run (moto, argv[1], argv + 2);
  gaws_test_emulator_stop (moto);
  return status;
}
