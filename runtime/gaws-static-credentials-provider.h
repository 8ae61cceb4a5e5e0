/* gaws-static-credentials-provider.h: credentials given explicitly
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-credentials-provider.h"

G_BEGIN_DECLS

#define GAWS_TYPE_STATIC_CREDENTIALS_PROVIDER (gaws_static_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (GawsStaticCredentialsProvider, gaws_static_credentials_provider,
                      GAWS, STATIC_CREDENTIALS_PROVIDER, GObject)

GawsCredentialsProvider *gaws_static_credentials_provider_new                  (const char      *access_key_id,
                                                                                const char      *secret_access_key,
                                                                                const char      *session_token);
GawsCredentialsProvider *gaws_static_credentials_provider_new_for_credentials  (GawsCredentials *credentials);

G_END_DECLS
