/* gaws-mfa-token-request-private.h: asking the application for an MFA code
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Private to libgaws: not installed, not part of the API.
 */
#pragma once

#include "gaws-mfa-token-request.h"
#include "gaws-session.h"

G_BEGIN_DECLS

void  gaws_mfa_token_request_ask_async  (GawsSession         *session,
                                         const char          *profile_name,
                                         const char          *role_arn,
                                         const char          *mfa_serial,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
char *gaws_mfa_token_request_ask_finish (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
