/* gaws-checksum.c: the flexible checksums of S3 (CRC32, CRC32C, CRC64NVME, SHA-1, ...)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-checksum.h"
#include "gaws-checksum-private.h"
#include "gaws-error.h"
#include "gaws-object-private.h"

#include <string.h>
#include <zlib.h>
#ifdef GAWS_HAVE_ISAL
#include <isa-l/crc.h>
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_SSE42_CRC32C 1
#include <nmmintrin.h>
#endif

/**
 * GawsChecksum:
 *
 * A running checksum in one of S3's flexible checksum algorithms
 * (#GawsChecksumAlgorithm). Feed it with gaws_checksum_update() as the data
 * goes by; gaws_checksum_dup_base64() gives the value S3 wants in
 * `x-amz-checksum-*` headers and trailers at any point, without ending the
 * computation.
 *
 * CRC-32 is ISA-L's when gaws is built with it, else zlib's; CRC-32C uses the SSE4.2 `crc32` instruction when the CPU
 * has it and a slicing-by-8 table otherwise; CRC-64/NVME is slicing-by-8;
 * the SHA and MD5 digests are #GChecksum's.
 */

#define CRC32C_POLY     0x82F63B78u                 /* reflected 0x1EDC6F41 */
#define CRC64NVME_POLY  G_GUINT64_CONSTANT (0x9A6C9329AC4BC9B5)

typedef struct {
  const char            *name;
  const char            *header;
  gsize                  digest_length;
  gboolean               is_hash;
  GChecksumType          hash;   /* when is_hash */
} AlgorithmInfo;

/* Indexed by GawsChecksumAlgorithm. */
static const AlgorithmInfo algorithms[] = {
  { "CRC32",     "x-amz-checksum-crc32",     4,  FALSE, 0 },
  { "CRC32C",    "x-amz-checksum-crc32c",    4,  FALSE, 0 },
  { "SHA1",      "x-amz-checksum-sha1",      20, TRUE,  G_CHECKSUM_SHA1 },
  { "SHA256",    "x-amz-checksum-sha256",    32, TRUE,  G_CHECKSUM_SHA256 },
  { "CRC64NVME", "x-amz-checksum-crc64nvme", 8,  FALSE, 0 },
  { "SHA512",    "x-amz-checksum-sha512",    64, TRUE,  G_CHECKSUM_SHA512 },
  { "MD5",       "x-amz-checksum-md5",       16, TRUE,  G_CHECKSUM_MD5 },
};

/* botocore's order of preference when a response carries several. */
static const GawsChecksumAlgorithm response_priority[] = {
  GAWS_CHECKSUM_ALGORITHM_CRC64NVME,
  GAWS_CHECKSUM_ALGORITHM_CRC32C,
  GAWS_CHECKSUM_ALGORITHM_CRC32,
  GAWS_CHECKSUM_ALGORITHM_SHA1,
  GAWS_CHECKSUM_ALGORITHM_SHA256,
  GAWS_CHECKSUM_ALGORITHM_SHA512,
  GAWS_CHECKSUM_ALGORITHM_MD5,
};

G_DEFINE_ENUM_TYPE (GawsChecksumAlgorithm, gaws_checksum_algorithm,
  G_DEFINE_ENUM_VALUE (GAWS_CHECKSUM_ALGORITHM_CRC32, "crc32"),
  G_DEFINE_ENUM_VALUE (GAWS_CHECKSUM_ALGORITHM_CRC32C, "crc32c"),
  G_DEFINE_ENUM_VALUE (GAWS_CHECKSUM_ALGORITHM_SHA1, "sha1"),
  G_DEFINE_ENUM_VALUE (GAWS_CHECKSUM_ALGORITHM_SHA256, "sha256"),
  G_DEFINE_ENUM_VALUE (GAWS_CHECKSUM_ALGORITHM_CRC64NVME, "crc64nvme"),
  G_DEFINE_ENUM_VALUE (GAWS_CHECKSUM_ALGORITHM_SHA512, "sha512"),
  G_DEFINE_ENUM_VALUE (GAWS_CHECKSUM_ALGORITHM_MD5, "md5"))

