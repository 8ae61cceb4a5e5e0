/* fuzz-cbor-response.c: libFuzzer target for the CBOR decoder and the
 * rpc-v2-cbor response reader
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Build: CC=clang meson setup -Dfuzzing=true (see fuzz/meson.build).
 * Run: ./fuzz-cbor-response -max_total_time=180 SCRATCH_CORPUS/ fuzz/corpus/cbor-response
 *
 * The first input byte steers the run; the rest is the response body.
 *  - Bit 0: an error response (parse_error) rather than a success.
 * What must hold, besides no crash, leak or sanitizer report:
 *  - a decoded item converts to JSON;
 *  - an output read from a response, serialized again and read back, is
 *    the same output: encoder and decoder agree.
 */
#include "gaws-error.h"
#include "gaws-protocol-cbor.h"
#include "gaws-shape-json.h"
#include "fuzz-protocol-tables.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_round_trip (const GawsProtocolCodec *codec,
                  GawsShape               *output)
{
  g_autoptr(GawsHttpRequest) request = codec->serialize (&fuzz_operations[0], output, NULL);
  g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200);
  g_autoptr(GawsShape) again = NULL;
  g_autoptr(GError) error = NULL;
  json_t *a, *b;

  gaws_http_response_set_body (response, gaws_http_request_get_body (request));
  again = codec->deserialize (&fuzz_operations[0], response, &error);
  if (again == NULL)
    {
      g_printerr ("rpc-v2-cbor wrote CBOR it cannot read: %s\n", error->message);
      abort ();
    }
  a = gaws_shape_to_json (output, GAWS_SHAPE_JSON_DEFAULT);
  b = gaws_shape_to_json (again, GAWS_SHAPE_JSON_DEFAULT);
  if (!json_equal (a, b))
    {
      char *ta = json_dumps (a, JSON_ENCODE_ANY), *tb = json_dumps (b, JSON_ENCODE_ANY);

      g_printerr ("round trip differs:\n  %s\n  %s\n", ta, tb);
      abort ();
    }
  json_decref (a);
  json_decref (b);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const GawsProtocolCodec *codec = gaws_protocol_rpc_v2_cbor_get_codec ();
  g_autoptr(GawsCborItem) item = NULL;
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  if (size < 1)
    return 0;
  item = gaws_cbor_decode (data + 1, size - 1, NULL);
  if (item != NULL)
    json_decref (gaws_cbor_item_to_json (item));
  response = gaws_http_response_new ((data[0] & 1) ? 400 : 200);
  body = g_bytes_new (data + 1, size - 1);
  gaws_http_response_set_body (response, body);
  if (data[0] & 1)
    {
      g_autofree char *code = NULL, *message = NULL;
      g_autoptr(GawsShape) shape = NULL;

      if (!codec->parse_error (&fuzz_operations[0], response, &code, &message, &shape, &error) || code == NULL)
        abort ();
    }
  else
    {
      g_autoptr(GawsShape) output = codec->deserialize (&fuzz_operations[0], response, &error);

      if ((output == NULL) == (error == NULL))
        abort ();
      if (output != NULL)
        check_round_trip (codec, output);
    }
  return 0;
}
