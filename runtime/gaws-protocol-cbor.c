/* gaws-protocol-cbor.c: CBOR (RFC 8949) and the Smithy RPC v2 CBOR protocol
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-protocol-cbor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "gaws-error.h"
#include "gaws-protocol-query.h"
#include "gaws-protocol-rest.h"
#include "gaws-protocol-util.h"

/* rpc-v2-cbor POSTs the input as a CBOR map of member names to
 * `/service/<Service>/operation/<Op>`; timestamps are tag 1 (epoch
 * seconds), blobs byte strings. The decoder reads any well-formed item
 * (indefinite lengths, half floats) into a small tree first, which the
 * shapes then read: the wire order of map keys does not matter. */

#define MAX_DEPTH 64

/* Decoding. */

typedef struct {
  const guint8 *p;
  const guint8 *end;
  guint         depth;
} Reader;

static gboolean
fail (GError    **error,
      const char *what)
{
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL, "Invalid CBOR in the response: %s", what);
  return FALSE;
}

static GawsCborItem *
item_new (GawsCborType type)
{
  GawsCborItem *item = g_new0 (GawsCborItem, 1);

  item->type = type;
  return item;
}

/**
 * gaws_cbor_item_free:
 * @item: (nullable): a #GawsCborItem
 *
 * Frees @item and what it holds.
 */
void
gaws_cbor_item_free (GawsCborItem *item)
{
  if (item == NULL)
    return;
  if (item->data != NULL)
    g_byte_array_unref (item->data);
  if (item->items != NULL)
    g_ptr_array_unref (item->items);
  g_free (item);
}

static gboolean
read_bytes (Reader        *r,
            gsize          n,
            const guint8 **out,
            GError       **error)
{
  if ((gsize) (r->end - r->p) < n)
    return fail (error, "truncated");
  *out = r->p;
  r->p += n;
  return TRUE;
}

static gboolean
read_argument (Reader   *r,
               guint8    info,
               guint64  *value,
               GError  **error)
{
  const guint8 *bytes;
  gsize n;

  if (info < 24)
    {
      *value = info;
      return TRUE;
    }
  if (info > 27)
    return fail (error, "reserved additional information");
  n = (gsize) 1 << (info - 24);
  if (!read_bytes (r, n, &bytes, error))
    return FALSE;
  *value = 0;
  for (gsize i = 0; i < n; i++)
    *value = (*value << 8) | bytes[i];
  return TRUE;
}

static double
half_to_double (guint16 half)
{
  int exponent = (half >> 10) & 0x1f;
  int mantissa = half & 0x3ff;
  double value;

  if (exponent == 0)
    value = ldexp (mantissa, -24);
  else if (exponent != 31)
    value = ldexp (mantissa + 1024, exponent - 25);
  else
    value = mantissa == 0 ? INFINITY : NAN;
  return (half & 0x8000) ? -value : value;
}

static GawsCborItem *decode_item (Reader *r, GError **error);

