/* gaws-crypto.h: SHA-256 and HMAC-SHA256 for signing (private)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * libcrypto's SHA-256 when the build found it (its assembly uses the CPU's
 * SHA extensions), GLib's GChecksum otherwise. The contexts live on the
 * stack or inside other structures: with libcrypto, hashing allocates
 * nothing, and copying a keyed HMAC is a struct copy.
 */
#pragma once

#include <glib.h>

#ifdef GAWS_HAVE_LIBCRYPTO
/* SHA256_Init() and friends: deprecated in OpenSSL 3 in favour of EVP,
 * whose per-digest provider look-up costs more than hashing a request. */
#ifndef OPENSSL_SUPPRESS_DEPRECATED
#define OPENSSL_SUPPRESS_DEPRECATED
#endif
#include <openssl/sha.h>
#endif

G_BEGIN_DECLS

#define GAWS_SHA256_LEN      32
#define GAWS_SHA256_HEX_LEN  (2 * GAWS_SHA256_LEN + 1)

typedef struct {
#ifdef GAWS_HAVE_LIBCRYPTO
  SHA256_CTX  ctx;
#else
  GChecksum  *checksum;
#endif
} GawsSha256;

typedef struct {
  GawsSha256 inner;   /* has hashed key ^ ipad */
  GawsSha256 outer;   /* has hashed key ^ opad */
} GawsHmacSha256;

G_GNUC_INTERNAL void gaws_sha256_init   (GawsSha256       *sha);
G_GNUC_INTERNAL void gaws_sha256_update (GawsSha256       *sha,
                                         const void       *data,
                                         gsize             len);
G_GNUC_INTERNAL void gaws_sha256_copy   (GawsSha256       *dest,
                                         const GawsSha256 *src);
G_GNUC_INTERNAL void gaws_sha256_finish (GawsSha256       *sha,
                                         guint8            out[GAWS_SHA256_LEN]);
G_GNUC_INTERNAL void gaws_sha256_finish_hex (GawsSha256 *sha,
                                             char        out[GAWS_SHA256_HEX_LEN]);
G_GNUC_INTERNAL void gaws_sha256_clear  (GawsSha256       *sha);
G_GNUC_INTERNAL void gaws_sha256        (const void       *data,
                                         gsize             len,
                                         guint8            out[GAWS_SHA256_LEN]);
G_GNUC_INTERNAL void gaws_sha256_hex    (const void       *data,
                                         gsize             len,
                                         char              out[GAWS_SHA256_HEX_LEN]);
/* gaws_sha256_hex() of a text that is not secret and that often starts
 * with the same 64 bytes as the last one the thread hashed this way: the
 * canonical requests of a client, whose method, path and first header
 * (amz-sdk-invocation-id, the same to its last digits within a process)
 * rarely change. The state after that block is kept per thread. */
G_GNUC_INTERNAL void gaws_sha256_hex_same_head (const void *data,
                                                gsize       len,
                                                char        out[GAWS_SHA256_HEX_LEN]);

G_GNUC_INTERNAL void gaws_hmac_sha256_init   (GawsHmacSha256       *hmac,
                                              const void           *key,
                                              gsize                 key_len);
G_GNUC_INTERNAL void gaws_hmac_sha256_copy   (GawsHmacSha256       *dest,
                                              const GawsHmacSha256 *src);
G_GNUC_INTERNAL void gaws_hmac_sha256_update (GawsHmacSha256       *hmac,
                                              const void           *data,
                                              gsize                 len);
G_GNUC_INTERNAL void gaws_hmac_sha256_finish (GawsHmacSha256       *hmac,
                                              guint8                out[GAWS_SHA256_LEN]);
G_GNUC_INTERNAL void gaws_hmac_sha256_finish_hex (GawsHmacSha256 *hmac,
                                                  char            out[GAWS_SHA256_HEX_LEN]);
/* gaws_hmac_sha256_update() then gaws_hmac_sha256_finish_hex(), with no
 * copy of a partial block through the contexts when the HMAC holds none. */
G_GNUC_INTERNAL void gaws_hmac_sha256_update_finish_hex (GawsHmacSha256 *hmac,
                                                         const void     *data,
                                                         gsize           len,
                                                         char            out[GAWS_SHA256_HEX_LEN]);
G_GNUC_INTERNAL void gaws_hmac_sha256_clear  (GawsHmacSha256       *hmac);
G_GNUC_INTERNAL void gaws_hmac_sha256        (const void           *key,
                                              gsize                 key_len,
                                              const void           *data,
                                              gsize                 len,
                                              guint8                out[GAWS_SHA256_LEN]);

G_GNUC_INTERNAL void gaws_crypto_wipe (void  *data,
                                       gsize  len);

G_GNUC_INTERNAL void gaws_hex_encode (const guint8 *data,
                                      gsize         len,
                                      char         *out);

G_END_DECLS
