/* gaws-s3-presign.c: presigned S3 URLs and POST policies
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-s3-presign.h"
#include "gaws-error.h"
#include "gaws-sigv4-signer.h"

#include <jansson.h>
#include <string.h>

/* S3 presigns with an unsigned payload, and its paths are object keys, not
 * paths to normalize. */
#define PRESIGN_FLAGS    (GAWS_SIGV4_UNSIGNED_PAYLOAD | GAWS_SIGV4_NO_PATH_NORMALIZE)
#define ALGORITHM        "AWS4-HMAC-SHA256"
#define FILENAME_SUFFIX  "${filename}"

/* ---- where the request goes -------------------------------------------- */

static gboolean
is_label_char (char c)
{
  return g_ascii_islower (c) || g_ascii_isdigit (c) || c == '-';
}

/* A DNS label as S3 bucket names use them: lower case, not starting or
 * ending with a hyphen. */
static gboolean
is_bucket_label (const char *label, gsize length)
{
  if (length == 0 || label[0] == '-' || label[length - 1] == '-')
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!is_label_char (label[i]))
      return FALSE;
  return TRUE;
}

/* The endpoint ruleset's aws.isVirtualHostableS3Bucket(): a bucket that
 * can be a host name. With TLS a dot would break the wildcard certificate,
 * so dotted names go path style unless the endpoint is plain http. */
static gboolean
is_virtual_hostable (const char *bucket, gboolean allow_dots)
{
  gsize length = strlen (bucket);
  const char *label = bucket;

  if (length < 3 || length > 63 || g_hostname_is_ip_address (bucket))
    return FALSE;
  if (!allow_dots)
    return is_bucket_label (bucket, length);
  for (const char *dot; (dot = strchr (label, '.')) != NULL; label = dot + 1)
    if (!is_bucket_label (label, (gsize) (dot - label)))
      return FALSE;
  return is_bucket_label (label, strlen (label));
}

/* botocore's VALID_HOST_LABEL_RE: looser than a virtual-hostable bucket
 * (upper case passes), and what decides the global endpoint. */
static gboolean
is_host_label (const char *bucket)
{
  gsize length = strlen (bucket);

  if (length == 0 || length > 63 || bucket[0] == '-' || bucket[length - 1] == '-')
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (bucket[i]) && bucket[i] != '-')
      return FALSE;
  return TRUE;
}

/* botocore presigns in the aws partition on the global endpoint,
 * s3.amazonaws.com, whatever the region, unless path style is asked for or
 * needed, or virtual style is asked for: then the region's endpoint. */
static gboolean
use_global_endpoint (const char            *region,
                     GawsS3AddressingStyle  style,
                     const char            *bucket)
{
  if (g_str_has_prefix (region, "cn-") || g_str_has_prefix (region, "us-gov-") ||
      style == GAWS_S3_ADDRESSING_STYLE_PATH || style == GAWS_S3_ADDRESSING_STYLE_VIRTUAL)
    return FALSE;
  return bucket == NULL || is_host_label (bucket);
}

static char *
default_endpoint (const char            *region,
                  GawsS3AddressingStyle  style,
                  const char            *bucket)
{
  /* us-east-1 has no regional name by default (botocore's
   * us_east_1_regional_endpoint = legacy). */
  if (g_str_equal (region, "us-east-1") || use_global_endpoint (region, style, bucket))
    return g_strdup ("https://s3.amazonaws.com");
  if (g_str_has_prefix (region, "cn-"))
    return g_strdup_printf ("https://s3.%s.amazonaws.com.cn", region);
  return g_strdup_printf ("https://s3.%s.amazonaws.com", region);
}

/* As botocore: a custom endpoint is addressed path style unless virtual
 * hosting is asked for, AWS's own virtual-hosted when the bucket allows it;
 * an IP address cannot take a bucket in front of it. */
static gboolean
use_virtual_host (GawsHttpRequest       *request,
                  gboolean               custom_endpoint,
                  GawsS3AddressingStyle  style,
                  const char            *bucket)
{
  if (style == GAWS_S3_ADDRESSING_STYLE_PATH)
    return FALSE;
  if (custom_endpoint && style != GAWS_S3_ADDRESSING_STYLE_VIRTUAL)
    return FALSE;
  if (g_hostname_is_ip_address (gaws_http_request_get_host (request)))
    return FALSE;
  return is_virtual_hostable (bucket, g_str_equal (gaws_http_request_get_scheme (request), "http"));
}

