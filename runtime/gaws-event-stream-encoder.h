/* gaws-event-stream-encoder.h: AWS event stream frames, optionally signed
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include "gaws-credentials.h"
#include "gaws-event-stream-message.h"

G_BEGIN_DECLS

/**
 * GAWS_EVENT_STREAM_PAYLOAD_SIGNED:
 *
 * The payload hash (`X-Amz-Content-Sha256`) of a request whose body is an
 * event stream of frames signed by a #GawsEventStreamEncoder.
 */
#define GAWS_EVENT_STREAM_PAYLOAD_SIGNED "STREAMING-AWS4-HMAC-SHA256-EVENTS"

#define GAWS_TYPE_EVENT_STREAM_ENCODER (gaws_event_stream_encoder_get_type ())
G_DECLARE_FINAL_TYPE (GawsEventStreamEncoder, gaws_event_stream_encoder, GAWS, EVENT_STREAM_ENCODER, GObject)

GawsEventStreamEncoder *gaws_event_stream_encoder_new                 (void);
GawsEventStreamEncoder *gaws_event_stream_encoder_new_signing         (GawsCredentials        *credentials,
                                                                       const char             *region,
                                                                       const char             *service,
                                                                       const char             *seed_signature);

gboolean                gaws_event_stream_encoder_is_signing          (GawsEventStreamEncoder *self);
const char             *gaws_event_stream_encoder_get_prior_signature (GawsEventStreamEncoder *self);

GBytes                 *gaws_event_stream_encoder_encode              (GawsEventStreamEncoder *self,
                                                                       GawsEventStreamMessage *message,
                                                                       GDateTime              *when,
                                                                       GError                **error);
GBytes                 *gaws_event_stream_encoder_encode_end          (GawsEventStreamEncoder *self,
                                                                       GDateTime              *when,
                                                                       GError                **error);

char                   *gaws_event_stream_encoder_compute_signature   (GawsCredentials        *credentials,
                                                                       const char             *region,
                                                                       const char             *service,
                                                                       GDateTime              *when,
                                                                       const char             *prior_signature,
                                                                       GBytes                 *headers,
                                                                       GBytes                 *payload,
                                                                       char                  **out_string_to_sign,
                                                                       GError                **error);

G_END_DECLS
