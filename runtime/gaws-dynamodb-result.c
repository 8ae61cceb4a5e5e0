/* gaws-dynamodb-result.c: what a GawsDynamodbTable action gives back, in
 * natural values
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-dynamodb-result-private.h"
#include "gaws-dynamodb-value-private.h"
#include "gaws-error.h"

/**
 * GawsDynamodbResult:
 *
 * The answer to one action of a #GawsDynamodbTable: the members boto3's
 * Table resource gives back as Python values, here as natural #GVariant
 * values (the mapping of gaws_dynamodb_item_to_variant(), with the table's
 * #GawsDynamodbValueFlags), and the raw output object for everything else.
 *
 * | boto3                            | #GawsDynamodbResult                               |
 * |----------------------------------|---------------------------------------------------|
 * | `result['Item']`                 | gaws_dynamodb_result_get_item()                   |
 * | `result['Attributes']`           | gaws_dynamodb_result_get_attributes()             |
 * | `result['Items']`                | gaws_dynamodb_result_get_items() (an `aa{sv}`), gaws_dynamodb_result_get_item_array() |
 * | `result['Count']`                | gaws_dynamodb_result_get_count()                  |
 * | `result['ScannedCount']`         | gaws_dynamodb_result_get_scanned_count()          |
 * | `result['LastEvaluatedKey']`     | gaws_dynamodb_result_get_last_evaluated_key()     |
 * | `result['ConsumedCapacity']`     | gaws_dynamodb_result_get_consumed_capacity_json() |
 * | anything else                    | gaws_dynamodb_result_get_output()                 |
 *
 * Everything is converted when the result is made: a value DynamoDB would
 * not send (an empty set, a malformed number) fails the action with a
 * %GAWS_ERROR_PROTOCOL error rather than surprising the caller later.
 */

struct _GawsDynamodbResult {
  GObject    parent_instance;
  GawsShape *output;
  GVariant  *item;
  GVariant  *attributes;
  GPtrArray *items;            /* of GVariant a{sv}; NULL when the output has none */
  GVariant  *items_variant;    /* aa{sv} of the same */
  gint64     count;
  gint64     scanned_count;
  GVariant  *last_evaluated_key;
  char      *consumed_capacity;
  GVariant  *unprocessed_keys;
};

G_DEFINE_FINAL_TYPE (GawsDynamodbResult, gaws_dynamodb_result, G_TYPE_OBJECT)

static void
gaws_dynamodb_result_finalize (GObject *object)
{
  GawsDynamodbResult *self = GAWS_DYNAMODB_RESULT (object);

  g_clear_object (&self->output);
  g_clear_pointer (&self->item, g_variant_unref);
  g_clear_pointer (&self->attributes, g_variant_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->items_variant, g_variant_unref);
  g_clear_pointer (&self->last_evaluated_key, g_variant_unref);
  g_clear_pointer (&self->unprocessed_keys, g_variant_unref);
  g_free (self->consumed_capacity);
  G_OBJECT_CLASS (gaws_dynamodb_result_parent_class)->finalize (object);
}

static void
gaws_dynamodb_result_class_init (GawsDynamodbResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_dynamodb_result_finalize;
}

static void
gaws_dynamodb_result_init (GawsDynamodbResult *self)
{
  self->count = -1;
  self->scanned_count = -1;
}

/* A value the server sent that does not convert is the server's fault. */
static gboolean
as_protocol_error (const char *member, GError *local_error, GError **error)
{
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL, "DynamoDB sent an invalid %s: %s",
               member, local_error->message);
  g_error_free (local_error);
  return FALSE;
}

static gboolean
convert_item (json_t *json, const char *member, GawsDynamodbValueFlags flags, GVariant **out,
              GError **error)
{
  GError *local_error = NULL;

  if (json == NULL)
    return TRUE;
  *out = gaws_dynamodb_item_json_to_variant (json, flags, &local_error);
  if (*out == NULL)
    return as_protocol_error (member, local_error, error);
  /* own it whether or not the conversion gave a floating reference */
  g_variant_take_ref (*out);
  return TRUE;
}

