/* gaws-shape.c: the base of every request, response and structure
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-shape.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>
#include "gaws-error.h"
#include "gaws-object-private.h"
#include "gaws-shape-json.h"
#include "gaws-shape-private.h"
#include "gaws-spare-containers-private.h"

/**
 * GawsShape:
 *
 * An instance of a structure of a service model: a request, a response, an
 * error or anything they hold.
 *
 * A #GawsShape keeps one slot per member of its #GawsShapeInfo, in the
 * model's order. A slot is either unset or holds a #GValue of the type
 * gaws_member_info_get_value_type() names, so that a member left unset and
 * one set to its default (0, %FALSE, "") stay distinguishable and the
 * protocol codecs can walk any structure without knowing its C type.
 *
 * Generated classes only add typed accessors and one #GObject property per
 * member; every accessor ends up here.
 */

typedef struct {
  const GawsShapeInfo *info;
  GValue              *values;         /* NULL until a member is set (then
                                        * g_new0()'d, or a spare array of a
                                        * large structure's), or: */
  gboolean             values_inline;  /* the slots past the instance */
  guint                n_touched;      /* no slot from this one on was
                                        * ever set: finalize stops here (an
                                        * AttributeValue's S is its first) */
  /* an output's #GawsResponseMetadata, kept here rather than as qdata:
   * the one datum most outputs would have, whose qdata costs an
   * allocation and locking */
  gpointer             metadata;
  GDestroyNotify       metadata_destroy;
} GawsShapePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (GawsShape, gaws_shape, G_TYPE_OBJECT)

/* A slot is all zeros or holds a value of a valid type: testing its type
 * for 0 is G_IS_VALUE() without the type system's look-up, which the
 * codecs would otherwise pay for every member of every structure. */
#define SLOT_IS_SET(slot) (G_VALUE_TYPE (slot) != G_TYPE_INVALID)

/* GAWS_IS_SHAPE() for the accessors, which the codecs call for every
 * member: the generated classes derive from GawsShape directly, so their
 * parent says it without g_type_check_instance_is_a(); anything else takes
 * the full check. */
static inline gboolean
is_shape (gpointer object)
{
  GTypeInstance *instance = object;
  GType shape_type = GAWS_TYPE_SHAPE;
  GType type;

  if (instance == NULL || instance->g_class == NULL)
    return FALSE;
  type = G_TYPE_FROM_INSTANCE (instance);
  return type == shape_type || g_type_parent (type) == shape_type ||
         g_type_is_a (type, shape_type);
}

/* The boxed types slots hold, known once a shape's class is (slots are
 * only cleared after). */
static struct {
  GType date_time;
  GType ptr_array;
  GType hash_table;
  GType bytes;
} boxed_types;

/* g_value_unset() for the types the codecs store, without the look-up of
 * the value table: freeing a response frees every slot of every structure
 * it holds. Static contents (G_VALUE_NOCOPY_CONTENTS) are not ours to free. */
static void
slot_clear (GValue *slot)
{
  GType type = G_VALUE_TYPE (slot);
  gpointer data = slot->data[0].v_pointer;

  if (type == G_TYPE_INT || type == G_TYPE_INT64 || type == G_TYPE_BOOLEAN || type == G_TYPE_DOUBLE)
    {
      memset (slot, 0, sizeof (GValue));
      return;
    }
  /* a string the readers found among the enum's values is the model's own
   * (an S3 listing's StorageClass): nothing to free, no value table. (Not
   * kept as gaws_string_free_held() keeps a map's or a list's: a
   * structure's strings are few and of mixed sizes, which glibc's thread
   * cache serves at less than the look-ups that would cost, as an S3
   * listing's objects showed.) */
  if (type == G_TYPE_STRING)
    {
      if (!(slot->data[1].v_uint & G_VALUE_NOCOPY_CONTENTS))
        g_free (data);
      memset (slot, 0, sizeof (GValue));
      return;
    }
  if (slot->data[1].v_uint & G_VALUE_NOCOPY_CONTENTS)
    {
      g_value_unset (slot);
      return;
    }
  /* the boxed types by the ones gaws_shape_class_init() asked for, not a
   * call of each *_get_type() and g_type_fundamental() for every slot (an
   * S3 listing's objects each hold a time) */
  if (type == boxed_types.date_time)
    g_clear_pointer (&data, g_date_time_unref);
  else if (type == boxed_types.ptr_array)
    g_clear_pointer (&data, gaws_list_unref_held);
  else if (type == boxed_types.hash_table)
    g_clear_pointer (&data, gaws_map_unref_held);
  else if (type == boxed_types.bytes)
    g_clear_pointer (&data, g_bytes_unref);
  else if (G_TYPE_FUNDAMENTAL (type) == G_TYPE_OBJECT)
    g_clear_pointer (&data, gaws_shape_unref_held);
  else
    {
      g_value_unset (slot);
      return;
    }
  memset (slot, 0, sizeof (GValue));
}

/* Every slot set so far unset, and the metadata dropped (taken out
 * first: its destroy may run anybody's code), as finalize and a recycled
 * structure's reset both want. */
static void
clear_contents (GawsShapePrivate *priv)
{
  gpointer metadata = priv->metadata;

  if (priv->values != NULL)
    for (guint i = 0; i < priv->n_touched; i++)
      if (SLOT_IS_SET (&priv->values[i]))
        slot_clear (&priv->values[i]);
  priv->n_touched = 0;
  priv->metadata = NULL;
  if (metadata != NULL)
    priv->metadata_destroy (metadata);
  priv->metadata_destroy = NULL;
}

/* The slots of a structure of more members than an instance keeps in line
 * (see inline_values_fit()) come from the thread's spare arrays, in sizes
 * of SPARE_VALUES_STEP slots: an instance with them in line would pass
 * 1 KiB (S3's PutObjectRequest and GetObjectOutput: 1176 and 1104 bytes),
 * which glibc's malloc() serves outside its thread cache, after a
 * consolidation of its fast bins, and zeroes. An array goes back unset
 * (zero), as clear_contents() leaves it. */
#define SPARE_VALUES_STEP 16
#define SPARE_VALUES_MAX 128

static GValue *spare_values_take (guint capacity);
static void spare_values_give (GValue *values, guint capacity);

static gboolean inline_values_fit (const GawsShapeInfo *info);

/* How many slots a spare array for @info's slots holds, or 0 when they
 * are allocated on their own: few enough to fit in line (a plain
 * #GawsShape's) or too many to keep. */
