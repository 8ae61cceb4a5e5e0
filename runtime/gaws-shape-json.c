/* gaws-shape-json.c: GawsShape to and from jansson values
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-shape-json.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "gaws-decimal-private.h"
#include "gaws-error.h"
#include "gaws-protocol-util.h"
#include "gaws-scratch-private.h"
#include "gaws-spare-containers-private.h"
#include "gaws-word-private.h"

/* One walker serves the debugging form (model names, as boto3 params) and
 * the json protocols' body (location names, model timestamp formats): they
 * differ only in the flags. */

static json_t *element_to_json (const GawsMemberInfo *member,
                                gconstpointer         element,
                                GawsShapeJsonFlags    flags);

static const char *
member_key (const GawsMemberInfo *member,
            GawsShapeJsonFlags    flags)
{
  return (flags & GAWS_SHAPE_JSON_WIRE) ? gaws_member_info_get_wire_name (member) : member->name;
}

static GawsTimestampFormat
json_timestamp_format (const GawsMemberInfo *member,
                       GawsShapeJsonFlags    flags)
{
  GawsTimestampFormat format = GAWS_TIMESTAMP_FORMAT_DEFAULT;

  if (flags & GAWS_SHAPE_JSON_WIRE)
    format = gaws_member_info_get_timestamp_format (member);
  if (format == GAWS_TIMESTAMP_FORMAT_DEFAULT)
    format = (flags & (GAWS_SHAPE_JSON_WIRE | GAWS_SHAPE_JSON_TIMESTAMP_EPOCH))
             ? GAWS_TIMESTAMP_FORMAT_UNIX_TIMESTAMP : GAWS_TIMESTAMP_FORMAT_ISO8601;
  return format;
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

static json_t *
timestamp_to_json (const GawsMemberInfo *member,
                   GDateTime            *time,
                   GawsShapeJsonFlags    flags)
{
  GawsTimestampFormat format = json_timestamp_format (member, flags);
  g_autofree char *text = NULL;
  double epoch;

  if (format != GAWS_TIMESTAMP_FORMAT_UNIX_TIMESTAMP)
    {
      text = gaws_protocol_format_timestamp (time, format);
      return json_string (text);
    }
  epoch = gaws_protocol_timestamp_to_epoch (time);
  if (epoch == floor (epoch))
    return json_integer ((json_int_t) epoch);
  return json_real (epoch);
}

static json_t *
bytes_to_json (const guint8       *data,
               gsize               size,
               GawsShapeJsonFlags  flags)
{
  g_autofree char *encoded = NULL;

  if (flags & GAWS_SHAPE_JSON_BLOB_TEXT)
    return json_stringn_nocheck ((const char *) data, size);
  encoded = g_base64_encode (data, size);
  return json_string (encoded);
}

/* A stream is written only when it can be read and rewound, so that
 * looking at a response does not consume its body. */
static json_t *
stream_to_json (GInputStream       *stream,
                GawsShapeJsonFlags  flags)
{
  g_autoptr(GOutputStream) sink = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (!G_IS_SEEKABLE (stream) || !g_seekable_can_seek (G_SEEKABLE (stream)))
    return json_null ();
  sink = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (sink, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL) < 0 ||
      !g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, NULL, NULL))
    return json_null ();
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
  return bytes_to_json (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), flags);
}

static json_t *
string_to_json (const GawsMemberInfo *member,
                const char           *text,
                GawsShapeJsonFlags    flags)
{
  gboolean embed = member->shape->kind == GAWS_SHAPE_KIND_DOCUMENT ||
                   ((member->flags & GAWS_MEMBER_FLAG_JSONVALUE) && !(flags & GAWS_SHAPE_JSON_WIRE));
  json_t *parsed;

  if (!embed)
    return json_string (text);
  parsed = json_loads (text, JSON_DECODE_ANY, NULL);
  return parsed ? parsed : json_string (text);
}

static json_t *
list_to_json (const GawsMemberInfo *member,
              GPtrArray            *list,
              GawsShapeJsonFlags    flags)
{
  const GawsMemberInfo *element = &member->shape->members[0];
  json_t *array = json_array ();

  for (guint i = 0; i < list->len; i++)
    json_array_append_new (array, element_to_json (element, list->pdata[i], flags));
  return array;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static json_t *
map_to_json (const GawsMemberInfo *member,
             GHashTable           *map,
             GawsShapeJsonFlags    flags)
{
  const GawsMemberInfo *value = &member->shape->members[1];
  g_autofree gpointer keys = NULL;
  guint n_keys;
  json_t *object = json_object ();

  /* Sorted, so that the same map always gives the same bytes. */
  keys = g_hash_table_get_keys_as_array (map, &n_keys);
  qsort (keys, n_keys, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < n_keys; i++)
    {
      const char *key = ((const char **) keys)[i];
      json_object_set_new (object, key, element_to_json (value, g_hash_table_lookup (map, key), flags));
    }
  return object;
}

static json_t *
variant_to_json (GVariant *variant)
{
  if (g_variant_is_of_type (variant, G_VARIANT_TYPE_INT32))
    return json_integer (g_variant_get_int32 (variant));
  if (g_variant_is_of_type (variant, G_VARIANT_TYPE_INT64))
    return json_integer (g_variant_get_int64 (variant));
  if (g_variant_is_of_type (variant, G_VARIANT_TYPE_BOOLEAN))
    return json_boolean (g_variant_get_boolean (variant));
  if (g_variant_is_of_type (variant, G_VARIANT_TYPE_DOUBLE))
    return double_to_json (g_variant_get_double (variant));
  return json_null ();
}

static json_t *
element_to_json (const GawsMemberInfo *member,
                 gconstpointer         element,
                 GawsShapeJsonFlags    flags)
{
  gpointer data = (gpointer) element;

  /* Only the top-level structure has members outside the body. */
  flags &= ~GAWS_SHAPE_JSON_BODY_ONLY;
  if (element == NULL)
    return json_null ();
  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
      /* event streams: a GawsEventStream has no JSON form */
      if (!GAWS_IS_SHAPE (data))
        return json_null ();
      return gaws_shape_to_json (data, flags);
    case GAWS_SHAPE_KIND_LIST:
      return list_to_json (member, data, flags);
    case GAWS_SHAPE_KIND_MAP:
      return map_to_json (member, data, flags);
    case GAWS_SHAPE_KIND_STRING:
    case GAWS_SHAPE_KIND_DOCUMENT:
      return string_to_json (member, element, flags);
    case GAWS_SHAPE_KIND_TIMESTAMP:
      return timestamp_to_json (member, data, flags);
    case GAWS_SHAPE_KIND_BLOB:
      if (gaws_member_info_is_streaming (member))
        return stream_to_json (data, flags);
      return bytes_to_json (g_bytes_get_data (data, NULL), g_bytes_get_size (data), flags);
    case GAWS_SHAPE_KIND_INTEGER:
    case GAWS_SHAPE_KIND_LONG:
    case GAWS_SHAPE_KIND_BOOLEAN:
    case GAWS_SHAPE_KIND_FLOAT:
    case GAWS_SHAPE_KIND_DOUBLE:
      return variant_to_json (data);
    default:
      g_return_val_if_reached (json_null ());
    }
}

/**
 * gaws_shape_json_from_value:
 * @member: the #GawsMemberInfo @value belongs to
 * @value: a value of @member, as a #GawsShape stores it
 * @flags: #GawsShapeJsonFlags
 *
 * Returns: (transfer full): @value as JSON
 */
json_t *
gaws_shape_json_from_value (const GawsMemberInfo *member,
                            const GValue         *value,
                            GawsShapeJsonFlags    flags)
{
  if (G_VALUE_HOLDS_INT (value))
    return json_integer (g_value_get_int (value));
  if (G_VALUE_HOLDS_INT64 (value))
    return json_integer (g_value_get_int64 (value));
  if (G_VALUE_HOLDS_BOOLEAN (value))
    return json_boolean (g_value_get_boolean (value));
  if (G_VALUE_HOLDS_DOUBLE (value))
    return double_to_json (g_value_get_double (value));
  return element_to_json (member, g_value_peek_pointer (value), flags);
}

