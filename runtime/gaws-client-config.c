/* gaws-client-config.c: per-client settings, and how they resolve
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-client-config.h"

#include "gaws-error.h"

/**
 * GawsClientConfig:
 *
 * The settings of one client, botocore's `Config`: every property starts
 * unset, and an unset property leaves the decision to the environment,
 * the profile and the defaults (see gaws_client_config_resolve()).
 * gaws_client_config_is_set() tells an unset property from one set to its
 * default value.
 *
 * #GawsClientConfig:max-attempts counts every attempt, the first one
 * included, like `max_attempts` in the config file and `AWS_MAX_ATTEMPTS`.
 */
struct _GawsClientConfig {
  GObject                parent_instance;
  guint                  set_mask;  /* 1 << prop_id for each property set */
  char                  *region;
  char                  *endpoint_url;
  guint                  max_attempts;
  GawsRetryMode          retry_mode;
  guint                  connect_timeout_ms;
  guint                  read_timeout_ms;
  guint                  max_pool_connections;
  gboolean               tcp_keepalive;
  char                  *user_agent_extra;
  GawsS3AddressingStyle  s3_addressing_style;
  GawsChecksumPolicy     request_checksum_calculation;
  GawsChecksumPolicy     response_checksum_validation;
  char                  *ca_bundle;
  guint                  operation_timeout_ms;
  guint                  attempt_timeout_ms;
  gboolean               stalled_stream_protection;
  guint                  stalled_stream_grace_period_ms;
  guint                  stalled_stream_min_throughput;
  gboolean               disable_request_compression;
  guint                  request_min_compression_size_bytes;
};

