/* gaws-sso-credentials-provider.c: role credentials from IAM Identity Center (SSO)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-sso-credentials-provider.h"

#include <string.h>

#include "gaws-error.h"
#include "gaws-provider-util-private.h"
#include "gaws-sso-token-private.h"

/**
 * GawsSsoCredentialsProvider:
 *
 * Gets a role's credentials from the IAM Identity Center (SSO) portal with
 * the access token that `aws sso login` cached, as botocore's
 * `SSOProvider` does. A profile is an SSO profile when it has
 * `sso_account_id` or `sso_role_name`; it then needs both, plus
 * `sso_start_url` and `sso_region`, either in the profile itself (a legacy
 * profile) or in the `[sso-session name]` section its `sso_session` names.
 * Values set in both places must agree.
 *
 * The token of an sso-session is refreshed through sso-oidc when it
 * expires within 15 minutes, and the cache file rewritten (see the AWS CLI's
 * `~/.aws/sso/cache`). The portal is
 * `https://portal.sso.<sso_region>.amazonaws.com`, unless an endpoint is
 * configured for the `sso` service (`AWS_ENDPOINT_URL_SSO`, a `services`
 * section, `endpoint_url`), and likewise sso-oidc
 * (`AWS_ENDPOINT_URL_SSO_OIDC`): that is how tests point both at a local
 * fake.
 *
 * Both calls (`GetRoleCredentials`, `CreateToken`) go through the generated
 * `sso` and `sso-oidc` clients, found at run time by
 * gaws_service_registry_new_client(): without those libraries the provider
 * fails with an error naming the missing one.
 *
 * The provider does not keep its session alive.
 */
struct _GawsSsoCredentialsProvider {
  GObject   parent_instance;
  GWeakRef  session;
  char     *profile_name;  /* NULL: the session's */
};

#define METHOD "sso"

typedef struct {
  GawsSession *session;
  char        *session_name;  /* NULL for a legacy profile */
  char        *start_url;
  char        *region;
  char        *role_name;
  char        *account_id;
} SsoConfig;

static void gaws_sso_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GawsSsoCredentialsProvider, gaws_sso_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GAWS_TYPE_CREDENTIALS_PROVIDER,
                                                      gaws_sso_credentials_provider_iface_init))

static void
gaws_sso_credentials_provider_finalize (GObject *object)
{
  GawsSsoCredentialsProvider *self = GAWS_SSO_CREDENTIALS_PROVIDER (object);

  g_weak_ref_clear (&self->session);
  g_free (self->profile_name);
  G_OBJECT_CLASS (gaws_sso_credentials_provider_parent_class)->finalize (object);
}

static void
gaws_sso_credentials_provider_class_init (GawsSsoCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_sso_credentials_provider_finalize;
}

static void
gaws_sso_credentials_provider_init (GawsSsoCredentialsProvider *self)
{
  g_weak_ref_init (&self->session, NULL);
}

static void
sso_config_free (SsoConfig *config)
{
  g_object_unref (config->session);
  g_free (config->session_name);
  g_free (config->start_url);
  g_free (config->region);
  g_free (config->role_name);
  g_free (config->account_id);
  g_free (config);
}

static void
return_error (GTask  *task,
              GError *error)
{
  g_task_return_error (task, gaws_provider_wrap_error (error, METHOD));
  g_object_unref (task);
}

/* ---- the configuration ---------------------------------------------------- */

/* The profile's values with the sso-session's merged in; they must agree. */
static GHashTable *
merged_settings (GawsSession  *session,
                 const char   *profile,
                 GError      **error)
{
  static const char *const keys[] = { "sso_session", "sso_start_url", "sso_region",
                                      "sso_role_name", "sso_account_id" };
  GHashTable *settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GawsConfigFile *config_file = gaws_session_get_config_file (session);
  const char *name;
  g_auto(GStrv) session_keys = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *value = gaws_session_get_profile_value (session, profile, keys[i]);

      if (value != NULL)
        g_hash_table_insert (settings, g_strdup (keys[i]), g_strdup (value));
    }
  name = g_hash_table_lookup (settings, "sso_session");
  if (name == NULL)
    return settings;
  if (config_file == NULL ||
      !gaws_config_file_has_section (config_file, GAWS_CONFIG_SECTION_SSO_SESSION, name))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                   "The specified sso-session does not exist: \"%s\"", name);
      g_hash_table_unref (settings);
      return NULL;
    }
  session_keys = gaws_config_file_list_keys (config_file, GAWS_CONFIG_SECTION_SSO_SESSION, name);
  for (guint i = 0; session_keys && session_keys[i]; i++)
    {
      const char *value = gaws_config_file_get_value (config_file, GAWS_CONFIG_SECTION_SSO_SESSION,
                                                      name, session_keys[i]);
      const char *mine = g_hash_table_lookup (settings, session_keys[i]);

      if (mine != NULL && value != NULL && !g_str_equal (mine, value))
        {
          g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                       "The value for %s is inconsistent between profile (%s) and "
                       "sso-session (%s).", session_keys[i], mine, value);
          g_hash_table_unref (settings);
          return NULL;
        }
      if (value != NULL)
        g_hash_table_insert (settings, g_strdup (session_keys[i]), g_strdup (value));
    }
  return settings;
}

static gboolean
check_required (GHashTable  *settings,
                const char  *profile,
                GError     **error)
{
  static const char *const required[] = { "sso_role_name", "sso_account_id", "sso_start_url",
                                          "sso_region" };
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  g_autofree char *list = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (g_hash_table_lookup (settings, required[i]) == NULL)
      g_strv_builder_add (missing, required[i]);
  names = g_strv_builder_end (missing);
  if (names[0] == NULL)
    return TRUE;
  list = g_strjoinv (", ", names);
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
               "The profile \"%s\" is configured to use SSO but is missing required "
               "configuration: %s", profile, list);
  return FALSE;
}

