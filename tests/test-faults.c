/* test-faults.c: the generated DynamoDB (json) and S3 (rest-xml) clients
 * against a loopback server that misbehaves on cue: throttling, 5xx,
 * resets, short bodies, trickles, stalls, malformed and huge bodies, wrong
 * checksums and clock skew; the timeouts and stalled-stream protection;
 * cancellation at every stage of a call
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-server.h"
#include "test-generated-common.h"

#include <gio/gunixinputstream.h>
#include <gaws-dynamodb.h>
#include <gaws-s3.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define GUARD_SECONDS 60   /* a test still waiting after this hangs */
#define OBJECT_TEXT   "hello, checksummed world"
#define BIG_OBJECT    (64 * 1024)

typedef enum {
  FAULT_OK,
  FAULT_THROTTLE,        /* ThrottlingException (json), SlowDown 503 (xml) */
  FAULT_500,
  FAULT_503,
  FAULT_RESET,           /* TCP RST before any byte of the response */
  FAULT_RESET_MID,       /* RST after 10 bytes of the body */
  FAULT_SHORT,           /* clean close after 10 bytes of a longer body */
  FAULT_TRICKLE,         /* the body, 3 bytes every 30 ms */
  FAULT_STALL,           /* no answer at all */
  FAULT_STALL_MID,       /* the head and 10 bytes of body, then nothing */
  FAULT_MALFORMED,       /* 200 with a cut JSON or XML document */
  FAULT_DEEP,            /* 200 with 200,000 levels of nesting */
  FAULT_HUGE,            /* 200 with a valid 16 MiB document */
  FAULT_GARBAGE_500,     /* 500 whose body is no error document at all */
  FAULT_BAD_CHECKSUM,    /* the object with a x-amz-checksum-crc32 of other bytes */
  FAULT_GOOD_CHECKSUM,
  FAULT_SKEWED,          /* a clock-skew error, the Date an hour ahead */
  FAULT_SKEW_CODE_ONLY,  /* the same error, the Date right */
  FAULT_RETRY_LATER,     /* 503 with x-amz-retry-after: 60000 */
  FAULT_NOT_FOUND,       /* ResourceNotFoundException (json) */
  FAULT_TRUNCATED,       /* the first page of a listing (xml) */
} Fault;

typedef struct {
  GMutex     lock;
  Fault      steps[8];
  guint      n_steps;
  guint      served;
  GPtrArray *sdk_requests;   /* amz-sdk-request of each request */
  GPtrArray *dates;          /* X-Amz-Date */
  GPtrArray *bodies;         /* request bodies, as text */
} Script;

typedef struct {
  Script            script;
  GawsTestServer   *server;
  GawsSession      *session;
  GawsClientConfig *config;
} Fixture;

/* ---- the scripted server ------------------------------------------------ */

static char *
http_date (gint64 offset_seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) when = g_date_time_add_seconds (now, (double) offset_seconds);
  static const char *const days[] = { "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *const months[] = { "", "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

  return g_strdup_printf ("%s, %02d %s %d %02d:%02d:%02d GMT", days[g_date_time_get_day_of_week (when)],
                          g_date_time_get_day_of_month (when), months[g_date_time_get_month (when)],
                          g_date_time_get_year (when), g_date_time_get_hour (when),
                          g_date_time_get_minute (when), g_date_time_get_second (when));
}

static void
set_body_owned (GawsTestServerReply *reply, const char *type, char *text, gsize len)
{
  gaws_http_headers_replace (reply->headers, "Content-Type", type);
  g_clear_pointer (&reply->body, g_bytes_unref);
  reply->body = g_bytes_new_take (text, len);
}

static char *
repeat (const char *unit, guint times, const char *prefix, const char *suffix, gsize *len)
{
  GString *text = g_string_new (prefix);

  for (guint i = 0; i < times; i++)
    g_string_append (text, unit);
  g_string_append (text, suffix);
  *len = text->len;
  return g_string_free (text, FALSE);
}

/* What a well-behaved service says. */
static void
reply_ok (const GawsTestServerRequest *request, GawsTestServerReply *reply, gboolean json)
{
  if (json)
    {
      const char *target = gaws_http_headers_get_one (request->headers, "X-Amz-Target");

      gaws_test_server_reply_set_body (reply, "application/x-amz-json-1.0",
                                       target && g_str_has_suffix (target, ".GetItem")
                                       ? "{\"Item\": {\"pk\": {\"S\": \"k1\"}, \"v\": {\"S\": \"hello\"}}}"
                                       : "{}", -1);
      return;
    }
  if (g_str_equal (request->method, "PUT"))
    {
      gaws_http_headers_append (reply->headers, "ETag", "\"0123456789abcdef\"");
      return;
    }
  if (strstr (request->path, "list-type=2") != NULL)
    {
      gaws_test_server_reply_set_body (reply, "application/xml",
                                       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult>"
                                       "<Name>b</Name><KeyCount>1</KeyCount><IsTruncated>false</IsTruncated>"
                                       "<Contents><Key>k1</Key><Size>3</Size></Contents></ListBucketResult>", -1);
      return;
    }
  if (strstr (request->path, "big") != NULL)
    {
      gaws_http_headers_append (reply->headers, "Content-Type", "application/octet-stream");
      reply->body_length = BIG_OBJECT;   /* the server's pattern */
      return;
    }
  gaws_test_server_reply_set_body (reply, "text/plain", OBJECT_TEXT, -1);
  gaws_http_headers_append (reply->headers, "ETag", "\"0123456789abcdef\"");
}

static void
reply_error (GawsTestServerReply *reply, gboolean json, guint status, const char *code, const char *message)
{
  g_autofree char *text = NULL;

  reply->status = status;
  if (json)
    text = g_strdup_printf ("{\"__type\": \"com.amazonaws.dynamodb.v20120810#%s\", \"message\": \"%s\"}",
                            code, message);
  else
    text = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>%s</Code>"
                            "<Message>%s</Message><RequestId>R1</RequestId></Error>", code, message);
  gaws_test_server_reply_set_body (reply, json ? "application/x-amz-json-1.0" : "application/xml", text, -1);
}

static void
reply_checksummed (const GawsTestServerRequest *request, GawsTestServerReply *reply, gboolean good)
{
  const char *checksummed = good ? OBJECT_TEXT : "some other bytes";
  g_autofree char *crc = gaws_checksum_compute_base64 (GAWS_CHECKSUM_ALGORITHM_CRC32,
                                                       (const guint8 *) checksummed, strlen (checksummed));

  reply_ok (request, reply, FALSE);
  gaws_http_headers_append (reply->headers, "x-amz-checksum-crc32", crc);
}

