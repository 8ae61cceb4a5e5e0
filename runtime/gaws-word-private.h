/* gaws-word-private.h: tests of eight bytes at once (private)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The scanners of header names, SigV4's canonical text, JSON strings and
 * XML text look at a word of eight bytes at a time; these are the byte
 * tests they share. Each gives the high bit (0x80) of the bytes that pass. */
#define GAWS_WORD_ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define GAWS_WORD_HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Bytes of @w below @n (1 to 0x80). Exact up to the first such byte; the
 * borrow may mark bytes after it, so callers look at the first only, or
 * at whether there is any. */
static inline guint64
gaws_word_bytes_below (guint64 w,
                       guint   n)
{
  return (w - GAWS_WORD_ONES * n) & ~w & GAWS_WORD_HIGHS;
}

/* Bytes of @w from @lo to @hi (ASCII: 1 <= @lo <= @hi < 0x80), exact for
 * every byte: on the low seven bits no sum carries into the next byte, and
 * bytes with their high bit set are left out. */
static inline guint64
gaws_word_bytes_between (guint64 w,
                         guchar  lo,
                         guchar  hi)
{
  guint64 low7 = w & ~GAWS_WORD_HIGHS;

  return ((low7 + GAWS_WORD_ONES * (0x80u - lo)) ^ (low7 + GAWS_WORD_ONES * (0x80u - hi - 1))) & ~w &
         GAWS_WORD_HIGHS;
}

/* The first @k bytes of @w (0 <= @k <= 7), the others zero: what comes
 * before the byte that one of the tests above found. */
static inline guint64
gaws_word_first_bytes (guint64 w,
                       guint   k)
{
  return w & ((G_GUINT64_CONSTANT (1) << (8 * k)) - 1);
}

G_END_DECLS
