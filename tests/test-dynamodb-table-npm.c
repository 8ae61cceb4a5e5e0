/* test-dynamodb-table-npm.c: GawsDynamodbTable and GawsDynamodbBatchWriter
 * through the generated DynamoDB client against dynalite (from the npm
 * registry)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-dynamodb.h"
#include "gaws-test-emulator.h"

#include <gaws-dynamodb.h>

static GawsTestEmulator *dynalite;
static GawsClient *client;

static GawsClient *
dynalite_client (void)
{
  g_autoptr(GawsSession) session = NULL;
  g_autoptr(GawsClientConfig) config = NULL;

  if (client != NULL)
    return client;
  dynalite = gaws_test_emulator_start (GAWS_TEST_EMULATOR_DYNALITE, NULL);
  session = gaws_session_new_with_credentials ("AKIDDYNALITE", "secret", NULL);
  config = gaws_client_config_new ();
  gaws_session_set_region (session, "us-east-1");
  gaws_client_config_set_endpoint_url (config, gaws_test_emulator_get_url (dynalite));
  client = GAWS_CLIENT (gaws_dynamodb_client_new (session, config));
  return client;
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  gaws_test_dynamodb_table_add_tests ("dynalite", dynalite_client);
  status = g_test_run ();
  g_clear_object (&client);
  g_clear_pointer (&dynalite, gaws_test_emulator_stop);
  return status;
}
