/* gaws-scratch-private.h: strings that hot paths keep per thread (private)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A GPrivate holding one kept GString:
 *   static GPrivate slot = GAWS_SCRATCH_INIT;  */
#define GAWS_SCRATCH_INIT G_PRIVATE_INIT (gaws_scratch_free)

G_GNUC_INTERNAL void     gaws_scratch_free (gpointer  string);
G_GNUC_INTERNAL GString *gaws_scratch_take (GPrivate *slot,
                                            gsize     initial_size);
G_GNUC_INTERNAL void     gaws_scratch_give (GPrivate *slot,
                                            GString  *scratch);

G_END_DECLS
