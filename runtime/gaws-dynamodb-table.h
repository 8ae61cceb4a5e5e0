/* gaws-dynamodb-table.h: boto3's DynamoDB Table resource: the item actions
 * of one table with natural values and condition objects
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-client.h"
#include "gaws-dynamodb-condition.h"
#include "gaws-dynamodb-result.h"
#include "gaws-dynamodb-value.h"

G_BEGIN_DECLS

#define GAWS_TYPE_DYNAMODB_TABLE (gaws_dynamodb_table_get_type ())
G_DECLARE_FINAL_TYPE (GawsDynamodbTable, gaws_dynamodb_table, GAWS, DYNAMODB_TABLE, GObject)

GawsDynamodbTable      *gaws_dynamodb_table_new              (GawsClient             *client,
                                                              const char             *name);
GawsClient             *gaws_dynamodb_table_get_client       (GawsDynamodbTable      *self);
const char             *gaws_dynamodb_table_get_name         (GawsDynamodbTable      *self);
GawsDynamodbValueFlags  gaws_dynamodb_table_get_value_flags  (GawsDynamodbTable      *self);
void                    gaws_dynamodb_table_set_value_flags  (GawsDynamodbTable      *self,
                                                              GawsDynamodbValueFlags  flags);

void                gaws_dynamodb_table_put_item_async       (GawsDynamodbTable      *self,
                                                              GVariant               *item,
                                                              GawsDynamodbCondition  *condition,
                                                              GVariant               *params,
                                                              GCancellable           *cancellable,
                                                              GAsyncReadyCallback     callback,
                                                              gpointer                user_data);
GawsDynamodbResult *gaws_dynamodb_table_put_item_finish      (GawsDynamodbTable      *self,
                                                              GAsyncResult           *result,
                                                              GError                **error);
GawsDynamodbResult *gaws_dynamodb_table_put_item_sync        (GawsDynamodbTable      *self,
                                                              GVariant               *item,
                                                              GawsDynamodbCondition  *condition,
                                                              GVariant               *params,
                                                              GCancellable           *cancellable,
                                                              GError                **error);

void                gaws_dynamodb_table_get_item_async       (GawsDynamodbTable      *self,
                                                              GVariant               *key,
                                                              GVariant               *params,
                                                              GCancellable           *cancellable,
                                                              GAsyncReadyCallback     callback,
                                                              gpointer                user_data);
GawsDynamodbResult *gaws_dynamodb_table_get_item_finish      (GawsDynamodbTable      *self,
                                                              GAsyncResult           *result,
                                                              GError                **error);
GawsDynamodbResult *gaws_dynamodb_table_get_item_sync        (GawsDynamodbTable      *self,
                                                              GVariant               *key,
                                                              GVariant               *params,
                                                              GCancellable           *cancellable,
                                                              GError                **error);

void                gaws_dynamodb_table_update_item_async    (GawsDynamodbTable      *self,
                                                              GVariant               *key,
                                                              const char             *update_expression,
                                                              GawsDynamodbCondition  *condition,
                                                              GVariant               *params,
                                                              GCancellable           *cancellable,
                                                              GAsyncReadyCallback     callback,
                                                              gpointer                user_data);
GawsDynamodbResult *gaws_dynamodb_table_update_item_finish   (GawsDynamodbTable      *self,
                                                              GAsyncResult           *result,
                                                              GError                **error);
GawsDynamodbResult *gaws_dynamodb_table_update_item_sync     (GawsDynamodbTable      *self,
                                                              GVariant               *key,
                                                              const char             *update_expression,
                                                              GawsDynamodbCondition  *condition,
                                                              GVariant               *params,
                                                              GCancellable           *cancellable,
                                                              GError                **error);

void                gaws_dynamodb_table_delete_item_async    (GawsDynamodbTable      *self,
                                                              GVariant               *key,
                                                              GawsDynamodbCondition  *condition,
                                                              GVariant               *params,
                                                              GCancellable           *cancellable,
                                                              GAsyncReadyCallback     callback,
                                                              gpointer                user_data);
GawsDynamodbResult *gaws_dynamodb_table_delete_item_finish   (GawsDynamodbTable      *self,
                                                              GAsyncResult           *result,
                                                              GError                **error);
GawsDynamodbResult *gaws_dynamodb_table_delete_item_sync     (GawsDynamodbTable      *self,
                                                              GVariant               *key,
                                                              GawsDynamodbCondition  *condition,
                                                              GVariant               *params,
                                                              GCancellable           *cancellable,
                                                              GError                **error);

void                gaws_dynamodb_table_query_async          (GawsDynamodbTable      *self,
                                                              GawsDynamodbCondition  *key_condition,
                                                              GawsDynamodbCondition  *filter,
                                                              GVariant               *params,
                                                              GCancellable           *cancellable,
                                                              GAsyncReadyCallback     callback,
                                                              gpointer                user_data);
GawsDynamodbResult *gaws_dynamodb_table_query_finish         (GawsDynamodbTable      *self,
                                                              GAsyncResult           *result,
                                                              GError                **error);
GawsDynamodbResult *gaws_dynamodb_table_query_sync           (GawsDynamodbTable      *self,
                                                              GawsDynamodbCondition  *key_condition,
                                                              GawsDynamodbCondition  *filter,
                                                              GVariant               *params,
                                                              GCancellable           *cancellable,
                                                              GError                **error);

void                gaws_dynamodb_table_scan_async           (GawsDynamodbTable      *self,
                                                              GawsDynamodbCondition  *filter,
                                                              GVariant               *params,
                                                              GCancellable           *cancellable,
                                                              GAsyncReadyCallback     callback,
                                                              gpointer                user_data);
GawsDynamodbResult *gaws_dynamodb_table_scan_finish          (GawsDynamodbTable      *self,
                                                              GAsyncResult           *result,
                                                              GError                **error);
GawsDynamodbResult *gaws_dynamodb_table_scan_sync            (GawsDynamodbTable      *self,
                                                              GawsDynamodbCondition  *filter,
                                                              GVariant               *params,
                                                              GCancellable           *cancellable,
                                                              GError                **error);

void                gaws_dynamodb_table_batch_get_item_async  (GawsDynamodbTable     *self,
                                                               GVariant              *keys,
                                                               GVariant              *params,
                                                               GCancellable          *cancellable,
                                                               GAsyncReadyCallback    callback,
                                                               gpointer               user_data);
GawsDynamodbResult *gaws_dynamodb_table_batch_get_item_finish (GawsDynamodbTable     *self,
                                                               GAsyncResult          *result,
                                                               GError               **error);
GawsDynamodbResult *gaws_dynamodb_table_batch_get_item_sync   (GawsDynamodbTable     *self,
                                                               GVariant              *keys,
                                                               GVariant              *params,
                                                               GCancellable          *cancellable,
                                                               GError               **error);

G_END_DECLS
