/* gaws-http-headers.h: an ordered, case-insensitive list of HTTP headers
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GAWS_TYPE_HTTP_HEADERS (gaws_http_headers_get_type ())

typedef struct _GawsHttpHeaders GawsHttpHeaders;

GType             gaws_http_headers_get_type   (void) G_GNUC_CONST;
GawsHttpHeaders  *gaws_http_headers_new        (void);
GawsHttpHeaders  *gaws_http_headers_ref        (GawsHttpHeaders *headers);
void              gaws_http_headers_unref      (GawsHttpHeaders *headers);
void              gaws_http_headers_append     (GawsHttpHeaders *headers,
                                                const char      *name,
                                                const char      *value);
void              gaws_http_headers_append_len (GawsHttpHeaders *headers,
                                                const char      *name,
                                                gsize            name_len,
                                                const char      *value,
                                                gsize            value_len);
void              gaws_http_headers_replace    (GawsHttpHeaders *headers,
                                                const char      *name,
                                                const char      *value);
void              gaws_http_headers_remove     (GawsHttpHeaders *headers,
                                                const char      *name);
void              gaws_http_headers_clear      (GawsHttpHeaders *headers);
const char       *gaws_http_headers_get_one    (GawsHttpHeaders *headers,
                                                const char      *name);
guint             gaws_http_headers_get_length (GawsHttpHeaders *headers);
const char       *gaws_http_headers_get_name   (GawsHttpHeaders *headers,
                                                guint            index);
const char       *gaws_http_headers_get_value  (GawsHttpHeaders *headers,
                                                guint            index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GawsHttpHeaders, gaws_http_headers_unref)

G_END_DECLS
