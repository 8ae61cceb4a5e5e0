/* gaws-dynamodb-batch-writer.c: boto3's batch_writer: puts and deletes
 * queued and sent with BatchWriteItem
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-dynamodb-batch-writer.h"
#include "gaws-dynamodb-table-private.h"
#include "gaws-dynamodb-value-private.h"
#include "gaws-error.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

/**
 * GawsDynamodbBatchWriter:
 *
 * boto3's `table.batch_writer()` (and aioboto3's async one): queues puts
 * and deletes of one table and sends them with `BatchWriteItem`,
 * @flush_amount at a time.
 *
 * |[<!-- language="C" -->
 * g_autoptr(GawsDynamodbBatchWriter) writer = gaws_dynamodb_table_batch_writer (table, 0, NULL);
 *
 * for (…)
 *   if (!gaws_dynamodb_batch_writer_put_item_sync (writer, item, NULL, &error))
 *     break;
 * if (error == NULL)
 *   gaws_dynamodb_batch_writer_close_sync (writer, NULL, &error);
 * if (error != NULL)
 *   unwritten = gaws_dynamodb_batch_writer_get_unwritten (writer);
 * ]|
 *
 * - put_item() and delete_item() take natural values (an `a{sv}`, see
 *   gaws_dynamodb_item_from_variant()). Their async form completes once the
 *   request is queued and, if the queue has reached @flush_amount, once a
 *   batch has been sent to make room: awaiting each keeps memory bounded
 *   (at most @flush_amount queued and one batch in flight).
 * - `UnprocessedItems` go back to the front of the queue and are sent
 *   again with the next batch; a batch that left some waits first, with
 *   exponential back-off (50 ms doubling up to 5 s by default, see
 *   gaws_dynamodb_batch_writer_set_backoff()), until every item is written. Throttling errors are retried by the client, as for any call.
 * - With @overwrite_by_pkeys, a queued request for the same key values is
 *   replaced by the newer one (the last wins), as in boto3.
 * - close() sends everything still queued, in as many rounds as it takes,
 *   with gaws_dynamodb_batch_writer_set_on_exit_loop_sleep() between
 *   rounds (aioboto3's `on_exit_loop_sleep`). Close the writer before
 *   dropping it: one finalized with requests queued warns.
 * - A call that fails (after the client's retries) stops the writer: the
 *   error reaches the pending and later calls, and
 *   gaws_dynamodb_batch_writer_get_unwritten() lists every request that was
 *   not written: the failed batch, the queue, and what later calls gave.
 *   None is dropped silently.
 * - Cancelling a call stops waiting for it, promptly, with
 *   %G_IO_ERROR_CANCELLED; what is queued stays queued, and a batch in
 *   flight completes.
 */

/* DynamoDB's limit of requests in one BatchWriteItem. */
#define MAX_BATCH 25

struct _GawsDynamodbBatchWriter {
  GObject            parent_instance;
  GawsDynamodbTable *table;
  guint              flush_amount;
  char             **pkeys;
  guint              on_exit_loop_sleep;   /* milliseconds */
  GQueue             queue;                /* json_t: {"PutRequest": {"Item": …}} or {"DeleteRequest": {"Key": …}} */
  json_t            *in_flight;            /* the batch being sent */
  gboolean           busy;                 /* a batch is in flight, or its back-off is under way */
  guint              round;                /* batches in a row that left items unprocessed */
  guint              backoff_base;         /* milliseconds */
  guint              backoff_max;
  guint              n_closing;            /* close calls waiting */
  GQueue             waiters;              /* GTask */
  GError            *error;                /* what stopped the writer */
  json_t            *unwritten;            /* requests not written, once stopped */
  guint64            n_written;
};

enum {
  PROP_0,
  PROP_TABLE,
  PROP_FLUSH_AMOUNT,
  PROP_OVERWRITE_BY_PKEYS,
  PROP_ON_EXIT_LOOP_SLEEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GawsDynamodbBatchWriter, gaws_dynamodb_batch_writer, G_TYPE_OBJECT)

