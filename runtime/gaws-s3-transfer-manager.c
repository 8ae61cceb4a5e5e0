/* gaws-s3-transfer-manager.c: boto3's S3 transfers (multipart uploads, parallel ranged downloads, copies)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-s3-transfer-manager.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <gio/gfiledescriptorbased.h>
#include "gaws-aws-chunked-input-stream.h"
#include "gaws-checksum.h"
#include "gaws-error.h"
#include "gaws-file-range-input-stream-private.h"
#include "gaws-http-body-stream.h"
#include "gaws-operation.h"
#include "gaws-protocol-codec.h"
#include "gaws-shape-json.h"
#include "gaws-variant-json.h"

/**
 * GawsS3TransferManager:
 *
 * Moves whole objects between S3 and files or streams, as boto3's
 * `upload_file`, `upload_fileobj`, `download_file`, `download_fileobj` and
 * `copy` do, with the defaults of boto3's `TransferConfig`.
 *
 * It works on any S3 client through the client's model
 * (gaws_client_get_model()): pass a `GawsS3Client`, which is a #GawsClient.
 *
 * - Uploads at or above #GawsS3TransferManager:multipart-threshold bytes are
 *   multipart uploads of #GawsS3TransferManager:multipart-chunksize parts,
 *   #GawsS3TransferManager:max-concurrency of them in flight. A source is read
 *   in order, one part at a time, and only while fewer than max-concurrency
 *   parts are in flight, so at most (max-concurrency + 1) × chunksize bytes
 *   are buffered whatever the size, in part buffers that are reused. A
 *   stream of unknown size is read up to the threshold to choose between
 *   PutObject and a multipart upload. Each part body is held in memory and
 *   sent through a seekable stream over it, so the client's retry strategy
 *   can resend it. A regular file (upload_file of a local file, or
 *   upload_fileobj of a stream with a descriptor, such as a
 *   #GUnixInputStream) at or above the threshold is not buffered: each part
 *   is a range of the file that the HTTP engine reads with pread() straight
 *   into the connection, and reads again for a retry; its checksum is
 *   computed as it goes and sent in an `aws-chunked` trailer, as botocore
 *   does for streamed bodies, so the file is read once (a store that does
 *   not decode `aws-chunked` needs `when_required`, below).
 * - Every part carries a checksum, CRC32 unless the `ChecksumAlgorithm`
 *   extra argument names another, as botocore 1.36 and later do (a
 *   `COMPOSITE` checksum of the multipart object). A full-object checksum
 *   given as an extra argument (`ChecksumCRC32`, ...) is sent with
 *   `ChecksumType` `FULL_OBJECT`, as s3transfer does. A client configured with
 *   `request_checksum_calculation` `when_required` sends none by default, for
 *   S3-compatible stores that reject them. CompleteMultipartUpload lists
 *   each part's checksum as UploadPart returned it, else as it was sent; an
 *   UploadPart that returns another than the one sent fails the upload.
 * - When a multipart upload or copy fails or is cancelled, the parts still in
 *   flight are cancelled, the upload is aborted (AbortMultipartUpload) so no
 *   parts are left behind, and the error returned is the first one: the
 *   cause, not a consequence.
 * - Downloads at or above the threshold are ranged GETs of chunksize bytes,
 *   max-concurrency in flight, pinned to the ETag of a first HeadObject with
 *   `IfMatch`. A file is written at offsets (pwrite(), on a worker thread)
 *   into a temporary file beside it, renamed over the destination on success
 *   and deleted on failure, so a failed download never leaves a partial
 *   file. Bodies are read in chunks of 1 MiB, each written before the next
 *   is read, so what is buffered is bounded by the bytes in flight, not by
 *   the part size: about max-concurrency × (1 MiB + the HTTP engine's
 *   per-body read-ahead of 2 MiB). A stream is written in order: the part
 *   being written is read, the others wait, held back by their bodies'
 *   read-ahead. A part whose body breaks off is fetched again from where it
 *   broke off, up to 5 times. When the client validates response checksums
 *   (`response_checksum_validation` `when_supported`, the default), a
 *   full-object checksum of the object (from HeadObject with `ChecksumMode`
 *   `ENABLED`) is checked over the bytes of a ranged download, and the
 *   client checks that of a single GET; composite checksums of multipart
 *   objects cover no bytes as such and are skipped, as botocore does.
 * - Copies above the threshold are multipart uploads of UploadPartCopy
 *   ranges, which carry over the source's content type, other content
 *   headers and metadata as CopyObject does (unless `MetadataDirective` is
 *   `REPLACE`); below, one CopyObject.
 *
 * Extra arguments are a #GVariant of type `a{sv}` whose keys are the model's
 * member names, as boto3's `ExtraArgs`: `{"ContentType": <"text/plain">,
 * "Metadata": <{"a": "b"}>, "ServerSideEncryption": <"AES256">}`. (A
 * #GVariant rather than a #GawsShape, because one dictionary is spread over
 * several operations: each call gets the keys its input has, as s3transfer
 * does. Blobs are `ay`, timestamps ISO 8601 strings.) For uploads the keys
 * must be members of PutObject's input, for downloads of GetObject's, for
 * copies of CopyObject's; any other key is an error.
 *
 * Progress is reported per part (per chunk of a part for downloads) as
 * cumulative bytes; it never decreases and ends at the object's size. Calls complete on the thread-default main
 * context of the caller; the `_sync` variants run the main context the
 * manager was created on (the client's), so use them from that thread.
 */

#define DEFAULT_THRESHOLD   (8 * GAWS_S3_TRANSFER_MIB)
#define DEFAULT_CHUNKSIZE   (8 * GAWS_S3_TRANSFER_MIB)
#define DEFAULT_CONCURRENCY 10
#define DEFAULT_IO_QUEUE    100
#define MAX_PARTS           10000
#define MAX_PART_SIZE       (G_GUINT64_CONSTANT (5) * 1024 * GAWS_S3_TRANSFER_MIB)
#define GET_ATTEMPTS        5
#define MAX_PART_CHUNKS     3   /* chunk buffers of a download part */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

struct _GawsS3TransferManager
{
  GObject       parent_instance;

  GawsClient   *client;
  GMainContext *context;
  guint64       threshold;
  guint64       chunksize;
  guint         concurrency;
  guint         io_queue;
};

G_DEFINE_FINAL_TYPE (GawsS3TransferManager, gaws_s3_transfer_manager, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_MULTIPART_THRESHOLD,
  PROP_MULTIPART_CHUNKSIZE,
  PROP_MAX_CONCURRENCY,
  PROP_MAX_IO_QUEUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The extra arguments each secondary call takes, as s3transfer's lists. */
static const char *const upload_part_args[] = {
  "SSECustomerAlgorithm", "SSECustomerKey", "SSECustomerKeyMD5", "RequestPayer",
  "ExpectedBucketOwner", NULL
};
static const char *const complete_args[] = {
  "SSECustomerAlgorithm", "SSECustomerKey", "SSECustomerKeyMD5", "RequestPayer",
  "ExpectedBucketOwner", NULL
};
static const char *const abort_args[] = { "RequestPayer", "ExpectedBucketOwner", NULL };
static const char *const upload_part_copy_args[] = {
  "SSECustomerAlgorithm", "SSECustomerKey", "SSECustomerKeyMD5", "RequestPayer",
  "ExpectedBucketOwner", "ExpectedSourceBucketOwner", "CopySourceIfMatch",
  "CopySourceIfModifiedSince", "CopySourceIfNoneMatch", "CopySourceIfUnmodifiedSince",
  "CopySourceSSECustomerAlgorithm", "CopySourceSSECustomerKey", "CopySourceSSECustomerKeyMD5", NULL
};
/* Never taken from extra arguments: the manager sets them. */
static const char *const reserved_args[] = {
  "Bucket", "Key", "Body", "ContentLength", "Range", "CopySource", "UploadId", "PartNumber", NULL
};
/* What CopyObject copies from the source unless MetadataDirective is
 * REPLACE, and a multipart copy must then carry over itself. */
static const char *const copied_metadata[] = {
  "CacheControl", "ContentDisposition", "ContentEncoding", "ContentLanguage", "ContentType", "Metadata", NULL
};
static const char *const checksum_algorithms[] = { "CRC32", "CRC32C", "SHA1", "SHA256", "CRC64NVME", NULL };

/* ---- one transfer ---------------------------------------------------------- */

typedef enum {
  KIND_UPLOAD,
  KIND_DOWNLOAD,
  KIND_COPY,
} TransferKind;

/* Part buffers go back to a pool when the last GBytes over them goes, so
 * that a part reuses the pages of an earlier one instead of faulting in
 * fresh memory: malloc() hands buffers this large out and takes them back
 * with mmap() and munmap(). Reference counted: bytes may outlive the
 * transfer in a request still being torn down. */
typedef struct {
  GMutex     lock;
  GPtrArray *free;       /* buffers of @size bytes */
  gsize      size;
  guint      keep;       /* kept at most */
} BufferPool;

typedef struct {
  TransferKind                kind;
  GTask                      *task;          /* not a reference: the task owns us */
  GawsClient                 *client;
  const GawsServiceInfo      *model;
  char                       *bucket;
  char                       *key;
  json_t                     *extra;
  GawsS3TransferProgressFunc  progress;
  gpointer                    progress_data;
  GDestroyNotify              progress_notify;
  guint64                     transferred;
  gint64                      total;         /* -1 while unknown */
  guint64                     threshold;
  guint64                     chunksize;
  guint                       concurrency;

  /* Cancelled by the caller's cancellable or by the first failure, so that
   * the calls still in flight stop. */
  GCancellable               *inner;
  GCancellable               *outer;
  gulong                      outer_handler;
  GError                     *error;         /* the first error */
  gboolean                    returned;
  BufferPool                 *pool;          /* part or chunk buffers */

  guint                       in_flight;     /* calls and part writes running */
  guint                       next_number;   /* the next part to start, from 1 */
  guint                       n_parts;       /* 0 while unknown (uploads) */
  guint                       n_done;

  /* multipart uploads and copies */
  char                       *upload_id;
  gboolean                    completing;
  GPtrArray                  *parts;         /* json_t, index = part number - 1 */
  gboolean                    has_checksum;
  GawsChecksumAlgorithm       algorithm;
  char                       *algorithm_name;
  char                       *checksum_member;
  char                       *full_object_checksum;

  /* upload source */
  GInputStream               *source;
  GBytes                     *head;          /* read to decide on multipart */
  gsize                       head_offset;
  guint8                     *buffer;        /* being read */
  gboolean                    buffer_pooled; /* @buffer is from @pool */
  gsize                       buffer_fill;
  gboolean                    reading;
  gboolean                    source_eof;
  gboolean                    eof;
  int                         source_fd;     /* a regular file's, read in ranges; -1 otherwise */
  goffset                     source_start;  /* where the source stood in it */
  guint64                     source_length; /* what is uploaded from there */

  /* copy source */
  char                       *source_bucket;
  char                       *source_key;
  char                       *source_version;
  char                       *copy_source;
  json_t                     *source_head;   /* HeadObject of the source */

  /* download sink */
  char                       *etag;
  gboolean                    single;        /* one GET without Range */
  char                       *path;
  char                       *tmp_path;
  int                         fd;
  GOutputStream              *sink;
  GHashTable                 *ready;         /* part number → Part waiting for its turn */
  guint                       next_write;
  gsize                       chunk;         /* downloads: bytes read at once */
  guint                       part_chunks;   /* downloads: chunk buffers a part holds at most */
  GawsChecksum               *checksum;      /* of the whole object, computed here */
  char                       *expected;      /* what it must be */
  gboolean                    verified;
} Transfer;

typedef struct {
  Transfer     *transfer;
  GTask        *task;      /* a reference, keeping @transfer alive */
  guint         number;
  guint64       offset;
  gsize         length;
  GBytes       *data;
  GInputStream *stream;    /* uploads from a file: the part's range, or it framed as aws-chunked */
  char         *checksum;
  guint64       done;      /* downloads: bytes written */
  guint64       read_pos;  /* downloads: bytes read or being read */
  guint8       *read_buf;  /* downloads: chunks (of the pool) being read, */
  gsize         read_len;
  guint8       *full_bufs[MAX_PART_CHUNKS];   /* read and waiting, in order, */
  gsize         full_lens[MAX_PART_CHUNKS];
  guint         n_full;
  guint8       *write_bufs[MAX_PART_CHUNKS];  /* and being written */
  GOutputVector write_vecs[MAX_PART_CHUNKS];
  guint         n_write;
  gsize         write_len;
  GError       *error;     /* of a read or write, dealt with once both are over */
  gboolean      ending;    /* reading the end of @body */
  GawsShape    *output;    /* holds the body stream being read */
  GInputStream *body;      /* of @output */
  guint8        end_byte;  /* where the end of @body is read */
  guint         attempts;
  gboolean      splicing;  /* @body is spliced to the sink */
  gsize         unreported; /* spliced bytes not yet reported as progress */
} Part;

static void advance (Transfer *t);

/* ---- buffers ----------------------------------------------------------------- */

typedef struct {
  BufferPool *pool;
  guint8     *data;
} PoolSlot;

static void
buffer_pool_clear (gpointer data)
{
  BufferPool *pool = data;

  g_ptr_array_unref (pool->free);
  g_mutex_clear (&pool->lock);
}

static BufferPool *
buffer_pool_new (gsize size,
                 guint keep)
{
  BufferPool *pool = g_atomic_rc_box_new0 (BufferPool);

  g_mutex_init (&pool->lock);
  pool->free = g_ptr_array_new_with_free_func (g_free);
  pool->size = MAX (size, 1);
  pool->keep = keep;
  return pool;
}

static void
buffer_pool_unref (BufferPool *pool)
{
  g_atomic_rc_box_release_full (pool, buffer_pool_clear);
}

static guint8 *
buffer_pool_take (BufferPool *pool)
{
  guint8 *data = NULL;

  g_mutex_lock (&pool->lock);
  if (pool->free->len > 0)
    data = g_ptr_array_steal_index_fast (pool->free, pool->free->len - 1);
  g_mutex_unlock (&pool->lock);
  return data != NULL ? data : g_malloc (pool->size);
}

static void
buffer_pool_give (BufferPool *pool,
                  guint8     *data)
{
  if (data == NULL)
    return;
  g_mutex_lock (&pool->lock);
  if (pool->free->len < pool->keep)
    g_ptr_array_add (pool->free, g_steal_pointer (&data));
  g_mutex_unlock (&pool->lock);
  g_free (data);
}

static void
pool_slot_free (gpointer data)
{
  PoolSlot *slot = data;

  buffer_pool_give (slot->pool, slot->data);
  buffer_pool_unref (slot->pool);
  g_free (slot);
}

/* Bytes over @length bytes of @data, a buffer of @pool, which gets it back
 * when they go. */
static GBytes *
buffer_pool_wrap (BufferPool *pool,
                  guint8     *data,
                  gsize       length)
{
  PoolSlot *slot = g_new (PoolSlot, 1);

  slot->pool = g_atomic_rc_box_acquire (pool);
  slot->data = data;
  return g_bytes_new_with_free_func (data, length, pool_slot_free, slot);
}

/* The source buffer being read, back to where it came from. */
static void
release_buffer (Transfer *t)
{
  if (t->buffer_pooled)
    buffer_pool_give (t->pool, g_steal_pointer (&t->buffer));
  else
    g_clear_pointer (&t->buffer, g_free);
}

static void
part_free (Part *part)
{
  g_clear_pointer (&part->data, g_bytes_unref);
  g_clear_object (&part->stream);
  if (part->transfer->pool != NULL)
    {
      buffer_pool_give (part->transfer->pool, g_steal_pointer (&part->read_buf));
      for (guint i = 0; i < part->n_full; i++)
        buffer_pool_give (part->transfer->pool, part->full_bufs[i]);
      for (guint i = 0; i < part->n_write; i++)
        buffer_pool_give (part->transfer->pool, part->write_bufs[i]);
    }
  g_clear_error (&part->error);
  g_clear_object (&part->output);
  g_free (part->checksum);
  g_object_unref (part->task);
  g_free (part);
}

static Part *
part_new (Transfer *t, guint number)
{
  Part *part = g_new0 (Part, 1);

  part->transfer = t;
  part->task = g_object_ref (t->task);
  part->number = number;
  return part;
}

static void
outer_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  g_cancellable_cancel (user_data);
}