static inline guint
spare_values_capacity (const GawsShapeInfo *info)
{
  guint capacity;

  if (inline_values_fit (info))
    return 0;
  capacity = (info->n_members + SPARE_VALUES_STEP - 1) / SPARE_VALUES_STEP * SPARE_VALUES_STEP;
  return capacity <= SPARE_VALUES_MAX ? capacity : 0;
}

/* Frees the slots of @priv, which are unset, unless they are in line. */
static void
free_values (GawsShapePrivate *priv)
{
  guint capacity;

  if (priv->values == NULL || priv->values_inline)
    return;
  capacity = spare_values_capacity (priv->info);
  if (capacity > 0)
    spare_values_give (priv->values, capacity);
  else
    g_free (priv->values);
  priv->values = NULL;
}

static void
gaws_shape_finalize (GObject *object)
{
  /* plain casts: the type is known here, and every response frees a few */
  GawsShapePrivate *priv = gaws_shape_get_instance_private ((GawsShape *) object);

  clear_contents (priv);
  free_values (priv);

  ((GObjectClass *) gaws_shape_parent_class)->finalize (object);
}

static GValue *
lookup_slot (GawsShape *self,
             guint      index)
{
  GawsShapePrivate *priv = gaws_shape_get_instance_private (self);

  g_return_val_if_fail (priv->info != NULL && index < priv->info->n_members, NULL);
  if (priv->values == NULL)
    {
      guint capacity = spare_values_capacity (priv->info);

      priv->values = capacity > 0 ? spare_values_take (capacity) : g_new0 (GValue, priv->info->n_members);
    }
  if (index >= priv->n_touched)
    priv->n_touched = index + 1;
  return &priv->values[index];
}

static void
gaws_shape_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  const GValue *stored = gaws_shape_get_value (GAWS_SHAPE (object), prop_id - 1);

  /* An unset member reads as the property's default. */
  if (stored != NULL)
    g_value_copy (stored, value);
  else
    g_param_value_set_default (pspec, value);
}

static void gaws_shape_dispose (GObject *object);

/* Structures of generated classes that a reader made and the runtime
 * dropped last (gaws_shape_unref_held()), kept alive and reset, per thread,
 * for the next gaws_shape_new() of their class: GLib 2.74 spends some 500
 * instructions making one and 700 freeing it, and a response holds one for
 * each item or object it lists. A few classes at a time, a few of each. */
#define SPARE_CLASSES 8
#define SPARE_DEPTH 32

typedef struct {
  GType      type;
  guint      n;
  GawsShape *shapes[SPARE_DEPTH];
} SpareStack;

/* Spare slot arrays of one size (see spare_values_capacity()): calls in
 * flight end in no particular order, so several. */
#define SPARE_VALUE_SIZES 4
#define SPARE_VALUES_DEPTH 32

typedef struct {
  guint   capacity;
  guint   n;
  GValue *arrays[SPARE_VALUES_DEPTH];
} SpareValues;

typedef struct {
  SpareStack  stacks[SPARE_CLASSES];
  SpareValues values[SPARE_VALUE_SIZES];
} SpareShapes;

/* The thread's spares, read without g_private_get()'s call for each
 * structure made and dropped; the GPrivate, set once, frees them when the
 * thread exits, after which none is kept (what freeing them drops is
 * freed, not kept in a table nobody would free). */
static __thread SpareShapes *thread_spares;
static __thread gboolean thread_spares_gone;

static void
spare_shapes_free (gpointer data)
{
  SpareShapes *spares = data;

  thread_spares = NULL;
  thread_spares_gone = TRUE;
  for (guint i = 0; i < SPARE_CLASSES; i++)
    for (guint j = 0; j < spares->stacks[i].n; j++)
      g_object_unref (spares->stacks[i].shapes[j]);
  /* (the structures freed above gave theirs to nobody: freed) */
  for (guint i = 0; i < SPARE_VALUE_SIZES; i++)
    for (guint j = 0; j < spares->values[i].n; j++)
      g_free (spares->values[i].arrays[j]);
  g_free (spares);
}

static GPrivate spare_shapes = G_PRIVATE_INIT (spare_shapes_free);

/* The thread's spares, made when first needed; NULL once the thread has
 * freed them. */
static SpareShapes *
spares_get (void)
{
  SpareShapes *spares = thread_spares;

  if (G_UNLIKELY (spares == NULL) && !thread_spares_gone)
    {
      spares = thread_spares = g_new0 (SpareShapes, 1);
      g_private_set (&spare_shapes, spares);
    }
  return spares;
}

/* An array of @capacity unset slots: a spare one, or a new one. */
static GValue *
spare_values_take (guint capacity)
{
  SpareShapes *spares = thread_spares;

  if (spares != NULL)
    for (guint i = 0; i < SPARE_VALUE_SIZES; i++)
      {
        SpareValues *stack = &spares->values[i];

        if (stack->capacity == capacity && stack->n > 0)
          return stack->arrays[--stack->n];
      }
  return g_new0 (GValue, capacity);
}

/* Keeps @values, @capacity unset slots, for a next spare_values_take(), or
 * frees them when the thread keeps enough. */
static void
spare_values_give (GValue *values,
                   guint   capacity)
{
  SpareShapes *spares = spares_get ();
  SpareValues *free_stack = NULL;

  for (guint i = 0; spares != NULL && i < SPARE_VALUE_SIZES; i++)
    {
      SpareValues *stack = &spares->values[i];

      if (stack->capacity == capacity)
        {
          free_stack = stack;
          break;
        }
      if (stack->n == 0 && free_stack == NULL)
        free_stack = stack;
    }
  if (free_stack == NULL || free_stack->n == SPARE_VALUES_DEPTH)
    {
      g_free (values);
      return;
    }
  free_stack->capacity = capacity;
  free_stack->arrays[free_stack->n++] = values;
}

/* A kept structure of @type, or NULL. One kept by its dispose (see
 * recycle_last()) whose user had frozen its notifications still holds
 * them frozen: freed instead, as g_object_unref() would have. */
static GawsShape *
spare_take (GType type)
{
  SpareShapes *spares = thread_spares;

  if (spares == NULL)
    return NULL;
  for (guint i = 0; i < SPARE_CLASSES; i++)
    {
      SpareStack *stack = &spares->stacks[i];
      GawsShapePrivate *priv;
      GawsShape *shape;

      if (stack->type != type || stack->n == 0)
        continue;
      shape = stack->shapes[--stack->n];
      if (G_LIKELY (gaws_object_is_sole ((GObject *) shape)))
        return shape;
      /* without its class's descriptor (and its unset slots), which its
       * dispose then does not keep again */
      priv = gaws_shape_get_instance_private (shape);
      free_values (priv);
      priv->values = NULL;
      priv->values_inline = FALSE;
      priv->info = NULL;
      g_object_unref (shape);
      return NULL;
    }
  return NULL;
}

