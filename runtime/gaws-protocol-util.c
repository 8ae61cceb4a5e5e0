/* gaws-protocol-util.c: value formats shared by the protocol codecs
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-protocol-util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gaws-error.h"

/* HTTP dates are English whatever the locale, so no strftime here. */
static const char *const day_names[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const month_names[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/**
 * gaws_protocol_timestamp_to_epoch:
 * @time: a #GDateTime
 *
 * Returns: seconds since the epoch, with milliseconds as fraction
 */
double
gaws_protocol_timestamp_to_epoch (GDateTime *time)
{
  return (double) g_date_time_to_unix (time) + (g_date_time_get_microsecond (time) / 1000) / 1000.0;
}

/**
 * gaws_protocol_timestamp_from_epoch:
 * @seconds: seconds since the epoch
 *
 * Returns: (transfer full) (nullable): a UTC #GDateTime, to the millisecond,
 *   or %NULL when out of range
 */
GDateTime *
gaws_protocol_timestamp_from_epoch (double seconds)
{
  double whole = floor (seconds);
  gint64 msec = (gint64) llround ((seconds - whole) * 1000.0);
  g_autoptr(GDateTime) base = NULL;

  if (!isfinite (seconds) || fabs (seconds) > 253402300799.0)
    return NULL;
  base = g_date_time_new_from_unix_utc ((gint64) whole);
  if (base == NULL)
    return NULL;
  return g_date_time_add (base, msec * 1000);
}

static char *
format_iso8601 (GDateTime *utc)
{
  int msec = g_date_time_get_microsecond (utc) / 1000;

  /* Smithy's precision is the millisecond; whole seconds stay short, as
   * botocore writes them. */
  if (msec == 0)
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                            g_date_time_get_year (utc), g_date_time_get_month (utc),
                            g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                            g_date_time_get_minute (utc), g_date_time_get_second (utc));
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                          g_date_time_get_year (utc), g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc), msec);
}

static char *
format_rfc822 (GDateTime *utc)
{
  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d GMT",
                          day_names[g_date_time_get_day_of_week (utc) - 1],
                          g_date_time_get_day_of_month (utc),
                          month_names[g_date_time_get_month (utc) - 1],
                          g_date_time_get_year (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc));
}

/**
 * gaws_protocol_format_timestamp:
 * @time: a #GDateTime
 * @format: a #GawsTimestampFormat other than %GAWS_TIMESTAMP_FORMAT_DEFAULT
 *
 * Returns: (transfer full): @time as text in @format, in UTC
 */
char *
gaws_protocol_format_timestamp (GDateTime           *time,
                                GawsTimestampFormat  format)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  switch (format)
    {
    case GAWS_TIMESTAMP_FORMAT_RFC822:
      return format_rfc822 (utc);
    case GAWS_TIMESTAMP_FORMAT_UNIX_TIMESTAMP:
      return gaws_protocol_format_double (gaws_protocol_timestamp_to_epoch (utc));
    case GAWS_TIMESTAMP_FORMAT_ISO8601:
    case GAWS_TIMESTAMP_FORMAT_DEFAULT:
    default:
      return format_iso8601 (utc);
    }
}

static int
month_from_name (const char *name)
{
  for (int i = 0; i < 12; i++)
    if (g_ascii_strncasecmp (name, month_names[i], 3) == 0)
      return i + 1;
  return 0;
}

/* Skips blanks, then reads an unsigned decimal of at most 9 digits: what
 * sscanf's " %d" took, for the dates that come with responses. */
static gboolean
read_rfc822_number (const char **p,
                    int         *value)
{
  const char *q = *p;
  int n = 0;

  while (g_ascii_isspace (*q))
    q++;
  if (*q == '+')
    q++;
  *value = 0;
  for (; g_ascii_isdigit (*q) && n < 9; q++, n++)
    *value = *value * 10 + (*q - '0');
  *p = q;
  return n > 0;
}

/* `Mon, 16 Dec 2019 23:48:18 GMT`, the weekday optional, whatever follows
 * the seconds ignored. Read by hand, without sscanf: S3 sends one in
 * Last-Modified with every object. */
