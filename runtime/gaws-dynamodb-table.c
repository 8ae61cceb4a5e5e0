/* gaws-dynamodb-table.c: boto3's DynamoDB Table resource: the item actions
 * of one table with natural values and condition objects
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-dynamodb-table-private.h"
#include "gaws-dynamodb-expression-builder-private.h"
#include "gaws-dynamodb-result-private.h"
#include "gaws-dynamodb-value-private.h"
#include "gaws-error.h"
#include "gaws-operation.h"
#include "gaws-shape-json.h"
#include "gaws-variant-json.h"

#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

/**
 * GawsDynamodbTable:
 *
 * One DynamoDB table, as boto3's `dynamodb.Table(name)` resource: its item
 * actions take and give natural values and take conditions as objects. It
 * works through any DynamoDB client (such as a `GawsDynamodbClient`, which
 * is a #GawsClient), calling operations by name from the client's model.
 *
 * ## Arguments
 *
 * Each action takes what boto3 users write most as arguments, and every
 * other parameter of the operation in @params, an `a{sv}` keyed by the
 * model's member names, as boto3's keyword arguments:
 *
 * | boto3                                                         | gaws                                               |
 * |---------------------------------------------------------------|----------------------------------------------------|
 * | `put_item(Item=item, ConditionExpression=c, **kw)`            | put_item (item, c, kw)                             |
 * | `get_item(Key=key, **kw)`                                     | get_item (key, kw)                                 |
 * | `update_item(Key=key, UpdateExpression=u, ConditionExpression=c, **kw)` | update_item (key, u, c, kw)              |
 * | `delete_item(Key=key, ConditionExpression=c, **kw)`           | delete_item (key, c, kw)                           |
 * | `query(KeyConditionExpression=k, FilterExpression=f, **kw)`   | query (k, f, kw)                                   |
 * | `scan(FilterExpression=f, **kw)`                              | scan (f, kw)                                       |
 * | `resource.batch_get_item(RequestItems={name: {'Keys': keys, **kw}})` | batch_get_item (keys, kw)                   |
 *
 * Items and keys are natural values: an `a{sv}` mapped as
 * gaws_dynamodb_item_from_variant() maps it (in PyGObject a dict of
 * `GLib.Variant`s, or `GLib.Variant('a{sv}', {...})`). In @params,
 * `Item`, `Key`, `ExclusiveStartKey` and `ExpressionAttributeValues` are
 * natural too; everything else is converted plainly (strings, numbers,
 * booleans, arrays, `a{s*}` as objects), so
 * `{'Limit': <10>, 'ConsistentRead': <true>, 'ReturnValues': <'ALL_NEW'>}`
 * does what boto3's keywords do. Unknown members are an error.
 *
 * Conditions (#GawsDynamodbCondition) are compiled as boto3 compiles them:
 * the condition or filter first, the key condition second, into `#n0`,
 * `:v0`, … placeholders that are merged with any
 * `ExpressionAttributeNames` and `ExpressionAttributeValues` in @params
 * (for an update expression or projection of your own: give yours other
 * names than `#n<digits>` and `:v<digits>`, a clash is an error). A
 * condition given both as an argument and as text in @params is an error.
 *
 * Every action has an `_async`/`_finish` pair and a `_sync` variant. The
 * answer is a #GawsDynamodbResult. Errors are the client's, with the
 * service's error code (`ConditionalCheckFailedException`, …); bad
 * arguments give a %GAWS_ERROR_INVALID_ARGUMENT error before any request.
 *
 * |[<!-- language="C" -->
 * g_autoptr(GawsDynamodbTable) table = gaws_dynamodb_table_new (GAWS_CLIENT (client), "test_table");
 * g_autoptr(GawsDynamodbOperand) pk = gaws_dynamodb_operand_key ("pk");
 * g_autoptr(GawsDynamodbCondition) key = gaws_dynamodb_operand_eq (pk, g_variant_new_string ("test1"));
 *
 * put = gaws_dynamodb_table_put_item_sync (table, g_variant_new_parsed ("{'pk': <'test1'>, 'col1': <'some_data'>}"),
 *                                          NULL, NULL, NULL, &error);
 * found = gaws_dynamodb_table_query_sync (table, key, NULL, NULL, NULL, &error);
 * items = gaws_dynamodb_result_get_items (found);   // [{'col1': <'some_data'>, 'pk': <'test1'>}]
 * ]|
 */

struct _GawsDynamodbTable {
  GObject                 parent_instance;
  GawsClient             *client;
  char                   *name;
  GawsDynamodbValueFlags  flags;
  GMainContext           *context;   /* where the _sync variants run the calls */
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GawsDynamodbTable, gaws_dynamodb_table, G_TYPE_OBJECT)

/* BatchGetItem reads at most this many keys per call. */
#define BATCH_GET_MAX_KEYS 100

/* The back-off before asking again for unprocessed keys. */
#define BACKOFF_BASE_MS 50
#define BACKOFF_MAX_MS 5000

static void
gaws_dynamodb_table_finalize (GObject *object)
{
  GawsDynamodbTable *self = GAWS_DYNAMODB_TABLE (object);

  g_clear_object (&self->client);
  g_free (self->name);
  g_main_context_unref (self->context);
  G_OBJECT_CLASS (gaws_dynamodb_table_parent_class)->finalize (object);
}

