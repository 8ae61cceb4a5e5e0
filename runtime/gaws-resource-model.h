/* gaws-resource-model.h: boto3's resources-1.json of a service, parsed
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include "gaws-shape-info.h"

G_BEGIN_DECLS

/**
 * GawsResourceMemberKind:
 * @GAWS_RESOURCE_MEMBER_ACTION: an action (`actions`), such as `PutItem`
 * @GAWS_RESOURCE_MEMBER_BATCH_ACTION: an action on every page of a
 *   collection (`batchActions`), such as `Delete`
 * @GAWS_RESOURCE_MEMBER_SUBRESOURCE: a `has` entry whose identifiers come
 *   from the resource's identifiers and the caller, such as `Object`
 * @GAWS_RESOURCE_MEMBER_REFERENCE: a `has` entry that needs the resource's
 *   loaded data, such as an EC2 instance's `Vpc`
 * @GAWS_RESOURCE_MEMBER_COLLECTION: a collection (`hasMany`), such as `Objects`
 * @GAWS_RESOURCE_MEMBER_WAITER: a waiter (`waiters`), such as `Exists`
 *
 * The kinds of things a resource type defines besides its identifiers.
 */
typedef enum {
  GAWS_RESOURCE_MEMBER_ACTION,
  GAWS_RESOURCE_MEMBER_BATCH_ACTION,
  GAWS_RESOURCE_MEMBER_SUBRESOURCE,
  GAWS_RESOURCE_MEMBER_REFERENCE,
  GAWS_RESOURCE_MEMBER_COLLECTION,
  GAWS_RESOURCE_MEMBER_WAITER,
} GawsResourceMemberKind;

#define GAWS_TYPE_RESOURCE_MODEL (gaws_resource_model_get_type ())

/**
 * GawsResourceModel:
 *
 * boto3's `resources-1.json` for one service, checked against the
 * service's model and kept for the runtime to interpret. Immutable.
 */
typedef struct _GawsResourceModel GawsResourceModel;

GType                  gaws_resource_model_get_type            (void) G_GNUC_CONST;
GawsResourceModel     *gaws_resource_model_new_from_json       (const char              *json,
                                                                const GawsServiceInfo   *service,
                                                                GError                 **error);
GawsResourceModel     *gaws_resource_model_get_for_service     (const GawsServiceInfo   *service,
                                                                GError                 **error);
GawsResourceModel     *gaws_resource_model_ref                 (GawsResourceModel       *self);
void                   gaws_resource_model_unref               (GawsResourceModel       *self);

const GawsServiceInfo *gaws_resource_model_get_service         (GawsResourceModel       *self);
char                 **gaws_resource_model_get_resource_names  (GawsResourceModel       *self);
gboolean               gaws_resource_model_has_resource        (GawsResourceModel       *self,
                                                                const char              *resource);
char                 **gaws_resource_model_get_identifier_names (GawsResourceModel      *self,
                                                                 const char             *resource);
const char            *gaws_resource_model_get_shape_name      (GawsResourceModel       *self,
                                                                const char              *resource);
char                 **gaws_resource_model_list_members        (GawsResourceModel       *self,
                                                                const char              *resource,
                                                                GawsResourceMemberKind   kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GawsResourceModel, gaws_resource_model_unref)

G_END_DECLS
