/* gaws-resource-iterator.c: walking a resource collection, page by page
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-resource-iterator.h"
#include "gaws-resource-collection-private.h"
#include "gaws-resource-private.h"
#include "gaws-error.h"
#include "gaws-operation.h"
#include "gaws-paginator.h"

/* Each unit that wants it defines it: jansson has none. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

/**
 * GawsResourceIterator:
 *
 * One walk through a #GawsResourceCollection, as boto3's `pages()` and
 * iteration: through the operation's #GawsPaginator when it has one (with
 * the collection's limit as `MaxItems` and page size as `PageSize`), else
 * one call. Pages are lists of #GawsResource made from each response as
 * the model's `resource` entry says; they carry the data the response gave.
 */
struct _GawsResourceIterator
{
  GObject                  parent_instance;
  GawsResourceCollection  *collection;
  const GawsOperationInfo *op;
  json_t                  *params;
  GawsPaginator           *paginator;
  GQueue                   pending;
  guint                    count;
  gboolean                 started;
  gboolean                 done;
  gboolean                 busy;
};

G_DEFINE_FINAL_TYPE (GawsResourceIterator, gaws_resource_iterator, G_TYPE_OBJECT)

static void
gaws_resource_iterator_finalize (GObject *object)
{
  GawsResourceIterator *self = GAWS_RESOURCE_ITERATOR (object);

  g_clear_object (&self->collection);
  g_clear_pointer (&self->params, json_decref);
  g_clear_object (&self->paginator);
  g_queue_clear_full (&self->pending, g_object_unref);
  G_OBJECT_CLASS (gaws_resource_iterator_parent_class)->finalize (object);
}

static void
gaws_resource_iterator_class_init (GawsResourceIteratorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_resource_iterator_finalize;
}

static void
gaws_resource_iterator_init (GawsResourceIterator *self)
{
  g_queue_init (&self->pending);
}

/**
 * gaws_resource_iterator_new:
 * @collection: a #GawsResourceCollection
 *
 * Returns: (transfer full): an iterator at the start of @collection
 */
GawsResourceIterator *
gaws_resource_iterator_new (GawsResourceCollection *collection)
{
  GawsResourceIterator *self;

  g_return_val_if_fail (GAWS_IS_RESOURCE_COLLECTION (collection), NULL);

  self = g_object_new (GAWS_TYPE_RESOURCE_ITERATOR, NULL);
  self->collection = g_object_ref (collection);
  return self;
}

/**
 * gaws_resource_iterator_get_collection:
 * @self: a #GawsResourceIterator
 *
 * Returns: (transfer none): the collection walked
 */
GawsResourceCollection *
gaws_resource_iterator_get_collection (GawsResourceIterator *self)
{
  g_return_val_if_fail (GAWS_IS_RESOURCE_ITERATOR (self), NULL);
  return self->collection;
}

/**
 * gaws_resource_iterator_is_done:
 * @self: a #GawsResourceIterator
 *
 * Returns: whether every page has been fetched
 */
gboolean
gaws_resource_iterator_is_done (GawsResourceIterator *self)
{
  g_return_val_if_fail (GAWS_IS_RESOURCE_ITERATOR (self), TRUE);
  return self->done;
}

/**
 * gaws_resource_iterator_get_count:
 * @self: a #GawsResourceIterator
 *
 * Returns: how many resources the pages fetched so far held
 */
guint
gaws_resource_iterator_get_count (GawsResourceIterator *self)
{
  g_return_val_if_fail (GAWS_IS_RESOURCE_ITERATOR (self), 0);
  return self->count;
}

/* The request: the model's parameters from the parent, then the filters'
 * (lists appended), as boto3's ResourceCollection.pages(). */