static void
gaws_dynamodb_table_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  GawsDynamodbTable *self = GAWS_DYNAMODB_TABLE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_dynamodb_table_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  GawsDynamodbTable *self = GAWS_DYNAMODB_TABLE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_dynamodb_table_class_init (GawsDynamodbTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gaws_dynamodb_table_finalize;
  object_class->get_property = gaws_dynamodb_table_get_property;
  object_class->set_property = gaws_dynamodb_table_set_property;

  /**
   * GawsDynamodbTable:client:
   *
   * The DynamoDB client the actions go through.
   */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, GAWS_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * GawsDynamodbTable:name:
   *
   * The table's name.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gaws_dynamodb_table_init (GawsDynamodbTable *self)
{
  self->context = g_main_context_ref_thread_default ();
}

/**
 * gaws_dynamodb_table_new:
 * @client: a DynamoDB client, such as a `GawsDynamodbClient`
 * @name: the table's name
 *
 * No request is made: as in boto3, the table is a handle. Make it in the
 * thread (and thread-default main context) the client was made in.
 *
 * Returns: (transfer full): the table
 */
GawsDynamodbTable *
gaws_dynamodb_table_new (GawsClient *client, const char *name)
{
  g_return_val_if_fail (GAWS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (GAWS_TYPE_DYNAMODB_TABLE, "client", client, "name", name, NULL);
}

/**
 * gaws_dynamodb_table_get_client:
 * @self: a table
 *
 * Returns: (transfer none): its client
 */
GawsClient *
gaws_dynamodb_table_get_client (GawsDynamodbTable *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_TABLE (self), NULL);
  return self->client;
}

/**
 * gaws_dynamodb_table_get_name:
 * @self: a table
 *
 * Returns: its name
 */
const char *
gaws_dynamodb_table_get_name (GawsDynamodbTable *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_TABLE (self), NULL);
  return self->name;
}

/**
 * gaws_dynamodb_table_get_value_flags:
 * @self: a table
 *
 * Returns: how results give numbers back
 */
GawsDynamodbValueFlags
gaws_dynamodb_table_get_value_flags (GawsDynamodbTable *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_TABLE (self), GAWS_DYNAMODB_VALUE_DEFAULT);
  return self->flags;
}

/**
 * gaws_dynamodb_table_set_value_flags:
 * @self: a table
 * @flags: how results give numbers back
 *
 * %GAWS_DYNAMODB_VALUE_DEFAULT (the default) gives numbers as exact
 * `("N", <"1.5">)`; %GAWS_DYNAMODB_VALUE_INT64_NUMBERS gives integers that
 * fit as `x`. Applies to the results of actions started afterwards.
 */
void
gaws_dynamodb_table_set_value_flags (GawsDynamodbTable *self, GawsDynamodbValueFlags flags)
{
  g_return_if_fail (GAWS_IS_DYNAMODB_TABLE (self));
  self->flags = flags;
}

/**
 * gaws_dynamodb_table_get_context: (skip)
 * @self: a table
 *
 * Returns: (transfer none): the main context it was made in
 */
GMainContext *
gaws_dynamodb_table_get_context (GawsDynamodbTable *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_TABLE (self), NULL);
  return self->context;
}

/* ---- waiting: back-off, sleeping, sync ---- */

/**
 * gaws_dynamodb_backoff_delay_ms: (skip)
 * @round: 1 for the first resend of unprocessed items or keys, 2 for the
 *   next in a row, ...
 * @base_ms: the delay of the first round
 * @max_ms: the longest delay
 *
 * Returns: how long to wait before it: exponential from @base_ms, capped
 *   at @max_ms, with jitter on the upper half so that writers do not march
 *   in step
 */
guint
gaws_dynamodb_backoff_delay_ms (guint round, guint base_ms, guint max_ms)
{
  guint64 delay = (guint64) base_ms << MIN (MAX (round, 1) - 1, 20);

  delay = MIN (delay, max_ms);
  return delay / 2 + g_random_int_range (0, delay / 2 + 1);
}

typedef struct {
  GSource *timeout;
  GSource *cancel;
} SleepData;

static void
sleep_data_free (SleepData *data)
{
  g_source_destroy (data->timeout);
  g_source_unref (data->timeout);
  if (data->cancel != NULL)
    {
      g_source_destroy (data->cancel);
      g_source_unref (data->cancel);
    }
  g_free (data);
}

static gboolean
sleep_over (gpointer user_data)
{
  GTask *task = user_data;
  SleepData *data = g_task_get_task_data (task);

  /* the other source must not hold the task, or fire, any longer */
  g_source_destroy (data->timeout);
  if (data->cancel != NULL)
    g_source_destroy (data->cancel);
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

static gboolean
sleep_cancelled (GCancellable *cancellable, gpointer user_data)
{
  return sleep_over (user_data);
}

/**
 * gaws_dynamodb_sleep_async: (skip)
 * @milliseconds: how long
 * @cancellable: (nullable): ends the sleep early, with %G_IO_ERROR_CANCELLED
 * @callback: called when the time is up
 * @user_data: for @callback
 *
 * Waits on the thread-default main context without blocking it.
 */
void
gaws_dynamodb_sleep_async (guint milliseconds, GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  SleepData *data = g_new0 (SleepData, 1);

  g_task_set_source_tag (task, gaws_dynamodb_sleep_async);
  data->timeout = g_timeout_source_new (milliseconds);
  g_task_set_task_data (task, data, (GDestroyNotify) sleep_data_free);
  g_task_attach_source (task, data->timeout, sleep_over);
  if (cancellable != NULL)
    {
      data->cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->cancel, G_SOURCE_FUNC (sleep_cancelled), g_object_ref (task), g_object_unref);
      g_source_attach (data->cancel, g_task_get_context (task));
    }
}

/**
 * gaws_dynamodb_sleep_finish: (skip)
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the time was up, %FALSE if cancelled first
 */
