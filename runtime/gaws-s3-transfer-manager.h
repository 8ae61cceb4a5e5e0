/* gaws-s3-transfer-manager.h: boto3's S3 transfers (multipart uploads, parallel ranged downloads, copies)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-client.h"

G_BEGIN_DECLS

/**
 * GAWS_S3_TRANSFER_MIB:
 *
 * One mebibyte, the unit of boto3's `TransferConfig` sizes.
 */
#define GAWS_S3_TRANSFER_MIB (G_GUINT64_CONSTANT (1024) * 1024)

/**
 * GawsS3TransferProgressFunc:
 * @transferred: bytes transferred so far, cumulative: it never decreases and
 *   ends equal to @total when the transfer succeeds
 * @total: the size of the transfer, or -1 while it is not known (a stream
 *   being uploaded)
 * @user_data: (closure): the data given with the function
 *
 * Called on the thread-default main context of the call as parts (for
 * downloads, chunks of parts) complete.
 */
typedef void (*GawsS3TransferProgressFunc) (guint64  transferred,
                                            gint64   total,
                                            gpointer user_data);

#define GAWS_TYPE_S3_TRANSFER_MANAGER (gaws_s3_transfer_manager_get_type ())
G_DECLARE_FINAL_TYPE (GawsS3TransferManager, gaws_s3_transfer_manager, GAWS, S3_TRANSFER_MANAGER, GObject)

GawsS3TransferManager *gaws_s3_transfer_manager_new                     (GawsClient            *client);
GawsClient            *gaws_s3_transfer_manager_get_client              (GawsS3TransferManager *self);
guint64                gaws_s3_transfer_manager_get_multipart_threshold (GawsS3TransferManager *self);
void                   gaws_s3_transfer_manager_set_multipart_threshold (GawsS3TransferManager *self,
                                                                         guint64                threshold);
guint64                gaws_s3_transfer_manager_get_multipart_chunksize (GawsS3TransferManager *self);
void                   gaws_s3_transfer_manager_set_multipart_chunksize (GawsS3TransferManager *self,
                                                                         guint64                chunksize);
guint                  gaws_s3_transfer_manager_get_max_concurrency     (GawsS3TransferManager *self);
void                   gaws_s3_transfer_manager_set_max_concurrency     (GawsS3TransferManager *self,
                                                                         guint                  max_concurrency);
guint                  gaws_s3_transfer_manager_get_max_io_queue        (GawsS3TransferManager *self);
void                   gaws_s3_transfer_manager_set_max_io_queue        (GawsS3TransferManager *self,
                                                                         guint                  max_io_queue);

void                   gaws_s3_transfer_manager_upload_file_async       (GawsS3TransferManager      *self,
                                                                         GFile                      *file,
                                                                         const char                 *bucket,
                                                                         const char                 *key,
                                                                         GVariant                   *extra_args,
                                                                         GawsS3TransferProgressFunc  progress,
                                                                         gpointer                    progress_data,
                                                                         GDestroyNotify              progress_notify,
                                                                         GCancellable               *cancellable,
                                                                         GAsyncReadyCallback         callback,
                                                                         gpointer                    user_data);
gboolean               gaws_s3_transfer_manager_upload_file_finish      (GawsS3TransferManager      *self,
                                                                         GAsyncResult               *result,
                                                                         GError                    **error);
gboolean               gaws_s3_transfer_manager_upload_file_sync        (GawsS3TransferManager      *self,
                                                                         GFile                      *file,
                                                                         const char                 *bucket,
                                                                         const char                 *key,
                                                                         GVariant                   *extra_args,
                                                                         GawsS3TransferProgressFunc  progress,
                                                                         gpointer                    progress_data,
                                                                         GCancellable               *cancellable,
                                                                         GError                    **error);

void                   gaws_s3_transfer_manager_upload_fileobj_async    (GawsS3TransferManager      *self,
                                                                         GInputStream               *stream,
                                                                         const char                 *bucket,
                                                                         const char                 *key,
                                                                         GVariant                   *extra_args,
                                                                         GawsS3TransferProgressFunc  progress,
                                                                         gpointer                    progress_data,
                                                                         GDestroyNotify              progress_notify,
                                                                         GCancellable               *cancellable,
                                                                         GAsyncReadyCallback         callback,
                                                                         gpointer                    user_data);
