/* gaws-test-emulator.h: an AWS emulator process on a free loopback port
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gaws.h>

G_BEGIN_DECLS

/**
 * GawsTestEmulatorKind:
 * @GAWS_TEST_EMULATOR_MOTO: moto_server from the machine's python3, through
 *   tests/moto-server-patched.py unless `GAWS_MOTO_SERVER` names another program
 * @GAWS_TEST_EMULATOR_DYNALITE: dynalite (DynamoDB) from tools/npm
 * @GAWS_TEST_EMULATOR_S3RVER: s3rver (S3) from tools/npm
 */
typedef enum {
  GAWS_TEST_EMULATOR_MOTO,
  GAWS_TEST_EMULATOR_DYNALITE,
  GAWS_TEST_EMULATOR_S3RVER,
} GawsTestEmulatorKind;

typedef struct _GawsTestEmulator GawsTestEmulator;

GawsTestEmulator *gaws_test_emulator_start    (GawsTestEmulatorKind  kind,
                                               const char           *const *environment);
const char       *gaws_test_emulator_get_url  (GawsTestEmulator     *emulator);
guint16           gaws_test_emulator_get_port (GawsTestEmulator     *emulator);
void              gaws_test_emulator_stop     (GawsTestEmulator     *emulator);

G_END_DECLS
