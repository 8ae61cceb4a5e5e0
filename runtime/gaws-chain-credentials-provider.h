/* gaws-chain-credentials-provider.h: the first provider that has credentials wins
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-credentials-provider.h"
#include "gaws-session.h"

G_BEGIN_DECLS

/**
 * GAWS_CREDENTIALS_ADVISORY_REFRESH_MARGIN:
 *
 * How long before they expire cached credentials are refreshed while
 * callers keep using the current ones: 15 minutes, as in botocore.
 */
#define GAWS_CREDENTIALS_ADVISORY_REFRESH_MARGIN (15 * G_TIME_SPAN_MINUTE)

/**
 * GAWS_CREDENTIALS_MANDATORY_REFRESH_MARGIN:
 *
 * How long before they expire cached credentials are no longer handed
 * out and every caller waits for fresh ones: 10 minutes, as in botocore.
 */
#define GAWS_CREDENTIALS_MANDATORY_REFRESH_MARGIN (10 * G_TIME_SPAN_MINUTE)

#define GAWS_TYPE_CHAIN_CREDENTIALS_PROVIDER (gaws_chain_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (GawsChainCredentialsProvider, gaws_chain_credentials_provider,
                      GAWS, CHAIN_CREDENTIALS_PROVIDER, GObject)

GawsChainCredentialsProvider *gaws_chain_credentials_provider_new           (void);
GawsChainCredentialsProvider *gaws_chain_credentials_provider_new_default   (GawsSession                  *session);
void                          gaws_chain_credentials_provider_append        (GawsChainCredentialsProvider *self,
                                                                             GawsCredentialsProvider      *provider);
guint                         gaws_chain_credentials_provider_get_n_providers (GawsChainCredentialsProvider *self);
GawsCredentialsProvider      *gaws_chain_credentials_provider_get_provider  (GawsChainCredentialsProvider *self,
                                                                             guint                         position);
void                          gaws_chain_credentials_provider_invalidate    (GawsChainCredentialsProvider *self);

G_END_DECLS