G_DEFINE_FINAL_TYPE (GawsClientConfig, gaws_client_config, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (GawsRetryMode, gaws_retry_mode,
  G_DEFINE_ENUM_VALUE (GAWS_RETRY_MODE_UNSET, "unset"),
  G_DEFINE_ENUM_VALUE (GAWS_RETRY_MODE_LEGACY, "legacy"),
  G_DEFINE_ENUM_VALUE (GAWS_RETRY_MODE_STANDARD, "standard"),
  G_DEFINE_ENUM_VALUE (GAWS_RETRY_MODE_ADAPTIVE, "adaptive"))

G_DEFINE_ENUM_TYPE (GawsS3AddressingStyle, gaws_s3_addressing_style,
  G_DEFINE_ENUM_VALUE (GAWS_S3_ADDRESSING_STYLE_UNSET, "unset"),
  G_DEFINE_ENUM_VALUE (GAWS_S3_ADDRESSING_STYLE_AUTO, "auto"),
  G_DEFINE_ENUM_VALUE (GAWS_S3_ADDRESSING_STYLE_VIRTUAL, "virtual"),
  G_DEFINE_ENUM_VALUE (GAWS_S3_ADDRESSING_STYLE_PATH, "path"))

G_DEFINE_ENUM_TYPE (GawsChecksumPolicy, gaws_checksum_policy,
  G_DEFINE_ENUM_VALUE (GAWS_CHECKSUM_POLICY_UNSET, "unset"),
  G_DEFINE_ENUM_VALUE (GAWS_CHECKSUM_POLICY_WHEN_SUPPORTED, "when_supported"),
  G_DEFINE_ENUM_VALUE (GAWS_CHECKSUM_POLICY_WHEN_REQUIRED, "when_required"))

enum {
  PROP_0,
  PROP_REGION,
  PROP_ENDPOINT_URL,
  PROP_MAX_ATTEMPTS,
  PROP_RETRY_MODE,
  PROP_CONNECT_TIMEOUT_MS,
  PROP_READ_TIMEOUT_MS,
  PROP_MAX_POOL_CONNECTIONS,
  PROP_TCP_KEEPALIVE,
  PROP_USER_AGENT_EXTRA,
  PROP_S3_ADDRESSING_STYLE,
  PROP_REQUEST_CHECKSUM_CALCULATION,
  PROP_RESPONSE_CHECKSUM_VALIDATION,
  PROP_CA_BUNDLE,
  PROP_OPERATION_TIMEOUT_MS,
  PROP_ATTEMPT_TIMEOUT_MS,
  PROP_STALLED_STREAM_PROTECTION,
  PROP_STALLED_STREAM_GRACE_PERIOD_MS,
  PROP_STALLED_STREAM_MIN_THROUGHPUT,
  PROP_DISABLE_REQUEST_COMPRESSION,
  PROP_REQUEST_MIN_COMPRESSION_SIZE_BYTES,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* The defaults botocore resolves to. */
#define DEFAULT_TIMEOUT_MS            60000
#define DEFAULT_MAX_POOL_CONNECTIONS  10
#define LEGACY_MAX_ATTEMPTS           5
#define STANDARD_MAX_ATTEMPTS         3
/* The AWS SDKs' reference range of request_min_compression_size_bytes
 * (botocore is stricter: 1 to 1048576). */
#define GAWS_DEFAULT_MIN_COMPRESSION_SIZE_BYTES 10240
#define GAWS_MAX_MIN_COMPRESSION_SIZE_BYTES     10485760

static void
gaws_client_config_finalize (GObject *object)
{
  GawsClientConfig *self = GAWS_CLIENT_CONFIG (object);

  g_free (self->region);
  g_free (self->endpoint_url);
  g_free (self->user_agent_extra);
  g_free (self->ca_bundle);
  G_OBJECT_CLASS (gaws_client_config_parent_class)->finalize (object);
}

static void
gaws_client_config_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GawsClientConfig *self = GAWS_CLIENT_CONFIG (object);

  switch (prop_id)
    {
    case PROP_REGION: g_value_set_string (value, self->region); break;
    case PROP_ENDPOINT_URL: g_value_set_string (value, self->endpoint_url); break;
    case PROP_MAX_ATTEMPTS: g_value_set_uint (value, self->max_attempts); break;
    case PROP_RETRY_MODE: g_value_set_enum (value, self->retry_mode); break;
    case PROP_CONNECT_TIMEOUT_MS: g_value_set_uint (value, self->connect_timeout_ms); break;
    case PROP_READ_TIMEOUT_MS: g_value_set_uint (value, self->read_timeout_ms); break;
    case PROP_MAX_POOL_CONNECTIONS: g_value_set_uint (value, self->max_pool_connections); break;
    case PROP_TCP_KEEPALIVE: g_value_set_boolean (value, self->tcp_keepalive); break;
    case PROP_USER_AGENT_EXTRA: g_value_set_string (value, self->user_agent_extra); break;
    case PROP_S3_ADDRESSING_STYLE: g_value_set_enum (value, self->s3_addressing_style); break;
    case PROP_REQUEST_CHECKSUM_CALCULATION:
      g_value_set_enum (value, self->request_checksum_calculation);
      break;
    case PROP_RESPONSE_CHECKSUM_VALIDATION:
      g_value_set_enum (value, self->response_checksum_validation);
      break;
    case PROP_CA_BUNDLE: g_value_set_string (value, self->ca_bundle); break;
    case PROP_OPERATION_TIMEOUT_MS: g_value_set_uint (value, self->operation_timeout_ms); break;
    case PROP_ATTEMPT_TIMEOUT_MS: g_value_set_uint (value, self->attempt_timeout_ms); break;
    case PROP_STALLED_STREAM_PROTECTION:
      g_value_set_boolean (value, self->stalled_stream_protection);
      break;
    case PROP_STALLED_STREAM_GRACE_PERIOD_MS:
      g_value_set_uint (value, self->stalled_stream_grace_period_ms);
      break;
    case PROP_STALLED_STREAM_MIN_THROUGHPUT:
      g_value_set_uint (value, self->stalled_stream_min_throughput);
      break;
    case PROP_DISABLE_REQUEST_COMPRESSION:
      g_value_set_boolean (value, self->disable_request_compression);
      break;
    case PROP_REQUEST_MIN_COMPRESSION_SIZE_BYTES:
      g_value_set_uint (value, self->request_min_compression_size_bytes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
replace_string (char       **field,
                const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

static void
store_value (GawsClientConfig *self,
             guint             prop_id,
             const GValue     *value)
{
  switch (prop_id)
    {
    case PROP_REGION: replace_string (&self->region, g_value_get_string (value)); break;
    case PROP_ENDPOINT_URL: replace_string (&self->endpoint_url, g_value_get_string (value)); break;
    case PROP_MAX_ATTEMPTS: self->max_attempts = g_value_get_uint (value); break;
    case PROP_RETRY_MODE: self->retry_mode = g_value_get_enum (value); break;
    case PROP_CONNECT_TIMEOUT_MS: self->connect_timeout_ms = g_value_get_uint (value); break;
    case PROP_READ_TIMEOUT_MS: self->read_timeout_ms = g_value_get_uint (value); break;
    case PROP_MAX_POOL_CONNECTIONS: self->max_pool_connections = g_value_get_uint (value); break;
    case PROP_TCP_KEEPALIVE: self->tcp_keepalive = g_value_get_boolean (value); break;
    case PROP_USER_AGENT_EXTRA:
      replace_string (&self->user_agent_extra, g_value_get_string (value));
      break;
    case PROP_S3_ADDRESSING_STYLE: self->s3_addressing_style = g_value_get_enum (value); break;
    case PROP_REQUEST_CHECKSUM_CALCULATION:
      self->request_checksum_calculation = g_value_get_enum (value);
      break;
    case PROP_RESPONSE_CHECKSUM_VALIDATION:
      self->response_checksum_validation = g_value_get_enum (value);
      break;
    case PROP_CA_BUNDLE: replace_string (&self->ca_bundle, g_value_get_string (value)); break;
    case PROP_OPERATION_TIMEOUT_MS: self->operation_timeout_ms = g_value_get_uint (value); break;
    case PROP_ATTEMPT_TIMEOUT_MS: self->attempt_timeout_ms = g_value_get_uint (value); break;
    case PROP_STALLED_STREAM_PROTECTION:
      self->stalled_stream_protection = g_value_get_boolean (value);
      break;
    case PROP_STALLED_STREAM_GRACE_PERIOD_MS:
      self->stalled_stream_grace_period_ms = g_value_get_uint (value);
      break;
    case PROP_STALLED_STREAM_MIN_THROUGHPUT:
      self->stalled_stream_min_throughput = g_value_get_uint (value);
      break;
    case PROP_DISABLE_REQUEST_COMPRESSION:
      self->disable_request_compression = g_value_get_boolean (value);
      break;
    case PROP_REQUEST_MIN_COMPRESSION_SIZE_BYTES:
      self->request_min_compression_size_bytes = g_value_get_uint (value);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* %NULL strings and the UNSET member of the enums mean "not set"; numbers
 * and booleans are set as soon as they are written. */
static gboolean
value_means_unset (const GValue *value)
{
  if (G_VALUE_HOLDS_STRING (value))
    return g_value_get_string (value) == NULL;
  if (G_VALUE_HOLDS_ENUM (value))
    return g_value_get_enum (value) == 0;
  return FALSE;
}

static void
gaws_client_config_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GawsClientConfig *self = GAWS_CLIENT_CONFIG (object);

  if (prop_id == 0 || prop_id >= N_PROPS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  store_value (self, prop_id, value);
  if (value_means_unset (value))
    self->set_mask &= ~(1u << prop_id);
  else
    self->set_mask |= 1u << prop_id;
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
uint_property (const char *name)
{
  return g_param_spec_uint (name, NULL, NULL, 0, G_MAXINT, 0,
                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
enum_property (const char *name,
               GType       type)
{
  return g_param_spec_enum (name, NULL, NULL, type, 0,
                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
}

static void
gaws_client_config_class_init (GawsClientConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gaws_client_config_finalize;
  object_class->get_property = gaws_client_config_get_property;
  object_class->set_property = gaws_client_config_set_property;

  /**
   * GawsClientConfig:region:
   *
   * The region, over the session's.
   */
  properties[PROP_REGION] = string_property ("region");
  /**
   * GawsClientConfig:endpoint-url:
   *
   * The endpoint to send requests to, over `AWS_ENDPOINT_URL_<SERVICE>`,
   * `AWS_ENDPOINT_URL` and the config file.
   */
  properties[PROP_ENDPOINT_URL] = string_property ("endpoint-url");
  /**
   * GawsClientConfig:max-attempts:
   *
   * Attempts in all, the first one included; at least 1.
   */
  properties[PROP_MAX_ATTEMPTS] = uint_property ("max-attempts");
  /**
   * GawsClientConfig:retry-mode:
   *
   * The retry mode.
   */
  properties[PROP_RETRY_MODE] = enum_property ("retry-mode", GAWS_TYPE_RETRY_MODE);
  /**
   * GawsClientConfig:connect-timeout-ms:
   *
   * The connect timeout in milliseconds (60 s by default).
   */
  properties[PROP_CONNECT_TIMEOUT_MS] = uint_property ("connect-timeout-ms");
  /**
   * GawsClientConfig:read-timeout-ms:
   *
   * The read timeout in milliseconds (60 s by default).
   */
  properties[PROP_READ_TIMEOUT_MS] = uint_property ("read-timeout-ms");
  /**
   * GawsClientConfig:max-pool-connections:
   *
   * The most connections kept open (10 by default).
   */
  properties[PROP_MAX_POOL_CONNECTIONS] = uint_property ("max-pool-connections");
  /**
   * GawsClientConfig:tcp-keepalive:
   *
   * Whether to turn on TCP keep-alive (off by default).
   */
  properties[PROP_TCP_KEEPALIVE] =
    g_param_spec_boolean ("tcp-keepalive", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * GawsClientConfig:user-agent-extra:
   *
   * Text appended to the User-Agent header, botocore's `user_agent_extra`.
   */
  properties[PROP_USER_AGENT_EXTRA] = string_property ("user-agent-extra");
  /**
   * GawsClientConfig:s3-addressing-style:
   *
   * How S3 requests name the bucket.
   */
  properties[PROP_S3_ADDRESSING_STYLE] =
    enum_property ("s3-addressing-style", GAWS_TYPE_S3_ADDRESSING_STYLE);
  /**
   * GawsClientConfig:request-checksum-calculation:
   *
   * When to compute checksums of request bodies.
   */
  properties[PROP_REQUEST_CHECKSUM_CALCULATION] =
    enum_property ("request-checksum-calculation", GAWS_TYPE_CHECKSUM_POLICY);
  /**
   * GawsClientConfig:response-checksum-validation:
   *
   * When to check the checksums of response bodies.
   */
  properties[PROP_RESPONSE_CHECKSUM_VALIDATION] =
    enum_property ("response-checksum-validation", GAWS_TYPE_CHECKSUM_POLICY);
  /**
   * GawsClientConfig:ca-bundle:
   *
   * A certificate bundle to trust instead of the system's.
   */
  properties[PROP_CA_BUNDLE] = string_property ("ca-bundle");
  /**
   * GawsClientConfig:operation-timeout-ms:
   *
   * How long a whole operation may take, retries and back-off included,
   * before it fails with %GAWS_ERROR_TIMEOUT, in milliseconds; unset or 0
   * for no limit (the default). Not retried.
   */
  properties[PROP_OPERATION_TIMEOUT_MS] = uint_property ("operation-timeout-ms");
  /**
   * GawsClientConfig:attempt-timeout-ms:
   *
   * How long one attempt may take (until the whole response is in, or its
   * headers for a streamed body), in milliseconds; unset or 0 for no limit
   * (the default). An attempt that runs out fails with
   * %GAWS_ERROR_TIMEOUT and is retried like any timeout.
   */
  properties[PROP_ATTEMPT_TIMEOUT_MS] = uint_property ("attempt-timeout-ms");
  /**
   * GawsClientConfig:stalled-stream-protection:
   *
   * Whether a request or response body that moves slower than
   * #GawsClientConfig:stalled-stream-min-throughput for
   * #GawsClientConfig:stalled-stream-grace-period-ms fails with
   * %GAWS_ERROR_TIMEOUT (and is retried when it can be), as in the AWS
   * Rust SDK; on unless set to %FALSE.
   */
  properties[PROP_STALLED_STREAM_PROTECTION] =
    g_param_spec_boolean ("stalled-stream-protection", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * GawsClientConfig:stalled-stream-grace-period-ms:
   *
   * How long a body may move too slowly, in milliseconds (5 s when unset).
   */
  properties[PROP_STALLED_STREAM_GRACE_PERIOD_MS] = uint_property ("stalled-stream-grace-period-ms");
  /**
   * GawsClientConfig:stalled-stream-min-throughput:
   *
   * The slowest a body may move, in bytes per second (1 when unset).
   */
  properties[PROP_STALLED_STREAM_MIN_THROUGHPUT] = uint_property ("stalled-stream-min-throughput");
  /**
   * GawsClientConfig:disable-request-compression:
   *
   * Whether to send the bodies of operations that accept compressed
   * requests (CloudWatch's PutMetricData) as they are, over
   * `AWS_DISABLE_REQUEST_COMPRESSION` and the config file's
   * `disable_request_compression`; they are gzipped by default.
   */
  properties[PROP_DISABLE_REQUEST_COMPRESSION] =
    g_param_spec_boolean ("disable-request-compression", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * GawsClientConfig:request-min-compression-size-bytes:
   *
   * The smallest body, in bytes, that is compressed, over
   * `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` and the config file's
   * `request_min_compression_size_bytes`: 10240 by default, at most
   * 10485760.
   */
  properties[PROP_REQUEST_MIN_COMPRESSION_SIZE_BYTES] =
    g_param_spec_uint ("request-min-compression-size-bytes", NULL, NULL,
                       0, GAWS_MAX_MIN_COMPRESSION_SIZE_BYTES, GAWS_DEFAULT_MIN_COMPRESSION_SIZE_BYTES,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gaws_client_config_init (GawsClientConfig *self)
{
}

/**
 * gaws_client_config_new:
 *
 * Returns: (transfer full): a config with nothing set
 */
GawsClientConfig *
gaws_client_config_new (void)
{
  return g_object_new (GAWS_TYPE_CLIENT_CONFIG, NULL);
}

/**
 * gaws_client_config_copy:
 * @self: a #GawsClientConfig
 *
 * Returns: (transfer full): a new config with the same properties set
 */
GawsClientConfig *
gaws_client_config_copy (GawsClientConfig *self)
{
  GawsClientConfig *copy;

  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), NULL);

  copy = gaws_client_config_new ();
  for (guint i = 1; i < N_PROPS; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if (!(self->set_mask & (1u << i)))
        continue;
      g_value_init (&value, properties[i]->value_type);
      g_object_get_property (G_OBJECT (self), properties[i]->name, &value);
      g_object_set_property (G_OBJECT (copy), properties[i]->name, &value);
    }
  return copy;
}

static guint
property_id (GawsClientConfig *self,
             const char       *property_name)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), property_name);

  for (guint i = 1; pspec != NULL && i < N_PROPS; i++)
    if (properties[i] == pspec)
      return i;
  return 0;
}

/**
 * gaws_client_config_is_set:
 * @self: a #GawsClientConfig
 * @property_name: the name of a property, such as `max-attempts`
 *
 * Returns: %TRUE if the property was set (even to its default value)
 */
gboolean
gaws_client_config_is_set (GawsClientConfig *self,
                           const char       *property_name)
{
  guint id;

  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), FALSE);

  id = property_id (self, property_name);
  g_return_val_if_fail (id != 0, FALSE);
  return (self->set_mask & (1u << id)) != 0;
}

/**
 * gaws_client_config_unset:
 * @self: a #GawsClientConfig
 * @property_name: the name of a property, such as `max-attempts`
 *
 * Returns the property to unset, so the next source decides it again.
 */
void
gaws_client_config_unset (GawsClientConfig *self,
                          const char       *property_name)
{
  guint id;

  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));

  id = property_id (self, property_name);
  g_return_if_fail (id != 0);
  g_object_set_property (G_OBJECT (self), property_name,
                         g_param_spec_get_default_value (properties[id]));
  self->set_mask &= ~(1u << id);
}

/* ---- accessors ------------------------------------------------------------ */

/**
 * gaws_client_config_get_region:
 * @self: a #GawsClientConfig
 *
 * Returns: (nullable): the region, or %NULL if unset
 */
const char *
gaws_client_config_get_region (GawsClientConfig *self)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), NULL);
  return self->region;
}

/**
 * gaws_client_config_set_region:
 * @self: a #GawsClientConfig
 * @region: (nullable): a region, or %NULL to unset it
 */
void
gaws_client_config_set_region (GawsClientConfig *self,
                               const char       *region)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_object_set (self, "region", region, NULL);
}

/**
 * gaws_client_config_get_endpoint_url:
 * @self: a #GawsClientConfig
 *
 * Returns: (nullable): the endpoint URL, or %NULL if unset
 */
const char *
gaws_client_config_get_endpoint_url (GawsClientConfig *self)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), NULL);
  return self->endpoint_url;
}

