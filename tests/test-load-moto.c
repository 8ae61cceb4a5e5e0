/* test-load-moto.c: many mixed DynamoDB and S3 calls, 200 at a time, on
 * one client per service against moto: every result checked, and memory
 * sampled along the way so that a leak per call shows
 *
 * GAWS_TEST_LOAD_CALLS sets the number of calls (10,000 by default).
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "test-generated-common.h"

#include <gaws-dynamodb.h>
#include <gaws-s3.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_CALLS   10000
#define IN_FLIGHT       200
#define FIRST_SAMPLE    2000
#define MAX_GROWTH      (64 * 1024 * 1024)
#define TABLE           "gaws-load"
#define BUCKET          "gaws-load"
#define GUARD_SECONDS   1200

typedef enum {
  CALL_DDB_PUT,
  CALL_DDB_GET,
  CALL_S3_PUT,
  CALL_S3_GET,
  N_CALL_KINDS
} CallKind;

typedef struct {
  GawsDynamodbClient *ddb;
  GawsS3Client       *s3;
  guint               total;        /* calls to make */
  guint               started;
  guint               completed;
  guint               in_flight;
  guint               max_in_flight;
  guint               per_kind[N_CALL_KINDS];
  GArray             *ddb_written;  /* guint: keys whose put completed */
  GArray             *s3_written;
  gsize               rss_start;
  gsize               rss_first;    /* after FIRST_SAMPLE calls */
  gsize               rss_end;
} Load;

typedef struct {
  Load     *load;
  CallKind  kind;
  guint     n;                      /* the key number */
  GOutputStream *sink;              /* an S3 body being read */
} Call;

static gsize
rss_bytes (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/statm", &text, NULL, NULL));
  fields = g_strsplit (text, " ", -1);
  g_assert_cmpuint (g_strv_length (fields), >=, 2);
  return (gsize) g_ascii_strtoull (fields[1], NULL, 10) * (gsize) sysconf (_SC_PAGESIZE);
}

static char *
value_for (guint n)
{
  /* Some hundreds of bytes, different per key. */
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < 1 + n % 20; i++)
    g_string_append_printf (text, "value-%u-%u;", n, i);
  return g_string_free (text, FALSE);
}

static void start_calls (Load *load);

static void
call_done (Call *call)
{
  Load *load = call->load;

  load->in_flight--;
  load->completed++;
  load->per_kind[call->kind]++;
  if (load->completed == MIN (FIRST_SAMPLE, load->total))
    load->rss_first = rss_bytes ();
  g_clear_object (&call->sink);
  g_free (call);
  start_calls (load);
}

static guint
pick_written (GArray *written, guint seed)
{
  return g_array_index (written, guint, seed % written->len);
}

/* ---- DynamoDB ----------------------------------------------------------- */

static void
ddb_put_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsDynamodbPutItemOutput) output =
    gaws_dynamodb_client_put_item_finish (GAWS_DYNAMODB_CLIENT (source), result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (output);
  g_array_append_val (call->load->ddb_written, call->n);
  call_done (call);
}

static void
ddb_put (Call *call)
{
  g_autoptr(GawsDynamodbPutItemInput) input = gaws_dynamodb_put_item_input_new ();
  g_autofree char *value = value_for (call->n);
  g_autofree char *json = g_strdup_printf ("{\"TableName\": \"" TABLE "\", \"Item\": "
                                           "{\"pk\": {\"S\": \"k%u\"}, \"v\": {\"S\": \"%s\"}}}",
                                           call->n, value);

  tg_fill (input, json);
  gaws_dynamodb_client_put_item_async (call->load->ddb, input, NULL, ddb_put_cb, call);
}

static void
ddb_get_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsDynamodbGetItemOutput) output =
    gaws_dynamodb_client_get_item_finish (GAWS_DYNAMODB_CLIENT (source), result, &error);
  g_autoptr(json_t) root = NULL;
  g_autofree char *expected = value_for (call->n);

  g_assert_no_error (error);
  root = tg_to_json (output);
  g_assert_cmpstr (tg_json_string (root, "Item/v/S"), ==, expected);
  call_done (call);
}

