/* gaws-protocol-xml.c: XML bodies for the query, ec2 and rest-xml protocols
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-protocol-xml.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "gaws-error.h"
#include "gaws-protocol-rest.h"
#include "gaws-protocol-util.h"
#include "gaws-scratch-private.h"
#include "gaws-shape-json.h"
#include "gaws-word-private.h"

/* GMarkup, not libxml2: AWS responses are plain UTF-8 XML with the five
 * predefined entities, which is what GMarkup reads, and GLib is already
 * there. The parser builds a small tree, since the shapes, not the
 * document order, decide what is read. */

#define MAX_DEPTH 256

/* A document's blocks. The root node heads the first block, so the root
 * is the document: gaws_xml_node_free() on it frees every block. A parse
 * then costs a few allocations instead of several per element. The first
 * block is a string each thread keeps (gaws-scratch.c) between documents:
 * a page of a listing needs some kilobytes, which glibc takes from its
 * large bins (consolidating the fast bins first) and gives back for every
 * response otherwise. */

typedef struct _Block Block;

struct _Block {
  Block   *next;
  gpointer padding;  /* keeps what follows 16-byte aligned */
};

typedef struct {
  GawsXmlNode  root;  /* first: a root's address is its document's */
  Block       *blocks;
  char        *pos;
  char        *end;
  gsize        next_size;
  GString     *first;  /* what the document is in */
} Document;

#define DOCUMENT_HEADER_SIZE ((sizeof (Document) + 15) & ~(gsize) 15)
#define MIN_BLOCK_SIZE       1024
#define MAX_BLOCK_SIZE       (1024 * 1024)

static const char *const no_attributes[] = { NULL };

static GPrivate spare_document = GAWS_SCRATCH_INIT;

static Document *
document_new (gsize length)
{
  /* AWS documents make about three times their length in nodes and text:
   * most fit in the first block. */
  gsize size = length > MAX_BLOCK_SIZE / 3 ? MAX_BLOCK_SIZE : MAX (length * 3, MIN_BLOCK_SIZE);
  GString *first = gaws_scratch_take (&spare_document, DOCUMENT_HEADER_SIZE + size);
  Document *doc;

  g_string_set_size (first, DOCUMENT_HEADER_SIZE + size);
  doc = (Document *) first->str;
  doc->first = first;
  memset (&doc->root, 0, sizeof doc->root);
  doc->blocks = NULL;
  doc->pos = (char *) doc + DOCUMENT_HEADER_SIZE;
  doc->end = doc->pos + size;
  doc->next_size = MIN (size * 2, MAX_BLOCK_SIZE);
  return doc;
}

static void
document_free (Document *doc)
{
  while (doc->blocks != NULL)
    {
      Block *next = doc->blocks->next;

      g_free (doc->blocks);
      doc->blocks = next;
    }
  gaws_scratch_give (&spare_document, doc->first);
}

static char *
document_grow (Document *doc,
               gsize     size)
{
  gsize block_size = MAX (doc->next_size, size);
  Block *block = g_malloc (sizeof (Block) + block_size);

  block->next = doc->blocks;
  doc->blocks = block;
  doc->pos = (char *) (block + 1);
  doc->end = doc->pos + block_size;
  doc->next_size = MIN (doc->next_size * 2, MAX_BLOCK_SIZE);
  return doc->pos;
}

/* @align: a power of two, at most 16 */
static inline gpointer
document_alloc (Document *doc,
                gsize     size,
                gsize     align)
{
  gsize padding = (gsize) (-(guintptr) doc->pos) & (align - 1);
  char *p = doc->pos + padding;

  if (size + padding > (gsize) (doc->end - doc->pos))
    p = document_grow (doc, size);
  doc->pos = p + size;
  return p;
}

static const char *
document_strdup (Document   *doc,
                 const char *text)
{
  gsize size = strlen (text) + 1;

  return memcpy (document_alloc (doc, size, 1), text, size);
}

static const char *
document_strndup (Document   *doc,
                  const char *text,
                  gsize       length)
{
  char *copy = document_alloc (doc, length + 1, 1);

  memcpy (copy, text, length);
  copy[length] = '\0';
  return copy;
}

/**
 * gaws_xml_node_free:
 * @node: (nullable): the root of a document, as gaws_xml_parse() returned it
 *
 * Frees the document @node is the root of: all its nodes at once.
 */
void
gaws_xml_node_free (GawsXmlNode *node)
{
  if (node != NULL)
    document_free ((Document *) node);
}

/* An open element. Text is only ever added to the innermost one, so its
 * capacity and where its children start among the pending ones live here,
 * not in the node. */
typedef struct {
  GawsXmlNode *node;
  gsize        text_capacity;
  guint        first_child;
} Frame;

typedef struct {
  Document  *doc;
  gboolean   has_root;
  guint      depth;
  Frame      stack[MAX_DEPTH];
  /* the children of the open elements, in order */
  GawsXmlNode **pending;
  guint         n_pending;
  guint         pending_capacity;
  GawsXmlNode  *few_pending[64];
} ParseState;

static void
grow_pending (ParseState *state)
{
  GawsXmlNode **pending = g_new (GawsXmlNode *, state->pending_capacity * 2);

  memcpy (pending, state->pending, state->n_pending * sizeof (GawsXmlNode *));
  if (state->pending != state->few_pending)
    g_free (state->pending);
  state->pending = pending;
  state->pending_capacity *= 2;
}

static const char **
copy_attributes (Document    *doc,
                 const char **strings,
                 guint        n)
{
  const char **copy = document_alloc (doc, (n + 1) * sizeof (char *), sizeof (char *));

  for (guint i = 0; i < n; i++)
    copy[i] = document_strdup (doc, strings[i]);
  copy[n] = NULL;
  return copy;
}

/* XML forbids an attribute twice on one element, and GMarkup lets it
 * through: @names, without repeats, or the one repeated. */
static const char *
find_repeated (const char **names,
               guint        n)
{
  g_autoptr(GHashTable) seen = NULL;

  if (n <= 8)
    {
      for (guint i = 1; i < n; i++)
        for (guint j = 0; j < i; j++)
          if (strcmp (names[i], names[j]) == 0)
            return names[i];
      return NULL;
    }
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    if (!g_hash_table_add (seen, (gpointer) names[i]))
      return names[i];
  return NULL;
}

/* @node, named @name (@name_length bytes, without prefix, kept in the
 * document), becomes a new child of the innermost open element, pending
 * until that one ends; no attributes. */
static inline GawsXmlNode *
add_child (ParseState  *state,
           GawsXmlNode *node,
           const char  *name,
           gsize        name_length)
{
  node->name = name;
  node->name_length = (guint) name_length;
  node->attribute_names = (const char **) no_attributes;
  node->attribute_values = (const char **) no_attributes;
  if (state->n_pending == state->pending_capacity)
    grow_pending (state);
  state->pending[state->n_pending++] = node;
  return node;
}

/* @node, named, with @text (@text_length bytes) and no children: an
 * element the fast path reads whole, added as add_child() adds one. */
static inline void
add_leaf (ParseState  *state,
          GawsXmlNode *node,
          const char  *name,
          gsize        name_length,
          const char  *text,
          gsize        text_length)
{
  add_child (state, node, name, name_length);
  node->text = text;
  node->text_length = text_length;
  node->children = NULL;
  node->n_children = 0;
}

/* A new child, its name (@name_length bytes of @name, without prefix)
 * copied along in one piece. */
static inline GawsXmlNode *
new_child (ParseState *state,
           const char *name,
           gsize       name_length)
{
  GawsXmlNode *node = document_alloc (state->doc, sizeof (GawsXmlNode) + name_length + 1, G_ALIGNOF (GawsXmlNode));
  char *copy = (char *) (node + 1);

  memcpy (copy, name, name_length);
  copy[name_length] = '\0';
  return add_child (state, node, copy, name_length);
}

/* @node, named, becomes the innermost open element. */
static inline void
open_node (ParseState  *state,
           GawsXmlNode *node)
{
  Frame *frame = &state->stack[state->depth++];

  node->text = "";
  node->text_length = 0;
  node->children = NULL;
  node->n_children = 0;
  frame->node = node;
  frame->text_capacity = 0;
  frame->first_child = state->n_pending;
}

/* An element begins: @name_length bytes of @name are its name, @colon
 * the first ':' in it or %NULL. */
static void
start_element (ParseState   *state,
               const char   *name,
               gsize         name_length,
               const char   *colon,
               const char  **attribute_names,
               const char  **attribute_values,
               GError      **error)
{
  Document *doc = state->doc;
  const char *repeated;
  GawsXmlNode *node;
  guint n_attributes = 0;

  if (state->depth == 0 && state->has_root)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "More than one root element");
      return;
    }
  if (state->depth >= MAX_DEPTH)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "Elements nested too deep");
      return;
    }
  while (attribute_names[n_attributes] != NULL)
    n_attributes++;
  if (n_attributes > 1 && (repeated = find_repeated (attribute_names, n_attributes)) != NULL)
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "Attribute “%s” given twice", repeated);
      return;
    }
  if (colon != NULL)
    {
      name_length -= (gsize) (colon + 1 - name);
      name = colon + 1;
    }
  if (state->depth == 0)
    {
      node = &doc->root;
      state->has_root = TRUE;
      node->name = document_strndup (doc, name, name_length);
      node->attribute_names = (const char **) no_attributes;
      node->attribute_values = (const char **) no_attributes;
    }
  else
    node = new_child (state, name, name_length);
  node->name_length = (guint) name_length;
  if (n_attributes > 0)
    {
      node->attribute_names = copy_attributes (doc, attribute_names, n_attributes);
      node->attribute_values = copy_attributes (doc, attribute_values, n_attributes);
    }
  open_node (state, node);
}

static void
on_start (GMarkupParseContext  *context,
          const char           *element_name,
          const char          **attribute_names,
          const char          **attribute_values,
          gpointer              user_data,
          GError              **error)
{
  gsize length = strlen (element_name);

  start_element (user_data, element_name, length, memchr (element_name, ':', length), attribute_names,
                 attribute_values, error);
}

static void
on_end (GMarkupParseContext  *context,
        const char           *element_name,
        gpointer              user_data,
        GError              **error)
{
  ParseState *state = user_data;
  Frame *frame = &state->stack[--state->depth];
  guint n = state->n_pending - frame->first_child;

  if (n == 0)
    return;
  frame->node->children = document_alloc (state->doc, n * sizeof (GawsXmlNode *), sizeof (GawsXmlNode *));
  memcpy (frame->node->children, state->pending + frame->first_child, n * sizeof (GawsXmlNode *));
  frame->node->n_children = n;
  state->n_pending = frame->first_child;
}

static void
on_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  ParseState *state = user_data;
  Document *doc = state->doc;
  Frame *frame;
  GawsXmlNode *node;
  gsize needed;
  char *buffer;

  if (state->depth == 0 || text_len == 0)
    return;
  frame = &state->stack[state->depth - 1];
  node = frame->node;
  needed = node->text_length + text_len + 1;
  buffer = (char *) node->text;
  if (needed > frame->text_capacity)
    {
      /* The text was the last thing allocated and the block has room: it
       * grows where it is. Otherwise (text between children) it moves,
       * doubling, so many pieces cost linear time. */
      if (frame->text_capacity > 0 && buffer + frame->text_capacity == doc->pos &&
          needed - frame->text_capacity <= (gsize) (doc->end - doc->pos))
        {
          doc->pos += needed - frame->text_capacity;
          frame->text_capacity = needed;
        }
      else
        {
          frame->text_capacity = MAX (needed, frame->text_capacity * 2);
          buffer = document_alloc (doc, frame->text_capacity, 1);
          /* most elements' text comes in one piece: nothing to move */
          if (node->text_length > 0)
            memcpy (buffer, node->text, node->text_length);
          node->text = buffer;
        }
    }
  memcpy (buffer + node->text_length, text, text_len);
  node->text_length += text_len;
  buffer[node->text_length] = '\0';
}

