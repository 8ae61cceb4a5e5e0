/* gaws-protocol-codec.c: the table of wire protocols
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-protocol-codec.h"

#include <string.h>
#include "gaws-protocol-cbor.h"
#include "gaws-protocol-json.h"
#include "gaws-protocol-query.h"
#include "gaws-protocol-rest-xml.h"

typedef const GawsProtocolCodec *(*CodecGetter) (void);

/* In botocore's order of preference (PRIORITY_ORDERED_SUPPORTED_PROTOCOLS),
 * which decides for services that list several protocols. */
static const CodecGetter codecs[] = {
  gaws_protocol_json_get_codec,
  gaws_protocol_rest_json_get_codec,
  gaws_protocol_rest_xml_get_codec,
  gaws_protocol_rpc_v2_cbor_get_codec,
  gaws_protocol_query_get_codec,
  gaws_protocol_ec2_get_codec,
};

/* The names of codecs[], in its order (test-protocols checks that each
 * name finds the codec of that name): every call looks its service's
 * protocol up (twice: request and response), and comparing with these
 * rather than with each codec's own name is no call to a getter and no
 * read of a codec's struct (in a file and on a cache line of its own)
 * for every codec it is not. */
static const char *const codec_names[] = {
  "json", "rest-json", "rest-xml", "smithy-rpc-v2-cbor", "query", "ec2",
};

G_STATIC_ASSERT (G_N_ELEMENTS (codec_names) == G_N_ELEMENTS (codecs));

static inline gboolean
same_name (const char *a,
           const char *b)
{
  return a[0] == b[0] && strcmp (a, b) == 0;
}

static gboolean
service_speaks (const GawsServiceInfo *service, const char *protocol)
{
  for (guint i = 0; service->protocols[i] != NULL; i++)
    if (same_name (service->protocols[i], protocol))
      return TRUE;
  return FALSE;
}

/**
 * gaws_protocol_codec_lookup:
 * @protocol: a protocol name from a model's metadata
 *
 * Returns: (nullable): the codec of @protocol, or %NULL when the runtime
 *   does not speak it
 */
const GawsProtocolCodec *
gaws_protocol_codec_lookup (const char *protocol)
{
  for (gsize i = 0; protocol != NULL && i < G_N_ELEMENTS (codecs); i++)
    if (same_name (codec_names[i], protocol))
      return codecs[i] ();
  return NULL;
}

/**
 * gaws_protocol_codec_for_service:
 * @service: a #GawsServiceInfo
 *
 * Services such as CloudWatch list several protocols; as in botocore, the
 * one that comes first in the runtime's order of preference wins (JSON for
 * CloudWatch, whose model lists `smithy-rpc-v2-cbor`, `json`, `query`).
 *
 * Returns: (nullable): the codec to talk to @service with, or %NULL
 */
const GawsProtocolCodec *
gaws_protocol_codec_for_service (const GawsServiceInfo *service)
{
  for (gsize i = 0; i < G_N_ELEMENTS (codecs); i++)
    if (service_speaks (service, codec_names[i]))
      return codecs[i] ();
  return NULL;
}
