/* gaws-resource.c: one instance of a resource type of boto3's resource model
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-resource-private.h"
#include "gaws-resource-collection-private.h"
#include "gaws-resource-customizations-private.h"
#include "gaws-error.h"
#include "gaws-jmespath.h"
#include "gaws-operation.h"
#include "gaws-shape-json.h"
#include "gaws-waiter.h"

/* Each unit that wants it defines it: jansson has none. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

#include <stdlib.h>
#include <string.h>

/**
 * GawsResource:
 *
 * An instance of a resource type of boto3's `resources-1.json`, such as a
 * DynamoDB `Table` or an S3 `Object`: its identifiers, its data (loaded
 * from the model's `load` action, or given by the response that made it),
 * its actions, sub-resources, references, collections and waiters, all
 * interpreted from the model at run time, as boto3 does.
 *
 * Names are accepted as the model spells them (`PutItem`) or in boto3's
 * snake case (`put_item`).
 */

typedef struct
{
  GawsClient        *client;
  GawsResourceModel *model;
  char              *name;
  GStrv              identifiers;
  json_t            *data;
  GawsShape         *data_shape;
} GawsResourcePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (GawsResource, gaws_resource, G_TYPE_OBJECT)

/* Hand-written actions, by "service/Resource/normalized-action": the
 * extension point of the S3 and DynamoDB helpers. */
typedef struct _CustomAction CustomAction;
struct _CustomAction {
  const GawsShapeInfo         *params_info;
  GawsResourceCustomActionFunc func;
  gpointer                     user_data;
  GDestroyNotify               destroy;
};

static GMutex custom_lock;
static GHashTable *custom_actions;

static void
gaws_resource_finalize (GObject *object)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (GAWS_RESOURCE (object));

  g_clear_object (&priv->client);
  g_clear_pointer (&priv->model, gaws_resource_model_unref);
  g_free (priv->name);
  g_strfreev (priv->identifiers);
  g_clear_pointer (&priv->data, json_decref);
  g_clear_object (&priv->data_shape);
  G_OBJECT_CLASS (gaws_resource_parent_class)->finalize (object);
}

static void
gaws_resource_class_init (GawsResourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_resource_finalize;
}

static void
gaws_resource_init (GawsResource *self)
{
}

static json_t *
definition_of (GawsResource *self)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);

  return gaws_resource_model_get_definition (priv->model, priv->name);
}

static const char *
display_name (GawsResource *self)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);

  return priv->name ? priv->name : "ServiceResource";
}

GawsResource *
gaws_resource_new_with_data (GawsClient          *client,
                             GawsResourceModel   *model,
                             const char          *resource_name,
                             const char * const  *identifiers,
                             json_t              *data,
                             GError             **error)
{
  return gaws_resource_new_of_type (GAWS_TYPE_RESOURCE, client, model, resource_name,
                                    identifiers, data, error);
}

GawsResource *
gaws_resource_new_of_type (GType                type,
                           GawsClient          *client,
                           GawsResourceModel   *model,
                           const char          *resource_name,
                           const char * const  *identifiers,
                           json_t              *data,
                           GError             **error)
{
  g_auto(GStrv) names = gaws_resource_model_get_identifier_names (model, resource_name);
  GawsResourcePrivate *priv;
  GawsResource *self;
  guint n_given = identifiers ? g_strv_length ((GStrv) identifiers) : 0;

  if (names == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Unknown resource type %s", resource_name);
      return NULL;
    }
  for (guint i = 0; i < n_given; i++)
    if (*identifiers[i] == '\0')
      {
        g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                     "%s's identifier %s is empty", resource_name, names[i]);
        return NULL;
      }
  if (n_given != g_strv_length (names))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s takes %u identifiers, not %u", resource_name, g_strv_length (names), n_given);
      return NULL;
    }
  self = g_object_new (type, NULL);
  priv = gaws_resource_get_instance_private (self);
  priv->client = g_object_ref (client);
  priv->model = gaws_resource_model_ref (model);
  priv->name = g_strdup (resource_name);
  priv->identifiers = g_strdupv ((GStrv) identifiers);
  if (priv->identifiers == NULL)
    priv->identifiers = g_new0 (char *, 1);
  if (data != NULL && !json_is_null (data))
    priv->data = json_incref (data);
  return self;
}

/**
 * gaws_resource_new:
 * @client: the client its calls go through
 * @model: the resource model of the client's service
 * @resource_name: a resource type of @model, such as `Table`
 * @identifiers: (array zero-terminated=1): the values of its identifiers,
 *   in the model's order
 * @error: return location for a #GError
 *
 * Makes a resource from its identifiers, as boto3's `s3.Object(bucket, key)`.
 * Usually a #GawsServiceResource makes them: see gaws_resource_get_resource().
 *
 * Returns: (transfer full) (nullable): the resource, or %NULL with
 *   %GAWS_ERROR_INVALID_ARGUMENT for an unknown type or a wrong number of
 *   identifiers
 */
GawsResource *
gaws_resource_new (GawsClient          *client,
                   GawsResourceModel   *model,
                   const char          *resource_name,
                   const char * const  *identifiers,
                   GError             **error)
{
  g_return_val_if_fail (GAWS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (resource_name != NULL, NULL);

  return gaws_resource_new_with_data (client, model, resource_name, identifiers, NULL, error);
}

/**
 * gaws_resource_get_client:
 * @self: a #GawsResource
 *
 * Returns: (transfer none): the client its calls go through (boto3's `meta.client`)
 */
GawsClient *
gaws_resource_get_client (GawsResource *self)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);

  g_return_val_if_fail (GAWS_IS_RESOURCE (self), NULL);
  return priv->client;
}

/**
 * gaws_resource_get_model:
 * @self: a #GawsResource
 *
 * Returns: (transfer none): the resource model it is interpreted from
 */
GawsResourceModel *
gaws_resource_get_model (GawsResource *self)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);

  g_return_val_if_fail (GAWS_IS_RESOURCE (self), NULL);
  return priv->model;
}

/**
 * gaws_resource_get_resource_name:
 * @self: a #GawsResource
 *
 * Returns: (nullable): its resource type, such as `Table`; %NULL for a
 *   #GawsServiceResource
 */
const char *
gaws_resource_get_resource_name (GawsResource *self)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);

  g_return_val_if_fail (GAWS_IS_RESOURCE (self), NULL);
  return priv->name;
}

static gint
identifier_index (GawsResource *self,
                  const char   *name)
{
  json_t *identifier;
  size_t i;

  json_array_foreach (json_object_get (definition_of (self), "identifiers"), i, identifier)
    if (gaws_resource_name_matches (json_string_value (json_object_get (identifier, "name")), name))
      return i;
  return -1;
}

/**
 * gaws_resource_get_identifier:
 * @self: a #GawsResource
 * @name: an identifier, such as `Name` or `name`
 *
 * Returns: (nullable): its value, or %NULL when @self has no such identifier
 */
const char *
gaws_resource_get_identifier (GawsResource *self,
                              const char   *name)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  gint index;

  g_return_val_if_fail (GAWS_IS_RESOURCE (self), NULL);
  index = identifier_index (self, name);
  return index < 0 ? NULL : priv->identifiers[index];
}

/**
 * gaws_resource_get_identifiers:
 * @self: a #GawsResource
 *
 * Returns: (transfer full) (array zero-terminated=1): the values of its
 *   identifiers, in the model's order
 */
