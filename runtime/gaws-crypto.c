/* gaws-crypto.c: SHA-256 and HMAC-SHA256 for signing (private)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-crypto.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define BLOCK_LEN 64

/* Hash states and signing keys hold key material: clear them so that the
 * compiler cannot drop the store. */
void
gaws_crypto_wipe (void  *data,
                  gsize  len)
{
#if defined(__GNUC__) || defined(__clang__)
  /* memset() rather than a volatile loop, which costs a store and a branch
   * per byte (every signature clears about a kilobyte of hash states): the
   * empty asm that may read the memory keeps the compiler from dropping the
   * memset() of a buffer that dies next. */
  memset (data, 0, len);
  __asm__ __volatile__ ("" : : "r" (data) : "memory");
#else
  volatile guint8 *p = data;
  while (len--)
    *p++ = 0;
#endif
}

/* The two hex digits of every byte: one look-up and one two-byte store a
 * byte, for the three digests every signature writes out. */
static const char hex_pairs[2 * 256 + 1] =
  "000102030405060708090a0b0c0d0e0f"
  "101112131415161718191a1b1c1d1e1f"
  "202122232425262728292a2b2c2d2e2f"
  "303132333435363738393a3b3c3d3e3f"
  "404142434445464748494a4b4c4d4e4f"
  "505152535455565758595a5b5c5d5e5f"
  "606162636465666768696a6b6c6d6e6f"
  "707172737475767778797a7b7c7d7e7f"
  "808182838485868788898a8b8c8d8e8f"
  "909192939495969798999a9b9c9d9e9f"
  "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
  "b0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
  "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
  "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
  "e0e1e2e3e4e5e6e7e8e9eaebecedeeef"
  "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

void
gaws_hex_encode (const guint8 *data,
                 gsize         len,
                 char         *out)
{
  for (gsize i = 0; i < len; i++)
    memcpy (out + 2 * i, hex_pairs + 2 * data[i], 2);
  out[2 * len] = '\0';
}

#ifdef GAWS_HAVE_LIBCRYPTO
#ifdef __SSE2__
/* 16 bytes, two hex digits each: the high and low nibbles interleaved,
 * then '0' + n, plus 'a' - '0' - 10 where n > 9. */
static void
put_hex_16 (char    *out,
            __m128i  bytes)
{
  const __m128i low4 = _mm_set1_epi8 (0x0f);
  const __m128i nine = _mm_set1_epi8 (9);
  const __m128i zero = _mm_set1_epi8 ('0');
  const __m128i letter = _mm_set1_epi8 ('a' - '0' - 10);
  __m128i high = _mm_and_si128 (_mm_srli_epi16 (bytes, 4), low4);
  __m128i low = _mm_and_si128 (bytes, low4);
  __m128i first = _mm_unpacklo_epi8 (high, low);
  __m128i second = _mm_unpackhi_epi8 (high, low);

  first = _mm_add_epi8 (_mm_add_epi8 (first, zero), _mm_and_si128 (_mm_cmpgt_epi8 (first, nine), letter));
  second = _mm_add_epi8 (_mm_add_epi8 (second, zero), _mm_and_si128 (_mm_cmpgt_epi8 (second, nine), letter));
  _mm_storeu_si128 ((__m128i *) out, first);
  _mm_storeu_si128 ((__m128i *) (out + 16), second);
}

/* Four native words in big-endian byte order. */
static __m128i
words_to_be (__m128i words)
{
  words = _mm_shufflehi_epi16 (_mm_shufflelo_epi16 (words, 0xb1), 0xb1);
  return _mm_or_si128 (_mm_slli_epi16 (words, 8), _mm_srli_epi16 (words, 8));
}
#endif

/* The eight words of a SHA-256 state, the digest, in lower-case hex:
 * without a detour through the digest's bytes and a table look-up per
 * byte, as three digests are written out for every signature. Out of
 * line: the three callers a signature goes through share one copy of its
 * code in the instruction cache. */
