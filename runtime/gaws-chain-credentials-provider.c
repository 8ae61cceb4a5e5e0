/* gaws-chain-credentials-provider.c: the first provider that has credentials wins
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-chain-credentials-provider.h"

#include "gaws-assume-role-credentials-provider.h"
#include "gaws-container-credentials-provider.h"
#include "gaws-credentials-provider-private.h"
#include "gaws-env-credentials-provider.h"
#include "gaws-error.h"
#include "gaws-imds-credentials-provider.h"
#include "gaws-process-credentials-provider.h"
#include "gaws-profile-credentials-provider.h"
#include "gaws-sso-credentials-provider.h"
#include "gaws-web-identity-credentials-provider.h"

/**
 * GawsChainCredentialsProvider:
 *
 * Asks its providers in order and keeps the first credentials one of them
 * has, as botocore's `CredentialResolver` does. A provider that fails
 * (rather than having nothing) stops the chain with its error.
 *
 * The chain caches what it found. Credentials that expire are refreshed
 * the way botocore's `RefreshableCredentials` refreshes them: from
 * %GAWS_CREDENTIALS_ADVISORY_REFRESH_MARGIN before expiry one caller
 * refreshes while the others keep the current credentials (and a failed
 * refresh is shrugged off); from %GAWS_CREDENTIALS_MANDATORY_REFRESH_MARGIN
 * every caller waits for fresh ones. However many callers ask at once,
 * only one refresh is in flight and they all share its outcome.
 *
 * A refresh first asks the provider the cached credentials came from and
 * walks the whole chain only if that one has nothing any more.
 */

typedef struct {
  GawsChainCredentialsProvider *chain;       /* strong, for the refresh's lifetime */
  GPtrArray                    *waiters;     /* GTask */
  GawsCredentialsProvider      *source;      /* asked first, or NULL */
  GawsCredentials              *previous;    /* what the cache held when it began */
  guint                         next;        /* the next provider of the chain to ask */
} Refresh;

struct _GawsChainCredentialsProvider {
  GObject                  parent_instance;

  GMutex                   mutex;     /* guards everything below */
  GPtrArray               *providers; /* GawsCredentialsProvider */
  GawsCredentials         *cached;
  GawsCredentialsProvider *cached_source;
  Refresh                 *refresh;   /* in flight, or NULL */
};

static void gaws_chain_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GawsChainCredentialsProvider, gaws_chain_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GAWS_TYPE_CREDENTIALS_PROVIDER,
                                                      gaws_chain_credentials_provider_iface_init))

static void
gaws_chain_credentials_provider_finalize (GObject *object)
{
  GawsChainCredentialsProvider *self = GAWS_CHAIN_CREDENTIALS_PROVIDER (object);

  g_ptr_array_unref (self->providers);
  g_clear_object (&self->cached);
  g_clear_object (&self->cached_source);
  g_mutex_clear (&self->mutex);
  G_OBJECT_CLASS (gaws_chain_credentials_provider_parent_class)->finalize (object);
}

static void
gaws_chain_credentials_provider_class_init (GawsChainCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_chain_credentials_provider_finalize;
}

static void
gaws_chain_credentials_provider_init (GawsChainCredentialsProvider *self)
{
  g_mutex_init (&self->mutex);
  self->providers = g_ptr_array_new_with_free_func (g_object_unref);
}

/* ---- refreshing ----------------------------------------------------------- */

static void refresh_ask_next (Refresh *refresh);

static void
refresh_free (Refresh *refresh)
{
  g_ptr_array_unref (refresh->waiters);
  g_clear_object (&refresh->source);
  g_clear_object (&refresh->previous);
  g_object_unref (refresh->chain);
  g_free (refresh);
}

static gboolean
is_usable (GawsCredentials *credentials,
           GTimeSpan        margin)
{
  return credentials != NULL && !gaws_credentials_expires_within (credentials, margin);
}

/* Decides what the waiters get, and updates the cache. Called with the
 * mutex held; takes @found and @error. */
