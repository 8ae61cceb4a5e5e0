/* gaws-s3-customizations.c: what botocore does for S3 outside the model
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Private to libgaws: the operation layer calls these for S3 clients.
 */
#include "gaws-s3-customizations.h"

#include <string.h>

#include "gaws-endpoint-rules.h"
#include "gaws-error.h"
#include "gaws-error-private.h"
#include "gaws-http-request-private.h"
#include "gaws-operation.h"
#include "gaws-protocol-util.h"

/* Kept on a client, in one qdata entry (a RegionCache): the rule set,
 * compiled once per process (gaws_endpoint_rules_get_shared()); the
 * regions its buckets were found in, and the endpoints the rules gave for
 * them. One entry found by its quark, not a string key: it is looked up on
 * every request, and each look-up takes the qdata's bit lock. A request's
 * RequestState is its note (gaws-http-request-private.h), without a qdata
 * entry. */
#define REGIONS_KEY "gaws-s3-customizations-regions"
/* Resolved endpoints kept per client: one per bucket, region and
 * addressing; past this the cache starts again. */
#define MAX_CACHED_ENDPOINTS 256

typedef struct {
  GawsHttpRequest *url;              /* scheme, host, port and base path */
  char            *signing_region;   /* nullable */
} CachedEndpoint;

/* What the customizations note on a request, in one block with its
 * strings rather than a qdata entry and a copy each (every request has a
 * bucket and a path). */
typedef struct {
  char     *bucket;          /* nullable: the bucket of its path, in the block */
  char     *rest;            /* the path behind the bucket, in the block */
  char     *region;          /* nullable: the region it is signed for when not the client's */
  gboolean  encoding_auto;   /* `encoding-type=url` was added by us, not the caller */
  gboolean  redirected;
} RequestState;

/* A HeadBucket looking a bucket's region up, and the region it was told */
typedef struct {
  guint  users;
  char  *region;           /* nullable */
} LookupEntry;

typedef struct {
  GawsEndpointRules *rules;    /* set once (atomically), then never changed */
  GMutex          lock;
  GHashTable     *regions;
  GHashTable     *endpoints;   /* endpoint_key () → CachedEndpoint */
  GHashTable     *lookups;     /* bucket → LookupEntry */
  /* the entry of @endpoints found last, its key the table's: most clients
   * call one bucket after another, and a comparison of the key costs
   * less than its hash (some 400 instructions a request) */
  const char           *last_key;
  const CachedEndpoint *last_endpoint;
} RegionCache;

/**
 * gaws_s3_customizations_wanted:
 * @client: a #GawsClient
 *
 * Returns: whether @client is an S3 client
 */
gboolean
gaws_s3_customizations_wanted (GawsClient *client)
{
  return g_strcmp0 (gaws_client_get_service_info (client)->service_id, "S3") == 0;
}

static gboolean
op_is (const GawsOperationInfo *op,
       const char              *name)
{
  return g_strcmp0 (op->name, name) == 0;
}

static GQuark
quark (const char  *name,
       GQuark      *storage)
{
  if (G_UNLIKELY (*storage == 0))
    *storage = g_quark_from_static_string (name);
  return *storage;
}

static GQuark regions_quark;

#define REGIONS_QUARK (quark (REGIONS_KEY, &regions_quark))

static void
request_state_free (RequestState *state)
{
  g_free (state->region);
  g_free (state);
}

/* (nullable): what was noted on @request */
static RequestState *
peek_state (GawsHttpRequest *request)
{
  return gaws_http_request_get_note (request);
}

/* Notes @bucket and @rest on @request, keeping what was noted before. */
static RequestState *
note_state (GawsHttpRequest *request,
            const char      *bucket,
            const char      *rest,
            gboolean         encoding_auto)
{
  RequestState *old = peek_state (request);
  gsize bucket_size = bucket ? strlen (bucket) + 1 : 0;
  gsize rest_size = strlen (rest) + 1;
  RequestState *state = g_malloc0 (sizeof *state + rest_size + bucket_size);
  char *storage = (char *) (state + 1);

  state->rest = memcpy (storage, rest, rest_size);
  if (bucket != NULL)
    state->bucket = memcpy (storage + rest_size, bucket, bucket_size);
  state->encoding_auto = encoding_auto;
  if (old != NULL)
    {
      /* the signing region stays where the options point */
      state->region = g_steal_pointer (&old->region);
      state->encoding_auto |= old->encoding_auto;
      state->redirected = old->redirected;
    }
  gaws_http_request_set_note (request, state, (GDestroyNotify) request_state_free);
  return state;
}

/* (nullable): the bucket of @request */
static const char *
request_bucket (GawsHttpRequest *request)
{
  RequestState *state = peek_state (request);

  return state ? state->bucket : NULL;
}

/* ---- SSE-C keys (botocore's sse_md5 and copy_source_sse_md5) ---- */

static const char *const sse_md5_operations[] = {
  "HeadObject", "GetObject", "PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart",
  "UploadPartCopy", "CompleteMultipartUpload", "SelectObjectContent",
};

/* The caller gives the raw key; S3 wants it in base64, with the base64 of
 * its MD5 next to it. botocore does it whenever the key is given, even
 * with an MD5 of the caller's, and so does this. */
