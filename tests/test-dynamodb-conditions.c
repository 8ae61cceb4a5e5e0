/* test-dynamodb-conditions.c: DynamoDB conditions built into expressions
 * exactly as boto3 builds them (tests/data/dynamodb-conditions.jsonl holds
 * boto3's own output), misuse refused, and every operator run against real
 * data in dynalite and moto
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-dynamodb.h"
#include "gaws-test-raw.h"

#include <math.h>
#include <string.h>

/* ---- conditions from their JSON description ---- */

/* The description is the one make-dynamodb-conditions.py reads: values
 * are plain JSON, converted as gaws_dynamodb_value_from_json() does, then to
 * their natural GVariant, which is what an application passes. The result
 * is not floating. */
static GVariant *
value_from_spec (json_t *spec)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = json_dumps (spec, JSON_ENCODE_ANY | JSON_COMPACT);
  g_autofree char *wire = gaws_dynamodb_value_from_json (text, &error);
  GVariant *value;

  g_assert_no_error (error);
  value = gaws_dynamodb_value_to_variant (wire, GAWS_DYNAMODB_VALUE_DEFAULT, &error);
  g_assert_no_error (error);
  return value;
}

static GawsDynamodbOperand *
operand_from_spec (json_t *spec)
{
  const char *kind = json_string_value (json_array_get (spec, 0));

  if (g_str_equal (kind, "key"))
    return gaws_dynamodb_operand_key (json_string_value (json_array_get (spec, 1)));
  if (g_str_equal (kind, "attr"))
    return gaws_dynamodb_operand_attr (json_string_value (json_array_get (spec, 1)));
  if (g_str_equal (kind, "size"))
    {
      g_autoptr(GawsDynamodbOperand) inner = operand_from_spec (json_array_get (spec, 1));
      return gaws_dynamodb_operand_size (inner);
    }
  g_assert_not_reached ();
}

static GawsDynamodbComparison
comparison_from_name (const char *name)
{
  const char * const names[] = { "eq", "ne", "lt", "lte", "gt", "gte", NULL };

  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (name, names[i]))
      return (GawsDynamodbComparison) i;
  g_assert_not_reached ();
}

typedef GawsDynamodbCondition *(*UnaryOperator) (GawsDynamodbOperand *self, GVariant *value);

static UnaryOperator
unary_operator (const char *op)
{
  const struct { const char *name; UnaryOperator func; } operators[] = {
    { "eq", gaws_dynamodb_operand_eq }, { "ne", gaws_dynamodb_operand_ne },
    { "lt", gaws_dynamodb_operand_lt }, { "lte", gaws_dynamodb_operand_lte },
    { "gt", gaws_dynamodb_operand_gt }, { "gte", gaws_dynamodb_operand_gte },
    { "begins_with", gaws_dynamodb_operand_begins_with }, { "contains", gaws_dynamodb_operand_contains },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (operators); i++)
    if (g_str_equal (op, operators[i].name))
      return operators[i].func;
  g_assert_not_reached ();
}

static GawsDynamodbCondition *condition_from_spec (json_t *spec);

static GawsDynamodbCondition *
logical_from_spec (const char *op, json_t *spec)
{
  g_autoptr(GawsDynamodbCondition) left = condition_from_spec (json_array_get (spec, 1));
  g_autoptr(GawsDynamodbCondition) right = NULL;

  if (g_str_equal (op, "not"))
    return gaws_dynamodb_condition_not (left);
  right = condition_from_spec (json_array_get (spec, 2));
  if (g_str_equal (op, "and"))
    return gaws_dynamodb_condition_and (left, right);
  return gaws_dynamodb_condition_or (left, right);
}

static GawsDynamodbCondition *
is_in_from_spec (GawsDynamodbOperand *subject, json_t *values)
{
  g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("av"));
  size_t i;
  json_t *value;

  json_array_foreach (values, i, value)
    {
      g_autoptr(GVariant) member = value_from_spec (value);
      g_variant_builder_add (builder, "v", member);
    }
  return gaws_dynamodb_operand_is_in (subject, g_variant_builder_end (builder));
}

static GawsDynamodbCondition *
condition_from_spec (json_t *spec)
{
  const char *op = json_string_value (json_array_get (spec, 0));
  g_autoptr(GawsDynamodbOperand) subject = NULL;
  g_autoptr(GVariant) value = NULL;

  if (g_str_equal (op, "and") || g_str_equal (op, "or") || g_str_equal (op, "not"))
    return logical_from_spec (op, spec);
  if (g_str_equal (op, "compare"))
    {
      g_autoptr(GawsDynamodbOperand) left = operand_from_spec (json_array_get (spec, 2));
      g_autoptr(GawsDynamodbOperand) right = operand_from_spec (json_array_get (spec, 3));
      return gaws_dynamodb_operand_compare_to (left, comparison_from_name (json_string_value (json_array_get (spec, 1))),
                                               right);
    }
  subject = operand_from_spec (json_array_get (spec, 1));
  if (g_str_equal (op, "exists"))
    return gaws_dynamodb_operand_exists (subject);
  if (g_str_equal (op, "not_exists"))
    return gaws_dynamodb_operand_not_exists (subject);
  if (g_str_equal (op, "attribute_type"))
    return gaws_dynamodb_operand_attribute_type (subject, json_string_value (json_array_get (spec, 2)));
  if (g_str_equal (op, "is_in"))
    return is_in_from_spec (subject, json_array_get (spec, 2));
  value = value_from_spec (json_array_get (spec, 2));
  if (g_str_equal (op, "between"))
    {
      g_autoptr(GVariant) high = value_from_spec (json_array_get (spec, 3));
      return gaws_dynamodb_operand_between (subject, value, high);
    }
  return unary_operator (op) (subject, value);
}