static void
gaws_dynamodb_batch_writer_finalize (GObject *object)
{
  GawsDynamodbBatchWriter *self = GAWS_DYNAMODB_BATCH_WRITER (object);

  if (self->queue.length > 0)
    g_warning ("A DynamoDB batch writer of table %s was dropped with %u requests never sent: "
               "close it first", gaws_dynamodb_table_get_name (self->table), self->queue.length);
  g_queue_clear_full (&self->queue, (GDestroyNotify) json_decref);
  g_clear_object (&self->table);
  g_strfreev (self->pkeys);
  g_clear_error (&self->error);
  json_decref (self->unwritten);
  json_decref (self->in_flight);
  G_OBJECT_CLASS (gaws_dynamodb_batch_writer_parent_class)->finalize (object);
}

static void
gaws_dynamodb_batch_writer_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  GawsDynamodbBatchWriter *self = GAWS_DYNAMODB_BATCH_WRITER (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      g_value_set_object (value, self->table);
      break;
    case PROP_FLUSH_AMOUNT:
      g_value_set_uint (value, self->flush_amount);
      break;
    case PROP_OVERWRITE_BY_PKEYS:
      g_value_set_boxed (value, self->pkeys);
      break;
    case PROP_ON_EXIT_LOOP_SLEEP:
      g_value_set_uint (value, self->on_exit_loop_sleep);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_dynamodb_batch_writer_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  GawsDynamodbBatchWriter *self = GAWS_DYNAMODB_BATCH_WRITER (object);
  const char * const *pkeys;

  switch (prop_id)
    {
    case PROP_TABLE:
      self->table = g_value_dup_object (value);
      break;
    case PROP_FLUSH_AMOUNT:
      self->flush_amount = g_value_get_uint (value) == 0 ? MAX_BATCH : MIN (g_value_get_uint (value), MAX_BATCH);
      break;
    case PROP_OVERWRITE_BY_PKEYS:
      pkeys = g_value_get_boxed (value);
      self->pkeys = pkeys != NULL && pkeys[0] != NULL ? g_strdupv ((char **) pkeys) : NULL;
      break;
    case PROP_ON_EXIT_LOOP_SLEEP:
      self->on_exit_loop_sleep = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_dynamodb_batch_writer_class_init (GawsDynamodbBatchWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gaws_dynamodb_batch_writer_finalize;
  object_class->get_property = gaws_dynamodb_batch_writer_get_property;
  object_class->set_property = gaws_dynamodb_batch_writer_set_property;

  /**
   * GawsDynamodbBatchWriter:table:
   *
   * The table written to.
   */
  properties[PROP_TABLE] =
    g_param_spec_object ("table", NULL, NULL, GAWS_TYPE_DYNAMODB_TABLE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * GawsDynamodbBatchWriter:flush-amount:
   *
   * How many queued requests make a batch: 1 to 25 (DynamoDB's limit); 0
   * means 25, as boto3's default.
   */
  properties[PROP_FLUSH_AMOUNT] =
    g_param_spec_uint ("flush-amount", NULL, NULL, 0, G_MAXUINT, MAX_BATCH,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * GawsDynamodbBatchWriter:overwrite-by-pkeys:
   *
   * The key attribute names by which a newer request replaces a queued
   * one, or %NULL.
   */
  properties[PROP_OVERWRITE_BY_PKEYS] =
    g_param_spec_boxed ("overwrite-by-pkeys", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * GawsDynamodbBatchWriter:on-exit-loop-sleep:
   *
   * Milliseconds to pause between the flush rounds of close.
   */
  properties[PROP_ON_EXIT_LOOP_SLEEP] =
    g_param_spec_uint ("on-exit-loop-sleep", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gaws_dynamodb_batch_writer_init (GawsDynamodbBatchWriter *self)
{
  self->flush_amount = MAX_BATCH;
  self->backoff_base = 50;
  self->backoff_max = 5000;
  g_queue_init (&self->queue);
  g_queue_init (&self->waiters);
}

/**
 * gaws_dynamodb_table_batch_writer:
 * @table: a table
 * @flush_amount: requests per batch, 1 to 25; 0 for boto3's default, 25
 * @overwrite_by_pkeys: (array zero-terminated=1) (nullable): key attribute
 *   names, such as `{"pk", "sk", NULL}`: a request whose values of these
 *   equal those of a queued one replaces it
 *
 * Starts a batch writer for @table, as boto3's
 * `table.batch_writer(overwrite_by_pkeys=…)`. Nothing is sent until
 * @flush_amount requests are queued or the writer is closed.
 *
 * Returns: (transfer full): the writer
 */
GawsDynamodbBatchWriter *
gaws_dynamodb_table_batch_writer (GawsDynamodbTable  *table,
                                  guint               flush_amount,
                                  const char * const *overwrite_by_pkeys)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_TABLE (table), NULL);

  return g_object_new (GAWS_TYPE_DYNAMODB_BATCH_WRITER, "table", table, "flush-amount", flush_amount,
                       "overwrite-by-pkeys", overwrite_by_pkeys, NULL);
}

/**
 * gaws_dynamodb_batch_writer_get_table:
 * @self: a writer
 *
 * Returns: (transfer none): its table
 */
GawsDynamodbTable *
gaws_dynamodb_batch_writer_get_table (GawsDynamodbBatchWriter *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_BATCH_WRITER (self), NULL);
  return self->table;
}

/**
 * gaws_dynamodb_batch_writer_get_flush_amount:
 * @self: a writer
 *
 * Returns: requests per batch
 */
guint
gaws_dynamodb_batch_writer_get_flush_amount (GawsDynamodbBatchWriter *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_BATCH_WRITER (self), 0);
  return self->flush_amount;
}

/**
 * gaws_dynamodb_batch_writer_get_on_exit_loop_sleep:
 * @self: a writer
 *
 * Returns: the pause between the flush rounds of close, in milliseconds
 */
guint
gaws_dynamodb_batch_writer_get_on_exit_loop_sleep (GawsDynamodbBatchWriter *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_BATCH_WRITER (self), 0);
  return self->on_exit_loop_sleep;
}

/**
 * gaws_dynamodb_batch_writer_set_on_exit_loop_sleep:
 * @self: a writer
 * @milliseconds: the pause between the flush rounds of close; 0 (the
 *   default) for none
 *
 * aioboto3's `batch_writer(on_exit_loop_sleep=…)`, which takes seconds.
 */
void
gaws_dynamodb_batch_writer_set_on_exit_loop_sleep (GawsDynamodbBatchWriter *self, guint milliseconds)
{
  g_return_if_fail (GAWS_IS_DYNAMODB_BATCH_WRITER (self));
  if (self->on_exit_loop_sleep == milliseconds)
    return;
  self->on_exit_loop_sleep = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_EXIT_LOOP_SLEEP]);
}

/**
 * gaws_dynamodb_batch_writer_set_backoff:
 * @self: a writer
 * @base_ms: the pause after a first batch that left items unprocessed;
 *   50 by default
 * @max_ms: the longest pause, however many such batches come in a row;
 *   5000 by default
 *
 * Tunes the exponential back-off before a batch that follows one with
 * unprocessed items. A fully processed batch starts it again from
 * @base_ms.
 */
void
gaws_dynamodb_batch_writer_set_backoff (GawsDynamodbBatchWriter *self, guint base_ms, guint max_ms)
{
  g_return_if_fail (GAWS_IS_DYNAMODB_BATCH_WRITER (self));
  self->backoff_base = base_ms;
  self->backoff_max = MAX (max_ms, base_ms);
}

/**
 * gaws_dynamodb_batch_writer_get_n_queued:
 * @self: a writer
 *
 * Returns: how many requests wait to be sent, not counting a batch in
 *   flight
 */
guint
gaws_dynamodb_batch_writer_get_n_queued (GawsDynamodbBatchWriter *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_BATCH_WRITER (self), 0);
  return self->queue.length;
}

