/* gaws-shape.h: the base of every request, response and structure
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-shape-info.h"

G_BEGIN_DECLS

#define GAWS_TYPE_SHAPE (gaws_shape_get_type ())
G_DECLARE_DERIVABLE_TYPE (GawsShape, gaws_shape, GAWS, SHAPE, GObject)

/**
 * GawsShapeClass:
 * @parent_class: the parent class
 * @info: the descriptor of the structure the class stands for, or %NULL
 *   for #GawsShape itself, whose instances carry their own
 *
 * The class of #GawsShape. Generated classes do not override anything: all
 * behaviour comes from @info.
 */
struct _GawsShapeClass
{
  GObjectClass         parent_class;
  const GawsShapeInfo *info;

  /*< private >*/
  GParamSpec         **pspecs;
  gpointer             rest_bindings;  /* gaws-protocol-rest.c's, made once */
  gboolean             registered;     /* by gaws_shape_register_type() */
  gpointer             xml_names;      /* gaws-protocol-xml.c's, made once */
  gpointer             padding[4];
};

GawsShape           *gaws_shape_new                (const GawsShapeInfo *info);
const GawsShapeInfo *gaws_shape_get_info           (GawsShape           *self);

gboolean             gaws_shape_is_set             (GawsShape           *self,
                                                    guint                index);
const GValue        *gaws_shape_get_value          (GawsShape           *self,
                                                    guint                index);
void                 gaws_shape_set_value          (GawsShape           *self,
                                                    guint                index,
                                                    const GValue        *value);
void                 gaws_shape_take_value         (GawsShape           *self,
                                                    guint                index,
                                                    GValue              *value);
void                 gaws_shape_unset              (GawsShape           *self,
                                                    guint                index);
gboolean             gaws_shape_is_set_by_name     (GawsShape           *self,
                                                    const char          *member);
const GValue        *gaws_shape_get_value_by_name  (GawsShape           *self,
                                                    const char          *member);
gboolean             gaws_shape_set_value_by_name  (GawsShape           *self,
                                                    const char          *member,
                                                    const GValue        *value);

const char          *gaws_shape_get_string         (GawsShape           *self,
                                                    guint                index);
void                 gaws_shape_set_string         (GawsShape           *self,
                                                    guint                index,
                                                    const char          *value);
gint                 gaws_shape_get_int            (GawsShape           *self,
                                                    guint                index);
void                 gaws_shape_set_int            (GawsShape           *self,
                                                    guint                index,
                                                    gint                 value);
gint64               gaws_shape_get_int64          (GawsShape           *self,
                                                    guint                index);
void                 gaws_shape_set_int64          (GawsShape           *self,
                                                    guint                index,
                                                    gint64               value);
gboolean             gaws_shape_get_boolean        (GawsShape           *self,
                                                    guint                index);
void                 gaws_shape_set_boolean        (GawsShape           *self,
                                                    guint                index,
                                                    gboolean             value);
double               gaws_shape_get_double         (GawsShape           *self,
                                                    guint                index);
void                 gaws_shape_set_double         (GawsShape           *self,
                                                    guint                index,
                                                    double               value);
GDateTime           *gaws_shape_get_date_time      (GawsShape           *self,
                                                    guint                index);
void                 gaws_shape_set_date_time      (GawsShape           *self,
                                                    guint                index,
                                                    GDateTime           *value);
GBytes              *gaws_shape_get_bytes          (GawsShape           *self,
                                                    guint                index);
void                 gaws_shape_set_bytes          (GawsShape           *self,
                                                    guint                index,
                                                    GBytes              *value);
GInputStream        *gaws_shape_get_stream         (GawsShape           *self,
                                                    guint                index);
void                 gaws_shape_set_stream         (GawsShape           *self,
                                                    guint                index,
                                                    GInputStream        *value);
GPtrArray           *gaws_shape_get_list           (GawsShape           *self,
                                                    guint                index);
void                 gaws_shape_set_list           (GawsShape           *self,
                                                    guint                index,
                                                    GPtrArray           *value);
GHashTable          *gaws_shape_get_map            (GawsShape           *self,
                                                    guint                index);
void                 gaws_shape_set_map            (GawsShape           *self,
                                                    guint                index,
                                                    GHashTable          *value);
GawsShape           *gaws_shape_get_shape          (GawsShape           *self,
                                                    guint                index);
void                 gaws_shape_set_shape          (GawsShape           *self,
                                                    guint                index,
                                                    GawsShape           *value);

GawsShape           *gaws_shape_copy               (GawsShape           *self);
gboolean             gaws_shape_validate           (GawsShape           *self,
                                                    GError             **error);

char                *gaws_shape_to_json_string     (GawsShape           *self);
GawsShape           *gaws_shape_new_from_json_string (const GawsShapeInfo *info,
                                                      const char          *json,
                                                      GError             **error);
gboolean             gaws_shape_update_from_json_string (GawsShape         *self,
                                                         const char        *json,
                                                         GError           **error);

GType                gaws_shape_register_type      (const char          *type_name,
                                                    const GawsShapeInfo *info);

/**
 * GAWS_DEFINE_SHAPE_TYPE:
 * @TypeName: the C type name, such as `GawsDynamodbPutItemInput`
 * @type_name: the prefix of its functions, such as `gaws_dynamodb_put_item_input`
 * @info: the address of its #GawsShapeInfo
 *
 * Defines `type_name_get_type()` for a generated structure class: the whole
 * class is its descriptor, so registering it is all there is to do.
 */
#define GAWS_DEFINE_SHAPE_TYPE(TypeName, type_name, info)                        \
  GType                                                                          \
  type_name##_get_type (void)                                                    \
  {                                                                              \
    static GType static_g_define_type_id = 0;                                    \
    if (g_once_init_enter (&static_g_define_type_id))                            \
      g_once_init_leave (&static_g_define_type_id,                               \
                         gaws_shape_register_type (#TypeName, (info)));          \
    return static_g_define_type_id;                                              \
  }

G_END_DECLS
