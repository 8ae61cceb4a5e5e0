/* gaws-assume-role-credentials-provider.c: a profile's role_arn, assumed through STS
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-assume-role-credentials-provider.h"

#include <string.h>

#include "gaws-container-credentials-provider.h"
#include "gaws-env-credentials-provider.h"
#include "gaws-error.h"
#include "gaws-imds-credentials-provider.h"
#include "gaws-mfa-token-request-private.h"
#include "gaws-process-credentials-provider.h"
#include "gaws-profile-credentials-provider.h"
#include "gaws-provider-util-private.h"
#include "gaws-sso-credentials-provider.h"
#include "gaws-role-call-private.h"
#include "gaws-web-identity-credentials-provider.h"

/**
 * GawsAssumeRoleCredentialsProvider:
 *
 * Assumes the role a profile's `role_arn` names, with STS AssumeRole, as
 * botocore's `AssumeRoleProvider` does. The credentials to call STS with
 * come from exactly one of:
 *
 * - `source_profile`: another profile, whose own credentials are found the
 *   way the default chain finds a profile's (web identity, SSO, the shared
 *   files, `credential_process`), or which assumes a role itself, and so on
 *   down the chain of profiles. A profile may name itself when it also holds
 *   keys; any other loop is an error.
 * - `credential_source`: `Environment`, `Ec2InstanceMetadata` or
 *   `EcsContainer`.
 *
 * `role_session_name`, `external_id` and `duration_seconds` go to STS as
 * they are. A profile with `mfa_serial` asks the application for a code
 * through #GawsSession::mfa-token-requested, at each refresh.
 *
 * A profile without `role_arn`, or with `web_identity_token_file` (which
 * #GawsWebIdentityCredentialsProvider handles), has nothing to offer. The
 * provider does not keep its session alive.
 */
struct _GawsAssumeRoleCredentialsProvider {
  GObject   parent_instance;
  GWeakRef  session;
  char     *profile_name;  /* NULL: the session's */
};

#define METHOD "assume-role"

typedef struct {
  char   *profile;
  char   *role_arn;
  char   *role_session_name;
  char   *external_id;
  char   *mfa_serial;
  gint64  duration_seconds;
} Role;

/* What the provider worked out from the files before calling anything. */
typedef struct {
  GawsSession     *session;
  GPtrArray       *roles;              /* Role, the requested one first */
  char            *credential_source;  /* the base, or NULL ... */
  char            *source_profile;     /* ... when it is this profile's chain */
  GPtrArray       *providers;          /* the base's providers, in order */
  guint            next_provider;
  guint            next_role;          /* counting down: the last role is assumed first */
  GawsCredentials *credentials;
} Plan;

static void gaws_assume_role_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GawsAssumeRoleCredentialsProvider, gaws_assume_role_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GAWS_TYPE_CREDENTIALS_PROVIDER,
                                                      gaws_assume_role_credentials_provider_iface_init))

static void
gaws_assume_role_credentials_provider_finalize (GObject *object)
{
  GawsAssumeRoleCredentialsProvider *self = GAWS_ASSUME_ROLE_CREDENTIALS_PROVIDER (object);

  g_weak_ref_clear (&self->session);
  g_free (self->profile_name);
  G_OBJECT_CLASS (gaws_assume_role_credentials_provider_parent_class)->finalize (object);
}

static void
gaws_assume_role_credentials_provider_class_init (GawsAssumeRoleCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_assume_role_credentials_provider_finalize;
}

static void
gaws_assume_role_credentials_provider_init (GawsAssumeRoleCredentialsProvider *self)
{
  g_weak_ref_init (&self->session, NULL);
}

static void
role_free (Role *role)
{
  g_free (role->profile);
  g_free (role->role_arn);
  g_free (role->role_session_name);
  g_free (role->external_id);
  g_free (role->mfa_serial);
  g_free (role);
}

static void
plan_free (Plan *plan)
{
  g_object_unref (plan->session);
  g_ptr_array_unref (plan->roles);
  g_free (plan->credential_source);
  g_free (plan->source_profile);
  g_clear_pointer (&plan->providers, g_ptr_array_unref);
  g_clear_object (&plan->credentials);
  g_free (plan);
}

static void
return_error (GTask  *task,
              GError *error)
{
  g_task_return_error (task, gaws_provider_wrap_error (error, METHOD));
  g_object_unref (task);
}