char **
gaws_resource_get_identifiers (GawsResource *self)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);

  g_return_val_if_fail (GAWS_IS_RESOURCE (self), NULL);
  return g_strdupv (priv->identifiers);
}

/**
 * gaws_resource_is_loaded:
 * @self: a #GawsResource
 *
 * Returns: whether it has data: loaded, or given by the response that made it
 */
gboolean
gaws_resource_is_loaded (GawsResource *self)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);

  g_return_val_if_fail (GAWS_IS_RESOURCE (self), FALSE);
  return priv->data != NULL;
}

json_t *
gaws_resource_get_data_json_value (GawsResource *self)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);

  return priv->data;
}

static const GawsServiceInfo *
service_of (GawsResource *self)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  const GawsServiceInfo *service = gaws_resource_model_get_service (priv->model);

  return service ? service : gaws_client_get_model (priv->client);
}

/**
 * gaws_resource_get_data:
 * @self: a #GawsResource
 *
 * The resource's data as an instance of the generated class of the model's
 * shape (`TableDescription` for a DynamoDB `Table`), whose typed getters
 * read its attributes. Data is there after a load, or when the response
 * that made the resource carried it (the items of most collections).
 *
 * Returns: (transfer none) (nullable): the data, or %NULL when not loaded
 */
GawsShape *
gaws_resource_get_data (GawsResource *self)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  const GawsServiceInfo *service;
  const char *shape_name;
  const GawsShapeInfo *info;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GAWS_IS_RESOURCE (self), NULL);

  if (priv->data_shape != NULL || priv->data == NULL || !json_is_object (priv->data))
    return priv->data_shape;
  service = service_of (self);
  shape_name = gaws_resource_model_get_shape_name (priv->model, priv->name);
  info = service && shape_name ? gaws_service_info_find_shape (service, shape_name) : NULL;
  if (info == NULL)
    return NULL;
  priv->data_shape = gaws_shape_new_from_json (info, priv->data, GAWS_SHAPE_JSON_DEFAULT, &error);
  if (priv->data_shape == NULL)
    g_warning ("%s data does not fit its shape %s: %s", display_name (self), shape_name, error->message);
  return priv->data_shape;
}

/**
 * gaws_resource_get_data_json:
 * @self: a #GawsResource
 *
 * Returns: (transfer full) (nullable): the data as JSON text in the model's
 *   member names, or %NULL when not loaded
 */
char *
gaws_resource_get_data_json (GawsResource *self)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);

  g_return_val_if_fail (GAWS_IS_RESOURCE (self), NULL);
  return priv->data ? json_dumps (priv->data, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS) : NULL;
}

/* An identifier with a memberName is also that attribute (a Table's
 * `TableName` is its `Name`), before any load. */
static gboolean
identifier_attribute (GawsResource *self,
                      const char   *name,
                      GValue       *value)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  json_t *identifier;
  size_t i;

  json_array_foreach (json_object_get (definition_of (self), "identifiers"), i, identifier)
    if (gaws_resource_name_matches (json_string_value (json_object_get (identifier, "memberName")), name))
      {
        g_value_init (value, G_TYPE_STRING);
        g_value_set_string (value, priv->identifiers[i]);
        return TRUE;
      }
  return FALSE;
}

/**
 * gaws_resource_get_attribute:
 * @self: a #GawsResource
 * @name: a member of the data's shape, such as `TableStatus` or `table_status`
 * @value: (out caller-allocates): an uninitialized #GValue to fill
 *
 * Reads one attribute of the loaded data (boto3's `table.table_status`).
 * Unlike boto3, this does not load, because loading is I/O: asynchronous
 * code calls gaws_resource_ensure_loaded_async() first (once; later calls
 * return at once), blocking code may call gaws_resource_get_attribute_sync(),
 * which loads when needed.
 *
 * Returns: %TRUE when @value was filled: the data is loaded and has the
 *   member set (or @name is an identifier's member name)
 */
gboolean
gaws_resource_get_attribute (GawsResource *self,
                             const char   *name,
                             GValue       *value)
{
  GawsShape *data;
  const GawsShapeInfo *info;

  g_return_val_if_fail (GAWS_IS_RESOURCE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL && !G_IS_VALUE (value), FALSE);

  data = gaws_resource_get_data (self);
  if (data != NULL)
    {
      info = gaws_shape_get_info (data);
      for (guint i = 0; i < info->n_members; i++)
        if (gaws_resource_name_matches (info->members[i].name, name) && gaws_shape_is_set (data, i))
          {
            const GValue *member = gaws_shape_get_value (data, i);

            g_value_init (value, G_VALUE_TYPE (member));
            g_value_copy (member, value);
            return TRUE;
          }
    }
  return identifier_attribute (self, name, value);
}

/* The shape of the resource's data, from the model. */
static const GawsShapeInfo *
data_shape_info (GawsResource *self)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  const GawsServiceInfo *service = service_of (self);
  const char *shape_name = gaws_resource_model_get_shape_name (priv->model, priv->name);

  return service && shape_name ? gaws_service_info_find_shape (service, shape_name) : NULL;
}

static gboolean
is_data_member (GawsResource *self,
                const char   *name)
{
  const GawsShapeInfo *info = data_shape_info (self);

  for (guint i = 0; info != NULL && i < info->n_members; i++)
    if (gaws_resource_name_matches (info->members[i].name, name))
      return TRUE;
  return FALSE;
}

/**
 * gaws_resource_get_attribute_sync:
 * @self: a #GawsResource
 * @name: a member of the data's shape, such as `TableStatus` or `table_status`
 * @value: (out caller-allocates): an uninitialized #GValue to fill
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_resource_get_attribute() that first loads the data when it is not
 * there (blocking the calling thread), as boto3's attribute access does.
 * An identifier's member name (a `Table`'s `TableName`) needs no load.
 *
 * Returns: %TRUE when @value was filled; %FALSE without @error when the
 *   attribute is a member of the data's shape that the data leaves unset
 *   (boto3's `None`); %FALSE with %GAWS_ERROR_INVALID_ARGUMENT for a name
 *   that is no attribute of the resource, or with the load's error
 */
gboolean
gaws_resource_get_attribute_sync (GawsResource  *self,
                                  const char    *name,
                                  GValue        *value,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_return_val_if_fail (GAWS_IS_RESOURCE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL && !G_IS_VALUE (value), FALSE);

  if (identifier_attribute (self, name, value))
    return TRUE;
  if (!is_data_member (self, name))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s has no attribute %s", display_name (self), name);
      return FALSE;
    }
  if (!gaws_resource_is_loaded (self) && !gaws_resource_load_sync (self, cancellable, error))
    return FALSE;
  return gaws_resource_get_attribute (self, name, value);
}

/**
 * gaws_resource_get_dynamodb_table:
 * @self: a DynamoDB `Table` resource
 * @error: return location for a #GError
 *
 * The hand-written #GawsDynamodbTable of the same table and client, whose
 * item actions take natural values (#GVariant items) and condition
 * objects, as boto3's `Table` resource does; the resource's own
 * `put_item`, `query`, ... take the low-level request shapes.
 *
 * Returns: (transfer full) (nullable): a new #GawsDynamodbTable, or %NULL
 *   with %GAWS_ERROR_INVALID_ARGUMENT when @self is not a DynamoDB `Table`
 */