static const GMarkupParser parser = { on_start, on_end, on_text, NULL, NULL };

/* ---- the fast path ------------------------------------------------------ */

/* GMarkup reads a character at a time through a state machine and copies
 * every name and attribute into GStrings: about 60 instructions a byte,
 * most of the cost of reading a listing page. The fast path reads the
 * XML AWS sends (ASCII names, the five predefined entities, quoted
 * attributes, the XML declaration) a run at a time, into the same tree
 * through the same callbacks. Anything else it stops at (comments, CDATA,
 * character references, CR, a DOCTYPE, odd spacing, any error) and the
 * document is read again by GMarkup from the start: what the fast path
 * accepts, it reads as GMarkup does, and every error is GMarkup's own. */

#define FAST_MAX_ATTRIBUTES 16
#define FAST_SCRATCH_SIZE   1024

/* The names the children of the elements at one depth had, in the order
 * first seen (see fast_known_name()). */
#define KNOWN_DEPTH 8
#define KNOWN_NAMES 16

/* A name and the '>' after it as one or two words, which a tag that
 * follows is compared with in one or two loads instead of a byte or a
 * word at a time and a look at what follows (tag_words_match()). */
typedef struct {
  guint64 head;   /* the first eight bytes (those past the name and '>' zero) */
  guint64 mask;   /* which bytes of @head count */
  guint64 tail;   /* the last eight, when more than eight */
  guint   size;   /* the name's length and one, or 0 when over 16 */
} TagWords;

typedef struct {
  const char *raw;     /* as written (no prefix) in the document read */
  const char *name;    /* the copy in the tree */
  guint       length;
  TagWords    words;
} KnownName;

typedef struct {
  guint     n;
  guint     last;      /* the one found last, below @n */
  guint     order[2];  /* the ones to try: that one and the one after it */
  KnownName names[KNOWN_NAMES];
} KnownNames;

typedef struct {
  ParseState  *state;
  const char  *p;
  const char  *end;
  const char  *open_names[MAX_DEPTH];   /* as written, prefix and all */
  gsize        open_lengths[MAX_DEPTH];
  const TagWords *open_words[MAX_DEPTH]; /* (nullable): a known name's */
  gsize        scratch_len;
  char         scratch[FAST_SCRATCH_SIZE]; /* a tag's attributes, NUL-terminated */
  KnownNames   known[KNOWN_DEPTH];  /* for the children at depths 1 and on */
} FastScan;

static inline gboolean
fast_is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n';
}

static void
fast_skip_spaces (FastScan *scan)
{
  const char *p = scan->p, *end = scan->end;

  while (p < end && fast_is_space (*p))
    p++;
  scan->p = p;
}

/* What an ASCII byte may be in a name: one table look-up a byte instead
 * of a chain of comparisons. */
enum {
  NAME_START = 1 << 0,
  NAME_CHAR  = 1 << 1,
  NAME_COLON = 1 << 2,
};

static const guint8 name_classes[256] = {
  ['A' ... 'Z'] = NAME_START | NAME_CHAR,
  ['a' ... 'z'] = NAME_START | NAME_CHAR,
  ['_'] = NAME_START | NAME_CHAR,
  [':'] = NAME_START | NAME_CHAR | NAME_COLON,
  ['0' ... '9'] = NAME_CHAR,
  ['.'] = NAME_CHAR,
  ['-'] = NAME_CHAR,
};

static inline gboolean
fast_is_name_start (char c)
{
  return name_classes[(guchar) c] & NAME_START;
}

/* An ASCII name: its length, or 0 when GMarkup would have to judge (a
 * character beyond ASCII may still belong to it). @colon: (out) (optional):
 * its first ':', or %NULL. */
static gsize
fast_name (FastScan    *scan,
           const char **colon)
{
  /* locals: a char read through @scan could alias scan->p, reloaded then
   * at every character */
  const char *start = scan->p, *p = start, *end = scan->end;
  guint classes;

  if (p == end || !((classes = name_classes[(guchar) *p]) & NAME_START))
    return 0;
  while (++p < end && (name_classes[(guchar) *p] & NAME_CHAR))
    classes |= name_classes[(guchar) *p];
  scan->p = p;
  if (p < end && (guchar) *p >= 0x80)
    return 0;
  if (colon != NULL)
    *colon = (classes & NAME_COLON) ? memchr (start, ':', (gsize) (p - start)) : NULL;
  return (gsize) (p - start);
}

/* memcmp (@a, @b, @n) == 0 without the call, for names: a word at a
 * time, the last word overlapping the one before, never past @n bytes. */
static inline gboolean
fast_same_bytes (const char *a,
                 const char *b,
                 gsize       n)
{
  guint64 x, y;
  guint32 u, v;

  if (n >= 8)
    {
      for (; n > 8; n -= 8, a += 8, b += 8)
        {
          memcpy (&x, a, 8);
          memcpy (&y, b, 8);
          if (x != y)
            return FALSE;
        }
      memcpy (&x, a + n - 8, 8);
      memcpy (&y, b + n - 8, 8);
      return x == y;
    }
  if (n >= 4)
    {
      memcpy (&u, a, 4);
      memcpy (&v, b, 4);
      if (u != v)
        return FALSE;
      memcpy (&u, a + n - 4, 4);
      memcpy (&v, b + n - 4, 4);
      return u == v;
    }
  for (; n > 0; n--, a++, b++)
    if (*a != *b)
      return FALSE;
  return TRUE;
}

/* The text up to the next '<', its five predefined entities read; a piece
 * at a time into on_text(), which joins them. Outside the root only
 * spaces may come. */
/* The predefined entity @amp (its '&') begins, of @length bytes at most:
 * its character, with its length in @entity_length, or 0 for anything
 * else. By its second byte, not by trying the five in turn. */
static char
fast_entity (const char *amp,
             gsize       length,
             gsize      *entity_length)
{
  static const struct { const char *entity; gsize len; char c; } entities[] = {
    { "&lt;", 4, '<' }, { "&gt;", 4, '>' }, { "&amp;", 5, '&' }, { "&quot;", 6, '"' }, { "&apos;", 6, '\'' },
  };
  guint i;

  if (length < 4)
    return 0;
  switch (amp[1])
    {
    case 'l': i = 0; break;
    case 'g': i = 1; break;
    case 'a': i = amp[2] == 'm' ? 2 : 4; break;
    case 'q': i = 3; break;
    default: return 0;
    }
  if (length < entities[i].len || !fast_same_bytes (amp, entities[i].entity, entities[i].len))
    return 0;
  *entity_length = entities[i].len;
  return entities[i].c;
}

/* The first '<' or '&' from @p on, or @end: one pass over an element's
 * text, sixteen bytes at a time with SSE2, instead of a memchr() for each. */
static inline const char *
fast_find_markup (const char *p,
                  const char *end)
{
#ifdef __SSE2__
  const __m128i lt = _mm_set1_epi8 ('<'), amp = _mm_set1_epi8 ('&');

  while (end - p >= 16)
    {
      __m128i chunk = _mm_loadu_si128 ((const __m128i *) p);
      int found = _mm_movemask_epi8 (_mm_or_si128 (_mm_cmpeq_epi8 (chunk, lt), _mm_cmpeq_epi8 (chunk, amp)));

      if (found != 0)
        return p + __builtin_ctz ((unsigned int) found);
      p += 16;
    }
#endif
  while (p < end && *p != '<' && *p != '&')
    p++;
  return p;
}

/* @length bytes of @text, of which @readable may be read, into @buffer,
 * just allocated from @doc with room for them and a NUL, which ends them. */
static inline void
fast_copy_text (Document   *doc,
                char       *buffer,
                const char *text,
                gsize       length,
                gsize       readable)
{
  if (length < 16 && readable >= 16 && doc->end - buffer >= 16)
    {
      /* most texts of a listing (sizes, keys, dates): sixteen bytes in two
       * words, not a call; what goes past the text is overwritten by what
       * is allocated next, and read no further than the document */
      guint64 words[2];

      memcpy (words, text, 16);
      memcpy (buffer, words, 16);
    }
  else
    memcpy (buffer, text, length);
  buffer[length] = '\0';
}

/* on_text() for a run of the innermost element's text: the first piece
 * of an element's text (most elements have one) is put in place here.
 * @readable: how many bytes may be read from @text on, @length or more. */
static inline void
fast_add_text (ParseState *state,
               const char *text,
               gsize       length,
               gsize       readable)
{
  Frame *frame = &state->stack[state->depth - 1];
  GawsXmlNode *node = frame->node;
  Document *doc = state->doc;
  char *buffer;

  if (frame->text_capacity != 0)
    {
      on_text (NULL, text, length, state, NULL);
      return;
    }
  buffer = document_alloc (doc, length + 1, 1);
  fast_copy_text (doc, buffer, text, length, readable);
  node->text = buffer;
  node->text_length = length;
  frame->text_capacity = length + 1;
}

/* The text from @p to @end (which holds no '<') decoded into @out, at
 * least as long, and NUL-terminated: runs copied whole, each of the five
 * entities as its character. Where the decoded text ends, or NULL at a
 * character reference or an error, which the fast path leaves to GMarkup. */
static char *
fast_decode_text (char       *out,
                  const char *p,
                  const char *end)
{
  while (p < end)
    {
      const char *stop = fast_find_markup (p, end);
      gsize entity_length = 0;
      char c;

      memcpy (out, p, (gsize) (stop - p));
      out += stop - p;
      p = stop;
      if (p == end)
        break;
      c = fast_entity (p, (gsize) (end - p), &entity_length);
      if (c == 0)
        return NULL;
      *out++ = c;
      p += entity_length;
    }
  *out = '\0';
  return out;
}

/* An element's first text when it holds an entity (S3 quotes every ETag
 * with two): decoded whole into one buffer of the document, the raw
 * length's, in place of a piece for each run and each entity, which
 * on_text() would join. @amp: its first '&'. FALSE for what the fast path
 * leaves to GMarkup. */
static gboolean
fast_text_with_entities (FastScan   *scan,
                         const char *amp)
{
  ParseState *state = scan->state;
  Frame *frame = &state->stack[state->depth - 1];
  const char *p = scan->p;
  const char *lt = memchr (amp, '<', (gsize) (scan->end - amp));
  const char *end = lt != NULL ? lt : scan->end;
  char *buffer = document_alloc (state->doc, (gsize) (end - p) + 1, 1);
  char *out;

  out = fast_decode_text (buffer, p, end);
  if (out == NULL)
    return FALSE;
  frame->node->text = buffer;
  frame->node->text_length = (gsize) (out - buffer);
  frame->text_capacity = (gsize) (end - scan->p) + 1;
  scan->p = end;
  return TRUE;
}

