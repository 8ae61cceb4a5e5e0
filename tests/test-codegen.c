/* test-codegen.c: gaws-codegen's names, its m4 quoting, and its output
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"

#include <dlfcn.h>
#include <glib/gstdio.h>
#include <string.h>
#include "gaws-shape-loader.h"
#include "gaws-operation.h"
#include "../generator/cg-facts.h"
#include "../generator/cg-m4.h"
#include "../generator/cg-names.h"

/* The committed services whose output must regenerate to the same bytes. */
static const char *const committed_services[] = {
  "bedrock-runtime", "cloudformation", "cloudwatch", "dynamodb", "ec2", "glacier", "iam", "kinesis",
  "kms", "lambda", "logs", "organizations", "s3", "secretsmanager", "sns", "sqs",
  "ssm", "sso", "sso-oidc", "sts",
};

/* Text no template must be able to turn into anything but itself. */
static const char *const hostile_texts[] = {
  "a, b, c",
  "[quoted] [[double]] ]unbalanced[",
  "$1 $2 $@ $* $# ${10}",
  "m4_define([x], [y]) m4_divert(1) m4_dnl m4_include(/etc/passwd)",
  "g4_service(a, b) g4_doc([z]) g4_member",
  "define(`x', `y') dnl changequote(<<, >>) len(abc) index",
  "#comment, with a comma",
  "(unbalanced ( parens ) ))",
  "@> @{ @} @@ @N @U @D @C @x @",
  "\"double\" 'single' `back'\n\ttab and newline\n",
  "back\\slash */ /* end",
  "unicode: ÅÉÎ ☃ 日本",
  "",
};

static char *
project_path (const char *relative)
{
  return g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", relative, NULL);
}

static char *
build_path (const char *relative)
{
  return g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", relative, NULL);
}

static void
test_names_match_botocore (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "test-codegen-names.txt", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint checked = 0;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autofree char *snake = NULL;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      fields = g_strsplit (lines[i], " ", 2);
      snake = cg_names_xform (fields[0]);
      g_assert_cmpstr (snake, ==, fields[1]);
      checked++;
    }
  g_assert_cmpuint (checked, >, 1000);
}

static void
test_names_derived (void)
{
  g_autofree char *op = cg_names_identifier ("test", "ListObjectsV2", CG_NAME_OPERATION);
  g_autofree char *db = cg_names_identifier ("test", "DescribeDBInstances", CG_NAME_OPERATION);
  g_autofree char *type = cg_names_identifier ("test", "Type", CG_NAME_MEMBER);
  g_autofree char *client = cg_names_identifier ("test", "Client", CG_NAME_SHAPE);
  g_autofree char *keyword = cg_names_identifier ("test", "Default", CG_NAME_OPERATION);
  g_autofree char *camel = cg_names_camel ("put_item_input");
  g_autofree char *renamed_camel = cg_names_camel (client);
  g_autofree char *property = cg_names_property ("table_name");
  g_autofree char *service = cg_names_service_snake ("sso-oidc");
  g_autofree char *extension = cg_names_identifier ("dynamodb", "Condition", CG_NAME_SHAPE);
  g_autofree char *elsewhere = cg_names_identifier ("sqs", "Condition", CG_NAME_SHAPE);

  g_assert_cmpstr (op, ==, "list_objects_v2");
  g_assert_cmpstr (db, ==, "describe_db_instances");
  /* `_get_type` belongs to GObject; `Client` to the client class. */
  g_assert_cmpstr (type, ==, "type_");
  g_assert_cmpstr (client, ==, "client_");
  g_assert_cmpstr (renamed_camel, ==, "Client_");
  g_assert_cmpstr (keyword, ==, "default_");
  g_assert_cmpstr (camel, ==, "PutItemInput");
  g_assert_cmpstr (property, ==, "table-name");
  g_assert_cmpstr (service, ==, "sso_oidc");
  /* The hand-written DynamoDB condition builder keeps its name. */
  g_assert_cmpstr (extension, ==, "condition_");
  g_assert_cmpstr (elsewhere, ==, "condition");
}

/* Each hostile text goes through m4 the ways templates use arguments:
 * unquoted, in m4_ifelse, quoted, and through another macro's arguments. */
