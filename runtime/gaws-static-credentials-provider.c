/* gaws-static-credentials-provider.c: credentials given explicitly
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-static-credentials-provider.h"

#include "gaws-credentials-provider-private.h"
#include "gaws-error.h"

/**
 * GawsStaticCredentialsProvider:
 *
 * Hands out the same credentials every time: keys given in code, as
 * botocore's `aws_access_key_id=`/`aws_secret_access_key=` arguments.
 * It has no properties, so that nothing about it shows up in a dump.
 */
struct _GawsStaticCredentialsProvider {
  GObject          parent_instance;
  GawsCredentials *credentials;  /* NULL when the keys were given half */
  const char      *missing;      /* the key that was not given */
};

static void gaws_static_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GawsStaticCredentialsProvider, gaws_static_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GAWS_TYPE_CREDENTIALS_PROVIDER,
                                                      gaws_static_credentials_provider_iface_init))

static void
gaws_static_credentials_provider_finalize (GObject *object)
{
  GawsStaticCredentialsProvider *self = GAWS_STATIC_CREDENTIALS_PROVIDER (object);

  g_clear_object (&self->credentials);
  G_OBJECT_CLASS (gaws_static_credentials_provider_parent_class)->finalize (object);
}

static void
gaws_static_credentials_provider_class_init (GawsStaticCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_static_credentials_provider_finalize;
}

static void
gaws_static_credentials_provider_init (GawsStaticCredentialsProvider *self)
{
}

static void
get_credentials_async (GawsCredentialsProvider *provider,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  GawsStaticCredentialsProvider *self = GAWS_STATIC_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, get_credentials_async);
  if (self->credentials == NULL)
    g_task_return_new_error (task, GAWS_ERROR, GAWS_ERROR_CREDENTIALS,
                             "Partial credentials found in explicit, missing: %s",
                             self->missing);
  else
    g_task_return_pointer (task, g_object_ref (self->credentials), g_object_unref);
}

/* The credentials, which get_credentials_async() hands out as they are;
 * NULL for partial keys, whose error only the asynchronous call reports. */
GawsCredentials *
gaws_static_credentials_provider_peek (GawsCredentialsProvider *provider)
{
  GawsStaticCredentialsProvider *self = GAWS_STATIC_CREDENTIALS_PROVIDER (provider);

  return self->credentials != NULL ? g_object_ref (self->credentials) : NULL;
}

static void
gaws_static_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface)
{
  iface->get_credentials_async = get_credentials_async;
}

/**
 * gaws_static_credentials_provider_new:
 * @access_key_id: (nullable): the access key id
 * @secret_access_key: (nullable): the secret access key
 * @session_token: (nullable): the session token of temporary credentials
 *
 * Makes a provider for explicit keys. Giving one key without the other
 * is allowed here but every fetch then fails with a #GAWS_ERROR_CREDENTIALS
 * "Partial credentials" error, which is where botocore reports it.
 *
 * Returns: (transfer full): a new #GawsCredentialsProvider
 */
GawsCredentialsProvider *
gaws_static_credentials_provider_new (const char *access_key_id,
                                      const char *secret_access_key,
                                      const char *session_token)
{
  GawsStaticCredentialsProvider *self =
    g_object_new (GAWS_TYPE_STATIC_CREDENTIALS_PROVIDER, NULL);

  if (access_key_id == NULL || *access_key_id == '\0')
    self->missing = "aws_access_key_id";
  else if (secret_access_key == NULL || *secret_access_key == '\0')
    self->missing = "aws_secret_access_key";
  else
    self->credentials = gaws_credentials_new (access_key_id, secret_access_key,
                                              session_token, NULL, "explicit");
  return GAWS_CREDENTIALS_PROVIDER (self);
}

/**
 * gaws_static_credentials_provider_new_for_credentials:
 * @credentials: the credentials to hand out
 *
 * Returns: (transfer full): a new #GawsCredentialsProvider
 */
GawsCredentialsProvider *
gaws_static_credentials_provider_new_for_credentials (GawsCredentials *credentials)
{
  GawsStaticCredentialsProvider *self;

  g_return_val_if_fail (GAWS_IS_CREDENTIALS (credentials), NULL);

  self = g_object_new (GAWS_TYPE_STATIC_CREDENTIALS_PROVIDER, NULL);
  self->credentials = g_object_ref (credentials);
  return GAWS_CREDENTIALS_PROVIDER (self);
}
