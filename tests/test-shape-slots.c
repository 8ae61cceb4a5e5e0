/* test-shape-slots.c: where structures keep their members' slots
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * A structure of few members keeps its slots within its instance; one of
 * many (S3's PutObjectRequest, 46) in arrays each thread keeps, which go
 * back unset when the structure is freed. Both read and write the same,
 * through the accessors, the GValues and the GObject properties. A
 * structure of a generated class dropped by its last reference with
 * nothing else on it is kept by its thread for the next of its class.
 */
#include "gaws-test-util.h"

#include <string.h>
#include "gaws-event-stream-private.h"

enum { N_BIG = 50, N_HUGE = 300 };

static const GawsShapeInfo string_shape = { .name = "S", .kind = GAWS_SHAPE_KIND_STRING, .payload = -1 };
static const GawsShapeInfo int_shape = { .name = "I", .kind = GAWS_SHAPE_KIND_INTEGER, .payload = -1 };

/* A generated class of many members: strings at even indices, integers at
 * odd ones. Filled in before its type is first asked for. */
static GawsMemberInfo big_members[N_BIG];
static GawsShapeInfo big_info;

GType test_big_get_type (void);
GAWS_DEFINE_SHAPE_TYPE (TestBig, test_big, &big_info)

/* A plain structure of one member. */
static const GawsMemberInfo leaf_member = { .name = "s", .shape = &string_shape };
static const GawsShapeInfo leaf_info = {
  .name = "Leaf", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = &leaf_member, .n_members = 1, .payload = -1,
};

/* A generated class of few members. */
static const GawsMemberInfo small_members[] = {
  { .name = "s", .property_name = "s", .shape = &string_shape },
  { .name = "i", .property_name = "i", .shape = &int_shape },
  { .name = "n", .property_name = "n", .shape = &leaf_info },
};

GType test_small_get_type (void);

static const GawsShapeInfo small_info = {
  .name = "Small", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = small_members,
  .n_members = G_N_ELEMENTS (small_members), .payload = -1, .get_type = test_small_get_type,
};

GAWS_DEFINE_SHAPE_TYPE (TestSmall, test_small, &small_info)

/* Classes of the same instance sizes. */
GType test_small_twin_get_type (void);

static const GawsShapeInfo small_twin_info = {
  .name = "SmallTwin", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = small_members,
  .n_members = G_N_ELEMENTS (small_members), .payload = -1, .get_type = test_small_twin_get_type,
};

GAWS_DEFINE_SHAPE_TYPE (TestSmallTwin, test_small_twin, &small_twin_info)

static GawsShapeInfo big_twin_info;

GType test_big_twin_get_type (void);
GAWS_DEFINE_SHAPE_TYPE (TestBigTwin, test_big_twin, &big_twin_info)

/* A plain structure holding one big one, as a response holds its parts. */
static const GawsMemberInfo holder_member = { .name = "Big", .shape = &big_info };
static const GawsShapeInfo holder_info = {
  .name = "Holder", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = &holder_member, .n_members = 1,
  .payload = -1,
};

/* A plain structure holding a map of structures and a list of strings, as
 * a DynamoDB item holds its attributes and a string set. */
static const GawsMemberInfo leaf_map_members[] = {
  { .name = "key", .shape = &string_shape },
  { .name = "value", .shape = &leaf_info },
};
static const GawsShapeInfo leaf_map_info = {
  .name = "LeafMap", .kind = GAWS_SHAPE_KIND_MAP, .members = leaf_map_members, .n_members = 2, .payload = -1,
};
static const GawsMemberInfo string_list_member = { .name = "member", .shape = &string_shape };
static const GawsShapeInfo string_list_info = {
  .name = "StringList", .kind = GAWS_SHAPE_KIND_LIST, .members = &string_list_member, .n_members = 1,
  .payload = -1,
};
static const GawsMemberInfo containers_members[] = {
  { .name = "Map", .shape = &leaf_map_info },
  { .name = "List", .shape = &string_list_info },
};
static const GawsShapeInfo containers_info = {
  .name = "Containers", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = containers_members,
  .n_members = G_N_ELEMENTS (containers_members), .payload = -1,
};

