/* test-client-npm.c: a second opinion on the transport: the same raw
 * DynamoDB and S3 round trips as against moto, against dynalite and s3rver
 * (from the npm registry)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-emulator.h"
#include "gaws-test-raw.h"

static GawsClient *
client_for (GawsTestEmulator *emulator, const GawsClientServiceInfo *service,
            const char *key, const char *secret)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials (key, secret, NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();

  gaws_session_set_region (session, "us-east-1");
  gaws_client_config_set_endpoint_url (config, gaws_test_emulator_get_url (emulator));
  return gaws_client_new (session, config, service);
}

static void
test_dynalite_round_trip (void)
{
  GawsTestEmulator *dynalite = gaws_test_emulator_start (GAWS_TEST_EMULATOR_DYNALITE, NULL);
  g_autoptr(GawsClient) client = client_for (dynalite, &gaws_test_dynamodb_service, "AKIDDYNALITE", "secret");

  gaws_test_check_dynamodb_round_trip (client);
  g_clear_object (&client);
  gaws_test_emulator_stop (dynalite);
}

static void
test_s3rver_round_trip (void)
{
  GawsTestEmulator *s3rver = gaws_test_emulator_start (GAWS_TEST_EMULATOR_S3RVER, NULL);
  /* s3rver's built-in account */
  g_autoptr(GawsClient) client = client_for (s3rver, &gaws_test_s3_service, "S3RVER", "S3RVER");

  gaws_test_check_s3_round_trip (client);
  g_clear_object (&client);
  gaws_test_emulator_stop (s3rver);
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);

  g_test_add_func ("/client/dynalite/dynamodb-round-trip", test_dynalite_round_trip);
  g_test_add_func ("/client/s3rver/s3-round-trip", test_s3rver_round_trip);
  return g_test_run ();
}