static gboolean
fast_text (FastScan *scan)
{
  if (scan->state->depth == 0)
    {
      const char *lt = memchr (scan->p, '<', (gsize) (scan->end - scan->p));
      const char *stop = lt != NULL ? lt : scan->end;

      fast_skip_spaces (scan);
      return scan->p == stop;
    }
  while (scan->p < scan->end)
    {
      const char *stop = fast_find_markup (scan->p, scan->end);
      gsize entity_length = 0;
      char c;

      if (stop < scan->end && *stop == '&' && scan->state->stack[scan->state->depth - 1].text_capacity == 0)
        return fast_text_with_entities (scan, stop);
      if (stop > scan->p)
        fast_add_text (scan->state, scan->p, (gsize) (stop - scan->p), (gsize) (scan->end - scan->p));
      scan->p = stop;
      if (stop == scan->end || *stop == '<')
        break;
      /* the five entities hold no '<': read up to the end, as up to it */
      c = fast_entity (stop, (gsize) (scan->end - stop), &entity_length);
      if (c == 0)
        return FALSE;   /* a character reference, or an error */
      fast_add_text (scan->state, &c, 1, 1);
      scan->p += entity_length;
    }
  return TRUE;
}

/* Keeps @length bytes of @text NUL-terminated in the scratch buffer;
 * FALSE when it is full (GMarkup then reads the document). */
static gboolean
fast_keep (FastScan *scan, const char **kept, const char *text, gsize length)
{
  if (length >= FAST_SCRATCH_SIZE - scan->scratch_len)
    return FALSE;
  *kept = memcpy (scan->scratch + scan->scratch_len, text, length);
  scan->scratch[scan->scratch_len + length] = '\0';
  scan->scratch_len += length + 1;
  return TRUE;
}

/* An attribute, the space before it behind: a name, '=' and a value in
 * quotes, with nothing around '=' and none of the characters GMarkup
 * would turn (entities, tabs and newlines) or refuse in the value. */
static gboolean
fast_attribute (FastScan *scan, const char **name, const char **value)
{
  const char *name_start = scan->p, *close;
  gsize name_length = fast_name (scan, NULL);
  char quote;

  if (name_length == 0 || scan->end - scan->p < 2 || *scan->p++ != '=' || (*scan->p != '"' && *scan->p != '\''))
    return FALSE;
  quote = *scan->p++;
  close = memchr (scan->p, quote, (gsize) (scan->end - scan->p));
  if (close == NULL)
    return FALSE;
  for (const char *c = scan->p; c < close; c++)
    if (*c == '&' || *c == '<' || *c == '>' || *c == '\t' || *c == '\n')
      return FALSE;
  if (!fast_keep (scan, name, name_start, name_length) || !fast_keep (scan, value, scan->p, (gsize) (close - scan->p)))
    return FALSE;
  scan->p = close + 1;
  return TRUE;
}

/* on_end() for the innermost open element: nothing to do but close it
 * when it has no children, as most have not. */
static inline void
fast_close (ParseState *state)
{
  if (state->n_pending == state->stack[state->depth - 1].first_child)
    state->depth--;
  else
    on_end (NULL, NULL, state, NULL);
}

static void
tag_words_init (TagWords   *words,
                const char *name,
                gsize       length)
{
  char bytes[16] = { 0 };
  guchar mask[8] = { 0 };

  words->size = length + 1 <= sizeof bytes ? (guint) length + 1 : 0;
  if (words->size == 0)
    return;
  memcpy (bytes, name, length);
  bytes[length] = '>';
  memcpy (&words->head, bytes, 8);
  memcpy (&words->tail, bytes + (words->size > 8 ? words->size - 8 : 0), 8);
  /* masks as bytes, whatever the byte order */
  memset (mask, 0xff, MIN (words->size, sizeof mask));
  memcpy (&words->mask, mask, 8);
}

/* Whether the @left bytes at @p begin with @words' name and '>'. FALSE
 * too when that would take reading past them (eight bytes are read for a
 * short name): the caller then compares the long way. */
static inline gboolean
tag_words_match (const char     *p,
                 gsize           left,
                 const TagWords *words)
{
  guint64 x, y;

  if (words->size <= 8)
    {
      if (left < 8 || words->size == 0)
        return FALSE;
      memcpy (&x, p, 8);
      return ((x ^ words->head) & words->mask) == 0;
    }
  if (left < words->size)
    return FALSE;
  memcpy (&x, p, 8);
  memcpy (&y, p + words->size - 8, 8);
  return x == words->head && y == words->tail;
}

typedef enum {
  TAG_OTHER,      /* not the name */
  TAG_MAYBE,      /* perhaps the name, followed by something else than '>' */
  TAG_NAME_ENDS,  /* the name and '>' */
} TagCompare;

/* tag_words_match(), telling also most names that differ apart from those
 * that the long way must judge (the name followed by a space, say). */
static inline TagCompare
tag_words_compare (const char     *p,
                   gsize           left,
                   const TagWords *words)
{
  guint64 x, y, differ;

  if (words->size <= 8)
    {
      if (left < 8 || words->size == 0)
        return TAG_MAYBE;
      memcpy (&x, p, 8);
      differ = (x ^ words->head) & words->mask;
      if (differ == 0)
        return TAG_NAME_ENDS;
      /* the name's bytes: all those of the mask but the last, the '>' */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
      return (differ & (words->mask >> 8)) == 0 ? TAG_MAYBE : TAG_OTHER;
#else
      return (differ & (words->mask << 8)) == 0 ? TAG_MAYBE : TAG_OTHER;
#endif
    }
  if (left < words->size)
    return TAG_MAYBE;
  memcpy (&x, p, 8);
  if (x != words->head)
    return TAG_OTHER;   /* eight bytes of the name, which is longer */
  memcpy (&y, p + words->size - 8, 8);
  return y == words->tail ? TAG_NAME_ENDS : TAG_MAYBE;
}

/* The name of a child at @depth (its parent's) when it is one a child
 * there had before, without prefix, as fast_name() would read it: what
 * S3's listings are made of, the same few names in the same order in
 * every item. The one after the last found is tried first, then that one
 * again (a run of Contents), or the other way round after a repeat; a
 * compare instead of a byte at a time look-up, and the name's copy in the
 * tree is shared. %NULL when neither. @tag_ended: (out): whether the '>'
 * that ends the tag was read with the name (most tags: no attributes). */
static inline const KnownName *
fast_known_name (FastScan *scan,
                 guint     depth,
                 gboolean *tag_ended)
{
  const char *p = scan->p;
  gsize left = (gsize) (scan->end - p);
  KnownNames *known;

  if (depth == 0 || depth > KNOWN_DEPTH || (known = &scan->known[depth - 1])->n == 0)
    return NULL;
  for (guint k = 0; k < 2; k++)
    {
      guint i = known->order[k];
      const KnownName *name = &known->names[i];
      TagCompare compare = tag_words_compare (p, left, &name->words);
      guint after_i;

      if (compare == TAG_OTHER)
        continue;
      if (compare == TAG_MAYBE)
        {
          guchar after;

          if (left <= name->length || !fast_same_bytes (p, name->raw, name->length))
            continue;
          /* where fast_name() stops too; beyond ASCII it judges */
          after = (guchar) p[name->length];
          if (after >= 0x80 || (name_classes[after] & NAME_CHAR))
            continue;
        }
      *tag_ended = compare == TAG_NAME_ENDS;
      scan->p = p + name->length + (*tag_ended ? 1 : 0);
      /* found twice in a row: that one first again */
      after_i = i + 1 == known->n ? 0 : i + 1;
      known->order[0] = i == known->last ? i : after_i;
      known->order[1] = i == known->last ? after_i : i;
      known->last = i;
      return name;
    }
  return NULL;
}

/* @node, just opened as a child at @depth, its name @raw as written and
 * without prefix, for fast_known_name(). */
static void
fast_learn_name (FastScan          *scan,
                 guint              depth,
                 const char        *raw,
                 const GawsXmlNode *node)
{
  KnownNames *known;
  KnownName *name;

  if (depth == 0 || depth > KNOWN_DEPTH || (known = &scan->known[depth - 1])->n == KNOWN_NAMES)
    return;
  name = &known->names[known->n++];
  name->raw = raw;
  name->name = node->name;
  name->length = node->name_length;
  tag_words_init (&name->words, node->name, node->name_length);
  /* the first name is what a next item would begin with */
  known->last = known->n - 1;
  known->order[0] = 0;
  known->order[1] = known->last;
}

/* An element of a known name and no attributes that holds only text
 * without entities, "<Key>text</Key>" (most of a listing), its start tag
 * read: read whole, its node and text in one piece, as a child of the
 * innermost open element, without opening it, reading its text and
 * closing it in turn. FALSE, with nothing read, for anything else. */
static gboolean fast_leaf_with_entities (FastScan *scan, const KnownName *known, const char *amp);

static inline gboolean
fast_leaf (FastScan        *scan,
           const KnownName *known)
{
  ParseState *state = scan->state;
  const char *text = scan->p, *end = scan->end;
  const char *stop = fast_find_markup (text, end);
  gsize length = (gsize) (stop - text);
  GawsXmlNode *node;

  if (stop < end && *stop == '&')
    return fast_leaf_with_entities (scan, known, stop);
  if (end - stop < 2 || stop[0] != '<' || stop[1] != '/' ||
      !tag_words_match (stop + 2, (gsize) (end - stop - 2), &known->words))
    return FALSE;
  node = document_alloc (state->doc, sizeof (GawsXmlNode) + length + 1, G_ALIGNOF (GawsXmlNode));
  fast_copy_text (state->doc, (char *) (node + 1), text, length, (gsize) (end - text));
  add_leaf (state, node, known->name, known->length, (const char *) (node + 1), length);
  scan->p = stop + 2 + known->words.size;
  return TRUE;
}

/* fast_leaf() for a text that holds an entity, its first '&' at @amp (S3
 * quotes every ETag with two): decoded as fast_text_with_entities()
 * decodes it, into the node's piece. */
static gboolean
fast_leaf_with_entities (FastScan        *scan,
                         const KnownName *known,
                         const char      *amp)
{
  ParseState *state = scan->state;
  const char *p = scan->p, *end = scan->end;
  const char *lt = memchr (amp, '<', (gsize) (end - amp));
  GawsXmlNode *node;
  char *buffer, *out;

  if (lt == NULL || end - lt < 2 || lt[1] != '/' ||
      !tag_words_match (lt + 2, (gsize) (end - lt - 2), &known->words))
    return FALSE;
  node = document_alloc (state->doc, sizeof (GawsXmlNode) + (gsize) (lt - p) + 1, G_ALIGNOF (GawsXmlNode));
  buffer = (char *) (node + 1);
  out = fast_decode_text (buffer, p, lt);
  if (out == NULL)
    return FALSE;
  add_leaf (state, node, known->name, known->length, buffer, (gsize) (out - buffer));
  scan->p = lt + 2 + known->words.size;
  return TRUE;
}

/* fast_leaf() for a name not known yet, @name_length bytes of @name as
 * written, its local part at @local (a root's children, a list's first
 * item's): the node, its name and its text without entities in one piece;
 * its name is learnt, as opening it would. */
static gboolean
fast_new_leaf (FastScan   *scan,
               guint       depth,
               const char *name,
               gsize       name_length,
               const char *local)
{
  ParseState *state = scan->state;
  const char *text = scan->p, *end = scan->end;
  const char *stop = fast_find_markup (text, end);
  gsize length = (gsize) (stop - text), local_length = name_length - (gsize) (local - name);
  GawsXmlNode *node;
  char *copy;

  if ((gsize) (end - stop) < name_length + 3 || stop[0] != '<' || stop[1] != '/' ||
      !fast_same_bytes (stop + 2, name, name_length) || stop[2 + name_length] != '>')
    return FALSE;
  node = document_alloc (state->doc, sizeof (GawsXmlNode) + local_length + 1 + length + 1, G_ALIGNOF (GawsXmlNode));
  copy = (char *) (node + 1);
  memcpy (copy, local, local_length);
  copy[local_length] = '\0';
  fast_copy_text (state->doc, copy + local_length + 1, text, length, (gsize) (end - text));
  add_leaf (state, node, copy, local_length, copy + local_length + 1, length);
  if (local == name)
    fast_learn_name (scan, depth, name, node);
  scan->p = stop + 3 + name_length;
  return TRUE;
}

