/* gaws-dynamodb-server.c: a long-running libsoup server that sets up a
 * DynamoDB client and table at start-up and releases them at shut-down
 *
 * aioboto3's aiohttp server example:
 *
 *   @routes.get('/')
 *   async def hello(request):
 *       response = await request.app['table'].query(
 *           KeyConditionExpression=Key('id').eq('lalalala'))
 *       return web.Response(text=str(response))
 *
 *   async def startup_tasks(app):  ... app['table'] = await dynamo_resource.Table(...)
 *   async def shutdown_tasks(app): await app['context_stack'].aclose()
 *
 * Start-up makes the client and the table once; every request shares them.
 * SIGINT or SIGTERM stops the server: it stops listening, drops the table
 * and the client, and checks that the client is really gone (no request
 * or connection left behind), then returns from main. Run it with
 * G_DEBUG=fatal-warnings to see that nothing warns on the way out.
 *
 * Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 gaws-dynamodb-server [--port PORT]
 *
 * With --port it serves until interrupted; without, it listens on a free
 * port, sends itself GET / with a SoupSession, prints the answer and shuts
 * down through the same SIGTERM path.
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-example-dynamodb.h"
#include <glib-unix.h>
#include <libsoup/soup.h>
#include <signal.h>

#define TABLE_NAME "somedynamodbtablename"

typedef struct {
  GawsDynamodbClient *client;
  GawsDynamodbTable  *table;
  SoupServer         *server;
  gboolean            running;
} App;

static void
queried_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SoupServerMessage) msg = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsDynamodbResult) response = gaws_dynamodb_table_query_finish (GAWS_DYNAMODB_TABLE (source), result,
                                                                             &error);
  g_autofree char *items = NULL;
  g_autofree char *text = NULL;

  if (response == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_GATEWAY, NULL);
      text = g_strdup (error->message);
    }
  else
    {
      items = example_format_python (gaws_dynamodb_result_get_items (response));
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      text = g_strdup_printf ("{'Items': %s, 'Count': %" G_GINT64_FORMAT "}", items,
                              gaws_dynamodb_result_get_count (response));
    }
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY, text, strlen (text));
  soup_server_message_unpause (msg);
}

/* hello(): GET / */
static void
hello (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  App *app = user_data;
  g_autoptr(GawsDynamodbOperand) id = gaws_dynamodb_operand_key ("id");
  g_autoptr(GawsDynamodbCondition) key = gaws_dynamodb_operand_eq (id, g_variant_new_string ("lalalala"));

  if (g_strcmp0 (path, "/") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_pause (msg);
  gaws_dynamodb_table_query_async (app->table, key, NULL, NULL, NULL, queried_cb, g_object_ref (msg));
}

static gboolean
startup_tasks (App     *app,
               GError **error)
{
  g_autoptr(GawsSession) session = example_session_new ();
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GawsDynamodbResult) put = NULL;
  ExampleCall call = { NULL };

  app->client = gaws_dynamodb_client_new (session, config);
  if (!example_ensure_table (app->client, TABLE_NAME, "id", error))
    return FALSE;
  app->table = gaws_dynamodb_table_new (GAWS_CLIENT (app->client), TABLE_NAME);
  gaws_dynamodb_table_put_item_async (app->table, g_variant_new_parsed ("{'id': <'lalalala'>, 'greeting': <'hello'>}"),
                                      NULL, NULL, NULL, example_call_done, &call);
  result = example_await (&call);
  put = gaws_dynamodb_table_put_item_finish (app->table, result, error);
  if (put == NULL)
    return FALSE;
  g_print ("Start-up: client and table %s ready\n", TABLE_NAME);
  return TRUE;
}

/* The end of `async with`: nothing may hold the client after this. */
static gboolean
shutdown_tasks (App *app)
{
  gpointer client = app->client;

  soup_server_disconnect (app->server);
  g_clear_object (&app->table);
  g_object_add_weak_pointer (client, &client);
  g_clear_object (&app->client);
  /* Let callbacks already queued run, as aclose() lets them finish. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (client != NULL)
    {
      g_printerr ("Shut-down: the client is still alive\n");
      return FALSE;
    }
  g_print ("Shut-down: table and client closed\n");
  return TRUE;
}

static gboolean
on_signal (gpointer user_data)
{
  App *app = user_data;

  g_print ("Received a signal to stop\n");
  app->running = FALSE;
  return G_SOURCE_CONTINUE;
}

/* A client of the server: GET / once, then ask the server to stop. */
static void
got_hello_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SoupMessage *msg = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (body == NULL)
    g_printerr ("GET / failed: %s\n", error->message);
  else
    g_print ("GET / -> %u %.*s\n", soup_message_get_status (msg), (int) g_bytes_get_size (body),
             (const char *) g_bytes_get_data (body, NULL));
  raise (SIGTERM);
}

int
main (int argc, char **argv)
{
  gint port = 0;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Serve on PORT until interrupted", "PORT" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- a DynamoDB-backed HTTP server");
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  App app = { NULL, NULL, NULL, TRUE };
  guint sigint, sigterm;
  GSList *uris;
  guint16 listening;
  gboolean clean;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    return example_fail ("Reading the options", error);
  if (!startup_tasks (&app, &error))
    {
      g_clear_object (&app.table);
      g_clear_object (&app.client);
      return example_fail ("Start-up", error);
    }

  app.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (app.server, NULL, hello, &app, NULL);
  if (!soup_server_listen_local (app.server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    return example_fail ("Listening", error);
  uris = soup_server_get_uris (app.server);
  listening = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  sigint = g_unix_signal_add (SIGINT, on_signal, &app);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, &app);

  if (port == 0)
    {
      g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/", listening);

      session = soup_session_new ();
      msg = soup_message_new (SOUP_METHOD_GET, url);
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, got_hello_cb, msg);
    }
  else
    g_print ("Serving on http://127.0.0.1:%u/\n", listening);

  while (app.running)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_clear_object (&msg);
  g_clear_object (&session);
  clean = shutdown_tasks (&app);
  g_object_unref (app.server);
  return clean ? 0 : 1;
}
