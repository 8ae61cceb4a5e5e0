/* gaws-http-response.h: an HTTP response as the engine received it
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-http-headers.h"

G_BEGIN_DECLS

#define GAWS_TYPE_HTTP_RESPONSE (gaws_http_response_get_type ())
G_DECLARE_FINAL_TYPE (GawsHttpResponse, gaws_http_response, GAWS, HTTP_RESPONSE, GObject)

GawsHttpResponse *gaws_http_response_new               (guint             status);
guint             gaws_http_response_get_status        (GawsHttpResponse *self);
void              gaws_http_response_set_status        (GawsHttpResponse *self,
                                                        guint             status);
GawsHttpHeaders  *gaws_http_response_get_headers       (GawsHttpResponse *self);
GBytes           *gaws_http_response_get_body          (GawsHttpResponse *self);
void              gaws_http_response_set_body          (GawsHttpResponse *self,
                                                        GBytes           *body);
GInputStream     *gaws_http_response_get_body_stream   (GawsHttpResponse *self);
void              gaws_http_response_set_body_stream   (GawsHttpResponse *self,
                                                        GInputStream     *stream);
guint             gaws_http_response_get_retry_attempts (GawsHttpResponse *self);
void              gaws_http_response_set_retry_attempts (GawsHttpResponse *self,
                                                         guint             retry_attempts);
gboolean          gaws_http_response_is_success        (GawsHttpResponse *self);

G_END_DECLS
