/* gaws-dynamodb-table-private.h: what GawsDynamodbBatchWriter uses of its
 * table; not installed
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <jansson.h>
#include "gaws-dynamodb-table.h"

G_BEGIN_DECLS

void          gaws_dynamodb_table_invoke_async  (GawsDynamodbTable    *self,
                                                 const char           *operation,
                                                 json_t               *input,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
json_t       *gaws_dynamodb_table_invoke_finish (GawsDynamodbTable    *self,
                                                 GAsyncResult         *result,
                                                 GawsShape           **output,
                                                 GError              **error);
GMainContext *gaws_dynamodb_table_get_context   (GawsDynamodbTable    *self);
guint         gaws_dynamodb_backoff_delay_ms    (guint                 round,
                                                 guint                 base_ms,
                                                 guint                 max_ms);
void          gaws_dynamodb_sleep_async         (guint                 milliseconds,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean      gaws_dynamodb_sleep_finish        (GAsyncResult         *result,
                                                 GError              **error);

/* Running an _async function to completion on a context, for the _sync
 * variants: begin, start the call with gaws_dynamodb_sync_done() and the
 * sync as user data, then wait for its result. */
typedef struct {
  GMainContext *context;
  GAsyncResult *result;
} GawsDynamodbSync;

void          gaws_dynamodb_sync_begin          (GawsDynamodbSync     *sync,
                                                 GMainContext         *context);
void          gaws_dynamodb_sync_done           (GObject              *source,
                                                 GAsyncResult         *result,
                                                 gpointer              user_data);
GAsyncResult *gaws_dynamodb_sync_wait           (GawsDynamodbSync     *sync);

G_END_DECLS
