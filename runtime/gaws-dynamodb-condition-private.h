/* gaws-dynamodb-condition-private.h: the inside of operands and conditions,
 * shared by their constructors and by GawsDynamodbExpressionBuilder, which
 * walks them; not installed
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <jansson.h>
#include "gaws-dynamodb-operand.h"
#include "gaws-dynamodb-condition.h"

G_BEGIN_DECLS

typedef enum {
  GAWS_DYNAMODB_OPERAND_KEY,
  GAWS_DYNAMODB_OPERAND_ATTR,
  GAWS_DYNAMODB_OPERAND_SIZE,
} GawsDynamodbOperandKind;

struct _GawsDynamodbOperand {
  gatomicrefcount          ref_count;
  GawsDynamodbOperandKind  kind;
  char                    *name;    /* the attribute path; of the inner one for SIZE */
  GawsDynamodbOperand     *inner;   /* SIZE: what it measures */
  GError                  *error;   /* misuse, reported when the expression is built */
};

/* The comparisons come first and share GawsDynamodbComparison's values. */
typedef enum {
  GAWS_DYNAMODB_OP_EQ = GAWS_DYNAMODB_COMPARISON_EQ,
  GAWS_DYNAMODB_OP_NE = GAWS_DYNAMODB_COMPARISON_NE,
  GAWS_DYNAMODB_OP_LT = GAWS_DYNAMODB_COMPARISON_LT,
  GAWS_DYNAMODB_OP_LTE = GAWS_DYNAMODB_COMPARISON_LTE,
  GAWS_DYNAMODB_OP_GT = GAWS_DYNAMODB_COMPARISON_GT,
  GAWS_DYNAMODB_OP_GTE = GAWS_DYNAMODB_COMPARISON_GTE,
  GAWS_DYNAMODB_OP_IN,
  GAWS_DYNAMODB_OP_BETWEEN,
  GAWS_DYNAMODB_OP_BEGINS_WITH,
  GAWS_DYNAMODB_OP_CONTAINS,
  GAWS_DYNAMODB_OP_ATTRIBUTE_TYPE,
  GAWS_DYNAMODB_OP_EXISTS,
  GAWS_DYNAMODB_OP_NOT_EXISTS,
  GAWS_DYNAMODB_OP_AND,
  GAWS_DYNAMODB_OP_OR,
  GAWS_DYNAMODB_OP_NOT,
} GawsDynamodbOp;

/* What an operator is applied to besides its subject: a value, or another
 * attribute (`Attr("a").eq(Attr("b"))` compares two attributes). */
typedef struct {
  json_t              *value;     /* an AttributeValue */
  GawsDynamodbOperand *operand;
} GawsDynamodbTerm;

struct _GawsDynamodbCondition {
  gatomicrefcount         ref_count;
  GawsDynamodbOp          op;
  GawsDynamodbOperand    *subject;   /* operators on an attribute */
  GArray                 *terms;     /* of GawsDynamodbTerm */
  GawsDynamodbCondition  *left;      /* AND, OR, NOT */
  GawsDynamodbCondition  *right;     /* AND, OR */
  GError                 *error;     /* misuse, reported when the expression is built */
};

GawsDynamodbCondition *gaws_dynamodb_condition_new_operator (GawsDynamodbOp        op,
                                                             GawsDynamodbOperand  *subject,
                                                             GArray               *terms,
                                                             GError               *error);
const GError          *gaws_dynamodb_condition_get_error    (GawsDynamodbCondition *self);

G_END_DECLS
