/* gaws-shape-loader.h: descriptor tables built at run time from a model
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <jansson.h>
#include "gaws-shape-info.h"

G_BEGIN_DECLS

GawsServiceInfo *gaws_service_info_load        (json_t                *model,
                                                const char            *name,
                                                GError               **error);
GawsServiceInfo *gaws_service_info_load_file   (const char            *path,
                                                const char            *name,
                                                GError               **error);
void             gaws_service_info_free        (GawsServiceInfo       *service);

/**
 * GawsServiceInfoNameFunc:
 * @name: a CamelCase name of the model, such as `ListObjectsV2`
 *
 * Gives the boto3 name of an operation or waiter (botocore's
 * `xform_name()`), such as `list_objects_v2`.
 *
 * Returns: (transfer full): the name, freed with g_free()
 */
typedef char *(*GawsServiceInfoNameFunc) (const char *name);

gboolean         gaws_service_info_load_paginators (GawsServiceInfo         *service,
                                                    json_t                  *paginators,
                                                    GawsServiceInfoNameFunc  python_name,
                                                    GError                 **error);
gboolean         gaws_service_info_load_waiters    (GawsServiceInfo         *service,
                                                    json_t                  *waiters,
                                                    GawsServiceInfoNameFunc  python_name,
                                                    GError                 **error);
gboolean         gaws_service_info_load_resources  (GawsServiceInfo         *service,
                                                    json_t                  *resources,
                                                    GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GawsServiceInfo, gaws_service_info_free)

G_END_DECLS
