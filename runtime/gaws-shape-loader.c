/* gaws-shape-loader.c: descriptor tables built at run time from a model
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-shape-loader.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>
#include "gaws-error.h"

/* The same tables gaws-codegen writes as static const data, built on the
 * heap from a service-2.json: for dynamic clients, and for the protocol
 * tests, whose models come with the test cases. Everything hangs off one
 * allocation record so that gaws_service_info_free() can release it. */

typedef struct {
  GawsServiceInfo  info;       /* first: the public pointer is to this */
  GStringChunk    *strings;
  GPtrArray       *blocks;
  GHashTable      *shape_index;
} LoadedService;

typedef struct {
  LoadedService *loaded;
  json_t        *shapes;
} Loader;

static gpointer
loader_alloc (Loader *loader,
              gsize   n,
              gsize   size)
{
  gpointer block = g_malloc0_n (MAX (n, 1), size);

  g_ptr_array_add (loader->loaded->blocks, block);
  return block;
}

static const char *
loader_string (Loader     *loader,
               json_t     *object,
               const char *key)
{
  json_t *value = json_object_get (object, key);

  if (!json_is_string (value))
    return NULL;
  return g_string_chunk_insert_const (loader->loaded->strings, json_string_value (value));
}

static gboolean
json_flag (json_t     *object,
           const char *key)
{
  return json_is_true (json_object_get (object, key));
}

static const struct {
  const char    *name;
  GawsShapeKind  kind;
} kinds[] = {
  { "structure", GAWS_SHAPE_KIND_STRUCTURE },
  { "list", GAWS_SHAPE_KIND_LIST },
  { "map", GAWS_SHAPE_KIND_MAP },
  { "string", GAWS_SHAPE_KIND_STRING },
  { "integer", GAWS_SHAPE_KIND_INTEGER },
  { "long", GAWS_SHAPE_KIND_LONG },
  { "boolean", GAWS_SHAPE_KIND_BOOLEAN },
  { "float", GAWS_SHAPE_KIND_FLOAT },
  { "double", GAWS_SHAPE_KIND_DOUBLE },
  { "timestamp", GAWS_SHAPE_KIND_TIMESTAMP },
  { "blob", GAWS_SHAPE_KIND_BLOB },
  /* Not distinguishable from long in the values AWS models hold. */
  { "bigInteger", GAWS_SHAPE_KIND_LONG },
  { "bigDecimal", GAWS_SHAPE_KIND_DOUBLE },
};

static gboolean
parse_kind (json_t         *shape,
            GawsShapeKind  *kind)
{
  const char *type = json_string_value (json_object_get (shape, "type"));

  for (gsize i = 0; type != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (type, kinds[i].name) == 0)
      {
        *kind = kinds[i].kind;
        if (*kind == GAWS_SHAPE_KIND_STRUCTURE && json_flag (shape, "union"))
          *kind = GAWS_SHAPE_KIND_UNION;
        if (*kind == GAWS_SHAPE_KIND_STRUCTURE && json_flag (shape, "document"))
          *kind = GAWS_SHAPE_KIND_DOCUMENT;
        return TRUE;
      }
  return FALSE;
}

static GawsTimestampFormat
parse_timestamp_format (json_t *object)
{
  const char *format = json_string_value (json_object_get (object, "timestampFormat"));

  if (format == NULL)
    return GAWS_TIMESTAMP_FORMAT_DEFAULT;
  if (g_ascii_strcasecmp (format, "iso8601") == 0)
    return GAWS_TIMESTAMP_FORMAT_ISO8601;
  if (g_ascii_strcasecmp (format, "rfc822") == 0)
    return GAWS_TIMESTAMP_FORMAT_RFC822;
  if (g_ascii_strcasecmp (format, "unixTimestamp") == 0)
    return GAWS_TIMESTAMP_FORMAT_UNIX_TIMESTAMP;
  return GAWS_TIMESTAMP_FORMAT_DEFAULT;
}

static const struct {
  const char   *name;
  GawsLocation  location;
} locations[] = {
  { "header", GAWS_LOCATION_HEADER },
  { "headers", GAWS_LOCATION_HEADERS },
  { "querystring", GAWS_LOCATION_QUERYSTRING },
  { "uri", GAWS_LOCATION_URI },
  { "statusCode", GAWS_LOCATION_STATUS_CODE },
};