/**
 * gaws_shape_to_json:
 * @self: a #GawsShape
 * @flags: #GawsShapeJsonFlags
 *
 * Returns: (transfer full): a JSON object with the members of @self that are set
 */
json_t *
gaws_shape_to_json (GawsShape          *self,
                    GawsShapeJsonFlags  flags)
{
  const GawsShapeInfo *info = gaws_shape_get_info (self);
  json_t *object = json_object ();

  for (guint i = 0; i < info->n_members; i++)
    {
      const GawsMemberInfo *member = &info->members[i];
      const GValue *value = gaws_shape_get_value (self, i);

      if (value == NULL)
        continue;
      if ((flags & GAWS_SHAPE_JSON_BODY_ONLY) && member->location != GAWS_LOCATION_BODY)
        continue;
      json_object_set_new (object, member_key (member, flags),
                           gaws_shape_json_from_value (member, value, flags));
    }
  return object;
}

/* Reading JSON: the path names the member in errors, as `Key.Name[2]`.
 * It is a chain of steps on the stack, printed only for an error: most
 * reads never fail, and printing every element's path cost more than
 * reading it. */

typedef struct _PathStep PathStep;
struct _PathStep {
  const PathStep *parent;
  const char     *name;    /* a member name or a map key; or NULL: */
  gsize           index;   /* a list index */
  gboolean        is_key;
};

typedef struct {
  GawsShapeJsonFlags  flags;
  const PathStep     *path;   /* nullable: the top */
} Reader;

static void
append_path (GString        *out,
             const PathStep *step)
{
  if (step == NULL)
    return;
  append_path (out, step->parent);
  if (step->is_key)
    g_string_append_printf (out, "[\"%s\"]", step->name);
  else if (step->name == NULL)
    g_string_append_printf (out, "[%" G_GSIZE_FORMAT "]", step->index);
  else
    {
      if (out->len > 0)
        g_string_append_c (out, '.');
      g_string_append (out, step->name);
    }
}

/* (transfer full) the path of @reader's value, or a copy of @fallback at
 * the top */
static char *
reader_path (Reader     *reader,
             const char *fallback)
{
  GString *out = g_string_new (NULL);

  append_path (out, reader->path);
  if (out->len == 0)
    g_string_append (out, fallback);
  return g_string_free (out, FALSE);
}

static gboolean read_element (Reader               *reader,
                              const GawsMemberInfo *member,
                              json_t               *json,
                              gpointer             *element,
                              GError              **error);
static gboolean read_structure (Reader     *reader,
                                GawsShape  *shape,
                                json_t     *json,
                                GError    **error);

static gboolean
type_error (Reader      *reader,
            const char  *expected,
            GError     **error)
{
  g_autofree char *path = reader_path (reader, "(input)");

  /* Bad user input is an invalid argument; a bad response is a protocol error. */
  g_set_error (error, GAWS_ERROR,
               (reader->flags & GAWS_SHAPE_JSON_WIRE) ? GAWS_ERROR_PROTOCOL : GAWS_ERROR_INVALID_ARGUMENT,
               "Invalid type for parameter %s: expected %s", path, expected);
  return FALSE;
}

static gboolean
read_double (Reader  *reader,
             json_t  *json,
             double  *value,
             GError **error)
{
  if (json_is_number (json))
    *value = json_number_value (json);
  else if (!json_is_string (json) || !gaws_protocol_parse_double (json_string_value (json), value))
    return type_error (reader, "a number", error);
  return TRUE;
}

static gboolean
read_integer (Reader      *reader,
              json_t      *json,
              json_int_t   min,
              json_int_t   max,
              json_int_t  *value,
              GError     **error)
{
  if (json_is_integer (json))
    *value = json_integer_value (json);
  else if (json_is_real (json) && json_real_value (json) == floor (json_real_value (json)) &&
           fabs (json_real_value (json)) < 9.2e18)
    *value = (json_int_t) json_real_value (json);
  else
    return type_error (reader, "an integer", error);
  if (*value < min || *value > max)
    return type_error (reader, "an integer in range", error);
  return TRUE;
}

static gboolean
read_timestamp (Reader      *reader,
                json_t      *json,
                GDateTime  **time,
                GError     **error)
{
  if (json_is_number (json))
    *time = gaws_protocol_timestamp_from_epoch (json_number_value (json));
  else if (json_is_string (json))
    *time = gaws_protocol_parse_timestamp (json_string_value (json), NULL);
  else
    *time = NULL;
  return *time != NULL || type_error (reader, "a timestamp", error);
}

static gboolean
read_bytes (Reader  *reader,
            json_t  *json,
            GBytes **bytes,
            GError **error)
{
  gsize length;
  guchar *data;

  if (!json_is_string (json))
    return type_error (reader, "base64 text", error);
  if (reader->flags & GAWS_SHAPE_JSON_BLOB_TEXT)
    {
      *bytes = g_bytes_new (json_string_value (json), json_string_length (json));
      return TRUE;
    }
  data = g_base64_decode (json_string_value (json), &length);
  *bytes = g_bytes_new_take (data, length);
  return TRUE;
}

static gboolean
read_string (Reader                *reader,
             const GawsMemberInfo  *member,
             json_t                *json,
             char                 **text,
             GError               **error)
{
  gboolean embedded = member->shape->kind == GAWS_SHAPE_KIND_DOCUMENT ||
                      (member->flags & GAWS_MEMBER_FLAG_JSONVALUE);
  char *dumped;

  if (json_is_string (json))
    {
      *text = g_strndup (json_string_value (json), json_string_length (json));
      return TRUE;
    }
  if (!embedded)
    return type_error (reader, "a string", error);
  /* A document or JSON value given as JSON is kept as its compact text. */
  dumped = json_dumps (json, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
  *text = g_strdup (dumped);
  free (dumped);
  return TRUE;
}

static gboolean
read_list (Reader                *reader,
           const GawsMemberInfo  *member,
           json_t                *json,
           GPtrArray            **list,
           GError               **error)
{
  const GawsMemberInfo *element_member = &member->shape->members[0];
  gboolean sparse = (member->shape->flags & GAWS_SHAPE_FLAG_SPARSE) != 0;
  const PathStep *parent = reader->path;
  PathStep step = { parent, NULL, 0, FALSE };
  g_autoptr(GPtrArray) result = NULL;
  size_t i;
  json_t *item;

  if (!json_is_array (json))
    return type_error (reader, "a list", error);
  result = gaws_shape_info_new_list (member->shape);
  json_array_foreach (json, i, item)
    {
      gpointer element = NULL;

      if (json_is_null (item))
        {
          if (sparse)
            g_ptr_array_add (result, NULL);
          continue;
        }
      step.index = i;
      reader->path = &step;
      if (!read_element (reader, element_member, item, &element, error))
        return FALSE;
      reader->path = parent;
      g_ptr_array_add (result, element);
    }
  *list = g_steal_pointer (&result);
  return TRUE;
}

static gboolean
read_map (Reader                *reader,
          const GawsMemberInfo  *member,
          json_t                *json,
          GHashTable           **map,
          GError               **error)
{
  const GawsMemberInfo *value_member = &member->shape->members[1];
  gboolean sparse = (member->shape->flags & GAWS_SHAPE_FLAG_SPARSE) != 0;
  const PathStep *parent = reader->path;
  PathStep step = { parent, NULL, 0, TRUE };
  g_autoptr(GHashTable) result = NULL;
  const char *key;
  json_t *item;

  if (!json_is_object (json))
    return type_error (reader, "a map", error);
  result = gaws_shape_info_new_map (member->shape);
  json_object_foreach (json, key, item)
    {
      gpointer element = NULL;

      if (json_is_null (item) && !sparse)
        continue;
      step.name = key;
      reader->path = &step;
      if (!json_is_null (item) && !read_element (reader, value_member, item, &element, error))
        return FALSE;
      reader->path = parent;
      g_hash_table_insert (result, g_strdup (key), element);
    }
  *map = g_steal_pointer (&result);
  return TRUE;
}

static gboolean
read_variant (Reader                *reader,
              const GawsMemberInfo  *member,
              json_t                *json,
              GVariant             **variant,
              GError               **error)
{
  json_int_t integer;
  double number;

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_INTEGER:
      if (!read_integer (reader, json, G_MININT32, G_MAXINT32, &integer, error))
        return FALSE;
      *variant = g_variant_ref_sink (g_variant_new_int32 ((gint32) integer));
      return TRUE;
    case GAWS_SHAPE_KIND_LONG:
      if (!read_integer (reader, json, G_MININT64, G_MAXINT64, &integer, error))
        return FALSE;
      *variant = g_variant_ref_sink (g_variant_new_int64 (integer));
      return TRUE;
    case GAWS_SHAPE_KIND_BOOLEAN:
      if (!json_is_boolean (json))
        return type_error (reader, "a boolean", error);
      *variant = g_variant_ref_sink (g_variant_new_boolean (json_is_true (json)));
      return TRUE;
    default:
      if (!read_double (reader, json, &number, error))
        return FALSE;
      *variant = g_variant_ref_sink (g_variant_new_double (number));
      return TRUE;
    }
}

