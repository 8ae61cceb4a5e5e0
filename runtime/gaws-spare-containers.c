/* gaws-spare-containers.c: emptied maps and lists, and the blocks of short strings, kept for reuse
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-spare-containers-private.h"

#include "gaws-object-private.h"

#include <string.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

/* A response's maps and lists (a DynamoDB item, its string sets) are made
 * by the protocol reader and, most often, dropped with the structure that
 * holds them, which nobody else refers to: a GHashTable costs four
 * allocations (the table, its hashes, its keys and, at the first value
 * not its key, its values) and a GPtrArray two, each freed again a moment
 * later. One dropped while only its holder refers to it is emptied
 * instead, keeping its arrays, and handed out by the next
 * gaws_shape_info_new_map() or gaws_shape_info_new_list() that wants the
 * same functions: what it was made with cannot change, so it is then the
 * same as a new one.
 *
 * Whether nobody else refers to it is in its reference count, which GLib
 * keeps private: read only on the GLib whose objects gaws knows
 * (gaws_object_unref_is_known(): 2.74, the one gaws needs), with the
 * layouts of 2.74's ghash.c and garray.c, which a probe of the GLib
 * running checks once (known_layouts()) before any is relied on. The rest (emptying,
 * handing out) is GLib's public API. */

/* struct _GHashTable in GLib 2.74's ghash.c. The version field is there unless GLib was built with G_DISABLE_ASSERT,
 * which distributions do not do: the probe finds out. */
typedef struct
{
  gsize size;
  gint mod;
  guint mask;
  guint nnodes;
  guint noccupied;
  guint have_big_keys : 1;
  guint have_big_values : 1;
  gpointer keys;
  guint *hashes;
  gpointer values;
  GHashFunc hash_func;
  GEqualFunc key_equal_func;
  gint ref_count;               /* gatomicrefcount */
  int version;
  GDestroyNotify key_destroy_func;
  GDestroyNotify value_destroy_func;
} KnownHashTable;

/* struct _GRealPtrArray in GLib 2.74's garray.c (null_terminated is new
 * in 2.74, where padding was: the probe looks at both kinds of array). */
typedef struct
{
  gpointer *pdata;
  guint len;
  guint alloc;
  gint ref_count;               /* gatomicrefcount */
  guint8 null_terminated : 1;
  GDestroyNotify element_free_func;
} KnownPtrArray;

/* A list that grew past this many slots is freed rather than kept with
 * them all. */
#define LIST_KEPT_ALLOC 64

/* Spares of a few kinds (the value or element free functions
 * gaws_shape_info_get_free_func() gives, as the first takes of each ask
 * for them: a user's map or list of another kind is freed), a few each:
 * calls in flight end in no particular order. */
#define SPARE_KINDS 4
#define SPARE_DEPTH 16

typedef struct {
  GDestroyNotify free_func;
  guint          n;
  gpointer       items[SPARE_DEPTH];
} SparePool;

/* Short strings: a DynamoDB item's attribute names and the strings of
 * its sets, each a block of its own that the reader makes and the item's
 * free frees a moment later, with its attributes' values (14 per GetItem
 * of the bench's item): all of one size in glibc's allocator, twice what
 * its thread cache keeps of a size, the rest went through its fast bins
 * at some 150 instructions a free. A map's and a list's are kept here
 * instead (those of structures' members go back to glibc, see
 * gaws-shape.c's slot_clear()), by how
 * many bytes glibc says a block holds (malloc_usable_size()), in classes
 * of STRING_CLASS_STEP bytes from STRING_CLASS_MIN: glibc's own chunk
 * sizes. Only on glibc, whose malloc() g_malloc() is. */
#define STRING_CLASS_MIN 24
#define STRING_CLASS_STEP 16
#define STRING_CLASSES 4
#define STRING_DEPTH 32

typedef struct {
  guint  n;
  char  *blocks[STRING_DEPTH];
} SpareStrings;

typedef struct {
  SparePool    maps[SPARE_KINDS];
  SparePool    lists[SPARE_KINDS];
  SpareStrings strings[STRING_CLASSES];
} SpareContainers;

static void
probe_free (gpointer data)
{
}

/* Whether the GLib running lays out its hash tables and pointer arrays as
 * KnownHashTable and KnownPtrArray say: each field that is read, looked at
 * in arrays made with known values. */