static gboolean
algorithm_is_valid (GawsChecksumAlgorithm algorithm)
{
  return (guint) algorithm < G_N_ELEMENTS (algorithms);
}

static gboolean
algorithm_is_hash (GawsChecksumAlgorithm algorithm)
{
  return algorithms[algorithm].is_hash;
}

/* ---- CRC tables --------------------------------------------------------- */

/* Computed on first use rather than spelled out: 24 KiB of numbers in the
 * source would be harder to check than the ten lines that make them. They
 * never change once made. */
typedef struct {
  guint32  crc32c[8][256];
  guint64  crc64[8][256];
  gboolean crc32c_hardware;
} CrcTables;

static CrcTables *
crc_tables_new (void)
{
  CrcTables *t = g_new (CrcTables, 1);

  for (guint i = 0; i < 256; i++)
    {
      guint32 c32 = i;
      guint64 c64 = i;

      for (int bit = 0; bit < 8; bit++)
        {
          c32 = (c32 & 1) ? (c32 >> 1) ^ CRC32C_POLY : c32 >> 1;
          c64 = (c64 & 1) ? (c64 >> 1) ^ CRC64NVME_POLY : c64 >> 1;
        }
      t->crc32c[0][i] = c32;
      t->crc64[0][i] = c64;
    }
  /* Table k advances a byte through k more zero bytes: slicing-by-8 looks
   * up the eight bytes of a word at once and XORs the results. */
  for (guint k = 1; k < 8; k++)
    for (guint i = 0; i < 256; i++)
      {
        t->crc32c[k][i] = (t->crc32c[k - 1][i] >> 8) ^ t->crc32c[0][t->crc32c[k - 1][i] & 0xff];
        t->crc64[k][i] = (t->crc64[k - 1][i] >> 8) ^ t->crc64[0][t->crc64[k - 1][i] & 0xff];
      }
#ifdef HAVE_SSE42_CRC32C
  t->crc32c_hardware = __builtin_cpu_supports ("sse4.2");
#else
  t->crc32c_hardware = FALSE;
#endif
  return t;
}

static const CrcTables *
crc_tables (void)
{
  static CrcTables *tables;

  if (g_once_init_enter (&tables))
    g_once_init_leave (&tables, crc_tables_new ());
  return tables;
}

static guint64
load_le64 (const guint8 *p)
{
  guint64 word;

  memcpy (&word, p, sizeof word);
  return GUINT64_FROM_LE (word);
}

/* The table-driven CRC-32C, whatever the CPU. */
guint32
gaws_crc32c_update_portable (guint32 crc, const guint8 *data, gsize length)
{
  const guint32 (*t)[256] = crc_tables ()->crc32c;
  guint32 c = ~crc;

  for (; length >= 8; data += 8, length -= 8)
    {
      guint64 w = load_le64 (data) ^ c;
      c = t[7][w & 0xff] ^ t[6][(w >> 8) & 0xff] ^ t[5][(w >> 16) & 0xff] ^ t[4][(w >> 24) & 0xff] ^
          t[3][(w >> 32) & 0xff] ^ t[2][(w >> 40) & 0xff] ^ t[1][(w >> 48) & 0xff] ^ t[0][w >> 56];
    }
  for (; length > 0; data++, length--)
    c = t[0][(c ^ *data) & 0xff] ^ (c >> 8);
  return ~c;
}

