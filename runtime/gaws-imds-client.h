/* gaws-imds-client.h: the EC2 instance metadata service, IMDSv2 first
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>

#include "gaws-session.h"

G_BEGIN_DECLS

#define GAWS_TYPE_IMDS_CLIENT (gaws_imds_client_get_type ())
G_DECLARE_FINAL_TYPE (GawsImdsClient, gaws_imds_client, GAWS, IMDS_CLIENT, GObject)

GawsImdsClient *gaws_imds_client_new             (GawsSession          *session,
                                                  GError              **error);
const char     *gaws_imds_client_get_endpoint    (GawsImdsClient       *self);
guint           gaws_imds_client_get_timeout_ms  (GawsImdsClient       *self);
guint           gaws_imds_client_get_attempts    (GawsImdsClient       *self);
gboolean        gaws_imds_client_get_disabled    (GawsImdsClient       *self);

void            gaws_imds_client_get_async       (GawsImdsClient       *self,
                                                  const char           *path,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
char           *gaws_imds_client_get_finish      (GawsImdsClient       *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void            gaws_imds_client_get_region_async  (GawsImdsClient     *self,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
char           *gaws_imds_client_get_region_finish (GawsImdsClient     *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);

G_END_DECLS