static void
encode_sse_key (GawsHttpHeaders *headers,
                const char      *header)
{
  const char *raw = gaws_http_headers_get_one (headers, header);
  g_autoptr(GChecksum) md5 = NULL;
  g_autofree char *md5_header = NULL;
  g_autofree char *md5_base64 = NULL;
  g_autofree char *key_base64 = NULL;
  guint8 digest[16];
  gsize digest_length = sizeof digest;

  if (raw == NULL)
    return;
  md5 = g_checksum_new (G_CHECKSUM_MD5);
  g_checksum_update (md5, (const guchar *) raw, strlen (raw));
  g_checksum_get_digest (md5, digest, &digest_length);
  md5_base64 = g_base64_encode (digest, digest_length);
  key_base64 = g_base64_encode ((const guchar *) raw, strlen (raw));
  md5_header = g_strconcat (header, "-MD5", NULL);
  gaws_http_headers_replace (headers, header, key_base64);
  gaws_http_headers_replace (headers, md5_header, md5_base64);
}

static void
encode_sse_keys (const GawsOperationInfo *op,
                 GawsHttpRequest         *request)
{
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);

  /* Most requests carry no key: one look at their few headers spares the
   * operation's name nine comparisons. */
  if (gaws_http_headers_get_one (headers, "x-amz-server-side-encryption-customer-key") == NULL &&
      gaws_http_headers_get_one (headers, "x-amz-copy-source-server-side-encryption-customer-key") == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (sse_md5_operations); i++)
    if (op_is (op, sse_md5_operations[i]))
      {
        encode_sse_key (headers, "x-amz-server-side-encryption-customer-key");
        if (op_is (op, "CopyObject") || op_is (op, "UploadPartCopy"))
          encode_sse_key (headers, "x-amz-copy-source-server-side-encryption-customer-key");
      }
}

/* ---- EncodingType=url for the listings (set_list_objects_encoding_type_url) ---- */

static gboolean
is_listing (const GawsOperationInfo *op)
{
  return op_is (op, "ListObjects") || op_is (op, "ListObjectsV2") || op_is (op, "ListObjectVersions");
}

/* Keys may hold bytes that XML 1.0 cannot carry: ask for them URL-encoded
 * unless the caller chose, and decode them in the output. Returns whether
 * it asked. */
static gboolean
ask_url_encoding (const GawsOperationInfo *op,
                  GawsHttpRequest         *request)
{
  static const char name[] = "encoding-type";
  const gsize name_length = sizeof name - 1;
  const char *param = gaws_http_request_get_query (request);

  if (!is_listing (op))
    return FALSE;
  /* each `&`-separated parameter, in place */
  while (param != NULL)
    {
      if (strncmp (param, name, name_length) == 0 &&
          (param[name_length] == '=' || param[name_length] == '&' || param[name_length] == '\0'))
        return FALSE;
      param = strchr (param, '&');
      param = param ? param + 1 : NULL;
    }
  gaws_http_request_add_query_param (request, "encoding-type", "url");
  return TRUE;
}

/* Decodes the string member @index (or -1) of @shape in place. */
static void
decode_member (GawsShape *shape,
               gint       index)
{
  g_autofree char *plain = NULL;
  g_autofree char *decoded = NULL;
  const char *text;

  if (index < 0 || !gaws_shape_is_set (shape, index))
    return;
  text = gaws_shape_get_string (shape, index);
  /* Without a '%' or a '+' the text is its own decoding: most keys. The
   * output is the deserializer's, nobody watches it yet. */
  if (text == NULL || strpbrk (text, "%+") == NULL)
    return;
  /* botocore's unquote_str is unquote_plus: S3 sends a space in a key as
   * '+' (and a '+' as %2B). A malformed escape stays as it came. */
  plain = g_strdup (text);
  g_strdelimit (plain, "+", ' ');
  decoded = g_uri_unescape_string (plain, NULL);
  gaws_shape_set_string (shape, index, decoded != NULL ? decoded : plain);
}

static void
decode_string (GawsShape  *shape,
               const char *member)
{
  decode_member (shape, gaws_shape_info_find_member (gaws_shape_get_info (shape), member));
}

/* @member of every item of @list: looked up once for items of one type */
static void
decode_list (GawsShape  *shape,
             const char *list,
             const char *member)
{
  gint index = gaws_shape_info_find_member (gaws_shape_get_info (shape), list);
  const GawsShapeInfo *item_info = NULL;
  gint item_index = -1;
  GPtrArray *items;

  if (index < 0 || !gaws_shape_is_set (shape, index))
    return;
  items = gaws_shape_get_list (shape, index);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      const GawsShapeInfo *info = gaws_shape_get_info (items->pdata[i]);

      if (info != item_info)
        {
          item_info = info;
          item_index = gaws_shape_info_find_member (info, member);
        }
      decode_member (items->pdata[i], item_index);
    }
}

/* botocore's decode_list_object, decode_list_object_v2 and
 * decode_list_object_versions: the members S3 encodes. */
static void
decode_listing (const GawsOperationInfo *op,
                GawsShape               *output)
{
  static const char *const v1[] = { "Delimiter", "Marker", "NextMarker", NULL };
  static const char *const v2[] = { "Delimiter", "Prefix", "StartAfter", NULL };
  static const char *const versions[] = { "KeyMarker", "NextKeyMarker", "Prefix", "Delimiter", NULL };
  const char *const *top = op_is (op, "ListObjects") ? v1 : op_is (op, "ListObjectsV2") ? v2 : versions;
  gint index = gaws_shape_info_find_member (gaws_shape_get_info (output), "EncodingType");

  if (index < 0 || g_strcmp0 (gaws_shape_get_string (output, index), "url") != 0)
    return;
  for (guint i = 0; top[i] != NULL; i++)
    decode_string (output, top[i]);
  decode_list (output, "CommonPrefixes", "Prefix");
  if (op_is (op, "ListObjectVersions"))
    {
      decode_list (output, "Versions", "Key");
      decode_list (output, "DeleteMarkers", "Key");
    }
  else
    decode_list (output, "Contents", "Key");
}

