/* gaws-protocol-rest-xml.h: the rest-xml protocol
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-protocol-codec.h"

G_BEGIN_DECLS

const GawsProtocolCodec *gaws_protocol_rest_xml_get_codec (void);
GError                  *gaws_protocol_rest_xml_check_200_error (const GawsOperationInfo *op,
                                                                GawsHttpResponse        *response);

G_END_DECLS