gboolean               gaws_s3_transfer_manager_upload_fileobj_finish   (GawsS3TransferManager      *self,
                                                                         GAsyncResult               *result,
                                                                         GError                    **error);
gboolean               gaws_s3_transfer_manager_upload_fileobj_sync     (GawsS3TransferManager      *self,
                                                                         GInputStream               *stream,
                                                                         const char                 *bucket,
                                                                         const char                 *key,
                                                                         GVariant                   *extra_args,
                                                                         GawsS3TransferProgressFunc  progress,
                                                                         gpointer                    progress_data,
                                                                         GCancellable               *cancellable,
                                                                         GError                    **error);

void                   gaws_s3_transfer_manager_download_file_async     (GawsS3TransferManager      *self,
                                                                         const char                 *bucket,
                                                                         const char                 *key,
                                                                         GFile                      *file,
                                                                         GVariant                   *extra_args,
                                                                         GawsS3TransferProgressFunc  progress,
                                                                         gpointer                    progress_data,
                                                                         GDestroyNotify              progress_notify,
                                                                         GCancellable               *cancellable,
                                                                         GAsyncReadyCallback         callback,
                                                                         gpointer                    user_data);
gboolean               gaws_s3_transfer_manager_download_file_finish    (GawsS3TransferManager      *self,
                                                                         GAsyncResult               *result,
                                                                         GError                    **error);
gboolean               gaws_s3_transfer_manager_download_file_sync      (GawsS3TransferManager      *self,
                                                                         const char                 *bucket,
                                                                         const char                 *key,
                                                                         GFile                      *file,
                                                                         GVariant                   *extra_args,
                                                                         GawsS3TransferProgressFunc  progress,
                                                                         gpointer                    progress_data,
                                                                         GCancellable               *cancellable,
                                                                         GError                    **error);

void                   gaws_s3_transfer_manager_download_fileobj_async  (GawsS3TransferManager      *self,
                                                                         const char                 *bucket,
                                                                         const char                 *key,
                                                                         GOutputStream              *stream,
                                                                         GVariant                   *extra_args,
                                                                         GawsS3TransferProgressFunc  progress,
                                                                         gpointer                    progress_data,
                                                                         GDestroyNotify              progress_notify,
                                                                         GCancellable               *cancellable,
                                                                         GAsyncReadyCallback         callback,
                                                                         gpointer                    user_data);
gboolean               gaws_s3_transfer_manager_download_fileobj_finish (GawsS3TransferManager      *self,
                                                                         GAsyncResult               *result,
                                                                         GError                    **error);
gboolean               gaws_s3_transfer_manager_download_fileobj_sync   (GawsS3TransferManager      *self,
                                                                         const char                 *bucket,
                                                                         const char                 *key,
                                                                         GOutputStream              *stream,
                                                                         GVariant                   *extra_args,
                                                                         GawsS3TransferProgressFunc  progress,
                                                                         gpointer                    progress_data,
                                                                         GCancellable               *cancellable,
                                                                         GError                    **error);

void                   gaws_s3_transfer_manager_copy_async              (GawsS3TransferManager      *self,
                                                                         const char                 *source_bucket,
                                                                         const char                 *source_key,
                                                                         const char                 *source_version_id,
                                                                         const char                 *bucket,
                                                                         const char                 *key,
                                                                         GVariant                   *extra_args,
                                                                         GawsS3TransferProgressFunc  progress,
                                                                         gpointer                    progress_data,
                                                                         GDestroyNotify              progress_notify,
                                                                         GCancellable               *cancellable,
                                                                         GAsyncReadyCallback         callback,
                                                                         gpointer                    user_data);
gboolean               gaws_s3_transfer_manager_copy_finish             (GawsS3TransferManager      *self,
                                                                         GAsyncResult               *result,
                                                                         GError                    **error);
gboolean               gaws_s3_transfer_manager_copy_sync               (GawsS3TransferManager      *self,
                                                                         const char                 *source_bucket,
                                                                         const char                 *source_key,
                                                                         const char                 *source_version_id,
                                                                         const char                 *bucket,
                                                                         const char                 *key,
                                                                         GVariant                   *extra_args,
                                                                         GawsS3TransferProgressFunc  progress,
                                                                         gpointer                    progress_data,
                                                                         GCancellable               *cancellable,
                                                                         GError                    **error);

G_END_DECLS
