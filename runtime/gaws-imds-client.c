/* gaws-imds-client.c: the EC2 instance metadata service, IMDSv2 first
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-imds-client.h"

#include <string.h>

#include "gaws-error.h"
#include "gaws-provider-util-private.h"

/**
 * GawsImdsClient:
 *
 * Reads the EC2 instance metadata service the way botocore's `IMDSFetcher`
 * does. Each read first asks for an IMDSv2 session token (`PUT
 * /latest/api/token`) and sends it along; if the service has no token
 * endpoint (403, 404, 405) or does not answer, the read goes out without
 * one (IMDSv1), unless `ec2_metadata_v1_disabled` forbids that. Tokens are
 * kept for reuse until shortly before their six hours are up, and a 401
 * answer, which means the token expired, fetches a new one and tries again.
 *
 * Its settings come from the environment, then the session's profile:
 *
 * - `AWS_EC2_METADATA_DISABLED=true`: no request is ever sent
 * - `AWS_EC2_METADATA_SERVICE_ENDPOINT` / `ec2_metadata_service_endpoint`:
 *   the base URL, by default `http://169.254.169.254/`
 * - `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` /
 *   `ec2_metadata_service_endpoint_mode` (`ipv4` or `ipv6`, the latter
 *   meaning `http://[fd00:ec2::254]/`), or `imds_use_ipv6`
 * - `AWS_METADATA_SERVICE_TIMEOUT` / `metadata_service_timeout`: seconds
 *   for connecting and for each read, 1 by default
 * - `AWS_METADATA_SERVICE_NUM_ATTEMPTS` / `metadata_service_num_attempts`:
 *   attempts per request, 1 by default
 * - `AWS_EC2_METADATA_V1_DISABLED` / `ec2_metadata_v1_disabled`
 *
 * A client may be used from any thread; each read runs on the
 * thread-default main context of the thread that starts it.
 */

#define DEFAULT_ENDPOINT      "http://169.254.169.254/"
#define DEFAULT_ENDPOINT_IPV6 "http://[fd00:ec2::254]/"
#define TOKEN_PATH            "latest/api/token"
#define TOKEN_TTL_SECONDS     21600
/* A token is not reused in its last minute, so that it cannot expire on
 * the way. */
#define TOKEN_REUSE_MARGIN    (60 * G_USEC_PER_SEC)
#define REGION_PATH           "latest/meta-data/placement/availability-zone/"

struct _GawsImdsClient {
  GObject   parent_instance;
  char     *endpoint;
  guint     timeout_ms;
  guint     attempts;
  gboolean  disabled;
  gboolean  v1_disabled;

  GMutex    mutex;          /* guards the token */
  char     *token;
  gint64    token_deadline; /* monotonic */
};

G_DEFINE_FINAL_TYPE (GawsImdsClient, gaws_imds_client, G_TYPE_OBJECT)

static void
gaws_imds_client_finalize (GObject *object)
{
  GawsImdsClient *self = GAWS_IMDS_CLIENT (object);

  g_free (self->endpoint);
  g_free (self->token);
  g_mutex_clear (&self->mutex);
  G_OBJECT_CLASS (gaws_imds_client_parent_class)->finalize (object);
}

static void
gaws_imds_client_class_init (GawsImdsClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_imds_client_finalize;
}

static void
gaws_imds_client_init (GawsImdsClient *self)
{
  g_mutex_init (&self->mutex);
}

/* ---- settings ------------------------------------------------------------- */

static gboolean
is_true (const char *value)
{
  return value != NULL && g_ascii_strcasecmp (value, "true") == 0;
}

static gboolean
read_count (const char  *text,
            const char  *name,
            guint        fallback,
            guint       *value,
            GError     **error)
{
  guint64 number;

  if (text == NULL)
    {
      *value = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT / 1000, &number, NULL))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                   "%s must be a positive whole number, not \"%s\"", name, text);
      return FALSE;
    }
  *value = (guint) number;
  return TRUE;
}

