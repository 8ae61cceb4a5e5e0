/* gaws-credentials-provider.h: anything that can produce credentials
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-credentials.h"

G_BEGIN_DECLS

#define GAWS_TYPE_CREDENTIALS_PROVIDER (gaws_credentials_provider_get_type ())
G_DECLARE_INTERFACE (GawsCredentialsProvider, gaws_credentials_provider, GAWS, CREDENTIALS_PROVIDER, GObject)

/**
 * GawsCredentialsProviderInterface:
 * @get_credentials_async: starts fetching credentials
 * @get_credentials_finish: finishes it; returns %NULL with no error when
 *   this provider has nothing to offer (so a chain moves on), %NULL with an
 *   error when it should have and failed. May be left %NULL when
 *   @get_credentials_async completes a #GTask whose source object is the
 *   provider with g_task_return_pointer().
 *
 * The interface every credentials source implements.
 */
struct _GawsCredentialsProviderInterface
{
  GTypeInterface g_iface;

  void             (*get_credentials_async)  (GawsCredentialsProvider *self,
                                              GCancellable            *cancellable,
                                              GAsyncReadyCallback      callback,
                                              gpointer                 user_data);
  GawsCredentials *(*get_credentials_finish) (GawsCredentialsProvider *self,
                                              GAsyncResult            *result,
                                              GError                 **error);
};

void             gaws_credentials_provider_get_credentials_async  (GawsCredentialsProvider *self,
                                                                   GCancellable            *cancellable,
                                                                   GAsyncReadyCallback      callback,
                                                                   gpointer                 user_data);
GawsCredentials *gaws_credentials_provider_get_credentials_finish (GawsCredentialsProvider *self,
                                                                   GAsyncResult            *result,
                                                                   GError                 **error);

G_END_DECLS