/* ---- virtual-hosted and path-style addressing ---- */

/* The rule set of @client, kept in its @cache once compiled: a failure
 * (reported in @error) is tried again on the next request. Two threads
 * that both compile it keep the first one's. */
static GawsEndpointRules *
client_rules (GawsClient   *client,
              RegionCache  *cache,
              GError      **error)
{
  GawsEndpointRules *rules = g_atomic_pointer_get (&cache->rules);
  const char *json;

  if (rules != NULL)
    return rules;
  json = gaws_client_get_service_info (client)->endpoint_rule_set_json;
  if (json == NULL || (rules = gaws_endpoint_rules_get_shared (json, error)) == NULL)
    return NULL;
  if (!g_atomic_pointer_compare_and_exchange (&cache->rules, NULL, rules))
    {
      gaws_endpoint_rules_unref (rules);
      rules = g_atomic_pointer_get (&cache->rules);
    }
  return rules;
}

/* The request's first path segment: the bucket the serializer put there,
 * in @buffer (of @size bytes) when it fits with nothing to unescape, as
 * S3's bucket names (at most 63 bytes) do; else in @heap. */
static const char *
path_bucket (GawsHttpRequest  *request,
             const char      **rest,
             char             *buffer,
             gsize             size,
             char            **heap)
{
  const char *path = gaws_http_request_get_path (request);
  const char *end;
  gsize length;

  if (path == NULL || path[0] != '/' || path[1] == '\0' || path[1] == '/')
    return NULL;
  end = strchr (path + 1, '/');
  if (end == NULL)
    end = path + strlen (path);
  *rest = end;
  length = (gsize) (end - (path + 1));
  if (memchr (path + 1, '%', length) != NULL)
    return *heap = g_uri_unescape_segment (path + 1, end, NULL);
  if (length >= size)
    return *heap = g_strndup (path + 1, length);
  memcpy (buffer, path + 1, length);
  buffer[length] = '\0';
  return buffer;
}

/* botocore's compute_endpoint_resolver_builtin_defaults: with a custom
 * endpoint URL only `virtual` asks for virtual hosts; else only `path`
 * forces paths. customize_endpoint_resolver_builtins: GetBucketLocation
 * always goes by path, since the bucket's region is what it asks. */
static gboolean
force_path_style (const GawsOperationInfo  *op,
                  const GawsResolvedConfig *settings)
{
  if (op_is (op, "GetBucketLocation"))
    return TRUE;
  if (settings->endpoint_url != NULL)
    return settings->s3_addressing_style != GAWS_S3_ADDRESSING_STYLE_VIRTUAL;
  return settings->s3_addressing_style == GAWS_S3_ADDRESSING_STYLE_PATH;
}

static json_t *
endpoint_builtins (const GawsResolvedConfig *settings,
                   gboolean                  path_style)
{
  json_t *builtins = json_pack ("{s:b, s:b, s:b, s:b, s:b}", "AWS::UseFIPS", FALSE,
                                "AWS::UseDualStack", FALSE, "AWS::S3::ForcePathStyle", path_style,
                                "AWS::S3::Accelerate", FALSE, "AWS::S3::UseGlobalEndpoint", FALSE);

  if (settings->region != NULL)
    json_object_set_new (builtins, "AWS::Region", json_string (settings->region));
  if (settings->endpoint_url != NULL)
    json_object_set_new (builtins, "SDK::Endpoint", json_string (settings->endpoint_url));
  return builtins;
}

static void
cached_endpoint_free (CachedEndpoint *endpoint)
{
  g_object_unref (endpoint->url);
  g_free (endpoint->signing_region);
  g_free (endpoint);
}

static void
lookup_entry_free (LookupEntry *entry)
{
  g_free (entry->region);
  g_free (entry);
}

static void
region_cache_free (RegionCache *cache)
{
  g_clear_pointer (&cache->rules, gaws_endpoint_rules_unref);
  g_mutex_clear (&cache->lock);
  g_hash_table_unref (cache->regions);
  g_hash_table_unref (cache->endpoints);
  g_hash_table_unref (cache->lookups);
  g_free (cache);
}

/* Made once per client, under a lock: every request after that finds it
 * without one, and without G_OBJECT()'s type check (a client is one). */
static RegionCache *
client_region_cache (GawsClient *client)
{
  static GMutex create_lock;
  RegionCache *cache = g_object_get_qdata ((GObject *) client, REGIONS_QUARK);

  if (cache != NULL)
    return cache;
  g_mutex_lock (&create_lock);
  cache = g_object_get_qdata (G_OBJECT (client), REGIONS_QUARK);
  if (cache == NULL)
    {
      cache = g_new0 (RegionCache, 1);
      g_mutex_init (&cache->lock);
      cache->regions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      cache->endpoints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) cached_endpoint_free);
      cache->lookups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) lookup_entry_free);
      g_object_set_qdata_full (G_OBJECT (client), REGIONS_QUARK, cache, (GDestroyNotify) region_cache_free);
    }
  g_mutex_unlock (&create_lock);
  return cache;
}

/* botocore's S3RegionRedirectorv2 cache: (transfer full) the region a
 * redirect told for @bucket, or %NULL */
static char *
cached_region (RegionCache *cache,
               const char  *bucket)
{
  char *region = NULL;

  g_mutex_lock (&cache->lock);
  /* most clients are never redirected: no hash of the bucket then */
  if (g_hash_table_size (cache->regions) > 0)
    region = g_strdup (g_hash_table_lookup (cache->regions, bucket));
  g_mutex_unlock (&cache->lock);
  return region;
}

