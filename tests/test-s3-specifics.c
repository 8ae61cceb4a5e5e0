/* test-s3-specifics.c: what botocore does for S3 outside the model, checked
 * on the requests a scripted loopback server receives
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Addressing styles (gaws-s3-customizations.c with the endpoint rules),
 * a Body stream with ContentLength sent with its length, SSE-C key headers,
 * URL-encoded listings, a malformed Expires header and region redirects.
 */
#include "gaws-test-util.h"
#include "gaws-test-server.h"

#include <string.h>

#include <gaws-s3.h>
#include "gaws-protocol-rest.h"

typedef struct {
  GMutex           lock;
  /* the last request */
  char            *method;
  char            *path;
  GawsHttpHeaders *headers;
  GBytes          *body;
  gboolean         chunked;
  /* the reply */
  guint            status;
  const char      *reply_body;
  const char      *reply_header;        /* "Name: value" or NULL */
  /* a bucket in another region: requests not signed for it are redirected */
  const char      *bucket_region;
  gboolean         region_in_body;      /* AuthorizationHeaderMalformed, no header */
  gboolean         always_redirect;
  /* redirects name no region, but for HEAD on the bucket unless told */
  gboolean         hide_region;
  gboolean         head_bucket_no_region;
  gboolean         head_bucket_forbidden;  /* 403 naming the region */
  GCancellable    *cancel_on_head_bucket;  /* cancelled, and no answer */
  guint            head_buckets;
  GPtrArray       *authorizations;
} Script;

typedef struct {
  Script            script;
  GawsTestServer   *server;
  GawsSession      *session;
  GawsClientConfig *config;
} Fixture;

static gboolean
is_head_bucket (const GawsTestServerRequest *request)
{
  return g_str_equal (request->method, "HEAD") && strchr (request->path + 1, '/') == NULL &&
         strchr (request->path, '?') == NULL;
}

/* Whether a region may be named in the answer to @request */
static gboolean
names_region (Script                      *script,
              const GawsTestServerRequest *request)
{
  if (!script->hide_region)
    return TRUE;
  return is_head_bucket (request) && !script->head_bucket_no_region;
}

/* HEAD on the bucket, when the script wants it answered its own way */
static gboolean
head_bucket_special (Script                      *script,
                     const GawsTestServerRequest *request,
                     GawsTestServerReply         *reply)
{
  if (!is_head_bucket (request))
    return FALSE;
  script->head_buckets++;
  if (script->cancel_on_head_bucket != NULL)
    {
      g_cancellable_cancel (script->cancel_on_head_bucket);
      reply->action = GAWS_TEST_SERVER_STALL;
      return TRUE;
    }
  if (script->head_bucket_forbidden)
    {
      reply->status = 403;
      gaws_http_headers_append (reply->headers, "x-amz-bucket-region", script->bucket_region);
      return TRUE;
    }
  return FALSE;
}

static void
handler (const GawsTestServerRequest *request,
         GawsTestServerReply         *reply,
         gpointer                     user_data)
{
  Script *script = user_data;
  gboolean named;

  g_mutex_lock (&script->lock);
  g_free (script->method);
  g_free (script->path);
  g_clear_pointer (&script->headers, gaws_http_headers_unref);
  g_clear_pointer (&script->body, g_bytes_unref);
  script->method = g_strdup (request->method);
  script->path = g_strdup (request->path);
  script->headers = gaws_http_headers_new ();
  for (guint i = 0; i < gaws_http_headers_get_length (request->headers); i++)
    gaws_http_headers_append (script->headers, gaws_http_headers_get_name (request->headers, i),
                              gaws_http_headers_get_value (request->headers, i));
  script->body = request->body ? g_bytes_ref (request->body) : NULL;
  script->chunked = request->chunked;
  reply->status = script->status;
  g_ptr_array_add (script->authorizations,
                   g_strdup (gaws_http_headers_get_one (request->headers, "Authorization")));
  if (head_bucket_special (script, request, reply))
    {
      g_mutex_unlock (&script->lock);
      return;
    }
  named = names_region (script, request);
  if (script->bucket_region != NULL)
    {
      g_autofree char *scope = g_strdup_printf ("/%s/s3/", script->bucket_region);
      const char *authorization = gaws_http_headers_get_one (request->headers, "Authorization");

      if (script->always_redirect || authorization == NULL || strstr (authorization, scope) == NULL)
        {
          g_autofree char *body = NULL;

          gboolean in_body = script->region_in_body && named;

          reply->status = in_body ? 400 : 301;
          body = g_strdup_printf ("<Error><Code>%s</Code><Message>elsewhere</Message>%s%s%s"
                                  "<RequestId>r</RequestId></Error>",
                                  in_body ? "AuthorizationHeaderMalformed" : "PermanentRedirect",
                                  in_body ? "<Region>" : "",
                                  in_body ? script->bucket_region : "",
                                  in_body ? "</Region>" : "");
          if (!in_body && named)
            gaws_http_headers_append (reply->headers, "x-amz-bucket-region", script->bucket_region);
          gaws_test_server_reply_set_body (reply, "application/xml", body, -1);
          g_mutex_unlock (&script->lock);
          return;
        }
    }
  /* S3 names a bucket's region in every answer to HEAD on it */
  if (script->bucket_region != NULL && named && is_head_bucket (request))
    gaws_http_headers_append (reply->headers, "x-amz-bucket-region", script->bucket_region);
  if (script->reply_header != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (script->reply_header, ": ", 2);

      gaws_http_headers_append (reply->headers, parts[0], parts[1]);
    }
  if (script->reply_body != NULL)
    gaws_test_server_reply_set_body (reply, "application/xml", script->reply_body, -1);
  g_mutex_unlock (&script->lock);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_mutex_init (&f->script.lock);
  f->script.status = 200;
  f->script.authorizations = g_ptr_array_new_with_free_func (g_free);
  f->server = gaws_test_server_new (handler, &f->script);
  f->session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  gaws_session_set_region (f->session, "eu-west-1");
  f->config = gaws_client_config_new ();
  gaws_client_config_set_endpoint_url (f->config, gaws_test_server_get_url (f->server));
  gaws_client_config_set_max_attempts (f->config, 1);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->config);
  g_clear_object (&f->session);
  g_clear_pointer (&f->server, gaws_test_server_free);
  g_free (f->script.method);
  g_free (f->script.path);
  g_clear_pointer (&f->script.headers, gaws_http_headers_unref);
  g_clear_pointer (&f->script.body, g_bytes_unref);
  g_ptr_array_unref (f->script.authorizations);
  g_mutex_clear (&f->script.lock);
}

