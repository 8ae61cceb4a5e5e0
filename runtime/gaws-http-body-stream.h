/* gaws-http-body-stream.h: a response body fed by the HTTP engine
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GAWS_TYPE_HTTP_BODY_STREAM (gaws_http_body_stream_get_type ())
G_DECLARE_FINAL_TYPE (GawsHttpBodyStream, gaws_http_body_stream, GAWS, HTTP_BODY_STREAM, GInputStream)

gsize gaws_http_body_stream_get_high_water   (GawsHttpBodyStream *self);
void  gaws_http_body_stream_set_high_water   (GawsHttpBodyStream *self,
                                              gsize               high_water);
gsize gaws_http_body_stream_get_max_buffered (GawsHttpBodyStream *self);

#ifdef GAWS_COMPILATION
/* The engine's side of the stream; not part of the public API. The engine
 * pushes what curl hands it and calls finish once the transfer is over; the
 * stream calls back to let the transfer go on (resume) or to stop it early
 * (abort). Callbacks never run from inside a push. */
typedef struct {
  void (*resume) (gpointer transfer);
  void (*abort)  (gpointer transfer);
} GawsHttpBodyStreamFeed;

GawsHttpBodyStream *gaws_http_body_stream_new_for_feed (GMainContext                 *context,
                                                        GCancellable                 *cancellable,
                                                        gsize                         high_water,
                                                        const GawsHttpBodyStreamFeed *feed,
                                                        gpointer                      transfer);
void                gaws_http_body_stream_set_initial_high_water (GawsHttpBodyStream           *self,
                                                                  gsize                         high_water);
gboolean            gaws_http_body_stream_push         (GawsHttpBodyStream           *self,
                                                        const void                   *data,
                                                        gsize                         len);
void                gaws_http_body_stream_dispatch     (GawsHttpBodyStream           *self);
void                gaws_http_body_stream_finish       (GawsHttpBodyStream           *self,
                                                        GError                       *error);
#endif

G_END_DECLS
