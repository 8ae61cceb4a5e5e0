/* gaws-shape-info.c: reading the const descriptor tables
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-shape-info.h"

#include <stdlib.h>
#include <string.h>
#include "gaws-shape.h"
#include "gaws-shape-private.h"
#include "gaws-spare-containers-private.h"

/**
 * gaws_member_info_get_wire_name:
 * @member: a #GawsMemberInfo
 *
 * Returns: the name of @member on the wire: its location name, or else its
 *   name in the model
 */
const char *
gaws_member_info_get_wire_name (const GawsMemberInfo *member)
{
  return member->location_name ? member->location_name : member->name;
}

/**
 * gaws_member_info_get_timestamp_format:
 * @member: a #GawsMemberInfo of a timestamp
 *
 * Returns: the member's own format, or else its shape's
 */
GawsTimestampFormat
gaws_member_info_get_timestamp_format (const GawsMemberInfo *member)
{
  if (member->timestamp_format != GAWS_TIMESTAMP_FORMAT_DEFAULT)
    return member->timestamp_format;
  return member->shape->timestamp_format;
}

/**
 * gaws_member_info_is_streaming:
 * @member: a #GawsMemberInfo
 *
 * Returns: whether the member's value travels as a stream
 */
gboolean
gaws_member_info_is_streaming (const GawsMemberInfo *member)
{
  return (member->flags & GAWS_MEMBER_FLAG_STREAMING) != 0 ||
         (member->shape->flags & GAWS_SHAPE_FLAG_STREAMING) != 0;
}

/**
 * gaws_member_info_get_value_type:
 * @member: a #GawsMemberInfo
 *
 * The #GType a #GawsShape stores the member's value as: strings, enums and
 * documents are `gchararray`, integers `gint`, longs `gint64`, floats and
 * doubles `gdouble`, timestamps #GDateTime, blobs #GBytes (#GInputStream
 * when streamed), structures their class, lists #GPtrArray and maps
 * #GHashTable.
 *
 * An event-stream member (%GAWS_SHAPE_FLAG_EVENTSTREAM) holds a #GObject:
 * in an output, the #GawsEventStream its events are read from.
 *
 * Returns: the #GType of the member's values
 */
GType
gaws_member_info_get_value_type (const GawsMemberInfo *member)
{
  const GawsShapeInfo *shape = member->shape;

  /* event streams: the stream is not a value of the union's class */
  if (shape->flags & GAWS_SHAPE_FLAG_EVENTSTREAM)
    return G_TYPE_OBJECT;
  switch ((GawsShapeKind) shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
      return shape->get_type ? shape->get_type () : GAWS_TYPE_SHAPE;
    case GAWS_SHAPE_KIND_LIST:
      return G_TYPE_PTR_ARRAY;
    case GAWS_SHAPE_KIND_MAP:
      return G_TYPE_HASH_TABLE;
    case GAWS_SHAPE_KIND_STRING:
    case GAWS_SHAPE_KIND_DOCUMENT:
      return G_TYPE_STRING;
    case GAWS_SHAPE_KIND_INTEGER:
      return G_TYPE_INT;
    case GAWS_SHAPE_KIND_LONG:
      return G_TYPE_INT64;
    case GAWS_SHAPE_KIND_BOOLEAN:
      return G_TYPE_BOOLEAN;
    case GAWS_SHAPE_KIND_FLOAT:
    case GAWS_SHAPE_KIND_DOUBLE:
      return G_TYPE_DOUBLE;
    case GAWS_SHAPE_KIND_TIMESTAMP:
      return G_TYPE_DATE_TIME;
    case GAWS_SHAPE_KIND_BLOB:
      return gaws_member_info_is_streaming (member) ? G_TYPE_INPUT_STREAM : G_TYPE_BYTES;
    default:
      g_return_val_if_reached (G_TYPE_INVALID);
    }
}

/**
 * gaws_shape_info_is_structure:
 * @shape: a #GawsShapeInfo
 *
 * Returns: whether @shape is a structure or a union, whose values are
 *   #GawsShape objects
 */
gboolean
gaws_shape_info_is_structure (const GawsShapeInfo *shape)
{
  return shape->kind == GAWS_SHAPE_KIND_STRUCTURE || shape->kind == GAWS_SHAPE_KIND_UNION;
}

