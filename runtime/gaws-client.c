/* gaws-client.c: the base of every service client
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-client.h"
#include "gaws-client-private.h"
#include "gaws-decimal-private.h"

#include <string.h>

#include "gaws-checksum.h"
#include "gaws-checksum-input-stream.h"
#include "gaws-endpoint-rules.h"
#include "gaws-error.h"
#include "gaws-event-stream-private.h"
#include "gaws-http-engine-private.h"
#include "gaws-http-request-private.h"
#include "gaws-protocol-util.h"
#include "gaws-scratch-private.h"
#include "gaws-retry-strategy.h"
#include "gaws-service-error.h"
#include "gaws-session-private.h"

/**
 * GawsClient:
 *
 * The transport every service client shares: it resolves the region,
 * endpoint and retry settings from the #GawsSession and #GawsClientConfig
 * once, then for each request fetches credentials, signs with SigV4, sends
 * through its #GawsHttpEngine and retries as the retry mode says. Generated
 * clients derive from it and add typed operations; gaws_client_send_async()
 * is also usable directly for raw requests.
 */

#define GAWS_USER_AGENT "gaws/" GAWS_VERSION " GLib/" G_STRINGIFY (GLIB_MAJOR_VERSION) "." G_STRINGIFY (GLIB_MINOR_VERSION)
#define ERROR_BODY_LIMIT (1024 * 1024)   /* an error body larger than this is cut */
/* A server clock further off than this, on an error that says the
 * signature's time was wrong, is taken as our clock being off (the Java
 * and Rust SDKs use the same threshold). */
#define CLOCK_SKEW_THRESHOLD_US ((gint64) 4 * 60 * G_USEC_PER_SEC)

typedef enum {
  PREPARE_NOT_STARTED,
  PREPARE_RUNNING,
  PREPARE_DONE,
} PrepareState;

typedef struct {
  GawsSession                 *session;
  GawsClientConfig            *config;
  const GawsClientServiceInfo *service;
  GMainContext                *context;

  PrepareState                 prepare_state;
  GQueue                       prepare_waiters;   /* GTasks */
  GError                      *prepare_error;

  char                        *region;
  char                        *signing_region;
  char                        *signing_name;
  GawsEndpointRules           *endpoint_rules;    /* nullable */
  json_t                      *endpoint_builtins; /* AWS::Region, SDK::Endpoint, ... */
  char                        *endpoint_url;
  GawsHttpRequest             *endpoint;          /* scheme, host, port, base path */
  char                        *user_agent;
  GawsHttpEngine              *engine;
  GawsRetryStrategy           *retry;
  GawsSigv4Signer             *signer;
  gint64                       clock_offset_us;   /* server time minus ours */
} GawsClientPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (GawsClient, gaws_client, G_TYPE_OBJECT)

enum { PROP_0, PROP_SESSION, PROP_CONFIG, PROP_SERVICE_INFO, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
gaws_client_finalize (GObject *object)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (GAWS_CLIENT (object));

  g_clear_object (&priv->session);
  g_clear_object (&priv->config);
  g_clear_pointer (&priv->context, g_main_context_unref);
  g_clear_error (&priv->prepare_error);
  g_free (priv->region);
  g_free (priv->signing_region);
  g_free (priv->signing_name);
  g_clear_pointer (&priv->endpoint_rules, gaws_endpoint_rules_unref);
  g_clear_pointer (&priv->endpoint_builtins, json_decref);
  g_free (priv->endpoint_url);
  g_clear_object (&priv->endpoint);
  g_free (priv->user_agent);
  g_clear_object (&priv->engine);
  g_clear_object (&priv->retry);
  g_clear_object (&priv->signer);
  G_OBJECT_CLASS (gaws_client_parent_class)->finalize (object);
}

static void
gaws_client_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (GAWS_CLIENT (object));

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, priv->session);
      break;
    case PROP_CONFIG:
      g_value_set_object (value, priv->config);
      break;
    case PROP_SERVICE_INFO:
      g_value_set_pointer (value, (gpointer) priv->service);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_client_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (GAWS_CLIENT (object));

  switch (prop_id)
    {
    case PROP_SESSION:
      priv->session = g_value_dup_object (value);
      break;
    case PROP_CONFIG:
      priv->config = g_value_dup_object (value);
      break;
    case PROP_SERVICE_INFO:
      priv->service = g_value_get_pointer (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_client_constructed (GObject *object)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (GAWS_CLIENT (object));

  G_OBJECT_CLASS (gaws_client_parent_class)->constructed (object);
  if (priv->session == NULL)
    priv->session = gaws_session_new ();
  if (priv->config == NULL)
    priv->config = gaws_client_config_new ();
  g_return_if_fail (priv->service != NULL);
}

static void
gaws_client_class_init (GawsClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gaws_client_finalize;
  object_class->get_property = gaws_client_get_property;
  object_class->set_property = gaws_client_set_property;
  object_class->constructed = gaws_client_constructed;

  /**
   * GawsClient:session:
   *
   * The session whose credentials and configuration the client uses.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, GAWS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * GawsClient:config:
   *
   * The client's own settings, over those of the session.
   */
  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, GAWS_TYPE_CLIENT_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * GawsClient:service-info: (skip)
   *
   * The static #GawsClientServiceInfo of the service. Left out of the
   * bindings: a raw pointer to C tables, which generated clients set.
   */
  properties[PROP_SERVICE_INFO] =
    g_param_spec_pointer ("service-info", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gaws_client_init (GawsClient *self)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);

  /* The engine's sources live on the context the client was made on. */
  priv->context = g_main_context_ref_thread_default ();
  g_queue_init (&priv->prepare_waiters);
}

/**
 * gaws_client_new:
 * @session: (nullable): the session, or %NULL for a default one
 * @config: (nullable): client settings, or %NULL
 * @service: the service, in static storage
 *
 * Makes a client for raw requests to @service. Generated clients have their
 * own constructors. Nothing is read or resolved until the first request.
 *
 * Returns: (transfer full): a new client
 */
GawsClient *
gaws_client_new (GawsSession                 *session,
                 GawsClientConfig            *config,
                 const GawsClientServiceInfo *service)
{
  g_return_val_if_fail (service != NULL, NULL);
  return g_object_new (GAWS_TYPE_CLIENT, "session", session, "config", config,
                       "service-info", service, NULL);
}

/**
 * gaws_client_get_session:
 * @self: a #GawsClient
 *
 * Returns: (transfer none): the session
 */
GawsSession *
gaws_client_get_session (GawsClient *self)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);
  return priv->session;
}

