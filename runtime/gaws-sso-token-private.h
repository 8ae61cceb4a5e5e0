/* gaws-sso-token-private.h: the SSO access token, from the cache the AWS CLI writes
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Private to libgaws: not installed, not part of the API.
 */
#pragma once

#include <jansson.h>

#include "gaws-session.h"

G_BEGIN_DECLS

char *gaws_sso_token_cache_path   (const char          *session_name,
                                   const char          *start_url);
void  gaws_sso_token_load_async   (GawsSession         *session,
                                   const char          *session_name,
                                   const char          *start_url,
                                   const char          *sso_region,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
char *gaws_sso_token_load_finish  (GAsyncResult        *result,
                                   GError             **error);

void    gaws_sso_call_async  (GawsSession          *session,
                              const char           *service,
                              const char           *region,
                              const char           *operation,
                              json_t               *input,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data);
json_t *gaws_sso_call_finish (GAsyncResult         *result,
                              GError              **error);

G_END_DECLS
