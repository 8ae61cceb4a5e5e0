/* gaws-provider-util.c: what the remote credential providers share
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-provider-util-private.h"

#include "gaws-http-engine.h"

/* Every error of a provider reads like botocore's CredentialRetrievalError,
 * so that a user sees at once which source failed. None of these helpers
 * ever puts a response body or a secret into a message. */

/**
 * gaws_provider_set_error:
 * @error: return location for a #GError
 * @code: the #GawsError code
 * @method: the provider's name, such as `container-role`
 * @format: printf() format of the reason
 * @...: its arguments
 *
 * Sets "Error when retrieving credentials from @method: reason".
 */
void
gaws_provider_set_error (GError     **error,
                         GawsError    code,
                         const char  *method,
                         const char  *format,
                         ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GAWS_ERROR, code, "Error when retrieving credentials from %s: %s",
               method, reason);
}

/**
 * gaws_provider_wrap_error:
 * @inner: (transfer full): an error of a step of the provider
 * @method: the provider's name
 *
 * Names the provider in @inner's message. A configuration error stays
 * one; anything else becomes %GAWS_ERROR_CREDENTIALS, keeping the service
 * error code and status of @inner. Cancellation is passed through as is.
 *
 * Returns: (transfer full): the error to report
 */
GError *
gaws_provider_wrap_error (GError     *inner,
                          const char *method)
{
  GawsError code = GAWS_ERROR_CREDENTIALS;
  GError *error;

  if (g_error_matches (inner, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return inner;
  if (g_error_matches (inner, GAWS_ERROR, GAWS_ERROR_CONFIG))
    code = GAWS_ERROR_CONFIG;
  error = g_error_new (GAWS_ERROR, code, "Error when retrieving credentials from %s: %s",
                       method, inner->message);
  if (inner->domain == GAWS_ERROR)
    {
      gaws_error_set_details (error, gaws_error_get_code (inner), gaws_error_get_message (inner),
                              gaws_error_get_http_status (inner),
                              gaws_error_get_request_id (inner));
      gaws_error_set_retry_attempts (error, gaws_error_get_retry_attempts (inner));
    }
  g_error_free (inner);
  return error;
}

/**
 * gaws_provider_getenv:
 * @name: an environment variable
 *
 * Returns: (nullable): its value, or %NULL when unset or empty
 */
const char *
gaws_provider_getenv (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? value : NULL;
}

/**
 * gaws_provider_setting:
 * @session: (nullable): a loaded session
 * @profile: the profile to read
 * @variable: (nullable): the environment variable that wins over the profile
 * @key: the profile key
 *
 * Returns: (nullable): the setting, as botocore's config chain resolves
 *   it: the environment first, then the profile
 */
const char *
gaws_provider_setting (GawsSession *session,
                       const char  *profile,
                       const char  *variable,
                       const char  *key)
{
  const char *value = variable ? gaws_provider_getenv (variable) : NULL;

  if (value == NULL && session != NULL && profile != NULL)
    value = gaws_session_get_profile_value (session, profile, key);
  return value != NULL && *value != '\0' ? value : NULL;
}

/**
 * gaws_provider_home_dir:
 *
 * Returns: the home folder, `$HOME` first: g_get_home_dir() caches its
 *   first answer, and tests move `HOME`
 */
const char *
gaws_provider_home_dir (void)
{
  const char *home = gaws_provider_getenv ("HOME");

  return home ? home : g_get_home_dir ();
}

/**
 * gaws_provider_parse_time:
 * @text: an ISO 8601 time; one without a zone is UTC
 *
 * Returns: (transfer full) (nullable): the time, or %NULL if @text is not one
 */
GDateTime *
gaws_provider_parse_time (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  return text ? g_date_time_new_from_iso8601 (text, utc) : NULL;
}

/**
 * gaws_provider_format_time:
 * @time: a time
 *
 * Returns: (transfer full): @time as `2026-01-01T00:00:00Z`
 */
char *
gaws_provider_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* ---- credential JSON ------------------------------------------------------ */

static const char *
json_string_member (json_t     *root,
                    const char *name)
{
  json_t *member = json_object_get (root, name);

  return json_is_string (member) && *json_string_value (member) != '\0'
         ? json_string_value (member) : NULL;
}

/**
 * gaws_provider_credentials_from_json:
 * @root: the parsed response
 * @token_member: the member holding the session token (`Token` for the
 *   container and instance metadata endpoints)
 * @method: the provider's name, for errors
 * @error: return location for a #GError
 *
 * Reads `AccessKeyId`, `SecretAccessKey`, the token and `Expiration`, all
 * required, as the container and instance metadata endpoints send them.
 *
 * Returns: (transfer full) (nullable): the credentials
 */
GawsCredentials *
gaws_provider_credentials_from_json (json_t      *root,
                                     const char  *token_member,
                                     const char  *method,
                                     GError     **error)
{
  const char *names[] = { "AccessKeyId", "SecretAccessKey", token_member, "Expiration" };
  const char *values[G_N_ELEMENTS (names)];
  g_autoptr(GDateTime) expiration = NULL;

  if (!json_is_object (root))
    {
      gaws_provider_set_error (error, GAWS_ERROR_CREDENTIALS, method,
                               "the response is not a JSON object");
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if ((values[i] = json_string_member (root, names[i])) == NULL)
      {
        gaws_provider_set_error (error, GAWS_ERROR_CREDENTIALS, method,
                                 "the response has no %s", names[i]);
        return NULL;
      }
  expiration = gaws_provider_parse_time (values[3]);
  if (expiration == NULL)
    {
      gaws_provider_set_error (error, GAWS_ERROR_CREDENTIALS, method,
                               "Expiration in the response is not an ISO 8601 time");
      return NULL;
    }
  return gaws_credentials_new (values[0], values[1], values[2], expiration, method);
}

/**
 * gaws_provider_parse_json:
 * @body: (nullable): a response body or a file's contents
 * @method: the provider's name, for errors
 * @what: what @body is, for errors: "the response", "the token cache file"
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the parsed JSON
 */
json_t *
gaws_provider_parse_json (GBytes      *body,
                          const char  *method,
                          const char  *what,
                          GError     **error)
{
  gsize length = 0;
  const char *data = body ? g_bytes_get_data (body, &length) : NULL;
  json_error_t json_error;
  json_t *root;

  /* Only the position: jansson's text quotes the input near the error,
   * which may be a piece of a secret. */
  root = json_loadb (data ? data : "", length, 0, &json_error);
  if (root == NULL)
    gaws_provider_set_error (error, GAWS_ERROR_CREDENTIALS, method,
                             "%s is not valid JSON (line %d, column %d)", what,
                             json_error.line, json_error.column);
  return root;
}

/* ---- fetching with attempts ----------------------------------------------- */

typedef struct {
  GawsHttpRequest       *request;
  GawsHttpEngine        *engine;
  guint                  attempts_left;
  guint                  delay_ms;
  GawsProviderRetryFunc  retry;
  gpointer               retry_data;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_object_unref (fetch->request);
  g_object_unref (fetch->engine);
  g_free (fetch);
}

static void fetch_attempt (GTask *task);

/**
 * gaws_provider_retry_transient:
 * @response: (nullable): the response of the last attempt
 * @error: (nullable): its transport error
 * @user_data: unused
 *
 * A #GawsProviderRetryFunc: tries again after a transport error or a 5xx.
 *
 * Returns: whether to try again
 */
gboolean
gaws_provider_retry_transient (GawsHttpResponse *response,
                               const GError     *error,
                               gpointer          user_data)
{
  if (error != NULL)
    return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  return gaws_http_response_get_status (response) >= 500;
}

static gboolean
delay_done_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    fetch_attempt (task);
  else
    g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
fetch_again_later (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GSource) source = g_timeout_source_new (fetch->delay_ms);

  g_source_set_callback (source, delay_done_cb, task, NULL);
  g_source_set_static_name (source, "gaws credential fetch back-off");
  g_source_attach (source, g_task_get_context (task));
}

static void
fetch_sent_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GawsHttpResponse) response =
    gaws_http_engine_send_finish (GAWS_HTTP_ENGINE (source), result, &error);

  if (fetch->attempts_left > 0 && fetch->retry (response, error, fetch->retry_data))
    {
      g_clear_error (&error);
      if (fetch->delay_ms > 0)
        fetch_again_later (task);
      else
        fetch_attempt (task);
      return;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&response), g_object_unref);
  g_object_unref (task);
}

