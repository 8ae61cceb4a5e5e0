/* gaws-variant-json.c: plain GVariant values as jansson values
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-variant-json.h"

static json_t *
bytestring_to_json (GVariant *value)
{
  gsize length = 0;
  const guint8 *data = g_variant_get_fixed_array (value, &length, 1);
  g_autofree char *text = g_base64_encode (data, length);

  /* Blobs are base64 text in the form gaws_shape_new_from_json() reads. */
  return json_string (text);
}

static json_t *
dict_to_json (GVariant *value)
{
  json_t *object = json_object ();

  for (gsize i = 0; i < g_variant_n_children (value); i++)
    {
      g_autoptr(GVariant) entry = g_variant_get_child_value (value, i);
      g_autoptr(GVariant) key = g_variant_get_child_value (entry, 0);
      g_autoptr(GVariant) item = g_variant_get_child_value (entry, 1);
      json_t *converted;

      if (!g_variant_is_of_type (key, G_VARIANT_TYPE_STRING) || (converted = gaws_variant_to_json (item)) == NULL)
        {
          json_decref (object);
          return NULL;
        }
      json_object_set_new (object, g_variant_get_string (key, NULL), converted);
    }
  return object;
}

static json_t *
array_to_json (GVariant *value)
{
  json_t *array = json_array ();

  for (gsize i = 0; i < g_variant_n_children (value); i++)
    {
      g_autoptr(GVariant) item = g_variant_get_child_value (value, i);
      json_t *converted = gaws_variant_to_json (item);

      if (converted == NULL)
        {
          json_decref (array);
          return NULL;
        }
      json_array_append_new (array, converted);
    }
  return array;
}

/*
 * gaws_variant_to_json:
 * @value: a GVariant holding plain data
 *
 * Converts @value to JSON: numbers, booleans and strings as themselves,
 * `ay` as base64 text, `a{s*}` as objects, other arrays as arrays, boxed
 * and maybe values as what they hold (nothing as null). This is what
 * gaws_shape_new_from_json() takes for the parameters of a call.
 *
 * Returns: (transfer full) (nullable): the JSON, or %NULL where @value
 *   holds something with no JSON form (a tuple, a handle, a dictionary
 *   with keys that are not strings)
 */
json_t *
gaws_variant_to_json (GVariant *value)
{
  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BOOLEAN:
      return json_boolean (g_variant_get_boolean (value));
    case G_VARIANT_CLASS_BYTE:
      return json_integer (g_variant_get_byte (value));
    case G_VARIANT_CLASS_INT16:
      return json_integer (g_variant_get_int16 (value));
    case G_VARIANT_CLASS_UINT16:
      return json_integer (g_variant_get_uint16 (value));
    case G_VARIANT_CLASS_INT32:
      return json_integer (g_variant_get_int32 (value));
    case G_VARIANT_CLASS_UINT32:
      return json_integer (g_variant_get_uint32 (value));
    case G_VARIANT_CLASS_INT64:
      return json_integer (g_variant_get_int64 (value));
    case G_VARIANT_CLASS_UINT64:
      /* json_int_t is signed: keep the largest values from wrapping. */
      return json_integer ((json_int_t) MIN (g_variant_get_uint64 (value), G_MAXINT64));
    case G_VARIANT_CLASS_DOUBLE:
      return json_real (g_variant_get_double (value));
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
      return json_string (g_variant_get_string (value, NULL));
    case G_VARIANT_CLASS_VARIANT:
      {
        g_autoptr(GVariant) inner = g_variant_get_variant (value);
        return gaws_variant_to_json (inner);
      }
    case G_VARIANT_CLASS_MAYBE:
      {
        g_autoptr(GVariant) inner = g_variant_get_maybe (value);
        return inner ? gaws_variant_to_json (inner) : json_null ();
      }
    case G_VARIANT_CLASS_ARRAY:
      if (g_variant_is_of_type (value, G_VARIANT_TYPE_BYTESTRING))
        return bytestring_to_json (value);
      if (g_variant_type_is_dict_entry (g_variant_type_element (g_variant_get_type (value))))
        return dict_to_json (value);
      return array_to_json (value);
    case G_VARIANT_CLASS_HANDLE:
    case G_VARIANT_CLASS_TUPLE:
    case G_VARIANT_CLASS_DICT_ENTRY:
    default:
      return NULL;
    }
}
