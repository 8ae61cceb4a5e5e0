/* test-s3-transfer-common.h: what the S3 transfer manager tests against
 * moto and against s3rver share
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gaws-s3.h>

#define BUCKET "gaws-transfer"
#define MIB    (1024 * 1024)

static GawsS3TransferManager *
new_manager (GawsS3Client *client, guint64 part_size, guint concurrency)
{
  GawsS3TransferManager *manager = gaws_s3_transfer_manager_new (GAWS_CLIENT (client));

  gaws_s3_transfer_manager_set_multipart_threshold (manager, part_size);
  gaws_s3_transfer_manager_set_multipart_chunksize (manager, part_size);
  gaws_s3_transfer_manager_set_max_concurrency (manager, concurrency);
  return manager;
}

typedef struct {
  guint64       last;
  gint64        total;
  guint         calls;
  gboolean      went_back;
  guint64       cancel_after;   /* cancel once this much is done, if set */
  GCancellable *cancellable;
} Progress;

static void
progress_cb (guint64 transferred, gint64 total, gpointer user_data)
{
  Progress *p = user_data;

  if (transferred < p->last)
    p->went_back = TRUE;
  p->last = transferred;
  p->total = total;
  p->calls++;
  if (p->cancellable != NULL && p->cancel_after > 0 && transferred >= p->cancel_after)
    g_cancellable_cancel (p->cancellable);
}

static void
assert_progress_complete (Progress *p, guint64 size)
{
  g_assert_false (p->went_back);
  g_assert_cmpuint (p->calls, >, 0);
  g_assert_cmpuint (p->last, ==, size);
  g_assert_cmpint (p->total, ==, (gint64) size);
}

/* The streaming download of aioboto3's usage page: get_object, then
 * Body.read(69 KiB) until it returns nothing. */
static GBytes *
get_object_in_chunks (GawsS3Client *client, const char *key)
{
  g_autoptr(GawsS3GetObjectRequest) input = gaws_s3_get_object_request_new ();
  g_autoptr(GawsS3GetObjectOutput) output = NULL;
  g_autoptr(GByteArray) all = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  GInputStream *body;
  guint reads = 0;

  gaws_s3_get_object_request_set_bucket (input, BUCKET);
  gaws_s3_get_object_request_set_key (input, key);
  output = gaws_s3_client_get_object_sync (client, input, NULL, &error);
  g_assert_no_error (error);
  body = gaws_s3_get_object_output_get_body (output);
  g_assert_nonnull (body);
  for (;;)
    {
      g_autoptr(GBytes) chunk = g_input_stream_read_bytes (body, 69 * 1024, NULL, &error);

      g_assert_no_error (error);
      if (g_bytes_get_size (chunk) == 0)
        break;
      g_assert_cmpuint (g_bytes_get_size (chunk), <=, 69 * 1024);
      g_byte_array_append (all, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
      reads++;
    }
  g_assert_cmpuint (reads, >, 0);
  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

typedef struct {
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}