static void
fetch_attempt (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GawsHttpRequest) attempt = gaws_http_request_copy (fetch->request);

  fetch->attempts_left--;
  gaws_http_engine_send_async (fetch->engine, attempt, GAWS_HTTP_BODY_BUFFERED,
                               g_task_get_cancellable (task), fetch_sent_cb, task);
}

/**
 * gaws_provider_fetch_async:
 * @request: the request; copied for each attempt
 * @timeout_ms: the connect and read timeout of each attempt
 * @attempts: attempts in all, at least 1
 * @delay_ms: the pause between attempts
 * @retry: decides whether a failed attempt is tried again
 * @retry_data: data for @retry
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the last attempt's outcome
 * @user_data: data for @callback
 *
 * Sends an unsigned request, such as those of the metadata endpoints, on an
 * engine of its own bound to the thread-default context: the providers run
 * rarely, and a private engine never ties a provider to one thread.
 */
void
gaws_provider_fetch_async (GawsHttpRequest       *request,
                           guint                  timeout_ms,
                           guint                  attempts,
                           guint                  delay_ms,
                           GawsProviderRetryFunc  retry,
                           gpointer               retry_data,
                           GCancellable          *cancellable,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Fetch *fetch = g_new0 (Fetch, 1);

  g_task_set_source_tag (task, gaws_provider_fetch_async);
  fetch->request = g_object_ref (request);
  fetch->engine = gaws_http_engine_new ();
  gaws_http_engine_set_connect_timeout_ms (fetch->engine, timeout_ms);
  gaws_http_engine_set_read_timeout_ms (fetch->engine, timeout_ms);
  fetch->attempts_left = MAX (attempts, 1);
  fetch->delay_ms = delay_ms;
  fetch->retry = retry;
  fetch->retry_data = retry_data;
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  fetch_attempt (task);
}

