/* gaws-test-dynamodb.h: DynamoDB emulators (dynalite, moto) and raw JSON
 * calls for the tests of the DynamoDB values and conditions
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gaws.h>
#include <jansson.h>

G_BEGIN_DECLS

/**
 * GawsTestDynamodbKind:
 * @GAWS_TEST_DYNAMODB_DYNALITE: dynalite, from tools/npm
 * @GAWS_TEST_DYNAMODB_MOTO: moto_server, signatures unchecked
 */
typedef enum {
  GAWS_TEST_DYNAMODB_DYNALITE,
  GAWS_TEST_DYNAMODB_MOTO,
} GawsTestDynamodbKind;

GawsClient *gaws_test_dynamodb_get_client   (GawsTestDynamodbKind  kind);
void        gaws_test_dynamodb_stop_all     (void);
json_t     *gaws_test_dynamodb_request      (GawsClient           *client,
                                             const char           *operation,
                                             json_t               *request);
void        gaws_test_dynamodb_create_table (GawsClient           *client,
                                             const char           *table,
                                             const char           *hash_key,
                                             const char           *range_key);

/* in test-dynamodb-table-common.c, for the programs that have a client
 * with the DynamoDB model */
typedef GawsClient *(*GawsTestDynamodbClientFunc)       (void);
typedef GawsClient *(*GawsTestDynamodbClientForUrlFunc) (const char *url);

void        gaws_test_dynamodb_table_add_tests      (const char                       *emulator,
                                                     GawsTestDynamodbClientFunc        func);
void        gaws_test_dynamodb_table_add_fake_tests (GawsTestDynamodbClientForUrlFunc  func);

G_END_DECLS