static GawsLocation
parse_location (json_t *member)
{
  const char *location = json_string_value (json_object_get (member, "location"));

  for (gsize i = 0; location != NULL && i < G_N_ELEMENTS (locations); i++)
    if (strcmp (location, locations[i].name) == 0)
      return locations[i].location;
  return GAWS_LOCATION_BODY;
}

static const struct {
  const char      *key;
  GawsMemberFlags  flag;
} member_flags[] = {
  { "xmlAttribute", GAWS_MEMBER_FLAG_XML_ATTRIBUTE },
  { "flattened", GAWS_MEMBER_FLAG_FLATTENED },
  { "jsonvalue", GAWS_MEMBER_FLAG_JSONVALUE },
  { "idempotencyToken", GAWS_MEMBER_FLAG_IDEMPOTENCY_TOKEN },
  { "hostLabel", GAWS_MEMBER_FLAG_HOST_LABEL },
  { "eventpayload", GAWS_MEMBER_FLAG_EVENT_PAYLOAD },
  { "eventheader", GAWS_MEMBER_FLAG_EVENT_HEADER },
  { "deprecated", GAWS_MEMBER_FLAG_DEPRECATED },
  { "streaming", GAWS_MEMBER_FLAG_STREAMING },
};

/* xmlNamespace is an object {prefix, uri} on members and shapes, but a
 * plain URI in a few places. */
static void
parse_namespace (Loader      *loader,
                 json_t      *object,
                 const char **prefix,
                 const char **uri)
{
  json_t *ns = json_object_get (object, "xmlNamespace");

  if (json_is_string (ns))
    *uri = loader_string (loader, object, "xmlNamespace");
  else if (json_is_object (ns))
    {
      *prefix = loader_string (loader, ns, "prefix");
      *uri = loader_string (loader, ns, "uri");
    }
}

static const GawsShapeInfo *
lookup_shape (Loader      *loader,
              const char  *name)
{
  gpointer index;

  if (name == NULL ||
      !g_hash_table_lookup_extended (loader->loaded->shape_index, name, NULL, &index))
    return NULL;
  return &loader->loaded->info.shapes[GPOINTER_TO_UINT (index)];
}

static gboolean
load_member (Loader          *loader,
             const char      *owner,
             const char      *name,
             json_t          *json,
             GawsMemberInfo  *member,
             GError         **error)
{
  const char *shape_name = json_string_value (json_object_get (json, "shape"));

  member->name = g_string_chunk_insert_const (loader->loaded->strings, name);
  member->shape = lookup_shape (loader, shape_name);
  if (member->shape == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Shape %s: member %s refers to unknown shape %s",
                   owner, name, shape_name ? shape_name : "(none)");
      return FALSE;
    }
  member->location_name = loader_string (loader, json, "locationName");
  member->query_name = loader_string (loader, json, "queryName");
  member->location = parse_location (json);
  member->timestamp_format = parse_timestamp_format (json);
  parse_namespace (loader, json, &member->xml_namespace_prefix, &member->xml_namespace_uri);
  if (json_is_object (json_object_get (json, "contextParam")))
    member->context_param = loader_string (loader, json_object_get (json, "contextParam"), "name");
  for (gsize i = 0; i < G_N_ELEMENTS (member_flags); i++)
    if (json_flag (json, member_flags[i].key))
      member->flags |= member_flags[i].flag;
  return TRUE;
}

