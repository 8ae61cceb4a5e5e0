/* test-generated-request-features-moto.c: httpChecksum (required and
 * flexible checksums, response validation) and request compression through
 * the generated clients, against moto with signature checking on
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "test-generated-common.h"

#include <string.h>
#include <gaws-cloudwatch.h>
#include <gaws-s3.h>

#define CLIENT(Type, func) \
  ({ g_autoptr(GawsSession) s_ = tg_new_session (); \
     g_autoptr(GawsClientConfig) c_ = tg_new_config (); \
     (Type *) func (s_, c_); })

static void
create_bucket (GawsS3Client *client,
               const char   *bucket)
{
  g_autoptr(GawsS3CreateBucketRequest) input = gaws_s3_create_bucket_request_new ();
  g_autoptr(GawsS3CreateBucketOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_s3_create_bucket_request_set_bucket (input, bucket);
  output = gaws_s3_client_create_bucket_sync (client, input, NULL, &error);
  g_assert_no_error (error);
}

static GawsS3PutObjectOutput *
put_object (GawsS3Client *client,
            const char   *bucket,
            const char   *key,
            const char   *text,
            const char   *algorithm,
            GError      **error)
{
  g_autoptr(GawsS3PutObjectRequest) input = gaws_s3_put_object_request_new ();
  g_autoptr(GInputStream) body = g_memory_input_stream_new_from_data (g_strdup (text), strlen (text), g_free);

  gaws_s3_put_object_request_set_bucket (input, bucket);
  gaws_s3_put_object_request_set_key (input, key);
  gaws_s3_put_object_request_set_body (input, body);
  gaws_s3_put_object_request_set_content_length (input, strlen (text));
  if (algorithm != NULL)
    gaws_s3_put_object_request_set_checksum_algorithm (input, algorithm);
  return gaws_s3_client_put_object_sync (client, input, NULL, error);
}

static char *
read_all (GInputStream *stream,
          GError      **error)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) bytes = NULL;

  if (g_output_stream_splice (memory, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                              G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* DeleteObjects requires a checksum: CRC32 when none is chosen. */
static void
test_s3_delete_objects (void)
{
  g_autoptr(GawsS3Client) client = CLIENT (GawsS3Client, gaws_s3_client_new);
  g_autoptr(GawsS3DeleteObjectsRequest) input = gaws_s3_delete_objects_request_new ();
  g_autoptr(GawsS3DeleteObjectsOutput) output = NULL;
  g_autoptr(GawsS3ListObjectsV2Request) list = gaws_s3_list_objects_v2_request_new ();
  g_autoptr(GawsS3ListObjectsV2Output) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(json_t) json = NULL;

  create_bucket (client, "features-delete");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GawsS3PutObjectOutput) put = put_object (client, "features-delete", i ? "two" : "one", "1", NULL, &error);
      g_assert_no_error (error);
    }
  tg_fill (input, "{\"Bucket\": \"features-delete\", \"Delete\": {\"Objects\": [{\"Key\": \"one\"}, {\"Key\": \"two\"}]}}");
  output = gaws_s3_client_delete_objects_sync (client, input, NULL, &error);
  g_assert_no_error (error);
  json = tg_to_json (output);
  g_assert_cmpuint (json_array_size (json_object_get (json, "Deleted")), ==, 2);
  gaws_s3_list_objects_v2_request_set_bucket (list, "features-delete");
  listed = gaws_s3_client_list_objects_v2_sync (client, list, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gaws_s3_list_objects_v2_output_get_key_count (listed), ==, 0);
}

static void
test_s3_put_bucket_lifecycle_configuration (void)
{
  g_autoptr(GawsS3Client) client = CLIENT (GawsS3Client, gaws_s3_client_new);
  g_autoptr(GawsS3PutBucketLifecycleConfigurationRequest) put =
    gaws_s3_put_bucket_lifecycle_configuration_request_new ();
  g_autoptr(GawsS3PutBucketLifecycleConfigurationOutput) put_output = NULL;
  g_autoptr(GawsS3GetBucketLifecycleConfigurationRequest) get =
    gaws_s3_get_bucket_lifecycle_configuration_request_new ();
  g_autoptr(GawsS3GetBucketLifecycleConfigurationOutput) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(json_t) json = NULL;

  create_bucket (client, "features-lifecycle");
  tg_fill (put, "{\"Bucket\": \"features-lifecycle\", \"LifecycleConfiguration\": {\"Rules\": [{\"ID\": \"expire-logs\","
                " \"Filter\": {\"Prefix\": \"logs/\"}, \"Status\": \"Enabled\", \"Expiration\": {\"Days\": 7}}]}}");
  put_output = gaws_s3_client_put_bucket_lifecycle_configuration_sync (client, put, NULL, &error);
  g_assert_no_error (error);
  gaws_s3_get_bucket_lifecycle_configuration_request_set_bucket (get, "features-lifecycle");
  got = gaws_s3_client_get_bucket_lifecycle_configuration_sync (client, get, NULL, &error);
  g_assert_no_error (error);
  json = tg_to_json (got);
  g_assert_cmpstr (tg_json_string (json, "Rules/0/ID"), ==, "expire-logs");
}

