/* gaws-resource-customizations.c: boto3's hand-written resource actions
 * (boto3/s3/inject.py, boto3/dynamodb/table.py), hooked in through
 * the extension point of gaws-resource.c
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-resource-customizations-private.h"
#include "gaws-resource-private.h"
#include "gaws-dynamodb-batch-writer.h"
#include "gaws-error.h"
#include "gaws-operation.h"
#include "gaws-s3-transfer-manager.h"
#include "gaws-shape-json.h"

#include <jansson.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

/* --- the parameter shapes: what boto3 takes as keyword arguments --- */

static const GawsShapeInfo string_shape = {
  .name = "String", .kind = GAWS_SHAPE_KIND_STRING, .payload = -1,
};

static const GawsShapeInfo integer_shape = {
  .name = "Integer", .kind = GAWS_SHAPE_KIND_INTEGER, .payload = -1,
};

/* ExtraArgs is a JSON object of the operation's input members. */
static const GawsShapeInfo extra_args_shape = {
  .name = "ExtraArgs", .kind = GAWS_SHAPE_KIND_DOCUMENT, .payload = -1,
};

static const GawsShapeInfo input_stream_shape = {
  .name = "InputStream", .kind = GAWS_SHAPE_KIND_BLOB, .flags = GAWS_SHAPE_FLAG_STREAMING, .payload = -1,
};

/* A member of this shape holds any #GObject (the runtime stores event
 * streams so): download_fileobj's #GOutputStream, which no model shape
 * describes. */
static const GawsShapeInfo object_shape = {
  .name = "OutputStream", .kind = GAWS_SHAPE_KIND_UNION, .flags = GAWS_SHAPE_FLAG_EVENTSTREAM, .payload = -1,
};

static const GawsMemberInfo string_list_members[] = {
  { .name = "member", .shape = &string_shape },
};

static const GawsShapeInfo string_list_shape = {
  .name = "StringList", .kind = GAWS_SHAPE_KIND_LIST, .members = string_list_members, .n_members = 1,
  .payload = -1,
};

#define MEMBER(member_name, property, member_shape) \
  { .name = member_name, .property_name = property, .shape = &member_shape }

static const GawsMemberInfo copy_source_members[] = {
  MEMBER ("Bucket", "bucket", string_shape),
  MEMBER ("Key", "key", string_shape),
  MEMBER ("VersionId", "version-id", string_shape),
};

static const GawsShapeInfo copy_source_shape = {
  .name = "CopySource", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = copy_source_members,
  .n_members = G_N_ELEMENTS (copy_source_members), .payload = -1,
};

#define PARAMS_SHAPE(var, shape_name, member_array) \
  static const GawsShapeInfo var = { .name = shape_name, .kind = GAWS_SHAPE_KIND_STRUCTURE, \
                                     .members = member_array, .n_members = G_N_ELEMENTS (member_array), \
                                     .payload = -1 }

static const GawsMemberInfo upload_file_members[] = {
  MEMBER ("Filename", "filename", string_shape),
  MEMBER ("Key", "key", string_shape),
  MEMBER ("ExtraArgs", "extra-args", extra_args_shape),
};
PARAMS_SHAPE (upload_file_params, "UploadFileParams", upload_file_members);

static const GawsMemberInfo upload_fileobj_members[] = {
  MEMBER ("Fileobj", "fileobj", input_stream_shape),
  MEMBER ("Key", "key", string_shape),
  MEMBER ("ExtraArgs", "extra-args", extra_args_shape),
};
PARAMS_SHAPE (upload_fileobj_params, "UploadFileobjParams", upload_fileobj_members);

static const GawsMemberInfo download_file_members[] = {
  MEMBER ("Key", "key", string_shape),
  MEMBER ("Filename", "filename", string_shape),
  MEMBER ("ExtraArgs", "extra-args", extra_args_shape),
};
PARAMS_SHAPE (download_file_params, "DownloadFileParams", download_file_members);

static const GawsMemberInfo download_fileobj_members[] = {
  MEMBER ("Key", "key", string_shape),
  MEMBER ("Fileobj", "fileobj", object_shape),
  MEMBER ("ExtraArgs", "extra-args", extra_args_shape),
};
PARAMS_SHAPE (download_fileobj_params, "DownloadFileobjParams", download_fileobj_members);

static const GawsMemberInfo copy_members[] = {
  MEMBER ("CopySource", "copy-source", copy_source_shape),
  MEMBER ("Key", "key", string_shape),
  MEMBER ("ExtraArgs", "extra-args", extra_args_shape),
};
PARAMS_SHAPE (copy_params, "CopyParams", copy_members);

