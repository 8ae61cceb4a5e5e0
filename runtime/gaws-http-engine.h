/* gaws-http-engine.h: libcurl's multi interface driven by a GMainContext
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-http-request.h"
#include "gaws-http-response.h"

G_BEGIN_DECLS

/**
 * GawsHttpBodyMode:
 * @GAWS_HTTP_BODY_BUFFERED: the send completes once the whole body is in;
 *   the response body is a #GBytes
 * @GAWS_HTTP_BODY_STREAMED: the send completes as soon as the status and
 *   headers are in; the response body is a #GawsHttpBodyStream that the
 *   engine feeds as data arrives, paced by its reader
 *
 * How gaws_http_engine_send_async() delivers the response body.
 */
typedef enum {
  GAWS_HTTP_BODY_BUFFERED,
  GAWS_HTTP_BODY_STREAMED,
} GawsHttpBodyMode;

#define GAWS_TYPE_HTTP_BODY_MODE (gaws_http_body_mode_get_type ())
GType gaws_http_body_mode_get_type (void) G_GNUC_CONST;

/**
 * GawsHttpSendFlags:
 * @GAWS_HTTP_SEND_FLAGS_NONE: no flags
 * @GAWS_HTTP_SEND_NO_STALL_PROTECTION: exempt this transfer from the
 *   engine's stalled-stream protection, as the AWS SDKs exempt event
 *   streams, whose events may be far apart
 * @GAWS_HTTP_SEND_DUPLEX: the request body is written while the response
 *   is read (an event stream sent and received at once): HTTP/2 is asked
 *   for over TLS (HTTP/1.1 chunked otherwise), the body keeps going after
 *   the response's head has arrived, and the request body stream is closed
 *   when the transfer ends so that its writer learns of it
 *
 * Per-send options of gaws_http_engine_send_with_flags_async().
 */
typedef enum {
  GAWS_HTTP_SEND_FLAGS_NONE          = 0,
  GAWS_HTTP_SEND_NO_STALL_PROTECTION = 1 << 0,
  GAWS_HTTP_SEND_DUPLEX              = 1 << 1,
} GawsHttpSendFlags;

#define GAWS_TYPE_HTTP_SEND_FLAGS (gaws_http_send_flags_get_type ())
GType gaws_http_send_flags_get_type (void) G_GNUC_CONST;

#define GAWS_TYPE_HTTP_ENGINE (gaws_http_engine_get_type ())
G_DECLARE_FINAL_TYPE (GawsHttpEngine, gaws_http_engine, GAWS, HTTP_ENGINE, GObject)

GawsHttpEngine   *gaws_http_engine_new                    (void);

guint             gaws_http_engine_get_max_connections    (GawsHttpEngine      *self);
void              gaws_http_engine_set_max_connections    (GawsHttpEngine      *self,
                                                           guint                max_connections);
guint             gaws_http_engine_get_connect_timeout_ms (GawsHttpEngine      *self);
void              gaws_http_engine_set_connect_timeout_ms (GawsHttpEngine      *self,
                                                           guint                timeout_ms);
guint             gaws_http_engine_get_read_timeout_ms    (GawsHttpEngine      *self);
void              gaws_http_engine_set_read_timeout_ms    (GawsHttpEngine      *self,
                                                           guint                timeout_ms);
guint             gaws_http_engine_get_stall_grace_period_ms (GawsHttpEngine   *self);
guint             gaws_http_engine_get_stall_min_throughput  (GawsHttpEngine   *self);
void              gaws_http_engine_set_stall_protection   (GawsHttpEngine      *self,
                                                           guint                grace_period_ms,
                                                           guint                min_throughput);
gboolean          gaws_http_engine_get_tcp_keepalive      (GawsHttpEngine      *self);
void              gaws_http_engine_set_tcp_keepalive      (GawsHttpEngine      *self,
                                                           gboolean             tcp_keepalive);
const char       *gaws_http_engine_get_ca_file            (GawsHttpEngine      *self);
void              gaws_http_engine_set_ca_file            (GawsHttpEngine      *self,
                                                           const char          *ca_file);
const char       *gaws_http_engine_get_user_agent         (GawsHttpEngine      *self);
void              gaws_http_engine_set_user_agent         (GawsHttpEngine      *self,
                                                           const char          *user_agent);
GMainContext     *gaws_http_engine_get_context            (GawsHttpEngine      *self);

void              gaws_http_engine_send_async             (GawsHttpEngine      *self,
                                                           GawsHttpRequest     *request,
                                                           GawsHttpBodyMode     mode,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
void              gaws_http_engine_send_full_async        (GawsHttpEngine      *self,
                                                           GawsHttpRequest     *request,
                                                           GawsHttpBodyMode     mode,
                                                           guint                timeout_ms,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
void              gaws_http_engine_send_with_flags_async  (GawsHttpEngine      *self,
                                                           GawsHttpRequest     *request,
                                                           GawsHttpBodyMode     mode,
                                                           guint                timeout_ms,
                                                           GawsHttpSendFlags    flags,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GawsHttpResponse *gaws_http_engine_send_finish            (GawsHttpEngine      *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

G_END_DECLS