/* ---- reading the profiles ------------------------------------------------- */

static const char *
value (GawsSession *session,
       const char  *profile,
       const char  *key)
{
  const char *text = gaws_session_get_profile_value (session, profile, key);

  return text != NULL && *text != '\0' ? text : NULL;
}

static gboolean
profile_exists (GawsSession *session,
                const char  *profile)
{
  GawsConfigFile *config = gaws_session_get_config_file (session);
  GawsConfigFile *credentials = gaws_session_get_credentials_file (session);

  return (config != NULL && gaws_config_file_has_profile (config, profile)) ||
         (credentials != NULL && gaws_config_file_has_profile (credentials, profile));
}

static gboolean
has_static_credentials (GawsSession *session,
                        const char  *profile)
{
  return gaws_session_get_profile_value (session, profile, "aws_access_key_id") != NULL ||
         gaws_session_get_profile_value (session, profile, "aws_secret_access_key") != NULL;
}

/* A profile with web_identity_token_file belongs to the web identity
 * provider, even when it also has a role_arn. */
static gboolean
has_assume_role_settings (GawsSession *session,
                          const char  *profile)
{
  return gaws_session_get_profile_value (session, profile, "role_arn") != NULL &&
         gaws_session_get_profile_value (session, profile, "web_identity_token_file") == NULL;
}

static gboolean
is_known_credential_source (const char *name)
{
  return g_ascii_strcasecmp (name, "Environment") == 0 ||
         g_ascii_strcasecmp (name, "Ec2InstanceMetadata") == 0 ||
         g_ascii_strcasecmp (name, "EcsContainer") == 0;
}

static gboolean
check_source_profile (GawsSession  *session,
                      const char   *profile,
                      const char   *source,
                      GPtrArray    *visited,
                      GError      **error)
{
  g_autofree char *path = NULL;

  if (!profile_exists (session, source))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                   "The source_profile \"%s\" referenced in the profile \"%s\" does not exist.",
                   source, profile);
      return FALSE;
    }
  if (!g_ptr_array_find_with_equal_func (visited, source, g_str_equal, NULL))
    return TRUE;
  /* A profile may source itself, for keys kept beside its role_arn. */
  if (g_str_equal (source, profile) && has_static_credentials (session, source))
    return TRUE;
  g_ptr_array_add (visited, NULL);
  path = g_strjoinv (", ", (char **) visited->pdata);
  g_ptr_array_remove_index (visited, visited->len - 1);
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
               "Infinite loop in credential configuration detected. Attempting to load from "
               "profile %s which has already been visited. Visited profiles: %s", source, path);
  return FALSE;
}

static gboolean
check_role_sources (GawsSession  *session,
                    const char   *profile,
                    GPtrArray    *visited,
                    GError      **error)
{
  const char *source_profile = value (session, profile, "source_profile");
  const char *credential_source = value (session, profile, "credential_source");

  if (source_profile != NULL && credential_source != NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                   "The profile \"%s\" contains both source_profile and credential_source.",
                   profile);
      return FALSE;
    }
  if (source_profile == NULL && credential_source == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS,
                   "Partial credentials found in assume-role, missing: source_profile or "
                   "credential_source (profile \"%s\")", profile);
      return FALSE;
    }
  if (credential_source != NULL && !is_known_credential_source (credential_source))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                   "The credential source \"%s\" referenced in profile \"%s\" is not valid.",
                   credential_source, profile);
      return FALSE;
    }
  return credential_source != NULL ||
         check_source_profile (session, profile, source_profile, visited, error);
}

static Role *
role_new (GawsSession *session,
          const char  *profile)
{
  Role *role = g_new0 (Role, 1);
  const char *duration = value (session, profile, "duration_seconds");

  role->profile = g_strdup (profile);
  role->role_arn = g_strdup (value (session, profile, "role_arn"));
  role->role_session_name = g_strdup (value (session, profile, "role_session_name"));
  role->external_id = g_strdup (value (session, profile, "external_id"));
  role->mfa_serial = g_strdup (value (session, profile, "mfa_serial"));
  /* As in botocore, a duration that is not a number is ignored. */
  if (duration != NULL && !g_ascii_string_to_signed (duration, 10, 1, G_MAXINT32,
                                                     &role->duration_seconds, NULL))
    role->duration_seconds = 0;
  if (role->role_session_name == NULL)
    role->role_session_name = g_strdup_printf ("gaws-session-%" G_GINT64_FORMAT,
                                               g_get_real_time () / G_USEC_PER_SEC);
  return role;
}

