/* gaws-credentials.c: an AWS access key, its secret and session token
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-credentials.h"

#include <string.h>

/**
 * GawsCredentials:
 *
 * An immutable set of AWS credentials. Only the access key id and the source
 * are properties: the secret and the token are reachable through their
 * getters alone, so that property dumps and debug logs never show them.
 */
struct _GawsCredentials {
  GObject    parent_instance;
  char      *access_key_id;
  char      *secret_access_key;
  char      *session_token;
  GDateTime *expiration;
  char      *source;
};

G_DEFINE_FINAL_TYPE (GawsCredentials, gaws_credentials, G_TYPE_OBJECT)

enum { PROP_0, PROP_ACCESS_KEY_ID, PROP_SOURCE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
gaws_credentials_finalize (GObject *object)
{
  GawsCredentials *self = GAWS_CREDENTIALS (object);

  g_free (self->access_key_id);
  if (self->secret_access_key)
    explicit_bzero (self->secret_access_key, strlen (self->secret_access_key));
  g_free (self->secret_access_key);
  g_free (self->session_token);
  g_clear_pointer (&self->expiration, g_date_time_unref);
  g_free (self->source);
  G_OBJECT_CLASS (gaws_credentials_parent_class)->finalize (object);
}

static void
gaws_credentials_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GawsCredentials *self = GAWS_CREDENTIALS (object);

  switch (prop_id)
    {
    case PROP_ACCESS_KEY_ID:
      g_value_set_string (value, self->access_key_id);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_credentials_class_init (GawsCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gaws_credentials_finalize;
  object_class->get_property = gaws_credentials_get_property;

  /**
   * GawsCredentials:access-key-id:
   *
   * The access key id (not secret).
   */
  properties[PROP_ACCESS_KEY_ID] =
    g_param_spec_string ("access-key-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * GawsCredentials:source:
   *
   * Where the credentials came from: `explicit`, `env`, `shared-credentials-file`,
   * `config-file`, `credential-process`, ...
   */
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gaws_credentials_init (GawsCredentials *self)
{
}

/**
 * gaws_credentials_new:
 * @access_key_id: the access key id
 * @secret_access_key: the secret access key
 * @session_token: (nullable): the session token of temporary credentials
 * @expiration: (nullable): when temporary credentials expire
 * @source: (nullable): where they came from, for diagnostics
 *
 * Returns: (transfer full): new credentials
 */
GawsCredentials *
gaws_credentials_new (const char *access_key_id,
                      const char *secret_access_key,
                      const char *session_token,
                      GDateTime  *expiration,
                      const char *source)
{
  GawsCredentials *self;

  g_return_val_if_fail (access_key_id != NULL, NULL);
  g_return_val_if_fail (secret_access_key != NULL, NULL);

  self = g_object_new (GAWS_TYPE_CREDENTIALS, NULL);
  self->access_key_id = g_strdup (access_key_id);
  self->secret_access_key = g_strdup (secret_access_key);
  self->session_token = session_token && *session_token ? g_strdup (session_token) : NULL;
  self->expiration = expiration ? g_date_time_ref (expiration) : NULL;
  self->source = g_strdup (source ? source : "explicit");
  return self;
}

/**
 * gaws_credentials_get_access_key_id:
 * @self: a #GawsCredentials
 *
 * Returns: the access key id
 */
const char *
gaws_credentials_get_access_key_id (GawsCredentials *self)
{
  return self->access_key_id;
}

/**
 * gaws_credentials_get_secret_access_key:
 * @self: a #GawsCredentials
 *
 * Returns: the secret access key; never log it
 */
const char *
gaws_credentials_get_secret_access_key (GawsCredentials *self)
{
  return self->secret_access_key;
}

/**
 * gaws_credentials_get_session_token:
 * @self: a #GawsCredentials
 *
 * Returns: (nullable): the session token, for temporary credentials
 */
const char *
gaws_credentials_get_session_token (GawsCredentials *self)
{
  return self->session_token;
}

/**
 * gaws_credentials_get_expiration:
 * @self: a #GawsCredentials
 *
 * Returns: (transfer none) (nullable): when the credentials expire, or
 *   %NULL if they do not
 */
GDateTime *
gaws_credentials_get_expiration (GawsCredentials *self)
{
  return self->expiration;
}

/**
 * gaws_credentials_get_source:
 * @self: a #GawsCredentials
 *
 * Returns: where the credentials came from
 */
const char *
gaws_credentials_get_source (GawsCredentials *self)
{
  return self->source;
}

/**
 * gaws_credentials_expires_within:
 * @self: a #GawsCredentials
 * @margin: a time span in microseconds
 *
 * Returns: %TRUE if the credentials expire less than @margin from now
 */
gboolean
gaws_credentials_expires_within (GawsCredentials *self,
                                 GTimeSpan        margin)
{
  g_autoptr(GDateTime) now = NULL;

  if (self->expiration == NULL)
    return FALSE;
  now = g_date_time_new_now_utc ();
  return g_date_time_difference (self->expiration, now) < margin;
}