gboolean
gaws_dynamodb_sleep_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gaws_dynamodb_sync_begin: (skip)
 * @sync: the state of one sync call
 * @context: the main context to run it on
 */
void
gaws_dynamodb_sync_begin (GawsDynamodbSync *sync, GMainContext *context)
{
  sync->context = context;
  sync->result = NULL;
  g_main_context_push_thread_default (context);
}

/**
 * gaws_dynamodb_sync_done: (skip)
 * @source: the source object
 * @result: the result
 * @user_data: the #GawsDynamodbSync
 */
void
gaws_dynamodb_sync_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GawsDynamodbSync *sync = user_data;

  sync->result = g_object_ref (result);
}

/**
 * gaws_dynamodb_sync_wait: (skip)
 * @sync: the state of one sync call
 *
 * Returns: (transfer full): the call's result
 */
GAsyncResult *
gaws_dynamodb_sync_wait (GawsDynamodbSync *sync)
{
  while (sync->result == NULL)
    g_main_context_iteration (sync->context, TRUE);
  g_main_context_pop_thread_default (sync->context);
  return sync->result;
}

/* ---- calling an operation by name ---- */

static const GawsOperationInfo *
find_operation (GawsDynamodbTable *self, const char *operation, GError **error)
{
  const GawsServiceInfo *model = gaws_client_get_model (self->client);
  const GawsOperationInfo *op = model ? gaws_service_info_find_operation (model, operation) : NULL;

  if (op == NULL || op->input == NULL)
    g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                 "The client of table %s is not a DynamoDB client with its model (it has no %s "
                 "operation): make it with gaws_dynamodb_client_new()", self->name, operation);
  return op;
}

static void
invoke_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GawsShape *output = gaws_operation_invoke_finish (GAWS_CLIENT (source), result, &error);

  if (output == NULL && error == NULL)
    g_set_error_literal (&error, GAWS_ERROR, GAWS_ERROR_PROTOCOL, "DynamoDB sent no output");
  if (output == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, output, g_object_unref);
}

/**
 * gaws_dynamodb_table_invoke_async: (skip)
 * @self: a table
 * @operation: such as `BatchWriteItem`
 * @input: its input in the model's member names, AttributeValues in wire
 *   form
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the output
 * @user_data: for @callback
 *
 * Calls an operation of the table's client by name.
 */
void
gaws_dynamodb_table_invoke_async (GawsDynamodbTable   *self,
                                  const char          *operation,
                                  json_t              *input,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GawsShape) shape = NULL;
  const GawsOperationInfo *op;
  GError *error = NULL;

  g_task_set_source_tag (task, gaws_dynamodb_table_invoke_async);
  op = find_operation (self, operation, &error);
  if (op != NULL)
    shape = gaws_shape_new_from_json (op->input, input, GAWS_SHAPE_JSON_DEFAULT, &error);
  if (shape == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  gaws_operation_invoke_async (self->client, op, shape, cancellable, invoke_done, g_steal_pointer (&task));
}

/**
 * gaws_dynamodb_table_invoke_finish: (skip)
 * @self: a table
 * @result: the result
 * @output: (out) (transfer full) (optional): the output object
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the output as JSON in the model's member
 *   names, or %NULL on error
 */
json_t *
gaws_dynamodb_table_invoke_finish (GawsDynamodbTable  *self,
                                   GAsyncResult       *result,
                                   GawsShape         **output,
                                   GError            **error)
{
  g_autoptr(GawsShape) shape = NULL;
  json_t *json;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  shape = g_task_propagate_pointer (G_TASK (result), error);
  if (shape == NULL)
    return NULL;
  json = gaws_shape_to_json (shape, GAWS_SHAPE_JSON_DEFAULT);
  if (output != NULL)
    *output = g_steal_pointer (&shape);
  return json;
}

/* ---- composing the input ---- */

static gboolean
is_natural_member (const char *name)
{
  static const char * const members[] = { "Item", "Key", "ExclusiveStartKey", "ExpressionAttributeValues", NULL };

  return g_strv_contains (members, name);
}

static json_t *
natural_to_json (const char *member, GVariant *value, GError **error)
{
  GError *local_error = NULL;
  json_t *json = gaws_dynamodb_item_json_from_variant (value, &local_error);

  if (json == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT, "%s: %s", member, local_error->message);
      g_error_free (local_error);
    }
  return json;
}

static json_t *
input_from_params (GVariant *params, GError **error)
{
  g_autoptr(json_t) input = json_object ();
  GVariantIter iter;
  const char *name;
  GVariant *value;

  if (params == NULL)
    return g_steal_pointer (&input);
  if (!g_variant_is_of_type (params, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "The parameters must be an a{sv}, not %s", g_variant_get_type_string (params));
      return NULL;
    }
  g_variant_iter_init (&iter, params);
  while (g_variant_iter_next (&iter, "{&sv}", &name, &value))
    {
      g_autoptr(GVariant) owned = value;
      json_t *json = is_natural_member (name) ? natural_to_json (name, value, error) : gaws_variant_to_json (value);

      if (json == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                         "Parameter %s holds a value that has no JSON form (a tuple?)", name);
          return NULL;
        }
      json_object_set_new (input, name, json);
    }
  return g_steal_pointer (&input);
}

/* What an action has besides @params. */
typedef struct {
  const char            *item_member;     /* `Item` or `Key` */
  GVariant              *item;
  const char            *condition_member;
  GawsDynamodbCondition *condition;
  GawsDynamodbCondition *key_condition;
  const char            *update_expression;
} Parts;

static gboolean
set_once (json_t *input, const char *member, json_t *value, GError **error)
{
  if (json_object_get (input, member) != NULL)
    {
      json_decref (value);
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s is given both as an argument and in the parameters", member);
      return FALSE;
    }
  json_object_set_new (input, member, value);
  return TRUE;
}