static const GawsOperationInfo *
operation (const char *name)
{
  const GawsOperationInfo *op = gaws_service_info_find_operation (gaws_s3_get_service_info (), name);

  g_assert_nonnull (op);
  return op;
}

static GawsShape *
input_from_json (const GawsOperationInfo *op, const char *json)
{
  g_autoptr(GError) error = NULL;
  GawsShape *input = gaws_shape_new_from_json_string (op->input, json, &error);

  g_assert_no_error (error);
  return input;
}

/* Calls @name with @json (and @body as its Body stream when given),
 * expecting success; returns the output. */
static GawsShape *
call (Fixture *f, const char *name, const char *json, GInputStream *body)
{
  const GawsOperationInfo *op = operation (name);
  g_autoptr(GawsShape) input = input_from_json (op, json);
  g_autoptr(GawsS3Client) client = gaws_s3_client_new (f->session, f->config);
  g_autoptr(GError) error = NULL;
  GawsShape *output;

  if (body != NULL)
    gaws_shape_set_stream (input, gaws_shape_info_find_member (op->input, "Body"), body);
  output = gaws_operation_invoke_sync (GAWS_CLIENT (client), op, input, NULL, &error);
  g_assert_no_error (error);
  return output;
}

static const char *
sent_header (Fixture *f, const char *name)
{
  return gaws_http_headers_get_one (f->script.headers, name);
}

static char *
local_authority (Fixture *f, const char *host)
{
  return g_strdup_printf ("%s:%u", host, gaws_test_server_get_port (f->server));
}

/* ---- addressing ---- */

static void
test_path_style_with_endpoint_url (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsShape) output = call (f, "GetObject", "{\"Bucket\": \"my-bucket\", \"Key\": \"dir/a b.txt\"}", NULL);
  g_autofree char *host = local_authority (f, "127.0.0.1");

  /* botocore: with an endpoint_url, only `virtual` asks for virtual hosts */
  g_assert_cmpstr (f->script.path, ==, "/my-bucket/dir/a%20b.txt");
  g_assert_cmpstr (sent_header (f, "Host"), ==, host);
  /* a body in memory is signed: here the empty one */
  g_assert_cmpstr (sent_header (f, "x-amz-content-sha256"), ==,
                   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* The bucket is read back from the path's first segment: names that fit
 * the customizations' buffer and longer ones, and one to unescape, are
 * addressed alike. */
static void
test_path_style_bucket_lengths (Fixture *f, gconstpointer data)
{
  static const gsize lengths[] = { 3, 63, 64, 100 };

  for (gsize i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autofree char *bucket = g_strnfill (lengths[i], 'b');
      g_autofree char *input = g_strdup_printf ("{\"Bucket\": \"%s\", \"Key\": \"k/x\"}", bucket);
      g_autofree char *path = g_strdup_printf ("/%s/k/x", bucket);
      g_autoptr(GawsShape) output = call (f, "GetObject", input, NULL);

      g_assert_cmpstr (f->script.path, ==, path);
    }
  {
    g_autoptr(GawsShape) output = call (f, "GetObject", "{\"Bucket\": \"b~c d\", \"Key\": \"k\"}", NULL);

    g_assert_cmpstr (f->script.path, ==, "/b~c%20d/k");
  }
}

static void
test_path_style_bucket_only (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsShape) output = NULL;

  f->script.reply_body = "<ListBucketResult><Name>my-bucket</Name><KeyCount>0</KeyCount></ListBucketResult>";
  output = call (f, "ListObjectsV2", "{\"Bucket\": \"my-bucket\"}", NULL);
  g_assert_true (g_str_has_prefix (f->script.path, "/my-bucket?"));
}

static void
test_virtual_with_endpoint_url (Fixture *f, gconstpointer data)
{
  g_autofree char *endpoint = g_strdup_printf ("http://localhost:%u", gaws_test_server_get_port (f->server));
  g_autofree char *host = local_authority (f, "my-bucket.localhost");
  g_autoptr(GawsShape) output = NULL;

  /* curl resolves *.localhost to the loopback address */
  gaws_client_config_set_endpoint_url (f->config, endpoint);
  gaws_client_config_set_s3_addressing_style (f->config, GAWS_S3_ADDRESSING_STYLE_VIRTUAL);
  output = call (f, "GetObject", "{\"Bucket\": \"my-bucket\", \"Key\": \"k/x\"}", NULL);
  g_assert_cmpstr (f->script.path, ==, "/k/x");
  g_assert_cmpstr (sent_header (f, "Host"), ==, host);
  /* the bucket itself, no key */
  g_clear_object (&output);
  output = call (f, "HeadBucket", "{\"Bucket\": \"my-bucket\"}", NULL);
  g_assert_cmpstr (f->script.path, ==, "/");
  g_assert_cmpstr (sent_header (f, "Host"), ==, host);
}