/* A start tag, the '<' behind: its name, attributes with a space before
 * each, then '>' or "/>". */
static gboolean
fast_start_tag (FastScan *scan)
{
  const char *name = scan->p;
  const char *names[FAST_MAX_ATTRIBUTES + 1], *values[FAST_MAX_ATTRIBUTES + 1];
  const char *colon = NULL, *shared = NULL;
  guint n_attributes = 0, depth = scan->state->depth;
  gboolean tag_ended = FALSE;
  const KnownName *known = fast_known_name (scan, depth, &tag_ended);
  gsize name_length = 0;
  GError *error = NULL;
  gboolean empty;

  if (tag_ended)
    {
      /* a known name, no attributes, not empty: what most tags of a listing are */
      ParseState *state = scan->state;

      if (fast_leaf (scan, known))
        return TRUE;
      open_node (state, add_child (state, document_alloc (state->doc, sizeof (GawsXmlNode), G_ALIGNOF (GawsXmlNode)),
                                   known->name, known->length));
      scan->open_names[depth] = name;
      scan->open_lengths[depth] = known->length;
      scan->open_words[depth] = &known->words;
      return TRUE;
    }
  if (known != NULL)
    {
      shared = known->name;
      name_length = known->length;
    }
  else if ((name_length = fast_name (scan, &colon)) == 0)
    return FALSE;
  scan->scratch_len = 0;
  for (;;)
    {
      const char *before = scan->p;

      fast_skip_spaces (scan);
      if (scan->p == scan->end)
        return FALSE;
      if (*scan->p == '>' || *scan->p == '/')
        break;
      if (scan->p == before || n_attributes == FAST_MAX_ATTRIBUTES ||
          !fast_attribute (scan, &names[n_attributes], &values[n_attributes]))
        return FALSE;
      n_attributes++;
    }
  empty = *scan->p == '/';
  if (empty && (scan->end - scan->p < 2 || scan->p[1] != '>'))
    return FALSE;
  scan->p += empty ? 2 : 1;
  if (n_attributes == 0 && depth > 0 && depth < MAX_DEPTH)
    {
      /* most elements: start_element() without its checks, which cannot fail here */
      const char *local = colon != NULL ? colon + 1 : name;

      if (shared != NULL)
        open_node (scan->state, add_child (scan->state, document_alloc (scan->state->doc, sizeof (GawsXmlNode),
                                                                        G_ALIGNOF (GawsXmlNode)),
                                           shared, name_length));
      else if (!empty && fast_new_leaf (scan, depth, name, name_length, local))
        return TRUE;
      else
        open_node (scan->state, new_child (scan->state, local, name_length - (gsize) (local - name)));
    }
  else
    {
      names[n_attributes] = values[n_attributes] = NULL;
      start_element (scan->state, name, name_length, colon, names, values, &error);
      if (error != NULL)
        {
          g_error_free (error);   /* GMarkup's reading says it again */
          return FALSE;
        }
    }
  if (shared == NULL && colon == NULL)
    fast_learn_name (scan, depth, name, scan->state->stack[depth].node);
  if (empty)
    fast_close (scan->state);
  else
    {
      scan->open_names[depth] = name;
      scan->open_lengths[depth] = name_length;
      scan->open_words[depth] = known != NULL ? &known->words : NULL;
    }
  return TRUE;
}

/* An end tag, "</" behind: the name of the open element, then '>'. That
 * name was read as one already: comparing is enough. */
static gboolean
fast_end_tag (FastScan *scan)
{
  guint depth = scan->state->depth;
  gsize length;

  if (depth == 0)
    return FALSE;
  length = scan->open_lengths[depth - 1];
  if (scan->open_words[depth - 1] != NULL &&
      tag_words_match (scan->p, (gsize) (scan->end - scan->p), scan->open_words[depth - 1]))
    {
      scan->p += length + 1;
      fast_close (scan->state);
      return TRUE;
    }
  if ((gsize) (scan->end - scan->p) <= length || !fast_same_bytes (scan->p, scan->open_names[depth - 1], length) ||
      scan->p[length] != '>')
    return FALSE;
  scan->p += length + 1;
  fast_close (scan->state);
  return TRUE;
}

/* A processing instruction ("<?xml …?>" mostly), "<?" behind: skipped, as
 * GMarkup does without a passthrough callback. */
static gboolean
fast_skip_instruction (FastScan *scan)
{
  const char *q = scan->p;

  /* "<?>" would end GMarkup's at once */
  if (q == scan->end || !fast_is_name_start (*q))
    return FALSE;
  while ((q = memchr (q, '?', (gsize) (scan->end - q))) != NULL && q + 1 < scan->end && q[1] != '>')
    q++;
  if (q == NULL || q + 1 >= scan->end)
    return FALSE;
  scan->p = q + 2;
  return TRUE;
}

/* Valid UTF-8 without control characters but tab and newline: no CR,
 * which GMarkup turns into a newline, nor the rest, which it may refuse.
 * Sixteen (with SSE2) or eight bytes at a time while they are ASCII and
 * printable, as AWS's documents almost always are. */
static gboolean
fast_plain_bytes (const char *data, gsize length)
{
#ifdef __SSE2__
  const __m128i limit = _mm_set1_epi8 (0x20);
#endif
  gboolean utf8_checked = FALSE;
  gsize i = 0;

  while (i < length)
    {
      guint64 word;
      guchar c;

#ifdef __SSE2__
      if (i + 64 <= length)
        {
          /* most of a document: 64 bytes a test, their four masks joined */
          const __m128i *block = (const __m128i *) (data + i);
          __m128i below4 = _mm_or_si128 (_mm_or_si128 (_mm_cmplt_epi8 (_mm_loadu_si128 (block), limit),
                                                       _mm_cmplt_epi8 (_mm_loadu_si128 (block + 1), limit)),
                                         _mm_or_si128 (_mm_cmplt_epi8 (_mm_loadu_si128 (block + 2), limit),
                                                       _mm_cmplt_epi8 (_mm_loadu_si128 (block + 3), limit)));

          if (_mm_movemask_epi8 (below4) == 0)
            {
              i += 64;
              continue;
            }
        }
      if (i + 16 <= length)
        {
          /* compared as signed bytes: those of 0x80 and above are below
           * 0x20 too. The bytes before the first one below are plain; that
           * one is judged below. */
          int below = _mm_movemask_epi8 (_mm_cmplt_epi8 (_mm_loadu_si128 ((const __m128i *) (data + i)), limit));

          if (below == 0)
            {
              i += 16;
              continue;
            }
          i += (gsize) g_bit_nth_lsf ((gulong) below, -1);
        }
      else
#endif
      if (i + 8 <= length)
        {
          memcpy (&word, data + i, 8);
          /* no byte with its high bit set, none below 0x20 (the test may
           * see one that is not there, never miss one: the byte at a time
           * test below decides) */
          if ((word & GAWS_WORD_HIGHS) == 0 && gaws_word_bytes_below (word, 0x20) == 0)
            {
              i += 8;
              continue;
            }
        }
      c = (guchar) data[i];
      if (c >= 0x80 && !utf8_checked)
        {
          if (!g_utf8_validate_len (data + i, length - i, NULL))
            return FALSE;
          utf8_checked = TRUE;
        }
      if (c < 0x20 && c != '\t' && c != '\n')
        return FALSE;
      i++;
    }
  return TRUE;
}

/* Whether the fast path read the whole document into @state: on FALSE,
 * what it built is to be thrown away. */
static gboolean
fast_parse (ParseState *state, const char *data, gsize length)
{
  FastScan scan;

  if (!fast_plain_bytes (data, length))
    return FALSE;
  scan.state = state;
  scan.p = data;
  scan.end = data + length;
  for (guint d = 0; d < KNOWN_DEPTH; d++)
    scan.known[d].n = 0;
  while (scan.p < scan.end)
    {
      gboolean ok;

      if (*scan.p != '<')
        ok = fast_text (&scan);
      else if (++scan.p == scan.end)
        ok = FALSE;
      else if (*scan.p == '/')
        scan.p++, ok = fast_end_tag (&scan);
      else if (*scan.p == '?')
        scan.p++, ok = fast_skip_instruction (&scan);
      else
        ok = fast_start_tag (&scan);
      if (!ok)
        return FALSE;
    }
  return state->has_root && state->depth == 0;
}

static void
parse_state_init (ParseState *state, gsize length)
{
  state->doc = document_new (length);
  state->has_root = FALSE;
  state->depth = 0;
  state->pending = state->few_pending;
  state->n_pending = 0;
  state->pending_capacity = G_N_ELEMENTS (state->few_pending);
}

static void
parse_state_clear (ParseState *state)
{
  if (state->pending != state->few_pending)
    g_free (state->pending);
  state->pending = state->few_pending;
}

/**
 * gaws_xml_parse:
 * @data: (array length=length): an XML document
 * @length: its length
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the root element, or %NULL with
 *   @error set; free it with gaws_xml_node_free()
 */
GawsXmlNode *
gaws_xml_parse (const char  *data,
                gsize        length,
                GError     **error)
{
  ParseState parse_state, *state = &parse_state;
  GMarkupParseContext *context;
  g_autoptr(GError) local_error = NULL;
  Document *doc;
  gboolean ok;

  parse_state_init (state, length);
  if (fast_parse (state, data, length))
    {
      parse_state_clear (state);
      return &state->doc->root;
    }
  /* read again, by GMarkup, from scratch */
  parse_state_clear (state);
  document_free (state->doc);
  parse_state_init (state, length);
  doc = state->doc;
  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, state, NULL);
  ok = g_markup_parse_context_parse (context, data, (gssize) length, &local_error) &&
       g_markup_parse_context_end_parse (context, &local_error);
  g_markup_parse_context_free (context);
  if (ok && !state->has_root)
    {
      ok = FALSE;
      local_error = g_error_new_literal (G_MARKUP_ERROR, G_MARKUP_ERROR_EMPTY, "No root element");
    }
  parse_state_clear (state);
  if (!ok)
    {
      /* GMarkup quotes names as they are, invalid UTF-8 included. */
      g_autofree char *detail = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL, "Invalid XML in the response: %s", detail);
      document_free (doc);
      return NULL;
    }
  return &doc->root;
}

/**
 * gaws_xml_node_get_child:
 * @node: (nullable): a #GawsXmlNode
 * @name: a local name
 *
 * Returns: (transfer none) (nullable): the first child named @name
 */
GawsXmlNode *
gaws_xml_node_get_child (GawsXmlNode *node,
                         const char  *name)
{
  for (guint i = 0; node != NULL && i < node->n_children; i++)
    if (strcmp (node->children[i]->name, name) == 0)
      return node->children[i];
  return NULL;
}

/**
 * gaws_xml_node_get_child_text:
 * @node: (nullable): a #GawsXmlNode
 * @name: a local name
 *
 * Returns: (transfer none) (nullable): the text of the first child named @name
 */
const char *
gaws_xml_node_get_child_text (GawsXmlNode *node,
                              const char  *name)
{
  GawsXmlNode *child = gaws_xml_node_get_child (node, name);

  return child ? child->text : NULL;
}

/**
 * gaws_xml_node_get_attribute:
 * @node: a #GawsXmlNode
 * @name: an attribute name as written, such as `xsi:type`
 *
 * Returns: (transfer none) (nullable): its value
 */
