/* bench-clients.c: gaws's generated clients and plain libcurl, one workload
 * per process, against bench-canned-server
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 *   bench-clients gaws|curl seq|con|s3|list --url http://127.0.0.1:PORT
 *   bench-clients gaws|curl seq|con|s3|list --url https://127.0.0.1:PORT --ca-file CERT
 *   bench-clients session
 *
 * Workloads (the same in bench_boto3.py and bench_js.mjs):
 *   seq   DynamoDB GetItem, one at a time
 *   con   DynamoDB GetItem, --concurrency in flight on one client
 *   s3    S3 PutObject of 1 KiB objects, then GetObject of them, both
 *         --concurrency in flight (the requests of both are counted)
 *   list  ListObjectsV2, every page of the server's listing (1,000)
 *
 * Each run first warms up (connections, lazily loaded code), then measures
 * wall time and getrusage (RUSAGE_SELF, user + system, every thread of this
 * process and nothing else) around the workload, and prints one JSON line.
 *
 * gaws goes through the generated clients on a GMainLoop, one new request
 * object per call, as a user writes it. libcurl is the floor: the same HTTP
 * requests pre-built once (the header lines gaws sends, with fixed values
 * and a fixed signature, and PutObject's body framed as gaws frames it, so
 * that both put the same bytes on the wire: it measures the wire) on a curl
 * multi handle with reused easy handles and keep-alive, and it only checks
 * the status and counts the body bytes.
 *
 * `session` times creating a session and a DynamoDB (or S3) client, and
 * counts the allocations that takes with a malloc interposed in this
 * program: parsing a service model at run time would show up as
 * thousands of them.
 */
#include <curl/curl.h>
#include <gaws.h>
#include <gaws-dynamodb.h>
#include <gaws-s3.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define OBJECT_SIZE 1024
#define ITEM_ATTRIBUTES 7   /* in bench-canned-server's GetItem reply */

/* ---- counting allocations -------------------------------------------------- */

extern void *__libc_malloc (size_t size);
extern void *__libc_calloc (size_t n, size_t size);
extern void *__libc_realloc (void *p, size_t size);
extern void  __libc_free (void *p);

static gsize n_allocations;

/* Every malloc of the process (GLib's, curl's, jansson's) lands here:
 * a relaxed increment, too cheap to disturb the timings. */
void *malloc (size_t size);
void *calloc (size_t n, size_t size);
void *realloc (void *p, size_t size);
void  free (void *p);

void *
malloc (size_t size)
{
  __atomic_fetch_add (&n_allocations, 1, __ATOMIC_RELAXED);
  return __libc_malloc (size);
}

void *
calloc (size_t n, size_t size)
{
  __atomic_fetch_add (&n_allocations, 1, __ATOMIC_RELAXED);
  return __libc_calloc (n, size);
}

void *
realloc (void *p, size_t size)
{
  if (p == NULL)
    __atomic_fetch_add (&n_allocations, 1, __ATOMIC_RELAXED);
  return __libc_realloc (p, size);
}

void
free (void *p)
{
  __libc_free (p);
}

/* ---- measuring ------------------------------------------------------------------ */

typedef struct {
  struct rusage usage;
  gint64        wall;
  gsize         allocations;
} Mark;

static void
mark (Mark *m)
{
  getrusage (RUSAGE_SELF, &m->usage);
  m->wall = g_get_monotonic_time ();
  m->allocations = n_allocations;
}

static double
tv_us (struct timeval tv)
{
  return (double) tv.tv_sec * 1e6 + (double) tv.tv_usec;
}

static void
print_result (const char *client, const char *workload, const Mark *start, guint requests,
              guint concurrency)
{
  Mark end;
  double seconds, cpu_us;

  mark (&end);
  seconds = (double) (end.wall - start->wall) / 1e6;
  cpu_us = tv_us (end.usage.ru_utime) - tv_us (start->usage.ru_utime) +
           tv_us (end.usage.ru_stime) - tv_us (start->usage.ru_stime);
  g_print ("{\"client\": \"%s\", \"workload\": \"%s\", \"requests\": %u, \"concurrency\": %u, "
           "\"seconds\": %.6f, \"cpu_us\": %.0f, \"allocations\": %" G_GSIZE_FORMAT "}\n",
           client, workload, requests, concurrency, seconds, cpu_us,
           end.allocations - start->allocations);
}

typedef struct {
  char  *url;          /* http://127.0.0.1:PORT or https:// */
  char  *ca_file;      /* https: the PEM bundle to trust (the server's self-signed certificate) */
  guint  requests;
  guint  concurrency;
  guint  warmup;
} Options;

/* 'a' to 'z' over and over, as bench-canned-server sends it */
static char object_data[OBJECT_SIZE];

