/* gaws-http-request-private.h: a slot on GawsHttpRequest for libgaws
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Private to libgaws: not installed, not part of the API. The S3
 * customizations note what they found on every request they prepare; a
 * field of the request's own holds it without the qdata entry (a datalist
 * allocation and its bit locks) g_object_set_qdata_full() would cost.
 * The REST serializer encodes URI labels straight into the path it builds.
 */
#pragma once

#include "gaws-http-request.h"

G_BEGIN_DECLS

/* (nullable): what was last given to gaws_http_request_set_note() */
gpointer gaws_http_request_get_note (GawsHttpRequest *request);
/* Puts @note on @request, freed with @free_note (nullable) when replaced
 * or when @request is finalized; a note already there is freed first. */
void     gaws_http_request_set_note (GawsHttpRequest *request,
                                     gpointer         note,
                                     GDestroyNotify   free_note);

/* gaws_uri_encode() in two steps, for callers that write it in place:
 * the length of the encoded @text, and @text written encoded at @out
 * (without a terminator), which returns the end. */
gsize    gaws_uri_encoded_length    (const char      *text,
                                     gboolean         encode_slash);
char    *gaws_uri_encode_to         (char            *out,
                                     const char      *text,
                                     gboolean         encode_slash);

G_END_DECLS
