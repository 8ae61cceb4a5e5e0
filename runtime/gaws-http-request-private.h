/* gaws-http-request-private.h: a slot on GawsHttpRequest for libgaws
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Private to libgaws: not installed, not part of the API. The runtime
 * recycles the requests it alone holds. The S3
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

/* Recycling (see gaws-http-request.c): a request the runtime made for
 * itself and never hands out is marked; whichever of its holders drops
 * the last reference gives it to gaws_http_request_release(), which resets
 * it and keeps it in this thread for the next gaws_http_request_new(). A
 * reference held elsewhere (a caller's, an error's) keeps it from being
 * recycled; nothing may be on a marked request without a reference of its
 * own (qdata, weak references, signal handlers): a reset keeps none. */
void     gaws_http_request_set_recyclable (GawsHttpRequest *request);
/* Drops the caller's reference (@request nullable): recycles @request
 * when it is marked and the reference is the last, else unrefs it. */
void     gaws_http_request_release        (GawsHttpRequest *request);

/* gaws_http_request_dup_authority() appended to @out, without printf or
 * an allocation of its own: for the URLs and Host headers the HTTP engine
 * writes for every request. */
void     gaws_http_request_append_authority (GawsHttpRequest *request,
                                             GString         *out);

/* For the holders of a marked request: g_autoptr(GawsHttpRequestOwned)
 * drops the reference with gaws_http_request_release(). */
typedef GawsHttpRequest GawsHttpRequestOwned;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GawsHttpRequestOwned, gaws_http_request_release)

/* gaws_uri_encode() in two steps, for callers that write it in place:
 * the length of the encoded @text, and @text written encoded at @out
 * (without a terminator), which returns the end. */
gsize    gaws_uri_encoded_length    (const char      *text,
                                     gboolean         encode_slash);
char    *gaws_uri_encode_to         (char            *out,
                                     const char      *text,
                                     gboolean         encode_slash);

G_END_DECLS
