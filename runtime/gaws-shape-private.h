/* gaws-shape-private.h: what the runtime shares about GawsShape (private)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-shape.h"

G_BEGIN_DECLS

G_GNUC_INTERNAL
void gaws_shape_unref_held (gpointer object);

G_END_DECLS
