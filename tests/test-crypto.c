/* test-crypto.c: SHA-256 and HMAC-SHA256 of runtime/gaws-crypto.c
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * The runtime hashes with libcrypto when the build found it, and
 * test-sigv4's vectors check that path. This test compiles gaws-crypto.c
 * itself, without GAWS_HAVE_LIBCRYPTO: GLib's GChecksum fallback, against
 * FIPS 180-2 and RFC 4231 vectors, and the keyed copies the signer uses.
 */
#include "gaws-test-util.h"

#undef GAWS_HAVE_LIBCRYPTO
#include "gaws-crypto.c"

static void
assert_digest (const guint8 digest[GAWS_SHA256_LEN], const char *expected)
{
  char hex[GAWS_SHA256_HEX_LEN];

  gaws_hex_encode (digest, GAWS_SHA256_LEN, hex);
  g_assert_cmpstr (hex, ==, expected);
}

static void
test_sha256 (void)
{
  char hex[GAWS_SHA256_HEX_LEN];
  const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  GawsSha256 sha, copy;
  guint8 digest[GAWS_SHA256_LEN];

  gaws_sha256_hex ("abc", 3, hex);
  g_assert_cmpstr (hex, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  gaws_sha256_hex ("", 0, hex);
  g_assert_cmpstr (hex, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  /* in pieces, and from a copy of a context part way */
  gaws_sha256_init (&sha);
  gaws_sha256_update (&sha, two_blocks, 10);
  gaws_sha256_copy (&copy, &sha);
  gaws_sha256_update (&copy, two_blocks + 10, strlen (two_blocks) - 10);
  gaws_sha256_finish (&copy, digest);
  gaws_sha256_clear (&sha);
  gaws_sha256_clear (&copy);
  assert_digest (digest, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  gaws_sha256_init (&sha);
  gaws_sha256_update (&sha, two_blocks, strlen (two_blocks));
  gaws_sha256_finish_hex (&sha, hex);
  g_assert_cmpstr (hex, ==, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void
test_hmac (void)
{
  guint8 key[131], digest[GAWS_SHA256_LEN];
  char hex[GAWS_SHA256_HEX_LEN];
  GawsHmacSha256 keyed, hmac;

  /* RFC 4231, test cases 2 and 6 (a key longer than a block) */
  gaws_hmac_sha256 ("Jefe", 4, "what do ya want for nothing?", 28, digest);
  assert_digest (digest, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  memset (key, 0xaa, sizeof key);
  gaws_hmac_sha256 (key, sizeof key, "Test Using Larger Than Block-Size Key - Hash Key First", 54, digest);
  assert_digest (digest, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  /* a keyed state, copied for each message as the signer does */
  gaws_hmac_sha256_init (&keyed, "Jefe", 4);
  for (int i = 0; i < 2; i++)
    {
      gaws_hmac_sha256_copy (&hmac, &keyed);
      gaws_hmac_sha256_update (&hmac, "what do ya want ", 16);
      gaws_hmac_sha256_update (&hmac, "for nothing?", 12);
      gaws_hmac_sha256_finish (&hmac, digest);
      assert_digest (digest, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
  /* straight to hex, as the signer finishes */
  gaws_hmac_sha256_copy (&hmac, &keyed);
  gaws_hmac_sha256_update (&hmac, "what do ya want for nothing?", 28);
  gaws_hmac_sha256_finish_hex (&hmac, hex);
  g_assert_cmpstr (hex, ==, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  gaws_hmac_sha256_clear (&keyed);
}

/* Every byte value, as printf() writes it; the terminating NUL right
 * after the digits, and nothing written past it. */
static void
test_hex_encode (void)
{
  guint8 bytes[256];
  char hex[2 * 256 + 2];
  g_autoptr(GString) expected = g_string_new (NULL);

  for (guint i = 0; i < 256; i++)
    {
      bytes[i] = (guint8) i;
      g_string_append_printf (expected, "%02x", i);
    }
  memset (hex, '#', sizeof hex);
  gaws_hex_encode (bytes, 256, hex);
  g_assert_cmpstr (hex, ==, expected->str);
  g_assert_cmpint (hex[2 * 256 + 1], ==, '#');
  gaws_hex_encode (bytes + 250, 1, hex);
  g_assert_cmpstr (hex, ==, "fa");
  gaws_hex_encode (bytes, 0, hex);
  g_assert_cmpstr (hex, ==, "");
}

int
main (int argc, char *argv[])
{
  gaws_test_init (&argc, &argv);
  g_test_add_func ("/crypto/fallback/sha256", test_sha256);
  g_test_add_func ("/crypto/fallback/hmac-sha256", test_hmac);
  g_test_add_func ("/crypto/hex-encode", test_hex_encode);
  return g_test_run ();
}