/* ---- gaws ------------------------------------------------------------------------ */

typedef struct _GawsRun GawsRun;
typedef void (*GawsStartFunc) (GawsRun *run, guint index);

struct _GawsRun {
  GawsDynamodbClient *dynamodb;
  GawsS3Client       *s3;
  GawsStartFunc       start;
  GMainLoop          *loop;
  GBytes             *object;
  guint               total;
  guint               started;
  guint               pending;
  guint               failed;
  guint               items;   /* listing: keys seen */
  GawsPaginator      *paginator;
};

static void
gaws_fail (GawsRun *run, GError *error, const char *what)
{
  if (run->failed++ == 0)
    g_printerr ("gaws: %s: %s\n", what, error != NULL ? error->message : "unexpected reply");
}

static void
gaws_start_more (GawsRun *run)
{
  if (run->started < run->total)
    {
      run->pending++;
      run->start (run, run->started++);
    }
  else if (run->pending == 0)
    g_main_loop_quit (run->loop);
}

static void
gaws_one_done (GawsRun *run)
{
  run->pending--;
  gaws_start_more (run);
}

static void
get_item_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GawsRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsDynamodbGetItemOutput) output =
    gaws_dynamodb_client_get_item_finish (GAWS_DYNAMODB_CLIENT (source), result, &error);
  GHashTable *item = output != NULL ? gaws_dynamodb_get_item_output_get_item (output) : NULL;

  if (item == NULL || g_hash_table_size (item) != ITEM_ATTRIBUTES)
    gaws_fail (run, error, "GetItem");
  gaws_one_done (run);
}

static void
get_item_start (GawsRun *run, guint index)
{
  g_autoptr(GawsDynamodbGetItemInput) input = gaws_dynamodb_get_item_input_new ();
  g_autoptr(GHashTable) key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  GawsDynamodbAttributeValue *pk = gaws_dynamodb_attribute_value_new ();

  gaws_dynamodb_attribute_value_set_s (pk, "user#00000001");
  g_hash_table_insert (key, g_strdup ("pk"), pk);
  gaws_dynamodb_get_item_input_set_table_name (input, "bench");
  gaws_dynamodb_get_item_input_set_key (input, key);
  gaws_dynamodb_client_get_item_async (run->dynamodb, input, NULL, get_item_done, run);
}

static void
put_object_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GawsRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsS3PutObjectOutput) output =
    gaws_s3_client_put_object_finish (GAWS_S3_CLIENT (source), result, &error);

  if (output == NULL || gaws_s3_put_object_output_get_e_tag (output) == NULL)
    gaws_fail (run, error, "PutObject");
  gaws_one_done (run);
}

static void
put_object_start (GawsRun *run, guint index)
{
  g_autoptr(GawsS3PutObjectRequest) request = gaws_s3_put_object_request_new ();
  g_autoptr(GInputStream) body = g_memory_input_stream_new_from_bytes (run->object);
  char key[32];

  g_snprintf (key, sizeof key, "obj-%u", index);
  gaws_s3_put_object_request_set_bucket (request, "bench");
  gaws_s3_put_object_request_set_key (request, key);
  gaws_s3_put_object_request_set_body (request, body);
  gaws_s3_put_object_request_set_content_length (request, OBJECT_SIZE);
  gaws_s3_client_put_object_async (run->s3, request, NULL, put_object_done, run);
}

typedef struct {
  GawsRun *run;
  char     buffer[OBJECT_SIZE * 2];
} BodyRead;

static void
body_read_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  BodyRead *read = user_data;
  g_autoptr(GError) error = NULL;
  gsize n = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, &error) ||
      n != OBJECT_SIZE || memcmp (read->buffer, object_data, OBJECT_SIZE) != 0)
    gaws_fail (read->run, error, "GetObject body");
  gaws_one_done (read->run);
  g_free (read);
}

static void
get_object_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GawsRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsS3GetObjectOutput) output =
    gaws_s3_client_get_object_finish (GAWS_S3_CLIENT (source), result, &error);
  GInputStream *body = output != NULL ? gaws_s3_get_object_output_get_body (output) : NULL;
  BodyRead *read;

  if (body == NULL || gaws_s3_get_object_output_get_e_tag (output) == NULL)
    {
      gaws_fail (run, error, "GetObject");
      gaws_one_done (run);
      return;
    }
  read = g_new (BodyRead, 1);
  read->run = run;
  g_input_stream_read_all_async (body, read->buffer, sizeof read->buffer, G_PRIORITY_DEFAULT,
                                 NULL, body_read_done, read);
}