static gboolean
read_element (Reader                *reader,
              const GawsMemberInfo  *member,
              json_t                *json,
              gpointer              *element,
              GError               **error)
{
  g_autoptr(GawsShape) shape = NULL;

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
      shape = gaws_shape_new (member->shape);
      if (!read_structure (reader, shape, json, error))
        return FALSE;
      *element = g_steal_pointer (&shape);
      return TRUE;
    case GAWS_SHAPE_KIND_LIST:
      return read_list (reader, member, json, (GPtrArray **) element, error);
    case GAWS_SHAPE_KIND_MAP:
      return read_map (reader, member, json, (GHashTable **) element, error);
    case GAWS_SHAPE_KIND_STRING:
    case GAWS_SHAPE_KIND_DOCUMENT:
      return read_string (reader, member, json, (char **) element, error);
    case GAWS_SHAPE_KIND_TIMESTAMP:
      return read_timestamp (reader, json, (GDateTime **) element, error);
    case GAWS_SHAPE_KIND_BLOB:
      return read_bytes (reader, json, (GBytes **) element, error);
    default:
      return read_variant (reader, member, json, (GVariant **) element, error);
    }
}

static gboolean
read_value (Reader               *reader,
            const GawsMemberInfo *member,
            json_t               *json,
            GValue               *value,
            GError              **error)
{
  g_autoptr(GVariant) variant = NULL;
  gpointer element = NULL;
  GType type = gaws_member_info_get_value_type (member);

  if (type == G_TYPE_INPUT_STREAM)
    {
      g_autoptr(GBytes) bytes = NULL;

      if (!read_bytes (reader, json, &bytes, error))
        return FALSE;
      g_value_init (value, type);
      g_value_take_object (value, g_memory_input_stream_new_from_bytes (bytes));
      return TRUE;
    }
  if (!read_element (reader, member, json, &element, error))
    return FALSE;
  g_value_init (value, type);
  if (type == G_TYPE_STRING)
    g_value_take_string (value, element);
  else if (G_TYPE_IS_OBJECT (type))
    g_value_take_object (value, element);
  else if (G_TYPE_IS_BOXED (type))
    g_value_take_boxed (value, element);
  else
    {
      variant = element;
      if (type == G_TYPE_INT)
        g_value_set_int (value, g_variant_get_int32 (variant));
      else if (type == G_TYPE_INT64)
        g_value_set_int64 (value, g_variant_get_int64 (variant));
      else if (type == G_TYPE_BOOLEAN)
        g_value_set_boolean (value, g_variant_get_boolean (variant));
      else
        g_value_set_double (value, g_variant_get_double (variant));
    }
  return TRUE;
}

static gboolean
read_member (Reader     *reader,
             GawsShape  *shape,
             guint       index,
             json_t     *json,
             GError    **error)
{
  const GawsMemberInfo *member = &gaws_shape_get_info (shape)->members[index];
  const PathStep *parent = reader->path;
  PathStep step = { parent, member->name, 0, FALSE };
  GValue value = G_VALUE_INIT;

  if (json_is_null (json))
    return TRUE;
  reader->path = &step;
  if (!read_value (reader, member, json, &value, error))
    return FALSE;
  reader->path = parent;
  gaws_shape_take_value (shape, index, &value);
  return TRUE;
}

static gint
find_member_by_key (const GawsShapeInfo *info,
                    const char          *key,
                    GawsShapeJsonFlags   flags)
{
  if (!(flags & GAWS_SHAPE_JSON_WIRE))
    return gaws_shape_info_find_member (info, key);
  for (guint i = 0; i < info->n_members; i++)
    if (info->members[i].location == GAWS_LOCATION_BODY &&
        strcmp (gaws_member_info_get_wire_name (&info->members[i]), key) == 0)
      return (gint) i;
  return -1;
}