static void
transfer_free (Transfer *t)
{
  if (t->outer_handler != 0)
    g_cancellable_disconnect (t->outer, t->outer_handler);
  g_clear_object (&t->outer);
  g_clear_object (&t->inner);
  if (t->progress_notify != NULL)
    t->progress_notify (t->progress_data);
  g_clear_error (&t->error);
  g_free (t->bucket);
  g_free (t->key);
  g_clear_pointer (&t->extra, json_decref);
  g_free (t->upload_id);
  g_clear_pointer (&t->parts, g_ptr_array_unref);
  g_free (t->algorithm_name);
  g_free (t->checksum_member);
  g_free (t->full_object_checksum);
  g_clear_object (&t->source);
  g_clear_pointer (&t->head, g_bytes_unref);
  release_buffer (t);
  g_clear_pointer (&t->pool, buffer_pool_unref);
  g_free (t->source_bucket);
  g_free (t->source_key);
  g_free (t->source_version);
  g_free (t->copy_source);
  g_clear_pointer (&t->source_head, json_decref);
  g_free (t->etag);
  g_free (t->path);
  if (t->fd >= 0)
    close (t->fd);
  if (t->tmp_path != NULL)
    g_unlink (t->tmp_path);
  g_free (t->tmp_path);
  g_clear_object (&t->sink);
  g_clear_pointer (&t->ready, g_hash_table_unref);
  g_clear_object (&t->checksum);
  g_free (t->expected);
  g_object_unref (t->client);
  g_free (t);
}

/* Keeps the first error; later ones are mostly the cancellations it causes. */
static void
fail (Transfer *t,
      GError   *error)
{
  if (t->error == NULL)
    t->error = error;
  else
    g_error_free (error);
  g_cancellable_cancel (t->inner);
}

static void
report_progress (Transfer *t,
                 guint64   bytes)
{
  t->transferred += bytes;
  if (t->progress != NULL)
    t->progress (t->transferred, t->total, t->progress_data);
}

static void
return_success (Transfer *t)
{
  t->returned = TRUE;
  /* A stream of unknown size ends with its size known. */
  if (t->total < 0)
    {
      t->total = t->transferred;
      report_progress (t, 0);
    }
  g_task_return_boolean (t->task, TRUE);
}

static void
return_error (Transfer *t)
{
  t->returned = TRUE;
  g_task_return_error (t->task, g_steal_pointer (&t->error));
}

/* ---- calls through the model ----------------------------------------------- */

static const GawsOperationInfo *
find_operation (Transfer    *t,
                const char  *name)
{
  /* Checked for every operation the kind needs when the transfer starts. */
  return gaws_service_info_find_operation (t->model, name);
}

static gboolean
check_operations (Transfer           *t,
                  const char *const  *names,
                  GError            **error)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (t->model == NULL || find_operation (t, names[i]) == NULL)
      {
        g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                     "The transfer manager needs an S3 client: the client's model has no %s operation",
                     names[i]);
        return FALSE;
      }
  return TRUE;
}

static json_t *
base_input (const char *bucket,
            const char *key)
{
  return json_pack ("{s:s, s:s}", "Bucket", bucket, "Key", key);
}

/* Adds the extra arguments that @op takes, and of those only the ones in
 * @only when it is given. The manager's own members win. */
static void
add_extra (json_t                  *input,
           const GawsOperationInfo *op,
           json_t                  *extra,
           const char *const       *only)
{
  const char *name;
  json_t *value;

  json_object_foreach (extra, name, value)
    {
      if (only != NULL && !g_strv_contains (only, name))
        continue;
      if (gaws_shape_info_find_member (op->input, name) < 0 || json_object_get (input, name) != NULL)
        continue;
      json_object_set (input, name, value);
    }
}

static GawsShape *
new_input (const GawsOperationInfo  *op,
           json_t                   *json,
           GError                  **error)
{
  return gaws_shape_new_from_json (op->input, json, GAWS_SHAPE_JSON_DEFAULT, error);
}

static const char *
output_string (GawsShape  *output,
               const char *name)
{
  gint index = output ? gaws_shape_info_find_member (gaws_shape_get_info (output), name) : -1;

  if (index < 0 || !gaws_shape_is_set (output, index))
    return NULL;
  return gaws_shape_get_string (output, index);
}

static gboolean
output_int64 (GawsShape  *output,
              const char *name,
              gint64     *value)
{
  gint index = output ? gaws_shape_info_find_member (gaws_shape_get_info (output), name) : -1;

  if (index < 0 || !gaws_shape_is_set (output, index))
    return FALSE;
  *value = gaws_shape_get_int64 (output, index);
  return TRUE;
}

/* Starts @op on @json (consumed); an input that does not build is reported
 * through @callback like a failed call. */
static void
invoke (Transfer            *t,
        const char          *name,
        json_t              *json,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  const GawsOperationInfo *op = find_operation (t, name);
  g_autoptr(GawsShape) input = NULL;
  GError *error = NULL;

  input = new_input (op, json, &error);
  json_decref (json);
  if (input == NULL)
    {
      g_task_report_error (t->client, callback, user_data, gaws_operation_invoke_async, error);
      return;
    }
  gaws_operation_invoke_async (t->client, op, input, cancellable, callback, user_data);
}

/* Reported errors carry the client and the tag of a call, so they finish
 * the same way. */
static GawsShape *
invoke_finish (Transfer      *t,
               GAsyncResult  *result,
               GError       **error)
{
  return gaws_operation_invoke_finish (t->client, result, error);
}

/* PutObject and UploadPart: the body goes as a stream of @length bytes
 * with its length declared (ContentLength), so that it is sent with a
 * Content-Length; the HTTP engine reads such a pollable stream (a memory
 * stream, a file range) straight into the connection, and the client
 * rewinds it (it is seekable) for each retry. */
static void
invoke_with_stream (Transfer            *t,
                    const char          *name,
                    json_t              *json,
                    GInputStream        *stream,
                    guint64              length,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  const GawsOperationInfo *op = find_operation (t, name);
  gint index = gaws_shape_info_find_member (op->input, "Body");
  g_autoptr(GawsShape) input = NULL;
  GError *error = NULL;

  json_object_set_new (json, "ContentLength", json_integer ((json_int_t) length));
  input = new_input (op, json, &error);
  json_decref (json);
  if (input != NULL && index < 0)
    error = g_error_new (GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT, "The client's %s takes no Body", name);
  if (error != NULL)
    {
      g_task_report_error (t->client, callback, user_data, gaws_operation_invoke_async, error);
      return;
    }
  gaws_shape_set_stream (input, index, stream);
  gaws_operation_invoke_async (t->client, op, input, t->inner, callback, user_data);
}

/* The same with @body in memory. */
static void
invoke_with_body (Transfer            *t,
                  const char          *name,
                  json_t              *json,
                  GBytes              *body,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);

  invoke_with_stream (t, name, json, stream, g_bytes_get_size (body), callback, user_data);
}

/* ---- checksums ------------------------------------------------------------- */

static gboolean
use_checksum (Transfer    *t,
              const char  *name,
              GError     **error)
{
  const GawsOperationInfo *op = find_operation (t, "UploadPart");
  g_autofree char *member = NULL;

  if (!gaws_checksum_algorithm_parse (name, &t->algorithm, error))
    return FALSE;
  member = g_strconcat ("Checksum", gaws_checksum_algorithm_get_name (t->algorithm), NULL);
  if (gaws_shape_info_find_member (op->input, member) < 0)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "S3 takes no %s checksum of an object part", name);
      return FALSE;
    }
  t->has_checksum = TRUE;
  t->algorithm_name = g_strdup (gaws_checksum_algorithm_get_name (t->algorithm));
  t->checksum_member = g_steal_pointer (&member);
  return TRUE;
}

/* As s3transfer: the ChecksumAlgorithm extra argument, else the algorithm
 * of a full-object checksum given, else CRC32 unless the client computes
 * checksums only when required. */
static gboolean
choose_upload_checksum (Transfer  *t,
                        GError   **error)
{
  GawsClientConfig *config = gaws_client_get_config (t->client);
  const char *name = json_string_value (json_object_get (t->extra, "ChecksumAlgorithm"));

  for (guint i = 0; name == NULL && checksum_algorithms[i] != NULL; i++)
    {
      g_autofree char *member = g_strconcat ("Checksum", checksum_algorithms[i], NULL);
      const char *value = json_string_value (json_object_get (t->extra, member));

      if (value != NULL)
        {
          name = checksum_algorithms[i];
          t->full_object_checksum = g_strdup (value);
        }
    }
  if (name == NULL)
    {
      if (config != NULL &&
          gaws_client_config_get_request_checksum_calculation (config) == GAWS_CHECKSUM_POLICY_WHEN_REQUIRED)
        return TRUE;
      name = "CRC32";
    }
  return use_checksum (t, name, error);
}

/* Sets ChecksumAlgorithm; returns the checksum given, if any. */
static const char *
prepare_checksum (Transfer *t,
                  json_t   *input)
{
  if (json_object_get (input, "ChecksumAlgorithm") == NULL)
    json_object_set_new (input, "ChecksumAlgorithm", json_string (t->algorithm_name));
  return json_string_value (json_object_get (input, t->checksum_member));
}

/* Sets ChecksumAlgorithm and the checksum of @body, unless given. */
static char *
add_checksum (Transfer *t,
              json_t   *input,
              GBytes   *body)
{
  const char *given;
  char *value;

  if (!t->has_checksum)
    return NULL;
  given = prepare_checksum (t, input);
  if (given != NULL)
    return g_strdup (given);
  value = gaws_checksum_compute_base64 (t->algorithm, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  json_object_set_new (input, t->checksum_member, json_string (value));
  return value;
}

/* ---- multipart uploads (and copies) ---------------------------------------- */

static void
abort_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Transfer *t = g_task_get_task_data (task);
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;

  output = invoke_finish (t, result, &error);
  /* The cause stays the error; that parts may remain is said with it. */
  if (error != NULL)
    {
      char *message = g_strdup_printf ("%s (and AbortMultipartUpload of upload %s failed, so its parts may "
                                       "remain: %s)", t->error->message, t->upload_id, error->message);

      g_free (t->error->message);
      t->error->message = message;
    }
  return_error (t);
}

