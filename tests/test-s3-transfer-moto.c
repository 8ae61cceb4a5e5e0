/* test-s3-transfer-moto.c: the S3 transfer manager against moto, and
 * against a scripted server for the failures moto does not make
 *
 * GAWS_TEST_BIG_MIB sets the size of the large round trip (default 200).
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-server.h"
#include "test-generated-common.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <fcntl.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <gaws-s3.h>
#include "test-s3-transfer-common.h"

static char *tmp_dir;

static GawsS3Client *
new_client (void)
{
  g_autoptr(GawsSession) session = tg_new_session ();
  g_autoptr(GawsClientConfig) config = tg_new_config ();

  return gaws_s3_client_new (session, config);
}

/* ---- helpers ---------------------------------------------------------------- */

static void
create_bucket (GawsS3Client *client, const char *name)
{
  g_autoptr(GawsS3CreateBucketRequest) input = gaws_s3_create_bucket_request_new ();
  g_autoptr(GawsS3CreateBucketOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_s3_create_bucket_request_set_bucket (input, name);
  output = gaws_s3_client_create_bucket_sync (client, input, NULL, &error);
  g_assert_no_error (error);
}

static guint
count_multipart_uploads (GawsS3Client *client)
{
  g_autoptr(GawsS3ListMultipartUploadsRequest) input = gaws_s3_list_multipart_uploads_request_new ();
  g_autoptr(GawsS3ListMultipartUploadsOutput) output = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *uploads;

  gaws_s3_list_multipart_uploads_request_set_bucket (input, BUCKET);
  output = gaws_s3_client_list_multipart_uploads_sync (client, input, NULL, &error);
  g_assert_no_error (error);
  uploads = gaws_s3_list_multipart_uploads_output_get_uploads (output);
  return uploads ? uploads->len : 0;
}

static GBytes *
pattern_bytes (gsize size, guint64 offset)
{
  guint8 *data = g_malloc (size);

  gaws_test_pattern_fill (data, offset, size);
  return g_bytes_new_take (data, size);
}

static char *
write_pattern_file (const char *name, guint64 size)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  FILE *f = g_fopen (path, "wb");
  g_autofree guint8 *chunk = g_malloc (MIB);

  g_assert_nonnull (f);
  for (guint64 offset = 0; offset < size; offset += MIB)
    {
      gsize n = MIN (MIB, size - offset);

      gaws_test_pattern_fill (chunk, offset, n);
      g_assert_cmpuint (fwrite (chunk, 1, n, f), ==, n);
    }
  g_assert_cmpint (fclose (f), ==, 0);
  return path;
}

static void
assert_pattern_file (const char *path, guint64 size)
{
  FILE *f = g_fopen (path, "rb");
  g_autofree guint8 *chunk = g_malloc (MIB);
  guint64 offset = 0;
  gsize n;

  g_assert_nonnull (f);
  while ((n = fread (chunk, 1, MIB, f)) > 0)
    {
      g_assert_true (gaws_test_pattern_check (chunk, offset, n));
      offset += n;
    }
  fclose (f);
  g_assert_cmpuint (offset, ==, size);
}

/* No temporary file of a download is left in the folder. */
static void
assert_no_temporary_files (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_null (strstr (name, ".gaws-"));
}

/* ---- tests ------------------------------------------------------------------ */

/* aioboto3's upload example: upload_fileobj from an open file, then the
 * streaming download in 69 KiB chunks. */
static void
test_upload_fileobj_from_file (void)
{
  g_autoptr(GawsS3Client) client = new_client ();
  g_autoptr(GawsS3TransferManager) manager = gaws_s3_transfer_manager_new (GAWS_CLIENT (client));
  g_autofree char *path = write_pattern_file ("release.tar", 300 * 1024 + 7);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };
  Wait wait = { 0 };

  g_assert_nonnull (stream);
  gaws_s3_transfer_manager_upload_fileobj_async (manager, G_INPUT_STREAM (stream), BUCKET, "suite/release/release.tar",
                                                 NULL, progress_cb, &progress, NULL, NULL, wait_cb, &wait);
  gaws_test_wait_for_task (&wait.done);
  g_assert_true (gaws_s3_transfer_manager_upload_fileobj_finish (manager, wait.result, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);
  assert_progress_complete (&progress, 300 * 1024 + 7);

  got = get_object_in_chunks (client, "suite/release/release.tar");
  g_assert_cmpuint (g_bytes_get_size (got), ==, 300 * 1024 + 7);
  g_assert_true (gaws_test_pattern_check (g_bytes_get_data (got, NULL), 0, g_bytes_get_size (got)));
  g_unlink (path);
}

/* A stream of unknown size above the threshold: multipart, read part by
 * part; and back through download_fileobj in order. */
static void
test_multipart_stream_round_trip (void)
{
  g_autoptr(GawsS3Client) client = new_client ();
  g_autoptr(GawsS3TransferManager) manager = new_manager (client, 5 * MIB, 3);
  g_autoptr(GBytes) data = pattern_bytes (17 * MIB + 3, 0);
  g_autoptr(GInputStream) source = g_memory_input_stream_new_from_bytes (data);
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  Progress up = { 0 }, down = { 0 };

  g_assert_true (gaws_s3_transfer_manager_upload_fileobj_sync (manager, source, BUCKET, "stream.bin", NULL,
                                                               progress_cb, &up, NULL, &error));
  g_assert_no_error (error);
  assert_progress_complete (&up, g_bytes_get_size (data));
  g_assert_cmpuint (up.calls, >=, 4);

  g_assert_true (gaws_s3_transfer_manager_download_fileobj_sync (manager, BUCKET, "stream.bin", sink, NULL,
                                                                 progress_cb, &down, NULL, &error));
  g_assert_no_error (error);
  assert_progress_complete (&down, g_bytes_get_size (data));
  g_assert_true (g_output_stream_close (sink, NULL, NULL));
  got = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
  g_assert_true (g_bytes_equal (got, data));
  g_assert_cmpuint (count_multipart_uploads (client), ==, 0);
}

/* The far end of a pipe, read slowly by a thread into @bytes. */
typedef struct {
  int         fd;
  GByteArray *bytes;
} PipeDrain;