static void
reply_fault (const GawsTestServerRequest *request, GawsTestServerReply *reply, Fault fault)
{
  gboolean json = gaws_http_headers_get_one (request->headers, "X-Amz-Target") != NULL;
  g_autofree char *date = NULL;
  gsize len = 0;
  char *text;

  switch (fault)
    {
    case FAULT_OK:
      reply_ok (request, reply, json);
      break;
    case FAULT_THROTTLE:
      if (json)
        reply_error (reply, TRUE, 400, "ThrottlingException", "Rate exceeded");
      else
        reply_error (reply, FALSE, 503, "SlowDown", "Please reduce your request rate.");
      break;
    case FAULT_500:
      reply_error (reply, json, 500, json ? "InternalServerError" : "InternalError", "try again");
      break;
    case FAULT_503:
      reply_error (reply, json, 503, "ServiceUnavailable", "later");
      break;
    case FAULT_RETRY_LATER:
      reply_error (reply, json, 503, "ServiceUnavailable", "much later");
      gaws_http_headers_append (reply->headers, "x-amz-retry-after", "60000");
      break;
    case FAULT_RESET:
      reply->action = GAWS_TEST_SERVER_RESET;
      break;
    case FAULT_NOT_FOUND:
      reply_error (reply, TRUE, 400, "ResourceNotFoundException", "Requested resource not found");
      break;
    case FAULT_TRUNCATED:
      gaws_test_server_reply_set_body (reply, "application/xml",
                                       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult>"
                                       "<Name>b</Name><KeyCount>1</KeyCount><IsTruncated>true</IsTruncated>"
                                       "<NextContinuationToken>page-2</NextContinuationToken>"
                                       "<Contents><Key>k0</Key><Size>3</Size></Contents></ListBucketResult>", -1);
      break;
    case FAULT_RESET_MID:
    case FAULT_SHORT:
    case FAULT_STALL_MID:
    case FAULT_TRICKLE:
      reply_ok (request, reply, json);
      reply->action = fault == FAULT_RESET_MID ? GAWS_TEST_SERVER_RESET_AFTER
                    : fault == FAULT_SHORT ? GAWS_TEST_SERVER_CLOSE_AFTER
                    : fault == FAULT_STALL_MID ? GAWS_TEST_SERVER_STALL_AFTER
                    : GAWS_TEST_SERVER_TRICKLE;
      reply->fault_offset = 10;
      reply->trickle_chunk = 3;
      reply->trickle_interval_ms = 30;
      break;
    case FAULT_STALL:
      reply->action = GAWS_TEST_SERVER_STALL;
      break;
    case FAULT_MALFORMED:
      gaws_test_server_reply_set_body (reply, json ? "application/x-amz-json-1.0" : "application/xml",
                                       json ? "{\"Item\": {\"pk\": {\"S\": \"k1\"}, \"v\": {\"S\""
                                            : "<?xml version=\"1.0\"?><ListBucketResult><Contents>"
                                              "<Key>k1</Key></Content", -1);
      break;
    case FAULT_DEEP:
      text = json ? repeat ("[", 200000, "", "", &len)
                  : repeat ("<a>", 200000, "<?xml version=\"1.0\"?><ListBucketResult>", "", &len);
      set_body_owned (reply, json ? "application/x-amz-json-1.0" : "application/xml", text, len);
      break;
    case FAULT_HUGE:
      text = json ? repeat ("x", 16 * 1024 * 1024, "{\"Item\": {\"pk\": {\"S\": \"k1\"}, \"v\": {\"S\": \"", "\"}}}", &len)
                  : repeat ("<Contents><Key>k</Key><Size>1</Size></Contents>", 200000,
                            "<?xml version=\"1.0\"?><ListBucketResult><Name>b</Name>", "</ListBucketResult>", &len);
      set_body_owned (reply, json ? "application/x-amz-json-1.0" : "application/xml", text, len);
      break;
    case FAULT_GARBAGE_500:
      reply->status = 500;
      gaws_test_server_reply_set_body (reply, "text/html", "<html><body>Bad gateway\x01\xff</bo", -1);
      break;
    case FAULT_BAD_CHECKSUM:
    case FAULT_GOOD_CHECKSUM:
      reply_checksummed (request, reply, fault == FAULT_GOOD_CHECKSUM);
      break;
    case FAULT_SKEWED:
    case FAULT_SKEW_CODE_ONLY:
      if (json)
        reply_error (reply, TRUE, 400, "InvalidSignatureException", "Signature expired");
      else
        reply_error (reply, FALSE, 403, "RequestTimeTooSkewed",
                     "The difference between the request time and the current time is too large.");
      date = http_date (fault == FAULT_SKEWED ? 3600 : 0);
      gaws_http_headers_replace (reply->headers, "Date", date);
      break;
    }
}

static void
record (GPtrArray *list, const char *value)
{
  g_ptr_array_add (list, g_strdup (value ? value : ""));
}

static void
handler (const GawsTestServerRequest *request, GawsTestServerReply *reply, gpointer user_data)
{
  Script *script = user_data;
  Fault fault;

  /* The container credentials endpoint of the credential tests never answers. */
  if (g_str_has_prefix (request->path, "/creds"))
    {
      reply->action = GAWS_TEST_SERVER_STALL;
      return;
    }
  g_mutex_lock (&script->lock);
  fault = script->steps[MIN (script->served, script->n_steps - 1)];
  script->served++;
  record (script->sdk_requests, gaws_http_headers_get_one (request->headers, "amz-sdk-request"));
  record (script->dates, gaws_http_headers_get_one (request->headers, "X-Amz-Date"));
  g_ptr_array_add (script->bodies, g_strndup (g_bytes_get_data (request->body, NULL),
                                              g_bytes_get_size (request->body)));
  g_mutex_unlock (&script->lock);
  reply_fault (request, reply, fault);
}

static void
script_steps (Fixture *f, guint n, ...)
{
  va_list args;

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (f->script.steps));
  va_start (args, n);
  for (guint i = 0; i < n; i++)
    f->script.steps[i] = va_arg (args, Fault);
  va_end (args);
  f->script.n_steps = n;
}

