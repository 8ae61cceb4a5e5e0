/* gaws-resource-customizations-private.h: boto3's hand-written resource
 * actions (S3 transfers and Bucket.load, DynamoDB Table.batch_writer)
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void gaws_resource_customizations_register (void);

G_END_DECLS