static void
fill_big_info (void)
{
  for (guint i = 0; i < N_BIG; i++)
    {
      g_autofree char *name = g_strdup_printf ("M%u", i);
      g_autofree char *property_name = g_strdup_printf ("m%u", i);

      /* (kept for good, as a generated model's names are) */
      big_members[i].name = g_intern_string (name);
      big_members[i].property_name = g_intern_string (property_name);
      big_members[i].shape = i % 2 == 0 ? &string_shape : &int_shape;
    }
  big_info = (GawsShapeInfo) { .name = "Big", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = big_members,
                               .n_members = N_BIG, .payload = -1, .get_type = test_big_get_type };
  big_twin_info = big_info;
  big_twin_info.name = "BigTwin";
  big_twin_info.get_type = test_big_twin_get_type;
}

/* Sets every member of @big from @seed. */
static void
set_all (GawsShape *big,
         guint      seed)
{
  for (guint i = 0; i < N_BIG; i++)
    if (i % 2 == 0)
      {
        g_autofree char *text = g_strdup_printf ("%u-%u", seed, i);

        gaws_shape_set_string (big, i, text);
      }
    else
      gaws_shape_set_int (big, i, (gint) (seed * 1000 + i));
}

/* Whether every member of @big holds what set_all (@seed) put there. */
static gboolean
holds_all (GawsShape *big,
           guint      seed)
{
  for (guint i = 0; i < N_BIG; i++)
    if (i % 2 == 0)
      {
        g_autofree char *text = g_strdup_printf ("%u-%u", seed, i);

        if (g_strcmp0 (gaws_shape_get_string (big, i), text) != 0)
          return FALSE;
      }
    else if (gaws_shape_get_int (big, i) != (gint) (seed * 1000 + i))
      return FALSE;
  return TRUE;
}

static gboolean
none_set (GawsShape *shape)
{
  const GawsShapeInfo *info = gaws_shape_get_info (shape);

  for (guint i = 0; i < info->n_members; i++)
    if (gaws_shape_is_set (shape, i))
      return FALSE;
  return TRUE;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    data)
{
  (*(guint *) data)++;
}

/* A big class's instances stay under 1 KiB (the slots are elsewhere), a
 * small one's hold theirs; both read and write alike, by accessor, by
 * GValue and by property, and notify. */
static void
test_layout (void)
{
  GTypeQuery query;
  g_autoptr(GawsShape) big = gaws_shape_new (&big_info);
  g_autoptr(GawsShape) copy = NULL;
  g_autofree char *read_back = NULL;
  GValue value = G_VALUE_INIT;
  guint notified = 0;
  gint number = 0;

  g_type_query (test_big_get_type (), &query);
  g_assert_cmpuint (query.instance_size, <, 200);
  g_type_query (test_small_get_type (), &query);
  g_assert_cmpuint (query.instance_size, >=, sizeof (GawsShape) + 2 * sizeof (GValue));

  g_assert_true (G_OBJECT_TYPE (big) == test_big_get_type ());
  g_assert_true (none_set (big));
  g_assert_null (gaws_shape_get_value (big, N_BIG - 1));
  g_signal_connect (big, "notify", G_CALLBACK (count_notify), &notified);
  set_all (big, 7);
  g_assert_cmpuint (notified, ==, N_BIG);
  g_assert_true (holds_all (big, 7));

  /* properties: the last member by name, both ways */
  g_object_set (big, "m49", 4242, "m48", "by property", NULL);
  g_object_get (big, "m49", &number, "m48", &read_back, NULL);
  g_assert_cmpint (number, ==, 4242);
  g_assert_cmpstr (read_back, ==, "by property");
  g_assert_cmpint (gaws_shape_get_int (big, 49), ==, 4242);

  /* GValues */
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_static_string (&value, "by value");
  gaws_shape_set_value (big, 30, &value);
  g_value_unset (&value);
  g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (big, 30)), ==, "by value");
  gaws_shape_unset (big, 30);
  g_assert_false (gaws_shape_is_set (big, 30));

  copy = gaws_shape_copy (big);
  g_assert_cmpint (gaws_shape_get_int (copy, 49), ==, 4242);
  g_assert_cmpstr (gaws_shape_get_string (copy, 0), ==, "7-0");
  g_assert_false (gaws_shape_is_set (copy, 30));
  g_assert_cmpstr (g_value_get_string (gaws_shape_get_value_by_name (copy, "M2")), ==, "7-2");
}