static gboolean
check_location (const char  *region,
                const char  *bucket,
                const char  *key,
                GError     **error)
{
  if (region == NULL || *region == '\0')
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                           "A presigned S3 request needs a region");
      return FALSE;
    }
  if ((bucket != NULL && *bucket == '\0') || (key != NULL && *key == '\0') ||
      (bucket == NULL && key != NULL))
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                           "A presigned S3 request needs a non-empty bucket for a key, "
                           "and a non-empty key if any");
      return FALSE;
    }
  return TRUE;
}

static void
set_location (GawsHttpRequest *request,
              gboolean         virtual_host,
              const char      *bucket,
              const char      *key)
{
  g_autofree char *base = g_strdup (gaws_http_request_get_path (request));
  g_autofree char *encoded_key = key ? gaws_uri_encode (key, FALSE) : NULL;
  g_autofree char *encoded_bucket = bucket ? gaws_uri_encode (bucket, TRUE) : NULL;
  g_autofree char *path = NULL;

  /* An endpoint may have a path of its own, under which S3 is served. */
  if (base == NULL)
    base = g_strdup ("");
  while (*base != '\0' && base[strlen (base) - 1] == '/')
    base[strlen (base) - 1] = '\0';

  if (virtual_host)
    {
      g_autofree char *host = g_strconcat (bucket, ".", gaws_http_request_get_host (request), NULL);
      gaws_http_request_set_host (request, host);
      path = g_strconcat (base, "/", encoded_key, NULL);
    }
  else if (bucket != NULL)
    path = g_strconcat (base, "/", encoded_bucket, key ? "/" : "", encoded_key, NULL);
  else
    path = g_strconcat (base, "/", NULL);
  gaws_http_request_set_path (request, path);
  gaws_http_request_set_query (request, NULL);
}

/**
 * gaws_s3_presign_build_request:
 * @method: the HTTP method the URL will be used with, such as `GET`
 * @region: the bucket's region, such as `eu-west-1`
 * @endpoint_url: (nullable): the endpoint, such as `http://127.0.0.1:9000`,
 *   or %NULL for AWS's own
 * @addressing_style: how to put the bucket in the URL;
 *   %GAWS_S3_ADDRESSING_STYLE_UNSET is %GAWS_S3_ADDRESSING_STYLE_AUTO
 * @bucket: (nullable): the bucket, or %NULL for the service itself
 * @key: (nullable): the object key, or %NULL for the bucket itself
 * @error: return location for a #GError
 *
 * Builds the request that a presigned URL stands for, to add the headers
 * that whoever uses the URL must send (`Content-Type`, ...) before
 * gaws_s3_presign_request().
 *
 * The URL is the one botocore presigns. The bucket goes into the host
 * (virtual-hosted style) for AWS's endpoint when the bucket name is a DNS
 * label (lower case, 3 to 63 characters, no dot), for a custom endpoint
 * only with %GAWS_S3_ADDRESSING_STYLE_VIRTUAL (dots allowed over plain
 * http), never for an IP address; into the path otherwise. AWS's endpoint
 * is the global `s3.amazonaws.com` unless the style is set or the bucket
 * name needs path style, or outside the aws partition (`cn-`, `us-gov-`
 * regions); the signature is for @region either way. The key is
 * percent-encoded, `/` kept, dot segments kept.
 *
 * Returns: (transfer full) (nullable): the request, or %NULL with @error
 *   set (%GAWS_ERROR_INVALID_ARGUMENT, or a #GUriError for a bad
 *   @endpoint_url)
 */
GawsHttpRequest *
gaws_s3_presign_build_request (const char             *method,
                               const char             *region,
                               const char             *endpoint_url,
                               GawsS3AddressingStyle   addressing_style,
                               const char             *bucket,
                               const char             *key,
                               GError                **error)
{
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autofree char *url = NULL;
  gboolean virtual_host;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_location (region, bucket, key, error))
    return NULL;
  url = endpoint_url ? g_strdup (endpoint_url) : default_endpoint (region, addressing_style, bucket);
  request = gaws_http_request_new_for_url (method, url, error);
  if (request == NULL)
    return NULL;
  virtual_host = bucket != NULL &&
                 use_virtual_host (request, endpoint_url != NULL, addressing_style, bucket);
  set_location (request, virtual_host, bucket, key);
  return g_steal_pointer (&request);
}

/* ---- presigned URLs ----------------------------------------------------- */

