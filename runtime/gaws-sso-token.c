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
#include "gaws-provider-util-private.h"
#include "gaws-service-error.h"

/* `aws sso login` leaves the access token in
 * ~/.aws/sso/cache/<sha1 of the sso-session name, or of the start URL for
 * a legacy profile>.json. As botocore's SSOTokenProvider does, a token of
 * an sso-session that expires within 15 minutes is refreshed through
 * sso-oidc CreateToken with the refresh token and client registration
 * stored beside it, and the cache file is rewritten; a failed refresh
 * falls back on the cached token while it is still valid. Legacy profiles
 * have no refresh token: once expired, only `aws sso login` helps. */

#define REFRESH_WINDOW  (15 * G_TIME_SPAN_MINUTE)
#define OIDC_TIMEOUT_MS 30000
#define OIDC_ATTEMPTS   3
#define OIDC_DELAY_MS   200

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
  g_autoptr(GawsHttpResponse) response = gaws_provider_fetch_finish (result, &error);
  json_t *answer = NULL;
  json_t *token = NULL;

  if (response != NULL && !gaws_http_response_is_success (response))
    {
      error = gaws_service_error_from_response (response);
      gaws_error_add_operation_context (error, "CreateToken", 0, FALSE);
    }
  if (error == NULL)
    answer = gaws_provider_parse_json (gaws_http_response_get_body (response), "sso",
                                       "the CreateToken response", &error);
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

static char *
oidc_endpoint (Load *load)
{
  g_autoptr(GawsResolvedConfig) resolved =
    gaws_client_config_resolve (NULL, load->session, "SSO_OIDC", NULL);

  if (resolved != NULL && resolved->endpoint_url != NULL)
    return g_strdup (resolved->endpoint_url);
  return g_strdup_printf ("https://oidc.%s.amazonaws.com", load->region);
}

static GBytes *
create_token_body (json_t *token)
{
  json_t *body = json_pack ("{s:s, s:O, s:O, s:O}", "grantType", "refresh_token",
                            "clientId", json_object_get (token, "clientId"),
                            "clientSecret", json_object_get (token, "clientSecret"),
                            "refreshToken", json_object_get (token, "refreshToken"));
  char *text = json_dumps (body, JSON_COMPACT);

  json_decref (body);
  return g_bytes_new_with_free_func (text, strlen (text), free, text);
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
  g_autofree char *endpoint = oidc_endpoint (load);
  g_autofree char *url = g_strconcat (endpoint, g_str_has_suffix (endpoint, "/") ? "" : "/",
                                      "token", NULL);
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new_for_url ("POST", url, NULL);
  g_autoptr(GBytes) body = NULL;

  if (request == NULL || !can_refresh (load))
    {
      use_cached_token (task);
      return;
    }
  body = create_token_body (load->token);
  gaws_http_headers_replace (gaws_http_request_get_headers (request), "Content-Type",
                             "application/json");
  gaws_http_request_set_body (request, body);
  gaws_provider_fetch_async (request, OIDC_TIMEOUT_MS, OIDC_ATTEMPTS, OIDC_DELAY_MS,
                             gaws_provider_retry_transient, NULL, g_task_get_cancellable (task),
                             refreshed_cb, task);
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