static gboolean
at_break (Reader *r)
{
  if (r->p < r->end && *r->p == 0xff)
    {
      r->p++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
decode_string (Reader        *r,
               guint8         major,
               guint8         info,
               GawsCborItem  *item,
               GError       **error)
{
  const guint8 *bytes;
  guint64 length;

  /* Sized, so that even an empty string has data to point at. */
  item->data = g_byte_array_sized_new (1);
  if (info != 31)
    {
      if (!read_argument (r, info, &length, error) || !read_bytes (r, length, &bytes, error))
        return FALSE;
      g_byte_array_append (item->data, bytes, (guint) length);
      return TRUE;
    }
  /* Indefinite: definite chunks of the same major type, then a break. */
  while (!at_break (r))
    {
      guint8 head;

      if (r->p >= r->end)
        return fail (error, "unterminated string");
      head = *r->p++;
      if (head >> 5 != major || (head & 31) == 31)
        return fail (error, "bad chunk in an indefinite string");
      if (!read_argument (r, head & 31, &length, error) || !read_bytes (r, length, &bytes, error))
        return FALSE;
      if (item->data->len + length > G_MAXUINT)
        return fail (error, "string too long");
      g_byte_array_append (item->data, bytes, (guint) length);
    }
  return TRUE;
}

static gboolean
decode_items (Reader        *r,
              guint8         info,
              guint          per_entry,
              GawsCborItem  *item,
              GError       **error)
{
  guint64 count;

  item->items = g_ptr_array_new_with_free_func ((GDestroyNotify) gaws_cbor_item_free);
  if (info == 31)
    {
      while (!at_break (r))
        for (guint k = 0; k < per_entry; k++)
          {
            GawsCborItem *child = decode_item (r, error);

            if (child == NULL)
              return FALSE;
            g_ptr_array_add (item->items, child);
          }
      return TRUE;
    }
  if (!read_argument (r, info, &count, error))
    return FALSE;
  /* Every item takes a byte at least: a count beyond that is a lie. */
  if (count > (guint64) (r->end - r->p) / per_entry)
    return fail (error, "count beyond the end of the data");
  for (guint64 i = 0; i < count * per_entry; i++)
    {
      GawsCborItem *child = decode_item (r, error);

      if (child == NULL)
        return FALSE;
      g_ptr_array_add (item->items, child);
    }
  return TRUE;
}

static gboolean
decode_simple (Reader        *r,
               guint8         info,
               GawsCborItem  *item,
               GError       **error)
{
  const guint8 *bytes;
  guint64 bits;

  switch (info)
    {
    case 20:
    case 21:
      item->type = GAWS_CBOR_TYPE_BOOLEAN;
      item->uint = info == 21;
      return TRUE;
    case 22:
      item->type = GAWS_CBOR_TYPE_NULL;
      return TRUE;
    case 24:
      item->type = GAWS_CBOR_TYPE_UNDEFINED;
      return read_bytes (r, 1, &bytes, error);
    case 25:
    case 26:
    case 27:
      if (!read_argument (r, info, &bits, error))
        return FALSE;
      item->type = GAWS_CBOR_TYPE_FLOAT;
      if (info == 25)
        item->number = half_to_double ((guint16) bits);
      else if (info == 26)
        {
          guint32 word = (guint32) bits;
          float single;

          memcpy (&single, &word, sizeof single);
          item->number = single;
        }
      else
        memcpy (&item->number, &bits, sizeof item->number);
      return TRUE;
    case 28:
    case 29:
    case 30:
      return fail (error, "reserved simple value");
    case 31:
      return fail (error, "unexpected break");
    default:
      item->type = GAWS_CBOR_TYPE_UNDEFINED;
      return TRUE;
    }
}

static GawsCborItem *
decode_item (Reader  *r,
             GError **error)
{
  g_autoptr(GawsCborItem) item = NULL;
  GawsCborItem *child;
  guint8 head, major, info;
  gboolean ok = FALSE;

  if (r->p >= r->end)
    {
      fail (error, "truncated");
      return NULL;
    }
  if (r->depth >= MAX_DEPTH)
    {
      fail (error, "nested too deep");
      return NULL;
    }
  head = *r->p++;
  major = head >> 5;
  info = head & 31;
  r->depth++;
  switch (major)
    {
    case 0:
    case 1:
      item = item_new (GAWS_CBOR_TYPE_INTEGER);
      item->negative = major == 1;
      ok = read_argument (r, info, &item->uint, error);
      break;
    case 2:
    case 3:
      item = item_new (major == 2 ? GAWS_CBOR_TYPE_BYTES : GAWS_CBOR_TYPE_TEXT);
      ok = decode_string (r, major, info, item, error);
      if (ok && major == 3 && !g_utf8_validate_len ((const char *) item->data->data, item->data->len, NULL))
        ok = fail (error, "text is not UTF-8");
      break;
    case 4:
    case 5:
      item = item_new (major == 4 ? GAWS_CBOR_TYPE_ARRAY : GAWS_CBOR_TYPE_MAP);
      ok = decode_items (r, info, major == 4 ? 1 : 2, item, error);
      break;
    case 6:
      item = item_new (GAWS_CBOR_TYPE_TAG);
      ok = read_argument (r, info, &item->uint, error);
      if (ok && (child = decode_item (r, error)) != NULL)
        {
          item->items = g_ptr_array_new_with_free_func ((GDestroyNotify) gaws_cbor_item_free);
          g_ptr_array_add (item->items, child);
        }
      else
        ok = FALSE;
      break;
    default:
      item = item_new (GAWS_CBOR_TYPE_UNDEFINED);
      ok = decode_simple (r, info, item, error);
      break;
    }
  r->depth--;
  return ok ? g_steal_pointer (&item) : NULL;
}

/**
 * gaws_cbor_decode:
 * @data: (array length=length): one encoded CBOR item
 * @length: its length
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the item, or %NULL with @error set
 *   when @data is not exactly one well-formed item
 */
GawsCborItem *
gaws_cbor_decode (const guint8  *data,
                  gsize          length,
                  GError       **error)
{
  Reader r = { data, data + length, 0 };
  GawsCborItem *item = decode_item (&r, error);

  if (item != NULL && r.p != r.end)
    {
      gaws_cbor_item_free (item);
      fail (error, "data after the item");
      return NULL;
    }
  return item;
}

static json_t *
double_to_json (double value)
{
  if (isnan (value))
    return json_string ("NaN");
  if (isinf (value))
    return json_string (value > 0 ? "Infinity" : "-Infinity");
  return json_real (value);
}

/**
 * gaws_cbor_item_to_json:
 * @item: a #GawsCborItem
 *
 * A JSON picture of @item, to compare and print: byte strings become
 * `{"$bytes": base64}`, tags `{"$tag": n, "$value": item}`, non-finite
 * floats the strings `NaN`, `Infinity` and `-Infinity`.
 *
 * Returns: (transfer full): a new JSON value
 */
json_t *
gaws_cbor_item_to_json (GawsCborItem *item)
{
  json_t *json;
  g_autofree char *base64 = NULL;

  switch (item->type)
    {
    case GAWS_CBOR_TYPE_INTEGER:
      if (item->uint <= G_MAXINT64)
        return json_integer (item->negative ? -1 - (json_int_t) item->uint : (json_int_t) item->uint);
      return json_real (item->negative ? -1.0 - (double) item->uint : (double) item->uint);
    case GAWS_CBOR_TYPE_BYTES:
      base64 = g_base64_encode (item->data->data, item->data->len);
      return json_pack ("{s:s}", "$bytes", base64);
    case GAWS_CBOR_TYPE_TEXT:
      return json_stringn ((const char *) item->data->data, item->data->len);
    case GAWS_CBOR_TYPE_ARRAY:
      json = json_array ();
      for (guint i = 0; i < item->items->len; i++)
        json_array_append_new (json, gaws_cbor_item_to_json (item->items->pdata[i]));
      return json;
    case GAWS_CBOR_TYPE_MAP:
      json = json_object ();
      for (guint i = 0; i + 1 < item->items->len; i += 2)
        {
          GawsCborItem *key = item->items->pdata[i];
          g_autofree char *name = key->type == GAWS_CBOR_TYPE_TEXT
                                  ? g_strndup ((const char *) key->data->data, key->data->len)
                                  : g_strdup ("$non-text-key");

          json_object_set_new (json, name, gaws_cbor_item_to_json (item->items->pdata[i + 1]));
        }
      return json;
    case GAWS_CBOR_TYPE_TAG:
      return json_pack ("{s:I, s:o}", "$tag", (json_int_t) item->uint,
                        "$value", gaws_cbor_item_to_json (item->items->pdata[0]));
    case GAWS_CBOR_TYPE_BOOLEAN:
      return json_boolean (item->uint);
    case GAWS_CBOR_TYPE_NULL:
      return json_null ();
    case GAWS_CBOR_TYPE_FLOAT:
      return double_to_json (item->number);
    case GAWS_CBOR_TYPE_UNDEFINED:
    default:
      return json_pack ("{s:b}", "$undefined", TRUE);
    }
}

/* Encoding. */

static void
put_head (GByteArray *out,
          guint8      major,
          guint64     value)
{
  guint8 bytes[9];
  guint n = 0;

  if (value < 24)
    bytes[n++] = (guint8) (major << 5 | value);
  else if (value <= G_MAXUINT8)
    {
      bytes[n++] = (guint8) (major << 5 | 24);
      bytes[n++] = (guint8) value;
    }
  else
    {
      guint size = value <= G_MAXUINT16 ? 2 : value <= G_MAXUINT32 ? 4 : 8;

      bytes[n++] = (guint8) (major << 5 | (size == 2 ? 25 : size == 4 ? 26 : 27));
      for (guint i = size; i > 0; i--)
        bytes[n++] = (guint8) (value >> ((i - 1) * 8));
    }
  g_byte_array_append (out, bytes, n);
}

static void
put_int (GByteArray *out,
         gint64      value)
{
  if (value >= 0)
    put_head (out, 0, (guint64) value);
  else
    put_head (out, 1, (guint64) (-(value + 1)));
}

static void
put_text (GByteArray *out,
          const char *text)
{
  gsize length = strlen (text);

  put_head (out, 3, length);
  g_byte_array_append (out, (const guint8 *) text, (guint) length);
}

/* Floats as single when that loses nothing, else double. */
static void
put_double (GByteArray *out,
            double      value)
{
  float single = (float) value;
  guint8 bytes[9];

  if ((double) single == value || isnan (value))
    {
      guint32 bits;

      memcpy (&bits, &single, sizeof bits);
      bytes[0] = 0xfa;
      for (guint i = 0; i < 4; i++)
        bytes[1 + i] = (guint8) (bits >> ((3 - i) * 8));
      g_byte_array_append (out, bytes, 5);
    }
  else
    {
      guint64 bits;

      memcpy (&bits, &value, sizeof bits);
      bytes[0] = 0xfb;
      for (guint i = 0; i < 8; i++)
        bytes[1 + i] = (guint8) (bits >> ((7 - i) * 8));
      g_byte_array_append (out, bytes, 9);
    }
}

static void
put_timestamp (GByteArray *out,
               GDateTime  *time)
{
  double seconds = gaws_protocol_timestamp_to_epoch (time);

  put_head (out, 6, 1);
  if (seconds == floor (seconds) && fabs (seconds) < 1e15)
    put_int (out, (gint64) seconds);
  else
    put_double (out, seconds);
}

static void encode_element (GByteArray *out, const GawsMemberInfo *member, gconstpointer element);

static void
encode_structure (GByteArray *out,
                  GawsShape  *shape)
{
  const GawsShapeInfo *info = gaws_shape_get_info (shape);
  guint n = 0;

  for (guint i = 0; i < info->n_members; i++)
    n += gaws_shape_get_value (shape, i) != NULL;
  put_head (out, 5, n);
  for (guint i = 0; i < info->n_members; i++)
    {
      const GawsMemberInfo *member = &info->members[i];
      const GValue *value = gaws_shape_get_value (shape, i);

      if (value == NULL)
        continue;
      put_text (out, member->name);
      if (G_VALUE_HOLDS_INT (value))
        put_int (out, g_value_get_int (value));
      else if (G_VALUE_HOLDS_INT64 (value))
        put_int (out, g_value_get_int64 (value));
      else if (G_VALUE_HOLDS_BOOLEAN (value))
        g_byte_array_append (out, (const guint8 *) (g_value_get_boolean (value) ? "\xf5" : "\xf4"), 1);
      else if (G_VALUE_HOLDS_DOUBLE (value))
        put_double (out, g_value_get_double (value));
      else if (G_VALUE_HOLDS (value, G_TYPE_INPUT_STREAM))
        put_head (out, 7, 22);
      else
        encode_element (out, member, g_value_peek_pointer (value));
    }
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
encode_element (GByteArray           *out,
                const GawsMemberInfo *member,
                gconstpointer         element)
{
  GVariant *variant = (GVariant *) element;

  if (element == NULL)
    {
      put_head (out, 7, 22);
      return;
    }
  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRING:
    case GAWS_SHAPE_KIND_DOCUMENT:
      put_text (out, element);
      break;
    case GAWS_SHAPE_KIND_BLOB:
      put_head (out, 2, g_bytes_get_size ((GBytes *) element));
      g_byte_array_append (out, g_bytes_get_data ((GBytes *) element, NULL),
                           (guint) g_bytes_get_size ((GBytes *) element));
      break;
    case GAWS_SHAPE_KIND_TIMESTAMP:
      put_timestamp (out, (GDateTime *) element);
      break;
    case GAWS_SHAPE_KIND_INTEGER:
      put_int (out, g_variant_get_int32 (variant));
      break;
    case GAWS_SHAPE_KIND_LONG:
      put_int (out, g_variant_get_int64 (variant));
      break;
    case GAWS_SHAPE_KIND_BOOLEAN:
      put_head (out, 7, g_variant_get_boolean (variant) ? 21 : 20);
      break;
    case GAWS_SHAPE_KIND_FLOAT:
    case GAWS_SHAPE_KIND_DOUBLE:
      put_double (out, g_variant_get_double (variant));
      break;
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
      encode_structure (out, (GawsShape *) element);
      break;
    case GAWS_SHAPE_KIND_LIST:
      {
        GPtrArray *list = (GPtrArray *) element;

        put_head (out, 4, list->len);
        for (guint i = 0; i < list->len; i++)
          encode_element (out, &member->shape->members[0], list->pdata[i]);
      }
      break;
    case GAWS_SHAPE_KIND_MAP:
      {
        g_autofree const char **keys = NULL;
        guint n_keys;

        keys = (const char **) g_hash_table_get_keys_as_array ((GHashTable *) element, &n_keys);
        qsort (keys, n_keys, sizeof (char *), compare_strings);
        put_head (out, 5, n_keys);
        for (guint i = 0; i < n_keys; i++)
          {
            put_text (out, keys[i]);
            encode_element (out, &member->shape->members[1], g_hash_table_lookup ((GHashTable *) element, keys[i]));
          }
      }
      break;
    default:
      put_head (out, 7, 22);
      break;
    }
}

/* Reading shapes. */

static gboolean read_structure (GawsShape *shape, GawsCborItem *map, GError **error);

static gboolean
item_to_double (GawsCborItem *item,
                double       *value)
{
  if (item->type == GAWS_CBOR_TYPE_FLOAT)
    *value = item->number;
  else if (item->type == GAWS_CBOR_TYPE_INTEGER)
    *value = item->negative ? -1.0 - (double) item->uint : (double) item->uint;
  else
    return FALSE;
  return TRUE;
}

static gboolean
item_to_int64 (GawsCborItem *item,
               gint64       *value)
{
  if (item->type == GAWS_CBOR_TYPE_INTEGER && item->uint <= G_MAXINT64)
    *value = item->negative ? -1 - (gint64) item->uint : (gint64) item->uint;
  else if (item->type == GAWS_CBOR_TYPE_FLOAT && item->number == floor (item->number) &&
           fabs (item->number) < 9.2e18)
    *value = (gint64) item->number;
  else
    return FALSE;
  return TRUE;
}

static gboolean
is_null (GawsCborItem *item)
{
  return item->type == GAWS_CBOR_TYPE_NULL || item->type == GAWS_CBOR_TYPE_UNDEFINED;
}

static gboolean
item_to_element (const GawsMemberInfo  *member,
                 GawsCborItem          *item,
                 gpointer              *element,
                 GError               **error)
{
  const GawsShapeInfo *shape = member->shape;
  gboolean sparse = (shape->flags & GAWS_SHAPE_FLAG_SPARSE) != 0;
  double number;
  gint64 integer;

  switch ((GawsShapeKind) shape->kind)
    {
    case GAWS_SHAPE_KIND_STRING:
    case GAWS_SHAPE_KIND_DOCUMENT:
      if (item->type != GAWS_CBOR_TYPE_TEXT)
        break;
      *element = g_strndup ((const char *) item->data->data, item->data->len);
      return TRUE;
    case GAWS_SHAPE_KIND_BLOB:
      if (item->type != GAWS_CBOR_TYPE_BYTES && item->type != GAWS_CBOR_TYPE_TEXT)
        break;
      *element = g_bytes_new (item->data->data, item->data->len);
      return TRUE;
    case GAWS_SHAPE_KIND_TIMESTAMP:
      if (item->type == GAWS_CBOR_TYPE_TAG && item->uint == 1)
        item = item->items->pdata[0];
      if (!item_to_double (item, &number) || (*element = gaws_protocol_timestamp_from_epoch (number)) == NULL)
        break;
      return TRUE;
    case GAWS_SHAPE_KIND_INTEGER:
      if (!item_to_int64 (item, &integer) || integer < G_MININT32 || integer > G_MAXINT32)
        break;
      *element = g_variant_ref_sink (g_variant_new_int32 ((gint32) integer));
      return TRUE;
    case GAWS_SHAPE_KIND_LONG:
      if (!item_to_int64 (item, &integer))
        break;
      *element = g_variant_ref_sink (g_variant_new_int64 (integer));
      return TRUE;
    case GAWS_SHAPE_KIND_BOOLEAN:
      if (item->type != GAWS_CBOR_TYPE_BOOLEAN)
        break;
      *element = g_variant_ref_sink (g_variant_new_boolean (item->uint != 0));
      return TRUE;
    case GAWS_SHAPE_KIND_FLOAT:
    case GAWS_SHAPE_KIND_DOUBLE:
      if (!item_to_double (item, &number))
        break;
      *element = g_variant_ref_sink (g_variant_new_double (number));
      return TRUE;
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
      {
        GawsShape *structure;

        if (item->type != GAWS_CBOR_TYPE_MAP)
          break;
        structure = gaws_shape_new (shape);
        if (!read_structure (structure, item, error))
          {
            g_object_unref (structure);
            return FALSE;
          }
        *element = structure;
        return TRUE;
      }
    case GAWS_SHAPE_KIND_LIST:
      {
        g_autoptr(GPtrArray) list = NULL;

        if (item->type != GAWS_CBOR_TYPE_ARRAY)
          break;
        list = gaws_shape_info_new_list (shape);
        for (guint i = 0; i < item->items->len; i++)
          {
            gpointer value = NULL;

            if (is_null (item->items->pdata[i]))
              {
                if (sparse)
                  g_ptr_array_add (list, NULL);
                continue;
              }
            if (!item_to_element (&shape->members[0], item->items->pdata[i], &value, error))
              return FALSE;
            g_ptr_array_add (list, value);
          }
        *element = g_steal_pointer (&list);
        return TRUE;
      }
    case GAWS_SHAPE_KIND_MAP:
      {
        g_autoptr(GHashTable) map = NULL;

        if (item->type != GAWS_CBOR_TYPE_MAP)
          break;
        map = gaws_shape_info_new_map (shape);
        for (guint i = 0; i + 1 < item->items->len; i += 2)
          {
            GawsCborItem *key = item->items->pdata[i];
            GawsCborItem *value_item = item->items->pdata[i + 1];
            gpointer value = NULL;

            if (key->type != GAWS_CBOR_TYPE_TEXT || (is_null (value_item) && !sparse))
              continue;
            if (!is_null (value_item) && !item_to_element (&shape->members[1], value_item, &value, error))
              return FALSE;
            g_hash_table_replace (map, g_strndup ((const char *) key->data->data, key->data->len), value);
          }
        *element = g_steal_pointer (&map);
        return TRUE;
      }
    default:
      break;
    }
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL,
               "Invalid value for %s in the response", member->name);
  return FALSE;
}

static gboolean
read_structure (GawsShape     *shape,
                GawsCborItem  *map,
                GError       **error)
{
  const GawsShapeInfo *info = gaws_shape_get_info (shape);

  for (guint i = 0; i + 1 < map->items->len; i += 2)
    {
      GawsCborItem *key = map->items->pdata[i];
      GawsCborItem *value = map->items->pdata[i + 1];
      g_autofree char *name = NULL;
      gpointer element = NULL;
      gint index;

      /* Unknown keys, such as an error's `__type`, and nulls are skipped. */
      if (key->type != GAWS_CBOR_TYPE_TEXT || is_null (value))
        continue;
      name = g_strndup ((const char *) key->data->data, key->data->len);
      index = gaws_shape_info_find_member (info, name);
      if (index < 0)
        continue;
      if (!item_to_element (&info->members[index], value, &element, error))
        return FALSE;
      gaws_protocol_take_element (shape, (guint) index, element);
    }
  return TRUE;
}

/* The codec. */

static GawsHttpRequest *
cbor_serialize (const GawsOperationInfo  *op,
                GawsShape                *input,
                GError                  **error)
{
  const GawsServiceInfo *service = op->service;
  GawsHttpRequest *request = gaws_http_request_new ("POST");
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);
  const char *service_name = service->target_prefix ? service->target_prefix : service->service_id;
  g_autofree char *path = g_strdup_printf ("/service/%s/operation/%s", service_name ? service_name : "", op->name);

  gaws_http_request_set_path (request, path);
  gaws_http_headers_replace (headers, "smithy-protocol", "rpc-v2-cbor");
  gaws_http_headers_replace (headers, "Accept", "application/cbor");
  if (service->flags & GAWS_SERVICE_FLAG_QUERY_COMPATIBLE)
    gaws_http_headers_replace (headers, "x-amzn-query-mode", "true");
  /* An operation without input sends no body at all. */
  if (op->input != NULL)
    {
      GByteArray *out = g_byte_array_new ();
      g_autoptr(GBytes) body = NULL;

      if (input != NULL)
        encode_structure (out, input);
      else
        put_head (out, 5, 0);
      body = g_byte_array_free_to_bytes (out);
      gaws_http_request_set_body (request, body);
      gaws_http_headers_replace (headers, "Content-Type", "application/cbor");
    }
  return request;
}

