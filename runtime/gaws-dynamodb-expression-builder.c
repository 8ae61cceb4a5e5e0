/* gaws-dynamodb-expression-builder.c: DynamoDB conditions and projections
 * to expression text with #n/:v placeholders
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-dynamodb-expression-builder-private.h"
#include "gaws-dynamodb-condition-private.h"
#include "gaws-dynamodb-value-private.h"
#include "gaws-error.h"

#include <string.h>

/**
 * GawsDynamodbExpressionBuilder:
 *
 * Turns conditions (#GawsDynamodbCondition) into DynamoDB expression text,
 * with a `#n0`, `#n1`, … placeholder for every attribute name and a `:v0`,
 * `:v1`, … for every value, and collects what they stand for: the
 * `ExpressionAttributeNames` and `ExpressionAttributeValues` of the request.
 * It is boto3's `ConditionExpressionBuilder`, and gives the same text for
 * the same conditions, character for character.
 *
 * One builder serves one request: placeholders are numbered on from one
 * expression to the next, so a `Query`'s filter and key condition never
 * share a placeholder, and the maps hold those of both. boto3 builds the
 * `ConditionExpression`/`FilterExpression` of a request first and its
 * `KeyConditionExpression` second; do the same to send what boto3 sends.
 * A name used twice gets two placeholders, as in boto3.
 *
 * |[<!-- language="C" -->
 * g_autoptr(GawsDynamodbExpressionBuilder) builder = gaws_dynamodb_expression_builder_new ();
 * g_autoptr(GawsDynamodbOperand) pk = gaws_dynamodb_operand_key ("pk");
 * g_autoptr(GawsDynamodbCondition) condition = gaws_dynamodb_operand_eq (pk, g_variant_new_string ("test1"));
 * g_autofree char *expression = gaws_dynamodb_expression_builder_add_key_condition (builder, condition, &error);
 * // "#n0 = :v0", names {"#n0": "pk"}, values {":v0": {"S": "test1"}}
 * ]|
 *
 * A failed call leaves the builder as it was.
 */

struct _GawsDynamodbExpressionBuilder {
  GObject     parent_instance;
  guint       name_count;
  guint       value_count;
  json_t     *names;         /* placeholder → name, in the order made */
  json_t     *values;        /* placeholder → AttributeValue */
  GHashTable *names_table;   /* the same as @names, for gaws_dynamodb_expression_builder_get_names() */
};

G_DEFINE_FINAL_TYPE (GawsDynamodbExpressionBuilder, gaws_dynamodb_expression_builder, G_TYPE_OBJECT)

/* One expression in the making: placeholders go here first and reach the
 * builder only when the whole expression succeeds. */
typedef struct {
  guint     name_count;
  guint     value_count;
  json_t   *names;
  json_t   *values;
  gboolean  key_condition;
  GString  *out;
} Build;

static void
gaws_dynamodb_expression_builder_finalize (GObject *object)
{
  GawsDynamodbExpressionBuilder *self = GAWS_DYNAMODB_EXPRESSION_BUILDER (object);

  json_decref (self->names);
  json_decref (self->values);
  g_hash_table_unref (self->names_table);
  G_OBJECT_CLASS (gaws_dynamodb_expression_builder_parent_class)->finalize (object);
}

static void
gaws_dynamodb_expression_builder_class_init (GawsDynamodbExpressionBuilderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_dynamodb_expression_builder_finalize;
}

