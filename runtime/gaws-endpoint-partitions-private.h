/* gaws-endpoint-partitions-private.h: the embedded partitions.json
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

/* models/partitions.json as shipped by botocore, for aws.partition. */
extern const char gaws_endpoint_partitions_json[];
