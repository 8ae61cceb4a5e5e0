/* test-checksum.c: flexible checksums, the checksum streams and aws-chunked framing
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * The expected values were computed outside gaws with python3 (3.11):
 * zlib.crc32, hashlib.sha1/sha256/sha512/md5, and for CRC32C and
 * CRC64NVME, which the standard library lacks, bit-by-bit implementations
 * from the catalogue parameters (reflected polynomials 0x82F63B78 and
 * 0x9A6C9329AC4BC9B5, init and xorout all ones) that reproduce the
 * catalogue's check values for "123456789" (0xE3069283, 0xAE8B14860A799888)
 * and the AWS SDKs' "Hello world" CRC64NVME, OOJZ0D8xKts=. Each digest is
 * the big-endian digest, base64-encoded:
 *   base64.b64encode(zlib.crc32(d).to_bytes(4, "big"))
 * The 1 MiB input is bytes((i * 31 + 7) & 0xff for i in range(1 << 20)).
 */
#include "gaws-test-util.h"
#include "gaws-checksum-private.h"

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <string.h>
#include <unistd.h>

#define MIB (1024 * 1024)

typedef struct {
  GawsChecksumAlgorithm  algorithm;
  const char            *empty;
  const char            *check;   /* "123456789" */
  const char            *mib;     /* the 1 MiB pattern */
} Vector;

static const Vector vectors[] = {
  { GAWS_CHECKSUM_ALGORITHM_CRC32, "AAAAAA==", "y/Q5Jg==", "1CS9wQ==" },
  { GAWS_CHECKSUM_ALGORITHM_CRC32C, "AAAAAA==", "4waSgw==", "/1vj/A==" },
  { GAWS_CHECKSUM_ALGORITHM_SHA1, "2jmj7l5rSw0yVb/vlWAYkK/YBwk=", "98O8HYCOBHMq32eZZczDTKeuNEE=",
    "lUIWELjd2GyG4yab/STSp5GZJF8=" },
  { GAWS_CHECKSUM_ALGORITHM_SHA256, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
    "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=", "Bre7+3gkqgM4IFFpFjDrJt6FEC0bCKgekH7AdEzYooY=" },
  { GAWS_CHECKSUM_ALGORITHM_CRC64NVME, "AAAAAAAAAAA=", "rosUhgp5mIg=", "nWrsVNogmeU=" },
  { GAWS_CHECKSUM_ALGORITHM_SHA512,
    "z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==",
    "2eZ2LdHI6vbWGzxhkvxAjU1tXxF20MKRabwk5xw/J0rSf81YEbMT1oH35V7ALXPUmclUVba1u1A6z1dPuo/+hQ==",
    "u9iL78qmq7BzVgmsNeHfu1q4Bk3KmO/9XUk8ywoCRM2I1aAehmlusX8OfAh/id1/BhYezv0XdqdN/GCifom8Bg==" },
  { GAWS_CHECKSUM_ALGORITHM_MD5, "1B2M2Y8AsgTpgAmY7PhCfg==", "JfnnlDI7RTiF9RgfG2JNCw==",
    "PyyL2c/eZVD9/0s2YXwyYQ==" },
};

static GBytes *
pattern (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 31 + 7);
  return g_bytes_new_take (data, size);
}

static const guint8 *
bytes_data (GBytes *bytes)
{
  return g_bytes_get_data (bytes, NULL);
}

static char *
one_shot (GawsChecksumAlgorithm algorithm, GBytes *bytes)
{
  return gaws_checksum_compute_base64 (algorithm, bytes_data (bytes), g_bytes_get_size (bytes));
}

/* ---- algorithms and vectors --------------------------------------------- */

static void
test_known_vectors (void)
{
  g_autoptr(GBytes) mib = pattern (MIB);

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      const Vector *v = &vectors[i];
      g_autofree char *empty = gaws_checksum_compute_base64 (v->algorithm, NULL, 0);
      g_autofree char *check = gaws_checksum_compute_base64 (v->algorithm, (const guint8 *) "123456789", 9);
      g_autofree char *big = one_shot (v->algorithm, mib);

      g_test_message ("%s", gaws_checksum_algorithm_get_name (v->algorithm));
      g_assert_cmpstr (empty, ==, v->empty);
      g_assert_cmpstr (check, ==, v->check);
      g_assert_cmpstr (big, ==, v->mib);
    }
}

static void
test_crc_check_values (void)
{
  /* The catalogue's check values, as numbers rather than base64. */
  g_assert_cmphex (gaws_crc32c_update (0, (const guint8 *) "123456789", 9), ==, 0xE3069283);
  g_assert_cmphex (gaws_crc32c_update_portable (0, (const guint8 *) "123456789", 9), ==, 0xE3069283);
  g_assert_cmphex (gaws_crc64nvme_update (0, (const guint8 *) "123456789", 9), ==,
                   G_GUINT64_CONSTANT (0xAE8B14860A799888));
  {
    g_autofree char *hello = gaws_checksum_compute_base64 (GAWS_CHECKSUM_ALGORITHM_CRC64NVME,
                                                           (const guint8 *) "Hello world", 11);
    g_assert_cmpstr (hello, ==, "OOJZ0D8xKts=");
  }
}

static void
test_crc32c_portable_matches_hardware (void)
{
  g_autoptr(GBytes) data = pattern (64 * 1024);
  const guint8 *p = bytes_data (data);

  g_test_message ("CRC-32C %s SSE4.2", gaws_crc32c_uses_hardware () ? "uses" : "does not use");
  /* Every alignment and tail length the word loops can meet. */
  for (int i = 0; i < 500; i++)
    {
      gsize offset = (gsize) g_test_rand_int_range (0, 64);
      gsize length = (gsize) g_test_rand_int_range (0, 64 * 1024 - 64);
      guint32 seed = (guint32) g_test_rand_int ();

      g_assert_cmphex (gaws_crc32c_update (seed, p + offset, length), ==,
                       gaws_crc32c_update_portable (seed, p + offset, length));
    }
}

/* The bitwise definition of CRC-32 (zlib's, gzip's): the reference the
 * fast code (zlib's tables or ISA-L's folding) must match, fed in random
 * pieces so that chaining across calls is checked too. */
