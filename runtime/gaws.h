/* gaws.h: the umbrella header of libgaws, the gaws runtime
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-error.h"
#include "gaws-http-headers.h"
#include "gaws-http-request.h"
#include "gaws-http-response.h"
#include "gaws-http-body-stream.h"
#include "gaws-http-engine.h"
#include "gaws-credentials.h"
#include "gaws-credentials-provider.h"
#include "gaws-static-credentials-provider.h"
#include "gaws-env-credentials-provider.h"
#include "gaws-profile-credentials-provider.h"
#include "gaws-process-credentials-provider.h"
#include "gaws-chain-credentials-provider.h"
#include "gaws-config-file.h"
#include "gaws-session.h"
#include "gaws-client-config.h"
#include "gaws-sigv4-signer.h"
#include "gaws-rate-limiter.h"
#include "gaws-retry-strategy.h"
#include "gaws-service-error.h"
#include "gaws-client.h"
#include "gaws-shape-info.h"
#include "gaws-shape.h"
#include "gaws-operation.h"
#include "gaws-event-stream-message.h"
#include "gaws-event-stream-decoder.h"
#include "gaws-event-stream-reader.h"
#include "gaws-event-stream-encoder.h"
#include "gaws-jmespath.h"
