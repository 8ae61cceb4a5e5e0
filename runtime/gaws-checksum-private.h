/* gaws-checksum-private.h: the CRC routines behind GawsChecksum, for tests
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Private to libgaws: not installed, not part of the API. Exposed so that
 * the tests can check the portable CRC-32C against the SSE4.2 one that
 * GawsChecksum picks on most machines, and how a stream's own checksum
 * goes.
 */
#pragma once

#include <glib.h>
#include "gaws-checksum.h"

G_BEGIN_DECLS

/* All three take and return the finished value, as zlib's crc32() does:
 * start from 0 and feed the result of one call to the next. */
guint32  gaws_crc32c_update_portable (guint32       crc,
                                      const guint8 *data,
                                      gsize         length);
guint32  gaws_crc32c_update          (guint32       crc,
                                      const guint8 *data,
                                      gsize         length);
guint64  gaws_crc64nvme_update       (guint64       crc,
                                      const guint8 *data,
                                      gsize         length);
gboolean gaws_crc32c_uses_hardware   (void);

/* for the streams that keep a checksum of their own */
void     gaws_checksum_unref_held    (GawsChecksum *self);

/* What a #GawsChecksum computes, without the object: see
 * gaws_checksum_state_init() */
typedef struct {
  GawsChecksumAlgorithm  algorithm;
  GChecksum             *hash;   /* the hashes */
  guint64                crc;    /* the CRCs, finished value so far */
} GawsChecksumState;

void      gaws_checksum_state_init        (GawsChecksumState       *state,
                                           GawsChecksumAlgorithm    algorithm);
void      gaws_checksum_state_clear       (GawsChecksumState       *state);
void      gaws_checksum_state_reset       (GawsChecksumState       *state);
void      gaws_checksum_state_update      (GawsChecksumState       *state,
                                           const guint8            *data,
                                           gsize                    length);
char     *gaws_checksum_state_dup_base64  (const GawsChecksumState *state);
/* g_base64_encode_step() wants (64 / 3 + 1) * 4 + 4 for the longest
 * digest, and then the NUL */
#define GAWS_CHECKSUM_BASE64_ROOM 96
void      gaws_checksum_state_write_base64 (const GawsChecksumState *state,
                                            char                    *out);
gboolean  gaws_checksum_state_matches     (const GawsChecksumState *state,
                                           const char              *expected_base64);
GawsChecksum      *gaws_checksum_new_taking_state (GawsChecksumState *state);
GawsChecksumState *gaws_checksum_get_state        (GawsChecksum      *self);

/* A stream's running checksum: a state of its own until someone asks for
 * the #GawsChecksum object, which then takes the state over and is the one
 * computed from then on. Most streams are never asked: no object made. */
typedef struct {
  GawsChecksumState  own;
  GawsChecksumState *state;    /* what to update: &own, or @object's */
  GawsChecksum      *object;   /* made by gaws_running_checksum_get_object() */
} GawsRunningChecksum;

void          gaws_running_checksum_init       (GawsRunningChecksum   *sum,
                                                GawsChecksumAlgorithm  algorithm);
GawsChecksum *gaws_running_checksum_get_object (GawsRunningChecksum   *sum);
void          gaws_running_checksum_clear      (GawsRunningChecksum   *sum);

G_END_DECLS