static void
gaws_dynamodb_expression_builder_init (GawsDynamodbExpressionBuilder *self)
{
  self->names = json_object ();
  self->values = json_object ();
  self->names_table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * gaws_dynamodb_expression_builder_new:
 *
 * Returns: (transfer full): a builder with no placeholders yet
 */
GawsDynamodbExpressionBuilder *
gaws_dynamodb_expression_builder_new (void)
{
  return g_object_new (GAWS_TYPE_DYNAMODB_EXPRESSION_BUILDER, NULL);
}

/* ---- placeholders ---- */

static void
add_name (Build *b, const char *name, gsize len)
{
  g_autofree char *placeholder = g_strdup_printf ("#n%u", b->name_count++);

  json_object_set_new (b->names, placeholder, json_stringn (name, len));
  g_string_append (b->out, placeholder);
}

static void
add_value (Build *b, json_t *value)
{
  g_autofree char *placeholder = g_strdup_printf (":v%u", b->value_count++);

  json_object_set (b->values, placeholder, value);
  g_string_append (b->out, placeholder);
}

/* boto3 replaces each run of characters other than `.`, `[` and `]` by a
 * placeholder, unless the run is inside brackets (its regex
 * `[^.\[\]]+(?![^\[]*\])`: not followed by a `]` before any `[`), so that
 * `a.b[2].c` becomes `#n0.#n1[2].#n2`. */
static gboolean
add_path (Build *b, const char *path, GError **error)
{
  const char *p = path;

  if (*path == '\0')
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                           "an attribute name cannot be empty");
      return FALSE;
    }
  while (*p != '\0')
    {
      gsize run = strcspn (p, ".[]");
      const char *end = p + run;

      if (run == 0)
        {
          g_string_append_c (b->out, *p++);
          continue;
        }
      if (end[strcspn (end, "[]")] == ']')
        g_string_append_len (b->out, p, run);
      else
        add_name (b, p, run);
      p = end;
    }
  return TRUE;
}

/* ---- conditions ---- */

static gboolean add_condition (Build *b, GawsDynamodbCondition *c, GError **error);

static gboolean
add_operand (Build *b, GawsDynamodbOperand *operand, GError **error)
{
  if (operand->error != NULL)
    {
      g_propagate_error (error, g_error_copy (operand->error));
      return FALSE;
    }
  if (operand->kind == GAWS_DYNAMODB_OPERAND_SIZE)
    {
      g_string_append (b->out, "size(");
      if (!add_operand (b, operand->inner, error))
        return FALSE;
      g_string_append_c (b->out, ')');
      return TRUE;
    }
  if (b->key_condition && operand->kind != GAWS_DYNAMODB_OPERAND_KEY)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Attribute object %s is of type Attr. KeyConditionExpression only supports "
                   "Attribute objects of type Key", operand->name);
      return FALSE;
    }
  return add_path (b, operand->name, error);
}

static gboolean
add_term (Build *b, GawsDynamodbCondition *c, guint index, GError **error)
{
  GawsDynamodbTerm *term = &g_array_index (c->terms, GawsDynamodbTerm, index);

  if (term->operand != NULL)
    return add_operand (b, term->operand, error);
  add_value (b, term->value);
  return TRUE;
}

static gboolean
add_in_list (Build *b, GawsDynamodbCondition *c)
{
  g_string_append (b->out, " IN (");
  for (guint i = 0; i < c->terms->len; i++)
    {
      if (i > 0)
        g_string_append (b->out, ", ");
      add_value (b, g_array_index (c->terms, GawsDynamodbTerm, i).value);
    }
  g_string_append_c (b->out, ')');
  return TRUE;
}

/* `{0} {operator} {1}`, `{0} BETWEEN {1} AND {2}`, `{0} IN (…)` */
static gboolean
add_infix (Build *b, GawsDynamodbCondition *c, GError **error)
{
  static const char * const operators[] = {
    [GAWS_DYNAMODB_OP_EQ] = " = ", [GAWS_DYNAMODB_OP_NE] = " <> ", [GAWS_DYNAMODB_OP_LT] = " < ",
    [GAWS_DYNAMODB_OP_LTE] = " <= ", [GAWS_DYNAMODB_OP_GT] = " > ", [GAWS_DYNAMODB_OP_GTE] = " >= ",
  };

  if (!add_operand (b, c->subject, error))
    return FALSE;
  if (c->op == GAWS_DYNAMODB_OP_IN)
    return add_in_list (b, c);
  if (c->op == GAWS_DYNAMODB_OP_BETWEEN)
    {
      g_string_append (b->out, " BETWEEN ");
      if (!add_term (b, c, 0, error))
        return FALSE;
      g_string_append (b->out, " AND ");
      return add_term (b, c, 1, error);
    }
  g_string_append (b->out, operators[c->op]);
  return add_term (b, c, 0, error);
}

