/* test-file-range-input-stream.c: GawsFileRangeInputStream, the body of a
 * part the S3 transfer manager uploads from a file
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-server.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "gaws-file-range-input-stream-private.h"

#define FILE_SIZE 100000

static char *tmp_dir;
static char *path;

/* A file of the test pattern, opened for reading. */
static int
open_pattern (void)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  return fd;
}

static void
test_read_range (void)
{
  int fd = open_pattern ();
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *buffer = g_malloc (40000);
  gsize got = 0;

  stream = gaws_file_range_input_stream_new (fd, 1234, 30000, &error);
  g_assert_no_error (error);
  /* Its own descriptor: the caller's can go, and its position is untouched. */
  g_assert_cmpint (lseek (fd, 0, SEEK_CUR), ==, 0);
  close (fd);
  g_assert_cmpint (gaws_file_range_input_stream_get_offset (GAWS_FILE_RANGE_INPUT_STREAM (stream)), ==, 1234);
  g_assert_cmpint (gaws_file_range_input_stream_get_length (GAWS_FILE_RANGE_INPUT_STREAM (stream)), ==, 30000);
  g_assert_true (g_input_stream_read_all (stream, buffer, 40000, &got, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (got, ==, 30000);
  g_assert_true (gaws_test_pattern_check (buffer, 1234, got));
  g_assert_cmpint (g_seekable_tell (G_SEEKABLE (stream)), ==, 30000);
  g_assert_true (g_input_stream_close (stream, NULL, &error));
  g_assert_no_error (error);
}

/* The last range of a file: reads of more than is left give what is left,
 * then the end. */
static void
test_short_reads_at_end (void)
{
  int fd = open_pattern ();
  g_autoptr(GInputStream) stream = gaws_file_range_input_stream_new (fd, FILE_SIZE - 1000, 1000, NULL);
  guint8 buffer[700];
  g_autoptr(GError) error = NULL;
  gssize n;

  close (fd);
  n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 700);
  g_assert_true (gaws_test_pattern_check (buffer, FILE_SIZE - 1000, 700));
  n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 300);
  g_assert_true (gaws_test_pattern_check (buffer, FILE_SIZE - 300, 300));
  n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);
}

/* A range that goes past the end of the file (which shrank): an error once
 * the file ends, not a short body. */