static gboolean
is_required (json_t     *shape,
             const char *member)
{
  size_t i;
  json_t *name;

  json_array_foreach (json_object_get (shape, "required"), i, name)
    if (g_strcmp0 (json_string_value (name), member) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
load_structure_members (Loader         *loader,
                        GawsShapeInfo  *info,
                        json_t         *json,
                        GError        **error)
{
  json_t *members = json_object_get (json, "members");
  const char *payload = json_string_value (json_object_get (json, "payload"));
  GawsMemberInfo *array;
  const char *name;
  json_t *member;
  guint i = 0;

  /* jansson keeps the model's member order, which the wire order follows. */
  array = loader_alloc (loader, json_object_size (members), sizeof (GawsMemberInfo));
  json_object_foreach (members, name, member)
    {
      if (!load_member (loader, info->name, name, member, &array[i], error))
        return FALSE;
      if (is_required (json, name))
        array[i].flags |= GAWS_MEMBER_FLAG_REQUIRED;
      if (payload != NULL && strcmp (payload, name) == 0)
        info->payload = (gint) i;
      i++;
    }
  info->members = array;
  info->n_members = i;
  return TRUE;
}

static gboolean
load_container_members (Loader         *loader,
                        GawsShapeInfo  *info,
                        json_t         *json,
                        GError        **error)
{
  static const char *const list_keys[] = { "member" };
  static const char *const map_keys[] = { "key", "value" };
  const char *const *keys = info->kind == GAWS_SHAPE_KIND_LIST ? list_keys : map_keys;
  guint n = info->kind == GAWS_SHAPE_KIND_LIST ? 1 : 2;
  GawsMemberInfo *array = loader_alloc (loader, n, sizeof (GawsMemberInfo));

  for (guint i = 0; i < n; i++)
    if (!load_member (loader, info->name, keys[i], json_object_get (json, keys[i]), &array[i], error))
      return FALSE;
  info->members = array;
  info->n_members = n;
  return TRUE;
}

static const char *const *
load_enum (Loader *loader,
           json_t *values)
{
  const char **array;
  size_t i;
  json_t *value;

  if (!json_is_array (values))
    return NULL;
  array = loader_alloc (loader, json_array_size (values) + 1, sizeof (char *));
  json_array_foreach (values, i, value)
    array[i] = g_string_chunk_insert_const (loader->loaded->strings, json_string_value (value));
  return array;
}

static const struct {
  const char     *key;
  GawsShapeFlags  flag;
} shape_flags[] = {
  { "streaming", GAWS_SHAPE_FLAG_STREAMING },
  { "eventstream", GAWS_SHAPE_FLAG_EVENTSTREAM },
  { "event", GAWS_SHAPE_FLAG_EVENT },
  { "exception", GAWS_SHAPE_FLAG_EXCEPTION },
  { "fault", GAWS_SHAPE_FLAG_FAULT },
  { "sensitive", GAWS_SHAPE_FLAG_SENSITIVE },
  { "flattened", GAWS_SHAPE_FLAG_FLATTENED },
  { "requiresLength", GAWS_SHAPE_FLAG_REQUIRES_LENGTH },
  { "sparse", GAWS_SHAPE_FLAG_SPARSE },
  { "wrapper", GAWS_SHAPE_FLAG_WRAPPER },
  { "deprecated", GAWS_SHAPE_FLAG_DEPRECATED },
  { "synthetic", GAWS_SHAPE_FLAG_SYNTHETIC },
};

static void
load_shape_traits (Loader        *loader,
                   GawsShapeInfo *info,
                   json_t        *json)
{
  json_t *error_info = json_object_get (json, "error");

  for (gsize i = 0; i < G_N_ELEMENTS (shape_flags); i++)
    if (json_flag (json, shape_flags[i].key))
      info->flags |= shape_flags[i].flag;
  if (json_is_number (json_object_get (json, "min")))
    {
      info->flags |= GAWS_SHAPE_FLAG_HAS_MIN;
      info->min = json_number_value (json_object_get (json, "min"));
    }
  if (json_is_number (json_object_get (json, "max")))
    {
      info->flags |= GAWS_SHAPE_FLAG_HAS_MAX;
      info->max = json_number_value (json_object_get (json, "max"));
    }
  info->timestamp_format = parse_timestamp_format (json);
  info->enum_values = load_enum (loader, json_object_get (json, "enum"));
  info->location_name = loader_string (loader, json, "locationName");
  parse_namespace (loader, json, &info->xml_namespace_prefix, &info->xml_namespace_uri);
  if (json_is_object (error_info))
    {
      info->error_code = loader_string (loader, error_info, "code");
      info->error_status = (guint16) json_integer_value (json_object_get (error_info, "httpStatusCode"));
      if (json_flag (error_info, "senderFault"))
        info->flags |= GAWS_SHAPE_FLAG_SENDER_FAULT;
    }
}

static gboolean
load_shape (Loader         *loader,
            GawsShapeInfo  *info,
            json_t         *json,
            GError        **error)
{
  GawsShapeKind kind;

  if (!parse_kind (json, &kind))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Shape %s has unsupported type %s", info->name,
                   json_string_value (json_object_get (json, "type")) ?: "(none)");
      return FALSE;
    }
  info->kind = kind;
  info->payload = -1;
  load_shape_traits (loader, info, json);
  if (kind == GAWS_SHAPE_KIND_STRUCTURE || kind == GAWS_SHAPE_KIND_UNION)
    return load_structure_members (loader, info, json, error);
  if (kind == GAWS_SHAPE_KIND_LIST || kind == GAWS_SHAPE_KIND_MAP)
    return load_container_members (loader, info, json, error);
  return TRUE;
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Object keys sorted, the order every table is in. */
static const char **
sorted_keys (Loader *loader,
             json_t *object,
             guint  *n_keys)
{
  const char **keys = loader_alloc (loader, json_object_size (object), sizeof (char *));
  const char *key;
  json_t *value;
  guint n = 0;

  json_object_foreach (object, key, value)
    keys[n++] = g_string_chunk_insert_const (loader->loaded->strings, key);
  qsort (keys, n, sizeof (char *), compare_names);
  *n_keys = n;
  return keys;
}

static gboolean
load_shapes (Loader  *loader,
             GError **error)
{
  guint n;
  const char **names = sorted_keys (loader, loader->shapes, &n);
  GawsShapeInfo *shapes = loader_alloc (loader, n, sizeof (GawsShapeInfo));

  loader->loaded->info.shapes = shapes;
  loader->loaded->info.n_shapes = n;
  for (guint i = 0; i < n; i++)
    {
      shapes[i].name = names[i];
      g_hash_table_insert (loader->loaded->shape_index, (gpointer) names[i], GUINT_TO_POINTER (i));
    }
  for (guint i = 0; i < n; i++)
    if (!load_shape (loader, &shapes[i], json_object_get (loader->shapes, names[i]), error))
      return FALSE;
  return TRUE;
}

static gboolean
load_operation_shape (Loader               *loader,
                      const char           *operation,
                      json_t               *ref,
                      const GawsShapeInfo **shape,
                      GError              **error)
{
  const char *name = json_string_value (json_object_get (ref, "shape"));

  if (ref == NULL)
    return TRUE;
  *shape = lookup_shape (loader, name);
  if (*shape == NULL || !gaws_shape_info_is_structure (*shape))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Operation %s refers to %s, which is not a structure of the model",
                   operation, name ? name : "(none)");
      return FALSE;
    }
  return TRUE;
}