static void
cache_region (GawsClient *client,
              const char *bucket,
              const char *region)
{
  RegionCache *cache = client_region_cache (client);

  g_mutex_lock (&cache->lock);
  g_hash_table_replace (cache->regions, g_strdup (bucket), g_strdup (region));
  g_mutex_unlock (&cache->lock);
}

/* What the rules' result depends on besides the client: the bucket, the
 * region told by a redirect, and the built-ins. The key is in @buffer (of
 * @size bytes) when it fits, else in @heap: the parts joined by newlines,
 * as g_strjoin() would, without an allocation for each request. */
static const char *
endpoint_key (char                     *buffer,
              gsize                     size,
              char                    **heap,
              const char               *bucket,
              const char               *region,
              const GawsResolvedConfig *settings,
              gboolean                  path_style)
{
  const char *parts[] = {
    path_style ? "p" : "v", region ? region : "", settings->region ? settings->region : "",
    settings->endpoint_url ? settings->endpoint_url : "", bucket,
  };
  gsize lengths[G_N_ELEMENTS (parts)];
  gsize total = 0;
  char *key, *p;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    total += (lengths[i] = strlen (parts[i])) + 1;
  key = p = total <= size ? buffer : (*heap = g_malloc (total));
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      memcpy (p, parts[i], lengths[i]);
      p += lengths[i];
      *p++ = '\n';
    }
  p[-1] = '\0';
  return key;
}

static void
store_endpoint (RegionCache          *cache,
                const char           *key,
                const CachedEndpoint *endpoint)
{
  CachedEndpoint *copy = g_new (CachedEndpoint, 1);

  copy->url = g_object_ref (endpoint->url);
  copy->signing_region = g_strdup (endpoint->signing_region);
  g_mutex_lock (&cache->lock);
  /* what is removed or replaced may be the last found */
  cache->last_key = NULL;
  cache->last_endpoint = NULL;
  if (g_hash_table_size (cache->endpoints) >= MAX_CACHED_ENDPOINTS)
    g_hash_table_remove_all (cache->endpoints);
  g_hash_table_replace (cache->endpoints, g_strdup (key), copy);
  g_mutex_unlock (&cache->lock);
}

/* The rules evaluated for @bucket: (transfer full) its endpoint, or %NULL */
static CachedEndpoint *
evaluate_endpoint (GawsEndpointRules        *rules,
                   const char               *bucket,
                   const char               *region,
                   const GawsResolvedConfig *settings,
                   gboolean                  path_style,
                   GError                  **error)
{
  g_autoptr(GawsEndpoint) endpoint = NULL;
  GawsHttpRequest *url;
  CachedEndpoint *result;
  json_t *builtins, *params;

  builtins = endpoint_builtins (settings, path_style);
  if (region != NULL)
    json_object_set_new (builtins, "AWS::Region", json_string (region));
  params = json_pack ("{s:s}", "Bucket", bucket);
  endpoint = gaws_endpoint_rules_evaluate (rules, builtins, params, error);
  json_decref (builtins);
  json_decref (params);
  if (endpoint == NULL)
    return NULL;
  url = gaws_http_request_new_for_url ("GET", gaws_endpoint_get_url (endpoint), error);
  if (url == NULL)
    return NULL;
  result = g_new (CachedEndpoint, 1);
  result->url = url;
  result->signing_region = g_strdup (gaws_endpoint_get_signing_region (endpoint));
  return result;
}

/* Puts @endpoint's scheme, host, port and base path on @request, and
 * @endpoint's signing region (or @region) in @options when @region is
 * given: a redirect told it. */
static void
address_request (GawsHttpRequest      *request,
                 RequestState         *state,
                 const CachedEndpoint *endpoint,
                 const char           *region,
                 GawsRequestOptions   *options)
{
  const char *base = gaws_http_request_get_path (endpoint->url);

  if (base == NULL || g_str_equal (base, "/"))
    base = "";
  gaws_http_request_set_scheme (request, gaws_http_request_get_scheme (endpoint->url));
  gaws_http_request_set_host (request, gaws_http_request_get_host (endpoint->url));
  gaws_http_request_set_port (request, gaws_http_request_get_port (endpoint->url));
  if (base[0] == '\0')
    gaws_http_request_set_path (request, state->rest[0] ? state->rest : "/");
  else
    {
      /* the base path (path style's `/bucket`) and the rest, joined on
       * the stack when they fit: the request copies the path */
      gsize base_length = strlen (base), rest_length = strlen (state->rest);
      char buffer[256];
      g_autofree char *heap = NULL;
      char *path = base_length + rest_length < sizeof buffer ? buffer
                   : (heap = g_malloc (base_length + rest_length + 1));

      memcpy (path, base, base_length);
      memcpy (path + base_length, state->rest, rest_length + 1);
      gaws_http_request_set_path (request, path);
    }
  if (region != NULL)
    {
      const char *signing = endpoint->signing_region;
      char *old = state->region;

      state->region = g_strdup (signing ? signing : region);
      options->signing_region = state->region;
      g_free (old);
    }
}

/* address_request() with the cached endpoint for @key: FALSE when there
 * is none. The request is addressed under the cache's lock, which spares
 * a copy of the endpoint. */
