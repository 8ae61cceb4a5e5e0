/* gaws-s3-stream-download.c: stream an S3 object to an HTTP client as it
 * arrives, with a libsoup server
 *
 * aioboto3's streaming download example (served there with aiohttp):
 *
 *   s3_ob = await s3.get_object(Bucket=bucket, Key=blob_s3_key)
 *   resp = web.StreamResponse(headers={"CONTENT-DISPOSITION": ..., "Content-Type": ...})
 *   resp.content_length = ob_info["content-length"]
 *   await resp.prepare(request)
 *   stream = s3_ob["Body"]
 *   while file_data := await stream.read(chunk_size):
 *       await resp.write(file_data)
 *
 * GET /SUITE/RELEASE/FILENAME serves s3://BUCKET/SUITE/RELEASE/FILENAME in
 * 69 KiB chunks: the next chunk is read from the Body stream only once
 * libsoup has written the last one, so memory stays at one chunk per
 * request whatever the object's size, and a client that goes away cancels
 * the download.
 *
 * Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 gaws-s3-stream-download [--port PORT]
 *
 * It first uploads an object to serve. With --port it then serves until
 * interrupted; without, it listens on a free port, downloads the object
 * from itself with a SoupSession, checks it and exits.
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#define GAWS_EXAMPLE_S3
#include "gaws-example.h"
#include <libsoup/soup.h>

#define BUCKET     "gaws-example-blobs"
#define CHUNK_SIZE (69 * 1024)

/* One request being served; freed once libsoup is done with the message
 * and no read is in flight. */
typedef struct {
  SoupServerMessage *msg;
  GInputStream      *body;
  GCancellable      *cancellable;
  gboolean           busy;
  gboolean           finished;
} Serve;

static void
serve_free (Serve *serve)
{
  g_clear_object (&serve->body);
  g_object_unref (serve->cancellable);
  g_object_unref (serve->msg);
  g_free (serve);
}

/* TRUE when @serve was freed because the message finished meanwhile. */
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
      /* The headers are out: all that is left is to cut the connection. */
      GSocket *socket = soup_server_message_get_socket (serve->msg);

      g_printerr ("S3 download failed: %s\n", error->message);
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

static void
read_next_chunk (Serve *serve)
{
  serve->busy = TRUE;
  g_input_stream_read_bytes_async (serve->body, CHUNK_SIZE, G_PRIORITY_DEFAULT, serve->cancellable, read_cb, serve);
}

/* await resp.write(file_data) is done: read the next chunk. */
static void
wrote_chunk_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  Serve *serve = user_data;

  if (serve->finished || serve->busy)
    return;
  soup_server_message_pause (msg);
  read_next_chunk (serve);
}

static void
got_object_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Serve *serve = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsS3GetObjectOutput) s3_ob = gaws_s3_client_get_object_finish (GAWS_S3_CLIENT (source), result,
                                                                             &error);
  SoupMessageHeaders *headers;
  g_autofree char *disposition = NULL;
  const char *path = g_uri_get_path (soup_server_message_get_uri (serve->msg));

  if (serve_settle (serve))
    return;
  if (s3_ob == NULL)
    {
      guint status = error->domain == GAWS_ERROR ? gaws_error_get_http_status (error) : 0;

      soup_server_message_set_status (serve->msg, status >= 400 ? status : SOUP_STATUS_BAD_GATEWAY, NULL);
      soup_server_message_set_response (serve->msg, "text/plain", SOUP_MEMORY_COPY,
                                        error->message, strlen (error->message));
      soup_server_message_unpause (serve->msg);
      return;
    }
  headers = soup_server_message_get_response_headers (serve->msg);
  disposition = g_strdup_printf ("attachment; filename='%s'", strrchr (path, '/') + 1);
  soup_server_message_set_status (serve->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  soup_message_headers_set_content_type (headers, gaws_s3_get_object_output_get_content_type (s3_ob), NULL);
  soup_message_headers_set_content_length (headers, gaws_s3_get_object_output_get_content_length (s3_ob));
  soup_message_body_set_accumulate (soup_server_message_get_response_body (serve->msg), FALSE);
  serve->body = g_object_ref (gaws_s3_get_object_output_get_body (s3_ob));
  g_signal_connect (serve->msg, "wrote-chunk", G_CALLBACK (wrote_chunk_cb), serve);
  read_next_chunk (serve);
}

