/* bench-s3.c: one transfer of bench/s3 through GawsS3TransferManager
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * `bench-s3 download URL KEY` fetches s3://bench/KEY to a sink that drops
 * the bytes; `bench-s3 upload URL FILE` sends FILE as s3://bench/upload in
 * parts. Prints one line: mode, bytes, seconds, MiB/s and the peak RSS
 * (ru_maxrss), so that run.sh runs each in its own process.
 */
#include <gaws.h>
#include <gaws-s3.h>

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* A GOutputStream that drops what it is given: the null sink. It is a
 * GPollableOutputStream too, with /dev/null's semantics: always writable,
 * and a write without blocking drops the bytes as a write does. So the
 * transfer manager can hand it curl's bytes straight from the body
 * streams, as it would a socket or a pipe (and as `curl -o /dev/null`
 * writes its buffer to /dev/null). */
#define BENCH_TYPE_NULL_STREAM (bench_null_stream_get_type ())
G_DECLARE_FINAL_TYPE (BenchNullStream, bench_null_stream, BENCH, NULL_STREAM, GOutputStream)

struct _BenchNullStream
{
  GOutputStream parent_instance;
  guint64       written;
};

static void bench_null_stream_pollable_init (GPollableOutputStreamInterface *iface);

G_DEFINE_TYPE_WITH_CODE (BenchNullStream, bench_null_stream, G_TYPE_OUTPUT_STREAM,
                         G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM, bench_null_stream_pollable_init))

static gssize
null_write (GOutputStream *stream, const void *buffer, gsize count, GCancellable *cancellable, GError **error)
{
  BENCH_NULL_STREAM (stream)->written += count;
  return count;
}

static gboolean
null_is_writable (GPollableOutputStream *stream)
{
  return TRUE;
}

static GSource *
null_create_source (GPollableOutputStream *stream, GCancellable *cancellable)
{
  g_autoptr(GSource) ready = g_timeout_source_new (0);   /* always writable */

  return g_pollable_source_new_full (stream, ready, cancellable);
}

static gssize
null_write_nonblocking (GPollableOutputStream *stream, const void *buffer, gsize count, GError **error)
{
  BENCH_NULL_STREAM (stream)->written += count;
  return count;
}

static void
bench_null_stream_pollable_init (GPollableOutputStreamInterface *iface)
{
  iface->is_writable = null_is_writable;
  iface->create_source = null_create_source;
  iface->write_nonblocking = null_write_nonblocking;
}

static void
bench_null_stream_class_init (BenchNullStreamClass *klass)
{
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = null_write;
}

static void
bench_null_stream_init (BenchNullStream *self)
{
}

static GawsClient *
new_client (const char *url)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDBENCH", "bench-secret", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();

  gaws_session_set_region (session, "us-east-1");
  gaws_client_config_set_endpoint_url (config, url);
  /* The stand-in checks nothing; plain bodies, as curl sends them. */
  gaws_client_config_set_request_checksum_calculation (config, GAWS_CHECKSUM_POLICY_WHEN_REQUIRED);
  gaws_client_config_set_response_checksum_validation (config, GAWS_CHECKSUM_POLICY_WHEN_REQUIRED);
  return GAWS_CLIENT (gaws_s3_client_new (session, config));
}

int
main (int argc, char *argv[])
{
  g_autoptr(GawsClient) client = NULL;
  g_autoptr(GawsS3TransferManager) manager = NULL;
  g_autoptr(GError) error = NULL;
  struct rusage usage;
  guint64 bytes = 0;
  gint64 start;
  double seconds;
  gboolean ok;

  if (argc < 4 || (strcmp (argv[1], "download") != 0 && strcmp (argv[1], "upload") != 0))
    {
      g_printerr ("usage: %s download URL KEY | upload URL FILE [CONCURRENCY [PART_MIB]]\n", argv[0]);
      return 2;
    }
  client = new_client (argv[2]);
  manager = gaws_s3_transfer_manager_new (client);
  if (argc > 4)
    gaws_s3_transfer_manager_set_max_concurrency (manager, (guint) atoi (argv[4]));
  if (argc > 5)
    gaws_s3_transfer_manager_set_multipart_chunksize (manager, (guint64) atoi (argv[5]) * 1024 * 1024);
  start = g_get_monotonic_time ();
  if (strcmp (argv[1], "download") == 0)
    {
      g_autoptr(BenchNullStream) sink = g_object_new (BENCH_TYPE_NULL_STREAM, NULL);

      ok = gaws_s3_transfer_manager_download_fileobj_sync (manager, "bench", argv[3], G_OUTPUT_STREAM (sink),
                                                           NULL, NULL, NULL, NULL, &error);
      bytes = sink->written;
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_path (argv[3]);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);

      ok = gaws_s3_transfer_manager_upload_file_sync (manager, file, "bench", "upload", NULL, NULL, NULL,
                                                      NULL, &error);
      bytes = info ? g_file_info_get_size (info) : 0;
    }
  seconds = (g_get_monotonic_time () - start) / 1e6;
  if (!ok)
    {
      g_printerr ("bench-s3 %s: %s\n", argv[1], error->message);
      return 1;
    }
  getrusage (RUSAGE_SELF, &usage);
  /* CPU time (threads included) says more than throughput on a loaded
   * machine, where the share of the CPUs each process gets varies. */
  g_print ("%s bytes=%" G_GUINT64_FORMAT " seconds=%.3f mibps=%.1f maxrss_kib=%ld cpu_s=%.3f\n", argv[1], bytes,
           seconds, bytes / 1048576.0 / seconds, usage.ru_maxrss,
           usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6);
  return 0;
}