static gboolean
read_structure (Reader     *reader,
                GawsShape  *shape,
                json_t     *json,
                GError    **error)
{
  const GawsShapeInfo *info = gaws_shape_get_info (shape);
  const char *key;
  json_t *item;

  if (!json_is_object (json))
    return type_error (reader, "a structure", error);
  json_object_foreach (json, key, item)
    {
      gint index = find_member_by_key (info, key, reader->flags);

      if (index < 0)
        {
          /* Services add members, and send `__type` in unions: skip them. */
          if (reader->flags & GAWS_SHAPE_JSON_WIRE)
            continue;
          g_autofree char *path = reader_path (reader, "input");

          g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                       "Unknown parameter in %s: “%s”, must be one of the members of %s",
                       path, key, info->name);
          return FALSE;
        }
      if (!read_member (reader, shape, (guint) index, item, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * gaws_shape_update_from_json:
 * @self: a #GawsShape
 * @json: a JSON object
 * @flags: #GawsShapeJsonFlags
 * @error: return location for a #GError
 *
 * Sets the members of @self that @json holds; nulls leave members as they are.
 *
 * Returns: %TRUE on success; %FALSE with @error naming the member path
 */
gboolean
gaws_shape_update_from_json (GawsShape           *self,
                             json_t              *json,
                             GawsShapeJsonFlags   flags,
                             GError             **error)
{
  Reader reader = { flags & ~GAWS_SHAPE_JSON_BODY_ONLY, NULL };

  return read_structure (&reader, self, json, error);
}

/**
 * gaws_shape_new_from_json:
 * @info: a #GawsShapeInfo of a structure
 * @json: a JSON object
 * @flags: #GawsShapeJsonFlags
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a new #GawsShape, or %NULL with
 *   @error naming the member path
 */
GawsShape *
gaws_shape_new_from_json (const GawsShapeInfo  *info,
                          json_t               *json,
                          GawsShapeJsonFlags    flags,
                          GError              **error)
{
  g_autoptr(GawsShape) shape = gaws_shape_new (info);

  if (!gaws_shape_update_from_json (shape, json, flags, error))
    return NULL;
  return g_steal_pointer (&shape);
}

/**
 * gaws_shape_json_to_value:
 * @member: the #GawsMemberInfo the value is for
 * @json: JSON
 * @flags: #GawsShapeJsonFlags
 * @value: (out caller-allocates): an uninitialized #GValue
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @value was initialized from @json
 */
gboolean
gaws_shape_json_to_value (const GawsMemberInfo  *member,
                          json_t                *json,
                          GawsShapeJsonFlags     flags,
                          GValue                *value,
                          GError               **error)
{
  PathStep step = { NULL, member->name, 0, FALSE };
  Reader reader = { flags & ~GAWS_SHAPE_JSON_BODY_ONLY, &step };

  return read_value (&reader, member, json, value, error);
}

/**
 * gaws_shape_json_to_member:
 * @self: a #GawsShape
 * @index: a member index
 * @json: JSON for that member
 * @flags: #GawsShapeJsonFlags
 * @error: return location for a #GError
 *
 * Sets one member from JSON, as for a payload member that is a structure.
 *
 * Returns: %TRUE on success
 */
gboolean
gaws_shape_json_to_member (GawsShape           *self,
                           guint                index,
                           json_t              *json,
                           GawsShapeJsonFlags   flags,
                           GError             **error)
{
  Reader reader = { flags & ~GAWS_SHAPE_JSON_BODY_ONLY, NULL };

  return read_member (&reader, self, index, json, error);
}

/* ---- reading JSON text straight into shapes ----------------------------
 *
 * Responses of the json protocols are read from their text, without a
 * jansson tree in between: building and freeing the tree cost more than
 * filling the shapes. This reader takes only the common, well-formed path:
 * anything it does not handle exactly as jansson and the walker above
 * would (a syntax error, a type error, an escape it does not decode, an
 * integer out of range, deep nesting...) makes it give up, and the caller
 * reads the text again through jansson, which then gives the same result
 * or error as it always did. So it never needs to be lenient, nor to
 * explain a failure. */

#define TEXT_MAX_DEPTH 256   /* deeper documents go to jansson (2048) */

typedef struct {
  const char *p;
  const char *end;
  guint       depth;
  GString    *scratch;   /* keys and escaped strings, once needed */
  GawsSpareStrings *strings;   /* the thread's, for the strings read */
} Text;

/* The reader's scratch string: kept per thread (gaws-scratch.c). */
static GPrivate reader_scratch = GAWS_SCRATCH_INIT;

/* @t's scratch string, taken from the thread's at its first use: most
 * responses hold no escape nor blob, and need none. */
static GString *
text_scratch (Text *t)
{
  if (t->scratch == NULL)
    t->scratch = gaws_scratch_take (&reader_scratch, 64);
  return t->scratch;
}

static gboolean text_element (Reader               *reader,
                              Text                 *t,
                              const GawsMemberInfo *member,
                              gpointer             *element);
static gboolean text_structure (Reader              *reader,
                                Text                *t,
                                GawsShape           *shape,
                                const GawsShapeInfo *info);

static char
text_peek_past_space (Text *t)
{
  while (t->p < t->end && (*t->p == ' ' || *t->p == '\n' || *t->p == '\r' || *t->p == '\t'))
    t->p++;
  return t->p < t->end ? *t->p : '\0';
}

/* The next character past white space, 0 at the end. The services send
 * compact text: a byte above ' ' is the answer at once. */
static inline char
text_peek (Text *t)
{
  if (G_LIKELY (t->p < t->end && (guchar) *t->p > ' '))
    return *t->p;
  return text_peek_past_space (t);
}

static gboolean
text_accept (Text *t,
             char  c)
{
  if (text_peek (t) != c)
    return FALSE;
  t->p++;
  return TRUE;
}

static gboolean
text_literal (Text       *t,
              const char *word,
              gsize       len)
{
  if ((gsize) (t->end - t->p) < len || memcmp (t->p, word, len) != 0)
    return FALSE;
  t->p += len;
  return TRUE;
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
text_hex4 (Text     *t,
           gunichar *out)
{
  *out = 0;
  if (t->end - t->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int d = hex_digit (t->p[i]);

      if (d < 0)
        return FALSE;
      *out = (*out << 4) | (gunichar) d;
    }
  t->p += 4;
  return TRUE;
}

/* One escape after its backslash, appended to @out as UTF-8. NUL and lone
 * surrogates are left to jansson. */
static gboolean
text_escape (Text    *t,
             GString *out)
{
  gunichar c, low;

  if (t->p >= t->end)
    return FALSE;
  switch (*t->p++)
    {
    case '"': g_string_append_c (out, '"'); return TRUE;
    case '\\': g_string_append_c (out, '\\'); return TRUE;
    case '/': g_string_append_c (out, '/'); return TRUE;
    case 'b': g_string_append_c (out, '\b'); return TRUE;
    case 'f': g_string_append_c (out, '\f'); return TRUE;
    case 'n': g_string_append_c (out, '\n'); return TRUE;
    case 'r': g_string_append_c (out, '\r'); return TRUE;
    case 't': g_string_append_c (out, '\t'); return TRUE;
    case 'u':
      if (!text_hex4 (t, &c) || c == 0 || (c >= 0xDC00 && c <= 0xDFFF))
        return FALSE;
      if (c >= 0xD800 && c <= 0xDBFF)
        {
          if (!text_literal (t, "\\u", 2) || !text_hex4 (t, &low) || low < 0xDC00 || low > 0xDFFF)
            return FALSE;
          c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        }
      g_string_append_unichar (out, c);
      return TRUE;
    default:
      return FALSE;
    }
}

/* The high bit of each byte of @w that a JSON string cannot hold as it is:
 * a control character, the quote or the backslash. Bits may be wrong past
 * the first such byte, which is all that its callers look at. */
static inline guint64
word_specials (guint64 w)
{
  return gaws_word_bytes_below (w, 0x20) | gaws_word_bytes_below (w ^ (GAWS_WORD_ONES * '"'), 1) |
         gaws_word_bytes_below (w ^ (GAWS_WORD_ONES * '\\'), 1);
}

/* Past the bytes at @p that a string holds as they are (not the quote,
 * the backslash nor a control character), eight at a time; @high gathers
 * their bits. */
static const char *
scan_plain (const char *p,
            const char *end,
            guint64    *high)
{
  guint64 bits = 0;

  while (end - p >= 8)
    {
      guint64 w, special;

      memcpy (&w, p, sizeof w);
      w = GUINT64_FROM_LE (w);
      special = word_specials (w);
      if (special != 0)
        {
          guint k = (guint) __builtin_ctzll (special) / 8;

          *high |= bits | gaws_word_first_bytes (w, k);
          return p + k;
        }
      bits |= w;
      p += 8;
    }
  while (p < end && *p != '"' && *p != '\\' && (guchar) *p >= 0x20)
    bits |= (guchar) *p++;
  *high |= bits;
  return p;
}

/* A string at @t (past white space), whose text is either @out_raw and
 * @out_len, a piece of the input, when it has no escapes, or else @scratch.
 * Raw control characters and bad UTF-8 are jansson's to report. */
static G_GNUC_NO_INLINE gboolean
text_string_any (Text        *t,
                 const char **out,
                 gsize       *out_len)
{
  const char *start;
  GString *scratch = NULL;
  guint64 high = 0;   /* the bits of every byte: ASCII needs no check */

  if (text_peek (t) != '"')
    return FALSE;
  start = ++t->p;
  for (;;)
    {
      const char *run = t->p;

      t->p = scan_plain (t->p, t->end, &high);
      if (t->p >= t->end || (guchar) *t->p < 0x20)
        return FALSE;
      if (scratch != NULL)
        g_string_append_len (scratch, run, t->p - run);
      if (*t->p == '"')
        break;
      if (scratch == NULL)
        {
          scratch = text_scratch (t);
          g_string_truncate (scratch, 0);
          g_string_append_len (scratch, start, t->p - start);
        }
      t->p++;
      if (!text_escape (t, scratch))
        return FALSE;
      /* an escape writes valid UTF-8, but past ASCII: check it all */
      high |= (guchar) scratch->str[scratch->len - 1];
    }
  if (scratch != NULL)
    {
      *out = scratch->str;
      *out_len = scratch->len;
    }
  else
    {
      *out = start;
      *out_len = (gsize) (t->p - start);
    }
  t->p++;
  return (high & GAWS_WORD_HIGHS) == 0 || g_utf8_validate_len (*out, *out_len, NULL);
}


/* text_string_any() for what most keys and values are, inline: short
 * ASCII without escapes, which one word holds with its closing quote, at
 * @t without white space before. */
static inline gboolean
text_string (Text        *t,
             const char **out,
             gsize       *out_len)
{
  const char *start = t->p + 1;

  if (t->end - start >= 8 && *t->p == '"')
    {
      guint64 w, special;

      memcpy (&w, start, sizeof w);
      w = GUINT64_FROM_LE (w);
      special = word_specials (w);
      if (special != 0)
        {
          guint k = (guint) __builtin_ctzll (special) / 8;

          if (start[k] == '"' && (gaws_word_first_bytes (w, k) & GAWS_WORD_HIGHS) == 0)
            {
              *out = start;
              *out_len = k;
              t->p = start + k + 1;
              return TRUE;
            }
        }
    }
  return text_string_any (t, out, out_len);
}

/* A string as a new NUL-terminated copy. */
static gboolean
text_string_dup (Text  *t,
                 char **out)
{
  const char *text;
  gsize len;

  if (!text_string (t, &text, &len))
    return FALSE;
  /* the text holds no NUL (jansson's to read): a copy, not g_strndup()'s
   * scan, most often into the block of a string a response freed */
  *out = gaws_spare_strings_take (t->strings, len + 1);
  if (*out == NULL)
    *out = g_malloc (len + 1);
  memcpy (*out, text, len);
  (*out)[len] = '\0';
  return TRUE;
}

/* A key: a piece of the input or of @t->scratch, valid until the next
 * string is read; not NUL-terminated. */
static gboolean
text_key (Text        *t,
          const char **key,
          gsize       *len)
{
  return text_string (t, key, len);
}

typedef struct {
  gboolean is_integer;
  gint64   integer;
  double   real;       /* the value either way */
} Number;

/* A number by JSON's grammar, as jansson reads it: an integer without a
 * fraction or exponent (out of range: jansson's error), else a double. */
static gboolean
text_number (Text   *t,
             Number *number)
{
  const char *start = t->p;
  char buffer[64];
  char *end;
  gsize len;

  if (t->p < t->end && *t->p == '-')
    t->p++;
  if (t->p >= t->end || !g_ascii_isdigit (*t->p))
    return FALSE;
  if (*t->p == '0')
    t->p++;
  else
    while (t->p < t->end && g_ascii_isdigit (*t->p))
      t->p++;
  number->is_integer = TRUE;
  if (t->p < t->end && *t->p == '.')
    {
      t->p++;
      number->is_integer = FALSE;
      if (t->p >= t->end || !g_ascii_isdigit (*t->p))
        return FALSE;
      while (t->p < t->end && g_ascii_isdigit (*t->p))
        t->p++;
    }
  if (t->p < t->end && (*t->p == 'e' || *t->p == 'E'))
    {
      t->p++;
      number->is_integer = FALSE;
      if (t->p < t->end && (*t->p == '+' || *t->p == '-'))
        t->p++;
      if (t->p >= t->end || !g_ascii_isdigit (*t->p))
        return FALSE;
      while (t->p < t->end && g_ascii_isdigit (*t->p))
        t->p++;
    }
  len = (gsize) (t->p - start);
  if (len >= sizeof buffer)
    return FALSE;
  memcpy (buffer, start, len);
  buffer[len] = '\0';
  errno = 0;
  if (number->is_integer)
    {
      number->integer = g_ascii_strtoll (buffer, &end, 10);
      number->real = (double) number->integer;
    }
  else
    number->real = g_ascii_strtod (buffer, &end);
  return errno == 0 && end == buffer + len && !isinf (number->real);
}

static gboolean
text_is_number_start (char c)
{
  return c == '-' || g_ascii_isdigit (c);
}

static gboolean
text_enter (Text *t)
{
  return ++t->depth <= TEXT_MAX_DEPTH;
}

/* Checks and skips any value. */
static gboolean
text_skip (Text *t)
{
  const char *text;
  gsize len;
  Number number;
  char c = text_peek (t);

  switch (c)
    {
    case '"':
      return text_string (t, &text, &len);
    case 't':
      return text_literal (t, "true", 4);
    case 'f':
      return text_literal (t, "false", 5);
    case 'n':
      return text_literal (t, "null", 4);
    case '[':
      t->p++;
      if (!text_enter (t))
        return FALSE;
      if (!text_accept (t, ']'))
        {
          do
            if (!text_skip (t))
              return FALSE;
          while (text_accept (t, ','));
          if (!text_accept (t, ']'))
            return FALSE;
        }
      t->depth--;
      return TRUE;
    case '{':
      t->p++;
      if (!text_enter (t))
        return FALSE;
      if (!text_accept (t, '}'))
        {
          do
            if (!text_string (t, &text, &len) || !text_accept (t, ':') || !text_skip (t))
              return FALSE;
          while (text_accept (t, ','));
          if (!text_accept (t, '}'))
            return FALSE;
        }
      t->depth--;
      return TRUE;
    default:
      return text_is_number_start (c) && text_number (t, &number);
    }
}

/* null, consumed; before every member's value */
static inline gboolean
text_null (Text *t)
{
  return text_peek (t) == 'n' && text_literal (t, "null", 4);
}

/* A document or JSON value that is not a string: its compact text with
 * sorted keys, as read_string() makes it from the tree. */
static gboolean
text_embedded (Text  *t,
               char **out)
{
  const char *start;
  json_t *json;
  char *dumped;

  text_peek (t);
  start = t->p;
  if (!text_skip (t))
    return FALSE;
  json = json_loadb (start, (gsize) (t->p - start), JSON_DECODE_ANY, NULL);
  if (json == NULL)
    return FALSE;
  dumped = json_dumps (json, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
  json_decref (json);
  if (dumped == NULL)
    return FALSE;
  *out = g_strdup (dumped);
  free (dumped);
  return TRUE;
}

static gboolean
text_bytes (Reader  *reader,
            Text    *t,
            GBytes **bytes)
{
  const char *text;
  gsize len, length;
  guchar *data;

  if (!text_string (t, &text, &len))
    return FALSE;
  if (reader->flags & GAWS_SHAPE_JSON_BLOB_TEXT)
    {
      *bytes = g_bytes_new (text, len);
      return TRUE;
    }
  /* g_base64_decode() wants NUL-terminated text */
  if (t->scratch == NULL || text != t->scratch->str)
    {
      g_string_truncate (text_scratch (t), 0);
      g_string_append_len (t->scratch, text, len);
    }
  data = g_base64_decode (t->scratch->str, &length);
  *bytes = g_bytes_new_take (data, length);
  return TRUE;
}

static gboolean
text_timestamp (Text       *t,
                GDateTime **time)
{
  Number number;
  char *text = NULL;
  char c = text_peek (t);

  if (c == '"')
    {
      if (!text_string_dup (t, &text))
        return FALSE;
      *time = gaws_protocol_parse_timestamp (text, NULL);
      gaws_string_free_held (text);
    }
  else if (text_is_number_start (c) && text_number (t, &number))
    *time = gaws_protocol_timestamp_from_epoch (number.real);
  else
    return FALSE;
  return *time != NULL;
}

/* @value, unset, made a value of @type, a fundamental type whose value
 * is in data[0]: what g_value_init() does for it, without the look-up of
 * its value table, which a response's boolean would touch for nothing
 * else; the caller then sets data[0] as g_value_set_*() would. */
static inline GValue *
value_fill (GValue *value,
            GType   type)
{
  memset (value, 0, sizeof (GValue));
  value->g_type = type;
  return value;
}

/* read_integer(), read_double() and the boolean of read_variant() */
static gboolean
text_scalar (Text                 *t,
             const GawsMemberInfo *member,
             GValue               *value)
{
  Number number;
  char *text = NULL;
  double real;
  char c = text_peek (t);

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_BOOLEAN:
      if (c == 't' && text_literal (t, "true", 4))
        value_fill (value, G_TYPE_BOOLEAN)->data[0].v_int = TRUE;
      else if (c == 'f' && text_literal (t, "false", 5))
        value_fill (value, G_TYPE_BOOLEAN)->data[0].v_int = FALSE;
      else
        return FALSE;
      return TRUE;
    case GAWS_SHAPE_KIND_INTEGER:
    case GAWS_SHAPE_KIND_LONG:
      if (!text_is_number_start (c) || !text_number (t, &number))
        return FALSE;
      if (!number.is_integer)
        {
          if (number.real != floor (number.real) || fabs (number.real) >= 9.2e18)
            return FALSE;
          number.integer = (gint64) number.real;
        }
      if (member->shape->kind == GAWS_SHAPE_KIND_LONG)
        {
          value_fill (value, G_TYPE_INT64)->data[0].v_int64 = number.integer;
          return TRUE;
        }
      if (number.integer < G_MININT32 || number.integer > G_MAXINT32)
        return FALSE;
      value_fill (value, G_TYPE_INT)->data[0].v_int = (gint) number.integer;
      return TRUE;
    default:
      if (text_is_number_start (c) && text_number (t, &number))
        real = number.real;
      else if (c == '"' && text_string_dup (t, &text))
        {
          gboolean ok = gaws_protocol_parse_double (text, &real);

          gaws_string_free_held (text);
          if (!ok)
            return FALSE;
        }
      else
        return FALSE;
      value_fill (value, G_TYPE_DOUBLE)->data[0].v_double = real;
      return TRUE;
    }
}

static gboolean
text_list (Reader                *reader,
           Text                  *t,
           const GawsMemberInfo  *member,
           GPtrArray            **list)
{
  const GawsMemberInfo *element_member = &member->shape->members[0];
  gboolean sparse = (member->shape->flags & GAWS_SHAPE_FLAG_SPARSE) != 0;
  g_autoptr(GPtrArray) result = NULL;

  if (!text_accept (t, '[') || !text_enter (t))
    return FALSE;
  result = gaws_shape_info_new_list (member->shape);
  if (!text_accept (t, ']'))
    {
      do
        {
          gpointer element = NULL;

          if (text_null (t))
            {
              if (sparse)
                g_ptr_array_add (result, NULL);
              continue;
            }
          if (!text_element (reader, t, element_member, &element))
            return FALSE;
          g_ptr_array_add (result, element);
        }
      while (text_accept (t, ','));
      if (!text_accept (t, ']'))
        return FALSE;
    }
  t->depth--;
  *list = g_steal_pointer (&result);
  return TRUE;
}

static gboolean
text_map (Reader                *reader,
          Text                  *t,
          const GawsMemberInfo  *member,
          GHashTable           **map)
{
  const GawsMemberInfo *value_member = &member->shape->members[1];
  gboolean sparse = (member->shape->flags & GAWS_SHAPE_FLAG_SPARSE) != 0;
  g_autoptr(GHashTable) result = NULL;

  if (!text_accept (t, '{') || !text_enter (t))
    return FALSE;
  result = gaws_shape_info_new_map (member->shape);
  if (!text_accept (t, '}'))
    {
      do
        {
          g_autofree char *key = NULL;
          gpointer element = NULL;

          /* A repeated key: jansson keeps the last value, which may be a
           * null that drops the first; leave such text to it. Found by
           * the insertion, which frees the repeated key and replaces the
           * value of a map about to be dropped. */
          if (!text_string_dup (t, &key) || !text_accept (t, ':'))
            return FALSE;
          if (text_null (t))
            {
              if (sparse && !g_hash_table_insert (result, g_steal_pointer (&key), NULL))
                return FALSE;
              /* a skipped null may still be repeated by a value */
              if (!sparse && g_hash_table_contains (result, key))
                return FALSE;
              continue;
            }
          if (!text_element (reader, t, value_member, &element))
            return FALSE;
          if (!g_hash_table_insert (result, g_steal_pointer (&key), element))
            return FALSE;
        }
      while (text_accept (t, ','));
      if (!text_accept (t, '}'))
        return FALSE;
    }
  t->depth--;
  *map = g_steal_pointer (&result);
  return TRUE;
}

/* read_element(), from text */
static gboolean
text_element (Reader               *reader,
              Text                 *t,
              const GawsMemberInfo *member,
              gpointer             *element)
{
  g_autoptr(GawsShape) shape = NULL;
  GValue value = G_VALUE_INIT;

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
      shape = gaws_shape_new (member->shape);
      if (!text_structure (reader, t, shape, member->shape))
        return FALSE;
      *element = g_steal_pointer (&shape);
      return TRUE;
    case GAWS_SHAPE_KIND_LIST:
      return text_list (reader, t, member, (GPtrArray **) element);
    case GAWS_SHAPE_KIND_MAP:
      return text_map (reader, t, member, (GHashTable **) element);
    case GAWS_SHAPE_KIND_STRING:
    case GAWS_SHAPE_KIND_DOCUMENT:
      if (text_peek (t) == '"')
        return text_string_dup (t, (char **) element);
      if (member->shape->kind != GAWS_SHAPE_KIND_DOCUMENT && !(member->flags & GAWS_MEMBER_FLAG_JSONVALUE))
        return FALSE;
      return text_embedded (t, (char **) element);
    case GAWS_SHAPE_KIND_TIMESTAMP:
      return text_timestamp (t, (GDateTime **) element);
    case GAWS_SHAPE_KIND_BLOB:
      return text_bytes (reader, t, (GBytes **) element);
    default:
      /* a list's or a map's number or boolean is a GVariant */
      if (!text_scalar (t, member, &value))
        return FALSE;
      if (G_VALUE_HOLDS_BOOLEAN (&value))
        *element = g_variant_ref_sink (g_variant_new_boolean (g_value_get_boolean (&value)));
      else if (G_VALUE_HOLDS_INT (&value))
        *element = g_variant_ref_sink (g_variant_new_int32 (g_value_get_int (&value)));
      else if (G_VALUE_HOLDS_INT64 (&value))
        *element = g_variant_ref_sink (g_variant_new_int64 (g_value_get_int64 (&value)));
      else
        *element = g_variant_ref_sink (g_variant_new_double (g_value_get_double (&value)));
      return TRUE;
    }
}

/* read_value(), from text: @value is set only on success. */
static gboolean
text_value (Reader               *reader,
            Text                 *t,
            const GawsMemberInfo *member,
            GValue               *value)
{
  gpointer element = NULL;
  GType type = gaws_member_info_get_value_type (member);

  /* G_TYPE_INPUT_STREAM is a call: asked of blobs only */
  if (member->shape->kind == GAWS_SHAPE_KIND_BLOB && type == G_TYPE_INPUT_STREAM)
    {
      g_autoptr(GBytes) bytes = NULL;

      if (!text_bytes (reader, t, &bytes))
        return FALSE;
      g_value_init (value, type);
      g_value_take_object (value, g_memory_input_stream_new_from_bytes (bytes));
      return TRUE;
    }
  if (type == G_TYPE_INT || type == G_TYPE_INT64 || type == G_TYPE_BOOLEAN || type == G_TYPE_DOUBLE)
    {
      if (text_scalar (t, member, value) && G_VALUE_TYPE (value) == type)
        return TRUE;
      if (G_IS_VALUE (value))
        g_value_unset (value);
      return FALSE;
    }
  if (!text_element (reader, t, member, &element))
    return FALSE;
  /* What g_value_init() and g_value_take_*() do for a string, a boxed
   * type and an object of the member's own type: the pointer in data[0]. */
  value->g_type = type;
  value->data[0].v_pointer = element;
  return TRUE;
}

/* Whether @member's wire name is the @len bytes at @key, which are not
 * NUL-terminated, and it is in the body. */
static inline gboolean
wire_member_is (const GawsMemberInfo *member,
                const char           *key,
                gsize                 len)
{
  const char *name = member->location_name ? member->location_name : member->name;
  gsize i;

  /* a byte at a time, as far as @name's NUL at most */
  for (i = 0; i < len && name[i] == key[i]; i++)
    ;
  return i == len && name[len] == '\0' && member->location == GAWS_LOCATION_BODY;
}

/* Which member a key named last time, by structure and key: the members
 * are in the model's order (a DynamoDB AttributeValue's BOOL is its
 * tenth), and a scan reads each one's descriptor and name on the way.
 * Shared by all threads, one word each: a hint is only ever checked
 * against the member it names, so that a stale one (a key of another
 * structure, another key of the same length and ends, or a word written
 * meanwhile by another thread) costs the scan it would have anyway. The
 * member's index is in the low byte, the rest of the key's hash above. */
#define MEMBER_HINTS 256

static guint64 member_hints[MEMBER_HINTS];

static inline guint64
member_hint_hash (const GawsShapeInfo *info,
                  const char          *key,
                  gsize                len)
{
  guint64 h = (guint64) (guintptr) info ^ ((guint64) len << 48);

  if (len > 0)
    h ^= ((guint64) (guchar) key[0] << 32) ^ ((guint64) (guchar) key[len - 1] << 40);
  return h * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
}

/* find_member_by_key() in the wire form, for a key of @len bytes that is
 * not NUL-terminated */
static gint
find_wire_member (const GawsShapeInfo *info,
                  const char          *key,
                  gsize                len)
{
  guint64 hash = member_hint_hash (info, key, len);
  guint64 *hint = &member_hints[hash >> 56];
  guint64 seen = __atomic_load_n (hint, __ATOMIC_RELAXED);
  guint index = (guint) (seen & 0xff);

  if ((seen & ~(guint64) 0xff) == (hash & ~(guint64) 0xff) && index < info->n_members &&
      wire_member_is (&info->members[index], key, len))
    return (gint) index;
  for (guint i = 0; i < info->n_members; i++)
    {
      const GawsMemberInfo *member = &info->members[i];
      const char *name = member->location_name ? member->location_name : member->name;

      if ((len > 0 && name[0] != key[0]) || !wire_member_is (member, key, len))
        continue;
      if (i <= 0xff)
        __atomic_store_n (hint, (hash & ~(guint64) 0xff) | i, __ATOMIC_RELAXED);
      return (gint) i;
    }
  return -1;
}

/* What gaws_shape_take_value() takes for an unset: a value that the reader
 * made of a pointer (text_value() gives scalars as such) and no pointer. */
static gboolean
value_holds_null_pointer (const GValue *value)
{
  GType type = G_VALUE_TYPE (value);

  if (type == G_TYPE_INT || type == G_TYPE_INT64 || type == G_TYPE_BOOLEAN || type == G_TYPE_DOUBLE)
    return FALSE;
  return value->data[0].v_pointer == NULL;
}

/* Which members of a structure the text named (SEEN_KEY), and which of
 * them it set (SEEN_SET). A repeated member is left to jansson, which keeps
 * the last value (a null there unsets the first). */
enum { SEEN_KEY = 1, SEEN_SET = 2 };

/* @unwatched: @shape is the reader's own, made for this text, so that
 * setting its members needs no notification. */
static gboolean
text_structure_seen (Reader              *reader,
                     Text                *t,
                     GawsShape           *shape,
                     const GawsShapeInfo *info,
                     guint8              *seen,
                     gboolean             unwatched)
{
  if (!text_accept (t, '{') || !text_enter (t))
    return FALSE;
  if (!text_accept (t, '}'))
    {
      do
        {
          const char *key;
          gsize len;
          gint index;
          GValue value = G_VALUE_INIT;

          if (!text_key (t, &key, &len) || !text_accept (t, ':'))
            return FALSE;
          index = find_wire_member (info, key, len);
          if (index >= 0 && seen[index] != 0)
            return FALSE;
          if (index >= 0)
            seen[index] = SEEN_KEY;
          /* Services add members, and send `__type` in unions: skip them. */
          if (index < 0)
            {
              if (!text_skip (t))
                return FALSE;
              continue;
            }
          if (text_null (t))
            continue;
          if (!text_value (reader, t, &info->members[index], &value))
            return FALSE;
          if (unwatched && !value_holds_null_pointer (&value))
            gaws_shape_take_value_unwatched (shape, (guint) index, &value);
          else
            gaws_shape_take_value (shape, (guint) index, &value);
          seen[index] = SEEN_SET;
        }
      while (text_accept (t, ','));
      if (!text_accept (t, '}'))
        return FALSE;
    }
  t->depth--;
  return TRUE;
}

/* @shape: a new instance of @info */
static gboolean
text_structure (Reader              *reader,
                Text                *t,
                GawsShape           *shape,
                const GawsShapeInfo *info)
{
  /* most structures are small: zeroed in place, not by a call to memset() */
  guint64 few[4] = { 0, 0, 0, 0 };
  guint8 *seen = (guint8 *) few;

  if (info->n_members + 1 > sizeof few)
    {
      seen = g_alloca (info->n_members + 1);
      memset (seen, 0, info->n_members + 1);
    }
  return text_structure_seen (reader, t, shape, info, seen, TRUE);
}

/* gaws_shape_update_from_json() on the parsed @text (a response body of
 * @len bytes, %GAWS_SHAPE_JSON_WIRE), without the jansson tree, for the
 * common case only. FALSE when the text needs jansson: the caller parses it
 * and calls gaws_shape_update_from_json(), which gives the result or the
 * error; the members this set before it gave up are unset again, so that
 * @self is as the caller gave it. @self is the codec's own new output,
 * which nobody watches yet: its members are set as those of the
 * structures inside it are, without notifications. */
gboolean
gaws_shape_update_from_json_text (GawsShape          *self,
                                  const char         *text,
                                  gsize               len,
                                  GawsShapeJsonFlags  flags)
{
  Reader reader = { flags & ~GAWS_SHAPE_JSON_BODY_ONLY, NULL };
  Text t = { text, text + len, 0, NULL, gaws_spare_strings_get () };
  const GawsShapeInfo *info = gaws_shape_peek_info (self);
  guint n_members = info->n_members;
  guint8 *seen;
  gboolean ok;

  /* Only the wire form skips unknown keys, which this reader does. */
  if (!(flags & GAWS_SHAPE_JSON_WIRE))
    return FALSE;
  seen = g_alloca (n_members + 1);
  memset (seen, 0, n_members + 1);
  ok = text_structure_seen (&reader, &t, self, info, seen, TRUE) && text_peek (&t) == '\0' && t.p == t.end;
  if (t.scratch != NULL)
    gaws_scratch_give (&reader_scratch, t.scratch);
  for (guint i = 0; !ok && i < n_members; i++)
    if (seen[i] == SEEN_SET)
      gaws_shape_unset (self, i);
  return ok;
}

/* ---- writing JSON text straight from shapes ------------------------------
 *
 * The request body of the json protocols, written as json_dumps() writes
 * gaws_shape_to_json()'s tree (compact, members in model order, map keys
 * sorted), without the tree. Like the reader above, it takes the common
 * path only: a double, a document, a stream, text that is not UTF-8 (which
 * jansson would drop) make it give up, and the caller builds the tree. */

static gboolean write_shape (GString            *out,
                             GawsShape          *shape,
                             GawsShapeJsonFlags  flags);

/* Whether the eight bytes of @w hold one that write_string() escapes or
 * checks: a control character, the quote, the backslash, or past ASCII.
 * Flags may be wrong past the first, which does not matter here. */
static gboolean
word_needs_care (guint64 w)
{
  return (word_specials (w) | (w & GAWS_WORD_HIGHS)) != 0;
}

/* Whether the @len bytes of @text need neither an escape nor a UTF-8
 * check; eight at a time, the last eight overlapping those before. */
static gboolean
is_plain_ascii (const char *text,
                gsize       len)
{
  guint64 w;

  if (len < 8)
    {
      for (gsize i = 0; i < len; i++)
        {
          guchar c = (guchar) text[i];

          if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80)
            return FALSE;
        }
      return TRUE;
    }
  for (gsize i = 0; i + 8 < len; i += 8)
    {
      memcpy (&w, text + i, sizeof w);
      if (word_needs_care (w))
        return FALSE;
    }
  memcpy (&w, text + len - 8, sizeof w);
  return !word_needs_care (w);
}

/* jansson's escapes: the quote, the backslash and control characters;
 * neither `/` nor anything past ASCII. */
static gboolean
write_string (GString    *out,
              const char *text)
{
  static const char hex[] = "0123456789ABCDEF";
  const char *run = text;
  const char *p = text;
  guchar high = 0;   /* the bits of every byte: ASCII needs no check */
  gsize len = strlen (text);

  g_string_append_c (out, '"');
  /* names, keys, table names: nearly every string is written as it is */
  if (is_plain_ascii (text, len))
    {
      gaws_string_append_len (out, text, len);
      g_string_append_c (out, '"');
      return TRUE;
    }
  for (; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      char escape;

      high |= c;
      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      gaws_string_append_len (out, run, p - run);
      run = p + 1;
      escape = c == '"' ? '"' : c == '\\' ? '\\' : c == '\b' ? 'b' : c == '\f' ? 'f' :
               c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : '\0';
      g_string_append_c (out, '\\');
      if (escape != '\0')
        g_string_append_c (out, escape);
      else
        {
          g_string_append (out, "u00");
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 15]);
        }
    }
  gaws_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
  return high < 0x80 || g_utf8_validate (text, p - text, NULL);
}