static G_GNUC_NO_INLINE void
put_hex_words (char           out[GAWS_SHA256_HEX_LEN],
               const SHA_LONG words[8])
{
#ifdef __SSE2__
  G_STATIC_ASSERT (sizeof (SHA_LONG) == 4);
  put_hex_16 (out, words_to_be (_mm_loadu_si128 ((const __m128i *) words)));
  put_hex_16 (out + 32, words_to_be (_mm_loadu_si128 ((const __m128i *) (words + 4))));
#else
  for (guint i = 0; i < 8; i++)
    {
      guint32 word = GUINT32_TO_BE ((guint32) words[i]);
      const guint8 *bytes = (const guint8 *) &word;

      for (guint j = 0; j < 4; j++)
        memcpy (out + 8 * i + 2 * j, hex_pairs + 2 * bytes[j], 2);
    }
#endif
  out[2 * GAWS_SHA256_LEN] = '\0';
}
#endif

/* A context is made by init or copy, used up by finish; clear releases one
 * that was not finished, and is harmless on one that was (or on zeroes). */

#ifdef GAWS_HAVE_LIBCRYPTO

void
gaws_sha256_init (GawsSha256 *sha)
{
  SHA256_Init (&sha->ctx);
}

void
gaws_sha256_update (GawsSha256 *sha,
                    const void *data,
                    gsize       len)
{
  SHA256_Update (&sha->ctx, data, len);
}

void
gaws_sha256_copy (GawsSha256       *dest,
                  const GawsSha256 *src)
{
  *dest = *src;
}

/* SHA256_Final() clears its block buffer, cleanses the context and
 * writes the digest out byte by byte, and a signature then turns that into
 * hex: instead, the padding goes in as one more update, which leaves the
 * digest as the eight words of the context's state (SHA256_CTX is public,
 * Nl and Nh count the bits hashed, num the bytes waiting in its buffer). */
static void
sha256_pad (SHA256_CTX *ctx)
{
  guint8 pad[2 * BLOCK_LEN] = { 0x80 };
  guint64 bits = GUINT64_TO_BE (((guint64) ctx->Nh << 32) | ctx->Nl);
  gsize len = ctx->num < BLOCK_LEN - 8 ? BLOCK_LEN - ctx->num : 2 * BLOCK_LEN - ctx->num;

  memcpy (pad + len - 8, &bits, 8);
  SHA256_Update (ctx, pad, len);
}

/* The most sha256_last() copies to hash in one call, its padding included. */
#define LAST_COPY_LEN (4 * BLOCK_LEN)

/* SHA256_Update() of @data then sha256_pad(), but for a context holding
 * no partial block, and in one SHA256_Update() for a text of up to four
 * blocks, copied with its padding to a buffer on the stack: each call into
 * libcrypto costs SHA256_Update()'s bookkeeping and the block function's
 * set-up, and the rest of every string to sign (past the block the key's
 * cache entry has hashed) and a small body are such texts. A longer text
 * has its whole blocks hashed where they are, then its tail and the
 * padding. */
static void
sha256_last (SHA256_CTX *ctx,
             const void *data,
             gsize       len)
{
  guint8 tail[LAST_COPY_LEN];
  gsize full = len < LAST_COPY_LEN - 8 ? 0 : len & ~(gsize) (BLOCK_LEN - 1);
  gsize rest = len - full;
  gsize tail_len = (rest + 8 + BLOCK_LEN) & ~(gsize) (BLOCK_LEN - 1);
  guint64 bits;

  if (ctx->num != 0)
    {
      SHA256_Update (ctx, data, len);
      sha256_pad (ctx);
      return;
    }
  bits = GUINT64_TO_BE ((((guint64) ctx->Nh << 32) | ctx->Nl) + (guint64) len * 8);
  if (full > 0)
    SHA256_Update (ctx, data, full);
  memcpy (tail, (const guint8 *) data + full, rest);
  tail[rest] = 0x80;
  memset (tail + rest + 1, 0, tail_len - 8 - rest - 1);
  memcpy (tail + tail_len - 8, &bits, 8);
  SHA256_Update (ctx, tail, tail_len);
}

static void
put_digest (guint8            out[GAWS_SHA256_LEN],
            const SHA256_CTX *ctx)
{
  for (guint i = 0; i < 8; i++)
    {
      guint32 word = GUINT32_TO_BE ((guint32) ctx->h[i]);
      memcpy (out + 4 * i, &word, 4);
    }
}

void
gaws_sha256_finish (GawsSha256 *sha,
                    guint8      out[GAWS_SHA256_LEN])
{
  sha256_pad (&sha->ctx);
  put_digest (out, &sha->ctx);
  gaws_crypto_wipe (&sha->ctx, sizeof sha->ctx);
}

