/* gaws-error.c: the GAWS_ERROR domain and its extended error data
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-error.h"
#include "gaws-error-private.h"

#include <string.h>

/* Extended data carried by every GAWS_ERROR error, so that callers can match
 * service error codes without parsing messages (G_DEFINE_EXTENDED_ERROR). */
typedef struct {
  char             *code;
  char             *message;
  guint             http_status;
  char             *request_id;
  guint             retry_attempts;
  GawsShape        *shape;      /* the modelled exception, when there is one */
  GawsHttpResponse *response;   /* the error response, until the operation layer reads it */
} GawsErrorPrivate;

static void
gaws_error_private_init (GawsErrorPrivate *priv)
{
}

static void
gaws_error_private_copy (const GawsErrorPrivate *src,
                         GawsErrorPrivate       *dest)
{
  dest->code = g_strdup (src->code);
  dest->message = g_strdup (src->message);
  dest->http_status = src->http_status;
  dest->request_id = g_strdup (src->request_id);
  dest->retry_attempts = src->retry_attempts;
  dest->shape = src->shape ? g_object_ref (src->shape) : NULL;
  dest->response = src->response ? g_object_ref (src->response) : NULL;
}

static void
gaws_error_private_clear (GawsErrorPrivate *priv)
{
  g_clear_pointer (&priv->code, g_free);
  g_clear_pointer (&priv->message, g_free);
  g_clear_pointer (&priv->request_id, g_free);
  g_clear_object (&priv->shape);
  g_clear_object (&priv->response);
}

/**
 * gaws_error_quark:
 *
 * Returns: the #GQuark of the #GAWS_ERROR domain
 */
G_DEFINE_EXTENDED_ERROR (GawsError, gaws_error)

static GawsErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != GAWS_ERROR)
    return NULL;
  return gaws_error_get_private (error);
}

/**
 * gaws_error_get_code:
 * @error: a #GError
 *
 * The service error code. An error that lost its extended data on the way
 * still has it in its message, which reads like botocore's (`An error
 * occurred (Code) when calling ...`): PyGObject and other bindings rebuild
 * a #GError from its domain, code and message only, and
 * `Gaws.error_get_code(error)` reads the code from there.
 *
 * Returns: (nullable): the service error code (such as `NoSuchKey`) of a
 *   #GAWS_ERROR_SERVICE error, or %NULL
 */
const char *
gaws_error_get_code (const GError *error)
{
  GawsErrorPrivate *priv = get_private (error);
  g_autofree char *parsed = NULL;

  if (priv == NULL)
    return NULL;
  if (priv->code != NULL || error->code != GAWS_ERROR_SERVICE)
    return priv->code;
  /* interned: the error is const, and service codes are a small set */
  parsed = gaws_error_code_from_message (error->message);
  return parsed ? g_intern_string (parsed) : NULL;
}

/**
 * gaws_error_code_from_message:
 * @message: (nullable): the message of a service error
 *
 * Reads the service error code out of a message that starts the way
 * botocore's do, `An error occurred (Code)`, as every #GAWS_ERROR_SERVICE
 * error's message does.
 *
 * Returns: (transfer full) (nullable): the code, or %NULL when @message
 *   does not start that way
 */
char *
gaws_error_code_from_message (const char *message)
{
  static const char prefix[] = "An error occurred (";
  const char *start, *end;

  if (message == NULL || !g_str_has_prefix (message, prefix))
    return NULL;
  start = message + strlen (prefix);
  end = strchr (start, ')');
  if (end == NULL || end == start)
    return NULL;
  return g_strndup (start, end - start);
}

/**
 * gaws_error_get_message:
 * @error: a #GError
 *
 * Returns: (nullable): the message the service sent, without the operation
 *   context that #GError.message carries
 */
const char *
gaws_error_get_message (const GError *error)
{
  GawsErrorPrivate *priv = get_private (error);
  return priv ? priv->message : NULL;
}

/**
 * gaws_error_get_http_status:
 * @error: a #GError
 *
 * Returns: the HTTP status of the response that caused @error, or 0
 */
