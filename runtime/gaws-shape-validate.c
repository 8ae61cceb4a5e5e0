/* gaws-shape-validate.c: checking a GawsShape against its model
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-shape.h"

#include "gaws-error.h"
#include "gaws-shape-json.h"

/* Checks run before any I/O, so that a bad request fails at once with the
 * member path, as botocore's do; every problem is reported, not the first. */

/* The member path is only written out when there is a problem to report:
 * each level of the walk keeps its step in a frame on the C stack. */
typedef struct PathStep PathStep;
struct PathStep {
  const PathStep *parent;
  const char     *member;  /* a structure member, or */
  const char     *key;     /* a map key, or else */
  guint           index;   /* a list index */
};

typedef struct {
  const PathStep *top;     /* NULL at the input itself */
  GString        *path;    /* scratch for problem (), made by the first */
  GString        *problems;   /* NULL while there is none */
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

  if (validator->problems == NULL)
    validator->problems = g_string_new (NULL);
  g_string_append_c (validator->problems, '\n');
  va_start (args, format);
  g_string_append_vprintf (validator->problems, format, args);
  va_end (args);
}

static void
append_step (GString        *path,
             const PathStep *step)
{
  if (step->parent != NULL)
    append_step (path, step->parent);
  if (step->member != NULL)
    g_string_append_printf (path, "%s%s", path->len ? "." : "", step->member);
  else if (step->key != NULL)
    g_string_append_printf (path, "[\"%s\"]", step->key);
  else
    g_string_append_printf (path, "[%u]", step->index);
}

static const char *
path_or_input (Validator *validator)
{
  if (validator->top == NULL)
    return "input";
  if (validator->path == NULL)
    validator->path = g_string_new (NULL);
  g_string_truncate (validator->path, 0);
  append_step (validator->path, validator->top);
  return validator->path->str;
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
      /* counting characters only for a model that limits them */
      if (shape->flags & (GAWS_SHAPE_FLAG_HAS_MIN | GAWS_SHAPE_FLAG_HAS_MAX))
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
  PathStep step = { validator->top, NULL, NULL, 0 };

  check_range (validator, member->shape, list->len, TRUE);
  validator->top = &step;
  for (guint i = 0; i < list->len; i++)
    {
      step.index = i;
      validate_element (validator, &member->shape->members[0], list->pdata[i]);
    }
  validator->top = step.parent;
}

static void
validate_map (Validator            *validator,
              const GawsMemberInfo *member,
              GHashTable           *map)
{
  PathStep step = { validator->top, NULL, NULL, 0 };
  GHashTableIter iter;
  gpointer key, value;

  check_range (validator, member->shape, g_hash_table_size (map), TRUE);
  validator->top = &step;
  g_hash_table_iter_init (&iter, map);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      step.key = key;
      validate_element (validator, &member->shape->members[0], key);
      validate_element (validator, &member->shape->members[1], value);
    }
  validator->top = step.parent;
}

static void
validate_value (Validator            *validator,
                const GawsMemberInfo *member,
                const GValue         *value)
{
  /* A slot holds its member's own type: no G_VALUE_HOLDS() look-ups. */
  GType type = G_VALUE_TYPE (value);

  if (type == G_TYPE_INT)
    check_range (validator, member->shape, value->data[0].v_int, FALSE);
  else if (type == G_TYPE_INT64)
    check_range (validator, member->shape, (double) value->data[0].v_int64, FALSE);
  else if (type == G_TYPE_DOUBLE)
    check_range (validator, member->shape, value->data[0].v_double, FALSE);
  else if (type != G_TYPE_BOOLEAN && member->shape->kind != GAWS_SHAPE_KIND_DOCUMENT)
    validate_element (validator, member, value->data[0].v_pointer);
}

static void
validate_structure (Validator *validator,
                    GawsShape *shape)
{
  const GawsShapeInfo *info = gaws_shape_get_info (shape);
  const GValue *values = gaws_shape_peek_values (shape);
  PathStep step = { validator->top, NULL, NULL, 0 };

  for (guint i = 0; i < info->n_members; i++)
    {
      const GawsMemberInfo *member = &info->members[i];
      const GValue *value = values != NULL ? &values[i] : NULL;

      if (value == NULL || G_VALUE_TYPE (value) == G_TYPE_INVALID)
        {
          /* Idempotency tokens are filled in when left unset. */
          if ((member->flags & GAWS_MEMBER_FLAG_REQUIRED) &&
              !(member->flags & GAWS_MEMBER_FLAG_IDEMPOTENCY_TOKEN))
            problem (validator, "Missing required parameter in %s: \"%s\"",
                     path_or_input (validator), member->name);
          continue;
        }
      step.member = member->name;
      validator->top = &step;
      validate_value (validator, member, value);
      validator->top = step.parent;
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
  /* The strings are made only for a problem: most requests have none. */
  Validator validator = { NULL, NULL, NULL };

  g_return_val_if_fail (GAWS_IS_SHAPE (self), FALSE);
  validate_structure (&validator, self);
  if (validator.path != NULL)
    g_string_free (validator.path, TRUE);
  if (validator.problems == NULL)
    return TRUE;
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
               "Parameter validation failed:%s", validator.problems->str);
  g_string_free (validator.problems, TRUE);
  return FALSE;
}