/* `{operator}({0})` and `{operator}({0}, {1})` */
static gboolean
add_function (Build *b, GawsDynamodbCondition *c, const char *function, GError **error)
{
  g_string_append_printf (b->out, "%s(", function);
  if (!add_operand (b, c->subject, error))
    return FALSE;
  if (c->terms->len > 0)
    {
      g_string_append (b->out, ", ");
      if (!add_term (b, c, 0, error))
        return FALSE;
    }
  g_string_append_c (b->out, ')');
  return TRUE;
}

/* `({0} AND {1})`, `({0} OR {1})`, `(NOT {0})`: boto3 brackets every
 * combination, however deep. */
static gboolean
add_logical (Build *b, GawsDynamodbCondition *c, GError **error)
{
  g_string_append (b->out, c->op == GAWS_DYNAMODB_OP_NOT ? "(NOT " : "(");
  if (!add_condition (b, c->left, error))
    return FALSE;
  if (c->right != NULL)
    {
      g_string_append (b->out, c->op == GAWS_DYNAMODB_OP_AND ? " AND " : " OR ");
      if (!add_condition (b, c->right, error))
        return FALSE;
    }
  g_string_append_c (b->out, ')');
  return TRUE;
}

static gboolean
add_condition (Build *b, GawsDynamodbCondition *c, GError **error)
{
  if (c->error != NULL)
    {
      g_propagate_error (error, g_error_copy (c->error));
      return FALSE;
    }
  switch (c->op)
    {
    case GAWS_DYNAMODB_OP_BEGINS_WITH:
      return add_function (b, c, "begins_with", error);
    case GAWS_DYNAMODB_OP_CONTAINS:
      return add_function (b, c, "contains", error);
    case GAWS_DYNAMODB_OP_ATTRIBUTE_TYPE:
      return add_function (b, c, "attribute_type", error);
    case GAWS_DYNAMODB_OP_EXISTS:
      return add_function (b, c, "attribute_exists", error);
    case GAWS_DYNAMODB_OP_NOT_EXISTS:
      return add_function (b, c, "attribute_not_exists", error);
    case GAWS_DYNAMODB_OP_AND:
    case GAWS_DYNAMODB_OP_OR:
    case GAWS_DYNAMODB_OP_NOT:
      return add_logical (b, c, error);
    case GAWS_DYNAMODB_OP_EQ:
    case GAWS_DYNAMODB_OP_NE:
    case GAWS_DYNAMODB_OP_LT:
    case GAWS_DYNAMODB_OP_LTE:
    case GAWS_DYNAMODB_OP_GT:
    case GAWS_DYNAMODB_OP_GTE:
    case GAWS_DYNAMODB_OP_IN:
    case GAWS_DYNAMODB_OP_BETWEEN:
    default:
      return add_infix (b, c, error);
    }
}

/* ---- one expression at a time ---- */

static void
build_begin (GawsDynamodbExpressionBuilder *self, Build *b, gboolean key_condition)
{
  b->name_count = self->name_count;
  b->value_count = self->value_count;
  b->names = json_object ();
  b->values = json_object ();
  b->key_condition = key_condition;
  b->out = g_string_new (NULL);
}