static guint
served (Fixture *f)
{
  guint n;

  g_mutex_lock (&f->script.lock);
  n = f->script.served;
  g_mutex_unlock (&f->script.lock);
  return n;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_mutex_init (&f->script.lock);
  f->script.sdk_requests = g_ptr_array_new_with_free_func (g_free);
  f->script.dates = g_ptr_array_new_with_free_func (g_free);
  f->script.bodies = g_ptr_array_new_with_free_func (g_free);
  script_steps (f, 1, FAULT_OK);
  f->server = gaws_test_server_new (handler, &f->script);
  f->session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  gaws_session_set_region (f->session, "eu-west-1");
  f->config = gaws_client_config_new ();
  gaws_client_config_set_endpoint_url (f->config, gaws_test_server_get_url (f->server));
  /* botocore's legacy mode: DynamoDB backs off 50 ms, 100 ms, ... */
  gaws_client_config_set_retry_mode (f->config, GAWS_RETRY_MODE_LEGACY);
  gaws_client_config_set_max_attempts (f->config, 3);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->config);
  g_clear_object (&f->session);
  g_clear_pointer (&f->server, gaws_test_server_free);
  g_ptr_array_unref (f->script.sdk_requests);
  g_ptr_array_unref (f->script.dates);
  g_ptr_array_unref (f->script.bodies);
  g_mutex_clear (&f->script.lock);
  /* Let the engines' last sources go. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ---- calls -------------------------------------------------------------- */

static GawsDynamodbClient *
ddb_client (Fixture *f)
{
  return gaws_dynamodb_client_new (f->session, f->config);
}

static GawsS3Client *
s3_client (Fixture *f)
{
  return gaws_s3_client_new (f->session, f->config);
}

static GawsDynamodbGetItemInput *
get_item_input (void)
{
  GawsDynamodbGetItemInput *input = gaws_dynamodb_get_item_input_new ();

  tg_fill (input, "{\"TableName\": \"t\", \"Key\": {\"pk\": {\"S\": \"k1\"}}}");
  return input;
}

static GawsDynamodbGetItemOutput *
ddb_get (GawsDynamodbClient *client, GError **error)
{
  g_autoptr(GawsDynamodbGetItemInput) input = get_item_input ();

  return gaws_dynamodb_client_get_item_sync (client, input, NULL, error);
}

static void
assert_item (GawsDynamodbGetItemOutput *output)
{
  g_autoptr(json_t) root = NULL;

  g_assert_nonnull (output);
  root = tg_to_json (output);
  g_assert_cmpstr (tg_json_string (root, "Item/v/S"), ==, "hello");
}

static GawsS3GetObjectRequest *
get_object_input (const char *key, gboolean checksum_mode)
{
  GawsS3GetObjectRequest *input = gaws_s3_get_object_request_new ();

  gaws_s3_get_object_request_set_bucket (input, "bucket");
  gaws_s3_get_object_request_set_key (input, key);
  if (checksum_mode)
    gaws_s3_get_object_request_set_checksum_mode (input, "ENABLED");
  return input;
}

static GawsS3GetObjectOutput *
s3_get (GawsS3Client *client, const char *key, gboolean checksum_mode, GError **error)
{
  g_autoptr(GawsS3GetObjectRequest) input = get_object_input (key, checksum_mode);

  return gaws_s3_client_get_object_sync (client, input, NULL, error);
}