/* PutObject supports checksums: CRC32 by default (botocore 1.36), or the
 * chosen one, in the trailer of a streamed body; GetObject asks for the
 * checksum back and checks it. */
static void
test_s3_put_object_checksums (void)
{
  g_autoptr(GawsS3Client) client = CLIENT (GawsS3Client, gaws_s3_client_new);
  g_autoptr(GError) error = NULL;
  /* Not CRC32C: without the crc32c module moto stores a CRC32 for it. */
  const char *algorithms[] = { NULL, "SHA256", "SHA1" };
  /* CRC32, SHA-256 and SHA-1 of "hello, checksums" (Python's zlib and
   * hashlib). */
  const char *expected[] = { "kS/8zQ==", "b2darrQbIjx0s7bDYfT7cco+mBDlphvBlpaMzTHXqR4=", "UvaCbQNXufuU94McTxs0+q72M/A=" };

  create_bucket (client, "features-checksums");
  for (guint i = 0; i < G_N_ELEMENTS (algorithms); i++)
    {
      g_autoptr(GawsS3PutObjectOutput) put = NULL;
      g_autoptr(GawsS3GetObjectRequest) get = gaws_s3_get_object_request_new ();
      g_autoptr(GawsS3GetObjectOutput) got = NULL;
      g_autofree char *key = g_strdup_printf ("object-%u", i);
      g_autofree char *text = NULL;
      g_autoptr(json_t) json = NULL;
      const char *field = i == 0 ? "ChecksumCRC32" : i == 1 ? "ChecksumSHA256" : "ChecksumSHA1";

      put = put_object (client, "features-checksums", key, "hello, checksums", algorithms[i], &error);
      g_assert_no_error (error);
      json = tg_to_json (put);
      g_assert_cmpstr (tg_json_string (json, field), ==, expected[i]);

      gaws_s3_get_object_request_set_bucket (get, "features-checksums");
      gaws_s3_get_object_request_set_key (get, key);
      got = gaws_s3_client_get_object_sync (client, get, NULL, &error);
      g_assert_no_error (error);
      g_clear_pointer (&json, json_decref);
      json = tg_to_json (got);
      g_assert_cmpstr (tg_json_string (json, field), ==, expected[i]);
      text = read_all (gaws_s3_get_object_output_get_body (got), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (text, ==, "hello, checksums");
    }
}

/* A payload past the 10 KiB threshold is gzipped; moto inflates it. */
static void
test_cloudwatch_compressed_put_metric_data (void)
{
  g_autoptr(GawsCloudwatchClient) client = CLIENT (GawsCloudwatchClient, gaws_cloudwatch_client_new);
  g_autoptr(GawsCloudwatchPutMetricDataInput) put = gaws_cloudwatch_put_metric_data_input_new ();
  g_autoptr(GawsCloudwatchListMetricsInput) list = gaws_cloudwatch_list_metrics_input_new ();
  g_autoptr(GawsCloudwatchListMetricsOutput) listed = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  g_autoptr(GString) json_text = g_string_new ("{\"Namespace\": \"gaws/compressed\", \"MetricData\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(json_t) json = NULL;
  guint found = 0;

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (json_text, "%s{\"MetricName\": \"metric-%03u\", \"Timestamp\": \"%s\", \"Value\": %u,"
                            " \"Unit\": \"Count\", \"Dimensions\": [{\"Name\": \"padding\","
                            " \"Value\": \"a-dimension-value-long-enough-to-pass-the-threshold\"}]}",
                            i ? ", " : "", i, stamp, i);
  g_string_append (json_text, "]}");
  g_assert_cmpuint (json_text->len, >, 10240);
  tg_fill (put, json_text->str);
  gaws_cloudwatch_client_put_metric_data_sync (client, put, NULL, &error);
  g_assert_no_error (error);

  gaws_cloudwatch_list_metrics_input_set_namespace (list, "gaws/compressed");
  listed = gaws_cloudwatch_client_list_metrics_sync (client, list, NULL, &error);
  g_assert_no_error (error);
  json = tg_to_json (listed);
  for (guint i = 0; i < json_array_size (json_object_get (json, "Metrics")); i++)
    {
      const char *name = json_string_value (json_object_get (json_array_get (json_object_get (json, "Metrics"), i),
                                                             "MetricName"));
      if (name != NULL && g_str_has_prefix (name, "metric-"))
        found++;
    }
  g_assert_cmpuint (found, ==, 100);
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  tg_moto_start ();

  g_test_add_func ("/generated/features/s3/delete-objects-required-checksum", test_s3_delete_objects);
  g_test_add_func ("/generated/features/s3/put-bucket-lifecycle-configuration",
                   test_s3_put_bucket_lifecycle_configuration);
  g_test_add_func ("/generated/features/s3/put-object-checksums", test_s3_put_object_checksums);
  g_test_add_func ("/generated/features/cloudwatch/compressed-put-metric-data",
                   test_cloudwatch_compressed_put_metric_data);
  status = g_test_run ();

  tg_moto_stop ();
  return status;
}