guint
gaws_error_get_http_status (const GError *error)
{
  GawsErrorPrivate *priv = get_private (error);
  return priv ? priv->http_status : 0;
}

/**
 * gaws_error_get_request_id:
 * @error: a #GError
 *
 * Returns: (nullable): the request id the service assigned, or %NULL
 */
const char *
gaws_error_get_request_id (const GError *error)
{
  GawsErrorPrivate *priv = get_private (error);
  return priv ? priv->request_id : NULL;
}

/**
 * gaws_error_get_retry_attempts:
 * @error: a #GError
 *
 * Returns: how many times the request was retried before it failed
 */
guint
gaws_error_get_retry_attempts (const GError *error)
{
  GawsErrorPrivate *priv = get_private (error);
  return priv ? priv->retry_attempts : 0;
}

/**
 * gaws_error_matches_code:
 * @error: (nullable): a #GError
 * @code: a service error code such as `ResourceNotFoundException`
 *
 * Returns: %TRUE if @error is a #GAWS_ERROR_SERVICE error with @code
 */
gboolean
gaws_error_matches_code (const GError *error,
                         const char   *code)
{
  const char *own = gaws_error_get_code (error);
  return own != NULL && code != NULL && g_str_equal (own, code);
}

/**
 * gaws_error_get_shape:
 * @error: (nullable): a #GError
 *
 * The modelled exception of a service error: an instance of the generated
 * class of the exception's structure (such as
 * `GawsDynamodbTransactionCanceledException`), with the members the error
 * response carried, such as `CancellationReasons`. Errors the model does not
 * describe, and errors that are not service errors, have none.
 *
 * A response without body has no code but its status: an S3 `HeadObject`
 * of a missing key fails with the code `404` and no exception, not with
 * `NoSuchKey`, exactly as in botocore (whose `NoSuchKey` class does not
 * catch it either).
 *
 * Returns: (transfer none) (nullable): the exception, or %NULL
 */
GawsShape *
gaws_error_get_shape (const GError *error)
{
  GawsErrorPrivate *priv = get_private (error);
  return priv ? priv->shape : NULL;
}

/**
 * gaws_error_get_shape_info:
 * @error: (nullable): a #GError
 *
 * Returns: (transfer none) (nullable): the descriptor of the exception of
 *   @error (see gaws_error_get_shape()), or %NULL
 */
const GawsShapeInfo *
gaws_error_get_shape_info (const GError *error)
{
  GawsShape *shape = gaws_error_get_shape (error);
  return shape ? gaws_shape_get_info (shape) : NULL;
}

/**
 * gaws_error_matches_type:
 * @error: (nullable): a #GError
 * @shape_type: the #GType of a generated exception class, such as
 *   `GAWS_DYNAMODB_TYPE_RESOURCE_NOT_FOUND_EXCEPTION`
 *
 * Matches a service error against a modelled exception without comparing
 * strings.
 *
 * Returns: %TRUE if the exception of @error is a @shape_type
 */
gboolean
gaws_error_matches_type (const GError *error,
                         GType         shape_type)
{
  GawsShape *shape = gaws_error_get_shape (error);
  return shape != NULL && g_type_is_a (G_OBJECT_TYPE (shape), shape_type);
}

/**
 * gaws_error_set_shape:
 * @error: a #GError in the #GAWS_ERROR domain
 * @shape: (nullable): the modelled exception of @error
 *
 * Attaches the exception that gaws_error_get_shape() returns; a copy of
 * @error shares it.
 */
void
gaws_error_set_shape (GError    *error,
                      GawsShape *shape)
{
  GawsErrorPrivate *priv = get_private (error);
  g_return_if_fail (priv != NULL);
  g_return_if_fail (shape == NULL || GAWS_IS_SHAPE (shape));
  g_set_object (&priv->shape, shape);
}

/* Kept so that the operation layer, which knows the operation and its
 * protocol, can read the modelled exception from the body later. */
