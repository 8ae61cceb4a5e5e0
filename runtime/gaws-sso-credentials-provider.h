/* gaws-sso-credentials-provider.h: role credentials from IAM Identity Center (SSO)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-credentials-provider.h"
#include "gaws-session.h"

G_BEGIN_DECLS

#define GAWS_TYPE_SSO_CREDENTIALS_PROVIDER (gaws_sso_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (GawsSsoCredentialsProvider, gaws_sso_credentials_provider,
                      GAWS, SSO_CREDENTIALS_PROVIDER, GObject)

GawsCredentialsProvider *gaws_sso_credentials_provider_new (GawsSession *session,
                                                            const char  *profile_name);

G_END_DECLS