static GawsCredentials *
refresh_settle (Refresh                  *refresh,
                GawsCredentialsProvider  *provider,
                GawsCredentials          *found,
                GError                  **error)
{
  GawsChainCredentialsProvider *self = refresh->chain;

  if (found != NULL && gaws_credentials_expires_within (found, 0))
    {
      g_clear_object (&found);
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS,
                   "Credentials were refreshed, but the refreshed credentials are still expired.");
    }
  if (found != NULL)
    {
      g_set_object (&self->cached, found);
      g_set_object (&self->cached_source, provider);
      return found;
    }
  /* Inside the advisory window only, a failed refresh leaves the current
   * credentials in use, as botocore's _protected_refresh does. */
  if (is_usable (refresh->previous, GAWS_CREDENTIALS_MANDATORY_REFRESH_MARGIN))
    {
      g_debug ("Refreshing credentials failed in the advisory period: %s",
               error && *error ? (*error)->message : "no credentials");
      g_clear_error (error);
      return g_object_ref (refresh->previous);
    }
  return NULL;
}

static void
refresh_finish (Refresh                 *refresh,
                GawsCredentialsProvider *provider,
                GawsCredentials         *found,
                GError                  *error)
{
  GawsChainCredentialsProvider *self = refresh->chain;
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GPtrArray) waiters = NULL;

  g_mutex_lock (&self->mutex);
  credentials = refresh_settle (refresh, provider, found, &error);
  self->refresh = NULL;
  waiters = g_steal_pointer (&refresh->waiters);
  refresh->waiters = g_ptr_array_new ();
  g_mutex_unlock (&self->mutex);

  for (guint i = 0; i < waiters->len; i++)
    {
      if (credentials != NULL)
        g_task_return_pointer (waiters->pdata[i], g_object_ref (credentials), g_object_unref);
      else
        g_task_return_error (waiters->pdata[i], g_error_copy (error));
    }
  g_clear_error (&error);
  refresh_free (refresh);
}

static void
provider_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Refresh *refresh = user_data;
  GawsCredentialsProvider *provider = GAWS_CREDENTIALS_PROVIDER (source);
  GError *error = NULL;
  GawsCredentials *credentials;

  credentials = gaws_credentials_provider_get_credentials_finish (provider, result, &error);
  if (credentials != NULL || error != NULL)
    {
      refresh_finish (refresh, provider, credentials, error);
      return;
    }
  /* Nothing here: the cached source gave up its credentials, or this
   * provider has none; either way the chain goes on. */
  g_clear_object (&refresh->source);
  refresh_ask_next (refresh);
}

static GawsCredentialsProvider *
next_provider (Refresh *refresh)
{
  GawsChainCredentialsProvider *self = refresh->chain;
  GawsCredentialsProvider *provider = NULL;

  g_mutex_lock (&self->mutex);
  if (refresh->source != NULL)
    provider = g_object_ref (refresh->source);
  else if (refresh->next < self->providers->len)
    provider = g_object_ref (self->providers->pdata[refresh->next++]);
  g_mutex_unlock (&self->mutex);
  return provider;
}

static void
refresh_ask_next (Refresh *refresh)
{
  g_autoptr(GawsCredentialsProvider) provider = next_provider (refresh);

  if (provider == NULL)
    {
      refresh_finish (refresh, NULL, NULL,
                      g_error_new_literal (GAWS_ERROR, GAWS_ERROR_CREDENTIALS,
                                           "Unable to locate credentials"));
      return;
    }
  /* No cancellable: the refresh is shared by every waiter. */
  gaws_credentials_provider_get_credentials_async (provider, NULL, provider_done_cb, refresh);
}

/* Called with the mutex held. */
static Refresh *
refresh_new (GawsChainCredentialsProvider *self)
{
  Refresh *refresh = g_new0 (Refresh, 1);

  refresh->chain = g_object_ref (self);
  refresh->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_set_object (&refresh->source, self->cached_source);
  g_set_object (&refresh->previous, self->cached);
  self->refresh = refresh;
  return refresh;
}

/* ---- the interface -------------------------------------------------------- */

/* The cached credentials, when they need no refresh: outside the advisory
 * window, or inside it while a refresh is already under way (the mandatory
 * window still excluded). Called with the mutex held. */