static gboolean
merge_placeholders (json_t *input, const char *member, json_t *built, GError **error)
{
  json_t *given = json_object_get (input, member);
  const char *key;
  json_t *value;

  if (json_object_size (built) == 0)
    return TRUE;
  if (given == NULL)
    return set_once (input, member, json_deep_copy (built), error);
  json_object_foreach (built, key, value)
    {
      if (json_object_get (given, key) != NULL)
        {
          g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                       "The placeholder %s of %s is also made by a condition: name yours other than "
                       "#n<digits> and :v<digits>", key, member);
          return FALSE;
        }
      json_object_set (given, key, value);
    }
  return TRUE;
}

static gboolean
add_expression (json_t *input, const char *member, char *expression, GError **error)
{
  if (expression == NULL)
    return FALSE;
  return set_once (input, member, json_string (expression), error);
}

/* The condition (or filter) first and the key condition second, as boto3
 * numbers their placeholders. */
static gboolean
add_conditions (json_t *input, const Parts *parts, GError **error)
{
  g_autoptr(GawsDynamodbExpressionBuilder) builder = NULL;

  if (parts->condition == NULL && parts->key_condition == NULL)
    return TRUE;
  builder = gaws_dynamodb_expression_builder_new ();
  if (parts->condition != NULL)
    {
      g_autofree char *text = gaws_dynamodb_expression_builder_add_condition (builder, parts->condition, error);
      if (!add_expression (input, parts->condition_member, text, error))
        return FALSE;
    }
  if (parts->key_condition != NULL)
    {
      g_autofree char *text = gaws_dynamodb_expression_builder_add_key_condition (builder, parts->key_condition,
                                                                                  error);
      if (!add_expression (input, "KeyConditionExpression", text, error))
        return FALSE;
    }
  return merge_placeholders (input, "ExpressionAttributeNames",
                             gaws_dynamodb_expression_builder_get_names_object (builder), error) &&
         merge_placeholders (input, "ExpressionAttributeValues",
                             gaws_dynamodb_expression_builder_get_values_object (builder), error);
}

static json_t *
compose (GawsDynamodbTable *self, GVariant *params, const Parts *parts, GError **error)
{
  g_autoptr(json_t) input = input_from_params (params, error);

  if (input == NULL || !set_once (input, "TableName", json_string (self->name), error))
    return NULL;
  if (parts->item != NULL)
    {
      json_t *item = natural_to_json (parts->item_member, parts->item, error);

      if (item == NULL || !set_once (input, parts->item_member, item, error))
        return NULL;
    }
  if (parts->update_expression != NULL &&
      !set_once (input, "UpdateExpression", json_string (parts->update_expression), error))
    return NULL;
  if (!add_conditions (input, parts, error))
    return NULL;
  return g_steal_pointer (&input);
}

/* ---- single-call actions ---- */

static void
action_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GawsDynamodbTable *self = GAWS_DYNAMODB_TABLE (source);
  g_autoptr(GawsShape) output = NULL;
  GError *error = NULL;
  g_autoptr(json_t) json = gaws_dynamodb_table_invoke_finish (self, result, &output, &error);
  GawsDynamodbResult *answer = NULL;

  if (json != NULL)
    answer = gaws_dynamodb_result_new (output, json, self->name, self->flags, &error);
  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, g_object_unref);
}

static void
run_action (GawsDynamodbTable   *self,
            const char          *operation,
            GVariant            *params,
            const Parts         *parts,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  g_autoptr(json_t) input = NULL;

  (g_task_set_source_tag) (task, source_tag);   /* the function: see gaws-paginator.c */
  if (parts->item != NULL)
    g_variant_ref_sink (parts->item);
  if (params != NULL)
    g_variant_ref_sink (params);
  input = compose (self, params, parts, &error);
  if (parts->item != NULL)
    g_variant_unref (parts->item);
  if (params != NULL)
    g_variant_unref (params);
  if (input == NULL)
    {
      g_prefix_error (&error, "%s on table %s: ", operation, self->name);
      g_task_return_error (task, error);
      return;
    }
  gaws_dynamodb_table_invoke_async (self, operation, input, cancellable, action_done, g_steal_pointer (&task));
}

static GawsDynamodbResult *
action_finish (GawsDynamodbTable *self, GAsyncResult *result, gpointer source_tag, GError **error)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_TABLE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

#define RUN_SYNC(self, start_call, finish)                                   \
  G_STMT_START {                                                             \
    GawsDynamodbSync sync_;                                                  \
    g_autoptr(GAsyncResult) result_ = NULL;                                  \
    gaws_dynamodb_sync_begin (&sync_, (self)->context);                      \
    start_call;                                                              \
    result_ = gaws_dynamodb_sync_wait (&sync_);                              \
    return finish (self, result_, error);                                    \
  } G_STMT_END
#define SYNC_ARGS gaws_dynamodb_sync_done, &sync_

/**
 * gaws_dynamodb_table_put_item_async:
 * @self: a table
 * @item: (nullable): the item, an `a{sv}`; if floating, it is sunk. %NULL
 *   when @params holds `Item`
 * @condition: (nullable): the `ConditionExpression`, such as
 *   `Attr("pk").not_exists()`
 * @params: (nullable): other members of `PutItem`, an `a{sv}` (see
 *   #GawsDynamodbTable), such as `{'ReturnValues': <'ALL_OLD'>}`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Writes an item, as boto3's `table.put_item(Item=…)`.
 */
