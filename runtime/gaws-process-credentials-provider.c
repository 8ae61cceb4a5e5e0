/* gaws-process-credentials-provider.c: credentials printed by a profile's credential_process
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-process-credentials-provider.h"

#include <jansson.h>
#include <string.h>

#include "gaws-error.h"

/**
 * GawsProcessCredentialsProvider:
 *
 * Runs the profile's `credential_process` command, as botocore's
 * `ProcessProvider` does: the command line is split like a shell would
 * (without running a shell), the program runs without blocking, and its
 * standard output must be JSON of this form:
 *
 * |[
 * { "Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
 *   "SessionToken": "...", "Expiration": "2026-01-01T00:00:00Z" }
 * ]|
 *
 * `SessionToken` and `Expiration` are optional. A profile without
 * `credential_process` has nothing to offer. A command that exits with a
 * non-zero status fails with its standard error in the message; nothing
 * the command printed on its standard output is ever put into an error,
 * since that is where the secrets are.
 *
 * The provider does not keep its session alive.
 */
struct _GawsProcessCredentialsProvider {
  GObject   parent_instance;
  GWeakRef  session;
  char     *profile_name;  /* NULL: the session's profile */
  char     *command_line;  /* a fixed command, or NULL to read the profile */
};

static void gaws_process_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GawsProcessCredentialsProvider, gaws_process_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GAWS_TYPE_CREDENTIALS_PROVIDER,
                                                      gaws_process_credentials_provider_iface_init))

/* Enough of a failing command's standard error to explain it. */
#define MAX_STDERR_IN_MESSAGE 4096

static void
gaws_process_credentials_provider_finalize (GObject *object)
{
  GawsProcessCredentialsProvider *self = GAWS_PROCESS_CREDENTIALS_PROVIDER (object);

  g_weak_ref_clear (&self->session);
  g_free (self->profile_name);
  g_free (self->command_line);
  G_OBJECT_CLASS (gaws_process_credentials_provider_parent_class)->finalize (object);
}

static void
gaws_process_credentials_provider_class_init (GawsProcessCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_process_credentials_provider_finalize;
}

static void
gaws_process_credentials_provider_init (GawsProcessCredentialsProvider *self)
{
  g_weak_ref_init (&self->session, NULL);
}

G_GNUC_PRINTF (2, 3)
static GawsCredentials *
process_error (GError     **error,
               const char  *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_CREDENTIALS,
               "Error when retrieving credentials from credential-process: %s", message);
  return NULL;
}

/* ---- the JSON the process prints ------------------------------------------ */

static gboolean
check_version (json_t  *root,
               GError **error)
{
  json_t *version = json_object_get (root, "Version");
  g_autofree char *shown = NULL;

  if (json_is_integer (version) && json_integer_value (version) == 1)
    return TRUE;
  if (version == NULL)
    shown = g_strdup ("<Version key not provided>");
  else if (json_is_integer (version))
    shown = g_strdup_printf ("%" JSON_INTEGER_FORMAT, json_integer_value (version));
  else if (json_is_string (version))
    shown = g_strndup (json_string_value (version), 32);
  else
    shown = g_strdup ("<not a number>");
  process_error (error, "Unsupported version '%s' for credential process provider, "
                 "supported versions: 1", shown);
  return FALSE;
}

/* A string member; @required says whether missing is an error. */
static gboolean
get_string (json_t      *root,
            const char  *name,
            gboolean     required,
            const char **value,
            GError     **error)
{
  json_t *member = json_object_get (root, name);

  *value = NULL;
  if (member == NULL || (json_is_null (member) && !required))
    {
      if (required)
        process_error (error, "Missing required key in response: '%s'", name);
      return !required;
    }
  if (!json_is_string (member))
    {
      process_error (error, "'%s' in the response is not a string", name);
      return FALSE;
    }
  *value = json_string_value (member);
  return TRUE;
}

static GDateTime *
parse_expiration (const char  *text,
                  GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  GDateTime *expiration = g_date_time_new_from_iso8601 (text, utc);

  if (expiration == NULL)
    process_error (error, "Expiration in the response is not an ISO 8601 time: %s", text);
  return expiration;
}

static GawsCredentials *
credentials_from_json (json_t  *root,
                       GError **error)
{
  const char *access_key_id, *secret_access_key, *token, *expiry_text;
  g_autoptr(GDateTime) expiration = NULL;

  if (!json_is_object (root))
    return process_error (error, "the output is not a JSON object");
  if (!check_version (root, error) ||
      !get_string (root, "AccessKeyId", TRUE, &access_key_id, error) ||
      !get_string (root, "SecretAccessKey", TRUE, &secret_access_key, error) ||
      !get_string (root, "SessionToken", FALSE, &token, error) ||
      !get_string (root, "Expiration", FALSE, &expiry_text, error))
    return NULL;
  if (expiry_text != NULL && (expiration = parse_expiration (expiry_text, error)) == NULL)
    return NULL;
  return gaws_credentials_new (access_key_id, secret_access_key, token, expiration,
                               "credential-process");
}

