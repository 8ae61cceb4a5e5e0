/* gaws-client-config.h: per-client settings, and how they resolve
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>

#include "gaws-session.h"

G_BEGIN_DECLS

/**
 * GawsRetryMode:
 * @GAWS_RETRY_MODE_UNSET: not configured here; the next source decides
 * @GAWS_RETRY_MODE_LEGACY: botocore's original retries (5 attempts in all),
 *   its default
 * @GAWS_RETRY_MODE_STANDARD: the standard retry mode of the AWS SDKs
 *   (3 attempts in all)
 * @GAWS_RETRY_MODE_ADAPTIVE: standard retries plus client-side rate
 *   limiting (3 attempts in all)
 *
 * The retry modes of `retry_mode` and `AWS_RETRY_MODE`.
 */
typedef enum {
  GAWS_RETRY_MODE_UNSET,
  GAWS_RETRY_MODE_LEGACY,
  GAWS_RETRY_MODE_STANDARD,
  GAWS_RETRY_MODE_ADAPTIVE,
} GawsRetryMode;

/**
 * GawsS3AddressingStyle:
 * @GAWS_S3_ADDRESSING_STYLE_UNSET: not configured here
 * @GAWS_S3_ADDRESSING_STYLE_AUTO: virtual-hosted when the bucket name
 *   allows it, else path style
 * @GAWS_S3_ADDRESSING_STYLE_VIRTUAL: `https://bucket.s3.region.amazonaws.com/key`
 * @GAWS_S3_ADDRESSING_STYLE_PATH: `https://s3.region.amazonaws.com/bucket/key`
 *
 * The values of S3's `addressing_style`.
 */
typedef enum {
  GAWS_S3_ADDRESSING_STYLE_UNSET,
  GAWS_S3_ADDRESSING_STYLE_AUTO,
  GAWS_S3_ADDRESSING_STYLE_VIRTUAL,
  GAWS_S3_ADDRESSING_STYLE_PATH,
} GawsS3AddressingStyle;

/**
 * GawsChecksumPolicy:
 * @GAWS_CHECKSUM_POLICY_UNSET: not configured here
 * @GAWS_CHECKSUM_POLICY_WHEN_SUPPORTED: whenever the operation supports a
 *   checksum (`when_supported`, the default)
 * @GAWS_CHECKSUM_POLICY_WHEN_REQUIRED: only when the operation requires one
 *   (`when_required`)
 *
 * The values of `request_checksum_calculation` and
 * `response_checksum_validation`.
 */
typedef enum {
  GAWS_CHECKSUM_POLICY_UNSET,
  GAWS_CHECKSUM_POLICY_WHEN_SUPPORTED,
  GAWS_CHECKSUM_POLICY_WHEN_REQUIRED,
} GawsChecksumPolicy;

#define GAWS_TYPE_RETRY_MODE (gaws_retry_mode_get_type ())
GType gaws_retry_mode_get_type (void) G_GNUC_CONST;
#define GAWS_TYPE_S3_ADDRESSING_STYLE (gaws_s3_addressing_style_get_type ())
GType gaws_s3_addressing_style_get_type (void) G_GNUC_CONST;
#define GAWS_TYPE_CHECKSUM_POLICY (gaws_checksum_policy_get_type ())
GType gaws_checksum_policy_get_type (void) G_GNUC_CONST;

/**
 * GawsResolvedConfig:
 * @region: (nullable): the region, or %NULL if none is configured
 * @endpoint_url: (nullable): the endpoint to use instead of the service's
 *   own, or %NULL
 * @retry_mode: the retry mode; never %GAWS_RETRY_MODE_UNSET
 * @max_attempts: attempts in all, the first one included (at least 1)
 * @connect_timeout_ms: the connect timeout, in milliseconds
 * @read_timeout_ms: the read timeout, in milliseconds
 * @max_pool_connections: the most connections kept open to one host
 * @tcp_keepalive: whether to turn on TCP keep-alive
 * @user_agent_extra: (nullable): text appended to the User-Agent header
 * @s3_addressing_style: S3's addressing style; never
 *   %GAWS_S3_ADDRESSING_STYLE_UNSET
 * @request_checksum_calculation: when to compute request checksums
 * @response_checksum_validation: when to check response checksums
 * @ca_bundle: (nullable) (type filename): the certificate bundle to trust
 *   instead of the system's, or %NULL
 * @disable_request_compression: whether request bodies are never compressed
 * @request_min_compression_size_bytes: the smallest request body that is
 *   compressed, in bytes
 *
 * The settings a client runs with, after gaws_client_config_resolve()
 * has merged the client's own settings, the environment, the profile and
 * the defaults.
 */
typedef struct {
  char                  *region;
  char                  *endpoint_url;
  GawsRetryMode          retry_mode;
  guint                  max_attempts;
  guint                  connect_timeout_ms;
  guint                  read_timeout_ms;
  guint                  max_pool_connections;
  gboolean               tcp_keepalive;
  char                  *user_agent_extra;
  GawsS3AddressingStyle  s3_addressing_style;
  GawsChecksumPolicy     request_checksum_calculation;
  GawsChecksumPolicy     response_checksum_validation;
  char                  *ca_bundle;
  gboolean               disable_request_compression;
  guint                  request_min_compression_size_bytes;
} GawsResolvedConfig;

