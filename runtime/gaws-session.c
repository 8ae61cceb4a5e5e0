/* gaws-session.c: profile, region, shared files and credentials
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-session.h"
#include "gaws-session-private.h"

#include <string.h>

#include "gaws-chain-credentials-provider.h"
#include "gaws-credentials-provider-private.h"
#include "gaws-error.h"
#include "gaws-imds-client.h"
#include "gaws-mfa-token-request.h"
#include "gaws-static-credentials-provider.h"

/**
 * GawsSession:
 *
 * What every client shares: the profile, the region, the shared
 * `~/.aws/config` and `~/.aws/credentials` files and the credentials.
 *
 * Values resolve the way botocore resolves them: a value set on the
 * session wins over the environment (`AWS_PROFILE`, `AWS_REGION`,
 * `AWS_CONFIG_FILE`, ...), which wins over the shared files.
 *
 * The files are read lazily and without blocking, by
 * gaws_session_load_async(); clients load their session before their
 * first request, so most programs never call it themselves. Loading is
 * idempotent, and callers that ask while a load is in flight share it.
 *
 * The secret access key and the session token can be set but never read
 * back: they are not properties, so no property dump or debug log shows
 * them.
 */
typedef struct {
  GawsSession    *session;   /* strong: the session outlives its load */
  GPtrArray      *waiters;   /* GTask, one for each load_async caller */
  GawsConfigFile *files[2];  /* by GawsConfigFileKind */
  GError         *error;
  guint           pending;
} Load;

struct _GawsSession {
  GObject                  parent_instance;

  GMutex                   mutex;      /* guards the loaded state and providers */
  char                    *profile_name;
  char                    *region;
  char                    *config_file_path;
  char                    *credentials_file_path;
  char                    *access_key_id;
  char                    *secret_access_key;
  char                    *session_token;
  char                    *imds_region;  /* looked up for defaults_mode = auto */

  gboolean                 loaded;
  GawsConfigFile          *config_file;
  GawsConfigFile          *credentials_file;
  Load                    *load;       /* in flight, or NULL */

  GawsCredentials         *explicit_credentials;  /* what explicit_provider hands out */
  GawsCredentialsProvider *explicit_provider;
  GawsCredentialsProvider *custom_provider;
  GawsCredentialsProvider *default_provider;
};