/**
 * gaws_client_config_set_endpoint_url:
 * @self: a #GawsClientConfig
 * @endpoint_url: (nullable): a URL such as `http://localhost:8000`, or %NULL
 */
void
gaws_client_config_set_endpoint_url (GawsClientConfig *self,
                                     const char       *endpoint_url)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_object_set (self, "endpoint-url", endpoint_url, NULL);
}

/**
 * gaws_client_config_get_max_attempts:
 * @self: a #GawsClientConfig
 *
 * Returns: the attempts in all, or 0 if unset
 */
guint
gaws_client_config_get_max_attempts (GawsClientConfig *self)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), 0);
  return self->max_attempts;
}

/**
 * gaws_client_config_set_max_attempts:
 * @self: a #GawsClientConfig
 * @max_attempts: attempts in all, the first one included
 */
void
gaws_client_config_set_max_attempts (GawsClientConfig *self,
                                     guint             max_attempts)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_object_set (self, "max-attempts", max_attempts, NULL);
}

/**
 * gaws_client_config_get_retry_mode:
 * @self: a #GawsClientConfig
 *
 * Returns: the retry mode, or %GAWS_RETRY_MODE_UNSET
 */
GawsRetryMode
gaws_client_config_get_retry_mode (GawsClientConfig *self)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), GAWS_RETRY_MODE_UNSET);
  return self->retry_mode;
}