#ifdef HAVE_SSE42_CRC32C
__attribute__ ((target ("sse4.2")))
static guint32
crc32c_update_sse42 (guint32 crc, const guint8 *data, gsize length)
{
  guint64 c = ~crc;

  for (; length >= 8; data += 8, length -= 8)
    c = _mm_crc32_u64 (c, load_le64 (data));
  for (; length > 0; data++, length--)
    c = _mm_crc32_u8 ((guint32) c, *data);
  return ~(guint32) c;
}
#endif

/* CRC-32C, with the CPU's instruction when it has one. */
guint32
gaws_crc32c_update (guint32 crc, const guint8 *data, gsize length)
{
#ifdef HAVE_SSE42_CRC32C
  if (crc_tables ()->crc32c_hardware)
    return crc32c_update_sse42 (crc, data, length);
#endif
  return gaws_crc32c_update_portable (crc, data, length);
}

/* Whether gaws_crc32c_update() uses SSE4.2 on this machine. */
gboolean
gaws_crc32c_uses_hardware (void)
{
  return crc_tables ()->crc32c_hardware;
}

/* CRC-64/NVME: reflected polynomial 0x9A6C9329AC4BC9B5, initial value and
 * final XOR all ones. */
guint64
gaws_crc64nvme_update (guint64 crc, const guint8 *data, gsize length)
{
  const guint64 (*t)[256] = crc_tables ()->crc64;
  guint64 c = ~crc;

  for (; length >= 8; data += 8, length -= 8)
    {
      guint64 w = load_le64 (data) ^ c;
      c = t[7][w & 0xff] ^ t[6][(w >> 8) & 0xff] ^ t[5][(w >> 16) & 0xff] ^ t[4][(w >> 24) & 0xff] ^
          t[3][(w >> 32) & 0xff] ^ t[2][(w >> 40) & 0xff] ^ t[1][(w >> 48) & 0xff] ^ t[0][w >> 56];
    }
  for (; length > 0; data++, length--)
    c = t[0][(c ^ *data) & 0xff] ^ (c >> 8);
  return ~c;
}

/* ---- algorithms --------------------------------------------------------- */

/**
 * gaws_checksum_algorithm_parse:
 * @name: an algorithm name as S3 spells it (`CRC32`, `CRC32C`, `SHA1`,
 *   `SHA256`, `CRC64NVME`, `SHA512`, `MD5`), in any case
 * @out_algorithm: (out): return location for the algorithm
 * @error: return location for a #GError
 *
 * Reads the algorithm of a `ChecksumAlgorithm` parameter, an
 * `x-amz-sdk-checksum-algorithm` header or a configuration value.
 *
 * Returns: %TRUE with @out_algorithm set; %FALSE with @error set
 *   (%GAWS_ERROR_INVALID_ARGUMENT) for a name gaws does not know
 */
gboolean
gaws_checksum_algorithm_parse (const char             *name,
                               GawsChecksumAlgorithm  *out_algorithm,
                               GError                **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (out_algorithm != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (algorithms); i++)
    if (g_ascii_strcasecmp (name, algorithms[i].name) == 0)
      {
        *out_algorithm = (GawsChecksumAlgorithm) i;
        return TRUE;
      }
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
               "Unsupported checksum algorithm “%s”: expected one of CRC32, CRC32C, SHA1, "
               "SHA256, CRC64NVME, SHA512 or MD5", name);
  return FALSE;
}

/**
 * gaws_checksum_algorithm_get_name:
 * @algorithm: a #GawsChecksumAlgorithm
 *
 * Returns: its name as S3 spells it, such as `CRC32C`
 */
const char *
gaws_checksum_algorithm_get_name (GawsChecksumAlgorithm algorithm)
{
  g_return_val_if_fail (algorithm_is_valid (algorithm), NULL);
  return algorithms[algorithm].name;
}

/**
 * gaws_checksum_algorithm_get_header_name:
 * @algorithm: a #GawsChecksumAlgorithm
 *
 * Returns: the header (or trailer) that carries a checksum of @algorithm,
 *   in lower case, such as `x-amz-checksum-crc32c`
 */