static void
test_m4_quoting_is_safe (void)
{
  g_autofree char *dir = gaws_test_make_temp_dir ();
  g_autofree char *common = project_path ("templates/common.m4");
  g_autofree char *common_copy = g_build_filename (dir, "common.m4", NULL);
  g_autofree char *template = g_build_filename (dir, "probe.m4", NULL);
  g_autofree char *facts_path = g_build_filename (dir, "facts.m4", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(CgFacts) facts = cg_facts_new ();
  g_autoptr(GHashTable) outputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;

  g_file_get_contents (common, &contents, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (common_copy, contents, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (template,
                       "m4_include(common.m4)m4_divert(-1)\n"
                       "m4_define([g4_twice], [<$1>])\n"
                       "m4_define([g4_service], [m4_divert(0)@>probe-$1\n"
                       "$2\n"
                       "m4_ifelse([$2], [], [], [$2])\n"
                       "[$2]\n"
                       "g4_twice($2)\n"
                       "m4_define([g4_kept], [$2])g4_kept\n"
                       "m4_divert(-1)])\n"
                       "g4_include_facts\n", -1, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (hostile_texts); i++)
    {
      cg_facts_begin (facts, "g4_service");
      cg_facts_int (facts, i);
      cg_facts_text (facts, hostile_texts[i]);
      cg_facts_end (facts);
    }
  g_assert_true (cg_facts_write (facts, facts_path, NULL, &error));
  g_assert_true (cg_m4_expand ("m4", dir, "probe.m4", dir, outputs, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (hostile_texts); i++)
    {
      g_autofree char *name = g_strdup_printf ("probe-%" G_GSIZE_FORMAT, i);
      const char *t = hostile_texts[i];
      g_autofree char *expected = g_strdup_printf ("%s\n%s\n%s\n<%s>\n%s\n", t, t, t, t, t);

      g_assert_cmpstr (g_hash_table_lookup (outputs, name), ==, expected);
    }
  g_unlink (common_copy);
  g_unlink (template);
  g_unlink (facts_path);
  g_rmdir (dir);
}

static gboolean
run (const char *const *argv,
     char              **output)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (output != NULL)
    *output = g_strconcat (out, err, NULL);
  else if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("%s failed: %s%s", argv[0], out, err);
  return g_spawn_check_wait_status (status, NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
assert_same_folders (const char *expected_dir,
                     const char *actual_dir)
{
  g_autoptr(GDir) expected = g_dir_open (expected_dir, 0, NULL);
  g_autoptr(GDir) actual = g_dir_open (actual_dir, 0, NULL);
  const char *name;
  guint n_expected = 0, n_actual = 0;

  g_assert_nonnull (expected);
  g_assert_nonnull (actual);
  while ((name = g_dir_read_name (expected)) != NULL)
    {
      g_autofree char *a = g_build_filename (expected_dir, name, NULL);
      g_autofree char *b = g_build_filename (actual_dir, name, NULL);
      g_autofree char *a_text = NULL, *b_text = NULL;
      gsize a_len = 0, b_len = 0;

      n_expected++;
      g_file_get_contents (a, &a_text, &a_len, NULL);
      if (!g_file_get_contents (b, &b_text, &b_len, NULL))
        {
          g_test_fail_printf ("%s is not generated any more", name);
          continue;
        }
      if (a_len != b_len || memcmp (a_text, b_text, a_len) != 0)
        g_test_fail_printf ("%s differs from what gaws-codegen writes now: regenerate it", name);
    }
  while ((name = g_dir_read_name (actual)) != NULL)
    n_actual++;
  if (n_actual != n_expected)
    g_test_fail_printf ("gaws-codegen writes %u files, %s holds %u", n_actual, expected_dir, n_expected);
}

static void
test_regenerate (gconstpointer data)
{
  const char *service = data;
  g_autofree char *codegen = build_path ("generator/gaws-codegen");
  g_autofree char *models = project_path ("models");
  g_autofree char *templates = project_path ("templates");
  g_autofree char *generated = project_path ("generated");
  g_autofree char *committed = g_build_filename (generated, service, NULL);
  g_autofree char *dir = gaws_test_make_temp_dir ();
  g_autofree char *out = g_build_filename (dir, service, NULL);
  const char *argv[] = { codegen, "--models", models, "--templates", templates,
                         "--service", service, "--out", out, NULL };

  g_assert_true (run (argv, NULL));
  assert_same_folders (committed, out);
  remove_tree (dir);
}

/* --single-source writes every source the unity file includes into it
 * (for g-ir-scanner on services generated while building): it must hold
 * each file's text, doc comments included, and no `#include` of a .c. */
static void
test_single_source_unity (void)
{
  g_autofree char *codegen = build_path ("generator/gaws-codegen");
  g_autofree char *models = project_path ("models");
  g_autofree char *templates = project_path ("templates");
  g_autofree char *dir = gaws_test_make_temp_dir ();
  g_autofree char *out = g_build_filename (dir, "sts", NULL);
  g_autofree char *unity_path = g_build_filename (out, "gaws-sts-unity.c", NULL);
  g_autofree char *client_path = g_build_filename (out, "gaws-sts-client.c", NULL);
  g_autofree char *tables_path = g_build_filename (out, "gaws-sts-tables.c", NULL);
  g_autofree char *unity = NULL, *client = NULL, *tables = NULL;
  const char *argv[] = { codegen, "--models", models, "--templates", templates,
                         "--service", "sts", "--out", out, "--single-source", NULL };

  g_assert_true (run (argv, NULL));
  g_assert_true (g_file_get_contents (unity_path, &unity, NULL, NULL));
  g_assert_true (g_file_get_contents (client_path, &client, NULL, NULL));
  g_assert_true (g_file_get_contents (tables_path, &tables, NULL, NULL));
  g_assert_null (strstr (unity, ".c\"\n"));
  g_assert_nonnull (strstr (unity, client));
  g_assert_nonnull (strstr (unity, tables));
  g_assert_nonnull (strstr (unity, "gaws_sts_client_get_caller_identity_async:"));
  remove_tree (dir);
}

static void
assert_contains (const char *dir,
                 const char *file,
                 const char *needle)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  if (strstr (contents, needle) == NULL)
    g_test_fail_printf ("%s lacks: %s", file, needle);
}

static void
compile_generated (const char *dir)
{
  g_autofree char *runtime = project_path ("runtime");
  g_autofree char *flags = NULL;
  const char *pkg_config[] = { "pkg-config", "--cflags", "gio-2.0", NULL };
  g_autofree char *compiler = g_find_program_in_path ("cc");
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (compiler == NULL || !run (pkg_config, &flags))
    {
      g_test_message ("no cc or pkg-config: the hostile output is not compiled");
      return;
    }
  g_strstrip (flags);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);
      g_autofree char *include_runtime = g_strconcat ("-I", runtime, NULL);
      g_autofree char *include_out = g_strconcat ("-I", dir, NULL);
      g_auto(GStrv) flag_list = g_strsplit (flags, " ", -1);
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();

      if (!g_str_has_suffix (name, ".c"))
        continue;
      g_ptr_array_add (argv, "cc");
      g_ptr_array_add (argv, "-fsyntax-only");
      g_ptr_array_add (argv, "-Wall");
      g_ptr_array_add (argv, "-Werror");
      g_ptr_array_add (argv, include_runtime);
      g_ptr_array_add (argv, include_out);
      for (guint i = 0; flag_list[i] != NULL; i++)
        g_ptr_array_add (argv, flag_list[i]);
      g_ptr_array_add (argv, file);
      g_ptr_array_add (argv, NULL);
      if (!run ((const char *const *) argv->pdata, NULL))
        g_test_fail_printf ("%s does not compile", name);
    }
}

static void
copy_test_file (const char *name,
                const char *dir,
                const char *target)
{
  g_autofree char *source = g_build_filename (g_getenv ("G_TEST_SRCDIR"), name, NULL);
  g_autofree char *destination = g_build_filename (dir, target, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (source, &contents, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (destination, contents, -1, &error);
  g_assert_no_error (error);
}

/* paginators-1.sdk-extras.json merges into paginators-1.json as botocore
 * merges it: objects deeply, anything else replaced. */
static void
test_paginator_extras_merge (void)
{
  g_autofree char *codegen = build_path ("generator/gaws-codegen");
  g_autofree char *templates = project_path ("templates");
  g_autofree char *dir = gaws_test_make_temp_dir ();
  g_autofree char *models = g_build_filename (dir, "models", NULL);
  g_autofree char *version = g_build_filename (models, "hostile", "2020-01-01", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  const char *argv[] = { codegen, "--models", models, "--templates", templates,
                         "--service", "hostile", "--out", out, NULL };

  g_mkdir_with_parents (version, 0755);
  copy_test_file ("test-codegen-hostile.json", version, "service-2.json");
  copy_test_file ("test-codegen-hostile-paginators.json", version, "paginators-1.json");
  copy_test_file ("test-codegen-hostile-paginators.sdk-extras.json", version, "paginators-1.sdk-extras.json");
  g_assert_true (run (argv, NULL));
  /* DoThing sorts after Default: its lists come second. */
  assert_contains (out, "gaws-hostile-tables.c",
                   "  \"Items\",\n  \"Others\",\n  NULL,\n  \"Owner\",\n  \"Prefix\",\n  NULL,\n};");
  assert_contains (out, "gaws-hostile-tables.c", ".python_name = \"do_thing\", .input_tokens = &paginator_strings[8], "
                   ".output_tokens = &paginator_strings[10], .limit_key = \"Max\", .result_keys = &paginator_strings[12], "
                   ".non_aggregate_keys = &paginator_strings[15], },");
  assert_contains (out, "gaws-hostile-tables.c", "  \"A\",\n  \"B\",\n  NULL,\n  \"NextA\",\n  \"NextB\",\n  NULL,");
  assert_contains (out, "gaws-hostile-tables.c", ".more_results = \"Truncated\"");
  assert_contains (out, "gaws-hostile-tables.c", "  .paginators = gaws_hostile__paginators,\n  .n_paginators = 2,\n");
  remove_tree (dir);
}

static void
test_hostile_model (void)
{
  g_autofree char *codegen = build_path ("generator/gaws-codegen");
  g_autofree char *templates = project_path ("templates");
  g_autofree char *source = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "test-codegen-hostile.json", NULL);
  g_autofree char *dir = gaws_test_make_temp_dir ();
  g_autofree char *models = g_build_filename (dir, "models", NULL);
  g_autofree char *version = g_build_filename (models, "hostile", "2020-01-01", NULL);
  g_autofree char *model = g_build_filename (version, "service-2.json", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *contents = NULL;
  const char *argv[] = { codegen, "--models", models, "--templates", templates,
                         "--service", "hostile", "--out", out, NULL };
  g_autoptr(GError) error = NULL;

  g_file_get_contents (source, &contents, NULL, &error);
  g_assert_no_error (error);
  g_mkdir_with_parents (version, 0755);
  g_file_set_contents (model, contents, -1, &error);
  g_assert_no_error (error);
  copy_test_file ("test-codegen-hostile-waiters.json", version, "waiters-2.json");
  copy_test_file ("test-codegen-hostile-paginators.json", version, "paginators-1.json");
  copy_test_file ("test-codegen-hostile-paginators.sdk-extras.json", version, "paginators-1.sdk-extras.json");
  g_assert_true (run (argv, NULL));

  assert_contains (out, "gaws-hostile-enums.h", "#define GAWS_HOSTILE_WEIRD_ENUM_A_B \"a,b\"");
  assert_contains (out, "gaws-hostile-enums.h", "#define GAWS_HOSTILE_WEIRD_ENUM_A_B_2 \"a-b\"");
  assert_contains (out, "gaws-hostile-enums.h", "\"[x]\"");
  assert_contains (out, "gaws-hostile-enums.h", "\"$1\"");
  assert_contains (out, "gaws-hostile-enums.h", "\"m4_define\"");
  assert_contains (out, "gaws-hostile-enums.h", "\"\\\"q\\\"\"");
  assert_contains (out, "gaws-hostile-enums.h", "\"back\\\\slash\"");
  assert_contains (out, "gaws-hostile-enums.h", "\"@>\"");
  assert_contains (out, "gaws-hostile-enums.h", "#define GAWS_HOSTILE_ERROR_OOPS_1 \"Oops,[1]\"");
  assert_contains (out, "gaws-hostile-tables.c", ".location_name = \"a,b[c]$1\"");
  assert_contains (out, "gaws-hostile-client.c", "m4_define([x], [y]) g4_service(a,b) $1 $@ $# [brackets] @{ @} @>");
  assert_contains (out, "gaws-hostile-client.c", "@N @U #comment m4_dnl changequote(<<,>>) `back' \"quotes\" \\ backslash * / end");
  assert_contains (out, "gaws-hostile-client.c", "$1, [x], m4_divert(1) (unbalanced parens");
  /* A doc line that g-ir-scanner would read as a tag is indented. */
  assert_contains (out, "gaws-hostile-client.c", "\n *  Type: String\n");
  assert_contains (out, "gaws-hostile-client.c", "\n *  return value : none\n");
  assert_contains (out, "gaws-hostile-client.c", "\n * Types: are fine\n");
  assert_contains (out, "gaws-hostile-shapes.h", "gaws_hostile_do_thing_input_get_m4_define");
  assert_contains (out, "gaws-hostile-shapes.h", "gaws_hostile_do_thing_input_get_type_ (");
  assert_contains (out, "gaws-hostile-shapes.h", "GawsHostileClient_");
  assert_contains (out, "gaws-hostile-client.h", "gaws_hostile_client_default__async");
  /* Waiters and paginators: model text in JMESPath, names and docs. */
  assert_contains (out, "gaws-hostile-tables.c",
                   ".argument = \"a, b[?x == '$1' && m4_dnl(y)] ?\\?( ?\\?/ *\\057 \\\"q\\\" `back`)\"");
  assert_contains (out, "gaws-hostile-tables.c",
                   ".expected = \"\\\"[x], $@ \\\\\\\"m4_define\\\\\\\"\\\"\"");
  assert_contains (out, "gaws-hostile-tables.c", ".state = GAWS_WAITER_STATE_FAILURE, .matcher = GAWS_WAITER_MATCHER_STATUS, .expected = \"404\"");
  assert_contains (out, "gaws-hostile-tables.c", ".state = GAWS_WAITER_STATE_RETRY, .matcher = GAWS_WAITER_MATCHER_ERROR, .expected = \"true\"");
  assert_contains (out, "gaws-hostile-tables.c", ".matcher = GAWS_WAITER_MATCHER_PATH_ALL, .argument = \"L[]\", .expected = \"false\"");
  assert_contains (out, "gaws-hostile-tables.c", ".name = \"Thing,[Ready]$1\"");
  assert_contains (out, "gaws-hostile-tables.c", ".delay = 7, .max_attempts = 3,");
  assert_contains (out, "gaws-hostile-tables.c", "\"Tok,[en]$1\",\n  NULL,\n  \"Next || Items[-1].`m4_dnl`\",\n  NULL,");
  assert_contains (out, "gaws-hostile-client.h", "gaws_hostile_client_get_waiter_thing_ready_1 (GawsHostileClient *self);");
  assert_contains (out, "gaws-hostile-client.h", "gaws_hostile_client_get_paginator_default_ (GawsHostileClient *self);");
  assert_contains (out, "gaws-hostile-client.h",
                   "gaws_hostile_client_get_paginator_do_thing (GawsHostileClient *self, GawsHostileDoThingInput *input);");
  assert_contains (out, "gaws-hostile-client.c", "Waits, [until] $1 m4_dnl * / done");
  compile_generated (out);
  remove_tree (dir);
}

static void
test_bad_json_gives_position (void)
{
  g_autofree char *codegen = build_path ("generator/gaws-codegen");
  g_autofree char *dir = gaws_test_make_temp_dir ();
  g_autofree char *models = g_build_filename (dir, "models", NULL);
  g_autofree char *version = g_build_filename (models, "broken", "2020-01-01", NULL);
  g_autofree char *model = g_build_filename (version, "service-2.json", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *output = NULL, *position = NULL;
  const char *argv[] = { codegen, "--models", models, "--service", "broken", "--out", out, NULL };

  g_mkdir_with_parents (version, 0755);
  g_file_set_contents (model, "{\n  \"metadata\": {}\n  \"shapes\": {}\n}\n", -1, NULL);
  g_assert_false (run (argv, &output));
  position = g_strdup_printf ("%s:3:", model);
  g_assert_nonnull (strstr (output, position));
  remove_tree (dir);
}

/* The same for the files beside the model, and a clear message for a
 * waiter the runtime could not run. */
static void
test_bad_companions_give_position (void)
{
  static const struct {
    const char *file;
    const char *contents;
    const char *message;
  } cases[] = {
    { "waiters-2.json", "{\n  \"version\": 2,\n  \"waiters\": {\n    \"A\": {,\n", "waiters-2.json:4:" },
    { "paginators-1.json", "{\"pagination\": {}}}", "paginators-1.json:1:" },
    { "paginators-1.sdk-extras.json", "{\"merge\": [}", "paginators-1.sdk-extras.json:1:" },
    { "resources-1.json", "\n\n  nope", "resources-1.json:3:" },
    { "waiters-2.json", "{\"version\": 2, \"waiters\": {\"W\": {\"operation\": \"Nope\", \"delay\": 1, "
      "\"maxAttempts\": 1, \"acceptors\": [{\"state\": \"success\", \"matcher\": \"status\", \"expected\": 200}]}}}",
      "waiters-2.json: Waiter W: no such operation: Nope" },
    { "waiters-2.json", "{\"version\": 2, \"waiters\": {\"W\": {\"operation\": \"Default\", \"delay\": 1, "
      "\"maxAttempts\": 1, \"acceptors\": [{\"state\": \"done\", \"matcher\": \"status\", \"expected\": 200}]}}}",
      "Waiter W: acceptor 0: acceptor has an unknown state: done" },
    { "paginators-1.json", "{\"pagination\": {\"Default\": {\"input_token\": [\"A\", \"B\"], \"output_token\": \"X\"}}}",
      "Paginator of Default: input_token and output_token must be given, as many of each" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *codegen = build_path ("generator/gaws-codegen");
      g_autofree char *dir = gaws_test_make_temp_dir ();
      g_autofree char *models = g_build_filename (dir, "models", NULL);
      g_autofree char *version = g_build_filename (models, "hostile", "2020-01-01", NULL);
      g_autofree char *path = g_build_filename (version, cases[i].file, NULL);
      g_autofree char *out = g_build_filename (dir, "out", NULL);
      g_autofree char *output = NULL;
      const char *argv[] = { codegen, "--models", models, "--service", "hostile", "--out", out, NULL };

      g_mkdir_with_parents (version, 0755);
      copy_test_file ("test-codegen-hostile.json", version, "service-2.json");
      if (g_str_has_prefix (cases[i].file, "paginators-1.sdk"))
        copy_test_file ("test-codegen-hostile-paginators.json", version, "paginators-1.json");
      g_file_set_contents (path, cases[i].contents, -1, NULL);
      g_assert_false (run (argv, &output));
      if (strstr (output, cases[i].message) == NULL)
        g_test_fail_printf ("%s: %s lacks %s", cases[i].file, output, cases[i].message);
      remove_tree (dir);
    }
}

/* The generated tables and the runtime's loader read the same model: they
 * must agree, field by field. */
static void
assert_same_member (const GawsMemberInfo  *a,
                    const GawsMemberInfo  *b,
                    const GawsServiceInfo *sa,
                    const GawsServiceInfo *sb)
{
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpint (a->shape - sa->shapes, ==, b->shape - sb->shapes);
  g_assert_cmpstr (a->location_name, ==, b->location_name);
  g_assert_cmpstr (a->query_name, ==, b->query_name);
  g_assert_cmpstr (a->xml_namespace_uri, ==, b->xml_namespace_uri);
  g_assert_cmpstr (a->context_param, ==, b->context_param);
  g_assert_cmpint (a->location, ==, b->location);
  g_assert_cmpint (a->timestamp_format, ==, b->timestamp_format);
  g_assert_cmpint (a->flags, ==, b->flags);
}

static void
assert_same_shape (const GawsShapeInfo   *a,
                   const GawsShapeInfo   *b,
                   const GawsServiceInfo *sa,
                   const GawsServiceInfo *sb)
{
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpint (a->flags, ==, b->flags);
  g_assert_cmpint (a->n_members, ==, b->n_members);
  g_assert_cmpint (a->payload, ==, b->payload);
  g_assert_cmpfloat (a->min, ==, b->min);
  g_assert_cmpfloat (a->max, ==, b->max);
  g_assert_cmpstr (a->error_code, ==, b->error_code);
  g_assert_cmpint (a->error_status, ==, b->error_status);
  g_assert_cmpint (a->enum_values == NULL, ==, b->enum_values == NULL);
  for (guint i = 0; a->enum_values && a->enum_values[i]; i++)
    g_assert_cmpstr (a->enum_values[i], ==, b->enum_values[i]);
  for (guint i = 0; i < a->n_members; i++)
    assert_same_member (&a->members[i], &b->members[i], sa, sb);
}

static void
assert_same_operation (const GawsOperationInfo *a,
                       const GawsOperationInfo *b,
                       const GawsServiceInfo   *sa,
                       const GawsServiceInfo   *sb)
{
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->http_method, ==, b->http_method);
  g_assert_cmpstr (a->request_uri, ==, b->request_uri);
  g_assert_cmpuint (a->response_code, ==, b->response_code);
  g_assert_cmpuint (a->flags, ==, b->flags);
  g_assert_cmpint (a->input ? a->input - sa->shapes : -1, ==, b->input ? b->input - sb->shapes : -1);
  g_assert_cmpint (a->output ? a->output - sa->shapes : -1, ==, b->output ? b->output - sb->shapes : -1);
  g_assert_cmpstr (a->host_prefix, ==, b->host_prefix);
  g_assert_cmpuint (a->n_errors, ==, b->n_errors);
  for (guint i = 0; i < a->n_errors; i++)
    g_assert_cmpint (a->errors[i] - sa->shapes, ==, b->errors[i] - sb->shapes);
  g_assert_true (a->service == sa);
}

static const GawsServiceInfo *
open_generated_service (const char *service)
{
  g_autofree char *file = g_strdup_printf ("generated/%s/libgaws-%s-1.so", service, service);
  g_autofree char *path = build_path (file);
  g_autofree char *symbol = g_strdup_printf ("gaws_%s_get_service_info", service);
  const GawsServiceInfo *(*get_info) (void);
  void *library;

  g_strdelimit (symbol, "-", '_');

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  /* The library stays loaded: its types are registered for good. */
  library = dlopen (path, RTLD_NOW | RTLD_GLOBAL);
  g_assert_nonnull (library);
  get_info = (const GawsServiceInfo *(*) (void)) dlsym (library, symbol);
  g_assert_nonnull (get_info);
  return get_info ();
}

/* A function of a generated library that open_generated_service() loaded. */
static gpointer
generated_symbol (const char *service,
                  const char *symbol)
{
  g_autofree char *file = g_strdup_printf ("generated/%s/libgaws-%s-1.so", service, service);
  g_autofree char *path = build_path (file);
  void *library = dlopen (path, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);

  g_assert_nonnull (library);
  return dlsym (library, symbol);
}

static char *
find_model (const char *service)
{
  g_autofree char *models = project_path ("models");
  g_autofree char *dir = g_build_filename (models, service, NULL);
  g_autoptr(GDir) versions = g_dir_open (dir, 0, NULL);
  const char *version = versions ? g_dir_read_name (versions) : NULL;

  g_assert_nonnull (version);
  return g_build_filename (dir, version, "service-2.json.gz", NULL);
}

/* The model as the generator sees it: with service-2.sdk-extras.json
 * merged in, deeply, as botocore merges it (S3's `Expires` is a timestamp
 * only there). */
static GawsServiceInfo *
load_model_with_extras (const char  *path,
                        const char  *service,
                        GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *extras_path = g_build_filename (dir, "service-2.sdk-extras.json", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GZlibDecompressor) gunzip = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(GBytes) bytes = NULL;
  json_t *model, *extras;
  GawsServiceInfo *info;

  if (!g_file_test (extras_path, G_FILE_TEST_EXISTS))
    return gaws_service_info_load_file (path, service, error);
  file = g_file_new_for_path (path);
  raw = (GInputStream *) g_file_read (file, NULL, error);
  if (raw == NULL)
    return NULL;
  gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  stream = g_converter_input_stream_new (raw, G_CONVERTER (gunzip));
  memory = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (memory, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  model = json_loadb (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), 0, NULL);
  extras = json_load_file (extras_path, 0, NULL);
  g_assert_nonnull (model);
  g_assert_nonnull (extras);
  g_assert_cmpint (json_object_update_recursive (model, json_object_get (extras, "merge")), ==, 0);
  info = gaws_service_info_load (model, service, error);
  json_decref (extras);
  json_decref (model);
  return info;
}

/* A companion of the model with its sdk-extras merged in, or NULL. */
static json_t *
load_companion (const char *dir,
                const char *stem)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.json", dir, stem);
  g_autofree char *extras_path = g_strdup_printf ("%s/%s.sdk-extras.json", dir, stem);
  json_t *json, *extras;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  json = json_load_file (path, 0, NULL);
  g_assert_nonnull (json);
  if (g_file_test (extras_path, G_FILE_TEST_EXISTS))
    {
      extras = json_load_file (extras_path, 0, NULL);
      g_assert_nonnull (extras);
      g_assert_cmpint (json_object_update_recursive (json, json_object_get (extras, "merge")), ==, 0);
      json_decref (extras);
    }
  return json;
}

static void
load_companions (GawsServiceInfo *info,
                 const char      *model_path)
{
  g_autofree char *dir = g_path_get_dirname (model_path);
  json_t *paginators = load_companion (dir, "paginators-1");
  json_t *waiters = load_companion (dir, "waiters-2");
  json_t *resources = load_companion (dir, "resources-1");
  g_autoptr(GError) error = NULL;

  g_assert_true (gaws_service_info_load_paginators (info, paginators, cg_names_xform, &error));
  g_assert_true (gaws_service_info_load_waiters (info, waiters, cg_names_xform, &error));
  g_assert_true (gaws_service_info_load_resources (info, resources, &error));
  g_assert_no_error (error);
  g_clear_pointer (&paginators, json_decref);
  g_clear_pointer (&waiters, json_decref);
  g_clear_pointer (&resources, json_decref);
}

static void
assert_same_strv (const char *const *a,
                  const char *const *b)
{
  g_assert_cmpint (a == NULL, ==, b == NULL);
  if (a != NULL)
    g_assert_cmpstrv (a, b);
}

static void
assert_same_paginators (const GawsServiceInfo *a,
                        const GawsServiceInfo *b)
{
  g_assert_cmpuint (a->n_paginators, ==, b->n_paginators);
  for (guint i = 0; i < a->n_paginators; i++)
    {
      const GawsPaginatorInfo *pa = &a->paginators[i], *pb = &b->paginators[i];

      g_assert_cmpint (pa->operation - a->operations, ==, pb->operation - b->operations);
      g_assert_cmpstr (pa->python_name, ==, pb->python_name);
      assert_same_strv (pa->input_tokens, pb->input_tokens);
      assert_same_strv (pa->output_tokens, pb->output_tokens);
      g_assert_cmpstr (pa->more_results, ==, pb->more_results);
      g_assert_cmpstr (pa->limit_key, ==, pb->limit_key);
      assert_same_strv (pa->result_keys, pb->result_keys);
      assert_same_strv (pa->non_aggregate_keys, pb->non_aggregate_keys);
    }
}

static void
assert_same_waiters (const GawsServiceInfo *a,
                     const GawsServiceInfo *b)
{
  g_assert_cmpuint (a->n_waiters, ==, b->n_waiters);
  for (guint i = 0; i < a->n_waiters; i++)
    {
      const GawsWaiterInfo *wa = &a->waiters[i], *wb = &b->waiters[i];

      g_assert_cmpstr (wa->name, ==, wb->name);
      g_assert_cmpstr (wa->python_name, ==, wb->python_name);
      g_assert_cmpint (wa->operation - a->operations, ==, wb->operation - b->operations);
      g_assert_cmpuint (wa->delay, ==, wb->delay);
      g_assert_cmpuint (wa->max_attempts, ==, wb->max_attempts);
      g_assert_cmpuint (wa->n_acceptors, ==, wb->n_acceptors);
      for (guint k = 0; k < wa->n_acceptors; k++)
        {
          g_assert_cmpint (wa->acceptors[k].state, ==, wb->acceptors[k].state);
          g_assert_cmpint (wa->acceptors[k].matcher, ==, wb->acceptors[k].matcher);
          g_assert_cmpstr (wa->acceptors[k].argument, ==, wb->acceptors[k].argument);
          g_assert_cmpstr (wa->acceptors[k].expected, ==, wb->acceptors[k].expected);
        }
    }
}

static void
test_tables_match_loader (gconstpointer data)
{
  const char *service = data;
  const GawsServiceInfo *generated = open_generated_service (service);
  g_autofree char *model = NULL;
  g_autoptr(GawsServiceInfo) loaded = NULL;
  g_autoptr(GError) error = NULL;

  if (generated == NULL)
    {
      g_test_skip ("the service is not built (meson option services)");
      return;
    }
  model = find_model (service);
  loaded = load_model_with_extras (model, service, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (generated->name, ==, loaded->name);
  g_assert_cmpstr (generated->target_prefix, ==, loaded->target_prefix);
  g_assert_cmpstr (generated->json_version, ==, loaded->json_version);
  g_assert_cmpstr (generated->protocols[0], ==, loaded->protocols[0]);
  g_assert_cmpuint (generated->n_shapes, ==, loaded->n_shapes);
  g_assert_cmpuint (generated->n_operations, ==, loaded->n_operations);
  g_assert_cmpuint (generated->n_errors, ==, loaded->n_errors);
  for (guint i = 0; i < generated->n_shapes; i++)
    assert_same_shape (&generated->shapes[i], &loaded->shapes[i], generated, loaded);
  for (guint i = 0; i < generated->n_operations; i++)
    assert_same_operation (&generated->operations[i], &loaded->operations[i], generated, loaded);
  for (guint i = 0; i < generated->n_errors; i++)
    g_assert_cmpint (generated->errors[i] - generated->shapes, ==, loaded->errors[i] - loaded->shapes);
  load_companions (loaded, model);
  assert_same_paginators (generated, loaded);
  assert_same_waiters (generated, loaded);
  g_assert_cmpstr (generated->resources_json, ==, loaded->resources_json);
}

/* S3's ListObjectsV2 as botocore reads it, sdk-extras included. */
static void
test_s3_list_objects_paginators (void)
{
  const GawsServiceInfo *service = open_generated_service ("s3");
  const GawsPaginatorInfo *v2, *v1;
  const char *const input_tokens[] = { "ContinuationToken", NULL };
  const char *const output_tokens[] = { "NextContinuationToken", NULL };
  const char *const result_keys[] = { "Contents", "CommonPrefixes", NULL };
  const char *const non_aggregate_keys[] = { "RequestCharged", "Prefix", NULL };
  const char *const v1_output_tokens[] = { "NextMarker || Contents[-1].Key", NULL };

  if (service == NULL)
    {
      g_test_skip ("s3 is not built (meson option services)");
      return;
    }
  v2 = gaws_service_info_find_paginator (service, "ListObjectsV2");
  g_assert_nonnull (v2);
  g_assert_true (gaws_service_info_find_paginator (service, "list_objects_v2") == v2);
  g_assert_cmpstr (v2->operation->name, ==, "ListObjectsV2");
  g_assert_cmpstr (v2->python_name, ==, "list_objects_v2");
  g_assert_cmpstrv (v2->input_tokens, input_tokens);
  g_assert_cmpstrv (v2->output_tokens, output_tokens);
  g_assert_cmpstrv (v2->result_keys, result_keys);
  g_assert_cmpstrv (v2->non_aggregate_keys, non_aggregate_keys);
  g_assert_cmpstr (v2->more_results, ==, "IsTruncated");
  g_assert_cmpstr (v2->limit_key, ==, "MaxKeys");
  v1 = gaws_service_info_find_paginator (service, "ListObjects");
  g_assert_nonnull (v1);
  g_assert_cmpstrv (v1->output_tokens, v1_output_tokens);
  g_assert_null (gaws_service_info_find_paginator (service, "PutObject"));
  /* Sorted by operation, as the contract says. */
  for (guint i = 1; i < service->n_paginators; i++)
    g_assert_cmpstr (service->paginators[i - 1].operation->name, <, service->paginators[i].operation->name);
  g_assert_nonnull (service->resources_json);
}

static void
test_dynamodb_table_waiters (void)
{
  const GawsServiceInfo *service = open_generated_service ("dynamodb");
  const GawsWaiterInfo *exists, *not_exists;
  json_t *resources;

  if (service == NULL)
    {
      g_test_skip ("dynamodb is not built (meson option services)");
      return;
    }
  exists = gaws_service_info_find_waiter (service, "TableExists");
  g_assert_nonnull (exists);
  g_assert_cmpstr (exists->python_name, ==, "table_exists");
  g_assert_cmpstr (exists->operation->name, ==, "DescribeTable");
  g_assert_cmpuint (exists->delay, ==, 20);
  g_assert_cmpuint (exists->max_attempts, ==, 25);
  g_assert_cmpuint (exists->n_acceptors, ==, 2);
  g_assert_cmpint (exists->acceptors[0].state, ==, GAWS_WAITER_STATE_SUCCESS);
  g_assert_cmpint (exists->acceptors[0].matcher, ==, GAWS_WAITER_MATCHER_PATH);
  g_assert_cmpstr (exists->acceptors[0].argument, ==, "Table.TableStatus");
  g_assert_cmpstr (exists->acceptors[0].expected, ==, "\"ACTIVE\"");
  g_assert_cmpint (exists->acceptors[1].state, ==, GAWS_WAITER_STATE_RETRY);
  g_assert_cmpint (exists->acceptors[1].matcher, ==, GAWS_WAITER_MATCHER_ERROR);
  g_assert_null (exists->acceptors[1].argument);
  g_assert_cmpstr (exists->acceptors[1].expected, ==, "\"ResourceNotFoundException\"");
  not_exists = gaws_service_info_find_waiter (service, "TableNotExists");
  g_assert_nonnull (not_exists);
  g_assert_cmpuint (not_exists->n_acceptors, ==, 1);
  g_assert_cmpint (not_exists->acceptors[0].state, ==, GAWS_WAITER_STATE_SUCCESS);
  for (guint i = 1; i < service->n_waiters; i++)
    g_assert_cmpstr (service->waiters[i - 1].name, <, service->waiters[i].name);

  /* boto3's resources, as JSON the runtime can read. */
  resources = json_loads (service->resources_json, 0, NULL);
  g_assert_nonnull (resources);
  g_assert_nonnull (json_object_get (json_object_get (resources, "resources"), "Table"));
  json_decref (resources);
}

/* The typed constructors hand their table entries to the runtime. */
static void
test_dynamodb_typed_constructors (void)
{
  const GawsServiceInfo *service = open_generated_service ("dynamodb");
  GawsClient *(*client_new) (GawsSession *, GawsClientConfig *);
  GawsWaiter *(*get_waiter) (GawsClient *);
  GawsPaginator *(*get_paginator) (GawsClient *, GawsShape *);
  g_autoptr(GawsSession) session = NULL;
  g_autoptr(GawsClient) client = NULL;
  g_autoptr(GawsWaiter) waiter = NULL;
  g_autoptr(GawsPaginator) paginator = NULL;

  if (service == NULL)
    {
      g_test_skip ("dynamodb is not built (meson option services)");
      return;
    }
  client_new = generated_symbol ("dynamodb", "gaws_dynamodb_client_new");
  get_waiter = generated_symbol ("dynamodb", "gaws_dynamodb_client_get_waiter_table_exists");
  get_paginator = generated_symbol ("dynamodb", "gaws_dynamodb_client_get_paginator_scan");
  g_assert_nonnull (client_new);
  g_assert_nonnull (get_waiter);
  g_assert_nonnull (get_paginator);
  session = gaws_session_new_with_credentials ("AKIDTEST", "secret", NULL);
  client = client_new (session, NULL);
  waiter = get_waiter (client);
  g_assert_true (gaws_waiter_get_info (waiter) == gaws_service_info_find_waiter (service, "TableExists"));
  paginator = get_paginator (client, NULL);
  g_assert_true (gaws_paginator_get_info (paginator) == gaws_service_info_find_paginator (service, "Scan"));
}

/* A generated class through its GObject properties, as a binding sees it,
 * serialized by the runtime without any I/O. */
static void
test_dynamodb_put_item_request (void)
{
  const GawsServiceInfo *service = open_generated_service ("dynamodb");
  const GawsOperationInfo *op;
  g_autoptr(GawsShape) input = NULL;
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  GawsHttpHeaders *headers;
  g_autofree char *body = NULL;

  if (service == NULL)
    {
      g_test_skip ("dynamodb is not built (meson option services)");
      return;
    }
  op = gaws_service_info_find_operation (service, "PutItem");
  g_assert_nonnull (op);
  g_assert_cmpstr (g_type_name (op->input->get_type ()), ==, "GawsDynamodbPutItemInput");
  input = gaws_shape_new_from_json_string (op->input,
      "{\"TableName\": \"music\", \"Item\": {\"id\": {\"S\": \"1\"}, \"n\": {\"N\": \"2\"}}}", &error);
  g_assert_no_error (error);
  g_object_set (input, "condition-expression", "attribute_not_exists(id)", NULL);

  request = gaws_operation_prepare_request (op, input, &error);
  g_assert_no_error (error);
  headers = gaws_http_request_get_headers (request);
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Amz-Target"), ==, "DynamoDB_20120810.PutItem");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "Content-Type"), ==, "application/x-amz-json-1.0");
  body = g_strndup (g_bytes_get_data (gaws_http_request_get_body (request), NULL),
                    g_bytes_get_size (gaws_http_request_get_body (request)));
  g_assert_cmpstr (body, ==, "{\"TableName\":\"music\",\"Item\":{\"id\":{\"S\":\"1\"},\"n\":{\"N\":\"2\"}},"
                             "\"ConditionExpression\":\"attribute_not_exists(id)\"}");
}

static void
test_dynamodb_validation_before_io (void)
{
  const GawsServiceInfo *service = open_generated_service ("dynamodb");
  const GawsOperationInfo *op;
  g_autoptr(GawsShape) input = NULL;
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  if (service == NULL)
    {
      g_test_skip ("dynamodb is not built (meson option services)");
      return;
    }
  op = gaws_service_info_find_operation (service, "GetItem");
  input = gaws_shape_new (op->input);
  g_object_set (input, "table-name", "", NULL);
  request = gaws_operation_prepare_request (op, input, &error);
  g_assert_null (request);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Missing required parameter in input: \"Key\""));
  g_assert_nonnull (strstr (error->message, "Invalid length for parameter TableName, value: 0, valid min length: 1"));
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);

  g_test_add_func ("/codegen/names/xform-matches-botocore", test_names_match_botocore);
  g_test_add_func ("/codegen/names/renames-and-derived-names", test_names_derived);
  g_test_add_func ("/codegen/m4/hostile-text-comes-out-unchanged", test_m4_quoting_is_safe);
  g_test_add_func ("/codegen/model/hostile-names-and-docs", test_hostile_model);
  g_test_add_func ("/codegen/model/bad-json-gives-file-line-column", test_bad_json_gives_position);
  g_test_add_func ("/codegen/model/bad-paginators-and-waiters-give-file-and-reason", test_bad_companions_give_position);
  g_test_add_func ("/codegen/model/paginator-sdk-extras-merge", test_paginator_extras_merge);
  g_test_add_func ("/codegen/single-source-unity", test_single_source_unity);
  for (gsize i = 0; i < G_N_ELEMENTS (committed_services); i++)
    {
      g_autofree char *regenerate = g_strdup_printf ("/codegen/regenerate/%s", committed_services[i]);
      g_autofree char *tables = g_strdup_printf ("/codegen/tables/%s-match-loader", committed_services[i]);

      g_test_add_data_func (regenerate, committed_services[i], test_regenerate);
      g_test_add_data_func (tables, committed_services[i], test_tables_match_loader);
    }
  g_test_add_func ("/codegen/dynamodb/put-item-request", test_dynamodb_put_item_request);
  g_test_add_func ("/codegen/dynamodb/validation-before-io", test_dynamodb_validation_before_io);
  g_test_add_func ("/codegen/tables/s3-list-objects-paginators", test_s3_list_objects_paginators);
  g_test_add_func ("/codegen/tables/dynamodb-table-waiters", test_dynamodb_table_waiters);
  g_test_add_func ("/codegen/dynamodb/typed-paginator-and-waiter", test_dynamodb_typed_constructors);

  return g_test_run ();
}
