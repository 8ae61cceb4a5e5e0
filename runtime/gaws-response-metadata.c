/* gaws-response-metadata.c: botocore's ResponseMetadata of an output
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-response-metadata.h"

#include <string.h>
#include "gaws-scratch-private.h"
#include "gaws-shape-json.h"

/**
 * GawsResponseMetadata:
 *
 * What botocore puts in a response's `ResponseMetadata`: the request id
 * (and S3's host id), the HTTP status and headers, and how many times the
 * call was retried (`RetryAttempts`). Every output of a generated
 * operation carries one: see gaws_shape_get_response_metadata().
 */
struct _GawsResponseMetadata
{
  gint             ref_count;
  char            *request_id;
  char            *host_id;
  guint            http_status_code;
  GawsHttpHeaders *http_headers;
  guint            retry_attempts;
  gboolean         spare;   /* in a SPARE_SIZE block of the spares */
};

/* Every output has its metadata, freed with it: each thread keeps a few
 * freed blocks for the next (gaws-scratch.c), big enough for the struct
 * and the usual ids (a 52-byte request id, S3's 76-byte host id). */
#define SPARE_SIZE 256
static GPrivate spare_metadata = GAWS_SPARE_BLOCK_INIT;

G_DEFINE_BOXED_TYPE (GawsResponseMetadata, gaws_response_metadata,
                     gaws_response_metadata_ref, gaws_response_metadata_unref)

/* The headers services put their request id in, in botocore's order. */
static const char *const request_id_headers[] = {
  "x-amzn-requestid", "x-amz-request-id", "x-amzn-request-id", NULL,
};

static const char *
find_request_id (GawsHttpHeaders *headers)
{
  for (guint i = 0; request_id_headers[i] != NULL; i++)
    {
      const char *value = gaws_http_headers_get_one (headers, request_id_headers[i]);

      if (value != NULL)
        return value;
    }
  return NULL;
}

/* Copies @text to @storage when set; returns the copy and moves @storage
 * past it. */
static char *
put_string (char       **storage,
            const char  *text,
            gsize        size)
{
  char *copy = *storage;

  if (text == NULL)
    return NULL;
  memcpy (copy, text, size);
  *storage += size;
  return copy;
}

/**
 * gaws_response_metadata_new_from_response:
 * @response: the response an output was read from
 *
 * Returns: (transfer full): the metadata of @response
 */
GawsResponseMetadata *
gaws_response_metadata_new_from_response (GawsHttpResponse *response)
{
  GawsResponseMetadata *self;
  GawsHttpHeaders *headers;
  const char *request_id, *host_id;
  gsize request_id_size, host_id_size;
  char *storage;

  g_return_val_if_fail (GAWS_IS_HTTP_RESPONSE (response), NULL);
  headers = gaws_http_response_get_headers (response);
  request_id = find_request_id (headers);
  host_id = gaws_http_headers_get_one (headers, "x-amz-id-2");
  request_id_size = request_id ? strlen (request_id) + 1 : 0;
  host_id_size = host_id ? strlen (host_id) + 1 : 0;
  /* One block for the struct and its two strings: every output has one. */
  if (sizeof *self + request_id_size + host_id_size <= SPARE_SIZE)
    {
      self = gaws_spare_block_take (&spare_metadata);
      if (self == NULL)
        self = g_malloc (SPARE_SIZE);
      self->spare = TRUE;
    }
  else
    {
      self = g_malloc (sizeof *self + request_id_size + host_id_size);
      self->spare = FALSE;
    }
  storage = (char *) (self + 1);
  self->ref_count = 1;
  self->request_id = put_string (&storage, request_id, request_id_size);
  self->host_id = put_string (&storage, host_id, host_id_size);
  self->http_status_code = gaws_http_response_get_status (response);
  self->http_headers = gaws_http_headers_ref (headers);
  self->retry_attempts = gaws_http_response_get_retry_attempts (response);
  return self;
}

/**
 * gaws_response_metadata_ref:
 * @self: a #GawsResponseMetadata
 *
 * Returns: (transfer full): @self
 */
GawsResponseMetadata *
gaws_response_metadata_ref (GawsResponseMetadata *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_int_inc (&self->ref_count);
  return self;
}

/**
 * gaws_response_metadata_unref:
 * @self: (transfer full): a #GawsResponseMetadata
 */
void
gaws_response_metadata_unref (GawsResponseMetadata *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  gaws_http_headers_unref (self->http_headers);
  if (self->spare)
    gaws_spare_block_give (&spare_metadata, self);
  else
    g_free (self);
}

/**
 * gaws_response_metadata_get_request_id:
 * @self: a #GawsResponseMetadata
 *
 * Returns: (nullable): the `RequestId`, from the response's headers
 */
const char *
gaws_response_metadata_get_request_id (GawsResponseMetadata *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->request_id;
}

/**
 * gaws_response_metadata_get_host_id:
 * @self: a #GawsResponseMetadata
 *
 * Returns: (nullable): S3's `HostId` (the `x-amz-id-2` header)
 */
const char *
gaws_response_metadata_get_host_id (GawsResponseMetadata *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->host_id;
}

/**
 * gaws_response_metadata_get_http_status_code:
 * @self: a #GawsResponseMetadata
 *
 * Returns: the `HTTPStatusCode`
 */
guint
gaws_response_metadata_get_http_status_code (GawsResponseMetadata *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->http_status_code;
}

/**
 * gaws_response_metadata_get_http_headers:
 * @self: a #GawsResponseMetadata
 *
 * Returns: (transfer none): the `HTTPHeaders`
 */
GawsHttpHeaders *
gaws_response_metadata_get_http_headers (GawsResponseMetadata *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->http_headers;
}

/**
 * gaws_response_metadata_get_retry_attempts:
 * @self: a #GawsResponseMetadata
 *
 * Returns: the `RetryAttempts`: how many times the call was sent again
 *   before this response
 */
guint
gaws_response_metadata_get_retry_attempts (GawsResponseMetadata *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->retry_attempts;
}

/**
 * gaws_shape_get_response_metadata:
 * @shape: an output returned by an operation
 *
 * The `ResponseMetadata` of the response @shape was read from, as
 * botocore returns it beside every output (aioboto3's
 * `response['ResponseMetadata']['RetryAttempts']`).
 *
 * Returns: (transfer none) (nullable): the metadata, or %NULL for a shape
 *   that is not the output of a call
 */
GawsResponseMetadata *
gaws_shape_get_response_metadata (GawsShape *shape)
{
  g_return_val_if_fail (GAWS_IS_SHAPE (shape), NULL);
  return gaws_shape_peek_metadata (shape);
}

/**
 * gaws_shape_set_response_metadata:
 * @shape: a #GawsShape
 * @metadata: (nullable): the metadata to keep with @shape
 */
void
gaws_shape_set_response_metadata (GawsShape            *shape,
                                  GawsResponseMetadata *metadata)
{
  g_return_if_fail (GAWS_IS_SHAPE (shape));
  /* in the shape's private data (a shape copied or built by hand has
   * none): qdata would cost every output an allocation */
  gaws_shape_take_metadata (shape, metadata != NULL ? gaws_response_metadata_ref (metadata) : NULL,
                            (GDestroyNotify) gaws_response_metadata_unref);
}