static const GawsMemberInfo batch_writer_members[] = {
  MEMBER ("FlushAmount", "flush-amount", integer_shape),
  MEMBER ("OverwriteByPkeys", "overwrite-by-pkeys", string_list_shape),
};
PARAMS_SHAPE (batch_writer_params, "BatchWriterParams", batch_writer_members);

/* --- reading parameters --- */

/* The value of a member of @params, or %NULL when unset or when @params
 * has no such member (each action's structure has only its own). */
static const GValue *
param (GawsShape  *params,
       const char *name)
{
  const GawsShapeInfo *info = params ? gaws_shape_get_info (params) : NULL;

  for (guint i = 0; info != NULL && i < info->n_members; i++)
    if (strcmp (info->members[i].name, name) == 0)
      return gaws_shape_get_value (params, i);
  return NULL;
}

static const char *
param_string (GawsShape  *params,
              const char *name)
{
  const GValue *value = param (params, name);

  return value != NULL ? g_value_get_string (value) : NULL;
}

static GVariant *
json_to_variant (json_t *json)
{
  switch (json_typeof (json))
    {
    case JSON_OBJECT:
      {
        GVariantBuilder builder;
        const char *key;
        json_t *value;

        g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
        json_object_foreach (json, key, value)
          if (!json_is_null (value))
            g_variant_builder_add (&builder, "{sv}", key, json_to_variant (value));
        return g_variant_builder_end (&builder);
      }
    case JSON_ARRAY:
      {
        GVariantBuilder builder;
        json_t *value;
        size_t i;

        g_variant_builder_init (&builder, G_VARIANT_TYPE ("av"));
        json_array_foreach (json, i, value)
          g_variant_builder_add (&builder, "v", json_to_variant (value));
        return g_variant_builder_end (&builder);
      }
    case JSON_STRING:
      return g_variant_new_string (json_string_value (json));
    case JSON_INTEGER:
      return g_variant_new_int64 (json_integer_value (json));
    case JSON_REAL:
      return g_variant_new_double (json_real_value (json));
    case JSON_TRUE:
    case JSON_FALSE:
      return g_variant_new_boolean (json_is_true (json));
    case JSON_NULL:
    default:
      return g_variant_new_string ("");
    }
}

/* ExtraArgs (a JSON object) as the a{sv} the transfer manager takes. */
static gboolean
extra_args (GawsShape  *params,
            GVariant  **extra,
            GError    **error)
{
  const char *text = param_string (params, "ExtraArgs");
  g_autoptr(json_t) json = NULL;
  json_error_t json_error;

  *extra = NULL;
  if (text == NULL)
    return TRUE;
  json = json_loads (text, JSON_DECODE_ANY, &json_error);
  if (!json_is_object (json))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "ExtraArgs must be a JSON object of the operation's members");
      return FALSE;
    }
  *extra = g_variant_ref_sink (json_to_variant (json));
  return TRUE;
}

/* The bucket and key a transfer is about: an Object's identifiers, or a
 * Bucket's name and the Key parameter. */
static gboolean
transfer_target (GawsResource  *resource,
                 GawsShape     *params,
                 const char    *action,
                 const char   **bucket,
                 const char   **key,
                 GError       **error)
{
  const char *given = param_string (params, "Key");

  if (g_strcmp0 (gaws_resource_get_resource_name (resource), "Bucket") == 0)
    {
      *bucket = gaws_resource_get_identifier (resource, "Name");
      *key = given;
      if (*key == NULL)
        {
          g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                       "Bucket's %s needs the Key parameter", action);
          return FALSE;
        }
      return TRUE;
    }
  *bucket = gaws_resource_get_identifier (resource, "BucketName");
  *key = gaws_resource_get_identifier (resource, "Key");
  if (given != NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "%s's %s takes no Key parameter: the key is its identifier",
                   gaws_resource_get_resource_name (resource), action);
      return FALSE;
    }
  return TRUE;
}

static gboolean
require (gboolean     present,
         const char  *action,
         const char  *name,
         GError     **error)
{
  if (!present)
    g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT, "%s needs the %s parameter", action, name);
  return present;
}

/* --- S3 transfers (boto3/s3/inject.py) --- */

typedef enum {
  UPLOAD_FILE,
  UPLOAD_FILEOBJ,
  DOWNLOAD_FILE,
  DOWNLOAD_FILEOBJ,
  COPY,
} TransferKind;

static const char *const transfer_names[] = {
  "upload_file", "upload_fileobj", "download_file", "download_fileobj", "copy",
};

