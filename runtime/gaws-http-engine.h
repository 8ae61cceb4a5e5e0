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
GawsHttpResponse *gaws_http_engine_send_finish            (GawsHttpEngine      *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

G_END_DECLS
