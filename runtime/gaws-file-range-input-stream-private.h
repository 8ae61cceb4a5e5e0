/* gaws-file-range-input-stream-private.h: a byte range of a regular file, read with pread()
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Private to libgaws: not installed, not part of the API. The S3 transfer
 * manager gives each part of a file it uploads one of these as its body:
 * the HTTP engine reads a pollable, seekable body straight into curl's
 * buffer, so the part's bytes are copied once, from the page cache, as
 * `curl -T` does, and a retried part seeks back and reads the file again.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GAWS_TYPE_FILE_RANGE_INPUT_STREAM (gaws_file_range_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (GawsFileRangeInputStream, gaws_file_range_input_stream, GAWS, FILE_RANGE_INPUT_STREAM,
                      GInputStream)

GInputStream *gaws_file_range_input_stream_new        (int                        fd,
                                                       goffset                    offset,
                                                       goffset                    length,
                                                       GError                   **error);
goffset       gaws_file_range_input_stream_get_offset (GawsFileRangeInputStream  *self);
goffset       gaws_file_range_input_stream_get_length (GawsFileRangeInputStream  *self);

G_END_DECLS