static void
get_object_start (GawsRun *run, guint index)
{
  g_autoptr(GawsS3GetObjectRequest) request = gaws_s3_get_object_request_new ();
  char key[32];

  g_snprintf (key, sizeof key, "obj-%u", index);
  gaws_s3_get_object_request_set_bucket (request, "bench");
  gaws_s3_get_object_request_set_key (request, key);
  gaws_s3_client_get_object_async (run->s3, request, NULL, get_object_done, run);
}

static void list_next (GawsRun *run, guint index);

static void
list_page_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GawsRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) page =
    gaws_paginator_next_page_finish (GAWS_PAGINATOR (source), result, &error);
  GPtrArray *contents = page != NULL ?
    gaws_s3_list_objects_v2_output_get_contents (GAWS_S3_LIST_OBJECTS_V2_OUTPUT (page)) : NULL;

  if (contents == NULL || contents->len == 0)
    gaws_fail (run, error, "ListObjectsV2");
  else
    run->items += contents->len;
  run->pending--;
  if (page != NULL && !gaws_paginator_is_done (run->paginator))
    {
      run->pending++;
      list_next (run, run->started++);
    }
  else
    g_main_loop_quit (run->loop);
}

static void
list_next (GawsRun *run, guint index)
{
  gaws_paginator_next_page_async (run->paginator, NULL, list_page_done, run);
}

/* Runs @total calls of @start, @concurrency in flight. */
/* not inlined: callgrind --toggle-collect=gaws_run */
static G_GNUC_NO_INLINE void
gaws_run (GawsRun *run, GawsStartFunc start, guint total, guint concurrency)
{
  run->start = start;
  run->total = total;
  run->started = 0;
  run->pending = 0;
  for (guint i = 0; i < concurrency && run->started < total; i++)
    {
      run->pending++;
      start (run, run->started++);
    }
  if (run->pending > 0)
    g_main_loop_run (run->loop);
}

/* not inlined: callgrind --toggle-collect=gaws_list */
static G_GNUC_NO_INLINE guint
gaws_list (GawsRun *run)
{
  g_autoptr(GawsS3ListObjectsV2Request) input = gaws_s3_list_objects_v2_request_new ();
  g_autoptr(GError) error = NULL;

  gaws_s3_list_objects_v2_request_set_bucket (input, "bench");
  run->paginator = gaws_client_get_paginator (GAWS_CLIENT (run->s3), "ListObjectsV2",
                                              GAWS_SHAPE (input), &error);
  if (run->paginator == NULL)
    g_error ("gaws: no paginator: %s", error->message);
  run->started = 1;
  run->pending = 1;
  run->items = 0;
  list_next (run, 0);
  g_main_loop_run (run->loop);
  g_clear_object (&run->paginator);
  return run->started;
}

static GawsClientConfig *
gaws_bench_config (const Options *options)
{
  GawsClientConfig *config = gaws_client_config_new ();

  if (options->url != NULL)
    gaws_client_config_set_endpoint_url (config, options->url);
  if (options->ca_file != NULL)
    gaws_client_config_set_ca_bundle (config, options->ca_file);
  gaws_client_config_set_max_pool_connections (config, MAX (options->concurrency, 10));
  gaws_client_config_set_s3_addressing_style (config, GAWS_S3_ADDRESSING_STYLE_PATH);
  return config;
}

static GawsSession *
gaws_bench_session (void)
{
  GawsSession *session = gaws_session_new_with_credentials ("AKIDBENCHBENCHBENCH0",
                                                            "benchsecretbenchsecretbenchsecret000000",
                                                            NULL);
  gaws_session_set_region (session, "us-east-1");
  return session;
}