/**
 * gaws_dynamodb_batch_writer_get_n_written:
 * @self: a writer
 *
 * Returns: how many requests DynamoDB has accepted so far (unprocessed
 *   ones count once, when finally accepted)
 */
guint64
gaws_dynamodb_batch_writer_get_n_written (GawsDynamodbBatchWriter *self)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_BATCH_WRITER (self), 0);
  return self->n_written;
}

/* ---- waiting callers ---- */

typedef struct {
  gboolean  close;
  GSource  *cancel;
} Waiter;

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancel != NULL)
    {
      g_source_destroy (waiter->cancel);
      g_source_unref (waiter->cancel);
    }
  g_free (waiter);
}

/* Off the list, and deaf to its cancellable: it is about to complete. */
static void
waiter_remove (GawsDynamodbBatchWriter *self, GTask *task)
{
  Waiter *waiter = g_task_get_task_data (task);

  g_queue_remove (&self->waiters, task);
  if (waiter->close)
    self->n_closing--;
  if (waiter->cancel != NULL)
    {
      g_source_destroy (waiter->cancel);
      g_clear_pointer (&waiter->cancel, g_source_unref);
    }
}

static gboolean
waiter_cancelled (GCancellable *cancellable, gpointer user_data)
{
  GTask *task = user_data;

  waiter_remove (g_task_get_source_object (task), task);
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);   /* the queue's */
  return G_SOURCE_REMOVE;
}

