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
 *
 * What a thread keeps is in a thread-local table, found with a load and a
 * hint or a short scan: a request takes and gives some ten times, and each
 * g_private_set() is a call into pthread_setspecific() with GLib's lazy
 * key set-up in front. The slot's GPrivate only names the use. One more
 * GPrivate, set once per thread, frees what the table holds when the
 * thread exits, as each slot's own GPrivate did.
 */
#include "gaws-object-private.h"
#include "gaws-scratch-private.h"

#include <string.h>

/* A string grown by one unusually large request is not kept. */
#define KEEP_MAX (64 * 1024)

/* More uses than the runtime has (fourteen): any beyond go through their
 * GPrivate as before, keeping one. */
#define MAX_SLOTS 16

/* A string is kept alone: nested uses are rare, and each may be large.
 * Blocks are kept by the many: calls in flight end in no particular order,
 * and a dispatch may end (and start) dozens of them, then the next read
 * the heads of as many responses. */
#define STRING_DEPTH 1
#define BLOCK_DEPTH  64
#define BODY_DEPTH   8

/* A body block past this is not kept: several are. */
#define BODY_KEEP_MAX (16 * 1024)

typedef struct {
  GPrivate       *slot;       /* the use */
  GDestroyNotify  free_func;  /* what frees @kept at the thread's exit */
  guint           n_kept;
  gpointer        kept[BLOCK_DEPTH];  /* the last given on top */
} Entry;

/* Where a slot's entry was last found, by a hash of the slot's address
 * (see find_entry()). */
#define N_HINTS 64

typedef struct {
  guint    n_entries;
  Entry    entries[MAX_SLOTS];
  guint8   hints[N_HINTS];   /* an entry's index + 1, or 0 */
} Kept;

/* A pointer, not the table: a thread that never calls AWS costs eight
 * bytes of thread-local storage, not the table's eight kilobytes. */
static __thread Kept *thread_kept;

static void thread_exit (gpointer data);

/* Its value is this thread's table, set when the table is made: what runs
 * thread_exit() when the thread exits. */
static GPrivate thread_exit_key = G_PRIVATE_INIT (thread_exit);

/* Frees @data (the exiting thread's table) and what it keeps. A
 * destructor that runs later and gives something back makes a new table,
 * and the thread library calls this once more. */
static void
thread_exit (gpointer data)
{
  Kept *table = data;

  thread_kept = NULL;
  for (guint i = 0; i < table->n_entries; i++)
    {
      Entry *entry = &table->entries[i];

      while (entry->n_kept > 0)
        entry->free_func (entry->kept[--entry->n_kept]);
    }
  g_free (table);
}

