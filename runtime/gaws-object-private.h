/* gaws-object-private.h: what gaws's short-lived GObjects share (private)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* For the dispose of a class whose objects live for one request (shapes,
 * HTTP requests and responses, several of each per call). The last
 * g_object_unref() disposes and then clears the signal handlers, the
 * closures and the weak references itself: GObject's own dispose, which
 * clears the same, would do it a first time, under the signal lock and
 * three of the qdata bit locks. Only a dispose that leaves the object alive
 * needs it: g_object_run_dispose(), which holds a reference of its own.
 * /json-text/shape-dispose and /http-types/dispose check both cases. */
static inline void
gaws_object_dispose_unless_last (GObject *object,
                                 gpointer parent_class)
{
  if (g_atomic_int_get ((gint *) &object->ref_count) > 1)
    G_OBJECT_CLASS (parent_class)->dispose (object);
}

/* Whether @object's one reference is the caller's and nothing else is on
 * it: no weak or toggle reference, weak pointer, closure, notify queue or
 * user data, all of which GObject keeps in the qdata. What may then be done
 * with it (recycled, finalized) nobody else can see. */
static inline gboolean
gaws_object_is_sole (GObject *object)
{
  return g_atomic_int_get ((gint *) &object->ref_count) == 1 &&
         g_atomic_pointer_get (&object->qdata) == NULL;
}

/* g_object_unref() for a reference that is most often the last of an
 * object of a gaws class whose dispose is @dispose, a
 * gaws_object_dispose_unless_last() (which does nothing then). Without
 * qdata (no weak or toggle reference, closure, notify queue nor user
 * data), the last reference is dropped here, without what GLib 2.74's
 * g_object_unref() does for every object's last one: freeze notifications
 * for the dispose, which allocates a queue into the qdata that finalize
 * frees, and clear the closures, weak references and weak locations from
 * the qdata, three look-ups under bit locks. The signal handlers are still
 * destroyed and the class's finalize runs, GObject's last. Anything else
 * (another dispose: a subclass's own) is unreferenced as usual.
 *
 * Only the GLib whose g_object_unref() this repeats (2.74 and before, read
 * for it) takes the short way: a later one, which may keep more of an
 * object's state outside its qdata, gets g_object_unref() itself. The
 * check is of the GLib running, not of the headers built against. */
static inline gboolean
gaws_object_unref_is_known (void)
{
  return glib_major_version == 2 && glib_minor_version < 75;
}

/* Whether @object, being disposed, has no other reference and no toggle
 * reference. */
static inline gboolean
gaws_object_is_last_unref (GObject *object)
{
  return g_atomic_int_get ((gint *) &object->ref_count) == 1 && g_datalist_get_flags (&object->qdata) == 0;
}

G_GNUC_INTERNAL gboolean gaws_object_is_last_unref_only (GObject *object);

/* Whether gaws_object_unref_plain() may drop @object itself: the GLib it
 * repeats, a class whose dispose is @dispose, and nothing else on it. */
static inline gboolean
gaws_object_is_plain (GObject *object,
                      void   (*dispose) (GObject *object))
{
  return gaws_object_unref_is_known () && G_OBJECT_GET_CLASS (object)->dispose == dispose &&
         gaws_object_is_sole (object);
}

static inline void
gaws_object_unref_plain (gpointer   object,
                         void     (*dispose) (GObject *object))
{
  GObject *gobject = object;
  GObjectClass *klass = G_OBJECT_GET_CLASS (gobject);

  if (!gaws_object_is_plain (gobject, dispose))
    {
      g_object_unref (gobject);
      return;
    }
  g_signal_handlers_destroy (gobject);
  /* as g_object_unref() leaves it for finalize */
  g_atomic_int_set ((gint *) &gobject->ref_count, 0);
  klass->finalize (gobject);
  g_type_free_instance ((GTypeInstance *) gobject);
}

/* gaws_object_unref_plain() for an object whose class keeps GObject's own
 * dispose, which clears the signal handlers and the qdata, as
 * gaws_object_unref_plain() does when there is no qdata: a call's GTask,
 * whose last reference gaws drops once g_task_return_*() has run the
 * callback. Frees it without GLib 2.74's freeze of the notifications and
 * seven qdata look-ups under bit locks; anything else, or anything on it,
 * gets g_object_unref(). */
G_GNUC_INTERNAL void gaws_object_unref_base (gpointer object);

G_END_DECLS