static void
test_virtual_needs_dns_name (Fixture *f, gconstpointer data)
{
  g_autofree char *endpoint = g_strdup_printf ("http://localhost:%u", gaws_test_server_get_port (f->server));
  g_autofree char *host = local_authority (f, "localhost");
  g_autoptr(GawsShape) output = NULL;

  /* No host can be named after the bucket: path style, whatever asked. */
  gaws_client_config_set_endpoint_url (f->config, endpoint);
  gaws_client_config_set_s3_addressing_style (f->config, GAWS_S3_ADDRESSING_STYLE_VIRTUAL);
  output = call (f, "GetObject", "{\"Bucket\": \"My_Bucket\", \"Key\": \"k\"}", NULL);
  g_assert_cmpstr (f->script.path, ==, "/My_Bucket/k");
  g_assert_cmpstr (sent_header (f, "Host"), ==, host);
}

static void
test_get_bucket_location_by_path (Fixture *f, gconstpointer data)
{
  g_autofree char *endpoint = g_strdup_printf ("http://localhost:%u", gaws_test_server_get_port (f->server));
  g_autoptr(GawsShape) output = NULL;

  gaws_client_config_set_endpoint_url (f->config, endpoint);
  gaws_client_config_set_s3_addressing_style (f->config, GAWS_S3_ADDRESSING_STYLE_VIRTUAL);
  f->script.reply_body = "<LocationConstraint>eu-west-1</LocationConstraint>";
  output = call (f, "GetBucketLocation", "{\"Bucket\": \"my-bucket\"}", NULL);
  g_assert_cmpstr (f->script.path, ==, "/my-bucket?location");
}

/* ---- a Body stream with ContentLength ---- */

static void
test_stream_with_content_length (Fixture *f, gconstpointer data)
{
  static const char text[] = "exactly thirty-two bytes of body";
  g_autoptr(GInputStream) body = g_memory_input_stream_new_from_data (text, 32, NULL);
  g_autoptr(GawsShape) output = NULL;

  /* No flexible checksum: the body goes as it is. */
  gaws_client_config_set_request_checksum_calculation (f->config, GAWS_CHECKSUM_POLICY_WHEN_REQUIRED);
  output = call (f, "PutObject", "{\"Bucket\": \"my-bucket\", \"Key\": \"k\", \"ContentLength\": 32}", body);
  g_assert_false (f->script.chunked);
  g_assert_cmpstr (sent_header (f, "Content-Length"), ==, "32");
  g_assert_null (sent_header (f, "Transfer-Encoding"));
  g_assert_cmpmem (g_bytes_get_data (f->script.body, NULL), g_bytes_get_size (f->script.body), text, 32);
  /* A stream is not read twice to hash it: unsigned, over http too
   * (botocore signs the payload of plain-http requests). */
  g_assert_cmpstr (sent_header (f, "x-amz-content-sha256"), ==, "UNSIGNED-PAYLOAD");
}

static void
test_stream_with_content_length_checksummed (Fixture *f, gconstpointer data)
{
  static const char text[] = "exactly thirty-two bytes of body";
  g_autoptr(GInputStream) body = g_memory_input_stream_new_from_data (text, 32, NULL);
  g_autoptr(GawsShape) output = NULL;

  /* The CRC32 trailer makes an aws-chunked body, of a known length too. */
  output = call (f, "UploadPart", "{\"Bucket\": \"my-bucket\", \"Key\": \"k\", \"PartNumber\": 1, "
                 "\"UploadId\": \"u\", \"ContentLength\": 32}", body);
  g_assert_false (f->script.chunked);
  g_assert_nonnull (sent_header (f, "Content-Length"));
  g_assert_cmpstr (sent_header (f, "x-amz-decoded-content-length"), ==, "32");
  g_assert_null (sent_header (f, "Transfer-Encoding"));
  g_assert_cmpstr (sent_header (f, "x-amz-content-sha256"), ==, "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
}

/* ---- SSE-C ---- */

/* A copy's source key alone is encoded too, and no key of the target is
 * made up. */
static void
test_sse_copy_source_key_only (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsShape) output = NULL;

  output = call (f, "CopyObject", "{\"Bucket\": \"my-bucket\", \"Key\": \"k\", \"CopySource\": \"src/k\", "
                 "\"CopySourceSSECustomerAlgorithm\": \"AES256\", "
                 "\"CopySourceSSECustomerKey\": \"fedcba9876543210fedcba9876543210\"}", NULL);
  g_assert_cmpstr (sent_header (f, "x-amz-copy-source-server-side-encryption-customer-key"), ==,
                   "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=");
  g_assert_cmpstr (sent_header (f, "x-amz-copy-source-server-side-encryption-customer-key-MD5"), ==,
                   "dT1y7SEiqn6YCJ3QeqwoIw==");
  g_assert_null (sent_header (f, "x-amz-server-side-encryption-customer-key"));
  g_assert_null (sent_header (f, "x-amz-server-side-encryption-customer-key-MD5"));
}

