/* bench-http-engine.c: GawsHttpEngine against plain libcurl, on loopback
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Sends small POSTs (a ~200-byte body, a ~100-byte reply) to an nginx that
 * answers every request with a canned body, first one at a time, then with
 * many in flight, through (a) a GawsHttpEngine on a GMainLoop and (b) a
 * curl multi handle driven the simplest efficient way (curl_multi_perform
 * and curl_multi_poll in a loop, easy handles reused). It reports requests
 * per second and the CPU time (user + system, this process only: nginx is a
 * child and is not counted) per request, and the ratio of the two.
 */
#define _GNU_SOURCE   /* sched_setaffinity */
#include <curl/curl.h>
#include <gaws.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#ifndef BENCH_NGINX_CONF
#define BENCH_NGINX_CONF "nginx.conf"
#endif

#define REPLY_LENGTH 93   /* the body nginx.conf returns */

static const char request_body[] =
  "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"user#00000001\"},\"sk\":{\"S\":\"profile\"},"
  "\"name\":{\"S\":\"Ada Lovelace\"},\"email\":{\"S\":\"ada@example.com\"},\"age\":{\"N\":\"36\"}},"
  "\"ReturnConsumedCapacity\":\"TOTAL\"}";

static const char *const request_headers[] = {
  "Content-Type: application/x-amz-json-1.0",
  "X-Amz-Target: DynamoDB_20120810.PutItem",
};

typedef struct {
  double   seconds;
  double   cpu_us;
  guint    requests;
} Figures;

typedef struct {
  struct rusage usage;
  gint64        wall;
} Mark;

static void
mark (Mark *m)
{
  getrusage (RUSAGE_SELF, &m->usage);
  m->wall = g_get_monotonic_time ();
}

static double
tv_us (struct timeval tv)
{
  return (double) tv.tv_sec * 1e6 + (double) tv.tv_usec;
}

static Figures
since (const Mark *start, guint requests)
{
  Mark end;
  Figures f;

  mark (&end);
  f.seconds = (double) (end.wall - start->wall) / 1e6;
  f.cpu_us = (tv_us (end.usage.ru_utime) - tv_us (start->usage.ru_utime) +
              tv_us (end.usage.ru_stime) - tv_us (start->usage.ru_stime)) / requests;
  f.requests = requests;
  return f;
}

/* ---- nginx ----------------------------------------------------------------- */

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
port_answers (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection =
    g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);

  return connection != NULL;
}

static gboolean pin;

/* With --pin, client and server each get a core of their own (when there
 * are two). Off by default: on small VMs the cross-core wake-ups of a
 * request/response ping-pong cost more than the scheduler's choices. */
static void
pin_to_cpu (int cpu)
{
  cpu_set_t set;

  if (!pin || g_get_num_processors () < 2)
    return;
  CPU_ZERO (&set);
  CPU_SET (cpu, &set);
  sched_setaffinity (0, sizeof set, &set);
}

