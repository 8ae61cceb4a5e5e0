/* gaws-aws-chunked-input-stream-private.h: GawsAwsChunkedInputStream for the runtime (private)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

G_GNUC_INTERNAL void gaws_aws_chunked_input_stream_unref_body (GInputStream *body);

G_END_DECLS
