/* gaws-credentials-provider.c: anything that can produce credentials
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-credentials-provider.h"
#include "gaws-credentials-provider-private.h"

#include "gaws-chain-credentials-provider.h"
#include "gaws-static-credentials-provider.h"

/**
 * GawsCredentialsProvider:
 *
 * A source of #GawsCredentials: static values, the environment, the shared
 * files, a credential process, and later assume-role, SSO, container and
 * instance metadata. All of them are asynchronous.
 */
G_DEFINE_INTERFACE (GawsCredentialsProvider, gaws_credentials_provider, G_TYPE_OBJECT)

static void
gaws_credentials_provider_default_init (GawsCredentialsProviderInterface *iface)
{
}

/**
 * gaws_credentials_provider_get_credentials_async:
 * @self: a #GawsCredentialsProvider
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the credentials are ready
 * @user_data: data for @callback
 *
 * Fetches credentials from this provider without blocking.
 */
void
gaws_credentials_provider_get_credentials_async (GawsCredentialsProvider *self,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data)
{
  g_return_if_fail (GAWS_IS_CREDENTIALS_PROVIDER (self));
  GAWS_CREDENTIALS_PROVIDER_GET_IFACE (self)->get_credentials_async (self, cancellable,
                                                                     callback, user_data);
}

/**
 * gaws_credentials_provider_get_credentials_finish:
 * @self: a #GawsCredentialsProvider
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the credentials, or %NULL when this
 *   provider has none (no error) or failed (@error set)
 */
GawsCredentials *
gaws_credentials_provider_get_credentials_finish (GawsCredentialsProvider  *self,
                                                  GAsyncResult             *result,
                                                  GError                  **error)
{
  GawsCredentialsProviderInterface *iface;

  g_return_val_if_fail (GAWS_IS_CREDENTIALS_PROVIDER (self), NULL);
  iface = GAWS_CREDENTIALS_PROVIDER_GET_IFACE (self);
  if (iface->get_credentials_finish != NULL)
    return iface->get_credentials_finish (self, result, error);
  /* Most providers finish a GTask returning the credentials pointer. */
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/*
 * gaws_credentials_provider_peek:
 * @self: a #GawsCredentialsProvider
 *
 * The providers that keep their credentials (the chain with its cache, the
 * static one) answer synchronously when they can; any other provider is
 * asked asynchronously.
 *
 * Returns: (transfer full) (nullable): the credentials, or %NULL
 */
GawsCredentials *
gaws_credentials_provider_peek (GawsCredentialsProvider *self)
{
  if (GAWS_IS_CHAIN_CREDENTIALS_PROVIDER (self))
    return gaws_chain_credentials_provider_peek (self);
  if (GAWS_IS_STATIC_CREDENTIALS_PROVIDER (self))
    return gaws_static_credentials_provider_peek (self);
  return NULL;
}
