/* gaws-dynamodb-value.c: DynamoDB AttributeValues to and from natural values
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-dynamodb-value-private.h"
#include "gaws-dynamodb-number.h"
#include "gaws-error.h"

#include <string.h>

/**
 * SECTION:gaws-dynamodb-value
 * @title: DynamoDB values
 * @short_description: AttributeValues to and from #GVariant and plain JSON
 *
 * DynamoDB's wire form tags every value with its type: `{"S": "x"}`,
 * `{"N": "1.5"}`, `{"M": {"a": {"BOOL": true}}}`. These functions convert
 * between that form (as JSON text) and natural values, the way boto3's
 * `TypeSerializer` and `TypeDeserializer` do for Python.
 *
 * ## GVariant mapping
 *
 * | DynamoDB | #GVariant                                  | PyGObject `unpack()` | GJS `recursiveUnpack()` |
 * |----------|--------------------------------------------|----------------------|-------------------------|
 * | `S`      | `s`                                        | `str`                | string                  |
 * | `N`      | `("N", <"1.5">)`, see below                | `('N', '1.5')`       | `['N', '1.5']`          |
 * | `B`      | `ay`                                       | `bytes`              | `Uint8Array`            |
 * | `BOOL`   | `b`                                        | `bool`               | boolean                 |
 * | `NULL`   | `mv` holding nothing                       | `None`               | `null`                  |
 * | `L`      | `av`                                       | `list`               | array                   |
 * | `M`      | `a{sv}`                                    | `dict`               | object                  |
 * | `SS`     | `("SS", <["a", "b"]>)`                     | `('SS', ['a', 'b'])` | `['SS', ['a', 'b']]`    |
 * | `NS`     | `("NS", <["1", "2.5"]>)`                   | `('NS', ['1', '2.5'])` | `['NS', ['1', '2.5']]` |
 * | `BS`     | `("BS", <[b"x", b"y"]>)`                   | `('BS', [b'x', b'y'])` | `['BS', [...]]`        |
 *
 * GVariant has neither a decimal nor a set type, so numbers and sets use a
 * tagged form: a `(sv)` pair of the DynamoDB type name and the payload.
 * Numbers are decimal text in DynamoDB's own form (see
 * gaws_dynamodb_number_normalize()), never a double, so no digit is lost
 * and a number is never mistaken for a string. With
 * %GAWS_DYNAMODB_VALUE_INT64_NUMBERS, integral numbers that fit come back
 * as `x` instead.
 *
 * Going the other way more is accepted:
 *
 * - `s` is a string; `b` a boolean; `ay` binary;
 * - `y`, `n`, `q`, `i`, `u`, `x`, `t` are numbers, and so is `d` when it is
 *   finite: written with the fewest digits that read back as the same double
 *   (0.1 is `0.1`);
 * - a maybe holding nothing, or the unit `()`, is `NULL`; a maybe holding a
 *   value is that value; `v` is its content;
 * - `a{s*}` is a map; any other array, and any tuple other than `(sv)`, a
 *   list (as boto3 takes Python tuples as lists);
 * - `(sv)` is always the tagged form, with any of the type names `S`, `N`,
 *   `B`, `BOOL`, `NULL`, `L`, `M`, `SS`, `NS`, `BS`: the way to pass an exact
 *   decimal such as `("N", <"0.1">)` or a set. The payload of `N` is text or
 *   any number type; a set's payload is an array of its members (or of
 *   variants holding them). gaws_dynamodb_value_new_number() and its
 *   siblings build these.
 *
 * ## JSON mapping
 *
 * Plain JSON maps to DynamoDB as strings `S`, numbers `N` (their exact
 * text), `true`/`false` `BOOL`, `null` `NULL`, arrays `L` and objects `M`.
 * An object with a single key that is one of these tags is the explicit
 * form of what JSON lacks:
 *
 * | tagged object                   | DynamoDB |
 * |---------------------------------|----------|
 * | `{"$B": "aGk="}`                | `B` (base64)          |
 * | `{"$SS": ["a", "b"]}`           | `SS`                  |
 * | `{"$NS": [1, "2.5"]}`           | `NS` (numbers or numeric text) |
 * | `{"$BS": ["aGk=", "eQ=="]}`     | `BS` (base64)         |
 * | `{"$N": "1.5"}`                 | `N`                   |
 * | `{"$M": {"$B": "not a tag"}}`   | `M`, taken as it is: the escape for a map whose only key is a tag |
 *
 * Numbers are written back as JSON numbers in DynamoDB's form, keys sorted.
 *
 * ## Errors
 *
 * Anything DynamoDB would refuse is a %GAWS_ERROR_INVALID_ARGUMENT error
 * before any request is made: NaN or infinity, numbers out of range or with
 * more than 38 significant digits, empty sets, sets with duplicate members
 * (`1` and `1.0` are the same number), duplicate map keys, invalid base64,
 * and types without a DynamoDB equivalent. Messages name where in the value
 * the problem is.
 */