GawsDynamodbTable *
gaws_resource_get_dynamodb_table (GawsResource  *self,
                                  GError       **error)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  const GawsServiceInfo *service;

  g_return_val_if_fail (GAWS_IS_RESOURCE (self), NULL);

  service = service_of (self);
  if (service == NULL || g_strcmp0 (service->name, "dynamodb") != 0 || g_strcmp0 (priv->name, "Table") != 0)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s of %s is not a DynamoDB Table", display_name (self), service ? service->name : "(no service)");
      return NULL;
    }
  return gaws_dynamodb_table_new (priv->client, priv->identifiers[0]);
}

/* --- params.py --- */

static gboolean
parse_index (const char *part,
             char      **name,
             gboolean   *has_index,
             gint       *index)
{
  const char *open = strrchr (part, '[');
  gsize len = strlen (part);

  *has_index = FALSE;
  if (open == NULL || len == 0 || part[len - 1] != ']')
    {
      *name = g_strdup (part);
      return TRUE;
    }
  *has_index = TRUE;
  *name = g_strndup (part, open - part);
  if (open[1] == ']')
    *index = -1;
  else if (open[1] == '*' && open[2] == ']')
    *index = -2;
  else
    {
      char *end;

      *index = strtol (open + 1, &end, 10);
      if (*end != ']' || *index < 0)
        return FALSE;
    }
  return TRUE;
}

/* Reverse JMESPath, as boto3's build_param_structure(): `Filters[0].Name`,
 * `Delete.Objects[].Key` (a new element, or @index when given). */
gboolean
gaws_resource_build_param_structure (json_t      *params,
                                     const char  *target,
                                     json_t      *value,
                                     gint         index,
                                     GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (target, ".", -1);
  json_t *pos = params;
  guint n = g_strv_length (parts);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = NULL;
      gboolean has_index, last = i == n - 1;
      gint part_index = -1;

      if (!parse_index (parts[i], &name, &has_index, &part_index))
        {
          g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                       "Malformed parameter target %s", target);
          return FALSE;
        }
      if (has_index)
        {
          json_t *list = json_object_get (pos, name);

          /* `Objects[*]` is the element @index (a batch action's item),
           * `Objects[]` a new element. */
          if (part_index == -2)
            part_index = index;
          if (!json_is_array (list))
            json_object_set_new (pos, name, list = json_array ());
          if (part_index < 0)
            part_index = json_array_size (list);
          while ((gint) json_array_size (list) <= part_index)
            json_array_append_new (list, json_object ());
          if (last)
            json_array_set (list, part_index, value);
          else
            pos = json_array_get (list, part_index);
        }
      else if (last)
        json_object_set (pos, name, value);
      else
        {
          json_t *child = json_object_get (pos, name);

          if (!json_is_object (child))
            json_object_set_new (pos, name, child = json_object ());
          pos = child;
        }
      if (!last && !json_is_object (pos))
        {
          g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                       "Parameter target %s crosses a value that is not an object", target);
          return FALSE;
        }
    }
  return TRUE;
}

static json_t *
search (const char  *path,
        json_t      *data,
        GError     **error)
{
  if (g_strcmp0 (path, "$") == 0)
    return json_incref (data);
  return gaws_jmespath_search_string (path, data, error);
}

static json_t *
data_member (GawsResource  *self,
             const char    *path,
             GError       **error)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);

  if (priv->data == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s is not loaded: its data member %s is needed (load it first)",
                   display_name (self), path);
      return NULL;
    }
  return search (path, priv->data, error);
}

/* As boto3's create_request_parameters(): fills @params from identifiers,
 * data members and constants of the request model. */
gboolean
gaws_resource_build_params (GawsResource  *self,
                            json_t        *request,
                            json_t        *params,
                            gint           index,
                            GError       **error)
{
  json_t *param;
  size_t i;

  json_array_foreach (json_object_get (request, "params"), i, param)
    {
      const char *source = json_string_value (json_object_get (param, "source"));
      const char *target = json_string_value (json_object_get (param, "target"));
      g_autoptr(GError) local_error = NULL;
      json_t *value = NULL;

      if (g_strcmp0 (source, "identifier") == 0)
        {
          const char *identifier = gaws_resource_get_identifier (
            self, json_string_value (json_object_get (param, "name")));

          value = identifier ? json_string (identifier) : json_null ();
        }
      else if (g_strcmp0 (source, "data") == 0)
        {
          value = data_member (self, json_string_value (json_object_get (param, "path")), &local_error);
          if (value == NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
        }
      else if (g_strcmp0 (source, "input") == 0)
        continue;
      else
        value = json_incref (json_object_get (param, "value"));
      if (value == NULL)
        value = json_null ();
      if (!gaws_resource_build_param_structure (params, target, value, index, error))
        {
          json_decref (value);
          return FALSE;
        }
      json_decref (value);
    }
  return TRUE;
}

/* botocore's merge_dicts(): nested objects merge, lists append when asked,
 * anything else is replaced. */
void
gaws_resource_merge_params (json_t   *params,
                            json_t   *extra,
                            gboolean  append_lists)
{
  const char *key;
  json_t *value;

  json_object_foreach (extra, key, value)
    {
      json_t *current = json_object_get (params, key);

      if (json_is_object (current) && json_is_object (value))
        gaws_resource_merge_params (current, value, append_lists);
      else if (append_lists && json_is_array (current) && json_is_array (value))
        json_array_extend (current, value);
      else
        json_object_set_new (params, key, json_deep_copy (value));
    }
}

/* --- response.py --- */

static json_t *
identifier_value (GawsResource  *parent,
                  json_t        *identifier,
                  json_t        *params,
                  json_t        *response,
                  GError       **error)
{
  const char *source = json_string_value (json_object_get (identifier, "source"));
  const char *path = json_string_value (json_object_get (identifier, "path"));

  if (g_strcmp0 (source, "response") == 0)
    return search (path, response, error);
  if (g_strcmp0 (source, "requestParameter") == 0)
    return search (path, params, error);
  if (g_strcmp0 (source, "data") == 0)
    return data_member (parent, path, error);
  if (g_strcmp0 (source, "identifier") == 0)
    {
      const char *value = gaws_resource_get_identifier (
        parent, json_string_value (json_object_get (identifier, "name")));

      return value ? json_string (value) : json_null ();
    }
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
               "Unsupported identifier source %s", source);
  return NULL;
}

/* Identifier values are strings; a number or boolean is written as JSON. */
static char *
identifier_text (json_t *value)
{
  if (json_is_string (value))
    return g_strdup (json_string_value (value));
  if (value == NULL || json_is_null (value))
    return NULL;
  return json_dumps (value, JSON_ENCODE_ANY | JSON_COMPACT);
}

static GawsResource *
response_item (GawsResource  *parent,
               const char    *type,
               GPtrArray     *targets,
               GPtrArray     *values,
               gint           index,
               json_t        *data,
               GError       **error)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (parent);
  g_auto(GStrv) names = gaws_resource_model_get_identifier_names (priv->model, type);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint n = 0; names[n] != NULL; n++)
    {
      char *text = NULL;

      for (guint t = 0; t < targets->len; t++)
        if (gaws_resource_name_matches (g_ptr_array_index (targets, t), names[n]))
          {
            json_t *value = g_ptr_array_index (values, t);

            text = identifier_text (json_is_array (value) ? json_array_get (value, index) : value);
          }
      if (text == NULL)
        {
          g_set_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL,
                       "The response gives no %s identifier for %s", names[n], type);
          return NULL;
        }
      g_ptr_array_add (texts, text);
    }
  g_ptr_array_add (texts, NULL);
  return gaws_resource_new_with_data (priv->client, priv->model, type,
                                      (const char * const *) texts->pdata, data, error);
}

