/* gaws-client-private.h: what the runtime asks a GawsClient directly
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-client.h"

G_BEGIN_DECLS

G_GNUC_INTERNAL gboolean gaws_client_is_prepared (GawsClient *self);

G_END_DECLS
