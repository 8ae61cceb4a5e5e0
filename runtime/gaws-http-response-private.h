/* gaws-http-response-private.h: recycling of GawsHttpResponse (private)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Private to libgaws: not installed, not part of the API. As requests are
 * (gaws-http-request-private.h): a response only the runtime holds is
 * marked, and its last holder gives it to gaws_http_response_release(),
 * which resets it and keeps it in this thread for the next
 * gaws_http_response_new(). A response a caller or an error references is
 * not recycled while they do; nothing may be on a marked response without
 * a reference of its own (qdata, weak references, signal handlers).
 */
#pragma once

#include "gaws-http-response.h"

G_BEGIN_DECLS

void gaws_http_response_set_recyclable (GawsHttpResponse *response);
/* Drops the caller's reference (@response nullable): recycles @response
 * when it is marked and the reference is the last, else unrefs it. */
void gaws_http_response_release        (GawsHttpResponse *response);

/* g_autoptr(GawsHttpResponseOwned) drops with gaws_http_response_release(). */
typedef GawsHttpResponse GawsHttpResponseOwned;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GawsHttpResponseOwned, gaws_http_response_release)

G_END_DECLS