/**
 * gaws_client_get_config:
 * @self: a #GawsClient
 *
 * Returns: (transfer none): the client's settings
 */
GawsClientConfig *
gaws_client_get_config (GawsClient *self)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);
  return priv->config;
}

/**
 * gaws_client_get_service_info: (skip)
 * @self: a #GawsClient
 *
 * Left out of the bindings: the static C tables of a generated client,
 * with nothing a binding could use.
 *
 * Returns: the service description
 */
const GawsClientServiceInfo *
gaws_client_get_service_info (GawsClient *self)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);
  return priv->service;
}

/**
 * gaws_client_get_model: (skip)
 * @self: a #GawsClient
 *
 * The descriptor tables of the client's service: what the runtime's
 * by-name calls (paginators, waiters, resources, the DynamoDB table and
 * S3 transfers) look operations and shapes up in. Left out of the
 * bindings, as the tables are static C data that the runtime reads for
 * them.
 *
 * Returns: (nullable): the service's tables, or %NULL for a client made
 *   without them (gaws_client_new() with a bare #GawsClientServiceInfo)
 */
const GawsServiceInfo *
gaws_client_get_model (GawsClient *self)
{
  GawsClientPrivate *priv;

  g_return_val_if_fail (GAWS_IS_CLIENT (self), NULL);
  priv = gaws_client_get_instance_private (self);
  return priv->service != NULL ? priv->service->model : NULL;
}

/**
 * gaws_client_get_region:
 * @self: a #GawsClient
 *
 * Returns: (nullable): the resolved region, once the client is prepared
 */
const char *
gaws_client_get_region (GawsClient *self)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);
  return priv->region;
}

/**
 * gaws_client_get_endpoint_url:
 * @self: a #GawsClient
 *
 * Returns: (nullable): the resolved endpoint, once the client is prepared
 */
const char *
gaws_client_get_endpoint_url (GawsClient *self)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);
  return priv->endpoint_url;
}

/* ---- preparation: resolve settings once, for all requests ---- */

static char *
default_endpoint_url (const GawsClientServiceInfo *service, const char *region)
{
  /* Until the endpoint rules engine lands: the regional pattern, and the
   * partition-global host for services that sign with a fixed region. */
  if (service->global_region != NULL)
    return g_strdup_printf ("https://%s.amazonaws.com", service->endpoint_prefix);
  return g_strdup_printf ("https://%s.%s.amazonaws.com", service->endpoint_prefix, region);
}

/* The service's endpoint rules, evaluated with the client's built-ins:
 * the endpoint URL and the signing region and name of its auth scheme. */
static gboolean
apply_endpoint_rules (GawsClient *self, GawsResolvedConfig *resolved, GError **error)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);
  g_autoptr(GawsEndpoint) endpoint = NULL;

  /* A failed preparation runs again: drop what the last one left. */
  g_clear_pointer (&priv->endpoint_rules, gaws_endpoint_rules_unref);
  g_clear_pointer (&priv->endpoint_builtins, json_decref);
  priv->endpoint_rules = gaws_endpoint_rules_get_shared (priv->service->endpoint_rule_set_json, error);
  if (priv->endpoint_rules == NULL)
    return FALSE;
  priv->endpoint_builtins = json_pack ("{s:s, s:b, s:b}", "AWS::Region", priv->region,
                                       "AWS::UseFIPS", FALSE, "AWS::UseDualStack", FALSE);
  if (resolved->endpoint_url)
    json_object_set_new (priv->endpoint_builtins, "SDK::Endpoint", json_string (resolved->endpoint_url));
  endpoint = gaws_endpoint_rules_evaluate (priv->endpoint_rules, priv->endpoint_builtins, NULL, error);
  if (endpoint == NULL)
    return FALSE;
  priv->endpoint_url = g_strdup (gaws_endpoint_get_url (endpoint));
  /* With rules, the rules decide: a result without a signing region (STS's
   * regional endpoints) signs for the client's region, not the service's
   * global one. */
  g_free (priv->signing_region);
  priv->signing_region = g_strdup (gaws_endpoint_get_signing_region (endpoint)
                                     ? gaws_endpoint_get_signing_region (endpoint)
                                     : priv->region);
  if (gaws_endpoint_get_signing_name (endpoint))
    {
      g_free (priv->signing_name);
      priv->signing_name = g_strdup (gaws_endpoint_get_signing_name (endpoint));
    }
  return TRUE;
}

/**
 * gaws_client_resolve_endpoint: (skip)
 * @self: a prepared #GawsClient
 * @params: (nullable): a JSON object of endpoint parameters by name (such
 *   as `Bucket` or `ForcePathStyle`), over the client's built-ins
 * @error: return location for a #GError
 *
 * Evaluates the service's endpoint rules for one request, for parameters
 * that change per request, such as S3's `Bucket`. Left out of the
 * bindings: @params is a jansson `json_t`, which has no introspection data.
 *
 * Returns: (transfer full) (nullable): the endpoint, or %NULL with @error
 *   set, also when the service has no endpoint rules
 */
GawsEndpoint *
gaws_client_resolve_endpoint (GawsClient *self, json_t *params, GError **error)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);

  g_return_val_if_fail (GAWS_IS_CLIENT (self), NULL);
  if (priv->endpoint_rules == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG, "%s has no endpoint rules, or the client "
                   "is not prepared", priv->service->service_id);
      return NULL;
    }
  return gaws_endpoint_rules_evaluate (priv->endpoint_rules, priv->endpoint_builtins, params, error);
}

static void
apply_stall_protection (GawsClient *self)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);
  guint grace_ms = 0, min_rate = 0;
  gboolean enabled = gaws_client_config_get_stalled_stream_protection (priv->config, &grace_ms,
                                                                       &min_rate);

  gaws_http_engine_set_stall_protection (priv->engine, enabled ? grace_ms : 0, min_rate);
}

