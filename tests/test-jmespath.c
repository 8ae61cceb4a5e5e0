/* test-jmespath.c: GawsJmespath against the JMESPath compliance suite
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Every case of the compliance suite (the JSON files of jmespath/ in the
 * shared test data: groups of {given, cases: [{expression, result | error}]})
 * is one GLib test, /jmespath/compliance/<file>/<n>, n counting the file's
 * cases from 0. Cases listed in jmespath-skip.txt are reported and skipped. Then
 * come the behaviours the suite does not pin down: error positions and
 * kinds, depth limits, the AWS models' own expressions, the API.
 */
#include "gaws-test-util.h"

#include <jansson.h>
#include <string.h>

typedef json_t JsonValue;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JsonValue, json_decref)

/* ---- comparing results ------------------------------------------------- */

static gboolean json_equivalent (json_t *a,
                                 json_t *b);

static gboolean
objects_equivalent (json_t *a,
                    json_t *b)
{
  const char *key;
  json_t *member;

  if (json_object_size (a) != json_object_size (b))
    return FALSE;
  json_object_foreach (a, key, member)
    if (json_object_get (b, key) == NULL || !json_equivalent (member, json_object_get (b, key)))
      return FALSE;
  return TRUE;
}

/* JSON equality as the suite means it: 1 and 1.0 are the same number, and
 * object members have no order. */
static gboolean
json_equivalent (json_t *a,
                 json_t *b)
{
  if (json_is_number (a) && json_is_number (b))
    return json_number_value (a) == json_number_value (b) &&
           (!json_is_integer (a) || !json_is_integer (b) ||
            json_integer_value (a) == json_integer_value (b));
  if (json_typeof (a) != json_typeof (b))
    return FALSE;
  if (json_is_array (a))
    {
      if (json_array_size (a) != json_array_size (b))
        return FALSE;
      for (gsize i = 0; i < json_array_size (a); i++)
        if (!json_equivalent (json_array_get (a, i), json_array_get (b, i)))
          return FALSE;
      return TRUE;
    }
  if (json_is_object (a))
    return objects_equivalent (a, b);
  if (json_is_string (a))
    return g_strcmp0 (json_string_value (a), json_string_value (b)) == 0;
  return TRUE;
}

static void
assert_json_equivalent (json_t *actual,
                        json_t *expected)
{
  if (!json_equivalent (actual, expected))
    {
      g_autofree char *have = json_dumps (actual, JSON_ENCODE_ANY | JSON_COMPACT);
      g_autofree char *want = json_dumps (expected, JSON_ENCODE_ANY | JSON_COMPACT);
      g_assert_cmpstr (have, ==, want);
    }
}

static json_t *
parse_json (const char *text)
{
  json_error_t json_error;
  json_t *value = json_loads (text, JSON_DECODE_ANY, &json_error);

  if (value == NULL)
    g_error ("bad JSON in test (%s): %s", json_error.text, text);
  return value;
}

/* ---- the compliance suite ---------------------------------------------- */

typedef struct {
  char   *id;           /* <file>/<n>, as jmespath-skip.txt names it */
  json_t *given;
  json_t *spec;         /* {expression, result | error, comment?, bench?} */
  char   *skip_reason;
} ComplianceCase;

static void
compliance_case_free (gpointer data)
{
  ComplianceCase *c = data;

  g_free (c->id);
  json_decref (c->given);
  json_decref (c->spec);
  g_free (c->skip_reason);
  g_free (c);
}

