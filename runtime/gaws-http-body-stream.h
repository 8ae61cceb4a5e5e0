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

void   gaws_http_body_stream_splice_to_pollable_async  (GawsHttpBodyStream     *self,
                                                        GPollableOutputStream  *sink,
                                                        GCancellable           *cancellable,
                                                        GAsyncReadyCallback     callback,
                                                        gpointer                user_data);
gssize gaws_http_body_stream_splice_to_pollable_finish (GawsHttpBodyStream     *self,
                                                        GAsyncResult           *result,
                                                        GError                **error);

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

/* Completes a read begun with gaws_http_body_stream_read_for_task(): @n
 * bytes, or -1 and @error (owned); takes @task's reference. */
typedef void (*GawsHttpBodyStreamReadDone) (GTask *task, gssize n, GError *error);

void                gaws_http_body_stream_read_for_task (GawsHttpBodyStream         *self,
                                                         void                       *buffer,
                                                         gsize                       count,
                                                         GTask                      *task,
                                                         GawsHttpBodyStreamReadDone  done);

/* Watches a splice: @data sees each run of bytes the sink took, in order,
 * possibly from inside a push (it may only look at them, e.g. hash them);
 * @progress is told how many bytes the sink took since it was last told,
 * never from inside a push. Either may be NULL. */
typedef struct {
  void (*data)     (gpointer user_data, const void *data, gsize len);
  void (*progress) (gpointer user_data, gsize len);
} GawsHttpBodyStreamSpliceObserver;

void                gaws_http_body_stream_splice_to_pollable_full_async (GawsHttpBodyStream                     *self,
                                                                         GPollableOutputStream                  *sink,
                                                                         guint64                                 limit,
                                                                         const GawsHttpBodyStreamSpliceObserver *observer,
                                                                         gpointer                                observer_data,
                                                                         GCancellable                           *cancellable,
                                                                         GAsyncReadyCallback                     callback,
                                                                         gpointer                                user_data);
gboolean            gaws_http_body_stream_splice_body_failed            (GawsHttpBodyStream                     *self);
#endif

G_END_DECLS