void
gaws_dynamodb_table_put_item_async (GawsDynamodbTable     *self,
                                    GVariant              *item,
                                    GawsDynamodbCondition *condition,
                                    GVariant              *params,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  Parts parts = { "Item", item, "ConditionExpression", condition, NULL, NULL };

  g_return_if_fail (GAWS_IS_DYNAMODB_TABLE (self));
  run_action (self, "PutItem", params, &parts, gaws_dynamodb_table_put_item_async, cancellable, callback,
              user_data);
}

/**
 * gaws_dynamodb_table_put_item_finish:
 * @self: a table
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the result: gaws_dynamodb_result_get_attributes()
 *   holds what `ReturnValues` asked for; %NULL on error (a failed condition
 *   is `ConditionalCheckFailedException`)
 */
GawsDynamodbResult *
gaws_dynamodb_table_put_item_finish (GawsDynamodbTable *self, GAsyncResult *result, GError **error)
{
  return action_finish (self, result, gaws_dynamodb_table_put_item_async, error);
}

/**
 * gaws_dynamodb_table_put_item_sync:
 * @self: a table
 * @item: (nullable): the item, an `a{sv}`
 * @condition: (nullable): the `ConditionExpression`
 * @params: (nullable): other members of `PutItem`, an `a{sv}`
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_dynamodb_table_put_item_async(), blocking: it runs the main context
 * the table was made in until done.
 *
 * Returns: (transfer full): the result, or %NULL on error
 */
GawsDynamodbResult *
gaws_dynamodb_table_put_item_sync (GawsDynamodbTable     *self,
                                   GVariant              *item,
                                   GawsDynamodbCondition *condition,
                                   GVariant              *params,
                                   GCancellable          *cancellable,
                                   GError               **error)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_TABLE (self), NULL);
  RUN_SYNC (self, gaws_dynamodb_table_put_item_async (self, item, condition, params, cancellable, SYNC_ARGS),
            gaws_dynamodb_table_put_item_finish);
}

/**
 * gaws_dynamodb_table_get_item_async:
 * @self: a table
 * @key: (nullable): the key, an `a{sv}` of the key attributes; %NULL when
 *   @params holds `Key`
 * @params: (nullable): other members of `GetItem`, an `a{sv}`, such as
 *   `{'ConsistentRead': <true>}`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Reads an item, as boto3's `table.get_item(Key=…)`.
 */
void
gaws_dynamodb_table_get_item_async (GawsDynamodbTable   *self,
                                    GVariant            *key,
                                    GVariant            *params,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Parts parts = { "Key", key, NULL, NULL, NULL, NULL };

  g_return_if_fail (GAWS_IS_DYNAMODB_TABLE (self));
  run_action (self, "GetItem", params, &parts, gaws_dynamodb_table_get_item_async, cancellable, callback,
              user_data);
}

/**
 * gaws_dynamodb_table_get_item_finish:
 * @self: a table
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the result, whose gaws_dynamodb_result_get_item()
 *   is %NULL when there is no such item; %NULL on error
 */
GawsDynamodbResult *
gaws_dynamodb_table_get_item_finish (GawsDynamodbTable *self, GAsyncResult *result, GError **error)
{
  return action_finish (self, result, gaws_dynamodb_table_get_item_async, error);
}

/**
 * gaws_dynamodb_table_get_item_sync:
 * @self: a table
 * @key: (nullable): the key, an `a{sv}`
 * @params: (nullable): other members of `GetItem`, an `a{sv}`
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_dynamodb_table_get_item_async(), blocking.
 *
 * Returns: (transfer full): the result, or %NULL on error
 */
GawsDynamodbResult *
gaws_dynamodb_table_get_item_sync (GawsDynamodbTable  *self,
                                   GVariant           *key,
                                   GVariant           *params,
                                   GCancellable       *cancellable,
                                   GError            **error)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_TABLE (self), NULL);
  RUN_SYNC (self, gaws_dynamodb_table_get_item_async (self, key, params, cancellable, SYNC_ARGS),
            gaws_dynamodb_table_get_item_finish);
}

/**
 * gaws_dynamodb_table_update_item_async:
 * @self: a table
 * @key: (nullable): the key, an `a{sv}`; %NULL when @params holds `Key`
 * @update_expression: (nullable): the `UpdateExpression`, such as
 *   `SET #c = :c`, its names and values in @params
 * @condition: (nullable): the `ConditionExpression`
 * @params: (nullable): other members of `UpdateItem`, an `a{sv}`, such as
 *   `{'ExpressionAttributeNames': <{'#c': <'count'>}>,
 *   'ExpressionAttributeValues': <{':c': <5>}>, 'ReturnValues': <'ALL_NEW'>}`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Updates an item, as boto3's `table.update_item(Key=…, UpdateExpression=…)`.
 */
void
gaws_dynamodb_table_update_item_async (GawsDynamodbTable     *self,
                                       GVariant              *key,
                                       const char            *update_expression,
                                       GawsDynamodbCondition *condition,
                                       GVariant              *params,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data)
{
  Parts parts = { "Key", key, "ConditionExpression", condition, NULL, update_expression };

  g_return_if_fail (GAWS_IS_DYNAMODB_TABLE (self));
  run_action (self, "UpdateItem", params, &parts, gaws_dynamodb_table_update_item_async, cancellable,
              callback, user_data);
}

/**
 * gaws_dynamodb_table_update_item_finish:
 * @self: a table
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the result, with the `ReturnValues` in
 *   gaws_dynamodb_result_get_attributes(); %NULL on error
 */
GawsDynamodbResult *
gaws_dynamodb_table_update_item_finish (GawsDynamodbTable *self, GAsyncResult *result, GError **error)
{
  return action_finish (self, result, gaws_dynamodb_table_update_item_async, error);
}