static void
test_sse_customer_key (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsShape) output = NULL;

  output = call (f, "CopyObject", "{\"Bucket\": \"my-bucket\", \"Key\": \"k\", \"CopySource\": \"src/k\", "
                 "\"SSECustomerAlgorithm\": \"AES256\", "
                 "\"SSECustomerKey\": \"0123456789abcdef0123456789abcdef\", "
                 "\"CopySourceSSECustomerAlgorithm\": \"AES256\", "
                 "\"CopySourceSSECustomerKey\": \"fedcba9876543210fedcba9876543210\"}", NULL);
  /* base64 of the raw keys and of their MD5s, as botocore's sse_md5 */
  g_assert_cmpstr (sent_header (f, "x-amz-server-side-encryption-customer-key"), ==,
                   "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
  g_assert_cmpstr (sent_header (f, "x-amz-server-side-encryption-customer-key-MD5"), ==,
                   "hRasmdxgYDKV3nvbahU1MA==");
  g_assert_cmpstr (sent_header (f, "x-amz-copy-source-server-side-encryption-customer-key"), ==,
                   "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=");
  g_assert_cmpstr (sent_header (f, "x-amz-copy-source-server-side-encryption-customer-key-MD5"), ==,
                   "dT1y7SEiqn6YCJ3QeqwoIw==");
  g_assert_cmpstr (sent_header (f, "x-amz-server-side-encryption-customer-algorithm"), ==, "AES256");
}

/* ---- URL-encoded listings ---- */

#define ENCODED_LISTING \
  "<ListBucketResult><Name>my-bucket</Name><Prefix>a%2Bb/</Prefix><Delimiter>%2F</Delimiter>" \
  "<EncodingType>url</EncodingType><KeyCount>1</KeyCount>" \
  "<Contents><Key>a%2Bb/sp%20ace%26%C3%A9</Key><Size>1</Size></Contents>" \
  "<CommonPrefixes><Prefix>a%2Bb/d%20ir/</Prefix></CommonPrefixes></ListBucketResult>"

static void
test_listing_decoded (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsShape) output = NULL;
  GPtrArray *contents, *prefixes;
  gint index;

  f->script.reply_body = ENCODED_LISTING;
  output = call (f, "ListObjectsV2", "{\"Bucket\": \"my-bucket\", \"Prefix\": \"a+b/\", \"Delimiter\": \"/\"}",
                 NULL);
  g_assert_nonnull (strstr (f->script.path, "encoding-type=url"));
  g_assert_cmpstr (gaws_shape_get_string (output, gaws_shape_info_find_member (gaws_shape_get_info (output), "Prefix")),
                   ==, "a+b/");
  g_assert_cmpstr (gaws_shape_get_string (output, gaws_shape_info_find_member (gaws_shape_get_info (output), "Delimiter")),
                   ==, "/");
  index = gaws_shape_info_find_member (gaws_shape_get_info (output), "Contents");
  contents = gaws_shape_get_list (output, index);
  g_assert_cmpuint (contents->len, ==, 1);
  g_assert_cmpstr (gaws_shape_get_string (contents->pdata[0], gaws_shape_info_find_member (
                     gaws_shape_get_info (contents->pdata[0]), "Key")), ==, "a+b/sp ace&\xc3\xa9");
  index = gaws_shape_info_find_member (gaws_shape_get_info (output), "CommonPrefixes");
  prefixes = gaws_shape_get_list (output, index);
  g_assert_cmpstr (gaws_shape_get_string (prefixes->pdata[0], gaws_shape_info_find_member (
                     gaws_shape_get_info (prefixes->pdata[0]), "Prefix")), ==, "a+b/d ir/");
}

/* Every key of a page is decoded as botocore's unquote_plus does ('+' is a
 * space), those with nothing escaped left as they are, a malformed escape
 * too. */
static void
test_listing_decoded_keys (Fixture *f, gconstpointer data)
{
  static const char *const expected[] = { "plain", "a b", "bad%zz", "%", "c+d/e", "plain-too",
                                          "sp ace!", "bad%zz x" };
  g_autoptr(GawsShape) output = NULL;
  GPtrArray *contents;

  f->script.reply_body = "<ListBucketResult><Name>my-bucket</Name><EncodingType>url</EncodingType>"
                         "<Contents><Key>plain</Key></Contents><Contents><Key>a%20b</Key></Contents>"
                         "<Contents><Key>bad%zz</Key></Contents><Contents><Key>%</Key></Contents>"
                         "<Contents><Key>c%2Bd%2Fe</Key></Contents><Contents><Key>plain-too</Key></Contents>"
                         "<Contents><Key>sp+ace%21</Key></Contents><Contents><Key>bad%zz+x</Key></Contents>"
                         "<Contents><Size>3</Size></Contents></ListBucketResult>";
  output = call (f, "ListObjectsV2", "{\"Bucket\": \"my-bucket\"}", NULL);
  contents = gaws_shape_get_list (output, gaws_shape_info_find_member (gaws_shape_get_info (output), "Contents"));
  g_assert_cmpuint (contents->len, ==, G_N_ELEMENTS (expected) + 1);
  for (guint i = 0; i < contents->len; i++)
    {
      gint key = gaws_shape_info_find_member (gaws_shape_get_info (contents->pdata[i]), "Key");

      if (i < G_N_ELEMENTS (expected))
        g_assert_cmpstr (gaws_shape_get_string (contents->pdata[i], key), ==, expected[i]);
      else
        g_assert_false (gaws_shape_is_set (contents->pdata[i], key));
    }
}

