m4_include(common.m4)m4_divert(-1)
# tables-c.m4: the static const descriptor tables of a service, which the
# runtime interprets: shapes, members, enum values, operations, errors,
# paginators, waiters, and boto3's resources as JSON text.
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0
#
# One pass over the facts fills diversions, one per array; the end
# of the file puts them in an order where each array is defined before
# the arrays that point into it.

m4_define([g4_service], [g4_remember_service($@)m4_divert(0)@>$7-tables.c
g4_banner

#include "$7-private.h"

m4_divert(-1)])

m4_define([g4_service_meta], [g4_remember([service_id], [$1])g4_remember([endpoint_prefix], [$2])g4_remember([signing_name], [$3])g4_remember([json_version], [$4])g4_remember([target_prefix], [$5])g4_remember([xml_namespace], [$6])g4_remember([service_flags], [$7])g4_remember([endpoint_rules_symbol], [$11])])

# The rule set, as pieces of one C string literal.
m4_define([g4_endpoint_rules], [m4_divert(7)
  "$1"m4_divert(-1)])

m4_define([g4_protocol_list])
m4_define([g4_service_protocol], [m4_define([g4_protocol_list], m4_defn([g4_protocol_list])[ "$1",])])

m4_define([g4_service_counts], [g4_remember([n_shapes], [$1])g4_remember([n_operations], [$3])g4_remember([n_errors], [$4])])

m4_define([g4_shape], [m4_divert(3)  /* $1 */ {g4_string_field([name], [$2]) .kind = $3,m4_ifelse([$5], [0], [], [ .members = &members@{$4@}, .n_members = $5,]) .payload = $6,m4_ifelse([$3], [GAWS_SHAPE_KIND_STRUCTURE], [ .get_type = $7_get_type,], [$3], [GAWS_SHAPE_KIND_UNION], [ .get_type = $7_get_type,])m4_divert(-1)])

m4_define([g4_shape_traits], [m4_divert(3)g4_field([flags], [$2])g4_field([timestamp_format], [$3])g4_field([min], [$4])g4_field([max], [$5])m4_ifelse([$6], [], [], [ .enum_values = &enum_values@{$6@},])g4_string_field([location_name], [$7])g4_string_field([xml_namespace_prefix], [$8])g4_string_field([xml_namespace_uri], [$9])g4_string_field([error_code], [$10])g4_field([error_status], [$11]) },
m4_divert(-1)])

m4_define([g4_member], [m4_divert(1)  /* $1 */ {g4_string_field([name], [$3])g4_string_field([property_name], [$4]) .shape = &g4_func[]__shapes@{$5@},g4_field([location], [$6])g4_field([timestamp_format], [$7])g4_field([flags], [$8])g4_string_field([location_name], [$9])g4_string_field([query_name], [$10])g4_string_field([xml_namespace_prefix], [$11])g4_string_field([xml_namespace_uri], [$12])g4_string_field([context_param], [$13]) },
m4_divert(-1)])

m4_define([g4_enum_value], [m4_divert(2)  "$3",
m4_divert(-1)])
m4_define([g4_enum_end], [m4_divert(2)  NULL,
m4_divert(-1)])

m4_define([g4_operation_error], [m4_divert(4)  &g4_func[]__shapes@{$2@},
m4_divert(-1)])

m4_define([g4_operation], [m4_divert(5)  /* $1 */ { .service = &g4_func[]__service_info,g4_string_field([name], [$2])g4_string_field([http_method], [$4])g4_string_field([request_uri], [$5])m4_ifelse([$6], [0], [], [ .response_code = $6,])g4_field([flags], [$7])m4_divert(-1)])

# The httpChecksum members of an operation (index, algorithm member,
# validation mode member), in the middle of its row.
m4_define([g4_operation_checksum], [m4_divert(5)g4_string_field([request_algorithm_member], [$2])g4_string_field([request_validation_mode_member], [$3])m4_divert(-1)])
m4_define([g4_operation_more], [m4_divert(5)m4_ifelse([$2], [], [], [ .input = &g4_func[]__shapes@{$2@},])m4_ifelse([$3], [], [], [ .output = &g4_func[]__shapes@{$3@},])g4_string_field([input_location_name], [$4])g4_string_field([input_xml_namespace_uri], [$5])g4_string_field([result_wrapper], [$6])g4_string_field([host_prefix], [$7])m4_ifelse([$9], [0], [], [ .errors = &operation_errors@{$8@}, .n_errors = $9,]) },
m4_divert(-1)])

m4_define([g4_error], [m4_divert(6)  &g4_func[]__shapes@{$2@},
m4_divert(-1)])

m4_define([g4_service_extras], [g4_remember([paginators_symbol], [$1])g4_remember([n_paginators], [$2])g4_remember([waiters_symbol], [$3])g4_remember([n_waiters], [$4])g4_remember([resources_symbol], [$5])])

