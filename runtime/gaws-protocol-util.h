/* gaws-protocol-util.h: value formats shared by the protocol codecs
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>
#include "gaws-client.h"
#include "gaws-shape.h"

G_BEGIN_DECLS

char      *gaws_protocol_format_timestamp (GDateTime           *time,
                                           GawsTimestampFormat  format);
GDateTime *gaws_protocol_parse_timestamp  (const char          *text,
                                           GError             **error);
GDateTime *gaws_protocol_timestamp_from_epoch (double           seconds);
double     gaws_protocol_timestamp_to_epoch   (GDateTime       *time);
char      *gaws_protocol_format_double    (double               value);
gboolean   gaws_protocol_parse_double     (const char          *text,
                                           double              *value);
char      *gaws_protocol_new_uuid         (void);
char      *gaws_protocol_new_invocation_id (void);
/* the size of an invocation id with its nul */
#define GAWS_INVOCATION_ID_SIZE 37
void       gaws_protocol_write_invocation_id (char *out);
GawsResolvedConfig *gaws_protocol_client_settings (GawsClient  *client,
                                                   GError     **error);
const GawsResolvedConfig *gaws_protocol_client_settings_peek (GawsClient  *client,
                                                              GError     **error);
char      *gaws_protocol_expand_host_prefix (const GawsOperationInfo  *op,
                                             GawsShape                *input,
                                             GError                  **error);
void       gaws_protocol_take_element     (GawsShape           *shape,
                                           guint                index,
                                           gpointer             element);

G_END_DECLS
