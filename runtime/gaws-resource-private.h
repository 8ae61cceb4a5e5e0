/* gaws-resource-private.h: boto3's params.py and response.py, shared by
 * resources, collections and their iterators
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <jansson.h>
#include "gaws-resource.h"
#include "gaws-resource-model-private.h"

G_BEGIN_DECLS

GawsResource *gaws_resource_new_with_data        (GawsClient           *client,
                                                  GawsResourceModel    *model,
                                                  const char           *resource_name,
                                                  const char * const   *identifiers,
                                                  json_t               *data,
                                                  GError              **error);
GawsResource *gaws_resource_new_of_type          (GType                 type,
                                                  GawsClient           *client,
                                                  GawsResourceModel    *model,
                                                  const char           *resource_name,
                                                  const char * const   *identifiers,
                                                  json_t               *data,
                                                  GError              **error);
json_t       *gaws_resource_get_data_json_value  (GawsResource         *self);
gboolean      gaws_resource_build_params         (GawsResource         *self,
                                                  json_t               *request,
                                                  json_t               *params,
                                                  gint                  index,
                                                  GError              **error);
gboolean      gaws_resource_build_param_structure (json_t              *params,
                                                   const char          *target,
                                                   json_t              *value,
                                                   gint                 index,
                                                   GError             **error);
void          gaws_resource_merge_params         (json_t               *params,
                                                  json_t               *extra,
                                                  gboolean              append_lists);
GPtrArray    *gaws_resource_handle_response      (GawsResource         *parent,
                                                  json_t               *resource,
                                                  json_t               *params,
                                                  json_t               *response,
                                                  gboolean             *plural,
                                                  GError              **error);
GawsShape    *gaws_resource_new_input            (const GawsOperationInfo *op,
                                                  json_t               *params,
                                                  GError              **error);
json_t       *gaws_resource_shape_to_json        (GawsShape            *shape);
void          gaws_resource_add_custom_action    (const char           *service,
                                                  const char           *resource_name,
                                                  const char           *action,
                                                  const GawsShapeInfo  *params_info,
                                                  GawsResourceCustomActionFunc func,
                                                  gpointer              user_data,
                                                  GDestroyNotify        destroy);
const GawsOperationInfo *gaws_resource_find_operation (GawsResource    *self,
                                                       json_t          *request,
                                                       GError         **error);

G_END_DECLS
