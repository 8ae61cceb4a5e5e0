/* test-scratch.c: the strings and blocks each thread keeps (gaws-scratch.c)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Built with its own copy of runtime/gaws-scratch.c, whose functions the
 * library does not export. What a thread keeps at its exit is freed: the
 * sanitizer build and valgrind report it otherwise.
 */
#include "gaws-scratch-private.h"

#include <string.h>

static GPrivate slot_a = GAWS_SCRATCH_INIT;
static GPrivate slot_b = GAWS_SCRATCH_INIT;
static GPrivate spare = GAWS_SPARE_BLOCK_INIT;
static GPrivate body_spare = GAWS_SPARE_BLOCK_INIT;

/* A string given back is the next one taken, emptied; a nested take while
 * it is out makes another, and the second give frees that one. */
static void
test_reuse_and_nesting (void)
{
  GString *first = gaws_scratch_take (&slot_a, 16);
  GString *nested;
  GString *again;

  g_string_append (first, "canonical request");
  nested = gaws_scratch_take (&slot_a, 16);
  g_assert_true (nested != first);
  g_assert_cmpuint (nested->len, ==, 0);
  gaws_scratch_give (&slot_a, first);
  gaws_scratch_give (&slot_a, nested);   /* the slot is full: freed */
  again = gaws_scratch_take (&slot_a, 16);
  g_assert_true (again == first);
  g_assert_cmpuint (again->len, ==, 0);
  g_assert_cmpstr (again->str, ==, "");
  /* slots are separate */
  nested = gaws_scratch_take (&slot_b, 8);
  g_assert_true (nested != again);
  gaws_scratch_give (&slot_b, nested);
  gaws_scratch_give (&slot_a, again);
}

/* A string grown past the limit is not kept. */
static void
test_large_not_kept (void)
{
  GString *big = gaws_scratch_take (&slot_b, 16);
  GString *next;

  g_string_set_size (big, 200 * 1024);
  gaws_scratch_give (&slot_b, big);
  next = gaws_scratch_take (&slot_b, 16);
  g_assert_cmpuint (next->allocated_len, <, 200 * 1024);
  gaws_scratch_give (&slot_b, next);
}

/* A block comes back zeroed. */
static void
test_block_zeroed (void)
{
  guint8 *block = gaws_spare_block_take0 (&spare, 64);
  guint8 *again;

  memset (block, 0xab, 64);
  gaws_spare_block_give (&spare, block);
  again = gaws_spare_block_take0 (&spare, 64);
  g_assert_true (again == block);
  for (guint i = 0; i < 64; i++)
    g_assert_cmpuint (again[i], ==, 0);
  gaws_spare_block_give (&spare, again);
}

/* Blocks are kept by the few, the last given taken first; past that
 * they are freed. */
static void
test_blocks_kept_by_few (void)
{
  gpointer given[100];
  gpointer top = NULL;
  guint kept = 0;

  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    given[i] = gaws_spare_block_take0 (&spare, 32);
  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    gaws_spare_block_give (&spare, given[i]);
  /* the first few were kept, the rest freed */
  top = gaws_spare_block_take0 (&spare, 32);
  for (guint i = 0; i < G_N_ELEMENTS (given) && kept == 0; i++)
    if (given[i] == top)
      kept = i + 1;
  g_assert_cmpuint (kept, >, 1);
  g_assert_cmpuint (kept, <, G_N_ELEMENTS (given));
  for (guint i = 1; i < kept; i++)
    g_assert_true (gaws_spare_block_take0 (&spare, 32) == given[kept - 1 - i]);
  for (guint i = 0; i < kept; i++)
    gaws_spare_block_give (&spare, given[i]);
}

/* More slots than the per-thread table holds: the rest keep theirs in
 * their own GPrivate, and every one still gives back what it was given. */
