/* gaws-dynamodb-number.c: DynamoDB numbers as exact decimal text
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-dynamodb-number.h"
#include "gaws-error.h"

#include <math.h>
#include <string.h>

/* DynamoDB keeps numbers as decimals of up to 38 significant digits whose
 * leading digit has an exponent between -130 and 125, and answers with them
 * in plain notation, trailing zeros dropped. Numbers never go through a
 * double here: the text is taken apart into sign, digits and exponent, and
 * put back together in the form DynamoDB itself returns, so that a value
 * compares equal after a round trip through any server. */

#define MAX_DIGITS   38
#define MAX_EXPONENT 125
#define MIN_EXPONENT (-130)

/* Far beyond any valid exponent, yet far from overflowing a gint64 when the
 * length of a fraction is subtracted from it. */
#define EXPONENT_CLAMP G_GINT64_CONSTANT (1000000000000000)

typedef struct {
  gboolean  negative;
  GString  *digits;    /* no leading or trailing zeros; empty for zero */
  gint64    exponent;  /* the value is digits × 10^exponent */
} Decimal;

static void
decimal_clear (Decimal *d)
{
  g_string_free (d->digits, TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Decimal, decimal_clear)

static gboolean
invalid (const char *text, GError **error)
{
  const char *body = text + (text[0] == '-' || text[0] == '+');

  if (g_ascii_strcasecmp (body, "nan") == 0 || g_ascii_strcasecmp (body, "inf") == 0 ||
      g_ascii_strcasecmp (body, "infinity") == 0)
    g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                 "NaN and infinity are not DynamoDB numbers: “%s”", text);
  else
    g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                 "“%s” is not a decimal number", text);
  return FALSE;
}

static const char *
scan_digits (const char *p, GString *digits, gsize *count)
{
  *count = 0;
  for (; g_ascii_isdigit (*p); p++, (*count)++)
    g_string_append_c (digits, *p);
  return p;
}

static const char *
scan_exponent (const char *p, gint64 *exponent)
{
  gboolean negative = FALSE;
  const char *start;

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  start = p;
  for (*exponent = 0; g_ascii_isdigit (*p); p++)
    *exponent = MIN (*exponent * 10 + (*p - '0'), EXPONENT_CLAMP);
  if (negative)
    *exponent = -*exponent;
  return p == start ? NULL : p;
}

static void
strip_zeros (Decimal *d)
{
  gsize end;

  g_string_erase (d->digits, 0, strspn (d->digits->str, "0"));
  end = d->digits->len;
  while (end > 0 && d->digits->str[end - 1] == '0')
    end--;
  d->exponent += d->digits->len - end;
  g_string_truncate (d->digits, end);
  if (d->digits->len == 0)
    d->negative = FALSE;   /* -0 is 0 */
}

/* Grammar: [+-] digits [. digits] [e|E [+-] digits], at least one digit
 * before the exponent, no spaces: what JSON, Python and Java all accept. */
static gboolean
decimal_parse (Decimal *d, const char *text, GError **error)
{
  const char *p = text;
  gsize int_count, frac_count = 0;
  gint64 exponent = 0;

  d->digits = g_string_new (NULL);
  if (*p == '-' || *p == '+')
    d->negative = *p++ == '-';
  p = scan_digits (p, d->digits, &int_count);
  if (*p == '.')
    p = scan_digits (p + 1, d->digits, &frac_count);
  if (int_count + frac_count == 0)
    return invalid (text, error);
  if (*p == 'e' || *p == 'E')
    p = scan_exponent (p + 1, &exponent);
  if (p == NULL || *p != '\0')
    return invalid (text, error);
  d->exponent = exponent - (gint64) frac_count;
  strip_zeros (d);
  return TRUE;
}

