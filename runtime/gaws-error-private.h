/* gaws-error-private.h: what the runtime keeps in a GAWS_ERROR error for itself
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Private to libgaws: not installed, not part of the API.
 */
#pragma once

#include "gaws-error.h"
#include "gaws-http-response.h"

G_BEGIN_DECLS

/* The transport turns an error response into a GError before anybody knows
 * which operation's model should read it; the response rides along in the
 * error until the operation layer takes it (transfer full) to parse the
 * modelled exception. */
void              gaws_error_set_response   (GError           *error,
                                             GawsHttpResponse *response);
GawsHttpResponse *gaws_error_steal_response (GError           *error);

G_END_DECLS