static guint32
operation_flags (json_t *json)
{
  json_t *checksum = json_object_get (json, "httpChecksum");
  const char *authtype = json_string_value (json_object_get (json, "authtype"));
  guint32 flags = 0;

  if (json_flag (json, "httpChecksumRequired") || json_flag (checksum, "requestChecksumRequired"))
    flags |= GAWS_OPERATION_FLAG_CHECKSUM_REQUIRED;
  if (json_flag (json, "unsignedPayload") || g_strcmp0 (authtype, "v4-unsigned-body") == 0)
    flags |= GAWS_OPERATION_FLAG_UNSIGNED_PAYLOAD;
  if (g_strcmp0 (authtype, "none") == 0)
    flags |= GAWS_OPERATION_FLAG_AUTH_NONE;
  if (json_flag (json, "deprecated"))
    flags |= GAWS_OPERATION_FLAG_DEPRECATED;
  if (json_flag (json, "idempotent"))
    flags |= GAWS_OPERATION_FLAG_IDEMPOTENT;
  if (json_object_get (json, "requestcompression") != NULL)
    flags |= GAWS_OPERATION_FLAG_REQUEST_COMPRESSION;
  return flags;
}

static gboolean
load_operation_errors (Loader            *loader,
                       GawsOperationInfo *op,
                       json_t            *errors,
                       GError           **error)
{
  const GawsShapeInfo **array = loader_alloc (loader, json_array_size (errors), sizeof (gpointer));
  size_t i;
  json_t *ref;

  json_array_foreach (errors, i, ref)
    if (!load_operation_shape (loader, op->name, ref, &array[i], error))
      return FALSE;
  op->errors = array;
  op->n_errors = json_array_size (errors);
  return TRUE;
}

static gboolean
load_operation (Loader             *loader,
                GawsOperationInfo  *op,
                json_t             *json,
                GError            **error)
{
  json_t *http = json_object_get (json, "http");
  json_t *input = json_object_get (json, "input");
  json_t *output = json_object_get (json, "output");
  const char *ignored = NULL;

  op->service = &loader->loaded->info;
  op->http_method = loader_string (loader, http, "method");
  op->request_uri = loader_string (loader, http, "requestUri");
  op->response_code = (guint) json_integer_value (json_object_get (http, "responseCode"));
  op->flags = operation_flags (json);
  op->input_location_name = loader_string (loader, input, "locationName");
  parse_namespace (loader, input, &ignored, &op->input_xml_namespace_uri);
  op->result_wrapper = loader_string (loader, output, "resultWrapper");
  op->host_prefix = loader_string (loader, json_object_get (json, "endpoint"), "hostPrefix");
  op->request_algorithm_member = loader_string (loader, json_object_get (json, "httpChecksum"),
                                                "requestAlgorithmMember");
  op->request_validation_mode_member = loader_string (loader, json_object_get (json, "httpChecksum"),
                                                      "requestValidationModeMember");
  if (op->http_method == NULL)
    op->http_method = "POST";
  if (op->request_uri == NULL)
    op->request_uri = "/";
  return load_operation_shape (loader, op->name, input, &op->input, error) &&
         load_operation_shape (loader, op->name, output, &op->output, error) &&
         load_operation_errors (loader, op, json_object_get (json, "errors"), error);
}