/**
 * gaws_dynamodb_table_update_item_sync:
 * @self: a table
 * @key: (nullable): the key, an `a{sv}`
 * @update_expression: (nullable): the `UpdateExpression`
 * @condition: (nullable): the `ConditionExpression`
 * @params: (nullable): other members of `UpdateItem`, an `a{sv}`
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_dynamodb_table_update_item_async(), blocking.
 *
 * Returns: (transfer full): the result, or %NULL on error
 */
GawsDynamodbResult *
gaws_dynamodb_table_update_item_sync (GawsDynamodbTable     *self,
                                      GVariant              *key,
                                      const char            *update_expression,
                                      GawsDynamodbCondition *condition,
                                      GVariant              *params,
                                      GCancellable          *cancellable,
                                      GError               **error)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_TABLE (self), NULL);
  RUN_SYNC (self,
            gaws_dynamodb_table_update_item_async (self, key, update_expression, condition, params, cancellable,
                                                   SYNC_ARGS),
            gaws_dynamodb_table_update_item_finish);
}

/**
 * gaws_dynamodb_table_delete_item_async:
 * @self: a table
 * @key: (nullable): the key, an `a{sv}`; %NULL when @params holds `Key`
 * @condition: (nullable): the `ConditionExpression`
 * @params: (nullable): other members of `DeleteItem`, an `a{sv}`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Deletes an item, as boto3's `table.delete_item(Key=…)`.
 */
void
gaws_dynamodb_table_delete_item_async (GawsDynamodbTable     *self,
                                       GVariant              *key,
                                       GawsDynamodbCondition *condition,
                                       GVariant              *params,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data)
{
  Parts parts = { "Key", key, "ConditionExpression", condition, NULL, NULL };

  g_return_if_fail (GAWS_IS_DYNAMODB_TABLE (self));
  run_action (self, "DeleteItem", params, &parts, gaws_dynamodb_table_delete_item_async, cancellable,
              callback, user_data);
}

/**
 * gaws_dynamodb_table_delete_item_finish:
 * @self: a table
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the result, or %NULL on error
 */
GawsDynamodbResult *
gaws_dynamodb_table_delete_item_finish (GawsDynamodbTable *self, GAsyncResult *result, GError **error)
{
  return action_finish (self, result, gaws_dynamodb_table_delete_item_async, error);
}

/**
 * gaws_dynamodb_table_delete_item_sync:
 * @self: a table
 * @key: (nullable): the key, an `a{sv}`
 * @condition: (nullable): the `ConditionExpression`
 * @params: (nullable): other members of `DeleteItem`, an `a{sv}`
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_dynamodb_table_delete_item_async(), blocking.
 *
 * Returns: (transfer full): the result, or %NULL on error
 */
GawsDynamodbResult *
gaws_dynamodb_table_delete_item_sync (GawsDynamodbTable     *self,
                                      GVariant              *key,
                                      GawsDynamodbCondition *condition,
                                      GVariant              *params,
                                      GCancellable          *cancellable,
                                      GError               **error)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_TABLE (self), NULL);
  RUN_SYNC (self, gaws_dynamodb_table_delete_item_async (self, key, condition, params, cancellable, SYNC_ARGS),
            gaws_dynamodb_table_delete_item_finish);
}

/**
 * gaws_dynamodb_table_query_async:
 * @self: a table
 * @key_condition: (nullable): the `KeyConditionExpression`, such as
 *   `Key("pk").eq("test1")`; %NULL when @params holds it as text
 * @filter: (nullable): the `FilterExpression`
 * @params: (nullable): other members of `Query`, an `a{sv}`, such as
 *   `{'IndexName': <'by-date'>, 'Limit': <100>, 'ExclusiveStartKey': <…>}`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Reads one page of a query, as boto3's `table.query(…)`: the next page
 * starts at gaws_dynamodb_result_get_last_evaluated_key(), given as
 * `ExclusiveStartKey`.
 */
void
gaws_dynamodb_table_query_async (GawsDynamodbTable     *self,
                                 GawsDynamodbCondition *key_condition,
                                 GawsDynamodbCondition *filter,
                                 GVariant              *params,
                                 GCancellable          *cancellable,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data)
{
  Parts parts = { NULL, NULL, "FilterExpression", filter, key_condition, NULL };

  g_return_if_fail (GAWS_IS_DYNAMODB_TABLE (self));
  run_action (self, "Query", params, &parts, gaws_dynamodb_table_query_async, cancellable, callback, user_data);
}

/**
 * gaws_dynamodb_table_query_finish:
 * @self: a table
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the result: items, count, last evaluated key;
 *   %NULL on error
 */
GawsDynamodbResult *
gaws_dynamodb_table_query_finish (GawsDynamodbTable *self, GAsyncResult *result, GError **error)
{
  return action_finish (self, result, gaws_dynamodb_table_query_async, error);
}

/**
 * gaws_dynamodb_table_query_sync:
 * @self: a table
 * @key_condition: (nullable): the `KeyConditionExpression`
 * @filter: (nullable): the `FilterExpression`
 * @params: (nullable): other members of `Query`, an `a{sv}`
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_dynamodb_table_query_async(), blocking.
 *
 * Returns: (transfer full): the result, or %NULL on error
 */
GawsDynamodbResult *
gaws_dynamodb_table_query_sync (GawsDynamodbTable     *self,
                                GawsDynamodbCondition *key_condition,
                                GawsDynamodbCondition *filter,
                                GVariant              *params,
                                GCancellable          *cancellable,
                                GError               **error)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_TABLE (self), NULL);
  RUN_SYNC (self, gaws_dynamodb_table_query_async (self, key_condition, filter, params, cancellable, SYNC_ARGS),
            gaws_dynamodb_table_query_finish);
}

