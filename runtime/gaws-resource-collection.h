/* gaws-resource-collection.h: a collection of resources (boto3's hasMany)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-resource.h"

G_BEGIN_DECLS

#define GAWS_TYPE_RESOURCE_COLLECTION (gaws_resource_collection_get_type ())
G_DECLARE_FINAL_TYPE (GawsResourceCollection, gaws_resource_collection, GAWS, RESOURCE_COLLECTION, GObject)

typedef struct _GawsResourceIterator GawsResourceIterator;

GawsResource           *gaws_resource_collection_get_parent        (GawsResourceCollection *self);
const char             *gaws_resource_collection_get_name          (GawsResourceCollection *self);
const char             *gaws_resource_collection_get_resource_name (GawsResourceCollection *self);
guint                   gaws_resource_collection_get_limit         (GawsResourceCollection *self);
guint                   gaws_resource_collection_get_page_size     (GawsResourceCollection *self);
char                   *gaws_resource_collection_get_params_json   (GawsResourceCollection *self);

GawsResourceCollection *gaws_resource_collection_all               (GawsResourceCollection *self);
GawsResourceCollection *gaws_resource_collection_filter            (GawsResourceCollection *self,
                                                                    GawsShape              *params);
GawsResourceCollection *gaws_resource_collection_filter_json       (GawsResourceCollection *self,
                                                                    const char             *json,
                                                                    GError                **error);
GawsResourceCollection *gaws_resource_collection_limit             (GawsResourceCollection *self,
                                                                    guint                   count);
GawsResourceCollection *gaws_resource_collection_page_size         (GawsResourceCollection *self,
                                                                    guint                   count);

GawsResourceIterator   *gaws_resource_collection_iterate           (GawsResourceCollection *self);

void                    gaws_resource_collection_batch_action_async  (GawsResourceCollection *self,
                                                                      const char             *action,
                                                                      GawsShape              *params,
                                                                      GCancellable           *cancellable,
                                                                      GAsyncReadyCallback     callback,
                                                                      gpointer                user_data);
GPtrArray              *gaws_resource_collection_batch_action_finish (GawsResourceCollection *self,
                                                                      GAsyncResult           *result,
                                                                      GError                **error);
GPtrArray              *gaws_resource_collection_batch_action_sync   (GawsResourceCollection *self,
                                                                      const char             *action,
                                                                      GawsShape              *params,
                                                                      GCancellable           *cancellable,
                                                                      GError                **error);

G_END_DECLS
