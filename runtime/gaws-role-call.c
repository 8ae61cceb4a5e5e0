/* gaws-role-call.c: the two STS calls the credential providers make
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-role-call-private.h"

#include <string.h>

#include "gaws-client.h"
#include "gaws-error.h"
#include "gaws-provider-util-private.h"
#include "gaws-service-error.h"
#include "gaws-static-credentials-provider.h"

/* AssumeRole is signed with the source credentials and goes through a
 * GawsClient, for its endpoint resolution and retries. AssumeRoleWithWebIdentity
 * is unsigned, as in botocore, so it goes straight to the HTTP engine. Both
 * are query-protocol calls whose XML answer is read with GMarkup. */

#define STS_VERSION           "2011-06-15"
#define STS_TIMEOUT_MS        60000
#define STS_ATTEMPTS          3
#define STS_RETRY_DELAY_MS    100
/* With no region configured, STS is reached at its global endpoint, which
 * signs for us-east-1. */
#define STS_DEFAULT_REGION    "us-east-1"

static const GawsClientServiceInfo sts_service = {
  .service_id = "STS",
  .endpoint_prefix = "sts",
  .signing_name = "sts",
  .env_name = "STS",
};

/* ---- the XML answer ------------------------------------------------------- */

enum { FIELD_ACCESS_KEY_ID, FIELD_SECRET, FIELD_TOKEN, FIELD_EXPIRATION, N_FIELDS };

static const char *const field_names[N_FIELDS] = {
  "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration",
};

typedef struct {
  gboolean  in_credentials;
  int       capturing;          /* a field, or -1 */
  GString  *fields[N_FIELDS];
} StsParse;

static void
sts_start_element (GMarkupParseContext  *context,
                   const char           *element_name,
                   const char          **attribute_names,
                   const char          **attribute_values,
                   gpointer              user_data,
                   GError              **error)
{
  StsParse *parse = user_data;

  if (g_str_equal (element_name, "Credentials"))
    {
      parse->in_credentials = TRUE;
      return;
    }
  if (!parse->in_credentials)
    return;
  for (int i = 0; i < N_FIELDS; i++)
    if (g_str_equal (element_name, field_names[i]))
      {
        parse->capturing = i;
        if (parse->fields[i] == NULL)
          parse->fields[i] = g_string_new (NULL);
      }
}

static void
sts_end_element (GMarkupParseContext  *context,
                 const char           *element_name,
                 gpointer              user_data,
                 GError              **error)
{
  StsParse *parse = user_data;

  if (g_str_equal (element_name, "Credentials"))
    parse->in_credentials = FALSE;
  parse->capturing = -1;
}

static void
sts_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 text_len,
          gpointer              user_data,
          GError              **error)
{
  StsParse *parse = user_data;

  if (parse->capturing >= 0)
    g_string_append_len (parse->fields[parse->capturing], text, text_len);
}

static const GMarkupParser sts_parser = {
  sts_start_element, sts_end_element, sts_text, NULL, NULL,
};

static void
sts_parse_clear (StsParse *parse)
{
  for (int i = 0; i < N_FIELDS; i++)
    if (parse->fields[i] != NULL)
      {
        /* The secret and the token were in these buffers. */
        explicit_bzero (parse->fields[i]->str, parse->fields[i]->len);
        g_string_free (parse->fields[i], TRUE);
      }
}

static const char *
field (StsParse *parse,
       int       index)
{
  GString *value = parse->fields[index];

  if (value == NULL)
    return NULL;
  g_strstrip (value->str);
  return *value->str != '\0' ? value->str : NULL;
}

/**
 * gaws_role_call_parse_credentials:
 * @body: (nullable): the body of an AssumeRole* response
 * @method: the provider's name, for errors
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the `Credentials` of the response
 */
