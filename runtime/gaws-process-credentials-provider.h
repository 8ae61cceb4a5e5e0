/* gaws-process-credentials-provider.h: credentials printed by a profile's credential_process
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-credentials-provider.h"
#include "gaws-session.h"

G_BEGIN_DECLS

#define GAWS_TYPE_PROCESS_CREDENTIALS_PROVIDER (gaws_process_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (GawsProcessCredentialsProvider, gaws_process_credentials_provider,
                      GAWS, PROCESS_CREDENTIALS_PROVIDER, GObject)

GawsCredentialsProvider *gaws_process_credentials_provider_new             (GawsSession *session,
                                                                            const char  *profile_name);
GawsCredentialsProvider *gaws_process_credentials_provider_new_for_command (const char  *command_line);

G_END_DECLS
