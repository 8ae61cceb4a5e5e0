/* gaws-resource-collection.c: a collection of resources (boto3's hasMany)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-resource-collection-private.h"
#include "gaws-resource-iterator.h"
#include "gaws-resource-private.h"
#include "gaws-error.h"
#include "gaws-operation.h"

/* Each unit that wants it defines it: jansson has none. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

/**
 * GawsResourceCollection:
 *
 * The resources that one of a resource's `hasMany` entries lists, such as a
 * `Bucket`'s `Objects`: an immutable query. gaws_resource_collection_filter(),
 * gaws_resource_collection_limit() and gaws_resource_collection_page_size()
 * return new collections, as boto3's do; nothing is called until a
 * #GawsResourceIterator walks one (gaws_resource_collection_iterate()),
 * through the operation's paginator when it has one.
 */
struct _GawsResourceCollection
{
  GObject       parent_instance;
  GawsResource *parent;
  char         *name;
  json_t       *definition;
  json_t       *params;
  guint         limit;
  guint         page_size;
};

G_DEFINE_FINAL_TYPE (GawsResourceCollection, gaws_resource_collection, G_TYPE_OBJECT)

static void
gaws_resource_collection_finalize (GObject *object)
{
  GawsResourceCollection *self = GAWS_RESOURCE_COLLECTION (object);

  g_clear_object (&self->parent);
  g_free (self->name);
  json_decref (self->definition);
  json_decref (self->params);
  G_OBJECT_CLASS (gaws_resource_collection_parent_class)->finalize (object);
}

static void
gaws_resource_collection_class_init (GawsResourceCollectionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_resource_collection_finalize;
}

static void
gaws_resource_collection_init (GawsResourceCollection *self)
{
}

GawsResourceCollection *
gaws_resource_collection_new (GawsResource *parent,
                              const char   *name,
                              json_t       *definition)
{
  GawsResourceCollection *self = g_object_new (GAWS_TYPE_RESOURCE_COLLECTION, NULL);

  self->parent = g_object_ref (parent);
  self->name = g_strdup (name);
  self->definition = json_incref (definition);
  self->params = json_object ();
  return self;
}

static GawsResourceCollection *
clone (GawsResourceCollection *self)
{
  GawsResourceCollection *copy = gaws_resource_collection_new (self->parent, self->name, self->definition);

  json_decref (copy->params);
  copy->params = json_deep_copy (self->params);
  copy->limit = self->limit;
  copy->page_size = self->page_size;
  return copy;
}

json_t *
gaws_resource_collection_get_definition (GawsResourceCollection *self)
{
  return self->definition;
}

json_t *
gaws_resource_collection_get_params (GawsResourceCollection *self)
{
  return self->params;
}

/**
 * gaws_resource_collection_get_parent:
 * @self: a #GawsResourceCollection
 *
 * Returns: (transfer none): the resource the collection belongs to
 */
GawsResource *
gaws_resource_collection_get_parent (GawsResourceCollection *self)
{
  g_return_val_if_fail (GAWS_IS_RESOURCE_COLLECTION (self), NULL);
  return self->parent;
}

/**
 * gaws_resource_collection_get_name:
 * @self: a #GawsResourceCollection
 *
 * Returns: the collection's name as the caller asked for it, such as `objects`
 */
const char *
gaws_resource_collection_get_name (GawsResourceCollection *self)
{
  g_return_val_if_fail (GAWS_IS_RESOURCE_COLLECTION (self), NULL);
  return self->name;
}

/**
 * gaws_resource_collection_get_resource_name:
 * @self: a #GawsResourceCollection
 *
 * Returns: the type of its resources, such as `ObjectSummary`
 */
const char *
gaws_resource_collection_get_resource_name (GawsResourceCollection *self)
{
  g_return_val_if_fail (GAWS_IS_RESOURCE_COLLECTION (self), NULL);
  return json_string_value (json_object_get (json_object_get (self->definition, "resource"), "type"));
}

/**
 * gaws_resource_collection_get_limit:
 * @self: a #GawsResourceCollection
 *
 * Returns: the most resources it gives, or 0 for all
 */