static int
run_gaws (const char *workload, const Options *options)
{
  g_autoptr(GawsSession) session = gaws_bench_session ();
  g_autoptr(GawsClientConfig) config = gaws_bench_config (options);
  GawsRun run = { 0 };
  Mark start;
  guint requests = options->requests;
  guint concurrency = options->concurrency;

  run.loop = g_main_loop_new (NULL, FALSE);
  run.object = g_bytes_new_static (object_data, OBJECT_SIZE);
  run.dynamodb = gaws_dynamodb_client_new (session, config);
  run.s3 = gaws_s3_client_new (session, config);

  if (g_str_equal (workload, "seq") || g_str_equal (workload, "con"))
    {
      if (g_str_equal (workload, "seq"))
        concurrency = 1;
      gaws_run (&run, get_item_start, options->warmup, concurrency);
      mark (&start);
      gaws_run (&run, get_item_start, requests, concurrency);
    }
  else if (g_str_equal (workload, "s3"))
    {
      gaws_run (&run, put_object_start, options->warmup, concurrency);
      gaws_run (&run, get_object_start, options->warmup, concurrency);
      mark (&start);
      gaws_run (&run, put_object_start, requests / 2, concurrency);
      gaws_run (&run, get_object_start, requests / 2, concurrency);
    }
  else if (g_str_equal (workload, "list"))
    {
      concurrency = 1;
      /* Warm up on the first page. */
      {
        g_autoptr(GawsS3ListObjectsV2Request) input = gaws_s3_list_objects_v2_request_new ();
        g_autoptr(GawsS3ListObjectsV2Output) output = NULL;
        g_autoptr(GError) error = NULL;

        gaws_s3_list_objects_v2_request_set_bucket (input, "bench");
        output = gaws_s3_client_list_objects_v2_sync (run.s3, input, NULL, &error);
        if (output == NULL)
          g_error ("gaws: ListObjectsV2: %s", error->message);
      }
      mark (&start);
      requests = gaws_list (&run);
      if (run.items != requests * 10)
        g_printerr ("gaws: listing: %u keys in %u pages\n", run.items, requests);
    }
  else
    g_error ("unknown workload %s", workload);

  print_result ("gaws", workload, &start, requests, concurrency);
  g_object_unref (run.dynamodb);
  g_object_unref (run.s3);
  g_bytes_unref (run.object);
  g_main_loop_unref (run.loop);
  if (run.failed > 0)
    g_error ("gaws: %u requests failed", run.failed);
  return 0;
}

/* ---- session and client ----------------------------------------------------------- */

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Creates and frees a session, a config and a client @n times; prints the
 * median time and the allocations of one. */
static void
time_session (const char *service, const Options *options, guint n)
{
  g_autofree double *us = g_new (double, n);
  gsize allocations = 0;

  for (guint i = 0; i < n; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      gsize a0 = n_allocations;
      GawsSession *session = gaws_bench_session ();
      GawsClientConfig *config = gaws_bench_config (options);
      GawsClient *client = g_str_equal (service, "dynamodb")
                             ? GAWS_CLIENT (gaws_dynamodb_client_new (session, config))
                             : GAWS_CLIENT (gaws_s3_client_new (session, config));

      allocations = n_allocations - a0;
      us[i] = (double) (g_get_monotonic_time () - t0);
      g_object_unref (client);
      g_object_unref (config);
      g_object_unref (session);
    }
  qsort (us, n, sizeof (double), (GCompareFunc) compare_doubles);
  g_print ("{\"client\": \"gaws\", \"workload\": \"session-%s\", \"iterations\": %u, "
           "\"median_us\": %.1f, \"allocations\": %" G_GSIZE_FORMAT "}\n",
           service, n, us[n / 2], allocations);
}

/* The allocations and time of GetItem on a new client: its first call,
 * a later one, and the first call of a second client made afterwards.
 * Work done once per client (a model parsed on first use) shows as the
 * difference between the first and the later call; work done once per
 * process, as the difference between the two clients' first calls. */
static void
one_get_item (GawsDynamodbClient *client,
              const char         *what)
{
  g_autoptr(GawsDynamodbGetItemInput) input = gaws_dynamodb_get_item_input_new ();
  g_autoptr(GHashTable) key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_autoptr(GawsDynamodbGetItemOutput) output = NULL;
  g_autoptr(GError) error = NULL;
  GawsDynamodbAttributeValue *pk = gaws_dynamodb_attribute_value_new ();
  gsize a0 = n_allocations;
  gint64 t0 = g_get_monotonic_time ();

  gaws_dynamodb_attribute_value_set_s (pk, "user#00000001");
  g_hash_table_insert (key, g_strdup ("pk"), pk);
  gaws_dynamodb_get_item_input_set_table_name (input, "bench");
  gaws_dynamodb_get_item_input_set_key (input, key);
  output = gaws_dynamodb_client_get_item_sync (client, input, NULL, &error);
  if (output == NULL)
    g_error ("gaws: GetItem: %s", error->message);
  g_clear_object (&output);
  if (what != NULL)
    g_print ("{\"client\": \"gaws\", \"workload\": \"%s\", \"allocations\": %" G_GSIZE_FORMAT
             ", \"us\": %" G_GINT64_FORMAT "}\n", what, n_allocations - a0,
             g_get_monotonic_time () - t0);
}

static G_GNUC_NO_INLINE void
count_first_calls (const Options *options)
{
  g_autoptr(GawsSession) session = gaws_bench_session ();
  g_autoptr(GawsClientConfig) config = gaws_bench_config (options);
  g_autoptr(GawsDynamodbClient) client = gaws_dynamodb_client_new (session, config);
  g_autoptr(GawsSession) session2 = NULL;
  g_autoptr(GawsDynamodbClient) client2 = NULL;

  one_get_item (client, "first-call-dynamodb");
  one_get_item (client, NULL);   /* the third call: a kept-alive connection, as for the first */
  one_get_item (client, "later-call-dynamodb");
  session2 = gaws_bench_session ();
  client2 = gaws_dynamodb_client_new (session2, config);
  one_get_item (client2, "second-client-first-call-dynamodb");
}

