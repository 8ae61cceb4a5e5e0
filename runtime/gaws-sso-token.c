/* gaws-sso-token.c: the SSO access token, from the cache the AWS CLI writes
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-sso-token-private.h"

#include <jansson.h>
#include <string.h>

#include "gaws-client-config.h"
#include "gaws-error.h"
#include "gaws-operation.h"
#include "gaws-provider-util-private.h"
#include "gaws-service-registry.h"
#include "gaws-shape-json.h"

/* `aws sso login` leaves the access token in
 * ~/.aws/sso/cache/<sha1 of the sso-session name, or of the start URL for
 * a legacy profile>.json. As botocore's SSOTokenProvider does, a token of
 * an sso-session that expires within 15 minutes is refreshed through
 * sso-oidc CreateToken with the refresh token and client registration
 * stored beside it, and the cache file is rewritten; a failed refresh
 * falls back on the cached token while it is still valid. Legacy profiles
 * have no refresh token: once expired, only `aws sso login` helps. */

#define REFRESH_WINDOW  (15 * G_TIME_SPAN_MINUTE)
#define CALL_TIMEOUT_MS 30000
#define CALL_ATTEMPTS   3

typedef struct {
  GawsSession *session;
  char        *session_name;   /* NULL for a legacy profile */
  char        *start_url;
  char        *region;
  GFile       *cache_file;
  json_t      *token;          /* the cached token, once read */
} Load;

static void
load_free (Load *load)
{
  g_object_unref (load->session);
  g_free (load->session_name);
  g_free (load->start_url);
  g_free (load->region);
  g_object_unref (load->cache_file);
  json_decref (load->token);
  g_free (load);
}

static const char *
token_name (Load *load)
{
  return load->session_name ? load->session_name : load->start_url;
}

static const char *
member_string (json_t     *object,
               const char *name)
{
  json_t *member = json_object_get (object, name);

  return json_is_string (member) ? json_string_value (member) : NULL;
}

static GTimeSpan
time_left (const char *expires_at)
{
  g_autoptr(GDateTime) expiry = gaws_provider_parse_time (expires_at);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return expiry ? g_date_time_difference (expiry, now) : G_MININT64;
}

static void
return_access_token (GTask  *task,
                     json_t *token)
{
  g_task_return_pointer (task, g_strdup (member_string (token, "accessToken")), g_free);
  g_object_unref (task);
}

G_GNUC_PRINTF (2, 3)
static void
return_error (GTask      *task,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_task_return_error (task, g_error_new_literal (GAWS_ERROR, GAWS_ERROR_CREDENTIALS, message));
  g_object_unref (task);
}

/**
 * gaws_sso_token_cache_path:
 * @session_name: (nullable): the sso-session, or %NULL for a legacy profile
 * @start_url: the start URL, the key of a legacy profile's token
 *
 * Returns: (transfer full): the token's cache file
 */
char *
gaws_sso_token_cache_path (const char *session_name,
                           const char *start_url)
{
  g_autofree char *key = g_compute_checksum_for_string (G_CHECKSUM_SHA1,
                                                        session_name ? session_name : start_url, -1);
  g_autofree char *name = g_strconcat (key, ".json", NULL);

  return g_build_filename (gaws_provider_home_dir (), ".aws", "sso", "cache", name, NULL);
}

/* ---- writing the refreshed token back ------------------------------------- */

static void
cache_written_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The token is good whether or not the cache could be rewritten. */
  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_debug ("sso: cannot rewrite the SSO token cache: %s", error->message);
  return_access_token (task, load->token);
}

static void
write_cache (GTask *task)
{
  Load *load = g_task_get_task_data (task);
  char *text = json_dumps (load->token, JSON_COMPACT);
  g_autoptr(GBytes) bytes = g_bytes_new_with_free_func (text, strlen (text), free, text);

  /* Private: the file holds the access and refresh tokens. */
  g_file_replace_contents_bytes_async (load->cache_file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task), cache_written_cb, task);
}

/* ---- refreshing through sso-oidc ------------------------------------------ */

