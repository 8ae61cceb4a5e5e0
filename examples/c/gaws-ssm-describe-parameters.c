/* gaws-ssm-describe-parameters.c: a plain client call, and the same
 * operation through its paginator
 *
 * aioboto3's client example:
 *
 *   async with session.client('ssm', region_name='eu-central-1') as ssm_client:
 *       result = await ssm_client.describe_parameters()
 *       print(result['Parameters'])      # []
 *
 * Then it stores twelve parameters and lists them again with
 * get_paginator('describe_parameters'), which follows NextToken from page
 * to page (AWS and moto give at most ten parameters a page by default).
 *
 * Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 gaws-ssm-describe-parameters
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-example.h"
#include <gaws-ssm.h>

/* result['Parameters'] as Python prints it, names and types only. */
static void
print_parameters (GPtrArray *parameters)
{
  g_print ("[");
  for (guint i = 0; parameters != NULL && i < parameters->len; i++)
    g_print ("%s{'Name': '%s', 'Type': '%s'}", i ? ", " : "",
             gaws_ssm_parameter_metadata_get_name (parameters->pdata[i]),
             gaws_ssm_parameter_metadata_get_type_ (parameters->pdata[i]));
  g_print ("]\n");
}

static gboolean
put_parameter (GawsSsmClient  *client,
               const char     *name,
               const char     *value,
               GError        **error)
{
  g_autoptr(GawsSsmPutParameterRequest) put = gaws_ssm_put_parameter_request_new ();
  g_autoptr(GawsSsmPutParameterResult) stored = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  ExampleCall call = { NULL };

  gaws_ssm_put_parameter_request_set_name (put, name);
  gaws_ssm_put_parameter_request_set_value (put, value);
  gaws_ssm_put_parameter_request_set_type_ (put, "String");
  gaws_ssm_put_parameter_request_set_overwrite (put, TRUE);
  gaws_ssm_client_put_parameter_async (client, put, NULL, example_call_done, &call);
  result = example_await (&call);
  stored = gaws_ssm_client_put_parameter_finish (client, result, error);
  return stored != NULL;
}

int
main (void)
{
  g_autoptr(GawsSession) session = example_session_new ();
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsSsmClient) ssm_client = gaws_ssm_client_new (session, config);
  g_autoptr(GawsSsmDescribeParametersRequest) request = gaws_ssm_describe_parameters_request_new ();
  g_autoptr(GawsSsmDescribeParametersResult) described = NULL;
  g_autoptr(GawsPaginator) paginator = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ExampleCall call = { NULL };
  guint page = 0;

  g_print ("describe_parameters()\n");
  gaws_ssm_client_describe_parameters_async (ssm_client, request, NULL, example_call_done, &call);
  result = example_await (&call);
  described = gaws_ssm_client_describe_parameters_finish (ssm_client, result, &error);
  if (described == NULL)
    return example_fail ("describe_parameters", error);
  print_parameters (gaws_ssm_describe_parameters_result_get_parameters (described));

  g_print ("put_parameter(Name='/gaws/example/p01', Value='value 1') ... p12\n");
  for (guint i = 1; i <= 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("/gaws/example/p%02u", i);
      g_autofree char *value = g_strdup_printf ("value %u", i);

      if (!put_parameter (ssm_client, name, value, &error))
        return example_fail ("put_parameter", error);
    }

  g_print ("get_paginator('describe_parameters').paginate():\n");
  paginator = gaws_ssm_client_get_paginator_describe_parameters (ssm_client, request);

  while (!gaws_paginator_is_done (paginator))
    {
      g_autoptr(GAsyncResult) paged = NULL;
      g_autoptr(GawsShape) output = NULL;
      GPtrArray *parameters;
      guint n;

      gaws_paginator_next_page_async (paginator, NULL, example_call_done, &call);
      paged = example_await (&call);
      output = gaws_paginator_next_page_finish (paginator, paged, &error);
      if (error != NULL)
        return example_fail ("describe_parameters page", error);
      if (output == NULL)
        break;
      parameters = gaws_ssm_describe_parameters_result_get_parameters (GAWS_SSM_DESCRIBE_PARAMETERS_RESULT (output));
      n = parameters ? parameters->len : 0;
      g_print ("page %u: %u parameters", ++page, n);
      if (n > 0)
        g_print (", %s to %s", gaws_ssm_parameter_metadata_get_name (parameters->pdata[0]),
                 gaws_ssm_parameter_metadata_get_name (parameters->pdata[n - 1]));
      g_print ("\n");
    }
  return 0;
}