/* As boto3's ResourceHandler: the resources a response (or a resource's
 * own data, for references) describes. One resource, or a list when an
 * identifier's value is a list; none when an identifier is missing. */
GPtrArray *
gaws_resource_handle_response (GawsResource  *parent,
                               json_t        *resource,
                               json_t        *params,
                               json_t        *response,
                               gboolean      *plural,
                               GError       **error)
{
  const char *type = json_string_value (json_object_get (resource, "type"));
  const char *path = json_string_value (json_object_get (resource, "path"));
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
  g_autoptr(json_t) search_response = NULL;
  json_t *identifier, *list = NULL;
  gboolean missing = FALSE;
  size_t i;

  if (path != NULL && response != NULL)
    {
      search_response = search (path, response, error);
      if (search_response == NULL)
        return NULL;
    }
  json_array_foreach (json_object_get (resource, "identifiers"), i, identifier)
    {
      json_t *value;

      if (g_strcmp0 (json_string_value (json_object_get (identifier, "source")), "input") == 0)
        continue;
      value = identifier_value (parent, identifier, params, response, error);
      if (value == NULL)
        return NULL;
      g_ptr_array_add (targets, (gpointer) json_string_value (json_object_get (identifier, "target")));
      g_ptr_array_add (values, value);
      if (json_is_array (value) && list == NULL)
        list = value;
      missing |= json_is_null (value);
    }
  *plural = list != NULL;
  if (list != NULL)
    {
      for (i = 0; i < json_array_size (list); i++)
        {
          json_t *data = json_is_array (search_response) ? json_array_get (search_response, i) : NULL;
          GawsResource *item = response_item (parent, type, targets, values, i, data, error);

          if (item == NULL)
            return NULL;
          g_ptr_array_add (result, item);
        }
    }
  else if (!missing)
    {
      GawsResource *item = response_item (parent, type, targets, values, -1, search_response, error);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (result, item);
    }
  return g_steal_pointer (&result);
}

/* --- calling operations --- */

const GawsOperationInfo *
gaws_resource_find_operation (GawsResource  *self,
                              json_t        *request,
                              GError       **error)
{
  const char *name = json_string_value (json_object_get (request, "operation"));
  const GawsServiceInfo *service = service_of (self);
  const GawsOperationInfo *op = service && name ? gaws_service_info_find_operation (service, name) : NULL;

  if (op == NULL)
    g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                 "The client's service has no operation %s", name ? name : "(none)");
  return op;
}

GawsShape *
gaws_resource_new_input (const GawsOperationInfo  *op,
                         json_t                   *params,
                         GError                  **error)
{
  GError *local_error = NULL;
  GawsShape *input;

  if (op->input == NULL)
    return NULL;
  input = gaws_shape_new_from_json (op->input, params, GAWS_SHAPE_JSON_DEFAULT, &local_error);
  if (input == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Invalid parameters for %s: %s", op->name, local_error->message);
      g_error_free (local_error);
    }
  return input;
}

json_t *
gaws_resource_shape_to_json (GawsShape *shape)
{
  if (shape == NULL)
    return json_object ();
  return gaws_shape_to_json (shape, GAWS_SHAPE_JSON_DEFAULT);
}

/* --- load --- */

static gboolean find_custom_action     (GawsResource  *self,
                                        const char    *action,
                                        CustomAction  *found);
static gboolean check_params           (GawsResource         *self,
                                        const char           *action,
                                        GawsShape            *params,
                                        const GawsShapeInfo  *expected,
                                        GError              **error);
static gboolean run_custom_action      (GawsResource  *self,
                                        const char    *action,
                                        GawsShape     *params,
                                        GTask         *task);
static gboolean run_custom_action_sync (GawsResource  *self,
                                        const char    *action,
                                        GawsShape     *params,
                                        GCancellable  *cancellable,
                                        GObject      **result,
                                        GError       **error);

typedef struct {
  json_t                  *definition;   /* the action, load or waiter model */
  const GawsOperationInfo *op;
  json_t                  *params;
  GawsShape               *user_params;
} CallData;

static void
call_data_free (CallData *data)
{
  g_clear_pointer (&data->definition, json_decref);
  g_clear_pointer (&data->params, json_decref);
  g_clear_object (&data->user_params);
  g_free (data);
}

static gboolean
request_needs_data (json_t *request)
{
  json_t *param;
  size_t i;

  json_array_foreach (json_object_get (request, "params"), i, param)
    if (g_strcmp0 (json_string_value (json_object_get (param, "source")), "data") == 0)
      return TRUE;
  return FALSE;
}

/* Builds the operation's input from the request model and the caller's
 * parameters (which win, as boto3's params.update(kwargs)). */
static GawsShape *
prepare_call (GawsResource  *self,
              CallData      *data,
              json_t        *request,
              GError       **error)
{
  data->op = gaws_resource_find_operation (self, request, error);
  if (data->op == NULL || !check_params (self, data->op->name, data->user_params, data->op->input, error))
    return NULL;
  data->params = json_object ();
  if (!gaws_resource_build_params (self, request, data->params, -1, error))
    return NULL;
  if (data->user_params != NULL)
    {
      g_autoptr(json_t) extra = gaws_resource_shape_to_json (data->user_params);

      json_object_update (data->params, extra);
    }
  if (data->op->input == NULL)
    return NULL;
  return gaws_resource_new_input (data->op, data->params, error);
}

/* Keeps what the load's `path` selects of @output as the data. */
static gboolean
store_loaded (GawsResource  *self,
              CallData      *data,
              GawsShape     *output,
              GError       **error)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  const char *path = json_string_value (json_object_get (data->definition, "path"));
  g_autoptr(json_t) response = gaws_resource_shape_to_json (output);
  g_autoptr(json_t) found = NULL;
  g_autofree char *ids = NULL;

  found = path ? search (path, response, error) : json_incref (response);
  if (found == NULL)
    return FALSE;
  if (json_is_null (found))
    {
      ids = g_strjoinv ("', '", priv->identifiers);
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE,
                   "%s('%s') was not found: %s returned nothing at %s",
                   display_name (self), ids, data->op->name, path ? path : "$");
      return FALSE;
    }
  g_clear_pointer (&priv->data, json_decref);
  g_clear_object (&priv->data_shape);
  priv->data = g_steal_pointer (&found);
  return TRUE;
}

/* What a custom `load` gave (a #GawsShape of the data) becomes the data. */
static gboolean
store_custom_loaded (GawsResource  *self,
                     GObject       *loaded,
                     GError       **error)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  g_autofree char *ids = NULL;

  if (!GAWS_IS_SHAPE (loaded))
    {
      ids = g_strjoinv ("', '", priv->identifiers);
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE, "%s('%s') was not found", display_name (self), ids);
      return FALSE;
    }
  g_clear_pointer (&priv->data, json_decref);
  g_clear_object (&priv->data_shape);
  priv->data = gaws_resource_shape_to_json (GAWS_SHAPE (loaded));
  return TRUE;
}