static void
nginx_child_setup (gpointer data)
{
  /* nginx must not outlive a bench that crashed. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  pin_to_cpu (1);
}

static GSubprocess *
start_nginx (const char *conf_template, const char *dir, guint16 port)
{
  g_autofree char *template = NULL;
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autofree char *conf_path = g_build_filename (dir, "nginx.conf", NULL);
  g_autoptr(GString) conf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GSubprocess *nginx;

  if (!g_file_get_contents (conf_template, &template, NULL, &error))
    g_error ("%s", error->message);
  conf = g_string_new (template);
  g_string_replace (conf, "@PORT@", port_text, 0);
  g_string_replace (conf, "@DIR@", dir, 0);
  if (!g_file_set_contents (conf_path, conf->str, (gssize) conf->len, &error))
    g_error ("%s", error->message);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_child_setup (launcher, nginx_child_setup, NULL, NULL);
  nginx = g_subprocess_launcher_spawn (launcher, &error, "nginx", "-p", dir, "-c", conf_path,
                                       "-e", "stderr", NULL);
  if (nginx == NULL)
    g_error ("cannot run nginx: %s", error->message);
  for (int i = 0; i < 500 && !port_answers (port); i++)
    g_usleep (10000);
  if (!port_answers (port))
    g_error ("nginx did not start on port %u", port);
  return nginx;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
stop_nginx (GSubprocess *nginx)
{
  g_subprocess_send_signal (nginx, SIGQUIT);
  g_subprocess_wait (nginx, NULL, NULL);
}

/* ---- (a) GawsHttpEngine ------------------------------------------------------ */

typedef struct {
  GawsHttpEngine  *engine;
  GawsHttpRequest *request;
  GMainLoop       *loop;
  guint            to_start;
  guint            pending;
  guint            failed;
} EngineRun;

static void engine_start_one (EngineRun *run);

static void
on_engine_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  EngineRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsHttpResponse) response =
    gaws_http_engine_send_finish (GAWS_HTTP_ENGINE (source), result, &error);

  if (response == NULL || gaws_http_response_get_status (response) != 200 ||
      g_bytes_get_size (gaws_http_response_get_body (response)) != REPLY_LENGTH)
    {
      if (run->failed++ == 0)
        g_printerr ("engine request failed: %s\n", error ? error->message : "bad reply");
    }
  run->pending--;
  if (run->to_start > 0)
    engine_start_one (run);
  else if (run->pending == 0)
    g_main_loop_quit (run->loop);
}

static void
engine_start_one (EngineRun *run)
{
  run->to_start--;
  run->pending++;
  gaws_http_engine_send_async (run->engine, run->request, GAWS_HTTP_BODY_BUFFERED, NULL,
                               on_engine_sent, run);
}

static Figures
run_engine (GawsHttpEngine *engine, GawsHttpRequest *request, guint total, guint concurrency)
{
  EngineRun run = { engine, request, g_main_loop_new (NULL, FALSE), total, 0, 0 };
  Mark start;
  Figures f;

  mark (&start);
  for (guint i = 0; i < concurrency && run.to_start > 0; i++)
    engine_start_one (&run);
  g_main_loop_run (run.loop);
  f = since (&start, total);
  g_main_loop_unref (run.loop);
  if (run.failed > 0)
    g_error ("%u engine requests failed", run.failed);
  return f;
}

static GawsHttpRequest *
engine_request (const char *url)
{
  g_autoptr(GBytes) body = g_bytes_new_static (request_body, sizeof request_body - 1);
  GawsHttpRequest *request = gaws_http_request_new_for_url ("POST", url, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (request_headers); i++)
    {
      g_auto(GStrv) pair = g_strsplit (request_headers[i], ": ", 2);
      gaws_http_headers_append (gaws_http_request_get_headers (request), pair[0], pair[1]);
    }
  gaws_http_request_set_body (request, body);
  return request;
}

/* ---- (b) plain libcurl --------------------------------------------------------- */

static size_t
count_cb (char *data, size_t size, size_t nmemb, void *userdata)
{
  *(gsize *) userdata += size * nmemb;
  return size * nmemb;
}

typedef struct {
  CURL  *easy;
  gsize  received;
} CurlSlot;

static void
curl_setup (CurlSlot *slot, const char *url, struct curl_slist *headers)
{
  CURL *easy = curl_easy_init ();

  curl_easy_setopt (easy, CURLOPT_URL, url);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_1_1);
  curl_easy_setopt (easy, CURLOPT_POSTFIELDSIZE, (long) (sizeof request_body - 1));
  curl_easy_setopt (easy, CURLOPT_POSTFIELDS, request_body);
  curl_easy_setopt (easy, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, count_cb);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, &slot->received);
  curl_easy_setopt (easy, CURLOPT_PRIVATE, slot);
  slot->easy = easy;
}

