/* gaws-dynamodb-value-private.h: the jansson side of the DynamoDB value
 * conversions, for the rest of libgaws (conditions, the Table resource, the
 * batch writer); not installed, not introspected
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <jansson.h>
#include "gaws-dynamodb-value.h"

G_BEGIN_DECLS

json_t   *gaws_dynamodb_value_json_from_variant (GVariant                *value,
                                                 GError                 **error);
GVariant *gaws_dynamodb_value_json_to_variant   (json_t                  *attribute_value,
                                                 GawsDynamodbValueFlags   flags,
                                                 GError                 **error);
json_t   *gaws_dynamodb_item_json_from_variant  (GVariant                *item,
                                                 GError                 **error);
GVariant *gaws_dynamodb_item_json_to_variant    (json_t                  *item,
                                                 GawsDynamodbValueFlags   flags,
                                                 GError                 **error);

json_t   *gaws_dynamodb_value_json_new_set      (const char              *type,
                                                 json_t                  *members,
                                                 GError                 **error);
json_t   *gaws_dynamodb_value_json_check_set    (const char              *type,
                                                 json_t                  *members,
                                                 GError                 **error);
char     *gaws_dynamodb_value_json_check_base64 (const char              *text,
                                                 GError                 **error);

/* natural JSON text, in gaws-dynamodb-natural-json.c */
json_t   *gaws_dynamodb_value_json_from_natural (const char              *text,
                                                 GError                 **error);
char     *gaws_dynamodb_value_json_to_natural   (json_t                  *attribute_value,
                                                 GError                 **error);

G_END_DECLS
