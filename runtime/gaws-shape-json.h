/* gaws-shape-json.h: GawsShape to and from jansson values
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <jansson.h>
#include "gaws-shape.h"

G_BEGIN_DECLS

/**
 * GawsShapeJsonFlags:
 * @GAWS_SHAPE_JSON_DEFAULT: the model's member names, blobs in base64,
 *   timestamps in ISO 8601, unknown keys rejected
 * @GAWS_SHAPE_JSON_WIRE: the json protocols' form: location names as keys,
 *   timestamps as the model says (epoch seconds by default), unknown keys and
 *   nulls ignored
 * @GAWS_SHAPE_JSON_BODY_ONLY: skip the top-level members that travel
 *   outside the body (headers, URI, query string, status code)
 * @GAWS_SHAPE_JSON_TIMESTAMP_EPOCH: outside %GAWS_SHAPE_JSON_WIRE, write
 *   timestamps as epoch seconds
 * @GAWS_SHAPE_JSON_BLOB_TEXT: blobs as text rather than base64, as
 *   botocore's protocol tests write them
 *
 * How gaws_shape_to_json() and gaws_shape_new_from_json() map values.
 */
typedef enum {
  GAWS_SHAPE_JSON_DEFAULT         = 0,
  GAWS_SHAPE_JSON_WIRE            = 1 << 0,
  GAWS_SHAPE_JSON_BODY_ONLY       = 1 << 1,
  GAWS_SHAPE_JSON_TIMESTAMP_EPOCH = 1 << 2,
  GAWS_SHAPE_JSON_BLOB_TEXT       = 1 << 3,
} GawsShapeJsonFlags;

json_t    *gaws_shape_to_json           (GawsShape            *self,
                                         GawsShapeJsonFlags    flags);
GawsShape *gaws_shape_new_from_json     (const GawsShapeInfo  *info,
                                         json_t               *json,
                                         GawsShapeJsonFlags    flags,
                                         GError              **error);
gboolean   gaws_shape_update_from_json  (GawsShape            *self,
                                         json_t               *json,
                                         GawsShapeJsonFlags    flags,
                                         GError              **error);
json_t    *gaws_shape_json_from_value   (const GawsMemberInfo *member,
                                         const GValue         *value,
                                         GawsShapeJsonFlags    flags);
gboolean   gaws_shape_json_to_value     (const GawsMemberInfo *member,
                                         json_t               *json,
                                         GawsShapeJsonFlags    flags,
                                         GValue               *value,
                                         GError              **error);
gboolean   gaws_shape_json_to_member    (GawsShape            *self,
                                         guint                 index,
                                         json_t               *json,
                                         GawsShapeJsonFlags    flags,
                                         GError              **error);

G_GNUC_INTERNAL
gboolean   gaws_shape_update_from_json_text (GawsShape          *self,
                                             const char         *text,
                                             gsize               len,
                                             GawsShapeJsonFlags  flags);

G_GNUC_INTERNAL
void       gaws_shape_take_value_unwatched (GawsShape        *self,
                                            guint             index,
                                            GValue           *value);

G_GNUC_INTERNAL
const GValue *gaws_shape_peek_values    (GawsShape            *self);

G_GNUC_INTERNAL
const GawsShapeInfo *gaws_shape_peek_info (GawsShape          *self);

G_GNUC_INTERNAL
gpointer   gaws_shape_peek_metadata     (GawsShape            *self);

G_GNUC_INTERNAL
void       gaws_shape_take_metadata     (GawsShape            *self,
                                         gpointer              metadata,
                                         GDestroyNotify        destroy);

G_GNUC_INTERNAL
gboolean   gaws_shape_to_json_text      (GawsShape            *self,
                                         GawsShapeJsonFlags    flags,
                                         GString              *out);

G_END_DECLS