void
gaws_sha256_finish_hex (GawsSha256 *sha,
                        char        out[GAWS_SHA256_HEX_LEN])
{
  sha256_pad (&sha->ctx);
  put_hex_words (out, sha->ctx.h);
  gaws_crypto_wipe (&sha->ctx, sizeof sha->ctx);
}

void
gaws_sha256_clear (GawsSha256 *sha)
{
  gaws_crypto_wipe (&sha->ctx, sizeof sha->ctx);
}

void
gaws_sha256 (const void *data,
             gsize       len,
             guint8      out[GAWS_SHA256_LEN])
{
  SHA256_CTX ctx;

  /* Not SHA256(): in OpenSSL 3 that goes through EVP, which looks the
   * digest up in its providers at every call. */
  SHA256_Init (&ctx);
  SHA256_Update (&ctx, data, len);
  sha256_pad (&ctx);
  put_digest (out, &ctx);
  gaws_crypto_wipe (&ctx, sizeof ctx);
}

void
gaws_sha256_hex (const void *data,
                 gsize       len,
                 char        out[GAWS_SHA256_HEX_LEN])
{
  SHA256_CTX ctx;

  SHA256_Init (&ctx);
  sha256_last (&ctx, data, len);
  put_hex_words (out, ctx.h);
  gaws_crypto_wipe (&ctx, sizeof ctx);
}

/* The first block of the last text this thread hashed with
 * gaws_sha256_hex_same_head(), and the state after it. */
typedef struct {
  gboolean   valid;
  guint8     block[BLOCK_LEN];
  SHA256_CTX ctx;
} Head;

static __thread Head last_head;

void
gaws_sha256_hex_same_head (const void *data,
                           gsize       len,
                           char        out[GAWS_SHA256_HEX_LEN])
{
  Head *head = &last_head;
  SHA256_CTX ctx;

  if (len < BLOCK_LEN)
    {
      gaws_sha256_hex (data, len, out);
      return;
    }
  if (head->valid && memcmp (head->block, data, BLOCK_LEN) == 0)
    ctx = head->ctx;
  else
    {
      SHA256_Init (&ctx);
      SHA256_Update (&ctx, data, BLOCK_LEN);
      memcpy (head->block, data, BLOCK_LEN);
      head->ctx = ctx;
      head->valid = TRUE;
    }
  sha256_last (&ctx, (const guint8 *) data + BLOCK_LEN, len - BLOCK_LEN);
  put_hex_words (out, ctx.h);
}

#else /* GChecksum */

void
gaws_sha256_init (GawsSha256 *sha)
{
  sha->checksum = g_checksum_new (G_CHECKSUM_SHA256);
}

void
gaws_sha256_update (GawsSha256 *sha,
                    const void *data,
                    gsize       len)
{
  g_checksum_update (sha->checksum, data, (gssize) len);
}

void
gaws_sha256_copy (GawsSha256       *dest,
                  const GawsSha256 *src)
{
  dest->checksum = g_checksum_copy (src->checksum);
}

void
gaws_sha256_finish (GawsSha256 *sha,
                    guint8      out[GAWS_SHA256_LEN])
{
  gsize len = GAWS_SHA256_LEN;

  g_checksum_get_digest (sha->checksum, out, &len);
  g_clear_pointer (&sha->checksum, g_checksum_free);
}

void
gaws_sha256_finish_hex (GawsSha256 *sha,
                        char        out[GAWS_SHA256_HEX_LEN])
{
  guint8 digest[GAWS_SHA256_LEN];

  gaws_sha256_finish (sha, digest);
  gaws_hex_encode (digest, GAWS_SHA256_LEN, out);
}

void
gaws_sha256_clear (GawsSha256 *sha)
{
  g_clear_pointer (&sha->checksum, g_checksum_free);
}

void
gaws_sha256 (const void *data,
             gsize       len,
             guint8      out[GAWS_SHA256_LEN])
{
  GawsSha256 sha;

  gaws_sha256_init (&sha);
  gaws_sha256_update (&sha, data, len);
  gaws_sha256_finish (&sha, out);
}

void
gaws_sha256_hex (const void *data,
                 gsize       len,
                 char        out[GAWS_SHA256_HEX_LEN])
{
  guint8 digest[GAWS_SHA256_LEN];

  gaws_sha256 (data, len, digest);
  gaws_hex_encode (digest, GAWS_SHA256_LEN, out);
}