/* Once nothing is in flight after a failure: no part is left behind, and
 * no partial file. The abort is not cancellable: it must run after a
 * cancellation. */
static void
clean_up_and_return (Transfer *t)
{
  json_t *input;

  if (t->ready != NULL)
    g_hash_table_remove_all (t->ready);
  if (t->fd >= 0)
    {
      close (t->fd);
      t->fd = -1;
    }
  if (t->tmp_path != NULL)
    {
      g_unlink (t->tmp_path);
      g_clear_pointer (&t->tmp_path, g_free);
    }
  if (t->upload_id == NULL)
    {
      return_error (t);
      return;
    }
  input = base_input (t->bucket, t->key);
  json_object_set_new (input, "UploadId", json_string (t->upload_id));
  add_extra (input, find_operation (t, "AbortMultipartUpload"), t->extra, abort_args);
  t->returned = TRUE;   /* no more steps; abort_done_cb returns */
  invoke (t, "AbortMultipartUpload", input, NULL, abort_done_cb, g_object_ref (t->task));
}

static void
record_part (Transfer   *t,
             guint       number,
             const char *etag,
             const char *checksum)
{
  json_t *part = json_pack ("{s:s, s:I}", "ETag", etag ? etag : "", "PartNumber", (json_int_t) number);

  if (checksum != NULL)
    json_object_set_new (part, t->checksum_member, json_string (checksum));
  if (t->parts->len < number)
    g_ptr_array_set_size (t->parts, number);
  g_ptr_array_index (t->parts, number - 1) = part;
}

static void
complete_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Transfer *t = g_task_get_task_data (task);
  g_autoptr(GawsShape) output = NULL;
  GError *error = NULL;

  t->in_flight--;
  output = invoke_finish (t, result, &error);
  if (output == NULL && error == NULL)
    error = g_error_new (GAWS_ERROR, GAWS_ERROR_PROTOCOL, "CompleteMultipartUpload returned nothing");
  if (error != NULL)
    {
      fail (t, error);
      advance (t);
      return;
    }
  g_clear_pointer (&t->upload_id, g_free);
  /* upload_fileobj reads its stream to the end; the parts read ranges. */
  if (t->source_fd >= 0)
    lseek (t->source_fd, t->source_start + (goffset) t->source_length, SEEK_SET);
  return_success (t);
}

static void
complete_multipart (Transfer *t)
{
  json_t *input = base_input (t->bucket, t->key);
  json_t *parts = json_array ();

  t->completing = TRUE;
  for (guint i = 0; i < t->parts->len; i++)
    json_array_append (parts, g_ptr_array_index (t->parts, i));
  json_object_set_new (input, "UploadId", json_string (t->upload_id));
  json_object_set_new (input, "MultipartUpload", json_pack ("{s:o}", "Parts", parts));
  add_extra (input, find_operation (t, "CompleteMultipartUpload"), t->extra, complete_args);
  if (t->full_object_checksum != NULL)
    {
      json_object_set_new (input, t->checksum_member, json_string (t->full_object_checksum));
      json_object_set_new (input, "ChecksumType", json_string ("FULL_OBJECT"));
    }
  t->in_flight++;
  /* Not cancellable either: once sent, it may have succeeded. */
  invoke (t, "CompleteMultipartUpload", input, NULL, complete_done_cb, g_object_ref (t->task));
}

static void
create_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Transfer *t = g_task_get_task_data (task);
  g_autoptr(GawsShape) output = NULL;
  GError *error = NULL;

  t->in_flight--;
  output = invoke_finish (t, result, &error);
  if (output != NULL && output_string (output, "UploadId") == NULL)
    error = g_error_new (GAWS_ERROR, GAWS_ERROR_PROTOCOL, "CreateMultipartUpload returned no UploadId");
  if (error != NULL)
    fail (t, error);
  else
    t->upload_id = g_strdup (output_string (output, "UploadId"));
  advance (t);
}

/* Not cancellable: a cancelled call may still have created the upload,
 * which nobody would then abort. A cancellation is seen right after. */
static void
create_multipart (Transfer *t)
{
  json_t *input = base_input (t->bucket, t->key);

  add_extra (input, find_operation (t, "CreateMultipartUpload"), t->extra, NULL);
  if (t->source_head != NULL &&
      g_strcmp0 (json_string_value (json_object_get (t->extra, "MetadataDirective")), "REPLACE") != 0)
    for (guint i = 0; copied_metadata[i] != NULL; i++)
      if (json_object_get (input, copied_metadata[i]) == NULL && json_object_get (t->source_head, copied_metadata[i]))
        json_object_set (input, copied_metadata[i], json_object_get (t->source_head, copied_metadata[i]));
  if (t->has_checksum)
    {
      json_object_set_new (input, "ChecksumAlgorithm", json_string (t->algorithm_name));
      if (t->full_object_checksum != NULL)
        json_object_set_new (input, "ChecksumType", json_string ("FULL_OBJECT"));
    }
  t->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
  t->next_number = 1;
  t->in_flight++;
  invoke (t, "CreateMultipartUpload", input, NULL, create_done_cb, g_object_ref (t->task));
}

/* S3 takes at most 10,000 parts of at most 5 GiB: s3transfer doubles the
 * part size until the object fits. */
static guint64
adjust_chunksize (guint64 chunksize,
                  gint64  total)
{
  chunksize = MIN (MAX (chunksize, 1), MAX_PART_SIZE);
  while (total > 0 && ((guint64) total + chunksize - 1) / chunksize > MAX_PARTS && chunksize < MAX_PART_SIZE)
    chunksize = MIN (chunksize * 2, MAX_PART_SIZE);
  return chunksize;
}

/* ---- uploads ----------------------------------------------------------------- */

/* The next part is read once the call has dropped its references to this
 * part's bytes, which it does after this callback: their buffer is then
 * back in the pool for the next part rather than one more allocated. */
static gboolean
upload_part_release_cb (gpointer user_data)
{
  Part *part = user_data;
  Transfer *t = part->transfer;

  t->in_flight--;
  advance (t);
  part_free (part);
  return G_SOURCE_REMOVE;
}

/* Lets @part go from the main loop (upload_part_release_cb()), never from
 * inside the call or pump that ends it. */
static void
release_part_later (Part *part)
{
  g_autoptr(GSource) idle = g_idle_source_new ();

  g_source_set_callback (idle, upload_part_release_cb, part, NULL);
  g_source_attach (idle, g_task_get_context (part->transfer->task));
}

/* The checksum @part sent: in a header, or in the trailer of its
 * aws-chunked body, computed as it went (the last attempt's). */
static char *
sent_checksum (Part *part)
{
  GawsAwsChunkedInputStream *framed;

  if (part->checksum != NULL || !GAWS_IS_AWS_CHUNKED_INPUT_STREAM (part->stream))
    return g_strdup (part->checksum);
  framed = GAWS_AWS_CHUNKED_INPUT_STREAM (part->stream);
  if (!gaws_aws_chunked_input_stream_is_complete (framed))
    return NULL;
  return gaws_checksum_dup_base64 (gaws_aws_chunked_input_stream_get_checksum (framed));
}

/* The part's checksum for CompleteMultipartUpload: the one UploadPart
 * returned (S3 and moto do), which must be the one sent, else the one sent
 * (a store that returns none). A store that took other bytes than those
 * sent, or framed ones as data, is caught here rather than in a completed
 * object. */
static gboolean
part_checksum (Part       *part,
               GawsShape  *output,
               char      **value,
               GError    **error)
{
  Transfer *t = part->transfer;
  const char *returned = t->has_checksum ? output_string (output, t->checksum_member) : NULL;
  g_autofree char *sent = sent_checksum (part);

  if (returned != NULL && sent != NULL && strcmp (returned, sent) != 0)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL,
                   "UploadPart of part %u returned the %s checksum %s, but %s was sent", part->number,
                   t->algorithm_name, returned, sent);
      return FALSE;
    }
  *value = returned != NULL ? g_strdup (returned) : g_steal_pointer (&sent);
  return TRUE;
}

static void
upload_part_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Part *part = user_data;
  Transfer *t = part->transfer;
  g_autoptr(GawsShape) output = NULL;
  g_autofree char *checksum = NULL;
  GError *error = NULL;

  output = invoke_finish (t, result, &error);
  if (error == NULL)
    part_checksum (part, output, &checksum, &error);
  if (error != NULL)
    fail (t, error);
  else
    {
      record_part (t, part->number, output_string (output, "ETag"), checksum);
      report_progress (t, part->length);
    }
  g_clear_pointer (&part->data, g_bytes_unref);
  release_part_later (part);
}

/* The UploadPart input of @part, but its body and checksum. */
static json_t *
part_input (Transfer *t,
            Part     *part)
{
  json_t *input = base_input (t->bucket, t->key);

  json_object_set_new (input, "UploadId", json_string (t->upload_id));
  json_object_set_new (input, "PartNumber", json_integer (part->number));
  add_extra (input, find_operation (t, "UploadPart"), t->extra, upload_part_args);
  return input;
}

static void
upload_part (Transfer *t,
             GBytes   *data)
{
  Part *part = part_new (t, t->next_number++);
  json_t *input = part_input (t, part);

  part->data = data;
  part->length = g_bytes_get_size (data);
  part->checksum = add_checksum (t, input, data);
  t->in_flight++;
  invoke_with_body (t, "UploadPart", input, data, upload_part_done_cb, part);
}

/* ---- uploads from a regular file ------------------------------------------------ */

/* A part that failed before its call: it goes as a finished call does,
 * from the main loop, so that the pump that started it is not re-entered. */
static void
part_drop (Part   *part,
           GError *error)
{
  fail (part->transfer, error);
  release_part_later (part);
}

/* Part @part->number: the @length bytes of the file @done bytes after where
 * the source stood, as a stream of its own. */
static void
upload_file_part (Transfer *t,
                  guint64   done)
{
  Part *part = part_new (t, t->next_number++);
  const char *given;
  json_t *input;
  GError *error = NULL;

  part->offset = (guint64) t->source_start + done;
  part->length = (gsize) MIN (t->chunksize, t->source_length - done);
  t->in_flight++;
  part->stream = gaws_file_range_input_stream_new (t->source_fd, (goffset) part->offset, (goffset) part->length,
                                                   &error);
  if (part->stream == NULL)
    {
      part_drop (part, error);
      return;
    }
  input = part_input (t, part);
  if (t->has_checksum && (given = prepare_checksum (t, input)) != NULL)
    part->checksum = g_strdup (given);
  else if (t->has_checksum)
    {
      /* Checksummed as it is sent, and the value sent in a trailer, as
       * botocore does for a streamed body: the range is read once, straight
       * into the connection. Framed here rather than by the operation so
       * that the value sent can be read back (sent_checksum()). */
      GInputStream *range = part->stream;

      part->stream = gaws_aws_chunked_input_stream_new (range, (gint64) part->length, t->algorithm);
      g_object_unref (range);
    }
  invoke_with_stream (t, "UploadPart", input, part->stream, part->length, upload_part_done_cb, part);
}

/* A regular file read through a descriptor, from where it stands, and big
 * enough to go in parts: each part reads its range itself (see
 * upload_file_part()), with no buffer in between. Anything else (a pipe, a
 * socket, a stream without a descriptor) is read in order into buffers. */
static gboolean
use_file_ranges (Transfer *t)
{
  struct stat st;
  off_t start;
  int fd;

  if (!G_IS_FILE_DESCRIPTOR_BASED (t->source))
    return FALSE;
  fd = g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (t->source));
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || (start = lseek (fd, 0, SEEK_CUR)) < 0 ||
      start > st.st_size || (guint64) (st.st_size - start) < t->threshold)
    return FALSE;
  t->source_fd = fd;
  t->source_start = start;
  t->source_length = (guint64) (st.st_size - start);
  return TRUE;
}

static void
part_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Transfer *t = g_task_get_task_data (task);
  gsize got = 0;
  GError *error = NULL;

  t->reading = FALSE;
  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &got, &error))
    {
      release_buffer (t);
      fail (t, error);
      advance (t);
      return;
    }
  if (t->buffer_fill + got < t->chunksize)
    t->source_eof = TRUE;
  got += t->buffer_fill;
  if (got == 0)
    {
      release_buffer (t);
      t->eof = TRUE;
    }
  else
    upload_part (t, buffer_pool_wrap (t->pool, g_steal_pointer (&t->buffer), got));
  advance (t);
}

/* Starts the next part: a slice of what was read to decide on multipart,
 * or a read of the source; or finds the end. */
static void
upload_next_part (Transfer *t)
{
  gsize head_left = t->head ? g_bytes_get_size (t->head) - t->head_offset : 0;

  if (t->source_fd >= 0)
    {
      guint64 done = (guint64) (t->next_number - 1) * t->chunksize;

      if (done >= t->source_length)
        t->eof = TRUE;
      else
        upload_file_part (t, done);
      return;
    }
  if (head_left >= t->chunksize || (head_left > 0 && t->source_eof))
    {
      gsize length = MIN (head_left, t->chunksize);

      upload_part (t, g_bytes_new_from_bytes (t->head, t->head_offset, length));
      t->head_offset += length;
      return;
    }
  if (t->source_eof)
    {
      t->eof = TRUE;
      return;
    }
  t->buffer = buffer_pool_take (t->pool);
  t->buffer_pooled = TRUE;
  t->buffer_fill = head_left;
  if (head_left > 0)
    memcpy (t->buffer, (const guint8 *) g_bytes_get_data (t->head, NULL) + t->head_offset, head_left);
  g_clear_pointer (&t->head, g_bytes_unref);
  t->reading = TRUE;
  g_input_stream_read_all_async (t->source, t->buffer + t->buffer_fill, t->chunksize - t->buffer_fill,
                                 G_PRIORITY_DEFAULT, t->inner, part_read_cb, g_object_ref (t->task));
}