/* Walks source_profile from @profile to the profile, or credential_source,
 * whose credentials start the chain, checking each step as botocore does. */
static Plan *
plan_new (GawsSession  *session,
          const char   *profile,
          GError      **error)
{
  Plan *plan = g_new0 (Plan, 1);
  g_autoptr(GPtrArray) visited = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *current = g_strdup (profile);

  plan->session = g_object_ref (session);
  plan->roles = g_ptr_array_new_with_free_func ((GDestroyNotify) role_free);
  g_ptr_array_add (visited, g_strdup (profile));
  for (;;)
    {
      const char *source;

      if (!check_role_sources (session, current, visited, error))
        {
          plan_free (plan);
          return NULL;
        }
      g_ptr_array_add (plan->roles, role_new (session, current));
      if ((source = value (session, current, "credential_source")) != NULL)
        {
          plan->credential_source = g_strdup (source);
          return plan;
        }
      source = value (session, current, "source_profile");
      g_ptr_array_add (visited, g_strdup (source));
      if (has_static_credentials (session, source) || !has_assume_role_settings (session, source))
        {
          plan->source_profile = g_strdup (source);
          return plan;
        }
      g_free (current);
      current = g_strdup (source);
    }
}

/* ---- assuming the roles --------------------------------------------------- */

static void assume_next_role (GTask *task);

static void
role_assumed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Plan *plan = g_task_get_task_data (task);
  GError *error = NULL;
  GawsCredentials *credentials = gaws_role_call_finish (result, &error);

  if (credentials == NULL)
    {
      /* Already names this provider. */
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_clear_object (&plan->credentials);
  plan->credentials = credentials;
  assume_next_role (task);
}

static void
call_sts (GTask      *task,
          Role       *role,
          const char *token_code)
{
  Plan *plan = g_task_get_task_data (task);
  GawsRoleCallParams params = {
    .role_arn = role->role_arn,
    .role_session_name = role->role_session_name,
    .external_id = role->external_id,
    .serial_number = role->mfa_serial,
    .token_code = token_code,
    .duration_seconds = role->duration_seconds,
  };

  gaws_role_call_assume_role_async (plan->session, plan->credentials, &params, METHOD,
                              g_task_get_cancellable (task), role_assumed_cb, task);
}

static void
mfa_answered_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Plan *plan = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree char *code = gaws_mfa_token_request_ask_finish (result, &error);

  if (code == NULL)
    {
      return_error (task, error);
      return;
    }
  call_sts (task, plan->roles->pdata[plan->next_role], code);
  explicit_bzero (code, strlen (code));
}

static void
assume_next_role (GTask *task)
{
  Plan *plan = g_task_get_task_data (task);
  Role *role;

  if (plan->next_role == 0)
    {
      g_task_return_pointer (task, g_steal_pointer (&plan->credentials), g_object_unref);
      g_object_unref (task);
      return;
    }
  role = plan->roles->pdata[--plan->next_role];
  if (role->mfa_serial == NULL)
    {
      call_sts (task, role, NULL);
      return;
    }
  gaws_mfa_token_request_ask_async (plan->session, role->profile, role->role_arn,
                                    role->mfa_serial, g_task_get_cancellable (task),
                                    mfa_answered_cb, task);
}

/* ---- the credentials that start the chain --------------------------------- */

static GPtrArray *
source_profile_providers (GawsSession *session,
                          const char  *profile)
{
  GPtrArray *providers = g_ptr_array_new_with_free_func (g_object_unref);

  /* The default chain's profile providers, for that profile, without the
   * environment (botocore's ProfileProviderBuilder, disable_env_vars). */
  g_ptr_array_add (providers, gaws_web_identity_credentials_provider_new (session, profile, FALSE));
  g_ptr_array_add (providers, gaws_sso_credentials_provider_new (session, profile));
  g_ptr_array_add (providers, gaws_profile_credentials_provider_new (
                     session, profile, GAWS_PROFILE_CREDENTIALS_FILES_CREDENTIALS));
  g_ptr_array_add (providers, gaws_process_credentials_provider_new (session, profile));
  g_ptr_array_add (providers, gaws_profile_credentials_provider_new (
                     session, profile, GAWS_PROFILE_CREDENTIALS_FILES_CONFIG));
  return providers;
}