static gboolean
probe_layouts (void)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, probe_free);
  KnownHashTable *known_table = (KnownHashTable *) table;
  GPtrArray *array = g_ptr_array_new_with_free_func (probe_free);
  KnownPtrArray *known_array = (KnownPtrArray *) array;
  gboolean known;

  known = known_table->hash_func == g_str_hash && known_table->key_equal_func == g_str_equal &&
          known_table->key_destroy_func == g_free && known_table->value_destroy_func == probe_free &&
          known_table->ref_count == 1;
  g_hash_table_ref (table);
  known = known && known_table->ref_count == 2;
  g_hash_table_unref (table);
  g_hash_table_unref (table);

  known = known && known_array->element_free_func == probe_free && known_array->ref_count == 1 &&
          !known_array->null_terminated;
  g_ptr_array_ref (array);
  known = known && known_array->ref_count == 2;
  g_ptr_array_unref (array);
  g_ptr_array_unref (array);

#if GLIB_CHECK_VERSION(2, 74, 0)
  array = g_ptr_array_new_null_terminated (0, probe_free, TRUE);
  known = known && ((KnownPtrArray *) array)->null_terminated;
  g_ptr_array_unref (array);
#else
  known = FALSE;
#endif
  return known;
}

static gboolean
known_layouts (void)
{
  static gsize state = 0;   /* 1: unknown, 2: known */

  if (g_once_init_enter (&state))
    g_once_init_leave (&state, gaws_object_unref_is_known () && probe_layouts () ? 2 : 1);
  return state == 2;
}

/* The thread's spares, as gaws-shape.c keeps its structures: read without
 * g_private_get(), freed with the thread, none kept after that. */
static __thread SpareContainers *thread_spares;
static __thread gboolean thread_spares_gone;

static void
spare_containers_free (gpointer data)
{
  SpareContainers *spares = data;

  thread_spares = NULL;
  thread_spares_gone = TRUE;
  for (guint i = 0; i < SPARE_KINDS; i++)
    {
      for (guint j = 0; j < spares->maps[i].n; j++)
        g_hash_table_unref (spares->maps[i].items[j]);
      for (guint j = 0; j < spares->lists[i].n; j++)
        g_ptr_array_unref (spares->lists[i].items[j]);
    }
  for (guint i = 0; i < STRING_CLASSES; i++)
    for (guint j = 0; j < spares->strings[i].n; j++)
      g_free (spares->strings[i].blocks[j]);
  g_free (spares);
}

static GPrivate spare_containers = G_PRIVATE_INIT (spare_containers_free);

static SpareContainers *
spares_get (void)
{
  SpareContainers *spares = thread_spares;

  if (G_UNLIKELY (spares == NULL) && !thread_spares_gone)
    {
      spares = thread_spares = g_new0 (SpareContainers, 1);
      g_private_set (&spare_containers, spares);
    }
  return spares;
}

/* A kept item for @free_func from @pools, or NULL. The first ask for a
 * kind makes room for it (when there is): only kinds asked for are
 * kept. */
static gpointer
pool_take (SparePool      *pools,
           GDestroyNotify  free_func)
{
  SparePool *free_pool = NULL;

  for (guint i = 0; i < SPARE_KINDS; i++)
    {
      if (pools[i].free_func == free_func)
        return pools[i].n > 0 ? pools[i].items[--pools[i].n] : NULL;
      if (pools[i].free_func == NULL && free_pool == NULL)
        free_pool = &pools[i];
    }
  if (free_pool != NULL)
    free_pool->free_func = free_func;
  return NULL;
}

/* Keeps @item in the pool of @pools for @free_func: FALSE when there is
 * none or no room. */
static gboolean
pool_give (SparePool      *pools,
           GDestroyNotify  free_func,
           gpointer        item)
{
  for (guint i = 0; i < SPARE_KINDS; i++)
    if (pools[i].free_func == free_func)
      {
        if (pools[i].n == SPARE_DEPTH)
          return FALSE;
        pools[i].items[pools[i].n++] = item;
        return TRUE;
      }
  return FALSE;
}

/* Whether @pools keep items for @free_func. */
static gboolean
pool_wants (SparePool      *pools,
            GDestroyNotify  free_func)
{
  for (guint i = 0; i < SPARE_KINDS; i++)
    if (pools[i].free_func == free_func)
      return pools[i].n < SPARE_DEPTH;
  return FALSE;
}

