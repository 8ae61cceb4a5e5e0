/* gaws-dynamodb-result-private.h: making a GawsDynamodbResult, for the
 * Table resource; not installed
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <jansson.h>
#include "gaws-dynamodb-result.h"
#include "gaws-dynamodb-value.h"

G_BEGIN_DECLS

GawsDynamodbResult *gaws_dynamodb_result_new (GawsShape               *output,
                                              json_t                  *json,
                                              const char              *table,
                                              GawsDynamodbValueFlags   flags,
                                              GError                 **error);

G_END_DECLS