static gboolean
read_endpoint (GawsImdsClient  *self,
               GawsSession     *session,
               const char      *profile,
               GError         **error)
{
  const char *endpoint = gaws_provider_setting (session, profile, "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                                                "ec2_metadata_service_endpoint");
  const char *mode = gaws_provider_setting (session, profile, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
                                            "ec2_metadata_service_endpoint_mode");
  gboolean ipv6 = is_true (gaws_provider_setting (session, profile, "AWS_IMDS_USE_IPV6",
                                                  "imds_use_ipv6"));
  g_autoptr(GawsHttpRequest) check = NULL;

  if (mode != NULL)
    {
      if (g_ascii_strcasecmp (mode, "ipv4") != 0 && g_ascii_strcasecmp (mode, "ipv6") != 0)
        {
          g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                       "Invalid value '%s' for ec2_metadata_service_endpoint_mode; "
                       "valid modes: ipv4, ipv6", mode);
          return FALSE;
        }
      ipv6 = g_ascii_strcasecmp (mode, "ipv6") == 0;
    }
  /* As in botocore, a custom endpoint wins over the mode. */
  self->endpoint = g_strdup (endpoint ? endpoint : ipv6 ? DEFAULT_ENDPOINT_IPV6 : DEFAULT_ENDPOINT);
  check = gaws_http_request_new_for_url ("GET", self->endpoint, NULL);
  if (check == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                   "Invalid endpoint for the EC2 instance metadata service: %s", self->endpoint);
      return FALSE;
    }
  return TRUE;
}

/**
 * gaws_imds_client_new:
 * @session: (nullable): a loaded session whose profile holds settings, or
 *   %NULL to read the environment alone
 * @error: return location for a #GError
 *
 * Makes a client with the settings in force now (see #GawsImdsClient).
 *
 * Returns: (transfer full) (nullable): a new client, or %NULL with
 *   #GAWS_ERROR_CONFIG for an invalid setting
 */
GawsImdsClient *
gaws_imds_client_new (GawsSession  *session,
                      GError      **error)
{
  g_autoptr(GawsImdsClient) self = g_object_new (GAWS_TYPE_IMDS_CLIENT, NULL);
  const char *profile = session ? gaws_session_get_profile_name (session) : NULL;
  guint timeout_s;

  g_return_val_if_fail (session == NULL || GAWS_IS_SESSION (session), NULL);

  self->disabled = is_true (gaws_provider_getenv ("AWS_EC2_METADATA_DISABLED"));
  self->v1_disabled = is_true (gaws_provider_setting (session, profile, "AWS_EC2_METADATA_V1_DISABLED",
                                                      "ec2_metadata_v1_disabled"));
  if (!read_endpoint (self, session, profile, error) ||
      !read_count (gaws_provider_setting (session, profile, "AWS_METADATA_SERVICE_TIMEOUT",
                                          "metadata_service_timeout"),
                   "metadata_service_timeout", 1, &timeout_s, error) ||
      !read_count (gaws_provider_setting (session, profile, "AWS_METADATA_SERVICE_NUM_ATTEMPTS",
                                          "metadata_service_num_attempts"),
                   "metadata_service_num_attempts", 1, &self->attempts, error))
    return NULL;
  self->timeout_ms = timeout_s * 1000;
  return g_steal_pointer (&self);
}

/**
 * gaws_imds_client_get_endpoint:
 * @self: a #GawsImdsClient
 *
 * Returns: the base URL of the service
 */
const char *
gaws_imds_client_get_endpoint (GawsImdsClient *self)
{
  g_return_val_if_fail (GAWS_IS_IMDS_CLIENT (self), NULL);
  return self->endpoint;
}

/**
 * gaws_imds_client_get_timeout_ms:
 * @self: a #GawsImdsClient
 *
 * Returns: the connect and read timeout of each attempt, in milliseconds
 */
guint
gaws_imds_client_get_timeout_ms (GawsImdsClient *self)
{
  g_return_val_if_fail (GAWS_IS_IMDS_CLIENT (self), 0);
  return self->timeout_ms;
}

/**
 * gaws_imds_client_get_attempts:
 * @self: a #GawsImdsClient
 *
 * Returns: how many times each request is tried
 */
guint
gaws_imds_client_get_attempts (GawsImdsClient *self)
{
  g_return_val_if_fail (GAWS_IS_IMDS_CLIENT (self), 0);
  return self->attempts;
}

/**
 * gaws_imds_client_get_disabled:
 * @self: a #GawsImdsClient
 *
 * Returns: %TRUE if `AWS_EC2_METADATA_DISABLED` turns the service off
 */
gboolean
gaws_imds_client_get_disabled (GawsImdsClient *self)
{
  g_return_val_if_fail (GAWS_IS_IMDS_CLIENT (self), TRUE);
  return self->disabled;
}

/* ---- the token ------------------------------------------------------------ */

static char *
dup_token (GawsImdsClient *self)
{
  char *token = NULL;

  g_mutex_lock (&self->mutex);
  if (self->token != NULL && g_get_monotonic_time () < self->token_deadline)
    token = g_strdup (self->token);
  g_mutex_unlock (&self->mutex);
  return token;
}