/* The queue holds @task until it completes. */
static void
waiter_add (GawsDynamodbBatchWriter *self, GTask *task, gboolean close)
{
  Waiter *waiter = g_new0 (Waiter, 1);
  GCancellable *cancellable = g_task_get_cancellable (task);

  waiter->close = close;
  g_task_set_task_data (task, waiter, (GDestroyNotify) waiter_free);
  if (cancellable != NULL)
    {
      waiter->cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel, G_SOURCE_FUNC (waiter_cancelled), task, NULL);
      g_source_attach (waiter->cancel, g_task_get_context (task));
    }
  if (close)
    self->n_closing++;
  g_queue_push_tail (&self->waiters, g_object_ref (task));
}

static void
waiter_complete (GawsDynamodbBatchWriter *self, GTask *task)
{
  if (self->error != NULL)
    g_task_return_error (task, g_error_copy (self->error));
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* A put or delete may go on once the queue has room again; a close once
 * everything is written. */
static gboolean
waiter_ready (GawsDynamodbBatchWriter *self, GTask *task)
{
  Waiter *waiter = g_task_get_task_data (task);

  if (self->error != NULL)
    return TRUE;
  if (waiter->close)
    return !self->busy && self->queue.length == 0;
  return self->queue.length < self->flush_amount;
}

/* ---- sending ---- */

static void start_flush (GawsDynamodbBatchWriter *self);

/* Sends a batch when one is due and wakes the callers that may go on.
 * They are taken off the list before any is told: a callback may queue
 * more, and pump again. */
static void
pump (GawsDynamodbBatchWriter *self)
{
  GQueue ready = G_QUEUE_INIT;
  GList *l = self->waiters.head;
  GTask *task;

  if (self->error == NULL && !self->busy &&
      (self->queue.length >= self->flush_amount || (self->n_closing > 0 && self->queue.length > 0)))
    start_flush (self);
  while (l != NULL)
    {
      task = l->data;
      l = l->next;
      if (waiter_ready (self, task))
        {
          waiter_remove (self, task);
          g_queue_push_tail (&ready, task);
        }
    }
  g_object_ref (self);
  while ((task = g_queue_pop_head (&ready)) != NULL)
    waiter_complete (self, task);
  g_object_unref (self);
}

static void
stop (GawsDynamodbBatchWriter *self, GError *error)
{
  json_t *request;

  self->unwritten = self->in_flight != NULL ? self->in_flight : json_array ();
  self->in_flight = NULL;
  while ((request = g_queue_pop_head (&self->queue)) != NULL)
    json_array_append_new (self->unwritten, request);
  g_prefix_error (&error, "The batch writer of table %s stopped with %zu requests unwritten: ",
                  gaws_dynamodb_table_get_name (self->table), json_array_size (self->unwritten));
  self->error = error;
}

static void
flush_slept (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GawsDynamodbBatchWriter) self = user_data;

  gaws_dynamodb_sleep_finish (result, NULL);
  self->busy = FALSE;
  pump (self);
}