static gboolean
apply_resolved_config (GawsClient *self, GawsResolvedConfig *resolved, GError **error)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);
  const GawsClientServiceInfo *service = priv->service;
  const char *region = resolved->region;

  if (region == NULL && service->global_region == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                   "You must specify a region (AWS_REGION, the profile's region, or the "
                   "session's or client config's region property)");
      return FALSE;
    }
  priv->region = g_strdup (region ? region : service->global_region);
  priv->signing_region = g_strdup (service->global_region ? service->global_region : priv->region);
  g_free (priv->signing_name);
  priv->signing_name = g_strdup (service->signing_name);
  if (service->endpoint_rule_set_json != NULL)
    {
      if (!apply_endpoint_rules (self, resolved, error))
        return FALSE;
    }
  else
    priv->endpoint_url = resolved->endpoint_url ? g_strdup (resolved->endpoint_url)
                                                : default_endpoint_url (service, priv->region);
  priv->endpoint = gaws_http_request_new_for_url ("GET", priv->endpoint_url, error);
  if (priv->endpoint == NULL)
    {
      g_prefix_error (error, "Invalid endpoint URL “%s”: ", priv->endpoint_url);
      if (*error && (*error)->domain != GAWS_ERROR)
        {
          GError *wrapped = g_error_new_literal (GAWS_ERROR, GAWS_ERROR_CONFIG, (*error)->message);
          g_clear_error (error);
          *error = wrapped;
        }
      return FALSE;
    }
  priv->user_agent = resolved->user_agent_extra
                       ? g_strdup_printf ("%s %s", GAWS_USER_AGENT, resolved->user_agent_extra)
                       : g_strdup (GAWS_USER_AGENT);
  priv->retry = gaws_retry_strategy_new (resolved->retry_mode, resolved->max_attempts,
                                         service->service_id);
  priv->signer = gaws_sigv4_signer_new ();
  g_main_context_push_thread_default (priv->context);
  priv->engine = g_object_new (GAWS_TYPE_HTTP_ENGINE,
                               "max-connections", resolved->max_pool_connections,
                               "connect-timeout-ms", resolved->connect_timeout_ms,
                               "read-timeout-ms", resolved->read_timeout_ms,
                               "tcp-keepalive", resolved->tcp_keepalive,
                               "ca-file", resolved->ca_bundle,
                               NULL);
  g_main_context_pop_thread_default (priv->context);
  apply_stall_protection (self);
  return TRUE;
}

static void
finish_prepare (GawsClient *self, GError *error)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);
  GTask *waiter;

  priv->prepare_state = error ? PREPARE_NOT_STARTED : PREPARE_DONE;
  while ((waiter = g_queue_pop_head (&priv->prepare_waiters)) != NULL)
    {
      if (error)
        g_task_return_error (waiter, g_error_copy (error));
      else
        g_task_return_boolean (waiter, TRUE);
      g_object_unref (waiter);
    }
  g_clear_error (&error);
}

static void
session_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GawsClient) self = user_data;
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);
  GError *error = NULL;
  g_autoptr(GawsResolvedConfig) resolved = NULL;

  if (gaws_session_load_finish (GAWS_SESSION (source), result, &error))
    {
      resolved = gaws_client_config_resolve (priv->config, priv->session,
                                             priv->service->env_name, &error);
      if (resolved)
        apply_resolved_config (self, resolved, &error);
    }
  finish_prepare (self, error);
}

/* A waiter that is cancelled leaves the queue at once; the shared load
 * goes on for the others. */
static gboolean
prepare_cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  GTask *task = user_data;
  GawsClientPrivate *priv = gaws_client_get_instance_private (g_task_get_source_object (task));

  if (g_queue_remove (&priv->prepare_waiters, task))
    {
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
    }
  return G_SOURCE_REMOVE;
}

static void
destroy_source (gpointer source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static void
watch_prepare_cancellation (GTask *task, GMainContext *context)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  GSource *source;

  if (cancellable == NULL)
    return;
  /* Owned by the task, so it goes when the task does. */
  source = g_cancellable_source_new (cancellable);
  g_source_set_callback (source, G_SOURCE_FUNC (prepare_cancelled_cb), task, NULL);
  g_source_attach (source, context);
  g_task_set_task_data (task, source, destroy_source);
}

/**
 * gaws_client_prepare_async:
 * @self: a #GawsClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the client is ready
 * @user_data: data for @callback
 *
 * Loads the session's files and resolves region, endpoint and retry
 * settings. Requests do this on their own; call it to learn about a bad
 * configuration early. Concurrent callers share one preparation, and a
 * failed preparation is tried again by the next caller.
 */
void
gaws_client_prepare_async (GawsClient          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, gaws_client_prepare_async);
  if (priv->prepare_state == PREPARE_DONE)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  g_queue_push_tail (&priv->prepare_waiters, task);
  watch_prepare_cancellation (task, priv->context);
  if (priv->prepare_state == PREPARE_RUNNING)
    return;
  priv->prepare_state = PREPARE_RUNNING;
  /* Not cancellable: other callers may be waiting on the same load. */
  gaws_session_load_async (priv->session, NULL, session_loaded_cb, g_object_ref (self));
}

/* Whether gaws_client_prepare_async() would only say yes: callers that
 * would wait for it go on at once, without a task and a trip through the
 * main loop for every request. */
gboolean
gaws_client_is_prepared (GawsClient *self)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);

  return priv->prepare_state == PREPARE_DONE;
}

/**
 * gaws_client_prepare_finish:
 * @self: a #GawsClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the client is ready to send
 */