/* The GObjects any GetItem call has at the API, made and freed with no
 * I/O and no parsing: the input with its key's one AttributeValue (set
 * as bench's callers set them), the output with the seven
 * AttributeValues of bench-canned-server's item (left empty: filling
 * them is the reader's work, measured with the requests) and the GTask
 * behind the GAsyncResult. What GLib charges for their life cycle (type
 * instance, qdata and notify locks, finalization) is a floor under
 * gaws's CPU per request that no change inside gaws removes. Prints the
 * mean microseconds of one call's worth over @n rounds. */
static void
time_api_objects (guint n)
{
  gint64 t0 = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      GawsDynamodbGetItemInput *input = gaws_dynamodb_get_item_input_new ();
      GHashTable *key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      GHashTable *item = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      GawsDynamodbAttributeValue *pk = gaws_dynamodb_attribute_value_new ();
      GawsDynamodbGetItemOutput *output = gaws_dynamodb_get_item_output_new ();
      GTask *task = g_task_new (NULL, NULL, NULL, NULL);
      static const char *const names[ITEM_ATTRIBUTES] = { "pk", "sk", "name", "email", "age", "active", "tags" };

      gaws_dynamodb_attribute_value_set_s (pk, "user#00000001");
      g_hash_table_insert (key, g_strdup ("pk"), pk);
      gaws_dynamodb_get_item_input_set_table_name (input, "bench");
      gaws_dynamodb_get_item_input_set_key (input, key);
      for (guint a = 0; a < ITEM_ATTRIBUTES; a++)
        g_hash_table_insert (item, g_strdup (names[a]), gaws_dynamodb_attribute_value_new ());
      gaws_dynamodb_get_item_output_set_item (output, item);
      g_object_unref (task);
      g_object_unref (output);
      g_object_unref (input);
      g_hash_table_unref (item);
      g_hash_table_unref (key);
    }
  g_print ("{\"client\": \"gaws\", \"workload\": \"api-objects-getitem\", \"iterations\": %u, "
           "\"mean_us\": %.2f}\n", n, (double) (g_get_monotonic_time () - t0) / n);
}

static int
run_session (const Options *options)
{
  time_session ("dynamodb", options, 1000);
  time_session ("s3", options, 1000);
  time_api_objects (20000);
  if (options->url != NULL)
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      count_first_calls (options);
    }
  return 0;
}

/* ---- plain libcurl ---------------------------------------------------------------- */

typedef struct {
  CURL    *easy;
  GString *received;
  guint    index;
} CurlSlot;

typedef struct _CurlRun CurlRun;
struct _CurlRun {
  const Options     *options;
  CURLM             *multi;
  struct curl_slist *dynamodb_headers;
  struct curl_slist *put_headers;
  struct curl_slist *get_headers;
  struct curl_slist *list_headers;
  CurlSlot          *slots;
  guint              n_slots;
  char              *token;   /* listing: the next continuation token */
  guint              failed;
  guint              items;
  /* sets up @slot for request @index; check() says whether its reply is right */
  void     (*prepare) (CurlRun *run, CurlSlot *slot, guint index);
  gboolean (*check)   (CurlRun *run, CurlSlot *slot, long status);
};

static size_t
collect_cb (char *data, size_t size, size_t nmemb, void *userdata)
{
  g_string_append_len (userdata, data, (gssize) (size * nmemb));
  return size * nmemb;
}

static const char get_item_body[] = "{\"TableName\":\"bench\",\"Key\":{\"pk\":{\"S\":\"user#00000001\"}}}";

#define AUTHORIZATION(service, signed_headers) \
  "Authorization: AWS4-HMAC-SHA256 Credential=AKIDBENCHBENCHBENCH0/20261125/us-east-1/" \
  service "/aws4_request, SignedHeaders=" signed_headers ", " \
  "Signature=6f1d0c1b6d0e7e1b8a4c1f5e0d2b9a7c3e5f1a2b4c6d8e0f1a3b5c7d9e1f2a3b"

/* The header lines every gaws request carries, as botocore's do: the
 * floor sends them too, so that both put the same bytes on the wire. */
#define SDK_HEADERS \
  "User-Agent: gaws/0.1.0 GLib/2.74", \
  "amz-sdk-invocation-id: 6392ecd5-3990-4d4a-8000-000000000000", \
  "amz-sdk-request: attempt=1; max=5", \
  "X-Amz-Date: 20261125T120000Z"

