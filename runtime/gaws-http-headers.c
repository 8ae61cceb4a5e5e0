/* gaws-http-headers.c: an ordered, case-insensitive list of HTTP headers
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-http-headers.h"
#include "gaws-error.h"
#include "gaws-http-headers-private.h"
#include "gaws-scratch-private.h"
#include "gaws-word-private.h"

#include <string.h>

/* A plain array rather than a hash table: requests carry a dozen headers at
 * most, order matters on the wire and for signing, and names repeat.
 *
 * Every request and response has a header list, and every list a dozen
 * lines: the first INLINE_HEADERS entries and INLINE_TEXT bytes of text
 * live in the list's own allocation, so that a typical list costs one
 * malloc rather than one per line. A kilobyte of text: a signed S3
 * PutObject's (the Authorization header names ten headers) outgrew 640
 * bytes, and took a block of its own. Text of removed headers is only
 * reclaimed when it grows large (see reserve_text()). */
#define INLINE_HEADERS 12
#define INLINE_TEXT    1024
#define MIN_BLOCK      1024
#define COMPACT_AFTER  4096

typedef GawsHttpHeaderLine Header;

static inline const char *
header_value (const Header *h)
{
  return gaws_http_header_line_get_value (h);
}

typedef struct _TextBlock TextBlock;
struct _TextBlock {
  TextBlock *next;
  char       data[];
};

struct _GawsHttpHeaders {
  grefcount  ref_count;
  guint      len;
  guint      alloc;
  Header    *items;       /* inline_items until there are more */
  char      *text;        /* free space in the newest block of text */
  char      *text_end;
  TextBlock *blocks;      /* text beyond inline_text, newest first */
  gsize      used;        /* bytes of text handed out */
  gsize      dead;        /* ... of which removed headers hold */
  Header     inline_items[INLINE_HEADERS];
  char       inline_text[INLINE_TEXT];
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
free_blocks (TextBlock *block)
{
  while (block != NULL)
    {
      TextBlock *next = block->next;
      g_free (block);
      block = next;
    }
}

/* Back to no headers, keeping the inline storage. */
static void
reset (GawsHttpHeaders *headers)
{
  free_blocks (g_steal_pointer (&headers->blocks));
  headers->len = 0;
  headers->text = headers->inline_text;
  headers->text_end = headers->inline_text + INLINE_TEXT;
  headers->used = 0;
  headers->dead = 0;
}

/* Every request makes two lists, its own and its response's, of about a
 * kilobyte each: each thread keeps the last few freed for the next
 * requests rather than a malloc and a free each time (gaws-scratch.c). A
 * few, because requests in flight free their lists in no particular
 * order. */
static GPrivate spare_headers = GAWS_SPARE_BLOCK_INIT;

static GawsHttpHeaders *
take_spare (void)
{
  return gaws_spare_block_take (&spare_headers);
}

/* Keeps @headers, whose text and items are freed, or frees it. */
static void
give_spare (GawsHttpHeaders *headers)
{
  gaws_spare_block_give (&spare_headers, headers);
}

/**
 * gaws_http_headers_new:
 *
 * Returns: (transfer full): an empty header list
 */
GawsHttpHeaders *
gaws_http_headers_new (void)
{
  GawsHttpHeaders *self = take_spare ();

  /* not g_new0(): the inline storage needs no zeroing */
  if (self == NULL)
    self = g_malloc (sizeof (GawsHttpHeaders));

  g_ref_count_init (&self->ref_count);
  self->alloc = INLINE_HEADERS;
  self->items = self->inline_items;
  self->blocks = NULL;
  reset (self);
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
      free_blocks (headers->blocks);
      if (headers->items != headers->inline_items)
        g_free (headers->items);
      give_spare (headers);
    }
}

static char *
new_block (GawsHttpHeaders *headers, gsize size)
{
  TextBlock *block = g_malloc (sizeof (TextBlock) + size);

  block->next = headers->blocks;
  headers->blocks = block;
  headers->text = block->data;
  headers->text_end = block->data + size;
  return block->data;
}

/* Room for @size bytes of text. When removed headers hold much of it, the
 * live text moves to a new block and the old blocks are returned in
 * @old_blocks, to be freed once the caller has copied its own text, which
 * may come from them (gaws_http_headers_replace (h, "A",
 * gaws_http_headers_get_one (h, "B"))). */
static char *
reserve_text (GawsHttpHeaders *headers, gsize size, TextBlock **old_blocks)
{
  gsize live = headers->used - headers->dead;
  char *text;

  if ((gsize) (headers->text_end - headers->text) >= size)
    {
      text = headers->text;
      headers->text += size;
      headers->used += size;
      return text;
    }
  if (headers->dead < COMPACT_AFTER || headers->dead < live)
    {
      text = new_block (headers, MAX (size, MAX ((gsize) MIN_BLOCK, live)));
      headers->text += size;
      headers->used += size;
      return text;
    }
  *old_blocks = g_steal_pointer (&headers->blocks);
  text = new_block (headers, MAX (live + size, (gsize) MIN_BLOCK));
  for (guint i = 0; i < headers->len; i++)
    {
      Header *h = &headers->items[i];
      gsize n = h->name_len + 1 + h->value_len + 1;

      memcpy (text, h->name, n);
      h->name = text;
      text += n;
    }
  headers->text = text + size;
  headers->used = live + size;
  headers->dead = 0;
  return text;
}

