/* cg-m4.h: running m4 over a template and splitting its output into files
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean cg_m4_expand (const char  *m4,
                       const char  *templates_dir,
                       const char  *template_name,
                       const char  *facts_dir,
                       GHashTable  *outputs,
                       GError     **error);

G_END_DECLS
