/* gaws-client-private.h: what the runtime asks a GawsClient directly
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-client.h"

G_BEGIN_DECLS

G_GNUC_INTERNAL gboolean gaws_client_is_prepared (GawsClient *self);

/* What gaws_client_send_owned() calls when the send is over. Its
 * options->operation_name must last until then (an operation's name). */
typedef void (*GawsClientSendDone) (GawsClient       *client,
                                    GawsHttpResponse *response,
                                    GError           *error,
                                    gpointer          user_data);

G_GNUC_INTERNAL void     gaws_client_send_owned (GawsClient               *self,
                                                 GawsHttpRequest          *request,
                                                 const GawsRequestOptions *options,
                                                 GCancellable             *cancellable,
                                                 GawsClientSendDone        done,
                                                 gpointer                  user_data);

G_END_DECLS