/* Keeps @self, reset, in its class's stack, or one nothing is kept in. */
static gboolean
spare_give (GawsShape *self)
{
  SpareShapes *spares = spares_get ();
  GType type = G_TYPE_FROM_INSTANCE (self);
  SpareStack *free_stack = NULL;

  if (spares == NULL)
    return FALSE;
  for (guint i = 0; i < SPARE_CLASSES; i++)
    {
      SpareStack *stack = &spares->stacks[i];

      if (stack->type == type)
        {
          free_stack = stack;
          break;
        }
      if (stack->n == 0 && free_stack == NULL)
        free_stack = stack;
    }
  if (free_stack == NULL || free_stack->n == SPARE_DEPTH)
    return FALSE;
  free_stack->type = type;
  free_stack->shapes[free_stack->n++] = self;
  return TRUE;
}

/* Whether @object, about to lose its last reference, can be kept as a
 * spare: an instance of a generated class (whose instance init only points
 * the private data at the class's descriptor and at the slots within the
 * instance, which a reset puts back; a large one keeps its spare slots),
 * with nothing else on it (see
 * gaws_object_is_sole()), on the GLib whose objects hold no more state
 * than that (gaws_object_unref_is_known()): one reset then is what
 * g_object_new() would make. */
static gboolean
is_recyclable_class (GObject *object)
{
  GObjectClass *object_class = G_OBJECT_GET_CLASS (object);
  GawsShapePrivate *priv;

  /* (slots hold streams too: only a shape's class and private data are
   * looked at) */
  if (!gaws_object_unref_is_known () || object_class->dispose != gaws_shape_dispose ||
      object_class->finalize != gaws_shape_finalize)
    return FALSE;
  priv = gaws_shape_get_instance_private ((GawsShape *) object);
  return ((GawsShapeClass *) object_class)->info != NULL &&
         priv->info == ((GawsShapeClass *) object_class)->info &&
         (priv->values_inline || priv->values == NULL || spare_values_capacity (priv->info) > 0);
}

static gboolean
can_recycle (GObject *object)
{
  return gaws_object_is_sole (object) && is_recyclable_class (object);
}

/* GLib 2.74's GObject (on a 64-bit build, where it keeps "optional flags"
 * in the padding after the reference count) sets this flag of them when a
 * handler is connected to any signal of an object type, by any of the
 * g_signal_connect*() calls, and never clears it. */
#define GLIB_2_74_HAS_SIGNAL_HANDLER (1u << 1)

/* Whether a signal handler may have been connected to @self. A structure
 * of a class gaws_shape_register_type() made (final, whose one signal is
 * GObject's "notify": no interface's, which would not set the flag) on
 * the GLib that keeps the flag can say it has never had one: then
 * g_signal_handlers_destroy(), a look-up in a global table under the
 * signal lock, finds nothing. Freeing a listing's page recycles one
 * structure per object listed, which nobody outside has connected to
 * unless its user did: its flag then says so. Any other may have. */
static inline gboolean
may_have_handlers (GawsShape *self)
{
#if GLIB_SIZEOF_VOID_P == 8 && G_MAXUINT == 0xffffffffu
  G_STATIC_ASSERT (G_STRUCT_OFFSET (GObject, qdata) == G_STRUCT_OFFSET (GObject, ref_count) + 2 * sizeof (guint));
  guint *optional_flags = &((guint *) &((GObject *) self)->ref_count)[1];

  if (glib_major_version == 2 && glib_minor_version == 74 && GAWS_SHAPE_GET_CLASS (self)->registered)
    return (g_atomic_int_get ((gint *) optional_flags) & GLIB_2_74_HAS_SIGNAL_HANDLER) != 0;
#endif
  return TRUE;
}

/* Its flag of the same optional flags for a handler connected to
 * "notify", with or without a detail (g_object_bind_property() connects
 * one too), which it never clears either. */
#define GLIB_2_74_HAS_NOTIFY_HANDLER (1u << 2)

/* GObjectClass's own dispatch_properties_changed(), which a class that
 * dispatches notifications its own way replaces (known with GawsShape's
 * class). */
static void (*object_dispatch_properties_changed) (GObject *object, guint n_pspecs, GParamSpec **pspecs);

/* Whether GLib 2.74's g_object_notify_by_pspec() on @self would do nothing
 * past its checks of @self and of the property: it notifies only an
 * object with a "notify" handler (by the flag above), or of a class with
 * a notify() or a dispatch_properties_changed() of its own, and does not
 * even queue the notification of a frozen one otherwise. Every member a
 * caller sets on a request it has just made asks (some 75 instructions
 * each, and a look at the type nodes of the object and the property). */
static inline gboolean
notify_is_unheard (GawsShape *self)
{
#if GLIB_SIZEOF_VOID_P == 8 && G_MAXUINT == 0xffffffffu
  GObjectClass *klass = G_OBJECT_GET_CLASS (self);
  guint *optional_flags = &((guint *) &((GObject *) self)->ref_count)[1];

  if (glib_major_version == 2 && glib_minor_version == 74)
    return (g_atomic_int_get ((gint *) optional_flags) & GLIB_2_74_HAS_NOTIFY_HANDLER) == 0 &&
           klass->notify == NULL && klass->dispatch_properties_changed == object_dispatch_properties_changed;
#endif
  return FALSE;
}

/* Back to what shape_subclass_instance_init() leaves: every slot unset,
 * no metadata, no signal handler. */
static void
recycle_reset (GawsShape *self)
{
  if (may_have_handlers (self))
    g_signal_handlers_destroy (self);
  clear_contents (gaws_shape_get_instance_private (self));
}

/**
 * gaws_shape_unref_held: (skip)
 * @object: a #GObject held in a slot of a structure or an item of a list
 *
 * g_object_unref() for what a structure holds, which is most often a
 * structure the protocol reader made and nobody else refers to: the last
 * reference of a plain one is dropped by gaws_object_unref_plain().
 * Freeing a listing's page frees one such structure for each object
 * listed.
 */
void
gaws_shape_unref_held (gpointer object)
{
  if (can_recycle (object))
    {
      recycle_reset (object);
      /* freeing what it held could have run anybody's code */
      if (gaws_object_is_sole (object) && spare_give (object))
        return;
    }
  gaws_object_unref_plain (object, gaws_shape_dispose);
}