static gboolean
load_operations (Loader  *loader,
                 json_t  *operations,
                 GError **error)
{
  guint n;
  const char **names = sorted_keys (loader, operations, &n);
  GawsOperationInfo *ops = loader_alloc (loader, n, sizeof (GawsOperationInfo));

  loader->loaded->info.operations = ops;
  loader->loaded->info.n_operations = n;
  for (guint i = 0; i < n; i++)
    {
      ops[i].name = names[i];
      if (!load_operation (loader, &ops[i], json_object_get (operations, names[i]), error))
        return FALSE;
    }
  return TRUE;
}

static int
compare_error_codes (const void *a,
                     const void *b)
{
  return strcmp (gaws_shape_info_get_error_code (*(const GawsShapeInfo *const *) a),
                 gaws_shape_info_get_error_code (*(const GawsShapeInfo *const *) b));
}

static void
index_errors (Loader *loader)
{
  GawsServiceInfo *info = &loader->loaded->info;
  const GawsShapeInfo **errors = loader_alloc (loader, info->n_shapes, sizeof (gpointer));
  guint n = 0;

  for (guint i = 0; i < info->n_shapes; i++)
    if (info->shapes[i].flags & GAWS_SHAPE_FLAG_EXCEPTION)
      errors[n++] = &info->shapes[i];
  qsort (errors, n, sizeof (gpointer), compare_error_codes);
  info->errors = errors;
  info->n_errors = n;
}

static void
load_metadata (Loader *loader,
               json_t *metadata)
{
  GawsServiceInfo *info = &loader->loaded->info;
  json_t *protocols = json_object_get (metadata, "protocols");
  const char **array;
  size_t i;
  json_t *protocol;

  if (json_array_size (protocols) == 0)
    {
      array = loader_alloc (loader, 2, sizeof (char *));
      array[0] = loader_string (loader, metadata, "protocol");
    }
  else
    {
      array = loader_alloc (loader, json_array_size (protocols) + 1, sizeof (char *));
      json_array_foreach (protocols, i, protocol)
        array[i] = g_string_chunk_insert_const (loader->loaded->strings, json_string_value (protocol));
    }
  info->protocols = array;
  info->api_version = loader_string (loader, metadata, "apiVersion");
  info->service_id = loader_string (loader, metadata, "serviceId");
  info->endpoint_prefix = loader_string (loader, metadata, "endpointPrefix");
  info->signing_name = loader_string (loader, metadata, "signingName");
  if (info->signing_name == NULL)
    info->signing_name = info->endpoint_prefix;
  info->json_version = loader_string (loader, metadata, "jsonVersion");
  info->target_prefix = loader_string (loader, metadata, "targetPrefix");
  info->xml_namespace = loader_string (loader, metadata, "xmlNamespace");
  if (json_flag (metadata, "awsQueryCompatible") || json_is_object (json_object_get (metadata, "awsQueryCompatible")))
    info->flags |= GAWS_SERVICE_FLAG_QUERY_COMPATIBLE;
}

/**
 * gaws_service_info_load:
 * @model: a parsed `service-2.json`
 * @name: the service's folder name, such as `dynamodb`
 * @error: return location for a #GError
 *
 * Builds the descriptor tables of @model at run time. Their structures
 * have no generated class: instances are plain #GawsShape objects.
 *
 * Returns: (transfer full) (nullable): the service, to free with
 *   gaws_service_info_free(), or %NULL if @model is not a usable model
 */