static gboolean
decimal_check_range (const Decimal *d, const char *text, GError **error)
{
  gint64 leading;

  if (d->digits->len == 0)
    return TRUE;
  leading = d->exponent + (gint64) d->digits->len - 1;
  if (leading > MAX_EXPONENT)
    g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                 "Number overflow: %s is larger in magnitude than DynamoDB supports "
                 "(9.9999999999999999999999999999999999999E+125)", text);
  else if (leading < MIN_EXPONENT)
    g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                 "Number underflow: %s is smaller in magnitude than DynamoDB supports (1E-130)", text);
  else if (d->digits->len > MAX_DIGITS)
    g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                 "%s has more than 38 significant digits", text);
  else
    return TRUE;
  return FALSE;
}

static char *
decimal_format (const Decimal *d)
{
  GString *out = g_string_new (d->negative ? "-" : "");
  gint64 n = d->digits->len;
  gint64 point = n + d->exponent;   /* digits before the decimal point */

  if (n == 0)
    g_string_append_c (out, '0');
  else if (d->exponent >= 0)
    {
      g_string_append (out, d->digits->str);
      for (gint64 i = 0; i < d->exponent; i++)
        g_string_append_c (out, '0');
    }
  else if (point > 0)
    {
      g_string_append_len (out, d->digits->str, point);
      g_string_append_c (out, '.');
      g_string_append (out, d->digits->str + point);
    }
  else
    {
      g_string_append (out, "0.");
      for (gint64 i = 0; i < -point; i++)
        g_string_append_c (out, '0');
      g_string_append (out, d->digits->str);
    }
  return g_string_free (out, FALSE);
}

/**
 * gaws_dynamodb_number_normalize:
 * @text: a decimal number such as `1.50`, `-0`, `1e2` or `007`
 * @error: return location for a #GError
 *
 * Checks that @text is a number DynamoDB can store and writes it the way
 * DynamoDB answers with it: plain notation, no exponent, no leading or
 * trailing zeros, no sign on zero (`1.5`, `0`, `100`, `7`).
 *
 * @text follows JSON's number grammar, also allowing a leading `+`, a bare
 * `.` before or after the digits and leading zeros. It must have at most 38
 * significant digits and a magnitude of zero or between 1E-130 and
 * 9.9999999999999999999999999999999999999E+125. NaN and infinity are refused.
 *
 * Returns: (transfer full): the number in DynamoDB's form, or %NULL with a
 *   %GAWS_ERROR_INVALID_ARGUMENT error
 */
char *
gaws_dynamodb_number_normalize (const char  *text,
                                GError     **error)
{
  g_auto(Decimal) d = { 0 };

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!decimal_parse (&d, text, error) || !decimal_check_range (&d, text, error))
    return NULL;
  return decimal_format (&d);
}

/**
 * gaws_dynamodb_number_from_int64:
 * @value: an integer
 *
 * Every 64-bit integer is a valid DynamoDB number.
 *
 * Returns: (transfer full): @value in decimal
 */
char *
gaws_dynamodb_number_from_int64 (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

/**
 * gaws_dynamodb_number_from_uint64:
 * @value: an unsigned integer
 *
 * Returns: (transfer full): @value in decimal
 */
char *
gaws_dynamodb_number_from_uint64 (guint64 value)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, value);
}

/**
 * gaws_dynamodb_number_from_double:
 * @value: a finite double
 * @error: return location for a #GError
 *
 * Writes @value with the fewest significant digits that read back as the
 * same double (so 0.1 gives `0.1`, not `0.1000000000000000055511151231257827`),
 * in DynamoDB's form. The number stored is that decimal, which is what a
 * user who wrote 0.1 meant.
 *
 * Returns: (transfer full): the number, or %NULL with a
 *   %GAWS_ERROR_INVALID_ARGUMENT error for NaN, infinity, or a magnitude
 *   DynamoDB cannot store (below 1E-130 or above 1E+126)
 */
char *
gaws_dynamodb_number_from_double (double   value,
                                  GError **error)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!isfinite (value))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "NaN and infinity are not DynamoDB numbers");
      return NULL;
    }
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%de", precision - 1);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  return gaws_dynamodb_number_normalize (buffer, error);
}
