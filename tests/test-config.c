/* test-config.c: shared config files, session resolution, client config
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include <glib/gstdio.h>
#include <string.h>

#include "gaws-test-util.h"

/* ---- helpers -------------------------------------------------------------- */

/* gaws_test_init() clears the common variables; these tests set more. */
static void
clear_aws_environment (void)
{
  g_auto(GStrv) names = g_listenv ();

  for (guint i = 0; names[i] != NULL; i++)
    if ((g_str_has_prefix (names[i], "AWS_") && !g_str_equal (names[i], "AWS_EC2_METADATA_DISABLED")) ||
        g_str_equal (names[i], "BOTOCORE_TCP_KEEPALIVE"))
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
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Writes ~/.aws/config and ~/.aws/credentials (NULL: none). */
static void
write_aws_files (Fixture    *fixture,
                 const char *config,
                 const char *credentials)
{
  g_autofree char *config_path = NULL;
  g_autofree char *credentials_path = NULL;

  if (config != NULL)
    config_path = write_file (fixture->home, ".aws/config", config);
  if (credentials != NULL)
    credentials_path = write_file (fixture->home, ".aws/credentials", credentials);
}

static GawsConfigFile *
parse (const char         *text,
       GawsConfigFileKind  kind)
{
  g_autoptr(GError) error = NULL;
  GawsConfigFile *file = gaws_config_file_new_from_data (text, -1, kind, "test", &error);

  g_assert_no_error (error);
  g_assert_nonnull (file);
  return file;
}

static void
assert_strv (char       **actual,
             const char  *first,
             ...)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    g_ptr_array_add (expected, (gpointer) s);
  va_end (args);
  g_ptr_array_add (expected, NULL);
  g_assert_cmpstrv (actual, (const char * const *) expected->pdata);
}

