/* gaws-operation.h: calling one operation of a service through the tables
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-client.h"
#include "gaws-shape.h"

G_BEGIN_DECLS

void       gaws_operation_invoke_async  (GawsClient              *client,
                                         const GawsOperationInfo *op,
                                         GawsShape               *input,
                                         GCancellable            *cancellable,
                                         GAsyncReadyCallback      callback,
                                         gpointer                 user_data);
GawsShape *gaws_operation_invoke_finish (GawsClient              *client,
                                         GAsyncResult            *result,
                                         GError                 **error);
GawsShape *gaws_operation_invoke_sync   (GawsClient              *client,
                                         const GawsOperationInfo *op,
                                         GawsShape               *input,
                                         GCancellable            *cancellable,
                                         GError                 **error);

gboolean   gaws_operation_invoke_finish_no_output (GawsClient              *client,
                                                   GAsyncResult            *result,
                                                   GError                 **error);
gboolean   gaws_operation_invoke_sync_no_output   (GawsClient              *client,
                                                   const GawsOperationInfo *op,
                                                   GawsShape               *input,
                                                   GCancellable            *cancellable,
                                                   GError                 **error);

GawsHttpRequest *gaws_operation_prepare_request (const GawsOperationInfo *op,
                                                 GawsShape               *input,
                                                 GError                 **error);

G_END_DECLS