const char *
gaws_checksum_algorithm_get_header_name (GawsChecksumAlgorithm algorithm)
{
  g_return_val_if_fail (algorithm_is_valid (algorithm), NULL);
  return algorithms[algorithm].header;
}

/**
 * gaws_checksum_algorithm_get_digest_length:
 * @algorithm: a #GawsChecksumAlgorithm
 *
 * Returns: the length of the raw digest, in bytes
 */
gsize
gaws_checksum_algorithm_get_digest_length (GawsChecksumAlgorithm algorithm)
{
  g_return_val_if_fail (algorithm_is_valid (algorithm), 0);
  return algorithms[algorithm].digest_length;
}

/**
 * gaws_checksum_algorithm_get_base64_length:
 * @algorithm: a #GawsChecksumAlgorithm
 *
 * The length of the header value, known before the data is: what an
 * `aws-chunked` body needs to announce its length up front.
 *
 * Returns: the length of the base64 text of a digest, padding included
 */
gsize
gaws_checksum_algorithm_get_base64_length (GawsChecksumAlgorithm algorithm)
{
  g_return_val_if_fail (algorithm_is_valid (algorithm), 0);
  return (algorithms[algorithm].digest_length + 2) / 3 * 4;
}

/* ---- GawsChecksumState: a checksum without its object ----------------- */

/* The streams compute their checksum in a GawsChecksumState of their own
 * and make the #GawsChecksum only when asked for it: every PutObject's
 * aws-chunked stream and every validated GetObject's checksum stream would
 * otherwise construct and finalize a GObject for a few integers. */
void
gaws_checksum_state_init (GawsChecksumState     *state,
                          GawsChecksumAlgorithm  algorithm)
{
  state->algorithm = algorithm;
  state->crc = 0;
  state->hash = algorithm_is_hash (algorithm) ? g_checksum_new (algorithms[algorithm].hash) : NULL;
}

void
gaws_checksum_state_clear (GawsChecksumState *state)
{
  g_clear_pointer (&state->hash, g_checksum_free);
}

void
gaws_checksum_state_reset (GawsChecksumState *state)
{
  state->crc = 0;
  if (state->hash != NULL)
    g_checksum_reset (state->hash);
}

/* ---- GawsChecksum ------------------------------------------------------- */

struct _GawsChecksum {
  GObject            parent_instance;
  GawsChecksumState  state;
};

enum {
  PROP_0,
  PROP_ALGORITHM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GawsChecksum, gaws_checksum, G_TYPE_OBJECT)

static void
gaws_checksum_constructed (GObject *object)
{
  GawsChecksum *self = GAWS_CHECKSUM (object);

  G_OBJECT_CLASS (gaws_checksum_parent_class)->constructed (object);
  gaws_checksum_state_init (&self->state, self->state.algorithm);
}

static void
gaws_checksum_finalize (GObject *object)
{
  GawsChecksum *self = GAWS_CHECKSUM (object);

  gaws_checksum_state_clear (&self->state);
  G_OBJECT_CLASS (gaws_checksum_parent_class)->finalize (object);
}

/* A checksum lives for one upload or download, often inside a stream:
 * see gaws_object_dispose_unless_last(). */
static void
gaws_checksum_dispose (GObject *object)
{
  gaws_object_dispose_unless_last (object, gaws_checksum_parent_class);
}

/**
 * gaws_checksum_unref_held: (skip)
 * @self: a #GawsChecksum
 *
 * g_object_unref() for the checksum a stream keeps for itself (every
 * PutObject's aws-chunked stream has one): its last reference is dropped
 * by gaws_object_unref_plain().
 */
void
gaws_checksum_unref_held (GawsChecksum *self)
{
  gaws_object_unref_plain (self, gaws_checksum_dispose);
}

/* A new checksum that goes on from @state, which it takes over: @state is
 * left cleared (initialize it again to use it again). */
