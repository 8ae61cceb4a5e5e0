/* gaws-protocol-rest.h: the HTTP bindings rest-json and rest-xml share
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-http-request.h"
#include "gaws-http-response.h"
#include "gaws-shape.h"

G_BEGIN_DECLS

GawsHttpRequest      *gaws_protocol_rest_new_request      (const GawsOperationInfo  *op,
                                                           GawsShape                *input,
                                                           GError                  **error);
const GawsMemberInfo *gaws_protocol_rest_get_payload      (const GawsShapeInfo      *shape);
gboolean              gaws_protocol_rest_is_raw_payload   (const GawsMemberInfo     *member);
gboolean              gaws_protocol_rest_has_body_members (const GawsShapeInfo      *shape);
void                  gaws_protocol_rest_set_raw_payload  (GawsHttpRequest          *request,
                                                           const GawsMemberInfo     *member,
                                                           const GValue             *value);
gboolean              gaws_protocol_rest_read_bindings    (GawsShape                *output,
                                                           GawsHttpResponse         *response,
                                                           GError                  **error);
gboolean              gaws_protocol_rest_read_new_bindings(GawsShape                *output,
                                                           GawsHttpResponse         *response,
                                                           GError                  **error);
gboolean              gaws_protocol_rest_read_raw_payload (GawsShape                *output,
                                                           guint                     index,
                                                           GawsHttpResponse         *response,
                                                           GError                  **error);
GBytes               *gaws_protocol_rest_get_body_bytes   (GawsHttpResponse         *response,
                                                           GError                  **error);
char                 *gaws_protocol_element_to_text       (const GawsMemberInfo     *member,
                                                           gconstpointer             element,
                                                           GawsTimestampFormat       default_format);
char                 *gaws_protocol_value_to_text         (const GawsMemberInfo     *member,
                                                           const GValue             *value,
                                                           GawsTimestampFormat       default_format);
gboolean              gaws_protocol_text_to_element       (const GawsMemberInfo     *member,
                                                           const char               *text,
                                                           gpointer                 *element,
                                                           GError                  **error);

G_END_DECLS