static void
upload_pump (Transfer *t)
{
  if (t->upload_id == NULL || t->completing)
    return;
  while (t->error == NULL && !t->reading && !t->eof && t->in_flight < t->concurrency)
    upload_next_part (t);
  if (t->eof && !t->reading && t->in_flight == 0)
    complete_multipart (t);
}

static void
put_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Transfer *t = g_task_get_task_data (task);
  g_autoptr(GawsShape) output = NULL;
  GError *error = NULL;

  t->in_flight--;
  output = invoke_finish (t, result, &error);
  if (error != NULL)
    {
      fail (t, error);
      advance (t);
      return;
    }
  report_progress (t, t->head ? g_bytes_get_size (t->head) : 0);
  return_success (t);
}

static void
put_object (Transfer *t)
{
  json_t *input = base_input (t->bucket, t->key);

  add_extra (input, find_operation (t, "PutObject"), t->extra, NULL);
  g_free (add_checksum (t, input, t->head));
  t->in_flight++;
  invoke_with_body (t, "PutObject", input, t->head, put_done_cb, g_object_ref (t->task));
}

/* What is read first decides, as s3transfer does for streams: less than
 * the threshold is one PutObject. */
static void
head_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Transfer *t = g_task_get_task_data (task);
  gsize got = 0;
  GError *error = NULL;

  t->reading = FALSE;
  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &got, &error))
    {
      fail (t, error);
      advance (t);
      return;
    }
  t->head = t->buffer_pooled ? buffer_pool_wrap (t->pool, g_steal_pointer (&t->buffer), got)
                             : g_bytes_new_take (g_steal_pointer (&t->buffer), got);
  if (got < t->threshold || got == 0)
    {
      put_object (t);
      return;
    }
  create_multipart (t);
}

static void
upload_start (Transfer *t)
{
  gsize want = t->threshold;

  if (use_file_ranges (t))
    {
      t->chunksize = adjust_chunksize (t->chunksize, (gint64) t->source_length);
      create_multipart (t);
      return;
    }
  if (t->total >= 0 && (guint64) t->total < want)
    want = t->total;
  /* One read and one part buffer per part: chunksize bytes, in a pool of
   * as many as can be in flight and read at once. */
  t->chunksize = adjust_chunksize (t->chunksize, t->total);
  t->pool = buffer_pool_new (t->chunksize, t->concurrency + 1);
  t->buffer_pooled = want <= t->chunksize;
  t->buffer = t->buffer_pooled ? buffer_pool_take (t->pool) : g_malloc (MAX (want, 1));
  t->reading = TRUE;
  g_input_stream_read_all_async (t->source, t->buffer, want, G_PRIORITY_DEFAULT, t->inner,
                                 head_read_cb, g_object_ref (t->task));
}

/* ---- copies ------------------------------------------------------------------ */

static void
copy_part_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Part *part = user_data;
  Transfer *t = part->transfer;
  g_autoptr(GawsShape) output = NULL;
  GError *error = NULL;

  t->in_flight--;
  output = invoke_finish (t, result, &error);
  if (error != NULL)
    fail (t, error);
  else
    {
      gint index = gaws_shape_info_find_member (gaws_shape_get_info (output), "CopyPartResult");
      GawsShape *copied = index >= 0 && gaws_shape_is_set (output, index) ? gaws_shape_get_shape (output, index)
                                                                         : NULL;

      record_part (t, part->number, output_string (copied, "ETag"),
                   t->has_checksum ? output_string (copied, t->checksum_member) : NULL);
      t->n_done++;
      report_progress (t, part->length);
    }
  advance (t);
  part_free (part);
}

static void
copy_part (Transfer *t)
{
  Part *part = part_new (t, t->next_number++);
  json_t *input = base_input (t->bucket, t->key);
  g_autofree char *range = NULL;

  part->offset = (part->number - 1) * t->chunksize;
  part->length = MIN (t->chunksize, (guint64) t->total - part->offset);
  range = g_strdup_printf ("bytes=%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT,
                           part->offset, part->offset + part->length - 1);
  json_object_set_new (input, "UploadId", json_string (t->upload_id));
  json_object_set_new (input, "PartNumber", json_integer (part->number));
  json_object_set_new (input, "CopySource", json_string (t->copy_source));
  json_object_set_new (input, "CopySourceRange", json_string (range));
  add_extra (input, find_operation (t, "UploadPartCopy"), t->extra, upload_part_copy_args);
  t->in_flight++;
  invoke (t, "UploadPartCopy", input, t->inner, copy_part_done_cb, part);
}

static void
copy_pump (Transfer *t)
{
  if (t->upload_id == NULL || t->completing)
    return;
  while (t->next_number <= t->n_parts && t->in_flight < t->concurrency)
    copy_part (t);
  if (t->n_done == t->n_parts && t->in_flight == 0)
    complete_multipart (t);
}

static void
copy_object_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Transfer *t = g_task_get_task_data (task);
  g_autoptr(GawsShape) output = NULL;
  GError *error = NULL;

  t->in_flight--;
  output = invoke_finish (t, result, &error);
  if (error != NULL)
    {
      fail (t, error);
      advance (t);
      return;
    }
  report_progress (t, t->total);
  return_success (t);
}

static void
copy_sized (Transfer *t)
{
  json_t *input;

  if ((guint64) t->total < t->threshold)
    {
      input = base_input (t->bucket, t->key);
      json_object_set_new (input, "CopySource", json_string (t->copy_source));
      add_extra (input, find_operation (t, "CopyObject"), t->extra, NULL);
      t->in_flight++;
      invoke (t, "CopyObject", input, t->inner, copy_object_done_cb, g_object_ref (t->task));
      return;
    }
  t->chunksize = adjust_chunksize (t->chunksize, t->total);
  t->n_parts = (t->total + t->chunksize - 1) / t->chunksize;
  create_multipart (t);
}

/* ---- downloads ------------------------------------------------------------- */

/* Each part's body is read in chunks of this size and each chunk written
 * where it belongs, with at most a few chunks per part read ahead of the
 * writing: what is buffered is the body streams' own read-ahead (their
 * high-water mark holds the connections back) plus those chunks, not
 * whole parts. */
#define DOWNLOAD_CHUNK (1024 * 1024)

/* How much of a part's body its stream holds beyond the chunk being read
 * into (see gaws_http_body_stream_set_high_water()): what curl hands over
 * while a read waits goes straight into the chunk, and what comes once
 * the chunk is full would be copied twice, so the connection is paused
 * soon instead; the socket keeps the rest. Parts waiting for their turn
 * to write to a stream hold no more than this either. */
#define PART_BODY_HIGH_WATER (64 * 1024)

static void get_part (Part *part);

static void
pwrite_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Part *part = task_data;
  off_t offset = part->offset + part->done;

  for (guint i = 0; i < part->n_write; i++)
    {
      const guint8 *data = part->write_vecs[i].buffer;
      gsize left = part->write_vecs[i].size;

      while (left > 0)
        {
          ssize_t n = pwrite (part->transfer->fd, data, left, offset);

          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            {
              int saved = errno;

              g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                                       "Could not write to %s: %s", part->transfer->tmp_path, g_strerror (saved));
              return;
            }
          data += n;
          left -= n;
          offset += n;
        }
    }
  g_task_return_boolean (task, TRUE);
}

/* A part that ends early, with an error, or with nothing more to do. */
static void
part_end (Part   *part,
          GError *error)
{
  Transfer *t = part->transfer;

  t->in_flight--;
  if (error != NULL)
    fail (t, error);
  else
    t->n_done++;
  advance (t);
  part_free (part);
}

static void part_pump (Part *part);

/* Parts reach a stream in order: the next one, if its body is there, may
 * start reading. */
static void
start_next_in_order (Transfer *t)
{
  Part *part;

  if (t->ready == NULL || t->error != NULL)
    return;
  part = g_hash_table_lookup (t->ready, GUINT_TO_POINTER (t->next_write));
  if (part == NULL)
    return;
  g_hash_table_steal (t->ready, GUINT_TO_POINTER (t->next_write));
  part_pump (part);
}

static void
part_complete (Part *part)
{
  Transfer *t = part->transfer;
  g_autoptr(GTask) task = g_object_ref (part->task);   /* keeps @t */

  if (part->length == 0)
    report_progress (t, 0);   /* an empty object is reported too */
  if (t->sink != NULL)
    t->next_write++;
  part_end (part, NULL);
  start_next_in_order (t);
}

/* A part whose connection or body breaks off is fetched again from where
 * it broke off, as s3transfer does; a service error was already retried by
 * the client, and a cancellation is final. */
static gboolean
should_refetch (Part         *part,
                const GError *error)
{
  return part->attempts < GET_ATTEMPTS &&
         !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
         !g_error_matches (error, GAWS_ERROR, GAWS_ERROR_SERVICE) &&
         !g_cancellable_is_cancelled (part->transfer->inner);
}

/* Ends the part on @error, or fetches what is left of it again. */
static void
part_failed (Part   *part,
             GError *error)
{
  Transfer *t = part->transfer;

  part->body = NULL;
  g_clear_object (&part->output);
  /* Chunks read but not written are fetched again with the rest. */
  for (guint i = 0; i < part->n_full; i++)
    buffer_pool_give (t->pool, part->full_bufs[i]);
  part->n_full = 0;
  part->read_pos = part->done;
  if (should_refetch (part, error))
    {
      g_debug ("s3://%s/%s: fetching part %u again from byte %" G_GUINT64_FORMAT ": %s",
               t->bucket, t->key, part->number, part->done, error->message);
      g_error_free (error);
      get_part (part);
      return;
    }
  part_end (part, error);
}

static void
chunk_written (Part   *part,
               GError *error)
{
  Transfer *t = part->transfer;

  if (error != NULL)
    {
      /* Not worth a refetch: the writing failed. */
      part->attempts = GET_ATTEMPTS;
      if (part->error == NULL)
        part->error = error;
      else
        g_error_free (error);
    }
  else
    {
      part->done += part->write_len;
      report_progress (t, part->write_len);
    }
  for (guint i = 0; i < part->n_write; i++)
    buffer_pool_give (t->pool, part->write_bufs[i]);
  part->n_write = 0;
  part->write_len = 0;
  part_pump (part);
}

static void
pwrite_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError *error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  chunk_written (user_data, error);
}

static void
sink_write_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError *error = NULL;

  g_output_stream_writev_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error);
  chunk_written (user_data, error);
}

/* Writes all the chunks read so far, in one go: a stream gets them in
 * order, and with them the object's checksum when it is computed here; a
 * file at their offsets, from a worker. */
static void
write_chunks (Part *part)
{
  Transfer *t = part->transfer;
  g_autoptr(GTask) task = NULL;

  part->write_len = 0;
  for (guint i = 0; i < part->n_full; i++)
    {
      part->write_bufs[i] = part->full_bufs[i];
      part->write_vecs[i].buffer = part->full_bufs[i];
      part->write_vecs[i].size = part->full_lens[i];
      part->write_len += part->full_lens[i];
      if (t->sink != NULL && t->checksum != NULL)
        gaws_checksum_update (t->checksum, part->full_bufs[i], part->full_lens[i]);
    }
  part->n_write = part->n_full;
  part->n_full = 0;
  if (t->sink != NULL)
    {
      g_output_stream_writev_all_async (t->sink, part->write_vecs, part->n_write, G_PRIORITY_DEFAULT, t->inner,
                                        sink_write_cb, part);
      return;
    }
  task = g_task_new (NULL, NULL, pwrite_done_cb, part);
  g_task_set_task_data (task, part, NULL);
  g_task_run_in_thread (task, pwrite_thread);
}

static void
read_failed (Part   *part,
             GError *error)
{
  if (part->error == NULL)
    part->error = error;
  else
    g_error_free (error);
  part_pump (part);
}

/* A part's body has been read to its end (@error %NULL) or has failed:
 * the part is complete, or read_failed() decides whether to fetch it
 * again. */
static void
body_ended (Part   *part,
            GError *error)
{
  if (error != NULL)
    {
      read_failed (part, error);
      return;
    }
  part->body = NULL;
  g_clear_object (&part->output);
  part_complete (part);
}

/* The end of a body is read too: that is where the client checks the
 * checksum of a whole object, and where the transfer is over, so that the
 * connection is reused. */

static void
end_read_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Part *part = user_data;
  Transfer *t = part->transfer;
  GError *error = NULL;
  gssize got = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  part->ending = FALSE;
  if (got > 0)
    error = g_error_new (GAWS_ERROR, GAWS_ERROR_PROTOCOL, "s3://%s/%s: more bytes than asked for in part %u",
                         t->bucket, t->key, part->number);
  if (error != NULL)
    part->attempts = GET_ATTEMPTS;   /* what was written is not what the checksum covers */
  body_ended (part, error);
}

