/* gaws-s3-serve.c: serve the objects of a bucket over HTTP, streaming each
 * S3 body to the HTTP client as it arrives
 *
 * Usage: gaws-s3-serve [--port 8080] [--endpoint-url URL] BUCKET
 *
 * The aiohttp example of aioboto3's usage page done with libsoup 3: a GET
 * of /KEY calls get_object and copies its Body to the response in 69 KiB
 * chunks. The next chunk is read from S3 only once libsoup has written the
 * previous one to the client, so a slow client slows the S3 download (the
 * Body stream applies back pressure) and memory stays at one chunk per
 * request. A client that goes away cancels the S3 transfer.
 *
 * Credentials, region and endpoint come from the usual AWS settings
 * (`AWS_PROFILE`, `AWS_ACCESS_KEY_ID`, `AWS_ENDPOINT_URL`, ...).
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include <gaws.h>
#include <gaws-s3.h>
#include <libsoup/soup.h>

#define CHUNK_SIZE (69 * 1024)

typedef struct {
  GawsS3Client *client;
  char         *bucket;
} Server;

/* One request being served. It lives until the message is finished and no
 * S3 call is in flight for it. */
typedef struct {
  SoupServerMessage *msg;
  GInputStream      *body;
  GCancellable      *cancellable;
  gboolean           busy;       /* an S3 call or read in flight */
  gboolean           finished;   /* libsoup is done with the message */
  char              *key;
} Serve;

static void
serve_free (Serve *serve)
{
  g_clear_object (&serve->body);
  g_object_unref (serve->cancellable);
  g_object_unref (serve->msg);
  g_free (serve->key);
  g_free (serve);
}

/* Returns TRUE when @serve was freed: libsoup finished with the message
 * while the call was in flight. */
static gboolean
serve_settle (Serve *serve)
{
  serve->busy = FALSE;
  if (!serve->finished)
    return FALSE;
  serve_free (serve);
  return TRUE;
}

static void
finished_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  Serve *serve = user_data;

  serve->finished = TRUE;
  g_cancellable_cancel (serve->cancellable);
  if (!serve->busy)
    serve_free (serve);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Serve *serve = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  SoupMessageBody *body;

  if (serve_settle (serve))
    return;
  body = soup_server_message_get_response_body (serve->msg);
  if (chunk == NULL)
    {
      GSocket *socket = soup_server_message_get_socket (serve->msg);

      /* The headers are gone already: all that is left is to cut the
       * connection, which the client sees as a body shorter than its
       * Content-Length. */
      g_printerr ("%s: %s\n", serve->key, error->message);
      if (socket != NULL)
        g_socket_close (socket, NULL);
      soup_message_body_complete (body);
    }
  else if (g_bytes_get_size (chunk) == 0)
    soup_message_body_complete (body);
  else
    soup_message_body_append_bytes (body, chunk);
  soup_server_message_unpause (serve->msg);
}

/* libsoup wrote the last chunk: fetch the next one. */
static void
wrote_chunk_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  Serve *serve = user_data;

  if (serve->finished || serve->busy)
    return;
  soup_server_message_pause (msg);
  serve->busy = TRUE;
  g_input_stream_read_bytes_async (serve->body, CHUNK_SIZE, G_PRIORITY_DEFAULT, serve->cancellable,
                                   read_cb, serve);
}

static void
respond_error (Serve        *serve,
               const GError *error)
{
  guint status = error->domain == GAWS_ERROR ? gaws_error_get_http_status (error) : 0;
  g_autofree char *text = g_strdup_printf ("%s\n", error->message);

  soup_server_message_set_status (serve->msg, status >= 400 ? status : SOUP_STATUS_BAD_GATEWAY, NULL);
  soup_server_message_set_response (serve->msg, "text/plain", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
got_object_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Serve *serve = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsS3GetObjectOutput) output = gaws_s3_client_get_object_finish (GAWS_S3_CLIENT (source), result,
                                                                              &error);
  SoupMessageHeaders *headers;
  const char *type, *etag;

  if (serve_settle (serve))
    return;
  if (output == NULL)
    {
      respond_error (serve, error);
      soup_server_message_unpause (serve->msg);
      return;
    }
  headers = soup_server_message_get_response_headers (serve->msg);
  type = gaws_s3_get_object_output_get_content_type (output);
  etag = gaws_s3_get_object_output_get_e_tag (output);
  soup_server_message_set_status (serve->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, type ? type : "application/octet-stream", NULL);
  if (etag != NULL)
    soup_message_headers_replace (headers, "ETag", etag);
  soup_message_headers_set_content_length (headers, gaws_s3_get_object_output_get_content_length (output));
  soup_message_body_set_accumulate (soup_server_message_get_response_body (serve->msg), FALSE);
  serve->body = g_object_ref (gaws_s3_get_object_output_get_body (output));
  g_signal_connect (serve->msg, "wrote-chunk", G_CALLBACK (wrote_chunk_cb), serve);
  /* The first chunk; the others follow as libsoup writes. */
  serve->busy = TRUE;
  g_input_stream_read_bytes_async (serve->body, CHUNK_SIZE, G_PRIORITY_DEFAULT, serve->cancellable,
                                   read_cb, serve);
}

static void
handle (SoupServer        *soup_server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Server *server = user_data;
  g_autoptr(GawsS3GetObjectRequest) request = NULL;
  Serve *serve;

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_GET) != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }
  serve = g_new0 (Serve, 1);
  serve->msg = g_object_ref (msg);
  serve->cancellable = g_cancellable_new ();
  serve->key = g_uri_unescape_string (path + 1, NULL);
  if (serve->key == NULL || serve->key[0] == '\0')
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      serve_free (serve);
      return;
    }
  g_print ("GET s3://%s/%s\n", server->bucket, serve->key);
  request = gaws_s3_get_object_request_new ();
  gaws_s3_get_object_request_set_bucket (request, server->bucket);
  gaws_s3_get_object_request_set_key (request, serve->key);
  g_signal_connect (msg, "finished", G_CALLBACK (finished_cb), serve);
  soup_server_message_pause (msg);
  serve->busy = TRUE;
  gaws_s3_client_get_object_async (server->client, request, serve->cancellable, got_object_cb, serve);
}

int
main (int argc, char **argv)
{
  gint port = 8080;
  g_autofree char *endpoint_url = NULL;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port to listen on (8080)", "PORT" },
    { "endpoint-url", 0, 0, G_OPTION_ARG_STRING, &endpoint_url, "S3 endpoint URL", "URL" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("BUCKET");
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsSession) session = gaws_session_new ();
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(SoupServer) soup_server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Server server = { NULL };

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error ? error->message : "Usage: gaws-s3-serve [--port PORT] [--endpoint-url URL] BUCKET");
      return 2;
    }
  if (endpoint_url != NULL)
    gaws_client_config_set_endpoint_url (config, endpoint_url);
  server.client = gaws_s3_client_new (session, config);
  server.bucket = argv[1];

  soup_server = soup_server_new (NULL, NULL);
  soup_server_add_handler (soup_server, NULL, handle, &server, NULL);
  if (!soup_server_listen_local (soup_server, port, 0, &error))
    {
      g_printerr ("Could not listen on port %d: %s\n", port, error->message);
      g_object_unref (server.client);
      return 1;
    }
  g_print ("Serving s3://%s on http://127.0.0.1:%d/\n", server.bucket, port);
  g_main_loop_run (loop);
  g_object_unref (server.client);
  return 0;
}