static char *
build_end (GawsDynamodbExpressionBuilder *self, Build *b, gboolean success)
{
  const char *key;
  json_t *value;

  if (success)
    {
      self->name_count = b->name_count;
      self->value_count = b->value_count;
      json_object_foreach (b->names, key, value)
        g_hash_table_insert (self->names_table, g_strdup (key), g_strdup (json_string_value (value)));
      json_object_update (self->names, b->names);
      json_object_update (self->values, b->values);
    }
  json_decref (b->names);
  json_decref (b->values);
  return g_string_free (b->out, !success);
}

static char *
build_condition (GawsDynamodbExpressionBuilder *self, GawsDynamodbCondition *condition,
                 gboolean key_condition, GError **error)
{
  Build b;

  build_begin (self, &b, key_condition);
  return build_end (self, &b, add_condition (&b, condition, error));
}

/**
 * gaws_dynamodb_expression_builder_add_condition:
 * @self: a builder
 * @condition: the condition
 * @error: return location for a #GError
 *
 * Builds a `FilterExpression` or `ConditionExpression`, as boto3's
 * `build_expression(condition)` does.
 *
 * Returns: (transfer full): the expression, such as
 *   `(#n0 = :v0 AND size(#n1) > :v1)`, or %NULL with a
 *   %GAWS_ERROR_INVALID_ARGUMENT error if @condition was built with a
 *   misuse (see gaws_dynamodb_condition_validate())
 */
char *
gaws_dynamodb_expression_builder_add_condition (GawsDynamodbExpressionBuilder  *self,
                                                GawsDynamodbCondition          *condition,
                                                GError                        **error)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_EXPRESSION_BUILDER (self), NULL);
  g_return_val_if_fail (condition != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return build_condition (self, condition, FALSE, error);
}

/**
 * gaws_dynamodb_expression_builder_add_key_condition:
 * @self: a builder
 * @condition: a condition on keys only
 * @error: return location for a #GError
 *
 * Builds a `KeyConditionExpression`, as boto3's
 * `build_expression(condition, is_key_condition=True)` does: every operand
 * must be a gaws_dynamodb_operand_key(), or the error is boto3's
 * `DynamoDBNeedsKeyConditionError`.
 *
 * Returns: (transfer full): the expression, or %NULL with a
 *   %GAWS_ERROR_INVALID_ARGUMENT error
 */
char *
gaws_dynamodb_expression_builder_add_key_condition (GawsDynamodbExpressionBuilder  *self,
                                                    GawsDynamodbCondition          *condition,
                                                    GError                        **error)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_EXPRESSION_BUILDER (self), NULL);
  g_return_val_if_fail (condition != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return build_condition (self, condition, TRUE, error);
}

/**
 * gaws_dynamodb_expression_builder_add_projection:
 * @self: a builder
 * @names: (array zero-terminated=1): attribute paths, such as `a` or `a.b[2]`
 * @error: return location for a #GError
 *
 * Builds a `ProjectionExpression`, placing names the way conditions do
 * (boto3 has no builder for projections): `{"a", "b.c", NULL}` gives
 * `#n0, #n1.#n2`. Build it after the request's conditions to keep their
 * text as boto3 writes it.
 *
 * Returns: (transfer full): the expression, or %NULL with a
 *   %GAWS_ERROR_INVALID_ARGUMENT error if @names is empty or has an empty
 *   name
 */
char *
gaws_dynamodb_expression_builder_add_projection (GawsDynamodbExpressionBuilder  *self,
                                                 const char * const             *names,
                                                 GError                        **error)
{
  gboolean success = TRUE;
  Build b;

  g_return_val_if_fail (GAWS_IS_DYNAMODB_EXPRESSION_BUILDER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (names == NULL || names[0] == NULL)
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                           "a projection needs at least one attribute name");
      return NULL;
    }
  build_begin (self, &b, FALSE);
  for (gsize i = 0; success && names[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (b.out, ", ");
      success = add_path (&b, names[i], error);
    }
  return build_end (self, &b, success);
}

