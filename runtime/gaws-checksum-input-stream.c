/* gaws-checksum-input-stream.c: a stream that checksums (and can validate) what goes through it
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-checksum-input-stream.h"
#include "gaws-checksum-private.h"
#include "gaws-error.h"
#include "gaws-filter-stream-private.h"
#include "gaws-http-body-stream.h"

/**
 * GawsChecksumInputStream:
 *
 * A filter stream that computes a flexible checksum (#GawsChecksum) of the
 * bytes read through it, so that a body is checksummed while it streams
 * instead of being read twice.
 *
 * For uploads, wrap the body with gaws_checksum_input_stream_new() and read
 * gaws_checksum_input_stream_dup_base64() once the stream is at its end.
 *
 * For downloads, wrap the response body with
 * gaws_checksum_input_stream_new_validating() and the value of its
 * `x-amz-checksum-*` header (see gaws_checksum_find_in_headers()): when the
 * base stream ends, the read that would return end of stream fails instead
 * with a %GAWS_ERROR_PROTOCOL error naming the algorithm and both values if
 * they differ, and every later read fails the same way. A body that does not
 * match never reads as a clean end of stream. Closing the stream before its
 * end skips the check: only what was read in full can be validated.
 *
 * Reads, skips and closes are passed on to the base stream asynchronously
 * when done asynchronously, so a #GawsHttpBodyStream can be wrapped. When
 * the base stream can seek, this one can seek back to its start, which
 * starts the checksum over: a request body can be rewound for a retry.
 */

struct _GawsChecksumInputStream {
  GFilterInputStream     parent_instance;

  GawsChecksumAlgorithm  algorithm;
  char                  *expected;
  GawsRunningChecksum    sum;
  guint64                bytes_read;
  goffset                base_start;  /* where the base stream was when wrapped */
  gboolean               complete;    /* the end was read (and matched) */
  GError                *mismatch;    /* the end was read and did not match */
};

enum {
  PROP_0,
  PROP_ALGORITHM,
  PROP_EXPECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void gaws_checksum_input_stream_seekable_init (GSeekableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GawsChecksumInputStream, gaws_checksum_input_stream, G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_SEEKABLE, gaws_checksum_input_stream_seekable_init))

static GInputStream *
base_of (GawsChecksumInputStream *self)
{
  /* GFilterInputStream's field, which its getter returns after checking
   * the type of what is known to be a filter stream: every read asks */
  return ((GFilterInputStream *) self)->base_stream;
}

/* ---- reading ------------------------------------------------------------ */

static void
check_end (GawsChecksumInputStream *self)
{
  g_autofree char *computed = NULL;

  if (self->expected == NULL || gaws_checksum_state_matches (self->sum.state, self->expected))
    {
      self->complete = TRUE;
      return;
    }
  computed = gaws_checksum_state_dup_base64 (self->sum.state);
  self->mismatch = g_error_new (GAWS_ERROR, GAWS_ERROR_PROTOCOL,
                                "The %s checksum of the body does not match: expected “%s”, "
                                "computed “%s” over %" G_GUINT64_FORMAT " bytes",
                                gaws_checksum_algorithm_get_name (self->algorithm), self->expected,
                                computed, self->bytes_read);
}

/* What a read of the base stream that returned @n becomes. */
static gssize
account (GawsChecksumInputStream  *self,
         const void               *buffer,
         gssize                    n,
         GError                  **error)
{
  if (n > 0)
    {
      gaws_checksum_state_update (self->sum.state, buffer, (gsize) n);
      self->bytes_read += (guint64) n;
    }
  else if (n == 0 && !self->complete && self->mismatch == NULL)
    check_end (self);

  if (n == 0 && self->mismatch != NULL)
    {
      g_propagate_error (error, g_error_copy (self->mismatch));
      return -1;
    }
  return n;
}

static gssize
gaws_checksum_input_stream_read (GInputStream  *stream,
                                 void          *buffer,
                                 gsize          count,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  GawsChecksumInputStream *self = GAWS_CHECKSUM_INPUT_STREAM (stream);
  gssize n;

  if (self->mismatch != NULL)
    return account (self, buffer, 0, error);
  n = g_input_stream_read (base_of (self), buffer, count, cancellable, error);
  return account (self, buffer, n, error);
}