/* PutObject's body as gaws frames it: aws-chunked, with its CRC32 in the
 * trailer (put_body_init()). */
static char put_body[OBJECT_SIZE + 64];
static gsize put_body_length;

static void
put_body_init (void)
{
  g_autofree char *crc32 = gaws_checksum_compute_base64 (GAWS_CHECKSUM_ALGORITHM_CRC32,
                                                         (const guint8 *) object_data, OBJECT_SIZE);
  int n = g_snprintf (put_body, sizeof put_body, "%x\r\n", OBJECT_SIZE);

  memcpy (put_body + n, object_data, OBJECT_SIZE);
  n += OBJECT_SIZE;
  n += g_snprintf (put_body + n, sizeof put_body - (gsize) n, "\r\n0\r\nx-amz-checksum-crc32:%s\r\n\r\n", crc32);
  put_body_length = (gsize) n;
}

static struct curl_slist *
slist_of (const char *const *lines)
{
  struct curl_slist *list = NULL;

  for (; *lines != NULL; lines++)
    list = curl_slist_append (list, *lines);
  return list;
}

static void
curl_headers_init (CurlRun *run)
{
  static const char *const dynamodb[] = {
    "Content-Type: application/x-amz-json-1.0",
    "X-Amz-Target: DynamoDB_20120810.GetItem",
    SDK_HEADERS,
    AUTHORIZATION ("dynamodb", "amz-sdk-invocation-id;amz-sdk-request;content-type;host;x-amz-date;x-amz-target"),
    "Expect:", "Accept:", NULL,
  };
  static const char *const put[] = {
    "Content-Type: application/octet-stream",
    "x-amz-sdk-checksum-algorithm: CRC32",
    "Content-Encoding: aws-chunked",
    "x-amz-trailer: x-amz-checksum-crc32",
    "x-amz-decoded-content-length: 1024",
    SDK_HEADERS,
    "x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER",
    AUTHORIZATION ("s3", "amz-sdk-invocation-id;amz-sdk-request;content-encoding;content-type;host;"
                         "x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;"
                         "x-amz-sdk-checksum-algorithm;x-amz-trailer"),
    "Expect:", "Accept:", NULL,
  };
  static const char *const get[] = {
    "x-amz-checksum-mode: ENABLED",
    SDK_HEADERS,
    "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    AUTHORIZATION ("s3", "amz-sdk-invocation-id;amz-sdk-request;host;x-amz-checksum-mode;"
                         "x-amz-content-sha256;x-amz-date"),
    "Accept:", NULL,
  };
  static const char *const list[] = {
    SDK_HEADERS,
    "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    AUTHORIZATION ("s3", "amz-sdk-invocation-id;amz-sdk-request;host;x-amz-content-sha256;x-amz-date"),
    "Accept:", NULL,
  };

  run->dynamodb_headers = slist_of (dynamodb);
  run->put_headers = slist_of (put);
  run->get_headers = slist_of (get);
  run->list_headers = slist_of (list);
}

static void
get_item_prepare (CurlRun *run, CurlSlot *slot, guint index)
{
  if (slot->index == G_MAXUINT)   /* first use: everything is fixed */
    {
      g_autofree char *url = g_strconcat (run->options->url, "/", NULL);

      curl_easy_setopt (slot->easy, CURLOPT_URL, url);
      curl_easy_setopt (slot->easy, CURLOPT_POSTFIELDSIZE, (long) (sizeof get_item_body - 1));
      curl_easy_setopt (slot->easy, CURLOPT_POSTFIELDS, get_item_body);
      curl_easy_setopt (slot->easy, CURLOPT_HTTPHEADER, run->dynamodb_headers);
    }
}

static gboolean
get_item_check (CurlRun *run, CurlSlot *slot, long status)
{
  return status == 200 && slot->received->len > 100 && slot->received->str[0] == '{';
}

static void
put_prepare (CurlRun *run, CurlSlot *slot, guint index)
{
  char url[256];

  g_snprintf (url, sizeof url, "%s/bench/obj-%u", run->options->url, index);
  curl_easy_setopt (slot->easy, CURLOPT_URL, url);
  if (slot->index == G_MAXUINT)
    {
      curl_easy_setopt (slot->easy, CURLOPT_CUSTOMREQUEST, "PUT");
      curl_easy_setopt (slot->easy, CURLOPT_POSTFIELDSIZE, (long) put_body_length);
      curl_easy_setopt (slot->easy, CURLOPT_POSTFIELDS, put_body);
      curl_easy_setopt (slot->easy, CURLOPT_HTTPHEADER, run->put_headers);
    }
}