static char *
build_from_spec (GawsDynamodbExpressionBuilder *builder, json_t *build, GError **error)
{
  const char *kind = json_string_value (json_object_get (build, "kind"));
  json_t *spec = json_object_get (build, "spec");
  g_autoptr(GawsDynamodbCondition) condition = NULL;

  if (g_str_equal (kind, "projection"))
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      size_t i;
      json_t *name;

      json_array_foreach (spec, i, name)
        g_ptr_array_add (names, (gpointer) json_string_value (name));
      g_ptr_array_add (names, NULL);
      return gaws_dynamodb_expression_builder_add_projection (builder, (const char * const *) names->pdata, error);
    }
  condition = condition_from_spec (spec);
  if (g_str_equal (kind, "key_condition"))
    return gaws_dynamodb_expression_builder_add_key_condition (builder, condition, error);
  return gaws_dynamodb_expression_builder_add_condition (builder, condition, error);
}

/* ---- boto3's output ---- */

static void
assert_json_text (const char *actual, json_t *expected)
{
  json_t *parsed = actual ? json_loads (actual, 0, NULL) : json_object ();

  g_assert_nonnull (parsed);
  if (!json_equal (parsed, expected))
    {
      g_autofree char *text = json_dumps (expected, JSON_COMPACT);
      g_error ("got %s, expected %s", actual, text);
    }
  json_decref (parsed);
}

static void
check_boto3_error (GawsDynamodbExpressionBuilder *builder, json_t *builds, json_t *expected)
{
  size_t failing = json_integer_value (json_object_get (expected, "build"));
  const char *exception = json_string_value (json_object_get (expected, "exception"));

  for (size_t i = 0; i <= failing; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *names_before = gaws_dynamodb_expression_builder_get_names_json (builder);
      g_autofree char *names_after = NULL;
      g_autofree char *expression = build_from_spec (builder, json_array_get (builds, i), &error);

      if (i < failing)
        {
          g_assert_no_error (error);
          continue;
        }
      g_assert_null (expression);
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
      if (g_str_equal (exception, "DynamoDBNeedsKeyConditionError"))
        g_assert_nonnull (strstr (error->message, "KeyConditionExpression only supports Attribute objects of type Key"));
      else
        g_assert_cmpstr (exception, ==, "AttributeError");
      /* a failed build leaves the builder as it was */
      names_after = gaws_dynamodb_expression_builder_get_names_json (builder);
      g_assert_cmpstr (names_before, ==, names_after);
    }
}

static void
test_boto3_case (gconstpointer data)
{
  json_t *record = (json_t *) data;
  json_t *builds = json_object_get (record, "builds");
  json_t *expressions = json_object_get (record, "expressions");
  g_autoptr(GawsDynamodbExpressionBuilder) builder = gaws_dynamodb_expression_builder_new ();
  g_autofree char *names = NULL;
  g_autofree char *values = NULL;

  if (json_object_get (record, "error") != NULL)
    {
      check_boto3_error (builder, builds, json_object_get (record, "error"));
      return;
    }
  for (size_t i = 0; i < json_array_size (builds); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expression = build_from_spec (builder, json_array_get (builds, i), &error);

      g_assert_no_error (error);
      g_assert_cmpstr (expression, ==, json_string_value (json_array_get (expressions, i)));
    }
  names = gaws_dynamodb_expression_builder_get_names_json (builder);
  values = gaws_dynamodb_expression_builder_get_values_json (builder);
  assert_json_text (names, json_object_get (record, "names"));
  assert_json_text (values, json_object_get (record, "values"));
  g_assert_cmpuint (g_hash_table_size (gaws_dynamodb_expression_builder_get_names (builder)), ==,
                    json_object_size (json_object_get (record, "names")));
}

static GPtrArray *
load_boto3_cases (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "dynamodb-conditions.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *cases = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (gsize i = 0; lines[i] != NULL; i++)
    {
      json_error_t json_error;
      json_t *record;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      record = json_loads (lines[i], 0, &json_error);
      if (record == NULL)
        g_error ("%s:%" G_GSIZE_FORMAT ": %s", path, i + 1, json_error.text);
      g_ptr_array_add (cases, record);
    }
  g_assert_cmpuint (cases->len, >, 100);
  return cases;
}

/* ---- what boto3 does not cover ---- */

static GError *
build_error (GawsDynamodbCondition *condition, gboolean key_condition)
{
  g_autoptr(GawsDynamodbExpressionBuilder) builder = gaws_dynamodb_expression_builder_new ();
  GError *error = NULL;
  g_autofree char *expression = key_condition
    ? gaws_dynamodb_expression_builder_add_key_condition (builder, condition, &error)
    : gaws_dynamodb_expression_builder_add_condition (builder, condition, &error);

  g_assert_null (expression);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_null (gaws_dynamodb_expression_builder_get_names_json (builder));
  g_assert_null (gaws_dynamodb_expression_builder_get_values_json (builder));
  return error;
}

static void
assert_refused (GawsDynamodbCondition *condition, const char *message_part)
{
  g_autoptr(GError) checked = NULL;
  g_autoptr(GError) error = build_error (condition, FALSE);

  g_assert_false (gaws_dynamodb_condition_validate (condition, &checked));
  g_assert_error (checked, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (checked->message, ==, error->message);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message_part);
}

