/* gaws-response-metadata.h: botocore's ResponseMetadata of an output
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include "gaws-http-headers.h"
#include "gaws-http-response.h"
#include "gaws-shape.h"

G_BEGIN_DECLS

typedef struct _GawsResponseMetadata GawsResponseMetadata;

#define GAWS_TYPE_RESPONSE_METADATA (gaws_response_metadata_get_type ())

GType                 gaws_response_metadata_get_type             (void) G_GNUC_CONST;
GawsResponseMetadata *gaws_response_metadata_new_from_response    (GawsHttpResponse     *response);
GawsResponseMetadata *gaws_response_metadata_ref                  (GawsResponseMetadata *self);
void                  gaws_response_metadata_unref                (GawsResponseMetadata *self);

const char           *gaws_response_metadata_get_request_id       (GawsResponseMetadata *self);
const char           *gaws_response_metadata_get_host_id          (GawsResponseMetadata *self);
guint                 gaws_response_metadata_get_http_status_code (GawsResponseMetadata *self);
GawsHttpHeaders      *gaws_response_metadata_get_http_headers     (GawsResponseMetadata *self);
guint                 gaws_response_metadata_get_retry_attempts   (GawsResponseMetadata *self);

GawsResponseMetadata *gaws_shape_get_response_metadata            (GawsShape            *shape);
void                  gaws_shape_set_response_metadata            (GawsShape            *shape,
                                                                   GawsResponseMetadata *metadata);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GawsResponseMetadata, gaws_response_metadata_unref)

G_END_DECLS