static GawsCborItem *
decode_body (GawsHttpResponse  *response,
             gboolean          *empty,
             GError           **error)
{
  g_autoptr(GBytes) body = gaws_protocol_rest_get_body_bytes (response, error);

  *empty = FALSE;
  if (body == NULL)
    return NULL;
  if (g_bytes_get_size (body) == 0)
    {
      *empty = TRUE;
      return NULL;
    }
  return gaws_cbor_decode (g_bytes_get_data (body, NULL), g_bytes_get_size (body), error);
}

static GawsShape *
cbor_deserialize (const GawsOperationInfo  *op,
                  GawsHttpResponse         *response,
                  GError                  **error)
{
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GawsCborItem) item = NULL;
  gboolean empty;

  if (op->output == NULL)
    return NULL;
  output = gaws_shape_new (op->output);
  item = decode_body (response, &empty, error);
  if (item == NULL)
    return empty ? g_steal_pointer (&output) : NULL;
  if (item->type != GAWS_CBOR_TYPE_MAP)
    {
      fail (error, "the body is not a map");
      return NULL;
    }
  if (!read_structure (output, item, error))
    return NULL;
  return g_steal_pointer (&output);
}

static GawsCborItem *
map_get (GawsCborItem *map,
         const char   *name)
{
  gsize length = strlen (name);

  for (guint i = 0; map != NULL && map->type == GAWS_CBOR_TYPE_MAP && i + 1 < map->items->len; i += 2)
    {
      GawsCborItem *key = map->items->pdata[i];

      if (key->type == GAWS_CBOR_TYPE_TEXT && key->data->len == length &&
          memcmp (key->data->data, name, length) == 0)
        return map->items->pdata[i + 1];
    }
  return NULL;
}