static gboolean
value_holds_null (const GValue *value)
{
  GType type = G_VALUE_TYPE (value);

  /* the common types first, without g_type_fundamental() */
  if (type == G_TYPE_STRING)
    return value->data[0].v_pointer == NULL;
  if (type == G_TYPE_INT || type == G_TYPE_INT64 || type == G_TYPE_BOOLEAN || type == G_TYPE_DOUBLE)
    return FALSE;
  /* strings, boxed types and objects keep their pointer in data[0] */
  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_STRING:
    case G_TYPE_BOXED:
    case G_TYPE_OBJECT:
      return value->data[0].v_pointer == NULL;
    default:
      return FALSE;
    }
}

static void
gaws_shape_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  gaws_shape_set_value (GAWS_SHAPE (object), prop_id - 1, value);
}

/* The dispose of a structure's last reference, such as a caller's input
 * or output: the structure, reset as a held one is, is kept as a spare
 * when nothing else is on it, by a reference taken here that the
 * g_object_unref() running then drops (GObject's resurrection, which
 * thaws the queue and leaves the qdata empty again). The unref then costs
 * no finalize, no handler and weak reference clearing, no free, and the
 * next gaws_shape_new() of the class no allocation nor construction: some
 * 1,400 instructions for each of an S3 call's input and output. */
static gboolean
recycle_last (GObject *object)
{
  if (!is_recyclable_class (object) || !gaws_object_is_last_unref_only (object))
    return FALSE;
  recycle_reset ((GawsShape *) object);
  /* Freeing what it held, or a handler's destroy notify, could have run
   * anybody's code: one that took a reference keeps it alive, one that
   * put something in its qdata gets it freed by the unref, as GObject
   * would. */
  if (!gaws_object_is_last_unref_only (object))
    return FALSE;
  /* g_object_ref() of an object known to be one (the class was looked
   * at) without a toggle reference (gaws_object_is_last_unref_only()):
   * the count, without the type check, whose look-up of the class's type
   * node the unref of every input and output paid */
  g_atomic_int_inc ((gint *) &object->ref_count);
  if (spare_give ((GawsShape *) object))
    return TRUE;
  g_atomic_int_add ((gint *) &object->ref_count, -1);
  return FALSE;
}

/* see gaws_object_dispose_unless_last(); the last reference of a
 * structure of a generated class may be recycled instead */
static void
gaws_shape_dispose (GObject *object)
{
  if (recycle_last (object))
    return;
  gaws_object_dispose_unless_last (object, gaws_shape_parent_class);
}

static void
gaws_shape_class_init (GawsShapeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gaws_shape_dispose;
  object_class->finalize = gaws_shape_finalize;
  object_class->get_property = gaws_shape_get_property;
  object_class->set_property = gaws_shape_set_property;
  boxed_types.date_time = G_TYPE_DATE_TIME;
  boxed_types.ptr_array = G_TYPE_PTR_ARRAY;
  boxed_types.hash_table = G_TYPE_HASH_TABLE;
  boxed_types.bytes = G_TYPE_BYTES;
  object_dispatch_properties_changed = G_OBJECT_CLASS (gaws_shape_parent_class)->dispatch_properties_changed;
}

static void
gaws_shape_init (GawsShape *self)
{
}

/**
 * gaws_shape_new:
 * @info: the #GawsShapeInfo of a structure
 *
 * Creates an instance of @info: of its generated class when it has one,
 * else a plain #GawsShape, as for models loaded at run time.
 *
 * Returns: (transfer full): a new #GawsShape with every member unset
 */
GawsShape *
gaws_shape_new (const GawsShapeInfo *info)
{
  GawsShape *self;
  GawsShapePrivate *priv;
  GType type;

  g_return_val_if_fail (info != NULL && gaws_shape_info_is_structure (info), NULL);

  type = info->get_type ? info->get_type () : GAWS_TYPE_SHAPE;
  self = info->get_type ? spare_take (type) : NULL;
  /* g_object_new() without the variadic walk to find no property */
  if (self == NULL)
    self = (GawsShape *) g_object_new_with_properties (type, 0, NULL, NULL);
  priv = gaws_shape_get_instance_private (self);
  /* A class's own slots fit its own descriptor only (and are unset). */
  if (priv->info != info && priv->values != NULL)
    {
      free_values (priv);
      priv->values = NULL;
      priv->values_inline = FALSE;
    }
  priv->info = info;
  return self;
}

/**
 * gaws_shape_get_info:
 * @self: a #GawsShape
 *
 * Returns: (transfer none): the descriptor of the structure @self is an
 *   instance of
 */
const GawsShapeInfo *
gaws_shape_get_info (GawsShape *self)
{
  GawsShapePrivate *priv;

  g_return_val_if_fail (is_shape (self), NULL);
  priv = gaws_shape_get_instance_private (self);
  return priv->info;
}

/**
 * gaws_shape_is_set:
 * @self: a #GawsShape
 * @index: a member index
 *
 * Returns: whether the member at @index holds a value
 */
gboolean
gaws_shape_is_set (GawsShape *self,
                   guint      index)
{
  return gaws_shape_get_value (self, index) != NULL;
}

/**
 * gaws_shape_get_value:
 * @self: a #GawsShape
 * @index: a member index
 *
 * Returns: (nullable) (transfer none): the value of the member at @index,
 *   or %NULL when it is unset
 */
const GValue *
gaws_shape_get_value (GawsShape *self,
                      guint      index)
{
  GawsShapePrivate *priv;

  g_return_val_if_fail (is_shape (self), NULL);
  priv = gaws_shape_get_instance_private (self);
  g_return_val_if_fail (priv->info != NULL && index < priv->info->n_members, NULL);
  if (priv->values == NULL || !SLOT_IS_SET (&priv->values[index]))
    return NULL;
  return &priv->values[index];
}

/* A union holds at most one member: setting one clears the others. */
static void
clear_other_union_members (GawsShape *self,
                           guint      index)
{
  GawsShapePrivate *priv = gaws_shape_get_instance_private (self);

  if (priv->info->kind != GAWS_SHAPE_KIND_UNION || priv->values == NULL)
    return;
  for (guint i = 0; i < priv->info->n_members; i++)
    if (i != index && SLOT_IS_SET (&priv->values[i]))
      gaws_shape_unset (self, i);
}