static gboolean
address_cached (RegionCache        *cache,
                const char         *key,
                GawsHttpRequest    *request,
                RequestState       *state,
                const char         *region,
                GawsRequestOptions *options)
{
  const CachedEndpoint *found = NULL;
  gpointer found_key, found_value;

  g_mutex_lock (&cache->lock);
  if (cache->last_key != NULL && strcmp (cache->last_key, key) == 0)
    found = cache->last_endpoint;
  else if (g_hash_table_lookup_extended (cache->endpoints, key, &found_key, &found_value))
    {
      found = found_value;
      cache->last_key = found_key;
      cache->last_endpoint = found;
    }
  if (found != NULL)
    address_request (request, state, found, region, options);
  g_mutex_unlock (&cache->lock);
  return found != NULL;
}

/* The endpoint rules name the bucket's host and path (what botocore does
 * once it removed `/{Bucket}` from the request URIs): the request keeps
 * the rest of its path behind the endpoint's. The client then leaves the
 * host as set here, and signs for @region when it is not its own. The
 * result depends only on the bucket, @region and the settings, so it is
 * kept per client, as botocore's resolver caches it. */
static gboolean
apply_endpoint (GawsClient               *client,
                RegionCache              *cache,
                const GawsOperationInfo  *op,
                const GawsResolvedConfig *settings,
                GawsHttpRequest          *request,
                const char               *region,
                GawsRequestOptions       *options,
                GError                  **error)
{
  RequestState *state = peek_state (request);
  GawsEndpointRules *rules = client_rules (client, cache, error);
  gboolean path_style = force_path_style (op, settings);
  char key_buffer[256];
  g_autofree char *heap_key = NULL;
  const char *key;
  CachedEndpoint *endpoint;

  if (rules == NULL)
    return error == NULL || *error == NULL;
  key = endpoint_key (key_buffer, sizeof key_buffer, &heap_key, state->bucket, region, settings, path_style);
  if (address_cached (cache, key, request, state, region, options))
    return TRUE;
  endpoint = evaluate_endpoint (rules, state->bucket, region, settings, path_style, error);
  if (endpoint == NULL)
    return FALSE;
  store_endpoint (cache, key, endpoint);
  address_request (request, state, endpoint, region, options);
  cached_endpoint_free (endpoint);
  return TRUE;
}

/* Addresses the bucket of @request, in the region a redirect told of
 * before, if any; notes @encoding_auto with it. */
static gboolean
address_bucket (GawsClient               *client,
                const GawsOperationInfo  *op,
                const GawsResolvedConfig *settings,
                GawsHttpRequest          *request,
                GawsRequestOptions       *options,
                gboolean                  encoding_auto,
                GError                  **error)
{
  gint index = op->input ? gaws_shape_info_find_member (op->input, "Bucket") : -1;
  const char *rest = NULL;
  char bucket_buffer[64];
  g_autofree char *heap_bucket = NULL;
  const char *bucket = NULL;
  g_autofree char *region = NULL;
  RequestState *state;
  RegionCache *cache;

  if (index < 0 || op->input->members[index].location != GAWS_LOCATION_URI ||
      gaws_http_request_get_host (request) != NULL ||
      (bucket = path_bucket (request, &rest, bucket_buffer, sizeof bucket_buffer, &heap_bucket)) == NULL)
    {
      if (encoding_auto && (state = peek_state (request)) != NULL)
        state->encoding_auto = TRUE;
      else if (encoding_auto)
        note_state (request, NULL, "", TRUE);
      return TRUE;
    }
  cache = client_region_cache (client);
  region = cached_region (cache, bucket);
  note_state (request, bucket, rest, encoding_auto);
  return apply_endpoint (client, cache, op, settings, request, region, options, error);
}

/* ---- region redirects (botocore's S3RegionRedirectorv2) ---- */

static char *
xml_text (GBytes     *body,
          const char *element)
{
  g_autofree char *open = g_strdup_printf ("<%s>", element);
  g_autofree char *close = g_strdup_printf ("</%s>", element);
  g_autofree char *text = body ? g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body)) : NULL;
  const char *start = text ? strstr (text, open) : NULL;
  const char *end = start ? strstr (start, close) : NULL;

  if (end == NULL)
    return NULL;
  start += strlen (open);
  return g_strndup (start, end - start);
}

/* Whether @error says the bucket lives in another region, as botocore's
 * redirect_from_error tells it. */
static gboolean
is_redirect (const GawsOperationInfo *op,
             const GError            *error,
             GawsHttpResponse        *response,
             const char              *region_in_body)
{
  const char *code = gaws_error_get_code (error);
  guint status = gaws_http_response_get_status (response);
  gboolean head_object = op_is (op, "HeadObject") && (status == 301 || status == 400);
  gboolean head_bucket = op_is (op, "HeadBucket") && (status == 301 || status == 400) &&
                         gaws_http_headers_get_one (gaws_http_response_get_headers (response),
                                                    "x-amz-bucket-region") != NULL;

  return head_object || head_bucket || status == 301 || status == 302 || status == 307 ||
         g_strcmp0 (code, "PermanentRedirect") == 0 ||
         (g_strcmp0 (code, "AuthorizationHeaderMalformed") == 0 && region_in_body != NULL) ||
         (g_strcmp0 (code, "IllegalLocationConstraintException") == 0 && !op_is (op, "CreateBucket"));
}

/* Reads the response riding in @error: whether it is a redirect, and the
 * region it names in its `x-amz-bucket-region` header or its error body
 * (botocore's get_bucket_region before it heads the bucket). FALSE when
 * @error has no response. */