static void
load_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
load_session (GawsSession *session, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gaws_session_load_async (session, NULL, load_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gaws_session_load_finish (session, result, error);
}

static GawsSession *
new_loaded_session (void)
{
  g_autoptr(GError) error = NULL;
  GawsSession *session = gaws_session_new ();

  g_assert_true (load_session (session, &error));
  g_assert_no_error (error);
  return session;
}

static GawsResolvedConfig *
resolve (GawsClientConfig *config, GawsSession *session, const char *service)
{
  g_autoptr(GError) error = NULL;
  GawsResolvedConfig *resolved = gaws_client_config_resolve (config, session, service, &error);

  g_assert_no_error (error);
  g_assert_nonnull (resolved);
  return resolved;
}

/* ---- config file parsing -------------------------------------------------- */

static void
test_file_profiles_in_config_file (void)
{
  g_autoptr(GawsConfigFile) file = parse (
    "[default]\n"
    "region = us-east-1\n"
    "[profile dev]\n"
    "region = eu-west-1\n"
    "[staging]\n"
    "region = ap-south-1\n"
    "[profile \"with space\"]\n"
    "region = us-west-2\n"
    "[profile a b]\n"
    "region = nowhere\n",
    GAWS_CONFIG_FILE_KIND_CONFIG);
  g_auto(GStrv) profiles = gaws_config_file_list_profiles (file);
  g_auto(GStrv) others = gaws_config_file_list_sections (file, GAWS_CONFIG_SECTION_OTHER);

  assert_strv (profiles, "default", "dev", "with space", NULL);
  g_assert_cmpstr (gaws_config_file_get_profile_value (file, "dev", "region"), ==, "eu-west-1");
  g_assert_cmpstr (gaws_config_file_get_profile_value (file, "with space", "region"), ==, "us-west-2");
  /* [staging] lacks "profile ": not a profile in the config file. */
  g_assert_false (gaws_config_file_has_profile (file, "staging"));
  g_assert_null (gaws_config_file_get_profile_value (file, "staging", "region"));
  assert_strv (others, "staging", "profile a b", NULL);
  g_assert_cmpint (gaws_config_file_get_kind (file), ==, GAWS_CONFIG_FILE_KIND_CONFIG);
  g_assert_cmpstr (gaws_config_file_get_origin (file), ==, "test");
}

static void
test_file_profiles_in_credentials_file (void)
{
  g_autoptr(GawsConfigFile) file = parse (
    "[default]\n"
    "aws_access_key_id = AKIDDEFAULT\n"
    "[dev]\n"
    "aws_access_key_id = AKIDDEV\n"
    "[profile prod]\n"
    "aws_access_key_id = AKIDPROD\n",
    GAWS_CONFIG_FILE_KIND_CREDENTIALS);
  g_auto(GStrv) profiles = gaws_config_file_list_profiles (file);

  /* The credentials file names profiles bare; "profile prod" is a name. */
  assert_strv (profiles, "default", "dev", "profile prod", NULL);
  g_assert_cmpstr (gaws_config_file_get_profile_value (file, "dev", "aws_access_key_id"), ==, "AKIDDEV");
  g_assert_false (gaws_config_file_has_profile (file, "prod"));
}

static void
test_file_later_default_wins (void)
{
  g_autoptr(GawsConfigFile) file = parse (
    "[default]\nregion = first\noutput = json\n"
    "[profile default]\nregion = second\n",
    GAWS_CONFIG_FILE_KIND_CONFIG);

  g_assert_cmpstr (gaws_config_file_get_profile_value (file, "default", "region"), ==, "second");
  g_assert_null (gaws_config_file_get_profile_value (file, "default", "output"));
}

static void
test_file_comments (void)
{
  g_autoptr(GawsConfigFile) file = parse (
    "# a comment\n"
    "; another comment\n"
    "[default] # header comment\n"
    "  # indented comment\n"
    "region = us-east-1 # inline comment\n"
    "output = json ; inline comment\n"
    "endpoint_url = http://localhost:4566/#fragment\n"
    "key = a;b#c\n"
    "empty = # nothing but a comment\n",
    GAWS_CONFIG_FILE_KIND_CONFIG);

  g_assert_cmpstr (gaws_config_file_get_profile_value (file, "default", "region"), ==, "us-east-1");
  g_assert_cmpstr (gaws_config_file_get_profile_value (file, "default", "output"), ==, "json");
  /* No whitespace before # or ;: part of the value. */
  g_assert_cmpstr (gaws_config_file_get_profile_value (file, "default", "endpoint_url"), ==,
                   "http://localhost:4566/#fragment");
  g_assert_cmpstr (gaws_config_file_get_profile_value (file, "default", "key"), ==, "a;b#c");
  g_assert_cmpstr (gaws_config_file_get_profile_value (file, "default", "empty"), ==, "");
}

static void
test_file_nested_sections (void)
{
  g_autoptr(GawsConfigFile) file = parse (
    "[default]\r\n"
    "s3 =\r\n"
    "  addressing_style = path\r\n"
    "\r\n"
    "  # comment inside\r\n"
    "\tsignature_version = s3v4 # trailing\r\n"
    "region = us-east-1\r\n"
    "long = first\r\n"
    "  second\r\n"
    "max_attempts=3\r\n",
    GAWS_CONFIG_FILE_KIND_CONFIG);
  g_auto(GStrv) keys = gaws_config_file_list_keys (file, GAWS_CONFIG_SECTION_PROFILE, "default");

  g_assert_cmpstr (gaws_config_file_get_profile_nested_value (file, "default", "s3", "addressing_style"),
                   ==, "path");
  g_assert_cmpstr (gaws_config_file_get_profile_nested_value (file, "default", "s3", "signature_version"),
                   ==, "s3v4");
  g_assert_null (gaws_config_file_get_profile_value (file, "default", "s3"));
  g_assert_null (gaws_config_file_get_profile_nested_value (file, "default", "region", "x"));
  g_assert_cmpstr (gaws_config_file_get_profile_value (file, "default", "region"), ==, "us-east-1");
  /* An indented line under a key with a value continues that value. */
  g_assert_cmpstr (gaws_config_file_get_profile_value (file, "default", "long"), ==, "first\nsecond");
  g_assert_cmpstr (gaws_config_file_get_profile_value (file, "default", "max_attempts"), ==, "3");
  assert_strv (keys, "s3", "region", "long", "max_attempts", NULL);
}

static void
test_file_sso_session_and_services (void)
{
  g_autoptr(GawsConfigFile) file = parse (
    "[profile dev]\n"
    "sso_session = my-sso\n"
    "services = local\n"
    "[sso-session my-sso]\n"
    "sso_region = us-east-1\n"
    "sso_start_url = https://example.awsapps.com/start\n"
    "[services local]\n"
    "dynamodb =\n"
    "  endpoint_url = http://localhost:8000\n"
    "s3 =\n"
    "  endpoint_url = http://localhost:9000\n",
    GAWS_CONFIG_FILE_KIND_CONFIG);
  g_auto(GStrv) sso = gaws_config_file_list_sections (file, GAWS_CONFIG_SECTION_SSO_SESSION);
  g_auto(GStrv) services = gaws_config_file_list_sections (file, GAWS_CONFIG_SECTION_SERVICES);
  g_auto(GStrv) profiles = gaws_config_file_list_profiles (file);

  assert_strv (sso, "my-sso", NULL);
  assert_strv (services, "local", NULL);
  assert_strv (profiles, "dev", NULL);
  g_assert_cmpstr (gaws_config_file_get_value (file, GAWS_CONFIG_SECTION_SSO_SESSION, "my-sso",
                                               "sso_region"), ==, "us-east-1");
  g_assert_cmpstr (gaws_config_file_get_nested_value (file, GAWS_CONFIG_SECTION_SERVICES, "local",
                                                      "dynamodb", "endpoint_url"),
                   ==, "http://localhost:8000");
  g_assert_cmpstr (gaws_config_file_get_nested_value (file, GAWS_CONFIG_SECTION_SERVICES, "local",
                                                      "s3", "endpoint_url"),
                   ==, "http://localhost:9000");
  g_assert_false (gaws_config_file_has_profile (file, "my-sso"));
}

static void
test_file_keys_keep_case (void)
{
  g_autoptr(GawsConfigFile) file = parse ("[default]\nRegion = eu-north-1\n",
                                          GAWS_CONFIG_FILE_KIND_CONFIG);

  g_assert_cmpstr (gaws_config_file_get_profile_value (file, "default", "Region"), ==, "eu-north-1");
  g_assert_null (gaws_config_file_get_profile_value (file, "default", "region"));
}

static void
test_file_syntax_errors_name_the_line (void)
{
  static const struct {
    const char *text;
    const char *where;
    const char *what;
  } cases[] = {
    { "region = us-east-1\n", "test:1:", "before any" },
    { "[default]\nregion = x\njust words\n", "test:3:", "key = value" },
    { "# c\n[default\nregion = x\n", "test:2:", "']'" },
    { "[]\n", "test:1:", "empty section" },
    { "[default]\n= value\n", "test:2:", "missing key" },
    { "[default]\na = 1\n[default]\n", "test:3:", "already exists" },
    { "[default]\na = 1\na = 2\n", "test:3:", "already exists" },
    { "[default]\ns3 =\n  addressing_style path\n", "test:3:", "nested" },
    { "[default]\nregion = \xff\xfe\n", "test:2:", "UTF-8" },
    { "[default]\r\nok = 1\r\n[x]y\r\n", "test:3:", "']'" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GawsConfigFile) file =
        gaws_config_file_new_from_data (cases[i].text, -1, GAWS_CONFIG_FILE_KIND_CONFIG, "test", &error);

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, error ? error->message : "(no error)");
      g_assert_null (file);
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
      g_assert_nonnull (strstr (error->message, cases[i].where));
      g_assert_nonnull (strstr (error->message, cases[i].what));
    }
}