/**
 * gaws_spare_map_take: (skip)
 * @value_destroy: how the map's values are freed
 *
 * Returns: (transfer full) (nullable): an empty map, as
 *   g_hash_table_new_full (g_str_hash, g_str_equal, g_free, @value_destroy)
 *   makes it, kept by gaws_map_unref_held(), or %NULL
 */
GHashTable *
gaws_spare_map_take (GDestroyNotify value_destroy)
{
  SpareContainers *spares = spares_get ();

  return spares != NULL ? pool_take (spares->maps, value_destroy) : NULL;
}

/* Whether @table is a map gaws_shape_info_new_map() could have made that
 * only its caller refers to. */
static gboolean
map_is_sole (GHashTable *table)
{
  KnownHashTable *known = (KnownHashTable *) table;

  /* (one without a value destroy notify, which gaws's maps all have,
   * would take a place in the spares for nothing) */
  return known_layouts () && g_atomic_int_get (&known->ref_count) == 1 && known->hash_func == g_str_hash &&
         known->key_equal_func == g_str_equal && known->key_destroy_func == g_free &&
         known->value_destroy_func != NULL;
}

typedef struct {
  SpareContainers *spares;
  GDestroyNotify   value_destroy;
} EntryFree;

static void strings_give (SpareContainers *spares, char *string);

static void
free_entry (gpointer key,
            gpointer value,
            gpointer user_data)
{
  EntryFree *entry = user_data;

  /* in the order and with the NULLs g_hash_table_unref() would */
  strings_give (entry->spares, key);
  if (entry->value_destroy == g_free)
    strings_give (entry->spares, value);
  else
    entry->value_destroy (value);
}

/**
 * gaws_map_unref_held: (skip)
 * @table: a map held by a structure, a list or a map
 *
 * g_hash_table_unref() for the map of a member. The last reference of a
 * map with string keys is kept, emptied, for gaws_spare_map_take():
 * its keys and values are freed as its unref would, but its arrays stay.
 */
void
gaws_map_unref_held (GHashTable *table)
{
  SpareContainers *spares = thread_spares;
  GDestroyNotify value_destroy;

  if (spares == NULL || !map_is_sole (table) ||
      !pool_wants (spares->maps, value_destroy = ((KnownHashTable *) table)->value_destroy_func))
    {
      g_hash_table_unref (table);
      return;
    }
  /* The destroy notifies, which may run anybody's code, first (nobody
   * else can reach the table), then the entries out without a second
   * call: g_hash_table_steal_all() zeroes the arrays where
   * g_hash_table_remove_all() would make new ones, for a caller
   * that might look at the table from a destroy notify. */
  g_hash_table_foreach (table, free_entry, &(EntryFree) { spares, value_destroy });
  g_hash_table_steal_all (table);
  /* (those freed may have filled the pool, or ended the thread's) */
  spares = thread_spares;
  if (spares == NULL || !pool_give (spares->maps, value_destroy, table))
    g_hash_table_unref (table);
}

/**
 * gaws_spare_list_take: (skip)
 * @element_free: how the list's elements are freed
 *
 * Returns: (transfer full) (nullable): an empty list, as
 *   g_ptr_array_new_with_free_func (@element_free) makes it, kept by
 *   gaws_list_unref_held(), or %NULL
 */
GPtrArray *
gaws_spare_list_take (GDestroyNotify element_free)
{
  SpareContainers *spares = spares_get ();

  return spares != NULL ? pool_take (spares->lists, element_free) : NULL;
}

/* Whether @array is a list gaws_shape_info_new_list() could have made
 * that only its caller refers to, of no more than LIST_KEPT_ALLOC
 * slots (and, as gaws's all are, with an element free function). */
static gboolean
list_is_sole (GPtrArray *array)
{
  KnownPtrArray *known = (KnownPtrArray *) array;

  return known_layouts () && g_atomic_int_get (&known->ref_count) == 1 && !known->null_terminated &&
         known->alloc <= LIST_KEPT_ALLOC && known->element_free_func != NULL;
}

/**
 * gaws_list_unref_held: (skip)
 * @array: a list held by a structure, a list or a map
 *
 * g_ptr_array_unref() for the list of a member. The last reference of a
 * list is kept, emptied, for gaws_spare_list_take(): its elements are
 * freed as its unref would, but its array stays.
 */