static void
chunk_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Part *part = user_data;
  Transfer *t = part->transfer;
  gsize got = 0;
  GError *error = NULL;

  g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &got, &error);
  if (error == NULL && got < part->read_len)
    error = g_error_new (GAWS_ERROR, GAWS_ERROR_PROTOCOL,
                         "s3://%s/%s: the body of part %u ended at byte %" G_GUINT64_FORMAT " of %" G_GSIZE_FORMAT,
                         t->bucket, t->key, part->number, part->read_pos - part->read_len + got, part->length);
  if (error != NULL)
    {
      buffer_pool_give (t->pool, g_steal_pointer (&part->read_buf));
      read_failed (part, error);
      return;
    }
  part->full_bufs[part->n_full] = g_steal_pointer (&part->read_buf);
  part->full_lens[part->n_full++] = part->read_len;
  part->read_len = 0;
  part_pump (part);
}

/* A stream sink that can be written without blocking gets the part whose
 * turn it is straight from the body stream (see
 * gaws_http_body_stream_splice_to_pollable_async()): curl's bytes are
 * written as they come, saving the copy into a chunk and the worker
 * thread a GOutputStream's asynchronous write may take. The object's
 * checksum is computed from the bytes as the sink takes them. */
static gboolean
can_splice (Part *part)
{
  Transfer *t = part->transfer;

  return t->sink != NULL && G_IS_POLLABLE_OUTPUT_STREAM (t->sink) &&
         g_pollable_output_stream_can_poll (G_POLLABLE_OUTPUT_STREAM (t->sink)) &&
         GAWS_IS_HTTP_BODY_STREAM (part->body) && part->done < part->length;
}

static void
splice_data (gpointer    user_data,
             const void *data,
             gsize       len)
{
  Part *part = user_data;

  if (part->transfer->checksum != NULL)
    gaws_checksum_update (part->transfer->checksum, data, len);
  part->done += len;
}

/* Progress is reported per chunk's worth of bytes, as for other sinks. */
static void
splice_progress (gpointer user_data,
                 gsize    len)
{
  Part *part = user_data;

  part->unreported += len;
  if (part->unreported < part->transfer->chunk)
    return;
  report_progress (part->transfer, part->unreported);
  part->unreported = 0;
}

static const GawsHttpBodyStreamSpliceObserver splice_observer = { splice_data, splice_progress };

static void
splice_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Part *part = user_data;
  Transfer *t = part->transfer;
  GawsHttpBodyStream *body = GAWS_HTTP_BODY_STREAM (source);
  GError *error = NULL;

  part->splicing = FALSE;
  gaws_http_body_stream_splice_to_pollable_finish (body, result, &error);
  if (part->unreported > 0)
    report_progress (t, part->unreported);
  part->unreported = 0;
  if (error == NULL && part->done < part->length)
    error = g_error_new (GAWS_ERROR, GAWS_ERROR_PROTOCOL,
                         "s3://%s/%s: the body of part %u ended at byte %" G_GUINT64_FORMAT " of %" G_GSIZE_FORMAT,
                         t->bucket, t->key, part->number, part->done, part->length);
  else if (error != NULL && !gaws_http_body_stream_splice_body_failed (body))
    part->attempts = GET_ATTEMPTS;   /* the sink failed, or the body was too long: no refetch */
  body_ended (part, error);
}

static void
splice_part (Part *part)
{
  Transfer *t = part->transfer;

  part->splicing = TRUE;
  part->read_pos = part->length;
  gaws_http_body_stream_splice_to_pollable_full_async (GAWS_HTTP_BODY_STREAM (part->body),
                                                       G_POLLABLE_OUTPUT_STREAM (t->sink), part->length - part->done,
                                                       &splice_observer, part, t->inner, splice_done_cb, part);
}

/* Moves a part on: chunks are read while those before are written, so that
 * neither waits for the other: a reader that has to wait for the writer
 * leaves the body to pile up in its stream, and bytes taken from there are
 * copied once more than bytes read into a waiting buffer. What was read
 * while a write was going on goes in the next write. A failure waits for
 * reading and writing to be over. */
static void
part_pump (Part *part)
{
  Transfer *t = part->transfer;
  gboolean busy = part->read_buf != NULL || part->n_write > 0 || part->ending || part->splicing;

  if (part->error != NULL || t->error != NULL)
    {
      if (!busy)
        {
          if (part->error != NULL)
            part_failed (part, g_steal_pointer (&part->error));
          else
            part_end (part, NULL);
        }
      return;
    }
  if (!busy && part->n_full == 0 && part->read_pos == part->done && can_splice (part))
    {
      splice_part (part);
      return;
    }
  if (part->n_full > 0 && part->n_write == 0)
    write_chunks (part);
  if (part->read_buf == NULL && part->n_full + part->n_write < t->part_chunks && part->read_pos < part->length)
    {
      part->read_buf = buffer_pool_take (t->pool);
      part->read_len = MIN (t->chunk, part->length - part->read_pos);
      part->read_pos += part->read_len;
      g_input_stream_read_all_async (part->body, part->read_buf, part->read_len, G_PRIORITY_DEFAULT, t->inner,
                                     chunk_read_cb, part);
      return;
    }
  if (!busy && part->n_full == 0 && part->done == part->length)
    {
      part->ending = TRUE;
      g_input_stream_read_async (part->body, &part->end_byte, 1, G_PRIORITY_DEFAULT, t->inner, end_read_cb, part);
    }
}

static void
get_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Part *part = user_data;
  Transfer *t = part->transfer;
  gint index;
  GError *error = NULL;

  part->output = invoke_finish (t, result, &error);
  if (part->output != NULL)
    {
      index = gaws_shape_info_find_member (gaws_shape_get_info (part->output), "Body");
      part->body = index >= 0 && gaws_shape_is_set (part->output, index) ? gaws_shape_get_stream (part->output, index)
                                                                         : NULL;
      if (part->body == NULL)
        error = g_error_new (GAWS_ERROR, GAWS_ERROR_PROTOCOL, "GetObject returned no body");
      else if (GAWS_IS_HTTP_BODY_STREAM (part->body))
        gaws_http_body_stream_set_high_water (GAWS_HTTP_BODY_STREAM (part->body), PART_BODY_HIGH_WATER);
    }
  if (error != NULL)
    {
      part_failed (part, error);
      return;
    }
  /* A stream reads one body at a time; the others wait, held back by
   * their body streams. */
  if (t->sink != NULL && part->number != t->next_write)
    g_hash_table_insert (t->ready, GUINT_TO_POINTER (part->number), part);
  else
    part_pump (part);
}

static void
get_part (Part *part)
{
  Transfer *t = part->transfer;
  json_t *input = base_input (t->bucket, t->key);

  part->attempts++;
  if (!t->single || part->done > 0)
    {
      g_autofree char *range = g_strdup_printf ("bytes=%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT,
                                                part->offset + part->done, part->offset + part->length - 1);

      json_object_set_new (input, "Range", json_string (range));
      /* The parts must all come from one version of the object. */
      if (t->etag != NULL && json_object_get (t->extra, "VersionId") == NULL)
        json_object_set_new (input, "IfMatch", json_string (t->etag));
    }
  add_extra (input, find_operation (t, "GetObject"), t->extra, NULL);
  invoke (t, "GetObject", input, t->inner, get_done_cb, part);
}

static gsize
read_at (int      fd,
         guint8  *buffer,
         gsize    count,
         off_t    offset,
         GError **error)
{
  ssize_t n;

  do
    n = pread (fd, buffer, count, offset);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Could not read back the download: %s",
                   g_strerror (saved));
      return 0;
    }
  return (gsize) n;
}

/* Parts are written to a file out of order: its checksum is computed from
 * the file once they all are, on a worker. */
static void
checksum_file_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Transfer *t = g_task_get_task_data (task_data);
  g_autofree guint8 *buffer = g_malloc (DOWNLOAD_CHUNK);
  off_t offset = 0;
  GError *error = NULL;
  gsize n;

  while ((n = read_at (t->fd, buffer, DOWNLOAD_CHUNK, offset, &error)) > 0)
    {
      gaws_checksum_update (t->checksum, buffer, n);
      offset += n;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
verify (Transfer *t)
{
  g_autofree char *computed = NULL;

  t->verified = TRUE;
  if (gaws_checksum_matches (t->checksum, t->expected))
    return;
  computed = gaws_checksum_dup_base64 (t->checksum);
  fail (t, g_error_new (GAWS_ERROR, GAWS_ERROR_PROTOCOL,
                        "s3://%s/%s: the %s checksum of the object does not match: expected “%s”, computed “%s”",
                        t->bucket, t->key, gaws_checksum_algorithm_get_name (gaws_checksum_get_algorithm (t->checksum)),
                        t->expected, computed));
}

static void
checksum_file_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  Transfer *t = g_task_get_task_data (outer);
  GError *error = NULL;

  t->in_flight--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    fail (t, error);
  else
    verify (t);
  advance (t);
}

/* After the last part: the checksum, then the file into place. */
static void
download_finish (Transfer *t)
{
  if (t->checksum != NULL && !t->verified)
    {
      g_autoptr(GTask) task = NULL;

      if (t->fd < 0)
        {
          verify (t);
          advance (t);
          return;
        }
      task = g_task_new (NULL, NULL, checksum_file_done_cb, g_object_ref (t->task));
      g_task_set_task_data (task, g_object_ref (t->task), g_object_unref);
      t->in_flight++;
      g_task_run_in_thread (task, checksum_file_thread);
      return;
    }
  if (t->fd >= 0)
    {
      int fd = t->fd;

      t->fd = -1;
      if (close (fd) != 0 || g_rename (t->tmp_path, t->path) != 0)
        {
          int saved = errno;

          fail (t, g_error_new (G_IO_ERROR, g_io_error_from_errno (saved), "Could not write %s: %s",
                                t->path, g_strerror (saved)));
          advance (t);
          return;
        }
      g_clear_pointer (&t->tmp_path, g_free);
    }
  return_success (t);
}

static void
download_pump (Transfer *t)
{
  while (t->next_number <= t->n_parts && t->in_flight < t->concurrency)
    {
      Part *part = part_new (t, t->next_number++);

      part->offset = (part->number - 1) * t->chunksize;
      part->length = MIN (t->chunksize, (guint64) t->total - part->offset);
      t->in_flight++;
      get_part (part);
    }
  if (t->n_done < t->n_parts || t->in_flight > 0)
    return;
  download_finish (t);
}

/* The temporary file is beside the destination, so that renaming it over
 * the destination is atomic. */
static gboolean
open_temporary (Transfer  *t,
                GError   **error)
{
  int saved;

  t->tmp_path = g_strdup_printf ("%s.gaws-XXXXXX", t->path);
  t->fd = g_mkstemp_full (t->tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (t->fd >= 0)
    return TRUE;
  saved = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Could not create a file beside %s: %s",
               t->path, g_strerror (saved));
  g_clear_pointer (&t->tmp_path, g_free);
  return FALSE;
}

static void
download_sized (Transfer *t)
{
  GError *error = NULL;

  if (t->path != NULL && !open_temporary (t, &error))
    {
      fail (t, error);
      return;
    }
  t->single = (guint64) t->total < t->threshold;
  if (t->single)
    t->chunksize = MAX (t->total, 1);
  /* A stream is written by one part at a time: larger chunks, fewer hops
   * to the writer's thread. */
  t->chunk = t->sink != NULL ? 2 * DOWNLOAD_CHUNK : DOWNLOAD_CHUNK;
  t->part_chunks = t->sink != NULL ? MAX_PART_CHUNKS : 2;
  t->pool = buffer_pool_new (t->chunk, t->sink != NULL ? t->part_chunks : t->part_chunks * t->concurrency);
  t->n_parts = t->total == 0 ? 1 : (t->total + t->chunksize - 1) / t->chunksize;
  t->next_number = 1;
  t->next_write = 1;
}

static gboolean
validate_responses (Transfer *t)
{
  GawsClientConfig *config = gaws_client_get_config (t->client);

  return config == NULL ||
         gaws_client_config_get_response_checksum_validation (config) != GAWS_CHECKSUM_POLICY_WHEN_REQUIRED;
}

/* A GET of a whole object has its checksum checked by the client; ranged
 * GETs carry none, so a full-object checksum that HeadObject gave is
 * checked here over the bytes written. A composite checksum (of the parts
 * of a multipart object, `...-N`) covers no bytes as such: skipped, as
 * botocore does. */
static void
choose_download_checksum (Transfer  *t,
                          GawsShape *head)
{
  static const char *const order[] = { "CRC64NVME", "CRC32C", "CRC32", "SHA1", "SHA256", NULL };
  const char *type = output_string (head, "ChecksumType");

  /* A multipart object (its ETag ends in -N) has a full-object checksum only
   * when it says so: some S3 stand-ins give a composite one without -N. */
  if (!validate_responses (t) || g_strcmp0 (type, "COMPOSITE") == 0 ||
      (t->etag != NULL && strchr (t->etag, '-') != NULL && g_strcmp0 (type, "FULL_OBJECT") != 0))
    return;
  for (guint i = 0; order[i] != NULL; i++)
    {
      g_autofree char *member = g_strconcat ("Checksum", order[i], NULL);
      const char *value = output_string (head, member);
      GawsChecksumAlgorithm algorithm;

      if (value == NULL || strchr (value, '-') != NULL || !gaws_checksum_algorithm_parse (order[i], &algorithm, NULL))
        continue;
      t->checksum = gaws_checksum_new (algorithm);
      t->expected = g_strdup (value);
      return;
    }
}

