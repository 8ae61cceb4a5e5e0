/* gaws-test-raw.h: raw service calls through GawsClient, for transport tests
 * that run before (and beside) the generated clients
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gaws.h>

G_BEGIN_DECLS

/* An IAM policy document allowing everything, form-encoded for a query call. */
#define GAWS_TEST_ADMIN_POLICY \
  "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C" \
  "%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"

extern const GawsClientServiceInfo gaws_test_iam_service;
extern const GawsClientServiceInfo gaws_test_dynamodb_service;
extern const GawsClientServiceInfo gaws_test_s3_service;

GawsHttpResponse *gaws_test_dynamodb_call (GawsClient   *client,
                                           const char   *operation,
                                           const char   *json_body,
                                           GError      **error);
GawsHttpResponse *gaws_test_s3_call       (GawsClient   *client,
                                           const char   *method,
                                           const char   *path,
                                           GInputStream *body,
                                           gint64        body_length,
                                           GawsHttpBodyMode mode,
                                           GError      **error);
GawsHttpRequest  *gaws_test_query_request  (const char   *action,
                                           const char   *version,
                                           const char   *params);
char             *gaws_test_xml_text       (GBytes       *body,
                                           const char   *element);
void              gaws_test_check_dynamodb_round_trip (GawsClient *client);
void              gaws_test_check_s3_round_trip       (GawsClient *client);

G_END_DECLS
