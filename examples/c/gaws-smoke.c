/* gaws-smoke.c: the demo: the runtime end to end against an AWS endpoint
 *
 * Usage: gaws-smoke [--endpoint-url URL]
 *
 * With moto_server (tools/demo.sh starts one) it creates an IAM user and an
 * access key, then signs with that key: STS GetCallerIdentity, then 20
 * concurrent calls on one client, printing each response's RetryAttempts.
 * Requests are raw query-protocol requests through GawsClient, the layer the
 * generated service clients stand on.
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include <gaws.h>
#include <string.h>

static const GawsClientServiceInfo iam_service = {
  .service_id = "IAM", .endpoint_prefix = "iam", .signing_name = "iam",
  .env_name = "IAM", .global_region = "us-east-1",
};

static const GawsClientServiceInfo sts_service = {
  .service_id = "STS", .endpoint_prefix = "sts", .signing_name = "sts", .env_name = "STS",
};

static char *endpoint_url;

static char *
xml_text (GawsHttpResponse *response, const char *element)
{
  GBytes *body = gaws_http_response_get_body (response);
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_autofree char *open = g_strdup_printf ("<%s>", element);
  g_autofree char *close = g_strdup_printf ("</%s>", element);
  const char *start = strstr (text, open);
  const char *end = start ? strstr (start, close) : NULL;

  return end ? g_strndup (start + strlen (open), end - start - strlen (open)) : g_strdup ("?");
}

static GawsClient *
make_client (const GawsClientServiceInfo *service, const char *key, const char *secret)
{
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();

  gaws_session_set_region (session, "us-east-1");
  if (key)
    gaws_session_set_credentials (session, key, secret, NULL);
  if (endpoint_url)
    gaws_client_config_set_endpoint_url (config, endpoint_url);
  gaws_client_config_set_max_attempts (config, 5);
  gaws_client_config_set_retry_mode (config, GAWS_RETRY_MODE_STANDARD);
  return gaws_client_new (session, config, service);
}

static GawsHttpRequest *
query (const char *action, const char *version, const char *params)
{
  GawsHttpRequest *request = gaws_http_request_new ("POST");
  g_autofree char *body = g_strdup_printf ("Action=%s&Version=%s%s%s", action, version,
                                           params ? "&" : "", params ? params : "");
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  gaws_http_headers_append (gaws_http_request_get_headers (request), "Content-Type",
                            "application/x-www-form-urlencoded; charset=utf-8");
  gaws_http_request_set_body (request, bytes);
  return request;
}

static GawsHttpResponse *
call_sync (GawsClient *client, const char *action, const char *version, const char *params)
{
  g_autoptr(GawsHttpRequest) request = query (action, version, params);
  GawsRequestOptions options = { .operation_name = action };
  g_autoptr(GError) error = NULL;
  GawsHttpResponse *response = gaws_client_send_sync (client, request, &options, NULL, &error);

  if (response == NULL)
    g_printerr ("%s failed: %s\n", action, error->message);
  return response;
}

typedef struct {
  int pending;
  int failed;
} Batch;

static void
identity_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Batch *batch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response = gaws_client_send_finish (GAWS_CLIENT (source), result, &error);

  if (response)
    {
      g_autofree char *account = xml_text (response, "Account");
      g_print ("  GetCallerIdentity: account %s, RetryAttempts %u\n", account,
               gaws_http_response_get_retry_attempts (response));
    }
  else
    {
      g_printerr ("  GetCallerIdentity failed: %s\n", error->message);
      batch->failed++;
    }
  batch->pending--;
}

int
main (int argc, char **argv)
{
  GOptionEntry entries[] = {
    { "endpoint-url", 0, 0, G_OPTION_ARG_STRING, &endpoint_url, "Endpoint of all services", "URL" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- gaws runtime demo");
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsClient) iam = NULL;
  g_autoptr(GawsClient) sts = NULL;
  g_autoptr(GawsHttpResponse) user = NULL;
  g_autoptr(GawsHttpResponse) key = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *secret = NULL;
  Batch batch = { 0, 0 };

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  iam = make_client (&iam_service, "AKIDDEMO", "demo-secret");
  g_print ("IAM endpoint: %s\n", endpoint_url ? endpoint_url : "(default)");
  user = call_sync (iam, "CreateUser", "2010-05-08", "UserName=gaws-demo");
  key = user ? call_sync (iam, "CreateAccessKey", "2010-05-08", "UserName=gaws-demo") : NULL;
  if (key == NULL)
    return 1;
  key_id = xml_text (key, "AccessKeyId");
  secret = xml_text (key, "SecretAccessKey");
  g_print ("Created user gaws-demo with access key %s\n", key_id);

  sts = make_client (&sts_service, key_id, secret);
  g_print ("20 concurrent signed calls on one client:\n");
  for (int i = 0; i < 20; i++)
    {
      g_autoptr(GawsHttpRequest) request = query ("GetCallerIdentity", "2011-06-15", NULL);
      GawsRequestOptions call_options = { .operation_name = "GetCallerIdentity" };
      batch.pending++;
      gaws_client_send_async (sts, request, &call_options, NULL, identity_cb, &batch);
    }
  while (batch.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_print ("%s\n", batch.failed ? "Some calls failed" : "All calls succeeded");
  return batch.failed ? 1 : 0;
}
