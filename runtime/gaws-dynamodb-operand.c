/* gaws-dynamodb-operand.c: what a DynamoDB condition is about: Key(name),
 * Attr(name) or the size of one
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-dynamodb-condition-private.h"
#include "gaws-dynamodb-value-private.h"
#include "gaws-error.h"

/**
 * GawsDynamodbOperand:
 *
 * The left-hand side of a condition: boto3's `Key(name)`, `Attr(name)` and
 * `Attr(name).size()`. Its methods build conditions (#GawsDynamodbCondition):
 *
 * |[<!-- language="C" -->
 * g_autoptr(GawsDynamodbOperand) pk = gaws_dynamodb_operand_key ("pk");
 * g_autoptr(GawsDynamodbCondition) condition =
 *   gaws_dynamodb_operand_eq (pk, g_variant_new_string ("test1"));
 * ]|
 *
 * or, through GObject Introspection, in Python:
 *
 * |[<!-- language="plain" -->
 * Gaws.DynamodbOperand.key("pk").eq(GLib.Variant("s", "test1"))
 * ]|
 *
 * A name is an attribute path: `a.b[2].c` means the attribute `c` of the
 * third element of the list `b` inside the map `a`, as in boto3; each name
 * in it gets its own `#n` placeholder, so no name needs escaping.
 *
 * As in boto3, a key has only `eq`, `lt`, `lte`, `gt`, `gte`, `between` and
 * `begins_with`; an attribute has those and `ne`, `is_in`, `exists`,
 * `not_exists`, `contains`, `size` and `attribute_type`. A size has the
 * comparisons (including `ne`, which DynamoDB allows and boto3 lacks) and
 * `between`. Values are natural #GVariant values, converted as
 * gaws_dynamodb_value_from_variant() does.
 *
 * Methods never fail: misuse (an attribute-only operator on a key, an
 * invalid value such as NaN) is kept in the condition and reported, as a
 * %GAWS_ERROR_INVALID_ARGUMENT error, by gaws_dynamodb_condition_validate() and
 * when the condition is built into an expression. Operands and conditions
 * are immutable and may be shared.
 */
G_DEFINE_BOXED_TYPE (GawsDynamodbOperand, gaws_dynamodb_operand,
                     gaws_dynamodb_operand_ref, gaws_dynamodb_operand_unref)