void
gaws_sha256_hex_same_head (const void *data,
                           gsize       len,
                           char        out[GAWS_SHA256_HEX_LEN])
{
  gaws_sha256_hex (data, len, out);
}

#endif

/* RFC 2104: the two padded keys are hashed once here; every message keyed
 * with them starts from a copy of these states. */
void
gaws_hmac_sha256_init (GawsHmacSha256 *hmac,
                       const void     *key,
                       gsize           key_len)
{
  guint8 block[BLOCK_LEN] = { 0 };
  guint8 pad[BLOCK_LEN];

  if (key_len > BLOCK_LEN)
    gaws_sha256 (key, key_len, block);
  else
    memcpy (block, key, key_len);
  for (guint i = 0; i < BLOCK_LEN; i++)
    pad[i] = block[i] ^ 0x36;
  gaws_sha256_init (&hmac->inner);
  gaws_sha256_update (&hmac->inner, pad, BLOCK_LEN);
  for (guint i = 0; i < BLOCK_LEN; i++)
    pad[i] = block[i] ^ 0x5c;
  gaws_sha256_init (&hmac->outer);
  gaws_sha256_update (&hmac->outer, pad, BLOCK_LEN);
  gaws_crypto_wipe (block, BLOCK_LEN);
  gaws_crypto_wipe (pad, BLOCK_LEN);
}

void
gaws_hmac_sha256_copy (GawsHmacSha256       *dest,
                       const GawsHmacSha256 *src)
{
  gaws_sha256_copy (&dest->inner, &src->inner);
  gaws_sha256_copy (&dest->outer, &src->outer);
}

void
gaws_hmac_sha256_update (GawsHmacSha256 *hmac,
                         const void     *data,
                         gsize           len)
{
  gaws_sha256_update (&hmac->inner, data, len);
}

/* The inner digest into the outer hash, which is then ready to finish. */
static void
hmac_sha256_feed_outer (GawsHmacSha256 *hmac)
{
  guint8 inner[GAWS_SHA256_LEN];

  gaws_sha256_finish (&hmac->inner, inner);
  gaws_sha256_update (&hmac->outer, inner, GAWS_SHA256_LEN);
  gaws_crypto_wipe (inner, GAWS_SHA256_LEN);
}

void
gaws_hmac_sha256_finish (GawsHmacSha256 *hmac,
                         guint8          out[GAWS_SHA256_LEN])
{
  hmac_sha256_feed_outer (hmac);
  gaws_sha256_finish (&hmac->outer, out);
}

void
gaws_hmac_sha256_finish_hex (GawsHmacSha256 *hmac,
                             char            out[GAWS_SHA256_HEX_LEN])
{
  hmac_sha256_feed_outer (hmac);
  gaws_sha256_finish_hex (&hmac->outer, out);
}

void
gaws_hmac_sha256_update_finish_hex (GawsHmacSha256 *hmac,
                                    const void     *data,
                                    gsize           len,
                                    char            out[GAWS_SHA256_HEX_LEN])
{
#ifdef GAWS_HAVE_LIBCRYPTO
  guint8 inner[GAWS_SHA256_LEN];

  sha256_last (&hmac->inner.ctx, data, len);
  put_digest (inner, &hmac->inner.ctx);
  sha256_last (&hmac->outer.ctx, inner, GAWS_SHA256_LEN);
  put_hex_words (out, hmac->outer.ctx.h);
  gaws_crypto_wipe (inner, GAWS_SHA256_LEN);
  gaws_hmac_sha256_clear (hmac);
#else
  gaws_hmac_sha256_update (hmac, data, len);
  gaws_hmac_sha256_finish_hex (hmac, out);
#endif
}

void
gaws_hmac_sha256_clear (GawsHmacSha256 *hmac)
{
  gaws_sha256_clear (&hmac->inner);
  gaws_sha256_clear (&hmac->outer);
}

void
gaws_hmac_sha256 (const void *key,
                  gsize       key_len,
                  const void *data,
                  gsize       len,
                  guint8      out[GAWS_SHA256_LEN])
{
  GawsHmacSha256 hmac;

  gaws_hmac_sha256_init (&hmac, key, key_len);
  gaws_hmac_sha256_update (&hmac, data, len);
  gaws_hmac_sha256_finish (&hmac, out);
}