/**
 * gaws_client_config_set_retry_mode:
 * @self: a #GawsClientConfig
 * @retry_mode: a retry mode, or %GAWS_RETRY_MODE_UNSET
 */
void
gaws_client_config_set_retry_mode (GawsClientConfig *self,
                                   GawsRetryMode     retry_mode)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_object_set (self, "retry-mode", retry_mode, NULL);
}

/**
 * gaws_client_config_get_connect_timeout_ms:
 * @self: a #GawsClientConfig
 *
 * Returns: the connect timeout in milliseconds, or 0 if unset
 */
guint
gaws_client_config_get_connect_timeout_ms (GawsClientConfig *self)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), 0);
  return self->connect_timeout_ms;
}

/**
 * gaws_client_config_set_connect_timeout_ms:
 * @self: a #GawsClientConfig
 * @timeout_ms: the connect timeout in milliseconds
 */
void
gaws_client_config_set_connect_timeout_ms (GawsClientConfig *self,
                                           guint             timeout_ms)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_object_set (self, "connect-timeout-ms", timeout_ms, NULL);
}

/**
 * gaws_client_config_get_read_timeout_ms:
 * @self: a #GawsClientConfig
 *
 * Returns: the read timeout in milliseconds, or 0 if unset
 */
guint
gaws_client_config_get_read_timeout_ms (GawsClientConfig *self)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), 0);
  return self->read_timeout_ms;
}

/**
 * gaws_client_config_set_read_timeout_ms:
 * @self: a #GawsClientConfig
 * @timeout_ms: the read timeout in milliseconds
 */
void
gaws_client_config_set_read_timeout_ms (GawsClientConfig *self,
                                        guint             timeout_ms)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_object_set (self, "read-timeout-ms", timeout_ms, NULL);
}

/**
 * gaws_client_config_get_max_pool_connections:
 * @self: a #GawsClientConfig
 *
 * Returns: the most connections kept open, or 0 if unset
 */
guint
gaws_client_config_get_max_pool_connections (GawsClientConfig *self)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), 0);
  return self->max_pool_connections;
}

/**
 * gaws_client_config_set_max_pool_connections:
 * @self: a #GawsClientConfig
 * @max_pool_connections: the most connections to keep open
 */
void
gaws_client_config_set_max_pool_connections (GawsClientConfig *self,
                                             guint             max_pool_connections)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_object_set (self, "max-pool-connections", max_pool_connections, NULL);
}

/**
 * gaws_client_config_get_tcp_keepalive:
 * @self: a #GawsClientConfig
 *
 * Returns: whether TCP keep-alive is on (see gaws_client_config_is_set())
 */
gboolean
gaws_client_config_get_tcp_keepalive (GawsClientConfig *self)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), FALSE);
  return self->tcp_keepalive;
}

/**
 * gaws_client_config_set_tcp_keepalive:
 * @self: a #GawsClientConfig
 * @tcp_keepalive: whether to turn on TCP keep-alive
 */
void
gaws_client_config_set_tcp_keepalive (GawsClientConfig *self,
                                      gboolean          tcp_keepalive)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_object_set (self, "tcp-keepalive", tcp_keepalive, NULL);
}

/**
 * gaws_client_config_get_user_agent_extra:
 * @self: a #GawsClientConfig
 *
 * Returns: (nullable): the User-Agent suffix, or %NULL if unset
 */
const char *
gaws_client_config_get_user_agent_extra (GawsClientConfig *self)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), NULL);
  return self->user_agent_extra;
}

/**
 * gaws_client_config_set_user_agent_extra:
 * @self: a #GawsClientConfig
 * @user_agent_extra: (nullable): text to append to the User-Agent header
 */
void
gaws_client_config_set_user_agent_extra (GawsClientConfig *self,
                                         const char       *user_agent_extra)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_object_set (self, "user-agent-extra", user_agent_extra, NULL);
}

/**
 * gaws_client_config_get_s3_addressing_style:
 * @self: a #GawsClientConfig
 *
 * Returns: the S3 addressing style, or %GAWS_S3_ADDRESSING_STYLE_UNSET
 */
GawsS3AddressingStyle
gaws_client_config_get_s3_addressing_style (GawsClientConfig *self)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), GAWS_S3_ADDRESSING_STYLE_UNSET);
  return self->s3_addressing_style;
}

/**
 * gaws_client_config_set_s3_addressing_style:
 * @self: a #GawsClientConfig
 * @style: an addressing style, or %GAWS_S3_ADDRESSING_STYLE_UNSET
 */