GawsChecksum *
gaws_checksum_new_taking_state (GawsChecksumState *state)
{
  GawsChecksum *self = gaws_checksum_new (state->algorithm);

  gaws_checksum_state_clear (&self->state);
  self->state = *state;
  state->hash = NULL;
  return self;
}

GawsChecksumState *
gaws_checksum_get_state (GawsChecksum *self)
{
  return &self->state;
}

/* Starts @sum (zeroed memory, or one already started: its own state is
 * dropped) over at nothing read. */
void
gaws_running_checksum_init (GawsRunningChecksum   *sum,
                            GawsChecksumAlgorithm  algorithm)
{
  gaws_checksum_state_clear (&sum->own);
  gaws_checksum_state_init (&sum->own, algorithm);
  sum->state = &sum->own;
}

GawsChecksum *
gaws_running_checksum_get_object (GawsRunningChecksum *sum)
{
  if (sum->object == NULL)
    {
      sum->object = gaws_checksum_new_taking_state (&sum->own);
      sum->state = gaws_checksum_get_state (sum->object);
    }
  return sum->object;
}

void
gaws_running_checksum_clear (GawsRunningChecksum *sum)
{
  gaws_checksum_state_clear (&sum->own);
  g_clear_pointer (&sum->object, gaws_checksum_unref_held);
  sum->state = NULL;
}

