/* gaws-imds-credentials-provider.c: the instance role's credentials from EC2 instance metadata
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-imds-credentials-provider.h"

#include <string.h>

#include "gaws-error.h"
#include "gaws-imds-client.h"
#include "gaws-provider-util-private.h"

/**
 * GawsImdsCredentialsProvider:
 *
 * The credentials of the instance's IAM role, read from the EC2 instance
 * metadata service through a #GawsImdsClient: botocore's
 * `InstanceMetadataProvider`. It reads the role's name from
 * `latest/meta-data/iam/security-credentials/`, then the role's
 * credentials below it.
 *
 * As in botocore, not being on EC2 is not an error: when the service is
 * disabled (`AWS_EC2_METADATA_DISABLED=true`), cannot be reached, or
 * answers with no usable credentials, the provider has nothing to offer
 * and says why in a debug message. A provider that is
 * #GawsImdsCredentialsProvider:required (as for a profile's
 * `credential_source = Ec2InstanceMetadata`) fails instead, naming the
 * reason. Invalid settings are always an error.
 *
 * Credentials that are about to expire when they arrive (the service was
 * unable to renew them) get their expiry pushed out by 17 to 25 minutes,
 * as botocore does, so that callers keep working and do not ask the
 * service again on every request.
 *
 * The provider keeps its client, and with it the IMDSv2 token, between
 * refreshes. It does not keep its session alive.
 */
struct _GawsImdsCredentialsProvider {
  GObject         parent_instance;
  GWeakRef        session;
  gboolean        has_session;
  gboolean        required;

  GMutex          mutex;   /* guards client */
  GawsImdsClient *client;  /* made on first use */
};

#define METHOD            "iam-role"
#define CREDENTIALS_PATH  "latest/meta-data/iam/security-credentials/"
/* botocore's extension: the advisory refresh window plus 2 to 10 minutes. */
#define EXTENSION_BASE    (15 * G_TIME_SPAN_MINUTE)
#define EXTENSION_JITTER_MIN_S 120
#define EXTENSION_JITTER_MAX_S 600

enum { PROP_0, PROP_REQUIRED, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void gaws_imds_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GawsImdsCredentialsProvider, gaws_imds_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GAWS_TYPE_CREDENTIALS_PROVIDER,
                                                      gaws_imds_credentials_provider_iface_init))

static void
gaws_imds_credentials_provider_finalize (GObject *object)
{
  GawsImdsCredentialsProvider *self = GAWS_IMDS_CREDENTIALS_PROVIDER (object);

  g_weak_ref_clear (&self->session);
  g_clear_object (&self->client);
  g_mutex_clear (&self->mutex);
  G_OBJECT_CLASS (gaws_imds_credentials_provider_parent_class)->finalize (object);
}

static void
gaws_imds_credentials_provider_get_property (GObject    *object,
                                             guint       prop_id,
                                             GValue     *value,
                                             GParamSpec *pspec)
{
  GawsImdsCredentialsProvider *self = GAWS_IMDS_CREDENTIALS_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_REQUIRED:
      g_value_set_boolean (value, self->required);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_imds_credentials_provider_set_property (GObject      *object,
                                             guint         prop_id,
                                             const GValue *value,
                                             GParamSpec   *pspec)
{
  GawsImdsCredentialsProvider *self = GAWS_IMDS_CREDENTIALS_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_REQUIRED:
      gaws_imds_credentials_provider_set_required (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_imds_credentials_provider_class_init (GawsImdsCredentialsProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gaws_imds_credentials_provider_finalize;
  object_class->get_property = gaws_imds_credentials_provider_get_property;
  object_class->set_property = gaws_imds_credentials_provider_set_property;

  /**
   * GawsImdsCredentialsProvider:required:
   *
   * Whether an unreachable service or a missing role is an error rather
   * than nothing to offer.
   */
  properties[PROP_REQUIRED] =
    g_param_spec_boolean ("required", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gaws_imds_credentials_provider_init (GawsImdsCredentialsProvider *self)
{
  g_weak_ref_init (&self->session, NULL);
  g_mutex_init (&self->mutex);
}

/* ---- outcomes ------------------------------------------------------------- */

/* Not on EC2, or no role: nothing, unless the provider is required. */
static void
return_nothing (GTask  *task,
                GError *error)
{
  GawsImdsCredentialsProvider *self = g_task_get_source_object (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, GAWS_ERROR, GAWS_ERROR_CONFIG) ||
      (self->required && error != NULL))
    {
      g_task_return_error (task, gaws_provider_wrap_error (error, METHOD));
      return;
    }
  if (error != NULL)
    {
      g_debug ("%s: no credentials from the instance metadata service: %s", METHOD,
               error->message);
      g_error_free (error);
    }
  g_task_return_pointer (task, NULL, NULL);
}

static GDateTime *
extended_expiration (GDateTime *expiration)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan window = EXTENSION_BASE +
                     g_random_int_range (EXTENSION_JITTER_MIN_S, EXTENSION_JITTER_MAX_S + 1) *
                     G_TIME_SPAN_SECOND;

  if (g_date_time_difference (expiration, now) > window)
    return NULL;
  g_info ("%s: the instance metadata service gave credentials about to expire; using them "
          "for %d more minutes before asking again", METHOD, (int) (window / G_TIME_SPAN_MINUTE));
  return g_date_time_add (now, window);
}

static GawsCredentials *
credentials_from_text (const char  *text,
                       GError     **error)
{
  g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));
  json_t *root = gaws_provider_parse_json (body, METHOD, "the instance metadata response", error);
  g_autoptr(GawsCredentials) credentials = NULL;
  g_autoptr(GDateTime) extended = NULL;

  if (root == NULL)
    return NULL;
  credentials = gaws_provider_credentials_from_json (root, "Token", METHOD, error);
  json_decref (root);
  if (credentials == NULL)
    return NULL;
  extended = extended_expiration (gaws_credentials_get_expiration (credentials));
  if (extended == NULL)
    return g_steal_pointer (&credentials);
  return gaws_credentials_new (gaws_credentials_get_access_key_id (credentials),
                               gaws_credentials_get_secret_access_key (credentials),
                               gaws_credentials_get_session_token (credentials),
                               extended, METHOD);
}

/* ---- the reads ------------------------------------------------------------ */

static void
credentials_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autofree char *text = gaws_imds_client_get_finish (GAWS_IMDS_CLIENT (source), result, &error);
  GawsCredentials *credentials = NULL;

  if (text != NULL)
    {
      credentials = credentials_from_text (text, &error);
      explicit_bzero (text, strlen (text));
    }
  if (credentials != NULL)
    g_task_return_pointer (task, credentials, g_object_unref);
  else
    return_nothing (task, error);
}