/**
 * gaws_dynamodb_expression_builder_get_names:
 * @self: a builder
 *
 * Returns: (transfer none) (element-type utf8 utf8): the
 *   `ExpressionAttributeNames` so far, placeholder to name; empty when
 *   there are none, in which case the request should not carry the member
 */
GHashTable *
gaws_dynamodb_expression_builder_get_names (GawsDynamodbExpressionBuilder *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_EXPRESSION_BUILDER (self), NULL);
  return self->names_table;
}

/**
 * gaws_dynamodb_expression_builder_get_names_json:
 * @self: a builder
 *
 * Returns: (transfer full) (nullable): the `ExpressionAttributeNames` so
 *   far as a JSON object, such as `{"#n0":"pk"}`, or %NULL if there are none
 */
char *
gaws_dynamodb_expression_builder_get_names_json (GawsDynamodbExpressionBuilder *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_EXPRESSION_BUILDER (self), NULL);
  if (json_object_size (self->names) == 0)
    return NULL;
  return json_dumps (self->names, JSON_COMPACT);
}

/**
 * gaws_dynamodb_expression_builder_get_values_json:
 * @self: a builder
 *
 * Returns: (transfer full) (nullable): the `ExpressionAttributeValues` so
 *   far as a JSON object of AttributeValues, such as
 *   `{":v0":{"S":"test1"}}`, or %NULL if there are none
 */
char *
gaws_dynamodb_expression_builder_get_values_json (GawsDynamodbExpressionBuilder *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_EXPRESSION_BUILDER (self), NULL);
  if (json_object_size (self->values) == 0)
    return NULL;
  return json_dumps (self->values, JSON_COMPACT);
}

/**
 * gaws_dynamodb_expression_builder_get_values:
 * @self: a builder
 *
 * The values so far as natural values, converted as
 * gaws_dynamodb_item_to_variant() does: for callers that take
 * `ExpressionAttributeValues` in natural form and merge their own in.
 *
 * Returns: (transfer full) (nullable): an `a{sv}` from placeholder to
 *   value, or %NULL if there are none
 */
GVariant *
gaws_dynamodb_expression_builder_get_values (GawsDynamodbExpressionBuilder *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_EXPRESSION_BUILDER (self), NULL);
  if (json_object_size (self->values) == 0)
    return NULL;
  /* The values were checked on the way in: converting back cannot fail. */
  return gaws_dynamodb_item_json_to_variant (self->values, GAWS_DYNAMODB_VALUE_DEFAULT, NULL);
}

/**
 * gaws_dynamodb_expression_builder_reset:
 * @self: a builder
 *
 * Forgets every placeholder, to start again from `#n0` and `:v0` for
 * another request (as boto3 does before each one).
 */
void
gaws_dynamodb_expression_builder_reset (GawsDynamodbExpressionBuilder *self)
{
  g_return_if_fail (GAWS_IS_DYNAMODB_EXPRESSION_BUILDER (self));

  self->name_count = 0;
  self->value_count = 0;
  json_object_clear (self->names);
  json_object_clear (self->values);
  g_hash_table_remove_all (self->names_table);
}

/**
 * gaws_dynamodb_expression_builder_get_names_object: (skip)
 * @self: a builder
 *
 * Returns: (transfer none): the names so far, a JSON object of strings
 */
json_t *
gaws_dynamodb_expression_builder_get_names_object (GawsDynamodbExpressionBuilder *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_EXPRESSION_BUILDER (self), NULL);
  return self->names;
}

/**
 * gaws_dynamodb_expression_builder_get_values_object: (skip)
 * @self: a builder
 *
 * Returns: (transfer none): the values so far, a JSON object of
 *   AttributeValues
 */
json_t *
gaws_dynamodb_expression_builder_get_values_object (GawsDynamodbExpressionBuilder *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_EXPRESSION_BUILDER (self), NULL);
  return self->values;
}
