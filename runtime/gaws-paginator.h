/* gaws-paginator.h: the pages and items of a paginated operation
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-client.h"
#include "gaws-shape.h"
#include "gaws-shape-info.h"

G_BEGIN_DECLS

#define GAWS_TYPE_PAGINATOR (gaws_paginator_get_type ())
G_DECLARE_FINAL_TYPE (GawsPaginator, gaws_paginator, GAWS, PAGINATOR, GObject)

GawsPaginator *gaws_paginator_new                (GawsClient              *client,
                                                  const GawsPaginatorInfo *info,
                                                  GawsShape               *input);
GawsPaginator *gaws_client_get_paginator         (GawsClient              *client,
                                                  const char              *operation_name,
                                                  GawsShape               *input,
                                                  GError                 **error);

const GawsPaginatorInfo *gaws_paginator_get_info (GawsPaginator           *self);
GawsClient    *gaws_paginator_get_client         (GawsPaginator           *self);

/* PaginationConfig: MaxItems, PageSize, StartingToken. Set before the first page. */
void           gaws_paginator_set_max_items      (GawsPaginator           *self,
                                                  guint                    max_items);
guint          gaws_paginator_get_max_items      (GawsPaginator           *self);
void           gaws_paginator_set_page_size      (GawsPaginator           *self,
                                                  guint                    page_size);
guint          gaws_paginator_get_page_size      (GawsPaginator           *self);
void           gaws_paginator_set_starting_token (GawsPaginator           *self,
                                                  const char              *token);
const char    *gaws_paginator_get_resume_token   (GawsPaginator           *self);
gboolean       gaws_paginator_is_done            (GawsPaginator           *self);

void           gaws_paginator_next_page_async    (GawsPaginator           *self,
                                                  GCancellable            *cancellable,
                                                  GAsyncReadyCallback      callback,
                                                  gpointer                 user_data);
GawsShape     *gaws_paginator_next_page_finish   (GawsPaginator           *self,
                                                  GAsyncResult            *result,
                                                  GError                 **error);
GawsShape     *gaws_paginator_next_page_sync     (GawsPaginator           *self,
                                                  GCancellable            *cancellable,
                                                  GError                 **error);

void           gaws_paginator_next_item_async    (GawsPaginator           *self,
                                                  GCancellable            *cancellable,
                                                  GAsyncReadyCallback      callback,
                                                  gpointer                 user_data);
gboolean       gaws_paginator_next_item_finish   (GawsPaginator           *self,
                                                  GAsyncResult            *result,
                                                  GValue                  *item,
                                                  GError                 **error);
gboolean       gaws_paginator_next_item_sync     (GawsPaginator           *self,
                                                  GValue                  *item,
                                                  GCancellable            *cancellable,
                                                  GError                 **error);

void           gaws_paginator_build_full_result_async  (GawsPaginator     *self,
                                                        GCancellable      *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer           user_data);
GawsShape     *gaws_paginator_build_full_result_finish (GawsPaginator     *self,
                                                        GAsyncResult      *result,
                                                        GError           **error);
GawsShape     *gaws_paginator_build_full_result_sync   (GawsPaginator     *self,
                                                        GCancellable      *cancellable,
                                                        GError           **error);

G_END_DECLS