guint
gaws_resource_collection_get_limit (GawsResourceCollection *self)
{
  g_return_val_if_fail (GAWS_IS_RESOURCE_COLLECTION (self), 0);
  return self->limit;
}

/**
 * gaws_resource_collection_get_page_size:
 * @self: a #GawsResourceCollection
 *
 * Returns: the most resources asked for per call, or 0 for the service's default
 */
guint
gaws_resource_collection_get_page_size (GawsResourceCollection *self)
{
  g_return_val_if_fail (GAWS_IS_RESOURCE_COLLECTION (self), 0);
  return self->page_size;
}

/**
 * gaws_resource_collection_get_params_json:
 * @self: a #GawsResourceCollection
 *
 * Returns: (transfer full): the parameters its filters added, as JSON text
 */
char *
gaws_resource_collection_get_params_json (GawsResourceCollection *self)
{
  g_return_val_if_fail (GAWS_IS_RESOURCE_COLLECTION (self), NULL);
  return json_dumps (self->params, JSON_COMPACT | JSON_SORT_KEYS);
}

/**
 * gaws_resource_collection_all:
 * @self: a #GawsResourceCollection
 *
 * Returns: (transfer full): a copy of @self (boto3's `all()`)
 */
GawsResourceCollection *
gaws_resource_collection_all (GawsResourceCollection *self)
{
  g_return_val_if_fail (GAWS_IS_RESOURCE_COLLECTION (self), NULL);
  return clone (self);
}

static GawsResourceCollection *
filter_with (GawsResourceCollection *self,
             json_t                 *params)
{
  GawsResourceCollection *copy = clone (self);

  gaws_resource_merge_params (copy->params, params, TRUE);
  return copy;
}

/**
 * gaws_resource_collection_filter:
 * @self: a #GawsResourceCollection
 * @params: an input of the collection's operation (`ListObjectsV2` for a
 *   `Bucket`'s `Objects`) with the parameters to add, such as `Prefix`
 *
 * A collection whose calls also carry @params: boto3's `filter(Prefix=...)`.
 * Lists are appended to those of earlier filters, as boto3 merges them.
 *
 * Returns: (transfer full): the new collection
 */
GawsResourceCollection *
gaws_resource_collection_filter (GawsResourceCollection *self,
                                 GawsShape              *params)
{
  g_autoptr(json_t) json = NULL;

  g_return_val_if_fail (GAWS_IS_RESOURCE_COLLECTION (self), NULL);
  g_return_val_if_fail (GAWS_IS_SHAPE (params), NULL);

  json = gaws_resource_shape_to_json (params);
  return filter_with (self, json);
}

/**
 * gaws_resource_collection_filter_json:
 * @self: a #GawsResourceCollection
 * @json: a JSON object of parameters in the model's member names, such as
 *   `{"Prefix": "photos/"}`
 * @error: return location for a #GError
 *
 * gaws_resource_collection_filter() with JSON text, for dynamic callers.
 * The parameters are checked when the collection is iterated.
 *
 * Returns: (transfer full) (nullable): the new collection, or %NULL with
 *   %GAWS_ERROR_INVALID_ARGUMENT when @json is no JSON object
 */
GawsResourceCollection *
gaws_resource_collection_filter_json (GawsResourceCollection  *self,
                                      const char              *json,
                                      GError                 **error)
{
  g_autoptr(json_t) params = NULL;
  json_error_t json_error;

  g_return_val_if_fail (GAWS_IS_RESOURCE_COLLECTION (self), NULL);
  g_return_val_if_fail (json != NULL, NULL);

  params = json_loads (json, 0, &json_error);
  if (!json_is_object (params))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Collection filter is not a JSON object: %s",
                   params ? "another JSON value" : json_error.text);
      return NULL;
    }
  return filter_with (self, params);
}

/**
 * gaws_resource_collection_limit:
 * @self: a #GawsResourceCollection
 * @count: the most resources to give
 *
 * Returns: (transfer full): a collection giving at most @count resources
 */
GawsResourceCollection *
gaws_resource_collection_limit (GawsResourceCollection *self,
                                guint                   count)
{
  GawsResourceCollection *copy;

  g_return_val_if_fail (GAWS_IS_RESOURCE_COLLECTION (self), NULL);
  copy = clone (self);
  copy->limit = count;
  return copy;
}

