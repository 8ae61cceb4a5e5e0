/* gaws-dynamodb-value.h: DynamoDB AttributeValues to and from natural values
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * GawsDynamodbValueFlags:
 * @GAWS_DYNAMODB_VALUE_DEFAULT: numbers become the tagged form
 *   `("N", <"1.5">)`, exactly as DynamoDB holds them
 * @GAWS_DYNAMODB_VALUE_INT64_NUMBERS: numbers that are integers within the
 *   range of #gint64 become `x` instead; others stay tagged. Convenient in C
 *   and Python; in JavaScript an `x` beyond 2^53 loses precision.
 *
 * How gaws_dynamodb_value_to_variant() and gaws_dynamodb_item_to_variant()
 * give numbers back.
 */
typedef enum {
  GAWS_DYNAMODB_VALUE_DEFAULT       = 0,
  GAWS_DYNAMODB_VALUE_INT64_NUMBERS = 1 << 0,
} GawsDynamodbValueFlags;

char     *gaws_dynamodb_value_from_variant   (GVariant               *value,
                                              GError                **error);
GVariant *gaws_dynamodb_value_to_variant     (const char             *attribute_value,
                                              GawsDynamodbValueFlags  flags,
                                              GError                **error);
char     *gaws_dynamodb_value_from_json      (const char             *json,
                                              GError                **error);
char     *gaws_dynamodb_value_to_json        (const char             *attribute_value,
                                              GError                **error);

char     *gaws_dynamodb_item_from_variant    (GVariant               *item,
                                              GError                **error);
GVariant *gaws_dynamodb_item_to_variant      (const char             *item,
                                              GawsDynamodbValueFlags  flags,
                                              GError                **error);
char     *gaws_dynamodb_item_from_json       (const char             *json,
                                              GError                **error);
char     *gaws_dynamodb_item_to_json         (const char             *item,
                                              GError                **error);

GVariant *gaws_dynamodb_value_new_number     (const char             *number,
                                              GError                **error);
GVariant *gaws_dynamodb_value_new_string_set (const char * const     *members,
                                              GError                **error);
GVariant *gaws_dynamodb_value_new_number_set (const char * const     *members,
                                              GError                **error);
GVariant *gaws_dynamodb_value_new_binary_set (GBytes * const         *members,
                                              guint                   n_members,
                                              GError                **error);

G_END_DECLS
