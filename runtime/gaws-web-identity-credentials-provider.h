/* gaws-web-identity-credentials-provider.h: a role assumed with an OIDC token file
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-credentials-provider.h"
#include "gaws-session.h"

G_BEGIN_DECLS

#define GAWS_TYPE_WEB_IDENTITY_CREDENTIALS_PROVIDER (gaws_web_identity_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (GawsWebIdentityCredentialsProvider, gaws_web_identity_credentials_provider,
                      GAWS, WEB_IDENTITY_CREDENTIALS_PROVIDER, GObject)

GawsCredentialsProvider *gaws_web_identity_credentials_provider_new (GawsSession *session,
                                                                     const char  *profile_name,
                                                                     gboolean     use_environment);

G_END_DECLS
