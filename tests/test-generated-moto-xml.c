/* test-generated-moto-xml.c: the generated clients of query, ec2 and
 * rest-xml services (and SQS, json first now) against moto, with signature
 * checking on. (CloudWatch, which botocore and gaws talk to in json, is in
 * test-generated-moto.c.)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "test-generated-common.h"

#include <string.h>
#include <gaws-ec2.h>
#include <gaws-iam.h>
#include <gaws-s3.h>
#include <gaws-sns.h>
#include <gaws-sqs.h>
#include <gaws-sts.h>

#define CLIENT(Type, func) \
  ({ g_autoptr(GawsSession) s_ = tg_new_session (); \
     g_autoptr(GawsClientConfig) c_ = tg_new_config (); \
     (Type *) func (s_, c_); })

static GInputStream *
stream_of (const char *text, gsize length)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, length);

  return g_memory_input_stream_new_from_bytes (bytes);
}

static char *
read_all (GInputStream *stream, gsize *length)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_output_stream_splice (memory, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (memory, NULL, NULL);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  *length = g_bytes_get_size (bytes);
  return g_strndup (g_bytes_get_data (bytes, NULL), *length);
}

static void
put_object (GawsS3Client *client, const char *key, const char *text)
{
  g_autoptr(GawsS3PutObjectRequest) input = gaws_s3_put_object_request_new ();
  g_autoptr(GInputStream) body = stream_of (text, strlen (text));
  g_autoptr(GawsS3PutObjectOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_s3_put_object_request_set_bucket (input, "gaws-bucket");
  gaws_s3_put_object_request_set_key (input, key);
  gaws_s3_put_object_request_set_body (input, body);
  output = gaws_s3_client_put_object_sync (client, input, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (gaws_s3_put_object_output_get_e_tag (output));
}

/* create_bucket, put_object, get_object with a streamed body,
 * list_objects_v2 and delete_objects. */
static void
test_s3_objects (void)
{
  g_autoptr(GawsS3Client) client = CLIENT (GawsS3Client, gaws_s3_client_new);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(GawsS3CreateBucketRequest) input = gaws_s3_create_bucket_request_new ();
    g_autoptr(GawsS3CreateBucketOutput) output = NULL;

    gaws_s3_create_bucket_request_set_bucket (input, "gaws-bucket");
    output = gaws_s3_client_create_bucket_sync (client, input, NULL, &error);
    g_assert_no_error (error);
  }
  put_object (client, "a/one.txt", "one");
  put_object (client, "a/two.txt", "two, with more bytes");

  {
    g_autoptr(GawsS3GetObjectRequest) input = gaws_s3_get_object_request_new ();
    g_autoptr(GawsS3GetObjectOutput) output = NULL;
    g_autofree char *text = NULL;
    gsize length = 0;

    gaws_s3_get_object_request_set_bucket (input, "gaws-bucket");
    gaws_s3_get_object_request_set_key (input, "a/two.txt");
    output = gaws_s3_client_get_object_sync (client, input, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gaws_s3_get_object_output_get_content_length (output), ==, 20);
    text = read_all (gaws_s3_get_object_output_get_body (output), &length);
    g_assert_cmpstr (text, ==, "two, with more bytes");
  }

  {
    g_autoptr(GawsS3ListObjectsV2Request) input = gaws_s3_list_objects_v2_request_new ();
    g_autoptr(GawsS3ListObjectsV2Output) output = NULL;
    GPtrArray *contents;

    gaws_s3_list_objects_v2_request_set_bucket (input, "gaws-bucket");
    gaws_s3_list_objects_v2_request_set_prefix (input, "a");
    output = gaws_s3_client_list_objects_v2_sync (client, input, NULL, &error);
    g_assert_no_error (error);
    contents = gaws_s3_list_objects_v2_output_get_contents (output);
    g_assert_cmpuint (contents->len, ==, 2);
    g_assert_cmpstr (gaws_s3_object_get_key (g_ptr_array_index (contents, 0)), ==, "a/one.txt");
  }

  {
    g_autoptr(GawsS3DeleteObjectsRequest) input = gaws_s3_delete_objects_request_new ();
    g_autoptr(GawsS3DeleteObjectsOutput) output = NULL;

    gaws_s3_delete_objects_request_set_bucket (input, "gaws-bucket");
    tg_fill (input, "{\"Delete\": {\"Objects\": [{\"Key\": \"a/one.txt\"}, {\"Key\": \"a/two.txt\"}]}}");
    output = gaws_s3_client_delete_objects_sync (client, input, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (gaws_s3_delete_objects_output_get_deleted (output)->len, ==, 2);
  }

  {
    g_autoptr(GawsS3GetObjectRequest) input = gaws_s3_get_object_request_new ();
    g_autoptr(GawsS3GetObjectOutput) output = NULL;

    gaws_s3_get_object_request_set_bucket (input, "gaws-bucket");
    gaws_s3_get_object_request_set_key (input, "a/one.txt");
    output = gaws_s3_client_get_object_sync (client, input, NULL, &error);
    g_assert_null (output);
    g_assert_true (gaws_error_matches_code (error, GAWS_S3_ERROR_NO_SUCH_KEY));
    g_clear_error (&error);
  }
}