gboolean
gaws_client_prepare_finish (GawsClient    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- sending, with signing and retries ---- */

typedef struct {
  GawsClient         *client;             /* borrowed when @in_place: see gaws_client_send_owned() */
  GCancellable       *cancellable;
  GTask              *task;               /* gaws_client_send_async()'s, or NULL */
  GawsClientSendDone  done;               /* without a task */
  gpointer            done_data;
  GawsHttpRequest    *request;            /* borrowed when @in_place, as @client */
  const char         *operation_name;  /* interned, or an owned send's operation's */
  GawsHttpBodyMode    body_mode;
  guint               signing_flags;
  char               *host_prefix;
  char               *signing_region;     /* options->signing_region (s3more) */
  guint               http_flags;         /* event streams: GawsHttpSendFlags */
  char                invocation_id[GAWS_INVOCATION_ID_SIZE];
  GawsRetryState      retry_state;
  goffset             body_start;         /* where a seekable body stream starts */
  gboolean            body_rewindable;
  GawsCredentials    *credentials;
  gboolean            in_place;           /* attempts sign @request itself */
  gboolean            added_host;         /* ...and its Host header is theirs */
  GawsHttpResponse   *error_response;     /* streamed error whose body is being read */
  GByteArray         *error_body;
  GSource            *delay_source;
  gulong              cancel_handler;
  gint64              op_deadline;        /* monotonic; -1 without an operation timeout */
  guint               op_timeout_ms;
  guint               attempt_timeout_ms;
  GCancellable       *stage_cancellable;  /* a credentials fetch under the operation timeout */
  gulong              stage_handler;
  GSource            *stage_timeout;
} SendData;

/* Every send has one: each thread keeps the last one freed for the next
 * send rather than a malloc and a free each time. */
static GPrivate spare_send_data = GAWS_SPARE_BLOCK_INIT;

static SendData *
send_data_new (void)
{
  return gaws_spare_block_take0 (&spare_send_data, sizeof (SendData));
}

static void
send_data_free (SendData *data)
{
  if (!data->in_place)
    {
      g_clear_object (&data->client);
      /* the last holder of a request recycles it */
      g_clear_pointer (&data->request, gaws_http_request_release);
    }
  g_clear_object (&data->cancellable);
  g_free (data->host_prefix);
  g_free (data->signing_region);
  g_clear_object (&data->credentials);
  g_clear_object (&data->error_response);
  g_clear_pointer (&data->error_body, g_byte_array_unref);
  g_assert (data->delay_source == NULL);
  g_assert (data->stage_cancellable == NULL);
  gaws_spare_block_give (&spare_send_data, data);
}

typedef void (*SendStep) (SendData *data);

static void fetch_credentials (SendData *data);
static void schedule_step (SendData *data, double delay_seconds, SendStep step);

/* gaws_error_add_operation_context() says "reached max retries" for
 * service errors only; a connection error or a timeout that used up the
 * attempts says so too, at the end: "Error when calling the GetItem
 * operation: Connection to ... failed (reached max retries: 2)". */
static void
note_retries_exhausted (GError *error, guint retries)
{
  char *text = g_strdup_printf ("%s (reached max retries: %u)", error->message, retries);

  g_free (error->message);
  error->message = text;
}

/* A request signed in place goes back without the Host header its
 * attempts added: the caller may send it again elsewhere (an S3 redirect
 * sets a new host). The other signing headers are replaced at every
 * attempt. */
static void
release_request (SendData *data)
{
  if (data->added_host)
    gaws_http_headers_remove (gaws_http_request_get_headers (data->request), "Host");
  data->added_host = FALSE;
}

/* The end of a send: the task of gaws_client_send_async() gets the
 * result, or the internal caller its callback (gaws-client-private.h).
 * @data is freed first: nothing may use it after. */
static void
send_return (SendData *data, GawsHttpResponse *response, GError *error)
{
  GTask *task = g_steal_pointer (&data->task);
  /* the send's own reference, kept until the end (the owner's, borrowed,
   * for an owned send, whose @done may drop it) */
  GawsClient *client = g_steal_pointer (&data->client);
  GawsClientSendDone done = data->done;
  gpointer done_data = data->done_data;
  gboolean owned = data->in_place;

  release_request (data);
  send_data_free (data);
  if (task == NULL)
    done (client, response, error, done_data);
  else
    {
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, response, g_object_unref);
      g_object_unref (task);
    }
  if (!owned)
    g_object_unref (client);
}

static gboolean
return_if_cancelled (SendData *data)
{
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled (data->cancellable, &error))
    return FALSE;
  send_return (data, NULL, error);
  return TRUE;
}

static void
fail_send (SendData *data, GError *error, gboolean max_retries_reached)
{
  guint retries = data->retry_state.attempts > 0 ? data->retry_state.attempts - 1 : 0;

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gaws_error_add_operation_context (error, data->operation_name, retries, max_retries_reached);
  if (max_retries_reached && !(error->domain == GAWS_ERROR && error->code == GAWS_ERROR_SERVICE))
    note_retries_exhausted (error, retries);
  send_return (data, NULL, error);
}

/* ---- the operation timeout ---- */

static gboolean
op_timed_out (SendData *data)
{
  return data->op_deadline >= 0 && g_get_monotonic_time () >= data->op_deadline;
}

/* What is left of the operation timeout, in ms, at least 1; 0 for none. */
static guint
op_remaining_ms (SendData *data)
{
  gint64 left;

  if (data->op_deadline < 0)
    return 0;
  left = (data->op_deadline - g_get_monotonic_time () + 999) / 1000;
  return (guint) CLAMP (left, 1, G_MAXINT);
}

