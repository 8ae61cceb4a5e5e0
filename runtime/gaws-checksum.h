/* gaws-checksum.h: the flexible checksums of S3 (CRC32, CRC32C, CRC64NVME, SHA-1, ...)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include "gaws-http-headers.h"

G_BEGIN_DECLS

/**
 * GawsChecksumAlgorithm:
 * @GAWS_CHECKSUM_ALGORITHM_CRC32: CRC-32 (ISO-HDLC, zlib's), 4 bytes
 * @GAWS_CHECKSUM_ALGORITHM_CRC32C: CRC-32C (Castagnoli), 4 bytes
 * @GAWS_CHECKSUM_ALGORITHM_SHA1: SHA-1, 20 bytes
 * @GAWS_CHECKSUM_ALGORITHM_SHA256: SHA-256, 32 bytes
 * @GAWS_CHECKSUM_ALGORITHM_CRC64NVME: CRC-64/NVME, 8 bytes
 * @GAWS_CHECKSUM_ALGORITHM_SHA512: SHA-512, 64 bytes
 * @GAWS_CHECKSUM_ALGORITHM_MD5: MD5, 16 bytes
 *
 * The algorithms of S3's `ChecksumAlgorithm`, in the model's order. Each
 * travels in its own header (gaws_checksum_algorithm_get_header_name()),
 * as the base64 of its big-endian digest.
 */
typedef enum {
  GAWS_CHECKSUM_ALGORITHM_CRC32,
  GAWS_CHECKSUM_ALGORITHM_CRC32C,
  GAWS_CHECKSUM_ALGORITHM_SHA1,
  GAWS_CHECKSUM_ALGORITHM_SHA256,
  GAWS_CHECKSUM_ALGORITHM_CRC64NVME,
  GAWS_CHECKSUM_ALGORITHM_SHA512,
  GAWS_CHECKSUM_ALGORITHM_MD5,
} GawsChecksumAlgorithm;

#define GAWS_TYPE_CHECKSUM_ALGORITHM (gaws_checksum_algorithm_get_type ())
GType        gaws_checksum_algorithm_get_type          (void) G_GNUC_CONST;

gboolean     gaws_checksum_algorithm_parse             (const char             *name,
                                                        GawsChecksumAlgorithm  *out_algorithm,
                                                        GError                **error);
const char  *gaws_checksum_algorithm_get_name          (GawsChecksumAlgorithm   algorithm);
const char  *gaws_checksum_algorithm_get_header_name   (GawsChecksumAlgorithm   algorithm);
gsize        gaws_checksum_algorithm_get_digest_length (GawsChecksumAlgorithm   algorithm);
gsize        gaws_checksum_algorithm_get_base64_length (GawsChecksumAlgorithm   algorithm);

#define GAWS_TYPE_CHECKSUM (gaws_checksum_get_type ())
G_DECLARE_FINAL_TYPE (GawsChecksum, gaws_checksum, GAWS, CHECKSUM, GObject)

GawsChecksum          *gaws_checksum_new           (GawsChecksumAlgorithm  algorithm);
GawsChecksum          *gaws_checksum_copy          (GawsChecksum          *self);
GawsChecksumAlgorithm  gaws_checksum_get_algorithm (GawsChecksum          *self);
void                   gaws_checksum_update        (GawsChecksum          *self,
                                                    const guint8          *data,
                                                    gsize                  length);
void                   gaws_checksum_update_bytes  (GawsChecksum          *self,
                                                    GBytes                *bytes);
void                   gaws_checksum_reset         (GawsChecksum          *self);
GBytes                *gaws_checksum_dup_digest    (GawsChecksum          *self);
char                  *gaws_checksum_dup_base64    (GawsChecksum          *self);
gboolean               gaws_checksum_matches       (GawsChecksum          *self,
                                                    const char            *expected_base64);

char                  *gaws_checksum_compute_base64 (GawsChecksumAlgorithm  algorithm,
                                                     const guint8          *data,
                                                     gsize                  length);

gboolean               gaws_checksum_find_in_headers (GawsHttpHeaders       *headers,
                                                      GawsChecksumAlgorithm *out_algorithm,
                                                      const char           **out_value);

G_END_DECLS
