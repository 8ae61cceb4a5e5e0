/* gaws-session-private.h: what the runtime asks a session for
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-session.h"

G_BEGIN_DECLS

GawsCredentials *gaws_session_dup_explicit_credentials (GawsSession *self);
G_GNUC_INTERNAL GawsCredentials *gaws_session_peek_credentials (GawsSession *self);

G_END_DECLS