static GDateTime *
parse_rfc822 (const char *text)
{
  const char *p = strchr (text, ',');
  const char *seconds_start;
  int day, month, year, hour, minute, whole;
  double second;

  p = p != NULL ? p + 1 : text;
  if (!read_rfc822_number (&p, &day))
    return NULL;
  while (g_ascii_isspace (*p))
    p++;
  if (!g_ascii_isalpha (p[0]) || !g_ascii_isalpha (p[1]) || !g_ascii_isalpha (p[2]) ||
      g_ascii_isgraph (p[3]) || (month = month_from_name (p)) == 0)
    return NULL;
  p += 3;
  if (!read_rfc822_number (&p, &year) || !read_rfc822_number (&p, &hour) || *p++ != ':' ||
      !read_rfc822_number (&p, &minute) || *p++ != ':')
    return NULL;
  seconds_start = p;
  if (!read_rfc822_number (&p, &whole))
    return NULL;
  second = whole;
  /* A fraction, rare: read as sscanf's %lf read it. */
  if (*p == '.')
    second = g_ascii_strtod (seconds_start, NULL);
  return g_date_time_new_utc (year, month, day, hour, minute, second);
}

/**
 * gaws_protocol_parse_timestamp:
 * @text: a timestamp as services send it
 * @error: return location for a #GError
 *
 * Services do not always use the format their model names, so, like
 * botocore, this reads any of them: ISO 8601 (with or without offset and
 * fraction), RFC 822 and seconds since the epoch.
 *
 * Returns: (transfer full) (nullable): the time, or %NULL with @error set
 */
GDateTime *
gaws_protocol_parse_timestamp (const char  *text,
                               GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  GDateTime *time = NULL;
  double seconds;

  if (gaws_protocol_parse_double (text, &seconds))
    time = gaws_protocol_timestamp_from_epoch (seconds);
  else if ((time = g_date_time_new_from_iso8601 (text, utc)) == NULL)
    time = parse_rfc822 (text);
  if (time == NULL)
    {
      /* The text may come from a header: bytes, not UTF-8. */
      g_autofree char *shown = g_utf8_make_valid (text, -1);

      g_set_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL, "Invalid timestamp “%s”", shown);
    }
  return time;
}

/**
 * gaws_protocol_format_double:
 * @value: a number
 *
 * Returns: (transfer full): the shortest text that reads back as @value,
 *   `NaN`, `Infinity` or `-Infinity`
 */
char *
gaws_protocol_format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("NaN");
  if (isinf (value))
    return g_strdup (value > 0 ? "Infinity" : "-Infinity");
  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  return g_strdup (buffer);
}

/**
 * gaws_protocol_parse_double:
 * @text: a number as text, or `NaN`, `Infinity`, `-Infinity`
 * @value: (out): where to store the number
 *
 * Returns: whether all of @text is a number
 */
gboolean
gaws_protocol_parse_double (const char *text,
                            double     *value)
{
  char *end = NULL;

  if (g_strcmp0 (text, "NaN") == 0)
    *value = NAN;
  else if (g_strcmp0 (text, "Infinity") == 0)
    *value = INFINITY;
  else if (g_strcmp0 (text, "-Infinity") == 0)
    *value = -INFINITY;
  else
    {
      if (text == NULL || *text == '\0' || g_ascii_isspace (*text))
        return FALSE;
      *value = g_ascii_strtod (text, &end);
      return end != NULL && *end == '\0' && isfinite (*value);
    }
  return TRUE;
}

/**
 * gaws_protocol_new_uuid:
 *
 * Returns: (transfer full): a random UUID, for idempotency tokens
 */
char *
gaws_protocol_new_uuid (void)
{
  return g_uuid_string_random ();
}

/**
 * gaws_protocol_new_invocation_id:
 *
 * A new `amz-sdk-invocation-id`: unique per operation in the process and
 * across processes, in the UUID version 4 format. It is made of 64 random
 * bits chosen once per process and a counter, not of 122 fresh random bits
 * per call as g_uuid_string_random() does (a seeded generator, a lock
 * and a printf for every request): the header only ties the attempts of
 * one operation together, and needs no secrecy.
 *
 * Returns: (transfer full): the identifier
 */
char *
gaws_protocol_new_invocation_id (void)
{
  char *out = g_malloc (GAWS_INVOCATION_ID_SIZE);

  gaws_protocol_write_invocation_id (out);
  return out;
}

/**
 * gaws_protocol_write_invocation_id:
 * @out: (out caller-allocates) (array fixed-size=37): where to write the
 *   identifier and its terminating nul
 *
 * Like gaws_protocol_new_invocation_id(), into a buffer of the caller's, so
 * that a request needs no allocation for it.
 */