/* After a refresh that did not work: the cached token, while it lasts. */
static void
use_cached_token (GTask *task)
{
  Load *load = g_task_get_task_data (task);

  if (time_left (member_string (load->token, "expiresAt")) <= 0)
    {
      return_error (task, "Error when retrieving token from %s: Token has expired and refresh "
                    "failed", "sso");
      return;
    }
  return_access_token (task, load->token);
}

static json_t *
refreshed_token (Load   *load,
                 json_t *answer)
{
  json_t *expires_in = json_object_get (answer, "expiresIn");
  const char *access_token = member_string (answer, "accessToken");
  const char *refresh_token = member_string (answer, "refreshToken");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expiry = NULL;
  g_autofree char *expires_at = NULL;
  json_t *token;

  if (access_token == NULL || !json_is_integer (expires_in))
    return NULL;
  expiry = g_date_time_add_seconds (now, (gdouble) json_integer_value (expires_in));
  expires_at = gaws_provider_format_time (expiry);
  token = json_pack ("{s:s, s:s, s:s, s:s, s:O, s:O, s:O}",
                     "startUrl", load->start_url, "region", load->region,
                     "accessToken", access_token, "expiresAt", expires_at,
                     "clientId", json_object_get (load->token, "clientId"),
                     "clientSecret", json_object_get (load->token, "clientSecret"),
                     "registrationExpiresAt", json_object_get (load->token, "registrationExpiresAt"));
  if (token != NULL && refresh_token != NULL)
    json_object_set_new (token, "refreshToken", json_string (refresh_token));
  return token;
}

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  json_t *answer = gaws_sso_call_finish (result, &error);
  json_t *token = NULL;

  if (answer != NULL && (token = refreshed_token (load, answer)) == NULL)
    g_set_error_literal (&error, GAWS_ERROR, GAWS_ERROR_PROTOCOL,
                         "the CreateToken response has no accessToken or expiresIn");
  json_decref (answer);
  if (token == NULL)
    {
      g_debug ("sso: refreshing the SSO token of %s failed: %s", token_name (load), error->message);
      use_cached_token (task);
      return;
    }
  json_decref (load->token);
  load->token = token;
  write_cache (task);
}

static gboolean
can_refresh (Load *load)
{
  const char *const needed[] = { "refreshToken", "clientId", "clientSecret",
                                 "registrationExpiresAt" };

  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    if (member_string (load->token, needed[i]) == NULL)
      {
        g_debug ("sso: cannot refresh the SSO token of %s: it has no %s", token_name (load),
                 needed[i]);
        return FALSE;
      }
  if (time_left (member_string (load->token, "registrationExpiresAt")) <= 0)
    {
      g_debug ("sso: cannot refresh the SSO token of %s: its client registration expired",
               token_name (load));
      return FALSE;
    }
  return TRUE;
}

static void
refresh (GTask *task)
{
  Load *load = g_task_get_task_data (task);
  json_t *input;

  if (!can_refresh (load))
    {
      use_cached_token (task);
      return;
    }
  input = json_pack ("{s:s, s:O, s:O, s:O}", "grantType", "refresh_token",
                     "clientId", json_object_get (load->token, "clientId"),
                     "clientSecret", json_object_get (load->token, "clientSecret"),
                     "refreshToken", json_object_get (load->token, "refreshToken"));
  gaws_sso_call_async (load->session, "sso-oidc", load->region, "CreateToken", input,
                       g_task_get_cancellable (task), refreshed_cb, task);
  json_decref (input);
}

/* ---- reading the cache ---------------------------------------------------- */

static void
cache_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GBytes) bytes = NULL;
  GTimeSpan left;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return_error (task, "Error loading SSO Token: Token for %s does not exist",
                      token_name (load));
      else
        return_error (task, "Error loading SSO Token: %s", error->message);
      return;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  load->token = gaws_provider_parse_json (bytes, "sso", "the SSO token cache file", NULL);
  if (!json_is_object (load->token) || member_string (load->token, "accessToken") == NULL ||
      member_string (load->token, "expiresAt") == NULL)
    {
      return_error (task, "Error loading SSO Token: Token for %s is invalid", token_name (load));
      return;
    }
  left = time_left (member_string (load->token, "expiresAt"));
  if (load->session_name == NULL && left <= 0)
    return_error (task, "%s", "The SSO session associated with this profile has expired or is "
                  "otherwise invalid. To refresh this SSO session run aws sso login with the "
                  "corresponding profile.");
  else if (load->session_name != NULL && left < REFRESH_WINDOW)
    refresh (task);
  else
    return_access_token (task, load->token);
}