G_DEFINE_FINAL_TYPE (GawsSession, gaws_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROFILE_NAME,
  PROP_REGION,
  PROP_ACCESS_KEY_ID,
  PROP_CONFIG_FILE,
  PROP_CREDENTIALS_FILE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_MFA_TOKEN_REQUESTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    explicit_bzero (*secret, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
gaws_session_finalize (GObject *object)
{
  GawsSession *self = GAWS_SESSION (object);

  g_free (self->profile_name);
  g_free (self->region);
  g_free (self->config_file_path);
  g_free (self->credentials_file_path);
  g_free (self->access_key_id);
  clear_secret (&self->secret_access_key);
  clear_secret (&self->session_token);
  g_free (self->imds_region);
  g_clear_object (&self->config_file);
  g_clear_object (&self->credentials_file);
  g_clear_object (&self->explicit_credentials);
  g_clear_object (&self->explicit_provider);
  g_clear_object (&self->custom_provider);
  g_clear_object (&self->default_provider);
  g_mutex_clear (&self->mutex);
  G_OBJECT_CLASS (gaws_session_parent_class)->finalize (object);
}

static void
gaws_session_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GawsSession *self = GAWS_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROFILE_NAME:
      g_value_set_string (value, gaws_session_get_profile_name (self));
      break;
    case PROP_REGION:
      g_value_set_string (value, gaws_session_get_region (self));
      break;
    case PROP_ACCESS_KEY_ID:
      g_value_set_string (value, self->access_key_id);
      break;
    case PROP_CONFIG_FILE:
      g_value_set_string (value, self->config_file_path);
      break;
    case PROP_CREDENTIALS_FILE:
      g_value_set_string (value, self->credentials_file_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_session_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GawsSession *self = GAWS_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROFILE_NAME:
      gaws_session_set_profile_name (self, g_value_get_string (value));
      break;
    case PROP_REGION:
      gaws_session_set_region (self, g_value_get_string (value));
      break;
    case PROP_ACCESS_KEY_ID:
      gaws_session_set_access_key_id (self, g_value_get_string (value));
      break;
    case PROP_CONFIG_FILE:
      gaws_session_set_config_file_path (self, g_value_get_string (value));
      break;
    case PROP_CREDENTIALS_FILE:
      gaws_session_set_credentials_file_path (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_session_class_init (GawsSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gaws_session_finalize;
  object_class->get_property = gaws_session_get_property;
  object_class->set_property = gaws_session_set_property;

  /**
   * GawsSession:profile-name:
   *
   * The profile in use. Setting it overrides `AWS_PROFILE`; reading it
   * gives the profile in effect, `default` when none is named.
   */
  properties[PROP_PROFILE_NAME] =
    g_param_spec_string ("profile-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GawsSession:region:
   *
   * The region. Setting it overrides the environment and the profile;
   * reading it gives the region in effect, or %NULL if none is configured.
   */
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GawsSession:access-key-id:
   *
   * The access key id given explicitly, or %NULL. Its secret is set with
   * gaws_session_set_secret_access_key(), which has no property.
   */
  properties[PROP_ACCESS_KEY_ID] =
    g_param_spec_string ("access-key-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GawsSession:config-file:
   *
   * The shared config file to read instead of `$AWS_CONFIG_FILE` or
   * `~/.aws/config`, or %NULL. Set it before loading.
   */
  properties[PROP_CONFIG_FILE] =
    g_param_spec_string ("config-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GawsSession:credentials-file:
   *
   * The shared credentials file to read instead of
   * `$AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`, or %NULL. Set
   * it before loading.
   */
  properties[PROP_CREDENTIALS_FILE] =
    g_param_spec_string ("credentials-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GawsSession::mfa-token-requested:
   * @self: the session
   * @request: the request to answer, now or later
   *
   * Emitted when an assume-role profile with `mfa_serial` needs a code
   * from the MFA device, at each refresh of its credentials. A handler
   * that will answer @request (see gaws_mfa_token_request_return_token())
   * returns %TRUE; when none does, getting the credentials fails.
   *
   * Returns: %TRUE if the handler takes care of @request
   */
  signals[SIGNAL_MFA_TOKEN_REQUESTED] =
    g_signal_new ("mfa-token-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, GAWS_TYPE_MFA_TOKEN_REQUEST);
}

static void
gaws_session_init (GawsSession *self)
{
  g_mutex_init (&self->mutex);
}

/**
 * gaws_session_new:
 *
 * Makes a session that resolves everything from the environment and the
 * shared files.
 *
 * Returns: (transfer full): a new #GawsSession
 */
GawsSession *
gaws_session_new (void)
{
  return g_object_new (GAWS_TYPE_SESSION, NULL);
}

/**
 * gaws_session_new_with_credentials:
 * @access_key_id: the access key id
 * @secret_access_key: the secret access key
 * @session_token: (nullable): the session token of temporary credentials
 *
 * Makes a session with explicit credentials, which win over the
 * environment and the shared files.
 *
 * Returns: (transfer full): a new #GawsSession
 */
GawsSession *
gaws_session_new_with_credentials (const char *access_key_id,
                                   const char *secret_access_key,
                                   const char *session_token)
{
  GawsSession *self = gaws_session_new ();

  gaws_session_set_credentials (self, access_key_id, secret_access_key, session_token);
  return self;
}

/* ---- explicit values ------------------------------------------------------ */

static const char *
nonempty (const char *value)
{
  return value != NULL && *value != '\0' ? value : NULL;
}

static const char *
getenv_nonempty (const char *name)
{
  return nonempty (g_getenv (name));
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* botocore's order: AWS_DEFAULT_PROFILE, then AWS_PROFILE. */
static const char *
named_profile (GawsSession *self)
{
  const char *name = nonempty (self->profile_name);

  if (name == NULL)
    name = getenv_nonempty ("AWS_DEFAULT_PROFILE");
  if (name == NULL)
    name = getenv_nonempty ("AWS_PROFILE");
  return name;
}

/**
 * gaws_session_get_profile_name:
 * @self: a #GawsSession
 *
 * Returns: the profile in effect: the one set on the session, else
 *   `AWS_DEFAULT_PROFILE` or `AWS_PROFILE`, else `default`
 */
const char *
gaws_session_get_profile_name (GawsSession *self)
{
  const char *name;

  g_return_val_if_fail (GAWS_IS_SESSION (self), NULL);
  name = named_profile (self);
  return name ? name : "default";
}

/**
 * gaws_session_set_profile_name:
 * @self: a #GawsSession
 * @profile_name: (nullable): a profile, or %NULL to go back to the environment
 *
 * Names the profile explicitly. botocore then skips the credentials of
 * the environment, and so does the default chain built afterwards.
 */
void
gaws_session_set_profile_name (GawsSession *self,
                               const char  *profile_name)
{
  g_return_if_fail (GAWS_IS_SESSION (self));

  g_mutex_lock (&self->mutex);
  if (!replace_string (&self->profile_name, profile_name))
    {
      g_mutex_unlock (&self->mutex);
      return;
    }
  /* The default chain depends on whether a profile is explicit. */
  g_clear_object (&self->default_provider);
  g_mutex_unlock (&self->mutex);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE_NAME]);
}

/**
 * gaws_session_has_explicit_profile:
 * @self: a #GawsSession
 *
 * Returns: %TRUE if a profile was set on the session itself
 */
gboolean
gaws_session_has_explicit_profile (GawsSession *self)
{
  g_return_val_if_fail (GAWS_IS_SESSION (self), FALSE);
  return nonempty (self->profile_name) != NULL;
}

/**
 * gaws_session_get_region:
 * @self: a #GawsSession
 *
 * Returns the region in effect: the one set on the session, else
 * `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region`
 * once the session is loaded, else, with `defaults_mode = auto` (or
 * `AWS_DEFAULTS_MODE=auto`), the region of the EC2 instance, which
 * gaws_session_load_async() looks up in the instance metadata.
 *
 * Returns: (nullable): the region, or %NULL if none is configured
 */
const char *
gaws_session_get_region (GawsSession *self)
{
  const char *region;

  g_return_val_if_fail (GAWS_IS_SESSION (self), NULL);

  region = nonempty (self->region);
  if (region == NULL)
    region = getenv_nonempty ("AWS_REGION");
  if (region == NULL)
    region = getenv_nonempty ("AWS_DEFAULT_REGION");
  if (region == NULL)
    region = nonempty (gaws_session_get_config_value (self, "region"));
  if (region == NULL)
    region = self->imds_region;
  return region;
}

/**
 * gaws_session_set_region:
 * @self: a #GawsSession
 * @region: (nullable): a region such as `eu-west-1`, or %NULL
 */
void
gaws_session_set_region (GawsSession *self,
                         const char  *region)
{
  g_return_if_fail (GAWS_IS_SESSION (self));

  if (replace_string (&self->region, region))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
}

/**
 * gaws_session_get_config_file_path:
 * @self: a #GawsSession
 *
 * Returns: (nullable) (type filename): the config file set on the session,
 *   or %NULL; gaws_config_file_get_origin() on gaws_session_get_config_file()
 *   gives the path that was read
 */
const char *
gaws_session_get_config_file_path (GawsSession *self)
{
  g_return_val_if_fail (GAWS_IS_SESSION (self), NULL);
  return self->config_file_path;
}

/**
 * gaws_session_set_config_file_path:
 * @self: a #GawsSession
 * @path: (nullable) (type filename): the config file to read; `~` and
 *   `$VARIABLES` are expanded
 */
void
gaws_session_set_config_file_path (GawsSession *self,
                                   const char  *path)
{
  g_return_if_fail (GAWS_IS_SESSION (self));

  if (replace_string (&self->config_file_path, path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIG_FILE]);
}

/**
 * gaws_session_get_credentials_file_path:
 * @self: a #GawsSession
 *
 * Returns: (nullable) (type filename): the credentials file set on the
 *   session, or %NULL
 */
const char *
gaws_session_get_credentials_file_path (GawsSession *self)
{
  g_return_val_if_fail (GAWS_IS_SESSION (self), NULL);
  return self->credentials_file_path;
}

/**
 * gaws_session_set_credentials_file_path:
 * @self: a #GawsSession
 * @path: (nullable) (type filename): the credentials file to read; `~`
 *   and `$VARIABLES` are expanded
 */
void
gaws_session_set_credentials_file_path (GawsSession *self,
                                        const char  *path)
{
  g_return_if_fail (GAWS_IS_SESSION (self));

  if (replace_string (&self->credentials_file_path, path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDENTIALS_FILE]);
}

/* ---- explicit credentials ------------------------------------------------- */

/**
 * gaws_session_get_access_key_id:
 * @self: a #GawsSession
 *
 * Returns: (nullable): the access key id set on the session, or %NULL
 */
const char *
gaws_session_get_access_key_id (GawsSession *self)
{
  g_return_val_if_fail (GAWS_IS_SESSION (self), NULL);
  return self->access_key_id;
}

static void
forget_explicit_provider (GawsSession *self)
{
  g_mutex_lock (&self->mutex);
  g_clear_object (&self->explicit_credentials);
  g_clear_object (&self->explicit_provider);
  g_mutex_unlock (&self->mutex);
}

/**
 * gaws_session_set_access_key_id:
 * @self: a #GawsSession
 * @access_key_id: (nullable): the access key id
 */
void
gaws_session_set_access_key_id (GawsSession *self,
                                const char  *access_key_id)
{
  g_return_if_fail (GAWS_IS_SESSION (self));

  if (!replace_string (&self->access_key_id, access_key_id))
    return;
  forget_explicit_provider (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESS_KEY_ID]);
}

/**
 * gaws_session_set_secret_access_key:
 * @self: a #GawsSession
 * @secret_access_key: (nullable): the secret access key
 *
 * Sets the secret of the explicit access key. It cannot be read back.
 */
void
gaws_session_set_secret_access_key (GawsSession *self,
                                    const char  *secret_access_key)
{
  g_return_if_fail (GAWS_IS_SESSION (self));

  clear_secret (&self->secret_access_key);
  self->secret_access_key = g_strdup (secret_access_key);
  forget_explicit_provider (self);
}

/**
 * gaws_session_set_session_token:
 * @self: a #GawsSession
 * @session_token: (nullable): the session token of temporary credentials
 *
 * Sets the token of the explicit credentials. It cannot be read back.
 */
void
gaws_session_set_session_token (GawsSession *self,
                                const char  *session_token)
{
  g_return_if_fail (GAWS_IS_SESSION (self));

  clear_secret (&self->session_token);
  self->session_token = g_strdup (session_token);
  forget_explicit_provider (self);
}

/**
 * gaws_session_set_credentials:
 * @self: a #GawsSession
 * @access_key_id: (nullable): the access key id
 * @secret_access_key: (nullable): the secret access key
 * @session_token: (nullable): the session token
 *
 * Sets all three explicit credential values at once.
 */
void
gaws_session_set_credentials (GawsSession *self,
                              const char  *access_key_id,
                              const char  *secret_access_key,
                              const char  *session_token)
{
  g_return_if_fail (GAWS_IS_SESSION (self));

  gaws_session_set_access_key_id (self, access_key_id);
  gaws_session_set_secret_access_key (self, secret_access_key);
  gaws_session_set_session_token (self, session_token);
}

/* ---- the shared files ----------------------------------------------------- */

static const char *
home_dir (void)
{
  /* g_get_home_dir() caches its first answer; tests move HOME. */
  const char *home = getenv_nonempty ("HOME");

  return home ? home : g_get_home_dir ();
}

/* Python's os.path.expandvars: $NAME and ${NAME} of set variables are
 * replaced, anything else is left as written. */
static char *
expand_variables (const char *path)
{
  GString *out = g_string_new (NULL);
  const char *p = path;

  while (*p != '\0')
    {
      gboolean braced = p[0] == '$' && p[1] == '{';
      const char *start = p + (braced ? 2 : 1);
      const char *end = start;
      g_autofree char *name = NULL;
      const char *value;

      if (*p != '$')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      while (g_ascii_isalnum (*end) || *end == '_')
        end++;
      name = g_strndup (start, end - start);
      value = *name != '\0' ? g_getenv (name) : NULL;
      if (value == NULL || (braced && *end != '}'))
        {
          g_string_append_c (out, *p++);
          continue;
        }
      g_string_append (out, value);
      p = end + (braced ? 1 : 0);
    }
  return g_string_free (out, FALSE);
}

static char *
expand_path (const char *path)
{
  g_autofree char *expanded = expand_variables (path);

  if (expanded[0] == '~' && (expanded[1] == '/' || expanded[1] == '\0'))
    return g_strconcat (home_dir (), expanded + 1, NULL);
  return g_steal_pointer (&expanded);
}

static GFile *
resolve_file (const char *explicit_path,
              const char *variable,
              const char *default_name)
{
  const char *path = nonempty (explicit_path);
  g_autofree char *expanded = NULL;

  if (path == NULL)
    path = getenv_nonempty (variable);
  if (path != NULL)
    expanded = expand_path (path);
  else
    expanded = g_build_filename (home_dir (), ".aws", default_name, NULL);
  return g_file_new_for_path (expanded);
}

static GFile *
resolve_config_file (GawsSession *self)
{
  return resolve_file (self->config_file_path, "AWS_CONFIG_FILE", "config");
}

static GFile *
resolve_credentials_file (GawsSession *self)
{
  return resolve_file (self->credentials_file_path, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
}

static gboolean
profile_exists (GawsConfigFile *config_file,
                GawsConfigFile *credentials_file,
                const char     *profile)
{
  return (config_file != NULL && gaws_config_file_has_profile (config_file, profile)) ||
         (credentials_file != NULL && gaws_config_file_has_profile (credentials_file, profile));
}

/* As botocore's ProfileNotFound: a profile that was named must exist,
 * `default` need not. */
static gboolean
check_profile_in (GawsSession     *self,
                  GawsConfigFile  *config_file,
                  GawsConfigFile  *credentials_file,
                  GError         **error)
{
  const char *profile = named_profile (self);

  if (profile == NULL || profile_exists (config_file, credentials_file, profile))
    return TRUE;
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
               "The config profile (%s) could not be found", profile);
  return FALSE;
}

/**
 * gaws_session_check_profile:
 * @self: a loaded #GawsSession
 * @error: return location for a #GError
 *
 * Checks that a profile named on the session or in the environment
 * exists in the loaded files.
 *
 * Returns: %TRUE if it does, or no profile was named
 */
gboolean
gaws_session_check_profile (GawsSession  *self,
                            GError      **error)
{
  g_autoptr(GawsConfigFile) config_file = NULL;
  g_autoptr(GawsConfigFile) credentials_file = NULL;

  g_return_val_if_fail (GAWS_IS_SESSION (self), FALSE);

  g_mutex_lock (&self->mutex);
  g_set_object (&config_file, self->config_file);
  g_set_object (&credentials_file, self->credentials_file);
  g_mutex_unlock (&self->mutex);
  return check_profile_in (self, config_file, credentials_file, error);
}

/* The files of a finished load become the session's unless another load
 * (a _sync one, say) got there first. Called with the mutex held. */
static gboolean
apply_files (GawsSession     *self,
             GawsConfigFile  *config_file,
             GawsConfigFile  *credentials_file,
             GError         **error)
{
  if (self->loaded)
    return TRUE;
  if (!check_profile_in (self, config_file, credentials_file, error))
    return FALSE;
  g_set_object (&self->config_file, config_file);
  g_set_object (&self->credentials_file, credentials_file);
  self->loaded = TRUE;
  return TRUE;
}

static void
load_free (Load *load)
{
  g_ptr_array_unref (load->waiters);
  g_clear_object (&load->files[0]);
  g_clear_object (&load->files[1]);
  g_clear_error (&load->error);
  g_object_unref (load->session);
  g_free (load);
}

static void
load_return (Load *load)
{
  GawsSession *self = load->session;
  g_autoptr(GPtrArray) waiters = NULL;

  g_mutex_lock (&self->mutex);
  self->load = NULL;
  waiters = g_steal_pointer (&load->waiters);
  load->waiters = g_ptr_array_new ();
  g_mutex_unlock (&self->mutex);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = waiters->pdata[i];

      if (load->error != NULL)
        g_task_return_error (task, g_error_copy (load->error));
      else
        g_task_return_boolean (task, TRUE);
    }
  load_free (load);
}

static void
imds_region_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(GError) error = NULL;
  char *region = gaws_imds_client_get_region_finish (GAWS_IMDS_CLIENT (source), result, &error);

  if (region == NULL)
    g_debug ("No region from the EC2 instance metadata service: %s", error->message);
  g_mutex_lock (&load->session->mutex);
  g_free (load->session->imds_region);
  load->session->imds_region = region;
  g_mutex_unlock (&load->session->mutex);
  load_return (load);
}

/* With defaults_mode = auto, botocore asks the instance metadata where it
 * runs; gaws takes the region from there when none is configured. The load
 * stays in flight meanwhile, so that every caller sees the region. */
static gboolean
start_imds_region (Load *load)
{
  GawsSession *self = load->session;
  const char *mode = getenv_nonempty ("AWS_DEFAULTS_MODE");
  g_autoptr(GawsImdsClient) imds = NULL;

  if (mode == NULL)
    mode = gaws_session_get_config_value (self, "defaults_mode");
  if (mode == NULL || g_ascii_strcasecmp (mode, "auto") != 0 || gaws_session_get_region (self))
    return FALSE;
  imds = gaws_imds_client_new (self, NULL);
  if (imds == NULL || gaws_imds_client_get_disabled (imds))
    return FALSE;
  gaws_imds_client_get_region_async (imds, NULL, imds_region_cb, load);
  return TRUE;
}

static void
load_complete (Load *load)
{
  GawsSession *self = load->session;

  g_mutex_lock (&self->mutex);
  if (load->error == NULL)
    apply_files (self, load->files[GAWS_CONFIG_FILE_KIND_CONFIG],
                 load->files[GAWS_CONFIG_FILE_KIND_CREDENTIALS], &load->error);
  g_mutex_unlock (&self->mutex);
  if (load->error != NULL || !start_imds_region (load))
    load_return (load);
}

static void
load_file_done (Load               *load,
                GawsConfigFileKind  kind,
                GAsyncResult       *result)
{
  GError *error = NULL;

  load->files[kind] = gaws_config_file_load_finish (result, &error);
  if (error != NULL && load->error == NULL)
    load->error = error;
  else
    g_clear_error (&error);
  if (--load->pending == 0)
    load_complete (load);
}

static void
config_file_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  load_file_done (user_data, GAWS_CONFIG_FILE_KIND_CONFIG, result);
}

static void
credentials_file_loaded_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  load_file_done (user_data, GAWS_CONFIG_FILE_KIND_CREDENTIALS, result);
}

static void
load_start (Load *load)
{
  g_autoptr(GFile) config = resolve_config_file (load->session);
  g_autoptr(GFile) credentials = resolve_credentials_file (load->session);

  /* No cancellable: the load is shared, and one caller giving up must not
   * cancel it for the others. Each caller's own task still honours its
   * cancellable. */
  load->pending = 2;
  gaws_config_file_load_async (config, GAWS_CONFIG_FILE_KIND_CONFIG, NULL,
                               config_file_loaded_cb, load);
  gaws_config_file_load_async (credentials, GAWS_CONFIG_FILE_KIND_CREDENTIALS, NULL,
                               credentials_file_loaded_cb, load);
}

/**
 * gaws_session_load_async:
 * @self: a #GawsSession
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the session is loaded
 * @user_data: data for @callback
 *
 * Reads the shared config and credentials files without blocking. Once
 * loaded, a session stays loaded and this completes at once; callers that
 * ask while a load is in flight all wait for that one load.
 *
 * Loading fails with #GAWS_ERROR_CONFIG if a file has bad syntax or if a
 * profile named on the session or in the environment does not exist.
 */
void
gaws_session_load_async (GawsSession         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  Load *start = NULL;

  g_return_if_fail (GAWS_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_session_load_async);

  g_mutex_lock (&self->mutex);
  if (self->loaded && self->load == NULL)
    {
      g_mutex_unlock (&self->mutex);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  if (self->load == NULL)
    {
      start = self->load = g_new0 (Load, 1);
      start->session = g_object_ref (self);
      start->waiters = g_ptr_array_new_with_free_func (g_object_unref);
    }
  g_ptr_array_add (self->load->waiters, task);
  g_mutex_unlock (&self->mutex);

  if (start != NULL)
    load_start (start);
}

/**
 * gaws_session_load_finish:
 * @self: a #GawsSession
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the session is loaded
 */
gboolean
gaws_session_load_finish (GawsSession   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gaws_session_load_sync:
 * @self: a #GawsSession
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the shared files like gaws_session_load_async(), but blocks the
 * calling thread while it reads them. Meant for simple programs and for
 * the `_sync` calls; code running on a main loop should load
 * asynchronously.
 *
 * Returns: %TRUE if the session is loaded
 */
gboolean
gaws_session_load_sync (GawsSession   *self,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GFile) config = NULL;
  g_autoptr(GFile) credentials = NULL;
  g_autoptr(GawsConfigFile) config_file = NULL;
  g_autoptr(GawsConfigFile) credentials_file = NULL;
  gboolean ok;

  g_return_val_if_fail (GAWS_IS_SESSION (self), FALSE);

  if (gaws_session_is_loaded (self))
    return TRUE;
  config = resolve_config_file (self);
  credentials = resolve_credentials_file (self);
  config_file = gaws_config_file_load_sync (config, GAWS_CONFIG_FILE_KIND_CONFIG,
                                            cancellable, error);
  if (config_file == NULL)
    return FALSE;
  credentials_file = gaws_config_file_load_sync (credentials, GAWS_CONFIG_FILE_KIND_CREDENTIALS,
                                                 cancellable, error);
  if (credentials_file == NULL)
    return FALSE;

  g_mutex_lock (&self->mutex);
  ok = apply_files (self, config_file, credentials_file, error);
  g_mutex_unlock (&self->mutex);
  return ok;
}

/**
 * gaws_session_is_loaded:
 * @self: a #GawsSession
 *
 * Returns: %TRUE once the shared files have been read
 */
gboolean
gaws_session_is_loaded (GawsSession *self)
{
  gboolean loaded;

  g_return_val_if_fail (GAWS_IS_SESSION (self), FALSE);

  g_mutex_lock (&self->mutex);
  loaded = self->loaded;
  g_mutex_unlock (&self->mutex);
  return loaded;
}

/**
 * gaws_session_get_config_file:
 * @self: a #GawsSession
 *
 * Returns: (transfer none) (nullable): the shared config file, or %NULL
 *   before the session is loaded
 */
GawsConfigFile *
gaws_session_get_config_file (GawsSession *self)
{
  g_return_val_if_fail (GAWS_IS_SESSION (self), NULL);
  return self->config_file;
}

/**
 * gaws_session_get_credentials_file:
 * @self: a #GawsSession
 *
 * Returns: (transfer none) (nullable): the shared credentials file, or
 *   %NULL before the session is loaded
 */
GawsConfigFile *
gaws_session_get_credentials_file (GawsSession *self)
{
  g_return_val_if_fail (GAWS_IS_SESSION (self), NULL);
  return self->credentials_file;
}

/**
 * gaws_session_list_profiles:
 * @self: a #GawsSession
 *
 * Returns: (transfer full) (array zero-terminated=1): the profiles of both
 *   loaded files, config file first, each once
 */
char **
gaws_session_list_profiles (GawsSession *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GawsConfigFile *files[2];

  g_return_val_if_fail (GAWS_IS_SESSION (self), NULL);

  files[0] = self->config_file;
  files[1] = self->credentials_file;
  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_auto(GStrv) names = files[f] ? gaws_config_file_list_profiles (files[f]) : NULL;

      for (guint i = 0; names && names[i]; i++)
        if (g_hash_table_add (seen, g_strdup (names[i])))
          g_strv_builder_add (builder, names[i]);
    }
  return g_strv_builder_end (builder);
}

/* botocore merges the credentials file's profile over the config file's,
 * key by key, so the credentials file decides any key it sets. */
static GawsConfigFile *
file_for_key (GawsSession *self,
              const char  *profile,
              const char  *key)
{
  if (self->credentials_file != NULL &&
      gaws_config_file_has_key (self->credentials_file, GAWS_CONFIG_SECTION_PROFILE, profile, key))
    return self->credentials_file;
  if (self->config_file != NULL &&
      gaws_config_file_has_key (self->config_file, GAWS_CONFIG_SECTION_PROFILE, profile, key))
    return self->config_file;
  return NULL;
}

/**
 * gaws_session_get_profile_value:
 * @self: a #GawsSession
 * @profile: a profile name
 * @key: a key, such as `region` or `credential_process`
 *
 * Looks @key up in @profile of the loaded files, the credentials file
 * winning over the config file as in botocore.
 *
 * Returns: (nullable): the value, or %NULL
 */
const char *
gaws_session_get_profile_value (GawsSession *self,
                                const char  *profile,
                                const char  *key)
{
  GawsConfigFile *file;

  g_return_val_if_fail (GAWS_IS_SESSION (self), NULL);

  file = file_for_key (self, profile, key);
  return file ? gaws_config_file_get_profile_value (file, profile, key) : NULL;
}

/**
 * gaws_session_get_profile_nested_value:
 * @self: a #GawsSession
 * @profile: a profile name
 * @key: the key of a nested section, such as `s3`
 * @subkey: the key inside it, such as `addressing_style`
 *
 * Returns: (nullable): the nested value, or %NULL
 */
const char *
gaws_session_get_profile_nested_value (GawsSession *self,
                                       const char  *profile,
                                       const char  *key,
                                       const char  *subkey)
{
  GawsConfigFile *file;

  g_return_val_if_fail (GAWS_IS_SESSION (self), NULL);

  file = file_for_key (self, profile, key);
  return file ? gaws_config_file_get_profile_nested_value (file, profile, key, subkey) : NULL;
}

/**
 * gaws_session_get_profile_value_origin:
 * @self: a #GawsSession
 * @profile: a profile name
 * @key: a key
 *
 * Tells which file a value comes from, for error messages.
 *
 * Returns: (nullable): the path of the file that sets @key in @profile, or %NULL
 */
const char *
gaws_session_get_profile_value_origin (GawsSession *self,
                                       const char  *profile,
                                       const char  *key)
{
  GawsConfigFile *file;

  g_return_val_if_fail (GAWS_IS_SESSION (self), NULL);

  file = file_for_key (self, profile, key);
  return file ? gaws_config_file_get_origin (file) : NULL;
}

/**
 * gaws_session_get_config_value:
 * @self: a #GawsSession
 * @key: a key, such as `max_attempts`
 *
 * Returns: (nullable): the value of @key in the active profile of the
 *   loaded files, or %NULL (also before loading)
 */
const char *
gaws_session_get_config_value (GawsSession *self,
                               const char  *key)
{
  g_return_val_if_fail (GAWS_IS_SESSION (self), NULL);
  return gaws_session_get_profile_value (self, gaws_session_get_profile_name (self), key);
}

/**
 * gaws_session_get_config_nested_value:
 * @self: a #GawsSession
 * @key: the key of a nested section, such as `s3`
 * @subkey: the key inside it, such as `addressing_style`
 *
 * Returns: (nullable): the nested value in the active profile, or %NULL
 */
const char *
gaws_session_get_config_nested_value (GawsSession *self,
                                      const char  *key,
                                      const char  *subkey)
{
  g_return_val_if_fail (GAWS_IS_SESSION (self), NULL);
  return gaws_session_get_profile_nested_value (self, gaws_session_get_profile_name (self),
                                                key, subkey);
}

/* ---- credentials ---------------------------------------------------------- */

static GawsCredentialsProvider *dup_credentials_provider (GawsSession *self);

/**
 * gaws_session_get_credentials_provider:
 * @self: a #GawsSession
 *
 * Returns the provider clients of this session sign with: a static one
 * for credentials set on the session, else one set with
 * gaws_session_set_credentials_provider(), else the default chain (see
 * gaws_chain_credentials_provider_new_default()), made once so that all
 * clients share its cache.
 *
 * Returns: (transfer none): the credentials provider
 */
GawsCredentialsProvider *
gaws_session_get_credentials_provider (GawsSession *self)
{
  GawsCredentialsProvider *provider;

  g_return_val_if_fail (GAWS_IS_SESSION (self), NULL);

  provider = dup_credentials_provider (self);
  /* The session keeps its own reference, so transfer none is safe. */
  g_object_unref (provider);
  return provider;
}

/* Called with the mutex held. Complete explicit credentials are made here
 * and handed to the static provider, so that
 * gaws_session_dup_explicit_credentials() returns the very object the
 * provider would; partial ones go to a provider that reports what is
 * missing. */
static void
ensure_explicit_provider (GawsSession *self)
{
  if (self->explicit_provider != NULL)
    return;
  if (nonempty (self->access_key_id) != NULL && nonempty (self->secret_access_key) != NULL)
    {
      self->explicit_credentials = gaws_credentials_new (self->access_key_id, self->secret_access_key,
                                                         self->session_token, NULL, "explicit");
      self->explicit_provider =
        gaws_static_credentials_provider_new_for_credentials (self->explicit_credentials);
    }
  else
    self->explicit_provider =
      gaws_static_credentials_provider_new (self->access_key_id, self->secret_access_key,
                                            self->session_token);
}

static GawsCredentialsProvider *
dup_credentials_provider (GawsSession *self)
{
  GawsCredentialsProvider *provider;

  g_mutex_lock (&self->mutex);
  if (self->access_key_id != NULL || self->secret_access_key != NULL)
    {
      ensure_explicit_provider (self);
      provider = self->explicit_provider;
    }
  else if (self->custom_provider != NULL)
    provider = self->custom_provider;
  else
    {
      if (self->default_provider == NULL)
        self->default_provider =
          GAWS_CREDENTIALS_PROVIDER (gaws_chain_credentials_provider_new_default (self));
      provider = self->default_provider;
    }
  g_object_ref (provider);
  g_mutex_unlock (&self->mutex);
  return provider;
}

/**
 * gaws_session_set_credentials_provider:
 * @self: a #GawsSession
 * @provider: (nullable): a provider, or %NULL for the default chain
 *
 * Replaces the default chain. Credentials set on the session still win.
 */
void
gaws_session_set_credentials_provider (GawsSession             *self,
                                       GawsCredentialsProvider *provider)
{
  g_return_if_fail (GAWS_IS_SESSION (self));
  g_return_if_fail (provider == NULL || GAWS_IS_CREDENTIALS_PROVIDER (provider));

  g_mutex_lock (&self->mutex);
  g_set_object (&self->custom_provider, provider);
  g_mutex_unlock (&self->mutex);
}

static void
provider_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GawsCredentials *credentials;

  credentials = gaws_credentials_provider_get_credentials_finish (GAWS_CREDENTIALS_PROVIDER (source),
                                                                  result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else if (credentials == NULL)
    g_task_return_new_error (task, GAWS_ERROR, GAWS_ERROR_CREDENTIALS,
                             "Unable to locate credentials");
  else
    g_task_return_pointer (task, credentials, g_object_unref);
}

/**
 * gaws_session_get_credentials_async:
 * @self: a #GawsSession
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the credentials are ready
 * @user_data: data for @callback
 *
 * Gets credentials from gaws_session_get_credentials_provider(), loading
 * the shared files first if needed.
 */
void
gaws_session_get_credentials_async (GawsSession         *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;
  g_autoptr(GawsCredentialsProvider) provider = NULL;

  g_return_if_fail (GAWS_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_session_get_credentials_async);
  provider = dup_credentials_provider (self);
  gaws_credentials_provider_get_credentials_async (provider, cancellable, provider_done_cb, task);
}

/*
 * gaws_session_dup_explicit_credentials:
 * @self: a #GawsSession
 *
 * The credentials set on @self, which never expire, without the two tasks
 * and the main-loop trip of gaws_session_get_credentials_async(): clients
 * ask for credentials at every attempt.
 *
 * Returns: (transfer full) (nullable): what
 *   gaws_session_get_credentials_async() would give, or %NULL when that
 *   takes a provider (no or partial explicit credentials)
 */
GawsCredentials *
gaws_session_dup_explicit_credentials (GawsSession *self)
{
  GawsCredentials *credentials = NULL;

  g_return_val_if_fail (GAWS_IS_SESSION (self), NULL);

  g_mutex_lock (&self->mutex);
  if (self->access_key_id != NULL || self->secret_access_key != NULL)
    {
      ensure_explicit_provider (self);
      if (self->explicit_credentials != NULL)
        credentials = g_object_ref (self->explicit_credentials);
    }
  g_mutex_unlock (&self->mutex);
  return credentials;
}

/*
 * gaws_session_peek_credentials:
 * @self: a #GawsSession
 *
 * What gaws_session_get_credentials_async() would give at once: the
 * credentials set on @self, or those its provider has cached and that need
 * no refresh yet (gaws-credentials-provider-private.h). Clients ask at
 * every attempt, and this spares the common case the tasks and the
 * main-loop trip; refreshes still go through the asynchronous call, which
 * shares them between callers.
 *
 * Returns: (transfer full) (nullable): the credentials, or %NULL when only
 *   gaws_session_get_credentials_async() can tell
 */
GawsCredentials *
gaws_session_peek_credentials (GawsSession *self)
{
  g_autoptr(GawsCredentialsProvider) provider = NULL;
  GawsCredentials *credentials = gaws_session_dup_explicit_credentials (self);

  if (credentials != NULL)
    return credentials;
  provider = dup_credentials_provider (self);
  return gaws_credentials_provider_peek (provider);
}

/**
 * gaws_session_get_credentials_finish:
 * @self: a #GawsSession
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the credentials, or %NULL with
 *   @error set (#GAWS_ERROR_CREDENTIALS "Unable to locate credentials" when
 *   no source has any)
 */
GawsCredentials *
gaws_session_get_credentials_finish (GawsSession   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
