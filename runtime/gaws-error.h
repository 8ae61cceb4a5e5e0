/* gaws-error.h: the GAWS_ERROR domain and its extended error data
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>
#include "gaws-shape.h"

G_BEGIN_DECLS

/**
 * GawsError:
 * @GAWS_ERROR_SERVICE: the service answered with an error; see
 *   gaws_error_get_code() for its code (`NoSuchKey`, `ThrottlingException`, ...)
 * @GAWS_ERROR_INVALID_ARGUMENT: a request was rejected before any I/O
 * @GAWS_ERROR_CONFIG: the configuration (files, environment, values) is invalid
 * @GAWS_ERROR_CREDENTIALS: no usable credentials could be found or refreshed
 * @GAWS_ERROR_SIGNING: the request could not be signed
 * @GAWS_ERROR_CONNECTION: the endpoint could not be reached or the connection broke
 * @GAWS_ERROR_TIMEOUT: a connect, read or operation timeout expired
 * @GAWS_ERROR_PROTOCOL: the response was malformed (bad HTTP, XML, JSON, ...)
 * @GAWS_ERROR_HTTP: the server answered with an HTTP error status and no
 *   recognisable service error body
 * @GAWS_ERROR_WAITER: a waiter reached a failure state, or gave up after
 *   its maximum number of attempts
 * @GAWS_ERROR_PAGINATION: a paginator could not go on (the service sent
 *   the same next token twice, or a starting token is malformed)
 *
 * Error codes in the #GAWS_ERROR domain. Every error in this domain carries
 * extended data: see gaws_error_get_code(), gaws_error_get_http_status(),
 * gaws_error_get_request_id() and gaws_error_get_retry_attempts().
 */
typedef enum {
  GAWS_ERROR_SERVICE,
  GAWS_ERROR_INVALID_ARGUMENT,
  GAWS_ERROR_CONFIG,
  GAWS_ERROR_CREDENTIALS,
  GAWS_ERROR_SIGNING,
  GAWS_ERROR_CONNECTION,
  GAWS_ERROR_TIMEOUT,
  GAWS_ERROR_PROTOCOL,
  GAWS_ERROR_HTTP,
  GAWS_ERROR_WAITER,
  GAWS_ERROR_PAGINATION,
} GawsError;

/**
 * GAWS_ERROR:
 *
 * The error domain of gaws.
 */
#define GAWS_ERROR (gaws_error_quark ())

GQuark       gaws_error_quark              (void);

const char  *gaws_error_get_code           (const GError *error);
char        *gaws_error_code_from_message  (const char   *message);
const char  *gaws_error_get_message        (const GError *error);
guint        gaws_error_get_http_status    (const GError *error);
const char  *gaws_error_get_request_id     (const GError *error);
guint        gaws_error_get_retry_attempts (const GError *error);
gboolean     gaws_error_matches_code       (const GError *error,
                                            const char   *code);
GawsShape   *gaws_error_get_shape          (const GError *error);
const GawsShapeInfo *gaws_error_get_shape_info (const GError *error);
gboolean     gaws_error_matches_type       (const GError *error,
                                            GType         shape_type);
void         gaws_error_set_shape          (GError       *error,
                                            GawsShape    *shape);

GError      *gaws_error_new_service        (const char *code,
                                            const char *message,
                                            guint       http_status,
                                            const char *request_id);
void         gaws_error_set_details        (GError     *error,
                                            const char *code,
                                            const char *message,
                                            guint       http_status,
                                            const char *request_id);
void         gaws_error_set_retry_attempts (GError     *error,
                                            guint       retry_attempts);
void         gaws_error_add_operation_context (GError     *error,
                                               const char *operation,
                                               guint       retry_attempts,
                                               gboolean    max_retries_reached);

G_END_DECLS