static void
notify_member (GawsShape *self,
               guint      index)
{
  GawsShapeClass *klass = GAWS_SHAPE_GET_CLASS (self);
  GawsShapePrivate *priv = gaws_shape_get_instance_private (self);

  /* (a plain cast: callers checked @self, and every member set comes here) */
  if (klass->pspecs != NULL && klass->info == priv->info && !notify_is_unheard (self))
    /* By property id, member index + 1; the pointer is kept as allocated
     * so that the array is not a leak in valgrind's eyes. */
    g_object_notify_by_pspec ((GObject *) self, klass->pspecs[index + 1]);
}

/* Moves @value, of the member's own type and not a %NULL pointer, into the
 * slot at @index, checked. */
static void
store_value (GawsShape *self,
             guint      index,
             GValue    *value)
{
  GValue *slot = lookup_slot (self, index);

  clear_other_union_members (self, index);
  if (SLOT_IS_SET (slot))
    slot_clear (slot);
  *slot = *value;
  memset (value, 0, sizeof (GValue));
}

/**
 * gaws_shape_take_value:
 * @self: a #GawsShape
 * @index: a member index
 * @value: (transfer full): a #GValue of the member's value type, which
 *   this function unsets
 *
 * Moves @value into the member at @index. A %NULL string, boxed or object
 * unsets the member.
 */
void
gaws_shape_take_value (GawsShape *self,
                       guint      index,
                       GValue    *value)
{
  GawsShapePrivate *priv;
  GType type;

  g_return_if_fail (is_shape (self));
  g_return_if_fail (value != NULL && G_VALUE_TYPE (value) != G_TYPE_INVALID);
  priv = gaws_shape_get_instance_private (self);
  g_return_if_fail (priv->info != NULL && index < priv->info->n_members);
  type = gaws_member_info_get_value_type (&priv->info->members[index]);
  /* the same type, as the codecs and accessors give, needs no look-up */
  if (G_VALUE_TYPE (value) != type && !g_value_type_compatible (G_VALUE_TYPE (value), type))
    {
      g_critical ("%s: member %s of %s holds %s, not %s", G_STRFUNC,
                  priv->info->members[index].name, priv->info->name,
                  g_type_name (type), G_VALUE_TYPE_NAME (value));
      g_value_unset (value);
      return;
    }
  if (value_holds_null (value))
    {
      g_value_unset (value);
      gaws_shape_unset (self, index);
      return;
    }
  store_value (self, index, value);
  notify_member (self, index);
}

/* The slots of @self, one per member of its #GawsShapeInfo, for the
 * walkers that read every member (the validator, the json writer): %NULL
 * when none was ever set. An unset slot has type 0. */
const GValue *
gaws_shape_peek_values (GawsShape *self)
{
  GawsShapePrivate *priv;

  g_return_val_if_fail (is_shape (self), NULL);
  priv = gaws_shape_get_instance_private (self);
  return priv->values;
}

/* gaws_shape_get_info() for the codecs, which were given a #GawsShape:
 * without is_shape()'s look-up of the class's parent type, whose data a
 * response's reading touches for nothing else. */
const GawsShapeInfo *
gaws_shape_peek_info (GawsShape *self)
{
  return ((GawsShapePrivate *) gaws_shape_get_instance_private (self))->info;
}

/* Where gaws_shape_get_response_metadata() and
 * gaws_shape_set_response_metadata() keep an output's metadata: %NULL
 * when it has none. */
gpointer
gaws_shape_peek_metadata (GawsShape *self)
{
  return ((GawsShapePrivate *) gaws_shape_get_instance_private (self))->metadata;
}

/* Replaces the metadata with @metadata (owned by @self, freed with
 * @destroy), freeing what was there. */
void
gaws_shape_take_metadata (GawsShape      *self,
                          gpointer        metadata,
                          GDestroyNotify  destroy)
{
  GawsShapePrivate *priv = gaws_shape_get_instance_private (self);
  gpointer old = priv->metadata;
  GDestroyNotify old_destroy = priv->metadata_destroy;

  priv->metadata = metadata;
  priv->metadata_destroy = destroy;
  if (old != NULL)
    old_destroy (old);
}

/* gaws_shape_take_value() for the json text reader, into a structure it
 * has just made: nobody can be watching its properties yet, and @value
 * holds the member's own type and no %NULL pointer, as the reader makes
 * them. */
void
gaws_shape_take_value_unwatched (GawsShape *self,
                                 guint      index,
                                 GValue    *value)
{
  GawsShapePrivate *priv = gaws_shape_get_instance_private (self);

  /* a structure's slot set once, as the readers set each member of a new
   * structure: a copy, without the checks of store_value() */
  if (G_LIKELY (priv->values != NULL && index < priv->info->n_members &&
                priv->info->kind == GAWS_SHAPE_KIND_STRUCTURE && !SLOT_IS_SET (&priv->values[index])))
    {
      if (index >= priv->n_touched)
        priv->n_touched = index + 1;
      priv->values[index] = *value;
      memset (value, 0, sizeof (GValue));
      return;
    }
  store_value (self, index, value);
}

/**
 * gaws_shape_set_value:
 * @self: a #GawsShape
 * @index: a member index
 * @value: (nullable): a #GValue of the member's value type, or %NULL to unset
 *
 * Copies @value into the member at @index.
 */
void
gaws_shape_set_value (GawsShape    *self,
                      guint         index,
                      const GValue *value)
{
  GValue copy = G_VALUE_INIT;

  if (value == NULL)
    {
      gaws_shape_unset (self, index);
      return;
    }
  g_value_init (&copy, G_VALUE_TYPE (value));
  g_value_copy (value, &copy);
  gaws_shape_take_value (self, index, &copy);
}

/**
 * gaws_shape_unset:
 * @self: a #GawsShape
 * @index: a member index
 *
 * Makes the member at @index unset again, so that it is not sent.
 */
void
gaws_shape_unset (GawsShape *self,
                  guint      index)
{
  GValue *slot = lookup_slot (self, index);

  if (slot == NULL || !SLOT_IS_SET (slot))
    return;
  slot_clear (slot);
  notify_member (self, index);
}

static gint
find_member_or_warn (GawsShape  *self,
                     const char *member)
{
  const GawsShapeInfo *info = gaws_shape_get_info (self);
  gint index;

  g_return_val_if_fail (info != NULL, -1);
  index = gaws_shape_info_find_member (info, member);
  if (index < 0)
    g_critical ("%s has no member %s", info->name, member);
  return index;
}