GawsCredentials *
gaws_role_call_parse_credentials (GBytes      *body,
                            const char  *method,
                            GError     **error)
{
  StsParse parse = { .capturing = -1 };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GDateTime) expiration = NULL;
  gsize length = 0;
  const char *data = body ? g_bytes_get_data (body, &length) : NULL;
  GawsCredentials *credentials = NULL;
  gboolean parsed;

  context = g_markup_parse_context_new (&sts_parser, G_MARKUP_IGNORE_QUALIFIED, &parse, NULL);
  /* GMarkup's own messages may quote the text near a syntax error: they
   * are dropped, since that text may be a secret. */
  parsed = data != NULL && g_markup_parse_context_parse (context, data, length, NULL) &&
           g_markup_parse_context_end_parse (context, NULL);
  if (!parsed)
    gaws_provider_set_error (error, GAWS_ERROR_PROTOCOL, method,
                             "the STS response is not well-formed XML");
  else if (field (&parse, FIELD_ACCESS_KEY_ID) == NULL || field (&parse, FIELD_SECRET) == NULL ||
           field (&parse, FIELD_TOKEN) == NULL || field (&parse, FIELD_EXPIRATION) == NULL)
    gaws_provider_set_error (error, GAWS_ERROR_PROTOCOL, method,
                             "the STS response has no complete Credentials element");
  else if ((expiration = gaws_provider_parse_time (field (&parse, FIELD_EXPIRATION))) == NULL)
    gaws_provider_set_error (error, GAWS_ERROR_PROTOCOL, method,
                             "the Expiration of the STS response is not an ISO 8601 time");
  else
    credentials = gaws_credentials_new (field (&parse, FIELD_ACCESS_KEY_ID),
                                        field (&parse, FIELD_SECRET),
                                        field (&parse, FIELD_TOKEN), expiration, method);
  sts_parse_clear (&parse);
  return credentials;
}

/* ---- the request ---------------------------------------------------------- */

static void
append_param (GString    *body,
              const char *name,
              const char *value)
{
  g_autofree char *encoded = NULL;

  if (value == NULL)
    return;
  encoded = gaws_uri_encode (value, TRUE);
  g_string_append_printf (body, "&%s=%s", name, encoded);
}

static GBytes *
query_body (const char          *action,
            const GawsRoleCallParams *params)
{
  GString *body = g_string_new (NULL);
  g_autofree char *duration = NULL;
  gsize length;

  g_string_append_printf (body, "Action=%s&Version=%s", action, STS_VERSION);
  append_param (body, "RoleArn", params->role_arn);
  append_param (body, "RoleSessionName", params->role_session_name);
  append_param (body, "WebIdentityToken", params->web_identity_token);
  append_param (body, "ExternalId", params->external_id);
  append_param (body, "SerialNumber", params->serial_number);
  append_param (body, "TokenCode", params->token_code);
  if (params->duration_seconds > 0)
    duration = g_strdup_printf ("%" G_GINT64_FORMAT, params->duration_seconds);
  append_param (body, "DurationSeconds", duration);
  length = body->len;
  return g_bytes_new_take (g_string_free (body, FALSE), length);
}

static void
set_query_body (GawsHttpRequest     *request,
                const char          *action,
                const GawsRoleCallParams *params)
{
  g_autoptr(GBytes) body = query_body (action, params);

  gaws_http_headers_replace (gaws_http_request_get_headers (request), "Content-Type",
                             "application/x-www-form-urlencoded; charset=utf-8");
  gaws_http_request_set_body (request, body);
}

typedef struct {
  char *method;
  char *operation;
} StsCall;

static void
sts_call_free (StsCall *call)
{
  g_free (call->method);
  g_free (call->operation);
  g_free (call);
}

static GTask *
sts_task_new (const char          *method,
              const char          *operation,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  StsCall *call = g_new0 (StsCall, 1);

  g_task_set_source_tag (task, sts_task_new);
  call->method = g_strdup (method);
  call->operation = g_strdup (operation);
  g_task_set_task_data (task, call, (GDestroyNotify) sts_call_free);
  return task;
}

static void
return_credentials (GTask  *task,
                    GBytes *body)
{
  StsCall *call = g_task_get_task_data (task);
  GError *error = NULL;
  GawsCredentials *credentials = gaws_role_call_parse_credentials (body, call->method, &error);

  if (credentials == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, credentials, g_object_unref);
}

/* ---- AssumeRole ----------------------------------------------------------- */

/* A session for the STS client alone: the same files, profile and region as
 * the one whose credentials are being resolved, signing with @source. */
static GawsSession *
sts_session_new (GawsSession     *parent,
                 GawsCredentials *source)
{
  GawsSession *session = gaws_session_new ();
  g_autoptr(GawsCredentialsProvider) provider =
    gaws_static_credentials_provider_new_for_credentials (source);
  const char *region = gaws_session_get_region (parent);

  if (gaws_session_has_explicit_profile (parent))
    gaws_session_set_profile_name (session, gaws_session_get_profile_name (parent));
  gaws_session_set_config_file_path (session, gaws_session_get_config_file_path (parent));
  gaws_session_set_credentials_file_path (session,
                                          gaws_session_get_credentials_file_path (parent));
  gaws_session_set_region (session, region ? region : STS_DEFAULT_REGION);
  gaws_session_set_credentials_provider (session, provider);
  return session;
}