/* Reads to the end; %NULL with @error when the body fails. */
static GBytes *
read_body (GInputStream *stream, GError **error)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();

  if (g_output_stream_splice (memory, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                              G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
assert_sdk_requests (Fixture *f, guint n, guint max)
{
  g_assert_cmpuint (f->script.sdk_requests->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *expected = g_strdup_printf ("attempt=%u; max=%u", i + 1, max);
      g_assert_cmpstr (g_ptr_array_index (f->script.sdk_requests, i), ==, expected);
    }
}

static void
got_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
guard_cb (gpointer data)
{
  g_error ("%s: still waiting after %d s", (const char *) data, GUARD_SECONDS);
  return G_SOURCE_REMOVE;
}

/* Iterates until *@done, failing the test (rather than hanging) when that
 * takes unreasonably long. Returns the time it took, in ms. */
static double
wait_for (gpointer *done, const char *what)
{
  GSource *guard = g_timeout_source_new_seconds (GUARD_SECONDS);
  gint64 start = g_get_monotonic_time ();

  g_source_set_callback (guard, guard_cb, (gpointer) what, NULL);
  g_source_attach (guard, NULL);
  while (*done == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_destroy (guard);
  g_source_unref (guard);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static gboolean
cancel_cb (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

static void
cancel_after (GCancellable *cancellable, guint ms)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, cancel_cb, g_object_ref (cancellable), g_object_unref);
  g_source_attach (source, NULL);
  g_source_unref (source);
}

/* ---- retries -------------------------------------------------------------- */

static void
test_ddb_throttling_retried (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = ddb_client (f);
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  script_steps (f, 3, FAULT_THROTTLE, FAULT_THROTTLE, FAULT_OK);
  output = ddb_get (client, &error);
  g_assert_no_error (error);
  assert_item (output);
  assert_sdk_requests (f, 3, 3);
}

/* RetryAttempts, which generated outputs do not carry: the raw response of
 * the same client says how many retries it took. */
static void
test_ddb_retry_attempts_reported (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = ddb_client (f);
  g_autoptr(GawsDynamodbGetItemInput) input = get_item_input ();
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GawsRequestOptions options = { .operation_name = "GetItem" };

  script_steps (f, 2, FAULT_503, FAULT_OK);
  {
  const GawsOperationInfo *op = gaws_service_info_find_operation (gaws_client_get_model (GAWS_CLIENT (client)),
                                                                  "GetItem");

  g_assert_nonnull (op);
  request = gaws_operation_prepare_request (op, GAWS_SHAPE (input), &error);
  g_assert_no_error (error);
  response = gaws_client_send_sync (GAWS_CLIENT (client), request, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_http_response_get_retry_attempts (response), ==, 1);
  }
}

static void
test_ddb_5xx_retried (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = ddb_client (f);
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  script_steps (f, 3, FAULT_500, FAULT_503, FAULT_OK);
  output = ddb_get (client, &error);
  g_assert_no_error (error);
  assert_item (output);
  assert_sdk_requests (f, 3, 3);
}

static void
test_ddb_retries_exhausted (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = NULL;
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_client_config_set_max_attempts (f->config, 4);
  client = ddb_client (f);
  script_steps (f, 1, FAULT_THROTTLE);
  output = ddb_get (client, &error);
  g_assert_null (output);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "ThrottlingException");
  g_assert_cmpuint (gaws_error_get_retry_attempts (error), ==, 3);
  g_assert_nonnull (strstr (error->message, "reached max retries: 3"));
  g_assert_nonnull (strstr (error->message, "GetItem"));
  g_test_message ("%s", error->message);
  assert_sdk_requests (f, 4, 4);
}

static void
test_s3_slowdown_retried (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = s3_client (f);
  g_autoptr(GawsS3PutObjectRequest) input = gaws_s3_put_object_request_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static ("the object's bytes", 18);
  g_autoptr(GInputStream) body = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GawsS3PutObjectOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  script_steps (f, 3, FAULT_THROTTLE, FAULT_500, FAULT_OK);
  gaws_s3_put_object_request_set_bucket (input, "bucket");
  gaws_s3_put_object_request_set_key (input, "k1");
  gaws_s3_put_object_request_set_body (input, body);
  output = gaws_s3_client_put_object_sync (client, input, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gaws_s3_put_object_output_get_e_tag (output), ==, "\"0123456789abcdef\"");
  assert_sdk_requests (f, 3, 3);
  /* The body was rewound: every attempt sent all of it. */
  for (guint i = 0; i < 3; i++)
    g_assert_nonnull (strstr (g_ptr_array_index (f->script.bodies, i), "the object's bytes"));
}

static void
test_s3_retries_exhausted (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = s3_client (f);
  g_autoptr(GawsS3GetObjectOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  script_steps (f, 1, FAULT_500);
  output = s3_get (client, "k1", FALSE, &error);
  g_assert_null (output);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "InternalError");
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 500);
  g_assert_nonnull (strstr (error->message, "reached max retries: 2"));
  g_test_message ("%s", error->message);
  assert_sdk_requests (f, 3, 3);
}

/* ---- broken connections ------------------------------------------------- */

static void
test_ddb_reset_before_response (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = ddb_client (f);
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  script_steps (f, 2, FAULT_RESET, FAULT_OK);
  output = ddb_get (client, &error);
  g_assert_no_error (error);
  assert_item (output);
  g_assert_cmpuint (served (f), ==, 2);
}

static void
test_ddb_reset_mid_body (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = ddb_client (f);
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  script_steps (f, 3, FAULT_RESET_MID, FAULT_RESET_MID, FAULT_OK);
  output = ddb_get (client, &error);
  g_assert_no_error (error);
  assert_item (output);
  assert_sdk_requests (f, 3, 3);
}

static void
test_ddb_short_body (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = ddb_client (f);
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  /* Retried while attempts last... */
  script_steps (f, 2, FAULT_SHORT, FAULT_OK);
  output = ddb_get (client, &error);
  g_assert_no_error (error);
  assert_item (output);
  g_clear_object (&output);

  /* ...then a connection error, never the part that came. */
  script_steps (f, 1, FAULT_SHORT);
  f->script.served = 0;
  output = ddb_get (client, &error);
  g_assert_null (output);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_assert_nonnull (strstr (error->message, "reached max retries: 2"));
  g_test_message ("%s", error->message);
}

static void
test_s3_reset_mid_download (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = s3_client (f);
  g_autoptr(GawsS3GetObjectOutput) output = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  script_steps (f, 1, FAULT_RESET_MID);
  output = s3_get (client, "big", FALSE, &error);
  /* A reset can overtake the head in the kernel, and then the attempt
   * fails (and is retried) before any of the body is handed out. */
  if (output != NULL)
    body = read_body (gaws_s3_get_object_output_get_body (output), &error);
  g_assert_null (body);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_test_message ("%s", error->message);
}

static void
test_s3_short_download (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = s3_client (f);
  g_autoptr(GawsS3GetObjectOutput) output = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  script_steps (f, 1, FAULT_SHORT);
  output = s3_get (client, "big", FALSE, &error);
  /* When the end arrives with the head, the attempt fails (and is
   * retried) before the body is handed out; else reading it fails. */
  if (output != NULL)
    {
      g_assert_cmpint (gaws_s3_get_object_output_get_content_length (output), ==, BIG_OBJECT);
      body = read_body (gaws_s3_get_object_output_get_body (output), &error);
    }
  g_assert_null (body);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_test_message ("%s", error->message);
}

/* ---- slow servers: trickles, stalls and the timeouts ------------------------ */

static void
test_ddb_trickle_completes (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = NULL;
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  /* ~100 bytes/s: slow, but well above a 1 byte/s floor. */
  gaws_client_config_set_stalled_stream_protection (f->config, TRUE, 300, 1);
  gaws_client_config_set_read_timeout_ms (f->config, 500);
  client = ddb_client (f);
  script_steps (f, 1, FAULT_TRICKLE);
  output = ddb_get (client, &error);
  g_assert_no_error (error);
  assert_item (output);
  g_assert_cmpuint (served (f), ==, 1);
}

static void
test_s3_trickle_download_completes (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = NULL;
  g_autoptr(GawsS3GetObjectOutput) output = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  gaws_client_config_set_stalled_stream_protection (f->config, TRUE, 300, 1);
  client = s3_client (f);
  script_steps (f, 1, FAULT_TRICKLE);
  output = s3_get (client, "k1", FALSE, &error);
  g_assert_no_error (error);
  body = read_body (gaws_s3_get_object_output_get_body (output), &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), OBJECT_TEXT, strlen (OBJECT_TEXT));
}

/* A buffered body that stops coming: stalled-stream protection fails the
 * attempt long before the 60 s read timeout, and the retry gets it. */
static void
test_ddb_stall_mid_body_retried (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = NULL;
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_client_config_set_stalled_stream_protection (f->config, TRUE, 300, 1);
  client = ddb_client (f);
  script_steps (f, 2, FAULT_STALL_MID, FAULT_OK);
  output = ddb_get (client, &error);
  g_assert_no_error (error);
  assert_item (output);
  assert_sdk_requests (f, 2, 3);
}

static void
test_ddb_stall_exhausts (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = NULL;
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_client_config_set_stalled_stream_protection (f->config, TRUE, 300, 1);
  gaws_client_config_set_max_attempts (f->config, 2);
  client = ddb_client (f);
  script_steps (f, 1, FAULT_STALL_MID);
  output = ddb_get (client, &error);
  g_assert_null (output);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "stalled stream"));
  g_assert_nonnull (strstr (error->message, "reached max retries: 1"));
  g_test_message ("%s", error->message);
}

/* With the protection off, the read timeout is what ends it. */
static void
test_ddb_stall_read_timeout (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = NULL;
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_client_config_set_stalled_stream_protection (f->config, FALSE, 0, 0);
  gaws_client_config_set_read_timeout_ms (f->config, 300);
  gaws_client_config_set_max_attempts (f->config, 2);
  client = ddb_client (f);
  script_steps (f, 1, FAULT_STALL_MID);
  output = ddb_get (client, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "no data for 300 ms"));
  g_assert_null (strstr (error->message, "stalled stream"));
  g_test_message ("%s", error->message);
  g_assert_cmpuint (served (f), ==, 2);
}