static gboolean
put_check (CurlRun *run, CurlSlot *slot, long status)
{
  return status == 200;
}

static void
get_prepare (CurlRun *run, CurlSlot *slot, guint index)
{
  char url[256];

  g_snprintf (url, sizeof url, "%s/bench/obj-%u", run->options->url, index);
  curl_easy_setopt (slot->easy, CURLOPT_URL, url);
  if (slot->index == G_MAXUINT)
    curl_easy_setopt (slot->easy, CURLOPT_HTTPHEADER, run->get_headers);
}

static gboolean
get_check (CurlRun *run, CurlSlot *slot, long status)
{
  return status == 200 && slot->received->len == OBJECT_SIZE;
}

static void
list_prepare (CurlRun *run, CurlSlot *slot, guint index)
{
  char url[256];

  if (run->token != NULL)
    g_snprintf (url, sizeof url, "%s/bench?continuation-token=%s&encoding-type=url&list-type=2", run->options->url,
                run->token);
  else
    g_snprintf (url, sizeof url, "%s/bench?list-type=2&encoding-type=url", run->options->url);
  curl_easy_setopt (slot->easy, CURLOPT_URL, url);
  if (slot->index == G_MAXUINT)
    curl_easy_setopt (slot->easy, CURLOPT_HTTPHEADER, run->list_headers);
}

/* The floor reads only what it needs to go on: the next token. */
static gboolean
list_check (CurlRun *run, CurlSlot *slot, long status)
{
  static const char tag[] = "<NextContinuationToken>";
  const char *next = strstr (slot->received->str, tag);

  g_clear_pointer (&run->token, g_free);
  if (next != NULL)
    {
      const char *end;

      next += sizeof tag - 1;
      end = strchr (next, '<');
      run->token = g_strndup (next, (gsize) (end - next));
    }
  return status == 200 && strstr (slot->received->str, "</ListBucketResult>") != NULL;
}

static CurlSlot *
curl_slots_new (guint n, const char *ca_file)
{
  CurlSlot *slots = g_new0 (CurlSlot, n);

  for (guint i = 0; i < n; i++)
    {
      CURL *easy = curl_easy_init ();

      slots[i].received = g_string_sized_new (4096);
      slots[i].index = G_MAXUINT;
      curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
      curl_easy_setopt (easy, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_1_1);
      curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, collect_cb);
      curl_easy_setopt (easy, CURLOPT_WRITEDATA, slots[i].received);
      curl_easy_setopt (easy, CURLOPT_PRIVATE, &slots[i]);
      if (ca_file != NULL)
        curl_easy_setopt (easy, CURLOPT_CAINFO, ca_file);
      slots[i].easy = easy;
    }
  return slots;
}

static void
curl_slots_reset (CurlRun *run)
{
  /* A new workload: set the fixed options again on first use. */
  for (guint i = 0; i < run->n_slots; i++)
    {
      curl_easy_setopt (run->slots[i].easy, CURLOPT_CUSTOMREQUEST, NULL);
      curl_easy_setopt (run->slots[i].easy, CURLOPT_HTTPGET, 1L);
      run->slots[i].index = G_MAXUINT;
    }
}

/* Runs requests [0, @total) with @concurrency in flight; returns how many
 * were sent (a listing stops when there is no next token). */