const char *
gaws_xml_node_get_attribute (GawsXmlNode *node,
                             const char  *name)
{
  for (guint i = 0; node->attribute_names[i] != NULL; i++)
    if (strcmp (node->attribute_names[i], name) == 0)
      return node->attribute_values[i];
  return NULL;
}

static gboolean
is_blank (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/**
 * gaws_xml_node_equal:
 * @a: a #GawsXmlNode
 * @b: another
 *
 * Compares two trees the way the protocol tests need: names, attributes in
 * any order, children in order, and text, where only whitespace between
 * elements does not count.
 *
 * Returns: whether @a and @b are the same document
 */
gboolean
gaws_xml_node_equal (GawsXmlNode *a,
                     GawsXmlNode *b)
{
  guint n_attributes = g_strv_length ((char **) a->attribute_names);

  if (strcmp (a->name, b->name) != 0 || n_attributes != g_strv_length ((char **) b->attribute_names) ||
      a->n_children != b->n_children)
    return FALSE;
  for (guint i = 0; i < n_attributes; i++)
    if (g_strcmp0 (gaws_xml_node_get_attribute (b, a->attribute_names[i]), a->attribute_values[i]) != 0)
      return FALSE;
  if (strcmp (a->text, b->text) != 0 &&
      !(a->n_children > 0 && is_blank (a->text) && is_blank (b->text)))
    return FALSE;
  for (guint i = 0; i < a->n_children; i++)
    if (!gaws_xml_node_equal (a->children[i], b->children[i]))
      return FALSE;
  return TRUE;
}

/* Reading shapes. */

static gboolean
is_flattened (const GawsMemberInfo *member)
{
  return (member->flags & GAWS_MEMBER_FLAG_FLATTENED) || (member->shape->flags & GAWS_SHAPE_FLAG_FLATTENED);
}

/* The element names of a structure's members, chained by their first
 * byte and length (name_chain()), for match_children(): what depends only
 * on the structure's #GawsShapeInfo, made once for all the items of a
 * list. */
typedef struct {
  const char *name;   /* the element name, or %NULL when not read from a child */
  guint       length; /* strlen (name) */
  guint       next;   /* the next member in this one's chain, or NO_SLOT */
} SlotName;

#define N_CHAINS   32
#define NO_SLOT    G_MAXUINT
#define FEW_SLOTS  32

/* The last time a list's items gave as `YYYY-MM-DDTHH:MM:SSZ`
 * (parse_whole_second_utc()): the items of a listing often share theirs
 * (objects written in the same second), and a GDateTime is immutable, so
 * the next item with the same text shares the same one. */
typedef struct {
  const char *text;   /* in the document being read */
  gsize       length;
  GDateTime  *time;   /* owned, or %NULL */
} TimeCache;

/* Which member each child of a list's last item was matched to: the
 * fast path gives the children of the items of a listing the same name
 * strings (fast_known_name()), so that an item whose children have the
 * last one's names, compared as pointers, is matched as it was. */
#define SEEN_CHILDREN 16

/* The children of a structure's element that one member reads (see
 * match_children()). */
typedef struct {
  guint first;  /* the first match's index among the children */
  guint count;  /* how many children match */
  guint last;   /* the last match's index */
} Slot;

/* What an item with the kept names reads, when @planned (see
 * plan_members()): each member with a match, in the members' order, and
 * its slot. The same names in the same order give the same slots, so
 * that such an item is read without counting its matches again nor
 * looking at every member of the structure for one. */
/* How a planned member is read (see plan_how()). */
typedef enum {
  PLAN_SLOT,    /* read_slot(), which looks at the member's kind */
  PLAN_LAST,    /* a scalar: its last element, read_last_member_element() */
  PLAN_STRING,  /* a plain string (not an enum's, not a JSON value): its last element's text copied */
  PLAN_ENUM,    /* an enum's string (not a JSON value): the model's string, or a copy of the text */
  PLAN_INTEGER, /* an integer: a small one read here, anything else PLAN_LAST */
  PLAN_LONG,    /* a long: likewise */
  PLAN_TIME,    /* a timestamp: the list's last time again, or PLAN_LAST */
} PlanHow;

typedef struct {
  guint       n;      /* the children matched, 0 when none is kept */
  const char *names[SEEN_CHILDREN];
  guint       members[SEEN_CHILDREN];  /* or NO_SLOT */
  gboolean    planned;
  guint       n_planned;
  guint       planned_members[SEEN_CHILDREN];
  Slot        planned_slots[SEEN_CHILDREN];
  guint8      planned_how[SEEN_CHILDREN];  /* PlanHow */
  const char *planned_enum[SEEN_CHILDREN]; /* (nullable): PLAN_ENUM's last value found */
  gsize       planned_enum_length[SEEN_CHILDREN];
} SeenChildren;

/* What a structure's info alone tells of its members' element names:
 * made for each read of a shape without a class of its own, and once
 * for all by a generated class (class_name_table()). */
typedef struct {
  SlotName  *names;      /* one for each member: few, or on the heap */
  gboolean   any;        /* whether some member is read from a child */
  gboolean   attributes; /* whether some member is read from an attribute */
  guint      chains[N_CHAINS];
  SlotName   few[FEW_SLOTS];
} NameTable;

typedef struct {
  const NameTable *table;  /* own, or a class's */
  TimeCache       *times;  /* (nullable): a list's */
  SeenChildren    *seen;   /* (nullable): a list's */
  NameTable        own;    /* made when no class has one */
} MemberNames;

static void member_names_init (MemberNames *names, GawsShapeClass *klass, const GawsShapeInfo *info);
static void member_names_clear (MemberNames *names);
static gboolean read_element (const GawsMemberInfo *member, GawsXmlNode **nodes, guint n_nodes,
                              gpointer *element, GError **error);
static gboolean read_structure (GawsShape *shape, const GawsShapeInfo *info, const MemberNames *names,
                                GawsXmlNode *node, gboolean fresh, GError **error);

/* A structure as read_element() reads it: (transfer full) a new shape
 * of @info, or %NULL with @error set. @names: (nullable): @info's. */
static GawsShape *
read_new_structure (const GawsShapeInfo  *info,
                    const MemberNames    *names,
                    GawsXmlNode          *node,
                    GError              **error)
{
  GawsShape *shape = gaws_shape_new (info);

  if (!read_structure (shape, info, names, node, TRUE, error))
    {
      g_object_unref (shape);
      return NULL;
    }
  return shape;
}

/* The items of a list of structures into @list, their member names found
 * once for all: (transfer full) @list into @element. */
static gboolean
read_structure_list (const GawsShapeInfo  *info,
                     GawsXmlNode         **items,
                     guint                 n_items,
                     GPtrArray            *list,
                     gpointer             *element,
                     GError              **error)
{
  MemberNames names;
  TimeCache times = { NULL, 0, NULL };
  SeenChildren seen;
  gboolean ok = TRUE;

  member_names_init (&names, info->get_type ? g_type_class_peek (info->get_type ()) : NULL, info);
  names.times = &times;
  seen.n = 0;
  seen.planned = FALSE;
  names.seen = &seen;
  for (guint i = 0; ok && i < n_items; i++)
    {
      GawsShape *shape = read_new_structure (info, &names, items[i], error);

      if (shape != NULL)
        g_ptr_array_add (list, shape);
      ok = shape != NULL;
    }
  member_names_clear (&names);
  g_clear_pointer (&times.time, g_date_time_unref);
  if (ok)
    *element = g_ptr_array_ref (list);
  g_ptr_array_unref (list);
  return ok;
}

static gboolean
read_list (const GawsMemberInfo  *member,
           GawsXmlNode          **nodes,
           guint                  n_nodes,
           gpointer              *element,
           GError               **error)
{
  const GawsMemberInfo *item = &member->shape->members[0];
  g_autoptr(GPtrArray) list = NULL;
  GawsXmlNode **items = nodes;
  guint n_items = n_nodes;

  if (!is_flattened (member))
    {
      items = nodes[0]->children;
      n_items = nodes[0]->n_children;
    }
  /* gaws_shape_info_new_list(), with room for all the items at once */
  list = g_ptr_array_new_full (n_items, gaws_shape_info_get_free_func (item->shape));
  if ((item->shape->kind == GAWS_SHAPE_KIND_STRUCTURE || item->shape->kind == GAWS_SHAPE_KIND_UNION) &&
      n_items > 1)
    return read_structure_list (item->shape, items, n_items, g_steal_pointer (&list), element, error);
  for (guint i = 0; i < n_items; i++)
    {
      gpointer value = NULL;

      if (!read_element (item, &items[i], 1, &value, error))
        return FALSE;
      g_ptr_array_add (list, value);
    }
  *element = g_steal_pointer (&list);
  return TRUE;
}

static gboolean
read_map (const GawsMemberInfo  *member,
          GawsXmlNode          **nodes,
          guint                  n_nodes,
          gpointer              *element,
          GError               **error)
{
  const GawsMemberInfo *key = &member->shape->members[0];
  const GawsMemberInfo *value = &member->shape->members[1];
  const char *key_name = key->location_name ? key->location_name : "key";
  const char *value_name = value->location_name ? value->location_name : "value";
  g_autoptr(GHashTable) map = gaws_shape_info_new_map (member->shape);
  GawsXmlNode **entries = nodes;
  guint n_entries = n_nodes;

  if (!is_flattened (member))
    {
      entries = nodes[0]->children;
      n_entries = nodes[0]->n_children;
    }
  for (guint i = 0; i < n_entries; i++)
    {
      GawsXmlNode *key_node = gaws_xml_node_get_child (entries[i], key_name);
      GawsXmlNode *value_node = gaws_xml_node_get_child (entries[i], value_name);
      gpointer item = NULL;

      if (key_node == NULL)
        continue;
      if (value_node != NULL && !read_element (value, &value_node, 1, &item, error))
        return FALSE;
      g_hash_table_replace (map, g_strdup (key_node->text), item);
    }
  *element = g_steal_pointer (&map);
  return TRUE;
}

static gboolean
read_element (const GawsMemberInfo  *member,
              GawsXmlNode          **nodes,
              guint                  n_nodes,
              gpointer              *element,
              GError               **error)
{
  GawsShape *shape;

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
      shape = read_new_structure (member->shape, NULL, nodes[0], error);
      *element = shape;
      return shape != NULL;
    case GAWS_SHAPE_KIND_LIST:
      return read_list (member, nodes, n_nodes, element, error);
    case GAWS_SHAPE_KIND_MAP:
      return read_map (member, nodes, n_nodes, element, error);
    case GAWS_SHAPE_KIND_BOOLEAN:
      /* Whatever is not `true` is false, as botocore reads it. */
      *element = g_variant_ref_sink (g_variant_new_boolean (strcmp (nodes[n_nodes - 1]->text, "true") == 0));
      return TRUE;
    default:
      return gaws_protocol_text_to_element (member, nodes[n_nodes - 1]->text, element, error);
    }
}

static const char *
element_name (const GawsMemberInfo *member)
{
  /* A flattened list repeats its element's name, when it has one. */
  if (member->shape->kind == GAWS_SHAPE_KIND_LIST && is_flattened (member) &&
      member->shape->members[0].location_name != NULL)
    return member->shape->members[0].location_name;
  return member->location_name ? member->location_name : member->name;
}

/* Digits after an optional minus, few enough not to overflow: read as
 * g_ascii_strtoll() reads them. Anything else takes the long way. */
static gboolean
parse_small_integer (const char *text,
                     gsize       length,
                     gint64     *value)
{
  gboolean negative = length > 0 && text[0] == '-';
  gint64 result = 0;

  if (length - negative == 0 || length - negative > 18)
    return FALSE;
  for (gsize i = negative; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      result = result * 10 + (text[i] - '0');
    }
  *value = negative ? -result : result;
  return TRUE;
}