/* An enum member whose text is one of the model's values holds the
 * model's own (static) string, any other text a copy: both read back,
 * copy, replace and free as any string does. */
static void
test_listing_enum_values (Fixture *f, gconstpointer data)
{
  static const char *const expected[] = { "STANDARD", "GLACIER", "NOT_YET_KNOWN", "", "STANDARD_I" };
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GawsShape) copy = NULL;
  GPtrArray *contents;
  gint index;

  f->script.reply_body = "<ListBucketResult><Name>my-bucket</Name>"
                         "<Contents><Key>a</Key><StorageClass>STANDARD</StorageClass></Contents>"
                         "<Contents><Key>b</Key><StorageClass>GLACIER</StorageClass></Contents>"
                         "<Contents><Key>c</Key><StorageClass>NOT_YET_KNOWN</StorageClass></Contents>"
                         "<Contents><Key>d</Key><StorageClass></StorageClass></Contents>"
                         "<Contents><Key>e</Key><StorageClass>STANDARD_I</StorageClass></Contents>"
                         "</ListBucketResult>";
  output = call (f, "ListObjectsV2", "{\"Bucket\": \"my-bucket\"}", NULL);
  contents = gaws_shape_get_list (output, gaws_shape_info_find_member (gaws_shape_get_info (output), "Contents"));
  g_assert_cmpuint (contents->len, ==, G_N_ELEMENTS (expected));
  index = gaws_shape_info_find_member (gaws_shape_get_info (contents->pdata[0]), "StorageClass");
  g_assert_cmpint (index, >=, 0);
  for (guint i = 0; i < contents->len; i++)
    g_assert_cmpstr (gaws_shape_get_string (contents->pdata[i], (guint) index), ==, expected[i]);
  copy = gaws_shape_copy (output);
  contents = gaws_shape_get_list (copy, gaws_shape_info_find_member (gaws_shape_get_info (copy), "Contents"));
  for (guint i = 0; i < contents->len; i++)
    g_assert_cmpstr (gaws_shape_get_string (contents->pdata[i], (guint) index), ==, expected[i]);
  gaws_shape_set_string (contents->pdata[0], (guint) index, "GLACIER");
  g_assert_cmpstr (gaws_shape_get_string (contents->pdata[0], (guint) index), ==, "GLACIER");
  gaws_shape_unset (contents->pdata[1], (guint) index);
  g_assert_false (gaws_shape_is_set (contents->pdata[1], (guint) index));
}

static void
test_listing_asked_encoded_stays (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsShape) output = NULL;
  GPtrArray *contents;

  /* The caller asked for the encoding: the keys come as S3 sent them. */
  f->script.reply_body = ENCODED_LISTING;
  output = call (f, "ListObjectsV2", "{\"Bucket\": \"my-bucket\", \"EncodingType\": \"url\"}", NULL);
  contents = gaws_shape_get_list (output, gaws_shape_info_find_member (gaws_shape_get_info (output), "Contents"));
  g_assert_cmpstr (gaws_shape_get_string (contents->pdata[0], gaws_shape_info_find_member (
                     gaws_shape_get_info (contents->pdata[0]), "Key")), ==, "a%2Bb/sp%20ace%26%C3%A9");
}

static void
test_listing_v1_and_versions (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsShape) v1 = NULL;
  g_autoptr(GawsShape) versions = NULL;
  GPtrArray *list;

  f->script.reply_body = "<ListBucketResult><Name>b</Name><EncodingType>url</EncodingType>"
                         "<NextMarker>x%2By</NextMarker><Contents><Key>x%2By</Key></Contents></ListBucketResult>";
  v1 = call (f, "ListObjects", "{\"Bucket\": \"my-bucket\"}", NULL);
  g_assert_nonnull (strstr (f->script.path, "encoding-type=url"));
  g_assert_cmpstr (gaws_shape_get_string (v1, gaws_shape_info_find_member (gaws_shape_get_info (v1), "NextMarker")),
                   ==, "x+y");
  f->script.reply_body = "<ListVersionsResult><Name>b</Name><EncodingType>url</EncodingType>"
                         "<NextKeyMarker>x%2By</NextKeyMarker><Version><Key>x%2By</Key></Version>"
                         "<DeleteMarker><Key>d%20m</Key></DeleteMarker></ListVersionsResult>";
  versions = call (f, "ListObjectVersions", "{\"Bucket\": \"my-bucket\"}", NULL);
  g_assert_cmpstr (gaws_shape_get_string (versions, gaws_shape_info_find_member (gaws_shape_get_info (versions),
                                                                                 "NextKeyMarker")), ==, "x+y");
  list = gaws_shape_get_list (versions, gaws_shape_info_find_member (gaws_shape_get_info (versions), "Versions"));
  g_assert_cmpstr (gaws_shape_get_string (list->pdata[0], gaws_shape_info_find_member (
                     gaws_shape_get_info (list->pdata[0]), "Key")), ==, "x+y");
  list = gaws_shape_get_list (versions, gaws_shape_info_find_member (gaws_shape_get_info (versions), "DeleteMarkers"));
  g_assert_cmpstr (gaws_shape_get_string (list->pdata[0], gaws_shape_info_find_member (
                     gaws_shape_get_info (list->pdata[0]), "Key")), ==, "d m");
}

/* ---- Expires ---- */