static GawsDynamodbOperand *
operand_new (GawsDynamodbOperandKind kind, const char *name)
{
  GawsDynamodbOperand *self = g_new0 (GawsDynamodbOperand, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->name = g_strdup (name);
  return self;
}

/**
 * gaws_dynamodb_operand_key: (constructor)
 * @name: the name of a key attribute
 *
 * boto3's `Key(name)`: a key attribute, the only kind a key condition
 * (`KeyConditionExpression`) may use.
 *
 * Returns: (transfer full): the operand
 */
GawsDynamodbOperand *
gaws_dynamodb_operand_key (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  return operand_new (GAWS_DYNAMODB_OPERAND_KEY, name);
}

/**
 * gaws_dynamodb_operand_attr: (constructor)
 * @name: an attribute path, such as `a` or `a.b[2].c`
 *
 * boto3's `Attr(name)`: any attribute, for filter and condition
 * expressions.
 *
 * Returns: (transfer full): the operand
 */
GawsDynamodbOperand *
gaws_dynamodb_operand_attr (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  return operand_new (GAWS_DYNAMODB_OPERAND_ATTR, name);
}

/**
 * gaws_dynamodb_operand_size:
 * @self: an attribute
 *
 * boto3's `Attr(name).size()`: the length of a string, binary, list, map
 * or set, to compare with a number: `size(#n0) > :v0`.
 *
 * Returns: (transfer full): the size operand
 */
GawsDynamodbOperand *
gaws_dynamodb_operand_size (GawsDynamodbOperand *self)
{
  GawsDynamodbOperand *size;

  g_return_val_if_fail (self != NULL, NULL);

  size = operand_new (GAWS_DYNAMODB_OPERAND_SIZE, self->name);
  size->inner = gaws_dynamodb_operand_ref (self);
  if (self->error != NULL)
    size->error = g_error_copy (self->error);
  else if (self->kind != GAWS_DYNAMODB_OPERAND_ATTR)
    size->error = g_error_new (GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                               "size() applies to Attr(\"%s\") only, not to a %s", self->name,
                               self->kind == GAWS_DYNAMODB_OPERAND_KEY ? "Key" : "size");
  return size;
}

/**
 * gaws_dynamodb_operand_ref:
 * @self: an operand
 *
 * Returns: (transfer full): @self
 */
GawsDynamodbOperand *
gaws_dynamodb_operand_ref (GawsDynamodbOperand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * gaws_dynamodb_operand_unref:
 * @self: (transfer full): an operand
 */
void
gaws_dynamodb_operand_unref (GawsDynamodbOperand *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->inner, gaws_dynamodb_operand_unref);
  g_clear_error (&self->error);
  g_free (self->name);
  g_free (self);
}

/**
 * gaws_dynamodb_operand_get_name:
 * @self: an operand
 *
 * Returns: the attribute path given at construction (for a size, that of
 *   the attribute measured)
 */
const char *
gaws_dynamodb_operand_get_name (GawsDynamodbOperand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

/* ---- building conditions ---- */

static const char *
op_name (GawsDynamodbOp op)
{
  static const char * const names[] = {
    [GAWS_DYNAMODB_OP_EQ] = "eq", [GAWS_DYNAMODB_OP_NE] = "ne", [GAWS_DYNAMODB_OP_LT] = "lt",
    [GAWS_DYNAMODB_OP_LTE] = "lte", [GAWS_DYNAMODB_OP_GT] = "gt", [GAWS_DYNAMODB_OP_GTE] = "gte",
    [GAWS_DYNAMODB_OP_IN] = "is_in", [GAWS_DYNAMODB_OP_BETWEEN] = "between",
    [GAWS_DYNAMODB_OP_BEGINS_WITH] = "begins_with", [GAWS_DYNAMODB_OP_CONTAINS] = "contains",
    [GAWS_DYNAMODB_OP_ATTRIBUTE_TYPE] = "attribute_type", [GAWS_DYNAMODB_OP_EXISTS] = "exists",
    [GAWS_DYNAMODB_OP_NOT_EXISTS] = "not_exists",
  };
  return names[op];
}

/* Which operators each kind of operand has, as boto3's classes define
 * them (Key: AttributeBase; Attr: AttributeBase and its own; Size:
 * AttributeBase, less begins_with, which DynamoDB refuses on a size, plus
 * ne, which it accepts). */
static gboolean
op_allowed (GawsDynamodbOperandKind kind, GawsDynamodbOp op)
{
  switch (kind)
    {
    case GAWS_DYNAMODB_OPERAND_KEY:
      return op != GAWS_DYNAMODB_OP_NE && (op <= GAWS_DYNAMODB_OP_GTE || op == GAWS_DYNAMODB_OP_BETWEEN ||
                                           op == GAWS_DYNAMODB_OP_BEGINS_WITH);
    case GAWS_DYNAMODB_OPERAND_SIZE:
      return op <= GAWS_DYNAMODB_OP_GTE || op == GAWS_DYNAMODB_OP_BETWEEN;
    case GAWS_DYNAMODB_OPERAND_ATTR:
    default:
      return TRUE;
    }
}

static GError *
misuse_error (GawsDynamodbOperand *self, GawsDynamodbOp op)
{
  if (self->kind == GAWS_DYNAMODB_OPERAND_KEY)
    return g_error_new (GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                        "%s() is not an operator of Key(\"%s\"): a key has eq, lt, lte, gt, gte, "
                        "between and begins_with; use Attr(\"%s\") for the others",
                        op_name (op), self->name, self->name);
  return g_error_new (GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                      "%s() is not an operator of Attr(\"%s\").size(): a size has eq, ne, lt, lte, "
                      "gt, gte and between", op_name (op), self->name);
}

static GArray *
terms_new (void)
{
  return g_array_new (FALSE, TRUE, sizeof (GawsDynamodbTerm));
}

/* Converts each value; on the first failure, returns that error and frees
 * the rest. Floating references are consumed either way. */
static GError *
add_values (GArray *terms, GVariant **values, guint n_values)
{
  GError *error = NULL;

  for (guint i = 0; i < n_values; i++)
    g_variant_ref_sink (values[i]);
  for (guint i = 0; i < n_values && error == NULL; i++)
    {
      GawsDynamodbTerm term = { gaws_dynamodb_value_json_from_variant (values[i], &error), NULL };
      if (term.value != NULL)
        g_array_append_val (terms, term);
    }
  for (guint i = 0; i < n_values; i++)
    g_variant_unref (values[i]);
  return error;
}

static GawsDynamodbCondition *
apply (GawsDynamodbOperand *self, GawsDynamodbOp op, GVariant **values, guint n_values)
{
  GArray *terms = terms_new ();
  GError *error = add_values (terms, values, n_values);

  if (error == NULL && self->error != NULL)
    error = g_error_copy (self->error);
  if (error == NULL && !op_allowed (self->kind, op))
    error = misuse_error (self, op);
  return gaws_dynamodb_condition_new_operator (op, self, terms, error);
}

/**
 * gaws_dynamodb_operand_eq:
 * @self: an operand
 * @value: a natural value; a floating reference is consumed
 *
 * boto3's `eq()`: `#n0 = :v0`.
 *
 * Returns: (transfer full): the condition
 */
GawsDynamodbCondition *
gaws_dynamodb_operand_eq (GawsDynamodbOperand *self, GVariant *value)
{
  g_return_val_if_fail (self != NULL && value != NULL, NULL);
  return apply (self, GAWS_DYNAMODB_OP_EQ, &value, 1);
}

/**
 * gaws_dynamodb_operand_ne:
 * @self: an attribute or a size
 * @value: a natural value; a floating reference is consumed
 *
 * boto3's `ne()`: `#n0 <> :v0`.
 *
 * Returns: (transfer full): the condition
 */
GawsDynamodbCondition *
gaws_dynamodb_operand_ne (GawsDynamodbOperand *self, GVariant *value)
{
  g_return_val_if_fail (self != NULL && value != NULL, NULL);
  return apply (self, GAWS_DYNAMODB_OP_NE, &value, 1);
}

/**
 * gaws_dynamodb_operand_lt:
 * @self: an operand
 * @value: a natural value; a floating reference is consumed
 *
 * boto3's `lt()`: `#n0 < :v0`.
 *
 * Returns: (transfer full): the condition
 */
GawsDynamodbCondition *
gaws_dynamodb_operand_lt (GawsDynamodbOperand *self, GVariant *value)
{
  g_return_val_if_fail (self != NULL && value != NULL, NULL);
  return apply (self, GAWS_DYNAMODB_OP_LT, &value, 1);
}

/**
 * gaws_dynamodb_operand_lte:
 * @self: an operand
 * @value: a natural value; a floating reference is consumed
 *
 * boto3's `lte()`: `#n0 <= :v0`.
 *
 * Returns: (transfer full): the condition
 */
GawsDynamodbCondition *
gaws_dynamodb_operand_lte (GawsDynamodbOperand *self, GVariant *value)
{
  g_return_val_if_fail (self != NULL && value != NULL, NULL);
  return apply (self, GAWS_DYNAMODB_OP_LTE, &value, 1);
}

/**
 * gaws_dynamodb_operand_gt:
 * @self: an operand
 * @value: a natural value; a floating reference is consumed
 *
 * boto3's `gt()`: `#n0 > :v0`.
 *
 * Returns: (transfer full): the condition
 */
GawsDynamodbCondition *
gaws_dynamodb_operand_gt (GawsDynamodbOperand *self, GVariant *value)
{
  g_return_val_if_fail (self != NULL && value != NULL, NULL);
  return apply (self, GAWS_DYNAMODB_OP_GT, &value, 1);
}

/**
 * gaws_dynamodb_operand_gte:
 * @self: an operand
 * @value: a natural value; a floating reference is consumed
 *
 * boto3's `gte()`: `#n0 >= :v0`.
 *
 * Returns: (transfer full): the condition
 */
GawsDynamodbCondition *
gaws_dynamodb_operand_gte (GawsDynamodbOperand *self, GVariant *value)
{
  g_return_val_if_fail (self != NULL && value != NULL, NULL);
  return apply (self, GAWS_DYNAMODB_OP_GTE, &value, 1);
}

/**
 * gaws_dynamodb_operand_between:
 * @self: an operand
 * @low: the smallest value in range; a floating reference is consumed
 * @high: the largest value in range; a floating reference is consumed
 *
 * boto3's `between()`: `#n0 BETWEEN :v0 AND :v1`, both ends included.
 *
 * Returns: (transfer full): the condition
 */
GawsDynamodbCondition *
gaws_dynamodb_operand_between (GawsDynamodbOperand *self, GVariant *low, GVariant *high)
{
  GVariant *values[] = { low, high };

  g_return_val_if_fail (self != NULL && low != NULL && high != NULL, NULL);
  return apply (self, GAWS_DYNAMODB_OP_BETWEEN, values, 2);
}

/**
 * gaws_dynamodb_operand_begins_with:
 * @self: a key or an attribute
 * @value: a string or binary prefix; a floating reference is consumed
 *
 * boto3's `begins_with()`: `begins_with(#n0, :v0)`.
 *
 * Returns: (transfer full): the condition
 */
GawsDynamodbCondition *
gaws_dynamodb_operand_begins_with (GawsDynamodbOperand *self, GVariant *value)
{
  g_return_val_if_fail (self != NULL && value != NULL, NULL);
  return apply (self, GAWS_DYNAMODB_OP_BEGINS_WITH, &value, 1);
}

/**
 * gaws_dynamodb_operand_contains:
 * @self: an attribute
 * @value: a substring, or a member of a set or list; a floating reference
 *   is consumed
 *
 * boto3's `contains()`: `contains(#n0, :v0)`.
 *
 * Returns: (transfer full): the condition
 */
GawsDynamodbCondition *
gaws_dynamodb_operand_contains (GawsDynamodbOperand *self, GVariant *value)
{
  g_return_val_if_fail (self != NULL && value != NULL, NULL);
  return apply (self, GAWS_DYNAMODB_OP_CONTAINS, &value, 1);
}

/**
 * gaws_dynamodb_operand_exists:
 * @self: an attribute
 *
 * boto3's `exists()`: `attribute_exists(#n0)`.
 *
 * Returns: (transfer full): the condition
 */
GawsDynamodbCondition *
gaws_dynamodb_operand_exists (GawsDynamodbOperand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return apply (self, GAWS_DYNAMODB_OP_EXISTS, NULL, 0);
}

/**
 * gaws_dynamodb_operand_not_exists:
 * @self: an attribute
 *
 * boto3's `not_exists()`: `attribute_not_exists(#n0)`.
 *
 * Returns: (transfer full): the condition
 */
GawsDynamodbCondition *
gaws_dynamodb_operand_not_exists (GawsDynamodbOperand *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return apply (self, GAWS_DYNAMODB_OP_NOT_EXISTS, NULL, 0);
}

static GVariant **
in_members (GVariant *values, guint *n, GError **error)
{
  GVariant **members;

  if ((!g_variant_is_container (values) || g_variant_is_of_type (values, G_VARIANT_TYPE ("(sv)")) ||
       g_variant_is_of_type (values, G_VARIANT_TYPE_BYTESTRING) ||
       g_variant_is_of_type (values, G_VARIANT_TYPE_VARIANT) ||
       g_variant_is_of_type (values, G_VARIANT_TYPE_DICTIONARY)))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "is_in() takes an array or tuple of values, not “%s”", g_variant_get_type_string (values));
      return NULL;
    }
  if ((*n = g_variant_n_children (values)) == 0)
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                           "is_in() needs at least one value: DynamoDB refuses an empty IN list");
      return NULL;
    }
  members = g_new (GVariant *, *n);
  for (guint i = 0; i < *n; i++)
    members[i] = g_variant_get_child_value (values, i);
  return members;
}