static void
test_compliance_case (gconstpointer data)
{
  const ComplianceCase *c = data;
  const char *expression = json_string_value (json_object_get (c->spec, "expression"));
  json_t *expected = json_object_get (c->spec, "result");
  const char *error_kind = json_string_value (json_object_get (c->spec, "error"));
  g_autoptr(GawsJmespath) compiled = NULL;
  g_autoptr(JsonValue) result = NULL;
  g_autoptr(GError) error = NULL;

  if (c->skip_reason != NULL)
    {
      g_test_message ("skipping %s: %s", c->id, c->skip_reason);
      g_test_skip (c->skip_reason);
      return;
    }
  g_test_message ("expression: %s", expression);
  compiled = gaws_jmespath_compile (expression, &error);
  if (compiled != NULL)
    result = gaws_jmespath_search (compiled, c->given, &error);
  if (error_kind != NULL)
    {
      g_assert_null (result);
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (gaws_error_get_code (error), ==, error_kind);
      return;
    }
  g_assert_no_error (error);
  g_assert_nonnull (result);
  /* Benchmark cases give no result: they need only run. */
  if (expected != NULL)
    assert_json_equivalent (result, expected);
}

/* jmespath-skip.txt: "file<TAB>index<TAB>reason" a line, # for comments. */
static GHashTable *
load_skips (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "jmespath-skip.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *skips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#')
        continue;
      fields = g_strsplit (line, "\t", 3);
      if (g_strv_length (fields) != 3 || *g_strstrip (fields[2]) == '\0')
        g_error ("%s:%u: want “file<TAB>index<TAB>reason”", path, i + 1);
      g_hash_table_insert (skips, g_strdup_printf ("%s/%s", g_strstrip (fields[0]), g_strstrip (fields[1])),
                           g_strdup (fields[2]));
    }
  return skips;
}

static void
add_compliance_file (GPtrArray  *cases,
                     GHashTable *skips,
                     const char *dir,
                     const char *file)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *stem = g_strndup (file, strlen (file) - strlen (".json"));
  g_autoptr(JsonValue) groups = NULL;
  json_error_t json_error;
  guint n = 0;

  groups = json_load_file (path, 0, &json_error);
  if (groups == NULL || !json_is_array (groups))
    g_error ("%s:%d: %s", path, json_error.line, json_error.text);
  for (gsize g = 0; g < json_array_size (groups); g++)
    {
      json_t *group = json_array_get (groups, g);
      json_t *specs = json_object_get (group, "cases");

      for (gsize i = 0; i < json_array_size (specs); i++, n++)
        {
          ComplianceCase *c = g_new0 (ComplianceCase, 1);
          g_autofree char *test_path = NULL;

          c->id = g_strdup_printf ("%s/%u", file, n);
          c->given = json_incref (json_object_get (group, "given"));
          c->spec = json_incref (json_array_get (specs, i));
          c->skip_reason = g_strdup (g_hash_table_lookup (skips, c->id));
          g_hash_table_remove (skips, c->id);
          test_path = g_strdup_printf ("/jmespath/compliance/%s/%u", stem, n);
          g_test_add_data_func (test_path, c, test_compliance_case);
          g_ptr_array_add (cases, c);
        }
    }
}

/* GPtrArray sorting hands out pointers to the elements. */
static gint
compare_file_names (gconstpointer a,
                    gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
add_compliance_cases (GPtrArray  *cases,
                      GHashTable *skips)
{
  g_autofree char *dir = g_build_filename (gaws_test_get_testdata_dir (), "jmespath", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = g_dir_open (dir, 0, &error);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (files, g_strdup (name));
  g_assert_cmpuint (files->len, >, 0);
  g_ptr_array_sort (files, compare_file_names);
  for (guint i = 0; i < files->len; i++)
    add_compliance_file (cases, skips, dir, g_ptr_array_index (files, i));
}

static void
test_skip_file_names_existing_cases (gconstpointer data)
{
  GHashTable *unmatched = (GHashTable *) data;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, unmatched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_test_message ("jmespath-skip.txt names %s, which is no case", (const char *) key);
  g_assert_cmpuint (g_hash_table_size (unmatched), ==, 0);
}

/* ---- errors ------------------------------------------------------------ */

static void
assert_compile_error (const char *expression,
                      const char *kind,
                      const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsJmespath) compiled = gaws_jmespath_compile (expression, &error);

  g_assert_null (compiled);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (gaws_error_get_code (error), ==, kind);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, message_part);
}

