/* gaws-scratch-private.h: strings and blocks that hot paths keep per thread (private)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

/* A GPrivate naming one kept GString (each thread keeps its own; see
 * gaws-scratch.c):
 *   static GPrivate slot = GAWS_SCRATCH_INIT;  */
#define GAWS_SCRATCH_INIT G_PRIVATE_INIT (gaws_scratch_free)

G_GNUC_INTERNAL void     gaws_scratch_free (gpointer  string);
G_GNUC_INTERNAL GString *gaws_scratch_take (GPrivate *slot,
                                            gsize     initial_size);
G_GNUC_INTERNAL void     gaws_scratch_give (GPrivate *slot,
                                            GString  *scratch);

/* A GPrivate naming one kept fixed-size block (a call's record):
 *   static GPrivate spare = GAWS_SPARE_BLOCK_INIT;  */
#define GAWS_SPARE_BLOCK_INIT G_PRIVATE_INIT (g_free)

G_GNUC_INTERNAL gpointer gaws_spare_block_take  (GPrivate *spare);
G_GNUC_INTERNAL gpointer gaws_spare_block_take0 (GPrivate *spare,
                                                 gsize     size);
G_GNUC_INTERNAL void     gaws_spare_block_give  (GPrivate *spare,
                                                 gpointer  block);
G_GNUC_INTERNAL gboolean gaws_spare_object_give (GPrivate       *spare,
                                                 gpointer        object,
                                                 GDestroyNotify  free_func);
G_GNUC_INTERNAL gboolean gaws_spare_object_keep_last (GPrivate       *spare,
                                                      gpointer        object,
                                                      GDestroyNotify  free_func);
G_GNUC_INTERNAL gpointer gaws_spare_object_take_sole (GPrivate       *spare,
                                                      GDestroyNotify  free_func);

/* A GPrivate naming kept GObjects of one class (requests, responses):
 *   static GPrivate spare = GAWS_SPARE_OBJECT_INIT;  */
#define GAWS_SPARE_OBJECT_INIT G_PRIVATE_INIT (g_object_unref)

G_GNUC_INTERNAL gboolean gaws_spare_object_recycle (GPrivate *spare,
                                                    gpointer  object,
                                                    void    (*reset) (gpointer object));

/* A copy in a block kept in @spare (GAWS_SPARE_BLOCK_INIT) once freed. */
G_GNUC_INTERNAL GBytes  *gaws_spare_bytes_new   (GPrivate      *spare,
                                                 gconstpointer  data,
                                                 gsize          len);

/* g_string_append_len() as GLib 2.76 inlines it: text that fits is copied
 * in place, without the call into GLib 2.74's general insertion, which the
 * SigV4 signer and the JSON writer would make for every piece of every
 * request. */
static inline void
gaws_string_append_len (GString    *out,
                        const char *text,
                        gsize       len)
{
  if (G_LIKELY (out->len + len < out->allocated_len))
    {
      memcpy (out->str + out->len, text, len);
      out->len += len;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, text, len);
}

G_END_DECLS