/* The arrays of freed structures come back unset: more alive at once than
 * a thread keeps, freed, then as many again. */
static void
test_arrays_reused (void)
{
  enum { N = 80 };
  GawsShape *shapes[N];

  for (guint round = 0; round < 3; round++)
    {
      for (guint i = 0; i < N; i++)
        {
          shapes[i] = gaws_shape_new (&big_info);
          g_assert_true (none_set (shapes[i]));
          /* some set only a first or a last member */
          if (i % 3 == 0)
            set_all (shapes[i], round * N + i);
          else if (i % 3 == 1)
            gaws_shape_set_int (shapes[i], N_BIG - 1, 1);
          else
            gaws_shape_set_string (shapes[i], 0, "first");
        }
      for (guint i = 0; i < N; i += 3)
        g_assert_true (holds_all (shapes[i], round * N + i));
      for (guint i = 0; i < N; i++)
        g_object_unref (shapes[i]);
    }
}

/* A big structure that a structure held last is kept, as small ones are,
 * with its slots; it comes back from gaws_shape_new() as a new one. */
static void
test_held_recycled (void)
{
  GawsShape *holder = gaws_shape_new (&holder_info);
  GawsShape *big = gaws_shape_new (&big_info);
  GawsShape *again;
  guint notified = 0;

  set_all (big, 3);
  gaws_shape_set_shape (holder, 0, big);
  g_object_unref (big);
  g_assert_true (holds_all (gaws_shape_get_shape (holder, 0), 3));
  g_object_unref (holder);

  again = gaws_shape_new (&big_info);
  if (glib_major_version == 2 && glib_minor_version < 75)
    g_assert_true (again == big);
  g_assert_cmpuint (G_OBJECT (again)->ref_count, ==, 1);
  g_assert_true (none_set (again));
  g_signal_connect (again, "notify", G_CALLBACK (count_notify), &notified);
  set_all (again, 4);
  g_assert_cmpuint (notified, ==, N_BIG);
  g_assert_true (holds_all (again, 4));
  g_object_unref (again);
}

/* A held structure its user connected to is recycled with its handlers
 * destroyed, whether still connected or disconnected before (once
 * connected, a structure pays for the look-up its handlers' destruction
 * is: only one never connected to skips it); it comes back without them. */
static void
test_held_recycled_handlers (void)
{
  for (guint n = 0; n < 2; n++)
    {
      GawsShape *holder = gaws_shape_new (&holder_info);
      GawsShape *big = gaws_shape_new (&big_info);
      GawsShape *again;
      guint destroyed = 0, notified = 0;
      gulong id;

      set_all (big, 3);
      gaws_shape_set_shape (holder, 0, big);
      g_object_unref (big);
      id = g_signal_connect_data (gaws_shape_get_shape (holder, 0), "notify::m1",
                                  G_CALLBACK (gaws_test_never_notified), &destroyed,
                                  gaws_test_count_closure_destroy, 0);
      if (n == 1)
        {
          g_signal_handler_disconnect (big, id);
          g_assert_cmpuint (destroyed, ==, 1);
        }
      g_object_unref (holder);
      g_assert_cmpuint (destroyed, ==, 1);

      again = gaws_shape_new (&big_info);
      if (glib_major_version == 2 && glib_minor_version < 75)
        g_assert_true (again == big);
      g_assert_true (none_set (again));
      g_assert_false (g_signal_handler_is_connected (again, id));
      g_signal_connect (again, "notify", G_CALLBACK (count_notify), &notified);
      set_all (again, 4);
      g_assert_cmpuint (notified, ==, N_BIG);
      g_object_unref (again);
      g_assert_cmpuint (destroyed, ==, 1);
    }
}

static void
count_destroy (gpointer data)
{
  (*(guint *) data)++;
}

/* A caller's structure of a generated class dropped by its last
 * g_object_unref() with nothing else on it is kept too: what it held is
 * released then, its handlers destroyed, and it comes back from
 * gaws_shape_new() as a new one, its notifications working. */
