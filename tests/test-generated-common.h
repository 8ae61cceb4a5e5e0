/* test-generated-common.h: what the tests of the generated clients against
 * moto share: one moto per test program, with signature checking on, and
 * an IAM user whose key signs every call
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gaws.h>
#include <jansson.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

void              tg_moto_start  (void);
void              tg_moto_stop   (void);
GawsSession      *tg_new_session (void);
GawsClientConfig *tg_new_config  (void);
const char       *tg_moto_url    (void);

void              tg_fill        (gpointer    shape,
                                  const char *json);
json_t           *tg_to_json     (gpointer    shape);
const char       *tg_json_string (json_t     *root,
                                  const char *path);

G_END_DECLS