/**
 * gaws_shape_copy:
 * @self: a #GawsShape
 *
 * Copies the members of @self into a new instance. Lists, maps and nested
 * structures are shared, not copied: the copy is for changing top-level
 * members without touching the caller's object.
 *
 * Returns: (transfer full): a new #GawsShape of the same structure
 */
GawsShape *
gaws_shape_copy (GawsShape *self)
{
  const GawsShapeInfo *info = gaws_shape_get_info (self);
  GawsShape *copy = gaws_shape_new (info);

  for (guint i = 0; i < info->n_members; i++)
    if (gaws_shape_is_set (self, i))
      gaws_shape_set_value (copy, i, gaws_shape_get_value (self, i));
  return copy;
}

/**
 * gaws_shape_is_set_by_name:
 * @self: a #GawsShape
 * @member: a member name from the model, such as `TableName`
 *
 * Returns: whether the member holds a value
 */
gboolean
gaws_shape_is_set_by_name (GawsShape  *self,
                           const char *member)
{
  gint index = find_member_or_warn (self, member);
  return index >= 0 && gaws_shape_is_set (self, (guint) index);
}

/**
 * gaws_shape_get_value_by_name:
 * @self: a #GawsShape
 * @member: a member name from the model
 *
 * Returns: (nullable) (transfer none): the member's value, or %NULL when unset
 */
const GValue *
gaws_shape_get_value_by_name (GawsShape  *self,
                              const char *member)
{
  gint index = find_member_or_warn (self, member);
  return index >= 0 ? gaws_shape_get_value (self, (guint) index) : NULL;
}

/**
 * gaws_shape_set_value_by_name:
 * @self: a #GawsShape
 * @member: a member name from the model
 * @value: (nullable): the value, or %NULL to unset
 *
 * Returns: %FALSE if the structure has no such member
 */
gboolean
gaws_shape_set_value_by_name (GawsShape    *self,
                              const char   *member,
                              const GValue *value)
{
  gint index = find_member_or_warn (self, member);

  if (index < 0)
    return FALSE;
  gaws_shape_set_value (self, (guint) index, value);
  return TRUE;
}

/* The typed accessors below are what generated accessors call. Each reads
 * or writes one slot; unset members read as 0, %FALSE or %NULL. A slot of
 * the accessor's own type is read in place; any other goes through the
 * checked getter, which complains. */

#define SLOT_GET(value, gtype, field, getter) \
  (G_VALUE_TYPE (value) == (gtype) ? (value)->data[0].field : getter (value))

/* The setters fill the GValue as g_value_init() and the g_value_set_*()
 * of these fundamental types would, without their two look-ups in the type
 * system: @store gives what goes in data[0] (a copy or a reference, for a
 * pointer), which gaws_shape_take_value() then checks and moves. */
#define DEFINE_SCALAR_ACCESSORS(name, ctype, gtype, field, getter, store, zero) \
  ctype                                                                    \
  gaws_shape_get_##name (GawsShape *self,                                  \
                         guint      index)                                 \
  {                                                                        \
    const GValue *value = gaws_shape_get_value (self, index);              \
    return value ? SLOT_GET (value, gtype, field, getter) : (zero);        \
  }                                                                        \
                                                                           \
  void                                                                     \
  gaws_shape_set_##name (GawsShape *self,                                  \
                         guint      index,                                 \
                         ctype      new_value)                             \
  {                                                                        \
    GValue value = G_VALUE_INIT;                                           \
    value.g_type = (gtype);                                                \
    value.data[0].field = store (new_value);                               \
    gaws_shape_take_value (self, index, &value);                           \
  }

#define DEFINE_POINTER_ACCESSORS(name, ctype, gtype, getter, store)        \
  ctype                                                                    \
  gaws_shape_get_##name (GawsShape *self,                                  \
                         guint      index)                                 \
  {                                                                        \
    const GValue *value = gaws_shape_get_value (self, index);              \
    return value ? SLOT_GET (value, gtype, v_pointer, getter) : NULL;      \
  }                                                                        \
                                                                           \
  void                                                                     \
  gaws_shape_set_##name (GawsShape *self,                                  \
                         guint      index,                                 \
                         ctype      new_value)                             \
  {                                                                        \
    GValue value = G_VALUE_INIT;                                           \
    if (new_value == NULL)                                                 \
      {                                                                    \
        gaws_shape_unset (self, index);                                    \
        return;                                                            \
      }                                                                    \
    value.g_type = (gtype);                                                \
    value.data[0].v_pointer = store (new_value);                           \
    gaws_shape_take_value (self, index, &value);                           \
  }

/* the stores: what g_value_set_*() keep of a value */
#define STORE_SAME(v) (v)
#define STORE_BOOLEAN(v) ((v) != FALSE)

static inline gpointer
store_stream (GInputStream *stream)
{
  /* what g_value_set_object() checks of an object */
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  return g_object_ref (stream);
}

/**
 * gaws_shape_get_int:
 * @self: a #GawsShape
 * @index: the index of an integer member
 *
 * Returns: the member's value, or 0 when unset
 */
/**
 * gaws_shape_set_int:
 * @self: a #GawsShape
 * @index: the index of an integer member
 * @value: the value
 */
DEFINE_SCALAR_ACCESSORS (int, gint, G_TYPE_INT, v_int, g_value_get_int, STORE_SAME, 0)

/**
 * gaws_shape_get_int64:
 * @self: a #GawsShape
 * @index: the index of a long member
 *
 * Returns: the member's value, or 0 when unset
 */
/**
 * gaws_shape_set_int64:
 * @self: a #GawsShape
 * @index: the index of a long member
 * @value: the value
 */
DEFINE_SCALAR_ACCESSORS (int64, gint64, G_TYPE_INT64, v_int64, g_value_get_int64, STORE_SAME, 0)

/**
 * gaws_shape_get_boolean:
 * @self: a #GawsShape
 * @index: the index of a boolean member
 *
 * Returns: the member's value, or %FALSE when unset
 */
/**
 * gaws_shape_set_boolean:
 * @self: a #GawsShape
 * @index: the index of a boolean member
 * @value: the value
 */
DEFINE_SCALAR_ACCESSORS (boolean, gboolean, G_TYPE_BOOLEAN, v_int, g_value_get_boolean, STORE_BOOLEAN, FALSE)

/**
 * gaws_shape_get_double:
 * @self: a #GawsShape
 * @index: the index of a float or double member
 *
 * Returns: the member's value, or 0 when unset
 */
/**
 * gaws_shape_set_double:
 * @self: a #GawsShape
 * @index: the index of a float or double member
 * @value: the value
 */
