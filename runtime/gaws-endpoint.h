/* gaws-endpoint.h: an endpoint resolved by the endpoint rules
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include <jansson.h>

G_BEGIN_DECLS

/**
 * GawsEndpoint:
 *
 * An immutable, reference-counted endpoint: the URL to send to, the headers
 * to add and the properties (such as `authSchemes`) that the endpoint
 * rules gave.
 */
typedef struct _GawsEndpoint GawsEndpoint;

#define GAWS_TYPE_ENDPOINT (gaws_endpoint_get_type ())
GType         gaws_endpoint_get_type              (void) G_GNUC_CONST;

GawsEndpoint *gaws_endpoint_new                   (const char   *url,
                                                   json_t       *headers,
                                                   json_t       *properties);
GawsEndpoint *gaws_endpoint_ref                   (GawsEndpoint *self);
void          gaws_endpoint_unref                 (GawsEndpoint *self);
const char   *gaws_endpoint_get_url               (GawsEndpoint *self);
json_t       *gaws_endpoint_get_headers           (GawsEndpoint *self);
json_t       *gaws_endpoint_get_properties        (GawsEndpoint *self);
const char   *gaws_endpoint_get_auth_scheme_name  (GawsEndpoint *self);
const char   *gaws_endpoint_get_signing_region    (GawsEndpoint *self);
const char   *gaws_endpoint_get_signing_name      (GawsEndpoint *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GawsEndpoint, gaws_endpoint_unref)

G_END_DECLS