/* A streamed body that stops: the reader gets a timeout, not an endless
 * wait and not a short body passed off as the object. */
static void
test_s3_stall_mid_download (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = NULL;
  g_autoptr(GawsS3GetObjectOutput) output = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  gaws_client_config_set_stalled_stream_protection (f->config, TRUE, 300, 1);
  client = s3_client (f);
  script_steps (f, 1, FAULT_STALL_MID);
  output = s3_get (client, "big", FALSE, &error);
  g_assert_no_error (error);
  body = read_body (gaws_s3_get_object_output_get_body (output), &error);
  g_assert_null (body);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "stalled stream"));
  g_test_message ("%s", error->message);
}

/* An upload to a server that stopped reading: once the socket buffers are
 * full nothing moves, the protection fails the attempt, and the seekable
 * body is sent again. */
static void
test_s3_stalled_upload_retried (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = NULL;
  g_autoptr(GawsS3PutObjectRequest) input = gaws_s3_put_object_request_new ();
  gsize size = 32 * 1024 * 1024;
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_malloc0 (size), size);
  g_autoptr(GInputStream) body = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GawsS3PutObjectOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_client_config_set_stalled_stream_protection (f->config, TRUE, 300, 1);
  client = s3_client (f);
  gaws_test_server_stall_request_bodies (f->server, 1);
  gaws_s3_put_object_request_set_bucket (input, "bucket");
  gaws_s3_put_object_request_set_key (input, "k1");
  gaws_s3_put_object_request_set_body (input, body);
  output = gaws_s3_client_put_object_sync (client, input, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (gaws_s3_put_object_output_get_e_tag (output));
  /* The stalled attempt never reached the handler; the retry did. */
  g_assert_cmpuint (gaws_test_server_get_n_requests (f->server), ==, 2);
  g_assert_cmpuint (f->script.sdk_requests->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->script.sdk_requests, 0), ==, "attempt=2; max=3");
}

static void
test_s3_stalled_upload_exhausts (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = NULL;
  g_autoptr(GawsS3PutObjectRequest) input = gaws_s3_put_object_request_new ();
  gsize size = 32 * 1024 * 1024;
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_malloc0 (size), size);
  g_autoptr(GInputStream) body = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GawsS3PutObjectOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_client_config_set_stalled_stream_protection (f->config, TRUE, 300, 1);
  gaws_client_config_set_max_attempts (f->config, 2);
  client = s3_client (f);
  gaws_test_server_stall_request_bodies (f->server, 2);
  gaws_s3_put_object_request_set_bucket (input, "bucket");
  gaws_s3_put_object_request_set_key (input, "k1");
  gaws_s3_put_object_request_set_body (input, body);
  output = gaws_s3_client_put_object_sync (client, input, NULL, &error);
  g_assert_null (output);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "stalled stream"));
  g_assert_nonnull (strstr (error->message, "reached max retries: 1"));
  g_test_message ("%s", error->message);
}

static void
test_ddb_attempt_timeout_retried (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = NULL;
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_client_config_set_attempt_timeout_ms (f->config, 300);
  client = ddb_client (f);
  script_steps (f, 2, FAULT_STALL, FAULT_OK);
  output = ddb_get (client, &error);
  g_assert_no_error (error);
  assert_item (output);
  assert_sdk_requests (f, 2, 3);
}

static void
test_ddb_operation_timeout (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = NULL;
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  /* The attempt timeout would let five attempts run; the operation's ends
   * the call within the second. */
  gaws_client_config_set_operation_timeout_ms (f->config, 500);
  gaws_client_config_set_attempt_timeout_ms (f->config, 300);
  gaws_client_config_set_max_attempts (f->config, 5);
  client = ddb_client (f);
  script_steps (f, 1, FAULT_STALL);
  output = ddb_get (client, &error);
  g_assert_null (output);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "within its timeout of 500 ms"));
  g_test_message ("%s", error->message);
  g_assert_cmpuint (served (f), ==, 2);
}

/* A connect that never completes: a listening socket whose accept queue
 * is full drops further SYNs, so connecting hangs as to a dead host. */
static GSocket *
full_backlog_socket (GSocket **filler, guint16 *port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GSocket *listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);

  g_assert_true (g_socket_bind (listener, any, TRUE, NULL));
  g_socket_set_listen_backlog (listener, 0);
  g_assert_true (g_socket_listen (listener, NULL));
  bound = g_socket_get_local_address (listener, NULL);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  for (guint i = 0; i < 2; i++)
    {
      filler[i] = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
      g_socket_set_blocking (filler[i], FALSE);
      g_socket_connect (filler[i], bound, NULL, NULL);
    }
  return listener;
}

static void
test_ddb_connect_timeout (Fixture *f, gconstpointer data)
{
  GSocket *filler[2];
  guint16 port;
  g_autoptr(GSocket) listener = full_backlog_socket (filler, &port);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_autoptr(GawsDynamodbClient) client = NULL;
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_client_config_set_endpoint_url (f->config, url);
  gaws_client_config_set_connect_timeout_ms (f->config, 300);
  gaws_client_config_set_max_attempts (f->config, 2);
  client = ddb_client (f);
  output = ddb_get (client, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "reached max retries: 1"));
  g_test_message ("%s", error->message);
  for (guint i = 0; i < 2; i++)
    g_object_unref (filler[i]);
}

/* ---- hostile bodies ---------------------------------------------------------- */

static void
test_ddb_malformed_json (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = ddb_client (f);
  static const Fault faults[] = { FAULT_MALFORMED, FAULT_DEEP };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
      g_autoptr(GError) error = NULL;

      script_steps (f, 1, faults[i]);
      output = ddb_get (client, &error);
      g_assert_null (output);
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
      g_test_message ("%s", error->message);
    }
}

static void
test_ddb_huge_body (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = ddb_client (f);
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(json_t) root = NULL;

  script_steps (f, 1, FAULT_HUGE);
  output = ddb_get (client, &error);
  g_assert_no_error (error);
  root = tg_to_json (output);
  g_assert_cmpuint (strlen (tg_json_string (root, "Item/v/S")), ==, 16 * 1024 * 1024);
}

static void
test_ddb_garbage_error_body (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = ddb_client (f);
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  script_steps (f, 1, FAULT_GARBAGE_500);
  output = ddb_get (client, &error);
  g_assert_null (output);
  g_assert_nonnull (error);
  g_assert_true (error->domain == GAWS_ERROR);
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 500);
  g_assert_nonnull (strstr (error->message, "reached max retries: 2"));
  g_test_message ("%s", error->message);
}