static void
head_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Transfer *t = g_task_get_task_data (task);
  g_autoptr(GawsShape) output = NULL;
  GError *error = NULL;
  gint64 size = -1;

  t->in_flight--;
  output = invoke_finish (t, result, &error);
  if (output != NULL && (!output_int64 (output, "ContentLength", &size) || size < 0))
    error = g_error_new (GAWS_ERROR, GAWS_ERROR_PROTOCOL, "HeadObject returned no ContentLength");
  if (error != NULL)
    {
      fail (t, error);
      advance (t);
      return;
    }
  t->total = size;
  t->etag = g_strdup (output_string (output, "ETag"));
  if (t->kind == KIND_COPY)
    {
      t->source_head = gaws_shape_to_json (output, GAWS_SHAPE_JSON_DEFAULT);
      copy_sized (t);
    }
  else
    {
      download_sized (t);
      if (!t->single)
        choose_download_checksum (t, output);
    }
  advance (t);
}

static void
head_object (Transfer   *t,
             const char *bucket,
             const char *key,
             json_t     *input)
{
  json_object_set_new (input, "Bucket", json_string (bucket));
  json_object_set_new (input, "Key", json_string (key));
  t->in_flight++;
  invoke (t, "HeadObject", input, t->inner, head_done_cb, g_object_ref (t->task));
}

/* ---- the state machine ----------------------------------------------------- */

static void
advance (Transfer *t)
{
  GError *error = NULL;

  if (t->returned)
    return;
  if (t->error == NULL && g_cancellable_set_error_if_cancelled (t->inner, &error))
    fail (t, error);
  if (t->error != NULL)
    {
      /* Parts waiting for their turn to write to a stream stop here. */
      if (t->ready != NULL)
        {
          t->in_flight -= g_hash_table_size (t->ready);
          g_hash_table_remove_all (t->ready);
        }
      /* Wait for every call to end, so that the abort comes last. */
      if (t->in_flight == 0 && !t->reading)
        clean_up_and_return (t);
      return;
    }
  switch (t->kind)
    {
    case KIND_UPLOAD:
      upload_pump (t);
      break;
    case KIND_COPY:
      copy_pump (t);
      break;
    case KIND_DOWNLOAD:
      if (t->n_parts > 0)
        download_pump (t);
      break;
    }
}

/* ---- extra arguments --------------------------------------------------------- */

/* The extra arguments as JSON, checked against the input of @op, the
 * operation they are named after. */
static json_t *
extra_to_json (GVariant                 *extra_args,
               const GawsOperationInfo  *op,
               GError                  **error)
{
  g_autoptr(json_t) json = NULL;
  const char *name;
  json_t *value;

  if (extra_args == NULL)
    return json_object ();
  if (!g_variant_is_of_type (extra_args, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Extra arguments must be a GVariant of type a{sv}, not %s",
                   g_variant_get_type_string (extra_args));
      return NULL;
    }
  json = gaws_variant_to_json (extra_args);
  if (json == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Extra arguments hold a value that has no JSON form (a tuple?)");
      return NULL;
    }
  json_object_foreach (json, name, value)
    if (g_strv_contains (reserved_args, name) || gaws_shape_info_find_member (op->input, name) < 0)
      {
        g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                     "Invalid extra argument %s: not a member %s takes from the caller", name, op->name);
        return NULL;
      }
  return g_steal_pointer (&json);
}

/* ---- starting a transfer ----------------------------------------------------- */

static Transfer *
transfer_new (GawsS3TransferManager      *self,
              TransferKind                kind,
              const char                 *bucket,
              const char                 *key,
              GawsS3TransferProgressFunc  progress,
              gpointer                    progress_data,
              GDestroyNotify              progress_notify,
              GCancellable               *cancellable,
              GTask                      *task)
{
  Transfer *t = g_new0 (Transfer, 1);

  t->kind = kind;
  t->task = task;
  t->client = g_object_ref (self->client);
  t->model = gaws_client_get_model (self->client);
  t->bucket = g_strdup (bucket);
  t->key = g_strdup (key);
  t->progress = progress;
  t->progress_data = progress_data;
  t->progress_notify = progress_notify;
  t->total = -1;
  t->threshold = self->threshold;
  t->chunksize = self->chunksize;
  t->concurrency = self->concurrency;
  t->fd = -1;
  t->source_fd = -1;
  t->inner = g_cancellable_new ();
  if (cancellable != NULL)
    {
      t->outer = g_object_ref (cancellable);
      t->outer_handler = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                                g_object_ref (t->inner), g_object_unref);
    }
  g_task_set_task_data (task, t, (GDestroyNotify) transfer_free);
  return t;
}

static const char *const upload_operations[] = {
  "PutObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "AbortMultipartUpload", NULL
};
static const char *const download_operations[] = { "HeadObject", "GetObject", NULL };
static const char *const copy_operations[] = {
  "HeadObject", "CopyObject", "CreateMultipartUpload", "UploadPartCopy", "CompleteMultipartUpload",
  "AbortMultipartUpload", NULL
};

/* Checks the client and the extra arguments; on failure returns the task's
 * error and %FALSE. */
static gboolean
transfer_prepare (Transfer          *t,
                  const char        *main_operation,
                  const char *const *operations,
                  GVariant          *extra_args)
{
  GError *error = NULL;

  if (!check_operations (t, operations, &error) ||
      (t->extra = extra_to_json (extra_args, find_operation (t, main_operation), &error)) == NULL ||
      (t->kind == KIND_UPLOAD && !choose_upload_checksum (t, &error)))
    {
      t->returned = TRUE;
      g_task_return_error (t->task, error);
      return FALSE;
    }
  return TRUE;
}

static GTask *
new_task (GawsS3TransferManager *self,
          GCancellable          *cancellable,
          GAsyncReadyCallback    callback,
          gpointer               user_data,
          gpointer               source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  (g_task_set_source_tag) (task, source_tag);   /* the function: see gaws-paginator.c */
  return task;
}

static void
upload_stream (GawsS3TransferManager      *self,
               GInputStream               *stream,
               gint64                      size,
               const char                 *bucket,
               const char                 *key,
               GVariant                   *extra_args,
               GawsS3TransferProgressFunc  progress,
               gpointer                    progress_data,
               GDestroyNotify              progress_notify,
               GTask                      *task)
{
  Transfer *t = transfer_new (self, KIND_UPLOAD, bucket, key, progress, progress_data, progress_notify,
                              g_task_get_cancellable (task), task);

  t->source = g_object_ref (stream);
  t->total = size;
  if (transfer_prepare (t, "PutObject", upload_operations, extra_args))
    upload_start (t);
}

/* ---- the manager --------------------------------------------------------------- */

static void
gaws_s3_transfer_manager_finalize (GObject *object)
{
  GawsS3TransferManager *self = GAWS_S3_TRANSFER_MANAGER (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (gaws_s3_transfer_manager_parent_class)->finalize (object);
}

static void
gaws_s3_transfer_manager_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  GawsS3TransferManager *self = GAWS_S3_TRANSFER_MANAGER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_MULTIPART_THRESHOLD:
      g_value_set_uint64 (value, self->threshold);
      break;
    case PROP_MULTIPART_CHUNKSIZE:
      g_value_set_uint64 (value, self->chunksize);
      break;
    case PROP_MAX_CONCURRENCY:
      g_value_set_uint (value, self->concurrency);
      break;
    case PROP_MAX_IO_QUEUE:
      g_value_set_uint (value, self->io_queue);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_s3_transfer_manager_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  GawsS3TransferManager *self = GAWS_S3_TRANSFER_MANAGER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_MULTIPART_THRESHOLD:
      self->threshold = g_value_get_uint64 (value);
      break;
    case PROP_MULTIPART_CHUNKSIZE:
      self->chunksize = g_value_get_uint64 (value);
      break;
    case PROP_MAX_CONCURRENCY:
      self->concurrency = g_value_get_uint (value);
      break;
    case PROP_MAX_IO_QUEUE:
      self->io_queue = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_s3_transfer_manager_class_init (GawsS3TransferManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gaws_s3_transfer_manager_finalize;
  object_class->get_property = gaws_s3_transfer_manager_get_property;
  object_class->set_property = gaws_s3_transfer_manager_set_property;

  /**
   * GawsS3TransferManager:client:
   *
   * The S3 client the transfers call through.
   */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, GAWS_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * GawsS3TransferManager:multipart-threshold:
   *
   * Objects of this many bytes and more are transferred in parts (boto3's
   * `multipart_threshold`, 8 MiB).
   */
  properties[PROP_MULTIPART_THRESHOLD] =
    g_param_spec_uint64 ("multipart-threshold", NULL, NULL, 1, G_MAXUINT64, DEFAULT_THRESHOLD, flags);
  /**
   * GawsS3TransferManager:multipart-chunksize:
   *
   * The size of a part (boto3's `multipart_chunksize`, 8 MiB); doubled as
   * needed to keep an object of known size within S3's 10,000 parts.
   */
  properties[PROP_MULTIPART_CHUNKSIZE] =
    g_param_spec_uint64 ("multipart-chunksize", NULL, NULL, 1, MAX_PART_SIZE, DEFAULT_CHUNKSIZE, flags);
  /**
   * GawsS3TransferManager:max-concurrency:
   *
   * Parts in flight at once per transfer (boto3's `max_concurrency`, 10);
   * for uploads also the number of parts buffered at most.
   */
  properties[PROP_MAX_CONCURRENCY] =
    g_param_spec_uint ("max-concurrency", NULL, NULL, 1, 1000, DEFAULT_CONCURRENCY, flags);
  /**
   * GawsS3TransferManager:max-io-queue:
   *
   * boto3's `max_io_queue` (100), kept for configurations written for
   * boto3: downloads write each chunk before reading the next, which
   * bounds what is queued for writing.
   */
  properties[PROP_MAX_IO_QUEUE] =
    g_param_spec_uint ("max-io-queue", NULL, NULL, 1, G_MAXUINT, DEFAULT_IO_QUEUE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gaws_s3_transfer_manager_init (GawsS3TransferManager *self)
{
  self->threshold = DEFAULT_THRESHOLD;
  self->chunksize = DEFAULT_CHUNKSIZE;
  self->concurrency = DEFAULT_CONCURRENCY;
  self->io_queue = DEFAULT_IO_QUEUE;
  self->context = g_main_context_ref_thread_default ();
}

/**
 * gaws_s3_transfer_manager_new:
 * @client: an S3 client (a `GawsS3Client`)
 *
 * Creates a transfer manager with boto3's `TransferConfig` defaults.
 *
 * Returns: (transfer full): a new #GawsS3TransferManager
 */
GawsS3TransferManager *
gaws_s3_transfer_manager_new (GawsClient *client)
{
  g_return_val_if_fail (GAWS_IS_CLIENT (client), NULL);

  return g_object_new (GAWS_TYPE_S3_TRANSFER_MANAGER, "client", client, NULL);
}

/**
 * gaws_s3_transfer_manager_get_client:
 * @self: a #GawsS3TransferManager
 *
 * Returns: (transfer none): the client the transfers call through
 */
GawsClient *
gaws_s3_transfer_manager_get_client (GawsS3TransferManager *self)
{
  g_return_val_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self), NULL);
  return self->client;
}

/**
 * gaws_s3_transfer_manager_get_multipart_threshold:
 * @self: a #GawsS3TransferManager
 *
 * Returns: the size from which transfers go in parts
 */
guint64
gaws_s3_transfer_manager_get_multipart_threshold (GawsS3TransferManager *self)
{
  g_return_val_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self), 0);
  return self->threshold;
}

/**
 * gaws_s3_transfer_manager_set_multipart_threshold:
 * @self: a #GawsS3TransferManager
 * @threshold: a size in bytes, at least 1
 *
 * Sets #GawsS3TransferManager:multipart-threshold for transfers started
 * after.
 */
void
gaws_s3_transfer_manager_set_multipart_threshold (GawsS3TransferManager *self,
                                                  guint64                threshold)
{
  g_return_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self));
  g_return_if_fail (threshold > 0);
  self->threshold = threshold;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MULTIPART_THRESHOLD]);
}

/**
 * gaws_s3_transfer_manager_get_multipart_chunksize:
 * @self: a #GawsS3TransferManager
 *
 * Returns: the part size
 */
guint64
gaws_s3_transfer_manager_get_multipart_chunksize (GawsS3TransferManager *self)
{
  g_return_val_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self), 0);
  return self->chunksize;
}

/**
 * gaws_s3_transfer_manager_set_multipart_chunksize:
 * @self: a #GawsS3TransferManager
 * @chunksize: a size in bytes, from 1 to 5 GiB (S3 wants 5 MiB and more
 *   for every part but the last; the manager does not enforce it, for
 *   S3-compatible stores with other limits)
 *
 * Sets #GawsS3TransferManager:multipart-chunksize for transfers started
 * after.
 */
