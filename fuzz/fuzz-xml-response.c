/* fuzz-xml-response.c: libFuzzer target for the XML parser and the query,
 * ec2 and rest-xml response readers
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Build: CC=clang meson setup -Dfuzzing=true (see fuzz/meson.build).
 * Run: ./fuzz-xml-response -max_total_time=180 SCRATCH_CORPUS/ fuzz/corpus/xml-response
 *
 * The first input byte steers the run; the rest is the response body.
 *  - Bits 0-1: the codec (query, ec2, rest-xml).
 *  - Bit 2: an error response (parse_error) rather than a success.
 * What must hold, besides no crash, leak or sanitizer report:
 *  - a parsed document equals itself (gaws_xml_node_equal walks it all),
 *    and every node's text is as long as its text_length says;
 *  - an output read from a response serializes (rest-xml) to XML that
 *    parses again: the writer escapes whatever the reader let in.
 */
#include "gaws-error.h"
#include "gaws-protocol-query.h"
#include "gaws-protocol-rest-xml.h"
#include "gaws-protocol-xml.h"
#include "fuzz-protocol-tables.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_lengths (GawsXmlNode *node)
{
  if (strlen (node->text) != node->text_length || (node->n_children > 0 && node->children == NULL))
    abort ();
  for (guint i = 0; i < node->n_children; i++)
    check_lengths (node->children[i]);
}

static void
check_tree (const uint8_t *data,
            size_t         size)
{
  g_autoptr(GawsXmlNode) root = gaws_xml_parse ((const char *) data, size, NULL);

  if (root != NULL && !gaws_xml_node_equal (root, root))
    abort ();
  if (root != NULL)
    check_lengths (root);
}

static void
check_rewrite (GawsShape *output)
{
  const GawsProtocolCodec *codec = gaws_protocol_rest_xml_get_codec ();
  g_autoptr(GawsHttpRequest) request = codec->serialize (&fuzz_operations[0], output, NULL);
  g_autoptr(GawsXmlNode) again = NULL;
  GBytes *body;
  g_autoptr(GError) error = NULL;

  if (request == NULL || (body = gaws_http_request_get_body (request)) == NULL)
    return;
  again = gaws_xml_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  if (again == NULL)
    {
      g_printerr ("rest-xml wrote XML it cannot read: %s\n%.*s\n", error->message,
                  (int) g_bytes_get_size (body), (const char *) g_bytes_get_data (body, NULL));
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const GawsProtocolCodec *codecs[] = {
    gaws_protocol_query_get_codec (), gaws_protocol_ec2_get_codec (),
    gaws_protocol_rest_xml_get_codec (), gaws_protocol_rest_xml_get_codec (),
  };
  const GawsProtocolCodec *codec;
  g_autoptr(GawsHttpResponse) response = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  if (size < 1)
    return 0;
  codec = codecs[data[0] & 3];
  check_tree (data + 1, size - 1);
  response = gaws_http_response_new ((data[0] & 4) ? 400 : 200);
  gaws_http_headers_append (gaws_http_response_get_headers (response), "x-h", "12");
  body = g_bytes_new (data + 1, size - 1);
  gaws_http_response_set_body (response, body);
  if (data[0] & 4)
    {
      g_autofree char *code = NULL, *message = NULL;
      g_autoptr(GawsShape) shape = NULL;

      if (codec->parse_error (&fuzz_operations[0], response, &code, &message, &shape, &error) &&
          (code == NULL || message == NULL))
        abort ();
    }
  else
    {
      g_autoptr(GawsShape) output = codec->deserialize (&fuzz_operations[0], response, &error);

      if ((output == NULL) == (error == NULL))
        abort ();
      if (output != NULL)
        check_rewrite (output);
    }
  return 0;
}