static GPtrArray *
credential_source_providers (GawsSession *session,
                             const char  *name)
{
  GPtrArray *providers = g_ptr_array_new_with_free_func (g_object_unref);
  GawsCredentialsProvider *provider;

  if (g_ascii_strcasecmp (name, "Environment") == 0)
    provider = gaws_env_credentials_provider_new ();
  else if (g_ascii_strcasecmp (name, "EcsContainer") == 0)
    provider = gaws_container_credentials_provider_new ();
  else
    {
      provider = gaws_imds_credentials_provider_new (session);
      gaws_imds_credentials_provider_set_required (GAWS_IMDS_CREDENTIALS_PROVIDER (provider), TRUE);
    }
  g_ptr_array_add (providers, provider);
  return providers;
}

static void ask_next_source (GTask *task);

static void
source_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Plan *plan = g_task_get_task_data (task);
  GError *error = NULL;

  plan->credentials = gaws_credentials_provider_get_credentials_finish (
                        GAWS_CREDENTIALS_PROVIDER (source), result, &error);
  if (error != NULL)
    {
      /* The source's error already names the source. */
      g_task_return_error (task, error);
      g_object_unref (task);
    }
  else if (plan->credentials == NULL)
    ask_next_source (task);
  else
    assume_next_role (task);
}

static void
ask_next_source (GTask *task)
{
  Plan *plan = g_task_get_task_data (task);
  GError *error = NULL;
  Role *last = plan->roles->pdata[plan->roles->len - 1];

  if (plan->next_provider < plan->providers->len)
    {
      gaws_credentials_provider_get_credentials_async (plan->providers->pdata[plan->next_provider++],
                                                       g_task_get_cancellable (task),
                                                       source_done_cb, task);
      return;
    }
  if (plan->credential_source != NULL)
    gaws_provider_set_error (&error, GAWS_ERROR_CREDENTIALS, plan->credential_source,
                             "No credentials found in credential_source referenced in profile %s",
                             last->profile);
  else
    error = g_error_new (GAWS_ERROR, GAWS_ERROR_CONFIG,
                         "The source profile \"%s\" must have credentials.", plan->source_profile);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
start (GTask       *task,
       GawsSession *session,
       const char  *profile)
{
  GError *error = NULL;
  Plan *plan;

  if (!has_assume_role_settings (session, profile))
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  plan = plan_new (session, profile, &error);
  if (plan == NULL)
    {
      return_error (task, error);
      return;
    }
  plan->next_role = plan->roles->len;
  plan->providers = plan->credential_source
                    ? credential_source_providers (session, plan->credential_source)
                    : source_profile_providers (session, plan->source_profile);
  g_task_set_task_data (task, plan, (GDestroyNotify) plan_free);
  ask_next_source (task);
}

/* ---- the interface -------------------------------------------------------- */

static void
get_credentials_async (GawsCredentialsProvider *provider,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  GawsAssumeRoleCredentialsProvider *self = GAWS_ASSUME_ROLE_CREDENTIALS_PROVIDER (provider);

  gaws_provider_get_credentials_async (provider, &self->session, self->profile_name, start,
                                       get_credentials_async, cancellable, callback, user_data);
}

static void
gaws_assume_role_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface)
{
  iface->get_credentials_async = get_credentials_async;
  iface->get_credentials_finish = gaws_provider_get_credentials_finish;
}

/**
 * gaws_assume_role_credentials_provider_new:
 * @session: the session whose profiles to read, and whose
 *   #GawsSession::mfa-token-requested asks for MFA codes; not kept alive
 * @profile_name: (nullable): the profile, or %NULL for the session's
 *
 * Returns: (transfer full): a new provider
 */
GawsCredentialsProvider *
gaws_assume_role_credentials_provider_new (GawsSession *session,
                                           const char  *profile_name)
{
  GawsAssumeRoleCredentialsProvider *self;

  g_return_val_if_fail (GAWS_IS_SESSION (session), NULL);

  self = g_object_new (GAWS_TYPE_ASSUME_ROLE_CREDENTIALS_PROVIDER, NULL);
  g_weak_ref_set (&self->session, session);
  self->profile_name = g_strdup (profile_name);
  return GAWS_CREDENTIALS_PROVIDER (self);
}
