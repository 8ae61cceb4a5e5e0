/* gaws-http-engine-private.h: the engine's send without a GTask
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-http-engine.h"

G_BEGIN_DECLS

/* What gaws_http_engine_send_direct() calls once, when the send is over:
 * @response (transfer full) or @error (transfer full), the other NULL.
 * Always from a source of the engine's context, never from inside the
 * call that started the send. */
typedef void (*GawsHttpEngineSendDone) (GawsHttpResponse *response,
                                        GError           *error,
                                        gpointer          data);

/* gaws_http_engine_send_with_flags_async() without its GTask (a GObject
 * per request, a measurable share of a small one): the same send, the
 * outcome handed to @done. Same thread and context rules. Exported, as
 * the body stream's engine side is, so that tests/test-http-engine.c can
 * check the callback rules; this header is not installed. */
void gaws_http_engine_send_direct (GawsHttpEngine         *self,
                                   GawsHttpRequest        *request,
                                   GawsHttpBodyMode        mode,
                                   guint                   timeout_ms,
                                   GawsHttpSendFlags       flags,
                                   GCancellable           *cancellable,
                                   GawsHttpEngineSendDone  done,
                                   gpointer                data);

/* Sets a new connection's socket up (see gaws-http-engine.c): exported
 * for tests/test-http-engine.c. */
gboolean gaws_http_engine_prepare_socket (int fd);

G_END_DECLS
