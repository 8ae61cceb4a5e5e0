m4_include(common.m4)m4_divert(-1)
# unity-c.m4: every source of a service as one translation unit. A build
# that generates a service while it builds (meson's extra_services) must
# name its outputs before the generator has run, and the number of
# gaws-<service>-shapes-N.c files depends on the model: this file's name
# does not. The committed services compile their files one by one instead.
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

m4_define([g4_service], [g4_remember_service($@)])
m4_define([g4_chunk], [m4_divert(1)#include "$2"
m4_divert(-1)])

g4_include_lean_facts
m4_divert(0)m4_dnl
@>g4_stem-unity.c
g4_banner

#include "g4_stem-client.c"
#include "g4_stem-tables.c"
m4_undivert(1)m4_dnl
