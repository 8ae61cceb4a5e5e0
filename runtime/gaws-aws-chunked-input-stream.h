/* gaws-aws-chunked-input-stream.h: a body framed as S3's aws-chunked, with a checksum trailer
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-checksum.h"
#include "gaws-http-request.h"

G_BEGIN_DECLS

/**
 * GAWS_AWS_CHUNKED_PAYLOAD_UNSIGNED_TRAILER:
 *
 * The payload hash (`x-amz-content-sha256`) of an `aws-chunked` body whose
 * chunks are not signed and which ends with trailing headers.
 */
#define GAWS_AWS_CHUNKED_PAYLOAD_UNSIGNED_TRAILER "STREAMING-UNSIGNED-PAYLOAD-TRAILER"

/**
 * GAWS_AWS_CHUNKED_DEFAULT_CHUNK_SIZE:
 *
 * The size of the chunks of a #GawsAwsChunkedInputStream unless told
 * otherwise: 64 KiB.
 */
#define GAWS_AWS_CHUNKED_DEFAULT_CHUNK_SIZE (64 * 1024)

#define GAWS_TYPE_AWS_CHUNKED_INPUT_STREAM (gaws_aws_chunked_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (GawsAwsChunkedInputStream, gaws_aws_chunked_input_stream, GAWS, AWS_CHUNKED_INPUT_STREAM,
                      GFilterInputStream)

GInputStream          *gaws_aws_chunked_input_stream_new                (GInputStream              *base_stream,
                                                                         gint64                     decoded_length,
                                                                         GawsChecksumAlgorithm      algorithm);
GInputStream          *gaws_aws_chunked_input_stream_new_full           (GInputStream              *base_stream,
                                                                         gint64                     decoded_length,
                                                                         GawsChecksumAlgorithm      algorithm,
                                                                         gsize                      chunk_size);

gint64                 gaws_aws_chunked_input_stream_get_decoded_length (GawsAwsChunkedInputStream *self);
gint64                 gaws_aws_chunked_input_stream_get_encoded_length (GawsAwsChunkedInputStream *self);
gsize                  gaws_aws_chunked_input_stream_get_chunk_size     (GawsAwsChunkedInputStream *self);
GawsChecksumAlgorithm  gaws_aws_chunked_input_stream_get_algorithm      (GawsAwsChunkedInputStream *self);
GawsChecksum          *gaws_aws_chunked_input_stream_get_checksum       (GawsAwsChunkedInputStream *self);
gboolean               gaws_aws_chunked_input_stream_is_complete        (GawsAwsChunkedInputStream *self);
void                   gaws_aws_chunked_input_stream_attach             (GawsAwsChunkedInputStream *self,
                                                                         GawsHttpRequest           *request);

gint64                 gaws_aws_chunked_encoded_length                  (gint64                     decoded_length,
                                                                         gsize                      chunk_size,
                                                                         GawsChecksumAlgorithm      algorithm);

G_END_DECLS
