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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GawsServiceInfo, gaws_service_info_free)

G_END_DECLS
