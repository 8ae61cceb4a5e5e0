/* gaws-checksum-input-stream.h: a stream that checksums (and can validate) what goes through it
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include "gaws-checksum.h"

G_BEGIN_DECLS

#define GAWS_TYPE_CHECKSUM_INPUT_STREAM (gaws_checksum_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (GawsChecksumInputStream, gaws_checksum_input_stream, GAWS, CHECKSUM_INPUT_STREAM,
                      GFilterInputStream)

GInputStream          *gaws_checksum_input_stream_new            (GInputStream            *base_stream,
                                                                  GawsChecksumAlgorithm    algorithm);
GInputStream          *gaws_checksum_input_stream_new_validating (GInputStream            *base_stream,
                                                                  GawsChecksumAlgorithm    algorithm,
                                                                  const char              *expected_base64);

GawsChecksumAlgorithm  gaws_checksum_input_stream_get_algorithm  (GawsChecksumInputStream *self);
const char            *gaws_checksum_input_stream_get_expected   (GawsChecksumInputStream *self);
GawsChecksum          *gaws_checksum_input_stream_get_checksum   (GawsChecksumInputStream *self);
char                  *gaws_checksum_input_stream_dup_base64     (GawsChecksumInputStream *self);
guint64                gaws_checksum_input_stream_get_bytes_read (GawsChecksumInputStream *self);
gboolean               gaws_checksum_input_stream_is_complete    (GawsChecksumInputStream *self);

G_END_DECLS
