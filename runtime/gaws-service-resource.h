/* gaws-service-resource.h: the entry point of a service's resources
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-resource.h"
#include "gaws-resource-collection.h"

G_BEGIN_DECLS

#define GAWS_TYPE_SERVICE_RESOURCE (gaws_service_resource_get_type ())
G_DECLARE_FINAL_TYPE (GawsServiceResource, gaws_service_resource, GAWS, SERVICE_RESOURCE, GawsResource)

GawsServiceResource    *gaws_service_resource_new            (GawsClient          *client,
                                                              GError             **error);
GawsServiceResource    *gaws_service_resource_new_for_model  (GawsClient          *client,
                                                              GawsResourceModel   *model);
GawsResource           *gaws_service_resource_get_resource   (GawsServiceResource *self,
                                                              const char          *name,
                                                              const char * const  *identifiers,
                                                              GError             **error);
GawsResourceCollection *gaws_service_resource_get_collection (GawsServiceResource *self,
                                                              const char          *name,
                                                              GError             **error);

G_END_DECLS
