/* fuzz-event-stream-decoder.c: libFuzzer target for GawsEventStreamDecoder
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Build: CC=clang meson setup -Dfuzzing=true (see fuzz/meson.build), or
 * by hand from the top folder, with the runtime files it needs:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iruntime \
 *     fuzz/fuzz-event-stream-decoder.c runtime/gaws-event-stream-[a-z]*.c \
 *     runtime/gaws-error.c runtime/gaws-service-error.c runtime/gaws-credentials.c \
 *     runtime/gaws-http-headers.c runtime/gaws-http-response.c \
 *     $(pkg-config --cflags --libs gio-2.0 jansson zlib)
 * Run: ./fuzz-event-stream-decoder -max_total_time=120 /tmp/scratch fuzz/corpus/event-stream-decoder/
 *
 * The first input byte steers the run; the rest is the stream.
 *  - Bit 0 set: before decoding, the CRCs of every frame the lengths
 *    describe are made right, so that mutations reach the header parser
 *    instead of dying at the prelude CRC nearly every time.
 *  - Bits 1-7: the size of the chunks the stream is fed in (1 to 128).
 * What must hold, besides no crash, leak or sanitizer report:
 *  - every message decoded re-encodes to exactly the bytes it came from
 *    (the frames before the decoder's offset), so the decoder accepts only
 *    what the encoder writes and loses nothing;
 *  - a decoder that failed stays failed, with the same error.
 */
#include "gaws-error.h"
#include "gaws-event-stream-decoder.h"
#include "gaws-event-stream-encoder.h"
#include "gaws-event-stream-message.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guint32
get_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
set_be32 (guint8 *p, guint32 value)
{
  p[0] = (guint8) (value >> 24);
  p[1] = (guint8) (value >> 16);
  p[2] = (guint8) (value >> 8);
  p[3] = (guint8) value;
}

/* A plain bitwise CRC32, so the harness shares no code with the decoder. */
static guint32
crc32_of (const guint8 *data, gsize len)
{
  guint32 crc = 0xffffffffu;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
  return ~crc;
}

static void
fix_crcs (guint8 *stream, gsize len)
{
  gsize pos = 0;

  while (len - pos >= 16)
    {
      guint32 total = get_be32 (stream + pos);

      set_be32 (stream + pos + 8, crc32_of (stream + pos, 8));
      if (total < 16 || total > len - pos)
        return;
      set_be32 (stream + pos + total - 4, crc32_of (stream + pos, total - 4));
      pos += total;
    }
}

static void
exercise (GawsEventStreamMessage *message)
{
  GError *error = gaws_event_stream_message_to_error (message);

  g_clear_error (&error);
  gaws_event_stream_message_get_message_type (message);
  gaws_event_stream_message_get_event_type (message);
  for (guint i = 0; i < gaws_event_stream_message_get_n_headers (message); i++)
    {
      GawsEventStreamHeaderType type;
      const char *name = gaws_event_stream_message_get_header_name (message, i);

      if (!gaws_event_stream_message_get_header_type (message, name, &type))
        abort ();
    }
}

/* Re-encodes each message and compares it with the stream's bytes. */
static void
check_messages (GawsEventStreamDecoder *decoder, GawsEventStreamEncoder *encoder,
                const guint8 *stream, gsize *checked)
{
  GawsEventStreamMessage *message;

  while ((message = gaws_event_stream_decoder_pop (decoder)) != NULL)
    {
      GError *error = NULL;
      GBytes *again = gaws_event_stream_encoder_encode (encoder, message, NULL, &error);
      gsize len = 0;
      const guint8 *bytes;

      if (again == NULL)
        abort ();
      bytes = g_bytes_get_data (again, &len);
      if (*checked + len > gaws_event_stream_decoder_get_offset (decoder) ||
          memcmp (bytes, stream + *checked, len) != 0)
        abort ();
      *checked += len;
      exercise (message);
      g_bytes_unref (again);
      g_object_unref (message);
    }
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* A critical is a broken precondition inside the runtime: a finding. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GawsEventStreamDecoder *decoder;
  GawsEventStreamEncoder *encoder;
  GError *error = NULL;
  guint8 *stream;
  gsize len, chunk, checked = 0;
  gboolean ok = TRUE;

  if (size < 1)
    return 0;
  len = size - 1;
  stream = g_memdup2 (data + 1, len);
  if (data[0] & 1)
    fix_crcs (stream, len);
  chunk = (gsize) (data[0] >> 1) + 1;

  decoder = gaws_event_stream_decoder_new ();
  encoder = gaws_event_stream_encoder_new ();
  for (gsize pos = 0; pos < len && ok; pos += chunk)
    {
      ok = gaws_event_stream_decoder_feed (decoder, stream + pos, MIN (chunk, len - pos), &error);
      check_messages (decoder, encoder, stream, &checked);
    }
  if (ok)
    ok = gaws_event_stream_decoder_end (decoder, &error);
  if (ok != (error == NULL))
    abort ();
  if (ok && checked != len)
    abort ();
  if (!ok)
    {
      GError *again = NULL;

      if (error->domain != GAWS_ERROR || error->code != GAWS_ERROR_PROTOCOL)
        abort ();
      if (gaws_event_stream_decoder_feed (decoder, stream, len, &again) ||
          again == NULL || strcmp (again->message, error->message) != 0)
        abort ();
      g_clear_error (&again);
    }
  if (checked != gaws_event_stream_decoder_get_offset (decoder))
    abort ();

  g_clear_error (&error);
  g_object_unref (encoder);
  g_object_unref (decoder);
  g_free (stream);
  return 0;
}