static void
try_parse (const char *data, gssize length)
{
  for (int kind = 0; kind <= GAWS_CONFIG_FILE_KIND_CREDENTIALS; kind++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GawsConfigFile) file =
        gaws_config_file_new_from_data (data, length, kind, NULL, &error);

      /* Either outcome is fine; only one of them, and no crash. */
      g_assert_true ((file == NULL) != (error == NULL));
      if (file != NULL)
        {
          g_auto(GStrv) profiles = gaws_config_file_list_profiles (file);

          for (guint p = 0; profiles[p] != NULL; p++)
            {
              g_auto(GStrv) keys = gaws_config_file_list_keys (file, GAWS_CONFIG_SECTION_PROFILE,
                                                               profiles[p]);
              for (guint k = 0; keys[k] != NULL; k++)
                gaws_config_file_get_profile_nested_value (file, profiles[p], keys[k], "x");
            }
        }
    }
}

static void
test_file_hostile_input (void)
{
  static const char *const samples[] = {
    "", "[", "]", "[]", "[[]]", "=", ":", "[profile]", "[profile ]", "[profile \"unterminated]",
    "[profile 'a' 'b']", "\t\t= x", "\r\r\n\r", "[a]\n\t\n\t\n", "[a]\nk=\n  =\n",
    "[a]\nk =\n  x = 1\n    y = 2\n", "[services]\n", "[sso-session]\n", "\xef\xbb\xbf[default]\na=1",
    "[a]\n k = 1\n  j = 2\n", "[a] trailing\n", "#[a]\n", ";\n;;\n##", "[a]\nk = v \\\n",
  };
  g_autoptr(GString) big = g_string_new (NULL);
  guint8 noise[512];

  for (gsize i = 0; i < G_N_ELEMENTS (samples); i++)
    try_parse (samples[i], -1);

  /* Embedded NULs. */
  try_parse ("[a]\0\nk=v\n", 9);

  /* Many sections, long lines, deep indentation. */
  for (int i = 0; i < 2000; i++)
    g_string_append_printf (big, "[profile p%d]\nkey%d = %d\n  nested = %d\n", i, i, i, i);
  g_string_append (big, "[profile long]\nk = ");
  for (int i = 0; i < 100000; i++)
    g_string_append_c (big, 'x');
  g_string_append_c (big, '\n');
  try_parse (big->str, big->len);

  /* Random bytes drawn from the characters that matter to the parser. */
  for (int round = 0; round < 2000; round++)
    {
      static const char alphabet[] = "[]=:#; \t\r\n\"'\\profile default services sso-session ab\xc3\xa9";
      gsize len = g_test_rand_int_range (0, sizeof noise);

      for (gsize i = 0; i < len; i++)
        noise[i] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];
      try_parse ((const char *) noise, len);
    }
}