/**
 * gaws_dynamodb_table_scan_async:
 * @self: a table
 * @filter: (nullable): the `FilterExpression`
 * @params: (nullable): other members of `Scan`, an `a{sv}`, such as
 *   `{'Limit': <1000>, 'ExclusiveStartKey': <…>}`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Reads one page of a scan, as boto3's `table.scan(…)`.
 */
void
gaws_dynamodb_table_scan_async (GawsDynamodbTable     *self,
                                GawsDynamodbCondition *filter,
                                GVariant              *params,
                                GCancellable          *cancellable,
                                GAsyncReadyCallback    callback,
                                gpointer               user_data)
{
  Parts parts = { NULL, NULL, "FilterExpression", filter, NULL, NULL };

  g_return_if_fail (GAWS_IS_DYNAMODB_TABLE (self));
  run_action (self, "Scan", params, &parts, gaws_dynamodb_table_scan_async, cancellable, callback, user_data);
}

/**
 * gaws_dynamodb_table_scan_finish:
 * @self: a table
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the result, or %NULL on error
 */
GawsDynamodbResult *
gaws_dynamodb_table_scan_finish (GawsDynamodbTable *self, GAsyncResult *result, GError **error)
{
  return action_finish (self, result, gaws_dynamodb_table_scan_async, error);
}

/**
 * gaws_dynamodb_table_scan_sync:
 * @self: a table
 * @filter: (nullable): the `FilterExpression`
 * @params: (nullable): other members of `Scan`, an `a{sv}`
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_dynamodb_table_scan_async(), blocking.
 *
 * Returns: (transfer full): the result, or %NULL on error
 */
GawsDynamodbResult *
gaws_dynamodb_table_scan_sync (GawsDynamodbTable     *self,
                               GawsDynamodbCondition *filter,
                               GVariant              *params,
                               GCancellable          *cancellable,
                               GError               **error)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_TABLE (self), NULL);
  RUN_SYNC (self, gaws_dynamodb_table_scan_async (self, filter, params, cancellable, SYNC_ARGS),
            gaws_dynamodb_table_scan_finish);
}

/* ---- batch get ---- */

typedef struct {
  json_t    *request;      /* the input, its Keys left out */
  json_t    *remaining;    /* keys not read yet */
  json_t    *items;        /* read so far */
  json_t    *capacity;     /* ConsumedCapacity of every call */
  json_t    *last;         /* the last output */
  GawsShape *last_output;
  guint      round;        /* calls in a row that left keys unprocessed */
} BatchGet;

static void
batch_get_free (BatchGet *get)
{
  json_decref (get->request);
  json_decref (get->remaining);
  json_decref (get->items);
  json_decref (get->capacity);
  json_decref (get->last);
  g_clear_object (&get->last_output);
  g_free (get);
}

static gboolean
keys_from_variant (GVariant *keys, json_t *out, GError **error)
{
  GVariantIter iter;
  GVariant *key;

  if (keys == NULL || !g_variant_is_container (keys) || g_variant_n_children (keys) == 0)
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                           "BatchGetItem needs an array of one key or more");
      return FALSE;
    }
  g_variant_iter_init (&iter, keys);
  while ((key = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) owned = key;
      g_autoptr(GVariant) inner = g_variant_is_of_type (key, G_VARIANT_TYPE_VARIANT) ? g_variant_get_variant (key)
                                                                                     : g_variant_ref (key);
      json_t *json = natural_to_json ("Keys", inner, error);

      if (json == NULL)
        return FALSE;
      json_array_append_new (out, json);
    }
  return TRUE;
}

/* boto3's keyword arguments go into the table's KeysAndAttributes, except
 * ReturnConsumedCapacity which is the request's. */
static json_t *
batch_get_request (GawsDynamodbTable *self, GVariant *params, GError **error)
{
  g_autoptr(json_t) attributes = input_from_params (params, error);
  json_t *capacity;
  json_t *request;

  if (attributes == NULL)
    return NULL;
  if (json_object_get (attributes, "Keys") != NULL)
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                           "Keys is given both as an argument and in the parameters");
      return NULL;
    }
  request = json_object ();
  capacity = json_object_get (attributes, "ReturnConsumedCapacity");
  if (capacity != NULL)
    {
      json_object_set (request, "ReturnConsumedCapacity", capacity);
      json_object_del (attributes, "ReturnConsumedCapacity");
    }
  json_object_set_new (request, "RequestItems", json_pack ("{s:O}", self->name, attributes));
  return request;
}

static void batch_get_next (GTask *task);

static void
batch_get_slept (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!gaws_dynamodb_sleep_finish (result, &error))
    g_task_return_error (task, error);
  else
    batch_get_next (g_steal_pointer (&task));
}

static void
batch_get_finish_all (GTask *task)
{
  GawsDynamodbTable *self = g_task_get_source_object (task);
  BatchGet *get = g_task_get_task_data (task);
  g_autoptr(json_t) json = json_deep_copy (get->last);
  GawsDynamodbResult *answer;
  GError *error = NULL;

  json_object_set_new (json, "Responses", json_pack ("{s:O}", self->name, get->items));
  json_object_del (json, "UnprocessedKeys");
  if (json_array_size (get->capacity) > 0)
    json_object_set (json, "ConsumedCapacity", get->capacity);
  answer = gaws_dynamodb_result_new (get->last_output, json, self->name, self->flags, &error);
  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, g_object_unref);
}