void
gaws_s3_transfer_manager_set_multipart_chunksize (GawsS3TransferManager *self,
                                                  guint64                chunksize)
{
  g_return_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self));
  g_return_if_fail (chunksize > 0 && chunksize <= MAX_PART_SIZE);
  self->chunksize = chunksize;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MULTIPART_CHUNKSIZE]);
}

/**
 * gaws_s3_transfer_manager_get_max_concurrency:
 * @self: a #GawsS3TransferManager
 *
 * Returns: the number of parts in flight at once per transfer
 */
guint
gaws_s3_transfer_manager_get_max_concurrency (GawsS3TransferManager *self)
{
  g_return_val_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self), 0);
  return self->concurrency;
}

/**
 * gaws_s3_transfer_manager_set_max_concurrency:
 * @self: a #GawsS3TransferManager
 * @max_concurrency: parts in flight at once, from 1 to 1000
 *
 * Sets #GawsS3TransferManager:max-concurrency for transfers started after.
 */
void
gaws_s3_transfer_manager_set_max_concurrency (GawsS3TransferManager *self,
                                              guint                  max_concurrency)
{
  g_return_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self));
  g_return_if_fail (max_concurrency > 0 && max_concurrency <= 1000);
  self->concurrency = max_concurrency;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_CONCURRENCY]);
}

/**
 * gaws_s3_transfer_manager_get_max_io_queue:
 * @self: a #GawsS3TransferManager
 *
 * Returns: boto3's `max_io_queue` setting
 */
guint
gaws_s3_transfer_manager_get_max_io_queue (GawsS3TransferManager *self)
{
  g_return_val_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self), 0);
  return self->io_queue;
}

/**
 * gaws_s3_transfer_manager_set_max_io_queue:
 * @self: a #GawsS3TransferManager
 * @max_io_queue: at least 1
 *
 * Sets #GawsS3TransferManager:max-io-queue.
 */
void
gaws_s3_transfer_manager_set_max_io_queue (GawsS3TransferManager *self,
                                           guint                  max_io_queue)
{
  g_return_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self));
  g_return_if_fail (max_io_queue > 0);
  self->io_queue = max_io_queue;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_IO_QUEUE]);
}

/* ---- the sync variants ----------------------------------------------------- */

typedef struct {
  GAsyncResult *result;
} SyncData;

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncData *sync = user_data;

  sync->result = g_object_ref (result);
}

static void
sync_begin (GawsS3TransferManager *self)
{
  g_main_context_push_thread_default (self->context);
}

static void
sync_wait (GawsS3TransferManager *self,
           SyncData              *sync)
{
  while (sync->result == NULL)
    g_main_context_iteration (self->context, TRUE);
  g_main_context_pop_thread_default (self->context);
}

static gboolean
finish (GawsS3TransferManager  *self,
        GAsyncResult           *result,
        gpointer                source_tag,
        GError                **error)
{
  g_return_val_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
sync_finish (GawsS3TransferManager  *self,
             SyncData               *sync,
             gpointer                source_tag,
             GError                **error)
{
  gboolean ok;

  sync_wait (self, sync);
  ok = finish (self, sync->result, source_tag, error);
  g_object_unref (sync->result);
  return ok;
}

/* ---- upload_file --------------------------------------------------------------- */

typedef struct {
  char                       *bucket;
  char                       *key;
  GVariant                   *extra_args;
  GawsS3TransferProgressFunc  progress;
  gpointer                    progress_data;
  GDestroyNotify              progress_notify;
  GFileInputStream           *stream;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->bucket);
  g_free (data->key);
  g_clear_pointer (&data->extra_args, g_variant_unref);
  if (data->progress_notify != NULL)
    data->progress_notify (data->progress_data);
  g_clear_object (&data->stream);
  g_free (data);
}

static void
file_info_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GFileInfo) info = NULL;
  GError *error = NULL;
  GDestroyNotify notify = g_steal_pointer (&data->progress_notify);
  /* The transfer replaces @data as the task's data: keep what it needs. */
  g_autoptr(GInputStream) stream = g_object_ref (G_INPUT_STREAM (data->stream));
  g_autoptr(GVariant) extra = data->extra_args ? g_variant_ref (data->extra_args) : NULL;
  g_autofree char *bucket = g_strdup (data->bucket);
  g_autofree char *key = g_strdup (data->key);
  GawsS3TransferProgressFunc progress = data->progress;
  gpointer progress_data = data->progress_data;

  info = g_file_input_stream_query_info_finish (G_FILE_INPUT_STREAM (source), result, &error);
  if (info == NULL)
    {
      if (notify != NULL)
        notify (data->progress_data);
      g_task_return_error (task, error);
      return;
    }
  upload_stream (g_task_get_source_object (task), stream, g_file_info_get_size (info),
                 bucket, key, extra, progress, progress_data, notify, task);
}

static void
file_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpenData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->stream = g_file_read_finish (G_FILE (source), result, &error);
  if (data->stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_file_input_stream_query_info_async (data->stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_PRIORITY_DEFAULT,
                                        g_task_get_cancellable (task), file_info_cb, g_object_ref (task));
}

/**
 * gaws_s3_transfer_manager_upload_file_async:
 * @self: a #GawsS3TransferManager
 * @file: the file to upload (for a path, g_file_new_for_path())
 * @bucket: the bucket
 * @key: the object key
 * @extra_args: (nullable): a{sv} of PutObject input members, such as
 *   `ContentType`, `Metadata`, `ACL`, `StorageClass`,
 *   `ServerSideEncryption`, `SSECustomerKey`, `ChecksumAlgorithm`
 * @progress: (nullable) (scope notified) (closure progress_data) (destroy progress_notify):
 *   called with the bytes uploaded so far as parts complete
 * @progress_data: data for @progress
 * @progress_notify: (nullable): frees @progress_data
 * @cancellable: (nullable): a #GCancellable; cancelling aborts a multipart upload
 * @callback: called when the upload is done
 * @user_data: data for @callback
 *
 * Uploads @file to s3://@bucket/@key, as boto3's `upload_file`: in one
 * PutObject below #GawsS3TransferManager:multipart-threshold, else as a
 * multipart upload with parallel parts.
 */
void
gaws_s3_transfer_manager_upload_file_async (GawsS3TransferManager      *self,
                                            GFile                      *file,
                                            const char                 *bucket,
                                            const char                 *key,
                                            GVariant                   *extra_args,
                                            GawsS3TransferProgressFunc  progress,
                                            gpointer                    progress_data,
                                            GDestroyNotify              progress_notify,
                                            GCancellable               *cancellable,
                                            GAsyncReadyCallback         callback,
                                            gpointer                    user_data)
{
  GTask *task;
  OpenData *data;

  g_return_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (bucket != NULL && key != NULL);

  task = new_task (self, cancellable, callback, user_data, gaws_s3_transfer_manager_upload_file_async);
  data = g_new0 (OpenData, 1);
  data->bucket = g_strdup (bucket);
  data->key = g_strdup (key);
  data->extra_args = extra_args ? g_variant_ref_sink (extra_args) : NULL;
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_notify = progress_notify;
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_file_read_async (file, G_PRIORITY_DEFAULT, cancellable, file_read_cb, task);
}

/**
 * gaws_s3_transfer_manager_upload_file_finish:
 * @self: a #GawsS3TransferManager
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: whether the object was uploaded
 */
gboolean
gaws_s3_transfer_manager_upload_file_finish (GawsS3TransferManager  *self,
                                             GAsyncResult           *result,
                                             GError                **error)
{
  return finish (self, result, gaws_s3_transfer_manager_upload_file_async, error);
}

/**
 * gaws_s3_transfer_manager_upload_file_sync:
 * @self: a #GawsS3TransferManager
 * @file: the file to upload
 * @bucket: the bucket
 * @key: the object key
 * @extra_args: (nullable): a{sv} of PutObject input members
 * @progress: (nullable) (scope call) (closure progress_data): progress callback
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The blocking form of gaws_s3_transfer_manager_upload_file_async().
 *
 * Returns: whether the object was uploaded
 */
gboolean
gaws_s3_transfer_manager_upload_file_sync (GawsS3TransferManager       *self,
                                           GFile                       *file,
                                           const char                  *bucket,
                                           const char                  *key,
                                           GVariant                    *extra_args,
                                           GawsS3TransferProgressFunc   progress,
                                           gpointer                     progress_data,
                                           GCancellable                *cancellable,
                                           GError                     **error)
{
  SyncData sync = { NULL };

  g_return_val_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self), FALSE);
  sync_begin (self);
  gaws_s3_transfer_manager_upload_file_async (self, file, bucket, key, extra_args, progress, progress_data, NULL,
                                              cancellable, sync_done_cb, &sync);
  return sync_finish (self, &sync, gaws_s3_transfer_manager_upload_file_async, error);
}

/* ---- upload_fileobj ------------------------------------------------------------ */

/**
 * gaws_s3_transfer_manager_upload_fileobj_async:
 * @self: a #GawsS3TransferManager
 * @stream: the data to upload, read to its end (not closed)
 * @bucket: the bucket
 * @key: the object key
 * @extra_args: (nullable): a{sv} of PutObject input members
 * @progress: (nullable) (scope notified) (closure progress_data) (destroy progress_notify):
 *   called with the bytes uploaded so far; its total is -1 until the end
 * @progress_data: data for @progress
 * @progress_notify: (nullable): frees @progress_data
 * @cancellable: (nullable): a #GCancellable; cancelling aborts a multipart upload
 * @callback: called when the upload is done
 * @user_data: data for @callback
 *
 * Uploads what @stream holds, as boto3's `upload_fileobj`. Its size need not
 * be known: up to #GawsS3TransferManager:multipart-threshold bytes are read
 * first, and a stream that ends before is sent in one PutObject.
 */
void
gaws_s3_transfer_manager_upload_fileobj_async (GawsS3TransferManager      *self,
                                               GInputStream               *stream,
                                               const char                 *bucket,
                                               const char                 *key,
                                               GVariant                   *extra_args,
                                               GawsS3TransferProgressFunc  progress,
                                               gpointer                    progress_data,
                                               GDestroyNotify              progress_notify,
                                               GCancellable               *cancellable,
                                               GAsyncReadyCallback         callback,
                                               gpointer                    user_data)
{
  g_autoptr(GVariant) extra = extra_args ? g_variant_ref_sink (extra_args) : NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self));
  g_return_if_fail (G_IS_INPUT_STREAM (stream));
  g_return_if_fail (bucket != NULL && key != NULL);

  task = new_task (self, cancellable, callback, user_data, gaws_s3_transfer_manager_upload_fileobj_async);
  upload_stream (self, stream, -1, bucket, key, extra, progress, progress_data, progress_notify, task);
}

/**
 * gaws_s3_transfer_manager_upload_fileobj_finish:
 * @self: a #GawsS3TransferManager
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: whether the object was uploaded
 */
gboolean
gaws_s3_transfer_manager_upload_fileobj_finish (GawsS3TransferManager  *self,
                                                GAsyncResult           *result,
                                                GError                **error)
{
  return finish (self, result, gaws_s3_transfer_manager_upload_fileobj_async, error);
}

/**
 * gaws_s3_transfer_manager_upload_fileobj_sync:
 * @self: a #GawsS3TransferManager
 * @stream: the data to upload
 * @bucket: the bucket
 * @key: the object key
 * @extra_args: (nullable): a{sv} of PutObject input members
 * @progress: (nullable) (scope call) (closure progress_data): progress callback
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The blocking form of gaws_s3_transfer_manager_upload_fileobj_async().
 *
 * Returns: whether the object was uploaded
 */
gboolean
gaws_s3_transfer_manager_upload_fileobj_sync (GawsS3TransferManager       *self,
                                              GInputStream                *stream,
                                              const char                  *bucket,
                                              const char                  *key,
                                              GVariant                    *extra_args,
                                              GawsS3TransferProgressFunc   progress,
                                              gpointer                     progress_data,
                                              GCancellable                *cancellable,
                                              GError                     **error)
{
  SyncData sync = { NULL };

  g_return_val_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self), FALSE);
  sync_begin (self);
  gaws_s3_transfer_manager_upload_fileobj_async (self, stream, bucket, key, extra_args, progress, progress_data,
                                                 NULL, cancellable, sync_done_cb, &sync);
  return sync_finish (self, &sync, gaws_s3_transfer_manager_upload_fileobj_async, error);
}

/* ---- downloads ------------------------------------------------------------------ */

static void
download (GawsS3TransferManager      *self,
          const char                 *bucket,
          const char                 *key,
          GFile                      *file,
          GOutputStream              *stream,
          GVariant                   *extra_args,
          GawsS3TransferProgressFunc  progress,
          gpointer                    progress_data,
          GDestroyNotify              progress_notify,
          GTask                      *task)
{
  g_autoptr(GVariant) extra = extra_args ? g_variant_ref_sink (extra_args) : NULL;
  Transfer *t = transfer_new (self, KIND_DOWNLOAD, bucket, key, progress, progress_data, progress_notify,
                              g_task_get_cancellable (task), task);
  json_t *input;

  if (!transfer_prepare (t, "GetObject", download_operations, extra))
    return;
  if (file != NULL && (t->path = g_file_get_path (file)) == NULL)
    {
      t->returned = TRUE;
      g_task_return_new_error (task, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                               "download_file writes local files only; use download_fileobj for %s",
                               g_file_peek_path (file) ? g_file_peek_path (file) : "this file");
      return;
    }
  if (stream != NULL)
    {
      t->sink = g_object_ref (stream);
      t->ready = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) part_free);
    }
  input = json_object ();
  add_extra (input, find_operation (t, "HeadObject"), t->extra, NULL);
  /* For the object's checksum, if it has one (see choose_download_checksum()) */
  if (validate_responses (t) && json_object_get (input, "ChecksumMode") == NULL &&
      gaws_shape_info_find_member (find_operation (t, "HeadObject")->input, "ChecksumMode") >= 0)
    json_object_set_new (input, "ChecksumMode", json_string ("ENABLED"));
  head_object (t, bucket, key, input);
}