static GawsConfigFile *
load_file (const char *path, GawsConfigFileKind kind, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  gaws_config_file_load_async (file, kind, NULL, load_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gaws_config_file_load_finish (result, error);
}

static void
test_file_load_async (Fixture *fixture, gconstpointer data)
{
  g_autofree char *good = write_file (fixture->home, "good", "[profile x]\nregion = r\n");
  g_autofree char *bad = write_file (fixture->home, "bad", "[profile x]\nregion = r\noops\n");
  g_autofree char *missing = g_build_filename (fixture->home, "missing", NULL);
  g_autoptr(GawsConfigFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;
  g_auto(GStrv) profiles = NULL;

  file = load_file (good, GAWS_CONFIG_FILE_KIND_CONFIG, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_config_file_get_profile_value (file, "x", "region"), ==, "r");
  g_assert_cmpstr (gaws_config_file_get_origin (file), ==, good);
  g_clear_object (&file);

  /* A missing file, or a folder, loads empty, as in botocore. */
  file = load_file (missing, GAWS_CONFIG_FILE_KIND_CONFIG, &error);
  g_assert_no_error (error);
  profiles = gaws_config_file_list_profiles (file);
  g_assert_cmpuint (g_strv_length (profiles), ==, 0);
  g_clear_object (&file);
  file = load_file (fixture->home, GAWS_CONFIG_FILE_KIND_CREDENTIALS, &error);
  g_assert_no_error (error);
  g_clear_object (&file);

  file = load_file (bad, GAWS_CONFIG_FILE_KIND_CONFIG, &error);
  g_assert_null (file);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
  where = g_strdup_printf ("%s:3:", bad);
  g_assert_nonnull (strstr (error->message, where));
}

/* ---- session resolution --------------------------------------------------- */

static void
test_session_region_precedence (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = NULL;

  write_aws_files (fixture, "[default]\nregion = from-file\n", NULL);
  session = new_loaded_session ();
  g_assert_cmpstr (gaws_session_get_region (session), ==, "from-file");

  g_setenv ("AWS_DEFAULT_REGION", "from-default-region", TRUE);
  g_assert_cmpstr (gaws_session_get_region (session), ==, "from-default-region");

  g_setenv ("AWS_REGION", "from-region", TRUE);
  g_assert_cmpstr (gaws_session_get_region (session), ==, "from-region");

  gaws_session_set_region (session, "explicit");
  g_assert_cmpstr (gaws_session_get_region (session), ==, "explicit");

  gaws_session_set_region (session, NULL);
  g_unsetenv ("AWS_REGION");
  g_unsetenv ("AWS_DEFAULT_REGION");
  g_assert_cmpstr (gaws_session_get_region (session), ==, "from-file");
}

static void
test_session_profile_precedence (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = NULL;

  write_aws_files (fixture,
                   "[default]\nregion = r-default\n"
                   "[profile a]\nregion = r-a\n"
                   "[profile b]\nregion = r-b\n",
                   "[c]\nregion = r-c\n");
  session = new_loaded_session ();
  g_assert_cmpstr (gaws_session_get_profile_name (session), ==, "default");
  g_assert_false (gaws_session_has_explicit_profile (session));
  g_assert_cmpstr (gaws_session_get_region (session), ==, "r-default");

  g_setenv ("AWS_PROFILE", "a", TRUE);
  g_assert_cmpstr (gaws_session_get_profile_name (session), ==, "a");
  g_assert_cmpstr (gaws_session_get_region (session), ==, "r-a");

  /* botocore reads AWS_DEFAULT_PROFILE before AWS_PROFILE. */
  g_setenv ("AWS_DEFAULT_PROFILE", "b", TRUE);
  g_assert_cmpstr (gaws_session_get_region (session), ==, "r-b");

  /* A profile of the credentials file counts too. */
  gaws_session_set_profile_name (session, "c");
  g_assert_true (gaws_session_has_explicit_profile (session));
  g_assert_cmpstr (gaws_session_get_profile_name (session), ==, "c");
  g_assert_cmpstr (gaws_session_get_region (session), ==, "r-c");
}

static void
test_session_file_locations (Fixture *fixture, gconstpointer data)
{
  g_autofree char *env_config = write_file (fixture->home, "env/config", "[default]\nregion = env-config\n");
  g_autofree char *env_credentials = write_file (fixture->home, "env/credentials",
                                                 "[default]\noutput = env-credentials\n");
  g_autofree char *explicit_config = write_file (fixture->home, "explicit/config",
                                                 "[default]\nregion = explicit-config\n");
  g_autoptr(GawsSession) session = NULL;

  write_aws_files (fixture, "[default]\nregion = home-config\n", "[default]\noutput = home-credentials\n");

  session = new_loaded_session ();
  g_assert_cmpstr (gaws_session_get_region (session), ==, "home-config");
  g_assert_cmpstr (gaws_session_get_config_value (session, "output"), ==, "home-credentials");
  g_clear_object (&session);

  g_setenv ("AWS_CONFIG_FILE", env_config, TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", "~/env/credentials", TRUE);
  session = new_loaded_session ();
  g_assert_cmpstr (gaws_session_get_region (session), ==, "env-config");
  g_assert_cmpstr (gaws_session_get_config_value (session, "output"), ==, "env-credentials");
  g_assert_cmpstr (gaws_config_file_get_origin (gaws_session_get_credentials_file (session)), ==,
                   env_credentials);
  g_clear_object (&session);

  session = gaws_session_new ();
  g_object_set (session, "config-file", "$HOME/explicit/config", NULL);
  g_assert_true (load_session (session, NULL));
  g_assert_cmpstr (gaws_session_get_region (session), ==, "explicit-config");
  g_assert_cmpstr (gaws_config_file_get_origin (gaws_session_get_config_file (session)), ==,
                   explicit_config);
}

static void
test_session_missing_profile (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = NULL;
  g_autoptr(GError) error = NULL;

  write_aws_files (fixture, "[profile exists]\nregion = r\n", NULL);

  session = gaws_session_new ();
  gaws_session_set_profile_name (session, "nope");
  g_assert_false (load_session (session, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
  g_assert_cmpstr (error->message, ==, "The config profile (nope) could not be found");
  g_assert_false (gaws_session_is_loaded (session));
  g_clear_error (&error);
  g_clear_object (&session);

  g_setenv ("AWS_PROFILE", "also-nope", TRUE);
  session = gaws_session_new ();
  g_assert_false (gaws_session_load_sync (session, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
  g_assert_cmpstr (error->message, ==, "The config profile (also-nope) could not be found");
  g_clear_error (&error);
  g_clear_object (&session);

  /* An unnamed default profile need not exist. */
  g_unsetenv ("AWS_PROFILE");
  session = gaws_session_new ();
  g_assert_true (gaws_session_load_sync (session, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (gaws_session_get_region (session));
}

static void
count_load_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  guint *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (gaws_session_load_finish (GAWS_SESSION (source), result, &error));
  g_assert_no_error (error);
  g_assert_true (gaws_session_is_loaded (GAWS_SESSION (source)));
  (*done)++;
}

static void
test_session_concurrent_loads_share_one (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = gaws_session_new ();
  GawsConfigFile *first;
  guint done = 0;

  write_aws_files (fixture, "[default]\nregion = r\n", NULL);
  for (int i = 0; i < 5; i++)
    gaws_session_load_async (session, NULL, count_load_cb, &done);
  g_assert_false (gaws_session_is_loaded (session));
  while (done < 5)
    g_main_context_iteration (NULL, TRUE);
  first = gaws_session_get_config_file (session);
  g_assert_nonnull (first);

  /* Loaded: later loads, async or not, keep what was read. */
  gaws_session_load_async (session, NULL, count_load_cb, &done);
  while (done < 6)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gaws_session_load_sync (session, NULL, NULL));
  g_assert_true (gaws_session_get_config_file (session) == first);
  g_assert_cmpstr (gaws_session_get_region (session), ==, "r");
}

static void
test_session_config_values (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = NULL;
  g_auto(GStrv) profiles = NULL;

  write_aws_files (fixture,
                   "[default]\nmax_attempts = 4\noutput = json\n"
                   "s3 =\n  addressing_style = virtual\n"
                   "[profile other]\nmax_attempts = 9\n",
                   "[default]\noutput = text\n[creds-only]\nregion = x\n");
  session = new_loaded_session ();
  g_assert_cmpstr (gaws_session_get_config_value (session, "max_attempts"), ==, "4");
  /* The credentials file wins a key both files set, as in botocore. */
  g_assert_cmpstr (gaws_session_get_config_value (session, "output"), ==, "text");
  g_assert_cmpstr (gaws_session_get_config_nested_value (session, "s3", "addressing_style"), ==, "virtual");
  g_assert_null (gaws_session_get_config_value (session, "nope"));
  g_assert_cmpstr (gaws_session_get_profile_value (session, "other", "max_attempts"), ==, "9");
  profiles = gaws_session_list_profiles (session);
  assert_strv (profiles, "default", "other", "creds-only", NULL);
}

static void
test_session_properties (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDEXPLICIT", "secret", NULL);
  g_autofree char *profile = NULL;
  g_autofree char *region = NULL;
  g_autofree char *access_key_id = NULL;

  g_object_set (session, "profile-name", "p", "region", "r", NULL);
  g_object_get (session, "profile-name", &profile, "region", &region,
                "access-key-id", &access_key_id, NULL);
  g_assert_cmpstr (profile, ==, "p");
  g_assert_cmpstr (region, ==, "r");
  g_assert_cmpstr (access_key_id, ==, "AKIDEXPLICIT");
  g_assert_null (g_object_class_find_property (G_OBJECT_GET_CLASS (session), "secret-access-key"));
  g_assert_null (g_object_class_find_property (G_OBJECT_GET_CLASS (session), "session-token"));
}

/* ---- client config -------------------------------------------------------- */

static void
test_client_defaults (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = new_loaded_session ();
  g_autoptr(GawsResolvedConfig) resolved = resolve (NULL, session, "DYNAMODB");
  g_autoptr(GawsResolvedConfig) copy = NULL;
  g_autoptr(GawsResolvedConfig) no_session = resolve (NULL, NULL, NULL);

  g_assert_null (resolved->region);
  g_assert_null (resolved->endpoint_url);
  g_assert_cmpint (resolved->retry_mode, ==, GAWS_RETRY_MODE_LEGACY);
  g_assert_cmpuint (resolved->max_attempts, ==, 5);
  g_assert_cmpuint (resolved->connect_timeout_ms, ==, 60000);
  g_assert_cmpuint (resolved->read_timeout_ms, ==, 60000);
  g_assert_cmpuint (resolved->max_pool_connections, ==, 10);
  g_assert_false (resolved->tcp_keepalive);
  g_assert_null (resolved->user_agent_extra);
  g_assert_cmpint (resolved->s3_addressing_style, ==, GAWS_S3_ADDRESSING_STYLE_AUTO);
  g_assert_cmpint (resolved->request_checksum_calculation, ==, GAWS_CHECKSUM_POLICY_WHEN_SUPPORTED);
  g_assert_cmpint (resolved->response_checksum_validation, ==, GAWS_CHECKSUM_POLICY_WHEN_SUPPORTED);
  g_assert_null (resolved->ca_bundle);

  copy = g_boxed_copy (GAWS_TYPE_RESOLVED_CONFIG, resolved);
  g_assert_cmpuint (copy->max_attempts, ==, 5);
  g_assert_cmpuint (no_session->max_attempts, ==, 5);
}

static void
test_client_region_precedence (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = NULL;
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsResolvedConfig) from_file = NULL;
  g_autoptr(GawsResolvedConfig) from_env = NULL;
  g_autoptr(GawsResolvedConfig) from_session = NULL;
  g_autoptr(GawsResolvedConfig) from_config = NULL;

  write_aws_files (fixture, "[default]\nregion = file\n", NULL);
  session = new_loaded_session ();
  from_file = resolve (config, session, "S3");
  g_setenv ("AWS_REGION", "env", TRUE);
  from_env = resolve (config, session, "S3");
  gaws_session_set_region (session, "session");
  from_session = resolve (config, session, "S3");
  gaws_client_config_set_region (config, "config");
  from_config = resolve (config, session, "S3");

  g_assert_cmpstr (from_file->region, ==, "file");
  g_assert_cmpstr (from_env->region, ==, "env");
  g_assert_cmpstr (from_session->region, ==, "session");
  g_assert_cmpstr (from_config->region, ==, "config");
}

static void
test_client_retry_precedence (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = NULL;
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsResolvedConfig) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;

  write_aws_files (fixture, "[default]\nretry_mode = adaptive\nmax_attempts = 7\n", NULL);
  session = new_loaded_session ();

  r1 = resolve (config, session, "DYNAMODB");
  g_assert_cmpint (r1->retry_mode, ==, GAWS_RETRY_MODE_ADAPTIVE);
  g_assert_cmpuint (r1->max_attempts, ==, 7);

  g_setenv ("AWS_RETRY_MODE", "standard", TRUE);
  g_setenv ("AWS_MAX_ATTEMPTS", "6", TRUE);
  r2 = resolve (config, session, "DYNAMODB");
  g_assert_cmpint (r2->retry_mode, ==, GAWS_RETRY_MODE_STANDARD);
  g_assert_cmpuint (r2->max_attempts, ==, 6);

  gaws_client_config_set_retry_mode (config, GAWS_RETRY_MODE_LEGACY);
  gaws_client_config_set_max_attempts (config, 2);
  r3 = resolve (config, session, "DYNAMODB");
  g_assert_cmpint (r3->retry_mode, ==, GAWS_RETRY_MODE_LEGACY);
  g_assert_cmpuint (r3->max_attempts, ==, 2);

  /* With no max_attempts anywhere, the mode decides the default. */
  g_unsetenv ("AWS_MAX_ATTEMPTS");
  gaws_client_config_unset (config, "max-attempts");
  gaws_client_config_set_retry_mode (config, GAWS_RETRY_MODE_STANDARD);
  g_clear_object (&session);
  write_aws_files (fixture, "[default]\n", NULL);
  session = new_loaded_session ();
  r4 = resolve (config, session, "DYNAMODB");
  g_assert_cmpuint (r4->max_attempts, ==, 3);
}

static void
assert_endpoint (GawsClientConfig *config,
                 GawsSession      *session,
                 const char       *service,
                 const char       *expected)
{
  g_autoptr(GawsResolvedConfig) resolved = resolve (config, session, service);

  g_assert_cmpstr (resolved->endpoint_url, ==, expected);
}

static void
test_client_endpoint_url_precedence (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = NULL;
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();

  write_aws_files (fixture,
                   "[default]\nendpoint_url = http://profile\nservices = local\n"
                   "[services local]\ndynamodb =\n  endpoint_url = http://services-dynamodb\n",
                   NULL);
  session = new_loaded_session ();
  assert_endpoint (config, session, "S3", "http://profile");
  assert_endpoint (config, session, "DYNAMODB", "http://services-dynamodb");
  assert_endpoint (config, session, "dynamodb", "http://services-dynamodb");

  g_setenv ("AWS_ENDPOINT_URL", "http://env-global", TRUE);
  assert_endpoint (config, session, "DYNAMODB", "http://env-global");
  g_setenv ("AWS_ENDPOINT_URL_DYNAMODB", "http://env-dynamodb", TRUE);
  assert_endpoint (config, session, "DYNAMODB", "http://env-dynamodb");
  assert_endpoint (config, session, "S3", "http://env-global");

  gaws_client_config_set_endpoint_url (config, "http://explicit");
  assert_endpoint (config, session, "DYNAMODB", "http://explicit");

  /* Ignoring configured endpoints leaves only the explicit one. */
  g_setenv ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", TRUE);
  assert_endpoint (config, session, "DYNAMODB", "http://explicit");
  gaws_client_config_set_endpoint_url (config, NULL);
  assert_endpoint (config, session, "DYNAMODB", NULL);
}

static void
test_client_endpoint_url_ignored_from_file (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = NULL;
  g_autoptr(GawsResolvedConfig) resolved = NULL;

  write_aws_files (fixture,
                   "[default]\nendpoint_url = http://profile\nignore_configured_endpoint_urls = true\n",
                   NULL);
  session = new_loaded_session ();
  g_setenv ("AWS_ENDPOINT_URL", "http://env", TRUE);
  resolved = resolve (NULL, session, "S3");
  g_assert_null (resolved->endpoint_url);
}

static void
test_client_services_section_missing (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsResolvedConfig) resolved = NULL;

  write_aws_files (fixture, "[default]\nservices = nowhere\n", NULL);
  session = new_loaded_session ();
  resolved = gaws_client_config_resolve (NULL, session, "DYNAMODB", &error);
  g_assert_null (resolved);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "\"nowhere\" services configuration does not exist"));
}

static void
expect_invalid (GawsClientConfig *config,
                GawsSession      *session,
                const char       *fragment_1,
                const char       *fragment_2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsResolvedConfig) resolved = gaws_client_config_resolve (config, session, "S3", &error);

  g_assert_null (resolved);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fragment_1));
  g_assert_nonnull (strstr (error->message, fragment_2));
}