static void
keep_token (GawsImdsClient *self,
            const char     *token)
{
  g_mutex_lock (&self->mutex);
  g_free (self->token);
  self->token = g_strdup (token);
  self->token_deadline = g_get_monotonic_time () + (gint64) TOKEN_TTL_SECONDS * G_USEC_PER_SEC -
                         TOKEN_REUSE_MARGIN;
  g_mutex_unlock (&self->mutex);
}

/* Only the token the service refused is forgotten: another read may
 * already have fetched a newer one. */
static void
forget_token (GawsImdsClient *self,
              const char     *token)
{
  g_mutex_lock (&self->mutex);
  if (g_strcmp0 (self->token, token) == 0)
    g_clear_pointer (&self->token, g_free);
  g_mutex_unlock (&self->mutex);
}

/* ---- reading -------------------------------------------------------------- */

typedef struct {
  char     *path;
  char     *token;      /* sent along, or NULL for IMDSv1 */
  gboolean  refreshed;  /* a 401 already made this read fetch a new token */
} Get;

static void
get_free (Get *get)
{
  g_free (get->path);
  g_free (get->token);
  g_free (get);
}

static GawsHttpRequest *
imds_request (GawsImdsClient *self,
              const char     *method,
              const char     *path)
{
  const char *separator = g_str_has_suffix (self->endpoint, "/") ? "" : "/";
  g_autofree char *url = g_strconcat (self->endpoint, separator, path, NULL);

  /* The endpoint was checked when the client was made. */
  return gaws_http_request_new_for_url (method, url, NULL);
}

static GString *
body_text (GawsHttpResponse *response)
{
  GBytes *body = gaws_http_response_get_body (response);
  gsize length = 0;
  const char *data = body ? g_bytes_get_data (body, &length) : NULL;

  return g_string_new_len (data ? data : "", (gssize) length);
}

static gboolean
has_body (GawsHttpResponse *response)
{
  GBytes *body = gaws_http_response_get_body (response);

  return body != NULL && g_bytes_get_size (body) > 0;
}

static void
return_failure (GTask            *task,
                GawsHttpResponse *response,
                GError           *error)
{
  GawsImdsClient *self = g_task_get_source_object (task);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, "The EC2 instance metadata service at %s did not answer: ",
                        self->endpoint);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_new_error (task, GAWS_ERROR, GAWS_ERROR_HTTP,
                           "The EC2 instance metadata service at %s answered with status %u%s",
                           self->endpoint, gaws_http_response_get_status (response),
                           has_body (response) ? "" : " and no content");
}

static void fetch_token (GTask *task);

/* botocore retries a read that failed or came back empty or not 200; a
 * 401 to a token is answered by a new token instead. */
static gboolean
retry_read (GawsHttpResponse *response,
            const GError     *error,
            gpointer          user_data)
{
  Get *get = user_data;
  guint status;

  if (error != NULL)
    return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  status = gaws_http_response_get_status (response);
  if (status == 401 && get->token != NULL)
    return FALSE;
  return status != 200 || !has_body (response);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GawsImdsClient *self = g_task_get_source_object (task);
  Get *get = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GawsHttpResponse) response = gaws_provider_fetch_finish (result, &error);

  if (response != NULL && gaws_http_response_get_status (response) == 401 &&
      get->token != NULL && !get->refreshed)
    {
      forget_token (self, get->token);
      g_clear_pointer (&get->token, g_free);
      get->refreshed = TRUE;
      fetch_token (g_steal_pointer (&task));
      return;
    }
  if (response != NULL && gaws_http_response_get_status (response) == 200 && has_body (response))
    g_task_return_pointer (task, g_string_free (body_text (response), FALSE), g_free);
  else
    return_failure (task, response, error);
}

static void
send_read (GTask *task)
{
  GawsImdsClient *self = g_task_get_source_object (task);
  Get *get = g_task_get_task_data (task);
  g_autoptr(GawsHttpRequest) request = imds_request (self, "GET", get->path);

  if (get->token == NULL && self->v1_disabled)
    {
      g_task_return_new_error (task, GAWS_ERROR, GAWS_ERROR_CONNECTION,
                               "Unable to retrieve token for use in IMDSv2 call and IMDSv1 "
                               "has been disabled");
      g_object_unref (task);
      return;
    }
  if (get->token != NULL)
    gaws_http_headers_replace (gaws_http_request_get_headers (request),
                               "x-aws-ec2-metadata-token", get->token);
  gaws_provider_fetch_async (request, self->timeout_ms, self->attempts, 0, retry_read, get,
                             g_task_get_cancellable (task), read_done_cb, task);
}

/* botocore gives up on a token, and reads without one, when the service
 * says it has none (403, 404, 405); a 400 means the request was wrong. */