static void
assert_search_error (const char *expression,
                     const char *data_text,
                     const char *kind,
                     const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsJmespath) compiled = gaws_jmespath_compile (expression, &error);
  g_autoptr(JsonValue) data = parse_json (data_text);
  g_autoptr(JsonValue) result = NULL;

  g_assert_no_error (error);
  result = gaws_jmespath_search (compiled, data, &error);
  g_assert_null (result);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (gaws_error_get_code (error), ==, kind);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, message_part);
}

static void
test_syntax_errors_name_position (void)
{
  static const struct {
    const char *expression;
    const char *position;
  } cases[] = {
    { "foo[", "at position 4" },
    { "foo.", "at position 4" },
    { "foo bar", "at position 4" },
    { "a{foo: bar}", "at position 1" },
    { "foo[?a == ]", "at position 10" },
    { "`[1,`", "at position 0" },
    { "'abc", "at position 0" },
    { "foo[1:2:3:4]", "at position 9" },
    { "a.b = c", "at position 4" },
    /* Positions count characters, not bytes. */
    { "\"✓\" | ✓", "at position 6" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_compile_error (cases[i].expression, GAWS_JMESPATH_ERROR_SYNTAX, cases[i].position);
  assert_compile_error ("foo\xff", GAWS_JMESPATH_ERROR_SYNTAX, "invalid UTF-8 at position 3");
  assert_compile_error ("\"to_string\"(@)", GAWS_JMESPATH_ERROR_SYNTAX, "cannot be quoted");
}

static void
test_error_kinds (void)
{
  g_autoptr(GawsJmespath) none = NULL;

  assert_compile_error ("nope(@)", GAWS_JMESPATH_ERROR_UNKNOWN_FUNCTION, "unknown function nope()");
  assert_compile_error ("a.b.nope(@)", GAWS_JMESPATH_ERROR_UNKNOWN_FUNCTION, "at position 4");
  assert_compile_error ("abs(`1`, `2`)", GAWS_JMESPATH_ERROR_INVALID_ARITY,
                        "abs() takes 1 argument but 2 were given");
  assert_compile_error ("merge()", GAWS_JMESPATH_ERROR_INVALID_ARITY, "at least 1 argument");
  assert_compile_error ("foo[::0]", GAWS_JMESPATH_ERROR_INVALID_VALUE, "step");
  assert_search_error ("abs(@)", "\"x\"", GAWS_JMESPATH_ERROR_INVALID_TYPE,
                       "abs(): argument 1 must be a number, not string");
  assert_search_error ("length(@)", "1", GAWS_JMESPATH_ERROR_INVALID_TYPE,
                       "a string, an array or an object");
  assert_search_error ("sort_by(@, &a)", "[{\"a\": 1}, {\"a\": \"x\"}]",
                       GAWS_JMESPATH_ERROR_INVALID_TYPE, "element 1");
  assert_search_error ("map(a, @)", "[]", GAWS_JMESPATH_ERROR_INVALID_TYPE, "expression reference");
  assert_search_error ("&a", "{}", GAWS_JMESPATH_ERROR_INVALID_TYPE, "function argument");
  assert_search_error ("avg(@)", "[1e308, 1e308]", GAWS_JMESPATH_ERROR_INVALID_VALUE, "out of range");

  /* A caller that does not want the error still gets NULL. */
  none = gaws_jmespath_compile ("foo[", NULL);
  g_assert_null (none);
}

/* ---- limits ------------------------------------------------------------ */

static char *
repeat (const char *text,
        guint       times)
{
  GString *out = g_string_sized_new (strlen (text) * times);

  for (guint i = 0; i < times; i++)
    g_string_append (out, text);
  return g_string_free (out, FALSE);
}

static void
assert_too_deep (const char *prefix,
                 const char *middle,
                 const char *suffix,
                 guint       times)
{
  g_autofree char *head = repeat (prefix, times);
  g_autofree char *tail = repeat (suffix, times);
  g_autofree char *expression = g_strconcat (head, middle, tail, NULL);

  assert_compile_error (expression, GAWS_JMESPATH_ERROR_SYNTAX, "nested too deeply");
}

static void
test_deep_expressions_fail (void)
{
  assert_too_deep ("(", "a", ")", 100000);
  assert_too_deep ("!", "a", "", 100000);
  assert_too_deep ("[", "a", "]", 100000);
  assert_too_deep ("{a: ", "a", "}", 100000);
  assert_too_deep ("abs(", "a", ")", 100000);
  assert_too_deep ("& ", "a", "", 100000);
  assert_too_deep ("a[*].", "a", "", 100000);
  assert_too_deep ("a[?", "a", "]", 100000);
  /* Left-nested: the parser loops rather than recursing, the tree deepens. */
  assert_too_deep ("", "a", " < a", 100000);
  assert_too_deep ("", "a", "[]", 100000);
  assert_too_deep ("", "a", "[:]", 100000);
}

static void
assert_search_json (const char *expression,
                    const char *data_text,
                    const char *expected_text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result_text = gaws_jmespath_search_json (expression, data_text, &error);
  g_autoptr(JsonValue) result = NULL;
  g_autoptr(JsonValue) expected = parse_json (expected_text);

  g_assert_no_error (error);
  result = parse_json (result_text);
  assert_json_equivalent (result, expected);
}

static void
test_long_flat_expressions_work (void)
{
  g_autofree char *dots = repeat (".a", 100000);
  g_autofree char *ors = repeat ("b || ", 100000);
  g_autofree char *ands = repeat ("a && ", 100000);
  g_autofree char *pipes = repeat ("@ | ", 100000);
  g_autofree char *indices = repeat ("[0]", 100000);
  g_autofree char *chain = g_strconcat ("a", dots, NULL);
  g_autofree char *or_chain = g_strconcat (ors, "a", NULL);
  g_autofree char *and_chain = g_strconcat (ands, "`7`", NULL);
  g_autofree char *pipe_chain = g_strconcat (pipes, "a", NULL);
  g_autofree char *opening = repeat ("(", 100);
  g_autofree char *closing = repeat (")", 100);
  g_autofree char *nested = g_strconcat (opening, "a", closing, NULL);

  assert_search_json (chain, "{\"a\": {\"a\": 1}}", "null");
  assert_search_json (or_chain, "{\"a\": 1}", "1");
  assert_search_json (and_chain, "{\"a\": 1}", "7");
  assert_search_json (pipe_chain, "{\"a\": 1}", "1");
  assert_search_json (indices, "[[1]]", "null");
  /* Nesting well within the limit is fine. */
  assert_search_json (nested, "{\"a\": 2}", "2");
}

static void
test_deep_data_fails (void)
{
  g_autoptr(JsonValue) data = json_array ();
  g_autoptr(GawsJmespath) length = gaws_jmespath_compile ("length(@)", NULL);
  g_autoptr(JsonValue) result = NULL;
  g_autoptr(GError) error = NULL;
  json_t *innermost = data;

  for (guint i = 0; i < 5000; i++)
    {
      json_t *inner = json_array ();
      json_array_append_new (innermost, inner);
      innermost = inner;
    }
  /* What need not walk the value still works. */
  result = gaws_jmespath_search (length, data, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_integer_value (result), ==, 1);

  for (guint i = 0; i < 3; i++)
    {
      static const char *const walkers[] = { "@ == @", "to_string(@)", "contains(@, @)" };
      g_autoptr(GawsJmespath) walker = gaws_jmespath_compile (walkers[i], NULL);
      g_autoptr(GError) walk_error = NULL;
      g_autoptr(JsonValue) walked = gaws_jmespath_search (walker, data, &walk_error);

      g_assert_null (walked);
      g_assert_error (walk_error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (gaws_error_get_code (walk_error), ==, GAWS_JMESPATH_ERROR_INVALID_VALUE);
    }
}

/* ---- the AWS models' expressions --------------------------------------- */

static void
test_aws_model_expressions (void)
{
  static const char list_objects[] =
    "{\"IsTruncated\": true, \"Contents\": [{\"Key\": \"a\"}, {\"Key\": \"b\"}, {\"Key\": \"c\"}]}";
  static const char reservations[] =
    "{\"Reservations\": [{\"Instances\": [{\"State\": {\"Name\": \"running\"}}]},"
    " {\"Instances\": [{\"State\": {\"Name\": \"pending\"}}]}]}";
  static const char groups[] =
    "{\"AutoScalingGroups\": [{\"MinSize\": 1, \"Instances\": [{\"LifecycleState\": \"InService\"}]},"
    " {\"MinSize\": 2, \"Instances\": [{\"LifecycleState\": \"InService\"},"
    " {\"LifecycleState\": \"Pending\"}]}]}";
  static const char services[] =
    "{\"services\": [{\"deployments\": [{}], \"runningCount\": 2, \"desiredCount\": 2},"
    " {\"deployments\": [{}, {}], \"runningCount\": 1, \"desiredCount\": 2}]}";
  static const struct {
    const char *expression;
    const char *data;
    const char *expected;
  } cases[] = {
    /* s3 list_objects paginator and waiters */
    { "Contents[-1].Key", list_objects, "\"c\"" },
    { "NextMarker || Contents[-1].Key", list_objects, "\"c\"" },
    { "length(Contents[]) > `0`", list_objects, "true" },
    { "contains(Buckets[].Name, 'x')", "{\"Buckets\": [{\"Name\": \"w\"}, {\"Name\": \"x\"}]}", "true" },
    { "contains(Buckets[].Name, 'y')", "{\"Buckets\": [{\"Name\": \"w\"}, {\"Name\": \"x\"}]}", "false" },
    /* ec2 waiters */
    { "length(Reservations[].Instances[]) > `0`", reservations, "true" },
    { "length(Reservations[].Instances[]) > `0`", "{\"Reservations\": []}", "false" },
    { "Reservations[].Instances[].State.Name", reservations, "[\"running\", \"pending\"]" },
    { "InstanceStatuses[].InstanceStatus.Status",
      "{\"InstanceStatuses\": [{\"InstanceStatus\": {\"Status\": \"ok\"}}]}", "[\"ok\"]" },
    /* dynamodb table_exists, scan and query paginators */
    { "Table.TableStatus", "{\"Table\": {\"TableStatus\": \"ACTIVE\"}}", "\"ACTIVE\"" },
    { "LastEvaluatedKey", "{\"LastEvaluatedKey\": {\"pk\": {\"S\": \"1\"}}}", "{\"pk\": {\"S\": \"1\"}}" },
    { "LastEvaluatedKey", "{\"Items\": []}", "null" },
    /* ssm describe_parameters */
    { "NextToken", "{\"NextToken\": \"t\", \"Parameters\": []}", "\"t\"" },
    /* autoscaling group_in_service */
    { "contains(AutoScalingGroups[].[length(Instances[?LifecycleState=='InService']) >= MinSize][], `false`)",
      groups, "true" },
    /* ecs services_stable */
    { "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`",
      services, "false" },
    /* cloudformation, rds, acm */
    { "Stacks[].StackStatus", "{\"Stacks\": [{\"StackStatus\": \"CREATE_COMPLETE\"}]}", "[\"CREATE_COMPLETE\"]" },
    { "DBInstances[].DBInstanceStatus", "{\"DBInstances\": []}", "[]" },
    { "Certificate.DomainValidationOptions[].ValidationStatus",
      "{\"Certificate\": {\"DomainValidationOptions\": [{\"ValidationStatus\": \"SUCCESS\"}]}}",
      "[\"SUCCESS\"]" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].expression);
      assert_search_json (cases[i].expression, cases[i].data, cases[i].expected);
    }
}

/* ---- numbers and strings ----------------------------------------------- */

static json_t *
search (const char *expression,
        const char *data_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonValue) data = parse_json (data_text);
  json_t *result = gaws_jmespath_search_string (expression, data, &error);

  g_assert_no_error (error);
  return result;
}

static void
test_integers_and_reals (void)
{
  g_autoptr(JsonValue) sum = search ("sum(@)", "[1, 2, 3]");
  g_autoptr(JsonValue) big_sum = search ("sum(@)", "[9223372036854775807, 1]");
  g_autoptr(JsonValue) ceiling = search ("ceil(`1.5`)", "null");
  g_autoptr(JsonValue) absolute = search ("abs(`-9223372036854775808`)", "null");

  assert_search_json ("`1` == `1.0`", "null", "true");
  assert_search_json ("`[1, {\"a\": 2}]` == `[1.0, {\"a\": 2.0}]`", "null", "true");
  assert_search_json ("contains(`[1.0]`, `1`)", "null", "true");
  /* 2^53 + 1 is no double: converting it would make these equal. */
  assert_search_json ("`9007199254740993` == `9007199254740992.0`", "null", "false");
  assert_search_json ("`9007199254740993` > `9007199254740992.0`", "null", "true");
  assert_search_json ("sort(@)", "[2.5, 1, -3, 2]", "[-3, 1, 2, 2.5]");
  assert_search_json ("max(@)", "[1, 1.5]", "1.5");
  assert_search_json ("`1` < `1.5`", "null", "true");
  g_assert_true (json_is_integer (sum));
  g_assert_cmpint (json_integer_value (sum), ==, 6);
  g_assert_true (json_is_real (big_sum));
  g_assert_true (json_is_integer (ceiling));
  g_assert_cmpint (json_integer_value (ceiling), ==, 2);
  g_assert_true (json_is_real (absolute));
}

static void
test_strings_by_code_point (void)
{
  assert_search_json ("length('✓𝄞')", "null", "2");
  assert_search_json ("reverse('a✓𝄞')", "null", "\"𝄞✓a\"");
  /* In UTF-16 order U+FFFF would sort after U+1D11E. */
  assert_search_json ("max(@)", "[\"\\ud834\\udd1e\", \"\\uffff\"]", "\"\\ud834\\udd1e\"");
  assert_search_json ("sort(@)", "[\"é\", \"z\", \"a\"]", "[\"a\", \"z\", \"é\"]");
  assert_search_json ("starts_with(@, '✓')", "\"✓x\"", "true");
}

/* jmespath.py appends a slice that follows an index to the index instead of
 * projecting over it; the specification makes every slice a projection. */
static void
test_slice_after_index_projects (void)
{
  assert_search_json ("a[0][::-1][0]", "{\"a\": [[[1, 2], [3, 4]]]}", "[3, 1]");
  assert_search_json ("a[::-1][0]", "{\"a\": [[1, 2], [3, 4]]}", "[3, 1]");
}

/* ---- the API ----------------------------------------------------------- */

static void
test_compile_once_search_many (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsJmespath) compiled = gaws_jmespath_compile ("Contents[].Key", &error);
  GawsJmespath *copy;

  g_assert_no_error (error);
  g_assert_cmpstr (gaws_jmespath_get_expression (compiled), ==, "Contents[].Key");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"Contents\": [{\"Key\": \"k%u\"}]}", i);
      g_autofree char *expected = g_strdup_printf ("[\"k%u\"]", i);
      g_autoptr(JsonValue) data = parse_json (text);
      g_autoptr(JsonValue) want = parse_json (expected);
      g_autoptr(JsonValue) result = gaws_jmespath_search (compiled, data, &error);

      g_assert_no_error (error);
      assert_json_equivalent (result, want);
    }
  copy = g_boxed_copy (GAWS_TYPE_JMESPATH, compiled);
  g_assert_true (copy == compiled);
  g_boxed_free (GAWS_TYPE_JMESPATH, copy);
  gaws_jmespath_unref (gaws_jmespath_ref (compiled));
}

