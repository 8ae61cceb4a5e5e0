/* fuzz-protocol-tables.h: one small service for the protocol fuzz targets
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * A structure with a member of every kind, flattened and wrapped lists and
 * maps, an XML attribute, a recursive member and a sparse list, so that
 * the codecs' readers meet every path the tables can send them down.
 */
#pragma once

#include "gaws-shape-info.h"

static const GawsShapeInfo fuzz_shapes[11];

enum {
  FUZZ_STRING, FUZZ_INTEGER, FUZZ_LONG, FUZZ_BOOLEAN, FUZZ_DOUBLE, FUZZ_TIMESTAMP,
  FUZZ_BLOB, FUZZ_LIST, FUZZ_SPARSE_LIST, FUZZ_MAP, FUZZ_STRUCT,
};

static const GawsMemberInfo fuzz_list_members[] = {
  { .name = "member", .shape = &fuzz_shapes[FUZZ_STRUCT] },
};

static const GawsMemberInfo fuzz_sparse_list_members[] = {
  { .name = "member", .shape = &fuzz_shapes[FUZZ_TIMESTAMP], .location_name = "item" },
};

static const GawsMemberInfo fuzz_map_members[] = {
  { .name = "key", .shape = &fuzz_shapes[FUZZ_STRING] },
  { .name = "value", .shape = &fuzz_shapes[FUZZ_LIST], .location_name = "V" },
};

static const GawsMemberInfo fuzz_struct_members[] = {
  { .name = "s", .shape = &fuzz_shapes[FUZZ_STRING] },
  { .name = "a", .shape = &fuzz_shapes[FUZZ_STRING], .location_name = "xsi:a",
    .flags = GAWS_MEMBER_FLAG_XML_ATTRIBUTE },
  { .name = "i", .shape = &fuzz_shapes[FUZZ_INTEGER] },
  { .name = "l", .shape = &fuzz_shapes[FUZZ_LONG] },
  { .name = "b", .shape = &fuzz_shapes[FUZZ_BOOLEAN] },
  { .name = "d", .shape = &fuzz_shapes[FUZZ_DOUBLE] },
  { .name = "t", .shape = &fuzz_shapes[FUZZ_TIMESTAMP] },
  { .name = "x", .shape = &fuzz_shapes[FUZZ_BLOB] },
  { .name = "list", .shape = &fuzz_shapes[FUZZ_LIST] },
  { .name = "flat", .shape = &fuzz_shapes[FUZZ_SPARSE_LIST], .flags = GAWS_MEMBER_FLAG_FLATTENED },
  { .name = "map", .shape = &fuzz_shapes[FUZZ_MAP] },
  { .name = "flatmap", .shape = &fuzz_shapes[FUZZ_MAP], .flags = GAWS_MEMBER_FLAG_FLATTENED },
  { .name = "next", .shape = &fuzz_shapes[FUZZ_STRUCT] },
  { .name = "Code", .shape = &fuzz_shapes[FUZZ_STRING] },
  { .name = "Message", .shape = &fuzz_shapes[FUZZ_STRING] },
  { .name = "h", .shape = &fuzz_shapes[FUZZ_INTEGER], .location_name = "x-h",
    .location = GAWS_LOCATION_HEADER },
};

static const GawsShapeInfo fuzz_shapes[] = {
  { .name = "S", .kind = GAWS_SHAPE_KIND_STRING, .payload = -1 },
  { .name = "I", .kind = GAWS_SHAPE_KIND_INTEGER, .payload = -1 },
  { .name = "L", .kind = GAWS_SHAPE_KIND_LONG, .payload = -1 },
  { .name = "B", .kind = GAWS_SHAPE_KIND_BOOLEAN, .payload = -1 },
  { .name = "D", .kind = GAWS_SHAPE_KIND_DOUBLE, .payload = -1 },
  { .name = "T", .kind = GAWS_SHAPE_KIND_TIMESTAMP, .payload = -1 },
  { .name = "X", .kind = GAWS_SHAPE_KIND_BLOB, .payload = -1 },
  { .name = "List", .kind = GAWS_SHAPE_KIND_LIST, .members = fuzz_list_members, .n_members = 1, .payload = -1 },
  { .name = "Sparse", .kind = GAWS_SHAPE_KIND_LIST, .members = fuzz_sparse_list_members, .n_members = 1,
    .payload = -1, .flags = GAWS_SHAPE_FLAG_SPARSE },
  { .name = "Map", .kind = GAWS_SHAPE_KIND_MAP, .members = fuzz_map_members, .n_members = 2, .payload = -1,
    .flags = GAWS_SHAPE_FLAG_SPARSE },
  { .name = "Struct", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = fuzz_struct_members,
    .n_members = G_N_ELEMENTS (fuzz_struct_members), .payload = -1, .flags = GAWS_SHAPE_FLAG_EXCEPTION },
};

static const GawsShapeInfo *const fuzz_errors[] = { &fuzz_shapes[FUZZ_STRUCT] };

static const char *const fuzz_protocols[] = { "query", NULL };

static const GawsServiceInfo fuzz_service;

static const GawsOperationInfo fuzz_operations[] = {
  { .service = &fuzz_service, .name = "Op", .http_method = "POST", .request_uri = "/",
    .input = &fuzz_shapes[FUZZ_STRUCT], .output = &fuzz_shapes[FUZZ_STRUCT],
    .result_wrapper = "OpResult", .errors = fuzz_errors, .n_errors = 1 },
};

static const GawsServiceInfo fuzz_service = {
  .name = "fuzz", .protocols = fuzz_protocols, .api_version = "2026-01-01", .service_id = "Fuzz",
  .target_prefix = "Fuzz", .operations = fuzz_operations, .n_operations = 1,
  .shapes = fuzz_shapes, .n_shapes = G_N_ELEMENTS (fuzz_shapes),
};
