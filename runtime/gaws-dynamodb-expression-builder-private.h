/* gaws-dynamodb-expression-builder-private.h: the jansson side of
 * GawsDynamodbExpressionBuilder, for the Table resource; not installed
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <jansson.h>
#include "gaws-dynamodb-expression-builder.h"

G_BEGIN_DECLS

json_t *gaws_dynamodb_expression_builder_get_names_object  (GawsDynamodbExpressionBuilder *self);
json_t *gaws_dynamodb_expression_builder_get_values_object (GawsDynamodbExpressionBuilder *self);

G_END_DECLS
