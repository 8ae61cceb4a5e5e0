m4_include(common.m4)m4_divert(-1)
# tables-c.m4: the static const descriptor tables of a service, which the
# runtime interprets: shapes, members, enum values, operations, errors.
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0
#
# One pass over the facts fills five diversions, one per array; the end
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

m4_define([g4_operation_more], [m4_divert(5)m4_ifelse([$2], [], [], [ .input = &g4_func[]__shapes@{$2@},])m4_ifelse([$3], [], [], [ .output = &g4_func[]__shapes@{$3@},])g4_string_field([input_location_name], [$4])g4_string_field([input_xml_namespace_uri], [$5])g4_string_field([result_wrapper], [$6])g4_string_field([host_prefix], [$7])m4_ifelse([$9], [0], [], [ .errors = &operation_errors@{$8@}, .n_errors = $9,]) },
m4_divert(-1)])

m4_define([g4_error], [m4_divert(6)  &g4_func[]__shapes@{$2@},
m4_divert(-1)])

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
};
m4_ifelse(g4_endpoint_rules_symbol, [], [], [
/* endpoint-rule-set-1.json, minified: the runtime evaluates it to find
 * the endpoint, signing region and signing name of a request. */
const char g4_endpoint_rules_symbol@{@} =m4_undivert(7);
])m4_dnl
