/* gaws-http-headers.c: an ordered, case-insensitive list of HTTP headers
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-http-headers.h"

#include <string.h>

/* A plain array rather than a hash table: requests carry a dozen headers at
 * most, order matters on the wire and for signing, and names repeat. */
typedef struct {
  char  *name;
  char  *value;      /* in the same block as @name */
  gsize  name_len;   /* most look-ups are rejected on the length alone */
} Header;

struct _GawsHttpHeaders {
  grefcount  ref_count;
  GArray    *items;
};

/**
 * GawsHttpHeaders:
 *
 * An ordered list of HTTP header fields whose names compare without regard
 * to case. Shared by requests and responses.
 */
G_DEFINE_BOXED_TYPE (GawsHttpHeaders, gaws_http_headers,
                     gaws_http_headers_ref, gaws_http_headers_unref)

static void
header_clear (gpointer data)
{
  Header *h = data;
  g_free (h->name);   /* the value lives in the same block */
}

/**
 * gaws_http_headers_new:
 *
 * Returns: (transfer full): an empty header list
 */
GawsHttpHeaders *
gaws_http_headers_new (void)
{
  GawsHttpHeaders *self = g_new0 (GawsHttpHeaders, 1);
  g_ref_count_init (&self->ref_count);
  self->items = g_array_sized_new (FALSE, FALSE, sizeof (Header), 12);
  g_array_set_clear_func (self->items, header_clear);
  return self;
}

/**
 * gaws_http_headers_ref:
 * @headers: a #GawsHttpHeaders
 *
 * Returns: (transfer full): @headers
 */
GawsHttpHeaders *
gaws_http_headers_ref (GawsHttpHeaders *headers)
{
  g_ref_count_inc (&headers->ref_count);
  return headers;
}

/**
 * gaws_http_headers_unref:
 * @headers: (transfer full): a #GawsHttpHeaders
 */
void
gaws_http_headers_unref (GawsHttpHeaders *headers)
{
  if (g_ref_count_dec (&headers->ref_count))
    {
      g_array_unref (headers->items);
      g_free (headers);
    }
}

/**
 * gaws_http_headers_append_len:
 * @headers: a #GawsHttpHeaders
 * @name: (array length=name_len): header name
 * @name_len: length of @name
 * @value: (array length=value_len): header value
 * @value_len: length of @value
 *
 * Appends a header from counted strings, as a response parser sees them.
 */
void
gaws_http_headers_append_len (GawsHttpHeaders *headers,
                              const char      *name,
                              gsize            name_len,
                              const char      *value,
                              gsize            value_len)
{
  /* One block per header, "name\0value\0": every request and response
   * carries a dozen headers, so this halves their allocations. */
  Header h;

  /* Bytes after a NUL are dropped, as g_strndup() would. */
  name_len = strnlen (name, name_len);
  value_len = strnlen (value, value_len);
  h.name = g_malloc (name_len + value_len + 2);
  h.name_len = name_len;

  memcpy (h.name, name, name_len);
  h.name[name_len] = '\0';
  h.value = h.name + name_len + 1;
  memcpy (h.value, value, value_len);
  h.value[value_len] = '\0';
  g_array_append_val (headers->items, h);
}

/**
 * gaws_http_headers_append:
 * @headers: a #GawsHttpHeaders
 * @name: header name
 * @value: header value
 *
 * Appends a header, keeping any others of the same name.
 */
void
gaws_http_headers_append (GawsHttpHeaders *headers,
                          const char      *name,
                          const char      *value)
{
  gaws_http_headers_append_len (headers, name, strlen (name), value, strlen (value));
}

/**
 * gaws_http_headers_remove:
 * @headers: a #GawsHttpHeaders
 * @name: header name
 *
 * Removes every header called @name.
 */
static inline gboolean
header_is (const Header *h,
           const char   *name,
           gsize         name_len)
{
  return h->name_len == name_len && g_ascii_strncasecmp (h->name, name, name_len) == 0;
}

void
gaws_http_headers_remove (GawsHttpHeaders *headers,
                          const char      *name)
{
  gsize name_len = strlen (name);

  for (guint i = headers->items->len; i > 0; i--)
    {
      Header *h = &g_array_index (headers->items, Header, i - 1);
      if (header_is (h, name, name_len))
        g_array_remove_index (headers->items, i - 1);
    }
}

/**
 * gaws_http_headers_replace:
 * @headers: a #GawsHttpHeaders
 * @name: header name
 * @value: header value
 *
 * Sets @name to @value alone, removing other headers of that name.
 */
void
gaws_http_headers_replace (GawsHttpHeaders *headers,
                           const char      *name,
                           const char      *value)
{
  gaws_http_headers_remove (headers, name);
  gaws_http_headers_append (headers, name, value);
}

/**
 * gaws_http_headers_clear:
 * @headers: a #GawsHttpHeaders
 */
void
gaws_http_headers_clear (GawsHttpHeaders *headers)
{
  g_array_set_size (headers->items, 0);
}

/**
 * gaws_http_headers_get_one:
 * @headers: a #GawsHttpHeaders
 * @name: header name
 *
 * Returns: (nullable): the value of the first header called @name
 */
const char *
gaws_http_headers_get_one (GawsHttpHeaders *headers,
                           const char      *name)
{
  gsize name_len = strlen (name);

  /* Response bindings look up every modelled header (31 for GetObject)
   * in every response: compare lengths before bytes. */
  for (guint i = 0; i < headers->items->len; i++)
    {
      Header *h = &g_array_index (headers->items, Header, i);
      if (header_is (h, name, name_len))
        return h->value;
    }
  return NULL;
}

/**
 * gaws_http_headers_get_length:
 * @headers: a #GawsHttpHeaders
 *
 * Returns: the number of headers
 */
guint
gaws_http_headers_get_length (GawsHttpHeaders *headers)
{
  return headers->items->len;
}

/**
 * gaws_http_headers_get_name:
 * @headers: a #GawsHttpHeaders
 * @index: position, below gaws_http_headers_get_length()
 *
 * Returns: the name of the header at @index, as it was given
 */
const char *
gaws_http_headers_get_name (GawsHttpHeaders *headers,
                            guint            index)
{
  g_return_val_if_fail (index < headers->items->len, NULL);
  return g_array_index (headers->items, Header, index).name;
}

/**
 * gaws_http_headers_get_value:
 * @headers: a #GawsHttpHeaders
 * @index: position, below gaws_http_headers_get_length()
 *
 * Returns: the value of the header at @index
 */
const char *
gaws_http_headers_get_value (GawsHttpHeaders *headers,
                             guint            index)
{
  g_return_val_if_fail (index < headers->items->len, NULL);
  return g_array_index (headers->items, Header, index).value;
}
