/* gaws-resource-iterator.h: walking a resource collection, page by page
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-resource-collection.h"

G_BEGIN_DECLS

#define GAWS_TYPE_RESOURCE_ITERATOR (gaws_resource_iterator_get_type ())
G_DECLARE_FINAL_TYPE (GawsResourceIterator, gaws_resource_iterator, GAWS, RESOURCE_ITERATOR, GObject)

GawsResourceIterator   *gaws_resource_iterator_new            (GawsResourceCollection *collection);
GawsResourceCollection *gaws_resource_iterator_get_collection (GawsResourceIterator   *self);
gboolean                gaws_resource_iterator_is_done        (GawsResourceIterator   *self);
guint                   gaws_resource_iterator_get_count      (GawsResourceIterator   *self);

void                    gaws_resource_iterator_next_page_async  (GawsResourceIterator *self,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
GPtrArray              *gaws_resource_iterator_next_page_finish (GawsResourceIterator *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
void                    gaws_resource_iterator_next_item_async  (GawsResourceIterator *self,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
GawsResource           *gaws_resource_iterator_next_item_finish (GawsResourceIterator *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
GPtrArray              *gaws_resource_iterator_next_page_sync   (GawsResourceIterator *self,
                                                                 GCancellable         *cancellable,
                                                                 GError              **error);
GawsResource           *gaws_resource_iterator_next_item_sync   (GawsResourceIterator *self,
                                                                 GCancellable         *cancellable,
                                                                 GError              **error);

G_END_DECLS
