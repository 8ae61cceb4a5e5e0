/* gaws-resource-collection-private.h: what iterators read of a collection
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <jansson.h>
#include "gaws-resource-collection.h"

G_BEGIN_DECLS

GawsResourceCollection *gaws_resource_collection_new            (GawsResource           *parent,
                                                                 const char             *name,
                                                                 json_t                 *definition);
json_t                 *gaws_resource_collection_get_definition (GawsResourceCollection *self);
json_t                 *gaws_resource_collection_get_params     (GawsResourceCollection *self);

G_END_DECLS