static void
ddb_get (Call *call)
{
  g_autoptr(GawsDynamodbGetItemInput) input = gaws_dynamodb_get_item_input_new ();
  g_autofree char *json = g_strdup_printf ("{\"TableName\": \"" TABLE "\", \"Key\": {\"pk\": {\"S\": \"k%u\"}}}",
                                           call->n);

  tg_fill (input, json);
  gaws_dynamodb_client_get_item_async (call->load->ddb, input, NULL, ddb_get_cb, call);
}

/* ---- S3 ------------------------------------------------------------------- */

static void
s3_put_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsS3PutObjectOutput) output =
    gaws_s3_client_put_object_finish (GAWS_S3_CLIENT (source), result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (gaws_s3_put_object_output_get_e_tag (output));
  g_array_append_val (call->load->s3_written, call->n);
  call_done (call);
}

static void
s3_put (Call *call)
{
  g_autoptr(GawsS3PutObjectRequest) input = gaws_s3_put_object_request_new ();
  g_autofree char *key = g_strdup_printf ("obj-%u", call->n);
  char *value = value_for (call->n);
  g_autoptr(GBytes) bytes = g_bytes_new_take (value, strlen (value));
  g_autoptr(GInputStream) body = g_memory_input_stream_new_from_bytes (bytes);

  gaws_s3_put_object_request_set_bucket (input, BUCKET);
  gaws_s3_put_object_request_set_key (input, key);
  gaws_s3_put_object_request_set_body (input, body);
  gaws_s3_client_put_object_async (call->load->s3, input, NULL, s3_put_cb, call);
}

static void
s3_body_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = value_for (call->n);
  g_autoptr(GBytes) body = NULL;

  g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error);
  g_assert_no_error (error);
  body = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (call->sink));
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), expected, strlen (expected));
  call_done (call);
}

static void
s3_get_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsS3GetObjectOutput) output =
    gaws_s3_client_get_object_finish (GAWS_S3_CLIENT (source), result, &error);

  g_assert_no_error (error);
  call->sink = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (call->sink, gaws_s3_get_object_output_get_body (output),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, s3_body_read_cb, call);
}

static void
s3_get (Call *call)
{
  g_autoptr(GawsS3GetObjectRequest) input = gaws_s3_get_object_request_new ();
  g_autofree char *key = g_strdup_printf ("obj-%u", call->n);

  gaws_s3_get_object_request_set_bucket (input, BUCKET);
  gaws_s3_get_object_request_set_key (input, key);
  gaws_s3_client_get_object_async (call->load->s3, input, NULL, s3_get_cb, call);
}

/* ---- driving ------------------------------------------------------------ */

static void
start_one (Load *load)
{
  Call *call = g_new0 (Call, 1);
  guint i = load->started++;

  call->load = load;
  call->kind = i % N_CALL_KINDS;
  call->n = i;
  /* A get reads back something a completed put wrote; until there is
   * such a thing, it is a put. */
  if (call->kind == CALL_DDB_GET && load->ddb_written->len == 0)
    call->kind = CALL_DDB_PUT;
  if (call->kind == CALL_S3_GET && load->s3_written->len == 0)
    call->kind = CALL_S3_PUT;
  if (call->kind == CALL_DDB_GET)
    call->n = pick_written (load->ddb_written, i * 7919u);
  else if (call->kind == CALL_S3_GET)
    call->n = pick_written (load->s3_written, i * 7919u);
  load->in_flight++;
  load->max_in_flight = MAX (load->max_in_flight, load->in_flight);
  switch (call->kind)
    {
    case CALL_DDB_PUT: ddb_put (call); break;
    case CALL_DDB_GET: ddb_get (call); break;
    case CALL_S3_PUT: s3_put (call); break;
    case CALL_S3_GET: s3_get (call); break;
    default: g_assert_not_reached ();
    }
}

static void
start_calls (Load *load)
{
  while (load->in_flight < IN_FLIGHT && load->started < load->total)
    start_one (load);
}

