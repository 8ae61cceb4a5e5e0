/* test-s3-keys-moto.c: S3 keys with every character class that needs
 * care in a URL (reserved, percent, non-ASCII, empty segments, 1024 bytes)
 * put, headed, got, listed and deleted against moto with signature
 * checking on; each must come back exactly
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "test-generated-common.h"

#include <string.h>
#include <gaws-s3.h>

#define BUCKET "gaws-keys"

#define CLIENT(Type, func) \
  ({ g_autoptr(GawsSession) s_ = tg_new_session (); \
     g_autoptr(GawsClientConfig) c_ = tg_new_config (); \
     (Type *) func (s_, c_); })

/* Each sent in the path, percent-encoded, and signed in that form. */
static const char *const awkward_keys[] = {
  "plus+sign",
  "with space",
  "amp&eq=semi;comma,paren()lt<gt>",
  "percent%41%2F%zz%",
  "tilde~x",
  "unicod\xc3\xa9/\xe6\x97\xa5\xe6\x9c\xac/\xc3\xbc",
  "double//slash",
  "trailing/",
  "dir/sub/file",
};

/* The longest key S3 takes: 1024 bytes, awkward ones among them. */
static char *
long_key (void)
{
  GString *key = g_string_new (NULL);

  while (key->len + 5 <= 1024)
    g_string_append (key, "a+\xc3\xa9/");
  while (key->len < 1024)
    g_string_append_c (key, 'z');
  g_assert_cmpuint (key->len, ==, 1024);
  return g_string_free (key, FALSE);
}

static GPtrArray *
all_keys (void)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (awkward_keys); i++)
    g_ptr_array_add (keys, g_strdup (awkward_keys[i]));
  g_ptr_array_add (keys, long_key ());
  return keys;
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

/* The body of each object is its key: a get of the wrong object shows. */
static void
put_key (GawsS3Client *client,
         const char   *key)
{
  g_autoptr(GawsS3PutObjectRequest) input = gaws_s3_put_object_request_new ();
  g_autoptr(GawsS3PutObjectOutput) output = NULL;
  g_autoptr(GInputStream) body = g_memory_input_stream_new_from_data (key, strlen (key), NULL);
  g_autoptr(GError) error = NULL;

  gaws_s3_put_object_request_set_bucket (input, BUCKET);
  gaws_s3_put_object_request_set_key (input, key);
  gaws_s3_put_object_request_set_body (input, body);
  output = gaws_s3_client_put_object_sync (client, input, NULL, &error);
  g_assert_no_error (error);
}

static void
head_key (GawsS3Client *client,
          const char   *key)
{
  g_autoptr(GawsS3HeadObjectRequest) input = gaws_s3_head_object_request_new ();
  g_autoptr(GawsS3HeadObjectOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_s3_head_object_request_set_bucket (input, BUCKET);
  gaws_s3_head_object_request_set_key (input, key);
  output = gaws_s3_client_head_object_sync (client, input, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gaws_s3_head_object_output_get_content_length (output), ==, strlen (key));
}

static void
get_key (GawsS3Client *client,
         const char   *key)
{
  g_autoptr(GawsS3GetObjectRequest) input = gaws_s3_get_object_request_new ();
  g_autoptr(GawsS3GetObjectOutput) output = NULL;
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  gaws_s3_get_object_request_set_bucket (input, BUCKET);
  gaws_s3_get_object_request_set_key (input, key);
  output = gaws_s3_client_get_object_sync (client, input, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_splice (memory, gaws_s3_get_object_output_get_body (output),
                          G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                          NULL, &error);
  g_assert_no_error (error);
  body = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), key, strlen (key));
}

