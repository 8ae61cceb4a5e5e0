/* cg-docs.h: model documentation (HTML) as gi-docgen comment text
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *cg_docs_to_comment (const char *html);

G_END_DECLS
