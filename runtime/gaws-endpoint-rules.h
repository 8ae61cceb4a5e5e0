/* gaws-endpoint-rules.h: the endpoint rules engine
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include <jansson.h>
#include "gaws-endpoint.h"

G_BEGIN_DECLS

/**
 * GawsEndpointRules:
 *
 * A compiled `endpoint-rule-set-1.json`: load it once, then evaluate it
 * with parameters as often as needed, from any thread.
 */
typedef struct _GawsEndpointRules GawsEndpointRules;

#define GAWS_TYPE_ENDPOINT_RULES (gaws_endpoint_rules_get_type ())
GType              gaws_endpoint_rules_get_type      (void) G_GNUC_CONST;

GawsEndpointRules *gaws_endpoint_rules_new           (const char         *json,
                                                      gssize              length,
                                                      GError            **error);
GawsEndpointRules *gaws_endpoint_rules_new_from_file (const char         *path,
                                                      GError            **error);
GawsEndpointRules *gaws_endpoint_rules_get_shared    (const char         *json,
                                                      GError            **error);
GawsEndpointRules *gaws_endpoint_rules_ref           (GawsEndpointRules  *self);
void               gaws_endpoint_rules_unref         (GawsEndpointRules  *self);
gboolean           gaws_endpoint_rules_has_parameter (GawsEndpointRules  *self,
                                                      const char         *name);
GawsEndpoint      *gaws_endpoint_rules_evaluate      (GawsEndpointRules  *self,
                                                      json_t             *builtins,
                                                      json_t             *params,
                                                      GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GawsEndpointRules, gaws_endpoint_rules_unref)

G_END_DECLS
