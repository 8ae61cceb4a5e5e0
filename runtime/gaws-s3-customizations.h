/* gaws-s3-customizations.h: what botocore does for S3 outside the model
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-client.h"
#include "gaws-http-request.h"
#include "gaws-http-response.h"
#include "gaws-shape.h"
#include "gaws-shape-info.h"

G_BEGIN_DECLS

/* Private to the runtime: the operation layer calls these for clients of
 * the service whose serviceId is `S3`. */

gboolean gaws_s3_customizations_wanted            (GawsClient              *client);
gboolean gaws_s3_customizations_prepare_request   (GawsClient              *client,
                                                   const GawsOperationInfo *op,
                                                   GawsHttpRequest         *request,
                                                   GawsRequestOptions      *options,
                                                   GError                 **error);
gboolean gaws_s3_customizations_prepare_request_sync (GawsClient              *client,
                                                      const GawsOperationInfo *op,
                                                      GawsHttpRequest         *request,
                                                      GawsRequestOptions      *options,
                                                      GCancellable            *cancellable,
                                                      GError                 **error);
/* What gaws_s3_customizations_redirect() tells to do with the request:
 * nothing (the error stands), send it again (it is readdressed), or look
 * the bucket's region up first (the redirect named none). */
typedef enum {
  GAWS_S3_CUSTOMIZATIONS_REDIRECT_NONE,
  GAWS_S3_CUSTOMIZATIONS_REDIRECT_RESEND,
  GAWS_S3_CUSTOMIZATIONS_REDIRECT_LOOK_UP,
} GawsS3CustomizationsRedirect;

GawsS3CustomizationsRedirect
         gaws_s3_customizations_redirect          (GawsClient              *client,
                                                   const GawsOperationInfo *op,
                                                   GawsHttpRequest         *request,
                                                   GawsRequestOptions      *options,
                                                   const GError            *error);
void     gaws_s3_customizations_lookup_region_async  (GawsClient              *client,
                                                      const GawsOperationInfo *op,
                                                      GawsHttpRequest         *request,
                                                      GawsRequestOptions      *options,
                                                      GError                  *error,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
gboolean gaws_s3_customizations_lookup_region_finish (GawsClient              *client,
                                                      GAsyncResult            *result,
                                                      GError                 **error);
gboolean gaws_s3_customizations_redirect_sync     (GawsClient              *client,
                                                   const GawsOperationInfo *op,
                                                   GawsHttpRequest         *request,
                                                   GawsRequestOptions      *options,
                                                   GCancellable            *cancellable,
                                                   GError                 **error);
void     gaws_s3_customizations_fix_response      (const GawsOperationInfo *op,
                                                   GawsHttpResponse        *response);
void     gaws_s3_customizations_fix_output        (const GawsOperationInfo *op,
                                                   GawsHttpRequest         *request,
                                                   GawsHttpResponse        *response,
                                                   GawsShape               *output);

G_END_DECLS
