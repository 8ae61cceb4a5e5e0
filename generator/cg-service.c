/* cg-service.c: one service model with every name gaws-codegen emits
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "cg-service.h"

#include <gio/gio.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "gaws-shape.h"
#include "gaws-shape-loader.h"
#include "cg-docs.h"
#include "cg-facts.h"
#include "cg-names.h"

/* The descriptor tables come from the runtime's own loader, so generated
 * tables and models loaded at run time cannot disagree; this file adds
 * what only generated code needs: C names, documentation, and the split of
 * the shape classes into files of a reasonable size. */

/* Shape classes go into files of about this many functions, so that the
 * biggest services compile in parallel and no file is huge. */
#define CHUNK_FUNCTIONS 1500

typedef struct {
  const GawsMemberInfo *info;
  char                 *snake;
  char                 *property;
  char                 *doc;
} CgMember;

typedef struct {
  const GawsShapeInfo *info;
  guint                index;
  guint                first_member;
  json_t              *json;
  /* Structures only: */
  char                *snake;
  char                *ctype;
  char                *func;
  char                *type_macro;
  char                *cast_macro;
  guint                chunk;
  char                *doc;
  CgMember            *members;
  /* Enums only: */
  gint                 first_enum_value;
  char               **enum_constants;
} CgShape;

typedef struct {
  const GawsOperationInfo *info;
  char                    *snake;
  char                    *doc;
  guint                    first_error;
} CgOperation;

struct _CgService {
  char            *name;
  char            *model_path;
  char            *snake;
  char            *func;
  char            *camel;
  char            *upper;
  json_t          *model;
  GawsServiceInfo *info;
  CgShape         *shapes;
  CgOperation     *operations;
  char           **error_constants;
  guint            n_members;
  guint            n_enum_values;
  guint            n_operation_errors;
  guint            n_chunks;
  GHashTable      *symbols;
  char            *endpoint_rules;         /* minified, or NULL without one */
  char            *endpoint_rules_symbol;
  /* Paginators, waiters and resources: */
  char           **waiter_snakes;          /* by waiter, as info->waiters */
  char           **waiter_docs;
  char            *paginators_symbol;
  char            *waiters_symbol;
  char            *resources_symbol;
};

static void
free_shape (CgShape *shape)
{
  for (guint i = 0; shape->members != NULL && i < shape->info->n_members; i++)
    {
      g_free (shape->members[i].snake);
      g_free (shape->members[i].property);
      g_free (shape->members[i].doc);
    }
  g_free (shape->members);
  g_free (shape->snake);
  g_free (shape->ctype);
  g_free (shape->func);
  g_free (shape->type_macro);
  g_free (shape->cast_macro);
  g_free (shape->doc);
  g_strfreev (shape->enum_constants);
}

/**
 * cg_service_free:
 * @service: (transfer full): a #CgService
 */
void
cg_service_free (CgService *service)
{
  if (service == NULL)
    return;
  for (guint i = 0; service->shapes != NULL && i < service->info->n_shapes; i++)
    free_shape (&service->shapes[i]);
  for (guint i = 0; service->operations != NULL && i < service->info->n_operations; i++)
    {
      g_free (service->operations[i].snake);
      g_free (service->operations[i].doc);
    }
  g_free (service->shapes);
  g_free (service->operations);
  g_strfreev (service->error_constants);
  g_clear_pointer (&service->info, gaws_service_info_free);
  g_clear_pointer (&service->model, json_decref);
  g_clear_pointer (&service->symbols, g_hash_table_unref);
  g_free (service->name);
  g_free (service->model_path);
  g_free (service->snake);
  g_free (service->func);
  g_free (service->camel);
  g_free (service->upper);
  g_free (service->endpoint_rules);
  g_free (service->endpoint_rules_symbol);
  g_strfreev (service->waiter_snakes);
  g_strfreev (service->waiter_docs);
  g_free (service->paginators_symbol);
  g_free (service->waiters_symbol);
  g_free (service->resources_symbol);
  g_free (service);
}

/**
 * cg_service_get_name:
 * @service: a #CgService
 *
 * Returns: the service's folder name, such as `dynamodb`
 */
const char *
cg_service_get_name (CgService *service)
{
  return service->name;
}

/* Loading */

static GBytes *
read_file (const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GInputStream) input = G_INPUT_STREAM (g_file_read (file, NULL, error));
  g_autoptr(GOutputStream) sink = NULL;

  if (input == NULL)
    return NULL;
  if (g_str_has_suffix (path, ".gz"))
    {
      g_autoptr(GZlibDecompressor) gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      GInputStream *converted = g_converter_input_stream_new (input, G_CONVERTER (gunzip));

      g_object_unref (input);
      input = converted;
    }
  sink = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (sink, input, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                              G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
}

static json_t *
read_json (const char  *path,
           GError     **error)
{
  g_autoptr(GBytes) bytes = read_file (path, error);
  json_error_t json_error;
  json_t *json;

  if (bytes == NULL)
    return NULL;
  json = json_loadb (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), 0, &json_error);
  if (json == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s:%d:%d: %s",
                 path, json_error.line, json_error.column, json_error.text);
  return json;
}

/* botocore's merge_dicts(): objects merge, anything else replaces. */
static void
merge_json (json_t *target,
            json_t *extra)
{
  const char *key;
  json_t *value;

  json_object_foreach (extra, key, value)
    {
      json_t *existing = json_object_get (target, key);

      if (json_is_object (value) && json_is_object (existing))
        merge_json (existing, value);
      else
        json_object_set (target, key, value);
    }
}