/* Unprocessed keys go first into the next call; a call that left some
 * waits longer before the next, as AWS asks. */
static void
batch_get_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GawsDynamodbTable *self = GAWS_DYNAMODB_TABLE (source);
  BatchGet *get = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GawsShape) output = NULL;
  json_t *json = gaws_dynamodb_table_invoke_finish (self, result, &output, &error);
  json_t *unprocessed;
  json_t *capacity;

  if (json == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  json_decref (get->last);
  get->last = json;
  g_set_object (&get->last_output, output);
  json_array_extend (get->items, json_object_get (json_object_get (json, "Responses"), self->name));
  capacity = json_object_get (json, "ConsumedCapacity");
  if (json_is_array (capacity))
    json_array_extend (get->capacity, capacity);
  unprocessed = json_object_get (json_object_get (json_object_get (json, "UnprocessedKeys"), self->name), "Keys");
  if (json_array_size (unprocessed) > 0)
    {
      json_t *remaining = json_deep_copy (unprocessed);

      json_array_extend (remaining, get->remaining);
      json_decref (get->remaining);
      get->remaining = remaining;
      get->round++;
    }
  else
    get->round = 0;
  if (json_array_size (get->remaining) == 0)
    batch_get_finish_all (task);
  else if (get->round > 0)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      gaws_dynamodb_sleep_async (gaws_dynamodb_backoff_delay_ms (get->round, BACKOFF_BASE_MS, BACKOFF_MAX_MS),
                                 cancellable, batch_get_slept, g_steal_pointer (&task));
    }
  else
    batch_get_next (g_steal_pointer (&task));
}

static void
batch_get_next (GTask *task)
{
  GawsDynamodbTable *self = g_task_get_source_object (task);
  BatchGet *get = g_task_get_task_data (task);
  g_autoptr(json_t) input = json_deep_copy (get->request);
  json_t *keys = json_array ();
  json_t *rest = json_array ();

  for (size_t i = 0; i < json_array_size (get->remaining); i++)
    json_array_append (i < BATCH_GET_MAX_KEYS ? keys : rest, json_array_get (get->remaining, i));
  json_decref (get->remaining);
  get->remaining = rest;
  json_object_set_new (json_object_get (json_object_get (input, "RequestItems"), self->name), "Keys", keys);
  gaws_dynamodb_table_invoke_async (self, "BatchGetItem", input, g_task_get_cancellable (task), batch_get_done,
                                    task);
}

/**
 * gaws_dynamodb_table_batch_get_item_async:
 * @self: a table
 * @keys: the keys to read, an `aa{sv}` (or an `av` of `a{sv}`); if
 *   floating, it is sunk
 * @params: (nullable): other members of the table's `KeysAndAttributes`
 *   (`ConsistentRead`, `ProjectionExpression`,
 *   `ExpressionAttributeNames`) and the request's `ReturnConsumedCapacity`,
 *   an `a{sv}`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Reads many items of this table, as boto3's
 * `resource.batch_get_item(RequestItems={name: {'Keys': keys}})`, and
 * goes on until all are read: keys go 100 to a call, and
 * `UnprocessedKeys` are asked for again, with exponential back-off, until
 * none is left. Items come back in no particular order; keys of items
 * that do not exist give nothing.
 */
void
gaws_dynamodb_table_batch_get_item_async (GawsDynamodbTable   *self,
                                          GVariant            *keys,
                                          GVariant            *params,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BatchGet *get = g_new0 (BatchGet, 1);
  GError *error = NULL;

  g_return_if_fail (GAWS_IS_DYNAMODB_TABLE (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_dynamodb_table_batch_get_item_async);
  g_task_set_task_data (task, get, (GDestroyNotify) batch_get_free);
  get->remaining = json_array ();
  get->items = json_array ();
  get->capacity = json_array ();
  if (keys != NULL)
    g_variant_ref_sink (keys);
  if (params != NULL)
    g_variant_ref_sink (params);
  if (keys_from_variant (keys, get->remaining, &error))
    get->request = batch_get_request (self, params, &error);
  g_clear_pointer (&keys, g_variant_unref);
  g_clear_pointer (&params, g_variant_unref);
  if (get->request == NULL)
    {
      g_prefix_error (&error, "BatchGetItem on table %s: ", self->name);
      g_task_return_error (task, error);
      return;
    }
  batch_get_next (g_steal_pointer (&task));
}

/**
 * gaws_dynamodb_table_batch_get_item_finish:
 * @self: a table
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the result: every item read in
 *   gaws_dynamodb_result_get_items(), the consumed capacity of every call,
 *   and the output of the last call; %NULL on error
 */
GawsDynamodbResult *
gaws_dynamodb_table_batch_get_item_finish (GawsDynamodbTable *self, GAsyncResult *result, GError **error)
{
  return action_finish (self, result, gaws_dynamodb_table_batch_get_item_async, error);
}

/**
 * gaws_dynamodb_table_batch_get_item_sync:
 * @self: a table
 * @keys: the keys to read, an `aa{sv}`
 * @params: (nullable): other members, an `a{sv}`
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_dynamodb_table_batch_get_item_async(), blocking.
 *
 * Returns: (transfer full): the result, or %NULL on error
 */
GawsDynamodbResult *
gaws_dynamodb_table_batch_get_item_sync (GawsDynamodbTable  *self,
                                         GVariant           *keys,
                                         GVariant           *params,
                                         GCancellable       *cancellable,
                                         GError            **error)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_TABLE (self), NULL);
  RUN_SYNC (self, gaws_dynamodb_table_batch_get_item_async (self, keys, params, cancellable, SYNC_ARGS),
            gaws_dynamodb_table_batch_get_item_finish);
}