static void
create_table (GawsDynamodbClient *client)
{
  g_autoptr(GawsDynamodbCreateTableInput) input = gaws_dynamodb_create_table_input_new ();
  g_autoptr(GawsDynamodbCreateTableOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  tg_fill (input, "{\"TableName\": \"" TABLE "\", \"BillingMode\": \"PAY_PER_REQUEST\", "
                  "\"KeySchema\": [{\"AttributeName\": \"pk\", \"KeyType\": \"HASH\"}], "
                  "\"AttributeDefinitions\": [{\"AttributeName\": \"pk\", \"AttributeType\": \"S\"}]}");
  output = gaws_dynamodb_client_create_table_sync (client, input, NULL, &error);
  g_assert_no_error (error);
}

static void
create_bucket (GawsS3Client *client)
{
  g_autoptr(GawsS3CreateBucketRequest) input = gaws_s3_create_bucket_request_new ();
  g_autoptr(GawsS3CreateBucketOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_s3_create_bucket_request_set_bucket (input, BUCKET);
  output = gaws_s3_client_create_bucket_sync (client, input, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
guard_cb (gpointer data)
{
  Load *load = data;

  g_error ("load: %u of %u calls done after %d s", load->completed, load->total, GUARD_SECONDS);
  return G_SOURCE_REMOVE;
}

static guint
calls_wanted (void)
{
  const char *text = g_getenv ("GAWS_TEST_LOAD_CALLS");
  guint64 n = DEFAULT_CALLS;

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT32, &n, NULL))
    g_error ("GAWS_TEST_LOAD_CALLS is not a positive number: %s", text);
  return (guint) n;
}

static void
test_mixed_load (void)
{
  g_autoptr(GawsSession) session = tg_new_session ();
  g_autoptr(GawsClientConfig) config = tg_new_config ();
  Load load = { 0 };
  GSource *guard;
  gint64 start;
  double seconds;

  /* 200 in flight on the two clients: as many connections, so that none
   * waits for another. */
  gaws_client_config_set_max_pool_connections (config, IN_FLIGHT);
  load.ddb = gaws_dynamodb_client_new (session, config);
  load.s3 = gaws_s3_client_new (session, config);
  load.total = calls_wanted ();
  load.ddb_written = g_array_new (FALSE, FALSE, sizeof (guint));
  load.s3_written = g_array_new (FALSE, FALSE, sizeof (guint));
  create_table (load.ddb);
  create_bucket (load.s3);

  load.rss_start = rss_bytes ();
  guard = g_timeout_source_new_seconds (GUARD_SECONDS);
  g_source_set_callback (guard, guard_cb, &load, NULL);
  g_source_attach (guard, NULL);
  start = g_get_monotonic_time ();
  start_calls (&load);
  while (load.completed < load.total)
    g_main_context_iteration (NULL, TRUE);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_source_destroy (guard);
  g_source_unref (guard);
  load.rss_end = rss_bytes ();

  g_test_message ("%u calls (DynamoDB put %u, get %u; S3 put %u, get %u), at most %u in flight, "
                  "in %.1f s (%.0f calls/s)", load.completed, load.per_kind[CALL_DDB_PUT],
                  load.per_kind[CALL_DDB_GET], load.per_kind[CALL_S3_PUT], load.per_kind[CALL_S3_GET],
                  load.max_in_flight, seconds, load.completed / seconds);
  g_test_message ("RSS: %.1f MiB at the start, %.1f MiB after %u calls, %.1f MiB after %u calls",
                  load.rss_start / 1048576.0, load.rss_first / 1048576.0, MIN (FIRST_SAMPLE, load.total),
                  load.rss_end / 1048576.0, load.total);
  g_assert_cmpuint (load.completed, ==, load.total);
  if (load.total > FIRST_SAMPLE)
    {
      g_assert_cmpuint (load.max_in_flight, ==, IN_FLIGHT);
      g_assert_cmpuint (load.rss_end, <, load.rss_first + MAX_GROWTH);
    }

  g_array_unref (load.ddb_written);
  g_array_unref (load.s3_written);
  g_object_unref (load.ddb);
  g_object_unref (load.s3);
}

int
main (int argc, char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  tg_moto_start ();
  g_test_add_func ("/load/moto/mixed-dynamodb-s3", test_mixed_load);
  status = g_test_run ();
  tg_moto_stop ();
  return status;
}