/* Unprocessed requests go back to the front, so that they are sent before
 * anything queued after them. */
static guint
requeue_unprocessed (GawsDynamodbBatchWriter *self, json_t *output)
{
  const char *name = gaws_dynamodb_table_get_name (self->table);
  json_t *unprocessed = json_object_get (json_object_get (output, "UnprocessedItems"), name);
  size_t n = json_array_size (unprocessed);

  for (size_t i = n; i > 0; i--)
    g_queue_push_head (&self->queue, json_incref (json_array_get (unprocessed, i - 1)));
  return n;
}

static guint
next_pause (GawsDynamodbBatchWriter *self, guint n_unprocessed)
{
  guint pause = 0;

  self->round = n_unprocessed > 0 ? self->round + 1 : 0;
  if (self->round > 0)
    pause = gaws_dynamodb_backoff_delay_ms (self->round, self->backoff_base, self->backoff_max);
  if (self->n_closing > 0)
    pause = MAX (pause, self->on_exit_loop_sleep);
  return self->queue.length > 0 ? pause : 0;
}

static void
flush_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GawsDynamodbBatchWriter) self = user_data;
  GError *error = NULL;
  g_autoptr(json_t) output = gaws_dynamodb_table_invoke_finish (GAWS_DYNAMODB_TABLE (source), result, NULL,
                                                                 &error);
  guint n_unprocessed;
  guint pause;

  if (output == NULL)
    {
      stop (self, error);
      self->busy = FALSE;
      pump (self);
      return;
    }
  n_unprocessed = requeue_unprocessed (self, output);
  self->n_written += json_array_size (self->in_flight) - MIN (n_unprocessed, json_array_size (self->in_flight));
  g_clear_pointer (&self->in_flight, json_decref);
  pause = next_pause (self, n_unprocessed);
  if (pause > 0)
    {
      /* still busy: no batch starts before the pause is over */
      gaws_dynamodb_sleep_async (pause, NULL, flush_slept, g_object_ref (self));
      pump (self);
      return;
    }
  self->busy = FALSE;
  pump (self);
}

static void
start_flush (GawsDynamodbBatchWriter *self)
{
  g_autoptr(json_t) input = NULL;
  json_t *batch = json_array ();

  while (json_array_size (batch) < self->flush_amount && self->queue.length > 0)
    json_array_append_new (batch, g_queue_pop_head (&self->queue));
  self->busy = TRUE;
  self->in_flight = batch;
  input = json_pack ("{s:{s:O}}", "RequestItems", gaws_dynamodb_table_get_name (self->table), batch);
  /* no cancellable: a batch, once sent, is seen through */
  gaws_dynamodb_table_invoke_async (self->table, "BatchWriteItem", input, NULL, flush_done, g_object_ref (self));
}

/* ---- queueing ---- */