static GVariant *
array_of_items (GPtrArray *items)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < items->len; i++)
    g_variant_builder_add_value (&builder, items->pdata[i]);
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static gboolean
convert_items (json_t *list, const char *member, GawsDynamodbValueFlags flags, GPtrArray **out,
               GError **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  size_t i;
  json_t *json;

  json_array_foreach (list, i, json)
    {
      GVariant *item = NULL;

      if (!convert_item (json, member, flags, &item, error))
        return FALSE;
      g_ptr_array_add (items, item);
    }
  *out = g_steal_pointer (&items);
  return TRUE;
}

static gint64
integer_member (json_t *json, const char *member)
{
  json_t *value = json_object_get (json, member);

  return json_is_integer (value) ? json_integer_value (value) : -1;
}

/* Query and Scan say `Items`; BatchGetItem says `Responses` by table. */
static json_t *
items_of (json_t *json, const char *table)
{
  json_t *items = json_object_get (json, "Items");

  if (items == NULL && table != NULL)
    items = json_object_get (json_object_get (json, "Responses"), table);
  return json_is_array (items) ? items : NULL;
}

/**
 * gaws_dynamodb_result_new: (skip)
 * @output: the operation's output
 * @json: @output as gaws_shape_to_json() gives it, possibly with
 *   `Responses` gathered from several calls
 * @table: (nullable): the table, to pick its part of `Responses` and
 *   `UnprocessedKeys`
 * @flags: how to give numbers back
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the result, or %NULL with a
 *   %GAWS_ERROR_PROTOCOL error if a value does not convert
 */
GawsDynamodbResult *
gaws_dynamodb_result_new (GawsShape               *output,
                          json_t                  *json,
                          const char              *table,
                          GawsDynamodbValueFlags   flags,
                          GError                 **error)
{
  g_autoptr(GawsDynamodbResult) self = g_object_new (GAWS_TYPE_DYNAMODB_RESULT, NULL);
  json_t *items = items_of (json, table);
  json_t *capacity = json_object_get (json, "ConsumedCapacity");
  json_t *unprocessed = json_object_get (json_object_get (json_object_get (json, "UnprocessedKeys"), table ? table : ""),
                                         "Keys");

  self->output = output ? g_object_ref (output) : NULL;
  if (!convert_item (json_object_get (json, "Item"), "Item", flags, &self->item, error) ||
      !convert_item (json_object_get (json, "Attributes"), "Attributes", flags, &self->attributes, error) ||
      !convert_item (json_object_get (json, "LastEvaluatedKey"), "LastEvaluatedKey", flags,
                     &self->last_evaluated_key, error))
    return NULL;
  if (items != NULL)
    {
      if (!convert_items (items, "Items", flags, &self->items, error))
        return NULL;
      self->items_variant = array_of_items (self->items);
    }
  if (json_is_array (unprocessed) && json_array_size (unprocessed) > 0)
    {
      g_autoptr(GPtrArray) keys = NULL;

      if (!convert_items (unprocessed, "UnprocessedKeys", flags, &keys, error))
        return NULL;
      self->unprocessed_keys = array_of_items (keys);
    }
  self->count = integer_member (json, "Count");
  self->scanned_count = integer_member (json, "ScannedCount");
  if (capacity != NULL)
    self->consumed_capacity = json_dumps (capacity, JSON_COMPACT | JSON_SORT_KEYS);
  return g_steal_pointer (&self);
}

/**
 * gaws_dynamodb_result_get_output:
 * @self: a result
 *
 * The operation's output as the service sent it: an instance of the
 * generated output class (such as `GawsDynamodbQueryOutput`), for members
 * the result has no accessor for. For gaws_dynamodb_table_batch_get_item(),
 * which may take several calls, the output of the last one.
 *
 * Returns: (transfer none): the output
 */
GawsShape *
gaws_dynamodb_result_get_output (GawsDynamodbResult *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_RESULT (self), NULL);
  return self->output;
}

/**
 * gaws_dynamodb_result_get_item:
 * @self: a result
 *
 * Returns: (transfer none) (nullable): `Item` of a `GetItem` as an `a{sv}`,
 *   or %NULL when there is no such item
 */
