/* test-dynamodb-values.c: DynamoDB AttributeValues to and from GVariant and
 * plain JSON, number edge cases, refused values, and round trips of every
 * kind of value through dynalite and moto
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-dynamodb.h"

#include <math.h>
#include <string.h>

/* ---- helpers ---- */

static GVariant *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  GVariant *value = g_variant_parse (NULL, text, NULL, NULL, &error);

  g_assert_no_error (error);
  return value;
}

/* Equal JSON, whatever the order of object keys. */
static void
assert_json_equal (const char *actual, const char *expected)
{
  json_t *a = json_loads (actual, JSON_DECODE_ANY, NULL);
  json_t *e = json_loads (expected, JSON_DECODE_ANY, NULL);

  g_assert_nonnull (a);
  g_assert_nonnull (e);
  if (!json_equal (a, e))
    g_error ("got %s, expected %s", actual, expected);
  json_decref (a);
  json_decref (e);
}

static char *
repeat (char c, gsize n)
{
  char *s = g_malloc (n + 1);
  memset (s, c, n);
  s[n] = '\0';
  return s;
}

/* ---- numbers ---- */

typedef struct {
  const char *input;
  const char *expected;   /* NULL: refused */
} NumberCase;

static void
test_number_normalize (void)
{
  g_autofree char *zeros_125 = repeat ('0', 125);
  g_autofree char *zeros_129 = repeat ('0', 129);
  g_autofree char *nines_38 = repeat ('9', 38);
  g_autofree char *max = g_strconcat (nines_38, zeros_125 + 37, NULL);       /* 126 digits */
  g_autofree char *one_e125 = g_strconcat ("1", zeros_125, NULL);
  g_autofree char *min = g_strconcat ("0.", zeros_129, "1", NULL);
  g_autofree char *minus_min = g_strconcat ("-", min, NULL);
  const NumberCase cases[] = {
    { "0", "0" }, { "-0", "0" }, { "+0", "0" }, { "0.000", "0" }, { "-0.0e-5", "0" }, { "00.00e5", "0" },
    { "1e2", "100" }, { "1E+2", "100" }, { "1.5e-3", "0.0015" }, { "-1.5E3", "-1500" },
    { "007", "7" }, { "-007.50", "-7.5" }, { ".5", "0.5" }, { "5.", "5" }, { "1.50", "1.5" },
    { "+42", "42" }, { "123.456", "123.456" }, { "0.001", "0.001" }, { "100", "100" },
    { "12345678901234567890123456789012345678", "12345678901234567890123456789012345678" },
    { "-1234567890.1234567890123456789012345678", "-1234567890.1234567890123456789012345678" },
    { "1234567890123456789012345678901234567800", "1234567890123456789012345678901234567800" },
    { "1.0000000000000000000000000000000000000000000", "1" },
    { "0.00000000000000000000000000000000000000000012345678901234567890123456789012345678",
      "0.00000000000000000000000000000000000000000012345678901234567890123456789012345678" },
    { "9.9999999999999999999999999999999999999E+125", max },
    { "1E+125", one_e125 }, { "1E-130", min }, { "-1e-130", minus_min }, { "0.1E-129", min },
    { "0e999999999999999999999", "0" },
    /* refused */
    { "123456789012345678901234567890123456789", NULL },
    { "9.99999999999999999999999999999999999999E+125", NULL },
    { "1E+126", NULL }, { "10E+125", NULL }, { "-1E+126", NULL }, { "1E-131", NULL }, { "0.9E-130", NULL },
    { "1e999999999999999999999", NULL }, { "1e-999999999999999999999", NULL },
    { "NaN", NULL }, { "nan", NULL }, { "Infinity", NULL }, { "-inf", NULL },
    { "", NULL }, { "-", NULL }, { ".", NULL }, { "1e", NULL }, { "e5", NULL }, { "1.2.3", NULL },
    { " 1", NULL }, { "1 ", NULL }, { "0x10", NULL }, { "1e+", NULL }, { "--1", NULL }, { "1,5", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *got = gaws_dynamodb_number_normalize (cases[i].input, &error);

      if (cases[i].expected == NULL)
        {
          if (got != NULL)
            g_error ("“%s” gave “%s”, expected an error", cases[i].input, got);
          g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpstr (got, ==, cases[i].expected);
        }
    }
}

static void
test_number_errors_say_why (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (gaws_dynamodb_number_normalize ("NaN", &error));
  g_assert_nonnull (strstr (error->message, "NaN and infinity"));
  g_clear_error (&error);
  g_assert_null (gaws_dynamodb_number_normalize ("1e126", &error));
  g_assert_nonnull (strstr (error->message, "overflow"));
  g_clear_error (&error);
  g_assert_null (gaws_dynamodb_number_normalize ("1e-131", &error));
  g_assert_nonnull (strstr (error->message, "underflow"));
  g_clear_error (&error);
  g_assert_null (gaws_dynamodb_number_normalize ("123456789012345678901234567890123456789", &error));
  g_assert_nonnull (strstr (error->message, "38 significant digits"));
}

static void
test_number_from_double (void)
{
  g_autofree char *zeros_129 = repeat ('0', 129);
  g_autofree char *zeros_124 = repeat ('0', 124);
  g_autofree char *tiny = g_strconcat ("0.", zeros_129, "1", NULL);
  g_autofree char *tiny_15 = g_strconcat ("0.", zeros_129, "15", NULL);
  g_autofree char *huge = g_strconcat ("25", zeros_124, NULL);
  const struct { double value; const char *expected; } cases[] = {
    { 0.1, "0.1" }, { 1.0 / 3, "0.3333333333333333" }, { 1e20, "100000000000000000000" },
    { -2.5, "-2.5" }, { 0.0, "0" }, { -0.0, "0" }, { 123456789.125, "123456789.125" },
    { 9007199254740993.0, "9007199254740992" }, { 1e-130, tiny }, { 1.5e-130, tiny_15 },
    { 2.5e125, huge },
    /* refused */
    { 1e-131, NULL }, { 5e-324, NULL }, { 1e126, NULL }, { 1e300, NULL },
    { 1.7976931348623157e308, NULL }, { NAN, NULL }, { INFINITY, NULL }, { -INFINITY, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *got = gaws_dynamodb_number_from_double (cases[i].value, &error);

      if (cases[i].expected == NULL)
        {
          g_assert_null (got);
          g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpstr (got, ==, cases[i].expected);
        }
    }
}

static void
test_number_from_integers (void)
{
  g_autofree char *min = gaws_dynamodb_number_from_int64 (G_MININT64);
  g_autofree char *max = gaws_dynamodb_number_from_uint64 (G_MAXUINT64);

  g_assert_cmpstr (min, ==, "-9223372036854775808");
  g_assert_cmpstr (max, ==, "18446744073709551615");
}

/* ---- GVariant ---- */

typedef struct {
  const char *variant;
  const char *wire;
} VariantCase;

/* What each natural form becomes on the wire; the GVariant text format is
 * g_variant_parse()'s. */
static const VariantCase to_wire_cases[] = {
  { "'x'", "{\"S\":\"x\"}" },
  { "''", "{\"S\":\"\"}" },
  { "'h\\u00e9llo \\u2603'", "{\"S\":\"h\\u00e9llo \\u2603\"}" },
  { "true", "{\"BOOL\":true}" },
  { "false", "{\"BOOL\":false}" },
  { "byte 7", "{\"N\":\"7\"}" },
  { "int16 -3", "{\"N\":\"-3\"}" },
  { "uint16 65535", "{\"N\":\"65535\"}" },
  { "int32 -2147483648", "{\"N\":\"-2147483648\"}" },
  { "uint32 4294967295", "{\"N\":\"4294967295\"}" },
  { "int64 -9223372036854775808", "{\"N\":\"-9223372036854775808\"}" },
  { "uint64 18446744073709551615", "{\"N\":\"18446744073709551615\"}" },
  { "0.1", "{\"N\":\"0.1\"}" },
  { "-2.5e-3", "{\"N\":\"-0.0025\"}" },
  { "@mv nothing", "{\"NULL\":true}" },
  { "@ms nothing", "{\"NULL\":true}" },
  { "()", "{\"NULL\":true}" },
  { "@ms 'x'", "{\"S\":\"x\"}" },
  { "<'x'>", "{\"S\":\"x\"}" },
  { "<<42>>", "{\"N\":\"42\"}" },
  { "[byte 0x61, 0x62]", "{\"B\":\"YWI=\"}" },
  { "@ay []", "{\"B\":\"\"}" },
  { "[1, 2]", "{\"L\":[{\"N\":\"1\"},{\"N\":\"2\"}]}" },
  { "@av []", "{\"L\":[]}" },
  { "[<1>, <'a'>, <@mv nothing>]", "{\"L\":[{\"N\":\"1\"},{\"S\":\"a\"},{\"NULL\":true}]}" },
  { "[[byte 0x61], [byte 0x62]]", "{\"L\":[{\"B\":\"YQ==\"},{\"B\":\"Yg==\"}]}" },
  { "(1, 'a', true)", "{\"L\":[{\"N\":\"1\"},{\"S\":\"a\"},{\"BOOL\":true}]}" },
  { "{'a': <1>}", "{\"M\":{\"a\":{\"N\":\"1\"}}}" },
  { "@a{sv} {}", "{\"M\":{}}" },
  { "{'a': 1, 'b': 2}", "{\"M\":{\"a\":{\"N\":\"1\"},\"b\":{\"N\":\"2\"}}}" },
  { "{'m': <{'l': <[<@mv nothing>, <[<'deep'>]>]>}>}",
    "{\"M\":{\"m\":{\"M\":{\"l\":{\"L\":[{\"NULL\":true},{\"L\":[{\"S\":\"deep\"}]}]}}}}}" },
  /* the tagged forms */
  { "('N', <'1.50'>)", "{\"N\":\"1.5\"}" },
  { "('N', <'-0'>)", "{\"N\":\"0\"}" },
  { "('N', <'1e2'>)", "{\"N\":\"100\"}" },
  { "('N', <int64 5>)", "{\"N\":\"5\"}" },
  { "('N', <0.5>)", "{\"N\":\"0.5\"}" },
  { "('S', <'x'>)", "{\"S\":\"x\"}" },
  { "('B', <[byte 0x78]>)", "{\"B\":\"eA==\"}" },
  { "('BOOL', <true>)", "{\"BOOL\":true}" },
  { "('NULL', <true>)", "{\"NULL\":true}" },
  { "('L', <[1]>)", "{\"L\":[{\"N\":\"1\"}]}" },
  { "('M', <{'a': <1>}>)", "{\"M\":{\"a\":{\"N\":\"1\"}}}" },
  { "('SS', <['a', 'b']>)", "{\"SS\":[\"a\",\"b\"]}" },
  { "('SS', <[<'a'>, <'b'>]>)", "{\"SS\":[\"a\",\"b\"]}" },
  { "('NS', <['1', '2.50']>)", "{\"NS\":[\"1\",\"2.5\"]}" },
  { "('NS', <[1, 2]>)", "{\"NS\":[\"1\",\"2\"]}" },
  { "('NS', <[<1>, <'1.5'>, <0.25>]>)", "{\"NS\":[\"1\",\"1.5\",\"0.25\"]}" },
  { "('BS', <[[byte 0x61], [byte 0x62]]>)", "{\"BS\":[\"YQ==\",\"Yg==\"]}" },
};

static void
test_variant_to_wire (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (to_wire_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) value = parse (to_wire_cases[i].variant);
      g_autofree char *wire = gaws_dynamodb_value_from_variant (value, &error);

      g_assert_no_error (error);
      g_test_message ("%s", to_wire_cases[i].variant);
      assert_json_equal (wire, to_wire_cases[i].wire);
    }
}

static void
test_variant_consumes_floating (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wire = gaws_dynamodb_value_from_variant (g_variant_new_string ("x"), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (wire, ==, "{\"S\":\"x\"}");
}

/* The natural form of every wire value, as g_variant_print() writes it. */
static const VariantCase from_wire_cases[] = {
  { "'x'", "{\"S\":\"x\"}" },
  { "('N', <'1.5'>)", "{\"N\":\"1.50\"}" },
  { "('N', <'100'>)", "{\"N\":\"1E+2\"}" },
  { "('N', <'0'>)", "{\"N\":\"-0\"}" },
  { "[byte 0x61, 0x62]", "{\"B\":\"YWI=\"}" },
  { "true", "{\"BOOL\":true}" },
  { "@mv nothing", "{\"NULL\":true}" },
  { "[<'a'>, <('N', <'1'>)>]", "{\"L\":[{\"S\":\"a\"},{\"N\":\"1\"}]}" },
  { "@av []", "{\"L\":[]}" },
  { "{'a': <true>, 'b': <@mv nothing>}", "{\"M\":{\"b\":{\"NULL\":true},\"a\":{\"BOOL\":true}}}" },
  { "@a{sv} {}", "{\"M\":{}}" },
  { "('SS', <['b', 'a']>)", "{\"SS\":[\"b\",\"a\"]}" },
  { "('NS', <['1', '2.5']>)", "{\"NS\":[\"1\",\"2.50\"]}" },
  { "('BS', <[[byte 0x61]]>)", "{\"BS\":[\"YQ==\"]}" },
};

static void
assert_variant_text (GVariant *value, const char *expected)
{
  g_autoptr(GVariant) parsed = parse (expected);

  if (!g_variant_equal (value, parsed))
    {
      g_autofree char *text = g_variant_print (value, TRUE);
      g_error ("got %s, expected %s", text, expected);
    }
}

static void
assert_variant_equal (GVariant *value, GVariant *expected)
{
  if (!g_variant_equal (value, expected))
    {
      g_autofree char *got_text = g_variant_print (value, TRUE);
      g_autofree char *expected_text = g_variant_print (expected, TRUE);
      g_error ("got %s, expected %s", got_text, expected_text);
    }
}

static void
test_variant_from_wire (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (from_wire_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) value = gaws_dynamodb_value_to_variant (from_wire_cases[i].wire,
                                                                  GAWS_DYNAMODB_VALUE_DEFAULT, &error);

      g_assert_no_error (error);
      g_assert_false (g_variant_is_floating (value));
      assert_variant_text (value, from_wire_cases[i].variant);
    }
}

static void
test_variant_int64_numbers (void)
{
  const VariantCase cases[] = {
    { "int64 42", "{\"N\":\"42\"}" },
    { "int64 -9223372036854775808", "{\"N\":\"-9223372036854775808\"}" },
    { "('N', <'9223372036854775808'>)", "{\"N\":\"9223372036854775808\"}" },
    { "('N', <'1.5'>)", "{\"N\":\"1.5\"}" },
    { "int64 100", "{\"N\":\"1e2\"}" },
    { "{'n': <int64 1>, 's': <('NS', <['1']>)>}", "{\"M\":{\"n\":{\"N\":\"1\"},\"s\":{\"NS\":[\"1\"]}}}" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) value = gaws_dynamodb_value_to_variant (cases[i].wire, GAWS_DYNAMODB_VALUE_INT64_NUMBERS,
                                                                  &error);

      g_assert_no_error (error);
      assert_variant_text (value, cases[i].variant);
    }
}

/* Natural values in the form the conversion gives back: a round trip keeps
 * them exactly. */
static const char * const round_trip_values[] = {
  "'x'", "''", "'h\\u00e9llo \\u2603 \\U0001f600'", "('N', <'0'>)", "('N', <'-1.5'>)",
  "('N', <'12345678901234567890123456789012345678'>)",
  "('N', <'0.00000000000000000000000000000000000000000000000000000000000000000000000000000"
  "00000000000000000000000000000000000000000000000000001'>)",
  "@ay []", "[byte 0x00, 0x01, 0xff]", "true", "false", "@mv nothing", "@av []", "@a{sv} {}",
  "[<'a'>, <[<'b'>, <@mv nothing>]>, <{'c': <true>}>]",
  "{'a': <{'b': <{'c': <('N', <'3'>)>}>}>, 'x': <[byte 0x79]>}",
  "('SS', <['a', 'b', '']>)", "('NS', <['1', '-2.5', '1000']>)", "('BS', <[@ay [], [byte 0x61]]>)",
};

static void
test_variant_round_trip (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (round_trip_values); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) value = parse (round_trip_values[i]);
      g_autofree char *wire = gaws_dynamodb_value_from_variant (value, &error);
      g_autoptr(GVariant) back = NULL;

      g_assert_no_error (error);
      back = gaws_dynamodb_value_to_variant (wire, GAWS_DYNAMODB_VALUE_DEFAULT, &error);
      g_assert_no_error (error);
      assert_variant_text (back, round_trip_values[i]);
    }
}