static void
test_client_invalid_values (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = NULL;
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autofree char *config_path = g_build_filename (fixture->home, ".aws", "config", NULL);

  write_aws_files (fixture, "[default]\nmax_attempts = 0\nretry_mode = fast\n"
                   "request_checksum_calculation = sometimes\n"
                   "s3 =\n  addressing_style = sideways\n", NULL);
  session = new_loaded_session ();

  /* Each step fixes the first invalid value, uncovering the next. */
  gaws_client_config_set_retry_mode (config, GAWS_RETRY_MODE_STANDARD);
  g_setenv ("AWS_MAX_ATTEMPTS", "abc", TRUE);
  expect_invalid (config, session, "\"abc\" for max_attempts", "AWS_MAX_ATTEMPTS");
  g_setenv ("AWS_MAX_ATTEMPTS", "-1", TRUE);
  expect_invalid (config, session, "\"-1\" for max_attempts", "AWS_MAX_ATTEMPTS");
  g_unsetenv ("AWS_MAX_ATTEMPTS");
  expect_invalid (config, session, "\"0\" for max_attempts", config_path);
  gaws_client_config_set_max_attempts (config, 0);
  expect_invalid (config, session, "\"0\" for max_attempts", "client config");
  gaws_client_config_set_max_attempts (config, 3);

  gaws_client_config_set_retry_mode (config, GAWS_RETRY_MODE_UNSET);
  g_setenv ("AWS_RETRY_MODE", "turbo", TRUE);
  expect_invalid (config, session, "\"turbo\" for retry_mode", "AWS_RETRY_MODE");
  g_unsetenv ("AWS_RETRY_MODE");
  expect_invalid (config, session, "\"fast\" for retry_mode", config_path);
  gaws_client_config_set_retry_mode (config, GAWS_RETRY_MODE_STANDARD);

  expect_invalid (config, session, "\"sideways\" for s3.addressing_style", config_path);
  gaws_client_config_set_s3_addressing_style (config, GAWS_S3_ADDRESSING_STYLE_PATH);

  expect_invalid (config, session, "\"sometimes\" for request_checksum_calculation", config_path);
  gaws_client_config_set_request_checksum_calculation (config, GAWS_CHECKSUM_POLICY_WHEN_REQUIRED);

  gaws_client_config_set_connect_timeout_ms (config, 0);
  expect_invalid (config, session, "connect_timeout_ms", "client config");
  gaws_client_config_set_connect_timeout_ms (config, 1500);

  {
    g_autoptr(GawsResolvedConfig) resolved = resolve (config, session, "S3");
    g_assert_cmpuint (resolved->max_attempts, ==, 3);
    g_assert_cmpuint (resolved->connect_timeout_ms, ==, 1500);
    g_assert_cmpint (resolved->s3_addressing_style, ==, GAWS_S3_ADDRESSING_STYLE_PATH);
  }
}