static guint
slot_hint (GPrivate *slot)
{
  return (guint) (((guint64) (guintptr) slot * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 58);
}

/* @slot's entry in @table, made when @free_func is given; NULL when the
 * table is full (then the slot's GPrivate holds what is kept). A request
 * takes and gives some ten times, past a dozen uses: the entry where the
 * slot's hint points is tried before the scan, and checked. */
static Entry *
find_entry (Kept           *table,
            GPrivate       *slot,
            GDestroyNotify  free_func)
{
  guint hint = slot_hint (slot);
  guint found = table->hints[hint];

  if (found != 0 && table->entries[found - 1].slot == slot)
    return &table->entries[found - 1];
  for (guint i = 0; i < table->n_entries; i++)
    if (table->entries[i].slot == slot)
      {
        table->hints[hint] = (guint8) (i + 1);
        return &table->entries[i];
      }
  if (free_func == NULL || table->n_entries == MAX_SLOTS)
    return NULL;
  table->entries[table->n_entries].slot = slot;
  table->entries[table->n_entries].free_func = free_func;
  table->hints[hint] = (guint8) (table->n_entries + 1);
  return &table->entries[table->n_entries++];
}

/* Takes the object this thread kept last for @slot, or NULL. */
static gpointer
take (GPrivate *slot)
{
  Kept *table = thread_kept;
  Entry *entry = table ? find_entry (table, slot, NULL) : NULL;
  gpointer object;

  if (entry != NULL)
    return entry->n_kept > 0 ? entry->kept[--entry->n_kept] : NULL;
  object = g_private_get (slot);
  if (object != NULL)
    g_private_set (slot, NULL);
  return object;
}

/* Keeps @object for @slot in this thread; FALSE when it keeps @depth
 * already (the caller frees @object then). @free_func frees it at the
 * thread's exit. */
static gboolean
give (GPrivate       *slot,
      gpointer        object,
      GDestroyNotify  free_func,
      guint           depth)
{
  Kept *table = thread_kept;
  Entry *entry;

  if (G_UNLIKELY (table == NULL))
    {
      table = thread_kept = g_new0 (Kept, 1);
      g_private_set (&thread_exit_key, table);
    }
  entry = find_entry (table, slot, free_func);
  if (entry == NULL)
    {
      if (g_private_get (slot) != NULL)
        return FALSE;
      g_private_set (slot, object);
      return TRUE;
    }
  if (entry->n_kept >= depth)
    return FALSE;
  entry->kept[entry->n_kept++] = object;
  return TRUE;
}

void
gaws_scratch_free (gpointer string)
{
  g_string_free (string, TRUE);
}

/* An empty string: the one kept for @slot, or a new one of @initial_size. */
GString *
gaws_scratch_take (GPrivate *slot,
                   gsize     initial_size)
{
  GString *scratch = take (slot);

  if (scratch == NULL)
    return g_string_sized_new (initial_size);
  g_string_truncate (scratch, 0);
  return scratch;
}

/* Gives @scratch back to @slot, or frees it when it grew too large or the
 * slot was refilled meanwhile. */
void
gaws_scratch_give (GPrivate *slot,
                   GString  *scratch)
{
  if (scratch->allocated_len > KEEP_MAX || !give (slot, scratch, gaws_scratch_free, STRING_DEPTH))
    g_string_free (scratch, TRUE);
}

/* A block kept in @spare, as it was given, or NULL. */
gpointer
gaws_spare_block_take (GPrivate *spare)
{
  return take (spare);
}

/* A zeroed block of @size bytes: one kept in @spare, or a new one.
 * Every caller of one @spare asks for the same size. */
gpointer
gaws_spare_block_take0 (GPrivate *spare,
                        gsize     size)
{
  gpointer block = take (spare);

  if (block == NULL)
    return g_malloc0 (size);
  memset (block, 0, size);
  return block;
}

/* Keeps @block in @spare for a next take, or frees it when the thread
 * keeps enough already. */
void
gaws_spare_block_give (GPrivate *spare,
                       gpointer  block)
{
  if (!give (spare, block, g_free, BLOCK_DEPTH))
    g_free (block);
}

/* Keeps @object in @spare (initialised with G_PRIVATE_INIT (@free_func))
 * for a next gaws_spare_block_take(), as gaws_spare_block_give() keeps a
 * block; for records that own more than their block. FALSE when the thread
 * keeps enough already: the caller frees @object then. */
gboolean
gaws_spare_object_give (GPrivate       *spare,
                        gpointer        object,
                        GDestroyNotify  free_func)
{
  return give (spare, object, free_func, BLOCK_DEPTH);
}

/* Keeps @object, whose last reference the caller drops, in @spare
 * (GAWS_SPARE_OBJECT_INIT) for a next gaws_spare_block_take(), made new
 * again by @reset, when nothing else is on it (gaws_object_is_sole()) before
 * and after the reset (which may free what took a reference). FALSE when
 * it is not kept: the caller unrefs it then. */
gboolean
gaws_spare_object_recycle (GPrivate *spare,
                           gpointer  object,
                           void    (*reset) (gpointer object))
{
  if (!gaws_object_is_sole (object))
    return FALSE;
  reset (object);
  return gaws_object_is_sole (object) && give (spare, object, g_object_unref, BLOCK_DEPTH);
}

/* For a dispose that keeps @object in @spare at its last g_object_unref()
 * (nothing else on it: gaws_object_is_last_unref()): takes the reference
 * that the unref drops after the dispose, and gives @object to @spare,
 * whose thread frees it with @free_func if it keeps it no more. FALSE,
 * with no reference taken, when @spare is full. */
gboolean
gaws_spare_object_keep_last (GPrivate       *spare,
                             gpointer        object,
                             GDestroyNotify  free_func)
{
  g_object_ref (object);
  if (give (spare, object, free_func, BLOCK_DEPTH))
    return TRUE;
  g_atomic_int_add ((gint *) &((GObject *) object)->ref_count, -1);
  return FALSE;
}

/* A GObject that gaws_spare_object_keep_last() kept in @spare, or NULL.
 * One with anything on it (which is not kept, but code run by the unref
 * that kept it could have added: a reference, data) is freed with
 * @free_func rather than handed out. */
gpointer
gaws_spare_object_take_sole (GPrivate       *spare,
                             GDestroyNotify  free_func)
{
  GObject *object = gaws_spare_block_take (spare);

  if (object != NULL && !gaws_object_is_sole (object))
    {
      free_func (object);
      return NULL;
    }
  return object;
}

/* A kept body: its capacity and the spare it goes back to, then the data. */
typedef struct {
  GPrivate *spare;
  gsize     capacity;
  char      data[];
} Body;

#define BODY_MIN 1024

static void
body_give (gpointer data)
{
  Body *body = data;

  if (body->capacity > BODY_KEEP_MAX || !give (body->spare, body, g_free, BODY_DEPTH))
    g_free (body);
}

/* A #GBytes holding a copy of @len bytes at @data, in a block that goes
 * back to @spare when the bytes are freed (on the thread that frees them)
 * for the next copy: a request body costs no allocation when its request
 * is gone before the next is written, as in a call made from the
 * callback of the one before. @spare is initialised with
 * GAWS_SPARE_BLOCK_INIT. */
GBytes *
gaws_spare_bytes_new (GPrivate      *spare,
                      gconstpointer  data,
                      gsize          len)
{
  Body *body = take (spare);

  if (body != NULL && body->capacity < len)
    g_clear_pointer (&body, g_free);
  if (body == NULL)
    {
      gsize capacity = MAX (len, BODY_MIN);

      body = g_malloc (sizeof (Body) + capacity);
      body->spare = spare;
      body->capacity = capacity;
    }
  if (len > 0)
    memcpy (body->data, data, len);
  return g_bytes_new_with_free_func (body->data, len, body_give, body);
}
