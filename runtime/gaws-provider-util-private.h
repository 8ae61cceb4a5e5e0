/* gaws-provider-util-private.h: what the remote credential providers share
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Private to libgaws: not installed, not part of the API.
 */
#pragma once

#include <jansson.h>

#include "gaws-credentials.h"
#include "gaws-credentials-provider.h"
#include "gaws-error.h"
#include "gaws-http-request.h"
#include "gaws-http-response.h"
#include "gaws-session.h"

G_BEGIN_DECLS

/**
 * GawsProviderRetryFunc:
 * @response: (nullable): the response of the last attempt, or %NULL
 * @error: (nullable): its transport error, or %NULL
 * @user_data: the data given with the function
 *
 * Decides whether gaws_provider_fetch_async() tries again.
 *
 * Returns: %TRUE to try again while attempts are left
 */
typedef gboolean (*GawsProviderRetryFunc) (GawsHttpResponse *response,
                                           const GError     *error,
                                           gpointer          user_data);

/**
 * GawsProviderStartFunc:
 * @task: (transfer full): the task of gaws_provider_get_credentials_async(),
 *   to return the credentials with, or %NULL when the profile has none of
 *   the provider's settings
 * @session: the loaded session
 * @profile: the profile to read
 *
 * Where a provider that reads a profile starts, once its session is loaded.
 */
typedef void (*GawsProviderStartFunc) (GTask       *task,
                                       GawsSession *session,
                                       const char  *profile);

void              gaws_provider_set_error         (GError          **error,
                                                   GawsError         code,
                                                   const char       *method,
                                                   const char       *format,
                                                   ...) G_GNUC_PRINTF (4, 5);
GError           *gaws_provider_wrap_error        (GError           *inner,
                                                   const char       *method);

const char       *gaws_provider_getenv            (const char       *name);
const char       *gaws_provider_setting           (GawsSession      *session,
                                                   const char       *profile,
                                                   const char       *variable,
                                                   const char       *key);
const char       *gaws_provider_home_dir          (void);
GDateTime        *gaws_provider_parse_time        (const char       *text);
char             *gaws_provider_format_time       (GDateTime        *time);

GawsCredentials  *gaws_provider_credentials_from_json (json_t       *root,
                                                       const char   *token_member,
                                                       const char   *method,
                                                       GError      **error);
json_t           *gaws_provider_parse_json        (GBytes           *body,
                                                   const char       *method,
                                                   const char       *what,
                                                   GError          **error);

gboolean          gaws_provider_retry_transient   (GawsHttpResponse *response,
                                                   const GError     *error,
                                                   gpointer          user_data);
void              gaws_provider_fetch_async       (GawsHttpRequest      *request,
                                                   guint                 timeout_ms,
                                                   guint                 attempts,
                                                   guint                 delay_ms,
                                                   GawsProviderRetryFunc retry,
                                                   gpointer              retry_data,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GawsHttpResponse *gaws_provider_fetch_finish      (GAsyncResult     *result,
                                                   GError          **error);

void              gaws_provider_get_credentials_async  (GawsCredentialsProvider *provider,
                                                        GWeakRef                *session_ref,
                                                        const char              *profile_name,
                                                        GawsProviderStartFunc    start,
                                                        gpointer                 source_tag,
                                                        GCancellable            *cancellable,
                                                        GAsyncReadyCallback      callback,
                                                        gpointer                 user_data);
GawsCredentials  *gaws_provider_get_credentials_finish (GawsCredentialsProvider *provider,
                                                        GAsyncResult            *result,
                                                        GError                 **error);

G_END_DECLS