static void
test_bad_expires_is_left_out (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsShape) output = NULL;
  gint expires;

  f->script.reply_header = "Expires: soon, maybe";
  output = call (f, "HeadObject", "{\"Bucket\": \"my-bucket\", \"Key\": \"k\"}", NULL);
  expires = gaws_shape_info_find_member (gaws_shape_get_info (output), "Expires");
  g_assert_false (gaws_shape_is_set (output, expires));
}

static void
test_good_expires_is_read (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsShape) output = NULL;
  GDateTime *when;

  f->script.reply_header = "Expires: Wed, 21 Oct 2026 07:28:00 GMT";
  output = call (f, "HeadObject", "{\"Bucket\": \"my-bucket\", \"Key\": \"k\"}", NULL);
  when = gaws_shape_get_date_time (output, gaws_shape_info_find_member (gaws_shape_get_info (output), "Expires"));
  g_assert_nonnull (when);
  g_assert_cmpint (g_date_time_to_unix (when), ==, 1792567680);
}

/* ---- region redirects ---- */

static gboolean
signed_for (Fixture *f, guint index, const char *region)
{
  g_autofree char *scope = g_strdup_printf ("/%s/s3/aws4_request", region);

  g_assert_cmpuint (index, <, f->script.authorizations->len);
  return strstr (f->script.authorizations->pdata[index], scope) != NULL;
}

static void
test_redirect_permanent (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = gaws_s3_client_new (f->session, f->config);
  const GawsOperationInfo *op = operation ("GetObject");
  g_autoptr(GawsShape) input = input_from_json (op, "{\"Bucket\": \"far-bucket\", \"Key\": \"k\"}");
  g_autoptr(GawsShape) first = NULL;
  g_autoptr(GawsShape) second = NULL;
  g_autoptr(GError) error = NULL;

  f->script.bucket_region = "us-west-2";
  first = gaws_operation_invoke_sync (GAWS_CLIENT (client), op, input, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->script.authorizations->len, ==, 2);
  g_assert_true (signed_for (f, 0, "eu-west-1"));
  g_assert_true (signed_for (f, 1, "us-west-2"));
  /* The client remembers: the next call goes to the bucket's region. */
  second = gaws_operation_invoke_sync (GAWS_CLIENT (client), op, input, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->script.authorizations->len, ==, 3);
  g_assert_true (signed_for (f, 2, "us-west-2"));
}

static void
invoke_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_redirect_malformed_authorization_async (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = gaws_s3_client_new (f->session, f->config);
  const GawsOperationInfo *op = operation ("GetObject");
  g_autoptr(GawsShape) input = input_from_json (op, "{\"Bucket\": \"far-bucket\", \"Key\": \"k\"}");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;

  f->script.bucket_region = "ap-south-1";
  f->script.region_in_body = TRUE;
  gaws_operation_invoke_async (GAWS_CLIENT (client), op, input, NULL, invoke_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  output = gaws_operation_invoke_finish (GAWS_CLIENT (client), result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->script.authorizations->len, ==, 2);
  g_assert_true (signed_for (f, 1, "ap-south-1"));
}

static void
test_redirect_only_once (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = gaws_s3_client_new (f->session, f->config);
  const GawsOperationInfo *op = operation ("GetObject");
  g_autoptr(GawsShape) input = input_from_json (op, "{\"Bucket\": \"far-bucket\", \"Key\": \"k\"}");
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;

  f->script.bucket_region = "us-west-2";
  f->script.always_redirect = TRUE;
  output = gaws_operation_invoke_sync (GAWS_CLIENT (client), op, input, NULL, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "PermanentRedirect");
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 301);
  g_assert_cmpuint (f->script.authorizations->len, ==, 2);
}

static void
test_redirect_stream_body_not_resent (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = gaws_s3_client_new (f->session, f->config);
  const GawsOperationInfo *op = operation ("PutObject");
  g_autoptr(GawsShape) input = input_from_json (op, "{\"Bucket\": \"far-bucket\", \"Key\": \"k\", "
                                                    "\"ContentLength\": 4}");
  g_autoptr(GInputStream) body = g_memory_input_stream_new_from_data ("body", 4, NULL);
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GawsShape) retry = NULL;
  g_autoptr(GError) error = NULL;

  /* The stream was read by the first send: the redirect is the error... */
  f->script.bucket_region = "us-west-2";
  gaws_shape_set_stream (input, gaws_shape_info_find_member (op->input, "Body"), body);
  output = gaws_operation_invoke_sync (GAWS_CLIENT (client), op, input, NULL, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "PermanentRedirect");
  g_assert_cmpuint (f->script.authorizations->len, ==, 1);
  /* ...and the next call goes to the bucket's region. */
  g_clear_error (&error);
  g_clear_object (&body);
  body = g_memory_input_stream_new_from_data ("body", 4, NULL);
  gaws_shape_set_stream (input, gaws_shape_info_find_member (op->input, "Body"), body);
  retry = gaws_operation_invoke_sync (GAWS_CLIENT (client), op, input, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->script.authorizations->len, ==, 2);
  g_assert_true (signed_for (f, 1, "us-west-2"));
  g_assert_cmpstr (sent_header (f, "x-amz-decoded-content-length"), ==, "4");
}

/* ---- region lookups: redirects that name no region ---- */