static GawsCredentials *
credentials_from_output (GBytes  *output,
                         GError **error)
{
  gsize length = 0;
  const char *data = output ? g_bytes_get_data (output, &length) : NULL;
  json_error_t json_error;
  json_t *root;
  GawsCredentials *credentials;

  /* Only the position of a syntax error: jansson's text quotes the input
   * near it, which may be a piece of the secret. */
  root = json_loadb (data ? data : "", length, 0, &json_error);
  if (root == NULL)
    return process_error (error, "the output is not valid JSON (line %d, column %d)",
                          json_error.line, json_error.column);
  credentials = credentials_from_json (root, error);
  json_decref (root);
  return credentials;
}

/* ---- running the process -------------------------------------------------- */

static char *
describe_failure (GSubprocess *process,
                  GBytes      *errors)
{
  gsize length = 0;
  const char *data = errors ? g_bytes_get_data (errors, &length) : NULL;
  g_autofree char *text = NULL;

  if (data != NULL && length > 0)
    {
      text = g_utf8_make_valid (data, MIN (length, MAX_STDERR_IN_MESSAGE));
      g_strstrip (text);
    }
  if (text != NULL && *text != '\0')
    return g_steal_pointer (&text);
  if (g_subprocess_get_if_signaled (process))
    return g_strdup_printf ("the command was killed by signal %d",
                            g_subprocess_get_term_sig (process));
  return g_strdup_printf ("the command exited with status %d",
                          g_subprocess_get_exit_status (process));
}

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GSubprocess *process = G_SUBPROCESS (source);
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GBytes) errors = NULL;
  GError *error = NULL;
  GawsCredentials *credentials;

  if (!g_subprocess_communicate_finish (process, result, &output, &errors, &error))
    {
      /* A caller who gives up must not leave the command running. */
      g_subprocess_force_exit (process);
      g_task_return_error (task, error);
      return;
    }
  if (!g_subprocess_get_successful (process))
    {
      g_autofree char *why = describe_failure (process, errors);

      process_error (&error, "%s", why);
      g_task_return_error (task, error);
      return;
    }
  credentials = credentials_from_output (output, &error);
  if (credentials == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, credentials, g_object_unref);
}

static void
run_command (GTask      *task,
             const char *command_line)
{
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  GError *error = NULL;

  if (g_shell_parse_argv (command_line, NULL, &argv, &error))
    process = g_subprocess_newv ((const char * const *) argv,
                                 G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                 &error);
  if (process == NULL)
    {
      GError *wrapped = NULL;

      process_error (&wrapped, "cannot run credential_process: %s", error->message);
      g_error_free (error);
      g_task_return_error (task, wrapped);
      g_object_unref (task);
      return;
    }
  g_subprocess_communicate_async (process, NULL, g_task_get_cancellable (task),
                                  communicate_cb, task);
}

static void
session_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  GawsProcessCredentialsProvider *self = g_task_get_source_object (task);
  GawsSession *session = GAWS_SESSION (source);
  const char *profile = self->profile_name;
  const char *command_line;
  GError *error = NULL;

  if (!gaws_session_load_finish (session, result, &error) ||
      (profile == NULL && !gaws_session_check_profile (session, &error)))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (profile == NULL)
    profile = gaws_session_get_profile_name (session);
  command_line = gaws_session_get_profile_value (session, profile, "credential_process");
  if (command_line == NULL || *command_line == '\0')
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  run_command (task, command_line);
}

static void
get_credentials_async (GawsCredentialsProvider *provider,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  GawsProcessCredentialsProvider *self = GAWS_PROCESS_CREDENTIALS_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GawsSession) session = NULL;

  g_task_set_source_tag (task, get_credentials_async);
  if (self->command_line != NULL)
    {
      run_command (task, self->command_line);
      return;
    }
  session = g_weak_ref_get (&self->session);
  if (session == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  gaws_session_load_async (session, cancellable, session_loaded_cb, task);
}

static void
gaws_process_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface)
{
  iface->get_credentials_async = get_credentials_async;
}

/**
 * gaws_process_credentials_provider_new:
 * @session: the session whose profile names the command; not kept alive
 * @profile_name: (nullable): the profile, or %NULL for the session's
 *
 * Returns: (transfer full): a provider running the profile's
 *   `credential_process`
 */
GawsCredentialsProvider *
gaws_process_credentials_provider_new (GawsSession *session,
                                       const char  *profile_name)
{
  GawsProcessCredentialsProvider *self;

  g_return_val_if_fail (GAWS_IS_SESSION (session), NULL);

  self = g_object_new (GAWS_TYPE_PROCESS_CREDENTIALS_PROVIDER, NULL);
  g_weak_ref_set (&self->session, session);
  self->profile_name = g_strdup (profile_name);
  return GAWS_CREDENTIALS_PROVIDER (self);
}

/**
 * gaws_process_credentials_provider_new_for_command:
 * @command_line: a command line, as `credential_process` would hold it
 *
 * Returns: (transfer full): a provider running @command_line each time
 */
GawsCredentialsProvider *
gaws_process_credentials_provider_new_for_command (const char *command_line)
{
  GawsProcessCredentialsProvider *self;

  g_return_val_if_fail (command_line != NULL, NULL);

  self = g_object_new (GAWS_TYPE_PROCESS_CREDENTIALS_PROVIDER, NULL);
  self->command_line = g_strdup (command_line);
  return GAWS_CREDENTIALS_PROVIDER (self);
}