/**
 * gaws_dynamodb_operand_is_in:
 * @self: an attribute
 * @values: an array (such as `av` or `as`) or tuple of natural values; a
 *   floating reference is consumed
 *
 * boto3's `is_in()`: `#n0 IN (:v0, :v1, …)`, one placeholder a value.
 *
 * Returns: (transfer full): the condition; an empty @values is an error
 */
GawsDynamodbCondition *
gaws_dynamodb_operand_is_in (GawsDynamodbOperand *self, GVariant *values)
{
  GError *error = NULL;
  GawsDynamodbCondition *condition;
  GVariant **members;
  guint n = 0;

  g_return_val_if_fail (self != NULL && values != NULL, NULL);

  g_variant_ref_sink (values);
  members = in_members (values, &n, &error);
  g_variant_unref (values);
  if (members == NULL)
    return gaws_dynamodb_condition_new_operator (GAWS_DYNAMODB_OP_IN, self, terms_new (), error);
  condition = apply (self, GAWS_DYNAMODB_OP_IN, members, n);
  for (guint i = 0; i < n; i++)
    g_variant_unref (members[i]);
  g_free (members);
  return condition;
}

/**
 * gaws_dynamodb_operand_attribute_type:
 * @self: an attribute
 * @type: a DynamoDB type: `S`, `SS`, `N`, `NS`, `B`, `BS`, `BOOL`, `NULL`,
 *   `L` or `M`
 *
 * boto3's `attribute_type()`: `attribute_type(#n0, :v0)`.
 *
 * Returns: (transfer full): the condition
 */
