/* gaws-http-request.h: an HTTP request as the engine sends it
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-http-headers.h"

G_BEGIN_DECLS

#define GAWS_TYPE_HTTP_REQUEST (gaws_http_request_get_type ())
G_DECLARE_FINAL_TYPE (GawsHttpRequest, gaws_http_request, GAWS, HTTP_REQUEST, GObject)

GawsHttpRequest *gaws_http_request_new             (const char      *method);
GawsHttpRequest *gaws_http_request_new_for_url     (const char      *method,
                                                    const char      *url,
                                                    GError         **error);
gboolean         gaws_http_request_set_url         (GawsHttpRequest *self,
                                                    const char      *url,
                                                    GError         **error);
char            *gaws_http_request_dup_url         (GawsHttpRequest *self);

const char      *gaws_http_request_get_method      (GawsHttpRequest *self);
void             gaws_http_request_set_method      (GawsHttpRequest *self,
                                                    const char      *method);
const char      *gaws_http_request_get_scheme      (GawsHttpRequest *self);
void             gaws_http_request_set_scheme      (GawsHttpRequest *self,
                                                    const char      *scheme);
const char      *gaws_http_request_get_host        (GawsHttpRequest *self);
void             gaws_http_request_set_host        (GawsHttpRequest *self,
                                                    const char      *host);
int              gaws_http_request_get_port        (GawsHttpRequest *self);
void             gaws_http_request_set_port        (GawsHttpRequest *self,
                                                    int              port);
char            *gaws_http_request_dup_authority   (GawsHttpRequest *self);
const char      *gaws_http_request_get_path        (GawsHttpRequest *self);
void             gaws_http_request_set_path        (GawsHttpRequest *self,
                                                    const char      *encoded_path);
const char      *gaws_http_request_get_query       (GawsHttpRequest *self);
void             gaws_http_request_set_query       (GawsHttpRequest *self,
                                                    const char      *encoded_query);
void             gaws_http_request_add_query_param (GawsHttpRequest *self,
                                                    const char      *name,
                                                    const char      *value);

GawsHttpHeaders *gaws_http_request_get_headers     (GawsHttpRequest *self);

GBytes          *gaws_http_request_get_body        (GawsHttpRequest *self);
void             gaws_http_request_set_body        (GawsHttpRequest *self,
                                                    GBytes          *body);
GInputStream    *gaws_http_request_get_body_stream (GawsHttpRequest *self);
gint64           gaws_http_request_get_body_length (GawsHttpRequest *self);
void             gaws_http_request_set_body_stream (GawsHttpRequest *self,
                                                    GInputStream    *stream,
                                                    gint64           length);
const char      *gaws_http_request_get_payload_hash (GawsHttpRequest *self);
void             gaws_http_request_set_payload_hash (GawsHttpRequest *self,
                                                     const char      *payload_hash);

GawsHttpRequest *gaws_http_request_copy            (GawsHttpRequest *self);

char            *gaws_uri_encode                   (const char      *text,
                                                    gboolean         encode_slash);

G_END_DECLS
