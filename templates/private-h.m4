m4_include(common.m4)m4_divert(-1)
# private-h.m4: the tables of a service, as the service's own files see them.
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

m4_define([g4_service], [g4_remember_service($@)])
m4_define([g4_service_meta], [g4_remember([endpoint_rules_symbol], [$11])])
m4_define([g4_service_counts], [g4_remember([n_shapes], [$1])g4_remember([n_operations], [$3])])
m4_define([g4_service_extras], [g4_remember([paginators_symbol], [$1])g4_remember([n_paginators], [$2])g4_remember([waiters_symbol], [$3])g4_remember([n_waiters], [$4])g4_remember([resources_symbol], [$5])])

g4_include_lean_facts
m4_divert(0)m4_dnl
@>g4_stem-private.h
g4_banner

#pragma once

/* Not the umbrella header: the service's own sources need no g_autoptr()
 * support, the costliest part of its headers to parse. */
#include "g4_stem-enums.h"
#include "g4_stem-shapes.h"
#include "g4_stem-client.h"

G_BEGIN_DECLS

G_GNUC_INTERNAL extern const GawsShapeInfo g4_func[]__shapes@{g4_n_shapes@};
G_GNUC_INTERNAL extern const GawsOperationInfo g4_func[]__operations@{g4_n_operations@};
G_GNUC_INTERNAL extern const GawsServiceInfo g4_func[]__service_info;
m4_ifelse(g4_endpoint_rules_symbol, [], [], [G_GNUC_INTERNAL extern const char g4_endpoint_rules_symbol@{@};
])m4_dnl
m4_ifelse(g4_paginators_symbol, [], [], [G_GNUC_INTERNAL extern const GawsPaginatorInfo g4_paginators_symbol@{g4_n_paginators@};
])m4_dnl
m4_ifelse(g4_waiters_symbol, [], [], [G_GNUC_INTERNAL extern const GawsWaiterInfo g4_waiters_symbol@{g4_n_waiters@};
])m4_dnl
m4_ifelse(g4_resources_symbol, [], [], [G_GNUC_INTERNAL extern const char g4_resources_symbol@{@};
])m4_dnl

G_END_DECLS
