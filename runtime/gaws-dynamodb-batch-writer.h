/* gaws-dynamodb-batch-writer.h: boto3's batch_writer: puts and deletes
 * queued and sent with BatchWriteItem
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-dynamodb-table.h"

G_BEGIN_DECLS

#define GAWS_TYPE_DYNAMODB_BATCH_WRITER (gaws_dynamodb_batch_writer_get_type ())
G_DECLARE_FINAL_TYPE (GawsDynamodbBatchWriter, gaws_dynamodb_batch_writer, GAWS, DYNAMODB_BATCH_WRITER, GObject)

GawsDynamodbBatchWriter *gaws_dynamodb_table_batch_writer                 (GawsDynamodbTable        *table,
                                                                           guint                     flush_amount,
                                                                           const char * const       *overwrite_by_pkeys);

GawsDynamodbTable *gaws_dynamodb_batch_writer_get_table                   (GawsDynamodbBatchWriter  *self);
guint              gaws_dynamodb_batch_writer_get_flush_amount            (GawsDynamodbBatchWriter  *self);
guint              gaws_dynamodb_batch_writer_get_on_exit_loop_sleep      (GawsDynamodbBatchWriter  *self);
void               gaws_dynamodb_batch_writer_set_on_exit_loop_sleep      (GawsDynamodbBatchWriter  *self,
                                                                           guint                     milliseconds);
void               gaws_dynamodb_batch_writer_set_backoff                 (GawsDynamodbBatchWriter  *self,
                                                                           guint                     base_ms,
                                                                           guint                     max_ms);
guint              gaws_dynamodb_batch_writer_get_n_queued                (GawsDynamodbBatchWriter  *self);
guint64            gaws_dynamodb_batch_writer_get_n_written               (GawsDynamodbBatchWriter  *self);

void               gaws_dynamodb_batch_writer_put_item_async              (GawsDynamodbBatchWriter  *self,
                                                                           GVariant                 *item,
                                                                           GCancellable             *cancellable,
                                                                           GAsyncReadyCallback       callback,
                                                                           gpointer                  user_data);
gboolean           gaws_dynamodb_batch_writer_put_item_finish             (GawsDynamodbBatchWriter  *self,
                                                                           GAsyncResult             *result,
                                                                           GError                  **error);
gboolean           gaws_dynamodb_batch_writer_put_item_sync               (GawsDynamodbBatchWriter  *self,
                                                                           GVariant                 *item,
                                                                           GCancellable             *cancellable,
                                                                           GError                  **error);

void               gaws_dynamodb_batch_writer_delete_item_async           (GawsDynamodbBatchWriter  *self,
                                                                           GVariant                 *key,
                                                                           GCancellable             *cancellable,
                                                                           GAsyncReadyCallback       callback,
                                                                           gpointer                  user_data);
gboolean           gaws_dynamodb_batch_writer_delete_item_finish          (GawsDynamodbBatchWriter  *self,
                                                                           GAsyncResult             *result,
                                                                           GError                  **error);
gboolean           gaws_dynamodb_batch_writer_delete_item_sync            (GawsDynamodbBatchWriter  *self,
                                                                           GVariant                 *key,
                                                                           GCancellable             *cancellable,
                                                                           GError                  **error);

void               gaws_dynamodb_batch_writer_close_async                 (GawsDynamodbBatchWriter  *self,
                                                                           GCancellable             *cancellable,
                                                                           GAsyncReadyCallback       callback,
                                                                           gpointer                  user_data);
gboolean           gaws_dynamodb_batch_writer_close_finish                (GawsDynamodbBatchWriter  *self,
                                                                           GAsyncResult             *result,
                                                                           GError                  **error);
gboolean           gaws_dynamodb_batch_writer_close_sync                  (GawsDynamodbBatchWriter  *self,
                                                                           GCancellable             *cancellable,
                                                                           GError                  **error);

GVariant          *gaws_dynamodb_batch_writer_get_unwritten               (GawsDynamodbBatchWriter  *self);

G_END_DECLS