GawsDynamodbCondition *
gaws_dynamodb_operand_attribute_type (GawsDynamodbOperand *self, const char *type)
{
  static const char * const types[] = { "S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M", NULL };
  GawsDynamodbCondition *condition;
  GVariant *value;

  g_return_val_if_fail (self != NULL && type != NULL, NULL);

  value = g_variant_new_string (type);
  condition = apply (self, GAWS_DYNAMODB_OP_ATTRIBUTE_TYPE, &value, 1);
  if (condition->error == NULL && !g_strv_contains (types, type))
    condition->error = g_error_new (GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                                    "“%s” is not a DynamoDB type (S, SS, N, NS, B, BS, BOOL, NULL, L, M)",
                                    type);
  return condition;
}

/**
 * gaws_dynamodb_operand_compare_to:
 * @self: an operand
 * @comparison: the comparator
 * @other: the operand to compare with
 *
 * Compares two attributes rather than an attribute and a value, as boto3
 * does when given an attribute as the value: `Attr("a").lt(Attr("b"))` is
 * `#n0 < #n1`.
 *
 * Returns: (transfer full): the condition
 */
GawsDynamodbCondition *
gaws_dynamodb_operand_compare_to (GawsDynamodbOperand    *self,
                                  GawsDynamodbComparison  comparison,
                                  GawsDynamodbOperand    *other)
{
  GawsDynamodbCondition *condition;
  GawsDynamodbTerm term = { NULL, NULL };

  g_return_val_if_fail (self != NULL && other != NULL, NULL);
  g_return_val_if_fail (comparison <= GAWS_DYNAMODB_COMPARISON_GTE, NULL);

  condition = apply (self, (GawsDynamodbOp) comparison, NULL, 0);
  term.operand = gaws_dynamodb_operand_ref (other);
  g_array_append_val (condition->terms, term);
  if (condition->error == NULL && other->error != NULL)
    condition->error = g_error_copy (other->error);
  return condition;
}