static void
test_last_unref_recycled (void)
{
  for (guint n = 0; n < 2; n++)
    {
      const GawsShapeInfo *info = n == 0 ? &small_info : &big_info;
      GawsShape *shape = gaws_shape_new (info);
      GawsShape *leaf = gaws_shape_new (&leaf_info);
      gpointer leaf_pointer = leaf;
      GawsShape *again, *twin;
      guint destroyed = 0, notified = 0;

      /* a member holding the caller's object */
      g_object_add_weak_pointer (G_OBJECT (leaf), &leaf_pointer);
      if (n == 0)
        gaws_shape_set_shape (shape, 2, leaf);
      else
        set_all (shape, 9);
      g_object_unref (leaf);
      gaws_shape_set_int (shape, 1, 11);
      g_signal_connect_data (shape, "notify", G_CALLBACK (gaws_test_never_notified), &destroyed,
                             gaws_test_count_closure_destroy, 0);
      g_object_unref (shape);
      g_assert_null (leaf_pointer);
      g_assert_cmpuint (destroyed, ==, 1);

      twin = g_object_new (n == 0 ? test_small_twin_get_type () : test_big_twin_get_type (), NULL);
      again = gaws_shape_new (info);
      /* the same, kept: a freed one's memory would have gone to the
       * next instance of that size first */
      if (glib_major_version == 2 && glib_minor_version < 75)
        {
          g_assert_true (twin != shape);
          g_assert_true (again == shape);
        }
      g_object_unref (twin);
      g_assert_cmpuint (G_OBJECT (again)->ref_count, ==, 1);
      g_assert_null (G_OBJECT (again)->qdata);
      g_assert_true (none_set (again));
      g_signal_connect (again, "notify", G_CALLBACK (count_notify), &notified);
      gaws_shape_set_int (again, 1, 12);
      g_assert_cmpuint (notified, ==, 1);
      g_assert_cmpint (gaws_shape_get_int (again, 1), ==, 12);
      g_object_unref (again);
    }
}

/* One with anything else on it goes GObject's own way at its last unref:
 * user data freed, weak references told, GWeakRefs cleared; one whose
 * notifications were frozen is not handed out frozen. */
static void
test_last_unref_not_recycled (void)
{
  GawsShape *shape = gaws_shape_new (&small_info);
  GawsShape *again;
  GWeakRef weak_ref;
  guint destroyed = 0, weak_notified = 0, notified = 0;

  g_object_set_data_full (G_OBJECT (shape), "user", &destroyed, count_destroy);
  g_object_unref (shape);
  g_assert_cmpuint (destroyed, ==, 1);

  shape = gaws_shape_new (&small_info);
  g_object_weak_ref (G_OBJECT (shape), gaws_test_count_weak_notify, &weak_notified);
  g_object_unref (shape);
  g_assert_cmpuint (weak_notified, ==, 1);

  shape = gaws_shape_new (&small_info);
  g_weak_ref_init (&weak_ref, shape);
  g_object_unref (shape);
  g_assert_null (g_weak_ref_get (&weak_ref));
  g_weak_ref_clear (&weak_ref);

  shape = gaws_shape_new (&small_info);
  g_object_freeze_notify (G_OBJECT (shape));
  gaws_shape_set_string (shape, 0, "frozen");
  g_object_unref (shape);
  again = gaws_shape_new (&small_info);
  g_assert_true (none_set (again));
  g_signal_connect (again, "notify", G_CALLBACK (count_notify), &notified);
  gaws_shape_set_string (again, 0, "told");
  g_assert_cmpuint (notified, ==, 1);
  g_object_unref (again);
}

static void
count_toggle (gpointer  data,
              GObject  *object,
              gboolean  is_last_ref)
{
  guint *counts = data;

  counts[is_last_ref ? 1 : 0]++;
}

/* One held by a toggle reference as well outlives its user's last unref,
 * told so, with what it holds; dropped by the toggle reference's holder
 * then, it goes (kept as a spare or freed) as any other. */
static void
test_last_unref_toggle_ref (void)
{
  GawsShape *shape = gaws_shape_new (&small_info);
  GawsShape *again;
  guint toggled[2] = { 0, 0 };

  gaws_shape_set_string (shape, 0, "held");
  g_object_add_toggle_ref (G_OBJECT (shape), count_toggle, toggled);
  g_object_unref (shape);
  g_assert_cmpuint (toggled[1], ==, 1);
  g_assert_cmpuint (G_OBJECT (shape)->ref_count, ==, 1);
  g_assert_cmpstr (gaws_shape_get_string (shape, 0), ==, "held");
  again = gaws_shape_new (&small_info);
  g_assert_true (again != shape);
  g_object_unref (again);
  g_object_remove_toggle_ref (G_OBJECT (shape), count_toggle, toggled);
  g_assert_cmpuint (toggled[0], ==, 0);
  again = gaws_shape_new (&small_info);
  g_assert_true (none_set (again));
  g_object_unref (again);
}