static guint32
crc32_bitwise (const guint8 *data, gsize length)
{
  guint32 crc = 0xFFFFFFFFu;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (int bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
  return ~crc;
}

static void
test_crc32_chained_matches_definition (void)
{
  GRand *rand = g_rand_new_with_seed (32);
  gsize size = 1 << 20;
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int (rand);
  for (int round = 0; round < 20; round++)
    {
      gsize length = round == 0 ? 0 : (gsize) g_rand_int_range (rand, 1, (gint32) size);
      g_autoptr(GawsChecksum) crc = gaws_checksum_new (GAWS_CHECKSUM_ALGORITHM_CRC32);
      guint32 want = crc32_bitwise (data, length);
      guint8 want_be[4] = { want >> 24, want >> 16, want >> 8, want };
      g_autofree char *want_base64 = g_base64_encode (want_be, 4);
      g_autofree char *got = NULL;

      for (gsize done = 0; done < length;)
        {
          gsize random = (gsize) g_rand_int_range (rand, 1, 70000);   /* MIN() evaluates twice */
          gsize piece = MIN (length - done, random);

          gaws_checksum_update (crc, data + done, piece);
          done += piece;
        }
      got = gaws_checksum_dup_base64 (crc);
      g_assert_cmpstr (got, ==, want_base64);
    }
  g_free (data);
  g_rand_free (rand);
}

static void
test_algorithm_names (void)
{
  static const char *const names[] = { "CRC32", "CRC32C", "SHA1", "SHA256", "CRC64NVME", "SHA512", "MD5" };
  static const gsize digest_lengths[] = { 4, 4, 20, 32, 8, 64, 16 };
  g_autoptr(GError) error = NULL;
  GawsChecksumAlgorithm algorithm;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *lower = g_ascii_strdown (names[i], -1);
      g_autofree char *header = g_strconcat ("x-amz-checksum-", lower, NULL);
      g_autofree char *sample = gaws_checksum_compute_base64 (i, (const guint8 *) "x", 1);

      g_assert_true (gaws_checksum_algorithm_parse (names[i], &algorithm, &error));
      g_assert_no_error (error);
      g_assert_cmpint (algorithm, ==, i);
      g_assert_true (gaws_checksum_algorithm_parse (lower, &algorithm, &error));
      g_assert_cmpint (algorithm, ==, i);
      g_assert_cmpstr (gaws_checksum_algorithm_get_name (i), ==, names[i]);
      g_assert_cmpstr (gaws_checksum_algorithm_get_header_name (i), ==, header);
      g_assert_cmpuint (gaws_checksum_algorithm_get_digest_length (i), ==, digest_lengths[i]);
      g_assert_cmpuint (gaws_checksum_algorithm_get_base64_length (i), ==, strlen (sample));
    }
  g_assert_true (gaws_checksum_algorithm_parse ("Crc64Nvme", &algorithm, NULL));
  g_assert_cmpint (algorithm, ==, GAWS_CHECKSUM_ALGORITHM_CRC64NVME);

  g_assert_false (gaws_checksum_algorithm_parse ("CRC16", &algorithm, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "CRC16"));
  g_clear_error (&error);
  g_assert_false (gaws_checksum_algorithm_parse ("", &algorithm, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
}

/* ---- GawsChecksum ------------------------------------------------------- */

static void
test_streaming_equals_one_shot (void)
{
  g_autoptr(GBytes) mib = pattern (MIB);
  const guint8 *data = bytes_data (mib);

  for (guint a = 0; a < G_N_ELEMENTS (vectors); a++)
    {
      g_autoptr(GawsChecksum) checksum = gaws_checksum_new (vectors[a].algorithm);
      g_autoptr(GawsChecksum) half = NULL;
      g_autofree char *result = NULL;
      g_autofree char *peek = NULL;
      gsize done = 0;

      while (done < MIB)
        {
          gsize n = (gsize) g_test_rand_int_range (0, 70000);

          n = MIN (n, MIB - done);

          gaws_checksum_update (checksum, data + done, n);
          done += n;
          /* Looking at the value on the way must not disturb it. */
          if (half == NULL && done >= MIB / 2)
            {
              half = gaws_checksum_copy (checksum);
              g_free (peek);
              peek = gaws_checksum_dup_base64 (checksum);
            }
        }
      result = gaws_checksum_dup_base64 (checksum);
      g_assert_cmpstr (result, ==, vectors[a].mib);
      g_assert_cmpint (gaws_checksum_get_algorithm (checksum), ==, vectors[a].algorithm);

      /* A copy goes on on its own. */
      {
        g_autofree char *half_value = gaws_checksum_dup_base64 (half);
        g_assert_cmpstr (half_value, ==, peek);
      }
      gaws_checksum_reset (checksum);
      gaws_checksum_update (checksum, (const guint8 *) "123456789", 9);
      g_free (result);
      result = gaws_checksum_dup_base64 (checksum);
      g_assert_cmpstr (result, ==, vectors[a].check);
    }
}

static void
test_digest_is_big_endian (void)
{
  g_autoptr(GawsChecksum) crc = gaws_checksum_new (GAWS_CHECKSUM_ALGORITHM_CRC64NVME);
  g_autoptr(GBytes) digest = NULL;
  static const guint8 expected[] = { 0xAE, 0x8B, 0x14, 0x86, 0x0A, 0x79, 0x98, 0x88 };

  gaws_checksum_update (crc, (const guint8 *) "123456789", 9);
  digest = gaws_checksum_dup_digest (crc);
  g_assert_cmpmem (g_bytes_get_data (digest, NULL), g_bytes_get_size (digest), expected, sizeof expected);
}

static void
test_matches (void)
{
  g_autoptr(GawsChecksum) crc = gaws_checksum_new (GAWS_CHECKSUM_ALGORITHM_CRC32);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("123456789", 9);

  gaws_checksum_update_bytes (crc, bytes);
  g_assert_true (gaws_checksum_matches (crc, "y/Q5Jg=="));
  g_assert_true (gaws_checksum_matches (crc, " y/Q5Jg==\t"));
  g_assert_false (gaws_checksum_matches (crc, "z/Q5Jg=="));
  g_assert_false (gaws_checksum_matches (crc, "y/Q5Jg"));          /* not base64 */
  g_assert_false (gaws_checksum_matches (crc, "y/Q5Jg==-3"));      /* composite */
  g_assert_false (gaws_checksum_matches (crc, "y/Q5JgAA"));        /* 6 bytes */
  g_assert_false (gaws_checksum_matches (crc, "y*Q5Jg=="));
  g_assert_false (gaws_checksum_matches (crc, ""));
  g_assert_false (gaws_checksum_matches (crc, "   "));
  g_assert_true (gaws_checksum_matches (crc, "\r\n y/Q5Jg== \n"));
  g_assert_false (gaws_checksum_matches (crc, "y/Q5 Jg=="));       /* a blank inside */
  g_assert_false (gaws_checksum_matches (crc, "y/Q5Jg="));         /* short padding */
  g_assert_false (gaws_checksum_matches (crc, "y/Q5Jg==="));
  g_assert_false (gaws_checksum_matches (crc, "y/Q5Jg==y/Q5Jg=="));

  /* the longest digests, and their neighbours */
  for (guint a = 0; a < G_N_ELEMENTS (vectors); a++)
    {
      g_autoptr(GawsChecksum) checksum = gaws_checksum_new (vectors[a].algorithm);
      g_autofree char *padded = g_strdup_printf ("\t%s ", vectors[a].check);
      g_autofree char *longer = g_strdup_printf ("%sAAAA", vectors[a].check);
      g_autofree char *shorter = g_strndup (vectors[a].check, strlen (vectors[a].check) - 4);

      gaws_checksum_update_bytes (checksum, bytes);
      g_assert_true (gaws_checksum_matches (checksum, vectors[a].check));
      g_assert_true (gaws_checksum_matches (checksum, padded));
      g_assert_false (gaws_checksum_matches (checksum, longer));
      g_assert_false (gaws_checksum_matches (checksum, shorter));
      g_assert_false (gaws_checksum_matches (checksum, vectors[a].empty));
    }
}

static void
test_find_in_headers (void)
{
  g_autoptr(GawsHttpHeaders) headers = gaws_http_headers_new ();
  GawsChecksumAlgorithm algorithm;
  const char *value = NULL;

  g_assert_false (gaws_checksum_find_in_headers (headers, &algorithm, &value));
  gaws_http_headers_append (headers, "x-amz-checksum-sha256", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  gaws_http_headers_append (headers, "X-Amz-Checksum-CRC32", "AAAAAA==");
  g_assert_true (gaws_checksum_find_in_headers (headers, &algorithm, &value));
  g_assert_cmpint (algorithm, ==, GAWS_CHECKSUM_ALGORITHM_CRC32);
  g_assert_cmpstr (value, ==, "AAAAAA==");
  /* a composite checksum of a multipart object is skipped */
  gaws_http_headers_append (headers, "x-amz-checksum-crc64nvme", "AAAAAAAAAAA=-4");
  g_assert_true (gaws_checksum_find_in_headers (headers, &algorithm, NULL));
  g_assert_cmpint (algorithm, ==, GAWS_CHECKSUM_ALGORITHM_CRC32);
  gaws_http_headers_append (headers, "x-amz-checksum-crc32c", "AAAAAA==");
  g_assert_true (gaws_checksum_find_in_headers (headers, &algorithm, NULL));
  g_assert_cmpint (algorithm, ==, GAWS_CHECKSUM_ALGORITHM_CRC32C);
  gaws_http_headers_clear (headers);
  gaws_http_headers_append (headers, "x-amz-checksum-crc32", "AAAAAA==-2");
  g_assert_false (gaws_checksum_find_in_headers (headers, NULL, NULL));
}

/* ---- GawsChecksumInputStream -------------------------------------------- */

static GInputStream *
memory_stream (GBytes *bytes)
{
  return g_memory_input_stream_new_from_bytes (bytes);
}

/* Reads @stream to its end in random-sized reads, checking the bytes. */
static void
read_in_random_pieces (GInputStream *stream, GBytes *expected, GError **error)
{
  guint8 buffer[20000];
  gsize total = 0;
  gssize n;

  while ((n = g_input_stream_read (stream, buffer, (gsize) g_test_rand_int_range (1, sizeof buffer),
                                   NULL, error)) > 0)
    {
      g_assert_cmpuint (total + (gsize) n, <=, g_bytes_get_size (expected));
      g_assert_cmpmem (buffer, n, bytes_data (expected) + total, n);
      total += (gsize) n;
    }
  if (n == 0)
    g_assert_cmpuint (total, ==, g_bytes_get_size (expected));
}

static void
test_stream_computes_while_reading (void)
{
  g_autoptr(GBytes) mib = pattern (MIB);

  for (guint a = 0; a < G_N_ELEMENTS (vectors); a++)
    {
      g_autoptr(GInputStream) base = memory_stream (mib);
      g_autoptr(GInputStream) stream = gaws_checksum_input_stream_new (base, vectors[a].algorithm);
      GawsChecksumInputStream *cs = GAWS_CHECKSUM_INPUT_STREAM (stream);
      g_autoptr(GError) error = NULL;
      g_autofree char *value = NULL;

      g_assert_false (gaws_checksum_input_stream_is_complete (cs));
      read_in_random_pieces (stream, mib, &error);
      g_assert_no_error (error);
      g_assert_true (gaws_checksum_input_stream_is_complete (cs));
      g_assert_cmpuint (gaws_checksum_input_stream_get_bytes_read (cs), ==, MIB);
      g_assert_null (gaws_checksum_input_stream_get_expected (cs));
      g_assert_cmpint (gaws_checksum_input_stream_get_algorithm (cs), ==, vectors[a].algorithm);
      value = gaws_checksum_input_stream_dup_base64 (cs);
      g_assert_cmpstr (value, ==, vectors[a].mib);
      g_assert_true (gaws_checksum_matches (gaws_checksum_input_stream_get_checksum (cs), vectors[a].mib));
    }
}

/* The constructor sets the three properties (the base stream taken with a
 * reference of its own, dropped with the stream); g_object_new() with them
 * makes the same stream, which validates the same. */
static void
test_stream_properties (void)
{
  g_autoptr(GBytes) mib = pattern (MIB);
  GInputStream *base = memory_stream (mib);
  GObject *weak = G_OBJECT (base);
  GInputStream *streams[2];
  const char *expected = vectors[1].mib;

  g_object_add_weak_pointer (weak, (gpointer *) &weak);
  streams[0] = gaws_checksum_input_stream_new_validating (base, GAWS_CHECKSUM_ALGORITHM_CRC32C, expected);
  streams[1] = g_object_new (GAWS_TYPE_CHECKSUM_INPUT_STREAM, "base-stream", base, "algorithm",
                             GAWS_CHECKSUM_ALGORITHM_CRC32C, "expected", expected, NULL);
  g_object_unref (base);
  for (guint i = 0; i < 2; i++)
    {
      GawsChecksumInputStream *cs = GAWS_CHECKSUM_INPUT_STREAM (streams[i]);
      g_autoptr(GInputStream) got_base = NULL;
      g_autofree char *got_expected = NULL;
      GawsChecksumAlgorithm algorithm = GAWS_CHECKSUM_ALGORITHM_CRC32;
      gboolean close_base = FALSE;
      g_autoptr(GError) error = NULL;

      g_object_get (streams[i], "base-stream", &got_base, "algorithm", &algorithm, "expected", &got_expected,
                    "close-base-stream", &close_base, NULL);
      g_assert_true (got_base == base);
      g_assert_cmpint (algorithm, ==, GAWS_CHECKSUM_ALGORITHM_CRC32C);
      g_assert_cmpstr (got_expected, ==, expected);
      g_assert_true (close_base);
      g_assert_cmpstr (gaws_checksum_input_stream_get_expected (cs), ==, expected);
      g_assert_cmpint (gaws_checksum_input_stream_get_algorithm (cs), ==, GAWS_CHECKSUM_ALGORITHM_CRC32C);
      /* both wrap the one base: the second starts where the first ended,
       * so rewind it for each */
      g_assert_true (g_seekable_seek (G_SEEKABLE (streams[i]), 0, G_SEEK_SET, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_seekable_seek (G_SEEKABLE (base), 0, G_SEEK_SET, NULL, &error));
      g_assert_no_error (error);
      read_in_random_pieces (streams[i], mib, &error);
      g_assert_no_error (error);
      g_assert_true (gaws_checksum_input_stream_is_complete (cs));
    }
  g_object_unref (streams[0]);
  g_assert_nonnull (weak);
  g_object_unref (streams[1]);
  g_assert_null (weak);
}

static void
test_stream_validates (void)
{
  g_autoptr(GBytes) mib = pattern (MIB);
  g_autoptr(GInputStream) base = memory_stream (mib);
  g_autoptr(GInputStream) stream =
    gaws_checksum_input_stream_new_validating (base, GAWS_CHECKSUM_ALGORITHM_CRC64NVME, "nWrsVNogmeU=");
  g_autoptr(GError) error = NULL;
  guint8 byte;

  read_in_random_pieces (stream, mib, &error);
  g_assert_no_error (error);
  g_assert_true (gaws_checksum_input_stream_is_complete (GAWS_CHECKSUM_INPUT_STREAM (stream)));
  /* end of stream stays end of stream */
  g_assert_cmpint (g_input_stream_read (stream, &byte, 1, NULL, &error), ==, 0);
  g_assert_no_error (error);
}

static void
check_mismatch_error (const GError *error, const char *algorithm, const char *expected, const char *computed)
{
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, algorithm));
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_nonnull (strstr (error->message, computed));
}

static void
test_stream_mismatch_fails_at_end (void)
{
  g_autoptr(GBytes) mib = pattern (MIB);
  g_autoptr(GInputStream) base = memory_stream (mib);
  /* the checksum of the data with one byte changed */
  g_autoptr(GInputStream) stream =
    gaws_checksum_input_stream_new_validating (base, GAWS_CHECKSUM_ALGORITHM_SHA256,
                                               "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=");
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *buffer = g_malloc (MIB + 1);
  gsize got = 0;

  g_assert_false (g_input_stream_read_all (stream, buffer, MIB + 1, &got, NULL, &error));
  check_mismatch_error (error, "SHA256", "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=",
                        "Bre7+3gkqgM4IFFpFjDrJt6FEC0bCKgekH7AdEzYooY=");
  g_assert_false (gaws_checksum_input_stream_is_complete (GAWS_CHECKSUM_INPUT_STREAM (stream)));
  g_clear_error (&error);
  /* and it keeps failing: a retried read is no way round it */
  g_assert_cmpint (g_input_stream_read (stream, buffer, 1, NULL, &error), ==, -1);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
}

static void
test_stream_corrupted_byte_detected (void)
{
  for (guint a = 0; a < G_N_ELEMENTS (vectors); a++)
    {
      g_autoptr(GBytes) mib = pattern (MIB);
      g_autofree guint8 *corrupt = g_memdup2 (bytes_data (mib), MIB);
      g_autoptr(GBytes) bad = NULL;
      g_autoptr(GInputStream) base = NULL;
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GError) error = NULL;

      corrupt[g_test_rand_int_range (0, MIB)] ^= 0x01;
      bad = g_bytes_new_take (g_steal_pointer (&corrupt), MIB);
      base = memory_stream (bad);
      stream = gaws_checksum_input_stream_new_validating (base, vectors[a].algorithm, vectors[a].mib);
      /* skipped bytes count too */
      while (g_input_stream_skip (stream, 65536, NULL, &error) > 0)
        ;
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
      g_assert_nonnull (strstr (error->message, gaws_checksum_algorithm_get_name (vectors[a].algorithm)));
      g_assert_cmpuint (gaws_checksum_input_stream_get_bytes_read (GAWS_CHECKSUM_INPUT_STREAM (stream)), ==, MIB);
    }
}

typedef struct {
  GInputStream *stream;
  guint8        buffer[30000];
  GByteArray   *received;
  GError       *error;
  gboolean      done;
} AsyncRead;

static void read_next (AsyncRead *r);

static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncRead *r = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &r->error);

  if (n > 0)
    {
      g_byte_array_append (r->received, r->buffer, (guint) n);
      read_next (r);
      return;
    }
  r->done = TRUE;
}

