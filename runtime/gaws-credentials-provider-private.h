/* gaws-credentials-provider-private.h: credentials a provider has at hand
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-credentials-provider.h"

G_BEGIN_DECLS

/* What get_credentials_async() would answer at once, without a task and a
 * trip through the main loop: clients ask for credentials at every
 * attempt. NULL when only the asynchronous call can tell (nothing cached,
 * credentials in a refresh window, a provider that caches nothing). */
G_GNUC_INTERNAL GawsCredentials *gaws_credentials_provider_peek (GawsCredentialsProvider *self);

G_GNUC_INTERNAL GawsCredentials *gaws_chain_credentials_provider_peek (GawsCredentialsProvider *provider);
G_GNUC_INTERNAL GawsCredentials *gaws_static_credentials_provider_peek (GawsCredentialsProvider *provider);

G_END_DECLS
