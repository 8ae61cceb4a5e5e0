/* gaws-sigv4-signer.h: AWS Signature Version 4
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include "gaws-credentials.h"
#include "gaws-http-headers.h"
#include "gaws-http-request.h"

G_BEGIN_DECLS

/**
 * GAWS_SIGV4_PAYLOAD_UNSIGNED:
 *
 * The payload hash that tells the service the body is not signed.
 */
#define GAWS_SIGV4_PAYLOAD_UNSIGNED "UNSIGNED-PAYLOAD"

/**
 * GAWS_SIGV4_PAYLOAD_STREAMING:
 *
 * The payload hash of an S3 `aws-chunked` body whose chunks are signed one by
 * one with gaws_sigv4_signer_sign_chunk().
 */
#define GAWS_SIGV4_PAYLOAD_STREAMING "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"

/**
 * GAWS_SIGV4_PAYLOAD_STREAMING_TRAILER:
 *
 * Like %GAWS_SIGV4_PAYLOAD_STREAMING, with trailing headers signed by
 * gaws_sigv4_signer_sign_trailer().
 */
#define GAWS_SIGV4_PAYLOAD_STREAMING_TRAILER "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"

/**
 * GawsSigv4Flags:
 * @GAWS_SIGV4_FLAGS_NONE: sign as botocore does for services other than S3
 * @GAWS_SIGV4_UNSIGNED_PAYLOAD: sign with the payload hash `UNSIGNED-PAYLOAD`
 *   unless the request carries a payload hash of its own
 * @GAWS_SIGV4_CONTENT_SHA256_HEADER: add an `x-amz-content-sha256` header
 *   holding the payload hash, as S3 requires (ignored when presigning)
 * @GAWS_SIGV4_NO_PATH_NORMALIZE: S3 style: the canonical URI is the path as
 *   sent, with no dot-segment removal, no slash collapsing and no second
 *   encoding
 * @GAWS_SIGV4_OMIT_SESSION_TOKEN: add the session token after signing, so
 *   that it is not part of the signature, as a few services require
 * @GAWS_SIGV4_ANONYMOUS: the request is sent unsigned and needs no
 *   credentials, as for operations whose model says `"auth": ["smithy.api#noAuth"]`
 *   (SSO GetRoleCredentials, sso-oidc CreateToken); gaws_sigv4_signer_sign()
 *   ignores it, gaws_client_send_async() skips signing
 *
 * How gaws_sigv4_signer_sign() and gaws_sigv4_signer_presign_url() build the
 * canonical request.
 */
typedef enum {
  GAWS_SIGV4_FLAGS_NONE            = 0,
  GAWS_SIGV4_UNSIGNED_PAYLOAD      = 1 << 0,
  GAWS_SIGV4_CONTENT_SHA256_HEADER = 1 << 1,
  GAWS_SIGV4_NO_PATH_NORMALIZE     = 1 << 2,
  GAWS_SIGV4_OMIT_SESSION_TOKEN    = 1 << 3,
  GAWS_SIGV4_ANONYMOUS             = 1 << 4,
} GawsSigv4Flags;

GType gaws_sigv4_flags_get_type (void) G_GNUC_CONST;
#define GAWS_TYPE_SIGV4_FLAGS (gaws_sigv4_flags_get_type ())

#define GAWS_TYPE_SIGV4_SIGNER (gaws_sigv4_signer_get_type ())
G_DECLARE_FINAL_TYPE (GawsSigv4Signer, gaws_sigv4_signer, GAWS, SIGV4_SIGNER, GObject)

GawsSigv4Signer *gaws_sigv4_signer_new                   (void);

gboolean         gaws_sigv4_signer_sign                  (GawsSigv4Signer  *self,
                                                          GawsHttpRequest  *request,
                                                          GawsCredentials  *credentials,
                                                          const char       *region,
                                                          const char       *service,
                                                          GDateTime        *when,
                                                          GawsSigv4Flags    flags,
                                                          GError          **error);
gboolean         gaws_sigv4_signer_sign_full             (GawsSigv4Signer  *self,
                                                          GawsHttpRequest  *request,
                                                          GawsCredentials  *credentials,
                                                          const char       *region,
                                                          const char       *service,
                                                          GDateTime        *when,
                                                          GawsSigv4Flags    flags,
                                                          char            **out_canonical_request,
                                                          char            **out_string_to_sign,
                                                          char            **out_signature,
                                                          GError          **error);

char            *gaws_sigv4_signer_presign_url           (GawsSigv4Signer  *self,
                                                          GawsHttpRequest  *request,
                                                          GawsCredentials  *credentials,
                                                          const char       *region,
                                                          const char       *service,
                                                          GDateTime        *when,
                                                          guint             expires_seconds,
                                                          GawsSigv4Flags    flags,
                                                          GError          **error);
char            *gaws_sigv4_signer_presign_url_full      (GawsSigv4Signer  *self,
                                                          GawsHttpRequest  *request,
                                                          GawsCredentials  *credentials,
                                                          const char       *region,
                                                          const char       *service,
                                                          GDateTime        *when,
                                                          guint             expires_seconds,
                                                          GawsSigv4Flags    flags,
                                                          char            **out_canonical_request,
                                                          char            **out_string_to_sign,
                                                          char            **out_signature,
                                                          GError          **error);

char            *gaws_sigv4_signer_sign_chunk            (GawsSigv4Signer  *self,
                                                          GawsCredentials  *credentials,
                                                          const char       *region,
                                                          const char       *service,
                                                          GDateTime        *when,
                                                          const char       *previous_signature,
                                                          GBytes           *chunk,
                                                          GError          **error);
char            *gaws_sigv4_signer_sign_trailer          (GawsSigv4Signer  *self,
                                                          GawsCredentials  *credentials,
                                                          const char       *region,
                                                          const char       *service,
                                                          GDateTime        *when,
                                                          const char       *previous_signature,
                                                          GawsHttpHeaders  *trailers,
                                                          GError          **error);

char            *gaws_sigv4_signer_sign_string           (GawsSigv4Signer  *self,
                                                          GawsCredentials  *credentials,
                                                          const char       *date,
                                                          const char       *region,
                                                          const char       *service,
                                                          const char       *string_to_sign);
guint            gaws_sigv4_signer_get_n_derived_keys    (GawsSigv4Signer  *self);

G_END_DECLS