/* Not retried: the time for the whole operation is up. */
static void
fail_op_timeout (SendData *data, GError *attempt_error)
{
  GError *error;

  /* Cancelled by the timeout itself: nothing more to say. */
  if (attempt_error && g_error_matches (attempt_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_clear_error (&attempt_error);
  error = g_error_new (GAWS_ERROR, GAWS_ERROR_TIMEOUT,
                       "The operation did not complete within its timeout of %u ms%s%s",
                       data->op_timeout_ms, attempt_error ? ": " : "",
                       attempt_error ? attempt_error->message : "");
  g_clear_error (&attempt_error);
  fail_send (data, error, FALSE);
}

static void
stage_chain_cb (GCancellable *cancellable, gpointer stage)
{
  g_cancellable_cancel (stage);
}

static gboolean
stage_timeout_cb (gpointer stage)
{
  g_cancellable_cancel (stage);
  return G_SOURCE_REMOVE;
}

/* The cancellable for a step that is not an HTTP send (fetching
 * credentials): the caller's, or under an operation timeout, one that the
 * caller's cancels and that is cancelled when the time is up. */
static GCancellable *
stage_begin (SendData *data)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (data->client);
  GCancellable *cancellable = data->cancellable;

  if (data->op_deadline < 0)
    return cancellable;
  data->stage_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    data->stage_handler = g_cancellable_connect (cancellable, G_CALLBACK (stage_chain_cb),
                                                 data->stage_cancellable, NULL);
  data->stage_timeout = g_timeout_source_new (op_remaining_ms (data));
  g_source_set_callback (data->stage_timeout, stage_timeout_cb,
                         g_object_ref (data->stage_cancellable), g_object_unref);
  g_source_attach (data->stage_timeout, priv->context);
  return data->stage_cancellable;
}

static void
stage_end (SendData *data)
{
  if (data->stage_cancellable == NULL)
    return;
  if (data->stage_handler != 0)
    g_cancellable_disconnect (data->cancellable, data->stage_handler);
  data->stage_handler = 0;
  g_source_destroy (data->stage_timeout);
  g_clear_pointer (&data->stage_timeout, g_source_unref);
  g_clear_object (&data->stage_cancellable);
}

/* ---- clock skew ---- */

static const char *const clock_skew_codes[] = {
  "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException",
  "SignatureDoesNotMatch", "AuthFailure",
};

/* After an error that blames the request's time, the response's Date
 * header tells how far off our clock is; later requests sign with the
 * server's time, as the Java, JavaScript and Rust SDKs do. Returns
 * whether the correction changed, which makes the error worth a retry. */
static gboolean
correct_clock_skew (GawsClient *self, const GError *error, GawsHttpResponse *response)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);
  const char *code = gaws_error_get_code (error);
  const char *date;
  g_autoptr(GDateTime) server = NULL;
  gint64 skew;
  gboolean listed = FALSE;

  if (response == NULL || code == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (clock_skew_codes); i++)
    listed |= g_str_equal (code, clock_skew_codes[i]);
  date = gaws_http_headers_get_one (gaws_http_response_get_headers (response), "Date");
  if (!listed || date == NULL || (server = gaws_protocol_parse_timestamp (date, NULL)) == NULL)
    return FALSE;
  skew = g_date_time_to_unix (server) * G_USEC_PER_SEC - g_get_real_time ();
  if (ABS (skew) < CLOCK_SKEW_THRESHOLD_US && priv->clock_offset_us == 0)
    return FALSE;
  if (ABS (skew - priv->clock_offset_us) < G_USEC_PER_SEC * 2)
    return FALSE;
  g_debug ("%s: the clock is %.0f s off the server's; correcting", code, skew / 1e6);
  priv->clock_offset_us = ABS (skew) < CLOCK_SKEW_THRESHOLD_US ? 0 : skew;
  return TRUE;
}

/* ---- response checksums ---- */

/* A response whose request asked for checksums (`x-amz-checksum-mode:
 * ENABLED`, S3's ChecksumMode) is checked against its `x-amz-checksum-*`
 * header: a buffered body here, a streamed one as it is read, whose end
 * then fails instead of being reported. Never is a body that does not
 * match presented as complete. A HEAD has no body to check, and a part of
 * a body (206) is not what the checksum covers. */
static gboolean
validate_response_checksum (SendData *data, GawsHttpResponse *response, GError **error)
{
  const char *mode = gaws_http_headers_get_one (gaws_http_request_get_headers (data->request),
                                                "x-amz-checksum-mode");
  GawsChecksumAlgorithm algorithm;
  const char *expected = NULL;
  GInputStream *stream;
  g_autoptr(GawsChecksum) checksum = NULL;
  g_autofree char *computed = NULL;
  GBytes *body;

  if (mode == NULL || g_ascii_strcasecmp (mode, "ENABLED") != 0 ||
      gaws_http_response_get_status (response) != 200 ||
      g_ascii_strcasecmp (gaws_http_request_get_method (data->request), "HEAD") == 0 ||
      !gaws_checksum_find_in_headers (gaws_http_response_get_headers (response), &algorithm, &expected))
    return TRUE;
  stream = gaws_http_response_get_body_stream (response);
  if (stream != NULL)
    {
      g_autoptr(GInputStream) validating =
        gaws_checksum_input_stream_new_validating (stream, algorithm, expected);

      gaws_http_response_set_body_stream (response, validating);
      return TRUE;
    }
  body = gaws_http_response_get_body (response);
  checksum = gaws_checksum_new (algorithm);
  if (body != NULL)
    gaws_checksum_update_bytes (checksum, body);
  if (gaws_checksum_matches (checksum, expected))
    return TRUE;
  computed = gaws_checksum_dup_base64 (checksum);
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL,
               "The %s checksum of the body does not match: expected “%s”, computed “%s”",
               gaws_checksum_algorithm_get_name (algorithm), expected, computed);
  return FALSE;
}

/* The request an attempt sends: the send's own when signed in place
 * (@data holds it), or a new copy, which the caller then owns. */
static GawsHttpRequest *
build_attempt_request (GawsClient *self, SendData *data)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);
  GawsHttpRequest *attempt = data->in_place ? data->request : gaws_http_request_copy (data->request);
  GawsHttpHeaders *headers = gaws_http_request_get_headers (attempt);
  char sdk_request[48], *end;

  /* A copy is the attempt's alone: recycled once sent */
  if (!data->in_place)
    gaws_http_request_set_recyclable (attempt);

  if (gaws_http_request_get_host (attempt) == NULL)
    {
      const char *base = gaws_http_request_get_path (priv->endpoint);

      gaws_http_request_set_scheme (attempt, gaws_http_request_get_scheme (priv->endpoint));
      if (data->host_prefix != NULL)
        {
          g_autofree char *host = g_strconcat (data->host_prefix, gaws_http_request_get_host (priv->endpoint), NULL);
          gaws_http_request_set_host (attempt, host);
        }
      else
        gaws_http_request_set_host (attempt, gaws_http_request_get_host (priv->endpoint));
      gaws_http_request_set_port (attempt, gaws_http_request_get_port (priv->endpoint));
      /* An endpoint URL with a path prefixes every request path. */
      if (!g_str_equal (base, "/"))
        {
          gsize base_len = strlen (base) - (g_str_has_suffix (base, "/") ? 1 : 0);
          g_autofree char *path = g_strdup_printf ("%.*s%s", (int) base_len, base,
                                                   gaws_http_request_get_path (attempt));
          gaws_http_request_set_path (attempt, path);
        }
    }
  gaws_http_headers_replace (headers, "User-Agent", priv->user_agent);
  gaws_http_headers_replace (headers, "amz-sdk-invocation-id", data->invocation_id);
  /* "attempt=%u; max=%u", without printf for every request */
  end = gaws_put_decimal (g_stpcpy (sdk_request, "attempt="), data->retry_state.attempts);
  end = gaws_put_decimal (g_stpcpy (end, "; max="), gaws_retry_strategy_get_max_attempts (priv->retry));
  *end = '\0';
  gaws_http_headers_replace (headers, "amz-sdk-request", sdk_request);
  return attempt;
}

