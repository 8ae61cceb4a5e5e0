/* gaws-protocol-cbor.h: CBOR (RFC 8949) and the Smithy RPC v2 CBOR protocol
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <jansson.h>
#include "gaws-protocol-codec.h"

G_BEGIN_DECLS

/**
 * GawsCborType:
 * @GAWS_CBOR_TYPE_INTEGER: major types 0 and 1
 * @GAWS_CBOR_TYPE_BYTES: a byte string
 * @GAWS_CBOR_TYPE_TEXT: a text string
 * @GAWS_CBOR_TYPE_ARRAY: an array
 * @GAWS_CBOR_TYPE_MAP: a map
 * @GAWS_CBOR_TYPE_TAG: a tagged item
 * @GAWS_CBOR_TYPE_BOOLEAN: `true` or `false`
 * @GAWS_CBOR_TYPE_NULL: `null`
 * @GAWS_CBOR_TYPE_UNDEFINED: `undefined` and other simple values
 * @GAWS_CBOR_TYPE_FLOAT: a half, single or double float
 *
 * The type of a decoded CBOR item.
 */
typedef enum {
  GAWS_CBOR_TYPE_INTEGER,
  GAWS_CBOR_TYPE_BYTES,
  GAWS_CBOR_TYPE_TEXT,
  GAWS_CBOR_TYPE_ARRAY,
  GAWS_CBOR_TYPE_MAP,
  GAWS_CBOR_TYPE_TAG,
  GAWS_CBOR_TYPE_BOOLEAN,
  GAWS_CBOR_TYPE_NULL,
  GAWS_CBOR_TYPE_UNDEFINED,
  GAWS_CBOR_TYPE_FLOAT,
} GawsCborType;

typedef struct _GawsCborItem GawsCborItem;

/**
 * GawsCborItem:
 * @type: a #GawsCborType
 * @negative: for integers, whether the value is -1 - @uint
 * @uint: an integer's magnitude, a tag's number, a boolean's value
 * @number: a float's value
 * @data: the bytes of a byte or text string (text is not NUL-terminated)
 * @items: (element-type GawsCborItem): an array's items, a map's keys and
 *   values alternating, or a tag's one item
 *
 * One decoded CBOR item.
 */
struct _GawsCborItem {
  GawsCborType  type;
  gboolean      negative;
  guint64       uint;
  double        number;
  GByteArray   *data;
  GPtrArray    *items;
};

GawsCborItem            *gaws_cbor_decode           (const guint8  *data,
                                                     gsize          length,
                                                     GError       **error);
void                     gaws_cbor_item_free        (GawsCborItem  *item);
json_t                  *gaws_cbor_item_to_json     (GawsCborItem  *item);

const GawsProtocolCodec *gaws_protocol_rpc_v2_cbor_get_codec (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GawsCborItem, gaws_cbor_item_free)

G_END_DECLS