/* A multipart upload by hand: create, two parts, complete, read back. */
static void
test_s3_multipart_upload (void)
{
  g_autoptr(GawsS3Client) client = CLIENT (GawsS3Client, gaws_s3_client_new);
  g_autoptr(GawsS3CreateMultipartUploadRequest) create = gaws_s3_create_multipart_upload_request_new ();
  g_autoptr(GawsS3CreateMultipartUploadOutput) created = NULL;
  g_autoptr(GawsS3CompleteMultipartUploadRequest) complete = gaws_s3_complete_multipart_upload_request_new ();
  g_autoptr(GawsS3CompleteMultipartUploadOutput) completed = NULL;
  g_autoptr(GawsS3CompletedMultipartUpload) upload = gaws_s3_completed_multipart_upload_new ();
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GawsS3GetObjectRequest) get = gaws_s3_get_object_request_new ();
  g_autoptr(GawsS3GetObjectOutput) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = g_malloc (5 * 1024 * 1024);
  g_autofree char *text = NULL;
  const char *upload_id;
  gsize length = 0;

  {
    g_autoptr(GawsS3CreateBucketRequest) input = gaws_s3_create_bucket_request_new ();
    g_autoptr(GawsS3CreateBucketOutput) output = NULL;

    gaws_s3_create_bucket_request_set_bucket (input, "gaws-multipart");
    output = gaws_s3_client_create_bucket_sync (client, input, NULL, &error);
    g_assert_no_error (error);
  }
  gaws_s3_create_multipart_upload_request_set_bucket (create, "gaws-multipart");
  gaws_s3_create_multipart_upload_request_set_key (create, "big");
  created = gaws_s3_client_create_multipart_upload_sync (client, create, NULL, &error);
  g_assert_no_error (error);
  upload_id = gaws_s3_create_multipart_upload_output_get_upload_id (created);
  g_assert_nonnull (upload_id);

  memset (first, 'x', 5 * 1024 * 1024);
  for (int i = 1; i <= 2; i++)
    {
      g_autoptr(GawsS3UploadPartRequest) input = gaws_s3_upload_part_request_new ();
      g_autoptr(GawsS3UploadPartOutput) output = NULL;
      g_autoptr(GInputStream) body = i == 1 ? stream_of (first, 5 * 1024 * 1024) : stream_of ("tail", 4);
      GawsS3CompletedPart *part = gaws_s3_completed_part_new ();

      gaws_s3_upload_part_request_set_bucket (input, "gaws-multipart");
      gaws_s3_upload_part_request_set_key (input, "big");
      gaws_s3_upload_part_request_set_upload_id (input, upload_id);
      gaws_s3_upload_part_request_set_part_number (input, i);
      gaws_s3_upload_part_request_set_content_length (input, i == 1 ? 5 * 1024 * 1024 : 4);
      gaws_s3_upload_part_request_set_body (input, body);
      output = gaws_s3_client_upload_part_sync (client, input, NULL, &error);
      g_assert_no_error (error);
      gaws_s3_completed_part_set_e_tag (part, gaws_s3_upload_part_output_get_e_tag (output));
      gaws_s3_completed_part_set_part_number (part, i);
      g_ptr_array_add (parts, part);
    }
  gaws_s3_completed_multipart_upload_set_parts (upload, parts);
  gaws_s3_complete_multipart_upload_request_set_bucket (complete, "gaws-multipart");
  gaws_s3_complete_multipart_upload_request_set_key (complete, "big");
  gaws_s3_complete_multipart_upload_request_set_upload_id (complete, upload_id);
  gaws_s3_complete_multipart_upload_request_set_multipart_upload (complete, upload);
  completed = gaws_s3_client_complete_multipart_upload_sync (client, complete, NULL, &error);
  g_assert_no_error (error);

  gaws_s3_get_object_request_set_bucket (get, "gaws-multipart");
  gaws_s3_get_object_request_set_key (get, "big");
  got = gaws_s3_client_get_object_sync (client, get, NULL, &error);
  g_assert_no_error (error);
  text = read_all (gaws_s3_get_object_output_get_body (got), &length);
  g_assert_cmpuint (length, ==, 5 * 1024 * 1024 + 4);
  g_assert_cmpstr (text + 5 * 1024 * 1024, ==, "tail");
}

