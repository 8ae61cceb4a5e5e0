/* gaws-container-credentials-provider.h: credentials from the ECS/EKS container endpoint
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-credentials-provider.h"

G_BEGIN_DECLS

#define GAWS_TYPE_CONTAINER_CREDENTIALS_PROVIDER (gaws_container_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (GawsContainerCredentialsProvider, gaws_container_credentials_provider,
                      GAWS, CONTAINER_CREDENTIALS_PROVIDER, GObject)

GawsCredentialsProvider *gaws_container_credentials_provider_new (void);

G_END_DECLS