void
gaws_client_config_set_s3_addressing_style (GawsClientConfig      *self,
                                            GawsS3AddressingStyle  style)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_object_set (self, "s3-addressing-style", style, NULL);
}

/**
 * gaws_client_config_get_request_checksum_calculation:
 * @self: a #GawsClientConfig
 *
 * Returns: the request checksum policy, or %GAWS_CHECKSUM_POLICY_UNSET
 */
GawsChecksumPolicy
gaws_client_config_get_request_checksum_calculation (GawsClientConfig *self)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), GAWS_CHECKSUM_POLICY_UNSET);
  return self->request_checksum_calculation;
}

/**
 * gaws_client_config_set_request_checksum_calculation:
 * @self: a #GawsClientConfig
 * @policy: a policy, or %GAWS_CHECKSUM_POLICY_UNSET
 */
void
gaws_client_config_set_request_checksum_calculation (GawsClientConfig   *self,
                                                     GawsChecksumPolicy  policy)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_object_set (self, "request-checksum-calculation", policy, NULL);
}

/**
 * gaws_client_config_get_response_checksum_validation:
 * @self: a #GawsClientConfig
 *
 * Returns: the response checksum policy, or %GAWS_CHECKSUM_POLICY_UNSET
 */
GawsChecksumPolicy
gaws_client_config_get_response_checksum_validation (GawsClientConfig *self)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), GAWS_CHECKSUM_POLICY_UNSET);
  return self->response_checksum_validation;
}

/**
 * gaws_client_config_set_response_checksum_validation:
 * @self: a #GawsClientConfig
 * @policy: a policy, or %GAWS_CHECKSUM_POLICY_UNSET
 */
void
gaws_client_config_set_response_checksum_validation (GawsClientConfig   *self,
                                                     GawsChecksumPolicy  policy)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_object_set (self, "response-checksum-validation", policy, NULL);
}

/**
 * gaws_client_config_get_ca_bundle:
 * @self: a #GawsClientConfig
 *
 * Returns: (nullable) (type filename): the certificate bundle, or %NULL if unset
 */
const char *
gaws_client_config_get_ca_bundle (GawsClientConfig *self)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), NULL);
  return self->ca_bundle;
}

/**
 * gaws_client_config_set_ca_bundle:
 * @self: a #GawsClientConfig
 * @ca_bundle: (nullable) (type filename): a PEM certificate bundle, or %NULL
 */
void
gaws_client_config_set_ca_bundle (GawsClientConfig *self,
                                  const char       *ca_bundle)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_object_set (self, "ca-bundle", ca_bundle, NULL);
}

/* ---- GawsResolvedConfig --------------------------------------------------- */

G_DEFINE_BOXED_TYPE (GawsResolvedConfig, gaws_resolved_config,
                     gaws_resolved_config_copy, gaws_resolved_config_free)

static GawsResolvedConfig *
resolved_config_new (void)
{
  return g_new0 (GawsResolvedConfig, 1);
}

/**
 * gaws_resolved_config_copy:
 * @config: a #GawsResolvedConfig
 *
 * Returns: (transfer full): a deep copy of @config
 */
GawsResolvedConfig *
gaws_resolved_config_copy (const GawsResolvedConfig *config)
{
  GawsResolvedConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);

  copy = g_memdup2 (config, sizeof *config);
  copy->region = g_strdup (config->region);
  copy->endpoint_url = g_strdup (config->endpoint_url);
  copy->user_agent_extra = g_strdup (config->user_agent_extra);
  copy->ca_bundle = g_strdup (config->ca_bundle);
  return copy;
}

/**
 * gaws_resolved_config_free:
 * @config: (transfer full) (nullable): a #GawsResolvedConfig
 */
void
gaws_resolved_config_free (GawsResolvedConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->region);
  g_free (config->endpoint_url);
  g_free (config->user_agent_extra);
  g_free (config->ca_bundle);
  g_free (config);
}

/* ---- resolution ----------------------------------------------------------- */

typedef struct {
  GawsClientConfig *config;    /* nullable */
  GawsSession      *session;   /* nullable */
  const char       *profile;   /* the session's, or NULL */
  char             *service;   /* `DYNAMODB`, or NULL */
} Resolver;

/* A configured value and, for error messages, where it was found. */
typedef struct {
  const char *value;
  char       *source;
} Setting;

static void
setting_clear (Setting *setting)
{
  g_clear_pointer (&setting->source, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Setting, setting_clear)

static gboolean
is_set (Resolver *resolver,
        guint     prop_id)
{
  return resolver->config != NULL && (resolver->config->set_mask & (1u << prop_id)) != 0;
}

static const char *
getenv_nonempty (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? value : NULL;
}

static gboolean
find_in_environment (const char *variable,
                     Setting    *setting)
{
  setting->value = variable ? getenv_nonempty (variable) : NULL;
  if (setting->value == NULL)
    return FALSE;
  setting->source = g_strdup_printf ("the environment variable %s", variable);
  return TRUE;
}

static gboolean
find_in_profile (Resolver   *resolver,
                 const char *key,
                 Setting    *setting)
{
  const char *value;

  if (resolver->session == NULL)
    return FALSE;
  value = gaws_session_get_profile_value (resolver->session, resolver->profile, key);
  if (value == NULL || *value == '\0')
    return FALSE;
  setting->value = value;
  setting->source = g_strdup_printf ("%s (profile %s)",
                                     gaws_session_get_profile_value_origin (resolver->session,
                                                                            resolver->profile, key),
                                     resolver->profile);
  return TRUE;
}

/* The environment, then the profile: botocore's config store order below
 * an explicit client setting. */
static gboolean
find_setting (Resolver   *resolver,
              const char *variable,
              const char *key,
              Setting    *setting)
{
  return find_in_environment (variable, setting) || find_in_profile (resolver, key, setting);
}

static gboolean
invalid_value (GError     **error,
               const char  *value,
               const char  *name,
               const char  *source,
               const char  *expected)
{
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
               "Invalid value \"%s\" for %s from %s: %s", value, name, source, expected);
  return FALSE;
}

/* botocore's ensure_boolean: "true" in any case is true, anything else false. */
static gboolean
parse_boolean (const char *text)
{
  return g_ascii_strcasecmp (text, "true") == 0;
}

static gboolean
resolve_region (Resolver            *resolver,
                GawsResolvedConfig  *resolved,
                GError             **error)
{
  const char *region = NULL;

  if (is_set (resolver, PROP_REGION))
    region = resolver->config->region;
  else if (resolver->session != NULL)
    region = gaws_session_get_region (resolver->session);
  else
    region = getenv_nonempty ("AWS_REGION") ? getenv_nonempty ("AWS_REGION")
                                            : getenv_nonempty ("AWS_DEFAULT_REGION");
  resolved->region = g_strdup (region);
  return TRUE;
}

