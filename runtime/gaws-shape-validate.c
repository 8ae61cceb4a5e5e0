/* gaws-shape-validate.c: checking a GawsShape against its model
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-shape.h"

#include "gaws-error.h"

/* Checks run before any I/O, so that a bad request fails at once with the
 * member path, as botocore's do; every problem is reported, not the first. */

typedef struct {
  GString *path;
  GString *problems;
} Validator;

static void validate_structure (Validator *validator,
                                GawsShape *shape);

static void
problem (Validator  *validator,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
problem (Validator  *validator,
         const char *format,
         ...)
{
  va_list args;

  g_string_append_c (validator->problems, '\n');
  va_start (args, format);
  g_string_append_vprintf (validator->problems, format, args);
  va_end (args);
}

static const char *
path_or_input (Validator *validator)
{
  return validator->path->len ? validator->path->str : "input";
}

/* Lengths for strings (characters), blobs (bytes), lists and maps; values
 * for numbers. */
static void
check_range (Validator           *validator,
             const GawsShapeInfo *shape,
             double               measure,
             gboolean             is_length)
{
  const char *what = is_length ? "length" : "range";
  const char *unit = is_length ? "length" : "value";

  if ((shape->flags & GAWS_SHAPE_FLAG_HAS_MIN) && measure < shape->min)
    problem (validator, "Invalid %s for parameter %s, value: %g, valid min %s: %g",
             what, path_or_input (validator), measure, unit, shape->min);
  if ((shape->flags & GAWS_SHAPE_FLAG_HAS_MAX) && measure > shape->max)
    problem (validator, "Invalid %s for parameter %s, value: %g, valid max %s: %g",
             what, path_or_input (validator), measure, unit, shape->max);
}

static void
validate_list (Validator            *validator,
               const GawsMemberInfo *member,
               GPtrArray            *list);
static void
validate_map (Validator            *validator,
              const GawsMemberInfo *member,
              GHashTable           *map);

static void
validate_element (Validator            *validator,
                  const GawsMemberInfo *member,
                  gconstpointer         element)
{
  const GawsShapeInfo *shape = member->shape;

  if (element == NULL)
    return;
  switch ((GawsShapeKind) shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
      /* event streams: a GawsEventStream is not a structure to check */
      if (GAWS_IS_SHAPE ((gpointer) element))
        validate_structure (validator, (GawsShape *) element);
      break;
    case GAWS_SHAPE_KIND_LIST:
      validate_list (validator, member, (GPtrArray *) element);
      break;
    case GAWS_SHAPE_KIND_MAP:
      validate_map (validator, member, (GHashTable *) element);
      break;
    case GAWS_SHAPE_KIND_STRING:
      check_range (validator, shape, g_utf8_strlen (element, -1), TRUE);
      break;
    case GAWS_SHAPE_KIND_BLOB:
      if (!gaws_member_info_is_streaming (member))
        check_range (validator, shape, g_bytes_get_size ((GBytes *) element), TRUE);
      break;
    case GAWS_SHAPE_KIND_INTEGER:
    case GAWS_SHAPE_KIND_LONG:
    case GAWS_SHAPE_KIND_FLOAT:
    case GAWS_SHAPE_KIND_DOUBLE:
      if (g_variant_is_of_type ((GVariant *) element, G_VARIANT_TYPE_INT32))
        check_range (validator, shape, g_variant_get_int32 ((GVariant *) element), FALSE);
      else if (g_variant_is_of_type ((GVariant *) element, G_VARIANT_TYPE_INT64))
        check_range (validator, shape, (double) g_variant_get_int64 ((GVariant *) element), FALSE);
      else if (g_variant_is_of_type ((GVariant *) element, G_VARIANT_TYPE_DOUBLE))
        check_range (validator, shape, g_variant_get_double ((GVariant *) element), FALSE);
      break;
    default:
      break;
    }
}

static void
validate_list (Validator            *validator,
               const GawsMemberInfo *member,
               GPtrArray            *list)
{
  gsize path_len = validator->path->len;

  check_range (validator, member->shape, list->len, TRUE);
  for (guint i = 0; i < list->len; i++)
    {
      g_string_append_printf (validator->path, "[%u]", i);
      validate_element (validator, &member->shape->members[0], list->pdata[i]);
      g_string_truncate (validator->path, path_len);
    }
}

static void
validate_map (Validator            *validator,
              const GawsMemberInfo *member,
              GHashTable           *map)
{
  gsize path_len = validator->path->len;
  GHashTableIter iter;
  gpointer key, value;

  check_range (validator, member->shape, g_hash_table_size (map), TRUE);
  g_hash_table_iter_init (&iter, map);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_string_append_printf (validator->path, "[\"%s\"]", (const char *) key);
      validate_element (validator, &member->shape->members[0], key);
      validate_element (validator, &member->shape->members[1], value);
      g_string_truncate (validator->path, path_len);
    }
}

static void
validate_value (Validator            *validator,
                const GawsMemberInfo *member,
                const GValue         *value)
{
  if (G_VALUE_HOLDS_INT (value))
    check_range (validator, member->shape, g_value_get_int (value), FALSE);
  else if (G_VALUE_HOLDS_INT64 (value))
    check_range (validator, member->shape, (double) g_value_get_int64 (value), FALSE);
  else if (G_VALUE_HOLDS_DOUBLE (value))
    check_range (validator, member->shape, g_value_get_double (value), FALSE);
  else if (!G_VALUE_HOLDS_BOOLEAN (value) && member->shape->kind != GAWS_SHAPE_KIND_DOCUMENT)
    validate_element (validator, member, g_value_peek_pointer (value));
}

static void
validate_structure (Validator *validator,
                    GawsShape *shape)
{
  const GawsShapeInfo *info = gaws_shape_get_info (shape);
  gsize path_len = validator->path->len;

  for (guint i = 0; i < info->n_members; i++)
    {
      const GawsMemberInfo *member = &info->members[i];
      const GValue *value = gaws_shape_get_value (shape, i);

      if (value == NULL)
        {
          /* Idempotency tokens are filled in when left unset. */
          if ((member->flags & GAWS_MEMBER_FLAG_REQUIRED) &&
              !(member->flags & GAWS_MEMBER_FLAG_IDEMPOTENCY_TOKEN))
            problem (validator, "Missing required parameter in %s: \"%s\"",
                     path_or_input (validator), member->name);
          continue;
        }
      g_string_append_printf (validator->path, "%s%s", path_len ? "." : "", member->name);
      validate_value (validator, member, value);
      g_string_truncate (validator->path, path_len);
    }
}

/**
 * gaws_shape_validate:
 * @self: a #GawsShape
 * @error: return location for a #GError
 *
 * Checks @self and everything it holds against the model: required
 * members are set, lengths and values are within the model's minimum and
 * maximum.
 *
 * Returns: %TRUE if @self is valid; else %FALSE with a
 *   %GAWS_ERROR_INVALID_ARGUMENT error listing each problem with its member
 *   path, such as `Item["id"].S`
 */
gboolean
gaws_shape_validate (GawsShape  *self,
                     GError    **error)
{
  g_autoptr(GString) path = g_string_new (NULL);
  g_autoptr(GString) problems = g_string_new (NULL);
  Validator validator = { path, problems };

  g_return_val_if_fail (GAWS_IS_SHAPE (self), FALSE);
  validate_structure (&validator, self);
  if (problems->len == 0)
    return TRUE;
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
               "Parameter validation failed:%s", problems->str);
  return FALSE;
}