static void
test_results_do_not_share_literals (void)
{
  g_autoptr(GawsJmespath) compiled = gaws_jmespath_compile ("`{\"a\": [1]}`", NULL);
  g_autoptr(JsonValue) first = gaws_jmespath_search (compiled, NULL, NULL);
  g_autoptr(JsonValue) second = NULL;
  g_autoptr(JsonValue) expected = parse_json ("{\"a\": [1]}");

  json_array_append_new (json_object_get (first, "a"), json_integer (2));
  second = gaws_jmespath_search (compiled, NULL, NULL);
  assert_json_equivalent (second, expected);
}

static void
test_null_data (void)
{
  g_autoptr(GawsJmespath) current = gaws_jmespath_compile ("@", NULL);
  g_autoptr(JsonValue) result = gaws_jmespath_search (current, NULL, NULL);

  g_assert_true (json_is_null (result));
}

static void
test_search_json_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *list = gaws_jmespath_search_json ("foo", "{\"foo\": [1, 2.5, 1.2, 1.0, \"x\\n\", {\"a\": null}]}", &error);
  g_autofree char *number = NULL;
  g_autofree char *nothing = NULL;
  g_autofree char *bad_json = NULL;
  g_autofree char *bad_expression = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (list, ==, "[1,2.5,1.2,1.0,\"x\\n\",{\"a\":null}]");
  number = gaws_jmespath_search_json ("to_number('1e21')", "{}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (number, ==, "1e+21");
  nothing = gaws_jmespath_search_json ("missing", "{}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (nothing, ==, "null");

  bad_json = gaws_jmespath_search_json ("foo", "{\"foo\": ", &error);
  g_assert_null (bad_json);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  bad_expression = gaws_jmespath_search_json ("foo[", "{}", &error);
  g_assert_null (bad_expression);
  g_assert_cmpstr (gaws_error_get_code (error), ==, GAWS_JMESPATH_ERROR_SYNTAX);
}

static gpointer
search_in_thread (gpointer data)
{
  GawsJmespath *compiled = data;
  g_autoptr(JsonValue) document = parse_json ("{\"items\": [{\"n\": 3}, {\"n\": 1}, {\"n\": 2}]}");

  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(JsonValue) result = gaws_jmespath_search (compiled, document, NULL);
      g_assert_cmpint (json_integer_value (json_array_get (result, 0)), ==, 1);
    }
  return NULL;
}