static void
test_client_other_settings (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = NULL;
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsResolvedConfig) from_file = NULL;
  g_autoptr(GawsResolvedConfig) from_env = NULL;
  g_autoptr(GawsResolvedConfig) explicit = NULL;

  write_aws_files (fixture,
                   "[default]\nca_bundle = /file/ca.pem\ntcp_keepalive = true\n"
                   "request_checksum_calculation = WHEN_REQUIRED\n"
                   "response_checksum_validation = when_required\n"
                   "s3 =\n  addressing_style = path\n", NULL);
  session = new_loaded_session ();
  from_file = resolve (config, session, "S3");
  g_assert_cmpstr (from_file->ca_bundle, ==, "/file/ca.pem");
  g_assert_true (from_file->tcp_keepalive);
  g_assert_cmpint (from_file->request_checksum_calculation, ==, GAWS_CHECKSUM_POLICY_WHEN_REQUIRED);
  g_assert_cmpint (from_file->response_checksum_validation, ==, GAWS_CHECKSUM_POLICY_WHEN_REQUIRED);
  g_assert_cmpint (from_file->s3_addressing_style, ==, GAWS_S3_ADDRESSING_STYLE_PATH);

  g_setenv ("AWS_CA_BUNDLE", "/env/ca.pem", TRUE);
  g_setenv ("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_supported", TRUE);
  from_env = resolve (config, session, "S3");
  g_assert_cmpstr (from_env->ca_bundle, ==, "/env/ca.pem");
  g_assert_cmpint (from_env->response_checksum_validation, ==, GAWS_CHECKSUM_POLICY_WHEN_SUPPORTED);

  g_object_set (config,
                "ca-bundle", "/explicit/ca.pem",
                "tcp-keepalive", FALSE,
                "s3-addressing-style", GAWS_S3_ADDRESSING_STYLE_VIRTUAL,
                "user-agent-extra", "my-app/1.0",
                "read-timeout-ms", 2500,
                "max-pool-connections", 50,
                NULL);
  explicit = resolve (config, session, "S3");
  g_assert_cmpstr (explicit->ca_bundle, ==, "/explicit/ca.pem");
  g_assert_false (explicit->tcp_keepalive);
  g_assert_cmpint (explicit->s3_addressing_style, ==, GAWS_S3_ADDRESSING_STYLE_VIRTUAL);
  g_assert_cmpstr (explicit->user_agent_extra, ==, "my-app/1.0");
  g_assert_cmpuint (explicit->read_timeout_ms, ==, 2500);
  g_assert_cmpuint (explicit->max_pool_connections, ==, 50);
}