static void
custom_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GObject) loaded = NULL;
  GError *error = NULL;

  loaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (error == NULL)
    store_custom_loaded (GAWS_RESOURCE (source), loaded, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* A custom `load` (S3's Bucket lists the buckets) instead of the model's. */
static gboolean
custom_load_async (GawsResource *self,
                   GTask        *task)
{
  g_autoptr(GTask) inner = NULL;

  if (!find_custom_action (self, "load", &(CustomAction) { 0 }))
    return FALSE;
  inner = g_task_new (self, g_task_get_cancellable (task), custom_loaded, g_object_ref (task));
  g_task_set_source_tag (inner, gaws_resource_action_async);
  run_custom_action (self, "load", NULL, inner);
  return TRUE;
}

static void
load_invoked (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GawsShape) output = NULL;
  GError *error = NULL;

  output = gaws_operation_invoke_finish (GAWS_CLIENT (source), result, &error);
  if (error == NULL)
    store_loaded (g_task_get_source_object (task), g_task_get_task_data (task), output, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The load's request, ready to send; %NULL input is fine when @error is unset. */
static CallData *
prepare_load (GawsResource  *self,
              GawsShape    **input,
              GError       **error)
{
  json_t *load = json_object_get (definition_of (self), "load");
  CallData *data;

  if (load == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s has no load method", display_name (self));
      return NULL;
    }
  data = g_new0 (CallData, 1);
  data->definition = json_incref (load);
  *input = prepare_call (self, data, json_object_get (load, "request"), error);
  return data;
}

/**
 * gaws_resource_load_async:
 * @self: a #GawsResource
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Calls the model's `load` action (a DynamoDB `Table` calls DescribeTable)
 * and keeps the part of the response its `path` selects as the data. A
 * load that finds nothing fails with %GAWS_ERROR_SERVICE; a resource type
 * without a `load` with %GAWS_ERROR_INVALID_ARGUMENT. A custom action
 * named `load` replaces the model's, as boto3 does for S3's `Bucket`
 * (whose data is its entry in ListBuckets).
 */
void
gaws_resource_load_async (GawsResource        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GawsShape) input = NULL;
  CallData *data;
  GError *error = NULL;

  g_return_if_fail (GAWS_IS_RESOURCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_resource_load_async);
  if (custom_load_async (self, task))
    return;
  data = prepare_load (self, &input, &error);
  if (data != NULL)
    g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  gaws_operation_invoke_async (priv->client, data->op, input, cancellable,
                               load_invoked, g_steal_pointer (&task));
}

/**
 * gaws_resource_load_finish:
 * @self: a #GawsResource
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the data was loaded
 */
gboolean
gaws_resource_load_finish (GawsResource  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gaws_resource_load_sync:
 * @self: a #GawsResource
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_resource_load_async(), blocking the calling thread.
 *
 * Returns: %TRUE when the data was loaded
 */
gboolean
gaws_resource_load_sync (GawsResource  *self,
                         GCancellable  *cancellable,
                         GError       **error)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  g_autoptr(GawsShape) input = NULL;
  g_autoptr(GawsShape) output = NULL;
  GObject *loaded = NULL;
  CallData *data;
  GError *local_error = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (GAWS_IS_RESOURCE (self), FALSE);

  if (run_custom_action_sync (self, "load", NULL, cancellable, &loaded, &local_error))
    {
      ok = local_error == NULL && store_custom_loaded (self, loaded, &local_error);
      g_clear_object (&loaded);
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return ok;
    }
  data = prepare_load (self, &input, &local_error);
  if (local_error == NULL)
    output = gaws_operation_invoke_sync (priv->client, data->op, input, cancellable, &local_error);
  if (local_error == NULL)
    ok = store_loaded (self, data, output, &local_error);
  if (data != NULL)
    call_data_free (data);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return ok;
}

/**
 * gaws_resource_reload_async:
 * @self: a #GawsResource
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Loads the data again (boto3's `reload()`): gaws_resource_load_async().
 */
void
gaws_resource_reload_async (GawsResource        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  gaws_resource_load_async (self, cancellable, callback, user_data);
}

/**
 * gaws_resource_reload_finish:
 * @self: a #GawsResource
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the data was loaded
 */
gboolean
gaws_resource_reload_finish (GawsResource  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return gaws_resource_load_finish (self, result, error);
}

static void
ensure_loaded_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (gaws_resource_load_finish (GAWS_RESOURCE (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * gaws_resource_ensure_loaded_async:
 * @self: a #GawsResource
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Loads the data unless it is there already: what boto3 does on the
 * first access to an attribute.
 */
void
gaws_resource_ensure_loaded_async (GawsResource        *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GAWS_IS_RESOURCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_resource_ensure_loaded_async);
  if (gaws_resource_is_loaded (self))
    g_task_return_boolean (task, TRUE);
  else
    gaws_resource_load_async (self, cancellable, ensure_loaded_done, g_steal_pointer (&task));
}

/**
 * gaws_resource_ensure_loaded_finish:
 * @self: a #GawsResource
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the data is there
 */
gboolean
gaws_resource_ensure_loaded_finish (GawsResource  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- actions --- */

static char *
custom_key (const char *service,
            const char *resource,
            const char *action)
{
  g_autoptr(GString) key = g_string_new (NULL);

  g_string_printf (key, "%s/%s/", service, resource ? resource : "");
  for (const char *p = action; *p; p++)
    if (*p != '_')
      g_string_append_c (key, g_ascii_tolower (*p));
  return g_string_free (g_steal_pointer (&key), FALSE);
}

static void
custom_action_free (CustomAction *custom)
{
  if (custom->destroy != NULL)
    custom->destroy (custom->user_data);
  g_free (custom);
}

/* Adds a custom action without registering the built-in ones first: what
 * gaws-resource-customizations.c registers them with. */
void
gaws_resource_add_custom_action (const char                   *service,
                                 const char                   *resource_name,
                                 const char                   *action,
                                 const GawsShapeInfo          *params_info,
                                 GawsResourceCustomActionFunc  func,
                                 gpointer                      user_data,
                                 GDestroyNotify                destroy)
{
  CustomAction *custom = g_new0 (CustomAction, 1);

  custom->params_info = params_info;
  custom->func = func;
  custom->user_data = user_data;
  custom->destroy = destroy;
  g_mutex_lock (&custom_lock);
  if (custom_actions == NULL)
    custom_actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) custom_action_free);
  /* A call running the previous registration keeps its own copy. */
  g_hash_table_replace (custom_actions, custom_key (service, resource_name, action), custom);
  g_mutex_unlock (&custom_lock);
}

/**
 * gaws_resource_register_custom_action_full:
 * @service: the service's model name (#GawsServiceInfo.name), such as `s3`
 * @resource_name: (nullable): the resource type, such as `Object`, or
 *   %NULL for the service resource
 * @action: the action's name, such as `UploadFile`; matched like model
 *   names, so `upload_file` calls it too. `load` replaces the model's load
 *   (see gaws_resource_load_async())
 * @params_info: (nullable): the structure of the action's parameters,
 *   which gaws_resource_new_params() makes and the action is checked
 *   against; %NULL to take those of the modelled action of the same name
 * @func: (scope notified): runs the action
 * @user_data: (closure): data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Adds a hand-written action to a resource type, which
 * gaws_resource_action_async() and gaws_resource_action_sync() then run by
 * name: the extension point of the behaviour boto3 keeps outside the JSON.
 * gaws registers boto3's own (S3 `Bucket` and `Object` `upload_file`,
 * `upload_fileobj`, `download_file`, `download_fileobj`, `copy`,
 * `Bucket.load`, DynamoDB `Table.batch_writer`) by itself.
 *
 * A custom action of the same name as a modelled one replaces it.
 * Registering again replaces the previous function, including a built-in one.
 */
void
gaws_resource_register_custom_action_full (const char                   *service,
                                           const char                   *resource_name,
                                           const char                   *action,
                                           const GawsShapeInfo          *params_info,
                                           GawsResourceCustomActionFunc  func,
                                           gpointer                      user_data,
                                           GDestroyNotify                destroy)
{
  g_return_if_fail (service != NULL);
  g_return_if_fail (action != NULL);
  g_return_if_fail (func != NULL);
  g_return_if_fail (params_info == NULL || params_info->kind == GAWS_SHAPE_KIND_STRUCTURE);

  /* The built-in ones first, so that they never replace the caller's. */
  gaws_resource_customizations_register ();
  gaws_resource_add_custom_action (service, resource_name, action, params_info, func, user_data, destroy);
}

/**
 * gaws_resource_register_custom_action:
 * @service: the service's model name (#GawsServiceInfo.name), such as `s3`
 * @resource_name: (nullable): the resource type, such as `Object`, or
 *   %NULL for the service resource
 * @action: the action's name, such as `UploadFile` or `upload_file`
 * @func: (scope notified): runs the action
 * @user_data: (closure): data for @func
 * @destroy: (nullable): frees @user_data
 *
 * gaws_resource_register_custom_action_full() for an action that takes
 * the parameters of the modelled action of the same name, or none.
 */
void
gaws_resource_register_custom_action (const char                   *service,
                                      const char                   *resource_name,
                                      const char                   *action,
                                      GawsResourceCustomActionFunc  func,
                                      gpointer                      user_data,
                                      GDestroyNotify                destroy)
{
  gaws_resource_register_custom_action_full (service, resource_name, action, NULL, func, user_data, destroy);
}

/* The custom action @action of @self's type, copied out of the table. */
static gboolean
find_custom_action (GawsResource *self,
                    const char   *action,
                    CustomAction *found)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  const GawsServiceInfo *service = service_of (self);
  g_autofree char *key = NULL;
  CustomAction *custom;

  gaws_resource_customizations_register ();
  /* A client without tables still has its endpoint prefix, which is the
   * model's name for every service that has resources. */
  key = custom_key (service ? service->name : gaws_client_get_service_info (priv->client)->endpoint_prefix,
                    priv->name, action);
  memset (found, 0, sizeof *found);
  g_mutex_lock (&custom_lock);
  if (custom_actions != NULL && (custom = g_hash_table_lookup (custom_actions, key)) != NULL)
    *found = *custom;
  g_mutex_unlock (&custom_lock);
  return found->func != NULL;
}

/* Parameters of another operation's (or custom action's) shape would be
 * read member by member as if they were the right ones. */
static gboolean
check_params (GawsResource         *self,
              const char           *action,
              GawsShape            *params,
              const GawsShapeInfo  *expected,
              GError              **error)
{
  const GawsShapeInfo *given;

  if (params == NULL)
    return TRUE;
  given = gaws_shape_get_info (params);
  if (expected == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s's %s takes no parameters, but was given a %s", display_name (self), action, given->name);
      return FALSE;
    }
  if (given != expected && g_strcmp0 (given->name, expected->name) != 0)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s's %s takes a %s, not a %s (see gaws_resource_new_params())",
                   display_name (self), action, expected->name, given->name);
      return FALSE;
    }
  return TRUE;
}