static void
read_next (AsyncRead *r)
{
  g_input_stream_read_async (r->stream, r->buffer, (gsize) g_test_rand_int_range (1, sizeof r->buffer),
                             G_PRIORITY_DEFAULT, NULL, on_read, r);
}

/* Reads @stream to its end (or error) asynchronously. */
static GBytes *
read_async_all (GInputStream *stream, GError **error)
{
  AsyncRead r = { .stream = stream, .received = g_byte_array_new () };

  read_next (&r);
  gaws_test_wait_for_task (&r.done);
  if (r.error)
    g_propagate_error (error, r.error);
  return g_byte_array_free_to_bytes (r.received);
}

static void
test_stream_async (void)
{
  g_autoptr(GBytes) mib = pattern (MIB);
  g_autoptr(GInputStream) good_base = memory_stream (mib);
  g_autoptr(GInputStream) bad_base = memory_stream (mib);
  g_autoptr(GInputStream) good =
    gaws_checksum_input_stream_new_validating (good_base, GAWS_CHECKSUM_ALGORITHM_CRC32C, "/1vj/A==");
  g_autoptr(GInputStream) bad =
    gaws_checksum_input_stream_new_validating (bad_base, GAWS_CHECKSUM_ALGORITHM_CRC32C, "4waSgw==");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) got = read_async_all (good, &error);
  g_autoptr(GBytes) partial = NULL;

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, mib));
  g_assert_true (gaws_checksum_input_stream_is_complete (GAWS_CHECKSUM_INPUT_STREAM (good)));

  partial = read_async_all (bad, &error);
  check_mismatch_error (error, "CRC32C", "4waSgw==", "/1vj/A==");
}

static void
on_closed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_input_stream_close_finish (G_INPUT_STREAM (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_stream_close_async_closes_base (void)
{
  g_autoptr(GBytes) bytes = pattern (100);
  g_autoptr(GInputStream) base = memory_stream (bytes);
  g_autoptr(GInputStream) stream = gaws_checksum_input_stream_new (base, GAWS_CHECKSUM_ALGORITHM_CRC32);
  gboolean done = FALSE;

  g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, on_closed, &done);
  gaws_test_wait_for_task (&done);
  g_assert_true (g_input_stream_is_closed (stream));
  g_assert_true (g_input_stream_is_closed (base));
}

static void
test_stream_rewinds_to_start (void)
{
  g_autoptr(GBytes) mib = pattern (MIB);
  g_autoptr(GInputStream) base = memory_stream (mib);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  guint8 buffer[1000];

  /* a body stream handed over part-way through: its start is where it was */
  g_assert_cmpint (g_input_stream_skip (base, 10, NULL, NULL), ==, 10);
  stream = gaws_checksum_input_stream_new (base, GAWS_CHECKSUM_ALGORITHM_CRC32);
  g_assert_true (G_IS_SEEKABLE (stream));
  g_assert_true (g_seekable_can_seek (G_SEEKABLE (stream)));
  g_assert_false (g_seekable_can_truncate (G_SEEKABLE (stream)));
  g_assert_cmpint (g_seekable_tell (G_SEEKABLE (stream)), ==, 0);
  g_assert_cmpint (g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error), ==, sizeof buffer);
  g_assert_cmpint (g_seekable_tell (G_SEEKABLE (stream)), ==, sizeof buffer);

  g_assert_false (g_seekable_seek (G_SEEKABLE (stream), 10, G_SEEK_SET, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_true (g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_CUR, NULL, &error));
  g_assert_true (g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_seekable_tell (G_SEEKABLE (stream)), ==, 0);

  while (g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error) > 0)
    ;
  g_assert_no_error (error);
  value = gaws_checksum_input_stream_dup_base64 (GAWS_CHECKSUM_INPUT_STREAM (stream));
  {
    g_autoptr(GBytes) tail = g_bytes_new_from_bytes (mib, 10, MIB - 10);
    g_autofree char *expected = one_shot (GAWS_CHECKSUM_ALGORITHM_CRC32, tail);
    g_assert_cmpstr (value, ==, expected);
  }
  g_assert_cmpuint (gaws_checksum_input_stream_get_bytes_read (GAWS_CHECKSUM_INPUT_STREAM (stream)), ==, MIB - 10);
}

/* A checksum's last unref skips GObject's own dispose, as shapes do
 * (gaws-object-private.h); g_object_run_dispose() still disposes. */
static void
test_checksum_dispose (void)
{
  g_autoptr(GawsChecksum) kept = gaws_checksum_new (GAWS_CHECKSUM_ALGORITHM_SHA256);
  g_autofree char *value = NULL;

  gaws_test_check_dispose (G_OBJECT (gaws_checksum_new (GAWS_CHECKSUM_ALGORITHM_CRC32)), G_OBJECT (kept));
  gaws_checksum_update (kept, (const guint8 *) "abc", 3);
  value = gaws_checksum_dup_base64 (kept);
  g_assert_cmpstr (value, ==, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
}

/* The streams' last unref skips GObject's own dispose, as shapes do
 * (gaws-object-private.h), and still closes the stream, and so its base
 * stream, as GInputStream's dispose would; g_object_run_dispose() still
 * disposes (and closes). */
static void
test_streams_dispose (void)
{
  g_autoptr(GBytes) data = pattern (100);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GInputStream) base = memory_stream (data);
      g_autoptr(GInputStream) kept_base = memory_stream (data);
      g_autoptr(GInputStream) kept = NULL;
      GInputStream *gone;

      if (i == 0)
        {
          gone = gaws_checksum_input_stream_new (base, GAWS_CHECKSUM_ALGORITHM_CRC32);
          kept = gaws_checksum_input_stream_new (kept_base, GAWS_CHECKSUM_ALGORITHM_CRC32);
        }
      else
        {
          gone = gaws_aws_chunked_input_stream_new (base, 100, GAWS_CHECKSUM_ALGORITHM_CRC32);
          kept = gaws_aws_chunked_input_stream_new (kept_base, 100, GAWS_CHECKSUM_ALGORITHM_CRC32);
        }
      gaws_test_check_dispose (G_OBJECT (gone), G_OBJECT (kept));
      g_assert_true (g_input_stream_is_closed (base));
      g_assert_true (g_input_stream_is_closed (kept));
      g_assert_true (g_input_stream_is_closed (kept_base));
    }
}

/* What a stream drops its own checksum with: the last reference of one
 * with only a signal handler goes with the handler destroyed; one with a
 * weak reference or a GWeakRef goes GObject's way; one referenced
 * elsewhere stays. */
static void
test_checksum_unref_held (void)
{
  GawsChecksum *plain = gaws_checksum_new (GAWS_CHECKSUM_ALGORITHM_CRC32);
  GawsChecksum *weak = gaws_checksum_new (GAWS_CHECKSUM_ALGORITHM_SHA256);
  GawsChecksum *located = gaws_checksum_new (GAWS_CHECKSUM_ALGORITHM_CRC32C);
  g_autoptr(GawsChecksum) shared = gaws_checksum_new (GAWS_CHECKSUM_ALGORITHM_SHA1);
  g_autofree char *value = NULL;
  guint destroyed = 0, weak_notified = 0;
  GWeakRef location;

  g_signal_connect_data (plain, "notify", G_CALLBACK (gaws_test_never_notified), &destroyed, gaws_test_count_closure_destroy, 0);
  gaws_checksum_unref_held (plain);
  g_assert_cmpuint (destroyed, ==, 1);

  g_object_weak_ref (G_OBJECT (weak), gaws_test_count_weak_notify, &weak_notified);
  gaws_checksum_unref_held (weak);
  g_assert_cmpuint (weak_notified, ==, 1);

  g_weak_ref_init (&location, located);
  gaws_checksum_unref_held (located);
  g_assert_null (g_weak_ref_get (&location));
  g_weak_ref_clear (&location);

  g_signal_connect_data (shared, "notify", G_CALLBACK (gaws_test_never_notified), &destroyed, gaws_test_count_closure_destroy, 0);
  gaws_checksum_unref_held (g_object_ref (shared));
  g_assert_cmpuint (destroyed, ==, 1);
  gaws_checksum_update (shared, (const guint8 *) "abc", 3);
  value = gaws_checksum_dup_base64 (shared);
  g_assert_cmpstr (value, ==, "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
}

/* ---- GawsAwsChunkedInputStream ------------------------------------------ */

static GBytes *
read_all_sync (GInputStream *stream, GError **error)
{
  GByteArray *out = g_byte_array_new ();
  guint8 buffer[9000];
  gssize n;

  while ((n = g_input_stream_read (stream, buffer, (gsize) g_test_rand_int_range (1, sizeof buffer),
                                   NULL, error)) > 0)
    g_byte_array_append (out, buffer, (guint) n);
  return g_byte_array_free_to_bytes (out);
}

static void
test_chunked_hand_checked_bytes (void)
{
  /* "Hello world" in chunks of 4, with its CRC32 (0x8bd69e52) in the
   * trailer, framed by hand: */
  static const char expected[] =
    "4\r\nHell\r\n"
    "4\r\no wo\r\n"
    "3\r\nrld\r\n"
    "0\r\n"
    "x-amz-checksum-crc32:i9aeUg==\r\n"
    "\r\n";
  g_autoptr(GBytes) body = g_bytes_new_static ("Hello world", 11);
  g_autoptr(GInputStream) base = memory_stream (body);
  g_autoptr(GInputStream) stream =
    gaws_aws_chunked_input_stream_new_full (base, 11, GAWS_CHECKSUM_ALGORITHM_CRC32, 4);
  GawsAwsChunkedInputStream *chunked = GAWS_AWS_CHUNKED_INPUT_STREAM (stream);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;

  g_assert_cmpint (gaws_aws_chunked_input_stream_get_encoded_length (chunked), ==, strlen (expected));
  g_assert_cmpint (gaws_aws_chunked_input_stream_get_decoded_length (chunked), ==, 11);
  g_assert_cmpuint (gaws_aws_chunked_input_stream_get_chunk_size (chunked), ==, 4);
  g_assert_false (gaws_aws_chunked_input_stream_is_complete (chunked));
  out = read_all_sync (stream, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), expected, strlen (expected));
  g_assert_true (gaws_aws_chunked_input_stream_is_complete (chunked));
}

