/* gaws-imds-credentials-provider.h: the instance role's credentials from EC2 instance metadata
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-credentials-provider.h"
#include "gaws-session.h"

G_BEGIN_DECLS

#define GAWS_TYPE_IMDS_CREDENTIALS_PROVIDER (gaws_imds_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (GawsImdsCredentialsProvider, gaws_imds_credentials_provider,
                      GAWS, IMDS_CREDENTIALS_PROVIDER, GObject)

GawsCredentialsProvider *gaws_imds_credentials_provider_new          (GawsSession                 *session);
gboolean                 gaws_imds_credentials_provider_get_required (GawsImdsCredentialsProvider *self);
void                     gaws_imds_credentials_provider_set_required (GawsImdsCredentialsProvider *self,
                                                                      gboolean                     required);

G_END_DECLS
