/* gaws-s3-upload.c: upload a file to S3
 *
 * aioboto3's S3 upload example:
 *
 *   blob_s3_key = f"{suite}/{release}/{filename}"
 *   async with session.client("s3") as s3:
 *       with staging_path.open("rb") as spfp:
 *           LOG.info(f"Uploading {blob_s3_key} to s3")
 *           await s3.upload_fileobj(spfp, bucket, blob_s3_key)
 *           LOG.info(f"Finished Uploading {blob_s3_key} to s3")
 *
 * The transfer manager streams the file from disk, in one PutObject or, from
 * its multipart threshold (8 MiB) on, in parts sent concurrently.
 *
 * Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 gaws-s3-upload
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#define GAWS_EXAMPLE_S3
#include "gaws-example.h"

#define BUCKET "gaws-example-releases"

/* A staging file to upload: 1,000 numbered lines. */
static GFile *
make_staging_file (GError **error)
{
  g_autoptr(GFileIOStream) io = NULL;
  g_autoptr(GFile) file = g_file_new_tmp ("gaws-upload-XXXXXX.txt", &io, error);
  g_autoptr(GString) text = g_string_new (NULL);

  if (file == NULL)
    return NULL;
  for (guint i = 1; i <= 1000; i++)
    g_string_append_printf (text, "package line %04u\n", i);
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (io)), text->str, text->len,
                                  NULL, NULL, error)
      || !g_io_stream_close (G_IO_STREAM (io), NULL, error))
    return NULL;
  return g_steal_pointer (&file);
}

static char *
upload (GawsS3Client *s3,
        const char   *suite,
        const char   *release,
        const char   *filename,
        GFile        *staging_path,
        const char   *bucket)
{
  g_autofree char *blob_s3_key = g_strdup_printf ("%s/%s/%s", suite, release, filename);
  g_autoptr(GawsS3TransferManager) transfer = gaws_s3_transfer_manager_new (GAWS_CLIENT (s3));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ExampleCall call = { NULL };

  g_print ("Uploading %s to s3\n", blob_s3_key);
  gaws_s3_transfer_manager_upload_file_async (transfer, staging_path, bucket, blob_s3_key, NULL,
                                              NULL, NULL, NULL, NULL, example_call_done, &call);
  result = example_await (&call);
  if (!gaws_s3_transfer_manager_upload_file_finish (transfer, result, &error))
    {
      g_printerr ("Unable to s3 upload to %s: %s\n", blob_s3_key, error->message);
      return g_strdup ("");
    }
  g_print ("Finished Uploading %s to s3\n", blob_s3_key);
  return g_strdup_printf ("s3://%s/%s", bucket, blob_s3_key);
}

int
main (void)
{
  g_autoptr(GawsSession) session = example_session_new ();
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsS3Client) s3 = gaws_s3_client_new (session, config);
  g_autoptr(GawsS3HeadObjectRequest) head = gaws_s3_head_object_request_new ();
  g_autoptr(GawsS3HeadObjectOutput) stored = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) staging_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  ExampleCall call = { NULL };

  if (!example_ensure_bucket (s3, BUCKET, &error))
    return example_fail ("CreateBucket", error);
  staging_path = make_staging_file (&error);
  if (staging_path == NULL)
    return example_fail ("Writing the staging file", error);

  url = upload (s3, "bookworm", "12.5", "Packages.txt", staging_path, BUCKET);
  g_file_delete (staging_path, NULL, NULL);
  if (url[0] == '\0')
    return 1;
  g_print ("%s\n", url);

  /* what S3 has now */
  gaws_s3_head_object_request_set_bucket (head, BUCKET);
  gaws_s3_head_object_request_set_key (head, "bookworm/12.5/Packages.txt");
  gaws_s3_client_head_object_async (s3, head, NULL, example_call_done, &call);
  result = example_await (&call);
  stored = gaws_s3_client_head_object_finish (s3, result, &error);
  if (stored == NULL)
    return example_fail ("HeadObject", error);
  g_print ("head_object: ContentLength %" G_GINT64_FORMAT "\n",
           gaws_s3_head_object_output_get_content_length (stored));
  return 0;
}