static void
assert_variant_refused (GVariant *value, const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wire = gaws_dynamodb_value_from_variant (value, &error);

  if (wire != NULL)
    g_error ("expected an error, got %s", wire);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message_part);
}

static void
test_variant_invalid (void)
{
  const struct { const char *variant; const char *message_part; } cases[] = {
    { "('N', <'abc'>)", "not a decimal number" },
    { "('N', <'1e999'>)", "overflow" },
    { "('N', <'1e-999'>)", "underflow" },
    { "('N', <'123456789012345678901234567890123456789'>)", "38 significant digits" },
    { "('N', <true>)", "number" },
    { "('SS', <@as []>)", "cannot be empty" },
    { "('NS', <@as []>)", "cannot be empty" },
    { "('BS', <@aay []>)", "cannot be empty" },
    { "('SS', <['a', 'a']>)", "twice" },
    { "('NS', <['1', '1.0']>)", "twice" },
    { "('NS', <[<1>, <'1e0'>]>)", "twice" },
    { "('BS', <[[byte 0x61], [byte 0x61]]>)", "twice" },
    { "('SS', <[1]>)", "string set member" },
    { "('NS', <['x']>)", "not a decimal number" },
    { "('BS', <['x']>)", "binary" },
    { "('SS', <'a'>)", "array" },
    { "('XX', <1>)", "not a DynamoDB type" },
    { "('S', <1>)", "payload" },
    { "('B', <'x'>)", "binary" },
    { "('BOOL', <1>)", "payload" },
    { "('L', <1>)", "payload" },
    { "('M', <[1]>)", "payload" },
    { "{1: <2>}", "keys must be strings" },
    { "{'a': <1>, 'a': <2>}", "twice" },
    { "objectpath '/a'", "no DynamoDB equivalent" },
    { "signature 's'", "no DynamoDB equivalent" },
    { "handle 1", "no DynamoDB equivalent" },
    { "{'a': <[<1>, <('N', <'x'>)>]>}", "“a”: [1]: " },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GVariant) value = parse (cases[i].variant);
      g_test_message ("%s", cases[i].variant);
      assert_variant_refused (value, cases[i].message_part);
    }
  assert_variant_refused (g_variant_new_double (NAN), "NaN and infinity");
  assert_variant_refused (g_variant_new_double (INFINITY), "NaN and infinity");
  assert_variant_refused (g_variant_new_double (-INFINITY), "NaN and infinity");
  assert_variant_refused (g_variant_new_double (1e300), "overflow");
  assert_variant_refused (g_variant_new_parsed ("{'x': <[<1.0>, <%d>]>}", NAN), "“x”: [1]: ");
}