/**
 * gaws_sso_token_load_async:
 * @session: the loaded session, for the sso-oidc endpoint settings
 * @session_name: (nullable): the sso-session, or %NULL for a legacy profile
 * @start_url: the start URL
 * @sso_region: the region of the SSO service
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the access token
 * @user_data: data for @callback
 *
 * Reads the cached token, refreshing it first when it is an sso-session's
 * and expires within 15 minutes.
 */
void
gaws_sso_token_load_async (GawsSession         *session,
                           const char          *session_name,
                           const char          *start_url,
                           const char          *sso_region,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Load *load = g_new0 (Load, 1);
  g_autofree char *path = gaws_sso_token_cache_path (session_name, start_url);

  g_task_set_source_tag (task, gaws_sso_token_load_async);
  load->session = g_object_ref (session);
  load->session_name = g_strdup (session_name);
  load->start_url = g_strdup (start_url);
  load->region = g_strdup (sso_region);
  load->cache_file = g_file_new_for_path (path);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_file_load_contents_async (load->cache_file, cancellable, cache_read_cb, task);
}

/**
 * gaws_sso_token_load_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the access token
 */
char *
gaws_sso_token_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- calling sso and sso-oidc --------------------------------------------- */

/* Both services are generated libraries that link libgaws, so libgaws finds
 * them by name at run time (see gaws-service-registry.c). Their operations
 * used here are auth none: sent unsigned, without asking the session for
 * credentials, which are what is being fetched. */

static void
call_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  g_autoptr(GawsShape) output = gaws_operation_invoke_finish (GAWS_CLIENT (source), result, &error);

  if (output == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, gaws_shape_to_json (output, GAWS_SHAPE_JSON_DEFAULT),
                           (GDestroyNotify) json_decref);
  g_object_unref (task);
}

static GawsClient *
new_client (GawsSession  *session,
            const char   *service,
            const char   *region,
            GError      **error)
{
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();

  gaws_client_config_set_region (config, region);
  gaws_client_config_set_max_attempts (config, CALL_ATTEMPTS);
  gaws_client_config_set_attempt_timeout_ms (config, CALL_TIMEOUT_MS);
  return gaws_service_registry_new_client (service, session, config, error);
}

/**
 * gaws_sso_call_async:
 * @session: the session, for the service's endpoint settings
 * @service: `sso` or `sso-oidc`
 * @region: the region of the SSO service (`sso_region`)
 * @operation: the operation, such as `CreateToken`
 * @input: the input, in the model's member names
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the output
 * @user_data: data for @callback
 *
 * Calls an operation of the generated @service client.
 */
void
gaws_sso_call_async (GawsSession         *session,
                     const char          *service,
                     const char          *region,
                     const char          *operation,
                     json_t              *input,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;
  g_autoptr(GawsClient) client = new_client (session, service, region, &error);
  const GawsOperationInfo *op = NULL;
  g_autoptr(GawsShape) shape = NULL;

  g_task_set_source_tag (task, gaws_sso_call_async);
  if (client != NULL)
    op = gaws_service_info_find_operation (gaws_client_get_model (client), operation);
  if (client != NULL && op == NULL)
    g_set_error (&error, GAWS_ERROR, GAWS_ERROR_CONFIG, "The %s service has no %s operation",
                 service, operation);
  if (op != NULL)
    shape = gaws_shape_new_from_json (op->input, input, GAWS_SHAPE_JSON_DEFAULT, &error);
  if (shape == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  gaws_operation_invoke_async (client, op, shape, cancellable, call_done_cb, task);
}

/**
 * gaws_sso_call_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the output, in the model's member
 *   names
 */
json_t *
gaws_sso_call_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