static void
test_chunked_single_chunk_and_empty (void)
{
  static const char one[] =
    "b\r\nHello world\r\n0\r\nx-amz-checksum-crc64nvme:OOJZ0D8xKts=\r\n\r\n";
  static const char empty[] =
    "0\r\nx-amz-checksum-sha256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\r\n\r\n";
  g_autoptr(GBytes) hello = g_bytes_new_static ("Hello world", 11);
  g_autoptr(GBytes) nothing = g_bytes_new_static ("", 0);
  g_autoptr(GInputStream) hello_base = memory_stream (hello);
  g_autoptr(GInputStream) nothing_base = memory_stream (nothing);
  g_autoptr(GInputStream) a = gaws_aws_chunked_input_stream_new (hello_base, 11, GAWS_CHECKSUM_ALGORITHM_CRC64NVME);
  g_autoptr(GInputStream) b = gaws_aws_chunked_input_stream_new (nothing_base, 0, GAWS_CHECKSUM_ALGORITHM_SHA256);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out_a = read_all_sync (a, &error);
  g_autoptr(GBytes) out_b = read_all_sync (b, &error);

  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (out_a, NULL), g_bytes_get_size (out_a), one, strlen (one));
  g_assert_cmpmem (g_bytes_get_data (out_b, NULL), g_bytes_get_size (out_b), empty, strlen (empty));
  g_assert_cmpint (gaws_aws_chunked_input_stream_get_encoded_length (GAWS_AWS_CHUNKED_INPUT_STREAM (a)), ==,
                   strlen (one));
  g_assert_cmpint (gaws_aws_chunked_encoded_length (0, 1234, GAWS_CHECKSUM_ALGORITHM_SHA256), ==, strlen (empty));
}

/* Decodes an aws-chunked body the way S3 reads it, checking the framing. */
static GBytes *
decode_chunked (GBytes *encoded, gsize chunk_size, char **out_trailer)
{
  const char *p = g_bytes_get_data (encoded, NULL);
  const char *end = p + g_bytes_get_size (encoded);
  GByteArray *out = g_byte_array_new ();

  for (;;)
    {
      char *after = NULL;
      guint64 length = g_ascii_strtoull (p, &after, 16);

      g_assert_true (after > p && after + 2 <= end && after[0] == '\r' && after[1] == '\n');
      p = after + 2;
      if (length == 0)
        break;
      g_assert_cmpuint (length, <=, chunk_size);
      g_assert_true (p + length + 2 <= end && p[length] == '\r' && p[length + 1] == '\n');
      /* only the last chunk may be short */
      if (length < chunk_size)
        g_assert_true (p[length + 2] == '0' && p[length + 3] == '\r');
      g_byte_array_append (out, (const guint8 *) p, (guint) length);
      p += length + 2;
    }
  g_assert_true (end - p >= 4 && memcmp (end - 4, "\r\n\r\n", 4) == 0);
  *out_trailer = g_strndup (p, (gsize) (end - p - 4));
  return g_byte_array_free_to_bytes (out);
}

/* Frames of small bodies come from blocks the thread keeps once a stream
 * is freed: streams alive together have their own, a kept one starts
 * clean for the next body, and the sizes around the kept frame's (4096
 * bytes, the body's length + 22) frame as the others do. */
/* The constructors set the four properties (the stream's taken with a
 * reference of its own, dropped with the stream); g_object_new() with
 * them makes the same stream. */
static void
test_chunked_properties (void)
{
  g_autoptr(GBytes) data = g_bytes_new_static ("hello world", 11);
  GInputStream *base = g_memory_input_stream_new_from_bytes (data);
  GObject *weak = G_OBJECT (base);
  GInputStream *streams[2];

  g_object_add_weak_pointer (weak, (gpointer *) &weak);
  streams[0] = gaws_aws_chunked_input_stream_new_full (base, 11, GAWS_CHECKSUM_ALGORITHM_SHA256, 4);
  streams[1] = g_object_new (GAWS_TYPE_AWS_CHUNKED_INPUT_STREAM, "base-stream", base, "decoded-length",
                             (gint64) 11, "chunk-size", (guint64) 4, "algorithm",
                             GAWS_CHECKSUM_ALGORITHM_SHA256, NULL);
  g_object_unref (base);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GInputStream) got_base = NULL;
      gint64 decoded_length = 0;
      guint64 chunk_size = 0;
      GawsChecksumAlgorithm algorithm = GAWS_CHECKSUM_ALGORITHM_CRC32;

      g_object_get (streams[i], "base-stream", &got_base, "decoded-length", &decoded_length,
                    "chunk-size", &chunk_size, "algorithm", &algorithm, NULL);
      g_assert_true (got_base == base);
      g_assert_cmpint (decoded_length, ==, 11);
      g_assert_cmpuint (chunk_size, ==, 4);
      g_assert_cmpint (algorithm, ==, GAWS_CHECKSUM_ALGORITHM_SHA256);
      g_assert_cmpint (gaws_aws_chunked_input_stream_get_encoded_length (GAWS_AWS_CHUNKED_INPUT_STREAM (streams[i])),
                       ==, gaws_aws_chunked_encoded_length (11, 4, GAWS_CHECKSUM_ALGORITHM_SHA256));
    }
  g_object_unref (streams[0]);
  g_assert_nonnull (weak);
  g_object_unref (streams[1]);
  g_assert_null (weak);
}

/* A stream makes its #GawsChecksum only when asked for it: asked in the
 * middle of the body, it holds what was read so far, is the one the stream
 * goes on computing (the same object at every call), starts over with a
 * rewind, and gives the value of the whole body at the end, for every
 * algorithm (the hashes keep a GChecksum, the CRCs an integer). */
static void
test_checksum_asked_mid_stream (void)
{
  g_autoptr(GBytes) data = pattern (10000);
  g_autoptr(GBytes) head = g_bytes_new_from_bytes (data, 0, 3000);

  for (guint a = 0; a < G_N_ELEMENTS (vectors); a++)
    {
      GawsChecksumAlgorithm algorithm = vectors[a].algorithm;
      g_autofree char *whole = one_shot (algorithm, data);
      g_autofree char *part = one_shot (algorithm, head);
      g_autoptr(GInputStream) base = memory_stream (data);
      g_autoptr(GInputStream) stream = gaws_checksum_input_stream_new (base, algorithm);
      GawsChecksumInputStream *cs = GAWS_CHECKSUM_INPUT_STREAM (stream);
      g_autoptr(GInputStream) chunked_base = memory_stream (data);
      g_autoptr(GInputStream) chunked = gaws_aws_chunked_input_stream_new_full (chunked_base, 10000, algorithm, 3000);
      GawsAwsChunkedInputStream *acs = GAWS_AWS_CHUNKED_INPUT_STREAM (chunked);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) encoded = NULL;
      g_autoptr(GBytes) decoded = NULL;
      g_autofree char *trailer = NULL;
      g_autofree char *expected_trailer = NULL;
      g_autofree char *value = NULL;
      guint8 buffer[3000];
      gsize got = 0;
      GawsChecksum *checksum;

      g_assert_true (g_input_stream_read_all (stream, buffer, sizeof buffer, &got, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (got, ==, sizeof buffer);
      checksum = gaws_checksum_input_stream_get_checksum (cs);
      g_assert_true (GAWS_IS_CHECKSUM (checksum));
      g_assert_cmpint (gaws_checksum_get_algorithm (checksum), ==, algorithm);
      g_assert_true (gaws_checksum_matches (checksum, part));
      g_assert_true (gaws_checksum_input_stream_get_checksum (cs) == checksum);
      /* a rewind starts the object over too */
      g_assert_true (g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, NULL, &error));
      g_assert_no_error (error);
      read_in_random_pieces (stream, data, &error);
      g_assert_no_error (error);
      g_assert_true (gaws_checksum_input_stream_get_checksum (cs) == checksum);
      g_assert_true (gaws_checksum_matches (checksum, whole));
      value = gaws_checksum_input_stream_dup_base64 (cs);
      g_assert_cmpstr (value, ==, whole);

      /* the aws-chunked stream's, asked for after its first chunk */
      g_assert_true (g_input_stream_read_all (chunked, buffer, 100, &got, NULL, &error));
      g_assert_no_error (error);
      checksum = gaws_aws_chunked_input_stream_get_checksum (acs);
      g_assert_true (gaws_checksum_matches (checksum, part));
      g_assert_true (g_seekable_seek (G_SEEKABLE (chunked), 0, G_SEEK_SET, NULL, &error));
      g_assert_no_error (error);
      encoded = read_all_sync (chunked, &error);
      g_assert_no_error (error);
      decoded = decode_chunked (encoded, 3000, &trailer);
      g_assert_true (g_bytes_equal (decoded, data));
      expected_trailer = g_strdup_printf ("%s:%s", gaws_checksum_algorithm_get_header_name (algorithm), whole);
      g_assert_cmpstr (trailer, ==, expected_trailer);
      g_assert_true (gaws_aws_chunked_input_stream_get_checksum (acs) == checksum);
      g_assert_true (gaws_checksum_matches (checksum, whole));
    }
}

