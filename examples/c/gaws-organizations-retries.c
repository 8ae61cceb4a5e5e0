/* gaws-organizations-retries.c: 20 concurrent ListRoots calls on one client
 * that retries up to 100 times, printing each response's RetryAttempts
 *
 * aioboto3's retries example:
 *
 *   try_hard = AioConfig(retries={"max_attempts": 100})
 *   async with Session().client("organizations", config=try_hard) as client:
 *       resp_list = await asyncio.gather(*[client.list_roots() for _ in range(20)])
 *       print([r["ResponseMetadata"]["RetryAttempts"] for r in resp_list])
 *
 * On AWS, ListRoots is throttled at one call a second (two in a burst), so
 * most of the 20 calls are retried a few times; a local emulator does not
 * throttle and every count is 0. Each output carries botocore's
 * ResponseMetadata: gaws_shape_get_response_metadata() gives its
 * RetryAttempts, its RequestId and its HTTP status.
 *
 * Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 gaws-organizations-retries
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-example.h"
#include <gaws-organizations.h>

#define N_CALLS 20

typedef struct {
  GArray  *retry_attempts;   /* guint, in the order the responses came */
  char    *root_id;
  guint    pending;
  GError  *error;
} Gather;

static void
list_roots_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Gather *gather = user_data;
  g_autoptr(GawsOrganizationsListRootsResponse) output =
    gaws_organizations_client_list_roots_finish (GAWS_ORGANIZATIONS_CLIENT (source), result,
                                                 gather->error ? NULL : &gather->error);
  GawsResponseMetadata *metadata;
  GPtrArray *roots;
  guint attempts;

  gather->pending--;
  if (output == NULL)
    return;
  /* r["ResponseMetadata"]["RetryAttempts"] */
  metadata = gaws_shape_get_response_metadata (GAWS_SHAPE (output));
  attempts = gaws_response_metadata_get_retry_attempts (metadata);
  g_array_append_val (gather->retry_attempts, attempts);
  roots = gaws_organizations_list_roots_response_get_roots (output);
  if (gather->root_id == NULL && roots != NULL && roots->len > 0)
    gather->root_id = g_strdup (gaws_organizations_root_get_id (roots->pdata[0]));
}

static gboolean
create_organization (GawsOrganizationsClient  *client,
                     GError                  **error)
{
  g_autoptr(GawsOrganizationsCreateOrganizationRequest) request = gaws_organizations_create_organization_request_new ();
  g_autoptr(GawsOrganizationsCreateOrganizationResponse) created = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GError *local = NULL;
  ExampleCall call = { NULL };

  gaws_organizations_create_organization_request_set_feature_set (request, "ALL");
  gaws_organizations_client_create_organization_async (client, request, NULL, example_call_done, &call);
  result = example_await (&call);
  created = gaws_organizations_client_create_organization_finish (client, result, &local);
  if (created != NULL)
    g_print ("Created an organization\n");
  else if (gaws_error_matches_code (local, GAWS_ORGANIZATIONS_ERROR_ALREADY_IN_ORGANIZATION_EXCEPTION))
    g_clear_error (&local);
  else
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

int
main (void)
{
  g_autoptr(GawsSession) session = example_session_new ();
  g_autoptr(GawsClientConfig) try_hard = gaws_client_config_new ();
  g_autoptr(GawsOrganizationsClient) client = NULL;
  g_autoptr(GawsOrganizationsListRootsRequest) input = gaws_organizations_list_roots_request_new ();
  g_autoptr(GString) printed = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  Gather gather = { 0 };

  gaws_client_config_set_max_attempts (try_hard, 100);
  client = gaws_organizations_client_new (session, try_hard);
  if (!create_organization (client, &error))
    return example_fail ("create_organization", error);

  gather.retry_attempts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_print ("%d concurrent list_roots() with max_attempts 100\n", N_CALLS);
  for (guint i = 0; i < N_CALLS; i++)
    {
      gather.pending++;
      gaws_organizations_client_list_roots_async (client, input, NULL, list_roots_done, &gather);
    }
  while (gather.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  if (gather.error != NULL)
    {
      int status = example_fail ("list_roots", gather.error);
      g_error_free (gather.error);
      return status;
    }
  g_print ("root: %s\n", gather.root_id);
  for (guint i = 0; i < gather.retry_attempts->len; i++)
    g_string_append_printf (printed, "%s%u", i ? ", " : "", g_array_index (gather.retry_attempts, guint, i));
  g_print ("%s]\n", printed->str);
  g_array_unref (gather.retry_attempts);
  g_free (gather.root_id);
  return 0;
}