static void
test_s3_malformed_xml (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = s3_client (f);
  static const Fault faults[] = { FAULT_MALFORMED, FAULT_DEEP };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(GawsS3ListObjectsV2Request) input = gaws_s3_list_objects_v2_request_new ();
      g_autoptr(GawsS3ListObjectsV2Output) output = NULL;
      g_autoptr(GError) error = NULL;

      script_steps (f, 1, faults[i]);
      gaws_s3_list_objects_v2_request_set_bucket (input, "bucket");
      output = gaws_s3_client_list_objects_v2_sync (client, input, NULL, &error);
      g_assert_null (output);
      /* A protocol error, or as botocore has it for S3 (_handle_200_error),
       * a 200 whose XML does not parse is a 500, retried. */
      g_assert_nonnull (error);
      g_assert_true (error->domain == GAWS_ERROR);
      g_assert_true (error->code == GAWS_ERROR_PROTOCOL || gaws_error_get_http_status (error) == 500);
      g_test_message ("%s", error->message);
    }
}

static void
test_s3_huge_xml (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = s3_client (f);
  g_autoptr(GawsS3ListObjectsV2Request) input = gaws_s3_list_objects_v2_request_new ();
  g_autoptr(GawsS3ListObjectsV2Output) output = NULL;
  g_autoptr(GError) error = NULL;

  script_steps (f, 1, FAULT_HUGE);
  gaws_s3_list_objects_v2_request_set_bucket (input, "bucket");
  output = gaws_s3_client_list_objects_v2_sync (client, input, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_s3_list_objects_v2_output_get_contents (output)->len, ==, 200000);
}

/* ---- checksums ------------------------------------------------------------- */

static void
test_s3_wrong_checksum (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = s3_client (f);
  g_autoptr(GawsS3GetObjectOutput) output = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  script_steps (f, 1, FAULT_BAD_CHECKSUM);
  output = s3_get (client, "k1", TRUE, &error);
  g_assert_no_error (error);
  body = read_body (gaws_s3_get_object_output_get_body (output), &error);
  g_assert_null (body);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "checksum"));
  g_test_message ("%s", error->message);
}

static void
test_s3_right_checksum (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = s3_client (f);
  g_autoptr(GawsS3GetObjectOutput) output = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  script_steps (f, 1, FAULT_GOOD_CHECKSUM);
  output = s3_get (client, "k1", TRUE, &error);
  g_assert_no_error (error);
  body = read_body (gaws_s3_get_object_output_get_body (output), &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), OBJECT_TEXT, strlen (OBJECT_TEXT));
}

/* ---- clock skew ------------------------------------------------------------- */

static gint64
amz_date_to_unix (const char *text)
{
  int y, mo, d, h, mi, s;
  g_autoptr(GDateTime) time = NULL;

  g_assert_cmpint (sscanf (text, "%4d%2d%2dT%2d%2d%2dZ", &y, &mo, &d, &h, &mi, &s), ==, 6);
  time = g_date_time_new_utc (y, mo, d, h, mi, s);
  return g_date_time_to_unix (time);
}

static void
test_ddb_clock_skew_corrected (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = ddb_client (f);
  g_autoptr(GawsDynamodbGetItemOutput) first = NULL, second = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0, t1, t2;

  script_steps (f, 2, FAULT_SKEWED, FAULT_OK);
  first = ddb_get (client, &error);
  g_assert_no_error (error);
  assert_item (first);
  second = ddb_get (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->script.dates->len, ==, 3);
  t0 = amz_date_to_unix (g_ptr_array_index (f->script.dates, 0));
  t1 = amz_date_to_unix (g_ptr_array_index (f->script.dates, 1));
  t2 = amz_date_to_unix (g_ptr_array_index (f->script.dates, 2));
  /* The retry and later calls sign with the server's time, an hour on. */
  g_assert_cmpint (ABS (t1 - t0 - 3600), <, 60);
  g_assert_cmpint (ABS (t2 - t0 - 3600), <, 60);
}

static void
test_s3_skew_code_with_right_clock (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = s3_client (f);
  g_autoptr(GawsS3GetObjectOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing to correct: not retried. */
  script_steps (f, 1, FAULT_SKEW_CODE_ONLY);
  output = s3_get (client, "k1", FALSE, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "RequestTimeTooSkewed");
  g_assert_cmpuint (served (f), ==, 1);
}

static void
test_s3_clock_skew_corrected (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = s3_client (f);
  g_autoptr(GawsS3GetObjectOutput) output = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  script_steps (f, 2, FAULT_SKEWED, FAULT_OK);
  output = s3_get (client, "k1", FALSE, &error);
  g_assert_no_error (error);
  body = read_body (gaws_s3_get_object_output_get_body (output), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (served (f), ==, 2);
}

/* ---- cancellation ------------------------------------------------------------- */

static void
assert_cancelled (GAsyncResult *result, GawsDynamodbClient *client, double ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsDynamodbGetItemOutput) output =
    gaws_dynamodb_client_get_item_finish (client, result, &error);

  g_assert_null (output);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("cancelled after %.1f ms", ms);
}

static void
test_cancel_before_send (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = ddb_client (f);
  g_autoptr(GawsDynamodbGetItemInput) input = get_item_input ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_cancellable_cancel (cancellable);
  gaws_dynamodb_client_get_item_async (client, input, cancellable, got_result, &result);
  assert_cancelled (result ? result : (wait_for ((gpointer *) &result, "before send"), result), client, 0);
  g_assert_cmpuint (served (f), ==, 0);
}

/* The first calls of a client share its preparation (loading the
 * session): one that is cancelled leaves it, the others go on. */
static void
test_cancel_while_preparing (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = ddb_client (f);
  g_autoptr(GawsDynamodbGetItemInput) input = get_item_input ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) cancelled = NULL, other = NULL;
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_dynamodb_client_get_item_async (client, input, cancellable, got_result, &cancelled);
  gaws_dynamodb_client_get_item_async (client, input, NULL, got_result, &other);
  g_cancellable_cancel (cancellable);
  wait_for ((gpointer *) &cancelled, "cancelled while preparing");
  assert_cancelled (cancelled, client, 0);
  wait_for ((gpointer *) &other, "the other call");
  output = gaws_dynamodb_client_get_item_finish (client, other, &error);
  g_assert_no_error (error);
  assert_item (output);
  g_assert_cmpuint (served (f), ==, 1);
}

