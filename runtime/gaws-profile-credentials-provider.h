/* gaws-profile-credentials-provider.h: keys written in a profile of the shared files
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-credentials-provider.h"
#include "gaws-session.h"

G_BEGIN_DECLS

/**
 * GawsProfileCredentialsFiles:
 * @GAWS_PROFILE_CREDENTIALS_FILES_CREDENTIALS: look in the shared
 *   credentials file (`~/.aws/credentials`)
 * @GAWS_PROFILE_CREDENTIALS_FILES_CONFIG: look in the shared config file
 *   (`~/.aws/config`)
 * @GAWS_PROFILE_CREDENTIALS_FILES_BOTH: look in the credentials file, then
 *   in the config file
 *
 * Which shared files a #GawsProfileCredentialsProvider reads.
 */
typedef enum /*< flags >*/ {
  GAWS_PROFILE_CREDENTIALS_FILES_CREDENTIALS = 1 << 0,
  GAWS_PROFILE_CREDENTIALS_FILES_CONFIG      = 1 << 1,
  GAWS_PROFILE_CREDENTIALS_FILES_BOTH        = GAWS_PROFILE_CREDENTIALS_FILES_CREDENTIALS |
                                               GAWS_PROFILE_CREDENTIALS_FILES_CONFIG,
} GawsProfileCredentialsFiles;

#define GAWS_TYPE_PROFILE_CREDENTIALS_FILES (gaws_profile_credentials_files_get_type ())
GType gaws_profile_credentials_files_get_type (void) G_GNUC_CONST;

#define GAWS_TYPE_PROFILE_CREDENTIALS_PROVIDER (gaws_profile_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (GawsProfileCredentialsProvider, gaws_profile_credentials_provider,
                      GAWS, PROFILE_CREDENTIALS_PROVIDER, GObject)

GawsCredentialsProvider *gaws_profile_credentials_provider_new (GawsSession                 *session,
                                                                const char                  *profile_name,
                                                                GawsProfileCredentialsFiles  files);

G_END_DECLS
