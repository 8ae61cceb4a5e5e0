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

G_END_DECLS
