/* gaws-resource-model-private.h: the definitions inside a resource model
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <jansson.h>
#include "gaws-resource-model.h"

G_BEGIN_DECLS

/* The service resource is the definition named NULL; its `has` holds every
 * resource type, as boto3's ResourceModel._get_has_definition() makes it. */
json_t   *gaws_resource_model_get_definition (GawsResourceModel      *self,
                                              const char             *resource);
json_t   *gaws_resource_model_find_member    (GawsResourceModel      *self,
                                              const char             *resource,
                                              GawsResourceMemberKind  kind,
                                              const char             *name,
                                              const char            **model_name);
gboolean  gaws_resource_name_matches         (const char             *model_name,
                                              const char             *name);

G_END_DECLS