static void
test_cancel_while_connecting (Fixture *f, gconstpointer data)
{
  GSocket *filler[2];
  guint16 port;
  g_autoptr(GSocket) listener = full_backlog_socket (filler, &port);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_autoptr(GawsDynamodbClient) client = NULL;
  g_autoptr(GawsDynamodbGetItemInput) input = get_item_input ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  double ms;

  gaws_client_config_set_endpoint_url (f->config, url);
  client = ddb_client (f);
  gaws_dynamodb_client_get_item_async (client, input, cancellable, got_result, &result);
  cancel_after (cancellable, 200);
  ms = wait_for ((gpointer *) &result, "while connecting");
  assert_cancelled (result, client, ms - 200);
  for (guint i = 0; i < 2; i++)
    g_object_unref (filler[i]);
}

static void
test_cancel_waiting_for_response (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = ddb_client (f);
  g_autoptr(GawsDynamodbGetItemInput) input = get_item_input ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  double ms;

  script_steps (f, 1, FAULT_STALL);
  gaws_dynamodb_client_get_item_async (client, input, cancellable, got_result, &result);
  cancel_after (cancellable, 200);
  ms = wait_for ((gpointer *) &result, "waiting for the response");
  assert_cancelled (result, client, ms - 200);
  g_assert_cmpuint (served (f), ==, 1);
}

static void
test_cancel_during_backoff (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = NULL;
  g_autoptr(GawsDynamodbGetItemInput) input = get_item_input ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  double ms;

  /* Standard mode honours x-amz-retry-after: seconds of back-off. */
  gaws_client_config_set_retry_mode (f->config, GAWS_RETRY_MODE_STANDARD);
  client = ddb_client (f);
  script_steps (f, 1, FAULT_RETRY_LATER);
  gaws_dynamodb_client_get_item_async (client, input, cancellable, got_result, &result);
  cancel_after (cancellable, 400);
  ms = wait_for ((gpointer *) &result, "during back-off");
  assert_cancelled (result, client, ms - 400);
  g_assert_cmpuint (served (f), ==, 1);
}

/* An upload whose body stream has more to come: a pipe nobody writes to
 * after the first bytes. */
static void
test_cancel_mid_upload (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = s3_client (f);
  g_autoptr(GawsS3PutObjectRequest) input = gaws_s3_put_object_request_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GInputStream) body = NULL;
  g_autoptr(GawsS3PutObjectOutput) output = NULL;
  g_autoptr(GError) error = NULL;
  char chunk[1000];
  int fds[2];
  double ms;

  g_assert_cmpint (pipe (fds), ==, 0);
  memset (chunk, 'u', sizeof chunk);
  g_assert_cmpint (write (fds[1], chunk, sizeof chunk), ==, sizeof chunk);
  body = g_unix_input_stream_new (fds[0], TRUE);
  gaws_s3_put_object_request_set_bucket (input, "bucket");
  gaws_s3_put_object_request_set_key (input, "k1");
  gaws_s3_put_object_request_set_body (input, body);
  gaws_s3_client_put_object_async (client, input, cancellable, got_result, &result);
  cancel_after (cancellable, 300);
  ms = wait_for ((gpointer *) &result, "mid-upload");
  output = gaws_s3_client_put_object_finish (client, result, &error);
  g_assert_null (output);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("cancelled after %.1f ms", ms - 300);
  close (fds[1]);
}

typedef struct {
  GInputStream *stream;
  guint8        buffer[4096];
  gsize         total;
  GError       *error;
  gboolean      done;
} Download;

static void
download_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Download *d = user_data;
  gssize n = g_input_stream_read_finish (d->stream, result, &d->error);

  if (n <= 0)
    {
      d->done = TRUE;
      return;
    }
  d->total += (gsize) n;
  g_input_stream_read_async (d->stream, d->buffer, sizeof d->buffer, G_PRIORITY_DEFAULT, NULL,
                             download_read_cb, d);
}

static void
test_cancel_mid_download (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = s3_client (f);
  g_autoptr(GawsS3GetObjectRequest) input = get_object_input ("big", FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GawsS3GetObjectOutput) output = NULL;
  g_autoptr(GError) error = NULL;
  Download d = { 0 };

  script_steps (f, 1, FAULT_STALL_MID);
  gaws_s3_client_get_object_async (client, input, cancellable, got_result, &result);
  wait_for ((gpointer *) &result, "get_object headers");
  output = gaws_s3_client_get_object_finish (client, result, &error);
  g_assert_no_error (error);
  d.stream = gaws_s3_get_object_output_get_body (output);
  g_input_stream_read_async (d.stream, d.buffer, sizeof d.buffer, G_PRIORITY_DEFAULT, NULL,
                             download_read_cb, &d);
  cancel_after (cancellable, 200);
  {
    gint64 start = g_get_monotonic_time ();
    GSource *guard = g_timeout_source_new_seconds (GUARD_SECONDS);

    g_source_set_callback (guard, guard_cb, (gpointer) "mid-download", NULL);
    g_source_attach (guard, NULL);
    while (!d.done)
      g_main_context_iteration (NULL, TRUE);
    g_source_destroy (guard);
    g_source_unref (guard);
    g_test_message ("cancelled after %.1f ms", (g_get_monotonic_time () - start) / 1000.0 - 200);
  }
  g_assert_error (d.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (d.total, ==, 10);
  g_clear_error (&d.error);
}

/* Credentials from a container endpoint that never answers. */
static GawsSession *
session_with_stalled_credentials (Fixture *f)
{
  GawsSession *session = gaws_session_new ();
  g_autoptr(GawsCredentialsProvider) provider = gaws_container_credentials_provider_new ();
  g_autofree char *uri = g_strdup_printf ("%s/creds", gaws_test_server_get_url (f->server));

  g_setenv ("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri, TRUE);
  gaws_session_set_region (session, "eu-west-1");
  gaws_session_set_credentials_provider (session, provider);
  return session;
}

static void
test_cancel_during_credential_refresh (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsSession) session = session_with_stalled_credentials (f);
  g_autoptr(GawsDynamodbClient) client = gaws_dynamodb_client_new (session, f->config);
  g_autoptr(GawsDynamodbGetItemInput) input = get_item_input ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  double ms;

  gaws_dynamodb_client_get_item_async (client, input, cancellable, got_result, &result);
  cancel_after (cancellable, 300);
  ms = wait_for ((gpointer *) &result, "during credential refresh");
  assert_cancelled (result, client, ms - 300);
  g_assert_cmpuint (served (f), ==, 0);
  g_unsetenv ("AWS_CONTAINER_CREDENTIALS_FULL_URI");
}

static void
test_operation_timeout_during_credentials (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsSession) session = session_with_stalled_credentials (f);
  g_autoptr(GawsDynamodbClient) client = NULL;
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_client_config_set_operation_timeout_ms (f->config, 300);
  client = gaws_dynamodb_client_new (session, f->config);
  output = ddb_get (client, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "within its timeout of 300 ms"));
  g_test_message ("%s", error->message);
  g_unsetenv ("AWS_CONTAINER_CREDENTIALS_FULL_URI");
}