static GawsCredentials *
peek_locked (GawsChainCredentialsProvider *self)
{
  if (is_usable (self->cached, GAWS_CREDENTIALS_ADVISORY_REFRESH_MARGIN) ||
      (self->refresh != NULL && is_usable (self->cached, GAWS_CREDENTIALS_MANDATORY_REFRESH_MARGIN)))
    return g_object_ref (self->cached);
  return NULL;
}

/* What get_credentials_async() would answer at once from the cache; NULL
 * when it would start (or join) a refresh, which only it can do. */
GawsCredentials *
gaws_chain_credentials_provider_peek (GawsCredentialsProvider *provider)
{
  GawsChainCredentialsProvider *self = GAWS_CHAIN_CREDENTIALS_PROVIDER (provider);
  GawsCredentials *credentials;

  g_mutex_lock (&self->mutex);
  credentials = peek_locked (self);
  g_mutex_unlock (&self->mutex);
  return credentials;
}

static void
get_credentials_async (GawsCredentialsProvider *provider,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  GawsChainCredentialsProvider *self = GAWS_CHAIN_CREDENTIALS_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GawsCredentials) current = NULL;
  Refresh *start = NULL;

  g_task_set_source_tag (task, get_credentials_async);
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  g_mutex_lock (&self->mutex);
  current = peek_locked (self);
  if (current == NULL)
    {
      if (self->refresh == NULL)
        start = refresh_new (self);
      g_ptr_array_add (self->refresh->waiters, task);
    }
  g_mutex_unlock (&self->mutex);

  if (current != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&current), g_object_unref);
      g_object_unref (task);
    }
  else if (start != NULL)
    refresh_ask_next (start);
}

static GawsCredentials *
get_credentials_finish (GawsCredentialsProvider  *provider,
                        GAsyncResult             *result,
                        GError                  **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
gaws_chain_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface)
{
  iface->get_credentials_async = get_credentials_async;
  iface->get_credentials_finish = get_credentials_finish;
}

/* ---- building chains ------------------------------------------------------ */

/**
 * gaws_chain_credentials_provider_new:
 *
 * Returns: (transfer full): an empty chain; add providers with
 *   gaws_chain_credentials_provider_append()
 */
GawsChainCredentialsProvider *
gaws_chain_credentials_provider_new (void)
{
  return g_object_new (GAWS_TYPE_CHAIN_CREDENTIALS_PROVIDER, NULL);
}

static GawsCredentialsProvider *
create_env (GawsSession *session)
{
  return gaws_env_credentials_provider_new ();
}

static GawsCredentialsProvider *
create_assume_role (GawsSession *session)
{
  return gaws_assume_role_credentials_provider_new (session, NULL);
}

/* botocore ignores AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN when the
 * profile was named in code, as it ignores the environment's keys. */
static GawsCredentialsProvider *
create_web_identity (GawsSession *session)
{
  return gaws_web_identity_credentials_provider_new (session, NULL,
                                                     !gaws_session_has_explicit_profile (session));
}

static GawsCredentialsProvider *
create_sso (GawsSession *session)
{
  return gaws_sso_credentials_provider_new (session, NULL);
}

static GawsCredentialsProvider *
create_shared_credentials_file (GawsSession *session)
{
  return gaws_profile_credentials_provider_new (session, NULL,
                                                GAWS_PROFILE_CREDENTIALS_FILES_CREDENTIALS);
}

static GawsCredentialsProvider *
create_credential_process (GawsSession *session)
{
  return gaws_process_credentials_provider_new (session, NULL);
}

static GawsCredentialsProvider *
create_config_file (GawsSession *session)
{
  return gaws_profile_credentials_provider_new (session, NULL,
                                                GAWS_PROFILE_CREDENTIALS_FILES_CONFIG);
}

static GawsCredentialsProvider *
create_container (GawsSession *session)
{
  return gaws_container_credentials_provider_new ();
}

static GawsCredentialsProvider *
create_instance_metadata (GawsSession *session)
{
  return gaws_imds_credentials_provider_new (session);
}

/* botocore's default order (credentials.py, create_credential_resolver),
 * for the providers gaws has. A new provider is one more row. */