static void
write_integer (GString *out,
               gint64   value)
{
  char digits[GAWS_DECIMAL_MAX_DIGITS];
  guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;

  if (value < 0)
    g_string_append_c (out, '-');
  gaws_string_append_len (out, digits, gaws_put_decimal (digits, magnitude) - digits);
}

static gboolean
write_variant (GString  *out,
               GVariant *variant)
{
  if (g_variant_is_of_type (variant, G_VARIANT_TYPE_INT32))
    write_integer (out, g_variant_get_int32 (variant));
  else if (g_variant_is_of_type (variant, G_VARIANT_TYPE_INT64))
    write_integer (out, g_variant_get_int64 (variant));
  else if (g_variant_is_of_type (variant, G_VARIANT_TYPE_BOOLEAN))
    g_string_append (out, g_variant_get_boolean (variant) ? "true" : "false");
  else
    return FALSE;
  return TRUE;
}

static gboolean
write_timestamp (GString              *out,
                 const GawsMemberInfo *member,
                 GDateTime            *time,
                 GawsShapeJsonFlags    flags)
{
  GawsTimestampFormat format = json_timestamp_format (member, flags);
  g_autofree char *text = NULL;
  double epoch;

  if (format != GAWS_TIMESTAMP_FORMAT_UNIX_TIMESTAMP)
    {
      text = gaws_protocol_format_timestamp (time, format);
      return write_string (out, text);
    }
  epoch = gaws_protocol_timestamp_to_epoch (time);
  if (epoch != floor (epoch))
    return FALSE;
  write_integer (out, (gint64) epoch);
  return TRUE;
}

