/* gaws-protocol-query.h: the query and ec2 protocols
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-protocol-codec.h"
#include "gaws-protocol-xml.h"

G_BEGIN_DECLS

const GawsProtocolCodec *gaws_protocol_query_get_codec (void);
const GawsProtocolCodec *gaws_protocol_ec2_get_codec   (void);

const GawsShapeInfo     *gaws_protocol_find_error_shape (const GawsOperationInfo *op,
                                                         const char              *code);
GawsXmlNode             *gaws_protocol_xml_parse_body  (GawsHttpResponse        *response,
                                                        gboolean                *empty,
                                                        GError                 **error);
gboolean                 gaws_protocol_xml_parse_rest_error (const GawsOperationInfo  *op,
                                                             GawsHttpResponse         *response,
                                                             char                    **code,
                                                             char                    **message,
                                                             GawsShape               **error_shape,
                                                             GError                  **error);

G_END_DECLS