static void
transferred (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GawsS3TransferManager *manager = GAWS_S3_TRANSFER_MANAGER (source);
  GError *error = NULL;
  gboolean ok = FALSE;

  switch ((TransferKind) GPOINTER_TO_INT (g_task_get_task_data (task)))
    {
    case UPLOAD_FILE:
      ok = gaws_s3_transfer_manager_upload_file_finish (manager, result, &error);
      break;
    case UPLOAD_FILEOBJ:
      ok = gaws_s3_transfer_manager_upload_fileobj_finish (manager, result, &error);
      break;
    case DOWNLOAD_FILE:
      ok = gaws_s3_transfer_manager_download_file_finish (manager, result, &error);
      break;
    case DOWNLOAD_FILEOBJ:
      ok = gaws_s3_transfer_manager_download_fileobj_finish (manager, result, &error);
      break;
    case COPY:
      ok = gaws_s3_transfer_manager_copy_finish (manager, result, &error);
      break;
    }
  if (ok)
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_error (task, error);
}

/* CopySource's bucket, key and version. */
static gboolean
copy_source (GawsShape    *params,
             const char  **bucket,
             const char  **key,
             const char  **version,
             GError      **error)
{
  const GValue *value = param (params, "CopySource");
  GawsShape *source = value ? g_value_get_object (value) : NULL;

  *bucket = source ? param_string (source, "Bucket") : NULL;
  *key = source ? param_string (source, "Key") : NULL;
  *version = source ? param_string (source, "VersionId") : NULL;
  return require (*bucket != NULL && *key != NULL, "copy", "CopySource (with Bucket and Key)", error);
}

/* Runs one transfer with the parameters checked; returns FALSE with @error
 * set when they are not right. */
static gboolean
start_transfer (GawsResource  *resource,
                GawsShape     *params,
                TransferKind   kind,
                GTask         *task,
                GError       **error)
{
  const char *action = transfer_names[kind];
  const char *bucket, *key, *filename = param_string (params, "Filename");
  const char *source_bucket, *source_key, *source_version;
  g_autoptr(GVariant) extra = NULL;
  g_autoptr(GawsS3TransferManager) manager = NULL;
  g_autoptr(GFile) file = NULL;
  const GValue *fileobj = param (params, "Fileobj");
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (!transfer_target (resource, params, action, &bucket, &key, error) || !extra_args (params, &extra, error))
    return FALSE;
  manager = gaws_s3_transfer_manager_new (gaws_resource_get_client (resource));
  g_task_set_task_data (task, GINT_TO_POINTER (kind), NULL);
  switch (kind)
    {
    case UPLOAD_FILE:
    case DOWNLOAD_FILE:
      if (!require (filename != NULL, action, "Filename", error))
        return FALSE;
      file = g_file_new_for_path (filename);
      if (kind == UPLOAD_FILE)
        gaws_s3_transfer_manager_upload_file_async (manager, file, bucket, key, extra, NULL, NULL, NULL,
                                                    cancellable, transferred, g_object_ref (task));
      else
        gaws_s3_transfer_manager_download_file_async (manager, bucket, key, file, extra, NULL, NULL, NULL,
                                                      cancellable, transferred, g_object_ref (task));
      return TRUE;
    case UPLOAD_FILEOBJ:
      if (!require (fileobj != NULL, action, "Fileobj (a GInputStream)", error))
        return FALSE;
      gaws_s3_transfer_manager_upload_fileobj_async (manager, g_value_get_object (fileobj), bucket, key, extra,
                                                     NULL, NULL, NULL, cancellable, transferred,
                                                     g_object_ref (task));
      return TRUE;
    case DOWNLOAD_FILEOBJ:
      if (!require (fileobj != NULL && G_IS_OUTPUT_STREAM (g_value_get_object (fileobj)), action,
                    "Fileobj (a GOutputStream)", error))
        return FALSE;
      gaws_s3_transfer_manager_download_fileobj_async (manager, bucket, key, g_value_get_object (fileobj),
                                                       extra, NULL, NULL, NULL, cancellable, transferred,
                                                       g_object_ref (task));
      return TRUE;
    case COPY:
      if (!copy_source (params, &source_bucket, &source_key, &source_version, error))
        return FALSE;
      gaws_s3_transfer_manager_copy_async (manager, source_bucket, source_key, source_version, bucket, key,
                                           extra, NULL, NULL, NULL, cancellable, transferred,
                                           g_object_ref (task));
      return TRUE;
    }
  g_return_val_if_reached (FALSE);
}

static void
s3_transfer (GawsResource *resource,
             GawsShape    *params,
             GTask        *task,
             gpointer      user_data)
{
  GError *error = NULL;

  if (!start_transfer (resource, params, GPOINTER_TO_INT (user_data), task, &error))
    g_task_return_error (task, error);
}

/* --- S3 Bucket.load (boto3's bucket_load: there is no HeadBucket data) --- */

