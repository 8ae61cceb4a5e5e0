m4_include(common.m4)m4_divert(-1)
# umbrella-h.m4: the one header users of a service include.
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

m4_define([g4_service], [g4_remember_service($@)])

g4_include_lean_facts
m4_divert(0)m4_dnl
@>g4_stem.h
g4_banner

#pragma once

#include <gaws.h>

#include "g4_stem-enums.h"
#include "g4_stem-shapes.h"
#include "g4_stem-client.h"
#include "g4_stem-autoptr.h"