static gboolean
rewind_body (SendData *data, GError **error)
{
  GInputStream *stream = gaws_http_request_get_body_stream (data->request);

  if (stream == NULL)
    return TRUE;
  if (!data->body_rewindable)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "The request body stream cannot be rewound for a retry");
      return FALSE;
    }
  return g_seekable_seek (G_SEEKABLE (stream), data->body_start, G_SEEK_SET, NULL, error);
}

static void
retry_or_fail (SendData *data, GError *error, GawsHttpResponse *response)
{
  GawsClient *self = data->client;
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);
  const char *retry_after = response ? gaws_http_headers_get_one (gaws_http_response_get_headers (response),
                                                                  "x-amz-retry-after") : NULL;
  GawsRetryKind kind;
  double delay;

  if (return_if_cancelled (data))
    {
      g_error_free (error);
      return;
    }
  if (op_timed_out (data))
    {
      fail_op_timeout (data, error);
      return;
    }
  kind = gaws_retry_strategy_classify (priv->retry, error);
  if (kind == GAWS_RETRY_KIND_NONE && correct_clock_skew (self, error, response))
    kind = GAWS_RETRY_KIND_TRANSIENT;
  if (!gaws_retry_strategy_should_retry_as (priv->retry, &data->retry_state, error, kind,
                                            retry_after, &delay))
    {
      fail_send (data, error, kind != GAWS_RETRY_KIND_NONE);
      return;
    }
  if (!rewind_body (data, NULL))
    {
      fail_send (data, error, FALSE);
      return;
    }
  g_debug ("%s: attempt %u failed (%s), retrying in %.3f s", data->operation_name,
           data->retry_state.attempts, error->message, delay);
  g_error_free (error);
  schedule_step (data, delay, fetch_credentials);
}

/* A back-off or rate-limit wait: a timeout and a cancellable source race,
 * and whichever fires first removes the other, so a cancelled request stops
 * waiting at once. */
typedef struct {
  SendData *data;
  SendStep  step;
  GSource  *timeout;
  GSource  *cancel;
} Delay;

static void
delay_finish (Delay *delay)
{
  SendData *data = delay->data;

  g_source_destroy (delay->timeout);
  g_source_unref (delay->timeout);
  if (delay->cancel)
    {
      g_source_destroy (delay->cancel);
      g_source_unref (delay->cancel);
    }
  data->delay_source = NULL;
  delay->step (delay->data);
  g_free (delay);
}

static gboolean
delay_elapsed_cb (gpointer user_data)
{
  delay_finish (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
delay_cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  /* The step sees the cancellation and ends the send. */
  delay_finish (user_data);
  return G_SOURCE_REMOVE;
}

static void
schedule_step (SendData *data, double delay_seconds, SendStep step)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (data->client);
  GCancellable *cancellable = data->cancellable;
  Delay *delay;

  /* The steps check the operation timeout: wait no longer than it. */
  if (data->op_deadline >= 0)
    delay_seconds = MIN (delay_seconds, op_remaining_ms (data) / 1000.0);
  if (delay_seconds <= 0)
    {
      step (data);
      return;
    }
  delay = g_new0 (Delay, 1);
  delay->data = data;
  delay->step = step;
  delay->timeout = g_timeout_source_new ((guint) (delay_seconds * 1000 + 0.5));
  g_source_set_callback (delay->timeout, delay_elapsed_cb, delay, NULL);
  g_source_attach (delay->timeout, priv->context);
  if (cancellable)
    {
      delay->cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (delay->cancel, G_SOURCE_FUNC (delay_cancelled_cb), delay, NULL);
      g_source_attach (delay->cancel, priv->context);
    }
  data->delay_source = delay->timeout;
}

static void
complete_send (SendData *data, GawsHttpResponse *response)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (data->client);
  GError *error = NULL;

  gaws_retry_strategy_record_success (priv->retry, &data->retry_state);
  if (!validate_response_checksum (data, response, &error))
    {
      g_object_unref (response);
      fail_send (data, error, FALSE);
      return;
    }
  gaws_http_response_set_retry_attempts (response, data->retry_state.attempts - 1);
  send_return (data, response, NULL);
}

static void
error_body_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SendData *data = user_data;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GBytes) body = NULL;

  if (chunk && g_bytes_get_size (chunk) > 0 && data->error_body->len < ERROR_BODY_LIMIT)
    {
      g_byte_array_append (data->error_body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
      g_input_stream_read_bytes_async (G_INPUT_STREAM (source), 64 * 1024, G_PRIORITY_DEFAULT,
                                       data->cancellable, error_body_read_cb, data);
      return;
    }
  /* End, read error or limit: parse what arrived; the status alone still
   * makes a proper error. */
  g_input_stream_close (G_INPUT_STREAM (source), NULL, NULL);
  response = g_steal_pointer (&data->error_response);
  body = g_byte_array_free_to_bytes (g_steal_pointer (&data->error_body));
  gaws_http_response_set_body (response, body);
  retry_or_fail (data, gaws_service_error_from_response (response), response);
}