static Header *
add_item (GawsHttpHeaders *headers)
{
  if (headers->len == headers->alloc)
    {
      headers->alloc *= 2;
      if (headers->items == headers->inline_items)
        headers->items = memcpy (g_new (Header, headers->alloc), headers->inline_items,
                                 sizeof (Header) * headers->len);
      else
        headers->items = g_renew (Header, headers->items, headers->alloc);
    }
  return &headers->items[headers->len++];
}

/* Response bindings look up every modelled header (31 for GetObject) in
 * every response, and many names share `x-amz-` and a length: headers are
 * told apart by length and their last four bytes, taken without regard to
 * case (bit 0x20: a few non-letters compare equal too, no match is ever
 * rejected), before their bytes are compared. */
static inline guint32
name_tail (const char *name, gsize name_len)
{
  guint32 tail = 0;

  if (name_len >= 4)
    memcpy (&tail, name + name_len - 4, 4);
  else
    memcpy (&tail, name, name_len);
  return tail | 0x20202020u;
}

static void append_exact (GawsHttpHeaders *headers, const char *name, gsize name_len,
                          const char *value, gsize value_len);

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
  /* Bytes after a NUL are dropped, as g_strndup() would. */
  append_exact (headers, name, strnlen (name, name_len), value, strnlen (value, value_len));
}

/* gaws_http_headers_append_line: (private, for the HTTP engine)
 * @headers: a #GawsHttpHeaders
 * @line: a header line as curl hands it over
 * @name_len: length of the name, at @line
 * @value_at: where the value starts in @line
 * @value_len: length of the value
 *
 * gaws_http_headers_append_len() for a name and value in one line: every
 * header line of every response comes this way, and one scan for a NUL
 * over the line (which has none) costs less than one over each. */
void
gaws_http_headers_append_line (GawsHttpHeaders *headers,
                               const char      *line,
                               gsize            name_len,
                               gsize            value_at,
                               gsize            value_len)
{
  if (G_LIKELY (memchr (line, '\0', value_at + value_len) == NULL))
    append_exact (headers, line, name_len, line + value_at, value_len);
  else
    gaws_http_headers_append_len (headers, line, name_len, line + value_at, value_len);
}

/* @name_len and @value_len are the strings' lengths: no NUL before. */
static void
append_exact (GawsHttpHeaders *headers,
              const char      *name,
              gsize            name_len,
              const char      *value,
              gsize            value_len)
{
  TextBlock *old_blocks = NULL;
  char *text;
  Header *h;

  text = reserve_text (headers, name_len + value_len + 2, &old_blocks);
  memcpy (text, name, name_len);
  text[name_len] = '\0';
  memcpy (text + name_len + 1, value, value_len);
  text[name_len + 1 + value_len] = '\0';
  free_blocks (old_blocks);

  h = add_item (headers);
  h->name = text;
  h->name_len = (guint32) name_len;
  h->tail = name_tail (name, name_len);
  h->value_len = (guint32) value_len;
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
  append_exact (headers, name, strlen (name), value, strlen (value));
}

/* Whether the eight bytes of @a and @b are equal without regard to ASCII
 * case: where they differ, only in bit 0x20, and in a byte that is a
 * letter once lower-cased. */
static inline gboolean
words_equal (guint64 a,
             guint64 b)
{
  guint64 differ = a ^ b, letters;

  if (differ == 0)
    return TRUE;
  if ((differ & ~(GAWS_WORD_ONES * 0x20)) != 0)
    return FALSE;
  letters = gaws_word_bytes_between (a | (GAWS_WORD_ONES * 0x20), 'a', 'z');
  return (differ & ~(letters >> 2)) == 0;
}

/* g_ascii_strncasecmp (a, b, length) == 0 for names of @length bytes,
 * inline: g_ascii_strncasecmp() lowers every byte by a call, some 300
 * instructions for a 20-byte name that is almost always equal as it is.
 * Eight bytes at a time, the last eight overlapping those before. */
static inline gboolean
names_equal (const char *a,
             const char *b,
             gsize       length)
{
  guint64 x, y;

  if (length < 8)
    {
      for (gsize i = 0; i < length; i++)
        {
          guchar c = (guchar) a[i], d = (guchar) b[i];

          if (c == d)
            continue;
          c |= 0x20;
          if (c != (d | 0x20) || c < 'a' || c > 'z')
            return FALSE;
        }
      return TRUE;
    }
  for (gsize i = 0; i + 8 < length; i += 8)
    {
      memcpy (&x, a + i, sizeof x);
      memcpy (&y, b + i, sizeof y);
      if (!words_equal (x, y))
        return FALSE;
    }
  memcpy (&x, a + length - 8, sizeof x);
  memcpy (&y, b + length - 8, sizeof y);
  return words_equal (x, y);
}

