/* gaws-service-error.h: turning an error response into a GError
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>
#include "gaws-http-response.h"

G_BEGIN_DECLS

GError     *gaws_service_error_from_response (GawsHttpResponse *response);
GError     *gaws_service_error_parse         (guint             status,
                                              GawsHttpHeaders  *headers,
                                              const char       *body,
                                              gsize             body_len);
const char *gaws_service_error_get_request_id (GawsHttpHeaders *headers);

G_END_DECLS