static void
test_chunked_spare_frames (void)
{
  g_autoptr(GBytes) data = pattern (9100);
  static const gsize sizes[] = { 4074, 1, 4075, 1000, 0, 9000, 4073 };

  for (guint round = 0; round < 3; round++)
    {
      GInputStream *streams[G_N_ELEMENTS (sizes)];

      /* all alive at once, read in the reverse order */
      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        {
          g_autoptr(GBytes) body = g_bytes_new_from_bytes (data, round, sizes[i] - (round && sizes[i] ? 1 : 0));
          g_autoptr(GInputStream) base = memory_stream (body);

          streams[i] = gaws_aws_chunked_input_stream_new (base, (gint64) g_bytes_get_size (body),
                                                          GAWS_CHECKSUM_ALGORITHM_CRC32C);
        }
      for (guint i = G_N_ELEMENTS (sizes); i-- > 0;)
        {
          gsize length = sizes[i] - (round && sizes[i] ? 1 : 0);
          g_autoptr(GBytes) body = g_bytes_new_from_bytes (data, round, length);
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) encoded = read_all_sync (streams[i], &error);
          g_autoptr(GBytes) decoded = NULL;
          g_autofree char *trailer = NULL;
          g_autofree char *value = one_shot (GAWS_CHECKSUM_ALGORITHM_CRC32C, body);
          g_autofree char *expected_trailer = g_strdup_printf ("x-amz-checksum-crc32c:%s", value);

          g_assert_no_error (error);
          g_assert_cmpint ((gint64) g_bytes_get_size (encoded), ==,
                           gaws_aws_chunked_encoded_length ((gint64) length, GAWS_AWS_CHUNKED_DEFAULT_CHUNK_SIZE,
                                                            GAWS_CHECKSUM_ALGORITHM_CRC32C));
          decoded = decode_chunked (encoded, GAWS_AWS_CHUNKED_DEFAULT_CHUNK_SIZE, &trailer);
          g_assert_true (g_bytes_equal (decoded, body));
          g_assert_cmpstr (trailer, ==, expected_trailer);
          g_object_unref (streams[i]);
        }
    }
}

static void
test_chunked_length_and_content (void)
{
  g_autoptr(GBytes) data = pattern (300 * 1024);
  static const gsize sizes[] = { 0, 1, 8191, 8192, 8193, 65536, 65537, 200000, 300 * 1024 };
  static const gsize chunks[] = { 8192, 65536, 1000000 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
      {
        GawsChecksumAlgorithm algorithm = (GawsChecksumAlgorithm) ((s + c) % G_N_ELEMENTS (vectors));
        g_autoptr(GBytes) body = g_bytes_new_from_bytes (data, 0, sizes[s]);
        g_autoptr(GInputStream) base = memory_stream (body);
        g_autoptr(GInputStream) stream =
          gaws_aws_chunked_input_stream_new_full (base, (gint64) sizes[s], algorithm, chunks[c]);
        g_autoptr(GError) error = NULL;
        g_autoptr(GBytes) encoded = read_all_sync (stream, &error);
        g_autoptr(GBytes) decoded = NULL;
        g_autofree char *trailer = NULL;
        g_autofree char *value = one_shot (algorithm, body);
        g_autofree char *expected_trailer =
          g_strdup_printf ("%s:%s", gaws_checksum_algorithm_get_header_name (algorithm), value);

        g_assert_no_error (error);
        g_assert_cmpint ((gint64) g_bytes_get_size (encoded), ==,
                         gaws_aws_chunked_encoded_length ((gint64) sizes[s], chunks[c], algorithm));
        decoded = decode_chunked (encoded, chunks[c], &trailer);
        g_assert_true (g_bytes_equal (decoded, body));
        g_assert_cmpstr (trailer, ==, expected_trailer);
      }
  g_assert_cmpint (gaws_aws_chunked_encoded_length (-1, 8192, GAWS_CHECKSUM_ALGORITHM_CRC32), ==, -1);
}

/* A base stream that hands out at most 100 bytes a read, as a socket
 * might: chunks must still be whole. */
static GInputStream *
trickle_stream (GBytes *bytes)
{
  g_autoptr(GInputStream) memory = memory_stream (bytes);
  return g_buffered_input_stream_new_sized (memory, 100);
}

static void
test_chunked_async_equals_sync (void)
{
  g_autoptr(GBytes) data = pattern (200000);
  g_autoptr(GInputStream) base_a = trickle_stream (data);
  g_autoptr(GInputStream) base_b = trickle_stream (data);
  g_autoptr(GInputStream) sync = gaws_aws_chunked_input_stream_new_full (base_a, 200000,
                                                                          GAWS_CHECKSUM_ALGORITHM_CRC32C, 8192);
  g_autoptr(GInputStream) async = gaws_aws_chunked_input_stream_new_full (base_b, 200000,
                                                                           GAWS_CHECKSUM_ALGORITHM_CRC32C, 8192);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) a = read_all_sync (sync, &error);
  g_autoptr(GBytes) b = read_async_all (async, &error);

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (a, b));
  g_assert_cmpint ((gint64) g_bytes_get_size (b), ==,
                   gaws_aws_chunked_input_stream_get_encoded_length (GAWS_AWS_CHUNKED_INPUT_STREAM (async)));
}

static void
test_chunked_unknown_length (void)
{
  g_autoptr(GBytes) data = pattern (100000);
  g_autoptr(GInputStream) base = trickle_stream (data);
  g_autoptr(GInputStream) stream = gaws_aws_chunked_input_stream_new_full (base, -1, GAWS_CHECKSUM_ALGORITHM_SHA1,
                                                                            30000);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) encoded = read_all_sync (stream, &error);
  g_autoptr(GBytes) decoded = NULL;
  g_autofree char *trailer = NULL;
  g_autofree char *value = one_shot (GAWS_CHECKSUM_ALGORITHM_SHA1, data);
  g_autofree char *expected = g_strconcat ("x-amz-checksum-sha1:", value, NULL);

  g_assert_no_error (error);
  g_assert_cmpint (gaws_aws_chunked_input_stream_get_encoded_length (GAWS_AWS_CHUNKED_INPUT_STREAM (stream)), ==, -1);
  /* the same framing as with the length known */
  g_assert_cmpint ((gint64) g_bytes_get_size (encoded), ==,
                   gaws_aws_chunked_encoded_length (100000, 30000, GAWS_CHECKSUM_ALGORITHM_SHA1));
  decoded = decode_chunked (encoded, 30000, &trailer);
  g_assert_true (g_bytes_equal (decoded, data));
  g_assert_cmpstr (trailer, ==, expected);
}

static void
test_chunked_short_body_fails (void)
{
  g_autoptr(GBytes) data = pattern (1000);
  g_autoptr(GInputStream) base = memory_stream (data);
  g_autoptr(GInputStream) stream = gaws_aws_chunked_input_stream_new_full (base, 1500, GAWS_CHECKSUM_ALGORITHM_CRC32,
                                                                            8192);
  g_autoptr(GInputStream) base_async = memory_stream (data);
  g_autoptr(GInputStream) async = gaws_aws_chunked_input_stream_new_full (base_async, 1500,
                                                                           GAWS_CHECKSUM_ALGORITHM_CRC32, 8192);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = read_all_sync (stream, &error);
  g_autoptr(GBytes) out_async = NULL;

  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "500 bytes"));
  /* the data there was went out framed, and no end of chunks */
  g_assert_cmpuint (g_bytes_get_size (out), ==, 3 + 2 + 1000 + 2);
  g_assert_false (gaws_aws_chunked_input_stream_is_complete (GAWS_AWS_CHUNKED_INPUT_STREAM (stream)));
  g_clear_error (&error);
  out_async = read_async_all (async, &error);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_bytes_equal (out_async, out));
}

static void
test_chunked_reads_only_the_announced_length (void)
{
  g_autoptr(GBytes) data = pattern (1000);
  g_autoptr(GBytes) first = g_bytes_new_from_bytes (data, 0, 600);
  g_autoptr(GInputStream) base = memory_stream (data);
  g_autoptr(GInputStream) stream = gaws_aws_chunked_input_stream_new_full (base, 600, GAWS_CHECKSUM_ALGORITHM_CRC32,
                                                                            256);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) encoded = read_all_sync (stream, &error);
  g_autoptr(GBytes) decoded = NULL;
  g_autofree char *trailer = NULL;

  g_assert_no_error (error);
  decoded = decode_chunked (encoded, 256, &trailer);
  g_assert_true (g_bytes_equal (decoded, first));
}

static void
test_chunked_rewinds_to_start (void)
{
  g_autoptr(GBytes) data = pattern (50000);
  g_autoptr(GInputStream) base = memory_stream (data);
  g_autoptr(GInputStream) stream = gaws_aws_chunked_input_stream_new_full (base, 50000, GAWS_CHECKSUM_ALGORITHM_CRC32,
                                                                            8192);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) once = read_all_sync (stream, &error);
  g_autoptr(GBytes) twice = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (g_seekable_tell (G_SEEKABLE (stream)), ==, (goffset) g_bytes_get_size (once));
  g_assert_false (g_seekable_seek (G_SEEKABLE (stream), 5, G_SEEK_SET, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_true (g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, NULL, &error));
  g_assert_false (gaws_aws_chunked_input_stream_is_complete (GAWS_AWS_CHUNKED_INPUT_STREAM (stream)));
  twice = read_all_sync (stream, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (once, twice));
}

static void
test_chunked_attach_sets_headers (void)
{
  g_autoptr(GBytes) data = pattern (70000);
  g_autoptr(GInputStream) base = memory_stream (data);
  g_autoptr(GInputStream) stream = gaws_aws_chunked_input_stream_new (base, 70000, GAWS_CHECKSUM_ALGORITHM_CRC32C);
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("PUT");
  g_autoptr(GawsHttpRequest) gzipped = gaws_http_request_new ("PUT");
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);
  GawsHttpHeaders *gzipped_headers = gaws_http_request_get_headers (gzipped);

  gaws_aws_chunked_input_stream_attach (GAWS_AWS_CHUNKED_INPUT_STREAM (stream), request);
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "Content-Encoding"), ==, "aws-chunked");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Amz-Trailer"), ==, "x-amz-checksum-crc32c");
  g_assert_cmpstr (gaws_http_headers_get_one (headers, "X-Amz-Decoded-Content-Length"), ==, "70000");
  g_assert_cmpstr (gaws_http_request_get_payload_hash (request), ==, "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
  g_assert_true (gaws_http_request_get_body_stream (request) == stream);
  /* 65536 + 4464: "10000\r\n" ... "1170\r\n" ... */
  g_assert_cmpint (gaws_http_request_get_body_length (request), ==,
                   (5 + 2 + 65536 + 2) + (4 + 2 + 4464 + 2) + 3 + 21 + 1 + 8 + 4);

  gaws_http_headers_append (gzipped_headers, "Content-Encoding", "gzip");
  gaws_aws_chunked_input_stream_attach (GAWS_AWS_CHUNKED_INPUT_STREAM (stream), gzipped);
  g_assert_cmpstr (gaws_http_headers_get_one (gzipped_headers, "Content-Encoding"), ==, "gzip,aws-chunked");
}

/* ---- aws-chunked without blocking ---------------------------------------- */

/* Reads @stream to its end without blocking, in random-sized reads, from
 * a base stream that never blocks. */