/* Runs a custom action and returns what it gave. */
static gboolean
run_custom_action (GawsResource *self,
                   const char   *action,
                   GawsShape    *params,
                   GTask        *task)
{
  CustomAction found;
  GError *error = NULL;

  if (!find_custom_action (self, action, &found))
    return FALSE;
  if (found.params_info != NULL && !check_params (self, action, params, found.params_info, &error))
    g_task_return_error (task, error);
  else
    found.func (self, params, task, found.user_data);
  return TRUE;
}

static void
custom_sync_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* A custom action run to its end by iterating the thread-default main
 * context, as the client's own sync calls iterate the context the client
 * was made on: the requests a custom action makes run there, so a main
 * context of our own would never see them complete. */
static gboolean
run_custom_action_sync (GawsResource  *self,
                        const char    *action,
                        GawsShape     *params,
                        GCancellable  *cancellable,
                        GObject      **result,
                        GError       **error)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  GTask *task;

  if (!find_custom_action (self, action, &(CustomAction) { 0 }))
    return FALSE;
  context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, custom_sync_done, &done);
  g_task_set_source_tag (task, gaws_resource_action_async);
  run_custom_action (self, action, params, task);
  g_object_unref (task);
  while (done == NULL)
    g_main_context_iteration (context, TRUE);
  *result = g_task_propagate_pointer (G_TASK (done), error);
  return TRUE;
}

static GObject *
list_model_of (GPtrArray *resources)
{
  GListStore *store = g_list_store_new (GAWS_TYPE_RESOURCE);

  g_list_store_splice (store, 0, 0, resources->pdata, resources->len);
  return G_OBJECT (store);
}

/* What an action gives: the raw output, or the resources the model's
 * `resource` entry makes of it. */
static gboolean
action_result (GawsResource  *self,
               CallData      *data,
               GawsShape     *output,
               GObject      **result,
               GError       **error)
{
  json_t *resource = json_object_get (data->definition, "resource");
  g_autoptr(json_t) response = NULL;
  g_autoptr(GPtrArray) resources = NULL;
  gboolean plural = FALSE;

  *result = NULL;
  if (resource == NULL)
    {
      *result = output ? g_object_ref (G_OBJECT (output)) : NULL;
      return TRUE;
    }
  response = gaws_resource_shape_to_json (output);
  resources = gaws_resource_handle_response (self, resource, data->params, response, &plural, error);
  if (resources == NULL)
    return FALSE;
  if (plural)
    *result = list_model_of (resources);
  else if (resources->len == 1)
    *result = g_object_ref (resources->pdata[0]);
  return TRUE;
}

static void
action_invoked (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GawsShape) output = NULL;
  GObject *value = NULL;
  GError *error = NULL;

  output = gaws_operation_invoke_finish (GAWS_CLIENT (source), result, &error);
  if (error == NULL)
    action_result (g_task_get_source_object (task), g_task_get_task_data (task), output, &value, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, value ? g_object_unref : NULL);
}

static void
action_call (GTask *task)
{
  GawsResource *self = g_task_get_source_object (task);
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  CallData *data = g_task_get_task_data (task);
  g_autoptr(GawsShape) input = NULL;
  GError *error = NULL;

  input = prepare_call (self, data, json_object_get (data->definition, "request"), &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  gaws_operation_invoke_async (priv->client, data->op, input, g_task_get_cancellable (task),
                               action_invoked, task);
}

static void
action_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!gaws_resource_load_finish (GAWS_RESOURCE (source), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  action_call (task);
}

static CallData *
new_action_data (GawsResource  *self,
                 const char    *action,
                 GawsShape     *params,
                 GError       **error)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  json_t *definition;
  CallData *data;

  definition = gaws_resource_model_find_member (priv->model, priv->name, GAWS_RESOURCE_MEMBER_ACTION,
                                                action, NULL);
  if (definition == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s has no action %s", display_name (self), action);
      return NULL;
    }
  data = g_new0 (CallData, 1);
  data->definition = json_incref (definition);
  data->user_params = params ? g_object_ref (params) : NULL;
  return data;
}