static gboolean
read_redirect (const GawsOperationInfo  *op,
               const GError             *error,
               gboolean                 *redirect,
               char                    **region)
{
  /* The response rides in the error for read_modelled_error(): give it
   * back as found. */
  g_autoptr(GawsHttpResponse) response = gaws_error_steal_response ((GError *) error);
  g_autofree char *in_body = NULL;

  if (response == NULL)
    return FALSE;
  in_body = xml_text (gaws_http_response_get_body (response), "Region");
  *redirect = is_redirect (op, error, response, in_body);
  *region = g_strdup (gaws_http_headers_get_one (gaws_http_response_get_headers (response), "x-amz-bucket-region"));
  if (*region == NULL)
    *region = g_steal_pointer (&in_body);
  gaws_error_set_response ((GError *) error, response);
  return TRUE;
}

/* The lookups under way: a HeadBucket that fails still names the region
 * in its header, but the error it ends with has lost its response, so
 * the header is noted here on the way, for the lookup to take. */
static void
begin_lookup (GawsClient *client,
              const char *bucket)
{
  RegionCache *cache = client_region_cache (client);
  LookupEntry *entry;

  g_mutex_lock (&cache->lock);
  entry = g_hash_table_lookup (cache->lookups, bucket);
  if (entry == NULL)
    {
      entry = g_new0 (LookupEntry, 1);
      g_hash_table_insert (cache->lookups, g_strdup (bucket), entry);
    }
  entry->users++;
  g_mutex_unlock (&cache->lock);
}

static void
note_lookup_region (GawsClient *client,
                    const char *bucket,
                    const char *region)
{
  RegionCache *cache = client_region_cache (client);
  LookupEntry *entry;

  g_mutex_lock (&cache->lock);
  entry = g_hash_table_lookup (cache->lookups, bucket);
  if (entry != NULL)
    {
      g_free (entry->region);
      entry->region = g_strdup (region);
    }
  g_mutex_unlock (&cache->lock);
}

/* (transfer full) the region HeadBucket found for @bucket: its output's
 * BucketRegion, else the header of its error, else %NULL */
static char *
end_lookup (GawsClient *client,
            const char *bucket,
            GawsShape  *output)
{
  RegionCache *cache = client_region_cache (client);
  gint index = output ? gaws_shape_info_find_member (gaws_shape_get_info (output), "BucketRegion") : -1;
  LookupEntry *entry;
  char *region = NULL;

  if (index >= 0 && gaws_shape_is_set (output, index))
    region = g_strdup (gaws_shape_get_string (output, index));
  g_mutex_lock (&cache->lock);
  entry = g_hash_table_lookup (cache->lookups, bucket);
  if (region == NULL)
    region = g_strdup (entry->region);
  if (--entry->users == 0)
    g_hash_table_remove (cache->lookups, bucket);
  g_mutex_unlock (&cache->lock);
  return region;
}

/* Remembers @region for the bucket of @request and readdresses @request
 * to it, once; not when it is the region already signed for, nor a
 * request whose body stream the first send consumed (then the error
 * stands, and the next call goes to the right region). Returns whether
 * @request is to be sent again. */
static gboolean
redirect_to (GawsClient              *client,
             const GawsOperationInfo *op,
             GawsHttpRequest         *request,
             GawsRequestOptions      *options,
             const char              *region)
{
  const char *bucket = request_bucket (request);
  const GawsResolvedConfig *settings;

  if (g_strcmp0 (region, options->signing_region) == 0 ||
      (options->signing_region == NULL && g_strcmp0 (region, gaws_client_get_region (client)) == 0))
    return FALSE;
  cache_region (client, bucket, region);
  if (gaws_http_request_get_body_stream (request) != NULL)
    return FALSE;
  settings = gaws_protocol_client_settings_peek (client, NULL);
  if (settings == NULL ||
      !apply_endpoint (client, client_region_cache (client), op, settings, request, region, options, NULL))
    return FALSE;
  g_debug ("%s: bucket %s is in %s; sending there", op->name, bucket, region);
  peek_state (request)->redirected = TRUE;
  return TRUE;
}

/**
 * gaws_s3_customizations_redirect:
 * @client: an S3 #GawsClient
 * @op: the operation
 * @request: the request that failed, as prepared by
 *   gaws_s3_customizations_prepare_request()
 * @options: its options
 * @error: the error it failed with, its response still in it
 *
 * When @error says that the bucket is in another region (a 301
 * `PermanentRedirect`, a 400 `AuthorizationHeaderMalformed` naming the
 * region, the `x-amz-bucket-region` header, ...) and names the region,
 * remembers the bucket's region for the client's later requests and
 * readdresses @request to it, once, as botocore does; not a request whose
 * body stream the first send consumed. A redirect that names no region
 * asks for gaws_s3_customizations_lookup_region_async(), except from
 * HeadBucket, which is what looks regions up.
 *
 * Returns: what to do with @request
 */
GawsS3CustomizationsRedirect
gaws_s3_customizations_redirect (GawsClient              *client,
                                 const GawsOperationInfo *op,
                                 GawsHttpRequest         *request,
                                 GawsRequestOptions      *options,
                                 const GError            *error)
{
  const char *bucket = request_bucket (request);
  g_autofree char *region = NULL;
  gboolean redirect;

  if (bucket == NULL || error->domain != GAWS_ERROR || !read_redirect (op, error, &redirect, &region))
    return GAWS_S3_CUSTOMIZATIONS_REDIRECT_NONE;
  if (region != NULL && op_is (op, "HeadBucket"))
    note_lookup_region (client, bucket, region);
  if (!redirect || peek_state (request)->redirected)
    return GAWS_S3_CUSTOMIZATIONS_REDIRECT_NONE;
  /* HeadBucket is what looks regions up: never for itself (no loops) */
  if (region == NULL && op_is (op, "HeadBucket"))
    return GAWS_S3_CUSTOMIZATIONS_REDIRECT_NONE;
  if (region == NULL)
    return GAWS_S3_CUSTOMIZATIONS_REDIRECT_LOOK_UP;
  if (!redirect_to (client, op, request, options, region))
    return GAWS_S3_CUSTOMIZATIONS_REDIRECT_NONE;
  return GAWS_S3_CUSTOMIZATIONS_REDIRECT_RESEND;
}

