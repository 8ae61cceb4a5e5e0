/* gaws-dynamodb-condition.h: a DynamoDB condition, as boto3.dynamodb.conditions
 * builds them
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include "gaws-dynamodb-operand.h"

G_BEGIN_DECLS

#define GAWS_TYPE_DYNAMODB_CONDITION (gaws_dynamodb_condition_get_type ())

GType                  gaws_dynamodb_condition_get_type (void) G_GNUC_CONST;
GawsDynamodbCondition *gaws_dynamodb_condition_ref      (GawsDynamodbCondition  *self);
void                   gaws_dynamodb_condition_unref    (GawsDynamodbCondition  *self);
GawsDynamodbCondition *gaws_dynamodb_condition_and      (GawsDynamodbCondition  *self,
                                                         GawsDynamodbCondition  *other);
GawsDynamodbCondition *gaws_dynamodb_condition_or       (GawsDynamodbCondition  *self,
                                                         GawsDynamodbCondition  *other);
GawsDynamodbCondition *gaws_dynamodb_condition_not      (GawsDynamodbCondition  *self);
gboolean               gaws_dynamodb_condition_validate (GawsDynamodbCondition  *self,
                                                         GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GawsDynamodbCondition, gaws_dynamodb_condition_unref)

G_END_DECLS
