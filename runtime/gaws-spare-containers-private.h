/* gaws-spare-containers-private.h: emptied maps and lists, and the blocks of short strings, kept for reuse (private)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

G_GNUC_INTERNAL
GHashTable *gaws_spare_map_take (GDestroyNotify value_destroy);

G_GNUC_INTERNAL
void gaws_map_unref_held (GHashTable *table);

G_GNUC_INTERNAL
GPtrArray *gaws_spare_list_take (GDestroyNotify element_free);

G_GNUC_INTERNAL
void gaws_list_unref_held (GPtrArray *array);

typedef struct _GawsSpareStrings GawsSpareStrings;

G_GNUC_INTERNAL
GawsSpareStrings *gaws_spare_strings_get (void);

G_GNUC_INTERNAL
char *gaws_spare_strings_take (GawsSpareStrings *strings,
                               gsize             size);

G_GNUC_INTERNAL
char *gaws_spare_string_dup (const char *string);

G_GNUC_INTERNAL
void gaws_string_free_held (char *string);

G_END_DECLS
