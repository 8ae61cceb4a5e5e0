/* gaws-s3-presigned-post.h: the URL and form fields of a presigned S3 POST upload
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GAWS_TYPE_S3_PRESIGNED_POST (gaws_s3_presigned_post_get_type ())
G_DECLARE_FINAL_TYPE (GawsS3PresignedPost, gaws_s3_presigned_post, GAWS, S3_PRESIGNED_POST, GObject)

const char         *gaws_s3_presigned_post_get_url         (GawsS3PresignedPost *self);
GHashTable         *gaws_s3_presigned_post_get_fields      (GawsS3PresignedPost *self);
const char * const *gaws_s3_presigned_post_get_field_names (GawsS3PresignedPost *self);
const char         *gaws_s3_presigned_post_get_field       (GawsS3PresignedPost *self,
                                                            const char          *name);
const char         *gaws_s3_presigned_post_get_policy      (GawsS3PresignedPost *self);

#ifdef GAWS_COMPILATION
/* gaws_s3_generate_presigned_post()'s side; not part of the public API. */
GawsS3PresignedPost *gaws_s3_presigned_post_new       (const char          *url,
                                                       const char          *policy);
void                 gaws_s3_presigned_post_add_field (GawsS3PresignedPost *self,
                                                       const char          *name,
                                                       const char          *value);
#endif

G_END_DECLS
