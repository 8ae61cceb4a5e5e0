/* gaws-dynamodb-expression-builder.h: DynamoDB conditions and projections
 * to expression text with #n/:v placeholders
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include "gaws-dynamodb-condition.h"

G_BEGIN_DECLS

#define GAWS_TYPE_DYNAMODB_EXPRESSION_BUILDER (gaws_dynamodb_expression_builder_get_type ())
G_DECLARE_FINAL_TYPE (GawsDynamodbExpressionBuilder, gaws_dynamodb_expression_builder,
                      GAWS, DYNAMODB_EXPRESSION_BUILDER, GObject)

GawsDynamodbExpressionBuilder *gaws_dynamodb_expression_builder_new               (void);
char                          *gaws_dynamodb_expression_builder_add_condition     (GawsDynamodbExpressionBuilder  *self,
                                                                                   GawsDynamodbCondition          *condition,
                                                                                   GError                        **error);
char                          *gaws_dynamodb_expression_builder_add_key_condition (GawsDynamodbExpressionBuilder  *self,
                                                                                   GawsDynamodbCondition          *condition,
                                                                                   GError                        **error);
char                          *gaws_dynamodb_expression_builder_add_projection    (GawsDynamodbExpressionBuilder  *self,
                                                                                   const char * const             *names,
                                                                                   GError                        **error);
GHashTable                    *gaws_dynamodb_expression_builder_get_names         (GawsDynamodbExpressionBuilder  *self);
char                          *gaws_dynamodb_expression_builder_get_names_json    (GawsDynamodbExpressionBuilder  *self);
char                          *gaws_dynamodb_expression_builder_get_values_json   (GawsDynamodbExpressionBuilder  *self);
GVariant                      *gaws_dynamodb_expression_builder_get_values        (GawsDynamodbExpressionBuilder  *self);
void                           gaws_dynamodb_expression_builder_reset             (GawsDynamodbExpressionBuilder  *self);

G_END_DECLS