static GBytes *
read_all_nonblocking (GInputStream *stream, GError **error)
{
  GPollableInputStream *pollable = G_POLLABLE_INPUT_STREAM (stream);
  GByteArray *out = g_byte_array_new ();
  guint8 buffer[9000];
  gssize n;

  g_assert_true (g_pollable_input_stream_is_readable (pollable));
  while ((n = g_pollable_input_stream_read_nonblocking (pollable, buffer,
                                                        (gsize) g_test_rand_int_range (1, sizeof buffer),
                                                        NULL, error)) > 0)
    g_byte_array_append (out, buffer, (guint) n);
  return g_byte_array_free_to_bytes (out);
}

static void
test_chunked_nonblocking_equals_blocking (void)
{
  g_autoptr(GBytes) data = pattern (100000);
  static const gsize sizes[] = { 0, 1, 1024, 8191, 8192, 8193, 65537, 100000 };
  static const gsize chunks[] = { 1, 7, 8192, 65536 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
      for (int known = 0; known < 2; known++)
        {
          GawsChecksumAlgorithm algorithm = (GawsChecksumAlgorithm) ((s + c) % G_N_ELEMENTS (vectors));
          gint64 length = known ? (gint64) sizes[s] : -1;
          g_autoptr(GBytes) body = g_bytes_new_from_bytes (data, 0, sizes[s]);
          g_autoptr(GInputStream) base_a = memory_stream (body);
          g_autoptr(GInputStream) base_b = memory_stream (body);
          g_autoptr(GInputStream) blocking =
            gaws_aws_chunked_input_stream_new_full (base_a, length, algorithm, chunks[c]);
          g_autoptr(GInputStream) nonblocking =
            gaws_aws_chunked_input_stream_new_full (base_b, length, algorithm, chunks[c]);
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) a = NULL;
          g_autoptr(GBytes) b = NULL;

          /* what the HTTP engine reads straight from curl's callback */
          g_assert_true (g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (nonblocking)));
          g_assert_true (g_seekable_can_seek (G_SEEKABLE (nonblocking)));
          a = read_all_sync (blocking, &error);
          g_assert_no_error (error);
          b = read_all_nonblocking (nonblocking, &error);
          g_assert_no_error (error);
          g_assert_true (g_bytes_equal (a, b));
          g_assert_true (gaws_aws_chunked_input_stream_is_complete (GAWS_AWS_CHUNKED_INPUT_STREAM (nonblocking)));
          g_assert_cmpint (g_seekable_tell (G_SEEKABLE (nonblocking)), ==, (goffset) g_bytes_get_size (b));
        }
}

/* Chunk lengths of several hex digits, in lower case as S3's examples. */
static void
test_chunked_hex_lengths (void)
{
  g_autoptr(GBytes) data = pattern (0x1a2b);
  g_autoptr(GInputStream) base = memory_stream (data);
  g_autoptr(GInputStream) stream =
    gaws_aws_chunked_input_stream_new_full (base, 0x1a2b, GAWS_CHECKSUM_ALGORITHM_CRC32, 0x1000);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = read_all_nonblocking (stream, &error);
  const char *p = g_bytes_get_data (out, NULL);

  g_assert_no_error (error);
  g_assert_cmpmem (p, 6, "1000\r\n", 6);
  g_assert_cmpmem (p + 6, 0x1000, bytes_data (data), 0x1000);
  g_assert_cmpmem (p + 6 + 0x1000, 7, "\r\na2b\r\n", 7);
  g_assert_cmpmem (p + 13 + 0x1000, 0xa2b, bytes_data (data) + 0x1000, 0xa2b);
  g_assert_cmpmem (p + 13 + 0x1a2b, 5, "\r\n0\r\n", 5);
}

static void
test_chunked_nonblocking_short_body_fails (void)
{
  g_autoptr(GBytes) data = pattern (1000);
  g_autoptr(GInputStream) base = memory_stream (data);
  g_autoptr(GInputStream) stream = gaws_aws_chunked_input_stream_new_full (base, 1500, GAWS_CHECKSUM_ALGORITHM_CRC32,
                                                                            8192);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = read_all_nonblocking (stream, &error);

  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (g_bytes_get_size (out), ==, 3 + 2 + 1000 + 2);
}

/* A read into a buffer with room for several chunks (as the HTTP engine's
 * direct read into curl's 512 KiB upload buffer) frames them in place:
 * the whole body and its trailer in one read when they fit, the same bytes
 * as a blocking read, again after a rewind; and a short body still fails. */
static void
test_chunked_nonblocking_frames_in_place (void)
{
  g_autoptr(GBytes) data = pattern (200000);
  static const gsize sizes[] = { 1, 8192, 65536, 65537, 200000 };
  static const gsize chunks[] = { 7, 8192, 65536 };
  gsize room = 300000;
  g_autofree guint8 *buffer = g_malloc (room);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
      {
        g_autoptr(GBytes) body = g_bytes_new_from_bytes (data, 0, sizes[s]);
        g_autoptr(GInputStream) base_a = memory_stream (body);
        g_autoptr(GInputStream) base_b = memory_stream (body);
        g_autoptr(GInputStream) blocking =
          gaws_aws_chunked_input_stream_new_full (base_a, (gint64) sizes[s], GAWS_CHECKSUM_ALGORITHM_CRC32, chunks[c]);
        g_autoptr(GInputStream) stream =
          gaws_aws_chunked_input_stream_new_full (base_b, (gint64) sizes[s], GAWS_CHECKSUM_ALGORITHM_CRC32, chunks[c]);
        GPollableInputStream *pollable = G_POLLABLE_INPUT_STREAM (stream);
        gint64 encoded = gaws_aws_chunked_input_stream_get_encoded_length (GAWS_AWS_CHUNKED_INPUT_STREAM (stream));
        g_autoptr(GError) error = NULL;
        g_autoptr(GBytes) expected = read_all_sync (blocking, &error);

        g_assert_no_error (error);
        for (int round = 0; round < 2; round++)
          {
            g_autoptr(GByteArray) out = g_byte_array_new ();
            gssize n;

            while ((n = g_pollable_input_stream_read_nonblocking (pollable, buffer, room, NULL, &error)) > 0)
              g_byte_array_append (out, buffer, (guint) n);
            g_assert_no_error (error);
            g_assert_cmpmem (out->data, out->len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
            g_assert_cmpint (g_seekable_tell (G_SEEKABLE (stream)), ==, encoded);
            /* chunks of 7 bytes take 12 in the frame: 300000 bytes hold
             * them all only for the smaller bodies */
            if (encoded <= (gint64) room && chunks[c] > 7)
              g_assert_cmpint ((gint64) out->len, ==, encoded);
            g_assert_true (g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, NULL, &error));
            g_assert_no_error (error);
          }
      }

  {
    g_autoptr(GBytes) body = g_bytes_new_from_bytes (data, 0, 100000);
    g_autoptr(GInputStream) base = memory_stream (body);
    g_autoptr(GInputStream) stream =
      gaws_aws_chunked_input_stream_new_full (base, 150000, GAWS_CHECKSUM_ALGORITHM_CRC32, 65536);
    g_autoptr(GError) error = NULL;
    gsize total = 0;
    gssize n;

    while ((n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (stream), buffer, room, NULL,
                                                         &error)) > 0)
      total += (gsize) n;
    g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
    g_assert_cmpuint (total, ==, 5 + 2 + 65536 + 2 + 4 + 2 + (100000 - 65536) + 2);
  }
}

typedef struct {
  int           fds[2];
  GInputStream *base;    /* the pipe's end to read, non-blocking */
} Pipe;

static void
pipe_open (Pipe *p)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_unix_open_pipe (p->fds, FD_CLOEXEC, &error));
  g_assert_no_error (error);
  g_assert_true (g_unix_set_fd_nonblocking (p->fds[0], TRUE, &error));
  g_assert_no_error (error);
  p->base = g_unix_input_stream_new (p->fds[0], TRUE);
}

static void
pipe_write (Pipe *p, GBytes *bytes, gsize offset, gsize length)
{
  g_assert_cmpint (write (p->fds[1], bytes_data (bytes) + offset, length), ==, (gssize) length);
}

static void
pipe_close (Pipe *p)
{
  if (p->fds[1] >= 0)
    close (p->fds[1]);
  p->fds[1] = -1;
  g_clear_object (&p->base);
}

static void
assert_would_block (GInputStream *stream)
{
  guint8 buffer[64];
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (stream), buffer,
                                                             sizeof buffer, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
}

static gboolean
on_readable (GObject *stream, gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits for the source of @stream to say it is readable. */
static void
wait_readable (GInputStream *stream)
{
  g_autoptr(GSource) source =
    g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (stream), NULL);
  gboolean ready = FALSE;

  g_source_set_callback (source, G_SOURCE_FUNC (on_readable), &ready, NULL);
  g_source_attach (source, NULL);
  while (!ready)
    g_main_context_iteration (NULL, TRUE);
  g_source_destroy (source);
}

/* Drains what @stream gives without blocking into @out. */
static void
drain_nonblocking (GInputStream *stream, GByteArray *out)
{
  guint8 buffer[777];
  gssize n;

  while ((n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (stream), buffer,
                                                        sizeof buffer, NULL, NULL)) > 0)
    g_byte_array_append (out, buffer, (guint) n);
}

static void
test_chunked_nonblocking_would_block (void)
{
  g_autoptr(GBytes) data = pattern (3000);
  g_autoptr(GInputStream) reference_base = memory_stream (data);
  g_autoptr(GInputStream) reference =
    gaws_aws_chunked_input_stream_new_full (reference_base, 3000, GAWS_CHECKSUM_ALGORITHM_CRC32C, 1000);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  Pipe p;

  expected = read_all_sync (reference, &error);
  g_assert_no_error (error);

  pipe_open (&p);
  stream = gaws_aws_chunked_input_stream_new_full (p.base, 3000, GAWS_CHECKSUM_ALGORITHM_CRC32C, 1000);
  g_assert_true (g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (stream)));
  /* A pipe cannot seek: neither can the stream, nor be rewound. */
  g_assert_false (g_seekable_can_seek (G_SEEKABLE (stream)));
  g_assert_false (g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (stream)));
  assert_would_block (stream);

  /* Part of the first chunk: it is not framed until it is whole. */
  pipe_write (&p, data, 0, 400);
  wait_readable (stream);
  assert_would_block (stream);
  g_assert_cmpint (g_seekable_tell (G_SEEKABLE (stream)), ==, 0);
  g_assert_false (g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (stream)));

  /* The rest of it, and part of the second */
  pipe_write (&p, data, 400, 1100);
  wait_readable (stream);
  drain_nonblocking (stream, out);
  g_assert_cmpuint (out->len, ==, 3 + 2 + 1000 + 2);
  assert_would_block (stream);

  /* A blocking read goes on from the part the non-blocking one read. */
  pipe_write (&p, data, 1500, 500);
  {
    guint8 buffer[4000];
    gssize n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (n, ==, 3 + 2 + 1000 + 2);
    g_byte_array_append (out, buffer, (guint) n);
  }
  assert_would_block (stream);

  /* The last chunk, then the trailer with no more reading of the pipe */
  pipe_write (&p, data, 2000, 1000);
  wait_readable (stream);
  drain_nonblocking (stream, out);
  g_assert_true (gaws_aws_chunked_input_stream_is_complete (GAWS_AWS_CHUNKED_INPUT_STREAM (stream)));
  g_assert_cmpmem (out->data, out->len, bytes_data (expected), g_bytes_get_size (expected));
  g_assert_cmpint (g_seekable_tell (G_SEEKABLE (stream)), ==, (goffset) out->len);
  pipe_close (&p);
}