/* Deeper than DynamoDB's own limit of 32 levels, so that the server gives
 * its usual error, but shallow enough to keep recursion safe. */
#define MAX_DEPTH 64

static gboolean
set_invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
set_invalid (GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

static json_t *
av_new (const char *type, json_t *payload)
{
  json_t *av = json_object ();
  json_object_set_new (av, type, payload);
  return av;
}

static gboolean
check_depth (guint depth, GError **error)
{
  if (depth <= MAX_DEPTH)
    return TRUE;
  return set_invalid (error, "value nested deeper than %d levels", MAX_DEPTH);
}

/**
 * gaws_dynamodb_value_json_check_base64: (skip)
 * @text: base64 text
 * @error: return location for a #GError
 *
 * Returns: (transfer full): @text re-encoded, so that equal bytes always
 *   give equal text (set members are compared that way), or %NULL if @text
 *   is not padded standard base64
 */
char *
gaws_dynamodb_value_json_check_base64 (const char *text, GError **error)
{
  gsize len = strlen (text);
  gsize data = strspn (text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
  gsize padding = len - data;
  g_autofree guchar *bytes = NULL;
  gsize size;

  if (len % 4 != 0 || padding > 2 || strspn (text + data, "=") != padding)
    {
      set_invalid (error, "binary value “%.40s” is not valid base64", text);
      return NULL;
    }
  bytes = g_base64_decode (text, &size);
  return g_base64_encode (bytes, size);
}

/* Set members arrive as the JSON strings of the wire form, numbers already
 * normalized and binary re-encoded, so text equality is value equality. */
static gboolean
check_set_members (const char *type, json_t *members, GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  size_t i;
  json_t *member;

  if (json_array_size (members) == 0)
    return set_invalid (error, "a DynamoDB set cannot be empty (%s)", type);
  json_array_foreach (members, i, member)
    {
      if (!g_hash_table_add (seen, (gpointer) json_string_value (member)))
        return set_invalid (error, "%s has the member “%.80s” twice", type,
                            json_string_value (member));
    }
  return TRUE;
}

/**
 * gaws_dynamodb_value_json_new_set: (skip)
 * @type: `SS`, `NS` or `BS`
 * @members: (transfer full): JSON strings in wire form
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the set, or %NULL if it is empty or has a
 *   duplicate
 */
json_t *
gaws_dynamodb_value_json_new_set (const char *type, json_t *members, GError **error)
{
  if (!check_set_members (type, members, error))
    {
      json_decref (members);
      return NULL;
    }
  return av_new (type, members);
}

/**
 * gaws_dynamodb_value_json_check_set: (skip)
 * @type: `SS`, `NS` or `BS`
 * @members: the payload of a set in wire form, as a server sent it
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the set with its members normalized, or %NULL
 *   if a member is not of the set's type, or the set is empty or has a
 *   duplicate
 */
json_t *
gaws_dynamodb_value_json_check_set (const char *type, json_t *members, GError **error)
{
  json_t *checked = json_array ();
  size_t i;
  json_t *member;

  json_array_foreach (members, i, member)
    {
      g_autofree char *text = NULL;
      const char *s = json_string_value (member);

      if (s != NULL)
        text = g_str_equal (type, "NS") ? gaws_dynamodb_number_normalize (s, error)
             : g_str_equal (type, "BS") ? gaws_dynamodb_value_json_check_base64 (s, error) : g_strdup (s);
      if (text == NULL)
        {
          json_decref (checked);
          return NULL;
        }
      json_array_append_new (checked, json_string (text));
    }
  return gaws_dynamodb_value_json_new_set (type, checked, error);
}

/* ---- GVariant to AttributeValue ---- */

static json_t *from_variant (GVariant *value, guint depth, GError **error);

static char *
number_from_variant (GVariant *value, GError **error)
{
  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BYTE:   return gaws_dynamodb_number_from_uint64 (g_variant_get_byte (value));
    case G_VARIANT_CLASS_INT16:  return gaws_dynamodb_number_from_int64 (g_variant_get_int16 (value));
    case G_VARIANT_CLASS_UINT16: return gaws_dynamodb_number_from_uint64 (g_variant_get_uint16 (value));
    case G_VARIANT_CLASS_INT32:  return gaws_dynamodb_number_from_int64 (g_variant_get_int32 (value));
    case G_VARIANT_CLASS_UINT32: return gaws_dynamodb_number_from_uint64 (g_variant_get_uint32 (value));
    case G_VARIANT_CLASS_INT64:  return gaws_dynamodb_number_from_int64 (g_variant_get_int64 (value));
    case G_VARIANT_CLASS_UINT64: return gaws_dynamodb_number_from_uint64 (g_variant_get_uint64 (value));
    case G_VARIANT_CLASS_DOUBLE: return gaws_dynamodb_number_from_double (g_variant_get_double (value), error);
    case G_VARIANT_CLASS_STRING: return gaws_dynamodb_number_normalize (g_variant_get_string (value, NULL), error);
    default:
      set_invalid (error, "a number cannot be of GVariant type “%s”", g_variant_get_type_string (value));
      return NULL;
    }
}

static char *
base64_from_variant (GVariant *value, GError **error)
{
  gsize size;
  gconstpointer data;

  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_BYTESTRING))
    {
      set_invalid (error, "binary must be of GVariant type “ay”, not “%s”",
                   g_variant_get_type_string (value));
      return NULL;
    }
  data = g_variant_get_fixed_array (value, &size, 1);
  return g_base64_encode (data, size);
}