static GawsShape *
head_bucket_input (const GawsOperationInfo *head_bucket,
                   const char              *bucket)
{
  GawsShape *input = gaws_shape_new (head_bucket->input);

  gaws_shape_set_string (input, gaws_shape_info_find_member (head_bucket->input, "Bucket"), bucket);
  return input;
}

typedef struct {
  const GawsOperationInfo *op;
  GawsHttpRequest         *request;
  GawsRequestOptions      *options;
  GError                  *error;     /* the redirect, given back when no region is found */
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_object_unref (lookup->request);
  g_clear_error (&lookup->error);
  g_free (lookup);
}

static void
on_head_bucket (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  const char *bucket = request_bucket (lookup->request);
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) output = gaws_operation_invoke_finish (GAWS_CLIENT (source), result, &error);
  g_autofree char *region = end_lookup (GAWS_CLIENT (source), bucket, output);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (region != NULL && redirect_to (GAWS_CLIENT (source), lookup->op, lookup->request, lookup->options, region))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&lookup->error));
}

/**
 * gaws_s3_customizations_lookup_region_async:
 * @client: an S3 #GawsClient
 * @op: the operation
 * @request: the request that failed
 * @options: its options, which must outlive the call
 * @error: (transfer full): the redirect it failed with, which named no
 *   region
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the lookup is done
 * @user_data: data for @callback
 *
 * botocore's get_bucket_region when the redirect names no region: calls
 * HeadBucket on the bucket, whose `x-amz-bucket-region` header (of a
 * success or an error) names it, then readdresses @request there as
 * gaws_s3_customizations_redirect() does.
 */
void
gaws_s3_customizations_lookup_region_async (GawsClient              *client,
                                            const GawsOperationInfo *op,
                                            GawsHttpRequest         *request,
                                            GawsRequestOptions      *options,
                                            GError                  *error,
                                            GCancellable            *cancellable,
                                            GAsyncReadyCallback      callback,
                                            gpointer                 user_data)
{
  g_autoptr(GTask) task = g_task_new (client, cancellable, callback, user_data);
  const GawsOperationInfo *head_bucket = gaws_service_info_find_operation (op->service, "HeadBucket");
  const char *bucket = request_bucket (request);
  g_autoptr(GawsShape) input = NULL;
  Lookup *lookup = g_new0 (Lookup, 1);

  g_task_set_source_tag (task, gaws_s3_customizations_lookup_region_async);
  lookup->op = op;
  lookup->request = g_object_ref (request);
  lookup->options = options;
  lookup->error = error;
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);
  if (head_bucket == NULL || bucket == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&lookup->error));
      return;
    }
  g_debug ("%s: bucket %s is elsewhere; asking HeadBucket where", op->name, bucket);
  input = head_bucket_input (head_bucket, bucket);
  begin_lookup (client, bucket);
  gaws_operation_invoke_async (client, head_bucket, input, cancellable, on_head_bucket, g_steal_pointer (&task));
}

/**
 * gaws_s3_customizations_lookup_region_finish:
 * @client: the #GawsClient
 * @result: the #GAsyncResult
 * @error: return location for the redirect when no other region was found
 *   (its response still in it), or for %G_IO_ERROR_CANCELLED
 *
 * Returns: whether the request was readdressed, to be sent again
 */
gboolean
gaws_s3_customizations_lookup_region_finish (GawsClient    *client,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The blocking lookup: (transfer full) the region, or %NULL */
static char *
lookup_region_sync (GawsClient              *client,
                    const GawsOperationInfo *op,
                    const char              *bucket,
                    GCancellable            *cancellable)
{
  const GawsOperationInfo *head_bucket = gaws_service_info_find_operation (op->service, "HeadBucket");
  g_autoptr(GawsShape) input = NULL;
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;

  if (head_bucket == NULL)
    return NULL;
  g_debug ("%s: bucket %s is elsewhere; asking HeadBucket where", op->name, bucket);
  input = head_bucket_input (head_bucket, bucket);
  begin_lookup (client, bucket);
  output = gaws_operation_invoke_sync (client, head_bucket, input, cancellable, &error);
  return end_lookup (client, bucket, output);
}

/**
 * gaws_s3_customizations_redirect_sync:
 * @client: an S3 #GawsClient
 * @op: the operation
 * @request: the request that failed
 * @options: its options
 * @cancellable: (nullable): a #GCancellable
 * @error: (inout): the error @request failed with; replaced by
 *   %G_IO_ERROR_CANCELLED when the lookup of the region is cancelled
 *
 * gaws_s3_customizations_redirect() that looks the region up, blocking,
 * when the redirect names none.
 *
 * Returns: whether @request is to be sent again
 */
gboolean
gaws_s3_customizations_redirect_sync (GawsClient              *client,
                                      const GawsOperationInfo *op,
                                      GawsHttpRequest         *request,
                                      GawsRequestOptions      *options,
                                      GCancellable            *cancellable,
                                      GError                 **error)
{
  const char *bucket = request_bucket (request);
  g_autofree char *region = NULL;

  switch (gaws_s3_customizations_redirect (client, op, request, options, *error))
    {
    case GAWS_S3_CUSTOMIZATIONS_REDIRECT_RESEND:
      return TRUE;
    case GAWS_S3_CUSTOMIZATIONS_REDIRECT_LOOK_UP:
      region = lookup_region_sync (client, op, bucket, cancellable);
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_clear_error (error);
          g_cancellable_set_error_if_cancelled (cancellable, error);
          return FALSE;
        }
      return region != NULL && redirect_to (client, op, request, options, region);
    case GAWS_S3_CUSTOMIZATIONS_REDIRECT_NONE:
    default:
      return FALSE;
    }
}