/**
 * gaws_shape_info_find_member:
 * @shape: a #GawsShapeInfo of a structure
 * @name: a member name from the model, such as `TableName`
 *
 * Returns: the index of the member, or -1
 */
gint
gaws_shape_info_find_member (const GawsShapeInfo *shape,
                             const char          *name)
{
  /* Structures are small, and their order is the model's, not sorted.
   * The first bytes are compared here before strcmp() is called: an S3
   * input has some 40 members, and the runtime looks one up by name on
   * every call (a checksum member, the bucket). */
  for (guint i = 0; i < shape->n_members; i++)
    if (shape->members[i].name[0] == name[0] && strcmp (shape->members[i].name, name) == 0)
      return (gint) i;
  return -1;
}

/**
 * gaws_shape_info_get_member:
 * @shape: a #GawsShapeInfo
 * @index: a member index
 *
 * Returns: (nullable): the member at @index, or %NULL when out of range
 */
const GawsMemberInfo *
gaws_shape_info_get_member (const GawsShapeInfo *shape,
                            guint                index)
{
  return index < shape->n_members ? &shape->members[index] : NULL;
}

static void
variant_free (gpointer data)
{
  if (data != NULL)
    g_variant_unref (data);
}

/* structures, mostly, made by a protocol reader */
static void
object_free (gpointer data)
{
  if (data != NULL)
    gaws_shape_unref_held (data);
}

static void
ptr_array_free (gpointer data)
{
  if (data != NULL)
    gaws_list_unref_held (data);
}

static void
hash_table_free (gpointer data)
{
  if (data != NULL)
    gaws_map_unref_held (data);
}

static void
bytes_free (gpointer data)
{
  if (data != NULL)
    g_bytes_unref (data);
}

static void
date_time_free (gpointer data)
{
  if (data != NULL)
    g_date_time_unref (data);
}

/**
 * gaws_shape_info_get_free_func: (skip)
 * @shape: the #GawsShapeInfo of a list element or map value
 *
 * How the elements of lists and the values of maps are held: strings as
 * `char *`, numbers and booleans as #GVariant (`i`, `x`, `b` or `d`),
 * timestamps as #GDateTime, blobs as #GBytes, structures as #GawsShape,
 * lists as #GPtrArray and maps as #GHashTable. A sparse list may hold %NULL.
 *
 * Returns: the function that frees one element of that shape
 */
