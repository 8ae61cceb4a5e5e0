/* gaws-http-headers-private.h: the lines of a header list, for the signer, and
 * lists of recycled requests (private)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-http-headers.h"

G_BEGIN_DECLS

/* One header as the list keeps it: the value follows the name's NUL in
 * the same run of text, and both lengths are known. */
typedef struct {
  const char *name;
  guint32     name_len;   /* look-ups are rejected on the length ... */
  guint32     tail;       /* ... or the last bytes (gaws-http-headers.c) */
  guint32     value_len;
} GawsHttpHeaderLine;

static inline const char *
gaws_http_header_line_get_value (const GawsHttpHeaderLine *line)
{
  return line->name + line->name_len + 1;
}

G_GNUC_INTERNAL void gaws_http_headers_append_line (GawsHttpHeaders *headers,
                                                    const char      *line,
                                                    gsize            name_len,
                                                    gsize            value_at,
                                                    gsize            value_len);

G_GNUC_INTERNAL const GawsHttpHeaderLine *gaws_http_headers_peek_lines (GawsHttpHeaders *headers,
                                                                       guint           *n_lines);

/* @headers (taken) emptied when nothing else holds it, else a new list:
 * for a request or response being reset for another call, whose old
 * headers an output's metadata may still hold. */
G_GNUC_INTERNAL GawsHttpHeaders *gaws_http_headers_recycle (GawsHttpHeaders *headers);

/* %FALSE, with @error set (%GAWS_ERROR_INVALID_ARGUMENT), if a name or a
 * value of @headers cannot go on the wire as it is. */
G_GNUC_INTERNAL gboolean gaws_http_headers_check_sendable (GawsHttpHeaders *headers,
                                                           GError         **error);

G_END_DECLS