void
gaws_error_set_response (GError           *error,
                         GawsHttpResponse *response)
{
  GawsErrorPrivate *priv = get_private (error);
  g_return_if_fail (priv != NULL);
  g_set_object (&priv->response, response);
}

GawsHttpResponse *
gaws_error_steal_response (GError *error)
{
  GawsErrorPrivate *priv = get_private (error);
  return priv ? g_steal_pointer (&priv->response) : NULL;
}

/**
 * gaws_error_set_details:
 * @error: a #GError in the #GAWS_ERROR domain
 * @code: (nullable): service error code
 * @message: (nullable): service message
 * @http_status: HTTP status, or 0
 * @request_id: (nullable): request id
 *
 * Fills in the extended data of @error.
 */
void
gaws_error_set_details (GError     *error,
                        const char *code,
                        const char *message,
                        guint       http_status,
                        const char *request_id)
{
  GawsErrorPrivate *priv = get_private (error);
  char *old_code, *old_message, *old_request_id;

  g_return_if_fail (priv != NULL);
  /* The new values may be the old ones (gaws_error_get_request_id()):
   * copy before freeing. */
  old_code = g_steal_pointer (&priv->code);
  old_message = g_steal_pointer (&priv->message);
  old_request_id = g_steal_pointer (&priv->request_id);
  priv->code = g_strdup (code);
  priv->message = g_strdup (message);
  priv->http_status = http_status;
  priv->request_id = g_strdup (request_id);
  g_free (old_code);
  g_free (old_message);
  g_free (old_request_id);
}

/**
 * gaws_error_new_service:
 * @code: service error code
 * @message: (nullable): service message
 * @http_status: HTTP status
 * @request_id: (nullable): request id
 *
 * Returns: (transfer full): a new #GAWS_ERROR_SERVICE error
 */
GError *
gaws_error_new_service (const char *code,
                        const char *message,
                        guint       http_status,
                        const char *request_id)
{
  GError *error = g_error_new (GAWS_ERROR, GAWS_ERROR_SERVICE,
                               "An error occurred (%s): %s",
                               code, message ? message : "");
  gaws_error_set_details (error, code, message, http_status, request_id);
  return error;
}

/**
 * gaws_error_set_retry_attempts:
 * @error: a #GError in the #GAWS_ERROR domain
 * @retry_attempts: number of retries made
 */
void
gaws_error_set_retry_attempts (GError *error,
                               guint   retry_attempts)
{
  GawsErrorPrivate *priv = get_private (error);
  g_return_if_fail (priv != NULL);
  priv->retry_attempts = retry_attempts;
}

/**
 * gaws_error_add_operation_context:
 * @error: a #GError
 * @operation: the operation name, such as `GetItem`
 * @retry_attempts: how many retries were made
 * @max_retries_reached: whether the retries were exhausted
 *
 * Rewrites the message of a service error the way botocore words it:
 * `An error occurred (Code) when calling the Op operation (reached max
 * retries: 4): message`. Other errors get the operation prepended.
 */
void
gaws_error_add_operation_context (GError     *error,
                                  const char *operation,
                                  guint       retry_attempts,
                                  gboolean    max_retries_reached)
{
  GawsErrorPrivate *priv = get_private (error);
  char *text;

  if (priv == NULL)
    {
      text = g_strdup_printf ("%s: %s", operation, error->message);
      g_free (error->message);
      error->message = text;
      return;
    }

  priv->retry_attempts = retry_attempts;
  if (error->code == GAWS_ERROR_SERVICE && priv->code != NULL)
    {
      g_autofree char *retries =
        max_retries_reached ? g_strdup_printf (" (reached max retries: %u)", retry_attempts)
                            : g_strdup ("");
      text = g_strdup_printf ("An error occurred (%s) when calling the %s operation%s: %s",
                              priv->code, operation, retries,
                              priv->message ? priv->message : "Unknown");
    }
  else
    text = g_strdup_printf ("Error when calling the %s operation: %s", operation, error->message);

  g_free (error->message);
  error->message = text;
}