static gboolean
ignores_configured_endpoints (Resolver *resolver)
{
  g_auto(Setting) setting = { 0 };

  return find_setting (resolver, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                       "ignore_configured_endpoint_urls", &setting) &&
         parse_boolean (setting.value);
}

/* The profile's `services = name` points at a `[services name]` section
 * holding per-service nested `endpoint_url`s. */
static gboolean
find_services_endpoint (Resolver    *resolver,
                        const char **endpoint_url,
                        GError     **error)
{
  GawsConfigFile *config_file;
  const char *section;
  g_autofree char *service_key = NULL;
  g_auto(GStrv) keys = NULL;

  if (resolver->session == NULL || resolver->service == NULL)
    return TRUE;
  section = gaws_session_get_profile_value (resolver->session, resolver->profile, "services");
  if (section == NULL || *section == '\0')
    return TRUE;
  config_file = gaws_session_get_config_file (resolver->session);
  keys = config_file ? gaws_config_file_list_keys (config_file, GAWS_CONFIG_SECTION_SERVICES,
                                                   section) : NULL;
  if (keys == NULL || keys[0] == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                   "The profile is configured to use the services section but the \"%s\" "
                   "services configuration does not exist.", section);
      return FALSE;
    }
  service_key = g_ascii_strdown (resolver->service, -1);
  *endpoint_url = gaws_config_file_get_nested_value (config_file, GAWS_CONFIG_SECTION_SERVICES,
                                                     section, service_key, "endpoint_url");
  return TRUE;
}

static gboolean
resolve_endpoint_url (Resolver            *resolver,
                      GawsResolvedConfig  *resolved,
                      GError             **error)
{
  g_autofree char *service_variable = NULL;
  g_auto(Setting) setting = { 0 };
  const char *url = NULL;

  if (is_set (resolver, PROP_ENDPOINT_URL))
    {
      resolved->endpoint_url = g_strdup (resolver->config->endpoint_url);
      return TRUE;
    }
  if (ignores_configured_endpoints (resolver))
    return TRUE;
  if (resolver->service != NULL)
    service_variable = g_strconcat ("AWS_ENDPOINT_URL_", resolver->service, NULL);
  url = service_variable ? getenv_nonempty (service_variable) : NULL;
  if (url == NULL)
    url = getenv_nonempty ("AWS_ENDPOINT_URL");
  if (url == NULL && !find_services_endpoint (resolver, &url, error))
    return FALSE;
  if (url == NULL && find_in_profile (resolver, "endpoint_url", &setting))
    url = setting.value;
  resolved->endpoint_url = g_strdup (url);
  return TRUE;
}