/**
 * gaws_s3_transfer_manager_download_file_async:
 * @self: a #GawsS3TransferManager
 * @bucket: the bucket
 * @key: the object key
 * @file: the local file to write (for a path, g_file_new_for_path())
 * @extra_args: (nullable): a{sv} of GetObject input members, such as
 *   `VersionId`, `SSECustomerKey`, `RequestPayer`
 * @progress: (nullable) (scope notified) (closure progress_data) (destroy progress_notify):
 *   called with the bytes written so far as chunks of parts are written
 * @progress_data: data for @progress
 * @progress_notify: (nullable): frees @progress_data
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the download is done
 * @user_data: data for @callback
 *
 * Downloads s3://@bucket/@key into @file, as boto3's `download_file`: with
 * parallel ranged GETs at or above #GawsS3TransferManager:multipart-threshold,
 * into a temporary file beside @file that replaces @file only once complete.
 * On failure, @file is left as it was.
 */
void
gaws_s3_transfer_manager_download_file_async (GawsS3TransferManager      *self,
                                              const char                 *bucket,
                                              const char                 *key,
                                              GFile                      *file,
                                              GVariant                   *extra_args,
                                              GawsS3TransferProgressFunc  progress,
                                              gpointer                    progress_data,
                                              GDestroyNotify              progress_notify,
                                              GCancellable               *cancellable,
                                              GAsyncReadyCallback         callback,
                                              gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (bucket != NULL && key != NULL);

  task = new_task (self, cancellable, callback, user_data, gaws_s3_transfer_manager_download_file_async);
  download (self, bucket, key, file, NULL, extra_args, progress, progress_data, progress_notify, task);
}

/**
 * gaws_s3_transfer_manager_download_file_finish:
 * @self: a #GawsS3TransferManager
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: whether the object was downloaded
 */
gboolean
gaws_s3_transfer_manager_download_file_finish (GawsS3TransferManager  *self,
                                               GAsyncResult           *result,
                                               GError                **error)
{
  return finish (self, result, gaws_s3_transfer_manager_download_file_async, error);
}

/**
 * gaws_s3_transfer_manager_download_file_sync:
 * @self: a #GawsS3TransferManager
 * @bucket: the bucket
 * @key: the object key
 * @file: the local file to write
 * @extra_args: (nullable): a{sv} of GetObject input members
 * @progress: (nullable) (scope call) (closure progress_data): progress callback
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The blocking form of gaws_s3_transfer_manager_download_file_async().
 *
 * Returns: whether the object was downloaded
 */
gboolean
gaws_s3_transfer_manager_download_file_sync (GawsS3TransferManager       *self,
                                             const char                  *bucket,
                                             const char                  *key,
                                             GFile                       *file,
                                             GVariant                    *extra_args,
                                             GawsS3TransferProgressFunc   progress,
                                             gpointer                     progress_data,
                                             GCancellable                *cancellable,
                                             GError                     **error)
{
  SyncData sync = { NULL };

  g_return_val_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self), FALSE);
  sync_begin (self);
  gaws_s3_transfer_manager_download_file_async (self, bucket, key, file, extra_args, progress, progress_data, NULL,
                                                cancellable, sync_done_cb, &sync);
  return sync_finish (self, &sync, gaws_s3_transfer_manager_download_file_async, error);
}

/**
 * gaws_s3_transfer_manager_download_fileobj_async:
 * @self: a #GawsS3TransferManager
 * @bucket: the bucket
 * @key: the object key
 * @stream: where to write the object, in order (not closed)
 * @extra_args: (nullable): a{sv} of GetObject input members
 * @progress: (nullable) (scope notified) (closure progress_data) (destroy progress_notify):
 *   called with the bytes written so far
 * @progress_data: data for @progress
 * @progress_notify: (nullable): frees @progress_data
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the download is done
 * @user_data: data for @callback
 *
 * Writes s3://@bucket/@key to @stream, as boto3's `download_fileobj`: parts
 * are fetched in parallel and written in order, with at most
 * #GawsS3TransferManager:max-concurrency parts held in memory.
 */
void
gaws_s3_transfer_manager_download_fileobj_async (GawsS3TransferManager      *self,
                                                 const char                 *bucket,
                                                 const char                 *key,
                                                 GOutputStream              *stream,
                                                 GVariant                   *extra_args,
                                                 GawsS3TransferProgressFunc  progress,
                                                 gpointer                    progress_data,
                                                 GDestroyNotify              progress_notify,
                                                 GCancellable               *cancellable,
                                                 GAsyncReadyCallback         callback,
                                                 gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self));
  g_return_if_fail (G_IS_OUTPUT_STREAM (stream));
  g_return_if_fail (bucket != NULL && key != NULL);

  task = new_task (self, cancellable, callback, user_data, gaws_s3_transfer_manager_download_fileobj_async);
  download (self, bucket, key, NULL, stream, extra_args, progress, progress_data, progress_notify, task);
}

/**
 * gaws_s3_transfer_manager_download_fileobj_finish:
 * @self: a #GawsS3TransferManager
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: whether the object was written
 */
gboolean
gaws_s3_transfer_manager_download_fileobj_finish (GawsS3TransferManager  *self,
                                                  GAsyncResult           *result,
                                                  GError                **error)
{
  return finish (self, result, gaws_s3_transfer_manager_download_fileobj_async, error);
}

/**
 * gaws_s3_transfer_manager_download_fileobj_sync:
 * @self: a #GawsS3TransferManager
 * @bucket: the bucket
 * @key: the object key
 * @stream: where to write the object
 * @extra_args: (nullable): a{sv} of GetObject input members
 * @progress: (nullable) (scope call) (closure progress_data): progress callback
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The blocking form of gaws_s3_transfer_manager_download_fileobj_async().
 *
 * Returns: whether the object was written
 */
gboolean
gaws_s3_transfer_manager_download_fileobj_sync (GawsS3TransferManager       *self,
                                                const char                  *bucket,
                                                const char                  *key,
                                                GOutputStream               *stream,
                                                GVariant                    *extra_args,
                                                GawsS3TransferProgressFunc   progress,
                                                gpointer                     progress_data,
                                                GCancellable                *cancellable,
                                                GError                     **error)
{
  SyncData sync = { NULL };

  g_return_val_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self), FALSE);
  sync_begin (self);
  gaws_s3_transfer_manager_download_fileobj_async (self, bucket, key, stream, extra_args, progress, progress_data,
                                                   NULL, cancellable, sync_done_cb, &sync);
  return sync_finish (self, &sync, gaws_s3_transfer_manager_download_fileobj_async, error);
}

/* ---- copy ------------------------------------------------------------------------ */

/* botocore URL-encodes the key of CopySource, and the version goes in its
 * query. */
static char *
copy_source_text (const char *bucket,
                  const char *key,
                  const char *version)
{
  g_autofree char *encoded = gaws_uri_encode (key, FALSE);

  if (version != NULL)
    {
      g_autofree char *encoded_version = gaws_uri_encode (version, TRUE);
      return g_strdup_printf ("%s/%s?versionId=%s", bucket, encoded, encoded_version);
    }
  return g_strdup_printf ("%s/%s", bucket, encoded);
}

/**
 * gaws_s3_transfer_manager_copy_async:
 * @self: a #GawsS3TransferManager
 * @source_bucket: the bucket to copy from
 * @source_key: the key to copy from
 * @source_version_id: (nullable): the version to copy, or %NULL for the latest
 * @bucket: the bucket to copy to
 * @key: the key to copy to
 * @extra_args: (nullable): a{sv} of CopyObject input members, such as
 *   `MetadataDirective`, `ContentType`, `StorageClass`,
 *   `CopySourceSSECustomerKey`
 * @progress: (nullable) (scope notified) (closure progress_data) (destroy progress_notify):
 *   called with the bytes copied so far
 * @progress_data: data for @progress
 * @progress_notify: (nullable): frees @progress_data
 * @cancellable: (nullable): a #GCancellable; cancelling aborts a multipart copy
 * @callback: called when the copy is done
 * @user_data: data for @callback
 *
 * Copies an object inside S3, as boto3's `copy`: one CopyObject below
 * #GawsS3TransferManager:multipart-threshold, else a multipart upload of
 * parallel UploadPartCopy ranges (which, unlike CopyObject, works above
 * 5 GiB).
 */
void
gaws_s3_transfer_manager_copy_async (GawsS3TransferManager      *self,
                                     const char                 *source_bucket,
                                     const char                 *source_key,
                                     const char                 *source_version_id,
                                     const char                 *bucket,
                                     const char                 *key,
                                     GVariant                   *extra_args,
                                     GawsS3TransferProgressFunc  progress,
                                     gpointer                    progress_data,
                                     GDestroyNotify              progress_notify,
                                     GCancellable               *cancellable,
                                     GAsyncReadyCallback         callback,
                                     gpointer                    user_data)
{
  g_autoptr(GVariant) extra = extra_args ? g_variant_ref_sink (extra_args) : NULL;
  g_autoptr(GTask) task = NULL;
  Transfer *t;
  json_t *input;
  const char *name;
  json_t *value;

  g_return_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self));
  g_return_if_fail (source_bucket != NULL && source_key != NULL);
  g_return_if_fail (bucket != NULL && key != NULL);

  task = new_task (self, cancellable, callback, user_data, gaws_s3_transfer_manager_copy_async);
  t = transfer_new (self, KIND_COPY, bucket, key, progress, progress_data, progress_notify, cancellable, task);
  if (!transfer_prepare (t, "CopyObject", copy_operations, extra))
    return;
  if (json_string_value (json_object_get (t->extra, "ChecksumAlgorithm")) != NULL)
    {
      GError *error = NULL;

      if (!use_checksum (t, json_string_value (json_object_get (t->extra, "ChecksumAlgorithm")), &error))
        {
          t->returned = TRUE;
          g_task_return_error (task, error);
          return;
        }
    }
  t->source_bucket = g_strdup (source_bucket);
  t->source_key = g_strdup (source_key);
  t->source_version = g_strdup (source_version_id);
  t->copy_source = copy_source_text (source_bucket, source_key, source_version_id);
  /* The source is read with the copy's source-side arguments. */
  input = json_object ();
  if (source_version_id != NULL)
    json_object_set_new (input, "VersionId", json_string (source_version_id));
  json_object_foreach (t->extra, name, value)
    {
      if (g_str_has_prefix (name, "CopySourceSSECustomer"))
        json_object_set (input, name + strlen ("CopySource"), value);
      else if (g_str_equal (name, "RequestPayer"))
        json_object_set (input, name, value);
      else if (g_str_equal (name, "ExpectedSourceBucketOwner"))
        json_object_set (input, "ExpectedBucketOwner", value);
    }
  head_object (t, source_bucket, source_key, input);
}

/**
 * gaws_s3_transfer_manager_copy_finish:
 * @self: a #GawsS3TransferManager
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: whether the object was copied
 */
gboolean
gaws_s3_transfer_manager_copy_finish (GawsS3TransferManager  *self,
                                      GAsyncResult           *result,
                                      GError                **error)
{
  return finish (self, result, gaws_s3_transfer_manager_copy_async, error);
}

/**
 * gaws_s3_transfer_manager_copy_sync:
 * @self: a #GawsS3TransferManager
 * @source_bucket: the bucket to copy from
 * @source_key: the key to copy from
 * @source_version_id: (nullable): the version to copy
 * @bucket: the bucket to copy to
 * @key: the key to copy to
 * @extra_args: (nullable): a{sv} of CopyObject input members
 * @progress: (nullable) (scope call) (closure progress_data): progress callback
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The blocking form of gaws_s3_transfer_manager_copy_async().
 *
 * Returns: whether the object was copied
 */
gboolean
gaws_s3_transfer_manager_copy_sync (GawsS3TransferManager       *self,
                                    const char                  *source_bucket,
                                    const char                  *source_key,
                                    const char                  *source_version_id,
                                    const char                  *bucket,
                                    const char                  *key,
                                    GVariant                    *extra_args,
                                    GawsS3TransferProgressFunc   progress,
                                    gpointer                     progress_data,
                                    GCancellable                *cancellable,
                                    GError                     **error)
{
  SyncData sync = { NULL };

  g_return_val_if_fail (GAWS_IS_S3_TRANSFER_MANAGER (self), FALSE);
  sync_begin (self);
  gaws_s3_transfer_manager_copy_async (self, source_bucket, source_key, source_version_id, bucket, key,
                                       extra_args, progress, progress_data, NULL, cancellable, sync_done_cb, &sync);
  return sync_finish (self, &sync, gaws_s3_transfer_manager_copy_async, error);
}