static void
on_base_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GawsChecksumInputStream *self = g_task_get_source_object (task);
  GError *error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  n = account (self, g_task_get_task_data (task), n, &error);
  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

/* A read of a #GawsHttpBodyStream base, made without its own task. */
static void
on_body_read (GTask *task, gssize n, GError *error)
{
  GawsChecksumInputStream *self = g_task_get_source_object (task);

  n = account (self, g_task_get_task_data (task), n, &error);
  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
  g_object_unref (task);
}

static void
gaws_checksum_input_stream_read_async (GInputStream        *stream,
                                       void                *buffer,
                                       gsize                count,
                                       int                  io_priority,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GawsChecksumInputStream *self = GAWS_CHECKSUM_INPUT_STREAM (stream);
  GTask *task = g_task_new (stream, cancellable, callback, user_data);
  GError *error = NULL;

  /* The function, not GLib's macro, which also copies the tag's name into
   * the task: an allocation per read. */
  (g_task_set_source_tag) (task, gaws_checksum_input_stream_read_async);
  g_task_set_task_data (task, buffer, NULL);
  if (self->mismatch != NULL)
    {
      account (self, buffer, 0, &error);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* A response body (the usual base of a validating stream) is read
   * without a task of its own beneath this one's. */
  if (GAWS_IS_HTTP_BODY_STREAM (base_of (self)))
    {
      g_task_set_priority (task, io_priority);
      gaws_http_body_stream_read_for_task (GAWS_HTTP_BODY_STREAM (base_of (self)), buffer, count, task,
                                           on_body_read);
      return;
    }
  g_input_stream_read_async (base_of (self), buffer, count, io_priority, cancellable, on_base_read, task);
}

/* ---- seeking back to the start ----------------------------------------- */

static goffset
gaws_checksum_input_stream_tell (GSeekable *seekable)
{
  return (goffset) GAWS_CHECKSUM_INPUT_STREAM (seekable)->bytes_read;
}

static void
gaws_checksum_input_stream_reset (GSeekable *seekable)
{
  GawsChecksumInputStream *self = GAWS_CHECKSUM_INPUT_STREAM (seekable);

  gaws_checksum_state_reset (self->sum.state);
  self->bytes_read = 0;
  self->complete = FALSE;
  g_clear_error (&self->mismatch);
}

/* A checksum cannot be taken back to the middle of the data. */
static gboolean
gaws_checksum_input_stream_seek (GSeekable     *seekable,
                                 goffset        offset,
                                 GSeekType      type,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  GawsChecksumInputStream *self = GAWS_CHECKSUM_INPUT_STREAM (seekable);

  return gaws_filter_stream_rewind (seekable, (goffset) self->bytes_read, self->base_start, offset, type,
                                    "A checksum stream can only be rewound to its start",
                                    gaws_checksum_input_stream_reset, cancellable, error);
}

static void
gaws_checksum_input_stream_seekable_init (GSeekableIface *iface)
{
  gaws_filter_stream_seekable_init (iface);
  iface->tell = gaws_checksum_input_stream_tell;
  iface->seek = gaws_checksum_input_stream_seek;
}

/* ---- GObject ------------------------------------------------------------ */

/* What the properties make: the checksum, where the data starts. Made
 * again by the constructors once they set the fields. */
static void
set_up (GawsChecksumInputStream *self)
{
  gaws_running_checksum_init (&self->sum, self->algorithm);
  self->base_start = gaws_filter_stream_tell_base ((GFilterInputStream *) self);
}

/* Made by g_object_new() with its properties; the constructors make it
 * with none and set it up once more. */
static void
gaws_checksum_input_stream_constructed (GObject *object)
{
  GawsChecksumInputStream *self = GAWS_CHECKSUM_INPUT_STREAM (object);

  G_OBJECT_CLASS (gaws_checksum_input_stream_parent_class)->constructed (object);
  set_up (self);
}

/* Streams dropped with nothing else on them, kept for the next
 * gaws_checksum_input_stream_new_validating() (see
 * gaws_filter_stream_recycle_last()): every validated GetObject makes one. */
static GPrivate spare_streams = GAWS_FILTER_STREAM_SPARE_INIT;

/* What the finalize frees; the fields as the instance init leaves them. */
static void
clear_own (GObject *object)
{
  GawsChecksumInputStream *self = (GawsChecksumInputStream *) object;

  gaws_running_checksum_clear (&self->sum);
  g_clear_pointer (&self->expected, g_free);
  g_clear_error (&self->mismatch);
  self->algorithm = 0;
  self->bytes_read = 0;
  self->base_start = 0;
  self->complete = FALSE;
}

/* see gaws_filter_stream_dispose(); the last reference of a stream with
 * nothing else on it keeps it as a spare */
static void
gaws_checksum_input_stream_dispose (GObject *object)
{
  if (gaws_filter_stream_recycle_last (object, &spare_streams, clear_own))
    return;
  gaws_filter_stream_dispose (object, gaws_checksum_input_stream_parent_class);
}

static void
gaws_checksum_input_stream_finalize (GObject *object)
{
  clear_own (object);
  G_OBJECT_CLASS (gaws_checksum_input_stream_parent_class)->finalize (object);
}

static void
gaws_checksum_input_stream_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  GawsChecksumInputStream *self = GAWS_CHECKSUM_INPUT_STREAM (object);

  switch (prop_id)
    {
    case PROP_ALGORITHM:
      g_value_set_enum (value, self->algorithm);
      break;
    case PROP_EXPECTED:
      g_value_set_string (value, self->expected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_checksum_input_stream_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  GawsChecksumInputStream *self = GAWS_CHECKSUM_INPUT_STREAM (object);

  switch (prop_id)
    {
    case PROP_ALGORITHM:
      self->algorithm = g_value_get_enum (value);
      break;
    case PROP_EXPECTED:
      self->expected = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_checksum_input_stream_class_init (GawsChecksumInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->constructed = gaws_checksum_input_stream_constructed;
  object_class->dispose = gaws_checksum_input_stream_dispose;
  object_class->finalize = gaws_checksum_input_stream_finalize;
  object_class->get_property = gaws_checksum_input_stream_get_property;
  object_class->set_property = gaws_checksum_input_stream_set_property;

  gaws_filter_stream_class_init (stream_class);
  stream_class->read_fn = gaws_checksum_input_stream_read;
  stream_class->read_async = gaws_checksum_input_stream_read_async;

  /**
   * GawsChecksumInputStream:algorithm:
   *
   * The algorithm of the checksum computed over the stream.
   */
  properties[PROP_ALGORITHM] =
    g_param_spec_enum ("algorithm", NULL, NULL, GAWS_TYPE_CHECKSUM_ALGORITHM,
                       GAWS_CHECKSUM_ALGORITHM_CRC32,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * GawsChecksumInputStream:expected:
   *
   * The base64 value the checksum must have at the end of the stream, or
   * %NULL to only compute it.
   */
  properties[PROP_EXPECTED] =
    g_param_spec_string ("expected", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gaws_checksum_input_stream_init (GawsChecksumInputStream *self)
{
}

/* ---- public API --------------------------------------------------------- */

/**
 * gaws_checksum_input_stream_new:
 * @base_stream: the stream to read from
 * @algorithm: the checksum to compute
 *
 * Makes a stream that reads @base_stream and computes the @algorithm
 * checksum of what it reads. Closing it closes @base_stream.
 *
 * Returns: (transfer full): a new #GawsChecksumInputStream
 */
GInputStream *
gaws_checksum_input_stream_new (GInputStream          *base_stream,
                                GawsChecksumAlgorithm  algorithm)
{
  return gaws_checksum_input_stream_new_validating (base_stream, algorithm, NULL);
}

/**
 * gaws_checksum_input_stream_new_validating:
 * @base_stream: the stream to read from
 * @algorithm: the checksum to compute
 * @expected_base64: (nullable): the value the checksum must have at the
 *   end, in base64 as S3 sends it, or %NULL not to check
 *
 * Like gaws_checksum_input_stream_new(), and makes the end of the stream
 * fail with %GAWS_ERROR_PROTOCOL when the checksum of all the bytes read is
 * not @expected_base64.
 *
 * Returns: (transfer full): a new #GawsChecksumInputStream
 */
GInputStream *
gaws_checksum_input_stream_new_validating (GInputStream          *base_stream,
                                           GawsChecksumAlgorithm  algorithm,
                                           const char            *expected_base64)
{
  GawsChecksumInputStream *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base_stream), NULL);
  g_return_val_if_fail (gaws_checksum_algorithm_get_name (algorithm) != NULL, NULL);

  /* A kept one, or what g_object_new() with the three properties would
   * make, without looking them up by name and copying them through
   * GValues: every validated GetObject makes one. The base stream is the
   * field GFilterInputStream's setter fills. */
  self = gaws_filter_stream_take_spare (&spare_streams, base_stream);
  if (self == NULL)
    {
      self = g_object_new (GAWS_TYPE_CHECKSUM_INPUT_STREAM, NULL);
      G_FILTER_INPUT_STREAM (self)->base_stream = g_object_ref (base_stream);
    }
  self->algorithm = algorithm;
  self->expected = g_strdup (expected_base64);
  set_up (self);
  return G_INPUT_STREAM (self);
}

/**
 * gaws_checksum_input_stream_get_algorithm:
 * @self: a #GawsChecksumInputStream
 *
 * Returns: the algorithm of the checksum
 */
GawsChecksumAlgorithm
gaws_checksum_input_stream_get_algorithm (GawsChecksumInputStream *self)
{
  g_return_val_if_fail (GAWS_IS_CHECKSUM_INPUT_STREAM (self), GAWS_CHECKSUM_ALGORITHM_CRC32);
  return self->algorithm;
}

/**
 * gaws_checksum_input_stream_get_expected:
 * @self: a #GawsChecksumInputStream
 *
 * Returns: (nullable): the value the checksum is checked against, or %NULL
 */
const char *
gaws_checksum_input_stream_get_expected (GawsChecksumInputStream *self)
{
  g_return_val_if_fail (GAWS_IS_CHECKSUM_INPUT_STREAM (self), NULL);
  return self->expected;
}

/**
 * gaws_checksum_input_stream_get_checksum:
 * @self: a #GawsChecksumInputStream
 *
 * Returns: (transfer none): the running checksum of the bytes read so far
 */
GawsChecksum *
gaws_checksum_input_stream_get_checksum (GawsChecksumInputStream *self)
{
  g_return_val_if_fail (GAWS_IS_CHECKSUM_INPUT_STREAM (self), NULL);
  return gaws_running_checksum_get_object (&self->sum);
}

/**
 * gaws_checksum_input_stream_dup_base64:
 * @self: a #GawsChecksumInputStream
 *
 * Returns: (transfer full): the base64 checksum of the bytes read so far;
 *   of the whole body once gaws_checksum_input_stream_is_complete()
 */
char *
gaws_checksum_input_stream_dup_base64 (GawsChecksumInputStream *self)
{
  g_return_val_if_fail (GAWS_IS_CHECKSUM_INPUT_STREAM (self), NULL);
  return gaws_checksum_state_dup_base64 (self->sum.state);
}

/**
 * gaws_checksum_input_stream_get_bytes_read:
 * @self: a #GawsChecksumInputStream
 *
 * Returns: how many bytes went through the stream, skipped ones included
 */
guint64
gaws_checksum_input_stream_get_bytes_read (GawsChecksumInputStream *self)
{
  g_return_val_if_fail (GAWS_IS_CHECKSUM_INPUT_STREAM (self), 0);
  return self->bytes_read;
}

/**
 * gaws_checksum_input_stream_is_complete:
 * @self: a #GawsChecksumInputStream
 *
 * Returns: %TRUE once the end of the stream was read and, for a validating
 *   stream, the checksum matched
 */
gboolean
gaws_checksum_input_stream_is_complete (GawsChecksumInputStream *self)
{
  g_return_val_if_fail (GAWS_IS_CHECKSUM_INPUT_STREAM (self), FALSE);
  return self->complete;
}
