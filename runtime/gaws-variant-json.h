/* gaws-variant-json.h: plain GVariant values as jansson values (private)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>
#include <jansson.h>

G_BEGIN_DECLS

json_t *gaws_variant_to_json (GVariant *value);

G_END_DECLS
