/* gaws-credentials.h: an AWS access key, its secret and session token
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GAWS_TYPE_CREDENTIALS (gaws_credentials_get_type ())
G_DECLARE_FINAL_TYPE (GawsCredentials, gaws_credentials, GAWS, CREDENTIALS, GObject)

GawsCredentials *gaws_credentials_new                   (const char      *access_key_id,
                                                         const char      *secret_access_key,
                                                         const char      *session_token,
                                                         GDateTime       *expiration,
                                                         const char      *source);
const char      *gaws_credentials_get_access_key_id     (GawsCredentials *self);
const char      *gaws_credentials_get_secret_access_key (GawsCredentials *self);
const char      *gaws_credentials_get_session_token     (GawsCredentials *self);
GDateTime       *gaws_credentials_get_expiration        (GawsCredentials *self);
const char      *gaws_credentials_get_source            (GawsCredentials *self);
gboolean         gaws_credentials_expires_within        (GawsCredentials *self,
                                                         GTimeSpan        margin);

G_END_DECLS
