/* gaws-decimal-private.h: decimal digits without printf (private)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Ports, retry counts and JSON integers are formatted for every request;
 * printf's format parsing and locale look-ups cost more than the digits.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most digits gaws_put_decimal() writes (G_MAXUINT64). */
#define GAWS_DECIMAL_MAX_DIGITS 20

/*
 * gaws_put_decimal:
 * @out: room for %GAWS_DECIMAL_MAX_DIGITS characters
 * @value: the number
 *
 * Writes the decimal digits of @value at @out, without a NUL.
 *
 * Returns: the end of what was written
 */
static inline char *
gaws_put_decimal (char    *out,
                  guint64  value)
{
  char digits[GAWS_DECIMAL_MAX_DIGITS];
  int n = 0;

  do
    digits[n++] = (char) ('0' + value % 10);
  while ((value /= 10) > 0);
  while (n > 0)
    *out++ = digits[--n];
  return out;
}

G_END_DECLS