GVariant *
gaws_dynamodb_result_get_item (GawsDynamodbResult *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_RESULT (self), NULL);
  return self->item;
}

/**
 * gaws_dynamodb_result_get_attributes:
 * @self: a result
 *
 * Returns: (transfer none) (nullable): `Attributes` of a `PutItem`,
 *   `UpdateItem` or `DeleteItem` as an `a{sv}`: the values its
 *   `ReturnValues` asked for, or %NULL
 */
GVariant *
gaws_dynamodb_result_get_attributes (GawsDynamodbResult *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_RESULT (self), NULL);
  return self->attributes;
}

/**
 * gaws_dynamodb_result_get_items:
 * @self: a result
 *
 * Returns: (transfer none) (nullable): the items of a `Query` or `Scan`, or
 *   this table's items of a `BatchGetItem`, as an `aa{sv}` (in PyGObject,
 *   `unpack()` gives a list of dicts); %NULL for other actions
 */
GVariant *
gaws_dynamodb_result_get_items (GawsDynamodbResult *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_RESULT (self), NULL);
  return self->items_variant;
}

/**
 * gaws_dynamodb_result_get_item_array:
 * @self: a result
 *
 * Returns: (transfer none) (nullable) (element-type GVariant): the same
 *   items as gaws_dynamodb_result_get_items(), one `a{sv}` each
 */
GPtrArray *
gaws_dynamodb_result_get_item_array (GawsDynamodbResult *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_RESULT (self), NULL);
  return self->items;
}

/**
 * gaws_dynamodb_result_get_n_items:
 * @self: a result
 *
 * Returns: how many items gaws_dynamodb_result_get_items() holds; 0 when
 *   it is %NULL
 */
guint
gaws_dynamodb_result_get_n_items (GawsDynamodbResult *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_RESULT (self), 0);
  return self->items ? self->items->len : 0;
}

/**
 * gaws_dynamodb_result_get_count:
 * @self: a result
 *
 * Returns: `Count` of a `Query` or `Scan`, or -1 when the output has none
 */
gint64
gaws_dynamodb_result_get_count (GawsDynamodbResult *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_RESULT (self), -1);
  return self->count;
}

/**
 * gaws_dynamodb_result_get_scanned_count:
 * @self: a result
 *
 * Returns: `ScannedCount` of a `Query` or `Scan`, or -1 when the output
 *   has none
 */
gint64
gaws_dynamodb_result_get_scanned_count (GawsDynamodbResult *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_RESULT (self), -1);
  return self->scanned_count;
}

/**
 * gaws_dynamodb_result_get_last_evaluated_key:
 * @self: a result
 *
 * Where a `Query` or `Scan` page stopped: pass it as `ExclusiveStartKey`
 * in the next call's parameters to read on.
 *
 * Returns: (transfer none) (nullable): `LastEvaluatedKey` as an `a{sv}`,
 *   or %NULL on the last page
 */
GVariant *
gaws_dynamodb_result_get_last_evaluated_key (GawsDynamodbResult *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_RESULT (self), NULL);
  return self->last_evaluated_key;
}

/**
 * gaws_dynamodb_result_get_consumed_capacity_json:
 * @self: a result
 *
 * Returns: (nullable): `ConsumedCapacity` as compact JSON text (an object,
 *   or for `BatchGetItem` an array), or %NULL when the request did not ask
 *   for it with `ReturnConsumedCapacity`
 */
const char *
gaws_dynamodb_result_get_consumed_capacity_json (GawsDynamodbResult *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_RESULT (self), NULL);
  return self->consumed_capacity;
}

/**
 * gaws_dynamodb_result_get_unprocessed_keys:
 * @self: a result
 *
 * Returns: (transfer none) (nullable): the keys of a `BatchGetItem` that
 *   were left unread, as an `aa{sv}`; %NULL when every key was read (as
 *   gaws_dynamodb_table_batch_get_item() makes sure)
 */
GVariant *
gaws_dynamodb_result_get_unprocessed_keys (GawsDynamodbResult *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_RESULT (self), NULL);
  return self->unprocessed_keys;
}