# The token and key lists of all paginators, each ending in NULL.
m4_define([g4_paginator_string], [m4_divert(8)  "$2",
m4_divert(-1)])
m4_define([g4_paginator_strings_end], [m4_divert(8)  NULL,
m4_divert(-1)])

m4_define([g4_paginator], [m4_divert(9)  /* $1 */ { .operation = &g4_func[]__operations@{$2@},g4_string_field([python_name], [$5]) .input_tokens = &paginator_strings@{$6@}, .output_tokens = &paginator_strings@{$7@},g4_string_field([more_results], [$8])g4_string_field([limit_key], [$9])m4_ifelse([$10], [], [], [ .result_keys = &paginator_strings@{$10@},])m4_ifelse([$11], [], [], [ .non_aggregate_keys = &paginator_strings@{$11@},]) },
m4_divert(-1)])

m4_define([g4_waiter_acceptor], [m4_divert(10)  /* $1 */ { .state = $2, .matcher = $3,g4_string_field([argument], [$4])g4_string_field([expected], [$5]) },
m4_divert(-1)])

m4_define([g4_waiter], [m4_divert(11)  /* $1 */ {g4_string_field([name], [$2])g4_string_field([python_name], [$3]) .operation = &g4_func[]__operations@{$5@}, .delay = $7, .max_attempts = $8, .acceptors = &waiter_acceptors@{$9@}, .n_acceptors = $10 },
m4_divert(-1)])

# boto3's resources-1.json, as pieces of one C string literal.
m4_define([g4_resources], [m4_divert(12)
  "$1"m4_divert(-1)])

g4_include_lean_facts
m4_divert(0)m4_dnl
static const GawsMemberInfo members@{@} = {
m4_undivert(1)m4_dnl
  { .name = NULL },
};

G_GNUC_UNUSED static const char *const enum_values@{@} = {
m4_undivert(2)m4_dnl
  NULL,
};

const GawsShapeInfo g4_func[]__shapes@{g4_n_shapes@} = {
m4_undivert(3)m4_dnl
};

G_GNUC_UNUSED static const GawsShapeInfo *const operation_errors@{@} = {
m4_undivert(4)m4_dnl
  NULL,
};

const GawsOperationInfo g4_func[]__operations@{g4_n_operations@} = {
m4_undivert(5)m4_dnl
};

static const GawsShapeInfo *const errors@{@} = {
m4_undivert(6)m4_dnl
  NULL,
};

m4_ifelse(g4_paginators_symbol, [], [], [static const char *const paginator_strings@{@} = {
m4_undivert(8)m4_dnl
};

const GawsPaginatorInfo g4_paginators_symbol@{g4_n_paginators@} = {
m4_undivert(9)m4_dnl
};

])m4_dnl
m4_ifelse(g4_waiters_symbol, [], [], [static const GawsWaiterAcceptorInfo waiter_acceptors@{@} = {
m4_undivert(10)m4_dnl
};

const GawsWaiterInfo g4_waiters_symbol@{g4_n_waiters@} = {
m4_undivert(11)m4_dnl
};

])m4_dnl
static const char *const protocols@{@} = {g4_protocol_list NULL };

const GawsServiceInfo g4_func[]__service_info = {
  .name = "g4_name",
  .protocols = protocols,
g4_line_string_field([api_version], g4_api_version)m4_dnl
g4_line_string_field([service_id], g4_service_id)m4_dnl
g4_line_string_field([endpoint_prefix], g4_endpoint_prefix)m4_dnl
g4_line_string_field([signing_name], g4_signing_name)m4_dnl
g4_line_string_field([json_version], g4_json_version)m4_dnl
g4_line_string_field([target_prefix], g4_target_prefix)m4_dnl
g4_line_string_field([xml_namespace], g4_xml_namespace)m4_dnl
g4_line_field([flags], g4_service_flags)m4_dnl
  .operations = g4_func[]__operations,
  .n_operations = g4_n_operations,
  .shapes = g4_func[]__shapes,
  .n_shapes = g4_n_shapes,
  .errors = errors,
  .n_errors = g4_n_errors,
m4_ifelse(g4_paginators_symbol, [], [], [  .paginators = g4_paginators_symbol,
  .n_paginators = g4_n_paginators,
])m4_dnl
m4_ifelse(g4_waiters_symbol, [], [], [  .waiters = g4_waiters_symbol,
  .n_waiters = g4_n_waiters,
])m4_dnl
g4_line_field([resources_json], g4_resources_symbol)m4_dnl
};
m4_ifelse(g4_endpoint_rules_symbol, [], [], [
/* endpoint-rule-set-1.json, minified: the runtime evaluates it to find
 * the endpoint, signing region and signing name of a request. */
const char g4_endpoint_rules_symbol@{@} =m4_undivert(7);
])m4_dnl
m4_ifelse(g4_resources_symbol, [], [], [
/* boto3's resources-1.json, minified: what the service's resources are
 * made of (identifiers, actions, collections, waiters). */
const char g4_resources_symbol@{@} =m4_undivert(12);
])m4_dnl