/**
 * gaws_provider_fetch_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the last attempt's response, whatever
 *   its status, or %NULL with the last transport error
 */
GawsHttpResponse *
gaws_provider_fetch_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- providers that read a profile of their session --------------------- */

typedef struct {
  GTask                 *task;
  const char            *profile_name;  /* the provider's, which the task keeps alive */
  GawsProviderStartFunc  start;
} SessionLoad;

static void
session_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SessionLoad *load = user_data;
  GTask *task = load->task;
  const char *profile_name = load->profile_name;
  GawsProviderStartFunc start = load->start;
  GawsSession *session = GAWS_SESSION (source);
  GError *error = NULL;

  g_free (load);
  if (!gaws_session_load_finish (session, result, &error) ||
      (profile_name == NULL && !gaws_session_check_profile (session, &error)))
    {
      /* The session's own error, as the other providers report it. */
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  start (task, session, profile_name ? profile_name : gaws_session_get_profile_name (session));
}

/**
 * gaws_provider_get_credentials_async:
 * @provider: the provider
 * @session_ref: its weak reference to its session
 * @profile_name: (nullable): the profile it reads, or %NULL for the session's
 * @start: where it goes on once the session is loaded
 * @source_tag: the source tag of the task
 * @cancellable: (nullable): a #GCancellable
 * @callback: what to call with the credentials
 * @user_data: the data to give @callback
 *
 * The get_credentials_async of a provider that reads a profile: loads the
 * session and hands the task to @start, or returns no credentials when the
 * session is gone. Finish with gaws_provider_get_credentials_finish().
 */
void
gaws_provider_get_credentials_async (GawsCredentialsProvider *provider,
                                     GWeakRef                *session_ref,
                                     const char              *profile_name,
                                     GawsProviderStartFunc    start,
                                     gpointer                 source_tag,
                                     GCancellable            *cancellable,
                                     GAsyncReadyCallback      callback,
                                     gpointer                 user_data)
{
  GTask *task = g_task_new (provider, cancellable, callback, user_data);
  g_autoptr(GawsSession) session = g_weak_ref_get (session_ref);
  SessionLoad *load;

  (g_task_set_source_tag) (task, source_tag);   /* the function: see gaws-paginator.c */
  if (session == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  load = g_new (SessionLoad, 1);
  load->task = task;
  load->profile_name = profile_name;
  load->start = start;
  gaws_session_load_async (session, cancellable, session_loaded_cb, load);
}

/**
 * gaws_provider_get_credentials_finish:
 * @provider: the provider
 * @result: the result of gaws_provider_get_credentials_async()
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the credentials, or %NULL
 */
GawsCredentials *
gaws_provider_get_credentials_finish (GawsCredentialsProvider  *provider,
                                      GAsyncResult             *result,
                                      GError                  **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
