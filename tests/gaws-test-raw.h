/* gaws-test-raw.h: raw service calls through GawsClient, for transport tests
 * that run before (and beside) the generated clients
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gaws.h>

G_BEGIN_DECLS

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
void              gaws_test_check_dynamodb_round_trip (GawsClient *client);
void              gaws_test_check_s3_round_trip       (GawsClient *client);

G_END_DECLS