static char *
map_get_string (GawsCborItem *map,
                const char   *name)
{
  GawsCborItem *value = map_get (map, name);

  if (value == NULL || value->type != GAWS_CBOR_TYPE_TEXT)
    return NULL;
  return g_strndup ((const char *) value->data->data, value->data->len);
}

/* `smithy.protocoltests.rpcv2Cbor#InvalidGreeting` is `InvalidGreeting`. */
static char *
sanitize_error_code (const char *code)
{
  const char *start = strrchr (code, '#');
  const char *colon;

  start = start ? start + 1 : code;
  colon = strchr (start, ':');
  /* Codes may come from headers, which are bytes; codes must be UTF-8. */
  return g_utf8_make_valid (start, colon ? colon - start : -1);
}

static gboolean
cbor_parse_error (const GawsOperationInfo  *op,
                  GawsHttpResponse         *response,
                  char                    **code,
                  char                    **message,
                  GawsShape               **error_shape,
                  GError                  **error)
{
  const char *query_error = gaws_http_headers_get_one (gaws_http_response_get_headers (response),
                                                       "x-amzn-query-error");
  g_autoptr(GawsCborItem) item = NULL;
  g_autofree char *type = NULL;
  const GawsShapeInfo *shape;
  gboolean empty;

  *error_shape = NULL;
  /* A body that is not CBOR still is an error: the status tells it. */
  item = decode_body (response, &empty, NULL);
  if (item != NULL && item->type != GAWS_CBOR_TYPE_MAP)
    g_clear_pointer (&item, gaws_cbor_item_free);
  type = map_get_string (item, "__type");
  /* A service that left the query protocol keeps its old codes there. */
  if (query_error != NULL && strchr (query_error, ';') != NULL)
    *code = g_utf8_make_valid (query_error, strchr (query_error, ';') - query_error);
  else if (type != NULL)
    *code = sanitize_error_code (type);
  else
    *code = g_strdup_printf ("%u", gaws_http_response_get_status (response));
  *message = map_get_string (item, "message");
  if (*message == NULL)
    *message = map_get_string (item, "Message");
  shape = gaws_protocol_find_error_shape (op, *code);
  if (shape == NULL && type != NULL)
    {
      g_autofree char *sanitized = sanitize_error_code (type);
      shape = gaws_protocol_find_error_shape (op, sanitized);
    }
  if (shape != NULL)
    {
      /* The error came in a response: a malformed member must not hide it. */
      *error_shape = gaws_shape_new (shape);
      if (item != NULL)
        read_structure (*error_shape, item, NULL);
    }
  return TRUE;
}

static const GawsProtocolCodec rpc_v2_cbor_codec = {
  "smithy-rpc-v2-cbor", cbor_serialize, cbor_deserialize, cbor_parse_error,
};

/**
 * gaws_protocol_rpc_v2_cbor_get_codec:
 *
 * Returns: the codec of the `smithy-rpc-v2-cbor` protocol
 */
const GawsProtocolCodec *
gaws_protocol_rpc_v2_cbor_get_codec (void)
{
  return &rpc_v2_cbor_codec;
}