/* A member set is notified to every "notify" handler connected, with a
 * detail or without, through a binding too, and to one connected while
 * notifications were frozen, at the thaw; a structure nobody listens to
 * asks GObject nothing (gaws-shape.c: notify_is_unheard()). */
static void
test_notify_heard (void)
{
  g_autoptr(GawsShape) detailed = gaws_shape_new (&small_info);
  g_autoptr(GawsShape) frozen = gaws_shape_new (&small_info);
  g_autoptr(GawsShape) source = gaws_shape_new (&small_info);
  g_autoptr(GawsShape) target = gaws_shape_new (&small_info);
  GBinding *binding;
  guint on_s = 0, on_any = 0;

  gaws_shape_set_string (detailed, 0, "unheard");
  g_signal_connect (detailed, "notify::s", G_CALLBACK (count_notify), &on_s);
  gaws_shape_set_string (detailed, 0, "heard");
  gaws_shape_set_int (detailed, 1, 5);
  gaws_shape_unset (detailed, 0);
  g_assert_cmpuint (on_s, ==, 2);

  g_object_freeze_notify (G_OBJECT (frozen));
  g_signal_connect (frozen, "notify", G_CALLBACK (count_notify), &on_any);
  gaws_shape_set_string (frozen, 0, "one");
  gaws_shape_set_string (frozen, 0, "two");
  gaws_shape_set_int (frozen, 1, 1);
  g_assert_cmpuint (on_any, ==, 0);
  g_object_thaw_notify (G_OBJECT (frozen));
  g_assert_cmpuint (on_any, ==, 2);

  binding = g_object_ref (g_object_bind_property (source, "s", target, "s", G_BINDING_DEFAULT));
  gaws_shape_set_string (source, 0, "bound");
  g_assert_cmpstr (gaws_shape_get_string (target, 0), ==, "bound");
  g_binding_unbind (binding);
  g_object_unref (binding);
}

/* Two user data entries (a qdata of more than the notification queue the
 * last unref froze, which a look at its first element alone would miss):
 * not kept, both freed by the unref. */
static void
test_last_unref_user_data (void)
{
  GawsShape *shape = gaws_shape_new (&small_info);
  GawsShape *twin, *again;
  guint destroyed = 0;

  g_object_set_data_full (G_OBJECT (shape), "one", &destroyed, count_destroy);
  g_object_set_data_full (G_OBJECT (shape), "two", &destroyed, count_destroy);
  g_object_unref (shape);
  g_assert_cmpuint (destroyed, ==, 2);

  /* a freed one's memory goes to the next instance of that size first */
  twin = g_object_new (test_small_twin_get_type (), NULL);
  again = gaws_shape_new (&small_info);
  g_assert_true (again != shape);
  g_assert_null (G_OBJECT (again)->qdata);
  g_assert_true (none_set (again));
  g_object_unref (again);
  g_object_unref (twin);
}

typedef struct
{
  GObject *object;
  guint destroyed;
} LateData;

/* a handler's destroy notify that puts user data on the structure its
 * reset is destroying the handlers of */
static void
set_data_on_destroy (gpointer  data,
                     GClosure *closure)
{
  LateData *late = data;

  g_object_set_data_full (late->object, "late", &late->destroyed, count_destroy);
}

/* User data put on a structure while its last unref resets it (by a
 * handler's destroy notify) is freed by that unref, as GObject's own
 * would be, rather than kept with the structure until it is next asked
 * for. */
static void
test_last_unref_data_set_in_reset (void)
{
  GawsShape *shape = gaws_shape_new (&small_info);
  LateData late = { G_OBJECT (shape), 0 };
  GawsShape *again;

  g_signal_connect_data (shape, "notify", G_CALLBACK (gaws_test_never_notified), &late,
                         set_data_on_destroy, 0);
  g_object_unref (shape);
  g_assert_cmpuint (late.destroyed, ==, 1);

  again = gaws_shape_new (&small_info);
  g_assert_null (G_OBJECT (again)->qdata);
  g_assert_true (none_set (again));
  g_object_unref (again);
  g_assert_cmpuint (late.destroyed, ==, 1);
}

