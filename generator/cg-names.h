/* cg-names.h: every name gaws-codegen emits, computed in one place
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * CgNameKind:
 * @CG_NAME_SHAPE: a shape's snake name, the middle of its C names
 * @CG_NAME_MEMBER: a member's snake name, in its accessors and property
 * @CG_NAME_OPERATION: an operation's snake name, in the client's methods
 * @CG_NAME_ENUM_VALUE: an enum value's upper-case name, in its constant
 * @CG_NAME_WAITER: a waiter's snake name, in the client's constructor of it
 *
 * What a name is for: collisions differ by kind.
 */
typedef enum {
  CG_NAME_SHAPE,
  CG_NAME_MEMBER,
  CG_NAME_OPERATION,
  CG_NAME_ENUM_VALUE,
  CG_NAME_WAITER,
} CgNameKind;

char       *cg_names_xform         (const char *name);
char       *cg_names_identifier    (const char *service,
                                    const char *name,
                                    CgNameKind  kind);
char       *cg_names_camel         (const char *snake);
char       *cg_names_upper         (const char *snake);
char       *cg_names_property      (const char *snake);
char       *cg_names_service_snake (const char *service);

G_END_DECLS