GDestroyNotify
gaws_shape_info_get_free_func (const GawsShapeInfo *shape)
{
  switch ((GawsShapeKind) shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
      return object_free;
    case GAWS_SHAPE_KIND_LIST:
      return ptr_array_free;
    case GAWS_SHAPE_KIND_MAP:
      return hash_table_free;
    case GAWS_SHAPE_KIND_STRING:
    case GAWS_SHAPE_KIND_DOCUMENT:
      return g_free;
    case GAWS_SHAPE_KIND_INTEGER:
    case GAWS_SHAPE_KIND_LONG:
    case GAWS_SHAPE_KIND_BOOLEAN:
    case GAWS_SHAPE_KIND_FLOAT:
    case GAWS_SHAPE_KIND_DOUBLE:
      return variant_free;
    case GAWS_SHAPE_KIND_TIMESTAMP:
      return date_time_free;
    case GAWS_SHAPE_KIND_BLOB:
      return bytes_free;
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * gaws_shape_info_new_list: (skip)
 * @shape: the #GawsShapeInfo of a list
 *
 * Returns: (transfer full): an empty #GPtrArray that frees its elements
 *   the way @shape's element wants
 */
GPtrArray *
gaws_shape_info_new_list (const GawsShapeInfo *shape)
{
  GDestroyNotify element_free;
  GPtrArray *list;

  g_return_val_if_fail (shape->kind == GAWS_SHAPE_KIND_LIST, NULL);
  element_free = gaws_shape_info_get_free_func (shape->members[0].shape);
  /* one a structure dropped, emptied (see gaws_list_unref_held()) */
  list = gaws_spare_list_take (element_free);
  return list != NULL ? list : g_ptr_array_new_with_free_func (element_free);
}

/**
 * gaws_shape_info_new_map:
 * @shape: the #GawsShapeInfo of a map
 *
 * Returns: (transfer full): an empty #GHashTable with string keys that
 *   frees its values the way @shape's value wants
 */
GHashTable *
gaws_shape_info_new_map (const GawsShapeInfo *shape)
{
  GDestroyNotify value_destroy;
  GHashTable *map;

  g_return_val_if_fail (shape->kind == GAWS_SHAPE_KIND_MAP, NULL);
  value_destroy = gaws_shape_info_get_free_func (shape->members[1].shape);
  /* one a structure dropped, emptied (see gaws_map_unref_held()) */
  map = gaws_spare_map_take (value_destroy);
  return map != NULL ? map : g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_destroy);
}

/**
 * gaws_shape_info_get_error_code:
 * @shape: the #GawsShapeInfo of an exception
 *
 * Returns: the code the service sends for the error
 */
const char *
gaws_shape_info_get_error_code (const GawsShapeInfo *shape)
{
  return shape->error_code ? shape->error_code : shape->name;
}

static int
compare_operation (const void *key, const void *element)
{
  return strcmp (key, ((const GawsOperationInfo *) element)->name);
}

static int
compare_shape (const void *key, const void *element)
{
  return strcmp (key, ((const GawsShapeInfo *) element)->name);
}

static int
compare_error (const void *key, const void *element)
{
  return strcmp (key, gaws_shape_info_get_error_code (*(const GawsShapeInfo *const *) element));
}

/**
 * gaws_service_info_find_operation:
 * @service: a #GawsServiceInfo
 * @name: an operation name, such as `PutItem`
 *
 * Returns: (nullable): the operation, or %NULL
 */
const GawsOperationInfo *
gaws_service_info_find_operation (const GawsServiceInfo *service,
                                  const char            *name)
{
  return bsearch (name, service->operations, service->n_operations,
                  sizeof (GawsOperationInfo), compare_operation);
}

/**
 * gaws_service_info_find_shape:
 * @service: a #GawsServiceInfo
 * @name: a shape name
 *
 * Returns: (nullable): the shape, or %NULL
 */
const GawsShapeInfo *
gaws_service_info_find_shape (const GawsServiceInfo *service,
                              const char            *name)
{
  return bsearch (name, service->shapes, service->n_shapes,
                  sizeof (GawsShapeInfo), compare_shape);
}

/**
 * gaws_service_info_find_error:
 * @service: a #GawsServiceInfo
 * @code: an error code, such as `ResourceNotFoundException`
 *
 * Returns: (nullable): the exception structure of that code, or %NULL
 */
const GawsShapeInfo *
gaws_service_info_find_error (const GawsServiceInfo *service,
                              const char            *code)
{
  const GawsShapeInfo *const *found;

  /* bsearch() must not be given the NULL table of a service without errors */
  if (service->n_errors == 0 || code == NULL)
    return NULL;
  found = bsearch (code, service->errors, service->n_errors,
                   sizeof (const GawsShapeInfo *), compare_error);
  return found ? *found : NULL;
}

/**
 * gaws_service_info_find_paginator:
 * @service: a #GawsServiceInfo
 * @operation_name: the operation, by its model name (`ListObjectsV2`) or
 *   its boto3 name (`list_objects_v2`)
 *
 * Returns: (nullable): the operation's paginator, or %NULL when it has none
 */
const GawsPaginatorInfo *
gaws_service_info_find_paginator (const GawsServiceInfo *service,
                                  const char            *operation_name)
{
  /* A few dozen paginators at most: a scan is as fast as a search and
   * takes both spellings. */
  for (guint i = 0; i < service->n_paginators; i++)
    {
      const GawsPaginatorInfo *paginator = &service->paginators[i];

      if (g_strcmp0 (paginator->operation->name, operation_name) == 0 ||
          g_strcmp0 (paginator->python_name, operation_name) == 0)
        return paginator;
    }
  return NULL;
}

/**
 * gaws_service_info_find_waiter:
 * @service: a #GawsServiceInfo
 * @name: the waiter, by its model name (`TableExists`) or its boto3 name
 *   (`table_exists`)
 *
 * Returns: (nullable): the waiter, or %NULL when the service has none of
 *   that name
 */
const GawsWaiterInfo *
gaws_service_info_find_waiter (const GawsServiceInfo *service,
                               const char            *name)
{
  for (guint i = 0; i < service->n_waiters; i++)
    {
      const GawsWaiterInfo *waiter = &service->waiters[i];

      if (g_strcmp0 (waiter->name, name) == 0 || g_strcmp0 (waiter->python_name, name) == 0)
        return waiter;
    }
  return NULL;
}