GawsServiceInfo *
gaws_service_info_load (json_t      *model,
                        const char  *name,
                        GError     **error)
{
  LoadedService *loaded = g_new0 (LoadedService, 1);
  Loader loader = { loaded, json_object_get (model, "shapes") };

  loaded->strings = g_string_chunk_new (4096);
  loaded->blocks = g_ptr_array_new_with_free_func (g_free);
  loaded->shape_index = g_hash_table_new (g_str_hash, g_str_equal);
  loaded->info.name = g_string_chunk_insert_const (loaded->strings, name);
  load_metadata (&loader, json_object_get (model, "metadata"));
  if (!json_is_object (loader.shapes) ||
      !json_is_object (json_object_get (model, "operations")))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Model of %s has no shapes or operations", name);
      gaws_service_info_free (&loaded->info);
      return NULL;
    }
  if (!load_shapes (&loader, error) ||
      !load_operations (&loader, json_object_get (model, "operations"), error))
    {
      gaws_service_info_free (&loaded->info);
      return NULL;
    }
  index_errors (&loader);
  return &loaded->info;
}

/* Paginators, waiters and resources: optional companions of a model,
 * added to a service this loader made. */

static Loader
loader_for (GawsServiceInfo *service)
{
  return (Loader) { (LoadedService *) service, NULL };
}

static const char *
loader_python_name (Loader                  *loader,
                    GawsServiceInfoNameFunc  python_name,
                    const char              *name)
{
  g_autofree char *converted = python_name ? python_name (name) : NULL;

  return converted ? g_string_chunk_insert_const (loader->loaded->strings, converted) : NULL;
}

/* botocore reads a single string as a list of one; absent is %NULL. */
static gboolean
load_string_list (Loader              *loader,
                  json_t              *object,
                  const char          *key,
                  const char *const  **list,
                  GError             **error)
{
  json_t *value = json_object_get (object, key);
  const char **array;
  size_t i;
  json_t *item;

  *list = NULL;
  if (value == NULL)
    return TRUE;
  if (json_is_string (value))
    {
      array = loader_alloc (loader, 2, sizeof (char *));
      array[0] = loader_string (loader, object, key);
      *list = array;
      return TRUE;
    }
  if (!json_is_array (value))
    goto invalid;
  array = loader_alloc (loader, json_array_size (value) + 1, sizeof (char *));
  json_array_foreach (value, i, item)
    {
      if (!json_is_string (item))
        goto invalid;
      array[i] = g_string_chunk_insert_const (loader->loaded->strings, json_string_value (item));
    }
  *list = array;
  return TRUE;

invalid:
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
               "%s is neither a string nor a list of strings", key);
  return FALSE;
}

static gboolean
load_paginator (Loader                   *loader,
                GawsPaginatorInfo        *paginator,
                json_t                   *json,
                GawsServiceInfoNameFunc   python_name,
                GError                  **error)
{
  if (!json_is_object (json))
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT, "not an object");
      return FALSE;
    }
  if (!load_string_list (loader, json, "input_token", &paginator->input_tokens, error) ||
      !load_string_list (loader, json, "output_token", &paginator->output_tokens, error) ||
      !load_string_list (loader, json, "result_key", &paginator->result_keys, error) ||
      !load_string_list (loader, json, "non_aggregate_keys", &paginator->non_aggregate_keys, error))
    return FALSE;
  /* Each output token feeds the input token at the same place. */
  if (paginator->input_tokens == NULL || paginator->output_tokens == NULL ||
      paginator->input_tokens[0] == NULL ||
      g_strv_length ((char **) paginator->input_tokens) != g_strv_length ((char **) paginator->output_tokens))
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                           "input_token and output_token must be given, as many of each");
      return FALSE;
    }
  paginator->more_results = loader_string (loader, json, "more_results");
  paginator->limit_key = loader_string (loader, json, "limit_key");
  paginator->python_name = loader_python_name (loader, python_name, paginator->operation->name);
  return TRUE;
}

/**
 * gaws_service_info_load_paginators:
 * @service: a service from gaws_service_info_load()
 * @paginators: (nullable): a parsed `paginators-1.json`, with its
 *   sdk-extras merged in, or %NULL for none
 * @python_name: (nullable) (scope call): gives the boto3 name of an
 *   operation, or %NULL to leave #GawsPaginatorInfo.python_name unset
 * @error: return location for a #GError
 *
 * Adds the paginators of @paginators to @service, sorted by operation.
 *
 * Returns: %TRUE on success; %FALSE with @error naming the paginator that
 *   is not usable
 */