static gpointer
pipe_drain_thread (gpointer data)
{
  PipeDrain *drain = data;
  guint8 buffer[16384];
  ssize_t n;

  while ((n = read (drain->fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      g_byte_array_append (drain->bytes, buffer, (guint) n);
      if (drain->bytes->len % (512 * 1024) < (guint) n)
        g_usleep (1000);
    }
  close (drain->fd);
  return NULL;
}

/* download_fileobj to a pollable stream (a non-blocking pipe, read slowly):
 * the part whose turn it is goes straight from the connection to the pipe;
 * what arrives is byte for byte the object. */
static void
test_download_fileobj_to_pipe (void)
{
  g_autoptr(GawsS3Client) client = new_client ();
  g_autoptr(GawsS3TransferManager) manager = new_manager (client, 5 * MIB, 3);
  g_autoptr(GBytes) data = pattern_bytes (13 * MIB + 5, 0);
  g_autoptr(GInputStream) source = g_memory_input_stream_new_from_bytes (data);
  g_autoptr(GOutputStream) sink = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  PipeDrain drain = { 0 };
  Progress down = { 0 };
  GThread *thread;
  int fds[2];

  g_assert_true (gaws_s3_transfer_manager_upload_fileobj_sync (manager, source, BUCKET, "piped.bin", NULL,
                                                               NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &error));
  g_assert_true (g_unix_set_fd_nonblocking (fds[1], TRUE, &error));
  sink = g_unix_output_stream_new (fds[1], TRUE);
  g_assert_true (G_IS_POLLABLE_OUTPUT_STREAM (sink));
  drain.fd = fds[0];
  drain.bytes = g_byte_array_new ();
  thread = g_thread_new ("pipe-drain", pipe_drain_thread, &drain);
  g_assert_true (gaws_s3_transfer_manager_download_fileobj_sync (manager, BUCKET, "piped.bin", sink, NULL,
                                                                 progress_cb, &down, NULL, &error));
  g_assert_no_error (error);
  assert_progress_complete (&down, g_bytes_get_size (data));
  g_assert_true (g_output_stream_close (sink, NULL, NULL));
  g_thread_join (thread);
  got = g_byte_array_free_to_bytes (drain.bytes);
  g_assert_cmpuint (g_bytes_get_size (got), ==, g_bytes_get_size (data));
  g_assert_true (g_bytes_equal (got, data));
}

/* VmHWM of /proc/self/status, or 0. */
static guint64
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

/* The large round trip: upload_file, download_file, byte for byte. */
static void
test_big_file_round_trip (void)
{
  const char *env = g_getenv ("GAWS_TEST_BIG_MIB");
  guint64 size = (env ? g_ascii_strtoull (env, NULL, 10) : 200) * MIB;
  g_autoptr(GawsS3Client) client = new_client ();
  g_autoptr(GawsS3TransferManager) manager = gaws_s3_transfer_manager_new (GAWS_CLIENT (client));
  g_autofree char *path = write_pattern_file ("big.bin", size);
  g_autofree char *back = g_build_filename (tmp_dir, "big-back.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) back_file = g_file_new_for_path (back);
  g_autoptr(GError) error = NULL;
  Progress up = { 0 }, down = { 0 };
  gint64 start = g_get_monotonic_time ();

  g_assert_true (gaws_s3_transfer_manager_upload_file_sync (manager, file, BUCKET, "big.bin", NULL,
                                                            progress_cb, &up, NULL, &error));
  g_assert_no_error (error);
  assert_progress_complete (&up, size);
  g_test_message ("uploaded %" G_GUINT64_FORMAT " MiB in %.1f s", size / MIB,
                  (g_get_monotonic_time () - start) / 1e6);
  g_unlink (path);

  start = g_get_monotonic_time ();
  g_assert_true (gaws_s3_transfer_manager_download_file_sync (manager, BUCKET, "big.bin", back_file, NULL,
                                                              progress_cb, &down, NULL, &error));
  g_assert_no_error (error);
  assert_progress_complete (&down, size);
  g_test_message ("downloaded %" G_GUINT64_FORMAT " MiB in %.1f s", size / MIB,
                  (g_get_monotonic_time () - start) / 1e6);
  assert_pattern_file (back, size);
  assert_no_temporary_files ();
  g_unlink (back);
  g_test_message ("peak RSS of the test process: %" G_GUINT64_FORMAT " MiB", peak_rss_kib () / 1024);
}

/* An empty object: one PutObject of nothing, and an empty file back. */
static void
test_empty_object (void)
{
  g_autoptr(GawsS3Client) client = new_client ();
  g_autoptr(GawsS3TransferManager) manager = gaws_s3_transfer_manager_new (GAWS_CLIENT (client));
  g_autoptr(GInputStream) source = g_memory_input_stream_new ();
  g_autofree char *path = g_build_filename (tmp_dir, "empty.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  gsize length = 1;
  g_autoptr(GError) error = NULL;
  Progress up = { 0 }, down = { 0 };
  gboolean ok;

  ok = gaws_s3_transfer_manager_upload_fileobj_sync (manager, source, BUCKET, "empty", NULL, progress_cb, &up, NULL,
                                                     &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  assert_progress_complete (&up, 0);
  ok = gaws_s3_transfer_manager_download_file_sync (manager, BUCKET, "empty", file, NULL, progress_cb, &down, NULL,
                                                    &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  assert_progress_complete (&down, 0);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, 0);
  g_unlink (path);
}

/* Extra arguments reach PutObject and CreateMultipartUpload. */
static void
test_extra_args (void)
{
  g_autoptr(GawsS3Client) client = new_client ();
  g_autoptr(GawsS3TransferManager) manager = new_manager (client, 5 * MIB, 2);
  const char *keys[] = { "small-typed.txt", "big-typed.bin" };
  gsize sizes[] = { 1000, 11 * MIB };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GBytes) data = pattern_bytes (sizes[i], 0);
      g_autoptr(GInputStream) source = g_memory_input_stream_new_from_bytes (data);
      g_autoptr(GVariantDict) dict = g_variant_dict_new (NULL);
      g_autoptr(GVariantBuilder) metadata = g_variant_builder_new (G_VARIANT_TYPE ("a{ss}"));
      g_autoptr(GawsS3HeadObjectRequest) head = gaws_s3_head_object_request_new ();
      g_autoptr(GawsS3HeadObjectOutput) output = NULL;
      g_autoptr(GError) error = NULL;
      GHashTable *meta;

      g_variant_builder_add (metadata, "{ss}", "suite", "bookworm");
      g_variant_dict_insert (dict, "ContentType", "s", "application/x-tar");
      g_variant_dict_insert_value (dict, "Metadata", g_variant_builder_end (metadata));
      g_variant_dict_insert (dict, "StorageClass", "s", "STANDARD_IA");
      g_assert_true (gaws_s3_transfer_manager_upload_fileobj_sync (manager, source, BUCKET, keys[i],
                                                                   g_variant_dict_end (dict), NULL, NULL, NULL,
                                                                   &error));
      g_assert_no_error (error);

      gaws_s3_head_object_request_set_bucket (head, BUCKET);
      gaws_s3_head_object_request_set_key (head, keys[i]);
      output = gaws_s3_client_head_object_sync (client, head, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (gaws_s3_head_object_output_get_content_type (output), ==, "application/x-tar");
      g_assert_cmpint (gaws_s3_head_object_output_get_content_length (output), ==, sizes[i]);
      meta = gaws_s3_head_object_output_get_metadata (output);
      g_assert_nonnull (meta);
      g_assert_cmpstr (g_hash_table_lookup (meta, "suite"), ==, "bookworm");
    }
}

static void
test_invalid_extra_args (void)
{
  g_autoptr(GawsS3Client) client = new_client ();
  g_autoptr(GawsS3TransferManager) manager = gaws_s3_transfer_manager_new (GAWS_CLIENT (client));
  g_autoptr(GInputStream) source = g_memory_input_stream_new_from_data ("x", 1, NULL);
  g_autoptr(GError) error = NULL;
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "ContentTyp", "s", "text/plain");
  g_assert_false (gaws_s3_transfer_manager_upload_fileobj_sync (manager, source, BUCKET, "nope", g_variant_dict_end (&dict),
                                                                NULL, NULL, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "ContentTyp"));
}

/* CopyObject below the threshold, UploadPartCopy ranges above. */
static void
test_copy (void)
{
  g_autoptr(GawsS3Client) client = new_client ();
  g_autoptr(GawsS3TransferManager) manager = new_manager (client, 5 * MIB, 4);
  gsize sizes[] = { 4096, 12 * MIB + 5 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GBytes) data = pattern_bytes (sizes[i], 0);
      g_autoptr(GInputStream) source = g_memory_input_stream_new_from_bytes (data);
      g_autofree char *from = g_strdup_printf ("copy/source %u x.bin", i);
      g_autofree char *to = g_strdup_printf ("copy/target-%u.bin", i);
      g_autoptr(GBytes) got = NULL;
      g_autoptr(GError) error = NULL;
      Progress progress = { 0 };
      gboolean ok;

      GVariantDict dict;
      g_autoptr(GawsS3HeadObjectRequest) head = gaws_s3_head_object_request_new ();
      g_autoptr(GawsS3HeadObjectOutput) head_output = NULL;
      GHashTable *meta;

      g_variant_dict_init (&dict, NULL);
      g_variant_dict_insert (&dict, "ContentType", "s", "image/x-test");
      g_variant_dict_insert_value (&dict, "Metadata", g_variant_new_parsed ("{'origin': 'copy-test'}"));
      ok = gaws_s3_transfer_manager_upload_fileobj_sync (manager, source, BUCKET, from, g_variant_dict_end (&dict),
                                                         NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (ok);
      ok = gaws_s3_transfer_manager_copy_sync (manager, BUCKET, from, NULL, BUCKET, to, NULL,
                                               progress_cb, &progress, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (ok);
      assert_progress_complete (&progress, sizes[i]);
      got = get_object_in_chunks (client, to);
      g_assert_true (g_bytes_equal (got, data));
      /* Both ways keep the source's content type and metadata. */
      gaws_s3_head_object_request_set_bucket (head, BUCKET);
      gaws_s3_head_object_request_set_key (head, to);
      head_output = gaws_s3_client_head_object_sync (client, head, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (gaws_s3_head_object_output_get_content_type (head_output), ==, "image/x-test");
      meta = gaws_s3_head_object_output_get_metadata (head_output);
      g_assert_nonnull (meta);
      g_assert_cmpstr (g_hash_table_lookup (meta, "origin"), ==, "copy-test");
    }
  g_assert_cmpuint (count_multipart_uploads (client), ==, 0);
}

/* Cancelled once the first parts are in: the upload is aborted, nothing is
 * left, and the error is the cancellation. */
static void
test_cancel_leaves_no_upload (void)
{
  g_autoptr(GawsS3Client) client = new_client ();
  g_autoptr(GawsS3TransferManager) manager = new_manager (client, 5 * MIB, 2);
  g_autoptr(GBytes) data = pattern_bytes (40 * MIB, 0);
  g_autoptr(GInputStream) source = g_memory_input_stream_new_from_bytes (data);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Progress progress = { .cancel_after = 1, .cancellable = cancellable };

  g_assert_false (gaws_s3_transfer_manager_upload_fileobj_sync (manager, source, BUCKET, "cancelled.bin", NULL,
                                                                progress_cb, &progress, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.last, >, 0);
  g_assert_cmpuint (progress.last, <, 40 * MIB);
  g_assert_cmpuint (count_multipart_uploads (client), ==, 0);
}

/* The same from a local file, whose parts read their ranges of it: the
 * cancellation may come while a part's checksum is computed. */
static void
test_cancel_file_leaves_no_upload (void)
{
  g_autoptr(GawsS3Client) client = new_client ();
  g_autoptr(GawsS3TransferManager) manager = new_manager (client, 5 * MIB, 2);
  g_autofree char *path = write_pattern_file ("cancelled-file.bin", 40 * MIB);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Progress progress = { .cancel_after = 1, .cancellable = cancellable };

  g_assert_false (gaws_s3_transfer_manager_upload_file_sync (manager, file, BUCKET, "cancelled-file.bin", NULL,
                                                             progress_cb, &progress, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.last, >, 0);
  g_assert_cmpuint (progress.last, <, 40 * MIB);
  g_assert_cmpuint (count_multipart_uploads (client), ==, 0);
  g_unlink (path);
}

/* Cancelled before it starts: no call at all, and still the cancellation. */
static void
test_cancel_before_start (void)
{
  g_autoptr(GawsS3Client) client = new_client ();
  g_autoptr(GawsS3TransferManager) manager = new_manager (client, 5 * MIB, 2);
  g_autoptr(GBytes) data = pattern_bytes (11 * MIB, 0);
  g_autoptr(GInputStream) source = g_memory_input_stream_new_from_bytes (data);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (gaws_s3_transfer_manager_upload_fileobj_sync (manager, source, BUCKET, "never.bin", NULL,
                                                                NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_multipart_uploads (client), ==, 0);
}

/* A missing object: an error, and the destination is as it was. */
static void
test_download_failure_leaves_no_file (void)
{
  g_autoptr(GawsS3Client) client = new_client ();
  g_autoptr(GawsS3TransferManager) manager = gaws_s3_transfer_manager_new (GAWS_CLIENT (client));
  g_autofree char *fresh = g_build_filename (tmp_dir, "never-written.bin", NULL);
  g_autofree char *existing = g_build_filename (tmp_dir, "kept.txt", NULL);
  g_autoptr(GFile) fresh_file = g_file_new_for_path (fresh);
  g_autoptr(GFile) existing_file = g_file_new_for_path (existing);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (gaws_s3_transfer_manager_download_file_sync (manager, BUCKET, "no/such/key", fresh_file, NULL,
                                                               NULL, NULL, NULL, &error));
  /* HeadObject's 404 has no body to name a code. */
  g_assert_true (error->domain == GAWS_ERROR);
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 404);
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (existing, "old", -1, NULL));
  g_assert_false (gaws_s3_transfer_manager_download_file_sync (manager, BUCKET, "no/such/key", existing_file, NULL,
                                                               NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (g_file_get_contents (existing, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  assert_no_temporary_files ();
  g_unlink (existing);
}

/* A download cancelled halfway leaves no file either. */
static void
test_download_cancel_leaves_no_file (void)
{
  g_autoptr(GawsS3Client) client = new_client ();
  g_autoptr(GawsS3TransferManager) manager = new_manager (client, 5 * MIB, 2);
  g_autoptr(GBytes) data = pattern_bytes (30 * MIB, 0);
  g_autoptr(GInputStream) source = g_memory_input_stream_new_from_bytes (data);
  g_autofree char *path = g_build_filename (tmp_dir, "cancelled-download.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Progress progress = { .cancel_after = 1, .cancellable = cancellable };

  g_assert_true (gaws_s3_transfer_manager_upload_fileobj_sync (manager, source, BUCKET, "to-cancel.bin", NULL,
                                                               NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (gaws_s3_transfer_manager_download_file_sync (manager, BUCKET, "to-cancel.bin", file, NULL,
                                                               progress_cb, &progress, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  assert_no_temporary_files ();
}

static GawsS3Client *
scripted_client (GawsTestServer *server, gboolean checksums)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDSCRIPT", "secret", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();

  gaws_session_set_region (session, "us-east-1");
  gaws_client_config_set_endpoint_url (config, gaws_test_server_get_url (server));
  gaws_client_config_set_s3_addressing_style (config, GAWS_S3_ADDRESSING_STYLE_PATH);
  gaws_client_config_set_max_attempts (config, 2);
  if (!checksums)
    gaws_client_config_set_request_checksum_calculation (config, GAWS_CHECKSUM_POLICY_WHEN_REQUIRED);
  return gaws_s3_client_new (session, config);
}

/* ---- a scripted server whose UploadPart fails for good ----------------------- */

typedef struct {
  GMutex    mutex;
  gboolean  fail_part2;
  gboolean  fail_abort;
  char     *complete_body;
  char     *create_type;
  char     *complete_type;
  char     *complete_crc32;
  guint     creates;
  guint     part_requests;
  guint     completes;
  guint     aborts;
  gboolean  requests_after_abort;
  char     *create_algorithm;
  char     *part1_checksum;
  GBytes   *part1_body;
} Script;

static void
script_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  Script *s = user_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&s->mutex);
  static const char create_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
    "<Bucket>" BUCKET "</Bucket><Key>doomed.bin</Key><UploadId>UPLOAD-1</UploadId>"
    "</InitiateMultipartUploadResult>";
  static const char error_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message>"
    "<RequestId>R1</RequestId></Error>";

  if (s->aborts > 0)
    s->requests_after_abort = TRUE;
  if (g_str_equal (request->method, "POST") && strstr (request->path, "uploads") != NULL)
    {
      s->creates++;
      g_free (s->create_type);
      s->create_type = g_strdup (gaws_http_headers_get_one (request->headers, "x-amz-checksum-type"));
      g_free (s->create_algorithm);
      s->create_algorithm = g_strdup (gaws_http_headers_get_one (request->headers, "x-amz-checksum-algorithm"));
      reply->status = 200;
      gaws_test_server_reply_set_body (reply, "application/xml", create_xml, -1);
    }
  else if (g_str_equal (request->method, "PUT") && strstr (request->path, "partNumber=") != NULL)
    {
      s->part_requests++;
      if (!s->fail_part2 || strstr (request->path, "partNumber=1&") != NULL ||
          g_str_has_suffix (request->path, "partNumber=1"))
        {
          if (s->part1_body == NULL)
            {
              s->part1_checksum = g_strdup (gaws_http_headers_get_one (request->headers, "x-amz-checksum-crc32"));
              s->part1_body = request->body ? g_bytes_ref (request->body) : NULL;
            }
          reply->status = 200;
          gaws_http_headers_replace (reply->headers, "ETag", "\"etag-1\"");
          return;
        }
      reply->status = 500;
      gaws_test_server_reply_set_body (reply, "application/xml", error_xml, -1);
    }
  else if (g_str_equal (request->method, "POST") && strstr (request->path, "uploadId=") != NULL)
    {
      s->completes++;
      g_free (s->complete_type);
      s->complete_type = g_strdup (gaws_http_headers_get_one (request->headers, "x-amz-checksum-type"));
      g_free (s->complete_crc32);
      s->complete_crc32 = g_strdup (gaws_http_headers_get_one (request->headers, "x-amz-checksum-crc32"));
      g_free (s->complete_body);
      s->complete_body = g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
      reply->status = 200;
      gaws_test_server_reply_set_body (reply, "application/xml", "<CompleteMultipartUploadResult/>", -1);
    }
  else if (g_str_equal (request->method, "DELETE"))
    {
      s->aborts++;
      reply->status = s->fail_abort ? 403 : 204;
      if (s->fail_abort)
        gaws_test_server_reply_set_body (reply, "application/xml",
                                         "<Error><Code>AccessDenied</Code><Message>No.</Message></Error>", -1);
    }
  else
    reply->status = 400;
}

static void
test_failed_part_aborts_upload (void)
{
  Script script = { .fail_part2 = TRUE };
  g_autoptr(GawsTestServer) server = NULL;
  g_autoptr(GawsS3Client) client = NULL;
  g_autoptr(GawsS3TransferManager) manager = NULL;
  g_autoptr(GBytes) data = pattern_bytes (3 * MIB + 100, 0);
  g_autoptr(GInputStream) source = g_memory_input_stream_new_from_bytes (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  g_mutex_init (&script.mutex);
  server = gaws_test_server_new (script_handler, &script);
  client = scripted_client (server, TRUE);
  manager = new_manager (client, MIB, 2);

  g_assert_false (gaws_s3_transfer_manager_upload_fileobj_sync (manager, source, BUCKET, "doomed.bin", NULL,
                                                                NULL, NULL, NULL, &error));
  /* The cause, not the cancellation of the other parts nor the abort. */
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "InternalError");

  g_mutex_lock (&script.mutex);
  g_assert_cmpuint (script.creates, ==, 1);
  g_assert_cmpuint (script.completes, ==, 0);
  g_assert_cmpuint (script.aborts, ==, 1);
  g_assert_false (script.requests_after_abort);
  /* Part 2 was retried: its body could be sent again. */
  g_assert_cmpuint (script.part_requests, >=, 3);
  /* Each part carries its CRC32, as botocore sends. */
  g_assert_cmpstr (script.create_algorithm, ==, "CRC32");
  g_assert_nonnull (script.part1_body);
  g_assert_cmpuint (g_bytes_get_size (script.part1_body), ==, MIB);
  expected = gaws_checksum_compute_base64 (GAWS_CHECKSUM_ALGORITHM_CRC32, g_bytes_get_data (script.part1_body, NULL),
                                           MIB);
  g_assert_cmpstr (script.part1_checksum, ==, expected);
  g_mutex_unlock (&script.mutex);

  g_clear_pointer (&server, gaws_test_server_free);
  g_free (script.complete_body);
  g_free (script.create_algorithm);
  g_free (script.part1_checksum);
  g_clear_pointer (&script.part1_body, g_bytes_unref);
  g_mutex_clear (&script.mutex);
}

/* An abort that fails too: the error is still the cause, and says that
 * parts may remain. */
static void
test_failed_abort_is_reported (void)
{
  Script script = { .fail_part2 = TRUE, .fail_abort = TRUE };
  g_autoptr(GawsTestServer) server = NULL;
  g_autoptr(GawsS3Client) client = NULL;
  g_autoptr(GawsS3TransferManager) manager = NULL;
  g_autoptr(GBytes) data = pattern_bytes (3 * MIB, 0);
  g_autoptr(GInputStream) source = g_memory_input_stream_new_from_bytes (data);
  g_autoptr(GError) error = NULL;

  g_mutex_init (&script.mutex);
  server = gaws_test_server_new (script_handler, &script);
  client = scripted_client (server, FALSE);
  manager = new_manager (client, MIB, 1);

  g_assert_false (gaws_s3_transfer_manager_upload_fileobj_sync (manager, source, BUCKET, "doomed.bin", NULL,
                                                                NULL, NULL, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "InternalError");
  g_assert_nonnull (strstr (error->message, "UPLOAD-1"));
  g_assert_nonnull (strstr (error->message, "AccessDenied"));
  g_assert_cmpuint (script.aborts, ==, 1);

  g_clear_pointer (&server, gaws_test_server_free);
  g_free (script.create_algorithm);
  g_free (script.create_type);
  g_free (script.part1_checksum);
  g_clear_pointer (&script.part1_body, g_bytes_unref);
  g_mutex_clear (&script.mutex);
}

/* With when_required, no checksum goes out; by default, CRC32s in every
 * part and in CompleteMultipartUpload. The parts complete in order. */
static void
test_checksums_when_required_or_supported (void)
{
  Script script = { 0 };
  g_autoptr(GawsTestServer) server = NULL;
  g_autoptr(GawsS3Client) client = NULL;
  g_autoptr(GawsS3TransferManager) manager = NULL;
  g_autoptr(GBytes) data = pattern_bytes (3 * MIB + 100, 0);
  g_autoptr(GInputStream) source = g_memory_input_stream_new_from_bytes (data);
  g_autoptr(GError) error = NULL;
  const char *previous;
  gboolean ok;

  g_mutex_init (&script.mutex);
  server = gaws_test_server_new (script_handler, &script);
  client = scripted_client (server, FALSE);
  manager = new_manager (client, MIB, 3);

  ok = gaws_s3_transfer_manager_upload_fileobj_sync (manager, source, BUCKET, "plain.bin", NULL, NULL, NULL, NULL,
                                                     &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  g_mutex_lock (&script.mutex);
  g_assert_cmpuint (script.creates, ==, 1);
  g_assert_cmpuint (script.part_requests, ==, 4);
  g_assert_cmpuint (script.completes, ==, 1);
  g_assert_cmpuint (script.aborts, ==, 0);
  g_assert_null (script.create_algorithm);
  g_assert_null (script.part1_checksum);
  g_assert_null (strstr (script.complete_body, "Checksum"));
  previous = script.complete_body;
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *number = g_strdup_printf ("<PartNumber>%u</PartNumber>", i);
      const char *at = strstr (script.complete_body, number);

      g_assert_nonnull (at);
      g_assert_true (at > previous);
      previous = at;
    }
  g_mutex_unlock (&script.mutex);

  /* And by default each part's CRC32 is in CompleteMultipartUpload. */
  g_clear_object (&manager);
  g_clear_object (&client);
  client = scripted_client (server, TRUE);
  manager = new_manager (client, MIB, 3);
  g_assert_true (g_seekable_seek (G_SEEKABLE (source), 0, G_SEEK_SET, NULL, NULL));
  ok = gaws_s3_transfer_manager_upload_fileobj_sync (manager, source, BUCKET, "summed.bin", NULL, NULL, NULL, NULL,
                                                     &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_mutex_lock (&script.mutex);
  g_assert_cmpstr (script.create_algorithm, ==, "CRC32");
  for (guint i = 1; i <= 4; i++)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (data, (i - 1) * MIB, MIN (MIB, g_bytes_get_size (data) - (i - 1) * MIB));
      g_autofree char *crc = gaws_checksum_compute_base64 (GAWS_CHECKSUM_ALGORITHM_CRC32, g_bytes_get_data (part, NULL),
                                                           g_bytes_get_size (part));
      g_autofree char *element = g_strdup_printf ("<ChecksumCRC32>%s</ChecksumCRC32>", crc);

      g_assert_nonnull (strstr (script.complete_body, element));
    }
  g_assert_null (script.create_type);
  g_assert_null (script.complete_type);
  g_mutex_unlock (&script.mutex);

  /* A full-object checksum given goes with ChecksumType FULL_OBJECT. */
  {
    GVariantDict dict;

    g_variant_dict_init (&dict, NULL);
    g_variant_dict_insert (&dict, "ChecksumCRC32", "s", "3q2+7w==");
    g_assert_true (g_seekable_seek (G_SEEKABLE (source), 0, G_SEEK_SET, NULL, NULL));
    ok = gaws_s3_transfer_manager_upload_fileobj_sync (manager, source, BUCKET, "full.bin", g_variant_dict_end (&dict),
                                                       NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (ok);
  }
  g_mutex_lock (&script.mutex);
  g_assert_cmpstr (script.create_algorithm, ==, "CRC32");
  g_assert_cmpstr (script.create_type, ==, "FULL_OBJECT");
  g_assert_cmpstr (script.complete_type, ==, "FULL_OBJECT");
  g_assert_cmpstr (script.complete_crc32, ==, "3q2+7w==");
  g_mutex_unlock (&script.mutex);

  g_clear_pointer (&server, gaws_test_server_free);
  g_free (script.complete_body);
  g_free (script.create_algorithm);
  g_free (script.create_type);
  g_free (script.complete_type);
  g_free (script.complete_crc32);
  g_free (script.part1_checksum);
  g_clear_pointer (&script.part1_body, g_bytes_unref);
  g_mutex_clear (&script.mutex);
}

/* ---- a scripted server keeping the parts of a file -------------------------- */

#define MAX_KEPT_PARTS 8

typedef enum {
  ECHO_NONE,     /* UploadPart returns no checksum, as some stores */
  ECHO_SENT,     /* the one sent, as S3 and moto */
  ECHO_WRONG,    /* another one */
} Echo;

typedef struct {
  GMutex    mutex;
  gboolean  fail_part2_once;
  Echo      echo;
  guint     creates;
  guint     completes;
  guint     aborts;
  guint     part_requests;
  guint     attempts[MAX_KEPT_PARTS + 1];   /* by part number */
  GBytes   *bodies[MAX_KEPT_PARTS + 1];
  char     *checksums[MAX_KEPT_PARTS + 1];  /* x-amz-checksum-crc32, in a header or a trailer */
  gboolean  trailers[MAX_KEPT_PARTS + 1];   /* sent in an aws-chunked trailer */
  char     *complete_body;
} Keeper;

/* The data of an aws-chunked body ("<hex>\r\n<data>\r\n"... "0\r\n"
 * trailers "\r\n"), and the value of its x-amz-checksum-crc32 trailer;
 * NULL if it is not framed as such. */
static GBytes *
decode_aws_chunked (GBytes *body, char **crc32)
{
  gsize length;
  const char *p = g_bytes_get_data (body, &length);
  const char *end = p + length;
  GByteArray *data = g_byte_array_new ();
  const char *trailer = "x-amz-checksum-crc32:";

  *crc32 = NULL;
  for (;;)
    {
      char *after;
      guint64 size = g_ascii_strtoull (p, &after, 16);

      if (after == p || end - after < 2 || memcmp (after, "\r\n", 2) != 0 || (guint64) (end - after - 2) < size)
        break;
      p = after + 2;
      if (size == 0)
        {
          const char *eol = g_strstr_len (p, end - p, "\r\n");

          if (eol != NULL && g_str_has_prefix (p, trailer) && end - eol == 4 && memcmp (eol, "\r\n\r\n", 4) == 0)
            {
              *crc32 = g_strndup (p + strlen (trailer), eol - p - strlen (trailer));
              return g_byte_array_free_to_bytes (data);
            }
          break;
        }
      g_byte_array_append (data, (const guint8 *) p, (guint) size);
      p += size;
      if (end - p < 2 || memcmp (p, "\r\n", 2) != 0)
        break;
      p += 2;
    }
  g_byte_array_unref (data);
  return NULL;
}

/* Keeps part @number's bytes and checksum, decoded if aws-chunked. */
static void
keep_part (Keeper *k, guint64 number, const GawsTestServerRequest *request)
{
  const char *encoding = gaws_http_headers_get_one (request->headers, "Content-Encoding");
  GBytes *body = request->body ? g_bytes_ref (request->body) : g_bytes_new (NULL, 0);

  g_clear_pointer (&k->bodies[number], g_bytes_unref);
  g_clear_pointer (&k->checksums[number], g_free);
  k->trailers[number] = encoding != NULL && strstr (encoding, "aws-chunked") != NULL;
  if (k->trailers[number])
    {
      g_assert_cmpstr (gaws_http_headers_get_one (request->headers, "x-amz-trailer"), ==, "x-amz-checksum-crc32");
      g_assert_null (gaws_http_headers_get_one (request->headers, "x-amz-checksum-crc32"));
      k->bodies[number] = decode_aws_chunked (body, &k->checksums[number]);
      g_assert_nonnull (k->bodies[number]);
      g_assert_cmpuint (g_ascii_strtoull (gaws_http_headers_get_one (request->headers,
                                                                     "x-amz-decoded-content-length"), NULL, 10),
                        ==, g_bytes_get_size (k->bodies[number]));
      g_bytes_unref (body);
    }
  else
    {
      k->bodies[number] = body;
      k->checksums[number] = g_strdup (gaws_http_headers_get_one (request->headers, "x-amz-checksum-crc32"));
    }
}

static void
keeper_clear (Keeper *k)
{
  for (guint i = 0; i <= MAX_KEPT_PARTS; i++)
    {
      g_clear_pointer (&k->bodies[i], g_bytes_unref);
      g_clear_pointer (&k->checksums[i], g_free);
    }
  g_clear_pointer (&k->complete_body, g_free);
  g_mutex_clear (&k->mutex);
}

static void
keeper_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  Keeper *k = user_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&k->mutex);
  const char *number_at = strstr (request->path, "partNumber=");

  if (g_str_equal (request->method, "POST") && strstr (request->path, "uploads") != NULL)
    {
      k->creates++;
      reply->status = 200;
      gaws_test_server_reply_set_body (reply, "application/xml",
                                       "<InitiateMultipartUploadResult><UploadId>UPLOAD-F</UploadId>"
                                       "</InitiateMultipartUploadResult>", -1);
    }
  else if (g_str_equal (request->method, "PUT") && number_at != NULL)
    {
      guint64 number = g_ascii_strtoull (number_at + strlen ("partNumber="), NULL, 10);
      g_autofree char *etag = g_strdup_printf ("\"etag-%" G_GUINT64_FORMAT "\"", number);

      k->part_requests++;
      if (number == 0 || number > MAX_KEPT_PARTS)
        {
          reply->status = 400;
          return;
        }
      k->attempts[number]++;
      /* A retryable error: the client sends the part again. */
      if (k->fail_part2_once && number == 2 && k->attempts[number] == 1)
        {
          reply->status = 500;
          gaws_test_server_reply_set_body (reply, "application/xml",
                                           "<Error><Code>InternalError</Code><Message>Again.</Message></Error>", -1);
          return;
        }
      keep_part (k, number, request);
      reply->status = 200;
      gaws_http_headers_replace (reply->headers, "ETag", etag);
      if (k->echo == ECHO_SENT && k->checksums[number] != NULL)
        gaws_http_headers_replace (reply->headers, "x-amz-checksum-crc32", k->checksums[number]);
      else if (k->echo == ECHO_WRONG)
        gaws_http_headers_replace (reply->headers, "x-amz-checksum-crc32", "AAAAAA==");
    }
  else if (g_str_equal (request->method, "POST") && strstr (request->path, "uploadId=") != NULL)
    {
      k->completes++;
      g_free (k->complete_body);
      k->complete_body = g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
      reply->status = 200;
      gaws_test_server_reply_set_body (reply, "application/xml", "<CompleteMultipartUploadResult/>", -1);
    }
  else if (g_str_equal (request->method, "DELETE"))
    {
      k->aborts++;
      reply->status = 204;
    }
  else
    reply->status = 400;
}

/* The parts kept, end to end, are the pattern from @offset, @size bytes. */
static void
assert_kept_pattern (Keeper *k, guint n_parts, guint64 offset, guint64 size)
{
  guint64 at = 0;

  for (guint i = 1; i <= n_parts; i++)
    {
      gsize length;
      const guint8 *data;

      g_assert_nonnull (k->bodies[i]);
      data = g_bytes_get_data (k->bodies[i], &length);
      g_assert_true (gaws_test_pattern_check (data, offset + at, length));
      at += length;
    }
  g_assert_null (k->bodies[n_parts + 1]);
  g_assert_cmpuint (at, ==, size);
}

/* upload_file of a local file, CRC32 on (the default): each part reads its
 * range of the file once, checksummed as it is sent, and sends the value in
 * an aws-chunked trailer (keep_part() checks there is no checksum header);
 * part 2 fails once and is sent again from the file, with its checksum
 * computed again. What the server keeps is the file, byte for byte, each
 * part's trailer is its bytes' checksum, and CompleteMultipartUpload has
 * it: the one UploadPart returned with @echo, else the one sent. */
static void
run_file_parts (Echo echo)
{
  Keeper keeper = { .fail_part2_once = TRUE, .echo = echo };
  guint64 size = 3 * MIB + 100;
  g_autoptr(GawsTestServer) server = NULL;
  g_autoptr(GawsS3Client) client = NULL;
  g_autoptr(GawsS3TransferManager) manager = NULL;
  g_autofree char *path = write_pattern_file ("ranged.bin", size);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };

  g_mutex_init (&keeper.mutex);
  server = gaws_test_server_new (keeper_handler, &keeper);
  client = scripted_client (server, TRUE);
  manager = new_manager (client, MIB, 2);

  g_assert_true (gaws_s3_transfer_manager_upload_file_sync (manager, file, BUCKET, "ranged.bin", NULL,
                                                            progress_cb, &progress, NULL, &error));
  g_assert_no_error (error);
  assert_progress_complete (&progress, size);

  g_mutex_lock (&keeper.mutex);
  g_assert_cmpuint (keeper.creates, ==, 1);
  g_assert_cmpuint (keeper.completes, ==, 1);
  g_assert_cmpuint (keeper.aborts, ==, 0);
  g_assert_cmpuint (keeper.attempts[2], ==, 2);
  g_assert_cmpuint (keeper.part_requests, ==, 5);
  assert_kept_pattern (&keeper, 4, 0, size);
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *crc = gaws_checksum_compute_base64 (GAWS_CHECKSUM_ALGORITHM_CRC32,
                                                           g_bytes_get_data (keeper.bodies[i], NULL),
                                                           g_bytes_get_size (keeper.bodies[i]));
      g_autofree char *element = g_strdup_printf ("<ChecksumCRC32>%s</ChecksumCRC32>", crc);

      g_assert_true (keeper.trailers[i]);
      g_assert_cmpstr (keeper.checksums[i], ==, crc);
      g_assert_nonnull (strstr (keeper.complete_body, element));
    }
  g_mutex_unlock (&keeper.mutex);

  g_clear_pointer (&server, gaws_test_server_free);
  keeper_clear (&keeper);
  g_unlink (path);
}

/* The server returns no checksum: the one each trailer sent goes in
 * CompleteMultipartUpload. */
static void
test_file_part_retried (void)
{
  run_file_parts (ECHO_NONE);
}

/* As S3 and moto, the server returns the checksum it got. */
static void
test_file_part_checksum_returned (void)
{
  run_file_parts (ECHO_SENT);
}

/* UploadPart returns another checksum than the trailer sent (a store that
 * took other bytes, or kept the frames as data): the upload fails with a
 * clear error and is aborted, not completed. */
static void
test_file_part_checksum_mismatch (void)
{
  Keeper keeper = { .echo = ECHO_WRONG };
  g_autoptr(GawsTestServer) server = NULL;
  g_autoptr(GawsS3Client) client = NULL;
  g_autoptr(GawsS3TransferManager) manager = NULL;
  g_autofree char *path = write_pattern_file ("mismatch.bin", 3 * MIB + 100);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_mutex_init (&keeper.mutex);
  server = gaws_test_server_new (keeper_handler, &keeper);
  client = scripted_client (server, TRUE);
  manager = new_manager (client, MIB, 2);

  g_assert_false (gaws_s3_transfer_manager_upload_file_sync (manager, file, BUCKET, "mismatch.bin", NULL,
                                                             NULL, NULL, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "AAAAAA=="));
  g_mutex_lock (&keeper.mutex);
  g_assert_cmpuint (keeper.completes, ==, 0);
  g_assert_cmpuint (keeper.aborts, ==, 1);
  g_mutex_unlock (&keeper.mutex);

  g_clear_pointer (&server, gaws_test_server_free);
  keeper_clear (&keeper);
  g_unlink (path);
}

/* upload_fileobj of a descriptor-backed stream over a regular file, not at
 * its start, checksums off: the parts are the rest of the file, and the
 * stream is left at its end, as if read through. */
static void
test_fileobj_descriptor_from_offset (void)
{
  Keeper keeper = { 0 };
  guint64 size = 3 * MIB + 100;
  g_autoptr(GawsTestServer) server = NULL;
  g_autoptr(GawsS3Client) client = NULL;
  g_autoptr(GawsS3TransferManager) manager = NULL;
  g_autofree char *path = write_pattern_file ("offset.bin", size);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };
  int fd;

  g_mutex_init (&keeper.mutex);
  server = gaws_test_server_new (keeper_handler, &keeper);
  client = scripted_client (server, FALSE);
  manager = new_manager (client, MIB, 3);
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (lseek (fd, 100, SEEK_SET), ==, 100);
  stream = g_unix_input_stream_new (fd, TRUE);

  g_assert_true (gaws_s3_transfer_manager_upload_fileobj_sync (manager, stream, BUCKET, "offset.bin", NULL,
                                                               progress_cb, &progress, NULL, &error));
  g_assert_no_error (error);
  assert_progress_complete (&progress, size - 100);
  g_assert_cmpint (lseek (fd, 0, SEEK_CUR), ==, (off_t) size);

  g_mutex_lock (&keeper.mutex);
  g_assert_cmpuint (keeper.completes, ==, 1);
  g_assert_cmpuint (keeper.part_requests, ==, 3);
  assert_kept_pattern (&keeper, 3, 100, size - 100);
  for (guint i = 1; i <= 3; i++)
    g_assert_null (keeper.checksums[i]);
  g_assert_null (strstr (keeper.complete_body, "Checksum"));
  g_mutex_unlock (&keeper.mutex);

  g_clear_pointer (&server, gaws_test_server_free);
  keeper_clear (&keeper);
  g_unlink (path);
}

/* ---- a scripted server whose GetObject bodies break off ------------------- */

#define FLAKY_SIZE (3 * MIB + 5)

typedef struct {
  GMutex   mutex;
  guint    gets;
  guint    resets;
  guint    part2_resets;
  guint    part3_resets;
  gboolean if_match_missing;
  gboolean bad_range;
} Flaky;

static void
flaky_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  Flaky *f = user_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&f->mutex);
  const char *range = gaws_http_headers_get_one (request->headers, "Range");
  guint64 first = 0, last = 0;
  g_autoptr(GBytes) body = NULL;

  gaws_http_headers_replace (reply->headers, "ETag", "\"etag-flaky\"");
  if (g_str_equal (request->method, "HEAD"))
    {
      reply->body_length = FLAKY_SIZE;
      return;
    }
  f->gets++;
  if (g_strcmp0 (gaws_http_headers_get_one (request->headers, "If-Match"), "\"etag-flaky\"") != 0)
    f->if_match_missing = TRUE;
  if (range == NULL || sscanf (range, "bytes=%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT, &first, &last) != 2 ||
      last < first || last >= FLAKY_SIZE)
    {
      f->bad_range = TRUE;
      reply->status = 400;
      return;
    }
  body = pattern_bytes (last - first + 1, first);
  reply->status = 206;
  reply->body = g_bytes_ref (body);
  /* The second part is reset twice (which the client may see before or
   * after the head), the third cut short once. A part fetched again may
   * start past its beginning: a sink that was written straight from the
   * connection has the bytes before the break already. */
  if (first >= MIB && first < 2 * MIB && f->part2_resets++ < 2)
    {
      f->resets++;
      reply->action = GAWS_TEST_SERVER_RESET_AFTER;
      reply->fault_offset = 1000;
    }
  else if (first >= 2 * MIB && first < 3 * MIB && f->part3_resets++ < 1)
    {
      f->resets++;
      reply->action = GAWS_TEST_SERVER_CLOSE_AFTER;
      reply->fault_offset = 1000;
      reply->close_connection = TRUE;
    }
}

/* A part whose body breaks off is fetched again, and the parts reach the
 * stream whole and in order. */
static void
test_broken_body_refetched (void)
{
  Flaky flaky = { 0 };
  g_autoptr(GawsTestServer) server = NULL;
  g_autoptr(GawsS3Client) client = NULL;
  g_autoptr(GawsS3TransferManager) manager = NULL;
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };
  gboolean ok;

  g_mutex_init (&flaky.mutex);
  server = gaws_test_server_new (flaky_handler, &flaky);
  client = scripted_client (server, TRUE);
  manager = new_manager (client, MIB, 2);

  ok = gaws_s3_transfer_manager_download_fileobj_sync (manager, BUCKET, "flaky.bin", sink, NULL, progress_cb,
                                                       &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  assert_progress_complete (&progress, FLAKY_SIZE);
  g_output_stream_close (sink, NULL, NULL);
  got = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
  g_assert_cmpuint (g_bytes_get_size (got), ==, FLAKY_SIZE);
  g_assert_true (gaws_test_pattern_check (g_bytes_get_data (got, NULL), 0, FLAKY_SIZE));

  g_mutex_lock (&flaky.mutex);
  g_assert_cmpuint (flaky.resets, ==, 3);
  g_assert_cmpuint (flaky.gets, ==, 4 + 3);
  g_assert_cmpuint (flaky.part2_resets, ==, 3);
  g_assert_cmpuint (flaky.part3_resets, ==, 2);
  g_assert_false (flaky.if_match_missing);
  g_assert_false (flaky.bad_range);
  g_mutex_unlock (&flaky.mutex);

  g_clear_pointer (&server, gaws_test_server_free);
  g_mutex_clear (&flaky.mutex);
}

/* ---- a scripted server with full-object checksums ---------------------------- */

#define SUMMED_SIZE (3 * MIB + 5)

typedef struct {
  GMutex      mutex;
  GBytes     *object;         /* what is served */
  char       *checksum;       /* what HEAD says its CRC32 is */
  const char *type;           /* and its checksum type */
  gboolean    mode_missing;   /* a HEAD came without x-amz-checksum-mode */
} Summed;

static void
summed_handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  Summed *s = user_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&s->mutex);
  const char *range = gaws_http_headers_get_one (request->headers, "Range");
  guint64 first = 0, last = 0;

  gaws_http_headers_replace (reply->headers, "ETag", "\"etag-summed\"");
  if (g_str_equal (request->method, "HEAD"))
    {
      if (g_strcmp0 (gaws_http_headers_get_one (request->headers, "x-amz-checksum-mode"), "ENABLED") != 0)
        s->mode_missing = TRUE;
      gaws_http_headers_replace (reply->headers, "x-amz-checksum-crc32", s->checksum);
      gaws_http_headers_replace (reply->headers, "x-amz-checksum-type", s->type);
      reply->body_length = SUMMED_SIZE;
      return;
    }
  if (range == NULL || sscanf (range, "bytes=%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT, &first, &last) != 2 ||
      last < first || last >= SUMMED_SIZE)
    {
      reply->status = 400;
      return;
    }
  reply->status = 206;
  reply->body = g_bytes_new_from_bytes (s->object, first, last - first + 1);
}

/* Downloads @s's object to a stream and to a file; returns the error of
 * either (they must agree). */
static gboolean
download_summed (GawsS3TransferManager *manager, GError **error)
{
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  g_autofree char *path = g_build_filename (tmp_dir, "summed.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) file_error = NULL;
  gboolean to_stream, to_file;

  g_unlink (path);
  to_stream = gaws_s3_transfer_manager_download_fileobj_sync (manager, BUCKET, "summed.bin", sink, NULL, NULL,
                                                              NULL, NULL, error);
  to_file = gaws_s3_transfer_manager_download_file_sync (manager, BUCKET, "summed.bin", file, NULL, NULL, NULL,
                                                         NULL, &file_error);
  g_assert_cmpint (to_stream, ==, to_file);
  if (!to_file)
    {
      g_assert_error (file_error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  g_unlink (path);
  return to_stream;
}

/* Ranged GETs carry no checksum: a full-object one from HeadObject is
 * checked over the bytes, stream or file; a composite one is not. */
static void
test_full_object_checksum_validated (void)
{
  Summed summed = { 0 };
  g_autoptr(GawsTestServer) server = NULL;
  g_autoptr(GawsS3Client) client = NULL;
  g_autoptr(GawsS3TransferManager) manager = NULL;
  g_autoptr(GBytes) good = pattern_bytes (SUMMED_SIZE, 0);
  g_autoptr(GError) error = NULL;
  guint8 *bad;

  g_mutex_init (&summed.mutex);
  server = gaws_test_server_new (summed_handler, &summed);
  client = scripted_client (server, TRUE);
  manager = new_manager (client, MIB, 2);
  summed.checksum = gaws_checksum_compute_base64 (GAWS_CHECKSUM_ALGORITHM_CRC32, g_bytes_get_data (good, NULL),
                                                  SUMMED_SIZE);
  summed.type = "FULL_OBJECT";

  summed.object = g_bytes_ref (good);
  g_assert_true (download_summed (manager, &error));
  g_assert_no_error (error);
  g_assert_false (summed.mode_missing);

  /* One byte flipped in the second part */
  bad = g_memdup2 (g_bytes_get_data (good, NULL), SUMMED_SIZE);
  bad[MIB + 17] ^= 0x40;
  g_mutex_lock (&summed.mutex);
  g_bytes_unref (summed.object);
  summed.object = g_bytes_new_take (bad, SUMMED_SIZE);
  g_mutex_unlock (&summed.mutex);
  g_assert_false (download_summed (manager, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "CRC32"));
  g_clear_error (&error);

  /* A composite checksum covers no bytes as such: not checked */
  g_mutex_lock (&summed.mutex);
  g_free (summed.checksum);
  summed.checksum = g_strdup ("AAAAAA==-4");
  summed.type = "COMPOSITE";
  g_mutex_unlock (&summed.mutex);
  g_assert_true (download_summed (manager, &error));
  g_assert_no_error (error);

  g_clear_pointer (&server, gaws_test_server_free);
  g_bytes_unref (summed.object);
  g_free (summed.checksum);
  g_mutex_clear (&summed.mutex);
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  tmp_dir = gaws_test_make_temp_dir ();
  tg_moto_start ();
  {
    g_autoptr(GawsS3Client) client = new_client ();
    create_bucket (client, BUCKET);
  }

  g_test_add_func ("/s3/transfer/moto/upload-fileobj-from-file", test_upload_fileobj_from_file);
  g_test_add_func ("/s3/transfer/moto/multipart-stream-round-trip", test_multipart_stream_round_trip);
  g_test_add_func ("/s3/transfer/moto/big-file-round-trip", test_big_file_round_trip);
  g_test_add_func ("/s3/transfer/moto/download-fileobj-to-pipe", test_download_fileobj_to_pipe);
  g_test_add_func ("/s3/transfer/moto/empty-object", test_empty_object);
  g_test_add_func ("/s3/transfer/moto/extra-args", test_extra_args);
  g_test_add_func ("/s3/transfer/moto/invalid-extra-args", test_invalid_extra_args);
  g_test_add_func ("/s3/transfer/moto/copy", test_copy);
  g_test_add_func ("/s3/transfer/moto/cancel-leaves-no-upload", test_cancel_leaves_no_upload);
  g_test_add_func ("/s3/transfer/moto/cancel-file-leaves-no-upload", test_cancel_file_leaves_no_upload);
  g_test_add_func ("/s3/transfer/moto/cancel-before-start", test_cancel_before_start);
  g_test_add_func ("/s3/transfer/moto/download-failure-leaves-no-file", test_download_failure_leaves_no_file);
  g_test_add_func ("/s3/transfer/moto/download-cancel-leaves-no-file", test_download_cancel_leaves_no_file);
  g_test_add_func ("/s3/transfer/server/failed-part-aborts-upload", test_failed_part_aborts_upload);
  g_test_add_func ("/s3/transfer/server/failed-abort-is-reported", test_failed_abort_is_reported);
  g_test_add_func ("/s3/transfer/server/checksums-when-required-or-supported", test_checksums_when_required_or_supported);
  g_test_add_func ("/s3/transfer/server/file-part-retried", test_file_part_retried);
  g_test_add_func ("/s3/transfer/server/file-part-checksum-returned", test_file_part_checksum_returned);
  g_test_add_func ("/s3/transfer/server/file-part-checksum-mismatch", test_file_part_checksum_mismatch);
  g_test_add_func ("/s3/transfer/server/fileobj-descriptor-from-offset", test_fileobj_descriptor_from_offset);
  g_test_add_func ("/s3/transfer/server/broken-body-refetched", test_broken_body_refetched);
  g_test_add_func ("/s3/transfer/server/full-object-checksum-validated", test_full_object_checksum_validated);
  status = g_test_run ();

  tg_moto_stop ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