static char *
string_from_variant (GVariant *value, GError **error)
{
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    {
      set_invalid (error, "a string set member must be of GVariant type “s”, not “%s”",
                   g_variant_get_type_string (value));
      return NULL;
    }
  return g_variant_dup_string (value, NULL);
}

typedef char *(*MemberFunc) (GVariant *value, GError **error);

static json_t *
set_from_variant (const char *type, GVariant *payload, GError **error)
{
  MemberFunc convert = g_str_equal (type, "SS") ? string_from_variant
                     : g_str_equal (type, "NS") ? number_from_variant : base64_from_variant;
  json_t *members = json_array ();
  gsize n;

  if (!g_variant_is_of_type (payload, G_VARIANT_TYPE_ARRAY))
    {
      json_decref (members);
      set_invalid (error, "the members of %s must be an array, not “%s”", type,
                   g_variant_get_type_string (payload));
      return NULL;
    }
  n = g_variant_n_children (payload);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (payload, i);
      g_autoptr(GVariant) member = g_variant_is_of_type (child, G_VARIANT_TYPE_VARIANT)
                                   ? g_variant_get_variant (child) : g_variant_ref (child);
      char *text = convert (member, error);

      if (text == NULL)
        {
          g_prefix_error (error, "%s[%" G_GSIZE_FORMAT "]: ", type, i);
          json_decref (members);
          return NULL;
        }
      json_array_append_new (members, json_string (text));
      g_free (text);
    }
  return gaws_dynamodb_value_json_new_set (type, members, error);
}

/* The payload of a tagged `L` or `M` is any natural list or map. */
static json_t *
container_from_variant (const char *type, GVariant *payload, guint depth, GError **error)
{
  json_t *av = from_variant (payload, depth, error);

  if (av != NULL && json_object_get (av, type) == NULL)
    {
      json_decref (av);
      set_invalid (error, "the payload of a tagged %s must be a %s, not “%s”", type,
                   g_str_equal (type, "L") ? "list" : "map", g_variant_get_type_string (payload));
      return NULL;
    }
  return av;
}

static json_t *
scalar_from_tag (const char *tag, GVariant *payload, GError **error)
{
  g_autofree char *text = NULL;

  if (g_str_equal (tag, "N"))
    return (text = number_from_variant (payload, error)) ? av_new ("N", json_string (text)) : NULL;
  if (g_str_equal (tag, "B"))
    return (text = base64_from_variant (payload, error)) ? av_new ("B", json_string (text)) : NULL;
  if (g_str_equal (tag, "NULL"))
    return av_new ("NULL", json_true ());
  if (g_str_equal (tag, "S") && g_variant_is_of_type (payload, G_VARIANT_TYPE_STRING))
    return av_new ("S", json_string (g_variant_get_string (payload, NULL)));
  if (g_str_equal (tag, "BOOL") && g_variant_is_of_type (payload, G_VARIANT_TYPE_BOOLEAN))
    return av_new ("BOOL", json_boolean (g_variant_get_boolean (payload)));
  set_invalid (error, "the payload of a tagged %s cannot be of GVariant type “%s”", tag,
               g_variant_get_type_string (payload));
  return NULL;
}