static void
test_variant_deep_nesting_refused (void)
{
  GVariant *value = g_variant_new_string ("bottom");

  for (int i = 0; i < 100; i++)
    value = g_variant_new_variant (value);
  assert_variant_refused (value, "deeper");
}

/* A server could send anything: it is checked as carefully as user input. */
static void
test_wire_invalid (void)
{
  const char * const cases[] = {
    "", "[", "{\"S\":1}", "{\"X\":\"1\"}", "{\"S\":\"a\",\"N\":\"1\"}", "{}", "[]", "\"S\"",
    "{\"N\":\"abc\"}", "{\"N\":1}", "{\"NULL\":false}", "{\"BOOL\":\"true\"}", "{\"B\":\"!!!!\"}",
    "{\"B\":\"YWI\"}", "{\"SS\":[]}", "{\"SS\":[\"a\",\"a\"]}", "{\"NS\":[\"1\",\"01\"]}",
    "{\"BS\":[\"YQ==\",\"YQ==\"]}", "{\"SS\":[1]}", "{\"L\":{}}", "{\"M\":[]}",
    "{\"M\":{\"a\":{\"S\":\"x\"},\"a\":{\"S\":\"y\"}}}", "{\"L\":[{\"S\":\"a\"},{\"Q\":1}]}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) value = gaws_dynamodb_value_to_variant (cases[i], GAWS_DYNAMODB_VALUE_DEFAULT, &error);
      g_autofree char *json = NULL;

      g_test_message ("%s", cases[i]);
      g_assert_null (value);
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      json = gaws_dynamodb_value_to_json (cases[i], &error);
      g_assert_null (json);
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_variant_builders (void)
{
  const char * const strings[] = { "b", "a", NULL };
  const char * const numbers[] = { "1", "2.50", "-3e2", NULL };
  const char * const duplicates[] = { "1", "1.00", NULL };
  const char * const empty[] = { NULL };
  g_autoptr(GBytes) one = g_bytes_new_static ("\x01", 1);
  g_autoptr(GBytes) two = g_bytes_new_static ("\x02\x00", 2);
  GBytes *bytes[] = { one, two, one };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) number = g_variant_ref_sink (gaws_dynamodb_value_new_number ("1.50", &error));
  g_autoptr(GVariant) string_set = g_variant_ref_sink (gaws_dynamodb_value_new_string_set (strings, &error));
  g_autoptr(GVariant) number_set = g_variant_ref_sink (gaws_dynamodb_value_new_number_set (numbers, &error));
  g_autoptr(GVariant) binary_set = g_variant_ref_sink (gaws_dynamodb_value_new_binary_set (bytes, 2, &error));

  g_assert_no_error (error);
  assert_variant_text (number, "('N', <'1.5'>)");
  assert_variant_text (string_set, "('SS', <['b', 'a']>)");
  assert_variant_text (number_set, "('NS', <['1', '2.5', '-300']>)");
  assert_variant_text (binary_set, "('BS', <[[byte 0x01], [byte 0x02, 0x00]]>)");

  g_assert_null (gaws_dynamodb_value_new_number ("NaN", &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gaws_dynamodb_value_new_number_set (duplicates, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gaws_dynamodb_value_new_string_set (empty, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gaws_dynamodb_value_new_binary_set (bytes, 3, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gaws_dynamodb_value_new_binary_set (NULL, 0, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
}

/* ---- items ---- */

static void
test_item_variant (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) item = parse ("{'pk': <'test1'>, 'col1': <'some_data'>, 'n': <('N', <'2'>)>}");
  g_autofree char *wire = gaws_dynamodb_item_from_variant (item, &error);
  g_autoptr(GVariant) back = NULL;
  g_autofree char *not_a_map = NULL;

  g_assert_no_error (error);
  assert_json_equal (wire, "{\"pk\":{\"S\":\"test1\"},\"col1\":{\"S\":\"some_data\"},\"n\":{\"N\":\"2\"}}");
  back = gaws_dynamodb_item_to_variant (wire, GAWS_DYNAMODB_VALUE_DEFAULT, &error);
  g_assert_no_error (error);
  /* keys come back sorted */
  assert_variant_text (back, "{'col1': <'some_data'>, 'n': <('N', <'2'>)>, 'pk': <'test1'>}");

  not_a_map = gaws_dynamodb_item_from_variant (g_variant_new_string ("x"), &error);
  g_assert_null (not_a_map);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gaws_dynamodb_item_to_variant ("[]", GAWS_DYNAMODB_VALUE_DEFAULT, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gaws_dynamodb_item_to_variant ("{\"a\":{\"N\":\"x\"}}", GAWS_DYNAMODB_VALUE_DEFAULT, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "“a”"));
}

static void
test_item_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wire = gaws_dynamodb_item_from_json ("{\"pk\": \"test1\", \"n\": 1.50, \"s\": {\"$SS\": [\"x\"]}}",
                                                        &error);
  g_autofree char *natural = NULL;

  g_assert_no_error (error);
  assert_json_equal (wire, "{\"pk\":{\"S\":\"test1\"},\"n\":{\"N\":\"1.5\"},\"s\":{\"SS\":[\"x\"]}}");
  natural = gaws_dynamodb_item_to_json (wire, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (natural, ==, "{\"n\":1.5,\"pk\":\"test1\",\"s\":{\"$SS\":[\"x\"]}}");
  g_assert_null (gaws_dynamodb_item_from_json ("[1]", &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gaws_dynamodb_item_to_json ("{\"a\":1}", &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
}

/* ---- plain JSON ---- */

typedef struct {
  const char *natural;
  const char *wire;
} JsonCase;

static const JsonCase json_to_wire_cases[] = {
  { "\"x\"", "{\"S\":\"x\"}" },
  { " \"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00\" ",
    "{\"S\":\"esc \\\" \\\\ / \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00\"}" },
  { "1", "{\"N\":\"1\"}" },
  { "-0", "{\"N\":\"0\"}" },
  { "1e2", "{\"N\":\"100\"}" },
  { "1.50", "{\"N\":\"1.5\"}" },
  { "0.1", "{\"N\":\"0.1\"}" },
  { "12345678901234567890123456789012345678", "{\"N\":\"12345678901234567890123456789012345678\"}" },
  { "-1234567890.1234567890123456789012345678", "{\"N\":\"-1234567890.1234567890123456789012345678\"}" },
  { "true", "{\"BOOL\":true}" },
  { "false", "{\"BOOL\":false}" },
  { "null", "{\"NULL\":true}" },
  { "[]", "{\"L\":[]}" },
  { "[1, \"a\", [null]]", "{\"L\":[{\"N\":\"1\"},{\"S\":\"a\"},{\"L\":[{\"NULL\":true}]}]}" },
  { "{}", "{\"M\":{}}" },
  { "{\"a\": {\"b\": 1}}", "{\"M\":{\"a\":{\"M\":{\"b\":{\"N\":\"1\"}}}}}" },
  { "{\"$B\": \"YWI=\"}", "{\"B\":\"YWI=\"}" },
  { "{\"$B\": \"\"}", "{\"B\":\"\"}" },
  { "{\"$N\": \"1.50\"}", "{\"N\":\"1.5\"}" },
  { "{\"$N\": 7}", "{\"N\":\"7\"}" },
  { "{\"$SS\": [\"a\", \"b\"]}", "{\"SS\":[\"a\",\"b\"]}" },
  { "{\"$NS\": [1, \"2.50\", 3e1]}", "{\"NS\":[\"1\",\"2.5\",\"30\"]}" },
  { "{\"$BS\": [\"YQ==\", \"Yg==\"]}", "{\"BS\":[\"YQ==\",\"Yg==\"]}" },
  { "{\"$M\": {\"$B\": \"not base64!\"}}", "{\"M\":{\"$B\":{\"S\":\"not base64!\"}}}" },
  { "{\"$M\": {}}", "{\"M\":{}}" },
  { "{\"$M\": {\"$M\": {\"$SS\": [\"x\"]}}}", "{\"M\":{\"$M\":{\"SS\":[\"x\"]}}}" },
  { "{\"$B\": \"YQ==\", \"other\": 1}", "{\"M\":{\"$B\":{\"S\":\"YQ==\"},\"other\":{\"N\":\"1\"}}}" },
  { "{\"$X\": 1}", "{\"M\":{\"$X\":{\"N\":\"1\"}}}" },
  { "[{\"$SS\": [\"x\"]}, {\"k\": {\"$B\": \"AA==\"}}]",
    "{\"L\":[{\"SS\":[\"x\"]},{\"M\":{\"k\":{\"B\":\"AA==\"}}}]}" },
};

static void
test_json_to_wire (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (json_to_wire_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *wire = gaws_dynamodb_value_from_json (json_to_wire_cases[i].natural, &error);

      g_test_message ("%s", json_to_wire_cases[i].natural);
      g_assert_no_error (error);
      assert_json_equal (wire, json_to_wire_cases[i].wire);
    }
}

/* What gaws_dynamodb_value_to_json() writes, exactly. */
static const JsonCase json_from_wire_cases[] = {
  { "\"x\"", "{\"S\":\"x\"}" },
  { "\"q\\\"\\\\\\n\\u0001\u00e9\"", "{\"S\":\"q\\\"\\\\\\n\\u0001\\u00e9\"}" },
  { "1.5", "{\"N\":\"1.50\"}" },
  { "100", "{\"N\":\"1E+2\"}" },
  { "12345678901234567890123456789012345678", "{\"N\":\"12345678901234567890123456789012345678\"}" },
  { "true", "{\"BOOL\":true}" },
  { "null", "{\"NULL\":true}" },
  { "{\"$B\":\"YWI=\"}", "{\"B\":\"YWI=\"}" },
  { "[1,\"a\",[]]", "{\"L\":[{\"N\":\"1\"},{\"S\":\"a\"},{\"L\":[]}]}" },
  { "{\"a\":1,\"b\":{}}", "{\"M\":{\"b\":{\"M\":{}},\"a\":{\"N\":\"1\"}}}" },
  { "{\"$SS\":[\"b\",\"a\"]}", "{\"SS\":[\"b\",\"a\"]}" },
  { "{\"$NS\":[1,2.5]}", "{\"NS\":[\"1\",\"2.50\"]}" },
  { "{\"$BS\":[\"YQ==\"]}", "{\"BS\":[\"YQ==\"]}" },
  { "{\"$M\":{\"$SS\":\"a map, not a set\"}}", "{\"M\":{\"$SS\":{\"S\":\"a map, not a set\"}}}" },
  { "{\"$M\":{\"$N\":{\"$M\":{\"$B\":true}}}}", "{\"M\":{\"$N\":{\"M\":{\"$B\":{\"BOOL\":true}}}}}" },
};

static void
test_json_from_wire (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (json_from_wire_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *natural = gaws_dynamodb_value_to_json (json_from_wire_cases[i].wire, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (natural, ==, json_from_wire_cases[i].natural);
    }
}

/* Plain JSON written by gaws reads back to the same wire value, tags and
 * escapes included. */
static void
test_json_round_trip (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (json_from_wire_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *wire = gaws_dynamodb_value_from_json (json_from_wire_cases[i].natural, &error);
      g_autofree char *natural = NULL;

      g_assert_no_error (error);
      natural = gaws_dynamodb_value_to_json (wire, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (natural, ==, json_from_wire_cases[i].natural);
    }
}

static void
test_json_invalid (void)
{
  g_autofree char *deep = NULL;
  const char *cases[] = {
    "", " ", "[", "]", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "'x'", "\"unterminated",
    "\"tab\there\"", "\"bad \\x escape\"", "\"\\u00\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\"",
    "\"\\ud800\\u0041\"", "01", "-", "1.", ".5", "+1", "1e", "NaN", "Infinity", "-Infinity", "tru", "nul",
    "1 2", "[1] x", "{\"a\":1,\"a\":2}", "1e999", "1e-999", "123456789012345678901234567890123456789",
    "{\"$B\":\"abc\"}", "{\"$B\":1}", "{\"$SS\":[]}", "{\"$SS\":[\"a\",\"a\"]}", "{\"$SS\":[1]}",
    "{\"$SS\":\"a\"}", "{\"$NS\":[1,1.0]}", "{\"$NS\":[\"x\"]}", "{\"$NS\":[true]}", "{\"$BS\":[]}",
    "{\"$BS\":[\"YQ==\",\"YQ==\"]}", "{\"$BS\":[\"!\"]}", "{\"$N\":\"abc\"}", "{\"$N\":true}", "{\"$M\":[]}",
    "\"\xff\"",
  };

  deep = g_strnfill (200, '[');
  for (gsize i = 0; i <= G_N_ELEMENTS (cases); i++)
    {
      const char *text = i < G_N_ELEMENTS (cases) ? cases[i] : deep;
      g_autoptr(GError) error = NULL;
      g_autofree char *wire = gaws_dynamodb_value_from_json (text, &error);
      g_autofree char *escaped = g_strescape (text, NULL);

      g_test_message ("%s", escaped);
      if (wire != NULL)
        g_error ("“%s” gave %s, expected an error", text, wire);
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_json_errors_say_where (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wire = gaws_dynamodb_value_from_json ("{\"a\": [1, {\"$NS\": [1, 1]}]}", &error);

  g_assert_null (wire);
  g_assert_nonnull (strstr (error->message, "“a”: [1]: "));
  g_assert_nonnull (strstr (error->message, "twice"));
}

/* ---- through real servers ---- */

static int
compare_variants (gconstpointer a, gconstpointer b)
{
  g_autofree char *x = g_variant_print (*(GVariant **) a, FALSE);
  g_autofree char *y = g_variant_print (*(GVariant **) b, FALSE);
  return strcmp (x, y);
}

/* Servers may return set members in any order, and items come back with
 * their keys sorted. */
static GVariant *
sorted_sets (GVariant *value)
{
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  const char *tag = NULL;
  gsize n;

  if (!g_variant_is_container (value))
    return g_variant_ref (value);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE ("(sv)")))
    g_variant_get_child (value, 0, "&s", &tag);
  if (tag != NULL && strlen (tag) == 2 && tag[1] == 'S')
    {
      g_autoptr(GVariant) members = g_variant_get_child_value (value, 1);
      g_autoptr(GVariant) array = g_variant_get_variant (members);

      n = g_variant_n_children (array);
      for (gsize i = 0; i < n; i++)
        g_ptr_array_add (children, g_variant_get_child_value (array, i));
      g_ptr_array_sort (children, compare_variants);
      return g_variant_ref_sink (g_variant_new ("(sv)", tag,
                                                g_variant_new_array (g_variant_get_type (children->pdata[0]),
                                                                     (GVariant **) children->pdata, n)));
    }
  n = g_variant_n_children (value);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (value, i);
      g_ptr_array_add (children, sorted_sets (child));
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    return g_variant_ref_sink (g_variant_new_variant (children->pdata[0]));
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_MAYBE))
    return n == 0 ? g_variant_ref (value) : g_variant_ref_sink (g_variant_new_maybe (NULL, children->pdata[0]));
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARDICT))
    g_ptr_array_sort (children, compare_variants);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_ARRAY))
    return g_variant_ref_sink (g_variant_new_array (g_variant_type_element (g_variant_get_type (value)),
                                                    (GVariant **) children->pdata, n));
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DICT_ENTRY))
    return g_variant_ref_sink (g_variant_new_dict_entry (children->pdata[0], children->pdata[1]));
  return g_variant_ref_sink (g_variant_new_tuple ((GVariant **) children->pdata, n));
}

static GVariant *
every_kind_item (void)
{
  g_autofree char *zeros = repeat ('0', 129);
  g_autofree char *nines = repeat ('9', 38);
  g_autofree char *max = g_strconcat (nines, zeros + 41, NULL);   /* 9.99…E+125 */
  g_autofree char *min = g_strconcat ("0.", zeros, "1", NULL);    /* 1E-130 */
  g_autofree char *text = g_strdup_printf (
    "{'pk': <'every-kind'>,"
    " 's': <'h\\u00e9llo \\u2603 \\U0001f600'>, 'empty': <''>,"
    " 'n': <('N', <'42'>)>, 'neg': <('N', <'-1.5'>)>, 'zero': <('N', <'0'>)>,"
    " 'n38': <('N', <'12345678901234567890123456789012345678'>)>,"
    " 'frac38': <('N', <'0.12345678901234567890123456789012345678'>)>,"
    " 'max': <('N', <'%s'>)>, 'min': <('N', <'%s'>)>, 'negmin': <('N', <'-%s'>)>,"
    " 'b': <[byte 0x00, 0x01, 0x02, 0xfe, 0xff]>, 'yes': <true>, 'no': <false>, 'nothing': <@mv nothing>,"
    " 'list': <[<'a'>, <('N', <'1'>)>, <[<@mv nothing>]>, <{'k': <'v'>}>]>, 'emptylist': <@av []>,"
    " 'map': <{'inner': <{'deep': <('SS', <['x']>)>}>, 'flag': <true>}>, 'emptymap': <@a{sv} {}>,"
    " 'ss': <('SS', <['a', 'b', 'c']>)>, 'ns': <('NS', <['-1', '0.5', '10']>)>,"
    " 'bs': <('BS', <[[byte 0x00], [byte 0x01, 0x02]]>)>}",
    max, min, min);
  return parse (text);
}

static void
check_every_kind_round_trip (GawsTestDynamodbKind kind)
{
  GawsClient *client = gaws_test_dynamodb_get_client (kind);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) item = every_kind_item ();
  g_autofree char *wire = gaws_dynamodb_item_from_variant (item, &error);
  g_autofree char *got_text = NULL;
  g_autoptr(GVariant) got = NULL;
  g_autoptr(GVariant) expected_sorted = NULL;
  g_autoptr(GVariant) got_sorted = NULL;
  json_t *response;

  g_assert_no_error (error);
  gaws_test_dynamodb_create_table (client, "values", "pk", NULL);
  json_decref (gaws_test_dynamodb_request (client, "PutItem",
                                           json_pack ("{s:s, s:o}", "TableName", "values",
                                                      "Item", json_loads (wire, 0, NULL))));
  response = gaws_test_dynamodb_request (client, "GetItem",
                                         json_pack ("{s:s, s:{s:{s:s}}, s:b}", "TableName", "values",
                                                    "Key", "pk", "S", "every-kind", "ConsistentRead", 1));
  got_text = json_dumps (json_object_get (response, "Item"), JSON_COMPACT);
  json_decref (response);
  got = gaws_dynamodb_item_to_variant (got_text, GAWS_DYNAMODB_VALUE_DEFAULT, &error);
  g_assert_no_error (error);
  expected_sorted = sorted_sets (item);
  got_sorted = sorted_sets (got);
  assert_variant_equal (got_sorted, expected_sorted);
}

static void
check_json_round_trip (GawsTestDynamodbKind kind)
{
  const char *natural = "{\"b\":{\"$B\":\"AAH/\"},\"big\":12345678901234567890123456789012345678,"
                        "\"dec\":-0.000125,\"l\":[1,\"x\",null,true,{\"$M\":{\"$N\":\"tag\"}}],"
                        "\"m\":{\"k\":{\"$NS\":[7]}},\"pk\":\"json\",\"s\":\"\\\"q\\\"\"}";
  GawsClient *client = gaws_test_dynamodb_get_client (kind);
  g_autoptr(GError) error = NULL;
  g_autofree char *wire = gaws_dynamodb_item_from_json (natural, &error);
  g_autofree char *got_text = NULL;
  g_autofree char *back = NULL;
  json_t *response;

  g_assert_no_error (error);
  gaws_test_dynamodb_create_table (client, "values_json", "pk", NULL);
  json_decref (gaws_test_dynamodb_request (client, "PutItem",
                                           json_pack ("{s:s, s:o}", "TableName", "values_json",
                                                      "Item", json_loads (wire, 0, NULL))));
  response = gaws_test_dynamodb_request (client, "GetItem",
                                         json_pack ("{s:s, s:{s:{s:s}}, s:b}", "TableName", "values_json",
                                                    "Key", "pk", "S", "json", "ConsistentRead", 1));
  got_text = json_dumps (json_object_get (response, "Item"), JSON_COMPACT);
  json_decref (response);
  back = gaws_dynamodb_item_to_json (got_text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back, ==, natural);
}

static void
test_dynalite_every_kind (void)
{
  check_every_kind_round_trip (GAWS_TEST_DYNAMODB_DYNALITE);
}

static void
test_dynalite_json (void)
{
  check_json_round_trip (GAWS_TEST_DYNAMODB_DYNALITE);
}

static void
test_moto_every_kind (void)
{
  check_every_kind_round_trip (GAWS_TEST_DYNAMODB_MOTO);
}

static void
test_moto_json (void)
{
  check_json_round_trip (GAWS_TEST_DYNAMODB_MOTO);
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);

  g_test_add_func ("/dynamodb/values/number/normalizes-to-dynamodb-form", test_number_normalize);
  g_test_add_func ("/dynamodb/values/number/errors-say-why", test_number_errors_say_why);
  g_test_add_func ("/dynamodb/values/number/double-shortest-round-trip", test_number_from_double);
  g_test_add_func ("/dynamodb/values/number/integers-exact", test_number_from_integers);
  g_test_add_func ("/dynamodb/values/variant/to-wire", test_variant_to_wire);
  g_test_add_func ("/dynamodb/values/variant/consumes-floating", test_variant_consumes_floating);
  g_test_add_func ("/dynamodb/values/variant/from-wire", test_variant_from_wire);
  g_test_add_func ("/dynamodb/values/variant/int64-numbers", test_variant_int64_numbers);
  g_test_add_func ("/dynamodb/values/variant/round-trip-every-kind", test_variant_round_trip);
  g_test_add_func ("/dynamodb/values/variant/invalid-refused", test_variant_invalid);
  g_test_add_func ("/dynamodb/values/variant/deep-nesting-refused", test_variant_deep_nesting_refused);
  g_test_add_func ("/dynamodb/values/variant/tagged-builders", test_variant_builders);
  g_test_add_func ("/dynamodb/values/wire/invalid-refused", test_wire_invalid);
  g_test_add_func ("/dynamodb/values/item/variant", test_item_variant);
  g_test_add_func ("/dynamodb/values/item/json", test_item_json);
  g_test_add_func ("/dynamodb/values/json/to-wire", test_json_to_wire);
  g_test_add_func ("/dynamodb/values/json/from-wire", test_json_from_wire);
  g_test_add_func ("/dynamodb/values/json/round-trip-every-kind", test_json_round_trip);
  g_test_add_func ("/dynamodb/values/json/invalid-refused", test_json_invalid);
  g_test_add_func ("/dynamodb/values/json/errors-say-where", test_json_errors_say_where);
  g_test_add_func ("/dynamodb/values/dynalite/every-kind-round-trip", test_dynalite_every_kind);
  g_test_add_func ("/dynamodb/values/dynalite/json-round-trip", test_dynalite_json);
  g_test_add_func ("/dynamodb/values/moto/every-kind-round-trip", test_moto_every_kind);
  g_test_add_func ("/dynamodb/values/moto/json-round-trip", test_moto_json);

  status = g_test_run ();
  gaws_test_dynamodb_stop_all ();
  return status;
}
