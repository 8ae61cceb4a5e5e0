m4_include(common.m4)m4_divert(-1)
# enums-h.m4: constants for enum values and modelled error codes. Enums
# stay strings (AWS adds values at any time); these name the known ones.
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

m4_define([g4_service], [g4_remember_service($@)m4_divert(0)@>$7-enums.h
g4_banner

#pragma once

#include <glib.h>

G_BEGIN_DECLS
m4_divert(-1)])

m4_define([g4_enum_value], [m4_divert(0)
/**
 * $4:
 *
 * The value `$3` of the enum `$2`.
 */
#define $4 "$3"
m4_divert(-1)])

m4_define([g4_error], [m4_ifelse([$4], [], [], [m4_divert(0)
/**
 * $4:
 *
 * The error code `$3`, for gaws_error_matches_code().
 */
#define $4 "$3"
m4_divert(-1)])])

g4_include_lean_facts
m4_divert(0)m4_dnl

G_END_DECLS
