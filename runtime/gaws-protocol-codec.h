/* gaws-protocol-codec.h: the table of wire protocols
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-http-request.h"
#include "gaws-http-response.h"
#include "gaws-shape.h"

G_BEGIN_DECLS

/**
 * GawsProtocolCodec:
 * @name: the protocol's name in the models, such as `rest-json`
 * @serialize: builds the request of @op from @input (%NULL when the
 *   operation has no input); the request's host stays %NULL for the client
 *   to fill in
 * @deserialize: builds the output of @op from a successful response
 * @parse_error: reads the error code and message of an error response, and
 *   the modelled error structure when the code is one of the service's
 *
 * What the runtime does per protocol; all of it is driven by the tables.
 */
typedef struct {
  const char *name;
  GawsHttpRequest *(*serialize)   (const GawsOperationInfo  *op,
                                   GawsShape                *input,
                                   GError                  **error);
  GawsShape       *(*deserialize) (const GawsOperationInfo  *op,
                                   GawsHttpResponse         *response,
                                   GError                  **error);
  gboolean         (*parse_error) (const GawsOperationInfo  *op,
                                   GawsHttpResponse         *response,
                                   char                    **code,
                                   char                    **message,
                                   GawsShape               **error_shape,
                                   GError                  **error);
} GawsProtocolCodec;

const GawsProtocolCodec *gaws_protocol_codec_lookup      (const char            *protocol);
const GawsProtocolCodec *gaws_protocol_codec_for_service (const GawsServiceInfo *service);

G_END_DECLS
