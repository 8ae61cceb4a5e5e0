/* gaws-shape-json.c: GawsShape to and from jansson values
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-shape-json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "gaws-error.h"
#include "gaws-protocol-util.h"

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