/* ---- the entry points ---- */

/**
 * gaws_s3_customizations_prepare_request:
 * @client: an S3 #GawsClient whose session is loaded
 * @op: the operation
 * @request: its serialized request, changed in place
 * @options: its options; the signing region is set when a redirect told
 *   the bucket's region before
 * @error: return location for a #GError
 *
 * SSE-C key headers, `encoding-type=url` for the listings, and the
 * bucket's host and path by the addressing style.
 *
 * Returns: %TRUE on success
 */
gboolean
gaws_s3_customizations_prepare_request (GawsClient              *client,
                                        const GawsOperationInfo *op,
                                        GawsHttpRequest         *request,
                                        GawsRequestOptions      *options,
                                        GError                 **error)
{
  const GawsResolvedConfig *settings;

  settings = gaws_protocol_client_settings_peek (client, error);
  if (settings == NULL)
    return FALSE;
  encode_sse_keys (op, request);
  return address_bucket (client, op, settings, request, options, ask_url_encoding (op, request), error);
}

/**
 * gaws_s3_customizations_prepare_request_sync:
 * @client: an S3 #GawsClient
 * @op: the operation
 * @request: its serialized request, changed in place
 * @options: its options
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_s3_customizations_prepare_request() that loads the session first
 * when it is not, blocking.
 *
 * Returns: %TRUE on success
 */
gboolean
gaws_s3_customizations_prepare_request_sync (GawsClient              *client,
                                             const GawsOperationInfo *op,
                                             GawsHttpRequest         *request,
                                             GawsRequestOptions      *options,
                                             GCancellable            *cancellable,
                                             GError                 **error)
{
  GawsSession *session = gaws_client_get_session (client);

  if (session != NULL && !gaws_session_is_loaded (session) &&
      !gaws_session_load_sync (session, cancellable, error))
    return FALSE;
  return gaws_s3_customizations_prepare_request (client, op, request, options, error);
}

/* botocore's handle_expires_header: an `Expires` that is no date is
 * dropped rather than failing the call (the model here has no
 * `ExpiresString` to keep it in). */
static void
drop_bad_expires (const GawsOperationInfo *op,
                  GawsHttpResponse        *response)
{
  GawsHttpHeaders *headers = gaws_http_response_get_headers (response);
  const char *text = gaws_http_headers_get_one (headers, "Expires");
  gint index;
  g_autoptr(GDateTime) parsed = NULL;

  /* most responses have no Expires: the member is not looked for */
  if (text == NULL)
    return;
  index = op->output ? gaws_shape_info_find_member (op->output, "Expires") : -1;
  if (index < 0 || op->output->members[index].location != GAWS_LOCATION_HEADER ||
      g_ascii_strcasecmp (gaws_member_info_get_wire_name (&op->output->members[index]), "Expires") != 0)
    return;
  parsed = gaws_protocol_parse_timestamp (text, NULL);
  if (parsed != NULL)
    return;
  g_debug ("%s: the Expires header “%s” is not a date; left out", op->name, text);
  gaws_http_headers_remove (headers, "Expires");
}

/**
 * gaws_s3_customizations_fix_response:
 * @op: the operation
 * @response: its successful response, before it is read
 *
 * Mends what S3 sends that the model cannot read.
 */
void
gaws_s3_customizations_fix_response (const GawsOperationInfo *op,
                                     GawsHttpResponse        *response)
{
  drop_bad_expires (op, response);
}

/* botocore's parse_get_bucket_location: the body is one element, whose
 * text is the region, which the model cannot describe. */
static void
read_bucket_location (GawsHttpResponse *response,
                      GawsShape        *output)
{
  GBytes *body = gaws_http_response_get_body (response);
  g_autofree char *text = body ? g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body)) : NULL;
  const char *start = text ? strstr (text, "<LocationConstraint") : NULL;
  const char *end;
  gint index = gaws_shape_info_find_member (gaws_shape_get_info (output), "LocationConstraint");
  g_autofree char *region = NULL;

  if (start == NULL || index < 0 || (start = strchr (start, '>')) == NULL || start[-1] == '/' ||
      (end = strchr (++start, '<')) == NULL)
    return;
  region = g_strstrip (g_strndup (start, end - start));
  if (region[0] != '\0')
    gaws_shape_set_string (output, index, region);
}

/**
 * gaws_s3_customizations_fix_output:
 * @op: the operation
 * @request: the request sent
 * @response: its response
 * @output: (nullable): the output read from @response
 *
 * Decodes the keys of a listing whose URL encoding was asked for by
 * gaws_s3_customizations_prepare_request(), not by the caller, and reads
 * GetBucketLocation's region.
 */
void
gaws_s3_customizations_fix_output (const GawsOperationInfo *op,
                                   GawsHttpRequest         *request,
                                   GawsHttpResponse        *response,
                                   GawsShape               *output)
{
  if (output == NULL)
    return;
  if (is_listing (op) && peek_state (request) != NULL && peek_state (request)->encoding_auto)
    decode_listing (op, output);
  if (op_is (op, "GetBucketLocation"))
    read_bucket_location (response, output);
}