/* GetObject of far-bucket/k, blocking or on the main context */
static GawsShape *
get_far_object (GawsS3Client *client, gboolean async, GCancellable *cancellable, GError **error)
{
  const GawsOperationInfo *op = operation ("GetObject");
  g_autoptr(GawsShape) input = input_from_json (op, "{\"Bucket\": \"far-bucket\", \"Key\": \"k\"}");
  g_autoptr(GAsyncResult) result = NULL;

  if (!async)
    return gaws_operation_invoke_sync (GAWS_CLIENT (client), op, input, cancellable, error);
  gaws_operation_invoke_async (GAWS_CLIENT (client), op, input, cancellable, invoke_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gaws_operation_invoke_finish (GAWS_CLIENT (client), result, error);
}

static void
assert_body (GawsShape *output, const char *expected)
{
  GInputStream *body = gaws_shape_get_stream (output, gaws_shape_info_find_member (gaws_shape_get_info (output),
                                                                                   "Body"));
  char buffer[64] = "";
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (body);
  g_input_stream_read_all (body, buffer, sizeof buffer - 1, &length, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (buffer, length, expected, strlen (expected));
}

/* GetObject answered 301 with no region: HEAD on the bucket (answered 301
 * naming it, then 200 once signed for it) tells it, and the object comes
 * from there; the next call goes there at once. */
static void
test_lookup_head_bucket (Fixture *f, gconstpointer data)
{
  gboolean async = GPOINTER_TO_INT (data);
  g_autoptr(GawsS3Client) client = gaws_s3_client_new (f->session, f->config);
  g_autoptr(GawsShape) first = NULL;
  g_autoptr(GawsShape) second = NULL;
  g_autoptr(GError) error = NULL;

  f->script.bucket_region = "us-west-2";
  f->script.hide_region = TRUE;
  f->script.reply_body = "far away";
  first = get_far_object (client, async, NULL, &error);
  g_assert_no_error (error);
  assert_body (first, "far away");
  g_assert_cmpuint (f->script.head_buckets, ==, 2);
  g_assert_cmpuint (f->script.authorizations->len, ==, 4);
  g_assert_true (signed_for (f, 0, "eu-west-1"));
  g_assert_true (signed_for (f, 3, "us-west-2"));
  g_assert_cmpstr (f->script.method, ==, "GET");
  g_assert_cmpstr (f->script.path, ==, "/far-bucket/k");
  /* the client remembers: no HeadBucket, no redirect */
  second = get_far_object (client, async, NULL, &error);
  g_assert_no_error (error);
  assert_body (second, "far away");
  g_assert_cmpuint (f->script.head_buckets, ==, 2);
  g_assert_cmpuint (f->script.authorizations->len, ==, 5);
  g_assert_true (signed_for (f, 4, "us-west-2"));
}

/* A HeadBucket that fails still names the region in its header. */
static void
test_lookup_head_bucket_forbidden (Fixture *f, gconstpointer data)
{
  gboolean async = GPOINTER_TO_INT (data);
  g_autoptr(GawsS3Client) client = gaws_s3_client_new (f->session, f->config);
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;

  f->script.bucket_region = "ap-south-1";
  f->script.hide_region = TRUE;
  f->script.head_bucket_forbidden = TRUE;
  output = get_far_object (client, async, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->script.head_buckets, ==, 1);
  g_assert_cmpuint (f->script.authorizations->len, ==, 3);
  g_assert_true (signed_for (f, 2, "ap-south-1"));
  g_assert_cmpstr (f->script.method, ==, "GET");
}

/* HeadBucket names no region either: the redirect is the error, after one
 * HeadBucket. */
static void
test_lookup_finds_nothing (Fixture *f, gconstpointer data)
{
  gboolean async = GPOINTER_TO_INT (data);
  g_autoptr(GawsS3Client) client = gaws_s3_client_new (f->session, f->config);
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;

  f->script.bucket_region = "us-west-2";
  f->script.hide_region = TRUE;
  f->script.head_bucket_no_region = TRUE;
  output = get_far_object (client, async, NULL, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_true (gaws_error_matches_code (error, "PermanentRedirect"));
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 301);
  g_assert_cmpstr (gaws_error_get_message (error), ==, "elsewhere");
  g_assert_nonnull (strstr (error->message, "GetObject"));
  g_assert_cmpuint (f->script.head_buckets, ==, 1);
  g_assert_cmpuint (f->script.authorizations->len, ==, 2);
  g_assert_cmpstr (f->script.method, ==, "HEAD");
}

/* HeadBucket is what looks regions up: its own redirect without a region
 * starts no other. */
static void
test_lookup_not_for_head_bucket (Fixture *f, gconstpointer data)
{
  g_autoptr(GawsS3Client) client = gaws_s3_client_new (f->session, f->config);
  const GawsOperationInfo *op = operation ("HeadBucket");
  g_autoptr(GawsShape) input = input_from_json (op, "{\"Bucket\": \"far-bucket\"}");
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;

  f->script.bucket_region = "us-west-2";
  f->script.hide_region = TRUE;
  f->script.head_bucket_no_region = TRUE;
  output = gaws_operation_invoke_sync (GAWS_CLIENT (client), op, input, NULL, &error);
  /* no body to HEAD: a bare HTTP error */
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_HTTP);
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 301);
  g_assert_cmpuint (f->script.head_buckets, ==, 1);
  g_assert_cmpuint (f->script.authorizations->len, ==, 1);
}