static gboolean
glib_is_known (void)
{
  return glib_major_version == 2 && glib_minor_version < 75;
}

/* A Containers structure holding a map of one leaf, whose address goes
 * to @leaf_pointer, and a list of one string; *@map and *@list are the
 * caller's references to them. */
static GawsShape *
new_containers (GHashTable **map,
                GPtrArray  **list,
                gpointer    *leaf_pointer)
{
  GawsShape *containers = gaws_shape_new (&containers_info);
  GawsShape *leaf = gaws_shape_new (&leaf_info);

  *map = gaws_shape_info_new_map (&leaf_map_info);
  *list = gaws_shape_info_new_list (&string_list_info);
  *leaf_pointer = leaf;
  g_object_add_weak_pointer (G_OBJECT (leaf), leaf_pointer);
  g_hash_table_insert (*map, g_strdup ("a"), leaf);
  g_ptr_array_add (*list, g_strdup ("x"));
  gaws_shape_set_map (containers, 0, *map);
  gaws_shape_set_list (containers, 1, *list);
  return containers;
}

/* The map and the list a structure held last are emptied when it goes
 * (their values freed then) and come back, as new, from
 * gaws_shape_info_new_map() and gaws_shape_info_new_list(). */
static void
test_containers_reused (void)
{
  GHashTable *map, *again_map;
  GPtrArray *list, *again_list;
  gpointer leaf_pointer;
  GawsShape *containers = new_containers (&map, &list, &leaf_pointer);
  GawsShape *leaf;

  g_hash_table_unref (map);
  g_ptr_array_unref (list);
  g_object_unref (containers);
  g_assert_null (leaf_pointer);

  again_map = gaws_shape_info_new_map (&leaf_map_info);
  again_list = gaws_shape_info_new_list (&string_list_info);
  if (glib_is_known ())
    {
      g_assert_true (again_map == map);
      g_assert_true (again_list == list);
    }
  g_assert_cmpuint (g_hash_table_size (again_map), ==, 0);
  g_assert_false (g_hash_table_contains (again_map, "a"));
  g_assert_cmpuint (again_list->len, ==, 0);
  /* it frees what it holds as a new one does */
  leaf = gaws_shape_new (&leaf_info);
  leaf_pointer = leaf;
  g_object_add_weak_pointer (G_OBJECT (leaf), &leaf_pointer);
  g_hash_table_insert (again_map, g_strdup ("b"), leaf);
  g_assert_true (g_hash_table_lookup (again_map, "b") == leaf);
  g_ptr_array_add (again_list, g_strdup ("y"));
  g_assert_cmpstr (g_ptr_array_index (again_list, 0), ==, "y");
  g_hash_table_unref (again_map);
  g_assert_null (leaf_pointer);
  g_ptr_array_unref (again_list);
}

/* A map or list its user still refers to when the structure that held it
 * goes is neither emptied nor handed out again. */
static void
test_containers_user_ref_kept (void)
{
  GHashTable *map, *other_map;
  GPtrArray *list, *other_list;
  gpointer leaf_pointer;
  GawsShape *containers = new_containers (&map, &list, &leaf_pointer);

  g_object_unref (containers);
  g_assert_nonnull (leaf_pointer);
  g_assert_cmpuint (g_hash_table_size (map), ==, 1);
  g_assert_true (g_hash_table_lookup (map, "a") == leaf_pointer);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (list, 0), ==, "x");

  other_map = gaws_shape_info_new_map (&leaf_map_info);
  other_list = gaws_shape_info_new_list (&string_list_info);
  g_assert_true (other_map != map);
  g_assert_true (other_list != list);
  g_hash_table_unref (other_map);
  g_ptr_array_unref (other_list);

  g_assert_cmpuint (g_hash_table_size (map), ==, 1);
  g_assert_cmpuint (list->len, ==, 1);
  g_hash_table_unref (map);
  g_assert_null (leaf_pointer);
  g_ptr_array_unref (list);
}

/* A user's map or list made otherwise (other functions, a NULL-terminated
 * list) is freed, not handed out as gaws's own; a NULL-terminated list of
 * gaws's element function stays NULL-terminated until its user drops it. */