/* `YYYY-MM-DDTHH:MM:SSZ`, or with a fraction of zeros (`.000Z`): how S3
 * and most XML services send times. The same GDateTime the ISO 8601
 * parser makes of it (it too ends in g_date_time_new() with UTC), without
 * first trying the text as a number. %NULL for anything else, such as an
 * invalid date or a fraction that is not zero, for the long way. */
static GDateTime *
parse_whole_second_utc (const char *text,
                        gsize       length)
{
  /* `dddd-dd-ddTdd:dd:dd`: its digits' places, then its separators' */
  static const guint8 digits[] = { 0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18 };
  int year, month, day, hour, minute, second;

  if (length < 20 || length > 30 || text[length - 1] != 'Z' || text[4] != '-' || text[7] != '-' ||
      text[10] != 'T' || text[13] != ':' || text[16] != ':')
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    if ((guchar) (text[digits[i]] - '0') >= 10)
      return NULL;
  if (length > 20)
    {
      if (text[19] != '.' || length == 21)
        return NULL;
      for (gsize i = 20; i < length - 1; i++)
        if (text[i] != '0')
          return NULL;
    }
#define DIGITS2(p) (((p)[0] - '0') * 10 + ((p)[1] - '0'))
  year = DIGITS2 (text) * 100 + DIGITS2 (text + 2);
  month = DIGITS2 (text + 5);
  day = DIGITS2 (text + 8);
  hour = DIGITS2 (text + 11);
  minute = DIGITS2 (text + 14);
  second = DIGITS2 (text + 17);
#undef DIGITS2
  /* leap seconds: the ISO 8601 parser's business */
  if (second >= 60)
    return NULL;
  return g_date_time_new_utc (year, month, day, hour, minute, second);
}

/* The value of enum @shape that @length bytes of @text are, or %NULL:
 * most of an enum's values in a response are one the model knows
 * (StorageClass in every item of a listing). */
static const char *
find_enum_value (const GawsShapeInfo *shape,
                 const char          *text,
                 gsize                length)
{
  for (const char *const *value = shape->enum_values; *value != NULL; value++)
    {
      const char *v = *value;
      gsize i;

      /* never past the end of @v, whatever @text holds */
      for (i = 0; i < length && v[i] == text[i] && v[i] != '\0'; i++)
        ;
      if (i == length && v[length] == '\0')
        return v;
    }
  return NULL;
}

/* What g_value_init() and g_value_set_*() or g_value_take_*() leave in
 * @value for a fundamental or boxed @type: the type and data[0]. Without
 * the type system's look-ups, once per scalar. */
#define VALUE_SET(value, type, field, v) \
  G_STMT_START { (value)->g_type = (type); (value)->data[0].field = (v); } G_STMT_END

/* A scalar member's value straight from its text, without the list form
 * (GVariant) gaws_protocol_take_element() would unwrap. FALSE, with @value
 * untouched, when this is no such scalar or the text needs the long way
 * (which also reports errors). @element: whether the text is an element's,
 * whose booleans are lenient, rather than an attribute's. The value is
 * never a %NULL pointer. */
static gboolean
read_scalar (const GawsMemberInfo *member,
             const char           *text,
             gsize                 length,
             gboolean              element,
             TimeCache            *times,
             GValue               *value)
{
  GDateTime *time;
  gint64 integer;
  double number;
  const char *known;

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRING:
      if (member->flags & GAWS_MEMBER_FLAG_JSONVALUE)
        return FALSE;
      if (member->shape->enum_values != NULL && (known = find_enum_value (member->shape, text, length)) != NULL)
        {
          /* the model's own string, static: one allocation and free less */
          VALUE_SET (value, G_TYPE_STRING, v_pointer, (gpointer) known);
          value->data[1].v_uint = G_VALUE_NOCOPY_CONTENTS;
          return TRUE;
        }
      VALUE_SET (value, G_TYPE_STRING, v_pointer, memcpy (g_malloc (length + 1), text, length + 1));
      return TRUE;
    case GAWS_SHAPE_KIND_INTEGER:
      if (!parse_small_integer (text, length, &integer))
        return FALSE;
      VALUE_SET (value, G_TYPE_INT, v_int, (gint32) integer);
      return TRUE;
    case GAWS_SHAPE_KIND_LONG:
      if (!parse_small_integer (text, length, &integer))
        return FALSE;
      VALUE_SET (value, G_TYPE_INT64, v_int64, integer);
      return TRUE;
    case GAWS_SHAPE_KIND_BOOLEAN:
      if (!element)
        return FALSE;
      /* Whatever is not `true` is false, as botocore reads it. */
      VALUE_SET (value, G_TYPE_BOOLEAN, v_int, strcmp (text, "true") == 0);
      return TRUE;
    case GAWS_SHAPE_KIND_FLOAT:
    case GAWS_SHAPE_KIND_DOUBLE:
      if (!gaws_protocol_parse_double (text, &number))
        return FALSE;
      VALUE_SET (value, G_TYPE_DOUBLE, v_double, number);
      return TRUE;
    case GAWS_SHAPE_KIND_TIMESTAMP:
      if (times != NULL && times->time != NULL && times->length == length && memcmp (times->text, text, length) == 0)
        time = g_date_time_ref (times->time);
      else if ((time = parse_whole_second_utc (text, length)) == NULL)
        return FALSE;
      else if (times != NULL)
        {
          g_clear_pointer (&times->time, g_date_time_unref);
          times->time = g_date_time_ref (time);
          times->text = text;
          times->length = length;
        }
      VALUE_SET (value, G_TYPE_DATE_TIME, v_pointer, time);
      return TRUE;
    default:
      return FALSE;
    }
}

/* Moves @value, of @index's own type and not a %NULL pointer, into
 * @shape: without notification when @fresh, a structure the reader has
 * just made, which nobody can be watching yet. */
static void
store (GawsShape *shape,
       guint      index,
       GValue    *value,
       gboolean   fresh)
{
  if (fresh)
    gaws_shape_take_value_unwatched (shape, index, value);
  else
    gaws_shape_take_value (shape, index, value);
}

/* gaws_protocol_take_element() for what read_element() makes */
static void
take_element (GawsShape            *shape,
              guint                 index,
              const GawsMemberInfo *member,
              gpointer              element,
              gboolean              fresh)
{
  GValue value = G_VALUE_INIT;

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
    case GAWS_SHAPE_KIND_LIST:
    case GAWS_SHAPE_KIND_MAP:
      /* never %NULL: a new object, array or table of the member's type */
      if (!(member->shape->flags & GAWS_SHAPE_FLAG_EVENTSTREAM))
        {
          VALUE_SET (&value, gaws_member_info_get_value_type (member), v_pointer, element);
          store (shape, index, &value, fresh);
          return;
        }
      break;
    default:
      break;
    }
  gaws_protocol_take_element (shape, index, element);
}

/* read_member_elements() of one element, @node: a scalar (most members of
 * a listing's items) read and stored here, without the call. */
static inline gboolean
read_last_member_element (GawsShape             *shape,
                          guint                  index,
                          const GawsMemberInfo  *member,
                          GawsXmlNode           *node,
                          gboolean               fresh,
                          TimeCache             *times,
                          GError               **error)
{
  GValue value = G_VALUE_INIT;
  gpointer element = NULL;

  if (read_scalar (member, node->text, node->text_length, TRUE, times, &value))
    {
      store (shape, index, &value, fresh);
      return TRUE;
    }
  if (!read_element (member, &node, 1, &element, error))
    return FALSE;
  take_element (shape, index, member, element, fresh);
  return TRUE;
}

/* Sets member @index of @shape from its elements, as read_element() reads
 * them. */
static gboolean
read_member_elements (GawsShape             *shape,
                      guint                  index,
                      const GawsMemberInfo  *member,
                      GawsXmlNode          **nodes,
                      guint                  n_nodes,
                      gboolean               fresh,
                      TimeCache             *times,
                      GError               **error)
{
  GawsXmlNode *last = nodes[n_nodes - 1];
  GValue value = G_VALUE_INIT;
  gpointer element = NULL;

  if (read_scalar (member, last->text, last->text_length, TRUE, times, &value))
    {
      store (shape, index, &value, fresh);
      return TRUE;
    }
  if (!read_element (member, nodes, n_nodes, &element, error))
    return FALSE;
  take_element (shape, index, member, element, fresh);
  return TRUE;
}

/**
 * gaws_xml_read_member:
 * @shape: a structure being built
 * @index: one of its members
 * @node: the member's element
 * @error: return location for a #GError
 *
 * Sets one member from its element, such as a rest-xml structure payload.
 *
 * Returns: %TRUE on success
 */
gboolean
gaws_xml_read_member (GawsShape    *shape,
                      guint         index,
                      GawsXmlNode  *node,
                      GError      **error)
{
  const GawsMemberInfo *member = &gaws_shape_get_info (shape)->members[index];

  return read_member_elements (shape, index, member, &node, 1, FALSE, NULL, error);
}

static gboolean
read_attribute (GawsShape             *shape,
                guint                  index,
                const GawsMemberInfo  *member,
                const char            *text,
                gboolean               fresh,
                GError               **error)
{
  GValue value = G_VALUE_INIT;
  gpointer element = NULL;

  if (read_scalar (member, text, strlen (text), FALSE, NULL, &value))
    {
      store (shape, index, &value, fresh);
      return TRUE;
    }
  if (!gaws_protocol_text_to_element (member, text, &element, error))
    return FALSE;
  gaws_protocol_take_element (shape, index, element);
  return TRUE;
}

/* Which children of a structure's element belong to which member, found
 * in one pass over the children instead of one per member: each child's
 * name is compared only with the members in its chain (element names
 * chained by their first byte and length: S3's Contents, CommonPrefixes
 * and ContinuationToken apart), a word at a time (fast_same_bytes(), not
 * a call to memcmp() for each child of each item of a listing), and with
 * all of those, so that two members of one name both get it, as
 * per-member scans gave. */
static inline guint
name_chain (const char *name,
            guint       length)
{
  return ((guchar) name[0] + length * 5) % N_CHAINS;
}

/* A member read from an attribute of the structure's element (one bound
 * to a header is not in the body) */
static inline gboolean
is_body_attribute (const GawsMemberInfo *member)
{
  return (member->flags & GAWS_MEMBER_FLAG_XML_ATTRIBUTE) && member->location != GAWS_LOCATION_HEADER &&
         member->location != GAWS_LOCATION_HEADERS && member->location != GAWS_LOCATION_STATUS_CODE;
}

static void
name_table_fill (NameTable           *table,
                 const GawsShapeInfo *info)
{
  table->names = info->n_members > FEW_SLOTS ? g_new (SlotName, info->n_members) : table->few;
  table->any = FALSE;
  table->attributes = FALSE;
  for (guint c = 0; c < N_CHAINS; c++)
    table->chains[c] = NO_SLOT;
  for (guint i = info->n_members; i-- > 0;)
    {
      const GawsMemberInfo *member = &info->members[i];
      SlotName *slot = &table->names[i];
      guint chain;

      /* A structure used as input and output may bind members to the
       * URI or the query string: in a response they are in the body.
       * Attributes are read below, not from children. */
      if (member->location == GAWS_LOCATION_HEADER || member->location == GAWS_LOCATION_HEADERS ||
          member->location == GAWS_LOCATION_STATUS_CODE || (member->flags & GAWS_MEMBER_FLAG_XML_ATTRIBUTE))
        {
          slot->name = NULL;
          slot->length = 0;
          slot->next = NO_SLOT;
          if (is_body_attribute (member))
            table->attributes = TRUE;
          continue;
        }
      slot->name = element_name (member);
      slot->length = (guint) strlen (slot->name);
      chain = name_chain (slot->name, slot->length);
      slot->next = table->chains[chain];
      table->chains[chain] = i;
      table->any = TRUE;
    }
}

