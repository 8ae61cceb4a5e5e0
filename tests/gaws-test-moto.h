/* gaws-test-moto.h: a moto_server for one test program, on a free loopback port
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gaws.h>

G_BEGIN_DECLS

typedef struct _GawsTestMoto GawsTestMoto;

/* The unsigned requests gaws_test_moto_create_admin_user() makes: start moto
 * with this no-auth count (or more) to have signatures checked after it. */
#define GAWS_TEST_MOTO_ADMIN_USER_ACTIONS 3

GawsTestMoto     *gaws_test_moto_start       (guint         no_auth_action_count);
const char       *gaws_test_moto_get_url     (GawsTestMoto *moto);
GawsSession      *gaws_test_moto_new_session (GawsTestMoto *moto,
                                              const char   *access_key_id,
                                              const char   *secret_access_key);
GawsClientConfig *gaws_test_moto_new_config  (GawsTestMoto *moto);
void              gaws_test_moto_create_admin_user (GawsTestMoto *moto,
                                                    const char   *user_name,
                                                    char        **access_key_id,
                                                    char        **secret_access_key);
void              gaws_test_moto_reset       (GawsTestMoto *moto);
void              gaws_test_moto_stop        (GawsTestMoto *moto);

G_END_DECLS
