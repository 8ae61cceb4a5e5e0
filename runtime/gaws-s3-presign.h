/* gaws-s3-presign.h: presigned S3 URLs and POST policies
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include "gaws-client-config.h"
#include "gaws-credentials.h"
#include "gaws-http-request.h"
#include "gaws-s3-presigned-post.h"

G_BEGIN_DECLS

GawsHttpRequest     *gaws_s3_presign_build_request   (const char             *method,
                                                      const char             *region,
                                                      const char             *endpoint_url,
                                                      GawsS3AddressingStyle   addressing_style,
                                                      const char             *bucket,
                                                      const char             *key,
                                                      GError                **error);
char                *gaws_s3_presign_request         (GawsHttpRequest        *request,
                                                      GawsCredentials        *credentials,
                                                      const char             *region,
                                                      guint                   expires_in,
                                                      GDateTime              *when,
                                                      GError                **error);
char                *gaws_s3_generate_presigned_url  (GawsCredentials        *credentials,
                                                      const char             *region,
                                                      const char             *endpoint_url,
                                                      GawsS3AddressingStyle   addressing_style,
                                                      const char             *method,
                                                      const char             *bucket,
                                                      const char             *key,
                                                      GHashTable             *query_params,
                                                      guint                   expires_in,
                                                      GDateTime              *when,
                                                      GError                **error);
GawsS3PresignedPost *gaws_s3_generate_presigned_post (GawsCredentials        *credentials,
                                                      const char             *region,
                                                      const char             *endpoint_url,
                                                      GawsS3AddressingStyle   addressing_style,
                                                      const char             *bucket,
                                                      const char             *key,
                                                      GHashTable             *fields,
                                                      const char             *conditions_json,
                                                      guint                   expires_in,
                                                      GDateTime              *when,
                                                      GError                **error);

G_END_DECLS