static void
test_sqs_send_and_receive (void)
{
  g_autoptr(GawsSqsClient) client = CLIENT (GawsSqsClient, gaws_sqs_client_new);
  g_autoptr(GawsSqsCreateQueueRequest) create = gaws_sqs_create_queue_request_new ();
  g_autoptr(GawsSqsCreateQueueResult) created = NULL;
  g_autoptr(GawsSqsSendMessageRequest) send = gaws_sqs_send_message_request_new ();
  g_autoptr(GawsSqsSendMessageResult) sent = NULL;
  g_autoptr(GawsSqsReceiveMessageRequest) receive = gaws_sqs_receive_message_request_new ();
  g_autoptr(GawsSqsReceiveMessageResult) received = NULL;
  g_autoptr(json_t) json = NULL;
  g_autoptr(GError) error = NULL;
  const char *url;

  gaws_sqs_create_queue_request_set_queue_name (create, "gaws-queue");
  created = gaws_sqs_client_create_queue_sync (client, create, NULL, &error);
  g_assert_no_error (error);
  url = gaws_sqs_create_queue_result_get_queue_url (created);
  g_assert_nonnull (url);

  gaws_sqs_send_message_request_set_queue_url (send, url);
  gaws_sqs_send_message_request_set_message_body (send, "hello & <goodbye>");
  sent = gaws_sqs_client_send_message_sync (client, send, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (gaws_sqs_send_message_result_get_message_id (sent));

  gaws_sqs_receive_message_request_set_queue_url (receive, url);
  received = gaws_sqs_client_receive_message_sync (client, receive, NULL, &error);
  g_assert_no_error (error);
  json = tg_to_json (received);
  g_assert_cmpstr (tg_json_string (json, "Messages/0/Body"), ==, "hello & <goodbye>");
}

static void
test_sns_create_topic_and_publish (void)
{
  g_autoptr(GawsSnsClient) client = CLIENT (GawsSnsClient, gaws_sns_client_new);
  g_autoptr(GawsSnsCreateTopicInput) create = gaws_sns_create_topic_input_new ();
  g_autoptr(GawsSnsCreateTopicResponse) created = NULL;
  g_autoptr(GawsSnsPublishInput) publish = gaws_sns_publish_input_new ();
  g_autoptr(GawsSnsPublishResponse) published = NULL;
  g_autoptr(GError) error = NULL;
  const char *arn;

  gaws_sns_create_topic_input_set_name (create, "gaws-topic");
  created = gaws_sns_client_create_topic_sync (client, create, NULL, &error);
  g_assert_no_error (error);
  arn = gaws_sns_create_topic_response_get_topic_arn (created);
  g_assert_true (g_str_has_suffix (arn, ":gaws-topic"));

  gaws_sns_publish_input_set_topic_arn (publish, arn);
  /* No space: moto checks the signature over the body re-encoded the
   * way botocore encodes it (space as +), not over the bytes sent. */
  gaws_sns_publish_input_set_message (publish, "hello,topic&more");
  published = gaws_sns_client_publish_sync (client, publish, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (gaws_sns_publish_response_get_message_id (published));
}

typedef struct {
  GMainLoop *loop;
  GObject   *output;
  GError    *error;
} AsyncCall;

static void
list_users_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncCall *call = user_data;

  call->output = (GObject *) gaws_iam_client_list_users_finish (GAWS_IAM_CLIENT (source), result, &call->error);
  g_main_loop_quit (call->loop);
}

/* A global service, through _async. */
static void
test_iam_list_users (void)
{
  g_autoptr(GawsIamClient) client = CLIENT (GawsIamClient, gaws_iam_client_new);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(json_t) json = NULL;
  AsyncCall call = { loop, NULL, NULL };

  gaws_iam_client_list_users_async (client, NULL, NULL, list_users_cb, &call);
  g_main_loop_run (loop);
  g_assert_no_error (call.error);
  json = tg_to_json (call.output);
  g_assert_cmpstr (tg_json_string (json, "Users/0/UserName"), ==, "gaws-tester");
  g_clear_object (&call.output);
}

static void
test_ec2_describe_instances (void)
{
  g_autoptr(GawsEc2Client) client = CLIENT (GawsEc2Client, gaws_ec2_client_new);
  g_autoptr(GawsEc2DescribeInstancesResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *reservations;

  result = gaws_ec2_client_describe_instances_sync (client, NULL, NULL, &error);
  g_assert_no_error (error);
  reservations = gaws_ec2_describe_instances_result_get_reservations (result);
  g_assert_true (reservations == NULL || reservations->len == 0);
}

static void
test_sts_get_caller_identity (void)
{
  g_autoptr(GawsStsClient) client = CLIENT (GawsStsClient, gaws_sts_client_new);
  g_autoptr(GawsStsGetCallerIdentityResponse) identity = NULL;
  g_autoptr(GError) error = NULL;

  identity = gaws_sts_client_get_caller_identity_sync (client, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (gaws_sts_get_caller_identity_response_get_arn (identity), ":user/gaws-tester"));
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  tg_moto_start ();

  g_test_add_func ("/generated/moto/s3/objects", test_s3_objects);
  g_test_add_func ("/generated/moto/s3/multipart-upload", test_s3_multipart_upload);
  g_test_add_func ("/generated/moto/sqs/send-and-receive", test_sqs_send_and_receive);
  g_test_add_func ("/generated/moto/sns/create-topic-and-publish", test_sns_create_topic_and_publish);
  g_test_add_func ("/generated/moto/iam/list-users", test_iam_list_users);
  g_test_add_func ("/generated/moto/ec2/describe-instances", test_ec2_describe_instances);
  g_test_add_func ("/generated/moto/sts/get-caller-identity", test_sts_get_caller_identity);
  status = g_test_run ();

  tg_moto_stop ();
  return status;
}
