/* test-s3-transfer-npm.c: the S3 transfer manager against s3rver (from
 * the npm registry), a second S3 implementation
 *
 * s3rver does not check S3's flexible checksums (it accepts and ignores
 * them), so they are not verified here (see test-s3-transfer-moto for the
 * headers sent); the multipart round trip runs with
 * `request_checksum_calculation = when_required`, the setting for stores
 * that refuse them, and the other tests with the default (CRC32).
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-emulator.h"
#include "gaws-test-server.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gaws-s3.h>
#include "test-s3-transfer-common.h"

static GawsTestEmulator *s3rver;
static char *tmp_dir;

static GawsS3Client *
new_client_full (gboolean checksums)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("S3RVER", "S3RVER", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();

  gaws_session_set_region (session, "us-east-1");
  gaws_client_config_set_endpoint_url (config, gaws_test_emulator_get_url (s3rver));
  gaws_client_config_set_s3_addressing_style (config, GAWS_S3_ADDRESSING_STYLE_PATH);
  if (!checksums)
    gaws_client_config_set_request_checksum_calculation (config, GAWS_CHECKSUM_POLICY_WHEN_REQUIRED);
  return gaws_s3_client_new (session, config);
}

static GawsS3Client *
new_client (void)
{
  return new_client_full (TRUE);
}

static GBytes *
pattern_bytes (gsize size)
{
  guint8 *data = g_malloc (size);

  gaws_test_pattern_fill (data, 0, size);
  return g_bytes_new_take (data, size);
}

static char *
write_file (const char *name, GBytes *data)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (data, NULL), g_bytes_get_size (data), NULL));
  return path;
}

/* aioboto3's upload example (upload_fileobj from an open file) and its
 * streaming download. */
static void
test_upload_fileobj_and_stream_back (void)
{
  g_autoptr(GawsS3Client) client = new_client ();
  g_autoptr(GawsS3TransferManager) manager = gaws_s3_transfer_manager_new (GAWS_CLIENT (client));
  g_autoptr(GBytes) data = pattern_bytes (500 * 1024 + 11);
  g_autofree char *path = write_file ("release.deb", data);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };
  Wait wait = { 0 };

  gaws_s3_transfer_manager_upload_fileobj_async (manager, G_INPUT_STREAM (stream), BUCKET, "suite/release/release.deb",
                                                 NULL, progress_cb, &progress, NULL, NULL, wait_cb, &wait);
  gaws_test_wait_for_task (&wait.done);
  g_assert_true (gaws_s3_transfer_manager_upload_fileobj_finish (manager, wait.result, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);
  assert_progress_complete (&progress, g_bytes_get_size (data));

  got = get_object_in_chunks (client, "suite/release/release.deb");
  g_assert_true (g_bytes_equal (got, data));
  g_unlink (path);
}

/* Multipart both ways: upload_file in parts, download_file with ranged GETs
 * and download_fileobj in order. */
static void
test_multipart_round_trip (void)
{
  g_autoptr(GawsS3Client) client = new_client_full (FALSE);
  g_autoptr(GawsS3TransferManager) manager = new_manager (client, 5 * MIB, 4);
  g_autoptr(GBytes) data = pattern_bytes (23 * MIB + 9);
  g_autofree char *path = write_file ("multipart.bin", data);
  g_autofree char *back = g_build_filename (tmp_dir, "multipart-back.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) back_file = g_file_new_for_path (back);
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  Progress up = { 0 }, down = { 0 }, streamed = { 0 };
  gboolean ok;

  ok = gaws_s3_transfer_manager_upload_file_sync (manager, file, BUCKET, "multipart.bin", NULL, progress_cb, &up,
                                                  NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  assert_progress_complete (&up, g_bytes_get_size (data));
  g_assert_cmpuint (up.calls, ==, 5);

  ok = gaws_s3_transfer_manager_download_file_sync (manager, BUCKET, "multipart.bin", back_file, NULL, progress_cb,
                                                    &down, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  assert_progress_complete (&down, g_bytes_get_size (data));
  g_assert_true (g_file_get_contents (back, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, g_bytes_get_size (data));
  g_assert_true (memcmp (contents, g_bytes_get_data (data, NULL), length) == 0);

  ok = gaws_s3_transfer_manager_download_fileobj_sync (manager, BUCKET, "multipart.bin", sink, NULL, progress_cb,
                                                       &streamed, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  assert_progress_complete (&streamed, g_bytes_get_size (data));
  g_output_stream_close (sink, NULL, NULL);
  got = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
  g_assert_true (g_bytes_equal (got, data));
  g_unlink (path);
  g_unlink (back);
}

static void
test_copy (void)
{
  g_autoptr(GawsS3Client) client = new_client ();
  g_autoptr(GawsS3TransferManager) manager = new_manager (client, 5 * MIB, 4);
  g_autoptr(GBytes) data = pattern_bytes (3000);
  g_autoptr(GInputStream) source = g_memory_input_stream_new_from_bytes (data);
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = gaws_s3_transfer_manager_upload_fileobj_sync (manager, source, BUCKET, "copy-from.txt", NULL, NULL, NULL,
                                                     NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  ok = gaws_s3_transfer_manager_copy_sync (manager, BUCKET, "copy-from.txt", NULL, BUCKET, "copy-to.txt", NULL,
                                           NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  got = get_object_in_chunks (client, "copy-to.txt");
  g_assert_true (g_bytes_equal (got, data));
}

static void
test_download_missing_leaves_no_file (void)
{
  g_autoptr(GawsS3Client) client = new_client ();
  g_autoptr(GawsS3TransferManager) manager = gaws_s3_transfer_manager_new (GAWS_CLIENT (client));
  g_autofree char *path = g_build_filename (tmp_dir, "missing.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_false (gaws_s3_transfer_manager_download_file_sync (manager, BUCKET, "no-such-key", file, NULL, NULL,
                                                               NULL, NULL, &error));
  g_assert_true (error != NULL && error->domain == GAWS_ERROR);
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 404);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  dir = g_dir_open (tmp_dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_null (strstr (name, ".gaws-"));
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  tmp_dir = gaws_test_make_temp_dir ();
  s3rver = gaws_test_emulator_start (GAWS_TEST_EMULATOR_S3RVER, NULL);
  {
    g_autoptr(GawsS3Client) client = new_client ();
    g_autoptr(GawsS3CreateBucketRequest) input = gaws_s3_create_bucket_request_new ();
    g_autoptr(GawsS3CreateBucketOutput) output = NULL;
    g_autoptr(GError) error = NULL;

    gaws_s3_create_bucket_request_set_bucket (input, BUCKET);
    output = gaws_s3_client_create_bucket_sync (client, input, NULL, &error);
    g_assert_no_error (error);
  }
  g_test_message ("s3rver ignores flexible checksums: they are sent but not checked here");

  g_test_add_func ("/s3/transfer/s3rver/upload-fileobj-and-stream-back", test_upload_fileobj_and_stream_back);
  g_test_add_func ("/s3/transfer/s3rver/multipart-round-trip", test_multipart_round_trip);
  g_test_add_func ("/s3/transfer/s3rver/copy", test_copy);
  g_test_add_func ("/s3/transfer/s3rver/download-missing-leaves-no-file", test_download_missing_leaves_no_file);
  status = g_test_run ();

  gaws_test_emulator_stop (s3rver);
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
