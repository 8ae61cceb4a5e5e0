m4_include(common.m4)m4_divert(-1)
# autoptr-h.m4: g_autoptr() support for every class of a service. It is
# a header of its own, included by the umbrella header only: defining the
# cleanup functions of thousands of classes costs more to parse than the
# rest of the declarations, and the service's own sources never need them.
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

m4_define([g4_service], [g4_remember_service($@)])
m4_define([g4_class], [m4_divert(1)G_DEFINE_AUTOPTR_CLEANUP_FUNC ($3, g_object_unref)
m4_divert(-1)])

g4_include_lean_facts
m4_divert(0)m4_dnl
@>g4_stem-autoptr.h
g4_banner

#pragma once

#include "g4_stem-shapes.h"
#include "g4_stem-client.h"

G_BEGIN_DECLS

m4_undivert(1)m4_dnl

G_END_DECLS
