/* test-spare-strings.c: the string blocks each thread keeps (gaws-spare-containers.c)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Built with its own copy of runtime/gaws-spare-containers.c, whose
 * functions the library does not export. A short string a structure, a
 * list or a map frees is kept, on glibc, by the size its block holds, and
 * handed out again for a string that fits it; anything else is freed.
 * What a thread keeps at its exit is freed: the sanitizer build and
 * valgrind report it otherwise.
 */
#include "gaws-spare-containers-private.h"

#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* The thread's spares are made by the first map or list asked for. */
static void
make_spares (void)
{
  g_assert_null (gaws_spare_map_take (g_free));
}

/* A string given is the next one taken that it holds; one that another
 * string took is not handed out twice. */
static void
test_reused (void)
{
#ifdef __GLIBC__
  char *first, *again, *other;

  make_spares ();
  /* (of glibc's smallest size, which is also what valgrind's allocator,
   * which keeps the size asked for, says it holds) */
  first = g_malloc (24);
  strcpy (first, "user#00000001");
  gaws_string_free_held (first);
  again = gaws_spare_strings_take (gaws_spare_strings_get (), strlen ("Ada Lovelace") + 1);
  g_assert_true (again == first);
  strcpy (again, "Ada Lovelace");
  other = gaws_spare_strings_take (gaws_spare_strings_get (), 4);
  g_assert_true (other != again);
  g_assert_cmpstr (again, ==, "Ada Lovelace");
  g_free (other);
  g_free (again);
#else
  g_test_skip ("strings are kept on glibc only");
#endif
}

/* A copy goes into a kept block when one holds it, and is a copy. */
static void
test_dup (void)
{
  char text[] = "bench";
  char *copy, *again, *block;

  make_spares ();
  block = g_malloc (24);
  gaws_string_free_held (block);
  copy = gaws_spare_string_dup (text);
#ifdef __GLIBC__
  g_assert_true (copy == block);
#endif
  text[0] = 'B';
  g_assert_cmpstr (copy, ==, "bench");
  /* none kept: a new one */
  again = gaws_spare_string_dup ("a string longer than any block that is kept, past seventy-two bytes");
  g_assert_cmpstr (again, ==, "a string longer than any block that is kept, past seventy-two bytes");
  g_free (again);
  g_free (copy);
}

/* A block is handed out only for a string it holds, by what the
 * allocator says it holds, whatever its maker asked for; a large one is
 * freed. */
static void
test_sizes (void)
{
#ifdef __GLIBC__
  static const gsize made[] = { 1, 7, 24, 25, 33, 40, 41, 60, 72, 80, 100, 4096 };
  static const gsize wanted[] = { 1, 8, 24, 25, 30, 40, 41, 56, 57, 64, 72, 73, 88, 200 };
  guint n_taken = 0;

  make_spares ();
  for (guint i = 0; i < G_N_ELEMENTS (made); i++)
    gaws_string_free_held (g_malloc (made[i]));
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
      {
        char *block = gaws_spare_strings_take (gaws_spare_strings_get (), wanted[i]);

        if (block == NULL)
          continue;
        n_taken++;
        g_assert_cmpuint (malloc_usable_size (block), >=, wanted[i]);
        g_assert_cmpuint (malloc_usable_size (block), <, 100);
        /* all of it is the caller's */
        memset (block, 'x', wanted[i]);
        g_free (block);
      }
  g_assert_cmpuint (n_taken, >, 0);
  g_assert_null (gaws_spare_strings_take (gaws_spare_strings_get (), 73));
  g_assert_null (gaws_spare_strings_take (gaws_spare_strings_get (), 4096));
#else
  g_test_skip ("strings are kept on glibc only");
#endif
}

/* NULL is taken, as g_free() takes it; a thread keeps a bounded number. */
static void
test_bounded (void)
{
  char *blocks[100];
  guint n_back = 0;
  char *block;

  make_spares ();
  gaws_string_free_held (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    blocks[i] = g_strdup ("k");
  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    gaws_string_free_held (blocks[i]);
  while ((block = gaws_spare_strings_take (gaws_spare_strings_get (), 2)) != NULL)
    {
      n_back++;
      g_free (block);
    }
  g_assert_cmpuint (n_back, <, G_N_ELEMENTS (blocks));
}

static gpointer
thread_keeps (gpointer data)
{
  make_spares ();
  for (guint i = 0; i < 10; i++)
    gaws_string_free_held (g_strdup ("kept until the thread ends"));
  return NULL;
}

/* What a thread kept is freed with it (leak checkers tell). */
static void
test_thread_exit (void)
{
  g_thread_join (g_thread_new ("spare-strings", thread_keeps, NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/spare-strings/reused", test_reused);
  g_test_add_func ("/spare-strings/dup", test_dup);
  g_test_add_func ("/spare-strings/sizes", test_sizes);
  g_test_add_func ("/spare-strings/bounded", test_bounded);
  g_test_add_func ("/spare-strings/thread-exit", test_thread_exit);
  return g_test_run ();
}