void
gaws_protocol_write_invocation_id (char *out)
{
  static const char hex[] = "0123456789abcdef";
  static gsize prefix;     /* 64 random bits where gsize has them */
  static gsize counter;
  guint8 bytes[16];
  char *p = out;
  guint64 count;

  if (g_once_init_enter (&prefix))
    {
      gsize random = (gsize) (((guint64) g_random_int () << 32) | g_random_int ());
      g_once_init_leave (&prefix, random ? random : 1);
    }
  count = (guint64) g_atomic_pointer_add (&counter, 1);
  for (guint i = 0; i < 8; i++)
    {
      bytes[i] = (guint8) ((guint64) prefix >> (56 - 8 * i));
      bytes[8 + i] = (guint8) (count >> (56 - 8 * i));
    }
  /* version 4, variant 10xx: 2 of the counter's top bits are given up */
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *p++ = '-';
      *p++ = hex[bytes[i] >> 4];
      *p++ = hex[bytes[i] & 0xf];
    }
  *p = '\0';
}

static gboolean
is_host_label (const char *text)
{
  gsize length = strlen (text);

  if (length == 0 || length > 63 || !g_ascii_isalnum (text[0]) || !g_ascii_isalnum (text[length - 1]))
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/**
 * gaws_protocol_expand_host_prefix:
 * @op: a #GawsOperationInfo
 * @input: (nullable): its input
 * @error: return location for a #GError
 *
 * Fills the `{Label}`s of the operation's host prefix with the input's host
 * label members, which must be valid DNS labels.
 *
 * Returns: (transfer full) (nullable): the prefix to put before the
 *   endpoint's host (such as `foo.`), %NULL when the operation has none or
 *   on error
 */
char *
gaws_protocol_expand_host_prefix (const GawsOperationInfo  *op,
                                  GawsShape                *input,
                                  GError                  **error)
{
  g_autoptr(GString) prefix = NULL;
  const char *p;

  if (op->host_prefix == NULL)
    return NULL;
  prefix = g_string_new (NULL);
  for (p = op->host_prefix; *p != '\0'; p++)
    {
      const char *close = *p == '{' ? strchr (p, '}') : NULL;
      g_autofree char *label = NULL;
      gint index;
      const char *value;

      if (close == NULL)
        {
          g_string_append_c (prefix, *p);
          continue;
        }
      label = g_strndup (p + 1, close - p - 1);
      index = input ? gaws_shape_info_find_member (gaws_shape_get_info (input), label) : -1;
      value = index >= 0 ? gaws_shape_get_string (input, (guint) index) : NULL;
      if (value == NULL || !is_host_label (value))
        {
          g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                       "Invalid value for parameter %s: “%s” is not a valid host label",
                       label, value ? value : "");
          return NULL;
        }
      g_string_append (prefix, value);
      p = close;
    }
  return g_string_free (g_steal_pointer (&prefix), FALSE);
}

/**
 * gaws_protocol_take_element:
 * @shape: a structure being built
 * @index: one of its members
 * @element: (transfer full): the member's value as lists hold it (char *,
 *   GVariant, GDateTime, GBytes, GawsShape, GPtrArray, GHashTable)
 *
 * Sets a member from a value in list form, the form the codecs read into.
 */
void
gaws_protocol_take_element (GawsShape *shape,
                            guint      index,
                            gpointer   element)
{
  const GawsMemberInfo *member = &gaws_shape_get_info (shape)->members[index];
  GValue value = G_VALUE_INIT;

  g_value_init (&value, gaws_member_info_get_value_type (member));
  if (G_VALUE_HOLDS_STRING (&value))
    g_value_take_string (&value, element);
  else if (G_VALUE_HOLDS_OBJECT (&value))
    g_value_take_object (&value, element);
  else if (G_VALUE_HOLDS_INT (&value) || G_VALUE_HOLDS_INT64 (&value) ||
           G_VALUE_HOLDS_BOOLEAN (&value) || G_VALUE_HOLDS_DOUBLE (&value))
    {
      GVariant *variant = element;

      if (G_VALUE_HOLDS_INT (&value))
        g_value_set_int (&value, g_variant_get_int32 (variant));
      else if (G_VALUE_HOLDS_INT64 (&value))
        g_value_set_int64 (&value, g_variant_get_int64 (variant));
      else if (G_VALUE_HOLDS_BOOLEAN (&value))
        g_value_set_boolean (&value, g_variant_get_boolean (variant));
      else
        g_value_set_double (&value, g_variant_get_double (variant));
      g_variant_unref (variant);
    }
  else
    g_value_take_boxed (&value, element);
  gaws_shape_take_value (shape, index, &value);
}