static GawsShape *
start (GawsResourceIterator  *self,
       GError               **error)
{
  GawsResource *parent = gaws_resource_collection_get_parent (self->collection);
  json_t *request = json_object_get (gaws_resource_collection_get_definition (self->collection), "request");
  const GawsServiceInfo *service;
  const GawsPaginatorInfo *paginator;
  g_autoptr(GawsShape) input = NULL;
  guint limit = gaws_resource_collection_get_limit (self->collection);
  guint page_size = gaws_resource_collection_get_page_size (self->collection);

  self->started = TRUE;
  self->op = gaws_resource_find_operation (parent, request, error);
  if (self->op == NULL)
    return NULL;
  self->params = json_object ();
  if (!gaws_resource_build_params (parent, request, self->params, -1, error))
    return NULL;
  gaws_resource_merge_params (self->params, gaws_resource_collection_get_params (self->collection), TRUE);
  input = gaws_resource_new_input (self->op, self->params, error);
  if (input == NULL && self->op->input != NULL)
    return NULL;
  service = self->op->service;
  paginator = service ? gaws_service_info_find_paginator (service, self->op->name) : NULL;
  if (paginator != NULL)
    {
      self->paginator = gaws_paginator_new (gaws_resource_get_client (parent), paginator, input);
      if (limit > 0)
        gaws_paginator_set_max_items (self->paginator, limit);
      if (page_size > 0)
        gaws_paginator_set_page_size (self->paginator, page_size);
    }
  return g_steal_pointer (&input);
}

/* Turns one response into its page of resources, cut at the limit. */
static GPtrArray *
page_of (GawsResourceIterator  *self,
         GawsShape             *output,
         GError               **error)
{
  GawsResource *parent = gaws_resource_collection_get_parent (self->collection);
  json_t *resource = json_object_get (gaws_resource_collection_get_definition (self->collection), "resource");
  guint limit = gaws_resource_collection_get_limit (self->collection);
  g_autoptr(json_t) response = gaws_resource_shape_to_json (output);
  GPtrArray *page;
  gboolean plural;

  page = gaws_resource_handle_response (parent, resource, self->params, response, &plural, error);
  if (page == NULL)
    return NULL;
  if (limit > 0 && self->count + page->len >= limit)
    {
      g_ptr_array_set_size (page, limit - self->count);
      self->done = TRUE;
    }
  self->count += page->len;
  if (self->paginator == NULL || gaws_paginator_is_done (self->paginator))
    self->done = TRUE;
  return page;
}

/* The page of a fetched response; a failed page ends the walk, so the
 * next call does not repeat it. */
static GPtrArray *
take_page (GawsResourceIterator  *self,
           GawsShape             *output,
           GError                *fetch_error,
           GError               **error)
{
  GPtrArray *page = NULL;

  self->busy = FALSE;
  if (fetch_error == NULL)
    page = page_of (self, output, &fetch_error);
  if (fetch_error != NULL)
    {
      self->done = TRUE;
      g_propagate_error (error, fetch_error);
    }
  return page;
}

static void
page_fetched (GTask     *task,
              GawsShape *output,
              GError    *fetch_error)
{
  GError *error = NULL;
  GPtrArray *page = take_page (g_task_get_source_object (task), output, fetch_error, &error);

  if (page == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, page, (GDestroyNotify) g_ptr_array_unref);
}

static void
paginator_page_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(GawsShape) output = gaws_paginator_next_page_finish (GAWS_PAGINATOR (source), result, &error);

  page_fetched (task, output, error);
}

static void
operation_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(GawsShape) output = gaws_operation_invoke_finish (GAWS_CLIENT (source), result, &error);

  page_fetched (task, output, error);
}

/**
 * gaws_resource_iterator_next_page_async:
 * @self: a #GawsResourceIterator
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the next page. One call at a time.
 */
void
gaws_resource_iterator_next_page_async (GawsResourceIterator *self,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GawsShape) input = NULL;
  GError *error = NULL;

  g_return_if_fail (GAWS_IS_RESOURCE_ITERATOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_resource_iterator_next_page_async);
  if (self->busy)
    {
      g_task_return_new_error (task, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                               "The iterator is already fetching a page");
      return;
    }
  if (self->done)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  if (!self->started)
    {
      input = start (self, &error);
      if (error != NULL)
        {
          self->done = TRUE;
          g_task_return_error (task, error);
          return;
        }
    }
  self->busy = TRUE;
  if (self->paginator != NULL)
    gaws_paginator_next_page_async (self->paginator, cancellable, paginator_page_done, g_steal_pointer (&task));
  else
    gaws_operation_invoke_async (gaws_resource_get_client (gaws_resource_collection_get_parent (self->collection)),
                                 self->op, input, cancellable, operation_done, g_steal_pointer (&task));
}

