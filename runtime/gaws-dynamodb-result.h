/* gaws-dynamodb-result.h: what a GawsDynamodbTable action gives back, in
 * natural values
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include "gaws-shape.h"

G_BEGIN_DECLS

#define GAWS_TYPE_DYNAMODB_RESULT (gaws_dynamodb_result_get_type ())
G_DECLARE_FINAL_TYPE (GawsDynamodbResult, gaws_dynamodb_result, GAWS, DYNAMODB_RESULT, GObject)

GawsShape  *gaws_dynamodb_result_get_output               (GawsDynamodbResult *self);
GVariant   *gaws_dynamodb_result_get_item                 (GawsDynamodbResult *self);
GVariant   *gaws_dynamodb_result_get_attributes           (GawsDynamodbResult *self);
GVariant   *gaws_dynamodb_result_get_items                (GawsDynamodbResult *self);
GPtrArray  *gaws_dynamodb_result_get_item_array           (GawsDynamodbResult *self);
guint       gaws_dynamodb_result_get_n_items              (GawsDynamodbResult *self);
gint64      gaws_dynamodb_result_get_count                (GawsDynamodbResult *self);
gint64      gaws_dynamodb_result_get_scanned_count        (GawsDynamodbResult *self);
GVariant   *gaws_dynamodb_result_get_last_evaluated_key   (GawsDynamodbResult *self);
const char *gaws_dynamodb_result_get_consumed_capacity_json (GawsDynamodbResult *self);
GVariant   *gaws_dynamodb_result_get_unprocessed_keys     (GawsDynamodbResult *self);

G_END_DECLS