static char *
find_model_file (const char  *dir,
                 const char  *stem)
{
  g_autofree char *plain = g_strdup_printf ("%s/%s.json", dir, stem);
  g_autofree char *gz = g_strdup_printf ("%s/%s.json.gz", dir, stem);

  if (g_file_test (plain, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&plain);
  if (g_file_test (gz, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&gz);
  return NULL;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* As botocore: without a version asked for, the newest one with a model. */
static char *
find_api_version (const char  *service_dir,
                  GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (service_dir, 0, error);
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  if (dir == NULL)
    return NULL;
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (service_dir, entry, NULL);
      g_autofree char *model = find_model_file (path, "service-2");

      if (model != NULL)
        g_ptr_array_add (versions, g_strdup (entry));
    }
  if (versions->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s holds no service-2.json", service_dir);
      return NULL;
    }
  g_ptr_array_sort (versions, compare_names);
  return g_strdup (versions->pdata[versions->len - 1]);
}

static json_t *
load_model (const char  *version_dir,
            char       **model_file,
            GError     **error)
{
  g_autofree char *extras_path = g_build_filename (version_dir, "service-2.sdk-extras.json", NULL);
  json_t *model, *extras;

  *model_file = find_model_file (version_dir, "service-2");
  if (*model_file == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s holds no service-2.json", version_dir);
      return NULL;
    }
  model = read_json (*model_file, error);
  if (model == NULL || !g_file_test (extras_path, G_FILE_TEST_EXISTS))
    return model;
  extras = read_json (extras_path, error);
  if (extras == NULL)
    {
      json_decref (model);
      return NULL;
    }
  merge_json (model, json_object_get (extras, "merge"));
  json_decref (extras);
  return model;
}

/* The service's endpoint-rule-set-1.json, if it has one, minified: the
 * runtime evaluates it to find endpoints. ASCII only, so that the C
 * literal holds no bytes a compiler's charset could change; jansson keeps
 * the file's key order, so the text is the same on every run. */
static gboolean
load_endpoint_rules (CgService   *service,
                     const char  *version_dir,
                     GError     **error)
{
  g_autofree char *path = find_model_file (version_dir, "endpoint-rule-set-1");
  json_t *rules;
  char *text;

  if (path == NULL)
    return TRUE;
  rules = read_json (path, error);
  if (rules == NULL)
    return FALSE;
  text = json_dumps (rules, JSON_COMPACT | JSON_ENSURE_ASCII);
  json_decref (rules);
  if (text == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: cannot write it back", path);
      return FALSE;
    }
  service->endpoint_rules = g_strdup (text);
  free (text);
  return TRUE;
}

/* paginators-1.json (with its sdk-extras merged in as the model's are),
 * waiters-2.json and boto3's resources-1.json, each optional. @path is
 * set when the file exists. */
static gboolean
load_companion (const char  *version_dir,
                const char  *stem,
                json_t     **json,
                char       **path,
                GError     **error)
{
  g_autofree char *extras_stem = g_strconcat (stem, ".sdk-extras", NULL);
  g_autofree char *extras_path = find_model_file (version_dir, extras_stem);
  json_t *extras;

  *json = NULL;
  *path = find_model_file (version_dir, stem);
  if (*path == NULL)
    return TRUE;
  *json = read_json (*path, error);
  if (*json == NULL)
    return FALSE;
  if (extras_path == NULL)
    return TRUE;
  extras = read_json (extras_path, error);
  if (extras == NULL)
    return FALSE;
  merge_json (*json, json_object_get (extras, "merge"));
  json_decref (extras);
  return TRUE;
}

typedef gboolean (*CompanionLoadFunc) (GawsServiceInfo *info,
                                       json_t          *json,
                                       GError         **error);

static gboolean
load_paginators (GawsServiceInfo  *info,
                 json_t           *json,
                 GError          **error)
{
  return gaws_service_info_load_paginators (info, json, cg_names_xform, error);
}

static gboolean
load_waiters (GawsServiceInfo  *info,
              json_t           *json,
              GError          **error)
{
  return gaws_service_info_load_waiters (info, json, cg_names_xform, error);
}

/* A waiter's description, in the doc comment of its constructor. */
static void
document_waiters (CgService *service,
                  json_t    *json)
{
  json_t *waiters = json_object_get (json, "waiters");

  service->waiter_docs = g_new0 (char *, service->info->n_waiters + 1);
  for (guint i = 0; i < service->info->n_waiters; i++)
    {
      json_t *waiter = json_object_get (waiters, service->info->waiters[i].name);
      const char *description = json_string_value (json_object_get (waiter, "description"));

      service->waiter_docs[i] = cg_docs_to_comment (description);
    }
}

/* The runtime's loader reads them too, so that what is generated is what
 * a service loaded at run time holds. */
static gboolean
load_companions (CgService   *service,
                 const char  *version_dir,
                 GError     **error)
{
  static const struct {
    const char        *stem;
    CompanionLoadFunc  load;
  } companions[] = {
    { "paginators-1", load_paginators },
    { "waiters-2", load_waiters },
    { "resources-1", gaws_service_info_load_resources },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *path = NULL;
      json_t *json = NULL;
      gboolean ok;

      if (!load_companion (version_dir, companions[i].stem, &json, &path, error))
        {
          g_clear_pointer (&json, json_decref);
          return FALSE;
        }
      ok = companions[i].load (service->info, json, error);
      if (ok && companions[i].load == load_waiters)
        document_waiters (service, json);
      g_clear_pointer (&json, json_decref);
      if (!ok)
        {
          g_prefix_error (error, "%s: ", path);
          return FALSE;
        }
    }
  return TRUE;
}

/* Names */

static gboolean
claim (CgService   *service,
       const char  *symbol,
       const char  *owner,
       GError     **error)
{
  const char *previous = g_hash_table_lookup (service->symbols, symbol);

  if (previous != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s: %s names both %s and %s; add a rename to cg-names.c",
                   service->name, symbol, previous, owner);
      return FALSE;
    }
  g_hash_table_insert (service->symbols, g_strdup (symbol), g_strdup (owner));
  return TRUE;
}

static gboolean
is_scalar (const GawsShapeInfo *shape)
{
  switch (shape->kind)
    {
    case GAWS_SHAPE_KIND_INTEGER:
    case GAWS_SHAPE_KIND_LONG:
    case GAWS_SHAPE_KIND_BOOLEAN:
    case GAWS_SHAPE_KIND_FLOAT:
    case GAWS_SHAPE_KIND_DOUBLE:
      return TRUE;
    default:
      return FALSE;
    }
}

static const char *
json_doc (json_t *object)
{
  return json_string_value (json_object_get (object, "documentation"));
}

static gboolean
name_members (CgService  *service,
              CgShape    *shape,
              GError    **error)
{
  json_t *members = json_object_get (shape->json, "members");

  shape->members = g_new0 (CgMember, shape->info->n_members);
  for (guint i = 0; i < shape->info->n_members; i++)
    {
      CgMember *member = &shape->members[i];
      g_autofree char *owner = g_strdup_printf ("member %s.%s", shape->info->name, shape->info->members[i].name);
      g_autofree char *getter = NULL, *setter = NULL, *has = NULL, *property_key = NULL;

      member->info = &shape->info->members[i];
      member->snake = cg_names_identifier (service->name, member->info->name, CG_NAME_MEMBER);
      member->property = cg_names_property (member->snake);
      member->doc = cg_docs_to_comment (json_doc (json_object_get (members, member->info->name)));
      getter = g_strdup_printf ("%s_get_%s", shape->func, member->snake);
      setter = g_strdup_printf ("%s_set_%s", shape->func, member->snake);
      has = g_strdup_printf ("%s_has_%s", shape->func, member->snake);
      property_key = g_strdup_printf ("%s:%s", shape->ctype, member->property);
      if (!claim (service, getter, owner, error) || !claim (service, setter, owner, error) ||
          !claim (service, property_key, owner, error) ||
          (is_scalar (member->info->shape) && !claim (service, has, owner, error)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
name_structure (CgService  *service,
                CgShape    *shape,
                GError    **error)
{
  g_autofree char *camel = NULL, *upper = NULL, *owner = NULL;
  g_autofree char *klass = NULL, *get_type = NULL, *new_func = NULL;

  shape->snake = cg_names_identifier (service->name, shape->info->name, CG_NAME_SHAPE);
  camel = cg_names_camel (shape->snake);
  upper = cg_names_upper (shape->snake);
  shape->ctype = g_strconcat (service->camel, camel, NULL);
  shape->func = g_strdup_printf ("%s_%s", service->func, shape->snake);
  shape->type_macro = g_strdup_printf ("%s_TYPE_%s", service->upper, upper);
  shape->cast_macro = g_strdup_printf ("%s_%s", service->upper, upper);
  shape->doc = cg_docs_to_comment (json_doc (shape->json));
  owner = g_strdup_printf ("shape %s", shape->info->name);
  klass = g_strconcat (shape->ctype, "Class", NULL);
  get_type = g_strconcat (shape->func, "_get_type", NULL);
  new_func = g_strconcat (shape->func, "_new", NULL);
  return claim (service, shape->ctype, owner, error) && claim (service, klass, owner, error) &&
         claim (service, get_type, owner, error) && claim (service, new_func, owner, error) &&
         claim (service, shape->type_macro, owner, error) && claim (service, shape->cast_macro, owner, error) &&
         name_members (service, shape, error);
}

/* Enum values are data, not names: two that read the same as C (`a-b` and
 * `a_b`) are told apart by a number, in the model's order. */
static gboolean
name_enum (CgService  *service,
           CgShape    *shape,
           GError    **error)
{
  g_autofree char *snake = cg_names_identifier (service->name, shape->info->name, CG_NAME_SHAPE);
  g_autofree char *upper = cg_names_upper (snake);
  guint n = g_strv_length ((char **) shape->info->enum_values);
  g_autofree char *owner = g_strdup_printf ("enum %s", shape->info->name);

  shape->first_enum_value = (gint) service->n_enum_values;
  service->n_enum_values += n + 1;
  shape->enum_constants = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = cg_names_identifier (service->name, shape->info->enum_values[i], CG_NAME_ENUM_VALUE);
      g_autofree char *value_upper = cg_names_upper (value);
      char *constant = g_strdup_printf ("%s_%s_%s", service->upper, upper, value_upper);

      for (guint k = 2; g_hash_table_contains (service->symbols, constant) && k < 100; k++)
        {
          g_free (constant);
          constant = g_strdup_printf ("%s_%s_%s_%u", service->upper, upper, value_upper, k);
        }
      shape->enum_constants[i] = constant;
      if (!claim (service, constant, owner, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
name_shapes (CgService  *service,
             GError    **error)
{
  json_t *shapes = json_object_get (service->model, "shapes");
  guint function_count = 0;

  service->shapes = g_new0 (CgShape, service->info->n_shapes);
  service->n_chunks = 1;
  for (guint i = 0; i < service->info->n_shapes; i++)
    {
      CgShape *shape = &service->shapes[i];
      guint functions;

      shape->info = &service->info->shapes[i];
      shape->index = i;
      shape->json = json_object_get (shapes, shape->info->name);
      shape->first_member = service->n_members;
      shape->first_enum_value = -1;
      service->n_members += shape->info->n_members;
      if (shape->info->enum_values != NULL && !name_enum (service, shape, error))
        return FALSE;
      if (!gaws_shape_info_is_structure (shape->info))
        continue;
      if (!name_structure (service, shape, error))
        return FALSE;
      functions = 2 + 2 * shape->info->n_members;
      if (function_count > 0 && function_count + functions > CHUNK_FUNCTIONS)
        {
          service->n_chunks++;
          function_count = 0;
        }
      function_count += functions;
      shape->chunk = service->n_chunks - 1;
    }
  return TRUE;
}

static gboolean
name_operations (CgService  *service,
                 GError    **error)
{
  json_t *operations = json_object_get (service->model, "operations");
  static const char *const suffixes[] = { "_async", "_finish", "_sync" };

  service->operations = g_new0 (CgOperation, service->info->n_operations);
  for (guint i = 0; i < service->info->n_operations; i++)
    {
      CgOperation *op = &service->operations[i];
      g_autofree char *owner = NULL;

      op->info = &service->info->operations[i];
      op->snake = cg_names_identifier (service->name, op->info->name, CG_NAME_OPERATION);
      op->doc = cg_docs_to_comment (json_doc (json_object_get (operations, op->info->name)));
      op->first_error = service->n_operation_errors;
      service->n_operation_errors += op->info->n_errors;
      owner = g_strdup_printf ("operation %s", op->info->name);
      for (gsize k = 0; k < G_N_ELEMENTS (suffixes); k++)
        {
          g_autofree char *function = g_strdup_printf ("%s_client_%s%s", service->func, op->snake, suffixes[k]);

          if (!claim (service, function, owner, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
name_errors (CgService  *service,
             GError    **error)
{
  service->error_constants = g_new0 (char *, service->info->n_errors + 1);
  for (guint i = 0; i < service->info->n_errors; i++)
    {
      const char *code = gaws_shape_info_get_error_code (service->info->errors[i]);
      g_autofree char *snake = cg_names_identifier (service->name, code, CG_NAME_SHAPE);
      g_autofree char *upper = cg_names_upper (snake);
      g_autofree char *owner = g_strdup_printf ("error %s", code);

      /* Two exceptions may share a code (CloudWatch's ResourceNotFound):
       * the errors are sorted by code, and the code gets one constant. */
      if (i > 0 && strcmp (code, gaws_shape_info_get_error_code (service->info->errors[i - 1])) == 0)
        {
          service->error_constants[i] = g_strdup ("");
          continue;
        }
      service->error_constants[i] = g_strdup_printf ("%s_ERROR_%s", service->upper, upper);
      if (!claim (service, service->error_constants[i], owner, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
name_client (CgService  *service,
             GError    **error)
{
  const char *suffixes[] = { "_client_get_type", "_client_new", "_get_service_info" };
  g_autofree char *client = g_strconcat (service->camel, "Client", NULL);
  g_autofree char *klass = g_strconcat (service->camel, "ClientClass", NULL);
  g_autofree char *type_macro = g_strconcat (service->upper, "_TYPE_CLIENT", NULL);

  if (!claim (service, client, "the client", error) || !claim (service, klass, "the client", error) ||
      !claim (service, type_macro, "the client", error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *function = g_strconcat (service->func, suffixes[i], NULL);

      if (!claim (service, function, "the client", error))
        return FALSE;
    }
  return TRUE;
}

/* The typed constructors of the client, and the tables' symbols. */
static gboolean
name_paginators_and_waiters (CgService  *service,
                             GError    **error)
{
  const GawsServiceInfo *info = service->info;

  for (guint i = 0; i < info->n_paginators; i++)
    {
      const GawsOperationInfo *op = info->paginators[i].operation;
      const char *snake = service->operations[op - info->operations].snake;
      g_autofree char *function = g_strdup_printf ("%s_client_get_paginator_%s", service->func, snake);
      g_autofree char *owner = g_strdup_printf ("paginator of %s", op->name);

      if (!claim (service, function, owner, error))
        return FALSE;
    }
  service->waiter_snakes = g_new0 (char *, info->n_waiters + 1);
  for (guint i = 0; i < info->n_waiters; i++)
    {
      g_autofree char *function = NULL, *owner = g_strdup_printf ("waiter %s", info->waiters[i].name);

      service->waiter_snakes[i] = cg_names_identifier (service->name, info->waiters[i].name, CG_NAME_WAITER);
      function = g_strdup_printf ("%s_client_get_waiter_%s", service->func, service->waiter_snakes[i]);
      if (!claim (service, function, owner, error))
        return FALSE;
    }
  if (info->n_paginators > 0)
    service->paginators_symbol = g_strconcat (service->func, "__paginators", NULL);
  if (info->n_waiters > 0)
    service->waiters_symbol = g_strconcat (service->func, "__waiters", NULL);
  if (info->resources_json != NULL)
    service->resources_symbol = g_strconcat (service->func, "__resources_json", NULL);
  return (service->paginators_symbol == NULL || claim (service, service->paginators_symbol, "the paginators", error)) &&
         (service->waiters_symbol == NULL || claim (service, service->waiters_symbol, "the waiters", error)) &&
         (service->resources_symbol == NULL || claim (service, service->resources_symbol, "the resources", error));
}

/**
 * cg_service_load:
 * @models_dir: a folder of models laid out as botocore's data folder
 * @service: the service's folder name, such as `dynamodb`
 * @api_version: (nullable): the API version, or %NULL for the newest
 * @error: return location for a #GError
 *
 * Loads `<models_dir>/<service>/<api_version>/service-2.json` (or `.gz`)
 * with its sdk-extras, and beside it `paginators-1.json` (with its
 * sdk-extras), `waiters-2.json` and `resources-1.json` when they exist,
 * and computes every name.
 *
 * Returns: (transfer full) (nullable): the service, or %NULL with @error
 *   saying what is wrong, with file, line and column for bad JSON
 */
CgService *
cg_service_load (const char  *models_dir,
                 const char  *service_name,
                 const char  *api_version,
                 GError     **error)
{
  g_autoptr(CgService) service = g_new0 (CgService, 1);
  g_autofree char *service_dir = g_build_filename (models_dir, service_name, NULL);
  g_autofree char *version = api_version ? g_strdup (api_version) : find_api_version (service_dir, error);
  g_autofree char *version_dir = NULL, *model_file = NULL, *camel = NULL, *upper = NULL, *base = NULL;

  if (version == NULL)
    return NULL;
  service->name = g_strdup (service_name);
  service->symbols = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  version_dir = g_build_filename (service_dir, version, NULL);
  service->model = load_model (version_dir, &model_file, error);
  if (service->model == NULL)
    return NULL;
  service->info = gaws_service_info_load (service->model, service_name, error);
  if (service->info == NULL)
    {
      g_prefix_error (error, "%s: ", model_file);
      return NULL;
    }
  /* The banner names the model the same way wherever the models are. */
  base = g_path_get_basename (model_file);
  service->model_path = g_strdup_printf ("models/%s/%s/%s", service_name, version, base);
  service->snake = cg_names_service_snake (service_name);
  camel = cg_names_camel (service->snake);
  upper = cg_names_upper (service->snake);
  service->func = g_strconcat ("gaws_", service->snake, NULL);
  service->camel = g_strconcat ("Gaws", camel, NULL);
  service->upper = g_strconcat ("GAWS_", upper, NULL);
  if (!name_client (service, error) || !name_shapes (service, error) ||
      !name_operations (service, error) || !name_errors (service, error))
    return NULL;
  if (!load_endpoint_rules (service, version_dir, error) ||
      !load_companions (service, version_dir, error) ||
      !name_paginators_and_waiters (service, error))
    return NULL;
  if (service->endpoint_rules != NULL)
    {
      service->endpoint_rules_symbol = g_strconcat (service->func, "__endpoint_rule_set_json", NULL);
      if (!claim (service, service->endpoint_rules_symbol, "the endpoint rule set", error))
        return NULL;
    }
  return g_steal_pointer (&service);
}

/* Facts */

static char *
flags_expression (guint32     flags,
                  const char *const *names,
                  guint       n_names)
{
  GString *expression = g_string_new (NULL);

  for (guint bit = 0; bit < n_names; bit++)
    if (flags & (1u << bit))
      g_string_append_printf (expression, "%s%s", expression->len ? " | " : "", names[bit]);
  return g_string_free (expression, FALSE);
}

static const char *const shape_flag_names[] = {
  "GAWS_SHAPE_FLAG_STREAMING", "GAWS_SHAPE_FLAG_EVENTSTREAM", "GAWS_SHAPE_FLAG_EVENT",
  "GAWS_SHAPE_FLAG_EXCEPTION", "GAWS_SHAPE_FLAG_FAULT", "GAWS_SHAPE_FLAG_SENSITIVE",
  "GAWS_SHAPE_FLAG_FLATTENED", "GAWS_SHAPE_FLAG_HAS_MIN", "GAWS_SHAPE_FLAG_HAS_MAX",
  "GAWS_SHAPE_FLAG_REQUIRES_LENGTH", "GAWS_SHAPE_FLAG_SPARSE", "GAWS_SHAPE_FLAG_WRAPPER",
  "GAWS_SHAPE_FLAG_DEPRECATED", "GAWS_SHAPE_FLAG_SENDER_FAULT", "GAWS_SHAPE_FLAG_SYNTHETIC",
};

static const char *const member_flag_names[] = {
  "GAWS_MEMBER_FLAG_REQUIRED", "GAWS_MEMBER_FLAG_XML_ATTRIBUTE", "GAWS_MEMBER_FLAG_FLATTENED",
  "GAWS_MEMBER_FLAG_JSONVALUE", "GAWS_MEMBER_FLAG_IDEMPOTENCY_TOKEN", "GAWS_MEMBER_FLAG_HOST_LABEL",
  "GAWS_MEMBER_FLAG_EVENT_PAYLOAD", "GAWS_MEMBER_FLAG_EVENT_HEADER", "GAWS_MEMBER_FLAG_DEPRECATED",
  "GAWS_MEMBER_FLAG_STREAMING",
};

static const char *const operation_flag_names[] = {
  "GAWS_OPERATION_FLAG_CHECKSUM_REQUIRED", "GAWS_OPERATION_FLAG_UNSIGNED_PAYLOAD",
  "GAWS_OPERATION_FLAG_AUTH_NONE", "GAWS_OPERATION_FLAG_DEPRECATED",
  "GAWS_OPERATION_FLAG_IDEMPOTENT", "GAWS_OPERATION_FLAG_REQUEST_COMPRESSION",
};

static const char *const kind_names[] = {
  "GAWS_SHAPE_KIND_STRUCTURE", "GAWS_SHAPE_KIND_UNION", "GAWS_SHAPE_KIND_LIST", "GAWS_SHAPE_KIND_MAP",
  "GAWS_SHAPE_KIND_STRING", "GAWS_SHAPE_KIND_INTEGER", "GAWS_SHAPE_KIND_LONG", "GAWS_SHAPE_KIND_BOOLEAN",
  "GAWS_SHAPE_KIND_FLOAT", "GAWS_SHAPE_KIND_DOUBLE", "GAWS_SHAPE_KIND_TIMESTAMP", "GAWS_SHAPE_KIND_BLOB",
  "GAWS_SHAPE_KIND_DOCUMENT",
};

static const char *const location_names[] = {
  "", "GAWS_LOCATION_HEADER", "GAWS_LOCATION_HEADERS", "GAWS_LOCATION_QUERYSTRING",
  "GAWS_LOCATION_URI", "GAWS_LOCATION_STATUS_CODE",
};

static const char *const timestamp_format_names[] = {
  "", "GAWS_TIMESTAMP_FORMAT_ISO8601", "GAWS_TIMESTAMP_FORMAT_RFC822",
  "GAWS_TIMESTAMP_FORMAT_UNIX_TIMESTAMP",
};

/* Text that ends up in a C string literal: C escapes, and no `*` `/`
 * pair, since the same text appears in comments. */
static void
c_string (CgFacts    *facts,
          const char *text)
{
  g_autofree char *escaped = text ? g_strescape (text, NULL) : NULL;
  GString *safe = g_string_new (NULL);

  for (const char *p = escaped; p && *p; p++)
    {
      if (*p == '/' && safe->len > 0 && safe->str[safe->len - 1] == '*')
        g_string_append (safe, "\\057");
      else
        g_string_append_c (safe, *p);
    }
  cg_facts_text (facts, text ? safe->str : NULL);
  g_string_free (safe, TRUE);
}

static void
optional_double (CgFacts  *facts,
                 gboolean  present,
                 double    value)
{
  if (present)
    cg_facts_double (facts, value);
  else
    cg_facts_identifier (facts, NULL);
}

/* The rule set as the pieces of a C string literal, one fact each: some
 * rule sets are 100 KB, and short lines keep the generated file readable
 * and its diffs small. A piece never ends inside an escape. `?` is escaped
 * so that no `??x` trigraph can form. */
#define ENDPOINT_RULES_PIECE 96

static void
write_string_pieces (const char *json,
                     const char *macro,
                     CgFacts    *facts)
{
  GString *piece = g_string_new (NULL);

  for (const char *p = json; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\' || c == '?')
        {
          g_string_append_c (piece, '\\');
          g_string_append_c (piece, (char) c);
        }
      else if (c < 0x20 || c >= 0x7f)
        g_string_append_printf (piece, "\\%03o", c);
      else
        g_string_append_c (piece, (char) c);
      if (piece->len >= ENDPOINT_RULES_PIECE || p[1] == '\0')
        {
          cg_facts_begin (facts, macro);
          cg_facts_text (facts, piece->str);
          cg_facts_end (facts);
          g_string_truncate (piece, 0);
        }
    }
  g_string_free (piece, TRUE);
}

static void
write_service (CgService *service,
               CgFacts   *facts)
{
  const GawsServiceInfo *info = service->info;
  json_t *metadata = json_object_get (service->model, "metadata");
  const char *signature = json_string_value (json_object_get (metadata, "signatureVersion"));
  g_autofree char *env_name = g_ascii_strup (info->service_id ? info->service_id : service->name, -1);
  g_autofree char *doc = cg_docs_to_comment (json_doc (service->model));
  g_autofree char *stem = g_strdup_printf ("gaws-%s", service->name);

  cg_facts_begin (facts, "g4_service");
  cg_facts_text (facts, service->name);
  cg_facts_identifier (facts, service->func);
  cg_facts_identifier (facts, service->camel);
  cg_facts_identifier (facts, service->upper);
  c_string (facts, service->model_path);
  c_string (facts, info->api_version);
  cg_facts_identifier (facts, stem);
  cg_facts_end (facts);

  cg_facts_begin (facts, "g4_doc");
  cg_facts_text (facts, doc);
  cg_facts_end (facts);

  /* botocore's AWS_ENDPOINT_URL_<SERVICE>: the service id, upper case,
   * spaces as underscores. */
  g_strdelimit (env_name, " -", '_');
  cg_facts_begin (facts, "g4_service_meta");
  c_string (facts, info->service_id);
  c_string (facts, info->endpoint_prefix);
  c_string (facts, info->signing_name);
  c_string (facts, info->json_version);
  c_string (facts, info->target_prefix);
  c_string (facts, info->xml_namespace);
  cg_facts_identifier (facts, (info->flags & GAWS_SERVICE_FLAG_QUERY_COMPATIBLE) ? "GAWS_SERVICE_FLAG_QUERY_COMPATIBLE" : NULL);
  c_string (facts, env_name);
  /* S3's signing differs: the payload hash header, no path normalization. */
  cg_facts_identifier (facts, signature && g_str_has_prefix (signature, "s3")
                       ? "GAWS_SIGV4_CONTENT_SHA256_HEADER | GAWS_SIGV4_NO_PATH_NORMALIZE" : NULL);
  c_string (facts, json_object_get (metadata, "globalEndpoint") ? "us-east-1" : NULL);
  cg_facts_identifier (facts, service->endpoint_rules_symbol);
  cg_facts_end (facts);

  if (service->endpoint_rules != NULL)
    write_string_pieces (service->endpoint_rules, "g4_endpoint_rules", facts);

  for (guint i = 0; info->protocols[i] != NULL; i++)
    {
      cg_facts_begin (facts, "g4_service_protocol");
      c_string (facts, info->protocols[i]);
      cg_facts_end (facts);
    }

  cg_facts_begin (facts, "g4_service_counts");
  cg_facts_int (facts, info->n_shapes);
  cg_facts_int (facts, service->n_members);
  cg_facts_int (facts, info->n_operations);
  cg_facts_int (facts, info->n_errors);
  cg_facts_int (facts, service->n_enum_values);
  cg_facts_int (facts, service->n_operation_errors);
  cg_facts_int (facts, service->n_chunks);
  cg_facts_end (facts);


  for (guint i = 0; i < service->n_chunks; i++)
    {
      g_autofree char *file = g_strdup_printf ("gaws-%s-shapes-%u.c", service->name, i);

      cg_facts_begin (facts, "g4_chunk");
      cg_facts_int (facts, i);
      cg_facts_identifier (facts, file);
      cg_facts_end (facts);
    }
}

static void
write_shape_table_facts (CgService *service,
                         CgShape   *shape,
                         CgFacts   *facts)
{
  const GawsShapeInfo *info = shape->info;
  g_autofree char *flags = flags_expression (info->flags, shape_flag_names, G_N_ELEMENTS (shape_flag_names));

  cg_facts_begin (facts, "g4_shape");
  cg_facts_int (facts, shape->index);
  c_string (facts, info->name);
  cg_facts_identifier (facts, kind_names[info->kind]);
  cg_facts_int (facts, shape->first_member);
  cg_facts_int (facts, info->n_members);
  cg_facts_int (facts, info->payload);
  cg_facts_identifier (facts, shape->func);
  cg_facts_end (facts);

  cg_facts_begin (facts, "g4_shape_traits");
  cg_facts_int (facts, shape->index);
  cg_facts_identifier (facts, flags);
  cg_facts_identifier (facts, timestamp_format_names[info->timestamp_format]);
  optional_double (facts, info->flags & GAWS_SHAPE_FLAG_HAS_MIN, info->min);
  optional_double (facts, info->flags & GAWS_SHAPE_FLAG_HAS_MAX, info->max);
  if (shape->first_enum_value >= 0)
    cg_facts_int (facts, shape->first_enum_value);
  else
    cg_facts_identifier (facts, NULL);
  c_string (facts, info->location_name);
  c_string (facts, info->xml_namespace_prefix);
  c_string (facts, info->xml_namespace_uri);
  c_string (facts, info->error_code);
  if (info->error_status)
    cg_facts_int (facts, info->error_status);
  else
    cg_facts_identifier (facts, NULL);
  cg_facts_end (facts);
}

static void
write_member (CgService            *service,
              CgShape              *owner,
              guint                 position,
              CgFacts              *facts)
{
  const GawsMemberInfo *member = &owner->info->members[position];
  g_autofree char *flags = flags_expression (member->flags, member_flag_names, G_N_ELEMENTS (member_flag_names));

  cg_facts_begin (facts, "g4_member");
  cg_facts_int (facts, owner->first_member + position);
  cg_facts_int (facts, owner->index);
  c_string (facts, member->name);
  c_string (facts, owner->members ? owner->members[position].property : NULL);
  cg_facts_int (facts, member->shape - service->info->shapes);
  cg_facts_identifier (facts, location_names[member->location]);
  cg_facts_identifier (facts, timestamp_format_names[member->timestamp_format]);
  cg_facts_identifier (facts, flags);
  c_string (facts, member->location_name);
  c_string (facts, member->query_name);
  c_string (facts, member->xml_namespace_prefix);
  c_string (facts, member->xml_namespace_uri);
  c_string (facts, member->context_param);
  cg_facts_end (facts);
}

static void
write_enum_values (CgService *service,
                   CgShape   *shape,
                   CgFacts   *facts)
{
  guint i;

  for (i = 0; shape->enum_constants[i] != NULL; i++)
    {
      cg_facts_begin (facts, "g4_enum_value");
      cg_facts_int (facts, shape->first_enum_value + i);
      c_string (facts, shape->info->name);
      c_string (facts, shape->info->enum_values[i]);
      cg_facts_identifier (facts, shape->enum_constants[i]);
      cg_facts_end (facts);
    }
  cg_facts_begin (facts, "g4_enum_end");
  cg_facts_int (facts, shape->first_enum_value + i);
  cg_facts_end (facts);
}

/* What a member's accessors look like in C. */
typedef struct {
  const char *accessor;   /* the gaws_shape_get_* / _set_* suffix */
  const char *c_type;     /* ready to prefix a name: `gint `, `GBytes *` */
} AccessorType;

static AccessorType
accessor_type (const GawsMemberInfo *member)
{
  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
      return (AccessorType) { "shape", NULL };
    case GAWS_SHAPE_KIND_LIST:
      return (AccessorType) { "list", "GPtrArray *" };
    case GAWS_SHAPE_KIND_MAP:
      return (AccessorType) { "map", "GHashTable *" };
    case GAWS_SHAPE_KIND_INTEGER:
      return (AccessorType) { "int", "gint " };
    case GAWS_SHAPE_KIND_LONG:
      return (AccessorType) { "int64", "gint64 " };
    case GAWS_SHAPE_KIND_BOOLEAN:
      return (AccessorType) { "boolean", "gboolean " };
    case GAWS_SHAPE_KIND_FLOAT:
    case GAWS_SHAPE_KIND_DOUBLE:
      return (AccessorType) { "double", "double " };
    case GAWS_SHAPE_KIND_TIMESTAMP:
      return (AccessorType) { "date_time", "GDateTime *" };
    case GAWS_SHAPE_KIND_BLOB:
      if (gaws_member_info_is_streaming (member))
        return (AccessorType) { "stream", "GInputStream *" };
      return (AccessorType) { "bytes", "GBytes *" };
    case GAWS_SHAPE_KIND_STRING:
    case GAWS_SHAPE_KIND_DOCUMENT:
    default:
      return (AccessorType) { "string", "const char *" };
    }
}

/* GI's name for what a list or map holds, with what it holds in turn:
 * `GawsS3Object`, `GLib.PtrArray(utf8)`. */
static char *
element_type_name (CgService           *service,
                   const GawsShapeInfo *shape)
{
  switch ((GawsShapeKind) shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
      return g_strdup (service->shapes[shape - service->info->shapes].ctype);
    case GAWS_SHAPE_KIND_LIST:
      {
        g_autofree char *inner = element_type_name (service, shape->members[0].shape);
        return g_strdup_printf ("GLib.PtrArray(%s)", inner);
      }
    case GAWS_SHAPE_KIND_MAP:
      {
        g_autofree char *inner = element_type_name (service, shape->members[1].shape);
        return g_strdup_printf ("GLib.HashTable(utf8,%s)", inner);
      }
    case GAWS_SHAPE_KIND_TIMESTAMP:
      return g_strdup ("GDateTime");
    case GAWS_SHAPE_KIND_BLOB:
      return g_strdup ("GBytes");
    case GAWS_SHAPE_KIND_STRING:
    case GAWS_SHAPE_KIND_DOCUMENT:
      return g_strdup ("utf8");
    default:
      return g_strdup ("GVariant");
    }
}

static gboolean
is_event_stream (const GawsMemberInfo *member)
{
  return (member->shape->flags & GAWS_SHAPE_FLAG_EVENTSTREAM) != 0;
}

/* Whether a structure is what an operation sends: its event-stream member
 * holds the writer the events go out through, not a stream to read. */
static gboolean
is_operation_input (CgService           *service,
                    const GawsShapeInfo *shape)
{
  for (guint i = 0; i < service->info->n_operations; i++)
    if (service->info->operations[i].input == shape)
      return TRUE;
  return FALSE;
}

static char *
annotation (CgService            *service,
            const GawsMemberInfo *member)
{
  const GawsShapeInfo *shape = member->shape;
  g_autofree char *inner = NULL;

  if (is_event_stream (member))
    return g_strdup ("");
  if (shape->kind == GAWS_SHAPE_KIND_LIST)
    {
      inner = element_type_name (service, shape->members[0].shape);
      return g_strdup_printf (" (element-type %s)", inner);
    }
  if (shape->kind == GAWS_SHAPE_KIND_MAP)
    {
      inner = element_type_name (service, shape->members[1].shape);
      return g_strdup_printf (" (element-type utf8 %s)", inner);
    }
  return g_strdup ("");
}

/* The property's type for GI, when its GParamSpec does not tell it: what
 * a list or map holds, and the stream an event-stream member is. */
static char *
property_type (CgService            *service,
               const GawsShapeInfo  *owner,
               const GawsMemberInfo *member)
{
  const GawsShapeInfo *shape = member->shape;

  if (is_event_stream (member))
    return g_strdup (is_operation_input (service, owner) ? "GObject.Object" : "Gaws.EventStream");
  if (shape->kind == GAWS_SHAPE_KIND_LIST || shape->kind == GAWS_SHAPE_KIND_MAP)
    return element_type_name (service, shape);
  return g_strdup ("");
}

static void
write_accessor (CgService *service,
                CgShape   *owner,
                guint      position,
                CgFacts   *facts)
{
  CgMember *member = &owner->members[position];
  AccessorType type = accessor_type (member->info);
  g_autofree char *c_type = NULL, *notes = annotation (service, member->info);
  g_autofree char *gi_type = property_type (service, owner->info, member->info);

  /* an event-stream member holds the GawsEventStream its events come from,
   * or in an input the GawsEventStreamWriter they are sent through */
  if (is_event_stream (member->info))
    c_type = g_strdup (is_operation_input (service, owner->info) ? "GObject *" : "GawsEventStream *");
  else if (type.c_type == NULL)
    c_type = g_strdup_printf ("%s *", service->shapes[member->info->shape - service->info->shapes].ctype);
  else
    c_type = g_strdup (type.c_type);

  cg_facts_begin (facts, "g4_doc");
  cg_facts_text (facts, member->doc);
  cg_facts_end (facts);
  cg_facts_begin (facts, "g4_accessor");
  cg_facts_int (facts, owner->index);
  cg_facts_int (facts, position);
  cg_facts_identifier (facts, owner->func);
  cg_facts_identifier (facts, owner->ctype);
  /* A name part on its own (`m4_define`) is model text: escaped. */
  cg_facts_text (facts, member->snake);
  cg_facts_identifier (facts, type.accessor);
  cg_facts_text (facts, c_type);
  cg_facts_text (facts, notes);
  c_string (facts, member->info->name);
  cg_facts_int (facts, is_scalar (member->info->shape));
  cg_facts_text (facts, member->property);
  cg_facts_text (facts, gi_type);
  cg_facts_end (facts);
}

static void
write_class (CgService *service,
             CgShape   *shape,
             CgFacts   *facts)
{
  cg_facts_begin (facts, "g4_doc");
  cg_facts_text (facts, shape->doc);
  cg_facts_end (facts);
  cg_facts_begin (facts, "g4_class");
  cg_facts_int (facts, shape->index);
  c_string (facts, shape->info->name);
  cg_facts_identifier (facts, shape->ctype);
  cg_facts_identifier (facts, shape->func);
  cg_facts_identifier (facts, shape->type_macro);
  cg_facts_identifier (facts, shape->cast_macro);
  cg_facts_int (facts, shape->chunk);
  cg_facts_end (facts);
  for (guint i = 0; i < shape->info->n_members; i++)
    write_accessor (service, shape, i, facts);
  cg_facts_begin (facts, "g4_class_end");
  cg_facts_int (facts, shape->index);
  cg_facts_end (facts);
}

static const char *
shape_ctype (CgService           *service,
             const GawsShapeInfo *shape)
{
  return shape ? service->shapes[shape - service->info->shapes].ctype : NULL;
}

static void
write_operation (CgService   *service,
                 CgOperation *op,
                 CgFacts     *facts)
{
  const GawsOperationInfo *info = op->info;
  g_autofree char *flags = flags_expression (info->flags, operation_flag_names, G_N_ELEMENTS (operation_flag_names));

  cg_facts_begin (facts, "g4_doc");
  cg_facts_text (facts, op->doc);
  cg_facts_end (facts);
  cg_facts_begin (facts, "g4_operation");
  cg_facts_int (facts, op - service->operations);
  c_string (facts, info->name);
  cg_facts_text (facts, op->snake);
  c_string (facts, info->http_method);
  c_string (facts, info->request_uri);
  cg_facts_int (facts, info->response_code);
  cg_facts_identifier (facts, flags);
  cg_facts_identifier (facts, shape_ctype (service, info->input));
  cg_facts_identifier (facts, shape_ctype (service, info->output));
  cg_facts_end (facts);

  /* Only the operations with httpChecksum members, so that the facts of
   * the others stay as they were. */
  if (info->request_algorithm_member != NULL || info->request_validation_mode_member != NULL)
    {
      cg_facts_begin (facts, "g4_operation_checksum");
      cg_facts_int (facts, op - service->operations);
      c_string (facts, info->request_algorithm_member);
      c_string (facts, info->request_validation_mode_member);
      cg_facts_end (facts);
    }

  cg_facts_begin (facts, "g4_operation_more");
  cg_facts_int (facts, op - service->operations);
  if (info->input)
    cg_facts_int (facts, info->input - service->info->shapes);
  else
    cg_facts_identifier (facts, NULL);
  if (info->output)
    cg_facts_int (facts, info->output - service->info->shapes);
  else
    cg_facts_identifier (facts, NULL);
  c_string (facts, info->input_location_name);
  c_string (facts, info->input_xml_namespace_uri);
  c_string (facts, info->result_wrapper);
  c_string (facts, info->host_prefix);
  cg_facts_int (facts, op->first_error);
  cg_facts_int (facts, info->n_errors);
  cg_facts_end (facts);

  for (guint i = 0; i < info->n_errors; i++)
    {
      cg_facts_begin (facts, "g4_operation_error");
      cg_facts_int (facts, op->first_error + i);
      cg_facts_int (facts, info->errors[i] - service->info->shapes);
      cg_facts_end (facts);
    }
}

static void
write_errors (CgService *service,
              CgFacts   *facts)
{
  for (guint i = 0; i < service->info->n_errors; i++)
    {
      cg_facts_begin (facts, "g4_error");
      cg_facts_int (facts, i);
      cg_facts_int (facts, service->info->errors[i] - service->info->shapes);
      c_string (facts, gaws_shape_info_get_error_code (service->info->errors[i]));
      cg_facts_identifier (facts, service->error_constants[i]);
      cg_facts_end (facts);
    }
}

/* JMESPath and tokens in a C string: as c_string(), and no `??` that a
 * compiler could read as a trigraph (waiter filters hold `[?`). */
static void
c_string_strict (CgFacts    *facts,
                 const char *text)
{
  g_autofree char *escaped = text ? g_strescape (text, NULL) : NULL;
  GString *safe = g_string_new (NULL);

  for (const char *p = escaped; p && *p; p++)
    {
      char last = safe->len > 0 ? safe->str[safe->len - 1] : '\0';

      if (*p == '/' && last == '*')
        g_string_append (safe, "\\057");
      else if (*p == '?' && last == '?')
        g_string_append (safe, "\\?");
      else
        g_string_append_c (safe, *p);
    }
  cg_facts_text (facts, text ? safe->str : NULL);
  g_string_free (safe, TRUE);
}

/* A NULL-terminated list of strings in the one array the paginators
 * share, or nothing for a %NULL list. */
static gint
write_paginator_strings (const char *const *strings,
                         guint             *next,
                         CgFacts           *facts)
{
  gint first = (gint) *next;

  if (strings == NULL)
    return -1;
  for (guint i = 0; strings[i] != NULL; i++)
    {
      cg_facts_begin (facts, "g4_paginator_string");
      cg_facts_int (facts, (*next)++);
      c_string_strict (facts, strings[i]);
      cg_facts_end (facts);
    }
  cg_facts_begin (facts, "g4_paginator_strings_end");
  cg_facts_int (facts, (*next)++);
  cg_facts_end (facts);
  return first;
}

static void
optional_index (CgFacts *facts,
                gint     index)
{
  if (index >= 0)
    cg_facts_int (facts, index);
  else
    cg_facts_identifier (facts, NULL);
}

static void
write_paginators (CgService *service,
                  CgFacts   *facts)
{
  const GawsServiceInfo *info = service->info;
  guint n_strings = 0;

  for (guint i = 0; i < info->n_paginators; i++)
    {
      const GawsPaginatorInfo *paginator = &info->paginators[i];
      const GawsOperationInfo *op = paginator->operation;
      gint inputs = write_paginator_strings (paginator->input_tokens, &n_strings, facts);
      gint outputs = write_paginator_strings (paginator->output_tokens, &n_strings, facts);
      gint results = write_paginator_strings (paginator->result_keys, &n_strings, facts);
      gint non_aggregates = write_paginator_strings (paginator->non_aggregate_keys, &n_strings, facts);

      cg_facts_begin (facts, "g4_paginator");
      cg_facts_int (facts, i);
      cg_facts_int (facts, op - info->operations);
      c_string (facts, op->name);
      cg_facts_text (facts, service->operations[op - info->operations].snake);
      c_string (facts, paginator->python_name);
      cg_facts_int (facts, inputs);
      cg_facts_int (facts, outputs);
      c_string_strict (facts, paginator->more_results);
      c_string_strict (facts, paginator->limit_key);
      optional_index (facts, results);
      optional_index (facts, non_aggregates);
      cg_facts_identifier (facts, shape_ctype (service, op->input));
      cg_facts_end (facts);
    }
}

static const char *const waiter_state_names[] = {
  "GAWS_WAITER_STATE_SUCCESS", "GAWS_WAITER_STATE_FAILURE", "GAWS_WAITER_STATE_RETRY",
};

static const char *const waiter_matcher_names[] = {
  "GAWS_WAITER_MATCHER_PATH", "GAWS_WAITER_MATCHER_PATH_ALL", "GAWS_WAITER_MATCHER_PATH_ANY",
  "GAWS_WAITER_MATCHER_STATUS", "GAWS_WAITER_MATCHER_ERROR",
};

static void
write_waiters (CgService *service,
               CgFacts   *facts)
{
  const GawsServiceInfo *info = service->info;
  guint n_acceptors = 0;

  for (guint i = 0; i < info->n_waiters; i++)
    {
      const GawsWaiterInfo *waiter = &info->waiters[i];
      const GawsOperationInfo *op = waiter->operation;

      for (guint k = 0; k < waiter->n_acceptors; k++)
        {
          const GawsWaiterAcceptorInfo *acceptor = &waiter->acceptors[k];

          cg_facts_begin (facts, "g4_waiter_acceptor");
          cg_facts_int (facts, n_acceptors + k);
          cg_facts_identifier (facts, waiter_state_names[acceptor->state]);
          cg_facts_identifier (facts, waiter_matcher_names[acceptor->matcher]);
          c_string_strict (facts, acceptor->argument);
          c_string_strict (facts, acceptor->expected);
          cg_facts_end (facts);
        }
      cg_facts_begin (facts, "g4_doc");
      cg_facts_text (facts, service->waiter_docs[i]);
      cg_facts_end (facts);
      cg_facts_begin (facts, "g4_waiter");
      cg_facts_int (facts, i);
      c_string (facts, waiter->name);
      c_string (facts, waiter->python_name);
      cg_facts_text (facts, service->waiter_snakes[i]);
      cg_facts_int (facts, op - info->operations);
      c_string (facts, op->name);
      cg_facts_int (facts, waiter->delay);
      cg_facts_int (facts, waiter->max_attempts);
      cg_facts_int (facts, n_acceptors);
      cg_facts_int (facts, waiter->n_acceptors);
      cg_facts_end (facts);
      n_acceptors += waiter->n_acceptors;
    }
}

static void
write_service_extras (CgService *service,
                      CgFacts   *facts)
{
  cg_facts_begin (facts, "g4_service_extras");
  cg_facts_identifier (facts, service->paginators_symbol);
  cg_facts_int (facts, service->info->n_paginators);
  cg_facts_identifier (facts, service->waiters_symbol);
  cg_facts_int (facts, service->info->n_waiters);
  cg_facts_identifier (facts, service->resources_symbol);
  cg_facts_end (facts);
}

/**
 * cg_service_write_facts:
 * @service: a #CgService
 * @path: the facts file to write
 * @lean_path: the same facts without documentation
 * @error: return location for a #GError
 *
 * Writes everything the templates print as m4 facts, one per line, in the
 * model's sorted order: the service, the shapes with their members and
 * enum values, the classes with their accessors, the operations, the
 * errors, the paginators, the waiters and the resources.
 *
 * Returns: %TRUE on success
 */
gboolean
cg_service_write_facts (CgService   *service,
                        const char  *path,
                        const char  *lean_path,
                        GError     **error)
{
  g_autoptr(CgFacts) facts = cg_facts_new ();

  write_service (service, facts);
  for (guint i = 0; i < service->info->n_shapes; i++)
    {
      CgShape *shape = &service->shapes[i];

      write_shape_table_facts (service, shape, facts);
      for (guint k = 0; k < shape->info->n_members; k++)
        write_member (service, shape, k, facts);
      if (shape->enum_constants != NULL)
        write_enum_values (service, shape, facts);
    }
  for (guint i = 0; i < service->info->n_shapes; i++)
    if (service->shapes[i].ctype != NULL)
      write_class (service, &service->shapes[i], facts);
  for (guint i = 0; i < service->info->n_operations; i++)
    write_operation (service, &service->operations[i], facts);
  write_errors (service, facts);
  write_service_extras (service, facts);
  write_paginators (service, facts);
  write_waiters (service, facts);
  if (service->info->resources_json != NULL)
    write_string_pieces (service->info->resources_json, "g4_resources", facts);
  return cg_facts_write (facts, path, lean_path, error);
}