static gboolean
retry_token (GawsHttpResponse *response,
             const GError     *error,
             gpointer          user_data)
{
  guint status;

  if (error != NULL)
    return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  status = gaws_http_response_get_status (response);
  return status != 200 && status != 400 && status != 403 && status != 404 && status != 405;
}

static void
token_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  GawsImdsClient *self = g_task_get_source_object (task);
  Get *get = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response = gaws_provider_fetch_finish (result, &error);
  guint status = response ? gaws_http_response_get_status (response) : 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (status == 400)
    {
      g_task_return_new_error (task, GAWS_ERROR, GAWS_ERROR_HTTP,
                               "The EC2 instance metadata service at %s refused the token "
                               "request as bad (status 400)", self->endpoint);
      g_object_unref (task);
      return;
    }
  if (status == 200 && has_body (response))
    {
      g_autoptr(GString) token = body_text (response);

      g_strstrip (token->str);
      get->token = g_strdup (token->str);
      keep_token (self, get->token);
      explicit_bzero (token->str, token->len);
    }
  send_read (task);
}

static void
fetch_token (GTask *task)
{
  GawsImdsClient *self = g_task_get_source_object (task);
  g_autoptr(GawsHttpRequest) request = imds_request (self, "PUT", TOKEN_PATH);

  gaws_http_headers_replace (gaws_http_request_get_headers (request),
                             "x-aws-ec2-metadata-token-ttl-seconds",
                             G_STRINGIFY (TOKEN_TTL_SECONDS));
  gaws_provider_fetch_async (request, self->timeout_ms, self->attempts, 0, retry_token, NULL,
                             g_task_get_cancellable (task), token_done_cb, task);
}

/**
 * gaws_imds_client_get_async:
 * @self: a #GawsImdsClient
 * @path: the path under the endpoint, such as
 *   `latest/meta-data/iam/security-credentials/`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the text read
 * @user_data: data for @callback
 *
 * Reads one metadata value, with a session token when the service gives
 * one, trying each request as many times as configured.
 */
void
gaws_imds_client_get_async (GawsImdsClient      *self,
                            const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  Get *get;

  g_return_if_fail (GAWS_IS_IMDS_CLIENT (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_imds_client_get_async);
  if (self->disabled)
    {
      g_task_return_new_error (task, GAWS_ERROR, GAWS_ERROR_CONFIG,
                               "Access to the EC2 instance metadata service is disabled "
                               "(AWS_EC2_METADATA_DISABLED)");
      g_object_unref (task);
      return;
    }
  get = g_new0 (Get, 1);
  get->path = g_strdup (path[0] == '/' ? path + 1 : path);
  get->token = dup_token (self);
  g_task_set_task_data (task, get, (GDestroyNotify) get_free);
  if (get->token != NULL)
    send_read (task);
  else
    fetch_token (task);
}

/**
 * gaws_imds_client_get_finish:
 * @self: a #GawsImdsClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Fails with #GAWS_ERROR_CONFIG when the service is disabled,
 * #GAWS_ERROR_CONNECTION or #GAWS_ERROR_TIMEOUT when it cannot be
 * reached, and #GAWS_ERROR_HTTP when it answers with an error status or
 * nothing.
 *
 * Returns: (transfer full) (nullable): the value read
 */
char *
gaws_imds_client_get_finish (GawsImdsClient  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
zone_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autofree char *zone = gaws_imds_client_get_finish (GAWS_IMDS_CLIENT (source), result, &error);

  if (zone == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_strstrip (zone);
  if (strlen (zone) < 2)
    {
      g_task_return_new_error (task, GAWS_ERROR, GAWS_ERROR_PROTOCOL,
                               "The EC2 instance metadata service gave no availability zone");
      return;
    }
  /* The region is the zone without its letter: us-east-1a is in us-east-1. */
  zone[strlen (zone) - 1] = '\0';
  g_task_return_pointer (task, g_steal_pointer (&zone), g_free);
}

/**
 * gaws_imds_client_get_region_async:
 * @self: a #GawsImdsClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the region
 * @user_data: data for @callback
 *
 * Reads the region the instance runs in, from its availability zone.
 */
void
gaws_imds_client_get_region_async (GawsImdsClient      *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GAWS_IS_IMDS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_imds_client_get_region_async);
  gaws_imds_client_get_async (self, REGION_PATH, cancellable, zone_done_cb, task);
}

/**
 * gaws_imds_client_get_region_finish:
 * @self: a #GawsImdsClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the region, such as `us-east-1`
 */
char *
gaws_imds_client_get_region_finish (GawsImdsClient  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
