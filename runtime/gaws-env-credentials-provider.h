/* gaws-env-credentials-provider.h: credentials from AWS_* environment variables
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-credentials-provider.h"

G_BEGIN_DECLS

#define GAWS_TYPE_ENV_CREDENTIALS_PROVIDER (gaws_env_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (GawsEnvCredentialsProvider, gaws_env_credentials_provider,
                      GAWS, ENV_CREDENTIALS_PROVIDER, GObject)

GawsCredentialsProvider *gaws_env_credentials_provider_new (void);

G_END_DECLS