static json_t *
key_values (GawsDynamodbBatchWriter *self, json_t *request, GError **error)
{
  json_t *put = json_object_get (request, "PutRequest");
  json_t *attributes = put ? json_object_get (put, "Item")
                           : json_object_get (json_object_get (request, "DeleteRequest"), "Key");
  json_t *values = json_array ();

  for (guint i = 0; self->pkeys[i] != NULL; i++)
    {
      json_t *value = json_object_get (attributes, self->pkeys[i]);

      if (value == NULL)
        {
          g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                       "The %s has no attribute %s, which overwrite_by_pkeys names",
                       put ? "item" : "key", self->pkeys[i]);
          json_decref (values);
          return NULL;
        }
      json_array_append (values, value);
    }
  return values;
}

/* boto3's _remove_dup_pkeys_request_if_any: queued requests for the same
 * key values go, the new one is queued after the rest. */
static gboolean
remove_duplicates (GawsDynamodbBatchWriter *self, json_t *request, GError **error)
{
  g_autoptr(json_t) values = NULL;
  GList *l;

  if (self->pkeys == NULL)
    return TRUE;
  values = key_values (self, request, error);
  if (values == NULL)
    return FALSE;
  l = self->queue.head;
  while (l != NULL)
    {
      GList *next = l->next;
      g_autoptr(json_t) queued = key_values (self, l->data, NULL);

      if (queued != NULL && json_equal (queued, values))
        {
          json_decref (l->data);
          g_queue_delete_link (&self->queue, l);
        }
      l = next;
    }
  return TRUE;
}

static json_t *
new_request (const char *kind, const char *member, GVariant *value, GError **error)
{
  GError *local_error = NULL;
  json_t *json;

  if (value == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT, "A %s needs its %s", kind, member);
      return NULL;
    }
  json = gaws_dynamodb_item_json_from_variant (value, &local_error);
  if (json == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT, "%s %s: %s", kind, member,
                   local_error->message);
      g_error_free (local_error);
      return NULL;
    }
  return json_pack ("{s:{s:o}}", kind, member, json);
}