/**
 * gaws_resource_new_params:
 * @self: a #GawsResource
 * @action: an action of its type, such as `PutItem` or `put_item`
 * @error: return location for a #GError
 *
 * An empty input of the action's operation (a `GawsDynamodbPutItemInput`
 * for a `Table`'s `PutItem`), for the caller to fill and pass to
 * gaws_resource_action_async(). For a custom action, the structure it was
 * registered with: an S3 `Object`'s `upload_file` takes `Filename` and
 * `ExtraArgs` (see gaws_resource_action_async()).
 *
 * Returns: (transfer full) (nullable): the input, or %NULL with an error
 *   for an unknown action
 */
GawsShape *
gaws_resource_new_params (GawsResource  *self,
                          const char    *action,
                          GError       **error)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  json_t *definition;
  const GawsOperationInfo *op;
  CustomAction custom;

  g_return_val_if_fail (GAWS_IS_RESOURCE (self), NULL);
  g_return_val_if_fail (action != NULL, NULL);

  if (find_custom_action (self, action, &custom) && custom.params_info != NULL)
    return gaws_shape_new (custom.params_info);
  definition = gaws_resource_model_find_member (priv->model, priv->name, GAWS_RESOURCE_MEMBER_ACTION,
                                                action, NULL);
  if (definition == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s has no action %s", display_name (self), action);
      return NULL;
    }
  op = gaws_resource_find_operation (self, json_object_get (definition, "request"), error);
  if (op == NULL)
    return NULL;
  if (op->input == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s takes no parameters", op->name);
      return NULL;
    }
  return gaws_shape_new (op->input);
}

/**
 * gaws_resource_action_async:
 * @self: a #GawsResource
 * @action: an action of its type, such as `PutItem` or `put_item`, or a
 *   custom action (gaws_resource_register_custom_action())
 * @params: (nullable): more parameters: an input of the action's operation
 *   (see gaws_resource_new_params()); its set members win over those the
 *   model fills in from the resource
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Calls an action, filling its parameters from the resource's identifiers
 * and data as the model says (loading the data first when the request
 * needs it), as boto3's `table.put_item(Item=...)`. Parameters of another
 * shape than the action's fail with %GAWS_ERROR_INVALID_ARGUMENT.
 *
 * The custom actions boto3 adds by hand are there too, with parameters
 * from gaws_resource_new_params() named as boto3's keyword arguments:
 *
 * - S3 `Bucket` and `Object`: `upload_file` (`Filename`), `upload_fileobj`
 *   (`Fileobj`, a #GInputStream), `download_file` (`Filename`),
 *   `download_fileobj` (`Fileobj`, a #GOutputStream, set with
 *   gaws_shape_set_value_by_name()) and `copy` (`CopySource`: `Bucket`,
 *   `Key`, `VersionId`), each with `ExtraArgs` (a JSON object of the
 *   operation's members, such as `{"ContentType": "text/plain"}`); a
 *   `Bucket` takes the object's `Key` too. They run through a
 *   #GawsS3TransferManager with its defaults (multipart, parallel parts)
 *   and give %NULL; use the transfer manager itself for progress and sizes.
 * - DynamoDB `Table`: `batch_writer` (`FlushAmount`, `OverwriteByPkeys`)
 *   gives a #GawsDynamodbBatchWriter; see also
 *   gaws_resource_get_dynamodb_table().
 */
void
gaws_resource_action_async (GawsResource        *self,
                            const char          *action,
                            GawsShape           *params,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  g_autoptr(GTask) task = NULL;
  CallData *data;
  GError *error = NULL;

  g_return_if_fail (GAWS_IS_RESOURCE (self));
  g_return_if_fail (action != NULL);
  g_return_if_fail (params == NULL || GAWS_IS_SHAPE (params));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_resource_action_async);
  if (run_custom_action (self, action, params, task))
    return;
  data = new_action_data (self, action, params, &error);
  if (data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);
  if (request_needs_data (json_object_get (data->definition, "request")) && priv->data == NULL)
    gaws_resource_load_async (self, cancellable, action_loaded, g_steal_pointer (&task));
  else
    action_call (g_steal_pointer (&task));
}

/**
 * gaws_resource_action_finish:
 * @self: a #GawsResource
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * What an action gives, as in boto3: the operation's output (a #GawsShape
 * of its generated class) when the model names no resource; else the new
 * #GawsResource, or a #GListModel of them when the response describes
 * several (`create_instances`, `receive_messages`).
 *
 * Returns: (transfer full) (nullable): the result; %NULL without @error
 *   for an operation without output or a response that names no resource
 */
GObject *
gaws_resource_action_finish (GawsResource  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gaws_resource_action_sync:
 * @self: a #GawsResource
 * @action: an action of its type
 * @params: (nullable): more parameters, an input of the action's operation
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_resource_action_async(), blocking the calling thread. A custom
 * action runs by iterating the thread-default main context until it is
 * done, as the client's sync calls iterate the client's context: call it
 * from the thread whose context the client was made on, not from a
 * callback of a running main loop that must not be re-entered.
 *
 * Returns: (transfer full) (nullable): as gaws_resource_action_finish()
 */
GObject *
gaws_resource_action_sync (GawsResource  *self,
                           const char    *action,
                           GawsShape     *params,
                           GCancellable  *cancellable,
                           GError       **error)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  g_autoptr(GawsShape) input = NULL;
  g_autoptr(GawsShape) output = NULL;
  GObject *result = NULL;
  GError *local_error = NULL;
  CallData *data;

  g_return_val_if_fail (GAWS_IS_RESOURCE (self), NULL);
  g_return_val_if_fail (action != NULL, NULL);
  g_return_val_if_fail (params == NULL || GAWS_IS_SHAPE (params), NULL);

  if (run_custom_action_sync (self, action, params, cancellable, &result, error))
    return result;
  data = new_action_data (self, action, params, &local_error);
  if (data != NULL && request_needs_data (json_object_get (data->definition, "request")) && priv->data == NULL)
    gaws_resource_load_sync (self, cancellable, &local_error);
  if (local_error == NULL)
    input = prepare_call (self, data, json_object_get (data->definition, "request"), &local_error);
  if (local_error == NULL)
    output = gaws_operation_invoke_sync (priv->client, data->op, input, cancellable, &local_error);
  if (local_error == NULL)
    action_result (self, data, output, &result, &local_error);
  if (data != NULL)
    call_data_free (data);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return result;
}

/* --- waiters --- */

