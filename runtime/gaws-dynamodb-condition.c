/* gaws-dynamodb-condition.c: a DynamoDB condition, as boto3.dynamodb.conditions
 * builds them
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-dynamodb-condition-private.h"
#include "gaws-error.h"

/**
 * GawsDynamodbCondition:
 *
 * A condition on an item, for `KeyConditionExpression`, `FilterExpression`
 * and `ConditionExpression`: what boto3's `Key("pk").eq("a") & Attr("n").gt(1)`
 * builds. Conditions come from the methods of #GawsDynamodbOperand and
 * combine with gaws_dynamodb_condition_and(), gaws_dynamodb_condition_or()
 * and gaws_dynamodb_condition_not(); a #GawsDynamodbExpressionBuilder turns
 * them into expression text with placeholders.
 *
 * Conditions are immutable: combining makes a new one and leaves its parts
 * as they were, so a condition can be reused and shared between threads.
 *
 * PyGObject adds an underscore to names that are Python keywords: there the
 * combinators are `and_()`, `or_()` and `not_()`.
 */
G_DEFINE_BOXED_TYPE (GawsDynamodbCondition, gaws_dynamodb_condition,
                     gaws_dynamodb_condition_ref, gaws_dynamodb_condition_unref)

static void
term_clear (gpointer data)
{
  GawsDynamodbTerm *term = data;

  g_clear_pointer (&term->value, json_decref);
  g_clear_pointer (&term->operand, gaws_dynamodb_operand_unref);
}

static GawsDynamodbCondition *
condition_new (GawsDynamodbOp op)
{
  GawsDynamodbCondition *self = g_new0 (GawsDynamodbCondition, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->op = op;
  return self;
}

/**
 * gaws_dynamodb_condition_new_operator: (skip)
 * @op: an operator on an attribute
 * @subject: what it applies to
 * @terms: (transfer full): its other operands, as #GawsDynamodbTerm
 * @error: (transfer full) (nullable): a misuse to report when it is built
 *
 * Returns: (transfer full): the condition
 */
GawsDynamodbCondition *
gaws_dynamodb_condition_new_operator (GawsDynamodbOp        op,
                                      GawsDynamodbOperand  *subject,
                                      GArray               *terms,
                                      GError               *error)
{
  GawsDynamodbCondition *self = condition_new (op);

  self->subject = gaws_dynamodb_operand_ref (subject);
  self->terms = terms;
  g_array_set_clear_func (self->terms, term_clear);
  self->error = error;
  return self;
}

/**
 * gaws_dynamodb_condition_ref:
 * @self: a condition
 *
 * Returns: (transfer full): @self
 */
GawsDynamodbCondition *
gaws_dynamodb_condition_ref (GawsDynamodbCondition *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * gaws_dynamodb_condition_unref:
 * @self: (transfer full): a condition
 */
void
gaws_dynamodb_condition_unref (GawsDynamodbCondition *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->subject, gaws_dynamodb_operand_unref);
  g_clear_pointer (&self->terms, g_array_unref);
  g_clear_pointer (&self->left, gaws_dynamodb_condition_unref);
  g_clear_pointer (&self->right, gaws_dynamodb_condition_unref);
  g_clear_error (&self->error);
  g_free (self);
}

static GawsDynamodbCondition *
combine (GawsDynamodbOp op, GawsDynamodbCondition *left, GawsDynamodbCondition *right)
{
  GawsDynamodbCondition *self = condition_new (op);

  self->left = gaws_dynamodb_condition_ref (left);
  self->right = right ? gaws_dynamodb_condition_ref (right) : NULL;
  return self;
}

/**
 * gaws_dynamodb_condition_and:
 * @self: a condition
 * @other: another condition
 *
 * boto3's `self & other`: `(… AND …)`. Chained calls nest to the left, as
 * Python's `a & b & c` does: `((a AND b) AND c)`.
 *
 * Returns: (transfer full): a new condition true when both are
 */
GawsDynamodbCondition *
gaws_dynamodb_condition_and (GawsDynamodbCondition *self,
                             GawsDynamodbCondition *other)
{
  g_return_val_if_fail (self != NULL && other != NULL, NULL);
  return combine (GAWS_DYNAMODB_OP_AND, self, other);
}

/**
 * gaws_dynamodb_condition_or:
 * @self: a condition
 * @other: another condition
 *
 * boto3's `self | other`: `(… OR …)`.
 *
 * Returns: (transfer full): a new condition true when either is
 */
GawsDynamodbCondition *
gaws_dynamodb_condition_or (GawsDynamodbCondition *self,
                            GawsDynamodbCondition *other)
{
  g_return_val_if_fail (self != NULL && other != NULL, NULL);
  return combine (GAWS_DYNAMODB_OP_OR, self, other);
}

/**
 * gaws_dynamodb_condition_not:
 * @self: a condition
 *
 * boto3's `~self`: `(NOT …)`.
 *
 * Returns: (transfer full): a new condition true when @self is not
 */
GawsDynamodbCondition *
gaws_dynamodb_condition_not (GawsDynamodbCondition *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return combine (GAWS_DYNAMODB_OP_NOT, self, NULL);
}

/**
 * gaws_dynamodb_condition_get_error: (skip)
 * @self: a condition
 *
 * Returns: (nullable): the first misuse in @self, left to right
 */
const GError *
gaws_dynamodb_condition_get_error (GawsDynamodbCondition *self)
{
  const GError *error = NULL;

  if (self->error != NULL)
    return self->error;
  if (self->left != NULL)
    error = gaws_dynamodb_condition_get_error (self->left);
  if (error == NULL && self->right != NULL)
    error = gaws_dynamodb_condition_get_error (self->right);
  return error;
}

/**
 * gaws_dynamodb_condition_validate:
 * @self: a condition
 * @error: return location for a #GError
 *
 * Reports the first misuse made while building @self: an operator its
 * operand does not have, or a value DynamoDB cannot hold. Building an
 * expression reports it too; this is for finding out earlier.
 *
 * Returns: %TRUE if @self is well formed, or %FALSE with a
 *   %GAWS_ERROR_INVALID_ARGUMENT error
 */
gboolean
gaws_dynamodb_condition_validate (GawsDynamodbCondition  *self,
                                  GError                **error)
{
  const GError *misuse;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((misuse = gaws_dynamodb_condition_get_error (self)) == NULL)
    return TRUE;
  g_propagate_error (error, g_error_copy (misuse));
  return FALSE;
}