static void
enqueue (GawsDynamodbBatchWriter *self,
         const char              *kind,
         const char              *member,
         GVariant                *value,
         gpointer                 source_tag,
         GCancellable            *cancellable,
         GAsyncReadyCallback      callback,
         gpointer                 user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(json_t) request = NULL;
  GError *error = NULL;

  (g_task_set_source_tag) (task, source_tag);   /* the function: see gaws-paginator.c */
  if (value != NULL)
    g_variant_ref_sink (value);
  request = new_request (kind, member, value, &error);
  g_clear_pointer (&value, g_variant_unref);
  if (request == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  if (self->error != NULL)
    {
      /* not written either: listed with the rest */
      json_array_append (self->unwritten, request);
      g_task_return_error (task, g_error_copy (self->error));
      return;
    }
  if (!remove_duplicates (self, request, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_queue_push_tail (&self->queue, g_steal_pointer (&request));
  waiter_add (self, task, FALSE);
  pump (self);
}

static gboolean
writer_finish (GawsDynamodbBatchWriter *self, GAsyncResult *result, gpointer source_tag, GError **error)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_BATCH_WRITER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

#define RUN_SYNC(self, start_call, finish)                                              \
  G_STMT_START {                                                                        \
    GawsDynamodbSync sync_;                                                             \
    g_autoptr(GAsyncResult) result_ = NULL;                                             \
    gaws_dynamodb_sync_begin (&sync_, gaws_dynamodb_table_get_context ((self)->table)); \
    start_call;                                                                         \
    result_ = gaws_dynamodb_sync_wait (&sync_);                                         \
    return finish (self, result_, error);                                               \
  } G_STMT_END
#define SYNC_ARGS gaws_dynamodb_sync_done, &sync_

/**
 * gaws_dynamodb_batch_writer_put_item_async:
 * @self: a writer
 * @item: the item, an `a{sv}`; if floating, it is sunk
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the item is queued and there is room for more
 * @user_data: for @callback
 *
 * Queues a put, as boto3's `batch.put_item(Item=…)`. When the queue
 * reaches the flush amount, a batch is sent, and the call completes when
 * it is.
 */
void
gaws_dynamodb_batch_writer_put_item_async (GawsDynamodbBatchWriter *self,
                                           GVariant                *item,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data)
{
  g_return_if_fail (GAWS_IS_DYNAMODB_BATCH_WRITER (self));
  enqueue (self, "PutRequest", "Item", item, gaws_dynamodb_batch_writer_put_item_async, cancellable, callback,
           user_data);
}

/**
 * gaws_dynamodb_batch_writer_put_item_finish:
 * @self: a writer
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the item is queued (not yet necessarily written);
 *   %FALSE with a %GAWS_ERROR_INVALID_ARGUMENT error for an invalid item,
 *   or the error that stopped the writer
 */
gboolean
gaws_dynamodb_batch_writer_put_item_finish (GawsDynamodbBatchWriter *self, GAsyncResult *result, GError **error)
{
  return writer_finish (self, result, gaws_dynamodb_batch_writer_put_item_async, error);
}

/**
 * gaws_dynamodb_batch_writer_put_item_sync:
 * @self: a writer
 * @item: the item, an `a{sv}`
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_dynamodb_batch_writer_put_item_async(), blocking: it runs the main
 * context the table was made in until done.
 *
 * Returns: %TRUE once the item is queued
 */
gboolean
gaws_dynamodb_batch_writer_put_item_sync (GawsDynamodbBatchWriter  *self,
                                          GVariant                 *item,
                                          GCancellable             *cancellable,
                                          GError                  **error)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_BATCH_WRITER (self), FALSE);
  RUN_SYNC (self, gaws_dynamodb_batch_writer_put_item_async (self, item, cancellable, SYNC_ARGS),
            gaws_dynamodb_batch_writer_put_item_finish);
}

/**
 * gaws_dynamodb_batch_writer_delete_item_async:
 * @self: a writer
 * @key: the key, an `a{sv}`; if floating, it is sunk
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the delete is queued and there is room for more
 * @user_data: for @callback
 *
 * Queues a delete, as boto3's `batch.delete_item(Key=…)`.
 */
void
gaws_dynamodb_batch_writer_delete_item_async (GawsDynamodbBatchWriter *self,
                                              GVariant                *key,
                                              GCancellable            *cancellable,
                                              GAsyncReadyCallback      callback,
                                              gpointer                 user_data)
{
  g_return_if_fail (GAWS_IS_DYNAMODB_BATCH_WRITER (self));
  enqueue (self, "DeleteRequest", "Key", key, gaws_dynamodb_batch_writer_delete_item_async, cancellable,
           callback, user_data);
}

/**
 * gaws_dynamodb_batch_writer_delete_item_finish:
 * @self: a writer
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the delete is queued
 */
gboolean
gaws_dynamodb_batch_writer_delete_item_finish (GawsDynamodbBatchWriter *self, GAsyncResult *result,
                                               GError **error)
{
  return writer_finish (self, result, gaws_dynamodb_batch_writer_delete_item_async, error);
}

/**
 * gaws_dynamodb_batch_writer_delete_item_sync:
 * @self: a writer
 * @key: the key, an `a{sv}`
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_dynamodb_batch_writer_delete_item_async(), blocking.
 *
 * Returns: %TRUE once the delete is queued
 */
gboolean
gaws_dynamodb_batch_writer_delete_item_sync (GawsDynamodbBatchWriter  *self,
                                             GVariant                 *key,
                                             GCancellable             *cancellable,
                                             GError                  **error)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_BATCH_WRITER (self), FALSE);
  RUN_SYNC (self, gaws_dynamodb_batch_writer_delete_item_async (self, key, cancellable, SYNC_ARGS),
            gaws_dynamodb_batch_writer_delete_item_finish);
}