/* NULL with no error when the profile does not use SSO. */
static SsoConfig *
sso_config_new (GawsSession  *session,
                const char   *profile,
                GError      **error)
{
  g_autoptr(GHashTable) settings = NULL;
  SsoConfig *config;

  if (gaws_session_get_profile_value (session, profile, "sso_role_name") == NULL &&
      gaws_session_get_profile_value (session, profile, "sso_account_id") == NULL)
    return NULL;
  settings = merged_settings (session, profile, error);
  if (settings == NULL || !check_required (settings, profile, error))
    return NULL;
  config = g_new0 (SsoConfig, 1);
  config->session = g_object_ref (session);
  config->session_name = g_strdup (g_hash_table_lookup (settings, "sso_session"));
  config->start_url = g_strdup (g_hash_table_lookup (settings, "sso_start_url"));
  config->region = g_strdup (g_hash_table_lookup (settings, "sso_region"));
  config->role_name = g_strdup (g_hash_table_lookup (settings, "sso_role_name"));
  config->account_id = g_strdup (g_hash_table_lookup (settings, "sso_account_id"));
  return config;
}

/* ---- GetRoleCredentials --------------------------------------------------- */

static GawsCredentials *
credentials_from_answer (json_t  *answer,
                         GError **error)
{
  json_t *role = json_object_get (answer, "roleCredentials");
  const char *access_key_id = json_string_value (json_object_get (role, "accessKeyId"));
  const char *secret = json_string_value (json_object_get (role, "secretAccessKey"));
  const char *token = json_string_value (json_object_get (role, "sessionToken"));
  json_t *expiration = json_object_get (role, "expiration");
  g_autoptr(GDateTime) expiry = NULL;

  if (access_key_id == NULL || secret == NULL || token == NULL || !json_is_number (expiration))
    {
      gaws_provider_set_error (error, GAWS_ERROR_PROTOCOL, METHOD,
                               "the GetRoleCredentials response has no complete roleCredentials");
      return NULL;
    }
  /* Milliseconds since the epoch. */
  expiry = g_date_time_new_from_unix_utc ((gint64) (json_number_value (expiration) / 1000));
  return gaws_credentials_new (access_key_id, secret, token, expiry, METHOD);
}

/* As botocore says it: an expired or revoked token is the user's to renew. */
static GError *
portal_error (GError *error)
{
  if (gaws_error_get_http_status (error) == 401 ||
      gaws_error_matches_code (error, "UnauthorizedException"))
    {
      g_error_free (error);
      return g_error_new_literal (GAWS_ERROR, GAWS_ERROR_CREDENTIALS,
                                  "The SSO session associated with this profile has expired or "
                                  "is otherwise invalid. To refresh this SSO session run aws sso "
                                  "login with the corresponding profile.");
    }
  return error;
}

static void
role_credentials_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  json_t *answer = gaws_sso_call_finish (result, &error);
  GawsCredentials *credentials = NULL;

  if (answer == NULL)
    {
      return_error (task, portal_error (error));
      return;
    }
  credentials = credentials_from_answer (answer, &error);
  json_decref (answer);
  if (credentials == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, credentials, g_object_unref);
  g_object_unref (task);
}

static void
token_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  SsoConfig *config = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree char *access_token = gaws_sso_token_load_finish (result, &error);
  json_t *input;

  if (access_token == NULL)
    {
      return_error (task, error);
      return;
    }
  input = json_pack ("{s:s, s:s, s:s}", "roleName", config->role_name,
                     "accountId", config->account_id, "accessToken", access_token);
  explicit_bzero (access_token, strlen (access_token));
  gaws_sso_call_async (config->session, "sso", config->region, "GetRoleCredentials", input,
                       g_task_get_cancellable (task), role_credentials_cb, task);
  json_decref (input);
}

static void
start (GTask       *task,
       GawsSession *session,
       const char  *profile)
{
  GError *error = NULL;
  SsoConfig *config = sso_config_new (session, profile, &error);

  if (error != NULL)
    {
      return_error (task, error);
      return;
    }
  if (config == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  g_task_set_task_data (task, config, (GDestroyNotify) sso_config_free);
  gaws_sso_token_load_async (session, config->session_name, config->start_url, config->region,
                             g_task_get_cancellable (task), token_loaded_cb, task);
}

/* ---- the interface -------------------------------------------------------- */

static void
get_credentials_async (GawsCredentialsProvider *provider,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  GawsSsoCredentialsProvider *self = GAWS_SSO_CREDENTIALS_PROVIDER (provider);

  gaws_provider_get_credentials_async (provider, &self->session, self->profile_name, start,
                                       get_credentials_async, cancellable, callback, user_data);
}

static void
gaws_sso_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface)
{
  iface->get_credentials_async = get_credentials_async;
  iface->get_credentials_finish = gaws_provider_get_credentials_finish;
}

/**
 * gaws_sso_credentials_provider_new:
 * @session: the session whose profile to read; not kept alive
 * @profile_name: (nullable): the profile, or %NULL for the session's
 *
 * Returns: (transfer full): a new provider
 */
GawsCredentialsProvider *
gaws_sso_credentials_provider_new (GawsSession *session,
                                   const char  *profile_name)
{
  GawsSsoCredentialsProvider *self;

  g_return_val_if_fail (GAWS_IS_SESSION (session), NULL);

  self = g_object_new (GAWS_TYPE_SSO_CREDENTIALS_PROVIDER, NULL);
  g_weak_ref_set (&self->session, session);
  self->profile_name = g_strdup (profile_name);
  return GAWS_CREDENTIALS_PROVIDER (self);
}