static void
attempt_sent_cb (GawsHttpResponse *sent, GError *error, gpointer user_data)
{
  SendData *data = user_data;
  g_autoptr(GawsHttpResponse) response = sent;
  GInputStream *stream;

  if (response == NULL)
    {
      retry_or_fail (data, error, NULL);
      return;
    }
  if (gaws_http_response_is_success (response))
    {
      complete_send (data, g_steal_pointer (&response));
      return;
    }
  stream = gaws_http_response_get_body_stream (response);
  if (stream == NULL)
    {
      retry_or_fail (data, gaws_service_error_from_response (response), response);
      return;
    }
  /* A streamed request that failed: its error document still has to be read. */
  data->error_response = g_steal_pointer (&response);
  data->error_body = g_byte_array_new ();
  g_input_stream_read_bytes_async (stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                   data->cancellable, error_body_read_cb, data);
}

static void
send_attempt (SendData *data)
{
  GawsClient *self = data->client;
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);
  GawsHttpRequest *attempt;
  g_autoptr(GawsHttpRequestOwned) copy = NULL;   /* the attempt, unless signed in place */
  g_autoptr(GDateTime) when = NULL;
  GError *error = NULL;
  guint timeout_ms = data->attempt_timeout_ms;

  if (return_if_cancelled (data))
    return;
  if (op_timed_out (data))
    {
      fail_op_timeout (data, NULL);
      return;
    }
  if (data->op_deadline >= 0)
    timeout_ms = timeout_ms > 0 ? MIN (timeout_ms, op_remaining_ms (data)) : op_remaining_ms (data);
  attempt = build_attempt_request (self, data);
  if (!data->in_place)
    copy = attempt;
  if (priv->clock_offset_us != 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      when = g_date_time_add (now, priv->clock_offset_us);
    }
  if (!(data->signing_flags & GAWS_SIGV4_ANONYMOUS) &&
      !gaws_sigv4_signer_sign (priv->signer, attempt, data->credentials,
                               data->signing_region ? data->signing_region : priv->signing_region,
                               priv->signing_name, when,
                               priv->service->signing_flags | data->signing_flags, &error))
    {
      fail_send (data, error, FALSE);
      return;
    }
  /* event streams: the frames of an event-stream body chain to this
   * attempt's signature (an unsigned attempt sends them unsigned), and
   * their :date follows the same clock-skew correction */
  if (!gaws_event_stream_writer_start_signing (attempt, data->credentials,
                                               data->signing_region ? data->signing_region : priv->signing_region,
                                               priv->signing_name, priv->clock_offset_us, &error))
    {
      fail_send (data, error, FALSE);
      return;
    }
  gaws_http_engine_send_direct (priv->engine, attempt, data->body_mode, timeout_ms,
                                (GawsHttpSendFlags) data->http_flags,
                                data->cancellable, attempt_sent_cb, data);
}

static void
begin_attempt (SendData *data)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (data->client);
  double wait = gaws_retry_strategy_before_attempt (priv->retry, &data->retry_state);

  schedule_step (data, wait, send_attempt);
}

static void
credentials_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SendData *data = user_data;
  GError *error = NULL;
  GawsCredentials *credentials =
    gaws_session_get_credentials_finish (GAWS_SESSION (source), result, &error);

  stage_end (data);
  if (credentials == NULL && op_timed_out (data) && !g_cancellable_is_cancelled (data->cancellable))
    {
      fail_op_timeout (data, error);
      return;
    }
  if (credentials == NULL)
    {
      fail_send (data, error, FALSE);
      return;
    }
  g_clear_object (&data->credentials);
  data->credentials = credentials;
  begin_attempt (data);
}

static void
fetch_credentials (SendData *data)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (data->client);
  GawsCredentials *credentials;

  if (return_if_cancelled (data))
    return;
  if (op_timed_out (data))
    {
      fail_op_timeout (data, NULL);
      return;
    }
  /* auth none (SSO, sso-oidc): no credentials, and none asked for, since
   * the session's own may come from this very call */
  if (data->signing_flags & GAWS_SIGV4_ANONYMOUS)
    {
      begin_attempt (data);
      return;
    }
  /* Credentials set on the session, or cached by its provider and not due
   * for a refresh: taken as they are, without the provider's tasks and
   * main-loop trip (gaws-session-private.h). */
  credentials = gaws_session_peek_credentials (priv->session);
  if (credentials != NULL)
    {
      g_clear_object (&data->credentials);
      data->credentials = credentials;
      begin_attempt (data);
      return;
    }
  /* Asked for every attempt: the provider caches, and refreshes credentials
   * that expire while a request is being retried. */
  gaws_session_get_credentials_async (priv->session, stage_begin (data), credentials_cb, data);
}

static void
prepared_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SendData *data = user_data;
  GError *error = NULL;

  if (!gaws_client_prepare_finish (GAWS_CLIENT (source), result, &error))
    {
      fail_send (data, error, FALSE);
      return;
    }
  fetch_credentials (data);
}

static void
remember_body_start (SendData *data)
{
  GInputStream *stream = gaws_http_request_get_body_stream (data->request);

  if (stream && G_IS_SEEKABLE (stream) && g_seekable_can_seek (G_SEEKABLE (stream)))
    {
      data->body_rewindable = TRUE;
      data->body_start = g_seekable_tell (G_SEEKABLE (stream));
    }
}