void
gaws_list_unref_held (GPtrArray *array)
{
  SpareContainers *spares = thread_spares;
  GDestroyNotify element_free;

  if (spares == NULL || !list_is_sole (array) ||
      !pool_wants (spares->lists, element_free = ((KnownPtrArray *) array)->element_free_func))
    {
      g_ptr_array_unref (array);
      return;
    }
  /* strings kept as gaws_string_free_held() keeps them: NULLs left,
   * which g_free() takes */
  if (element_free == g_free)
    for (guint i = 0; i < array->len; i++)
      strings_give (spares, g_steal_pointer (&array->pdata[i]));
  /* frees the elements, keeps the slots */
  g_ptr_array_set_size (array, 0);
  spares = thread_spares;
  if (spares == NULL || !pool_give (spares->lists, element_free, array))
    g_ptr_array_unref (array);
}

/* A block of at least @size bytes from @spares, or NULL. */
static inline char *
strings_take (SpareContainers *spares,
              gsize            size)
{
  SpareStrings *strings;
  gsize class;

  if (spares == NULL || size > STRING_CLASS_MIN + (STRING_CLASSES - 1) * STRING_CLASS_STEP)
    return NULL;
  /* the first class whose blocks all hold @size */
  class = size <= STRING_CLASS_MIN ? 0 : (size - STRING_CLASS_MIN + STRING_CLASS_STEP - 1) / STRING_CLASS_STEP;
  strings = &spares->strings[class];
  return strings->n > 0 ? strings->blocks[--strings->n] : NULL;
}

/* gaws_string_free_held() into @spares (the thread's, or NULL) */
static void
strings_give (SpareContainers *spares,
              char            *string)
{
#ifdef __GLIBC__
  gsize usable, class;

  if (string == NULL || spares == NULL)
    goto free;
  usable = malloc_usable_size (string);
  if (usable < STRING_CLASS_MIN || usable >= STRING_CLASS_MIN + STRING_CLASSES * STRING_CLASS_STEP)
    goto free;
  /* the last class whose blocks all are that large */
  class = (usable - STRING_CLASS_MIN) / STRING_CLASS_STEP;
  if (spares->strings[class].n == STRING_DEPTH)
    goto free;
  spares->strings[class].blocks[spares->strings[class].n++] = string;
  return;
free:
#endif
  g_free (string);
}

/**
 * gaws_spare_strings_get: (skip)
 *
 * The thread's kept strings, for a caller that takes many: a response's
 * reader, which saves a look-up of the thread's data for each.
 *
 * Returns: (nullable): the thread's kept strings, valid until the thread
 *   exits, or %NULL when there are none
 */
GawsSpareStrings *
gaws_spare_strings_get (void)
{
  return (GawsSpareStrings *) thread_spares;
}

/**
 * gaws_spare_strings_take: (skip)
 * @strings: (nullable): what gaws_spare_strings_get() gave
 * @size: the bytes wanted, with the string's NUL
 *
 * Returns: (transfer full) (nullable): a block of at least @size bytes,
 *   freed with g_free(), that gaws_string_free_held() kept, or %NULL
 */
char *
gaws_spare_strings_take (GawsSpareStrings *strings,
                         gsize             size)
{
  return strings_take ((SpareContainers *) strings, size);
}

/**
 * gaws_spare_string_dup: (skip)
 * @string: a string
 *
 * g_strdup() for what a structure keeps of a string set on it (a
 * request's table name, an AttributeValue's S): into a block
 * gaws_string_free_held() kept when there is one.
 *
 * Returns: (transfer full): a copy of @string, freed with g_free()
 */
char *
gaws_spare_string_dup (const char *string)
{
  gsize size = strlen (string) + 1;
  char *copy = strings_take (thread_spares, size);

  if (copy == NULL)
    copy = g_malloc (size);
  memcpy (copy, string, size);
  return copy;
}

/**
 * gaws_string_free_held: (skip)
 * @string: (nullable) (transfer full): a string held by a structure, a
 *   list or a map, which is being freed
 *
 * g_free() for a string of the runtime's own, or one a map or a list
 * held, whose block, when short, is kept for gaws_spare_strings_take():
 * nobody else can reach a block its holder frees. By the size the
 * allocator says it holds, which is at least what its maker asked for.
 */
void
gaws_string_free_held (char *string)
{
  strings_give (thread_spares, string);
}