DEFINE_SCALAR_ACCESSORS (double, double, G_TYPE_DOUBLE, v_double, g_value_get_double, STORE_SAME, 0.0)

/**
 * gaws_shape_get_string:
 * @self: a #GawsShape
 * @index: the index of a string, enum or document member
 *
 * Returns: (nullable) (transfer none): the member's value, or %NULL when unset
 */
/**
 * gaws_shape_set_string:
 * @self: a #GawsShape
 * @index: the index of a string, enum or document member
 * @value: (nullable): the value, or %NULL to unset
 */
/* (a copy into a block a freed map's or list's string left, when short) */
DEFINE_POINTER_ACCESSORS (string, const char *, G_TYPE_STRING, g_value_get_string, gaws_spare_string_dup)

/**
 * gaws_shape_get_date_time:
 * @self: a #GawsShape
 * @index: the index of a timestamp member
 *
 * Returns: (nullable) (transfer none): the member's value, or %NULL when unset
 */
/**
 * gaws_shape_set_date_time:
 * @self: a #GawsShape
 * @index: the index of a timestamp member
 * @value: (nullable): the value, or %NULL to unset
 */
DEFINE_POINTER_ACCESSORS (date_time, GDateTime *, G_TYPE_DATE_TIME, g_value_get_boxed, g_date_time_ref)

/**
 * gaws_shape_get_bytes:
 * @self: a #GawsShape
 * @index: the index of a blob member
 *
 * Returns: (nullable) (transfer none): the member's value, or %NULL when unset
 */
/**
 * gaws_shape_set_bytes:
 * @self: a #GawsShape
 * @index: the index of a blob member
 * @value: (nullable): the value, or %NULL to unset
 */
DEFINE_POINTER_ACCESSORS (bytes, GBytes *, G_TYPE_BYTES, g_value_get_boxed, g_bytes_ref)

/**
 * gaws_shape_get_stream:
 * @self: a #GawsShape
 * @index: the index of a streaming blob member
 *
 * Returns: (nullable) (transfer none): the member's value, or %NULL when unset
 */
/**
 * gaws_shape_set_stream:
 * @self: a #GawsShape
 * @index: the index of a streaming blob member
 * @value: (nullable): the value, or %NULL to unset
 */
DEFINE_POINTER_ACCESSORS (stream, GInputStream *, G_TYPE_INPUT_STREAM, g_value_get_object, store_stream)

/**
 * gaws_shape_get_list: (skip)
 * @self: a #GawsShape
 * @index: the index of a list member
 *
 * Its elements are held as gaws_shape_info_get_free_func() describes: a
 * list bindings cannot type, so they use the generated accessors or
 * gaws_shape_to_json_string() instead.
 *
 * Returns: (nullable) (transfer none): the member's value, or %NULL when unset
 */
/**
 * gaws_shape_set_list: (skip)
 * @self: a #GawsShape
 * @index: the index of a list member
 * @value: (nullable): the value, or %NULL to unset; its elements must be
 *   held as gaws_shape_info_get_free_func() describes
 *
 * Bindings use the generated accessors or
 * gaws_shape_update_from_json_string() instead.
 */
DEFINE_POINTER_ACCESSORS (list, GPtrArray *, G_TYPE_PTR_ARRAY, g_value_get_boxed, g_ptr_array_ref)

/**
 * gaws_shape_get_map:
 * @self: a #GawsShape
 * @index: the index of a map member
 *
 * Returns: (nullable) (transfer none) (element-type utf8 gpointer): the
 *   member's value, or %NULL when unset
 */
/**
 * gaws_shape_set_map:
 * @self: a #GawsShape
 * @index: the index of a map member
 * @value: (nullable) (element-type utf8 gpointer): the value, or %NULL to
 *   unset; a #GHashTable with string keys
 */
DEFINE_POINTER_ACCESSORS (map, GHashTable *, G_TYPE_HASH_TABLE, g_value_get_boxed, g_hash_table_ref)

/**
 * gaws_shape_get_shape:
 * @self: a #GawsShape
 * @index: the index of a structure member
 *
 * Returns: (nullable) (transfer none): the member's value, or %NULL when unset
 */
GawsShape *
gaws_shape_get_shape (GawsShape *self,
                      guint      index)
{
  const GValue *value = gaws_shape_get_value (self, index);
  return value ? g_value_get_object (value) : NULL;
}

/**
 * gaws_shape_set_shape:
 * @self: a #GawsShape
 * @index: the index of a structure member
 * @value: (nullable): the value, or %NULL to unset
 */
void
gaws_shape_set_shape (GawsShape *self,
                      guint      index,
                      GawsShape *new_value)
{
  GValue value = G_VALUE_INIT;

  if (new_value == NULL)
    {
      gaws_shape_unset (self, index);
      return;
    }
  g_value_init (&value, gaws_member_info_get_value_type (&gaws_shape_get_info (self)->members[index]));
  g_value_set_object (&value, new_value);
  gaws_shape_take_value (self, index, &value);
}

/**
 * gaws_shape_to_json_string:
 * @self: a #GawsShape
 *
 * Writes @self as JSON in the model's member names, as boto3 takes and
 * returns parameters: blobs in base64, timestamps in ISO 8601. For
 * debugging and dynamic use.
 *
 * Returns: (transfer full): the JSON text
 */
char *
gaws_shape_to_json_string (GawsShape *self)
{
  json_t *json;
  char *text, *copy;

  g_return_val_if_fail (GAWS_IS_SHAPE (self), NULL);
  json = gaws_shape_to_json (self, GAWS_SHAPE_JSON_DEFAULT);
  text = json_dumps (json, JSON_COMPACT | JSON_REAL_PRECISION (17));
  json_decref (json);
  /* Returned memory must be g_free()-able whatever jansson's allocator. */
  copy = g_strdup (text);
  free (text);
  return copy;
}

/**
 * gaws_shape_new_from_json_string:
 * @info: the #GawsShapeInfo of a structure
 * @json: JSON text in the form gaws_shape_to_json_string() writes
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a new #GawsShape, or %NULL with
 *   @error naming the offending member when @json does not fit @info
 */
GawsShape *
gaws_shape_new_from_json_string (const GawsShapeInfo  *info,
                                 const char           *json,
                                 GError              **error)
{
  g_autoptr(GawsShape) shape = gaws_shape_new (info);

  if (!gaws_shape_update_from_json_string (shape, json, error))
    return NULL;
  return g_steal_pointer (&shape);
}