typedef struct {
  GAsyncResult *first;
  GAsyncResult *second;
} Pages;

static void
test_cancel_inside_paginator (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = s3_client (f);
  g_autoptr(GawsS3ListObjectsV2Request) input = gaws_s3_list_objects_v2_request_new ();
  g_autoptr(GawsPaginator) paginator = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GawsShape) page = NULL;
  g_autoptr(GError) error = NULL;
  Pages pages = { NULL, NULL };
  double ms;

  script_steps (f, 2, FAULT_TRUNCATED, FAULT_STALL);
  gaws_s3_list_objects_v2_request_set_bucket (input, "bucket");
  paginator = gaws_client_get_paginator (GAWS_CLIENT (client), "ListObjectsV2", GAWS_SHAPE (input), &error);
  g_assert_no_error (error);
  gaws_paginator_next_page_async (paginator, cancellable, got_result, &pages.first);
  wait_for ((gpointer *) &pages.first, "first page");
  page = gaws_paginator_next_page_finish (paginator, pages.first, &error);
  g_assert_no_error (error);
  g_assert_nonnull (page);
  g_assert_false (gaws_paginator_is_done (paginator));

  /* The second page never comes. */
  gaws_paginator_next_page_async (paginator, cancellable, got_result, &pages.second);
  cancel_after (cancellable, 300);
  ms = wait_for ((gpointer *) &pages.second, "second page");
  g_clear_object (&page);
  page = gaws_paginator_next_page_finish (paginator, pages.second, &error);
  g_assert_null (page);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("cancelled after %.1f ms", ms - 300);
  g_assert_cmpuint (served (f), ==, 2);
  g_object_unref (pages.first);
  g_object_unref (pages.second);
}

static void
test_cancel_inside_waiter (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsDynamodbClient) client = ddb_client (f);
  g_autoptr(GawsDynamodbDescribeTableInput) input = gaws_dynamodb_describe_table_input_new ();
  g_autoptr(GawsWaiter) waiter = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  double ms;

  /* The table never appears; the waiter sleeps between polls. */
  script_steps (f, 1, FAULT_NOT_FOUND);
  gaws_dynamodb_describe_table_input_set_table_name (input, "t");
  waiter = gaws_client_get_waiter (GAWS_CLIENT (client), "TableExists", &error);
  g_assert_no_error (error);
  gaws_waiter_set_delay (waiter, 5);
  gaws_waiter_wait_async (waiter, GAWS_SHAPE (input), cancellable, got_result, &result);
  cancel_after (cancellable, 400);
  ms = wait_for ((gpointer *) &result, "waiter");
  g_assert_false (gaws_waiter_wait_finish (waiter, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("cancelled after %.1f ms", ms - 400);
  g_assert_cmpuint (served (f), ==, 1);
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/faults/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("dynamodb/throttling-retried-to-success", test_ddb_throttling_retried);
  ADD ("dynamodb/retry-attempts-reported", test_ddb_retry_attempts_reported);
  ADD ("dynamodb/5xx-retried-to-success", test_ddb_5xx_retried);
  ADD ("dynamodb/retries-exhausted-clear-error", test_ddb_retries_exhausted);
  ADD ("dynamodb/reset-before-response-retried", test_ddb_reset_before_response);
  ADD ("dynamodb/reset-mid-body-retried", test_ddb_reset_mid_body);
  ADD ("dynamodb/short-body-retried-then-error", test_ddb_short_body);
  ADD ("dynamodb/trickle-completes", test_ddb_trickle_completes);
  ADD ("dynamodb/stall-mid-body-retried", test_ddb_stall_mid_body_retried);
  ADD ("dynamodb/stall-exhausts-attempts", test_ddb_stall_exhausts);
  ADD ("dynamodb/stall-without-protection-read-timeout", test_ddb_stall_read_timeout);
  ADD ("dynamodb/attempt-timeout-retried", test_ddb_attempt_timeout_retried);
  ADD ("dynamodb/operation-timeout", test_ddb_operation_timeout);
  ADD ("dynamodb/operation-timeout-during-credentials", test_operation_timeout_during_credentials);
  ADD ("dynamodb/connect-timeout", test_ddb_connect_timeout);
  ADD ("dynamodb/malformed-json-is-protocol-error", test_ddb_malformed_json);
  ADD ("dynamodb/huge-body", test_ddb_huge_body);
  ADD ("dynamodb/garbage-error-body", test_ddb_garbage_error_body);
  ADD ("dynamodb/clock-skew-corrected", test_ddb_clock_skew_corrected);
  ADD ("s3/slowdown-retried-body-rewound", test_s3_slowdown_retried);
  ADD ("s3/retries-exhausted-clear-error", test_s3_retries_exhausted);
  ADD ("s3/reset-mid-download", test_s3_reset_mid_download);
  ADD ("s3/short-download", test_s3_short_download);
  ADD ("s3/trickle-download-completes", test_s3_trickle_download_completes);
  ADD ("s3/stall-mid-download", test_s3_stall_mid_download);
  ADD ("s3/stalled-upload-retried", test_s3_stalled_upload_retried);
  ADD ("s3/stalled-upload-exhausts-attempts", test_s3_stalled_upload_exhausts);
  ADD ("s3/malformed-xml-is-protocol-error", test_s3_malformed_xml);
  ADD ("s3/huge-xml", test_s3_huge_xml);
  ADD ("s3/wrong-checksum-fails-the-body", test_s3_wrong_checksum);
  ADD ("s3/right-checksum", test_s3_right_checksum);
  ADD ("s3/clock-skew-corrected", test_s3_clock_skew_corrected);
  ADD ("s3/skew-code-with-right-clock-not-retried", test_s3_skew_code_with_right_clock);
  ADD ("cancel/before-send", test_cancel_before_send);
  ADD ("cancel/while-preparing-others-go-on", test_cancel_while_preparing);
  ADD ("cancel/while-connecting", test_cancel_while_connecting);
  ADD ("cancel/waiting-for-response", test_cancel_waiting_for_response);
  ADD ("cancel/during-backoff", test_cancel_during_backoff);
  ADD ("cancel/mid-upload", test_cancel_mid_upload);
  ADD ("cancel/mid-download", test_cancel_mid_download);
  ADD ("cancel/during-credential-refresh", test_cancel_during_credential_refresh);
  ADD ("cancel/inside-paginator", test_cancel_inside_paginator);
  ADD ("cancel/inside-waiter", test_cancel_inside_waiter);

  return g_test_run ();
}