static json_t *
tagged_from_variant (GVariant *value, guint depth, GError **error)
{
  const char *tag;
  g_autoptr(GVariant) payload = NULL;

  g_variant_get (value, "(&sv)", &tag, &payload);
  if (g_str_equal (tag, "SS") || g_str_equal (tag, "NS") || g_str_equal (tag, "BS"))
    return set_from_variant (tag, payload, error);
  if (g_str_equal (tag, "L") || g_str_equal (tag, "M"))
    return container_from_variant (tag, payload, depth, error);
  if (g_str_equal (tag, "S") || g_str_equal (tag, "N") || g_str_equal (tag, "B") ||
      g_str_equal (tag, "BOOL") || g_str_equal (tag, "NULL"))
    return scalar_from_tag (tag, payload, error);
  set_invalid (error, "“%s” is not a DynamoDB type: a (sv) value must be tagged S, N, B, "
               "BOOL, NULL, L, M, SS, NS or BS", tag);
  return NULL;
}

static json_t *
map_from_variant (GVariant *value, guint depth, GError **error)
{
  json_t *map = json_object ();
  gsize n = g_variant_n_children (value);

  if (!g_variant_type_equal (g_variant_type_key (g_variant_type_element (g_variant_get_type (value))),
                             G_VARIANT_TYPE_STRING))
    {
      json_decref (map);
      set_invalid (error, "map keys must be strings, not in “%s”", g_variant_get_type_string (value));
      return NULL;
    }
  for (gsize i = 0; i < n; i++)
    {
      const char *key;
      g_autoptr(GVariant) child = NULL;
      json_t *av;

      g_variant_get_child (value, i, "{&s@*}", &key, &child);
      if (json_object_get (map, key) != NULL)
        {
          json_decref (map);
          set_invalid (error, "the map has the key “%s” twice", key);
          return NULL;
        }
      if ((av = from_variant (child, depth + 1, error)) == NULL)
        {
          g_prefix_error (error, "“%s”: ", key);
          json_decref (map);
          return NULL;
        }
      json_object_set_new (map, key, av);
    }
  return av_new ("M", map);
}

static json_t *
list_from_variant (GVariant *value, guint depth, GError **error)
{
  json_t *list = json_array ();
  gsize n = g_variant_n_children (value);

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (value, i);
      json_t *av = from_variant (child, depth + 1, error);

      if (av == NULL)
        {
          g_prefix_error (error, "[%" G_GSIZE_FORMAT "]: ", i);
          json_decref (list);
          return NULL;
        }
      json_array_append_new (list, av);
    }
  return av_new ("L", list);
}

static json_t *
number_av_from_variant (GVariant *value, GError **error)
{
  g_autofree char *text = number_from_variant (value, error);
  return text ? av_new ("N", json_string (text)) : NULL;
}

static json_t *
array_from_variant (GVariant *value, guint depth, GError **error)
{
  g_autofree char *base64 = NULL;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BYTESTRING))
    return (base64 = base64_from_variant (value, error)) ? av_new ("B", json_string (base64)) : NULL;
  if (g_variant_type_is_dict_entry (g_variant_type_element (g_variant_get_type (value))))
    return map_from_variant (value, depth, error);
  return list_from_variant (value, depth, error);
}

static json_t *
tuple_from_variant (GVariant *value, guint depth, GError **error)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE ("(sv)")))
    return tagged_from_variant (value, depth, error);
  if (g_variant_n_children (value) == 0)
    return av_new ("NULL", json_true ());
  return list_from_variant (value, depth, error);
}

static json_t *
unwrapped_from_variant (GVariant *value, guint depth, GError **error)
{
  g_autoptr(GVariant) inner = g_variant_classify (value) == G_VARIANT_CLASS_MAYBE
                              ? g_variant_get_maybe (value) : g_variant_get_variant (value);

  if (inner == NULL)
    return av_new ("NULL", json_true ());
  return from_variant (inner, depth + 1, error);
}

static json_t *
from_variant (GVariant *value, guint depth, GError **error)
{
  if (!check_depth (depth, error))
    return NULL;
  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_STRING:
      return av_new ("S", json_string (g_variant_get_string (value, NULL)));
    case G_VARIANT_CLASS_BOOLEAN:
      return av_new ("BOOL", json_boolean (g_variant_get_boolean (value)));
    case G_VARIANT_CLASS_BYTE:
    case G_VARIANT_CLASS_INT16:
    case G_VARIANT_CLASS_UINT16:
    case G_VARIANT_CLASS_INT32:
    case G_VARIANT_CLASS_UINT32:
    case G_VARIANT_CLASS_INT64:
    case G_VARIANT_CLASS_UINT64:
    case G_VARIANT_CLASS_DOUBLE:
      return number_av_from_variant (value, error);
    case G_VARIANT_CLASS_VARIANT:
    case G_VARIANT_CLASS_MAYBE:
      return unwrapped_from_variant (value, depth, error);
    case G_VARIANT_CLASS_ARRAY:
      return array_from_variant (value, depth, error);
    case G_VARIANT_CLASS_TUPLE:
      return tuple_from_variant (value, depth, error);
    case G_VARIANT_CLASS_HANDLE:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
    case G_VARIANT_CLASS_DICT_ENTRY:
    default:
      set_invalid (error, "GVariant type “%s” has no DynamoDB equivalent",
                   g_variant_get_type_string (value));
      return NULL;
    }
}