static const struct {
  GawsCredentialsProvider *(*create) (GawsSession *session);
  gboolean                  skip_for_explicit_profile;
} default_chain[] = {
  { create_env, TRUE },
  { create_assume_role, FALSE },
  { create_web_identity, FALSE },
  { create_sso, FALSE },
  { create_shared_credentials_file, FALSE },
  { create_credential_process, FALSE },
  { create_config_file, FALSE },
  { create_container, FALSE },
  { create_instance_metadata, FALSE },
};

/**
 * gaws_chain_credentials_provider_new_default:
 * @session: the session whose profile and files the chain reads
 *
 * Builds botocore's default chain: the environment, the profile's
 * `role_arn` (assume-role), web identity, SSO, the shared credentials file,
 * the profile's `credential_process`, the keys in the config file, the
 * container endpoint and the EC2 instance metadata. A profile set on
 * @session itself (not through `AWS_PROFILE`) leaves the environment out,
 * as in botocore.
 *
 * The chain does not keep @session alive; once it is gone, the providers
 * that read it have nothing to offer.
 *
 * Returns: (transfer full): a new chain
 */
GawsChainCredentialsProvider *
gaws_chain_credentials_provider_new_default (GawsSession *session)
{
  GawsChainCredentialsProvider *self;
  gboolean explicit_profile;

  g_return_val_if_fail (GAWS_IS_SESSION (session), NULL);

  self = gaws_chain_credentials_provider_new ();
  explicit_profile = gaws_session_has_explicit_profile (session);
  for (gsize i = 0; i < G_N_ELEMENTS (default_chain); i++)
    if (!(explicit_profile && default_chain[i].skip_for_explicit_profile))
      g_ptr_array_add (self->providers, default_chain[i].create (session));
  return self;
}

/**
 * gaws_chain_credentials_provider_append:
 * @self: a #GawsChainCredentialsProvider
 * @provider: the provider to ask after the others
 */
void
gaws_chain_credentials_provider_append (GawsChainCredentialsProvider *self,
                                        GawsCredentialsProvider      *provider)
{
  g_return_if_fail (GAWS_IS_CHAIN_CREDENTIALS_PROVIDER (self));
  g_return_if_fail (GAWS_IS_CREDENTIALS_PROVIDER (provider));
  g_return_if_fail ((gpointer) provider != (gpointer) self);

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->providers, g_object_ref (provider));
  g_mutex_unlock (&self->mutex);
}

/**
 * gaws_chain_credentials_provider_get_n_providers:
 * @self: a #GawsChainCredentialsProvider
 *
 * Returns: how many providers the chain has
 */
guint
gaws_chain_credentials_provider_get_n_providers (GawsChainCredentialsProvider *self)
{
  g_return_val_if_fail (GAWS_IS_CHAIN_CREDENTIALS_PROVIDER (self), 0);
  return self->providers->len;
}

/**
 * gaws_chain_credentials_provider_get_provider:
 * @self: a #GawsChainCredentialsProvider
 * @position: the index of a provider
 *
 * Returns: (transfer none) (nullable): the provider at @position, or %NULL
 */
GawsCredentialsProvider *
gaws_chain_credentials_provider_get_provider (GawsChainCredentialsProvider *self,
                                              guint                         position)
{
  g_return_val_if_fail (GAWS_IS_CHAIN_CREDENTIALS_PROVIDER (self), NULL);
  return position < self->providers->len ? self->providers->pdata[position] : NULL;
}

/**
 * gaws_chain_credentials_provider_invalidate:
 * @self: a #GawsChainCredentialsProvider
 *
 * Forgets the cached credentials, so the next request walks the chain
 * again: for when a service rejected them as expired before their time.
 */
void
gaws_chain_credentials_provider_invalidate (GawsChainCredentialsProvider *self)
{
  g_return_if_fail (GAWS_IS_CHAIN_CREDENTIALS_PROVIDER (self));

  g_mutex_lock (&self->mutex);
  g_clear_object (&self->cached);
  g_clear_object (&self->cached_source);
  g_mutex_unlock (&self->mutex);
}