/**
 * gaws_dynamodb_batch_writer_close_async:
 * @self: a writer
 * @cancellable: (nullable): a #GCancellable: stops waiting, not writing
 * @callback: called once everything queued is written
 * @user_data: for @callback
 *
 * Sends everything still queued, as leaving boto3's `with` block: in
 * rounds of a batch each, with the on-exit-loop sleep between them, until
 * every request, unprocessed ones included, is written. The writer can be
 * used again afterwards.
 */
void
gaws_dynamodb_batch_writer_close_async (GawsDynamodbBatchWriter *self,
                                        GCancellable            *cancellable,
                                        GAsyncReadyCallback      callback,
                                        gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GAWS_IS_DYNAMODB_BATCH_WRITER (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_dynamodb_batch_writer_close_async);
  if (g_task_return_error_if_cancelled (task))
    return;
  waiter_add (self, task, TRUE);
  pump (self);
}

/**
 * gaws_dynamodb_batch_writer_close_finish:
 * @self: a writer
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE when every request was written; %FALSE with the error
 *   that stopped the writer (see gaws_dynamodb_batch_writer_get_unwritten())
 *   or %G_IO_ERROR_CANCELLED
 */
gboolean
gaws_dynamodb_batch_writer_close_finish (GawsDynamodbBatchWriter *self, GAsyncResult *result, GError **error)
{
  return writer_finish (self, result, gaws_dynamodb_batch_writer_close_async, error);
}

/**
 * gaws_dynamodb_batch_writer_close_sync:
 * @self: a writer
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_dynamodb_batch_writer_close_async(), blocking.
 *
 * Returns: %TRUE when every request was written
 */
gboolean
gaws_dynamodb_batch_writer_close_sync (GawsDynamodbBatchWriter  *self,
                                       GCancellable             *cancellable,
                                       GError                  **error)
{
  g_return_val_if_fail (GAWS_IS_DYNAMODB_BATCH_WRITER (self), FALSE);
  RUN_SYNC (self, gaws_dynamodb_batch_writer_close_async (self, cancellable, SYNC_ARGS),
            gaws_dynamodb_batch_writer_close_finish);
}

/**
 * gaws_dynamodb_batch_writer_get_unwritten:
 * @self: a writer
 *
 * The requests that were not written when the writer stopped on an error:
 * the batch that failed, everything queued, and what put and delete calls
 * gave after, in order. Only requests refused as invalid are not listed
 * (their calls said so). A request of the
 * failed batch may have reached the table if the connection broke after
 * it was sent.
 *
 * Returns: (transfer full) (nullable): an `a(sa{sv})` of
 *   `("PutRequest", item)` and `("DeleteRequest", key)`, or %NULL while
 *   the writer has not failed
 */
GVariant *
gaws_dynamodb_batch_writer_get_unwritten (GawsDynamodbBatchWriter *self)
{
  GVariantBuilder builder;
  size_t i;
  json_t *request;

  g_return_val_if_fail (GAWS_IS_DYNAMODB_BATCH_WRITER (self), NULL);
  if (self->unwritten == NULL)
    return NULL;
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sa{sv})"));
  json_array_foreach (self->unwritten, i, request)
    {
      json_t *put = json_object_get (request, "PutRequest");
      json_t *attributes = put ? json_object_get (put, "Item")
                               : json_object_get (json_object_get (request, "DeleteRequest"), "Key");
      /* what was queued was checked on the way in, and what DynamoDB
       * handed back as unprocessed is what was sent */
      GVariant *value = gaws_dynamodb_item_json_to_variant (attributes, GAWS_DYNAMODB_VALUE_DEFAULT, NULL);

      if (value == NULL)
        value = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));
      g_variant_builder_add (&builder, "(s@a{sv})", put ? "PutRequest" : "DeleteRequest", value);
      g_variant_unref (value);
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}
