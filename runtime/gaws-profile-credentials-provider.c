/* gaws-profile-credentials-provider.c: keys written in a profile of the shared files
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-profile-credentials-provider.h"

#include "gaws-error.h"

/**
 * GawsProfileCredentialsProvider:
 *
 * Reads `aws_access_key_id`, `aws_secret_access_key` and the session token
 * (`aws_security_token`, then `aws_session_token`) from a profile of the
 * shared credentials file, then of the shared config file: botocore's
 * `SharedCredentialProvider` and `ConfigProvider`. A profile without
 * `aws_access_key_id` has nothing to offer; one with the key but no
 * secret is an error.
 *
 * The session is loaded first if it is not yet. The provider does not keep
 * the session alive.
 */
struct _GawsProfileCredentialsProvider {
  GObject                      parent_instance;
  GWeakRef                     session;
  char                        *profile_name;  /* NULL: the session's profile */
  GawsProfileCredentialsFiles  files;
};

static void gaws_profile_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface);

G_DEFINE_FLAGS_TYPE (GawsProfileCredentialsFiles, gaws_profile_credentials_files,
  G_DEFINE_ENUM_VALUE (GAWS_PROFILE_CREDENTIALS_FILES_CREDENTIALS, "credentials"),
  G_DEFINE_ENUM_VALUE (GAWS_PROFILE_CREDENTIALS_FILES_CONFIG, "config"),
  G_DEFINE_ENUM_VALUE (GAWS_PROFILE_CREDENTIALS_FILES_BOTH, "both"))

G_DEFINE_FINAL_TYPE_WITH_CODE (GawsProfileCredentialsProvider, gaws_profile_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GAWS_TYPE_CREDENTIALS_PROVIDER,
                                                      gaws_profile_credentials_provider_iface_init))

static void
gaws_profile_credentials_provider_finalize (GObject *object)
{
  GawsProfileCredentialsProvider *self = GAWS_PROFILE_CREDENTIALS_PROVIDER (object);

  g_weak_ref_clear (&self->session);
  g_free (self->profile_name);
  G_OBJECT_CLASS (gaws_profile_credentials_provider_parent_class)->finalize (object);
}

static void
gaws_profile_credentials_provider_class_init (GawsProfileCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_profile_credentials_provider_finalize;
}

static void
gaws_profile_credentials_provider_init (GawsProfileCredentialsProvider *self)
{
  g_weak_ref_init (&self->session, NULL);
}

/* One file, one profile; NULL with no error when it has no key. */
static GawsCredentials *
credentials_from_file (GawsConfigFile  *file,
                       const char      *profile,
                       const char      *source,
                       GError         **error)
{
  const char *access_key_id, *secret_access_key, *token;

  if (file == NULL)
    return NULL;
  access_key_id = gaws_config_file_get_profile_value (file, profile, "aws_access_key_id");
  if (access_key_id == NULL)
    return NULL;
  secret_access_key = gaws_config_file_get_profile_value (file, profile, "aws_secret_access_key");
  if (*access_key_id == '\0' || secret_access_key == NULL || *secret_access_key == '\0')
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS,
                   "Partial credentials found in %s, missing: %s", source,
                   *access_key_id == '\0' ? "aws_access_key_id" : "aws_secret_access_key");
      return NULL;
    }
  token = gaws_config_file_get_profile_value (file, profile, "aws_security_token");
  if (token == NULL)
    token = gaws_config_file_get_profile_value (file, profile, "aws_session_token");
  return gaws_credentials_new (access_key_id, secret_access_key, token, NULL, source);
}

static GawsCredentials *
credentials_from_session (GawsProfileCredentialsProvider  *self,
                          GawsSession                     *session,
                          GError                         **error)
{
  const char *profile = self->profile_name;
  GawsCredentials *credentials = NULL;

  if (profile == NULL)
    {
      if (!gaws_session_check_profile (session, error))
        return NULL;
      profile = gaws_session_get_profile_name (session);
    }
  if (self->files & GAWS_PROFILE_CREDENTIALS_FILES_CREDENTIALS)
    credentials = credentials_from_file (gaws_session_get_credentials_file (session), profile,
                                         "shared-credentials-file", error);
  if (credentials == NULL && (error == NULL || *error == NULL) &&
      (self->files & GAWS_PROFILE_CREDENTIALS_FILES_CONFIG))
    credentials = credentials_from_file (gaws_session_get_config_file (session), profile,
                                         "config-file", error);
  return credentials;
}

static void
session_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GawsSession *session = GAWS_SESSION (source);
  GError *error = NULL;
  GawsCredentials *credentials = NULL;

  if (gaws_session_load_finish (session, result, &error))
    credentials = credentials_from_session (g_task_get_source_object (task), session, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, credentials, g_object_unref);
}

static void
get_credentials_async (GawsCredentialsProvider *provider,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  GawsProfileCredentialsProvider *self = GAWS_PROFILE_CREDENTIALS_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GawsSession) session = g_weak_ref_get (&self->session);

  g_task_set_source_tag (task, get_credentials_async);
  if (session == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  gaws_session_load_async (session, cancellable, session_loaded_cb, task);
}

static void
gaws_profile_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface)
{
  iface->get_credentials_async = get_credentials_async;
}

/**
 * gaws_profile_credentials_provider_new:
 * @session: the session whose shared files to read; not kept alive
 * @profile_name: (nullable): the profile, or %NULL for the session's
 * @files: which shared files to look in
 *
 * Returns: (transfer full): a new provider
 */
GawsCredentialsProvider *
gaws_profile_credentials_provider_new (GawsSession                 *session,
                                       const char                  *profile_name,
                                       GawsProfileCredentialsFiles  files)
{
  GawsProfileCredentialsProvider *self;

  g_return_val_if_fail (GAWS_IS_SESSION (session), NULL);

  self = g_object_new (GAWS_TYPE_PROFILE_CREDENTIALS_PROVIDER, NULL);
  g_weak_ref_set (&self->session, session);
  self->profile_name = g_strdup (profile_name);
  self->files = files;
  return GAWS_CREDENTIALS_PROVIDER (self);
}