gboolean
gaws_service_info_load_paginators (GawsServiceInfo          *service,
                                   json_t                   *paginators,
                                   GawsServiceInfoNameFunc   python_name,
                                   GError                  **error)
{
  Loader loader = loader_for (service);
  json_t *pagination = json_object_get (paginators, "pagination");
  GawsPaginatorInfo *array;
  const char **names;
  guint n;

  if (paginators == NULL)
    return TRUE;
  if (!json_is_object (pagination))
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                           "Paginators: no \"pagination\" object");
      return FALSE;
    }
  names = sorted_keys (&loader, pagination, &n);
  array = loader_alloc (&loader, n, sizeof (GawsPaginatorInfo));
  for (guint i = 0; i < n; i++)
    {
      array[i].operation = gaws_service_info_find_operation (service, names[i]);
      if (array[i].operation == NULL)
        {
          g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                       "Paginator of %s: no such operation", names[i]);
          return FALSE;
        }
      if (!load_paginator (&loader, &array[i], json_object_get (pagination, names[i]), python_name, error))
        {
          g_prefix_error (error, "Paginator of %s: ", names[i]);
          return FALSE;
        }
    }
  service->paginators = array;
  service->n_paginators = n;
  return TRUE;
}

static gboolean
parse_waiter_word (json_t      *acceptor,
                   const char  *key,
                   const char  *const *words,
                   guint        n_words,
                   guint8      *value,
                   GError     **error)
{
  const char *word = json_string_value (json_object_get (acceptor, key));

  for (guint i = 0; word != NULL && i < n_words; i++)
    if (strcmp (word, words[i]) == 0)
      {
        *value = (guint8) i;
        return TRUE;
      }
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
               "acceptor has an unknown %s: %s", key, word ? word : "(none)");
  return FALSE;
}

/* In the order of GawsWaiterState and GawsWaiterMatcher. */
static const char *const waiter_states[] = { "success", "failure", "retry" };
static const char *const waiter_matchers[] = { "path", "pathAll", "pathAny", "status", "error" };

static gboolean
load_acceptor (Loader                  *loader,
               GawsWaiterAcceptorInfo  *acceptor,
               json_t                  *json,
               GError                 **error)
{
  json_t *expected = json_object_get (json, "expected");
  char *text;

  if (!parse_waiter_word (json, "state", waiter_states, G_N_ELEMENTS (waiter_states), &acceptor->state, error) ||
      !parse_waiter_word (json, "matcher", waiter_matchers, G_N_ELEMENTS (waiter_matchers), &acceptor->matcher, error))
    return FALSE;
  acceptor->argument = loader_string (loader, json, "argument");
  if (acceptor->matcher <= GAWS_WAITER_MATCHER_PATH_ANY && acceptor->argument == NULL)
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                           "a path acceptor has no argument");
      return FALSE;
    }
  if (expected == NULL)
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                           "acceptor has no expected value");
      return FALSE;
    }
  /* JSON text keeps the value's type: "ACTIVE", true, 404. */
  text = json_dumps (expected, JSON_ENCODE_ANY | JSON_COMPACT);
  acceptor->expected = g_string_chunk_insert_const (loader->loaded->strings, text);
  free (text);
  return TRUE;
}

static gboolean
load_waiter (Loader                   *loader,
             GawsServiceInfo          *service,
             GawsWaiterInfo           *waiter,
             json_t                   *json,
             GawsServiceInfoNameFunc   python_name,
             GError                  **error)
{
  const char *operation = json_string_value (json_object_get (json, "operation"));
  json_t *acceptors = json_object_get (json, "acceptors");
  GawsWaiterAcceptorInfo *array;
  size_t i;
  json_t *acceptor;

  waiter->operation = operation ? gaws_service_info_find_operation (service, operation) : NULL;
  if (waiter->operation == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "no such operation: %s", operation ? operation : "(none)");
      return FALSE;
    }
  if (!json_is_integer (json_object_get (json, "delay")) ||
      !json_is_integer (json_object_get (json, "maxAttempts")) ||
      json_array_size (acceptors) == 0)
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                           "delay, maxAttempts and acceptors must be given");
      return FALSE;
    }
  waiter->python_name = loader_python_name (loader, python_name, waiter->name);
  waiter->delay = (guint) MAX (json_integer_value (json_object_get (json, "delay")), 0);
  waiter->max_attempts = (guint) MAX (json_integer_value (json_object_get (json, "maxAttempts")), 0);
  array = loader_alloc (loader, json_array_size (acceptors), sizeof (GawsWaiterAcceptorInfo));
  json_array_foreach (acceptors, i, acceptor)
    if (!load_acceptor (loader, &array[i], acceptor, error))
      {
        g_prefix_error (error, "acceptor %" G_GSIZE_FORMAT ": ", i);
        return FALSE;
      }
  waiter->acceptors = array;
  waiter->n_acceptors = (guint) json_array_size (acceptors);
  return TRUE;
}