static inline gboolean
header_is (const Header *h,
           const char   *name,
           gsize         name_len,
           guint32       tail)
{
  return h->name_len == name_len && h->tail == tail && names_equal (h->name, name, name_len);
}

/**
 * gaws_http_headers_remove:
 * @headers: a #GawsHttpHeaders
 * @name: header name
 *
 * Removes every header called @name.
 */
void
gaws_http_headers_remove (GawsHttpHeaders *headers,
                          const char      *name)
{
  gsize name_len = strlen (name);
  guint32 tail = name_tail (name, name_len);
  guint i = 0, kept;

  /* Most removals find nothing (a first attempt's signing headers): no
   * line moves before the first match. */
  while (i < headers->len && !header_is (&headers->items[i], name, name_len, tail))
    i++;
  for (kept = i; i < headers->len; i++)
    {
      Header *h = &headers->items[i];

      if (header_is (h, name, name_len, tail))
        headers->dead += h->name_len + 1 + h->value_len + 1;
      else
        headers->items[kept++] = *h;
    }
  headers->len = kept;
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
  reset (headers);
}

GawsHttpHeaders *
gaws_http_headers_recycle (GawsHttpHeaders *headers)
{
  if (!g_ref_count_compare (&headers->ref_count, 1))
    {
      gaws_http_headers_unref (headers);
      return gaws_http_headers_new ();
    }
  /* a list grown past its inline items keeps them inline again */
  if (headers->items != headers->inline_items)
    {
      g_free (headers->items);
      headers->items = headers->inline_items;
      headers->alloc = INLINE_HEADERS;
    }
  reset (headers);
  return headers;
}

/**
 * gaws_http_headers_get_one:
 * @headers: a #GawsHttpHeaders
 * @name: header name
 *
 * Returns: (nullable): the value of the first header called @name, valid
 *   until @headers next changes
 */
const char *
gaws_http_headers_get_one (GawsHttpHeaders *headers,
                           const char      *name)
{
  gsize name_len = strlen (name);
  guint32 tail = name_tail (name, name_len);

  for (guint i = 0; i < headers->len; i++)
    {
      Header *h = &headers->items[i];
      if (header_is (h, name, name_len, tail))
        return header_value (h);
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
  return headers->len;
}

/**
 * gaws_http_headers_get_name:
 * @headers: a #GawsHttpHeaders
 * @index: position, below gaws_http_headers_get_length()
 *
 * Returns: the name of the header at @index, as it was given, valid until
 *   @headers next changes
 */
const char *
gaws_http_headers_get_name (GawsHttpHeaders *headers,
                            guint            index)
{
  g_return_val_if_fail (index < headers->len, NULL);
  return headers->items[index].name;
}

/**
 * gaws_http_headers_get_value:
 * @headers: a #GawsHttpHeaders
 * @index: position, below gaws_http_headers_get_length()
 *
 * Returns: the value of the header at @index, valid until @headers next
 *   changes
 */
const char *
gaws_http_headers_get_value (GawsHttpHeaders *headers,
                             guint            index)
{
  g_return_val_if_fail (index < headers->len, NULL);
  return header_value (&headers->items[index]);
}

/* gaws_http_headers_peek_lines: (private, for the SigV4 signer and the REST header map reader)
 * @headers: a #GawsHttpHeaders
 * @n_lines: (out): the number of headers
 *
 * The lines with the lengths the list keeps: the signer reads every line
 * of every request, and would otherwise measure each name and value again
 * after a call for each.
 *
 * Returns: the lines, valid until @headers next changes
 */
const GawsHttpHeaderLine *
gaws_http_headers_peek_lines (GawsHttpHeaders *headers,
                              guint           *n_lines)
{
  *n_lines = headers->len;
  return headers->items;
}

/* A line break or NUL inside a name or value would end the header line
 * early and start another of the sender's choosing; a colon or a blank
 * in a name would change which header it is. */
static gboolean
has_line_break (const char *text, gsize len)
{
  return memchr (text, '\n', len) != NULL || memchr (text, '\r', len) != NULL ||
         memchr (text, '\0', len) != NULL;
}

gboolean
gaws_http_headers_check_sendable (GawsHttpHeaders *headers,
                                  GError         **error)
{
  for (guint i = 0; i < headers->len; i++)
    {
      const GawsHttpHeaderLine *line = &headers->items[i];
      const char *value = gaws_http_header_line_get_value (line);

      if (line->name_len > 0 && !has_line_break (line->name, line->name_len) &&
          memchr (line->name, ':', line->name_len) == NULL && memchr (line->name, ' ', line->name_len) == NULL &&
          !has_line_break (value, line->value_len))
        continue;
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Request header \"%.*s\" has a line break, a NUL, a colon or a blank where it may not",
                   (int) MIN (line->name_len, 64), line->name);
      return FALSE;
    }
  return TRUE;
}
