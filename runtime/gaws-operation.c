/* gaws-operation.c: calling one operation of a service through the tables
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-operation.h"

#include "gaws-error.h"
#include "gaws-protocol-codec.h"
#include "gaws-protocol-util.h"
#include "gaws-sigv4-signer.h"

/* Every generated `_async` comes here: validate, serialize with the
 * service's protocol, send through the client (which resolves the
 * endpoint, signs, retries and turns error statuses into GErrors), then
 * deserialize. */

typedef struct {
  const GawsOperationInfo *op;
  GawsRequestOptions       options;
  char                    *host_prefix;   /* options.host_prefix points here */
} InvokeData;

static void
invoke_data_free (InvokeData *data)
{
  g_free (data->host_prefix);
  g_free (data);
}

static const GawsProtocolCodec *
codec_or_error (const GawsOperationInfo  *op,
                GError                  **error)
{
  const GawsProtocolCodec *codec = gaws_protocol_codec_for_service (op->service);

  if (codec == NULL)
    g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                 "The runtime speaks none of the protocols of %s (first: %s)",
                 op->service->name, op->service->protocols[0]);
  return codec;
}

/* Tokens are filled in a copy: the caller's object must not change under it,
 * and a retried call must reuse the token the first attempt sent. */
static GawsShape *
input_with_tokens (GawsShape *input)
{
  const GawsShapeInfo *info = gaws_shape_get_info (input);
  GawsShape *copy = NULL;

  for (guint i = 0; i < info->n_members; i++)
    {
      g_autofree char *token = NULL;

      if (!(info->members[i].flags & GAWS_MEMBER_FLAG_IDEMPOTENCY_TOKEN) ||
          gaws_shape_is_set (input, i))
        continue;
      if (copy == NULL)
        copy = gaws_shape_copy (input);
      token = gaws_protocol_new_uuid ();
      gaws_shape_set_string (copy, i, token);
    }
  return copy ? copy : g_object_ref (input);
}

/**
 * gaws_operation_prepare_request:
 * @op: a #GawsOperationInfo
 * @input: (nullable): the operation's input, or %NULL when it has none
 * @error: return location for a #GError
 *
 * Everything before I/O: checks @input against the model, fills in
 * idempotency tokens and serializes with the service's protocol.
 *
 * Returns: (transfer full) (nullable): the request, its host left for the
 *   client to fill in; %NULL with a %GAWS_ERROR_INVALID_ARGUMENT error
 *   naming the member path when @input is not valid
 */
GawsHttpRequest *
gaws_operation_prepare_request (const GawsOperationInfo  *op,
                                GawsShape                *input,
                                GError                  **error)
{
  const GawsProtocolCodec *codec = codec_or_error (op, error);
  g_autoptr(GawsShape) filled = NULL;

  if (codec == NULL)
    return NULL;
  if (op->input != NULL && input == NULL)
    input = filled = gaws_shape_new (op->input);
  else if (input != NULL)
    {
      g_return_val_if_fail (op->input != NULL && gaws_shape_get_info (input) == op->input, NULL);
      filled = input_with_tokens (input);
    }
  if (filled != NULL && !gaws_shape_validate (filled, error))
    return NULL;
  return codec->serialize (op, filled, error);
}

static gboolean
has_streaming_output (const GawsOperationInfo *op)
{
  const GawsShapeInfo *output = op->output;

  return output != NULL && output->payload >= 0 &&
         gaws_member_info_is_streaming (&output->members[output->payload]);
}

static void
fill_options (const GawsOperationInfo *op,
              GawsRequestOptions      *options)
{
  options->operation_name = op->name;
  options->body_mode = has_streaming_output (op) ? GAWS_HTTP_BODY_STREAMED : GAWS_HTTP_BODY_BUFFERED;
  options->signing_flags = (op->flags & GAWS_OPERATION_FLAG_UNSIGNED_PAYLOAD) ? GAWS_SIGV4_UNSIGNED_PAYLOAD : 0;
}

/* The operation's hostPrefix with its labels filled in from @input. */
static gboolean
expand_host_prefix (const GawsOperationInfo  *op,
                    GawsShape                *input,
                    char                    **prefix,
                    GError                  **error)
{
  GError *local_error = NULL;

  *prefix = gaws_protocol_expand_host_prefix (op, input, &local_error);
  if (local_error == NULL)
    return TRUE;
  g_propagate_error (error, local_error);
  return FALSE;
}

