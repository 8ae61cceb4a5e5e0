/* cg-service.h: one service model with every name gaws-codegen emits
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CgService CgService;

CgService  *cg_service_load         (const char  *models_dir,
                                     const char  *service,
                                     const char  *api_version,
                                     GError     **error);
void        cg_service_free         (CgService   *service);
const char *cg_service_get_name     (CgService   *service);
gboolean    cg_service_write_facts  (CgService   *service,
                                     const char  *path,
                                     const char  *lean_path,
                                     GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgService, cg_service_free)

G_END_DECLS