static void
test_many_slots (void)
{
  static GPrivate many[20] = {
    GAWS_SCRATCH_INIT, GAWS_SCRATCH_INIT, GAWS_SCRATCH_INIT, GAWS_SCRATCH_INIT, GAWS_SCRATCH_INIT,
    GAWS_SCRATCH_INIT, GAWS_SCRATCH_INIT, GAWS_SCRATCH_INIT, GAWS_SCRATCH_INIT, GAWS_SCRATCH_INIT,
    GAWS_SCRATCH_INIT, GAWS_SCRATCH_INIT, GAWS_SCRATCH_INIT, GAWS_SCRATCH_INIT, GAWS_SCRATCH_INIT,
    GAWS_SCRATCH_INIT, GAWS_SCRATCH_INIT, GAWS_SCRATCH_INIT, GAWS_SCRATCH_INIT, GAWS_SCRATCH_INIT,
  };
  GString *given[G_N_ELEMENTS (many)];

  for (guint i = 0; i < G_N_ELEMENTS (many); i++)
    {
      given[i] = gaws_scratch_take (&many[i], 8);
      gaws_scratch_give (&many[i], given[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (many); i++)
    {
      GString *taken = gaws_scratch_take (&many[i], 8);

      g_assert_true (taken == given[i]);
      /* taken out: a second take makes a new one */
      given[i] = gaws_scratch_take (&many[i], 8);
      g_assert_true (given[i] != taken);
      gaws_scratch_free (given[i]);
      gaws_scratch_give (&many[i], taken);
      given[i] = taken;
    }
  /* the other way round, every other one kept out: slots whose hints
   * collide find their own entries, and only their own */
  for (guint i = G_N_ELEMENTS (many); i-- > 0;)
    {
      GString *taken = gaws_scratch_take (&many[i], 8);

      g_assert_true (taken == given[i]);
      if (i % 2 == 0)
        gaws_scratch_give (&many[i], taken);
    }
  for (guint i = 0; i < G_N_ELEMENTS (many); i++)
    {
      GString *taken = gaws_scratch_take (&many[i], 8);

      if (i % 2 == 0)
        g_assert_true (taken == given[i]);
      else
        {
          g_assert_true (taken != given[i]);
          gaws_scratch_free (given[i]);
        }
      gaws_scratch_free (taken);
    }
}

static gpointer
keep_and_exit (gpointer data)
{
  GString **out = data;

  /* this thread's own slot is empty, whatever the main thread keeps */
  *out = gaws_scratch_take (&slot_a, 8);
  g_string_append (*out, "worker");
  gaws_scratch_give (&slot_a, *out);
  /* kept until the thread exits, which frees it (no leak reported) */
  gaws_spare_block_give (&spare, gaws_spare_block_take0 (&spare, 64));
  return NULL;
}

/* Each thread keeps its own; a thread's exit frees what it kept. */
static void
test_per_thread (void)
{
  GString *mine = gaws_scratch_take (&slot_a, 8);
  GString *worker = NULL;
  GThread *thread;

  gaws_scratch_give (&slot_a, mine);
  thread = g_thread_new ("scratch", keep_and_exit, &worker);
  g_thread_join (thread);
  g_assert_nonnull (worker);
  g_assert_true (worker != mine);
  /* the main thread still has its own */
  g_assert_true (gaws_scratch_take (&slot_a, 8) == mine);
  gaws_scratch_give (&slot_a, mine);
}

typedef struct {
  gpointer owned;   /* what only the record's own free function frees */
} Record;

static guint records_freed;

static void
record_free (gpointer data)
{
  Record *record = data;

  g_free (record->owned);
  g_free (record);
  records_freed++;
}

static GPrivate record_spare = G_PRIVATE_INIT (record_free);

static gpointer
keep_records_and_exit (gpointer data)
{
  for (guint i = 0; i < 3; i++)
    {
      Record *record = g_new0 (Record, 1);

      record->owned = g_malloc (16);
      g_assert_true (gaws_spare_object_give (&record_spare, record, record_free));
    }
  return NULL;
}

/* In a thread of its own, whose table /scratch/many-slots has not filled. */
static gpointer
give_and_take_records (gpointer data)
{
  Record *given[100];
  guint n_kept = 0;

  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    {
      given[i] = g_new0 (Record, 1);
      given[i]->owned = g_malloc (16);
    }
  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    if (gaws_spare_object_give (&record_spare, given[i], record_free))
      n_kept++;
    else
      record_free (given[i]);
  g_assert_cmpuint (n_kept, >, 1);
  g_assert_cmpuint (n_kept, <, G_N_ELEMENTS (given));
  for (guint i = n_kept; i > 0; i--)
    {
      Record *taken = gaws_spare_block_take (&record_spare);

      g_assert_true (taken == given[i - 1]);
      record_free (taken);
    }
  g_assert_null (gaws_spare_block_take (&record_spare));
  return NULL;
}

/* Records that own more than their block are kept as blocks are, last
 * given first taken, until the thread keeps enough (then the caller frees
 * them); at a thread's exit their own free function frees them. */
static void
test_spare_objects (void)
{
  g_thread_join (g_thread_new ("records", give_and_take_records, NULL));
  records_freed = 0;
  g_thread_join (g_thread_new ("records", keep_records_and_exit, NULL));
  g_assert_cmpuint (records_freed, ==, 3);
}

static gpointer
unref_bytes (gpointer data)
{
  GBytes *bytes = data;
  GBytes *next;
  gconstpointer first = g_bytes_get_data (bytes, NULL);

  g_bytes_unref (bytes);
  /* the block went back to this thread's spare */
  next = gaws_spare_bytes_new (&body_spare, "{}", 2);
  g_assert_true (g_bytes_get_data (next, NULL) == first);
  return next;
}

/* A body's block goes back, when its bytes are freed, to the freeing
 * thread's spare: the next body there reuses it, one too large for it
 * takes a new one, and the contents are always the copy's. */
static void
test_spare_bytes (void)
{
  GBytes *bytes = gaws_spare_bytes_new (&body_spare, "{\"TableName\":\"t\"}", 17);
  GBytes *next;
  g_autofree char *large = g_strnfill (5000, 'x');
  gconstpointer first = g_bytes_get_data (bytes, NULL);
  GThread *thread;
  gsize len;

  g_assert_cmpmem (g_bytes_get_data (bytes, &len), len, "{\"TableName\":\"t\"}", 17);
  /* still in use: the next copy is another block */
  next = gaws_spare_bytes_new (&body_spare, "{}", 2);
  g_assert_true (g_bytes_get_data (next, NULL) != first);
  g_bytes_unref (next);
  g_bytes_unref (bytes);
  /* the last freed is kept and reused */
  bytes = gaws_spare_bytes_new (&body_spare, "{\"a\":1}", 7);
  g_assert_cmpmem (g_bytes_get_data (bytes, &len), len, "{\"a\":1}", 7);
  g_bytes_unref (bytes);
  /* too small for a large body: replaced */
  bytes = gaws_spare_bytes_new (&body_spare, large, 5000);
  g_assert_cmpmem (g_bytes_get_data (bytes, &len), len, large, 5000);
  /* an empty body */
  next = gaws_spare_bytes_new (&body_spare, NULL, 0);
  g_assert_cmpuint (g_bytes_get_size (next), ==, 0);
  g_bytes_unref (next);
  /* freed on another thread: kept there, not here */
  first = g_bytes_get_data (bytes, NULL);
  thread = g_thread_new ("unref", unref_bytes, bytes);
  next = g_thread_join (thread);
  g_assert_true (g_bytes_get_data (next, NULL) == first);
  bytes = gaws_spare_bytes_new (&body_spare, "{}", 2);
  g_assert_true (g_bytes_get_data (bytes, NULL) != first);
  /* kept here now, and the one after it freed: the spare holds one */
  g_bytes_unref (next);
  g_bytes_unref (bytes);
  /* g_bytes_unref_to_data() copies out of a block it cannot take */
  bytes = gaws_spare_bytes_new (&body_spare, "abc", 3);
  {
    g_autofree char *data = g_bytes_unref_to_data (bytes, &len);

    g_assert_cmpmem (data, len, "abc", 3);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scratch/reuse-and-nesting", test_reuse_and_nesting);
  g_test_add_func ("/scratch/large-not-kept", test_large_not_kept);
  g_test_add_func ("/scratch/block-zeroed", test_block_zeroed);
  g_test_add_func ("/scratch/blocks-kept-by-few", test_blocks_kept_by_few);
  g_test_add_func ("/scratch/many-slots", test_many_slots);
  g_test_add_func ("/scratch/per-thread", test_per_thread);
  g_test_add_func ("/scratch/spare-bytes", test_spare_bytes);
  g_test_add_func ("/scratch/spare-objects", test_spare_objects);
  return g_test_run ();
}