static gboolean
parse_retry_mode (const char    *text,
                  GawsRetryMode *mode)
{
  static const char *const names[] = { NULL, "legacy", "standard", "adaptive" };

  for (guint i = 1; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (text, names[i]))
      {
        *mode = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
resolve_retry_mode (Resolver            *resolver,
                    GawsResolvedConfig  *resolved,
                    GError             **error)
{
  g_auto(Setting) setting = { 0 };

  resolved->retry_mode = GAWS_RETRY_MODE_LEGACY;
  if (is_set (resolver, PROP_RETRY_MODE))
    resolved->retry_mode = resolver->config->retry_mode;
  else if (find_setting (resolver, "AWS_RETRY_MODE", "retry_mode", &setting) &&
           !parse_retry_mode (setting.value, &resolved->retry_mode))
    return invalid_value (error, setting.value, "retry_mode", setting.source,
                          "must be one of: legacy, standard, adaptive");
  return TRUE;
}

static gboolean
check_positive (guint        value,
                const char  *name,
                GError     **error)
{
  g_autofree char *text = NULL;

  if (value > 0)
    return TRUE;
  text = g_strdup_printf ("%u", value);
  return invalid_value (error, text, name, "the client config",
                        "must be an integer greater than or equal to 1");
}

static gboolean
resolve_max_attempts (Resolver            *resolver,
                      GawsResolvedConfig  *resolved,
                      GError             **error)
{
  g_auto(Setting) setting = { 0 };
  guint64 attempts = 0;

  if (is_set (resolver, PROP_MAX_ATTEMPTS))
    {
      resolved->max_attempts = resolver->config->max_attempts;
      return check_positive (resolved->max_attempts, "max_attempts", error);
    }
  if (find_setting (resolver, "AWS_MAX_ATTEMPTS", "max_attempts", &setting))
    {
      if (!g_ascii_string_to_unsigned (setting.value, 10, 1, G_MAXINT, &attempts, NULL))
        return invalid_value (error, setting.value, "max_attempts", setting.source,
                              "must be an integer greater than or equal to 1");
      resolved->max_attempts = attempts;
      return TRUE;
    }
  resolved->max_attempts = resolved->retry_mode == GAWS_RETRY_MODE_LEGACY
                           ? LEGACY_MAX_ATTEMPTS : STANDARD_MAX_ATTEMPTS;
  return TRUE;
}

static gboolean
resolve_client_only (Resolver            *resolver,
                     guint                prop_id,
                     guint                fallback,
                     guint               *out,
                     const char          *name,
                     GError             **error)
{
  if (!is_set (resolver, prop_id))
    {
      *out = fallback;
      return TRUE;
    }
  g_object_get (resolver->config, properties[prop_id]->name, out, NULL);
  return check_positive (*out, name, error);
}

static gboolean
resolve_connection (Resolver            *resolver,
                    GawsResolvedConfig  *resolved,
                    GError             **error)
{
  g_auto(Setting) setting = { 0 };

  if (!resolve_client_only (resolver, PROP_CONNECT_TIMEOUT_MS, DEFAULT_TIMEOUT_MS,
                            &resolved->connect_timeout_ms, "connect_timeout_ms", error) ||
      !resolve_client_only (resolver, PROP_READ_TIMEOUT_MS, DEFAULT_TIMEOUT_MS,
                            &resolved->read_timeout_ms, "read_timeout_ms", error) ||
      !resolve_client_only (resolver, PROP_MAX_POOL_CONNECTIONS, DEFAULT_MAX_POOL_CONNECTIONS,
                            &resolved->max_pool_connections, "max_pool_connections", error))
    return FALSE;

  if (is_set (resolver, PROP_TCP_KEEPALIVE))
    resolved->tcp_keepalive = resolver->config->tcp_keepalive;
  else if (find_setting (resolver, "BOTOCORE_TCP_KEEPALIVE", "tcp_keepalive", &setting))
    resolved->tcp_keepalive = parse_boolean (setting.value);

  if (resolver->config != NULL)
    resolved->user_agent_extra = g_strdup (resolver->config->user_agent_extra);
  return TRUE;
}

static gboolean
resolve_ca_bundle (Resolver            *resolver,
                   GawsResolvedConfig  *resolved,
                   GError             **error)
{
  g_auto(Setting) setting = { 0 };

  if (is_set (resolver, PROP_CA_BUNDLE))
    resolved->ca_bundle = g_strdup (resolver->config->ca_bundle);
  else if (find_setting (resolver, "AWS_CA_BUNDLE", "ca_bundle", &setting))
    resolved->ca_bundle = g_strdup (setting.value);
  return TRUE;
}

static gboolean
resolve_checksum_policy (Resolver            *resolver,
                         guint                prop_id,
                         const char          *variable,
                         const char          *key,
                         GawsChecksumPolicy  *policy,
                         GError             **error)
{
  g_auto(Setting) setting = { 0 };

  *policy = GAWS_CHECKSUM_POLICY_WHEN_SUPPORTED;
  if (is_set (resolver, prop_id))
    {
      g_object_get (resolver->config, properties[prop_id]->name, policy, NULL);
      return TRUE;
    }
  if (!find_setting (resolver, variable, key, &setting))
    return TRUE;
  if (g_ascii_strcasecmp (setting.value, "when_supported") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (setting.value, "when_required") == 0)
    {
      *policy = GAWS_CHECKSUM_POLICY_WHEN_REQUIRED;
      return TRUE;
    }
  return invalid_value (error, setting.value, key, setting.source,
                        "must be one of: when_supported, when_required");
}

/* botocore's _compute_request_compression_config, with the range of the
 * AWS SDKs' reference. */
static gboolean
resolve_request_compression (Resolver            *resolver,
                             GawsResolvedConfig  *resolved,
                             GError             **error)
{
  g_auto(Setting) disable = { 0 };
  g_auto(Setting) min_size = { 0 };
  guint64 size;

  if (is_set (resolver, PROP_DISABLE_REQUEST_COMPRESSION))
    resolved->disable_request_compression = resolver->config->disable_request_compression;
  else if (find_setting (resolver, "AWS_DISABLE_REQUEST_COMPRESSION", "disable_request_compression", &disable))
    resolved->disable_request_compression = parse_boolean (disable.value);

  resolved->request_min_compression_size_bytes = GAWS_DEFAULT_MIN_COMPRESSION_SIZE_BYTES;
  if (is_set (resolver, PROP_REQUEST_MIN_COMPRESSION_SIZE_BYTES))
    resolved->request_min_compression_size_bytes = resolver->config->request_min_compression_size_bytes;
  else if (find_setting (resolver, "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES",
                         "request_min_compression_size_bytes", &min_size))
    {
      if (!g_ascii_string_to_unsigned (min_size.value, 10, 0, GAWS_MAX_MIN_COMPRESSION_SIZE_BYTES, &size, NULL))
        return invalid_value (error, min_size.value, "request_min_compression_size_bytes", min_size.source,
                              "must be an integer between 0 and 10485760");
      resolved->request_min_compression_size_bytes = size;
    }
  return TRUE;
}

static gboolean
resolve_s3_addressing_style (Resolver            *resolver,
                             GawsResolvedConfig  *resolved,
                             GError             **error)
{
  static const char *const names[] = { NULL, "auto", "virtual", "path" };
  const char *text = NULL;
  g_autofree char *source = NULL;

  resolved->s3_addressing_style = GAWS_S3_ADDRESSING_STYLE_AUTO;
  if (is_set (resolver, PROP_S3_ADDRESSING_STYLE))
    {
      resolved->s3_addressing_style = resolver->config->s3_addressing_style;
      return TRUE;
    }
  if (resolver->session != NULL)
    text = gaws_session_get_profile_nested_value (resolver->session, resolver->profile,
                                                  "s3", "addressing_style");
  if (text == NULL || *text == '\0')
    return TRUE;
  for (guint i = 1; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (text, names[i]))
      {
        resolved->s3_addressing_style = i;
        return TRUE;
      }
  source = g_strdup_printf ("%s (profile %s)",
                            gaws_session_get_profile_value_origin (resolver->session,
                                                                   resolver->profile, "s3"),
                            resolver->profile);
  return invalid_value (error, text, "s3.addressing_style", source,
                        "must be one of: auto, virtual, path");
}

/* `dynamodb`, `Elastic Load Balancing` → `DYNAMODB`, `ELASTIC_LOAD_BALANCING`. */
static char *
normalize_service (const char *service_env_name)
{
  char *service;

  if (service_env_name == NULL || *service_env_name == '\0')
    return NULL;
  service = g_ascii_strup (service_env_name, -1);
  g_strdelimit (service, "- ", '_');
  return service;
}

static gboolean
resolver_init (Resolver          *resolver,
               GawsClientConfig  *config,
               GawsSession       *session,
               const char        *service_env_name,
               GError           **error)
{
  resolver->config = config;
  resolver->session = session;
  resolver->service = normalize_service (service_env_name);
  if (session == NULL)
    return TRUE;
  if (!gaws_session_is_loaded (session))
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                           "The session is not loaded: call gaws_session_load_async() "
                           "before resolving a client configuration");
      return FALSE;
    }
  resolver->profile = gaws_session_get_profile_name (session);
  return gaws_session_check_profile (session, error);
}

/**
 * gaws_client_config_resolve:
 * @config: (nullable): the client's own settings, or %NULL
 * @session: (nullable): a loaded session, or %NULL to use only @config,
 *   the environment and the defaults
 * @service_env_name: (nullable): the service's name as it appears in
 *   `AWS_ENDPOINT_URL_<SERVICE>`, such as `DYNAMODB` or `S3`
 * @error: return location for a #GError
 *
 * Works out the settings a client runs with, each from the first source
 * that has it, as botocore does: @config, then the environment, then the
 * session's active profile, then the defaults (legacy retries with 5
 * attempts in all, or 3 in the standard and adaptive modes; 60 s connect
 * and read timeouts; 10 pooled connections; request bodies of 10240 bytes
 * and more compressed where the operation allows it).
 *
 * The endpoint URL comes from #GawsClientConfig:endpoint-url, else (unless
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` or the profile's
 * `ignore_configured_endpoint_urls` is true) from
 * `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the service's
 * `endpoint_url` in the profile's `[services ...]` section, and the
 * profile's `endpoint_url`.
 *
 * An invalid value fails with #GAWS_ERROR_CONFIG naming where it came
 * from; so does a profile that was named but does not exist.
 *
 * Returns: (transfer full) (nullable): the resolved settings, or %NULL
 *   with @error set
 */
