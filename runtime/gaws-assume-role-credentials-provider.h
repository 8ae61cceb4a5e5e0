/* gaws-assume-role-credentials-provider.h: a profile's role_arn, assumed through STS
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-credentials-provider.h"
#include "gaws-session.h"

G_BEGIN_DECLS

#define GAWS_TYPE_ASSUME_ROLE_CREDENTIALS_PROVIDER (gaws_assume_role_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (GawsAssumeRoleCredentialsProvider, gaws_assume_role_credentials_provider,
                      GAWS, ASSUME_ROLE_CREDENTIALS_PROVIDER, GObject)

GawsCredentialsProvider *gaws_assume_role_credentials_provider_new (GawsSession *session,
                                                                    const char  *profile_name);

G_END_DECLS