#define GAWS_TYPE_RESOLVED_CONFIG (gaws_resolved_config_get_type ())
GType               gaws_resolved_config_get_type (void) G_GNUC_CONST;
GawsResolvedConfig *gaws_resolved_config_copy     (const GawsResolvedConfig *config);
void                gaws_resolved_config_free     (GawsResolvedConfig       *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GawsResolvedConfig, gaws_resolved_config_free)

#define GAWS_TYPE_CLIENT_CONFIG (gaws_client_config_get_type ())
G_DECLARE_FINAL_TYPE (GawsClientConfig, gaws_client_config, GAWS, CLIENT_CONFIG, GObject)

GawsClientConfig      *gaws_client_config_new                              (void);
GawsClientConfig      *gaws_client_config_copy                             (GawsClientConfig      *self);
gboolean               gaws_client_config_is_set                           (GawsClientConfig      *self,
                                                                            const char            *property_name);
void                   gaws_client_config_unset                            (GawsClientConfig      *self,
                                                                            const char            *property_name);

const char            *gaws_client_config_get_region                       (GawsClientConfig      *self);
void                   gaws_client_config_set_region                       (GawsClientConfig      *self,
                                                                            const char            *region);
const char            *gaws_client_config_get_endpoint_url                 (GawsClientConfig      *self);
void                   gaws_client_config_set_endpoint_url                 (GawsClientConfig      *self,
                                                                            const char            *endpoint_url);
guint                  gaws_client_config_get_max_attempts                 (GawsClientConfig      *self);
void                   gaws_client_config_set_max_attempts                 (GawsClientConfig      *self,
                                                                            guint                  max_attempts);
GawsRetryMode          gaws_client_config_get_retry_mode                   (GawsClientConfig      *self);
void                   gaws_client_config_set_retry_mode                   (GawsClientConfig      *self,
                                                                            GawsRetryMode          retry_mode);
guint                  gaws_client_config_get_connect_timeout_ms           (GawsClientConfig      *self);
void                   gaws_client_config_set_connect_timeout_ms           (GawsClientConfig      *self,
                                                                            guint                  timeout_ms);
guint                  gaws_client_config_get_read_timeout_ms              (GawsClientConfig      *self);
void                   gaws_client_config_set_read_timeout_ms              (GawsClientConfig      *self,
                                                                            guint                  timeout_ms);
guint                  gaws_client_config_get_max_pool_connections         (GawsClientConfig      *self);
void                   gaws_client_config_set_max_pool_connections         (GawsClientConfig      *self,
                                                                            guint                  max_pool_connections);
gboolean               gaws_client_config_get_tcp_keepalive                (GawsClientConfig      *self);
void                   gaws_client_config_set_tcp_keepalive                (GawsClientConfig      *self,
                                                                            gboolean               tcp_keepalive);
const char            *gaws_client_config_get_user_agent_extra             (GawsClientConfig      *self);
void                   gaws_client_config_set_user_agent_extra             (GawsClientConfig      *self,
                                                                            const char            *user_agent_extra);
GawsS3AddressingStyle  gaws_client_config_get_s3_addressing_style          (GawsClientConfig      *self);
void                   gaws_client_config_set_s3_addressing_style          (GawsClientConfig      *self,
                                                                            GawsS3AddressingStyle  style);
GawsChecksumPolicy     gaws_client_config_get_request_checksum_calculation (GawsClientConfig      *self);
void                   gaws_client_config_set_request_checksum_calculation (GawsClientConfig      *self,
                                                                            GawsChecksumPolicy     policy);
GawsChecksumPolicy     gaws_client_config_get_response_checksum_validation (GawsClientConfig      *self);
void                   gaws_client_config_set_response_checksum_validation (GawsClientConfig      *self,
                                                                            GawsChecksumPolicy     policy);
const char            *gaws_client_config_get_ca_bundle                    (GawsClientConfig      *self);
void                   gaws_client_config_set_ca_bundle                    (GawsClientConfig      *self,
                                                                            const char            *ca_bundle);
guint                  gaws_client_config_get_operation_timeout_ms         (GawsClientConfig      *self);
void                   gaws_client_config_set_operation_timeout_ms         (GawsClientConfig      *self,
                                                                            guint                  timeout_ms);
guint                  gaws_client_config_get_attempt_timeout_ms           (GawsClientConfig      *self);
void                   gaws_client_config_set_attempt_timeout_ms           (GawsClientConfig      *self,
                                                                            guint                  timeout_ms);
gboolean               gaws_client_config_get_stalled_stream_protection    (GawsClientConfig      *self,
                                                                            guint                 *grace_period_ms,
                                                                            guint                 *min_throughput);
void                   gaws_client_config_set_stalled_stream_protection    (GawsClientConfig      *self,
                                                                            gboolean               enabled,
                                                                            guint                  grace_period_ms,
                                                                            guint                  min_throughput);
gboolean               gaws_client_config_get_disable_request_compression  (GawsClientConfig      *self);
void                   gaws_client_config_set_disable_request_compression  (GawsClientConfig      *self,
                                                                            gboolean               disable);
guint                  gaws_client_config_get_request_min_compression_size_bytes (GawsClientConfig *self);
void                   gaws_client_config_set_request_min_compression_size_bytes (GawsClientConfig *self,
                                                                                  guint             size);

GawsResolvedConfig    *gaws_client_config_resolve                          (GawsClientConfig      *config,
                                                                            GawsSession           *session,
                                                                            const char            *service_env_name,
                                                                            GError               **error);

G_END_DECLS
