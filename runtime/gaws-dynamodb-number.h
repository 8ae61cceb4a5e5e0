/* gaws-dynamodb-number.h: DynamoDB numbers as exact decimal text
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *gaws_dynamodb_number_normalize   (const char  *text,
                                        GError     **error);
char *gaws_dynamodb_number_from_int64  (gint64       value);
char *gaws_dynamodb_number_from_uint64 (guint64      value);
char *gaws_dynamodb_number_from_double (double       value,
                                        GError     **error);

G_END_DECLS
