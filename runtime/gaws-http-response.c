/* gaws-http-response.c: an HTTP response as the engine received it
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-http-response-private.h"
#include "gaws-http-headers-private.h"
#include "gaws-object-private.h"
#include "gaws-scratch-private.h"

/**
 * GawsHttpResponse:
 *
 * The status, headers and body of one HTTP response. The body is either
 * buffered (#GBytes) or a #GInputStream that the engine feeds as data
 * arrives, paced by the reader.
 */
struct _GawsHttpResponse {
  GObject          parent_instance;
  guint            status;
  GawsHttpHeaders *headers;
  GBytes          *body;
  GInputStream    *body_stream;
  guint            retry_attempts;
  gboolean         recyclable;      /* gaws_http_response_set_recyclable() */
};

G_DEFINE_FINAL_TYPE (GawsHttpResponse, gaws_http_response, G_TYPE_OBJECT)

static void
gaws_http_response_finalize (GObject *object)
{
  GawsHttpResponse *self = GAWS_HTTP_RESPONSE (object);

  gaws_http_headers_unref (self->headers);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_object (&self->body_stream);
  G_OBJECT_CLASS (gaws_http_response_parent_class)->finalize (object);
}

/* see gaws_object_dispose_unless_last() */
static void
gaws_http_response_dispose (GObject *object)
{
  gaws_object_dispose_unless_last (object, gaws_http_response_parent_class);
}

static void
gaws_http_response_class_init (GawsHttpResponseClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gaws_http_response_dispose;
  G_OBJECT_CLASS (klass)->finalize = gaws_http_response_finalize;
}

static void
gaws_http_response_init (GawsHttpResponse *self)
{
  self->headers = gaws_http_headers_new ();
}

/* Responses the runtime dropped last, reset, kept per thread for the next
 * gaws_http_response_new(), as requests are (gaws-http-request.c). */
static GPrivate spare_responses = GAWS_SPARE_OBJECT_INIT;

/**
 * gaws_http_response_new:
 * @status: HTTP status code
 *
 * Returns: (transfer full): a response with no headers and no body
 */
GawsHttpResponse *
gaws_http_response_new (guint status)
{
  GawsHttpResponse *self = gaws_spare_block_take (&spare_responses);

  if (self == NULL)
    self = g_object_new (GAWS_TYPE_HTTP_RESPONSE, NULL);
  self->status = status;
  return self;
}

void
gaws_http_response_set_recyclable (GawsHttpResponse *response)
{
  g_return_if_fail (GAWS_IS_HTTP_RESPONSE (response));
  response->recyclable = TRUE;
}

/* Back to what gaws_http_response_new() makes, but for the status. An
 * output's metadata may still hold the headers: then they are its own. */
static void
reset (gpointer response)
{
  GawsHttpResponse *self = response;

  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_object (&self->body_stream);
  self->headers = gaws_http_headers_recycle (self->headers);
  self->status = 0;
  self->retry_attempts = 0;
  self->recyclable = FALSE;
}

void
gaws_http_response_release (GawsHttpResponse *response)
{
  if (response == NULL)
    return;
  /* as gaws_http_request_release() */
  if (!response->recyclable || !gaws_spare_object_recycle (&spare_responses, response, reset))
    g_object_unref (response);
}

/**
 * gaws_http_response_get_status:
 * @self: a #GawsHttpResponse
 *
 * Returns: the HTTP status code
 */
guint
gaws_http_response_get_status (GawsHttpResponse *self)
{
  return self->status;
}

/**
 * gaws_http_response_set_status:
 * @self: a #GawsHttpResponse
 * @status: HTTP status code
 */
void
gaws_http_response_set_status (GawsHttpResponse *self, guint status)
{
  self->status = status;
}

/**
 * gaws_http_response_is_success:
 * @self: a #GawsHttpResponse
 *
 * Returns: %TRUE for a 2xx status
 */
gboolean
gaws_http_response_is_success (GawsHttpResponse *self)
{
  return self->status >= 200 && self->status < 300;
}

/**
 * gaws_http_response_get_headers:
 * @self: a #GawsHttpResponse
 *
 * Returns: (transfer none): the response headers
 */
GawsHttpHeaders *
gaws_http_response_get_headers (GawsHttpResponse *self)
{
  return self->headers;
}

/**
 * gaws_http_response_get_body:
 * @self: a #GawsHttpResponse
 *
 * Returns: (transfer none) (nullable): the buffered body, if it was buffered
 */
GBytes *
gaws_http_response_get_body (GawsHttpResponse *self)
{
  return self->body;
}

/**
 * gaws_http_response_set_body:
 * @self: a #GawsHttpResponse
 * @body: (nullable): the body
 */
void
gaws_http_response_set_body (GawsHttpResponse *self, GBytes *body)
{
  GBytes *old = self->body;
  self->body = body ? g_bytes_ref (body) : NULL;
  g_clear_pointer (&old, g_bytes_unref);
}

/**
 * gaws_http_response_get_body_stream:
 * @self: a #GawsHttpResponse
 *
 * Returns: (transfer none) (nullable): the streamed body, if it is streamed
 */
GInputStream *
gaws_http_response_get_body_stream (GawsHttpResponse *self)
{
  return self->body_stream;
}

/**
 * gaws_http_response_set_body_stream:
 * @self: a #GawsHttpResponse
 * @stream: (nullable): the body stream
 */
void
gaws_http_response_set_body_stream (GawsHttpResponse *self, GInputStream *stream)
{
  g_set_object (&self->body_stream, stream);
}

/**
 * gaws_http_response_get_retry_attempts:
 * @self: a #GawsHttpResponse
 *
 * Returns: how many times the request was retried before this response
 *   (botocore's `ResponseMetadata.RetryAttempts`)
 */
guint
gaws_http_response_get_retry_attempts (GawsHttpResponse *self)
{
  return self->retry_attempts;
}

/**
 * gaws_http_response_set_retry_attempts:
 * @self: a #GawsHttpResponse
 * @retry_attempts: number of retries made
 */
void
gaws_http_response_set_retry_attempts (GawsHttpResponse *self, guint retry_attempts)
{
  self->retry_attempts = retry_attempts;
}