static void
delete_key (GawsS3Client *client,
            const char   *key)
{
  g_autoptr(GawsS3DeleteObjectRequest) input = gaws_s3_delete_object_request_new ();
  g_autoptr(GawsS3DeleteObjectOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_s3_delete_object_request_set_bucket (input, BUCKET);
  gaws_s3_delete_object_request_set_key (input, key);
  output = gaws_s3_client_delete_object_sync (client, input, NULL, &error);
  g_assert_no_error (error);
}

static GawsS3ListObjectsV2Output *
list (GawsS3Client *client,
      const char   *prefix,
      const char   *delimiter,
      const char   *encoding_type)
{
  g_autoptr(GawsS3ListObjectsV2Request) input = gaws_s3_list_objects_v2_request_new ();
  g_autoptr(GError) error = NULL;
  GawsS3ListObjectsV2Output *output;

  gaws_s3_list_objects_v2_request_set_bucket (input, BUCKET);
  if (prefix != NULL)
    gaws_s3_list_objects_v2_request_set_prefix (input, prefix);
  if (delimiter != NULL)
    gaws_s3_list_objects_v2_request_set_delimiter (input, delimiter);
  if (encoding_type != NULL)
    gaws_s3_list_objects_v2_request_set_encoding_type (input, encoding_type);
  output = gaws_s3_client_list_objects_v2_sync (client, input, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (output);
  return output;
}

/* The keys listed, decoded with @decode (when the caller asked for
 * EncodingType url itself, it decodes, as with botocore). */
static GHashTable *
listed_keys (GawsS3ListObjectsV2Output *output,
             gboolean                   decode)
{
  GHashTable *listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *contents = gaws_s3_list_objects_v2_output_get_contents (output);

  for (guint i = 0; contents != NULL && i < contents->len; i++)
    {
      const char *key = gaws_s3_object_get_key (contents->pdata[i]);
      char *text = decode ? g_uri_unescape_string (key, NULL) : g_strdup (key);

      g_assert_nonnull (text);
      g_assert_true (g_hash_table_add (listed, text));
    }
  return listed;
}

static void
assert_listed_exactly (GHashTable *listed,
                       GPtrArray  *keys)
{
  for (guint i = 0; i < keys->len; i++)
    if (!g_hash_table_contains (listed, keys->pdata[i]))
      g_error ("key %s not listed", (const char *) keys->pdata[i]);
  g_assert_cmpuint (g_hash_table_size (listed), ==, keys->len);
}

static void
test_round_trip (void)
{
  g_autoptr(GawsS3Client) client = CLIENT (GawsS3Client, gaws_s3_client_new);
  g_autoptr(GPtrArray) keys = all_keys ();

  create_bucket (client);
  for (guint i = 0; i < keys->len; i++)
    {
      put_key (client, keys->pdata[i]);
      head_key (client, keys->pdata[i]);
      get_key (client, keys->pdata[i]);
    }

  /* The runtime asks for url encoding itself and decodes the keys. */
  {
    g_autoptr(GawsS3ListObjectsV2Output) output = list (client, NULL, NULL, NULL);
    g_autoptr(GHashTable) listed = listed_keys (output, FALSE);

    assert_listed_exactly (listed, keys);
  }
  /* Asked for by the caller: the keys come encoded. */
  {
    g_autoptr(GawsS3ListObjectsV2Output) output = list (client, NULL, NULL, GAWS_S3_ENCODING_TYPE_URL);
    g_autoptr(GHashTable) listed = listed_keys (output, TRUE);

    g_assert_cmpstr (gaws_s3_list_objects_v2_output_get_encoding_type (output), ==, "url");
    assert_listed_exactly (listed, keys);
  }
  /* A non-ASCII prefix and '/' as delimiter, both percent-encoded in the
   * query; the common prefix comes back decoded. */
  {
    g_autoptr(GawsS3ListObjectsV2Output) output = list (client, "unicod\xc3\xa9/", "/", NULL);
    GPtrArray *prefixes = gaws_s3_list_objects_v2_output_get_common_prefixes (output);

    g_assert_cmpstr (gaws_s3_list_objects_v2_output_get_prefix (output), ==, "unicod\xc3\xa9/");
    g_assert_cmpstr (gaws_s3_list_objects_v2_output_get_delimiter (output), ==, "/");
    g_assert_nonnull (prefixes);
    g_assert_cmpuint (prefixes->len, ==, 1);
    g_assert_cmpstr (gaws_s3_common_prefix_get_prefix (prefixes->pdata[0]), ==,
                     "unicod\xc3\xa9/\xe6\x97\xa5\xe6\x9c\xac/");
  }
  /* "double/" groups "double//slash" under the empty segment. */
  {
    g_autoptr(GawsS3ListObjectsV2Output) output = list (client, "double/", "/", NULL);
    GPtrArray *prefixes = gaws_s3_list_objects_v2_output_get_common_prefixes (output);

    g_assert_nonnull (prefixes);
    g_assert_cmpuint (prefixes->len, ==, 1);
    g_assert_cmpstr (gaws_s3_common_prefix_get_prefix (prefixes->pdata[0]), ==, "double//");
  }

  for (guint i = 0; i < keys->len; i++)
    delete_key (client, keys->pdata[i]);
  {
    g_autoptr(GawsS3ListObjectsV2Output) output = list (client, NULL, NULL, NULL);
    g_autoptr(GHashTable) listed = listed_keys (output, FALSE);

    g_assert_cmpuint (g_hash_table_size (listed), ==, 0);
  }
}

/* The server still checks those signatures: the right key id with a wrong
 * secret, on an awkward key and on a listing with encoded query values. */
static void
test_wrong_signature_refused (void)
{
  g_autoptr(GawsSession) session = tg_new_session ();
  g_autoptr(GawsClientConfig) config = tg_new_config ();
  g_autoptr(GawsS3Client) client = NULL;
  g_autoptr(GawsS3GetObjectRequest) get = gaws_s3_get_object_request_new ();
  g_autoptr(GawsS3GetObjectOutput) get_output = NULL;
  g_autoptr(GawsS3ListObjectsV2Request) listing = gaws_s3_list_objects_v2_request_new ();
  g_autoptr(GawsS3ListObjectsV2Output) list_output = NULL;
  g_autoptr(GError) error = NULL;

  gaws_session_set_secret_access_key (session, "not-the-secret");
  client = gaws_s3_client_new (session, config);
  gaws_s3_get_object_request_set_bucket (get, BUCKET);
  gaws_s3_get_object_request_set_key (get, awkward_keys[2]);
  get_output = gaws_s3_client_get_object_sync (client, get, NULL, &error);
  g_assert_null (get_output);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 403);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "SignatureDoesNotMatch");
  g_clear_error (&error);

  gaws_s3_list_objects_v2_request_set_bucket (listing, BUCKET);
  gaws_s3_list_objects_v2_request_set_prefix (listing, "dir/");
  gaws_s3_list_objects_v2_request_set_delimiter (listing, "/");
  list_output = gaws_s3_client_list_objects_v2_sync (client, listing, NULL, &error);
  g_assert_null (list_output);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 403);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "SignatureDoesNotMatch");
}

int
main (int    argc,
      char **argv)
{
  int status;

  gaws_test_init (&argc, &argv);
  tg_moto_start ();
  g_test_add_func ("/s3/moto/keys/round-trip", test_round_trip);
  g_test_add_func ("/s3/moto/keys/wrong-signature-refused", test_wrong_signature_refused);
  status = g_test_run ();
  tg_moto_stop ();
  return status;
}