/* With no announced length, the end of the pipe ends the body. */
static void
test_chunked_nonblocking_pipe_end (void)
{
  g_autoptr(GBytes) data = pattern (2500);
  g_autoptr(GInputStream) reference_base = memory_stream (data);
  g_autoptr(GInputStream) reference =
    gaws_aws_chunked_input_stream_new_full (reference_base, -1, GAWS_CHECKSUM_ALGORITHM_SHA256, 1000);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  Pipe p;

  expected = read_all_sync (reference, &error);
  g_assert_no_error (error);
  pipe_open (&p);
  stream = gaws_aws_chunked_input_stream_new_full (p.base, -1, GAWS_CHECKSUM_ALGORITHM_SHA256, 1000);
  pipe_write (&p, data, 0, 2500);
  wait_readable (stream);
  drain_nonblocking (stream, out);
  /* two chunks out; the last 500 bytes wait for the end of the pipe */
  g_assert_cmpuint (out->len, ==, 2 * (3 + 2 + 1000 + 2));
  assert_would_block (stream);
  close (p.fds[1]);
  p.fds[1] = -1;
  wait_readable (stream);
  drain_nonblocking (stream, out);
  g_assert_true (gaws_aws_chunked_input_stream_is_complete (GAWS_AWS_CHUNKED_INPUT_STREAM (stream)));
  g_assert_cmpmem (out->data, out->len, bytes_data (expected), g_bytes_get_size (expected));
  pipe_close (&p);
}

static void
test_chunked_cannot_poll_without_pollable_base (void)
{
  g_autoptr(GBytes) data = pattern (100);
  g_autoptr(GInputStream) base = trickle_stream (data);
  g_autoptr(GInputStream) stream = gaws_aws_chunked_input_stream_new (base, 100, GAWS_CHECKSUM_ALGORITHM_CRC32);
  guint8 buffer[64];
  g_autoptr(GError) error = NULL;

  g_assert_true (G_IS_POLLABLE_INPUT_STREAM (stream));
  g_assert_false (g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (stream)));
  g_assert_cmpint (g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (stream), buffer,
                                                             sizeof buffer, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

/* The engine rewinds a body read without blocking by seeking to where it
 * started plus curl's offset: only 0 (or staying put) can work. */
static void
test_chunked_nonblocking_rewinds (void)
{
  g_autoptr(GBytes) data = pattern (20000);
  g_autoptr(GInputStream) base = memory_stream (data);
  g_autoptr(GInputStream) stream = NULL;
  GSeekable *seekable;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) once = NULL;
  g_autoptr(GBytes) twice = NULL;
  g_autoptr(GBytes) tail = g_bytes_new_from_bytes (data, 100, 20000 - 100);
  g_autofree char *value = one_shot (GAWS_CHECKSUM_ALGORITHM_CRC32, tail);
  g_autofree char *expected_trailer = g_strconcat ("x-amz-checksum-crc32:", value, NULL);
  g_autofree char *trailer = NULL;
  g_autoptr(GBytes) decoded = NULL;
  guint8 buffer[3000];

  /* wrapped where the base stream is not at its start */
  g_assert_cmpint (g_input_stream_skip (base, 100, NULL, NULL), ==, 100);
  stream = gaws_aws_chunked_input_stream_new_full (base, 20000 - 100, GAWS_CHECKSUM_ALGORITHM_CRC32, 8192);
  seekable = G_SEEKABLE (stream);
  g_assert_cmpint (g_seekable_tell (seekable), ==, 0);
  once = read_all_nonblocking (stream, &error);
  g_assert_no_error (error);
  decoded = decode_chunked (once, 8192, &trailer);
  g_assert_true (g_bytes_equal (decoded, tail));
  g_assert_cmpstr (trailer, ==, expected_trailer);

  /* Rewound from the middle of a chunk, and from the end */
  for (int round = 0; round < 2; round++)
    {
      g_assert_true (g_seekable_seek (seekable, 0, G_SEEK_SET, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_seekable_tell (seekable), ==, 0);
      g_assert_false (gaws_aws_chunked_input_stream_is_complete (GAWS_AWS_CHUNKED_INPUT_STREAM (stream)));
      if (round == 0)
        {
          g_assert_cmpint (g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (stream), buffer,
                                                                     sizeof buffer, NULL, &error), ==, 3000);
          g_assert_cmpint (g_seekable_tell (seekable), ==, 3000);
          g_assert_true (g_seekable_seek (seekable, 3000, G_SEEK_SET, NULL, &error));
          g_assert_true (g_seekable_seek (seekable, 0, G_SEEK_CUR, NULL, &error));
          g_assert_no_error (error);
          continue;
        }
      twice = read_all_nonblocking (stream, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (once, twice));
    }

  /* Anywhere else is refused, and the stream stays where it was. */
  g_assert_false (g_seekable_seek (seekable, 5, G_SEEK_SET, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_false (g_seekable_seek (seekable, -1, G_SEEK_CUR, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_false (g_seekable_seek (seekable, 0, G_SEEK_END, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_cmpint (g_seekable_tell (seekable), ==, (goffset) g_bytes_get_size (once));
  g_assert_true (gaws_aws_chunked_input_stream_is_complete (GAWS_AWS_CHUNKED_INPUT_STREAM (stream)));
}

/* ---- spare streams (gaws_filter_stream_recycle_last()) ---- */

static gboolean
recycles (void)
{
  /* gaws_object_unref_is_known(): GLib 2.74 and before */
  return glib_major_version == 2 && glib_minor_version < 75;
}

/* A stream of either class reading @base: a validating checksum stream
 * expecting @expected (kind 0) or an aws-chunked one of @length (kind 1). */
static GInputStream *
new_filter (guint kind, GInputStream *base, gsize length, GawsChecksumAlgorithm algorithm, const char *expected)
{
  if (kind == 0)
    return gaws_checksum_input_stream_new_validating (base, algorithm, expected);
  return gaws_aws_chunked_input_stream_new (base, (gint64) length, algorithm);
}

/* What reading @stream (from @body, by @kind) must give: the body,
 * validated, or its aws-chunked encoding with its checksum trailer. */
static void
check_reads (guint kind, GInputStream *stream, GBytes *body, GawsChecksumAlgorithm algorithm)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) got = read_all_sync (stream, &error);
  g_autofree char *value = one_shot (algorithm, body);

  g_assert_no_error (error);
  if (kind == 0)
    {
      GawsChecksumInputStream *checked = GAWS_CHECKSUM_INPUT_STREAM (stream);

      g_assert_true (g_bytes_equal (got, body));
      g_assert_true (gaws_checksum_input_stream_is_complete (checked));
      g_assert_cmpuint (gaws_checksum_input_stream_get_bytes_read (checked), ==, g_bytes_get_size (body));
      g_assert_cmpint (gaws_checksum_input_stream_get_algorithm (checked), ==, algorithm);
      g_assert_cmpstr (gaws_checksum_input_stream_get_expected (checked), ==, value);
    }
  else
    {
      g_autofree char *trailer = NULL;
      g_autofree char *expected_trailer =
        g_strdup_printf ("%s:%s", gaws_checksum_algorithm_get_header_name (algorithm), value);
      g_autoptr(GBytes) decoded = decode_chunked (got, GAWS_AWS_CHUNKED_DEFAULT_CHUNK_SIZE, &trailer);

      g_assert_true (g_bytes_equal (decoded, body));
      g_assert_cmpstr (trailer, ==, expected_trailer);
      g_assert_cmpint (gaws_aws_chunked_input_stream_get_decoded_length (GAWS_AWS_CHUNKED_INPUT_STREAM (stream)),
                       ==, (gint64) g_bytes_get_size (body));
    }
}

/* A stream whose last reference goes with nothing else on it is kept and
 * handed out by the next constructor as a new one: its base stream closed
 * and dropped when it was kept, its handlers destroyed, the new one open,
 * reading its own base from the start with its own algorithm, and a
 * mismatch still failing the end of a validating stream. */
static void
test_streams_recycled (void)
{
  g_autoptr(GBytes) data = pattern (3000);

  for (guint kind = 0; kind < 2; kind++)
    {
      g_autoptr(GBytes) first_body = g_bytes_new_from_bytes (data, 0, 1024);
      g_autoptr(GBytes) second_body = g_bytes_new_from_bytes (data, 7, 2000);
      g_autofree char *first_value = one_shot (GAWS_CHECKSUM_ALGORITHM_CRC32, first_body);
      g_autofree char *second_value = one_shot (GAWS_CHECKSUM_ALGORITHM_SHA256, second_body);
      GInputStream *first_base = memory_stream (first_body);
      gpointer first_base_alive = first_base;
      GInputStream *first, *second, *third;
      guint destroyed = 0;

      first = new_filter (kind, first_base, 1024, GAWS_CHECKSUM_ALGORITHM_CRC32, first_value);
      g_object_add_weak_pointer (G_OBJECT (first_base), &first_base_alive);
      g_object_unref (first_base);
      check_reads (kind, first, first_body, GAWS_CHECKSUM_ALGORITHM_CRC32);
      g_signal_connect_data (first, "notify", G_CALLBACK (gaws_test_never_notified), &destroyed,
                             gaws_test_count_closure_destroy, 0);
      g_object_unref (first);
      /* what it held went with it, kept or not */
      g_assert_null (first_base_alive);
      g_assert_cmpuint (destroyed, ==, 1);

      {
        g_autoptr(GInputStream) second_base = memory_stream (second_body);

        second = new_filter (kind, second_base, 2000, GAWS_CHECKSUM_ALGORITHM_SHA256, second_value);
      }
      if (recycles ())
        g_assert_true (second == first);
      g_assert_cmpuint (G_OBJECT (second)->ref_count, ==, 1);
      g_assert_null (G_OBJECT (second)->qdata);
      g_assert_false (g_input_stream_is_closed (second));
      g_assert_false (g_input_stream_has_pending (second));
      g_assert_true (g_filter_input_stream_get_close_base_stream (G_FILTER_INPUT_STREAM (second)));
      if (kind == 0)
        g_assert_false (gaws_checksum_input_stream_is_complete (GAWS_CHECKSUM_INPUT_STREAM (second)));
      else
        g_assert_false (gaws_aws_chunked_input_stream_is_complete (GAWS_AWS_CHUNKED_INPUT_STREAM (second)));
      check_reads (kind, second, second_body, GAWS_CHECKSUM_ALGORITHM_SHA256);
      g_object_unref (second);

      if (kind == 0)
        {
          /* kept once more: a wrong value still fails the end */
          g_autoptr(GInputStream) third_base = memory_stream (second_body);
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) got = NULL;
          g_autofree char *computed = one_shot (GAWS_CHECKSUM_ALGORITHM_CRC32, second_body);

          third = gaws_checksum_input_stream_new_validating (third_base, GAWS_CHECKSUM_ALGORITHM_CRC32, first_value);
          if (recycles ())
            g_assert_true (third == first);
          got = read_all_sync (third, &error);
          check_mismatch_error (error, "CRC32", first_value, computed);
          g_assert_false (gaws_checksum_input_stream_is_complete (GAWS_CHECKSUM_INPUT_STREAM (third)));
          g_object_unref (third);
        }
    }
}

static void
count_freed (gpointer data)
{
  (*(guint *) data)++;
}

/* A stream that anybody but the one dropping it still holds is never kept
 * nor handed out again: one referenced elsewhere stays as it is, reading
 * its own base; one watched by a weak reference or a GWeakRef, or closed,
 * goes GObject's own way at its last unref. */
static void
test_streams_held_not_recycled (void)
{
  g_autoptr(GBytes) body = pattern (1024);
  g_autofree char *value = one_shot (GAWS_CHECKSUM_ALGORITHM_CRC32, body);

  for (guint kind = 0; kind < 2; kind++)
    {
      g_autoptr(GInputStream) held_base = memory_stream (body);
      g_autoptr(GInputStream) other_base = memory_stream (body);
      GInputStream *held = new_filter (kind, held_base, 1024, GAWS_CHECKSUM_ALGORITHM_CRC32, value);
      GInputStream *other;
      GWeakRef weak_ref;
      guint weak_notified = 0, data_freed = 0;

      /* the user's reference, and the runtime's, which goes first */
      g_object_ref (held);
      g_object_unref (held);
      other = new_filter (kind, other_base, 1024, GAWS_CHECKSUM_ALGORITHM_CRC32, value);
      g_assert_true (other != held);
      g_assert_false (g_input_stream_is_closed (held_base));
      g_assert_true (g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (held)) == held_base);
      check_reads (kind, held, body, GAWS_CHECKSUM_ALGORITHM_CRC32);
      check_reads (kind, other, body, GAWS_CHECKSUM_ALGORITHM_CRC32);

      /* watched: finalized, the watchers told */
      g_object_weak_ref (G_OBJECT (other), gaws_test_count_weak_notify, &weak_notified);
      g_object_unref (other);
      g_assert_cmpuint (weak_notified, ==, 1);
      g_weak_ref_init (&weak_ref, held);
      g_object_unref (held);
      g_assert_null (g_weak_ref_get (&weak_ref));
      g_weak_ref_clear (&weak_ref);

      /* user data, or closed by the user */
      {
        g_autoptr(GInputStream) base = memory_stream (body);
        GInputStream *stream = new_filter (kind, base, 1024, GAWS_CHECKSUM_ALGORITHM_CRC32, value);

        g_object_set_data_full (G_OBJECT (stream), "user", &data_freed, count_freed);
        g_object_unref (stream);
        g_assert_cmpuint (data_freed, ==, 1);
      }
      {
        g_autoptr(GInputStream) base = memory_stream (body);
        GInputStream *stream = new_filter (kind, base, 1024, GAWS_CHECKSUM_ALGORITHM_CRC32, value);
        guint closed_notified = 0;

        g_assert_true (g_input_stream_close (stream, NULL, NULL));
        g_object_weak_ref (G_OBJECT (stream), gaws_test_count_weak_notify, &closed_notified);
        g_object_unref (stream);
        g_assert_cmpuint (closed_notified, ==, 1);
        g_assert_true (g_input_stream_is_closed (base));
      }
    }
}

/* A request drops its aws-chunked body itself (gaws_filter_stream_unref()):
 * kept when the request held it alone, never when the caller holds it too
 * or watches it. */
static void
test_chunked_request_body_recycled (void)
{
  g_autoptr(GBytes) body = pattern (1024);

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GInputStream) base = memory_stream (body);
      GInputStream *chunked = gaws_aws_chunked_input_stream_new (base, 1024, GAWS_CHECKSUM_ALGORITHM_CRC32);
      GawsHttpRequest *request = gaws_http_request_new ("PUT");
      g_autoptr(GInputStream) next_base = memory_stream (body);
      GInputStream *next;
      guint weak_notified = 0;

      gaws_aws_chunked_input_stream_attach (GAWS_AWS_CHUNKED_INPUT_STREAM (chunked), request);
      if (round == 1)
        g_object_ref (chunked);   /* the caller's */
      else if (round == 2)
        g_object_weak_ref (G_OBJECT (chunked), gaws_test_count_weak_notify, &weak_notified);
      g_object_unref (chunked);   /* the request holds it now */
      g_object_unref (request);

      if (round == 2)
        {
          /* watched: finalized */
          g_assert_cmpuint (weak_notified, ==, 1);
          continue;
        }
      next = gaws_aws_chunked_input_stream_new (next_base, 1024, GAWS_CHECKSUM_ALGORITHM_CRC32);
      if (round == 0)
        {
          g_assert_true (g_input_stream_is_closed (base));
          if (recycles ())
            g_assert_true (next == chunked);
        }
      else
        {
          /* still the caller's, reading its own base */
          g_assert_true (next != chunked);
          g_assert_false (g_input_stream_is_closed (base));
          check_reads (1, chunked, body, GAWS_CHECKSUM_ALGORITHM_CRC32);
          g_object_unref (chunked);
        }
      check_reads (1, next, body, GAWS_CHECKSUM_ALGORITHM_CRC32);
      g_object_unref (next);
    }
}