static void
buckets_listed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GawsResource *bucket = g_task_get_source_object (task);
  const char *name = gaws_resource_get_identifier (bucket, "Name");
  g_autoptr(GawsShape) output = NULL;
  const GValue *buckets;
  GPtrArray *list;
  GError *error = NULL;

  output = gaws_operation_invoke_finish (GAWS_CLIENT (source), result, &error);
  if (output == NULL)
    {
      if (error == NULL)
        error = g_error_new (GAWS_ERROR, GAWS_ERROR_PROTOCOL, "ListBuckets returned no output");
      g_task_return_error (task, error);
      return;
    }
  buckets = gaws_shape_get_value_by_name (output, "Buckets");
  list = buckets ? g_value_get_boxed (buckets) : NULL;
  for (guint i = 0; list != NULL && i < list->len; i++)
    if (g_strcmp0 (param_string (list->pdata[i], "Name"), name) == 0)
      {
        g_task_return_pointer (task, g_object_ref (list->pdata[i]), g_object_unref);
        return;
      }
  g_task_return_new_error (task, GAWS_ERROR, GAWS_ERROR_SERVICE,
                           "Bucket('%s') was not found: ListBuckets does not list it", name);
}

static void
bucket_load (GawsResource *resource,
             GawsShape    *params,
             GTask        *task,
             gpointer      user_data)
{
  GawsClient *client = gaws_resource_get_client (resource);
  const GawsServiceInfo *service = gaws_client_get_model (client);
  const GawsOperationInfo *op = service ? gaws_service_info_find_operation (service, "ListBuckets") : NULL;
  g_autoptr(GawsShape) input = NULL;

  if (op == NULL)
    {
      g_task_return_new_error (task, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                               "The client's service has no operation ListBuckets");
      return;
    }
  if (op->input != NULL)
    input = gaws_shape_new (op->input);
  gaws_operation_invoke_async (client, op, input, g_task_get_cancellable (task), buckets_listed,
                               g_object_ref (task));
}

/* --- DynamoDB Table.batch_writer (boto3/dynamodb/table.py) --- */

static void
table_batch_writer (GawsResource *resource,
                    GawsShape    *params,
                    GTask        *task,
                    gpointer      user_data)
{
  const GValue *flush = param (params, "FlushAmount");
  const GValue *pkeys = param (params, "OverwriteByPkeys");
  gint flush_amount = flush ? g_value_get_int (flush) : 0;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GawsDynamodbTable) table = NULL;
  GError *error = NULL;
  GPtrArray *given;

  if (flush_amount < 0 || flush_amount > 25)
    {
      g_task_return_new_error (task, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                               "batch_writer's FlushAmount must be 1 to 25, not %d", flush_amount);
      return;
    }
  table = gaws_resource_get_dynamodb_table (resource, &error);
  if (table == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  given = pkeys ? g_value_get_boxed (pkeys) : NULL;
  for (guint i = 0; given != NULL && i < given->len; i++)
    g_ptr_array_add (keys, given->pdata[i]);
  g_ptr_array_add (keys, NULL);
  g_task_return_pointer (task,
                         gaws_dynamodb_table_batch_writer (table, flush_amount,
                                                           given ? (const char * const *) keys->pdata : NULL),
                         g_object_unref);
}

/* --- registration --- */

static void
register_s3 (const char *resource)
{
  static const GawsShapeInfo *const shapes[] = {
    &upload_file_params, &upload_fileobj_params, &download_file_params, &download_fileobj_params, &copy_params,
  };

  for (guint kind = 0; kind < G_N_ELEMENTS (shapes); kind++)
    gaws_resource_add_custom_action ("s3", resource, transfer_names[kind], shapes[kind], s3_transfer,
                                     GINT_TO_POINTER (kind), NULL);
}

/**
 * gaws_resource_customizations_register: (skip)
 *
 * Registers, once, what boto3 injects into its resources: S3 `Bucket` and
 * `Object` transfers (`upload_file`, `upload_fileobj`, `download_file`,
 * `download_fileobj`, `copy`), `Bucket.load` from ListBuckets, and
 * DynamoDB's `Table.batch_writer`.
 */
void
gaws_resource_customizations_register (void)
{
  static gsize registered = 0;

  if (!g_once_init_enter (&registered))
    return;
  register_s3 ("Bucket");
  register_s3 ("Object");
  gaws_resource_add_custom_action ("s3", "Bucket", "load", NULL, bucket_load, NULL, NULL);
  gaws_resource_add_custom_action ("dynamodb", "Table", "batch_writer", &batch_writer_params,
                                   table_batch_writer, NULL, NULL);
  g_once_init_leave (&registered, 1);
}
