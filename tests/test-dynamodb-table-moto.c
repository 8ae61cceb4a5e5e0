/* test-dynamodb-table-moto.c: GawsDynamodbTable and GawsDynamodbBatchWriter
 * through the generated DynamoDB client against moto (signatures checked),
 * and the batch writer against a local fake that leaves items unprocessed
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-dynamodb.h"
#include "test-generated-common.h"

#include <gaws-dynamodb.h>

static GawsClient *client;

/* moto starts on first use, so that the fake's tests alone need none */
static GawsClient *
moto_client (void)
{
  g_autoptr(GawsSession) session = NULL;
  g_autoptr(GawsClientConfig) config = NULL;

  if (client != NULL)
    return client;
  tg_moto_start ();
  session = tg_new_session ();
  config = tg_new_config ();
  client = GAWS_CLIENT (gaws_dynamodb_client_new (session, config));
  return client;
}

static GawsClient *
fake_client (const char *url)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDFAKE", "secret", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();

  gaws_session_set_region (session, "us-east-1");
  gaws_client_config_set_endpoint_url (config, url);
  return GAWS_CLIENT (gaws_dynamodb_client_new (session, config));
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  gaws_test_dynamodb_table_add_tests ("moto", moto_client);
  gaws_test_dynamodb_table_add_fake_tests (fake_client);
  status = g_test_run ();
  if (client != NULL)
    {
      g_clear_object (&client);
      tg_moto_stop ();
    }
  return status;
}