/**
 * gaws_resource_collection_page_size:
 * @self: a #GawsResourceCollection
 * @count: the most resources to ask for per call
 *
 * Returns: (transfer full): a collection fetching @count resources per call
 */
GawsResourceCollection *
gaws_resource_collection_page_size (GawsResourceCollection *self,
                                    guint                   count)
{
  GawsResourceCollection *copy;

  g_return_val_if_fail (GAWS_IS_RESOURCE_COLLECTION (self), NULL);
  copy = clone (self);
  copy->page_size = count;
  return copy;
}

/**
 * gaws_resource_collection_iterate:
 * @self: a #GawsResourceCollection
 *
 * Starts walking the collection; every iterator starts from the beginning.
 *
 * Returns: (transfer full): a new #GawsResourceIterator
 */
GawsResourceIterator *
gaws_resource_collection_iterate (GawsResourceCollection *self)
{
  g_return_val_if_fail (GAWS_IS_RESOURCE_COLLECTION (self), NULL);
  return gaws_resource_iterator_new (self);
}

/* --- batch actions --- */

typedef struct {
  GawsResourceIterator    *iterator;
  json_t                  *definition;
  const GawsOperationInfo *op;
  json_t                  *user_params;
  GPtrArray               *responses;
} BatchData;

static void
batch_data_free (BatchData *data)
{
  g_clear_object (&data->iterator);
  json_decref (data->definition);
  g_clear_pointer (&data->user_params, json_decref);
  g_ptr_array_unref (data->responses);
  g_free (data);
}

static void batch_next_page (GTask *task);

static void
batch_invoked (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  BatchData *data = g_task_get_task_data (task);
  GError *error = NULL;
  GawsShape *output = gaws_operation_invoke_finish (GAWS_CLIENT (source), result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (output != NULL)
    g_ptr_array_add (data->responses, output);
  batch_next_page (task);
}

/* The input of one call for one page, with every resource's parameters
 * at its index: `Delete.Objects[].Key` gathers a page of keys into one
 * DeleteObjects. */
static GawsShape *
batch_input (BatchData  *data,
             GPtrArray  *page,
             GError    **error)
{
  json_t *request = json_object_get (data->definition, "request");
  g_autoptr(json_t) params = json_object ();

  for (guint i = 0; i < page->len; i++)
    if (!gaws_resource_build_params (page->pdata[i], request, params, i, error))
      return NULL;
  if (data->op == NULL)
    data->op = gaws_resource_find_operation (page->pdata[0], request, error);
  if (data->op == NULL)
    return NULL;
  if (data->user_params != NULL)
    json_object_update (params, data->user_params);
  return gaws_resource_new_input (data->op, params, error);
}

static void
batch_call (GTask     *task,
            GPtrArray *page)
{
  BatchData *data = g_task_get_task_data (task);
  g_autoptr(GawsShape) input = NULL;
  GError *error = NULL;

  input = batch_input (data, page, &error);
  if (input == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  gaws_operation_invoke_async (gaws_resource_get_client (page->pdata[0]), data->op, input,
                               g_task_get_cancellable (task), batch_invoked, task);
}

static void
batch_page_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  BatchData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) page = NULL;
  GError *error = NULL;

  page = gaws_resource_iterator_next_page_finish (GAWS_RESOURCE_ITERATOR (source), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
    }
  else if (page == NULL)
    {
      g_task_return_pointer (task, g_ptr_array_ref (data->responses), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
    }
  else if (page->len == 0)
    batch_next_page (task);
  else
    batch_call (task, page);
}

static void
batch_next_page (GTask *task)
{
  BatchData *data = g_task_get_task_data (task);

  gaws_resource_iterator_next_page_async (data->iterator, g_task_get_cancellable (task),
                                          batch_page_done, task);
}

static json_t *
find_batch_action (GawsResourceCollection  *self,
                   const char              *action,
                   GError                 **error)
{
  json_t *definition = gaws_resource_model_find_member (gaws_resource_get_model (self->parent),
                                                        gaws_resource_collection_get_resource_name (self),
                                                        GAWS_RESOURCE_MEMBER_BATCH_ACTION, action, NULL);

  if (definition == NULL)
    g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT, "%s has no batch action %s",
                 gaws_resource_collection_get_resource_name (self), action);
  return definition;
}