/**
 * gaws_resource_iterator_next_page_finish:
 * @self: a #GawsResourceIterator
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type GawsResource) (nullable): the
 *   page, which may be empty; %NULL without @error after the last page
 */
GPtrArray *
gaws_resource_iterator_next_page_finish (GawsResourceIterator  *self,
                                         GAsyncResult          *result,
                                         GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gaws_resource_iterator_next_page_sync:
 * @self: a #GawsResourceIterator
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_resource_iterator_next_page_async(), blocking the calling thread.
 *
 * Returns: (transfer container) (element-type GawsResource) (nullable): the
 *   page, or %NULL without @error after the last page
 */
GPtrArray *
gaws_resource_iterator_next_page_sync (GawsResourceIterator  *self,
                                       GCancellable          *cancellable,
                                       GError               **error)
{
  g_autoptr(GawsShape) input = NULL;
  g_autoptr(GawsShape) output = NULL;
  GError *fetch_error = NULL;

  g_return_val_if_fail (GAWS_IS_RESOURCE_ITERATOR (self), NULL);

  if (self->busy)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "The iterator is already fetching a page");
      return NULL;
    }
  if (self->done)
    return NULL;
  if (!self->started)
    {
      input = start (self, &fetch_error);
      if (fetch_error != NULL)
        {
          self->done = TRUE;
          g_propagate_error (error, fetch_error);
          return NULL;
        }
    }
  self->busy = TRUE;
  if (self->paginator != NULL)
    output = gaws_paginator_next_page_sync (self->paginator, cancellable, &fetch_error);
  else
    output = gaws_operation_invoke_sync (gaws_resource_get_client (gaws_resource_collection_get_parent (self->collection)),
                                         self->op, input, cancellable, &fetch_error);
  return take_page (self, output, fetch_error, error);
}

/**
 * gaws_resource_iterator_next_item_sync:
 * @self: a #GawsResourceIterator
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_resource_iterator_next_item_async(), blocking the calling thread.
 *
 * Returns: (transfer full) (nullable): the next resource, or %NULL without
 *   @error at the end
 */
GawsResource *
gaws_resource_iterator_next_item_sync (GawsResourceIterator  *self,
                                       GCancellable          *cancellable,
                                       GError               **error)
{
  g_return_val_if_fail (GAWS_IS_RESOURCE_ITERATOR (self), NULL);

  while (g_queue_is_empty (&self->pending))
    {
      g_autoptr(GPtrArray) page = gaws_resource_iterator_next_page_sync (self, cancellable, error);

      if (page == NULL)
        return NULL;
      for (guint i = 0; i < page->len; i++)
        g_queue_push_tail (&self->pending, g_object_ref (page->pdata[i]));
    }
  return g_queue_pop_head (&self->pending);
}

static void next_item_step (GTask *task);

static void
next_item_page (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  GawsResourceIterator *self = GAWS_RESOURCE_ITERATOR (source);
  g_autoptr(GPtrArray) page = NULL;
  GError *error = NULL;

  page = gaws_resource_iterator_next_page_finish (self, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (page == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  for (guint i = 0; i < page->len; i++)
    g_queue_push_tail (&self->pending, g_object_ref (page->pdata[i]));
  next_item_step (task);
}

static void
next_item_step (GTask *task)
{
  GawsResourceIterator *self = g_task_get_source_object (task);

  if (!g_queue_is_empty (&self->pending))
    {
      g_task_return_pointer (task, g_queue_pop_head (&self->pending), g_object_unref);
      g_object_unref (task);
      return;
    }
  gaws_resource_iterator_next_page_async (self, g_task_get_cancellable (task), next_item_page, task);
}

/**
 * gaws_resource_iterator_next_item_async:
 * @self: a #GawsResourceIterator
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Gives the next resource, fetching pages as needed (boto3's `async for`).
 */
void
gaws_resource_iterator_next_item_async (GawsResourceIterator *self,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  GTask *task;

  g_return_if_fail (GAWS_IS_RESOURCE_ITERATOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_resource_iterator_next_item_async);
  next_item_step (task);
}

/**
 * gaws_resource_iterator_next_item_finish:
 * @self: a #GawsResourceIterator
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the next resource, or %NULL without
 *   @error at the end
 */
GawsResource *
gaws_resource_iterator_next_item_finish (GawsResourceIterator  *self,
                                         GAsyncResult          *result,
                                         GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