static void
test_client_copy_and_is_set (void)
{
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsClientConfig) copy = NULL;

  g_assert_false (gaws_client_config_is_set (config, "tcp-keepalive"));
  g_assert_false (gaws_client_config_is_set (config, "max-attempts"));
  gaws_client_config_set_tcp_keepalive (config, FALSE);
  gaws_client_config_set_region (config, "eu-west-3");
  gaws_client_config_set_retry_mode (config, GAWS_RETRY_MODE_ADAPTIVE);
  g_assert_true (gaws_client_config_is_set (config, "tcp-keepalive"));
  g_assert_true (gaws_client_config_is_set (config, "region"));

  copy = gaws_client_config_copy (config);
  g_assert_true (gaws_client_config_is_set (copy, "tcp-keepalive"));
  g_assert_false (gaws_client_config_is_set (copy, "max-attempts"));
  g_assert_cmpstr (gaws_client_config_get_region (copy), ==, "eu-west-3");
  g_assert_cmpint (gaws_client_config_get_retry_mode (copy), ==, GAWS_RETRY_MODE_ADAPTIVE);

  gaws_client_config_set_region (copy, NULL);
  g_assert_false (gaws_client_config_is_set (copy, "region"));
  g_assert_cmpstr (gaws_client_config_get_region (config), ==, "eu-west-3");
  gaws_client_config_unset (copy, "tcp-keepalive");
  g_assert_false (gaws_client_config_is_set (copy, "tcp-keepalive"));
  gaws_client_config_set_retry_mode (copy, GAWS_RETRY_MODE_UNSET);
  g_assert_false (gaws_client_config_is_set (copy, "retry-mode"));
}

