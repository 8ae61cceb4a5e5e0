/* gaws-mfa-token-request.c: a request for an MFA code, answered by the application
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-mfa-token-request-private.h"

#include <string.h>

#include "gaws-error.h"

/**
 * GawsMfaTokenRequest:
 *
 * What #GawsSession::mfa-token-requested hands the application when an
 * assume-role profile names an `mfa_serial`: the device, the profile and
 * the role. The application answers with
 * gaws_mfa_token_request_return_token() or
 * gaws_mfa_token_request_return_error(), at once or later (after showing a
 * dialog, say): nothing blocks while it decides. A request dropped without
 * an answer fails the credential lookup.
 *
 * |[<!-- language="C" -->
 * static gboolean
 * on_mfa (GawsSession *session, GawsMfaTokenRequest *request, gpointer data)
 * {
 *   gaws_mfa_token_request_return_token (request, read_code_from_user ());
 *   return TRUE;
 * }
 * ]|
 */
struct _GawsMfaTokenRequest {
  GObject  parent_instance;
  GTask   *task;      /* the lookup waiting for the code */
  char    *mfa_serial;
  char    *profile_name;
  char    *role_arn;
  int      answered;  /* atomic */
};

G_DEFINE_FINAL_TYPE (GawsMfaTokenRequest, gaws_mfa_token_request, G_TYPE_OBJECT)

/* Claims the right to complete the task; only the first answer counts. */
static gboolean
claim_answer (GawsMfaTokenRequest *self)
{
  return g_atomic_int_compare_and_exchange (&self->answered, FALSE, TRUE);
}

static void
gaws_mfa_token_request_finalize (GObject *object)
{
  GawsMfaTokenRequest *self = GAWS_MFA_TOKEN_REQUEST (object);

  if (claim_answer (self))
    g_task_return_new_error (self->task, GAWS_ERROR, GAWS_ERROR_CREDENTIALS,
                             "The MFA code request for %s was dropped without an answer",
                             self->mfa_serial);
  g_object_unref (self->task);
  g_free (self->mfa_serial);
  g_free (self->profile_name);
  g_free (self->role_arn);
  G_OBJECT_CLASS (gaws_mfa_token_request_parent_class)->finalize (object);
}

static void
gaws_mfa_token_request_class_init (GawsMfaTokenRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_mfa_token_request_finalize;
}

static void
gaws_mfa_token_request_init (GawsMfaTokenRequest *self)
{
}

/**
 * gaws_mfa_token_request_get_mfa_serial:
 * @self: a #GawsMfaTokenRequest
 *
 * Returns: the MFA device: the profile's `mfa_serial`
 */
const char *
gaws_mfa_token_request_get_mfa_serial (GawsMfaTokenRequest *self)
{
  g_return_val_if_fail (GAWS_IS_MFA_TOKEN_REQUEST (self), NULL);
  return self->mfa_serial;
}

/**
 * gaws_mfa_token_request_get_profile_name:
 * @self: a #GawsMfaTokenRequest
 *
 * Returns: the profile that asks for the role
 */
const char *
gaws_mfa_token_request_get_profile_name (GawsMfaTokenRequest *self)
{
  g_return_val_if_fail (GAWS_IS_MFA_TOKEN_REQUEST (self), NULL);
  return self->profile_name;
}

/**
 * gaws_mfa_token_request_get_role_arn:
 * @self: a #GawsMfaTokenRequest
 *
 * Returns: the role about to be assumed
 */
const char *
gaws_mfa_token_request_get_role_arn (GawsMfaTokenRequest *self)
{
  g_return_val_if_fail (GAWS_IS_MFA_TOKEN_REQUEST (self), NULL);
  return self->role_arn;
}

/**
 * gaws_mfa_token_request_get_cancellable:
 * @self: a #GawsMfaTokenRequest
 *
 * Returns: (transfer none) (nullable): the cancellable of the credential
 *   lookup: a prompt can close itself when it fires
 */
GCancellable *
gaws_mfa_token_request_get_cancellable (GawsMfaTokenRequest *self)
{
  g_return_val_if_fail (GAWS_IS_MFA_TOKEN_REQUEST (self), NULL);
  return g_task_get_cancellable (self->task);
}

/**
 * gaws_mfa_token_request_return_token:
 * @self: a #GawsMfaTokenRequest
 * @token_code: the code the MFA device shows
 *
 * Answers the request. Only the first answer counts.
 */
void
gaws_mfa_token_request_return_token (GawsMfaTokenRequest *self,
                                     const char          *token_code)
{
  g_return_if_fail (GAWS_IS_MFA_TOKEN_REQUEST (self));
  g_return_if_fail (token_code != NULL);

  if (claim_answer (self))
    g_task_return_pointer (self->task, g_strdup (token_code), g_free);
}

/**
 * gaws_mfa_token_request_return_error:
 * @self: a #GawsMfaTokenRequest
 * @error: (transfer full): why there is no code (the user gave up, say)
 *
 * Fails the request, and with it the credential lookup. Only the first
 * answer counts.
 */
void
gaws_mfa_token_request_return_error (GawsMfaTokenRequest *self,
                                     GError              *error)
{
  g_return_if_fail (GAWS_IS_MFA_TOKEN_REQUEST (self));
  g_return_if_fail (error != NULL);

  if (claim_answer (self))
    g_task_return_error (self->task, error);
  else
    g_error_free (error);
}

/**
 * gaws_mfa_token_request_ask_async:
 * @session: the session to emit #GawsSession::mfa-token-requested on
 * @profile_name: the profile that names the device
 * @role_arn: the role about to be assumed
 * @mfa_serial: the device
 * @cancellable: (nullable): the lookup's cancellable
 * @callback: called with the code
 * @user_data: data for @callback
 *
 * Asks the application for a code through the session's signal.
 */
void
gaws_mfa_token_request_ask_async (GawsSession         *session,
                                  const char          *profile_name,
                                  const char          *role_arn,
                                  const char          *mfa_serial,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GawsMfaTokenRequest) self = g_object_new (GAWS_TYPE_MFA_TOKEN_REQUEST, NULL);
  gboolean handled = FALSE;

  self->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, gaws_mfa_token_request_ask_async);
  self->mfa_serial = g_strdup (mfa_serial);
  self->profile_name = g_strdup (profile_name);
  self->role_arn = g_strdup (role_arn);
  g_signal_emit_by_name (session, "mfa-token-requested", self, &handled);
  if (!handled && claim_answer (self))
    g_task_return_new_error (self->task, GAWS_ERROR, GAWS_ERROR_CREDENTIALS,
                             "The profile \"%s\" needs an MFA code for %s, but nothing "
                             "handles GawsSession::mfa-token-requested",
                             profile_name, mfa_serial);
}

/**
 * gaws_mfa_token_request_ask_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the code
 */
char *
gaws_mfa_token_request_ask_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