static BatchData *
new_batch_data (GawsResourceCollection *self,
                json_t                 *definition,
                GawsShape              *params)
{
  BatchData *data = g_new0 (BatchData, 1);

  data->iterator = gaws_resource_iterator_new (self);
  data->definition = json_incref (definition);
  data->user_params = params ? gaws_resource_shape_to_json (params) : NULL;
  data->responses = g_ptr_array_new_with_free_func (g_object_unref);
  return data;
}

/**
 * gaws_resource_collection_batch_action_async:
 * @self: a #GawsResourceCollection
 * @action: a batch action of the collection's resource type, such as
 *   `Delete` or `delete` for S3 objects
 * @params: (nullable): more parameters for every call, an input of the
 *   action's operation
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs a batch action: one call per page of the collection, with the
 * parameters of every resource of the page (boto3's
 * `bucket.objects.all().delete()`, one DeleteObjects per page of up to
 * 1000 keys). Stops at the first failed call.
 */
void
gaws_resource_collection_batch_action_async (GawsResourceCollection *self,
                                             const char             *action,
                                             GawsShape              *params,
                                             GCancellable           *cancellable,
                                             GAsyncReadyCallback     callback,
                                             gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  json_t *definition;
  GError *error = NULL;

  g_return_if_fail (GAWS_IS_RESOURCE_COLLECTION (self));
  g_return_if_fail (action != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_resource_collection_batch_action_async);
  definition = find_batch_action (self, action, &error);
  if (definition == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, new_batch_data (self, definition, params), (GDestroyNotify) batch_data_free);
  batch_next_page (g_steal_pointer (&task));
}

/**
 * gaws_resource_collection_batch_action_finish:
 * @self: a #GawsResourceCollection
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * The outputs of the calls, one per non-empty page. Per-item failures are
 * in them, as the service reports them: a DeleteObjects output's `Errors`.
 *
 * Returns: (transfer container) (element-type GawsShape) (nullable): the
 *   outputs, or %NULL with @error
 */
GPtrArray *
gaws_resource_collection_batch_action_finish (GawsResourceCollection  *self,
                                              GAsyncResult            *result,
                                              GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gaws_resource_collection_batch_action_sync:
 * @self: a #GawsResourceCollection
 * @action: a batch action of the collection's resource type
 * @params: (nullable): more parameters for every call
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_resource_collection_batch_action_async(), blocking the calling thread.
 *
 * Returns: (transfer container) (element-type GawsShape) (nullable): the
 *   outputs, one per non-empty page, or %NULL with @error
 */
GPtrArray *
gaws_resource_collection_batch_action_sync (GawsResourceCollection  *self,
                                            const char              *action,
                                            GawsShape               *params,
                                            GCancellable            *cancellable,
                                            GError                 **error)
{
  json_t *definition;
  BatchData *data;
  GPtrArray *responses = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (GAWS_IS_RESOURCE_COLLECTION (self), NULL);
  g_return_val_if_fail (action != NULL, NULL);

  definition = find_batch_action (self, action, error);
  if (definition == NULL)
    return NULL;
  data = new_batch_data (self, definition, params);
  for (;;)
    {
      g_autoptr(GPtrArray) page = gaws_resource_iterator_next_page_sync (data->iterator, cancellable, &local_error);
      g_autoptr(GawsShape) input = NULL;
      GawsShape *output;

      if (page == NULL)
        break;
      if (page->len == 0)
        continue;
      input = batch_input (data, page, &local_error);
      if (input == NULL)
        break;
      output = gaws_operation_invoke_sync (gaws_resource_get_client (page->pdata[0]), data->op, input,
                                           cancellable, &local_error);
      if (local_error != NULL)
        break;
      if (output != NULL)
        g_ptr_array_add (data->responses, output);
    }
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else
    responses = g_ptr_array_ref (data->responses);
  batch_data_free (data);
  return responses;
}
