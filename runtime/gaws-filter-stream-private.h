/* gaws-filter-stream-private.h: what the runtime's filter input streams share
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Private to libgaws: not installed, not part of the API. The checksum and
 * aws-chunked streams transform what they read, so they read, skip and close
 * their base stream themselves, and can only seek back to their start.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * GawsFilterStreamResetFunc:
 * @seekable: the stream whose base stream was just rewound
 *
 * Takes the state of @seekable back to its start.
 */
typedef void (*GawsFilterStreamResetFunc) (GSeekable *seekable);

void      gaws_filter_stream_class_init   (GInputStreamClass    *stream_class);
void      gaws_filter_stream_dispose      (GObject              *object,
                                           gpointer              parent_class);

/**
 * GawsFilterStreamClearFunc:
 * @object: a stream being kept as a spare
 *
 * Frees what the stream's class holds (what its finalize would) and
 * leaves its fields as its instance init does.
 */
typedef void (*GawsFilterStreamClearFunc) (GObject *object);

/* A GPrivate naming kept streams of one class:
 *   static GPrivate spare = GAWS_FILTER_STREAM_SPARE_INIT;  */
#define GAWS_FILTER_STREAM_SPARE_INIT G_PRIVATE_INIT (gaws_filter_stream_free_spare)

void      gaws_filter_stream_free_spare   (gpointer              stream);
gboolean  gaws_filter_stream_recycle_last (GObject              *object,
                                           GPrivate             *spare,
                                           GawsFilterStreamClearFunc clear);
gpointer  gaws_filter_stream_take_spare   (GPrivate             *spare,
                                           GInputStream         *base_stream);
void      gaws_filter_stream_unref        (gpointer              stream,
                                           GPrivate             *spare,
                                           GawsFilterStreamClearFunc clear);

goffset   gaws_filter_stream_tell_base    (GFilterInputStream   *stream);
gboolean  gaws_filter_stream_rewind       (GSeekable            *seekable,
                                           goffset               position,
                                           goffset               base_start,
                                           goffset               offset,
                                           GSeekType             type,
                                           const char           *refusal,
                                           GawsFilterStreamResetFunc reset,
                                           GCancellable         *cancellable,
                                           GError              **error);
void      gaws_filter_stream_seekable_init (GSeekableIface      *iface);

G_END_DECLS