static Figures
run_curl (const char *url, guint total, guint concurrency)
{
  CURLM *multi = curl_multi_init ();
  struct curl_slist *headers = NULL;
  g_autofree CurlSlot *slots = g_new0 (CurlSlot, concurrency);
  guint started = 0, done = 0, failed = 0;
  Mark start;
  Figures f;

  for (gsize i = 0; i < G_N_ELEMENTS (request_headers); i++)
    headers = curl_slist_append (headers, request_headers[i]);
  /* The same bytes on the wire as the engine sends. */
  headers = curl_slist_append (headers, "User-Agent: gaws/0.1");
  headers = curl_slist_append (headers, "Expect:");
  headers = curl_slist_append (headers, "Accept:");
  for (guint i = 0; i < concurrency; i++)
    curl_setup (&slots[i], url, headers);

  mark (&start);
  for (; started < concurrency && started < total; started++)
    curl_multi_add_handle (multi, slots[started].easy);
  while (done < total)
    {
      CURLMsg *msg;
      int running, left;

      curl_multi_perform (multi, &running);
      while ((msg = curl_multi_info_read (multi, &left)) != NULL)
        {
          CurlSlot *slot = NULL;
          long status = 0;

          curl_easy_getinfo (msg->easy_handle, CURLINFO_PRIVATE, (char **) &slot);
          curl_easy_getinfo (msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
          if (msg->data.result != CURLE_OK || status != 200 || slot->received != REPLY_LENGTH)
            failed++;
          slot->received = 0;
          curl_multi_remove_handle (multi, msg->easy_handle);
          done++;
          if (started < total)
            {
              curl_multi_add_handle (multi, msg->easy_handle);
              started++;
            }
        }
      if (done < total)
        curl_multi_poll (multi, NULL, 0, 1000, NULL);
    }
  f = since (&start, total);

  for (guint i = 0; i < concurrency; i++)
    curl_easy_cleanup (slots[i].easy);
  curl_multi_cleanup (multi);
  curl_slist_free_all (headers);
  if (failed > 0)
    g_error ("%u libcurl requests failed", failed);
  return f;
}

/* ---- driver ------------------------------------------------------------------------ */

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* The median, or with @best the smallest (for CPU time) or largest (for
 * throughput): other load on the machine only ever makes figures worse, so
 * the best round is the one least disturbed. */
static double
pick (GArray *values, gboolean best, gboolean higher_is_better)
{
  g_array_sort (values, compare_doubles);
  if (!best)
    return g_array_index (values, double, values->len / 2);
  return g_array_index (values, double, higher_is_better ? values->len - 1 : 0);
}

typedef struct {
  GArray *rate;
  GArray *cpu;
} Series;

static void
series_add (Series *s, Figures f)
{
  double rate = f.requests / f.seconds;

  if (s->rate == NULL)
    {
      s->rate = g_array_new (FALSE, FALSE, sizeof (double));
      s->cpu = g_array_new (FALSE, FALSE, sizeof (double));
    }
  g_array_append_val (s->rate, rate);
  g_array_append_val (s->cpu, f.cpu_us);
}

static void
series_clear (Series *s)
{
  g_clear_pointer (&s->rate, g_array_unref);
  g_clear_pointer (&s->cpu, g_array_unref);
}

static void
report (const char *name, guint total, guint concurrency, Series *engine, Series *curl, gboolean best)
{
  double er = pick (engine->rate, best, TRUE), cr = pick (curl->rate, best, TRUE);
  double ec = pick (engine->cpu, best, FALSE), cc = pick (curl->cpu, best, FALSE);

  g_print ("| %-10s | %-6s | %6u | %3u | %9.0f | %9.0f | %5.2f | %7.1f | %7.1f | %5.2f |\n",
           name, best ? "best" : "median", total, concurrency, er, cr, er / cr, ec, cc, ec / cc);
}

int
main (int argc, char *argv[])
{
  int sequential = 5000, concurrent = 20000, concurrency = 64, rounds = 3, profile = 0, profile_curl = 0;
  g_autofree char *conf = g_strdup (BENCH_NGINX_CONF);
  GOptionEntry entries[] = {
    { "sequential", 's', 0, G_OPTION_ARG_INT, &sequential, "Requests sent one at a time", "N" },
    { "concurrent", 'n', 0, G_OPTION_ARG_INT, &concurrent, "Requests sent with many in flight", "N" },
    { "concurrency", 'c', 0, G_OPTION_ARG_INT, &concurrency, "How many in flight", "N" },
    { "rounds", 'r', 0, G_OPTION_ARG_INT, &rounds, "Rounds; the best and the median are reported", "N" },
    { "nginx-conf", 0, 0, G_OPTION_ARG_FILENAME, &conf, "nginx.conf template", "FILE" },
    { "pin", 0, 0, G_OPTION_ARG_NONE, &pin, "Pin the bench to CPU 0 and nginx to CPU 1", NULL },
    { "profile-engine", 0, 0, G_OPTION_ARG_INT, &profile, "Only send N concurrent requests through the engine, for a profiler", "N" },
    { "profile-curl", 0, 0, G_OPTION_ARG_INT, &profile_curl, "Only send N concurrent requests through libcurl, for a profiler", "N" },
    { NULL },
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- GawsHttpEngine vs libcurl on loopback");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSubprocess) nginx = NULL;
  g_autoptr(GawsHttpEngine) engine = NULL;
  g_autoptr(GawsHttpRequest) request = NULL;
  Series eseq = { 0 }, cseq = { 0 }, econ = { 0 }, ccon = { 0 };
  guint16 port;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    g_error ("%s", error->message);
  curl_global_init (CURL_GLOBAL_DEFAULT);
  dir = g_dir_make_tmp ("gaws-bench-nginx-XXXXXX", &error);
  g_assert_no_error (error);
  port = free_port ();
  nginx = start_nginx (conf, dir, port);
  pin_to_cpu (0);
  url = g_strdup_printf ("http://127.0.0.1:%u/", port);

  engine = g_object_new (GAWS_TYPE_HTTP_ENGINE, "max-connections", concurrency, NULL);
  request = engine_request (url);
  if (profile > 0 || profile_curl > 0)
    {
      Figures f = profile > 0 ? run_engine (engine, request, (guint) profile, (guint) concurrency)
                              : run_curl (url, (guint) profile_curl, (guint) concurrency);
      g_print ("%s: %.0f req/s, %.1f us CPU/req\n", profile > 0 ? "engine" : "libcurl",
               f.requests / f.seconds, f.cpu_us);
      g_clear_object (&engine);
      stop_nginx (nginx);
      remove_tree (dir);
      return 0;
    }
  /* Warm up: open the connections, fault the code in. */
  run_engine (engine, request, 2000, (guint) concurrency);
  run_curl (url, 2000, (guint) concurrency);

  for (int r = 0; r < rounds; r++)
    {
      series_add (&eseq, run_engine (engine, request, (guint) sequential, 1));
      series_add (&cseq, run_curl (url, (guint) sequential, 1));
      series_add (&econ, run_engine (engine, request, (guint) concurrent, (guint) concurrency));
      series_add (&ccon, run_curl (url, (guint) concurrent, (guint) concurrency));
    }

  g_print ("| run        | of %-3d | reqs   | in flight | engine req/s | libcurl req/s | ratio "
           "| engine CPU us/req | libcurl CPU us/req | ratio |\n", rounds);
  g_print ("| ---------- | ------ | ------ | --- | --------- | --------- | ----- | ------- | ------- | ----- |\n");
  for (int best = 1; best >= 0; best--)
    {
      report ("sequential", (guint) sequential, 1, &eseq, &cseq, best);
      report ("concurrent", (guint) concurrent, (guint) concurrency, &econ, &ccon, best);
    }
  series_clear (&eseq);
  series_clear (&cseq);
  series_clear (&econ);
  series_clear (&ccon);

  g_clear_object (&engine);
  stop_nginx (nginx);
  g_clear_object (&nginx);
  remove_tree (dir);
  curl_global_cleanup ();
  return 0;
}