/**
 * gaws_service_info_load_waiters:
 * @service: a service from gaws_service_info_load()
 * @waiters: (nullable): a parsed `waiters-2.json`, or %NULL for none
 * @python_name: (nullable) (scope call): gives the boto3 name of a waiter,
 *   or %NULL to leave #GawsWaiterInfo.python_name unset
 * @error: return location for a #GError
 *
 * Adds the waiters of @waiters to @service, sorted by name.
 *
 * Returns: %TRUE on success; %FALSE with @error naming the waiter that is
 *   not usable
 */
gboolean
gaws_service_info_load_waiters (GawsServiceInfo          *service,
                                json_t                   *waiters,
                                GawsServiceInfoNameFunc   python_name,
                                GError                  **error)
{
  Loader loader = loader_for (service);
  json_t *version = json_object_get (waiters, "version");
  json_t *table = json_object_get (waiters, "waiters");
  GawsWaiterInfo *array;
  const char **names;
  guint n;

  if (waiters == NULL)
    return TRUE;
  if (!json_is_object (table) || (version != NULL && json_number_value (version) != 2))
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                           "Waiters: not a version 2 \"waiters\" object");
      return FALSE;
    }
  names = sorted_keys (&loader, table, &n);
  array = loader_alloc (&loader, n, sizeof (GawsWaiterInfo));
  for (guint i = 0; i < n; i++)
    {
      array[i].name = names[i];
      if (!load_waiter (&loader, service, &array[i], json_object_get (table, names[i]), python_name, error))
        {
          g_prefix_error (error, "Waiter %s: ", names[i]);
          return FALSE;
        }
    }
  service->waiters = array;
  service->n_waiters = n;
  return TRUE;
}

/**
 * gaws_service_info_load_resources:
 * @service: a service from gaws_service_info_load()
 * @resources: (nullable): a parsed `resources-1.json`, or %NULL for none
 * @error: return location for a #GError
 *
 * Keeps @resources, minified, as #GawsServiceInfo.resources_json: ASCII
 * only, in the file's key order.
 *
 * Returns: %TRUE on success
 */
gboolean
gaws_service_info_load_resources (GawsServiceInfo  *service,
                                  json_t           *resources,
                                  GError          **error)
{
  Loader loader = loader_for (service);
  char *text;

  if (resources == NULL)
    return TRUE;
  text = json_is_object (resources) ? json_dumps (resources, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
  if (text == NULL)
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                           "Resources: not a JSON object");
      return FALSE;
    }
  service->resources_json = g_string_chunk_insert (loader.loaded->strings, text);
  free (text);
  return TRUE;
}

static GBytes *
read_maybe_compressed (const char  *path,
                       GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) sink = NULL;

  input = G_INPUT_STREAM (g_file_read (file, NULL, error));
  if (input == NULL)
    return NULL;
  if (g_str_has_suffix (path, ".gz"))
    {
      g_autoptr(GConverter) gunzip = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
      GInputStream *converted = g_converter_input_stream_new (input, gunzip);

      g_object_unref (input);
      input = converted;
    }
  sink = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (sink, input, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                              G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
}

/**
 * gaws_service_info_load_file:
 * @path: a `service-2.json` or `service-2.json.gz`
 * @name: the service's folder name, such as `dynamodb`
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the service, or %NULL with @error
 *   giving the file, line and column of bad JSON
 */
GawsServiceInfo *
gaws_service_info_load_file (const char  *path,
                             const char  *name,
                             GError     **error)
{
  g_autoptr(GBytes) bytes = read_maybe_compressed (path, error);
  json_error_t json_error;
  json_t *model;
  GawsServiceInfo *service;

  if (bytes == NULL)
    return NULL;
  model = json_loadb (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), 0, &json_error);
  if (model == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT, "%s:%d:%d: %s",
                   path, json_error.line, json_error.column, json_error.text);
      return NULL;
    }
  service = gaws_service_info_load (model, name, error);
  json_decref (model);
  return service;
}

/**
 * gaws_service_info_free:
 * @service: (transfer full): a #GawsServiceInfo from gaws_service_info_load()
 *
 * Frees a service loaded at run time. Never call it on generated tables.
 */
void
gaws_service_info_free (GawsServiceInfo *service)
{
  LoadedService *loaded = (LoadedService *) service;

  if (loaded == NULL)
    return;
  g_string_chunk_free (loaded->strings);
  g_ptr_array_unref (loaded->blocks);
  g_hash_table_unref (loaded->shape_index);
  g_free (loaded);
}
