/* test-event-stream-moto.c: S3 SelectObjectContent's event stream from moto
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "test-generated-common.h"
#include <gaws-s3.h>
#include <string.h>

#define BUCKET "gaws-select"
#define CSV    "name,city\nAlice,Paris\nBob,Lyon\nCarol,Paris\n"

static GawsS3Client *
new_client (void)
{
  g_autoptr(GawsSession) session = tg_new_session ();
  g_autoptr(GawsClientConfig) config = tg_new_config ();

  return gaws_s3_client_new (session, config);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GawsShape *
next_event (GawsEventStream  *stream,
            GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gaws_event_stream_next_event_async (stream, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gaws_event_stream_next_event_finish (stream, result, error);
}

static void
put_csv (GawsS3Client *client)
{
  g_autoptr(GawsS3CreateBucketRequest) bucket = gaws_s3_create_bucket_request_new ();
  g_autoptr(GawsS3PutObjectRequest) put = gaws_s3_put_object_request_new ();
  g_autoptr(GInputStream) body = g_memory_input_stream_new_from_data (CSV, strlen (CSV), NULL);
  g_autoptr(GawsS3CreateBucketOutput) created = NULL;
  g_autoptr(GawsS3PutObjectOutput) stored = NULL;
  g_autoptr(GError) error = NULL;

  gaws_s3_create_bucket_request_set_bucket (bucket, BUCKET);
  created = gaws_s3_client_create_bucket_sync (client, bucket, NULL, &error);
  g_assert_no_error (error);
  gaws_s3_put_object_request_set_bucket (put, BUCKET);
  gaws_s3_put_object_request_set_key (put, "people.csv");
  gaws_s3_put_object_request_set_body (put, body);
  gaws_s3_put_object_request_set_content_length (put, strlen (CSV));
  stored = gaws_s3_client_put_object_sync (client, put, NULL, &error);
  g_assert_no_error (error);
}

static void
test_select_object_content (void)
{
  g_autoptr(GawsS3Client) client = new_client ();
  g_autoptr(GawsS3SelectObjectContentRequest) request = gaws_s3_select_object_content_request_new ();
  g_autoptr(GawsS3SelectObjectContentOutput) output = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GString) records = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GawsEventStream *stream;
  GawsShape *event;
  gboolean saw_stats = FALSE;

  put_csv (client);
  /* moto 5 selects whole CSV objects; its WHERE support is too thin. */
  tg_fill (request, "{\"Bucket\":\"" BUCKET "\",\"Key\":\"people.csv\","
                    "\"Expression\":\"SELECT * FROM S3Object\","
                    "\"ExpressionType\":\"SQL\",\"InputSerialization\":{\"CSV\":{}},"
                    "\"OutputSerialization\":{\"CSV\":{}}}");
  gaws_s3_client_select_object_content_async (client, request, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  output = gaws_s3_client_select_object_content_finish (client, result, &error);
  g_assert_no_error (error);
  stream = gaws_event_stream_from_output (GAWS_SHAPE (output));
  g_assert_nonnull (stream);
  while ((event = next_event (stream, &error)) != NULL)
    {
      const char *name = gaws_event_stream_get_event_name (stream);

      g_ptr_array_add (names, (gpointer) name);
      if (g_str_equal (name, "Records"))
        {
          GBytes *payload = gaws_s3_records_event_get_payload (GAWS_S3_RECORDS_EVENT (event));
          g_string_append_len (records, g_bytes_get_data (payload, NULL), (gssize) g_bytes_get_size (payload));
        }
      else if (g_str_equal (name, "Stats"))
        {
          GawsS3Stats *stats = gaws_s3_stats_event_get_details (GAWS_S3_STATS_EVENT (event));

          saw_stats = TRUE;
          g_assert_cmpint (gaws_s3_stats_get_bytes_scanned (stats), >, 0);
          g_assert_cmpint (gaws_s3_stats_get_bytes_returned (stats), ==, (gint64) records->len);
        }
      g_object_unref (event);
    }
  g_assert_no_error (error);
  g_test_message ("records: %s", records->str);
  g_assert_nonnull (strstr (records->str, "Alice"));
  g_assert_nonnull (strstr (records->str, "Bob,Lyon"));
  g_assert_nonnull (strstr (records->str, "Carol,Paris"));
  g_assert_true (saw_stats);
  g_assert_cmpuint (names->len, >=, 3);
  g_assert_cmpstr (g_ptr_array_index (names, names->len - 1), ==, "End");
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  tg_moto_start ();
  g_test_add_func ("/event-stream/moto/s3/select-object-content", test_select_object_content);
  status = g_test_run ();
  tg_moto_stop ();
  return status;
}