/**
 * gaws_s3_presign_request:
 * @request: the request to presign, as gaws_s3_presign_build_request()
 *   makes it; it is not changed
 * @credentials: the credentials to sign with
 * @region: the bucket's region
 * @expires_in: how long the URL stays valid, in seconds (1 to 604800)
 * @when: (nullable): the signing time, or %NULL for now
 * @error: return location for a #GError
 *
 * Presigns @request for S3 with SigV4 in the query string, with the
 * payload hash `UNSIGNED-PAYLOAD`, so that anyone can send it without
 * credentials until it expires. Its headers but `Host` are signed too, and
 * must be sent as they are.
 *
 * Returns: (transfer full) (nullable): the presigned URL, or %NULL with
 *   @error set (%GAWS_ERROR_SIGNING)
 */
char *
gaws_s3_presign_request (GawsHttpRequest  *request,
                         GawsCredentials  *credentials,
                         const char       *region,
                         guint             expires_in,
                         GDateTime        *when,
                         GError          **error)
{
  g_autoptr(GawsSigv4Signer) signer = NULL;

  g_return_val_if_fail (GAWS_IS_HTTP_REQUEST (request), NULL);
  g_return_val_if_fail (GAWS_IS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  signer = gaws_sigv4_signer_new ();
  return gaws_sigv4_signer_presign_url (signer, request, credentials, region, "s3", when,
                                        expires_in, PRESIGN_FLAGS, error);
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_query_params (GawsHttpRequest *request,
                  GHashTable      *params)
{
  g_autofree gpointer *names = NULL;
  guint n_names = 0;

  /* Sorted, so that the same parameters always give the same URL. */
  names = g_hash_table_get_keys_as_array (params, &n_names);
  qsort (names, n_names, sizeof (gpointer), compare_names);
  for (guint i = 0; i < n_names; i++)
    gaws_http_request_add_query_param (request, names[i], g_hash_table_lookup (params, names[i]));
}

/**
 * gaws_s3_generate_presigned_url:
 * @credentials: the credentials to sign with
 * @region: the bucket's region, such as `eu-west-1`
 * @endpoint_url: (nullable): the endpoint, or %NULL for AWS's own
 * @addressing_style: how to put the bucket in the URL
 * @method: the HTTP method the URL is for: `GET` to download, `PUT` to
 *   upload, `HEAD`, `DELETE`
 * @bucket: (nullable): the bucket, or %NULL for the service itself
 * @key: (nullable): the object key, or %NULL for the bucket itself
 * @query_params: (nullable) (element-type utf8 utf8): parameters of the
 *   operation to put in the query, not encoded, such as
 *   `response-content-disposition` or `versionId`; a %NULL value makes a
 *   bare name (`uploads`)
 * @expires_in: how long the URL stays valid, in seconds (1 to 604800);
 *   botocore's default is 3600
 * @when: (nullable): the signing time, or %NULL for now
 * @error: return location for a #GError
 *
 * Makes a URL that lets anyone without credentials do one S3 request, for
 * @expires_in seconds, as botocore's `generate_presigned_url()` does: the
 * URL of gaws_s3_presign_build_request() with @query_params added, signed
 * by gaws_s3_presign_request(). Nothing is sent.
 *
 * Returns: (transfer full) (nullable): the URL, or %NULL with @error set
 */
char *
gaws_s3_generate_presigned_url (GawsCredentials        *credentials,
                                const char             *region,
                                const char             *endpoint_url,
                                GawsS3AddressingStyle   addressing_style,
                                const char             *method,
                                const char             *bucket,
                                const char             *key,
                                GHashTable             *query_params,
                                guint                   expires_in,
                                GDateTime              *when,
                                GError                **error)
{
  g_autoptr(GawsHttpRequest) request = NULL;

  g_return_val_if_fail (GAWS_IS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (method != NULL, NULL);

  request = gaws_s3_presign_build_request (method, region, endpoint_url, addressing_style,
                                           bucket, key, error);
  if (request == NULL)
    return NULL;
  if (query_params != NULL)
    add_query_params (request, query_params);
  return gaws_s3_presign_request (request, credentials, region, expires_in, when, error);
}

/* ---- presigned POST ----------------------------------------------------- */

/* Python's json.dumps() writes \u escapes in lower case and jansson in upper
 * case; lower them, so that a policy is byte for byte botocore's. */
static void
lower_unicode_escapes (char *json)
{
  for (char *p = json; *p != '\0'; p++)
    {
      if (*p != '\\')
        continue;
      p++;
      if (*p == 'u')
        for (int i = 1; i <= 4 && p[i] != '\0'; i++)
          p[i] = g_ascii_tolower (p[i]);
    }
}

/* The conditions the caller gave, as a JSON array of objects and arrays
 * (`[{"acl": "public-read"}, ["content-length-range", 1, 1048576]]`). */
static json_t *
parse_conditions (const char  *conditions_json,
                  GError     **error)
{
  json_error_t json_error;
  json_t *conditions;

  if (conditions_json == NULL)
    return json_array ();
  conditions = json_loads (conditions_json, JSON_REJECT_DUPLICATES, &json_error);
  if (conditions == NULL || !json_is_array (conditions))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "The conditions of a presigned POST must be a JSON array: %s",
                   conditions ? "not an array" : json_error.text);
      json_decref (conditions);
      return NULL;
    }
  return conditions;
}

static void
append_condition (json_t     *conditions,
                  const char *name,
                  const char *value)
{
  json_array_append_new (conditions, json_pack ("{ss}", name, value));
}

/* botocore's policy: the caller's conditions, then the bucket, the key (or
 * its prefix when the uploader picks the file name) and the signing
 * fields, each of which the form must carry with exactly that value. */
static char *
build_policy (json_t     *conditions,
              const char *expiration,
              const char *bucket,
              const char *key,
              const char *credential,
              const char *amz_date,
              const char *token)
{
  json_t *policy;
  char *text;

  append_condition (conditions, "bucket", bucket);
  if (g_str_has_suffix (key, FILENAME_SUFFIX))
    {
      g_autofree char *prefix = g_strndup (key, strlen (key) - strlen (FILENAME_SUFFIX));
      json_array_append_new (conditions, json_pack ("[sss]", "starts-with", "$key", prefix));
    }
  else
    append_condition (conditions, "key", key);
  append_condition (conditions, "x-amz-algorithm", ALGORITHM);
  append_condition (conditions, "x-amz-credential", credential);
  append_condition (conditions, "x-amz-date", amz_date);
  if (token != NULL)
    append_condition (conditions, "x-amz-security-token", token);

  policy = json_pack ("{s:s, s:O}", "expiration", expiration, "conditions", conditions);
  text = json_dumps (policy, JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
  json_decref (policy);
  lower_unicode_escapes (text);
  return text;
}

static gboolean
is_signing_field (const char *name)
{
  static const char *const names[] = {
    "key", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-security-token",
    "policy", "x-amz-signature",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      return TRUE;
  return FALSE;
}

static void
add_caller_fields (GawsS3PresignedPost *post,
                   GHashTable          *fields)
{
  g_autofree gpointer *names = NULL;
  guint n_names = 0;

  if (fields == NULL)
    return;
  names = g_hash_table_get_keys_as_array (fields, &n_names);
  qsort (names, n_names, sizeof (gpointer), compare_names);
  for (guint i = 0; i < n_names; i++)
    if (!is_signing_field (names[i]))
      gaws_s3_presigned_post_add_field (post, names[i], g_hash_table_lookup (fields, names[i]));
}

static gboolean
check_credentials (GawsCredentials  *credentials,
                   GError          **error)
{
  const char *id = gaws_credentials_get_access_key_id (credentials);
  const char *secret = gaws_credentials_get_secret_access_key (credentials);

  if (id == NULL || *id == '\0' || secret == NULL || *secret == '\0')
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_SIGNING,
                           "Cannot sign a POST policy without an access key id and a secret access key");
      return FALSE;
    }
  return TRUE;
}

static const char *
session_token (GawsCredentials *credentials)
{
  const char *token = gaws_credentials_get_session_token (credentials);
  return token != NULL && *token != '\0' ? token : NULL;
}

/* The time- and credential-dependent values of a POST policy. */
typedef struct {
  char       *date;        /* 20130524 */
  char       *amz_date;    /* 20130524T000000Z */
  char       *expiration;  /* 2013-05-24T01:00:00Z */
  char       *credential;  /* AKID/20130524/region/s3/aws4_request */
  const char *token;
} PostScope;

static void
post_scope_clear (PostScope *scope)
{
  g_clear_pointer (&scope->date, g_free);
  g_clear_pointer (&scope->amz_date, g_free);
  g_clear_pointer (&scope->expiration, g_free);
  g_clear_pointer (&scope->credential, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PostScope, post_scope_clear)

static void
post_scope_init (PostScope       *scope,
                 GawsCredentials *credentials,
                 const char      *region,
                 guint            expires_in,
                 GDateTime       *when)
{
  g_autoptr(GDateTime) now = when ? g_date_time_to_utc (when) : g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = g_date_time_add_seconds (now, expires_in);

  scope->date = g_date_time_format (now, "%Y%m%d");
  scope->amz_date = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  scope->expiration = g_date_time_format (expires, "%Y-%m-%dT%H:%M:%SZ");
  scope->credential = g_strdup_printf ("%s/%s/%s/s3/aws4_request",
                                       gaws_credentials_get_access_key_id (credentials), scope->date, region);
  scope->token = session_token (credentials);
}

/* The fields in botocore's order, ending with the policy and its signature. */
static GawsS3PresignedPost *
make_post (const char *url,
           const char *policy,
           const char *policy_base64,
           GHashTable *caller_fields,
           const char *key,
           PostScope  *scope,
           const char *signature)
{
  GawsS3PresignedPost *post = gaws_s3_presigned_post_new (url, policy);

  add_caller_fields (post, caller_fields);
  gaws_s3_presigned_post_add_field (post, "key", key);
  gaws_s3_presigned_post_add_field (post, "x-amz-algorithm", ALGORITHM);
  gaws_s3_presigned_post_add_field (post, "x-amz-credential", scope->credential);
  gaws_s3_presigned_post_add_field (post, "x-amz-date", scope->amz_date);
  if (scope->token != NULL)
    gaws_s3_presigned_post_add_field (post, "x-amz-security-token", scope->token);
  gaws_s3_presigned_post_add_field (post, "policy", policy_base64);
  gaws_s3_presigned_post_add_field (post, "x-amz-signature", signature);
  return post;
}

/**
 * gaws_s3_generate_presigned_post:
 * @credentials: the credentials to sign with
 * @region: the bucket's region
 * @endpoint_url: (nullable): the endpoint, or %NULL for AWS's own
 * @addressing_style: how to put the bucket in the URL
 * @bucket: the bucket to upload to
 * @key: the key of the object; a key ending in `${filename}` lets the
 *   uploader's file name complete it, and only its prefix is enforced
 * @fields: (nullable) (element-type utf8 utf8): form fields to add, such as
 *   `acl` or `Content-Type`; each needs a condition too
 * @conditions_json: (nullable): more conditions of the policy, as a JSON
 *   array, such as `[{"acl": "public-read"}, ["content-length-range", 1,
 *   1048576], ["starts-with", "$Content-Type", "image/"]]`
 * @expires_in: how long the policy stays valid, in seconds; botocore's
 *   default is 3600
 * @when: (nullable): the signing time, or %NULL for now
 * @error: return location for a #GError
 *
 * Makes what a browser form needs to upload one object straight to S3, as
 * botocore's `generate_presigned_post()` does: a policy document (its
 * expiration and conditions, to which the bucket, the key and the signing
 * fields are added), base64-encoded in the `policy` field and signed with
 * the SigV4 signing key in `x-amz-signature`. Nothing is sent.
 *
 * Returns: (transfer full) (nullable): the URL and fields, or %NULL with
 *   @error set (%GAWS_ERROR_INVALID_ARGUMENT for bad conditions or
 *   location, %GAWS_ERROR_SIGNING for unusable credentials)
 */
GawsS3PresignedPost *
gaws_s3_generate_presigned_post (GawsCredentials        *credentials,
                                 const char             *region,
                                 const char             *endpoint_url,
                                 GawsS3AddressingStyle   addressing_style,
                                 const char             *bucket,
                                 const char             *key,
                                 GHashTable             *fields,
                                 const char             *conditions_json,
                                 guint                   expires_in,
                                 GDateTime              *when,
                                 GError                **error)
{
  g_autoptr(GawsHttpRequest) request = NULL;
  g_autoptr(GawsSigv4Signer) signer = NULL;
  g_auto(PostScope) scope = { 0 };
  g_autofree char *url = NULL, *policy = NULL, *policy_base64 = NULL, *signature = NULL;
  json_t *conditions;

  g_return_val_if_fail (GAWS_IS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (bucket != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_credentials (credentials, error))
    return NULL;
  /* The form goes to the bucket, as botocore's CreateBucket URL. */
  request = gaws_s3_presign_build_request ("POST", region, endpoint_url, addressing_style, bucket, NULL, error);
  if (request == NULL)
    return NULL;
  conditions = parse_conditions (conditions_json, error);
  if (conditions == NULL)
    return NULL;

  post_scope_init (&scope, credentials, region, expires_in, when);
  policy = build_policy (conditions, scope.expiration, bucket, key, scope.credential, scope.amz_date, scope.token);
  json_decref (conditions);
  /* What is signed is the base64 text of the policy, with the SigV4
   * signing key of the day, region and service. */
  policy_base64 = g_base64_encode ((const guchar *) policy, strlen (policy));
  signer = gaws_sigv4_signer_new ();
  signature = gaws_sigv4_signer_sign_string (signer, credentials, scope.date, region, "s3", policy_base64);
  url = gaws_http_request_dup_url (request);
  return make_post (url, policy, policy_base64, fields, key, &scope, signature);
}