/**
 * gaws_shape_update_from_json_string:
 * @self: a #GawsShape
 * @json: a JSON object in the form gaws_shape_to_json_string() writes
 * @error: return location for a #GError
 *
 * Sets the members @json holds, as in
 * `gaws_shape_update_from_json_string (GAWS_SHAPE (input), "{\"TableName\": \"music\"}", &error)`.
 *
 * Returns: %TRUE on success; %FALSE with @error naming the offending
 *   member when @json does not fit the structure
 */
gboolean
gaws_shape_update_from_json_string (GawsShape   *self,
                                    const char  *json,
                                    GError     **error)
{
  json_error_t json_error;
  json_t *root;
  gboolean ok;

  g_return_val_if_fail (GAWS_IS_SHAPE (self), FALSE);
  root = json_loads (json, JSON_DECODE_ANY, &json_error);
  if (root == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Invalid JSON at line %d, column %d: %s",
                   json_error.line, json_error.column, json_error.text);
      return FALSE;
    }
  ok = gaws_shape_update_from_json (self, root, GAWS_SHAPE_JSON_DEFAULT, error);
  json_decref (root);
  return ok;
}

static GParamSpec *
member_param_spec (const GawsMemberInfo *member)
{
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const char *name = member->property_name;

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRING:
    case GAWS_SHAPE_KIND_DOCUMENT:
      return g_param_spec_string (name, NULL, NULL, NULL, flags);
    case GAWS_SHAPE_KIND_INTEGER:
      return g_param_spec_int (name, NULL, NULL, G_MININT, G_MAXINT, 0, flags);
    case GAWS_SHAPE_KIND_LONG:
      return g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
    case GAWS_SHAPE_KIND_BOOLEAN:
      return g_param_spec_boolean (name, NULL, NULL, FALSE, flags);
    case GAWS_SHAPE_KIND_FLOAT:
    case GAWS_SHAPE_KIND_DOUBLE:
      return g_param_spec_double (name, NULL, NULL, -DBL_MAX, DBL_MAX, 0.0, flags);
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
    case GAWS_SHAPE_KIND_BLOB:
      if (G_TYPE_IS_OBJECT (gaws_member_info_get_value_type (member)))
        return g_param_spec_object (name, NULL, NULL, gaws_member_info_get_value_type (member), flags);
      G_GNUC_FALLTHROUGH;
    case GAWS_SHAPE_KIND_TIMESTAMP:
    case GAWS_SHAPE_KIND_LIST:
    case GAWS_SHAPE_KIND_MAP:
      return g_param_spec_boxed (name, NULL, NULL, gaws_member_info_get_value_type (member), flags);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Where a generated class keeps its slots in its instances, and whether
 * it does: when the instance, with the private data GLib puts before it
 * (in steps of 16 bytes), stays within INLINE_INSTANCE_MAX bytes. Up to
 * 1032 bytes glibc's malloc() serves from its thread cache, but past 1000
 * a miss there is a large size, which first consolidates the fast bins.
 * Larger structures (from 39 members) keep their slots in spare arrays
 * (see spare_values_capacity()). */
#define INLINE_VALUES_OFFSET \
  ((sizeof (GawsShape) + G_ALIGNOF (GValue) - 1) / G_ALIGNOF (GValue) * G_ALIGNOF (GValue))
#define INLINE_PRIVATE_SIZE ((sizeof (GawsShapePrivate) + 15) / 16 * 16)
#define INLINE_INSTANCE_MAX 1000

static gboolean
inline_values_fit (const GawsShapeInfo *info)
{
  return info->n_members <= (INLINE_INSTANCE_MAX - INLINE_PRIVATE_SIZE - INLINE_VALUES_OFFSET) / sizeof (GValue);
}

/* class_init of every generated class: one property per member, property
 * id = member index + 1. */
static void
shape_subclass_init (gpointer g_class,
                     gpointer class_data)
{
  GawsShapeClass *klass = g_class;
  const GawsShapeInfo *info = class_data;

  /* GObject does not inherit property handlers: each class installs its own. */
  G_OBJECT_CLASS (klass)->get_property = gaws_shape_get_property;
  G_OBJECT_CLASS (klass)->set_property = gaws_shape_set_property;
  klass->info = info;
  klass->registered = TRUE;
  klass->pspecs = g_new0 (GParamSpec *, info->n_members + 1);
  for (guint i = 0; i < info->n_members; i++)
    klass->pspecs[i + 1] = member_param_spec (&info->members[i]);
  /* GObject refuses an empty list: STS's GetCallerIdentityRequest has no member. */
  if (info->n_members > 0)
    g_object_class_install_properties (G_OBJECT_CLASS (klass), info->n_members + 1, klass->pspecs);
}

/* While GawsShape's own instance init runs, the instance still looks like a
 * plain GawsShape; only the subclass's init sees the real class. */
static void
shape_subclass_instance_init (GTypeInstance *instance,
                              gpointer       g_class)
{
  GawsShapePrivate *priv = gaws_shape_get_instance_private ((GawsShape *) instance);
  const GawsShapeInfo *info = ((GawsShapeClass *) g_class)->info;

  priv->info = info;
  /* The slots live past the instance, zeroed with it, when the class made
   * room for them: one allocation less per structure, and one free. */
  if (info->n_members > 0 && inline_values_fit (info))
    {
      priv->values = (GValue *) ((guint8 *) instance + INLINE_VALUES_OFFSET);
      priv->values_inline = TRUE;
    }
}

/**
 * gaws_shape_register_type:
 * @type_name: the name of the new type, such as `GawsDynamodbPutItemInput`
 * @info: (transfer none): the static #GawsShapeInfo of a structure
 *
 * Registers a final subclass of #GawsShape for @info, with one property per
 * member. Used by GAWS_DEFINE_SHAPE_TYPE().
 *
 * Returns: the new #GType
 */
GType
gaws_shape_register_type (const char          *type_name,
                          const GawsShapeInfo *info)
{
  const GTypeInfo type_info = {
    .class_size = sizeof (GawsShapeClass),
    .class_init = shape_subclass_init,
    .class_data = info,
    .instance_size = inline_values_fit (info)
                     ? INLINE_VALUES_OFFSET + info->n_members * sizeof (GValue)
                     : sizeof (GawsShape),
    .instance_init = shape_subclass_instance_init,
  };

  return g_type_register_static (GAWS_TYPE_SHAPE, g_intern_static_string (type_name),
                                 &type_info, G_TYPE_FLAG_FINAL);
}