/* serve_blob(): GET /SUITE/RELEASE/FILENAME */
static void
serve_blob (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  GawsS3Client *s3 = user_data;
  g_autoptr(GawsS3GetObjectRequest) request = NULL;
  g_auto(GStrv) parts = g_strsplit (path + 1, "/", -1);
  Serve *serve;

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_GET) != 0 || g_strv_length (parts) != 3)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  g_print ("Serving %s %s\n", BUCKET, path + 1);
  serve = g_new0 (Serve, 1);
  serve->msg = g_object_ref (msg);
  serve->cancellable = g_cancellable_new ();
  request = gaws_s3_get_object_request_new ();
  gaws_s3_get_object_request_set_bucket (request, BUCKET);
  gaws_s3_get_object_request_set_key (request, path + 1);
  g_signal_connect (msg, "finished", G_CALLBACK (finished_cb), serve);
  soup_server_message_pause (msg);
  serve->busy = TRUE;
  gaws_s3_client_get_object_async (s3, request, serve->cancellable, got_object_cb, serve);
}

/* The object to serve: 300 KiB, so that it goes out in five chunks. */
static GBytes *
make_blob (void)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; text->len < 300 * 1024; i++)
    g_string_append_printf (text, "Package: example-%05u\n", i);
  return g_string_free_to_bytes (text);
}

static gboolean
upload_blob (GawsS3Client  *s3,
             GBytes        *blob,
             GError       **error)
{
  g_autoptr(GawsS3PutObjectRequest) put = gaws_s3_put_object_request_new ();
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (blob);
  g_autoptr(GawsS3PutObjectOutput) stored = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  ExampleCall call = { NULL };

  gaws_s3_put_object_request_set_bucket (put, BUCKET);
  gaws_s3_put_object_request_set_key (put, "bookworm/12.5/Packages.txt");
  gaws_s3_put_object_request_set_content_type (put, "text/plain");
  gaws_s3_put_object_request_set_body (put, stream);
  gaws_s3_client_put_object_async (s3, put, NULL, example_call_done, &call);
  result = example_await (&call);
  stored = gaws_s3_client_put_object_finish (s3, result, error);
  if (stored != NULL)
    g_print ("Uploaded s3://%s/bookworm/12.5/Packages.txt (%" G_GSIZE_FORMAT " bytes)\n", BUCKET,
             g_bytes_get_size (blob));
  return stored != NULL;
}

/* An HTTP client of the server: downloads the object and checks it. */
static int
download_from (guint16  port,
               GBytes  *blob)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/bookworm/12.5/Packages.txt", port);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  ExampleCall call = { NULL };

  g_print ("GET /bookworm/12.5/Packages.txt\n");
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, example_call_done, &call);
  result = example_await (&call);
  got = soup_session_send_and_read_finish (session, result, &error);
  if (got == NULL)
    return example_fail ("GET", error);
  headers = soup_message_get_response_headers (msg);
  g_print ("%u %s\n", soup_message_get_status (msg), soup_message_get_reason_phrase (msg));
  g_print ("Content-Type: %s\n", soup_message_headers_get_content_type (headers, NULL));
  g_print ("Content-Disposition: %s\n", soup_message_headers_get_one (headers, "Content-Disposition"));
  g_print ("Content-Length: %" G_GINT64_FORMAT "\n", soup_message_headers_get_content_length (headers));
  g_print ("received %" G_GSIZE_FORMAT " bytes, %s\n", g_bytes_get_size (got),
           g_bytes_equal (got, blob) ? "the same as uploaded" : "NOT the same as uploaded");
  return soup_message_get_status (msg) == SOUP_STATUS_OK && g_bytes_equal (got, blob) ? 0 : 1;
}

int
main (int argc, char **argv)
{
  gint port = 0;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Serve on PORT until interrupted", "PORT" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- stream S3 objects over HTTP");
  g_autoptr(GawsSession) session = example_session_new ();
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsS3Client) s3 = gaws_s3_client_new (session, config);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GBytes) blob = make_blob ();
  g_autoptr(GError) error = NULL;
  GSList *uris;
  guint16 listening;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    return example_fail ("Reading the options", error);
  if (!example_ensure_bucket (s3, BUCKET, &error) || !upload_blob (s3, blob, &error))
    return example_fail ("Uploading the object to serve", error);

  soup_server_add_handler (server, NULL, serve_blob, s3, NULL);
  if (!soup_server_listen_local (server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    return example_fail ("Listening", error);
  uris = soup_server_get_uris (server);
  listening = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (port == 0)
    return download_from (listening, blob);

  g_print ("Serving on http://127.0.0.1:%u/\n", listening);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
}
