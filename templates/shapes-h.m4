m4_include(common.m4)m4_divert(-1)
# shapes-h.m4: the classes of a service's structures and their accessors.
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0
#
# Type names first (diversion 1), since accessors name other classes; then
# each class with its accessors (diversion 2). Documentation lives in the
# .c files, and g_autoptr() support in -autoptr.h (autoptr-h.m4), which
# the service's own sources do not include: both keep this header quick to
# parse, which matters for services with thousands of classes.

m4_define([g4_service], [g4_remember_service($@)])

m4_define([g4_class], [m4_divert(1)typedef struct _$3 $3;
typedef struct _$3Class $3Class;
m4_divert(2)
struct _$3
{
  GawsShape parent_instance;
};

struct _$3Class
{
  GawsShapeClass parent_class;
};

#define $5 ($4_get_type ())
#define $6(obj) (G_TYPE_CHECK_INSTANCE_CAST ((obj), $5, $3))
GType $4_get_type (void) G_GNUC_CONST;
$3 *$4_new (void);
m4_divert(-1)])

m4_define([g4_accessor], [m4_divert(2)$7$3_get_$5 ($4 *self);
void $3_set_$5 ($4 *self, $7value);
m4_ifelse([$10], [1], [gboolean $3_has_$5 ($4 *self);
])m4_divert(-1)])

g4_include_lean_facts
m4_divert(0)m4_dnl
@>g4_stem-shapes.h
g4_banner

#pragma once

#include <gaws.h>

G_BEGIN_DECLS

m4_undivert(1)m4_dnl
m4_undivert(2)m4_dnl

G_END_DECLS