static void
test_containers_other_kinds (void)
{
  GawsShape *containers = gaws_shape_new (&containers_info);
  GHashTable *map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  GPtrArray *list = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  GHashTable *again_map;
  GPtrArray *again_list;
  gpointer leaf_pointer = gaws_shape_new (&leaf_info);

  /* the kinds gaws's own are, asked for before */
  g_hash_table_unref (gaws_shape_info_new_map (&leaf_map_info));
  g_ptr_array_unref (gaws_shape_info_new_list (&string_list_info));
  g_object_add_weak_pointer (G_OBJECT (leaf_pointer), &leaf_pointer);
  g_hash_table_insert (map, g_strdup ("a"), leaf_pointer);
  g_ptr_array_add (list, g_strdup ("x"));
  gaws_shape_set_map (containers, 0, map);
  gaws_shape_set_list (containers, 1, list);
  g_ptr_array_unref (list);
  /* the user's map still referred to: kept intact */
  g_object_unref (containers);
  g_assert_nonnull (leaf_pointer);
  g_assert_cmpuint (g_hash_table_size (map), ==, 1);

  again_map = gaws_shape_info_new_map (&leaf_map_info);
  again_list = gaws_shape_info_new_list (&string_list_info);
  g_assert_true (again_map != map);
  g_assert_cmpuint (g_hash_table_size (again_map), ==, 0);
  g_assert_cmpuint (again_list->len, ==, 0);
  /* a new one, with no slots yet (the spares hold no list here: the
   * tests before took or freed theirs), not the NULL-terminated one */
  g_assert_null (again_list->pdata);
  g_hash_table_unref (again_map);
  g_ptr_array_unref (again_list);
  g_hash_table_unref (map);
  g_assert_null (leaf_pointer);
}

/* A structure made with another descriptor than its class's (a plain
 * #GawsShape's, or a class's with a descriptor of its own) keeps its own
 * slots: a recycled big one gives its array back first. */
static void
test_other_descriptor (void)
{
  GawsMemberInfo members[3] = {
    { .name = "a", .shape = &string_shape },
    { .name = "b", .shape = &int_shape },
    { .name = "c", .shape = &string_shape },
  };
  GawsShapeInfo other = { .name = "Other", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = members,
                          .n_members = 3, .payload = -1, .get_type = test_big_get_type };
  GawsShape *holder = gaws_shape_new (&holder_info);
  GawsShape *big = gaws_shape_new (&big_info);
  g_autoptr(GawsShape) shape = NULL;

  set_all (big, 5);
  gaws_shape_set_shape (holder, 0, big);
  g_object_unref (big);
  g_object_unref (holder);
  shape = gaws_shape_new (&other);
  g_assert_true (gaws_shape_get_info (shape) == &other);
  g_assert_true (none_set (shape));
  gaws_shape_set_string (shape, 2, "c");
  gaws_shape_set_int (shape, 1, 2);
  g_assert_cmpstr (gaws_shape_get_string (shape, 2), ==, "c");
  g_assert_cmpint (gaws_shape_get_int (shape, 1), ==, 2);
}

/* Plain structures (models loaded at run time) of many members take the
 * same spare arrays; of very many, arrays of their own. */
static void
test_plain_large (void)
{
  g_autofree GawsMemberInfo *members = g_new0 (GawsMemberInfo, N_HUGE);

  for (guint n = 0; n < 2; n++)
    {
      GawsShapeInfo info = { .name = "Plain", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = members,
                             .n_members = n == 0 ? N_BIG : N_HUGE, .payload = -1 };

      for (guint i = 0; i < info.n_members; i++)
        members[i] = (GawsMemberInfo) { .name = "m", .shape = &int_shape };
      for (guint round = 0; round < 3; round++)
        {
          g_autoptr(GawsShape) shape = gaws_shape_new (&info);

          g_assert_true (G_OBJECT_TYPE (shape) == GAWS_TYPE_SHAPE);
          g_assert_true (none_set (shape));
          for (guint i = round; i < info.n_members; i += 3)
            gaws_shape_set_int (shape, i, (gint) i);
          for (guint i = 0; i < info.n_members; i++)
            g_assert_cmpint (gaws_shape_get_int (shape, i), ==, (i % 3 == round) ? (gint) i : 0);
        }
    }
}

