/* gaws-role-call-private.h: the two STS calls the credential providers make
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Private to libgaws: not installed, not part of the API. The generated
 * STS client will replace the hand-made query requests here.
 */
#pragma once

#include "gaws-credentials.h"
#include "gaws-session.h"

G_BEGIN_DECLS

/**
 * GawsRoleCallParams:
 * @role_arn: `RoleArn`
 * @role_session_name: `RoleSessionName`
 * @external_id: (nullable): `ExternalId`
 * @serial_number: (nullable): `SerialNumber`, the MFA device
 * @token_code: (nullable): `TokenCode`, the MFA code
 * @duration_seconds: `DurationSeconds`, or 0 to leave it to STS
 * @web_identity_token: (nullable): `WebIdentityToken`, for
 *   AssumeRoleWithWebIdentity
 *
 * The parameters of AssumeRole and AssumeRoleWithWebIdentity.
 */
typedef struct {
  const char *role_arn;
  const char *role_session_name;
  const char *external_id;
  const char *serial_number;
  const char *token_code;
  gint64      duration_seconds;
  const char *web_identity_token;
} GawsRoleCallParams;

void             gaws_role_call_assume_role_async                   (GawsSession          *session,
                                                               GawsCredentials      *source,
                                                               const GawsRoleCallParams  *params,
                                                               const char           *method,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
void             gaws_role_call_assume_role_with_web_identity_async (GawsSession          *session,
                                                               const GawsRoleCallParams  *params,
                                                               const char           *method,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
GawsCredentials *gaws_role_call_finish                         (GAsyncResult         *result,
                                                               GError              **error);

GawsCredentials *gaws_role_call_parse_credentials                   (GBytes               *body,
                                                               const char           *method,
                                                               GError              **error);

G_END_DECLS