static void
send_async (GawsClient               *self,
            GawsHttpRequest          *request,
            gboolean                  in_place,
            const GawsRequestOptions *options,
            GCancellable             *cancellable,
            GTask                    *task,
            GawsClientSendDone        done,
            gpointer                  done_data)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);
  SendData *data = send_data_new ();

  /* An owned send's owner holds both until its @done: no references of
   * the send's own, two fewer ref and unref pairs per call. */
  data->client = in_place ? self : g_object_ref (self);
  data->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  data->task = task;
  data->done = done;
  data->done_data = done_data;
  data->request = in_place ? request : g_object_ref (request);
  data->in_place = in_place;
  data->added_host = in_place &&
                     gaws_http_headers_get_one (gaws_http_request_get_headers (request), "Host") == NULL;
  /* Interned: operation names are few (the model's, or the HTTP method),
   * and a copy for every request is an allocation for nothing. An owned
   * send's name is its operation's, which outlives the call: taken as it
   * is, without the look-up under GLib's global lock. */
  if (in_place && options && options->operation_name)
    data->operation_name = options->operation_name;
  else
    data->operation_name = g_intern_string (options && options->operation_name ? options->operation_name
                                                                               : gaws_http_request_get_method (request));
  data->body_mode = options ? options->body_mode : GAWS_HTTP_BODY_BUFFERED;
  data->signing_flags = options ? options->signing_flags : 0;
  data->host_prefix = options ? g_strdup (options->host_prefix) : NULL;
  data->signing_region = options ? g_strdup (options->signing_region) : NULL;
  data->http_flags = options ? options->http_flags : 0;
  gaws_protocol_write_invocation_id (data->invocation_id);
  data->op_timeout_ms = gaws_client_config_get_operation_timeout_ms (priv->config);
  data->op_deadline = data->op_timeout_ms > 0
                      ? g_get_monotonic_time () + (gint64) data->op_timeout_ms * 1000 : -1;
  data->attempt_timeout_ms = gaws_client_config_get_attempt_timeout_ms (priv->config);
  remember_body_start (data);

  if (priv->prepare_state == PREPARE_DONE)
    fetch_credentials (data);
  else
    gaws_client_prepare_async (self, cancellable, prepared_cb, data);
}

/**
 * gaws_client_send_async:
 * @self: a #GawsClient
 * @request: the request; when its host is unset, the client's endpoint
 *   fills in scheme, host, port and a path prefix
 * @options: (nullable): per-request options
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called with the response
 * @user_data: data for @callback
 *
 * Sends @request with credentials, SigV4 and retries. A 2xx response is the
 * result; any other status becomes a #GAWS_ERROR error carrying the service
 * error code, message, status, request id and the number of retries.
 * @request is not modified: each attempt signs a copy. A body stream is
 * rewound for a retry when it is #GSeekable; otherwise a failure after the
 * first attempt started is final.
 *
 * Time limits come from the client's #GawsClientConfig: an attempt that
 * runs past #GawsClientConfig:attempt-timeout-ms fails with
 * %GAWS_ERROR_TIMEOUT and is retried; a call that runs past
 * #GawsClientConfig:operation-timeout-ms (back-off and credentials
 * included) fails with %GAWS_ERROR_TIMEOUT at once. Stalled bodies are
 * failed by the engine (see #GawsClientConfig:stalled-stream-protection).
 *
 * An error that blames the request's time (`RequestTimeTooSkewed`,
 * `InvalidSignatureException`, ...) sent with a `Date` more than four
 * minutes off the local clock makes the client sign with the server's time
 * from then on, and is retried.
 *
 * When @request asks for response checksums (`x-amz-checksum-mode:
 * ENABLED`) and the response carries one, the body is checked against it:
 * a buffered body here (a mismatch is a %GAWS_ERROR_PROTOCOL error), a
 * streamed one as it is read, whose end then fails instead of being
 * reported.
 */
void
gaws_client_send_async (GawsClient               *self,
                        GawsHttpRequest          *request,
                        const GawsRequestOptions *options,
                        GCancellable             *cancellable,
                        GAsyncReadyCallback       callback,
                        gpointer                  user_data)
{
  GTask *task;

  g_return_if_fail (GAWS_IS_CLIENT (self));
  g_return_if_fail (GAWS_IS_HTTP_REQUEST (request));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_client_send_async);
  send_async (self, request, FALSE, options, cancellable, task, NULL, NULL);
}

/*
 * gaws_client_send_owned:
 *
 * gaws_client_send_async() for the runtime's own calls (an operation's
 * serialized request), without a task of its own and without a copy of
 * the request per attempt:
 *
 * - @request is the caller's to spend: the attempts sign it in place. It
 *   comes back with the endpoint's host and the last attempt's signing
 *   headers on it (but the Host header), which a later send replaces.
 * - @self and @request are borrowed: the caller must keep both until @done
 *   is called (an operation's task does, as its source object and data).
 * - @done gets the response or the error (both transfer full) that
 *   gaws_client_send_finish() would give, possibly before this returns
 *   (a failure found at once); the caller's own task takes care of
 *   returning in the right main-loop iteration.
 * - @options' operation name is kept as it is, not interned: it must
 *   last until @done (an operation's own name does).
 */
void
gaws_client_send_owned (GawsClient               *self,
                        GawsHttpRequest          *request,
                        const GawsRequestOptions *options,
                        GCancellable             *cancellable,
                        GawsClientSendDone        done,
                        gpointer                  user_data)
{
  g_return_if_fail (GAWS_IS_CLIENT (self));
  g_return_if_fail (GAWS_IS_HTTP_REQUEST (request));
  g_return_if_fail (done != NULL);

  send_async (self, request, TRUE, options, cancellable, NULL, done, user_data);
}

/**
 * gaws_client_send_finish:
 * @self: a #GawsClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the 2xx response, with the number of retries
 *   it took in gaws_http_response_get_retry_attempts()
 */
GawsHttpResponse *
gaws_client_send_finish (GawsClient    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  GAsyncResult *result;
} SyncData;

static void
sync_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SyncData *sync = user_data;
  sync->result = g_object_ref (result);
}

/**
 * gaws_client_send_sync:
 * @self: a #GawsClient
 * @request: the request
 * @options: (nullable): per-request options
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_client_send_async() that blocks: it runs the client's main context
 * until the response is in, so it must be called from the thread that owns
 * that context (or when nobody runs it).
 *
 * Returns: (transfer full): the 2xx response
 */
GawsHttpResponse *
gaws_client_send_sync (GawsClient               *self,
                       GawsHttpRequest          *request,
                       const GawsRequestOptions *options,
                       GCancellable             *cancellable,
                       GError                  **error)
{
  GawsClientPrivate *priv = gaws_client_get_instance_private (self);
  SyncData sync = { NULL };
  GawsHttpResponse *response;

  g_main_context_push_thread_default (priv->context);
  gaws_client_send_async (self, request, options, cancellable, sync_done_cb, &sync);
  while (sync.result == NULL)
    g_main_context_iteration (priv->context, TRUE);
  g_main_context_pop_thread_default (priv->context);
  response = gaws_client_send_finish (self, sync.result, error);
  g_object_unref (sync.result);
  return response;
}