static void
assume_role_sent_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StsCall *call = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GawsHttpResponse) response =
    gaws_client_send_finish (GAWS_CLIENT (source), result, &error);

  if (response == NULL)
    g_task_return_error (task, gaws_provider_wrap_error (error, call->method));
  else
    return_credentials (task, gaws_http_response_get_body (response));
}

/**
 * gaws_role_call_assume_role_async:
 * @session: the loaded session whose profile asks for the role
 * @source: the credentials to sign the call with
 * @params: the call's parameters
 * @method: the provider's name, for errors
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the role's credentials
 * @user_data: data for @callback
 *
 * Calls STS AssumeRole. Finish with gaws_role_call_finish().
 */
void
gaws_role_call_assume_role_async (GawsSession          *session,
                            GawsCredentials      *source,
                            const GawsRoleCallParams  *params,
                            const char           *method,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  GTask *task = sts_task_new (method, "AssumeRole", cancellable, callback, user_data);
  g_autoptr(GawsSession) sts_session = sts_session_new (session, source);
  g_autoptr(GawsClient) client = gaws_client_new (sts_session, NULL, &sts_service);
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("POST");
  GawsRequestOptions options = { .operation_name = "AssumeRole" };

  set_query_body (request, "AssumeRole", params);
  gaws_client_send_async (client, request, &options, cancellable, assume_role_sent_cb, task);
}

/* ---- AssumeRoleWithWebIdentity -------------------------------------------- */

static gboolean
retry_web_identity (GawsHttpResponse *response,
                    const GError     *error,
                    gpointer          user_data)
{
  g_autoptr(GError) service_error = NULL;

  if (gaws_provider_retry_transient (response, error, NULL))
    return TRUE;
  if (response == NULL || gaws_http_response_is_success (response))
    return FALSE;
  /* botocore retries STS's "identity provider unreachable" answer. */
  service_error = gaws_service_error_from_response (response);
  return gaws_error_matches_code (service_error, "IDPCommunicationError");
}

static void
web_identity_sent_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StsCall *call = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GawsHttpResponse) response = gaws_provider_fetch_finish (result, &error);

  if (response != NULL && !gaws_http_response_is_success (response))
    {
      error = gaws_service_error_from_response (response);
      gaws_error_add_operation_context (error, call->operation, 0, FALSE);
    }
  if (error != NULL)
    g_task_return_error (task, gaws_provider_wrap_error (error, call->method));
  else
    return_credentials (task, gaws_http_response_get_body (response));
}

static char *
sts_endpoint (GawsSession  *session,
              GError      **error)
{
  g_autoptr(GawsResolvedConfig) resolved = gaws_client_config_resolve (NULL, session, "STS", error);

  if (resolved == NULL)
    return NULL;
  if (resolved->endpoint_url != NULL)
    return g_strdup (resolved->endpoint_url);
  if (resolved->region == NULL)
    return g_strdup ("https://sts.amazonaws.com");
  return g_strdup_printf ("https://sts.%s.amazonaws.com", resolved->region);
}

/**
 * gaws_role_call_assume_role_with_web_identity_async:
 * @session: the loaded session whose profile asks for the role
 * @params: the call's parameters, @web_identity_token among them
 * @method: the provider's name, for errors
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the role's credentials
 * @user_data: data for @callback
 *
 * Calls STS AssumeRoleWithWebIdentity, unsigned. Finish with
 * gaws_role_call_finish().
 */
void
gaws_role_call_assume_role_with_web_identity_async (GawsSession          *session,
                                              const GawsRoleCallParams  *params,
                                              const char           *method,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data)
{
  GTask *task = sts_task_new (method, "AssumeRoleWithWebIdentity", cancellable,
                              callback, user_data);
  GError *error = NULL;
  g_autofree char *endpoint = sts_endpoint (session, &error);
  g_autoptr(GawsHttpRequest) request = NULL;

  if (endpoint != NULL)
    request = gaws_http_request_new_for_url ("POST", endpoint, &error);
  if (request == NULL)
    {
      g_task_return_error (task, gaws_provider_wrap_error (error, method));
      g_object_unref (task);
      return;
    }
  set_query_body (request, "AssumeRoleWithWebIdentity", params);
  gaws_provider_fetch_async (request, STS_TIMEOUT_MS, STS_ATTEMPTS, STS_RETRY_DELAY_MS,
                             retry_web_identity, NULL, cancellable, web_identity_sent_cb, task);
}

/**
 * gaws_role_call_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the role's credentials
 */
GawsCredentials *
gaws_role_call_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