/* not inlined: callgrind --toggle-collect=curl_run */
static G_GNUC_NO_INLINE guint
curl_run (CurlRun *run, guint total, guint concurrency)
{
  guint started = 0, done = 0, in_flight = 0;

  curl_slots_reset (run);
  for (; started < concurrency && started < total; started++, in_flight++)
    {
      CurlSlot *slot = &run->slots[started];

      run->prepare (run, slot, started);
      slot->index = started;
      curl_multi_add_handle (run->multi, slot->easy);
    }
  while (in_flight > 0)
    {
      CURLMsg *msg;
      int running, left;

      curl_multi_perform (run->multi, &running);
      while ((msg = curl_multi_info_read (run->multi, &left)) != NULL)
        {
          CurlSlot *slot = NULL;
          long status = 0;

          curl_easy_getinfo (msg->easy_handle, CURLINFO_PRIVATE, (char **) &slot);
          curl_easy_getinfo (msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
          if (msg->data.result != CURLE_OK || !run->check (run, slot, status))
            {
              if (run->failed++ == 0)
                g_printerr ("curl: request %u failed: %s, status %ld\n", slot->index,
                            curl_easy_strerror (msg->data.result), status);
            }
          g_string_truncate (slot->received, 0);
          curl_multi_remove_handle (run->multi, msg->easy_handle);
          done++;
          in_flight--;
          if (started < total && (run->prepare != list_prepare || run->token != NULL))
            {
              run->prepare (run, slot, started);
              slot->index = started++;
              curl_multi_add_handle (run->multi, msg->easy_handle);
              in_flight++;
            }
        }
      if (in_flight > 0)
        curl_multi_poll (run->multi, NULL, 0, 1000, NULL);
    }
  return done;
}

static int
run_curl (const char *workload, const Options *options)
{
  CurlRun run = { options, curl_multi_init () };
  guint requests = options->requests;
  guint concurrency = options->concurrency;
  Mark start;

  put_body_init ();
  curl_headers_init (&run);
  run.n_slots = MAX (concurrency, 1);
  run.slots = curl_slots_new (run.n_slots, options->ca_file);
  if (g_str_equal (workload, "seq") || g_str_equal (workload, "con"))
    {
      if (g_str_equal (workload, "seq"))
        concurrency = 1;
      run.prepare = get_item_prepare;
      run.check = get_item_check;
      curl_run (&run, options->warmup, concurrency);
      mark (&start);
      curl_run (&run, requests, concurrency);
    }
  else if (g_str_equal (workload, "s3"))
    {
      run.prepare = put_prepare;
      run.check = put_check;
      curl_run (&run, options->warmup, concurrency);
      run.prepare = get_prepare;
      run.check = get_check;
      curl_run (&run, options->warmup, concurrency);
      mark (&start);
      run.prepare = put_prepare;
      run.check = put_check;
      curl_run (&run, requests / 2, concurrency);
      run.prepare = get_prepare;
      run.check = get_check;
      curl_run (&run, requests / 2, concurrency);
    }
  else if (g_str_equal (workload, "list"))
    {
      concurrency = 1;
      run.prepare = list_prepare;
      run.check = list_check;
      curl_run (&run, 1, 1);
      g_clear_pointer (&run.token, g_free);
      mark (&start);
      requests = curl_run (&run, G_MAXUINT, 1);
    }
  else
    g_error ("unknown workload %s", workload);
  print_result ("curl", workload, &start, requests, concurrency);

  for (guint i = 0; i < run.n_slots; i++)
    {
      curl_easy_cleanup (run.slots[i].easy);
      g_string_free (run.slots[i].received, TRUE);
    }
  g_free (run.slots);
  g_free (run.token);
  curl_multi_cleanup (run.multi);
  curl_slist_free_all (run.dynamodb_headers);
  curl_slist_free_all (run.put_headers);
  curl_slist_free_all (run.get_headers);
  curl_slist_free_all (run.list_headers);
  if (run.failed > 0)
    g_error ("curl: %u requests failed", run.failed);
  return 0;
}

/* ---- driver ---------------------------------------------------------------------- */

int
main (int argc, char *argv[])
{
  Options options = { NULL, NULL, 0, 64, 200 };
  int requests = 0, concurrency = 64, warmup = 200;
  GOptionEntry entries[] = {
    { "url", 'u', 0, G_OPTION_ARG_STRING, &options.url, "The canned server", "http[s]://127.0.0.1:PORT" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &options.ca_file, "https: the certificates to trust (PEM)", "FILE" },
    { "requests", 'n', 0, G_OPTION_ARG_INT, &requests, "Requests (seq 5000, con 20000, s3 10000)", "N" },
    { "concurrency", 'c', 0, G_OPTION_ARG_INT, &concurrency, "In flight (con, s3)", "N" },
    { "warmup", 'w', 0, G_OPTION_ARG_INT, &warmup, "Requests before measuring", "N" },
    { NULL },
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("gaws|curl seq|con|s3|list | session - bench/clients");
  g_autoptr(GError) error = NULL;
  int status;

  for (gsize i = 0; i < OBJECT_SIZE; i++)
    object_data[i] = (char) ('a' + i % 26);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (argc >= 2 && g_str_equal (argv[1], "session"))
    return run_session (&options);   /* --url: also the first calls */
  if (argc < 3 || options.url == NULL)
    {
      g_printerr ("%s", g_option_context_get_help (context, TRUE, NULL));
      return 2;
    }
  options.concurrency = (guint) MAX (concurrency, 1);
  options.warmup = (guint) MAX (warmup, 1);
  options.requests = requests > 0 ? (guint) requests
                   : g_str_equal (argv[2], "seq") ? 5000
                   : g_str_equal (argv[2], "con") ? 20000 : 10000;
  curl_global_init (CURL_GLOBAL_DEFAULT);
  status = g_str_equal (argv[1], "gaws") ? run_gaws (argv[2], &options)
         : g_str_equal (argv[1], "curl") ? run_curl (argv[2], &options)
         : 2;
  curl_global_cleanup ();
  g_free (options.url);
  g_free (options.ca_file);
  return status;
}