static void
test_client_needs_loaded_session (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsResolvedConfig) resolved = gaws_client_config_resolve (NULL, session, "S3", &error);

  g_assert_null (resolved);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG);
}

int
main (int argc, char *argv[])
{
  gaws_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/config/file/profiles-in-config-file", test_file_profiles_in_config_file);
  g_test_add_func ("/config/file/profiles-in-credentials-file", test_file_profiles_in_credentials_file);
  g_test_add_func ("/config/file/later-default-section-wins", test_file_later_default_wins);
  g_test_add_func ("/config/file/comments", test_file_comments);
  g_test_add_func ("/config/file/nested-sections", test_file_nested_sections);
  g_test_add_func ("/config/file/sso-session-and-services-sections", test_file_sso_session_and_services);
  g_test_add_func ("/config/file/keys-keep-case", test_file_keys_keep_case);
  g_test_add_func ("/config/file/syntax-errors-name-the-line", test_file_syntax_errors_name_the_line);
  g_test_add_func ("/config/file/hostile-input-does-not-crash", test_file_hostile_input);
  ADD ("/config/file/load-async-missing-is-empty", test_file_load_async);

  ADD ("/config/session/region-explicit-over-env-over-file", test_session_region_precedence);
  ADD ("/config/session/profile-explicit-over-env", test_session_profile_precedence);
  ADD ("/config/session/file-locations-explicit-over-env-over-home", test_session_file_locations);
  ADD ("/config/session/missing-named-profile-is-an-error", test_session_missing_profile);
  ADD ("/config/session/concurrent-loads-share-one", test_session_concurrent_loads_share_one);
  ADD ("/config/session/config-values-of-active-profile", test_session_config_values);
  ADD ("/config/session/properties", test_session_properties);

  ADD ("/config/client/defaults", test_client_defaults);
  ADD ("/config/client/region-explicit-over-session", test_client_region_precedence);
  ADD ("/config/client/retry-explicit-over-env-over-file", test_client_retry_precedence);
  ADD ("/config/client/endpoint-url-precedence", test_client_endpoint_url_precedence);
  ADD ("/config/client/endpoint-url-ignored-from-file", test_client_endpoint_url_ignored_from_file);
  ADD ("/config/client/services-section-missing", test_client_services_section_missing);
  ADD ("/config/client/invalid-values-name-their-source", test_client_invalid_values);
  ADD ("/config/client/other-settings", test_client_other_settings);
  g_test_add_func ("/config/client/copy-and-is-set", test_client_copy_and_is_set);
  ADD ("/config/client/needs-loaded-session", test_client_needs_loaded_session);

#undef ADD
  return g_test_run ();
}