static void
gaws_checksum_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GawsChecksum *self = GAWS_CHECKSUM (object);

  switch (prop_id)
    {
    case PROP_ALGORITHM:
      g_value_set_enum (value, self->state.algorithm);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_checksum_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GawsChecksum *self = GAWS_CHECKSUM (object);

  switch (prop_id)
    {
    case PROP_ALGORITHM:
      self->state.algorithm = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_checksum_class_init (GawsChecksumClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gaws_checksum_constructed;
  object_class->dispose = gaws_checksum_dispose;
  object_class->finalize = gaws_checksum_finalize;
  object_class->get_property = gaws_checksum_get_property;
  object_class->set_property = gaws_checksum_set_property;

  /**
   * GawsChecksum:algorithm:
   *
   * The algorithm the checksum computes.
   */
  properties[PROP_ALGORITHM] =
    g_param_spec_enum ("algorithm", NULL, NULL, GAWS_TYPE_CHECKSUM_ALGORITHM,
                       GAWS_CHECKSUM_ALGORITHM_CRC32,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gaws_checksum_init (GawsChecksum *self)
{
}

/**
 * gaws_checksum_new:
 * @algorithm: the algorithm to compute
 *
 * Returns: (transfer full): a checksum of no data yet
 */
GawsChecksum *
gaws_checksum_new (GawsChecksumAlgorithm algorithm)
{
  g_return_val_if_fail (algorithm_is_valid (algorithm), NULL);
  return g_object_new (GAWS_TYPE_CHECKSUM, "algorithm", algorithm, NULL);
}

/**
 * gaws_checksum_copy:
 * @self: a #GawsChecksum
 *
 * Returns: (transfer full): a checksum in the same state as @self, that
 *   goes on independently
 */
GawsChecksum *
gaws_checksum_copy (GawsChecksum *self)
{
  GawsChecksum *copy;

  g_return_val_if_fail (GAWS_IS_CHECKSUM (self), NULL);
  copy = gaws_checksum_new (self->state.algorithm);
  copy->state.crc = self->state.crc;
  if (self->state.hash != NULL)
    {
      g_checksum_free (copy->state.hash);
      copy->state.hash = g_checksum_copy (self->state.hash);
    }
  return copy;
}

/**
 * gaws_checksum_get_algorithm:
 * @self: a #GawsChecksum
 *
 * Returns: the algorithm @self computes
 */
GawsChecksumAlgorithm
gaws_checksum_get_algorithm (GawsChecksum *self)
{
  g_return_val_if_fail (GAWS_IS_CHECKSUM (self), GAWS_CHECKSUM_ALGORITHM_CRC32);
  return self->state.algorithm;
}

/* ISA-L's crc32_gzip_refl() is zlib's crc32() (the same reflected
 * polynomial, inversions and chaining), folded with carry-less multiplies. */
static guint64
crc32_update (guint64 crc, const guint8 *data, gsize length)
{
#ifdef GAWS_HAVE_ISAL
  return crc32_gzip_refl ((uint32_t) crc, data, length);
#else
  return crc32_z ((uLong) crc, data, length);
#endif
}

/* gaws_checksum_update() for a state of one's own */
void
gaws_checksum_state_update (GawsChecksumState *state,
                            const guint8      *data,
                            gsize              length)
{
  if (length == 0)
    return;
  switch (state->algorithm)
    {
    case GAWS_CHECKSUM_ALGORITHM_CRC32:
      state->crc = crc32_update (state->crc, data, length);
      break;
    case GAWS_CHECKSUM_ALGORITHM_CRC32C:
      state->crc = gaws_crc32c_update ((guint32) state->crc, data, length);
      break;
    case GAWS_CHECKSUM_ALGORITHM_CRC64NVME:
      state->crc = gaws_crc64nvme_update (state->crc, data, length);
      break;
    case GAWS_CHECKSUM_ALGORITHM_SHA1:
    case GAWS_CHECKSUM_ALGORITHM_SHA256:
    case GAWS_CHECKSUM_ALGORITHM_SHA512:
    case GAWS_CHECKSUM_ALGORITHM_MD5:
    default:
      /* GChecksum takes a gssize: feed a huge buffer in pieces. */
      while (length > 0)
        {
          gsize n = MIN (length, (gsize) G_MAXSSIZE);
          g_checksum_update (state->hash, data, (gssize) n);
          data += n;
          length -= n;
        }
      break;
    }
}

/**
 * gaws_checksum_update:
 * @self: a #GawsChecksum
 * @data: (array length=length) (element-type guint8): the next bytes
 * @length: how many
 *
 * Feeds @data to the checksum. Digests taken before stay valid; the next
 * ones cover @data too.
 */
void
gaws_checksum_update (GawsChecksum *self,
                      const guint8 *data,
                      gsize         length)
{
  g_return_if_fail (GAWS_IS_CHECKSUM (self));
  g_return_if_fail (data != NULL || length == 0);

  gaws_checksum_state_update (&self->state, data, length);
}

/**
 * gaws_checksum_update_bytes:
 * @self: a #GawsChecksum
 * @bytes: the next bytes
 *
 * Like gaws_checksum_update(), for a #GBytes.
 */
void
gaws_checksum_update_bytes (GawsChecksum *self,
                            GBytes       *bytes)
{
  gsize size = 0;
  const guint8 *data;

  g_return_if_fail (bytes != NULL);
  data = g_bytes_get_data (bytes, &size);
  gaws_checksum_update (self, data, size);
}

/**
 * gaws_checksum_reset:
 * @self: a #GawsChecksum
 *
 * Forgets all the data fed so far, as when a request body is rewound for a
 * retry.
 */
void
gaws_checksum_reset (GawsChecksum *self)
{
  g_return_if_fail (GAWS_IS_CHECKSUM (self));
  gaws_checksum_state_reset (&self->state);
}

static void
put_be (guint8 *out, guint64 value, gsize length)
{
  for (gsize i = 0; i < length; i++)
    out[i] = (guint8) (value >> (8 * (length - 1 - i)));
}

/* Fills @out (digest_length bytes) with the digest so far. A GChecksum is
 * closed by reading its digest, so read a copy of it. */
static void
get_digest (const GawsChecksumState *state, guint8 *out)
{
  gsize length = algorithms[state->algorithm].digest_length;

  if (state->hash != NULL)
    {
      GChecksum *copy = g_checksum_copy (state->hash);
      g_checksum_get_digest (copy, out, &length);
      g_checksum_free (copy);
    }
  else
    put_be (out, state->crc, length);
}

/* The base64 of the digest so far into @out, NUL-terminated: room for
 * GAWS_CHECKSUM_BASE64_ROOM bytes. For the aws-chunked trailer, written
 * once a PutObject, without the allocation of a string to copy. */
void
gaws_checksum_state_write_base64 (const GawsChecksumState *state,
                                  char                    *out)
{
  guint8 digest[64];
  gint encode_state = 0, encode_save = 0;
  gsize n;

  get_digest (state, digest);
  n = g_base64_encode_step (digest, algorithms[state->algorithm].digest_length, FALSE, out, &encode_state,
                            &encode_save);
  n += g_base64_encode_close (FALSE, out + n, &encode_state, &encode_save);
  out[n] = '\0';
}

/* gaws_checksum_dup_base64() for a state of one's own */
char *
gaws_checksum_state_dup_base64 (const GawsChecksumState *state)
{
  guint8 digest[64];

  get_digest (state, digest);
  return g_base64_encode (digest, algorithms[state->algorithm].digest_length);
}

/**
 * gaws_checksum_dup_digest:
 * @self: a #GawsChecksum
 *
 * Returns: (transfer full): the raw digest of the data fed so far, a CRC in
 *   big-endian order
 */
GBytes *
gaws_checksum_dup_digest (GawsChecksum *self)
{
  guint8 digest[64];

  g_return_val_if_fail (GAWS_IS_CHECKSUM (self), NULL);
  get_digest (&self->state, digest);
  return g_bytes_new (digest, algorithms[self->state.algorithm].digest_length);
}

/**
 * gaws_checksum_dup_base64:
 * @self: a #GawsChecksum
 *
 * Returns: (transfer full): the base64 of the digest of the data fed so far,
 *   as the `x-amz-checksum-*` headers carry it
 */
char *
gaws_checksum_dup_base64 (GawsChecksum *self)
{
  g_return_val_if_fail (GAWS_IS_CHECKSUM (self), NULL);
  return gaws_checksum_state_dup_base64 (&self->state);
}

/* g_base64_decode() decodes anything; a value that is not base64 must
 * not happen to decode to the right digest. */
static gboolean
is_base64 (const char *text, gsize length)
{
  gsize data_length = length;

  if (length == 0 || length % 4 != 0)
    return FALSE;
  while (data_length > length - 2 && text[data_length - 1] == '=')
    data_length--;
  for (gsize i = 0; i < data_length; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '+' && text[i] != '/')
      return FALSE;
  return TRUE;
}

/* gaws_checksum_matches() for a state of one's own. Every validated
 * GetObject asks once, so the value is trimmed and decoded in place rather
 * than in a copy and a g_base64_decode() buffer: only the base64 of a
 * digest of the algorithm's length (one text length, with its padding)
 * can decode to one, the rest is told apart without decoding. */
gboolean
gaws_checksum_state_matches (const GawsChecksumState *state,
                             const char              *expected_base64)
{
  gsize digest_length = algorithms[state->algorithm].digest_length;
  const char *start = expected_base64, *end;
  guint8 expected[72];   /* g_base64_decode_step() writes up to 66 + 3 */
  guint8 digest[64];
  gint decode_state = 0;
  guint decode_save = 0;
  gsize length;

  while (g_ascii_isspace (*start))
    start++;
  end = start + strlen (start);
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  length = (gsize) (end - start);
  if (length != (digest_length + 2) / 3 * 4 || !is_base64 (start, length) ||
      g_base64_decode_step (start, length, expected, &decode_state, &decode_save) != digest_length)
    return FALSE;
  get_digest (state, digest);
  return memcmp (digest, expected, digest_length) == 0;
}

/**
 * gaws_checksum_matches:
 * @self: a #GawsChecksum
 * @expected_base64: a checksum value as a header carries it
 *
 * Compares digests, not text, so that surrounding blanks do not matter.
 * A composite checksum (`...-3`, of a multipart object) never matches: it
 * is not a checksum of the bytes.
 *
 * Returns: whether the digest of the data fed so far is @expected_base64
 */
gboolean
gaws_checksum_matches (GawsChecksum *self,
                       const char   *expected_base64)
{
  g_return_val_if_fail (GAWS_IS_CHECKSUM (self), FALSE);
  g_return_val_if_fail (expected_base64 != NULL, FALSE);

  return gaws_checksum_state_matches (&self->state, expected_base64);
}

/**
 * gaws_checksum_compute_base64:
 * @algorithm: the algorithm
 * @data: (array length=length) (element-type guint8): the data
 * @length: its length
 *
 * Returns: (transfer full): the base64 of the digest of @data
 */
char *
gaws_checksum_compute_base64 (GawsChecksumAlgorithm  algorithm,
                              const guint8          *data,
                              gsize                  length)
{
  g_autoptr(GawsChecksum) checksum = gaws_checksum_new (algorithm);

  g_return_val_if_fail (checksum != NULL, NULL);
  gaws_checksum_update (checksum, data, length);
  return gaws_checksum_dup_base64 (checksum);
}

/* Whether @name begins with `x-amz-checksum-`, in any case: inline, as
 * most names differ in their first bytes (`x-amz-request-id` at the
 * seventh), where a call would cost more than the compare. */
static gboolean
is_checksum_header (const char *name)
{
  static const char prefix[] = "x-amz-checksum-";

  for (gsize i = 0; i < sizeof prefix - 1; i++)
    {
      /* letters fold to lower case; '-' (and the end) must be exact */
      char c = prefix[i] == '-' ? name[i] : (char) (name[i] | 0x20);

      if (c != prefix[i])
        return FALSE;
    }
  return TRUE;
}

/* Whether a header's name begins with `x-amz-checksum-`, as only a
 * checksum's does. */
static gboolean
has_checksum_header (GawsHttpHeaders *headers)
{
  for (guint i = 0, n = gaws_http_headers_get_length (headers); i < n; i++)
    if (is_checksum_header (gaws_http_headers_get_name (headers, i)))
      return TRUE;
  return FALSE;
}

/**
 * gaws_checksum_find_in_headers:
 * @headers: the headers of a response
 * @out_algorithm: (out) (optional): return location for the algorithm
 * @out_value: (out) (optional) (transfer none): return location for the
 *   expected value, owned by @headers
 *
 * Picks the checksum to validate a response body against, as botocore
 * does: the first `x-amz-checksum-*` header in the order CRC64NVME,
 * CRC32C, CRC32, SHA1, SHA256 (then SHA512, MD5), skipping composite
 * values (`...-N`), which S3 gives for multipart objects and which cannot
 * be checked against the bytes.
 *
 * Returns: %TRUE if @headers carry a checksum that can be validated
 */
gboolean
gaws_checksum_find_in_headers (GawsHttpHeaders        *headers,
                               GawsChecksumAlgorithm  *out_algorithm,
                               const char            **out_value)
{
  g_return_val_if_fail (headers != NULL, FALSE);

  /* Most responses have no checksum at all: one walk through their
   * headers tells, rather than a look-up of each algorithm's. */
  if (!has_checksum_header (headers))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (response_priority); i++)
    {
      GawsChecksumAlgorithm algorithm = response_priority[i];
      const char *value = gaws_http_headers_get_one (headers, algorithms[algorithm].header);

      if (value == NULL || strchr (value, '-') != NULL)
        continue;
      if (out_algorithm)
        *out_algorithm = algorithm;
      if (out_value)
        *out_value = value;
      return TRUE;
    }
  return FALSE;
}