/**
 * gaws_dynamodb_value_json_from_variant: (skip)
 * @value: a natural value; a floating reference is consumed
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the AttributeValue, or %NULL
 */
json_t *
gaws_dynamodb_value_json_from_variant (GVariant *value, GError **error)
{
  json_t *av;

  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_variant_ref_sink (value);
  av = from_variant (value, 0, error);
  g_variant_unref (value);
  return av;
}

/**
 * gaws_dynamodb_item_json_from_variant: (skip)
 * @item: an `a{sv}` (or any `a{s*}`); a floating reference is consumed
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the item, a JSON object of AttributeValues
 */
json_t *
gaws_dynamodb_item_json_from_variant (GVariant *item, GError **error)
{
  json_t *av = gaws_dynamodb_value_json_from_variant (item, error);
  json_t *map;

  if (av == NULL)
    return NULL;
  if ((map = json_object_get (av, "M")) == NULL)
    {
      json_decref (av);
      set_invalid (error, "an item must be a map (a{sv})");
      return NULL;
    }
  json_incref (map);
  json_decref (av);
  return map;
}

/* ---- AttributeValue to GVariant ---- */

static GVariant *to_variant (json_t *av, GawsDynamodbValueFlags flags, guint depth, GError **error);

static GVariant *
tagged (const char *tag, GVariant *payload)
{
  return g_variant_new ("(sv)", tag, payload);
}

static GVariant *
number_to_variant (json_t *payload, GawsDynamodbValueFlags flags, GError **error)
{
  g_autofree char *text = NULL;
  gint64 integer;

  if (!json_is_string (payload) ||
      (text = gaws_dynamodb_number_normalize (json_string_value (payload), error)) == NULL)
    return NULL;
  if ((flags & GAWS_DYNAMODB_VALUE_INT64_NUMBERS) && strchr (text, '.') == NULL &&
      g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &integer, NULL))
    return g_variant_new_int64 (integer);
  return tagged ("N", g_variant_new_string (text));
}

static GVariant *
binary_to_variant (json_t *payload, GError **error)
{
  g_autofree char *canonical = NULL;
  guchar *data;
  gsize size;

  if (!json_is_string (payload) ||
      (canonical = gaws_dynamodb_value_json_check_base64 (json_string_value (payload), error)) == NULL)
    return NULL;
  data = g_base64_decode (canonical, &size);
  return g_variant_new_from_data (G_VARIANT_TYPE_BYTESTRING, data, size, TRUE, g_free, data);
}

/* The set is validated as it would be on the way in: a server that sends
 * duplicates is broken, and the caller should hear of it. */
static GVariant *
set_to_variant (const char *type, json_t *payload, GError **error)
{
  g_autoptr(GVariantBuilder) builder = NULL;
  json_t *set;
  size_t i;
  json_t *member;

  if (!json_is_array (payload) || (set = gaws_dynamodb_value_json_check_set (type, payload, error)) == NULL)
    return NULL;
  builder = g_variant_builder_new (g_str_equal (type, "BS") ? G_VARIANT_TYPE ("aay") : G_VARIANT_TYPE ("as"));
  json_array_foreach (json_object_get (set, type), i, member)
    {
      if (g_str_equal (type, "BS"))
        g_variant_builder_add_value (builder, binary_to_variant (member, NULL));
      else
        g_variant_builder_add (builder, "s", json_string_value (member));
    }
  json_decref (set);
  return tagged (type, g_variant_builder_end (builder));
}

static GVariant *
list_to_variant (json_t *payload, GawsDynamodbValueFlags flags, guint depth, GError **error)
{
  g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("av"));
  size_t i;
  json_t *member;

  if (!json_is_array (payload))
    return NULL;
  json_array_foreach (payload, i, member)
    {
      GVariant *child = to_variant (member, flags, depth + 1, error);

      if (child == NULL)
        {
          g_prefix_error (error, "[%zu]: ", i);
          return NULL;
        }
      g_variant_builder_add (builder, "v", child);
    }
  return g_variant_builder_end (builder);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* Keys sorted: a{sv} is an array, and equal items should give equal
 * variants whatever order the server wrote them in. */
static GVariant *
map_to_variant (json_t *payload, GawsDynamodbValueFlags flags, guint depth, GError **error)
{
  g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  const char *key;
  json_t *member;

  if (!json_is_object (payload))
    return NULL;
  json_object_foreach (payload, key, member)
    g_ptr_array_add (keys, (gpointer) key);
  g_ptr_array_sort (keys, compare_strings);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *name = keys->pdata[i];
      GVariant *child = to_variant (json_object_get (payload, name), flags, depth + 1, error);

      if (child == NULL)
        {
          g_prefix_error (error, "“%s”: ", name);
          return NULL;
        }
      g_variant_builder_add (builder, "{sv}", name, child);
    }
  return g_variant_builder_end (builder);
}

