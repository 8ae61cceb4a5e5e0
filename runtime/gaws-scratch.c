/* gaws-scratch.c: strings that hot paths keep per thread
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Request bodies, canonical requests and the JSON reader's text are built
 * for every request: each thread keeps one string per use between requests
 * instead of allocating it anew. A string is taken out of its slot while
 * in use, so that a nested use makes its own. The records every call
 * allocates (the client's and the operation's) are kept the same way.
 */
#include "gaws-scratch-private.h"

#include <string.h>

/* A string grown by one unusually large request is not kept. */
#define KEEP_MAX (64 * 1024)

void
gaws_scratch_free (gpointer string)
{
  g_string_free (string, TRUE);
}

/* An empty string: the one kept in @slot, or a new one of @initial_size. */
GString *
gaws_scratch_take (GPrivate *slot,
                   gsize     initial_size)
{
  GString *scratch = g_private_get (slot);

  if (scratch == NULL)
    return g_string_sized_new (initial_size);
  g_private_set (slot, NULL);
  g_string_truncate (scratch, 0);
  return scratch;
}

/* Gives @scratch back to @slot, or frees it when it grew too large or the
 * slot was refilled meanwhile. */
void
gaws_scratch_give (GPrivate *slot,
                   GString  *scratch)
{
  if (scratch->allocated_len > KEEP_MAX || g_private_get (slot) != NULL)
    g_string_free (scratch, TRUE);
  else
    g_private_set (slot, scratch);
}

/* A zeroed block of @size bytes: the one kept in @spare, or a new one.
 * Every caller of one @spare asks for the same size. */
gpointer
gaws_spare_block_take0 (GPrivate *spare,
                        gsize     size)
{
  gpointer block = g_private_get (spare);

  if (block == NULL)
    return g_malloc0 (size);
  g_private_set (spare, NULL);
  memset (block, 0, size);
  return block;
}

/* Keeps @block in @spare for the next take, or frees it when one is kept
 * already. */
void
gaws_spare_block_give (GPrivate *spare,
                       gpointer  block)
{
  if (g_private_get (spare) == NULL)
    g_private_set (spare, block);
  else
    g_free (block);
}