static void
test_invalid_values_refused (void)
{
  g_autoptr(GawsDynamodbOperand) a = gaws_dynamodb_operand_attr ("a");
  g_autoptr(GawsDynamodbCondition) nan = gaws_dynamodb_operand_eq (a, g_variant_new_double (NAN));
  g_autoptr(GawsDynamodbCondition) big = gaws_dynamodb_operand_lt (a, g_variant_new_parsed ("('N', <'1e126'>)"));
  g_autoptr(GawsDynamodbCondition) empty_set = gaws_dynamodb_operand_eq (a, g_variant_new_parsed ("('SS', <@as []>)"));
  g_autoptr(GawsDynamodbCondition) in_bad = gaws_dynamodb_operand_is_in (a, g_variant_new_parsed ("[<1>, <('N', <'x'>)>]"));
  g_autoptr(GawsDynamodbCondition) between_bad = gaws_dynamodb_operand_between (a, g_variant_new_int32 (1),
                                                                                g_variant_new_double (INFINITY));
  g_autoptr(GawsDynamodbCondition) fine = gaws_dynamodb_operand_eq (a, g_variant_new_int32 (1));
  g_autoptr(GawsDynamodbCondition) nested = gaws_dynamodb_condition_and (fine, nan);
  g_autoptr(GawsDynamodbCondition) negated = gaws_dynamodb_condition_not (nested);

  assert_refused (nan, "NaN");
  assert_refused (big, "overflow");
  assert_refused (empty_set, "empty");
  assert_refused (in_bad, "not a decimal number");
  assert_refused (between_bad, "NaN and infinity");
  assert_refused (negated, "NaN");
  g_assert_true (gaws_dynamodb_condition_validate (fine, NULL));
}

static void
test_misuse_refused (void)
{
  g_autoptr(GawsDynamodbOperand) a = gaws_dynamodb_operand_attr ("a");
  g_autoptr(GawsDynamodbOperand) empty = gaws_dynamodb_operand_attr ("");
  g_autoptr(GawsDynamodbOperand) size = gaws_dynamodb_operand_size (a);
  g_autoptr(GawsDynamodbCondition) empty_in = gaws_dynamodb_operand_is_in (a, g_variant_new_parsed ("@av []"));
  g_autoptr(GawsDynamodbCondition) scalar_in = gaws_dynamodb_operand_is_in (a, g_variant_new_int32 (1));
  g_autoptr(GawsDynamodbCondition) set_in = gaws_dynamodb_operand_is_in (a, g_variant_new_parsed ("('SS', <['x']>)"));
  g_autoptr(GawsDynamodbCondition) bad_type = gaws_dynamodb_operand_attribute_type (a, "STRING");
  g_autoptr(GawsDynamodbCondition) size_prefix = gaws_dynamodb_operand_begins_with (size, g_variant_new_string ("x"));
  g_autoptr(GawsDynamodbCondition) size_contains = gaws_dynamodb_operand_contains (size, g_variant_new_string ("x"));
  g_autoptr(GawsDynamodbCondition) empty_name = gaws_dynamodb_operand_exists (empty);
  g_autoptr(GError) empty_name_error = NULL;

  assert_refused (empty_in, "at least one value");
  assert_refused (scalar_in, "array or tuple");
  assert_refused (set_in, "array or tuple");
  assert_refused (bad_type, "not a DynamoDB type");
  assert_refused (size_prefix, "begins_with() is not an operator of Attr(\"a\").size()");
  assert_refused (size_contains, "contains() is not an operator");
  /* the empty name is only found when the expression is built */
  g_assert_true (gaws_dynamodb_condition_validate (empty_name, NULL));
  empty_name_error = build_error (empty_name, FALSE);
  g_assert_nonnull (strstr (empty_name_error->message, "cannot be empty"));
}

/* DynamoDB accepts `size(a) <> :v`; boto3 merely lacks the method. */
static void
test_size_ne (void)
{
  g_autoptr(GawsDynamodbExpressionBuilder) builder = gaws_dynamodb_expression_builder_new ();
  g_autoptr(GawsDynamodbOperand) a = gaws_dynamodb_operand_attr ("a.b");
  g_autoptr(GawsDynamodbOperand) size = gaws_dynamodb_operand_size (a);
  g_autoptr(GawsDynamodbCondition) condition = gaws_dynamodb_operand_ne (size, g_variant_new_uint32 (3));
  g_autoptr(GError) error = NULL;
  g_autofree char *expression = gaws_dynamodb_expression_builder_add_condition (builder, condition, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (expression, ==, "size(#n0.#n1) <> :v0");
}

static void
test_builder_reset_and_natural_values (void)
{
  g_autoptr(GawsDynamodbExpressionBuilder) builder = gaws_dynamodb_expression_builder_new ();
  g_autoptr(GawsDynamodbOperand) n = gaws_dynamodb_operand_attr ("n");
  g_autoptr(GawsDynamodbCondition) condition =
    gaws_dynamodb_operand_between (n, g_variant_new_double (0.5), g_variant_new_parsed ("('N', <'1e3'>)"));
  g_autoptr(GError) error = NULL;
  g_autofree char *first = gaws_dynamodb_expression_builder_add_condition (builder, condition, &error);
  g_autofree char *second = gaws_dynamodb_expression_builder_add_condition (builder, condition, &error);
  g_autofree char *after_reset = NULL;
  g_autoptr(GVariant) values = gaws_dynamodb_expression_builder_get_values (builder);
  g_autoptr(GVariant) expected = g_variant_ref_sink (g_variant_new_parsed (
    "{':v0': <('N', <'0.5'>)>, ':v1': <('N', <'1000'>)>, ':v2': <('N', <'0.5'>)>, ':v3': <('N', <'1000'>)>}"));
  GHashTable *names = gaws_dynamodb_expression_builder_get_names (builder);

  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "#n0 BETWEEN :v0 AND :v1");
  g_assert_cmpstr (second, ==, "#n1 BETWEEN :v2 AND :v3");
  g_assert_true (g_variant_equal (values, expected));
  g_assert_cmpstr (g_hash_table_lookup (names, "#n1"), ==, "n");

  gaws_dynamodb_expression_builder_reset (builder);
  g_assert_cmpuint (g_hash_table_size (names), ==, 0);
  g_assert_null (gaws_dynamodb_expression_builder_get_values (builder));
  after_reset = gaws_dynamodb_expression_builder_add_condition (builder, condition, &error);
  g_assert_cmpstr (after_reset, ==, "#n0 BETWEEN :v0 AND :v1");
}