static GVariant *
typed_to_variant (const char *type, json_t *payload, GawsDynamodbValueFlags flags, guint depth,
                  GError **error)
{
  if (g_str_equal (type, "S"))
    return json_is_string (payload) ? g_variant_new_string (json_string_value (payload)) : NULL;
  if (g_str_equal (type, "N"))
    return number_to_variant (payload, flags, error);
  if (g_str_equal (type, "B"))
    return binary_to_variant (payload, error);
  if (g_str_equal (type, "BOOL"))
    return json_is_boolean (payload) ? g_variant_new_boolean (json_is_true (payload)) : NULL;
  if (g_str_equal (type, "NULL"))
    return json_is_true (payload) ? g_variant_new_maybe (G_VARIANT_TYPE_VARIANT, NULL) : NULL;
  if (g_str_equal (type, "L"))
    return list_to_variant (payload, flags, depth, error);
  if (g_str_equal (type, "M"))
    return map_to_variant (payload, flags, depth, error);
  if (g_str_equal (type, "SS") || g_str_equal (type, "NS") || g_str_equal (type, "BS"))
    return set_to_variant (type, payload, error);
  return NULL;
}

static GVariant *
to_variant (json_t *av, GawsDynamodbValueFlags flags, guint depth, GError **error)
{
  const char *type;
  GVariant *value = NULL;

  if (!check_depth (depth, error))
    return NULL;
  if (json_is_object (av) && json_object_size (av) == 1)
    {
      type = json_object_iter_key (json_object_iter (av));
      value = typed_to_variant (type, json_object_get (av, type), flags, depth, error);
    }
  if (value == NULL && (error == NULL || *error == NULL))
    {
      g_autofree char *text = json_dumps (av, JSON_COMPACT | JSON_ENCODE_ANY);
      set_invalid (error, "not a DynamoDB AttributeValue: %.80s", text ? text : "?");
    }
  return value;
}

/**
 * gaws_dynamodb_value_json_to_variant: (skip)
 * @attribute_value: an AttributeValue
 * @flags: how to give numbers back
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the natural value, not floating, or %NULL
 */
GVariant *
gaws_dynamodb_value_json_to_variant (json_t *attribute_value, GawsDynamodbValueFlags flags, GError **error)
{
  GVariant *value;

  g_return_val_if_fail (attribute_value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  value = to_variant (attribute_value, flags, 0, error);
  return value ? g_variant_ref_sink (value) : NULL;
}

/**
 * gaws_dynamodb_item_json_to_variant: (skip)
 * @item: a JSON object of AttributeValues
 * @flags: how to give numbers back
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the item as `a{sv}`, not floating, or %NULL
 */
GVariant *
gaws_dynamodb_item_json_to_variant (json_t *item, GawsDynamodbValueFlags flags, GError **error)
{
  GVariant *value;

  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_is_object (item))
    {
      set_invalid (error, "an item must be a JSON object of AttributeValues");
      return NULL;
    }
  value = map_to_variant (item, flags, 0, error);
  return value ? g_variant_ref_sink (value) : NULL;
}

/* ---- the text API ---- */

static json_t *
load (const char *text, GError **error)
{
  json_error_t json_error;
  json_t *json = json_loads (text, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &json_error);

  if (json == NULL)
    set_invalid (error, "invalid JSON: %s (line %d, column %d)", json_error.text,
                 json_error.line, json_error.column);
  return json;
}