static GawsShape *
read_response (const GawsOperationInfo  *op,
               GawsHttpResponse         *response,
               GError                  **error)
{
  const GawsProtocolCodec *codec = codec_or_error (op, error);

  if (codec == NULL)
    return NULL;
  /* An operation without output has nothing to read: success is all. */
  if (op->output == NULL)
    return NULL;
  return codec->deserialize (op, response, error);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  InvokeData *data = g_task_get_task_data (task);
  g_autoptr(GawsHttpResponse) response = NULL;
  GError *error = NULL;
  GawsShape *output;

  response = gaws_client_send_finish (GAWS_CLIENT (source), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  output = read_response (data->op, response, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, output, output ? g_object_unref : NULL);
}

/**
 * gaws_operation_invoke_async:
 * @client: the service's #GawsClient
 * @op: the #GawsOperationInfo to call
 * @input: (nullable): its input, or %NULL when it has none
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the call completes
 * @user_data: data for @callback
 *
 * Calls @op. An invalid @input fails before any I/O.
 */
void
gaws_operation_invoke_async (GawsClient              *client,
                             const GawsOperationInfo *op,
                             GawsShape               *input,
                             GCancellable            *cancellable,
                             GAsyncReadyCallback      callback,
                             gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GawsHttpRequest) request = NULL;
  InvokeData *data;
  GError *error = NULL;

  g_return_if_fail (GAWS_IS_CLIENT (client));
  g_return_if_fail (op != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_operation_invoke_async);
  g_task_set_name (task, op->name);
  data = g_new0 (InvokeData, 1);
  data->op = op;
  fill_options (op, &data->options);
  g_task_set_task_data (task, data, (GDestroyNotify) invoke_data_free);

  request = gaws_operation_prepare_request (op, input, &error);
  if (request == NULL || !expand_host_prefix (op, input, &data->host_prefix, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  data->options.host_prefix = data->host_prefix;
  gaws_client_send_async (client, request, &data->options, cancellable, on_sent, g_steal_pointer (&task));
}

/**
 * gaws_operation_invoke_finish:
 * @client: the #GawsClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the output, or %NULL on error and
 *   for operations that have no output (then @error tells them apart)
 */
GawsShape *
gaws_operation_invoke_finish (GawsClient    *client,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gaws_operation_invoke_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gaws_operation_invoke_sync:
 * @client: the service's #GawsClient
 * @op: the #GawsOperationInfo to call
 * @input: (nullable): its input, or %NULL when it has none
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Calls @op, blocking the calling thread.
 *
 * Returns: (transfer full) (nullable): the output, or %NULL on error and
 *   for operations that have no output (then @error tells them apart)
 */
GawsShape *
gaws_operation_invoke_sync (GawsClient               *client,
                            const GawsOperationInfo  *op,
                            GawsShape                *input,
                            GCancellable             *cancellable,
                            GError                  **error)
{
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autofree char *host_prefix = NULL;
  GawsRequestOptions options;

  g_return_val_if_fail (GAWS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (op != NULL, NULL);

  fill_options (op, &options);
  request = gaws_operation_prepare_request (op, input, error);
  if (request == NULL || !expand_host_prefix (op, input, &host_prefix, error))
    return NULL;
  options.host_prefix = host_prefix;
  response = gaws_client_send_sync (client, request, &options, cancellable, error);
  if (response == NULL)
    return NULL;
  return read_response (op, response, error);
}

/**
 * gaws_operation_invoke_finish_no_output:
 * @client: the #GawsClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * gaws_operation_invoke_finish() for an operation that has no output.
 *
 * Returns: %TRUE on success
 */
gboolean
gaws_operation_invoke_finish_no_output (GawsClient    *client,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  GError *local_error = NULL;
  g_autoptr(GawsShape) output = gaws_operation_invoke_finish (client, result, &local_error);

  if (local_error == NULL)
    return TRUE;
  g_propagate_error (error, local_error);
  return FALSE;
}

/**
 * gaws_operation_invoke_sync_no_output:
 * @client: the service's #GawsClient
 * @op: the #GawsOperationInfo to call, which has no output
 * @input: (nullable): its input, or %NULL when it has none
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_operation_invoke_sync() for an operation that has no output.
 *
 * Returns: %TRUE on success
 */
gboolean
gaws_operation_invoke_sync_no_output (GawsClient               *client,
                                      const GawsOperationInfo  *op,
                                      GawsShape                *input,
                                      GCancellable             *cancellable,
                                      GError                  **error)
{
  GError *local_error = NULL;
  g_autoptr(GawsShape) output = gaws_operation_invoke_sync (client, op, input, cancellable, &local_error);

  if (local_error == NULL)
    return TRUE;
  g_propagate_error (error, local_error);
  return FALSE;
}