static gboolean write_element (GString              *out,
                               const GawsMemberInfo *member,
                               gconstpointer         element,
                               GawsShapeJsonFlags    flags);

typedef struct {
  const char *key;
  gpointer    value;
} MapEntry;

static int
compare_entries (const void *a,
                 const void *b)
{
  return strcmp (((const MapEntry *) a)->key, ((const MapEntry *) b)->key);
}

/* Keys sorted as json_dumps() writes them; the entries are taken in one
 * walk, rather than each value looked up again by its key. */
static gboolean
write_map (GString              *out,
           const GawsMemberInfo *member,
           GHashTable           *map,
           GawsShapeJsonFlags    flags)
{
  guint n = g_hash_table_size (map);
  MapEntry few[8];   /* request maps are small: keys, attribute names */
  g_autofree MapEntry *many = n > G_N_ELEMENTS (few) ? g_new (MapEntry, n) : NULL;
  MapEntry *entries = many != NULL ? many : few;
  GHashTableIter iter;
  gpointer key, value;
  guint i = 0;

  g_hash_table_iter_init (&iter, map);
  while (g_hash_table_iter_next (&iter, &key, &value))
    entries[i++] = (MapEntry) { key, value };
  if (n > 1)
    qsort (entries, n, sizeof (MapEntry), compare_entries);
  g_string_append_c (out, '{');
  for (i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      if (!write_string (out, entries[i].key))
        return FALSE;
      g_string_append_c (out, ':');
      if (!write_element (out, &member->shape->members[1], entries[i].value, flags))
        return FALSE;
    }
  g_string_append_c (out, '}');
  return TRUE;
}

