/* gaws-service-registry.h: generated services found by name at run time
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-client.h"
#include "gaws-shape-info.h"

G_BEGIN_DECLS

/**
 * GawsClientGetTypeFunc:
 *
 * The `get_type` function of a generated client class, such as
 * `gaws_sso_client_get_type()`.
 *
 * Returns: the client's #GType
 */
typedef GType (*GawsClientGetTypeFunc) (void);

void                   gaws_service_registry_register         (const char                  *name,
                                                               const GawsServiceInfo       *info,
                                                               GawsClientGetTypeFunc        client_get_type,
                                                               const GawsClientServiceInfo *client_info);
const GawsServiceInfo *gaws_service_registry_lookup           (const char                  *name,
                                                               GError                     **error);
GType                  gaws_service_registry_get_client_type  (const char                  *name,
                                                               GError                     **error);
GawsClient            *gaws_service_registry_new_client       (const char                  *name,
                                                               GawsSession                 *session,
                                                               GawsClientConfig            *config,
                                                               GError                     **error);

G_END_DECLS