static void
test_shared_between_threads (void)
{
  g_autoptr(GawsJmespath) compiled = gaws_jmespath_compile ("sort_by(items, &n)[?n > `0`].n", NULL);
  GThread *threads[4];

  g_assert_nonnull (compiled);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("jmespath", search_in_thread, compiled);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (compliance_case_free);
  g_autoptr(GHashTable) skips = NULL;

  gaws_test_init (&argc, &argv);

  skips = load_skips ();
  add_compliance_cases (cases, skips);
  /* add_compliance_file() took out every skip it matched: the rest is stale. */
  g_test_add_data_func ("/jmespath/compliance/skip-file/names-existing-cases", skips,
                        test_skip_file_names_existing_cases);

  g_test_add_func ("/jmespath/errors/syntax-errors-name-position", test_syntax_errors_name_position);
  g_test_add_func ("/jmespath/errors/kinds", test_error_kinds);
  g_test_add_func ("/jmespath/limits/deep-expressions-fail", test_deep_expressions_fail);
  g_test_add_func ("/jmespath/limits/long-flat-expressions-work", test_long_flat_expressions_work);
  g_test_add_func ("/jmespath/limits/deep-data-fails", test_deep_data_fails);
  g_test_add_func ("/jmespath/aws/model-expressions", test_aws_model_expressions);
  g_test_add_func ("/jmespath/numbers/integers-and-reals", test_integers_and_reals);
  g_test_add_func ("/jmespath/strings/by-code-point", test_strings_by_code_point);
  g_test_add_func ("/jmespath/spec/slice-after-index-projects", test_slice_after_index_projects);
  g_test_add_func ("/jmespath/api/compile-once-search-many", test_compile_once_search_many);
  g_test_add_func ("/jmespath/api/results-do-not-share-literals", test_results_do_not_share_literals);
  g_test_add_func ("/jmespath/api/null-data", test_null_data);
  g_test_add_func ("/jmespath/api/search-json-text", test_search_json_text);
  g_test_add_func ("/jmespath/api/shared-between-threads", test_shared_between_threads);

  return g_test_run ();
}
