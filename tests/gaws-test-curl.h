/* gaws-test-curl.h: plain libcurl requests, as a user of a presigned URL makes them
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gaws.h>

G_BEGIN_DECLS

guint gaws_test_curl_request   (const char         *method,
                                const char         *url,
                                const char * const *headers,
                                GBytes             *body,
                                GBytes            **out_body);
guint gaws_test_curl_post_form (const char         *url,
                                const char * const *names,
                                const char * const *values,
                                const char         *file_name,
                                GBytes             *file,
                                GBytes            **out_body);

G_END_DECLS
