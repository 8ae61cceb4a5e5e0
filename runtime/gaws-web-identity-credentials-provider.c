/* gaws-web-identity-credentials-provider.c: a role assumed with an OIDC token file
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-web-identity-credentials-provider.h"

#include <string.h>

#include "gaws-error.h"
#include "gaws-provider-util-private.h"
#include "gaws-role-call-private.h"

/**
 * GawsWebIdentityCredentialsProvider:
 *
 * Exchanges an OpenID Connect token, read from a file, for a role's
 * credentials with STS AssumeRoleWithWebIdentity (an unsigned call), as
 * botocore's `AssumeRoleWithWebIdentityProvider` does; this is how EKS
 * service accounts (IRSA) get their credentials.
 *
 * Each setting is read from the environment, then from the profile:
 * `AWS_WEB_IDENTITY_TOKEN_FILE` / `web_identity_token_file`,
 * `AWS_ROLE_ARN` / `role_arn` and `AWS_ROLE_SESSION_NAME` /
 * `role_session_name`. Without a token file the provider has nothing to
 * offer; with one but no role it fails. The token file is read again at
 * each refresh, since it is rotated.
 *
 * The provider does not keep its session alive.
 */
struct _GawsWebIdentityCredentialsProvider {
  GObject   parent_instance;
  GWeakRef  session;
  char     *profile_name;     /* NULL: the session's */
  gboolean  use_environment;
};

#define METHOD "assume-role-with-web-identity"

typedef struct {
  GawsSession *session;
  char        *role_arn;
  char        *role_session_name;
} Exchange;

static void gaws_web_identity_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GawsWebIdentityCredentialsProvider, gaws_web_identity_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GAWS_TYPE_CREDENTIALS_PROVIDER,
                                                      gaws_web_identity_credentials_provider_iface_init))

static void
gaws_web_identity_credentials_provider_finalize (GObject *object)
{
  GawsWebIdentityCredentialsProvider *self = GAWS_WEB_IDENTITY_CREDENTIALS_PROVIDER (object);

  g_weak_ref_clear (&self->session);
  g_free (self->profile_name);
  G_OBJECT_CLASS (gaws_web_identity_credentials_provider_parent_class)->finalize (object);
}

static void
gaws_web_identity_credentials_provider_class_init (GawsWebIdentityCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_web_identity_credentials_provider_finalize;
}

static void
gaws_web_identity_credentials_provider_init (GawsWebIdentityCredentialsProvider *self)
{
  g_weak_ref_init (&self->session, NULL);
}

static void
exchange_free (Exchange *exchange)
{
  g_object_unref (exchange->session);
  g_free (exchange->role_arn);
  g_free (exchange->role_session_name);
  g_free (exchange);
}

static void
return_error (GTask  *task,
              GError *error)
{
  g_task_return_error (task, gaws_provider_wrap_error (error, METHOD));
  g_object_unref (task);
}

/* botocore reads each key from the environment first, then the profile. */
static const char *
setting (GawsWebIdentityCredentialsProvider *self,
         GawsSession                        *session,
         const char                         *profile,
         const char                         *variable,
         const char                         *key)
{
  return gaws_provider_setting (session, profile, self->use_environment ? variable : NULL, key);
}

static void
assumed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GawsCredentials *credentials = gaws_role_call_finish (result, &error);

  if (credentials == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, credentials, g_object_unref);
}

static void
token_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Exchange *exchange = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree char *token = NULL;
  gsize length = 0;
  GawsRoleCallParams params = { 0 };

  if (!g_file_load_contents_finish (G_FILE (source), result, &token, &length, NULL, &error))
    {
      return_error (task, error);
      return;
    }
  params.role_arn = exchange->role_arn;
  params.role_session_name = exchange->role_session_name;
  params.web_identity_token = token;
  gaws_role_call_assume_role_with_web_identity_async (exchange->session, &params, METHOD,
                                                g_task_get_cancellable (task), assumed_cb, task);
  explicit_bzero (token, length);
}

static void
start_exchange (GTask       *task,
                GawsSession *session,
                const char  *profile)
{
  GawsWebIdentityCredentialsProvider *self = g_task_get_source_object (task);
  const char *token_file = setting (self, session, profile, "AWS_WEB_IDENTITY_TOKEN_FILE",
                                    "web_identity_token_file");
  const char *role_arn = setting (self, session, profile, "AWS_ROLE_ARN", "role_arn");
  const char *session_name = setting (self, session, profile, "AWS_ROLE_SESSION_NAME",
                                      "role_session_name");
  Exchange *exchange;
  g_autoptr(GFile) file = NULL;

  if (token_file == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  if (role_arn == NULL)
    {
      return_error (task, g_error_new_literal (GAWS_ERROR, GAWS_ERROR_CONFIG,
                                               "The provided profile or the current environment "
                                               "is configured to assume role with web identity but "
                                               "has no role ARN configured. Ensure that the profile "
                                               "has the role_arn configuration set or the "
                                               "AWS_ROLE_ARN env var is set."));
      return;
    }
  exchange = g_new0 (Exchange, 1);
  exchange->session = g_object_ref (session);
  exchange->role_arn = g_strdup (role_arn);
  exchange->role_session_name = session_name
                                ? g_strdup (session_name)
                                : g_strdup_printf ("gaws-session-%" G_GINT64_FORMAT,
                                                   g_get_real_time () / G_USEC_PER_SEC);
  g_task_set_task_data (task, exchange, (GDestroyNotify) exchange_free);
  file = g_file_new_for_path (token_file);
  g_file_load_contents_async (file, g_task_get_cancellable (task), token_read_cb, task);
}

static void
get_credentials_async (GawsCredentialsProvider *provider,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  GawsWebIdentityCredentialsProvider *self = GAWS_WEB_IDENTITY_CREDENTIALS_PROVIDER (provider);

  gaws_provider_get_credentials_async (provider, &self->session, self->profile_name, start_exchange,
                                       get_credentials_async, cancellable, callback, user_data);
}

static void
gaws_web_identity_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface)
{
  iface->get_credentials_async = get_credentials_async;
  iface->get_credentials_finish = gaws_provider_get_credentials_finish;
}

/**
 * gaws_web_identity_credentials_provider_new:
 * @session: the session whose profile to read; not kept alive
 * @profile_name: (nullable): the profile, or %NULL for the session's
 * @use_environment: whether the `AWS_*` variables count; botocore ignores
 *   them when the profile was named in code
 *
 * Returns: (transfer full): a new provider
 */
GawsCredentialsProvider *
gaws_web_identity_credentials_provider_new (GawsSession *session,
                                            const char  *profile_name,
                                            gboolean     use_environment)
{
  GawsWebIdentityCredentialsProvider *self;

  g_return_val_if_fail (GAWS_IS_SESSION (session), NULL);

  self = g_object_new (GAWS_TYPE_WEB_IDENTITY_CREDENTIALS_PROVIDER, NULL);
  g_weak_ref_set (&self->session, session);
  self->profile_name = g_strdup (profile_name);
  self->use_environment = use_environment;
  return GAWS_CREDENTIALS_PROVIDER (self);
}