static void
role_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  g_autofree char *text = gaws_imds_client_get_finish (GAWS_IMDS_CLIENT (source), result, &error);
  g_autofree char *path = NULL;
  char *newline;

  if (text == NULL)
    {
      return_nothing (task, error);
      g_object_unref (task);
      return;
    }
  /* One role per instance profile; its name is the first line. */
  if ((newline = strchr (text, '\n')) != NULL)
    *newline = '\0';
  g_strstrip (text);
  path = g_strconcat (CREDENTIALS_PATH, text, NULL);
  gaws_imds_client_get_async (GAWS_IMDS_CLIENT (source), path, g_task_get_cancellable (task),
                              credentials_read_cb, task);
}

static GawsImdsClient *
dup_client (GawsImdsCredentialsProvider  *self,
            GawsSession                  *session,
            GError                      **error)
{
  GawsImdsClient *client;

  g_mutex_lock (&self->mutex);
  if (self->client == NULL)
    self->client = gaws_imds_client_new (session, error);
  client = self->client ? g_object_ref (self->client) : NULL;
  g_mutex_unlock (&self->mutex);
  return client;
}

static void
start_reads (GTask       *task,
             GawsSession *session)
{
  GawsImdsCredentialsProvider *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr(GawsImdsClient) client = dup_client (self, session, &error);

  if (client == NULL || gaws_imds_client_get_disabled (client))
    {
      return_nothing (task, error);
      g_object_unref (task);
      return;
    }
  gaws_imds_client_get_async (client, CREDENTIALS_PATH, g_task_get_cancellable (task),
                              role_read_cb, task);
}

static void
session_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!gaws_session_load_finish (GAWS_SESSION (source), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  start_reads (task, GAWS_SESSION (source));
}

static void
get_credentials_async (GawsCredentialsProvider *provider,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  GawsImdsCredentialsProvider *self = GAWS_IMDS_CREDENTIALS_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GawsSession) session = g_weak_ref_get (&self->session);
  const char *disabled = gaws_provider_getenv ("AWS_EC2_METADATA_DISABLED");

  g_task_set_source_tag (task, get_credentials_async);
  /* Checked first, so that a disabled service costs not even a file read. */
  if ((disabled != NULL && g_ascii_strcasecmp (disabled, "true") == 0) ||
      (self->has_session && session == NULL))
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  if (session == NULL)
    start_reads (task, NULL);
  else
    gaws_session_load_async (session, cancellable, session_loaded_cb, task);
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
gaws_imds_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface)
{
  iface->get_credentials_async = get_credentials_async;
  iface->get_credentials_finish = get_credentials_finish;
}

/**
 * gaws_imds_credentials_provider_new:
 * @session: (nullable): the session whose profile holds the metadata
 *   service settings (not kept alive), or %NULL for the environment alone
 *
 * Returns: (transfer full): a new provider
 */
GawsCredentialsProvider *
gaws_imds_credentials_provider_new (GawsSession *session)
{
  GawsImdsCredentialsProvider *self;

  g_return_val_if_fail (session == NULL || GAWS_IS_SESSION (session), NULL);

  self = g_object_new (GAWS_TYPE_IMDS_CREDENTIALS_PROVIDER, NULL);
  g_weak_ref_set (&self->session, session);
  self->has_session = session != NULL;
  return GAWS_CREDENTIALS_PROVIDER (self);
}

/**
 * gaws_imds_credentials_provider_get_required:
 * @self: a #GawsImdsCredentialsProvider
 *
 * Returns: the value of #GawsImdsCredentialsProvider:required
 */
gboolean
gaws_imds_credentials_provider_get_required (GawsImdsCredentialsProvider *self)
{
  g_return_val_if_fail (GAWS_IS_IMDS_CREDENTIALS_PROVIDER (self), FALSE);
  return self->required;
}

/**
 * gaws_imds_credentials_provider_set_required:
 * @self: a #GawsImdsCredentialsProvider
 * @required: whether failing to get credentials is an error
 */
void
gaws_imds_credentials_provider_set_required (GawsImdsCredentialsProvider *self,
                                             gboolean                     required)
{
  g_return_if_fail (GAWS_IS_IMDS_CREDENTIALS_PROVIDER (self));

  required = !!required;
  if (self->required == required)
    return;
  self->required = required;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUIRED]);
}