static void
test_projection_refused (void)
{
  g_autoptr(GawsDynamodbExpressionBuilder) builder = gaws_dynamodb_expression_builder_new ();
  const char * const none[] = { NULL };
  const char * const with_empty[] = { "a", "", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_null (gaws_dynamodb_expression_builder_add_projection (builder, none, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gaws_dynamodb_expression_builder_add_projection (builder, with_empty, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  /* nothing of the failed projection stays behind */
  g_assert_null (gaws_dynamodb_expression_builder_get_names_json (builder));
}

/* Operands and conditions are immutable: one condition in two requests
 * gives the same text, and combining leaves the parts alone. */
static void
test_conditions_shared (void)
{
  g_autoptr(GawsDynamodbOperand) a = gaws_dynamodb_operand_attr ("a");
  g_autoptr(GawsDynamodbCondition) gt = gaws_dynamodb_operand_gt (a, g_variant_new_int32 (1));
  g_autoptr(GawsDynamodbCondition) both = gaws_dynamodb_condition_and (gt, gt);
  g_autoptr(GawsDynamodbExpressionBuilder) one = gaws_dynamodb_expression_builder_new ();
  g_autoptr(GawsDynamodbExpressionBuilder) two = gaws_dynamodb_expression_builder_new ();
  g_autofree char *x = gaws_dynamodb_expression_builder_add_condition (one, both, NULL);
  g_autofree char *y = gaws_dynamodb_expression_builder_add_condition (two, both, NULL);
  g_autofree char *z = gaws_dynamodb_expression_builder_add_condition (two, gt, NULL);

  g_assert_cmpstr (x, ==, "(#n0 > :v0 AND #n1 > :v1)");
  g_assert_cmpstr (y, ==, x);
  g_assert_cmpstr (z, ==, "#n2 > :v2");
  g_assert_cmpstr (gaws_dynamodb_operand_get_name (a), ==, "a");
}

/* ---- against real data ---- */

/* Every item has pk "p"; the sort key names it in the expectations.
 * Some comparisons DynamoDB makes are left out because an emulator gets
 * them wrong: in dynalite, attribute_type() and size() of `false` or `""`
 * (taken for missing) and `=` on lists and maps (members compared by
 * identity); in moto, size() of a missing attribute (the Scan is refused)
 * and `= NULL` (true for every item). */
static const char *data_items =
  "[{\"pk\":\"p\",\"sk\":\"01\",\"n\":1,\"n2\":5,\"s\":\"apple\",\"tags\":{\"$SS\":[\"x\",\"y\"]},"
  "  \"l\":[1,2],\"flag\":true,\"nested\":{\"a\":{\"b\":[0,{\"c\":7}]}},\"b\":{\"$B\":\"AQI=\"}},"
  " {\"pk\":\"p\",\"sk\":\"02\",\"n\":5,\"n2\":5,\"s\":\"banana\",\"tags\":{\"$SS\":[\"y\"]},"
  "  \"l\":[3],\"nul\":null,\"b\":{\"$B\":\"AwQ=\"}},"
  " {\"pk\":\"p\",\"sk\":\"03\",\"n\":10,\"n2\":2,\"s\":\"cherry\",\"tags\":{\"$SS\":[\"z\"]},"
  "  \"l\":[],\"flag\":true,\"off\":false,\"b\":\"xyz\"},"
  " {\"pk\":\"p\",\"sk\":\"10\",\"n\":-2.5,\"n2\":0,\"s\":\"apricot\",\"tags\":{\"$SS\":[\"x\"]},"
  "  \"l\":[1,2,3],\"nested\":{\"a\":{\"b\":[0,{\"c\":8}]}},\"b\":\"abcd\"},"
  " {\"pk\":\"p\",\"sk\":\"11\",\"n\":1234567890123456789012345678901234567.8,\"n2\":1,\"s\":\"\","
  "  \"tags\":{\"$SS\":[\"x\",\"y\",\"z\"]},\"l\":[\"x\"],\"flag\":true,\"b\":\"toolong\"}]";

typedef struct {
  const char *condition;   /* as in dynamodb-conditions.jsonl */
  const char *expected;    /* sort keys of the items it selects */
} DataCase;

static const DataCase filter_cases[] = {
  { "[\"eq\", [\"attr\", \"n\"], 5]", "02" },
  { "[\"ne\", [\"attr\", \"n\"], 5]", "01,03,10,11" },
  { "[\"lt\", [\"attr\", \"n\"], 5]", "01,10" },
  { "[\"lte\", [\"attr\", \"n\"], 5]", "01,02,10" },
  { "[\"gt\", [\"attr\", \"n\"], 5]", "03,11" },
  { "[\"gte\", [\"attr\", \"n\"], 5]", "02,03,11" },
  { "[\"between\", [\"attr\", \"n\"], 1, 10]", "01,02,03" },
  /* through jansson in this test, so exact numbers are given as text */
  { "[\"gt\", [\"attr\", \"n\"], {\"$N\": \"1234567890123456789012345678901234567.7\"}]", "11" },
  { "[\"lt\", [\"attr\", \"n\"], {\"$N\": \"1234567890123456789012345678901234567.9\"}]", "01,02,03,10,11" },
  { "[\"eq\", [\"attr\", \"n\"], {\"$N\": \"1234567890123456789012345678901234567.80\"}]", "11" },
  { "[\"begins_with\", [\"attr\", \"s\"], \"ap\"]", "01,10" },
  { "[\"is_in\", [\"attr\", \"s\"], [\"banana\", \"cherry\", \"kiwi\"]]", "02,03" },
  { "[\"is_in\", [\"attr\", \"n\"], [5, -2.5]]", "02,10" },
  { "[\"exists\", [\"attr\", \"flag\"]]", "01,03,11" },
  { "[\"not_exists\", [\"attr\", \"flag\"]]", "02,10" },
  { "[\"contains\", [\"attr\", \"tags\"], \"y\"]", "01,02,11" },
  { "[\"contains\", [\"attr\", \"s\"], \"an\"]", "02" },
  { "[\"contains\", [\"attr\", \"l\"], 2]", "01,10" },
  { "[\"gt\", [\"size\", [\"attr\", \"s\"]], 5]", "02,03,10" },
  { "[\"eq\", [\"size\", [\"attr\", \"tags\"]], 1]", "02,03,10" },
  { "[\"between\", [\"size\", [\"attr\", \"l\"]], 1, 2]", "01,02,11" },
  { "[\"ne\", [\"size\", [\"attr\", \"l\"]], 0]", "01,02,10,11" },
  { "[\"lte\", [\"size\", [\"attr\", \"b\"]], 2]", "01,02" },
  { "[\"attribute_type\", [\"attr\", \"nul\"], \"NULL\"]", "02" },
  { "[\"attribute_type\", [\"attr\", \"n\"], \"N\"]", "01,02,03,10,11" },
  { "[\"attribute_type\", [\"attr\", \"tags\"], \"SS\"]", "01,02,03,10,11" },
  { "[\"attribute_type\", [\"attr\", \"b\"], \"B\"]", "01,02" },
  { "[\"attribute_type\", [\"attr\", \"flag\"], \"BOOL\"]", "01,03,11" },
  { "[\"attribute_type\", [\"attr\", \"l\"], \"L\"]", "01,02,03,10,11" },
  { "[\"attribute_type\", [\"attr\", \"nested\"], \"M\"]", "01,10" },
  { "[\"eq\", [\"attr\", \"nested.a.b[1].c\"], 7]", "01" },
  { "[\"exists\", [\"attr\", \"nested.a.b[1]\"]]", "01,10" },
  { "[\"eq\", [\"attr\", \"b\"], {\"$B\": \"AQI=\"}]", "01" },
  { "[\"eq\", [\"attr\", \"tags\"], {\"$SS\": [\"y\", \"x\"]}]", "01" },
  { "[\"eq\", [\"attr\", \"off\"], false]", "03" },
  { "[\"eq\", [\"attr\", \"s\"], \"\"]", "11" },
  { "[\"compare\", \"lt\", [\"attr\", \"n\"], [\"attr\", \"n2\"]]", "01,10" },
  { "[\"compare\", \"gte\", [\"attr\", \"n\"], [\"attr\", \"n2\"]]", "02,03,11" },
  { "[\"compare\", \"eq\", [\"attr\", \"n\"], [\"attr\", \"n2\"]]", "02" },
  { "[\"and\", [\"gt\", [\"attr\", \"n\"], 0], [\"begins_with\", [\"attr\", \"s\"], \"b\"]]", "02" },
  { "[\"or\", [\"eq\", [\"attr\", \"s\"], \"apple\"], [\"eq\", [\"attr\", \"s\"], \"cherry\"]]", "01,03" },
  { "[\"not\", [\"lt\", [\"attr\", \"n\"], 5]]", "02,03,11" },
  { "[\"and\", [\"or\", [\"gt\", [\"size\", [\"attr\", \"tags\"]], 1], [\"attribute_type\", [\"attr\", \"nul\"], \"NULL\"]],"
    " [\"not\", [\"contains\", [\"attr\", \"s\"], \"e\"]]]", "02,11" },
  { "[\"eq\", [\"attr\", \"pk\"], \"p\"]", "01,02,03,10,11" },
  { "[\"eq\", [\"key\", \"sk\"], \"10\"]", "10" },
};

static const DataCase key_cases[] = {
  { "[\"eq\", [\"key\", \"pk\"], \"p\"]", "01,02,03,10,11" },
  { "[\"and\", [\"eq\", [\"key\", \"pk\"], \"p\"], [\"eq\", [\"key\", \"sk\"], \"02\"]]", "02" },
  { "[\"and\", [\"eq\", [\"key\", \"pk\"], \"p\"], [\"lt\", [\"key\", \"sk\"], \"03\"]]", "01,02" },
  { "[\"and\", [\"eq\", [\"key\", \"pk\"], \"p\"], [\"lte\", [\"key\", \"sk\"], \"03\"]]", "01,02,03" },
  { "[\"and\", [\"eq\", [\"key\", \"pk\"], \"p\"], [\"gt\", [\"key\", \"sk\"], \"03\"]]", "10,11" },
  { "[\"and\", [\"eq\", [\"key\", \"pk\"], \"p\"], [\"gte\", [\"key\", \"sk\"], \"03\"]]", "03,10,11" },
  { "[\"and\", [\"eq\", [\"key\", \"pk\"], \"p\"], [\"between\", [\"key\", \"sk\"], \"02\", \"10\"]]", "02,03,10" },
  { "[\"and\", [\"eq\", [\"key\", \"pk\"], \"p\"], [\"begins_with\", [\"key\", \"sk\"], \"1\"]]", "10,11" },
  { "[\"and\", [\"eq\", [\"key\", \"pk\"], \"q\"], [\"begins_with\", [\"key\", \"sk\"], \"1\"]]", "" },
};

static GawsDynamodbCondition *
condition_from_text (const char *text)
{
  json_error_t error;
  json_t *spec = json_loads (text, JSON_DECODE_ANY, &error);
  GawsDynamodbCondition *condition;

  if (spec == NULL)
    g_error ("%s: %s", text, error.text);
  condition = condition_from_spec (spec);
  json_decref (spec);
  return condition;
}

/* Adds the builder's expression attributes to @request, as boto3 does:
 * only the maps that are not empty. */
static void
add_placeholders (json_t *request, GawsDynamodbExpressionBuilder *builder)
{
  g_autofree char *names = gaws_dynamodb_expression_builder_get_names_json (builder);
  g_autofree char *values = gaws_dynamodb_expression_builder_get_values_json (builder);

  if (names != NULL)
    json_object_set_new (request, "ExpressionAttributeNames", json_loads (names, 0, NULL));
  if (values != NULL)
    json_object_set_new (request, "ExpressionAttributeValues", json_loads (values, 0, NULL));
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static char *
sort_keys_of (json_t *response)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  size_t i;
  json_t *item;

  json_array_foreach (json_object_get (response, "Items"), i, item)
    g_ptr_array_add (keys, (gpointer) json_string_value (json_object_get (json_object_get (item, "sk"), "S")));
  g_assert_cmpint (json_integer_value (json_object_get (response, "Count")), ==, keys->len);
  g_ptr_array_sort (keys, compare_strings);
  g_ptr_array_add (keys, NULL);
  return g_strjoinv (",", (char **) keys->pdata);
}

static void
put_data (GawsClient *client, const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wire = gaws_dynamodb_value_from_json (data_items, &error);
  json_t *list = json_loads (wire, 0, NULL);
  size_t i;
  json_t *item;

  g_assert_no_error (error);
  gaws_test_dynamodb_create_table (client, table, "pk", "sk");
  json_array_foreach (json_object_get (list, "L"), i, item)
    json_decref (gaws_test_dynamodb_request (client, "PutItem",
                                             json_pack ("{s:s, s:O}", "TableName", table,
                                                        "Item", json_object_get (item, "M"))));
  json_decref (list);
}

static void
check_filters (GawsTestDynamodbKind kind)
{
  GawsClient *client = gaws_test_dynamodb_get_client (kind);

  put_data (client, "filters");
  for (gsize i = 0; i < G_N_ELEMENTS (filter_cases); i++)
    {
      g_autoptr(GawsDynamodbExpressionBuilder) builder = gaws_dynamodb_expression_builder_new ();
      g_autoptr(GawsDynamodbCondition) condition = condition_from_text (filter_cases[i].condition);
      g_autoptr(GError) error = NULL;
      g_autofree char *expression = gaws_dynamodb_expression_builder_add_condition (builder, condition, &error);
      g_autofree char *keys = NULL;
      json_t *request;
      json_t *response;

      g_assert_no_error (error);
      g_test_message ("Scan %s: %s", filter_cases[i].condition, expression);
      request = json_pack ("{s:s, s:s, s:b}", "TableName", "filters", "FilterExpression", expression,
                           "ConsistentRead", 1);
      add_placeholders (request, builder);
      response = gaws_test_dynamodb_request (client, "Scan", request);
      keys = sort_keys_of (response);
      json_decref (response);
      g_assert_cmpstr (keys, ==, filter_cases[i].expected);
    }
}

static void
check_key_conditions (GawsTestDynamodbKind kind)
{
  GawsClient *client = gaws_test_dynamodb_get_client (kind);

  put_data (client, "keys");
  for (gsize i = 0; i < G_N_ELEMENTS (key_cases); i++)
    {
      g_autoptr(GawsDynamodbExpressionBuilder) builder = gaws_dynamodb_expression_builder_new ();
      g_autoptr(GawsDynamodbCondition) condition = condition_from_text (key_cases[i].condition);
      g_autoptr(GError) error = NULL;
      g_autofree char *expression = gaws_dynamodb_expression_builder_add_key_condition (builder, condition, &error);
      g_autofree char *keys = NULL;
      json_t *request;
      json_t *response;

      g_assert_no_error (error);
      g_test_message ("Query %s: %s", key_cases[i].condition, expression);
      request = json_pack ("{s:s, s:s, s:b}", "TableName", "keys", "KeyConditionExpression", expression,
                           "ConsistentRead", 1);
      add_placeholders (request, builder);
      response = gaws_test_dynamodb_request (client, "Query", request);
      keys = sort_keys_of (response);
      json_decref (response);
      g_assert_cmpstr (keys, ==, key_cases[i].expected);
    }
}

/* One builder for the whole request, the filter first, as boto3 does, and
 * a projection after them. */
static void
check_query_with_filter_and_projection (GawsTestDynamodbKind kind)
{
  GawsClient *client = gaws_test_dynamodb_get_client (kind);
  g_autoptr(GawsDynamodbExpressionBuilder) builder = gaws_dynamodb_expression_builder_new ();
  g_autoptr(GawsDynamodbCondition) filter = condition_from_text ("[\"gt\", [\"attr\", \"n\"], 1]");
  g_autoptr(GawsDynamodbCondition) key =
    condition_from_text ("[\"and\", [\"eq\", [\"key\", \"pk\"], \"p\"], [\"begins_with\", [\"key\", \"sk\"], \"0\"]]");
  /* no list index in the path: moto loses the placeholder before one */
  const char * const projection[] = { "sk", "s", "nested.a", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *filter_text = gaws_dynamodb_expression_builder_add_condition (builder, filter, &error);
  g_autofree char *key_text = gaws_dynamodb_expression_builder_add_key_condition (builder, key, &error);
  g_autofree char *projection_text = gaws_dynamodb_expression_builder_add_projection (builder, projection, &error);
  g_autofree char *keys = NULL;
  json_t *request;
  json_t *response;
  json_t *item;

  g_assert_no_error (error);
  g_assert_cmpstr (filter_text, ==, "#n0 > :v0");
  g_assert_cmpstr (key_text, ==, "(#n1 = :v1 AND begins_with(#n2, :v2))");
  g_assert_cmpstr (projection_text, ==, "#n3, #n4, #n5.#n6");
  put_data (client, "query");
  request = json_pack ("{s:s, s:s, s:s, s:s, s:b}", "TableName", "query", "KeyConditionExpression", key_text,
                       "FilterExpression", filter_text, "ProjectionExpression", projection_text,
                       "ConsistentRead", 1);
  add_placeholders (request, builder);
  response = gaws_test_dynamodb_request (client, "Query", request);
  keys = sort_keys_of (response);
  g_assert_cmpstr (keys, ==, "02,03");
  item = json_array_get (json_object_get (response, "Items"), 0);
  g_assert_cmpuint (json_object_size (item), ==, 2);   /* sk and s: nested is absent from 02 and 03 */
  g_assert_nonnull (json_object_get (item, "s"));
  json_decref (response);
}

static void
check_condition_expression (GawsTestDynamodbKind kind)
{
  GawsClient *client = gaws_test_dynamodb_get_client (kind);
  g_autoptr(GawsDynamodbOperand) pk = gaws_dynamodb_operand_attr ("pk");
  g_autoptr(GawsDynamodbCondition) condition = gaws_dynamodb_operand_not_exists (pk);
  g_autoptr(GError) error = NULL;
  g_autofree char *item = gaws_dynamodb_item_from_json ("{\"pk\": \"once\", \"sk\": \"x\"}", &error);
  g_autofree char *body = NULL;
  g_autoptr(GawsHttpResponse) second = NULL;

  g_assert_no_error (error);
  gaws_test_dynamodb_create_table (client, "conditional", "pk", "sk");
  for (int attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(GawsDynamodbExpressionBuilder) builder = gaws_dynamodb_expression_builder_new ();
      g_autofree char *expression = gaws_dynamodb_expression_builder_add_condition (builder, condition, &error);
      json_t *request = json_pack ("{s:s, s:o, s:s}", "TableName", "conditional", "Item", json_loads (item, 0, NULL),
                                   "ConditionExpression", expression);

      g_assert_no_error (error);
      g_assert_cmpstr (expression, ==, "attribute_not_exists(#n0)");
      add_placeholders (request, builder);
      if (attempt == 0)
        {
          json_decref (gaws_test_dynamodb_request (client, "PutItem", request));
          continue;
        }
      body = json_dumps (request, JSON_COMPACT);
      json_decref (request);
      second = gaws_test_dynamodb_call (client, "PutItem", body, &error);
      g_assert_null (second);
      g_assert_true (gaws_error_matches_code (error, "ConditionalCheckFailedException"));
    }
}

/* The first DynamoDB example of aioboto3's usage page:
 *   await table.put_item(Item={'pk': 'test1', 'col1': 'some_data'})
 *   result = await table.query(KeyConditionExpression=Key('pk').eq('test1'))
 *   print(result['Items'])   # [{'col1': 'some_data', 'pk': 'test1'}] */
static void
check_aioboto3_usage (GawsTestDynamodbKind kind)
{
  GawsClient *client = gaws_test_dynamodb_get_client (kind);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariantDict) dict = g_variant_dict_new (NULL);
  g_autofree char *item = NULL;
  g_autoptr(GawsDynamodbOperand) pk = gaws_dynamodb_operand_key ("pk");
  g_autoptr(GawsDynamodbCondition) condition = gaws_dynamodb_operand_eq (pk, g_variant_new_string ("test1"));
  g_autoptr(GawsDynamodbExpressionBuilder) builder = gaws_dynamodb_expression_builder_new ();
  g_autofree char *expression = NULL;
  g_autofree char *items_text = NULL;
  g_autoptr(GVariant) got = NULL;
  g_autoptr(GVariant) expected = NULL;
  json_t *request;
  json_t *response;
  json_t *items;

  g_variant_dict_insert (dict, "pk", "s", "test1");
  g_variant_dict_insert (dict, "col1", "s", "some_data");
  item = gaws_dynamodb_item_from_variant (g_variant_dict_end (dict), &error);
  g_assert_no_error (error);
  gaws_test_dynamodb_create_table (client, "test_table", "pk", NULL);
  json_decref (gaws_test_dynamodb_request (client, "PutItem",
                                           json_pack ("{s:s, s:o}", "TableName", "test_table",
                                                      "Item", json_loads (item, 0, NULL))));

  expression = gaws_dynamodb_expression_builder_add_key_condition (builder, condition, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (expression, ==, "#n0 = :v0");
  request = json_pack ("{s:s, s:s}", "TableName", "test_table", "KeyConditionExpression", expression);
  add_placeholders (request, builder);
  response = gaws_test_dynamodb_request (client, "Query", request);
  items = json_object_get (response, "Items");
  g_assert_cmpuint (json_array_size (items), ==, 1);
  items_text = json_dumps (json_array_get (items, 0), JSON_COMPACT);
  json_decref (response);

  got = gaws_dynamodb_item_to_variant (items_text, GAWS_DYNAMODB_VALUE_DEFAULT, &error);
  g_assert_no_error (error);
  expected = g_variant_ref_sink (g_variant_new_parsed ("{'col1': <'some_data'>, 'pk': <'test1'>}"));
  g_assert_true (g_variant_equal (got, expected));
}

static void
test_dynalite_filters (void)
{
  check_filters (GAWS_TEST_DYNAMODB_DYNALITE);
}

static void
test_dynalite_key_conditions (void)
{
  check_key_conditions (GAWS_TEST_DYNAMODB_DYNALITE);
}

static void
test_dynalite_query_with_filter (void)
{
  check_query_with_filter_and_projection (GAWS_TEST_DYNAMODB_DYNALITE);
}

static void
test_dynalite_condition_expression (void)
{
  check_condition_expression (GAWS_TEST_DYNAMODB_DYNALITE);
}

static void
test_dynalite_aioboto3_usage (void)
{
  check_aioboto3_usage (GAWS_TEST_DYNAMODB_DYNALITE);
}

static void
test_moto_filters (void)
{
  check_filters (GAWS_TEST_DYNAMODB_MOTO);
}

static void
test_moto_key_conditions (void)
{
  check_key_conditions (GAWS_TEST_DYNAMODB_MOTO);
}

static void
test_moto_query_with_filter (void)
{
  check_query_with_filter_and_projection (GAWS_TEST_DYNAMODB_MOTO);
}

static void
test_moto_condition_expression (void)
{
  check_condition_expression (GAWS_TEST_DYNAMODB_MOTO);
}

static void
test_moto_aioboto3_usage (void)
{
  check_aioboto3_usage (GAWS_TEST_DYNAMODB_MOTO);
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) cases = NULL;
  int status;

  gaws_test_init (&argc, &argv);

  cases = load_boto3_cases ();
  for (guint i = 0; i < cases->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/dynamodb/conditions/boto3/%s",
                                               json_string_value (json_object_get (cases->pdata[i], "name")));
      g_test_add_data_func (path, cases->pdata[i], test_boto3_case);
    }
  g_test_add_func ("/dynamodb/conditions/invalid-values-refused", test_invalid_values_refused);
  g_test_add_func ("/dynamodb/conditions/misuse-refused", test_misuse_refused);
  g_test_add_func ("/dynamodb/conditions/size-ne", test_size_ne);
  g_test_add_func ("/dynamodb/conditions/builder-numbers-on-and-resets", test_builder_reset_and_natural_values);
  g_test_add_func ("/dynamodb/conditions/projection-refused", test_projection_refused);
  g_test_add_func ("/dynamodb/conditions/conditions-shared", test_conditions_shared);
  g_test_add_func ("/dynamodb/conditions/dynalite/every-operator-as-scan-filter", test_dynalite_filters);
  g_test_add_func ("/dynamodb/conditions/dynalite/every-key-operator-as-query", test_dynalite_key_conditions);
  g_test_add_func ("/dynamodb/conditions/dynalite/query-filter-and-projection", test_dynalite_query_with_filter);
  g_test_add_func ("/dynamodb/conditions/dynalite/condition-expression", test_dynalite_condition_expression);
  g_test_add_func ("/dynamodb/conditions/dynalite/aioboto3-usage-put-then-query", test_dynalite_aioboto3_usage);
  g_test_add_func ("/dynamodb/conditions/moto/every-operator-as-scan-filter", test_moto_filters);
  g_test_add_func ("/dynamodb/conditions/moto/every-key-operator-as-query", test_moto_key_conditions);
  g_test_add_func ("/dynamodb/conditions/moto/query-filter-and-projection", test_moto_query_with_filter);
  g_test_add_func ("/dynamodb/conditions/moto/condition-expression", test_moto_condition_expression);
  g_test_add_func ("/dynamodb/conditions/moto/aioboto3-usage-put-then-query", test_moto_aioboto3_usage);

  status = g_test_run ();
  gaws_test_dynamodb_stop_all ();
  return status;
}
