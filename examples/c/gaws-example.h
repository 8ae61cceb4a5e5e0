/* gaws-example.h: what the C examples share
 *
 * Every example is a straight translation of one aioboto3 example: each
 * `await x.op()` of the Python becomes an `_async` call whose result
 * example_await() waits for by running the main context, so the examples
 * read top to bottom as the Python does while every call stays
 * asynchronous underneath.
 *
 * Configuration comes from the environment, as botocore takes it:
 * `AWS_ENDPOINT_URL` (or `AWS_ENDPOINT_URL_<SERVICE>`), `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_DEFAULT_REGION`, profiles and config files.
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gaws.h>
#include <string.h>

/* The result slot of one call in flight. */
typedef struct {
  GAsyncResult *result;
} ExampleCall;

static inline void
example_call_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ExampleCall *call = user_data;

  call->result = g_object_ref (result);
}

/* Runs the thread-default main context until @call has its result, and
 * hands that result over: the C spelling of Python's `await`. */
static inline GAsyncResult *
example_await (ExampleCall *call)
{
  GAsyncResult *result;

  while (call->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = call->result;
  call->result = NULL;
  return result;
}

/* A session and client configuration from the environment, with the
 * region aioboto3's examples use when none is configured. */
static inline GawsSession *
example_session_new (void)
{
  GawsSession *session = gaws_session_new ();

  if (g_getenv ("AWS_REGION") == NULL && g_getenv ("AWS_DEFAULT_REGION") == NULL)
    gaws_session_set_region (session, "us-east-1");
  return session;
}

static inline int
example_fail (const char   *what,
              const GError *error)
{
  g_printerr ("%s failed: %s\n", what, error->message);
  return 1;
}

static inline int
example_compare_keys (gconstpointer a,
                      gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* A natural DynamoDB value as Python prints it: 'text', 42, True, [...],
 * {'key': value} with the keys sorted. */
static inline void
example_append_python (GString  *out,
                       GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      g_autoptr(GVariant) inner = g_variant_get_variant (value);
      example_append_python (out, inner);
    }
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    g_string_append_printf (out, "'%s'", g_variant_get_string (value, NULL));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    g_string_append (out, g_variant_get_boolean (value) ? "True" : "False");
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARDICT))
    {
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
      GVariantIter iter;
      char *key;

      g_variant_iter_init (&iter, value);
      while (g_variant_iter_next (&iter, "{sv}", &key, NULL))
        g_ptr_array_add (keys, key);
      g_ptr_array_sort (keys, example_compare_keys);
      g_string_append_c (out, '{');
      for (guint i = 0; i < keys->len; i++)
        {
          g_autoptr(GVariant) member = g_variant_lookup_value (value, keys->pdata[i], NULL);
          g_string_append_printf (out, "%s'%s': ", i ? ", " : "", (char *) keys->pdata[i]);
          example_append_python (out, member);
        }
      g_string_append_c (out, '}');
    }
  else if (g_variant_is_container (value))
    {
      gsize n = g_variant_n_children (value);

      g_string_append_c (out, '[');
      for (gsize i = 0; i < n; i++)
        {
          g_autoptr(GVariant) child = g_variant_get_child_value (value, i);
          if (i)
            g_string_append (out, ", ");
          example_append_python (out, child);
        }
      g_string_append_c (out, ']');
    }
  else
    {
      g_autofree char *text = g_variant_print (value, FALSE);
      g_string_append (out, text);
    }
}

static inline char *
example_format_python (GVariant *value)
{
  GString *out = g_string_new (NULL);

  example_append_python (out, value);
  return g_string_free (out, FALSE);
}

#ifdef GAWS_EXAMPLE_S3
#include <gaws-s3.h>

/* Creates @bucket unless this account has it already. */
static inline gboolean
example_ensure_bucket (GawsS3Client  *client,
                       const char    *bucket,
                       GError       **error)
{
  g_autoptr(GawsS3CreateBucketRequest) input = gaws_s3_create_bucket_request_new ();
  g_autoptr(GawsS3CreateBucketOutput) output = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GError *local = NULL;
  ExampleCall call = { NULL };

  gaws_s3_create_bucket_request_set_bucket (input, bucket);
  gaws_s3_client_create_bucket_async (client, input, NULL, example_call_done, &call);
  result = example_await (&call);
  output = gaws_s3_client_create_bucket_finish (client, result, &local);
  if (output != NULL)
    g_print ("Created bucket %s\n", bucket);
  else if (gaws_error_matches_code (local, GAWS_S3_ERROR_BUCKET_ALREADY_OWNED_BY_YOU))
    g_clear_error (&local);
  else
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}
#endif
