/* gaws-resource.h: one instance of a resource type of boto3's resource model
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-client.h"
#include "gaws-dynamodb-table.h"
#include "gaws-resource-model.h"
#include "gaws-shape.h"

G_BEGIN_DECLS

#define GAWS_TYPE_RESOURCE (gaws_resource_get_type ())
G_DECLARE_DERIVABLE_TYPE (GawsResource, gaws_resource, GAWS, RESOURCE, GObject)

typedef struct _GawsResourceCollection GawsResourceCollection;

/**
 * GawsResourceClass:
 * @parent_class: the parent class
 *
 * The class of #GawsResource; #GawsServiceResource derives from it.
 */
struct _GawsResourceClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer padding[8];
};

/**
 * GawsResourceCustomActionFunc:
 * @resource: the resource the action is called on
 * @params: (nullable): the caller's parameters
 * @task: the #GTask to complete, whose source object is @resource: return a
 *   #GObject (or %NULL) with g_task_return_pointer() and g_object_unref(),
 *   or an error. The caller drops its reference when @func returns: take
 *   one to complete it later. Its cancellable is the call's; it runs on
 *   the thread-default main context, which a sync call iterates until done
 * @user_data: the data given at registration
 *
 * A hand-written action, run in place of (or besides) those the model
 * defines; see gaws_resource_register_custom_action().
 */
typedef void (*GawsResourceCustomActionFunc) (GawsResource *resource,
                                              GawsShape    *params,
                                              GTask        *task,
                                              gpointer      user_data);

GawsResource      *gaws_resource_new                 (GawsClient          *client,
                                                      GawsResourceModel   *model,
                                                      const char          *resource_name,
                                                      const char * const  *identifiers,
                                                      GError             **error);

GawsClient        *gaws_resource_get_client          (GawsResource        *self);
GawsResourceModel *gaws_resource_get_model           (GawsResource        *self);
const char        *gaws_resource_get_resource_name   (GawsResource        *self);
const char        *gaws_resource_get_identifier      (GawsResource        *self,
                                                      const char          *name);
char             **gaws_resource_get_identifiers     (GawsResource        *self);

gboolean           gaws_resource_is_loaded           (GawsResource        *self);
GawsShape         *gaws_resource_get_data            (GawsResource        *self);
gboolean           gaws_resource_get_attribute       (GawsResource        *self,
                                                      const char          *name,
                                                      GValue              *value);
gboolean           gaws_resource_get_attribute_sync  (GawsResource        *self,
                                                      const char          *name,
                                                      GValue              *value,
                                                      GCancellable        *cancellable,
                                                      GError             **error);
char              *gaws_resource_get_data_json       (GawsResource        *self);

void               gaws_resource_load_async          (GawsResource        *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean           gaws_resource_load_finish         (GawsResource        *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
gboolean           gaws_resource_load_sync           (GawsResource        *self,
                                                      GCancellable        *cancellable,
                                                      GError             **error);
void               gaws_resource_reload_async        (GawsResource        *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean           gaws_resource_reload_finish       (GawsResource        *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void               gaws_resource_ensure_loaded_async (GawsResource        *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean           gaws_resource_ensure_loaded_finish (GawsResource       *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);

GawsShape         *gaws_resource_new_params          (GawsResource        *self,
                                                      const char          *action,
                                                      GError             **error);
void               gaws_resource_action_async        (GawsResource        *self,
                                                      const char          *action,
                                                      GawsShape           *params,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GObject           *gaws_resource_action_finish       (GawsResource        *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
GObject           *gaws_resource_action_sync         (GawsResource        *self,
                                                      const char          *action,
                                                      GawsShape           *params,
                                                      GCancellable        *cancellable,
                                                      GError             **error);

void               gaws_resource_wait_until_async    (GawsResource        *self,
                                                      const char          *waiter,
                                                      GawsShape           *params,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean           gaws_resource_wait_until_finish   (GawsResource        *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

GawsResource      *gaws_resource_get_resource        (GawsResource        *self,
                                                      const char          *name,
                                                      const char * const  *identifiers,
                                                      GError             **error);
GawsResource      *gaws_resource_get_resource_with_map (GawsResource      *self,
                                                        const char        *name,
                                                        GHashTable        *identifiers,
                                                        GError           **error);
GObject           *gaws_resource_get_reference       (GawsResource        *self,
                                                      const char          *name,
                                                      GError             **error);
GawsResourceCollection *gaws_resource_get_collection (GawsResource        *self,
                                                      const char          *name,
                                                      GError             **error);

void               gaws_resource_register_custom_action (const char                   *service,
                                                         const char                   *resource_name,
                                                         const char                   *action,
                                                         GawsResourceCustomActionFunc  func,
                                                         gpointer                      user_data,
                                                         GDestroyNotify                destroy);
void               gaws_resource_register_custom_action_full (const char                   *service,
                                                              const char                   *resource_name,
                                                              const char                   *action,
                                                              const GawsShapeInfo          *params_info,
                                                              GawsResourceCustomActionFunc  func,
                                                              gpointer                      user_data,
                                                              GDestroyNotify                destroy);

GawsDynamodbTable *gaws_resource_get_dynamodb_table  (GawsResource        *self,
                                                      GError             **error);

G_END_DECLS
