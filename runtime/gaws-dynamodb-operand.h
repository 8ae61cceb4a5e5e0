/* gaws-dynamodb-operand.h: what a DynamoDB condition is about: Key(name),
 * Attr(name) or the size of one
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GAWS_TYPE_DYNAMODB_OPERAND (gaws_dynamodb_operand_get_type ())

typedef struct _GawsDynamodbOperand GawsDynamodbOperand;
typedef struct _GawsDynamodbCondition GawsDynamodbCondition;

/**
 * GawsDynamodbComparison:
 * @GAWS_DYNAMODB_COMPARISON_EQ: `=`
 * @GAWS_DYNAMODB_COMPARISON_NE: `<>`
 * @GAWS_DYNAMODB_COMPARISON_LT: `<`
 * @GAWS_DYNAMODB_COMPARISON_LTE: `<=`
 * @GAWS_DYNAMODB_COMPARISON_GT: `>`
 * @GAWS_DYNAMODB_COMPARISON_GTE: `>=`
 *
 * The comparators of gaws_dynamodb_operand_compare_to().
 */
typedef enum {
  GAWS_DYNAMODB_COMPARISON_EQ,
  GAWS_DYNAMODB_COMPARISON_NE,
  GAWS_DYNAMODB_COMPARISON_LT,
  GAWS_DYNAMODB_COMPARISON_LTE,
  GAWS_DYNAMODB_COMPARISON_GT,
  GAWS_DYNAMODB_COMPARISON_GTE,
} GawsDynamodbComparison;

GType                  gaws_dynamodb_operand_get_type       (void) G_GNUC_CONST;
GawsDynamodbOperand   *gaws_dynamodb_operand_key            (const char             *name);
GawsDynamodbOperand   *gaws_dynamodb_operand_attr           (const char             *name);
GawsDynamodbOperand   *gaws_dynamodb_operand_size           (GawsDynamodbOperand    *self);
GawsDynamodbOperand   *gaws_dynamodb_operand_ref            (GawsDynamodbOperand    *self);
void                   gaws_dynamodb_operand_unref          (GawsDynamodbOperand    *self);
const char            *gaws_dynamodb_operand_get_name       (GawsDynamodbOperand    *self);

GawsDynamodbCondition *gaws_dynamodb_operand_eq             (GawsDynamodbOperand    *self,
                                                             GVariant               *value);
GawsDynamodbCondition *gaws_dynamodb_operand_ne             (GawsDynamodbOperand    *self,
                                                             GVariant               *value);
GawsDynamodbCondition *gaws_dynamodb_operand_lt             (GawsDynamodbOperand    *self,
                                                             GVariant               *value);
GawsDynamodbCondition *gaws_dynamodb_operand_lte            (GawsDynamodbOperand    *self,
                                                             GVariant               *value);
GawsDynamodbCondition *gaws_dynamodb_operand_gt             (GawsDynamodbOperand    *self,
                                                             GVariant               *value);
GawsDynamodbCondition *gaws_dynamodb_operand_gte            (GawsDynamodbOperand    *self,
                                                             GVariant               *value);
GawsDynamodbCondition *gaws_dynamodb_operand_between        (GawsDynamodbOperand    *self,
                                                             GVariant               *low,
                                                             GVariant               *high);
GawsDynamodbCondition *gaws_dynamodb_operand_begins_with    (GawsDynamodbOperand    *self,
                                                             GVariant               *value);
GawsDynamodbCondition *gaws_dynamodb_operand_is_in          (GawsDynamodbOperand    *self,
                                                             GVariant               *values);
GawsDynamodbCondition *gaws_dynamodb_operand_exists         (GawsDynamodbOperand    *self);
GawsDynamodbCondition *gaws_dynamodb_operand_not_exists     (GawsDynamodbOperand    *self);
GawsDynamodbCondition *gaws_dynamodb_operand_contains       (GawsDynamodbOperand    *self,
                                                             GVariant               *value);
GawsDynamodbCondition *gaws_dynamodb_operand_attribute_type (GawsDynamodbOperand    *self,
                                                             const char             *type);
GawsDynamodbCondition *gaws_dynamodb_operand_compare_to     (GawsDynamodbOperand    *self,
                                                             GawsDynamodbComparison  comparison,
                                                             GawsDynamodbOperand    *other);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GawsDynamodbOperand, gaws_dynamodb_operand_unref)

G_END_DECLS