GawsResolvedConfig *
gaws_client_config_resolve (GawsClientConfig  *config,
                            GawsSession       *session,
                            const char        *service_env_name,
                            GError           **error)
{
  Resolver resolver = { 0 };
  g_autoptr(GawsResolvedConfig) resolved = resolved_config_new ();
  gboolean ok;

  g_return_val_if_fail (config == NULL || GAWS_IS_CLIENT_CONFIG (config), NULL);
  g_return_val_if_fail (session == NULL || GAWS_IS_SESSION (session), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ok = resolver_init (&resolver, config, session, service_env_name, error) &&
       resolve_region (&resolver, resolved, error) &&
       resolve_endpoint_url (&resolver, resolved, error) &&
       resolve_retry_mode (&resolver, resolved, error) &&
       resolve_max_attempts (&resolver, resolved, error) &&
       resolve_connection (&resolver, resolved, error) &&
       resolve_ca_bundle (&resolver, resolved, error) &&
       resolve_s3_addressing_style (&resolver, resolved, error) &&
       resolve_checksum_policy (&resolver, PROP_REQUEST_CHECKSUM_CALCULATION,
                                "AWS_REQUEST_CHECKSUM_CALCULATION",
                                "request_checksum_calculation",
                                &resolved->request_checksum_calculation, error) &&
       resolve_checksum_policy (&resolver, PROP_RESPONSE_CHECKSUM_VALIDATION,
                                "AWS_RESPONSE_CHECKSUM_VALIDATION",
                                "response_checksum_validation",
                                &resolved->response_checksum_validation, error) &&
       resolve_request_compression (&resolver, resolved, error);
  g_free (resolver.service);
  return ok ? g_steal_pointer (&resolved) : NULL;
}

/**
 * gaws_client_config_get_operation_timeout_ms:
 * @self: a #GawsClientConfig
 *
 * Returns: the operation timeout in milliseconds, or 0 for none
 */
guint
gaws_client_config_get_operation_timeout_ms (GawsClientConfig *self)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), 0);
  return self->operation_timeout_ms;
}

/**
 * gaws_client_config_set_operation_timeout_ms:
 * @self: a #GawsClientConfig
 * @timeout_ms: the operation timeout in milliseconds, 0 for none
 */
void
gaws_client_config_set_operation_timeout_ms (GawsClientConfig *self,
                                             guint             timeout_ms)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_object_set (self, "operation-timeout-ms", timeout_ms, NULL);
}

/**
 * gaws_client_config_get_attempt_timeout_ms:
 * @self: a #GawsClientConfig
 *
 * Returns: the per-attempt timeout in milliseconds, or 0 for none
 */
guint
gaws_client_config_get_attempt_timeout_ms (GawsClientConfig *self)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), 0);
  return self->attempt_timeout_ms;
}

/**
 * gaws_client_config_set_attempt_timeout_ms:
 * @self: a #GawsClientConfig
 * @timeout_ms: the per-attempt timeout in milliseconds, 0 for none
 */
void
gaws_client_config_set_attempt_timeout_ms (GawsClientConfig *self,
                                           guint             timeout_ms)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_object_set (self, "attempt-timeout-ms", timeout_ms, NULL);
}

/**
 * gaws_client_config_get_stalled_stream_protection:
 * @self: a #GawsClientConfig
 * @grace_period_ms: (out) (optional): the grace period in milliseconds
 * @min_throughput: (out) (optional): the floor in bytes per second
 *
 * The stalled-stream protection settings, defaults filled in: on, 5 s,
 * 1 byte/s.
 *
 * Returns: whether stalled-stream protection is on
 */
gboolean
gaws_client_config_get_stalled_stream_protection (GawsClientConfig *self,
                                                  guint            *grace_period_ms,
                                                  guint            *min_throughput)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), FALSE);
  if (grace_period_ms)
    *grace_period_ms = (self->set_mask & (1u << PROP_STALLED_STREAM_GRACE_PERIOD_MS))
                       ? self->stalled_stream_grace_period_ms : 5000;
  if (min_throughput)
    *min_throughput = (self->set_mask & (1u << PROP_STALLED_STREAM_MIN_THROUGHPUT))
                      ? self->stalled_stream_min_throughput : 1;
  return !(self->set_mask & (1u << PROP_STALLED_STREAM_PROTECTION)) || self->stalled_stream_protection;
}

/**
 * gaws_client_config_set_stalled_stream_protection:
 * @self: a #GawsClientConfig
 * @enabled: whether to fail bodies that stall
 * @grace_period_ms: how long a body may move too slowly, in milliseconds
 * @min_throughput: the slowest acceptable rate, in bytes per second
 *
 * Sets #GawsClientConfig:stalled-stream-protection,
 * #GawsClientConfig:stalled-stream-grace-period-ms and
 * #GawsClientConfig:stalled-stream-min-throughput.
 */
void
gaws_client_config_set_stalled_stream_protection (GawsClientConfig *self,
                                                  gboolean          enabled,
                                                  guint             grace_period_ms,
                                                  guint             min_throughput)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_object_set (self, "stalled-stream-protection", enabled,
                "stalled-stream-grace-period-ms", grace_period_ms,
                "stalled-stream-min-throughput", min_throughput, NULL);
}

/**
 * gaws_client_config_get_disable_request_compression:
 * @self: a #GawsClientConfig
 *
 * Returns: the #GawsClientConfig:disable-request-compression setting
 */
gboolean
gaws_client_config_get_disable_request_compression (GawsClientConfig *self)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), FALSE);
  return self->disable_request_compression;
}

/**
 * gaws_client_config_set_disable_request_compression:
 * @self: a #GawsClientConfig
 * @disable: %TRUE to never compress request bodies
 */
void
gaws_client_config_set_disable_request_compression (GawsClientConfig *self,
                                                    gboolean          disable)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_object_set (self, "disable-request-compression", disable, NULL);
}

/**
 * gaws_client_config_get_request_min_compression_size_bytes:
 * @self: a #GawsClientConfig
 *
 * Returns: the #GawsClientConfig:request-min-compression-size-bytes
 *   setting, 10240 when unset
 */
guint
gaws_client_config_get_request_min_compression_size_bytes (GawsClientConfig *self)
{
  g_return_val_if_fail (GAWS_IS_CLIENT_CONFIG (self), GAWS_DEFAULT_MIN_COMPRESSION_SIZE_BYTES);
  return (self->set_mask & (1u << PROP_REQUEST_MIN_COMPRESSION_SIZE_BYTES))
         ? self->request_min_compression_size_bytes : GAWS_DEFAULT_MIN_COMPRESSION_SIZE_BYTES;
}

/**
 * gaws_client_config_set_request_min_compression_size_bytes:
 * @self: a #GawsClientConfig
 * @size: the smallest body to compress, in bytes, at most 10485760
 */
void
gaws_client_config_set_request_min_compression_size_bytes (GawsClientConfig *self,
                                                           guint             size)
{
  g_return_if_fail (GAWS_IS_CLIENT_CONFIG (self));
  g_return_if_fail (size <= GAWS_MAX_MIN_COMPRESSION_SIZE_BYTES);
  g_object_set (self, "request-min-compression-size-bytes", size, NULL);
}
