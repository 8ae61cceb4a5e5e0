/* gaws-container-credentials-provider.c: credentials from the ECS/EKS container endpoint
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-container-credentials-provider.h"

#include <string.h>

#include "gaws-error.h"
#include "gaws-provider-util-private.h"

/**
 * GawsContainerCredentialsProvider:
 *
 * Reads credentials from the endpoint an ECS task or an EKS pod is given,
 * as botocore's `ContainerProvider` does. It does something only when
 * `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (a path on
 * `http://169.254.170.2`) or `AWS_CONTAINER_CREDENTIALS_FULL_URI` is set;
 * the relative one wins. A full URI must be `https`, or `http` to a
 * loopback address or to one of the container hosts (`169.254.170.2`,
 * `169.254.170.23`, `fd00:ec2::23`, `localhost`): credentials never travel
 * in clear text off the machine.
 *
 * The `Authorization` header comes from the file named by
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, read at each refresh (EKS
 * rotates it), else from `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
 *
 * Each fetch is tried three times, two seconds each, one second apart.
 * Once configured, the provider fails with an error naming it rather than
 * let the chain move on: the environment said credentials are here. The
 * environment is read at each fetch.
 */
struct _GawsContainerCredentialsProvider {
  GObject parent_instance;
};

#define METHOD           "container-role"
#define RELATIVE_HOST    "http://169.254.170.2"
#define TIMEOUT_MS       2000
#define ATTEMPTS         3
#define RETRY_DELAY_MS   1000

static const char *const allowed_hosts[] = {
  "169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost",
};

static void gaws_container_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GawsContainerCredentialsProvider, gaws_container_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GAWS_TYPE_CREDENTIALS_PROVIDER,
                                                      gaws_container_credentials_provider_iface_init))

static void
gaws_container_credentials_provider_class_init (GawsContainerCredentialsProviderClass *klass)
{
}

static void
gaws_container_credentials_provider_init (GawsContainerCredentialsProvider *self)
{
}

static void
return_error (GTask  *task,
              GError *error)
{
  g_task_return_error (task, gaws_provider_wrap_error (error, METHOD));
  g_object_unref (task);
}

/* ---- the endpoint --------------------------------------------------------- */

static gboolean
is_allowed_host (const char *host)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  if (address != NULL && g_inet_address_get_is_loopback (address))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (allowed_hosts); i++)
    if (g_ascii_strcasecmp (host, allowed_hosts[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
check_full_uri (const char  *uri,
                GError     **error)
{
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;

  if (!g_uri_split (uri, G_URI_FLAGS_ENCODED, &scheme, NULL, &host, NULL, NULL, NULL, NULL, NULL) ||
      scheme == NULL || host == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                   "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL: %s", uri);
      return FALSE;
    }
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 && is_allowed_host (host))
    return TRUE;
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
               "Unsupported host '%s'. Can only retrieve metadata from a loopback address or "
               "one of these hosts: 169.254.170.2, 169.254.170.23, fd00:ec2::23, localhost", host);
  return FALSE;
}

/* NULL with no error when the container endpoint is not configured. */
static char *
endpoint_url (GError **error)
{
  const char *relative = g_getenv ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  const char *full = g_getenv ("AWS_CONTAINER_CREDENTIALS_FULL_URI");

  if (relative != NULL)
    return g_strconcat (RELATIVE_HOST, relative, NULL);
  if (full == NULL)
    return NULL;
  return check_full_uri (full, error) ? g_strdup (full) : NULL;
}

/* ---- the fetch ------------------------------------------------------------ */

static json_t *
parse_body (GawsHttpResponse  *response,
            GError           **error)
{
  return gaws_provider_parse_json (gaws_http_response_get_body (response), METHOD,
                                   "the container endpoint's response", error);
}

/* botocore tries again after any failure: no answer, not 200, not JSON. */
static gboolean
retry_fetch (GawsHttpResponse *response,
             const GError     *error,
             gpointer          user_data)
{
  json_t *root;

  if (error != NULL)
    return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  if (gaws_http_response_get_status (response) != 200)
    return TRUE;
  root = parse_body (response, NULL);
  json_decref (root);
  return root == NULL;
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  g_autoptr(GawsHttpResponse) response = gaws_provider_fetch_finish (result, &error);
  GawsCredentials *credentials = NULL;
  json_t *root;

  if (response == NULL)
    {
      return_error (task, error);
      return;
    }
  /* The body of an error is left out: a misconfigured endpoint could echo
   * the authorization token back. */
  if (gaws_http_response_get_status (response) != 200)
    {
      gaws_provider_set_error (&error, GAWS_ERROR_CREDENTIALS, METHOD,
                               "Received non 200 response %u from container metadata",
                               gaws_http_response_get_status (response));
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if ((root = parse_body (response, &error)) != NULL)
    {
      credentials = gaws_provider_credentials_from_json (root, "Token", METHOD, &error);
      json_decref (root);
    }
  if (credentials == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, credentials, g_object_unref);
  g_object_unref (task);
}

static void
fetch (GTask      *task,
       const char *authorization)
{
  GError *error = NULL;
  g_autofree char *url = endpoint_url (&error);
  g_autoptr(GawsHttpRequest) request = NULL;
  GawsHttpHeaders *headers;

  if (url != NULL)
    request = gaws_http_request_new_for_url ("GET", url, &error);
  if (request == NULL)
    {
      return_error (task, error);
      return;
    }
  headers = gaws_http_request_get_headers (request);
  gaws_http_headers_replace (headers, "Accept", "application/json");
  if (authorization != NULL)
    {
      if (strpbrk (authorization, "\r\n") != NULL)
        {
          gaws_provider_set_error (&error, GAWS_ERROR_CONFIG, METHOD,
                                   "Auth token value is not a legal header value");
          g_task_return_error (task, error);
          g_object_unref (task);
          return;
        }
      gaws_http_headers_replace (headers, "Authorization", authorization);
    }
  gaws_provider_fetch_async (request, TIMEOUT_MS, ATTEMPTS, RETRY_DELAY_MS, retry_fetch, NULL,
                             g_task_get_cancellable (task), fetched_cb, task);
}

static void
token_file_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  g_autofree char *token = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &token, &length, NULL, &error))
    {
      g_prefix_error (&error, "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: ");
      return_error (task, error);
      return;
    }
  fetch (task, token);
  explicit_bzero (token, length);
}

static void
get_credentials_async (GawsCredentialsProvider *provider,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  GTask *task = g_task_new (provider, cancellable, callback, user_data);
  const char *token_file = g_getenv ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  g_autoptr(GFile) file = NULL;

  g_task_set_source_tag (task, get_credentials_async);
  if (g_getenv ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == NULL &&
      g_getenv ("AWS_CONTAINER_CREDENTIALS_FULL_URI") == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  if (token_file == NULL)
    {
      fetch (task, g_getenv ("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
      return;
    }
  file = g_file_new_for_path (token_file);
  g_file_load_contents_async (file, cancellable, token_file_read_cb, task);
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
gaws_container_credentials_provider_iface_init (GawsCredentialsProviderInterface *iface)
{
  iface->get_credentials_async = get_credentials_async;
  iface->get_credentials_finish = get_credentials_finish;
}

/**
 * gaws_container_credentials_provider_new:
 *
 * Returns: (transfer full): a provider reading the container credentials
 *   endpoint named by the environment
 */
GawsCredentialsProvider *
gaws_container_credentials_provider_new (void)
{
  return g_object_new (GAWS_TYPE_CONTAINER_CREDENTIALS_PROVIDER, NULL);
}
