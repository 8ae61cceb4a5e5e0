/* gaws-mfa-token-request.h: a request for an MFA code, answered by the application
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GAWS_TYPE_MFA_TOKEN_REQUEST (gaws_mfa_token_request_get_type ())
G_DECLARE_FINAL_TYPE (GawsMfaTokenRequest, gaws_mfa_token_request, GAWS, MFA_TOKEN_REQUEST, GObject)

const char   *gaws_mfa_token_request_get_mfa_serial   (GawsMfaTokenRequest *self);
const char   *gaws_mfa_token_request_get_profile_name (GawsMfaTokenRequest *self);
const char   *gaws_mfa_token_request_get_role_arn     (GawsMfaTokenRequest *self);
GCancellable *gaws_mfa_token_request_get_cancellable  (GawsMfaTokenRequest *self);
void          gaws_mfa_token_request_return_token     (GawsMfaTokenRequest *self,
                                                       const char          *token_code);
void          gaws_mfa_token_request_return_error     (GawsMfaTokenRequest *self,
                                                       GError              *error);

G_END_DECLS