/* Cancelled while HeadBucket waits for its answer. */
static void
test_lookup_cancelled (Fixture *f, gconstpointer data)
{
  gboolean async = GPOINTER_TO_INT (data);
  g_autoptr(GawsS3Client) client = gaws_s3_client_new (f->session, f->config);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;

  f->script.bucket_region = "us-west-2";
  f->script.hide_region = TRUE;
  f->script.cancel_on_head_bucket = cancellable;
  output = get_far_object (client, async, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (output);
  g_assert_cmpuint (f->script.head_buckets, ==, 1);
  g_assert_cmpuint (f->script.authorizations->len, ==, 2);
}

/* GetObject's Metadata from the `x-amz-meta-` headers, as botocore reads
 * them: the prefix matched in any ASCII case, the rest of the name kept as
 * sent, names shorter than the prefix or differing past its first bytes
 * left out; and an empty map, not %NULL, when there is none. */
static void
test_metadata_headers (void)
{
  static const char *const headers[][2] = {
    { "x-amz-request-id", "r1" },
    { "X-Amz-Meta-Color", "blue" },
    { "x-amz-met", "short" },
    { "x-amz-meta", "no dash" },
    { "ETag", "\"e\"" },
    { "x-AMZ-META-size", "5" },
    { "x-amz-meta-", "empty name" },
    { "x-amz-metadata-directive", "COPY" },
    { "Content-Type", "text/plain" },
  };
  g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200);
  g_autoptr(GawsHttpResponse) bare = gaws_http_response_new (200);
  g_autoptr(GawsS3GetObjectOutput) output = gaws_s3_get_object_output_new ();
  g_autoptr(GawsS3GetObjectOutput) bare_output = gaws_s3_get_object_output_new ();
  g_autoptr(GError) error = NULL;
  GHashTable *metadata;

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    gaws_http_headers_append (gaws_http_response_get_headers (response), headers[i][0], headers[i][1]);
  g_assert_true (gaws_protocol_rest_read_bindings (GAWS_SHAPE (output), response, &error));
  g_assert_no_error (error);
  metadata = gaws_s3_get_object_output_get_metadata (output);
  g_assert_nonnull (metadata);
  g_assert_cmpuint (g_hash_table_size (metadata), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (metadata, "Color"), ==, "blue");
  g_assert_cmpstr (g_hash_table_lookup (metadata, "size"), ==, "5");
  g_assert_cmpstr (g_hash_table_lookup (metadata, ""), ==, "empty name");
  g_assert_cmpstr (gaws_s3_get_object_output_get_e_tag (output), ==, "\"e\"");

  gaws_http_headers_append (gaws_http_response_get_headers (bare), "x-amz-request-id", "r2");
  g_assert_true (gaws_protocol_rest_read_bindings (GAWS_SHAPE (bare_output), bare, &error));
  g_assert_no_error (error);
  metadata = gaws_s3_get_object_output_get_metadata (bare_output);
  g_assert_nonnull (metadata);
  g_assert_cmpuint (g_hash_table_size (metadata), ==, 0);
}

int
main (int argc, char *argv[])
{
  gaws_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/s3/specifics/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("addressing/path-style-with-endpoint-url", test_path_style_with_endpoint_url);
  ADD ("addressing/path-style-bucket-only", test_path_style_bucket_only);
  ADD ("addressing/path-style-bucket-lengths", test_path_style_bucket_lengths);
  ADD ("addressing/virtual-with-endpoint-url", test_virtual_with_endpoint_url);
  ADD ("addressing/virtual-needs-dns-name", test_virtual_needs_dns_name);
  ADD ("addressing/get-bucket-location-by-path", test_get_bucket_location_by_path);
  ADD ("body/stream-with-content-length", test_stream_with_content_length);
  ADD ("body/stream-with-content-length-checksummed", test_stream_with_content_length_checksummed);
  ADD ("sse-c/key-headers", test_sse_customer_key);
  ADD ("sse-c/copy-source-key-only", test_sse_copy_source_key_only);
  ADD ("listing/decoded", test_listing_decoded);
  ADD ("listing/decoded-keys", test_listing_decoded_keys);
  ADD ("listing/asked-encoded-stays", test_listing_asked_encoded_stays);
  ADD ("listing/enum-values", test_listing_enum_values);
  ADD ("listing/v1-and-versions", test_listing_v1_and_versions);
  ADD ("expires/bad-is-left-out", test_bad_expires_is_left_out);
  ADD ("expires/good-is-read", test_good_expires_is_read);
  g_test_add_func ("/s3/specifics/metadata/headers", test_metadata_headers);
  ADD ("redirect/permanent-redirect", test_redirect_permanent);
  ADD ("redirect/malformed-authorization-async", test_redirect_malformed_authorization_async);
  ADD ("redirect/only-once", test_redirect_only_once);
  ADD ("redirect/stream-body-not-resent", test_redirect_stream_body_not_resent);
  ADD ("redirect/lookup-not-for-head-bucket", test_lookup_not_for_head_bucket);
#undef ADD
#define ADD_BOTH(path, func) \
  g_test_add ("/s3/specifics/" path "-sync", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, func, \
              fixture_tear_down); \
  g_test_add ("/s3/specifics/" path "-async", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, func, \
              fixture_tear_down)
  ADD_BOTH ("redirect/lookup-head-bucket", test_lookup_head_bucket);
  ADD_BOTH ("redirect/lookup-head-bucket-forbidden", test_lookup_head_bucket_forbidden);
  ADD_BOTH ("redirect/lookup-finds-nothing", test_lookup_finds_nothing);
  ADD_BOTH ("redirect/lookup-cancelled", test_lookup_cancelled);
#undef ADD_BOTH
  return g_test_run ();
}