static char *
dump_and_free (json_t *json)
{
  char *text;

  if (json == NULL)
    return NULL;
  text = json_dumps (json, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
  json_decref (json);
  return text;
}

/**
 * gaws_dynamodb_value_from_variant:
 * @value: a natural value (see the mapping above); a floating reference is
 *   consumed
 * @error: return location for a #GError
 *
 * Converts a natural value to DynamoDB's wire form, as boto3's
 * `TypeSerializer.serialize()` does: `<"x">` gives `{"S":"x"}`, `<42>`
 * gives `{"N":"42"}`.
 *
 * Returns: (transfer full): the AttributeValue as compact JSON text, or
 *   %NULL with a %GAWS_ERROR_INVALID_ARGUMENT error
 */
char *
gaws_dynamodb_value_from_variant (GVariant  *value,
                                  GError   **error)
{
  return dump_and_free (gaws_dynamodb_value_json_from_variant (value, error));
}

/**
 * gaws_dynamodb_value_to_variant:
 * @attribute_value: an AttributeValue as JSON text, such as `{"N":"1.5"}`
 * @flags: how to give numbers back
 * @error: return location for a #GError
 *
 * Converts DynamoDB's wire form to a natural value, as boto3's
 * `TypeDeserializer.deserialize()` does.
 *
 * Returns: (transfer full): the natural value, or %NULL with a
 *   %GAWS_ERROR_INVALID_ARGUMENT error if @attribute_value is not a valid
 *   AttributeValue
 */
GVariant *
gaws_dynamodb_value_to_variant (const char              *attribute_value,
                                GawsDynamodbValueFlags   flags,
                                GError                 **error)
{
  json_t *json;
  GVariant *value;

  g_return_val_if_fail (attribute_value != NULL, NULL);

  if ((json = load (attribute_value, error)) == NULL)
    return NULL;
  value = gaws_dynamodb_value_json_to_variant (json, flags, error);
  json_decref (json);
  return value;
}

/**
 * gaws_dynamodb_value_from_json:
 * @json: a value as plain JSON, such as `[1.5, "x", {"$SS": ["a"]}]`
 * @error: return location for a #GError
 *
 * Converts plain JSON (see the mapping above) to DynamoDB's wire form.
 * Numbers keep every digit of their text.
 *
 * Returns: (transfer full): the AttributeValue as compact JSON text, or
 *   %NULL with a %GAWS_ERROR_INVALID_ARGUMENT error
 */
char *
gaws_dynamodb_value_from_json (const char  *json,
                               GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return dump_and_free (gaws_dynamodb_value_json_from_natural (json, error));
}

/**
 * gaws_dynamodb_value_to_json:
 * @attribute_value: an AttributeValue as JSON text
 * @error: return location for a #GError
 *
 * Converts DynamoDB's wire form to plain JSON (see the mapping above):
 * `{"M":{"n":{"N":"1.50"}}}` gives `{"n":1.5}`.
 *
 * Returns: (transfer full): compact JSON text with sorted keys, or %NULL
 *   with a %GAWS_ERROR_INVALID_ARGUMENT error
 */
char *
gaws_dynamodb_value_to_json (const char  *attribute_value,
                             GError     **error)
{
  json_t *json;
  char *text;

  g_return_val_if_fail (attribute_value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((json = load (attribute_value, error)) == NULL)
    return NULL;
  text = gaws_dynamodb_value_json_to_natural (json, error);
  json_decref (json);
  return text;
}

/**
 * gaws_dynamodb_item_from_variant:
 * @item: an item as `a{sv}` (or any `a{s*}`); a floating reference is
 *   consumed
 * @error: return location for a #GError
 *
 * Converts an item, as `PutItem`'s `Item` and `GetItem`'s `Key` want it:
 * `{'pk': <'test1'>}` gives `{"pk":{"S":"test1"}}`.
 *
 * Returns: (transfer full): a JSON object of AttributeValues, or %NULL with
 *   a %GAWS_ERROR_INVALID_ARGUMENT error
 */
char *
gaws_dynamodb_item_from_variant (GVariant  *item,
                                 GError   **error)
{
  return dump_and_free (gaws_dynamodb_item_json_from_variant (item, error));
}

/**
 * gaws_dynamodb_item_to_variant:
 * @item: a JSON object of AttributeValues, as `GetItem` returns `Item`
 * @flags: how to give numbers back
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the item as `a{sv}` with sorted keys, or %NULL
 *   with a %GAWS_ERROR_INVALID_ARGUMENT error
 */
GVariant *
gaws_dynamodb_item_to_variant (const char              *item,
                               GawsDynamodbValueFlags   flags,
                               GError                 **error)
{
  json_t *json;
  GVariant *value;

  g_return_val_if_fail (item != NULL, NULL);

  if ((json = load (item, error)) == NULL)
    return NULL;
  value = gaws_dynamodb_item_json_to_variant (json, flags, error);
  json_decref (json);
  return value;
}

/**
 * gaws_dynamodb_item_from_json:
 * @json: an item as a plain JSON object, such as `{"pk": "a", "n": 1}`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a JSON object of AttributeValues, or %NULL with
 *   a %GAWS_ERROR_INVALID_ARGUMENT error
 */
char *
gaws_dynamodb_item_from_json (const char  *json,
                              GError     **error)
{
  json_t *av;
  json_t *map;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((av = gaws_dynamodb_value_json_from_natural (json, error)) == NULL)
    return NULL;
  if ((map = json_object_get (av, "M")) == NULL)
    {
      json_decref (av);
      set_invalid (error, "an item must be a JSON object");
      return NULL;
    }
  json_incref (map);
  json_decref (av);
  return dump_and_free (map);
}

/**
 * gaws_dynamodb_item_to_json:
 * @item: a JSON object of AttributeValues
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the item as a plain JSON object, or %NULL with
 *   a %GAWS_ERROR_INVALID_ARGUMENT error
 */
char *
gaws_dynamodb_item_to_json (const char  *item,
                            GError     **error)
{
  json_t *json;
  json_t *av;
  char *text;

  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((json = load (item, error)) == NULL)
    return NULL;
  if (!json_is_object (json))
    {
      json_decref (json);
      set_invalid (error, "an item must be a JSON object of AttributeValues");
      return NULL;
    }
  av = av_new ("M", json);
  text = gaws_dynamodb_value_json_to_natural (av, error);
  json_decref (av);
  return text;
}

/* ---- builders of the tagged forms ---- */

static GVariant *
floating_from_av (json_t *av, GError **error)
{
  GVariant *value;

  if (av == NULL)
    return NULL;
  value = to_variant (av, GAWS_DYNAMODB_VALUE_DEFAULT, 0, error);
  json_decref (av);
  return value;
}

/**
 * gaws_dynamodb_value_new_number:
 * @number: decimal text, such as `0.1` or `-12e3`
 * @error: return location for a #GError
 *
 * Builds the tagged number `("N", <"…">)`, normalized as
 * gaws_dynamodb_number_normalize() does: how to pass a number from a
 * language whose own numbers are doubles without rounding it.
 *
 * Returns: (transfer none): a floating reference to the number, or %NULL
 *   with a %GAWS_ERROR_INVALID_ARGUMENT error
 */
GVariant *
gaws_dynamodb_value_new_number (const char  *number,
                                GError     **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((text = gaws_dynamodb_number_normalize (number, error)) == NULL)
    return NULL;
  return tagged ("N", g_variant_new_string (text));
}

static GVariant *
new_text_set (const char *type, const char * const *members, GError **error)
{
  json_t *array = json_array ();

  for (gsize i = 0; members != NULL && members[i] != NULL; i++)
    {
      g_autofree char *text = g_str_equal (type, "NS")
                              ? gaws_dynamodb_number_normalize (members[i], error) : g_strdup (members[i]);
      if (text == NULL)
        {
          g_prefix_error (error, "%s[%" G_GSIZE_FORMAT "]: ", type, i);
          json_decref (array);
          return NULL;
        }
      json_array_append_new (array, json_string (text));
    }
  return floating_from_av (gaws_dynamodb_value_json_new_set (type, array, error), error);
}

/**
 * gaws_dynamodb_value_new_string_set:
 * @members: (array zero-terminated=1): the strings
 * @error: return location for a #GError
 *
 * Builds the tagged string set `("SS", <[…]>)`, in the order given.
 *
 * Returns: (transfer none): a floating reference to the set, or %NULL with
 *   a %GAWS_ERROR_INVALID_ARGUMENT error if it is empty or has a duplicate
 */
GVariant *
gaws_dynamodb_value_new_string_set (const char * const  *members,
                                    GError             **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return new_text_set ("SS", members, error);
}

/**
 * gaws_dynamodb_value_new_number_set:
 * @members: (array zero-terminated=1): the numbers, as decimal text
 * @error: return location for a #GError
 *
 * Builds the tagged number set `("NS", <[…]>)`, members normalized.
 *
 * Returns: (transfer none): a floating reference to the set, or %NULL with
 *   a %GAWS_ERROR_INVALID_ARGUMENT error if it is empty, has a duplicate
 *   (`1` and `1.0` are one number) or an invalid number
 */
GVariant *
gaws_dynamodb_value_new_number_set (const char * const  *members,
                                    GError             **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return new_text_set ("NS", members, error);
}

/**
 * gaws_dynamodb_value_new_binary_set:
 * @members: (array length=n_members): the byte strings
 * @n_members: how many there are
 * @error: return location for a #GError
 *
 * Builds the tagged binary set `("BS", <[…]>)`, in the order given.
 *
 * Returns: (transfer none): a floating reference to the set, or %NULL with
 *   a %GAWS_ERROR_INVALID_ARGUMENT error if it is empty or has a duplicate
 */
GVariant *
gaws_dynamodb_value_new_binary_set (GBytes * const  *members,
                                    guint            n_members,
                                    GError         **error)
{
  json_t *array = json_array ();

  g_return_val_if_fail (members != NULL || n_members == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < n_members; i++)
    {
      gsize size;
      gconstpointer data = g_bytes_get_data (members[i], &size);
      g_autofree char *text = g_base64_encode (data, size);

      json_array_append_new (array, json_string (text));
    }
  return floating_from_av (gaws_dynamodb_value_json_new_set ("BS", array, error), error);
}
