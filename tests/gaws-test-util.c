/* gaws-test-util.c: shared set-up for the gaws tests
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

/**
 * gaws_test_init:
 * @argc: argc of main()
 * @argv: argv of main()
 *
 * g_test_init() plus a clean environment: no AWS_* or BOTOCORE_* variables, and HOME
 * pointed at an empty temporary folder so that ~/.aws is never read.
 */
void
gaws_test_init (int *argc, char ***argv)
{
  g_auto(GStrv) environment = g_get_environ ();
  g_autofree char *home = NULL;

  g_test_init (argc, argv, NULL);
  /* Whatever AWS settings the person running the tests has must not leak
   * into them, and no test may find the real ~/.aws. */
  for (gsize i = 0; environment[i]; i++)
    if (g_str_has_prefix (environment[i], "AWS_") || g_str_has_prefix (environment[i], "BOTOCORE_"))
      {
        g_autofree char *name = g_strndup (environment[i], strcspn (environment[i], "="));
        g_unsetenv (name);
      }
  home = g_dir_make_tmp ("gaws-test-home-XXXXXX", NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("AWS_EC2_METADATA_DISABLED", "true", TRUE);
}

/**
 * gaws_test_get_testdata_dir:
 *
 * Returns: the shared test data folder (../shared/testdata beside the project,
 *   or $GAWS_TESTDATA)
 */
const char *
gaws_test_get_testdata_dir (void)
{
  const char *dir = g_getenv ("GAWS_TESTDATA");
  g_assert_nonnull (dir);
  return dir;
}

/**
 * gaws_test_make_temp_dir:
 *
 * Returns: (transfer full): a new empty temporary folder
 */
char *
gaws_test_make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("gaws-test-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

/**
 * gaws_test_wait_for_task:
 * @done: flag the async callback sets
 *
 * Iterates the thread-default main context until *@done is set.
 */
void
gaws_test_wait_for_task (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

/**
 * gaws_test_on_sent:
 * @source: the #GawsHttpEngine
 * @result: the result
 * @user_data: a #GawsTestSent
 *
 * A #GAsyncReadyCallback for gaws_http_engine_send_async() that finishes
 * the send into the #GawsTestSent at @user_data and sets its done flag.
 */
void
gaws_test_on_sent (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GawsTestSent *sent = user_data;

  sent->response = gaws_http_engine_send_finish (GAWS_HTTP_ENGINE (source), result, &sent->error);
  sent->done = TRUE;
}

/**
 * gaws_test_send:
 * @engine: an engine
 * @request: the request
 * @mode: how the body comes
 * @cancellable: (nullable): a cancellable
 * @error: where to put the error
 *
 * gaws_http_engine_send_async() and the main context iterated until it is
 * done.
 *
 * Returns: (transfer full) (nullable): the response, or %NULL with @error set
 */
GawsHttpResponse *
gaws_test_send (GawsHttpEngine    *engine,
                GawsHttpRequest   *request,
                GawsHttpBodyMode   mode,
                GCancellable      *cancellable,
                GError           **error)
{
  GawsTestSent sent = { 0 };

  gaws_http_engine_send_async (engine, request, mode, cancellable, gaws_test_on_sent, &sent);
  gaws_test_wait_for_task (&sent.done);
  g_assert_true ((sent.response == NULL) != (sent.error == NULL));
  if (sent.error != NULL)
    g_propagate_error (error, sent.error);
  return sent.response;
}

typedef struct {
  gboolean  done;
  gssize    n;
  GError   *error;
} Read;

static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Read *read = user_data;

  read->n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &read->error);
  read->done = TRUE;
}

/**
 * gaws_test_read:
 * @stream: a stream
 * @buffer: where to read
 * @count: the most bytes to read
 * @cancellable: (nullable): a cancellable
 * @error: where to put the error
 *
 * g_input_stream_read_async() and the main context iterated until it is
 * done: for the engine's body streams, which are read in the main context.
 *
 * Returns: the bytes read, 0 at the end, -1 with @error set
 */
gssize
gaws_test_read (GInputStream  *stream,
                void          *buffer,
                gsize          count,
                GCancellable  *cancellable,
                GError       **error)
{
  Read read = { 0 };

  g_input_stream_read_async (stream, buffer, count, G_PRIORITY_DEFAULT, cancellable, on_read, &read);
  gaws_test_wait_for_task (&read.done);
  if (read.error != NULL)
    g_propagate_error (error, read.error);
  return read.n;
}

static gboolean
on_timeout_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * gaws_test_wait_until:
 * @check: the condition
 * @data: data for @check
 *
 * Iterates the thread-default main context until @check holds, looking
 * every few milliseconds (the test's own timeout stops it otherwise): for
 * what another thread, such as a test server's, does.
 */
void
gaws_test_wait_until (gboolean (*check) (gpointer), gpointer data)
{
  while (!check (data))
    {
      gboolean done = FALSE;

      g_timeout_add (5, on_timeout_flag, &done);
      gaws_test_wait_for_task (&done);
    }
}

/**
 * gaws_test_remove_dir:
 * @dir: a folder of files (no subfolders)
 *
 * Removes the files in @dir, then @dir.
 */
void
gaws_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

/**
 * gaws_test_make_certificate:
 * @dir: the folder to write the private key in
 * @cert_file: where to write the certificate
 * @out_key_file: (out): the private key's file
 *
 * Makes a self-signed certificate for `localhost` and 127.0.0.1, valid for
 * a day, with the openssl command line, for the loopback HTTPS servers of
 * the tests.
 *
 * Returns: %FALSE when there is no openssl command (the caller skips)
 */
gboolean
gaws_test_make_certificate (const char  *dir,
                            const char  *cert_file,
                            char       **out_key_file)
{
  g_autofree char *key_file = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = {
    openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "1",
    "-keyout", key_file, "-out", cert_file, NULL
  };

  if (openssl == NULL)
    return FALSE;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("openssl req failed: %s\n%s", error->message, err);
  *out_key_file = g_steal_pointer (&key_file);
  return TRUE;
}

/**
 * gaws_test_new_tls_certificate:
 * @dir: the folder to write the certificate and its key in
 * @out_cert_file: (out) (optional): the certificate's file, for clients to
 *   trust
 * @out_skip_reason: (out): why the test cannot run, when it cannot
 *
 * A certificate from gaws_test_make_certificate(), with its private key,
 * for a loopback HTTPS server (gaws_test_server_new_tls()).
 *
 * Returns: (transfer full) (nullable): the certificate, or %NULL when there
 *   is no TLS in GIO (glib-networking) or no openssl command: the caller
 *   skips, for @out_skip_reason
 */
GTlsCertificate *
gaws_test_new_tls_certificate (const char  *dir,
                               char       **out_cert_file,
                               const char **out_skip_reason)
{
  g_autofree char *cert_file = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key_file = NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      *out_skip_reason = "no GIO TLS backend: install glib-networking";
      return NULL;
    }
  if (!gaws_test_make_certificate (dir, cert_file, &key_file))
    {
      *out_skip_reason = "openssl is not installed";
      return NULL;
    }
  certificate = g_tls_certificate_new_from_files (cert_file, key_file, &error);
  g_assert_no_error (error);
  if (out_cert_file != NULL)
    *out_cert_file = g_steal_pointer (&cert_file);
  return certificate;
}

/* The counters and the handler that tests of an object's last reference
 * attach: a closure destroyed or a weak reference notified adds one to the
 * guint at @data; a "notify" handler that must never run. */
void
gaws_test_count_closure_destroy (gpointer  data,
                                 GClosure *closure)
{
  (*(guint *) data)++;
}

void
gaws_test_count_weak_notify (gpointer  data,
                             GObject  *where_the_object_was)
{
  (*(guint *) data)++;
}

void
gaws_test_never_notified (GObject    *object,
                          GParamSpec *pspec,
                          gpointer    data)
{
  g_assert_not_reached ();
}

/**
 * gaws_test_check_dispose:
 * @gone: (transfer full): an object to drop
 * @kept: an object of the same class, kept by the caller
 *
 * For the classes that skip GObject's own dispose on their last unref
 * (gaws-object-private.h): a handler, a weak reference, a weak pointer and
 * a #GWeakRef on @gone all go, once each, when it is dropped; those on
 * @kept go at once when it is disposed explicitly, and it stays alive.
 */
void
gaws_test_check_dispose (GObject *gone,
                         GObject *kept)
{
  GWeakRef weak_ref;
  gpointer weak_pointer = gone;
  guint destroyed = 0, weak_notified = 0;

  g_signal_connect_data (gone, "notify", G_CALLBACK (gaws_test_never_notified), &destroyed, gaws_test_count_closure_destroy, 0);
  g_object_weak_ref (gone, gaws_test_count_weak_notify, &weak_notified);
  g_object_add_weak_pointer (gone, &weak_pointer);
  g_weak_ref_init (&weak_ref, gone);
  g_object_unref (gone);
  g_assert_cmpuint (destroyed, ==, 1);
  g_assert_cmpuint (weak_notified, ==, 1);
  g_assert_null (weak_pointer);
  g_assert_null (g_weak_ref_get (&weak_ref));
  g_weak_ref_clear (&weak_ref);

  g_signal_connect_data (kept, "notify", G_CALLBACK (gaws_test_never_notified), &destroyed, gaws_test_count_closure_destroy, 0);
  g_object_weak_ref (kept, gaws_test_count_weak_notify, &weak_notified);
  g_object_run_dispose (kept);
  g_assert_cmpuint (destroyed, ==, 2);
  g_assert_cmpuint (weak_notified, ==, 2);
}