static gboolean
write_element (GString              *out,
               const GawsMemberInfo *member,
               gconstpointer         element,
               GawsShapeJsonFlags    flags)
{
  gpointer data = (gpointer) element;
  g_autofree char *encoded = NULL;

  flags &= ~GAWS_SHAPE_JSON_BODY_ONLY;
  if (element == NULL)
    {
      g_string_append (out, "null");
      return TRUE;
    }
  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
      return GAWS_IS_SHAPE (data) && write_shape (out, data, flags);
    case GAWS_SHAPE_KIND_LIST:
      g_string_append_c (out, '[');
      for (guint i = 0; i < ((GPtrArray *) data)->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          if (!write_element (out, &member->shape->members[0], ((GPtrArray *) data)->pdata[i], flags))
            return FALSE;
        }
      g_string_append_c (out, ']');
      return TRUE;
    case GAWS_SHAPE_KIND_MAP:
      return write_map (out, member, data, flags);
    case GAWS_SHAPE_KIND_STRING:
      if ((member->flags & GAWS_MEMBER_FLAG_JSONVALUE) && !(flags & GAWS_SHAPE_JSON_WIRE))
        return FALSE;
      return write_string (out, element);
    case GAWS_SHAPE_KIND_TIMESTAMP:
      return write_timestamp (out, member, data, flags);
    case GAWS_SHAPE_KIND_BLOB:
      if (gaws_member_info_is_streaming (member) || (flags & GAWS_SHAPE_JSON_BLOB_TEXT))
        return FALSE;
      encoded = g_base64_encode (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
      return write_string (out, encoded);
    case GAWS_SHAPE_KIND_INTEGER:
    case GAWS_SHAPE_KIND_LONG:
    case GAWS_SHAPE_KIND_BOOLEAN:
      return write_variant (out, data);
    default:
      /* doubles (jansson's own formatting), documents */
      return FALSE;
    }
}