/* Each thread keeps its own arrays; a structure made on one thread and
 * freed on another gives its array to the other. What the threads keep
 * goes when they exit (valgrind sees nothing lost). */
typedef struct {
  GAsyncQueue *to_free;
  guint        seed;
} ThreadData;

static gpointer
make_and_free (gpointer data)
{
  ThreadData *thread = data;
  gboolean ok = TRUE;

  for (guint i = 0; i < 200; i++)
    {
      GawsShape *big = gaws_shape_new (&big_info);
      GawsShape *other;

      ok = ok && none_set (big);
      set_all (big, thread->seed + i);
      ok = ok && holds_all (big, thread->seed + i);
      /* the other thread frees every other one */
      if (i % 2 == 0)
        g_async_queue_push (thread->to_free, big);
      else
        g_object_unref (big);
      while ((other = g_async_queue_try_pop (thread->to_free)) != NULL)
        g_object_unref (other);
    }
  return GINT_TO_POINTER (ok);
}

static void
test_threads (void)
{
  g_autoptr(GAsyncQueue) queue = g_async_queue_new ();
  ThreadData data[2] = { { queue, 1000 }, { queue, 5000 } };
  GThread *threads[2];
  GawsShape *left;

  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("slots", make_and_free, &data[i]);
  for (guint i = 0; i < 2; i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
  while ((left = g_async_queue_try_pop (queue)) != NULL)
    g_object_unref (left);
}

/* The event-stream member of an operation's structures is found each
 * time, remembered or not; a descriptor built at run time is looked at
 * anew every time (its address may be another's later). */
static void
test_event_stream_member (void)
{
  GawsShapeInfo events = { .name = "Events", .kind = GAWS_SHAPE_KIND_UNION, .flags = GAWS_SHAPE_FLAG_EVENTSTREAM,
                           .payload = -1 };
  GawsMemberInfo members[2] = {
    { .name = "a", .shape = &string_shape },
    { .name = "b", .shape = &string_shape },
  };
  GawsShapeInfo plain = { .name = "Plain", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = members,
                          .n_members = 2, .payload = -1 };

  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (gaws_event_stream_find_member (&big_info), ==, -1);
      g_assert_cmpint (gaws_event_stream_find_member (&small_info), ==, -1);
      g_assert_cmpint (gaws_event_stream_find_member (NULL), ==, -1);
    }
  g_assert_cmpint (gaws_event_stream_find_member (&plain), ==, -1);
  members[1].shape = &events;
  g_assert_cmpint (gaws_event_stream_find_member (&plain), ==, 1);
  g_assert_cmpint (gaws_event_stream_find_member (&plain), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  gaws_test_init (&argc, &argv);
  fill_big_info ();
  g_test_add_func ("/shape-slots/layout", test_layout);
  g_test_add_func ("/shape-slots/arrays-reused", test_arrays_reused);
  g_test_add_func ("/shape-slots/held-recycled", test_held_recycled);
  g_test_add_func ("/shape-slots/held-recycled-handlers", test_held_recycled_handlers);
  g_test_add_func ("/shape-slots/last-unref-recycled", test_last_unref_recycled);
  g_test_add_func ("/shape-slots/last-unref-not-recycled", test_last_unref_not_recycled);
  g_test_add_func ("/shape-slots/last-unref-toggle-ref", test_last_unref_toggle_ref);
  g_test_add_func ("/shape-slots/notify-heard", test_notify_heard);
  g_test_add_func ("/shape-slots/last-unref-user-data", test_last_unref_user_data);
  g_test_add_func ("/shape-slots/last-unref-data-set-in-reset", test_last_unref_data_set_in_reset);
  g_test_add_func ("/shape-slots/containers-reused", test_containers_reused);
  g_test_add_func ("/shape-slots/containers-user-ref-kept", test_containers_user_ref_kept);
  g_test_add_func ("/shape-slots/containers-other-kinds", test_containers_other_kinds);
  g_test_add_func ("/shape-slots/other-descriptor", test_other_descriptor);
  g_test_add_func ("/shape-slots/plain-large", test_plain_large);
  g_test_add_func ("/shape-slots/threads", test_threads);
  g_test_add_func ("/shape-slots/event-stream-member", test_event_stream_member);
  return g_test_run ();
}