static void
test_file_shorter_than_range (void)
{
  int fd = open_pattern ();
  g_autoptr(GInputStream) stream = gaws_file_range_input_stream_new (fd, FILE_SIZE - 100, 500, NULL);
  guint8 buffer[1000];
  g_autoptr(GError) error = NULL;
  gsize got = 0;

  close (fd);
  g_assert_false (g_input_stream_read_all (stream, buffer, sizeof buffer, &got, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpuint (got, ==, 100);
}

/* Rewound, as for a retry: the same bytes again; and seeks outside the
 * range fail. */
static void
test_seek_and_reread (void)
{
  int fd = open_pattern ();
  g_autoptr(GInputStream) stream = gaws_file_range_input_stream_new (fd, 5000, 8000, NULL);
  GSeekable *seekable = G_SEEKABLE (stream);
  g_autofree guint8 *first = g_malloc (8000);
  g_autofree guint8 *second = g_malloc (8000);
  guint8 buffer[10];
  g_autoptr(GError) error = NULL;
  gsize got = 0;

  close (fd);
  g_assert_true (g_seekable_can_seek (seekable));
  g_assert_false (g_seekable_can_truncate (seekable));
  g_assert_true (g_input_stream_read_all (stream, first, 8000, &got, NULL, &error));
  g_assert_cmpuint (got, ==, 8000);
  g_assert_true (g_seekable_seek (seekable, 0, G_SEEK_SET, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_input_stream_read_all (stream, second, 8000, &got, NULL, &error));
  g_assert_cmpuint (got, ==, 8000);
  g_assert_cmpmem (first, 8000, second, 8000);
  g_assert_true (gaws_test_pattern_check (second, 5000, 8000));

  g_assert_true (g_seekable_seek (seekable, -10, G_SEEK_END, NULL, &error));
  g_assert_cmpint (g_seekable_tell (seekable), ==, 7990);
  g_assert_cmpint (g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error), ==, 10);
  g_assert_true (gaws_test_pattern_check (buffer, 5000 + 7990, 10));
  g_assert_true (g_seekable_seek (seekable, -20, G_SEEK_CUR, NULL, &error));
  g_assert_cmpint (g_seekable_tell (seekable), ==, 7980);

  g_assert_false (g_seekable_seek (seekable, 8001, G_SEEK_SET, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (g_seekable_seek (seekable, -1, G_SEEK_SET, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (g_seekable_truncate (seekable, 0, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpint (g_seekable_tell (seekable), ==, 7980);
}

/* Pollable and always readable: the HTTP engine reads it without blocking,
 * straight into curl's buffer; a source made for it fires at once. */
static gboolean
ready_cb (GObject *stream, gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_pollable_read (void)
{
  int fd = open_pattern ();
  g_autoptr(GInputStream) stream = gaws_file_range_input_stream_new (fd, 0, 3000, NULL);
  GPollableInputStream *pollable;
  g_autoptr(GSource) source = NULL;
  g_autoptr(GError) error = NULL;
  guint8 buffer[2000];
  gboolean ready = FALSE;
  gssize n;

  close (fd);
  g_assert_true (G_IS_POLLABLE_INPUT_STREAM (stream));
  pollable = G_POLLABLE_INPUT_STREAM (stream);
  g_assert_true (g_pollable_input_stream_can_poll (pollable));
  g_assert_true (g_pollable_input_stream_is_readable (pollable));
  n = g_pollable_input_stream_read_nonblocking (pollable, buffer, sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 2000);
  g_assert_true (gaws_test_pattern_check (buffer, 0, 2000));
  n = g_pollable_input_stream_read_nonblocking (pollable, buffer, sizeof buffer, NULL, &error);
  g_assert_cmpint (n, ==, 1000);
  g_assert_true (gaws_test_pattern_check (buffer, 2000, 1000));
  n = g_pollable_input_stream_read_nonblocking (pollable, buffer, sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);

  source = g_pollable_input_stream_create_source (pollable, NULL);
  g_source_set_callback (source, G_SOURCE_FUNC (ready_cb), &ready, NULL);
  g_source_attach (source, NULL);
  while (!ready)
    g_main_context_iteration (NULL, TRUE);
}

/* The asynchronous read of GInputStream works on it too (the engine falls
 * back to it at the end of a body). */
static void
read_async_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gssize *n = user_data;
  GError *error = NULL;

  *n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  g_assert_no_error (error);
}

static void
test_read_async (void)
{
  int fd = open_pattern ();
  g_autoptr(GInputStream) stream = gaws_file_range_input_stream_new (fd, 10, 50, NULL);
  guint8 buffer[100];
  gssize n = -2;

  close (fd);
  g_input_stream_read_async (stream, buffer, sizeof buffer, G_PRIORITY_DEFAULT, NULL, read_async_cb, &n);
  while (n == -2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (n, ==, 50);
  g_assert_true (gaws_test_pattern_check (buffer, 10, 50));
}

/* A descriptor that is not open: an error, not a stream. One open for
 * writing only: the read fails with an error. */
static void
test_bad_fd (void)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GInputStream) unreadable = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_build_filename (tmp_dir, "write-only", NULL);
  guint8 buffer[10];
  int fd = open_pattern ();

  close (fd);
  stream = gaws_file_range_input_stream_new (fd, 0, 10, &error);
  g_assert_null (stream);
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_clear_error (&error);

  fd = g_open (other, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "0123456789", 10), ==, 10);
  unreadable = gaws_file_range_input_stream_new (fd, 0, 10, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_cmpint (g_input_stream_read (unreadable, buffer, sizeof buffer, NULL, &error), ==, -1);
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_unlink (other);
}

/* An empty range ends at once. */
static void
test_empty_range (void)
{
  int fd = open_pattern ();
  g_autoptr(GInputStream) stream = gaws_file_range_input_stream_new (fd, FILE_SIZE, 0, NULL);
  guint8 buffer[10];
  g_autoptr(GError) error = NULL;

  close (fd);
  g_assert_cmpint (g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error), ==, 0);
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_autofree guint8 *data = g_malloc (FILE_SIZE);
  int status;

  gaws_test_init (&argc, &argv);
  tmp_dir = gaws_test_make_temp_dir ();
  path = g_build_filename (tmp_dir, "pattern.bin", NULL);
  gaws_test_pattern_fill (data, 0, FILE_SIZE);
  g_assert_true (g_file_set_contents (path, (const char *) data, FILE_SIZE, NULL));

  g_test_add_func ("/file-range-input-stream/read-range", test_read_range);
  g_test_add_func ("/file-range-input-stream/short-reads-at-end", test_short_reads_at_end);
  g_test_add_func ("/file-range-input-stream/file-shorter-than-range", test_file_shorter_than_range);
  g_test_add_func ("/file-range-input-stream/seek-and-reread", test_seek_and_reread);
  g_test_add_func ("/file-range-input-stream/pollable-read", test_pollable_read);
  g_test_add_func ("/file-range-input-stream/read-async", test_read_async);
  g_test_add_func ("/file-range-input-stream/bad-fd", test_bad_fd);
  g_test_add_func ("/file-range-input-stream/empty-range", test_empty_range);
  status = g_test_run ();

  g_unlink (path);
  g_rmdir (tmp_dir);
  g_free (path);
  g_free (tmp_dir);
  return status;
}