static void
waited (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (gaws_waiter_wait_finish (GAWS_WAITER (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * gaws_resource_wait_until_async:
 * @self: a #GawsResource
 * @waiter: a waiter of its type: `Exists`, `exists` or `wait_until_exists`
 * @params: (nullable): more parameters, an input of the waiter's operation
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Polls the service's waiter that the model names (a `Table`'s `Exists` is
 * DynamoDB's `TableExists`) with parameters filled from the resource, as
 * boto3's `table.wait_until_exists()`. The data is not reloaded.
 */
void
gaws_resource_wait_until_async (GawsResource        *self,
                                const char          *waiter,
                                GawsShape           *params,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GawsWaiter) service_waiter = NULL;
  g_autoptr(json_t) built = json_object ();
  g_autoptr(GawsShape) input = NULL;
  const GawsWaiterInfo *info;
  json_t *definition;
  GError *error = NULL;

  g_return_if_fail (GAWS_IS_RESOURCE (self));
  g_return_if_fail (waiter != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_resource_wait_until_async);
  definition = gaws_resource_model_find_member (priv->model, priv->name, GAWS_RESOURCE_MEMBER_WAITER,
                                                waiter, NULL);
  if (definition == NULL)
    {
      g_task_return_new_error (task, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                               "%s has no waiter %s", display_name (self), waiter);
      return;
    }
  service_waiter = gaws_client_get_waiter (priv->client,
                                           json_string_value (json_object_get (definition, "waiterName")),
                                           &error);
  if (service_waiter == NULL || !gaws_resource_build_params (self, definition, built, -1, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  info = gaws_waiter_get_info (service_waiter);
  if (params != NULL)
    {
      g_autoptr(json_t) extra = gaws_resource_shape_to_json (params);

      json_object_update (built, extra);
    }
  if (info->operation->input != NULL)
    {
      input = gaws_resource_new_input (info->operation, built, &error);
      if (input == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  gaws_waiter_wait_async (service_waiter, input, cancellable, waited, g_steal_pointer (&task));
}

/**
 * gaws_resource_wait_until_finish:
 * @self: a #GawsResource
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the waiter reached its success state
 */
gboolean
gaws_resource_wait_until_finish (GawsResource  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- sub-resources, references, collections --- */

/* Makes the sub-resource from the parent's identifiers and the caller's
 * values of the `input` ones, taken by @lookup. */
static GawsResource *
new_subresource (GawsResource  *self,
                 const char    *name,
                 const char   *(*lookup) (gpointer source, const char *target, guint position),
                 gpointer       source,
                 guint          n_given,
                 GError       **error)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  json_t *entry = gaws_resource_model_find_member (priv->model, priv->name, GAWS_RESOURCE_MEMBER_SUBRESOURCE,
                                                   name, NULL);
  json_t *resource = json_object_get (entry, "resource");
  const char *type = json_string_value (json_object_get (resource, "type"));
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
  guint n_inputs = 0;
  json_t *identifier;
  size_t i;

  if (entry == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s has no sub-resource %s", display_name (self), name);
      return NULL;
    }
  json_array_foreach (json_object_get (resource, "identifiers"), i, identifier)
    {
      const char *target = json_string_value (json_object_get (identifier, "target"));
      json_t *value;

      if (g_strcmp0 (json_string_value (json_object_get (identifier, "source")), "input") == 0)
        {
          const char *given = lookup (source, target, n_inputs++);

          if (given == NULL)
            {
              g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                           "%s needs its %s identifier", type, target);
              return NULL;
            }
          value = json_string (given);
        }
      else if ((value = identifier_value (self, identifier, NULL, NULL, error)) == NULL)
        return NULL;
      g_ptr_array_add (targets, (gpointer) target);
      g_ptr_array_add (values, value);
    }
  if (n_given > n_inputs)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s takes %u identifiers, not %u", type, n_inputs, n_given);
      return NULL;
    }
  return response_item (self, type, targets, values, -1, NULL, error);
}

static const char *
lookup_position (gpointer    source,
                 const char *target,
                 guint       position)
{
  const char * const *values = source;

  for (guint i = 0; i < position; i++)
    if (values[i] == NULL)
      return NULL;
  return values[position];
}

static const char *
lookup_name (gpointer    source,
             const char *target,
             guint       position)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, source);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (gaws_resource_name_matches (key, target))
      return value;
  return NULL;
}

/**
 * gaws_resource_get_resource:
 * @self: a #GawsResource
 * @name: a sub-resource, such as `Object` on a `Bucket` or `Table` on the
 *   service resource
 * @identifiers: (array zero-terminated=1) (nullable): the values of the
 *   identifiers that the caller gives (on a service resource, all of them),
 *   in the model's order
 * @error: return location for a #GError
 *
 * Makes a sub-resource, whose identifiers shared with @self come from
 * @self, as boto3's `bucket.Object(key)` and `s3.Bucket(name)`. Nothing is
 * called.
 *
 * Returns: (transfer full) (nullable): the resource, or %NULL with
 *   %GAWS_ERROR_INVALID_ARGUMENT
 */
GawsResource *
gaws_resource_get_resource (GawsResource        *self,
                            const char          *name,
                            const char * const  *identifiers,
                            GError             **error)
{
  static const char *const none[] = { NULL };

  g_return_val_if_fail (GAWS_IS_RESOURCE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (identifiers == NULL)
    identifiers = none;
  return new_subresource (self, name, lookup_position, (gpointer) identifiers,
                          g_strv_length ((GStrv) identifiers), error);
}

/**
 * gaws_resource_get_resource_with_map:
 * @self: a #GawsResource
 * @name: a sub-resource
 * @identifiers: (element-type utf8 utf8): the caller's identifiers by name
 *   (`Key` or `key`)
 * @error: return location for a #GError
 *
 * gaws_resource_get_resource() with identifiers by name.
 *
 * Returns: (transfer full) (nullable): the resource, or %NULL with an error
 */
GawsResource *
gaws_resource_get_resource_with_map (GawsResource  *self,
                                     const char    *name,
                                     GHashTable    *identifiers,
                                     GError       **error)
{
  g_return_val_if_fail (GAWS_IS_RESOURCE (self), NULL);
  g_return_val_if_fail (identifiers != NULL, NULL);

  return new_subresource (self, name, lookup_name, identifiers, g_hash_table_size (identifiers), error);
}

/**
 * gaws_resource_get_reference:
 * @self: a loaded #GawsResource
 * @name: a reference, such as an EC2 instance's `Vpc` or `vpc`
 * @error: return location for a #GError
 *
 * The resource(s) that the data of @self refers to (boto3's
 * `instance.vpc`). The data must be loaded first.
 *
 * Returns: (transfer full) (nullable): a #GawsResource, a #GListModel of
 *   them, or %NULL without @error when the data names none
 */
GObject *
gaws_resource_get_reference (GawsResource  *self,
                             const char    *name,
                             GError       **error)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  g_autoptr(GPtrArray) resources = NULL;
  json_t *entry;
  gboolean plural = FALSE;

  g_return_val_if_fail (GAWS_IS_RESOURCE (self), NULL);

  entry = gaws_resource_model_find_member (priv->model, priv->name, GAWS_RESOURCE_MEMBER_REFERENCE, name, NULL);
  if (entry == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s has no reference %s", display_name (self), name);
      return NULL;
    }
  resources = gaws_resource_handle_response (self, json_object_get (entry, "resource"), NULL,
                                             priv->data, &plural, error);
  if (resources == NULL)
    return NULL;
  if (plural)
    return list_model_of (resources);
  return resources->len ? g_object_ref (resources->pdata[0]) : NULL;
}

/**
 * gaws_resource_get_collection:
 * @self: a #GawsResource
 * @name: a collection, such as `Objects` or `objects`
 * @error: return location for a #GError
 *
 * One of the resource's collections, unfiltered (boto3's `bucket.objects`,
 * which is also `bucket.objects.all()`). Nothing is called until it is
 * iterated.
 *
 * Returns: (transfer full) (nullable): the collection, or %NULL with an error
 */
GawsResourceCollection *
gaws_resource_get_collection (GawsResource  *self,
                              const char    *name,
                              GError       **error)
{
  GawsResourcePrivate *priv = gaws_resource_get_instance_private (self);
  json_t *entry;

  g_return_val_if_fail (GAWS_IS_RESOURCE (self), NULL);

  entry = gaws_resource_model_find_member (priv->model, priv->name, GAWS_RESOURCE_MEMBER_COLLECTION, name, NULL);
  if (entry == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s has no collection %s", display_name (self), name);
      return NULL;
    }
  return gaws_resource_collection_new (self, name, entry);
}
