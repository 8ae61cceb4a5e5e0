/* gaws-client.h: the base of every service client
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-client-config.h"
#include "gaws-endpoint.h"
#include "gaws-http-engine.h"
#include "gaws-http-request.h"
#include "gaws-http-response.h"
#include "gaws-session.h"
#include "gaws-shape-info.h"
#include "gaws-sigv4-signer.h"

G_BEGIN_DECLS

/**
 * GawsClientServiceInfo:
 * @service_id: the model's `serviceId`, such as `DynamoDB`
 * @endpoint_prefix: the model's `endpointPrefix`, such as `dynamodb`
 * @signing_name: the SigV4 service name, such as `dynamodb`
 * @env_name: the service part of `AWS_ENDPOINT_URL_<SERVICE>`, such as `DYNAMODB`
 * @signing_flags: #GawsSigv4Flags the service always signs with (S3 wants
 *   %GAWS_SIGV4_CONTENT_SHA256_HEADER and %GAWS_SIGV4_NO_PATH_NORMALIZE)
 * @global_region: (nullable): region to sign with for a global service
 *   (`us-east-1` for IAM), or %NULL
 * @endpoint_rule_set_json: (nullable): the service's `endpoint-rule-set-1.json`
 *   text; when set, the endpoint URL and signing region and name come from
 *   evaluating it (see #GawsEndpointRules), else from the regional pattern
 * @model: (nullable): the service's descriptor tables (operations, shapes,
 *   errors, paginators, waiters), for the runtime's by-name calls
 *
 * What the transport needs to know about a service. Generated clients keep
 * one of these in static storage.
 */
typedef struct {
  const char *service_id;
  const char *endpoint_prefix;
  const char *signing_name;
  const char *env_name;
  guint       signing_flags;
  const char *global_region;
  const char *endpoint_rule_set_json;
  const GawsServiceInfo *model;
} GawsClientServiceInfo;

/**
 * GawsRequestOptions:
 * @operation_name: the operation, such as `GetItem`, named in errors
 * @body_mode: whether the response body is buffered or streamed
 * @signing_flags: extra #GawsSigv4Flags for this request
 * @host_prefix: (nullable): put before the endpoint's host, such as
 *   `data.`: the operation's `hostPrefix` with its labels filled in (see
 *   gaws_protocol_expand_host_prefix())
 * @signing_region: (nullable): the region to sign for instead of the
 *   client's, such as the region an S3 bucket was found in
 * @http_flags: #GawsHttpSendFlags for the HTTP engine, such as the
 *   exemption of event streams from stalled-stream protection
 *
 * Per-request options of gaws_client_send_async().
 */
typedef struct {
  const char       *operation_name;
  GawsHttpBodyMode  body_mode;
  guint             signing_flags;
  const char       *host_prefix;
  const char       *signing_region;
  guint             http_flags;
} GawsRequestOptions;

#define GAWS_TYPE_CLIENT (gaws_client_get_type ())
G_DECLARE_DERIVABLE_TYPE (GawsClient, gaws_client, GAWS, CLIENT, GObject)

/**
 * GawsClientClass:
 * @parent_class: the parent class
 *
 * The class of #GawsClient; generated clients derive from it.
 */
struct _GawsClientClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer padding[8];
};

GawsClient                  *gaws_client_new              (GawsSession                 *session,
                                                           GawsClientConfig            *config,
                                                           const GawsClientServiceInfo *service);
GawsSession                 *gaws_client_get_session      (GawsClient                  *self);
GawsClientConfig            *gaws_client_get_config       (GawsClient                  *self);
const GawsClientServiceInfo *gaws_client_get_service_info (GawsClient                  *self);

void                         gaws_client_prepare_async    (GawsClient                  *self,
                                                           GCancellable                *cancellable,
                                                           GAsyncReadyCallback          callback,
                                                           gpointer                     user_data);
gboolean                     gaws_client_prepare_finish   (GawsClient                  *self,
                                                           GAsyncResult                *result,
                                                           GError                     **error);
const GawsServiceInfo       *gaws_client_get_model        (GawsClient                  *self);
const char                  *gaws_client_get_region       (GawsClient                  *self);
const char                  *gaws_client_get_endpoint_url (GawsClient                  *self);
GawsEndpoint                *gaws_client_resolve_endpoint (GawsClient                  *self,
                                                           json_t                      *params,
                                                           GError                     **error);

void                         gaws_client_send_async       (GawsClient                  *self,
                                                           GawsHttpRequest             *request,
                                                           const GawsRequestOptions    *options,
                                                           GCancellable                *cancellable,
                                                           GAsyncReadyCallback          callback,
                                                           gpointer                     user_data);
GawsHttpResponse            *gaws_client_send_finish      (GawsClient                  *self,
                                                           GAsyncResult                *result,
                                                           GError                     **error);
GawsHttpResponse            *gaws_client_send_sync        (GawsClient                  *self,
                                                           GawsHttpRequest             *request,
                                                           const GawsRequestOptions    *options,
                                                           GCancellable                *cancellable,
                                                           GError                     **error);


G_END_DECLS