static void
name_table_clear (NameTable *table)
{
  if (table->names != table->few)
    g_free (table->names);
}

/* @info's names as its generated class keeps them, made the first time:
 * a class is made for one static #GawsShapeInfo and lasts as long (see
 * gaws_shape_register_type()), as gaws-protocol-rest.c's bindings do.
 * Each page of a listing read its output's and its items' names again
 * otherwise: every member, its shape and a strlen() of its name, some
 * 75 L1 data misses a page. %NULL for a shape without a class of its
 * own (a model loaded at run time, which may be freed). */
static const NameTable *
class_name_table (GawsShapeClass      *klass,
                  const GawsShapeInfo *info)
{
  NameTable *table;

  if (klass == NULL || klass->info != info)
    return NULL;
  table = g_atomic_pointer_get (&klass->xml_names);
  if (table != NULL)
    return table;
  table = g_new (NameTable, 1);
  name_table_fill (table, info);
  if (!g_atomic_pointer_compare_and_exchange (&klass->xml_names, NULL, table))
    {
      name_table_clear (table);
      g_free (table);
      table = g_atomic_pointer_get (&klass->xml_names);
    }
  return table;
}

/* @klass: (nullable): the class of the shapes read, if known */
static void
member_names_init (MemberNames         *names,
                   GawsShapeClass      *klass,
                   const GawsShapeInfo *info)
{
  names->times = NULL;
  names->seen = NULL;
  names->table = class_name_table (klass, info);
  if (names->table == NULL)
    {
      name_table_fill (&names->own, info);
      names->table = &names->own;
    }
}

static void
member_names_clear (MemberNames *names)
{
  if (names->table == &names->own)
    name_table_clear (&names->own);
}

/* Counts child @j of a structure's element in member @i's slot. */
static inline void
count_match (Slot  *slot,
             guint  j)
{
  if (slot->count++ == 0)
    slot->first = j;
  slot->last = j;
}

/* match_children() for the children of a list's item whose names are the
 * last item's, as @seen kept them: TRUE when they are, and matched. */
static gboolean
match_seen_children (GawsXmlNode        *node,
                     const SeenChildren *seen,
                     Slot               *slots)
{
  if (seen->n != node->n_children)
    return FALSE;
  for (guint j = 0; j < node->n_children; j++)
    if (node->children[j]->name != seen->names[j])
      return FALSE;
  for (guint j = 0; j < node->n_children; j++)
    if (seen->members[j] != NO_SLOT)
      count_match (&slots[seen->members[j]], j);
  return TRUE;
}

static void
match_children (GawsXmlNode       *node,
                const MemberNames *names,
                Slot              *slots)
{
  const NameTable *table = names->table;
  SeenChildren *seen = names->seen;

  if (seen != NULL && match_seen_children (node, seen, slots))
    return;
  if (seen != NULL)
    {
      seen->n = node->n_children <= SEEN_CHILDREN ? node->n_children : 0;
      seen->planned = FALSE;
    }
  for (guint j = 0; j < node->n_children; j++)
    {
      const char *name = node->children[j]->name;
      guint length = node->children[j]->name_length;
      guint member = NO_SLOT;

      for (guint i = table->chains[name_chain (name, length)]; i != NO_SLOT; i = table->names[i].next)
        {
          if (table->names[i].length != length || !fast_same_bytes (table->names[i].name, name, length))
            continue;
          count_match (&slots[i], j);
          /* a child two members read is not kept */
          if (member != NO_SLOT && seen != NULL)
            seen->n = 0;
          member = i;
        }
      if (seen != NULL && seen->n != 0)
        {
          seen->names[j] = name;
          seen->members[j] = member;
        }
    }
}

/* The items of a flattened list or map: all the children named @name. */
static gboolean
read_flattened_member (GawsShape             *shape,
                       guint                  index,
                       const GawsMemberInfo  *member,
                       GawsXmlNode           *node,
                       const char            *name,
                       const Slot            *slot,
                       gboolean               fresh,
                       GError               **error)
{
  g_autofree GawsXmlNode **many = NULL;
  GawsXmlNode *few[16], **matches = few;
  /* the first is a match; the fast path gives the others its name string */
  const char *shared = node->children[slot->first]->name;
  guint n = 0;

  if (slot->count > G_N_ELEMENTS (few))
    matches = many = g_new (GawsXmlNode *, slot->count);
  for (guint j = slot->first; j <= slot->last; j++)
    if (node->children[j]->name == shared || strcmp (node->children[j]->name, name) == 0)
      matches[n++] = node->children[j];
  return read_member_elements (shape, index, member, matches, n, fresh, NULL, error);
}

/* Reads one member of the element's children: for a flattened list or
 * map, all the matches are its items; otherwise the one that counts, the
 * first for a structure, list or map, the last for a scalar. @name: the
 * member's element name. */
static G_ALWAYS_INLINE inline gboolean
read_matched_member (GawsShape             *shape,
                     guint                  index,
                     const GawsMemberInfo  *member,
                     GawsXmlNode           *node,
                     const char            *name,
                     const Slot            *slot,
                     gboolean               fresh,
                     TimeCache             *times,
                     GError               **error)
{
  guint8 kind = member->shape->kind;

  if ((kind == GAWS_SHAPE_KIND_LIST || kind == GAWS_SHAPE_KIND_MAP) && is_flattened (member))
    return read_flattened_member (shape, index, member, node, name, slot, fresh, error);
  if (kind == GAWS_SHAPE_KIND_STRUCTURE || kind == GAWS_SHAPE_KIND_UNION ||
      kind == GAWS_SHAPE_KIND_LIST || kind == GAWS_SHAPE_KIND_MAP)
    return read_member_elements (shape, index, member, &node->children[slot->first], 1, fresh, NULL, error);
  return read_last_member_element (shape, index, member, node->children[slot->last], fresh, times, error);
}

/* read_matched_member(), the member's name put before an error; inlined
 * into both its callers, as a call cost a fifth of reading a listing's
 * scalar */
static G_ALWAYS_INLINE inline gboolean
read_slot (GawsShape             *shape,
           guint                  index,
           const GawsMemberInfo  *member,
           GawsXmlNode           *node,
           const MemberNames     *names,
           const Slot            *slot,
           gboolean               fresh,
           GError               **error)
{
  if (read_matched_member (shape, index, member, node, names->table->names[index].name, slot, fresh, names->times, error))
    return TRUE;
  g_prefix_error (error, "%s: ", member->name);
  return FALSE;
}

/* How read_matched_member() reads @member, decided once for a plan: a
 * scalar by its last element (the kinds read_matched_member() leaves to
 * read_last_member_element()), and of those a plain string as read_scalar()
 * reads it, a copy of the text. */
static PlanHow
plan_how (const GawsMemberInfo *member)
{
  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
    case GAWS_SHAPE_KIND_LIST:
    case GAWS_SHAPE_KIND_MAP:
      return PLAN_SLOT;
    case GAWS_SHAPE_KIND_STRING:
      if (member->flags & GAWS_MEMBER_FLAG_JSONVALUE)
        return PLAN_LAST;
      return member->shape->enum_values == NULL ? PLAN_STRING : PLAN_ENUM;
    case GAWS_SHAPE_KIND_INTEGER:
      return PLAN_INTEGER;
    case GAWS_SHAPE_KIND_LONG:
      return PLAN_LONG;
    case GAWS_SHAPE_KIND_TIMESTAMP:
      return PLAN_TIME;
    default:
      return PLAN_LAST;
    }
}

/* Keeps what the item @node, just matched into @slots, read as the plan
 * for the next items with its names: when its names are kept, each
 * matching one member, and no member is read from an attribute, which
 * the names do not tell. */
static void
plan_members (const MemberNames   *names,
              const GawsShapeInfo *info,
              GawsXmlNode         *node,
              const Slot          *slots)
{
  SeenChildren *seen = names->seen;

  if (seen->planned || seen->n != node->n_children || names->table->attributes)
    return;
  seen->n_planned = 0;
  for (guint i = 0; i < info->n_members; i++)
    if (slots[i].count > 0)
      {
        /* a child each at least: no more than SEEN_CHILDREN */
        seen->planned_members[seen->n_planned] = i;
        seen->planned_how[seen->n_planned] = plan_how (&info->members[i]);
        seen->planned_enum[seen->n_planned] = NULL;
        seen->planned_slots[seen->n_planned++] = slots[i];
      }
  seen->planned = TRUE;
}

/* The planned enum member @k, @member, of text @last: its model's value
 * (static), or a copy of the text, as read_scalar() reads it. The value
 * the member had last (a listing's items mostly share their StorageClass)
 * is compared first, a word at a time. */
static inline void
read_planned_enum (SeenChildren         *seen,
                   guint                 k,
                   const GawsMemberInfo *member,
                   const GawsXmlNode    *last,
                   GValue               *value)
{
  const char *known = seen->planned_enum[k];

  if (known == NULL || seen->planned_enum_length[k] != last->text_length ||
      !fast_same_bytes (known, last->text, last->text_length))
    {
      known = find_enum_value (member->shape, last->text, last->text_length);
      if (known == NULL)
        {
          VALUE_SET (value, G_TYPE_STRING, v_pointer,
                     memcpy (g_malloc (last->text_length + 1), last->text, last->text_length + 1));
          return;
        }
      seen->planned_enum[k] = known;
      seen->planned_enum_length[k] = last->text_length;
    }
  VALUE_SET (value, G_TYPE_STRING, v_pointer, (gpointer) known);
  value->data[1].v_uint = G_VALUE_NOCOPY_CONTENTS;
}

/* A planned scalar, member @k of the plan, the last of its elements
 * @last, as read_scalar() reads it, into @value: FALSE when it takes the
 * long way. */
static inline gboolean
read_planned_scalar (SeenChildren         *seen,
                     guint                 k,
                     const GawsMemberInfo *member,
                     const GawsXmlNode    *last,
                     const TimeCache      *times,
                     GValue               *value)
{
  gint64 integer;

  switch ((PlanHow) seen->planned_how[k])
    {
    case PLAN_STRING:
      VALUE_SET (value, G_TYPE_STRING, v_pointer,
                 memcpy (g_malloc (last->text_length + 1), last->text, last->text_length + 1));
      return TRUE;
    case PLAN_ENUM:
      read_planned_enum (seen, k, member, last, value);
      return TRUE;
    case PLAN_INTEGER:
      if (!parse_small_integer (last->text, last->text_length, &integer))
        return FALSE;
      VALUE_SET (value, G_TYPE_INT, v_int, (gint32) integer);
      return TRUE;
    case PLAN_LONG:
      if (!parse_small_integer (last->text, last->text_length, &integer))
        return FALSE;
      VALUE_SET (value, G_TYPE_INT64, v_int64, integer);
      return TRUE;
    case PLAN_TIME:
      /* the list's last time again; a new one is the long way's to keep */
      if (times == NULL || times->time == NULL || times->length != last->text_length ||
          !fast_same_bytes (times->text, last->text, last->text_length))
        return FALSE;
      VALUE_SET (value, G_TYPE_DATE_TIME, v_pointer, g_date_time_ref (times->time));
      return TRUE;
    case PLAN_LAST:
    case PLAN_SLOT:
    default:
      return FALSE;
    }
}

