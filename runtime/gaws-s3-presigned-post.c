/* gaws-s3-presigned-post.c: the URL and form fields of a presigned S3 POST upload
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-s3-presigned-post.h"

/**
 * GawsS3PresignedPost:
 *
 * What gaws_s3_generate_presigned_post() makes: the URL to post a
 * `multipart/form-data` form to, and the fields the form must carry
 * (`key`, `policy`, `x-amz-signature`, ...) before the `file` field, which
 * comes last. Whoever has it can upload one object within the limits of
 * the policy, without credentials, until the policy expires.
 */

struct _GawsS3PresignedPost {
  GObject     parent_instance;
  char       *url;
  char       *policy;
  GHashTable *fields;
  GPtrArray  *names;   /* NULL-terminated, in the order they were added */
};

G_DEFINE_FINAL_TYPE (GawsS3PresignedPost, gaws_s3_presigned_post, G_TYPE_OBJECT)

static void
gaws_s3_presigned_post_finalize (GObject *object)
{
  GawsS3PresignedPost *self = GAWS_S3_PRESIGNED_POST (object);

  g_free (self->url);
  g_free (self->policy);
  g_hash_table_unref (self->fields);
  g_ptr_array_unref (self->names);
  G_OBJECT_CLASS (gaws_s3_presigned_post_parent_class)->finalize (object);
}

static void
gaws_s3_presigned_post_class_init (GawsS3PresignedPostClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_s3_presigned_post_finalize;
}

static void
gaws_s3_presigned_post_init (GawsS3PresignedPost *self)
{
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->names = g_ptr_array_new ();
  g_ptr_array_add (self->names, NULL);
}

/* Private: see the header. */
GawsS3PresignedPost *
gaws_s3_presigned_post_new (const char *url,
                            const char *policy)
{
  GawsS3PresignedPost *self = g_object_new (GAWS_TYPE_S3_PRESIGNED_POST, NULL);

  self->url = g_strdup (url);
  self->policy = g_strdup (policy);
  return self;
}

/* Private: a field added twice keeps its first place and its last value,
 * as in a Python dict. */
void
gaws_s3_presigned_post_add_field (GawsS3PresignedPost *self,
                                  const char          *name,
                                  const char          *value)
{
  char *key = g_strdup (name);

  if (!g_hash_table_contains (self->fields, name))
    g_ptr_array_insert (self->names, (int) self->names->len - 1, key);
  /* insert, not replace: an existing key stays, and @names points to it */
  g_hash_table_insert (self->fields, key, g_strdup (value));
}

/**
 * gaws_s3_presigned_post_get_url:
 * @self: a #GawsS3PresignedPost
 *
 * Returns: the URL to post the form to
 */
const char *
gaws_s3_presigned_post_get_url (GawsS3PresignedPost *self)
{
  g_return_val_if_fail (GAWS_IS_S3_PRESIGNED_POST (self), NULL);
  return self->url;
}

/**
 * gaws_s3_presigned_post_get_fields:
 * @self: a #GawsS3PresignedPost
 *
 * Returns: (transfer none) (element-type utf8 utf8): the form fields, by name
 */
GHashTable *
gaws_s3_presigned_post_get_fields (GawsS3PresignedPost *self)
{
  g_return_val_if_fail (GAWS_IS_S3_PRESIGNED_POST (self), NULL);
  return self->fields;
}

/**
 * gaws_s3_presigned_post_get_field_names:
 * @self: a #GawsS3PresignedPost
 *
 * The names of the form fields in botocore's order: the caller's fields,
 * then `key`, `x-amz-algorithm`, `x-amz-credential`, `x-amz-date`,
 * `x-amz-security-token` if any, `policy` and `x-amz-signature`.
 *
 * Returns: (transfer none) (array zero-terminated=1): the names
 */
const char * const *
gaws_s3_presigned_post_get_field_names (GawsS3PresignedPost *self)
{
  g_return_val_if_fail (GAWS_IS_S3_PRESIGNED_POST (self), NULL);
  return (const char * const *) self->names->pdata;
}

/**
 * gaws_s3_presigned_post_get_field:
 * @self: a #GawsS3PresignedPost
 * @name: a field name, such as `policy`
 *
 * Returns: (nullable): the value of the field, or %NULL if there is none
 */
const char *
gaws_s3_presigned_post_get_field (GawsS3PresignedPost *self,
                                  const char          *name)
{
  g_return_val_if_fail (GAWS_IS_S3_PRESIGNED_POST (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return g_hash_table_lookup (self->fields, name);
}

/**
 * gaws_s3_presigned_post_get_policy:
 * @self: a #GawsS3PresignedPost
 *
 * The policy document as JSON, before the base64 encoding that the
 * `policy` field carries: what to read to see the conditions.
 *
 * Returns: the policy document
 */
const char *
gaws_s3_presigned_post_get_policy (GawsS3PresignedPost *self)
{
  g_return_val_if_fail (GAWS_IS_S3_PRESIGNED_POST (self), NULL);
  return self->policy;
}
