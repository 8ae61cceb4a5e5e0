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

static void
count_qdata (GQuark    key,
             gpointer  data,
             gpointer  user_data)
{
  /* anything else counts twice */
  *(guint *) user_data += key == notify_queue_quark () ? 1 : 2;
}

/* Whether @object, being disposed, is in the last g_object_unref() with
 * nothing else on it: gaws_object_is_last_unref(), and nothing in the
 * qdata but the frozen notification queue (no weak reference, closure or
 * user data; GWeakRefs are cleared before the dispose). What the dispose
 * then does with it (keep it as a spare) nobody else can see. */
gboolean
gaws_object_is_last_unref_only (GObject *object)
{
  guint n = 0;

  if (!gaws_object_is_last_unref (object))
    return FALSE;
  g_datalist_foreach (&object->qdata, count_qdata, &n);
  return n == 1;
}
