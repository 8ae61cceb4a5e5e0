/* gaws-env-credentials-provider.c: credentials from AWS_* environment variables
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-env-credentials-provider.h"

#include "gaws-error.h"

/**
 * GawsEnvCredentialsProvider:
 *
 * Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, the session token
 * (`AWS_SECURITY_TOKEN`, then `AWS_SESSION_TOKEN`, in botocore's order) and
 * `AWS_CREDENTIAL_EXPIRATION` (ISO 8601) each time it is asked, so a
 * refresh picks up a changed environment.
 *
 * Without `AWS_ACCESS_KEY_ID` it has nothing to offer and a chain moves on;
 * with the key but no secret it fails, as botocore's `EnvProvider` does.
 */
struct _GawsEnvCredentialsProvider {
  GObject parent_instance;
};

static void gaws_env_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GawsEnvCredentialsProvider, gaws_env_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GAWS_TYPE_CREDENTIALS_PROVIDER,
                                                      gaws_env_credentials_provider_iface_init))

static void
gaws_env_credentials_provider_class_init (GawsEnvCredentialsProviderClass *klass)
{
}

static void
gaws_env_credentials_provider_init (GawsEnvCredentialsProvider *self)
{
}

static const char *
getenv_nonempty (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? value : NULL;
}

static GawsCredentials *
credentials_from_environment (GError **error)
{
  const char *access_key_id = getenv_nonempty ("AWS_ACCESS_KEY_ID");
  const char *secret_access_key = getenv_nonempty ("AWS_SECRET_ACCESS_KEY");
  const char *token = getenv_nonempty ("AWS_SECURITY_TOKEN");
  const char *expiry_text = getenv_nonempty ("AWS_CREDENTIAL_EXPIRATION");
  g_autoptr(GDateTime) expiration = NULL;

  if (access_key_id == NULL)
    return NULL;
  if (secret_access_key == NULL)
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS,
                           "Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY");
      return NULL;
    }
  if (token == NULL)
    token = getenv_nonempty ("AWS_SESSION_TOKEN");
  if (expiry_text != NULL)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

      expiration = g_date_time_new_from_iso8601 (expiry_text, utc);
      if (expiration == NULL)
        {
          g_set_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS,
                       "Error when retrieving credentials from env: "
                       "AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time: %s",
                       expiry_text);
          return NULL;
        }
    }
  return gaws_credentials_new (access_key_id, secret_access_key, token, expiration, "env");
}

static void
get_credentials_async (GawsCredentialsProvider *provider,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  GError *error = NULL;
  GawsCredentials *credentials;

  g_task_set_source_tag (task, get_credentials_async);
  credentials = credentials_from_environment (&error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, credentials, g_object_unref);
}

static void
gaws_env_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface)
{
  iface->get_credentials_async = get_credentials_async;
}

/**
 * gaws_env_credentials_provider_new:
 *
 * Returns: (transfer full): a provider reading the `AWS_*` credential
 *   variables of the environment
 */
GawsCredentialsProvider *
gaws_env_credentials_provider_new (void)
{
  return g_object_new (GAWS_TYPE_ENV_CREDENTIALS_PROVIDER, NULL);
}
