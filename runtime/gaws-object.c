/* gaws-object.c: what gaws's short-lived GObjects share (see gaws-object-private.h)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-object-private.h"

/* What GLib 2.74's g_object_unref() keeps in the qdata while it disposes
 * of the last reference: the notification queue it froze. Found once. */
static GQuark
notify_queue_quark (void)
{
  static gsize quark = 0;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, g_quark_from_static_string ("GObject-notify-queue"));
  return (GQuark) quark;
}

/* The private layout of a GData, as GLib 2.74's gdataset.c defines it
 * (struct _GData and GDataElt; gaws needs 2.74, and the guard admits no
 * later GLib): how many elements are set, how many there is room for,
 * and the elements themselves, with no hole (g_data_set_internal() moves
 * the last element into a removed one's place, and frees an emptied list,
 * setting the datalist pointer back to NULL). The datalist pointer
 * itself carries flags in its low bits (G_DATALIST_FLAGS_MASK_INTERNAL,
 * 0x7: GObject's toggle reference and floating flags and the bit lock),
 * which G_DATALIST_GET_POINTER() masks off after reading it atomically;
 * g_datalist_foreach() reads the list so, without taking the lock. Read
 * only under gaws_object_unref_is_known(). */
typedef struct
{
  GQuark key;
  gpointer data;
  GDestroyNotify destroy;
} KnownDataElement;

typedef struct
{
  guint32 len;
  guint32 alloc;
  KnownDataElement data[1];
} KnownData;

#define KNOWN_DATALIST_FLAGS_MASK ((gsize) 0x7)

/* Whether the qdata of @object holds the notification queue and nothing
 * else: g_datalist_foreach() would say as much but copies the keys
 * first, an allocation per last unref. */
static gboolean
qdata_is_notify_queue_only (GObject *object)
{
  const KnownData *data;

  data = (const KnownData *) ((gsize) g_atomic_pointer_get (&object->qdata) & ~KNOWN_DATALIST_FLAGS_MASK);
  return data != NULL && data->len == 1 && data->data[0].key == notify_queue_quark ();
}

/* Whether @object, being disposed, is in the last g_object_unref() with
 * nothing else on it: gaws_object_is_last_unref(), and nothing in the
 * qdata but the frozen notification queue (no weak reference, closure or
 * user data; GWeakRefs are cleared before the dispose). What the dispose
 * then does with it (keep it as a spare) nobody else can see. Only under
 * gaws_object_unref_is_known(): it reads GLib 2.74's private GData. */
gboolean
gaws_object_is_last_unref_only (GObject *object)
{
  return gaws_object_is_last_unref (object) && qdata_is_notify_queue_only (object);
}

typedef void (*DisposeFunc) (GObject *object);

/* GObject's own dispose, which classes such as GTask keep. */
static DisposeFunc
gobject_dispose (void)
{
  static gsize dispose = 0;

  if (g_once_init_enter (&dispose))
    g_once_init_leave (&dispose, (gsize) G_OBJECT_CLASS (g_type_class_peek_static (G_TYPE_OBJECT))->dispose);
  return (DisposeFunc) dispose;
}

void
gaws_object_unref_base (gpointer object)
{
  gaws_object_unref_plain (object, gobject_dispose ());
}