/* gaws_shape_json_from_value() */
static gboolean
write_value (GString              *out,
             const GawsMemberInfo *member,
             const GValue         *value,
             GawsShapeJsonFlags    flags)
{
  /* A slot holds its member's own type: no G_VALUE_HOLDS() look-ups. */
  GType type = G_VALUE_TYPE (value);

  if (type == G_TYPE_INT)
    write_integer (out, value->data[0].v_int);
  else if (type == G_TYPE_INT64)
    write_integer (out, value->data[0].v_int64);
  else if (type == G_TYPE_BOOLEAN)
    g_string_append (out, value->data[0].v_int ? "true" : "false");
  else if (type == G_TYPE_DOUBLE)
    return FALSE;
  else
    return write_element (out, member, value->data[0].v_pointer, flags);
  return TRUE;
}

/* gaws_shape_to_json() */
static gboolean
write_shape (GString            *out,
             GawsShape          *shape,
             GawsShapeJsonFlags  flags)
{
  const GawsShapeInfo *info = gaws_shape_get_info (shape);
  const GValue *values = gaws_shape_peek_values (shape);
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  for (guint i = 0; values != NULL && i < info->n_members; i++)
    {
      const GawsMemberInfo *member = &info->members[i];
      const GValue *value = &values[i];

      if (G_VALUE_TYPE (value) == G_TYPE_INVALID)
        continue;
      if ((flags & GAWS_SHAPE_JSON_BODY_ONLY) && member->location != GAWS_LOCATION_BODY)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      if (!write_string (out, member_key (member, flags)))
        return FALSE;
      g_string_append_c (out, ':');
      if (!write_value (out, member, value, flags))
        return FALSE;
    }
  g_string_append_c (out, '}');
  return TRUE;
}

/* json_dumps (gaws_shape_to_json (@self, @flags), JSON_COMPACT |
 * JSON_ENCODE_ANY | JSON_REAL_PRECISION (17)) appended to @out, for the
 * common case only. FALSE when the shape needs the tree: the caller
 * truncates @out and builds it. */
gboolean
gaws_shape_to_json_text (GawsShape          *self,
                         GawsShapeJsonFlags  flags,
                         GString            *out)
{
  return write_shape (out, self, flags);
}