/* What a thread keeps goes when it exits: closed and finalized, without
 * a warning about its missing base stream. */
static gpointer
spares_thread (gpointer data)
{
  guint *gone = data;
  g_autoptr(GBytes) body = pattern (100);

  for (guint kind = 0; kind < 2; kind++)
    {
      g_autoptr(GInputStream) base = memory_stream (body);
      GInputStream *stream = new_filter (kind, base, 100, GAWS_CHECKSUM_ALGORITHM_CRC32, NULL);

      g_object_unref (stream);
      /* kept: watched only now (a watched one is never kept) */
      if (recycles ())
        g_object_weak_ref (G_OBJECT (stream), gaws_test_count_weak_notify, gone);
    }
  return NULL;
}

static void
test_streams_spares_freed_at_thread_exit (void)
{
  guint gone = 0;
  GThread *thread = g_thread_new ("spares", spares_thread, &gone);

  g_thread_join (thread);
  g_assert_cmpuint (gone, ==, recycles () ? 2 : 0);
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);

  g_test_add_func ("/checksum/known-vectors", test_known_vectors);
  g_test_add_func ("/checksum/crc-catalogue-check-values", test_crc_check_values);
  g_test_add_func ("/checksum/crc32c-portable-matches-hardware", test_crc32c_portable_matches_hardware);
  g_test_add_func ("/checksum/crc32-chained-matches-definition", test_crc32_chained_matches_definition);
  g_test_add_func ("/checksum/algorithm-names", test_algorithm_names);
  g_test_add_func ("/checksum/streaming-equals-one-shot", test_streaming_equals_one_shot);
  g_test_add_func ("/checksum/digest-is-big-endian", test_digest_is_big_endian);
  g_test_add_func ("/checksum/matches-compares-digests", test_matches);
  g_test_add_func ("/checksum/find-in-headers-as-botocore", test_find_in_headers);
  g_test_add_func ("/checksum/stream/computes-while-reading", test_stream_computes_while_reading);
  g_test_add_func ("/checksum/stream/validates-at-end", test_stream_validates);
  g_test_add_func ("/checksum/stream/properties", test_stream_properties);
  g_test_add_func ("/checksum/stream/mismatch-fails-at-end", test_stream_mismatch_fails_at_end);
  g_test_add_func ("/checksum/stream/corrupted-byte-detected", test_stream_corrupted_byte_detected);
  g_test_add_func ("/checksum/stream/async-reads", test_stream_async);
  g_test_add_func ("/checksum/stream/close-async-closes-base", test_stream_close_async_closes_base);
  g_test_add_func ("/checksum/stream/rewinds-to-start", test_stream_rewinds_to_start);
  g_test_add_func ("/checksum/dispose", test_checksum_dispose);
  g_test_add_func ("/checksum/unref-held", test_checksum_unref_held);
  g_test_add_func ("/checksum/stream/dispose", test_streams_dispose);
  g_test_add_func ("/checksum/stream/recycled", test_streams_recycled);
  g_test_add_func ("/checksum/stream/held-not-recycled", test_streams_held_not_recycled);
  g_test_add_func ("/checksum/stream/spares-freed-at-thread-exit", test_streams_spares_freed_at_thread_exit);
  g_test_add_func ("/aws-chunked/hand-checked-bytes", test_chunked_hand_checked_bytes);
  g_test_add_func ("/aws-chunked/single-chunk-and-empty-body", test_chunked_single_chunk_and_empty);
  g_test_add_func ("/aws-chunked/length-known-in-advance", test_chunked_length_and_content);
  g_test_add_func ("/aws-chunked/spare-frames", test_chunked_spare_frames);
  g_test_add_func ("/aws-chunked/request-body-recycled", test_chunked_request_body_recycled);
  g_test_add_func ("/aws-chunked/checksum-asked-mid-stream", test_checksum_asked_mid_stream);
  g_test_add_func ("/aws-chunked/properties", test_chunked_properties);
  g_test_add_func ("/aws-chunked/async-equals-sync", test_chunked_async_equals_sync);
  g_test_add_func ("/aws-chunked/unknown-length", test_chunked_unknown_length);
  g_test_add_func ("/aws-chunked/short-body-fails", test_chunked_short_body_fails);
  g_test_add_func ("/aws-chunked/reads-only-announced-length", test_chunked_reads_only_the_announced_length);
  g_test_add_func ("/aws-chunked/rewinds-to-start", test_chunked_rewinds_to_start);
  g_test_add_func ("/aws-chunked/attach-sets-headers", test_chunked_attach_sets_headers);
  g_test_add_func ("/aws-chunked/nonblocking/equals-blocking", test_chunked_nonblocking_equals_blocking);
  g_test_add_func ("/aws-chunked/nonblocking/hex-lengths", test_chunked_hex_lengths);
  g_test_add_func ("/aws-chunked/nonblocking/short-body-fails", test_chunked_nonblocking_short_body_fails);
  g_test_add_func ("/aws-chunked/nonblocking/frames-in-place", test_chunked_nonblocking_frames_in_place);
  g_test_add_func ("/aws-chunked/nonblocking/would-block", test_chunked_nonblocking_would_block);
  g_test_add_func ("/aws-chunked/nonblocking/pipe-end", test_chunked_nonblocking_pipe_end);
  g_test_add_func ("/aws-chunked/nonblocking/cannot-poll-without-pollable-base",
                   test_chunked_cannot_poll_without_pollable_base);
  g_test_add_func ("/aws-chunked/nonblocking/rewinds", test_chunked_nonblocking_rewinds);
  return g_test_run ();
}