/* read_structure() of an item with the planned names */
static gboolean
read_planned_members (GawsShape           *shape,
                      const GawsShapeInfo *info,
                      const MemberNames   *names,
                      GawsXmlNode         *node,
                      gboolean             fresh,
                      GError             **error)
{
  SeenChildren *seen = names->seen;

  for (guint k = 0; k < seen->n_planned; k++)
    {
      guint i = seen->planned_members[k];
      const GawsMemberInfo *member = &info->members[i];
      PlanHow how = seen->planned_how[k];
      GawsXmlNode *last = node->children[seen->planned_slots[k].last];
      GValue value = G_VALUE_INIT;

      if (read_planned_scalar (seen, k, member, last, names->times, &value))
        store (shape, i, &value, fresh);
      else if (how == PLAN_SLOT)
        {
          if (!read_slot (shape, i, member, node, names, &seen->planned_slots[k], fresh, error))
            return FALSE;
        }
      else if (!read_last_member_element (shape, i, member, last, fresh, names->times, error))
        {
          g_prefix_error (error, "%s: ", member->name);
          return FALSE;
        }
    }
  return TRUE;
}

/* Whether @node's children have the names @seen kept, compared as
 * pointers (as the fast path shares them). */
static inline gboolean
has_seen_names (GawsXmlNode        *node,
                const SeenChildren *seen)
{
  if (seen->n != node->n_children)
    return FALSE;
  for (guint j = 0; j < node->n_children; j++)
    if (node->children[j]->name != seen->names[j])
      return FALSE;
  return TRUE;
}

/* @info: @shape's; @known_names: (nullable): @info's member names, when
 * the caller found them already */
static gboolean
read_structure (GawsShape            *shape,
                const GawsShapeInfo  *info,
                const MemberNames    *known_names,
                GawsXmlNode          *node,
                gboolean              fresh,
                GError              **error)
{
  g_autofree Slot *many = NULL;
  Slot few[FEW_SLOTS], *slots = few;
  MemberNames own_names;
  const MemberNames *names = known_names;
  gboolean ok = TRUE;

  if (names == NULL)
    {
      member_names_init (&own_names, GAWS_SHAPE_GET_CLASS (shape), info);
      names = &own_names;
    }
  else if (names->seen != NULL && names->seen->planned && has_seen_names (node, names->seen))
    return read_planned_members (shape, info, names, node, fresh, error);
  if (info->n_members > FEW_SLOTS)
    slots = many = g_new (Slot, info->n_members);
  for (guint i = 0; i < info->n_members; i++)
    slots[i].count = 0;
  if (names->table->any && node->n_children > 0)
    match_children (node, names, slots);
  if (names->seen != NULL)
    plan_members (names, info, node, slots);
  for (guint i = 0; ok && i < info->n_members; i++)
    {
      const GawsMemberInfo *member = &info->members[i];

      /* without attributes, only the members found are looked at (the
       * names were found from the class's table, without them) */
      if (!names->table->attributes && slots[i].count == 0)
        continue;
      if (is_body_attribute (member))
        {
          const char *text = gaws_xml_node_get_attribute (node, element_name (member));

          ok = text == NULL || read_attribute (shape, i, member, text, fresh, error);
          continue;
        }
      if (slots[i].count > 0)
        ok = read_slot (shape, i, member, node, names, &slots[i], fresh, error);
    }
  if (names == &own_names)
    member_names_clear (&own_names);
  return ok;
}

/**
 * gaws_xml_read_structure:
 * @shape: a structure being built
 * @node: its element
 * @error: return location for a #GError
 *
 * Sets the members of @shape that travel in the body from @node's
 * children and attributes; unknown elements are skipped.
 *
 * Returns: %TRUE on success
 */
gboolean
gaws_xml_read_structure (GawsShape    *shape,
                         GawsXmlNode  *node,
                         GError      **error)
{
  return read_structure (shape, gaws_shape_get_info (shape), NULL, node, FALSE, error);
}

/* gaws_xml_read_structure() for a structure the caller has just made,
 * such as a response's output or error shape, which nobody can be watching
 * yet: its members are set without notification. */
gboolean
gaws_xml_read_new_structure (GawsShape    *shape,
                             GawsXmlNode  *node,
                             GError      **error)
{
  return read_structure (shape, gaws_shape_get_info (shape), NULL, node, TRUE, error);
}

/* Writing shapes, for rest-xml requests. */

static void write_element (GString *out, const GawsMemberInfo *member, const char *name,
                           gconstpointer element, const char *namespace_uri);

static void
open_tag (GString              *out,
          const char           *name,
          const GawsMemberInfo *member,
          const char           *namespace_uri)
{
  const char *prefix = member ? member->xml_namespace_prefix : NULL;

  if (namespace_uri == NULL && member != NULL)
    {
      namespace_uri = member->xml_namespace_uri ? member->xml_namespace_uri : member->shape->xml_namespace_uri;
      if (member->xml_namespace_uri == NULL)
        prefix = member->shape->xml_namespace_prefix;
    }
  g_string_append_printf (out, "<%s", name);
  if (namespace_uri != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (namespace_uri, -1);
      g_string_append_printf (out, " xmlns%s%s=\"%s\"", prefix ? ":" : "", prefix ? prefix : "", escaped);
    }
}

static void
write_text_element (GString              *out,
                    const GawsMemberInfo *member,
                    const char           *name,
                    const char           *text,
                    const char           *namespace_uri)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  open_tag (out, name, member, namespace_uri);
  g_string_append_printf (out, ">%s</%s>", escaped, name);
}

static void
write_list (GString              *out,
            const GawsMemberInfo *member,
            const char           *name,
            GPtrArray            *list,
            const char           *namespace_uri)
{
  const GawsMemberInfo *item = &member->shape->members[0];
  gboolean flattened = is_flattened (member);
  const char *item_name = flattened ? name : (item->location_name ? item->location_name : "member");

  if (!flattened)
    {
      open_tag (out, name, member, namespace_uri);
      g_string_append_c (out, '>');
    }
  for (guint i = 0; i < list->len; i++)
    if (list->pdata[i] != NULL)
      write_element (out, item, item_name, list->pdata[i], NULL);
  if (!flattened)
    g_string_append_printf (out, "</%s>", name);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
write_map (GString              *out,
           const GawsMemberInfo *member,
           const char           *name,
           GHashTable           *map,
           const char           *namespace_uri)
{
  const GawsMemberInfo *key = &member->shape->members[0];
  const GawsMemberInfo *value = &member->shape->members[1];
  gboolean flattened = is_flattened (member);
  g_autofree const char **keys = NULL;
  guint n_keys;

  if (!flattened)
    {
      open_tag (out, name, member, namespace_uri);
      g_string_append_c (out, '>');
    }
  keys = (const char **) g_hash_table_get_keys_as_array (map, &n_keys);
  qsort (keys, n_keys, sizeof (char *), compare_strings);
  for (guint i = 0; i < n_keys; i++)
    {
      const char *entry = flattened ? name : "entry";
      gpointer item = g_hash_table_lookup (map, keys[i]);

      g_string_append_printf (out, "<%s>", entry);
      write_text_element (out, key, key->location_name ? key->location_name : "key", keys[i], NULL);
      if (item != NULL)
        write_element (out, value, value->location_name ? value->location_name : "value", item, NULL);
      g_string_append_printf (out, "</%s>", entry);
    }
  if (!flattened)
    g_string_append_printf (out, "</%s>", name);
}

static void
write_element (GString              *out,
               const GawsMemberInfo *member,
               const char           *name,
               gconstpointer         element,
               const char           *namespace_uri)
{
  g_autofree char *text = NULL;

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
      gaws_xml_write_structure (out, (GawsShape *) element, name,
                                namespace_uri ? NULL : (member->xml_namespace_uri ? member->xml_namespace_prefix
                                                        : member->shape->xml_namespace_prefix),
                                namespace_uri ? namespace_uri : (member->xml_namespace_uri ? member->xml_namespace_uri
                                                                 : member->shape->xml_namespace_uri),
                                FALSE);
      return;
    case GAWS_SHAPE_KIND_LIST:
      write_list (out, member, name, (GPtrArray *) element, namespace_uri);
      return;
    case GAWS_SHAPE_KIND_MAP:
      write_map (out, member, name, (GHashTable *) element, namespace_uri);
      return;
    default:
      text = gaws_protocol_element_to_text (member, element, GAWS_TIMESTAMP_FORMAT_ISO8601);
      write_text_element (out, member, name, text ? text : "", namespace_uri);
      return;
    }
}

/**
 * gaws_xml_write_member:
 * @out: where to write
 * @member: a member
 * @name: its element name
 * @value: its value
 * @namespace_uri: (nullable): a namespace to declare on the element
 *
 * Writes one member as XML.
 */
void
gaws_xml_write_member (GString              *out,
                       const GawsMemberInfo *member,
                       const char           *name,
                       const GValue         *value,
                       const char           *namespace_uri)
{
  g_autofree char *text = NULL;

  if (G_VALUE_HOLDS_INT (value) || G_VALUE_HOLDS_INT64 (value) ||
      G_VALUE_HOLDS_BOOLEAN (value) || G_VALUE_HOLDS_DOUBLE (value))
    {
      text = gaws_protocol_value_to_text (member, value, GAWS_TIMESTAMP_FORMAT_ISO8601);
      write_text_element (out, member, name, text, namespace_uri);
      return;
    }
  write_element (out, member, name, g_value_peek_pointer (value), namespace_uri);
}

/**
 * gaws_xml_write_structure:
 * @out: where to write
 * @shape: a structure
 * @name: its element name
 * @namespace_prefix: (nullable): the prefix of @namespace_uri
 * @namespace_uri: (nullable): a namespace to declare on the element
 * @body_only: whether to leave out members bound to headers, the URI and
 *   the query string
 *
 * Writes a structure as XML, attributes included.
 */
void
gaws_xml_write_structure (GString     *out,
                          GawsShape   *shape,
                          const char  *name,
                          const char  *namespace_prefix,
                          const char  *namespace_uri,
                          gboolean     body_only)
{
  const GawsShapeInfo *info = gaws_shape_get_info (shape);

  g_string_append_printf (out, "<%s", name);
  if (namespace_uri != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (namespace_uri, -1);
      g_string_append_printf (out, " xmlns%s%s=\"%s\"", namespace_prefix ? ":" : "",
                              namespace_prefix ? namespace_prefix : "", escaped);
    }
  for (guint i = 0; i < info->n_members; i++)
    {
      const GawsMemberInfo *member = &info->members[i];
      const GValue *value = gaws_shape_get_value (shape, i);
      g_autofree char *text = NULL, *escaped = NULL;

      if (value == NULL || !(member->flags & GAWS_MEMBER_FLAG_XML_ATTRIBUTE))
        continue;
      text = gaws_protocol_value_to_text (member, value, GAWS_TIMESTAMP_FORMAT_ISO8601);
      escaped = g_markup_escape_text (text ? text : "", -1);
      g_string_append_printf (out, " %s=\"%s\"", gaws_member_info_get_wire_name (member), escaped);
    }
  g_string_append_c (out, '>');
  for (guint i = 0; i < info->n_members; i++)
    {
      const GawsMemberInfo *member = &info->members[i];
      const GValue *value = gaws_shape_get_value (shape, i);

      if (value == NULL || (member->flags & GAWS_MEMBER_FLAG_XML_ATTRIBUTE) ||
          (body_only && member->location != GAWS_LOCATION_BODY))
        continue;
      gaws_xml_write_member (out, member, gaws_member_info_get_wire_name (member), value, NULL);
    }
  g_string_append_printf (out, "</%s>", name);
}
