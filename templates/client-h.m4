m4_include(common.m4)m4_divert(-1)
# client-h.m4: the client class of a service, one _async, _finish and
# _sync function per operation, and a constructor per paginator and waiter.
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

m4_define([g4_service], [g4_remember_service($@)m4_divert(0)@>$7-client.h
g4_banner

#pragma once

#include <gaws.h>
#include "$7-shapes.h"

G_BEGIN_DECLS

#define $4_TYPE_CLIENT ($2_client_get_type ())
G_DECLARE_FINAL_TYPE ($3Client, $2_client, $4, CLIENT, GawsClient)

$3Client *$2_client_new (GawsSession *session, GawsClientConfig *config);
const GawsServiceInfo *$2_get_service_info (void);
m4_divert(-1)])

m4_define([g4_operation], [m4_divert(0)
void g4_func[]_client_$3_async (g4_camel[]Client *self,m4_ifelse([$8], [], [], [ $8 *input,]) GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
m4_ifelse([$9], [], [gboolean ], [$9 *])g4_func[]_client_$3_finish (g4_camel[]Client *self, GAsyncResult *result, GError **error);
m4_ifelse([$9], [], [gboolean ], [$9 *])g4_func[]_client_$3_sync (g4_camel[]Client *self,m4_ifelse([$8], [], [], [ $8 *input,]) GCancellable *cancellable, GError **error);
m4_divert(-1)])

# A blank line before the first paginator and the first waiter.
m4_define([g4_paginator], [m4_divert(0)m4_ifdef([g4_seen_paginator], [], [m4_define([g4_seen_paginator])
])GawsPaginator *g4_func[]_client_get_paginator_$4 (g4_camel[]Client *self[]m4_ifelse([$12], [], [], [, $12 *input]));
m4_divert(-1)])

m4_define([g4_waiter], [m4_divert(0)m4_ifdef([g4_seen_waiter], [], [m4_define([g4_seen_waiter])
])GawsWaiter *g4_func[]_client_get_waiter_$4 (g4_camel[]Client *self);
m4_divert(-1)])

g4_include_lean_facts
m4_divert(0)m4_dnl

G_END_DECLS
